/* models/units.c: parsing and printing quantities with units.
 *
 * Every parser here is strict: it takes the whole string (surrounding blanks
 * allowed), insists on a unit wherever the quantity has one, and reports why it
 * refused through a static string. Numbers are scanned by hand (digits, an optional
 * decimal point and an optional exponent) before strtod converts them, so "inf",
 * "nan", hexadecimal floats and locale surprises never get through. Calendar dates
 * use the proleptic Gregorian calendar (days_from_civil / civil_from_days, after
 * Howard Hinnant's public-domain derivation).
 */
#include "models/units.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Scan a decimal number at *p: [+-]digits[.digits][(e|E)[+-]digits], with at least
 * one digit before or after the point. On success stores the value, advances *p past
 * it and returns 1; otherwise returns 0 and leaves *p alone. The exponent is taken
 * only when digits follow it, so "1e" leaves "e" for the unit parser (no unit here
 * starts with e, but this keeps the scanner honest). */
static int scan_number(const char **p, double *out)
{
    const char *s = *p;
    const char *q = s;
    int digits = 0;
    char buf[64];

    if (*q == '+' || *q == '-')
        q++;
    while (isdigit((unsigned char)*q)) {
        q++;
        digits++;
    }
    if (*q == '.') {
        q++;
        while (isdigit((unsigned char)*q)) {
            q++;
            digits++;
        }
    }
    if (digits == 0)
        return 0;
    if (*q == 'e' || *q == 'E') {
        const char *e = q + 1;
        if (*e == '+' || *e == '-')
            e++;
        if (isdigit((unsigned char)*e)) {
            while (isdigit((unsigned char)*e))
                e++;
            q = e;
        }
    }
    if ((size_t)(q - s) >= sizeof buf)
        return 0;
    memcpy(buf, s, (size_t)(q - s));
    buf[q - s] = '\0';
    *out = strtod(buf, NULL);
    *p = q;
    return 1;
}

static const char *skip_blanks(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* Trim trailing blanks by returning the end pointer of the meaningful text. */
static const char *text_end(const char *s)
{
    const char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    return e;
}

static int is_blank_string(const char *s)
{
    return s == NULL || *skip_blanks(s) == '\0';
}

/* ---- durations ----------------------------------------------------------------- */

struct unit {
    const char *name;
    double factor;
};

static const struct unit duration_units[] = {
    {"s", 1.0}, {"sec", 1.0}, {"m", 60.0}, {"min", 60.0}, {"h", 3600.0},
    {"d", 86400.0}, {"w", 604800.0}, {NULL, 0.0}
};

/* Match the longest unit name at p among `units` that is not followed by another
 * letter (so "min" is not read as "m" + "in"). Returns the unit or NULL. */
static const struct unit *match_unit(const char *p, const struct unit *units, size_t *len)
{
    const struct unit *best = NULL;
    size_t best_len = 0;
    for (const struct unit *u = units; u->name; u++) {
        size_t n = strlen(u->name);
        if (strncmp(p, u->name, n) == 0 && !isalpha((unsigned char)p[n]) && n > best_len) {
            best = u;
            best_len = n;
        }
    }
    *len = best_len;
    return best;
}

/* A duration is one or more number+unit segments ("3h10m", "1d 12h"), a sign only
 * in front of the first. "forever"/"never" are infinite when allowed. A lone number
 * (even 0) is UNITS_NO_UNIT: the plan must say what it means. */
enum units_status units_parse_duration(const char *s, int allow_infinite, double *out_s,
                                       const char **why)
{
    const char *p, *end;
    double total = 0.0;
    int segments = 0, negative = 0;

    if (is_blank_string(s)) {
        *why = "empty duration";
        return UNITS_EMPTY;
    }
    p = skip_blanks(s);
    end = text_end(p);
    if ((size_t)(end - p) == strlen("forever") && strncmp(p, "forever", 7) == 0) {
        if (!allow_infinite) {
            *why = "an infinite duration is not allowed here";
            return UNITS_RANGE;
        }
        *out_s = INFINITY;
        return UNITS_OK;
    }
    if ((size_t)(end - p) == strlen("never") && strncmp(p, "never", 5) == 0) {
        if (!allow_infinite) {
            *why = "an infinite duration is not allowed here";
            return UNITS_RANGE;
        }
        *out_s = INFINITY;
        return UNITS_OK;
    }
    if (*p == '-')
        negative = 1;
    while (p < end) {
        double v;
        size_t ulen;
        const struct unit *u;
        if (segments > 0 && (*p == '+' || *p == '-')) {
            *why = "a sign may only start a duration";
            return UNITS_BAD_NUMBER;
        }
        if (!scan_number(&p, &v)) {
            *why = segments ? "expected a number after the unit" : "not a number";
            return UNITS_BAD_NUMBER;
        }
        p = skip_blanks(p);
        if (p >= end) {
            *why = "a duration needs a unit (s, m, h, d or w), e.g. 20m";
            return UNITS_NO_UNIT;
        }
        u = match_unit(p, duration_units, &ulen);
        if (u == NULL) {
            *why = "unknown duration unit (use s, m, h, d or w)";
            return UNITS_BAD_UNIT;
        }
        total += fabs(v) * u->factor;
        p = skip_blanks(p + ulen);
        segments++;
    }
    if (negative && total != 0.0) {
        *why = "a duration cannot be negative";
        return UNITS_NEGATIVE;
    }
    if (!isfinite(total)) {
        *why = "duration too large";
        return UNITS_RANGE;
    }
    *out_s = total;
    return UNITS_OK;
}

/* ---- sizes and rates ------------------------------------------------------------- */

static const struct unit size_units[] = {
    {"B", 1.0},
    {"kB", 1e3}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"PB", 1e15},
    {"KiB", 1024.0}, {"MiB", 1048576.0}, {"GiB", 1073741824.0},
    {"TiB", 1099511627776.0}, {"PiB", 1125899906842624.0},
    {NULL, 0.0}
};

/* The common start of the number-first parsers: reject an empty string with "empty
 * <what>", skip blanks, read the number into *v and leave *p just after it. */
static enum units_status lead_number(const char *s, const char *empty_why, const char **p,
                                     double *v, const char **why)
{
    if (is_blank_string(s)) {
        *why = empty_why;
        return UNITS_EMPTY;
    }
    *p = skip_blanks(s);
    if (!scan_number(p, v)) {
        *why = "not a number";
        return UNITS_BAD_NUMBER;
    }
    return UNITS_OK;
}

/* Parse "<number> <size unit>" at the start of s and return the end of the unit in
 * *rest (trailing text is the caller's business). */
static enum units_status parse_size_prefix(const char *s, double *out_bytes, const char **rest,
                                           const char **why)
{
    const char *p;
    double v;
    size_t ulen;
    const struct unit *u;

    enum units_status st0 = lead_number(s, "empty size", &p, &v, why);
    if (st0 != UNITS_OK)
        return st0;
    p = skip_blanks(p);
    if (*p == '\0') {
        *why = "a size needs a unit (B, kB, MB, GB, TB, KiB, MiB, GiB, TiB), e.g. 750GB";
        return UNITS_NO_UNIT;
    }
    u = match_unit(p, size_units, &ulen);
    if (u == NULL) {
        *why = "unknown size unit (use B, kB, MB, GB, TB, PB, KiB, MiB, GiB, TiB or PiB)";
        return UNITS_BAD_UNIT;
    }
    if (v < 0) {
        *why = "a size cannot be negative";
        return UNITS_NEGATIVE;
    }
    if (!isfinite(v * u->factor)) {
        *why = "number out of range";
        return UNITS_RANGE;
    }
    *out_bytes = v * u->factor;
    *rest = p + ulen;
    return UNITS_OK;
}

enum units_status units_parse_size(const char *s, double *out_bytes, const char **why)
{
    const char *rest;
    double v;
    enum units_status st = parse_size_prefix(s, &v, &rest, why);
    if (st != UNITS_OK)
        return st;
    if (*skip_blanks(rest) != '\0') {
        *why = "unexpected text after the size unit";
        return UNITS_BAD_UNIT;
    }
    *out_bytes = v;
    return UNITS_OK;
}

static const struct unit per_time_units[] = {
    {"s", 1.0}, {"m", 60.0}, {"min", 60.0}, {"h", 3600.0}, {"d", 86400.0}, {NULL, 0.0}
};

enum units_status units_parse_rate(const char *s, double *out_bytes_per_s, const char **why)
{
    const char *rest, *p;
    double v;
    size_t ulen;
    const struct unit *u;
    enum units_status st = parse_size_prefix(s, &v, &rest, why);

    if (st == UNITS_NO_UNIT) {
        *why = "a rate needs a unit such as 300MB/s";
        return st;
    }
    if (st != UNITS_OK)
        return st;
    p = rest;
    if (*p != '/') {
        *why = "a rate needs a time unit after the size, e.g. 300MB/s or 200GB/h";
        return UNITS_NO_UNIT;
    }
    p++;
    u = match_unit(p, per_time_units, &ulen);
    if (u == NULL || *skip_blanks(p + ulen) != '\0') {
        *why = "unknown time unit in rate (use /s, /m, /h or /d)";
        return UNITS_BAD_UNIT;
    }
    *out_bytes_per_s = v / u->factor;
    return UNITS_OK;
}

/* ---- fractions, money, plain numbers ----------------------------------------- */

enum units_status units_parse_fraction(const char *s, double *out_fraction, const char **why)
{
    const char *p;
    double v;

    enum units_status st0 = lead_number(s, "empty fraction", &p, &v, why);
    if (st0 != UNITS_OK)
        return st0;
    p = skip_blanks(p);
    if (*p == '%') {
        v /= 100.0;
        p = skip_blanks(p + 1);
    }
    if (*p != '\0') {
        *why = "a fraction is a percentage such as 5% or a number between 0 and 1";
        return UNITS_BAD_UNIT;
    }
    if (v < 0) {
        *why = "a fraction cannot be negative";
        return UNITS_NEGATIVE;
    }
    if (v > 1) {
        *why = "a fraction cannot exceed 100%";
        return UNITS_RANGE;
    }
    *out_fraction = v;
    return UNITS_OK;
}

/* Money takes digits with an optional decimal point, marked as dollars either by a
 * leading "$" or a trailing "USD" (a blank before USD is allowed). No thousands
 * separators, suffixes or exponents: "$1.2k" and "1,200" are refused. */
enum units_status units_parse_money(const char *s, double *out_usd, const char **why)
{
    const char *p, *end, *num_start;
    int dollar = 0, usd = 0, digits = 0;
    char buf[64];
    double v;

    if (is_blank_string(s)) {
        *why = "empty amount";
        return UNITS_EMPTY;
    }
    p = skip_blanks(s);
    end = text_end(p);
    if (*p == '-') {
        *why = "an amount cannot be negative";
        return UNITS_NEGATIVE;
    }
    if (*p == '$') {
        dollar = 1;
        p++;
        if (*p == '-') {
            *why = "an amount cannot be negative";
            return UNITS_NEGATIVE;
        }
    }
    num_start = p;
    while (p < end && isdigit((unsigned char)*p)) {
        p++;
        digits++;
    }
    if (p < end && *p == '.') {
        p++;
        while (p < end && isdigit((unsigned char)*p)) {
            p++;
            digits++;
        }
    }
    if (digits == 0) {
        *why = "not an amount of money such as $1200";
        return UNITS_BAD_NUMBER;
    }
    if ((size_t)(p - num_start) >= sizeof buf) {
        *why = "amount too long";
        return UNITS_RANGE;
    }
    memcpy(buf, num_start, (size_t)(p - num_start));
    buf[p - num_start] = '\0';
    v = strtod(buf, NULL);
    p = skip_blanks(p);
    if (p < end) {
        if ((size_t)(end - p) == 3 && strncmp(p, "USD", 3) == 0 && !dollar) {
            usd = 1;
        } else {
            *why = "write money as digits with $ or USD, e.g. $1200 (no separators or suffixes)";
            return UNITS_BAD_UNIT;
        }
    }
    if (!dollar && !usd) {
        *why = "an amount needs a currency, e.g. $1200 or 1200USD";
        return UNITS_NO_UNIT;
    }
    *out_usd = v;
    return UNITS_OK;
}

enum units_status units_parse_number(const char *s, double *out, const char **why)
{
    const char *p;
    double v;

    enum units_status st0 = lead_number(s, "empty number", &p, &v, why);
    if (st0 != UNITS_OK)
        return st0;
    if (*skip_blanks(p) != '\0') {
        *why = "not a number";
        return UNITS_BAD_NUMBER;
    }
    if (!isfinite(v)) {
        *why = "number out of range";
        return UNITS_RANGE;
    }
    *out = v;
    return UNITS_OK;
}

/* ---- clock times and dates --------------------------------------------------- */

/* Read exactly `n` digits (n > 0) at p into *v; returns 1 on success. */
static int read_digits(const char *p, int n, int *v)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)p[i]))
            return 0;
        x = x * 10 + (p[i] - '0');
    }
    *v = x;
    return 1;
}

/* "H:MM" or "HH:MM"; 24:00 is allowed (the end of a day), nothing later. */
enum units_status units_parse_clock(const char *s, double *out_s, const char **why)
{
    const char *p, *end;
    int h, m, hl;

    if (is_blank_string(s)) {
        *why = "empty time of day";
        return UNITS_EMPTY;
    }
    p = skip_blanks(s);
    end = text_end(p);
    hl = (p + 1 < end && p[1] == ':') ? 1 : 2;
    if (end - p != hl + 3 || p[hl] != ':' || !read_digits(p, hl, &h) ||
        !read_digits(p + hl + 1, 2, &m)) {
        *why = "a time of day is HH:MM, e.g. 13:00";
        return UNITS_BAD_NUMBER;
    }
    if (m >= 60 || h > 24 || (h == 24 && m != 0)) {
        *why = "a time of day lies between 00:00 and 24:00";
        return UNITS_RANGE;
    }
    *out_s = h * 3600.0 + m * 60.0;
    return UNITS_OK;
}

static int is_leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(long y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

enum units_status units_parse_date(const char *s, long *out_days, const char **why)
{
    const char *p, *end;
    int y, m, d;

    if (is_blank_string(s)) {
        *why = "empty date";
        return UNITS_EMPTY;
    }
    p = skip_blanks(s);
    end = text_end(p);
    if (end - p != 10 || p[4] != '-' || p[7] != '-' || !read_digits(p, 4, &y) ||
        !read_digits(p + 5, 2, &m) || !read_digits(p + 8, 2, &d)) {
        *why = "a date is YYYY-MM-DD, e.g. 2026-01-05";
        return UNITS_BAD_NUMBER;
    }
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) {
        *why = "no such date";
        return UNITS_RANGE;
    }
    *out_days = units_days_from_civil(y, m, d);
    return UNITS_OK;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. Eras of 400 years (146097
 * days) make the arithmetic exact for negative years too. */
long units_days_from_civil(int year, int month, int day)
{
    long y = (long)year - (month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;                                  /* [0, 399] */
    long mp = (month + 9) % 12;                                /* March = 0 */
    long doy = (153 * mp + 2) / 5 + day - 1;                   /* [0, 365] */
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

void units_civil_from_days(long days, int *year, int *month, int *day)
{
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;                               /* [0, 146096] */
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);        /* [0, 365] */
    long mp = (5 * doy + 2) / 153;                             /* [0, 11] */
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    *year = (int)(y + (m <= 2));
    *month = (int)m;
    *day = (int)d;
}

/* ---- formatting ----------------------------------------------------------------- */

/* Durations print at a resolution that suits their size: seconds below a minute
 * (one decimal when fractional), minutes and seconds below an hour, hours and
 * minutes below a day, days and hours beyond. Rounding happens at that resolution
 * first, so 59.7 minutes prints as "1h" rather than "60m". */
char *units_format_duration(double seconds, char *buf, size_t n)
{
    const char *sign = "";
    double s = seconds;

    if (n == 0)
        return buf;
    if (isnan(s)) {
        snprintf(buf, n, "nan");
        return buf;
    }
    if (s < 0) {
        sign = "-";
        s = -s;
    }
    if (isinf(s)) {
        snprintf(buf, n, "%sinf", sign);
        return buf;
    }
    if (s < 59.95) {
        if (fabs(s - floor(s + 0.5)) < 0.05)
            snprintf(buf, n, "%s%.0fs", sign, floor(s + 0.5));
        else
            snprintf(buf, n, "%s%.1fs", sign, s);
        return buf;
    }
    if (s < 3600.0 - 0.5) {
        long t = (long)floor(s + 0.5);
        long m = t / 60, sec = t % 60;
        if (sec == 0)
            snprintf(buf, n, "%s%ldm", sign, m);
        else
            snprintf(buf, n, "%s%ldm%02lds", sign, m, sec);
        return buf;
    }
    if (s < 86400.0 - 30.0) {
        long t = (long)floor(s / 60.0 + 0.5);
        long h = t / 60, m = t % 60;
        if (m == 0)
            snprintf(buf, n, "%s%ldh", sign, h);
        else
            snprintf(buf, n, "%s%ldh%02ldm", sign, h, m);
        return buf;
    }
    {
        double th = floor(s / 3600.0 + 0.5);
        if (th > 1e15) {
            snprintf(buf, n, "%s%.3gd", sign, th / 24.0);
            return buf;
        }
        long t = (long)th;
        long d = t / 24, h = t % 24;
        if (h == 0)
            snprintf(buf, n, "%s%ldd", sign, d);
        else
            snprintf(buf, n, "%s%ldd%02ldh", sign, d, h);
    }
    return buf;
}

/* A finite duration to the second: "1d00h25m", "1d00h00m20s", "3h00m20s", "12m00.4s". */
static void format_fine(double seconds, char *buf, size_t n)
{
    const char *sign = seconds < 0 ? "-" : "";
    double s = fabs(seconds);
    if (s < 59.95) {
        snprintf(buf, n, "%s%.3gs", sign, s);
        return;
    }
    if (s < 3600.0 - 0.5) {
        snprintf(buf, n, "%s%ldm%04.1fs", sign, (long)floor(s / 60.0), fmod(s, 60.0));
        return;
    }
    long t = (long)floor(s + 0.5);
    long d = t / 86400, h = t / 3600 % 24, m = t / 60 % 60, sec = t % 60;
    if (d == 0)
        snprintf(buf, n, "%s%ldh%02ldm%02lds", sign, h, m, sec);
    else if (sec == 0)
        snprintf(buf, n, "%s%ldd%02ldh%02ldm", sign, d, h, m);
    else
        snprintf(buf, n, "%s%ldd%02ldh%02ldm%02lds", sign, d, h, m, sec);
}

char *units_format_duration_vs(double seconds, double target_s, char *buf, size_t n)
{
    char t[64];
    units_format_duration(seconds, buf, n);
    if (n == 0 || !isfinite(seconds) || !isfinite(target_s) || seconds == target_s)
        return buf;
    units_format_duration(target_s, t, sizeof t);
    if (strcmp(buf, t) == 0)
        format_fine(seconds, buf, n);
    return buf;
}

char *units_format_hours(double seconds, char *buf, size_t n)
{
    if (n == 0)
        return buf;
    if (isinf(seconds))
        snprintf(buf, n, seconds > 0 ? "inf" : "-inf");
    else
        snprintf(buf, n, "%.2f h", seconds / 3600.0);
    return buf;
}

/* Decimal units only (kB, MB, GB, TB, PB), one decimal below 100 of the unit. */
char *units_format_size(double bytes, char *buf, size_t n)
{
    static const char *const names[] = {"B", "kB", "MB", "GB", "TB", "PB"};
    double v = bytes;
    int i = 0;

    if (n == 0)
        return buf;
    if (!isfinite(bytes)) {
        snprintf(buf, n, isnan(bytes) ? "nan" : bytes > 0 ? "inf" : "-inf");
        return buf;
    }
    while (fabs(v) >= 1000.0 && i < 5) {
        v /= 1000.0;
        i++;
    }
    if (i == 0)
        snprintf(buf, n, "%.0f B", v);
    else if (fabs(v) < 99.95)
        snprintf(buf, n, "%.1f %s", v, names[i]);
    else
        snprintf(buf, n, "%.0f %s", v, names[i]);
    return buf;
}

char *units_format_date(long days, char *buf, size_t n)
{
    int y, m, d;
    if (n == 0)
        return buf;
    units_civil_from_days(days, &y, &m, &d);
    snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
    return buf;
}
