/* sim/hist.h: mergeable fixed-resolution histograms of Monte Carlo durations.
 *
 * A struct hist summarizes any number of non-negative durations (seconds) in memory that
 * does not grow with the count, so that a run can keep its results without one array
 * slot per trial, and so that histograms made by threads, MPI ranks or shards add up
 * exactly to the histogram of the whole run.
 *
 * Bins. Regular bins are HDR-style: each power of two [2^e, 2^(e+1)) is cut into
 * HIST_SUB = 1024 equal bins, indexed straight from the double's exponent and its top 10
 * mantissa bits (no logarithm, so the bin of a value is the same on every machine and
 * libm). A bin [lo, hi) has hi - lo = lo / (1024 + m) <= lo / 1024, so its width is at
 * most HIST_REL_RES = 0.1 % of any value in it (0.098 % at worst, 0.049 % at best). The
 * regular range is [2^HIST_EMIN, 2^HIST_EMAX) = [0.98 ms, 136 years). Around it: exactly
 * zero has its own bin (negative values and -0 count as 0), values in (0, 0.98 ms) an
 * underflow bin, finite values of 136 years or more an overflow bin, INFINITY its own bin.
 *
 * Exact figures. Besides the bins a histogram keeps the exact count, minimum, maximum,
 * largest finite value, number of infinite values, and the exact sum of the finite values
 * (a 32-bit-limb fixed-point accumulator covering every double, rounded once, to nearest,
 * when read: the sum and the mean are the same bits whatever the order of adds and merges).
 * Up to HIST_MAX_TARGETS thresholds (targets) given to hist_init are counted exactly:
 * values <= t and values < t, so P(meet) and its interval never depend on the bins, and
 * an order statistic that lies exactly on a target (a point mass there) is exact.
 *
 * Order statistics. The k-th smallest value is estimated as the midpoint of what is known
 * about it: its bin, narrowed by the exact minimum and largest finite value and by the
 * target counts (which say on which side of each target it lies, or that it equals it).
 * The estimate is within half a bin (<= 0.05 % of the value) of the exact one, on the
 * same side of every target, and exact for zeros, INFINITY, the minimum, the largest
 * finite value, the maximum and values on a target. Only the underflow and overflow bins
 * are coarser (the estimate lies between their bounds and the exact min or max).
 * hist_percentile interpolates those with PERCENTILE.INC exactly as
 * stats_percentile_sorted does, so when both order statistics are exact the result is
 * the same bits.
 *
 * The exact order statistic and the smallest trial index holding it (the representative
 * trials of reports and `trace`) take a second pass: hist_finder remembers which bin
 * holds rank k, the caller replays the trials and offers (index, value) pairs, and the
 * finder keeps only the values of that bin (collapsed to distinct values, so a point mass
 * costs one entry).
 *
 * Memory. sizeof(struct hist) is 2080 bytes (x86-64); regular bins live in pages of HIST_PAGE =
 * 256 counters (2 KB, a quarter of a power of two) allocated when first touched, so a
 * distribution spanning d powers of two costs about 8 KB per power of two (d * 8 KB), and
 * the worst case (every page) is 344 KB. Counts and results never depend on which pages
 * exist or in what order they were made.
 */
#ifndef DRSIM_HIST_H
#define DRSIM_HIST_H

#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define HIST_REL_RES 0.001      /* a bin's width is at most this share of any value in it */
#define HIST_SUB_BITS 10        /* log2 of bins per power of two */
#define HIST_SUB (1 << HIST_SUB_BITS)
#define HIST_EMIN (-10)         /* regular bins start at 2^HIST_EMIN s (0.98 ms) */
#define HIST_EMAX 32            /* regular bins end at 2^HIST_EMAX s (136 years) */
#define HIST_N_REGULAR ((HIST_EMAX - HIST_EMIN) * HIST_SUB)
#define HIST_PAGE 256           /* counters per page of regular bins */
#define HIST_N_PAGES (HIST_N_REGULAR / HIST_PAGE)
#define HIST_MAX_TARGETS 4      /* thresholds counted exactly */
#define HIST_SUM_LIMBS 70       /* 32-bit limbs of the exact sum: 2^-1074 .. 2^1166 */

/* Bin numbers as hist_locate and hist_bin_of give them: zero, underflow, the regular
 * bins in increasing order, overflow, INFINITY. */
#define HIST_BIN_ZERO 0
#define HIST_BIN_UNDER 1
#define HIST_BIN_FIRST 2
#define HIST_BIN_OVER (HIST_BIN_FIRST + HIST_N_REGULAR)
#define HIST_BIN_INF (HIST_BIN_OVER + 1)
#define HIST_N_BINS (HIST_BIN_INF + 1)

/* An exact sum of non-negative finite doubles: a fixed-point integer whose limb i weighs
 * 2^(32 i - 1074), so every double adds exactly and the total is the same bits whatever
 * the order of adds and merges (read it with hist_xsum_value, rounded once). The Monte
 * Carlo driver keeps its means (step durations, waits) in these as well, so that they
 * too do not depend on how trials were split among threads, ranks or shards. */
struct hist_xsum {
    uint64_t limb[HIST_SUM_LIMBS];     /* limb i weighs 2^(32 i - 1074) */
    uint32_t adds;                     /* adds since the limbs were last carried */
};

/* Zero s. */
void hist_xsum_init(struct hist_xsum *s);

/* Adds between two carries of the limbs: each add puts less than 2^52 into any one limb
 * (see hist_xsum_add_bits), and a carried limb is below 2^32, so limbs stay below
 * 2^32 + 2^11 * 2^52 <= 2^63 + 2^32 (carrying costs about 0.2 instructions per add). */
#define HIST_SUM_CARRY_EVERY 2048u

/* Propagate the carries of s's limbs (each limb then below 2^32) and restart its count
 * of adds. The out-of-line half of hist_xsum_add_bits. */
void hist_xsum_carry(struct hist_xsum *s);

/* Add the positive finite double whose bits are `bits`, without counting the add: the
 * caller carries s at least every HIST_SUM_CARRY_EVERY adds by a count it keeps anyway
 * (a histogram's n, a step's runs). x = m 2^(p - 1074) with m < 2^53, so
 * x = m 2^off 2^(32 i - 1074) with i = p / 32, off = p % 32. The integer m 2^off (below
 * 2^85) goes in as two parts: its low 32 bits into limb i and the rest, m >> (32 - off)
 * (below 2^52), into limb i + 1; limbs are not kept below 2^32 between carries, so the
 * total is the same integer. */
static inline void hist_xsum_add_bits_uncounted(struct hist_xsum *s, uint64_t bits)
{
    uint64_t be = bits >> 52;
    if (__builtin_expect(be == 0, 0)) {
        s->limb[0] += bits & 0xffffffffu;   /* subnormal: m = bits, p = 0 */
        s->limb[1] += bits >> 32;
        return;
    }
    unsigned p = (unsigned)be - 1, i = p / 32, off = p % 32;
    uint64_t m = bits - ((uint64_t)p << 52);  /* the fraction with its implicit 1 bit */
    s->limb[i] += (uint32_t)(m << off);
    s->limb[i + 1] += m >> (32 - off);
}

/* The same, counted: s carries itself every HIST_SUM_CARRY_EVERY adds. Inline, with
 * hist_xsum_add and hist_add: the Monte Carlo driver adds a few dozen values per trial. */
static inline void hist_xsum_add_bits(struct hist_xsum *s, uint64_t bits)
{
    hist_xsum_add_bits_uncounted(s, bits);
    if (__builtin_expect(++s->adds == HIST_SUM_CARRY_EVERY, 0))
        hist_xsum_carry(s);
}

/* 1 when x is a positive finite double (bits `b`), with one test: as integers their
 * bits are 1 .. 0x7fefffffffffffff, and b - 1 wraps for +0. */
static inline int hist_xsum_addable(uint64_t b)
{
    return b - 1 < UINT64_C(0x7fefffffffffffff);
}

/* x's bits in *b, and whether they are to be added: a positive finite x (+0 adds
 * nothing; negative, NaN and infinite values are a caller's bug). */
static inline int hist_xsum_bits(double x, uint64_t *b)
{
    memcpy(b, &x, sizeof *b);
    if (__builtin_expect(!hist_xsum_addable(*b), 0)) {
        assert(*b == 0 || (x >= 0.0 && x < INFINITY));  /* +0 is common: tested first */
        return 0;
    }
    return 1;
}

/* Add x (seconds or any non-negative finite quantity; negative, NaN and infinite values
 * are a caller's bug and add nothing). */
static inline void hist_xsum_add(struct hist_xsum *s, double x)
{
    uint64_t b;
    if (hist_xsum_bits(x, &b))
        hist_xsum_add_bits(s, b);
}

/* The same, uncounted (see hist_xsum_add_bits_uncounted: the caller carries). */
static inline void hist_xsum_add_uncounted(struct hist_xsum *s, double x)
{
    uint64_t b;
    if (hist_xsum_bits(x, &b))
        hist_xsum_add_bits_uncounted(s, b);
}

/* Add from's total into into's (exact). */
void hist_xsum_merge(struct hist_xsum *into, const struct hist_xsum *from);

/* A cheaper add for runs of values of the regular range (2^HIST_EMIN to 2^HIST_EMAX),
 * by power of two. The values of power of two r (from 2^HIST_EMIN) share their weight,
 * so their 53-bit significands m (the implicit 1 bit included) add up in one integer.
 * That sum is kept as the sum of the values' bits (m plus the same exponent field in
 * each) and their count, two adds of what is at hand where hist_xsum_add_bits makes
 * two limb adds and the shifts that place them; the sum of the m is the one less the
 * count times the exponent field, modulo 2^64, and below 2^64 itself while at most
 * HIST_SUM_CARRY_EVERY values wait. The caller folds them into the exact sum
 * (hist_xsum_fold) at least that often and before anything reads the sum. */
#define HIST_XSUM_OCTAVES (HIST_EMAX - HIST_EMIN)

struct hist_xsum_octs {
    uint64_t bits[HIST_XSUM_OCTAVES];   /* sum of the values' bits, modulo 2^64 */
    uint32_t n[HIST_XSUM_OCTAVES];      /* values in each power of two */
};

/* Add the value with bits b of power of two r (of the regular range: r below
 * HIST_XSUM_OCTAVES). */
static inline void hist_xsum_octs_add(struct hist_xsum_octs *o, unsigned r, uint64_t b)
{
    o->bits[r] += b;
    o->n[r]++;
}

/* Add what o holds into s exactly, and empty o; returns how many values it held (a batch
 * of the Monte Carlo driver counts a step's runs so). Each limb of s receives less than
 * 2^38: a fold counts as one add of the HIST_SUM_CARRY_EVERY between s's carries (so it
 * must follow at least one value). */
uint64_t hist_xsum_fold(struct hist_xsum *s, struct hist_xsum_octs *o);

/* The total, correctly rounded to nearest. */
double hist_xsum_value(const struct hist_xsum *s);

struct hist {
    uint64_t n;                        /* values added */
    uint64_t n_zero;                   /* values exactly 0 (or negative) */
    uint64_t n_under;                  /* values in (0, 2^HIST_EMIN) s */
    uint64_t n_over;                   /* finite values >= 2^HIST_EMAX s */
    uint64_t n_inf;                    /* values that are INFINITY */
    double min_s;                      /* smallest value, INFINITY when empty */
    double max_s;                      /* largest value (INFINITY if any), -INFINITY when empty */
    double max_finite_s;               /* largest finite value, -INFINITY when none */
    int n_targets;                     /* thresholds counted, 0 .. HIST_MAX_TARGETS */
    double target_s[HIST_MAX_TARGETS]; /* the thresholds, seconds */
    uint64_t n_le[HIST_MAX_TARGETS];   /* values <= target_s[i] */
    uint64_t n_lt[HIST_MAX_TARGETS];   /* values < target_s[i] */
    struct hist_xsum sum;              /* the finite values' exact sum, carried whenever n
                                          reaches a multiple of HIST_SUM_CARRY_EVERY */
    int nomem;                         /* a page could not be allocated (sticky) */
    uint64_t *page[HIST_N_PAGES];      /* regular bins' counters, NULL until touched */
};

/* Make h empty with the n_targets thresholds target_s[0 .. n_targets - 1] (seconds;
 * n_targets <= HIST_MAX_TARGETS, target_s may be NULL when n_targets is 0). Allocates
 * nothing; pair with hist_fini. */
void hist_init(struct hist *h, const double *target_s, int n_targets);

/* Free h's pages (h is then empty with the same targets and may be reused). */
void hist_fini(struct hist *h);

/* The out-of-line half of hist_add: what its inline fast path does not take (negative
 * values and -0, underflow, overflow, INFINITY, a page not allocated yet). */
int hist_add_slow(struct hist *h, double x);

/* What every add of x does besides its bin and extremes (hist_add, hist_add_slow): the
 * count, which carries the exact sum every HIST_SUM_CARRY_EVERY adds, the minimum, and
 * the target counts. */
static inline __attribute__((always_inline)) void hist_count(struct hist *h, double x)
{
    if (__builtin_expect((++h->n & (HIST_SUM_CARRY_EVERY - 1)) == 0, 0))
        hist_xsum_carry(&h->sum);
    if (x < h->min_s)
        h->min_s = x;
    for (int i = 0; i < h->n_targets; i++) {
        h->n_le[i] += x <= h->target_s[i];
        h->n_lt[i] += x < h->target_s[i];
    }
}

/* Whether the value with bits b lies in the regular range (positive, 2^HIST_EMIN to
 * 2^HIST_EMAX; a set sign bit makes r huge), with *j its regular bin's index (bin
 * HIST_BIN_FIRST + *j, counter *j % HIST_PAGE of page *j / HIST_PAGE: hist_page_of and
 * hist_counter_of, which take them from the bits with fewer steps). */
static inline int hist_regular(uint64_t b, unsigned *j)
{
    unsigned r = (unsigned)(b >> 52) - (unsigned)(1023 + HIST_EMIN);
    *j = (r << HIST_SUB_BITS) | (unsigned)((b >> (52 - HIST_SUB_BITS)) & (HIST_SUB - 1));
    return r < (unsigned)(HIST_EMAX - HIST_EMIN);
}

/* The page (j / HIST_PAGE) and the counter in it (j % HIST_PAGE) of the regular bin of a
 * value of the regular range with bits b, hist_regular's j: j is the exponent less the
 * first's, then the top HIST_SUB_BITS mantissa bits, so its page is the bits above the
 * low 50 less the first page's, its counter the next eight bits. */
_Static_assert(HIST_SUB_BITS == 10 && HIST_PAGE == 256, "pages and counters by bits");
static inline size_t hist_page_of(uint64_t b)
{
    return (size_t)((b >> 50) - 4 * (uint64_t)(1023 + HIST_EMIN));
}

static inline size_t hist_counter_of(uint64_t b)
{
    return (size_t)((b >> 42) & (HIST_PAGE - 1));
}

/* Add one value x (seconds, >= 0 or INFINITY; negative values count as 0, NaN is a bug).
 * Returns 0, or -1 when a page could not be allocated: h is then unchanged but for its
 * sticky nomem flag. Inline for its common cases: +0, INFINITY, and a regular value whose
 * page exists. */
static inline __attribute__((always_inline)) int hist_add(struct hist *h, double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    unsigned j;
    if (hist_regular(b, &j)) {
        uint64_t *pg = h->page[j / HIST_PAGE];
        if (__builtin_expect(pg == NULL, 0))
            return hist_add_slow(h, x);
        pg[j % HIST_PAGE]++;
        hist_xsum_add_bits_uncounted(&h->sum, b);
    } else if (b == 0) {
        h->n_zero++;    /* +0: nothing to sum */
    } else if (b == UINT64_C(0x7ff0000000000000)) {
        /* INFINITY: not summed, not a finite maximum (and never below the minimum). */
        h->n_inf++;
        h->max_s = x;
        hist_count(h, x);
        return 0;
    } else {
        return hist_add_slow(h, x);
    }
    /* x is finite and >= 0 here. */
    /* max_s >= max_finite_s: a finite x not above the latter is not above the former. */
    if (x > h->max_finite_s) {
        h->max_finite_s = x;
        if (x > h->max_s)
            h->max_s = x;
    }
    hist_count(h, x);
    return 0;
}

/* Add v[0 .. count - 1] in that order, as that many hist_add calls would (the same
 * histogram, bit for bit), with h's counts and extremes kept in registers meanwhile, and
 * with `hint` non-zero each counter hinted (hist_prefetch) some values ahead (worth it
 * when the histograms being filled span more than the cache holds). Returns 0, or -1
 * when a page could not be allocated for some value (that value is not counted; h's nomem
 * is set). */
int hist_add_many(struct hist *h, const double *v, size_t count, int hint);

/* Add z values of 0 (z >= 0), as z calls hist_add(h, 0.0) would (the same histogram, bit
 * for bit), with one update of each count. */
void hist_add_zeros(struct hist *h, uint64_t z);

/* Pages of regular bins h has allocated (each HIST_PAGE counters). */
int hist_pages(const struct hist *h);

/* Ask the processor to bring the counter of x's bin into the cache (a hint only: h does
 * not change). A run's values scatter over many bins, so the counter hist_add increments
 * is often not in the cache; the Monte Carlo driver hints a counter some values before
 * it adds the value, so that the loads overlap. Always inlined: GCC takes a call of
 * a void function that only reads memory and hints for one without effect, and drops it
 * unless its body is already in place. */
static inline __attribute__((always_inline)) void hist_prefetch(const struct hist *h,
                                                                 double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    unsigned j;
    if (hist_regular(b, &j)) {
        const uint64_t *pg = h->page[hist_page_of(b)];
        if (pg != NULL)
            __builtin_prefetch(&pg[hist_counter_of(b)], 1);
    }
}

/* Add the contents of `from` into `into` (distinct histograms): counts, extremes and the sum exactly, so any
 * order or grouping of merges gives the same histogram. Returns 0; -1 when the targets
 * differ (nothing changed) or out of memory (into's nomem is set; into may then hold part
 * of from). */
int hist_merge(struct hist *into, const struct hist *from);

/* 1 when a and b count the same values: every bin, extreme, target count and the exact
 * sum equal (what pages exist does not matter); else 0. */
int hist_equal(const struct hist *a, const struct hist *b);

/* The exact sum of the finite values, correctly rounded (seconds). */
double hist_sum_finite(const struct hist *h);

/* Mean of the finite values (0 when none), and mean of all values (INFINITY when any is
 * infinite, NAN when empty). Each is the exact sum rounded, divided by the count. */
double hist_mean_finite(const struct hist *h);
double hist_mean(const struct hist *h);

/* Exact count of values <= h->target_s[i], and of values < it. */
uint64_t hist_n_le(const struct hist *h, int i);
uint64_t hist_n_lt(const struct hist *h, int i);

/* The bin number of value x (as hist_add would count it). */
int hist_bin_of(double x);

/* The same, inline for a value of the regular range. Its regular index (hist_regular's j)
 * is its bits above the low 52 - HIST_SUB_BITS less the first regular value's: one
 * subtraction, whose result is below HIST_N_REGULAR for the regular range only (a value
 * below it wraps, and a set sign bit is far above). */
static inline int hist_bin_fast(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    const unsigned j = (unsigned)(b >> (52 - HIST_SUB_BITS)) -
                       ((unsigned)(1023 + HIST_EMIN) << HIST_SUB_BITS);
    return j < HIST_N_REGULAR ? HIST_BIN_FIRST + (int)j : hist_bin_of(x);
}

/* Bounds of bin b: values v of the bin have *lo_s <= v < *hi_s (zero: [0, 0]; underflow
 * [0, 2^EMIN); overflow [2^EMAX, INFINITY); INFINITY: [INFINITY, INFINITY]). */
void hist_bin_bounds(int b, double *lo_s, double *hi_s);

/* Values counted in bin b. */
uint64_t hist_bin_count(const struct hist *h, int b);

/* Values counted in page p of regular bins (bins HIST_BIN_FIRST + p * HIST_PAGE on, 0 when
 * the page was never touched): a walk over the bins passes a page by it. */
uint64_t hist_page_count(const struct hist *h, int p);

/* Where the k-th smallest value (0-based, k < h->n) lies: its bin, its rank among the
 * values of that bin (0-based), and how many values the bin holds. */
struct hist_loc {
    int bin;                  /* bin number */
    uint64_t rank_in_bin;     /* k minus the values in earlier bins */
    uint64_t n_in_bin;        /* values in the bin */
};
void hist_locate(const struct hist *h, uint64_t k, struct hist_loc *loc);

/* The k-th smallest value (0-based), estimated as described above; NAN when k >= n. */
double hist_order_stat(const struct hist *h, uint64_t k);

/* PERCENTILE.INC at q, by the definition of stats_percentile_sorted (q <= 0: the minimum;
 * q >= 1: the maximum; h = q (n - 1); interpolation towards INFINITY gives INFINITY),
 * with order statistics from hist_order_stat. NAN when empty. */
double hist_percentile(const struct hist *h, double q);

/* ---- second pass: the exact k-th value and its first trial ---------------------------- */

struct hist_finder_entry {
    double value_s;           /* a distinct value offered in the bin */
    uint64_t count;           /* how many times it was offered */
    uint64_t first_index;     /* smallest index it was offered with */
};

struct hist_finder {
    uint64_t k;                       /* the rank sought (0-based) */
    struct hist_loc loc;              /* where it lies in the first pass's histogram */
    struct hist_finder_entry *kept;   /* values of that bin, owned */
    size_t n_kept, cap;               /* entries used and allocated */
    int nomem;                        /* an allocation failed (sticky) */
};

/* Prepare f to find the k-th smallest value (0-based, k < h->n) of the values h counted.
 * Allocates nothing yet; pair with hist_finder_fini. */
void hist_finder_init(struct hist_finder *f, const struct hist *h, uint64_t k);

/* Offer trial `index` with value x (the same value the first pass added, in any order of
 * trials). Keeps it only when it falls in the sought bin; memory is 24 bytes per distinct
 * value of that bin at most. Returns 0, or -1 out of memory (sticky). */
int hist_finder_offer(struct hist_finder *f, uint64_t index, double x);

/* Add what `from` kept into `into` (both sought the same rank in the same histogram), so
 * threads can replay slices of the trials. Returns 0, or -1 out of memory. */
int hist_finder_merge(struct hist_finder *into, const struct hist_finder *from);

/* The exact k-th smallest value and the smallest index offered with that value. Returns
 * 0; -1 out of memory; -2 when the values offered in the bin do not number what the
 * first pass counted (the replay differs from the first pass). */
int hist_finder_result(struct hist_finder *f, double *value_s, uint64_t *index);

/* Free what f kept. */
void hist_finder_fini(struct hist_finder *f);

/* ---- export ---------------------------------------------------------------------------- */

struct hist_cdf_point {
    double value_s;           /* a value: a bin's upper bound, or the exact maximum */
    double share;             /* share of all values <= value_s (by bins) */
};

/* The empirical CDF for charts: one point per non-empty bin (at its upper bound, or at
 * the exact maximum for the last finite bin; INFINITY for the infinite bin), thinned to at
 * most max_points (>= 2) points by keeping the bins where the cumulative share crosses a
 * multiple of 1 / (max_points - 1), and always the last. Writes into out and returns the
 * number of points (0 when empty). */
size_t hist_cdf(const struct hist *h, struct hist_cdf_point *out, size_t max_points);

/* Values counted in bins up to and including value v's bin, for each of the m values
 * v[0] <= v[1] <= ... (ascending), into n_le[i]: the CDF at v up to one bin (values a bin
 * above v, within HIST_REL_RES of it, may be counted); n when v >= the maximum; 0 when
 * v < the minimum. One walk over the bins for all m points (chart columns). */
void hist_count_upto(const struct hist *h, const double *v, size_t m, uint64_t *n_le);

/* Mid-distribution share of x, P(X < x) + P(X = x) / 2, by bins: the values in bins below
 * x's bin plus half those in its bin, over n (0 below the minimum, 1 above the maximum).
 * Exact when x's bin holds no value or only x (zero, INFINITY, a point mass alone in its
 * bin); otherwise within that bin's share of the values. NAN when empty or x is NaN. */
double hist_mid_share(const struct hist *h, double x);

/* Bytes h occupies: the struct and its allocated pages. */
size_t hist_bytes(const struct hist *h);

#endif
