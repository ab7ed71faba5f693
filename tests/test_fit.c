/* tests/test_fit.c: maximum-likelihood fits (analysis/fit.c) recover known parameters from
 * synthetic samples, within four of their own asymptotic standard errors (which are
 * themselves checked against the closed forms), at fixed seeds; the family with the lowest
 * AIC is the one the sample was drawn from; and fitted distributions written back as plan
 * text parse to the same values. GSL's error handler is left at its default (abort), so a
 * GSL call outside its domain would crash the test rather than pass silently.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_psi.h>

#include "analysis/fit.h"
#include "models/units.h"

#define N 2000
#define EULER_GAMMA 0.57721566490153286061

enum { SAMPLE_LOGNORMAL, SAMPLE_GAMMA, SAMPLE_WEIBULL };

/* n draws of a family with parameters a, b (seconds) from mt19937 at `seed`. */
static double *sample(int family, double a, double b, size_t n, unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double *x = malloc(n * sizeof *x);
    cr_assert_not_null(r);
    cr_assert_not_null(x);
    gsl_rng_set(r, seed);
    for (size_t i = 0; i < n; i++) {
        switch (family) {
        case SAMPLE_LOGNORMAL:
            x[i] = gsl_ran_lognormal(r, a, b);
            break;
        case SAMPLE_GAMMA:
            x[i] = gsl_ran_gamma(r, a, b);
            break;
        default:
            x[i] = gsl_ran_weibull(r, b, a); /* GSL takes (scale, shape) */
            break;
        }
    }
    gsl_rng_free(r);
    return x;
}

static void within_se(double got, double want, double se, const char *what)
{
    cr_assert(fabs(got - want) <= 4 * se, "%s: got %.6g, want %.6g (4 SE = %.3g)", what, got,
              want, 4 * se);
}

static void rel_close(double got, double want, double rel, const char *what)
{
    cr_assert(fabs(got - want) <= rel * fabs(want), "%s: got %.10g, want %.10g", what, got, want);
}

Test(fit, lognormal_recovers_parameters)
{
    double mu = log(3600), sigma = 0.6;
    double *x = sample(SAMPLE_LOGNORMAL, mu, sigma, N, 11);
    struct fit_result r;
    cr_assert_eq(fit_lognormal(x, N, &r), FIT_OK);
    cr_assert_eq(r.dist.kind, DIST_LOGNORMAL);
    /* SE(mu) = sigma / sqrt(n), SE(sigma) = sigma / sqrt(2n), at the estimate. */
    rel_close(r.se[0], r.dist.p[1] / sqrt(N), 1e-12, "se(mu)");
    rel_close(r.se[1], r.dist.p[1] / sqrt(2.0 * N), 1e-12, "se(sigma)");
    within_se(r.dist.p[0], mu, sigma / sqrt(N), "mu");
    within_se(r.dist.p[1], sigma, sigma / sqrt(2.0 * N), "sigma");
    cr_assert_eq(r.iterations, 0);
    free(x);
}

Test(fit, lognormal_closed_form_on_known_values)
{
    /* ln x = {0, 2}: mu = 1, sigma = 1; loglik = -sum ln x - n ln sigma - n/2 ln 2pi - n/2. */
    double x[] = {1.0, exp(2.0)};
    struct fit_result r;
    cr_assert_eq(fit_lognormal(x, 2, &r), FIT_OK);
    rel_close(r.dist.p[0], 1.0, 1e-15, "mu");
    rel_close(r.dist.p[1], 1.0, 1e-15, "sigma");
    rel_close(r.loglik, -2.0 - log(2 * M_PI) - 1.0, 1e-14, "loglik");
    rel_close(r.aic, 4 - 2 * r.loglik, 1e-15, "aic");
}

Test(fit, gamma_recovers_parameters)
{
    double k = 2.5, theta = 1200;
    double *x = sample(SAMPLE_GAMMA, k, theta, N, 12);
    struct fit_result r;
    double psi1, det;
    cr_assert_eq(fit_gamma(x, N, &r), FIT_OK);
    cr_assert_eq(r.dist.kind, DIST_GAMMA);
    cr_assert_gt(r.iterations, 0);
    /* The shape solves ln k - psi(k) = ln mean - mean ln x. */
    {
        double m = 0, ml = 0;
        for (int i = 0; i < N; i++) {
            m += x[i];
            ml += log(x[i]);
        }
        m /= N;
        ml /= N;
        cr_assert(fabs(log(r.dist.p[0]) - gsl_sf_psi(r.dist.p[0]) - (log(m) - ml)) < 1e-10);
        rel_close(r.dist.p[0] * r.dist.p[1], m, 1e-12, "mean = k theta");
    }
    /* True standard errors from the Fisher information at the true parameters. */
    psi1 = gsl_sf_psi_1(k);
    det = k * psi1 - 1;
    within_se(r.dist.p[0], k, sqrt(k / det / N), "shape");
    within_se(r.dist.p[1], theta, theta * sqrt(psi1 / det / N), "scale");
    rel_close(r.se[0], sqrt(k / det / N), 0.1, "se(shape) near the true one");
    free(x);
}

Test(fit, weibull_recovers_parameters)
{
    double k = 1.7, lambda = 5400;
    double *x = sample(SAMPLE_WEIBULL, k, lambda, N, 13);
    struct fit_result r;
    double se_k = k * sqrt(6.0 / N) / M_PI;
    double se_l = lambda / k *
                  sqrt((1 + 6 * (1 - EULER_GAMMA) * (1 - EULER_GAMMA) / (M_PI * M_PI)) / N);
    cr_assert_eq(fit_weibull(x, N, &r), FIT_OK);
    cr_assert_eq(r.dist.kind, DIST_WEIBULL);
    within_se(r.dist.p[0], k, se_k, "shape");
    within_se(r.dist.p[1], lambda, se_l, "scale");
    rel_close(r.se[0], se_k, 0.1, "se(shape) near the true one");
    rel_close(r.se[1], se_l, 0.1, "se(scale) near the true one");
    free(x);
}

/* Weibull shapes far from 1 in both directions, with values spanning many decades
 * (k = 0.4): the relative powers keep the profile equation finite. */
Test(fit, weibull_extreme_shapes)
{
    double shapes[] = {0.4, 6.0};
    for (int i = 0; i < 2; i++) {
        double *x = sample(SAMPLE_WEIBULL, shapes[i], 600, N, 20 + (unsigned long)i);
        struct fit_result r;
        cr_assert_eq(fit_weibull(x, N, &r), FIT_OK, "k = %g", shapes[i]);
        within_se(r.dist.p[0], shapes[i], shapes[i] * sqrt(6.0 / N) / M_PI, "shape");
        free(x);
    }
}

Test(fit, aic_chooses_the_family_sampled)
{
    struct {
        int family;
        double a, b;
        enum fit_family want;
    } cases[] = {
        {SAMPLE_LOGNORMAL, log(1800), 0.8, FIT_LOGNORMAL},
        {SAMPLE_GAMMA, 4.0, 900, FIT_GAMMA},
        {SAMPLE_WEIBULL, 0.8, 7200, FIT_WEIBULL},
    };
    for (int i = 0; i < 3; i++) {
        double *x = sample(cases[i].family, cases[i].a, cases[i].b, N, 31 + (unsigned long)i);
        struct fit_choice c;
        cr_assert_eq(fit_choose(x, N, FIT_MIN_POINTS, &c), FIT_OK);
        cr_assert_eq(c.empirical, 0);
        cr_assert_eq(c.best, (int)cases[i].want, "case %d chose %s", i,
                     fit_family_name((enum fit_family)c.best));
        cr_assert_eq(c.chosen.kind, c.fits[c.best].dist.kind);
        for (int f = 0; f < FIT_N_FAMILIES; f++)
            cr_assert_geq(c.fits[f].aic, c.fits[c.best].aic);
        /* The right family fits: D below the 1 % critical value 1.63 / sqrt(n). */
        cr_assert_lt(c.fits[c.best].ks, 1.63 / sqrt(N));
        for (size_t j = 1; j < c.n; j++)
            cr_assert_leq(c.values[j - 1], c.values[j]);
        fit_choice_fini(&c);
        free(x);
    }
}

Test(fit, few_points_give_the_empirical_distribution)
{
    double x[] = {11400, 9000, 13200};
    struct fit_choice c;
    cr_assert_eq(fit_choose(x, 3, FIT_MIN_POINTS, &c), FIT_OK);
    cr_assert_eq(c.empirical, 1);
    cr_assert_eq(c.best, -1);
    cr_assert_eq(c.chosen.kind, DIST_EMPIRICAL);
    cr_assert_eq(c.chosen.n_values, 3);
    cr_assert_eq(c.chosen.values[0], 9000);
    cr_assert_eq(c.chosen.values[2], 13200);
    for (int f = 0; f < FIT_N_FAMILIES; f++)
        cr_assert_eq(c.fits[f].status, FIT_TOO_FEW);
    fit_choice_fini(&c);

    /* Enough points, but all equal: nothing can be fitted, so the values are used. */
    double same[] = {600, 600, 600, 600, 600};
    cr_assert_eq(fit_choose(same, 5, FIT_MIN_POINTS, &c), FIT_OK);
    cr_assert_eq(c.empirical, 1);
    cr_assert_eq(c.fits[FIT_GAMMA].status, FIT_BAD_DATA);
    fit_choice_fini(&c);

    cr_assert_eq(fit_choose(x, 0, FIT_MIN_POINTS, &c), FIT_TOO_FEW);
    fit_choice_fini(&c);
}

Test(fit, bad_values)
{
    double zero[] = {100, 0, 300};
    double one[] = {100};
    double inf[] = {100, INFINITY};
    struct fit_result r;
    for (int f = 0; f < FIT_N_FAMILIES; f++) {
        cr_assert_eq(fit_family((enum fit_family)f, zero, 3, &r), FIT_BAD_DATA);
        cr_assert_eq(r.status, FIT_BAD_DATA);
        cr_assert_eq(fit_family((enum fit_family)f, one, 1, &r), FIT_TOO_FEW);
        cr_assert_eq(fit_family((enum fit_family)f, inf, 2, &r), FIT_BAD_DATA);
    }
    cr_assert_str_eq(fit_strerror(FIT_TOO_FEW), "fewer than 2 values");
}

Test(fit, kolmogorov_smirnov)
{
    /* One value at the median of uniform(0, 2): D = max(F - 0, 1 - F) = 1/2. */
    struct dist u;
    double one = 1.0, four[] = {0.25, 0.75, 1.25, 1.75};
    memset(&u, 0, sizeof u);
    u.kind = DIST_UNIFORM;
    u.p[0] = 0;
    u.p[1] = 2;
    cr_assert_float_eq(fit_ks_statistic(&one, 1, &u), 0.5, 1e-15);
    cr_assert_float_eq(fit_ks_statistic(four, 4, &u), 0.125, 1e-15);
    /* Kolmogorov's distribution: Q(1.3581) = 0.05, Q(1.6276) = 0.01 (n large: no correction). */
    cr_assert_float_eq(fit_ks_pvalue(1.3581 / sqrt(1e12), 1000000000000ull), 0.05, 2e-5);
    cr_assert_float_eq(fit_ks_pvalue(1.6276 / sqrt(1e12), 1000000000000ull), 0.01, 2e-5);
    cr_assert_eq(fit_ks_pvalue(0, 10), 1.0);
}

Test(fit, durations_as_plan_text)
{
    struct {
        double s;
        const char *text;
    } cases[] = {
        {45, "45s"}, {12.5, "12.5s"}, {60, "1m"}, {11400, "3h10m"}, {3723, "1h02m03s"},
        {187200, "2d04h"}, {3600, "1h"}, {3605, "1h05s"}, {3723.4, "1h02m03s"}, {0, "0s"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        double back;
        const char *why;
        cr_assert_str_eq(fit_format_duration(cases[i].s, buf, sizeof buf), cases[i].text);
        cr_assert_eq(units_parse_duration(buf, 0, &back, &why), UNITS_OK, "%s", buf);
        cr_assert(fabs(back - cases[i].s) <= 0.5, "%s parses to %g", buf, back);
    }
}

Test(fit, distributions_as_plan_text)
{
    char buf[256];
    struct dist d;
    double vals[] = {7200, 11400};

    memset(&d, 0, sizeof d);
    d.kind = DIST_LOGNORMAL;
    d.p[0] = log(3600);
    d.p[1] = log(2.0) / 1.2815515655446004;
    cr_assert_str_eq(fit_dist_yaml(&d, buf, sizeof buf), "{dist: lognormal, median: 1h, p90: 2h}");
    /* Too narrow for whole seconds: mu and sigma. */
    d.p[1] = 1e-5;
    cr_assert_str_eq(fit_dist_yaml(&d, buf, sizeof buf),
                     "{dist: lognormal, mu: 8.188689124, sigma: 1e-05}");
    d.kind = DIST_GAMMA;
    d.p[0] = 2.310744;
    d.p[1] = 1512;
    cr_assert_str_eq(fit_dist_yaml(&d, buf, sizeof buf), "{dist: gamma, shape: 2.3107, scale: 25m12s}");
    d.kind = DIST_WEIBULL;
    d.p[0] = 1.7;
    d.p[1] = 5400;
    cr_assert_str_eq(fit_dist_yaml(&d, buf, sizeof buf), "{dist: weibull, shape: 1.7, scale: 1h30m}");
    d.kind = DIST_EMPIRICAL;
    d.values = vals;
    d.n_values = 2;
    cr_assert_str_eq(fit_dist_yaml(&d, buf, sizeof buf), "{dist: empirical, values: [2h, 3h10m]}");
    cr_assert_null(fit_dist_yaml(&d, buf, 10));
    d = dist_fixed(1200);
    cr_assert_str_eq(fit_dist_yaml(&d, buf, sizeof buf), "20m");
}
