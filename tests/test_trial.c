/* tests/test_trial.c: known answers for one trial of the engine. Statistical checks use
 * a fixed seed and a tolerance of four standard errors. */
#include <criterion/criterion.h>
#include <math.h>

#include "sim/trial.h"
#include "tests/sim_fixture.h"

#define SEED UINT64_C(0x5eed0fd125a57e41)

/* ---- backups: RPO of a periodic schedule ------------------------------------------------ */

static struct plan *rpo_plan(double interval, double lag, double failure)
{
    struct plan *p = fx_plan(1, 0, 1, 0);
    int st = fx_store(p, "db", 1e9, STORE_ZONE_NONE);
    fx_rule(p, st, interval, dist_fixed(lag), failure, BACKUP_CROSS_REGION);
    int s = fx_scenario(p, "region", OUTAGE_REGION);
    fx_step(p, s, "restore", dist_fixed(FX_HOUR), 0, 0);
    return p;
}

Test(trial, rpo_periodic_is_uniform_on_lag_to_interval_plus_lag)
{
    const double interval = FX_HOUR, lag = 10 * FX_MIN;
    const int n = 20000;
    struct plan *p = rpo_plan(interval, lag, 0.0);
    struct trial_worker *w = trial_worker_new(p, SEED);
    cr_assert_not_null(w);
    double *v = malloc(n * sizeof *v), sum = 0.0;
    for (int k = 0; k < n; k++) {
        const struct trial_result *r = trial_run(w, 0, (uint64_t)k, NULL);
        cr_assert(r->rpo_s >= lag && r->rpo_s <= interval + lag, "rpo %g", r->rpo_s);
        v[k] = r->rpo_s;
        sum += r->rpo_s;
    }
    double mean = sum / n, se = interval / sqrt(12.0) / sqrt(n);
    cr_expect(fabs(mean - (lag + interval / 2)) < 4 * se, "mean %g", mean);
    /* P90: the count below lag + 0.9 interval is binomial(n, 0.9). */
    int below = 0;
    for (int k = 0; k < n; k++)
        below += v[k] <= lag + 0.9 * interval;
    double pb = (double)below / n;
    cr_expect(fabs(pb - 0.9) < 4 * sqrt(0.9 * 0.1 / n), "P(rpo <= p90) %g", pb);
    free(v);
    trial_worker_free(w);
    plan_free(p);
}

Test(trial, rpo_failures_shift_by_whole_intervals)
{
    const double interval = FX_HOUR, lag = 10 * FX_MIN, q = 0.2;
    const int n = 20000;
    struct plan *p = rpo_plan(interval, lag, q);
    struct trial_worker *w = trial_worker_new(p, SEED);
    int beyond = 0, beyond2 = 0;
    for (int k = 0; k < n; k++) {
        const struct trial_result *r = trial_run(w, 0, (uint64_t)k, NULL);
        beyond += r->rpo_s > interval + lag;
        beyond2 += r->rpo_s > 2 * interval + lag;
    }
    double p1 = (double)beyond / n, p2 = (double)beyond2 / n;
    cr_expect(fabs(p1 - q) < 4 * sqrt(q * (1 - q) / n), "P(rpo > interval+lag) %g", p1);
    cr_expect(fabs(p2 - q * q) < 4 * sqrt(q * q * (1 - q * q) / n), "P(> 2 intervals) %g", p2);
    trial_worker_free(w);
    plan_free(p);
}

/* ---- runbook timing ------------------------------------------------------------------- */

Test(trial, fixed_chain_rto_is_the_sum)
{
    struct plan *p = fx_plan(0, 0, 1, 0);
    int s = fx_scenario(p, "region", OUTAGE_REGION);
    int a = fx_step(p, s, "a", dist_fixed(10 * FX_MIN), 0, 0);
    int b = fx_step(p, s, "b", dist_fixed(20 * FX_MIN), 1, 0, a);
    fx_step(p, s, "c", dist_fixed(30 * FX_MIN), 1, 0, b);
    struct trial_worker *w = trial_worker_new(p, SEED);
    for (int k = 0; k < 10; k++) {
        const struct trial_result *r = trial_run(w, 0, (uint64_t)k, NULL);
        cr_assert_eq(r->rto_s, 10 * FX_MIN + 20 * FX_MIN + 30 * FX_MIN);
        cr_assert_eq(r->full_s, 3600.0);
        cr_assert_eq(r->recovered_by_outage_end, 0);
        cr_assert_eq(r->critical_mask, 7u);
        cr_assert_eq(r->steps[1].start_s, 600.0);
    }
    trial_worker_free(w);
    plan_free(p);
}

Test(trial, parallel_exponentials_join_at_the_max)
{
    const double m1 = FX_HOUR, m2 = 2 * FX_HOUR;
    const int n = 20000;
    struct plan *p = fx_plan(0, 0, 1, 0);
    int s = fx_scenario(p, "region", OUTAGE_REGION);
    int a = fx_step(p, s, "a", fx_exp(m1), 0, 0);
    int b = fx_step(p, s, "b", fx_exp(m2), 0, 0);
    fx_step(p, s, "join", dist_fixed(0.0), 2, 0, a, b);
    struct trial_worker *w = trial_worker_new(p, SEED);
    const double xs[] = {0.5 * FX_HOUR, FX_HOUR, 2 * FX_HOUR, 4 * FX_HOUR};
    int le[4] = {0};
    for (int k = 0; k < n; k++) {
        const struct trial_result *r = trial_run(w, 0, (uint64_t)k, NULL);
        cr_assert_eq(r->rto_s, fmax(r->steps[a].duration_s, r->steps[b].duration_s));
        for (int j = 0; j < 4; j++)
            le[j] += r->rto_s <= xs[j];
    }
    for (int j = 0; j < 4; j++) {
        double cdf = (1 - exp(-xs[j] / m1)) * (1 - exp(-xs[j] / m2));
        double est = (double)le[j] / n;
        cr_expect(fabs(est - cdf) < 4 * sqrt(cdf * (1 - cdf) / n), "x=%g est %g cdf %g", xs[j],
                  est, cdf);
    }
    trial_worker_free(w);
    plan_free(p);
}

Test(trial, one_person_does_two_steps_one_after_the_other)
{
    struct plan *p = fx_plan(0, 1, 1, 0);
    int dba = fx_role(p, "dba", 1, dist_fixed(0.0), dist_fixed(0.0), dist_fixed(0.0));
    int s = fx_scenario(p, "region", OUTAGE_REGION);
    int a = fx_step(p, s, "a", dist_fixed(FX_HOUR), 0, 1, dba);
    int b = fx_step(p, s, "b", dist_fixed(2 * FX_HOUR), 0, 1, dba);
    int j = fx_step(p, s, "join", dist_fixed(0.0), 2, 0, a, b);
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = trial_run(w, 0, 3, NULL);
    cr_assert_eq(r->rto_s, 3 * FX_HOUR);
    cr_assert_eq(r->steps[a].start_s, 0.0);
    cr_assert_eq(r->steps[b].start_s, FX_HOUR);
    cr_assert_eq(r->steps[b].staff_wait_s, FX_HOUR);
    cr_assert_eq(r->steps[b].release, TRIAL_RELEASE_PERSON);
    cr_assert_eq(r->steps[b].release_step, a);
    cr_assert_eq(r->steps[a].people[0], 0);
    cr_assert_eq(r->steps[b].people[0], 0);
    /* The path runs join <- b <- a: contributions 0 + 2 h + 1 h. */
    cr_assert_eq(r->critical_mask, (1u << a) | (1u << b) | (1u << j));
    cr_assert_eq(r->steps[a].contribution_s, FX_HOUR);
    cr_assert_eq(r->steps[b].contribution_s, 2 * FX_HOUR);
    trial_worker_free(w);
    plan_free(p);
}

Test(trial, response_time_follows_business_hours)
{
    const int n = 20000;
    struct plan *p = fx_plan(0, 1, 1, 0);
    int on = fx_role(p, "oncall", 1, dist_fixed(5 * FX_MIN), dist_fixed(FX_HOUR),
                     dist_fixed(FX_HOUR));
    int s = fx_scenario(p, "region", OUTAGE_REGION);
    fx_step(p, s, "act", dist_fixed(0.0), 0, 1, on);
    struct trial_worker *w = trial_worker_new(p, SEED);
    int fast = 0;
    for (int k = 0; k < n; k++) {
        const struct trial_result *r = trial_run(w, 0, (uint64_t)k, NULL);
        cr_assert(r->rto_s == 5 * FX_MIN || r->rto_s == FX_HOUR, "rto %g", r->rto_s);
        fast += r->rto_s == 5 * FX_MIN;
        cr_assert_eq(r->steps[0].release, TRIAL_RELEASE_STAFF);
        cr_assert_eq(r->steps[0].contribution_s, r->rto_s);
    }
    /* 365 days from a Monday: 52 weeks of 40 business hours plus one Monday's 8. */
    double frac = (52.0 * 40.0 + 8.0) / (365.0 * 24.0);
    double est = (double)fast / n;
    cr_expect(fabs(est - frac) < 4 * sqrt(frac * (1 - frac) / n), "est %g want %g", est, frac);
    trial_worker_free(w);
    plan_free(p);
}

static struct plan *outage_plan(double outage_s)
{
    struct plan *p = fx_plan(1, 0, 1, 0);
    int st = fx_store(p, "db", 1e9, STORE_ZONE_NONE);
    fx_rule(p, st, FX_HOUR, dist_fixed(0.0), 0.0, BACKUP_CROSS_REGION);
    int s = fx_scenario(p, "region", OUTAGE_REGION);
    p->scenarios[s].duration = dist_fixed(outage_s);
    int a = fx_step(p, s, "decide", dist_fixed(20 * FX_MIN), 0, 0);
    fx_step(p, s, "failover", dist_fixed(40 * FX_MIN), 1, 0, a);
    return p;
}

Test(trial, short_outage_ends_recovery_early)
{
    struct plan *p = outage_plan(30 * FX_MIN);
    struct trial_worker *w = trial_worker_new(p, SEED);
    for (int k = 0; k < 20; k++) {
        const struct trial_result *r = trial_run(w, 0, (uint64_t)k, NULL);
        cr_assert_eq(r->rto_s, 30 * FX_MIN);
        cr_assert_eq(r->recovered_by_outage_end, 1);
        cr_assert_eq(r->rpo_s, 0.0);
        cr_assert_eq(r->store_loss_s[0], 0.0);
        cr_assert(r->store_drawn_loss_s[0] > 0.0);
        cr_assert_eq(r->full_s, 30 * FX_MIN);
        cr_assert_eq(r->critical_mask, 0u);
        cr_assert_eq(r->steps[1].state, TRIAL_STEP_RUNNING);
    }
    trial_worker_free(w);
    plan_free(p);
}

Test(trial, commit_step_or_continue_rule_keeps_failover_going)
{
    struct plan *p = outage_plan(30 * FX_MIN);
    struct trial_worker *w = trial_worker_new(p, SEED);
    p->scenarios[0].commit_step = 0; /* "decide" started at 0, before the outage ended */
    const struct trial_result *r = trial_run(w, 0, 1, NULL);
    cr_assert_eq(r->rto_s, FX_HOUR);
    cr_assert_eq(r->recovered_by_outage_end, 0);
    cr_assert(r->rpo_s > 0.0);
    p->scenarios[0].commit_step = 1; /* "failover" starts at 20 m, also before 30 m */
    r = trial_run(w, 0, 1, NULL);
    cr_assert_eq(r->rto_s, FX_HOUR);
    p->scenarios[0].commit_step = -1;
    p->scenarios[0].on_outage_end = OUTAGE_END_CONTINUE;
    r = trial_run(w, 0, 1, NULL);
    cr_assert_eq(r->rto_s, FX_HOUR);
    cr_assert_eq(r->recovered_by_outage_end, 0);
    trial_worker_free(w);
    plan_free(p);
}

Test(trial, outage_ending_with_the_service_step_is_not_early)
{
    struct plan *p = outage_plan(FX_HOUR); /* ends exactly when the runbook does */
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = trial_run(w, 0, 0, NULL);
    cr_assert_eq(r->rto_s, FX_HOUR);
    cr_assert_eq(r->recovered_by_outage_end, 0);
    trial_worker_free(w);
    plan_free(p);
}

/* ---- escalation --------------------------------------------------------------------------- */

struct ev_log {
    int n;
    struct trial_event ev[256];
};

static void log_event(void *user, const struct trial_event *ev)
{
    struct ev_log *l = user;
    if (l->n < 256)
        l->ev[l->n++] = *ev;
}

Test(trial, escalation_to_a_stand_in)
{
    struct plan *p = fx_plan(0, 2, 1, 0);
    int on = fx_role(p, "oncall", 1, dist_fixed(5 * FX_MIN), dist_fixed(5 * FX_MIN),
                     dist_fixed(5 * FX_MIN));
    int cto = fx_role(p, "cto", 1, dist_fixed(2 * FX_HOUR), dist_fixed(2 * FX_HOUR),
                      dist_fixed(2 * FX_HOUR));
    p->roles[cto].escalate_after_s = 30 * FX_MIN;
    p->roles[cto].stand_in = on;
    int s = fx_scenario(p, "region", OUTAGE_REGION);
    fx_step(p, s, "decide", dist_fixed(10 * FX_MIN), 0, 1, cto);
    struct trial_worker *w = trial_worker_new(p, SEED);
    struct ev_log *log = calloc(1, sizeof *log);
    struct trial_trace tr = {log_event, log};
    const struct trial_result *r = trial_run(w, 0, 7, &tr);
    /* Paged at 0; nobody by 30 m; on-call paged then, arrives at 35 m, works 10 m. */
    cr_assert_eq(r->rto_s, 45 * FX_MIN);
    cr_assert_eq(r->steps[0].people[0], p->roles[on].first_person);
    cr_assert_eq(r->steps[0].n_stand_ins, 1);
    cr_assert_eq(r->steps[0].staff_wait_s, 35 * FX_MIN);
    int pages = 0, esc = 0;
    for (int i = 0; i < log->n; i++) {
        if (log->ev[i].kind == TRIAL_EV_PAGE && log->ev[i].role == on) {
            cr_assert_eq(log->ev[i].t_s, 30 * FX_MIN);
            cr_assert_eq(log->ev[i].stand_in_role, cto);
            pages++;
        }
        if (log->ev[i].kind == TRIAL_EV_ESCALATION) {
            cr_assert_eq(log->ev[i].role, cto);
            cr_assert_eq(log->ev[i].stand_in_role, on);
            esc++;
        }
    }
    cr_assert_eq(pages, 1);
    cr_assert_eq(esc, 1);

    /* A CTO who answers within the timeout does the step himself. */
    p->roles[cto].response[0] = p->roles[cto].response[1] = p->roles[cto].response[2] =
        dist_fixed(20 * FX_MIN);
    r = trial_run(w, 0, 7, NULL);
    cr_assert_eq(r->rto_s, 30 * FX_MIN);
    cr_assert_eq(r->steps[0].n_stand_ins, 0);
    free(log);
    trial_worker_free(w);
    plan_free(p);
}

/* ---- a random plan: critical path, trace, restore/failover durations ----------------------- */

static struct plan *random_plan(void)
{
    struct plan *p = fx_plan(3, 2, 2, 1);
    int db = fx_store(p, "db", 400e9, STORE_ZONE_SYNC);
    p->stores[db].failover = fx_uniform(60, 180);
    p->stores[db].throughput = fx_lognormal(150e6, 250e6);
    p->stores[db].overhead = dist_fixed(20 * FX_MIN);
    fx_rule(p, db, 6 * FX_HOUR, fx_lognormal(40 * FX_MIN, 90 * FX_MIN), 0.02,
            BACKUP_CROSS_REGION);
    int idx = fx_store(p, "search", 120e9, STORE_ZONE_CLUSTER);
    p->stores[idx].recovery = STORE_RECOVER_REBUILD;
    p->stores[idx].throughput = fx_uniform(20e6, 60e6);
    p->stores[idx].parallelism = 2;
    int ses = fx_store(p, "sessions", 2e9, STORE_ZONE_NONE);
    p->stores[ses].recovery = STORE_RECOVER_NONE;
    p->stores[ses].counts_for_rpo = 0;
    int on = fx_role(p, "oncall", 2, fx_lognormal(5 * FX_MIN, 15 * FX_MIN),
                     fx_lognormal(15 * FX_MIN, 45 * FX_MIN), fx_lognormal(20 * FX_MIN, FX_HOUR));
    int cto = fx_role(p, "cto", 1, fx_exp(10 * FX_MIN), fx_exp(40 * FX_MIN), fx_exp(FX_HOUR));
    p->roles[cto].escalate_after_s = 30 * FX_MIN;
    p->roles[cto].stand_in = on;

    int z = fx_scenario(p, "zone", OUTAGE_ZONE);
    p->scenarios[z].duration = fx_lognormal(3 * FX_HOUR, 10 * FX_HOUR);
    int d = fx_step(p, z, "detect", fx_uniform(120, 600), 0, 0);
    int f = fx_step(p, z, "failover-db", dist_fixed(0), 1, 0, d);
    p->scenarios[z].steps[f].kind = STEP_FAILOVER;
    p->scenarios[z].steps[f].store = db;
    fx_step(p, z, "verify", fx_uniform(5 * FX_MIN, 30 * FX_MIN), 1, 1, f, on);

    int g = fx_scenario(p, "region", OUTAGE_REGION);
    p->scenarios[g].duration = fx_lognormal(8 * FX_HOUR, 2 * FX_DAY);
    d = fx_step(p, g, "detect", fx_uniform(120, 600), 0, 0);
    int pg = fx_step(p, g, "page", dist_fixed(5 * FX_MIN), 1, 1, d, on);
    int dc = fx_step(p, g, "decide", fx_lognormal(20 * FX_MIN, FX_HOUR), 1, 1, pg, cto);
    int dp = fx_step(p, g, "deploy", fx_lognormal(FX_HOUR, 2 * FX_HOUR), 1, 1, dc, on);
    int rs = fx_step(p, g, "restore-db", dist_fixed(0), 1, 1, dc, on);
    p->scenarios[g].steps[rs].kind = STEP_RESTORE;
    p->scenarios[g].steps[rs].store = db;
    int sw = fx_step(p, g, "switch", fx_uniform(10 * FX_MIN, 30 * FX_MIN), 2, 1, dp, rs, on);
    int ri = fx_step(p, g, "reindex", dist_fixed(0), 1, 0, sw);
    p->scenarios[g].steps[ri].kind = STEP_RESTORE;
    p->scenarios[g].steps[ri].store = idx;
    p->scenarios[g].steps[ri].restoration = 1;
    p->scenarios[g].service_step = sw;
    p->scenarios[g].full_step = ri;
    p->scenarios[g].commit_step = dc;
    p->scenarios[g].declare_step = dc;
    fx_service(p, "checkout", 2, 8 * FX_HOUR, 24 * FX_HOUR, 1, db);
    p->services[0].restored_by[g] = sw;
    return p;
}

Test(trial, critical_path_contributions_sum_to_rto)
{
    struct plan *p = random_plan();
    struct trial_worker *w = trial_worker_new(p, SEED);
    int n_failover = 0;
    for (int s = 0; s < 2; s++)
        for (int k = 0; k < 5000; k++) {
            const struct trial_result *r = trial_run(w, s, (uint64_t)k, NULL);
            if (r->recovered_by_outage_end)
                continue;
            n_failover++;
            double sum = 0.0;
            for (int i = 0; i < r->n_steps; i++) {
                if (r->steps[i].on_path) {
                    cr_assert(r->critical_mask & (UINT64_C(1) << i));
                    cr_assert(r->steps[i].contribution_s >= r->steps[i].duration_s - 1e-9);
                    sum += r->steps[i].contribution_s;
                }
            }
            cr_assert(fabs(sum - r->rto_s) <= 1e-9 * r->rto_s, "s %d k %d sum %.17g rto %.17g",
                      s, k, sum, r->rto_s);
            cr_assert(r->critical_mask & (UINT64_C(1) << p->scenarios[s].service_step));
            cr_assert(r->critical_mask & 1u); /* detect starts every path */
        }
    cr_assert(n_failover > 1000);
    trial_worker_free(w);
    plan_free(p);
}

Test(trial, restore_and_failover_durations_follow_their_models)
{
    struct plan *p = random_plan();
    struct trial_worker *w = trial_worker_new(p, SEED);
    for (int k = 0; k < 200; k++) {
        const struct trial_result *r = trial_run(w, 1, (uint64_t)k, NULL);
        /* restore-db: 20 m + 400 GB / throughput, throughput lognormal > 0 */
        cr_assert(r->steps[4].duration_s > 20 * FX_MIN);
        /* reindex: 120 GB / (2 x 20..60 MB/s) = 1000..3000 s, no overhead */
        cr_assert(r->steps[6].duration_s >= 1000.0 - 1e-6 && r->steps[6].duration_s <= 3000.0 + 1e-6);
        r = trial_run(w, 0, (uint64_t)k, NULL);
        cr_assert(r->steps[1].duration_s >= 60.0 && r->steps[1].duration_s <= 180.0);
        /* Zone outage: the sync replica and the cluster lose nothing; sessions are lost. */
        cr_assert_eq(r->store_drawn_loss_s[0], 0.0);
        cr_assert_eq(r->store_drawn_loss_s[1], 0.0);
        cr_assert(isinf(r->store_drawn_loss_s[2]));
        cr_assert_eq(r->rpo_s, 0.0);
    }
    trial_worker_free(w);
    plan_free(p);
}

struct trace_check {
    int n;
    int n_start, n_end, n_ready;
    double last_t;
    int ordered;
    double service_value;
    int n_service;
};

static void check_event(void *user, const struct trial_event *ev)
{
    struct trace_check *c = user;
    c->n++;
    c->n_start += ev->kind == TRIAL_EV_STEP_START;
    c->n_end += ev->kind == TRIAL_EV_STEP_END;
    c->n_ready += ev->kind == TRIAL_EV_STEP_READY;
    if (ev->t_s < c->last_t)
        c->ordered = 0;
    c->last_t = ev->t_s;
    if (ev->kind == TRIAL_EV_SERVICE_RESTORED) {
        c->service_value = ev->value_s;
        c->n_service++;
    }
}

Test(trial, trace_is_the_same_trial)
{
    struct plan *p = random_plan();
    struct trial_worker *w = trial_worker_new(p, SEED);
    struct trial_worker *w2 = trial_worker_new(p, SEED);
    for (int s = 0; s < 2; s++)
        for (int k = 0; k < 300; k++) {
            /* w runs trials in order; w2 runs trial k cold, with a trace. */
            const struct trial_result *a = trial_run(w, s, (uint64_t)k, NULL);
            double rto = a->rto_s, rpo = a->rpo_s, full = a->full_s;
            uint64_t mask = a->critical_mask;
            struct trace_check c = {0, 0, 0, 0, 0.0, 1, NAN, 0};
            struct trial_trace tr = {check_event, &c};
            const struct trial_result *b = trial_run(w2, s, (uint64_t)(k * 7919 % 300), NULL);
            b = trial_run(w2, s, (uint64_t)k, &tr);
            cr_assert_eq(b->rto_s, rto);
            cr_assert_eq(b->rpo_s, rpo);
            cr_assert_eq(b->full_s, full);
            cr_assert_eq(b->critical_mask, mask);
            cr_assert_eq(c.n_service, 1);
            cr_assert_eq(c.service_value, rto);
            cr_assert(c.n_start >= c.n_end);
            if (!b->recovered_by_outage_end) {
                cr_assert_eq(c.n_end, b->n_steps);
                cr_assert_eq(c.n_ready, b->n_steps);
            }
        }
    trial_worker_free(w);
    trial_worker_free(w2);
    plan_free(p);
}

Test(trial, declaration_clock_and_services)
{
    struct plan *p = random_plan();
    struct trial_worker *w = trial_worker_new(p, SEED);
    p->rto_clock = RTO_FROM_DECLARATION;
    for (int k = 0; k < 500; k++) {
        const struct trial_result *r = trial_run(w, 1, (uint64_t)k, NULL);
        cr_assert(r->rto_s >= 0.0);
        if (!r->recovered_by_outage_end) {
            cr_assert_eq(r->rto_s, r->service_s - r->declared_s);
            cr_assert_eq(r->service_rto_s[0], r->rto_s); /* restored by the service step */
            cr_assert_eq(r->service_rpo_s[0], r->store_loss_s[0]);
        } else {
            cr_assert_eq(r->service_rpo_s[0], 0.0);
        }
    }
    trial_worker_free(w);
    plan_free(p);
}

Test(trial, event_names)
{
    cr_assert_str_eq(trial_event_name(TRIAL_EV_OUTAGE_START), "outage-start");
    cr_assert_str_eq(trial_event_name(TRIAL_EV_FULL_RESTORATION), "full-restoration");
}
