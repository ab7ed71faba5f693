/* sim/trial_outcome.c: a played trial's results: RTO (on the scenario's clock), RPO, full
 * restoration, the failback's figures and the exposure window, each business service's
 * restoration, and the critical path (sim/trial.h for the model, sim/trial_int.h for the
 * worker). Nothing here draws a random number or allocates. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/trial_int.h"

/* The first time the failover's capacity (trial_capacity_at without the primary's
 * return) was at least c: 0 when the outage left that much, else the earliest end of a
 * step with that capacity; INFINITY when none ended. Only the steps whose ends are not
 * plain can have a capacity (w->plain_end), and an ended step's end is never NaN, so a
 * compare takes the earlier as fmin would. */
static double capacity_reached(const struct trial_worker *w, const struct scenario *sc, double c)
{
    if (isnan(sc->capacity_left) || sc->capacity_left >= c)
        return 0.0;
    const struct trial_result *res = &w->res;
    double t = INFINITY;
    for (uint64_t m = plan_first_bits(sc->n_steps) & ~w->sc_plain_end; m; m &= m - 1) {
        const int i = __builtin_ctzll(m);
        if (sc->steps[i].capacity >= c && res->steps[i].state == TRIAL_STEP_DONE &&
            res->steps[i].end_s < t)
            t = res->steps[i].end_s;
    }
    return t;
}

/* RTO origin, by the scenario's rto_clock: the outage start (the clock origin), in a
 * logical-damage scenario the onset (damaged_s before the origin); detection (the
 * origin of a damage scenario); or the end of the declaring step under declaration (when
 * it ended before `restored`; else the clock never started: 0). */
double trial_rto_from(const struct trial_worker *w, const struct scenario *sc, double restored)
{
    if (sc->rto_clock != RTO_FROM_DECLARATION || sc->declare_step < 0)
        return restored + w->rto_origin_s;
    const struct trial_step *d = &w->res.steps[sc->declare_step];
    if (d->state == TRIAL_STEP_DONE && d->end_s <= restored)
        return restored - d->end_s;
    return 0.0;
}

/* The failback's figures and the exposure window of a failed-over trial (sim/trial.h).
 * Not inline: most scenarios have neither, and trial_outcome then saves no registers. */
static __attribute__((noinline)) void failback_figures(struct trial_worker *w, const struct scenario *sc)
{
    struct trial_result *res = &w->res;
    double sync_end = INFINITY;
    if (sc->failback.present) {
        double last = -INFINITY, first_down = INFINITY, last_down = -INFINITY;
        for (int i = 0; i < sc->n_steps; i++) {
            const struct step *st = &sc->steps[i];
            const struct trial_step *ts = &res->steps[i];
            if (!st->failback)
                continue;
            double end = trial_end_or_inf(ts);
            last = fmax(last, end);
            if (st->reverse_sync)
                sync_end = end;
            if (st->interrupts_service) {
                first_down = fmin(first_down, isnan(ts->start_s) ? INFINITY : ts->start_s);
                last_down = fmax(last_down, end);
            }
        }
        res->failback_end_s = last;
        res->failback_downtime_s = isinf(first_down) && last_down < 0 ? 0.0
                                   : isfinite(last_down) && isfinite(first_down)
                                       ? last_down - first_down
                                       : INFINITY;
        if (isnan(res->failback_at_risk_s))
            res->failback_at_risk_s = INFINITY;   /* the sync never started */
    }
    if (sc->failback.present || sc->exposure_step >= 0) {
        double copy = sc->exposure_step >= 0 ? trial_end_or_inf(&res->steps[sc->exposure_step])
                                             : INFINITY;
        double closed = fmin(copy, sync_end);
        res->exposure_s = isfinite(res->service_s) ? fmax(0.0, closed - res->service_s)
                                                   : INFINITY;
    }
}

/* trial_outcome's body, built twice: with plain, for a trial that failed over on a
 * worker that reads only the run's figures, in a scenario without a capacity model,
 * failback or exposure step (the commonest), the tests of those drop out and nothing is
 * called, so that it saves no registers. */
static inline __attribute__((always_inline)) void
outcome(struct trial_worker *w, const struct scenario *sc, int recovered, int plain)
{
    const struct plan *p = w->p;
    struct trial_result *res = &w->res;
    if (sc->declare_step >= 0 && res->steps[sc->declare_step].state == TRIAL_STEP_DONE)
        res->declared_s = res->steps[sc->declare_step].end_s;
    res->in_place = recovered;
    res->outcome = recovered ? TRIAL_IN_PLACE : TRIAL_FAILED_OVER;
    res->abandoned = recovered && (sc->decision_step < 0 || res->go_s <= res->outage_s);
    double rpo = 0.0, rpo_all = 0.0;
    if (!plain && recovered) {
        res->service_s = res->primary_back_s;
        res->full_s = res->primary_back_s;
        for (int s = 0; s < p->n_stores; s++)
            res->store_loss_s[s] = 0.0;
    } else {
        /* A step that never ended (its people can never all be free at once, e.g. it
         * needs two people of a one-person role) leaves what waits on it infinite. */
        if (sc->n_policy_services == 0)
            res->service_s = trial_end_or_inf(&res->steps[sc->service_step]);
        else
            res->service_s = w->service_done ? res->service_s : INFINITY; /* set in play */
        if (sc->full_step >= 0) {
            res->full_s = trial_end_or_inf(&res->steps[sc->full_step]);
        } else {
            /* The last end of the steps that are not failback steps (play kept it: events
             * come in time order), infinite while one of them has not ended. */
            const uint64_t core = w->core_mask[w->sc];
            res->full_s = (w->done_mask & core) == core ? w->core_end_s : INFINITY;
        }
        if (!plain && !isnan(sc->capacity_left))
            res->full_s = fmax(res->full_s, capacity_reached(w, sc, 1.0));
        if (!plain && (sc->failback.present || sc->exposure_step >= 0))
            failback_figures(w, sc);
        /* The drawn losses stand; their maxima were kept as they were drawn
         * (trial_record_loss). The run's figures read them where they were drawn
         * (trial_services, mc_acc_play), so a figures-only worker leaves store_loss_s
         * unwritten. */
        if (!plain && trial_full_result(w))
            memcpy(res->store_loss_s, res->store_drawn_loss_s,
                   (size_t)p->n_stores * sizeof res->store_loss_s[0]);
        rpo = res->failover_loss_s;
        rpo_all = w->drawn_rpo_all_s;
        res->rpo_no_point = isinf(rpo) != 0;
    }
    res->rpo_s = rpo;
    res->rpo_all_s = rpo_all;
    res->rto_s = trial_rto_from(w, sc, res->service_s);
}

/* trial_outcome's body for every trial the plain one does not take. */
static __attribute__((noinline)) void outcome_general(struct trial_worker *w,
                                                      const struct scenario *sc, int recovered)
{
    outcome(w, sc, recovered, 0);
}

/* RTO, RPO, full restoration and the store losses, from the played runbook. */
void trial_outcome(struct trial_worker *w, const struct scenario *sc, int recovered)
{
    if (recovered || !isnan(sc->capacity_left) || sc->failback.present ||
        sc->exposure_step >= 0 || trial_full_result(w))
        outcome_general(w, sc, recovered);
    else
        outcome(w, sc, 0, 1);
}

/* Each service's restoration (the last end of the steps it needs, then the first time
 * the capacity is at its MBCO; the primary's return when in place and that came first),
 * its RTO from that, and its RPO (the largest loss over its stores: exceptions never
 * apply to a service's own data, an ephemeral store loses nothing). */
void trial_services(struct trial_worker *w, const struct scenario *sc, int recovered)
{
    const struct plan *p = w->p;
    const struct trial_result *res = &w->res;
    const uint64_t *needs = &w->svc_need[(size_t)w->sc * (size_t)p->n_services];
    for (int v = 0; v < p->n_services; v++) {
        const struct service *svc = &p->services[v];
        /* The needed steps no other needed step waits on (w->svc_need): the others end no
         * later, and have ended when these have. */
        uint64_t need = needs[v];
        const int never_down = need == 0;
        double back = 0.0;
        while (need) {
            int j = __builtin_ctzll(need);
            need &= need - 1;
            /* A compare, not fmax (a library call): neither value can be NaN here. */
            const double end = trial_end_or_inf(&res->steps[j]);
            if (end > back)
                back = end;
        }
        if (svc->mbco_capacity > 0 && !isnan(sc->capacity_left) && isfinite(back))
            back = fmax(back, capacity_reached(w, sc, svc->mbco_capacity));
        /* A compare, not fmin: the primary's return is a time, never NaN. */
        if (recovered && res->primary_back_s < back)
            back = res->primary_back_s;
        w->svc_back[v] = back;
        w->svc_rto[v] = trial_rto_from(w, sc, back);
        /* A service that needs nothing here (damage that leaves its stores alone) was
         * never down: no downtime on any clock, the onset's included. */
        if (__builtin_expect(w->rto_origin_s != 0.0, 0) && never_down && back == 0.0)
            w->svc_rto[v] = 0.0;
        /* In place, every store lost nothing (trial_outcome); failed over, each lost what
         * was drawn (store_drawn_loss_s, which a figures-only worker does not copy). */
        double l = 0.0;
        if (!recovered)
            for (int k = 0; k < svc->n_stores; k++)
                if (res->store_drawn_loss_s[svc->stores[k]] > l)
                    l = res->store_drawn_loss_s[svc->stores[k]];
        w->svc_rpo[v] = l;
    }
}

/* The walk of trial_critical_path, compiled twice: with decision false for a scenario
 * whose steps do not wait on a decision step (no go to take off the path), the test of
 * each step against it drops out. The walk keeps the mask and the step's end in
 * registers: each step's end is the one its successor on the path read as its
 * predecessor's. */
static inline __attribute__((always_inline)) void
critical_walk(struct trial_result *res, int cur, int n_steps, uint64_t after_decision,
              int decision)
{
    struct trial_step *steps = res->steps, *ts = &steps[cur];
    uint64_t mask = res->critical_mask;
    double end = ts->end_s;
    for (int guard = 0; guard < n_steps; guard++) {
        const int pred = ts->release_step;
        struct trial_step *pts = pred >= 0 ? &steps[pred] : NULL;
        const double pred_end = pts ? pts->end_s : 0.0;
        ts->on_path = 1;
        ts->contribution_s = end - pred_end;
        mask |= UINT64_C(1) << cur;
        /* A step released by the decision became ready at the go: the time from the
         * decision to the go (waiting for the provider) is an item of the path of its
         * own, not the step's: the contributions plus this wait add up to the RTO. */
        if (decision && pred >= 0 && (after_decision >> cur & 1) && ts->ready_s == res->go_s &&
            ts->ready_s > pred_end) {
            /* Released by the go, later than its last dependency ended (the decision or
             * another step): the difference is the wait for the go. */
            res->path_go_wait_s = ts->ready_s - pred_end;
            ts->contribution_s -= res->path_go_wait_s;
        }
        if (pred < 0)
            break;
        cur = pred;
        ts = pts;
        end = pred_end;
    }
    res->critical_mask = mask;
}

/* Critical path: walk back from the service step through what released each start;
 * each step's contribution is its end minus its predecessor's end (0 for the first),
 * so the contributions add up to the service step's end. None when that is infinite. */
void trial_critical_path(struct trial_worker *w, const struct scenario *sc)
{
    struct trial_result *res = &w->res;
    if (res->critical_mask != 0)    /* the serial play set it */
        return;
    const int cur = isfinite(res->service_s) ? w->service_cause : -1;
    if (cur < 0)    /* none */
        return;
    const uint64_t after_decision = w->after_decision[w->sc];
    if (after_decision == 0)
        critical_walk(res, cur, sc->n_steps, 0, 0);
    else
        critical_walk(res, cur, sc->n_steps, after_decision, 1);
}

double trial_capacity_at(const struct scenario *sc, const struct trial_result *r, double t)
{
    if (isnan(sc->capacity_left))
        return 1.0;
    if (r->in_place && t >= r->primary_back_s)
        return 1.0;
    double c = sc->capacity_left;
    for (int i = 0; i < sc->n_steps && i < r->n_steps; i++) {
        const struct trial_step *ts = &r->steps[i];
        if (!isnan(sc->steps[i].capacity) && ts->state == TRIAL_STEP_DONE && ts->end_s <= t &&
            sc->steps[i].capacity > c)
            c = sc->steps[i].capacity;
    }
    return c;
}

/* x and y are the same time, or both not a number. */
static int same_time(double x, double y)
{
    return x == y || (isnan(x) && isnan(y));
}

/* A figure of two plays, by name (trial_results_differ). */
struct named_time {
    const char *name;
    double x, y;
};

/* The first of t[0 .. count) in which the plays differ, named in why (as step `step`'s
 * when that is not -1): 1, or 0 when none does. */
static int times_differ(const struct named_time *t, size_t count, int step, char *why, size_t n)
{
    for (size_t f = 0; f < count; f++)
        if (!same_time(t[f].x, t[f].y)) {
            if (step >= 0)
                snprintf(why, n, "step %d %s: %.17g vs %.17g", step, t[f].name, t[f].x, t[f].y);
            else
                snprintf(why, n, "%s: %.17g vs %.17g", t[f].name, t[f].x, t[f].y);
            return 1;
        }
    return 0;
}

int trial_results_differ(const struct trial_result *a, const struct trial_result *b, char *why,
                         size_t n)
{
    const struct named_time t[] = {
        {"rto_s", a->rto_s, b->rto_s},
        {"rpo_s", a->rpo_s, b->rpo_s},
        {"rpo_all_s", a->rpo_all_s, b->rpo_all_s},
        {"full_s", a->full_s, b->full_s},
        {"service_s", a->service_s, b->service_s},
        {"declared_s", a->declared_s, b->declared_s},
        {"primary_back_s", a->primary_back_s, b->primary_back_s},
        {"failover_loss_s", a->failover_loss_s, b->failover_loss_s},
        {"decided_s", a->decided_s, b->decided_s},
        {"go_s", a->go_s, b->go_s},
        {"path_go_wait_s", a->path_go_wait_s, b->path_go_wait_s},
        {"failback_start_s", a->failback_start_s, b->failback_start_s},
        {"failback_end_s", a->failback_end_s, b->failback_end_s},
        {"failback_downtime_s", a->failback_downtime_s, b->failback_downtime_s},
        {"failback_at_risk_s", a->failback_at_risk_s, b->failback_at_risk_s},
        {"exposure_s", a->exposure_s, b->exposure_s},
        {"damaged_s", a->damaged_s, b->damaged_s},
        {"start_abs_s", a->start_abs_s, b->start_abs_s},
        {"outage_s", a->outage_s, b->outage_s},
    };
    if (times_differ(t, sizeof t / sizeof t[0], -1, why, n))
        return 1;
    const struct {
        const char *name;
        long long x, y;
    } c[] = {
        {"outcome", a->outcome, b->outcome},
        {"in_place", a->in_place, b->in_place},
        {"abandoned", a->abandoned, b->abandoned},
        {"go", a->go, b->go},
        {"rpo_no_point", a->rpo_no_point, b->rpo_no_point},
        {"no_clean", a->no_clean, b->no_clean},
        {"n_handovers", a->n_handovers, b->n_handovers},
        {"critical_mask", (long long)a->critical_mask, (long long)b->critical_mask},
        {"n_steps", a->n_steps, b->n_steps},
    };
    for (size_t f = 0; f < sizeof c / sizeof c[0]; f++)
        if (c[f].x != c[f].y) {
            snprintf(why, n, "%s: %lld vs %lld", c[f].name, c[f].x, c[f].y);
            return 1;
        }
    for (int s = 0; s < a->n_stores; s++)
        if (!same_time(a->store_loss_s[s], b->store_loss_s[s]) ||
            !same_time(a->store_drawn_loss_s[s], b->store_drawn_loss_s[s])) {
            snprintf(why, n, "store %d loss: %.17g vs %.17g", s, a->store_loss_s[s],
                     b->store_loss_s[s]);
            return 1;
        }
    for (int v = 0; v < a->n_services; v++)
        if (!same_time(a->service_rto_s[v], b->service_rto_s[v]) ||
            !same_time(a->service_rpo_s[v], b->service_rpo_s[v]) ||
            !same_time(a->service_back_s[v], b->service_back_s[v])) {
            snprintf(why, n, "service %d: RTO %.17g vs %.17g, back %.17g vs %.17g", v,
                     a->service_rto_s[v], b->service_rto_s[v], a->service_back_s[v],
                     b->service_back_s[v]);
            return 1;
        }
    for (int i = 0; i < a->n_steps; i++) {
        const struct trial_step *x = &a->steps[i], *y = &b->steps[i];
        const struct named_time st[] = {
            {"ready_s", x->ready_s, y->ready_s},
            {"start_s", x->start_s, y->start_s},
            {"end_s", x->end_s, y->end_s},
            {"duration_s", x->duration_s, y->duration_s},
            {"staff_wait_s", x->staff_wait_s, y->staff_wait_s},
            {"contribution_s", x->contribution_s, y->contribution_s},
        };
        if (times_differ(st, sizeof st / sizeof st[0], i, why, n))
            return 1;
        const int sa[] = {(int)x->state, x->n_people, x->n_optional, x->n_stand_ins,
                          x->n_handovers, (int)x->release, x->release_step, x->on_path};
        const int sb[] = {(int)y->state, y->n_people, y->n_optional, y->n_stand_ins,
                          y->n_handovers, (int)y->release, y->release_step, y->on_path};
        static const char *const names[] = {"state",    "n_people", "n_optional",
                                            "n_stand_ins", "n_handovers", "release",
                                            "release_step", "on_path"};
        for (size_t f = 0; f < sizeof sa / sizeof sa[0]; f++)
            if (sa[f] != sb[f]) {
                snprintf(why, n, "step %d %s: %d vs %d", i, names[f], sa[f], sb[f]);
                return 1;
            }
        for (int j = 0; j < x->n_people; j++)
            if (x->people[j] != y->people[j]) {
                snprintf(why, n, "step %d person %d: %d vs %d", i, j, x->people[j],
                         y->people[j]);
                return 1;
            }
    }
    return 0;
}
