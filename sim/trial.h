/* sim/trial.h: one trial of one scenario, as a discrete-event simulation.
 *
 * A trial draws an outage (start uniform over the plan's window, duration from the
 * scenario), the data each store loses (models/backup.h), and then plays the scenario's
 * runbook as a discrete-event simulation: events are ordered by time, then by insertion
 * sequence (sim/evq.h), and all events at one instant are processed before any step is
 * started at that instant. A step becomes ready when every step in its `after` list has
 * ended; it then needs its required people (step.needs[0 .. n_required): one person per
 * entry, of the entry's role or, for an any_of entry, of the first of its roles with
 * somebody free), taken all at once when all are free (no partial holding, hence no
 * deadlock); at that instant each optional entry takes a free person of its role(s) if
 * there is one, held for the whole step, and the step never waits for them. Waiting
 * steps are served in order of (ready time, step index); a step that cannot get its
 * people does not block a later step that can. A role's people are all paged the first
 * time a ready step needs the role (every role of an any_of set, optional entries too),
 * or ahead of that: at time 0 (scenario.page_at_start) or when the declared_by step ends
 * (page_at_declaration). Each person arrives after a response delay drawn for the
 * calendar period (business hours, night, weekend) at paging time, then works one step
 * at a time. With re-paging (role.repage), the pager notifies each person at the page
 * and every `every` after it, `attempts` times; each notification is noticed with the
 * probability of the period at its time; the person arrives at the first noticed
 * notification plus the response delay, and never when none is noticed. Escalation:
 * from page time + k x escalate_after on (k = 1, 2, ...), a step waiting for a required
 * role with nobody of it free may take a person of the first k roles of the role's
 * stand-in chain instead, the earliest level with somebody free (paging a stand-in role
 * then, if it was never paged); a stand-in's own chain is not followed.
 *
 * Rotas and shifts (docs/method.md, "Rotas, shifts and hand-over"). Each person's
 * response period, for the response delay and for each re-paging notification, is by
 * the person's own calendar (plan.people[].calendar) at that time. A page of a role
 * with an on_call rota reaches the people plan_on_call_at gives at the page time; with
 * on_call.others_after finite, the role's other people are paged that long after it
 * (each by their own period then); a person never paged draws nothing. With a shift
 * (role.shift), a person's working stretch opens when they start a step after arriving
 * or resting (or after being idle when the stretch's max ran out); a running step that
 * would run past the stretch's end (start + max) hands that person's place over at that
 * instant to the lowest-numbered FREE person of the same role, and the step's end moves
 * later by hand_over (a step whose time is a shared restore transfer keeps its timing);
 * the leaver rests `rest` (PERSON_RESTING) and is then free with a new stretch. With
 * nobody free, the person carries on and the hand-over happens as soon as somebody of
 * the role is free (pending hand-overs, first due first, are served before waiting
 * steps). A person freed at or after their stretch's end rests before new work.
 *
 * The decision and the primary's return. When the scenario names a decision step
 * (activation.decided_by), the steps after it wait for the go, not for its end: at its
 * end the go rule is applied to what is known then, namely how long the outage has
 * lasted and the data failing over would lose (the largest drawn loss over the stores
 * that count for RPO): with no rule, go at once; else go at the earliest instant at
 * which a condition holds (outage_lasted W: at W after the outage start, W drawn per
 * trial; data_loss_under X: at once when the loss is below X), and never when none can.
 * The outage ends by itself at D (the provider's fix); the primary serves again at D + R
 * (R drawn from primary_return). At D, under `on_outage_end: restores`, a failover that
 * has not restored service and has not started its point-of-no-return step is
 * abandoned: every step of the failover (the decision step and every step that waits
 * on it, transitively; the whole runbook when there is no decision step) that has not
 * ended is cancelled and its people are free at once for the steps that remain; service
 * comes back on the primary at D + R, and no data is lost (RPO 0). Such a trial is
 * recovered in place; every other one failed over (RTO and RPO from the runbook). A
 * trial is abandoned when it is recovered in place after the go (or, without a decision
 * step, after the runbook had started: always).
 *
 * Failback and the exposure window (failed-over trials only). With a failback section,
 * the failback starts at F = max(service restored in the secondary, the primary's return)
 * + a planned delay; the failback steps (phase: failback) wait for F, and the people of
 * roles nobody paged are there at F (a planned window: no paging delay). The reverse
 * synchronization step copies what was written in the secondary: its duration is
 * (its start - service restored) x write_rate / sync throughput; that data, in seconds of
 * writes, is the data at risk during the failback. Failback downtime is the span of the
 * steps that interrupt service (the cut-back window); the time outside the primary runs
 * from the outage start to the failback's last step. The exposure window runs from
 * service restored in the secondary until the data written there has a copy in another
 * region: the end of the exposure_until step, or of the reverse sync, whichever is first
 * (INFINITY when neither happens). Failback steps count neither for full restoration nor
 * for the critical path.
 *
 * How stores come back. A restore step's work time is overhead + size / (parallelism x
 * throughput), from the store's restore model or the step's own (step.restore_own); a
 * recreate step's is its duration; a promote step's is the store's replica.promote. In a
 * region outage whose runbook promotes a store's replica, the store's loss is the
 * replica's lag (drawn) instead of its backups' (TRIAL_LOSS_REPLICA in the trace).
 * Restore capacity: in a scenario with restores_in, a restore with bytes to move works its
 * overhead, then its transfer queues for the region's slots (concurrency; first come,
 * first served, ties by step index) and shares its bandwidth max-min fairly with the
 * transfers in flight, each capped by its own rate and per_restore, rates recomputed at
 * every transfer start and end; the step holds its people until the transfer ends, and
 * its duration_s becomes the time it actually took.
 *
 * Logical damage (scenario.damage: ransomware, a destructive bug, a dropped table). The
 * outage start's uniform gives the onset instead; the dwell time D is drawn from its own
 * stream, and the trial's clock origin (time 0, start_abs_s) is detection = onset + D:
 * the runbook, the paging and an outage the scenario also causes (destroys: zone or
 * region) all start there, and damaged_s = D. A damaged store (damage.stores_mask) loses
 * onset minus its newest clean point (backup_store_loss_damaged: completed before the
 * onset, its copy queues run at the onset; retained at detection; under deletes_backups
 * from an immutable rule only; never from a replica, and from a continuous rule, at onset
 * minus its lag, only while the onset is within its retention), INFINITY when there is
 * none, and the trial is flagged no_clean when such a store has data to restore (not
 * ephemeral, not rebuilt); clean_rule[] names the rule that supplied each damaged store's
 * point. A store the scenario does not damage loses what the scope destroys: nothing
 * under destroys: none. A restore step of a damaged store does its work even when the
 * scope leaves the store in place. The RTO runs on the scenario's rto_clock: from
 * detection (service_s), from the onset (service_s + D) or from the declaration; a service
 * that needs nothing in the scenario (the loader's need_mask 0: damage that leaves its
 * stores alone) was never down, RTO 0 on every clock. When the scenario also destroys a
 * zone or region, the outage's end recovers nothing in place: the primary comes back with
 * the damage, so the runbook runs on (on_outage_end does not apply). In the
 * trace, an onset event (at t = -D) comes before the outage start, and each store's loss
 * says which rule supplied its clean point and whether a newer one was deleted.
 *
 * Reproducibility and common random numbers: every random input of trial k draws from
 * its own counter-based stream keyed by (seed, k, the input's identity) (sim/rng.h):
 * the outage start (the onset of logical damage); the outage duration; the dwell time of
 * logical damage (scenario, "detection"); each step's work time (a restore step's
 * overhead and its throughput separately); each person's response delay; each store's
 * async replica lag; each re-paging notification's uniform (whether it is noticed), one
 * stream per (scenario, role name, the person's place in the role, the notification's
 * number); a promoted cross-region replica's lag (scenario, store name,
 * "xrreplic"); and, per backup rule, each scheduled point's failure and completion
 * (one stream per point, failure first) and a continuous rule's lag; per failure group,
 * each scheduled instant's group failure (one stream per group and instant, shared by its
 * members, no store's). Identities are
 * derived from names, not positions: (scenario name, step name), (scenario, store name,
 * rule name, the point's time to the second), (scenario, "groups", group name, the
 * instant), (scenario, role name, the person's place in the role). Shared copy capacity
 * draws nothing: it only decides when copies finish, from the points' own draws. So:
 *   - changing one input's distribution, to any kind and any parameters, leaves every
 *     other input's draws in every trial bit-identical (a sampler may take any number of
 *     uniforms from its own stream: gamma's rejection loop disturbs nothing else);
 *   - adding, removing, reordering or renaming other steps, stores, rules, roles or
 *     scenarios, or people to a role, leaves an input's draws unchanged (renaming the
 *     input itself gives it new ones);
 *   - a rota changes who is paged and when, never what a person draws: a person paged
 *     (on call, or later with the others) draws from their own stream then, and a person
 *     never paged draws nothing; shifts draw nothing at all;
 *   - what an input's draw becomes still depends on the plan: a response delay is drawn
 *     from the distribution of the calendar period in which its person is paged, which
 *     moves if earlier steps take longer; a restore's duration divides the store's size
 *     by the drawn throughput.
 * A trial's draws do not depend on the order events happen in, on the thread, nor on
 * which trials the worker ran before: a trial depends only on (plan, seed, scenario, k).
 * Sampling is by inversion for every kind but gamma, so a draw is a monotone function
 * of its uniform (a larger mean gives a larger draw in the same trial).
 *
 * A worker (trial_worker_new) owns everything a trial needs: the RNG streams, the event
 * queue and fixed-size scratch arrays sized by PLAN_MAX_*; running a trial allocates
 * nothing. A worker is used by one thread at a time; the plan it borrows must outlive it.
 *
 * Tracing: trial_run takes an optional sink that receives every event as it happens
 * (drsim trace prints them). The traced and untraced runs are the same function with the
 * same streams, so the trace of trial k shows exactly what `drsim run` computed for k.
 *
 * Services and capacity. A service is restored when every step it needs (service.need_mask:
 * its restored_by steps and the steps acting on the stores it needs that the scenario
 * takes away) has ended and the capacity is at its MBCO (service.mbco_capacity); capacity
 * is the largest of the scenario's capacity_left and the capacity of every step ended so
 * far (trial_capacity_at). With policy services (scenario.policy_services), service is
 * restored at the step end at which all of them are: that moment, not the
 * service_restored_by step, drives abandonment, the failback and the exposure, and the
 * critical path ends at that step. Without them, the service_restored_by step does, as
 * before. With a capacity model, full restoration also waits until capacity is 1. None of
 * this draws anything.
 *
 * All times in results and events are seconds since the outage start (detection, for
 * logical damage) unless the field name says otherwise (`_abs_s`: seconds since the
 * plan's calendar epoch).
 */
#ifndef DRSIM_TRIAL_H
#define DRSIM_TRIAL_H

#include <stdint.h>

#include "models/plan.h"

/* ---- results of one trial ------------------------------------------------------------ */

enum trial_step_state {
    TRIAL_STEP_PENDING = 0, /* never became ready (recovery ended first) */
    TRIAL_STEP_READY,       /* ready, waiting for people, never started */
    TRIAL_STEP_RUNNING,     /* started, had not ended when recovery ended */
    TRIAL_STEP_DONE,        /* ended */
    TRIAL_STEP_CANCELLED    /* ready or running when the failover was abandoned */
};

/* How a trial ended. */
enum trial_outcome {
    TRIAL_FAILED_OVER = 0,  /* service restored by the runbook */
    TRIAL_IN_PLACE          /* the primary returned first (including abandoned failovers) */
};

/* What the go rule decided at the decision step's end (trace and results). */
enum trial_go {
    TRIAL_GO_NONE = 0,      /* no decision step, or the decision was never reached */
    TRIAL_GO_AT_ONCE,       /* no rule: go at the decision */
    TRIAL_GO_LOSS,          /* go at once: failing over loses less than data_loss_under */
    TRIAL_GO_LASTED,        /* go at once: the outage had already lasted outage_lasted */
    TRIAL_GO_WAIT,          /* wait until the outage has lasted outage_lasted, then go */
    TRIAL_GO_NEVER          /* no condition can hold: wait for the provider */
};

/* What released a step's start, for the critical path. */
enum trial_release {
    TRIAL_RELEASE_DEPS = 0, /* its last dependency ended (or the outage started, if none) */
    TRIAL_RELEASE_PERSON,   /* a person it needed was freed by another step (release_step) */
    TRIAL_RELEASE_STAFF     /* it waited for people to arrive (response, escalation) */
};

struct trial_step {
    enum trial_step_state state;
    double ready_s;         /* when all its dependencies had ended; NAN if never ready */
    double start_s;         /* when it got its people and started; NAN if never started */
    double end_s;           /* when it ended; NAN if it did not end */
    double duration_s;      /* drawn work time (drawn for every step, even if it never ran),
                               plus shift.hand_over for each hand-over it had */
    double staff_wait_s;    /* start - ready: time spent waiting for people; 0 if none needed */
    int people[PLAN_MAX_NEEDS]; /* person ids, valid once started: one per required needs[]
                               entry in entry order, then the optional participants who joined */
    int n_people;           /* the step's n_required plus n_optional, once started */
    int n_optional;         /* how many of people[] (the last ones) are optional participants */
    int n_stand_ins;        /* how many of people[] stood in for another role (escalation) */
    int n_handovers;        /* shift hand-overs on it (people[] holds who worked it last) */
    enum trial_release release; /* what released its start (valid once started) */
    int release_step;       /* TRIAL_RELEASE_PERSON: the step whose end freed the person;
                               else the latest-ending dependency, or -1 when none */
    int on_path;            /* 1 when on the critical path to service restoration */
    double contribution_s;  /* on the path: its duration plus the staff wait charged to it;
                               the contributions along the path, plus the result's
                               path_go_wait_s, sum to service_s (the path ends at the step
                               whose end restored service) */
};

struct trial_result {
    int scenario;           /* scenario index in the plan */
    uint64_t trial;         /* trial index */
    double start_abs_s;     /* the clock origin, seconds since the calendar epoch: the outage
                               start, or detection in a logical-damage scenario */
    double outage_s;        /* outage duration, seconds; INFINITY when it does not end by itself */
    double rto_s;           /* downtime on the scenario's rto_clock: service restored minus the
                               outage start (detection in a damage scenario; the onset under
                               rto_clock: onset), or minus the end of the declaring step under
                               rto_clock: declaration */
    double rpo_s;           /* data loss: max effective loss over stores that count for RPO; 0 when
                               none count; INFINITY when one has no usable recovery point */
    double rpo_all_s;       /* data loss over all data: the same max over every store, the stores
                               the plan excepts from the policy RPO included; 0 when in place */
    double full_s;          /* full restoration (fully_restored_by step or last step, and with a
                               capacity model not before capacity is 1), since start */
    double service_s;       /* when service was restored (the service_restored_by step's end, or
                               with policy services the latest of their moments), since start */
    double declared_s;      /* end of the declaring step since start; NAN when none or not reached */
    enum trial_outcome outcome;
    int in_place;           /* 1 when outcome is TRIAL_IN_PLACE */
    int abandoned;          /* 1 when in place after the failover had begun (see above) */
    double primary_back_s;  /* outage end + primary return: the primary serves again, since start
                               (INFINITY when the outage does not end) */
    double failover_loss_s; /* data failing over loses: max drawn loss over stores counting for
                               RPO (INFINITY: one has no usable point), known at the decision
                               (on a worker that defers losses, trial_worker_defer_losses, the
                               decision may know only that it reaches its threshold; NAN in a
                               trial recovered in place) */
    double decided_s;       /* end of the decision step; NAN when none or not reached */
    double go_s;            /* the go: when the failover steps after the decision may start;
                               NAN when no decision step or not reached, INFINITY when never */
    enum trial_go go;       /* what the rule decided (TRIAL_GO_NONE when not reached) */
    double path_go_wait_s;  /* the wait from the decision to the go, when on the critical path
                               (an item of the path of its own: the steps' contributions plus
                               this add up to the service step's end); 0 otherwise */
    /* Failback and exposure (see above): NAN when in place or not modelled. */
    double failback_start_s;/* F, since outage start */
    double failback_end_s;  /* end of the failback's last step = time outside the primary */
    double failback_downtime_s; /* span of the steps that interrupt service (0 when none do) */
    double failback_at_risk_s;  /* seconds of writes held only in the secondary at the sync's start */
    double exposure_s;      /* the exposure window, seconds (INFINITY: no copy ever) */
    int rpo_no_point;       /* 1 when a store counting for RPO had no usable recovery point */
    int n_handovers;        /* shift hand-overs in the trial (0 without role.shift) */
    /* Logical damage (scenario.damage.present): the trial's clock origin (time 0,
     * start_abs_s) is detection; the onset was damaged_s before it. */
    double damaged_s;       /* the damaged window, onset to detection (the dwell time drawn):
                               writes that must be re-entered or reconciled; NAN for outages */
    int no_clean;           /* 1 when a damaged store with data to restore (not ephemeral, not
                               rebuilt) had no clean point: its data is lost for good */
    int clean_rule[PLAN_MAX_STORES]; /* damaged store s: index in its rules of the rule that
                               supplied its clean point; -1 none, or not damaged */
    int n_stores;
    double store_drawn_loss_s[PLAN_MAX_STORES]; /* loss as drawn by backup_store_loss (NAN in
                               a trial recovered in place on a worker that defers them:
                               trial_worker_defer_losses) */
    double store_loss_s[PLAN_MAX_STORES];  /* effective loss: drawn, or 0 when in place */
    int n_steps;
    struct trial_step steps[PLAN_MAX_STEPS];
    uint64_t critical_mask; /* bit i set when step i is on the critical path (0 when in place:
                               the primary's return, not a step, ended recovery) */
    int n_services;
    const double *service_rto_s; /* [n_services] per service, same clock as rto_s */
    const double *service_rpo_s; /* [n_services] max effective loss over the service's stores */
    const double *service_back_s; /* [n_services] when the service was restored (everything it
                               needs back and capacity at its MBCO), since outage start;
                               INFINITY when never */
};

/* ---- trace ---------------------------------------------------------------------------- */

/* The flag bits of a TRIAL_EV_STORE_LOSS event. */
#define TRIAL_LOSS_NO_POINT 1   /* no usable point: the data is lost */
#define TRIAL_LOSS_GROUP 2      /* a newer point was lost to its failure group */
#define TRIAL_LOSS_QUEUED 4     /* a newer point's copy was held up by the shared copy capacity
                                   (alone it would have been done) */
#define TRIAL_LOSS_REPLICA 8    /* the loss is the lag of the store's cross-region replica, which
                                   the runbook promotes (region outage) */
#define TRIAL_LOSS_DAMAGED 16   /* a damaged store: the loss is the onset minus its newest clean
                                   point (event.rule names the rule that supplied it) */
#define TRIAL_LOSS_DELETED 32   /* a newer clean point was deleted by the adversary */

enum trial_event_kind {
    TRIAL_EV_OUTAGE_START = 0, /* value_s = outage duration (INFINITY: does not end) */
    TRIAL_EV_STORE_LOSS,    /* store; value_s = data lost as drawn; flag = TRIAL_LOSS_* bits */
    TRIAL_EV_STEP_READY,    /* step */
    TRIAL_EV_PAGE,          /* role paged: the people in `paged` (all its people without an
                               on_call rota); person = the one paged when exactly one, else -1;
                               stand_in_role = the role it is paged
                               to stand in for, or -1; flag = the period (enum sched_period) of
                               the first person paged, by their own calendar;
                               why = enum trial_page_why; step = the step whose readiness paged
                               it (TRIAL_PAGE_NEEDED), the declaring step (at declaration), or -1 */
    TRIAL_EV_PERSON_AVAILABLE, /* person (of role) arrives; value_s = response delay */
    TRIAL_EV_ESCALATION,    /* step takes a stand-in: role = the role it needed, person = the
                               stand-in, stand_in_role = the stand-in's role; level = its place
                               in the role's stand-in chain (1 = first) */
    TRIAL_EV_STEP_START,    /* step with people[n_people]; value_s = duration, wait_s = staff wait */
    TRIAL_EV_STEP_END,      /* step; people[n_people] are free again */
    TRIAL_EV_OUTAGE_END,    /* the outage ends by itself (the provider's fix); flag = 1 when the
                               failover is abandoned (or was never started) */
    TRIAL_EV_SERVICE_RESTORED, /* value_s = RTO; flag = 1 when on the primary (in place) */
    TRIAL_EV_FULL_RESTORATION, /* value_s = full restoration time */
    TRIAL_EV_DECISION,      /* step = the decision step; value_s = data failing over would lose;
                               wait_s = time until the go (INFINITY: never); flag = enum trial_go */
    TRIAL_EV_GO,            /* the failover steps after the decision may start */
    TRIAL_EV_ABANDON,       /* the failover is abandoned; flag = steps cancelled; value_s = the go
                               (NAN or later than now: there was no go yet, nothing had begun) */
    TRIAL_EV_PRIMARY_BACK,  /* the primary serves again; value_s = time since the outage end */
    TRIAL_EV_FAILBACK_START,/* the failback's steps may start; value_s = the planned delay */
    TRIAL_EV_ONSET,         /* logical damage begins (t_s = -damaged window, before detection at
                               0); value_s = the damaged window; flag = enum damage_deletes */
    TRIAL_EV_NOTIFY,        /* a re-paging notification (role.repage) reaches person (of role);
                               attempt = its number (1 = the page itself); flag = 1 when noticed
                               (the person responds, value_s = the response delay that follows),
                               0 when not (after the role's last attempt: nobody answers);
                               sent for each notification up to the first noticed one */
    TRIAL_EV_ESCALATION_LEVEL, /* role's escalation reaches `level` (page + level x
                               escalate_after) while a step waits for the role with nobody of
                               it free: stand_in_role = the chain's role at that level, which
                               the waiting step may now take */
    TRIAL_EV_OPTIONAL_JOIN, /* an optional participant joins step as it starts: person (of role,
                               the role of the needs entry it fills) */
    TRIAL_EV_HANDOVER,      /* shift: person (of role) on step reaches the end of their stretch;
                               people[0] (n_people 1) takes their place, value_s = the time it
                               adds to the step (0 under TRIAL_HANDOVER_TRANSFER), wait_s = how
                               long the person carried on past their stretch waiting for
                               somebody free; flag = TRIAL_HANDOVER_* bits; under
                               TRIAL_HANDOVER_NOBODY (nobody free: they carry on) n_people 0 */
    TRIAL_EV_REST_END       /* shift: person (of role) has rested and is free again, with a new
                               stretch; value_s = the rest */
};
#define TRIAL_N_EVENT_KINDS 22

/* The flag bits of a TRIAL_EV_HANDOVER event. */
#define TRIAL_HANDOVER_TRANSFER 1 /* the step is a shared restore transfer: its end does not move */
#define TRIAL_HANDOVER_NOBODY 2   /* nobody of the role is free: the person carries on, and the
                                     hand-over follows when somebody is (a second event) */

/* Why a role was paged (TRIAL_EV_PAGE.why). */
enum trial_page_why {
    TRIAL_PAGE_NEEDED = 0,  /* a ready step needs it (or, with stand_in_role, escalation) */
    TRIAL_PAGE_AT_START,    /* paged ahead at time 0 [page.at_start] */
    TRIAL_PAGE_AT_DECLARATION, /* paged ahead when the declaring step ended [page.at_declaration] */
    TRIAL_PAGE_OTHERS       /* the people of a role with an on_call rota who were not on call,
                               paged on_call.others_after after the role's page */
};

struct trial_event {
    enum trial_event_kind kind;
    double t_s;             /* seconds since outage start */
    double t_abs_s;         /* seconds since the calendar epoch */
    int step;               /* step index or -1 */
    int store;              /* store index or -1 */
    int role;               /* role index or -1 */
    int person;             /* person id or -1 (role r's people are first_person .. +count-1) */
    int stand_in_role;      /* ESCALATION: the stand-in's role; PAGE: the role stood in for; else -1 */
    int people[PLAN_MAX_NEEDS]; /* STEP_START/STEP_END: the people working the step */
    int n_people;
    double value_s;         /* kind-specific, see above */
    double wait_s;          /* STEP_START: staff wait; else 0 */
    int flag;               /* kind-specific, see above */
    int rule;               /* STORE_LOSS of a damaged store: index in the store's rules of the
                               rule that supplied the clean point, -1 none; else -1 */
    int attempt;            /* NOTIFY: the notification's number, 1 = the page itself; else 0 */
    int level;              /* ESCALATION, ESCALATION_LEVEL: place in the stand-in chain,
                               1 = first; else 0 */
    int why;                /* PAGE: enum trial_page_why; else 0 */
    uint64_t paged;         /* PAGE: the people paged, bit j = the role's person first_person + j
                               (its first 64); else 0 */
};

/* A trace sink: fn is called for every event of the trial, in order. */
typedef void (*trial_trace_fn)(void *user, const struct trial_event *ev);
struct trial_trace {
    trial_trace_fn fn;
    void *user;
};

/* Name of an event kind, e.g. "step-start". */
const char *trial_event_name(enum trial_event_kind k);

/* ---- running trials ------------------------------------------------------------------- */

struct trial_worker;

/* A worker for plan p and the run's 64-bit seed: allocates the RNG streams, the event
 * queue and scratch once. p is borrowed and must outlive the worker. NULL when out of
 * memory. */
struct trial_worker *trial_worker_new(const struct plan *p, uint64_t seed);

/* Release a worker; NULL is a no-op. */
void trial_worker_free(struct trial_worker *w);

/* Let w's trials of an outage walk the stores' backups only when something reads what
 * they lost: a decision under activation.go_when.data_loss_under (the stores counting for
 * RPO, until one takes the failover's loss to the threshold: the answer is then no
 * whatever the others lost), and the outcome of a trial that failed over (the rest). A
 * trial recovered in place loses nothing (store_loss_s, rpo_s, rpo_all_s and every
 * service's RPO are 0 whatever the backups held), so for the figures of the Monte Carlo
 * run the walks would be wasted; such a trial's store_drawn_loss_s and failover_loss_s
 * are then NAN (not all drawn). Every other figure, and the losses of every trial that
 * failed over, are those of a worker without it: each loss comes from its own streams,
 * whenever it is drawn. Logical damage and a traced trial draw the losses first, as
 * without it. */
void trial_worker_defer_losses(struct trial_worker *w);

/* Tell w that nothing reads its untraced trials' results but the Monte Carlo run's
 * figures (mc_acc_add: the trial's RTO, RPO, losses, services and outcome, and each
 * step's start, work time, staff wait and contribution on the path): the run's workers
 * without a per-trial sink. What nothing then reads goes unwritten:
 * - a lognormal outage duration of a scenario played serially is first known only as the
 *   bounds of its uniform's bucket, which nearly always decide the comparisons the play
 *   makes with it; its exact value is computed only when they do not, or when the trial
 *   is recovered in place or leaves for the event loop. A trial that failed over may
 *   have outage_s and primary_back_s NAN;
 * - a step the serial play starts does not have its people, n_people, n_optional,
 *   n_stand_ins, release or ready_s set (its readiness is the end of its release_step,
 *   which the play's own readers take instead), nor any step off the critical path its
 *   contribution_s (they hold whatever they held);
 * - a trial that failed over does not have its store_loss_s copied from
 *   store_drawn_loss_s, where the figures (mc_acc_play, each service's RPO) read them.
 * Every other figure is that of a worker without it: the duration's uniform is drawn all
 * the same, and the value computed from it is the draw's. It makes the bounds then (4 kB
 * a scenario); should that memory be lacking, every duration is drawn at once, so it
 * never fails. */
void trial_worker_figures_only(struct trial_worker *w);

/* Run trial `trial` (< 2^32) of scenario `scenario` (index in the plan). trace may be
 * NULL (the fast path). Returns the worker's result, valid until the next trial_run on
 * the same worker or its release. Never fails and never allocates. */
const struct trial_result *trial_run(struct trial_worker *w, int scenario, uint64_t trial,
                                     const struct trial_trace *trace);

/* The platform's capacity at t seconds after the outage start in a played trial, as a
 * share of full capacity: 1 when the scenario has no capacity model; else the largest of
 * the scenario's capacity_left and the capacity of every step that had ended by t; 1 once
 * the primary served again in a trial recovered in place. It is the capacity a service
 * has once everything it needs is back (before that the service is down). */
double trial_capacity_at(const struct scenario *sc, const struct trial_result *r, double t);

/* Whether two plays of one trial agree in every figure of the result, of every store and
 * service and of every step (times bit for bit, a NAN equal to a NAN; a step's people
 * as far as it has them): 0 when they do, else 1 with the first figure that differs
 * named in why[0 .. n) ("step 3 start_s: 120 vs 180"). For what holds one way of playing
 * a trial to another: the tests and the fuzz target `trial`. */
int trial_results_differ(const struct trial_result *a, const struct trial_result *b, char *why,
                         size_t n);

#endif
