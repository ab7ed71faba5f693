/* sim/mc.h: the Monte Carlo driver and the results every report reads.
 *
 * mc_run plays n_trials outages of every scenario of a plan (sim/trial.h) on a pool of
 * POSIX threads and summarizes them. Trials are cut into fixed chunks of MC_CHUNK trial
 * indices that workers take from an atomic counter; each worker adds its trials to one
 * accumulator per scenario (sim/mc_acc.h: mergeable histograms with exact counts at the
 * targets, exact sums, integer counts), and the workers' accumulators are merged at the
 * end. Every part of an accumulator merges exactly and independently of order (the sums
 * are fixed-point, not floating-point), so results are bit-identical for any thread count
 * (and for any split into MPI ranks or batch shards that reduce with mc_acc_merge), and
 * trial k of scenario s can be replayed alone (trial_run with the same seed) to show its
 * event log.
 *
 * Statistics (sim/hist.h, sim/stats.h, docs/method.md):
 *   - percentiles are PERCENTILE.INC over order statistics read from the histograms:
 *     within HIST_REL_RES (0.1 %) of the exact ones, and exact for zeros, INFINITY, the
 *     minimum, the maximum and values on a target (a percentile that touches an infinite
 *     value is INFINITY); min, max, mean and the count of infinite values are exact;
 *   - the probability of meeting a target is met/n, met an exact count kept at the
 *     target, with a Wilson 95 % interval; the verdict compares the interval with the
 *     plan's required confidence;
 *   - the representative trials (typical, p95, `trace --at`) are the first trial whose
 *     RTO lies in the histogram bin of that order statistic (an index kept per bin), so
 *     within HIST_REL_RES of it; `max` is the first trial with the largest RTO, exactly.
 *
 * Logical damage (scenario.damage, sim/trial.h): a damage scenario's results read like an
 * outage's (its RTO on the scenario's clock, its RPO from the clean points), plus the
 * damaged window (onset to detection), the trials in which a damaged store with data had
 * no clean point at all (n_no_clean), and per damaged store how often each of its rules
 * supplied the clean point (clean_rule_n); exact counts like the others. A damage
 * scenario draws from streams of its own, so adding one leaves every other scenario's
 * figures bit-identical.
 *
 * Memory does not depend on the number of trials: per scenario and worker one
 * accumulator of about (10 + stores + 2 services) histograms of 2 kB plus 8 kB per
 * power of two their values span, 2 kB per step (its exact sums) and 1 kB per power of
 * two of RTO for the representative indices; `drsim run --no-charts --no-workbook` on
 * the built-in plan peaks at 22-24 MB resident at 1e5 and 1e6 trials a scenario (the
 * arrays took 53 and 361 MB; docs/performance.md, "Memory model"). Nothing is kept per
 * trial.
 */
#ifndef DRSIM_MC_H
#define DRSIM_MC_H

#include <stddef.h>
#include <stdint.h>

#include "models/plan.h"
#include "sim/hist.h"
#include "sim/trial.h"

struct mc_acc; /* sim/mc_acc.h */

#define MC_CHUNK 4096           /* trials per work unit */
#define MC_MAX_TRIALS 4294967295ull /* trial indices are 32-bit in the RNG counter */

/* Chart histogram: fixed log-spaced bins, the same for every run, so histograms of
 * different runs or ranks add up exactly. Bin 0 is [0, MC_HIST_MIN_S); bins 1 ..
 * MC_HIST_BINS-2 split [MC_HIST_MIN_S, MC_HIST_MAX_S) into MC_HIST_PER_DECADE bins per
 * decade; the last bin is [MC_HIST_MAX_S, INFINITY], infinite values included. */
#define MC_HIST_MIN_S 1.0       /* seconds */
#define MC_HIST_MAX_S 1e7       /* seconds (about 116 days) */
#define MC_HIST_PER_DECADE 20
#define MC_HIST_BINS (2 + 7 * MC_HIST_PER_DECADE)

/* Lower and upper edge of chart bin i, seconds (upper of the last bin is INFINITY). */
double mc_hist_lower_s(int i);
double mc_hist_upper_s(int i);
/* The bin a value falls in. */
int mc_hist_bin(double x_s);

enum mc_status {
    MC_OK = 0,          /* *out holds new results; free with mc_results_free */
    MC_INVALID,         /* n_trials is 0 or above MC_MAX_TRIALS, threads < 1, or no scenarios */
    MC_NOMEM,           /* out of memory */
    MC_THREAD,          /* a thread could not be created */
    MC_CANCELLED        /* the progress callback (or the per-trial sink) asked to stop */
};
const char *mc_strerror(enum mc_status s);

enum mc_verdict {
    MC_VERDICT_NONE = 0,  /* no target to compare with */
    MC_VERDICT_MEETS,     /* Wilson lower bound >= required confidence */
    MC_VERDICT_AT_RISK,   /* estimate >= required confidence, lower bound below */
    MC_VERDICT_BREACH     /* estimate below required confidence */
};
const char *mc_verdict_name(enum mc_verdict v); /* "meets", "at risk", "breach", "n/a" */

struct mc_percentiles {
    double p50_s, p90_s, p95_s, p99_s; /* PERCENTILE.INC, seconds; INFINITY when infinite */
    double max_s;       /* largest value, seconds (INFINITY if any is infinite) */
    double mean_s;      /* mean over all trials, seconds (INFINITY if any is infinite) */
    double mean_finite_s; /* mean over finite values only; 0 when none */
    uint64_t n_infinite;  /* trials with an infinite value */
};

/* One objective (an RTO or RPO target) checked against the trials. */
struct mc_objective {
    int has_target;     /* 0: no target; the fields below are 0 and verdict NONE */
    double target_s;    /* seconds */
    uint64_t n_met;     /* trials with value <= target */
    uint64_t n;         /* trials */
    double p_met;       /* n_met / n */
    double ci_lo, ci_hi;/* Wilson 95 % interval of p_met */
    double confidence;  /* required probability (plan->confidence) */
    double value_at_confidence_s; /* PERCENTILE.INC at `confidence`, seconds */
    double margin_s;    /* target - value_at_confidence (negative: short by that much;
                           -INFINITY when the value is infinite) */
    enum mc_verdict verdict;
};

struct mc_hist {
    uint64_t counts[MC_HIST_BINS]; /* trials per bin, see MC_HIST_* */
};

struct mc_store_result {
    struct mc_percentiles rpo; /* effective data loss of this store (0 when recovered by
                                  outage end); percentiles from the fine histogram */
    uint64_t n_no_point;     /* trials where failover happened and the store had no usable
                                recovery point (or is unrecoverable) */
    uint64_t n_loses;        /* trials in which it lost data: its loss > 0 or no usable point
                                (0 for an ephemeral store) */
    double loss_share;       /* n_loses / trials: the share of outages in which it loses data */
    int needs_restore;       /* backup_store_needs_restore in this scenario's scope, or the
                                store is damaged (logical damage) */
    int damaged;             /* the scenario damages this store (logical damage) */
    uint64_t *clean_rule_n;  /* damaged stores: [the store's n_rules] trials in which rule j
                                supplied the clean point (trial_result.clean_rule); NULL for a
                                store the scenario does not damage */
};

struct mc_step_result {
    uint64_t n_ran;          /* trials in which the step started */
    uint64_t n_on_path;      /* trials in which it was on the critical path */
    double mean_contribution_s; /* mean contribution when on the path, seconds */
    double mean_duration_s;  /* mean work time over trials in which it started */
    double mean_staff_wait_s;/* mean wait for people over trials in which it started */
    double path_share;       /* n_on_path / n_trials */
    uint64_t n_handed_over;  /* trials in which a shift hand-over happened on it (role.shift) */
    double mean_handovers;   /* hand-overs per trial in which it started */
};

struct mc_service_result {
    struct mc_percentiles rto; /* from the fine histogram (see above) */
    struct mc_percentiles rpo;
    struct mc_objective rto_obj; /* against the service's RTO target for this scenario
                                    (service.rto_target_s[s]; has_target 0 if not stated) */
    struct mc_objective rpo_obj; /* against its RPO target for this scenario */
    uint64_t n_back;         /* trials in which the service was restored (trial_result.
                                service_back_s finite: everything it needs back, capacity at
                                its MBCO, or the primary's return) */
    double back_share;       /* n_back / trials (0..1) */
};

/* How trials ended (sim/trial.h): the index into mc_scenario_result.outcomes. */
enum mc_outcome_kind {
    MC_OUTCOME_IN_PLACE = 0,    /* the primary returned first, abandoned failovers included */
    MC_OUTCOME_FAILED_OVER,     /* service restored by the runbook */
    MC_N_OUTCOMES
};
const char *mc_outcome_name(enum mc_outcome_kind o); /* "recovered_in_place", "failed_over" */

/* The objectives over the trials that ended one way. */
struct mc_outcome {
    uint64_t n;              /* trials that ended this way */
    double share;            /* n / trials of the scenario */
    struct mc_percentiles rto, rpo; /* over those trials (all 0 when n is 0) */
    struct mc_objective rto_obj;    /* the scenario's targets over those trials (has_target 0
                                       without a policy or when n is 0) */
    struct mc_objective rpo_obj;
};

/* Failback and the exposure window, over the failed-over trials (sim/trial.h). Percentiles
 * from the fine histogram (see above), seconds. */
enum { MC_FB_DOWNTIME = 0, MC_FB_AT_RISK, MC_FB_OUTSIDE, MC_FB_EXPOSURE, MC_FB_N };
struct mc_failback {
    int has_failback;        /* the scenario has a failback section */
    int has_exposure;        /* failback or exposure_until: the exposure window is modelled */
    uint64_t n;              /* failed-over trials: every figure below is over these */
    struct mc_percentiles downtime;   /* failback downtime (the cut-back window) */
    struct mc_percentiles at_risk;    /* seconds of writes held only in the secondary when the
                                         reverse sync starts */
    struct mc_percentiles outside;    /* outage start to the failback's end: time off the primary */
    struct mc_percentiles exposure;   /* the exposure window */
    double p_second_loss;    /* mean over those trials of 1 - exp(-per_year * window / year):
                                the chance that another outage of this scenario's kind hits
                                the secondary while its data has no copy elsewhere (1 for an
                                infinite window) */
};

struct mc_scenario_result {
    int scenario;            /* index in plan->scenarios */
    uint64_t n_trials;
    /* The whole distributions over all trials, seconds (sim/hist.h: exact counts at the
     * targets, min, max, mean and infinite count; percentiles and CDFs within
     * HIST_REL_RES). Owned; target 0 of rto_dist, rpo_dist and rpo_all_dist is the
     * scenario's target when it has a policy. */
    struct hist rto_dist;
    struct hist rpo_dist;    /* INFINITY when a counting store had no usable point */
    struct hist rpo_all_dist;/* over all data: every store, exceptions included (trial.h) */
    struct hist full_dist;   /* full restoration */
    struct mc_acc *acc;      /* the merged accumulator everything here was summarized from
                                (sim/mc_acc.h; what ranks and shards reduce); owned */
    struct mc_percentiles rto, rpo, full;
    struct mc_objective rto_obj;   /* against scenario->rto_target_s (has_policy) */
    struct mc_objective rpo_obj;
    struct mc_percentiles rpo_all; /* the RPO over all data: the policy RPO with no exceptions */
    struct mc_objective rpo_all_obj; /* the same target over all data (has_policy) */
    uint64_t n_in_place;     /* trials recovered in place (= outcomes[MC_OUTCOME_IN_PLACE].n) */
    uint64_t n_abandoned;    /* of those, failovers abandoned after the go */
    struct mc_outcome outcomes[MC_N_OUTCOMES]; /* the figures per outcome */
    struct mc_failback failback; /* zero when the scenario models neither */
    uint64_t n_go_wait_on_path; /* trials whose critical path waited for the go after the
                                   decision (trial_result.path_go_wait_s > 0) */
    double mean_go_wait_s;   /* mean of that wait over those trials, seconds */
    uint64_t n_rpo_no_point; /* trials with a counting store without usable point */
    /* Logical damage (scenario.damage.present); zero for outages. */
    struct mc_percentiles damaged; /* the damaged window, onset to detection (fine histogram) */
    uint64_t n_no_clean;     /* trials in which a damaged store with data had no clean point */
    double no_clean_share;   /* n_no_clean / trials */
    uint64_t n_breach;       /* trials breaching RTO or RPO target (either) */
    struct mc_hist rto_hist; /* chart histograms */
    struct mc_hist rpo_hist;
    /* Annualized, from scenario->per_year. */
    double downtime_per_year_s;  /* per_year * mean RTO (INFINITY if mean is) */
    double data_loss_per_year_s; /* per_year * mean of finite RPO values (see below) */
    double unrecoverable_share;  /* rpo.n_infinite / n: outages in which a store counting for
                                    RPO had no usable recovery point (its data is lost, not
                                    delayed; the finite mean above leaves these out) */
    double unrecoverable_per_year; /* per_year * unrecoverable_share: such outages a year */
    double p_breach_year;        /* 1 - exp(-per_year * n_breach / n); 0 without a policy */
    uint64_t median_rto_trial;   /* smallest trial index whose RTO lies in the histogram bin
                                    of the lower median (rank (n-1)/2), so within HIST_REL_RES
                                    of it (exactly it when 0 or infinite): a representative
                                    trial to replay (mc_acc_rep_trial) */
    struct trial_result typical; /* that trial as the engine ran it (for the timeline chart);
                                    service_rto_s/service_rpo_s/service_back_s are NULL in this
                                    copy */
    struct trial_event *typical_pager; /* the typical trial's pager events, in order: pages,
                                    notifications, arrivals, escalations, hand-overs (the
                                    timeline chart's lanes); owned, NULL when none */
    int n_typical_pager;
    uint64_t p95_rto_trial;      /* the same for rank ceil(0.95 n) - 1: a bad but not worst
                                    trial */
    uint64_t max_rto_trial;      /* smallest trial index with the largest RTO (exact) */
    struct trial_result p95;     /* that trial as the engine ran it (capacity chart); service
                                    arrays NULL as in typical */
    int n_stores;
    struct mc_store_result *stores;   /* [n_stores], plan order */
    int n_steps;
    struct mc_step_result *steps;     /* [n_steps], runbook order */
    int n_services;
    struct mc_service_result *services; /* [n_services], plan order */
};

struct money_results;
struct levers_results;
struct mc_rows;

struct mc_results {
    const struct plan *plan; /* borrowed: must outlive the results */
    uint64_t seed;
    uint64_t n_trials;       /* per scenario */
    int threads;             /* threads used (at most one per chunk of work) */
    double elapsed_s;        /* wall-clock seconds of the run */
    int has_as_of;           /* set by the caller after mc_run (0 from mc_run): review dates of
                                the plan's exceptions are judged as of civil day as_of_day */
    long as_of_day;          /* days since 1970-01-01 (today, SOURCE_DATE_EPOCH's day, --as-of) */
    const struct money_results *money; /* set by the caller after mc_run (NULL from mc_run):
                                the money at stake (analysis/money.h), borrowed; NULL: none */
    const struct mc_rows *rows; /* set by the caller after mc_run_sink with the rows' sink
                                (`run --trials-sheet`, sim/mc_rows.h), borrowed; NULL: none */
    const struct levers_results *levers; /* set by the caller after a lever search (`run
                                --levers`, analysis/levers.h), borrowed; NULL (from mc_run): none */
    int n_scenarios;
    struct mc_scenario_result *scenarios; /* [n_scenarios], plan order */
};

/* Progress: called from the thread that called mc_run (never from workers), with trials
 * done so far over all scenarios and the total (n_trials * n_scenarios); at least once at
 * the end with done == total. Return non-zero to stop the run (MC_CANCELLED). */
typedef int (*mc_progress_fn)(void *user, uint64_t done, uint64_t total);

/* Run n_trials trials of every scenario of p with the 64-bit seed on `threads` threads
 * (1 = run on the calling thread), and summarize. progress may be NULL. On MC_OK *out
 * holds new results owned by the caller; on any other status *out is NULL and nothing
 * leaks. p is borrowed. */
enum mc_status mc_run(const struct plan *p, uint64_t n_trials, uint64_t seed, int threads,
                      mc_progress_fn progress, void *progress_user, struct mc_results **out);

/* A per-trial sink (mc_run_sink): every trial's result as the engine plays it, for a
 * report that streams one row per trial (reports/trials_csv.h) in constant memory. A
 * worker calls chunk_begin before it plays a unit (MC_CHUNK trials of one scenario),
 * trial for each of its trials in trial order, and chunk_end after the last. Units are
 * numbered `seq` 0, 1, 2, ... in scenario order, then trial order: the order a sink
 * writes them in for any thread count. The three are called on worker threads, several
 * at once for different units (in no particular order): chunk_begin may block (a
 * bounded reorder window) until earlier units are written. A NULL chunk context means
 * no trial calls and no chunk_end for that unit. chunk_end returns non-zero to stop the
 * run (MC_CANCELLED). With no sink the engine pays one NULL test per unit and a test of
 * a local per trial. */
struct wire_out;
struct wire_in;

struct mc_sink {
    void *user;
    void *(*chunk_begin)(void *user, uint64_t seq, int scenario, uint64_t first_trial,
                         uint64_t n_trials);
    /* r valid during the call; from the run's workers, which defer the losses no figure
     * reads (trial_worker_defer_losses): in a trial recovered in place,
     * store_drawn_loss_s and failover_loss_s are NAN. */
    void (*trial)(void *chunk, const struct trial_result *r);
    int (*chunk_end)(void *user, void *chunk);
    /* Optional, for a run split across processes (MPI ranks, shards: sim/mc_part.h):
     * put writes what the sink has gathered as bytes (sim/wire.h), merge adds what
     * another process's sink of the same run put (0, or -1 for bytes it cannot take),
     * reset empties it (so that a merge then loads another's state whole). What merges
     * must be exact (any order of merges gives the same state). A sink without them
     * cannot be split: a distributing engine refuses it (MC_INVALID). */
    void (*put)(void *user, struct wire_out *w);
    int (*merge)(void *user, struct wire_in *r);
    void (*reset)(void *user);
    /* Non-zero: trial reads of each trial only its figures (what mc_acc_add reads: the
     * RTO, RPO, losses, services and outcome), so the run's workers may leave the rest
     * unwritten (trial_worker_figures_only). 0 (the default of a zeroed sink): the whole
     * trial_result, exact. */
    int figures_only;
};

/* mc_run, handing every trial to sink (borrowed; NULL: exactly mc_run). MC_CANCELLED
 * also when the sink stopped the run (the sink knows why). */
enum mc_status mc_run_sink(const struct plan *p, uint64_t n_trials, uint64_t seed,
                           int threads, mc_progress_fn progress, void *progress_user,
                           const struct mc_sink *sink, struct mc_results **out);

/* ---- engines ---------------------------------------------------------------------------
 *
 * Every run of the engine in the program (drsim run, its decision curve and levers,
 * sweep points, sensitivity and Sobol designs, trace) goes through mc_run_sink. By
 * default it plays every trial in this process (mc_run_local). A program that spreads
 * runs over processes installs an engine once, before any run, for the whole process:
 * drsim-mpi's (mpi/main.c: each rank plays its slice, the slices' accumulators are
 * exchanged and merged exactly, every rank finishes the same results) and `drsim
 * merge`'s (cli/cmd_merge.c: the first run is the shards' merged partial result, later
 * runs are local). An engine returns exactly what mc_run_local would, or an error. */
struct mc_engine {
    void *user;
    enum mc_status (*run)(void *user, const struct plan *p, uint64_t n_trials, uint64_t seed,
                          int threads, mc_progress_fn progress, void *progress_user,
                          const struct mc_sink *sink, struct mc_results **out);
};

/* Install e (borrowed; it must outlive every run) as the process's engine; NULL puts
 * back the local one. Call it before any run starts, from one thread: it is the one
 * process-wide setting of the engine, read by every later mc_run_sink. */
void mc_set_engine(const struct mc_engine *e);

/* mc_run_sink in this process only, whatever engine is installed (an engine's own
 * fallback). */
enum mc_status mc_run_local(const struct plan *p, uint64_t n_trials, uint64_t seed,
                            int threads, mc_progress_fn progress, void *progress_user,
                            const struct mc_sink *sink, struct mc_results **out);

/* The representative trial of scenario result sr for RTO rank `rank` (0-based ascending,
 * < sr->n_trials): the smallest trial index whose RTO lies in the histogram bin holding
 * that order statistic (mc_acc_rep_trial). median_rto_trial is rank (n - 1) / 2,
 * p95_rto_trial rank ceil(0.95 n) - 1. */
uint64_t mc_rto_trial_at(const struct mc_scenario_result *sr, uint64_t rank);

/* Release results and every array they own; NULL is a no-op. */
void mc_results_free(struct mc_results *r);

#endif
