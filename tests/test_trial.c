/* tests/test_trial.c: known answers for one trial of the engine. Plans are written as
 * plan text and loaded with the real loader; statistical checks use a fixed seed and a
 * tolerance of four standard errors. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/load.h"
#include "sim/trial.h"
#include "sim/trial_int.h"
#include "tests/fixture.h"

#define SEED UINT64_C(0x5eed0fd125a57e41)
#define MIN 60.0
#define HOUR 3600.0

static int step_of(const struct plan *p, int s, const char *name)
{
    int i = scenario_find_step(&p->scenarios[s], name);
    cr_assert(i >= 0, "no step %s", name);
    return i;
}

#define HEAD "plan: {name: test}\ncalendar: {epoch: 2026-01-05}\n"

/* ---- backups: RPO of a periodic schedule ------------------------------------------------ */

static const char rpo_yaml[] = HEAD
    "stores:\n"
    "  db:\n"
    "    size: 1GB\n"
    "    backups:\n"
    "      hourly: {schedule: every 1h, complete: 10m, failure: %s, location: cross-region}\n"
    "    restore: {throughput: 100MB/s}\n"
    "scenarios:\n"
    "  region:\n"
    "    destroys: region\n"
    "    per_year: 1\n"
    "    duration: never\n"
    "    service_restored_by: restore\n"
    "    runbook:\n"
    "      restore: {restore: db}\n";

Test(trial, rpo_periodic_is_uniform_on_lag_to_interval_plus_lag)
{
    const double interval = HOUR, lag = 10 * MIN;
    const int n = 20000;
    struct plan *p = fixture_plan_text(rpo_yaml, "0");
    struct trial_worker *w = trial_worker_new(p, SEED);
    cr_assert_not_null(w);
    double sum = 0.0;
    int below = 0;
    for (int k = 0; k < n; k++) {
        const struct trial_result *r = trial_run(w, 0, (uint64_t)k, NULL);
        cr_assert(r->rpo_s >= lag && r->rpo_s <= interval + lag, "rpo %g", r->rpo_s);
        cr_assert_eq(r->rto_s, 10.0); /* 1 GB at 100 MB/s */
        sum += r->rpo_s;
        below += r->rpo_s <= lag + 0.9 * interval;
    }
    /* Mean lag + interval/2; the P90 is lag + 0.9 interval, i.e. the count below it is
     * binomial(n, 0.9). */
    double mean = sum / n, se = interval / sqrt(12.0 * n);
    cr_expect(fabs(mean - (lag + interval / 2)) < 4 * se, "mean %g", mean);
    double pb = (double)below / n;
    cr_expect(fabs(pb - 0.9) < 4 * sqrt(0.9 * 0.1 / n), "P(rpo <= P90) %g", pb);
    trial_worker_free(w);
    plan_free(p);
}

Test(trial, rpo_failures_shift_by_whole_intervals)
{
    const double interval = HOUR, lag = 10 * MIN, q = 0.2;
    const int n = 20000;
    struct plan *p = fixture_plan_text(rpo_yaml, "20%");
    struct trial_worker *w = trial_worker_new(p, SEED);
    int beyond = 0, beyond2 = 0;
    for (int k = 0; k < n; k++) {
        const struct trial_result *r = trial_run(w, 0, (uint64_t)k, NULL);
        beyond += r->rpo_s > interval + lag;
        beyond2 += r->rpo_s > 2 * interval + lag;
    }
    /* The newest complete point failed with probability q, the two newest with q^2. */
    double p1 = (double)beyond / n, p2 = (double)beyond2 / n;
    cr_expect(fabs(p1 - q) < 4 * sqrt(q * (1 - q) / n), "P(rpo > interval+lag) %g", p1);
    cr_expect(fabs(p2 - q * q) < 4 * sqrt(q * q * (1 - q * q) / n), "P(> 2 intervals) %g", p2);
    trial_worker_free(w);
    plan_free(p);
}

/* ---- runbook timing ------------------------------------------------------------------- */

#define SCENARIO(service) \
    "scenarios:\n  region:\n    destroys: region\n    per_year: 1\n    duration: never\n" \
    "    service_restored_by: " service "\n    runbook:\n"

Test(trial, fixed_chain_rto_is_the_sum)
{
    struct plan *p = fixture_plan_text(HEAD SCENARIO("c")
                                       "      a: {duration: 10m}\n"
                                       "      b: {duration: 20m, after: [a]}\n"
                                       "      c: {duration: 30m, after: [b]}\n");
    struct trial_worker *w = trial_worker_new(p, SEED);
    for (int k = 0; k < 10; k++) {
        const struct trial_result *r = trial_run(w, 0, (uint64_t)k, NULL);
        cr_assert_eq(r->rto_s, 10 * MIN + 20 * MIN + 30 * MIN);
        cr_assert_eq(r->full_s, HOUR);
        cr_assert_eq(r->in_place, 0);
        cr_assert_eq(r->critical_mask, 7u);
        cr_assert_eq(r->steps[step_of(p, 0, "b")].start_s, 10 * MIN);
    }
    trial_worker_free(w);
    plan_free(p);
}

Test(trial, parallel_exponentials_join_at_the_max)
{
    const double m1 = HOUR, m2 = 2 * HOUR;
    const int n = 20000;
    struct plan *p = fixture_plan_text(HEAD SCENARIO("join")
                                       "      a: {duration: {dist: exponential, mean: 1h}}\n"
                                       "      b: {duration: {dist: exponential, mean: 2h}}\n"
                                       "      join: {duration: 0s, after: [a, b]}\n");
    int a = step_of(p, 0, "a"), b = step_of(p, 0, "b");
    struct trial_worker *w = trial_worker_new(p, SEED);
    const double xs[] = {0.5 * HOUR, HOUR, 2 * HOUR, 4 * HOUR};
    int le[4] = {0};
    for (int k = 0; k < n; k++) {
        const struct trial_result *r = trial_run(w, 0, (uint64_t)k, NULL);
        cr_assert_eq(r->rto_s, fmax(r->steps[a].duration_s, r->steps[b].duration_s));
        for (int j = 0; j < 4; j++)
            le[j] += r->rto_s <= xs[j];
    }
    /* P(max <= x) is the product of the two CDFs. */
    for (int j = 0; j < 4; j++) {
        double cdf = (1 - exp(-xs[j] / m1)) * (1 - exp(-xs[j] / m2));
        double est = (double)le[j] / n;
        cr_expect(fabs(est - cdf) < 4 * sqrt(cdf * (1 - cdf) / n), "x=%g est %g cdf %g", xs[j],
                  est, cdf);
    }
    trial_worker_free(w);
    plan_free(p);
}

static const char one_dba_yaml[] = HEAD
    "staffing:\n"
    "  roles:\n"
    "    dba: {count: 1, response: {business: 0s}}\n"
    SCENARIO("join")
    "      a: {needs: [dba], duration: 1h}\n"
    "      b: {needs: [dba], duration: 2h}\n"
    "      join: {duration: 0s, after: [a, b]}\n";

Test(trial, one_person_does_two_steps_one_after_the_other)
{
    struct plan *p = fixture_plan_text("%s", one_dba_yaml);
    int a = step_of(p, 0, "a"), b = step_of(p, 0, "b"), j = step_of(p, 0, "join");
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = trial_run(w, 0, 3, NULL);
    cr_assert_eq(r->rto_s, 3 * HOUR);
    cr_assert_eq(r->steps[a].start_s, 0.0);
    cr_assert_eq(r->steps[b].start_s, HOUR);
    cr_assert_eq(r->steps[b].staff_wait_s, HOUR);
    cr_assert_eq(r->steps[b].release, TRIAL_RELEASE_PERSON);
    cr_assert_eq(r->steps[b].release_step, a);
    cr_assert_eq(r->steps[a].people[0], 0);
    cr_assert_eq(r->steps[b].people[0], 0);
    /* The path runs join <- b <- a: contributions 0 + 2 h + 1 h. */
    cr_assert_eq(r->critical_mask, (1u << a) | (1u << b) | (1u << j));
    cr_assert_eq(r->steps[a].contribution_s, HOUR);
    cr_assert_eq(r->steps[b].contribution_s, 2 * HOUR);
    trial_worker_free(w);
    plan_free(p);
}

Test(trial, a_step_that_can_never_get_its_people_gives_infinite_rto)
{
    /* The loader refuses more people of a role than it has (without stand-ins); the
     * engine must still not hang or produce NaN if a plan asks for them. */
    struct plan *p = fixture_plan_text("%s", one_dba_yaml);
    int a = step_of(p, 0, "a");
    p->scenarios[0].steps[a].needs[1] = p->scenarios[0].steps[a].needs[0];
    p->scenarios[0].steps[a].n_needs = p->scenarios[0].steps[a].n_required = 2;
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = trial_run(w, 0, 0, NULL);
    cr_assert(isinf(r->rto_s));
    cr_assert(isinf(r->full_s));
    cr_assert_eq(r->critical_mask, 0u);
    cr_assert_eq(r->steps[a].state, TRIAL_STEP_READY);
    /* If the outage ends, the primary comes back anyway. */
    p->scenarios[0].duration = dist_fixed(5 * HOUR);
    r = trial_run(w, 0, 0, NULL);
    cr_assert_eq(r->rto_s, 5 * HOUR);
    cr_assert_eq(r->in_place, 1);
    trial_worker_free(w);
    plan_free(p);
}

Test(trial, response_time_follows_business_hours)
{
    const int n = 20000;
    struct plan *p = fixture_plan_text(HEAD
                                       "staffing:\n"
                                       "  business_hours: Mon-Fri 09:00-17:00\n"
                                       "  roles:\n"
                                       "    oncall: {count: 1, response: {business: 5m, night: 1h, "
                                       "weekend: 1h}}\n"
                                       SCENARIO("act")
                                       "      act: {needs: [oncall], duration: 0s}\n");
    struct trial_worker *w = trial_worker_new(p, SEED);
    int fast = 0;
    for (int k = 0; k < n; k++) {
        const struct trial_result *r = trial_run(w, 0, (uint64_t)k, NULL);
        cr_assert(r->rto_s == 5 * MIN || r->rto_s == HOUR, "rto %g", r->rto_s);
        fast += r->rto_s == 5 * MIN;
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

/* ---- the outage ending by itself ----------------------------------------------------------- */

static const char outage_yaml[] = HEAD
    "stores:\n"
    "  db:\n"
    "    size: 1GB\n"
    "    backups:\n"
    "      hourly: {schedule: every 1h, location: cross-region}\n"
    "    restore: {throughput: 100MB/s}\n"
    "scenarios:\n"
    "  region:\n"
    "    destroys: region\n"
    "    per_year: 1\n"
    "    duration: %s\n"
    "    on_outage_end: %s\n"
    "%s"
    "    service_restored_by: failover\n"
    "    runbook:\n"
    "      decide: {duration: 20m}\n"
    "      failover: {duration: 40m, after: [decide]}\n";

Test(trial, short_outage_ends_recovery_early)
{
    struct plan *p = fixture_plan_text(outage_yaml, "30m", "restores", "");
    struct trial_worker *w = trial_worker_new(p, SEED);
    for (int k = 0; k < 20; k++) {
        const struct trial_result *r = trial_run(w, 0, (uint64_t)k, NULL);
        cr_assert_eq(r->rto_s, 30 * MIN);
        cr_assert_eq(r->in_place, 1);
        cr_assert_eq(r->rpo_s, 0.0);
        cr_assert_eq(r->store_loss_s[0], 0.0);
        cr_assert(r->store_drawn_loss_s[0] > 0.0);
        cr_assert_eq(r->full_s, 30 * MIN);
        cr_assert_eq(r->critical_mask, 0u);
        cr_assert_eq(r->steps[1].state, TRIAL_STEP_CANCELLED);
    }
    trial_worker_free(w);
    plan_free(p);
}

Test(trial, ponr_step_or_continue_rule_keeps_failover_going)
{
    const char *variants[][2] = {
        {"restores", "    point_of_no_return: decide\n"},   /* started at 0, before the end */
        {"restores", "    point_of_no_return: failover\n"}, /* started at 20 m, before 30 m */
        {"continue", ""},
    };
    for (int v = 0; v < 3; v++) {
        struct plan *p = fixture_plan_text(outage_yaml, "30m", variants[v][0], variants[v][1]);
        struct trial_worker *w = trial_worker_new(p, SEED);
        const struct trial_result *r = trial_run(w, 0, 1, NULL);
        cr_assert_eq(r->rto_s, HOUR, "variant %d", v);
        cr_assert_eq(r->in_place, 0);
        cr_assert(r->rpo_s > 0.0);
        trial_worker_free(w);
        plan_free(p);
    }
    /* A commit step that has not started when the outage ends does not commit. */
    struct plan *p =
        fixture_plan_text(outage_yaml, "10m", "restores", "    point_of_no_return: failover\n");
    struct trial_worker *w = trial_worker_new(p, SEED);
    cr_assert_eq(trial_run(w, 0, 1, NULL)->rto_s, 10 * MIN);
    trial_worker_free(w);
    plan_free(p);
}

Test(trial, outage_ending_with_the_service_step_is_not_early)
{
    struct plan *p =
        fixture_plan_text(outage_yaml, "1h", "restores", ""); /* ends with the runbook */
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = trial_run(w, 0, 0, NULL);
    cr_assert_eq(r->rto_s, HOUR);
    cr_assert_eq(r->in_place, 0);
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

static const char escalation_yaml[] = HEAD
    "staffing:\n"
    "  roles:\n"
    "    oncall: {count: 1, response: {business: 5m}}\n"
    "    cto: {count: 1, response: {business: %s}, escalate_after: 30m, stand_in: oncall}\n"
    SCENARIO("decide")
    "      decide: {needs: [cto], duration: 10m}\n";

Test(trial, escalation_to_a_stand_in)
{
    struct plan *p = fixture_plan_text(escalation_yaml, "2h");
    int on = plan_find_role(p, "oncall"), cto = plan_find_role(p, "cto");
    struct trial_worker *w = trial_worker_new(p, SEED);
    struct ev_log *log = calloc(1, sizeof *log);
    struct trial_trace tr = {log_event, log};
    const struct trial_result *r = trial_run(w, 0, 7, &tr);
    /* Paged at 0; nobody by 30 m; on-call paged then, arrives at 35 m, works 10 m. */
    cr_assert_eq(r->rto_s, 45 * MIN);
    cr_assert_eq(r->steps[0].people[0], p->roles[on].first_person);
    cr_assert_eq(r->steps[0].n_stand_ins, 1);
    cr_assert_eq(r->steps[0].staff_wait_s, 35 * MIN);
    int pages = 0, esc = 0;
    for (int i = 0; i < log->n; i++) {
        if (log->ev[i].kind == TRIAL_EV_PAGE && log->ev[i].role == on) {
            cr_assert_eq(log->ev[i].t_s, 30 * MIN);
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
    free(log);
    trial_worker_free(w);
    plan_free(p);

    /* A CTO who answers within the timeout does the step himself. */
    p = fixture_plan_text(escalation_yaml, "20m");
    w = trial_worker_new(p, SEED);
    r = trial_run(w, 0, 7, NULL);
    cr_assert_eq(r->rto_s, 30 * MIN);
    cr_assert_eq(r->steps[0].n_stand_ins, 0);
    trial_worker_free(w);
    plan_free(p);
}

/* ---- the tutorial plan: critical path, trace, restore and failover durations --------------- */

Test(trial, critical_path_contributions_sum_to_rto)
{
    struct plan *p = fixture_plan_file("scenarios/tutorial.yaml");
    struct trial_worker *w = trial_worker_new(p, SEED);
    int n_failover = 0;
    for (int s = 0; s < p->n_scenarios; s++)
        for (int k = 0; k < 5000; k++) {
            const struct trial_result *r = trial_run(w, s, (uint64_t)k, NULL);
            if (r->in_place)
                continue;
            n_failover++;
            double sum = r->path_go_wait_s; /* waiting for the go, an item of its own */
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
    cr_assert(n_failover > 5000);
    trial_worker_free(w);
    plan_free(p);
}

Test(trial, restore_and_failover_durations_follow_their_models)
{
    struct plan *p = fixture_plan_file("scenarios/tutorial.yaml");
    int z = plan_find_scenario(p, "zone"), g = plan_find_scenario(p, "region");
    int rdb = step_of(p, g, "restore-db"), rix = step_of(p, g, "reindex");
    int fdb = step_of(p, z, "failover-db");
    struct trial_worker *w = trial_worker_new(p, SEED);
    for (int k = 0; k < 500; k++) {
        const struct trial_result *r = trial_run(w, g, (uint64_t)k, NULL);
        /* restore-db: 20 m overhead + 400 GB / lognormal throughput */
        cr_assert(r->steps[rdb].duration_s > 20 * MIN);
        /* reindex: 10 m overhead + 120 GB / (2 x 20..60 MB/s) = 1600..3600 s */
        cr_assert(r->steps[rix].duration_s >= 1600.0 - 1e-6 &&
                  r->steps[rix].duration_s <= 3600.0 + 1e-6);
        r = trial_run(w, z, (uint64_t)k, NULL);
        cr_assert(r->steps[fdb].duration_s >= 60.0 && r->steps[fdb].duration_s <= 180.0);
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
    int n_start, n_end, n_ready, n_service;
    double last_t, service_value;
    int ordered;
};

static void check_event(void *user, const struct trial_event *ev)
{
    struct trace_check *c = user;
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
    struct plan *p = fixture_plan_file("scenarios/tutorial.yaml");
    struct trial_worker *w = trial_worker_new(p, SEED);
    struct trial_worker *w2 = trial_worker_new(p, SEED);
    for (int s = 0; s < p->n_scenarios; s++)
        for (int k = 0; k < 300; k++) {
            /* w runs trials in order; w2 runs another trial first, then k with a trace. */
            const struct trial_result *a = trial_run(w, s, (uint64_t)k, NULL);
            double rto = a->rto_s, rpo = a->rpo_s, full = a->full_s;
            uint64_t mask = a->critical_mask;
            struct trace_check c = {0, 0, 0, 0, 0.0, NAN, 1};
            struct trial_trace tr = {check_event, &c};
            (void)trial_run(w2, s, (uint64_t)(k * 7919 % 300), NULL);
            const struct trial_result *b = trial_run(w2, s, (uint64_t)k, &tr);
            cr_assert_eq(b->rto_s, rto);
            cr_assert_eq(b->rpo_s, rpo);
            cr_assert_eq(b->full_s, full);
            cr_assert_eq(b->critical_mask, mask);
            cr_assert_eq(c.n_service, 1);
            cr_assert_eq(c.service_value, rto);
            cr_assert(c.n_start >= c.n_end);
            if (!b->in_place) {
                cr_assert_eq(c.n_end, b->n_steps);
                cr_assert_eq(c.n_ready, b->n_steps);
            }
        }
    trial_worker_free(w);
    trial_worker_free(w2);
    plan_free(p);
}

/* ---- a trial does not depend on the trials before it -------------------------------------- */

/* One person for two steps (one waits, ready, while the other runs) and an outage that often
 * ends first: trials end with steps pending, ready, running, cancelled in either, and done. */
static const char unreached_yaml[] = HEAD
    "staffing:\n"
    "  roles:\n"
    "    ops: {count: 1, response: {business: {dist: exponential, mean: 10m}}}\n"
    "stores:\n"
    "  db:\n"
    "    size: 1GB\n"
    "    backups:\n"
    "      hourly: {schedule: every 1h, location: cross-region}\n"
    "    restore: {throughput: 100MB/s}\n"
    "scenarios:\n"
    "  region:\n"
    "    destroys: region\n"
    "    per_year: 1\n"
    "    duration: {dist: exponential, mean: 1h}\n"
    "    on_outage_end: restores\n"
    "    service_restored_by: failover\n"
    "    runbook:\n"
    "      a: {needs: [ops], duration: 20m}\n"
    "      b: {needs: [ops], duration: {dist: exponential, mean: 30m}}\n"
    "      failover: {duration: 40m, after: [a, b]}\n";

/* Whether two doubles have the same bits (NAN equal to NAN). */
static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* The engine resets a step's times and start figures only as far as the trial reaches them
 * and clears the rest after play: every field of every step must be what a fresh worker
 * gives for that trial alone. */
Test(trial, steps_a_trial_does_not_reach_are_as_a_fresh_worker_gives)
{
    struct plan *p = fixture_plan_text(unreached_yaml);
    struct trial_worker *w = trial_worker_new(p, SEED);
    int n_state[TRIAL_STEP_CANCELLED + 1] = {0}, n_cancelled_ready = 0;
    for (int k = 0; k < 400; k++) {
        const struct trial_result *a = trial_run(w, 0, (uint64_t)k, NULL);
        struct trial_worker *fresh = trial_worker_new(p, SEED);
        const struct trial_result *b = trial_run(fresh, 0, (uint64_t)k, NULL);
        cr_assert_eq(a->n_steps, b->n_steps);
        for (int i = 0; i < a->n_steps; i++) {
            const struct trial_step *x = &a->steps[i], *y = &b->steps[i];
            n_state[x->state]++;
            n_cancelled_ready += x->state == TRIAL_STEP_CANCELLED && isnan(x->start_s);
            cr_assert_eq(x->state, y->state, "trial %d step %d", k, i);
            cr_assert(same_bits(x->ready_s, y->ready_s), "trial %d step %d ready", k, i);
            cr_assert(same_bits(x->start_s, y->start_s), "trial %d step %d start", k, i);
            cr_assert(same_bits(x->end_s, y->end_s), "trial %d step %d end", k, i);
            cr_assert(same_bits(x->duration_s, y->duration_s));
            cr_assert(same_bits(x->staff_wait_s, y->staff_wait_s), "trial %d step %d", k, i);
            cr_assert(same_bits(x->contribution_s, y->contribution_s));
            cr_assert_eq(x->n_people, y->n_people);
            cr_assert_eq(x->n_optional, y->n_optional);
            cr_assert_eq(x->n_stand_ins, y->n_stand_ins);
            cr_assert_eq(x->n_handovers, y->n_handovers);
            cr_assert_eq(x->release, y->release);
            cr_assert_eq(x->release_step, y->release_step);
            cr_assert_eq(x->on_path, y->on_path);
            for (int j = 0; j < x->n_people; j++)
                cr_assert_eq(x->people[j], y->people[j]);
        }
        cr_assert(same_bits(a->full_s, b->full_s));
        cr_assert(same_bits(a->rto_s, b->rto_s));
        trial_worker_free(fresh);
    }
    /* The plan leaves steps pending, done, and cancelled both while ready and while running
     * (a trial ends with a step ready or running only when it waits or works for ever). */
    cr_assert(n_state[TRIAL_STEP_PENDING] > 0 && n_state[TRIAL_STEP_DONE] > 0);
    cr_assert(n_cancelled_ready > 0 && n_cancelled_ready < n_state[TRIAL_STEP_CANCELLED]);
    trial_worker_free(w);
    plan_free(p);
}

/* first_uniform reads a block's words as rng_uniform does: the engine takes a stream's
 * first uniform (and the copy queues both) from the blocks rng_first_blocks computed. */
Test(trial, first_uniform_is_rng_uniform)
{
    struct rng_stream s;
    rng_init(&s, SEED);
    rng_trial(&s, 12345);
    uint64_t ids[40];
    uint32_t blk[40][4];
    for (int j = 0; j < 40; j++)
        ids[j] = dist_rng_id(UINT64_C(0x1d), (uint64_t)j);
    rng_first_blocks(&s, ids, 40, blk);
    for (int j = 0; j < 40; j++) {
        rng_select(&s, ids[j]);
        double u0 = rng_uniform(&s), u1 = rng_uniform(&s);
        cr_assert(same_bits(first_uniform(&blk[j][0]), u0), "stream %d", j);
        cr_assert(same_bits(first_uniform(&blk[j][2]), u1), "stream %d", j);
    }
}

Test(trial, declaration_clock_and_services)
{
    struct plan *p = fixture_plan_file("scenarios/tutorial.yaml");
    int g = plan_find_scenario(p, "region");
    p->scenarios[g].rto_clock = RTO_FROM_DECLARATION; /* region declares at the end of "decide" */
    struct trial_worker *w = trial_worker_new(p, SEED);
    for (int k = 0; k < 500; k++) {
        const struct trial_result *r = trial_run(w, g, (uint64_t)k, NULL);
        cr_assert(r->rto_s >= 0.0);
        if (!r->in_place) {
            cr_assert_eq(r->rto_s, r->service_s - r->declared_s);
            cr_assert_eq(r->service_rto_s[0], r->rto_s); /* checkout: switch-traffic */
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

/* ---- common random numbers ------------------------------------------------------------------
 *
 * Changing one random input's distribution, to any kind, leaves every other draw of every
 * trial bit-identical: the outage start (and duration), every other step's work time,
 * every other store's data loss and every other person's response delay. The plan has
 * one placeholder per kind of input (the outage duration, one task step, one store's
 * backup completion, one role's response); the base fills each with a gamma (a sampler
 * that takes a variable number of uniforms, the case that used to shift other draws), the
 * variant puts each of the nine kinds in one placeholder at a time. */

#define CRN_TRIALS 2000
#define CRN_BASE "{dist: gamma, shape: 2.5, mean: 30m}"

static const char crn_yaml[] = HEAD
    "staffing:\n"
    "  roles:\n"
    "    dba: {count: 2, response: {business: %s}}\n"
    "    sre: {count: 2, response: {business: {dist: lognormal, median: 10m, p90: 40m}}}\n"
    "stores:\n"
    "  db1:\n"
    "    size: 100GB\n"
    "    backups:\n"
    "      often: {schedule: every 6h, complete: %s, failure: 10%%, location: cross-region}\n"
    "    restore: {throughput: {dist: lognormal, median: 50MB/s, p90: 200MB/s}, "
    "overhead: {dist: normal, mean: 10m, sd: 10m}}\n"
    "  db2:\n"
    "    size: 50GB\n"
    "    backups:\n"
    "      daily: {schedule: every 1d, complete: {dist: gamma, shape: 0.6, mean: 2h}, "
    "failure: 20%%, location: cross-region}\n"
    "      logs: {schedule: continuous, lag: {dist: exponential, mean: 5m}, "
    "location: cross-region}\n"
    "    restore: {throughput: {dist: weibull, shape: 2, scale: 80MB/s}}\n"
    "  db3:\n"
    "    size: 10GB\n"
    "    zone_redundancy: {mode: async, lag: {dist: triangular, min: 1s, mode: 5s, max: 1m}, "
    "failover: {dist: uniform, min: 1m, max: 5m}}\n"
    "    backups:\n"
    "      daily: {schedule: every 1d, complete: {dist: uniform, min: 10m, max: 3h}, "
    "failure: 5%%, location: cross-region}\n"
    "    restore: {throughput: 100MB/s}\n"
    "scenarios:\n"
    "  region:\n"
    "    destroys: region\n"
    "    per_year: 1\n"
    "    duration: %s\n"
    "    service_restored_by: done\n"
    "    runbook:\n"
    "      a: {needs: [dba], duration: %s}\n"
    "      b: {needs: [sre], duration: {dist: normal, mean: 20m, sd: 30m}}\n"
    "      r1: {restore: db1, needs: [dba], after: [a]}\n"
    "      r2: {restore: db2, needs: [sre], after: [b]}\n"
    "      r3: {restore: db3, after: [b]}\n"
    "      done: {duration: {dist: empirical, values: [1m, 5m, 20m]}, after: [r1, r2, r3]}\n"
    "  zone:\n"
    "    destroys: zone\n"
    "    per_year: 1\n"
    "    duration: {dist: weibull, shape: 0.8, scale: 3h}\n"
    "    service_restored_by: fo\n"
    "    runbook:\n"
    "      page: {needs: [sre, dba], duration: {dist: gamma, shape: 3, scale: 2m}}\n"
    "      fo: {failover: db3, after: [page]}\n";

enum crn_target { CRN_OUTAGE = 0, CRN_STEP, CRN_STORE, CRN_ROLE, CRN_N_TARGETS };

static const char *const crn_kinds[] = {
    "25m",
    "{dist: uniform, min: 10m, max: 40m}",
    "{dist: triangular, min: 10m, mode: 15m, max: 40m}",
    "{dist: normal, mean: 30m, sd: 20m}",
    "{dist: lognormal, median: 20m, p90: 1h}",
    "{dist: gamma, shape: 0.7, mean: 45m}",
    "{dist: weibull, shape: 1.5, scale: 30m}",
    "{dist: exponential, mean: 30m}",
    "{dist: empirical, values: [10m, 20m, 45m]}",
};

/* Everything one trial drew: what trial_result shows, plus the response delays from the
 * trace (NAN for a person never paged). */
struct crn_draws {
    double start_abs_s, outage_s;
    int n_steps;
    double step_s[PLAN_MAX_STEPS];
    double loss_s[PLAN_MAX_STORES];
    double response_s[PLAN_MAX_PEOPLE];
};

static void crn_event(void *user, const struct trial_event *ev)
{
    struct crn_draws *d = user;
    if (ev->kind == TRIAL_EV_PERSON_AVAILABLE)
        d->response_s[ev->person] = ev->value_s;
}

static void crn_run(struct trial_worker *w, const struct plan *p, int s, uint64_t k,
                    struct crn_draws *d)
{
    for (int i = 0; i < PLAN_MAX_PEOPLE; i++)
        d->response_s[i] = NAN;
    struct trial_trace tr = {crn_event, d};
    const struct trial_result *r = trial_run(w, s, k, &tr);
    d->start_abs_s = r->start_abs_s;
    d->outage_s = r->outage_s;
    d->n_steps = r->n_steps;
    for (int i = 0; i < r->n_steps; i++)
        d->step_s[i] = r->steps[i].duration_s;
    for (int i = 0; i < p->n_stores; i++)
        d->loss_s[i] = r->store_drawn_loss_s[i];
}

static struct plan *crn_plan(enum crn_target target, const char *kind)
{
    const char *f[CRN_N_TARGETS];
    for (int t = 0; t < CRN_N_TARGETS; t++)
        f[t] = t == (int)target ? kind : CRN_BASE;
    return fixture_plan_text(crn_yaml, f[CRN_ROLE], f[CRN_STORE], f[CRN_OUTAGE], f[CRN_STEP]);
}

/* Base and variant over CRN_TRIALS trials of both scenarios: every draw but the changed
 * input's is identical (bitwise: ==, and NAN only where both are NAN); the changed input
 * did change somewhere, so the comparison is not vacuous. */
static void crn_check(enum crn_target target, int kind)
{
    struct plan *a = crn_plan(target, CRN_BASE), *b = crn_plan(target, crn_kinds[kind]);
    struct trial_worker *wa = trial_worker_new(a, SEED), *wb = trial_worker_new(b, SEED);
    const int region = plan_find_scenario(a, "region"), step_a = step_of(a, region, "a");
    const int db1 = plan_find_store(a, "db1"), dba = plan_find_role(a, "dba");
    const struct role *ro = &a->roles[dba];
    long changed = 0, compared_responses = 0;
    for (int s = 0; s < a->n_scenarios; s++)
        for (uint64_t k = 0; k < CRN_TRIALS; k++) {
            struct crn_draws x, y;
            crn_run(wa, a, s, k, &x);
            crn_run(wb, b, s, k, &y);
            const char *what = crn_kinds[kind];
            cr_assert_eq(x.start_abs_s, y.start_abs_s, "%s: start, trial %d", what, (int)k);
            if (target == CRN_OUTAGE)
                changed += x.outage_s != y.outage_s;
            else
                cr_assert_eq(x.outage_s, y.outage_s, "%s: outage, trial %d", what, (int)k);
            for (int i = 0; i < x.n_steps; i++) {
                if (target == CRN_STEP && s == region && i == step_a)
                    changed += x.step_s[i] != y.step_s[i];
                else
                    cr_assert_eq(x.step_s[i], y.step_s[i], "%s: step %d, scenario %d, trial %d",
                                 what, i, s, (int)k);
            }
            for (int i = 0; i < a->n_stores; i++) {
                int same = x.loss_s[i] == y.loss_s[i];
                if (target == CRN_STORE && i == db1)
                    changed += !same;
                else
                    cr_assert(same, "%s: store %d loss %g vs %g, scenario %d, trial %d", what, i,
                              x.loss_s[i], y.loss_s[i], s, (int)k);
            }
            for (int i = 0; i < a->n_people; i++) {
                if (isnan(x.response_s[i]) || isnan(y.response_s[i]))
                    continue;
                int mine = i >= ro->first_person && i < ro->first_person + ro->count;
                if (target == CRN_ROLE && mine) {
                    changed += x.response_s[i] != y.response_s[i];
                } else {
                    cr_assert_eq(x.response_s[i], y.response_s[i],
                                 "%s: person %d, scenario %d, trial %d", what, i, s, (int)k);
                    compared_responses++;
                }
            }
        }
    cr_assert_gt(changed, 0, "target %d kind %s changed nothing", target, crn_kinds[kind]);
    cr_assert_gt(compared_responses, CRN_TRIALS, "too few response delays compared");
    trial_worker_free(wa);
    trial_worker_free(wb);
    plan_free(a);
    plan_free(b);
}

#define CRN_TEST(target, name)                                                                  \
    Test(trial, crn_changing_##name##_changes_no_other_draw, .timeout = 60)                    \
    {                                                                                          \
        for (int kind = 0; kind < (int)(sizeof crn_kinds / sizeof crn_kinds[0]); kind++)       \
            crn_check(target, kind);                                                           \
    }

CRN_TEST(CRN_OUTAGE, the_outage_duration)
CRN_TEST(CRN_STEP, one_step_duration)
CRN_TEST(CRN_STORE, one_store_backup_completion)
CRN_TEST(CRN_ROLE, one_role_response)

/* The defect of issue 9: a truncated normal's mean changed another step's draw (the
 * shared durations stream was consumed by rejection sampling). */
Test(trial, crn_normal_mean_change_keeps_other_steps)
{
    struct plan *a = crn_plan(CRN_STEP, "{dist: normal, mean: 1m, sd: 30m}");
    struct plan *b = crn_plan(CRN_STEP, "{dist: normal, mean: 40m, sd: 30m}");
    struct trial_worker *wa = trial_worker_new(a, SEED), *wb = trial_worker_new(b, SEED);
    int region = plan_find_scenario(a, "region"), step_b = step_of(a, region, "b");
    for (uint64_t k = 0; k < 10000; k++) {
        double x = trial_run(wa, region, k, NULL)->steps[step_b].duration_s;
        double y = trial_run(wb, region, k, NULL)->steps[step_b].duration_s;
        cr_assert_eq(x, y, "trial %d", (int)k);
    }
    trial_worker_free(wa);
    trial_worker_free(wb);
    plan_free(a);
    plan_free(b);
}

/* Identities are names, not positions: inserting a step, a store and a role ahead of the
 * others, and a person to a role, leaves every existing input's draws unchanged. */
static const char crn_insert_yaml[] = HEAD
    "staffing:\n"
    "  roles:\n"
    "%s"
    "    dba: {count: %d, response: {business: {dist: exponential, mean: 10m}}}\n"
    "stores:\n"
    "%s"
    "  db:\n"
    "    size: 10GB\n"
    "    backups:\n"
    "      daily: {schedule: every 1d, complete: {dist: uniform, min: 1h, max: 30h}, "
    "failure: 10%%, location: cross-region}\n"
    "    restore: {throughput: {dist: lognormal, median: 50MB/s, p90: 200MB/s}}\n"
    SCENARIO("c")
    "%s"
    "      a: {needs: [dba], duration: {dist: gamma, shape: 2, mean: 20m}}\n"
    "      b: {restore: db, after: [a]}\n"
    "      c: {duration: {dist: normal, mean: 5m, sd: 10m}, after: [b]}\n";

Test(trial, crn_inserting_inputs_keeps_the_others_draws)
{
    struct plan *a = fixture_plan_text(crn_insert_yaml, "", 1, "", "");
    struct plan *b = fixture_plan_text(
        crn_insert_yaml, "    sre: {count: 1, response: {business: 5m}}\n", 2,
        "  cache: {size: 1GB, backups: {h: {schedule: every 1h, complete: "
        "{dist: uniform, min: 1m, max: 2h}, location: cross-region}}, "
        "restore: {throughput: 10MB/s}}\n",
        "      x: {needs: [sre], duration: {dist: gamma, shape: 0.5, mean: 1h}}\n");
    struct trial_worker *wa = trial_worker_new(a, SEED), *wb = trial_worker_new(b, SEED);
    const char *steps[] = {"a", "b", "c"};
    int dba_a = a->roles[plan_find_role(a, "dba")].first_person;
    int dba_b = b->roles[plan_find_role(b, "dba")].first_person;
    for (uint64_t k = 0; k < 2000; k++) {
        struct crn_draws x, y;
        crn_run(wa, a, 0, k, &x);
        crn_run(wb, b, 0, k, &y);
        cr_assert_eq(x.start_abs_s, y.start_abs_s);
        for (int i = 0; i < 3; i++)
            cr_assert_eq(x.step_s[step_of(a, 0, steps[i])], y.step_s[step_of(b, 0, steps[i])],
                         "step %s, trial %d", steps[i], (int)k);
        cr_assert_eq(x.loss_s[plan_find_store(a, "db")], y.loss_s[plan_find_store(b, "db")]);
        cr_assert_eq(x.response_s[dba_a], y.response_s[dba_b], "trial %d", (int)k);
    }
    trial_worker_free(wa);
    trial_worker_free(wb);
    plan_free(a);
    plan_free(b);
}

/* With at most 64 people, a free person is found in a mask of the free people
 * (people_masked); with more, by a walk over the role's people. Both must pick the same
 * person every time: a worker forced onto the walk plays every trial alike, with
 * several people per role, a need of two, any_of, optional people and stand-ins. */
static const char masks_yaml[] = HEAD
    "staffing:\n"
    "  roles:\n"
    "    oncall: {count: 2, response: {business: {dist: lognormal, median: 10m, p90: 1h}}}\n"
    "    dba: {count: 2, response: {business: {dist: uniform, min: 1m, max: 40m}}}\n"
    "    cto: {count: 1, response: {business: {dist: lognormal, median: 30m, p90: 3h}}, "
    "escalate_after: 20m, stand_in: [dba, oncall]}\n"
    SCENARIO("e")
    "      a: {needs: [oncall], duration: {dist: uniform, min: 5m, max: 20m}}\n"
    "      b: {needs: [{role: oncall, count: 2}], duration: 15m, after: [a]}\n"
    "      c: {needs: [cto, {any_of: [dba, oncall]}], duration: {dist: uniform, min: 1m, "
    "max: 30m}, after: [a]}\n"
    "      d: {needs: [dba, {role: cto, optional: true}], duration: 10m, after: [b]}\n"
    "      e: {needs: [oncall, dba], duration: 5m, after: [c, d]}\n";

/* a and b, two plays of trial k of scenario s (plan `what`), agree in every figure
 * (trial_results_differ). */
static void assert_alike(const struct trial_result *a, const struct trial_result *b,
                         const char *what, int s, uint64_t k)
{
    char why[160];
    cr_assert(!trial_results_differ(a, b, why, sizeof why), "%s scenario %d trial %d: %s", what,
              s, (int)k, why);
}

/* Trials 0 .. n-1 of every scenario of p play alike on workers wa and wb (plan `what`). */
static void assert_scenarios_alike(struct trial_worker *wa, struct trial_worker *wb,
                                   const struct plan *p, int n, const char *what)
{
    for (int s = 0; s < p->n_scenarios; s++)
        for (uint64_t k = 0; k < (uint64_t)n; k++)
            assert_alike(trial_run(wa, s, k, NULL), trial_run(wb, s, k, NULL), what, s, k);
}

/* What a test changes in the second of two workers of one plan (file) so that it takes a
 * general path; the first, as trial_worker_new made it, is there to read (and to change
 * alike where both must leave the same shortcut). */
typedef void worker_alter(struct trial_worker *wp, struct trial_worker *wg, const struct plan *p,
                          const char *file, void *user);

/* For each plan of plans[0 .. n): two workers, the second changed by alter, play trials
 * 0 .. trials-1 of every scenario alike. */
static void plans_play_alike(const char *const *plans, size_t n, int trials,
                             worker_alter *alter, void *user)
{
    for (size_t f = 0; f < n; f++) {
        struct plan *p = fixture_plan_file(plans[f]);
        struct trial_worker *wp = trial_worker_new(p, SEED), *wg = trial_worker_new(p, SEED);
        cr_assert_not_null(wp);
        cr_assert_not_null(wg);
        alter(wp, wg, p, plans[f], user);
        assert_scenarios_alike(wp, wg, p, trials, plans[f]);
        trial_worker_free(wp);
        trial_worker_free(wg);
        plan_free(p);
    }
}

/* Trials 0 .. n-1 of scenario 0 on workers a and b play alike, every figure of every step
 * (the people in order, stand-ins, optional participants, what released each start among
 * them). Returns the stand-ins a took, so that a test can require some. */
static int plays_alike(struct trial_worker *wa, struct trial_worker *wb, int n)
{
    int stand_ins = 0;
    for (uint64_t k = 0; k < (uint64_t)n; k++) {
        const struct trial_result *m = trial_run(wa, 0, k, NULL);
        const struct trial_result *x = trial_run(wb, 0, k, NULL);
        assert_alike(m, x, "the masks' plan", 0, k);
        for (int i = 0; i < m->n_steps; i++)
            stand_ins += m->steps[i].n_stand_ins;
    }
    return stand_ins;
}

Test(trial, free_people_mask_picks_as_the_walk)
{
    struct plan *p = fixture_plan_text(masks_yaml);
    struct trial_worker *wm = trial_worker_new(p, SEED), *ww = trial_worker_new(p, SEED);
    cr_assert(wm->people_masked);
    ww->people_masked = 0;
    int stand_ins = plays_alike(wm, ww, 3000);
    cr_assert_gt(stand_ins, 0, "no trial took a stand-in");
    trial_worker_free(wm);
    trial_worker_free(ww);
    plan_free(p);
}

/* A step with one named need takes acquire's fast path; the same need written as an
 * any_of of that one role takes the general loop over entries. Both must play every trial
 * alike: the free person, the stand-in chain and its pages, and what released each start. */
static const char one_need_yaml[] = HEAD
    "staffing:\n"
    "  roles:\n"
    "    oncall: {count: 2, response: {business: {dist: lognormal, median: 10m, p90: 1h}}}\n"
    "    dba: {count: 1, response: {business: {dist: uniform, min: 1m, max: 40m}}}\n"
    "    cto: {count: 1, response: {business: {dist: lognormal, median: 30m, p90: 3h}}, "
    "escalate_after: 20m, stand_in: [dba, oncall]}\n"
    SCENARIO("d")
    "      a: {needs: [%s], duration: {dist: uniform, min: 5m, max: 20m}}\n"
    "      b: {needs: [%s], duration: 15m, after: [a]}\n"
    "      c: {needs: [%s], duration: {dist: uniform, min: 1m, max: 30m}, after: [a]}\n"
    "      d: {needs: [%s], duration: 5m, after: [b, c]}\n";

Test(trial, one_need_fast_path_plays_as_the_general_path)
{
    struct plan *pf = fixture_plan_text(one_need_yaml, "oncall", "cto", "oncall", "cto");
    struct plan *pg = fixture_plan_text(one_need_yaml, "{any_of: [oncall]}", "{any_of: [cto]}",
                                        "{any_of: [oncall]}", "{any_of: [cto]}");
    cr_assert_eq(pf->scenarios[0].steps[1].any_mask, 0);
    cr_assert_neq(pg->scenarios[0].steps[1].any_mask, 0);
    struct trial_worker *wf = trial_worker_new(pf, SEED), *wg = trial_worker_new(pg, SEED);
    int stand_ins = plays_alike(wf, wg, 3000);
    cr_assert_gt(stand_ins, 0, "no trial took a stand-in");
    trial_worker_free(wf);
    trial_worker_free(wg);
    plan_free(pf);
    plan_free(pg);
}

/* A plain step end (w->plain_end) skips the tests for what only some ends do: the
 * failback's, a capacity, the decision and the declaration's pages ahead; a plain start
 * (w->plain_start) those for a reverse sync, a shared restore transfer and shifts. With no
 * end or start taken as plain, every one makes those tests; both must play every trial of
 * every scenario alike, in plans with decision steps, pages at the declaration, failbacks
 * with a reverse sync, capacities and restore capacity. */
static void no_plain_ends_or_starts(struct trial_worker *wp, struct trial_worker *wg,
                                    const struct plan *p, const char *file, void *user)
{
    (void)user;
    uint64_t plain_end = 0, plain_start = 0;
    for (int s = 0; s < p->n_scenarios; s++) {
        plain_end |= wp->plain_end[s];
        plain_start |= wp->plain_start[s];
        wg->plain_end[s] = wg->plain_start[s] = 0;
        wg->serial[s] = 0; /* the event loop's general path, not the serial play */
    }
    cr_assert_neq(plain_end, 0, "%s: no plain step end", file);
    cr_assert_neq(plain_start, 0, "%s: no plain step start", file);
}

Test(trial, plain_step_ends_and_starts_play_as_the_general_path)
{
    static const char *const plans[] = {"scenarios/commcare.yaml", "scenarios/tutorial.yaml",
                                        "tests/data/activation.yaml",
                                        "tests/data/services-capacity.yaml",
                                        "tests/data/restore-capacity.yaml"};
    plans_play_alike(plans, sizeof plans / sizeof plans[0], 500, no_plain_ends_or_starts, NULL);
}

/* A trace that takes every event and keeps none. */
static void ignore_event(void *user, const struct trial_event *ev)
{
    (void)user;
    (void)ev;
}

/* trial_run builds the event loop three times (sim/trial.c, play): an untraced trial of a
 * plan without shifts, with at most 64 people and a scenario without restore capacity is
 * played by the simple build, which tests none of those; a traced trial by the traced
 * build. With people_masked off (find_free's walk), the same trials take the general
 * build, and with a trace that keeps nothing, the traced one; all three must play every
 * trial of every scenario alike, step by step, in plans with decision steps, stand-ins,
 * re-paging, optional participants, failbacks and capacities. */
Test(trial, simple_and_traced_builds_play_as_the_general_build)
{
    static const char *const plans[] = {"scenarios/commcare.yaml", "scenarios/tutorial.yaml",
                                        "tests/data/activation.yaml",
                                        "tests/data/services-capacity.yaml",
                                        "tests/data/decision-region.yaml"};
    const struct trial_trace quiet = {ignore_event, NULL};
    for (size_t f = 0; f < sizeof plans / sizeof plans[0]; f++) {
        struct plan *p = fixture_plan_file(plans[f]);
        struct trial_worker *ws = trial_worker_new(p, SEED), *wg = trial_worker_new(p, SEED),
                            *wt = trial_worker_new(p, SEED);
        cr_assert_not_null(ws);
        cr_assert_not_null(wg);
        cr_assert_not_null(wt);
        cr_assert(ws->people_masked && !ws->any_shift, "%s: not simple", plans[f]);
        wg->people_masked = 0;
        for (int s = 0; s < p->n_scenarios; s++)
            ws->serial[s] = wg->serial[s] = 0;  /* the event loop, not the serial play */
        for (int s = 0; s < p->n_scenarios; s++) {
            for (uint64_t k = 0; k < 500; k++) {
                const struct trial_result *a = trial_run(ws, s, k, NULL);
                const struct trial_result *b = trial_run(wg, s, k, NULL);
                const struct trial_result *c = trial_run(wt, s, k, &quiet);
                const struct trial_result *r[2] = {b, c};
                for (int m = 0; m < 2; m++)
                    assert_alike(a, r[m], plans[f], s, k);
            }
        }
        trial_worker_free(ws);
        trial_worker_free(wg);
        trial_worker_free(wt);
        plan_free(p);
    }
}

/* Three serially played scenarios taking turns on a worker: one whose trials keep the
 * result's fields that trial_run sets once, one with a declaring step and one with an
 * exposure window, whose trials change them (declared_s, exposure_s). */
static const char kept_fields_yaml[] = HEAD
    "staffing:\n"
    "  roles:\n"
    "    oncall: {count: 2, response: {business: {dist: lognormal, median: 10m, p90: 1h}}}\n"
    "scenarios:\n"
    "  plain:\n"
    "    destroys: region\n"
    "    per_year: 1\n"
    "    duration: {dist: lognormal, median: 2h, p90: 8h}\n"
    "    service_restored_by: c\n"
    "    runbook:\n"
    "      a: {needs: [oncall], duration: {dist: uniform, min: 5m, max: 20m}}\n"
    "      b: {needs: [oncall], duration: {dist: lognormal, median: 30m, p90: 1h}, after: [a]}\n"
    "      c: {duration: 10m, after: [b]}\n"
    "  declared:\n"
    "    destroys: region\n"
    "    per_year: 1\n"
    "    duration: {dist: lognormal, median: 1h, p90: 4h}\n"
    "    rto_clock: declaration\n"
    "    declared_by: a\n"
    "    service_restored_by: b\n"
    "    runbook:\n"
    "      a: {needs: [oncall], duration: {dist: uniform, min: 5m, max: 2h}}\n"
    "      b: {needs: [oncall], duration: {dist: lognormal, median: 30m, p90: 1h}, after: [a]}\n"
    "  exposed:\n"
    "    destroys: region\n"
    "    per_year: 1\n"
    "    duration: {dist: lognormal, median: 20m, p90: 2h}\n"
    "    service_restored_by: a\n"
    "    exposure_until: b\n"
    "    runbook:\n"
    "      a: {needs: [oncall], duration: {dist: uniform, min: 5m, max: 20m}}\n"
    "      b: {duration: {dist: uniform, min: 1h, max: 9h}, phase: restoration, after: [a]}\n"
    "      c: {duration: 5m, after: [a]}\n"
    "      d: {duration: 5m, after: [c]}\n";

/* Two shortcuts of trial_run must play as its general path: draw_inputs' plain build
 * (plain_inputs), and the result's fields set once while the serial play finishes a
 * scenario's trials (res_keeps). The scenarios take turns, four trials at a time, every
 * seventh trial traced on the first worker, so that a scenario's trials follow its own,
 * another's and the event loop's; on full workers and on figures-only ones alike. */
Test(trial, plain_inputs_and_kept_fields_play_as_the_general_path)
{
    static const char *const plans[] = {
        "bench/small.yaml",       "scenarios/tutorial.yaml",         "scenarios/commcare.yaml",
        "scenarios/ransomware.yaml", "scenarios/warm-standby.yaml", "tests/data/damage.yaml",
        "tests/data/damage-worked-example.yaml", "tests/data/tz-two-continents.yaml",
        "tests/data/decision-region.yaml"};
    const struct trial_trace quiet = {ignore_event, NULL};
    int plain = 0, keeps = 0, serial_not_kept = 0;
    for (int figures_only = 0; figures_only < 2; figures_only++) {
        for (size_t f = 0; f <= sizeof plans / sizeof plans[0]; f++) {
            const int inline_plan = f == sizeof plans / sizeof plans[0];
            struct plan *p = inline_plan ? fixture_plan_text(kept_fields_yaml)
                                         : fixture_plan_file(plans[f]);
            const char *what = inline_plan ? "kept_fields_yaml" : plans[f];
            struct trial_worker *wp = trial_worker_new(p, SEED), *wg = trial_worker_new(p, SEED);
            cr_assert_not_null(wp);
            cr_assert_not_null(wg);
            if (figures_only) {
                trial_worker_figures_only(wp);
                trial_worker_figures_only(wg);
            }
            for (int s = 0; s < p->n_scenarios; s++) {
                plain += wp->plain_inputs[s];
                keeps += wp->res_keeps[s];
                serial_not_kept += wp->serial[s] && !wp->res_keeps[s];
                wg->plain_inputs[s] = wg->res_keeps[s] = 0;
            }
            for (uint64_t round = 0; round < 100; round++)
                for (int s = 0; s < p->n_scenarios; s++)
                    for (uint64_t k = 4 * round; k < 4 * round + 4; k++) {
                        /* A traced trial writes what figures-only trials leave: on full
                         * workers. */
                        const struct trial_trace *tr =
                            !figures_only && k % 7 == 3 ? &quiet : NULL;
                        const struct trial_result *a = trial_run(wp, s, k, tr);
                        assert_alike(a, trial_run(wg, s, k, NULL), what, s, k);
                    }
            trial_worker_free(wp);
            trial_worker_free(wg);
            plan_free(p);
        }
    }
    cr_assert_gt(plain, 0, "no scenario has plain inputs");
    cr_assert_gt(keeps, 0, "no scenario keeps the result's fields");
    cr_assert_gt(serial_not_kept, 0, "every serial scenario keeps the result's fields");
}

/* A step's start takes its latest dependency from the scenario's table (w->one_dep) when
 * it has one or none, and a step's work time and throughput are drawn as settled once per
 * worker (step_draw.work_how, tp_how, and the draw plan's groups) without sample_first's
 * tests. With the table saying "several" for every step and every draw through
 * sample_first, every trial of every scenario must play alike: the same work times,
 * releases and ends. */
/* Counts of the shortcuts taken away: steps whose table settled their latest dependency,
 * work times settled to be drawn from their first block, steps of each fast draw group. */
struct step_tables {
    int settled, marked;
    int grouped[DRAW_OTHER]; /* steps in each fast group of the draw plans (struct draw_plan) */
};

static void no_step_tables(struct trial_worker *wt, struct trial_worker *wg, const struct plan *p,
                           const char *file, void *user)
{
    struct step_tables *n = user;
    (void)file;
    for (int s = 0; s < p->n_scenarios; s++) {
        wt->serial[s] = wg->serial[s] = 0;
        for (int i = 0; i < PLAN_MAX_STEPS; i++) {
            const size_t at = (size_t)s * PLAN_MAX_STEPS + (size_t)i;
            n->settled += i < p->scenarios[s].n_steps && wg->one_dep[at] >= -1;
            struct step_draw *sd = &wg->draws[at];
            n->marked += sd->work_how == STEP_HOW_LOGNORMAL || sd->work_how == STEP_HOW_FIRST_U;
            wg->one_dep[at] = -2;
            if (sd->work_how != STEP_HOW_NONE)
                sd->work_how = STEP_HOW_GENERAL;
            if (sd->tp_how != STEP_HOW_NONE)
                sd->tp_how = STEP_HOW_GENERAL;
        }
        /* The draw plan made again from the general draws: every step in DRAW_OTHER. */
        const struct draw_plan *dp = &wt->draw_plans[s];
        for (int g = 0; g < DRAW_OTHER; g++)
            n->grouped[g] += (int)(dp->end[g] - (g > 0 ? dp->end[g - 1] : dp->e));
        trial_draw_plan_init(&wg->draw_plans[s], &p->scenarios[s],
                             &wg->draws[(size_t)s * PLAN_MAX_STEPS], wg->res.steps);
        cr_assert_eq(wg->draw_plans[s].end[DRAW_OTHER - 1], wg->draw_plans[s].e);
    }
}

Test(trial, step_tables_play_as_the_general_path)
{
    static const char *const plans[] = {"scenarios/commcare.yaml", "scenarios/tutorial.yaml",
                                        "tests/data/activation.yaml",
                                        "tests/data/restore-capacity.yaml",
                                        "tests/data/damage.yaml",
                                        "tests/data/vary-scale-block.yaml"};
    struct step_tables n = {0};
    plans_play_alike(plans, sizeof plans / sizeof plans[0], 500, no_step_tables, &n);
    cr_assert_gt(n.settled, 0, "no step with one or no dependency");
    cr_assert_gt(n.marked, 0, "no work time from its first block");
    for (int g = 0; g < DRAW_OTHER; g++)
        cr_assert_gt(n.grouped[g], 0, "no step in draw group %d", g);
}

/* An outage's store whose loss needs no walk (w->loss_fixed: zone redundancy in a zone
 * outage, a rebuilt or unrecoverable store, a promoted or ephemeral one) takes its loss
 * from the worker's table. With the table empty, every store walked, every trial of every
 * scenario must play alike: the same losses, RPO and outcome. The plans hold a store of
 * each kind the table lists, and the test says so, kind by kind. */
struct fixed_kinds {
    int promoted;  /* bits of stores whose promoted replica's lag replaces the loss */
    int ephemeral; /* bits of ephemeral stores (neither promoted) */
    int known;     /* bits of the others: backup_store_loss_known answered */
    int lag;       /* of those, async zone replicas' fixed lags in a zone outage */
};

static void no_fixed_losses(struct trial_worker *wp, struct trial_worker *wg,
                            const struct plan *p, const char *file, void *user)
{
    struct fixed_kinds *n = user;
    (void)wp;
    (void)file;
    for (int s = 0; s < p->n_scenarios; s++) {
        for (uint64_t m = wg->loss_fixed[s]; m; m &= m - 1) {
            const int k = __builtin_ctzll(m);
            double loss;
            if (wg->promoted[s] >> k & 1)
                n->promoted++;
            else if (p->stores[k].ephemeral)
                n->ephemeral++;
            else if (backup_store_loss_known(&p->stores[k], p->scenarios[s].scope, &loss)) {
                n->known++;
                n->lag += p->scenarios[s].scope == OUTAGE_ZONE &&
                          p->stores[k].zone_mode == STORE_ZONE_ASYNC;
            }
        }
        wg->loss_fixed[s] = 0;
    }
}

Test(trial, outage_losses_fixed_as_the_walk)
{
    static const char *const plans[] = {"scenarios/commcare.yaml", "scenarios/tutorial.yaml",
                                        "scenarios/warm-standby.yaml",
                                        "scenarios/single-db.yaml",
                                        "tests/data/restore-capacity.yaml",
                                        "tests/data/zone-losses-known.yaml"};
    struct fixed_kinds n = {0, 0, 0, 0};
    plans_play_alike(plans, sizeof plans / sizeof plans[0], 500, no_fixed_losses, &n);
    cr_assert_gt(n.promoted, 0, "no promoted store's loss settled without a walk");
    cr_assert_gt(n.ephemeral, 0, "no ephemeral store's loss settled without a walk");
    cr_assert_gt(n.known, 0, "no store's loss known before a walk");
    cr_assert_gt(n.lag, 0, "no async zone replica's fixed lag known before a walk");
}

/* trial_services takes the latest end of only the needed steps that no other needed step
 * waits on (w->svc_need): the others end no later. With every needed step in svc_need
 * instead (the plan's need masks), every service's restoration, RTO and RPO must be the
 * same in every trial of every scenario. */
static void full_service_needs(struct trial_worker *wr, struct trial_worker *wf,
                               const struct plan *p, const char *file, void *user)
{
    (void)wr;
    (void)user;
    cr_assert_gt(p->n_services, 0);
    int reduced = 0;
    for (int s = 0; s < p->n_scenarios; s++)
        for (int v = 0; v < p->n_services; v++) {
            const struct service *svc = &p->services[v];
            uint64_t need = svc->need_mask ? svc->need_mask[s]
                                           : UINT64_C(1) << svc->restored_by[s];
            uint64_t *e = &wf->svc_need[(size_t)s * (size_t)p->n_services + (size_t)v];
            reduced += *e != need;
            *e = need;
        }
    cr_assert(strcmp(file, "scenarios/commcare.yaml") != 0 || reduced > 0,
              "%s: no need mask reduced", file);
}

Test(trial, service_needs_reduced_as_the_full_needs)
{
    static const char *const plans[] = {"scenarios/commcare.yaml",
                                        "tests/data/services-capacity.yaml"};
    plans_play_alike(plans, sizeof plans / sizeof plans[0], 1000, full_service_needs, NULL);
}

/* Two shortcuts must play as the general path: a step end tests svc_gate (every step the
 * services need, or the service_restored_by step) before service_reached walks the
 * services, and the first notification of a re-paging person (like a response, also of a
 * stand-in role's people) reads its uniform from the trial's first blocks (struct
 * first_streams). With no gate and no first block for either, every step end walks the
 * services and every response and notification selects its stream; every trial of every
 * scenario must play alike, in plans with re-paging, stand-ins and policy services. */
/* Counts of the shortcuts taken away: scenarios with a service gate, first notifications
 * read from the first blocks. */
struct gates_notices {
    int gated, notified;
};

static void no_gate_no_first_notices(struct trial_worker *wp, struct trial_worker *wg,
                                     const struct plan *p, const char *file, void *user)
{
    struct gates_notices *n = user;
    (void)wp;
    (void)file;
    for (int s = 0; s < p->n_scenarios; s++) {
        n->gated += wg->svc_gate[s] != 0;
        wg->svc_gate[s] = 0;
        wg->serial[s] = 0; /* the serial play reads the gate as every step needed */
        for (int j = 0; j < PLAN_MAX_PEOPLE; j++) {
            n->notified += wg->first[s].notify[j] >= 0;
            wg->first[s].notify[j] = wg->first[s].person[j] = -1;
        }
    }
}

Test(trial, service_gate_and_first_notifications_play_as_the_general_path)
{
    static const char *const plans[] = {"scenarios/commcare.yaml", "scenarios/tutorial.yaml",
                                        "tests/data/services-capacity.yaml"};
    struct gates_notices n = {0, 0};
    plans_play_alike(plans, sizeof plans / sizeof plans[0], 500, no_gate_no_first_notices, &n);
    cr_assert_gt(n.gated, 0, "no scenario with a service gate");
    cr_assert_gt(n.notified, 0, "no first notification in the first blocks");
}

/* A worker that defers the outages' losses (trial_worker_defer_losses: drawn when the
 * decision's loss rule or a failed-over outcome reads them) plays every trial of every
 * scenario as one that draws them first, every figure alike; only a trial recovered in
 * place differs, in its drawn losses and failover loss, which are NAN (not drawn). The
 * built-in plan's region decision reads the loss (data_loss_under), so its in-place trials
 * after a decision test the partial draw. */
Test(trial, deferred_losses_play_as_losses_drawn_first)
{
    static const char *const plans[] = {"scenarios/commcare.yaml", "scenarios/tutorial.yaml",
                                        "bench/small.yaml", "tests/data/decision-region.yaml",
                                        "tests/data/activation.yaml", "tests/data/damage.yaml",
                                        "tests/data/unrecoverable-failing-copy.yaml",
                                        "tests/data/restore-capacity.yaml"};
    int in_place = 0, decided_in_place = 0, failed_over = 0;
    for (size_t f = 0; f < sizeof plans / sizeof plans[0]; f++) {
        struct plan *p = fixture_plan_file(plans[f]);
        struct trial_worker *we = trial_worker_new(p, SEED), *wd = trial_worker_new(p, SEED);
        cr_assert_not_null(we);
        cr_assert_not_null(wd);
        trial_worker_defer_losses(wd);
        for (int s = 0; s < p->n_scenarios; s++)
            for (uint64_t k = 0; k < 1000; k++) {
                struct trial_result e = *trial_run(we, s, k, NULL);
                struct trial_result d = *trial_run(wd, s, k, NULL);
                if (d.in_place && !p->scenarios[s].damage.present) {
                    cr_assert(isnan(d.failover_loss_s), "%s scenario %d trial %d", plans[f], s,
                              (int)k);
                    for (int i = 0; i < p->n_stores; i++) {
                        cr_assert(isnan(d.store_drawn_loss_s[i]));
                        d.store_drawn_loss_s[i] = e.store_drawn_loss_s[i];
                    }
                    d.failover_loss_s = e.failover_loss_s;
                    in_place++;
                    decided_in_place += !isnan(d.decided_s);
                } else {
                    failed_over += !d.in_place;
                }
                assert_alike(&e, &d, plans[f], s, k);
            }
        trial_worker_free(we);
        trial_worker_free(wd);
        plan_free(p);
    }
    cr_assert_gt(in_place, 0, "no trial recovered in place");
    cr_assert_gt(decided_in_place, 0, "no trial recovered in place after its decision");
    cr_assert_gt(failed_over, 0, "no trial failed over");
}
