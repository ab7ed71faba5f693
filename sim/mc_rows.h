/* sim/mc_rows.h: every trial's headline figures, kept on disk for the Trials sheets.
 *
 * The results keep no per-trial values in memory (sim/mc_acc.h). A report that lists every
 * trial (`drsim run --trials-sheet`) gets them through this per-trial sink instead: during
 * the run it writes one fixed-size record per trial to an unlinked temporary file, at the
 * trial's own place (scenario, then trial index), so the file is the same for any thread
 * count and needs no reordering; the report then reads the records in order. Memory stays
 * constant; the file takes 48 bytes per trial and scenario and is gone when freed.
 */
#ifndef DRSIM_MC_ROWS_H
#define DRSIM_MC_ROWS_H

#include <stdint.h>

#include "sim/mc.h"

/* One trial as the Trials sheets show it. */
struct mc_row {
    double start_abs_s;      /* outage start, seconds since the calendar epoch */
    double outage_s;         /* outage duration, seconds (INFINITY: never ends by itself) */
    double rto_s, rpo_s, full_s; /* seconds (INFINITY possible) */
    unsigned char in_place, abandoned, rpo_no_point; /* trial_result's flags */
};

struct mc_rows;

/* A store for n_trials trials of each of n_scenarios scenarios; NULL when the temporary
 * file cannot be made (errno set). */
struct mc_rows *mc_rows_new(uint64_t n_trials, int n_scenarios);
/* The sink that fills it (pass to mc_run_sink, or tee it with others). */
void mc_rows_sink(struct mc_rows *rows, struct mc_sink *out);
/* Record k of scenario s into *row. 0, or -1 on a read error (errno set). */
int mc_rows_get(const struct mc_rows *rows, int s, uint64_t k, struct mc_row *row);
/* Non-zero when a write failed during the run. */
int mc_rows_failed(const struct mc_rows *rows);
void mc_rows_free(struct mc_rows *rows);

#endif
