/* models/backup.h: recovery points, and the data an outage loses (RPO).
 *
 * A recovery point taken at time p by a backup rule is usable for an outage that
 * starts at time t only if (1) it is complete: p + completion <= t, where completion
 * is drawn from the rule's `complete` distribution (plus, for a rule with `copy_to`, its
 * copy's transfer through the shared capacity, below); (2) it succeeded (each scheduled
 * point fails with the rule's failure probability, independently, and with its failure
 * group's, below); (3) it is still
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

#include <math.h>
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

/* What the walks derive from a rule's identity, made once by a caller that keeps its
 * rules' identities (for a scenario, say), so that no walk makes it: */
struct backup_rule_ids {
    uint64_t id;                /* the rule's identity: backup_rule_id(store id, rule) */
    uint64_t point_key;         /* dist_rng_id_key(dist_rng_id(id, "point")): the point
                                   scheduled at p draws from dist_rng_id_part(point_key, p
                                   rounded to the second) */
    int simple;                 /* the rule is scheduled (not continuous), fails less than
                                   always, keeps its points (retention not negative) and
                                   draws its completion from one uniform (neither fixed nor
                                   gamma): an outage's walk without shared state then skips
                                   the tests those settle (0 is always safe) */
};

/* The identities of a store's rule (struct backup_rule_ids) under store identity store_id,
 * with what the rule is as it is now (simple): make them again after changing the rule. */
struct backup_rule_ids backup_rule_ids_of(uint64_t store_id, const struct backup_rule *rule);

/* The bucket bounds of the plan's lognormal completions. A point's completion time is
 * only ever compared, so a lognormal one is first known only as the bounds of the bucket
 * its uniform fell in (one of 256 of equal probability) and computed, from the same
 * uniform, only when they do not decide (models/backup.c). The bounds are a pure function
 * of the distribution, so they are made once with the plan: backup_bounds_init makes one
 * table per distinct lognormal completion of p's rules, owned by p (p->complete_bounds,
 * freed by plan_free) and borrowed by each rule that has it (rule->complete_bounds); a
 * distribution too spread for them (sigma over 50) gets none. A rule without bounds has
 * every completion computed, which gives the same numbers: a plan built by hand works
 * without them. The loader calls it once the stores are loaded; it replaces any bounds p
 * had, so call it again after changing a rule's completion. Returns 0, or -1 when out of
 * memory (then no rule has bounds). backup_bounds_fini frees the tables and clears every
 * rule's pointer (for a plan built by hand: plan_free frees them too). */
int backup_bounds_init(struct plan *p);
void backup_bounds_fini(struct plan *p);

/* Data lost by store st in an outage of `scope` starting at t, in seconds: 0 when the
 * scope destroys nothing (OUTAGE_NONE: a logical-damage scenario's stores that it does not
 * damage lose nothing; its damaged ones go through backup_store_loss_damaged), when a zone
 * replica or cluster keeps it (zone outages) or when it is rebuilt; the async replica lag
 * (zone outages); else t minus the newest usable point over all rules; INFINITY when
 * there is none or the store is unrecoverable. id is the store's identity in this
 * trial's streams (see above); rule_ids, when not NULL, holds backup_rule_ids_of(id, rule)
 * for each of its rules, computed once by the caller (hashing names in every trial
 * would cost the engine about 8 % of its time; NULL: each walk makes its rule's).
 * Failure groups and copy queues do not apply here (see backup_store_loss_shared). */
double backup_store_loss(const struct store *st, enum outage_scope scope, long epoch_days,
                         double t, struct dist_rng *r, uint64_t id,
                         const struct backup_rule_ids *rule_ids);

/* Two streams' first two uniforms in one call: u[0] from stream id0, u[1] from id1, the
 * stream left where first_two(id1) leaves it (struct dist_rng's first_two, twice). */
typedef void backup_first_two_pair_fn(struct dist_rng *r, uint64_t id0, uint64_t id1,
                                      struct dist_u2 u[2]);

/* backup_store_loss of two stores, sa and sb, in one outage at t, with both walks' first
 * points drawn by one call of first_two_pair: loss[0] is sa's, loss[1] sb's, the same
 * numbers as two calls of backup_store_loss give (each point draws from its own stream,
 * so which is drawn first moves nothing). It answers only a region outage of two stores
 * each restored from one simple rule (struct backup_rule_ids) kept cross-region, both
 * with a first point (neither before the schedule's first instant nor past retention):
 * returns 1 then, and 0, touching nothing, otherwise (the caller asks backup_store_loss).
 * ids_a and ids_b as backup_store_loss's rule_ids, not NULL. */
int backup_store_loss_pair(const struct store *sa, const struct store *sb,
                           enum outage_scope scope, long epoch_days, double t,
                           struct dist_rng *r, backup_first_two_pair_fn *first_two_pair,
                           const struct backup_rule_ids *ids_a,
                           const struct backup_rule_ids *ids_b, double loss[2]);

/* ---- shared fate and shared capacity ------------------------------------------------
 *
 * Failure groups: a rule with `failure_group` also loses the point scheduled at p when
 * its group's draw for p fails: one uniform from the stream (group identity, p rounded
 * to the second), the group identity being backup_group_id(base, group) for a base the
 * caller gives per scenario, never a store's. Every member with a point at the same
 * instant reads the same uniform, so members fail together with the group's
 * probability and never one without the other; adding or removing a member changes no
 * other draw. The rule's own `failure` is drawn independently on top: a point is
 * usable when neither fails, so it fails with 1 - (1 - failure)(1 - group failure).
 *
 * Copy capacity: a rule with `copy_to` moves copy_fraction x the store's size to its
 * destination region once the point's `complete` time has passed; the region's copies
 * run at most `concurrency` at a time (the others wait, in order of ready time, ties by
 * store order then rule order), and those in flight share `bandwidth` equally, each at
 * most `per_copy`. backup_shared_run computes, once per trial, the finishing times of
 * the copies of every such rule's BACKUP_COPY_POINTS newest instants at or before t
 * and within BACKUP_COPY_HORIZON_S of it (those that decide the loss at t), starting
 * from an empty queue (run when a walk first needs them: a walk that asks no reasons
 * settles a point from its own draws when no queue could change whether it is done by
 * t, see copy_bound_s, or from all the simulated points' draws when the copies that can
 * share the queue with it could not, see copies_drawn); older instants count
 * as copied alone (their completion plus size / min(per_copy, bandwidth)). Draws are
 * the points' own (failure uniform, then completion, as in the walk), so the queue
 * changes no draw: what a store's size changes is the finishing times of the other
 * copies queued in the same region, and nothing else. */

#define BACKUP_COPY_POINTS 2 /* newest scheduled instants per queued rule simulated per trial */
#define BACKUP_COPY_HORIZON_S (8.0 * 86400.0) /* instants older than this before t are not
                                                 queued (they count as copied alone) */

/* Why a store's newest usable point is not a newer one (backup_store_loss_shared). */
#define BACKUP_WHY_GROUP 1   /* a newer point was lost to its failure group */
#define BACKUP_WHY_QUEUED 2  /* a newer point's copy, which alone would have been done by
                                t, was still waiting or sharing the bandwidth at t */

/* The first two uniforms of each of n streams of the current trial: u[j][0] and u[j][1]
 * are what r->select(r, ids[j]) and then two r->uniform(r) would give. An engine that
 * can compute many streams' first blocks at once (sim/rng.h) sets this in struct
 * backup_shared; the copy queues then take all their points' draws in one call. It may
 * leave r positioned in any stream. */
typedef void backup_first_uniforms_fn(struct dist_rng *r, const uint64_t *ids, int n,
                                      double (*u)[2]);

#define BACKUP_SETTLE_MIN_RULES 8 /* queued rules from which walks settle points by the
                                     queue's bound (struct backup_shared) */
#define BACKUP_MEMO 6 /* failure group draws kept per group */
#define BACKUP_SCHED_MEMO 16 /* distinct answers of sched_prev kept per monthly schedule */

/* sched_prev answers for one distinct schedule (struct backup_shared): a pure function of
 * the schedule, the epoch and t, so kept across trials. The last two are kept for every
 * schedule. A monthly schedule's answer (its newest occurrence at or before t, each
 * occurrence computed the same way whichever t asks) is a step function of t that never
 * decreases, so when two instants got the same answer every instant between them has it
 * too: a slot keeps the span of the instants asked that got its answer, and the dozen
 * answers of a year soon cover most of it. */
struct backup_sched_memo {
    double last_in[2];          /* the two instants asked last, the latest first, seconds
                                   since the epoch (NAN: none) */
    double last_out[2];         /* their answers */
    double lo[BACKUP_SCHED_MEMO]; /* (monthly schedules) the earliest instant asked that
                                   got out[i], seconds since the epoch (NAN: empty) */
    double hi[BACKUP_SCHED_MEMO]; /* the latest */
    double out[BACKUP_SCHED_MEMO]; /* sched_prev's answer for every instant in [lo, hi] */
    int next;                   /* the slot the next new answer replaces */
};

/* A failure group's uniforms for the instants already asked in this trial. */
struct backup_group_memo {
    double at[BACKUP_MEMO];     /* the instant, seconds since the epoch */
    double u[BACKUP_MEMO];      /* the group's uniform for it */
    int n;                      /* slots filled (cleared by backup_shared_run) */
    int next;                   /* the slot the next one replaces once all are filled */
};

/* What the copy queues need of one queued rule (struct backup_shared keeps them by
 * global rule index). Its bytes are fixed with the plan, as copy_alone_s is; the rule's
 * completion and failure are read from it at every run. */
struct backup_copy_rule {
    const struct backup_rule *rule; /* the rule */
    double left_b;              /* bytes one copy moves: copy_fraction x the store's size */
    int region;                 /* its copy_region (1 + index into plan->copy_regions) */
};

/* What a store's search (with shared state) reads of a rule before its walk, side by
 * side: its newest possible point is t - off_fixed - off_alone (a fixed completion and a
 * queued copy's time alone; both 0 for a random completion). */
struct backup_rule_pre {
    double off_fixed, off_alone;
    double retention_s;
    int sched;                  /* its schedule class */
    int continuous;             /* a continuous rule (searched as any rule is without it) */
    int first_class;            /* rules equal in all of the above share a class, whose
                                   first point is kept per outage (struct backup_shared) */
    int by_day;                 /* every point of the schedule is at one time of day in a
                                   fixed offset (daily, weekly, monthly without an IANA
                                   zone): day d's is d * 86400 + day_offset_s - day_tz_s */
    double day_offset_s, day_tz_s; /* (by_day) the schedule's offset_s and tz_offset_s */
};

/* One trial's shared backup state (per worker; not shared between threads). */
struct backup_shared {
    const struct plan *p;
    int n_rules;                /* rules over all stores */
    int *rule_first;            /* [n_stores] global index of store s's first rule */
    int has_copies;             /* some rule has copy_to */
    backup_first_uniforms_fn *first_uniforms; /* optional (NULL: select and uniform, one
                                   point at a time); set by the engine after
                                   backup_shared_new */
    const uint64_t *group_ids;  /* [p->n_groups] this scenario's group identities (run sets) */
    const struct backup_rule_ids *rule_ids; /* [n_rules] this scenario's rule identities and
                                   point keys (run sets) */
    long epoch_days;            /* the plan's calendar epoch (run sets) */
    double t;                   /* the outage start the queues are for (run sets) */
    int queues_run;             /* the queues for t have been run (the first walk that
                                   reaches an instant they cover runs them) */
    double *class_alone_s;      /* [n_classes] seconds the copies of one instant of the
                                   class take alone, all its queued rules' together */
    int instants_found;         /* class_point_s, inst and settle_bound_s are for t */
    int n_inst;                 /* instants in inst */
    double settle_bound_s;      /* seconds by which any simulated copy ready by t is done,
                                   as copy_bound_s, over the copies of this t's instants */
    int settle_by_bound;        /* walks that want no reasons may settle a queued point
                                   without the queue (copy_bound_s): the plan queues at
                                   least BACKUP_SETTLE_MIN_RULES rules, whose queue costs
                                   far more than the draws that spare it */
    double *copy_done_s;        /* [n_rules * BACKUP_COPY_POINTS] when the copy of each
                                   simulated point (a queued rule's, at its class's
                                   class_point_s) finished, seconds since the epoch;
                                   INFINITY when not by t (valid once queues_run) */
    double *copy_alone_s;       /* [n_rules] seconds one copy takes alone (0: not queued) */
    double *copy_bound_s;       /* [n_rules] seconds by which any copy of a queued rule
                                   ready by t is done, whatever else its region's queue
                                   holds: the queue is busy from its ready time until it
                                   is done, moving at least min(per_copy, bandwidth)
                                   bytes per second, so at most every copy the region
                                   could hold, each alone, with a margin for rounding */
    double *copy_ufail;         /* [n_rules * BACKUP_COPY_POINTS] each simulated point's
                                   failure uniform (1 when not drawn), for the walk */
    double *copy_c_s;           /* [same] its completion draw, seconds: once the queue has
                                   run, the draw itself; before, its lower bound (as the
                                   walk's struct comp), the draw when it equals */
    double *copy_c_hi;          /* [same] the upper bound (valid once copies_drawn) */
    double *copy_c_u;           /* [same] the completion's uniform when the bounds differ */
    int copies_drawn;           /* copy_ufail and the bounds are for t (draw_copies) */
    /* Distinct schedules: rules with equal schedules (YAML aliases, one backup plan's
     * rules on several stores) share one class, whose sched_prev answers are kept. */
    int *rule_sched;            /* [n_rules] the rule's schedule class */
    const struct sched **class_sched; /* [n_classes] each class's schedule */
    int n_classes;
    struct backup_sched_memo *memo; /* [n_classes] */
    long memo_epoch;            /* the epoch the memos' answers are for */
    int *copy_classes;          /* [n_copy_classes] classes with a queued rule */
    int n_copy_classes;
    double *class_point_s;      /* [n_classes * BACKUP_COPY_POINTS] a copy class's newest
                                   instants at or before t within the horizon, newest first,
                                   seconds since the epoch; -INFINITY none: the instants
                                   simulated for each of its queued rules */
    struct backup_group_memo *group_memo; /* [p->n_groups] */
    double *job_left;           /* scratch: bytes still to move of each copy in flight */
    int *job_active;            /* scratch: which copies are in flight (places in keys) */
    double *job_rate;           /* scratch: a copy's rate by the number in flight */
    uint64_t *draw_ids;         /* scratch: the streams the queue draws from */
    int *draw_at;               /* scratch: the slot each draw fills */
    double (*draw_u)[2];        /* scratch: their first two uniforms */
    struct copy_key *keys;      /* scratch: the jobs' start order, after a sentinel */
    const struct backup_rule **rules; /* [n_rules] each rule, by global index */
    int *rule_store;            /* [n_rules] its store */
    int *copy_rules;            /* the queued rules, class by class (copy_classes' order),
                                   in store order within a class */
    int *copy_class_first;      /* [n_copy_classes + 1] where each class's are in copy_rules */
    struct backup_copy_rule *copy_info; /* [n_rules] what the queue needs of each queued
                                   rule (by global index), found once by backup_shared_new */
    struct copy_inst *inst;     /* scratch: the classes' instants in time order */
    double *rule_qg;            /* [n_rules] the failure probability of the rule's group
                                   (0: none) */
    struct backup_rule_pre *pre; /* [n_rules] what a store's search reads of each rule */
    int *rule_fc;               /* [n_rules] pre[k].first_class, or -1 for a continuous rule:
                                   all a store's search reads of a rule it passes over */
    /* A rule's first point (the newest that could be usable) depends on nothing but its
     * first class (pre), the epoch, t and t_ret, which every store of an outage shares:
     * it is kept per class while they stay the same. */
    double *first_p;            /* [n_rules] by first class: that point, seconds since the
                                   epoch; -INFINITY when there is none */
    uint64_t *first_stamp;      /* [n_rules] the stamp first_p is for */
    uint64_t first_now;         /* the stamp of first_for's (epoch, t, t_ret) */
    double first_for[3];        /* epoch_days, t, t_ret of first_now */
    uint64_t *rule_masks;       /* [n_stores * 6] the rules (bit i: st->rules[i]) whose
                                   copies survive scope sc (enum outage_scope), all of them
                                   (sc * 2) or the immutable ones (sc * 2 + 1); NULL when a
                                   store has more than 64 rules */
    uint64_t damage_fixed[6];   /* by sc * 2 + deleted, as rule_masks: bit s set when
                                   backup_store_loss_damaged answers store s without a walk
                                   (backup_damage_fixed_loss) unless *why is wanted: it is
                                   ephemeral, rebuilt or unrecoverable, or has no rule in
                                   its mask; all 0 without rule_masks or with more than 64
                                   stores */
};

/* The shared state for plan p (which must outlive it); NULL when out of memory.
 * Freed with backup_shared_free (NULL is a no-op). */
struct backup_shared *backup_shared_new(const struct plan *p);
void backup_shared_free(struct backup_shared *bs);

/* The identity of failure group g under a per-scenario base: dist_rng_id_name(base, name). */
uint64_t backup_group_id(uint64_t base, const struct failure_group *g);

/* Prepare bs for an outage starting at t: remember the groups' and rules' identities
 * (kept by pointer; rule_ids holds backup_rule_ids_of every rule of every store, store by
 * store). The copy queues are run by the first walk that reaches an instant they cover,
 * from r: cheap when no store's loss depends on a queued copy. Call it at the start of
 * every trial before the walks (the group draws it keeps are the trial's). */
void backup_shared_run(struct backup_shared *bs, long epoch_days, double t, struct dist_rng *r,
                       const struct backup_rule_ids *rule_ids, const uint64_t *group_ids);

/* Store st's loss in an outage of `scope` when it needs no draw: backup_store_loss's
 * answers before any walk, in its order (zone redundancy in a zone outage, a fixed async
 * lag included; nothing destroyed; rebuilt; unrecoverable). Returns 1 with *loss set, else
 * 0 with *loss 0 (an async zone replica's drawn lag, or a walk of the backups). Inline: the
 * walks and the engine's per-scenario table of such losses (sim/trial_worker.c) both ask
 * it, so that the two cannot disagree. */
static inline int backup_store_loss_known(const struct store *st, enum outage_scope scope,
                                          double *loss)
{
    *loss = 0.0;
    if (scope == OUTAGE_ZONE) {
        switch (st->zone_mode) {
        case STORE_ZONE_SYNC:
        case STORE_ZONE_CLUSTER:
            return 1;
        case STORE_ZONE_ASYNC:
            if (st->replica_lag.kind != DIST_FIXED)
                return 0;
            *loss = st->replica_lag.p[0];
            return 1;
        case STORE_ZONE_NONE:
            break;
        }
    } else if (scope == OUTAGE_NONE) {
        return 1;
    }
    if (st->recovery == STORE_RECOVER_REBUILD)
        return 1;
    if (st->recovery == STORE_RECOVER_NONE) {
        *loss = INFINITY;
        return 1;
    }
    return 0;
}

/* backup_store_loss for store number s of bs's plan, with its failure groups and copy
 * queues (bs prepared by backup_shared_run for this t; NULL: neither applies, as
 * backup_store_loss). *why, when why is not NULL, gets BACKUP_WHY_* bits saying what
 * passed over a point newer than the one used. */
double backup_store_loss_shared(const struct store *st, int s, enum outage_scope scope,
                                long epoch_days, double t, struct dist_rng *r, uint64_t id,
                                const struct backup_rule_ids *rule_ids, struct backup_shared *bs,
                                int *why);

/* ---- logical damage ---------------------------------------------------------------
 *
 * In a logical-damage scenario (struct scenario_damage) a damaged store's newest usable
 * point must be clean: it completed before the onset (p + completion <= onset, its copy
 * included); it is still retained when retention is judged, at detection (detection - p
 * <= retention: points that expired during the dwell time are gone); it was not deleted
 * (with deletes_backups, only immutable rules keep their points); and it survives the
 * scenario's scope (destroys: none keeps every location). Zone redundancy and
 * cross-region replicas carry the damage and never supply a clean point. A continuous
 * rule (point-in-time recovery) restores to just before the onset when the onset lies
 * within its retention at detection: p = onset - lag (its granularity). A store's loss is
 * onset minus its newest clean point (INFINITY when there is none or it is
 * unrecoverable; 0 when it is rebuilt or ephemeral). Draws are the points' own streams,
 * as in backup_store_loss_shared, so a damage scenario and an outage at the same instant
 * see the same points. */
struct backup_damage {
    double onset_abs_s;     /* the onset, seconds since the epoch */
    double detect_abs_s;    /* detection (retention is judged here), seconds since the epoch */
    enum damage_deletes deletes; /* whether the adversary deletes the points it can reach */
};

/* The loss of a damaged store (see above), seconds; *rule_used (when not NULL) gets the
 * index in st->rules of the rule that supplied the clean point (the first in rule order
 * when two give the same point), -1 when none did (or the store is ephemeral or rebuilt:
 * loss 0); *why as in backup_store_loss_shared, plus BACKUP_WHY_DELETED when a rule that
 * is not immutable would have supplied a newer clean point had the adversary not deleted
 * it (found by walking the deleted rules too, only when why is not NULL: their draws are
 * their points' own, so this changes no other figure). bs prepared by backup_shared_run
 * at the onset (or NULL). */
#define BACKUP_WHY_DELETED 4
/* backup_store_loss_damaged's answer for a store it answers without a walk (ephemeral,
 * rebuilt or unrecoverable, or no rule left: bs->damage_fixed): 0 when it has nothing to
 * restore, else INFINITY (no clean point). Inline, so that a caller holding
 * bs->damage_fixed need not make the call. */
static inline double backup_damage_fixed_loss(const struct store *st)
{
    return st->ephemeral || st->recovery == STORE_RECOVER_REBUILD ? 0.0 : INFINITY;
}

double backup_store_loss_damaged(const struct store *st, int s, enum outage_scope scope,
                                 long epoch_days, const struct backup_damage *dm,
                                 struct dist_rng *r, uint64_t id,
                                 const struct backup_rule_ids *rule_ids, struct backup_shared *bs,
                                 int *why, int *rule_used);

/* backup_store_loss_damaged for each store s of `stores` (bit s: store s of bs's plan, at
 * most 64) asking no reasons, in store order: loss[s] and rule_used[s] get what it gives.
 * rule_ids holds every rule's identities, store by store (as backup_shared_run takes
 * them), and store_ids[s] store s's identity. bs prepared by backup_shared_run at the
 * onset. One call for all of a scenario's damaged stores: per store, the call's arguments
 * and frame cost about as much as a walk that ends at its first point. */
void backup_stores_loss_damaged(struct backup_shared *bs, uint64_t stores, enum outage_scope scope,
                                long epoch_days, const struct backup_damage *dm,
                                struct dist_rng *r, const uint64_t *store_ids,
                                const struct backup_rule_ids *rule_ids, double *loss,
                                int *rule_used);

/* Whether the store's data must be restored (from backups or rebuilt) in this scope:
 * true in a region outage for every store, and in a zone outage for stores without
 * zone redundancy; never under OUTAGE_NONE (a damage scenario's damaged stores are
 * restored because they are damaged: plan_store_affected). */
int backup_store_needs_restore(const struct store *st, enum outage_scope scope);

/* Whether the outage takes the store away until something brings it back: a region
 * outage every store; a zone outage every store but a cluster spread over zones (a store
 * without zone redundancy must be restored, one with a sync or async replica fails
 * over). A service that needs such a store needs the steps acting on it. */
int backup_store_affected(const struct store *st, enum outage_scope scope);

/* What a rule's worst case says (backup_rule_worst_case). */
enum backup_worst {
    BACKUP_WORST_FINITE = 0,  /* the value is the worst-case loss */
    BACKUP_WORST_DESTROYED,   /* the copies' location does not survive the outage (INFINITY) */
    BACKUP_WORST_EXPIRES,     /* the retention is shorter than the value (the longest gap plus
                                 the completion, or the lag): at times the rule has no point
                                 retained, although its copies survive */
    BACKUP_WORST_FAILS,       /* every point fails (failure probability 1; INFINITY) */
    BACKUP_WORST_NO_POINT     /* the schedule has no point in the year (INFINITY) */
};

/* Worst-case data loss of one rule assuming every point succeeds and completes in the
 * rule's P95 completion time: the longest gap between consecutive points plus that
 * completion time (the lag's P95 for a continuous rule). Over the calendar's first year.
 * *why (may be NULL) says whether that is a loss or why there is none: the location does
 * not survive the scope (INFINITY), the retention is shorter than the value (the value
 * is still returned: the Data stores sheet shows it beside the retention), every point
 * fails, or the schedule has none (INFINITY). For the Data stores sheet. */
double backup_rule_worst_case(const struct backup_rule *rule, enum outage_scope scope,
                              long epoch_days, enum backup_worst *why);

#endif
