/* models/sched.c: backup schedules (parse, format, previous/next occurrence) and
 * the working calendar's periods.
 *
 * Occurrences are computed, never enumerated: a fixed interval is arithmetic on
 * (t - phase) / interval, a daily or weekly schedule finds the local day of t and
 * steps back or forward at most a week, and a monthly one computes the chosen day of
 * each month from the civil calendar, walking at most thirteen months. In a fixed
 * UTC offset local time is t + offset and days are 86400 s long. In an IANA zone
 * (models/tz.h) the local day of t comes from the offset in force at t, and a day's
 * occurrence from the zone's local-to-UTC rule; since that rule never goes back in
 * time, occurrences are in the order of their days, and starting the search two days
 * (a month) beyond the local day of t on the far side is enough even where the clock
 * jumps by a whole day (Samoa, 2011). Fixed offsets keep their original arithmetic.
 * Weekdays come from the civil day number (1970-01-01 was a Thursday), so an epoch
 * that is not a Monday still gives correct weekdays.
 *
 * The parser splits the text into blank-separated words and reports the byte offset
 * of the first word it cannot accept. Keywords (every, at, daily, weekly, monthly,
 * continuous, first..last) are lower case; day and month names may be in any case.
 */
#include "models/sched.h"

#include <ctype.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "models/tz.h"
#include "models/units.h"

#define DAY_S 86400.0
#define MAX_WORDS 8
#define WORD_MAX 64

static const char *const day_abbr[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
static const char *const day_full[7] = {"monday", "tuesday", "wednesday", "thursday",
                                        "friday", "saturday", "sunday"};
static const char *const month_abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const month_full[12] = {"january", "february", "march", "april", "may",
                                           "june", "july", "august", "september",
                                           "october", "november", "december"};
static const char *const ordinals[] = {"first", "second", "third", "fourth", "last"};

/* ---- calendar arithmetic -------------------------------------------------------- */

static int month_days(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

/* Civil day number of the schedule's day in month (y, m). */
static long monthly_day(const struct sched *s, int y, int m)
{
    long first = units_days_from_civil(y, m, 1);
    if (s->nth == 0)
        return first + s->mday - 1;
    if (s->nth > 0) {
        int delta = (s->weekday - sched_weekday_of_civil(first) + 7) % 7;
        return first + delta + 7L * (s->nth - 1);
    }
    {
        long last = units_days_from_civil(y, m, month_days(y, m));
        int delta = (sched_weekday_of_civil(last) - s->weekday + 7) % 7;
        return last - delta;
    }
}

/* The offset in force at instant t (seconds since the epoch of civil day epoch_days). */
static double offset_at(const struct tz *z, double fixed, long epoch_days, double t)
{
    double e = (double)epoch_days * DAY_S;
    return z ? tz_offset_at(z, t + e) : fixed;
}

/* The instant (seconds since the epoch) of local clock time `local` (seconds since the
 * epoch's local midnight). */
static double local_to_t(const struct sched *s, long epoch_days, double local)
{
    double e = (double)epoch_days * DAY_S;
    if (s->tz == NULL)
        return local - s->tz_offset_s;
    return tz_utc_of_local(s->tz, local + e) - e;
}

/* The instant of the schedule's time of day on local day d (relative to the epoch).
 * Inlined: sched_prev asks it for every candidate day. */
static inline __attribute__((always_inline)) double day_start_utc(long d, const struct sched *s,
                                                                  long epoch_days)
{
    if (s->tz == NULL)
        return (double)d * DAY_S + s->offset_s - s->tz_offset_s;
    return local_to_t(s, epoch_days, (double)d * DAY_S + s->offset_s);
}

/* ---- previous / next occurrence --------------------------------------------------- */

/* sched_prev's fixed interval. Inlined where the schedule has no IANA zone, so that its
 * path is a leaf without a stack frame; the zone's calls come through prev_zoned. */
static inline __attribute__((always_inline)) double prev_every(const struct sched *s,
                                                               long epoch_days, double t)
{
    double base = local_to_t(s, epoch_days, s->offset_s);
    double p = base + floor((t - base) / s->interval_s) * s->interval_s;
    if (p > t)
        p -= s->interval_s;
    else if (p + s->interval_s <= t)
        p += s->interval_s;
    return p;
}

/* sched_prev's daily and weekly schedules, inlined as prev_every is. */
static inline __attribute__((always_inline)) double prev_daily(const struct sched *s,
                                                               long epoch_days, double t)
{
    double tod;
    long d = sched_local_day(t, offset_at(s->tz, s->tz_offset_s, epoch_days, t), &tod);
    int extra = s->tz ? 2 : 0;
    if (tod < s->offset_s)
        d--;
    d += extra;
    /* The weekday steps back with the day rather than being computed afresh. */
    int w = sched_weekday_of_civil(epoch_days + d);
    for (int i = 0; i < 9 + extra; i++, d--, w = w ? w - 1 : 6) {
        double p;
        if (!(s->dow_mask & (1u << w)))
            continue;
        p = day_start_utc(d, s, epoch_days);
        if (p <= t)
            return p;
    }
    return -INFINITY;
}

/* sched_prev's monthly schedule, and the others in an IANA zone: out of line, as they
 * call into the civil calendar or the zone. */
static __attribute__((noinline)) double prev_zoned(const struct sched *s, long epoch_days,
                                                   double t)
{
    switch (s->kind) {
    case SCHED_EVERY:
        return prev_every(s, epoch_days, t);
    case SCHED_DAILY:
    case SCHED_WEEKLY:
        return prev_daily(s, epoch_days, t);
    case SCHED_MONTHLY: {
        double tod;
        long d = sched_local_day(t, offset_at(s->tz, s->tz_offset_s, epoch_days, t), &tod);
        int y, m, dd, extra = s->tz ? 1 : 0;
        units_civil_from_days(epoch_days + d, &y, &m, &dd);
        if (extra && ++m == 13) {
            m = 1;
            y++;
        }
        for (int i = 0; i < 14 + extra; i++) {
            if (s->month_mask & (1u << (m - 1))) {
                double p = day_start_utc(monthly_day(s, y, m) - epoch_days, s, epoch_days);
                if (p <= t)
                    return p;
            }
            if (--m == 0) {
                m = 12;
                y--;
            }
        }
        return -INFINITY;
    }
    case SCHED_CONTINUOUS:
        return t;
    }
    return -INFINITY;
}

/* Each branch first computes the obvious candidate, then corrects by one step if
 * floating-point rounding put it on the wrong side of t; the loops are bounded by
 * a week (daily) or thirteen months (monthly), which suffices whenever the day or
 * month mask is non-empty. An empty mask has no occurrences at all: -INFINITY from
 * sched_prev and +INFINITY from sched_next. Non-finite t is returned unchanged. */
double sched_prev(const struct sched *s, long epoch_days, double t)
{
    if (!isfinite(t) || s->kind == SCHED_CONTINUOUS)
        return t;
    if (s->tz == NULL && s->kind == SCHED_EVERY)
        return prev_every(s, epoch_days, t);
    if (s->tz == NULL && (s->kind == SCHED_DAILY || s->kind == SCHED_WEEKLY))
        return prev_daily(s, epoch_days, t);
    return prev_zoned(s, epoch_days, t);
}

double sched_next(const struct sched *s, long epoch_days, double t)
{
    if (!isfinite(t))
        return t;
    switch (s->kind) {
    case SCHED_CONTINUOUS:
        return t;
    case SCHED_EVERY: {
        double base = local_to_t(s, epoch_days, s->offset_s);
        double p = base + (floor((t - base) / s->interval_s) + 1) * s->interval_s;
        if (p <= t)
            p += s->interval_s;
        else if (p - s->interval_s > t)
            p -= s->interval_s;
        return p;
    }
    case SCHED_DAILY:
    case SCHED_WEEKLY: {
        double tod;
        long d = sched_local_day(t, offset_at(s->tz, s->tz_offset_s, epoch_days, t), &tod);
        int extra = s->tz ? 2 : 0;
        if (tod >= s->offset_s)
            d++;
        d -= extra;
        for (int i = 0; i < 9 + extra; i++, d++) {
            double p;
            if (!(s->dow_mask & (1u << sched_weekday_of_civil(epoch_days + d))))
                continue;
            p = day_start_utc(d, s, epoch_days);
            if (p > t)
                return p;
        }
        return INFINITY;
    }
    case SCHED_MONTHLY: {
        double tod;
        long d = sched_local_day(t, offset_at(s->tz, s->tz_offset_s, epoch_days, t), &tod);
        int y, m, dd, extra = s->tz ? 1 : 0;
        units_civil_from_days(epoch_days + d, &y, &m, &dd);
        if (extra && --m == 0) {
            m = 12;
            y--;
        }
        for (int i = 0; i < 14 + extra; i++) {
            if (s->month_mask & (1u << (m - 1))) {
                double p = day_start_utc(monthly_day(s, y, m) - epoch_days, s, epoch_days);
                if (p > t)
                    return p;
            }
            if (++m == 13) {
                m = 1;
                y++;
            }
        }
        return INFINITY;
    }
    }
    return INFINITY;
}

/* ---- time zones ------------------------------------------------------------------ */

/* "UTC", "GMT" (any case), "Z", optionally followed by (or, without the name,
 * consisting of) a sign, one or two hour digits and optional ":MM". Offsets up to
 * 14 hours either way, as on real clocks. */
int sched_parse_tz(const char *s, double *out_offset_s)
{
    const char *p = s;
    int named = 0, sign, h = 0, m = 0, hd = 0;

    if (s == NULL)
        return 1;
    if (strncasecmp(p, "UTC", 3) == 0 || strncasecmp(p, "GMT", 3) == 0) {
        p += 3;
        named = 1;
    } else if ((p[0] == 'Z' || p[0] == 'z') && p[1] == '\0') {
        *out_offset_s = 0;
        return 0;
    }
    if (*p == '\0') {
        if (!named)
            return 1;
        *out_offset_s = 0;
        return 0;
    }
    if (*p != '+' && *p != '-')
        return 1;
    sign = *p == '-' ? -1 : 1;
    p++;
    while (isdigit((unsigned char)*p) && hd < 2) {
        h = h * 10 + (*p - '0');
        p++;
        hd++;
    }
    if (hd == 0)
        return 1;
    if (*p == ':') {
        if (!isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]))
            return 1;
        m = (p[1] - '0') * 10 + (p[2] - '0');
        p += 3;
    }
    if (*p != '\0' || m >= 60 || h * 60 + m > 14 * 60)
        return 1;
    *out_offset_s = sign * (h * 3600.0 + m * 60.0);
    return 0;
}

/* ---- names and lists ---------------------------------------------------------------- */

/* Index of a day or month name of length len in any case, abbreviated or in full;
 * -1 when unknown. */
static int lookup_name(const char *w, size_t len, const char *const *abbr,
                       const char *const *full, int n)
{
    for (int i = 0; i < n; i++) {
        if (len == strlen(abbr[i]) && strncasecmp(w, abbr[i], len) == 0)
            return i;
        if (len == strlen(full[i]) && strncasecmp(w, full[i], len) == 0)
            return i;
    }
    return -1;
}

/* Parse "A-B,C,..." of names into a bit mask. Ranges may wrap ("Fri-Mon"). On
 * failure returns non-zero with *bad the offset in w of the item it rejected. */
static int parse_name_list(const char *w, size_t len, const char *const *abbr,
                           const char *const *full, int n, unsigned *out_mask, size_t *bad)
{
    unsigned mask = 0;
    size_t i = 0;

    if (len == 0) {
        *bad = 0;
        return 1;
    }
    while (i <= len) {
        size_t start = i, dash = (size_t)-1;
        int a, b;
        while (i < len && w[i] != ',') {
            if (w[i] == '-' && dash == (size_t)-1)
                dash = i;
            i++;
        }
        if (dash == (size_t)-1) {
            a = lookup_name(w + start, i - start, abbr, full, n);
            b = a;
        } else {
            a = lookup_name(w + start, dash - start, abbr, full, n);
            b = lookup_name(w + dash + 1, i - dash - 1, abbr, full, n);
        }
        if (a < 0 || b < 0) {
            *bad = a < 0 ? start : dash + 1;
            return 1;
        }
        for (int k = a;; k = (k + 1) % n) {
            mask |= 1u << k;
            if (k == b)
                break;
        }
        i++; /* past the comma, or past the end */
    }
    *out_mask = mask;
    return 0;
}

int sched_parse_days(const char *s, unsigned *out_mask)
{
    size_t bad;
    if (s == NULL)
        return 1;
    return parse_name_list(s, strlen(s), day_abbr, day_full, 7, out_mask, &bad);
}

/* ---- parsing ------------------------------------------------------------------------- */

struct word {
    const char *p;
    size_t len;
    size_t off;
};

static int word_is(const struct word *w, const char *lit)
{
    return w->len == strlen(lit) && strncmp(w->p, lit, w->len) == 0;
}

/* Copy a word into buf as a C string; 0 if it does not fit. */
static int word_copy(const struct word *w, char *buf, size_t n)
{
    if (w->len >= n)
        return 0;
    memcpy(buf, w->p, w->len);
    buf[w->len] = '\0';
    return 1;
}

/* A time of day for a schedule: HH:MM strictly before 24:00. */
static const char *parse_time_word(const struct word *w, double *out)
{
    char buf[WORD_MAX];
    const char *why;
    double v;
    if (!word_copy(w, buf, sizeof buf) || units_parse_clock(buf, &v, &why) != UNITS_OK)
        return "expected a time of day HH:MM, e.g. 13:00";
    if (v >= DAY_S)
        return "a schedule's time of day must be before 24:00";
    *out = v;
    return NULL;
}

#define FAIL(msg, off)          \
    do {                        \
        *why = (msg);           \
        *where = (off);         \
        return 1;               \
    } while (0)

/* "every INTERVAL [at HH:MM]" from the words w[0..nw) into *r; *next is the index of
 * the first word not read. The interval lies in SCHED_MIN_INTERVAL_S..
 * SCHED_MAX_INTERVAL_S. */
static int parse_every(const struct word *w, int nw, size_t end, struct sched *r, int *next,
                       const char **why, size_t *where)
{
    char buf[WORD_MAX];
    const char *uwhy, *err;
    double iv;
    int i = 2;
    r->kind = SCHED_EVERY;
    if (nw < 2)
        FAIL("expected an interval after 'every', e.g. every 6h", end);
    if (!word_copy(&w[1], buf, sizeof buf) ||
        units_parse_duration(buf, 0, &iv, &uwhy) != UNITS_OK)
        FAIL("the interval must be a duration such as 15m or 6h", w[1].off);
    if (!(iv > 0))
        FAIL("the interval must be longer than 0s", w[1].off);
    if (iv < SCHED_MIN_INTERVAL_S)
        FAIL("the interval must be at least 1s (recovery points closer together than "
             "a second cannot be told apart over a simulated century)", w[1].off);
    if (iv > SCHED_MAX_INTERVAL_S)
        FAIL("the interval must be at most 100 years", w[1].off);
    r->interval_s = iv;
    if (nw > i) {
        if (!word_is(&w[i], "at"))
            FAIL("expected 'at HH:MM' after the interval", w[i].off);
        if (nw < i + 2)
            FAIL("expected a time of day HH:MM after 'at'", end);
        if ((err = parse_time_word(&w[i + 1], &r->offset_s)) != NULL)
            FAIL(err, w[i + 1].off);
        i += 2;
    }
    *next = i;
    return 0;
}

/* The day of a monthly schedule: a day of the month 1..28, or "first-sun" (first,
 * second, third, fourth or last, then a day of the week). */
static int parse_month_day(const struct word *spec, struct sched *r, const char **why,
                           size_t *where)
{
    if (isdigit((unsigned char)spec->p[0])) {
        int v = 0;
        for (size_t k = 0; k < spec->len; k++) {
            if (!isdigit((unsigned char)spec->p[k]) || k >= 2)
                FAIL("the day of the month must be 1 to 28", spec->off);
            v = v * 10 + (spec->p[k] - '0');
        }
        if (v < 1 || v > 28)
            FAIL("the day of the month must be 1 to 28", spec->off);
        r->nth = 0;
        r->mday = v;
    } else {
        const char *dash = memchr(spec->p, '-', spec->len);
        int o = -1, d;
        size_t olen = dash ? (size_t)(dash - spec->p) : spec->len;
        for (int k = 0; k < 5; k++)
            if (olen == strlen(ordinals[k]) && strncmp(spec->p, ordinals[k], olen) == 0)
                o = k;
        if (o < 0 || dash == NULL)
            FAIL("expected first|second|third|fourth|last-DAY (e.g. first-sun) or a day "
                 "of the month 1 to 28", spec->off);
        d = lookup_name(dash + 1, spec->len - olen - 1, day_abbr, day_full, 7);
        if (d < 0)
            FAIL("expected a day of the week such as sun", spec->off + olen + 1);
        r->nth = o == 4 ? -1 : o + 1;
        r->weekday = d;
    }
    return 0;
}

/* Grammar in sched.h. Any schedule but "continuous" may end with a time zone word
 * ("UTC", "UTC+05:30"), which overrides tz_offset_s, so that sched_format's output
 * parses back to the same schedule. Missing words are reported at the end of the
 * text; extra words at the first one not expected. */
int sched_parse(const char *s, double tz_offset_s, struct sched *out, const char **why,
                size_t *where)
{
    return sched_parse_in(s, tz_offset_s, NULL, out, why, where);
}

int sched_parse_in(const char *s, double tz_offset_s, const struct tz *zone,
                   struct sched *out, const char **why, size_t *where)
{
    struct word w[MAX_WORDS];
    int nw = 0, i;
    size_t end;
    struct sched r;
    const char *err;

    if (s == NULL)
        FAIL("empty schedule", 0);
    end = strlen(s);
    for (size_t k = 0; k < end;) {
        if (s[k] == ' ' || s[k] == '\t') {
            k++;
            continue;
        }
        if (nw == MAX_WORDS)
            FAIL("unexpected word", k);
        w[nw].p = s + k;
        w[nw].off = k;
        while (k < end && s[k] != ' ' && s[k] != '\t')
            k++;
        w[nw].len = (size_t)(s + k - w[nw].p);
        nw++;
    }
    if (nw == 0)
        FAIL("empty schedule (use every, daily, weekly, monthly or continuous)", 0);

    memset(&r, 0, sizeof r);
    r.dow_mask = 0x7f;
    r.month_mask = 0xfff;
    r.tz_offset_s = zone ? tz_std_offset(zone) : tz_offset_s;
    r.tz = zone;

    if (word_is(&w[0], "continuous")) {
        if (nw > 1)
            FAIL("unexpected word after 'continuous'", w[1].off);
        r.kind = SCHED_CONTINUOUS;
        *out = r;
        return 0;
    }

    /* A trailing time zone word, if any, belongs to every other kind: a fixed offset,
     * or the name of the IANA zone given. */
    if (nw > 1) {
        char buf[WORD_MAX];
        double tz;
        if (word_copy(&w[nw - 1], buf, sizeof buf) && sched_parse_tz(buf, &tz) == 0) {
            r.tz_offset_s = tz;
            r.tz = NULL;
            nw--;
        } else if (zone && word_is(&w[nw - 1], tz_name(zone))) {
            nw--;
        }
    }

    if (word_is(&w[0], "every")) {
        if (parse_every(w, nw, end, &r, &i, why, where))
            return 1;
    } else if (word_is(&w[0], "daily")) {
        r.kind = SCHED_DAILY;
        if (nw < 2)
            FAIL("expected a time of day after 'daily', e.g. daily 13:00", end);
        if ((err = parse_time_word(&w[1], &r.offset_s)) != NULL)
            FAIL(err, w[1].off);
        i = 2;
        if (nw > i) {
            size_t bad;
            if (parse_name_list(w[i].p, w[i].len, day_abbr, day_full, 7, &r.dow_mask, &bad))
                FAIL("expected days such as Mon-Fri or Sat,Sun", w[i].off + bad);
            i++;
        }
    } else if (word_is(&w[0], "weekly")) {
        int d;
        r.kind = SCHED_WEEKLY;
        if (nw < 2)
            FAIL("expected a day after 'weekly', e.g. weekly Sun 13:00", end);
        d = lookup_name(w[1].p, w[1].len, day_abbr, day_full, 7);
        if (d < 0)
            FAIL("expected a day of the week such as Sun", w[1].off);
        r.dow_mask = 1u << d;
        if (nw < 3)
            FAIL("expected a time of day after the day, e.g. weekly Sun 13:00", end);
        if ((err = parse_time_word(&w[2], &r.offset_s)) != NULL)
            FAIL(err, w[2].off);
        i = 3;
    } else if (word_is(&w[0], "monthly")) {
        r.kind = SCHED_MONTHLY;
        if (nw < 2)
            FAIL("expected a day after 'monthly', e.g. monthly first-sun 13:00", end);
        if (parse_month_day(&w[1], &r, why, where))
            return 1;
        if (nw < 3)
            FAIL("expected a time of day after the day, e.g. monthly first-sun 13:00", end);
        if ((err = parse_time_word(&w[2], &r.offset_s)) != NULL)
            FAIL(err, w[2].off);
        i = 3;
        if (nw > i) {
            size_t bad;
            if (parse_name_list(w[i].p, w[i].len, month_abbr, month_full, 12, &r.month_mask,
                                &bad))
                FAIL("expected months such as Jan,Apr,Jul,Oct", w[i].off + bad);
            i++;
        }
    } else {
        FAIL("unknown schedule (use every, daily, weekly, monthly or continuous)", w[0].off);
    }
    if (nw > i)
        FAIL("unexpected word", w[i].off);
    *out = r;
    return 0;
}

/* ---- formatting ------------------------------------------------------------------------ */

/* Append printf output at *len, never past n; keeps *len meaningful on truncation. */
static void append(char *buf, size_t n, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void append(char *buf, size_t n, size_t *len, const char *fmt, ...)
{
    va_list ap;
    int k;
    if (*len >= n)
        return;
    va_start(ap, fmt);
    k = vsnprintf(buf + *len, n - *len, fmt, ap);
    va_end(ap);
    if (k > 0)
        *len = *len + (size_t)k < n ? *len + (size_t)k : n - 1;
}

/* A mask as a list of names with runs of three or more as ranges: "Mon-Sat",
 * "Sat,Sun", "Jan,Apr,Jul,Oct". */
static void append_mask(char *buf, size_t n, size_t *len, unsigned mask,
                        const char *const *names, int count)
{
    int first = 1;
    for (int i = 0; i < count;) {
        int j = i;
        if (!(mask & (1u << i))) {
            i++;
            continue;
        }
        while (j + 1 < count && (mask & (1u << (j + 1))))
            j++;
        if (j - i >= 2) {
            append(buf, n, len, "%s%s-%s", first ? "" : ",", names[i], names[j]);
        } else {
            for (int k = i; k <= j; k++) {
                append(buf, n, len, "%s%s", first ? "" : ",", names[k]);
                first = 0;
            }
        }
        first = 0;
        i = j + 1;
    }
}

static void append_clock(char *buf, size_t n, size_t *len, double s)
{
    long m = (long)floor(s / 60.0 + 0.5);
    append(buf, n, len, "%02ld:%02ld", m / 60, m % 60);
}

static void append_tz(char *buf, size_t n, size_t *len, double tz, const struct tz *zone)
{
    long m = (long)floor(fabs(tz) / 60.0 + 0.5);
    if (zone)
        append(buf, n, len, " %s", tz_name(zone));
    else if (m == 0)
        append(buf, n, len, " UTC");
    else
        append(buf, n, len, " UTC%c%02ld:%02ld", tz < 0 ? '-' : '+', m / 60, m % 60);
}

char *sched_format(const struct sched *s, char *buf, size_t n)
{
    static const char *const lower_days[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    size_t len = 0;
    char tmp[48];

    if (n == 0)
        return buf;
    buf[0] = '\0';
    switch (s->kind) {
    case SCHED_CONTINUOUS:
        append(buf, n, &len, "continuous");
        return buf;
    case SCHED_EVERY:
        append(buf, n, &len, "every %s", units_format_duration(s->interval_s, tmp, sizeof tmp));
        if (s->offset_s != 0) {
            append(buf, n, &len, " at ");
            append_clock(buf, n, &len, s->offset_s);
        }
        break;
    case SCHED_DAILY:
        append(buf, n, &len, "daily ");
        append_clock(buf, n, &len, s->offset_s);
        if ((s->dow_mask & 0x7f) != 0x7f) {
            append(buf, n, &len, " ");
            append_mask(buf, n, &len, s->dow_mask, day_abbr, 7);
        }
        break;
    case SCHED_WEEKLY: {
        int d = 0;
        while (d < 6 && !(s->dow_mask & (1u << d)))
            d++;
        append(buf, n, &len, "weekly %s ", day_abbr[d]);
        append_clock(buf, n, &len, s->offset_s);
        break;
    }
    case SCHED_MONTHLY:
        if (s->nth == 0)
            append(buf, n, &len, "monthly %d ", s->mday);
        else
            append(buf, n, &len, "monthly %s-%s ",
                   ordinals[s->nth < 0 ? 4 : (s->nth - 1) % 4], lower_days[s->weekday % 7]);
        append_clock(buf, n, &len, s->offset_s);
        if ((s->month_mask & 0xfff) != 0xfff) {
            append(buf, n, &len, " ");
            append_mask(buf, n, &len, s->month_mask, month_abbr, 12);
        }
        break;
    }
    append_tz(buf, n, &len, s->tz_offset_s, s->tz);
    return buf;
}

/* ---- working calendar ------------------------------------------------------------------ */

int sched_is_holiday(const struct sched_calendar *c, long civil)
{
    size_t lo = 0, hi = c->n_holidays;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->holidays[mid] == civil)
            return 1;
        if (c->holidays[mid] < civil)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* sched_period_local in an IANA zone, out of line: its call to tz_offset_at needs a
 * stack frame. */
static __attribute__((noinline)) enum sched_period
period_in_zone(const struct sched_calendar *c, long epoch_days, double t)
{
    return sched_period_local(c, epoch_days, t,
                              tz_offset_at(c->tz, t + (double)epoch_days * DAY_S));
}

/* The rule is sched_period_local's (models/sched.h), at the offset in force at t. */
enum sched_period sched_period_at(const struct sched_calendar *c, long epoch_days, double t)
{
    if (!(fabs(t) <= SCHED_PERIOD_T_MAX_S))
        return SCHED_NIGHT;
    if (c->tz == NULL)
        return sched_period_local(c, epoch_days, t, c->tz_offset_s);
    return period_in_zone(c, epoch_days, t);
}

const char *sched_period_name(enum sched_period p)
{
    switch (p) {
    case SCHED_BUSINESS:
        return "business";
    case SCHED_NIGHT:
        return "night";
    case SCHED_WEEKEND:
        return "weekend";
    }
    return "unknown";
}
