/* models/backup_scope.c: what an outage of a scope asks of a store and its backup rules,
 * without a trial: whether the store is affected and needs a restore, and the worst loss a
 * rule can leave (models/backup.h). */
#include "models/backup.h"
#include "models/backup_int.h"

#include <math.h>

#include "models/dist.h"
#include "models/sched.h"

#define YEAR_S (365.0 * 86400.0)   /* the first year of the calendar, over which gaps are measured */

int backup_store_needs_restore(const struct store *st, enum outage_scope scope)
{
    if (scope == OUTAGE_NONE)
        return 0;
    if (scope == OUTAGE_REGION)
        return 1;
    return st->zone_mode == STORE_ZONE_NONE;
}

int backup_store_affected(const struct store *st, enum outage_scope scope)
{
    if (scope == OUTAGE_NONE)
        return 0;
    return scope == OUTAGE_REGION || st->zone_mode != STORE_ZONE_CLUSTER;
}

/* The loss just before a point completes is the gap back to the previous point
 * plus the completion time, so the worst case is the longest gap plus the P95
 * completion; if that exceeds retention the older point has expired by then and
 * nothing is usable: INFINITY. Gaps are measured over the calendar's first year,
 * including the gap that straddles its start. */
double backup_rule_worst_case(const struct backup_rule *rule, enum outage_scope scope,
                              long epoch_days, enum backup_worst *why)
{
    const struct sched *s = &rule->schedule;
    double c95, gap = 0.0, worst;
    enum backup_worst dummy;

    if (why == NULL)
        why = &dummy;
    *why = BACKUP_WORST_DESTROYED;
    if (!location_survives(rule->location, scope))
        return INFINITY;
    *why = BACKUP_WORST_FAILS;
    if (s->kind != SCHED_CONTINUOUS && rule->failure_prob >= 1.0)
        return INFINITY;
    *why = BACKUP_WORST_NO_POINT;
    if (s->kind == SCHED_CONTINUOUS) {
        worst = dist_quantile(&rule->lag, 0.95);
    } else {
        c95 = dist_quantile(&rule->complete, 0.95);
        if (s->kind == SCHED_EVERY) {
            gap = s->interval_s;
        } else {
            double p = sched_prev(s, epoch_days, 0.0);
            if (!isfinite(p))
                return INFINITY;
            for (int i = 0; i < 2000 && p <= YEAR_S; i++) {
                double nx = sched_next(s, epoch_days, p);
                if (!isfinite(nx))
                    return INFINITY;
                if (nx - p > gap)
                    gap = nx - p;
                p = nx;
            }
        }
        worst = gap + c95;
    }
    *why = worst > rule->retention_s ? BACKUP_WORST_EXPIRES : BACKUP_WORST_FINITE;
    return worst;
}
