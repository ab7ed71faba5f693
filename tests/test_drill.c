/* tests/test_drill.c: the drill log's analyses (models/drill.c): test-cadence compliance on
 * hand-made histories (on time, late, a region missing, none at all, failed tests, stronger
 * tests standing in for weaker ones), and percentile placement against closed forms (fixed,
 * uniform, lognormal, empirical; the restore-time model exactly where it has a closed form
 * and within its integration error elsewhere; the simulated RTO sample).
 *
 * Logs are built by hand here, so the analyses are tested apart from the loader; plans come
 * from small inline YAML through the plan loader.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/diag.h"
#include "models/drill.h"
#include "models/load.h"
#include "models/units.h"
#include "sim/hist.h"
#include "tests/fixture.h"

#define Z90 1.2815515655446004

/* ---- building logs by hand -------------------------------------------------------------- */

static long day(const char *ymd)
{
    long d;
    const char *why;
    cr_assert_eq(units_parse_date(ymd, &d, &why), UNITS_OK, "%s", ymd);
    return d;
}

static char *dup(const char *s)
{
    char *c = strdup(s);
    cr_assert_not_null(c);
    return c;
}

/* A log with the given regions (NULL-terminated) listed under cadence.regions. */
static struct drill_log *new_log(const char *const *regions)
{
    struct drill_log *dl = calloc(1, sizeof *dl);
    cr_assert_not_null(dl);
    dl->path = dup("hand-made.yaml");
    dl->name = dup("hand-made");
    dl->since_day = DRILL_SINCE_DEFAULT;
    for (const char *const *r = regions; *r; r++)
        dl->n_regions++;
    dl->regions = calloc((size_t)dl->n_regions + 1, sizeof *dl->regions);
    cr_assert_not_null(dl->regions);
    for (int i = 0; i < dl->n_regions; i++)
        dl->regions[i] = dup(regions[i]);
    dl->n_cadence_regions = dl->n_regions;
    return dl;
}

/* Require `type` every `f` in all of the dl's regions. */
static void require(struct drill_log *dl, enum drill_type type, enum drill_freq f)
{
    struct drill_requirement *r;
    dl->reqs = realloc(dl->reqs, (size_t)(dl->n_reqs + 1) * sizeof *dl->reqs);
    cr_assert_not_null(dl->reqs);
    r = &dl->reqs[dl->n_reqs++];
    memset(r, 0, sizeof *r);
    r->type = type;
    r->every = f;
    r->regions = calloc((size_t)dl->n_regions, sizeof *r->regions);
    cr_assert_not_null(r->regions);
    for (int i = 0; i < dl->n_regions; i++)
        r->regions[r->n_regions++] = i;
}

static struct drill_exercise *exercise(struct drill_log *dl, const char *name, const char *date,
                                       enum drill_type type, const char *region,
                                       enum drill_outcome outcome)
{
    struct drill_exercise *e;
    dl->exercises = realloc(dl->exercises, (size_t)(dl->n_exercises + 1) * sizeof *e);
    cr_assert_not_null(dl->exercises);
    e = &dl->exercises[dl->n_exercises++];
    memset(e, 0, sizeof *e);
    e->name = dup(name);
    e->day = day(date);
    e->type = type;
    e->region = dup(region);
    e->outcome = outcome;
    e->rto_s = NAN;
    e->data_loss_s = NAN;
    return e;
}

static void add_step(struct drill_exercise *e, const char *step, double s)
{
    e->steps = realloc(e->steps, (size_t)(e->n_steps + 1) * sizeof *e->steps);
    cr_assert_not_null(e->steps);
    memset(&e->steps[e->n_steps], 0, sizeof e->steps[0]);
    e->steps[e->n_steps].step = dup(step);
    e->steps[e->n_steps].duration_s = s;
    e->n_steps++;
}

static void add_restore(struct drill_exercise *e, const char *store, double s)
{
    struct drill_restore *r;
    e->restores = realloc(e->restores, (size_t)(e->n_restores + 1) * sizeof *e->restores);
    cr_assert_not_null(e->restores);
    r = &e->restores[e->n_restores++];
    memset(r, 0, sizeof *r);
    r->store = dup(store);
    r->duration_s = s;
    r->data_loss_s = NAN;
}

static const char *const two_regions[] = {"us-east-1", "us-east-2", NULL};
static const char *const one_region[] = {"us-east-1", NULL};

/* The item of requirement r, region g and period label, which must exist. */
static const struct drill_cadence_item *item(const struct drill_analysis *a, int r, int g,
                                             const char *label)
{
    for (int i = 0; i < a->n_items; i++)
        if (a->items[i].req == r && a->items[i].region == g &&
            strcmp(a->items[i].label, label) == 0)
            return &a->items[i];
    cr_assert_fail("no item for requirement %d, region %d, period %s", r, g, label);
    return NULL;
}

static struct plan *empty_plan(void)
{
    static const char text[] =
        "calendar: {epoch: 2026-01-05}\n"
        "scenarios:\n"
        "  zone: {destroys: zone, per_year: 1, duration: 1h, service_restored_by: a,\n"
        "         runbook: {a: {duration: 5m}}}\n";
    struct diag_list d;
    struct plan *p = NULL;
    diag_init(&d, "empty.yaml", text, strlen(text));
    cr_assert_eq(load_plan_text("empty.yaml", text, strlen(text), &d, &p), LOAD_OK);
    diag_fini(&d);
    return p;
}

/* ---- periods ------------------------------------------------------------------------------- */

Test(drill, calendar_periods)
{
    long s, e;
    char label[24];
    drill_period_of(DRILL_FREQ_QUARTERLY, day("2026-05-17"), &s, &e, label);
    cr_assert_eq(s, day("2026-04-01"));
    cr_assert_eq(e, day("2026-06-30"));
    cr_assert_str_eq(label, "2026-Q2");
    drill_period_of(DRILL_FREQ_QUARTERLY, day("2026-12-31"), &s, &e, label);
    cr_assert_eq(e, day("2026-12-31"));
    cr_assert_str_eq(label, "2026-Q4");
    drill_period_of(DRILL_FREQ_ANNUAL, day("2028-02-29"), &s, &e, label);
    cr_assert_eq(s, day("2028-01-01"));
    cr_assert_eq(e, day("2028-12-31"));
    cr_assert_str_eq(label, "2028");
    drill_period_of(DRILL_FREQ_MONTHLY, day("2028-02-10"), &s, &e, label);
    cr_assert_eq(e, day("2028-02-29"));
    cr_assert_str_eq(label, "2028-02");
    drill_period_of(DRILL_FREQ_SEMIANNUAL, day("2026-07-01"), &s, &e, label);
    cr_assert_eq(s, day("2026-07-01"));
    cr_assert_eq(e, day("2026-12-31"));
    cr_assert_str_eq(label, "2026-H2");
}

Test(drill, default_since_looks_back_one_year)
{
    struct drill_log *dl = new_log(one_region);
    cr_assert_eq(drill_cadence_since(dl, day("2026-11-23")), day("2025-11-23"));
    cr_assert_eq(drill_cadence_since(dl, day("2028-02-29")), day("2027-02-28"));
    dl->since_day = day("2026-01-01");
    cr_assert_eq(drill_cadence_since(dl, day("2026-11-23")), day("2026-01-01"));
    drill_log_free(dl);
}

Test(drill, type_families)
{
    cr_assert(drill_type_satisfies(DRILL_FULL_RESTORE, DRILL_COMPLETENESS));
    cr_assert(!drill_type_satisfies(DRILL_COMPLETENESS, DRILL_FULL_RESTORE));
    cr_assert(drill_type_satisfies(DRILL_FULL_SCALE, DRILL_TABLETOP));
    cr_assert(!drill_type_satisfies(DRILL_FULL_SCALE, DRILL_FULL_RESTORE));
    cr_assert(!drill_type_satisfies(DRILL_TABLETOP, DRILL_FUNCTIONAL));
}

/* A functional or full-scale exercise that restored a store from backup also counts as a
 * full restore and a completeness test; without a measured restore it does not. */
Test(drill, exercises_with_restores_count_as_restore_tests)
{
    struct drill_log *dl = new_log(one_region);
    struct drill_exercise *e = exercise(dl, "failover", "2026-05-19", DRILL_FULL_SCALE,
                                        "us-east-1", DRILL_PASSED);
    cr_assert(!drill_exercise_counts_as(e, DRILL_FULL_RESTORE));
    add_restore(e, "db", NAN);
    cr_assert(!drill_exercise_counts_as(e, DRILL_FULL_RESTORE));
    add_restore(e, "db2", 3600);
    cr_assert(drill_exercise_counts_as(e, DRILL_FULL_RESTORE));
    cr_assert(drill_exercise_counts_as(e, DRILL_COMPLETENESS));
    cr_assert(drill_exercise_counts_as(e, DRILL_TABLETOP));
    e = exercise(dl, "tabletop", "2026-05-20", DRILL_TABLETOP, "us-east-1", DRILL_PASSED);
    add_restore(e, "db", 3600);
    cr_assert(!drill_exercise_counts_as(e, DRILL_FULL_RESTORE));
    drill_log_free(dl);
}

/* ---- cadence compliance -------------------------------------------------------------------- */

Test(drill, cadence_on_time)
{
    struct drill_log *dl = new_log(one_region);
    struct plan *p = empty_plan();
    struct drill_analysis a;

    dl->since_day = day("2026-01-01");
    require(dl, DRILL_COMPLETENESS, DRILL_FREQ_QUARTERLY);
    exercise(dl, "q1", "2026-02-10", DRILL_COMPLETENESS, "us-east-1", DRILL_PASSED);
    exercise(dl, "q2", "2026-05-12", DRILL_COMPLETENESS, "us-east-1", DRILL_PARTIAL);
    exercise(dl, "q3", "2026-09-30", DRILL_FULL_RESTORE, "us-east-1", DRILL_PASSED);
    cr_assert_eq(drill_analyze(dl, p, NULL, day("2026-11-23"), &a), 0);
    cr_assert_eq(a.n_items, 4);
    cr_assert_eq(a.n_on_time, 3);
    cr_assert_eq(a.n_due, 1);
    cr_assert_eq(a.n_late + a.n_overdue, 0);
    cr_assert_eq(item(&a, 0, 0, "2026-Q1")->exercise, 0);
    cr_assert_eq(item(&a, 0, 0, "2026-Q1")->done_day, day("2026-02-10"));
    cr_assert_eq(item(&a, 0, 0, "2026-Q3")->exercise, 2, "a full restore is a completeness test");
    cr_assert_eq(item(&a, 0, 0, "2026-Q4")->status, DRILL_DUE);
    cr_assert_eq(item(&a, 0, 0, "2026-Q4")->due_day, day("2026-12-31"));
    cr_assert_eq(item(&a, 0, 0, "2026-Q4")->exercise, -1);
    drill_analysis_fini(&a);
    drill_log_free(dl);
    plan_free(p);
}

Test(drill, cadence_late_and_failed)
{
    struct drill_log *dl = new_log(one_region);
    struct plan *p = empty_plan();
    struct drill_analysis a;
    const struct drill_cadence_item *q1;

    dl->since_day = day("2026-01-01");
    require(dl, DRILL_COMPLETENESS, DRILL_FREQ_QUARTERLY);
    exercise(dl, "q1-failed", "2026-03-20", DRILL_COMPLETENESS, "us-east-1", DRILL_FAILED);
    exercise(dl, "q1-redo", "2026-04-10", DRILL_COMPLETENESS, "us-east-1", DRILL_PASSED);
    cr_assert_eq(drill_analyze(dl, p, NULL, day("2026-06-01"), &a), 0);
    cr_assert_eq(a.n_items, 2);
    q1 = item(&a, 0, 0, "2026-Q1");
    cr_assert_eq(q1->status, DRILL_LATE);
    cr_assert_eq(q1->exercise, 1);
    cr_assert_eq(q1->days_late, 10);          /* due 2026-03-31, done 2026-04-10 */
    cr_assert_eq(q1->failed_exercise, 0);
    /* The make-up test counts for Q1 only: the current quarter still needs its own. */
    cr_assert_eq(item(&a, 0, 0, "2026-Q2")->status, DRILL_DUE);
    cr_assert_eq(a.n_late, 1);
    cr_assert_eq(a.n_due, 1);
    drill_analysis_fini(&a);

    /* Once Q2 has ended with that one test, it is Q2's (on time) and Q1 was never made up. */
    cr_assert_eq(drill_analyze(dl, p, NULL, day("2026-07-10"), &a), 0);
    cr_assert_eq(item(&a, 0, 0, "2026-Q1")->status, DRILL_OVERDUE);
    cr_assert_eq(item(&a, 0, 0, "2026-Q2")->status, DRILL_ON_TIME);
    cr_assert_eq(item(&a, 0, 0, "2026-Q2")->exercise, 1);
    cr_assert_eq(item(&a, 0, 0, "2026-Q3")->status, DRILL_DUE);
    drill_analysis_fini(&a);

    /* A second test in Q2: the earlier one makes up Q1, the later one is Q2's. */
    exercise(dl, "q2", "2026-06-20", DRILL_COMPLETENESS, "us-east-1", DRILL_PASSED);
    cr_assert_eq(drill_analyze(dl, p, NULL, day("2026-07-10"), &a), 0);
    cr_assert_eq(item(&a, 0, 0, "2026-Q1")->status, DRILL_LATE);
    cr_assert_eq(item(&a, 0, 0, "2026-Q1")->exercise, 1);
    cr_assert_eq(item(&a, 0, 0, "2026-Q2")->status, DRILL_ON_TIME);
    cr_assert_eq(item(&a, 0, 0, "2026-Q2")->exercise, 2);
    drill_analysis_fini(&a);
    drill_log_free(dl);
    plan_free(p);
}

Test(drill, cadence_region_missing)
{
    struct drill_log *dl = new_log(two_regions);
    struct plan *p = empty_plan();
    struct drill_analysis a;
    const struct drill_cadence_item *it;

    dl->since_day = day("2026-01-01");
    require(dl, DRILL_FULL_RESTORE, DRILL_FREQ_ANNUAL);
    require(dl, DRILL_COMPLETENESS, DRILL_FREQ_QUARTERLY);
    exercise(dl, "r", "2026-03-03", DRILL_FULL_RESTORE, "us-east-1", DRILL_PASSED);
    exercise(dl, "c2", "2026-06-03", DRILL_COMPLETENESS, "us-east-1", DRILL_PASSED);
    exercise(dl, "c3", "2026-08-03", DRILL_COMPLETENESS, "us-east-1", DRILL_PASSED);
    exercise(dl, "c4", "2026-10-03", DRILL_COMPLETENESS, "us-east-1", DRILL_PASSED);
    cr_assert_eq(drill_analyze(dl, p, NULL, day("2026-11-23"), &a), 0);
    /* 2 regions x (1 year + 4 quarters). */
    cr_assert_eq(a.n_items, 10);
    cr_assert_eq(item(&a, 0, 0, "2026")->status, DRILL_ON_TIME);
    cr_assert_eq(item(&a, 0, 1, "2026")->status, DRILL_DUE);
    for (int q = 1; q <= 3; q++) {
        char label[24];
        snprintf(label, sizeof label, "2026-Q%d", q);
        it = item(&a, 1, 1, label);
        cr_assert_eq(it->status, DRILL_OVERDUE, "%s", label);
        cr_assert_eq(it->days_late, day("2026-11-23") - it->due_day);
        cr_assert_eq(item(&a, 1, 0, label)->status, DRILL_ON_TIME, "%s", label);
    }
    cr_assert_eq(item(&a, 1, 0, "2026-Q4")->status, DRILL_ON_TIME);
    cr_assert_eq(item(&a, 1, 1, "2026-Q4")->status, DRILL_DUE);
    cr_assert_eq(a.n_overdue, 3);
    cr_assert_eq(a.n_on_time, 5);
    cr_assert_eq(a.n_due, 2);
    drill_analysis_fini(&a);
    drill_log_free(dl);
    plan_free(p);
}

Test(drill, cadence_none_at_all)
{
    struct drill_log *dl = new_log(two_regions);
    struct plan *p = empty_plan();
    struct drill_analysis a;
    const struct drill_cadence_item *it;

    require(dl, DRILL_COMPLETENESS, DRILL_FREQ_QUARTERLY);
    require(dl, DRILL_FULL_RESTORE, DRILL_FREQ_ANNUAL);
    cr_assert_eq(drill_analyze(dl, p, NULL, day("2026-11-23"), &a), 0);
    cr_assert_eq(a.since_day, day("2025-11-23"));
    /* Quarters 2025-Q4 .. 2026-Q4 and years 2025, 2026, in each of two regions. */
    cr_assert_eq(a.n_items, 2 * 5 + 2 * 2);
    cr_assert_eq(a.n_overdue, 2 * 4 + 2 * 1);
    cr_assert_eq(a.n_due, 2 + 2);
    cr_assert_eq(a.n_on_time + a.n_late, 0);
    it = item(&a, 1, 1, "2025");
    cr_assert_eq(it->status, DRILL_OVERDUE);
    cr_assert_eq(it->due_day, day("2025-12-31"));
    cr_assert_eq(it->days_late, day("2026-11-23") - day("2025-12-31"));
    cr_assert_eq(item(&a, 0, 0, "2025-Q4")->start_day, day("2025-10-01"));
    cr_assert_eq(a.n_placements, 0);
    drill_analysis_fini(&a);
    drill_log_free(dl);
    plan_free(p);
}

Test(drill, cadence_ignores_the_future_and_other_types)
{
    struct drill_log *dl = new_log(one_region);
    struct plan *p = empty_plan();
    struct drill_analysis a;

    dl->since_day = day("2026-10-01");
    require(dl, DRILL_FULL_RESTORE, DRILL_FREQ_QUARTERLY);
    exercise(dl, "tabletop", "2026-10-02", DRILL_TABLETOP, "us-east-1", DRILL_PASSED);
    exercise(dl, "check", "2026-10-03", DRILL_COMPLETENESS, "us-east-1", DRILL_PASSED);
    exercise(dl, "next-week", "2026-11-30", DRILL_FULL_RESTORE, "us-east-1", DRILL_PASSED);
    cr_assert_eq(drill_analyze(dl, p, NULL, day("2026-11-23"), &a), 0);
    cr_assert_eq(a.n_items, 1);
    cr_assert_eq(a.items[0].status, DRILL_DUE);
    cr_assert_eq(a.n_future, 1);
    drill_analysis_fini(&a);
    drill_log_free(dl);
    plan_free(p);
}

/* ---- percentiles against closed forms ------------------------------------------------------- */

Test(drill, percentile_closed_forms)
{
    struct dist d = dist_fixed(600);
    double vals[] = {1, 2, 2, 3};

    cr_assert_eq(drill_dist_percentile(&d, 300), 0.0);
    cr_assert_eq(drill_dist_percentile(&d, 600), 0.5);
    cr_assert_eq(drill_dist_percentile(&d, 900), 1.0);
    d = fixture_dist(DIST_UNIFORM, 600, 1800, 0);
    cr_assert_eq(drill_dist_percentile(&d, 900), 0.25);
    cr_assert_eq(drill_dist_percentile(&d, 1800), 1.0);
    cr_assert_eq(drill_dist_percentile(&d, 100), 0.0);
    d = fixture_dist(DIST_LOGNORMAL, log(3600), 0.5, 0);
    cr_assert_float_eq(drill_dist_percentile(&d, 3600), 0.5, 1e-15);
    cr_assert_float_eq(drill_dist_percentile(&d, 3600 * exp(0.5 * Z90)), 0.9, 1e-12);
    cr_assert_float_eq(drill_dist_percentile(&d, 3600 * exp(-0.5 * Z90)), 0.1, 1e-12);
    d = fixture_dist(DIST_EMPIRICAL, 0, 0, 0);
    d.values = vals;
    d.n_values = 4;
    cr_assert_eq(drill_dist_percentile(&d, 2), 0.5);      /* (1 + 2/2) / 4 */
    cr_assert_eq(drill_dist_percentile(&d, 2.5), 0.75);
    cr_assert_eq(drill_dist_percentile(&d, 0.5), 0.0);
    cr_assert_eq(drill_dist_percentile(&d, 3), 7.0 / 8);
    cr_assert(isnan(drill_dist_percentile(&d, NAN)));
}

Test(drill, sample_percentile_and_quantile)
{
    double v[] = {10, 20, 20, 40, INFINITY};
    cr_assert_eq(drill_sample_percentile(v, 5, 20), (1 + 0.5 * 2) / 5.0);
    cr_assert_eq(drill_sample_percentile(v, 5, 1e9), 0.8);
    cr_assert_eq(drill_sample_percentile(v, 5, 5), 0.0);
    cr_assert_eq(drill_sample_quantile(v, 5, 0.5), 20);
    cr_assert_eq(drill_sample_quantile(v, 5, 0.625), 30);  /* h = 2.5 */
    cr_assert(isinf(drill_sample_quantile(v, 5, 0.9)));
    cr_assert(isnan(drill_sample_quantile(v, 0, 0.5)));
    cr_assert(isnan(drill_sample_percentile(v, 0, 1)));
}

/* ---- the restore-time model ------------------------------------------------------------------ */

/* A store of 720 GB restored on 2 streams of uniform(100, 300) MB/s after a fixed 10 min:
 * the copy takes c / T with c = 360e9, so P(restore <= t) = (3e8 - c / (t - 600)) / 2e8. */
static struct store uniform_store(void)
{
    struct store s;
    memset(&s, 0, sizeof s);
    s.size_bytes = 720e9;
    s.parallelism = 2;
    s.throughput = fixture_dist(DIST_UNIFORM, 1e8, 3e8, 0);
    s.overhead = dist_fixed(600);
    s.recovery = STORE_RECOVER_RESTORE;
    return s;
}

Test(drill, restore_model_exact_with_fixed_overhead)
{
    struct store s = uniform_store();
    struct drill_restore_model m;
    cr_assert_eq(drill_restore_model_init(&m, &s), 0);
    cr_assert_null(m.nodes);
    for (double t = 1900; t < 4200; t += 150) {
        double want = (3e8 - 360e9 / (t - 600)) / 2e8;
        want = want < 0 ? 0 : want > 1 ? 1 : want;
        cr_assert_float_eq(drill_restore_percentile(&m, t), want, 1e-15, "t = %g", t);
    }
    cr_assert_eq(drill_restore_percentile(&m, 600), 0.0);
    cr_assert_eq(drill_restore_percentile(&m, 100), 0.0);
    /* The median: c / T = 1800 s, so 2400 s. */
    cr_assert_float_eq(drill_restore_quantile(&m, 0.5), 2400, 2400 * 2e-6);
    drill_restore_model_fini(&m);
}

Test(drill, restore_model_integrates_the_overhead)
{
    /* Fixed throughput: the copy takes exactly k = 1800 s, so the restore is the lognormal
     * overhead shifted by k, placed to within the midpoint rule's 1 / nodes. */
    struct store s = uniform_store();
    struct drill_restore_model m;
    struct dist o;
    s.throughput = dist_fixed(2e8);
    s.overhead = fixture_dist(DIST_LOGNORMAL, log(1200), 0.7, 0);
    o = s.overhead;
    cr_assert_eq(drill_restore_model_init(&m, &s), 0);
    cr_assert_eq(m.n_nodes, DRILL_RESTORE_NODES);
    for (double t = 1900; t < 20000; t *= 1.3) {
        double want = dist_cdf(&o, t - 1800);
        cr_assert(fabs(drill_restore_percentile(&m, t) - want) <= 1.0 / DRILL_RESTORE_NODES,
                  "t = %g: %.6f vs %.6f", t, drill_restore_percentile(&m, t), want);
    }
    cr_assert(fabs(drill_restore_quantile(&m, 0.5) - 3000) <= 3000 * 1e-3);
    drill_restore_model_fini(&m);

    /* An empirical overhead is averaged exactly over its values. */
    double vals[] = {300, 900};
    s = uniform_store();
    s.overhead = fixture_dist(DIST_EMPIRICAL, 0, 0, 0);
    s.overhead.values = vals;
    s.overhead.n_values = 2;
    cr_assert_eq(drill_restore_model_init(&m, &s), 0);
    {
        double t = 2700, want = 0;
        for (int i = 0; i < 2; i++)
            want += 0.5 * (3e8 - 360e9 / (t - vals[i])) / 2e8;
        cr_assert_float_eq(drill_restore_percentile(&m, t), want, 1e-15);
    }
    drill_restore_model_fini(&m);
}

/* ---- the whole analysis: placements ------------------------------------------------------------ */

static const char plan_text[] =
    "calendar: {epoch: 2026-01-05}\n"
    "stores:\n"
    "  db:\n"
    "    size: 720GB\n"
    "    backups: {nightly: {schedule: daily 02:00, location: cross-region}}\n"
    "    restore: {throughput: {dist: uniform, min: 100MB/s, max: 300MB/s}, overhead: 10m,\n"
    "              parallelism: 2}\n"
    "    zone_redundancy: {mode: sync, failover: {dist: uniform, min: 1m, max: 3m}}\n"
    "scenarios:\n"
    "  region:\n"
    "    destroys: region\n"
    "    per_year: 0.1\n"
    "    duration: never\n"
    "    service_restored_by: switch\n"
    "    runbook:\n"
    "      decide: {duration: 20m}\n"
    "      deploy: {duration: {dist: lognormal, median: 1h, p90: 2h}, after: [decide]}\n"
    "      restore-db: {restore: db, after: [decide]}\n"
    "      switch: {duration: {dist: uniform, min: 10m, max: 30m}, after: [deploy, restore-db]}\n"
    "  zone:\n"
    "    destroys: zone\n"
    "    per_year: 1\n"
    "    duration: 1h\n"
    "    service_restored_by: fail\n"
    "    runbook:\n"
    "      fail: {failover: db}\n";

Test(drill, placements)
{
    struct diag_list d;
    struct plan *p = NULL;
    struct drill_log *dl = new_log(one_region);
    struct drill_exercise *e;
    struct drill_analysis a;
    struct drill_model models[2];
    double rto[100];
    const struct drill_placement *pm;

    diag_init(&d, "plan.yaml", plan_text, strlen(plan_text));
    cr_assert_eq(load_plan_text("plan.yaml", plan_text, strlen(plan_text), &d, &p), LOAD_OK);
    diag_fini(&d);
    struct hist h;
    hist_init(&h, NULL, 0);
    for (int i = 0; i < 100; i++) {
        rto[i] = 3600.0 * (i + 1);
        cr_assert_eq(hist_add(&h, rto[i]), 0);
    }
    memset(models, 0, sizeof models);
    models[plan_find_scenario(p, "region")].rto = &h;

    e = exercise(dl, "failover", "2026-06-01", DRILL_FULL_SCALE, "us-east-1", DRILL_PASSED);
    e->scenario = dup("region");
    add_step(e, "decide", 20 * 60);                  /* the fixed value: P50 */
    add_step(e, "deploy", 3600 * exp(log(2.0) * 1.6448536269514722 / Z90) * 1.01); /* > P95 */
    add_step(e, "switch", 15 * 60);                  /* uniform: 0.25 */
    add_step(e, "restore-db", 2400);                 /* the restore model's median */
    add_step(e, "no-such-step", 60);
    add_restore(e, "db", 600 + 1200.5);              /* just above the fastest copy: < P5 */
    e->rto_s = 97.5 * 3600;                          /* above 97 of 100 trials */
    e->data_loss_s = 3600;                           /* no RPO sample given */
    e = exercise(dl, "zone-drill", "2026-07-01", DRILL_FUNCTIONAL, "us-east-1", DRILL_PASSED);
    e->scenario = dup("zone");
    add_step(e, "fail", 120);

    cr_assert_eq(drill_analyze(dl, p, models, day("2026-11-23"), &a), 0);
    cr_assert_eq(a.n_placements, 9);
    pm = &a.placements[0];
    cr_assert_eq(pm->kind, DRILL_M_STEP);
    cr_assert_str_eq(pm->what, "decide");
    cr_assert_eq(pm->percentile, 0.5);
    cr_assert_eq(pm->model_p50_s, 1200);
    cr_assert_eq(pm->flag, DRILL_FLAG_WITHIN);
    pm = &a.placements[1];
    cr_assert_gt(pm->percentile, 0.95);
    cr_assert_eq(pm->flag, DRILL_FLAG_OPTIMISTIC);
    cr_assert_float_eq(pm->model_p95_s, 3600 * exp(log(2.0) * 1.6448536269514722 / Z90), 1e-6);
    pm = &a.placements[2];
    cr_assert_float_eq(pm->percentile, 0.25, 1e-15);
    pm = &a.placements[3];
    cr_assert_eq(pm->store, 0);
    cr_assert_float_eq(pm->percentile, 0.5, 1e-15);
    cr_assert_float_eq(pm->model_p50_s, 2400, 2400 * 2e-6);
    pm = &a.placements[4];
    cr_assert_eq(pm->flag, DRILL_FLAG_NONE);
    cr_assert_str_eq(pm->why, "the scenario has no such step");
    cr_assert(isnan(pm->percentile));
    pm = &a.placements[5];
    cr_assert_eq(pm->kind, DRILL_M_RESTORE);
    cr_assert_eq(pm->flag, DRILL_FLAG_CONSERVATIVE);
    pm = &a.placements[6];
    cr_assert_eq(pm->kind, DRILL_M_RTO);
    cr_assert_float_eq(pm->percentile, 0.97, 1e-15);
    cr_assert_eq(pm->flag, DRILL_FLAG_OPTIMISTIC);
    /* The model's P50 from the histogram: within its resolution (HIST_REL_RES). */
    cr_assert_float_eq(pm->model_p50_s, 50.5 * 3600, 50.5 * 3600 * HIST_REL_RES);
    pm = &a.placements[7];
    cr_assert_eq(pm->kind, DRILL_M_DATA_LOSS);
    cr_assert_str_eq(pm->why, "no simulation results");
    pm = &a.placements[8];
    cr_assert_eq(pm->kind, DRILL_M_STEP);
    cr_assert_eq(pm->store, 0);
    cr_assert_float_eq(pm->percentile, 0.5, 1e-15);   /* uniform(1m, 3m) at 2m */
    cr_assert_eq(a.n_placed, 7);
    cr_assert_eq(a.n_optimistic, 2);
    cr_assert_eq(a.n_conservative, 1);
    drill_analysis_fini(&a);

    /* Without results, the RTO is not placed; the rest is. */
    cr_assert_eq(drill_analyze(dl, p, NULL, day("2026-11-23"), &a), 0);
    cr_assert_str_eq(a.placements[6].why, "no simulation results");
    cr_assert_eq(a.n_placed, 6);
    drill_analysis_fini(&a);
    drill_log_free(dl);
    hist_fini(&h);
    plan_free(p);
}
