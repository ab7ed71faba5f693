/* analysis/sweep.h: sweeps of one or two plan values, and what they show.
 *
 * A sweep runs the Monte Carlo driver (sim/mc.h) once per point: the plan varied to the
 * point's values (models/vary.h, vary_plan: written into the plan's text and loaded
 * again by the ordinary loader; the plan itself is never modified), then mc_run with the same seed and trial count as every other point. Because every random
 * number of a trial comes from a stream keyed by (seed, trial, stream), with separate
 * streams for the outage, each store's backups, each role's response times and the
 * step durations (sim/trial.h), every point replays the same outages with the same
 * draws and only the varied value changes: differences between points are the effect
 * of the value, not sampling noise (common random numbers). A point whose value equals
 * the plan's gives exactly the plan's results.
 *
 * Two axes make a grid (axis 0 outermost). Before anything runs, every point is loaded
 * once, so a value the loader refuses (a schedule of "every 0h", a median above its
 * p90) stops the sweep before it spends minutes, with the loader's diagnostic.
 *
 * Per point the sweep keeps a summary per scenario (percentiles, objectives with their
 * Wilson intervals and verdicts, annualized figures), whether it meets the policy (every
 * objective of every scenario with one "meets"), and its monthly cost when the plan has a
 * cost model (models/cost.h). Findings: the cheapest point that meets the policy, which
 * objectives move and the one that moves most, the knee of its curve, and per objective
 * the plan does not meet, the point that would (sweep_analyze; docs/method.md describes
 * the rules). Findings are computed here once; reports, charts and the workbook only
 * read them.
 *
 * Memory: a point's per-trial arrays are freed as soon as it is summarized, so a sweep
 * needs one run's memory (sim/mc.h) plus a few hundred bytes per point and scenario.
 */
#ifndef DRSIM_SWEEP_H
#define DRSIM_SWEEP_H

#include <stddef.h>
#include <stdint.h>

#include "models/cost.h"
#include "models/diag.h"
#include "models/plan.h"
#include "models/vary.h"
#include "sim/mc.h"

#define SWEEP_MAX_AXES 2
#define SWEEP_MAX_POINTS 10000  /* points of a grid */

enum sweep_status {
    SWEEP_OK = 0,       /* done; results hold every point */
    SWEEP_INVALID,      /* a point's plan did not load: see struct sweep_failure (exit 2) */
    SWEEP_TOO_MANY,     /* more than SWEEP_MAX_POINTS points, or no axis (exit 2) */
    SWEEP_NOMEM,        /* out of memory */
    SWEEP_THREAD,       /* a worker thread could not be created */
    SWEEP_CANCELLED     /* the progress callback asked to stop */
};
const char *sweep_strerror(enum sweep_status s);

/* The summary of one scenario of one run: what a sweep keeps of struct mc_scenario_result. */
struct sweep_summary {
    struct mc_percentiles rto;      /* seconds */
    struct mc_percentiles rpo;      /* seconds */
    struct mc_objective rto_obj;    /* against the scenario's RTO target (has_target 0: none) */
    struct mc_objective rpo_obj;
    uint64_t n_trials;
    uint64_t n_in_place;            /* trials recovered in place (the primary returned first) */
    uint64_t n_abandoned;           /* of those, failovers abandoned after the go */
    struct mc_outcome outcomes[MC_N_OUTCOMES]; /* the objectives per outcome (sim/mc.h) */
    uint64_t n_rpo_no_point;        /* trials with a counting store without usable point */
    uint64_t n_breach;              /* trials breaching RTO or RPO */
    double p_breach_year;           /* probability of at least one breach a year */
    double downtime_per_year_s;     /* seconds a year */
    double data_loss_per_year_s;    /* seconds of data a year */
};

/* Copy what a sweep keeps of every scenario of r into out[r->n_scenarios]. */
void sweep_summarize(const struct mc_results *r, struct sweep_summary *out);

/* Whether every objective with a target in sums[n_scenarios] meets it (verdict meets);
 * 0 as well when there is no objective at all. */
int sweep_meets_policy(const struct sweep_summary *sums, int n_scenarios);

struct sweep_point {
    int value[SWEEP_MAX_AXES]; /* index into each axis's values; -1 = the plan's own value */
    int meets_policy;       /* sweep_meets_policy of sc */
    int has_cost;           /* the plan has a cost model: cost is valid */
    struct cost_month cost; /* monthly cost of this configuration */
    struct sweep_summary *sc; /* [n_scenarios] plan order */
};

/* Objectives, for findings. */
enum sweep_objective { SWEEP_RTO = 0, SWEEP_RPO = 1 };

/* A recommendation for one objective the plan as written does not meet. */
struct sweep_rec {
    int scenario;           /* scenario index */
    enum sweep_objective objective;
    int point;              /* the point recommended: the cheapest meeting the objective (with a
                               cost model), else the meeting one nearest the plan's value; when
                               none meets, the one with the highest probability */
    int meets;              /* 1 when `point` meets the objective, 0 when none does */
    int unaffected;         /* 1 when every point meets it in exactly as many trials: the swept
                               values do not affect it */
};

/* The objective whose curve moves most: the one with a target whose probability of being
 * met varies most over the points (its range, max - min); on ties the first in scenario
 * order, RTO before RPO. The knee is sought on it, and a grid's charts draw it. */
struct sweep_curve {
    int scenario;           /* -1 when no objective has a target */
    enum sweep_objective objective;
    double range;           /* max - min of its P(meet) over the points, in [0, 1] */
};

struct sweep_knee {
    int point;              /* the knee, or -1 (fewer than 3 points, or a flat curve) */
    int scenario;           /* the objective whose curve it is: results.steepest, against the */
    enum sweep_objective objective; /* value (axis 0's number, or its index when it has none) */
    int lo_point;           /* the curve's ends: the point with the lowest value and the one */
    int hi_point;           /* with the highest (by number; by index when a value has none) */
};

struct sweep_results {
    const struct plan *plan; /* borrowed: the plan as written */
    const struct vary_axis *axes; /* borrowed: [n_axes] */
    int n_axes;
    uint64_t n_trials;      /* per scenario per point */
    uint64_t seed;
    int threads;
    double elapsed_s;       /* wall clock of the whole sweep, seconds */
    int n_scenarios;
    struct sweep_point base;/* the plan as written (value[] all -1) */
    int base_point;         /* index of the point identical to the plan (then base is a copy of
                               it, not run twice), or -1 */
    int n_points;
    struct sweep_point *points; /* [n_points], grid order (axis 0 outermost) */
    /* Findings (sweep_analyze). */
    int cheapest;           /* cheapest point meeting the policy (needs a cost model), or -1 */
    int n_meeting;          /* points meeting the policy */
    int *moves;             /* [2 * n_scenarios] at 2 * scenario + objective: 1 when the objective
                               has a target and is met in a different number of trials at some
                               point (read it with sweep_objective_moves) */
    struct sweep_curve steepest;
    struct sweep_knee knee;
    struct sweep_rec *recs; /* [n_recs] in scenario order, RTO before RPO */
    int n_recs;
};

/* Why a sweep could not start: a point's plan the loader refused. */
struct sweep_failure {
    int point;              /* grid index of the first point that failed, or -1 */
    int n_bad;              /* how many points failed */
    int value[SWEEP_MAX_AXES]; /* its value index per axis */
    char *text;             /* owned: that point's plan text, which diags quotes */
    size_t len;
    int has_diags;          /* diags is initialised (diag_fini it through sweep_failure_fini) */
    struct diag_list diags; /* the loader's diagnostics */
    struct vary_span spans[VARY_MAX_SPANS]; /* where the point's values were written in text */
    int n_spans;
};

/* Release what a failure holds; safe on a zeroed struct. */
void sweep_failure_fini(struct sweep_failure *f);

struct sweep_options {
    uint64_t n_trials;      /* per scenario per point, >= 1 */
    uint64_t seed;
    int threads;            /* >= 1 */
    mc_progress_fn progress;/* may be NULL: trials done over the whole sweep */
    void *progress_user;
};

/* Run a sweep of plan p (loaded from text[len], named `name` in messages) over the
 * grid of n_axes (1 or 2) axes parsed against it; the axes must not vary the same value
 * (vary_axes_overlap, which the caller checks to report it). On SWEEP_OK *out holds new results
 * (free with sweep_results_free; they borrow p and axes). On SWEEP_INVALID *fail says
 * which point failed and why (sweep_failure_fini it); fail may be NULL. */
enum sweep_status sweep_run(const struct plan *p, const char *name, const char *text, size_t len,
                            const struct vary_axis *axes, int n_axes,
                            const struct sweep_options *o, struct sweep_results **out,
                            struct sweep_failure *fail);

/* Compute the findings of r (sweep_run does; exposed for tests). Returns 0, or -1 when
 * out of memory. */
int sweep_analyze(struct sweep_results *r);

/* Release results; NULL is a no-op. */
void sweep_results_free(struct sweep_results *r);

/* Whether objective (s, o) of r has a target and moves over the points (r->moves). */
int sweep_objective_moves(const struct sweep_results *r, int s, enum sweep_objective o);

/* The objective o of summary s. */
const struct mc_objective *sweep_objective_of(const struct sweep_summary *s,
                                              enum sweep_objective o);

#endif
