/* sim/mc_part.h: a run cut into slices of trials, and the slices merged back.
 *
 * A partial result is what mc_run accumulates (sim/mc.h) over a contiguous slice of the
 * trial indices [first, first + count) of every scenario: the histograms and exact counts
 * and sums, nothing per trial. Partial results of disjoint slices merge exactly (integer
 * counts, fixed-bin histograms, exact sums), so the results finished from the merge of
 * all slices of 0 .. n - 1 are identical, bit for bit, to mc_run's with n trials: for any
 * slicing, thread count, rank count or order of merges. Shards (`drsim run --shard I/K`,
 * cli/partial.h) and MPI ranks (mpi/main.c) carry them as bytes (sim/wire.h).
 */
#ifndef DRSIM_MC_PART_H
#define DRSIM_MC_PART_H

#include <stdint.h>

#include "sim/mc.h"
#include "sim/wire.h"

struct mc_part;

/* The I-th (1-based) of K slices of n trials, cut at whole units of MC_CHUNK trial
 * indices: of the C = ceil(n / MC_CHUNK) units, units floor((I-1) C / K) to floor(I C / K)
 * - 1, so the slices are as equal as whole units allow (some are empty when K > C). A
 * unit is the same in every slicing (it starts at a multiple of MC_CHUNK), so what a sink
 * or an accumulator sums per unit is the same however the run is cut. 1 <= i <= k is the
 * caller's to check. */
void mc_slice(uint64_t n, uint64_t i, uint64_t k, uint64_t *first, uint64_t *count);

/* Play trials first .. first + count - 1 of the n_trials of every scenario of p (as mc_run
 * would play them) on `threads` threads, handing each to sink (NULL: none), and keep what
 * they accumulate in *out (free with mc_part_free). count may be 0. */
enum mc_status mc_run_part(const struct plan *p, uint64_t n_trials, uint64_t first,
                           uint64_t count, uint64_t seed, int threads, mc_progress_fn progress,
                           void *progress_user, const struct mc_sink *sink,
                           struct mc_part **out);

/* The slice a partial result covers. */
void mc_part_range(const struct mc_part *part, uint64_t *first, uint64_t *count);

/* Add `from` (a slice disjoint from into's) into `into`. Returns 0; -1 when the two are not
 * of the same plan and trial count; -2 out of memory. The slices need not be adjacent. */
int mc_part_merge(struct mc_part *into, const struct mc_part *from);

/* The partial result as bytes, and back (p must be the plan it was made with). hist_get's
 * checks, and more: mc_part_get returns 0, -1 for bytes that are not a partial result of
 * this plan, -2 out of memory. */
void mc_part_put(struct wire_out *w, const struct mc_part *part);
int mc_part_get(struct wire_in *r, const struct plan *p, struct mc_part **out);

/* Finish a partial result that covers every trial (first 0, count n_trials) into the
 * results mc_run gives: statistics, verdicts and the representative trials (replayed on
 * `threads` threads). MC_INVALID when a slice is missing. part is left as it was. */
enum mc_status mc_part_finish(const struct mc_part *part, const struct plan *p, uint64_t seed,
                              int threads, struct mc_results **out);

/* Finish a partial result as the results of a run of its slice alone: statistics over
 * the slice's `count` trials (not the whole run's figures: a shard's own view of its
 * slice, for commands that go on after a run while recording their shares). MC_INVALID
 * for an empty slice. */
enum mc_status mc_part_finish_slice(const struct mc_part *part, const struct plan *p,
                                    uint64_t seed, int threads, struct mc_results **out);

void mc_part_free(struct mc_part *part);

/* ---- a process's share of a run ---------------------------------------------------------
 *
 * What one process (an MPI rank, a shard) hands on of its slice: the status it ended with
 * and, when MC_OK, its partial result and the state of the run's per-trial sink (struct
 * mc_sink's put; none without a sink). */
void mc_share_put(struct wire_out *w, enum mc_status st, const struct mc_part *part,
                  const struct mc_sink *sink);

/* Read a share written by mc_share_put for the same plan and sink: *st gets its status;
 * when that is MC_OK its partial result is merged into *part (made when *part is NULL) and
 * its sink state into sink (sink's merge). Returns 0, -1 for bytes that are not a share of
 * this run (a foreign, truncated or damaged one, or a slice that overlaps *part's), -2 out
 * of memory. */
int mc_share_merge(struct wire_in *r, const struct plan *p, const struct mc_sink *sink,
                   struct mc_part **part, enum mc_status *st);

#endif
