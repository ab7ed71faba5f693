/* models/dist.c: sampling, quantiles, means and CDFs of the plan's distributions.
 *
 * Sampling is on the engine's hot path, so each kind is a closed-form inversion of one
 * uniform (gamma: a short rejection loop) with no allocation and no failure path; the
 * normal quantile behind lognormal, normal and gamma draws is AS 241 written out here
 * (dist_normal_inv), which gives GSL's gsl_cdf_ugaussian_Pinv results bit for bit
 * without the library call. The analytic functions (quantile, mean, cdf)
 * serve reports and worst-case figures; they are exact for every kind, including
 * the normal truncated at 0. GSL's default error handler aborts, and a library must
 * not abort its caller, so only GSL functions that cannot raise an error for the
 * arguments we pass are called: inputs are clamped to their domains first, and the
 * gamma quantile is computed here by bracketing and bisection rather than with
 * gsl_cdf_gamma_Pinv, which raises "inverse failed to converge" for small shapes.
 */
#include "models/dist.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>

#define GAMMA_MAX_ATTEMPTS 64

static const char *const kind_names[] = {
    "fixed", "uniform", "triangular", "normal", "lognormal", "gamma", "weibull",
    "exponential", "empirical"
};

struct dist dist_fixed(double v)
{
    struct dist d;
    memset(&d, 0, sizeof d);
    d.kind = DIST_FIXED;
    d.p[0] = v;
    return d;
}

const char *dist_kind_name(enum dist_kind k)
{
    if ((unsigned)k < sizeof kind_names / sizeof kind_names[0])
        return kind_names[k];
    return "unknown";
}

int dist_kind_from_name(const char *name)
{
    if (name == NULL)
        return -1;
    for (size_t i = 0; i < sizeof kind_names / sizeof kind_names[0]; i++)
        if (strcmp(name, kind_names[i]) == 0)
            return (int)i;
    return -1;
}

/* Every parameter must be a number; a fixed value may be +INFINITY (an outage that
 * never ends by itself), nothing else may be infinite. Normal means must be >= 0 so
 * the truncation at 0 keeps at least half the mass (the truncated quantile then stays
 * accurate). */
const char *dist_check(const struct dist *d)
{
    const double *p = d->p;
    switch (d->kind) {
    case DIST_FIXED:
        if (isnan(p[0]))
            return "value must be a number";
        if (p[0] < 0)
            return "value must be >= 0";
        return NULL;
    case DIST_UNIFORM:
        if (!isfinite(p[0]) || !isfinite(p[1]))
            return "min and max must be finite";
        if (p[0] < 0)
            return "min must be >= 0";
        if (p[1] < p[0])
            return "max must be >= min";
        return NULL;
    case DIST_TRIANGULAR:
        if (!isfinite(p[0]) || !isfinite(p[1]) || !isfinite(p[2]))
            return "min, mode and max must be finite";
        if (p[0] < 0)
            return "min must be >= 0";
        if (p[1] < p[0])
            return "mode must be >= min";
        if (p[2] < p[1])
            return "max must be >= mode";
        if (!(p[2] > p[0]))
            return "max must be > min";
        return NULL;
    case DIST_NORMAL:
        if (!isfinite(p[0]) || !isfinite(p[1]))
            return "mean and sd must be finite";
        if (p[0] < 0)
            return "mean must be >= 0";
        if (!(p[1] > 0))
            return "sd must be > 0";
        return NULL;
    case DIST_LOGNORMAL:
        if (!isfinite(p[0]) || !isfinite(p[1]))
            return "mu and sigma must be finite";
        if (!(p[1] > 0))
            return "sigma must be > 0";
        return NULL;
    case DIST_GAMMA:
    case DIST_WEIBULL:
        if (!isfinite(p[0]) || !isfinite(p[1]))
            return "shape and scale must be finite";
        if (!(p[0] > 0))
            return "shape must be > 0";
        if (!(p[1] > 0))
            return "scale must be > 0";
        return NULL;
    case DIST_EXPONENTIAL:
        if (!isfinite(p[0]))
            return "mean must be finite";
        if (!(p[0] > 0))
            return "mean must be > 0";
        return NULL;
    case DIST_EMPIRICAL:
        if (d->values == NULL || d->n_values < 1)
            return "an empirical distribution needs at least one value";
        for (size_t i = 0; i < d->n_values; i++) {
            if (!isfinite(d->values[i]))
                return "values must be finite";
            if (d->values[i] < 0)
                return "values must be >= 0";
            if (i > 0 && d->values[i] < d->values[i - 1])
                return "values must be sorted ascending";
        }
        return NULL;
    }
    return "unknown distribution";
}

int dist_lognormal_from_quantile(double median, double value_q, double q, double *mu,
                                 double *sigma)
{
    double z;
    if (!(median > 0) || !isfinite(median) || !isfinite(value_q) || !(value_q > median) ||
        !(q > 0.5) || !(q < 1))
        return 1;
    z = dist_normal_inv(q);
    *mu = log(median);
    *sigma = log(value_q / median) / z;
    return 0;
}

int dist_lognormal_bounds(const struct dist *d, int n, int finite_top, double *out)
{
    if (d->kind != DIST_LOGNORMAL || !(d->p[1] > 0.0) || !(d->p[1] <= 50.0) ||
        !isfinite(d->p[0]))
        return 0;
    double lo = 0.0; /* the draw at u = 0 */
    for (int b = 0; b < n; b++) {
        double hi = INFINITY;
        if (b + 1 < n || finite_top) {
            hi = dist_lognormal_u(d, b + 1 < n ? (double)(b + 1) / n : 0x1.fffffffffffffp-1);
            if (!(hi < 0x1p1000))
                return 0;
        }
        out[2 * b] = lo < 0x1p-900 ? 0.0 : lo * (1.0 - 1e-9);
        out[2 * b + 1] = hi * (1.0 + 1e-9) + 0x1p-900;
        lo = hi;
    }
    return 1;
}

/* Triangular inverse CDF (models/dist.h); max > min is guaranteed by dist_check. */
static double triangular_inv(const struct dist *d, double u)
{
    return dist_triangular_u(d, dist_triangular_fc(d), u);
}

/* ---- the standard normal quantile ---------------------------------------------------- */

/* Wichura, M. J. (1988), "Algorithm AS 241: The percentage points of the normal
 * distribution", Applied Statistics 37(3), 477-484: PPND16, rational approximations of
 * degree 7/7 in three regions with relative accuracy about 1e-16. The coefficients are
 * the published ones. |u - 1/2| <= 0.425 uses r = 0.180625 - q^2 (q = u - 1/2) and
 * returns q * A(r) / B(r); beyond it r = sqrt(-ln(min(u, 1 - u))) and the fraction is
 * C/D in r - 1.6 when r <= 5, E/F in r - 5 further out, with the sign of q. Each
 * polynomial is evaluated by Horner's rule from the highest coefficient and the
 * central fraction is formed as q * (A / B): that is the evaluation order of GSL's
 * gsl_cdf_ugaussian_Pinv, which implements the same algorithm, so this returns the very
 * same doubles (tests/test_dist.c compares them bit for bit). Written out here so the
 * hot path is inlined code without GSL's call and its generic polynomial loops.
 *
 * A fraction's numerator and denominator are evaluated side by side, the two lanes of
 * one two-double vector: each lane's multiplications and additions are the scalar
 * Horner steps in the same order, each rounded as the scalar operation would be, so the
 * results are the same bits for half the instructions. */
typedef double as241_pair __attribute__((vector_size(2 * sizeof(double))));

static inline as241_pair horner8x2(const as241_pair c[8], double x)
{
    const as241_pair v = {x, x};
    return ((((((c[7] * v + c[6]) * v + c[5]) * v + c[4]) * v + c[3]) * v + c[2]) * v +
            c[1]) * v + c[0];
}

/* {numerator, denominator} coefficients of degree 0 .. 7 of the three fractions. */
static const as241_pair as241_ab[8] = {
    {3.3871328727963666080e0, 1.0},
    {1.3314166789178437745e+2, 4.2313330701600911252e+1},
    {1.9715909503065514427e+3, 6.8718700749205790830e+2},
    {1.3731693765509461125e+4, 5.3941960214247511077e+3},
    {4.5921953931549871457e+4, 2.1213794301586595867e+4},
    {6.7265770927008700853e+4, 3.9307895800092710610e+4},
    {3.3430575583588128105e+4, 2.8729085735721942674e+4},
    {2.5090809287301226727e+3, 5.2264952788528545610e+3}};
static const as241_pair as241_cd[8] = {
    {1.42343711074968357734e0, 1.0},
    {4.63033784615654529590e0, 2.05319162663775882187e0},
    {5.76949722146069140550e0, 1.67638483018380384940e0},
    {3.64784832476320460504e0, 6.89767334985100004550e-1},
    {1.27045825245236838258e0, 1.48103976427480074590e-1},
    {2.41780725177450611770e-1, 1.51986665636164571966e-2},
    {2.27238449892691845833e-2, 5.47593808499534494600e-4},
    {7.74545014278341407640e-4, 1.05075007164441684324e-9}};
static const as241_pair as241_ef[8] = {
    {6.65790464350110377720e0, 1.0},
    {5.46378491116411436990e0, 5.99832206555887937690e-1},
    {1.78482653991729133580e0, 1.36929880922735805310e-1},
    {2.96560571828504891230e-1, 1.48753612908506148525e-2},
    {2.65321895265761230930e-2, 7.86869131145613259100e-4},
    {1.24266094738807843860e-3, 1.84631831751005468180e-5},
    {2.71155556874348757815e-5, 1.42151175831644588870e-7},
    {2.01033439929228813265e-7, 2.04426310338993978564e-15}};

/* The central region is tested first: it holds 85 % of uniforms, and every u it admits
 * (0.075 <= u <= 0.925) is inside (0, 1), so the range checks are needed only beyond it
 * (a NaN fails all three tests, as it did in the old order, and comes out NaN). */
double dist_normal_inv(double u)
{
    double q = u - 0.5;
    if (fabs(q) <= 0.425) {
        double r = 0.180625 - q * q;
        as241_pair ab = horner8x2(as241_ab, r);
        return q * (ab[0] / ab[1]);
    }
    if (u <= 0)
        return -INFINITY;
    if (u >= 1)
        return INFINITY;
    double r = sqrt(-log(u < 0.5 ? u : 1.0 - u));
    as241_pair f = r <= 5.0 ? horner8x2(as241_cd, r - 1.6) : horner8x2(as241_ef, r - 5.0);
    double x = f[0] / f[1];
    return u < 0.5 ? -x : x;
}

/* The normal (m, s) truncated to [0, inf): quantile q is m + s*z with
 * Phi(z) = Phi(-m/s) + q * Phi(m/s). Written through the upper tail,
 * Q(z) = (1 - q) * Phi(m/s), which stays accurate when q is close to 1. */
static double trunc_normal_quantile(double m, double s, double q)
{
    double keep = gsl_cdf_ugaussian_P(m / s);    /* P(X >= 0) before truncation */
    double upper = (1 - q) * keep;               /* Q(z) */
    double z;
    if (q <= 0)
        return 0.0;
    if (q >= 1)
        return INFINITY;
    if (upper < 0.5)
        z = -dist_normal_inv(upper);    /* Q^-1(upper), bit for bit GSL's Qinv */
    else
        z = dist_normal_inv(1 - upper);
    return fmax(0.0, m + s * z);
}

/* The increasing function whose root is the gamma quantile: P(x) - q below the
 * median and (1 - q) - Q(x) above it, so neither tail loses digits. */
static double gamma_gap(double x, double k, double q)
{
    if (q <= 0.5)
        return gsl_cdf_gamma_P(x, k, 1.0) - q;
    return (1 - q) - gsl_cdf_gamma_Q(x, k, 1.0);
}

/* Gamma quantile (unit scale) by bracketing then bisection: the bracket starts at
 * the mean k and halves or doubles until it straddles the root (a lower end that
 * underflows to 0 is fine: the CDF is continuous from 0). Bisection runs until the
 * bracket is relatively 1e-15 wide, geometric midpoints while the lower end is
 * positive so tiny quantiles converge too. About 100 CDF calls: quantiles are for
 * reports, not for the trial loop. */
static double gamma_quantile(double k, double q)
{
    double lo = k, hi = k;
    if (q <= 0)
        return 0.0;
    if (q >= 1)
        return INFINITY;
    for (int i = 0; i < 2100 && gamma_gap(lo, k, q) > 0; i++) {
        lo *= 0.5;
        if (lo < 1e-300) {
            lo = 0;
            break;
        }
    }
    for (int i = 0; i < 2100 && gamma_gap(hi, k, q) < 0; i++)
        hi *= 2;
    for (int i = 0; i < 400 && hi - lo > 1e-15 * hi; i++) {
        double mid = lo > 0 ? sqrt(lo * hi) : 0.5 * hi;
        if (mid <= lo || mid >= hi)
            mid = 0.5 * (lo + hi);
        if (mid <= lo || mid >= hi)
            break;
        if (gamma_gap(mid, k, q) < 0)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* PERCENTILE.INC: position h = (n - 1) q, linear between the neighbours. */
static double empirical_quantile(const double *v, size_t n, double q)
{
    double h = (double)(n - 1) * q;
    size_t i = (size_t)floor(h);
    if (i >= n - 1)
        return v[n - 1];
    return v[i] + (h - (double)i) * (v[i + 1] - v[i]);
}

double dist_quantile(const struct dist *d, double q)
{
    const double *p = d->p;
    if (isnan(q))
        return NAN;
    if (q < 0)
        q = 0;
    if (q > 1)
        q = 1;
    switch (d->kind) {
    case DIST_FIXED:
        return p[0];
    case DIST_UNIFORM:
        return dist_uniform_u(d, q);
    case DIST_TRIANGULAR:
        return triangular_inv(d, q);
    case DIST_NORMAL:
        return trunc_normal_quantile(p[0], p[1], q);
    case DIST_LOGNORMAL:
        if (q <= 0)
            return 0.0;
        return dist_lognormal_u(d, q);
    case DIST_GAMMA:
        return p[1] * gamma_quantile(p[0], q);
    case DIST_WEIBULL:
        /* F(x) = 1 - exp(-(x/lambda)^k) */
        if (q >= 1)
            return INFINITY;
        return p[1] * pow(-log1p(-q), 1.0 / p[0]);
    case DIST_EXPONENTIAL:
        if (q >= 1)
            return INFINITY;
        return -p[0] * log1p(-q);
    case DIST_EMPIRICAL:
        return empirical_quantile(d->values, d->n_values, q);
    }
    return NAN;
}

/* ---- sampling ------------------------------------------------------------------------ */

/* FNV-1a's 64-bit offset basis and prime (dist_rng_id and its finalizer are inline in
 * models/dist.h). */
#define ID_FNV_BASIS UINT64_C(0xcbf29ce484222325)
#define ID_FNV_PRIME UINT64_C(0x100000001b3)

uint64_t dist_rng_id_name(uint64_t id, const char *name)
{
    uint64_t h = ID_FNV_BASIS;
    for (const unsigned char *c = (const unsigned char *)(name ? name : ""); *c; c++)
        h = (h ^ *c) * ID_FNV_PRIME;
    return dist_rng_id(id, h);
}

/* Gamma(k, 1) by Marsaglia and Tsang (2000): with d = k - 1/3 and c = 1/sqrt(9d), a
 * standard normal x and v = (1 + c x)^3 > 0, d v is accepted when u < 1 - 0.0331 x^4
 * (the squeeze) or ln u < x^2 / 2 + d (1 - v + ln v). For k < 1, Gamma(k) is
 * Gamma(k + 1) U^(1/k), U drawn first. The normal is Phi^-1 of a uniform. An attempt is
 * accepted with probability above 0.95 for every k >= 1, so after 64 refusals
 * (probability below 1e-80) the mean is returned: sampling never loops for long. */
static double gamma_unit(double k, struct dist_rng *r)
{
    double boost = 1.0, shape = k;
    if (shape < 1.0) {
        boost = pow(r->uniform(r), 1.0 / k);
        shape += 1.0;
    }
    double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (int i = 0; i < GAMMA_MAX_ATTEMPTS; i++) {
        double x = dist_normal_inv(r->uniform(r));
        double v = 1.0 + c * x;
        if (v <= 0.0)
            continue;
        v = v * v * v;
        double u = r->uniform(r), x2 = x * x;
        if (u < 1.0 - 0.0331 * x2 * x2 || log(u) < 0.5 * x2 + d * (1.0 - v + log(v)))
            return boost * d * v;
    }
    return k;
}

double dist_sample_u_general(const struct dist *d, double u)
{
    switch (d->kind) {
    case DIST_FIXED:
        return d->p[0];
    case DIST_LOGNORMAL:
    case DIST_UNIFORM:
        return dist_sample_u(d, u); /* inline there; dist_sample_u never calls for these */
    case DIST_TRIANGULAR:
        return triangular_inv(d, u);
    case DIST_NORMAL:
    case DIST_WEIBULL:
    case DIST_EXPONENTIAL:
    case DIST_GAMMA:
        /* u is in (0, 1): every quantile is finite there. (Gamma only when a caller
         * asks: dist_sample draws it by Marsaglia and Tsang, not by inversion.) */
        return dist_quantile(d, u);
    case DIST_EMPIRICAL: {
        /* floor(u * n) with u in (0, 1) is below n except for rounding at huge n. */
        size_t i = (size_t)(u * (double)d->n_values);
        if (i >= d->n_values)
            i = d->n_values - 1;
        return d->values[i];
    }
    }
    return 0.0;
}

double dist_sample(const struct dist *d, struct dist_rng *r)
{
    switch (d->kind) {
    case DIST_FIXED:
        return d->p[0];
    case DIST_GAMMA:
        return d->p[1] * gamma_unit(d->p[0], r);
    default:
        return dist_sample_u(d, r->uniform(r));
    }
}

/* Mean of the normal (m, s) truncated to [0, inf): m + s * phi(a) / (1 - Phi(a))
 * with a = -m/s; 1 - Phi(a) = Phi(m/s) is at least 1/2 because m >= 0. */
static double trunc_normal_mean(double m, double s)
{
    double a = -m / s;
    double phi = exp(-0.5 * a * a) * 0.39894228040143267794 /* 1/sqrt(2 pi) */;
    return m + s * phi / gsl_cdf_ugaussian_P(m / s);
}

double dist_mean(const struct dist *d)
{
    const double *p = d->p;
    switch (d->kind) {
    case DIST_FIXED:
        return p[0];
    case DIST_UNIFORM:
        return 0.5 * (p[0] + p[1]);
    case DIST_TRIANGULAR:
        return (p[0] + p[1] + p[2]) / 3.0;
    case DIST_NORMAL:
        return trunc_normal_mean(p[0], p[1]);
    case DIST_LOGNORMAL:
        return exp(p[0] + 0.5 * p[1] * p[1]);
    case DIST_GAMMA:
        return p[0] * p[1];
    case DIST_WEIBULL:
        /* lambda * Gamma(1 + 1/k); lngamma of a positive argument cannot fail. */
        return p[1] * exp(gsl_sf_lngamma(1.0 + 1.0 / p[0]));
    case DIST_EXPONENTIAL:
        return p[0];
    case DIST_EMPIRICAL: {
        double s = 0;
        for (size_t i = 0; i < d->n_values; i++)
            s += d->values[i];
        return d->n_values ? s / (double)d->n_values : NAN;
    }
    }
    return NAN;
}

/* The empirical CDF is the step function of the sampling rule (each listed value
 * has probability 1/n), not the inverse of the interpolated quantile: it is the
 * probability the engine actually realises. */
double dist_cdf(const struct dist *d, double x)
{
    const double *p = d->p;
    if (isnan(x))
        return NAN;
    switch (d->kind) {
    case DIST_FIXED:
        return x >= p[0] ? 1.0 : 0.0;
    case DIST_UNIFORM:
        if (x >= p[1])
            return 1.0;
        if (x < p[0])
            return 0.0;
        return (x - p[0]) / (p[1] - p[0]);
    case DIST_TRIANGULAR: {
        double a = p[0], c = p[1], b = p[2];
        if (x <= a)
            return 0.0;
        if (x >= b)
            return 1.0;
        if (x <= c)
            return (x - a) * (x - a) / ((b - a) * (c - a));
        return 1.0 - (b - x) * (b - x) / ((b - a) * (b - c));
    }
    case DIST_NORMAL: {
        double keep;
        if (x <= 0)
            return 0.0;
        if (isinf(x))
            return 1.0;
        keep = gsl_cdf_ugaussian_P(p[0] / p[1]);
        return 1.0 - gsl_cdf_ugaussian_Q((x - p[0]) / p[1]) / keep;
    }
    case DIST_LOGNORMAL:
        if (x <= 0)
            return 0.0;
        if (isinf(x))
            return 1.0;
        return gsl_cdf_lognormal_P(x, p[0], p[1]);
    case DIST_GAMMA:
        if (x <= 0)
            return 0.0;
        if (isinf(x))
            return 1.0;
        return gsl_cdf_gamma_P(x, p[0], p[1]);
    case DIST_WEIBULL:
        if (x <= 0)
            return 0.0;
        if (isinf(x))
            return 1.0;
        return gsl_cdf_weibull_P(x, p[1], p[0]);
    case DIST_EXPONENTIAL:
        if (x <= 0)
            return 0.0;
        if (isinf(x))
            return 1.0;
        return gsl_cdf_exponential_P(x, p[0]);
    case DIST_EMPIRICAL: {
        /* Number of values <= x by binary search over the sorted list. */
        size_t lo = 0, hi = d->n_values;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (d->values[mid] <= x)
                lo = mid + 1;
            else
                hi = mid;
        }
        return (double)lo / (double)d->n_values;
    }
    }
    return NAN;
}

static char *fmt_plain(double v, char *buf, size_t n)
{
    snprintf(buf, n, "%g", v);
    return buf;
}

/* Describes with the parameters a planner would have written: lognormal by median
 * and p90, gamma by shape and mean, the rest by their own parameters. Shapes are
 * unitless and printed with %g; everything else goes through fmt. */
char *dist_describe(const struct dist *d, char *(*fmt)(double, char *, size_t), char *buf,
                    size_t n)
{
    char a[48], b[48], c[48];
    const double *p = d->p;

    if (n == 0)
        return buf;
    if (fmt == NULL)
        fmt = fmt_plain;
    switch (d->kind) {
    case DIST_FIXED:
        snprintf(buf, n, "fixed %s", fmt(p[0], a, sizeof a));
        break;
    case DIST_UNIFORM:
        snprintf(buf, n, "uniform min %s, max %s", fmt(p[0], a, sizeof a),
                 fmt(p[1], b, sizeof b));
        break;
    case DIST_TRIANGULAR:
        snprintf(buf, n, "triangular min %s, mode %s, max %s", fmt(p[0], a, sizeof a),
                 fmt(p[1], b, sizeof b), fmt(p[2], c, sizeof c));
        break;
    case DIST_NORMAL:
        snprintf(buf, n, "normal mean %s, sd %s", fmt(p[0], a, sizeof a),
                 fmt(p[1], b, sizeof b));
        break;
    case DIST_LOGNORMAL:
        snprintf(buf, n, "lognormal median %s, p90 %s", fmt(dist_quantile(d, 0.5), a, sizeof a),
                 fmt(dist_quantile(d, 0.9), b, sizeof b));
        break;
    case DIST_GAMMA:
        snprintf(buf, n, "gamma shape %g, mean %s", p[0], fmt(dist_mean(d), a, sizeof a));
        break;
    case DIST_WEIBULL:
        snprintf(buf, n, "weibull shape %g, scale %s", p[0], fmt(p[1], a, sizeof a));
        break;
    case DIST_EXPONENTIAL:
        snprintf(buf, n, "exponential mean %s", fmt(p[0], a, sizeof a));
        break;
    case DIST_EMPIRICAL:
        if (d->n_values == 0 || d->values == NULL)
            snprintf(buf, n, "empirical (no values)");
        else
            snprintf(buf, n, "empirical %zu values, min %s, median %s, max %s", d->n_values,
                     fmt(d->values[0], a, sizeof a), fmt(dist_quantile(d, 0.5), b, sizeof b),
                     fmt(d->values[d->n_values - 1], c, sizeof c));
        break;
    default:
        snprintf(buf, n, "unknown distribution");
        break;
    }
    return buf;
}
