/* reports/json.h: the machine-readable summary of a run (summary.json) for pipelines.
 *
 * Every figure of the terminal table and more: run metadata (drsim version, plan name,
 * file and SHA-256, seed, trials, threads), and per scenario the RTO, RPO and full
 * restoration percentiles, objectives with their Wilson intervals and verdicts,
 * annualized figures, per-store data loss, per-step critical-path shares and per-service
 * results. Durations are seconds; an infinite value (no usable recovery point, an outage
 * that never ends) is written as the string "infinity" (models/jsonio.h, jsonio_measure),
 * with the count of such trials beside it; null means only "not applicable". Every member
 * is described by docs/summary.schema.json, the contract a change must keep (with
 * docs/reports.md).
 *
 * The file is written directly to the path given (a staging path of an output set,
 * reports/outset.h, which publishes it atomically with the rest of the run's files); on
 * failure the partial file is removed.
 */
#ifndef DRSIM_JSON_H
#define DRSIM_JSON_H

#include "sim/mc.h"

struct json_meta {
    const char *version;    /* drsim version */
    const char *command;    /* the command line that reproduces the run */
};

/* Write the summary of r to `path`. Returns 0, or -1 with errno set (the
 * caller reports the path and strerror). */
int json_write_summary(const char *path, const struct mc_results *r,
                       const struct json_meta *meta);

/* The same with more members of the top-level object, written by extra(w, user) after
 * the run's own (e.g. the drill evidence, reports/evidence.h); extra may be NULL. */
struct jsonio_writer;
typedef void (*json_extra_fn)(struct jsonio_writer *w, void *user);
int json_write_summary_extra(const char *path, const struct mc_results *r,
                             const struct json_meta *meta, json_extra_fn extra, void *user);

/* The same with scenarios[].decision_curve for every scenario with a decision curve
 * (analysis/decision.h; docs/reports.md lists its members); dc may be NULL (no curve: the
 * file is exactly json_write_summary_extra's). dc must come from r's plan. */
struct decision_results;
int json_write_summary_decision(const char *path, const struct mc_results *r,
                                const struct json_meta *meta, const struct decision_results *dc,
                                json_extra_fn extra, void *user);

/* The same with the drill evidence of `drsim run --drills` (log and its analysis, both
 * NULL without): the "controls" array (reports/controls.h) then counts the tests. Every
 * summary has the array; without drills it says that no test evidence was given. */
struct drill_log;
struct drill_analysis;
int json_write_summary_run(const char *path, const struct mc_results *r,
                           const struct json_meta *meta, const struct decision_results *dc,
                           const struct drill_log *log, const struct drill_analysis *analysis,
                           json_extra_fn extra, void *user);

/* The pieces summary.json shares with sweep.json and sensitivity.json
 * (reports/sweep_report.h), written into an open writer (models/jsonio.h). JSON_BRIEF
 * leaves out what the analysis files never carried: a percentile set's mean_finite_s,
 * an objective's margin_s, and the plan's version, organization, system and rto_clock. */
enum json_detail {
    JSON_FULL,              /* summary.json */
    JSON_BRIEF              /* sweep.json, sensitivity.json */
};

/* The object `key` (NULL for an array element) of a percentile set: durations in
 * seconds, "infinity" when infinite, with the count of infinite trials. */
void json_write_percentiles(struct jsonio_writer *w, const char *key, const struct mc_percentiles *p,
                            enum json_detail d);

/* The object `key` of an objective: target, trials meeting it, probability with its
 * Wilson interval, verdict; null when the scenario has no target. */
void json_write_objective(struct jsonio_writer *w, const char *key, const struct mc_objective *o,
                          enum json_detail d);

/* Member "outcomes": the figures over the trials that ended each way (sim/mc.h), with the
 * failovers abandoned; JSON_BRIEF leaves out the percentiles. */
void json_write_outcomes(struct jsonio_writer *w, const struct mc_outcome *outcomes,
                         uint64_t n_abandoned, enum json_detail d);

/* The top-level members "drsim_version", "command" and "plan" (name, file, SHA-256,
 * confidence, ...) every file opens with. */
void json_write_head(struct jsonio_writer *w, const struct plan *p, const char *version,
                     const char *command, enum json_detail d);

/* Member "inputs": every value the plan states, key path -> value as written (the
 * Assumptions sheet's rows); summary.json carries it for `drsim run --compare`. */
void json_write_inputs(struct jsonio_writer *w, const struct plan *p);

#endif
