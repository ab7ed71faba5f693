/* tests/test_stats.c: percentiles, sorting, Wilson intervals, fine histograms. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "sim/stats.h"

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

Test(stats, wilson_known_values)
{
    double lo, hi;
    /* 50 of 100: the textbook example, [0.4038, 0.5962]. */
    stats_wilson(50, 100, STATS_Z95, &lo, &hi);
    cr_assert(fabs(lo - 0.403831) < 1e-6 && fabs(hi - 0.596169) < 1e-6, "%f %f", lo, hi);
    /* 0 of 10: [0, 0.2775]. */
    stats_wilson(0, 10, STATS_Z95, &lo, &hi);
    cr_assert_eq(lo, 0.0);
    cr_assert(fabs(hi - 0.277533) < 1e-6, "%f", hi);
    /* All of n: lower bound n / (n + z^2), upper 1. */
    stats_wilson(1000, 1000, STATS_Z95, &lo, &hi);
    cr_assert(fabs(lo - 1000.0 / (1000.0 + STATS_Z95 * STATS_Z95)) < 1e-12, "%f", lo);
    cr_assert_eq(hi, 1.0);
    /* 95 of 100: [0.8882, 0.9785]. */
    stats_wilson(95, 100, STATS_Z95, &lo, &hi);
    cr_assert(fabs(lo - 0.888250) < 1e-6 && fabs(hi - 0.978456) < 1e-6, "%f %f", lo, hi);
    stats_wilson(0, 0, STATS_Z95, &lo, &hi);
    cr_assert(lo == 0.0 && hi == 1.0);
}

Test(stats, percentile_inc_known_values)
{
    /* Excel: PERCENTILE.INC({1,2,3,4}, 0.3) = 1.9; of 1..10 P50 = 5.5, P90 = 9.1. */
    double a[] = {1, 2, 3, 4};
    cr_assert(fabs(stats_percentile_sorted(a, 4, 0.3) - 1.9) < 1e-12);
    double b[10];
    for (int i = 0; i < 10; i++)
        b[i] = i + 1;
    cr_assert(fabs(stats_percentile_sorted(b, 10, 0.5) - 5.5) < 1e-12);
    cr_assert(fabs(stats_percentile_sorted(b, 10, 0.9) - 9.1) < 1e-12);
    cr_assert_eq(stats_percentile_sorted(b, 10, 0.0), 1.0);
    cr_assert_eq(stats_percentile_sorted(b, 10, 1.0), 10.0);
    cr_assert_eq(stats_percentile_sorted(b, 1, 0.7), 1.0);
    cr_assert(isnan(stats_percentile_sorted(b, 0, 0.5)));
}

Test(stats, percentile_with_infinities)
{
    double v[] = {1, 2, 3, INFINITY, INFINITY};
    /* h = 0.5 * 4 = 2: exactly the third value, finite. */
    cr_assert_eq(stats_percentile_sorted(v, 5, 0.5), 3.0);
    /* h = 2.4: between 3 and INFINITY. */
    cr_assert(isinf(stats_percentile_sorted(v, 5, 0.6)));
    cr_assert(isinf(stats_percentile_sorted(v, 5, 1.0)));
    /* h = 0.75 * 4 = 3: exactly the first infinite value (no NaN from 0 * inf). */
    cr_assert(isinf(stats_percentile_sorted(v, 5, 0.75)));
}

Test(stats, radix_sort_matches_qsort)
{
    const size_t n = 100000;
    double *v = malloc(n * sizeof *v), *w = malloc(n * sizeof *w);
    srand(7); /* test data only */
    for (size_t i = 0; i < n; i++) {
        double x = (double)rand() / RAND_MAX;
        switch (rand() % 8) {
        case 0: x = INFINITY; break;
        case 1: x = -x * 1e6; break;
        case 2: x = 0.0; break;
        case 3: x = x * 1e-300; break;
        default: x = x * pow(10.0, rand() % 12); break;
        }
        v[i] = w[i] = x;
    }
    cr_assert_eq(stats_sort(v, n), 0);
    qsort(w, n, sizeof *w, cmp);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(v[i], w[i], "at %zu: %g vs %g", i, v[i], w[i]);
    double z[] = {0.0, -0.0, 1.0, -1.0};
    stats_sort(z, 4);
    cr_assert(z[0] == -1.0 && signbit(z[1]) && !signbit(z[2]) && z[3] == 1.0);
    free(v);
    free(w);
}

Test(stats, mean)
{
    double v[] = {1, 2, 3, 6};
    cr_assert_eq(stats_mean(v, 4), 3.0);
    double u[] = {1, INFINITY};
    cr_assert(isinf(stats_mean(u, 2)));
}
