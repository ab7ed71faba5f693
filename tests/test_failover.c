/* tests/test_failover.c: known answers for the decision to fail over, the point of no
 * return, abandonment and the primary's return (sim/trial.h). Plans are plan text
 * loaded by the real loader; shares are checked against their closed forms within four
 * standard errors of a binomial proportion, with a fixed seed. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/mc.h"
#include "sim/stats.h"
#include "sim/trial.h"
#include "tests/fixture.h"

#define SEED UINT64_C(0xfa11b4c5eed00001)
#define MIN 60.0
#define HOUR 3600.0

/* One store copied cross-region every %s (the data failing over loses), an outage of
 * %s, then the scenario's own lines (%s) and its runbook (%s). */
static const char plan_yaml[] =
    "plan: {name: failover-test}\n"
    "calendar: {epoch: 2026-01-05}\n"
    "stores:\n"
    "  db:\n"
    "    size: 1GB\n"
    "    backups:\n"
    "      copy: {schedule: every %s, location: cross-region}\n"
    "    restore: {throughput: 1GB/s}\n"
    "staffing:\n"
    "  roles:\n"
    "    lead: {count: 1, response: {business: 0s, night: 0s, weekend: 0s}}\n"
    "    ops: {count: 1, response: {business: 0s, night: 0s, weekend: 0s}}\n"
    "scenarios:\n"
    "  region:\n"
    "    destroys: region\n"
    "    per_year: 1\n"
    "    duration: %s\n"
    "%s"
    "    runbook:\n"
    "%s";

/* decide (fixed %s) -> deploy (1h) -> cutover (1h): 2 h after the go. */
static const char runbook_2h[] =
    "      decide: {needs: [lead], duration: %s}\n"
    "      deploy: {needs: [ops], duration: 1h, after: [decide]}\n"
    "      cutover: {needs: [ops], duration: 1h, after: [deploy]}\n";

static struct plan *plan_of(const char *copy_every, const char *outage, const char *lines,
                            const char *decide)
{
    char rb[512];
    snprintf(rb, sizeof rb, runbook_2h, decide);
    return fixture_plan_text(plan_yaml, copy_every, outage, lines, rb);
}

/* Outage 1 h, wait for the provider up to 2 h: never fails over; the primary serves
 * again after its return time (30 min): RTO 1 h 30 min exactly, RPO 0. */
Test(failover, waits_for_the_provider_and_never_fails_over)
{
    struct plan *p = plan_of("6h", "1h",
                             "    service_restored_by: cutover\n"
                             "    point_of_no_return: cutover\n"
                             "    primary_return: 30m\n"
                             "    activation:\n"
                             "      decided_by: decide\n"
                             "      go_when: {outage_lasted: 2h}\n",
                             "10m");
    struct trial_worker *w = trial_worker_new(p, SEED);
    for (int k = 0; k < 200; k++) {
        const struct trial_result *r = trial_run(w, 0, (uint64_t)k, NULL);
        cr_assert_eq(r->outcome, TRIAL_IN_PLACE);
        cr_assert_eq(r->abandoned, 0, "the go never came: nothing to abandon");
        cr_assert_eq(r->go, TRIAL_GO_WAIT);
        cr_assert_eq(r->decided_s, 10 * MIN);
        cr_assert_eq(r->go_s, 2 * HOUR);
        cr_assert_eq(r->rto_s, 1.5 * HOUR);
        cr_assert_eq(r->full_s, 1.5 * HOUR);
        cr_assert_eq(r->rpo_s, 0.0);
        cr_assert_eq(r->steps[1].state, TRIAL_STEP_PENDING, "deploy never became ready");
    }
    trial_worker_free(w);
    plan_free(p);
}

/* Outage 5 h, wait 2 h, runbook 2 h after the go with the point of no return at its
 * last step: fails over in every trial; RTO = 2 h + 2 h = 4 h. */
Test(failover, fails_over_after_the_wait)
{
    struct plan *p = plan_of("6h", "5h",
                             "    service_restored_by: cutover\n"
                             "    point_of_no_return: cutover\n"
                             "    primary_return: {dist: uniform, min: 10m, max: 1h}\n"
                             "    activation:\n"
                             "      decided_by: decide\n"
                             "      go_when: {outage_lasted: 2h}\n",
                             "10m");
    struct trial_worker *w = trial_worker_new(p, SEED);
    for (int k = 0; k < 200; k++) {
        const struct trial_result *r = trial_run(w, 0, (uint64_t)k, NULL);
        cr_assert_eq(r->outcome, TRIAL_FAILED_OVER);
        cr_assert_eq(r->rto_s, 4 * HOUR);
        /* The wait from the decision (10 min) to the go (2 h) is its own item of the
         * critical path: decide 10 min + wait 1 h 50 min + deploy 1 h + cutover 1 h. */
        cr_assert_eq(r->path_go_wait_s, 110 * MIN);
        cr_assert_eq(r->steps[1].contribution_s, HOUR);
        cr_assert(r->rpo_s > 0 && r->rpo_s <= 6 * HOUR, "rpo %g", r->rpo_s);
        cr_assert_eq(r->rpo_s, r->failover_loss_s);
        cr_assert(r->primary_back_s >= 5 * HOUR + 10 * MIN && r->primary_back_s <= 6 * HOUR);
    }
    trial_worker_free(w);
    plan_free(p);
}

/* Outage uniform on (0, 10 h); decide 1 h, go at once, deploy 1 h, cutover (the point of
 * no return) starts at 2 h. Failed over when D > 2 h: 0.8; abandoned (the go had come,
 * cutover not started) when 1 h < D < 2 h: 0.1; in place before any go: 0.1. RTO of an
 * in-place trial is D (no return time). */
Test(failover, shares_of_failover_and_abandonment_match_closed_forms)
{
    struct plan *p = plan_of("6h", "{dist: uniform, min: 0s, max: 10h}",
                             "    service_restored_by: cutover\n"
                             "    point_of_no_return: cutover\n"
                             "    activation: {decided_by: decide}\n",
                             "1h");
    struct trial_worker *w = trial_worker_new(p, SEED);
    const int n = 40000;
    int over = 0, abandoned = 0;
    for (int k = 0; k < n; k++) {
        const struct trial_result *r = trial_run(w, 0, (uint64_t)k, NULL);
        if (r->outcome == TRIAL_FAILED_OVER) {
            over++;
            cr_assert_eq(r->rto_s, 3 * HOUR);
            cr_assert(r->outage_s >= 2 * HOUR);
        } else {
            abandoned += r->abandoned;
            cr_assert_eq(r->rto_s, r->outage_s);
            cr_assert_eq(r->abandoned, r->outage_s >= HOUR, "D %g", r->outage_s);
        }
    }
    double se_over = sqrt(0.8 * 0.2 / n), se_ab = sqrt(0.1 * 0.9 / n);
    cr_expect(fabs((double)over / n - 0.8) < 4 * se_over, "failed over %g", (double)over / n);
    cr_expect(fabs((double)abandoned / n - 0.1) < 4 * se_ab, "abandoned %g",
              (double)abandoned / n);
    trial_worker_free(w);
    plan_free(p);
}

/* go when failing over loses under 2 h, copies every 6 h (the loss is uniform on
 * (0, 6 h)), and no wait: fails over with probability 2/6; otherwise it waits for the
 * provider, whose outage (100 h) ends first. */
Test(failover, data_loss_threshold_share_matches_closed_form)
{
    struct plan *p = plan_of("6h", "100h",
                             "    service_restored_by: cutover\n"
                             "    activation:\n"
                             "      decided_by: decide\n"
                             "      go_when: {data_loss_under: 2h}\n",
                             "10m");
    struct trial_worker *w = trial_worker_new(p, SEED);
    const int n = 40000;
    int over = 0;
    for (int k = 0; k < n; k++) {
        const struct trial_result *r = trial_run(w, 0, (uint64_t)k, NULL);
        int go = r->failover_loss_s < 2 * HOUR;
        cr_assert_eq(r->go, go ? TRIAL_GO_LOSS : TRIAL_GO_NEVER);
        cr_assert_eq(r->outcome, go ? TRIAL_FAILED_OVER : TRIAL_IN_PLACE);
        cr_assert_eq(r->rto_s, go ? 2 * HOUR + 10 * MIN : 100 * HOUR);
        if (go)
            cr_assert(r->rpo_s < 2 * HOUR);
        over += go;
    }
    double p3 = 1.0 / 3.0, se = sqrt(p3 * (1 - p3) / n);
    cr_expect(fabs((double)over / n - p3) < 4 * se, "failed over %g", (double)over / n);
    trial_worker_free(w);
    plan_free(p);
}

/* Both conditions: the go comes at the earlier of "the loss is under 1 h" (at once)
 * and "the outage has lasted 3 h". */
Test(failover, either_condition_makes_the_go)
{
    struct plan *p = plan_of("6h", "never",
                             "    service_restored_by: cutover\n"
                             "    activation:\n"
                             "      decided_by: decide\n"
                             "      go_when: {data_loss_under: 1h, outage_lasted: 3h}\n",
                             "10m");
    struct trial_worker *w = trial_worker_new(p, SEED);
    for (int k = 0; k < 2000; k++) {
        const struct trial_result *r = trial_run(w, 0, (uint64_t)k, NULL);
        double go = r->failover_loss_s < HOUR ? 10 * MIN : 3 * HOUR;
        cr_assert_eq(r->go_s, go);
        cr_assert_eq(r->rto_s, go + 2 * HOUR);
        cr_assert_eq(r->outcome, TRIAL_FAILED_OVER);
    }
    trial_worker_free(w);
    plan_free(p);
}

/* An abandoned failover frees its people: `other` (not part of the failover: it does not
 * wait on the decision) needs ops, whom `deploy` holds for 10 h; the outage ends at 2 h,
 * the failover is abandoned, and `other` starts at 2 h exactly. */
Test(failover, abandonment_releases_people)
{
    struct plan *p = fixture_plan_text(
        plan_yaml, "6h", "2h",
        "    service_restored_by: deploy\n"
        "    activation: {decided_by: decide}\n",
        "      decide: {needs: [lead], duration: 10m}\n"
        "      deploy: {needs: [ops], duration: 10h, after: [decide]}\n"
        "      wait: {duration: 1h}\n"
        "      other: {needs: [ops], duration: 30m, after: [wait]}\n");
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = trial_run(w, 0, 0, NULL);
    const struct scenario *sc = &p->scenarios[0];
    int deploy = scenario_find_step(sc, "deploy"), other = scenario_find_step(sc, "other");
    cr_assert_eq(r->outcome, TRIAL_IN_PLACE);
    cr_assert_eq(r->abandoned, 1);
    cr_assert_eq(r->steps[deploy].state, TRIAL_STEP_CANCELLED);
    cr_assert_eq(r->steps[deploy].start_s, 10 * MIN);
    cr_assert_eq(r->steps[other].ready_s, HOUR);
    cr_assert_eq(r->steps[other].start_s, 2 * HOUR, "other started at %g",
                 r->steps[other].start_s);
    cr_assert_eq(r->steps[other].state, TRIAL_STEP_DONE);
    cr_assert_eq(r->steps[other].release, TRIAL_RELEASE_PERSON);
    cr_assert_eq(r->steps[other].release_step, deploy);
    cr_assert_eq(r->rto_s, 2 * HOUR);
    trial_worker_free(w);
    plan_free(p);
}

/* The new inputs have streams of their own: a plan with a random primary return and
 * wait draws every other input exactly as the same plan without them. */
Test(failover, new_inputs_leave_other_draws_unchanged)
{
    /* Random step durations, so a shifted step stream would show. */
    const char *rb = "      decide: {needs: [lead], duration: {dist: uniform, min: 5m, max: 50m}}\n"
                     "      deploy: {needs: [ops], duration: {dist: lognormal, median: 1h, p90: 3h},\n"
                     "               after: [decide]}\n"
                     "      cutover: {needs: [ops], duration: {dist: uniform, min: 30m, max: 2h},\n"
                     "                after: [deploy]}\n";
    struct plan *a = fixture_plan_text(plan_yaml, "6h", "{dist: lognormal, median: 8h, p90: 3d}",
                                       "    service_restored_by: cutover\n", rb);
    struct plan *b = fixture_plan_text(plan_yaml, "6h", "{dist: lognormal, median: 8h, p90: 3d}",
                                       "    service_restored_by: cutover\n"
                                       "    primary_return: {dist: lognormal, median: 1h, p90: 4h}\n"
                                       "    activation:\n"
                                       "      decided_by: decide\n"
                                       "      go_when: {outage_lasted: {dist: uniform, min: 1h, max: 4h}}\n",
                                       rb);
    struct trial_worker *wa = trial_worker_new(a, SEED), *wb = trial_worker_new(b, SEED);
    for (int k = 0; k < 500; k++) {
        const struct trial_result *ra = trial_run(wa, 0, (uint64_t)k, NULL);
        double start = ra->start_abs_s, outage = ra->outage_s, loss = ra->store_drawn_loss_s[0];
        double dur[3];
        for (int i = 0; i < 3; i++)
            dur[i] = ra->steps[i].duration_s;
        const struct trial_result *rb2 = trial_run(wb, 0, (uint64_t)k, NULL);
        cr_assert_eq(rb2->start_abs_s, start);
        cr_assert_eq(rb2->outage_s, outage);
        cr_assert_eq(rb2->store_drawn_loss_s[0], loss);
        for (int i = 0; i < 3; i++)
            cr_assert_eq(rb2->steps[i].duration_s, dur[i], "trial %d step %d", k, i);
        cr_assert(rb2->primary_back_s > rb2->outage_s);
    }
    trial_worker_free(wa);
    trial_worker_free(wb);
    plan_free(a);
    plan_free(b);
}

/* The trace tells the decision, the abandonment and the primary's return. */
struct seen {
    int kinds[TRIAL_N_EVENT_KINDS];
    double decision_loss, decision_wait;
    int decision_flag;
};

static void record(void *user, const struct trial_event *ev)
{
    struct seen *s = user;
    s->kinds[ev->kind]++;
    if (ev->kind == TRIAL_EV_DECISION) {
        s->decision_loss = ev->value_s;
        s->decision_wait = ev->wait_s;
        s->decision_flag = ev->flag;
    }
}

Test(failover, trace_shows_decision_abandon_and_return)
{
    struct plan *p = plan_of("6h", "80m",
                             "    service_restored_by: cutover\n"
                             "    point_of_no_return: cutover\n"
                             "    primary_return: 20m\n"
                             "    activation: {decided_by: decide}\n",
                             "30m");
    struct trial_worker *w = trial_worker_new(p, SEED);
    struct seen s = {{0}, 0, 0, 0};
    struct trial_trace tr = {record, &s};
    const struct trial_result *r = trial_run(w, 0, 3, &tr);
    cr_assert_eq(s.kinds[TRIAL_EV_DECISION], 1);
    cr_assert_eq(s.decision_flag, TRIAL_GO_AT_ONCE);
    cr_assert_eq(s.decision_wait, 0.0);
    cr_assert_eq(s.decision_loss, r->failover_loss_s);
    cr_assert_eq(s.kinds[TRIAL_EV_GO], 1);
    cr_assert_eq(s.kinds[TRIAL_EV_ABANDON], 1);
    cr_assert_eq(s.kinds[TRIAL_EV_PRIMARY_BACK], 1);
    cr_assert_eq(s.kinds[TRIAL_EV_SERVICE_RESTORED], 1);
    cr_assert_eq(r->rto_s, 100 * MIN);
    cr_assert_eq(r->abandoned, 1);
    /* The untraced run computes the same. */
    const struct trial_result *u = trial_run(w, 0, 3, NULL);
    cr_assert_eq(u->rto_s, 100 * MIN);
    trial_worker_free(w);
    plan_free(p);
}

/* The results split by outcome: the counts add up, each outcome's objectives are taken
 * over its own trials only (every failover takes 3 h against a 2 h 30 min target and
 * meets nothing; every in-place trial ends before 2 h and meets), and the per-trial flags
 * agree with the counts. */
Test(failover, results_per_outcome)
{
    char yaml[4096];
    char rb[512];
    snprintf(rb, sizeof rb, runbook_2h, "1h");
    snprintf(yaml, sizeof yaml, plan_yaml, "6h", "{dist: uniform, min: 0s, max: 10h}",
             "    service_restored_by: cutover\n"
             "    point_of_no_return: cutover\n"
             "    activation: {decided_by: decide}\n",
             rb);
    struct plan *p = fixture_plan_text("%s"
                                       "policy:\n"
                                       "  objectives:\n"
                                       "    region: {rto: 2h30m, rpo: 1d}\n",
                                       yaml);
    struct mc_results *r = NULL;
    const uint64_t n = 20000;
    cr_assert_eq(mc_run(p, n, 7, 2, NULL, NULL, &r), MC_OK);
    const struct mc_scenario_result *sr = &r->scenarios[0];
    const struct mc_outcome *in = &sr->outcomes[MC_OUTCOME_IN_PLACE];
    const struct mc_outcome *over = &sr->outcomes[MC_OUTCOME_FAILED_OVER];
    cr_assert_eq(in->n + over->n, n);
    cr_assert_eq(in->n, sr->n_in_place);
    cr_assert_float_eq(in->share + over->share, 1.0, 1e-12);
    /* Replay the run's trials: the outcome counts are exact. */
    uint64_t flagged = 0, abandoned = 0;
    double *rto = malloc(n * sizeof *rto), *rpo = malloc(n * sizeof *rpo);
    struct trial_worker *tw = trial_worker_new(p, 7);
    cr_assert(rto && rpo && tw);
    for (uint64_t k = 0; k < n; k++) {
        const struct trial_result *t = trial_run(tw, 0, k, NULL);
        flagged += t->in_place != 0;
        abandoned += t->abandoned != 0;
        rto[k] = t->rto_s;
        rpo[k] = t->rpo_s;
    }
    trial_worker_free(tw);
    cr_assert_eq(flagged, in->n);
    cr_assert_eq(abandoned, sr->n_abandoned);
    cr_assert_eq(over->rto.p50_s, 3 * HOUR);
    cr_assert_eq(over->rto.max_s, 3 * HOUR);
    cr_assert_eq(over->rto_obj.n_met, 0);
    cr_assert_eq(over->rto_obj.n, over->n);
    cr_assert_eq(in->rto_obj.n_met, in->n);
    cr_assert_eq(in->rpo.max_s, 0.0);
    cr_assert_eq(sr->rto_obj.n_met, in->n, "overall met = the in-place trials");
    double se = sqrt(0.2 * 0.8 / (double)n);
    cr_expect(fabs(in->share - 0.2) < 4 * se, "in place %g", in->share);
    cr_expect(fabs((double)sr->n_abandoned / (double)n - 0.1) < 4 * sqrt(0.1 * 0.9 / (double)n));
    /* The overall figures, merged from the two outcomes' histograms, are those of all the
     * values: percentiles within the histogram's resolution of exact sorting, the
     * extremes and the counts at the target exact. */
    for (int which = 0; which < 2; which++) {
        double *v = which ? rpo : rto;
        const struct mc_percentiles *pc = which ? &sr->rpo : &sr->rto;
        const struct hist *h = which ? &sr->rpo_dist : &sr->rto_dist;
        cr_assert_eq(stats_sort(v, n), 0);
        const double q[4] = {0.5, 0.9, 0.95, 0.99};
        const double got[4] = {pc->p50_s, pc->p90_s, pc->p95_s, pc->p99_s};
        for (int i = 0; i < 4; i++) {
            double e = stats_percentile_sorted(v, n, q[i]);
            cr_assert(fabs(got[i] - e) <= HIST_REL_RES * e, "q %g: %.17g vs %.17g", q[i],
                      got[i], e);
        }
        cr_assert_eq(pc->max_s, v[n - 1]);
        cr_assert_eq(h->min_s, v[0]);
        cr_assert_eq(h->n, n);
    }
    free(rto);
    free(rpo);
    mc_results_free(r);
    plan_free(p);
}

/* The terminal and summary.json carry the outcomes: how often the plan fails over, and
 * each outcome's rows; the n of the two add up to the trials. */
Test(failover, terminal_and_json_per_outcome)
{
    char dir[64], path[128], args[256], rb[512], *out;
    fixture_tmpdir(dir, "failover-cli");
    snprintf(path, sizeof path, "%s/plan.yaml", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    snprintf(rb, sizeof rb, runbook_2h, "1h");
    fprintf(f, plan_yaml, "6h", "{dist: uniform, min: 0s, max: 10h}",
            "    service_restored_by: cutover\n"
            "    point_of_no_return: cutover\n"
            "    activation: {decided_by: decide}\n",
            rb);
    fputs("policy:\n  objectives:\n    region: {rto: 2h30m, rpo: 1d}\n", f);
    fclose(f);
    snprintf(args, sizeof args, "run %s -n 10000 -q --no-charts --no-workbook -o %s/out", path,
             dir);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    cr_assert(strstr(out, "  fails over in "), "%s", out);
    cr_assert(strstr(out, "  failed over ("), "%s", out);
    cr_assert(strstr(out, "  recovered in place ("), "%s", out);
    /* every failover takes 3 h: the failed-over RTO row meets in 0 % */
    const char *row = strstr(strstr(out, "  failed over ("), "\n  RTO");
    cr_assert(row && strstr(row, "    0.0%  "), "%s", out);
    free(out);
    snprintf(path, sizeof path, "%s/out/summary.json", dir);
    struct jsonio_doc *doc = fixture_json(path);
    const struct jsonio_value *sc = fixture_json_at(jsonio_root(doc), "scenarios[0]");
    double n_in = fixture_json_num(sc, "outcomes.recovered_in_place.n");
    double n_over = fixture_json_num(sc, "outcomes.failed_over.n");
    cr_assert_eq(n_in + n_over, 10000);
    cr_assert_eq(fixture_json_num(sc, "outcomes.failed_over.rto_objective.n_met"), 0);
    cr_assert_eq(fixture_json_num(sc, "outcomes.failed_over.rto.p50_s"), 3 * HOUR);
    cr_assert_eq(fixture_json_num(sc, "outcomes.recovered_in_place.rto_objective.n_met"), n_in);
    cr_assert(fixture_json_num(sc, "outcomes.recovered_in_place.n_abandoned") > 0);
    jsonio_free(doc);
    fixture_rm_rf(dir);
}

/* A fixed failback: the failover restores service at 2 h 10 min, the primary is back at
 * 6 h, the failback starts 12 h later (18 h); prep 1 h, then the reverse sync copies
 * what the secondary took in since 2 h 10 min (16 h 50 min of writes at 1 GB/h, at
 * 100 MB/s), then the cut-back window (30 min + 15 min, interrupting service). The
 * exposure window closes when `recreate` re-creates a cross-region copy (2 h after
 * service) or, without it, when the sync ends. */
static const char failback_lines[] =
    "    service_restored_by: cutover\n"
    "    point_of_no_return: cutover\n"
    "    primary_return: 1h\n"
    "%s"
    "    failback: {after: 12h, write_rate: 1GB/h, sync_throughput: 100MB/s}\n";

static const char failback_runbook[] =
    "      decide: {needs: [lead], duration: 10m}\n"
    "      deploy: {needs: [ops], duration: 1h, after: [decide]}\n"
    "      cutover: {needs: [ops], duration: 1h, after: [deploy]}\n"
    "      recreate: {needs: [ops], duration: 2h, after: [cutover], phase: restoration}\n"
    "      prep: {needs: [ops], duration: 1h, phase: failback}\n"
    "      sync: {reverse_sync: true, phase: failback, after: [prep]}\n"
    "      cutback: {needs: [ops, lead], duration: 30m, phase: failback, after: [sync],\n"
    "                interrupts_service: true}\n"
    "      check: {needs: [lead], duration: 15m, phase: failback, after: [cutback],\n"
    "              interrupts_service: true}\n";

Test(failover, fixed_failback_and_exposure_are_exact)
{
    for (int v = 0; v < 2; v++) {
        char lines[512];
        snprintf(lines, sizeof lines, failback_lines,
                 v == 0 ? "    exposure_until: recreate\n" : "");
        struct plan *p = fixture_plan_text(plan_yaml, "6h", "5h", lines, failback_runbook);
        struct trial_worker *w = trial_worker_new(p, SEED);
        const double service = 2 * HOUR + 10 * MIN, start = 18 * HOUR;
        const double at_risk = start + HOUR - service;
        const double sync = at_risk * (1e9 / 3600.0) / 1e8;
        for (int k = 0; k < 50; k++) {
            const struct trial_result *r = trial_run(w, 0, (uint64_t)k, NULL);
            cr_assert_eq(r->outcome, TRIAL_FAILED_OVER);
            cr_assert_eq(r->rto_s, service);
            cr_assert_eq(r->full_s, service + 2 * HOUR, "failback steps are not restoration");
            cr_assert_eq(r->failback_start_s, start);
            cr_assert_eq(r->failback_at_risk_s, at_risk);
            cr_assert_float_eq(r->failback_downtime_s, 45 * MIN, 1e-6);
            cr_assert_float_eq(r->failback_end_s, start + HOUR + sync + 45 * MIN, 1e-6);
            if (v == 0)
                cr_assert_eq(r->exposure_s, 2 * HOUR);
            else
                cr_assert_float_eq(r->exposure_s, start + HOUR + sync - service, 1e-6);
        }
        trial_worker_free(w);
        plan_free(p);
    }
}

/* In-place trials have no failback; a primary that never returns never fails back
 * (figures infinite). */
Test(failover, no_failback_when_in_place_or_never_back)
{
    char lines[512];
    snprintf(lines, sizeof lines, failback_lines, "");
    struct plan *p = fixture_plan_text(plan_yaml, "6h", "30m", lines, failback_runbook);
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = trial_run(w, 0, 0, NULL);
    cr_assert_eq(r->outcome, TRIAL_IN_PLACE);
    cr_assert(isnan(r->failback_start_s) && isnan(r->exposure_s));
    trial_worker_free(w);
    plan_free(p);
    p = fixture_plan_text(plan_yaml, "6h", "never", lines, failback_runbook);
    w = trial_worker_new(p, SEED);
    r = trial_run(w, 0, 0, NULL);
    cr_assert_eq(r->outcome, TRIAL_FAILED_OVER);
    cr_assert(isnan(r->failback_start_s), "never started");
    cr_assert(isinf(r->failback_end_s) && isinf(r->exposure_s) && isinf(r->failback_at_risk_s));
    trial_worker_free(w);
    plan_free(p);
}

/* The run's failback figures: over the failed-over trials, percentiles from the fine
 * histogram (within its 0.4 % resolution), and the chance of a second outage within
 * the exposure window, 1 - exp(-per_year * window / year), exact for a fixed window. */
Test(failover, run_failback_figures)
{
    char lines[512];
    snprintf(lines, sizeof lines, failback_lines, "    exposure_until: recreate\n");
    struct plan *p = fixture_plan_text(plan_yaml, "6h", "5h", lines, failback_runbook);
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(p, 3000, 5, 2, NULL, NULL, &r), MC_OK);
    const struct mc_failback *fb = &r->scenarios[0].failback;
    cr_assert_eq(fb->has_failback, 1);
    cr_assert_eq(fb->n, 3000);
    cr_assert_float_eq(fb->downtime.p50_s, 45 * MIN, 45 * MIN * 0.004);
    cr_assert_float_eq(fb->exposure.max_s, 2 * HOUR, 1e-9);
    cr_assert_float_eq(fb->at_risk.max_s, 18 * HOUR + HOUR - (2 * HOUR + 10 * MIN), 1e-9);
    double want = -expm1(-1.0 * 2 * HOUR / (365.25 * 86400.0));
    cr_assert_float_eq(fb->p_second_loss, want, 1e-15);
    mc_results_free(r);
    plan_free(p);
}

/* The wait for the go is charged to the path even when the step it released also waited
 * for another step that ended after the decision: prep ends at 1 h, the decision at
 * 30 min, the go at 2 h: deploy (after both) waits 1 h for the go, its contribution is
 * its own hour of work. */
Test(failover, go_wait_after_the_latest_dependency)
{
    struct plan *p = fixture_plan_text(
        plan_yaml, "6h", "10h",
        "    service_restored_by: deploy\n"
        "    activation:\n"
        "      decided_by: decide\n"
        "      go_when: {outage_lasted: 2h}\n",
        "      decide: {needs: [lead], duration: 30m}\n"
        "      prep: {duration: 1h}\n"
        "      deploy: {needs: [ops], duration: 1h, after: [decide, prep]}\n");
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = trial_run(w, 0, 0, NULL);
    int deploy = scenario_find_step(&p->scenarios[0], "deploy");
    cr_assert_eq(r->rto_s, 3 * HOUR);
    cr_assert_eq(r->path_go_wait_s, HOUR);
    cr_assert_eq(r->steps[deploy].contribution_s, HOUR);
    trial_worker_free(w);
    plan_free(p);
}

/* "Where the time goes" lists the wait for the go among the steps by its weight, and
 * every step on the path besides, whether the wait weighs more or less than they do. */
Test(failover, terminal_lists_the_go_wait_and_every_step)
{
    const char *waits[] = {"45m", "3h"};
    for (int v = 0; v < 2; v++) {
        char dir[64], path[128], args[512], lines[256], *out;
        fixture_tmpdir(dir, "failover-go");
        snprintf(path, sizeof path, "%s/plan.yaml", dir);
        snprintf(lines, sizeof lines,
                 "    service_restored_by: cutover\n"
                 "    activation:\n"
                 "      decided_by: decide\n"
                 "      go_when: {outage_lasted: %s}\n",
                 waits[v]);
        char rb[512];
        snprintf(rb, sizeof rb, runbook_2h, "30m");
        FILE *f = fopen(path, "w");
        cr_assert_not_null(f);
        fprintf(f, plan_yaml, "6h", "never", lines, rb);
        fclose(f);
        snprintf(args, sizeof args,
                 "run %s -n 2000 -q --no-charts --no-workbook --no-decision-curve -o %s/out",
                 path, dir);
        cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
        const char *t = strstr(out, "where the time goes");
        cr_assert_not_null(t, "%s", out);
        for (const char *const *name = (const char *const[]){"(waiting for the go)", "decide",
                                                             "deploy", "cutover", NULL};
             *name; name++)
            cr_expect(strstr(t, *name) != NULL, "wait %s: no row %s in\n%s", waits[v], *name, t);
        free(out);
        fixture_rm_rf(dir);
    }
}
