/* tests/test_sched.c: schedules against a hand-computed calendar. The epoch is
 * 2026-01-05, a Monday (civil day 20458); day k after it is 2026-01-(5+k). First
 * Sundays of 2026 quarters: Jan 4 (day -1), Apr 5 (day 90), Jul 5 (day 181), Oct 4
 * (day 272); Jan 3 2027 is day 363. 2026-12-25 (day 354) is a Friday. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "models/sched.h"
#include "models/tz.h"
#include "models/units.h"

#define EPOCH 20458L
#define H 3600.0
#define D 86400.0

static struct sched parse_ok(const char *text, double tz)
{
    struct sched s;
    const char *why = NULL;
    size_t where = 999;
    int rc = sched_parse(text, tz, &s, &why, &where);
    cr_assert_eq(rc, 0, "'%s' rejected: %s at %zu", text, why ? why : "?", where);
    return s;
}

static void parse_bad(const char *text, size_t expect_where)
{
    struct sched s;
    const char *why = NULL;
    size_t where = 999;
    int rc = sched_parse(text, 0, &s, &why, &where);
    cr_assert_neq(rc, 0, "'%s' accepted", text);
    cr_assert_not_null(why);
    cr_assert_eq(where, expect_where, "'%s': error at %zu (%s), expected %zu", text, where, why,
                 expect_where);
}

Test(sched, daily_mon_sat_around_sunday)
{
    struct sched s = parse_ok("daily 13:00 Mon-Sat", 0);
    cr_assert_eq(s.kind, SCHED_DAILY);
    cr_assert_eq(s.dow_mask, 0x3f);
    cr_assert_eq(s.offset_s, 13 * H);
    /* Sunday 2026-01-11 (day 6) 20:00: the newest is Saturday 13:00. */
    cr_assert_eq(sched_prev(&s, EPOCH, 6 * D + 20 * H), 5 * D + 13 * H);
    /* Monday 12:00 (day 7): still Saturday's. */
    cr_assert_eq(sched_prev(&s, EPOCH, 7 * D + 12 * H), 5 * D + 13 * H);
    /* Sunday 10:00: the next is Monday 13:00. */
    cr_assert_eq(sched_next(&s, EPOCH, 6 * D + 10 * H), 7 * D + 13 * H);
    /* At an occurrence: prev is that occurrence, next strictly after. */
    cr_assert_eq(sched_prev(&s, EPOCH, 5 * D + 13 * H), 5 * D + 13 * H);
    cr_assert_eq(sched_next(&s, EPOCH, 5 * D + 13 * H), 7 * D + 13 * H);
    cr_assert_eq(sched_next(&s, EPOCH, 2 * D + 13 * H), 3 * D + 13 * H);
    /* Before the epoch: Sunday Jan 4 is skipped, Saturday Jan 3 is day -2. */
    cr_assert_eq(sched_prev(&s, EPOCH, 0), -2 * D + 13 * H);
}

Test(sched, walk_back_counts_occurrences)
{
    struct sched s = parse_ok("daily 13:00 Mon-Sat", 0);
    double t = 14 * D; /* Monday 00:00 two weeks in */
    int n = 0;
    for (double p = sched_prev(&s, EPOCH, t); p >= 0; p = sched_prev(&s, EPOCH, p - 1e-6))
        n++;
    cr_assert_eq(n, 12);
}

Test(sched, weekly)
{
    struct sched s = parse_ok("weekly Sun 13:00", 0);
    cr_assert_eq(s.kind, SCHED_WEEKLY);
    cr_assert_eq(s.dow_mask, 1u << 6);
    cr_assert_eq(sched_prev(&s, EPOCH, 0), -D + 13 * H);
    cr_assert_eq(sched_next(&s, EPOCH, 0), 6 * D + 13 * H);
    cr_assert_eq(sched_prev(&s, EPOCH, 6 * D + 13 * H - 1), -D + 13 * H);
    cr_assert_eq(sched_prev(&s, EPOCH, 30 * D), 27 * D + 13 * H);
    /* Day names in any case and in full. */
    struct sched s2 = parse_ok("weekly sunday 13:00", 0);
    cr_assert_eq(s2.dow_mask, s.dow_mask);
    s2 = parse_ok("weekly SUN 13:00", 0);
    cr_assert_eq(s2.dow_mask, s.dow_mask);
}

Test(sched, monthly_first_sunday_of_quarter)
{
    struct sched s = parse_ok("monthly first-sun 13:00 Jan,Apr,Jul,Oct", 0);
    cr_assert_eq(s.kind, SCHED_MONTHLY);
    cr_assert_eq(s.nth, 1);
    cr_assert_eq(s.weekday, 6);
    cr_assert_eq(s.month_mask, 0x249u);
    cr_assert_eq(sched_prev(&s, EPOCH, 0), -1 * D + 13 * H);
    cr_assert_eq(sched_next(&s, EPOCH, 0), 90 * D + 13 * H);
    cr_assert_eq(sched_next(&s, EPOCH, 90 * D + 13 * H), 181 * D + 13 * H);
    cr_assert_eq(sched_next(&s, EPOCH, 200 * D), 272 * D + 13 * H);
    cr_assert_eq(sched_next(&s, EPOCH, 300 * D), 363 * D + 13 * H);
    cr_assert_eq(sched_prev(&s, EPOCH, 272 * D + 13 * H - 1), 181 * D + 13 * H);
    cr_assert_eq(sched_prev(&s, EPOCH, 400 * D), 363 * D + 13 * H);
    /* Walking back from the end of 2026 visits Oct, Jul, Apr, Jan. */
    double expect[] = {272, 181, 90, -1};
    double p = 360 * D;
    for (int i = 0; i < 4; i++) {
        p = sched_prev(&s, EPOCH, p - 1e-6);
        cr_assert_eq(p, expect[i] * D + 13 * H, "step %d", i);
    }
    /* Lower-case month names are accepted. */
    struct sched s2 = parse_ok("monthly first-sun 13:00 jan,apr,jul,oct", 0);
    cr_assert_eq(s2.month_mask, s.month_mask);
}

Test(sched, monthly_other_forms)
{
    /* Last Friday of each month: Jan 30 2026 is day 25, Feb 27 is day 53. */
    struct sched s = parse_ok("monthly last-fri 02:00", 0);
    cr_assert_eq(s.nth, -1);
    cr_assert_eq(sched_next(&s, EPOCH, 0), 25 * D + 2 * H);
    cr_assert_eq(sched_next(&s, EPOCH, 25 * D + 2 * H), 53 * D + 2 * H);
    /* Day of month: the 1st of February 2026 is day 27, of January day -4. */
    s = parse_ok("monthly 1 00:30", 0);
    cr_assert_eq(s.nth, 0);
    cr_assert_eq(s.mday, 1);
    cr_assert_eq(sched_prev(&s, EPOCH, 0), -4 * D + 0.5 * H);
    cr_assert_eq(sched_next(&s, EPOCH, 0), 27 * D + 0.5 * H);
    /* Third Wednesday: Jan 21 2026 is day 16. */
    s = parse_ok("monthly third-wed 12:00 Jan-Mar", 0);
    cr_assert_eq(s.month_mask, 0x7u);
    cr_assert_eq(sched_next(&s, EPOCH, 0), 16 * D + 12 * H);
}

Test(sched, every_with_phase_and_tz)
{
    struct sched s = parse_ok("every 6h at 03:00", 0);
    cr_assert_eq(s.kind, SCHED_EVERY);
    cr_assert_eq(s.interval_s, 6 * H);
    cr_assert_eq(s.offset_s, 3 * H);
    cr_assert_eq(sched_prev(&s, EPOCH, 2 * H), -3 * H);
    cr_assert_eq(sched_prev(&s, EPOCH, 3 * H), 3 * H);
    cr_assert_eq(sched_next(&s, EPOCH, 3 * H), 9 * H);
    cr_assert_eq(sched_next(&s, EPOCH, 100 * D + 1), 100 * D + 3 * H);
    cr_assert_eq(sched_prev(&s, EPOCH, -10 * D), -10 * D - 3 * H);
    /* In UTC+05:30, local 03:00 is 21:30 UTC the day before. */
    s = parse_ok("every 6h at 03:00", 5.5 * H);
    cr_assert_eq(sched_prev(&s, EPOCH, 0), -2.5 * H);
    cr_assert_eq(sched_next(&s, EPOCH, 0), 3.5 * H);
    /* A zone word in the text overrides the default zone. */
    s = parse_ok("every 6h at 03:00 UTC+05:30", 0);
    cr_assert_eq(s.tz_offset_s, 5.5 * H);
    s = parse_ok("every 5m", 0);
    cr_assert_eq(sched_prev(&s, EPOCH, 301), 300);
    cr_assert_eq(s.offset_s, 0);
}

Test(sched, daily_in_other_zones)
{
    /* Local 13:00 in UTC-5 is 18:00 UTC. */
    struct sched s = parse_ok("daily 13:00", -5 * H);
    cr_assert_eq(sched_prev(&s, EPOCH, 0), -D + 18 * H);
    cr_assert_eq(sched_next(&s, EPOCH, 0), 18 * H);
    /* Monday 01:00 in UTC+2 is Sunday 23:00 UTC: weekdays are local. */
    s = parse_ok("daily 01:00 Mon UTC+02:00", 0);
    cr_assert_eq(sched_prev(&s, EPOCH, 0), -1 * H);
    cr_assert_eq(sched_next(&s, EPOCH, 0), 7 * D - 1 * H);
}

Test(sched, continuous)
{
    struct sched s = parse_ok("continuous", 0);
    cr_assert_eq(s.kind, SCHED_CONTINUOUS);
    cr_assert_eq(sched_prev(&s, EPOCH, 1234.5), 1234.5);
    cr_assert_eq(sched_next(&s, EPOCH, 1234.5), 1234.5);
}

Test(sched, empty_masks_have_no_occurrences)
{
    struct sched s = parse_ok("daily 13:00", 0);
    s.dow_mask = 0;
    cr_assert(isinf(sched_prev(&s, EPOCH, 0)) && sched_prev(&s, EPOCH, 0) < 0);
    cr_assert(isinf(sched_next(&s, EPOCH, 0)) && sched_next(&s, EPOCH, 0) > 0);
    s = parse_ok("monthly 1 13:00", 0);
    s.month_mask = 0;
    cr_assert(isinf(sched_prev(&s, EPOCH, 0)));
}

Test(sched, parse_errors_point_at_the_word)
{
    parse_bad("", 0);
    parse_bad("   ", 0);
    parse_bad("dayly 13:00", 0);
    parse_bad("Daily 13:00", 0);
    parse_bad("daily", 5);
    parse_bad("daily 1300", 6);
    parse_bad("daily 24:00", 6);
    parse_bad("daily 13:00 Mon-Fry", 16);
    parse_bad("daily 13:00 Sat,,Sun", 16);
    parse_bad("daily 13:00 Mon-Fri extra", 20);
    parse_bad("weekly 13:00 Sun", 7);
    parse_bad("weekly Sun", 10);
    parse_bad("every", 5);
    parse_bad("every 6", 6);
    parse_bad("every 0s", 6);
    parse_bad("every 6h 03:00", 9);
    parse_bad("every 6h at", 11);
    parse_bad("every 6h at 25:00", 12);
    parse_bad("monthly fifth-sun 13:00", 8);
    parse_bad("monthly first-sn 13:00", 14);
    parse_bad("monthly first-sun", 17);
    parse_bad("monthly 29 13:00", 8);
    parse_bad("monthly 0 13:00", 8);
    parse_bad("monthly first-sun 13:00 Jan,Apx", 28);
    parse_bad("monthly First-sun 13:00", 8);
    parse_bad("continuous UTC", 11);
}

Test(sched, format_round_trip)
{
    const char *texts[][2] = {
        {"daily 13:00 Mon-Sat", "daily 13:00 Mon-Sat UTC"},
        {"daily 02:00", "daily 02:00 UTC"},
        {"daily 04:00 sat,sun", "daily 04:00 Sat,Sun UTC"},
        {"daily 04:00 Mon,Wed-Fri", "daily 04:00 Mon,Wed-Fri UTC"},
        {"weekly sun 13:00", "weekly Sun 13:00 UTC"},
        {"monthly first-sun 13:00 jan,apr,jul,oct", "monthly first-sun 13:00 Jan,Apr,Jul,Oct UTC"},
        {"monthly last-FRI 23:30 Feb-Mar,May-Jun", "monthly last-fri 23:30 Feb,Mar,May,Jun UTC"},
        {"monthly 15 01:00", "monthly 15 01:00 UTC"},
        {"every 6h at 03:00 UTC+05:30", "every 6h at 03:00 UTC+05:30"},
        {"every 90m", "every 1h30m UTC"},
        {"every 1d UTC-05:00", "every 1d UTC-05:00"},
        {"continuous", "continuous"},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char buf[128];
        struct sched s = parse_ok(texts[i][0], 0), s2;
        cr_assert_str_eq(sched_format(&s, buf, sizeof buf), texts[i][1]);
        s2 = parse_ok(buf, 0);
        cr_assert(memcmp(&s, &s2, sizeof s) == 0, "'%s' does not round-trip", buf);
    }
}

Test(sched, time_zones)
{
    double tz = -1;
    cr_assert_eq(sched_parse_tz("UTC", &tz), 0);
    cr_assert_eq(tz, 0);
    cr_assert_eq(sched_parse_tz("Z", &tz), 0);
    cr_assert_eq(tz, 0);
    cr_assert_eq(sched_parse_tz("UTC+5:30", &tz), 0);
    cr_assert_eq(tz, 19800);
    cr_assert_eq(sched_parse_tz("UTC-05:00", &tz), 0);
    cr_assert_eq(tz, -18000);
    cr_assert_eq(sched_parse_tz("+02:00", &tz), 0);
    cr_assert_eq(tz, 7200);
    cr_assert_eq(sched_parse_tz("UTC+1", &tz), 0);
    cr_assert_eq(tz, 3600);
    cr_assert_neq(sched_parse_tz("UTC+15", &tz), 0);
    cr_assert_neq(sched_parse_tz("UTC+5:60", &tz), 0);
    cr_assert_neq(sched_parse_tz("CET", &tz), 0);
    cr_assert_neq(sched_parse_tz("UTC+", &tz), 0);
    cr_assert_neq(sched_parse_tz("", &tz), 0);
    cr_assert_neq(sched_parse_tz("5", &tz), 0);
}

Test(sched, day_lists)
{
    unsigned m = 0;
    cr_assert_eq(sched_parse_days("Mon-Fri", &m), 0);
    cr_assert_eq(m, 0x1fu);
    cr_assert_eq(sched_parse_days("Sat,Sun", &m), 0);
    cr_assert_eq(m, 0x60u);
    cr_assert_eq(sched_parse_days("Mon-Sat", &m), 0);
    cr_assert_eq(m, 0x3fu);
    cr_assert_eq(sched_parse_days("Fri-Mon", &m), 0);
    cr_assert_eq(m, 0x71u);
    cr_assert_eq(sched_parse_days("tue", &m), 0);
    cr_assert_eq(m, 0x2u);
    m = 77;
    cr_assert_neq(sched_parse_days("Mon-", &m), 0);
    cr_assert_neq(sched_parse_days("", &m), 0);
    cr_assert_neq(sched_parse_days("Mon, Tue", &m), 0);
    cr_assert_eq(m, 77);
}

/* Staffing calendar of the tutorial plan: UTC+1, Mon-Fri 09:00-17:30, holidays. */
Test(sched, periods)
{
    long hol[3] = {20458 + 354, 20458 + 355, 20458 + 361};
    struct sched_calendar c = {3600, 0x1f, 9 * H, 17.5 * H, hol, 3, NULL};
    /* Monday: 10:00 local (09:00 UTC) business; 08:59 local night; 17:30 night. */
    cr_assert_eq(sched_period_at(&c, EPOCH, 9 * H), SCHED_BUSINESS);
    cr_assert_eq(sched_period_at(&c, EPOCH, 8 * H), SCHED_BUSINESS);
    cr_assert_eq(sched_period_at(&c, EPOCH, 8 * H - 60), SCHED_NIGHT);
    cr_assert_eq(sched_period_at(&c, EPOCH, 16.5 * H), SCHED_NIGHT);
    cr_assert_eq(sched_period_at(&c, EPOCH, 16.5 * H - 1), SCHED_BUSINESS);
    /* Sunday 23:30 UTC is Monday 00:30 local: a workday night. */
    cr_assert_eq(sched_period_at(&c, EPOCH, -0.5 * H), SCHED_NIGHT);
    /* Sunday 22:30 UTC is Sunday 23:30 local: weekend. */
    cr_assert_eq(sched_period_at(&c, EPOCH, -1.5 * H), SCHED_WEEKEND);
    /* Saturday noon. */
    cr_assert_eq(sched_period_at(&c, EPOCH, 5 * D + 12 * H), SCHED_WEEKEND);
    /* Friday 2026-12-25 at noon local is a holiday; Thursday the 24th is not. */
    cr_assert_eq(sched_period_at(&c, EPOCH, 354 * D + 11 * H), SCHED_WEEKEND);
    cr_assert_eq(sched_period_at(&c, EPOCH, 353 * D + 11 * H), SCHED_BUSINESS);
    /* Without holidays the 25th is an ordinary Friday. */
    c.n_holidays = 0;
    c.holidays = NULL;
    cr_assert_eq(sched_period_at(&c, EPOCH, 354 * D + 11 * H), SCHED_BUSINESS);
    cr_assert_str_eq(sched_period_name(SCHED_BUSINESS), "business");
    cr_assert_str_eq(sched_period_name(SCHED_NIGHT), "night");
    cr_assert_str_eq(sched_period_name(SCHED_WEEKEND), "weekend");
}

/* Intervals lie between 1s and 100 years: a nanosecond interval used to be accepted and
 * made the backward walk over recovery points stall (RPO = inf in 1.4 % of trials). */
Test(sched, interval_bounds)
{
    const char *why = NULL;
    size_t where = 0;
    struct sched s;
    parse_bad("every 0.000000001s", 6);
    parse_bad("every 0.5s", 6);
    parse_bad("every 36526d", 6);
    cr_assert_eq(sched_parse("every 0.5s", 0, &s, &why, &where), 1);
    cr_assert_not_null(strstr(why, "at least 1s"), "%s", why);
    cr_assert_eq(sched_parse("every 36526d at 01:00", 0, &s, &why, &where), 1);
    cr_assert_not_null(strstr(why, "at most 100 years"), "%s", why);
    cr_assert_eq(parse_ok("every 1s", 0).interval_s, 1.0);
    cr_assert_eq(parse_ok("every 36525d", 0).interval_s, 36525.0 * D);
}

/* At the far end of the simulated range (a window starting 100 years after the epoch
 * and 100 years long), walking back one occurrence at a time with (start - 1e-6), as
 * backup.c does, still moves by exactly one interval for the shortest interval. */
Test(sched, walk_back_at_the_end_of_the_range)
{
    struct sched s = parse_ok("every 1s", 0);
    double t = 2.0 * 36525.0 * D + 0.5, p = sched_prev(&s, EPOCH, t);
    cr_assert_eq(p, 2.0 * 36525.0 * D);
    for (int i = 1; i <= 1000; i++) {
        double q = sched_prev(&s, EPOCH, p - 1e-6);
        cr_assert_eq(q, p - 1.0, "step %d: %.17g after %.17g", i, q, p);
        p = q;
    }
    struct sched d = parse_ok("daily 13:00", 0);
    double day = sched_prev(&d, EPOCH, t);
    cr_assert_eq(sched_prev(&d, EPOCH, day - 1e-6), day - D);
}

/* ---- IANA zones with daylight saving (models/tz.h; needs Debian's tzdata) ------------ */

static struct tz *zone(const char *name)
{
    struct tz *z = NULL;
    const char *why = NULL;
    enum tz_status st = tz_load("/usr/share/zoneinfo", name,
                                (double)units_days_from_civil(2030, 1, 1) * D, &z, &why);
    cr_assert_eq(st, TZ_OK, "%s: %s %s", name, tz_strerror(st), why ? why : "");
    return z;
}

/* Seconds since the epoch (2026-01-05 00:00 UTC) of a UTC date and hour. */
static double at(int y, int m, int d, double hours)
{
    return (double)(units_days_from_civil(y, m, d) - EPOCH) * D + hours * H;
}

/* Business hours Mon-Fri 09:00-17:00 in New York: clocks went forward on Sunday 8 March
 * 2026, so business hours start at 13:00 UTC on Monday the 9th and at 14:00 UTC on
 * Friday the 6th; the same calendar at a fixed UTC-5 keeps 14:00 UTC. */
Test(sched, business_hours_in_new_york_follow_daylight_saving)
{
    struct tz *ny = zone("America/New_York");
    struct sched_calendar c = {-5 * H, 0x1f, 9 * H, 17 * H, NULL, 0, ny};
    struct sched_calendar fixed = c;
    fixed.tz = NULL;
    cr_assert_eq(sched_period_at(&c, EPOCH, at(2026, 3, 9, 13) - 1), SCHED_NIGHT);
    cr_assert_eq(sched_period_at(&c, EPOCH, at(2026, 3, 9, 13)), SCHED_BUSINESS);
    cr_assert_eq(sched_period_at(&c, EPOCH, at(2026, 3, 9, 21) - 1), SCHED_BUSINESS);
    cr_assert_eq(sched_period_at(&c, EPOCH, at(2026, 3, 9, 21)), SCHED_NIGHT);
    cr_assert_eq(sched_period_at(&c, EPOCH, at(2026, 3, 6, 14) - 1), SCHED_NIGHT);
    cr_assert_eq(sched_period_at(&c, EPOCH, at(2026, 3, 6, 14)), SCHED_BUSINESS);
    cr_assert_eq(sched_period_at(&c, EPOCH, at(2026, 3, 6, 22) - 1), SCHED_BUSINESS);
    cr_assert_eq(sched_period_at(&c, EPOCH, at(2026, 3, 6, 22)), SCHED_NIGHT);
    cr_assert_eq(sched_period_at(&fixed, EPOCH, at(2026, 3, 9, 13)), SCHED_NIGHT);
    cr_assert_eq(sched_period_at(&fixed, EPOCH, at(2026, 3, 9, 14)), SCHED_BUSINESS);
    /* Saturday 7 March at 16:00 local, and Sunday 8 March across the change: weekend. */
    cr_assert_eq(sched_period_at(&c, EPOCH, at(2026, 3, 7, 21)), SCHED_WEEKEND);
    cr_assert_eq(sched_period_at(&c, EPOCH, at(2026, 3, 8, 7)), SCHED_WEEKEND);
    tz_free(ny);
}

/* The hours of UTC year 2026 in New York business time, counted hour by hour, against
 * a count by hand. 2026 has 365 days from Thursday 1 January: 52 weeks and one more
 * Thursday, so 261 weekdays of 8 business hours: 2088 of 8760 hours. Daylight saving
 * (8 March 07:00 UTC to 1 November 06:00 UTC) covers the weekdays Monday 9 March to
 * Friday 30 October: 33 whole weeks to Sunday 25 October and 26-30 October, 170 days,
 * whose business hours are 13:00-21:00 UTC; the other 91 (47 before, 44 after) are
 * 14:00-22:00 UTC. So the hour starting 13:00 UTC is business on 170 days, 21:00 on
 * 91, 14:00 to 20:00 on all 261. */
Test(sched, a_year_of_new_york_business_hours)
{
    struct tz *ny = zone("America/New_York");
    struct sched_calendar c = {-5 * H, 0x1f, 9 * H, 17 * H, NULL, 0, ny};
    int by_hour[24] = {0}, total = 0, hours = 0;
    for (double t = at(2026, 1, 1, 0); t < at(2027, 1, 1, 0); t += H) {
        hours++;
        if (sched_period_at(&c, EPOCH, t + 1800) == SCHED_BUSINESS) {
            by_hour[(int)fmod(t / H + 24.0 * 1000, 24.0)]++;
            total++;
        }
    }
    cr_assert_eq(hours, 8760);
    cr_assert_eq(total, 2088);
    cr_assert_eq(by_hour[13], 170);
    cr_assert_eq(by_hour[21], 91);
    for (int h = 14; h <= 20; h++)
        cr_assert_eq(by_hour[h], 261, "hour %d: %d", h, by_hour[h]);
    for (int h = 0; h < 24; h++)
        if (h < 13 || h > 21)
            cr_assert_eq(by_hour[h], 0, "hour %d: %d", h, by_hour[h]);
    tz_free(ny);
}

/* Walk back over occurrences one at a time from `from`, as backup.c does, checking
 * each against want[] (newest first), and forward again with sched_next. */
static void walk_back(const struct sched *s, double from, const double *want, int n)
{
    double p = sched_prev(s, EPOCH, from);
    for (int i = 0; i < n; i++) {
        cr_assert_eq(p, want[i], "occurrence %d: %.0f, expected %.0f", i, p, want[i]);
        if (i > 0)
            cr_assert_eq(sched_next(s, EPOCH, p), want[i - 1], "forward from %d", i);
        p = sched_prev(s, EPOCH, p - 1e-6);
    }
}

/* "daily 13:00" in New York is 17:00 UTC in summer time, 18:00 UTC in winter; a time
 * the clock skips happens at the change, a time it repeats happens the first time. */
Test(sched, daily_in_new_york_across_the_changes)
{
    struct tz *ny = zone("America/New_York");
    const char *why;
    size_t where;
    struct sched s;
    const double noon[] = {at(2026, 3, 11, 17), at(2026, 3, 10, 17), at(2026, 3, 9, 17),
                           at(2026, 3, 8, 17), at(2026, 3, 7, 18), at(2026, 3, 6, 18)};
    const double gap[] = {at(2026, 3, 9, 6.5), at(2026, 3, 8, 7), at(2026, 3, 7, 7.5),
                          at(2026, 3, 6, 7.5)};
    const double fold[] = {at(2026, 11, 2, 6.5), at(2026, 11, 1, 5.5), at(2026, 10, 31, 5.5)};

    cr_assert_eq(sched_parse_in("daily 13:00", 0, ny, &s, &why, &where), 0);
    cr_assert_eq(s.tz, ny);
    cr_assert_eq(s.tz_offset_s, -5 * H);
    walk_back(&s, at(2026, 3, 12, 0), noon, 6);
    cr_assert_eq(sched_next(&s, EPOCH, at(2026, 3, 7, 18)), at(2026, 3, 8, 17));
    cr_assert_eq(sched_parse_in("daily 02:30", 0, ny, &s, &why, &where), 0);
    walk_back(&s, at(2026, 3, 9, 12), gap, 4);
    cr_assert_eq(sched_next(&s, EPOCH, at(2026, 3, 7, 7.5)), at(2026, 3, 8, 7));
    cr_assert_eq(sched_next(&s, EPOCH, at(2026, 3, 8, 7)), at(2026, 3, 9, 6.5));
    cr_assert_eq(sched_parse_in("daily 01:30", 0, ny, &s, &why, &where), 0);
    walk_back(&s, at(2026, 11, 2, 12), fold, 3);
    /* Between the two 01:30s of 1 November (05:30 and 06:30 UTC) the newest is the
     * first: the repeated one does not happen again. */
    cr_assert_eq(sched_prev(&s, EPOCH, at(2026, 11, 1, 6.5)), at(2026, 11, 1, 5.5));
    cr_assert_eq(sched_next(&s, EPOCH, at(2026, 11, 1, 5.5)), at(2026, 11, 2, 6.5));
    /* A zone word of its own overrides: a fixed offset. */
    cr_assert_eq(sched_parse_in("daily 13:00 UTC-05:00", 0, ny, &s, &why, &where), 0);
    cr_assert_null(s.tz);
    cr_assert_eq(sched_prev(&s, EPOCH, at(2026, 7, 2, 0)), at(2026, 7, 1, 18));
    tz_free(ny);
}

/* Berlin's last-Sunday changes: 02:30 on 29 March 2026 is skipped (it happens at the
 * change, 01:00 UTC); 02:30 on 25 October happens twice (the first, 00:30 UTC, counts). */
Test(sched, monthly_in_berlin_on_the_change_days)
{
    struct tz *be = zone("Europe/Berlin");
    const char *why;
    size_t where;
    struct sched s;
    cr_assert_eq(sched_parse_in("monthly last-sun 02:30 Mar,Oct", 0, be, &s, &why, &where), 0);
    cr_assert_eq(sched_prev(&s, EPOCH, at(2026, 6, 1, 0)), at(2026, 3, 29, 1));
    cr_assert_eq(sched_next(&s, EPOCH, at(2026, 6, 1, 0)), at(2026, 10, 25, 0.5));
    cr_assert_eq(sched_prev(&s, EPOCH, at(2026, 10, 25, 0.5) - 1e-6), at(2026, 3, 29, 1));
    cr_assert_eq(sched_next(&s, EPOCH, at(2026, 10, 25, 0.5)), at(2027, 3, 28, 1));
    tz_free(be);
}

/* A fixed interval is elapsed time, phased from local midnight of the epoch's date
 * (05:00 UTC in New York in January): it does not move with daylight saving. */
Test(sched, every_in_an_iana_zone_is_elapsed_time)
{
    struct tz *ny = zone("America/New_York");
    const char *why;
    size_t where;
    struct sched s;
    cr_assert_eq(sched_parse_in("every 6h", 0, ny, &s, &why, &where), 0);
    cr_assert_eq(sched_prev(&s, EPOCH, at(2026, 1, 10, 12)), at(2026, 1, 10, 11));
    cr_assert_eq(sched_prev(&s, EPOCH, at(2026, 7, 10, 12)), at(2026, 7, 10, 11));
    cr_assert_eq(sched_next(&s, EPOCH, at(2026, 7, 10, 12)), at(2026, 7, 10, 17));
    tz_free(ny);
}

/* Around every hour of 2026, for schedules in zones with daylight saving: the newest
 * occurrence p at or before t and the next n after it have nothing between them, and
 * stepping from one to the other either way is exact (what backup.c's walk needs). */
Test(sched, occurrences_in_iana_zones_walk_exactly)
{
    const char *zones[] = {"America/New_York", "Europe/Berlin", "Australia/Sydney"};
    const char *texts[] = {"daily 02:30 Mon-Fri", "daily 01:30", "weekly Sun 02:00",
                           "monthly last-sun 02:30", "monthly 1 00:30", "every 7h at 02:30"};
    for (size_t zi = 0; zi < 3; zi++) {
        struct tz *z = zone(zones[zi]);
        for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
            const char *why;
            size_t where;
            struct sched s;
            cr_assert_eq(sched_parse_in(texts[k], 0, z, &s, &why, &where), 0);
            for (double t = at(2026, 1, 1, 0); t < at(2027, 1, 1, 0); t += H + 17) {
                double p = sched_prev(&s, EPOCH, t), n = sched_next(&s, EPOCH, t);
                cr_assert(p <= t && n > t, "%s %s t=%.0f: %.0f %.0f", zones[zi], texts[k], t, p, n);
                cr_assert_eq(sched_next(&s, EPOCH, p), n, "%s %s t=%.0f", zones[zi], texts[k], t);
                cr_assert_eq(sched_prev(&s, EPOCH, n - 1e-6), p, "%s %s t=%.0f", zones[zi],
                             texts[k], t);
                cr_assert_eq(sched_prev(&s, EPOCH, n), n);
            }
        }
        tz_free(z);
    }
}

/* sched_format names the zone, and the text parses back in the same zone. */
Test(sched, format_round_trip_in_an_iana_zone)
{
    struct tz *ny = zone("America/New_York");
    const char *why;
    size_t where;
    char buf[128];
    struct sched s, back;
    cr_assert_eq(sched_parse_in("monthly first-sun 13:00 Jan,Apr,Jul,Oct", 0, ny, &s, &why, &where),
                 0);
    cr_assert_str_eq(sched_format(&s, buf, sizeof buf),
                     "monthly first-sun 13:00 Jan,Apr,Jul,Oct America/New_York");
    cr_assert_eq(sched_parse_in(buf, 0, ny, &back, &why, &where), 0);
    cr_assert_eq(back.tz, ny);
    cr_assert_eq(back.nth, 1);
    cr_assert_eq(back.month_mask, s.month_mask);
    /* Without the zone, its name is a word too many. */
    cr_assert_neq(sched_parse(buf, 0, &back, &why, &where), 0);
    tz_free(ny);
}

/* Samoa skipped Friday 30 December 2011 (24:00 on the 29th at UTC-10 became 00:00 on the
 * 31st at UTC+14, 10:00 UTC). A daily 12:00 on the skipped day happens at the change, and
 * the walk over the three occurrences stays exact. */
Test(sched, daily_across_a_skipped_day)
{
    struct tz *ws = zone("Pacific/Apia");
    const char *why;
    size_t where;
    struct sched s;
    const double want[] = {at(2011, 12, 30, 22), at(2011, 12, 30, 10), at(2011, 12, 29, 22),
                           at(2011, 12, 28, 22)};
    cr_assert_eq(sched_parse_in("daily 12:00", 0, ws, &s, &why, &where), 0);
    walk_back(&s, at(2011, 12, 31, 0), want, 4);
    for (double t = at(2011, 12, 1, 0); t < at(2012, 1, 31, 0); t += H + 17) {
        double p = sched_prev(&s, EPOCH, t), n = sched_next(&s, EPOCH, t);
        cr_assert(p <= t && n > t);
        cr_assert_eq(sched_next(&s, EPOCH, p), n);
        cr_assert_eq(sched_prev(&s, EPOCH, n - 1e-6), p);
    }
    tz_free(ws);
}

/* sched_prev never decreases as t grows (models/backup.c keeps a monthly schedule's
 * answers as spans of the instants that got them, relying on it): over two years in
 * steps of a few hours, and just before, at and just after every occurrence, in fixed
 * offsets and in zones with daylight saving (occurrences on the change days). */
Test(sched, prev_never_decreases)
{
    const char *zones[] = {NULL, "America/New_York", "Europe/Berlin"};
    const char *texts[] = {"monthly first-sun 13:00 Jan,Apr,Jul,Oct", "monthly 1 00:00",
                           "monthly last-sun 02:30", "monthly 28 23:59 Feb,Mar UTC+05:30",
                           "daily 00:00 Mon-Sat", "weekly Sun 02:00"};
    for (size_t zi = 0; zi < sizeof zones / sizeof zones[0]; zi++) {
        struct tz *z = zones[zi] ? zone(zones[zi]) : NULL;
        for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
            const char *why;
            size_t where;
            struct sched s;
            cr_assert_eq(sched_parse_in(texts[k], -4 * H, z, &s, &why, &where), 0);
            double last_t = -INFINITY, last_p = -INFINITY;
            for (double t = at(2026, 1, 1, 0); t < at(2028, 1, 1, 0); t += 5 * H + 17) {
                double p = sched_prev(&s, EPOCH, t);
                cr_assert(p >= last_p, "%s %s: %.17g at %.17g, %.17g at %.17g", texts[k],
                          zones[zi] ? zones[zi] : "", last_p, last_t, p, t);
                /* Around the occurrence: a few representable instants either side. */
                double u = nextafter(p, -INFINITY);
                for (int i = 0; i < 4; i++)
                    u = nextafter(u, -INFINITY);
                double q = sched_prev(&s, EPOCH, u);
                for (int i = 0; i < 9; i++, u = nextafter(u, INFINITY)) {
                    double r = sched_prev(&s, EPOCH, u);
                    cr_assert(r >= q, "%s %s: %.17g then %.17g at %.17g", texts[k],
                              zones[zi] ? zones[zi] : "", q, r, u);
                    q = r;
                }
                cr_assert(sched_prev(&s, EPOCH, p + 1.0) >= q && p <= t);
                last_t = t;
                last_p = p;
            }
        }
        tz_free(z);
    }
}

/* A daily or weekly schedule's previous and next occurrences in a fixed offset, written
 * plainly: floor for the local day, the weekday by remainder, each of nine days tried. */
static double daily_reference(const struct sched *s, long epoch_days, double t, int next)
{
    double local = t + s->tz_offset_s, day = floor(local / D), tod = local - day * D;
    if (next ? tod >= s->offset_s : tod < s->offset_s)
        day += next ? 1 : -1;
    for (int i = 0; i < 9; i++, day += next ? 1 : -1) {
        long civil = epoch_days + (long)day;
        if (!(s->dow_mask >> (((civil + 3) % 7 + 7) % 7) & 1))
            continue;
        double p = day * D + s->offset_s - s->tz_offset_s;
        if (next ? p > t : p <= t)
            return p;
    }
    return next ? INFINITY : -INFINITY;
}

static void daily_same(const struct sched *s, long epoch_days, double t)
{
    double p = sched_prev(s, epoch_days, t), n = sched_next(s, epoch_days, t);
    double rp = daily_reference(s, epoch_days, t, 0), rn = daily_reference(s, epoch_days, t, 1);
    cr_assert(memcmp(&p, &rp, sizeof p) == 0, "prev at %.17g: %.17g, want %.17g", t, p, rp);
    cr_assert(memcmp(&n, &rn, sizeof n) == 0, "next at %.17g: %.17g, want %.17g", t, n, rn);
}

/* Daily and weekly schedules in fixed offsets (whose previous occurrence takes a path of
 * its own in sched_prev) agree with the plain reference bit for bit: a second and an ulp
 * either side of every local midnight and occurrence of 2025-2027, before the epoch and
 * before 1970, at random instants over two centuries, and at 0 and -0. */
Test(sched, daily_prev_and_next_agree_with_a_plain_reference)
{
    const char *texts[] = {"daily 00:00", "daily 02:00 Mon-Fri", "daily 23:59 Sat,Sun",
                           "weekly Wed 13:30"};
    const double offs[] = {-5 * H, 0.0, 5.5 * H};
    const long epochs[] = {EPOCH, -3000};
    unsigned long long seed = 7;
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
        for (size_t o = 0; o < sizeof offs / sizeof offs[0]; o++)
            for (size_t e = 0; e < 2; e++) {
                struct sched s = parse_ok(texts[k], offs[o]);
                long ep = epochs[e];
                double from = (double)(units_days_from_civil(2025, 1, 1) - ep) * D;
                double to = (double)(units_days_from_civil(2028, 1, 1) - ep) * D;
                for (double day = from; day < to; day += D) {
                    const double edges[] = {day - offs[o], day + s.offset_s - offs[o]};
                    for (int j = 0; j < 2; j++) {
                        double t = edges[j];
                        daily_same(&s, ep, t);
                        daily_same(&s, ep, t - 1);
                        daily_same(&s, ep, t + 1);
                        daily_same(&s, ep, nextafter(t, -INFINITY));
                        daily_same(&s, ep, nextafter(t, INFINITY));
                    }
                }
                for (int i = 0; i < 20000; i++) {
                    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
                    double u = (double)(seed >> 11) / 9007199254740992.0;
                    daily_same(&s, ep, (u - 0.5) * 200.0 * 365.0 * D);
                    daily_same(&s, ep, (u - 0.5) * 4.0 * D);
                }
                daily_same(&s, ep, 0.0);
                daily_same(&s, ep, -0.0);
            }
}

/* sched_period_at as its header states it, written plainly: the offset by binary search,
 * floor for the local day, the weekday by remainder, holidays by a linear scan; instants
 * beyond the bound, and NaN, are night. */
static enum sched_period period_reference(const struct sched_calendar *c, long epoch_days,
                                          double t)
{
    if (!(fabs(t) <= SCHED_PERIOD_T_MAX_S))
        return SCHED_NIGHT;     /* the header's rule: no civil day out there */
    double off = c->tz ? tz_offset_by_search(c->tz, t + (double)epoch_days * D)
                       : c->tz_offset_s;
    double local = t + off, day = floor(local / D), tod = local - day * D;
    long civil = epoch_days + (long)day;
    int work[2];
    for (int k = 0; k < 2; k++) {
        long cd = civil - k;
        int holiday = 0;
        for (size_t i = 0; i < c->n_holidays; i++)
            holiday |= c->holidays[i] == cd;
        work[k] = (c->workdays_mask >> (((cd + 3) % 7 + 7) % 7) & 1) && !holiday;
    }
    if (c->day_start_s <= c->day_end_s) {
        if (work[0] && tod >= c->day_start_s && tod < c->day_end_s)
            return SCHED_BUSINESS;
    } else if ((work[0] && tod >= c->day_start_s) || (work[1] && tod < c->day_end_s)) {
        return SCHED_BUSINESS;
    }
    return work[0] ? SCHED_NIGHT : SCHED_WEEKEND;
}

/* sched_period_at, and sched_period_quick (the engine's pages' lookup, inline for a
 * fixed offset), both give the reference's period at t. */
static void period_same(const struct sched_calendar *c, long epoch_days, double t)
{
    const enum sched_period want = period_reference(c, epoch_days, t);
    cr_assert_eq(sched_period_at(c, epoch_days, t), want, "at %.17g (epoch %ld, tz %s)", t,
                 epoch_days, c->tz ? tz_name(c->tz) : "fixed");
    cr_assert_eq(sched_period_quick(c, epoch_days, t), want,
                 "quick at %.17g (epoch %ld, tz %s)", t, epoch_days,
                 c->tz ? tz_name(c->tz) : "fixed");
    if (!sched_span_ok(c))
        return;
    /* sched_period_span: the same answer, and every instant whose local time falls in its
     * span (at its ends, a step inside them, the middle, around t) has its period. */
    double lo, hi;
    cr_assert_eq(sched_period_span(c, epoch_days, t, &lo, &hi), want, "span at %.17g", t);
    cr_assert(lo <= hi, "span at %.17g: [%.17g, %.17g)", t, lo, hi);
    const double off = c->tz_offset_s;
    const double local[] = {lo, nextafter(lo, INFINITY), nextafter(hi, -INFINITY), hi - 1,
                            lo + 1, lo + (hi - lo) / 2, t + off, nextafter(t + off, INFINITY),
                            nextafter(t + off, -INFINITY)};
    for (size_t k = 0; k < sizeof local / sizeof local[0]; k++)
        for (int e = -1; e <= 1; e++) {
            const double u = nextafter(local[k] - off, e * INFINITY);
            const double v = e == 0 ? local[k] - off : u;
            if (v + off >= lo && v + off < hi)
                cr_assert_eq(sched_period_quick(c, epoch_days, v), want,
                             "span of %.17g: [%.17g, %.17g) at %.17g", t, lo, hi, v);
        }
}

/* sched_period_at (through tz_offset_at's index) and sched_period_quick agree with the
 * plain reference: a step either side (one second, one ulp) of every local midnight,
 * business-hours edge and daylight-saving change of 2025-2027, on and around holidays
 * (one, several, a run of neighbours), at random instants, before the epoch and before
 * 1970, at 0, -0, NaN and the infinities, and either side of SCHED_PERIOD_T_MAX_S; in
 * New York, Berlin and fixed offsets, with day and with overnight hours. */
Test(sched, period_at_agrees_with_a_plain_reference, .timeout = 60)
{
    struct tz *zones[3] = {zone("America/New_York"), zone("Europe/Berlin"), NULL};
    long hol[8] = {20472, 20598, 20637, 20703, 20783, 20812, 20813, 20814};
    const double fixed_off[] = {-5 * H, 0, 5.5 * H};
    const long epochs[] = {EPOCH, -3000};
    unsigned long long seed = 99;
    for (size_t zi = 0; zi < 3; zi++)
        for (size_t fi = 0; fi < (zones[zi] ? 1 : 3); fi++)
            for (int shape = 0; shape < 4; shape++)
                for (size_t ei = 0; ei < 2; ei++) {
                    struct sched_calendar c = {fixed_off[fi], shape == 3 ? 0x3f : 0x1f,
                                               shape == 1 ? 22 * H : 9 * H,
                                               shape == 1 ? 6 * H : 17 * H, hol,
                                               shape == 2 ? 0 : shape == 3 ? 1 : 8, zones[zi]};
                    long ep = epochs[ei];
                    double from = (double)(units_days_from_civil(2025, 1, 1) - ep) * D;
                    double to = (double)(units_days_from_civil(2028, 1, 1) - ep) * D;
                    const double edges[] = {0, c.day_start_s, c.day_end_s};
                    if (shape == 2)
                        c.holidays = NULL;
                    for (double day = from - 2 * D; day < to; day += D)
                        for (int k = 0; k < 3; k++)
                            for (int o = 0; o < 2; o++) {
                                /* The standard offset and an hour more (daylight saving). */
                                double t = day + edges[k] - (o * H + (c.tz ? tz_std_offset(c.tz)
                                                                           : fixed_off[fi]));
                                period_same(&c, ep, t);
                                period_same(&c, ep, t - 1);
                                period_same(&c, ep, nextafter(t, -INFINITY));
                                period_same(&c, ep, nextafter(t, INFINITY));
                            }
                    if (c.tz)
                        for (double t = from; t < to;) {
                            double u = tz_next_change(c.tz, t + (double)ep * D) - (double)ep * D;
                            if (!(u < to))
                                break;
                            period_same(&c, ep, u);
                            period_same(&c, ep, u - 1);
                            period_same(&c, ep, nextafter(u, -INFINITY));
                            t = u;
                        }
                    for (int k = 0; k < 20000; k++) {
                        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
                        double u = (double)(seed >> 11) / 9007199254740992.0;
                        period_same(&c, ep, (u - 0.5) * 200.0 * 365.0 * D);
                        period_same(&c, ep, (u - 0.5) * 4.0 * D);
                    }
                    const double special[] = {0.0, -0.0, NAN, INFINITY, -INFINITY, 5e-324,
                                              -5e-324, 1e300, -1e300, 0x1p52 * D,
                                              nextafter(0x1p52 * D, 0), SCHED_PERIOD_T_MAX_S,
                                              -SCHED_PERIOD_T_MAX_S,
                                              nextafter(SCHED_PERIOD_T_MAX_S, INFINITY),
                                              nextafter(-SCHED_PERIOD_T_MAX_S, -INFINITY)};
                    for (size_t k = 0; k < sizeof special / sizeof special[0]; k++)
                        period_same(&c, ep, special[k]);
                }
    for (size_t zi = 0; zi < 3; zi++)
        tz_free(zones[zi]);
}
