/* tests/test_backup.c: recovery points and store data loss, against what a
 * schedule implies in closed form. With interval I, fixed completion L and no
 * failures the loss at a uniformly random outage time is uniform on [L, I + L];
 * each failure pushes it back one more interval, so with failure probability q the
 * loss exceeds I + L with probability q. Tolerances are four standard errors at
 * fixed seeds.
 *
 * The plan suite at the end checks plan.c (lookups, enum names, and that plan_free
 * releases a fully populated plan: run under ASan or valgrind to see a leak). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/backup.h"
#include "models/backup_int.h"
#include "models/diag.h"
#include "models/load.h"
#include "models/plan.h"
#include "models/tz.h"
#include "sim/rng.h"

#define EPOCH 20458L /* 2026-01-05, a Monday */
#define H 3600.0
#define D 86400.0
#define YEAR (365 * D)
#define N_OUTAGES 100000

static struct backup_rule rule(const char *schedule, struct dist complete, double failure,
                               double retention, enum backup_location loc)
{
    struct backup_rule r;
    const char *why;
    size_t where;
    memset(&r, 0, sizeof r);
    cr_assert_eq(sched_parse(schedule, 0, &r.schedule, &why, &where), 0, "%s", schedule);
    r.complete = complete;
    r.lag = dist_fixed(0);
    r.failure_prob = failure;
    r.retention_s = retention;
    r.location = loc;
    return r;
}

static struct dist uniform(double a, double b)
{
    struct dist d = dist_fixed(0);
    d.kind = DIST_UNIFORM;
    d.p[0] = a;
    d.p[1] = b;
    return d;
}

/* A stream for the tests: seed `seed`, trial 0, stream 1. */
static void rng(struct rng_stream *r, unsigned long seed)
{
    rng_init(r, seed);
    rng_select(r, 1);
}

/* Loss of one rule at N uniformly random outage times in the first year: returns
 * the sample mean and sd of finite losses, the fraction above `above` (infinite
 * losses included) and the fraction that is infinite. */
struct loss_stats {
    double mean, sd, frac_above, frac_inf, min, max;
};

static struct loss_stats rule_losses(const struct backup_rule *br, enum outage_scope scope,
                                     double above, unsigned long seed)
{
    struct rng_stream r_time, r_backup;
    rng(&r_time, seed);
    rng(&r_backup, seed + 1);
    struct loss_stats s = {0, 0, 0, 0, INFINITY, -INFINITY};
    double sum = 0, sum2 = 0;
    long n_fin = 0, n_above = 0, n_inf = 0;
    for (int i = 0; i < N_OUTAGES; i++) {
        double t = YEAR * rng_uniform(&r_time);
        /* Each outage is its own trial: a point's draws are keyed by the trial. */
        rng_trial(&r_backup, (uint32_t)i);
        double p = backup_rule_latest(br, scope, EPOCH, t, &r_backup.base, 1);
        double loss = t - p;
        cr_assert(p <= t);
        if (isinf(loss)) {
            n_inf++;
            n_above++;
            continue;
        }
        n_fin++;
        sum += loss;
        sum2 += loss * loss;
        n_above += loss > above;
        s.min = fmin(s.min, loss);
        s.max = fmax(s.max, loss);
    }
    s.mean = n_fin ? sum / n_fin : NAN;
    s.sd = n_fin ? sqrt(fmax(0, sum2 / n_fin - s.mean * s.mean)) : NAN;
    s.frac_above = (double)n_above / N_OUTAGES;
    s.frac_inf = (double)n_inf / N_OUTAGES;
    return s;
}

static void assert_prob(double got, double p, const char *what)
{
    double se = sqrt(p * (1 - p) / N_OUTAGES);
    cr_assert(fabs(got - p) <= 4 * se, "%s: %g vs %g (se %g)", what, got, p, se);
}

Test(backup, periodic_rpo_is_uniform)
{
    const double I = 6 * H, L = 1 * H;
    struct backup_rule br = rule("every 6h", dist_fixed(L), 0, INFINITY, BACKUP_CROSS_REGION);
    struct loss_stats s = rule_losses(&br, OUTAGE_REGION, L + 0.25 * I, 11);
    double se = I / sqrt(12.0 * N_OUTAGES);
    cr_assert(fabs(s.mean - (L + I / 2)) <= 4 * se, "mean %g", s.mean);
    cr_assert(fabs(s.sd - I / sqrt(12.0)) <= 0.01 * I, "sd %g", s.sd);
    assert_prob(1 - s.frac_above, 0.25, "P(loss <= L + I/4)");
    cr_assert(s.min >= L && s.max <= I + L, "range [%g, %g]", s.min, s.max);
    cr_assert_eq(s.frac_inf, 0);
}

Test(backup, failures_shift_by_whole_intervals)
{
    const double I = 6 * H, L = 1 * H, q = 0.2;
    struct backup_rule br = rule("every 6h", dist_fixed(L), q, INFINITY, BACKUP_CROSS_REGION);
    struct loss_stats s = rule_losses(&br, OUTAGE_REGION, I + L, 12);
    assert_prob(s.frac_above, q, "P(loss > I + L)");
    /* E[loss] = L + I/2 + I E[failures] = L + I/2 + I q / (1 - q). */
    double want = L + I / 2 + I * q / (1 - q);
    cr_assert(fabs(s.mean - want) <= 4 * s.sd / sqrt(N_OUTAGES), "mean %g vs %g", s.mean, want);
    /* Losses modulo I stay uniform on [L, I + L) shifted: never below L. */
    cr_assert(s.min >= L);
}

Test(backup, random_completion_time)
{
    /* Completion U(0, 2h), I = 6h: the newest point is usable with probability
     * min(u / 2h, 1) at u hours after it, else the one before is (I > 2h), so
     * E[loss] = E[u] + I E[max(0, 1 - u/2h)] = 3h + 6h * (1/6) = 4h. */
    struct backup_rule br = rule("every 6h", uniform(0, 2 * H), 0, INFINITY, BACKUP_CROSS_REGION);
    struct loss_stats s = rule_losses(&br, OUTAGE_REGION, INFINITY, 13);
    cr_assert(fabs(s.mean - 4 * H) <= 4 * s.sd / sqrt(N_OUTAGES), "mean %g", s.mean);
    cr_assert(s.max <= 6 * H + 2 * H);
}

Test(backup, retention_cut_off)
{
    struct backup_rule br = rule("every 6h", dist_fixed(H), 0, 3 * H, BACKUP_CROSS_REGION);
    /* 61h: the 60h point is complete and 1h old. 63h: 3h old, still kept. */
    cr_assert_eq(backup_rule_latest(&br, OUTAGE_REGION, EPOCH, 61 * H, NULL, 0), 60 * H);
    cr_assert_eq(backup_rule_latest(&br, OUTAGE_REGION, EPOCH, 63 * H, NULL, 0), 60 * H);
    /* 64h: 4h old, expired; 60.5h: the 60h point is not complete and 54h expired. */
    cr_assert(isinf(backup_rule_latest(&br, OUTAGE_REGION, EPOCH, 64 * H, NULL, 0)));
    cr_assert(isinf(backup_rule_latest(&br, OUTAGE_REGION, EPOCH, 60.5 * H, NULL, 0)));
    /* Over random times a point is usable for (3h - 1h) of every 6h. */
    struct loss_stats s = rule_losses(&br, OUTAGE_REGION, INFINITY, 14);
    assert_prob(1 - s.frac_inf, 1.0 / 3, "P(usable)");
    cr_assert(s.max <= 3 * H);
}

Test(backup, destroyed_locations)
{
    double t = 100 * H + 30 * 60;
    struct backup_rule in_zone = rule("every 1h", dist_fixed(0), 0, INFINITY, BACKUP_IN_ZONE);
    struct backup_rule in_region = rule("every 1h", dist_fixed(0), 0, INFINITY, BACKUP_IN_REGION);
    struct backup_rule cross = rule("every 1h", dist_fixed(0), 0, INFINITY, BACKUP_CROSS_REGION);
    cr_assert(isinf(backup_rule_latest(&in_zone, OUTAGE_ZONE, EPOCH, t, NULL, 0)));
    cr_assert(isinf(backup_rule_latest(&in_zone, OUTAGE_REGION, EPOCH, t, NULL, 0)));
    cr_assert_eq(backup_rule_latest(&in_region, OUTAGE_ZONE, EPOCH, t, NULL, 0), 100 * H);
    cr_assert(isinf(backup_rule_latest(&in_region, OUTAGE_REGION, EPOCH, t, NULL, 0)));
    cr_assert_eq(backup_rule_latest(&cross, OUTAGE_ZONE, EPOCH, t, NULL, 0), 100 * H);
    cr_assert_eq(backup_rule_latest(&cross, OUTAGE_REGION, EPOCH, t, NULL, 0), 100 * H);
}

Test(backup, continuous_lag)
{
    struct backup_rule br = rule("continuous", dist_fixed(0), 0, 7 * D, BACKUP_IN_REGION);
    br.lag = dist_fixed(60);
    cr_assert_eq(backup_rule_latest(&br, OUTAGE_ZONE, EPOCH, 5000, NULL, 0), 4940);
    cr_assert(isinf(backup_rule_latest(&br, OUTAGE_REGION, EPOCH, 5000, NULL, 0)));
    br.lag = uniform(0, 300);
    struct loss_stats s = rule_losses(&br, OUTAGE_ZONE, 150, 15);
    double se = 300 / sqrt(12.0 * N_OUTAGES);
    cr_assert(fabs(s.mean - 150) <= 4 * se, "mean lag %g", s.mean);
    assert_prob(s.frac_above, 0.5, "P(lag > 150s)");
    cr_assert(s.min >= 0 && s.max <= 300);
    /* A lag beyond retention leaves nothing usable. */
    br.lag = dist_fixed(600);
    br.retention_s = 300;
    cr_assert(isinf(backup_rule_latest(&br, OUTAGE_ZONE, EPOCH, 5000, NULL, 0)));
}

Test(backup, calendar_schedules)
{
    struct backup_rule daily = rule("daily 13:00 Mon-Sat", dist_fixed(0), 0, 2 * D,
                                    BACKUP_CROSS_REGION);
    struct backup_rule weekly = rule("weekly Sun 13:00", dist_fixed(0), 0, 14 * D,
                                     BACKUP_CROSS_REGION);
    struct store st;
    memset(&st, 0, sizeof st);
    st.rules = &daily;
    st.n_rules = 1;
    /* Sunday 20:00 (day 6): Saturday 13:00 is 31h back; Monday 12:00 is 47h back. */
    cr_assert_eq(backup_store_loss(&st, OUTAGE_REGION, EPOCH, 6 * D + 20 * H, NULL, 0, NULL),
                 31 * H);
    cr_assert_eq(backup_store_loss(&st, OUTAGE_REGION, EPOCH, 7 * D + 12 * H, NULL, 0, NULL),
                 47 * H);
    /* Monday 14:00: Monday's own 13:00 point is 1h old. */
    cr_assert_eq(backup_store_loss(&st, OUTAGE_REGION, EPOCH, 7 * D + 14 * H, NULL, 0, NULL),
                 1 * H);
    /* With the weekly rule as well, Sunday 20:00 loses 7h. */
    struct backup_rule both[2] = {daily, weekly};
    st.rules = both;
    st.n_rules = 2;
    cr_assert_eq(backup_store_loss(&st, OUTAGE_REGION, EPOCH, 6 * D + 20 * H, NULL, 0, NULL),
                 7 * H);
    cr_assert_eq(backup_store_loss(&st, OUTAGE_REGION, EPOCH, 7 * D + 12 * H, NULL, 0, NULL),
                 23 * H);
}

Test(backup, store_loss_by_zone_mode_and_recovery)
{
    struct backup_rule hourly = rule("every 1h", dist_fixed(0), 0, 7 * D, BACKUP_IN_REGION);
    struct backup_rule daily = rule("daily 13:00", dist_fixed(2 * H), 0, 7 * D,
                                    BACKUP_CROSS_REGION);
    struct backup_rule rules[2] = {hourly, daily};
    struct store st;
    double t = 10 * D + 20.5 * H;
    memset(&st, 0, sizeof st);
    st.rules = rules;
    st.n_rules = 2;
    st.replica_lag = dist_fixed(30);

    st.zone_mode = STORE_ZONE_NONE;
    cr_assert_eq(backup_store_loss(&st, OUTAGE_ZONE, EPOCH, t, NULL, 0, NULL), 0.5 * H);
    cr_assert_eq(backup_store_loss(&st, OUTAGE_REGION, EPOCH, t, NULL, 0, NULL), 7.5 * H);
    st.zone_mode = STORE_ZONE_SYNC;
    cr_assert_eq(backup_store_loss(&st, OUTAGE_ZONE, EPOCH, t, NULL, 0, NULL), 0);
    cr_assert_eq(backup_store_loss(&st, OUTAGE_REGION, EPOCH, t, NULL, 0, NULL), 7.5 * H);
    st.zone_mode = STORE_ZONE_CLUSTER;
    cr_assert_eq(backup_store_loss(&st, OUTAGE_ZONE, EPOCH, t, NULL, 0, NULL), 0);
    st.zone_mode = STORE_ZONE_ASYNC;
    cr_assert_eq(backup_store_loss(&st, OUTAGE_ZONE, EPOCH, t, NULL, 0, NULL), 30);
    cr_assert_eq(backup_store_loss(&st, OUTAGE_REGION, EPOCH, t, NULL, 0, NULL), 7.5 * H);

    st.recovery = STORE_RECOVER_REBUILD;
    cr_assert_eq(backup_store_loss(&st, OUTAGE_REGION, EPOCH, t, NULL, 0, NULL), 0);
    st.recovery = STORE_RECOVER_NONE;
    cr_assert(isinf(backup_store_loss(&st, OUTAGE_REGION, EPOCH, t, NULL, 0, NULL)));
    st.zone_mode = STORE_ZONE_SYNC;
    cr_assert_eq(backup_store_loss(&st, OUTAGE_ZONE, EPOCH, t, NULL, 0, NULL), 0);

    st.recovery = STORE_RECOVER_RESTORE;
    st.n_rules = 0;
    cr_assert(isinf(backup_store_loss(&st, OUTAGE_REGION, EPOCH, t, NULL, 0, NULL)));

    /* An async replica's lag is drawn when it is random. */
    struct rng_stream r;
    rng(&r, 16);
    st.zone_mode = STORE_ZONE_ASYNC;
    st.replica_lag = uniform(10, 20);
    double lag = backup_store_loss(&st, OUTAGE_ZONE, EPOCH, t, &r.base, 1, NULL);
    cr_assert(lag >= 10 && lag <= 20);
}

/* The store's loss must equal t minus the best of its rules taken one at a time
 * (the store-level search skips rules that cannot win; it must not change the
 * answer). Deterministic rules, so no draws are involved. */
Test(backup, store_loss_is_best_rule)
{
    struct backup_rule rules[4] = {
        rule("daily 13:00 Mon-Sat", dist_fixed(3 * H), 0, 2 * D, BACKUP_CROSS_REGION),
        rule("weekly Sun 13:00", dist_fixed(3 * H), 0, 14 * D, BACKUP_CROSS_REGION),
        rule("monthly first-sun 13:00 Feb,Mar,May,Jun,Aug,Sep,Nov,Dec", dist_fixed(3 * H), 0,
             62 * D, BACKUP_CROSS_REGION),
        rule("every 4h at 01:00", dist_fixed(20 * 60), 0, 1 * D, BACKUP_IN_REGION),
    };
    struct store st;
    struct rng_stream r;
    rng(&r, 17);
    memset(&st, 0, sizeof st);
    st.rules = rules;
    st.n_rules = 4;
    for (int i = 0; i < 2000; i++) {
        double t = YEAR * rng_uniform(&r);
        for (int sc = OUTAGE_ZONE; sc <= OUTAGE_REGION; sc++) {
            double best = -INFINITY;
            for (int k = 0; k < 4; k++)
                best = fmax(best, backup_rule_latest(&rules[k], sc, EPOCH, t, NULL, 0));
            double loss = backup_store_loss(&st, sc, EPOCH, t, NULL, 0, NULL);
            cr_assert_eq(loss, t - best, "t %g scope %d", t, sc);
        }
    }
}

Test(backup, failure_certain_or_pathological_terminates, .timeout = 10)
{
    struct backup_rule br = rule("every 1h", dist_fixed(0), 1.0, INFINITY, BACKUP_CROSS_REGION);
    struct rng_stream r;
    rng(&r, 18);
    cr_assert(isinf(backup_rule_latest(&br, OUTAGE_REGION, EPOCH, 1e6, &r.base, 1)));
    /* Every second, nearly always failing, kept forever: the walk is capped. */
    br = rule("every 1s", dist_fixed(0), 0.99999, INFINITY, BACKUP_CROSS_REGION);
    for (int i = 0; i < 20; i++) {
        rng_trial(&r, (uint32_t)i);
        double p = backup_rule_latest(&br, OUTAGE_REGION, EPOCH, 1e6, &r.base, 1);
        cr_assert(p <= 1e6);
        cr_assert(isinf(p) || p >= 1e6 - 100000);
    }
}

Test(backup, needs_restore)
{
    struct store st;
    memset(&st, 0, sizeof st);
    st.zone_mode = STORE_ZONE_NONE;
    cr_assert(backup_store_needs_restore(&st, OUTAGE_ZONE));
    cr_assert(backup_store_needs_restore(&st, OUTAGE_REGION));
    st.zone_mode = STORE_ZONE_SYNC;
    cr_assert(!backup_store_needs_restore(&st, OUTAGE_ZONE));
    cr_assert(backup_store_needs_restore(&st, OUTAGE_REGION));
    st.zone_mode = STORE_ZONE_CLUSTER;
    cr_assert(!backup_store_needs_restore(&st, OUTAGE_ZONE));
}

Test(backup, worst_case)
{
    enum backup_worst why;
    struct backup_rule br = rule("every 6h", dist_fixed(H), 0, INFINITY, BACKUP_CROSS_REGION);
    cr_assert_eq(backup_rule_worst_case(&br, OUTAGE_REGION, EPOCH, &why), 7 * H);
    cr_assert_eq(why, BACKUP_WORST_FINITE);
    /* Retention shorter than gap + completion: the copies survive, but at times none is
     * retained; the value stays the gap + completion (issue 15: the sheet said
     * "destroyed"). */
    br.retention_s = 6 * H;
    cr_assert_eq(backup_rule_worst_case(&br, OUTAGE_REGION, EPOCH, &why), 7 * H);
    cr_assert_eq(why, BACKUP_WORST_EXPIRES);
    br = rule("daily 13:00 Mon-Sat", dist_fixed(0), 0, INFINITY, BACKUP_CROSS_REGION);
    cr_assert_eq(backup_rule_worst_case(&br, OUTAGE_REGION, EPOCH, &why), 48 * H);
    cr_assert_eq(why, BACKUP_WORST_FINITE);
    /* Kept two days: Saturday's copy expires as Monday's is made. */
    br.retention_s = 48 * H - 1;
    cr_assert_eq(backup_rule_worst_case(&br, OUTAGE_REGION, EPOCH, &why), 48 * H);
    cr_assert_eq(why, BACKUP_WORST_EXPIRES);
    br = rule("daily 13:00 Mon-Sat", uniform(0, 2 * H), 0.01, INFINITY, BACKUP_IN_ZONE);
    cr_assert(isinf(backup_rule_worst_case(&br, OUTAGE_ZONE, EPOCH, &why)));
    cr_assert_eq(why, BACKUP_WORST_DESTROYED);
    br.location = BACKUP_IN_REGION;
    cr_assert_float_eq(backup_rule_worst_case(&br, OUTAGE_ZONE, EPOCH, NULL), 48 * H + 0.95 * 2 * H,
                       1e-6);
    br.failure_prob = 1.0;
    cr_assert(isinf(backup_rule_worst_case(&br, OUTAGE_ZONE, EPOCH, &why)));
    cr_assert_eq(why, BACKUP_WORST_FAILS);
    /* First Sundays of quarters in 2026-27 are 91 days apart. */
    br = rule("monthly first-sun 13:00 Jan,Apr,Jul,Oct", dist_fixed(0), 0, INFINITY,
              BACKUP_CROSS_REGION);
    cr_assert_eq(backup_rule_worst_case(&br, OUTAGE_REGION, EPOCH, NULL), 91 * D);
    br = rule("continuous", dist_fixed(0), 0, INFINITY, BACKUP_IN_REGION);
    br.lag = uniform(0, 300);
    cr_assert_float_eq(backup_rule_worst_case(&br, OUTAGE_ZONE, EPOCH, &why), 285, 1e-9);
    cr_assert_eq(why, BACKUP_WORST_FINITE);
    cr_assert(isinf(backup_rule_worst_case(&br, OUTAGE_REGION, EPOCH, &why)));
    cr_assert_eq(why, BACKUP_WORST_DESTROYED);
    br.retention_s = 200;
    cr_assert_float_eq(backup_rule_worst_case(&br, OUTAGE_ZONE, EPOCH, &why), 285, 1e-9);
    cr_assert_eq(why, BACKUP_WORST_EXPIRES);
}

/* ---- plan.c ----------------------------------------------------------------------- */

static char *dup(const char *s)
{
    char *p = malloc(strlen(s) + 1);
    cr_assert_not_null(p);
    strcpy(p, s);
    return p;
}

static struct dist empirical(void)
{
    double *v = malloc(3 * sizeof *v);
    struct dist d = dist_fixed(0);
    cr_assert_not_null(v);
    v[0] = 1;
    v[1] = 2;
    v[2] = 3;
    d.kind = DIST_EMPIRICAL;
    d.values = v;
    d.n_values = 3;
    return d;
}

/* Every owned pointer set, every distribution empirical: plan_free must release
 * all of it (ASan's leak checker fails the run otherwise). */
static struct plan *full_plan(void)
{
    struct plan *p = calloc(1, sizeof *p);
    cr_assert_not_null(p);
    p->path = dup("x.yaml");
    p->name = dup("n");
    p->version = dup("1");
    p->organization = dup("o");
    p->system = dup("s");
    p->owner = dup("w");
    p->n_stores = 2;
    p->stores = calloc(2, sizeof *p->stores);
    for (int i = 0; i < 2; i++) {
        struct store *st = &p->stores[i];
        st->name = dup(i ? "db" : "search");
        st->kind = dup("k");
        st->note = dup("n");
        st->failover = empirical();
        st->replica_lag = empirical();
        st->throughput = empirical();
        st->overhead = empirical();
        st->n_rules = 2;
        st->rules = calloc(2, sizeof *st->rules);
        for (int k = 0; k < 2; k++) {
            st->rules[k].name = dup("r");
            st->rules[k].complete = empirical();
            st->rules[k].lag = empirical();
        }
    }
    p->n_roles = 1;
    p->roles = calloc(1, sizeof *p->roles);
    p->roles[0].name = dup("oncall");
    p->roles[0].description = dup("d");
    for (int k = 0; k < SCHED_N_PERIODS; k++)
        p->roles[0].response[k] = empirical();
    p->n_holidays = 2;
    p->holidays = calloc(2, sizeof *p->holidays);
    p->roles[0].calendar.holidays = p->holidays;
    p->roles[0].calendar.n_holidays = 2;
    p->n_scenarios = 1;
    p->scenarios = calloc(1, sizeof *p->scenarios);
    p->scenarios[0].name = dup("region");
    p->scenarios[0].description = dup("d");
    p->scenarios[0].duration = empirical();
    p->scenarios[0].n_steps = 2;
    p->scenarios[0].steps = calloc(2, sizeof(struct step));
    for (int k = 0; k < 2; k++) {
        struct step *s = &p->scenarios[0].steps[k];
        s->name = dup(k ? "restore" : "detect");
        s->description = dup("d");
        s->duration = empirical();
        s->n_after = k;
        s->after = k ? calloc(1, sizeof(int)) : NULL;
    }
    p->n_services = 1;
    p->services = calloc(1, sizeof *p->services);
    struct service *sv = &p->services[0];
    sv->name = dup("checkout");
    sv->description = dup("d");
    sv->owner = dup("o");
    sv->timing = dup("t");
    sv->mbco = dup("m");
    sv->approved_by = dup("a");
    sv->review_date = dup("2026-01-01");
    sv->next_review = dup("2027-01-01");
    sv->n_stores = 1;
    sv->stores = calloc(1, sizeof(int));
    sv->restored_by = calloc(1, sizeof(int));
    return p;
}

Test(plan, free_and_lookups)
{
    struct plan *p = full_plan();
    cr_assert_eq(plan_find_store(p, "db"), 1);
    cr_assert_eq(plan_find_store(p, "search"), 0);
    cr_assert_eq(plan_find_store(p, "nope"), -1);
    cr_assert_eq(plan_find_role(p, "oncall"), 0);
    cr_assert_eq(plan_find_role(p, "cto"), -1);
    cr_assert_eq(plan_find_scenario(p, "region"), 0);
    cr_assert_eq(plan_find_scenario(p, "zone"), -1);
    cr_assert_eq(scenario_find_step(&p->scenarios[0], "restore"), 1);
    cr_assert_eq(scenario_find_step(&p->scenarios[0], "x"), -1);
    plan_free(p);
    plan_free(NULL);
    /* A plan the loader abandoned half way: NULL arrays, stray counts. */
    p = calloc(1, sizeof *p);
    p->n_stores = 3;
    p->name = dup("partial");
    plan_free(p);
}

Test(plan, enum_names)
{
    cr_assert_str_eq(plan_location_name(BACKUP_IN_ZONE), "in-zone");
    cr_assert_str_eq(plan_location_name(BACKUP_IN_REGION), "in-region");
    cr_assert_str_eq(plan_location_name(BACKUP_CROSS_REGION), "cross-region");
    cr_assert_str_eq(plan_zone_mode_name(STORE_ZONE_NONE), "none");
    cr_assert_str_eq(plan_zone_mode_name(STORE_ZONE_SYNC), "sync");
    cr_assert_str_eq(plan_zone_mode_name(STORE_ZONE_ASYNC), "async");
    cr_assert_str_eq(plan_zone_mode_name(STORE_ZONE_CLUSTER), "cluster");
    cr_assert_str_eq(plan_recovery_name(STORE_RECOVER_RESTORE), "restore");
    cr_assert_str_eq(plan_recovery_name(STORE_RECOVER_REBUILD), "rebuild");
    cr_assert_str_eq(plan_recovery_name(STORE_RECOVER_NONE), "unrecoverable");
    cr_assert_str_eq(plan_scope_name(OUTAGE_ZONE), "zone");
    cr_assert_str_eq(plan_scope_name(OUTAGE_REGION), "region");
    cr_assert_str_eq(plan_impact_name(IMPACT_NONE), "none");
    cr_assert_str_eq(plan_impact_name(IMPACT_SEVERE), "severe");
    cr_assert_str_eq(plan_category_name(IMPACT_FINANCIAL), "financial");
    cr_assert_str_eq(plan_category_name(IMPACT_SAFETY), "safety");
    const char *buckets[] = {"< 1 hour", "1-8 hours", "8-24 hours", "24-72 hours",
                             "> 72 hours", "> 1 week", "> 1 month"};
    for (int b = 0; b < IMPACT_N_BUCKETS; b++)
        cr_assert_str_eq(plan_bucket_name((enum impact_bucket)b), buckets[b]);
    cr_assert_str_eq(plan_criticality_name(CRIT_LOW), "low");
    cr_assert_str_eq(plan_criticality_name(CRIT_CRITICAL), "critical");
    cr_assert_str_eq(plan_scope_name((enum outage_scope)7), "unknown");
}

/* A point's failure and completion come from its own stream, failure first: changing the
 * completion distribution leaves which points failed unchanged, and changing the failure
 * probability leaves the completion times unchanged (regression: both used to share one
 * sequential stream, so either change shifted the other's draws). */
Test(backup, failure_and_completion_draws_are_independent_of_each_other)
{
    struct rng_stream r;
    rng(&r, 19);
    /* Completion 0 (fixed) or up to 1s: at t = 30 min past an hourly point both leave the
     * same points complete, so equal losses mean the same points failed. */
    struct backup_rule fixed = rule("every 1h", dist_fixed(0), 0.5, INFINITY, BACKUP_CROSS_REGION);
    struct backup_rule quick = rule("every 1h", uniform(0, 1), 0.5, INFINITY, BACKUP_CROSS_REGION);
    /* No failures, or failures so rare they never happen: equal losses mean the same
     * completion times were drawn. */
    struct backup_rule never = rule("every 1h", uniform(0, 2 * H), 0, INFINITY,
                                    BACKUP_CROSS_REGION);
    struct backup_rule rare = rule("every 1h", uniform(0, 2 * H), 1e-15, INFINITY,
                                   BACKUP_CROSS_REGION);
    int differ = 0;
    for (uint32_t k = 0; k < 2000; k++) {
        double t = 1000 * H + 30 * 60;
        rng_trial(&r, k);
        double a = backup_rule_latest(&fixed, OUTAGE_REGION, EPOCH, t, &r.base, 7);
        double b = backup_rule_latest(&quick, OUTAGE_REGION, EPOCH, t, &r.base, 7);
        cr_assert_eq(a, b, "trial %u: %g vs %g", k, a, b);
        double c = backup_rule_latest(&never, OUTAGE_REGION, EPOCH, t, &r.base, 7);
        double d = backup_rule_latest(&rare, OUTAGE_REGION, EPOCH, t, &r.base, 7);
        cr_assert_eq(c, d, "trial %u: %g vs %g", k, c, d);
        differ += a != 1000 * H;
    }
    /* Half the newest points failed: the walk did go back past failures. */
    cr_assert(differ > 800 && differ < 1200, "%d", differ);
}

/* The order and start of the walk do not matter: a point's draws depend only on the
 * point, so the same outage time gives the same answer whichever rule or floor is asked
 * first, and asking twice gives the same answer. */
Test(backup, a_points_draws_do_not_depend_on_the_walk)
{
    struct rng_stream r;
    rng(&r, 20);
    struct backup_rule br = rule("every 1h", uniform(0, 3 * H), 0.3, INFINITY,
                                 BACKUP_CROSS_REGION);
    for (uint32_t k = 0; k < 500; k++) {
        double t = 500 * H + 17 * 60;
        rng_trial(&r, k);
        double first = backup_rule_latest(&br, OUTAGE_REGION, EPOCH, t, &r.base, 3);
        (void)backup_rule_latest(&br, OUTAGE_REGION, EPOCH, t + 5 * H, &r.base, 3);
        cr_assert_eq(backup_rule_latest(&br, OUTAGE_REGION, EPOCH, t, &r.base, 3), first);
    }
}

/* A lognormal completion is compared with the bounds of its uniform's bucket and computed
 * only when they do not decide (models/backup.c; the bounds made once with the plan,
 * backup_bounds_init): the walk must give what computing every completion gives, which is
 * what a rule without bounds does. The reference walks the points itself, drawing each
 * from its stream (rule identity, "point", instant) as models/backup.h says, and the outage
 * times put the time since the newest point all over the completion's range, so that it
 * falls inside the drawn completion's bucket hundreds of times. Rules of one plan with the
 * same distribution share its bounds. */
#define PART_POINT UINT64_C(0x706f696e74) /* models/backup.c's tag of a point's draws */

static double reference_latest(const struct backup_rule *br, double t, struct dist_rng *r,
                               uint64_t id)
{
    for (double p = sched_prev(&br->schedule, EPOCH, t); t - p <= br->retention_s;
         p -= br->schedule.interval_s) {
        r->select(r, dist_rng_id(dist_rng_id(id, PART_POINT), (uint64_t)llround(p)));
        double u_fail = r->uniform(r);
        double c = dist_sample_u(&br->complete, r->uniform(r));
        if (p + c + 0.0 <= t && u_fail >= br->failure_prob)
            return p;
    }
    return -INFINITY;
}

Test(backup, lognormal_completion_bounds_agree_with_computing_it)
{
    const double medians[] = {2 * H, 3 * H, 40 * 60, 1e-3, 5 * D, 2 * H, 3 * H};
    const double p90s[] = {8 * H, 10 * H, 90 * 60, 1.0, 6 * D, 2 * H + 1, 10 * H};
    enum { N = 7 }; /* the last repeats the second */
    struct backup_rule rules[N];
    for (int i = 0; i < N; i++) {
        struct dist d = dist_fixed(0);
        d.kind = DIST_LOGNORMAL;
        cr_assert_eq(dist_lognormal_from_quantile(medians[i], p90s[i], 0.9, &d.p[0], &d.p[1]),
                     0);
        rules[i] = rule("every 1h", d, 0.05, 30 * D, BACKUP_CROSS_REGION);
    }
    struct store st = {.rules = rules, .n_rules = N};
    struct plan p = {.stores = &st, .n_stores = 1};
    cr_assert_eq(backup_bounds_init(&p), 0);
    for (int i = 0; i < N; i++) {
        cr_assert(rules[i].complete_bounds, "distribution %d has no bounds", i);
        for (int j = 0; j < i; j++)
            cr_assert((rules[i].complete_bounds == rules[j].complete_bounds) ==
                          (i == N - 1 && j == 1),
                      "distributions %d and %d", i, j);
    }
    struct rng_stream r, r_time;
    rng(&r, 23);
    rng(&r_time, 24);
    for (int i = 0; i < N - 1; i++) {
        struct backup_rule computed = rules[i];
        computed.complete_bounds = NULL;
        for (uint32_t k = 0; k < 40000; k++) {
            /* The newest point, then a completion-like time after it. */
            double u = rng_uniform(&r_time);
            double t = 3000 * H + dist_sample_u(&rules[i].complete, u < 1e-9 ? 1e-9 : u);
            rng_trial(&r, k);
            double got = backup_rule_latest(&rules[i], OUTAGE_REGION, EPOCH, t, &r.base, 11);
            double want = reference_latest(&rules[i], t, &r.base, 11);
            cr_assert_eq(got, want, "distribution %d, trial %u: %.17g vs %.17g", i, k, got,
                         want);
            cr_assert_eq(backup_rule_latest(&computed, OUTAGE_REGION, EPOCH, t, &r.base, 11),
                         want);
        }
    }
    backup_bounds_fini(&p);
    for (int i = 0; i < N; i++)
        cr_assert_null(rules[i].complete_bounds);
}

/* A walk without shared state judges a rule's first point before the walk's setup
 * (first_usable_plain) and walks on from the point before only when it is not usable: it
 * gives reference_latest's point, over completions that are fixed, uniform and lognormal,
 * failures never, sometimes and nearly always, and outage times all over the completion's
 * range (so the first point is complete in some trials and not in others). */
Test(backup, first_point_without_shared_state_is_the_walks)
{
    struct dist logn = dist_fixed(0);
    logn.kind = DIST_LOGNORMAL;
    cr_assert_eq(dist_lognormal_from_quantile(40 * 60, 90 * 60, 0.9, &logn.p[0], &logn.p[1]),
                 0);
    struct backup_rule rules[] = {
        rule("every 1h", uniform(5 * 60, 20 * 60), 0.01, 2 * D, BACKUP_CROSS_REGION),
        rule("every 1h", uniform(5 * 60, 20 * 60), 0.0, 2 * D, BACKUP_CROSS_REGION),
        rule("every 30m", dist_fixed(10 * 60), 0.3, D, BACKUP_CROSS_REGION),
        rule("every 30m", dist_fixed(10 * 60), 0.0, D, BACKUP_CROSS_REGION),
        rule("every 6h", logn, 0.02, 14 * D, BACKUP_CROSS_REGION),
        rule("every 2h", logn, 0.9, 3 * D, BACKUP_CROSS_REGION),
    };
    enum { N = sizeof rules / sizeof rules[0] };
    struct store st = {.rules = rules, .n_rules = N};
    struct plan p = {.stores = &st, .n_stores = 1};
    cr_assert_eq(backup_bounds_init(&p), 0);
    struct rng_stream r, r_time;
    rng(&r, 31);
    rng(&r_time, 32);
    for (int i = 0; i < N; i++)
        for (uint32_t k = 0; k < 20000; k++) {
            double t = 3000 * H + 8 * H * rng_uniform(&r_time);
            rng_trial(&r, k);
            double got = backup_rule_latest(&rules[i], OUTAGE_REGION, EPOCH, t, &r.base, 13);
            double want = reference_latest(&rules[i], t, &r.base, 13);
            cr_assert(memcmp(&got, &want, sizeof got) == 0, "rule %d, trial %u: %.17g vs %.17g",
                      i, k, got, want);
        }
    backup_bounds_fini(&p);
}

/* A simple rule (struct backup_rule_ids' simple) is walked in an outage without shared
 * state by a path of its own, without the tests its simplicity settles, and a store of one
 * such rule without the search's loop: both must give what the general walk gives (the
 * same identities with simple cleared), to the bit. Stores of one rule and of several
 * (simple or not, so that one rule's point is another's floor: a continuous rule's is t
 * itself), schedules of every kind, completions uniform, triangular and lognormal with and
 * without bounds, failures never, sometimes and nearly always, retention shorter than some
 * walks, zone and region outages (a zone outage's cluster store is known, not walked),
 * with the generator's first_two and without it (select and two uniforms). */
Test(backup, simple_rules_walk_as_the_general_path)
{
    struct dist logn = dist_fixed(0), tri = dist_fixed(0);
    logn.kind = DIST_LOGNORMAL;
    cr_assert_eq(dist_lognormal_from_quantile(40 * 60, 90 * 60, 0.9, &logn.p[0], &logn.p[1]),
                 0);
    tri.kind = DIST_TRIANGULAR;
    tri.p[0] = 60;
    tri.p[1] = 10 * 60;
    tri.p[2] = 2 * H;
    struct backup_rule rules[] = {
        /* store 0: the small plan's two rules, one a store */
        rule("daily 02:00", logn, 0.02, 14 * D, BACKUP_CROSS_REGION),
        /* store 1 */
        rule("every 1h", uniform(5 * 60, 20 * 60), 0.01, 2 * D, BACKUP_CROSS_REGION),
        /* store 2: lognormal without bounds, failing nearly always, kept 3 h */
        rule("every 30m", logn, 0.9, 3 * H, BACKUP_CROSS_REGION),
        /* store 3: several rules, simple and not */
        rule("weekly Sun 03:00", tri, 0.1, 30 * D, BACKUP_CROSS_REGION),
        rule("every 30m", dist_fixed(10 * 60), 0.3, D, BACKUP_CROSS_REGION),
        rule("daily 13:00 Mon-Sat", uniform(0, 3 * H), 0.5, 2 * D, BACKUP_IN_REGION),
        rule("monthly first-sun 13:00 Jan,Apr,Jul,Oct", logn, 0.0, 400 * D,
             BACKUP_CROSS_REGION),
        rule("every 4h at 01:00", logn, 1.0, 30 * D, BACKUP_CROSS_REGION),
        /* store 4: a continuous rule first (its point t is every later rule's floor) */
        rule("continuous", dist_fixed(0), 0.0, 7 * D, BACKUP_CROSS_REGION),
        rule("every 1h", uniform(0, 2 * H), 0.2, 7 * D, BACKUP_CROSS_REGION),
    };
    const int first[] = {0, 1, 2, 3, 8, 10};
    enum { N_STORES = 5, N_RULES = sizeof rules / sizeof rules[0] };
    struct store st[N_STORES];
    memset(st, 0, sizeof st);
    for (int s = 0; s < N_STORES; s++) {
        st[s].rules = rules + first[s];
        st[s].n_rules = (size_t)(first[s + 1] - first[s]);
    }
    st[2].zone_mode = STORE_ZONE_CLUSTER; /* known in a zone outage: not drawn */
    struct plan p = {.stores = st, .n_stores = N_STORES};
    cr_assert_eq(backup_bounds_init(&p), 0);
    rules[2].complete_bounds = NULL;
    struct backup_rule_ids ids[N_RULES], general[N_RULES];
    int simple = 0;
    for (int s = 0; s < N_STORES; s++)
        for (int i = first[s]; i < first[s + 1]; i++) {
            ids[i] = general[i] = backup_rule_ids_of(100 + (uint64_t)s, &rules[i]);
            general[i].simple = 0;
            simple += ids[i].simple;
        }
    cr_assert_eq(simple, 7);
    struct rng_stream r, r_time;
    rng(&r, 41);
    rng(&r_time, 42);
    long pairs = 0;
    for (int two = 0; two < 2; two++) {
        if (!two)
            r.base.first_two = NULL;
        for (uint32_t k = 0; k < 20000; k++) {
            double t = 3000 * H + 60 * D * rng_uniform(&r_time);
            enum outage_scope scope = k % 4 ? OUTAGE_REGION : OUTAGE_ZONE;
            rng_trial(&r, k);
            for (int s = 0; s < N_STORES; s++) {
                double want = backup_store_loss(&st[s], scope, EPOCH, t, &r.base, 100 + (uint64_t)s,
                                                general + first[s]);
                double got = backup_store_loss(&st[s], scope, EPOCH, t, &r.base,
                                               100 + (uint64_t)s, ids + first[s]);
                cr_assert(memcmp(&got, &want, sizeof got) == 0,
                          "store %d, trial %u: %.17g vs %.17g", s, k, got, want);
            }
            /* Two stores at once (backup_store_loss_pair), where it answers: each the
             * general walk's loss, to the bit. */
            for (int a = 0; two && a < N_STORES; a++)
                for (int b = 0; b < N_STORES; b++) {
                    double loss[2] = {-1.0, -1.0};
                    if (!backup_store_loss_pair(&st[a], &st[b], scope, EPOCH, t, &r.base,
                                                r.first_two_pair, ids + first[a], ids + first[b],
                                                loss)) {
                        cr_assert(loss[0] == -1.0 && loss[1] == -1.0);
                        continue;
                    }
                    pairs += a < 3 && b < 3;
                    for (int j = 0; j < 2; j++) {
                        const int s = j ? b : a;
                        double want = backup_store_loss(&st[s], scope, EPOCH, t, &r.base,
                                                        100 + (uint64_t)s, general + first[s]);
                        cr_assert(memcmp(&loss[j], &want, sizeof want) == 0,
                                  "stores %d and %d, trial %u: store %d %.17g vs %.17g", a, b,
                                  k, s, loss[j], want);
                    }
                }
        }
    }
    /* Every region outage pairs the three one-rule stores (not stores 3 and 4, nor a zone
     * outage). */
    cr_assert_eq(pairs, 9 * 15000);
    backup_bounds_fini(&p);
}

/* ---- logical damage (backup_store_loss_damaged) ----------------------------------------
 *
 * Daily points at a fixed time with fixed completion c, detection D after the onset and
 * retention R: the newest point complete by the onset is u = loss in [c, c + 1 day)
 * old, uniformly over a random onset, and it is still kept at detection when u + D <= R;
 * older points are older still. So a clean point exists with probability
 * clamp((R - D - c) / 1 day, 0, 1), and given one the loss is uniform on [c, R - D]. */

static struct backup_damage damage_at(double onset, double dwell, enum damage_deletes del)
{
    return (struct backup_damage){.onset_abs_s = onset, .detect_abs_s = onset + dwell,
                                  .deletes = del};
}

Test(backup, damaged_daily_closed_form)
{
    const double c = 2 * H, dwell = 3 * D, R = 3.5 * D;
    struct backup_rule daily = rule("daily 01:30", dist_fixed(c), 0, R, BACKUP_CROSS_REGION);
    struct store st;
    struct rng_stream r;
    memset(&st, 0, sizeof st);
    st.rules = &daily;
    st.n_rules = 1;
    rng(&r, 21);
    long n_clean = 0;
    double sum = 0, lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < N_OUTAGES; i++) {
        double onset = YEAR * rng_uniform(&r);
        struct backup_damage dm = damage_at(onset, dwell, DAMAGE_DELETES_NONE);
        int used = 7;
        double loss = backup_store_loss_damaged(&st, 0, OUTAGE_NONE, EPOCH, &dm, NULL, 0, NULL,
                                                NULL, NULL, &used);
        if (isinf(loss)) {
            cr_assert_eq(used, -1);
            continue;
        }
        cr_assert_eq(used, 0);
        n_clean++;
        sum += loss;
        lo = fmin(lo, loss);
        hi = fmax(hi, loss);
    }
    double p = (R - dwell - c) / D;   /* 10/24 */
    assert_prob((double)n_clean / N_OUTAGES, p, "P(clean point)");
    double width = R - dwell - c, mean = c + width / 2;
    cr_assert(fabs(sum / n_clean - mean) <= 4 * width / sqrt(12.0 * n_clean), "mean %g vs %g",
              sum / n_clean, mean);
    cr_assert(lo >= c && hi <= R - dwell, "range [%g, %g]", lo, hi);
    /* Detected after the retention: nothing is clean, ever. */
    for (int i = 0; i < 1000; i++) {
        double onset = YEAR * rng_uniform(&r);
        struct backup_damage dm = damage_at(onset, R + 1, DAMAGE_DELETES_NONE);
        cr_assert(isinf(backup_store_loss_damaged(&st, 0, OUTAGE_NONE, EPOCH, &dm, NULL, 0,
                                                  NULL, NULL, NULL, NULL)));
    }
}

/* Under deletes_backups only an immutable rule's points are left: the weekly rule beside
 * the daily supplies every clean point, and the daily's newer point is reported deleted. */
Test(backup, damaged_deletes_leave_the_immutable_rule)
{
    struct backup_rule rules[2] = {
        rule("daily 13:00", dist_fixed(H), 0, 35 * D, BACKUP_CROSS_REGION),
        rule("weekly Sun 13:00", dist_fixed(H), 0, 35 * D, BACKUP_CROSS_REGION),
    };
    rules[1].immutable = 1;
    struct store st;
    memset(&st, 0, sizeof st);
    st.rules = rules;
    st.n_rules = 2;
    /* Wednesday 20:00 (day 9): the daily's 13:00 point is 7h old, Sunday's 79h. */
    double onset = 9 * D + 20 * H;
    int used, why;
    struct backup_damage dm = damage_at(onset, 2 * D, DAMAGE_DELETES_NONE);
    cr_assert_eq(backup_store_loss_damaged(&st, 0, OUTAGE_NONE, EPOCH, &dm, NULL, 0, NULL, NULL,
                                           &why, &used), 7 * H);
    cr_assert_eq(used, 0);
    cr_assert_eq(why, 0);
    for (int del = DAMAGE_DELETES_AT_ONSET; del <= DAMAGE_DELETES_AT_DETECTION; del++) {
        dm = damage_at(onset, 2 * D, (enum damage_deletes)del);
        cr_assert_eq(backup_store_loss_damaged(&st, 0, OUTAGE_NONE, EPOCH, &dm, NULL, 0, NULL,
                                               NULL, &why, &used), 3 * D + 7 * H);
        cr_assert_eq(used, 1);
        cr_assert_eq(why, BACKUP_WHY_DELETED);
        /* Without the trace's reasons the answer is the same. */
        cr_assert_eq(backup_store_loss_damaged(&st, 0, OUTAGE_NONE, EPOCH, &dm, NULL, 0, NULL,
                                               NULL, NULL, NULL), 3 * D + 7 * H);
    }
    /* Sunday 20:00: the daily's and the weekly's points coincide; the weekly's survives
     * and nothing newer was deleted. */
    dm = damage_at(6 * D + 20 * H, 2 * D, DAMAGE_DELETES_AT_DETECTION);
    cr_assert_eq(backup_store_loss_damaged(&st, 0, OUTAGE_NONE, EPOCH, &dm, NULL, 0, NULL, NULL,
                                           &why, &used), 7 * H);
    cr_assert_eq(used, 1);
    cr_assert_eq(why, 0);
    /* No immutable rule: nothing survives the deletion. */
    rules[1].immutable = 0;
    dm = damage_at(onset, 2 * D, DAMAGE_DELETES_AT_ONSET);
    cr_assert(isinf(backup_store_loss_damaged(&st, 0, OUTAGE_NONE, EPOCH, &dm, NULL, 0, NULL,
                                              NULL, &why, &used)));
    cr_assert_eq(used, -1);
    cr_assert_eq(why, BACKUP_WHY_DELETED);
}

/* Replicas carry the damage: a store with a sync zone replica (which keeps it in a zone
 * outage) falls back to its backups; point-in-time recovery restores to the onset minus
 * its lag while the onset is within its retention at detection, and not after. */
Test(backup, damaged_replicas_never_clean_pitr_within_retention)
{
    struct backup_rule pitr = rule("continuous", dist_fixed(0), 0, 7 * D, BACKUP_IN_REGION);
    pitr.lag = dist_fixed(300);
    struct store st;
    memset(&st, 0, sizeof st);
    st.rules = &pitr;
    st.n_rules = 1;
    st.zone_mode = STORE_ZONE_SYNC;
    st.replica_lag = dist_fixed(1);
    double onset = 40 * D + 5 * H;
    cr_assert_eq(backup_store_loss(&st, OUTAGE_ZONE, EPOCH, onset, NULL, 0, NULL), 0);
    int used;
    struct backup_damage dm = damage_at(onset, 2 * D, DAMAGE_DELETES_NONE);
    for (int sc = OUTAGE_ZONE; sc <= OUTAGE_NONE; sc++) {
        double want = sc == OUTAGE_REGION ? INFINITY : 300;   /* in-region logs */
        cr_assert_eq(backup_store_loss_damaged(&st, 0, (enum outage_scope)sc, EPOCH, &dm, NULL,
                                               0, NULL, NULL, NULL, &used), want, "scope %d", sc);
    }
    cr_assert_eq(used, 0);
    dm = damage_at(onset, 8 * D, DAMAGE_DELETES_NONE);
    cr_assert(isinf(backup_store_loss_damaged(&st, 0, OUTAGE_NONE, EPOCH, &dm, NULL, 0, NULL,
                                              NULL, NULL, &used)));
    cr_assert_eq(used, -1);
    /* The logs live with the database: an adversary who deletes backups takes them too. */
    dm = damage_at(onset, 2 * D, DAMAGE_DELETES_AT_DETECTION);
    cr_assert(isinf(backup_store_loss_damaged(&st, 0, OUTAGE_NONE, EPOCH, &dm, NULL, 0, NULL,
                                              NULL, NULL, NULL)));
    /* An async replica does not help either; a rebuilt or ephemeral store loses nothing, an
     * unrecoverable one everything. */
    st.zone_mode = STORE_ZONE_ASYNC;
    st.n_rules = 0;
    dm = damage_at(onset, 2 * D, DAMAGE_DELETES_NONE);
    cr_assert(isinf(backup_store_loss_damaged(&st, 0, OUTAGE_ZONE, EPOCH, &dm, NULL, 0, NULL,
                                              NULL, NULL, NULL)));
    st.recovery = STORE_RECOVER_REBUILD;
    cr_assert_eq(backup_store_loss_damaged(&st, 0, OUTAGE_NONE, EPOCH, &dm, NULL, 0, NULL, NULL,
                                           NULL, &used), 0);
    cr_assert_eq(used, -1);
    st.recovery = STORE_RECOVER_NONE;
    cr_assert(isinf(backup_store_loss_damaged(&st, 0, OUTAGE_NONE, EPOCH, &dm, NULL, 0, NULL,
                                              NULL, NULL, NULL)));
    st.ephemeral = 1;
    cr_assert_eq(backup_store_loss_damaged(&st, 0, OUTAGE_NONE, EPOCH, &dm, NULL, 0, NULL, NULL,
                                           NULL, NULL), 0);
}

/* Nothing destroyed, nothing lost: a store a damage scenario does not damage. */
Test(backup, outage_none_loses_nothing)
{
    struct backup_rule daily = rule("daily 13:00", dist_fixed(H), 0, 7 * D, BACKUP_IN_ZONE);
    struct store st;
    memset(&st, 0, sizeof st);
    st.rules = &daily;
    st.n_rules = 1;
    for (int rec = STORE_RECOVER_RESTORE; rec <= STORE_RECOVER_NONE; rec++) {
        st.recovery = (enum store_recovery)rec;
        cr_assert_eq(backup_store_loss(&st, OUTAGE_NONE, EPOCH, 30 * D, NULL, 0, NULL), 0);
    }
    cr_assert(!backup_store_needs_restore(&st, OUTAGE_NONE));
    cr_assert(!backup_store_affected(&st, OUTAGE_NONE));
}

/* The clean walk is the outage's walk: detected at once, nothing deleted, a store without
 * zone redundancy loses in damage exactly what it loses in an outage at the onset, with
 * the same draws (random completions, failures). */
Test(backup, damaged_at_once_is_the_outage_walk)
{
    struct backup_rule rules[3] = {
        rule("every 4h", uniform(0, 3 * H), 0.2, 2 * D, BACKUP_IN_REGION),
        rule("daily 02:00", uniform(H, 5 * H), 0.1, 10 * D, BACKUP_CROSS_REGION),
        rule("weekly Sun 03:00", dist_fixed(2 * H), 0.05, 30 * D, BACKUP_CROSS_REGION),
    };
    rules[0].name = "hourly";
    rules[1].name = "daily";
    rules[2].name = "weekly";
    struct store st;
    struct rng_stream r, rt;
    memset(&st, 0, sizeof st);
    st.rules = rules;
    st.n_rules = 3;
    rng(&r, 22);
    rng(&rt, 23);
    for (uint32_t k = 0; k < 3000; k++) {
        double t = YEAR * rng_uniform(&rt);
        rng_trial(&r, k);
        for (int sc = OUTAGE_ZONE; sc <= OUTAGE_REGION; sc++) {
            double out = backup_store_loss(&st, (enum outage_scope)sc, EPOCH, t, &r.base, 9, NULL);
            struct backup_damage dm = damage_at(t, 0, DAMAGE_DELETES_NONE);
            int used;
            double dmg = backup_store_loss_damaged(&st, 0, (enum outage_scope)sc, EPOCH, &dm,
                                                   &r.base, 9, NULL, NULL, NULL, &used);
            cr_assert_eq(dmg, out, "trial %u scope %d", k, sc);
            cr_assert(isinf(dmg) ? used == -1 : used >= 0 && used < 3);
        }
    }
}

/* ---- shared state: batched draws, memos, the lazy queue ----------------------------- */

/* backup_first_uniforms_fn as the engine's (sim/trial_worker.c): the first blocks of all
 * the streams at once, read as rng_uniform reads them. */
static void test_first_uniforms(struct dist_rng *r, const uint64_t *ids, int n, double (*u)[2])
{
    struct rng_stream *s = (struct rng_stream *)r;
    for (int j = 0; j < n; j++) {
        uint32_t blk[1][4];
        rng_first_blocks(s, ids + j, 1, blk);
        rng_select_first(s, ids[j], blk[0]);
        u[j][0] = rng_uniform(s);
        u[j][1] = rng_uniform(s);
    }
}

/* Every store's loss (and why bits, unless why is NULL) at t in one scope, or damaged at
 * onset t and detected at t + dwell, asked store by store in `order` through bs. */
static void shared_losses(const struct plan *p, struct backup_shared *bs, struct rng_stream *r,
                          const uint64_t *store_ids, const struct backup_rule_ids *rule_ids,
                          const uint64_t *group_ids, enum outage_scope scope, int damaged,
                          double t, double dwell, const int *order, double *loss, int *why)
{
    backup_shared_run(bs, EPOCH, t, &r->base, rule_ids, group_ids);
    for (int i = 0; i < p->n_stores; i++) {
        int s = order[i];
        const struct backup_rule_ids *ids = rule_ids + bs->rule_first[s];
        if (damaged) {
            struct backup_damage dm = damage_at(t, dwell, DAMAGE_DELETES_AT_DETECTION);
            loss[s] = backup_store_loss_damaged(&p->stores[s], s, scope, EPOCH, &dm, &r->base,
                                                store_ids[s], ids, bs, why ? &why[s] : NULL,
                                                NULL);
        } else {
            loss[s] = backup_store_loss_shared(&p->stores[s], s, scope, EPOCH, t, &r->base,
                                               store_ids[s], ids, bs, why ? &why[s] : NULL);
        }
    }
}

/* The identities of p's stores (store_ids[s] = dist_rng_id(store_seed, s)), of their rules
 * store by store, as bs orders them (returned, allocated: the caller frees it), and of
 * its groups under group_base (group_ids, at most 8). */
static struct backup_rule_ids *plan_ids(const struct plan *p, const struct backup_shared *bs,
                                        uint64_t store_seed, uint64_t group_base,
                                        uint64_t *store_ids, uint64_t *group_ids)
{
    struct backup_rule_ids *rule_ids = calloc((size_t)bs->n_rules, sizeof *rule_ids);
    cr_assert(rule_ids && p->n_groups <= 8);
    for (int s = 0; s < p->n_stores; s++) {
        store_ids[s] = dist_rng_id(store_seed, (uint64_t)s);
        for (size_t i = 0; i < p->stores[s].n_rules; i++)
            rule_ids[bs->rule_first[s] + (int)i] =
                backup_rule_ids_of(store_ids[s], &p->stores[s].rules[i]);
    }
    for (int g = 0; g < p->n_groups; g++)
        group_ids[g] = backup_group_id(group_base, &p->groups[g]);
    return rule_ids;
}

/* The built-in plan with its shared state and the identities plan_ids makes from store
 * seed 79 and group base 7: what the tests of its walks start from. */
struct builtin_walks {
    struct diag_list d;
    struct plan *p;
    struct backup_shared *bs;
    uint64_t store_ids[PLAN_MAX_STORES], group_ids[8];
    struct backup_rule_ids *rule_ids;
};

static void builtin_walks_open(struct builtin_walks *b)
{
    b->p = NULL;
    cr_assert_eq(load_plan_builtin(&b->d, &b->p), LOAD_OK);
    b->bs = backup_shared_new(b->p);
    cr_assert(b->bs);
    b->rule_ids = plan_ids(b->p, b->bs, 79, 7, b->store_ids, b->group_ids);
}

static void builtin_walks_close(struct builtin_walks *b)
{
    free(b->rule_ids);
    backup_shared_free(b->bs);
    plan_free(b->p);
    diag_fini(&b->d);
}

/* The copy queues' draws taken together (first_uniforms) or one stream at a time, stores
 * asked in plan order, in reverse, or each alone through a fresh state (no sched_prev
 * answers kept, no group draw kept, the queue run by that store's walk): the same losses
 * and the same reasons, to the bit, in zone and region outages and in damage with
 * deletions. Asked without reasons, the walks settle points without the queue where its
 * bounds allow (copy_bound_s, and busy_bound_s from all the simulated copies' draws): the
 * same losses again; *unqueued counts the trials in which that spared the queue a run.
 * Returns the BACKUP_WHY_* bits seen. */
static int compare_shared(struct plan *p, int *unqueued)
{
    struct backup_shared *batch = backup_shared_new(p), *plain = backup_shared_new(p);
    cr_assert(batch && plain);
    batch->first_uniforms = test_first_uniforms;
    int ns = p->n_stores;
    uint64_t store_ids[PLAN_MAX_STORES], group_ids[8];
    struct backup_rule_ids *rule_ids = plan_ids(p, batch, 77, 5, store_ids, group_ids);
    int fwd[PLAN_MAX_STORES], rev[PLAN_MAX_STORES];
    for (int s = 0; s < ns; s++) {
        fwd[s] = s;
        rev[s] = ns - 1 - s;
    }
    struct rng_stream r, rt;
    rng(&r, 31);
    rng(&rt, 32);
    int queued_used = 0;
    for (uint32_t k = 0; k < 600; k++) {
        double t = YEAR * rng_uniform(&rt), dwell = 10 * D * rng_uniform(&rt);
        rng_trial(&r, k);
        for (int mode = 0; mode < 3; mode++) {
            enum outage_scope scope = mode == 0 ? OUTAGE_ZONE : mode == 1 ? OUTAGE_REGION
                                                                         : OUTAGE_NONE;
            double a[PLAN_MAX_STORES], b[PLAN_MAX_STORES], c[PLAN_MAX_STORES];
            int wa[PLAN_MAX_STORES], wb[PLAN_MAX_STORES], wc[PLAN_MAX_STORES];
            shared_losses(p, batch, &r, store_ids, rule_ids, group_ids, scope, mode == 2, t,
                          dwell, fwd, a, wa);
            int ran_traced = batch->queues_run;
            shared_losses(p, plain, &r, store_ids, rule_ids, group_ids, scope, mode == 2, t,
                          dwell, rev, b, wb);
            double quick[PLAN_MAX_STORES];
            shared_losses(p, batch, &r, store_ids, rule_ids, group_ids, scope, mode == 2, t,
                          dwell, fwd, quick, NULL);
            *unqueued += ran_traced && !batch->queues_run;
            for (int s = 0; s < ns; s++)
                cr_assert(memcmp(&a[s], &quick[s], sizeof a[s]) == 0,
                          "trial %u mode %d store %d, no reasons: %.17g %.17g", k, mode, s, a[s],
                          quick[s]);
            for (int s = 0; s < ns; s++) {
                struct backup_shared *alone = backup_shared_new(p);
                cr_assert(alone);
                if (s % 2)
                    alone->first_uniforms = test_first_uniforms;
                int one[PLAN_MAX_STORES];
                for (int i = 0; i < ns; i++)
                    one[i] = i == 0 ? s : i <= s ? i - 1 : i;
                shared_losses(p, alone, &r, store_ids, rule_ids, group_ids, scope, mode == 2,
                              t, dwell, one, c, wc);
                backup_shared_free(alone);
                cr_assert(memcmp(&a[s], &b[s], sizeof a[s]) == 0 &&
                              memcmp(&a[s], &c[s], sizeof a[s]) == 0,
                          "trial %u mode %d store %d: %.17g %.17g %.17g", k, mode, s, a[s], b[s],
                          c[s]);
                cr_assert(wa[s] == wb[s] && wa[s] == wc[s], "trial %u mode %d store %d", k,
                          mode, s);
                queued_used |= wa[s];
            }
        }
    }
    free(rule_ids);
    backup_shared_free(batch);
    backup_shared_free(plain);
    return queued_used;
}

/* The loaded plan's bounds and the callers' point keys (struct backup_rule_ids), made once,
 * against a walk that has neither (the bounds freed, the keys made from the store's
 * identity in every walk): the same losses and clean rules, to the bit, on the built-in
 * plan (lognormal completions shared by many rules), with and without shared state, in
 * outages and in damage. */
Test(backup, load_time_bounds_and_keys_change_nothing)
{
    struct builtin_walks bw;
    builtin_walks_open(&bw);
    struct plan *p = bw.p;
    struct backup_shared *bs = bw.bs;
    struct backup_rule_ids *rule_ids = bw.rule_ids;
    int with_bounds = 0;
    for (int s = 0; s < p->n_stores; s++)
        for (size_t i = 0; i < p->stores[s].n_rules; i++)
            with_bounds += p->stores[s].rules[i].complete_bounds != NULL;
    cr_assert_geq(with_bounds, 4);
    enum { N_T = 400, N_CASE = 3 * 2 };
    double *want = calloc((size_t)N_T * N_CASE * PLAN_MAX_STORES, sizeof *want);
    int *want_rule = calloc((size_t)N_T * PLAN_MAX_STORES, sizeof *want_rule);
    cr_assert(want && want_rule);
    for (int pass = 0; pass < 2; pass++) {
        /* The second pass without bounds (as a plan built by hand) nor keys. */
        if (pass == 1)
            backup_bounds_fini(p);
        struct rng_stream r, rt;
        rng(&r, 33);
        rng(&rt, 34);
        for (uint32_t k = 0; k < N_T; k++) {
            double t = YEAR * rng_uniform(&rt), dwell = 10 * D * rng_uniform(&rt);
            rng_trial(&r, k);
            for (int c = 0; c < N_CASE; c++) {
                struct backup_shared *b = c % 2 ? bs : NULL;
                int scope = c / 2; /* zone, region, damage */
                if (b)
                    backup_shared_run(b, EPOCH, t, &r.base, rule_ids, bw.group_ids);
                for (int s = 0; s < p->n_stores; s++) {
                    const struct backup_rule_ids *ids =
                        pass == 0 ? rule_ids + bs->rule_first[s] : NULL;
                    double loss;
                    int used = -1;
                    if (scope == 2) {
                        struct backup_damage dm = damage_at(t, dwell, DAMAGE_DELETES_AT_DETECTION);
                        loss = backup_store_loss_damaged(&p->stores[s], s, OUTAGE_NONE, EPOCH, &dm,
                                                         &r.base, bw.store_ids[s], ids, b, NULL,
                                                         &used);
                    } else {
                        loss = backup_store_loss_shared(&p->stores[s], s,
                                                        scope ? OUTAGE_REGION : OUTAGE_ZONE, EPOCH,
                                                        t, &r.base, bw.store_ids[s], ids, b, NULL);
                    }
                    double *w = &want[((size_t)k * N_CASE + (size_t)c) * PLAN_MAX_STORES +
                                      (size_t)s];
                    int *wr = &want_rule[(size_t)k * PLAN_MAX_STORES + (size_t)s];
                    if (pass == 0) {
                        *w = loss;
                        if (c == N_CASE - 1)
                            *wr = used;
                    } else {
                        cr_assert(memcmp(w, &loss, sizeof loss) == 0,
                                  "outage %u case %d store %d: %.17g %.17g", k, c, s, *w, loss);
                        cr_assert(c != N_CASE - 1 || *wr == used, "outage %u store %d", k, s);
                    }
                }
            }
        }
    }
    free(want);
    free(want_rule);
    builtin_walks_close(&bw);
}

/* The damaged stores answered without a walk (damage_fixed, backup_damage_fixed_loss) get
 * that answer from the walk too (asked with *why, which always walks), in every scope,
 * with and without deletion, at many onsets and dwell times: 0 when ephemeral or
 * rebuilt, else INFINITY, and no rule used. The built-in plan's ransomware (deleting,
 * nothing destroyed) has several such stores, so the shortcut is taken there. */
Test(backup_shared, damage_fixed_stores_need_no_walk)
{
    struct builtin_walks bw;
    builtin_walks_open(&bw);
    struct plan *p = bw.p;
    struct backup_shared *bs = bw.bs;
    struct backup_rule_ids *rule_ids = bw.rule_ids;
    cr_assert_geq(__builtin_popcountll(bs->damage_fixed[OUTAGE_NONE * 2 + 1]), 8);
    cr_assert(bs->damage_fixed[OUTAGE_NONE * 2 + 1] != ~UINT64_C(0) >> (64 - p->n_stores));
    struct rng_stream r, rt;
    rng(&r, 35);
    rng(&rt, 36);
    for (uint32_t k = 0; k < 200; k++) {
        double t = YEAR * rng_uniform(&rt), dwell = 20 * D * rng_uniform(&rt);
        rng_trial(&r, k);
        backup_shared_run(bs, EPOCH, t, &r.base, rule_ids, bw.group_ids);
        for (int j = 0; j < 6; j++)
            for (int s = 0; s < p->n_stores; s++) {
                if (!(bs->damage_fixed[j] >> s & 1))
                    continue;
                const struct store *st = &p->stores[s];
                struct backup_damage dm =
                    damage_at(t, dwell, j % 2 ? DAMAGE_DELETES_AT_DETECTION : DAMAGE_DELETES_NONE);
                int used = 7, why = 0;
                double loss = backup_store_loss_damaged(st, s, (enum outage_scope)(j / 2), EPOCH,
                                                        &dm, &r.base, bw.store_ids[s],
                                                        rule_ids + bs->rule_first[s], bs, &why,
                                                        &used);
                double want =
                    st->ephemeral || st->recovery == STORE_RECOVER_REBUILD ? 0.0 : INFINITY;
                cr_assert(loss == want && loss == backup_damage_fixed_loss(st) && used == -1,
                          "case %d store %d: %g", j, s, loss);
            }
    }
    builtin_walks_close(&bw);
}

/* The damage walk passes a scheduled rule over by its day_bound, without its first
 * point, when a continuous rule answered newer: the built-in plan's PITR and its rules at
 * 03:00, 06:30, 13:00, 22:00 and 23:00. Onsets up to ten minutes after those times put
 * the PITR's point (up to five minutes behind) on either side of a scheduled point, and
 * onsets exactly at them on it; the answers (loss and rule) must be those of the walk
 * that reads every rule (no rule identities given: no masks, no bounds). */
Test(backup_shared, damage_day_bound_passes_over_only_older_rules)
{
    struct builtin_walks bw;
    builtin_walks_open(&bw);
    struct plan *p = bw.p;
    struct backup_shared *bs = bw.bs;
    struct backup_rule_ids *rule_ids = bw.rule_ids;
    static const double times_h[] = {3.0, 6.5, 13.0, 22.0, 23.0};
    struct rng_stream r, rt;
    rng(&r, 37);
    rng(&rt, 38);
    int n_used = 0;
    for (uint32_t k = 0; k < 600; k++) {
        double day = floor(365 * rng_uniform(&rt)), h = times_h[k % 5];
        double after = k % 3 == 0 ? 0.0 : 600.0 * rng_uniform(&rt);
        double t = day * D + h * 3600.0 + after, dwell = 8 * D * rng_uniform(&rt);
        for (int del = 0; del < 2; del++) {
            struct backup_damage dm =
                damage_at(t, dwell, del ? DAMAGE_DELETES_AT_DETECTION : DAMAGE_DELETES_NONE);
            for (int s = 0; s < p->n_stores; s++) {
                double loss[2];
                int used[2];
                for (int plain = 0; plain < 2; plain++) {
                    rng_trial(&r, k);
                    backup_shared_run(bs, EPOCH, t, &r.base, rule_ids, bw.group_ids);
                    loss[plain] = backup_store_loss_damaged(
                        &p->stores[s], s, OUTAGE_NONE, EPOCH, &dm, &r.base, bw.store_ids[s],
                        plain ? NULL : rule_ids + bs->rule_first[s], bs, NULL, &used[plain]);
                }
                cr_assert(memcmp(&loss[0], &loss[1], sizeof loss[0]) == 0 && used[0] == used[1],
                          "onset %u deleted %d store %d: %.17g (rule %d) %.17g (rule %d)", k,
                          del, s, loss[0], used[0], loss[1], used[1]);
                n_used += used[0] > 0;
            }
        }
    }
    /* Some answers come from a scheduled rule after the PITR (index 0). */
    cr_assert_gt(n_used, 100);
    builtin_walks_close(&bw);
}

/* On the built-in plan (failure groups, copy queues, rules on shared schedules), and on
 * it with a narrow copy region. */
Test(backup_shared, batched_draws_and_memos_change_nothing)
{
    struct diag_list d;
    struct plan *p = NULL;
    cr_assert_eq(load_plan_builtin(&d, &p), LOAD_OK);
    int unqueued = 0;
    cr_assert(compare_shared(p, &unqueued) & BACKUP_WHY_GROUP);
    cr_assert_gt(unqueued, 100, "the queue's bound spared %d runs", unqueued);
    /* A narrow region (one copy at a time, slowly) so that copies wait in its queue. */
    cr_assert_geq(p->n_copy_regions, 1);
    p->copy_regions[0].concurrency = 1;
    p->copy_regions[0].bandwidth = p->copy_regions[0].per_copy = 20e6;
    cr_assert(compare_shared(p, &unqueued) & BACKUP_WHY_QUEUED);
    plan_free(p);
    diag_fini(&d);
}

/* With shared state the walks find a store's rules by the masks made once (rule_masks),
 * pass over those whose first point (kept per outage for rules alike) is no better than
 * the best so far, and walk in their own instance; without it, by reading every rule:
 * the same losses,
 * and the same clean rule, to the bit, in every scope and in damage with and without
 * deletion, for stores whose rules differ in schedule, location, immutability, completion
 * and failure. */
Test(backup_shared, rule_masks_and_plain_walks_agree)
{
    struct dist logn = dist_fixed(0);
    logn.kind = DIST_LOGNORMAL;
    cr_assert_eq(dist_lognormal_from_quantile(2 * H, 8 * H, 0.9, &logn.p[0], &logn.p[1]), 0);
    struct backup_rule rules[6] = {
        rule("every 1h", uniform(0, 2 * H), 0.2, 2 * D, BACKUP_IN_ZONE),
        rule("daily 02:00", logn, 0.1, 10 * D, BACKUP_CROSS_REGION),
        rule("weekly Sun 03:00", dist_fixed(2 * H), 0.05, 30 * D, BACKUP_IN_REGION),
        rule("every 6h", logn, 0.3, 5 * D, BACKUP_IN_REGION),
        rule("daily 13:00", uniform(H, 9 * H), 0.02, 20 * D, BACKUP_CROSS_REGION),
        rule("every 4h", logn, 0.0, 3 * D, BACKUP_IN_ZONE),
    };
    rules[0].name = "a";
    rules[1].name = "b";
    rules[2].name = "c";
    rules[3].name = "d";
    rules[4].name = "e";
    rules[5].name = "f";
    rules[1].immutable = rules[3].immutable = 1;
    /* A continuous rule, and one whose every point fails (left out of the masks). */
    cr_assert_eq(sched_parse("continuous", 0, &rules[0].schedule, &(const char *){NULL},
                             &(size_t){0}),
                 0);
    rules[0].lag = uniform(0, 600);
    rules[5].failure_prob = 1.0;
    struct store stores[3];
    memset(stores, 0, sizeof stores);
    stores[0].rules = rules;        /* all six */
    stores[0].n_rules = 6;
    stores[1].rules = rules + 2;    /* c, d, e */
    stores[1].n_rules = 3;
    stores[2].rules = rules + 5;    /* f alone */
    stores[2].n_rules = 1;
    struct plan p;
    memset(&p, 0, sizeof p);
    p.stores = stores;
    p.n_stores = 3;
    cr_assert_eq(backup_bounds_init(&p), 0); /* as the loader would (rules b, d, f) */
    struct backup_shared *bs = backup_shared_new(&p);
    cr_assert(bs && bs->rule_masks);
    struct backup_rule_ids ids[10]; /* a store's rules each have their own identity: 6 + 3 + 1 */
    uint64_t store_ids[3];
    for (int st = 0; st < 3; st++) {
        store_ids[st] = dist_rng_id(41, (uint64_t)st);
        for (size_t i = 0; i < stores[st].n_rules; i++)
            ids[bs->rule_first[st] + (int)i] =
                backup_rule_ids_of(store_ids[st], &stores[st].rules[i]);
    }
    struct rng_stream r, rt;
    rng(&r, 42);
    rng(&rt, 43);
    for (uint32_t k = 0; k < 4000; k++) {
        double t = YEAR * rng_uniform(&rt), dwell = 12 * D * rng_uniform(&rt);
        rng_trial(&r, k);
        for (int st = 0; st < 3; st++) {
            const struct backup_rule_ids *rid = ids + bs->rule_first[st];
            for (int sc = OUTAGE_ZONE; sc <= OUTAGE_NONE; sc++) {
                enum outage_scope scope = (enum outage_scope)sc;
                backup_shared_run(bs, EPOCH, t, &r.base, ids, NULL);
                double a = backup_store_loss_shared(&stores[st], st, scope, EPOCH, t, &r.base,
                                                    store_ids[st], rid, bs, NULL);
                double b = backup_store_loss(&stores[st], scope, EPOCH, t, &r.base,
                                             store_ids[st], rid);
                cr_assert(memcmp(&a, &b, sizeof a) == 0, "trial %u store %d scope %d: %.17g %.17g",
                          k, st, sc, a, b);
                for (int del = 0; del < 2; del++) {
                    enum damage_deletes dd = del ? DAMAGE_DELETES_AT_DETECTION
                                                 : DAMAGE_DELETES_NONE;
                    struct backup_damage dm = damage_at(t, dwell, dd);
                    int used_a, used_b;
                    a = backup_store_loss_damaged(&stores[st], st, scope, EPOCH, &dm, &r.base,
                                                  store_ids[st], rid, bs, NULL, &used_a);
                    b = backup_store_loss_damaged(&stores[st], st, scope, EPOCH, &dm, &r.base,
                                                  store_ids[st], rid, NULL, NULL, &used_b);
                    cr_assert(memcmp(&a, &b, sizeof a) == 0 && used_a == used_b,
                              "trial %u store %d scope %d deletes %d: %.17g %.17g", k, st, sc,
                              del, a, b);
                }
            }
        }
        /* The stores (rules c, d and e are in two) asked in turn at three detections of
         * one onset, the pairs (t, t_ret) changing between calls and coming back: the
         * first points kept per pair (first_p) are never another pair's. */
        const double dwells[3] = {dwell, 0.0, 0.5 * dwell};
        backup_shared_run(bs, EPOCH, t, &r.base, ids, NULL);
        for (int turn = 0; turn < 9; turn++) {
            int st = turn % 3;
            struct backup_damage dm =
                damage_at(t, dwells[(turn / 3 + st) % 3], DAMAGE_DELETES_NONE);
            const struct backup_rule_ids *rid = ids + bs->rule_first[st];
            double a = backup_store_loss_damaged(&stores[st], st, OUTAGE_REGION, EPOCH, &dm,
                                                 &r.base, store_ids[st], rid, bs, NULL, NULL);
            double b = backup_store_loss_damaged(&stores[st], st, OUTAGE_REGION, EPOCH, &dm,
                                                 &r.base, store_ids[st], rid, NULL, NULL, NULL);
            cr_assert(memcmp(&a, &b, sizeof a) == 0, "trial %u turn %d: %.17g %.17g", k, turn,
                      a, b);
        }
    }
    backup_shared_free(bs);
    backup_bounds_fini(&p);
}

/* One copy for the reference queue below. */
struct ref_job {
    double ready, left, done;
    int region, k, j;
};

static int ref_job_order(const void *a, const void *b)
{
    const struct ref_job *x = a, *y = b;
    if (x->region != y->region)
        return x->region < y->region ? -1 : 1;
    if (x->ready != y->ready)
        return x->ready < y->ready ? -1 : 1;
    if (x->k != y->k)
        return x->k < y->k ? -1 : 1;
    return x->j > y->j ? -1 : x->j < y->j;
}

/* The copy queues of bs's trial at t recomputed the plain way, from the points and
 * completions bs simulated: every ready copy listed, sorted by region, ready time, rule
 * and older instant first, and each region run as processor sharing, scanning all
 * admitted jobs at every step. Returns how many copies it ran; checks that every slot's
 * finishing time is bs's, to the bit. */
static int check_queue_reference(const struct plan *p, const struct backup_shared *bs, double t)
{
    struct ref_job *jobs = calloc((size_t)bs->n_rules * BACKUP_COPY_POINTS + 1, sizeof *jobs);
    int n = 0;
    cr_assert(jobs);
    for (int s = 0; s < p->n_stores; s++)
        for (size_t i = 0; i < p->stores[s].n_rules; i++) {
            const struct backup_rule *br = &p->stores[s].rules[i];
            int k = bs->rule_first[s] + (int)i;
            for (int j = 0; br->copy_region && j < BACKUP_COPY_POINTS; j++) {
                size_t at = (size_t)k * BACKUP_COPY_POINTS + (size_t)j;
                double pt = bs->class_point_s[(size_t)bs->rule_sched[k] * BACKUP_COPY_POINTS +
                                              (size_t)j];
                double ready = pt + bs->copy_c_s[at];
                if (!isfinite(pt) || !(ready <= t))
                    continue;
                jobs[n++] = (struct ref_job){ready, br->copy_fraction * p->stores[s].size_bytes,
                                             INFINITY, br->copy_region, k, j};
            }
        }
    qsort(jobs, (size_t)n, sizeof *jobs, ref_job_order);
    for (int a = 0, b; a < n; a = b) {
        for (b = a; b < n && jobs[b].region == jobs[a].region; b++)
            ;
        const struct copy_region *cr = &p->copy_regions[jobs[a].region - 1];
        int next = a, flying = 0;
        double now = jobs[a].ready;
        while (now <= t) {
            while (next < b && jobs[next].ready <= now && flying < cr->concurrency) {
                next++;
                flying++;
            }
            if (flying == 0) {
                if (next >= b)
                    break;
                now = jobs[next].ready;
                continue;
            }
            double rate = fmin(cr->per_copy, cr->bandwidth / flying);
            double least = INFINITY;
            for (int i = a; i < next; i++)
                if (isinf(jobs[i].done) && jobs[i].left < least)
                    least = jobs[i].left;
            double t_fin = now + least / rate;
            double t_arr = next < b && flying < cr->concurrency ? jobs[next].ready : INFINITY;
            double t_next = fmin(t_fin, t_arr);
            if (t_next > t)
                break;
            for (int i = a; i < next; i++) {
                if (!isinf(jobs[i].done))
                    continue;
                if (t_next == t_fin && jobs[i].left <= least * (1.0 + 1e-12)) {
                    jobs[i].done = t_next;
                    flying--;
                } else {
                    jobs[i].left -= rate * (t_next - now);
                }
            }
            now = t_next;
        }
    }
    for (int i = 0; i < n; i++) {
        double got = bs->copy_done_s[(size_t)jobs[i].k * BACKUP_COPY_POINTS + (size_t)jobs[i].j];
        cr_assert(memcmp(&got, &jobs[i].done, sizeof got) == 0,
                  "t %.17g rule %d instant %d: %.17g %.17g", t, jobs[i].k, jobs[i].j, got,
                  jobs[i].done);
        /* The walk takes a copy ready copy_bound_s (or settle_bound_s) before t as done
         * without the queue. */
        double bound = fmin(bs->copy_bound_s[jobs[i].k], bs->settle_bound_s);
        cr_assert(got <= jobs[i].ready + bound || jobs[i].ready + bound > t,
                  "t %.17g rule %d instant %d: ready %.17g, done %.17g, bound %.17g", t,
                  jobs[i].k, jobs[i].j, jobs[i].ready, got, bound);
    }
    free(jobs);
    return n;
}

/* Region outages at random instants: the queue's finishing times are the reference's
 * (the queue ran in enough of them, with several copies each). Returns how many ran it. */
static int compare_queue_reference(const struct plan *p)
{
    struct backup_shared *bs = backup_shared_new(p);
    cr_assert(bs);
    bs->first_uniforms = test_first_uniforms;
    uint64_t store_ids[PLAN_MAX_STORES], group_ids[8];
    struct backup_rule_ids *rule_ids = plan_ids(p, bs, 78, 6, store_ids, group_ids);
    struct rng_stream r, rt;
    rng(&r, 41);
    rng(&rt, 42);
    int runs = 0, copies = 0;
    for (uint32_t k = 0; k < 3000; k++) {
        double t = YEAR * rng_uniform(&rt);
        rng_trial(&r, k);
        backup_shared_run(bs, EPOCH, t, &r.base, rule_ids, group_ids);
        for (int s = 0; s < p->n_stores && !bs->queues_run; s++) {
            int why;
            backup_store_loss_shared(&p->stores[s], s, OUTAGE_REGION, EPOCH, t, &r.base,
                                     store_ids[s], rule_ids + bs->rule_first[s], bs, &why);
        }
        if (!bs->queues_run)
            continue;
        runs++;
        copies += check_queue_reference(p, bs, t);
    }
    cr_assert_gt(runs, 100);
    cr_assert_gt(copies, 4 * runs);
    free(rule_ids);
    backup_shared_free(bs);
    return runs;
}

/* The copy queues (sorted as they are made, a short in-flight list) against the plain
 * computation: on the built-in plan; narrowed to two copies at a time sharing less than
 * two copies' rate; one at a time; and with the copies of every other store sent to a
 * second region (so that jobs of two regions are sorted together). */
Test(backup_shared, queue_matches_reference)
{
    struct diag_list d;
    struct plan *p = NULL;
    cr_assert_eq(load_plan_builtin(&d, &p), LOAD_OK);
    cr_assert_eq(p->n_copy_regions, 1);
    compare_queue_reference(p);
    struct copy_region *one = p->copy_regions, two[2] = {one[0], one[0]};
    p->copy_regions = two;
    p->n_copy_regions = 2;
    two[0].concurrency = 2;
    two[0].per_copy = two[0].bandwidth * 0.7;
    compare_queue_reference(p);
    two[0].concurrency = 1;
    two[0].bandwidth = two[0].per_copy = 20e6;
    compare_queue_reference(p);
    two[1].concurrency = 3;
    two[1].bandwidth = 30e6;
    two[1].per_copy = 15e6;
    for (int s = 1; s < p->n_stores; s += 2)
        for (size_t i = 0; i < p->stores[s].n_rules; i++)
            if (p->stores[s].rules[i].copy_region == 1)
                p->stores[s].rules[i].copy_region = 2;
    compare_queue_reference(p);
    for (int s = 1; s < p->n_stores; s += 2)
        for (size_t i = 0; i < p->stores[s].n_rules; i++)
            if (p->stores[s].rules[i].copy_region == 2)
                p->stores[s].rules[i].copy_region = 1;
    p->copy_regions = one;
    p->n_copy_regions = 1;
    plan_free(p);
    diag_fini(&d);
}

/* Plan p (made here) of n stores, store i with the one rule rules[i] (stores zeroed
 * by the caller), and its shared state (asserted made; the caller frees it). */
static struct backup_shared *one_rule_stores(struct plan *p, struct store *stores,
                                             struct backup_rule *rules, int n)
{
    for (int i = 0; i < n; i++) {
        stores[i].rules = &rules[i];
        stores[i].n_rules = 1;
    }
    memset(p, 0, sizeof *p);
    p->stores = stores;
    p->n_stores = n;
    struct backup_shared *bs = backup_shared_new(p);
    cr_assert(bs);
    return bs;
}

/* A monthly schedule's sched_prev answers are kept as spans of the instants that got them
 * (struct backup_sched_memo): through bs every store's loss is the one asked without it,
 * to the bit. Stores on one schedule with different fixed completion times ask different
 * instants in each outage; some outages start at an occurrence plus a completion time
 * (and a microsecond either side), and one schedule is in a zone with daylight saving
 * whose occurrences fall on the change days. */
Test(backup_shared, monthly_answers_kept_as_spans_are_sched_prev)
{
    struct tz *ny = NULL;
    const char *why = NULL;
    cr_assert_eq(tz_load("/usr/share/zoneinfo", "America/New_York",
                         (double)(EPOCH + 3 * 366) * D, &ny, &why), TZ_OK);
    const char *texts[] = {"monthly first-sun 13:00 Jan,Apr,Jul,Oct", "monthly 1 00:00",
                           "monthly last-sun 02:30"};
    const double late[] = {0.0, H + 0.5, 3 * D}; /* fixed completion times */
    enum { N_SCHED = 3, N_LATE = 3, N_ST = N_SCHED * N_LATE };
    struct backup_rule rules[N_ST];
    struct store stores[N_ST];
    memset(stores, 0, sizeof stores);
    for (int i = 0; i < N_ST; i++) {
        rules[i] = rule("every 1h", dist_fixed(late[i % N_LATE]), 0, 400 * D,
                        BACKUP_CROSS_REGION);
        size_t where;
        cr_assert_eq(sched_parse_in(texts[i / N_LATE], 0, i / N_LATE == 2 ? ny : NULL,
                                    &rules[i].schedule, &why, &where), 0);
    }
    struct plan p;
    struct backup_shared *bs = one_rule_stores(&p, stores, rules, N_ST);
    cr_assert_eq(bs->n_classes, N_SCHED);
    struct backup_rule_ids ids[N_ST] = {{0}};
    struct rng_stream rt;
    rng(&rt, 51);
    for (int k = 0; k < 20000; k++) {
        double t = 2 * YEAR * rng_uniform(&rt);
        if (k % 3 == 0) {
            int i = (int)(N_ST * rng_uniform(&rt));
            t = sched_prev(&rules[i].schedule, EPOCH, t) + late[i % N_LATE] +
                (k % 9 == 0 ? -1e-6 : k % 9 == 3 ? 0.0 : 1e-6);
        }
        backup_shared_run(bs, EPOCH, t, NULL, ids, NULL);
        for (int i = 0; i < N_ST; i++) {
            double a = backup_store_loss_shared(&stores[i], i, OUTAGE_REGION, EPOCH, t, NULL, 0,
                                                ids + i, bs, NULL);
            double b = backup_store_loss(&stores[i], OUTAGE_REGION, EPOCH, t, NULL, 0, ids + i);
            cr_assert(memcmp(&a, &b, sizeof a) == 0, "outage %d at %.17g, store %d: %.17g %.17g",
                      k, t, i, a, b);
        }
    }
    /* The spans grew: answers were given from them. */
    int widened = 0;
    for (int c = 0; c < N_SCHED; c++)
        for (int i = 0; i < BACKUP_SCHED_MEMO; i++)
            widened += bs->memo[c].lo[i] < bs->memo[c].hi[i];
    cr_assert_geq(widened, 3 * N_SCHED);
    backup_shared_free(bs);
    tz_free(ny);
}

/* A walk's newest point is sched_prev's, to the bit, for a fixed interval and for daily and
 * weekly times in offsets east and west of UTC (the schedules models/sched.c answers
 * without its general path), and for an IANA zone and a monthly schedule: through a walk
 * with and without shared state, at random instants over three years either side of the
 * epoch and at occurrences (and a microsecond either side). */
Test(backup_shared, fixed_offset_schedules_are_sched_prev)
{
    struct tz *ny = NULL;
    const char *why = NULL;
    cr_assert_eq(tz_load("/usr/share/zoneinfo", "America/New_York",
                         (double)(EPOCH + 3 * 366) * D, &ny, &why), TZ_OK);
    const char *texts[] = {"every 1h",          "every 5m",           "every 6h at 01:30",
                           "every 7h at 00:17", "daily 02:00",        "daily 13:00 Mon-Sat",
                           "weekly Sun 13:00",  "daily 23:59 Sat,Sun", "daily 00:00",
                           "monthly 1 00:00",   "daily 02:30"};
    const double tz[] = {0.0, 19800.0, -25200.0, 20700.0};
    enum { N_TEXT = 11, N_TZ = 4, N_ST = N_TEXT * N_TZ };
    const double late = 0.25 * H; /* a fixed completion: the walk starts at t - late */
    struct backup_rule rules[N_ST];
    struct store stores[N_ST];
    memset(stores, 0, sizeof stores);
    for (int i = 0; i < N_ST; i++) {
        rules[i] = rule("every 1h", dist_fixed(late), 0, 1e12, BACKUP_CROSS_REGION);
        size_t where;
        /* The last text in New York time (sched_prev's own arithmetic). */
        int zoned = i / N_TZ == N_TEXT - 1;
        cr_assert_eq(sched_parse_in(texts[i / N_TZ], tz[i % N_TZ], zoned ? ny : NULL,
                                    &rules[i].schedule, &why, &where), 0);
    }
    struct plan p;
    struct backup_shared *bs = one_rule_stores(&p, stores, rules, N_ST);
    struct backup_rule_ids ids[N_ST] = {{0}};
    struct rng_stream rt;
    rng(&rt, 52);
    for (int k = 0; k < 20000; k++) {
        double t = 6 * YEAR * (rng_uniform(&rt) - 0.5);
        if (k % 3 == 0) {
            int i = (int)(N_ST * rng_uniform(&rt));
            t = sched_prev(&rules[i].schedule, EPOCH, t) + late +
                (k % 9 == 0 ? -1e-6 : k % 9 == 3 ? 0.0 : 1e-6);
        }
        backup_shared_run(bs, EPOCH, t, NULL, ids, NULL);
        for (int i = 0; i < N_ST; i++) {
            double want = t - sched_prev(&rules[i].schedule, EPOCH, t - late);
            double a = backup_store_loss_shared(&stores[i], i, OUTAGE_REGION, EPOCH, t, NULL, 0,
                                                ids + i, bs, NULL);
            double b = backup_store_loss(&stores[i], OUTAGE_REGION, EPOCH, t, NULL, 0, ids + i);
            cr_assert(memcmp(&a, &want, sizeof a) == 0 && memcmp(&b, &want, sizeof b) == 0,
                      "outage %d at %.17g, store %d: %.17g %.17g, sched_prev %.17g", k, t, i,
                      a, b, want);
        }
    }
    backup_shared_free(bs);
    tz_free(ny);
}

/* backup_stores_loss_damaged answers every damaged store of the built-in plan in one call
 * as backup_store_loss_damaged answers each (asked no reasons, and asked for them): the
 * same losses and the same clean rules, to the bit, with and without deletion, destroying
 * nothing or the region. */
Test(backup_shared, damaged_stores_in_one_call_are_each_alone)
{
    struct builtin_walks b;
    builtin_walks_open(&b);
    const uint64_t all = plan_first_bits(b.p->n_stores);
    struct rng_stream r, rt;
    rng(&r, 61);
    rng(&rt, 62);
    for (uint32_t k = 0; k < 1500; k++) {
        double t = YEAR * rng_uniform(&rt), dwell = 20 * D * rng_uniform(&rt);
        enum damage_deletes dd = k % 2 ? DAMAGE_DELETES_AT_DETECTION : DAMAGE_DELETES_NONE;
        enum outage_scope scope = k % 3 ? OUTAGE_NONE : OUTAGE_REGION;
        struct backup_damage dm = damage_at(t, dwell, dd);
        rng_trial(&r, k);
        double loss[PLAN_MAX_STORES];
        int used[PLAN_MAX_STORES];
        backup_shared_run(b.bs, EPOCH, dm.onset_abs_s, &r.base, b.rule_ids, b.group_ids);
        backup_stores_loss_damaged(b.bs, all, scope, EPOCH, &dm, &r.base, b.store_ids, b.rule_ids,
                                   loss, used);
        for (int s = 0; s < b.p->n_stores; s++) {
            for (int traced = 0; traced < 2; traced++) {
                int why = 0, used_one = -2;
                backup_shared_run(b.bs, EPOCH, dm.onset_abs_s, &r.base, b.rule_ids,
                                  b.group_ids);
                double one = backup_store_loss_damaged(
                    &b.p->stores[s], s, scope, EPOCH, &dm, &r.base, b.store_ids[s],
                    b.rule_ids + b.bs->rule_first[s], b.bs, traced ? &why : NULL, &used_one);
                cr_assert(memcmp(&one, &loss[s], sizeof one) == 0 && used_one == used[s],
                          "trial %u store %d traced %d: %.17g %.17g, rule %d %d", k, s, traced,
                          loss[s], one, used[s], used_one);
            }
        }
    }
    builtin_walks_close(&b);
}

/* sched_prev_quick's written-out fixed interval and daily time (models/sched.h) give
 * sched_prev's very numbers: at random instants, at the occurrences themselves and a
 * little either side of them, for schedules with and without offsets and fixed zones (and, asked of the
 * schedules it passes on, weekly and monthly ones and an IANA zone). */
Test(backup, sched_prev_quick_matches_sched_prev)
{
    static const char *texts[] = {
        "every 1h",          "every 15m",        "every 4h at 01:30", "every 7m",
        "every 1d",          "daily 02:00",      "daily 00:00",       "daily 23:59",
        "daily 13:00 Mon-Sat", "weekly Sun 13:00", "monthly 1 00:00"};
    static const double tzs[] = {0.0, 3600.0, -5 * 3600.0, 19800.0};
    struct tz *ny = NULL;
    const char *tz_why = NULL;
    cr_assert_eq(tz_load("/usr/share/zoneinfo", "America/New_York",
                         (double)(EPOCH + 3 * 366) * D, &ny, &tz_why), TZ_OK);
    struct rng_stream r;
    rng(&r, 71);
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        for (size_t z = 0; z <= sizeof tzs / sizeof *tzs; z++) {
            struct sched s;
            const char *why;
            size_t where;
            int zoned = z == sizeof tzs / sizeof *tzs;
            cr_assert_eq(sched_parse_in(texts[i], zoned ? 0.0 : tzs[z], zoned ? ny : NULL, &s,
                                        &why, &where),
                         0, "%s", texts[i]);
            double t = 0.0;
            for (int k = 0; k < 4000; k++) {
                if (k % 4 == 0)
                    t = 3 * YEAR * rng_uniform(&r) - (k % 40 == 0 ? YEAR : 0.0);
                else if (k % 4 == 1)
                    t = sched_prev(&s, EPOCH, t);
                else
                    t = t + (k % 4 == 2 ? 1e-6 : -1e-6) * (1 + 1000 * rng_uniform(&r));
                double want = sched_prev(&s, EPOCH, t), got = sched_prev_quick(&s, EPOCH, t);
                cr_assert(memcmp(&want, &got, sizeof want) == 0, "%s tz %zu t %.17g: %.17g %.17g",
                          texts[i], z, t, want, got);
            }
            /* The edges of the written-out range: the epoch and either side of it, the
             * schedule's base, quotients near 2^52 (and for a fixed interval, whose
             * sched_prev converts no day number, past a long's range), infinities and NaN
             * (all passed on, or answered alike). The far instants only for the schedules
             * written out: the others' civil calendar would overflow there. */
            const int far = s.tz == NULL && (s.kind == SCHED_EVERY ||
                                             (s.kind == SCHED_DAILY && s.dow_mask == 0x7f));
            const int huge = far && s.kind == SCHED_EVERY;
            const double base = s.offset_s - s.tz_offset_s;
            const double span = s.kind == SCHED_EVERY ? s.interval_s : D;
            const double edges[] = {0.0,
                                    -0.0,
                                    0x1p-1074,
                                    -0x1p-1074,
                                    1e-9,
                                    -1e-9,
                                    base,
                                    nextafter(base, INFINITY),
                                    nextafter(base, -INFINITY),
                                    -s.tz_offset_s,
                                    nextafter(-s.tz_offset_s, INFINITY),
                                    far ? 0x1p52 * span : YEAR,
                                    far ? nextafter(0x1p52 * span, 0.0) : YEAR,
                                    huge ? 0x1p63 * span : YEAR,
                                    far ? -0x1p52 * span : -YEAR,
                                    huge ? 1e300 : YEAR,
                                    INFINITY,
                                    -INFINITY,
                                    NAN};
            for (size_t e = 0; e < sizeof edges / sizeof *edges; e++) {
                const double te = edges[e];
                double want = sched_prev(&s, EPOCH, te), got = sched_prev_quick(&s, EPOCH, te);
                cr_assert(memcmp(&want, &got, sizeof want) == 0,
                          "%s tz %zu edge %zu t %.17g: %.17g %.17g", texts[i], z, e, te, want,
                          got);
            }
        }
    tz_free(ny);
}
