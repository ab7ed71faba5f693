/* sim/stats.c: percentiles, radix sort, Wilson intervals, fine histograms. */
#include "sim/stats.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

void stats_wilson(uint64_t k, uint64_t n, double z, double *lo, double *hi)
{
    assert(k <= n);
    if (n == 0) {
        *lo = 0.0;
        *hi = 1.0;
        return;
    }
    double nn = (double)n, p = (double)k / nn, z2 = z * z;
    double denom = 1.0 + z2 / nn;
    double center = (p + z2 / (2.0 * nn)) / denom;
    double half = z * sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn)) / denom;
    *lo = center - half < 0.0 ? 0.0 : center - half;
    *hi = center + half > 1.0 ? 1.0 : center + half;
    /* At k = 0 and k = n the bound is exact in real arithmetic; keep it exact here. */
    if (k == 0)
        *lo = 0.0;
    if (k == n)
        *hi = 1.0;
}

double stats_percentile_sorted(const double *sorted, size_t n, double q)
{
    if (n == 0)
        return NAN;
    if (q <= 0.0)
        return sorted[0];
    if (q >= 1.0)
        return sorted[n - 1];
    double h = q * (double)(n - 1);
    size_t lhs = (size_t)h;
    double delta = h - (double)lhs;
    if (lhs >= n - 1 || delta == 0.0)
        return sorted[lhs < n ? lhs : n - 1];
    if (isinf(sorted[lhs]) || isinf(sorted[lhs + 1]))
        return INFINITY;
    /* Both neighbours finite: GSL gives PERCENTILE.INC; it only reads lhs and lhs + 1. */
    return gsl_stats_quantile_from_sorted_data(sorted, 1, n, q);
}

double stats_mean(const double *v, size_t n)
{
    if (n == 0)
        return NAN;
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    return s / (double)n;
}

/* ---- radix sort ------------------------------------------------------------------------ */

/* Map a double to an unsigned key whose integer order is the numeric order: positive
 * values get their sign bit set, negative ones are complemented. */
static inline uint64_t key_of(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return (b >> 63) ? ~b : (b | (UINT64_C(1) << 63));
}

static inline double double_of(uint64_t k)
{
    uint64_t b = (k >> 63) ? (k & ~(UINT64_C(1) << 63)) : ~k;
    double x;
    memcpy(&x, &b, sizeof x);
    return x;
}

#define RADIX_BITS 11
#define RADIX_SIZE (1u << RADIX_BITS)
#define RADIX_PASSES 6 /* 6 x 11 >= 64 */

/* The keys ping-pong between work[0..n) and dst's own storage, which is read and written
 * as raw 64-bit words through memcpy (aliasing-safe; a double and a uint64_t have the
 * same size); the last step writes doubles. dst may be src: src is read completely
 * into work before dst is touched. */
void stats_sort_into(const double *src, double *dst, size_t n, uint64_t *work)
{
    if (n == 0)
        return;
    uint64_t *restrict count = work + n;
    memset(count, 0, (size_t)RADIX_PASSES * RADIX_SIZE * sizeof *count);
    uint64_t *restrict a = work;
    for (size_t i = 0; i < n; i++) {
        assert(!isnan(src[i]));
        uint64_t k = key_of(src[i]);
        a[i] = k;
        for (int p = 0; p < RADIX_PASSES; p++)
            count[(size_t)p * RADIX_SIZE + ((k >> (p * RADIX_BITS)) & (RADIX_SIZE - 1))]++;
    }
    unsigned char *restrict b_bytes = (unsigned char *)dst;
    int in_a = 1;
    for (int p = 0; p < RADIX_PASSES; p++) {
        uint64_t *restrict c = count + (size_t)p * RADIX_SIZE;
        int shift = p * RADIX_BITS;
        uint64_t k0;
        if (in_a)
            k0 = a[0];
        else
            memcpy(&k0, b_bytes, sizeof k0);
        /* A digit shared by every key needs no pass. */
        if (c[(k0 >> shift) & (RADIX_SIZE - 1)] == n)
            continue;
        uint64_t sum = 0;
        for (size_t d = 0; d < RADIX_SIZE; d++) {
            uint64_t t = c[d];
            c[d] = sum;
            sum += t;
        }
        if (in_a) {
            for (size_t i = 0; i < n; i++) {
                uint64_t k = a[i];
                memcpy(b_bytes + 8 * c[(k >> shift) & (RADIX_SIZE - 1)]++, &k, 8);
            }
        } else {
            for (size_t i = 0; i < n; i++) {
                uint64_t k;
                memcpy(&k, b_bytes + 8 * i, 8);
                a[c[(k >> shift) & (RADIX_SIZE - 1)]++] = k;
            }
        }
        in_a = !in_a;
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t k;
        if (in_a)
            k = a[i];
        else
            memcpy(&k, b_bytes + 8 * i, 8);
        dst[i] = double_of(k);
    }
}

int stats_sort(double *v, size_t n)
{
    if (n < 2)
        return 0;
    uint64_t *work = malloc(STATS_SORT_WORK(n) * sizeof *work);
    if (work == NULL)
        return -1;
    stats_sort_into(v, v, n, work);
    free(work);
    return 0;
}
