/* models/backup_int.h: what the two files of the backup model share (not a public
 * interface). models/backup.c walks the rules and runs the copy queues in every trial;
 * models/backup_shared.c makes, once per worker, the tables of struct backup_shared that
 * those walks and queues read (models/backup.h, "shared fate and shared capacity").
 */
#ifndef DRSIM_BACKUP_INT_H
#define DRSIM_BACKUP_INT_H

#include <math.h>

#include "models/backup.h"
#include "models/sched.h"

/* A copy job's place in the start order (run_queues sorts these; run_region runs them). */
struct copy_key {
    double ready_s;         /* when its transfer may start: point + completion draw */
    int region;             /* its region (1 + index into plan->copy_regions) */
    int code;               /* k * BACKUP_COPY_POINTS + (BACKUP_COPY_POINTS - 1 - j) for rule
                               k (global index) and instant j (0 = newest): ascending codes
                               are store order, then the older instant first */
};

/* The slot (k * BACKUP_COPY_POINTS + j) of the job with start-order code `code`. */
static inline int code_slot(int code)
{
    unsigned j_rev = (unsigned)code % BACKUP_COPY_POINTS; /* unsigned: codes are not negative */
    return code - (int)j_rev + (BACKUP_COPY_POINTS - 1 - (int)j_rev);
}

/* A copy class's simulated instant (run_queues lists them in time order). */
struct copy_inst {
    double pt;              /* the instant, seconds since the epoch */
    int c;                  /* the class's place in copy_classes */
    int j;                  /* which of its newest instants (0 = newest) */
};

/* Whether two schedules are the same (field by field: padding is not compared). */
static inline int same_sched(const struct sched *a, const struct sched *b)
{
    return a->kind == b->kind && a->interval_s == b->interval_s && a->offset_s == b->offset_s &&
           a->dow_mask == b->dow_mask && a->month_mask == b->month_mask && a->nth == b->nth &&
           a->weekday == b->weekday && a->mday == b->mday && a->tz_offset_s == b->tz_offset_s &&
           a->tz == b->tz;
}

/* The locations whose copies survive an outage of `scope`, one bit per enum
 * backup_location (a store's search finds them once for all its rules). */
static inline unsigned surviving_locations(enum outage_scope scope)
{
    const unsigned all = 1u << BACKUP_IN_ZONE | 1u << BACKUP_IN_REGION |
                         1u << BACKUP_CROSS_REGION;
    if (scope == OUTAGE_NONE)
        return all;
    if (scope == OUTAGE_ZONE)
        return all & ~(1u << BACKUP_IN_ZONE);
    return 1u << BACKUP_CROSS_REGION;
}

/* Whether a copy kept at `loc` survives an outage of `scope`. */
static inline int location_survives(enum backup_location loc, enum outage_scope scope)
{
    return surviving_locations(scope) >> loc & 1u;
}

/* sched_prev(s, epoch_days, t) (models/sched.h), with the two commonest schedules of
 * backup rules written out here: a fixed interval and a daily time, both without an IANA
 * zone. They are models/sched.c's very expressions in the same order (its offset_at,
 * local_to_t and day_start_utc are the fixed offset's arithmetic without a zone), with
 * floor taken as its local_day takes it: truncated, stepped back when that went up. That
 * is floor's value here, where the quotient is positive (its sign cannot differ) and far
 * inside a long; elsewhere sched_prev is asked. Every store's walk asks for its rules'
 * first points, and this costs no call, so its registers stay live across it. Daily is
 * the weekly kind on every day: the weekday no longer matters. tests/test_backup.c
 * holds it to sched_prev. */
static inline double backup_sched_prev(const struct sched *s, long epoch_days, double t)
{
    if (s->tz == NULL && s->kind == SCHED_EVERY) {
        const double base = s->offset_s - s->tz_offset_s;
        const double q = (t - base) / s->interval_s;
        if (t > base && q < 0x1p52) {
            long k = (long)q;
            k -= (double)k > q;
            double p = base + (double)k * s->interval_s;
            if (p > t)
                p -= s->interval_s;
            else if (p + s->interval_s <= t)
                p += s->interval_s;
            return p;
        }
    } else if (s->tz == NULL && s->kind == SCHED_DAILY && s->dow_mask == 0x7f) {
        const double local = t + s->tz_offset_s;
        const double q = local / 86400.0;
        if (q > 0.0 && q < 0x1p52) {
            long d = (long)q;
            d -= (double)d > q;
            double tod = local - (double)d * 86400.0;
            if (tod < s->offset_s)
                d--;
            for (int i = 0; i < 9; i++, d--) {
                double p = (double)d * 86400.0 + s->offset_s - s->tz_offset_s;
                if (p <= t)
                    return p;
            }
            return -INFINITY;
        }
    }
    return sched_prev(s, epoch_days, t);
}

/* Forget every answer m keeps. */
static inline void memo_clear(struct backup_sched_memo *m)
{
    m->last_in[0] = m->last_in[1] = NAN;
    for (int i = 0; i < BACKUP_SCHED_MEMO; i++)
        m->lo[i] = m->hi[i] = m->out[i] = NAN;
    m->next = 0;
}

#endif
