/* sim/trial_xfer.c: shared restore capacity within one trial (scenario.restore_region).
 *
 * Each restore step with bytes to move works its overhead, then queues for one of the
 * region's transfer slots (first come, first served; ties by step index), then moves its
 * store at a max-min fair share of the region's bandwidth, capped by its own rate
 * (processor sharing). Every rate change schedules one tick at the earliest end; older
 * ticks carry an older version and are skipped. The event loop (sim/trial.c) calls in
 * here only for scenarios with a restore region, so none of this is on the common path.
 */
#include "sim/trial_int.h"

#include <math.h>
#include <string.h>

/* Bring the bytes left of every transfer in flight up to `now` at the current rates. */
static void xfer_advance(struct trial_worker *w, double now)
{
    double dt = now - w->xfer_last_t;
    if (dt > 0.0 && isfinite(dt))
        for (uint64_t m = w->xfer_flight; m; m &= m - 1) {
            int i = __builtin_ctzll(m);
            if (w->xfer_rate[i] > 0.0)
                w->xfer_left[i] = fmax(0.0, w->xfer_left[i] - w->xfer_rate[i] * dt);
        }
    w->xfer_last_t = now;
}

/* Share the region's bandwidth max-min fairly among the transfers in flight, each capped
 * by its own rate: the smallest caps are met in full, the rest split what is left
 * equally. */
static void xfer_share(struct trial_worker *w, double bandwidth)
{
    int idx[PLAN_MAX_STEPS], n = 0;
    for (uint64_t m = w->xfer_flight; m; m &= m - 1) {
        int i = __builtin_ctzll(m), k = n++;
        while (k > 0 && w->xfer_cap[idx[k - 1]] > w->xfer_cap[i]) {
            idx[k] = idx[k - 1];
            k--;
        }
        idx[k] = i;
    }
    double left = bandwidth;
    for (int k = 0; k < n; k++) {
        double share = left / (double)(n - k), cap = w->xfer_cap[idx[k]];
        double r = cap <= share ? cap : share;
        w->xfer_rate[idx[k]] = r;
        left -= r;
    }
}

/* After a transfer became ready or ended at `now`: start queued transfers while slots
 * are free (first come, first served), recompute every rate and schedule a tick at the
 * earliest end (older ticks carry an older version and are skipped). */
void trial_xfer_update(struct trial_worker *w, const struct scenario *sc, double now)
{
    const struct restore_region *rr = &w->p->restore_regions[sc->restore_region - 1];
    const struct plan *p = w->p;
    w->xfer_dirty = 0;
    xfer_advance(w, now);
    int started = 0;
    while (w->n_flight < rr->concurrency && started < w->n_xq) {
        int i = w->xq[started++];
        w->xfer[i] = XFER_FLIGHT;
        w->xfer_left[i] = p->stores[sc->steps[i].store].size_bytes;
        w->xfer_flight |= UINT64_C(1) << i;
        w->n_flight++;
    }
    memmove(w->xq, w->xq + started, (size_t)(w->n_xq - started) * sizeof w->xq[0]);
    w->n_xq -= started;
    xfer_share(w, rr->bandwidth);
    double first = INFINITY;
    for (uint64_t m = w->xfer_flight; m; m &= m - 1) {
        int i = __builtin_ctzll(m);
        w->xfer_fin[i] = w->xfer_rate[i] > 0.0 ? now + w->xfer_left[i] / w->xfer_rate[i]
                                                : INFINITY;
        first = fmin(first, w->xfer_fin[i]);
    }
    w->xfer_version++;
    if (isfinite(first))
        push(w, first, EV_XFER_TICK, w->xfer_version);
}

/* A tick: the transfers due by `now` end, and so do their steps (at this instant). */
COLD void trial_xfer_tick(struct trial_worker *w, int version, double now)
{
    if (version != w->xfer_version)
        return;     /* the rates changed since it was scheduled */
    xfer_advance(w, now);
    for (uint64_t m = w->xfer_flight; m; m &= m - 1) {
        int i = __builtin_ctzll(m);
        if (w->xfer_fin[i] > now)
            continue;
        struct trial_step *ts = &w->res.steps[i];
        w->xfer[i] = XFER_DONE;
        w->xfer_left[i] = 0.0;
        w->xfer_flight &= ~(UINT64_C(1) << i);
        w->n_flight--;
        ts->duration_s = now - ts->start_s;   /* the time it actually took */
        push(w, now, EV_STEP_END, i);
    }
    w->xfer_dirty = 1;
}

/* A restore's overhead has ended at `now`: it queues for a transfer slot, in order of
 * (time, step index). */
COLD void trial_xfer_ready(struct trial_worker *w, int i, double now)
{
    if (w->res.steps[i].state != TRIAL_STEP_RUNNING)
        return;     /* cancelled while it worked its overhead */
    int k = w->n_xq++;
    while (k > 0 && w->xfer_ready_t[w->xq[k - 1]] == now && w->xq[k - 1] > i) {
        w->xq[k] = w->xq[k - 1];
        k--;
    }
    w->xq[k] = i;
    w->xfer[i] = XFER_QUEUED;
    w->xfer_ready_t[i] = now;
    w->xfer_dirty = 1;
}

/* A cancelled step leaves the transfer queue or frees its slot. */
void trial_xfer_cancel(struct trial_worker *w, int i)
{
    if (w->xfer[i] == XFER_FLIGHT) {
        w->xfer_flight &= ~(UINT64_C(1) << i);
        w->n_flight--;
        w->xfer_dirty = 1;
    } else if (w->xfer[i] == XFER_QUEUED) {
        int kept = 0;
        for (int n = 0; n < w->n_xq; n++)
            if (w->xq[n] != i)
                w->xq[kept++] = w->xq[n];
        w->n_xq = kept;
    }
    w->xfer[i] = XFER_NONE;
}
