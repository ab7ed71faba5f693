/* tests/test_sweep.c: sweeps: key paths and value lists (models/vary.h), splicing values
 * into plan text, the closed-form probability of meeting an RPO over a backup interval,
 * monotonicity, common random numbers (a point equal to the plan is the plan, exactly;
 * unrelated objectives do not move), thread-count independence, findings, and the
 * command line's positioned errors (tests/bad-sweep/NAME.args with NAME.expected).
 *
 * Statistical checks use a fixed seed and a tolerance of 4 standard errors.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "models/load.h"
#include "models/vary.h"
#include "reports/draw.h"
#include "reports/sweep_report.h"
#include "reports/workbook.h"
#include "sim/mc.h"
#include "analysis/sweep.h"
#include "tests/fixture.h"

#define SEED UINT64_C(20260105)
#define HOUR 3600.0
#define BAD_DIR "tests/bad-sweep"

static void src_builtin(struct fixture_src *s)
{
    struct diag_list d;
    s->text = NULL;
    const char *t = load_builtin_text(&s->len);
    diag_init(&d, "builtin", t, s->len);
    cr_assert_eq(load_plan_builtin(&d, &s->p), LOAD_OK);
    diag_fini(&d);
    s->name = "builtin";
}

static const char *src_text(const struct fixture_src *s)
{
    return s->text ? s->text : load_builtin_text(NULL);
}

static void axis(struct vary_axis *ax, const struct fixture_src *s, const char *arg)
{
    struct vary_error e;
    enum vary_status st = vary_axis_parse(ax, s->p, src_text(s), s->len, arg, &e);
    cr_assert_eq(st, VARY_OK, "%s: %s (at %zu)", arg, e.msg, e.at);
}

static struct sweep_results *sweep(const struct fixture_src *s, const struct vary_axis *axes, int n,
                                   uint64_t trials, int threads)
{
    struct sweep_options o = {trials, SEED, threads, NULL, NULL};
    struct sweep_results *r = NULL;
    struct sweep_failure f;
    enum sweep_status st = sweep_run(s->p, s->name, src_text(s), s->len, axes, n, &o, &r, &f);
    if (st == SWEEP_INVALID)
        diag_print(&f.diags, stderr);
    sweep_failure_fini(&f);
    cr_assert_eq(st, SWEEP_OK, "sweep: %s", sweep_strerror(st));
    return r;
}

/* ---- values and paths --------------------------------------------------------------- */

Test(vary, ranges_lists_and_units)
{
    struct fixture_src s;
    struct vary_axis ax;
    fixture_src_load(&s, "tests/data/sweep-cadence.yaml");

    axis(&ax, &s, "stores.db.backups.offsite.schedule=every 1h..24h/1h");
    cr_assert_eq(ax.n_values, 24);
    cr_assert_str_eq(ax.values[0], "every 1h");
    cr_assert_str_eq(ax.values[23], "every 24h");
    cr_assert_str_eq(ax.unit, "schedule");
    cr_assert_str_eq(ax.plan_value, "every 6h");
    cr_assert_eq(ax.plan_index, 5);
    cr_assert_eq(ax.x[5], 6 * HOUR);
    cr_assert_eq(ax.n_sites, 1);
    cr_assert_eq(ax.n_shared, 0);
    /* Every item of a range points at the item for carets. */
    cr_assert_eq(ax.value_at[3], strlen("stores.db.backups.offsite.schedule="));
    vary_axis_fini(&ax);

    /* '|' splits when present, so items may hold commas; a range in minutes stays in them. */
    axis(&ax, &s, "stores.db.backups.offsite.schedule=daily 02:00 Mon,Thu|every 30m..90m/30m");
    cr_assert_eq(ax.n_values, 4);
    cr_assert_str_eq(ax.values[0], "daily 02:00 Mon,Thu");
    cr_assert_str_eq(ax.values[1], "every 30m");
    cr_assert_str_eq(ax.values[3], "every 90m");
    cr_assert_eq(ax.x[0], 7 * 86400.0 / 2);
    cr_assert_eq(ax.plan_index, -1);
    vary_axis_fini(&ax);

    /* Rates keep their own '/': the step is told from the unit. */
    axis(&ax, &s, "stores.db.restore.overhead.median=10m,20m,40m");
    cr_assert_eq(ax.n_values, 3);
    cr_assert_eq(ax.plan_index, 1);
    vary_axis_fini(&ax);
    axis(&ax, &s, "stores.db.restore.throughput.max=100MB/s..200MB/s/50MB/s");
    cr_assert_eq(ax.n_values, 3);
    cr_assert_str_eq(ax.values[2], "200MB/s");
    cr_assert_eq(ax.x[1], 150e6);
    cr_assert_eq(ax.plan_index, 1, "150MB/s is the plan's");
    vary_axis_fini(&ax);
    fixture_src_free(&s);
}

Test(vary, whole_numbers_step_one_and_probabilities)
{
    struct fixture_src s;
    struct vary_axis ax;
    src_builtin(&s);
    axis(&ax, &s, "staffing.roles.devops.count=1..5");
    cr_assert_eq(ax.n_values, 5);
    cr_assert_str_eq(ax.values[4], "5");
    cr_assert_eq(ax.plan_index, 2);
    vary_axis_fini(&ax);
    axis(&ax, &s, "stores.couch_a0.backups.daily-copy.failure=0%..10%/2.5%");
    cr_assert_eq(ax.n_values, 5);
    cr_assert_str_eq(ax.values[1], "2.5%");
    cr_assert_eq(ax.plan_index, -1);
    vary_axis_fini(&ax);
    fixture_src_free(&s);
}

/* commcare.yaml's RDS stores share their backup rules through an anchor: one place,
 * many paths; a wildcard takes every store's rule. */
Test(vary, anchors_and_wildcards)
{
    struct fixture_src s;
    struct vary_axis ax;
    src_builtin(&s);
    axis(&ax, &s, "stores.pgmain1.backups.daily-copy.schedule=every 6h");
    cr_assert_eq(ax.n_paths, 1);
    cr_assert_eq(ax.n_sites, 1);
    cr_assert_eq(ax.n_shared, 7, "pgucr0, pgshard1..5, pgauditcare1 share it");
    cr_assert_str_eq(ax.shared[0], "stores.pgucr0.backups.daily-copy.schedule");
    vary_axis_fini(&ax);
    axis(&ax, &s, "stores.*.backups.daily-copy.schedule=every 6h");
    cr_assert_eq(ax.n_paths, 10);
    cr_assert_eq(ax.n_sites, 3, "the anchor, couch_a0's and elasticsearch's");
    cr_assert_eq(ax.n_shared, 0);
    vary_axis_fini(&ax);
    fixture_src_free(&s);
}

/* The error text and the byte it points at: the first occurrence of `at` in arg, or
 * the end of arg when at is NULL. */
static void expect_bad(const struct fixture_src *s, const char *arg, const char *msg,
                       const char *at)
{
    struct vary_axis ax;
    struct vary_error e;
    size_t want = at ? (size_t)(strstr(arg, at) - arg) : strlen(arg);
    cr_assert_eq(vary_axis_parse(&ax, s->p, src_text(s), s->len, arg, &e), VARY_BAD, "%s", arg);
    cr_expect_str_eq(e.msg, msg, "%s", arg);
    cr_expect_eq(e.at, want, "%s: caret at %zu, want %zu", arg, e.at, want);
}

Test(vary, bad_paths_and_values)
{
    struct fixture_src s;
    fixture_src_load(&s, "tests/data/sweep-cadence.yaml");
    expect_bad(&s, "stores.bd.size=1GB", "unknown key 'bd' in 'stores' (did you mean 'db'?)",
               "bd");
    expect_bad(&s, "stores.db.backups.offsite.failure=1%",
               "'stores.db.backups.offsite.failure' is not written in the plan, so it takes its "
               "default; write it in the plan file to vary it",
               "failure");
    expect_bad(&s, "stores.db.restore.throughput=1GB/s",
               "'stores.db.restore.throughput' is a distribution: vary one of its parameters "
               "(dist, min, max)",
               "stores");
    expect_bad(&s, "stores.db.size.gb=1", "'stores.db.size' is a value (size); it has no key 'gb'",
               "gb");
    expect_bad(&s, "stores.db..size=1GB", "empty key in the path (two dots, or a dot at an end)",
               ".size");
    expect_bad(&s, "stores.db.size", "expected PATH=VALUES, e.g. "
                                     "stores.db.backups.nightly.schedule=every 1h..24h/1h",
               NULL);
    expect_bad(&s, "stores.db.size=", "no values after '=': give a list (1h,2h,4h) or a range "
                                      "(1h..24h/1h)",
               NULL);
    expect_bad(&s, "stores.db.size=1GB,,2GB", "empty value in the list", ",2GB");
    expect_bad(&s, "stores.db.backups.offsite.schedule=every 1x..24h/1h",
               "'1x' is not a duration such as 6h: unknown duration unit (use s, m, h, d or w)",
               "1x");
    expect_bad(&s, "stores.db.backups.offsite.schedule=every 24h..1h/1h",
               "empty range: '1h' is less than '24h' (ranges count up)", "24h");
    expect_bad(&s, "stores.db.backups.offsite.schedule=every 1h..24h/0h",
               "the step must be greater than zero (got '0h')", "0h");
    expect_bad(&s, "stores.db.backups.offsite.schedule=every 1h..24h",
               "a range needs a step: FROM..TO/STEP, e.g. 1h..24h/1h", NULL);
    expect_bad(&s, "stores.db.backups.offsite.schedule=every 1s..1000d/1s",
               "1s..1000d/1s gives 86400000 values, more than 1000", "1s");
    fixture_src_free(&s);
}

/* A change keeps the rest of the text byte for byte and quotes the value; the text is
 * kept when the loader refuses it, and no change at all gives the plan's own text. */
Test(vary, splice)
{
    struct fixture_src s;
    struct vary_axis ax;
    struct vary_result vr;
    fixture_src_load(&s, "tests/data/sweep-cadence.yaml");
    axis(&ax, &s, "stores.db.backups.offsite.schedule=every 1h,every \"2h\"");
    struct vary_change ch = {.how = VARY_SET, .path = ax.paths[0], .text = ax.values[1]};
    cr_assert_eq(vary_plan(s.p, s.name, s.text, s.len, &ch, 1, &vr), VARY_INVALID);
    cr_assert_null(vr.plan);
    cr_assert_eq(vr.n_spans, 1);
    cr_assert_eq(vr.len, s.len - strlen("every 6h") + strlen("\"every \\\"2h\\\"\""));
    cr_assert_eq(memcmp(vr.text, s.text, ax.sites[0].off), 0);
    cr_assert_eq(memcmp(vr.text + vr.spans[0].off, "\"every \\\"2h\\\"\"", vr.spans[0].len), 0);
    cr_assert_str_eq(vr.text + vr.spans[0].off + vr.spans[0].len,
                     s.text + ax.sites[0].off + ax.sites[0].len);
    vary_result_fini(&vr);
    ch.text = ax.values[0];
    cr_assert_eq(vary_plan(s.p, s.name, s.text, s.len, &ch, 1, &vr), VARY_OK);
    cr_assert_not_null(vr.plan);
    cr_assert_eq(vr.plan->stores[0].rules[0].schedule.interval_s, 3600.0);
    vary_result_fini(&vr);
    cr_assert_eq(vary_plan(s.p, s.name, s.text, s.len, NULL, 0, &vr), VARY_OK);
    cr_assert_str_eq(vr.text, s.text);
    vary_result_fini(&vr);
    vary_axis_fini(&ax);
    fixture_src_free(&s);
}

/* The loaded plan is only read, and a change that does not fit it says why. */
Test(vary, changes_that_do_not_fit)
{
    struct fixture_src s;
    struct vary_result vr;
    fixture_src_load(&s, "tests/data/sweep-cadence.yaml");
    struct vary_change ch[2] = {
        {.how = VARY_SET, .path = "stores.db.backups.offsite.schedule", .text = "every 2h"},
        {.how = VARY_SET, .path = "stores.db.no-such-key", .text = "1h"}};
    cr_assert_eq(vary_plan(s.p, s.name, s.text, s.len, ch, 2, &vr), VARY_BAD);
    cr_assert_eq(vr.err.at, 1);
    cr_assert_str_eq(vr.err.msg, "the plan does not write 'stores.db.no-such-key'");
    vary_result_fini(&vr);
    ch[1] = (struct vary_change){.how = VARY_SCALE, .path = "stores.db.backups.offsite.schedule",
                                 .k = 0};
    cr_assert_eq(vary_plan(s.p, s.name, s.text, s.len, ch, 2, &vr), VARY_BAD);
    cr_assert_str_eq(vr.err.msg,
                     "cannot scale stores.db.backups.offsite.schedule by 0: a factor must be above 0");
    vary_result_fini(&vr);
    fixture_src_free(&s);
}

/* VARY_REPLACE gives one key a whole new value (a mapping for a scalar here), through
 * the loader's editor; a key the plan does not have is refused with a position. */
Test(vary, replace_a_whole_value)
{
    struct fixture_src s;
    struct vary_result vr;
    fixture_src_load(&s, "tests/data/vary-scale.yaml");
    struct vary_change ch = {.how = VARY_REPLACE, .path = "scenarios.region.runbook.a.duration",
                             .text = "{dist: fixed, value: 1h}"};
    cr_assert_eq(vary_plan(s.p, s.name, s.text, s.len, &ch, 1, &vr), VARY_OK);
    const struct dist *d = &vr.plan->scenarios[0].steps[0].duration;
    cr_assert_eq(d->kind, DIST_FIXED);
    cr_assert_eq(dist_quantile(d, 0.5), 3600.0);
    cr_assert_eq(s.p->scenarios[0].steps[0].duration.kind, DIST_LOGNORMAL, "the plan is untouched");
    cr_assert(strstr(vr.text, "a: {duration: {dist: fixed, value: 1h}}"), "%s", vr.text);
    vary_result_fini(&vr);
    ch.path = "scenarios.region.runbook.zz.duration";
    cr_assert_eq(vary_plan(s.p, s.name, s.text, s.len, &ch, 1, &vr), VARY_BAD);
    cr_assert(vr.has_diags);
    char *m = diag_to_string(&vr.diags);
    cr_assert(strstr(m, "cannot edit 'scenarios.region.runbook.zz': there is no such key"), "%s", m);
    free(m);
    vary_result_fini(&vr);
    fixture_src_free(&s);
}

/* ---- the closed form --------------------------------------------------------------------- */

/* P(RPO <= T) for a backup every I completing in L, outages uniform in time. */
static double closed_form(double t, double l, double i)
{
    double p = (t - l) / i;
    return p < 0 ? 0 : p > 1 ? 1 : p;
}

Test(sweep, interval_matches_closed_form, .timeout = 60)
{
    struct fixture_src s;
    struct vary_axis ax;
    const uint64_t n = 20000;
    fixture_src_load(&s, "tests/data/sweep-cadence.yaml");
    axis(&ax, &s, "stores.db.backups.offsite.schedule=every 1h..24h/1h");
    struct sweep_results *r = sweep(&s, &ax, 1, n, 2);
    cr_assert_eq(r->n_points, 24);
    cr_assert_eq(r->base_point, 5);
    for (int i = 0; i < r->n_points; i++) {
        const struct mc_objective *o = &r->points[i].sc[0].rpo_obj;
        double p = closed_form(6 * HOUR, 2 * HOUR, ax.x[i]);
        cr_assert_eq(o->n, n);
        if (p == 0 || p == 1) {
            cr_expect_eq(o->p_met, p, "%s: P(RPO <= 6h) %.4f, want exactly %.0f", ax.values[i],
                         o->p_met, p);
        } else {
            double se = sqrt(p * (1 - p) / (double)n);
            cr_expect(fabs(o->p_met - p) <= 4 * se, "%s: P(RPO <= 6h) %.4f, want %.4f +- %.4f",
                      ax.values[i], o->p_met, p, 4 * se);
        }
        /* Theory is monotone in the interval: within 4 standard errors. */
        if (i > 0) {
            double prev = r->points[i - 1].sc[0].rpo_obj.p_met;
            double se = sqrt(0.25 / (double)n);
            cr_expect(o->p_met <= prev + 4 * se, "%s above %s", ax.values[i], ax.values[i - 1]);
        }
    }
    sweep_results_free(r);
    vary_axis_fini(&ax);
    fixture_src_free(&s);
}

/* Nested grids (each interval a multiple of the previous) lose more data in every single
 * trial, so with common random numbers the count of trials meeting the RPO never rises. */
Test(sweep, nested_intervals_are_exactly_monotone)
{
    struct fixture_src s;
    struct vary_axis ax;
    fixture_src_load(&s, "tests/data/sweep-cadence.yaml");
    axis(&ax, &s, "stores.db.backups.offsite.schedule=every 1h,every 2h,every 4h,every 8h,every 16h");
    struct sweep_results *r = sweep(&s, &ax, 1, 8192, 2);
    for (int i = 1; i < r->n_points; i++) {
        cr_expect_leq(r->points[i].sc[0].rpo_obj.n_met, r->points[i - 1].sc[0].rpo_obj.n_met);
        cr_expect_geq(r->points[i].sc[0].rpo.p50_s, r->points[i - 1].sc[0].rpo.p50_s);
    }
    sweep_results_free(r);
    vary_axis_fini(&ax);
    fixture_src_free(&s);
}

/* ---- common random numbers and determinism -------------------------------------------- */

/* A point whose value is the plan's reproduces a plain run of the plan exactly, even
 * when the value is written differently; and varying a schedule leaves the RTO alone. */
Test(sweep, plan_value_reproduces_the_plan_exactly, .timeout = 60)
{
    struct fixture_src s;
    struct vary_axis ax;
    struct mc_results *base = NULL;
    src_builtin(&s);
    axis(&ax, &s, "stores.*.backups.daily-copy.schedule=every 12h|daily 13:00 Mon-Sat|every 6h");
    struct sweep_results *r = sweep(&s, &ax, 1, 4096, 2);
    cr_assert_eq(r->base_point, 1);
    cr_assert_eq(mc_run(s.p, 4096, SEED, 1, NULL, NULL, &base), MC_OK);
    struct sweep_summary *want = calloc((size_t)base->n_scenarios, sizeof *want);
    sweep_summarize(base, want);
    cr_assert_eq(memcmp(want, r->points[1].sc, (size_t)base->n_scenarios * sizeof *want), 0);
    /* The zone RTO does not depend on backups: identical at every point (same draws). The
     * region's does: its decision to fail over looks at the data a failover would lose. */
    for (int i = 0; i < r->n_points; i++)
        cr_expect_eq(memcmp(&r->points[i].sc[0].rto, &want[0].rto, sizeof want[0].rto), 0);
    /* ... and more frequent copies never lose more data in the region outage. */
    cr_expect_geq(r->points[2].sc[1].rpo_obj.n_met, r->points[0].sc[1].rpo_obj.n_met);
    cr_expect_geq(r->points[0].sc[1].rpo_obj.n_met, r->points[1].sc[1].rpo_obj.n_met);
    free(want);
    mc_results_free(base);
    sweep_results_free(r);
    vary_axis_fini(&ax);

    /* 150000kB/s is the plan's 150MB/s written differently: the same plan, the same run. */
    struct fixture_src t;
    fixture_src_load(&t, "tests/data/sweep-cadence.yaml");
    axis(&ax, &t, "stores.db.restore.throughput.max=150000kB/s");
    cr_assert_eq(ax.plan_index, 0);
    r = sweep(&t, &ax, 1, 4096, 2);
    cr_assert_eq(r->base_point, 0);
    cr_assert_eq(mc_run(t.p, 4096, SEED, 2, NULL, NULL, &base), MC_OK);
    want = calloc(1, sizeof *want);
    sweep_summarize(base, want);
    cr_assert_eq(memcmp(want, r->points[0].sc, sizeof *want), 0);
    free(want);
    mc_results_free(base);
    sweep_results_free(r);
    vary_axis_fini(&ax);
    fixture_src_free(&t);
    fixture_src_free(&s);
}

Test(sweep, same_results_on_one_and_two_threads, .timeout = 60)
{
    struct fixture_src s;
    struct vary_axis ax[2];
    fixture_src_load(&s, "scenarios/tutorial.yaml");
    axis(&ax[0], &s, "stores.shopdb.backups.offsite.schedule=daily 04:00 Mon-Sat|every 6h");
    axis(&ax[1], &s, "staffing.roles.oncall.count=1..3");
    struct sweep_results *a = sweep(&s, ax, 2, 10000, 1);
    struct sweep_results *b = sweep(&s, ax, 2, 10000, 2);
    cr_assert_eq(a->n_points, 6);
    cr_assert_eq(b->n_points, 6);
    cr_assert_eq(a->base_point, 1, "daily 04:00 Mon-Sat with 2 people");
    for (int i = 0; i < a->n_points; i++) {
        cr_assert_eq(memcmp(a->points[i].value, b->points[i].value, sizeof a->points[i].value), 0);
        cr_assert_eq(memcmp(a->points[i].sc, b->points[i].sc,
                            (size_t)a->n_scenarios * sizeof *a->points[i].sc),
                     0, "point %d differs", i);
    }
    cr_assert_eq(a->points[5].value[0], 1);
    cr_assert_eq(a->points[5].value[1], 2);
    sweep_results_free(a);
    sweep_results_free(b);
    vary_axis_fini(&ax[0]);
    vary_axis_fini(&ax[1]);
    fixture_src_free(&s);
}

/* ---- findings ----------------------------------------------------------------------------- */

Test(sweep, findings)
{
    struct fixture_src s;
    struct vary_axis ax;
    fixture_src_load(&s, "tests/data/sweep-cadence.yaml");
    axis(&ax, &s, "stores.db.backups.offsite.schedule=every 1h..12h/1h");
    struct sweep_results *r = sweep(&s, &ax, 1, 8192, 2);
    cr_assert_eq(r->n_meeting, 4, "1h..4h lose at most 6h");
    cr_assert_eq(r->cheapest, -1, "no cost model");
    cr_assert_eq(r->n_recs, 1);
    cr_assert_eq(r->recs[0].objective, SWEEP_RPO);
    cr_assert_eq(r->recs[0].meets, 1);
    cr_assert_str_eq(ax.values[r->recs[0].point], "every 4h", "the meeting value nearest 6h");
    cr_assert_eq(r->knee.point, 3, "the curve bends at 4h");
    /* What moves, computed once for every reader: the RPO curve (the RTO target of 1d is
     * met at every value), whose ends are 1h and 12h. */
    cr_assert(sweep_objective_moves(r, 0, SWEEP_RPO));
    cr_assert(!sweep_objective_moves(r, 0, SWEEP_RTO));
    cr_assert_eq(r->steepest.scenario, 0);
    cr_assert_eq(r->steepest.objective, SWEEP_RPO);
    cr_assert_gt(r->steepest.range, 0.5);
    cr_assert_eq(r->knee.scenario, r->steepest.scenario);
    cr_assert_eq(r->knee.objective, r->steepest.objective);
    cr_assert_str_eq(ax.values[r->knee.lo_point], "every 1h");
    cr_assert_str_eq(ax.values[r->knee.hi_point], "every 12h");
    sweep_results_free(r);
    vary_axis_fini(&ax);
    fixture_src_free(&s);
}

/* A grid: the objective that moves most is found over every point (the charts of a grid
 * draw it), and a grid has no knee. */
Test(sweep, grid_steepest_curve, .timeout = 60)
{
    struct fixture_src s;
    struct vary_axis ax[2];
    fixture_src_load(&s, "tests/data/sweep-cadence.yaml");
    axis(&ax[0], &s, "stores.db.backups.offsite.schedule=every 2h,every 6h,every 12h");
    axis(&ax[1], &s, "stores.db.backups.offsite.complete=1h,3h");
    struct sweep_results *r = sweep(&s, ax, 2, 2048, 2);
    cr_assert_eq(r->steepest.scenario, 0);
    cr_assert_eq(r->steepest.objective, SWEEP_RPO);
    cr_assert_eq(r->knee.point, -1);
    sweep_results_free(r);
    vary_axis_fini(&ax[0]);
    vary_axis_fini(&ax[1]);
    fixture_src_free(&s);
}

/* A value the loader refuses stops the sweep before it runs, at the point concerned. */
Test(sweep, invalid_point)
{
    struct fixture_src s;
    struct vary_axis ax;
    struct sweep_options o = {100, SEED, 1, NULL, NULL};
    struct sweep_results *r = NULL;
    struct sweep_failure f;
    fixture_src_load(&s, "tests/data/sweep-cadence.yaml");
    axis(&ax, &s, "stores.db.restore.overhead.median=10m,2h,3h");
    cr_assert_eq(sweep_run(s.p, s.name, s.text, s.len, &ax, 1, &o, &r, &f), SWEEP_INVALID);
    cr_assert_null(r);
    cr_assert_eq(f.point, 1);
    cr_assert_eq(f.n_bad, 2);
    char *msg = diag_to_string(&f.diags);
    cr_assert(strstr(msg, "'p90' (1h) must be greater than 'median' (2h)") != NULL, "%s", msg);
    free(msg);
    sweep_failure_fini(&f);
    vary_axis_fini(&ax);
    fixture_src_free(&s);
}

/* The report's sentences and files: the curve as PNG, SVG and PDF; sweep.json. */
Test(sweep, charts_and_json)
{
    struct fixture_src s;
    struct vary_axis ax;
    char err[512], buf[1024];
    int n_files = 0;
    fixture_src_load(&s, "tests/data/sweep-cadence.yaml");
    axis(&ax, &s, "stores.db.backups.offsite.schedule=every 2h..10h/2h");
    struct sweep_results *r = sweep(&s, &ax, 1, 4096, 2);
    struct draw_meta dm = {"test", "drsim sweep", 0};
    char dir[64], path[128];
    fixture_tmpdir(dir, "sweep-charts");
    cr_assert_eq(draw_write_sweep(dir, r, &dm, &n_files, err, sizeof err),
                 DRAW_OK, "%s", err);
    cr_assert_eq(n_files, 3);
    snprintf(path, sizeof path, "%s/sweep.png", dir);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    unsigned char sig[8];
    cr_assert_eq(fread(sig, 1, 8, f), 8);
    fclose(f);
    cr_assert_eq(memcmp(sig, "\x89PNG\r\n\x1a\n", 8), 0);
    struct sweep_report_options ro = {0, "test", "drsim sweep", 0};
    snprintf(path, sizeof path, "%s/sweep.json", dir);
    cr_assert_eq(sweep_report_json(path, r, &ro), 0);
    struct wb_options wo = {"test", "drsim sweep", 1, 0, 0, NULL, NULL, WB_PAPER_A4};
    char name[256];
    cr_assert_str_eq(wb_sweep_file_name(s.p, "sweep", name, sizeof name), "sweep-cadence-sweep.xlsx");
    snprintf(path, sizeof path, "%s/book.xlsx", dir);
    cr_assert_eq(wb_write_sweep(path, r, &wo, err, sizeof err), WB_OK, "%s", err);
    f = fopen(path, "rb");
    cr_assert_not_null(f);
    cr_assert_eq(fread(sig, 1, 4, f), 4);
    fclose(f);
    cr_assert_eq(memcmp(sig, "PK\x03\x04", 4), 0, "an xlsx is a zip file");
    cr_assert_eq(r->n_recs, 1);
    sweep_report_rec_text(r, &r->recs[0], buf, sizeof buf);
    cr_assert(strncmp(buf, "stores.db.backups.offsite.schedule = every 4h instead of every 6h "
                           "meets the region RPO target (6h) in 100.0% of outages",
                      strlen("stores.db.backups.offsite.schedule = every 4h instead of every 6h "
                             "meets the region RPO target (6h) in 100.0% of outages")) == 0,
              "%s", buf);
    sweep_results_free(r);
    vary_axis_fini(&ax);
    fixture_src_free(&s);
    fixture_rm_rf(dir);
}

/* ---- the command line ---------------------------------------------------------------------- */

/* Every tests/bad-sweep/NAME.args (the arguments of `drsim sweep`, shell-quoted, one
 * line) must exit 2 with exactly NAME.expected as its output. */
Test(sweep_cli, bad_arguments, .timeout = 300)
{
    char *names[256], dir[64];
    int failed = 0;
    fixture_tmpdir(dir, "bad-sweep");
    int n = fixture_list(BAD_DIR, ".args", names, 256);
    cr_assert_geq(n, 10, "only %d bad sweeps", n);
    for (int i = 0; i < n; i++) {
        char path[600], exp_path[600], cmd[4096], *args, *want, *have;
        snprintf(path, sizeof path, "%s/%s", BAD_DIR, names[i]);
        snprintf(exp_path, sizeof exp_path, "%s/%.*s.expected", BAD_DIR,
                 (int)(strlen(names[i]) - 5), names[i]);
        args = fixture_slurp(path, NULL);
        want = fixture_slurp(exp_path, NULL);
        cr_assert_not_null(args);
        args[strcspn(args, "\n")] = '\0';
        snprintf(cmd, sizeof cmd, "%s sweep %s -q -o %s/out 2>&1", fixture_bin(), args, dir);
        int rc = fixture_shell(cmd, &have);
        if (want == NULL) {
            cr_log_error("%s: missing %s", path, exp_path);
            failed++;
        } else if (rc != 2) {
            cr_log_error("%s: exit %d, want 2\n%s", path, rc, have);
            failed++;
        } else if (strcmp(want, have) != 0) {
            cr_log_error("%s: output differs\n--- expected\n%s--- got\n%s", path, want, have);
            failed++;
        }
        free(args);
        free(want);
        free(have);
        free(names[i]);
    }
    fixture_rm_rf(dir);
    cr_assert_eq(failed, 0, "%d of %d bad sweeps did not give their expected output", failed, n);
}

Test(sweep_cli, writes_sweep_json, .timeout = 60)
{
    char *out, cmd[1024], dir[64], path[128];
    fixture_tmpdir(dir, "sweep");
    snprintf(cmd, sizeof cmd,
             "%s sweep tests/data/sweep-cadence.yaml --vary "
             "'stores.db.backups.offsite.schedule=every 2h..8h/2h' -n 2000 -q -o %s/out 2>&1",
             fixture_bin(), dir);
    int rc = fixture_shell(cmd, &out);
    cr_assert_eq(rc, 0, "%s", out);
    cr_assert(strstr(out, "every 6h *") != NULL, "%s", out);
    cr_assert(strstr(out, "= every 4h instead of every 6h meets the region RPO target (6h)") !=
                  NULL,
              "%s", out);
    free(out);
    snprintf(path, sizeof path, "%s/out/sweep.json", dir);
    char *json = fixture_slurp(path, NULL);
    cr_assert_not_null(json);
    cr_assert(strstr(json, "\"trials_per_point\": 2000") != NULL);
    cr_assert(strstr(json, "\"values\": [\n        \"every 2h\",") != NULL, "%s", json);
    free(json);
    fixture_rm_rf(dir);
}

/* A plan without objectives has nothing for a sweep point to meet: the finding says so
 * instead of "no value tried meets every objective". */
Test(sweep_cli, no_objectives_nothing_to_meet, .timeout = 120)
{
    char dir[64], args[256];
    char *out = NULL;
    fixture_tmpdir(dir, "sweep-noobj");
    snprintf(args, sizeof args,
             "sweep tests/data/no-objectives.yaml --vary 'stores.db.size=10GB,100GB' -n 200 -q "
             "--no-charts -o %s", dir);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    cr_assert(strstr(out, "\nfindings\n  the plan states no RPO/RTO objectives: no value can "
                          "be said to meet them\n") != NULL, "%s", out);
    cr_assert(strstr(out, "no value tried meets") == NULL, "%s", out);
    free(out);
    fixture_rm_rf(dir);
}
