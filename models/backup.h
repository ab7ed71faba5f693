/* models/backup.h: recovery points, and the data an outage loses (RPO).
 *
 * A recovery point taken at time p by a backup rule is usable for an outage that
 * starts at time t only if (1) it is complete: p + completion <= t, where completion
 * is drawn from the rule's `complete` distribution; (2) it succeeded (each scheduled
 * point fails independently with the rule's failure probability); (3) it is still
 * retained: t - p <= retention; and (4) it lives somewhere the outage did not destroy
 * (a zone outage destroys in-zone copies, a region outage in-zone and in-region ones).
 * The newest such point over all of a store's rules gives the store's data loss,
 * t - p. A continuous rule (log shipping, point-in-time recovery) gives p = t - lag.
 *
 * Zone redundancy comes first in a zone outage: a synchronous replica or a cluster
 * spread over zones loses nothing, an asynchronous replica loses its replica lag, and
 * only a store with no zone redundancy falls back to its backups. A store that is
 * rebuilt from others has no data loss of its own (it follows its sources). An
 * unrecoverable store, or one with no usable point, loses everything: the loss is
 * INFINITY and the caller flags it.
 *
 * Random draws come from the struct dist_rng the caller passes (models/dist.h), keyed by
 * the identity `id` the caller gives the store: a rule's identity is
 * backup_rule_id(id, rule) = dist_rng_id_name(id, rule name); the point scheduled at p draws from its own stream
 * (rule identity, "point", p rounded to the second): first a failure uniform, then its
 * completion time; a continuous rule's lag from (rule, "lag"); an async replica's lag
 * from (store, "replica"). So a point's completion and success do not depend on which
 * other points or rules were visited, on the failure probability (the uniform is taken
 * even when it is 0), nor on any other store. The walk back over scheduled points goes
 * newest first and touches a point's stream only when its completion is random or the
 * failure probability positive; a fixed `complete` is used as is, and points newer than
 * t minus it are skipped without a visit. It stops at the first usable point, once
 * retention is exceeded, or (for a store) once no older point of the rule could beat
 * another rule's. A rule with fixed completion and no failures never touches the
 * generator (r may then be NULL); neither does a zone outage of a sync/cluster store,
 * or a fixed replica lag. The walk is capped at 100000 points
 * per rule; a rule that reaches the cap (only a pathological one can) counts as
 * having no usable point.
 */
#ifndef DRSIM_BACKUP_H
#define DRSIM_BACKUP_H

#include <stdint.h>

#include "models/dist.h"
#include "models/plan.h"

/* Newest usable point of one rule for an outage of `scope` starting at t (seconds since
 * the epoch), or -INFINITY when the rule has none (destroyed, none retained, all failed).
 * epoch_days is plan->calendar.epoch_days; id is the rule's identity (as
 * backup_store_loss derives it: dist_rng_id_name(store id, rule name)). */
double backup_rule_latest(const struct backup_rule *rule, enum outage_scope scope,
                          long epoch_days, double t, struct dist_rng *r, uint64_t id);

/* The identity of a store's rule: dist_rng_id_name(store_id, rule->name). */
uint64_t backup_rule_id(uint64_t store_id, const struct backup_rule *rule);

/* Data lost by store st in an outage of `scope` starting at t, in seconds: 0 when a zone
 * replica or cluster keeps it (zone outages) or when it is rebuilt; the async replica lag
 * (zone outages); else t minus the newest usable point over all rules; INFINITY when
 * there is none or the store is unrecoverable. id is the store's identity in this
 * trial's streams (see above); rule_ids, when not NULL, holds backup_rule_id(id, rule)
 * for each of its rules, computed once by the caller (hashing names in every trial
 * would cost the engine about 8 % of its time). */
double backup_store_loss(const struct store *st, enum outage_scope scope, long epoch_days,
                         double t, struct dist_rng *r, uint64_t id, const uint64_t *rule_ids);

/* Whether the store's data must be restored (from backups or rebuilt) in this scope:
 * true in a region outage for every store, and in a zone outage for stores without
 * zone redundancy. */
int backup_store_needs_restore(const struct store *st, enum outage_scope scope);

/* Worst-case data loss of one rule assuming every point succeeds and completes in the
 * rule's P95 completion time: the longest gap between consecutive points plus that
 * completion time (the lag's P95 for a continuous rule); INFINITY when the location does
 * not survive the scope. Over the calendar's first year. For the Data stores sheet. */
double backup_rule_worst_case(const struct backup_rule *rule, enum outage_scope scope,
                              long epoch_days);

#endif
