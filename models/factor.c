/* models/factor.c: listing a plan's uncertain inputs.
 *
 * One walk over the loaded plan visits every place a factor can live, with the key
 * path the loader would give it; the path finds its position among plan->inputs
 * (looked up by binary search over the inputs sorted by path), and the position is
 * the factor's identity.
 */
#include "models/factor.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_MAX_LEN 512

/* A place in a loaded plan where a factor lives. */
struct loc {
    char path[PATH_MAX_LEN];   /* key path as the loader names it */
    char alt[PATH_MAX_LEN];    /* where its value comes from when not written: a role's
                                  business response for night/weekend; "" for none */
    const struct dist *d;      /* FACTOR_DIST */
    const double *prob;        /* FACTOR_PROB */
    const char *unit;
};

/* Inputs sorted by path for lookups. */
struct index {
    const struct plan_input **by_path;
    int n;
};

static int cmp_input(const void *a, const void *b)
{
    const struct plan_input *x = *(const struct plan_input *const *)a;
    const struct plan_input *y = *(const struct plan_input *const *)b;
    return strcmp(x->path, y->path);
}

static int index_init(struct index *ix, const struct plan *p)
{
    ix->n = p->n_inputs;
    ix->by_path = malloc((size_t)(ix->n ? ix->n : 1) * sizeof *ix->by_path);
    if (ix->by_path == NULL)
        return -1;
    for (int i = 0; i < ix->n; i++)
        ix->by_path[i] = &p->inputs[i];
    qsort(ix->by_path, (size_t)ix->n, sizeof *ix->by_path, cmp_input);
    return 0;
}

static const struct plan_input *index_find(const struct index *ix, const char *path)
{
    struct plan_input key;
    const struct plan_input *kp = &key, *const *hit;
    key.path = (char *)path;
    hit = bsearch(&kp, ix->by_path, (size_t)ix->n, sizeof *ix->by_path, cmp_input);
    return hit ? *hit : NULL;
}

/* Where a location's value is written: the input at its path (a value written as a
 * single quantity) or at path.dist (a distribution mapping), else the same for alt.
 * NULL when the plan does not write it. */
static const struct plan_input *written_at(const struct index *ix, const struct loc *l)
{
    char buf[PATH_MAX_LEN + 8];
    const char *paths[2] = {l->path, l->alt};
    for (int i = 0; i < 2; i++) {
        const struct plan_input *in;
        if (paths[i][0] == '\0')
            continue;
        if ((in = index_find(ix, paths[i])) != NULL)
            return in;
        snprintf(buf, sizeof buf, "%s.dist", paths[i]);
        if ((in = index_find(ix, buf)) != NULL)
            return in;
    }
    return NULL;
}

typedef int (*visit_fn)(void *user, const struct loc *l);

static int visit_dist(visit_fn fn, void *user, const struct dist *d, const char *unit, const char *alt,
                      const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static int visit_dist(visit_fn fn, void *user, const struct dist *d, const char *unit, const char *alt,
                      const char *fmt, ...)
{
    struct loc l;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(l.path, sizeof l.path, fmt, ap);
    va_end(ap);
    snprintf(l.alt, sizeof l.alt, "%s", alt ? alt : "");
    l.d = d;
    l.prob = NULL;
    l.unit = unit;
    return fn(user, &l);
}

/* Visit every place of p where a factor can live, in plan order. Stops at the first
 * non-zero return of fn and returns it. */
static int walk(const struct plan *p, visit_fn fn, void *user)
{
    int rc = 0;
    for (int i = 0; i < p->n_groups && !rc; i++) {
        /* A failure group's probability fails all its members' copies at once. */
        struct loc l;
        snprintf(l.path, sizeof l.path, "failure_groups.%s.failure", p->groups[i].name);
        l.alt[0] = '\0';
        l.d = NULL;
        l.prob = &p->groups[i].failure_prob;
        l.unit = "probability";
        rc = fn(user, &l);
    }
    for (int i = 0; i < p->n_stores && !rc; i++) {
        const struct store *st = &p->stores[i];
        if (st->zone_mode == STORE_ZONE_SYNC || st->zone_mode == STORE_ZONE_ASYNC)
            rc = visit_dist(fn, user, &st->failover, "duration", NULL,
                            "stores.%s.zone_redundancy.failover", st->name);
        if (!rc && st->zone_mode == STORE_ZONE_ASYNC)
            rc = visit_dist(fn, user, &st->replica_lag, "duration", NULL,
                            "stores.%s.zone_redundancy.lag", st->name);
        for (size_t r = 0; r < st->n_rules && !rc; r++) {
            const struct backup_rule *br = &st->rules[r];
            struct loc l;
            if (br->schedule.kind == SCHED_CONTINUOUS)
                rc = visit_dist(fn, user, &br->lag, "duration", NULL, "stores.%s.backups.%s.lag",
                                st->name, br->name);
            else
                rc = visit_dist(fn, user, &br->complete, "duration", NULL,
                                "stores.%s.backups.%s.complete", st->name, br->name);
            if (rc)
                break;
            snprintf(l.path, sizeof l.path, "stores.%s.backups.%s.failure", st->name, br->name);
            l.alt[0] = '\0';
            l.d = NULL;
            l.prob = &br->failure_prob;
            l.unit = "probability";
            rc = fn(user, &l);
        }
        if (!rc && st->recovery != STORE_RECOVER_NONE) {
            rc = visit_dist(fn, user, &st->throughput, "rate", NULL, "stores.%s.restore.throughput",
                            st->name);
            if (!rc)
                rc = visit_dist(fn, user, &st->overhead, "duration", NULL,
                                "stores.%s.restore.overhead", st->name);
        }
        if (!rc && st->replica.present) {
            rc = visit_dist(fn, user, &st->replica.lag, "duration", NULL,
                            "stores.%s.replica.lag", st->name);
            if (!rc)
                rc = visit_dist(fn, user, &st->replica.promote, "duration", NULL,
                                "stores.%s.replica.promote", st->name);
        }
    }
    for (int i = 0; i < p->n_roles && !rc; i++) {
        static const char *const period[SCHED_N_PERIODS] = {"business", "night", "weekend"};
        char business[PATH_MAX_LEN];
        snprintf(business, sizeof business, "staffing.roles.%s.response.business",
                 p->roles[i].name);
        for (int k = 0; k < SCHED_N_PERIODS && !rc; k++)
            rc = visit_dist(fn, user, &p->roles[i].response[k], "duration", k ? business : NULL,
                            "staffing.roles.%s.response.%s", p->roles[i].name, period[k]);
    }
    for (int i = 0; i < p->n_scenarios && !rc; i++) {
        const struct scenario *sc = &p->scenarios[i];
        rc = visit_dist(fn, user, &sc->duration, "duration", NULL, "scenarios.%s.duration",
                        sc->name);
        if (!rc)
            rc = visit_dist(fn, user, &sc->primary_return, "duration", NULL,
                            "scenarios.%s.primary_return", sc->name);
        if (!rc && sc->has_go_wait)
            rc = visit_dist(fn, user, &sc->go_wait, "duration", NULL,
                            "scenarios.%s.activation.go_when.outage_lasted", sc->name);
        if (!rc && sc->damage.present)
            rc = visit_dist(fn, user, &sc->damage.detection, "duration", NULL,
                            "scenarios.%s.damage.detected_after", sc->name);
        if (!rc && sc->failback.present)
            rc = visit_dist(fn, user, &sc->failback.delay, "duration", NULL,
                            "scenarios.%s.failback.after", sc->name);
        if (!rc && sc->failback.present)
            rc = visit_dist(fn, user, &sc->failback.sync_throughput, "rate", NULL,
                            "scenarios.%s.failback.sync_throughput", sc->name);
        for (int s = 0; s < sc->n_steps && !rc; s++) {
            const struct step *st = &sc->steps[s];
            if (st->kind == STEP_TASK || st->kind == STEP_RECREATE)
                rc = visit_dist(fn, user, &st->duration, "duration", NULL,
                                "scenarios.%s.runbook.%s.duration", sc->name, st->name);
            /* A restore step's own rates (they replace the store's for it). */
            if (!rc && (st->restore_own & STEP_OWN_THROUGHPUT))
                rc = visit_dist(fn, user, &st->own->throughput, "rate", NULL,
                                "scenarios.%s.runbook.%s.throughput", sc->name, st->name);
            if (!rc && (st->restore_own & STEP_OWN_OVERHEAD))
                rc = visit_dist(fn, user, &st->own->overhead, "duration", NULL,
                                "scenarios.%s.runbook.%s.overhead", sc->name, st->name);
        }
    }
    return rc;
}

/* ---- listing ------------------------------------------------------------------------ */

struct lister {
    struct index ix;
    struct factor *f;
    int n, cap;
};

static int list_one(void *user, const struct loc *l)
{
    struct lister *ls = user;
    const struct plan_input *in = written_at(&ls->ix, l);
    if (in == NULL)
        return 0;
    for (int i = 0; i < ls->n; i++) {
        if (ls->f[i].line == in->line && ls->f[i].col == in->col) {
            ls->f[i].n_uses++;
            return 0;
        }
    }
    if (ls->n == ls->cap) {
        int c = ls->cap ? 2 * ls->cap : 32;
        struct factor *g = realloc(ls->f, (size_t)c * sizeof *g);
        if (g == NULL)
            return -1;
        ls->f = g;
        ls->cap = c;
    }
    struct factor *f = &ls->f[ls->n];
    memset(f, 0, sizeof *f);
    /* Name it by the input found: its own path, or the business response it falls back
     * to; "X.dist" (a distribution mapping) names X. */
    f->path = strdup(in->path);
    if (f->path == NULL)
        return -1;
    {
        size_t n = strlen(f->path);
        if (n > 5 && strcmp(f->path + n - 5, ".dist") == 0)
            f->path[n - 5] = '\0';
    }
    f->n_uses = 1;
    f->line = in->line;
    f->col = in->col;
    f->unit = l->unit;
    if (l->d) {
        f->kind = FACTOR_DIST;
        f->dist = *l->d;
    } else {
        f->kind = FACTOR_PROB;
        f->prob = *l->prob;
    }
    ls->n++;
    return 0;
}

int factor_list(const struct plan *p, struct factor **out, int *n)
{
    struct lister ls;
    memset(&ls, 0, sizeof ls);
    *out = NULL;
    *n = 0;
    if (index_init(&ls.ix, p) != 0)
        return -1;
    if (walk(p, list_one, &ls) != 0) {
        free(ls.ix.by_path);
        factor_list_free(ls.f, ls.n);
        return -1;
    }
    free(ls.ix.by_path);
    *out = ls.f;
    *n = ls.n;
    return 0;
}

void factor_list_free(struct factor *f, int n)
{
    if (f == NULL)
        return;
    for (int i = 0; i < n; i++)
        free(f[i].path);
    free(f);
}

double factor_typical(const struct factor *f)
{
    return f->kind == FACTOR_PROB ? f->prob : dist_quantile(&f->dist, 0.5);
}
