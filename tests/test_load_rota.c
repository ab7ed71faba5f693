/* tests/test_load_rota.c: rotas, named calendars, people and shifts as the loader builds
 * them (models/load_staff.c, models/load_rota.c), and who is on call on a loaded plan
 * (plan_on_call_at, models/plan.c).
 *
 * Known answers: a weekly rota of three people changing on Monday 09:00 Berlin time hands
 * over at 08:00 UTC in winter and 07:00 UTC in summer, in turn; a two-week turn with a
 * chosen first person; follow-the-sun of two people in UTC+1 (07:00-19:00) and UTC-5
 * (13:00-01:00) has exactly one of them on call at every weekday instant from Monday
 * 06:00 UTC to Saturday 06:00 UTC and nobody (so everybody) at the weekend, 5/7 of a
 * year's hours; and working hours that cross midnight belong to the day they start on.
 * The refusals are in the bad-plan corpus (tests/bad/rota-*.yaml, tests/test_load.c).
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "models/plan.h"
#include "models/sched.h"
#include "models/tz.h"
#include "models/units.h"
#include "models/vary.h"
#include "tests/fixture.h"

#define H 3600.0
#define D 86400.0
#define EPOCH_Y 2026    /* every plan here starts on Monday 2026-01-05 */

/* The plan's start, then a role section and one step needing `needs`. */
#define PLAN_HEAD                                                                          \
    "calendar:\n"                                                                          \
    "  epoch: 2026-01-05\n"                                                                \
    "stores:\n"                                                                            \
    "  db:\n"                                                                              \
    "    size: 100GB\n"                                                                    \
    "    restore:\n"                                                                       \
    "      throughput: 100MB/s\n"
#define PLAN_TAIL(needs)                                                                   \
    "scenarios:\n"                                                                         \
    "  zone:\n"                                                                            \
    "    destroys: zone\n"                                                                 \
    "    per_year: 1\n"                                                                    \
    "    duration: 4h\n"                                                                   \
    "    service_restored_by: fix\n"                                                       \
    "    runbook:\n"                                                                       \
    "      fix:\n"                                                                         \
    "        needs: [" needs "]\n"                                                         \
    "        duration: 1h\n"

/* Seconds since the epoch (2026-01-05 00:00 UTC) of a UTC date and hour. */
static double at(int y, int m, int d, double hours)
{
    return (double)(units_days_from_civil(y, m, d) - units_days_from_civil(EPOCH_Y, 1, 5)) * D +
           hours * H;
}

static int popcount(uint64_t m)
{
    int n = 0;
    for (; m; m &= m - 1)
        n++;
    return n;
}

/* ---- what the loader builds ------------------------------------------------------- */

Test(load_rota, people_calendars_rota_and_shift)
{
    struct plan *p = fixture_plan_text(
        PLAN_HEAD
        "staffing:\n"
        "  timezone: UTC\n"
        "  working_hours: Mon-Fri 09:00-17:00\n"
        "  holidays: [2026-12-25]\n"
        "  calendars:\n"
        "    de: {timezone: Europe/Berlin, working_hours: Mon-Fri 08:00-16:00,\n"
        "         holidays: [2026-10-03, 2026-05-01]}\n"
        "    us: {timezone: America/New_York, business_hours: Mon-Fri 09:00-17:00,\n"
        "         holidays: [2026-07-04]}\n"
        "  roles:\n"
        "    dba:\n"
        "      count: 2\n"
        "      calendar: us\n"
        "      on_call: {rotation: daily, changes: \"08:00\", every: 3d, first: \"#2\",\n"
        "                others_after: 15m}\n"
        "      shift: {max: 12h, hand_over: 30m, rest: 10h}\n"
        "      response: {business: 5m}\n"
        "    devops:\n"
        "      people:\n"
        "        - alice\n"
        "        - {name: bertha, calendar: de}\n"
        "        - {name: chen, timezone: Asia/Kolkata, working_hours: Mon-Fri 10:00-19:00,\n"
        "           holidays: [2026-10-02]}\n"
        "        - {name: dana, timezone: America/Los_Angeles, working_hours: Mon-Fri 17:00-01:00}\n"
        "      on_call:\n"
        "        rotation: weekly\n"
        "        changes: Mon 09:00\n"
        "        timezone: Europe/Berlin\n"
        "        every: 2w\n"
        "        first: bertha\n"
        "      response: {business: 5m}\n"
        "    cto:\n"
        "      count: 1\n"
        "      working_hours: Mon-Fri 00:00-24:00\n"
        "      on_call: {rotation: follow-the-sun}\n"
        "      response: {business: 5m}\n"
        PLAN_TAIL("dba"));
    const struct team_calendar *de = &p->calendars[0], *us = &p->calendars[1];
    const struct role *dba = &p->roles[0], *devops = &p->roles[1], *cto = &p->roles[2];
    char name[64];

    /* Named calendars: their own keys and holidays (sorted), borrowed by their calendar. */
    cr_assert_eq(p->n_calendars, 2);
    cr_assert_str_eq(de->name, "de");
    cr_assert_str_eq(tz_name(de->calendar.tz), "Europe/Berlin");
    cr_assert_eq(de->calendar.day_start_s, 8 * H);
    cr_assert_eq(de->calendar.day_end_s, 16 * H);
    cr_assert_eq(de->n_holidays, 2);
    cr_assert_eq(de->holidays[0], units_days_from_civil(2026, 5, 1));
    cr_assert_eq(de->calendar.holidays, de->holidays);
    cr_assert_eq(de->calendar.n_holidays, 2);
    cr_assert_str_eq(us->name, "us");
    cr_assert_eq(us->calendar.day_start_s, 9 * H);
    cr_assert_eq(us->calendar.holidays, us->holidays);

    /* People, role by role: two counted DBAs on the us calendar, then four named. */
    cr_assert_eq(p->n_people, 7);
    cr_assert_eq(dba->count, 2);
    cr_assert_eq(dba->first_person, 0);
    cr_assert_eq(devops->count, 4);
    cr_assert_eq(devops->first_person, 2);
    cr_assert_eq(cto->first_person, 6);
    cr_assert_null(p->people[0].name);
    cr_assert_eq(p->people[1].role, 0);
    cr_assert_eq(dba->calendar.tz, us->calendar.tz);
    cr_assert_eq(dba->calendar.holidays, us->holidays);
    cr_assert_eq(p->people[1].calendar.tz, us->calendar.tz);
    cr_assert_eq(p->people[1].calendar.holidays, us->holidays);
    plan_person_name(p, 1, name, sizeof name);
    cr_assert_str_eq(name, "dba#2");

    const struct person *alice = &p->people[2], *bertha = &p->people[3],
                        *chen = &p->people[4], *dana = &p->people[5];
    cr_assert_str_eq(alice->name, "alice");
    cr_assert_eq(alice->role, 1);
    cr_assert_eq(alice->pos.line, 27);
    cr_assert_null(alice->calendar.tz);            /* the staffing section's UTC */
    cr_assert_eq(alice->calendar.day_start_s, 9 * H);
    cr_assert_eq(alice->calendar.holidays, p->holidays);
    cr_assert_eq(alice->calendar.n_holidays, 1);
    cr_assert_str_eq(bertha->name, "bertha");
    cr_assert_eq(bertha->calendar.tz, de->calendar.tz);
    cr_assert_eq(bertha->calendar.day_start_s, 8 * H);
    cr_assert_eq(bertha->calendar.holidays, de->holidays);
    cr_assert_null(bertha->holidays);
    cr_assert_str_eq(tz_name(chen->calendar.tz), "Asia/Kolkata");
    cr_assert_eq(chen->calendar.day_start_s, 10 * H);
    cr_assert_eq(chen->calendar.day_end_s, 19 * H);
    cr_assert_eq(chen->n_holidays, 1);
    cr_assert_eq(chen->holidays[0], units_days_from_civil(2026, 10, 2));
    cr_assert_eq(chen->calendar.holidays, chen->holidays);
    cr_assert_str_eq(tz_name(dana->calendar.tz), "America/Los_Angeles");
    cr_assert_eq(dana->calendar.day_start_s, 17 * H);
    cr_assert_eq(dana->calendar.day_end_s, 1 * H);  /* crosses midnight */
    cr_assert_eq(dana->calendar.holidays, p->holidays);
    plan_person_name(p, 5, name, sizeof name);
    cr_assert_str_eq(name, "dana");

    /* The rotas. */
    cr_assert_eq(dba->on_call.kind, ON_CALL_ROTATION);
    cr_assert_eq(dba->on_call.changes.kind, SCHED_DAILY);
    cr_assert_eq(dba->on_call.changes.offset_s, 8 * H);
    cr_assert_eq(dba->on_call.changes.tz, us->calendar.tz); /* the role's zone */
    cr_assert_eq(dba->on_call.turn_length, 3);
    cr_assert_eq(dba->on_call.first, 1);
    cr_assert_eq(dba->on_call.others_after_s, 15 * 60.0);
    cr_assert_eq(devops->on_call.kind, ON_CALL_ROTATION);
    cr_assert_eq(devops->on_call.changes.kind, SCHED_WEEKLY);
    cr_assert_eq(devops->on_call.changes.dow_mask, 1u);
    cr_assert_eq(devops->on_call.changes.offset_s, 9 * H);
    cr_assert_str_eq(tz_name(devops->on_call.changes.tz), "Europe/Berlin");
    cr_assert_eq(devops->on_call.turn_length, 2);
    cr_assert_eq(devops->on_call.first, 1);
    cr_assert(isinf(devops->on_call.others_after_s));
    cr_assert_eq(cto->on_call.kind, ON_CALL_FOLLOW_THE_SUN);
    cr_assert(isinf(cto->on_call.others_after_s));

    /* Shifts: given, and absent (no limit). */
    cr_assert_eq(dba->shift.max_s, 12 * H);
    cr_assert_eq(dba->shift.hand_over_s, 30 * 60.0);
    cr_assert_eq(dba->shift.rest_s, 10 * H);
    cr_assert(isinf(devops->shift.max_s));
    cr_assert_eq(devops->shift.hand_over_s, 0);
    cr_assert_eq(devops->shift.rest_s, 0);
    plan_free(p);
}

/* A plan without the new keys: every role pages all its people, no shift, and every
 * person is numbered with the role's calendar and the staffing section's holidays. */
Test(load_rota, defaults_without_rotas)
{
    struct plan *p = fixture_plan_text(
        PLAN_HEAD
        "staffing:\n"
        "  holidays: [2026-12-25, 2026-01-01]\n"
        "  roles:\n"
        "    oncall: {count: 3, timezone: UTC+2, response: {business: 5m}}\n"
        PLAN_TAIL("{role: oncall, count: 2}"));
    const struct role *r = &p->roles[0];
    cr_assert_eq(r->on_call.kind, ON_CALL_ALL);
    cr_assert(isinf(r->shift.max_s));
    cr_assert_eq(p->n_calendars, 0);
    cr_assert_not_null(p->people);
    for (int j = 0; j < 3; j++) {
        cr_assert_null(p->people[j].name);
        cr_assert_eq(p->people[j].calendar.tz_offset_s, 2 * H);
        cr_assert_eq(p->people[j].calendar.holidays, p->holidays);
        cr_assert_eq(p->people[j].calendar.n_holidays, 2);
    }
    cr_assert_eq(r->calendar.holidays, p->holidays);
    cr_assert_eq(plan_on_call_at(p, r, at(2026, 3, 4, 12)), 7u);
    plan_free(p);
}

/* The example plan with a two-continent rota loads as its comments say. */
Test(load_rota, follow_the_sun_example_plan)
{
    struct plan *p = fixture_plan_file("scenarios/follow-the-sun.yaml");
    const struct role *devops = &p->roles[0], *dba = &p->roles[1];
    cr_assert_eq(p->n_calendars, 2);
    cr_assert_eq(devops->on_call.kind, ON_CALL_FOLLOW_THE_SUN);
    cr_assert_str_eq(p->people[2].name, "carlos");
    cr_assert_eq(p->people[2].calendar.day_end_s, 1 * H);
    cr_assert_eq(dba->on_call.first, 1);
    cr_assert_str_eq(p->people[dba->first_person + 1].name, "jonas");
    cr_assert_eq(dba->on_call.others_after_s, 30 * 60.0);
    cr_assert_eq(dba->shift.max_s, 10 * H);
    /* Jonas has the pager from the epoch to the first change, Monday 09:00 Berlin (08:00
     * UTC); then Kai for a week, then Ines. */
    cr_assert_eq(plan_on_call_at(p, dba, at(2026, 1, 5, 7.5)), 2u);
    cr_assert_eq(plan_on_call_at(p, dba, at(2026, 1, 5, 8.5)), 4u);
    cr_assert_eq(plan_on_call_at(p, dba, at(2026, 1, 12, 8.5)), 1u);
    plan_free(p);
}

/* ---- who is on call --------------------------------------------------------------- */

#define WEEKLY_THREE(extra)                                                                \
    PLAN_HEAD                                                                              \
    "staffing:\n"                                                                          \
    "  roles:\n"                                                                           \
    "    devops:\n"                                                                        \
    "      people: [alice, bertha, chen]\n"                                                \
    "      on_call:\n"                                                                     \
    "        rotation: weekly\n"                                                           \
    "        changes: Mon 09:00\n"                                                         \
    "        timezone: Europe/Berlin\n"                                                    \
    extra                                                                                  \
    "      response: {business: 5m}\n"                                                     \
    PLAN_TAIL("devops")

/* Bit of the person on call at t. */
static uint64_t who(const struct plan *p, double t)
{
    return plan_on_call_at(p, &p->roles[0], t);
}

#define ALICE  1u
#define BERTHA 2u
#define CHEN   4u

/* The turn passes on Mondays at 09:00 Berlin time: 08:00 UTC in winter (CET), 07:00 UTC
 * in summer (CEST, from Sunday 29 March to Sunday 25 October 2026). Alice holds the
 * epoch's turn (until Monday 5 January 08:00 UTC); the n-th change gives the pager to
 * person n mod 3. Monday 30 March is the 13th change (bertha), Monday 26 October the
 * 43rd (bertha again). */
Test(load_rota, weekly_rotation_across_daylight_saving)
{
    struct plan *p = fixture_plan_text(WEEKLY_THREE(""));
    cr_assert_eq(who(p, 0), ALICE);
    cr_assert_eq(who(p, at(2026, 1, 5, 8) - 1), ALICE);
    cr_assert_eq(who(p, at(2026, 1, 5, 8)), BERTHA);
    cr_assert_eq(who(p, at(2026, 1, 11, 23)), BERTHA);
    cr_assert_eq(who(p, at(2026, 1, 12, 8)), CHEN);
    cr_assert_eq(who(p, at(2026, 1, 19, 8)), ALICE);
    cr_assert_eq(who(p, at(2026, 1, 21, 3)), ALICE);
    /* Winter: 08:00 UTC. */
    cr_assert_eq(who(p, at(2026, 3, 23, 7.5)), CHEN);       /* the 11th turn */
    cr_assert_eq(who(p, at(2026, 3, 23, 8)), ALICE);        /* the 12th */
    /* Summer: 07:00 UTC; a fixed UTC+1 would still say alice at 07:30. */
    cr_assert_eq(who(p, at(2026, 3, 30, 7) - 1), ALICE);
    cr_assert_eq(who(p, at(2026, 3, 30, 7)), BERTHA);
    cr_assert_eq(who(p, at(2026, 3, 30, 7.5)), BERTHA);
    /* Back to winter on Sunday 25 October: Monday the 26th changes at 08:00 UTC. */
    cr_assert_eq(who(p, at(2026, 10, 19, 7)), ALICE);       /* the 42nd, in summer time */
    cr_assert_eq(who(p, at(2026, 10, 26, 7.5)), ALICE);
    cr_assert_eq(who(p, at(2026, 10, 26, 8)), BERTHA);
    /* Always exactly one person. */
    for (double t = 0; t < 365 * D; t += 3 * H + 17 * 60)
        cr_assert_eq(popcount(who(p, t)), 1, "at %.0f s", t);
    plan_free(p);
}

/* every: 2w and first: chen: chen holds the epoch's turn, then the turn passes at every
 * second Monday change: alice from 5 January, bertha from 19 January, chen from 2
 * February, alice from 16 February. */
Test(load_rota, two_week_turns_from_a_chosen_first)
{
    struct plan *p = fixture_plan_text(WEEKLY_THREE("        every: 2w\n"
                                                    "        first: chen\n"));
    cr_assert_eq(who(p, 0), CHEN);
    cr_assert_eq(who(p, at(2026, 1, 5, 8) - 1), CHEN);
    cr_assert_eq(who(p, at(2026, 1, 5, 8)), ALICE);
    cr_assert_eq(who(p, at(2026, 1, 12, 8)), ALICE);
    cr_assert_eq(who(p, at(2026, 1, 19, 8) - 1), ALICE);
    cr_assert_eq(who(p, at(2026, 1, 19, 8)), BERTHA);
    cr_assert_eq(who(p, at(2026, 1, 26, 9)), BERTHA);
    cr_assert_eq(who(p, at(2026, 2, 2, 8)), CHEN);
    cr_assert_eq(who(p, at(2026, 2, 16, 8)), ALICE);
    plan_free(p);
}

/* A daily rota of a counted role: "#2" first, turns of one day at 18:00 UTC. */
Test(load_rota, daily_rotation_of_a_counted_role)
{
    struct plan *p = fixture_plan_text(
        PLAN_HEAD
        "staffing:\n"
        "  roles:\n"
        "    ops:\n"
        "      count: 4\n"
        "      on_call: {rotation: daily, changes: \"18:00\", first: \"#2\"}\n"
        "      response: {business: 5m}\n"
        PLAN_TAIL("ops"));
    cr_assert_eq(who(p, 17 * H), 2u);           /* #2 until Monday 18:00 */
    cr_assert_eq(who(p, 18 * H), 4u);           /* #3 */
    cr_assert_eq(who(p, D + 18 * H), 8u);       /* #4 */
    cr_assert_eq(who(p, 2 * D + 18 * H), 1u);   /* #1 */
    cr_assert_eq(who(p, 3 * D + 17 * H), 1u);
    cr_assert_eq(who(p, 3 * D + 18 * H), 2u);
    plan_free(p);
}

#define FOLLOW_THE_SUN                                                                     \
    PLAN_HEAD                                                                              \
    "staffing:\n"                                                                          \
    "  roles:\n"                                                                           \
    "    devops:\n"                                                                        \
    "      people:\n"                                                                      \
    "        - {name: eu, timezone: UTC+1, working_hours: Mon-Fri 07:00-19:00}\n"          \
    "        - {name: am, timezone: UTC-5, working_hours: Mon-Fri 13:00-01:00}\n"          \
    "      on_call: {rotation: follow-the-sun}\n"                                          \
    "      response: {business: 5m}\n"                                                     \
    PLAN_TAIL("devops")

/* eu works 06:00-18:00 UTC, am 18:00-06:00 UTC (their evening shift runs into the next
 * UTC morning and belongs to the local day it starts on): from Monday 06:00 UTC to
 * Saturday 06:00 UTC exactly one is on call at every instant; outside, nobody is at
 * work and the page reaches both. Checked every 5 minutes over four weeks. */
Test(load_rota, follow_the_sun_covers_the_week_once)
{
    struct plan *p = fixture_plan_text(FOLLOW_THE_SUN);
    const struct role *r = &p->roles[0];
    for (double t = 0; t < 28 * D; t += 300) {
        double in_week = fmod(t, 7 * D);
        int weekday = in_week >= 6 * H && in_week < 5 * D + 6 * H;
        uint64_t m = plan_on_call_at(p, r, t);
        int busy = 0;
        for (int j = 0; j < 2; j++)
            busy += sched_period_at(&p->people[j].calendar, p->calendar.epoch_days, t) ==
                    SCHED_BUSINESS;
        if (weekday) {
            cr_assert_eq(popcount(m), 1, "at %.0f s: mask %llu", t, (unsigned long long)m);
            cr_assert_eq(busy, 1, "at %.0f s", t);
            double tod = fmod(t, D);
            cr_assert_eq(m, tod >= 6 * H && tod < 18 * H ? 1u : 2u, "at %.0f s", t);
        } else {
            cr_assert_eq(m, 3u, "at %.0f s: mask %llu", t, (unsigned long long)m);
            cr_assert_eq(busy, 0, "at %.0f s", t);
        }
    }
    /* Monday 00:00-06:00 UTC is am's Sunday evening: no shift. */
    cr_assert_eq(sched_period_at(&p->people[1].calendar, p->calendar.epoch_days, 7 * D + 3 * H),
                 SCHED_WEEKEND);
    plan_free(p);
}

/* Over 52 whole weeks of hourly instants, someone is in working hours in exactly 5/7 of
 * them (the weekdays' 24 hours), by the same rule the page follows. */
Test(load_rota, follow_the_sun_share_of_a_year)
{
    struct plan *p = fixture_plan_text(FOLLOW_THE_SUN);
    const struct role *r = &p->roles[0];
    long covered = 0, total = 0;
    for (double t = 0; t < 52 * 7 * D; t += H) {
        uint64_t m = plan_on_call_at(p, r, t);
        total++;
        covered += popcount(m) == 1;
    }
    cr_assert_eq(total, 8736);
    cr_assert_eq(covered * 7, total * 5, "%ld of %ld hours", covered, total);
    plan_free(p);
}

/* ---- hours that cross midnight ---------------------------------------------------- */

/* Mon-Fri 22:00-06:00 local (UTC+1): Friday's shift runs to Saturday 06:00, so Saturday
 * 03:00 is business; Monday 03:00 belongs to no shift (Sunday has none): night, as
 * Monday is a workday; Tuesday 03:00 is Monday's shift. */
Test(load_rota, working_hours_that_cross_midnight)
{
    struct plan *p = fixture_plan_text(
        PLAN_HEAD
        "staffing:\n"
        "  timezone: UTC+1\n"
        "  roles:\n"
        "    nights: {count: 1, working_hours: Mon-Fri 22:00-06:00, response: {business: 5m}}\n"
        PLAN_TAIL("nights"));
    const struct sched_calendar *c = &p->people[0].calendar;
    const long e = p->calendar.epoch_days;
    /* Local time is UTC + 1 h: local hour h of epoch day d is d * D + (h - 1) * H. */
#define LOCAL(d, h) ((d) * D + ((h) - 1) * H)
    cr_assert_eq(c->day_start_s, 22 * H);
    cr_assert_eq(c->day_end_s, 6 * H);
    cr_assert_eq(sched_period_at(c, e, LOCAL(5, 3)), SCHED_BUSINESS);   /* Sat 03:00 */
    cr_assert_eq(sched_period_at(c, e, LOCAL(5, 6)), SCHED_WEEKEND);    /* Sat 06:00 */
    cr_assert_eq(sched_period_at(c, e, LOCAL(4, 23)), SCHED_BUSINESS);  /* Fri 23:00 */
    cr_assert_eq(sched_period_at(c, e, LOCAL(4, 12)), SCHED_NIGHT);     /* Fri 12:00 */
    cr_assert_eq(sched_period_at(c, e, LOCAL(7, 3)), SCHED_NIGHT);      /* Mon 03:00 */
    cr_assert_eq(sched_period_at(c, e, LOCAL(8, 3)), SCHED_BUSINESS);   /* Tue 03:00 */
    cr_assert_eq(sched_period_at(c, e, LOCAL(6, 23)), SCHED_WEEKEND);   /* Sun 23:00 */
#undef LOCAL
    plan_free(p);
}

/* ---- the new durations as plan inputs ------------------------------------------------ */

/* A rota's and a shift's durations are plan inputs a sweep can vary when written; left
 * to their defaults, a sweep is told so (not "unknown key"). */
Test(load_rota, rota_and_shift_durations_can_be_varied)
{
    struct fixture_src s;
    struct vary_axis ax;
    struct vary_error e;
    const char *ok[] = {"staffing.roles.dba.shift.max=8h,12h",
                        "staffing.roles.dba.shift.hand_over=10m,1h",
                        "staffing.roles.dba.on_call.others_after=10m,1h", NULL};
    fixture_src_load(&s, "scenarios/follow-the-sun.yaml");
    for (int i = 0; ok[i]; i++) {
        memset(&ax, 0, sizeof ax);
        cr_assert_eq(vary_axis_parse(&ax, s.p, s.text, s.len, ok[i], &e), VARY_OK, "%s: %s",
                     ok[i], e.msg);
        cr_assert_eq(ax.n_paths, 1);
        vary_axis_fini(&ax);
    }
    cr_assert_eq(vary_axis_parse(&ax, s.p, s.text, s.len,
                                 "staffing.roles.devops.on_call.others_after=10m", &e),
                 VARY_BAD);
    cr_assert_str_eq(e.msg, "'staffing.roles.devops.on_call.others_after' is not written in "
                            "the plan, so it takes its default; write it in the plan file to "
                            "vary it");
    fixture_src_free(&s);
}
