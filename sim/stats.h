/* sim/stats.h: the statistics the Monte Carlo driver reports.
 *
 * Percentiles follow Excel's PERCENTILE.INC (linear interpolation between order
 * statistics at h = q (n - 1), GSL's gsl_stats_quantile_from_sorted_data), so a number
 * in a report can be checked against the workbook's own formula. Infinite values (no
 * usable recovery point, an outage that never ends) sort last, and a percentile that
 * interpolates towards one is INFINITY rather than NaN.
 *
 * Sorting is an LSD radix sort on the IEEE-754 bit patterns mapped to a total order: it
 * is O(n), about six times faster than qsort on a million doubles (40 ms
 * against 240 ms, docs/performance.md), and gives the
 * same order on every machine.
 *
 * The probability of meeting a target is a binomial proportion; its interval is the
 * Wilson score interval, which behaves at 0 and 1 where the normal approximation does
 * not (an estimate of 1 from 1000 trials still has a lower bound below 1).
 *
 * The Monte Carlo results themselves are summarized by the mergeable histograms of
 * sim/hist.h (one histogram type for every objective); these functions serve exact
 * figures over arrays (tests, drills' samples).
 */
#ifndef DRSIM_STATS_H
#define DRSIM_STATS_H

#include <stddef.h>
#include <stdint.h>

#define STATS_Z95 1.959963984540054  /* two-sided 95 % standard normal quantile */

/* Wilson score interval for k successes in n trials at normal quantile z (STATS_Z95 for
 * 95 %), into [*lo, *hi] within [0, 1]. n = 0 gives [0, 1]. */
void stats_wilson(uint64_t k, uint64_t n, double z, double *lo, double *hi);

/* PERCENTILE.INC of sorted (ascending, INFINITY last, no NaN) data of n values at q in
 * [0, 1]. INFINITY when the interpolation involves an infinite value with non-zero
 * weight; NAN when n = 0. */
double stats_percentile_sorted(const double *sorted, size_t n, double q);

/* Sort v ascending (-0 before +0, INFINITY last; no NaN allowed). Returns 0, or -1 when
 * out of memory (v is then unchanged). Allocates about 8 n bytes while it runs. */
int stats_sort(double *v, size_t n);

/* Words of work space stats_sort_into needs for n values. */
#define STATS_SORT_WORK(n) ((size_t)(n) + 6 * 2048)

/* Sort n values of src into dst (dst may be src) with caller-provided work space of
 * STATS_SORT_WORK(n) words, so that many arrays can be sorted with one allocation;
 * dst's storage serves as the second radix buffer. */
void stats_sort_into(const double *src, double *dst, size_t n, uint64_t *work);

/* Mean of n values (INFINITY if any is); NAN when n = 0. Summed in index order. */
double stats_mean(const double *v, size_t n);

#endif
