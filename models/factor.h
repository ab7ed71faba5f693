/* models/factor.h: the uncertain inputs of a plan, for sensitivity analysis
 * (`drsim sensitivity`, analysis/sensitivity.h).
 *
 * An uncertain input (a "factor") is a distribution the plan writes (a step duration,
 * a response time, a restore throughput or overhead, a backup's completion time or log
 * shipping lag, a failover time, an outage duration) or a backup rule's failure
 * probability. Factors are the values as written, not as loaded: an anchored value that
 * several stores share through YAML aliases is one factor (a planner's one assumption)
 * that sets every copy of it, and a role's night or weekend response left out of the
 * plan is the business response it falls back to. Values the plan leaves to their
 * defaults (a completion time of 0, a failure probability of 0) are not factors.
 *
 * Identity comes from plan->inputs: a factor is the position where its value is
 * written, so a plan loaded again from the same text has the same factors, and its path
 * names it to vary_plan (models/vary.h).
 *
 * Moving a factor is a VARY_SCALE change of its path (models/vary.h): every parameter of
 * a distribution that has a unit is multiplied by k (for a lognormal, mu grows by ln k),
 * which multiplies every quantile by k and keeps the shape, so the median moves to k
 * times the median; a probability becomes min(1, k p). Scaling never changes how many
 * random numbers a draw takes, so a scaled plan replays the same trials with the same
 * draws (common random numbers). The plan listed is never modified.
 */
#ifndef DRSIM_FACTOR_H
#define DRSIM_FACTOR_H

#include "models/dist.h"
#include "models/plan.h"

enum factor_kind {
    FACTOR_DIST = 0,    /* a distribution */
    FACTOR_PROB         /* a failure probability */
};

struct factor {
    char *path;         /* the first key path that uses it, e.g. "stores.pgmain1.restore.throughput";
                           a VARY_SCALE change of this path moves it everywhere it is used */
    int n_uses;         /* places in the loaded plan it sets (> 1 when shared through aliases) */
    int line, col;      /* 1-based position where it is written */
    const char *unit;   /* static: "duration", "rate" or "probability" */
    enum factor_kind kind;
    struct dist dist;   /* FACTOR_DIST: as loaded; empirical values borrowed from the plan */
    double prob;        /* FACTOR_PROB: as loaded */
};

/* The factors of plan p in file order of first use. On success returns 0 with a
 * malloc'd array in *out (free with factor_list_free) and its length in *n; -1 when out
 * of memory. The factors borrow p (empirical values), which must outlive them. */
int factor_list(const struct plan *p, struct factor **out, int *n);

/* Release a list from factor_list; NULL is a no-op. */
void factor_list_free(struct factor *f, int n);

/* The factor's typical value: the median of its distribution, or its probability. */
double factor_typical(const struct factor *f);

#endif
