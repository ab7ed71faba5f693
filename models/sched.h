/* models/sched.h: cron-like backup schedules and the working calendar.
 *
 * Simulated time is seconds since the plan's epoch, a Monday 00:00 UTC, so "daily
 * 13:00 Mon-Sat", "weekly Sun 13:00" and "monthly first-sun 13:00 Jan,Apr,Jul,Oct"
 * mean what they say. The epoch's civil date (days since 1970-01-01) is part of each
 * calendar computation because months have different lengths.
 *
 * Schedule text (times are in the schedule's time zone: a fixed UTC offset, or an IANA
 * zone with daylight saving, models/tz.h):
 *   every 5m | every 6h [at HH:MM]         fixed interval, phase from HH:MM (default 00:00)
 *   daily HH:MM [DAYS]                     DAYS: Mon-Fri, Sat,Sun, Mon-Sat ... (default all)
 *   weekly DAY HH:MM
 *   monthly first-sun HH:MM [MONTHS]       first|second|third|fourth|last + mon..sun,
 *   monthly 1 HH:MM [MONTHS]               or a day of the month 1..28; MONTHS: Jan,Apr,...
 *   continuous                             log shipping: a point every instant (lag elsewhere)
 *
 * Any schedule but continuous may end with a time zone word ("UTC", "UTC+05:30"),
 * which overrides the zone passed in; sched_format writes one (an IANA zone by its
 * name), so its output parses back to the same schedule (given the same IANA zone).
 * Times of day lie in 00:00..23:59. Keywords are lower case; day and month names may
 * be in any case, abbreviated or in full.
 *
 * In an IANA zone, a daily, weekly or monthly time is local wall-clock time on each
 * day: "daily 02:00" in New York is 07:00 UTC in winter and 06:00 UTC in summer. A
 * time the clock skips (02:30 on the morning it goes forward) happens at the change
 * (03:00 new time), and a time it repeats (01:30 on the morning it goes back) happens
 * once, the first time; so occurrences never go back in time and two of them are at
 * least a second apart or the same (models/tz.h). A fixed interval ("every 6h") is
 * elapsed time, phased from the schedule's time on the epoch's local date: it does not
 * move with daylight saving.
 *
 * sched_prev answers "when did the newest occurrence at or before t start?"; calling
 * it again with (that start - 1e-6) walks back one occurrence at a time. Both run in
 * O(1) for every kind except monthly (O(months walked)); an IANA zone adds a binary
 * search in its table per candidate day.
 *
 * The working calendar classifies an instant as business hours, night or weekend for
 * a team in a time zone (fixed or IANA: the offset in force at the instant), with
 * holidays treated as weekend days.
 */
#ifndef DRSIM_SCHED_H
#define DRSIM_SCHED_H

#include <math.h>
#include <stddef.h>

struct tz;

/* Bounds on a fixed interval ("every 5m"). Below a second, the backward walk over
 * recovery points (sched_prev with start - 1e-6) stalls in double precision once
 * simulated time is large; above 100 years a schedule says nothing about a simulated
 * window, which is itself at most 100 years long. */
#define SCHED_MIN_INTERVAL_S 1.0
#define SCHED_MAX_INTERVAL_S (36525.0 * 86400.0)

enum sched_kind {
    SCHED_EVERY = 0,    /* every interval_s, first at offset_s after local midnight of epoch */
    SCHED_DAILY,        /* at offset_s after local midnight on days in dow_mask */
    SCHED_WEEKLY,       /* daily with exactly one day in dow_mask */
    SCHED_MONTHLY,      /* nth weekday (nth, weekday) or day of month (mday) */
    SCHED_CONTINUOUS    /* every instant */
};

struct sched {
    enum sched_kind kind;
    double interval_s;   /* SCHED_EVERY: seconds between starts, SCHED_MIN_INTERVAL_S..SCHED_MAX_INTERVAL_S */
    double offset_s;     /* seconds after local midnight (time of day, or phase) */
    unsigned dow_mask;   /* bit 0 = Monday ... bit 6 = Sunday; 0x7f = every day */
    unsigned month_mask; /* bit 0 = January ... bit 11 = December; 0xfff = every month */
    int nth;             /* SCHED_MONTHLY: 1..4 = first..fourth, -1 = last, 0 = use mday */
    int weekday;         /* SCHED_MONTHLY with nth: 0 = Monday ... 6 = Sunday */
    int mday;            /* SCHED_MONTHLY without nth: day of month 1..28 */
    double tz_offset_s;  /* local time = UTC + tz_offset_s (an IANA zone: its standard offset,
                            for display only) */
    const struct tz *tz; /* an IANA zone (borrowed: the plan owns it), NULL = tz_offset_s */
};

/* Parse schedule text (grammar above) with the given time zone offset. Returns 0 on
 * success; else non-zero with *why a static reason and *where the byte offset in s of
 * the offending word (so the loader can put the caret under it). */
int sched_parse(const char *s, double tz_offset_s, struct sched *out, const char **why,
                size_t *where);

/* sched_parse in IANA zone `zone` (NULL: the fixed tz_offset_s): a schedule without a
 * zone word of its own takes it, and a final word naming it (tz_name, as sched_format
 * writes) is accepted. The zone is borrowed and must outlive the schedule. */
int sched_parse_in(const char *s, double tz_offset_s, const struct tz *zone,
                   struct sched *out, const char **why, size_t *where);

/* Newest start at or before t (seconds since epoch), or -INFINITY when none exists
 * before the earliest representable time. epoch_days is the epoch's civil day number.
 * SCHED_CONTINUOUS returns t. */
double sched_prev(const struct sched *s, long epoch_days, double t);

/* sched_prev's answer for the two commonest schedules of backup rules, a fixed interval
 * and a time every day, both without an IANA zone, written out inline: a walk over
 * recovery points asks for its rules' newest points for every store, and this way it makes
 * no call and keeps its registers. The expressions are sched_prev's for these schedules,
 * in the same order, with floor taken by truncating: floor's value where the quotient is
 * positive and far inside a long, the only range answered here. Sets *p and returns 1;
 * returns 0 for anything else (sched_prev answers).
 * tests/test_backup.c holds it to sched_prev bit for bit. */
static inline int sched_prev_plain(const struct sched *s, double t, double *p)
{
    if (s->tz != NULL)
        return 0;
    if (s->kind == SCHED_EVERY) {
        const double base = s->offset_s - s->tz_offset_s;
        const double q = (t - base) / s->interval_s;
        if (!(q > 0.0 && q < 0x1p52))
            return 0;
        const long k = (long)q;
        *p = base + (double)k * s->interval_s;
        if (*p > t)
            *p -= s->interval_s;
        else if (*p + s->interval_s <= t)
            *p += s->interval_s;
        return 1;
    }
    if (s->kind != SCHED_DAILY || s->dow_mask != 0x7f)
        return 0;
    const double local = t + s->tz_offset_s;
    const double q = local / 86400.0;
    if (!(q > 0.0 && q < 0x1p52))
        return 0;
    long d = (long)q;
    if (local - (double)d * 86400.0 < s->offset_s)
        d--;
    for (int i = 0; i < 9; i++, d--) {
        *p = (double)d * 86400.0 + s->offset_s - s->tz_offset_s;
        if (*p <= t)
            return 1;
    }
    *p = -INFINITY;
    return 1;
}

/* sched_prev, through sched_prev_plain without a call where it answers. */
static inline double sched_prev_quick(const struct sched *s, long epoch_days, double t)
{
    double p;
    return sched_prev_plain(s, t, &p) ? p : sched_prev(s, epoch_days, t);
}

/* Earliest start strictly after t, or INFINITY when none exists (an empty day or
 * month mask). SCHED_CONTINUOUS returns t. */
double sched_next(const struct sched *s, long epoch_days, double t);

/* Write the schedule back as canonical text ("daily 13:00 Mon-Sat UTC"). */
char *sched_format(const struct sched *s, char *buf, size_t n);

/* Parse a time zone: "UTC", "UTC+5:30", "UTC-05:00", "+02:00", "Z". Result in seconds.
 * Returns 0 on success, non-zero for anything else (offsets beyond 14 h included). */
int sched_parse_tz(const char *s, double *out_offset_s);

/* Parse a day list such as "Mon-Fri", "Sat,Sun", "Mon-Sat" into a dow mask (ranges may
 * wrap: "Fri-Mon"). Returns 0 on success, non-zero (mask untouched) otherwise. */
int sched_parse_days(const char *s, unsigned *out_mask);

/* Local day index (relative to the epoch) of instant t in a zone of offset tz, and the
 * seconds into it. The day is the floor of local / 86400, taken by truncating the
 * quotient and stepping back when that went up (a negative quotient that is not whole):
 * the day floor() gives wherever its conversion to a long is defined, for fewer
 * instructions than floor() takes without SSE4.1. The time of day is the same number
 * too, but for a local time of -0, whose time of day here is -0 where floor's day would
 * give +0 (no comparison tells them apart). Inline: the schedules and the working
 * calendar (sched_period_quick) ask it on the engine's paths. */
static inline long sched_local_day(double t, double tz, double *tod)
{
    double local = t + tz;
    double q = local / 86400.0;
    long d = (long)q;
    d -= (double)d > q;
    *tod = local - (double)d * 86400.0;
    return d;
}

/* Weekday of a civil day number (days since 1970-01-01, a Thursday), 0 = Monday. */
static inline int sched_weekday_of_civil(long c)
{
    long w = (c + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

/* Working periods used for response times. */
enum sched_period { SCHED_BUSINESS = 0, SCHED_NIGHT = 1, SCHED_WEEKEND = 2 };
#define SCHED_N_PERIODS 3

struct sched_calendar {
    double tz_offset_s;       /* team's local time = UTC + this (an IANA zone: its standard
                                 offset, for display only) */
    unsigned workdays_mask;   /* bit 0 = Monday; days outside are weekend */
    double day_start_s;       /* business hours start, seconds after local midnight */
    double day_end_s;         /* business hours end (exclusive); before day_start: the hours
                                 cross midnight, and belong to the day they start on */
    const long *holidays;     /* sorted civil day numbers treated as weekend; borrowed */
    size_t n_holidays;
    const struct tz *tz;      /* an IANA zone (borrowed: the plan owns it); NULL = tz_offset_s
                                 (last, so positional initializers stay valid) */
};

/* The period of instant t (seconds since epoch), by the local time at t: with an IANA
 * zone, the offset in force at t (tz_offset_at). An instant further than
 * SCHED_PERIOD_T_MAX_S from the epoch, or NaN, has no civil day that a long can number:
 * it is SCHED_NIGHT (the engine never asks; the bound keeps the day's conversion
 * defined). */
#define SCHED_PERIOD_T_MAX_S 1e15 /* seconds, about 31.7 million years */
enum sched_period sched_period_at(const struct sched_calendar *c, long epoch_days, double t);

/* Whether civil day number `civil` is one of c's holidays (a binary search). */
int sched_is_holiday(const struct sched_calendar *c, long civil);

/* The period of local time of day tod on civil day `civil` (weekday wd, 0 = Monday). The
 * one statement of the rule, which sched_period_at follows for every calendar: business
 * hours are [day_start, day_end) local time on each workday that is not a holiday; when
 * day_end is before day_start the hours cross midnight, and the shift belongs to the day
 * it starts on (Friday's 22:00-06:00 runs into Saturday morning; Monday's early hours are
 * not Sunday's shift). Outside business hours, a workday is night and any other day
 * (weekend day or holiday) is weekend. Inline, and a leaf unless the calendar has
 * holidays. */
static inline __attribute__((always_inline)) enum sched_period
sched_period_rule(const struct sched_calendar *c, long civil, int wd, double tod)
{
    int business;
    int workday =
        (c->workdays_mask >> wd & 1) && !(c->n_holidays > 0 && sched_is_holiday(c, civil));
    if (c->day_start_s <= c->day_end_s)
        business = workday && tod >= c->day_start_s && tod < c->day_end_s;
    else    /* a shift that crosses midnight belongs to the day it starts on */
        business = (workday && tod >= c->day_start_s) ||
                   (tod < c->day_end_s && (c->workdays_mask >> (wd ? wd - 1 : 6) & 1) &&
                    !(c->n_holidays > 0 && sched_is_holiday(c, civil - 1)));
    return business ? SCHED_BUSINESS : workday ? SCHED_NIGHT : SCHED_WEEKEND;
}

/* sched_period_rule at t, |t| <= SCHED_PERIOD_T_MAX_S, given the offset in force there,
 * off (c->tz_offset_s without an IANA zone): the local civil day, its weekday and the
 * time of day. */
static inline __attribute__((always_inline)) enum sched_period
sched_period_local(const struct sched_calendar *c, long epoch_days, double t, double off)
{
    double tod;
    long civil = epoch_days + sched_local_day(t, off, &tod);
    return sched_period_rule(c, civil, sched_weekday_of_civil(civil), tod);
}

/* sched_period_at, without a call for a calendar in a fixed offset (the engine's pages:
 * a page's period is looked up where it is sent); an IANA zone or an instant out of
 * range goes to sched_period_at. tests/test_sched.c holds the two to each other. */
static inline enum sched_period sched_period_quick(const struct sched_calendar *c,
                                                   long epoch_days, double t)
{
    if (c->tz == NULL && fabs(t) <= SCHED_PERIOD_T_MAX_S)
        return sched_period_local(c, epoch_days, t, c->tz_offset_s);
    return sched_period_at(c, epoch_days, t);
}

/* Whether sched_period_span may be asked of c: a fixed offset of at most 1e6 s (the
 * parser's are within 14 h), business hours within the day (not crossing midnight) whose
 * bounds are whole seconds, from 0 to 86399. */
static inline int sched_span_ok(const struct sched_calendar *c)
{
    const double ds = c->day_start_s, de = c->day_end_s;
    return c->tz == NULL && fabs(c->tz_offset_s) <= 1e6 && 0.0 <= ds && ds <= de &&
           de <= 86399.0 && ds == (double)(long)ds && de == (double)(long)de;
}

/* sched_period_quick's answer at t for a calendar c of sched_span_ok, and a span
 * [*lo, *hi) of local times (t plus c->tz_offset_s, summed as there) over which it does
 * not change: every instant u whose u + c->tz_offset_s falls in the span has that period
 * under sched_period_quick, for c and for any calendar with the same offset, zone,
 * workdays, hours and holidays. A caller that asks again, often within the span, then
 * compares instead of looking up. The span is the stretch of local day d before, in or
 * after business hours, the day's last second left out, for d >= 1 (a quotient by 86400
 * of at least 1, whose truncation is sched_local_day's floor). A local time x in
 * [d 86400, d 86400 + 86399) has a quotient that floors to d (it could round up to d + 1
 * only within far less than a second of midnight); d 86400 is exact and at least half of
 * x, so the time of day is the exact difference (Sterbenz), which is before a whole
 * number of seconds b exactly when x is before d 86400 + b (exact too). So every x of the
 * span has the day, the workday and the stretch, and so the period, of the span. Empty
 * (both 0) for an instant beyond 1e14 s, a day before the epoch's next or an epoch before
 * 1970: the civil day is then not negative, and its weekday is sched_weekday_of_civil's
 * without the sign's correction. */
static inline enum sched_period sched_period_span(const struct sched_calendar *c,
                                                  long epoch_days, double t, double *lo,
                                                  double *hi)
{
    const double local = t + c->tz_offset_s, q = local / 86400.0;
    if (!(fabs(t) <= 1e14 && q >= 1.0 && epoch_days >= 0)) {
        *lo = *hi = 0.0;
        return sched_period_quick(c, epoch_days, t);
    }
    const long d = (long)q;
    const double tod = local - (double)d * 86400.0;
    const unsigned long civil = (unsigned long)(epoch_days + d);
    const enum sched_period per =
        sched_period_rule(c, (long)civil, (int)((civil + 3) % 7), tod);
    const double base = (double)d * 86400.0, ds = c->day_start_s, de = c->day_end_s;
    *lo = tod < ds ? base : tod < de ? base + ds : base + de;
    *hi = tod < ds ? base + ds : tod < de ? base + de : base + 86399.0;
    return per;
}

const char *sched_period_name(enum sched_period p); /* "business", "night", "weekend" */

#endif
