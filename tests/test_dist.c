/* tests/test_dist.c: distributions against closed forms, and sampling against the
 * analytic mean and quantiles with tolerances of four standard errors at fixed
 * seeds. The GSL error handler is left at its default (abort), so a call into GSL
 * that raised an error would crash the test rather than pass silently. */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

#include "models/dist.h"
#include "models/units.h"
#include "tests/fixture.h"

#define N_DRAWS 200000

static void assert_close(double got, double want, double rel, const char *what)
{
    double tol = rel * fmax(1.0, fabs(want));
    cr_assert(fabs(got - want) <= tol, "%s: got %.17g, want %.17g", what, got, want);
}

Test(dist, closed_forms)
{
    struct dist d = fixture_dist(DIST_UNIFORM, 10, 30, 0);
    assert_close(dist_mean(&d), 20, 1e-15, "uniform mean");
    assert_close(dist_quantile(&d, 0.25), 15, 1e-15, "uniform q25");
    assert_close(dist_cdf(&d, 15), 0.25, 1e-15, "uniform cdf");
    cr_assert_eq(dist_cdf(&d, 5), 0);
    cr_assert_eq(dist_cdf(&d, 35), 1);

    d = fixture_dist(DIST_TRIANGULAR, 0, 1, 4);
    assert_close(dist_mean(&d), 5.0 / 3, 1e-15, "triangular mean");
    assert_close(dist_cdf(&d, 1), 0.25, 1e-15, "triangular cdf at mode");
    assert_close(dist_quantile(&d, 0.25), 1, 1e-15, "triangular q25");
    assert_close(dist_quantile(&d, 0.5), 4 - sqrt(6), 1e-15, "triangular median");
    assert_close(dist_cdf(&d, 4 - sqrt(6)), 0.5, 1e-15, "triangular cdf(median)");

    /* Half-normal (mean 0 truncated at 0): mean sqrt(2/pi), median z_0.75. */
    d = fixture_dist(DIST_NORMAL, 0, 1, 0);
    assert_close(dist_mean(&d), sqrt(2 / M_PI), 1e-14, "half-normal mean");
    assert_close(dist_quantile(&d, 0.5), 0.6744897501960817, 1e-12, "half-normal median");
    assert_close(dist_cdf(&d, 0.6744897501960817), 0.5, 1e-12, "half-normal cdf");
    cr_assert_eq(dist_quantile(&d, 0), 0);
    cr_assert(isinf(dist_quantile(&d, 1)));
    /* Barely truncated: mean 10 sd 2 loses phi(5)/Phi(5) ~ 1.4867e-6 sd of mean. */
    d = fixture_dist(DIST_NORMAL, 10, 2, 0);
    assert_close(dist_mean(&d), 10 + 2 * 1.4867195147342977e-06 / 0.9999997133484281, 1e-12,
                 "normal mean");
    assert_close(dist_quantile(&d, 0.975), 10 + 2 * 1.959963984540054, 1e-6, "normal q975");

    d = fixture_dist(DIST_LOGNORMAL, log(1200), 0.5, 0);
    assert_close(dist_mean(&d), 1200 * exp(0.125), 1e-14, "lognormal mean");
    assert_close(dist_quantile(&d, 0.5), 1200, 1e-14, "lognormal median");
    assert_close(dist_quantile(&d, 0.9), 1200 * exp(0.5 * 1.2815515655446004), 1e-12,
                 "lognormal q90");
    assert_close(dist_cdf(&d, 1200), 0.5, 1e-14, "lognormal cdf");

    /* Gamma k = 2, theta = 3: F(x) = 1 - exp(-x/3)(1 + x/3). */
    d = fixture_dist(DIST_GAMMA, 2, 3, 0);
    assert_close(dist_mean(&d), 6, 1e-15, "gamma mean");
    assert_close(dist_cdf(&d, 6), 1 - exp(-2) * 3, 1e-13, "gamma cdf");
    assert_close(dist_quantile(&d, 1 - exp(-2) * 3), 6, 1e-12, "gamma quantile");
    cr_assert(isfinite(dist_quantile(&d, 1 - 1e-12)));
    assert_close(dist_cdf(&d, dist_quantile(&d, 1e-9)), 1e-9, 1e-6 * 1e-9, "gamma tiny q");

    /* Weibull k = 2, lambda = 10: mean 10 Gamma(1.5), median 10 sqrt(ln 2). */
    d = fixture_dist(DIST_WEIBULL, 2, 10, 0);
    assert_close(dist_mean(&d), 10 * 0.886226925452758, 1e-14, "weibull mean");
    assert_close(dist_quantile(&d, 0.5), 10 * sqrt(log(2)), 1e-14, "weibull median");
    assert_close(dist_cdf(&d, 10), 1 - exp(-1), 1e-14, "weibull cdf");

    d = fixture_dist(DIST_EXPONENTIAL, 5, 0, 0);
    assert_close(dist_mean(&d), 5, 1e-15, "exp mean");
    assert_close(dist_quantile(&d, 0.5), 5 * log(2), 1e-14, "exp median");
    assert_close(dist_cdf(&d, 5), 1 - exp(-1), 1e-14, "exp cdf");

    d = dist_fixed(1200);
    cr_assert_eq(dist_mean(&d), 1200);
    cr_assert_eq(dist_quantile(&d, 0.3), 1200);
    cr_assert_eq(dist_cdf(&d, 1199), 0);
    cr_assert_eq(dist_cdf(&d, 1200), 1);
}

Test(dist, empirical_is_percentile_inc)
{
    static const double v[] = {1, 2, 3, 4, 10};
    struct dist d = fixture_dist(DIST_EMPIRICAL, 0, 0, 0);
    d.values = v;
    d.n_values = 5;
    cr_assert_null(dist_check(&d));
    assert_close(dist_quantile(&d, 0.5), 3, 1e-15, "median");
    assert_close(dist_quantile(&d, 0.9), 7.6, 1e-14, "p90");       /* h = 3.6 */
    assert_close(dist_quantile(&d, 0.1), 1.4, 1e-14, "p10");       /* h = 0.4 */
    cr_assert_eq(dist_quantile(&d, 0), 1);
    cr_assert_eq(dist_quantile(&d, 1), 10);
    assert_close(dist_mean(&d), 4, 1e-15, "mean");
    cr_assert_eq(dist_cdf(&d, 3), 0.6);
    cr_assert_eq(dist_cdf(&d, 0.5), 0);
    cr_assert_eq(dist_cdf(&d, 10), 1);
    d.n_values = 1;
    cr_assert_eq(dist_quantile(&d, 0.7), 1);
}

Test(dist, gamma_quantile_never_aborts)
{
    /* gsl_cdf_gamma_Pinv aborts on these; ours must answer. */
    struct dist d = fixture_dist(DIST_GAMMA, 0.001, 1, 0);
    double x = dist_quantile(&d, 1e-300);
    cr_assert(x >= 0 && isfinite(x));
    x = dist_quantile(&d, 0.999);
    assert_close(dist_cdf(&d, x), 0.999, 1e-9, "small-shape round trip");
    d = fixture_dist(DIST_GAMMA, 1e4, 2, 0);
    x = dist_quantile(&d, 0.5);
    assert_close(dist_cdf(&d, x), 0.5, 1e-9, "large-shape round trip");
    assert_close(dist_cdf(&d, 1e300), 1, 0, "far right");
}

/* The models' sampling interface over GSL's mt19937, so that the samplers are checked
 * with a generator independent of the engine's (select is ignored: one long stream). */
struct mt_rng {
    struct dist_rng base; /* first: the samplers see only this */
    gsl_rng *g;
};

static void mt_select(struct dist_rng *r, uint64_t id)
{
    (void)r;
    (void)id;
}

static double mt_uniform(struct dist_rng *r)
{
    return gsl_rng_uniform_pos(((struct mt_rng *)r)->g);
}

static struct mt_rng mt_new(unsigned long seed)
{
    struct mt_rng m = {{mt_select, mt_uniform, NULL}, gsl_rng_alloc(gsl_rng_mt19937)};
    cr_assert_not_null(m.g);
    gsl_rng_set(m.g, seed);
    return m;
}

/* Sample mean within four standard errors (sample sd / sqrt(N)), and for several
 * quantiles the fraction of draws at or below them within four binomial standard
 * errors: together they check sampling, mean and quantile against each other. */
static void check_sampling(const struct dist *d, unsigned long seed)
{
    struct mt_rng r = mt_new(seed);
    static const double qs[] = {0.1, 0.5, 0.9, 0.99};
    double cut[4];
    long below[4] = {0, 0, 0, 0};
    double sum = 0, sum2 = 0, mean, sd, want = dist_mean(d);

    for (int k = 0; k < 4; k++)
        cut[k] = dist_quantile(d, qs[k]);
    for (int i = 0; i < N_DRAWS; i++) {
        double x = dist_sample(d, &r.base);
        cr_assert(x >= 0, "%s drew %g", dist_kind_name(d->kind), x);
        sum += x;
        sum2 += x * x;
        for (int k = 0; k < 4; k++)
            below[k] += x <= cut[k];
    }
    mean = sum / N_DRAWS;
    sd = sqrt(fmax(0, sum2 / N_DRAWS - mean * mean));
    cr_assert(fabs(mean - want) <= 4 * sd / sqrt(N_DRAWS) + 1e-12 * fabs(want),
              "%s: sample mean %g vs %g (se %g)", dist_kind_name(d->kind), mean, want,
              sd / sqrt(N_DRAWS));
    if (d->kind != DIST_EMPIRICAL && d->kind != DIST_FIXED) {
        for (int k = 0; k < 4; k++) {
            double frac = (double)below[k] / N_DRAWS;
            double se = sqrt(qs[k] * (1 - qs[k]) / N_DRAWS);
            cr_assert(fabs(frac - qs[k]) <= 4 * se, "%s: P(X <= q%g) = %g", dist_kind_name(d->kind),
                      qs[k], frac);
        }
    }
    gsl_rng_free(r.g);
}

Test(dist, sampling_matches_analytics)
{
    static const double v[] = {60, 120, 120, 300, 900, 3600};
    struct dist e = fixture_dist(DIST_EMPIRICAL, 0, 0, 0);
    e.values = v;
    e.n_values = 6;
    struct dist ds[] = {
        dist_fixed(42),
        fixture_dist(DIST_UNIFORM, 60, 180, 0),
        fixture_dist(DIST_TRIANGULAR, 7200, 10800, 21600),
        fixture_dist(DIST_NORMAL, 600, 300, 0),
        fixture_dist(DIST_NORMAL, 0, 300, 0),
        fixture_dist(DIST_NORMAL, 100, 300, 0),
        fixture_dist(DIST_LOGNORMAL, log(1200), 0.8, 0),
        fixture_dist(DIST_GAMMA, 0.5, 1000, 0),
        fixture_dist(DIST_GAMMA, 3, 600, 0),
        fixture_dist(DIST_WEIBULL, 1.5, 3600, 0),
        fixture_dist(DIST_WEIBULL, 0.7, 3600, 0),
        fixture_dist(DIST_EXPONENTIAL, 600, 0, 0),
        e,
    };
    for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++) {
        cr_assert_null(dist_check(&ds[i]), "case %zu", i);
        check_sampling(&ds[i], 1000 + i);
    }
}

Test(dist, empirical_draws_every_value_equally)
{
    static const double v[] = {1, 2, 3, 4};
    struct dist d = fixture_dist(DIST_EMPIRICAL, 0, 0, 0);
    struct mt_rng r = mt_new(7);
    long count[4] = {0};
    d.values = v;
    d.n_values = 4;
    for (int i = 0; i < N_DRAWS; i++)
        count[(int)dist_sample(&d, &r.base) - 1]++;
    for (int k = 0; k < 4; k++) {
        double se = sqrt(0.25 * 0.75 / N_DRAWS);
        cr_assert(fabs((double)count[k] / N_DRAWS - 0.25) <= 4 * se, "value %d", k + 1);
    }
    gsl_rng_free(r.g);
}

Test(dist, lognormal_from_median_and_p90)
{
    double mu, sigma;
    struct dist d;
    cr_assert_eq(dist_lognormal_from_quantile(1200, 3600, 0.9, &mu, &sigma), 0);
    d = fixture_dist(DIST_LOGNORMAL, mu, sigma, 0);
    assert_close(dist_quantile(&d, 0.5), 1200, 1e-13, "median");
    assert_close(dist_quantile(&d, 0.9), 3600, 1e-13, "p90");
    cr_assert_eq(dist_lognormal_from_quantile(1200, 3600, 0.95, &mu, &sigma), 0);
    d = fixture_dist(DIST_LOGNORMAL, mu, sigma, 0);
    assert_close(dist_quantile(&d, 0.95), 3600, 1e-13, "p95");
    mu = sigma = -7;
    cr_assert_neq(dist_lognormal_from_quantile(1200, 1200, 0.9, &mu, &sigma), 0);
    cr_assert_neq(dist_lognormal_from_quantile(1200, 600, 0.9, &mu, &sigma), 0);
    cr_assert_neq(dist_lognormal_from_quantile(0, 600, 0.9, &mu, &sigma), 0);
    cr_assert_neq(dist_lognormal_from_quantile(1200, 3600, 0.5, &mu, &sigma), 0);
    cr_assert_neq(dist_lognormal_from_quantile(1200, 3600, 1, &mu, &sigma), 0);
    cr_assert(mu == -7 && sigma == -7);
}

Test(dist, check_rejects_bad_parameters)
{
    static const double unsorted[] = {3, 1};
    static const double neg[] = {-1, 1};
    struct dist bad[] = {
        dist_fixed(-1),
        dist_fixed(NAN),
        fixture_dist(DIST_UNIFORM, 5, 1, 0),
        fixture_dist(DIST_UNIFORM, -1, 1, 0),
        fixture_dist(DIST_UNIFORM, 0, INFINITY, 0),
        fixture_dist(DIST_TRIANGULAR, 0, 5, 4),
        fixture_dist(DIST_TRIANGULAR, 2, 1, 4),
        fixture_dist(DIST_TRIANGULAR, 1, 1, 1),
        fixture_dist(DIST_NORMAL, 10, 0, 0),
        fixture_dist(DIST_NORMAL, -10, 1, 0),
        fixture_dist(DIST_LOGNORMAL, 1, 0, 0),
        fixture_dist(DIST_LOGNORMAL, NAN, 1, 0),
        fixture_dist(DIST_GAMMA, 0, 1, 0),
        fixture_dist(DIST_GAMMA, 1, -1, 0),
        fixture_dist(DIST_WEIBULL, -1, 1, 0),
        fixture_dist(DIST_EXPONENTIAL, 0, 0, 0),
        fixture_dist(DIST_EMPIRICAL, 0, 0, 0),
        fixture_dist(DIST_EMPIRICAL, 0, 0, 0),
        fixture_dist(DIST_EMPIRICAL, 0, 0, 0),
        fixture_dist((enum dist_kind)99, 0, 0, 0),
    };
    bad[17].values = unsorted;
    bad[17].n_values = 2;
    bad[18].values = neg;
    bad[18].n_values = 2;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_not_null(dist_check(&bad[i]), "case %zu accepted", i);
    struct dist forever = dist_fixed(INFINITY);
    cr_assert_null(dist_check(&forever));
    struct dist ok = fixture_dist(DIST_TRIANGULAR, 1, 1, 4);
    cr_assert_null(dist_check(&ok));
    cr_assert_str_eq(dist_check(&bad[10]), "sigma must be > 0");
}

Test(dist, names)
{
    for (int k = DIST_FIXED; k <= DIST_EMPIRICAL; k++)
        cr_assert_eq(dist_kind_from_name(dist_kind_name((enum dist_kind)k)), k);
    cr_assert_str_eq(dist_kind_name(DIST_LOGNORMAL), "lognormal");
    cr_assert_eq(dist_kind_from_name("Lognormal"), -1);
    cr_assert_eq(dist_kind_from_name("poisson"), -1);
}

Test(dist, describe)
{
    char buf[128];
    double mu, sigma;
    struct dist d;
    dist_lognormal_from_quantile(1200, 3600, 0.9, &mu, &sigma);
    d = fixture_dist(DIST_LOGNORMAL, mu, sigma, 0);
    cr_assert_str_eq(dist_describe(&d, units_format_duration, buf, sizeof buf),
                     "lognormal median 20m, p90 1h");
    d = dist_fixed(1200);
    cr_assert_str_eq(dist_describe(&d, units_format_duration, buf, sizeof buf), "fixed 20m");
    d = fixture_dist(DIST_TRIANGULAR, 7200, 10800, 21600);
    cr_assert_str_eq(dist_describe(&d, units_format_duration, buf, sizeof buf),
                     "triangular min 2h, mode 3h, max 6h");
    d = fixture_dist(DIST_GAMMA, 2, 300, 0);
    cr_assert_str_eq(dist_describe(&d, units_format_duration, buf, sizeof buf),
                     "gamma shape 2, mean 10m");
    d = fixture_dist(DIST_EXPONENTIAL, 5, 0, 0);
    cr_assert_str_eq(dist_describe(&d, NULL, buf, sizeof buf), "exponential mean 5");
}

/* dist_normal_inv is GSL's gsl_cdf_ugaussian_Pinv written out (same algorithm, same
 * evaluation order), so the engine's draws did not move when it replaced the GSL call:
 * the two must agree bit for bit, in the centre, in both tails beyond r = 5, and at the
 * region boundaries; and Qinv(u) is exactly -dist_normal_inv(u). */
Test(dist, normal_inv_is_gsl_pinv_bit_for_bit)
{
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    cr_assert_not_null(g);
    gsl_rng_set(g, 2024);
    const double edges[] = {0.075, 0.925, 0.5, 0.5 - 0.425, 0.5 + 0.425, exp(-25.0),
                            1.0 - exp(-25.0), 1e-300, 4.9e-324, 0x1.fffffffffffffp-1};
    int n_edges = (int)(sizeof edges / sizeof edges[0]);
    for (int i = 0; i < 600000 + n_edges; i++) {
        double u;
        if (i < n_edges)
            u = edges[i];
        else if (i % 3 == 0)
            u = gsl_rng_uniform_pos(g);
        else if (i % 3 == 1)
            u = ldexp(gsl_rng_uniform_pos(g), -(int)gsl_rng_uniform_int(g, 1000));
        else
            u = 1.0 - ldexp(gsl_rng_uniform_pos(g), -(int)gsl_rng_uniform_int(g, 53));
        if (!(u > 0.0 && u < 1.0))
            continue;
        double want = gsl_cdf_ugaussian_Pinv(u), got = dist_normal_inv(u);
        cr_assert(memcmp(&want, &got, sizeof got) == 0, "u = %a: GSL %a, here %a", u, want,
                  got);
        double q = gsl_cdf_ugaussian_Qinv(u), neg = -got;
        cr_assert(memcmp(&q, &neg, sizeof q) == 0, "Qinv(%a): GSL %a, here %a", u, q, neg);
    }
    cr_assert(isinf(dist_normal_inv(0.0)) && dist_normal_inv(0.0) < 0);
    cr_assert(isinf(dist_normal_inv(1.0)) && dist_normal_inv(1.0) > 0);
    /* Outside [0, 1] and NaN, as the range checks answered when they came first. */
    cr_assert(isinf(dist_normal_inv(-0.5)) && dist_normal_inv(-0.5) < 0);
    cr_assert(isinf(dist_normal_inv(2.0)) && dist_normal_inv(2.0) > 0);
    cr_assert(isnan(dist_normal_inv(NAN)));
    gsl_rng_free(g);
}

/* dist_sample_u(d, u) is the draw dist_sample makes from the uniform u, for every kind
 * that takes one uniform: the engine draws u itself and must get the same number. */
Test(dist, sample_u_is_dist_sample)
{
    static const double values[] = {1.0, 2.0, 5.0, 9.0};
    struct dist ds[] = {
        {.kind = DIST_UNIFORM, .p = {10, 20}},
        {.kind = DIST_TRIANGULAR, .p = {1, 4, 9}},
        {.kind = DIST_NORMAL, .p = {5, 3}},
        {.kind = DIST_LOGNORMAL, .p = {2, 0.7}},
        {.kind = DIST_WEIBULL, .p = {1.5, 30}},
        {.kind = DIST_EXPONENTIAL, .p = {12}},
        {.kind = DIST_EMPIRICAL, .values = values, .n_values = 4},
    };
    for (size_t k = 0; k < sizeof ds / sizeof ds[0]; k++) {
        struct mt_rng a = mt_new(31 + k), b = mt_new(31 + k);
        for (int i = 0; i < 2000; i++) {
            double x = dist_sample(&ds[k], &a.base);
            double y = dist_sample_u(&ds[k], mt_uniform(&b.base));
            cr_assert(memcmp(&x, &y, sizeof x) == 0, "%s draw %d: %a vs %a",
                      dist_kind_name(ds[k].kind), i, x, y);
        }
        gsl_rng_free(a.g);
        gsl_rng_free(b.g);
    }
}

/* dist_rng_id in two steps (dist_rng_id_key once, dist_rng_id_part per part) is
 * dist_rng_id, which is the two finalizer rounds it always was: known answers, and the
 * formula written out for a spread of ids and parts (small, large, the instants to the
 * second that recovery points use). */
Test(dist, rng_id_key_and_part_are_rng_id)
{
    cr_assert_eq(dist_rng_id(0, 0), UINT64_C(0x48218226ff3cd4bf));
    cr_assert_eq(dist_rng_id(1, 2), UINT64_C(0x081a5c1377856b73));
    cr_assert_eq(dist_rng_id(UINT64_MAX, 1773500000), UINT64_C(0x96bdf83bf7901056));
    uint64_t id = 12345;
    for (int i = 0; i < 200; i++) {
        id = id * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
        uint64_t key = dist_rng_id_key(id), part = 0;
        for (int j = 0; j < 200; j++) {
            uint64_t want = dist_rng_id_finish(
                dist_rng_id_finish(id + UINT64_C(0x9e3779b97f4a7c15)) ^ part);
            cr_assert_eq(dist_rng_id_part(key, part), want, "id %llu part %llu",
                         (unsigned long long)id, (unsigned long long)part);
            cr_assert_eq(dist_rng_id(id, part), want);
            part = j < 100 ? part + 1 : part * 3 + 1767225600 + (uint64_t)j;
        }
    }
}

/* dist_lognormal_bounds: every draw from a uniform in a bucket lies within the bucket's
 * bounds (its ends, the uniforms one ulp inside them and random ones between), the bounds
 * are the draws at the ends widened by a billionth, the top is infinite or the draw at the
 * largest uniform, and what the bounds cannot cover is declined. */
Test(dist, lognormal_bounds_hold_every_draw_of_their_bucket)
{
    enum { N = 64 };
    double out[2 * N];
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 11);
    const double sigmas[] = {0.05, 0.63, 1.4, 6.0};
    for (size_t k = 0; k < sizeof sigmas / sizeof sigmas[0]; k++) {
        const struct dist d = fixture_dist(DIST_LOGNORMAL, log(3600.0), sigmas[k], 0);
        for (int top = 0; top <= 1; top++) {
            cr_assert(dist_lognormal_bounds(&d, N, top, out));
            cr_assert_eq(out[0], 0.0);
            const double last = top ? dist_lognormal_u(&d, 0x1.fffffffffffffp-1) : INFINITY;
            cr_assert_eq(out[2 * N - 1], top ? last * (1.0 + 1e-9) + 0x1p-900 : INFINITY);
            for (int b = 0; b < N; b++) {
                const double lo_u = (double)b / N, hi_u = (double)(b + 1) / N;
                if (b + 1 < N)
                    cr_assert_eq(out[2 * b + 1],
                                 dist_lognormal_u(&d, hi_u) * (1.0 + 1e-9) + 0x1p-900);
                double us[3 + 200] = {nextafter(lo_u, 1.0), nextafter(hi_u, 0.0),
                                      lo_u > 0 ? lo_u : 0x1p-53};
                for (int i = 3; i < 203; i++)
                    us[i] = lo_u + gsl_rng_uniform_pos(g) / N;
                for (int i = 0; i < 203; i++) {
                    if (!(us[i] >= lo_u && us[i] < hi_u))
                        continue;
                    const double x = dist_lognormal_u(&d, us[i]);
                    cr_assert(out[2 * b] <= x && x <= out[2 * b + 1],
                              "sigma %g bucket %d u %.17g: %.17g outside [%.17g, %.17g]",
                              sigmas[k], b, us[i], x, out[2 * b], out[2 * b + 1]);
                }
            }
        }
    }
    gsl_rng_free(g);
    struct dist u = fixture_dist(DIST_UNIFORM, 1, 2, 0);
    cr_assert_not(dist_lognormal_bounds(&u, N, 0, out), "not lognormal");
    struct dist wide = fixture_dist(DIST_LOGNORMAL, 0.0, 51.0, 0);
    cr_assert_not(dist_lognormal_bounds(&wide, N, 0, out), "sigma above 50");
    struct dist huge = fixture_dist(DIST_LOGNORMAL, 700.0, 1.0, 0);   /* e^700 > 2^1000 */
    cr_assert_not(dist_lognormal_bounds(&huge, N, 0, out), "a bound of 2^1000 or more");
}

/* dist_exp is the library's exp without its errno wrapper: the same bits for every argument,
 * at the edges (signed zeros, infinities, NaN, the largest finite result and the first
 * infinite one, results becoming subnormal and then zero, tiny arguments) and over four
 * million arguments spread over its whole finite range, most of them where the draws'
 * lognormal arguments lie. */
Test(dist, exp_without_the_wrapper_is_the_library_exp)
{
    static const double edges[] = {
        0.0, -0.0, INFINITY, -INFINITY, NAN, 709.782712893384, 709.7827128933841, 709.79,
        1000.0, -708.3964185322641, -708.4, -744.44007192138122, -745.1332191019411,
        -745.1332191019412, -746.0, -1000.0, 0x1p-1074, -0x1p-1074, 0x1p-60, -0x1p-60, 1.0,
        -1.0, 0.5 * M_LN2, M_LN2, 1e-300, DBL_MIN};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        const double x = edges[i], a = dist_exp(x), b = exp(x);
        cr_assert(memcmp(&a, &b, sizeof a) == 0 || (isnan(a) && isnan(b)),
                  "exp(%.17g): %.17g vs %.17g", x, a, b);
    }
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 11);
    for (int k = 0; k < 4000000; k++) {
        const double u = gsl_rng_uniform(g);
        const double x = k % 4 == 0 ? -750.0 + 1460.0 * u : -40.0 + 60.0 * u;
        const double a = dist_exp(x), b = exp(x);
        if (memcmp(&a, &b, sizeof a) != 0)
            cr_assert_fail("exp(%.17g): %.17g vs %.17g", x, a, b);
    }
    gsl_rng_free(g);
}
