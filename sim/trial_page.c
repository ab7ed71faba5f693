/* sim/trial_page.c: paging the people of a trial (see sim/trial_int.h): a role's page in
 * the period of its calendar, each person's response from their own stream, re-paging
 * notifications, on-call rotas and the later page of the others, stand-in and any_of
 * roles, and the scenario's pages ahead. Kept apart from sim/trial.c's event loop, which
 * calls in here only when a role is paged for the first time. */
#include "sim/trial_int.h"

#include <math.h>
#include <string.h>

#include "models/dist.h"
#include "models/sched.h"

/* The calendar that sets person's (of role ro) response periods: their own on the rota
 * path, else the role's (the same, or the worker would take the rota path). */
static inline const struct sched_calendar *person_calendar(const struct trial_worker *w,
                                                           const struct role *ro, int person)
{
    return w->p->people && w->role_rota[w->person_role[person]]
               ? &w->p->people[person].calendar : &ro->calendar;
}

/* When person (of role ro, paged at t in period per0, re-paging) responds: the response
 * delay `delay` after the first noticed notification, or INFINITY when none of its
 * attempts is noticed. Each notification draws one uniform from its own stream (the
 * first's, u0, drawn by the caller), and is noticed with the probability of the period at
 * its own time (the first's, at t, is per0); a traced trial sends the first notification's
 * event now and queues the later ones it reaches. A uniform below the chances of all
 * three periods is noticed and one below none of them is not, whatever the period, which
 * is then not looked up (the same comparisons as the general test, so a NaN chance gives
 * the answer it would). */
COLD static double respond_at(struct trial_worker *w, const struct role *ro, int person,
                              double t, double delay, enum sched_period per0, double u0)
{
    const struct role_repage *rp = &ro->repage;
    const struct plan *p = w->p;
    for (int a = 0; a < rp->attempts; a++) {
        double ta = t + a * rp->every_s;
        const double u = a == 0 ? u0 : notify_uniform(w, person, a);
        int noticed;
        if (ta == t)
            noticed = u < rp->answered[per0];
        else if (u < rp->answered[SCHED_BUSINESS] && u < rp->answered[SCHED_NIGHT] &&
                 u < rp->answered[SCHED_WEEKEND])
            noticed = 1;
        else if (!(u < rp->answered[SCHED_BUSINESS]) && !(u < rp->answered[SCHED_NIGHT]) &&
                 !(u < rp->answered[SCHED_WEEKEND]))
            noticed = 0;
        else
            noticed = u < rp->answered[sched_period_at(person_calendar(w, ro, person),
                                                       p->calendar.epoch_days, w->t0 + ta)];
        if (w->tr && a == 0)
            trial_emit(w, (struct trial_event){.kind = TRIAL_EV_NOTIFY, .t_s = ta, .step = -1,
                                               .store = -1, .role = w->person_role[person],
                                               .person = person, .stand_in_role = -1,
                                               .value_s = delay, .flag = noticed, .attempt = 1});
        else if (w->tr)
            push(w, ta, EV_NOTIFY, person << 8 | a << 1 | noticed);
        if (noticed)
            return ta + delay;
    }
    return INFINITY;
}

/* sample_first's draw of person's response delay from d, out of line: response_delay's
 * other kinds. */
COLD static double response_general(struct trial_worker *w, const struct dist *d, int person)
{
    return sample_first(w, d, w->sc_ids->person[person], w->fs->person[person]);
}

/* Person's response delay from d (their period's distribution): sample_first's number,
 * its two commonest cases here without its other tests (a fixed delay, which draws
 * nothing; a lognormal whose stream's block 0 is at hand) and the rest out of line
 * (response_general), so that a page's loop over its people keeps its registers.
 * trial/service_gate_and_first_notifications_play_as_the_general_path (no first block for
 * any response, so every lognormal goes to sample_first) holds it to the general path. */
static inline __attribute__((always_inline)) double
response_delay(struct trial_worker *w, const struct dist *d, int person)
{
    if (d->kind == DIST_FIXED)
        return d->p[0];
    const int f = w->fs->person[person];
    if (d->kind == DIST_LOGNORMAL && f >= 0)
        return dist_lognormal_u(d, w->first_u[f]);
    return response_general(w, d, person);
}

/* Page person (of role ro) at time t in period per: their response delay from their own
 * stream, and their arrival queued (after the re-paging notifications, if any) when
 * `queue` (not in the serial play, which queues nothing). */
static inline __attribute__((always_inline)) void
page_person(struct trial_worker *w, const struct role *ro, int person, double t,
            enum sched_period per, int queue)
{
    double delay = response_delay(w, &ro->response[per], person);
    w->person_state[person] = PERSON_PAGED;
    double at = t + delay;
    if (__builtin_expect(ro->repage.attempts > 0, 0)) {
        /* Most people notice the first notification, sent with the page itself (ta is t
         * for any finite interval): respond_at's first round, here without its call. A
         * traced trial, which records the notification, and the others go on there. */
        const double u0 = notify_uniform(w, person, 0), ta = t + 0 * ro->repage.every_s;
        at = ta == t && u0 < ro->repage.answered[per] && !w->tr
                 ? ta + delay : respond_at(w, ro, person, t, delay, per, u0);
    }
    w->person_due_t[person] = at;
    if (queue && at < INFINITY)
        push(w, at, EV_ARRIVE, person);
}

/* The rota path of a page: page the people of role r in `mask` (bit j: the role's person
 * j; all: every person of the role, mask then being its first 64) at t, each in the
 * period of their own calendar then; the trace's TRIAL_EV_PAGE as page_role's. */
COLD static void page_people(struct trial_worker *w, int r, double t, uint64_t mask, int all,
                             int stand_in_for, enum trial_page_why why, int step)
{
    const struct plan *p = w->p;
    const struct role *ro = &p->roles[r];
    const long epoch = p->calendar.epoch_days;
    if (w->tr) {
        int first = all ? 0 : mask ? __builtin_ctzll(mask) : -1;
        int one = all ? (ro->count == 1 ? 0 : -1) : (mask && !(mask & (mask - 1)) ? first : -1);
        enum sched_period per =
            first < 0 ? SCHED_BUSINESS
                      : sched_period_at(person_calendar(w, ro, ro->first_person + first), epoch,
                                        w->t0 + t);
        trial_emit(w, (struct trial_event){.kind = TRIAL_EV_PAGE, .t_s = t, .step = step,
                                           .store = -1, .role = r,
                                           .person = one < 0 ? -1 : ro->first_person + one,
                                           .stand_in_role = stand_in_for, .flag = (int)per,
                                           .why = (int)why, .paged = mask});
    }
    for (int j = 0; j < ro->count; j++) {
        if (!all && (j >= 64 || !(mask >> j & 1)))
            continue;
        int person = ro->first_person + j;
        enum sched_period per = sched_period_at(person_calendar(w, ro, person), epoch, w->t0 + t);
        page_person(w, ro, person, t, per, 1);
    }
}

/* The mask of role ro's first 64 people. */
static inline uint64_t role_all(const struct role *ro)
{
    return plan_first_bits(ro->count);
}

/* A rota'd role's page: the people on call at t (plan_on_call_at), and the others
 * on_call.others_after later when that is finite. */
COLD static void page_rota(struct trial_worker *w, int r, double t, int stand_in_for,
                           enum trial_page_why why, int step)
{
    const struct role *ro = &w->p->roles[r];
    if (ro->on_call.kind == ON_CALL_ALL) {
        page_people(w, r, t, role_all(ro), 1, stand_in_for, why, step);
        return;
    }
    uint64_t mask = plan_on_call_at(w->p, ro, w->t0 + t);
    page_people(w, r, t, mask, 0, stand_in_for, why, step);
    if ((role_all(ro) & ~mask) && ro->on_call.others_after_s < INFINITY &&
        ro->on_call.others_after_s >= 0.0)
        push(w, t + ro->on_call.others_after_s, EV_PAGE_OTHERS, r);
}

/* on_call.others_after has passed since role r's page: page its people nobody has paged. */
COLD void trial_page_others(struct trial_worker *w, int r, double now)
{
    const struct role *ro = &w->p->roles[r];
    uint64_t mask = 0;
    for (int j = 0; j < ro->count && j < 64; j++)
        if (w->person_state[ro->first_person + j] == PERSON_IDLE)
            mask |= UINT64_C(1) << j;
    if (mask)
        page_people(w, r, now, mask, 0, -1, TRIAL_PAGE_OTHERS, -1);
}

/* A traced trial's TRIAL_EV_PAGE of role r (not rota'd), paged at t in period per; out of
 * line, so that paging untraced keeps the event off its stack. */
COLD static void emit_page(const struct trial_worker *w, int r, double t, int stand_in_for,
                           enum trial_page_why why, int step, enum sched_period per)
{
    const struct role *ro = &w->p->roles[r];
    trial_emit(w, (struct trial_event){.kind = TRIAL_EV_PAGE, .t_s = t, .step = step,
                                       .store = -1, .role = r,
                                       .person = ro->count == 1 ? ro->first_person : -1,
                                       .stand_in_role = stand_in_for, .flag = (int)per,
                                       .why = (int)why, .paged = role_all(ro)});
}

/* trial_page_role's body, inlined into trial_page_needed, which pages most roles. */
static inline __attribute__((always_inline)) void
page_role(struct trial_worker *w, int r, double t, int stand_in_for, enum trial_page_why why,
          int step)
{
    const struct plan *p = w->p;
    const struct role *ro = &p->roles[r];
    w->paged_mask |= UINT64_C(1) << r;
    w->role_page_t[r] = t;
    if (__builtin_expect(w->role_rota[r], 0)) {
        page_rota(w, r, t, stand_in_for, why, step);
    } else {
        enum sched_period per = sched_period_at(&ro->calendar, p->calendar.epoch_days,
                                                w->t0 + t);
        if (w->tr)
            emit_page(w, r, t, stand_in_for, why, step, per);
        for (int j = 0; j < ro->count; j++)
            page_person(w, ro, ro->first_person + j, t, per, 1);
    }
    /* The chain's first level; each level queues the next when it comes. */
    if (ro->n_stand_ins > 0 && isfinite(ro->escalate_after_s))
        push(w, t + ro->escalate_after_s, EV_ESCALATE, PLAN_MAX_ROLES + r);
}

/* Page role r at time t: every person of it (the people on call, with an on_call rota);
 * stand_in_for is the role it stands in for (or -1), why and step say what paged it (the
 * trace's TRIAL_EV_PAGE). */
void trial_page_role(struct trial_worker *w, int r, double t, int stand_in_for,
                      enum trial_page_why why, int step)
{
    page_role(w, r, t, stand_in_for, why, step);
}

/* Whether the lognormal response delay d of people first .. end-1 (more than one) is
 * shortest, or one of the equal shortest, for the first, every delay's uniform being at
 * hand: each other's uniform is larger than the first's by more than 1e-6. The normal
 * quantile (exact to a few units in the last place) is then at least 2.5e-6 higher for
 * each of them, sigma (at least 1e-4 here) times that is far above the roundings of
 * mu + sigma z and of exp, and each rounding keeps the order. */
static inline int first_arrives_first(const struct trial_worker *w, const struct dist *d,
                                      int first, int end)
{
    const int f = w->fs->person[first];
    if (f < 0 || !(d->p[1] >= 1e-4))
        return 0;
    const double u = w->first_u[f];
    for (int q = first + 1; q < end; q++) {
        const int g = w->fs->person[q];
        if (g < 0 || !(w->first_u[g] - u > 1e-6))
            return 0;
    }
    return 1;
}

/* Whether every role of p has the same calendar (offset, zone, workdays, hours and
 * holidays: the fields that decide a period), one sched_period_span may be asked of:
 * trial_page_serial's span then holds for every role. 1 when so, else 2. */
COLD static int calendars_span(const struct plan *p)
{
    const struct sched_calendar *c = &p->roles[0].calendar;
    if (!sched_span_ok(c))
        return 2;
    for (int q = 1; q < p->n_roles; q++) {
        const struct sched_calendar *o = &p->roles[q].calendar;
        if (memcmp(&o->tz_offset_s, &c->tz_offset_s, sizeof c->tz_offset_s) ||
            o->workdays_mask != c->workdays_mask ||
            memcmp(&o->day_start_s, &c->day_start_s, sizeof c->day_start_s) ||
            memcmp(&o->day_end_s, &c->day_end_s, sizeof c->day_end_s) ||
            o->holidays != c->holidays || o->n_holidays != c->n_holidays || o->tz != c->tz)
            return 2;
    }
    return 1;
}

/* trial_page_role in the serial play (sim/trial_serial.c): the trial is untraced and its
 * roles have no rota (trial_serial_eligible), and the play queues nothing (no arrival, no
 * escalation level: it finds them itself). Its own function rather than page_role's tests
 * of each: the play pages two or three roles a trial, and their tests and the arguments
 * for the trace cost about a tenth of a page; without re-paging, its people's loop is
 * page_person's draw and stores alone. The period is looked up without a call for a
 * fixed offset (sched_period_quick), and when every role has the same calendar it comes
 * with its span of local times (sched_period_span), kept for the next page: a trial's
 * pages are mostly minutes apart, in the same stretch of the same day, and the span holds
 * for any trial of the worker. */
int trial_page_serial(struct trial_worker *w, int r, double t)
{
    const struct plan *p = w->p;
    const struct role *ro = &p->roles[r];
    w->paged_mask |= UINT64_C(1) << r;
    w->role_page_t[r] = t;
    const double at = w->t0 + t;
    if (__builtin_expect(w->span_ok == 0, 0))
        w->span_ok = calendars_span(p);
    /* The local time as sched_period_quick sums it. */
    const double local = at + ro->calendar.tz_offset_s;
    enum sched_period per;
    if (w->span_ok == 1 && local >= w->span_lo && local < w->span_hi)
        per = w->span_per;
    else if (w->span_ok == 1)
        per = w->span_per = sched_period_span(&ro->calendar, p->calendar.epoch_days, at,
                                              &w->span_lo, &w->span_hi);
    else
        per = sched_period_quick(&ro->calendar, p->calendar.epoch_days, at);
    int q = ro->first_person;
    const int end = q + ro->count;
    int earliest = -1;
    double first_t = INFINITY;
    if (__builtin_expect(ro->repage.attempts > 0, 0)) {
        for (; q < end; q++) {
            page_person(w, ro, q, t, per, 0);
            if (w->person_due_t[q] < first_t) {
                first_t = w->person_due_t[q];
                earliest = q;
            }
        }
        return earliest;
    }
    /* The people's states are not set: the play knows who is free from the arrival times
     * alone (role_scan), and the event loop sets every state again if it plays the trial. */
    const struct dist *d = &ro->response[per];
    if (d->kind == DIST_LOGNORMAL && ro->count > 1 && first_arrives_first(w, d, q, end)) {
        /* Nor are the others' arrivals: none comes sooner, so none matters to role_scan,
         * which reaches the first person before them (free whenever they are) and keeps
         * the first of equal arrivals. They are never (INFINITY), without their draws. */
        const double due = t + dist_lognormal_u(d, w->first_u[w->fs->person[q]]);
        w->person_due_t[q] = due;
        earliest = due < INFINITY ? q : -1;
        while (++q < end)
            w->person_due_t[q] = INFINITY;
        return earliest;
    }
    for (; q < end; q++) {
        const double due = t + response_delay(w, d, q);
        w->person_due_t[q] = due;
        if (due < first_t) {
            first_t = due;
            earliest = q;
        }
    }
    return earliest;
}

/* Step i (st) is ready at t: page the roles of its any_of sets after their first (which
 * needs[] holds and make_ready pages) that nobody has paged yet. */
COLD static void page_any_of(struct trial_worker *w, const struct step *st, double t, int i)
{
    for (int n = 0; n < st->n_needs; n++)
        for (int q = 1; (st->any_mask >> n & 1) && q < st->any_of[n].n_roles; q++)
            if (!(w->paged_mask >> st->any_of[n].roles[q] & 1))
                trial_page_role(w, st->any_of[n].roles[q], t, -1, TRIAL_PAGE_NEEDED, i);
}

/* Step i (st) is ready at t and some role it needs is not paged yet: page those, its
 * needs in order, then the other roles of its any_of sets (page_any_of). */
void trial_page_needed(struct trial_worker *w, const struct step *st, double t, int i)
{
    for (int n = 0; n < st->n_needs; n++)
        if (!(w->paged_mask >> st->needs[n] & 1))
            page_role(w, st->needs[n], t, -1, TRIAL_PAGE_NEEDED, i);
    if (__builtin_expect(st->any_mask != 0, 0))
        page_any_of(w, st, t, i);
}

/* Page ahead: every role in `mask` not paged yet, at t (the scenario's page section). */
COLD void trial_page_ahead(struct trial_worker *w, uint64_t mask, double t,
                            enum trial_page_why why, int step)
{
    for (; mask; mask &= mask - 1) {
        int r = __builtin_ctzll(mask);
        if (!(w->paged_mask >> r & 1))
            trial_page_role(w, r, t, -1, why, step);
    }
}
