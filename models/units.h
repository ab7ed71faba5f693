/* models/units.h: quantities with units, parsed from plan text and printed back.
 *
 * Every quantity in a plan carries its unit: durations ("90s", "15m", "2h", "1d",
 * "1w", compounds such as "3h10m"), sizes ("750GB", "2TiB": decimal and binary
 * prefixes are both honoured, so 1GB = 1e9 bytes and 1GiB = 2^30 bytes), rates
 * ("300MB/s", "1.5GiB/s", "200GB/h"), fractions ("5%", or a plain number in [0,1]
 * where the key is a probability), money ("$1200", "1200USD") and clock times of day
 * ("13:00", "06:30"). A number without a unit where one is required is an error, not
 * a guess. Internally everything is SI base units held in doubles: seconds, bytes,
 * bytes per second, fractions, US dollars.
 *
 * The parsers never print: they return a status and, on failure, leave a short
 * reason in *why (a static string) that the loader turns into a positioned
 * diagnostic.
 */
#ifndef DRSIM_UNITS_H
#define DRSIM_UNITS_H

#include <stddef.h>

enum units_status {
    UNITS_OK = 0,        /* parsed; *out holds the value in base units */
    UNITS_EMPTY,         /* empty string */
    UNITS_NO_UNIT,       /* a bare number where a unit is required */
    UNITS_BAD_UNIT,      /* a unit this kind of quantity does not know */
    UNITS_BAD_NUMBER,    /* not a number at all */
    UNITS_NEGATIVE,      /* a negative quantity where none makes sense */
    UNITS_RANGE          /* out of range: a fraction above 1, a clock time past 24:00 */
};

/* Durations. "forever" (and "never" for an outage that does not end) parses as
 * INFINITY only when allow_infinite is non-zero. Result in seconds, >= 0. */
enum units_status units_parse_duration(const char *s, int allow_infinite, double *out_s,
                                       const char **why);

/* Sizes, result in bytes, >= 0. Units B, kB/KB, MB, GB, TB, PB, KiB, MiB, GiB, TiB, PiB. */
enum units_status units_parse_size(const char *s, double *out_bytes, const char **why);

/* Rates, result in bytes per second, > 0 not required here (the loader checks).
 * A size unit followed by /s, /m (/min), /h or /d. */
enum units_status units_parse_rate(const char *s, double *out_bytes_per_s, const char **why);

/* Fractions: "5%" or a plain number, both must lie in [0, 1]. */
enum units_status units_parse_fraction(const char *s, double *out_fraction, const char **why);

/* Money: "$1200", "1200USD", "1,200 USD", "$1.2k" are not accepted: only digits with an
 * optional decimal point; result in US dollars. */
enum units_status units_parse_money(const char *s, double *out_usd, const char **why);

/* A plain number without unit (counts, shapes, rates per year). */
enum units_status units_parse_number(const char *s, double *out, const char **why);

/* A clock time of day "HH:MM" (00:00 .. 24:00), result in seconds after midnight. */
enum units_status units_parse_clock(const char *s, double *out_s, const char **why);

/* A calendar date "YYYY-MM-DD", result in days since 1970-01-01 (may be negative). */
enum units_status units_parse_date(const char *s, long *out_days, const char **why);

/* Format a duration for people: "45s", "12m", "3h05m", "2d04h", "inf". Writes at most
 * n bytes including the NUL; returns buf. */
char *units_format_duration(double seconds, char *buf, size_t n);

/* A duration judged against a target: units_format_duration's text, unless it reads the
 * same as the target's while the two differ (24h25m beside a 1d target, both "1d"): then
 * to the second, "1d00h25m", "3h00m20s", "12m00.4s", so that a value in breach never
 * prints as its target. Writes at most n bytes including the NUL; returns buf. */
char *units_format_duration_vs(double seconds, double target_s, char *buf, size_t n);

/* Format a duration in decimal hours with two decimals ("3.25 h"), "inf" when infinite. */
char *units_format_hours(double seconds, char *buf, size_t n);

/* Format a size in the largest binary-free decimal unit ("2.0 TB", "750 GB"). */
char *units_format_size(double bytes, char *buf, size_t n);

/* Day number (days since 1970-01-01) to "YYYY-MM-DD" and back to y/m/d. */
char *units_format_date(long days, char *buf, size_t n);
void units_civil_from_days(long days, int *year, int *month, int *day);
long units_days_from_civil(int year, int month, int day);

#endif
