/* reports/trials_csv.h: the per-trial CSV (`drsim run --trials-csv FILE`): one row per
 * trial, streamed while the engine plays the trials, in constant memory.
 *
 * The writer is an mc_sink (sim/mc.h). Each worker formats the rows of the unit it plays
 * (MC_CHUNK trials of one scenario) into a buffer of its own, without a lock; when the
 * unit is done its rows go to the file if every earlier unit's have, else they wait in
 * their buffer for the earlier units still running. The buffers form a reorder window
 * of 2 x threads units: a worker about to start a unit that far ahead of the oldest
 * unwritten one waits for it. So the file holds the rows in scenario order, then trial
 * order, byte for byte the same for any thread count, and memory is bounded by the
 * window (about 2 x threads x MC_CHUNK rows), whatever the number of trials.
 *
 * Columns (docs/reports.md, "The per-trial CSV"): scenario, trial, outcome
 * (mc_outcome_name), abandoned (1 or 0), start_utc (the trial's clock origin, ISO 8601
 * UTC to the second, rounded down), outage_s, rto_s, rpo_s, rpo_all_s, full_s,
 * critical_path_end (the step whose end ended the critical path: restored service; empty
 * when no step did), then `SERVICE.rto_s` and `SERVICE.rpo_s` for each service of the
 * plan in plan order. Durations are seconds as plain numbers with 17 significant digits
 * (they read back as exactly the doubles drsim computed, as in summary.json), `inf` when
 * infinite, an empty field when not applicable (NaN). Fields are quoted per RFC 4180
 * when they need it (reports/csvw.h); rows end with CRLF, as csvw's do.
 *
 * The caller opens the file (at a staging path: the outputs are published whole or not
 * at all, reports/outset.h) and closes it after trials_csv_finish.
 */
#ifndef DRSIM_TRIALS_CSV_H
#define DRSIM_TRIALS_CSV_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "models/plan.h"
#include "sim/mc.h"

struct trials_csv;

/* Status of the functions below; trials_csv_strerror maps it to text. */
enum trials_csv_status {
    TRIALS_CSV_OK = 0,     /* success */
    TRIALS_CSV_NOMEM,      /* out of memory */
    TRIALS_CSV_IO          /* a write failed (trials_csv_errno says why) */
};
const char *trials_csv_strerror(enum trials_csv_status st);

/* A writer of the trials of plan p to f (borrowed; opened for writing by the caller),
 * for a run on `threads` worker threads (it sizes the reorder window): writes the
 * header row now. On TRIALS_CSV_OK *out is the writer; else *out is NULL and nothing
 * leaks. p is borrowed and must outlive the writer. */
enum trials_csv_status trials_csv_new(FILE *f, const struct plan *p, int threads,
                                      struct trials_csv **out);

/* The sink to give mc_run_sink (it points into t). */
void trials_csv_sink(struct trials_csv *t, struct mc_sink *sink);

/* After the run: every row written and the stream flushed. TRIALS_CSV_OK, or the first
 * failure of the run's writes (the run stopped with MC_CANCELLED) or of the flush. The
 * caller still fcloses f (a failed fclose is a failed write). */
enum trials_csv_status trials_csv_finish(struct trials_csv *t);

/* The errno of the failed write (0 when none failed). */
int trials_csv_errno(const struct trials_csv *t);

/* Rows written so far, the header not counted. */
uint64_t trials_csv_rows(const struct trials_csv *t);

/* Release the writer (not f); NULL is a no-op. */
void trials_csv_free(struct trials_csv *t);

/* x as printf("%.17g") writes it (the same bytes), into buf (at least 32 bytes, NUL-
 * terminated); a NaN is "" (an empty field). Returns the length. About ten times faster
 * than printf for the values the CSV holds (whole numbers, infinity, and fractions from
 * 1/16 up to 2^53); printf itself for the others. */
size_t trials_csv_number(double x, char *buf);

#endif
