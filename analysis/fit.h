/* analysis/fit.h: maximum-likelihood fits of duration distributions to observed values.
 *
 * `drsim calibrate` replaces a step's assumed duration distribution with one fitted to
 * what drills measured. Three two-parameter families are fitted by maximum likelihood:
 *
 *   lognormal  closed form: mu and sigma are the mean and (1/n) standard deviation of ln x;
 *   gamma      shape k solves ln k - digamma(k) = ln(mean x) - mean(ln x) (GSL Brent root
 *              finder on a bracket grown from Minka's closed-form start), scale = mean / k;
 *   weibull    shape k solves sum(x^k ln x) / sum(x^k) - 1/k = mean(ln x) (Brent again,
 *              powers taken relative to the largest value so nothing overflows), scale =
 *              (mean x^k)^(1/k).
 *
 * Each fit reports its log-likelihood, AIC (2 parameters each, so AIC orders the families
 * as the likelihood does, but it is the figure people know), the Kolmogorov-Smirnov
 * statistic D against the observations and D's asymptotic p-value (approximate, and
 * optimistic, because the parameters were estimated from the same values), and the
 * asymptotic standard errors of both parameters from the inverse Fisher information.
 * fit_choose picks the family with the lowest AIC, or, with fewer than min_points
 * values, the empirical distribution of the values themselves.
 *
 * Values are seconds and must be finite and positive for the parametric fits. Nothing
 * here allocates except fit_choose (its sorted copy of the values), and nothing calls a
 * GSL function outside its domain: the caller does not need GSL's error handler off,
 * and nothing here turns it off (no global state is touched).
 */
#ifndef DRSIM_FIT_H
#define DRSIM_FIT_H

#include <stddef.h>

#include "models/dist.h"

#define FIT_MIN_POINTS 5     /* default: fewer values give the empirical distribution */

enum fit_family { FIT_LOGNORMAL = 0, FIT_GAMMA, FIT_WEIBULL, FIT_N_FAMILIES };

enum fit_status {
    FIT_OK = 0,              /* the fit's fields are valid */
    FIT_TOO_FEW,             /* fewer than 2 values */
    FIT_BAD_DATA,            /* a value is not finite and positive, or all values are equal */
    FIT_NO_CONVERGENCE,      /* the root finder did not converge (or found no bracket) */
    FIT_NOMEM                /* out of memory (fit_choose only) */
};

/* A short text for a status: "fewer than 2 values", ... */
const char *fit_strerror(enum fit_status s);

/* "lognormal", "gamma", "weibull". */
const char *fit_family_name(enum fit_family f);

struct fit_result {
    enum fit_family family;
    enum fit_status status;  /* the fields below are valid only when FIT_OK */
    struct dist dist;        /* fitted: lognormal (mu, sigma of ln seconds), gamma (shape,
                                scale seconds), weibull (shape, scale seconds) */
    double se[2];            /* asymptotic standard errors of dist.p[0] and dist.p[1] */
    double loglik;           /* log-likelihood at the fit (densities in 1/seconds) */
    double aic;              /* 2 * 2 - 2 * loglik */
    double ks;               /* Kolmogorov-Smirnov statistic D, in [0, 1] */
    double ks_p;             /* asymptotic p-value of D (approximate, see above) */
    int iterations;          /* root-finder iterations (0 for lognormal) */
};

/* Fit one family to n values. The result is written to *out whatever the status (the
 * status is also returned). x is borrowed and may be in any order. */
enum fit_status fit_lognormal(const double *x, size_t n, struct fit_result *out);
enum fit_status fit_gamma(const double *x, size_t n, struct fit_result *out);
enum fit_status fit_weibull(const double *x, size_t n, struct fit_result *out);
enum fit_status fit_family(enum fit_family f, const double *x, size_t n, struct fit_result *out);

/* The Kolmogorov-Smirnov statistic D = sup |F_n - F| of n values sorted ascending
 * against distribution d (dist_cdf). */
double fit_ks_statistic(const double *sorted, size_t n, const struct dist *d);

/* The asymptotic Kolmogorov p-value of D for n values, with Stephens' small-sample
 * correction: Q_KS((sqrt(n) + 0.12 + 0.11 / sqrt(n)) D). */
double fit_ks_pvalue(double d, size_t n);

struct fit_choice {
    size_t n;                /* number of values */
    double *values;          /* the values sorted ascending, owned */
    int empirical;           /* 1: fewer than min_points values, or no family could be fitted:
                                `chosen` is the empirical distribution of the values */
    struct fit_result fits[FIT_N_FAMILIES]; /* every family, when n >= min_points */
    int best;                /* family with the lowest AIC among those fitted, or -1 */
    struct dist chosen;      /* the result: fits[best].dist, or empirical over `values` */
};

/* Fit every family to n values (when n >= min_points) and choose: the lowest AIC, else
 * the empirical distribution. n must be at least 1. Returns FIT_OK, FIT_TOO_FEW when n is
 * 0, or FIT_NOMEM; release with fit_choice_fini (also after a failure). */
enum fit_status fit_choose(const double *x, size_t n, size_t min_points, struct fit_choice *out);
void fit_choice_fini(struct fit_choice *c);

/* A duration as plan text that parses back to the same second: "45s", "12.5s", "3h10m",
 * "1h02m03s", "2d04h". Values of a minute or more are rounded to the second; shorter ones
 * keep four significant digits. Returns buf. */
char *fit_format_duration(double seconds, char *buf, size_t n);

/* A duration distribution as a plan file writes it (a YAML flow mapping, or the
 * shorthand for fixed): "{dist: lognormal, median: 1h02m03s, p90: 2h10m}",
 * "{dist: gamma, shape: 2.3107, scale: 25m12s}", "{dist: empirical, values: [2h, 3h10m]}".
 * Returns buf, or NULL when it does not fit in n bytes. */
char *fit_dist_yaml(const struct dist *d, char *buf, size_t n);

#endif
