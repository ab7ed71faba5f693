/* models/dist.h: probability distributions of durations, throughputs and the like.
 *
 * A distribution is a small transparent value (kind + parameters in base units) so a
 * plan can hold thousands of them by value and the engine can sample one without a
 * pointer chase. Parameters are validated once, by dist_check, when a plan is loaded;
 * sampling never fails and never allocates. Everything is in base units: a duration
 * distribution samples seconds, a throughput distribution bytes per second.
 *
 *   kind         parameters (p[0], p[1], p[2])       notes
 *   fixed        value                               also the shorthand "20m"
 *   uniform      min, max
 *   triangular   min, mode, max
 *   normal       mean, sd                            truncated at 0 (resampled); mean >= 0
 *   lognormal    mu, sigma (of ln value)             plan may give median + p90/p95
 *   gamma        shape k, scale theta                plan may give shape + mean
 *   weibull      shape k, scale lambda
 *   exponential  mean
 *   empirical    values[n] (sorted ascending)        drawn uniformly from the list
 *
 * The engine samples through dist_sample, which takes a gsl_rng (Random123's Philox
 * through its GSL adapter, see sim/rng.h). Lognormal uses exp(mu + sigma*z) with a
 * ziggurat normal, about twice as fast as gsl_ran_lognormal.
 */
#ifndef DRSIM_DIST_H
#define DRSIM_DIST_H

#include <stddef.h>
#include <gsl/gsl_rng.h>

enum dist_kind {
    DIST_FIXED = 0,
    DIST_UNIFORM,
    DIST_TRIANGULAR,
    DIST_NORMAL,
    DIST_LOGNORMAL,
    DIST_GAMMA,
    DIST_WEIBULL,
    DIST_EXPONENTIAL,
    DIST_EMPIRICAL
};

struct dist {
    enum dist_kind kind;
    double p[3];            /* parameters in base units, see the table above */
    const double *values;   /* empirical only: sorted ascending, owned by the plan */
    size_t n_values;        /* empirical only: number of values (>= 1) */
};

/* A fixed distribution at value v. */
struct dist dist_fixed(double v);

/* Check parameters; returns NULL when valid, else a static reason such as
 * "sigma must be > 0" for the loader to report at the node's position. */
const char *dist_check(const struct dist *d);

/* Lognormal parameters from a median and the value at quantile q (0.5 < q < 1):
 * mu = ln(median), sigma = ln(value_q / median) / z_q. Returns non-zero (and leaves
 * the outputs alone) when value_q <= median or median <= 0. */
int dist_lognormal_from_quantile(double median, double value_q, double q, double *mu,
                                 double *sigma);

/* One draw. Never negative for the kinds above (normal is truncated at 0 by
 * resampling, falling back to 0 after 64 rejections). */
double dist_sample(const struct dist *d, gsl_rng *r);

/* The quantile function at probability q in [0, 1] (exact for every kind; empirical
 * uses PERCENTILE.INC interpolation). q outside [0, 1] is clamped; q = 1 gives
 * INFINITY for unbounded kinds. Never calls a GSL function that can raise an error. */
double dist_quantile(const struct dist *d, double q);

/* The mean (for the truncated normal, the mean of the truncated distribution). */
double dist_mean(const struct dist *d);

/* Cumulative probability P(X <= x). For empirical, the step function of the listed
 * values (each has probability 1/n, as dist_sample draws them). */
double dist_cdf(const struct dist *d, double x);

/* Name of the kind as written in plans ("lognormal"); and the inverse, -1 if unknown. */
const char *dist_kind_name(enum dist_kind k);
int dist_kind_from_name(const char *name);

/* Describe for people with a unit-aware formatter, e.g. "lognormal median 20m, p90 1h".
 * fmt formats one parameter value (units_format_duration for durations). Returns buf. */
char *dist_describe(const struct dist *d, char *(*fmt)(double, char *, size_t), char *buf,
                    size_t n);

#endif
