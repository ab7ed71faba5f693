/* bench/bench_hist.c: the cost per value of summarizing Monte Carlo results in a
 * fixed-resolution histogram (sim/hist.h) against keeping every value and sorting it
 * (stats_sort_into, what sim/mc.c did before it accumulated into these histograms).
 *
 *   build/bench/bench_hist [VALUES [REPEATS]]
 *
 * Values are lognormal durations (median 4 h, sigma 0.8) and, as a second set, RPOs that
 * are exactly 0 in 60 % of trials. For each set it prints the median over the repeats of:
 * ns per value for hist_add; ns per value to sort the same values (the copy into a
 * per-trial array counted, the work space allocated once outside the timing, as in
 * sim/mc.c); the time to read five percentiles from the histogram; the time to merge two
 * halves; and the histogram's bytes. Times are the thread's CPU time.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim/hist.h"
#include "sim/stats.h"

/* CPU time of this thread: on a shared, loaded machine the time spent waiting for a core
 * is not charged to either method. */
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* A splitmix64 step: cheap, deterministic inputs for the benchmark only. */
static uint64_t mix(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static double unif(uint64_t *s)
{
    return ((double)(mix(s) >> 11) + 0.5) * 0x1p-53;
}

static void run_set(const char *name, const double *v, size_t n, int repeats)
{
    double add_ns[99], sort_ns[99], pct_us[99], merge_us[99];
    size_t bytes = 0;
    double *arr = malloc(n * sizeof *arr);
    uint64_t *work = malloc(STATS_SORT_WORK(n) * sizeof *work);
    if (arr == NULL || work == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(3);
    }
    double sink = 0.0;
    for (int r = 0; r < repeats; r++) {
        double targets[] = {4 * 3600.0, 900.0};
        struct hist h, a, b;
        hist_init(&h, targets, 2);
        double t0 = now();
        for (size_t i = 0; i < n; i++)
            hist_add(&h, v[i]);
        add_ns[r] = (now() - t0) * 1e9 / (double)n;

        t0 = now();
        for (int j = 0; j < 20; j++) {
            sink += hist_percentile(&h, 0.5) + hist_percentile(&h, 0.9) +
                    hist_percentile(&h, 0.95) + hist_percentile(&h, 0.99) +
                    hist_percentile(&h, 1.0);
        }
        pct_us[r] = (now() - t0) * 1e6 / 20;

        hist_init(&a, targets, 2);
        hist_init(&b, targets, 2);
        for (size_t i = 0; i < n; i++)
            hist_add(i % 2 ? &a : &b, v[i]);
        t0 = now();
        hist_merge(&a, &b);
        merge_us[r] = (now() - t0) * 1e6;
        sink += hist_mean(&a);
        bytes = hist_bytes(&h);
        hist_fini(&a);
        hist_fini(&b);
        hist_fini(&h);

        /* Today's way: each trial writes its slot, then the array is sorted. The array is
         * touched once beforehand so page faults are not charged to the sort. */
        memset(arr, 0, n * sizeof *arr);
        t0 = now();
        for (size_t i = 0; i < n; i++)
            arr[i] = v[i];
        stats_sort_into(arr, arr, n, work);
        sink += stats_percentile_sorted(arr, n, 0.5);
        sort_ns[r] = (now() - t0) * 1e9 / (double)n;
    }
    printf("  %-28s hist_add %6.2f ns/value   store+sort %6.2f ns/value   "
           "5 percentiles %7.1f us   merge %7.1f us   %zu bytes%s\n",
           name, median(add_ns, repeats), median(sort_ns, repeats), median(pct_us, repeats),
           median(merge_us, repeats), bytes, sink == 42.0 ? " " : "");
    free(work);
    free(arr);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
    int repeats = argc > 2 ? atoi(argv[2]) : 5;
    if (n < 2 || repeats < 1 || repeats > 99) {
        fprintf(stderr, "usage: %s [VALUES >= 2 [REPEATS 1..99]]\n", argv[0]);
        return 2;
    }
    double *v = malloc(n * sizeof *v);
    if (v == NULL)
        return 3;
    uint64_t s = 14;
    printf("histograms against sorting, %zu values, median of %d runs\n", n, repeats);
    for (size_t i = 0; i < n; i++) {
        /* Box-Muller: a normal from two uniforms, then lognormal. */
        double z = sqrt(-2.0 * log(unif(&s))) * cos(6.283185307179586 * unif(&s));
        v[i] = 4 * 3600.0 * exp(0.8 * z);
    }
    run_set("lognormal (RTO-like)", v, n, repeats);
    for (size_t i = 0; i < n; i++)
        if (unif(&s) < 0.6)
            v[i] = 0.0;
    run_set("60 % zero (RPO-like)", v, n, repeats);
    free(v);
    return 0;
}
