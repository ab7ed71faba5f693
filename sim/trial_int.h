/* sim/trial_int.h: what the files of one trial share (not a public interface).
 *
 * sim/trial.c draws the inputs and plays the runbook (the event loop, people, the
 * decision); sim/trial_serial.c plays, without the event loop and with the same answers,
 * the runbooks whose people work one step at a time; sim/trial_page.c pages its people
 * (responses, re-paging, rotas);
 * sim/trial_xfer.c runs shared restore capacity for it (transfer slots and
 * bandwidth shares, only in scenarios with a restore region); sim/trial_outcome.c turns
 * the played trial into its results (RTO, RPO, full restoration, failback figures, each
 * service's figures, the critical path). All work on the worker defined here; see
 * sim/trial.h for the model.
 */
#ifndef DRSIM_TRIAL_INT_H
#define DRSIM_TRIAL_INT_H

#include <assert.h>
#include <math.h>
#include <stdint.h>

#include "models/backup.h"
#include "models/dist.h"
#include "models/plan.h"
#include "sim/evq.h"
#include "sim/rng.h"
#include "sim/trial.h"

/* Paths that plans without re-paging, chains, any_of or optional people, shifts or restore
 * capacity never take, and those a trial takes at most once (an abandonment, the failback),
 * kept out of line so the common path stays compact. */
#define COLD __attribute__((cold, noinline))

/* Event kinds on the queue. */
enum { EV_STEP_END = 0, EV_ARRIVE, EV_ESCALATE, EV_OUTAGE_END, EV_GO, EV_PRIMARY_BACK, EV_FAILBACK,
       EV_XFER_READY, EV_XFER_TICK, EV_NOTIFY, EV_PAGE_OTHERS, EV_HANDOVER, EV_REST_END };

/* A restore step's transfer under shared restore capacity (scenario.restore_region). */
enum { XFER_NONE = 0, XFER_OVERHEAD, XFER_QUEUED, XFER_FLIGHT, XFER_DONE };

/* Person states during a trial. */
enum { PERSON_IDLE = 0, PERSON_PAGED, PERSON_FREE, PERSON_BUSY,
       PERSON_RESTING /* shift: resting after a stretch, until its EV_REST_END */ };

/* Step ends, arrivals, escalations (one pending per role: a chain's next level is pushed
 * when the level before it comes), the few scenario events; under restore capacity a
 * step's overhead end, and the transfer ticks: one per rate change (each transfer's start
 * and end), stale ones left in the queue until popped. A traced trial adds a re-paging
 * notification per person and attempt after the first (trial_worker_new counts them). */
#define QUEUE_CAP (PLAN_MAX_STEPS + PLAN_MAX_PEOPLE + PLAN_MAX_ROLES + 8 + 3 * PLAN_MAX_STEPS)
/* What rotas and shifts add (trial_worker_new adds it when the plan has either): one
 * later page of the others per role; one hand-over per running step's place (a stale one
 * stays until popped, so twice that); one rest end per person. A hand-over that moves a
 * step's end queues nothing: the step's end event, when popped early, is pushed again at
 * the new end. */
#define QUEUE_CAP_ROTA (PLAN_MAX_ROLES + 2 * PLAN_MAX_STEPS * PLAN_MAX_NEEDS + PLAN_MAX_PEOPLE)

/* Tags that make the parts of a scenario's identity distinct (arbitrary constants). */
enum {
    ID_OUTAGE_START = 1,
    ID_OUTAGE_DURATION,
    ID_STEPS,
    ID_STORES,
    ID_ROLES,
    ID_THROUGHPUT,
    ID_PRIMARY_RETURN,
    ID_GO_WAIT,
    ID_FAILBACK_DELAY,
    ID_SYNC_THROUGHPUT,
    ID_GROUPS,
    ID_DETECTION
};
/* A person's re-paging notifications, under the person's identity ("notify"); the
 * notification's number is the last part. */
#define ID_NOTIFY UINT64_C(0x6e6f74696679)
/* A store's cross-region replica lag, under the store's identity ("xrreplic"). */
#define ID_XR_REPLICA UINT64_C(0x78727265706c6963)

/* What a step's work time is drawn from, worked out once per worker (trial_worker_new):
 * step_duration draws, and struct first_streams lists the streams of the random ones. */
struct step_draw {
    const struct dist *work;    /* the work time (a task's or recreation's duration, a
                                   promotion's, a failover's, a restore's overhead); NULL for a
                                   restore of a store the scope leaves intact and that is not
                                   damaged (it takes no time) */
    const struct dist *tp;      /* a restore's throughput; NULL when it copies nothing (an
                                   unrecoverable or empty store) or is not a restore */
    double par;                 /* a restore's parallel streams (>= 1) */
    double size_bytes;          /* a restore's bytes to copy */
    double work_fixed_s;        /* work's value when work_how is STEP_HOW_FIXED, seconds */
    double tp_fixed;            /* tp's value when tp_how is STEP_HOW_FIXED, bytes per second */
    int work_how, tp_how;       /* how step_duration draws work and tp (enum step_how) */
    int work_first, tp_first;   /* the index of their stream's block 0 among the trial's first
                                   blocks (struct first_streams), -1 when not among them */
};

/* How step_duration draws one of a step's two values, settled once per worker from the
 * distribution's kind and whether its stream's block 0 is among the trial's first blocks,
 * so that a trial makes one test for its commonest draws instead of sample_first's. */
enum step_how {
    STEP_HOW_LOGNORMAL, /* lognormal, its block at hand: sample_first's first branch */
    STEP_HOW_FIRST_U,   /* one uniform (not fixed, not gamma), its block at hand: dist_sample_u */
    STEP_HOW_FIXED,     /* a fixed value: no uniform */
    STEP_HOW_NONE,      /* no distribution: work takes no time, tp copies nothing */
    STEP_HOW_GENERAL    /* anything else: sample_first */
};

/* A scenario's step draws grouped by how they are drawn, made once per worker from its
 * struct step_draw table (trial_draw_plan_init), so that a trial's draw_steps draws each
 * group in a loop of its own with no test of how (those tests and the loop over every
 * step were about 5 % of a small plan's instructions). Every step is one entry; the groups
 * are consecutive runs of entries, in the order of enum draw_group, group g ending before
 * end[g]. The entries and ends point into the worker (its draws, its result's steps, the
 * plan itself), which is never moved. An entry's parameters are copied from the step's
 * distributions: a uniform's width p[1] - p[0] is the very difference dist_uniform_u
 * computes, so every draw is the same operations on the same doubles as step_duration's. */
enum draw_group {
    DRAW_LOGNORMAL,         /* work lognormal (STEP_HOW_LOGNORMAL), no throughput: a = mu,
                               b = sigma */
    DRAW_UNIFORM,           /* work uniform, its block at hand, no throughput: a = min,
                               b = width */
    DRAW_FIXED,             /* work fixed, no throughput: a = the value */
    DRAW_TRIANGULAR,        /* work triangular, its block at hand, no throughput: a = its
                               dist_triangular_fc */
    DRAW_FIRST_U,           /* work of another kind of one uniform, its block at hand, no
                               throughput: dist_sample_u_general draws it */
    DRAW_RESTORE_LOGNORMAL, /* a restore without restore capacity, its overhead fixed (a) and
                               its throughput lognormal (STEP_HOW_LOGNORMAL; b = mu,
                               c = sigma) */
    DRAW_RESTORE_UNIFORM,   /* the same with a uniform throughput, its block at hand (b = min,
                               c = width) */
    DRAW_OTHER,             /* anything else: step_duration draws it */
    DRAW_GROUPS
};

struct draw_entry {
    struct trial_step *ts;      /* the step's result (in the worker's) */
    const struct step_draw *sd; /* its draws (in the worker's) */
    int i;                      /* the step */
    int first;                  /* the index among the trial's first blocks of the stream of
                                   its work time (of its throughput, for a restore) */
    double a, b, c;             /* the group's parameters (enum draw_group): seconds, or mu
                                   and sigma of ln, or bytes per second */
};

struct draw_plan {
    struct draw_entry e[PLAN_MAX_STEPS]; /* the steps, group by group */
    const struct draw_entry *end[DRAW_GROUPS]; /* group g is [end[g - 1], end[g]) (from e for
                                                  g = 0) */
};

/* Group the step draws of scenario sc, draws (draws[i] step i's), into dp, for the steps'
 * results steps (sim/trial.c). */
void trial_draw_plan_init(struct draw_plan *dp, const struct scenario *sc,
                          const struct step_draw *draws, struct trial_step *steps);

/* The stream identity of every random input of one scenario, computed once per worker
 * from names (see sim/trial.h, "Reproducibility"). */
struct input_ids {
    uint64_t outage_start;          /* the outage start (one uniform) */
    uint64_t outage_duration;       /* the outage duration */
    uint64_t primary_return;        /* the outage end to service on the primary */
    uint64_t go_wait;               /* activation.go_when.outage_lasted */
    uint64_t failback_delay;        /* failback.after */
    uint64_t sync_throughput;       /* failback.sync_throughput */
    uint64_t detection;             /* damage.detected_after: the dwell time */
    uint64_t step[PLAN_MAX_STEPS];  /* a step's work time (task, failover, restore overhead) */
    uint64_t throughput[PLAN_MAX_STEPS]; /* a restore step's throughput */
    uint64_t store[PLAN_MAX_STORES];/* a store's data loss (backup.c derives rules, points) */
    uint64_t replica_lag[PLAN_MAX_STORES]; /* a promoted replica's lag (store, ID_XR_REPLICA) */
    uint64_t person[PLAN_MAX_PEOPLE]; /* a person's response delay */
    uint64_t notify[PLAN_MAX_PEOPLE]; /* a person's re-paging notifications (with the number) */
    struct backup_rule_ids *rule;   /* backup_rule_ids_of every rule of every store (its
                                       identity and its points' stream key), store by store
                                       (store s's from rule_first[s]); in rule_ids */
    uint64_t *group;                /* backup_group_id of every failure group; in group_ids */
};

/* The streams whose block 0 a trial of one scenario computes up front, together
 * (rng_first_blocks): those it nearly always draws from when it starts or soon after (the
 * outage, the steps' work times and restore throughputs, the responses of the people of
 * the roles its steps need), fixed distributions left out (they draw nothing). Which
 * streams are here changes nothing but speed: a stream not here is selected as usual. */
#define FIRST_MAX (2 + 2 * PLAN_MAX_STEPS + 2 * PLAN_MAX_PEOPLE)
struct first_streams {
    int n;                          /* streams listed */
    uint64_t id[FIRST_MAX];         /* their identities */
    short start, duration;          /* index in id[] of the outage start's and duration's
                                       streams, -1 when not listed */
    short step[PLAN_MAX_STEPS];     /* of step i's work-time stream, or -1 */
    short throughput[PLAN_MAX_STEPS]; /* of restore step i's throughput stream, or -1 */
    short person[PLAN_MAX_PEOPLE];  /* of the person's response stream, or -1 */
    short notify[PLAN_MAX_PEOPLE];  /* of the stream of the person's first notification (a
                                       role with re-paging), or -1 */
};

/* Buckets of an outage duration known by its uniform's bucket (struct trial_worker's
 * outage_bounds). */
#define OUTAGE_BUCKETS 256

struct trial_worker {
    const struct plan *p;   /* borrowed */
    struct rng_stream rng;  /* positioned at the trial, re-selected for every input */
    struct input_ids *ids;  /* [n_scenarios] identities of the random inputs */
    struct backup_rule_ids *rule_ids; /* [n_scenarios * n_rules] storage of ids[].rule */
    uint64_t *group_ids;    /* [n_scenarios * n_groups] storage of ids[].group */
    struct backup_shared *bs; /* failure groups and copy queues; NULL when the plan has neither */
    int rule_first[PLAN_MAX_STORES]; /* index of store s's first rule in ids[].rule */
    struct evq q;           /* held here, not behind a pointer (evq_init) */
    uint64_t *dependents;   /* [n_scenarios * PLAN_MAX_STEPS]: bit j set when step j waits for i */
    uint64_t *step_roles;   /* [n_scenarios * PLAN_MAX_STEPS]: bit r set when step i needs role
                               r (any_of sets and optional entries included): the roles
                               make_ready pages */
    struct step_draw *draws; /* [n_scenarios * PLAN_MAX_STEPS] */
    struct draw_plan *draw_plans; /* [n_scenarios] draws grouped for draw_steps */
    uint64_t *failover_mask;/* [n_scenarios]: the steps an abandonment cancels (the decision step
                               and all that wait on it; every step without a decision step) */
    int *n_core;            /* [n_scenarios]: steps that are not failback steps */
    uint64_t *core_mask;    /* [n_scenarios]: bit i set when step i is not a failback step */
    uint64_t *plain_end;    /* [n_scenarios]: bit i set when step i's end does nothing but end
                               it, free its people and release its dependents: not a
                               failback step, no capacity, not the decision step, not a
                               declaration that pages ahead */
    uint64_t *plain_start;  /* [n_scenarios]: bit i set when step i's start only queues its end
                               at its drawn duration: not a reverse sync, not a transfer under
                               restore capacity, nobody with a shift in the plan */
    uint64_t *svc_gate;     /* [n_scenarios]: steps that must all have ended before service can
                               be restored (service_reached): the service_restored_by step,
                               or every step a policy service needs; 0 when that says nothing */
    uint64_t *after_decision; /* [n_scenarios]: bit i set when step i waits for the decision
                               step (trial_critical_path) */
    uint64_t *roots;        /* [n_scenarios]: bit i set when step i is ready at the start (it
                               waits for no step and is not a failback step) */
    unsigned char *serial;  /* [n_scenarios]: 1 when the scenario's runbook is played without
                               the event queue (sim/trial_serial.c, trial_serial_eligible) */
    unsigned char *res_keeps; /* [n_scenarios]: 1 when a trial the serial play finishes
                               leaves the result's fields that trial_run sets once
                               (res_kept) as it found them: no declaring step, no exposure
                               window, no logical damage (trial_serial_eligible rules out
                               failback, decisions and shifts) */
    unsigned char *plain_inputs; /* [n_scenarios]: 1 when the scenario draws no input but
                               its outage's and steps' (no logical damage, failback or go wait,
                               a fixed primary return), without shared backup state or restore
                               capacity (draw_inputs' plain build) */
    unsigned char *n_after; /* [n_scenarios * PLAN_MAX_STEPS]: each step's count of
                               dependencies (remaining[] at the start), 0 past n_steps */
    signed char *one_dep;   /* [n_scenarios * PLAN_MAX_STEPS]: trial_latest_dep's answer where
                               the step's dependencies settle it: its only one, or -1 with
                               none; -2 with several (trial_latest_dep compares their ends) */
    uint64_t *spared;       /* [n_scenarios]: bit s set when the scenario's scope leaves store s
                               untouched (backup_store_affected false: nothing destroyed,
                               or a zone outage of a cluster store), so it loses nothing
                               and its loss needs no call of the backup model */
    uint64_t *promoted;     /* [n_scenarios]: bit s set when store s's replica is promoted by
                               the runbook of a region outage (its loss is the replica's lag) */
    uint64_t *loss_fixed;   /* [n_scenarios]: bit s set when store s's outage loss needs no
                               walk of its backups in the scenario's scope: its answer takes no
                               draw (backup_store_loss_known, the tests before a walk: zone
                               redundancy in a zone outage, a store rebuilt or unrecoverable),
                               or its record replaces it (a promoted or ephemeral store);
                               outage_losses reads it from loss_fixed_s (an untraced trial) */
    double *loss_fixed_s;   /* [n_scenarios * PLAN_MAX_STORES]: that loss, seconds
                               (backup_store_loss_known's: for a store whose record replaces
                               it, 0 or whatever it gave, which the record discards) */
    double *svc_rto;        /* [n_services] */
    double *svc_rpo;        /* [n_services] */
    double *svc_back;       /* [n_services] when each service was restored, seconds since start */
    struct trial_result res;
    /* A lognormal outage duration known by its uniform's bucket (trial_worker_figures_only):
     * bucket b of OUTAGE_BUCKETS equal-probability buckets holds every duration drawn from
     * a uniform in [b, b + 1) / OUTAGE_BUCKETS between its bounds, lo in [2b], hi in
     * [2b + 1] (dist_lognormal_bounds with a finite top, models/dist.h). */
    double *outage_bounds;  /* [n_scenarios * 2 * OUTAGE_BUCKETS] */
    const double **outage_lazy; /* [n_scenarios]: the scenario's bounds once the worker is told
                               nobody reads the duration (figures_only) and the scenario is
                               played serially; NULL otherwise, or when they could not be
                               made (not lognormal, too spread) */
    struct first_streams *first; /* [n_scenarios] */
    const struct first_streams *fs; /* the current trial's scenario's */
    uint32_t first_blk[FIRST_MAX][4]; /* the current trial's block 0 of each of fs's streams */

    /* Per-trial state, reset by trial_run. */
    int sc;                 /* scenario index (-1 before the first trial) */
    /* The current scenario's entries of the tables above the event loop reads at every
     * step, set by trial_run (those only the event loop reads, sc_plain_start,
     * sc_dependents and sc_step_roles, by play): a field each rather than an index by sc
     * at every read. */
    uint64_t sc_plain_start, sc_plain_end, sc_svc_gate;
    const uint64_t *sc_dependents, *sc_step_roles; /* [PLAN_MAX_STEPS] */
    const signed char *sc_one_dep;  /* [PLAN_MAX_STEPS] */
    const struct input_ids *sc_ids; /* &ids[sc] */
    uint32_t trial;
    int res_kept;           /* the scenario whose start values res's fields that only the
                               event loop, failback, a declaring step or logical damage
                               change hold (set by trial_run, kept by a trial res_keeps
                               says leaves them), or -1 */
    double t0;              /* the clock origin, seconds since epoch: the outage start, or
                               detection in a logical-damage scenario */
    double onset;           /* logical damage: the onset, seconds since epoch (= t0 otherwise) */
    double rto_origin_s;    /* seconds from the RTO clock's origin to t0, when that is not a
                               step's end: the damaged window under rto_clock: onset, else 0 */
    double drawn_rpo_all_s; /* the largest drawn loss over every store, seconds
                               (trial_record_loss) */
    int outage_pending;     /* res.outage_s and res.primary_back_s are NAN for now: the
                               duration drawn from outage_u lies in [outage_lo, outage_hi]
                               (trial_outage_exact computes them, adding outage_back) */
    double outage_u, outage_lo, outage_hi, outage_back;
    int figures_only;       /* fixed: nothing but the run's figures is read
                               (trial_worker_figures_only): what they do not read goes
                               unwritten */
    int defer_losses;       /* fixed: an outage's losses are drawn when read
                               (trial_worker_defer_losses); not for a traced trial */
    uint64_t rpo_stores;    /* fixed: bit s set when store s counts for RPO */
    uint64_t losses_left;   /* deferred: bit s set while store s's loss is still to be drawn */
    const struct trial_trace *tr;
    /* Dependencies not yet ended (fewer than PLAN_MAX_STEPS): bytes, so that draw_inputs
     * copies the table in a few stores. */
    unsigned char remaining[PLAN_MAX_STEPS];
    int waiting[PLAN_MAX_STEPS];    /* ready steps without people, by (ready time, index) */
    int n_waiting;
    int clean_rule_set;     /* res.clean_rule holds a damage trial's rules (reset to -1 by the
                               next outage trial) */
    int service_done;
    int abandoned_now;      /* the failover was abandoned at the outage end */
    uint64_t cancelled;     /* the event loop's abandoned failover: its steps (failover_mask)
                               once abandoned_now is set, else 0 (release_dependents) */
    int n_core_done;        /* trace: steps ended that are not failback steps */
    uint64_t done_mask;     /* bit i set once step i has ended */
    double core_end_s;      /* when the last step that is not a failback step ended so far
                               (events come in time order: the latest such end) */
    double cap_now;         /* the platform's capacity now (share of full; 1 without a model) */
    int service_cause;      /* the step whose end restored service (the critical path's end) */
    int full_rule;          /* trace: full restoration's step rule has held (capacity models) */
    int full_emitted;       /* trace: the full-restoration event was sent */
    double go_wait_s;       /* drawn activation.go_when.outage_lasted (read only with it) */
    double failback_delay_s;/* drawn failback.after */
    double sync_tp;         /* drawn failback.sync_throughput, bytes per second */
    double role_page_t[PLAN_MAX_ROLES]; /* when the role was paged, seconds since start */
    uint64_t paged_mask;    /* bit r set once role r has been paged */
    /* trial_page_serial's last period and its span of local times (sched_period_span),
     * while span_ok is 1 (every role's calendar the same, and one the span may be asked of;
     * 2 when not, 0 until a serial page asks). Zero: no span. */
    double span_lo, span_hi;
    enum sched_period span_per;
    int span_ok;
    unsigned char person_state[PLAN_MAX_PEOPLE];
    uint64_t free_mask;     /* bit p set while person p is PERSON_FREE (bit p & 63: read only
                               when people_masked) */
    double person_free_t[PLAN_MAX_PEOPLE];  /* when the person last became free */
    int person_freed_by[PLAN_MAX_PEOPLE];   /* step whose end freed them, -1 = arrival */
    double person_due_t[PLAN_MAX_PEOPLE];   /* when a paged person arrives (INFINITY: never) */
    int person_role[PLAN_MAX_PEOPLE];       /* fixed: role of each person */
    int people_masked;                      /* fixed: the plan has at most 64 people, so
                                               free_mask and role_people find free people */
    uint64_t role_people[PLAN_MAX_ROLES];   /* fixed: bit p set for each person p of the role
                                               (when people_masked) */

    /* Rotas and shifts (sim/trial.h, "Rotas and shifts"). */
    unsigned char role_rota[PLAN_MAX_ROLES]; /* fixed: 1 when a page of the role takes the
                                               rota path (an on_call rota, or people whose
                                               calendars differ from the role's) */
    int any_shift;                          /* fixed: some role has a shift */
    double work_start_t[PLAN_MAX_PEOPLE];   /* the person's stretch opened then (shift roles) */
    unsigned char stretch_open[PLAN_MAX_PEOPLE]; /* 1 while the person's stretch runs */
    int pending[PLAN_MAX_STEPS * PLAN_MAX_NEEDS]; /* hand-overs due with nobody free: step
                                               << 8 | place, first due first */
    double pending_t[PLAN_MAX_STEPS * PLAN_MAX_NEEDS]; /* when each came due */
    int n_pending;

    /* Restore capacity (scenario.restore_region > 0): each restore step with bytes to move
     * works its overhead, queues for a transfer slot, then transfers at a share of the
     * region's bandwidth (processor sharing). */
    unsigned char xfer[PLAN_MAX_STEPS];     /* XFER_* state of each step (only meaningful
                                               while the scenario has a restore region) */
    double xfer_ovh[PLAN_MAX_STEPS];        /* drawn overhead, seconds */
    double xfer_cap[PLAN_MAX_STEPS];        /* own rate: streams x drawn throughput, capped by
                                               per_restore, bytes per second */
    double xfer_left[PLAN_MAX_STEPS];       /* bytes left to move, as of xfer_last_t */
    double xfer_rate[PLAN_MAX_STEPS];       /* current share, bytes per second */
    double xfer_fin[PLAN_MAX_STEPS];        /* end at the current rates, seconds since start */
    double xfer_ready_t[PLAN_MAX_STEPS];    /* when it reached the transfer phase */
    int xq[PLAN_MAX_STEPS];                 /* queued transfers, by (ready time, index) */
    int n_xq;
    uint64_t xfer_flight;                   /* bit i set while step i transfers */
    int n_flight;
    int xfer_version;                       /* bumped at every rate change: older ticks are stale */
    int xfer_dirty;                         /* a transfer became ready or ended: recompute */
    double xfer_last_t;                     /* when xfer_left was last brought up to date */

    /* Services (trial_services). */
    uint64_t *svc_need;     /* [n_scenarios * n_services]: bit i set when service v needs step
                               i to have ended in scenario s and none of the other steps it
                               needs waits on step i (entry s * n_services + v) */

    double first_u[FIRST_MAX]; /* first_uniform of each of first_blk, made with the blocks
                                  (rng_first_blocks_u) */
};

/* Start the stream of identity id, whose block 0 is first_blk[at] when at >= 0 (it is in
 * the trial's struct first_streams). */
static inline void select_at(struct trial_worker *w, uint64_t id, int at)
{
    if (at >= 0)
        rng_select_first(&w->rng, id, w->first_blk[at]);
    else
        rng_select(&w->rng, id);
}

/* The uniform rng_uniform makes of the block words wd[0] and wd[1] (rng_uniform_words):
 * a stream's first uniform when wd is its block 0 (from rng_first_blocks), its second when
 * wd is that block + 2. For draws that need not position the stream: a draw of one or two
 * uniforms after which nothing draws from the stream without selecting it again. */
static inline double first_uniform(const uint32_t *wd)
{
    return rng_uniform_words(wd[0], wd[1]);
}

/* The uniform that decides whether notification a (from 0) of a re-paged person is
 * noticed, from its own stream: the first's the one made with its block 0 when that is at
 * hand (struct first_streams, w->first_u; the stream is then not positioned, as each later
 * attempt selects its own), any other's drawn after selecting the stream. */
static inline double notify_uniform(struct trial_worker *w, int person, int a)
{
    if (a == 0 && w->fs->notify[person] >= 0)
        return w->first_u[w->fs->notify[person]];
    rng_select(&w->rng, dist_rng_id(w->sc_ids->notify[person], (uint64_t)a));
    return rng_uniform(&w->rng);
}

/* Send ev to the trace of a traced trial (w->tr), with its absolute time and the step's
 * people filled in (sim/trial.c). */
void trial_emit(const struct trial_worker *w, struct trial_event ev);

/* One draw of d from the worker's current stream, the same number dist_sample would
 * give: the uniform comes inline from the concrete Philox stream (no call through struct
 * dist_rng), and dist_sample_u finishes the commonest kinds, lognormal and uniform,
 * inline. Only gamma, whose rejection sampler takes a variable number of uniforms, goes
 * through the models' interface. */
static inline __attribute__((always_inline)) double sample(struct trial_worker *w,
                                                        const struct dist *d)
{
    switch (d->kind) {
    case DIST_FIXED:
        return d->p[0];
    case DIST_GAMMA:
        return dist_sample(d, &w->rng.base);
    default:
        return dist_sample_u(d, rng_uniform(&w->rng));
    }
}

/* One draw of d from the stream of identity id, whose block 0 is w->first_blk[first] when
 * first >= 0: the number select_at and sample give. A fixed value takes no uniform, and its
 * stream is not selected. Any other kind but gamma takes one uniform: with the block at
 * hand, it is the one made with the block (w->first_u) and the stream is not positioned,
 * which the callers allow (each later draw selects its own stream). */
static inline __attribute__((always_inline)) double
sample_first(struct trial_worker *w, const struct dist *d, uint64_t id, int first)
{
    if (first >= 0 && d->kind != DIST_GAMMA && d->kind != DIST_FIXED)
        return dist_sample_u(d, w->first_u[first]);
    if (d->kind != DIST_FIXED)
        select_at(w, id, first);
    return sample(w, d);
}

/* Store s's (st's) drawn loss, as the backups gave it (why: their BACKUP_WHY_* bits, when
 * tracing): a promoted replica's lag replaces it (promoted_mask: the scenario's
 * w->promoted, read once by the caller), an ephemeral store loses nothing; the largest
 * loss over the stores counting for RPO is what failing over would lose. Inline in both
 * callers, sim/trial.c's outage_losses and trial_damage_losses. */
static inline __attribute__((always_inline)) void
trial_record_loss(struct trial_worker *w, const struct scenario *sc, int s,
                  const struct store *st, double loss, int why, uint64_t promoted_mask)
{
    struct trial_result *res = &w->res;
    const int promoted = promoted_mask != 0 && (promoted_mask >> s & 1);
    if (__builtin_expect(promoted, 0)) {
        /* Its replica is promoted: what it lacks is the replication lag. */
        rng_select(&w->rng, w->sc_ids->replica_lag[s]);
        loss = sample(w, &st->replica.lag);
        why = 0;
    }
    if (st->ephemeral)
        loss = 0.0; /* no data to lose (the draw is kept: other streams do not move) */
    res->store_drawn_loss_s[s] = loss;
    /* The failed-over outcome's figures, kept as the losses are drawn (trial_outcome then
     * need not walk the stores again): the largest over all stores, and over the stores
     * counting for RPO (failover_loss_s, which is the RPO; infinite exactly when one of
     * them had no point, as no loss is negative). */
    if (loss > w->drawn_rpo_all_s)
        w->drawn_rpo_all_s = loss;
    if (st->counts_for_rpo && loss > res->failover_loss_s)
        res->failover_loss_s = loss;
    if (w->tr) {
        const int flag = (isinf(loss) ? TRIAL_LOSS_NO_POINT : 0) |
                         (why & BACKUP_WHY_GROUP ? TRIAL_LOSS_GROUP : 0) |
                         (why & BACKUP_WHY_QUEUED ? TRIAL_LOSS_QUEUED : 0) |
                         (promoted ? TRIAL_LOSS_REPLICA : 0) |
                         (plan_store_damaged(sc, s) ? TRIAL_LOSS_DAMAGED : 0) |
                         (why & BACKUP_WHY_DELETED ? TRIAL_LOSS_DELETED : 0);
        trial_emit(w, (struct trial_event){.kind = TRIAL_EV_STORE_LOSS, .t_s = 0.0, .step = -1,
                                           .store = s, .role = -1, .person = -1,
                                           .stand_in_role = -1, .value_s = loss,
                                           .rule = res->clean_rule[s], .flag = flag});
    }
}

/* Queue an event of the trial (the queue is sized so that it cannot fill: QUEUE_CAP). */
static inline __attribute__((always_inline)) void push(struct trial_worker *w, double t,
                                                      int kind, int arg)
{
    evq_push_sized(&w->q, t, kind, arg);
}

/* The dependency of step i (st) that ended last (first in after[] order on ties), or -1.
 * The scenario's table (sc_one_dep) answers when one dependency or none settles it. */
static inline int trial_latest_dep(const struct trial_worker *w, const struct step *st, int i)
{
    const int one = w->sc_one_dep[i];
    if (one >= -1)
        return one;
    if (st->n_after <= 0)
        return -1;
    /* The first dependency is the answer until a later one ended later. */
    int best = st->after[0];
    for (int k = 1; k < st->n_after; k++) {
        int j = st->after[k];
        if (w->res.steps[j].end_s > w->res.steps[best].end_s)
            best = j;
    }
    return best;
}

/* The figures of a start that step ts never had (start_step sets them when it starts):
 * no start time, no wait, nobody, released by its dependencies, none of them named. */
static inline void trial_clear_start(struct trial_step *ts)
{
    ts->start_s = NAN;
    ts->staff_wait_s = 0.0;
    ts->n_people = 0;
    ts->n_optional = 0;
    ts->n_stand_ins = 0;
    ts->release = TRIAL_RELEASE_DEPS;
    ts->release_step = -1;
}

/* ---- sim/trial_page.c: paging ----------------------------------------------------------- */

/* Page role r at time t: every person of it (the people on call, with an on_call rota);
 * stand_in_for is the role it stands in for (or -1), why and step say what paged it (the
 * trace's TRIAL_EV_PAGE). */
void trial_page_role(struct trial_worker *w, int r, double t, int stand_in_for,
                     enum trial_page_why why, int step);

/* Step i (st) is ready at t and some role it needs is not paged yet: page those, its
 * needs in order, then the other roles of its any_of sets. */
void trial_page_needed(struct trial_worker *w, const struct step *st, double t, int i);

/* trial_page_role in the serial play (sim/trial_serial.c), whose trials are untraced, whose
 * roles have no rota and which queues nothing (no arrival, no escalation level: it finds
 * them itself). Returns the person of the role whose arrival is earliest (the
 * lowest-numbered on ties), or -1 when none is before INFINITY. */
int trial_page_serial(struct trial_worker *w, int r, double t);

/* on_call.others_after has passed since role r's page (EV_PAGE_OTHERS): page its people
 * nobody has paged. */
COLD void trial_page_others(struct trial_worker *w, int r, double now);

/* Page ahead: every role in `mask` not paged yet, at t (the scenario's page section). */
COLD void trial_page_ahead(struct trial_worker *w, uint64_t mask, double t,
                           enum trial_page_why why, int step);

/* ---- sim/trial_xfer.c: shared restore capacity -------------------------------------- */

/* After a transfer became ready or ended at `now`: start queued transfers while slots
 * are free, recompute every rate and schedule a tick at the earliest end. */
void trial_xfer_update(struct trial_worker *w, const struct scenario *sc, double now);

/* EV_XFER_TICK of rate version `version` at `now`: the transfers due end, and their
 * steps with them (EV_STEP_END at this instant); a stale version does nothing. */
void trial_xfer_tick(struct trial_worker *w, int version, double now);

/* EV_XFER_READY: restore step i's overhead has ended at `now`; it queues for a slot. */
void trial_xfer_ready(struct trial_worker *w, int i, double now);

/* Step i was cancelled: it leaves the transfer queue or frees its slot. */
void trial_xfer_cancel(struct trial_worker *w, int i);

/* A step's end, or INFINITY when it never ended. */
static inline double trial_end_or_inf(const struct trial_step *ts)
{
    return ts->state == TRIAL_STEP_DONE ? ts->end_s : INFINITY;
}

/* ---- sim/trial_damage.c ------------------------------------------------------------- */

/* The losses of the stores in a logical-damage scenario: a damaged store's from its clean
 * points (backup_store_loss_damaged, its copy queues run at the onset), with the rule that
 * supplied the point in res.clean_rule[s], flagging the trial when a store with data to
 * restore has none; any other store's as in an outage at the clock origin (nothing under
 * OUTAGE_NONE), clean_rule[s] -1. The shared state is prepared again only when the
 * instant changes between stores. An untraced trial records the stores whose loss is
 * known before any draw (untouched by the scope, or damaged and answered without a walk)
 * at once, then walks the others together (backup_stores_loss_damaged); a traced one
 * records every store in order through trial_record_loss, as the trace tells them. One
 * call for all stores: per store, the call's arguments and prologue cost about as much as
 * the wrapper's own work. */
void trial_damage_losses(struct trial_worker *w, const struct scenario *sc, uint64_t promoted_mask);

/* ---- sim/trial_serial.c: runbooks whose people work one step at a time ------------- */

/* Whether scenario s of w's plan can be played serially (trial_play_serial): every
 * staffed step waits, directly or not, on every staffed step before it (so at most one
 * waits for people or holds them at any time), each needs one named role, and the
 * scenario has none of what only the event loop plays (shifts, rotas, restore capacity,
 * a decision step, a failback, pages ahead, step ends or starts that are not plain).
 * Called once per scenario by trial_worker_new. */
int trial_serial_eligible(const struct trial_worker *w, int s);

/* Play the runbook of an eligible scenario (after draw_inputs) step by step in index
 * order, as play would: the same times, people, stand-ins and releases, the same pages,
 * the outage end's abandonment. Returns what play returns (1: recovered in place), or -1
 * when the trial leaves what the serial play covers (a step that never starts or never
 * ends, two of the steps policy services need ending last at the same instant); the caller
 * then plays it on the event loop, from the steps' drawn state. */
int trial_play_serial(struct trial_worker *w, const struct scenario *sc);

/* Whether trial_run writes the whole trial_result: a traced trial, or any trial of a
 * worker not told that only the figures are read (trial_worker_figures_only). */
static inline int trial_full_result(const struct trial_worker *w)
{
    return !w->figures_only || w->tr != NULL;
}

/* ---- the outage's duration known by its bucket (trial_worker_figures_only) ---------- */

/* res.outage_s and res.primary_back_s from the pending duration's uniform: the numbers
 * draw_inputs would have written (sim/trial.c). */
void trial_outage_exact(struct trial_worker *w, const struct scenario *sc);

/* Whether x <= res.outage_s (x not NaN): while the duration is pending, x <= lo or
 * x > hi settles it (it lies in [lo, hi]), and only an x between them has the exact
 * duration computed. */
static inline int trial_outage_reached(struct trial_worker *w, const struct scenario *sc,
                                       double x)
{
    if (w->outage_pending) {
        if (x <= w->outage_lo)
            return 1;
        if (!(x <= w->outage_hi))
            return 0;
        trial_outage_exact(w, sc);
    }
    return x <= w->res.outage_s;
}

/* ---- sim/trial_outcome.c ------------------------------------------------------------ */

/* RTO of a moment `restored` (seconds since the clock origin) by the scenario's rto_clock. */
double trial_rto_from(const struct trial_worker *w, const struct scenario *sc, double restored);

/* RTO, RPO, full restoration, the failback's figures and the store losses of the played
 * trial (recovered: it ended in place). */
void trial_outcome(struct trial_worker *w, const struct scenario *sc, int recovered);

/* Each service's restoration, RTO and RPO (a plan with services). */
void trial_services(struct trial_worker *w, const struct scenario *sc, int recovered);

/* The critical path to service restoration (failed-over trials). */
void trial_critical_path(struct trial_worker *w, const struct scenario *sc);

/* Whether role ro has a shift (a finite, positive max). */
static inline int has_shift(const struct role *ro)
{
    return ro->shift.max_s > 0.0 && ro->shift.max_s < INFINITY;
}

#endif
