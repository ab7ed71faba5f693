/* reports/workbook.h: the auditor's workbook (.xlsx), written with libxlsxwriter.
 *
 * `drsim run` writes DIR/<plan name>-dr-review.xlsx for an auditor who opens it in Excel
 * or LibreOffice without drsim: where every number comes from, and whether policy is
 * met. Sheets, in order (docs/reports.md, "The workbook", describes every column):
 *
 *   Summary        run metadata (organization, system, plan and version, policy, run
 *                  date, drsim version, plan file SHA-256, seed, trials, threads), the
 *                  verdict of every (scenario, objective) in colour, the command that
 *                  reproduces the file, and the RTO/RPO CDF charts when a renderer is given;
 *   Compliance     a row per (scenario, objective): target, P50/P90/P95/P99/max, trials
 *                  meeting the target, P(meet) and its Wilson 95 % interval, required
 *                  confidence, value at that confidence, margin and verdict; P(meet), the
 *                  interval, margin and verdict are live formulas over the row's own cells,
 *                  each stored with the value drsim computed;
 *   BIA            a row per business service in the ready.gov / NIST SP 800-34 / ISO 22301
 *                  layout, with the checks RTO < MTD and RTO + WRT <= MTD as formulas and
 *                  the simulated RTO/RPO at the policy confidence per scenario;
 *   Services       plans with services: a row per (scenario, service) in priority order:
 *                  priority, criticality, whether it restores the scenario's service,
 *                  MBCO, and for RTO and RPO the target, P50/P95/P99, P(meet), its
 *                  interval and the verdict;
 *   Data stores    a row per (store, backup rule): schedule and time zone, location,
 *                  retention, analytic worst-case data loss per scenario, simulated data
 *                  loss per scenario, and a flag where a store had no usable recovery point;
 *   Runbook        a row per (scenario, step): roles, duration assumption, critical-path
 *                  share, mean time contributed, mean duration and staff wait;
 *   Distributions  RTO/RPO histogram tables per scenario with native Excel charts (a
 *                  column histogram and a CDF with the target and confidence marked);
 *   Trend          with `--compare PREV` (wb_write_review, below): each objective's
 *                  figures and verdict before and now, the change and its noise test
 *                  as formulas, and the plan inputs changed (reports/trend.h);
 *   Decision curve with decision curves (wb_write_run, below): per scenario whose
 *                  activation waits, what the curve shows and a row per wait before
 *                  failing over (P(meet RTO), P(meet RPO) with their intervals and
 *                  verdicts, P(meet both), the share failing over), with a native chart;
 *   Evidence,      with drill evidence (wb_write_evidence, below): a row per store per
 *   Test cadence   test in the audit reference's layout, and a row per required test,
 *                  region and period with its status;
 *   Assumptions ranked  with `--sensitivity FILE` (wb_write_review): the plan's
 *                  ASSUMPTION and UNKNOWN inputs by the verdicts they move
 *                  (reports/assume_rank.h);
 *   Assumptions    every value read from the plan file (plan->inputs): key path, value,
 *                  unit, the plan's comment, line;
 *   Trials         with trials_sheet: a row per trial (outage start and duration, RTO, RPO
 *                  and full restoration, flags, all from the results' per-trial arrays),
 *                  continued on "Trials 2", ... past the row limit of a sheet.
 *
 * Durations are hours (two decimals, "h" in the number format), shares are percentages,
 * infinite values (no usable recovery point, an outage that never ends) are the text
 * "inf". Every sheet has a frozen header row, an autofilter over its table, fitted column
 * widths and a landscape, fit-to-width print set-up.
 *
 * The file is reproducible: the same plan, results and options give the same bytes (the
 * workbook's creation date is options.date_s; nothing else in it depends on the clock).
 * The workbook is written directly to the path it is given, created with mode 0666 less
 * the umask, with no temporary file and no rename of its own (the CLI writes a run's
 * files into a staging directory and publishes them as a set); a path that cannot be
 * created fails before any sheet is built, and on any later failure the partial file is
 * removed, so a failed write leaves no workbook behind. libxlsxwriter's own "[ERROR]"
 * lines (it prints them on a full disk) are kept off stderr: the caller gets one message,
 * with the system's reason (reports/wb_int.h, wb_quiet_begin, says how and why it is
 * safe). Every libxlsxwriter call that can fail is checked; with trials_sheet the workbook is
 * written in libxlsxwriter's constant-memory mode, where a write to a row already flushed
 * would be lost (error 23), so every sheet is written strictly in row order.
 *
 * Only this module (workbook.c and the reports/wb_*.c files, whose shared internals are in
 * reports/wb_int.h) includes <xlsxwriter.h>. Nothing here prints.
 */
#ifndef DRSIM_WORKBOOK_H
#define DRSIM_WORKBOOK_H

#include <stddef.h>
#include <stdint.h>

#include "reports/evidence.h"
#include "sim/mc.h"
#include "analysis/decision.h"
#include "analysis/sensitivity.h"
#include "analysis/sobol.h"
#include "analysis/sweep.h"

#define WB_MAX_ROWS 1048576u   /* rows of an Excel sheet, header included */

enum wb_status {
    WB_OK = 0,      /* the workbook is in place */
    WB_INVALID,     /* a bad argument (or a plan with more scenarios than a sheet's columns) */
    WB_NOMEM,       /* out of memory */
    WB_IO,          /* the file could not be created or written: a full disk, a directory in
                       its place (the system's reason, strerror, in the message) */
    WB_XLSX         /* libxlsxwriter reported an error (lxw_strerror in the message) */
};

/* A short text for a status ("libxlsxwriter error"); the message buffer says more. */
const char *wb_strerror(enum wb_status s);

/* The paper every sheet is set up to print on, landscape (`drsim run --paper`;
 * reports/wb_print.h lays the sheets out for it). */
enum wb_paper {
    WB_PAPER_A4 = 0,            /* ISO A4, 297 x 210 mm: the default */
    WB_PAPER_LETTER             /* US Letter, 11 x 8.5 in */
};

/* A chart renderer for the Summary sheet: draw chart `which` (0 = RTO CDF, 1 = RPO CDF)
 * of scenario `scenario` as a PNG of width_px x height_px. Returns 0 with malloc'd bytes
 * in *png (freed by the workbook writer with free()) and their count in *len, or non-zero
 * to leave that image out. */
typedef int (*wb_png_fn)(void *user, const struct mc_results *r, int scenario, int which,
                         int width_px, int height_px, unsigned char **png, size_t *len);

struct wb_options {
    const char *version;        /* drsim version, e.g. "0.1.0" */
    const char *command;        /* command line that reproduces the run (shown on Summary) */
    long long date_s;           /* run date, seconds since 1970-01-01 UTC: SOURCE_DATE_EPOCH
                                   when set, else the current time; the file's creation date */
    int trials_sheet;           /* 1: add the per-trial sheets (constant-memory mode) */
    uint64_t trial_rows_per_sheet; /* trial rows per sheet before the next "Trials N" sheet;
                                   0 = as many as a sheet holds (WB_MAX_ROWS - 1) */
    wb_png_fn chart_png;        /* may be NULL: no images on the Summary sheet */
    void *chart_png_user;
    enum wb_paper paper;        /* the paper the sheets print on (0: A4) */
};

/* The workbook's file name for plan p: "<plan name>-dr-review.xlsx", the name made safe
 * for file names (letters, digits, '-', '_' and '.' kept, anything else becomes '_', a
 * leading '.' too; an empty name gives "plan"). Returns buf. */
char *wb_file_name(const struct plan *p, char *buf, size_t n);

/* Write the workbook of results r (whose plan r->plan must be the one simulated) to
 * `path`, directly (see above). Returns WB_OK, or a status with a message naming the file
 * in err (errlen bytes, may be 0) and no file at path. r and o are borrowed. Call it from
 * one thread while no other thread writes to stderr (libxlsxwriter's messages are
 * silenced by pointing descriptor 2 at /dev/null for a moment). */
enum wb_status wb_write(const char *path, const struct mc_results *r,
                        const struct wb_options *o, char *err, size_t errlen);

/* Drill evidence for two more sheets, before Assumptions (`drsim run --drills`):
 *   Evidence       a row per store per test in the audit reference's layout (control
 *                  reference; store, backup method, schedule, retention, offsite location,
 *                  failure alerting; target RPO, measured data loss, RPO met; test date,
 *                  type, exercise, region, objectives, success criteria, start and end;
 *                  measured and target RTO, RTO met; restore time, completeness check,
 *                  outcome, participants, after-action report, corrective actions; the
 *                  percentile in the simulated distribution and the model flag), RPO met and
 *                  RTO met as formulas with their values;
 *   Test cadence   a row per required test, region and period: status (on time, late,
 *                  overdue, due), due date, the exercise counted, days late or overdue.
 * All three are borrowed and must come from the same drill log and plan as r. */
struct wb_evidence {
    const struct drill_log *log;
    const struct drill_analysis *analysis;
    const struct evidence_rows *rows;
};

/* wb_write with the drill evidence sheets; ev NULL is the same as wb_write. */
enum wb_status wb_write_evidence(const char *path, const struct mc_results *r,
                                 const struct wb_options *o, const struct wb_evidence *ev,
                                 char *err, size_t errlen);

/* wb_write_evidence with the Decision curve sheet (after Distributions) when dc holds a
 * curve (analysis/decision.h, from r's plan); dc NULL is the same as wb_write_evidence. */
enum wb_status wb_write_run(const char *path, const struct mc_results *r,
                            const struct wb_options *o, const struct wb_evidence *ev,
                            const struct decision_results *dc, char *err, size_t errlen);

struct trend;
struct assume_rank;

/* What a review adds to a run's workbook (each may be NULL: no such sheet). */
struct wb_review {
    const struct trend *trend;  /* `--compare PREV` (reports/trend.h): the Trend sheet,
                                   after Compliance */
    const struct assume_rank *assume; /* `--sensitivity FILE` (reports/assume_rank.h): the
                                   "Assumptions ranked" sheet, before Assumptions */
};

/* wb_write_run with the review's own sheets (struct wb_review; rv may be NULL). */
enum wb_status wb_write_review(const char *path, const struct mc_results *r,
                               const struct wb_options *o, const struct wb_evidence *ev,
                               const struct decision_results *dc, const struct wb_review *rv,
                               char *err, size_t errlen);

/* The file name of an analysis workbook of plan p: "<plan name>-<what>.xlsx" ("sweep",
 * "sensitivity"), the name made safe as in wb_file_name. Returns buf. */
char *wb_sweep_file_name(const struct plan *p, const char *what, char *buf, size_t n);

/* A sweep (analysis/sweep.h) as a workbook: a Sweep sheet (the findings as sentences; a row per
 * point, the plan as written first: the values, as numbers where they are, per scenario
 * and objective the P95, the trials meeting the target, P(meet) as a formula over them,
 * its Wilson interval and the verdict as a formula, whether the point meets the policy,
 * and the monthly cost and its parts; a native chart of P(meet) against the value, with
 * the required confidence, and one of the cost) and the plan's Assumptions sheet. Written
 * directly like wb_write; o->trials_sheet and o->chart_png are not used. */
enum wb_status wb_write_sweep(const char *path, const struct sweep_results *r,
                              const struct wb_options *o, char *err, size_t errlen);

/* A sensitivity analysis (analysis/sensitivity.h) as a workbook: a Sensitivity sheet (a row per
 * input in rank order: its low, written and high value; per scenario and objective the
 * low and high runs' P(meet), their difference as a formula, and P95; then per objective
 * that some input moves, the 15 largest changes from the plan's probability as a table
 * and a native tornado bar chart) and the plan's Assumptions sheet. */
enum wb_status wb_write_sensitivity(const char *path, const struct sensitivity_results *r,
                                    const struct wb_options *o, char *err, size_t errlen);

/* A global (Sobol) sensitivity analysis (analysis/sobol.h) as a workbook: a Sobol sheet (a
 * row per input in rank order: its range; per output the total index with its bootstrap
 * interval, the first-order index with its interval, and the interaction share ST - S1
 * as a formula; a row per output with its mean and variance) and the plan's Assumptions
 * sheet. */
enum wb_status wb_write_sobol(const char *path, const struct sobol_results *r,
                              const struct wb_options *o, char *err, size_t errlen);

#endif
