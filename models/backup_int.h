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

/* Forget every answer m keeps. */
static inline void memo_clear(struct backup_sched_memo *m)
{
    m->last_in[0] = m->last_in[1] = NAN;
    for (int i = 0; i < BACKUP_SCHED_MEMO; i++)
        m->lo[i] = m->hi[i] = m->out[i] = NAN;
    m->next = 0;
}

#endif
