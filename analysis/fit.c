/* analysis/fit.c: maximum-likelihood fits of lognormal, gamma and Weibull distributions,
 * goodness of fit, the choice among them, and writing a distribution back as plan text.
 *
 * The gamma and Weibull shapes are roots of one-dimensional equations that are monotone
 * in the shape, so a bracket always exists for data that are not all equal; GSL's Brent
 * solver finds them. GSL's root solvers report problems through its error handler (abort
 * by default), so every call is made only where it cannot fail: the bracket is checked
 * to straddle the root and every function value to be finite before the solver sees it.
 */
#include "analysis/fit.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>

#define ROOT_MAX_ITER 200      /* Brent converges in a few dozen */
#define BRACKET_MAX_STEPS 200  /* factor-2 widenings of a shape bracket */
#define SHAPE_MIN 1e-6         /* shapes outside [SHAPE_MIN, SHAPE_MAX] are reported as no */
#define SHAPE_MAX 1e8          /* convergence: the data do not support a finite fit */
#define EULER_GAMMA 0.57721566490153286061
#define Z90 1.2815515655446004 /* standard normal 90 % quantile */

const char *fit_strerror(enum fit_status s)
{
    switch (s) {
    case FIT_OK:
        return "fitted";
    case FIT_TOO_FEW:
        return "fewer than 2 values";
    case FIT_BAD_DATA:
        return "values must be positive and not all equal";
    case FIT_NO_CONVERGENCE:
        return "the fit did not converge";
    case FIT_NOMEM:
        return "out of memory";
    }
    return "unknown status";
}

const char *fit_family_name(enum fit_family f)
{
    switch (f) {
    case FIT_LOGNORMAL:
        return "lognormal";
    case FIT_GAMMA:
        return "gamma";
    case FIT_WEIBULL:
        return "weibull";
    case FIT_N_FAMILIES:
        break;
    }
    return "?";
}

/* ---- goodness of fit ------------------------------------------------------------------ */

double fit_ks_statistic(const double *sorted, size_t n, const struct dist *d)
{
    double dmax = 0;
    for (size_t i = 0; i < n; i++) {
        double f = dist_cdf(d, sorted[i]);
        double a = f - (double)i / (double)n, b = (double)(i + 1) / (double)n - f;
        if (a > dmax)
            dmax = a;
        if (b > dmax)
            dmax = b;
    }
    return dmax;
}

/* Q_KS(l) = 2 sum_{j>=1} (-1)^(j-1) exp(-2 j^2 l^2); for small l the series converges
 * slowly and its value is 1 to double precision anyway. */
double fit_ks_pvalue(double d, size_t n)
{
    double sn = sqrt((double)n), l, sum = 0, sign = 1;
    if (n == 0 || !(d > 0))
        return 1.0;
    l = (sn + 0.12 + 0.11 / sn) * d;
    if (l < 0.2)
        return 1.0;
    for (int j = 1; j <= 100; j++) {
        double term = sign * exp(-2.0 * j * j * l * l);
        sum += term;
        if (fabs(term) < 1e-12 * fabs(sum))
            break;
        sign = -sign;
    }
    sum *= 2;
    return sum < 0 ? 0 : sum > 1 ? 1 : sum;
}

/* ---- helpers ---------------------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Check values for the parametric fits: n >= 2, all finite and positive, not all equal. */
static enum fit_status check_values(const double *x, size_t n)
{
    int differ = 0;
    if (n < 2)
        return FIT_TOO_FEW;
    for (size_t i = 0; i < n; i++) {
        if (!(x[i] > 0) || !isfinite(x[i]))
            return FIT_BAD_DATA;
        differ |= x[i] != x[0];
    }
    return differ ? FIT_OK : FIT_BAD_DATA;
}

/* AIC, D and its p-value for a finished fit, given the values sorted ascending. */
static void finish(struct fit_result *r, const double *sorted, size_t n)
{
    r->aic = 2.0 * 2.0 - 2.0 * r->loglik;
    r->ks = fit_ks_statistic(sorted, n, &r->dist);
    r->ks_p = fit_ks_pvalue(r->ks, n);
}

/* A sorted copy of x, or NULL when out of memory. */
static double *sorted_copy(const double *x, size_t n)
{
    double *s = malloc((n ? n : 1) * sizeof *s);
    if (s == NULL)
        return NULL;
    memcpy(s, x, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_double);
    return s;
}

static void init_result(struct fit_result *r, enum fit_family f)
{
    memset(r, 0, sizeof *r);
    r->family = f;
    r->status = FIT_OK;
    r->loglik = NAN;
    r->aic = NAN;
    r->ks = NAN;
    r->ks_p = NAN;
    r->se[0] = r->se[1] = NAN;
}

/* Find the root of the increasing function f on (SHAPE_MIN, SHAPE_MAX) starting from a
 * guess: widen [guess/2, guess*2] by factors of 2 until it straddles, then Brent. Returns
 * 0 with the root in *root, or non-zero. */
static int solve_shape(gsl_function *fn, double guess, double *root, int *iters)
{
    double lo = guess / 2, hi = guess * 2, flo, fhi;
    const gsl_root_fsolver_type *T = gsl_root_fsolver_brent;
    gsl_root_fsolver *s;
    int rc = 1, status = GSL_CONTINUE;

    if (!(guess > 0) || !isfinite(guess))
        lo = 0.5, hi = 2.0;
    flo = GSL_FN_EVAL(fn, lo);
    fhi = GSL_FN_EVAL(fn, hi);
    for (int i = 0; i < BRACKET_MAX_STEPS && isfinite(flo) && isfinite(fhi) && flo > 0; i++) {
        hi = lo;
        fhi = flo;
        lo /= 2;
        if (lo < SHAPE_MIN)
            return 1;
        flo = GSL_FN_EVAL(fn, lo);
    }
    for (int i = 0; i < BRACKET_MAX_STEPS && isfinite(flo) && isfinite(fhi) && fhi < 0; i++) {
        lo = hi;
        flo = fhi;
        hi *= 2;
        if (hi > SHAPE_MAX)
            return 1;
        fhi = GSL_FN_EVAL(fn, hi);
    }
    if (!isfinite(flo) || !isfinite(fhi) || flo > 0 || fhi < 0)
        return 1;
    if (flo == 0) {
        *root = lo;
        return 0;
    }
    if (fhi == 0) {
        *root = hi;
        return 0;
    }
    s = gsl_root_fsolver_alloc(T);
    if (s == NULL)
        return 1;
    if (gsl_root_fsolver_set(s, fn, lo, hi) != GSL_SUCCESS)
        goto out;
    for (*iters = 0; *iters < ROOT_MAX_ITER && status == GSL_CONTINUE; (*iters)++) {
        if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
            goto out;
        status = gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s),
                                        0, 1e-13);
    }
    if (status == GSL_SUCCESS) {
        *root = gsl_root_fsolver_root(s);
        rc = 0;
    }
out:
    gsl_root_fsolver_free(s);
    return rc;
}

/* ---- lognormal ----------------------------------------------------------------------------- */

enum fit_status fit_lognormal(const double *x, size_t n, struct fit_result *out)
{
    double mu = 0, ss = 0, sigma, sum_l = 0;
    double *s;

    init_result(out, FIT_LOGNORMAL);
    if ((out->status = check_values(x, n)) != FIT_OK)
        return out->status;
    for (size_t i = 0; i < n; i++)
        mu += log(x[i]);
    sum_l = mu;
    mu /= (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (log(x[i]) - mu) * (log(x[i]) - mu);
    sigma = sqrt(ss / (double)n);
    if (!(sigma > 0))
        return out->status = FIT_BAD_DATA;
    out->dist.kind = DIST_LOGNORMAL;
    out->dist.p[0] = mu;
    out->dist.p[1] = sigma;
    out->se[0] = sigma / sqrt((double)n);
    out->se[1] = sigma / sqrt(2.0 * (double)n);
    /* At the MLE the quadratic term sums to n/2. */
    out->loglik = -sum_l - (double)n * log(sigma) - 0.5 * (double)n * log(2 * M_PI) -
                  0.5 * (double)n;
    if ((s = sorted_copy(x, n)) == NULL)
        return out->status = FIT_NOMEM;
    finish(out, s, n);
    free(s);
    return FIT_OK;
}

/* ---- gamma --------------------------------------------------------------------------------- */

struct gamma_eq {
    double s;                /* ln(mean) - mean(ln x) > 0 */
};

/* -(ln k - psi(k) - s): increasing in k (ln k - psi(k) decreases from +inf to 0). */
static double gamma_fn(double k, void *params)
{
    const struct gamma_eq *g = params;
    return -(log(k) - gsl_sf_psi(k) - g->s);
}

enum fit_status fit_gamma(const double *x, size_t n, struct fit_result *out)
{
    double mean = 0, mean_l = 0, sum_l = 0, k, theta, psi1, det, guess;
    struct gamma_eq eq;
    gsl_function fn;
    double *s;

    init_result(out, FIT_GAMMA);
    if ((out->status = check_values(x, n)) != FIT_OK)
        return out->status;
    for (size_t i = 0; i < n; i++) {
        mean += x[i];
        sum_l += log(x[i]);
    }
    mean /= (double)n;
    mean_l = sum_l / (double)n;
    eq.s = log(mean) - mean_l;
    if (!(eq.s > 0))
        return out->status = FIT_BAD_DATA;
    /* Minka's approximation, within 1.5 % of the root. */
    guess = (3 - eq.s + sqrt((eq.s - 3) * (eq.s - 3) + 24 * eq.s)) / (12 * eq.s);
    fn.function = gamma_fn;
    fn.params = &eq;
    if (solve_shape(&fn, guess, &k, &out->iterations) != 0)
        return out->status = FIT_NO_CONVERGENCE;
    theta = mean / k;
    out->dist.kind = DIST_GAMMA;
    out->dist.p[0] = k;
    out->dist.p[1] = theta;
    /* Fisher information per value for (k, theta): [[psi1(k), 1/theta], [1/theta, k/theta^2]]. */
    psi1 = gsl_sf_psi_1(k);
    det = k * psi1 - 1;
    if (det > 0) {
        out->se[0] = sqrt(k / det / (double)n);
        out->se[1] = theta * sqrt(psi1 / det / (double)n);
    }
    out->loglik = (k - 1) * sum_l - (double)n * mean / theta - (double)n * k * log(theta) -
                  (double)n * gsl_sf_lngamma(k);
    if ((s = sorted_copy(x, n)) == NULL)
        return out->status = FIT_NOMEM;
    finish(out, s, n);
    free(s);
    return FIT_OK;
}

/* ---- weibull -------------------------------------------------------------------------------- */

struct weibull_eq {
    const double *x;
    size_t n;
    double lmax;             /* largest ln x: powers are taken relative to it */
    double mean_l;           /* mean of ln x */
};

/* sum(w ln x) / sum(w) - 1/k - mean(ln x), w = (x / max x)^k: increasing in k. */
static double weibull_fn(double k, void *params)
{
    const struct weibull_eq *w = params;
    double sw = 0, swl = 0;
    for (size_t i = 0; i < w->n; i++) {
        double l = log(w->x[i]), e = exp(k * (l - w->lmax));
        sw += e;
        swl += e * l;
    }
    return swl / sw - 1.0 / k - w->mean_l;
}

enum fit_status fit_weibull(const double *x, size_t n, struct fit_result *out)
{
    struct weibull_eq eq;
    gsl_function fn;
    double k, lambda, sw = 0, var_l = 0, guess, sum_l = 0, ll = 0;
    double *s;

    init_result(out, FIT_WEIBULL);
    if ((out->status = check_values(x, n)) != FIT_OK)
        return out->status;
    eq.x = x;
    eq.n = n;
    eq.lmax = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double l = log(x[i]);
        sum_l += l;
        if (l > eq.lmax)
            eq.lmax = l;
    }
    eq.mean_l = sum_l / (double)n;
    for (size_t i = 0; i < n; i++)
        var_l += (log(x[i]) - eq.mean_l) * (log(x[i]) - eq.mean_l);
    var_l /= (double)n;
    if (!(var_l > 0))
        return out->status = FIT_BAD_DATA;
    /* Menon's estimator: sd(ln x) = pi / (k sqrt 6). */
    guess = M_PI / sqrt(6.0 * var_l);
    fn.function = weibull_fn;
    fn.params = &eq;
    if (solve_shape(&fn, guess, &k, &out->iterations) != 0)
        return out->status = FIT_NO_CONVERGENCE;
    for (size_t i = 0; i < n; i++)
        sw += exp(k * (log(x[i]) - eq.lmax));
    lambda = exp(eq.lmax + log(sw / (double)n) / k);
    out->dist.kind = DIST_WEIBULL;
    out->dist.p[0] = k;
    out->dist.p[1] = lambda;
    /* Inverse Fisher information per value: var(k) = 6 k^2 / pi^2,
     * var(lambda) = (lambda / k)^2 (1 + 6 (1 - gamma)^2 / pi^2). */
    out->se[0] = k * sqrt(6.0 / (double)n) / M_PI;
    out->se[1] = lambda / k *
                 sqrt((1 + 6 * (1 - EULER_GAMMA) * (1 - EULER_GAMMA) / (M_PI * M_PI)) / (double)n);
    for (size_t i = 0; i < n; i++) {
        double l = log(x[i]);
        ll += log(k) - k * log(lambda) + (k - 1) * l - exp(k * (l - log(lambda)));
    }
    out->loglik = ll;
    if ((s = sorted_copy(x, n)) == NULL)
        return out->status = FIT_NOMEM;
    finish(out, s, n);
    free(s);
    return FIT_OK;
}

enum fit_status fit_family(enum fit_family f, const double *x, size_t n, struct fit_result *out)
{
    switch (f) {
    case FIT_LOGNORMAL:
        return fit_lognormal(x, n, out);
    case FIT_GAMMA:
        return fit_gamma(x, n, out);
    case FIT_WEIBULL:
    case FIT_N_FAMILIES:
        break;
    }
    return fit_weibull(x, n, out);
}

/* ---- the choice ------------------------------------------------------------------------------ */

enum fit_status fit_choose(const double *x, size_t n, size_t min_points, struct fit_choice *out)
{
    memset(out, 0, sizeof *out);
    out->best = -1;
    out->n = n;
    if (n == 0)
        return FIT_TOO_FEW;
    if ((out->values = sorted_copy(x, n)) == NULL)
        return FIT_NOMEM;
    if (n >= min_points && n >= 2) {
        for (int f = 0; f < FIT_N_FAMILIES; f++) {
            struct fit_result *r = &out->fits[f];
            if (fit_family((enum fit_family)f, x, n, r) == FIT_NOMEM)
                return FIT_NOMEM;
            if (r->status == FIT_OK && (out->best < 0 || r->aic < out->fits[out->best].aic))
                out->best = f;
        }
    } else {
        for (int f = 0; f < FIT_N_FAMILIES; f++) {
            init_result(&out->fits[f], (enum fit_family)f);
            out->fits[f].status = FIT_TOO_FEW;
        }
    }
    if (out->best >= 0) {
        out->chosen = out->fits[out->best].dist;
    } else {
        out->empirical = 1;
        out->chosen.kind = DIST_EMPIRICAL;
        out->chosen.values = out->values;
        out->chosen.n_values = n;
    }
    return FIT_OK;
}

void fit_choice_fini(struct fit_choice *c)
{
    free(c->values);
    c->values = NULL;
    c->chosen.values = NULL;
    c->chosen.n_values = 0;
}

/* ---- back to plan text ------------------------------------------------------------------------ */

char *fit_format_duration(double seconds, char *buf, size_t n)
{
    static const struct {
        const char *unit;
        double s;
    } parts[] = {{"d", 86400}, {"h", 3600}, {"m", 60}, {"s", 1}};
    size_t o = 0;
    double left;
    int started = 0;

    if (!(seconds >= 60)) {
        if (seconds == floor(seconds))
            snprintf(buf, n, "%.0fs", seconds);
        else
            snprintf(buf, n, "%.4gs", seconds);
        return buf;
    }
    left = floor(seconds + 0.5);
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        double q = floor(left / parts[i].s);
        int w;
        if (q <= 0)
            continue;               /* "1h05s": a zero part is left out */
        left -= q * parts[i].s;
        w = snprintf(buf + o, n > o ? n - o : 0, started ? "%02.0f%s" : "%.0f%s", q, parts[i].unit);
        if (w < 0 || (size_t)w >= (n > o ? n - o : 0))
            return buf;
        o += (size_t)w;
        started = 1;
    }
    return buf;
}

/* Append formatted text; returns non-zero when it does not fit. */
static int put(char *buf, size_t n, size_t *o, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int put(char *buf, size_t n, size_t *o, const char *fmt, ...)
{
    va_list ap;
    int w;
    if (*o >= n)
        return 1;
    va_start(ap, fmt);
    w = vsnprintf(buf + *o, n - *o, fmt, ap);
    va_end(ap);
    if (w < 0 || (size_t)w >= n - *o)
        return 1;
    *o += (size_t)w;
    return 0;
}

char *fit_dist_yaml(const struct dist *d, char *buf, size_t n)
{
    char a[48], b[48], c[48];
    size_t o = 0;
    int bad = 0;
    const double *p = d->p;

    switch (d->kind) {
    case DIST_FIXED:
        bad = put(buf, n, &o, "%s", fit_format_duration(p[0], a, sizeof a));
        break;
    case DIST_UNIFORM:
        bad = put(buf, n, &o, "{dist: uniform, min: %s, max: %s}",
                  fit_format_duration(p[0], a, sizeof a), fit_format_duration(p[1], b, sizeof b));
        break;
    case DIST_TRIANGULAR:
        bad = put(buf, n, &o, "{dist: triangular, min: %s, mode: %s, max: %s}",
                  fit_format_duration(p[0], a, sizeof a), fit_format_duration(p[1], b, sizeof b),
                  fit_format_duration(p[2], c, sizeof c));
        break;
    case DIST_NORMAL:
        bad = put(buf, n, &o, "{dist: normal, mean: %s, sd: %s}",
                  fit_format_duration(p[0], a, sizeof a), fit_format_duration(p[1], b, sizeof b));
        break;
    case DIST_LOGNORMAL: {
        /* Median and p90 read best; when rounding them to the second would move sigma by
         * more than 1 % (a tiny sigma: far less than its sampling error from a handful of
         * drills), mu and sigma are written instead. */
        double med = exp(p[0]), q90 = exp(p[0] + Z90 * p[1]), med_r, q90_r;
        fit_format_duration(med, a, sizeof a);
        fit_format_duration(q90, b, sizeof b);
        med_r = med >= 60 ? floor(med + 0.5) : med;
        q90_r = q90 >= 60 ? floor(q90 + 0.5) : q90;
        if (q90_r > med_r && fabs(log(q90_r / med_r) / Z90 - p[1]) <= 1e-2 * p[1])
            bad = put(buf, n, &o, "{dist: lognormal, median: %s, p90: %s}", a, b);
        else
            bad = put(buf, n, &o, "{dist: lognormal, mu: %.10g, sigma: %.10g}", p[0], p[1]);
        break;
    }
    case DIST_GAMMA:
        bad = put(buf, n, &o, "{dist: gamma, shape: %.5g, scale: %s}", p[0],
                  fit_format_duration(p[1], a, sizeof a));
        break;
    case DIST_WEIBULL:
        bad = put(buf, n, &o, "{dist: weibull, shape: %.5g, scale: %s}", p[0],
                  fit_format_duration(p[1], a, sizeof a));
        break;
    case DIST_EXPONENTIAL:
        bad = put(buf, n, &o, "{dist: exponential, mean: %s}", fit_format_duration(p[0], a, sizeof a));
        break;
    case DIST_EMPIRICAL:
        bad = put(buf, n, &o, "{dist: empirical, values: [");
        for (size_t i = 0; i < d->n_values && !bad; i++)
            bad = put(buf, n, &o, "%s%s", i ? ", " : "",
                      fit_format_duration(d->values[i], a, sizeof a));
        bad = bad || put(buf, n, &o, "]}");
        break;
    }
    return bad ? NULL : buf;
}
