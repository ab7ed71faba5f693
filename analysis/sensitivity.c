/* analysis/sensitivity.c: one low and one high run per uncertain input, ranked (see
 * sensitivity.h). */
#include "analysis/sensitivity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "models/vary.h"
#include "analysis/sweep_int.h"

/* Simulate q and keep its summary in a new array *out[n_scenarios]. */
static enum sweep_status simulate(const struct plan *q, const struct sensitivity_options *o,
                                  struct sweep_progress *pg, struct sweep_summary **out)
{
    struct mc_results *res = NULL;
    enum sweep_status st = sweep_simulate(q, o->n_trials, o->seed, o->threads, pg, &res);
    *out = NULL;
    if (st != SWEEP_OK)
        return st;
    *out = calloc((size_t)res->n_scenarios, sizeof **out);
    if (*out == NULL) {
        mc_results_free(res);
        return SWEEP_NOMEM;
    }
    sweep_summarize(res, *out);
    mc_results_free(res);
    return SWEEP_OK;
}

/* Plan p with factor f moved by k (vary.h, VARY_SCALE), simulated. */
static enum sweep_status run_scaled(const struct plan *p, const char *name, const char *text,
                                    size_t len, const struct factor *f, double k,
                                    const struct sensitivity_options *o, struct sweep_progress *pg,
                                    struct sweep_summary **out)
{
    struct vary_change ch = {.how = VARY_SCALE, .path = f->path, .k = k};
    struct vary_result vr;
    enum vary_status vs = vary_plan(p, name, text, len, &ch, 1, &vr);
    enum sweep_status st;

    *out = NULL;
    if (vs != VARY_OK) {
        vary_result_fini(&vr);
        return vs == VARY_NOMEM ? SWEEP_NOMEM : SWEEP_INVALID;
    }
    st = simulate(vr.plan, o, pg, out);
    vary_result_fini(&vr);
    return st;
}

int sensitivity_range(const struct factor *f, double spread, double *lo, double *hi, int *why)
{
    *why = 0;
    if (f->kind == FACTOR_PROB) {
        if (!(f->prob > 0)) {
            *why = 2;
            return 0;
        }
        *lo = spread > 0 ? 1.0 - spread : 0.5;
        *hi = spread > 0 ? 1.0 + spread : 2.0;
        return 1;
    }
    double med = dist_quantile(&f->dist, 0.5);
    if (!isfinite(med) || !(med > 0)) {
        *why = 2;
        return 0;
    }
    if (spread > 0) {
        *lo = 1.0 - spread;
        *hi = 1.0 + spread;
        return 1;
    }
    if (f->dist.kind == DIST_FIXED) {
        *why = 1;
        return 0;
    }
    *lo = dist_quantile(&f->dist, 0.1) / med;
    *hi = dist_quantile(&f->dist, 0.9) / med;
    if (!(*lo > 0) || !isfinite(*hi) || !(*hi > *lo)) {
        *why = *lo == *hi ? 1 : 2;
        return 0;
    }
    return 1;
}

/* |a - b| for P95s where either may be infinite. */
static double p95_change(double a, double b)
{
    if (isinf(a) && isinf(b))
        return 0.0;
    if (isinf(a) || isinf(b))
        return INFINITY;
    return fabs(a - b);
}

static void measure(const struct sensitivity_results *r, struct sensitivity_factor *sf)
{
    sf->swing_p = 0;
    sf->swing_rel = 0;
    sf->swing_scenario = -1;
    sf->swing_objective = SWEEP_RTO;
    for (int s = 0; s < r->n_scenarios; s++) {
        for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
            const struct mc_objective *lo = sweep_objective_of(&sf->lo[s], (enum sweep_objective)o);
            const struct mc_objective *hi = sweep_objective_of(&sf->hi[s], (enum sweep_objective)o);
            double p95_lo = o == SWEEP_RTO ? sf->lo[s].rto.p95_s : sf->lo[s].rpo.p95_s;
            double p95_hi = o == SWEEP_RTO ? sf->hi[s].rto.p95_s : sf->hi[s].rpo.p95_s;
            double p95_base = o == SWEEP_RTO ? r->base[s].rto.p95_s : r->base[s].rpo.p95_s;
            double ref = lo->has_target ? lo->target_s : p95_base;
            double rel = p95_change(p95_hi, p95_lo);
            if (rel > 0)
                rel = ref > 0 && isfinite(ref) ? rel / ref : INFINITY;
            if (rel > sf->swing_rel)
                sf->swing_rel = rel;
            if (lo->has_target) {
                double d = fabs(hi->p_met - lo->p_met);
                if (sf->swing_scenario < 0 || d > sf->swing_p) {
                    sf->swing_p = d;
                    sf->swing_scenario = s;
                    sf->swing_objective = (enum sweep_objective)o;
                }
            }
        }
    }
}

static int cmp_factor(const void *a, const void *b)
{
    const struct sensitivity_factor *x = a, *y = b;
    if (x->swing_p != y->swing_p)
        return x->swing_p > y->swing_p ? -1 : 1;
    if (x->swing_rel != y->swing_rel)
        return x->swing_rel > y->swing_rel ? -1 : 1;
    if (x->f.line != y->f.line)
        return x->f.line < y->f.line ? -1 : 1;
    return (x->f.col > y->f.col) - (x->f.col < y->f.col);
}

void sensitivity_results_free(struct sensitivity_results *r)
{
    if (r == NULL)
        return;
    for (int i = 0; i < r->n_factors; i++) {
        free(r->factors[i].f.path);
        free(r->factors[i].lo);
        free(r->factors[i].hi);
    }
    free(r->factors);
    free(r->base);
    free(r);
}

enum sweep_status sensitivity_run(const struct plan *p, const char *name, const char *text,
                                  size_t len, const struct sensitivity_options *o,
                                  struct sensitivity_results **out)
{
    struct sensitivity_results *r;
    struct factor *fs = NULL;
    struct sweep_progress pg = {o->progress, o->progress_user, 0, 0};
    struct timespec t0, t1;
    enum sweep_status st = SWEEP_NOMEM;
    int n_fs = 0;

    *out = NULL;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    r = calloc(1, sizeof *r);
    if (r == NULL)
        return SWEEP_NOMEM;
    r->plan = p;
    r->n_trials = o->n_trials;
    r->seed = o->seed;
    r->threads = o->threads;
    r->spread = o->spread;
    r->n_scenarios = p->n_scenarios;
    if (factor_list(p, &fs, &n_fs) != 0)
        goto fail;
    r->factors = calloc((size_t)(n_fs ? n_fs : 1), sizeof *r->factors);
    if (r->factors == NULL)
        goto fail;
    /* Decide what runs first, so progress knows the total. */
    for (int i = 0; i < n_fs; i++) {
        struct sensitivity_factor *sf = &r->factors[r->n_factors];
        int why;
        if (!sensitivity_range(&fs[i], o->spread, &sf->k_lo, &sf->k_hi, &why)) {
            r->n_fixed += why == 1;
            r->n_zero += why == 2;
            continue;
        }
        sf->f = fs[i];
        fs[i].path = NULL;  /* taken over */
        r->n_factors++;
    }
    pg.total = o->n_trials * (uint64_t)p->n_scenarios * (uint64_t)(1 + 2 * r->n_factors);
    if ((st = simulate(p, o, &pg, &r->base)) != SWEEP_OK)
        goto fail;
    r->n_runs = 1;
    for (int i = 0; i < r->n_factors; i++) {
        struct sensitivity_factor *sf = &r->factors[i];
        sf->typical = factor_typical(&sf->f);
        sf->typical_lo = sf->f.kind == FACTOR_PROB ? fmin(1.0, sf->typical * sf->k_lo)
                                                    : sf->typical * sf->k_lo;
        sf->typical_hi = sf->f.kind == FACTOR_PROB ? fmin(1.0, sf->typical * sf->k_hi)
                                                    : sf->typical * sf->k_hi;
        if ((st = run_scaled(p, name, text, len, &sf->f, sf->k_lo, o, &pg, &sf->lo)) != SWEEP_OK ||
            (st = run_scaled(p, name, text, len, &sf->f, sf->k_hi, o, &pg, &sf->hi)) != SWEEP_OK)
            goto fail;
        r->n_runs += 2;
        measure(r, sf);
    }
    qsort(r->factors, (size_t)r->n_factors, sizeof *r->factors, cmp_factor);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->elapsed_s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    factor_list_free(fs, n_fs);
    *out = r;
    return SWEEP_OK;
fail:
    factor_list_free(fs, n_fs);
    sensitivity_results_free(r);
    return st;
}
