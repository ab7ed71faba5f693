/* models/plan.h: the validated disaster-recovery plan, as the engine and reports see it.
 *
 * A plan is built only by the loader (models/load.h) and is immutable afterwards: the
 * engine reads it from many threads at once. All cross references (a step's store, the
 * roles it needs, the steps it waits for, a service's stores) have been resolved to
 * indices and checked, every distribution has passed dist_check, every runbook is a
 * DAG and its steps are stored in a topological order (a step's dependencies always
 * have smaller indices), and every number is in base units (seconds, bytes, bytes per
 * second, fractions, US dollars). Times are seconds since the calendar's epoch, a
 * Monday 00:00 UTC.
 *
 * The plan owns every string and array reachable from it; plan_free releases them all.
 * Each entity keeps the 1-based line and column where the plan file defined it
 * (struct plan_pos), so later checks and reports can point back at the source.
 *
 * YAML keys are given beside the fields in brackets; docs/plan-format.md is the full
 * reference.
 */
#ifndef DRSIM_PLAN_H
#define DRSIM_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "models/dist.h"
#include "models/sched.h"

/* Limits checked by the loader. The engine keeps per-trial state for steps and people in
 * fixed arrays of these sizes, so a trial allocates nothing. */
#define PLAN_MAX_STEPS    64   /* steps in one scenario's runbook */
#define PLAN_MAX_ROLES    32   /* roles in the staffing section */
#define PLAN_MAX_PEOPLE   128  /* sum of all role head counts */
#define PLAN_MAX_STORES   64   /* data stores */
#define PLAN_MAX_NEEDS    8    /* people one step holds at once: its needs with their counts,
                                  required and optional */
#define PLAN_MAX_ANY_OF   8    /* roles in one any_of set of a step's needs */
#define PLAN_MAX_ATTEMPTS 100  /* notifications of one page (repage.attempts) */
#define PLAN_MAX_CALENDARS 32  /* named working calendars [staffing.calendars] */
#define PLAN_MAX_ROTA      64  /* people of a role with an on_call rota (a role's on-call set
                                  is a 64-bit mask) */

/* The mask of the first n of a plan's steps, stores or a role's people (bits 0 .. n-1;
 * all 64 from n = 64 on, where a shift by n would be undefined). */
static inline uint64_t plan_first_bits(int n)
{
    return n >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << n) - 1;
}

/* Limits that come from the outputs a run writes, checked by the loader so that a plan
 * `drsim check` passes is one `drsim run` can write in full. A file name holds at most
 * 255 bytes (NAME_MAX); the plan's name becomes NAME-dr-review.xlsx, NAME-review-pack.pdf,
 * NAME-sensitivity.xlsx (up to 17 bytes of suffix), and a writer may add a temporary
 * decoration; a scenario's name becomes NAME-critical-path.pdf, tornado-NAME-rto.svg
 * (up to 18 bytes), and the chart writer keeps 127 bytes of a name. The workbook gives
 * each scenario columns of its own on several sheets (7 on Data stores, within the 2,048
 * columns a sheet of ours uses: at most 290 scenarios). Names count in bytes of UTF-8. */
#define PLAN_MAX_NAME_BYTES          200  /* the plan's name [plan.name] */
#define PLAN_MAX_SCENARIO_NAME_BYTES 120  /* a scenario's name */
#define PLAN_MAX_SCENARIOS           256  /* scenarios in a plan */
#define PLAN_FILE_STEM_MAX           128  /* buffer the chart writer keeps a stem in (127 bytes + NUL) */

struct plan_pos {
    int line;               /* 1-based line in the plan file, 0 when not from a file */
    int col;                /* 1-based column */
};

/* ---- calendar [calendar] ---------------------------------------------------------- */

struct plan_calendar {
    long epoch_days;        /* [epoch] civil day number of the epoch (a Monday), days since 1970-01-01 */
    double window_start_s;  /* [window.start] outages start uniformly in [start, start + length) */
    double window_s;        /* [window.length] seconds, default 365 days */
    double tz_offset_s;     /* [timezone] default zone for schedules and business hours (an IANA
                               zone: its standard offset, for display) */
    const struct tz *tz;    /* [timezone] the IANA zone (in plan.zones), NULL for a fixed offset */
};

/* ---- data stores [stores] ---------------------------------------------------------- */

/* Where a recovery point lives, which decides which outages destroy it. */
enum backup_location {
    BACKUP_IN_ZONE = 0,     /* [location: in-zone] lost with the zone (e.g. a local volume copy) */
    BACKUP_IN_REGION,       /* [location: in-region] survives a zone outage, not a region outage */
    BACKUP_CROSS_REGION     /* [location: cross-region] survives both */
};

struct backup_rule {
    char *name;             /* [key under backups] e.g. "cross-region-daily" */
    struct plan_pos pos;
    struct sched schedule;  /* [schedule] when a recovery point is taken; SCHED_CONTINUOUS for log shipping */
    struct dist complete;   /* [complete] seconds from the point's time until it is usable where it lives
                               (snapshot + copy time); fixed 0 by default */
    struct dist lag;        /* [lag] continuous only: seconds the newest shipped point trails the present */
    double failure_prob;    /* [failure] probability one scheduled point fails (0..1) */
    double retention_s;     /* [retention] seconds a point is kept after its time; INFINITY = forever */
    enum backup_location location; /* [location] */
    int group;              /* [failure_group] 1 + index into plan->groups, 0 = none (so a
                               zeroed rule has none): the rule's points also fail when their
                               group's draw for the instant fails */
    int copy_region;        /* [copy_to] 1 + index into plan->copy_regions, 0 = none: the copy
                               of each point queues for that region's shared capacity */
    double copy_fraction;   /* [copy_fraction] share of the store's size one copy moves (0..1],
                               1 = a full copy; used with copy_to */
    int immutable;          /* [immutable: true] its points are locked against deletion until
                               their retention ends (AWS Backup Vault Lock in compliance mode,
                               S3 Object Lock, a retention lock): a logical-damage scenario's
                               deletes_backups cannot delete them. Scheduled rules only: the
                               logs behind continuous recovery live with the database */
    const double *complete_bounds; /* (made at load: backup_bounds_init) the bucket bounds
                               the walk compares a lognormal completion with, in
                               plan->complete_bounds; NULL: none, every completion is
                               computed (the same numbers) */
};

/* A failure group [failure_groups.NAME]: rules (of any stores) that share one backup
 * plan, IAM role or KMS key, so that one failure takes all of their copies of an
 * instant at once. */
struct failure_group {
    char *name;             /* [key under failure_groups] e.g. "business-continuity" */
    char *note;             /* [note] assumption or source; may be NULL */
    struct plan_pos pos;
    double failure_prob;    /* [failure] probability the group's copies of one scheduled
                               instant all fail (0..1) */
};

/* Shared copy capacity toward one destination region [copy_capacity.NAME]. */
struct copy_region {
    char *name;             /* [key under copy_capacity] e.g. "us-east-2" */
    char *note;             /* [note] may be NULL */
    struct plan_pos pos;
    int concurrency;        /* [concurrency] copies in flight at once (>= 1); later ones queue */
    double bandwidth;       /* [bandwidth] bytes per second shared by the copies in flight */
    double per_copy;        /* [per_copy] bytes per second one copy can move at most;
                               default = bandwidth */
};

/* Shared restore capacity in one recovery region [restore_capacity.NAME]: the restores
 * of a scenario that restores there (scenario.restore_region) queue for its transfer
 * slots and share its bandwidth (sim/trial.h, "Restore capacity"). */
struct restore_region {
    char *name;             /* [key under restore_capacity] e.g. "us-east-2" */
    char *note;             /* [note] may be NULL */
    struct plan_pos pos;
    int concurrency;        /* [concurrency] restore transfers at once (>= 1); later ones wait */
    double bandwidth;       /* [bandwidth] bytes per second shared by the transfers in flight */
    double per_restore;     /* [per_restore] bytes per second one transfer can move at most;
                               default = bandwidth */
};

/* A cross-region replica of a store [replica] (a database read replica, a replicated
 * bucket): promoted by a `promote` step, it brings the store back with the replication
 * lag as its data loss. */
struct store_replica {
    int present;            /* 1 when the store has a replica */
    struct plan_pos pos;    /* of the 'replica' key */
    char *region;           /* [region] where the replica lives, e.g. "us-east-2" */
    char *note;             /* [note] assumption or source; may be NULL */
    struct dist lag;        /* [lag] seconds of writes the replica trails the primary by */
    struct dist promote;    /* [promote] seconds a promotion takes */
};

/* How a store survives losing one availability zone. */
enum store_zone_mode {
    STORE_ZONE_NONE = 0,    /* [zone_redundancy: none] lives in one zone: assumed to be the lost one */
    STORE_ZONE_SYNC,        /* [sync] synchronous replica in another zone: no data lost, fails over */
    STORE_ZONE_ASYNC,       /* [async] asynchronous replica: loses replica_lag of data, fails over */
    STORE_ZONE_CLUSTER      /* [cluster] members in several zones: no data lost, no failover step */
};

/* How a store is brought back in the standby region (or zone) when its data is gone. */
enum store_recovery {
    STORE_RECOVER_RESTORE = 0, /* [recovery: restore] from its newest usable recovery point */
    STORE_RECOVER_REBUILD,     /* [rebuild] re-derived from other stores (e.g. a search index); no own RPO */
    STORE_RECOVER_NONE         /* [unrecoverable] nothing to restore from: data is lost */
};

/* What the plan knows about a store's protection against losing the region. */
enum store_cross_region {
    STORE_XR_STATED = 0,    /* [cross_region absent] the backup rules say it all */
    STORE_XR_NONE,          /* [cross_region: none] stated: no copy outside the region */
    STORE_XR_UNKNOWN        /* [cross_region: unknown] nobody knows: modelled as none (fail-safe),
                               and the store always counts for the RPO unless excepted */
};

/* A signed decision to leave a store's data loss out of the policy RPO [exception]. A store
 * with counts_for_rpo 0 always has one (the loader refuses it otherwise). */
struct store_exception {
    int present;            /* 1 when the store is excepted (counts_for_rpo 0) */
    struct plan_pos pos;    /* of the 'exception' key */
    char *reason;           /* [reason] why its loss may be left out */
    char *approved_by;      /* [approved_by] who accepted the risk */
    char *review_by;        /* [review_by] YYYY-MM-DD as written */
    long review_by_day;     /* the same, civil day number (days since 1970-01-01) */
};

struct store {
    char *name;             /* [key under stores] */
    char *kind;             /* [kind] free text, e.g. "RDS PostgreSQL"; may be NULL */
    char *note;             /* [note] assumption or source; may be NULL */
    struct plan_pos pos;
    double size_bytes;      /* [size] total data size */
    enum store_zone_mode zone_mode;   /* [zone_redundancy.mode] */
    struct dist failover;   /* [zone_redundancy.failover] seconds to fail over (sync/async) */
    struct dist replica_lag;/* [zone_redundancy.lag] async only: seconds of data not yet replicated */
    struct backup_rule *rules; /* [backups] */
    size_t n_rules;
    enum store_recovery recovery;  /* [recovery] */
    struct dist throughput; /* [restore.throughput] bytes per second per stream */
    struct dist overhead;   /* [restore.overhead] seconds of fixed work (provisioning, checks) */
    int parallelism;        /* [restore.parallelism] streams restoring at once (>= 1) */
    int counts_for_rpo;     /* [counts_for_rpo] whether its data loss counts in a scenario's policy
                               RPO; 0 only with a signed exception (every store counts in the
                               all-data RPO) */
    struct store_exception exception; /* [exception] present exactly when counts_for_rpo is 0 */
    int ephemeral;          /* [ephemeral: true] no data to lose (a cache, a broker): its loss is 0
                               in every RPO; it still counts for RTO through its steps */
    enum store_cross_region cross_region; /* [cross_region] */
    struct store_replica replica; /* [replica] present 0 when the store has none */
    int has_restore;        /* 1 when the plan gives a restore model ([restore] with a throughput);
                               a store with a replica may have none (then only promoted) */
};

/* ---- staffing [staffing] ----------------------------------------------------------- */

/* Re-paging [repage]: how a pager reaches one person. A page sends notifications at the
 * page time and every `every_s` after it, `attempts` in all; each is noticed on its own with
 * the probability of the calendar period at its time; the person responds to the first
 * noticed one (its time plus a response delay), and to none when none is noticed
 * (docs/method.md, "Paging, re-paging and escalation"). */
struct role_repage {
    int attempts;           /* [attempts] notifications per page (1..PLAN_MAX_ATTEMPTS); 0 = no
                               re-paging: every person paged responds after the response delay */
    double every_s;         /* [every] seconds between two notifications (> 0) */
    double answered[SCHED_N_PERIODS]; /* [answered, or answered.business/night/weekend]
                               probability (0..1) one notification is noticed, by the period
                               at the notification's time */
};

/* A named working calendar [staffing.calendars.NAME]: the time zone, working hours and
 * holidays a country or team shares; roles and people refer to it by name
 * (calendar: NAME). */
struct team_calendar {
    char *name;             /* [key under staffing.calendars] e.g. "us", "de" */
    struct plan_pos pos;
    struct sched_calendar calendar; /* [timezone, working_hours (or business_hours), holidays]
                               unset keys from the staffing section; calendar.holidays borrows
                               `holidays` when the calendar has its own list, else the staffing
                               section's */
    long *holidays;         /* [holidays] sorted civil day numbers (owned), NULL when not given */
    size_t n_holidays;
};

/* Who a role's page reaches first [on_call]. */
enum on_call_kind {
    ON_CALL_ALL = 0,        /* no on_call: a page of the role pages every person of it */
    ON_CALL_ROTATION,       /* [rotation: daily | weekly] one person at a time, in the order of
                               the role's people, handing over at `changes` */
    ON_CALL_FOLLOW_THE_SUN  /* [rotation: follow-the-sun] the people in their working hours at
                               the page (each by their own calendar); nobody: every person */
};

struct role_on_call {
    enum on_call_kind kind;
    struct sched changes;   /* [changes: "Mon 09:00" (weekly) or "09:00" (daily)] the hand-over
                               instants, a weekly or daily schedule in [timezone] (default the
                               role's zone) */
    int turn_length;        /* [every: 1w, 2w, 1d, 3d] hand-over instants per turn (>= 1):
                               every: 2w with weekly changes is a two-week turn */
    int first;              /* [first: PERSON] the person (index within the role) on call in the
                               turn that holds the epoch, before the first change; default 0 */
    double others_after_s;  /* [others_after] the role's people not on call are paged this long
                               after the on-call ones (the rest of the team is pulled in);
                               INFINITY (default, never): only the on-call people are paged */
};

/* Long work [shift]: a person who has worked `max_s` without a break passes their step to
 * the next free person of the role, which costs `hand_over_s` added to the step; they then
 * rest `rest_s` before they can take work again (docs/method.md, "Shifts and hand-over"). */
struct role_shift {
    double max_s;           /* [max] continuous working time; INFINITY (default): no limit */
    double hand_over_s;     /* [hand_over] time the hand-over adds to the step (default 0) */
    double rest_s;          /* [rest] rest before the person can be given work again (default 0) */
};

/* One person of a role [people]: named, or one of a counted role's people (name NULL:
 * reports call them "ROLE #k"). Plans number people role by role (role.first_person). */
struct person {
    char *name;             /* [people: NAME, or {name: NAME, ...}] NULL for a counted person */
    int role;               /* index of the role */
    struct plan_pos pos;    /* the person's entry (a counted person: the role's) */
    struct sched_calendar calendar; /* [calendar: NAME, or timezone, working_hours, holidays]
                               the person's own, else the role's */
    long *holidays;         /* [holidays] the person's own list (owned; calendar.holidays borrows
                               it), NULL when not given */
    size_t n_holidays;
};

struct role {
    char *name;             /* [key under staffing.roles] e.g. "oncall-primary" */
    char *description;      /* [description] may be NULL */
    struct plan_pos pos;
    int count;              /* [count] people who hold the role (>= 1) */
    struct sched_calendar calendar; /* [timezone, business_hours] from the role or staffing defaults */
    struct dist response[SCHED_N_PERIODS]; /* [response.business/night/weekend] seconds from page to
                                              starting work, by the period at paging time (with
                                              repage: from the first noticed notification) */
    double escalate_after_s;/* [escalate_after] seconds between two escalation levels: the k-th
                               stand-in may take a step from page + k x this; default never, or
                               with repage attempts x every (the notifications have run out) */
    int stand_in;           /* [stand_in] the chain's first role (stand_ins[0]), or -1 */
    int stand_ins[PLAN_MAX_ROLES]; /* [stand_in: ROLE or [ROLE, ...]] the escalation chain: role
                               indices in escalation order, no role twice, never the role itself */
    int n_stand_ins;        /* roles in the chain (0 = none) */
    struct role_repage repage; /* [repage] attempts 0 when absent */
    struct role_on_call on_call; /* [on_call] kind ON_CALL_ALL when absent */
    struct role_shift shift;     /* [shift] max_s INFINITY when absent */
    int first_person;       /* index of this role's first person in the plan's person numbering
                               (its people are plan.people[first_person .. + count)) */
};

/* ---- scenarios [scenarios] --------------------------------------------------------- */

/* What an outage makes unavailable (and, unless it ends first, destroys). */
enum outage_scope {
    OUTAGE_ZONE = 0,        /* [destroys: zone] one availability zone of the primary region */
    OUTAGE_REGION,          /* [destroys: region] the whole primary region */
    OUTAGE_NONE             /* [destroys: none] nothing: the infrastructure stays up (the
                               default of a logical-damage scenario, struct scenario_damage) */
};

/* When an adversary deletes the recovery points it can reach [damage.deletes_backups]. */
enum damage_deletes {
    DAMAGE_DELETES_NONE = 0,    /* [none] nobody deletes backups (a bug, a bad migration) */
    DAMAGE_DELETES_AT_ONSET,    /* [at-onset] every point not immutable is deleted at the onset */
    DAMAGE_DELETES_AT_DETECTION /* [at-detection] ... at detection (an attacker who wipes the
                                   backups as the ransom note appears) */
};

/* Logical damage [damage]: ransomware, a destructive bug, a bad migration, a dropped table.
 * The damage starts at the onset (drawn over the window like an outage start) and is
 * detected a dwell time later; the newest recovery points are the damaged ones (a point
 * is clean only if it completed before the onset; replicas and continuous copies carry the
 * damage), retention is judged at detection, and points the adversary can reach may be
 * deleted (docs/method.md, "Logical damage"). The trial's clock starts at detection. */
struct scenario_damage {
    int present;            /* 1 when the scenario is logical damage */
    struct plan_pos pos;    /* of the 'damage' key */
    uint64_t stores_mask;   /* [damage.stores] bit s set when store s is damaged; default every
                               store */
    struct dist detection;  /* [damage.detected_after] seconds from the onset to detection (the
                               dwell time) */
    enum damage_deletes deletes; /* [damage.deletes_backups] default none */
    char *note;             /* [damage.note] assumption or source; may be NULL */
};

enum step_kind {
    STEP_TASK = 0,          /* [duration] a task with its own duration model */
    STEP_RESTORE,           /* [restore: STORE] duration from the store's restore model */
    STEP_FAILOVER,          /* [failover: STORE] duration from the store's zone failover model */
    STEP_RECREATE,          /* [recreate: STORE] an ephemeral store created empty: [duration] */
    STEP_PROMOTE            /* [promote: STORE] the store's cross-region replica promoted:
                               duration from the store's replica.promote */
};

/* Which parts of the store's restore model a restore step replaces (step.restore_own). */
#define STEP_OWN_THROUGHPUT  1  /* [throughput] step.throughput instead of restore.throughput */
#define STEP_OWN_OVERHEAD    2  /* [overhead] step.overhead instead of restore.overhead */
#define STEP_OWN_PARALLELISM 4  /* [parallelism] step.parallelism instead of restore.parallelism */

/* A restore step's own restore model (kept apart from struct step, which the engine
 * walks in every trial and should stay small). */
struct step_restore {
    struct dist throughput; /* [throughput] bytes per second per stream */
    struct dist overhead;   /* [overhead] seconds of fixed work */
    int parallelism;        /* [parallelism] streams at once (>= 1) */
};

/* Any one of several roles for one person a step needs [needs: {any_of: [...]}]. */
struct step_any_of {
    int roles[PLAN_MAX_ANY_OF]; /* role indices in preference order: the first free one is taken */
    int n_roles;
};

struct step {
    char *name;             /* [key under runbook] e.g. "restore-pgmain1" */
    char *description;      /* [description] may be NULL */
    struct plan_pos pos;
    enum step_kind kind;
    struct dist duration;   /* [duration] STEP_TASK, STEP_RECREATE: seconds of work once people
                               are there */
    int store;              /* STEP_RESTORE / FAILOVER / RECREATE / PROMOTE: store index, else -1 */
    int needs[PLAN_MAX_NEEDS]; /* [needs] one entry per person the step holds for its whole
                               work, the role index (an any_of entry: its set's first role):
                               {role: R, count: k} gives k entries. Required entries come first,
                               those of one role before the any_of ones, each in list order;
                               then the optional ones in list order */
    int n_needs;            /* entries in needs[] */
    int n_required;         /* needs[0 .. n_required) are required: the step starts when all are
                               there; the rest are optional [optional: true]: a person free at
                               the start joins and is held, else the step does not wait */
    unsigned any_mask;      /* bit k set when entry k is [any_of]: any one of any_of[k]'s roles */
    struct step_any_of *any_of; /* [PLAN_MAX_NEEDS] sets of the any_of entries (by entry index)
                               when any_mask != 0, else NULL */
    int *after;             /* [after] indices of steps that must end first (all smaller than this) */
    int n_after;
    uint64_t after_mask;    /* bit i set when step i is in after[] */
    int restoration;        /* [phase: restoration] runs after service is restored (capacity) */
    int failback;           /* [phase: failback] part of the failback: waits for its start (see
                               struct failback), runs only after a failover */
    int reverse_sync;       /* [reverse_sync: true] a failback step whose work is copying the data
                               written in the secondary back: its duration is that data over the
                               failback's sync throughput */
    int interrupts_service; /* [interrupts_service: true] a failback step during which service is
                               down (the cut-back window) */
    double capacity;        /* [capacity] share of full capacity (0-1] the platform has once this
                               step has ended; NAN when the step does not change capacity */
    int restore_own;        /* STEP_RESTORE: STEP_OWN_* bits, which parts of own replace the
                               store's restore model for this step; 0 = none */
    struct step_restore *own; /* the step's own model when restore_own != 0, else NULL */
};

/* How a scenario returns to the primary after a failover [failback]. */
struct failback {
    int present;            /* the scenario has a failback section (and failback steps) */
    struct dist delay;      /* [after] seconds from max(service in the secondary, the primary's
                               return) to the failback's start (a planned window) */
    double write_rate;      /* [write_rate] bytes per second written in the secondary */
    struct dist sync_throughput; /* [sync_throughput] bytes per second of the reverse sync */
};

enum outage_end_rule {
    OUTAGE_END_RESTORES = 0, /* [on_outage_end: restores] service is back when the outage ends, if sooner */
    OUTAGE_END_CONTINUE      /* [on_outage_end: continue] failover runs to the end regardless */
};

enum rto_clock {
    RTO_FROM_OUTAGE = 0,    /* [rto_clock: outage-start] from the outage start; in a damage
                               scenario [rto_clock: onset] from the damage's onset */
    RTO_FROM_DECLARATION,   /* [rto_clock: declaration] from the end of the declaring step */
    RTO_FROM_DETECTION      /* [rto_clock: detection] damage scenarios: from detection (the
                               trial's clock origin); their default */
};

struct scenario {
    char *name;             /* [key under scenarios] e.g. "zone", "region" */
    char *description;      /* [description] may be NULL */
    struct plan_pos pos;
    enum outage_scope scope;/* [destroys] */
    double per_year;        /* [per_year] expected outages per year (>= 0), for annualized figures */
    struct dist duration;   /* [duration] seconds until the outage ends by itself; may be fixed INFINITY */
    enum outage_end_rule on_outage_end; /* [on_outage_end] */
    struct dist primary_return; /* [primary_return] seconds from the outage's end (the provider's
                               fix) to service on the primary; fixed 0 when absent */
    int decision_step;      /* [activation.decided_by] the step whose end is the decision to fail
                               over: the steps after it wait for the go; -1 = no decision step */
    int has_go_wait;        /* [activation.go_when.outage_lasted] given */
    struct dist go_wait;    /* [activation.go_when.outage_lasted] go once the outage has lasted
                               this long (seconds since its start; the wait for the provider) */
    double go_loss_under_s; /* [activation.go_when.data_loss_under] go at the decision when failing
                               over loses less data than this, seconds; NAN when not given */
    int ponr_step;          /* [point_of_no_return] once this step has started, the failover
                               completes even if the primary returns; -1 = it can be abandoned
                               until service is restored */
    int exposure_step;      /* [exposure_until] the step whose end re-creates a cross-region copy of
                               the data written in the secondary; -1 = none */
    struct failback failback; /* [failback] */
    struct step *steps;     /* [runbook] topologically sorted */
    int n_steps;
    int service_step;       /* [service_restored_by] the step whose end restores service */
    double capacity_left;   /* [capacity_left] share of full capacity (0-1) the outage leaves once
                               service is back; NAN when the scenario has no capacity model (no
                               capacity_left and no step with a capacity) */
    int *policy_services;   /* [policy.objectives.NAME.services] service indices whose restoration
                               is the scenario's service restoration; default: the services of
                               the highest priority (smallest number); none without services */
    int n_policy_services;
    int restore_region;     /* [restores_in] 1 + index into plan->restore_regions whose capacity
                               the scenario's restores share; 0 = none (each restore alone) */
    int full_step;          /* [fully_restored_by] step whose end restores full capacity; -1 = the last
                               step to end */
    int declare_step;       /* [declared_by] step whose end declares the disaster; -1 = none */
    uint64_t page_at_start; /* [page.at_start] bit r set: role r is paged at time 0 */
    uint64_t page_at_declaration; /* [page.at_declaration] bit r set: role r is paged when the
                               declared_by step ends (unless paged before) */
    struct scenario_damage damage; /* [damage] present 0 for an outage */
    enum rto_clock rto_clock;/* [rto_clock] this scenario's RTO clock: the scenario's key, else
                               policy.rto_clock for an outage, detection for damage */
    /* Policy for this scenario (from [policy.objectives.NAME]); has_policy = 0 when absent. */
    int has_policy;
    double rpo_target_s;    /* data loss allowed, seconds */
    double rto_target_s;    /* downtime allowed, seconds */
};

/* ---- services (business impact analysis) [services] -------------------------------- */

enum impact_level { IMPACT_NONE = 0, IMPACT_MINIMAL, IMPACT_MODERATE, IMPACT_SEVERE };

/* Impact categories and duration buckets of the BIA worksheet (ready.gov, NIST SP 800-34). */
enum impact_category {
    IMPACT_FINANCIAL = 0, IMPACT_OPERATIONAL, IMPACT_REGULATORY, IMPACT_REPUTATIONAL,
    IMPACT_SAFETY, IMPACT_N_CATEGORIES
};
enum impact_bucket {
    BUCKET_LT_1H = 0, BUCKET_1_8H, BUCKET_8_24H, BUCKET_24_72H, BUCKET_GT_72H, BUCKET_GT_1W,
    BUCKET_GT_1M, IMPACT_N_BUCKETS
};

enum criticality { CRIT_LOW = 0, CRIT_MEDIUM, CRIT_HIGH, CRIT_CRITICAL };

struct service {
    char *name;             /* [key under services] */
    char *description;      /* [description] */
    char *owner;            /* [owner] */
    char *timing;           /* [timing] peak periods, when an interruption hurts most */
    char *mbco;             /* [mbco, or mbco.description] minimum business continuity objective, text */
    char *approved_by;      /* [approved_by] */
    char *review_date;      /* [review_date] YYYY-MM-DD as written */
    char *next_review;      /* [next_review] */
    struct plan_pos pos;
    enum criticality criticality; /* [criticality] */
    int priority;           /* [priority] recovery priority, 1 = first */
    int *stores;            /* [depends_on.stores] store indices */
    int n_stores;
    int *restored_by;       /* [restored_by.SCENARIO] per scenario: step index whose end restores this
                               service (the first, when the plan lists several: need_mask has
                               them all), or the scenario's service_step; array of plan.n_scenarios */
    unsigned char impact[IMPACT_N_CATEGORIES][IMPACT_N_BUCKETS]; /* [impact] enum impact_level */
    double cost_per_hour_usd;  /* [cost_per_hour] financial impact of downtime */
    double data_loss_cost_per_hour_usd; /* [data_loss_cost_per_hour] price of an hour of writes
                               lost (the service's RPO); NAN when not given (unpriced) */
    double data_lost_for_good_usd; /* [data_lost_for_good] price of an outage that leaves the
                               service's data with no usable recovery point; NAN when not given */
    double mtd_s;           /* [mtd] maximum tolerable downtime */
    double rto_s;           /* [rto] target; INFINITY if not stated */
    double rpo_s;           /* [rpo] target; INFINITY if not stated */
    double wrt_s;           /* [wrt] work recovery time after systems are back; 0 if not stated */
    double mbco_capacity;   /* [mbco.capacity] share of full capacity (0-1] at which the service
                               counts as restored (ISO 22301's MBCO); 0 when not stated: its
                               needs alone decide */
    double *rto_target_s;   /* [objectives.SCENARIO.rto, else rto] per scenario, seconds;
                               INFINITY when not stated; array of plan.n_scenarios */
    double *rpo_target_s;   /* [objectives.SCENARIO.rpo, else rpo] the same for data loss */
    uint64_t *need_mask;    /* per scenario: bit i set when the service needs step i to have
                               ended (its restored_by steps and the steps that bring back the
                               stores it needs that the scenario loses); array of n_scenarios */
};

/* ---- costs [costs] ------------------------------------------------------------------ */

/* The rates of the cost model (models/cost.h computes the monthly cost of the plan's
 * configuration from them). Amounts are US dollars, gigabytes decimal (10^9 bytes). */
struct plan_costs {
    int has_costs;          /* 0 when the plan has no costs section: every figure is unknown */
    double storage_gb_month_usd[3]; /* [storage.in-zone|in-region|cross-region] per GB-month,
                                       by enum backup_location */
    double transfer_gb_usd; /* [transfer.cross-region] per GB copied to another region */
    double change_per_day;  /* [change_per_day] fraction of a store's data changed a day */
    double store_change_per_day[PLAN_MAX_STORES]; /* [stores.NAME.change_per_day] per store;
                                       NAN = change_per_day */
    int incremental;        /* [incremental] later points store only what changed (default 1) */
    double per_point_usd;   /* [per_point] charge per recovery point taken */
    double person_year_usd[PLAN_MAX_ROLES]; /* [staffing.ROLE.per_person_year] per role, 0 if none */
    double on_call_month_usd[PLAN_MAX_ROLES]; /* [staffing.ROLE.on_call_month] stipend per person */
};

/* ---- inputs as written (the audit trail) ------------------------------------------- */

/* One value the loader read from the plan file, under the key path that used it, for
 * the workbook's Assumptions sheet: an auditor can see every input as simulated and
 * where it came from. A value reached through a YAML alias (an anchor shared by several
 * stores) appears once under every path that uses it, with the position and comment of
 * its definition. A list of plain values (needs, after, holidays, impact levels,
 * empirical values) is one input, its items joined with ", ". Keys starting with "x-"
 * are not inputs (the loader ignores them); defaults the plan does not write are not
 * listed. Inputs are in file order of their paths' keys. */
/* Where a value comes from, as the plan says it (struct plan_input). */
enum plan_provenance {
    PROV_FACT = 0,          /* not marked: the plan states it as a fact (its comment, if any,
                               is the source) */
    PROV_ASSUMPTION,        /* its comment says ASSUMPTION, or its section's banner says
                               "ASSUMPTION throughout" */
    PROV_UNKNOWN            /* its comment says UNKNOWN (or its section's "UNKNOWN throughout") */
};

struct plan_input {
    char *path;             /* dotted key path, e.g. "stores.pgmain1.backups.daily-copy.schedule";
                               list items that are not plain values get "[i]" */
    char *value;            /* the value as written, after YAML unquoting ("" for an empty value) */
    char *comment;          /* the plan's '#' comment for it, "" when none: the comment after the
                               value on its line, else the key's line, else the comment lines
                               directly above its key, else the same for the nearest enclosing key */
    const char *unit;       /* static, not owned: what the loader read it as ("duration", "size",
                               "rate", "probability", "money (USD)", "schedule", "choice", ...) */
    int line, col;          /* 1-based position of the value in the plan file */
    enum plan_provenance provenance; /* from its comment (the word ASSUMPTION or UNKNOWN,
                               upper case), else from the banner comment of its top-level
                               section ("ASSUMPTION throughout") */
    int provenance_inherited; /* 1 when it came from the section's banner */
};

/* "fact", "ASSUMPTION", "UNKNOWN". */
const char *plan_provenance_name(enum plan_provenance v);

/* ---- governance [governance] --------------------------------------------------------- */

/* One approval of a version of the plan [governance.approvals[i]]. */
struct plan_approval {
    char *version;          /* [version] the plan version approved (plan.version) */
    char *by;               /* [by] who approved it */
    char *role;             /* [role] their role ("CTO"), "" when not given */
    long date;              /* [date] civil day number (days since 1970-01-01) */
    char *note;             /* [note] "" when not given */
    struct plan_pos pos;
};

/* Scope, limitations, approvals and review cycle: what an auditor asks of a plan before
 * its figures (docs/plan-format.md, "governance"). A plan is a DRAFT unless an approval
 * names its version (plan_draft_reason). */
struct plan_governance {
    int present;            /* the plan has a governance section */
    char *scope;            /* [scope] what the plan covers, "" when not given */
    char **limitations;     /* [limitations] what the plan says it does not model */
    int n_limitations;
    struct plan_approval *approvals; /* [approvals] in the plan's order (version history) */
    int n_approvals;
    double review_every_s;  /* [review.every] the review cycle; NAN when not given */
    long review_last;       /* [review.last] civil day of the last review; LONG_MIN when not given */
};

/* ---- levers [levers] ---------------------------------------------------------------- */

/* One value a lever can take, with what choosing it costs beyond the plan as written
 * [levers.NAME.candidates[i]]. The cost model of the costs section (models/cost.h), when
 * the plan has one, adds what the value changes in storage, transfer and people. */
struct plan_lever_candidate {
    char *value;            /* [value] as written in the plan (spliced in by vary_plan) */
    double one_off_usd;     /* [one_off] paid once, US dollars; 0 when not given */
    double per_year_usd;    /* [per_year] paid every year, US dollars; 0 when not given */
    struct plan_pos pos;    /* of the value */
};

/* A change the organisation could make [levers.NAME]: a plan path (as `drsim sweep
 * --vary` names it, `*` allowed) and the values it could take instead of the plan's. The
 * plan's own value is always an option at no extra cost (analysis/levers.h). */
struct plan_lever {
    char *name;             /* the key under levers */
    char *path;             /* [path] a key path as plan->inputs names values */
    char *owner;            /* [owner] who decides it; "" when not given */
    char *description;      /* [description] "" when not given */
    struct plan_lever_candidate *candidates; /* [candidates] in the plan's order */
    int n_candidates;
    struct plan_pos pos;    /* of the lever's key */
};

/* The argument `drsim sweep --vary` would take for lever lv: "PATH=v1|v2|...", every
 * candidate once, '|'-separated (a lone candidate is written twice so that the '|'
 * still separates and a comma inside a value stays in it). Into buf (n bytes); offs[i]
 * (n_candidates entries, may be NULL) receives where candidate i starts. Returns the
 * length, or -1 when it does not fit. */
int plan_lever_arg(const struct plan_lever *lv, char *buf, size_t n, size_t *offs);

/* ---- the plan ----------------------------------------------------------------------- */

struct plan {
    char *path;             /* file it was loaded from ("<built-in>" for the default) */
    char *name;             /* [plan.name] */
    char *version;          /* [plan.version] */
    char *organization;     /* [plan.organization] */
    char *system;           /* [plan.system] */
    char *owner;            /* [plan.owner] */
    unsigned char sha256[32]; /* SHA-256 of the plan file's bytes */
    struct plan_calendar calendar;
    double confidence;      /* [policy.confidence] required probability of meeting a target, default 0.95 */
    enum rto_clock rto_clock; /* [policy.rto_clock] the default of outage scenarios
                               (scenario.rto_clock is what applies) */
    struct store *stores;   int n_stores;
    struct role *roles;     int n_roles;
    int n_people;           /* sum of role counts */
    struct person *people;  /* n_people of them, role by role */
    struct team_calendar *calendars; int n_calendars; /* [staffing.calendars] */
    long *holidays;         /* [staffing.holidays] sorted civil day numbers: the holidays of
                               every calendar that gives none of its own */
    size_t n_holidays;
    struct scenario *scenarios; int n_scenarios;
    struct service *services;   int n_services;
    struct plan_input *inputs;  int n_inputs;  /* every value read, see struct plan_input */
    struct plan_costs costs;    /* [costs] rates of the cost model; has_costs 0 when absent */
    struct failure_group *groups;       int n_groups;       /* [failure_groups] */
    struct copy_region *copy_regions;   int n_copy_regions; /* [copy_capacity] */
    struct restore_region *restore_regions; int n_restore_regions; /* [restore_capacity] */
    struct plan_governance governance; /* [governance] present 0 when absent */
    struct plan_lever *levers;  int n_levers; /* [levers] in the plan's order */
    struct tz **zones;      int n_zones;  /* IANA zones any [timezone] names, read at load
                                             (models/tz.h); calendars and schedules borrow them */
    double *complete_bounds; /* the bucket bounds of the rules' distinct lognormal completions,
                               made at load (models/backup.h: backup_bounds_init); rules
                               borrow them (backup_rule.complete_bounds); NULL: none */
};

/* Release everything the plan owns, then the plan itself. plan_free(NULL) is a no-op. */
void plan_free(struct plan *p);

/* Index lookups by name; -1 when absent. */
int plan_find_store(const struct plan *p, const char *name);

/* Stores the plan leaves out of the policy RPO with a signed exception (store.exception). */
int plan_n_exceptions(const struct plan *p);
int plan_find_role(const struct plan *p, const char *name);
int plan_find_scenario(const struct plan *p, const char *name);
int scenario_find_step(const struct scenario *s, const char *name);

/* Names of enum values as written in plan files. */
const char *plan_location_name(enum backup_location l);
const char *plan_zone_mode_name(enum store_zone_mode m);
const char *plan_recovery_name(enum store_recovery r);
const char *plan_cross_region_name(enum store_cross_region x); /* "stated", "none", "unknown" */
const char *plan_scope_name(enum outage_scope s);
const char *plan_impact_name(enum impact_level l);
const char *plan_category_name(enum impact_category c);
const char *plan_bucket_name(enum impact_bucket b);   /* "< 1 hour", "1-8 hours", ... */
const char *plan_criticality_name(enum criticality c);

/* The part of a file name a plan or scenario name becomes ("<stem>-rto-cdf.png",
 * "<stem>-dr-review.xlsx"): every byte that is not an ASCII letter, digit, '-', '_' or
 * a '.' after the first byte becomes '_' (so each byte of a multi-byte UTF-8 character
 * is one '_'); an empty or NULL name becomes "plan". Written into out (n bytes, cut at
 * n - 1 bytes, always NUL-terminated when n > 0); returns out. Two names with the same
 * stem would write the same files, which the loader refuses for scenarios. */
char *plan_file_stem(const char *name, char *out, size_t n);

/* The SHA-256 as 64 lowercase hex digits plus NUL into out[65]. */
void plan_sha256_hex(const struct plan *p, char out[65]);

/* The name of person number `person` (the plan's person numbering, see role.first_person)
 * into buf (n bytes): the name the plan gives them (people: NAME); else the role's name,
 * with "#k" when the role has more than one person; "person N" when no role holds that
 * number. */
void plan_person_name(const struct plan *p, int person, char *buf, size_t n);

/* The service after `prev` in priority order (1 first), ties in plan order: the order
 * people restore them in; prev -1 gives the first, and -1 comes back after the last.
 * Walking the order this way needs no memory however many services the plan has. */
int plan_next_service(const struct plan *p, int prev);

/* Whether scenario sc takes store number s away until something brings it back: the
 * outage's scope (backup_store_affected), or the store is damaged (damage.stores_mask). A
 * service that needs such a store needs the steps acting on it. */
int plan_store_affected(const struct plan *p, const struct scenario *sc, int s);

/* Whether store number s is damaged by scenario sc (a logical-damage scenario). */
int plan_store_damaged(const struct scenario *sc, int s);

/* Who step st needs, as words for the reports: "oncall, dba x2, any of devops | dba, cto
 * (optional)" (repeated roles counted, any_of sets with '|', optional entries marked);
 * "none (automatic)" when it needs nobody. Written into buf (n bytes, cut, always
 * NUL-terminated when n > 0); returns buf. */
char *plan_step_needs_text(const struct plan *p, const struct step *st, char *buf, size_t n);

/* A role's escalation chain as words: "cto, then vp-eng" ("" when it has none); as above. */
/* Why the plan is a DRAFT, into buf (returns buf), or NULL when an approval names its
 * version: "no approvals (governance.approvals)", "no approval of version 2026.08 (the
 * latest is of 2026.02)", "the plan states no version (plan.version)". */
const char *plan_draft_reason(const struct plan *p, char *buf, size_t n);

/* What drsim knows the plan does not model, each a sentence into out[0..max) (static
 * strings or text in bufs[k] of n bytes), beside what the plan itself lists: no
 * logical-damage scenario, no business services, no cost model, stores whose
 * cross-region protection is unknown, and the kinds of event drsim has no scenario
 * kind for. Returns the count. */
int plan_auto_limitations(const struct plan *p, const char **out, int max, char (*bufs)[256]);

/* The people of role ro on call at t (seconds since the epoch), as a mask of indices
 * within the role (bit j: person first_person + j): every person without an on_call rota;
 * the turn's person of a rotation; the people in their working hours under follow-the-sun
 * (every person when nobody is). Pure and allocation-free: the engine calls it per page. */
uint64_t plan_on_call_at(const struct plan *p, const struct role *ro, double t);

char *plan_role_chain_text(const struct plan *p, const struct role *ro, char *buf, size_t n);

/* Whether service `service` is one of scenario sc's policy services: the services whose
 * restoration is the scenario's service restoration. */
int plan_defines_restoration(const struct scenario *sc, int service);

#endif
