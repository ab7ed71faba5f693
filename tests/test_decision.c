/* tests/test_decision.c: the decision curve (analysis/decision.h). Known answers on
 * tests/data/decision-region.yaml, whose curve has closed forms (the file's comment
 * derives them), each point within four standard errors of a binomial proportion with
 * a fixed seed; common random numbers (the plan's own wait reproduces the plan's run
 * exactly, fixed or distributed); the findings; and a plan without a wait. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/decision.h"
#include "models/jsonio.h"
#include "models/load.h"
#include "sim/mc.h"
#include "tests/fixture.h"

#define SEED UINT64_C(0xdec1510c0ffee001)
#define TRIALS 20000u
#define HOUR 3600.0
#define PLAN_FILE "tests/data/decision-region.yaml"

/* The closed forms of decision-region.yaml at wait w: outage U(0, L), failover F = w + 2h,
 * RTO target T, RPO target R, copies every C. */
#define L_S (10 * HOUR)
#define T_S (4.5 * HOUR)
#define R_S (1 * HOUR)
#define C_S (6 * HOUR)

static double failover_share(double w)
{
    double f = w + 2 * HOUR;
    return f >= L_S ? 0.0 : 1.0 - f / L_S;
}
static double p_rto(double w)
{
    return w + 2 * HOUR <= T_S ? 1.0 : T_S / L_S;
}
static double p_rpo(double w)
{
    double q = failover_share(w);
    return (1.0 - q) + q * R_S / C_S;
}
static double p_both(double w)
{
    return w + 2 * HOUR <= T_S ? p_rpo(w) : T_S / L_S;
}

/* Within four standard errors of a binomial proportion p over n trials. */
static void near(double got, double p, uint64_t n, const char *what, double w)
{
    double tol = 4.0 * sqrt(p * (1.0 - p) / (double)n) + 1e-12;
    cr_expect(fabs(got - p) <= tol, "%s at wait %gh: %.5f, closed form %.5f (tolerance %.5f)",
              what, w / HOUR, got, p, tol);
}

/* The plan file with `from` replaced by `to` (once), loaded; *text is the new text. */
static struct plan *load_variant(const char *from, const char *to, char **text, size_t *len)
{
    size_t n;
    char *src = fixture_slurp(PLAN_FILE, &n);
    cr_assert_not_null(src);
    char *at = strstr(src, from);
    cr_assert_not_null(at, "%s not in %s", from, PLAN_FILE);
    size_t a = (size_t)(at - src), fl = strlen(from), tl = strlen(to);
    char *t = malloc(n - fl + tl + 1);
    cr_assert_not_null(t);
    memcpy(t, src, a);
    memcpy(t + a, to, tl);
    memcpy(t + a + tl, at + fl, n - a - fl);
    t[n - fl + tl] = '\0';
    free(src);
    struct diag_list d;
    struct plan *p = NULL;
    diag_init(&d, PLAN_FILE, t, n - fl + tl);
    enum load_status ls = load_plan_text(PLAN_FILE, t, n - fl + tl, &d, &p);
    if (ls != LOAD_OK)
        diag_print(&d, stderr);
    cr_assert_eq(ls, LOAD_OK);
    diag_fini(&d);
    *text = t;
    *len = n - fl + tl;
    return p;
}

static struct decision_results *curve_of(const struct plan *p, const char *text, size_t len,
                                         int threads)
{
    struct decision_options o = {TRIALS, SEED, threads, NULL, NULL};
    struct decision_results *r = NULL;
    char msg[512];
    enum decision_status st = decision_run(p, PLAN_FILE, text, len, &o, &r, msg, sizeof msg);
    cr_assert_eq(st, DECISION_OK, "%s: %s", decision_strerror(st), msg);
    cr_assert_not_null(r);
    return r;
}

/* The same numbers, bit for bit. */
static void same_point(const struct decision_point *pt, const struct mc_scenario_result *sr)
{
    cr_expect_eq(pt->n_trials, sr->n_trials);
    cr_expect_eq(pt->rto_obj.n_met, sr->rto_obj.n_met);
    cr_expect_eq(pt->rpo_obj.n_met, sr->rpo_obj.n_met);
    cr_expect_eq(memcmp(&pt->rto_obj, &sr->rto_obj, sizeof pt->rto_obj), 0);
    cr_expect_eq(memcmp(&pt->rpo_obj, &sr->rpo_obj, sizeof pt->rpo_obj), 0);
    cr_expect_eq(pt->n_failed_over, sr->outcomes[MC_OUTCOME_FAILED_OVER].n);
    cr_expect_eq(pt->n_meet_both, pt->rto_obj.has_target ? sr->n_trials - sr->n_breach : 0);
}

Test(decision, known_answers_at_every_wait)
{
    char *text;
    size_t len;
    struct plan *p = load_variant("outage_lasted: 4h", "outage_lasted: 4h", &text, &len);
    struct decision_results *r = curve_of(p, text, len, 2);
    cr_assert_eq(r->n_curves, 1);
    const struct decision_curve *c = &r->curves[0];
    cr_assert_eq(c->scenario, 0);
    /* 4h is on the grid: one run per grid wait, the plan's own among them. */
    cr_assert_eq(c->n_points, DECISION_GRID_N);
    cr_assert_eq(r->n_runs, DECISION_GRID_N);
    for (int i = 0; i < c->n_points; i++) {
        const struct decision_point *pt = &c->points[i];
        double w = DECISION_GRID_S[i];
        cr_assert_eq(pt->wait_s, w);
        cr_assert_eq(pt->n_trials, TRIALS);
        near(pt->failover_share, failover_share(w), TRIALS, "failover share", w);
        near(pt->rto_obj.p_met, p_rto(w), TRIALS, "P(meet RTO)", w);
        near(pt->rpo_obj.p_met, p_rpo(w), TRIALS, "P(meet RPO)", w);
        near(pt->p_meet_both, p_both(w), TRIALS, "P(meet both)", w);
        cr_expect(pt->rto_obj.ci_lo <= pt->rto_obj.p_met && pt->rto_obj.p_met <= pt->rto_obj.ci_hi);
        cr_expect(pt->failover_ci_lo <= pt->failover_share &&
                  pt->failover_share <= pt->failover_ci_hi);
        cr_expect_eq(pt->is_plan, w == 4 * HOUR);
        cr_expect_eq(pt->is_median, 0);
    }
    cr_expect_eq(c->plan_point, 5);
    cr_expect_eq(c->points[c->plan_point].wait_s, 4 * HOUR);
    decision_results_free(r);
    plan_free(p);
    free(text);
}

/* Common random numbers: the plan's own fixed wait is exactly the plan's run, and every
 * wait replays the same outages: trials that end in place before any go (the outage
 * shorter than every failover) are the same at every wait, so RTO is met at the
 * constant rate T/L wherever the failover ends past the target. */
Test(decision, plan_wait_reproduces_the_plan_run)
{
    char *text;
    size_t len;
    struct plan *p = load_variant("outage_lasted: 4h", "outage_lasted: 5h", &text, &len);
    struct decision_results *r = curve_of(p, text, len, 2);
    const struct decision_curve *c = &r->curves[0];
    /* 5h is not on the grid: it is a point of its own. */
    cr_assert_eq(c->n_points, DECISION_GRID_N + 1);
    cr_assert_geq(c->plan_point, 0);
    cr_assert_eq(c->points[c->plan_point].wait_s, 5 * HOUR);
    cr_assert_eq(c->points[c->plan_point].is_plan, 1);
    for (int i = 1; i < c->n_points; i++)
        cr_assert_lt(c->points[i - 1].wait_s, c->points[i].wait_s);

    struct mc_results *run = NULL;
    cr_assert_eq(mc_run(p, TRIALS, SEED, 1, NULL, NULL, &run), MC_OK);
    same_point(&c->points[c->plan_point], &run->scenarios[0]);
    same_point(&c->plan, &run->scenarios[0]);
    /* Past the target, every wait meets RTO in exactly the same trials. */
    uint64_t n_met = 0;
    for (int i = 0; i < c->n_points; i++)
        if (c->points[i].wait_s + 2 * HOUR > T_S) {
            if (n_met == 0)
                n_met = c->points[i].rto_obj.n_met;
            cr_expect_eq(c->points[i].rto_obj.n_met, n_met, "wait %gh",
                         c->points[i].wait_s / HOUR);
        }
    mc_results_free(run);
    decision_results_free(r);
    plan_free(p);
    free(text);
}

/* A distributed wait: the plan as written is its own point, at the median, apart from the
 * curve of fixed waits; again exactly the plan's run, whatever the thread count. */
Test(decision, distributed_wait_is_the_plan_at_its_median)
{
    char *text;
    size_t len;
    struct plan *p = load_variant("outage_lasted: 4h",
                                  "outage_lasted: {dist: uniform, min: 1h, max: 5h}", &text, &len);
    struct decision_results *r = curve_of(p, text, len, 1);
    const struct decision_curve *c = &r->curves[0];
    cr_assert_eq(c->n_points, DECISION_GRID_N);
    cr_assert_eq(c->plan_point, -1);
    cr_assert_eq(r->n_runs, DECISION_GRID_N + 1);
    cr_assert_eq(c->plan.is_plan, 1);
    cr_assert_eq(c->plan.is_median, 1);
    cr_assert_float_eq(c->plan.wait_s, 3 * HOUR, 1e-9);
    for (int i = 0; i < c->n_points; i++)
        cr_expect_eq(c->points[i].is_plan, 0);
    struct mc_results *run = NULL;
    cr_assert_eq(mc_run(p, TRIALS, SEED, 2, NULL, NULL, &run), MC_OK);
    same_point(&c->plan, &run->scenarios[0]);
    /* The grid's points are fixed waits: the same as with the plan's fixed 4h. */
    char *t2;
    size_t l2;
    struct plan *p2 = load_variant("outage_lasted: 4h", "outage_lasted: 4h", &t2, &l2);
    struct decision_results *r2 = curve_of(p2, t2, l2, 2);
    for (int i = 0; i < c->n_points; i++) {
        cr_expect_eq(c->points[i].rto_obj.n_met, r2->curves[0].points[i].rto_obj.n_met);
        cr_expect_eq(c->points[i].rpo_obj.n_met, r2->curves[0].points[i].rpo_obj.n_met);
        cr_expect_eq(c->points[i].n_failed_over, r2->curves[0].points[i].n_failed_over);
    }
    cr_expect(strstr(c->finding, "median 3h") != NULL, "%s", c->finding);
    decision_results_free(r2);
    plan_free(p2);
    free(t2);
    mc_results_free(run);
    decision_results_free(r);
    plan_free(p);
    free(text);
}

/* The findings: RTO at 95 % needs F <= 4h30m (waits up to 2h); RPO at 95 % needs a failover
 * share q with 1 - 5q/6 >= 0.95, q <= 0.06, F >= 9.4h (waits from 8h): no wait meets
 * both, and the chance of meeting both is highest at the longest wait that still meets
 * RTO (2h: P(both) = P(RPO) = 1 - 5/6 * 0.6 = 0.5, against 0.45 past it). */
Test(decision, findings)
{
    char *text;
    size_t len;
    struct plan *p = load_variant("outage_lasted: 4h", "outage_lasted: 4h", &text, &len);
    struct decision_results *r = curve_of(p, text, len, 2);
    const struct decision_curve *c = &r->curves[0];
    cr_assert_eq(c->has_policy, 1);
    cr_expect_eq(c->n_meet_both, 0);
    cr_expect_eq(c->first_meet_both, -1);
    cr_expect_eq(c->points[c->last_rto_met].wait_s, 2 * HOUR);
    cr_expect_eq(c->points[c->first_rpo_met].wait_s, 8 * HOUR);
    cr_expect_eq(c->points[c->best].wait_s, 2 * HOUR);
    cr_expect(strstr(c->finding, "No wait meets both RTO and RPO at the required 95%: RTO is "
                                 "met with waits up to 2h, RPO only with waits from 8h on.") !=
                  NULL,
              "%s", c->finding);
    cr_expect(strstr(c->finding, "highest with a wait of 2h") != NULL, "%s", c->finding);
    cr_expect(strstr(c->finding, "The plan's wait of 4h gives") != NULL, "%s", c->finding);

    /* A curve where a run of waits meets both: mark them by hand. */
    struct decision_curve k = *c;
    for (int i = 0; i < k.n_points; i++) {
        k.points[i].rto_obj.verdict = i >= 2 && i <= 4 ? MC_VERDICT_MEETS : MC_VERDICT_BREACH;
        k.points[i].rpo_obj.verdict = i >= 1 && i <= 6 ? MC_VERDICT_MEETS : MC_VERDICT_BREACH;
    }
    decision_analyze(&k, 0.95);
    cr_expect_eq(k.n_meet_both, 3);
    cr_expect_eq(k.first_meet_both, 2);
    cr_expect_eq(k.last_meet_both, 4);
    cr_expect(strstr(k.finding, "Waits from 1h to 3h before failing over meet both") != NULL, "%s",
              k.finding);
    /* Not a run of waits: listed. */
    k.points[3].rpo_obj.verdict = MC_VERDICT_BREACH;
    decision_analyze(&k, 0.95);
    cr_expect(strstr(k.finding, "Waits that meet both RTO and RPO at the required 95%: 1h, 3h.") !=
                  NULL,
              "%s", k.finding);
    /* Neither objective met at any wait. */
    for (int i = 0; i < k.n_points; i++)
        k.points[i].rto_obj.verdict = k.points[i].rpo_obj.verdict = MC_VERDICT_AT_RISK;
    decision_analyze(&k, 0.95);
    cr_expect(strstr(k.finding, "No wait meets both RTO and RPO at the required 95%: none meets "
                                "the RTO, and none meets the RPO.") != NULL,
              "%s", k.finding);
    decision_results_free(r);
    plan_free(p);
    free(text);
}

/* No scenario waits: no curve, no run. */
Test(decision, plan_without_a_wait_has_no_curve)
{
    char *text;
    size_t len;
    struct plan *p = load_variant("      go_when: {outage_lasted: 4h}\n", "", &text, &len);
    cr_assert_eq(decision_count(p), 0);
    struct decision_results *r = curve_of(p, text, len, 2);
    cr_expect_eq(r->n_curves, 0);
    cr_expect_eq(r->n_runs, 0);
    cr_expect_null(decision_curve_of(r, 0));
    decision_results_free(r);
    plan_free(p);
    free(text);
}

/* `drsim run` on a plan with a wait: summary.json's scenarios[].decision_curve (the plan's
 * point the run's own figures, since the run's trials are within the curve's), the chart
 * files, the review pack's page and the workbook's sheet; --no-decision-curve leaves all
 * of them out. */
Test(decision, run_writes_the_curve_everywhere)
{
    char dir[64], args[512], path[192], *out;
    fixture_tmpdir(dir, "decision-run");
    snprintf(args, sizeof args, "run %s -n 3000 -q -o %s", PLAN_FILE, dir);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    cr_expect(strstr(out, "decision curve of region (13 waits, 3000 trials each): No wait meets "
                          "both") != NULL,
              "%s", out);
    free(out);
    snprintf(path, sizeof path, "%s/summary.json", dir);
    struct jsonio_doc *doc = fixture_json(path);
    const struct jsonio_value *sc = fixture_json_at(jsonio_root(doc), "scenarios[0]");
    const struct jsonio_value *dc = fixture_json_at(sc, "decision_curve");
    cr_assert_not_null(dc);
    cr_assert_eq(jsonio_length(dc), DECISION_GRID_N);
    int seen_plan = 0;
    for (int i = 0; i < DECISION_GRID_N; i++) {
        char at[32];
        snprintf(at, sizeof at, "decision_curve[%d]", i);
        const struct jsonio_value *pt = fixture_json_at(sc, at);
        cr_assert_eq(fixture_json_num(pt, "wait_s"), DECISION_GRID_S[i]);
        double p = fixture_json_num(pt, "p_meet_rto");
        cr_expect(fixture_json_num(pt, "rto_ci95_lo") <= p && p <= fixture_json_num(pt, "rto_ci95_hi"));
        cr_expect(fixture_json_num(pt, "failover_share") >= 0);
        int is_plan = 0;
        cr_assert_eq(jsonio_get_bool(fixture_json_at(pt, "plan"), &is_plan), 0);
        if (is_plan) {
            seen_plan++;
            cr_expect_eq(fixture_json_num(pt, "wait_s"), 4 * HOUR);
            cr_expect_eq(p, fixture_json_num(sc, "rto_objective.p_met"));
            cr_expect_eq(fixture_json_num(pt, "p_meet_rpo"), fixture_json_num(sc, "rpo_objective.p_met"));
            cr_expect_eq(fixture_json_num(pt, "failover_share"),
                         fixture_json_num(sc, "outcomes.failed_over.share"));
        }
    }
    cr_expect_eq(seen_plan, 1);
    jsonio_free(doc);
    static const char *const ext[3] = {"png", "svg", "pdf"};
    for (int f = 0; f < 3; f++) {
        snprintf(path, sizeof path, "%s/charts/region-decision-curve.%s", dir, ext[f]);
        cr_expect_eq(access(path, F_OK), 0, "%s missing", path);
    }
    snprintf(args, sizeof args,
             "pdftotext %s/decision-region-review-pack.pdf - | grep -c 'What the curve shows'", dir);
    cr_assert_eq(fixture_shell(args, &out), 0);
    cr_expect_eq(atoi(out), 1, "%s", out);
    free(out);
    /* The sheet as an auditor's tools read it, row by row against summary.json. */
    snprintf(args, sizeof args,
             "/usr/bin/python3 tests/check_workbook.py %s/decision-region-dr-review.xlsx "
             "%s/summary.json 2>&1",
             dir, dir);
    int st = fixture_shell(args, &out);
    cr_expect_eq(st, 0, "check_workbook.py failed (status %d):\n%s", st, out);
    cr_expect(strstr(out, "ok") != NULL, "%s", out);
    free(out);

    /* --no-decision-curve: none of it. */
    snprintf(args, sizeof args, "run %s -n 3000 -q -o %s --no-decision-curve", PLAN_FILE, dir);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    cr_expect(strstr(out, "decision curve") == NULL, "%s", out);
    free(out);
    snprintf(path, sizeof path, "%s/summary.json", dir);
    char *json = fixture_slurp(path, NULL);
    cr_expect(strstr(json, "decision_curve") == NULL);
    free(json);
    snprintf(path, sizeof path, "%s/charts/region-decision-curve.png", dir);
    cr_expect_neq(access(path, F_OK), 0, "%s left", path);
    fixture_rm_rf(dir);
}

/* A plan without a wait: no curve anywhere, the same files as with --no-decision-curve. */
Test(decision, run_without_a_wait_writes_no_curve)
{
    char dir[64], args[512], path[192], *out;
    fixture_tmpdir(dir, "decision-none");
    snprintf(args, sizeof args, "run tests/data/breach.yaml -n 2000 -q -o %s", dir);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    cr_expect(strstr(out, "decision curve") == NULL, "%s", out);
    free(out);
    snprintf(path, sizeof path, "%s/summary.json", dir);
    char *json = fixture_slurp(path, NULL);
    cr_expect(strstr(json, "decision_curve") == NULL);
    free(json);
    snprintf(args, sizeof args, "ls %s/charts | grep -c decision-curve", dir);
    cr_assert_neq(fixture_shell(args, &out), 0);
    free(out);
    snprintf(args, sizeof args, "unzip -p %s/breach-dr-review.xlsx xl/workbook.xml | grep -c 'Decision curve'", dir);
    cr_assert_neq(fixture_shell(args, &out), 0);
    free(out);
    fixture_rm_rf(dir);
}

/* A wait the curve cannot vary (its value carries an anchor other values may share): the
 * run stands, without a curve, and says why. */
Test(decision, run_with_an_anchored_wait_warns_and_goes_on)
{
    char dir[64], args[768], path[192], *out;
    fixture_tmpdir(dir, "decision-anchor");
    snprintf(args, sizeof args,
             "sed 's/go_when: {outage_lasted: 4h}/go_when: {outage_lasted: \\&w "
             "{dist: uniform, min: 1h, max: 5h}}/' %s > %s/plan.yaml && %s run %s/plan.yaml "
             "-n 1000 -q -o %s --no-charts --no-workbook 2>&1",
             PLAN_FILE, dir, fixture_bin(), dir, dir);
    cr_assert_eq(fixture_shell(args, &out), 0, "%s", out);
    cr_expect(strstr(out, "drsim: warning: no decision curve: the plan with a wait of 0s before "
                          "failing over: cannot edit "
                          "'scenarios.region.activation.go_when.outage_lasted'") != NULL,
              "%s", out);
    free(out);
    snprintf(path, sizeof path, "%s/summary.json", dir);
    char *json = fixture_slurp(path, NULL);
    cr_assert_not_null(json);
    cr_expect(strstr(json, "decision_curve") == NULL);
    free(json);
    fixture_rm_rf(dir);
}

/* Two scenarios with waits in one plan: one run per wait sets both; the first's own
 * wait off the grid (5h) is a point of its curve only; the second writes a distribution
 * (the plan as written, one more run) and has no policy (only the failover share). */
Test(decision, two_scenarios_share_the_runs)
{
    static const char second[] =
        "  region2:\n"
        "    destroys: region\n"
        "    per_year: 1\n"
        "    duration: {dist: uniform, min: 0s, max: 10h}\n"
        "    service_restored_by: failover\n"
        "    activation:\n"
        "      decided_by: decide\n"
        "      go_when: {outage_lasted: {dist: uniform, min: 1h, max: 5h}}\n"
        "    runbook:\n"
        "      decide: {duration: 0s}\n"
        "      failover: {needs: [ops], duration: 2h, after: [decide]}\n";
    char *text, *t2;
    size_t len;
    struct plan *p0 = load_variant("outage_lasted: 4h", "outage_lasted: 5h", &text, &len);
    plan_free(p0);
    t2 = malloc(len + sizeof second);
    cr_assert_not_null(t2);
    memcpy(t2, text, len);
    memcpy(t2 + len, second, sizeof second);
    free(text);
    len += sizeof second - 1;
    struct diag_list d;
    struct plan *p = NULL;
    diag_init(&d, PLAN_FILE, t2, len);
    cr_assert_eq(load_plan_text(PLAN_FILE, t2, len, &d, &p), LOAD_OK);
    diag_fini(&d);
    cr_assert_eq(decision_count(p), 2);

    struct decision_results *r = curve_of(p, t2, len, 2);
    cr_assert_eq(r->n_curves, 2);
    cr_expect_eq(r->n_runs, DECISION_GRID_N + 2, "the grid, 5h and the plan as written");
    const struct decision_curve *a = decision_curve_of(r, 0), *b = decision_curve_of(r, 1);
    cr_assert(a && b);
    cr_expect_eq(a->n_points, DECISION_GRID_N + 1);
    cr_expect_eq(a->points[a->plan_point].wait_s, 5 * HOUR);
    cr_expect_eq(b->n_points, DECISION_GRID_N);
    cr_expect_eq(b->plan_point, -1);
    cr_expect_eq(b->plan.is_median, 1);
    cr_expect_eq(b->has_policy, 0);
    cr_expect_eq(b->best, -1);
    cr_expect(strncmp(b->finding, "The scenario has no RTO and RPO targets", 39) == 0, "%s",
              b->finding);
    cr_expect(strstr(b->finding, "The plan's wait (a distribution with median 3h) fails over in") !=
                  NULL,
              "%s", b->finding);
    for (int i = 0; i < b->n_points; i++) {
        cr_expect_eq(b->points[i].wait_s, DECISION_GRID_S[i]);
        near(b->points[i].failover_share, failover_share(DECISION_GRID_S[i]), TRIALS,
             "region2 failover share", DECISION_GRID_S[i]);
    }
    struct mc_results *run = NULL;
    cr_assert_eq(mc_run(p, TRIALS, SEED, 2, NULL, NULL, &run), MC_OK);
    same_point(&a->plan, &run->scenarios[0]);
    same_point(&b->plan, &run->scenarios[1]);
    mc_results_free(run);
    decision_results_free(r);
    plan_free(p);
    free(t2);
}

/* A plan that writes `never`: its point (exactly the plan's run: it never fails over on the
 * wait, so RPO is met in every trial and RTO in those that end by the target) is off the
 * curve of fixed waits. */
Test(decision, never_is_the_plan_off_the_curve)
{
    char *text;
    size_t len;
    struct plan *p = load_variant("outage_lasted: 4h", "outage_lasted: never", &text, &len);
    struct decision_results *r = curve_of(p, text, len, 2);
    const struct decision_curve *c = &r->curves[0];
    cr_assert_eq(c->n_points, DECISION_GRID_N);
    cr_assert_eq(c->plan_point, -1);
    cr_assert_eq(r->n_runs, DECISION_GRID_N + 1);
    cr_expect_eq(c->plan.is_plan, 1);
    cr_expect_eq(c->plan.is_median, 0);
    cr_expect(isinf(c->plan.wait_s));
    cr_expect_eq(c->plan.n_failed_over, 0);
    cr_expect_eq(c->plan.rpo_obj.p_met, 1.0);
    near(c->plan.rto_obj.p_met, T_S / L_S, TRIALS, "P(meet RTO), never", INFINITY);
    struct mc_results *run = NULL;
    cr_assert_eq(mc_run(p, TRIALS, SEED, 2, NULL, NULL, &run), MC_OK);
    same_point(&c->plan, &run->scenarios[0]);
    cr_expect(strstr(c->finding, "The plan's wait (never: the outage's end alone) gives") != NULL,
              "%s", c->finding);
    mc_results_free(run);
    decision_results_free(r);
    plan_free(p);
    free(text);
}
