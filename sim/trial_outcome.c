/* sim/trial_outcome.c: a played trial's results: RTO (on the scenario's clock), RPO, full
 * restoration, the failback's figures and the exposure window, each business service's
 * restoration, and the critical path (sim/trial.h for the model, sim/trial_int.h for the
 * worker). Nothing here draws a random number or allocates. */
#include <math.h>
#include <string.h>

#include "sim/trial_int.h"

/* The first time the failover's capacity (trial_capacity_at without the primary's
 * return) was at least c: 0 when the outage left that much, else the earliest end of a
 * step with that capacity; INFINITY when none ended. */
static double capacity_reached(const struct trial_result *res, const struct scenario *sc, double c)
{
    if (isnan(sc->capacity_left) || sc->capacity_left >= c)
        return 0.0;
    double t = INFINITY;
    for (int i = 0; i < sc->n_steps; i++)
        if (sc->steps[i].capacity >= c && res->steps[i].state == TRIAL_STEP_DONE)
            t = fmin(t, res->steps[i].end_s);
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

/* The failback's figures and the exposure window of a failed-over trial (sim/trial.h). */
static void failback_figures(struct trial_worker *w, const struct scenario *sc)
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

/* RTO, RPO, full restoration and the store losses, from the played runbook. */
void trial_outcome(struct trial_worker *w, const struct scenario *sc, int recovered)
{
    const struct plan *p = w->p;
    struct trial_result *res = &w->res;
    if (sc->declare_step >= 0 && res->steps[sc->declare_step].state == TRIAL_STEP_DONE)
        res->declared_s = res->steps[sc->declare_step].end_s;
    res->in_place = recovered;
    res->outcome = recovered ? TRIAL_IN_PLACE : TRIAL_FAILED_OVER;
    res->abandoned = recovered && (sc->decision_step < 0 || res->go_s <= res->outage_s);
    double rpo = 0.0, rpo_all = 0.0;
    if (recovered) {
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
        if (!isnan(sc->capacity_left))
            res->full_s = fmax(res->full_s, capacity_reached(res, sc, 1.0));
        failback_figures(w, sc);
        /* The drawn losses stand; their maxima were kept as they were drawn
         * (trial_record_loss). */
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
            back = fmax(back, capacity_reached(res, sc, svc->mbco_capacity));
        if (recovered)
            back = fmin(back, res->primary_back_s);
        w->svc_back[v] = back;
        w->svc_rto[v] = trial_rto_from(w, sc, back);
        /* A service that needs nothing here (damage that leaves its stores alone) was
         * never down: no downtime on any clock, the onset's included. */
        if (__builtin_expect(w->rto_origin_s != 0.0, 0) && never_down && back == 0.0)
            w->svc_rto[v] = 0.0;
        double l = 0.0;
        for (int k = 0; k < svc->n_stores; k++)
            if (res->store_loss_s[svc->stores[k]] > l)
                l = res->store_loss_s[svc->stores[k]];
        w->svc_rpo[v] = l;
    }
}

/* Critical path: walk back from the service step through what released each start;
 * each step's contribution is its end minus its predecessor's end (0 for the first),
 * so the contributions add up to the service step's end. None when that is infinite. */
void trial_critical_path(struct trial_worker *w, const struct scenario *sc)
{
    struct trial_result *res = &w->res;
    const uint64_t after_decision = w->after_decision[w->sc];
    int cur = isfinite(res->service_s) ? w->service_cause : -1;
    for (int guard = 0; cur >= 0 && guard < sc->n_steps; guard++) {
        struct trial_step *ts = &res->steps[cur];
        int pred = ts->release_step;
        ts->on_path = 1;
        ts->contribution_s = ts->end_s - (pred >= 0 ? res->steps[pred].end_s : 0.0);
        res->critical_mask |= UINT64_C(1) << cur;
        /* A step released by the decision became ready at the go: the time from the
         * decision to the go (waiting for the provider) is an item of the path of its
         * own, not the step's: the contributions plus this wait add up to the RTO. */
        if (pred >= 0 && (after_decision >> cur & 1) && ts->ready_s == res->go_s &&
            ts->ready_s > res->steps[pred].end_s) {
            /* Released by the go, later than its last dependency ended (the decision or
             * another step): the difference is the wait for the go. */
            res->path_go_wait_s = ts->ready_s - res->steps[pred].end_s;
            ts->contribution_s -= res->path_go_wait_s;
        }
        cur = pred;
    }
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
