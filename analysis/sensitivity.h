/* analysis/sensitivity.h: which uncertain input moves the results most (a tornado analysis).
 *
 * Every uncertain input of a plan (models/factor.h: the distributions it writes and its
 * backup failure probabilities) is moved, one at a time, to a low and a high value, and
 * the plan is simulated at each; the effect on every scenario's P95 RTO and RPO and on
 * the probability of meeting each target is kept, and inputs are ranked by it.
 *
 * Low and high (docs/method.md, "Sensitivity"): by default a distribution is scaled so
 * its median moves to its own P10 and P90 (a factor k = P10/P50 and P90/P50: the input's
 * stated uncertainty sets its range), and a failure probability is halved and doubled;
 * fixed values have no stated uncertainty and are left alone. With a spread s every
 * input, fixed ones included, is scaled by 1 - s and 1 + s instead.
 *
 * All runs use the same seed and trial count as the plan's own run, and scaling an input
 * never changes how many random numbers a draw takes, so each run replays the same
 * outages with the same draws (common random numbers): the difference between the low
 * and the high run is the input's effect, not noise.
 *
 * Ranking: by the largest change, over scenarios and objectives with a target, of the
 * probability of meeting it (high run minus low run, in absolute value); ties (inputs
 * that move no probability) by the largest change of a P95 RTO or RPO relative to its
 * target (relative to the plan's own P95 where there is no target); then file order.
 */
#ifndef DRSIM_SENSITIVITY_H
#define DRSIM_SENSITIVITY_H

#include <stdint.h>

#include "models/factor.h"
#include "models/plan.h"
#include "sim/mc.h"
#include "analysis/sweep.h"

struct sensitivity_options {
    uint64_t n_trials;      /* per scenario per run, >= 1 */
    uint64_t seed;
    int threads;            /* >= 1 */
    double spread;          /* 0: low/high from each input's own P10/P90; in (0, 1): scale every
                               input by 1 - spread and 1 + spread */
    mc_progress_fn progress;/* may be NULL: trials done over all runs */
    void *progress_user;
};

struct sensitivity_factor {
    struct factor f;        /* the input (owns its path) */
    double k_lo, k_hi;      /* scale of the low and the high run */
    double typical_lo;      /* the input's median (a probability: its value) in the low run */
    double typical;         /* as written */
    double typical_hi;      /* in the high run */
    struct sweep_summary *lo, *hi; /* [n_scenarios] the low and the high run */
    double swing_p;         /* largest |P(meet) high - P(meet) low| over objectives with a target */
    int swing_scenario;     /* where swing_p is, or -1 when no objective has a target */
    enum sweep_objective swing_objective;
    double swing_rel;       /* largest |P95 high - P95 low| relative to the target (or to the
                               plan's P95), INFINITY when one side is infinite */
};

struct sensitivity_results {
    const struct plan *plan;  /* borrowed */
    uint64_t n_trials;
    uint64_t seed;
    int threads;
    double spread;
    double elapsed_s;         /* wall clock, seconds */
    int n_scenarios;
    struct sweep_summary *base; /* [n_scenarios] the plan as written */
    int n_runs;               /* simulations run, the plan's own included */
    struct sensitivity_factor *factors; /* [n_factors] ranked, largest effect first */
    int n_factors;
    int n_fixed;              /* inputs not varied because they are fixed (no spread given) */
    int n_zero;               /* inputs not varied because they are zero (a failure probability of
                                 0, a median of 0) or never end (a fixed infinite duration) */
};

/* The low and high scale of factor f (see above: its own P10 and P90 relative to its
 * median, a probability halved and doubled, or 1 -/+ spread), or 0 when it is not varied
 * (*why: 1 a fixed value without a spread, 2 a zero or never-ending value). Shared with
 * the global method (analysis/sobol.h), which draws scales between the two. */
int sensitivity_range(const struct factor *f, double spread, double *lo, double *hi, int *why);

/* Analyse plan p, loaded from text[len] (named `name` in messages). On SWEEP_OK *out
 * holds new results (free with sensitivity_results_free; they borrow p). */
enum sweep_status sensitivity_run(const struct plan *p, const char *name, const char *text,
                                  size_t len, const struct sensitivity_options *o,
                                  struct sensitivity_results **out);

/* Release results; NULL is a no-op. */
void sensitivity_results_free(struct sensitivity_results *r);

#endif
