/* models/drill.h: drill and restore-test evidence, and what it says about the model.
 *
 * A drill log (docs/drills.md) records the exercises an organization ran against its DR
 * plan: tabletop, functional and full-scale exercises, backup completeness tests and full
 * restores, each with its date, region, participants, objectives, what was measured (step
 * durations keyed by the runbook step names of a scenario, restore times keyed by store,
 * the RTO and data loss of the exercise), its outcome, after-action report and corrective
 * actions. It also states the test cadence the plan requires (by default the CommCare
 * BCP's: a completeness test every quarter and a full restore every year, in every
 * region listed).
 *
 * The log is built only by the loader (models/load.h, load_drills_*) and is immutable
 * afterwards; drill_log_free releases it and everything it owns. It names scenarios,
 * steps and stores as written and keeps no index into a plan: the loader checks the
 * names against a plan when given one (with positioned diagnostics), and the analysis
 * below looks them up again in the plan it is given.
 *
 * Two analyses read a log:
 *
 *   - cadence compliance: for every required test type, every region it applies to and
 *     every calendar period (month, quarter, half or year) from `since` to the as-of
 *     date, was a qualifying test done in the period (on time), after it (late), not at
 *     all although the period has ended (overdue, with its due date), or is the current
 *     period still open (due); each test counts for one period only;
 *   - percentile placement: where every measured duration falls in the model's
 *     distribution of the same quantity. A task step against its duration distribution
 *     (dist_cdf), a failover step against the store's failover distribution, a restore
 *     against the restore time the store's model implies (overhead + size / (parallelism x
 *     throughput), computed by numerical integration over the overhead's quantiles; exact
 *     when the overhead is fixed or empirical), and an exercise's RTO or data loss
 *     against the empirical CDF of the simulated per-trial values, which the caller
 *     passes as sorted arrays (models/ does not depend on sim/).
 *
 * Percentiles are mid-distribution values, P(X < x) + P(X = x) / 2, so that a
 * measurement equal to a fixed assumption sits at the 50th percentile rather than the
 * 100th; for continuous distributions this is the CDF. A measurement above the model's
 * P95 (percentile > 0.95) flags the assumption as optimistic; one below its P5 as
 * conservative.
 *
 * Dates are civil day numbers (days since 1970-01-01, proleptic Gregorian), as
 * units_parse_date returns them; durations are seconds; a quantity that was not
 * measured is NAN.
 */
#ifndef DRSIM_DRILL_H
#define DRSIM_DRILL_H

#include <stddef.h>

#include "models/plan.h"

/* ---- the log --------------------------------------------------------------------- */

enum drill_type {
    DRILL_TABLETOP = 0,      /* [tabletop] discussion-based walk-through of the runbook */
    DRILL_FUNCTIONAL,        /* [functional] steps executed, including recovery from backup media */
    DRILL_FULL_SCALE,        /* [full-scale] failover to the alternate site */
    DRILL_COMPLETENESS,      /* [completeness-test] backups checked for completeness and integrity */
    DRILL_FULL_RESTORE,      /* [full-restore] a complete restore from backup */
    DRILL_N_TYPES
};

enum drill_outcome {
    DRILL_PASSED = 0,        /* [passed] success criteria met */
    DRILL_PARTIAL,           /* [passed-with-issues] met, with findings to act on */
    DRILL_FAILED             /* [failed] not met: does not count towards the cadence */
};

enum drill_check {
    DRILL_CHECK_NONE = 0,    /* [not-checked] (default) */
    DRILL_CHECK_PASSED,      /* [passed] the restored copy was complete */
    DRILL_CHECK_FAILED       /* [failed] data was missing or corrupt */
};

enum drill_action_status {
    DRILL_ACTION_OPEN = 0,   /* [open] */
    DRILL_ACTION_IN_PROGRESS,/* [in-progress] */
    DRILL_ACTION_DONE        /* [done] */
};

/* How often a test type is required. Periods are calendar periods in UTC. */
enum drill_freq {
    DRILL_FREQ_NONE = 0,     /* [none] not required (turns a default off) */
    DRILL_FREQ_MONTHLY,      /* [monthly] */
    DRILL_FREQ_QUARTERLY,    /* [quarterly] Jan-Mar, Apr-Jun, Jul-Sep, Oct-Dec */
    DRILL_FREQ_SEMIANNUAL,   /* [semiannually] Jan-Jun, Jul-Dec */
    DRILL_FREQ_ANNUAL        /* [annually] calendar years */
};

struct drill_action {        /* [corrective_actions] item */
    char *action;            /* [action] what is to be done */
    char *owner;             /* [owner] */
    long due_day;            /* [due] civil day */
    enum drill_action_status status; /* [status] */
    struct plan_pos pos;
};

struct drill_step_time {     /* [steps] entry: a measured runbook step */
    char *step;              /* step name in the exercise's scenario */
    double duration_s;       /* measured work time, seconds */
    struct plan_pos pos;     /* position of the measured value */
};

struct drill_restore {       /* [restores] entry: one store restored or checked */
    char *store;             /* store name in the plan */
    double duration_s;       /* [duration] measured restore time, seconds; NAN if not measured */
    double data_loss_s;      /* [data_loss] age of the restored recovery point, seconds; NAN */
    enum drill_check complete; /* [complete] completeness check of the restored copy */
    char *note;              /* [note] may be NULL */
    struct plan_pos pos;
};

struct drill_exercise {
    char *name;              /* [key under exercises] e.g. "2026-q1-restore-us-east-2" */
    struct plan_pos pos;
    long day;                /* [date] civil day */
    enum drill_type type;    /* [type] */
    char *scenario;          /* [scenario] plan scenario exercised; NULL when none */
    char *region;            /* [region] where the test ran, e.g. "us-east-2" */
    char *start;             /* [start] as written ("2026-02-10 14:00 UTC"); NULL when absent */
    char *end;               /* [end] as written; NULL when absent */
    char **participants;     /* [participants] names and roles as written */
    int n_participants;
    char *objectives;        /* [objectives] may be NULL */
    char *criteria;          /* [success_criteria] may be NULL */
    struct drill_step_time *steps; int n_steps;        /* [steps] in file order */
    struct drill_restore *restores; int n_restores;    /* [restores] in file order */
    double rto_s;            /* [rto] measured time to restore service, seconds; NAN */
    double data_loss_s;      /* [data_loss] measured data loss, seconds; NAN */
    enum drill_outcome outcome; /* [outcome] */
    char *after_action;      /* [after_action] after-action report reference; may be NULL */
    struct drill_action *actions; int n_actions;       /* [corrective_actions] */
    char *note;              /* [note] may be NULL */
};

struct drill_requirement {   /* [cadence.require] entry */
    enum drill_type type;    /* test type required */
    enum drill_freq every;   /* how often; never DRILL_FREQ_NONE (such entries are dropped) */
    int *regions;            /* indices into drill_log.regions */
    int n_regions;
    struct plan_pos pos;
};

struct drill_store_info {    /* [stores] entry: evidence about a store the plan does not hold */
    char *store;             /* store name */
    char *alerting;          /* [alerting] how a failed backup is noticed; may be NULL */
    struct plan_pos pos;
};

struct drill_log {
    char *path;              /* file it was loaded from */
    char *name;              /* [drills.name] default: the file name without .yaml */
    char *plan;              /* [drills.plan] name of the plan the evidence is for; may be NULL */
    char *owner;             /* [drills.owner] may be NULL */
    unsigned char sha256[32];/* SHA-256 of the file's bytes */
    char **regions;          /* cadence.regions, then regions only exercises name, first seen first */
    int n_regions;
    int n_cadence_regions;   /* how many of regions[] cadence.regions listed (0: it was absent) */
    long since_day;          /* [cadence.since] civil day; DRILL_SINCE_DEFAULT when not given */
    struct drill_requirement *reqs; int n_reqs;        /* [cadence.require], defaults filled in */
    struct drill_store_info *stores; int n_stores;     /* [stores] */
    struct drill_exercise *exercises; int n_exercises; /* [exercises] in file order */
};

/* since_day when the file gives none: the cadence then looks back one year from the
 * as-of date (drill_cadence_since). */
#define DRILL_SINCE_DEFAULT (-2147483647L)

/* Release a log and everything it owns; NULL is a no-op. Tolerates a partly built log. */
void drill_log_free(struct drill_log *log);

/* Names as written in drill files ("full-restore", "passed-with-issues", "quarterly",
 * "in-progress", "not-checked"), and for people ("full restore"). */
const char *drill_type_name(enum drill_type t);
const char *drill_outcome_name(enum drill_outcome o);
const char *drill_check_name(enum drill_check c);
const char *drill_action_status_name(enum drill_action_status s);
const char *drill_freq_name(enum drill_freq f);

/* Whether an exercise of type `done` counts as a test of type `required`: the same type,
 * or a stronger one of the same family (a full restore is also a completeness test; a
 * full-scale exercise is also a functional one, which is also a tabletop). */
int drill_type_satisfies(enum drill_type done, enum drill_type required);

/* Whether exercise e counts as a test of type `required` for the cadence: its type
 * satisfies it (drill_type_satisfies), or it is a functional or full-scale exercise that
 * restored at least one store from backup (a restore with a measured duration), which
 * also counts as a full restore and a completeness test (NIST SP 800-34: a functional
 * exercise includes recovery from backup media). Its outcome is not considered here. */
int drill_exercise_counts_as(const struct drill_exercise *e, enum drill_type required);

/* Index of a region in log->regions, -1 when absent. */
int drill_find_region(const struct drill_log *log, const char *name);

/* The [stores] entry of a store, NULL when the file has none. */
const struct drill_store_info *drill_find_store(const struct drill_log *log, const char *store);

/* ---- cadence compliance ------------------------------------------------------------ */

/* A test counts for one period only. Periods that have ended first take the latest
 * qualifying test within them; those still without one then take, oldest first, the
 * earliest test left over after their due date; the current period last takes the latest
 * test left within it. A make-up test early in a quarter thus counts for the quarter it
 * makes up, and the current quarter still needs its own. */
enum drill_status {
    DRILL_ON_TIME = 0,       /* a qualifying test was done within the period */
    DRILL_LATE,              /* none within the period; one was done after it ended */
    DRILL_OVERDUE,           /* the period has ended and no test is left to count for it */
    DRILL_DUE                /* the current period: not done yet, not yet overdue */
};

struct drill_cadence_item {
    int req;                 /* index in log->reqs */
    int region;              /* index in log->regions */
    long start_day;          /* first day of the period */
    long due_day;            /* last day of the period: the test is due by the end of it */
    char label[24];          /* "2026-Q1", "2026-H2", "2026-03", "2026" */
    enum drill_status status;
    int exercise;            /* ON_TIME/LATE: the exercise that counts (index), else -1 */
    long done_day;           /* its date, or 0 when none */
    long days_late;          /* LATE: done_day - due_day; OVERDUE: as_of - due_day; else 0 */
    int failed_exercise;     /* a failed test of the period (does not count), or -1 */
};

/* The first day the cadence looks at: log->since_day, or when the file gives none, the
 * as-of date one year earlier (same month and day; 29 February becomes 28 February). */
long drill_cadence_since(const struct drill_log *log, long as_of_day);

/* The calendar period of frequency f that contains day: its first and last days and its
 * label ("2026-Q3"). f must not be DRILL_FREQ_NONE. */
void drill_period_of(enum drill_freq f, long day, long *start_day, long *end_day,
                     char label[24]);

/* ---- percentile placement ----------------------------------------------------------- */

enum drill_measure {
    DRILL_M_STEP = 0,        /* a runbook step's duration (exercise steps) */
    DRILL_M_RESTORE,         /* a store's restore time (exercise restores) */
    DRILL_M_RTO,             /* the exercise's RTO against the simulated RTOs */
    DRILL_M_DATA_LOSS        /* the exercise's data loss against the simulated RPOs */
};

enum drill_flag {
    DRILL_FLAG_NONE = 0,     /* not placed (see why) */
    DRILL_FLAG_WITHIN,       /* between the model's P5 and P95 */
    DRILL_FLAG_OPTIMISTIC,   /* above the model's P95: the model is optimistic */
    DRILL_FLAG_CONSERVATIVE  /* below the model's P5: the model is conservative */
};

struct drill_placement {
    int exercise;            /* index in log->exercises */
    enum drill_measure kind;
    const char *scenario;    /* borrowed from the log: the exercise's scenario, or NULL */
    const char *what;        /* borrowed: step or store name; NULL for RTO and data loss */
    int step;                /* step index in the plan's scenario, or -1 */
    int store;               /* store index in the plan (restores, restore steps), or -1 */
    double measured_s;       /* seconds */
    double percentile;       /* mid-distribution value in [0, 1]; NAN when not placed */
    double model_p50_s;      /* the model's median and 95th percentile, seconds; NAN */
    double model_p95_s;
    enum drill_flag flag;
    const char *why;         /* static: why it was not placed ("no step 'x' in scenario 'y'",
                                "no simulation results"), else NULL */
};

struct hist; /* sim/hist.h */

/* The simulated distributions an exercise's RTO and data loss are placed against, for
 * one scenario: the results' histograms (sim/hist.h; mc_scenario_result.rto_dist and
 * rpo_dist), borrowed. Either may be NULL (or empty): those measurements are then not
 * placed. */
struct drill_model {
    const struct hist *rto;
    const struct hist *rpo;
};

struct drill_analysis {
    long as_of_day;          /* the date compliance is judged at */
    long since_day;          /* first day looked at (drill_cadence_since) */
    struct drill_cadence_item *items; int n_items; /* by requirement, region, period */
    int n_on_time, n_late, n_overdue, n_due;
    int n_future;            /* exercises dated after as_of (ignored for the cadence) */
    struct drill_placement *placements; int n_placements; /* by exercise, then steps,
                                                             restores, RTO, data loss */
    int n_placed, n_optimistic, n_conservative;
};

/* Analyse log against plan p as of civil day as_of_day: cadence compliance and the
 * placement of every measured value. models is an array of p->n_scenarios entries
 * (plan order), or NULL when there are no simulation results (RTO and data loss are
 * then not placed). Both log and p are borrowed and must outlive the analysis (it
 * points at their names). Returns 0, or -1 when out of memory (nothing to free then).
 * Release with drill_analysis_fini. */
int drill_analyze(const struct drill_log *log, const struct plan *p,
                  const struct drill_model *models, long as_of_day, struct drill_analysis *out);

void drill_analysis_fini(struct drill_analysis *a);

const char *drill_status_name(enum drill_status s);   /* "on time", "late", "overdue", "due" */
const char *drill_flag_name(enum drill_flag f);       /* "within", "optimistic", ... */
const char *drill_measure_name(enum drill_measure m); /* "step", "restore", "RTO", "data loss" */

/* Mid-distribution percentile of x in distribution d: P(X < x) + P(X = x) / 2. Exact for
 * every kind (the atoms are those of fixed and empirical distributions). */
double drill_dist_percentile(const struct dist *d, double x);

/* The same for an empirical sample, sorted ascending (INFINITY last); NAN when n = 0. */
double drill_sample_percentile(const double *sorted, size_t n, double x);

/* PERCENTILE.INC of a sorted sample at q (INFINITY when it interpolates towards an
 * infinite value); NAN when n = 0. */
double drill_sample_quantile(const double *sorted, size_t n, double q);

/* The restore-time model of store s, as the engine draws it for a restore step:
 * overhead + size / (parallelism x throughput). restore_model_init precomputes the
 * overhead's quantiles (DRILL_RESTORE_NODES of them, unless the overhead is fixed or
 * empirical, where the result is exact); returns -1 when out of memory. */
#define DRILL_RESTORE_NODES 4096
struct drill_restore_model {
    const struct store *store;   /* borrowed */
    double *nodes;               /* overhead values with equal weight, owned; NULL when fixed */
    size_t n_nodes;
    double fixed_overhead_s;     /* when nodes is NULL */
};
int drill_restore_model_init(struct drill_restore_model *m, const struct store *s);
void drill_restore_model_fini(struct drill_restore_model *m);

/* Mid-distribution percentile of a restore lasting t_s seconds. */
double drill_restore_percentile(const struct drill_restore_model *m, double t_s);

/* The restore time at probability q in (0, 1), seconds (by bisection on the CDF). */
double drill_restore_quantile(const struct drill_restore_model *m, double q);

/* ---- observations for calibration ------------------------------------------------------ */

/* The measured durations of one runbook step across a log's exercises. */
struct drill_samples {
    int scenario;            /* index in the plan */
    int step;                /* index in the scenario's runbook */
    double *values_s;        /* seconds, in exercise order; owned */
    size_t n;
    int n_exercises;         /* exercises that measured it (a step measured twice in one
                                exercise is not possible: keys are unique) */
};

/* Gather, for every step of plan p that some exercise of the log measured, its measured
 * durations: groups in plan order (scenario, then runbook order). Measurements naming a
 * scenario or step the plan does not have are skipped (the loader, given the plan,
 * reports them). Returns the number of groups with *out malloc'd (NULL when 0), or -1
 * when out of memory. Release with drill_samples_free. */
int drill_step_samples(const struct drill_log *log, const struct plan *p,
                       struct drill_samples **out);
void drill_samples_free(struct drill_samples *s, int n);

/* The measured restore times of store `store` (a name) across the log's exercises,
 * in exercise order, into a malloc'd array (*out; NULL when none). Returns the count,
 * or -1 when out of memory. */
int drill_restore_samples(const struct drill_log *log, const char *store, double **out);

#endif
