/* sim/trial_serial.c: the serial play of a runbook whose people work one step at a time
 * (see sim/trial_int.h).
 *
 * When every staffed step waits, directly or through others, on every staffed step before
 * it, at most one staffed step is ever waiting for people or holding them. Nobody then
 * competes for anybody, and each step's times follow from its dependencies' ends and its
 * people's arrivals alone: the step is ready at the latest end of its dependencies and
 * starts at the first instant the event loop's dispatch would give it a person. Steps are
 * in topological order (the loader's), so one pass in index order plays the runbook; the
 * pages draw what the event loop's pages draw, from the same streams, and queue nothing.
 * The dispatch instants are those of the events that can change what acquire finds: the
 * arrival of a person of the role or of a stand-in role already reached, and each level of
 * the role's escalation (nothing else frees a person while the step waits). The tests hold
 * every trial of it to the event loop's (tests/test_trial.c).
 */
#include "sim/trial_int.h"

#include <math.h>
#include <string.h>

int trial_serial_eligible(const struct trial_worker *w, int s)
{
    const struct plan *p = w->p;
    const struct scenario *sc = &p->scenarios[s];
    const uint64_t all = plan_first_bits(sc->n_steps);
    if (w->any_shift || !w->people_masked || sc->restore_region > 0 || sc->failback.present ||
        sc->page_at_start != 0 || sc->decision_step >= 0 ||
        (sc->n_policy_services > 0 && w->svc_gate[s] == 0) ||
        (w->plain_start[s] & all) != all || (w->plain_end[s] & all) != all)
        return 0;
    for (int r = 0; r < p->n_roles; r++)
        if (w->role_rota[r])
            return 0;
    uint64_t before[PLAN_MAX_STEPS]; /* the steps step j waits on, transitively */
    uint64_t staffed = 0;            /* the staffed steps before j */
    for (int j = 0; j < sc->n_steps; j++) {
        const struct step *st = &sc->steps[j];
        if (st->n_needs != st->n_required || st->any_mask != 0 || st->n_required > 1)
            return 0;
        before[j] = 0;
        for (int k = 0; k < st->n_after; k++)
            before[j] |= UINT64_C(1) << st->after[k] | before[st->after[k]];
        if (st->n_required == 1) {
            if (staffed & ~before[j])
                return 0;
            staffed |= UINT64_C(1) << j;
        }
    }
    return 1;
}

/* Whether person is free at instant t of the serial play: free since a step of theirs
 * ended (no staffed step runs while another waits), or paged and arrived by t (the loop
 * handles an instant's arrivals before its dispatch). */
static inline int free_at(const struct trial_worker *w, int person, double t)
{
    return w->person_state[person] == PERSON_FREE ||
           (w->person_state[person] == PERSON_PAGED && w->person_due_t[person] <= t);
}

/* The lowest-numbered person of role r free at t (find_free's choice), or -1. A role paged
 * in this very dispatch (fresh) has nobody free yet: its arrivals at t come as events after
 * the dispatch that paged it. */
static inline int role_free(const struct trial_worker *w, int r, double t, uint64_t fresh)
{
    if (fresh >> r & 1)
        return -1;
    const struct role *ro = &w->p->roles[r];
    for (int j = 0; j < ro->count; j++)
        if (free_at(w, ro->first_person + j, t))
            return ro->first_person + j;
    return -1;
}

/* The earliest arrival of a person of role r still to come after instant t (at t too, for
 * a role paged in t's dispatch), or INFINITY. */
static double next_arrival(const struct trial_worker *w, int r, double t, uint64_t fresh)
{
    const struct role *ro = &w->p->roles[r];
    double next = INFINITY;
    for (int j = 0; j < ro->count; j++) {
        const int q = ro->first_person + j;
        const double due = w->person_due_t[q];
        if (w->person_state[q] == PERSON_PAGED && (due > t || ((fresh >> r & 1) && due == t)) &&
            due < next)
            next = due;
    }
    return next;
}

/* When a step needing role r (paged), ready at `ready`, gets its person, as the event
 * loop's dispatches would give it: at each instant, a free person of r, else a stand-in
 * along r's chain once its level has come (take_stand_in, which pages a stand-in role the
 * first time its level is tried), else on to the next instant that can change the answer.
 * fresh: the roles paged since the last dispatch whose arrivals at `ready` come after the
 * first dispatch at it. Sets *who and *level (the place in the chain, 0 for r itself);
 * INFINITY when no instant ever does. */
static double wait_person(struct trial_worker *w, int r, double ready, uint64_t fresh,
                          int *who, unsigned char *level)
{
    const struct role *ro = &w->p->roles[r];
    double t = ready;
    for (;;) {
        int q = role_free(w, r, t, fresh);
        if (q >= 0) {
            *who = q;
            *level = 0;
            return t;
        }
        int j = 0;
        for (; j < ro->n_stand_ins && t >= w->role_page_t[r] + (j + 1) * ro->escalate_after_s;
             j++) {
            const int s = ro->stand_ins[j];
            if (!(w->paged_mask >> s & 1)) {
                trial_page_role(w, s, t, r, TRIAL_PAGE_NEEDED, -1);
                fresh |= UINT64_C(1) << s;
            }
            q = role_free(w, s, t, fresh);
            if (q >= 0) {
                *who = q;
                *level = (unsigned char)(j + 1);
                return t;
            }
        }
        double next = next_arrival(w, r, t, fresh);
        if (j < ro->n_stand_ins)
            next = fmin(next, w->role_page_t[r] + (j + 1) * ro->escalate_after_s);
        for (int k = 0; k < j; k++)
            next = fmin(next, next_arrival(w, ro->stand_ins[k], t, fresh));
        if (!(next < INFINITY))
            return INFINITY;
        t = next;
        fresh = 0;
    }
}

/* The step whose end restored service, every step having ended: the service_restored_by
 * step; with policy services, the step of svc_gate (every step they need) that ended last,
 * when the platform's capacity (no step changes it here) is at every service's MBCO. -1
 * when service is never restored; -2 when two steps of svc_gate ended last at the same
 * instant, whose order on the event loop's queue (the order their ends were queued in)
 * this play does not keep. */
static int service_cause(const struct trial_worker *w, const struct scenario *sc)
{
    if (sc->n_policy_services == 0)
        return sc->service_step;
    for (int k = 0; k < sc->n_policy_services; k++)
        if (w->cap_now < w->p->services[sc->policy_services[k]].mbco_capacity)
            return -1;
    int last = -1, tied = 0;
    for (uint64_t m = w->sc_svc_gate; m; m &= m - 1) {
        const int i = __builtin_ctzll(m);
        const double end = w->res.steps[i].end_s;
        if (last < 0 || end > w->res.steps[last].end_s) {
            last = i;
            tied = 0;
        } else if (end == w->res.steps[last].end_s) {
            tied = 1;
        }
    }
    return tied ? -2 : last;
}

/* The trial leaves the serial play: the steps are as draw_inputs left them (play reads
 * only their state before it writes), and pages queue again. Returns -1. */
static int leave(struct trial_worker *w, const struct scenario *sc)
{
    for (int i = 0; i < sc->n_steps; i++)
        w->res.steps[i].state = TRIAL_STEP_PENDING;
    w->serial_now = 0;
    return -1;
}

/* The primary is back at t, before the point of no return and before service: as abandon
 * with no decision step (the whole runbook is the failover), every step not ended by t is
 * cancelled, a ready one that had not started losing its start's figures; the steps not
 * ready by t stay pending (clear_unreached clears them). Returns 1 (recovered in place). */
static int abandon_at(struct trial_worker *w, const struct scenario *sc, double t)
{
    uint64_t done = 0;
    double core_end = 0.0;
    for (int i = 0; i < sc->n_steps; i++) {
        struct trial_step *ts = &w->res.steps[i];
        if (ts->end_s <= t) {
            done |= UINT64_C(1) << i;
            if (ts->end_s > core_end)
                core_end = ts->end_s;
        } else if (ts->start_s <= t) {
            ts->state = TRIAL_STEP_CANCELLED;
        } else if (ts->ready_s <= t) {
            trial_clear_start(ts);
            ts->state = TRIAL_STEP_CANCELLED;
        } else {
            ts->state = TRIAL_STEP_PENDING;
        }
    }
    w->done_mask = done;
    w->core_end_s = core_end;
    w->service_done = 0;
    w->abandoned_now = 1;
    return 1;
}

int trial_play_serial(struct trial_worker *w, const struct scenario *sc)
{
    struct trial_result *res = &w->res;
    w->paged_mask = 0;
    memset(w->person_state, PERSON_IDLE, (size_t)w->p->n_people);
    w->serial_now = 1;
    double core_end = 0.0;
    for (int i = 0; i < sc->n_steps; i++) {
        const struct step *st = &sc->steps[i];
        struct trial_step *ts = &res->steps[i];
        double ready = 0.0;
        for (int k = 0; k < st->n_after; k++)
            if (res->steps[st->after[k]].end_s > ready)
                ready = res->steps[st->after[k]].end_s;
        double start = ready;
        int who = -1;
        unsigned char level = 0;
        if (st->n_required == 1) {
            const int r = st->needs[0];
            if (!(w->paged_mask >> r & 1))
                trial_page_needed(w, st, ready, i);
            /* A step without dependencies is ready, and its role paged, before the event
             * loop's first dispatch, which comes before the loop handles any arrival at 0;
             * any other is made ready by an event, and an arrival at its instant is
             * handled before the dispatch that follows. */
            start = wait_person(w, r, ready, st->n_after == 0 ? UINT64_C(1) << r : 0, &who,
                                &level);
        }
        const double end = start + ts->duration_s;
        if (!(end < INFINITY))
            return leave(w, sc);
        ts->state = TRIAL_STEP_DONE;
        ts->ready_s = ready;
        ts->start_s = start;
        ts->end_s = end;
        ts->staff_wait_s = start - ready;
        ts->n_people = who >= 0;
        ts->n_optional = 0;
        ts->n_stand_ins = level > 0;
        /* What released the start, as start_step says (an arrival frees with step -1). */
        if (start <= ready) {
            ts->release = TRIAL_RELEASE_DEPS;
            ts->release_step = trial_latest_dep(w, st, i);
        } else if (w->person_state[who] == PERSON_FREE && w->person_free_t[who] == start &&
                   w->person_freed_by[who] >= 0) {
            ts->release = TRIAL_RELEASE_PERSON;
            ts->release_step = w->person_freed_by[who];
        } else {
            ts->release = TRIAL_RELEASE_STAFF;
            ts->release_step = trial_latest_dep(w, st, i);
        }
        if (who >= 0) {
            ts->people[0] = who;
            /* Free again at the end: every staffed step after this one is ready no sooner. */
            w->person_state[who] = PERSON_FREE;
            w->person_free_t[who] = end;
            w->person_freed_by[who] = i;
        }
        if (end > core_end)
            core_end = end;
    }
    w->serial_now = 0;
    w->cap_now = isnan(sc->capacity_left) ? 1.0 : sc->capacity_left;
    w->service_cause = sc->service_step;
    const int cause = service_cause(w, sc);
    if (cause == -2)
        return leave(w, sc);
    /* The outage end, judged after everything at its instant: in place when neither
     * service nor the point of no return had got that far (never under logical damage:
     * the primary comes back with the damage). */
    const double t_end = res->outage_s;
    if (isfinite(t_end) && sc->on_outage_end == OUTAGE_END_RESTORES && !sc->damage.present &&
        !(cause >= 0 && res->steps[cause].end_s <= t_end) &&
        !(sc->ponr_step >= 0 && res->steps[sc->ponr_step].start_s <= t_end))
        return abandon_at(w, sc, t_end);
    w->done_mask = plan_first_bits(sc->n_steps);
    w->core_end_s = core_end;
    w->service_done = cause >= 0;
    if (w->service_done) {
        w->service_cause = cause;
        res->service_s = res->steps[cause].end_s;
    }
    w->abandoned_now = 0;
    return 0;
}
