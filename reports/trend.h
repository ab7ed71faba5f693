/* reports/trend.h: this review against the previous one (`drsim run --compare PREV`).
 *
 * An annual BCP review asks what changed since the last one: whether each objective is
 * met more or less often than before, whether a verdict moved, and which inputs of the
 * plan were changed in between. The previous review is the summary.json of its run (PREV
 * is that file or the output directory holding it); this module reads it back through
 * models/jsonio.h, checks that it is one drsim can compare with, and sets its figures
 * beside the current run's:
 *
 *   - per scenario (by name) and objective (RTO, RPO): the trials meeting the target, the
 *     probability and its Wilson 95 % interval, the value at the required confidence and
 *     the verdict, before and now; the change of the probability and whether it is larger
 *     than the sampling error of the two runs explains (below);
 *   - the plan inputs that changed: every key path whose value as written differs between
 *     the previous summary's "inputs" (path -> value, reports/json.h) and the current
 *     plan's, with the old and new value; a path in one version only is listed with the
 *     other side absent.
 *
 * Whether a change is beyond noise: a two-proportion z test at the 5 % level. With m0 of
 * n0 trials meeting before and m1 of n1 now, the pooled share p = (m0 + m1) / (n0 + n1)
 * gives the standard error of the difference under "nothing changed",
 * se = sqrt(p (1 - p) (1/n0 + 1/n1)), and a change is beyond noise when
 * |m1/n1 - m0/n0| > 1.96 se (never when se is 0: both runs met in every trial, or in
 * none, and the change is then 0). The test treats the two runs as independent samples.
 * Runs of the same seed replay the same outages (common random numbers), which makes
 * their difference less noisy than the test assumes: the test is then conservative (a
 * change it calls beyond noise is real; a smaller real change may be called noise). A
 * different seed or trial count is fine and is said.
 *
 * Refused (TREND_REFUSED, with a message naming the file; TREND_IO when it exists but
 * cannot be read): a PREV that does not exist, is
 * not a JSON file drsim wrote for `drsim run` (no drsim_version, a command other than
 * "drsim run ...", no scenarios), was written by a drsim whose version differs in its
 * major or (before 1.0) minor number (its figures may mean something else), or is of a
 * plan of another name (a review compares versions of one plan; a renamed plan starts a
 * new history). A summary without "inputs" (written before drsim recorded them) is
 * compared with a warning in the result that its input changes are unknown.
 */
#ifndef DRSIM_TREND_H
#define DRSIM_TREND_H

#include <stdint.h>
#include <stdio.h>

#include "models/jsonio.h"
#include "sim/mc.h"

enum trend_status {
    TREND_OK = 0,
    TREND_REFUSED,      /* PREV cannot be compared with: the message says why */
    TREND_IO,           /* PREV exists but could not be read (errno in the message) */
    TREND_NOMEM
};

/* One objective of one run, as its summary states it. */
struct trend_side {
    int present;            /* the run has this scenario */
    int has_target;         /* the objective has a target in that run */
    double target_s;        /* seconds */
    uint64_t n_met, n;      /* trials meeting the target, trials */
    double p_met;           /* n_met / n */
    double ci_lo, ci_hi;    /* Wilson 95 % interval */
    double confidence;      /* required probability */
    double value_s;         /* value at the required confidence, seconds (INFINITY when
                               infinite) */
    enum mc_verdict verdict;
};

/* One (scenario, objective) row: the previous review beside the current one. */
struct trend_row {
    char *scenario;         /* the scenario's name (owned) */
    int objective;          /* 0 RTO, 1 RPO */
    struct trend_side prev, now;
    int comparable;         /* both runs have a target for it */
    double change;          /* now.p_met - prev.p_met (when comparable) */
    double se;              /* standard error of the change under "no change" (above) */
    int beyond_noise;       /* |change| > 1.96 se */
    int target_changed;     /* both have a target and it differs */
};

/* An input whose value as written differs between the two versions. */
struct trend_change {
    char *path;             /* key path (owned) */
    char *old_value;        /* the previous value, NULL when the previous version lacks it */
    char *new_value;        /* the current value, NULL when the current version lacks it */
};

struct trend {
    char *source;           /* the file read (PREV/summary.json or PREV) */
    char *prev_drsim;       /* its drsim_version */
    char *prev_command;     /* its command */
    char *prev_plan_version;/* its plan.version ("" when absent) */
    char *prev_sha256;      /* its plan.sha256 */
    uint64_t prev_seed, prev_trials;
    char *now_plan_version; /* the current plan's version */
    char now_sha256[65];
    uint64_t now_seed, now_trials;
    int same_plan_file;     /* the two plan files have the same SHA-256 */
    int prev_has_inputs;    /* the previous summary lists its inputs */
    struct trend_row *rows; int n_rows;         /* current scenarios in order, then any
                                                   only the previous run had */
    struct trend_change *changes; int n_changes;/* in the current plan's input order, then
                                                   paths only the previous version had */
    int n_verdict_changes;  /* rows whose verdict differs */
    int n_beyond_noise;     /* rows whose change is beyond noise */
};

/* Read PREV (a directory: PREV/summary.json; else the file itself) and check it is a
 * summary of a `drsim run` of plan_name from a compatible drsim (`version`, ours). On
 * TREND_OK *out holds it (the current side still empty: trend_compare fills it); else
 * *out is NULL and err holds a message (a diagnostic with its position when the JSON is
 * malformed). */
enum trend_status trend_load(const char *prev, const char *plan_name, const char *version,
                             struct trend **out, char *err, size_t errlen);

/* Set the current run r beside the previous one: rows, input changes and counts. Returns
 * 0, or -1 when out of memory (t is then still safe to free). */
int trend_compare(struct trend *t, const struct mc_results *r);

/* One side's P(meet) as the terminal and the pack show it: "97.3% (96.2-98.1%)", "no
 * target" or "(no such scenario)"; and its value at the confidence against the target, or
 * "-". Both return buf. */
const char *trend_side_p_text(const struct trend_side *s, char *buf, size_t n);
const char *trend_side_value_text(const struct trend_side *s, char *buf, size_t n);

/* "breach -> meets", "meets (unchanged)", ..., for row x, in buf. */
const char *trend_verdict_text(const struct trend_row *x, char *buf, size_t n);

/* "+12.5 pp, beyond noise (z 4.1)" / "-0.2 pp, within noise" / "" for row x, in buf. */
const char *trend_change_text(const struct trend_row *x, char *buf, size_t n);

/* A sentence on the two runs' identity: "previous review: plan version 2026.07 (sha256
 * 1a2b3c4d5e6f), 100000 trials, seed 1; now: ..., same seed and trial count". */
const char *trend_identity_text(const struct trend *t, char *buf, size_t n);

/* The terminal section "since the last review". */
void trend_print(FILE *out, const struct trend *t);

/* summary.json's member "compare" (docs/reports.md). */
void trend_json(struct jsonio_writer *w, const struct trend *t);

/* Release t (and the previous inputs it may still hold); NULL is a no-op. */
void trend_free(struct trend *t);

#endif
