/* reports/draw.h: the charts of a run and the review pack, drawn with cairo.
 *
 * One drawing function per chart renders into any cairo context, so the same code
 * writes PNG (image surface), SVG and PDF files, a PNG in memory for the workbook, and
 * the pages of the review pack. The charts, per scenario:
 *
 *   rto-cdf, rpo-cdf   cumulative distribution of the achieved RTO / RPO over the
 *                      trials, with the policy target (vertical line), the required
 *                      confidence (horizontal line) and the achieved percentile at that
 *                      confidence marked; a log time axis when the values span a wide
 *                      range; infinite values (no usable recovery point) make the curve
 *                      stop below 100 %, labelled;
 *   rto-hist, rpo-hist the fixed log-binned histograms of the results (mc.h), with
 *                      zero and infinite values as separate bars;
 *   timeline           the recovery of a representative trial (the one at the median
 *                      RTO, as the results carry it): a bar per runbook step coloured by
 *                      role, the wait for people hatched, restoration-phase rows shaded,
 *                      critical-path steps outlined, the RTO target and service
 *                      restoration as vertical lines;
 *   critical-path      share of trials in which each step is on the critical path;
 *   store-rpo          data loss per store (P50, P95, max), stores without a usable
 *                      recovery point and stores not counting for RPO marked;
 *   capacity           scenarios with a capacity model only: the platform's capacity
 *                      over time in the typical (median-RTO) and the P95 trial, with
 *                      full capacity, the MBCO of the policy's services and the RTO
 *                      target marked.
 *
 * The review pack is a PDF of 16:9 landscape pages for a BCP review meeting: a cover
 * (plan, run, verdict table), the exceptions register and the business services when the
 * plan has them, three pages per scenario (findings computed from the results next to the
 * CDFs; the timeline next to the critical path; per-store data loss next to the
 * histograms; one more with the capacity chart when the scenario has a capacity model,
 * and one with the decision curve when the scenario has one,
 * draw_write_review_pack_decision) and the main assumptions (outages, runbooks, staffing,
 * backups). docs/reports.md explains how to read each chart.
 *
 * Text uses cairo's toy font API with "DejaVu Sans" (Debian fonts-dejavu-core); PDFs
 * embed it, so the pack's text can be searched and extracted. Verdict colours are the
 * colour-blind-safe Okabe-Ito ones: meets bluish green, at risk orange, breach
 * vermillion.
 *
 * Every file is created directly at the path given (mode 0666 & ~umask; no temporary
 * file, no rename: the caller writes into a staging directory and publishes the whole
 * set). A function that fails removes what it created (the file, or every file of the
 * set and the directory when it made it) and returns an error.
 *
 * Only this module (reports/draw*.c; draw_int.h maps its files) includes the cairo
 * headers. Nothing here prints: errors come back as a status and a message in the
 * caller's buffer. cairo keeps its font caches for the life of the process (a leak
 * checker sees them as still reachable).
 */
#ifndef DRSIM_DRAW_H
#define DRSIM_DRAW_H

#include <stddef.h>

#include "sim/mc.h"
#include "analysis/decision.h"
#include "analysis/sensitivity.h"
#include "analysis/sobol.h"
#include "analysis/sweep.h"

enum draw_status {
    DRAW_OK = 0,        /* done */
    DRAW_INVALID,       /* bad argument (scenario index, chart, size): a bug in the caller */
    DRAW_NOMEM,         /* out of memory */
    DRAW_IO,            /* a file could not be created or written (errno in message) */
    DRAW_CAIRO          /* cairo reported an error (its message in the buffer) */
};

/* A short text for a status ("I/O error"); the message buffer says more. */
const char *draw_strerror(enum draw_status s);

enum draw_chart {
    DRAW_RTO_CDF = 0,
    DRAW_RPO_CDF,
    DRAW_RTO_HIST,
    DRAW_RPO_HIST,
    DRAW_TIMELINE,
    DRAW_CRITICAL_PATH,
    DRAW_STORE_RPO,
    DRAW_CAPACITY
};
#define DRAW_N_CHARTS 8

/* The chart's name as used in file names: "rto-cdf", "rpo-cdf", "rto-hist",
 * "rpo-hist", "timeline", "critical-path", "store-rpo", "capacity"; NULL for an unknown
 * chart. */
const char *draw_chart_name(enum draw_chart c);

/* Whether scenario s of r (index in r->scenarios) has chart c: every chart but the
 * capacity chart always; that one only when the scenario has a capacity model
 * (!isnan(capacity_left)). draw_write_charts writes exactly these. 0 for a bad argument. */
int draw_chart_applies(const struct mc_results *r, int s, enum draw_chart c);

/* The capacity step function of a played trial of scenario sc, as the capacity chart
 * draws it: from t_s[i] seconds after the outage start on, the platform has capacity
 * cap[i] (a share of full capacity), until t_s[i + 1]. The first point is (0, 0); the
 * capacity is 0 until the platform serves again (the end of the scenario's service step,
 * or the primary's return in a trial recovered in place; at the latest the trial's
 * service restoration, service_s), then trial_capacity_at (sim/trial.h) at each moment
 * it can change: that one, the end of each capacity step, the primary's return in a
 * trial recovered in place; a point is kept only where the value changes. Writes at most
 * max points; returns how many (1 when the platform never served again). */
int draw_capacity_steps(const struct scenario *sc, const struct trial_result *tr, double *t_s,
                        double *cap, int max);

struct draw_meta {
    const char *version;    /* drsim version, e.g. "0.1.0" */
    const char *command;    /* the command line that reproduces the run; may be NULL */
    long long date_s;       /* date of the run, seconds since 1970-01-01 UTC (the caller
                               takes SOURCE_DATE_EPOCH when set, else the current time) */
};

/* A name safe in file names: letters, digits, '-', '_' and '.' are kept, anything else
 * becomes '_' (a leading '.' too); empty or NULL names give "plan". Returns buf. */
char *draw_safe_name(const char *name, char *buf, size_t n);

/* The review pack's file name for plan p: "<plan name>-review-pack.pdf" with the name
 * made safe (draw_safe_name). Returns buf. */
char *draw_review_pack_name(const struct plan *p, char *buf, size_t n);

/* Write every chart of every scenario of r into directory dir (created if missing; its
 * parent must exist) as dir/<scenario>-<chart>.png, .svg and .pdf, the scenario name
 * made safe with draw_safe_name (the charts draw_chart_applies names: no capacity chart
 * for a scenario without a capacity model). *n_files (may be NULL) receives the number of files
 * written. Returns DRAW_OK, or a status with a message naming the file in err; on
 * failure no file of this call is left (nor dir, when this call created it) and
 * *n_files is 0. */
enum draw_status draw_write_charts(const char *dir, const struct mc_results *r,
                                   const struct draw_meta *meta, int *n_files, char *err,
                                   size_t errlen);

/* Write the review pack of r to path (PDF, 16:9 landscape pages of 960 x 540 pt): a
 * cover, the exceptions register and the business services (when the plan has them),
 * three pages per scenario and a capacity page per scenario with a capacity model, then
 * the assumptions (as many pages as they need).
 * *n_pages (may be NULL) receives the page count. Returns DRAW_OK, or a status with
 * a message in err (and no file at path). */
enum draw_status draw_write_review_pack(const char *path, const struct mc_results *r,
                                        const struct draw_meta *meta, int *n_pages,
                                        char *err, size_t errlen);

/* The review pack with a page per decision curve (analysis/decision.h), after the pages of
 * its scenario: the curve and what it shows in words (the curve's finding). dc may be
 * NULL or hold no curve: then the same as draw_write_review_pack. dc must come from the
 * same plan as r. */
enum draw_status draw_write_review_pack_decision(const char *path, const struct mc_results *r,
                                                 const struct decision_results *dc,
                                                 const struct draw_meta *meta, int *n_pages,
                                                 char *err, size_t errlen);

struct drill_log;
struct drill_analysis;

/* draw_write_review_pack_decision with the drill evidence of `drsim run --drills`: after
 * the exceptions, a page of the tests not done on time, the measured values the model
 * found optimistic and the corrective actions (reports/draw_pack_drills.c). log and
 * analysis (models/drill.h) may be NULL: then no such page. */
enum draw_status draw_write_review_pack_evidence(const char *path, const struct mc_results *r,
                                                 const struct decision_results *dc,
                                                 const struct draw_meta *meta,
                                                 const struct drill_log *log,
                                                 const struct drill_analysis *analysis,
                                                 int *n_pages, char *err, size_t errlen);

struct trend;
struct assume_rank;

/* What a review adds to the pack beyond the run (each may be NULL: no such page). */
struct draw_review {
    const struct trend *trend;  /* `--compare PREV` (reports/trend.h): the page "Since the
                                   last review", after the cover */
    const struct assume_rank *assume; /* `--sensitivity FILE` (reports/assume_rank.h): the
                                   page "The assumptions that most move a verdict" */
};

/* draw_write_review_pack_evidence with the review's own pages (struct draw_review; rv
 * may be NULL). */
enum draw_status draw_write_review_pack_review(const char *path, const struct mc_results *r,
                                               const struct decision_results *dc,
                                               const struct draw_meta *meta,
                                               const struct drill_log *log,
                                               const struct drill_analysis *analysis,
                                               const struct draw_review *rv, int *n_pages,
                                               char *err, size_t errlen);

/* The decision curve of every scenario with a wait (analysis/decision.h) as
 * dir/<scenario>-decision-curve.png, .svg and .pdf (dir created if missing): P(meet RTO)
 * and P(meet RPO) against the wait before failing over, with Wilson 95 % bands and points
 * by verdict, the share of outages that fail over as a lighter line, the required
 * confidence and the plan's own wait marked. *n_files (may be NULL) receives the number
 * of files written. Fails as draw_write_charts does. */
enum draw_status draw_write_decision(const char *dir, const struct decision_results *r,
                                     const struct draw_meta *meta, int *n_files, char *err,
                                     size_t errlen);

/* Render one chart of scenario `scenario` (index in r->scenarios) as a PNG of
 * width_px x height_px pixels (each 200 .. 4000) in memory, for embedding (the
 * workbook's Summary sheet). On DRAW_OK *png holds malloc'd bytes the caller frees
 * with free() and *png_len their count; otherwise *png is NULL. */
enum draw_status draw_chart_png_buffer(const struct mc_results *r, int scenario,
                                       enum draw_chart chart, int width_px, int height_px,
                                       unsigned char **png, size_t *png_len, char *err,
                                       size_t errlen);

/* The curve of a sweep (analysis/sweep.h) as dir/sweep.png, .svg and .pdf (dir created if
 * missing): the probability of meeting each target that changes over the values of axis
 * 0, with its Wilson 95 % band, points coloured by verdict, the required confidence, the
 * plan's value and the knee marked; for a grid, one curve per value of axis 1 for the
 * objective that moves most; under it, the monthly cost when the plan has a cost model,
 * with the cheapest point meeting the policy marked. *n_files (may be NULL) receives the
 * number of files written. Fails as draw_write_charts does. */
enum draw_status draw_write_sweep(const char *dir, const struct sweep_results *r,
                                  const struct draw_meta *meta, int *n_files, char *err,
                                  size_t errlen);

/* Tornado charts of a sensitivity analysis (analysis/sensitivity.h), one per scenario and
 * objective with a target that some input moves, as dir/tornado-<scenario>-<rto|rpo>.png,
 * .svg and .pdf: for the 15 inputs that move it most, a bar from the plan's probability
 * of meeting the target to the low run's and one to the high run's, with the required
 * confidence marked. *n_files (may be NULL) receives the number of files written.
 * Fails as draw_write_charts does. */
enum draw_status draw_write_tornado(const char *dir, const struct sensitivity_results *r,
                                    const struct draw_meta *meta, int *n_files, char *err,
                                    size_t errlen);

/* Sobol index charts of a global sensitivity analysis (analysis/sobol.h), one per output
 * with variance to split, as dir/sobol-<scenario>-<rto|rpo>-<pmeet|value>.png, .svg and
 * .pdf: for the 15 inputs with the largest total index on it, the total and the
 * first-order index with their bootstrap intervals. Fails as draw_write_charts does. */
enum draw_status draw_write_sobol(const char *dir, const struct sobol_results *r,
                                  const struct draw_meta *meta, int *n_files, char *err,
                                  size_t errlen);

/* One bar of the critical-path chart (DRAW_CRITICAL_PATH, reports/draw_timeline.c). */
struct draw_path_bar {
    int step;               /* the runbook step (index into the scenario's steps), or -1 for
                               the wait for the go after the decision (an item of the path
                               of its own) */
    double share;           /* share of the scenario's outages with it on the critical path */
    double when_on_s;       /* mean time it adds there, seconds */
    double per_outage_s;    /* share x when_on_s: the time it adds to the RTO per outage, the
                               bar's length (the bars add up to the mean RTO over the
                               outages that failed over, weighted by their share) */
};

/* The bars of scenario result sr's critical-path chart in chart order into bars (room for
 * PLAN_MAX_STEPS + 1): every step ever on the path, and the wait for the go when a path
 * waited for it, largest per_outage_s first, ties in runbook order. Returns their count. */
int draw_critical_bars(const struct mc_scenario_result *sr, struct draw_path_bar *bars);

#endif
