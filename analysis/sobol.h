/* analysis/sobol.h: global sensitivity: Sobol indices of the objectives over every
 * uncertain input at once (`drsim sensitivity --method sobol`).
 *
 * The one-at-a-time analysis (analysis/sensitivity.h) moves one input while the others
 * stay as written, so it cannot see two inputs that matter only together (a slow restore
 * matters only when the outage lasts long enough to need it). The variance-based method
 * moves them all at once and splits the variance of each output among them:
 *
 *   first-order index S_i  the share of the output's variance that input i explains
 *                          alone (its main effect);
 *   total index ST_i       the share it has a part in, alone or through interactions;
 *                          ST_i - S_i is what it does only together with others, and an
 *                          input with ST_i near 0 can be fixed anywhere in its range.
 *
 * Inputs and ranges: the factors of the one-at-a-time analysis with the same low and
 * high scales (sensitivity_range: a distribution's own P10 and P90 relative to its
 * median, a probability halved and doubled, or 1 -/+ spread), each drawn independently of
 * the others. A range from the input's own quantiles (or halving and doubling) is
 * multiplicative, symmetric in the logarithm (a lognormal's P10/P50 is P50/P90), so the
 * scale is drawn log-uniformly between low and high: its median is 1, the plan as
 * written. (Drawn uniformly, a right-skewed input's mean scale would be well above 1 and
 * every run would be a pessimistic plan: with the built-in plan's 81 inputs, P(meet) of
 * the zone RTO averaged 9 % against the plan's 69 %.) A -/+ spread range is symmetric in
 * value, so the scale is drawn uniformly. The scale is applied as a VARY_SCALE change
 * (models/vary.h), so each model run is the plan text with those values
 * scaled, loaded by the ordinary loader and simulated with the same seed and trial count
 * (common random numbers: the runs differ by the inputs only, not by sampling noise).
 *
 * Outputs, per scenario and objective (RTO, RPO): with a target, the probability of
 * meeting it and the value at the plan's confidence (sim/mc.h); without one, the P95. An
 * output that is infinite in some run (a store with no usable point at the P95) has no
 * variance to split: its indices are NAN and the report says so.
 *
 * Sampling (Saltelli): two N x k matrices A and B of points in [0, 1)^k, A the first k
 * coordinates of a design in 2k dimensions and B the last k (sobol_design): GSL's Sobol
 * sequence when 2k <= 40 (its limit; it leaves out the all-zeros point and starts at
 * (0.5, ...)); beyond, a
 * Latin hypercube (each column a random permutation of the N strata [j/N, (j+1)/N), one
 * uniform point in each, GSL's MT19937 seeded from the run's seed). Not a Halton
 * sequence: in dimension d its first N points (N below the d-th prime) all lie within
 * N/p_d of each other, so with the few hundred runs a plan affords, most of the 2k
 * coordinates sat near one end of their range in every run (drsim 0.1.0 used GSL's
 * reverse Halton there: every input of the built-in plan near its P90, the runs' mean
 * zone P(meet) 10.8 % against 67 % as written). For each i, AB_i is A with column i taken
 * from B. The model runs at every row of A, B and each AB_i: N (k + 2) runs.
 *
 * Estimators, as Saltelli et al. (2010, "Variance based sensitivity analysis of model
 * output", table 2) recommend: with f_A, f_B, f_ABi the outputs at the rows and V the
 * variance of the 2N values of f_A and f_B,
 *   ST_i = (1/2N) sum_j (f_A[j] - f_ABi[j])^2 / V          (Jansen 1999),
 *   S_i  = (1/N) sum_j (f_B[j] - m) (f_ABi[j] - f_A[j]) / V (Saltelli et al. 2010),
 * m the mean of those 2N values: subtracting a constant leaves the estimator unbiased (the
 * sum of f_ABi - f_A has mean 0) and keeps its variance from growing with the output's
 * magnitude (an RTO of days would otherwise swamp the interval).
 * Jansen's first-order form, (V - (1/2N) sum_j (f_B[j] - f_ABi[j])^2) / V, is not used: it
 * has the larger variance of the two and is not 0 for an input that changes nothing
 * (f_ABi = f_A), where the form above is exactly 0, so an inert input never shows a
 * spurious main effect.
 * Intervals: a bootstrap over the N rows (n_boot resamples with replacement, the rows of
 * A, B and every AB_i resampled together, GSL's MT19937 seeded from the run's seed),
 * 2.5 % and 97.5 % percentiles. Estimates can fall slightly outside [0, 1] from the
 * finite N; they are reported as computed.
 *
 * Known answer (tests/test_sobol.c): an RTO that is the sum of fixed step durations
 * d_i, each scaled by an independent uniform, is additive, so S_i = ST_i =
 * d_i^2 / sum_j d_j^2.
 */
#ifndef DRSIM_SOBOL_H
#define DRSIM_SOBOL_H

#include <stddef.h>
#include <stdint.h>

#include "models/factor.h"
#include "models/plan.h"
#include "sim/mc.h"
#include "analysis/sweep.h"

#define SOBOL_DEFAULT_N 64      /* base samples (rows of A and B) */
#define SOBOL_DEFAULT_BOOT 200  /* bootstrap resamples */
#define SOBOL_MAX_SOBOL_DIMS 40 /* GSL's Sobol sequence; beyond, a Latin hypercube */

struct sobol_options {
    uint64_t n_trials;      /* per scenario per model run, >= 1 */
    uint64_t seed;
    int threads;            /* >= 1 */
    double spread;          /* as sensitivity_options.spread */
    int n_base;             /* N, >= 2 */
    int n_boot;             /* bootstrap resamples, >= 0 (0: no intervals) */
    mc_progress_fn progress;/* may be NULL: trials done over all runs */
    void *progress_user;
};

/* What an output measures. */
enum sobol_measure {
    SOBOL_P_MEET = 0,       /* probability of meeting the target */
    SOBOL_VALUE             /* value at the plan's confidence (with a target), else the P95 */
};

struct sobol_output {
    int scenario;           /* index in the plan */
    enum sweep_objective objective; /* SWEEP_RTO or SWEEP_RPO */
    enum sobol_measure measure;
    double quantile;        /* SOBOL_VALUE: the level (plan confidence, or 0.95) */
    double as_written;      /* the output of the plan as written (every scale 1) */
    double mean;            /* mean over the 2N runs of A and B (NAN: not finite) */
    double variance;        /* V (NAN: not finite; 0: the output does not vary) */
    double *s1, *s1_lo, *s1_hi; /* [n_factors] first-order index and its interval (NAN:
                                   no variance, or no interval without bootstrap) */
    double *st, *st_lo, *st_hi; /* [n_factors] total index and its interval */
};

struct sobol_factor {
    struct factor f;        /* the input (owns its path) */
    double k_lo, k_hi;      /* the range of its scale */
    double max_st;          /* largest total index over the outputs with variance (ranking) */
};

struct sobol_results {
    const struct plan *plan;/* borrowed */
    uint64_t n_trials, seed;
    int threads;
    double spread;
    int n_base, n_boot;
    const char *sequence;   /* static: "sobol" or "latin-hypercube" */
    double elapsed_s;
    int n_runs;             /* model runs: n_base * (n_factors + 2) */
    int n_factors;
    struct sobol_factor *factors; /* [n_factors] ranked by max_st, largest first (ties in
                                     file order); outputs' index arrays follow this order */
    int n_fixed, n_zero;    /* inputs not varied, as in sensitivity_results */
    int n_outputs;
    struct sobol_output *outputs; /* [n_outputs] scenario order, RTO then RPO, P(meet) then
                                     value */
};

/* Estimate the Sobol indices of plan p, loaded from text[len] (named `name`). On SWEEP_OK
 * *out holds new results (free with sobol_results_free; they borrow p). SWEEP_INVALID
 * when the options are out of range or the plan has no input to vary. */
enum sweep_status sobol_run(const struct plan *p, const char *name, const char *text, size_t len,
                            const struct sobol_options *o, struct sobol_results **out);

/* Release results; NULL is a no-op. */
void sobol_results_free(struct sobol_results *r);

/* "P(meet)" or "value". */
const char *sobol_measure_name(enum sobol_measure m);

/* The design: n points in [0, 1)^dims into pts (row j at pts + j * dims), GSL's Sobol
 * sequence from its start when dims <= SOBOL_MAX_SOBOL_DIMS, else a Latin
 * hypercube from `seed` (the same seed, the same points). *sequence (static) names it.
 * Returns 0, or -1 when out of memory. */
int sobol_design(int n, int dims, uint64_t seed, double *pts, const char **sequence);

#endif
