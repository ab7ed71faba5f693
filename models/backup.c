/* models/backup.c: the newest usable recovery point of each backup rule, and the
 * data a store loses in an outage.
 *
 * This runs for every store in every trial, so it is written to do as little as
 * possible: points are visited newest first with sched_prev (or by subtracting the
 * interval for a fixed-interval schedule), a point's stream is touched only when its
 * completion is random or its failure probability positive, and the walk stops at the
 * first usable point, once retention is exceeded, or once no older point could beat the
 * best one already found from another rule of the same store. With a fixed completion time
 * L, points newer than t - L cannot be complete, so the walk starts at
 * sched_prev(t - L) instead of stepping over them.
 *
 * Draws are keyed, not sequential: the failure uniform and the completion time of the
 * point scheduled at p come from the stream of identity (store, rule name, p rounded
 * to the second) (models/backup.h), failure first, so whether a point is visited, and
 * in which order, changes nothing about any other point's draws.
 *
 * The walk is capped at BACKUP_MAX_WALK points. Only a pathological rule reaches
 * the cap (a tiny interval with retention forever and nearly certain failure, say);
 * the rule then counts as having no usable point, the conservative answer.
 */
#include "models/backup.h"

#include <math.h>

#include "models/dist.h"
#include "models/sched.h"

#define BACKUP_MAX_WALK 100000   /* points visited per rule per call, at most */
#define YEAR_S (365.0 * 86400.0)

/* Parts of a store's or rule's identity (arbitrary distinct tags). */
#define PART_POINT UINT64_C(0x706f696e74)      /* "point": a scheduled point's draws */
#define PART_LAG UINT64_C(0x6c6167)            /* "lag": a continuous rule's lag */
#define PART_REPLICA UINT64_C(0x7265706c696361) /* "replica": an async replica's lag */

/* Whether a copy kept at `loc` survives an outage of `scope`. */
static int location_survives(enum backup_location loc, enum outage_scope scope)
{
    if (scope == OUTAGE_ZONE)
        return loc != BACKUP_IN_ZONE;
    return loc == BACKUP_CROSS_REGION;
}

/* The point scheduled just before p (p is itself an occurrence). For a fixed
 * interval that is exact arithmetic; calendar schedules are at least a day apart,
 * so stepping back one second and asking again is safe against rounding. */
static double previous_point(const struct sched *s, long epoch_days, double p)
{
    if (s->kind == SCHED_EVERY)
        return p - s->interval_s;
    return sched_prev(s, epoch_days, p - 1.0);
}

/* Newest usable point of a rule that is newer than `floor`, or -INFINITY if there
 * is none. floor lets the store-level search skip rules that cannot improve on a
 * point another rule already gave; -INFINITY asks for the rule's own answer. A
 * continuous rule gives t - lag when the lag is within retention (its failure
 * probability does not apply: lag already models shipping delays). */
static double rule_latest_above(const struct backup_rule *rule, enum outage_scope scope,
                                long epoch_days, double t, struct dist_rng *r, uint64_t id,
                                double floor_p)
{
    const struct sched *s = &rule->schedule;
    int fixed = rule->complete.kind == DIST_FIXED;
    double fixed_l = rule->complete.p[0];
    double q = rule->failure_prob;
    double p;

    if (!location_survives(rule->location, scope))
        return -INFINITY;
    if (s->kind == SCHED_CONTINUOUS) {
        double lag = rule->lag.p[0];
        if (rule->lag.kind != DIST_FIXED) {
            r->select(r, dist_rng_id(id, PART_LAG));
            lag = dist_sample(&rule->lag, r);
        }
        p = t - lag;
        if (lag > rule->retention_s || p <= floor_p)
            return -INFINITY;
        return p;
    }
    if (q >= 1.0)
        return -INFINITY;
    if (fixed && isinf(fixed_l))
        return -INFINITY;
    /* A point is at or before the newest time it could be at; when that is already no
     * better than the floor (or past retention), the walk below would stop at once. */
    double newest = fixed ? t - fixed_l : t;
    if (newest <= floor_p || t - newest > rule->retention_s)
        return -INFINITY;
    p = sched_prev(s, epoch_days, newest);
    /* The points' family identity, made only when a point's stream is first needed
     * (most walks stop before any draw). */
    uint64_t points = 0;
    int have_points = 0;
    for (long i = 0; i < BACKUP_MAX_WALK; i++) {
        double c = fixed_l, u_fail = 1.0;
        if (!isfinite(p) || p <= floor_p || t - p > rule->retention_s)
            return -INFINITY;
        if (q > 0.0 || !fixed) {
            /* The point's own stream: the failure uniform first (taken even when q is
             * 0, so the completion draws never depend on q), then the completion. */
            if (!have_points) {
                points = dist_rng_id(id, PART_POINT);
                have_points = 1;
            }
            r->select(r, dist_rng_id(points, (uint64_t)(int64_t)llround(p)));
            u_fail = r->uniform(r);
            if (!fixed)
                c = dist_sample(&rule->complete, r);
        }
        if (p + c <= t && u_fail >= q)
            return p;
        p = previous_point(s, epoch_days, p);
    }
    return -INFINITY;
}

double backup_rule_latest(const struct backup_rule *rule, enum outage_scope scope,
                          long epoch_days, double t, struct dist_rng *r, uint64_t id)
{
    return rule_latest_above(rule, scope, epoch_days, t, r, id, -INFINITY);
}

/* Zone redundancy decides a zone outage before any backup is consulted; after that
 * a rebuilt store loses nothing of its own and an unrecoverable one loses
 * everything. The newest point over all rules is searched with a rising floor so
 * that a rule which cannot beat the best point so far costs no draws. */
uint64_t backup_rule_id(uint64_t store_id, const struct backup_rule *rule)
{
    return dist_rng_id_name(store_id, rule->name);
}

double backup_store_loss(const struct store *st, enum outage_scope scope, long epoch_days,
                         double t, struct dist_rng *r, uint64_t id, const uint64_t *rule_ids)
{
    double best = -INFINITY;

    if (scope == OUTAGE_ZONE) {
        switch (st->zone_mode) {
        case STORE_ZONE_SYNC:
        case STORE_ZONE_CLUSTER:
            return 0.0;
        case STORE_ZONE_ASYNC:
            if (st->replica_lag.kind == DIST_FIXED)
                return st->replica_lag.p[0];
            r->select(r, dist_rng_id(id, PART_REPLICA));
            return dist_sample(&st->replica_lag, r);
        case STORE_ZONE_NONE:
            break;
        }
    }
    if (st->recovery == STORE_RECOVER_REBUILD)
        return 0.0;
    if (st->recovery == STORE_RECOVER_NONE)
        return INFINITY;
    for (size_t i = 0; i < st->n_rules; i++) {
        /* Copies the outage destroys are skipped here, without the call (the check is
         * repeated inside: rule_latest_above stands alone). */
        if (!location_survives(st->rules[i].location, scope))
            continue;
        uint64_t rule_id = rule_ids ? rule_ids[i] : backup_rule_id(id, &st->rules[i]);
        double p = rule_latest_above(&st->rules[i], scope, epoch_days, t, r, rule_id, best);
        if (p > best)
            best = p;
    }
    return isfinite(best) ? t - best : INFINITY;
}

int backup_store_needs_restore(const struct store *st, enum outage_scope scope)
{
    if (scope == OUTAGE_REGION)
        return 1;
    return st->zone_mode == STORE_ZONE_NONE;
}

/* The loss just before a point completes is the gap back to the previous point
 * plus the completion time, so the worst case is the longest gap plus the P95
 * completion; if that exceeds retention the older point has expired by then and
 * nothing is usable: INFINITY. Gaps are measured over the calendar's first year,
 * including the gap that straddles its start. */
double backup_rule_worst_case(const struct backup_rule *rule, enum outage_scope scope,
                              long epoch_days)
{
    const struct sched *s = &rule->schedule;
    double c95, gap = 0.0, worst;

    if (!location_survives(rule->location, scope))
        return INFINITY;
    if (s->kind == SCHED_CONTINUOUS) {
        double lag95 = dist_quantile(&rule->lag, 0.95);
        return lag95 > rule->retention_s ? INFINITY : lag95;
    }
    if (rule->failure_prob >= 1.0)
        return INFINITY;
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
    return worst > rule->retention_s ? INFINITY : worst;
}
