/* analysis/sweep_int.h: what analysis/sweep.c shares with analysis/sensitivity.c, which runs many
 * simulations the same way: one progress bar over all of them, and one mapping of
 * mc_run's status to a sweep_status. Not part of the public interface. */
#ifndef DRSIM_SWEEP_INT_H
#define DRSIM_SWEEP_INT_H

#include <stdint.h>

#include "sim/mc.h"
#include "analysis/sweep.h"

/* Progress over many runs: trials of finished runs plus the current run's. */
struct sweep_progress {
    mc_progress_fn fn;      /* the caller's callback; NULL: no progress */
    void *user;             /* its user pointer */
    uint64_t before;        /* trials done by earlier runs */
    uint64_t total;         /* trials of all runs */
};

/* Run mc_run on plan q (n_trials per scenario, seed, threads), reporting progress
 * through sp, and on success advance sp->before by the run's trials and return its
 * results in *out (the caller frees them with mc_results_free). Otherwise *out is NULL
 * and the mc status is returned as a sweep status. */
enum sweep_status sweep_simulate(const struct plan *q, uint64_t n_trials, uint64_t seed,
                                 int threads, struct sweep_progress *sp,
                                 struct mc_results **out);

#endif
