/* analysis/sobol.c: Saltelli sampling, one model run per row, Jansen estimators and a
 * bootstrap (see sobol.h). */
#include "analysis/sobol.h"

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/sensitivity.h"
#include "analysis/sweep_int.h"
#include "models/vary.h"

const char *sobol_measure_name(enum sobol_measure m)
{
    return m == SOBOL_P_MEET ? "P(meet)" : "value";
}

void sobol_results_free(struct sobol_results *r)
{
    if (r == NULL)
        return;
    for (int i = 0; i < r->n_factors; i++)
        free(r->factors[i].f.path);
    free(r->factors);
    for (int m = 0; m < r->n_outputs; m++) {
        struct sobol_output *o = &r->outputs[m];
        free(o->s1);  /* one block holds all six arrays */
    }
    free(r->outputs);
    free(r);
}

/* The outputs of plan p: per scenario, RTO then RPO; with a target P(meet) and the value
 * at the plan's confidence, else the P95. Counted when out is NULL. */
static int list_outputs(const struct plan *p, struct sobol_output *out)
{
    int n = 0;
    for (int s = 0; s < p->n_scenarios; s++) {
        const struct scenario *sc = &p->scenarios[s];
        for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
            const int target = sc->has_policy;
            for (int m = target ? SOBOL_P_MEET : SOBOL_VALUE; m <= SOBOL_VALUE; m++) {
                if (out)
                    out[n] = (struct sobol_output){.scenario = s,
                                                   .objective = (enum sweep_objective)o,
                                                   .measure = (enum sobol_measure)m,
                                                   .quantile = target ? p->confidence : 0.95};
                n++;
            }
        }
    }
    return n;
}

/* Output o's value in one run's summaries. */
static double output_value(const struct sobol_output *o, const struct sweep_summary *sums)
{
    const struct sweep_summary *s = &sums[o->scenario];
    const struct mc_objective *obj = sweep_objective_of(s, o->objective);
    if (o->measure == SOBOL_P_MEET)
        return obj->p_met;
    if (obj->has_target)
        return obj->value_at_confidence_s;
    return o->objective == SWEEP_RTO ? s->rto.p95_s : s->rpo.p95_s;
}

/* One model run: every factor scaled by k[i], simulated, each output's value into y[]. */
static enum sweep_status run_point(const struct plan *p, const char *name, const char *text,
                                   size_t len, const struct sobol_results *r, const double *k,
                                   const struct sobol_options *o, struct sweep_progress *pg,
                                   struct vary_change *ch, struct sweep_summary *sums, double *y)
{
    for (int i = 0; i < r->n_factors; i++)
        ch[i] = (struct vary_change){.how = VARY_SCALE, .path = r->factors[i].f.path, .k = k[i]};
    struct vary_result vr;
    enum vary_status vs = vary_plan(p, name, text, len, ch, r->n_factors, &vr);
    if (vs != VARY_OK) {
        vary_result_fini(&vr);
        return vs == VARY_NOMEM ? SWEEP_NOMEM : SWEEP_INVALID;
    }
    struct mc_results *res = NULL;
    enum sweep_status st = sweep_simulate(vr.plan, o->n_trials, o->seed, o->threads, pg, &res);
    if (st == SWEEP_OK) {
        sweep_summarize(res, sums);
        for (int m = 0; m < r->n_outputs; m++)
            y[m] = output_value(&r->outputs[m], sums);
        mc_results_free(res);
    }
    vary_result_fini(&vr);
    return st;
}

/* The estimators over the rows idx[0..N) (a bootstrap resample, or 0..N-1) of one
 * output: fa[j], fb[j] and fab[i * N + j] its values (sobol.h). s1[i] and st[i] get NAN
 * when the output does not vary or is not finite. */
static void jansen(const double *fa, const double *fb, const double *fab, const int *idx,
                   int n, int k, double *s1, double *st)
{
    double mean = 0.0, v = 0.0;
    int finite = 1;
    for (int j = 0; j < n; j++) {
        mean += fa[idx[j]] + fb[idx[j]];
        finite &= isfinite(fa[idx[j]]) && isfinite(fb[idx[j]]);
    }
    mean /= 2.0 * n;
    for (int j = 0; j < n; j++)
        v += (fa[idx[j]] - mean) * (fa[idx[j]] - mean) + (fb[idx[j]] - mean) * (fb[idx[j]] - mean);
    v /= 2.0 * n - 1.0;
    for (int i = 0; i < k; i++) {
        double a = 0.0, b = 0.0;
        int fin = finite;
        for (int j = 0; j < n; j++) {
            const double x = fab[(size_t)i * (size_t)n + (size_t)idx[j]];
            fin &= isfinite(x);
            b += (fb[idx[j]] - mean) * (x - fa[idx[j]]);
            a += (fa[idx[j]] - x) * (fa[idx[j]] - x);
        }
        if (!fin || !(v > 0)) {
            s1[i] = st[i] = NAN;
            continue;
        }
        s1[i] = b / n / v;
        st[i] = a / (2.0 * n) / v;
    }
}

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The q-quantile (0..1) of v[n] (sorted in place), by linear interpolation; NAN when any
 * value is NAN or n is 0. */
static double quantile(double *v, int n, double q)
{
    for (int i = 0; i < n; i++)
        if (isnan(v[i]))
            return NAN;
    if (n == 0)
        return NAN;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    double h = q * (n - 1);
    int lo = (int)floor(h);
    int hi = lo + 1 < n ? lo + 1 : lo;
    return v[lo] + (h - lo) * (v[hi] - v[lo]);
}

/* Indices and, with a bootstrap, their intervals for output m (values y[run * n_out + m],
 * runs in the order A rows, B rows, then AB_i rows for i = 0..k-1). */
static int estimate(struct sobol_results *r, int m, const double *y, const struct sobol_options *o,
                    gsl_rng *g)
{
    const int n = r->n_base, k = r->n_factors, n_out = r->n_outputs;
    struct sobol_output *out = &r->outputs[m];
    int ok = 0;
    double *fa = malloc((size_t)n * sizeof *fa), *fb = malloc((size_t)n * sizeof *fb);
    double *fab = malloc((size_t)n * (size_t)k * sizeof *fab);
    int *idx = malloc((size_t)n * sizeof *idx);
    double *bs1 = NULL, *bst = NULL, *tmp = NULL;
    double *blk = malloc((size_t)k * 6 * sizeof *blk);
    if (!fa || !fb || !fab || !idx || !blk)
        goto out;
    out->s1 = blk;
    out->s1_lo = blk + k;
    out->s1_hi = blk + 2 * k;
    out->st = blk + 3 * k;
    out->st_lo = blk + 4 * k;
    out->st_hi = blk + 5 * k;
    blk = NULL;
    for (int j = 0; j < n; j++) {
        fa[j] = y[(size_t)j * n_out + m];
        fb[j] = y[(size_t)(n + j) * n_out + m];
        idx[j] = j;
        for (int i = 0; i < k; i++)
            fab[(size_t)i * n + j] = y[(size_t)((2 + i) * n + j) * n_out + m];
    }
    double mean = 0.0, v = 0.0;
    for (int j = 0; j < n; j++)
        mean += fa[j] + fb[j];
    mean /= 2.0 * n;
    for (int j = 0; j < n; j++)
        v += (fa[j] - mean) * (fa[j] - mean) + (fb[j] - mean) * (fb[j] - mean);
    out->mean = isfinite(mean) ? mean : NAN;
    out->variance = isfinite(mean) ? v / (2.0 * n - 1.0) : NAN;
    jansen(fa, fb, fab, idx, n, k, out->s1, out->st);
    for (int i = 0; i < k; i++)
        out->s1_lo[i] = out->s1_hi[i] = out->st_lo[i] = out->st_hi[i] = NAN;
    if (o->n_boot > 0 && isfinite(out->variance) && out->variance > 0) {
        const int nb = o->n_boot;
        bs1 = malloc((size_t)nb * (size_t)k * sizeof *bs1);
        bst = malloc((size_t)nb * (size_t)k * sizeof *bst);
        tmp = malloc((size_t)nb * sizeof *tmp);
        if (!bs1 || !bst || !tmp)
            goto out;
        for (int b = 0; b < nb; b++) {
            for (int j = 0; j < n; j++)
                idx[j] = (int)gsl_rng_uniform_int(g, (unsigned long)n);
            jansen(fa, fb, fab, idx, n, k, bs1 + (size_t)b * k, bst + (size_t)b * k);
        }
        for (int i = 0; i < k; i++) {
            for (int b = 0; b < nb; b++)
                tmp[b] = bs1[(size_t)b * k + i];
            out->s1_lo[i] = quantile(tmp, nb, 0.025);
            for (int b = 0; b < nb; b++)
                tmp[b] = bs1[(size_t)b * k + i];
            out->s1_hi[i] = quantile(tmp, nb, 0.975);
            for (int b = 0; b < nb; b++)
                tmp[b] = bst[(size_t)b * k + i];
            out->st_lo[i] = quantile(tmp, nb, 0.025);
            for (int b = 0; b < nb; b++)
                tmp[b] = bst[(size_t)b * k + i];
            out->st_hi[i] = quantile(tmp, nb, 0.975);
        }
    }
    ok = 1;
out:
    free(fa);
    free(fb);
    free(fab);
    free(idx);
    free(bs1);
    free(bst);
    free(tmp);
    free(blk);
    return ok;
}

/* Factors in ranking order: the largest total index first, ties (and factors whose
 * every index is NAN) in file order. The outputs' arrays are permuted alongside. */
static int rank_factors(struct sobol_results *r)
{
    const int k = r->n_factors;
    int *order = malloc((size_t)k * sizeof *order);
    struct sobol_factor *fs = malloc((size_t)k * sizeof *fs);
    double *tmp = malloc((size_t)k * sizeof *tmp);
    if (!order || !fs || !tmp) {
        free(order);
        free(fs);
        free(tmp);
        return -1;
    }
    for (int i = 0; i < k; i++) {
        double best = -INFINITY;
        for (int m = 0; m < r->n_outputs; m++)
            if (!isnan(r->outputs[m].st[i]) && r->outputs[m].st[i] > best)
                best = r->outputs[m].st[i];
        r->factors[i].max_st = best;
        order[i] = i;
    }
    /* Insertion sort: stable, and k is small (the plan's inputs). */
    for (int a = 1; a < k; a++) {
        int x = order[a], b = a;
        while (b > 0 && r->factors[order[b - 1]].max_st < r->factors[x].max_st) {
            order[b] = order[b - 1];
            b--;
        }
        order[b] = x;
    }
    for (int i = 0; i < k; i++)
        fs[i] = r->factors[order[i]];
    memcpy(r->factors, fs, (size_t)k * sizeof *fs);
    for (int m = 0; m < r->n_outputs; m++) {
        double *arr[6] = {r->outputs[m].s1, r->outputs[m].s1_lo, r->outputs[m].s1_hi,
                          r->outputs[m].st, r->outputs[m].st_lo, r->outputs[m].st_hi};
        for (int a = 0; a < 6; a++) {
            for (int i = 0; i < k; i++)
                tmp[i] = arr[a][order[i]];
            memcpy(arr[a], tmp, (size_t)k * sizeof *tmp);
        }
    }
    free(order);
    free(fs);
    free(tmp);
    return 0;
}

int sobol_design(int n, int dims, uint64_t seed, double *pts, const char **sequence)
{
    if (dims <= SOBOL_MAX_SOBOL_DIMS) {
        *sequence = "sobol";
        gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)dims);
        if (q == NULL)
            return -1;
        /* GSL's sequence leaves out the all-zeros point: it starts at (0.5, ...). */
        for (int j = 0; j < n; j++)
            gsl_qrng_get(q, pts + (size_t)j * (size_t)dims);
        gsl_qrng_free(q);
        return 0;
    }
    *sequence = "latin-hypercube";
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    int *perm = malloc((size_t)n * sizeof *perm);
    if (g == NULL || perm == NULL) {
        if (g)
            gsl_rng_free(g);
        free(perm);
        return -1;
    }
    gsl_rng_set(g, (unsigned long)(seed ^ UINT64_C(0x6c6869)));
    for (int d = 0; d < dims; d++) {
        for (int j = 0; j < n; j++)
            perm[j] = j;
        gsl_ran_shuffle(g, perm, (size_t)n, sizeof *perm);
        for (int j = 0; j < n; j++)
            pts[(size_t)j * (size_t)dims + (size_t)d] = (perm[j] + gsl_rng_uniform(g)) / n;
    }
    gsl_rng_free(g);
    free(perm);
    return 0;
}

enum sweep_status sobol_run(const struct plan *p, const char *name, const char *text, size_t len,
                            const struct sobol_options *o, struct sobol_results **out)
{
    struct sobol_results *r;
    struct factor *fs = NULL;
    struct sweep_progress pg = {o->progress, o->progress_user, 0, 0};
    struct timespec t0, t1;
    enum sweep_status st = SWEEP_NOMEM;
    int n_fs = 0;
    gsl_rng *g = NULL;
    double *pts = NULL, *kv = NULL, *y = NULL;
    struct vary_change *ch = NULL;
    struct sweep_summary *sums = NULL;

    *out = NULL;
    if (o->n_base < 2 || o->n_boot < 0 || o->n_trials < 1 || o->threads < 1)
        return SWEEP_INVALID;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if ((r = calloc(1, sizeof *r)) == NULL)
        return SWEEP_NOMEM;
    r->plan = p;
    r->n_trials = o->n_trials;
    r->seed = o->seed;
    r->threads = o->threads;
    r->spread = o->spread;
    r->n_base = o->n_base;
    r->n_boot = o->n_boot;
    if (factor_list(p, &fs, &n_fs) != 0)
        goto fail;
    if ((r->factors = calloc((size_t)(n_fs ? n_fs : 1), sizeof *r->factors)) == NULL)
        goto fail;
    for (int i = 0; i < n_fs; i++) {
        struct sobol_factor *sf = &r->factors[r->n_factors];
        int why;
        if (!sensitivity_range(&fs[i], o->spread, &sf->k_lo, &sf->k_hi, &why)) {
            r->n_fixed += why == 1;
            r->n_zero += why == 2;
            continue;
        }
        sf->f = fs[i];
        fs[i].path = NULL; /* taken over */
        r->n_factors++;
    }
    if (r->n_factors == 0) {
        st = SWEEP_INVALID;
        goto fail;
    }
    r->n_outputs = list_outputs(p, NULL);
    if ((r->outputs = calloc((size_t)(r->n_outputs ? r->n_outputs : 1), sizeof *r->outputs)) == NULL)
        goto fail;
    list_outputs(p, r->outputs);

    const int n = r->n_base, k = r->n_factors, dims = 2 * k;
    if ((size_t)n * (size_t)(k + 2) > (size_t)INT32_MAX / 2) {
        st = SWEEP_INVALID;
        goto fail;
    }
    r->n_runs = n * (k + 2);
    pts = malloc((size_t)n * (size_t)dims * sizeof *pts);
    kv = malloc((size_t)k * sizeof *kv);
    y = malloc((size_t)r->n_runs * (size_t)r->n_outputs * sizeof *y);
    ch = calloc((size_t)k, sizeof *ch);
    sums = calloc((size_t)p->n_scenarios, sizeof *sums);
    g = gsl_rng_alloc(gsl_rng_mt19937);
    if (!pts || !kv || !y || !ch || !sums || !g ||
        sobol_design(n, dims, o->seed, pts, &r->sequence) != 0)
        goto fail;

    pg.total = o->n_trials * (uint64_t)p->n_scenarios * (uint64_t)(r->n_runs + 1);
    /* The plan as written, for reference (the runs' mean differs: every input moved). */
    {
        struct mc_results *res = NULL;
        if ((st = sweep_simulate(p, o->n_trials, o->seed, o->threads, &pg, &res)) != SWEEP_OK)
            goto fail;
        sweep_summarize(res, sums);
        mc_results_free(res);
        for (int m = 0; m < r->n_outputs; m++)
            r->outputs[m].as_written = output_value(&r->outputs[m], sums);
    }
    for (int run = 0; run < r->n_runs; run++) {
        const int block = run / n, j = run % n;   /* 0: A, 1: B, 2 + i: AB_i */
        const double *a = pts + (size_t)j * dims, *b = a + k;
        for (int i = 0; i < k; i++) {
            const double x = block == 1 ? b[i] : block >= 2 && i == block - 2 ? b[i] : a[i];
            const struct sobol_factor *sf = &r->factors[i];
            kv[i] = r->spread > 0 ? sf->k_lo + (sf->k_hi - sf->k_lo) * x
                                  : exp(log(sf->k_lo) + (log(sf->k_hi) - log(sf->k_lo)) * x);
        }
        if ((st = run_point(p, name, text, len, r, kv, o, &pg, ch, sums,
                            y + (size_t)run * r->n_outputs)) != SWEEP_OK)
            goto fail;
    }
    gsl_rng_set(g, (unsigned long)(o->seed ^ UINT64_C(0x736f626f6c)));
    st = SWEEP_NOMEM;
    for (int m = 0; m < r->n_outputs; m++)
        if (!estimate(r, m, y, o, g))
            goto fail;
    if (rank_factors(r) != 0)
        goto fail;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->elapsed_s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    st = SWEEP_OK;
    *out = r;
    r = NULL;
fail:
    factor_list_free(fs, n_fs);
    sobol_results_free(r);
    if (g)
        gsl_rng_free(g);
    free(pts);
    free(kv);
    free(y);
    free(ch);
    free(sums);
    return st;
}
