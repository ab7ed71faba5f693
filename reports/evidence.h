/* reports/evidence.h: drill and restore-test evidence beside a run's results.
 *
 * `drsim run PLAN --drills FILE` analyses the drill log (models/drill.h) against the plan
 * and the run's per-trial RTOs and RPOs, and reports it three ways:
 *
 *   - in the terminal: the test cadence as a grid (one row per required test and period,
 *     one column per region: on time, late, overdue with its due date, or due), the overdue
 *     items spelled out, and every measured duration beside the model's P50 and P95 with
 *     its percentile, flagged where it lies above the model's P95 (the assumption is
 *     optimistic) or below its P5 (conservative);
 *   - in summary.json, as a "drills" member of the top-level object (evidence_json_write,
 *     which reports/json.c calls back through json_write_summary_extra);
 *   - as rows for the workbook's Evidence sheet (evidence_rows): a row per store per test,
 *     in the layout of shared/reference/bia-and-audit.md.
 *
 * Nothing here recomputes a statistic of the run: RTO and data-loss placements read the
 * histograms of struct mc_results (rto_dist, rpo_dist). Nothing here prints except
 * evidence_print, to the stream it is given.
 */
#ifndef DRSIM_EVIDENCE_H
#define DRSIM_EVIDENCE_H

#include <stdio.h>

#include "models/drill.h"
#include "sim/mc.h"

/* Analyse log against plan p and, when r is not NULL, its per-trial RTO and RPO (r->plan
 * must be p), as of civil day as_of_day (drill_analyze). Returns 0, or -1 when out of
 * memory. Release with drill_analysis_fini. */
int evidence_analyze(const struct drill_log *log, const struct plan *p,
                     const struct mc_results *r, long as_of_day, struct drill_analysis *out);

struct evidence_options {
    int color;              /* ANSI colours for statuses and flags */
};

/* Print the cadence grid, the overdue items and the placements of analysis a of log
 * against plan p. */
void evidence_print(FILE *out, const struct drill_log *log, const struct plan *p,
                    const struct drill_analysis *a, const struct evidence_options *o);

/* Write the member "drills" of summary.json into w (an open object: models/jsonio.h).
 * Durations are seconds, percentiles fractions in [0, 1], dates YYYY-MM-DD; an unmeasured
 * or unplaced value is null. docs/drills.md lists the members. */
struct jsonio_writer;
void evidence_json_write(struct jsonio_writer *w, const struct drill_log *log, const struct plan *p,
                         const struct drill_analysis *a);

/* Whether corrective action ac is past due at civil day as_of_day: not done, and due
 * before that day. Every output judges it here, at the run's as-of day
 * (mc_results.as_of_day, which `drsim run` also gives the analysis). */
int evidence_action_past_due(const struct drill_action *ac, long as_of_day);

/* ---- rows of the Evidence sheet ------------------------------------------------------ */

/* One row per store per test (an exercise without restores gets one row without a
 * store). Strings are owned by the row set unless marked borrowed; a value that does
 * not apply is NULL (text), NAN (numbers) or -1 (flags). */
struct evidence_row {
    int exercise;           /* index in log->exercises */
    int restore;            /* index in the exercise's restores, or -1 */
    const char *control;    /* static: control references (SOC 2, NIST SP 800-53, ISO 22301) */
    const char *store;      /* borrowed: store name, or NULL */
    char *method;           /* backup method: store kind and its rules with their locations */
    char *schedule;         /* each rule's schedule with its time zone, "; "-separated */
    char *retention;        /* each rule's retention, "; "-separated */
    char *offsite;          /* where copies live: "cross-region" when any rule copies there */
    const char *alerting;   /* borrowed from the drill file's stores section, or NULL */
    double target_rpo_s;    /* the exercise's scenario RPO target, seconds */
    double data_loss_s;     /* measured: the store's data loss, else the exercise's */
    int rpo_met;            /* data_loss <= target: 1 or 0; -1 when either is missing */
    long test_day;          /* civil day of the exercise */
    const char *type;       /* static: test type as written ("full-restore") */
    const char *objectives; /* borrowed */
    const char *criteria;   /* borrowed: success criteria */
    const char *start;      /* borrowed: as written */
    const char *end;        /* borrowed */
    double rto_s;           /* measured RTO of the exercise */
    double target_rto_s;    /* the scenario's RTO target */
    int rto_met;            /* 1, 0 or -1 as rpo_met */
    double restore_s;       /* the store's measured restore time */
    const char *complete;   /* static: completeness check ("passed", "failed", "not-checked") */
    const char *outcome;    /* static: the exercise's outcome */
    char *participants;     /* "; "-separated */
    const char *after_action; /* borrowed: after-action report reference */
    int n_actions;          /* the exercise's corrective actions (a row each in the sheet's
                               Corrective actions table, evidence_actions_build) */
    double percentile;      /* of the row's restore time, else of the exercise's RTO; NAN */
    const char *percentile_of; /* static: "restore time", "RTO", or NULL */
    enum drill_flag flag;   /* of that placement */
};

struct evidence_rows {
    struct evidence_row *rows;
    int n;
};

/* Build the rows for log against plan p and analysis a, by test date (then file order).
 * Returns 0, or -1 when out of memory (nothing to free then). */
int evidence_rows_build(const struct drill_log *log, const struct plan *p,
                        const struct drill_analysis *a, struct evidence_rows *out);
void evidence_rows_fini(struct evidence_rows *rows);

/* ---- corrective actions and measurements, a row each --------------------------------------- */

/* A corrective action of the log, with its past-due flag at the analysis's as-of day. */
struct evidence_action {
    int exercise;           /* index in log->exercises */
    int action;             /* index in the exercise's actions */
    const struct drill_action *a; /* borrowed */
    int past_due;           /* evidence_action_past_due at a->as_of_day */
};

/* Every corrective action of log, by exercise date then file order, into *out (malloc'd,
 * NULL when there is none; free with free()). Returns the count, or -1 when out of
 * memory. n_past_due (may be NULL) gets how many are past due at as_of_day. */
int evidence_actions_build(const struct drill_log *log, long as_of_day,
                           struct evidence_action **out, int *n_past_due);

#endif
