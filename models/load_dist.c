/* models/load_dist.c: reading a distribution of durations or rates.
 *
 * A distribution is written either as one quantity ("20m", a fixed value) or as a
 * mapping {dist: KIND, ...} whose other keys depend on the kind: the kind is found
 * first, then the mapping is read against that kind's keys (an unknown key is
 * suggested from them), then one reader per kind checks the relations between its
 * parameters where their keys can be pointed at ('max' above 'min', 'mode' between
 * them, 'p90' above 'median', ...). dist_check (models/dist.h) guards the rest.
 *
 * Empirical values are owned by the distribution that holds them; load_dist_copy makes
 * a deep copy where one distribution stands in for another (a role's night response
 * defaults to its business-hours one).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/load_int.h"

/* ---- distributions ------------------------------------------------------------------ */

static const char *const dist_kinds[] = {
    "fixed", "uniform", "triangular", "normal", "lognormal", "gamma", "weibull",
    "exponential", "empirical", NULL
};
static const char *const dk_fixed[] = {"dist", "value", NULL};
static const char *const dk_uniform[] = {"dist", "min", "max", NULL};
static const char *const dk_triangular[] = {"dist", "min", "mode", "max", NULL};
static const char *const dk_normal[] = {"dist", "mean", "sd", NULL};
static const char *const dk_lognormal[] = {"dist", "median", "p90", "p95", "mu", "sigma", NULL};
static const char *const dk_gamma[] = {"dist", "shape", "scale", "mean", NULL};
static const char *const dk_weibull[] = {"dist", "shape", "scale", NULL};
static const char *const dk_exponential[] = {"dist", "mean", NULL};
static const char *const dk_empirical[] = {"dist", "values", NULL};
static const char *const *const dist_keys[] = {
    dk_fixed, dk_uniform, dk_triangular, dk_normal, dk_lognormal, dk_gamma, dk_weibull,
    dk_exponential, dk_empirical
};
static const char *const dist_takes[] = {
    "a fixed distribution takes value",
    "a uniform distribution takes min and max",
    "a triangular distribution takes min, mode and max",
    "a normal distribution takes mean and sd",
    "a lognormal distribution takes median with p90 or p95, or mu and sigma",
    "a gamma distribution takes shape with scale or mean",
    "a weibull distribution takes shape and scale",
    "an exponential distribution takes mean",
    "an empirical distribution takes values"
};

static const char *dist_example(enum qty q)
{
    return q == Q_RATE ? "{dist: uniform, min: 100MB/s, max: 300MB/s}"
                       : "{dist: uniform, min: 10m, max: 30m}";
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The empirical values: a non-empty list of quantities, sorted ascending. */
static int get_values(struct ld *L, const yaml_node_t *v, enum qty q, double **out, size_t *n)
{
    yaml_node_item_t *it, *top;
    double *vals;
    size_t m = 0;
    int bad = 0;

    if (load_get_list(L, "values", v, "values", &it, &top))
        return 1;
    if (it == top) {
        load_err(L, v, "'values' must list at least one value");
        return 1;
    }
    vals = load_xcalloc(L, (size_t)(top - it), sizeof *vals);
    if (vals == NULL)
        return 1;
    for (; it < top; it++) {
        yaml_node_t *x = load_node_at(L, *it);
        if (x == NULL || load_get_qty(L, "values", x, q, &vals[m]))
            bad = 1;
        else
            m++;
    }
    if (bad) {
        free(vals);
        return 1;
    }
    qsort(vals, m, sizeof *vals, cmp_double);
    *out = vals;
    *n = m;
    return 0;
}

/* Two quantities of keys ka and kb, each reported when missing or bad; non-zero when
 * either is. get_b reads the second (a plain quantity, or one above zero). */
static int get_pair(struct ld *L, const struct fields *f, const char *ka, const char *kb,
                    enum qty q, int b_positive, double *a, double *b, yaml_node_t **xa,
                    yaml_node_t **xb)
{
    int bad = 0;
    *xa = load_freq(L, f, ka);
    *xb = load_freq(L, f, kb);
    if (!*xa || !*xb)
        return 1;
    bad |= load_get_qty(L, ka, *xa, q, a);
    bad |= b_positive ? load_get_positive(L, kb, *xb, q, b) : load_get_qty(L, kb, *xb, q, b);
    return bad;
}

static int read_uniform(struct ld *L, const struct fields *f, enum qty pq, struct dist *d)
{
    char b1[SHOW], b2[SHOW];
    yaml_node_t *x, *y;
    double a = 0, c = 0;
    if (get_pair(L, f, "min", "max", pq, 0, &a, &c, &x, &y))
        return 1;
    if (!(c > a)) {
        load_err(L, load_fkey(f, "max"), "'max' (%s) must be greater than 'min' (%s)",
                 load_show(load_sv(y), b1, sizeof b1), load_show(load_sv(x), b2, sizeof b2));
        return 1;
    }
    d->p[0] = a;
    d->p[1] = c;
    return 0;
}

static int read_triangular(struct ld *L, const struct fields *f, enum qty pq, struct dist *d)
{
    char b1[SHOW], b2[SHOW], b3[SHOW];
    yaml_node_t *x = load_freq(L, f, "min"), *y = load_freq(L, f, "mode"),
                *z = load_freq(L, f, "max");
    double a = 0, c = 0, e = 0;
    int bad = 0;
    if (!x || !y || !z)
        return 1;
    bad |= load_get_qty(L, "min", x, pq, &a);
    bad |= load_get_qty(L, "mode", y, pq, &c);
    bad |= load_get_qty(L, "max", z, pq, &e);
    if (bad)
        return 1;
    if (!(e > a)) {
        load_err(L, load_fkey(f, "max"), "'max' (%s) must be greater than 'min' (%s)",
                 load_show(load_sv(z), b1, sizeof b1), load_show(load_sv(x), b2, sizeof b2));
        return 1;
    }
    if (c < a || c > e) {
        load_err(L, load_fkey(f, "mode"), "'mode' (%s) must lie between 'min' (%s) and 'max' (%s)",
                 load_show(load_sv(y), b1, sizeof b1), load_show(load_sv(x), b2, sizeof b2),
                 load_show(load_sv(z), b3, sizeof b3));
        return 1;
    }
    d->p[0] = a;
    d->p[1] = c;
    d->p[2] = e;
    return 0;
}

static int read_normal(struct ld *L, const struct fields *f, enum qty pq, struct dist *d)
{
    yaml_node_t *x, *y;
    return get_pair(L, f, "mean", "sd", pq, 1, &d->p[0], &d->p[1], &x, &y);
}

/* The median e^mu of a lognormal given by mu must be a duration the plan may hold. */
static int check_mu(struct ld *L, const yaml_node_t *x, double mu, enum qty pq)
{
    char b[SHOW];
    if (pq == Q_DURATION && !(exp(mu) <= LOAD_MAX_DURATION_S)) {
        load_err(L, x, "'mu' makes a median (e^mu seconds) longer than 100 years (got \"%s\")",
                 load_show(load_sv(x), b, sizeof b));
        return 1;
    }
    return 0;
}

/* A lognormal by mu and sigma (log seconds, or log bytes per second), or by its
 * median and its 90th or 95th percentile. */
static int read_lognormal(struct ld *L, const struct fields *f, const char *name,
                          const yaml_node_t *v, enum qty pq, struct dist *d)
{
    char b1[SHOW], b2[SHOW];
    yaml_node_t *med = load_fval(f, "median"), *p90 = load_fval(f, "p90"),
                *p95 = load_fval(f, "p95");
    yaml_node_t *mu = load_fval(f, "mu"), *sigma = load_fval(f, "sigma"), *x, *y;
    const char *pk = p90 ? "p90" : "p95";
    double a = 0, c = 0;
    int bad = 0;

    if ((mu || sigma) && (med || p90 || p95)) {
        load_err(L, load_fkey(f, mu ? "mu" : "sigma"),
                 "give either 'median' with 'p90' or 'p95', or 'mu' with 'sigma', not both");
        return 1;
    }
    if (mu || sigma) {
        x = load_freq(L, f, "mu");
        y = load_freq(L, f, "sigma");
        if (!x || !y)
            return 1;
        bad |= load_get_qty(L, "mu", x, Q_NUMBER, &a);
        bad |= load_get_positive(L, "sigma", y, Q_NUMBER, &c);
        if (bad || check_mu(L, x, a, pq))
            return 1;
        d->p[0] = a;
        d->p[1] = c;
        return 0;
    }
    if (!load_freq(L, f, "median"))
        return 1;
    if (p90 && p95) {
        load_err(L, load_fkey(f, "p95"), "give 'p90' or 'p95', not both");
        return 1;
    }
    if (!p90 && !p95) {
        load_err(L, f->at, "lognormal distribution '%s' needs 'p90' or 'p95' with 'median'", name);
        return 1;
    }
    y = p90 ? p90 : p95;
    bad |= load_get_positive(L, "median", med, pq, &a);
    bad |= load_get_qty(L, pk, y, pq, &c);
    if (bad)
        return 1;
    if (!(c > a)) {
        load_err(L, load_fkey(f, pk), "'%s' (%s) must be greater than 'median' (%s)", pk,
                 load_show(load_sv(y), b1, sizeof b1), load_show(load_sv(med), b2, sizeof b2));
        return 1;
    }
    if (dist_lognormal_from_quantile(a, c, p90 ? 0.9 : 0.95, &d->p[0], &d->p[1]) != 0) {
        load_err(L, v, "invalid lognormal distribution for '%s'", name);
        return 1;
    }
    return 0;
}

/* Gamma (shape with scale or mean) and Weibull (shape and scale). */
static int read_shape_scale(struct ld *L, const struct fields *f, const char *name,
                            enum dist_kind kind, enum qty pq, struct dist *d)
{
    yaml_node_t *x = load_freq(L, f, "shape"), *y = load_fval(f, "scale");
    yaml_node_t *z = kind == DIST_GAMMA ? load_fval(f, "mean") : NULL;
    double a = 0, c = 0;
    int bad = 0;

    if (kind == DIST_GAMMA && y && z) {
        load_err(L, load_fkey(f, "mean"), "give 'scale' or 'mean', not both");
        return 1;
    }
    if (!y && !z) {
        if (kind == DIST_GAMMA)
            load_err(L, f->at, "gamma distribution '%s' needs 'scale' or 'mean' with 'shape'", name);
        else
            load_freq(L, f, "scale");
        return 1;
    }
    if (!x)
        return 1;
    bad |= load_get_positive(L, "shape", x, Q_NUMBER, &a);
    bad |= load_get_positive(L, y ? "scale" : "mean", y ? y : z, pq, &c);
    if (bad)
        return 1;
    d->p[0] = a;
    d->p[1] = y ? c : c / a;
    return 0;
}

/* The kind named by the mapping's 'dist' key; -1 when it is missing or unknown
 * (reported). The kind decides which keys are known, so it is found first. */
static int dist_kind_of(struct ld *L, const char *name, const yaml_node_t *owner,
                        const yaml_node_t *v)
{
    char b[SHOW], b1[SHOW], list[200];
    const yaml_node_t *kind_node = NULL;
    int kind;

    for (yaml_node_pair_t *pr = v->data.mapping.pairs.start; pr < v->data.mapping.pairs.top;
         pr++) {
        yaml_node_t *k = load_node_at(L, pr->key);
        if (k && load_is_scalar(k) && strcmp(load_sv(k), "dist") == 0) {
            kind_node = load_node_at(L, pr->value);
            break;
        }
    }
    if (kind_node == NULL) {
        load_err(L, owner ? owner : v, "distribution '%s' is missing required key 'dist'", name);
        return -1;
    }
    load_use(L, kind_node, "distribution");
    kind = load_is_scalar(kind_node) ? dist_kind_from_name(load_sv(kind_node)) : -1;
    if (kind >= 0 && kind <= DIST_EMPIRICAL)
        return kind;
    if (!load_is_scalar(kind_node) || load_is_null(kind_node))
        load_err(L, kind_node, "'dist' must be one of %s (got %s)",
                 load_join(dist_kinds, list, sizeof list), load_got(kind_node, b, sizeof b));
    else if (*load_did_you_mean(L, load_sv(kind_node), dist_kinds, b1, sizeof b1))
        load_err(L, kind_node, "unknown distribution '%s'%s",
                 load_show(load_sv(kind_node), b, sizeof b),
                 load_did_you_mean(L, load_sv(kind_node), dist_kinds, b1, sizeof b1));
    else
        load_err(L, kind_node, "unknown distribution '%s' (known: %s)",
                 load_show(load_sv(kind_node), b, sizeof b),
                 load_join(dist_kinds, list, sizeof list));
    return -1;
}

/* The parameters of a distribution of kind `kind` from its keys f into d. */
static int read_params(struct ld *L, const struct fields *f, const char *name,
                       const yaml_node_t *v, enum dist_kind kind, enum qty q, struct dist *d)
{
    enum qty pq = (q == Q_NEVER || q == Q_FOREVER) ? Q_DURATION : q;
    yaml_node_t *x;
    double a = 0;

    switch (kind) {
    case DIST_FIXED:
        if (!(x = load_freq(L, f, "value")) || load_get_qty(L, "value", x, q, &a))
            return 1;
        *d = dist_fixed(a);
        return 0;
    case DIST_UNIFORM:
        return read_uniform(L, f, pq, d);
    case DIST_TRIANGULAR:
        return read_triangular(L, f, pq, d);
    case DIST_NORMAL:
        return read_normal(L, f, pq, d);
    case DIST_LOGNORMAL:
        return read_lognormal(L, f, name, v, pq, d);
    case DIST_GAMMA:
    case DIST_WEIBULL:
        return read_shape_scale(L, f, name, kind, pq, d);
    case DIST_EXPONENTIAL:
        return !(x = load_freq(L, f, "mean")) || load_get_positive(L, "mean", x, pq, &d->p[0]);
    case DIST_EMPIRICAL: {
        double *vals = NULL;
        if (!(x = load_freq(L, f, "values")) || get_values(L, x, pq, &vals, &d->n_values))
            return 1;
        d->values = vals;
        return 0;
    }
    }
    return 1;
}

/* A distribution of quantities of kind q: the shorthand "20m" (fixed) or a mapping
 * {dist: KIND, ...} with that kind's keys. Relations between parameters are checked
 * where their keys can be pointed at; dist_check then guards the rest. *out is
 * written only on success. `owner` is the key whose value v is. */
int load_get_dist(struct ld *L, const char *name, const yaml_node_t *owner,
                  const yaml_node_t *v, enum qty q, struct dist *out)
{
    char b[SHOW];
    struct fields f;
    struct dist d;
    double a = 0;
    int kind;
    const char *why;

    memset(&d, 0, sizeof d);
    if (load_is_scalar(v) && !load_is_null(v)) {
        if (load_get_qty(L, name, v, q, &a))
            return 1;
        *out = dist_fixed(a);
        return 0;
    }
    if (v->type != YAML_MAPPING_NODE) {
        load_err(L, v, "'%s' must be %s or a distribution such as %s (got %s)", name,
                 load_qty_what(q), dist_example(q), load_got(v, b, sizeof b));
        return 1;
    }
    if ((kind = dist_kind_of(L, name, owner, v)) < 0)
        return 1;
    if (load_read_fields(L, &f, dist_keys[kind], owner, v, dist_takes[kind],
                         "%s distribution '%s'", dist_kinds[kind], name))
        return 1;
    d.kind = (enum dist_kind)kind;
    if (read_params(L, &f, name, v, (enum dist_kind)kind, q, &d))
        return 1;
    why = dist_check(&d);
    if (why) {
        load_err(L, v, "invalid distribution for '%s': %s", name, why);
        free((void *)d.values);
        return 1;
    }
    *out = d;
    return 0;
}

/* A deep copy (empirical values are owned by each distribution that holds them). */
int load_dist_copy(struct ld *L, const struct dist *src, struct dist *dst)
{
    *dst = *src;
    if (src->kind == DIST_EMPIRICAL && src->values) {
        double *v = malloc(src->n_values * sizeof *v);
        if (v == NULL) {
            L->nomem = 1;
            dst->values = NULL;
            dst->n_values = 0;
            return 1;
        }
        memcpy(v, src->values, src->n_values * sizeof *v);
        dst->values = v;
    }
    return 0;
}
