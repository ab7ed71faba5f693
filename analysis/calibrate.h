/* analysis/calibrate.h: runbook step durations fitted to what drills measured, and the
 * calibrated plan (`drsim calibrate`).
 *
 * For every runbook step some exercise of the drill log measured (models/drill.h,
 * drill_step_samples), calibrate_run decides what the plan should assume instead:
 *
 *   - a restore or failover step takes its time from its store's model (size,
 *     throughput, overhead; or the zone failover time), so it is shown beside that
 *     model and never fitted;
 *   - a single observation is not a distribution: the plan's assumption stays;
 *   - with min_points or more observations, lognormal, gamma and Weibull are fitted by
 *     maximum likelihood (analysis/fit.h) and the lowest AIC wins; with fewer, or when
 *     no family can be fitted, the observations themselves (an empirical distribution).
 *
 * Restores measured per store are gathered too, beside the store's restore model, for
 * the report (they are not fitted: a restore's time follows from its store).
 *
 * Response times from a pager's export (models/pages.h) are fitted the same way, one
 * sample per role and period (business, night, weekend: the period of each page's
 * triggered instant by the role's calendar, as the engine decides it): calibrate_add_pages
 * adds them to the results of calibrate_run (whose drill log may be NULL when only pages
 * are given). A period the plan does not write (a role's `response` may leave `night`
 * and `weekend` to the `business` distribution) is fitted and shown but cannot be
 * written back: only values the plan writes can be replaced.
 *
 * calibrate_plan makes the calibrated copy through the one way to vary a plan
 * (models/vary.h): each fitted step's `duration:` value and each fitted role's
 * `response.<period>:` value is replaced (VARY_REPLACE, so a step or role reaching a
 * shared value through an alias gets its own), the result is loaded by the ordinary
 * loader, and every replaced value is checked to hold its fitted distribution; a
 * comment header says where the fits came from. Nothing here prints
 * (reports/calibrate_report.h does) and nothing writes a file (the CLI does).
 */
#ifndef DRSIM_CALIBRATE_H
#define DRSIM_CALIBRATE_H

#include <stddef.h>

#include "analysis/fit.h"
#include "models/dist.h"
#include "models/drill.h"
#include "models/pages.h"
#include "models/plan.h"
#include "models/vary.h"

#define CALIBRATE_MAX_YAML 1024  /* bytes of a fitted distribution as plan text */

/* What calibration made of one measured step. */
enum calibrate_outcome {
    CALIBRATE_FITTED = 0,    /* `chosen` replaces the plan's duration */
    CALIBRATE_STORE_STEP,    /* a restore or failover step: shown beside its store's model */
    CALIBRATE_ONE_VALUE,     /* a single observation: the plan's assumption stays */
    CALIBRATE_TOO_LONG,      /* fitted, but too many values to write back: not calibrated */
    CALIBRATE_NOT_WRITTEN    /* a response period the plan does not write (it takes the
                                business distribution): fitted, shown, not written back */
};

struct calibrate_step {
    int scenario;            /* index in the plan */
    int step;                /* index in the scenario's runbook */
    double *values_s;        /* [n] the observations, seconds, in exercise order (owned) */
    size_t n;
    enum calibrate_outcome outcome;
    double model_p50_s;      /* CALIBRATE_STORE_STEP: the store model's median, seconds */
    double model_p95_s;      /* and its 95th percentile */
    int fitted;              /* 1 when `choice` holds fits (FITTED and TOO_LONG) */
    struct fit_choice choice;/* every family's fit and the choice (owned) */
    struct dist chosen;      /* FITTED and TOO_LONG: the distribution chosen (empirical values
                                point into choice.values) */
    char yaml[CALIBRATE_MAX_YAML]; /* FITTED: `chosen` as plan text */
};

/* Restores one store's drills measured. */
struct calibrate_restore {
    int store;               /* index in the plan */
    double *values_s;        /* [n] seconds, in exercise order (owned) */
    int n;
    int has_model;           /* the store is restorable: the model's quantiles are valid */
    double model_p50_s, model_p95_s;
};

/* Response times one role took in one period, from the pages. */
struct calibrate_response {
    int role;                /* index in the plan */
    enum sched_period period;
    double *values_s;        /* [n] the response times, seconds, in file order (owned) */
    size_t n;
    enum calibrate_outcome outcome; /* FITTED, ONE_VALUE, TOO_LONG or NOT_WRITTEN */
    int fitted;              /* 1 when `choice` holds fits (FITTED, TOO_LONG, NOT_WRITTEN) */
    struct fit_choice choice;/* every family's fit and the choice (owned) */
    struct dist chosen;      /* when fitted: the distribution chosen */
    char yaml[CALIBRATE_MAX_YAML]; /* FITTED: `chosen` as plan text */
};

struct calibrate_results {
    const struct plan *plan;      /* borrowed */
    const struct drill_log *log;  /* borrowed; NULL when only pages are given */
    const struct pages_log *pages;/* borrowed; NULL until calibrate_add_pages */
    size_t min_points;            /* observations needed for a parametric fit */
    struct calibrate_step *steps; /* [n_steps] plan order */
    int n_steps;
    int n_fitted;                 /* steps with outcome CALIBRATE_FITTED */
    struct calibrate_restore *restores; /* [n_restores] plan order of stores */
    int n_restores;
    struct calibrate_response *responses; /* [n_responses] plan order of roles, then periods;
                                             only (role, period) pairs with a page */
    int n_responses;
    int n_responses_fitted;       /* responses with outcome CALIBRATE_FITTED */
};

/* Calibrate plan p from drill log `log` (both borrowed; they must outlive *out; log may
 * be NULL: no step is then measured). min_points >= 2. Returns 0, or -1 when out of
 * memory; release *out with calibrate_results_fini in both cases. */
int calibrate_run(const struct plan *p, const struct drill_log *log, size_t min_points,
                  struct calibrate_results *out);

/* Fit the response times of the pages (read against r's plan; borrowed, must outlive
 * r) per role and period, with r's min_points, into r->responses. Call once, after
 * calibrate_run. Returns 0, or -1 when out of memory (r is then still released by
 * calibrate_results_fini). */
int calibrate_add_pages(struct calibrate_results *r, const struct pages_log *pages);
void calibrate_results_fini(struct calibrate_results *r);

enum calibrate_status {
    CALIBRATE_OK = 0,        /* the calibrated text is ready */
    CALIBRATE_NOTHING,       /* no step or response was fitted: there is nothing to write */
    CALIBRATE_REFUSED,       /* the plan text cannot take a fitted value (an anchored or
                                multi-line duration): out->vr.diags says where */
    CALIBRATE_BUG,           /* the copy does not load or does not hold a fit: out->msg */
    CALIBRATE_NOMEM          /* out of memory */
};

struct calibrate_copy {
    char *text;              /* CALIBRATE_OK: header + the plan text calibrated (owned) */
    size_t len;
    struct vary_result vr;   /* the varied plan, its text and the loader's diagnostics */
    char msg[256];           /* CALIBRATE_BUG: what went wrong, no trailing newline */
};

/* Provenance written at the top of a calibrated copy. */
struct calibrate_source {
    const char *plan_name;   /* the plan file as named on the command line, or "<built-in>" */
    const char *drills_name; /* the drill log as named on the command line (NULL: none) */
    const char *version;     /* drsim's version */
    long today;              /* days since 1970-01-01 (the header's date) */
    const char *pages_name;  /* the page export as named on the command line (NULL: none) */
};

/* The calibrated copy of r's plan, whose text is text[len]: every fitted step's duration
 * and every fitted role's response period replaced, loaded back and checked, with a header comment. Release *out with
 * calibrate_copy_fini whatever the status. */
enum calibrate_status calibrate_plan(const struct calibrate_results *r, const char *text,
                                     size_t len, const struct calibrate_source *src,
                                     struct calibrate_copy *out);
void calibrate_copy_fini(struct calibrate_copy *c);

#endif
