/* sim/trial.c: one trial of one scenario (see sim/trial.h for the model). */
#include "sim/trial_int.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/backup.h"
#include "models/dist.h"
#include "models/sched.h"

/* ---- the simulation --------------------------------------------------------------------- */

/* One of a step's two values, *d drawn as `how` says (struct step_draw): the number
 * sample_first(w, *d, *id, *first) gives, with its tests settled once per worker. Its
 * uniform is the one made with the blocks (w->first_u), not converted again here. The
 * fields come by address so that each branch loads only what it reads: passed by value,
 * GCC 12 loaded all four for every step before the first test. *none is set, and nothing
 * drawn, when how is STEP_HOW_NONE: the test is the chain's last, not a test of its own
 * ahead of it. */
static inline __attribute__((always_inline)) double
step_value(struct trial_worker *w, const struct dist *const *d, int how, const int *first,
           const double *fixed, const uint64_t *id, int *none)
{
    if (__builtin_expect(how == STEP_HOW_LOGNORMAL, 1))
        return dist_lognormal_u(*d, w->first_u[*first]);
    if (how == STEP_HOW_FIRST_U)
        return dist_sample_u(*d, w->first_u[*first]);
    if (how == STEP_HOW_FIXED)
        return *fixed;
    if (__builtin_expect(how == STEP_HOW_NONE, 0)) {
        *none = 1;
        return 0.0;
    }
    return sample_first(w, *d, *id, *first);
}

/* A restore's time alone: its overhead d, and its bytes at its parallel streams' throughput
 * tp (one that moves nothing, no positive throughput drawn, takes forever alone). */
static inline double restore_time(const struct step_draw *sd, double d, double tp)
{
    return d + (tp > 0.0 ? sd->size_bytes / (sd->par * tp) : INFINITY);
}

/* Work time of step i of scenario sc (drawn as w->draws says) into *out, each random part
 * from its own stream. A restore of a store that the scope leaves intact (and that is not
 * damaged) takes no time; an unrecoverable store has nothing to copy, so only its overhead
 * counts. Under restore capacity, a restore with bytes to move is marked for the shared
 * transfer (w->xfer) and the time written is what it would take alone. The work time is
 * written before a restore draws its throughput and read back after, so that it need not
 * live in a register across the throughput's call of exp: returned, it cost 9 instructions
 * more a small-plan trial (GCC 12 gave it a stack slot, stored and loaded). Always inline
 * (its one caller is draw_inputs' step loop), like handle: left to itself GCC 12 moves one
 * or the other out of line as the code around them grows by a few instructions, which cost
 * 2 % of a trial when the uniforms gained their guard below 1. */
static inline __attribute__((always_inline)) void
step_duration(struct trial_worker *w, const struct scenario *sc, const struct input_ids *ids,
              const struct step_draw *sd, int i, double *out)
{
    int none = 0;
    *out = step_value(w, &sd->work, sd->work_how, &sd->work_first, &sd->work_fixed_s,
                      &ids->step[i], &none);
    if (none || sd->tp_how == STEP_HOW_NONE)
        return;
    double tp = step_value(w, &sd->tp, sd->tp_how, &sd->tp_first, &sd->tp_fixed,
                           &ids->throughput[i], &none);
    const double d = *out;
    /* A restore that moves nothing takes no transfer slot from others. */
    if (sc->restore_region > 0 && tp > 0.0) {
        const struct restore_region *rr = &w->p->restore_regions[sc->restore_region - 1];
        w->xfer[i] = XFER_OVERHEAD;
        w->xfer_ovh[i] = d;
        w->xfer_cap[i] = fmin(tp > 0.0 ? sd->par * tp : 0.0, rr->per_restore);
    }
    *out = restore_time(sd, d, tp);
}

/* Person is free from `now`, freed by step `by` (-1: they arrived, or came back from a
 * rest or for a failback window). */
static inline void set_free(struct trial_worker *w, int person, double now, int by)
{
    w->person_state[person] = PERSON_FREE;
    w->free_mask |= UINT64_C(1) << (person & 63);
    w->person_free_t[person] = now;
    w->person_freed_by[person] = by;
}

/* Person (free) starts working on a step. */
static inline void set_busy(struct trial_worker *w, int person)
{
    w->person_state[person] = PERSON_BUSY;
    w->free_mask &= ~(UINT64_C(1) << (person & 63));
}

/* Step i is ready at time t: queue it in (ready time, index) order and page the roles it
 * needs that nobody has paged yet (every role of an any_of set, optional ones too): one
 * test of its roles (w->step_roles) when all are paged, as they mostly are. traced is
 * w->tr != NULL, a constant where play's loop calls it (see play).
 * Inline, as release_dependents is: nearly every step end runs both, and out of line their
 * calls were about 3 % of a small plan's instructions. */
static inline __attribute__((always_inline)) void
make_ready(struct trial_worker *w, const struct scenario *sc, int i, double t, int traced)
{
    struct trial_step *ts = &w->res.steps[i];
    ts->state = TRIAL_STEP_READY;
    ts->ready_s = t;
    int k = w->n_waiting++;
    /* The index test first: steps mostly become ready in index order, so it ends the walk
     * without reading a ready time. */
    while (k > 0 && w->waiting[k - 1] > i && w->res.steps[w->waiting[k - 1]].ready_s == t) {
        w->waiting[k] = w->waiting[k - 1];
        k--;
    }
    w->waiting[k] = i;
    if (traced)
        trial_emit(w, (struct trial_event){.kind = TRIAL_EV_STEP_READY, .t_s = t, .step = i,
                                     .store = -1, .role = -1, .person = -1,
                                     .stand_in_role = -1});
    if (w->sc_step_roles[i] & ~w->paged_mask)
        trial_page_needed(w, &sc->steps[i], t, i);
}

/* The lowest-numbered free person of role r not among chosen[0..n) (an entry -1 is
 * nobody). With at most 64 people in the plan, the lowest bit of the role's people that
 * are free and not chosen; else a walk over the role's people. simple (see play): the
 * plan is known to have at most 64 people. */
static inline __attribute__((always_inline)) int
find_free_as(const struct trial_worker *w, int r, const int *chosen, int n, int simple)
{
    if (simple || __builtin_expect(w->people_masked, 1)) {
        uint64_t m = w->free_mask & w->role_people[r];
        for (int k = 0; k < n && m; k++)
            if (chosen[k] >= 0)
                m &= ~(UINT64_C(1) << chosen[k]);
        return m ? __builtin_ctzll(m) : -1;
    }
    const struct role *ro = &w->p->roles[r];
    for (int person = ro->first_person; person < ro->first_person + ro->count; person++) {
        if (w->person_state[person] != PERSON_FREE)
            continue;
        int taken = 0;
        for (int k = 0; k < n; k++)
            taken |= chosen[k] == person;
        if (!taken)
            return person;
    }
    return -1;
}

static inline int find_free(const struct trial_worker *w, int r, const int *chosen, int n)
{
    return find_free_as(w, r, chosen, n, 0);
}

/* ---- shifts and hand-over -------------------------------------------------------------- */

/* Whether step i's time is a shared restore transfer (its timing is the machines': a
 * hand-over does not move it). */
static inline int is_transfer(const struct trial_worker *w, const struct scenario *sc, int i)
{
    return sc->restore_region > 0 && w->xfer[i] != XFER_NONE;
}

/* Person (of role ro, with a shift) ends a stretch at `now`: they rest ro's rest (then
 * EV_REST_END frees them), or with no rest are free at once (freed by step `by`, -1:
 * none), with a new stretch to come either way. */
COLD static void rest_person(struct trial_worker *w, const struct role *ro, int person,
                             double now, int by)
{
    w->stretch_open[person] = 0;
    if (ro->shift.rest_s > 0.0) {
        w->person_state[person] = PERSON_RESTING;
        if (now + ro->shift.rest_s < INFINITY)
            push(w, now + ro->shift.rest_s, EV_REST_END, person);
        return;
    }
    set_free(w, person, now, by);
}

/* Person is freed at `now` by step `by` (its end, or its cancellation): free, unless their
 * role has a shift and their stretch has run out, when they rest first. */
static inline void free_person(struct trial_worker *w, int person, double now, int by)
{
    if (__builtin_expect(w->any_shift, 0)) {
        const struct role *ro = &w->p->roles[w->person_role[person]];
        if (has_shift(ro) && w->stretch_open[person] &&
            now >= w->work_start_t[person] + ro->shift.max_s) {
            rest_person(w, ro, person, now, by);
            return;
        }
    }
    set_free(w, person, now, by);
}

/* Person starts working at `now`: a stretch opens unless one runs (a person left idle
 * past their stretch's end had a break: a new one opens). */
static void open_stretch(struct trial_worker *w, const struct role *ro, int person, double now)
{
    if (!w->stretch_open[person] || now >= w->work_start_t[person] + ro->shift.max_s) {
        w->stretch_open[person] = 1;
        w->work_start_t[person] = now;
    }
}

/* Queue the hand-over of place k of running step i at its person's stretch end, when
 * the step would run past it (a transfer step: always, its end is not known). */
static void watch_place(struct trial_worker *w, const struct scenario *sc, int i, int k)
{
    const struct trial_step *ts = &w->res.steps[i];
    int person = ts->people[k];
    const struct role *ro = &w->p->roles[w->person_role[person]];
    double e = w->work_start_t[person] + ro->shift.max_s;
    if (is_transfer(w, sc, i) || e < ts->start_s + ts->duration_s)
        push(w, e, EV_HANDOVER, i << 8 | k);
}

/* Step i has started at `now`: open the stretches of its people of roles with a shift and
 * queue their hand-overs. */
COLD static void shift_start(struct trial_worker *w, const struct scenario *sc, int i,
                             double now)
{
    const struct trial_step *ts = &w->res.steps[i];
    for (int k = 0; k < ts->n_people; k++) {
        int person = ts->people[k];
        const struct role *ro = &w->p->roles[w->person_role[person]];
        if (!has_shift(ro))
            continue;
        open_stretch(w, ro, person, now);
        watch_place(w, sc, i, k);
    }
}

/* Hand place k of running step i over at `now` (due since due_t) to the lowest-numbered
 * free person of its person's role: the step's end moves later by hand_over (not a
 * transfer's), the leaver rests, the taker's stretch is watched, and so is every other
 * place's whose stretch end the move has passed. Returns 0 when nobody is free. */
static int hand_over(struct trial_worker *w, const struct scenario *sc, int i, int k,
                     double now, double due_t)
{
    struct trial_step *ts = &w->res.steps[i];
    const int leaver = ts->people[k], r = w->person_role[leaver];
    const struct role *ro = &w->p->roles[r];
    const int taker = find_free(w, r, NULL, 0);
    if (taker < 0)
        return 0;
    const int transfer = is_transfer(w, sc, i);
    const double old_end = ts->start_s + ts->duration_s;
    ts->people[k] = taker;
    set_busy(w, taker);
    open_stretch(w, ro, taker, now);
    ts->n_handovers++;
    w->res.n_handovers++;
    if (!transfer)
        ts->duration_s += ro->shift.hand_over_s;
    const double new_end = ts->start_s + ts->duration_s;
    if (w->tr)
        trial_emit(w, (struct trial_event){.kind = TRIAL_EV_HANDOVER, .t_s = now, .step = i,
                                     .store = -1, .role = r, .person = leaver,
                                     .stand_in_role = -1, .people = {taker}, .n_people = 1,
                                     .value_s = transfer ? 0.0 : ro->shift.hand_over_s,
                                     .wait_s = now - due_t,
                                     .flag = transfer ? TRIAL_HANDOVER_TRANSFER : 0});
    rest_person(w, ro, leaver, now, -1);
    watch_place(w, sc, i, k);
    for (int j = 0; !transfer && new_end > old_end && j < ts->n_people; j++) {
        int person = ts->people[j];
        const struct role *rj = &w->p->roles[w->person_role[person]];
        if (j == k || !has_shift(rj) || !w->stretch_open[person])
            continue;
        double e = w->work_start_t[person] + rj->shift.max_s;
        if (e >= old_end && e < new_end)
            push(w, e, EV_HANDOVER, i << 8 | j);
    }
    return 1;
}

/* EV_HANDOVER: place k of step i reaches its person's stretch end at `now` (stale when the
 * step no longer runs, the place changed hands, or the step ends now): hand it over, or
 * with nobody free let the person carry on and keep the hand-over pending. */
COLD static void handover_due(struct trial_worker *w, const struct scenario *sc, int i, int k,
                              double now)
{
    const struct trial_step *ts = &w->res.steps[i];
    if (ts->state != TRIAL_STEP_RUNNING || k >= ts->n_people)
        return;
    const int person = ts->people[k];
    const struct role *ro = &w->p->roles[w->person_role[person]];
    if (!has_shift(ro) || !w->stretch_open[person] ||
        w->work_start_t[person] + ro->shift.max_s != now)
        return;
    if (!is_transfer(w, sc, i) ? ts->start_s + ts->duration_s <= now
        : w->xfer[i] == XFER_DONE || (w->xfer[i] == XFER_FLIGHT && w->xfer_fin[i] <= now))
        return;     /* it ends now */
    if (hand_over(w, sc, i, k, now, now))
        return;
    w->pending[w->n_pending] = i << 8 | k;
    w->pending_t[w->n_pending++] = now;
    if (w->tr)
        trial_emit(w, (struct trial_event){.kind = TRIAL_EV_HANDOVER, .t_s = now, .step = i,
                                     .store = -1, .role = w->person_role[person],
                                     .person = person, .stand_in_role = -1,
                                     .flag = TRIAL_HANDOVER_NOBODY});
}

/* Serve the pending hand-overs at `now`, first due first, dropping those whose step has
 * ended or was cancelled; the ones nobody can take yet stay. */
COLD static void serve_pending(struct trial_worker *w, const struct scenario *sc, double now)
{
    int kept = 0;
    for (int n = 0; n < w->n_pending; n++) {
        int i = w->pending[n] >> 8, k = w->pending[n] & 255;
        if (w->res.steps[i].state != TRIAL_STEP_RUNNING)
            continue;
        if (!hand_over(w, sc, i, k, now, w->pending_t[n])) {
            w->pending_t[kept] = w->pending_t[n];
            w->pending[kept++] = w->pending[n];
        }
    }
    w->n_pending = kept;
}

/* A free stand-in for role r at `now`, not among chosen[0..n): once r's escalation has
 * reached level j (page + j x escalate_after), the chain's first j roles may stand in,
 * the earliest level with somebody free first; a stand-in role never paged is paged as
 * its level is tried. Returns the person with *level its place in the chain, or -1. */
static int take_stand_in(struct trial_worker *w, int r, double now, const int *chosen, int n,
                         unsigned char *level)
{
    const struct role *ro = &w->p->roles[r];
    for (int j = 0; j < ro->n_stand_ins && now >= w->role_page_t[r] + (j + 1) * ro->escalate_after_s;
         j++) {
        int s = ro->stand_ins[j];
        if (!(w->paged_mask >> s & 1))
            trial_page_role(w, s, now, r, TRIAL_PAGE_NEEDED, -1);
        int person = find_free(w, s, chosen, n);
        if (person >= 0) {
            *level = (unsigned char)(j + 1);
            return person;
        }
    }
    return -1;
}

/* A free person for any_of entry k of step st, not among chosen[0..k): of its roles in
 * order, else a stand-in along each of its roles' chains in order (then *level is its
 * place in the chain and *via the role it stands in for). -1 when none. */
COLD static int take_any_of(struct trial_worker *w, const struct step *st, int k, double now,
                            const int *chosen, unsigned char *level, int *via)
{
    const struct step_any_of *a = &st->any_of[k];
    for (int q = 0; q < a->n_roles; q++) {
        int person = find_free(w, a->roles[q], chosen, k);
        if (person >= 0)
            return person;
    }
    for (int q = 0; q < a->n_roles; q++) {
        int person = take_stand_in(w, a->roles[q], now, chosen, k, level);
        if (person >= 0) {
            *via = a->roles[q];
            return person;
        }
    }
    return -1;
}

/* Try to give step st its required people at time `now`, all at once. Returns 1 with
 * chosen[0 .. n_required) filled, level[k] the place in the chain of a stand-in filling
 * entry k (0: the entry's own role), via[k] the role it stands in for when entry k is an
 * any_of (a named entry's is needs[k]); or 0 (nobody taken). Every entry is tried even
 * after one fails, so that each escalated need pages its stand-in role when due, even if
 * the step cannot start yet. */
static inline __attribute__((always_inline)) int
acquire(struct trial_worker *w, const struct step *st, double now, int *chosen,
        unsigned char *level, int *via, int simple)
{
    int ok = 1;
    const int nr = st->n_required;
    if (__builtin_expect(nr == 1 && st->any_mask == 0, 1)) {
        /* One named need, the commonest step: its free person, else a stand-in. */
        level[0] = 0;
        const int r = st->needs[0];
        chosen[0] = find_free_as(w, r, chosen, 0, simple);
        if (chosen[0] >= 0)
            return 1;
        const struct role *ro = &w->p->roles[r];
        if (ro->n_stand_ins > 0 && now >= w->role_page_t[r] + ro->escalate_after_s)
            chosen[0] = take_stand_in(w, r, now, chosen, 0, &level[0]);
        return chosen[0] >= 0;
    }
    for (int k = 0; k < nr; k++) {
        level[k] = 0;
        if (__builtin_expect(st->any_mask >> k & 1, 0)) {
            chosen[k] = take_any_of(w, st, k, now, chosen, &level[k], &via[k]);
            ok &= chosen[k] >= 0;
            continue;
        }
        int r = st->needs[k];
        chosen[k] = find_free_as(w, r, chosen, k, simple);
        if (chosen[k] >= 0)
            continue;
        /* The first level's test inline: most waits come before any escalation. */
        const struct role *ro = &w->p->roles[r];
        if (ro->n_stand_ins > 0 && now >= w->role_page_t[r] + ro->escalate_after_s)
            chosen[k] = take_stand_in(w, r, now, chosen, k, &level[k]);
        if (chosen[k] < 0)
            ok = 0;
    }
    return ok;
}

/* The optional participants free at the start of step st join it: each optional entry
 * takes a free person of its role (any_of: of its roles in order), not among the n
 * already chosen; nobody stands in for them. Returns the new count of chosen[]. */
COLD static int join_optional(const struct trial_worker *w, const struct step *st, int *chosen,
                              int n)
{
    for (int k = st->n_required; k < st->n_needs; k++) {
        int person = -1;
        if (st->any_mask >> k & 1)
            for (int q = 0; q < st->any_of[k].n_roles && person < 0; q++)
                person = find_free(w, st->any_of[k].roles[q], chosen, n);
        else
            person = find_free(w, st->needs[k], chosen, n);
        if (person >= 0)
            chosen[n++] = person;
    }
    return n;
}

/* The start of step i at `now` that is not plain (w->plain_start), once its people are
 * taken: a reverse sync's duration (what the secondary took in since it began serving,
 * copied back), the end queued (under restore capacity, the overhead's end, then the
 * shared transfer), the stretches of people with a shift opened. */
static __attribute__((noinline)) void special_start(struct trial_worker *w,
                                                    const struct scenario *sc, int i, double now)
{
    struct trial_step *ts = &w->res.steps[i];
    if (sc->steps[i].reverse_sync) {
        double written_s = now - w->res.service_s;
        w->res.failback_at_risk_s = written_s;
        ts->duration_s = written_s <= 0.0 ? 0.0   /* nothing written: nothing to copy */
                         : w->sync_tp > 0.0 ? written_s * sc->failback.write_rate / w->sync_tp
                                            : INFINITY;
    }
    if (sc->restore_region > 0 && w->xfer[i] == XFER_OVERHEAD)
        push(w, now + w->xfer_ovh[i], EV_XFER_READY, i);
    else
        push(w, now + ts->duration_s, EV_STEP_END, i);
    if (w->any_shift)
        shift_start(w, sc, i, now);
}

/* Start step i at `now` with chosen[0..n): its required people (level[] and via[] as
 * acquire gives them), then the optional participants who joined; traced as make_ready's. */
static inline __attribute__((always_inline)) void
start_step(struct trial_worker *w, const struct scenario *sc, int i, double now,
           const int *chosen, int n, const unsigned char *level, const int *via, int traced)
{
    const struct step *st = &sc->steps[i];
    struct trial_step *ts = &w->res.steps[i];
    const int nr = st->n_required;
    ts->state = TRIAL_STEP_RUNNING;
    ts->start_s = now;
    ts->staff_wait_s = now - ts->ready_s;
    ts->n_people = n;
    ts->n_optional = n - nr;
    ts->n_stand_ins = 0;
    /* What released the start: the dependencies if it did not wait; else the required
     * person freed last, if another step's end freed them at this very instant; else
     * staff arrival. Optional participants never hold a step back. */
    int bind = -1;
    if (__builtin_expect(n == 1 && nr == 1, 1)) {
        /* One person, the commonest start (acquire's fast path). */
        bind = chosen[0];
        ts->people[0] = bind;
        ts->n_stand_ins = level[0] > 0;
        set_busy(w, bind);
    } else {
        for (int k = 0; k < nr; k++) {
            int person = chosen[k];
            ts->people[k] = person;
            ts->n_stand_ins += level[k] > 0;
            if (bind < 0 || w->person_free_t[person] > w->person_free_t[bind])
                bind = person;
            set_busy(w, person);
        }
        for (int k = nr; k < n; k++) {
            ts->people[k] = chosen[k];
            set_busy(w, chosen[k]);
        }
    }
    if (now <= ts->ready_s) {
        ts->release = TRIAL_RELEASE_DEPS;
        ts->release_step = trial_latest_dep(w, st, i);
    } else if (bind >= 0 && w->person_free_t[bind] == now && w->person_freed_by[bind] >= 0) {
        ts->release = TRIAL_RELEASE_PERSON;
        ts->release_step = w->person_freed_by[bind];
    } else {
        ts->release = TRIAL_RELEASE_STAFF;
        ts->release_step = trial_latest_dep(w, st, i);
    }
    if (__builtin_expect(w->sc_plain_start >> i & 1, 1))
        push(w, now + ts->duration_s, EV_STEP_END, i);
    else
        special_start(w, sc, i, now);
    if (traced) {
        trial_emit(w, (struct trial_event){.kind = TRIAL_EV_STEP_START, .t_s = now, .step = i,
                                     .store = -1, .role = -1, .person = -1,
                                     .stand_in_role = -1, .value_s = ts->duration_s,
                                     .flag = ts->n_stand_ins});
        for (int k = 0; k < n; k++)
            if (k >= nr)
                trial_emit(w, (struct trial_event){.kind = TRIAL_EV_OPTIONAL_JOIN, .t_s = now,
                                             .step = i, .store = -1,
                                             .role = w->person_role[chosen[k]],
                                             .person = chosen[k], .stand_in_role = -1});
            else if (level[k] > 0)
                trial_emit(w, (struct trial_event){.kind = TRIAL_EV_ESCALATION, .t_s = now,
                                             .step = i, .store = -1,
                                             .role = st->any_mask >> k & 1 ? via[k]
                                                                           : st->needs[k],
                                             .person = chosen[k],
                                             .stand_in_role = w->person_role[chosen[k]],
                                             .level = level[k]});
    }
}

/* Start every waiting step that can get its people, in (ready time, index) order. Built
 * three times, as play is (traced and simple as play's): dispatch, dispatch_simple and
 * dispatch_traced. */
static inline __attribute__((always_inline)) void
dispatch_run(struct trial_worker *w, const struct scenario *sc, double now, int traced,
             int simple)
{
    int kept = 0;
    for (int n = 0; n < w->n_waiting; n++) {
        int i = w->waiting[n];
        int chosen[PLAN_MAX_NEEDS], via[PLAN_MAX_NEEDS];
        unsigned char level[PLAN_MAX_NEEDS];
        if (acquire(w, &sc->steps[i], now, chosen, level, via, simple)) {
            int np = sc->steps[i].n_required;
            if (__builtin_expect(sc->steps[i].n_needs > np, 0))
                np = join_optional(w, &sc->steps[i], chosen, np);
            start_step(w, sc, i, now, chosen, np, level, via, traced);
        } else {
            w->waiting[kept++] = i;
        }
    }
    w->n_waiting = kept;
}

static void dispatch(struct trial_worker *w, const struct scenario *sc, double now)
{
    dispatch_run(w, sc, now, 0, 0);
}

static void dispatch_simple(struct trial_worker *w, const struct scenario *sc, double now)
{
    dispatch_run(w, sc, now, 0, 1);
}

COLD static void dispatch_traced(struct trial_worker *w, const struct scenario *sc, double now)
{
    dispatch_run(w, sc, now, 1, 0);
}

/* The dispatch of play's build (traced and simple are constants there). */
static inline __attribute__((always_inline)) void
dispatch_as(struct trial_worker *w, const struct scenario *sc, double now, int traced,
            int simple)
{
    if (traced)
        dispatch_traced(w, sc, now);
    else if (simple)
        dispatch_simple(w, sc, now);
    else
        dispatch(w, sc, now);
}

/* Trace: role r's escalation reached `level` at `now`; say so when a step waits for r
 * with nobody of it free. */
COLD static void trace_level(struct trial_worker *w, const struct scenario *sc, int r, int level,
                             double now)
{
    if (find_free(w, r, NULL, 0) >= 0)
        return;
    int waits = 0;
    for (int n = 0; n < w->n_waiting && !waits; n++) {
        const struct step *st = &sc->steps[w->waiting[n]];
        for (int k = 0; k < st->n_required; k++) {
            if (st->any_mask >> k & 1)
                for (int q = 0; q < st->any_of[k].n_roles; q++)
                    waits |= st->any_of[k].roles[q] == r;
            else
                waits |= st->needs[k] == r;
        }
    }
    if (waits)
        trial_emit(w, (struct trial_event){.kind = TRIAL_EV_ESCALATION_LEVEL, .t_s = now, .step = -1,
                                     .store = -1, .role = r, .person = -1,
                                     .stand_in_role = w->p->roles[r].stand_ins[level - 1],
                                     .level = level});
}

/* Role r's escalation reaches `level` at `now` (EV_ESCALATE): queue the chain's next
 * level. Nothing else changes by itself: the dispatch that follows may use the new
 * stand-ins. */
static void escalate(struct trial_worker *w, const struct scenario *sc, int r, int level,
                     double now)
{
    const struct role *ro = &w->p->roles[r];
    if (__builtin_expect(level < ro->n_stand_ins, 0))
        push(w, w->role_page_t[r] + (level + 1) * ro->escalate_after_s, EV_ESCALATE,
             (level + 1) * PLAN_MAX_ROLES + r);
    if (w->tr)
        trace_level(w, sc, r, level, now);
}

/* Step i has ended (or, for the decision step, the go has come): the steps that waited
 * only for it become ready, unless the failover they belong to was abandoned. */
static inline __attribute__((always_inline)) void
release_dependents(struct trial_worker *w, const struct scenario *sc, int i, double now,
                   int traced)
{
    uint64_t deps = w->sc_dependents[i];
    const uint64_t cancelled = w->cancelled;
    while (deps) {
        int j = __builtin_ctzll(deps);
        deps &= deps - 1;
        if (--w->remaining[j] == 0 && !(cancelled & (UINT64_C(1) << j)))
            make_ready(w, sc, j, now, traced);
    }
}

/* Whether this trial draws its outage's losses when they are read (outage_losses from
 * decide and after play): a worker that defers them, an outage without logical damage
 * (whose clean points every trial reads), not traced (the log gives them at the start). */
static inline int losses_deferred(const struct trial_worker *w, const struct scenario *sc)
{
    return w->defer_losses && !w->tr && !sc->damage.present;
}

/* The losses in an outage (logical damage has trial_damage_losses) of the stores in
 * `which`, in store order, each from its own streams: what else the trial drew, and when,
 * does not move it. With `until` (not NAN) it stops after the first store that takes the
 * failover's loss (failover_loss_s) to `until` or more. Returns the stores of `which` it
 * did not draw. */
static uint64_t outage_losses(struct trial_worker *w, const struct scenario *sc, uint64_t which,
                              double until)
{
    const struct plan *p = w->p;
    const struct input_ids *ids = w->sc_ids;
    const uint64_t promoted_mask = w->promoted[w->sc];
    /* A traced trial walks every store, for the reasons its log gives. */
    const uint64_t fixed = w->tr ? 0 : w->loss_fixed[w->sc];
    const double *fixed_s = &w->loss_fixed_s[(size_t)w->sc * PLAN_MAX_STORES];
    if (!w->bs && !w->tr) {
        /* Without shared state (so no reasons) nor a trace, a store the table does not
         * hold has its loss walked: with the next such store when backup_store_loss_pair
         * takes both (their first points drawn in one call), its loss kept for its turn
         * (drawn early, it is the same number: each point has its own stream). */
        int pair_s = -1;
        double pair[2];
        for (; which; which &= which - 1) {
            const int s = __builtin_ctzll(which);
            double loss;
            if (fixed >> s & 1) {
                loss = fixed_s[s];
            } else if (s == pair_s) {
                loss = pair[1];
            } else {
                const uint64_t later = which & (which - 1) & ~fixed;
                if (later && backup_store_loss_pair(
                                 &p->stores[s], &p->stores[__builtin_ctzll(later)], sc->scope,
                                 p->calendar.epoch_days, w->t0, &w->rng.base,
                                 w->rng.first_two_pair, ids->rule + w->rule_first[s],
                                 ids->rule + w->rule_first[__builtin_ctzll(later)], pair)) {
                    loss = pair[0];
                    pair_s = __builtin_ctzll(later);
                } else {
                    loss = backup_store_loss(&p->stores[s], sc->scope, p->calendar.epoch_days,
                                             w->t0, &w->rng.base, ids->store[s],
                                             ids->rule + w->rule_first[s]);
                }
            }
            trial_record_loss(w, sc, s, &p->stores[s], loss, 0, promoted_mask);
            if (w->res.failover_loss_s >= until)
                return which & (which - 1);
        }
        return 0;
    }
    for (; which; which &= which - 1) {
        const int s = __builtin_ctzll(which);
        int why = 0;
        double loss;
        if (fixed >> s & 1)
            loss = fixed_s[s];
        else if (!w->bs)    /* traced, but no reasons to give without shared state
                               (models/backup.h) */
            loss = backup_store_loss(&p->stores[s], sc->scope, p->calendar.epoch_days, w->t0,
                                     &w->rng.base, ids->store[s], ids->rule + w->rule_first[s]);
        else
            loss = backup_store_loss_shared(&p->stores[s], s, sc->scope, p->calendar.epoch_days,
                                            w->t0, &w->rng.base, ids->store[s],
                                            ids->rule + w->rule_first[s], w->bs,
                                            w->tr ? &why : NULL);
        trial_record_loss(w, sc, s, &p->stores[s], loss, why, promoted_mask);
        if (w->res.failover_loss_s >= until)
            return which & (which - 1);
    }
    return 0;
}

/* The event the go rule makes: the steps after the decision step may start. */
static void go(struct trial_worker *w, const struct scenario *sc, double now)
{
    if (w->tr)
        trial_emit(w, (struct trial_event){.kind = TRIAL_EV_GO, .t_s = now, .step = sc->decision_step,
                                     .store = -1, .role = -1, .person = -1,
                                     .stand_in_role = -1});
    release_dependents(w, sc, sc->decision_step, now, w->tr != NULL);
}

/* The decision step ended at `now`: apply the go rule to what is known (how long the
 * outage has lasted, what failing over would lose) and go now, later, or never. */
static void decide(struct trial_worker *w, const struct scenario *sc, double now)
{
    struct trial_result *res = &w->res;
    const int has_loss_rule = !isnan(sc->go_loss_under_s);
    double at = now;
    enum trial_go why = TRIAL_GO_AT_ONCE;
    if (sc->has_go_wait || has_loss_rule) {
        /* Deferred losses: the stores counting for RPO, until one says no (the largest
         * can only grow). */
        if (has_loss_rule && (w->losses_left & w->rpo_stores))
            w->losses_left = (w->losses_left & ~w->rpo_stores) |
                             outage_losses(w, sc, w->losses_left & w->rpo_stores,
                                           sc->go_loss_under_s);
        if (has_loss_rule && res->failover_loss_s < sc->go_loss_under_s) {
            why = TRIAL_GO_LOSS;
        } else if (sc->has_go_wait && w->go_wait_s <= now) {
            why = TRIAL_GO_LASTED;
        } else if (sc->has_go_wait && isfinite(w->go_wait_s)) {
            at = w->go_wait_s;
            why = TRIAL_GO_WAIT;
        } else {
            at = INFINITY;
            why = TRIAL_GO_NEVER;
        }
    }
    res->decided_s = now;
    res->go_s = at;
    res->go = why;
    if (w->tr)
        trial_emit(w, (struct trial_event){.kind = TRIAL_EV_DECISION, .t_s = now,
                                     .step = sc->decision_step, .store = -1, .role = -1,
                                     .person = -1, .stand_in_role = -1,
                                     .value_s = res->failover_loss_s, .wait_s = at - now,
                                     .flag = (int)why});
    if (at == now)
        go(w, sc, now);
    else if (isfinite(at))
        push(w, at, EV_GO, 0);
}

/* The primary serves again (recovered in place): say so in the trace. */
static void emit_primary_back(struct trial_worker *w, const struct scenario *sc)
{
    const struct trial_result *res = &w->res;
    double t = res->primary_back_s;
    struct trial_event ev = {.kind = TRIAL_EV_PRIMARY_BACK, .t_s = t, .step = -1, .store = -1,
                             .role = -1, .person = -1, .stand_in_role = -1,
                             .value_s = t - res->outage_s};
    trial_emit(w, ev);
    ev.kind = TRIAL_EV_SERVICE_RESTORED;
    ev.value_s = trial_rto_from(w, sc, t);
    ev.flag = 1;
    trial_emit(w, ev);
    ev.kind = TRIAL_EV_FULL_RESTORATION;
    ev.value_s = t;
    trial_emit(w, ev);
}

/* The primary is back before the failover passed its point of no return: cancel every
 * step of the failover that has not ended and free its people. Returns 1 when no step
 * outside the failover is left to run (the trial can stop here). */
COLD static int abandon(struct trial_worker *w, const struct scenario *sc, double now)
{
    struct trial_result *res = &w->res;
    const uint64_t mask = w->failover_mask[w->sc];
    int n_cancelled = 0, others_left = 0;
    w->abandoned_now = 1;
    w->cancelled = mask;
    for (int i = 0; i < sc->n_steps; i++) {
        struct trial_step *ts = &res->steps[i];
        if (!(mask & (UINT64_C(1) << i))) {
            /* A failback step never runs once the failover is abandoned. */
            others_left |= ts->state != TRIAL_STEP_DONE && !sc->steps[i].failback;
            continue;
        }
        if (ts->state == TRIAL_STEP_RUNNING) {
            for (int k = 0; k < ts->n_people; k++)
                free_person(w, ts->people[k], now, i);
        }
        if (ts->state == TRIAL_STEP_READY || ts->state == TRIAL_STEP_RUNNING) {
            if (ts->state == TRIAL_STEP_READY)
                trial_clear_start(ts);    /* clear_unreached cannot tell it never started */
            ts->state = TRIAL_STEP_CANCELLED;
            n_cancelled++;
            if (sc->restore_region > 0 && w->xfer[i] != XFER_NONE)
                trial_xfer_cancel(w, i);
        }
    }
    int kept = 0;
    for (int n = 0; n < w->n_waiting; n++)
        if (res->steps[w->waiting[n]].state == TRIAL_STEP_READY)
            w->waiting[kept++] = w->waiting[n];
    w->n_waiting = kept;
    if (w->tr)
        trial_emit(w, (struct trial_event){.kind = TRIAL_EV_ABANDON, .t_s = now, .step = -1,
                                     .store = -1, .role = -1, .person = -1,
                                     .stand_in_role = -1, .flag = n_cancelled,
                                     .value_s = sc->decision_step < 0 ? 0.0 : res->go_s});
    return !others_left;
}

/* The failback starts (a planned window): the people of roles nobody paged are there
 * now, and so are the people a re-paging role never reached (they did not notice the
 * notifications of an unplanned page; a planned window is arranged with them); the
 * failback steps that wait for nothing else become ready. */
COLD static void start_failback(struct trial_worker *w, const struct scenario *sc, double now)
{
    const struct plan *p = w->p;
    w->res.failback_start_s = now;
    if (w->tr)
        trial_emit(w, (struct trial_event){.kind = TRIAL_EV_FAILBACK_START, .t_s = now, .step = -1,
                                     .store = -1, .role = -1, .person = -1,
                                     .stand_in_role = -1, .value_s = w->failback_delay_s});
    for (int i = 0; i < sc->n_steps; i++) {
        const struct step *st = &sc->steps[i];
        if (!st->failback)
            continue;
        for (int k = 0; k < st->n_needs; k++) {
            const int any = st->any_mask >> k & 1;
            for (int q = 0; q < (any ? st->any_of[k].n_roles : 1); q++) {
                int r = any ? st->any_of[k].roles[q] : st->needs[k];
                const struct role *ro = &p->roles[r];
                const int paged = w->paged_mask >> r & 1;
                w->paged_mask |= UINT64_C(1) << r;
                if (!paged)
                    w->role_page_t[r] = now;
                for (int j = 0; j < ro->count; j++) {
                    /* Paged and never reached (re-paging ran out): there for the window. */
                    int person = ro->first_person + j;
                    /* A rota's people never paged: there for the window too. */
                    if (paged && !(w->person_state[person] == PERSON_PAGED &&
                                   isinf(w->person_due_t[person])) &&
                        w->person_state[person] != PERSON_IDLE)
                        continue;
                    set_free(w, person, now, -1);
                }
            }
        }
    }
    for (int i = 0; i < sc->n_steps; i++)
        if (sc->steps[i].failback && w->remaining[i] == 0)
            make_ready(w, sc, i, now, w->tr != NULL);
}

/* Whether the end of step i (just recorded in done_mask and cap_now) restores service:
 * without policy services, when it is the service_restored_by step; else when every
 * policy service has everything it needs (need_mask) and the capacity is at its MBCO.
 * Both only ever become true, so the first step end at which they hold is the latest of
 * the services' moments (docs/method.md, "Services"). */
static int service_reached(const struct trial_worker *w, const struct scenario *sc, int i)
{
    if (sc->n_policy_services == 0)
        return i == sc->service_step;
    for (int k = 0; k < sc->n_policy_services; k++) {
        const struct service *v = &w->p->services[sc->policy_services[k]];
        uint64_t need = v->need_mask[w->sc];
        if ((w->done_mask & need) != need || w->cap_now < v->mbco_capacity)
            return 0;
    }
    return 1;
}

/* Trace: step i has ended at `now` (the failover not abandoned); send the full-restoration
 * event when its rule first holds (with a capacity model, it also waits for capacity 1).
 * Only a traced trial counts the steps ended for it. */
COLD static void trace_full_restoration(struct trial_worker *w, const struct scenario *sc, int i,
                                        double now)
{
    if (!sc->steps[i].failback)
        w->n_core_done++;
    w->full_rule |= !sc->steps[i].failback &&
                    (sc->full_step >= 0 ? i == sc->full_step : w->n_core_done == w->n_core[w->sc]);
    if (w->full_rule && w->cap_now >= 1.0 && !w->full_emitted) {
        w->full_emitted = 1;
        trial_emit(w, (struct trial_event){.kind = TRIAL_EV_FULL_RESTORATION, .t_s = now, .step = i,
                                     .store = -1, .role = -1, .person = -1,
                                     .stand_in_role = -1, .value_s = now});
    }
}

/* The end of step i at `now` that is not plain (w->plain_end), after its people are
 * freed: the declaration pages ahead, the decision step's end applies the go rule (unless
 * the failover was abandoned). Returns 1 when it did the latter, which releases the
 * dependents itself (go). */
static __attribute__((noinline)) int special_end(struct trial_worker *w,
                                                 const struct scenario *sc, int i, double now)
{
    if (__builtin_expect(sc->page_at_declaration != 0, 0) && i == sc->declare_step &&
        !w->abandoned_now)
        trial_page_ahead(w, sc->page_at_declaration, now, TRIAL_PAGE_AT_DECLARATION, i);
    if (i == sc->decision_step && !w->abandoned_now) {
        decide(w, sc, now);
        return 1;
    }
    return 0;
}

/* Handle one event (traced and simple as play's). Returns 0 when it changed nothing (a
 * trace-only notification), so the loop need not dispatch for it. Always inline into
 * play's loop, its one caller (see step_duration). */
static inline __attribute__((always_inline)) int
handle(struct trial_worker *w, const struct scenario *sc, const struct evq_event *ev,
       int *outage_end_due, int traced, int simple)
{
    double now = ev->t_s;
    switch (ev->kind) {
    case EV_STEP_END: {
        int i = ev->arg;
        struct trial_step *ts = &w->res.steps[i];
        if (ts->state == TRIAL_STEP_CANCELLED)
            break;      /* the failover was abandoned while it ran: it never ends */
        if (!simple && __builtin_expect(w->any_shift, 0) && ts->start_s + ts->duration_s > now &&
            !is_transfer(w, sc, i)) {
            /* Hand-overs moved its end: it ends later. */
            push(w, ts->start_s + ts->duration_s, EV_STEP_END, i);
            return 0;
        }
        ts->state = TRIAL_STEP_DONE;
        ts->end_s = now;
        w->done_mask |= UINT64_C(1) << i;
        /* Most ends are plain (w->plain_end): one test for the cases below. */
        const int plain = w->sc_plain_end >> i & 1;
        if (plain || !sc->steps[i].failback)
            w->core_end_s = now;    /* for full restoration (trial_outcome) */
        if (!plain && sc->steps[i].capacity > w->cap_now)
            w->cap_now = sc->steps[i].capacity;
        for (int k = 0; k < ts->n_people; k++) {
            if (simple)
                set_free(w, ts->people[k], now, i);
            else
                free_person(w, ts->people[k], now, i);
        }
        if (traced)
            trial_emit(w, (struct trial_event){.kind = TRIAL_EV_STEP_END, .t_s = now, .step = i,
                                         .store = -1, .role = -1, .person = -1,
                                         .stand_in_role = -1, .value_s = ts->duration_s});
        if (plain || !special_end(w, sc, i, now))
            release_dependents(w, sc, i, now, traced);
        if (w->abandoned_now)
            break;      /* recovered in place: what still runs restores nothing */
        /* Until every step in svc_gate has ended, service_reached cannot hold: one test
         * for most step ends. */
        const uint64_t gate = w->sc_svc_gate;
        if (__builtin_expect((w->done_mask & gate) == gate, 0) && !w->service_done &&
            service_reached(w, sc, i)) {
            w->service_done = 1;
            w->service_cause = i;
            w->res.service_s = now;
            if (sc->failback.present) {
                double f = fmax(now, w->res.primary_back_s) + w->failback_delay_s;
                if (isfinite(f))
                    push(w, f, EV_FAILBACK, 0);
            }
            if (traced)
                trial_emit(w, (struct trial_event){.kind = TRIAL_EV_SERVICE_RESTORED, .t_s = now,
                                             .step = i, .store = -1, .role = -1, .person = -1,
                                             .stand_in_role = -1,
                                             .value_s = trial_rto_from(w, sc, now)});
        }
        if (traced)
            trace_full_restoration(w, sc, i, now);
        break;
    }
    case EV_GO:
        if (!w->abandoned_now)
            go(w, sc, now);
        break;
    case EV_PRIMARY_BACK:
        if (traced)
            emit_primary_back(w, sc);
        break;
    case EV_FAILBACK:
        start_failback(w, sc, now);
        break;
    case EV_ARRIVE: {
        int person = ev->arg;
        set_free(w, person, now, -1);
        if (traced) {
            int r = w->person_role[person];
            trial_emit(w, (struct trial_event){.kind = TRIAL_EV_PERSON_AVAILABLE, .t_s = now,
                                         .step = -1, .store = -1, .role = r, .person = person,
                                         .stand_in_role = -1,
                                         .value_s = now - w->role_page_t[r]});
        }
        break;
    }
    case EV_XFER_READY:
        trial_xfer_ready(w, ev->arg, now);
        break;
    case EV_XFER_TICK:
        trial_xfer_tick(w, ev->arg, now);
        break;
    case EV_PAGE_OTHERS:
        trial_page_others(w, ev->arg, now);
        break;
    case EV_HANDOVER:
        handover_due(w, sc, ev->arg >> 8, ev->arg & 255, now);
        break;
    case EV_REST_END: {
        int person = ev->arg;
        if (w->person_state[person] != PERSON_RESTING)
            return 0;
        set_free(w, person, now, -1);
        if (traced)
            trial_emit(w, (struct trial_event){.kind = TRIAL_EV_REST_END, .t_s = now, .step = -1,
                                         .store = -1, .role = w->person_role[person],
                                         .person = person, .stand_in_role = -1,
                                         .value_s = w->p->roles[w->person_role[person]]
                                                        .shift.rest_s});
        break;
    }
    case EV_ESCALATE:
        escalate(w, sc, ev->arg % PLAN_MAX_ROLES, ev->arg / PLAN_MAX_ROLES, now);
        break;
    case EV_NOTIFY: {
        /* Trace only: a re-paging notification after the first (respond_at). */
        int person = ev->arg >> 8, r = w->person_role[person];
        trial_emit(w, (struct trial_event){.kind = TRIAL_EV_NOTIFY, .t_s = now, .step = -1,
                                     .store = -1, .role = r, .person = person,
                                     .stand_in_role = -1, .flag = ev->arg & 1,
                                     .attempt = (ev->arg >> 1 & 127) + 1,
                                     .value_s = (ev->arg & 1) ? w->person_due_t[person] - now
                                                              : NAN});
        return 0;
    }
    case EV_OUTAGE_END:
        *outage_end_due = 1;
        break;
    }
    return 1;
}

/* What play reads of step ts before it writes it, besides its work time: its state
 * (pending), unless the serial play takes the trial (it writes every step's state, and
 * sets them pending when it leaves), and that it is not on the critical path. A step's
 * contribution is 0 off the path, unless only the run's figures are read
 * (trial_worker_figures_only: they read it only on the path). */
static inline __attribute__((always_inline)) void
step_reset(struct trial_step *ts, int set_state, int set_contribution)
{
    if (set_state)
        ts->state = TRIAL_STEP_PENDING;
    ts->on_path = 0;
    if (set_contribution)
        ts->contribution_s = 0.0;
}

/* Each step's work time, group by group of the scenario's draw plan (struct draw_plan),
 * and step_reset's fields. Built with set_state and set_contribution constants. */
static inline __attribute__((always_inline)) void
draw_steps(struct trial_worker *w, const struct scenario *sc, int set_state, int set_contribution)
{
    const struct draw_plan *dp = &w->draw_plans[w->sc];
    const struct draw_entry *e = dp->e;
    for (; e < dp->end[DRAW_LOGNORMAL]; e++) {
        /* dist_lognormal_u's operations, the parameters read after the quantile's call. */
        const double z = dist_normal_inv(w->first_u[e->first]);
        e->ts->duration_s = dist_exp(e->a + e->b * z);
        step_reset(e->ts, set_state, set_contribution);
    }
    for (; e < dp->end[DRAW_UNIFORM]; e++) {
        e->ts->duration_s = e->a + w->first_u[e->first] * e->b;    /* dist_uniform_u's */
        step_reset(e->ts, set_state, set_contribution);
    }
    for (; e < dp->end[DRAW_FIXED]; e++) {
        e->ts->duration_s = e->a;
        step_reset(e->ts, set_state, set_contribution);
    }
    for (; e < dp->end[DRAW_TRIANGULAR]; e++) {
        e->ts->duration_s = dist_triangular_u(e->sd->work, e->a, w->first_u[e->first]);
        step_reset(e->ts, set_state, set_contribution);
    }
    for (; e < dp->end[DRAW_FIRST_U]; e++) {
        e->ts->duration_s = dist_sample_u_general(e->sd->work, w->first_u[e->first]);
        step_reset(e->ts, set_state, set_contribution);
    }
    for (; e < dp->end[DRAW_RESTORE_LOGNORMAL]; e++) {
        const double z = dist_normal_inv(w->first_u[e->first]);
        e->ts->duration_s = restore_time(e->sd, e->a, dist_exp(e->b + e->c * z));
        step_reset(e->ts, set_state, set_contribution);
    }
    for (; e < dp->end[DRAW_RESTORE_UNIFORM]; e++) {
        e->ts->duration_s = restore_time(e->sd, e->a, e->b + w->first_u[e->first] * e->c);
        step_reset(e->ts, set_state, set_contribution);
    }
    for (; e < dp->end[DRAW_OTHER]; e++) {
        step_duration(w, sc, w->sc_ids, e->sd, e->i, &e->ts->duration_s);
        step_reset(e->ts, set_state, set_contribution);
    }
}

/* The one uniform of the input whose stream is id: the one made with the stream's first
 * block (index first) when that is at hand, without positioning the stream (the next draw
 * selects its own), else the stream's next. */
static inline double input_uniform(struct trial_worker *w, int first, uint64_t id)
{
    if (first >= 0)
        return w->first_u[first];
    rng_select(&w->rng, id);
    return rng_uniform(&w->rng);
}

/* Draw every random input of the trial that does not wait on events: the outage (start,
 * duration), each store's data loss (an outage's, on a worker that defers them, when read:
 * outage_losses) and each step's work time, each from its own stream (response delays are
 * drawn when a role is paged). Resets the per-step state. deferred is losses_deferred's
 * answer, which trial_run asks once. Built twice: with plain set, for an untraced trial of
 * a scenario plain_inputs marks, the tests of what such a trial never has drop out. */
static inline __attribute__((always_inline)) void
draw_inputs(struct trial_worker *w, const struct scenario *sc, int deferred, int plain)
{
    const struct plan *p = w->p;
    const struct input_ids *ids = w->sc_ids;
    struct trial_result *res = &w->res;
    const struct trial_trace *tr = plain ? NULL : w->tr;
    const int damage = !plain && sc->damage.present;

    /* The start takes one uniform, and the next draw selects its own stream: with its block
     * at hand, the uniform made with it is read without positioning the stream. */
    const double u_start = input_uniform(w, w->fs->start, ids->outage_start);
    w->t0 = p->calendar.window_start_s + p->calendar.window_s * u_start;
    if (damage) {
        /* Logical damage: the uniform gave the onset (which only logical damage reads); the
         * clock starts at detection, a dwell time later (an outage the scenario also causes
         * starts then too). */
        w->onset = w->t0;
        if (sc->damage.detection.kind != DIST_FIXED)
            rng_select(&w->rng, ids->detection);
        res->damaged_s = sample(w, &sc->damage.detection);
        w->t0 = w->onset + res->damaged_s;
    }
    w->rto_origin_s = damage && sc->rto_clock == RTO_FROM_OUTAGE ? res->damaged_s
                                                                             : 0.0;
    /* Nobody reads the duration of a trial that fails over (trial_worker_figures_only):
     * its uniform is drawn as sample would draw it (the one made with its block when that
     * is at hand: the stream is then not positioned, as every later draw selects its own),
     * and the value waits for a comparison its bucket's bounds do not settle
     * (trial_outage_reached). */
    const double *bounds = w->outage_lazy[w->sc];
    if (bounds != NULL && !tr) {
        const double u = input_uniform(w, w->fs->duration, ids->outage_duration);
        const int b = (int)(u * OUTAGE_BUCKETS);
        w->outage_u = u;
        w->outage_lo = bounds[2 * b];
        w->outage_hi = bounds[2 * b + 1];
        w->outage_pending = 1;
        res->outage_s = NAN;
    } else {
        select_at(w, ids->outage_duration, w->fs->duration);
        w->outage_pending = 0;
        res->outage_s = sample(w, &sc->duration);
    }
    res->start_abs_s = w->t0;
    /* Fixed values (the default return of 0, a fixed wait) take no uniform: skip the
     * stream selection. */
    double back = sc->primary_return.p[0];
    if (!plain && sc->primary_return.kind != DIST_FIXED) {
        rng_select(&w->rng, ids->primary_return);
        back = sample(w, &sc->primary_return);
    }
    w->outage_back = back;
    res->primary_back_s = res->outage_s + back;
    if (!plain && sc->failback.present) {
        if (sc->failback.delay.kind != DIST_FIXED)
            rng_select(&w->rng, ids->failback_delay);
        w->failback_delay_s = sample(w, &sc->failback.delay);
        if (sc->failback.sync_throughput.kind != DIST_FIXED)
            rng_select(&w->rng, ids->sync_throughput);
        w->sync_tp = sample(w, &sc->failback.sync_throughput);
    }
    if (!plain && sc->has_go_wait) {
        if (sc->go_wait.kind != DIST_FIXED)
            rng_select(&w->rng, ids->go_wait);
        w->go_wait_s = sample(w, &sc->go_wait);
    }
    if (tr && damage)
        trial_emit(w, (struct trial_event){.kind = TRIAL_EV_ONSET, .t_s = -res->damaged_s, .step = -1,
                                     .store = -1, .role = -1, .person = -1,
                                     .stand_in_role = -1, .value_s = res->damaged_s,
                                     .flag = (int)sc->damage.deletes});
    if (tr)
        trial_emit(w, (struct trial_event){.kind = TRIAL_EV_OUTAGE_START, .t_s = 0.0, .step = -1,
                                     .store = -1, .role = -1, .person = -1,
                                     .stand_in_role = -1, .value_s = res->outage_s});

    res->failover_loss_s = 0.0;
    w->drawn_rpo_all_s = 0.0;
    if (!plain && w->bs)
        backup_shared_run(w->bs, p->calendar.epoch_days, w->t0, &w->rng.base, ids->rule,
                          ids->group);
    /* Two loops, so that an outage's pays nothing for logical damage. */
    w->losses_left = 0;
    if (__builtin_expect(damage, 0)) {
        trial_damage_losses(w, sc, w->promoted[w->sc]);
    } else {
        if (__builtin_expect(w->clean_rule_set, 0)) {
            for (int s = 0; s < p->n_stores; s++)
                res->clean_rule[s] = -1;
            w->clean_rule_set = 0;
        }
        /* Deferred (trial_worker_defer_losses): drawn when the decision or the outcome
         * reads them. */
        if (deferred)
            w->losses_left = plan_first_bits(p->n_stores);
        else
            outage_losses(w, sc, plan_first_bits(p->n_stores), NAN);
    }

    if (!plain && sc->restore_region > 0)
        memset(w->xfer, XFER_NONE, sizeof w->xfer);
    /* Only what play reads before it writes: the times and the start's figures are set as
     * the step becomes ready, starts and ends, and a step that never got that far has them
     * cleared after play (clear_unreached). Field by field rather than a compound literal:
     * that would zero the whole struct (people[] included) with a string store per step. */
    if (trial_full_result(w))
        draw_steps(w, sc, 1, 1);
    else if (w->serial[w->sc])
        draw_steps(w, sc, 0, 0);
    else
        draw_steps(w, sc, 1, 0);
}

/* Play the runbook: all events at one instant are handled before steps are started at
 * it; the outage end is judged after everything else at its instant has happened.
 * Returns 1 when the trial was recovered in place (the failover abandoned).
 * trial_run builds play three times, with traced and simple constants, so that the loop
 * and what it inlines drop the tests the case does not need (they were 1.8 % of the
 * built-in plan's instructions): traced is w->tr != NULL; simple says that nobody has a
 * shift (no hand-overs; freeing a person is set_free), the plan has at most 64 people
 * (find_free's masks) and the scenario has no restore capacity (no shared transfers).
 * A traced trial takes the general build with traced set, never the simple one. */
static inline __attribute__((always_inline)) int play(struct trial_worker *w,
                                                      const struct scenario *sc, int traced,
                                                      int simple)
{
    const double outage = w->res.outage_s;
    /* What only the event loop reads, here rather than with the draws or in trial_run: a
     * trial the serial play takes reads none of it. The dependency counts all at once: a
     * fixed size the compiler copies without a loop (the entries past n_steps are never
     * read). */
    memcpy(w->remaining, &w->n_after[(size_t)w->sc * PLAN_MAX_STEPS], sizeof w->remaining);
    w->sc_plain_start = w->plain_start[w->sc];
    w->sc_dependents = &w->dependents[(size_t)w->sc * PLAN_MAX_STEPS];
    w->sc_step_roles = &w->step_roles[(size_t)w->sc * PLAN_MAX_STEPS];
    w->paged_mask = 0;
    memset(w->person_state, PERSON_IDLE, (size_t)w->p->n_people);
    w->free_mask = 0;
    w->n_waiting = 0;
    w->service_done = 0;
    w->abandoned_now = 0;
    w->cancelled = 0;
    w->n_core_done = 0;
    w->done_mask = 0;
    w->core_end_s = 0.0;
    w->cap_now = isnan(sc->capacity_left) ? 1.0 : sc->capacity_left;
    w->service_cause = sc->service_step;
    w->full_rule = w->full_emitted = 0;
    w->n_xq = 0;
    w->xfer_flight = 0;
    w->n_flight = 0;
    w->xfer_version = 0;
    w->xfer_dirty = 0;
    w->xfer_last_t = 0.0;
    /* Only shifts hand steps over (hand_over): without them every count stays 0. */
    if (__builtin_expect(w->any_shift, 0)) {
        memset(w->stretch_open, 0, (size_t)w->p->n_people);
        w->n_pending = 0;
        for (int i = 0; i < sc->n_steps; i++)
            w->res.steps[i].n_handovers = 0;
    }
    evq_clear(&w->q);
    if (__builtin_expect(sc->page_at_start != 0, 0))
        trial_page_ahead(w, sc->page_at_start, 0.0, TRIAL_PAGE_AT_START, -1);
    for (uint64_t roots = w->roots[w->sc]; roots; roots &= roots - 1)
        make_ready(w, sc, __builtin_ctzll(roots), 0.0, traced);
    dispatch_as(w, sc, 0.0, traced, simple);
    /* The outage end is not queued. Pushed first, it would come first at its time; but
     * as outages mostly outlast the runbook it sat behind the other events, and nearly
     * every push moved it up a place. Instead, the first event popped at or after it is
     * put back and the outage end handled in its place. NAN: no end to come (every
     * comparison with it is false). */
    double outage_at = isfinite(outage) ? outage : NAN;
    int outage_end_due = 0;
    struct evq_event ev;
    for (;;) {
        if (!evq_pop(&w->q, &ev)) {
            if (isnan(outage_at))
                break;
            ev = (struct evq_event){outage_at, EV_OUTAGE_END, 0};
            outage_at = NAN;
        } else if (__builtin_expect(ev.t_s >= outage_at, 0)) {
            evq_unpop(&w->q);
            ev = (struct evq_event){outage_at, EV_OUTAGE_END, 0};
            outage_at = NAN;
        }
        const double now = ev.t_s;
        int acted = 0;
        const struct evq_event *next;
        /* One call of handle for the instant's first event and the others alike: with a
         * single call site the compiler inlines it here (out of line its call cost about
         * 1.6 % of a small plan's instructions). */
        for (;;) {
            acted |= handle(w, sc, &ev, &outage_end_due, traced, simple);
            if ((next = evq_peek(&w->q)) == NULL || next->t_s != now)
                break;
            evq_pop(&w->q, &ev);
        }
        /* Pending hand-overs first: people freed now take them before waiting steps. */
        if (!simple && __builtin_expect(w->n_pending > 0, 0) && acted)
            serve_pending(w, sc, now);
        if (w->n_waiting > 0 && acted)
            dispatch_as(w, sc, now, traced, simple);
        /* Transfers start once nothing else is left at this instant (steps the dispatch
         * started may reach their transfer now too): ties go by step index. */
        if (!simple && __builtin_expect(w->xfer_dirty, 0) &&
            !((next = evq_peek(&w->q)) != NULL && next->t_s == now))
            trial_xfer_update(w, sc, now);
        if (outage_end_due && !((next = evq_peek(&w->q)) != NULL && next->t_s == now)) {
            outage_end_due = 0;
            const int ponr = sc->ponr_step;
            /* The primary returns with the damage of logical damage: the runbook goes on. */
            int in_place = !w->service_done && sc->on_outage_end == OUTAGE_END_RESTORES &&
                           (ponr < 0 || w->res.steps[ponr].state < TRIAL_STEP_RUNNING) &&
                           !sc->damage.present;
            if (traced)
                trial_emit(w, (struct trial_event){.kind = TRIAL_EV_OUTAGE_END, .t_s = now,
                                             .step = -1, .store = -1, .role = -1, .person = -1,
                                             .stand_in_role = -1, .value_s = outage,
                                             .flag = in_place});
            if (!in_place)
                continue;
            if (abandon(w, sc, now)) {
                /* Nothing outside the failover is left to run: stop here. */
                if (traced)
                    emit_primary_back(w, sc);
                return 1;
            }
            push(w, w->res.primary_back_s, EV_PRIMARY_BACK, 0);
            if (w->xfer_dirty)
                trial_xfer_update(w, sc, now);
            if (__builtin_expect(w->n_pending > 0, 0))
                serve_pending(w, sc, now);
            if (w->n_waiting > 0)
                dispatch_as(w, sc, now, traced, simple);
        }
    }
    return w->abandoned_now;
}

/* After play: the times and start figures of the steps that did not get as far as them,
 * which draw_inputs leaves as the last trial had them. Only the steps that did not end
 * (done_mask) are visited: an ended step was ready and started. A step cancelled while
 * ready had its start cleared by abandon; one cancelled while running had started. */
static inline __attribute__((always_inline)) void clear_unreached(struct trial_worker *w,
                                                                  const struct scenario *sc)
{
    for (uint64_t m = plan_first_bits(sc->n_steps) & ~w->done_mask; m; m &= m - 1) {
        struct trial_step *ts = &w->res.steps[__builtin_ctzll(m)];
        ts->end_s = NAN;
        if (ts->state == TRIAL_STEP_PENDING)
            ts->ready_s = NAN;
        if (ts->state == TRIAL_STEP_PENDING || ts->state == TRIAL_STEP_READY)
            trial_clear_start(ts);
    }
}

const struct trial_result *trial_run(struct trial_worker *w, int scenario, uint64_t trial,
                                     const struct trial_trace *trace)
{
    const struct plan *p = w->p;
    assert(scenario >= 0 && scenario < p->n_scenarios);
    assert(trial <= UINT32_MAX);
    const struct scenario *sc = &p->scenarios[scenario];
    struct trial_result *res = &w->res;
    /* The scenario's entries of the worker's tables, which nothing changes once trials are
     * played: set when the scenario differs from the last trial's (-1 on a new worker). */
    if (w->sc != scenario) {
        w->sc = scenario;
        w->sc_plain_end = w->plain_end[scenario];
        w->sc_svc_gate = w->svc_gate[scenario];
        w->sc_one_dep = &w->one_dep[(size_t)scenario * PLAN_MAX_STEPS];
        w->sc_ids = &w->ids[scenario];
        w->fs = &w->first[scenario];
    }
    w->trial = (uint32_t)trial;
    w->tr = (trace != NULL && trace->fn != NULL) ? trace : NULL;
    rng_trial(&w->rng, w->trial);
    /* The blocks' first uniforms come with them, four to a vector: the start and most
     * steps read one each. */
    rng_first_blocks_u(&w->rng, w->fs->id, w->fs->n, w->first_blk, w->first_u);

    res->trial = trial;
    res->critical_mask = 0;
    res->rpo_no_point = 0;
    /* What the trial changes only through the event loop, failback, a declaring step or
     * logical damage: a trial of the scenario the serial play finished left it as set here
     * (res_keeps), and one that the event loop plays forgets it. in_place and abandoned are
     * trial_outcome's. */
    if (w->res_kept != scenario) {
        w->res_kept = w->res_keeps[scenario] ? scenario : -1;
        res->scenario = scenario;
        res->declared_s = NAN;
        res->decided_s = NAN;
        res->go_s = NAN;
        res->go = TRIAL_GO_NONE;
        res->path_go_wait_s = 0.0;
        res->failback_start_s = res->failback_end_s = res->failback_downtime_s = NAN;
        res->failback_at_risk_s = res->exposure_s = NAN;
        res->n_handovers = 0;
        res->n_stores = p->n_stores;
        res->n_steps = sc->n_steps;
        res->n_services = p->n_services;
        res->damaged_s = NAN;
        res->no_clean = 0;
    }

    int deferred;
    if (w->plain_inputs[scenario] && !w->tr) {
        deferred = w->defer_losses;     /* losses_deferred's answer here */
        draw_inputs(w, sc, deferred, 1);
    } else {
        deferred = losses_deferred(w, sc);
        draw_inputs(w, sc, deferred, 0);
    }
    /* Not played serially, or left the serial play: the event loop plays it. */
    int recovered = w->serial[scenario] && !w->tr ? trial_play_serial(w, sc) : -1;
    /* A failover the serial play finished ended every step (done_mask): nothing is left
     * for clear_unreached. */
    if (recovered > 0)
        clear_unreached(w, sc);
    if (recovered < 0) {
        w->res_kept = -1;
        /* The event loop reads the outage's end as an instant. */
        if (w->outage_pending)
            trial_outage_exact(w, sc);
        if (w->tr)
            recovered = play(w, sc, 1, 0);
        else if (!w->any_shift && w->people_masked && sc->restore_region == 0)
            recovered = play(w, sc, 0, 1);
        else
            recovered = play(w, sc, 0, 0);
        clear_unreached(w, sc);
    }
    if (deferred) {
        if (!recovered) {
            outage_losses(w, sc, w->losses_left, NAN);
        } else {    /* in place: nothing reads them (trial_worker_defer_losses) */
            res->failover_loss_s = NAN;
            for (int s = 0; s < p->n_stores; s++)
                res->store_drawn_loss_s[s] = NAN;
        }
    }
    trial_outcome(w, sc, recovered);
    if (p->n_services > 0)
        trial_services(w, sc, recovered);
    /* trial_critical_path's own first test: the serial play set the path. */
    if (!recovered && res->critical_mask == 0)
        trial_critical_path(w, sc);
    return res;
}
