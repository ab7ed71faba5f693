/* analysis/levers.h: the cheapest combination of the plan's levers that meets each
 * objective the plan as written does not.
 *
 * A plan's `levers:` section (models/plan.h, struct plan_lever) lists changes the
 * organisation could make: a plan value and the values it could take, each with what it
 * costs. A combination takes one option per lever, where option 0 is the plan's own value
 * (no cost) and the others the lever's candidates. Its cost a year is
 *
 *     sum of per_year + sum of one_off / LEVERS_AMORTIZE_YEARS
 *       + 12 x (cost model's monthly cost of the varied plan - of the plan as written)
 *
 * the last term only when the plan has a `costs:` section (models/cost.h prices what a
 * change of cadence, retention or head count does to storage, transfer and people), so
 * the levers' prices are what the cost model cannot see (a licence, a project).
 *
 * The search (docs/method.md, "Levers"): every combination is priced first (a price
 * needs no simulation: at most a load of the varied plan), sorted by cost a year (ties:
 * fewer levers changed, then enumeration order), and simulated in that order, each with
 * the same seed so every combination replays the same outages (common random numbers,
 * as a sweep; analysis/sweep_int.h's sweep_simulate). For each goal (an objective with a
 * target whose verdict in the run is not "meets", and the policy: every objective at
 * once) the first combination that meets it is the cheapest that does, because every
 * cheaper one was simulated before it and did not. The search stops when every goal has
 * its combination, when the combinations run out (the goal cannot be met with these
 * levers), or after max_evals simulations (the bound; the results say it was hit and
 * which goals were left open).
 *
 * Screening: combinations are simulated with n_trials (fewer than the run's, to keep the
 * search affordable); a goal whose estimate reaches the required confidence at that
 * count (verdict "meets" or "at risk") is confirmed at confirm_trials, the run's count,
 * and only a confirmed "meets" ends its search; a combination that fails confirmation
 * is recorded and the search goes on. With n_trials equal to the run's, the answer is
 * exact for the run's verdicts.
 *
 * Nothing here prints; reports read the results (reports/findings.h).
 */
#ifndef DRSIM_LEVERS_H
#define DRSIM_LEVERS_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/sweep.h"
#include "models/plan.h"
#include "sim/mc.h"

#define LEVERS_MAX_COMBOS 4096      /* combinations priced; more is refused (LEVERS_INVALID) */
#define LEVERS_AMORTIZE_YEARS 3.0   /* one-off costs are spread over this many years */
#define LEVERS_DEFAULT_TRIALS 10000 /* screening trials per scenario (at most the run's) */
#define LEVERS_DEFAULT_MAX_EVALS 64 /* combinations simulated at most */
#define LEVERS_MSG 1024

enum levers_status {
    LEVERS_OK = 0,      /* done (also when the plan has no levers or no goal) */
    LEVERS_INVALID,     /* a lever's value does not load, or too many combinations: msg */
    LEVERS_NOMEM,
    LEVERS_THREAD,
    LEVERS_CANCELLED
};
const char *levers_strerror(enum levers_status s);

/* One combination: an option per lever and its cost. */
struct levers_combo {
    int *option;            /* [n_levers]: 0 the plan's own value, k >= 1 candidate
                               levers_candidate_of(r, lever, k) */
    int n_changed;          /* levers not at the plan's own value */
    double one_off_usd;     /* sum of the chosen candidates' one_off */
    double per_year_usd;    /* sum of their per_year */
    double model_year_usd;  /* 12 x the cost model's monthly difference; 0 without costs: */
    double annual_usd;      /* per_year + one_off / LEVERS_AMORTIZE_YEARS + model_year: the
                               ranking */
    int evaluated;          /* simulated in the search (screening) */
};

/* A goal: one objective the run does not meet, or the policy (scenario -1). */
struct levers_goal {
    int scenario;           /* result scenario index; -1 for the policy (all objectives) */
    enum sweep_objective objective; /* for scenario >= 0 */
    struct mc_objective base; /* in the run (the plan as written); scenario -1: unused */
    int combo;              /* index into combos of the cheapest meeting it, or -1 */
    struct mc_objective met; /* at confirm_trials: the objective under that combination
                                (scenario -1: the objective of all with the lowest P(meet)) */
    int n_rejected;         /* combinations that passed screening but not confirmation */
};

struct levers_results {
    const struct plan *plan;    /* borrowed */
    int n_levers;
    int *n_options;             /* [n_levers] 1 + candidates other than the plan's own value */
    int **cand;                 /* [n_levers][n_options]: candidate index of each option
                                   (option 0: -1, the plan's own value) */
    char **plan_value;          /* [n_levers] the plan's own value as written */
    int has_model;              /* the plan has a cost model: model_year_usd is priced */
    int n_combos;               /* all combinations, sorted by annual_usd */
    struct levers_combo *combos;
    int n_evaluated;            /* combinations simulated */
    int max_evals;
    int bound_hit;              /* the search stopped at max_evals with a goal open */
    uint64_t n_trials;          /* screening trials per scenario */
    uint64_t confirm_trials;    /* trials of a confirmation (the run's) */
    uint64_t seed;
    double elapsed_s;           /* wall clock, seconds */
    struct levers_goal *goals;  /* [n_goals]: the objectives in result order, RTO before
                                   RPO, then the policy last */
    int n_goals;
};

struct levers_options {
    uint64_t n_trials;          /* screening trials, >= 1 (0: LEVERS_DEFAULT_TRIALS, at most
                                   confirm_trials) */
    uint64_t confirm_trials;    /* the run's trials */
    uint64_t seed;
    int threads;
    int max_evals;              /* 0: LEVERS_DEFAULT_MAX_EVALS */
    mc_progress_fn progress;    /* may be NULL */
    void *progress_user;
};

/* Search the levers of run->plan (loaded from text[len], named `name`): see above. On
 * LEVERS_OK *out holds new results (levers_results_free); with no levers *out is NULL.
 * On LEVERS_INVALID msg (n bytes) says which lever and value and why, positioned in the
 * plan ("plan.yaml:40:17: lever 'x': ..."). */
enum levers_status levers_search(const struct mc_results *run, const char *name, const char *text,
                                 size_t len, const struct levers_options *o,
                                 struct levers_results **out, char *msg, size_t n);

void levers_results_free(struct levers_results *r);

/* The candidate of option k (>= 1) of lever l, or NULL for option 0 (the plan's value). */
const struct plan_lever_candidate *levers_candidate_of(const struct levers_results *r, int l,
                                                       int k);

/* The value option k of lever l sets ("every 6h"); option 0 the plan's own. */
const char *levers_value_of(const struct levers_results *r, int l, int k);

/* Combination c as words: "copy-cadence = every 6h, retention = 7d" (levers at the
 * plan's value left out; "no change" when none). Into buf; returns buf. */
char *levers_combo_text(const struct levers_results *r, int c, char *buf, size_t n);

/* The goal of objective (result scenario s, o), or NULL when the run meets it; s -1: the
 * policy goal. */
const struct levers_goal *levers_goal_of(const struct levers_results *r, int s,
                                         enum sweep_objective o);

#endif
