/* sim/mc_acc.h: one scenario's accumulated results, in memory that does not grow with the
 * number of trials, and mergeable exactly.
 *
 * An accumulator holds everything the summaries of sim/mc.h are computed from: a
 * histogram (sim/hist.h) per objective (RTO and RPO per outcome, RPO over all data, full
 * restoration, each store's loss, each service's RTO and RPO, the failback figures and
 * the damaged window) with the objective's targets registered so that P(meet) is an
 * exact count, integer counts, exact sums (struct hist_xsum) for the means of the steps,
 * and, per RTO bin, the smallest trial index whose RTO fell in it (the representative
 * trials: see mc_acc_rep_trial). It is plain data plus histograms: the same trials
 * added in any order, or split in any way and the parts merged with mc_acc_merge in any
 * order, give the same accumulator bit for bit. Worker threads each fill one per
 * scenario and the driver merges them; MPI ranks and batch shards reduce the same
 * structure. Workers add through a batch (struct mc_acc_batch): a unit's histogram values
 * wait there and are counted histogram by histogram when the unit ends, which finds the
 * histograms' counters in the cache far more often than counting each trial's values
 * across every histogram as it comes.
 *
 * Memory: about 2 kB per histogram plus 8 kB per power of two its values span (sim/
 * hist.h), 2 kB per step, and 1 kB per power of two of RTO values for the representative
 * indices; a worker's batch, 8 bytes per histogram per trial of a unit (MC_CHUNK) and
 * 1.5 kB per step; nothing grows with the number of trials.
 */
#ifndef DRSIM_MC_ACC_H
#define DRSIM_MC_ACC_H

#include <stddef.h>
#include <stdint.h>

#include "models/plan.h"
#include "sim/hist.h"
#include "sim/mc.h"
#include "sim/trial.h"

/* Powers of two whose chart bins mc_acc looks up, from 2^0 s = MC_HIST_MIN_S on: 2^24 s is
 * above MC_HIST_MAX_S. */
#define MC_ACC_CHART_OCTAVES 24

/* Pages of representative indices: one uint32 per RTO histogram bin, HIST_PAGE a page. */
#define MC_ACC_REP_PAGES ((HIST_N_BINS + HIST_PAGE - 1) / HIST_PAGE)

/* Exact sums a step keeps (duration, staff wait, contribution). Each counts its own adds
 * and carries itself (hist_xsum_add); a batch's sums by power of two folded into one
 * count as one add (see mc_acc_batch). */
#define MC_ACC_STEP_SUMS 3

struct mc_acc_step {
    uint64_t n_ran;                  /* trials in which the step started */
    uint64_t n_on_path;              /* trials in which it was on the critical path */
    uint64_t n_handed;               /* trials with at least one hand-over on it */
    uint64_t handovers;              /* its hand-overs over all trials */
    struct hist_xsum duration_s;     /* exact sum of its work time over n_ran trials, s */
    struct hist_xsum staff_wait_s;   /* exact sum of its wait for people, s */
    struct hist_xsum contribution_s; /* exact sum of its path contribution over n_on_path, s */
};

struct mc_acc_store {
    uint64_t n_no_point;             /* trials with no usable point (infinite loss) */
    uint64_t n_loses;                /* trials in which it lost data */
    struct hist loss;                /* its effective loss, seconds */
};

struct mc_acc_service {
    uint64_t n_back;                 /* trials in which it was restored */
    struct hist rto, rpo;            /* seconds; target 0 of each is the service's target */
};

struct mc_acc {
    int scenario;                    /* index in plan->scenarios */
    int n_steps, n_stores, n_services;
    int n_rules;                     /* rules over all stores (logical damage), else 0 */
    uint64_t n;                      /* trials added */
    struct hist rto[MC_N_OUTCOMES];  /* RTO by outcome, seconds (target 0: the scenario's
                                        RTO target when it has a policy; so rpo, rpo_all) */
    struct hist rpo[MC_N_OUTCOMES];  /* RPO by outcome, seconds */
    struct hist rpo_all;             /* RPO over all data; empty when rpo_all_is_rpo */
    int rpo_all_is_rpo;              /* every store of the plan counts for the RPO, so a
                                        trial's RPO over all data is its RPO (the same largest
                                        loss over the same stores; 0 in place): rpo_all is
                                        not kept, its summaries are those of rpo's outcomes
                                        together (mc_acc_summarize) */
    struct hist full;                /* full restoration */
    struct mc_hist rto_chart, rpo_chart; /* chart bins (sim/mc.h) */
    uint64_t n_abandoned, n_rpo_no_point, n_breach;
    uint64_t n_go_wait;              /* trials whose critical path waited for the go */
    struct hist_xsum go_wait_s;      /* exact sum of those waits, s */
    uint64_t fb_n;                   /* failed-over trials of a scenario with failback or
                                        an exposure window */
    struct hist fb[MC_FB_N];         /* the failback figures over those, seconds */
    struct hist_xsum p_second_loss;  /* exact sum of 1 - exp(-per_year window / year) */
    struct hist damaged;             /* the damaged window (logical damage), seconds */
    uint64_t n_no_clean;             /* trials with a damaged store without a clean point */
    uint64_t *clean_rule_n;          /* [n_rules]: trials in which rule j gave the clean point */
    double rto_max_s;                /* the largest RTO (-INFINITY before any trial) */
    uint64_t rto_max_trial;          /* the smallest trial index with that RTO */
    uint32_t *rep[MC_ACC_REP_PAGES]; /* per RTO bin: 1 + the smallest trial index whose RTO
                                        fell in it (0: none); pages allocated when touched */
    struct mc_acc_step *steps;       /* [n_steps] */
    struct mc_acc_store *stores;     /* [n_stores] */
    struct mc_acc_service *services; /* [n_services] */
    int rule_first[PLAN_MAX_STORES]; /* global index of store k's first rule */
    double chart_upper_s[MC_HIST_BINS]; /* upper edges of the chart bins (mc_hist_upper_s) */
    int nomem;                       /* an allocation failed (sticky) */
    /* Private scratch (no result lives here; nothing to serialize or merge): the chart
     * bin of the lower end of each sixteenth of a power of two in [1 s, 2^24 s), indexed
     * by the exponent and the top four mantissa bits, so that a value's chart bin is one
     * look-up and one comparison (a sixteenth is narrower than a chart bin). */
    unsigned char chart_first[MC_ACC_CHART_OCTAVES * 16];
    double breach_rto_s, breach_rpo_s; /* RTO and RPO above which a trial breaches the
                                        policy: its targets, NAN without a policy */
};

/* A step's part of a batch: its sums by power of two (hist_xsum_fold) not yet folded into
 * the accumulator's (struct mc_acc_step), side by side so that a trial's pass over its
 * steps walks one array of the batch. They count the step's runs and runs on the critical
 * path as well: a run adds its duration, a run on the path its contribution (the values
 * of the regular range are counted when folded, the others as they come). */
struct mc_acc_batch_step {
    struct hist_xsum_octs oct[MC_ACC_STEP_SUMS]; /* duration, staff wait, contribution */
};

/* Histogram values of up to `cap` trials, held back so that each histogram receives its
 * values together (mc_acc_add_batched, mc_acc_flush). A plan with many stores and
 * services keeps more histogram counters than the cache holds; one trial's values go to
 * as many histograms, so counting them as they come misses the cache at nearly every
 * value, while a histogram's values counted together find its busy bins in the cache
 * after the first. Slot j holds the values bound for the accumulator's j-th histogram
 * (in a fixed order of the accumulator's histograms); the slots of RPOs and losses hold
 * only the values above 0, and their zeros (in many plans most of them: stores that lose
 * nothing, trials in place) are counted at once when flushed. The steps' exact sums wait
 * there too, by power of two (struct hist_xsum_octs: one add a value, whose counts give
 * the steps' runs), folded into the accumulator's at each flush and every
 * HIST_SUM_CARRY_EVERY trials. One per worker thread, sized for the plan's largest scenario: 8 bytes per
 * histogram per trial of capacity (the built-in plan: about 1 MB for MC_CHUNK trials)
 * and 1.5 kB per step; it never grows with the trials of a run. */
struct mc_acc_batch {
    size_t cap;              /* trials it holds at most */
    size_t n_trials;         /* trials held */
    size_t stop;             /* n_trials at which mc_acc_add_batched flushes b (cap) or
                                folds its steps' sums (every HIST_SUM_CARRY_EVERY) */
    size_t stride;           /* values from one slot's start to the next's (>= cap) */
    int n_slots;             /* histograms of the largest scenario */
    double *v;               /* [n_slots * stride]: slot j's values from v[j * stride], s */
    double **end;            /* [n_slots]: where slot j's next value goes */
    int n_steps;             /* steps of the largest scenario */
    struct mc_acc_batch_step *steps; /* [n_steps]: the steps' sums (and so runs) not yet
                                folded into the accumulator's */
};

/* Make b empty, able to hold cap trials of any scenario of p. Returns 0, or -1 out of
 * memory (b is then safe to mc_acc_batch_fini). */
int mc_acc_batch_init(struct mc_acc_batch *b, const struct plan *p, size_t cap);

/* Free what b owns. */
void mc_acc_batch_fini(struct mc_acc_batch *b);

/* Make a empty for scenario s of plan p (borrowed; read again by mc_acc_add and
 * mc_acc_summarize). Returns 0, or -1 out of memory (a is then safe to mc_acc_fini). */
int mc_acc_init(struct mc_acc *a, const struct plan *p, int s);

/* Free what a owns; a is then unusable until mc_acc_init. */
void mc_acc_fini(struct mc_acc *a);

/* Add trial `index` (its result r as trial_run gave it). Out of memory is recorded in
 * a->nomem (the trial is then counted only in part). */
void mc_acc_add(struct mc_acc *a, const struct plan *p, uint64_t index,
                const struct trial_result *r);

/* The same as mc_acc_add, except that the trial's histogram values wait in b (empty, or
 * holding trials of a only) until mc_acc_flush(a, b), or until b is full: counting is
 * order-free, so a ends the same as with mc_acc_add once flushed. Flush before anything
 * reads or merges a. */
void mc_acc_add_batched(struct mc_acc *a, const struct plan *p, struct mc_acc_batch *b,
                        uint64_t index, const struct trial_result *r);

/* Play trials lo .. hi - 1 of a's scenario on worker w, handing each to sink (chunk, from
 * its chunk_begin; NULL: no sink) and adding it to a through b, then flush b: the driver's
 * loop over a unit's trials, with the add inline in it. */
void mc_acc_play(struct mc_acc *a, const struct plan *p, struct mc_acc_batch *b,
                 struct trial_worker *w, uint64_t lo, uint64_t hi, const struct mc_sink *sink,
                 void *chunk);

/* Count the values b holds into a's histograms, histogram by histogram; b is then empty. */
void mc_acc_flush(struct mc_acc *a, struct mc_acc_batch *b);

/* Add everything `from` holds into `into` (the same scenario of the same plan, disjoint
 * trials): exact, so any order or grouping of merges gives the same accumulator.
 * Returns 0; -1 when they are of different scenarios or shapes (nothing changed) or out
 * of memory (into->nomem set). */
int mc_acc_merge(struct mc_acc *into, const struct mc_acc *from);

/* The smallest trial index whose RTO lies in the histogram bin holding the RTO of rank
 * `rank` (0-based, ascending, < a->n): a trial whose RTO is within one bin (HIST_REL_RES)
 * of that order statistic, and exactly it when the bin is zero or infinite. */
uint64_t mc_acc_rep_trial(const struct mc_acc *a, uint64_t rank);

/* The summaries of sim/mc.h (every figure of sr but scenario, n_trials, typical, p95
 * and their pager events) from a; sr's arrays (stores, steps, services) must exist and
 * its hists be empty (hist_init'd or zero); fills sr->rto_dist etc. Returns 0, or -1 out
 * of memory. */
int mc_acc_summarize(const struct mc_acc *a, const struct plan *p,
                     struct mc_scenario_result *sr);

/* The driver's two halves (sim/mc.c), which mc_run_sink is, so that a run can be cut into
 * slices of trials whose accumulators merge (MPI ranks, batch shards): play trials first
 * .. first + count - 1 of every scenario on `threads` threads into one merged accumulator
 * per scenario (*accs, [n_scenarios]: the caller frees each with mc_acc_fini and the array
 * with free); and finish accumulators covering all n_trials trials into results
 * (statistics, verdicts, the representative trials replayed; accs is left as it was). */
enum mc_status mc_run_accs(const struct plan *p, uint64_t n_trials, uint64_t first,
                           uint64_t count, uint64_t seed, int threads, mc_progress_fn progress,
                           void *progress_user, const struct mc_sink *sink,
                           struct mc_acc **accs);
enum mc_status mc_finish_accs(const struct plan *p, uint64_t n_trials, uint64_t seed,
                              int threads, const struct mc_acc *accs,
                              struct mc_results **out);

/* Bytes a occupies with everything it owns. */
size_t mc_acc_bytes(const struct mc_acc *a);

#endif
