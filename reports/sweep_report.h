/* reports/sweep_report.h: sweeps and sensitivity analyses for people and pipelines.
 *
 * The terminal report of a sweep is one table per scenario, a row per point (the plan's
 * own value marked with '*'): P95 RTO and RPO, the probability of meeting each target
 * with its Wilson 95 % interval and the verdict, and the monthly cost when the plan has
 * a cost model; then the findings (analysis/sweep.h) as sentences whose every number comes
 * from the results: how many points meet the policy and the cheapest, the knee, and for
 * each objective the plan misses, the value that would meet it. The sensitivity report
 * lists the inputs by rank with their low and high values and what each moved.
 *
 * DIR/sweep.json and DIR/sensitivity.json hold everything the tables show and more
 * (every percentile, interval and count per point, the cost breakdown), written directly
 * to the path given (a failed write removes it; publishing atomically is
 * reports/outset.h's job). Durations are seconds; infinite ones are null.
 */
#ifndef DRSIM_SWEEP_REPORT_H
#define DRSIM_SWEEP_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "analysis/sensitivity.h"
#include "analysis/sweep.h"

struct sweep_report_options {
    int color;              /* ANSI colours for verdicts */
    const char *version;    /* drsim version string */
    const char *command;    /* the command line that reproduces the run (JSON) */
    int top;                /* sensitivity: inputs to print, 0 = all */
};

/* The label of point i: its values joined with "; " (the plan's value for -1). */
char *sweep_report_point_label(const struct sweep_results *r, const struct sweep_point *pt,
                               char *buf, size_t n);

/* A recommendation as a sentence, e.g. "stores.db.backups.offsite.schedule = every 6h
 * instead of daily 04:00 meets the region RPO (1d) in 97.1% of outages (95% CI
 * 96.6-97.4%; the plan: 59.6%), for +$120 a month". */
char *sweep_report_rec_text(const struct sweep_results *r, const struct sweep_rec *rec,
                            char *buf, size_t n);

/* The knee and the cheapest point as sentences ("" when there is none). */
char *sweep_report_knee_text(const struct sweep_results *r, char *buf, size_t n);
char *sweep_report_cheapest_text(const struct sweep_results *r, char *buf, size_t n);

/* Print the sweep's tables and findings. */
void sweep_report_print(FILE *out, const struct sweep_results *r,
                        const struct sweep_report_options *o);

/* Write DIR/sweep.json (path given). Returns 0, or -1 with errno set. */
int sweep_report_json(const char *path, const struct sweep_results *r,
                      const struct sweep_report_options *o);

/* Print the sensitivity ranking. */
void sweep_report_print_sensitivity(FILE *out, const struct sensitivity_results *r,
                                    const struct sweep_report_options *o);

/* Write DIR/sensitivity.json (path given). Returns 0, or -1 with errno set. */
int sweep_report_json_sensitivity(const char *path, const struct sensitivity_results *r,
                                  const struct sweep_report_options *o);

#endif
