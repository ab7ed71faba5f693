/* reports/json.h: the machine-readable summary of a run (summary.json) for pipelines.
 *
 * Every figure of the terminal table and more: run metadata (drsim version, plan name,
 * file and SHA-256, seed, trials, threads), and per scenario the RTO, RPO and full
 * restoration percentiles, objectives with their Wilson intervals and verdicts,
 * annualized figures, per-store data loss, per-step critical-path shares and per-service
 * results. Durations are seconds; an infinite duration (no usable recovery point, an
 * outage that never ends) is written as null, with the count of such trials beside it.
 *
 * The file is written to a temporary name in the same directory and renamed into place,
 * so a failed run never leaves a partial summary behind.
 */
#ifndef DRSIM_JSON_H
#define DRSIM_JSON_H

#include "sim/mc.h"

struct json_meta {
    const char *version;    /* drsim version */
    const char *command;    /* the command line that reproduces the run */
};

/* Write the summary of r to `path` atomically. Returns 0, or -1 with errno set (the
 * caller reports the path and strerror). */
int json_write_summary(const char *path, const struct mc_results *r,
                       const struct json_meta *meta);

/* The same with more members of the top-level object, written by extra(w, user) after
 * the run's own (e.g. the drill evidence, reports/evidence.h); extra may be NULL. */
struct jsonw;
typedef void (*json_extra_fn)(struct jsonw *w, void *user);
int json_write_summary_extra(const char *path, const struct mc_results *r,
                             const struct json_meta *meta, json_extra_fn extra, void *user);

#endif
