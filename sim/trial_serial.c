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
 * every trial of it to the event loop's (tests/test_serial.c).
 */
#include "sim/trial_int.h"

#include <math.h>

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

/* What role_scan finds: a person of the role free at the instant, or when the next can be. */
struct role_found {
    int who;        /* the person, or -1 */
    int next_who;   /* with who -1: the person of next (the lowest-numbered on ties) */
    double next;    /* with who -1: the earliest arrival still to come, or INFINITY */
};

/* The lowest-numbered person of role r (ro) free at instant t of the serial play
 * (find_free's choice), or -1 with the earliest arrival of one of its people still to come
 * (INFINITY when none is). The role is paged (every caller pages it first or tests that it
 * is), so each of its people is either paged or free since a step of theirs ended (no
 * staffed step runs while another waits), and a person is free at t exactly when their
 * arrival time is no later than t: a person paged and arrived by t is free (the loop
 * handles an instant's arrivals before its dispatch), and a person who worked a step had
 * arrived by its start, before its end and so before every later staffed step's
 * readiness. The play therefore keeps no state per person but the arrival times (no
 * person_state), and a page may leave INFINITY for the people after a role's first when
 * none of them comes sooner (trial_page_serial): the answers are the same, as the first
 * is reached before them. A role paged in this very dispatch (fresh) has nobody free yet:
 * its arrivals at t come as events after the dispatch that paged it, so they are still to
 * come; nobody of it has worked a step (the first staffed step is the only one without
 * dependencies, and a stand-in role worked nothing before its page). One pass answers
 * both questions, which wait_person asks of the same people. */
static inline struct role_found role_scan(const struct trial_worker *w, const struct role *ro,
                                         int r, double t, uint64_t fresh)
{
    const int is_fresh = fresh >> r & 1;
    double nx = INFINITY;
    int nw = -1;
    for (int q = ro->first_person, end = q + ro->count; q < end; q++) {
        const double due = w->person_due_t[q];
        if (due <= t && !is_fresh)
            return (struct role_found){q, nw, nx};
        /* Not arrived by t (or fresh: due >= t); a NaN passes neither test. */
        if (due >= t && due < nx) {
            nx = due;
            nw = q;
        }
    }
    return (struct role_found){-1, nw, nx};
}

/* When a step needing role r (paged), ready at `ready`, gets its person, as the event
 * loop's dispatches would give it: at each instant, a free person of r, else a stand-in
 * along r's chain once its level has come (take_stand_in, which pages a stand-in role the
 * first time its level is tried), else on to the next instant that can change the answer:
 * the earliest arrival of r or of a stand-in role already reached, or r's next level.
 * fresh: the roles paged since the last dispatch whose arrivals at `ready` come after the
 * first dispatch at it. own: role_scan's answer for r at `ready`, which the caller asked
 * first and found nobody in. Sets *who and *level (the place in the chain, 0 for r
 * itself); INFINITY when no instant ever does. The times compared are never NaN, so a
 * comparison takes the earlier of two as fmin would. Out of line: in the commonest case
 * somebody is free at once and the caller needs none of it, whose loops and pages would
 * otherwise cost that path registers. */
static __attribute__((noinline)) double
wait_person(struct trial_worker *w, const struct role *roles, int r, double ready,
            uint64_t fresh, struct role_found own, int *who, unsigned char *level)
{
    const struct role *ro = &roles[r];
    double t = ready;
    for (;;) {
        double next = own.next;
        int j = 0;
        for (; j < ro->n_stand_ins && t >= w->role_page_t[r] + (j + 1) * ro->escalate_after_s;
             j++) {
            const int s = ro->stand_ins[j];
            if (!(w->paged_mask >> s & 1)) {
                trial_page_serial(w, s, t);
                fresh |= UINT64_C(1) << s;
            }
            const struct role_found in = role_scan(w, &roles[s], s, t, fresh);
            if (in.who >= 0) {
                *who = in.who;
                *level = (unsigned char)(j + 1);
                return t;
            }
            if (in.next < next)
                next = in.next;
        }
        if (j < ro->n_stand_ins) {
            const double level_t = w->role_page_t[r] + (j + 1) * ro->escalate_after_s;
            if (level_t < next)
                next = level_t;
        }
        if (!(next < INFINITY))
            return INFINITY;
        t = next;
        fresh = 0;
        own = role_scan(w, ro, r, t, fresh);
        if (own.who >= 0) {
            *who = own.who;
            *level = 0;
            return t;
        }
    }
}

/* The step whose end restored service, every step having ended, with policy services: the
 * step of svc_gate (every step they need) that ended last, when the platform's capacity
 * (the outage's share, or 1 without a model: no step changes it here) is at every
 * service's MBCO. -1 when service is never restored; -2 when two steps of svc_gate ended
 * last at the same instant, whose order on the event loop's queue (the order their ends
 * were queued in) this play does not keep. Without policy services the cause is the
 * service_restored_by step, which the play takes without a call. */
static __attribute__((noinline)) int policy_cause(const struct trial_worker *w,
                                                  const struct scenario *sc)
{
    const double cap = isnan(sc->capacity_left) ? 1.0 : sc->capacity_left;
    for (int k = 0; k < sc->n_policy_services; k++)
        if (cap < w->p->services[sc->policy_services[k]].mbco_capacity)
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

/* Step i's readiness in a finished serial play, whose readiness a figures-only play does
 * not write (step_done): the end of its release_step, the dependency that ended last (0.0
 * without one), which is the `ready` the play computed, bit for bit. */
static inline double ready_end(const struct trial_step *steps, int i)
{
    const int dep = steps[i].release_step;
    return dep >= 0 ? steps[dep].end_s : 0.0;
}

/* The trial leaves the serial play: the steps are as draw_inputs left them (play reads
 * only their state before it writes), and pages queue again. Returns -1. */
static int leave(struct trial_worker *w, const struct scenario *sc)
{
    for (int i = 0; i < sc->n_steps; i++)
        w->res.steps[i].state = TRIAL_STEP_PENDING;
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
        } else if (ready_end(w->res.steps, i) <= t) {
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

/* Step ts done in the serial play: ready at `ready`, started at `start` after waiting
 * wait_s (start - ready) with n_people (0 or its one) of whom n_stand_ins stood in, ended
 * at `end`, its start released as `release` says (which figures_only leaves unwritten:
 * trial_worker_figures_only; nor is the readiness, which the play's own readers take from
 * release_step: ready_end). A start at readiness passes a wait of 0.0 (start - ready is
 * +0 then, ready being finite), so that, inlined, its figures are written as constants
 * rather than worked out. */
static inline __attribute__((always_inline)) void
step_done(struct trial_step *ts, double ready, double start, double wait_s, double end,
          int n_people, int n_stand_ins, enum trial_release release, int figures_only)
{
    ts->state = TRIAL_STEP_DONE;
    ts->start_s = start;
    ts->end_s = end;
    ts->staff_wait_s = wait_s;
    if (figures_only)
        return;
    ts->ready_s = ready;
    ts->n_people = n_people;
    ts->n_optional = 0;
    ts->n_stand_ins = n_stand_ins;
    ts->release = release;
}

static inline __attribute__((always_inline)) int
play_serial(struct trial_worker *w, const struct scenario *sc, int figures_only)
{
    struct trial_result *res = &w->res;
    struct trial_step *steps = res->steps;
    /* Kept in locals: the people's states are bytes, whose stores the compiler must assume
     * change anything in memory, so it would read these again at every step. */
    const int n_steps = sc->n_steps;
    const struct step *defs = sc->steps;
    const signed char *one_dep = w->sc_one_dep;
    const struct role *roles = w->p->roles;
    w->paged_mask = 0;
    double core_end = 0.0;
    for (int i = 0; i < n_steps; i++) {
        const struct step *st = &defs[i];
        struct trial_step *ts = &steps[i];
        /* Ready at the latest end of its dependencies, and that dependency (the first in
         * after[] order on ties: trial_latest_dep's answer), from the scenario's table when
         * one dependency or none settles it. */
        int dep = one_dep[i];
        double latest = 0.0;
        if (dep >= 0) {
            latest = steps[dep].end_s;
        } else if (dep < -1 && st->n_after > 0) {
            dep = st->after[0];
            latest = steps[dep].end_s;
            for (int k = 1; k < st->n_after; k++) {
                const int j = st->after[k];
                if (steps[j].end_s > latest) {
                    dep = j;
                    latest = steps[j].end_s;
                }
            }
        } else {
            dep = -1;
        }
        /* The latest of 0 and that end is the end itself: a work time is never negative,
         * so every end here is finite (the others leave the play), at least 0 and never -0
         * (0 plus -0 is +0). */
        const double ready = latest;
        if (st->n_required == 0) {
            const double end = ready + ts->duration_s;
            if (!(end < INFINITY))
                return leave(w, sc);
            step_done(ts, ready, ready, 0.0, end, 0, 0, TRIAL_RELEASE_DEPS, figures_only);
            ts->release_step = dep;
            if (end > core_end)
                core_end = end;
            continue;
        }
        /* Its one need (no any_of: trial_serial_eligible), paged as trial_page_needed would. */
        const int r = st->needs[0];
        int earliest = -2;    /* the page's earliest arrival; -2: paged before this step */
        if (!(w->paged_mask >> r & 1))
            earliest = trial_page_serial(w, r, ready);
        /* A step without dependencies is ready, and its role paged, before the event
         * loop's first dispatch, which comes before the loop handles any arrival at 0;
         * any other is made ready by an event, and an arrival at its instant is handled
         * before the dispatch that follows. */
        const uint64_t fresh = dep < 0 ? UINT64_C(1) << r : 0;    /* dep is -1 with none */
        /* role_scan's answer without its scan where it is known. A role paged just now
         * (not fresh) has its earliest arrival from the page: when that is after `ready`,
         * so is every other (a NaN is neither), nobody is free, and the next is that
         * arrival, the lowest-numbered of its ties as role_scan keeps; with none before
         * INFINITY, nobody is free and nobody comes. Otherwise role_scan's first test
         * alone when it answers, which it mostly does: the role's first person has
         * arrived (or worked a step) by `ready`. */
        const struct role *ro = &roles[r];
        const int first = ro->first_person;
        struct role_found own;
        if (!fresh && earliest >= 0 && w->person_due_t[earliest] > ready)
            own = (struct role_found){-1, earliest, w->person_due_t[earliest]};
        else if (!fresh && earliest == -1)
            own = (struct role_found){-1, -1, INFINITY};
        else if (!fresh && ro->count > 0 && w->person_due_t[first] <= ready)
            own = (struct role_found){first, -1, INFINITY};
        else
            own = role_scan(w, ro, r, ready, fresh);
        int who = own.who;
        double end;
        if (who >= 0) {
            /* Somebody is free at once, the commonest case: a start at readiness. */
            end = ready + ts->duration_s;
            if (!(end < INFINITY))
                return leave(w, sc);
            step_done(ts, ready, ready, 0.0, end, 1, 0, TRIAL_RELEASE_DEPS, figures_only);
        } else {
            /* Its own variables: taking the address of who and level would keep them in
             * memory on the common path too. */
            int waited_who = own.next_who;
            unsigned char level = 0;
            /* wait_person's two commonest answers, without its call and its scans, when
             * its people's arrivals at `ready` have already come (not fresh). Without
             * stand-ins, or with the first arrival before the chain's first level (the
             * loop would go on to that arrival, level1 being (0 + 1) escalate_after_s
             * after the page), the person it waits for is the first to arrive: nobody was
             * free at `ready` and nothing changes till then, every other arrival is
             * later, and role_scan kept the lowest-numbered of those at that instant.
             * With `ready` before the first level (no level has come by then) and the
             * first arrival after it, the loop goes on to that level, finds nobody of the
             * role, and takes the first stand-in role's lowest-numbered free person, when
             * that role is already paged (else the level pages it) and has one free then. */
            const double level1 = w->role_page_t[r] + ro->escalate_after_s;
            double start;
            struct role_found in;
            if (!fresh && (ro->n_stand_ins == 0 || own.next < level1)) {
                start = own.next;
            } else if (!fresh && own.next > level1 && ready < level1 &&
                       (w->paged_mask >> ro->stand_ins[0] & 1) &&
                       (in = role_scan(w, &roles[ro->stand_ins[0]], ro->stand_ins[0], level1,
                                       0))
                               .who >= 0) {
                start = level1;
                waited_who = in.who;
                level = 1;
            } else {
                start = wait_person(w, roles, r, ready, fresh, own, &waited_who, &level);
            }
            who = waited_who;
            end = start + ts->duration_s;
            if (!(end < INFINITY))
                return leave(w, sc);
            /* What released the start, as start_step says. A person the step waited for
             * was never freed by a step's end: every staffed step before this one is among
             * its dependencies, so such a person was free by `ready`; the start waited for
             * an arrival or a stand-in's level (TRIAL_RELEASE_STAFF), unless a stand-in's
             * level had come by `ready` itself. */
            step_done(ts, ready, start, start - ready, end, 1, level > 0,
                      start <= ready ? TRIAL_RELEASE_DEPS : TRIAL_RELEASE_STAFF, figures_only);
        }
        ts->release_step = dep;
        /* Free again at the end, which role_scan knows from the person's arrival: every
         * staffed step after this one is ready no sooner. When and by what step
         * (person_free_t, person_freed_by) are not kept: only the event loop reads them, of
         * people it freed itself. */
        if (!figures_only)
            ts->people[0] = who;
        if (end > core_end)
            core_end = end;
    }
    /* The capacity (cap_now) is not kept: only the event loop reads it, and sets it. */
    w->service_cause = sc->service_step;
    const int cause = sc->n_policy_services == 0 ? sc->service_step : policy_cause(w, sc);
    if (cause == -2)
        return leave(w, sc);
    /* The outage end, judged after everything at its instant: in place when neither
     * service nor the point of no return had got that far (never under logical damage:
     * the primary comes back with the damage). */
    if (sc->on_outage_end == OUTAGE_END_RESTORES && !sc->damage.present &&
        (w->outage_pending || isfinite(res->outage_s)) &&
        !(cause >= 0 && trial_outage_reached(w, sc, res->steps[cause].end_s)) &&
        !(sc->ponr_step >= 0 && trial_outage_reached(w, sc, res->steps[sc->ponr_step].start_s))) {
        /* In place: the outcome reads the outage's end. */
        if (w->outage_pending)
            trial_outage_exact(w, sc);
        return abandon_at(w, sc, res->outage_s);
    }
    w->done_mask = plan_first_bits(sc->n_steps);
    w->core_end_s = core_end;
    w->service_done = cause >= 0;
    if (w->service_done) {
        w->service_cause = cause;
        res->service_s = res->steps[cause].end_s;
        /* The critical path, as trial_critical_path's walk from the cause finds it (service
         * is restored at a finite time; no step waits on a decision here), its mask, now
         * not 0, telling trial_critical_path that it is set. A step's contribution is its
         * end less its release_step's end (0 with none), which here is its readiness. */
        uint64_t mask = 0;
        for (int j = cause; j >= 0; j = steps[j].release_step) {
            mask |= UINT64_C(1) << j;
            steps[j].on_path = 1;
            steps[j].contribution_s = steps[j].end_s - ready_end(steps, j);
        }
        res->critical_mask = mask;
    }
    w->abandoned_now = 0;
    return 0;
}

/* Built twice, with figures_only a constant in each, so that neither tests it per step. */
int trial_play_serial(struct trial_worker *w, const struct scenario *sc)
{
    return w->figures_only ? play_serial(w, sc, 1) : play_serial(w, sc, 0);
}
