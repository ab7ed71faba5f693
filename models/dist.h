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
 *   normal       mean, sd                            truncated at 0 (inverted); mean >= 0
 *   lognormal    mu, sigma (of ln value)             plan may give median + p90/p95
 *   gamma        shape k, scale theta                plan may give shape + mean
 *   weibull      shape k, scale lambda
 *   exponential  mean
 *   empirical    values[n] (sorted ascending)        drawn uniformly from the list
 *
 * Sampling sees randomness only through struct dist_rng: a family of streams of
 * uniforms in (0, 1), one per 64-bit identity (the engine implements it with
 * counter-based Philox streams, sim/rng.h; no generator type appears here). Every
 * kind but gamma is sampled by inversion from exactly one uniform, x = quantile(u): fixed
 * takes none, the truncated normal is inverted exactly (no rejection), lognormal is
 * exp(mu + sigma * Phi^-1(u)). Gamma uses Marsaglia and Tsang's squeeze method (two
 * uniforms per attempt, nearly always one attempt; shapes below 1 take one more
 * uniform). Inversion makes a draw a monotone function of its uniform, so a plan
 * changed to a larger mean gives a larger draw in the same trial (the coupling that
 * makes common random numbers effective in sweeps).
 */
#ifndef DRSIM_DIST_H
#define DRSIM_DIST_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

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

/* A stream's first two uniforms (dist_rng's first_two). */
struct dist_u2 {
    double u0, u1;
};

/* The randomness the models may use: streams of uniforms named by 64-bit identities,
 * within the current trial. select starts stream `id` (the next uniforms are its
 * first); uniform returns the next uniform of the current stream, in (0, 1).
 * first_two, when not NULL, is select followed by two uniforms in one call, with the
 * same numbers and the stream left where they leave it: the backup walk draws exactly
 * two from every point's stream, and an engine can make both from one block at once. */
struct dist_rng {
    void (*select)(struct dist_rng *self, uint64_t id);
    double (*uniform)(struct dist_rng *self);
    struct dist_u2 (*first_two)(struct dist_rng *self, uint64_t id);
};

/* A splitmix64-style finalizer: dist_rng_id's mixing step. */
static inline uint64_t dist_rng_id_finish(uint64_t x)
{
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    x ^= x >> 31;
    return x;
}

/* The identity of a part of something whose identity is id: a 64-bit mix of (id, part),
 * so that distinct parts get unrelated identities (a collision among a plan's inputs
 * has probability about n^2 / 2^65). Made in two steps, for a caller that derives many
 * parts of one id: the key depends on id alone, so it can be made once and kept, and
 * each part then costs one mixing step; dist_rng_id(id, part) is
 * dist_rng_id_part(dist_rng_id_key(id), part). The golden-ratio offset keeps (0, 0)
 * away from the finalizer's fixed point 0. */
static inline uint64_t dist_rng_id_key(uint64_t id)
{
    return dist_rng_id_finish(id + UINT64_C(0x9e3779b97f4a7c15));
}

static inline uint64_t dist_rng_id_part(uint64_t key, uint64_t part)
{
    return dist_rng_id_finish(key ^ part);
}

/* dist_rng_id_part(dist_rng_id_key(id), part). Inline: the backup walk derives one per
 * point it visits. */
static inline uint64_t dist_rng_id(uint64_t id, uint64_t part)
{
    return dist_rng_id_part(dist_rng_id_key(id), part);
}

/* The identity of the part of id called `name` (bytes of the string; NULL as ""). */
uint64_t dist_rng_id_name(uint64_t id, const char *name);

/* The standard normal quantile Phi^-1(u) (Wichura's AS 241, the algorithm and evaluation
 * order of GSL's gsl_cdf_ugaussian_Pinv, whose results it reproduces exactly); -INFINITY
 * for u <= 0, INFINITY for u >= 1. */
double dist_normal_inv(double u);

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

/* One draw from the stream r is positioned in (the caller selects it). Never negative
 * for the kinds above; never fails. Fixed draws no uniform; gamma a variable number;
 * every other kind exactly one. */
double dist_sample(const struct dist *d, struct dist_rng *r);

/* The draw that dist_sample makes from the uniform u in (0, 1), for every kind that takes
 * exactly one uniform (all but fixed, which ignores u, and gamma, which dist_sample draws
 * by rejection: here gamma gets its quantile at u). dist_sample(d, r) is
 * dist_sample_u(d, r->uniform(r)) for those kinds, so an engine holding a concrete
 * generator can draw u itself, inline, and get the very same number. The two commonest
 * kinds, lognormal and uniform, are drawn here inline (dist_lognormal_u, dist_uniform_u:
 * the expressions dist_quantile evaluates after its clamps, u being in (0, 1)), so that
 * the engines' draws of them, which write no expression of their own, cost no call; every
 * other kind by dist_sample_u_general, out of line. */
double dist_sample_u_general(const struct dist *d, double u);

/* exp(x), the system's own, without glibc's wrapper around it. Since glibc 2.29 `exp`
 * is a wrapper that calls the kernel (__ieee754_exp, which the processor's features pick
 * when the library loads: FMA here) and then tests the result to set errno on overflow
 * and underflow; nothing here reads errno, and the test and its frame cost about 16
 * instructions a call (a third of the kernel's), about 2 % of a trial of the small plan.
 * glibc exports that kernel as __exp_finite (version GLIBC_2.15 on x86-64, kept for
 * programs built with -ffinite-math-only before 2.31), so the same code gives the same
 * bits and follows the system's libm. Elsewhere, the library's exp. */
#if defined(__GLIBC__) && defined(__x86_64__) && !defined(DRSIM_LIBRARY_EXP)
double dist_exp_kernel(double x);
__asm__(".symver dist_exp_kernel, __exp_finite@GLIBC_2.15");
static inline double dist_exp(double x)
{
    return dist_exp_kernel(x);
}
#else
static inline double dist_exp(double x)
{
    return exp(x);
}
#endif

/* A lognormal d's quantile at u in (0, 1], and so its draw from u (dist_sample_u's, for a
 * caller that knows the kind). */
static inline double dist_lognormal_u(const struct dist *d, double u)
{
    /* The quantile first, and the parameters read after its call: read before it, as GCC
     * 12 did, they were kept on the stack across it. */
    const double z = dist_normal_inv(u);
    return dist_exp(d->p[0] + d->p[1] * z);
}

/* A uniform d's quantile at u in [0, 1], and so its draw from u. */
static inline double dist_uniform_u(const struct dist *d, double u)
{
    return d->p[0] + u * (d->p[1] - d->p[0]);
}

/* A triangular d's probability below its mode, (mode - min) / (max - min): the test of
 * dist_triangular_u, which a caller drawing many times from d can make once. */
static inline double dist_triangular_fc(const struct dist *d)
{
    return (d->p[1] - d->p[0]) / (d->p[2] - d->p[0]);
}

/* A triangular d's quantile at u in [0, 1] (its inverse CDF, and so its draw from u), fc
 * being dist_triangular_fc(d). */
static inline double dist_triangular_u(const struct dist *d, double fc, double u)
{
    const double a = d->p[0], c = d->p[1], b = d->p[2];
    if (u < fc)
        return a + sqrt(u * (b - a) * (c - a));
    return b - sqrt((1 - u) * (b - a) * (b - c));
}

static inline double dist_sample_u(const struct dist *d, double u)
{
    if (d->kind == DIST_UNIFORM)
        return dist_uniform_u(d, u);
    if (d->kind == DIST_LOGNORMAL)
        return dist_lognormal_u(d, u);
    return dist_sample_u_general(d, u);
}

/* The bounds of lognormal d's draws (dist_lognormal_u) over n buckets of equal probability
 * of their uniform, into out (bucket b's lower bound in out[2b], upper in out[2b + 1]): the
 * draw at each bucket's ends widened by a billionth (and a tiny amount, for values near
 * zero); the last bucket's top is INFINITY, or with finite_top the draw at the largest
 * uniform a stream gives (the largest double below 1). The computed normal quantile z is
 * not quite monotone: it can step back by a unit in its last place (about 1e-16 |z|, with
 * |z| under 9 for any uniform), which moves the draw exp(mu + sigma z) by a relative sigma
 * 1e-16 |z|; sigma is at most 50 here, so that is under 1e-13, far inside the margin, and
 * every draw from a uniform in a bucket lies within its bounds. The engines use them to
 * settle comparisons with a draw from its uniform's bucket, computing the draw only when
 * the bounds do not. Returns 0 (out unusable) when d is not lognormal, its sigma is not in
 * (0, 50] (no duration is that spread: a P90 of e^64 times the median), its mu is not
 * finite or a finite bound is not below 2^1000. */
int dist_lognormal_bounds(const struct dist *d, int n, int finite_top, double *out);

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
