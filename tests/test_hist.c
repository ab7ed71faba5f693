/* tests/test_hist.c: fixed-resolution histograms against exact sorting. */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/dist.h"
#include "sim/hist.h"
#include "sim/rng.h"
#include "sim/stats.h"

#define N 100000

/* The engine's Philox streams as the samplers see them: value i is trial i's stream. */
struct philox {
    struct dist_rng base; /* first: the samplers see only this */
    struct rng_stream s;
};

static void ph_select(struct dist_rng *r, uint64_t id)
{
    rng_select(&((struct philox *)r)->s, id);
}

static double ph_uniform(struct dist_rng *r)
{
    return rng_uniform(&((struct philox *)r)->s);
}

/* n draws of d, value i from trial i of seed 14. */
static void draw(const struct dist *d, double *v, size_t n)
{
    struct philox r;
    memset(&r, 0, sizeof r);
    r.base.select = ph_select;
    r.base.uniform = ph_uniform;
    rng_init(&r.s, 14);
    for (size_t i = 0; i < n; i++) {
        rng_trial(&r.s, (uint32_t)i);
        r.base.select(&r.base, 7);
        v[i] = dist_sample(d, &r.base);
    }
}

static const double qs[] = {0.0, 0.01, 0.1, 0.25, 0.5, 0.6, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0};
#define NQ (sizeof qs / sizeof qs[0])

/* |approx - exact| within half a bin: 0.05 % of the exact value. */
static int within(double approx, double exact)
{
    if (isinf(exact) || exact == 0.0)
        return approx == exact;
    return fabs(approx - exact) <= 0.5 * HIST_REL_RES * fabs(exact);
}

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* Every check that compares a histogram of v with v sorted: percentiles within the
 * resolution, exact at the ends, sampled order statistics within it, threshold counts
 * exact, and the second pass exact. */
static void check_against_sorted(const double *v, size_t n, const double *targets, int nt,
                                 const char *what)
{
    double *s = malloc(n * sizeof *s);
    cr_assert_not_null(s);
    memcpy(s, v, n * sizeof *s);
    cr_assert_eq(stats_sort(s, n), 0);
    struct hist h;
    hist_init(&h, targets, nt);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(hist_add(&h, v[i]), 0);
    cr_assert_eq(h.n, n);
    for (size_t j = 0; j < NQ; j++) {
        double e = stats_percentile_sorted(s, n, qs[j]), a = hist_percentile(&h, qs[j]);
        cr_assert(within(a, e), "%s: q %g: hist %.17g, exact %.17g", what, qs[j], a, e);
    }
    cr_assert(same_bits(hist_percentile(&h, 0.0), s[0]), "%s: min", what);
    cr_assert(same_bits(hist_percentile(&h, 1.0), s[n - 1]), "%s: max", what);
    cr_assert(same_bits(h.min_s, s[0]) && same_bits(h.max_s, s[n - 1]), "%s", what);
    for (size_t k = 0; k < n; k += 97) {
        double a = hist_order_stat(&h, k);
        int b = hist_bin_of(s[k]);
        if (b == HIST_BIN_UNDER || b == HIST_BIN_OVER) {
            /* Outside the regular range only bounded: in the bin, within [min, max]. */
            double lo, hi;
            hist_bin_bounds(b, &lo, &hi);
            cr_assert(a >= lo && a <= hi && a >= h.min_s && a <= h.max_finite_s);
            continue;
        }
        cr_assert(within(a, s[k]), "%s: rank %zu: hist %.17g, exact %.17g", what, k, a, s[k]);
        /* On the same side of every target as the exact value. */
        for (int i = 0; i < nt; i++)
            cr_assert_eq((a < targets[i]) - (a > targets[i]),
                         (s[k] < targets[i]) - (s[k] > targets[i]), "%s: rank %zu", what, k);
    }
    uint64_t n_inf = 0;
    for (size_t i = 0; i < n; i++)
        n_inf += isinf(v[i]) != 0;
    cr_assert_eq(h.n_inf, n_inf, "%s", what);
    for (int i = 0; i < nt; i++) {
        uint64_t le = 0, lt = 0;
        for (size_t j = 0; j < n; j++) {
            le += v[j] <= targets[i];
            lt += v[j] < targets[i];
        }
        cr_assert_eq(hist_n_le(&h, i), le, "%s: target %g", what, targets[i]);
        cr_assert_eq(hist_n_lt(&h, i), lt, "%s: target %g", what, targets[i]);
    }
    /* The second pass finds what sim/mc.c finds with every trial kept: the value
     * sorted[k] and the smallest index holding it, for the median and the P95 trial. */
    uint64_t k95 = (uint64_t)ceil(0.95 * (double)n);
    uint64_t ks[] = {(n - 1) / 2, k95 > 0 ? k95 - 1 : 0, 0, n - 1};
    for (size_t j = 0; j < sizeof ks / sizeof ks[0]; j++) {
        uint64_t want = 0;
        for (uint64_t i = 0; i < n; i++)
            if (v[i] == s[ks[j]]) {
                want = i;
                break;
            }
        struct hist_finder f;
        hist_finder_init(&f, &h, ks[j]);
        for (size_t i = 0; i < n; i++)
            cr_assert_eq(hist_finder_offer(&f, i, v[i]), 0);
        double val;
        uint64_t idx;
        cr_assert_eq(hist_finder_result(&f, &val, &idx), 0, "%s", what);
        cr_assert(val == s[ks[j]], "%s: rank %llu: %.17g vs %.17g", what,
                  (unsigned long long)ks[j], val, s[ks[j]]);
        cr_assert_eq(idx, want, "%s: rank %llu", what, (unsigned long long)ks[j]);
        cr_assert(f.n_kept <= f.loc.n_in_bin);
        hist_finder_fini(&f);
    }
    hist_fini(&h);
    free(s);
}

Test(hist, every_distribution_kind_within_resolution)
{
    static const double emp[] = {60, 300, 300, 900, 3600, 7200};
    struct dist ds[] = {
        {DIST_FIXED, {1800, 0, 0}, NULL, 0},
        {DIST_UNIFORM, {600, 7200, 0}, NULL, 0},
        {DIST_TRIANGULAR, {300, 1200, 14400}, NULL, 0},
        {DIST_NORMAL, {3600, 1800, 0}, NULL, 0},
        {DIST_LOGNORMAL, {log(3600), 1.2, 0}, NULL, 0},
        {DIST_GAMMA, {0.7, 5000, 0}, NULL, 0},
        {DIST_WEIBULL, {1.5, 4000, 0}, NULL, 0},
        {DIST_EXPONENTIAL, {900, 0, 0}, NULL, 0},
        {DIST_EMPIRICAL, {0, 0, 0}, emp, 6},
    };
    double targets[] = {3600, 14400};
    double *v = malloc(N * sizeof *v);
    cr_assert_not_null(v);
    for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++) {
        cr_assert_null(dist_check(&ds[i]));
        draw(&ds[i], v, N);
        check_against_sorted(v, N, targets, 2, dist_kind_name(ds[i].kind));
    }
    free(v);
}

Test(hist, point_masses)
{
    double *v = malloc(N * sizeof *v), *ln = malloc(N * sizeof *ln);
    cr_assert(v && ln);
    struct dist d = {DIST_LOGNORMAL, {log(4 * 3600.0), 0.8, 0}, NULL, 0};
    draw(&d, ln, N);
    double targets[] = {4 * 3600.0, 900.0};

    /* An RPO of exactly 0 in 60 % of trials (scattered), the rest lognormal. */
    for (size_t i = 0; i < N; i++)
        v[i] = i % 5 < 3 ? 0.0 : ln[i];
    check_against_sorted(v, N, targets, 2, "60% zero");
    /* A constant: every percentile the very bits the sorted method gives. */
    for (size_t i = 0; i < N; i++)
        v[i] = 1234.5;
    check_against_sorted(v, N, targets, 2, "constant");
    /* 30 % exactly on a target, the rest around it. */
    for (size_t i = 0; i < N; i++)
        v[i] = i % 10 < 3 ? targets[0] : ln[i];
    check_against_sorted(v, N, targets, 2, "on target");
    /* 5 % INFINITY (no usable recovery point), 10 % zero. */
    for (size_t i = 0; i < N; i++)
        v[i] = i % 20 == 7 ? INFINITY : i % 10 == 3 ? 0.0 : ln[i];
    check_against_sorted(v, N, targets, 2, "infinite");
    /* 0.5 % below the regular range, 0.05 % above it (no percentile of qs there). */
    for (size_t i = 0; i < N; i++)
        v[i] = i % 200 == 1 ? 1e-5 : i % 2000 == 2 ? 1e10 : ln[i];
    check_against_sorted(v, N, targets, 2, "out of range");

    /* Exactness where promised, bit for bit against the sorted method. */
    double *s = malloc(N * sizeof *s);
    cr_assert_not_null(s);
    struct {
        double zero_share, inf_share, mass_share;
    } cases[] = {{0.6, 0.0, 0.0}, {0.0, 0.0, 1.0}, {0.0, 0.0, 0.3}, {0.1, 0.05, 0.2}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        for (size_t i = 0; i < N; i++) {
            double u = (double)((i * 7919) % N) / N;
            v[i] = u < cases[c].zero_share ? 0.0
                   : u < cases[c].zero_share + cases[c].inf_share ? INFINITY
                   : u < cases[c].zero_share + cases[c].inf_share + cases[c].mass_share
                       ? targets[0]
                       : ln[i];
        }
        memcpy(s, v, N * sizeof *s);
        stats_sort(s, N);
        struct hist h;
        hist_init(&h, targets, 2);
        for (size_t i = 0; i < N; i++)
            hist_add(&h, v[i]);
        for (size_t j = 0; j < NQ; j++) {
            double hh = qs[j] * (N - 1);
            size_t lo = (size_t)hh, hi = lo + 1 < N ? lo + 1 : lo;
            int exact_known = (s[lo] == 0.0 || isinf(s[lo]) || s[lo] == targets[0]) &&
                              (s[hi] == 0.0 || isinf(s[hi]) || s[hi] == targets[0]);
            if (!exact_known)
                continue;
            double e = stats_percentile_sorted(s, N, qs[j]), a = hist_percentile(&h, qs[j]);
            cr_assert(same_bits(a, e), "case %zu q %g: %.17g vs %.17g", c, qs[j], a, e);
        }
        hist_fini(&h);
    }
    free(s);
    free(v);
    free(ln);
}

Test(hist, exact_sum_rounds_once)
{
    struct hist h;
    hist_init(&h, NULL, 0);
    for (int i = 0; i < 10; i++)
        hist_add(&h, 0.1);
    /* Ten times the double nearest 0.1 is 1.0000000000000000555: nearest double 1. */
    cr_assert_eq(hist_sum_finite(&h), 1.0);
    hist_fini(&h);

    struct {
        double x[3];
        double want;
    } cases[] = {
        {{9007199254740992.0, 1, 1}, 9007199254740994.0}, /* left to right loses both 1s */
        {{1, 0x1p-60, 0}, 1.0},                          /* below half: down */
        {{1, 0x1p-53, 0}, 1.0},                          /* tie, even: down */
        {{1, 0x1p-53, 0x1p-100}, 1 + 0x1p-52},           /* above half: up */
        {{1 + 0x1p-52, 0x1p-53, 0}, 1 + 0x1p-51},        /* tie, odd: up */
        {{3e-6, 2e9, 7e300}, 7e300},
        {{0x1p-1074, 0x1p-1074, 0}, 0x1p-1073},          /* subnormals */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        hist_init(&h, NULL, 0);
        for (int i = 0; i < 3; i++)
            hist_add(&h, cases[c].x[i]);
        cr_assert(same_bits(hist_sum_finite(&h), cases[c].want), "case %zu: %a", c,
                  hist_sum_finite(&h));
        hist_fini(&h);
    }

    /* Against a compensated (Neumaier) sum of lognormal draws, whose error for positive
     * values is within a unit in the last place plus n eps^2 of the sum, and the mean of
     * finite values only. Not against a long double sum: valgrind computes long double
     * with a double's 53 bits, and that sum then misses by more than the tolerance. */
    double *v = malloc(N * sizeof *v);
    struct dist d = {DIST_LOGNORMAL, {log(3600.0), 1.5, 0}, NULL, 0};
    draw(&d, v, N);
    double ref = 0.0, comp = 0.0;
    hist_init(&h, NULL, 0);
    for (size_t i = 0; i < N; i++) {
        const double t = ref + v[i];
        comp += ref >= v[i] ? (ref - t) + v[i] : (v[i] - t) + ref;
        ref = t;
        hist_add(&h, v[i]);
    }
    ref += comp;
    hist_add(&h, INFINITY);
    cr_assert(fabs(hist_sum_finite(&h) - ref) <= 1e-15 * ref, "%a against %a",
              hist_sum_finite(&h), ref);
    cr_assert_eq(hist_mean_finite(&h), hist_sum_finite(&h) / N);
    cr_assert(isinf(hist_mean(&h)));
    hist_fini(&h);
    free(v);
}

/* The exact sum across carries of its limbs (every HIST_SUM_CARRY_EVERY adds) and
 * at every position of a double's bits in them: 4096 adds of one value x sum to exactly
 * 4096 x, for x with all 53 bits set at exponents from the subnormals to near the top. */
Test(hist, exact_sum_across_carries)
{
    for (int e = -1074; e <= 1000; e += 7) {
        double x = e < -1022 ? ldexp(1.0, e) : ldexp(0x1.fffffffffffffp0, e);
        struct hist_xsum s;
        hist_xsum_init(&s);
        for (int i = 0; i < 4096; i++)
            hist_xsum_add(&s, x);
        cr_assert(same_bits(hist_xsum_value(&s), ldexp(x, 12)), "x = %a: %a", x,
                  hist_xsum_value(&s));
    }
}

/* Everything a result reads from a histogram, compared bit for bit. */
static void assert_same(const struct hist *a, const struct hist *b)
{
    cr_assert_eq(a->n, b->n);
    cr_assert(a->n_zero == b->n_zero && a->n_under == b->n_under && a->n_over == b->n_over &&
              a->n_inf == b->n_inf);
    cr_assert(same_bits(a->min_s, b->min_s) && same_bits(a->max_s, b->max_s) &&
              same_bits(a->max_finite_s, b->max_finite_s));
    for (int i = 0; i < a->n_targets; i++)
        cr_assert(a->n_le[i] == b->n_le[i] && a->n_lt[i] == b->n_lt[i]);
    for (int bin = 0; bin < HIST_N_BINS; bin++)
        cr_assert_eq(hist_bin_count(a, bin), hist_bin_count(b, bin), "bin %d", bin);
    cr_assert(same_bits(hist_sum_finite(a), hist_sum_finite(b)));
    cr_assert(same_bits(hist_mean(a), hist_mean(b)));
    for (size_t j = 0; j < NQ; j++)
        cr_assert(same_bits(hist_percentile(a, qs[j]), hist_percentile(b, qs[j])));
    cr_assert(same_bits(hist_percentile(a, 0.37), hist_percentile(b, 0.37)));
}

/* hist_add's inline cases (+0, INFINITY, a regular value on an existing page) and
 * hist_add_many (its loops for 0, 1 and more targets, with and without hints, in runs of
 * many lengths, after the first with a minimum of +0, which they do not compare) count
 * what hist_add's general out-of-line half counts, for every kind of value and for targets
 * that include 0 and INFINITY. */
Test(hist, inline_adds_equal_the_general_path)
{
    double *v = malloc(N * sizeof *v);
    struct dist d = {DIST_LOGNORMAL, {log(600.0), 3.0, 0}, NULL, 0};
    draw(&d, v, N);
    const double special[] = {0.0, -0.0, -5.0, INFINITY, 1e-5, 0x1p-1074, 1e12, 0x1p-10,
                              0x1p32, 3600.0};
    for (size_t i = 0; i < N; i += 13)
        v[i] = special[(i / 13) % (sizeof special / sizeof special[0])];
    double targets[] = {0.0, 3600.0, INFINITY, 60.0};
    for (int nt = 0; nt <= HIST_MAX_TARGETS; nt++) {
        struct hist fast, slow, many;
        hist_init(&fast, targets, nt);
        hist_init(&slow, targets, nt);
        hist_init(&many, targets, nt);
        for (size_t i = 0; i < N; i++) {
            cr_assert_eq(hist_add(&fast, v[i]), 0);
            cr_assert_eq(hist_add_slow(&slow, v[i]), 0);
        }
        for (size_t i = 0, len = 1; i < N; i += len, len = len * 3 % 4099 + 1) {
            size_t m = i + len < N ? len : N - i;
            cr_assert_eq(hist_add_many(&many, v + i, m, (int)len % 2), 0);
        }
        cr_assert(fast.n_inf > 0 && fast.n_zero > 0 && fast.n_under > 0 && fast.n_over > 0);
        for (size_t i = 0; nt == 0 && i < N; i++) {
            cr_assert_eq(hist_bin_fast(v[i]), hist_bin_of(v[i]), "%a", v[i]);
            uint64_t b;
            unsigned j;
            memcpy(&b, &v[i], sizeof b);
            if (hist_regular(b, &j))
                cr_assert(hist_page_of(b) == j / HIST_PAGE &&
                          hist_counter_of(b) == j % HIST_PAGE, "%a", v[i]);
        }
        assert_same(&fast, &slow);
        assert_same(&many, &slow);
        cr_assert(hist_equal(&fast, &slow) && hist_equal(&many, &slow));
        cr_assert_eq(hist_pages(&many), hist_pages(&slow));
        hist_fini(&fast);
        hist_fini(&slow);
        hist_fini(&many);
    }
    free(v);
}

/* hist_bin_fast (one subtraction of the bits) gives hist_bin_of's bin at and around the
 * edges of the regular range and for the values outside it: zero and -0, negative and
 * infinite values, the smallest and largest doubles. */
Test(hist, bin_fast_equals_bin_of_at_the_edges)
{
    const double edges[] = {0x1p-10, 0x1p32, 1.0, 0x1p-1074, DBL_MIN, DBL_MAX};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        const double around[] = {nextafter(edges[i], 0.0), edges[i],
                                 nextafter(edges[i], INFINITY)};
        for (int k = 0; k < 3; k++)
            for (int sign = 1; sign >= -1; sign -= 2) {
                const double x = sign * around[k];
                cr_assert_eq(hist_bin_fast(x), hist_bin_of(x), "%a", x);
            }
    }
    const double special[] = {0.0, -0.0, INFINITY, -INFINITY};
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++)
        cr_assert_eq(hist_bin_fast(special[i]), hist_bin_of(special[i]), "%a", special[i]);
    cr_assert_eq(hist_bin_fast(0x1p-10), HIST_BIN_FIRST);
    cr_assert_eq(hist_bin_fast(nextafter(0x1p32, 0.0)), HIST_BIN_OVER - 1);
}

/* hist_add_many compares a value with one target as bits when the target's bits order as
 * the doubles do against values >= 0 (a target >= +0, INFINITY), and as doubles
 * otherwise: either way it counts what hist_add's general half counts, for targets on
 * both sides of that line (-0, a negative target, the smallest subnormal, +0, a value of
 * the regular range, the largest double). */
Test(hist, add_many_targets_by_bits_or_by_value)
{
    double *v = malloc(N * sizeof *v);
    struct dist d = {DIST_LOGNORMAL, {log(600.0), 3.0, 0}, NULL, 0};
    draw(&d, v, N);
    const double special[] = {0.0, -0.0, -5.0, INFINITY, 1e-5, 0x1p-1074, 3600.0, DBL_MAX};
    for (size_t i = 0; i < N; i += 7)
        v[i] = special[(i / 7) % (sizeof special / sizeof special[0])];
    const double targets[] = {-0.0, -60.0, 0x1p-1074, 0.0, 3600.0, DBL_MAX};
    for (size_t k = 0; k < sizeof targets / sizeof targets[0]; k++) {
        struct hist slow, many;
        hist_init(&slow, &targets[k], 1);
        hist_init(&many, &targets[k], 1);
        for (size_t i = 0; i < N; i++)
            cr_assert_eq(hist_add_slow(&slow, v[i]), 0);
        for (size_t i = 0, len = 1; i < N; i += len, len = len * 5 % 3001 + 1) {
            size_t m = i + len < N ? len : N - i;
            cr_assert_eq(hist_add_many(&many, v + i, m, (int)len % 2), 0);
        }
        assert_same(&many, &slow);
        cr_assert(hist_equal(&many, &slow), "target %a", targets[k]);
        hist_fini(&slow);
        hist_fini(&many);
    }
    free(v);
}

/* hist_add_many sums a power of two's values in one integer (hist_xsum_fold): runs of
 * the largest significand in one power of two, longer than HIST_SUM_CARRY_EVERY, with a
 * value of the slow path (a new page, underflow) inside, sum what hist_add sums. */
Test(hist, add_many_sums_long_runs_of_one_power_of_two)
{
    enum { M = 3 * HIST_SUM_CARRY_EVERY + 5 };
    double *v = malloc(M * sizeof *v);
    for (size_t i = 0; i < M; i++)
        v[i] = nextafter(0x1p20, 0.0);   /* significand 2^53 - 1 */
    v[HIST_SUM_CARRY_EVERY + 3] = 1e-6;
    v[2 * HIST_SUM_CARRY_EVERY + 7] = 0x1p30;
    struct hist one, many;
    hist_init(&one, NULL, 0);
    hist_init(&many, NULL, 0);
    for (size_t i = 0; i < M; i++)
        cr_assert_eq(hist_add(&one, v[i]), 0);
    cr_assert_eq(hist_add_many(&many, v, 7, 0), 0);
    cr_assert_eq(hist_add_many(&many, v + 7, M - 7, 0), 0);
    cr_assert(hist_equal(&one, &many));
    cr_assert(same_bits(hist_sum_finite(&one), hist_sum_finite(&many)));
    hist_fini(&one);
    hist_fini(&many);
    free(v);
}

/* hist_add_zeros(h, z) equals z calls hist_add(h, 0.0): on empty and filled histograms,
 * with targets at, above and below 0, across carries of the sum (runs of zeros whose
 * count passes a multiple of HIST_SUM_CARRY_EVERY between values that are summed). */
Test(hist, add_zeros_equals_adds_of_zero)
{
    const double targets[] = {0.0, 3600.0, INFINITY, 60.0};
    const double values[] = {5000.0, 0.25, INFINITY, 1e-5, 42.0};
    for (int nt = 0; nt <= HIST_MAX_TARGETS; nt++) {
        struct hist one, bulk;
        hist_init(&one, targets, nt);
        hist_init(&bulk, targets, nt);
        hist_add_zeros(&bulk, 0);
        cr_assert(hist_equal(&one, &bulk));
        for (uint64_t z = 1, i = 0; i < 40; i++, z = z * 7 % 3001) {
            for (uint64_t k = 0; k < z; k++)
                cr_assert_eq(hist_add(&one, 0.0), 0);
            hist_add_zeros(&bulk, z);
            cr_assert(hist_equal(&one, &bulk), "nt %d, run %llu", nt, (unsigned long long)i);
            cr_assert(same_bits(one.min_s, bulk.min_s) && same_bits(one.max_s, bulk.max_s) &&
                      same_bits(one.max_finite_s, bulk.max_finite_s));
            for (uint64_t k = 0; k < 2100; k++) {
                double x = values[(i + k) % 5] * (double)(k + 1);
                cr_assert_eq(hist_add(&one, x), 0);
                cr_assert_eq(hist_add(&bulk, x), 0);
            }
        }
        cr_assert(same_bits(hist_sum_finite(&one), hist_sum_finite(&bulk)));
        hist_fini(&one);
        hist_fini(&bulk);
    }
}

/* hist_locate, which passes whole pages by their totals, finds every rank where a walk
 * bin by bin (hist_bin_count) finds it, at page edges and in the special bins too. */
Test(hist, locate_equals_a_walk_over_the_bins)
{
    enum { M = 6000 };
    double *v = malloc(M * sizeof *v);
    struct dist d = {DIST_LOGNORMAL, {log(600.0), 2.0, 0}, NULL, 0};
    draw(&d, v, M);
    /* Values on both sides of a page edge (256 bins, a quarter of a power of two). */
    for (size_t i = 0; i < M; i += 7)
        v[i] = (i / 7) % 2 ? 0x1p10 : nextafter(0x1p10, 0.0);
    for (size_t i = 3; i < M; i += 97)
        v[i] = (i / 97) % 3 == 0 ? 0.0 : (i / 97) % 3 == 1 ? 1e-5 : INFINITY;
    v[5] = 1e12;
    struct hist h;
    hist_init(&h, NULL, 0);
    for (size_t i = 0; i < M; i++)
        cr_assert_eq(hist_add(&h, v[i]), 0);
    cr_assert(h.n_zero > 0 && h.n_under > 0 && h.n_over > 0 && h.n_inf > 0);
    uint64_t below = 0;
    for (int b = 0; b < HIST_N_BINS; b++) {
        uint64_t c = hist_bin_count(&h, b);
        for (uint64_t r = 0; r < c; r++) {
            struct hist_loc loc;
            hist_locate(&h, below + r, &loc);
            cr_assert(loc.bin == b && loc.rank_in_bin == r && loc.n_in_bin == c,
                      "rank %llu", (unsigned long long)(below + r));
        }
        below += c;
    }
    cr_assert_eq(below, h.n);
    hist_fini(&h);
    free(v);
}

Test(hist, merge_of_parts_equals_the_whole)
{
    double *v = malloc(N * sizeof *v);
    struct dist d = {DIST_GAMMA, {0.5, 8000, 0}, NULL, 0};
    draw(&d, v, N);
    for (size_t i = 0; i < N; i += 41)
        v[i] = i % 2 ? 0.0 : INFINITY;
    double targets[] = {3600, 7200, 86400};
    struct hist whole;
    hist_init(&whole, targets, 3);
    for (size_t i = 0; i < N; i++)
        hist_add(&whole, v[i]);
    int parts[] = {2, 3, 7};
    for (size_t pi = 0; pi < 3; pi++) {
        int k = parts[pi];
        struct hist part[7];
        for (int j = 0; j < k; j++)
            hist_init(&part[j], targets, 3);
        /* Interleaved slices (as threads take trials), of unequal size. */
        for (size_t i = 0; i < N; i++)
            hist_add(&part[(i * i + i / 3) % (size_t)k], v[i]);
        /* Merged forwards, backwards, and as a tree: all equal to the whole. */
        struct hist fwd, bwd, tree;
        hist_init(&fwd, targets, 3);
        hist_init(&bwd, targets, 3);
        hist_init(&tree, targets, 3);
        for (int j = 0; j < k; j++) {
            cr_assert_eq(hist_merge(&fwd, &part[j]), 0);
            cr_assert_eq(hist_merge(&bwd, &part[k - 1 - j]), 0);
        }
        for (int j = 1; j < k; j += 2)
            cr_assert_eq(hist_merge(&part[j - 1], &part[j]), 0);
        for (int j = 0; j < k; j += 2)
            cr_assert_eq(hist_merge(&tree, &part[j]), 0);
        assert_same(&whole, &fwd);
        assert_same(&whole, &bwd);
        assert_same(&whole, &tree);
        hist_fini(&fwd);
        hist_fini(&bwd);
        hist_fini(&tree);
        for (int j = 0; j < k; j++)
            hist_fini(&part[j]);
    }
    /* Different targets do not merge. */
    struct hist other;
    double t2[] = {3600, 7200, 86401};
    hist_init(&other, t2, 3);
    cr_assert_eq(hist_merge(&whole, &other), -1);
    hist_fini(&other);
    hist_fini(&whole);
    free(v);
}

Test(hist, second_pass_split_across_threads)
{
    double *v = malloc(N * sizeof *v);
    struct dist d = {DIST_EMPIRICAL, {0}, (const double[]){60, 120, 120, 600}, 4};
    draw(&d, v, N);
    struct hist h;
    hist_init(&h, NULL, 0);
    for (size_t i = 0; i < N; i++)
        hist_add(&h, v[i]);
    double *s = malloc(N * sizeof *s);
    memcpy(s, v, N * sizeof *s);
    stats_sort(s, N);
    uint64_t k = (N - 1) / 2;
    /* Three finders on slices offered out of order, merged: the same answer. */
    struct hist_finder f[3];
    for (int j = 0; j < 3; j++)
        hist_finder_init(&f[j], &h, k);
    for (size_t i = N; i-- > 0;)
        hist_finder_offer(&f[i % 3], i, v[i]);
    cr_assert_eq(hist_finder_merge(&f[2], &f[0]), 0);
    cr_assert_eq(hist_finder_merge(&f[2], &f[1]), 0);
    double val;
    uint64_t idx;
    cr_assert_eq(hist_finder_result(&f[2], &val, &idx), 0);
    cr_assert_eq(val, s[k]);
    uint64_t want = 0;
    while (v[want] != s[k])
        want++;
    cr_assert_eq(idx, want);
    /* A point mass collapses: four distinct values, whatever the count. */
    cr_assert_leq(f[2].n_kept, 4);
    /* A replay that misses a value of the bin is detected. */
    struct hist_finder g;
    hist_finder_init(&g, &h, k);
    size_t skip = 0;
    while (hist_bin_of(v[skip]) != g.loc.bin)
        skip++;
    for (size_t i = 0; i < N; i++)
        if (i != skip)
            hist_finder_offer(&g, i, v[i]);
    cr_assert_eq(hist_finder_result(&g, &val, &idx), -2);
    for (int j = 0; j < 3; j++)
        hist_finder_fini(&f[j]);
    hist_finder_fini(&g);
    hist_fini(&h);
    free(s);
    free(v);
}

Test(hist, memory_per_histogram)
{
    /* The struct alone, every page allocated, and a typical RTO's pages. */
    cr_assert_leq(sizeof(struct hist), 2200, "%zu bytes", sizeof(struct hist));
    struct hist h;
    hist_init(&h, NULL, 0);
    cr_assert_eq(hist_bytes(&h), sizeof h);
    double *v = malloc(N * sizeof *v);
    struct dist d = {DIST_LOGNORMAL, {log(4 * 3600.0), 0.8, 0}, NULL, 0};
    draw(&d, v, N);
    double lo = INFINITY, hi = 0;
    for (size_t i = 0; i < N; i++) {
        hist_add(&h, v[i]);
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
    }
    /* 2 KB pages, four per power of two spanned (plus the two partial ends). */
    double octaves = log2(hi / lo);
    size_t pages = (hist_bytes(&h) - sizeof h) / (HIST_PAGE * sizeof(uint64_t));
    cr_assert_leq(pages, (size_t)ceil(4 * octaves) + 2, "%zu pages for %.1f octaves", pages,
                  octaves);
    cr_assert_leq(hist_bytes(&h), sizeof h + 8192 * (size_t)ceil(octaves + 1));
    /* Worst case: every page. */
    for (int b = HIST_BIN_FIRST; b < HIST_BIN_OVER; b += HIST_PAGE) {
        double l, u;
        hist_bin_bounds(b, &l, &u);
        hist_add(&h, l);
    }
    cr_assert_eq(hist_bytes(&h), sizeof h + (size_t)HIST_N_PAGES * HIST_PAGE * 8);
    cr_assert_leq(hist_bytes(&h), 350 * 1024);
    hist_fini(&h);
    cr_assert_eq(hist_bytes(&h), sizeof h);
    free(v);
}

Test(hist, bins_and_cdf)
{
    /* Every regular bin is at most HIST_REL_RES of its lower bound wide, and bins tile. */
    double prev_hi = ldexp(1.0, HIST_EMIN);
    for (int b = HIST_BIN_FIRST; b < HIST_BIN_OVER; b++) {
        double lo, hi;
        hist_bin_bounds(b, &lo, &hi);
        cr_assert_eq(lo, prev_hi);
        cr_assert((hi - lo) <= HIST_REL_RES * lo);
        cr_assert_eq(hist_bin_of(lo), b);
        cr_assert_eq(hist_bin_of(nextafter(hi, 0)), b);
        prev_hi = hi;
    }
    cr_assert_eq(prev_hi, ldexp(1.0, HIST_EMAX));
    cr_assert_eq(hist_bin_of(-3.0), HIST_BIN_ZERO);
    cr_assert_eq(hist_bin_of(-0.0), HIST_BIN_ZERO);
    cr_assert_eq(hist_bin_of(1e-9), HIST_BIN_UNDER);
    cr_assert_eq(hist_bin_of(1e20), HIST_BIN_OVER);
    cr_assert_eq(hist_bin_of(INFINITY), HIST_BIN_INF);
    /* Negative values and -0 count as (positive) zero. */
    struct hist z;
    hist_init(&z, (const double[]){0.0}, 1);
    hist_add(&z, -5.0);
    hist_add(&z, -0.0);
    hist_add(&z, 2.0);
    cr_assert(z.n_zero == 2 && same_bits(z.min_s, 0.0) && hist_sum_finite(&z) == 2.0);
    cr_assert(hist_n_le(&z, 0) == 2 && hist_n_lt(&z, 0) == 0);
    cr_assert(same_bits(hist_percentile(&z, 0.5), 0.0));
    hist_fini(&z);

    double *v = malloc(N * sizeof *v);
    struct dist d = {DIST_WEIBULL, {0.8, 3000, 0}, NULL, 0};
    draw(&d, v, N);
    struct hist h;
    hist_init(&h, NULL, 0);
    for (size_t i = 0; i < N; i++)
        hist_add(&h, i % 50 == 0 ? 0.0 : i % 77 == 0 ? INFINITY : v[i]);
    struct hist_cdf_point pts[101];
    size_t np = hist_cdf(&h, pts, 101);
    cr_assert(np >= 50 && np <= 101, "%zu", np);
    for (size_t i = 1; i < np; i++)
        cr_assert(pts[i].value_s > pts[i - 1].value_s && pts[i].share > pts[i - 1].share);
    cr_assert_eq(pts[0].value_s, 0.0);
    cr_assert_eq(pts[np - 1].share, 1.0);
    cr_assert(isinf(pts[np - 1].value_s));
    /* Unthinned: each point's share is the exact share of values <= it. */
    size_t cap = 200000;
    struct hist_cdf_point *all = malloc(cap * sizeof *all);
    size_t na = hist_cdf(&h, all, cap);
    for (size_t i = 0; i + 1 < na; i += 500) {
        uint64_t lt = 0, le = 0;
        for (size_t j = 0; j < N; j++) {
            double x = j % 50 == 0 ? 0.0 : j % 77 == 0 ? INFINITY : v[j];
            lt += x < all[i].value_s;
            le += x <= all[i].value_s;
        }
        double c = all[i].share * N;
        cr_assert(lt <= c + 1e-6 && c <= le + 1e-6, "point %zu: %g in [%llu, %llu]", i, c,
                  (unsigned long long)lt, (unsigned long long)le);
    }
    cr_assert_eq(all[na - 1].share, 1.0);
    cr_assert_eq(all[na - 2].value_s, h.max_finite_s);
    free(all);
    struct hist e;
    hist_init(&e, NULL, 0);
    cr_assert_eq(hist_cdf(&e, pts, 101), 0);
    cr_assert(isnan(hist_percentile(&e, 0.5)));
    hist_fini(&e);
    hist_fini(&h);
    free(v);
}
