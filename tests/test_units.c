/* tests/test_units.c: known answers for parsing and printing quantities with units,
 * including every error status and the calendar conversions. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "models/units.h"

static double dur(const char *s)
{
    double v = -1;
    const char *why = NULL;
    enum units_status st = units_parse_duration(s, 0, &v, &why);
    cr_assert_eq(st, UNITS_OK, "%s: status %d (%s)", s, st, why ? why : "");
    return v;
}

static enum units_status dur_err(const char *s)
{
    double v = 12345;
    const char *why = NULL;
    enum units_status st = units_parse_duration(s, 0, &v, &why);
    cr_assert_neq(st, UNITS_OK, "%s parsed as %g", s, v);
    cr_assert_not_null(why, "%s: no reason given", s);
    cr_assert_eq(v, 12345, "%s: output written on failure", s);
    return st;
}

Test(units, durations)
{
    cr_assert_eq(dur("90s"), 90);
    cr_assert_eq(dur("15m"), 900);
    cr_assert_eq(dur("2h"), 7200);
    cr_assert_eq(dur("1d"), 86400);
    cr_assert_eq(dur("1w"), 604800);
    cr_assert_eq(dur("3h10m"), 11400);
    cr_assert_eq(dur("1h30m15s"), 5415);
    cr_assert_eq(dur("1.5h"), 5400);
    cr_assert_eq(dur("1h 30m"), 5400);
    cr_assert_eq(dur(" 20m "), 1200);
    cr_assert_eq(dur("20 min"), 1200);
    cr_assert_eq(dur("0s"), 0);
    cr_assert_eq(dur("365d"), 365 * 86400.0);
}

Test(units, duration_errors)
{
    cr_assert_eq(dur_err(""), UNITS_EMPTY);
    cr_assert_eq(dur_err("   "), UNITS_EMPTY);
    cr_assert_eq(dur_err("20"), UNITS_NO_UNIT);
    cr_assert_eq(dur_err("0"), UNITS_NO_UNIT);
    cr_assert_eq(dur_err("3h10"), UNITS_NO_UNIT);
    cr_assert_eq(dur_err("20x"), UNITS_BAD_UNIT);
    cr_assert_eq(dur_err("1ms"), UNITS_BAD_UNIT);
    cr_assert_eq(dur_err("2hours"), UNITS_BAD_UNIT);
    cr_assert_eq(dur_err("twenty"), UNITS_BAD_NUMBER);
    cr_assert_eq(dur_err("inf"), UNITS_BAD_NUMBER);
    cr_assert_eq(dur_err("nan"), UNITS_BAD_NUMBER);
    cr_assert_eq(dur_err("-5m"), UNITS_NEGATIVE);
    cr_assert_eq(dur_err("1h-5m"), UNITS_BAD_NUMBER);
    cr_assert_eq(dur_err("forever"), UNITS_RANGE);
}

Test(units, infinite_durations)
{
    double v = 0;
    const char *why;
    cr_assert_eq(units_parse_duration("forever", 1, &v, &why), UNITS_OK);
    cr_assert(isinf(v) && v > 0);
    v = 0;
    cr_assert_eq(units_parse_duration("never", 1, &v, &why), UNITS_OK);
    cr_assert(isinf(v) && v > 0);
    cr_assert_eq(units_parse_duration("never", 0, &v, &why), UNITS_RANGE);
}

Test(units, sizes)
{
    double v;
    const char *why;
    cr_assert_eq(units_parse_size("750GB", &v, &why), UNITS_OK);
    cr_assert_eq(v, 750e9);
    cr_assert_eq(units_parse_size("2TiB", &v, &why), UNITS_OK);
    cr_assert_eq(v, 2.0 * 1099511627776.0);
    cr_assert_eq(units_parse_size("1GiB", &v, &why), UNITS_OK);
    cr_assert_eq(v, 1073741824.0);
    cr_assert_eq(units_parse_size("5 kB", &v, &why), UNITS_OK);
    cr_assert_eq(v, 5000);
    cr_assert_eq(units_parse_size("512B", &v, &why), UNITS_OK);
    cr_assert_eq(v, 512);
    cr_assert_eq(units_parse_size("1.5PB", &v, &why), UNITS_OK);
    cr_assert_eq(v, 1.5e15);
    cr_assert_eq(units_parse_size("2000", &v, &why), UNITS_NO_UNIT);
    cr_assert_eq(units_parse_size("1Gb", &v, &why), UNITS_BAD_UNIT);
    cr_assert_eq(units_parse_size("10GBs", &v, &why), UNITS_BAD_UNIT);
    cr_assert_eq(units_parse_size("-1GB", &v, &why), UNITS_NEGATIVE);
    cr_assert_eq(units_parse_size("GB", &v, &why), UNITS_BAD_NUMBER);
    cr_assert_eq(units_parse_size("", &v, &why), UNITS_EMPTY);
}

Test(units, rates)
{
    double v;
    const char *why;
    cr_assert_eq(units_parse_rate("300MB/s", &v, &why), UNITS_OK);
    cr_assert_eq(v, 300e6);
    cr_assert_eq(units_parse_rate("1.5GiB/s", &v, &why), UNITS_OK);
    cr_assert_eq(v, 1.5 * 1073741824.0);
    cr_assert_eq(units_parse_rate("200GB/h", &v, &why), UNITS_OK);
    cr_assert_float_eq(v, 200e9 / 3600, 1e-6);
    cr_assert_eq(units_parse_rate("60MB/min", &v, &why), UNITS_OK);
    cr_assert_eq(v, 1e6);
    cr_assert_eq(units_parse_rate("864GB/d", &v, &why), UNITS_OK);
    cr_assert_eq(v, 1e7);
    cr_assert_eq(units_parse_rate("300MB", &v, &why), UNITS_NO_UNIT);
    cr_assert_eq(units_parse_rate("300", &v, &why), UNITS_NO_UNIT);
    cr_assert_eq(units_parse_rate("300MB/x", &v, &why), UNITS_BAD_UNIT);
    cr_assert_eq(units_parse_rate("300MB/s fast", &v, &why), UNITS_BAD_UNIT);
}

Test(units, fractions)
{
    double v;
    const char *why;
    cr_assert_eq(units_parse_fraction("5%", &v, &why), UNITS_OK);
    cr_assert_float_eq(v, 0.05, 1e-15);
    cr_assert_eq(units_parse_fraction("0.25", &v, &why), UNITS_OK);
    cr_assert_eq(v, 0.25);
    cr_assert_eq(units_parse_fraction("100%", &v, &why), UNITS_OK);
    cr_assert_eq(v, 1);
    cr_assert_eq(units_parse_fraction("0", &v, &why), UNITS_OK);
    cr_assert_eq(v, 0);
    cr_assert_eq(units_parse_fraction("150%", &v, &why), UNITS_RANGE);
    cr_assert_eq(units_parse_fraction("1.5", &v, &why), UNITS_RANGE);
    cr_assert_eq(units_parse_fraction("-1%", &v, &why), UNITS_NEGATIVE);
    cr_assert_eq(units_parse_fraction("5 percent", &v, &why), UNITS_BAD_UNIT);
    cr_assert_eq(units_parse_fraction("half", &v, &why), UNITS_BAD_NUMBER);
}

Test(units, money)
{
    double v;
    const char *why;
    cr_assert_eq(units_parse_money("$1200", &v, &why), UNITS_OK);
    cr_assert_eq(v, 1200);
    cr_assert_eq(units_parse_money("1200USD", &v, &why), UNITS_OK);
    cr_assert_eq(v, 1200);
    cr_assert_eq(units_parse_money("1200 USD", &v, &why), UNITS_OK);
    cr_assert_eq(v, 1200);
    cr_assert_eq(units_parse_money("$99.50", &v, &why), UNITS_OK);
    cr_assert_eq(v, 99.5);
    cr_assert_eq(units_parse_money("1200", &v, &why), UNITS_NO_UNIT);
    cr_assert_eq(units_parse_money("$1.2k", &v, &why), UNITS_BAD_UNIT);
    cr_assert_eq(units_parse_money("1,200 USD", &v, &why), UNITS_BAD_UNIT);
    cr_assert_eq(units_parse_money("$1200USD", &v, &why), UNITS_BAD_UNIT);
    cr_assert_eq(units_parse_money("-$5", &v, &why), UNITS_NEGATIVE);
    cr_assert_eq(units_parse_money("$", &v, &why), UNITS_BAD_NUMBER);
    cr_assert_eq(units_parse_money("", &v, &why), UNITS_EMPTY);
}

Test(units, numbers)
{
    double v;
    const char *why;
    cr_assert_eq(units_parse_number("2.5", &v, &why), UNITS_OK);
    cr_assert_eq(v, 2.5);
    cr_assert_eq(units_parse_number("-3", &v, &why), UNITS_OK);
    cr_assert_eq(v, -3);
    cr_assert_eq(units_parse_number("1e3", &v, &why), UNITS_OK);
    cr_assert_eq(v, 1000);
    cr_assert_eq(units_parse_number(".5", &v, &why), UNITS_OK);
    cr_assert_eq(v, 0.5);
    cr_assert_eq(units_parse_number("inf", &v, &why), UNITS_BAD_NUMBER);
    cr_assert_eq(units_parse_number("nan", &v, &why), UNITS_BAD_NUMBER);
    cr_assert_eq(units_parse_number("0x10", &v, &why), UNITS_BAD_NUMBER);
    cr_assert_eq(units_parse_number("5m", &v, &why), UNITS_BAD_NUMBER);
    cr_assert_eq(units_parse_number("1e999", &v, &why), UNITS_RANGE);
    cr_assert_eq(units_parse_number("", &v, &why), UNITS_EMPTY);
}

Test(units, clock)
{
    double v;
    const char *why;
    cr_assert_eq(units_parse_clock("13:00", &v, &why), UNITS_OK);
    cr_assert_eq(v, 46800);
    cr_assert_eq(units_parse_clock("06:30", &v, &why), UNITS_OK);
    cr_assert_eq(v, 23400);
    cr_assert_eq(units_parse_clock("6:30", &v, &why), UNITS_OK);
    cr_assert_eq(v, 23400);
    cr_assert_eq(units_parse_clock("00:00", &v, &why), UNITS_OK);
    cr_assert_eq(v, 0);
    cr_assert_eq(units_parse_clock("24:00", &v, &why), UNITS_OK);
    cr_assert_eq(v, 86400);
    cr_assert_eq(units_parse_clock("24:01", &v, &why), UNITS_RANGE);
    cr_assert_eq(units_parse_clock("13:60", &v, &why), UNITS_RANGE);
    cr_assert_eq(units_parse_clock("25:00", &v, &why), UNITS_RANGE);
    cr_assert_eq(units_parse_clock("1300", &v, &why), UNITS_BAD_NUMBER);
    cr_assert_eq(units_parse_clock("13:0", &v, &why), UNITS_BAD_NUMBER);
    cr_assert_eq(units_parse_clock("13:00:00", &v, &why), UNITS_BAD_NUMBER);
    cr_assert_eq(units_parse_clock("", &v, &why), UNITS_EMPTY);
}

Test(units, dates)
{
    long d;
    const char *why;
    char buf[16];
    int y, m, dd;

    cr_assert_eq(units_parse_date("2026-01-05", &d, &why), UNITS_OK);
    cr_assert_eq(d, 20458);
    cr_assert_eq(units_parse_date("1970-01-01", &d, &why), UNITS_OK);
    cr_assert_eq(d, 0);
    cr_assert_eq(units_parse_date("1969-12-31", &d, &why), UNITS_OK);
    cr_assert_eq(d, -1);
    cr_assert_eq(units_parse_date("2024-02-29", &d, &why), UNITS_OK);
    cr_assert_eq(units_parse_date("2026-02-29", &d, &why), UNITS_RANGE);
    cr_assert_eq(units_parse_date("1900-02-29", &d, &why), UNITS_RANGE);
    cr_assert_eq(units_parse_date("2000-02-29", &d, &why), UNITS_OK);
    cr_assert_eq(units_parse_date("2026-13-01", &d, &why), UNITS_RANGE);
    cr_assert_eq(units_parse_date("2026-1-5", &d, &why), UNITS_BAD_NUMBER);
    cr_assert_eq(units_parse_date("", &d, &why), UNITS_EMPTY);
    cr_assert_str_eq(units_format_date(20458, buf, sizeof buf), "2026-01-05");
    cr_assert_str_eq(units_format_date(-719468, buf, sizeof buf), "0000-03-01");
    /* Round trip over several centuries, both sides of 1970. */
    for (long k = -200000; k <= 200000; k += 7) {
        units_civil_from_days(k, &y, &m, &dd);
        cr_assert_eq(units_days_from_civil(y, m, dd), k, "day %ld", k);
    }
}

Test(units, format_duration)
{
    char b[32];
    cr_assert_str_eq(units_format_duration(45, b, sizeof b), "45s");
    cr_assert_str_eq(units_format_duration(0, b, sizeof b), "0s");
    cr_assert_str_eq(units_format_duration(2.5, b, sizeof b), "2.5s");
    cr_assert_str_eq(units_format_duration(720, b, sizeof b), "12m");
    cr_assert_str_eq(units_format_duration(90, b, sizeof b), "1m30s");
    cr_assert_str_eq(units_format_duration(3 * 3600 + 300, b, sizeof b), "3h05m");
    cr_assert_str_eq(units_format_duration(3 * 3600, b, sizeof b), "3h");
    cr_assert_str_eq(units_format_duration(3599.8, b, sizeof b), "1h");
    cr_assert_str_eq(units_format_duration(2 * 86400 + 4 * 3600, b, sizeof b), "2d04h");
    cr_assert_str_eq(units_format_duration(7 * 86400, b, sizeof b), "7d");
    cr_assert_str_eq(units_format_duration(INFINITY, b, sizeof b), "inf");
    cr_assert_str_eq(units_format_duration(-720, b, sizeof b), "-12m");
    /* Whatever it prints parses back to the value at the printed resolution. */
    cr_assert_eq(dur(units_format_duration(11400, b, sizeof b)), 11400);
    /* Truncation keeps a terminated string. */
    cr_assert_str_eq(units_format_duration(3 * 3600 + 300, b, 3), "3h");
}

Test(units, format_hours_and_size)
{
    char b[32];
    cr_assert_str_eq(units_format_hours(11700, b, sizeof b), "3.25 h");
    cr_assert_str_eq(units_format_hours(INFINITY, b, sizeof b), "inf");
    cr_assert_str_eq(units_format_size(2e12, b, sizeof b), "2.0 TB");
    cr_assert_str_eq(units_format_size(750e9, b, sizeof b), "750 GB");
    cr_assert_str_eq(units_format_size(12.5e9, b, sizeof b), "12.5 GB");
    cr_assert_str_eq(units_format_size(512, b, sizeof b), "512 B");
}

/* Dates over the whole range a plan may reach: an epoch from 0000 to 9999 (four-digit
 * years), outages up to 200 years after it (a window may start 100 years after the
 * epoch and last 100 years). Five-digit years print in full. */
Test(units, dates_at_the_extremes_of_the_range)
{
    char buf[16];
    long epoch = units_days_from_civil(2026, 1, 5), last = units_days_from_civil(9999, 12, 27);
    int y, m, dd;
    cr_assert_str_eq(units_format_date(epoch + 36525, buf, sizeof buf), "2126-01-06");
    cr_assert_str_eq(units_format_date(epoch + 73050, buf, sizeof buf), "2226-01-07");
    cr_assert_str_eq(units_format_date(last, buf, sizeof buf), "9999-12-27");
    cr_assert_str_eq(units_format_date(last + 73050, buf, sizeof buf), "10199-12-28");
    cr_assert_str_eq(units_format_date(units_days_from_civil(0, 1, 3), buf, sizeof buf),
                     "0000-01-03");
    for (long k = last; k <= last + 73050; k += 3) {
        units_civil_from_days(k, &y, &m, &dd);
        cr_assert_eq(units_days_from_civil(y, m, dd), k, "day %ld", k);
    }
}

/* Issue 15, defect 10: 24h25m printed "1d" beside a "1d" target marked breach. A value
 * judged against a target is written to the second when both would read the same, and
 * as before otherwise (and when it equals the target). */
Test(units, duration_against_a_target)
{
    char b[64];
    cr_assert_str_eq(units_format_duration_vs(87900, 86400, b, sizeof b), "1d00h25m");
    cr_assert_str_eq(units_format_duration_vs(86420, 86400, b, sizeof b), "1d00h00m20s");
    cr_assert_str_eq(units_format_duration_vs(10820, 10800, b, sizeof b), "3h00m20s");
    cr_assert_str_eq(units_format_duration_vs(720.4, 720, b, sizeof b), "12m00.4s");
    cr_assert_str_eq(units_format_duration_vs(86400, 86400, b, sizeof b), "1d");
    cr_assert_str_eq(units_format_duration_vs(97200, 86400, b, sizeof b), "1d03h");
    cr_assert_str_eq(units_format_duration_vs(INFINITY, 86400, b, sizeof b), "inf");
    cr_assert_str_eq(units_format_duration_vs(87900, INFINITY, b, sizeof b), "1d");
    cr_assert_str_eq(units_format_duration(87900, b, sizeof b), "1d"); /* unchanged */
}
