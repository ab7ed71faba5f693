/* analysis/decision.h: the decision curve: how long to wait for the provider before
 * failing over.
 *
 * A scenario whose activation waits (activation.decided_by with go_when.outage_lasted,
 * models/plan.h) trades its RTO against its RPO through that wait: failing over early
 * restores service sooner but loses the data since the newest recovery point in the
 * target region; waiting longer lets more outages end by themselves, with no data lost
 * and the downtime of the outage. The curve is P(meet RTO), P(meet RPO) and the share of
 * outages that fail over as functions of the wait, one Monte Carlo run (sim/mc.h) per
 * wait.
 *
 * Common random numbers: every wait is the plan varied by models/vary.h (VARY_SET of
 * `scenarios.NAME.activation.go_when.outage_lasted`, or VARY_REPLACE of the key when the
 * plan writes a distribution there) and run with the same seed and trials. The wait is
 * drawn from a stream of its own (sim/trial.h) and a fixed wait draws nothing, so every
 * wait replays the same outages, recovery points, response times and step durations:
 * the differences between points are the wait's effect, not sampling noise, and the
 * point at the plan's own fixed wait is exactly the plan's run. One run varies the wait
 * of every scenario that has one (scenarios' trials are independent), so a plan with
 * two such scenarios costs no more runs than one with one.
 *
 * The waits (docs/method.md, "The decision curve"): the fixed grid DECISION_GRID_S
 * (0 to 48 h, dense in the first hours where decisions fall), plus the plan's own wait.
 * A fixed wait is a point of the curve; a distributed wait is the plan as written, shown
 * at the distribution's median and marked as such, kept apart from the curve (it is a
 * mixture of waits, not one).
 *
 * What the curve shows is found here, once: which waits meet both targets at the
 * required confidence (each objective's verdict "meets", as the policy judges it), the
 * wait with the highest chance of meeting both, and where each objective stops or
 * starts being met; decision_run writes it as sentences into each curve's `finding`,
 * which the review pack and the workbook print as they are. Nothing here prints.
 *
 * Memory: each run's per-trial arrays are freed as soon as its points are kept, so the
 * curve needs one run's memory (sim/mc.h) plus a few hundred bytes per point.
 */
#ifndef DRSIM_DECISION_H
#define DRSIM_DECISION_H

#include <stddef.h>
#include <stdint.h>

#include "models/plan.h"
#include "sim/mc.h"

/* The grid of waits, seconds: 0, 30m, 1h, 2h, 3h, 4h, 6h, 8h, 12h, 18h, 24h, 36h, 48h. */
#define DECISION_GRID_N 13
extern const double DECISION_GRID_S[DECISION_GRID_N];

#define DECISION_MAX_POINTS (DECISION_GRID_N + 1) /* the grid and the plan's own fixed wait */
#define DECISION_FINDING_LEN 1024                 /* bytes of a curve's finding */

enum decision_status {
    DECISION_OK = 0,        /* done (with no curve when no scenario waits) */
    DECISION_INVALID,       /* n_trials or threads out of range, or a varied plan the loader
                               refused: the message says which wait and why */
    DECISION_NOMEM,         /* out of memory */
    DECISION_THREAD,        /* a worker thread could not be created */
    DECISION_CANCELLED      /* the progress callback asked to stop */
};
const char *decision_strerror(enum decision_status s);

/* One wait of one scenario: what the curve keeps of its run. */
struct decision_point {
    double wait_s;          /* the wait: go once the outage has lasted this long, seconds; for
                               a distributed plan wait (is_median), its median; INFINITY for a
                               plan that writes `never` (then the plan's point is off the curve) */
    int is_plan;            /* 1: the plan's own wait (its run is exactly the plan's) */
    int is_median;          /* 1: the plan writes a distribution: this point is the plan as
                               written, placed at the distribution's median */
    uint64_t n_trials;
    struct mc_objective rto_obj; /* P(meet RTO) with its Wilson 95 % interval and verdict;
                                    has_target 0 when the scenario has no policy */
    struct mc_objective rpo_obj;
    uint64_t n_failed_over; /* trials that ended failed over */
    double failover_share;  /* n_failed_over / n_trials */
    double failover_ci_lo, failover_ci_hi; /* its Wilson 95 % interval */
    uint64_t n_meet_both;   /* trials meeting both targets (0 without a policy) */
    double p_meet_both;     /* n_meet_both / n_trials (0 without a policy) */
};

/* The curve of one scenario. */
struct decision_curve {
    int scenario;           /* index in plan->scenarios */
    int n_points;
    struct decision_point points[DECISION_MAX_POINTS]; /* fixed waits, ascending */
    int plan_point;         /* index in points of the plan's own fixed wait, or -1 when the
                               plan's wait is a distribution (then see `plan`) */
    struct decision_point plan; /* the plan as written (a copy of points[plan_point] when on
                                   the curve) */
    /* Findings (over the fixed waits; -1 when none or without a policy). */
    int has_policy;         /* the scenario has RTO and RPO targets */
    int best;               /* the wait with the highest P(meet both); ties: the shorter wait */
    int n_meet_both;        /* waits whose RTO and RPO verdicts are both "meets" */
    int first_meet_both, last_meet_both; /* the shortest and longest of them */
    int last_rto_met;       /* the longest wait whose RTO verdict is "meets" */
    int first_rpo_met;      /* the shortest wait whose RPO verdict is "meets" */
    char finding[DECISION_FINDING_LEN]; /* the above as sentences, for the pack and workbook */
};

struct decision_results {
    const struct plan *plan; /* borrowed: the plan as written */
    uint64_t n_trials;      /* per scenario per wait */
    uint64_t seed;
    int threads;
    int n_runs;             /* Monte Carlo runs made */
    double elapsed_s;       /* wall clock, seconds */
    int n_curves;
    struct decision_curve *curves; /* [n_curves] in scenario order */
};

/* Whether scenario sc has a decision curve: a decision step and an outage_lasted wait. */
int decision_scenario_has_wait(const struct scenario *sc);

/* How many scenarios of p have a decision curve. */
int decision_count(const struct plan *p);

struct decision_options {
    uint64_t n_trials;      /* per scenario per wait, 1 .. MC_MAX_TRIALS */
    uint64_t seed;
    int threads;            /* >= 1 */
    mc_progress_fn progress;/* may be NULL: trials done over every run (mc.h) */
    void *progress_user;
};

/* Compute the decision curve of every scenario of p with a wait (p loaded from
 * text[len], named `name` in messages; both borrowed). On DECISION_OK *out holds new
 * results (free with decision_results_free; they borrow p), with n_curves 0 and no run
 * made when no scenario waits. Otherwise *out is NULL, and msg (msglen bytes, may be 0)
 * says why: for DECISION_INVALID, the wait and the varied plan's first diagnostic. */
enum decision_status decision_run(const struct plan *p, const char *name, const char *text,
                                  size_t len, const struct decision_options *o,
                                  struct decision_results **out, char *msg, size_t msglen);

/* The curve of scenario s (index in plan->scenarios), or NULL when it has none. r may be
 * NULL. */
const struct decision_curve *decision_curve_of(const struct decision_results *r, int s);

/* Compute the findings of c (decision_run does; exposed for tests): the indices above and
 * the sentences in c->finding, for required confidence `confidence`. */
void decision_analyze(struct decision_curve *c, double confidence);

/* Release results; NULL is a no-op. */
void decision_results_free(struct decision_results *r);

#endif
