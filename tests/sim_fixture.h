/* tests/sim_fixture.h: small plans built by hand for the engine's tests.
 *
 * The engine's known-answer tests need plans with exact, simple numbers (fixed
 * durations, one person, one backup rule). Building them field by field keeps those
 * tests independent of the YAML loader's defaults; everything is calloc'd the way the
 * loader does it, so plan_free releases it. Header-only (static inline) so that it can
 * be shared by several test files without a link-time dependency.
 */
#ifndef DRSIM_TESTS_SIM_FIXTURE_H
#define DRSIM_TESTS_SIM_FIXTURE_H

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "models/plan.h"
#include "models/units.h"

#define FX_MIN 60.0
#define FX_HOUR 3600.0
#define FX_DAY 86400.0

static inline char *fx_strdup(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    strcpy(d, s);
    return d;
}

/* A plan with room for the given numbers of stores, roles, scenarios and services; the
 * calendar starts on Monday 2026-01-05 UTC with a 365-day window; confidence 95 %.
 * Counts start at 0 and grow as entities are added. */
static inline struct plan *fx_plan(int max_stores, int max_roles, int max_scenarios,
                                   int max_services)
{
    struct plan *p = calloc(1, sizeof *p);
    p->path = fx_strdup("<fixture>");
    p->name = fx_strdup("fixture");
    p->calendar.epoch_days = units_days_from_civil(2026, 1, 5);
    p->calendar.window_start_s = 0.0;
    p->calendar.window_s = 365.0 * FX_DAY;
    p->confidence = 0.95;
    p->rto_clock = RTO_FROM_OUTAGE;
    p->stores = calloc((size_t)max_stores + 1, sizeof *p->stores);
    p->roles = calloc((size_t)max_roles + 1, sizeof *p->roles);
    p->scenarios = calloc((size_t)max_scenarios + 1, sizeof *p->scenarios);
    p->services = calloc((size_t)max_services + 1, sizeof *p->services);
    return p;
}

static inline struct dist fx_exp(double mean)
{
    struct dist d = {DIST_EXPONENTIAL, {mean, 0, 0}, NULL, 0};
    return d;
}

static inline struct dist fx_uniform(double lo, double hi)
{
    struct dist d = {DIST_UNIFORM, {lo, hi, 0}, NULL, 0};
    return d;
}

static inline struct dist fx_lognormal(double median, double p90)
{
    struct dist d = {DIST_LOGNORMAL, {log(median), log(p90 / median) / 1.2815515655446004, 0},
                     NULL, 0};
    return d;
}

/* A store restored from backups (no zone redundancy), counting for RPO, with no rules
 * yet: add them with fx_rule. Restore: fixed overhead, fixed throughput. */
static inline int fx_store(struct plan *p, const char *name, double size_bytes,
                           enum store_zone_mode mode)
{
    int i = p->n_stores++;
    struct store *s = &p->stores[i];
    s->name = fx_strdup(name);
    s->size_bytes = size_bytes;
    s->zone_mode = mode;
    s->failover = dist_fixed(60.0);
    s->replica_lag = dist_fixed(0.0);
    s->recovery = STORE_RECOVER_RESTORE;
    s->throughput = dist_fixed(100e6);
    s->overhead = dist_fixed(0.0);
    s->parallelism = 1;
    s->counts_for_rpo = 1;
    s->rules = calloc(8, sizeof *s->rules);
    return i;
}

/* A backup rule "every interval_s" (phase 0) with a completion time distribution. */
static inline struct backup_rule *fx_rule(struct plan *p, int store, double interval_s,
                                          struct dist complete, double failure,
                                          enum backup_location loc)
{
    struct store *s = &p->stores[store];
    struct backup_rule *r = &s->rules[s->n_rules++];
    r->name = fx_strdup("rule");
    r->schedule.kind = interval_s > 0 ? SCHED_EVERY : SCHED_CONTINUOUS;
    r->schedule.interval_s = interval_s;
    r->schedule.dow_mask = 0x7f;
    r->schedule.month_mask = 0xfff;
    r->complete = complete;
    r->lag = dist_fixed(0.0);
    r->failure_prob = failure;
    r->retention_s = INFINITY;
    r->location = loc;
    return r;
}

/* A role of `count` people with one response distribution per period; business hours
 * Mon-Fri 09:00-17:00 UTC; no escalation. */
static inline int fx_role(struct plan *p, const char *name, int count, struct dist business,
                          struct dist night, struct dist weekend)
{
    int i = p->n_roles++;
    struct role *r = &p->roles[i];
    r->name = fx_strdup(name);
    r->count = count;
    r->calendar.tz_offset_s = 0.0;
    r->calendar.workdays_mask = 0x1f;
    r->calendar.day_start_s = 9 * FX_HOUR;
    r->calendar.day_end_s = 17 * FX_HOUR;
    r->response[SCHED_BUSINESS] = business;
    r->response[SCHED_NIGHT] = night;
    r->response[SCHED_WEEKEND] = weekend;
    r->escalate_after_s = INFINITY;
    r->stand_in = -1;
    r->first_person = p->n_people;
    p->n_people += count;
    return i;
}

/* A scenario whose outage never ends by itself (change sc->duration to test that). */
static inline int fx_scenario(struct plan *p, const char *name, enum outage_scope scope)
{
    int i = p->n_scenarios++;
    struct scenario *sc = &p->scenarios[i];
    sc->name = fx_strdup(name);
    sc->scope = scope;
    sc->per_year = 1.0;
    sc->duration = dist_fixed(INFINITY);
    sc->on_outage_end = OUTAGE_END_RESTORES;
    sc->commit_step = -1;
    sc->steps = calloc(PLAN_MAX_STEPS, sizeof *sc->steps);
    sc->service_step = -1;
    sc->full_step = -1;
    sc->declare_step = -1;
    return i;
}

/* Add a task step to scenario s taking d; `after` lists n_after step indices, then the
 * roles it needs follow as n_needs role indices. The last step added becomes the
 * service step. Returns the step index. */
static inline int fx_step(struct plan *p, int s, const char *name, struct dist d, int n_after,
                          int n_needs, ...)
{
    struct scenario *sc = &p->scenarios[s];
    int i = sc->n_steps++;
    struct step *st = &sc->steps[i];
    va_list ap;
    st->name = fx_strdup(name);
    st->kind = STEP_TASK;
    st->duration = d;
    st->store = -1;
    st->after = calloc((size_t)n_after + 1, sizeof *st->after);
    va_start(ap, n_needs);
    for (int k = 0; k < n_after; k++) {
        st->after[k] = va_arg(ap, int);
        st->after_mask |= UINT64_C(1) << st->after[k];
    }
    st->n_after = n_after;
    for (int k = 0; k < n_needs; k++)
        st->needs[k] = va_arg(ap, int);
    st->n_needs = n_needs;
    va_end(ap);
    sc->service_step = i;
    return i;
}

/* A service depending on the given stores (n_stores of them), restored by `step` in
 * every scenario. */
static inline int fx_service(struct plan *p, const char *name, int step, double rto_s,
                             double rpo_s, int n_stores, ...)
{
    int v = p->n_services++;
    struct service *sv = &p->services[v];
    va_list ap;
    sv->name = fx_strdup(name);
    sv->stores = calloc((size_t)n_stores + 1, sizeof *sv->stores);
    va_start(ap, n_stores);
    for (int k = 0; k < n_stores; k++)
        sv->stores[k] = va_arg(ap, int);
    va_end(ap);
    sv->n_stores = n_stores;
    sv->restored_by = calloc((size_t)p->n_scenarios + 1, sizeof *sv->restored_by);
    for (int s = 0; s < p->n_scenarios; s++)
        sv->restored_by[s] = step;
    sv->rto_s = rto_s;
    sv->rpo_s = rpo_s;
    sv->mtd_s = INFINITY;
    return v;
}

#endif
