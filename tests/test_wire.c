/* tests/test_wire.c: the byte format of partial results (sim/wire.h, sim/hist_wire.h):
 * exact round trips, merges that do not care whether a histogram travelled, and refusal of
 * every truncated or corrupted buffer. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/hist_wire.h"
#include "sim/wire.h"

/* Values of every kind a histogram keeps apart: zero, underflow, regular bins over many
 * powers of two, overflow and INFINITY, some on the targets. */
static void fill(struct hist *h, uint64_t seed, int n)
{
    static const double t[3] = {3600.0, 10800.0, 86400.0};
    hist_init(h, t, 3);
    uint64_t x = seed;
    for (int i = 0; i < n; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        double u = (double)(x >> 11) / 9007199254740992.0;
        double v;
        switch (i % 9) {
        case 0: v = 0.0; break;
        case 1: v = 1e-5 * u; break;
        case 2: v = 1e10 * (1 + u); break;
        case 3: v = INFINITY; break;
        case 4: v = 10800.0; break;
        default: v = 60.0 * pow(2.0, 12.0 * u); break;
        }
        cr_assert_eq(hist_add(h, v), 0);
    }
}

static void assert_same(const struct hist *a, const struct hist *b)
{
    cr_assert_eq(a->n, b->n);
    cr_assert_eq(a->n_zero, b->n_zero);
    cr_assert_eq(a->n_under, b->n_under);
    cr_assert_eq(a->n_over, b->n_over);
    cr_assert_eq(a->n_inf, b->n_inf);
    cr_assert_eq(memcmp(&a->min_s, &b->min_s, sizeof(double)), 0);
    cr_assert_eq(memcmp(&a->max_s, &b->max_s, sizeof(double)), 0);
    cr_assert_eq(memcmp(&a->max_finite_s, &b->max_finite_s, sizeof(double)), 0);
    cr_assert_eq(a->n_targets, b->n_targets);
    for (int i = 0; i < a->n_targets; i++) {
        cr_assert_eq(a->target_s[i], b->target_s[i]);
        cr_assert_eq(a->n_le[i], b->n_le[i]);
        cr_assert_eq(a->n_lt[i], b->n_lt[i]);
    }
    for (int bin = 0; bin < HIST_N_BINS; bin++)
        cr_assert_eq(hist_bin_count(a, bin), hist_bin_count(b, bin), "bin %d", bin);
    double sa = hist_sum_finite(a), sb = hist_sum_finite(b);
    cr_assert_eq(memcmp(&sa, &sb, sizeof sa), 0, "sums %.17g and %.17g", sa, sb);
    static const double q[] = {0.0, 0.5, 0.9, 0.95, 0.99, 1.0};
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        double pa = hist_percentile(a, q[i]), pb = hist_percentile(b, q[i]);
        cr_assert_eq(memcmp(&pa, &pb, sizeof pa), 0, "P%g: %.17g vs %.17g", 100 * q[i], pa, pb);
    }
}

Test(wire, integers_doubles_and_strings_round_trip_bit_for_bit)
{
    static const double d[] = {0.0, -0.0, 1.0 / 3.0, INFINITY, -INFINITY, 5e-324, 1.7976931348623157e308};
    struct wire_out w;
    wire_out_init(&w);
    wire_put_u64(&w, 0);
    wire_put_u64(&w, UINT64_MAX);
    wire_put_u64(&w, 0x0102030405060708ull);
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
        wire_put_f64(&w, d[i]);
    wire_put_str(&w, "region");
    wire_put_str(&w, NULL);
    cr_assert_eq(w.nomem, 0);
    /* Little-endian whatever the machine: the low byte first. */
    cr_assert_eq(w.data[16], 0x08);
    cr_assert_eq(w.data[23], 0x01);
    struct wire_in r;
    wire_in_init(&r, w.data, w.len);
    cr_assert_eq(wire_get_u64(&r), 0);
    cr_assert_eq(wire_get_u64(&r), UINT64_MAX);
    cr_assert_eq(wire_get_u64(&r), 0x0102030405060708ull);
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++) {
        double v = wire_get_f64(&r);
        cr_assert_eq(memcmp(&v, &d[i], sizeof v), 0);
    }
    int nomem = 0;
    char *s = wire_get_str(&r, 64, &nomem);
    cr_assert_str_eq(s, "region");
    free(s);
    s = wire_get_str(&r, 64, &nomem);
    cr_assert_str_eq(s, "");
    free(s);
    cr_assert_eq(r.bad, 0);
    cr_assert_eq(r.pos, w.len);
    /* One read more is past the end: refused, and the refusal sticks. */
    cr_assert_eq(wire_get_u64(&r), 0);
    cr_assert_eq(r.bad, 1);
    wire_out_fini(&w);
}

Test(wire, a_string_longer_than_allowed_or_than_the_buffer_is_refused)
{
    struct wire_out w;
    wire_out_init(&w);
    wire_put_str(&w, "a long scenario name");
    struct wire_in r;
    wire_in_init(&r, w.data, w.len);
    cr_assert_null(wire_get_str(&r, 5, NULL));
    cr_assert_eq(r.bad, 1);
    wire_in_init(&r, w.data, w.len - 1);
    cr_assert_null(wire_get_str(&r, 64, NULL));
    cr_assert_eq(r.bad, 1);
    wire_out_fini(&w);
}

Test(wire, a_histogram_round_trips_exactly)
{
    struct hist h, back;
    fill(&h, 1, 50000);
    struct wire_out w;
    wire_out_init(&w);
    hist_put(&w, &h);
    cr_assert_eq(w.nomem, 0);
    struct wire_in r;
    wire_in_init(&r, w.data, w.len);
    cr_assert_eq(hist_get(&r, &back), 0);
    cr_assert_eq(r.pos, w.len, "every byte read");
    assert_same(&h, &back);
    /* An empty histogram too (its extremes are the empty ones). */
    struct hist e, e_back;
    hist_init(&e, NULL, 0);
    wire_out_fini(&w);
    hist_put(&w, &e);
    wire_in_init(&r, w.data, w.len);
    cr_assert_eq(hist_get(&r, &e_back), 0);
    assert_same(&e, &e_back);
    hist_fini(&e);
    hist_fini(&e_back);
    hist_fini(&h);
    hist_fini(&back);
    wire_out_fini(&w);
}

/* Two shards' histograms merged after travelling equal the two merged where they were
 * made, and the histogram of all values added in one place. */
Test(wire, merging_travelled_histograms_equals_merging_at_home)
{
    struct hist a, b, a2, b2, home;
    fill(&a, 7, 30000);
    fill(&b, 8, 20000);
    struct wire_out w;
    wire_out_init(&w);
    hist_put(&w, &a);
    hist_put(&w, &b);
    struct wire_in r;
    wire_in_init(&r, w.data, w.len);
    cr_assert_eq(hist_get(&r, &a2), 0);
    cr_assert_eq(hist_get(&r, &b2), 0);
    cr_assert_eq(hist_merge(&a2, &b2), 0);
    cr_assert_eq(hist_merge(&a, &b), 0);
    assert_same(&a, &a2);
    /* All 50,000 values added in one histogram: the merge is exactly that. */
    fill(&home, 7, 30000);
    struct hist tail;
    fill(&tail, 8, 20000);
    cr_assert_eq(hist_merge(&home, &tail), 0);
    assert_same(&home, &a2);
    hist_fini(&a);
    hist_fini(&b);
    hist_fini(&a2);
    hist_fini(&b2);
    hist_fini(&home);
    hist_fini(&tail);
    wire_out_fini(&w);
}

/* Every truncation is refused, without reading past the end (ASan and valgrind watch). */
Test(wire, every_truncated_histogram_is_refused)
{
    struct hist h, back;
    fill(&h, 3, 2000);
    struct wire_out w;
    wire_out_init(&w);
    hist_put(&w, &h);
    for (size_t len = 0; len < w.len; len += len < 1024 ? 1 : 97) {
        unsigned char *copy = malloc(len ? len : 1);
        memcpy(copy, w.data, len);
        struct wire_in r;
        wire_in_init(&r, copy, len);
        cr_assert_eq(hist_get(&r, &back), -1, "a histogram cut to %zu of %zu bytes", len, w.len);
        cr_assert_eq(r.bad, 1);
        hist_fini(&back);
        free(copy);
    }
    hist_fini(&h);
    wire_out_fini(&w);
}

/* Corrupted counts, a page index out of range, a limb too large, a target count above the
 * limit: each is refused. Offsets follow the layout in sim/hist_wire.c. */
Test(wire, corrupted_histograms_are_refused)
{
    struct hist h, back;
    fill(&h, 5, 5000);
    struct wire_out w;
    wire_out_init(&w);
    hist_put(&w, &h);
    const size_t n_targets_at = 8 * 8;
    const size_t limbs_at = n_targets_at + 8 + 3 * 24;
    const size_t pages_at = limbs_at + 8 * HIST_SUM_LIMBS;
    const size_t first_page_at = pages_at + 8;
    struct { size_t at; unsigned char byte; const char *what; } bad[] = {
        {0, 0xff, "n larger than the bins hold"},
        {8, 0x7f, "more zeros than values"},
        {n_targets_at, 9, "more targets than a histogram keeps"},
        {limbs_at + 4, 0x01, "a limb of 2^32 or more"},
        {first_page_at, 0xff, "a page index out of range"},
        {first_page_at + 8, 0x55, "a bin count that breaks the total"},
        {5 * 8 + 7, 0xff, "a NaN minimum"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        unsigned char *copy = malloc(w.len);
        memcpy(copy, w.data, w.len);
        copy[bad[i].at] ^= bad[i].byte;
        struct wire_in r;
        wire_in_init(&r, copy, w.len);
        cr_assert_eq(hist_get(&r, &back), -1, "%s was read as a histogram", bad[i].what);
        hist_fini(&back);
        free(copy);
    }
    hist_fini(&h);
    wire_out_fini(&w);
}
