/* tests/test_rota.c: known answers for rotas, per-person calendars and shifts (issue 13,
 * items 2, 5 and 7's trace; sim/trial.h, "Rotas and shifts").
 *
 * The plans are written as text with the keys every loader knows and loaded with the real
 * loader; the rota and shift fields (role.on_call, role.shift, person.calendar) are then
 * set on the loaded plan before the worker is made, so these tests pin the engine down
 * independently of how the plan format spells them. The answers:
 *   - follow-the-sun with two people in UTC+1 (Mon-Fri 07:00-19:00) and UTC-5 (Mon-Fri
 *     13:00-01:00): between them business hours cover Monday 06:00 UTC to Saturday
 *     06:00 UTC without a gap, so over a week's uniform outage starts the share of pages
 *     answered at the business response (10 minutes) is 5/7 (four standard errors); a
 *     page on Wednesday 03:00 UTC reaches only the UTC-5 person, in business hours, and is
 *     answered in 10 minutes exactly; one on Monday 03:00 UTC reaches both, each in their
 *     own period (night in UTC+1, the weekend's Sunday evening in UTC-5);
 *   - a weekly rotation pages only the person on call, the right one week by week; with
 *     others_after the rest of the team is paged that long after and arrives then plus
 *     their response;
 *   - a 20-hour step with an 8-hour shift and a 30-minute hand-over ends at 21 hours with
 *     two people (hand-overs at 8 h and 16 h); a long rest leaves the second person
 *     carrying on and makes the next step wait for the first one's rest; a hand-over with
 *     nobody free waits for the first person freed; a step whose time is a shared restore
 *     transfer hands its people over and keeps its end;
 *   - a run counts each step's hand-overs (mc_step_result), the same on one thread or two;
 *   - the existing suite, unchanged, holds the default path to its old numbers.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/load.h"
#include "models/sched.h"
#include "reports/term.h"
#include "sim/mc.h"
#include "sim/trial.h"
#include "tests/fixture.h"

#define SEED UINT64_C(0x70a7e5c1f75a0001)
#define MIN 60.0
#define HOUR 3600.0

/* Epoch Monday 2026-01-05; the window (start, length) as text. */
#define HEAD(window) \
    "plan: {name: rota}\ncalendar: {epoch: 2026-01-05, window: " window "}\n"
#define SCENARIO(service) \
    "scenarios:\n  region:\n    destroys: region\n    per_year: 1\n    duration: never\n" \
    "    service_restored_by: " service "\n"

struct ev_log {
    int n;
    struct trial_event ev[512];
};

static void log_event(void *user, const struct trial_event *ev)
{
    struct ev_log *l = user;
    if (l->n < 512)
        l->ev[l->n++] = *ev;
}

/* The events of one kind in order, into out[max]. */
static int events_of(const struct ev_log *l, enum trial_event_kind k,
                     const struct trial_event **out, int max)
{
    int n = 0;
    for (int i = 0; i < l->n; i++)
        if (l->ev[i].kind == k && n < max)
            out[n++] = &l->ev[i];
    return n;
}

static int role_of(const struct plan *p, const char *name)
{
    int r = plan_find_role(p, name);
    cr_assert(r >= 0, "no role %s", name);
    return r;
}

static int step_of(const struct plan *p, const char *name)
{
    int i = scenario_find_step(&p->scenarios[0], name);
    cr_assert(i >= 0, "no step %s", name);
    return i;
}

/* A Mon-Fri working calendar at a fixed UTC offset, hours [start, end) local. */
static struct sched_calendar weekdays(double offset_h, double start_h, double end_h)
{
    return (struct sched_calendar){.tz_offset_s = offset_h * HOUR, .workdays_mask = 0x1f,
                                   .day_start_s = start_h * HOUR, .day_end_s = end_h * HOUR};
}

/* Trace the given trial (print it too, for a failing test's log). */
static struct ev_log *trace(struct trial_worker *w, uint64_t k, const struct trial_result **r)
{
    struct ev_log *log = calloc(1, sizeof *log);
    cr_assert_not_null(log);
    struct trial_trace tr = {log_event, log};
    *r = trial_run(w, 0, k, &tr);
    return log;
}

/* ---- follow-the-sun ---------------------------------------------------------------------- */

static const char sun_yaml[] = HEAD("%s")
    "staffing:\n"
    "  roles:\n"
    "    dev:\n"
    "      count: 2\n"
    "      response: {business: 10m, night: 1h, weekend: 2h}\n"
    SCENARIO("work")
    "    runbook:\n"
    "      work: {needs: [dev], duration: 1m}\n";

/* The follow-the-sun plan with the window `window`: person 0 in UTC+1 07:00-19:00,
 * person 1 in UTC-5 13:00-01:00 (crossing midnight), both Mon-Fri. */
static struct plan *sun_plan(const char *window)
{
    struct plan *p = fixture_plan_text(sun_yaml, window);
    int r = role_of(p, "dev");
    struct role *ro = &p->roles[r];
    cr_assert_not_null(p->people);
    p->people[ro->first_person].calendar = weekdays(1, 7, 19);
    p->people[ro->first_person + 1].calendar = weekdays(-5, 13, 1);
    ro->on_call.kind = ON_CALL_FOLLOW_THE_SUN;
    ro->on_call.others_after_s = INFINITY;
    return p;
}

Test(rota, follow_the_sun_answers_in_business_time_five_days_in_seven)
{
    struct plan *p = sun_plan("{start: 0s, length: 168h}");
    struct trial_worker *w = trial_worker_new(p, SEED);
    const int n = 20000;
    int fast = 0;
    for (int t = 0; t < n; t++) {
        const struct trial_result *r = trial_run(w, 0, (uint64_t)t, NULL);
        double wait = r->steps[0].staff_wait_s;
        cr_assert(wait == 10 * MIN || wait == HOUR || wait == 2 * HOUR, "wait %g", wait);
        fast += wait == 10 * MIN;
    }
    double want = 5.0 / 7.0, got = (double)fast / n;
    cr_expect(fabs(got - want) < 4 * sqrt(want * (1 - want) / n), "share %g, want %g", got,
              want);
    trial_worker_free(w);
    plan_free(p);
}

/* Wednesday 03:00 UTC: Tuesday's 13:00-01:00 shift in UTC-5 runs until 06:00 UTC; only
 * that person is on call, and answers in 10 minutes. */
Test(rota, follow_the_sun_wednesday_night_pages_the_west_in_business_hours)
{
    struct plan *p = sun_plan("{start: 51h, length: 1s}");
    struct trial_worker *w = trial_worker_new(p, SEED);
    const int first = p->roles[role_of(p, "dev")].first_person;
    const struct trial_result *r;
    struct ev_log *log = trace(w, 0, &r);
    cr_assert_eq(r->steps[0].staff_wait_s, 10 * MIN);
    cr_assert_eq(r->steps[0].people[0], first + 1);
    const struct trial_event *pg[4];
    cr_assert_eq(events_of(log, TRIAL_EV_PAGE, pg, 4), 1);
    cr_assert_eq(pg[0]->paged, UINT64_C(2));
    cr_assert_eq(pg[0]->person, first + 1);
    cr_assert_eq(pg[0]->flag, SCHED_BUSINESS);
    const struct trial_event *av[4];
    cr_assert_eq(events_of(log, TRIAL_EV_PERSON_AVAILABLE, av, 4), 1);
    cr_assert_eq(av[0]->person, first + 1);
    /* Thursday 10:00 UTC (11:00 in UTC+1): the east only. */
    free(log);
    trial_worker_free(w);
    plan_free(p);
    p = sun_plan("{start: 82h, length: 1s}");
    w = trial_worker_new(p, SEED);
    log = trace(w, 0, &r);
    cr_assert_eq(r->steps[0].staff_wait_s, 10 * MIN);
    cr_assert_eq(r->steps[0].people[0], first);
    cr_assert_eq(events_of(log, TRIAL_EV_PAGE, pg, 4), 1);
    cr_assert_eq(pg[0]->paged, UINT64_C(1));
    free(log);
    trial_worker_free(w);
    plan_free(p);
}

/* Monday 03:00 UTC: nobody is in working hours, so both are paged, each in their own
 * period: 04:00 Monday in UTC+1 is night (1 h), 22:00 Sunday in UTC-5 is weekend (2 h);
 * the first to arrive takes the step. */
Test(rota, follow_the_sun_off_hours_pages_everyone_by_their_own_period)
{
    struct plan *p = sun_plan("{start: 3h, length: 1s}");
    struct trial_worker *w = trial_worker_new(p, SEED);
    const int first = p->roles[role_of(p, "dev")].first_person;
    const struct trial_result *r;
    struct ev_log *log = trace(w, 0, &r);
    cr_assert_eq(r->steps[0].staff_wait_s, HOUR);
    cr_assert_eq(r->steps[0].people[0], first);
    const struct trial_event *pg[4], *av[4];
    cr_assert_eq(events_of(log, TRIAL_EV_PAGE, pg, 4), 1);
    cr_assert_eq(pg[0]->paged, UINT64_C(3));
    cr_assert_eq(events_of(log, TRIAL_EV_PERSON_AVAILABLE, av, 4), 2);
    cr_assert_eq(av[0]->person, first);
    cr_assert_eq(av[0]->value_s, HOUR);
    cr_assert_eq(av[1]->person, first + 1);
    cr_assert_eq(av[1]->value_s, 2 * HOUR);
    free(log);
    trial_worker_free(w);
    plan_free(p);
}

/* Without a rota, people with calendars of their own are all paged, each re-paging
 * notification judged by its person's period: at Monday 10:00 UTC the UTC+1 person is at
 * work (noticed at once, 10 minutes) and the UTC-5 person asleep (never noticed: night
 * answers 0%), whose stream the other's draw leaves alone. */
Test(rota, notifications_are_judged_by_each_persons_own_period)
{
    struct plan *p = fixture_plan_text(
        HEAD("{start: 10h, length: 1s}")
        "staffing:\n"
        "  roles:\n"
        "    dev:\n"
        "      count: 2\n"
        "      response: {business: 10m, night: 1h, weekend: 2h}\n"
        "      repage: {every: 5m, attempts: 3, answered: {business: 100%%, night: 0%%, "
        "weekend: 0%%}}\n"
        SCENARIO("work")
        "    runbook:\n"
        "      work: {needs: [dev], duration: 1m}\n");
    const struct role *ro = &p->roles[role_of(p, "dev")];
    const int first = ro->first_person;
    p->people[first].calendar = weekdays(1, 7, 19);
    p->people[first + 1].calendar = weekdays(-5, 7, 19);
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r;
    struct ev_log *log = trace(w, 0, &r);
    cr_assert_eq(r->steps[0].staff_wait_s, 10 * MIN);
    const struct trial_event *nt[8], *av[4];
    cr_assert_eq(events_of(log, TRIAL_EV_PERSON_AVAILABLE, av, 4), 1);
    cr_assert_eq(av[0]->person, first);
    cr_assert_eq(events_of(log, TRIAL_EV_NOTIFY, nt, 8), 4);  /* 1 noticed + 3 missed */
    for (int k = 0; k < 4; k++)
        cr_assert_eq(nt[k]->flag, nt[k]->person == first, "notification %d", k);
    free(log);
    trial_worker_free(w);
    plan_free(p);
}

/* ---- weekly rotation ------------------------------------------------------------------- */

static const char rot_yaml[] = HEAD("{start: %s, length: 1s}")
    "staffing:\n"
    "  roles:\n"
    "    dev:\n"
    "      count: 3\n"
    "      response: {business: 10m, night: 10m, weekend: 10m}\n"
    SCENARIO("b")
    "    runbook:\n"
    "      a: {needs: [dev], duration: 1h}\n"
    "      b: {needs: [dev], duration: 1h}\n";

/* Three people, a weekly rotation changing on Mondays 09:00 UTC, person 0 on call at the
 * epoch; others_after as given. */
static struct plan *rot_plan(const char *start, double others_after_s)
{
    struct plan *p = fixture_plan_text(rot_yaml, start);
    struct role *ro = &p->roles[role_of(p, "dev")];
    const char *why = NULL;
    size_t where = 0;
    cr_assert_eq(sched_parse("weekly Mon 09:00", 0.0, &ro->on_call.changes, &why, &where), 0,
                 "%s", why);
    ro->on_call.kind = ON_CALL_ROTATION;
    ro->on_call.turn_length = 1;
    ro->on_call.first = 0;
    ro->on_call.others_after_s = others_after_s;
    return p;
}

/* Only the person on call is paged: person 0 until the first Monday 09:00, then 1, 2, 0
 * week by week. Without others_after the second step waits for the on-call person. */
Test(rota, weekly_rotation_pages_only_the_person_on_call)
{
    static const struct {
        const char *start;
        int on_call;
    } cases[] = {{"8h", 0}, {"58h", 1}, {"226h", 2}, {"394h", 0}, {"176h", 1}, {"177h", 2}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct plan *p = rot_plan(cases[c].start, INFINITY);
        struct trial_worker *w = trial_worker_new(p, SEED);
        const int want = p->roles[role_of(p, "dev")].first_person + cases[c].on_call;
        const struct trial_result *r;
        struct ev_log *log = trace(w, 0, &r);
        const struct trial_event *pg[4], *av[4];
        cr_assert_eq(events_of(log, TRIAL_EV_PAGE, pg, 4), 1, "case %zu", c);
        cr_assert_eq(pg[0]->paged, UINT64_C(1) << cases[c].on_call, "case %zu", c);
        cr_assert_eq(pg[0]->person, want);
        cr_assert_eq(events_of(log, TRIAL_EV_PERSON_AVAILABLE, av, 4), 1);
        cr_assert_eq(av[0]->person, want);
        cr_assert_eq(r->steps[step_of(p, "a")].people[0], want);
        cr_assert_eq(r->steps[step_of(p, "b")].people[0], want);
        /* a from 10m to 1h10m, then b by the same person. */
        cr_assert_eq(r->steps[step_of(p, "b")].start_s, 70 * MIN);
        free(log);
        trial_worker_free(w);
        plan_free(p);
    }
}

/* others_after 30m: the rest of the team is paged 30 minutes after the on-call person and
 * one of them takes the second step at 30m + 10m. */
Test(rota, others_after_pages_the_rest_of_the_team_later)
{
    struct plan *p = rot_plan("58h", 30 * MIN);
    struct trial_worker *w = trial_worker_new(p, SEED);
    const int first = p->roles[role_of(p, "dev")].first_person;
    const struct trial_result *r;
    struct ev_log *log = trace(w, 0, &r);
    const struct trial_event *pg[4];
    cr_assert_eq(events_of(log, TRIAL_EV_PAGE, pg, 4), 2);
    cr_assert_eq(pg[0]->paged, UINT64_C(2));
    cr_assert_eq(pg[0]->why, TRIAL_PAGE_NEEDED);
    cr_assert_eq(pg[1]->paged, UINT64_C(5));
    cr_assert_eq(pg[1]->why, TRIAL_PAGE_OTHERS);
    cr_assert_eq(pg[1]->t_s, 30 * MIN);
    const int a = step_of(p, "a"), b = step_of(p, "b");
    cr_assert_eq(r->steps[a].people[0], first + 1);
    cr_assert_eq(r->steps[a].start_s, 10 * MIN);
    cr_assert_eq(r->steps[b].start_s, 40 * MIN);
    cr_assert_eq(r->steps[b].people[0], first);
    cr_assert_eq(r->rto_s, 100 * MIN);
    /* The trace's words for the two pages. */
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    for (int i = 0; i < log->n; i++)
        term_print_event(f, p, 0, &log->ev[i]);
    fclose(f);
    cr_assert(strstr(text, "page dev (business) on call: dev#2\n"), "%s", text);
    cr_assert(strstr(text, "page dev (business) the rest of the team: dev#1, dev#3\n"), "%s",
              text);
    free(text);
    free(log);
    trial_worker_free(w);
    plan_free(p);
}

/* ---- shifts and hand-over ---------------------------------------------------------------- */

static const char shift_yaml[] = HEAD("{start: 10h, length: 1s}")
    "staffing:\n"
    "  roles:\n"
    "    dev:\n"
    "      count: 2\n"
    "      response: {business: 0s, night: 0s, weekend: 0s}\n"
    "    ops:\n"
    "      count: 1\n"
    "      response: {business: 0s, night: 0s, weekend: 0s}\n"
    SCENARIO("%s")
    "    runbook:\n"
    "%s";

static struct plan *shift_plan(const char *service, const char *runbook, double max_s,
                               double hand_over_s, double rest_s)
{
    struct plan *p = fixture_plan_text(shift_yaml, service, runbook);
    struct role *ro = &p->roles[role_of(p, "dev")];
    ro->shift = (struct role_shift){.max_s = max_s, .hand_over_s = hand_over_s, .rest_s = rest_s};
    return p;
}

/* A 20 h step, 8 h shifts, 30 m hand-over, two people who rest 0: dev#1 works 0-8 h,
 * dev#2 from 8 h (end now 20 h 30), dev#1 again from 16 h (end 21 h; their new stretch
 * would end at 24 h): 20 h + 2 x 30 m. */
Test(shift, two_hand_overs_add_their_time_exactly)
{
    struct plan *p = shift_plan("long", "      long: {needs: [dev], duration: 20h}\n", 8 * HOUR,
                                30 * MIN, 0.0);
    struct trial_worker *w = trial_worker_new(p, SEED);
    const int first = p->roles[role_of(p, "dev")].first_person;
    const struct trial_result *r;
    struct ev_log *log = trace(w, 0, &r);
    cr_assert_eq(r->steps[0].end_s, 21 * HOUR);
    cr_assert_eq(r->steps[0].duration_s, 21 * HOUR);
    cr_assert_eq(r->rto_s, 21 * HOUR);
    cr_assert_eq(r->n_handovers, 2);
    cr_assert_eq(r->steps[0].n_handovers, 2);
    const struct trial_event *ho[4];
    cr_assert_eq(events_of(log, TRIAL_EV_HANDOVER, ho, 4), 2);
    cr_assert_eq(ho[0]->t_s, 8 * HOUR);
    cr_assert_eq(ho[0]->person, first);
    cr_assert_eq(ho[0]->people[0], first + 1);
    cr_assert_eq(ho[0]->value_s, 30 * MIN);
    cr_assert_eq(ho[0]->flag, 0);
    cr_assert_eq(ho[1]->t_s, 16 * HOUR);
    cr_assert_eq(ho[1]->person, first + 1);
    cr_assert_eq(ho[1]->people[0], first);
    /* Untraced, the same. */
    r = trial_run(w, 0, 0, NULL);
    cr_assert_eq(r->rto_s, 21 * HOUR);
    free(log);
    trial_worker_free(w);
    plan_free(p);
}

/* Rest 100 h: at 16 h nobody is free (dev#1 rests until 108 h), so dev#2 carries on to
 * the end at 20 h 30 and rests too (freed after their stretch's end); the next step waits
 * for dev#1's rest to end: it runs 108 h to 109 h. */
Test(shift, rest_makes_the_next_stretch_wait)
{
    struct plan *p = shift_plan("next",
                                "      long: {needs: [dev], duration: 20h}\n"
                                "      next: {needs: [dev], duration: 1h, after: [long]}\n",
                                8 * HOUR, 30 * MIN, 100 * HOUR);
    struct trial_worker *w = trial_worker_new(p, SEED);
    const int first = p->roles[role_of(p, "dev")].first_person;
    const struct trial_result *r;
    struct ev_log *log = trace(w, 0, &r);
    const int l = step_of(p, "long"), n = step_of(p, "next");
    cr_assert_eq(r->steps[l].end_s, 20.5 * HOUR);
    cr_assert_eq(r->steps[l].n_handovers, 1);
    cr_assert_eq(r->steps[n].start_s, 108 * HOUR);
    cr_assert_eq(r->steps[n].people[0], first);
    cr_assert_eq(r->rto_s, 109 * HOUR);
    const struct trial_event *ho[4], *re[4];
    cr_assert_eq(events_of(log, TRIAL_EV_HANDOVER, ho, 4), 2);
    cr_assert_eq(ho[1]->t_s, 16 * HOUR);
    cr_assert_eq(ho[1]->flag, TRIAL_HANDOVER_NOBODY);
    cr_assert_eq(ho[1]->person, first + 1);
    cr_assert_eq(events_of(log, TRIAL_EV_REST_END, re, 4), 2);
    cr_assert_eq(re[0]->t_s, 108 * HOUR);
    cr_assert_eq(re[0]->person, first);
    cr_assert_eq(re[1]->t_s, 120.5 * HOUR);
    cr_assert_eq(re[1]->person, first + 1);
    free(log);
    trial_worker_free(w);
    plan_free(p);
}

/* Nobody free at the stretch's end: dev#1 carries on until dev#2 is freed at 10 h (their
 * step `other` ran 4-10 h), then hands over (+30 m); dev#2's stretch, open since 4 h,
 * ends at 12 h: back to dev#1 (+30 m), whose new stretch ends at 20 h: to dev#2 again
 * (+30 m). The 20 h step ends at 21 h 30. */
Test(shift, pending_hand_over_waits_for_the_first_person_freed)
{
    struct plan *p = shift_plan("long",
                                "      long: {needs: [dev], duration: 20h}\n"
                                "      pre: {needs: [ops], duration: 4h}\n"
                                "      other: {needs: [dev], duration: 6h, after: [pre]}\n",
                                8 * HOUR, 30 * MIN, 0.0);
    struct trial_worker *w = trial_worker_new(p, SEED);
    const int first = p->roles[role_of(p, "dev")].first_person;
    const struct trial_result *r;
    struct ev_log *log = trace(w, 0, &r);
    const int l = step_of(p, "long");
    cr_assert_eq(r->steps[l].end_s, 21.5 * HOUR);
    cr_assert_eq(r->steps[l].n_handovers, 3);
    const struct trial_event *ho[8];
    cr_assert_eq(events_of(log, TRIAL_EV_HANDOVER, ho, 8), 4);
    cr_assert_eq(ho[0]->t_s, 8 * HOUR);
    cr_assert_eq(ho[0]->flag, TRIAL_HANDOVER_NOBODY);
    cr_assert_eq(ho[1]->t_s, 10 * HOUR);
    cr_assert_eq(ho[1]->flag, 0);
    cr_assert_eq(ho[1]->person, first);
    cr_assert_eq(ho[1]->people[0], first + 1);
    cr_assert_eq(ho[1]->wait_s, 2 * HOUR);
    cr_assert_eq(ho[2]->t_s, 12 * HOUR);
    cr_assert_eq(ho[2]->people[0], first);
    cr_assert_eq(ho[3]->t_s, 20 * HOUR);
    cr_assert_eq(ho[3]->people[0], first + 1);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    term_print_event(f, p, 0, ho[0]);
    term_print_event(f, p, 0, ho[1]);
    fclose(f);
    cr_assert(strstr(text, "dev#1 reaches the end of a shift on step long: nobody of dev is "
                           "free to take over, so they carry on\n"), "%s", text);
    cr_assert(strstr(text, "hand-over on step long: dev#1 hands over to dev#2 (+30m to the "
                           "step) after working 2h past the shift\n"), "%s", text);
    free(text);
    free(log);
    trial_worker_free(w);
    plan_free(p);
}

/* A step that ends exactly at a stretch's end is not handed over; its person, freed at
 * the stretch's end, rests before new work. */
Test(shift, a_step_ending_at_the_stretch_end_is_not_handed_over)
{
    struct plan *p = shift_plan("next",
                                "      long: {needs: [dev], duration: 8h}\n"
                                "      next: {needs: [ops, dev], duration: 1h, after: [long]}\n",
                                8 * HOUR, 30 * MIN, 10 * HOUR);
    struct trial_worker *w = trial_worker_new(p, SEED);
    const int first = p->roles[role_of(p, "dev")].first_person;
    const struct trial_result *r = trial_run(w, 0, 0, NULL);
    cr_assert_eq(r->n_handovers, 0);
    cr_assert_eq(r->steps[step_of(p, "long")].end_s, 8 * HOUR);
    /* dev#1 rests; dev#2 takes the next step at once. */
    cr_assert_eq(r->steps[step_of(p, "next")].start_s, 8 * HOUR);
    cr_assert_eq(r->steps[step_of(p, "next")].people[1], first + 1);
    trial_worker_free(w);
    plan_free(p);
}

/* A restore whose time is a shared transfer (restore capacity): 360 GB at 100 MB/s is 1 h;
 * with 20-minute shifts its person is handed over at 20 m and 40 m and its end stays 1 h. */
Test(shift, a_restore_transfer_keeps_its_timing)
{
    static const char yaml[] =
        "plan: {name: rota-restore}\n"
        "calendar: {epoch: 2026-01-05}\n"
        "restore_capacity:\n  us-east-2: {concurrency: 1, bandwidth: 100MB/s}\n"
        "stores:\n"
        "  a:\n"
        "    size: 360GB\n"
        "    backups: {daily: {schedule: daily 02:00, location: cross-region}}\n"
        "    restore: {throughput: 100MB/s}\n"
        "staffing:\n"
        "  roles:\n"
        "    ops: {count: 2, response: {business: 0s, night: 0s, weekend: 0s}}\n"
        SCENARIO("restore-a")
        "    restores_in: us-east-2\n"
        "    runbook:\n"
        "      restore-a: {restore: a, needs: [ops]}\n";
    struct plan *p = fixture_plan_text(yaml);
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = trial_run(w, 0, 0, NULL);
    const double plain = r->steps[0].end_s;
    cr_assert(fabs(plain - HOUR) < 1e-6, "end %g", plain);
    trial_worker_free(w);
    p->roles[role_of(p, "ops")].shift =
        (struct role_shift){.max_s = 20 * MIN, .hand_over_s = 30 * MIN, .rest_s = 0.0};
    w = trial_worker_new(p, SEED);
    struct ev_log *log = trace(w, 0, &r);
    cr_assert_eq(r->steps[0].end_s, plain);
    cr_assert_eq(r->n_handovers, 2);
    const struct trial_event *ho[4];
    cr_assert_eq(events_of(log, TRIAL_EV_HANDOVER, ho, 4), 2);
    cr_assert_eq(ho[0]->t_s, 20 * MIN);
    cr_assert_eq(ho[0]->flag, TRIAL_HANDOVER_TRANSFER);
    cr_assert_eq(ho[0]->value_s, 0.0);
    cr_assert_eq(ho[1]->t_s, 40 * MIN);
    free(log);
    trial_worker_free(w);
    plan_free(p);
}

/* A run counts each step's hand-overs: the fixed 20 h step is handed over twice in every
 * trial, the same on one thread or two. */
Test(shift, a_run_counts_hand_overs_per_step)
{
    struct plan *p = shift_plan("long", "      long: {needs: [dev], duration: 20h}\n", 8 * HOUR,
                                30 * MIN, 0.0);
    struct mc_results *r1 = NULL, *r2 = NULL;
    const uint64_t n = 3000;
    cr_assert_eq(mc_run(p, n, SEED, 1, NULL, NULL, &r1), MC_OK);
    cr_assert_eq(mc_run(p, n, SEED, 2, NULL, NULL, &r2), MC_OK);
    const struct mc_step_result *a = &r1->scenarios[0].steps[0], *b = &r2->scenarios[0].steps[0];
    cr_assert_eq(a->n_handed_over, n);
    cr_assert_eq(a->mean_handovers, 2.0);
    cr_assert_eq(a->mean_duration_s, 21 * HOUR);
    cr_assert_eq(memcmp(a, b, sizeof *a), 0);
    mc_results_free(r1);
    mc_results_free(r2);
    plan_free(p);
}

/* ---- everything at once ------------------------------------------------------------------ */

/* Random work with short shifts, rests, a weekly rotation with others_after, re-paging
 * and a stand-in: every trial ends, each step's end is its start plus its duration, the
 * trace's hand-overs are the result's, the traced trial is the untraced one, and nobody
 * works two steps at once. */
Test(shift, random_plans_keep_their_invariants)
{
    struct plan *p = fixture_plan_text(
        HEAD("{start: 0s, length: 4w}")
        "staffing:\n"
        "  roles:\n"
        "    dev:\n"
        "      count: 3\n"
        "      response: {business: {dist: exponential, mean: 10m}, night: {dist: exponential, "
        "mean: 40m}}\n"
        "      repage: {every: 5m, attempts: 3, answered: 70%%}\n"
        "      stand_in: ops\n"
        "    ops:\n"
        "      count: 2\n"
        "      response: {business: {dist: exponential, mean: 20m}}\n"
        SCENARIO("e")
        "    runbook:\n"
        "      a: {needs: [dev], duration: {dist: exponential, mean: 3h}}\n"
        "      b: {needs: [dev, ops], duration: {dist: exponential, mean: 5h}}\n"
        "      c: {needs: [ops], duration: {dist: exponential, mean: 2h}, after: [a]}\n"
        "      d: {needs: [dev], duration: {dist: exponential, mean: 6h}, after: [a]}\n"
        "      e: {needs: [dev], duration: 30m, after: [b, c, d]}\n");
    struct role *dev = &p->roles[role_of(p, "dev")], *ops = &p->roles[role_of(p, "ops")];
    const char *why = NULL;
    size_t where = 0;
    cr_assert_eq(sched_parse("weekly Mon 09:00", 0.0, &dev->on_call.changes, &why, &where), 0);
    dev->on_call.kind = ON_CALL_ROTATION;
    dev->on_call.turn_length = 1;
    dev->on_call.others_after_s = 20 * MIN;
    dev->shift = (struct role_shift){.max_s = 2 * HOUR, .hand_over_s = 10 * MIN, .rest_s = HOUR};
    ops->shift = (struct role_shift){.max_s = 3 * HOUR, .hand_over_s = 0.0, .rest_s = 0.0};
    struct trial_worker *w = trial_worker_new(p, SEED);
    const int n_steps = p->scenarios[0].n_steps;
    int seen_hand = 0, seen_nobody = 0, seen_others = 0, seen_stand_in = 0, seen_never = 0;
    for (int t = 0; t < 2000; t++) {
        const struct trial_result *r;
        struct ev_log *log = trace(w, (uint64_t)t, &r);
        const double rto = r->rto_s;
        const int hand = r->n_handovers;
        int traced = 0;
        for (int i = 0; i < log->n; i++) {
            const struct trial_event *ev = &log->ev[i];
            traced += ev->kind == TRIAL_EV_HANDOVER && !(ev->flag & TRIAL_HANDOVER_NOBODY);
            seen_nobody += ev->kind == TRIAL_EV_HANDOVER && (ev->flag & TRIAL_HANDOVER_NOBODY);
            seen_others += ev->kind == TRIAL_EV_PAGE && ev->why == TRIAL_PAGE_OTHERS;
            seen_stand_in += ev->kind == TRIAL_EV_ESCALATION;
        }
        seen_hand += hand;
        seen_never += isinf(rto);
        cr_assert_eq(traced, hand, "trial %d", t);
        for (int i = 0; i < n_steps; i++) {
            const struct trial_step *ts = &r->steps[i];
            if (isinf(rto))
                break;
            cr_assert_eq(ts->state, TRIAL_STEP_DONE, "trial %d step %d", t, i);
            cr_assert_eq(ts->end_s, ts->start_s + ts->duration_s, "trial %d step %d", t, i);
        }
        /* Nobody is on two running steps at once: replay the step starts, ends and
         * hand-overs of the trace. */
        int on[PLAN_MAX_PEOPLE] = {0};
        for (int i = 0; i < log->n; i++) {
            const struct trial_event *ev = &log->ev[i];
            if (ev->kind == TRIAL_EV_STEP_START)
                for (int k = 0; k < ev->n_people; k++)
                    cr_assert_eq(on[ev->people[k]]++, 0, "trial %d: person %d twice", t,
                                 ev->people[k]);
            else if (ev->kind == TRIAL_EV_STEP_END)
                for (int k = 0; k < ev->n_people; k++)
                    on[ev->people[k]]--;
            else if (ev->kind == TRIAL_EV_HANDOVER && ev->n_people == 1) {
                on[ev->person]--;
                cr_assert_eq(on[ev->people[0]]++, 0, "trial %d: taker %d busy", t,
                             ev->people[0]);
            }
        }
        free(log);
        r = trial_run(w, 0, (uint64_t)t, NULL);
        cr_assert_eq(r->rto_s, rto);
        cr_assert_eq(r->n_handovers, hand);
    }
    /* The paths were taken. */
    cr_log_info("hand-overs %d, nobody free %d, others paged %d, stand-ins %d, never %d",
                seen_hand, seen_nobody, seen_others, seen_stand_in, seen_never);
    cr_assert_gt(seen_hand, 100);
    cr_assert_gt(seen_nobody, 10);
    cr_assert_gt(seen_others, 100);
    trial_worker_free(w);
    plan_free(p);
}
