/* sim/hist.c: mergeable fixed-resolution histograms; see sim/hist.h for the design. */
#include "sim/hist.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MASK32 0xffffffffu

void hist_init(struct hist *h, const double *target_s, int n_targets)
{
    assert(n_targets >= 0 && n_targets <= HIST_MAX_TARGETS);
    memset(h, 0, sizeof *h);
    h->min_s = INFINITY;
    h->max_s = -INFINITY;
    h->max_finite_s = -INFINITY;
    h->n_targets = n_targets;
    for (int i = 0; i < n_targets; i++)
        h->target_s[i] = target_s[i];
}

void hist_fini(struct hist *h)
{
    double t[HIST_MAX_TARGETS];
    int nt = h->n_targets;
    memcpy(t, h->target_s, sizeof t);
    for (int i = 0; i < HIST_N_PAGES; i++)
        free(h->page[i]);
    hist_init(h, t, nt);
}

/* Regular bin index (0 .. HIST_N_REGULAR - 1) of a positive finite x in the regular
 * range (hist_regular's). */
static inline int regular_index(uint64_t bits)
{
    unsigned j;
    (void)hist_regular(bits, &j);
    return (int)j;
}

int hist_bin_of(double x)
{
    if (!(x > 0.0))
        return HIST_BIN_ZERO;
    if (x == INFINITY)
        return HIST_BIN_INF;
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    int e = (int)(b >> 52) - 1023;
    if (e < HIST_EMIN)
        return HIST_BIN_UNDER;
    if (e >= HIST_EMAX)
        return HIST_BIN_OVER;
    return HIST_BIN_FIRST + regular_index(b);
}

void hist_bin_bounds(int b, double *lo_s, double *hi_s)
{
    assert(b >= 0 && b < HIST_N_BINS);
    if (b == HIST_BIN_ZERO) {
        *lo_s = *hi_s = 0.0;
    } else if (b == HIST_BIN_UNDER) {
        *lo_s = 0.0;
        *hi_s = ldexp(1.0, HIST_EMIN);
    } else if (b == HIST_BIN_OVER) {
        *lo_s = ldexp(1.0, HIST_EMAX);
        *hi_s = INFINITY;
    } else if (b == HIST_BIN_INF) {
        *lo_s = *hi_s = INFINITY;
    } else {
        int j = b - HIST_BIN_FIRST;
        int e = HIST_EMIN + j / HIST_SUB, m = j % HIST_SUB;
        /* Both bounds are exact doubles: (HIST_SUB + m) has 11 bits. */
        *lo_s = ldexp((double)(HIST_SUB + m), e - HIST_SUB_BITS);
        *hi_s = ldexp((double)(HIST_SUB + m + 1), e - HIST_SUB_BITS);
    }
}

/* ---- exact sum ------------------------------------------------------------------------- */

static void sum_carry(uint64_t *limb)
{
    for (int i = 0; i < HIST_SUM_LIMBS - 1; i++) {
        limb[i + 1] += limb[i] >> 32;
        limb[i] &= MASK32;
    }
}

void hist_xsum_carry(struct hist_xsum *s)
{
    sum_carry(s->limb);
    s->adds = 0;
}

void hist_xsum_init(struct hist_xsum *s)
{
    memset(s, 0, sizeof *s);
}

void hist_xsum_merge(struct hist_xsum *into, const struct hist_xsum *from)
{
    /* into's limbs carried (< 2^32) plus from's (< 2^63 + 2^32) cannot wrap. */
    sum_carry(into->limb);
    for (int i = 0; i < HIST_SUM_LIMBS; i++)
        into->limb[i] += from->limb[i];
    sum_carry(into->limb);
    into->adds = 0;
}

/* hist_xsum_fold's part for power of two r (n[r] values, not 0). */
static inline __attribute__((always_inline)) void fold_octave(struct hist_xsum *s,
                                                              struct hist_xsum_octs *o, int r)
{
    /* p, the biased exponent less 1 (as in hist_xsum_add_bits), is what the exponent
     * field adds to each m there: t is the sum of the m. */
    unsigned p = (unsigned)(r + 1023 + HIST_EMIN - 1), i = p / 32, off = p % 32;
    uint64_t t = o->bits[r] - (uint64_t)o->n[r] * ((uint64_t)p << 52);
    /* t 2^(p - 1074) = t 2^off 2^(32 i - 1074): t 2^off (below 2^95) into limbs
     * i .. i + 2, 32 bits each. */
    uint64_t lo = t << off, hi = off ? t >> (64 - off) : 0;
    s->limb[i] += lo & MASK32;
    s->limb[i + 1] += lo >> 32;
    s->limb[i + 2] += hi;
    o->bits[r] = 0;
    o->n[r] = 0;
}

uint64_t hist_xsum_fold(struct hist_xsum *s, struct hist_xsum_octs *o)
{
    /* Most powers of two hold no value: two counts are tested at once. */
    _Static_assert(HIST_XSUM_OCTAVES % 2 == 0, "powers of two in pairs");
    uint64_t count = 0;
    for (int r = 0; r < HIST_XSUM_OCTAVES; r += 2) {
        uint64_t pair;
        memcpy(&pair, &o->n[r], sizeof pair);
        if (pair == 0)
            continue;
        for (int q = r; q < r + 2; q++) {
            if (o->n[q] != 0) {
                count += o->n[q];
                fold_octave(s, o, q);
            }
        }
    }
    return count;
}

double hist_sum_finite(const struct hist *h)
{
    return hist_xsum_value(&h->sum);
}

double hist_xsum_value(const struct hist_xsum *s)
{
    uint64_t limb[HIST_SUM_LIMBS];
    memcpy(limb, s->limb, sizeof limb);
    sum_carry(limb);
    int t = HIST_SUM_LIMBS - 1;
    while (t >= 0 && limb[t] == 0)
        t--;
    if (t < 0)
        return 0.0;
    /* The top 64 significant bits w of the integer, and whether any bit below them is
     * set, then w rounded to 53 bits, to nearest, ties to even. */
    int lz = 0;
    while (!(limb[t] & (UINT64_C(1) << (31 - lz))))
        lz++;
    /* Window of three limbs (96 bits), the top one having 32 - lz significant bits. */
    uint64_t a = limb[t], b = t >= 1 ? limb[t - 1] : 0, c = t >= 2 ? limb[t - 2] : 0;
    int sticky = 0;
    for (int i = t - 3; i >= 0; i--)
        sticky |= limb[i] != 0;
    /* w = bits 95 - lz .. 32 - lz of the window. */
    uint64_t w = (a << (32 + lz)) | (b << lz) | (lz == 0 ? 0 : c >> (32 - lz));
    sticky |= (lz == 32 ? c : (c & ((UINT64_C(1) << (32 - lz)) - 1))) != 0;
    /* Window bit 0 weighs 2^(32 (t - 2) - 1074); w's bit 0 is window bit 32 - lz. */
    int e0 = 32 * (t - 2) - 1074 + 32 - lz;
    uint64_t keep = w >> 11, rest = w & 0x7ff;
    if (rest > 0x400 || (rest == 0x400 && (sticky || (keep & 1))))
        keep++;
    return ldexp((double)keep, e0 + 11);
}

double hist_mean_finite(const struct hist *h)
{
    uint64_t n_fin = h->n - h->n_inf;
    return n_fin ? hist_sum_finite(h) / (double)n_fin : 0.0;
}

double hist_mean(const struct hist *h)
{
    if (h->n == 0)
        return NAN;
    if (h->n_inf)
        return INFINITY;
    return hist_sum_finite(h) / (double)h->n;
}

/* ---- adding and merging ---------------------------------------------------------------- */

/* The out-of-line half of hist_add (sim/hist.h): negative values and -0, underflow,
 * overflow, INFINITY, and a regular value whose page does not exist yet. */
int hist_add_slow(struct hist *h, double x)
{
    assert(!isnan(x));
    if (!(x > 0.0))
        x = 0.0; /* negative values and -0 */
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    int e = (int)(b >> 52) - 1023;
    if (x == 0.0) {
        h->n_zero++;
    } else if (x == INFINITY) {
        h->n_inf++;
    } else if (e < HIST_EMIN) {
        h->n_under++;
    } else if (e >= HIST_EMAX) {
        h->n_over++;
    } else {
        int j = regular_index(b);
        uint64_t **pg = &h->page[j / HIST_PAGE];
        if (*pg == NULL) {
            *pg = calloc(HIST_PAGE, sizeof **pg);
            if (*pg == NULL) {
                h->nomem = 1;
                return -1;
            }
        }
        (*pg)[j % HIST_PAGE]++;
    }
    if (x != INFINITY) {
        if (x != 0.0)
            hist_xsum_add_bits_uncounted(&h->sum, b);
        if (x > h->max_finite_s)
            h->max_finite_s = x;
    }
    if (x > h->max_s)
        h->max_s = x;
    hist_count(h, x);
    return 0;
}

/* hist_add_many hints counters this many values ahead. */
#define MANY_AHEAD 24

/* Whether the targets t[0 .. nt - 1] may be compared with a value of the regular range
 * or +0 as their bits, as unsigned integers: the order of non-negative doubles (and of
 * INFINITY) is their bits' order; a negative target (-0 included) or NaN is not. */
static int targets_by_bits(const double *t, int nt)
{
    for (int k = 0; k < nt; k++) {
        uint64_t b;
        memcpy(&b, &t[k], sizeof b);
        if (b > UINT64_C(0x7ff0000000000000))
            return 0;
    }
    return 1;
}

/* hist_add_many's loop for nt targets, with hints or not, with the targets compared as
 * bits or not, and with the minimum compared or not (min_zero: h's minimum is +0, which
 * no value can lower) (constants where it is inlined, so that each case is a loop of its
 * own with the targets in registers). */
static inline __attribute__((always_inline)) int add_many(struct hist *h, const double *v,
                                                          size_t count, const int nt,
                                                          const int hint, const int by_bits,
                                                          const int min_zero)
{
    int rc = 0;
    /* h's counts and extremes in locals (the counters' stores cannot change them), written
     * back around the out-of-line cases and at the end. The minimum and the largest
     * finite value are kept as their bits, compared as signed integers: every value they
     * can hold here (-INFINITY, +0, a positive value, INFINITY) orders so as its double.
     * The regular values leave max_s alone: it is the larger of itself and max_finite_s
     * when written back (it is never below max_finite_s). Every value counts one in n, so
     * n is not counted value by value: it is n_less_i + i before value i (n_less_i
     * modulo 2^64). */
    uint64_t n_less_i, n_zero, n_inf, le[HIST_MAX_TARGETS], lt[HIST_MAX_TARGETS];
    uint64_t tb[HIST_MAX_TARGETS];
    int64_t min_b, max_finite_b;
    double max_s, t[HIST_MAX_TARGETS];
    /* The regular values' sum by power of two (hist_xsum_fold), folded into h's sum
     * wherever the count reaches a multiple of HIST_SUM_CARRY_EVERY and at the end. */
    struct hist_xsum_octs oct;
    memset(&oct, 0, sizeof oct);
#define MANY_LOAD(i)                                                                       \
    do {                                                                                   \
        n_less_i = h->n - (i), n_zero = h->n_zero, n_inf = h->n_inf, max_s = h->max_s;     \
        memcpy(&min_b, &h->min_s, sizeof min_b);                                           \
        memcpy(&max_finite_b, &h->max_finite_s, sizeof max_finite_b);                      \
        for (int k = 0; k < nt; k++) {                                                     \
            t[k] = h->target_s[k], le[k] = h->n_le[k], lt[k] = h->n_lt[k];                 \
            memcpy(&tb[k], &t[k], sizeof tb[k]);                                           \
        }                                                                                  \
    } while (0)
#define MANY_STORE(i)                                                                      \
    do {                                                                                   \
        h->n = n_less_i + (i), h->n_zero = n_zero, h->n_inf = n_inf;                       \
        memcpy(&h->min_s, &min_b, sizeof min_b);                                           \
        memcpy(&h->max_finite_s, &max_finite_b, sizeof max_finite_b);                      \
        h->max_s = h->max_finite_s > max_s ? h->max_finite_s : max_s;                      \
        for (int k = 0; k < nt; k++)                                                       \
            h->n_le[k] = le[k], h->n_lt[k] = lt[k];                                        \
    } while (0)
    /* Hint the counter of v[j]: hist_prefetch without its test of the page, as a hint
     * may (a page not allocated yet, rare: the first values of a page only, hints an
     * address near 0, which never faults). */
#define MANY_HINT(j)                                                                       \
    do {                                                                                   \
        uint64_t ab;                                                                       \
        memcpy(&ab, &v[j], sizeof ab);                                                     \
        if ((unsigned)(ab >> 52) - (unsigned)(1023 + HIST_EMIN) < HIST_XSUM_OCTAVES)       \
            __builtin_prefetch((const void *)((uintptr_t)h->page[hist_page_of(ab)] +       \
                                              hist_counter_of(ab) * sizeof(uint64_t)),     \
                               1);                                                         \
    } while (0)
    /* Value v[i] by hist_add_slow, h's counts and extremes written back around it. */
#define MANY_SLOW(i)                                                                       \
    do {                                                                                   \
        MANY_STORE(i);                                                                     \
        if (hist_add_slow(h, v[i]) != 0)                                                   \
            rc = -1;                                                                       \
        MANY_LOAD((i) + 1);                                                                \
    } while (0)
    /* Value v[i]: the cases of hist_add, in the same order, on the locals (the regular
     * range tested by its power of two r, the bin's counter found from the bits). +0 and
     * the regular values are compared with the targets as bits when by_bits (both are
     * non-negative), INFINITY as a double. */
#define MANY_ONE(i)                                                                        \
    do {                                                                                   \
        uint64_t b;                                                                        \
        memcpy(&b, &v[i], sizeof b);                                                       \
        const unsigned r = (unsigned)(b >> 52) - (unsigned)(1023 + HIST_EMIN);             \
        if (r < HIST_XSUM_OCTAVES) {                                                       \
            uint64_t *pg = h->page[hist_page_of(b)];                                       \
            if (__builtin_expect(pg == NULL, 0)) {                                         \
                MANY_SLOW(i);                                                              \
                break;                                                                     \
            }                                                                              \
            pg[hist_counter_of(b)]++;                                                      \
            hist_xsum_octs_add(&oct, r, b);                                                \
        } else if (b == 0) {                                                               \
            n_zero++;                                                                      \
        } else if (b == UINT64_C(0x7ff0000000000000)) {                                    \
            n_inf++;                                                                       \
            max_s = v[i];                                                                  \
            for (int k = 0; k < nt; k++) {                                                 \
                le[k] += v[i] <= t[k];                                                     \
                lt[k] += v[i] < t[k];                                                      \
            }                                                                              \
            break;                                                                         \
        } else {                                                                           \
            MANY_SLOW(i);                                                                  \
            break;                                                                         \
        }                                                                                  \
        if (!min_zero && (int64_t)b < min_b)                                               \
            min_b = (int64_t)b;                                                            \
        if ((int64_t)b > max_finite_b)                                                     \
            max_finite_b = (int64_t)b;                                                     \
        for (int k = 0; k < nt; k++) {                                                     \
            if (by_bits) {                                                                 \
                le[k] += b <= tb[k];                                                       \
                lt[k] += b < tb[k];                                                        \
            } else {                                                                       \
                le[k] += v[i] <= t[k];                                                     \
                lt[k] += v[i] < t[k];                                                      \
            }                                                                              \
        }                                                                                  \
    } while (0)
    MANY_LOAD(0);
    for (size_t i = 0; i < count;) {
        /* The values up to the next multiple of HIST_SUM_CARRY_EVERY of n, then the carry
         * there; the first of them hinted MANY_AHEAD values ahead, the last MANY_AHEAD
         * of all not (no value follows them that far). */
        size_t stop = i + (HIST_SUM_CARRY_EVERY - ((n_less_i + i) & (HIST_SUM_CARRY_EVERY - 1)));
        if (stop > count)
            stop = count;
        if (hint) {
            size_t hinted = count > MANY_AHEAD ? count - MANY_AHEAD : 0;
            if (hinted > stop)
                hinted = stop;
            for (; i < hinted; i++) {
                MANY_HINT(i + MANY_AHEAD);
                MANY_ONE(i);
            }
        }
        /* Two values a round: the loop's own count and test are a tenth of a value's
         * cost (four a round saved little more for twice the code). */
#pragma GCC unroll 2
        for (; i < stop; i++)
            MANY_ONE(i);
        if (((n_less_i + i) & (HIST_SUM_CARRY_EVERY - 1)) == 0) {
            hist_xsum_fold(&h->sum, &oct);
            hist_xsum_carry(&h->sum);
        }
    }
    MANY_STORE(count);
    hist_xsum_fold(&h->sum, &oct);
#undef MANY_LOAD
#undef MANY_STORE
#undef MANY_HINT
#undef MANY_SLOW
#undef MANY_ONE
    return rc;
}

void hist_add_zeros(struct hist *h, uint64_t z)
{
    if (z == 0)
        return;
    /* The sum is carried whenever n reaches a multiple of HIST_SUM_CARRY_EVERY: the count
     * may pass one here, and zeros add nothing to the sum. */
    uint64_t n = h->n + z;
    if (n / HIST_SUM_CARRY_EVERY != h->n / HIST_SUM_CARRY_EVERY)
        hist_xsum_carry(&h->sum);
    h->n = n;
    h->n_zero += z;
    if (0.0 < h->min_s)
        h->min_s = 0.0;
    if (0.0 > h->max_finite_s) {
        h->max_finite_s = 0.0;
        if (0.0 > h->max_s)
            h->max_s = 0.0;
    }
    for (int i = 0; i < h->n_targets; i++) {
        h->n_le[i] += 0.0 <= h->target_s[i] ? z : 0;
        h->n_lt[i] += 0.0 < h->target_s[i] ? z : 0;
    }
}

int hist_pages(const struct hist *h)
{
    int pages = 0;
    for (int p = 0; p < HIST_N_PAGES; p++)
        pages += h->page[p] != NULL;
    return pages;
}

/* Without GCC's straight-line vectorizer: it packs the locals min_s and max_s (adjacent in
 * struct hist, loaded and stored together around the loop) into one vector register and
 * unpacks and repacks them for every value, some five instructions a value. Clang knows
 * no such attribute. */
#if defined(__GNUC__) && !defined(__clang__)
#define NO_SLP_VECTORIZE __attribute__((optimize("no-tree-slp-vectorize")))
#else
#define NO_SLP_VECTORIZE
#endif
NO_SLP_VECTORIZE int hist_add_many(struct hist *h, const double *v, size_t count, int hint)
{
    const int nt = h->n_targets;
    /* A minimum of +0 (zeros counted, as mc_acc_flush counts a slot's before its other
     * values) stays: no value here is below it, and the loop need not compare. */
    uint64_t min_bits;
    memcpy(&min_bits, &h->min_s, sizeof min_bits);
    const int min_zero = min_bits == 0;
    if (nt == 0) {
        if (min_zero)
            return hint ? add_many(h, v, count, 0, 1, 1, 1) : add_many(h, v, count, 0, 0, 1, 1);
        return hint ? add_many(h, v, count, 0, 1, 1, 0) : add_many(h, v, count, 0, 0, 1, 0);
    }
    if (nt == 1 && targets_by_bits(h->target_s, 1)) {
        if (min_zero)
            return hint ? add_many(h, v, count, 1, 1, 1, 1) : add_many(h, v, count, 1, 0, 1, 1);
        return hint ? add_many(h, v, count, 1, 1, 1, 0) : add_many(h, v, count, 1, 0, 1, 0);
    }
    return hint ? add_many(h, v, count, nt, 1, 0, 0) : add_many(h, v, count, nt, 0, 0, 0);
}

int hist_merge(struct hist *into, const struct hist *from)
{
    assert(into != from);
    if (into->n_targets != from->n_targets)
        return -1;
    for (int i = 0; i < into->n_targets; i++)
        if (memcmp(&into->target_s[i], &from->target_s[i], sizeof(double)) != 0)
            return -1;
    /* Pages first, so that running out of memory leaves the scalars consistent with the
     * pages merged so far only in the bins, and reports it. */
    for (int p = 0; p < HIST_N_PAGES; p++) {
        if (from->page[p] == NULL)
            continue;
        if (into->page[p] == NULL) {
            into->page[p] = calloc(HIST_PAGE, sizeof *into->page[p]);
            if (into->page[p] == NULL) {
                into->nomem = 1;
                return -1;
            }
        }
        for (int j = 0; j < HIST_PAGE; j++)
            into->page[p][j] += from->page[p][j];
    }
    into->n += from->n;
    into->n_zero += from->n_zero;
    into->n_under += from->n_under;
    into->n_over += from->n_over;
    into->n_inf += from->n_inf;
    if (from->min_s < into->min_s)
        into->min_s = from->min_s;
    if (from->max_s > into->max_s)
        into->max_s = from->max_s;
    if (from->max_finite_s > into->max_finite_s)
        into->max_finite_s = from->max_finite_s;
    for (int i = 0; i < into->n_targets; i++) {
        into->n_le[i] += from->n_le[i];
        into->n_lt[i] += from->n_lt[i];
    }
    hist_xsum_merge(&into->sum, &from->sum);
    into->nomem |= from->nomem;
    return 0;
}

int hist_equal(const struct hist *a, const struct hist *b)
{
    if (a->n != b->n || a->n_zero != b->n_zero || a->n_under != b->n_under ||
        a->n_over != b->n_over || a->n_inf != b->n_inf || a->n_targets != b->n_targets ||
        memcmp(&a->min_s, &b->min_s, sizeof a->min_s) != 0 ||
        memcmp(&a->max_s, &b->max_s, sizeof a->max_s) != 0 ||
        memcmp(&a->max_finite_s, &b->max_finite_s, sizeof a->max_finite_s) != 0)
        return 0;
    for (int i = 0; i < a->n_targets; i++)
        if (memcmp(&a->target_s[i], &b->target_s[i], sizeof(double)) != 0 ||
            a->n_le[i] != b->n_le[i] || a->n_lt[i] != b->n_lt[i])
            return 0;
    struct hist_xsum x = a->sum, y = b->sum;
    sum_carry(x.limb);
    sum_carry(y.limb);
    if (memcmp(x.limb, y.limb, sizeof x.limb) != 0)
        return 0;
    for (int p = 0; p < HIST_N_PAGES; p++)
        for (int j = 0; j < HIST_PAGE; j++) {
            uint64_t ca = a->page[p] ? a->page[p][j] : 0, cb = b->page[p] ? b->page[p][j] : 0;
            if (ca != cb)
                return 0;
        }
    return 1;
}

uint64_t hist_n_le(const struct hist *h, int i)
{
    assert(i >= 0 && i < h->n_targets);
    return h->n_le[i];
}

uint64_t hist_n_lt(const struct hist *h, int i)
{
    assert(i >= 0 && i < h->n_targets);
    return h->n_lt[i];
}

/* ---- order statistics ------------------------------------------------------------------ */

uint64_t hist_bin_count(const struct hist *h, int b)
{
    assert(b >= 0 && b < HIST_N_BINS);
    switch (b) {
    case HIST_BIN_ZERO:
        return h->n_zero;
    case HIST_BIN_UNDER:
        return h->n_under;
    case HIST_BIN_OVER:
        return h->n_over;
    case HIST_BIN_INF:
        return h->n_inf;
    default: {
        int j = b - HIST_BIN_FIRST;
        const uint64_t *pg = h->page[j / HIST_PAGE];
        return pg ? pg[j % HIST_PAGE] : 0;
    }
    }
}

/* The values counted in a page of regular bins, eight counters a round in four pairs
 * (GCC at -O2 leaves the plain loop one counter at a time). */
static uint64_t page_total(const uint64_t *pg)
{
    typedef uint64_t pair __attribute__((vector_size(16)));
    pair t0 = {0, 0}, t1 = t0, t2 = t0, t3 = t0;
    for (int j = 0; j < HIST_PAGE; j += 8) {
        pair a, b, c, d;
        memcpy(&a, &pg[j], sizeof a);
        memcpy(&b, &pg[j + 2], sizeof b);
        memcpy(&c, &pg[j + 4], sizeof c);
        memcpy(&d, &pg[j + 6], sizeof d);
        t0 += a, t1 += b, t2 += c, t3 += d;
    }
    t0 += t1 + t2 + t3;
    return t0[0] + t0[1];
}

uint64_t hist_page_count(const struct hist *h, int p)
{
    assert(p >= 0 && p < HIST_N_PAGES);
    return h->page[p] ? page_total(h->page[p]) : 0;
}

void hist_locate(const struct hist *h, uint64_t k, struct hist_loc *loc)
{
    assert(k < h->n);
    uint64_t below = 0;
    const uint64_t special[2] = {h->n_zero, h->n_under};
    for (int b = 0; b < 2; b++) {
        if (k < below + special[b]) {
            *loc = (struct hist_loc){b, k - below, special[b]};
            return;
        }
        below += special[b];
    }
    for (int p = 0; p < HIST_N_PAGES; p++) {
        const uint64_t *pg = h->page[p];
        if (pg == NULL)
            continue;
        /* A page that ends below rank k is passed by its total: a sum the compiler
         * vectorizes, a fraction of a test per counter. */
        uint64_t total = page_total(pg);
        if (k >= below + total) {
            below += total;
            continue;
        }
        for (int j = 0; j < HIST_PAGE; j++) {
            if (k < below + pg[j]) {
                *loc = (struct hist_loc){HIST_BIN_FIRST + p * HIST_PAGE + j, k - below, pg[j]};
                return;
            }
            below += pg[j];
        }
    }
    if (k < below + h->n_over) {
        *loc = (struct hist_loc){HIST_BIN_OVER, k - below, h->n_over};
        return;
    }
    below += h->n_over;
    assert(k < below + h->n_inf);
    *loc = (struct hist_loc){HIST_BIN_INF, k - below, h->n_inf};
}

double hist_order_stat(const struct hist *h, uint64_t k)
{
    if (k >= h->n)
        return NAN;
    uint64_t n_fin = h->n - h->n_inf;
    if (k >= n_fin)
        return INFINITY;
    if (k < h->n_zero)
        return 0.0;
    if (k == 0)
        return h->min_s;
    if (k == n_fin - 1)
        return h->max_finite_s;
    struct hist_loc loc;
    hist_locate(h, k, &loc);
    double lo, hi;
    hist_bin_bounds(loc.bin, &lo, &hi);
    /* What else is known: every value lies in [min, max_finite], and the target counts
     * say whether the k-th value is below, on or above each target. */
    if (lo < h->min_s)
        lo = h->min_s;
    if (hi > h->max_finite_s)
        hi = h->max_finite_s;
    for (int i = 0; i < h->n_targets; i++) {
        double t = h->target_s[i];
        if (k < h->n_lt[i]) {
            if (t < hi)
                hi = t;
        } else if (k < h->n_le[i]) {
            return t;
        } else if (t > lo) {
            lo = t;
        }
    }
    return lo + (hi - lo) * 0.5;
}

double hist_percentile(const struct hist *h, double q)
{
    if (h->n == 0)
        return NAN;
    if (q <= 0.0)
        return h->min_s;
    if (q >= 1.0)
        return h->max_s;
    double hh = q * (double)(h->n - 1);
    uint64_t lhs = (uint64_t)hh;
    double delta = hh - (double)lhs;
    if (lhs >= h->n - 1 || delta == 0.0)
        return hist_order_stat(h, lhs < h->n ? lhs : h->n - 1);
    double a = hist_order_stat(h, lhs), b = hist_order_stat(h, lhs + 1);
    if (isinf(a) || isinf(b))
        return INFINITY;
    /* GSL's gsl_stats_quantile_from_sorted_data, term for term. */
    return (1 - delta) * a + delta * b;
}

/* ---- second pass ----------------------------------------------------------------------- */

void hist_finder_init(struct hist_finder *f, const struct hist *h, uint64_t k)
{
    memset(f, 0, sizeof *f);
    f->k = k;
    hist_locate(h, k, &f->loc);
}

void hist_finder_fini(struct hist_finder *f)
{
    free(f->kept);
    f->kept = NULL;
    f->n_kept = f->cap = 0;
}

static int entry_cmp(const void *a, const void *b)
{
    const struct hist_finder_entry *x = a, *y = b;
    if (x->value_s != y->value_s)
        return x->value_s < y->value_s ? -1 : 1;
    return (x->first_index > y->first_index) - (x->first_index < y->first_index);
}

/* Sort the kept entries by value and collapse equal values into one. */
static void finder_compact(struct hist_finder *f)
{
    if (f->n_kept == 0)
        return;
    qsort(f->kept, f->n_kept, sizeof *f->kept, entry_cmp);
    size_t w = 0;
    for (size_t r = 1; r < f->n_kept; r++) {
        if (f->kept[r].value_s == f->kept[w].value_s) {
            f->kept[w].count += f->kept[r].count;
            if (f->kept[r].first_index < f->kept[w].first_index)
                f->kept[w].first_index = f->kept[r].first_index;
        } else {
            f->kept[++w] = f->kept[r];
        }
    }
    f->n_kept = w + 1;
}

/* Room for one more entry: compact when full, grow when compacting freed under half. */
static int finder_room(struct hist_finder *f)
{
    if (f->n_kept < f->cap)
        return 0;
    if (f->cap > 0)
        finder_compact(f);
    if (f->n_kept < f->cap / 2)
        return 0;
    size_t cap = f->cap ? 2 * f->cap : 1024;
    struct hist_finder_entry *k = realloc(f->kept, cap * sizeof *k);
    if (k == NULL) {
        f->nomem = 1;
        return -1;
    }
    f->kept = k;
    f->cap = cap;
    return 0;
}

int hist_finder_offer(struct hist_finder *f, uint64_t index, double x)
{
    if (f->nomem)
        return -1;
    if (hist_bin_of(x) != f->loc.bin)
        return 0;
    if (!(x > 0.0))
        x = 0.0;
    if (finder_room(f) != 0)
        return -1;
    f->kept[f->n_kept++] = (struct hist_finder_entry){x, 1, index};
    return 0;
}

int hist_finder_merge(struct hist_finder *into, const struct hist_finder *from)
{
    assert(into->k == from->k && into->loc.bin == from->loc.bin);
    into->nomem |= from->nomem;
    for (size_t i = 0; i < from->n_kept && !into->nomem; i++) {
        if (finder_room(into) != 0)
            break;
        into->kept[into->n_kept++] = from->kept[i];
    }
    return into->nomem ? -1 : 0;
}

int hist_finder_result(struct hist_finder *f, double *value_s, uint64_t *index)
{
    if (f->nomem)
        return -1;
    finder_compact(f);
    uint64_t total = 0;
    for (size_t i = 0; i < f->n_kept; i++)
        total += f->kept[i].count;
    if (total != f->loc.n_in_bin)
        return -2;
    uint64_t below = 0;
    for (size_t i = 0; i < f->n_kept; i++) {
        if (f->loc.rank_in_bin < below + f->kept[i].count) {
            *value_s = f->kept[i].value_s;
            *index = f->kept[i].first_index;
            return 0;
        }
        below += f->kept[i].count;
    }
    return -2; /* not reached: total == n_in_bin > rank_in_bin */
}

/* ---- export ---------------------------------------------------------------------------- */

size_t hist_cdf(const struct hist *h, struct hist_cdf_point *out, size_t max_points)
{
    assert(max_points >= 2);
    if (h->n == 0)
        return 0;
    size_t n_out = 0;
    uint64_t cum = 0, next = 0; /* next: cumulative count at which the next point is due */
    double step = (double)h->n / (double)(max_points - 1);
    int next_i = 0;
    for (int b = 0; b < HIST_N_BINS; b++) {
        if (b >= HIST_BIN_FIRST && b < HIST_BIN_OVER &&
            h->page[(b - HIST_BIN_FIRST) / HIST_PAGE] == NULL) {
            b += HIST_PAGE - 1 - (b - HIST_BIN_FIRST) % HIST_PAGE;
            continue;
        }
        uint64_t c = hist_bin_count(h, b);
        if (c == 0)
            continue;
        cum += c;
        int last = cum == h->n;
        if (!last && cum < next)
            continue;
        /* Thinned: the point is the last bin at or past the next multiple of the step. */
        while ((double)next <= (double)cum && next_i < (int)max_points)
            next = (uint64_t)ceil(step * (double)++next_i);
        double lo, hi;
        hist_bin_bounds(b, &lo, &hi);
        double v = b == HIST_BIN_ZERO ? 0.0 : hi;
        if (b != HIST_BIN_INF && v > h->max_finite_s)
            v = h->max_finite_s;
        if (n_out == max_points)
            n_out--; /* the last point replaces the one before (only when thinning) */
        out[n_out].value_s = v;
        out[n_out].share = (double)cum / (double)h->n;
        n_out++;
    }
    return n_out;
}

void hist_count_upto(const struct hist *h, const double *v, size_t m, uint64_t *n_le)
{
    uint64_t cum = 0;   /* values in bins before b */
    int b = 0;
    for (size_t i = 0; i < m; i++) {
        if (!(v[i] >= h->min_s)) {
            n_le[i] = 0;
            continue;
        }
        if (v[i] >= h->max_s) {
            n_le[i] = h->n;
            continue;
        }
        int last = hist_bin_of(v[i]);
        for (; b <= last; b++) {
            if (b >= HIST_BIN_FIRST && b < HIST_BIN_OVER &&
                h->page[(b - HIST_BIN_FIRST) / HIST_PAGE] == NULL &&
                (b - HIST_BIN_FIRST) % HIST_PAGE == 0 && b + HIST_PAGE - 1 <= last) {
                b += HIST_PAGE - 1;   /* a whole page never touched */
                continue;
            }
            cum += hist_bin_count(h, b);
        }
        n_le[i] = cum;
    }
}

double hist_mid_share(const struct hist *h, double x)
{
    if (h->n == 0 || isnan(x))
        return NAN;
    if (x < h->min_s)
        return 0.0;
    if (x > h->max_s)
        return 1.0;
    uint64_t upto;
    hist_count_upto(h, &x, 1, &upto);
    uint64_t in_bin = hist_bin_count(h, hist_bin_of(x));
    if (x >= h->max_s)  /* hist_count_upto counted everything: x's bin is the last one */
        upto = h->n;
    return ((double)(upto - in_bin) + 0.5 * (double)in_bin) / (double)h->n;
}

size_t hist_bytes(const struct hist *h)
{
    size_t b = sizeof *h;
    for (int i = 0; i < HIST_N_PAGES; i++)
        if (h->page[i])
            b += HIST_PAGE * sizeof *h->page[i];
    return b;
}
