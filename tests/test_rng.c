/* tests/test_rng.c: counter-based streams keyed by (seed, trial, identity), and the
 * Philox4x32-10 generator under them against Random123's published known answers. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include <Random123/philox.h>

#include "sim/rng.h"

static void draw(struct rng_stream *r, uint32_t trial, uint64_t id, double *out, int n)
{
    rng_trial(r, trial);
    rng_select(r, id);
    for (int i = 0; i < n; i++)
        out[i] = rng_uniform(r);
}

static int same(const double *a, const double *b, int n)
{
    for (int i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* Random123's known-answer vectors for philox4x32_10 (kat_vectors in its test suite;
 * Debian does not ship the file, so the three published lines are written here): counter,
 * key, expected output. */
static const uint32_t kat[3][10] = {
    {0, 0, 0, 0, 0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
    {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0x408f276d,
     0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
    {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, 0xd16cfe09,
     0x94fdcceb, 0x5001e420, 0x24126ea1},
};

Test(rng, philox4x32_10_known_answers)
{
    for (int v = 0; v < 3; v++) {
        uint32_t out[4];
        rng_philox4x32_10(&kat[v][0], &kat[v][4], out);
        for (int i = 0; i < 4; i++)
            cr_assert_eq(out[i], kat[v][6 + i], "vector %d word %d: %08x, want %08x", v, i,
                         out[i], kat[v][6 + i]);
        /* The header's own entry point agrees (same rounds, same word order). */
        philox4x32_ctr_t c = {{kat[v][0], kat[v][1], kat[v][2], kat[v][3]}};
        philox4x32_key_t k = {{kat[v][4], kat[v][5]}};
        philox4x32_ctr_t r = philox4x32(c, k);
        for (int i = 0; i < 4; i++)
            cr_assert_eq(r.v[i], kat[v][6 + i]);
    }
}

/* The first uniform of a stream is built from block 0 of counter {0, id lo, trial, id hi}
 * under key = seed: 27 bits of word 0 and 26 of word 1, plus one half, over 2^53. */
Test(rng, uniforms_come_from_the_documented_counter)
{
    struct rng_stream r;
    uint64_t seed = UINT64_C(0x0123456789abcdef), id = UINT64_C(0xfedcba9876543210);
    rng_init(&r, seed);
    rng_trial(&r, 77);
    rng_select(&r, id);
    double u0 = rng_uniform(&r), u1 = rng_uniform(&r), u2 = rng_uniform(&r);
    uint32_t ctr[4] = {0, 0x76543210u, 77, 0xfedcba98u}, key[2] = {0x89abcdefu, 0x01234567u};
    uint32_t b[4];
    rng_philox4x32_10(ctr, key, b);
    cr_assert_eq(u0, ((double)(b[0] >> 5) * 67108864.0 + (double)(b[1] >> 6) + 0.5) / 0x1p53);
    cr_assert_eq(u1, ((double)(b[2] >> 5) * 67108864.0 + (double)(b[3] >> 6) + 0.5) / 0x1p53);
    ctr[0] = 1;
    rng_philox4x32_10(ctr, key, b);
    cr_assert_eq(u2, ((double)(b[0] >> 5) * 67108864.0 + (double)(b[1] >> 6) + 0.5) / 0x1p53);
}

/* Block 0 of many streams at once (rng_first_blocks) is Philox of each stream's counter,
 * on every path (plain C, SSE2, AVX2, whichever this processor has, and rng_first_blocks
 * itself, which goes to AVX2 by a test of its own), for every count (whole vectors and
 * the remainder) and for trials whose product with the Philox constant (which the AVX2
 * path takes from rng_trial) has both halves set or is 0; and a stream started with it
 * (rng_select_first) gives the very uniforms a stream started with rng_select does, past
 * block 0 too. rng_init leaves words 0 and 2 of the four-block path's key table unset,
 * as that path takes them from first_lanes: poisoned here, a path that read them would
 * fail. */
Test(rng, first_blocks_in_bulk_are_the_blocks)
{
    struct rng_stream r;
    rng_init(&r, UINT64_C(0x9e3779b97f4a7c15));
    memset(r.round_key_words[0], 0x5a, sizeof r.round_key_words[0]);
    memset(r.round_key_words[2], 0x5a, sizeof r.round_key_words[2]);
    uint64_t ids[41];
    uint32_t out[41][4];
    for (int j = 0; j < 41; j++)
        ids[j] = dist_rng_id(UINT64_C(0xabcdef), (uint64_t)j) ^ ((uint64_t)j << 61);
    /* The paths, and last (-1) rng_first_blocks itself, which takes AVX2 by its own test. */
    const int paths[] = {RNG_PATH_AUTO, RNG_PATH_SCALAR, RNG_PATH_SSE2, RNG_PATH_AVX2, -1};
    const uint32_t trials[] = {0, 1, 4242, UINT32_MAX};
    for (size_t ti = 0; ti < sizeof trials / sizeof trials[0]; ti++) {
        rng_trial(&r, trials[ti]);
        for (size_t pi = 0; pi < sizeof paths / sizeof paths[0]; pi++)
            for (int n = 0; n <= 41; n++) {
                memset(out, 0xa5, sizeof out);
                if (paths[pi] < 0)
                    rng_first_blocks(&r, ids, n, out);
                else
                    rng_first_blocks_path(&r, ids, n, out, (enum rng_path)paths[pi]);
                for (int j = 0; j < n; j++) {
                    uint32_t ctr[4] = {0, (uint32_t)ids[j], trials[ti], (uint32_t)(ids[j] >> 32)};
                    uint32_t key[2] = {0x7f4a7c15u, 0x9e3779b9u}, b[4];
                    rng_philox4x32_10(ctr, key, b);
                    cr_assert_eq(memcmp(out[j], b, sizeof b), 0,
                                 "trial %u, path %d, n %d, stream %d", trials[ti],
                                 (int)paths[pi], n, j);
                }
                if (n < 41)
                    cr_assert_eq(out[n][0], 0xa5a5a5a5u, "path %d wrote past n %d",
                                 (int)paths[pi], n);
            }
    }
    rng_trial(&r, 4242);
    rng_first_blocks(&r, ids, 41, out);
    for (int j = 0; j < 41; j++) {
        struct rng_stream a = r, b = r;
        rng_select(&a, ids[j]);
        rng_select_first(&b, ids[j], out[j]);
        for (int k = 0; k < 5; k++)
            cr_assert_eq(rng_uniform(&a), rng_uniform(&b));
    }
}

/* The first uniforms made with the blocks (rng_first_blocks_u) are rng_uniform_words of
 * each block's words 0 and 1 bit for bit, for every count (the quads' four and three, the
 * one or two blocks left over) and over thousands of trials: half of all uniforms have an
 * odd integer above 2^53, whose conversion rounds a tie, which the vector path makes as a
 * sum of two exact halves; on every path this processor has. The blocks are
 * rng_first_blocks', and nothing is written past n. */
Test(rng, first_uniforms_in_bulk_are_the_blocks_uniforms)
{
    struct rng_stream r;
    rng_init(&r, UINT64_C(0x243f6a8885a308d3));
    uint64_t ids[41];
    uint32_t out[41][4], ref[41][4];
    double u[42];
    for (int j = 0; j < 41; j++)
        ids[j] = dist_rng_id(UINT64_C(0x5eed), (uint64_t)j);
    const int fastest = r.path;
    for (uint32_t trial = 0; trial < 3000; trial++) {
        rng_trial(&r, trial);
        /* Every path this processor has, the fastest (the vector uniforms) last. */
        r.path = RNG_PATH_SCALAR + (int)(trial % (uint32_t)fastest);
        if (trial >= 8)
            r.path = trial % 4 == 0 ? r.path : fastest;
        for (int n = trial < 8 ? 0 : 41; n <= 41; n++) {
            for (int j = 0; j < 42; j++)
                u[j] = -1.0;
            rng_first_blocks_u(&r, ids, n, out, u);
            rng_first_blocks(&r, ids, n, ref);
            cr_assert_eq(memcmp(out, ref, (size_t)n * sizeof ref[0]), 0);
            for (int j = 0; j < n; j++) {
                const double want = rng_uniform_words(ref[j][0], ref[j][1]);
                cr_assert_eq(memcmp(&u[j], &want, sizeof want), 0,
                             "trial %u, n %d, stream %d: %a, not %a", trial, n, j, u[j], want);
            }
            cr_assert_eq(u[n], -1.0, "wrote past n %d", n);
        }
    }
}

Test(rng, a_stream_depends_only_on_its_key)
{
    struct rng_stream r, r2;
    rng_init(&r, 42);
    rng_init(&r2, 42);
    double a[16], b[16];
    draw(&r, 7, 3, a, 16);
    /* Another generator, after unrelated draws, gives the same stream. */
    draw(&r2, 2, 3, b, 5);
    draw(&r2, 7, 3, b, 16);
    cr_assert(same(a, b, 16));
    /* Selecting again mid-stream starts over; other streams in between change nothing. */
    rng_select(&r, 3);
    for (int i = 0; i < 3; i++)
        (void)rng_uniform(&r);
    rng_select(&r, 99);
    (void)rng_uniform(&r);
    draw(&r, 7, 3, b, 16);
    cr_assert(same(a, b, 16));
}

Test(rng, seed_trial_and_identity_all_matter)
{
    struct rng_stream r;
    double a[8], b[8];
    rng_init(&r, 42);
    draw(&r, 7, 3, a, 8);
    rng_init(&r, 43);
    draw(&r, 7, 3, b, 8);
    cr_assert(!same(a, b, 8));
    /* The high half of the 64-bit seed counts. */
    rng_init(&r, 42 + (UINT64_C(1) << 32));
    draw(&r, 7, 3, b, 8);
    cr_assert(!same(a, b, 8));
    rng_init(&r, 42);
    draw(&r, 8, 3, b, 8);
    cr_assert(!same(a, b, 8));
    draw(&r, 7, 4, b, 8);
    cr_assert(!same(a, b, 8));
    /* Both halves of the identity count, and trial and identity are not interchangeable. */
    draw(&r, 7, 3 | (UINT64_C(1) << 32), b, 8);
    cr_assert(!same(a, b, 8));
    draw(&r, 3, 7, b, 8);
    cr_assert(!same(a, b, 8));
}

Test(rng, identities_mix_parts_and_names)
{
    uint64_t base = dist_rng_id_name(0, "region");
    cr_assert_eq(base, dist_rng_id_name(0, "region"));
    cr_assert_neq(base, dist_rng_id_name(0, "zone"));
    cr_assert_neq(dist_rng_id(base, 1), dist_rng_id(base, 2));
    cr_assert_neq(dist_rng_id(1, 2), dist_rng_id(2, 1));
    cr_assert_neq(dist_rng_id(0, 0), 0u);
    cr_assert_eq(dist_rng_id_name(base, NULL), dist_rng_id_name(base, ""));
}

Test(rng, uniforms_are_uniform_and_open)
{
    /* Mean and P(u < 0.1) of 200000 uniforms over many streams, within 4 standard errors. */
    struct rng_stream r;
    rng_init(&r, 99);
    const int n = 200000;
    double sum = 0.0;
    int low = 0;
    for (int i = 0; i < n; i++) {
        if (i % 10 == 0)
            draw(&r, (uint32_t)(i / 10), 0, &(double){0}, 0);
        double u = rng_uniform(&r);
        cr_assert(u > 0.0 && u < 1.0);
        sum += u;
        low += u < 0.1;
    }
    cr_expect(fabs(sum / n - 0.5) < 4 * sqrt(1.0 / 12.0 / n));
    cr_expect(fabs((double)low / n - 0.1) < 4 * sqrt(0.09 / n));
}

/* The ends of the 53-bit range: the smallest m gives 2^-54; the largest would round to
 * exactly 1 by the plain expression and gives the largest double below 1 instead; every
 * other m near the top is the plain expression's (m + 1/2) / 2^53, below 1. */
Test(rng, uniform_words_stay_open_at_both_ends)
{
    cr_assert_eq(rng_uniform_words(0, 0), 0x1p-54);
    cr_assert_eq(rng_uniform_words(31, 63), 0x1p-54);   /* the dropped low bits count nothing */
    const double plain_top = ((double)(UINT32_MAX >> 5) * 67108864.0 + (double)(UINT32_MAX >> 6) +
                              0.5) / 0x1p53;
    cr_assert_eq(plain_top, 1.0, "the plain expression's top is 1, which is why it is guarded");
    cr_assert_eq(rng_uniform_words(UINT32_MAX, UINT32_MAX), nextafter(1.0, 0.0));
    for (uint32_t d = 1; d < 200; d++) {
        uint32_t w1 = UINT32_MAX - (d << 6);
        double plain = ((double)(UINT32_MAX >> 5) * 67108864.0 + (double)(w1 >> 6) + 0.5) / 0x1p53;
        double u = rng_uniform_words(UINT32_MAX, w1);
        cr_assert_eq(u, plain, "m = 2^53 - 1 - %u", d);
        cr_assert(u < 1.0);
    }
}

/* rng_uniform_words converts the integer 2m + 1 once instead of forming m + 1/2 from two
 * conversions and two additions: the two must round alike for every m, exact below 2^52
 * and ties to even above. Random word pairs, and pairs on both sides of 2^52 (the top
 * bit of w0) with every low-bit pattern of the ends of w1. */
Test(rng, uniform_words_are_the_plain_expression)
{
    const double below_one = 0x1.fffffffffffffp-1;
    uint64_t x = UINT64_C(0x853c49e6748fea9b);
    for (int n = 0; n < 2000000 + 8 * 4096; n++) {
        uint32_t w0, w1;
        x = x * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
        if (n < 8 * 4096) {
            static const uint32_t tops[8] = {0,          31,         32,          0x7fffffe0u,
                                             0x7fffffffu, 0x80000000u, 0x8000001fu, UINT32_MAX};
            w0 = tops[n / 4096];
            w1 = (uint32_t)(n % 4096) << ((n / 2048) % 2 ? 20 : 0);
        } else {
            w0 = (uint32_t)(x >> 32);
            w1 = (uint32_t)x;
        }
        double plain =
            ((double)(w0 >> 5) * 67108864.0 + (double)(w1 >> 6) + 0.5) * (1.0 / 9007199254740992.0);
        if (!(plain < below_one))
            plain = below_one;
        double u = rng_uniform_words(w0, w1);
        cr_assert(memcmp(&u, &plain, sizeof u) == 0, "w0 %08x w1 %08x: %a, plain %a", w0, w1, u,
                  plain);
    }
}

Test(rng, the_models_view_is_the_same_stream)
{
    struct rng_stream r;
    rng_init(&r, 5);
    rng_trial(&r, 1);
    struct dist_rng *d = &r.base;
    d->select(d, 12);
    double a = d->uniform(d), b = d->uniform(d);
    rng_select(&r, 12);
    cr_assert_eq(rng_uniform(&r), a);
    cr_assert_eq(rng_uniform(&r), b);
}

/* sim/rng.c computes Philox4x32-10 itself, with the key schedule made once per seed:
 * every block a stream yields must be Random123's philox4x32 of the documented counter,
 * for many seeds (high words set too), trials, identities and block indices. */
Test(rng, stream_blocks_are_random123_philox)
{
    uint64_t x = UINT64_C(0x9e3779b97f4a7c15);
    for (int n = 0; n < 2000; n++) {
        x = x * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
        uint64_t seed = x ^ (x >> 29), id = x * UINT64_C(0xbf58476d1ce4e5b9);
        uint32_t trial = (uint32_t)(x >> 17);
        struct rng_stream r;
        rng_init(&r, seed);
        rng_trial(&r, trial);
        rng_select(&r, id);
        for (uint32_t b = 0; b < 3; b++) {
            philox4x32_ctr_t c = {{b, (uint32_t)id, trial, (uint32_t)(id >> 32)}};
            philox4x32_key_t k = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
            philox4x32_ctr_t want = philox4x32(c, k);
            for (int h = 0; h < 2; h++) {
                uint32_t w0 = want.v[2 * h] >> 5, w1 = want.v[2 * h + 1] >> 6;
                double u = ((double)w0 * 67108864.0 + (double)w1 + 0.5) / 9007199254740992.0;
                cr_assert_eq(rng_uniform(&r), u, "draw %d block %u half %d", n, b, h);
            }
        }
    }
}

/* A stream's blocks come from the one-block vector rounds where the processor has AVX2
 * (rng_refill and the models' uniform) and from the scalar rounds elsewhere: both must
 * give the same uniforms, through the engine's inline draw and through the models' view,
 * past block 0 too. */
Test(rng, one_block_paths_agree)
{
    uint64_t x = UINT64_C(0x2545f4914f6cdd1d);
    for (int n = 0; n < 2000; n++) {
        x = x * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
        uint64_t seed = x ^ (x >> 31), id = x * UINT64_C(0x94d049bb133111eb);
        uint32_t trial = (uint32_t)(x >> 23);
        struct rng_stream a, m, ref;
        rng_init(&a, seed);
        rng_init(&m, seed);
        rng_init(&ref, seed);
        ref.path = RNG_PATH_SCALAR;
        rng_trial(&a, trial);
        rng_trial(&m, trial);
        rng_trial(&ref, trial);
        rng_select(&a, id);
        m.base.select(&m.base, id);
        rng_select(&ref, id);
        for (int k = 0; k < 7; k++) {
            double want = rng_uniform(&ref);
            cr_assert_eq(rng_uniform(&a), want, "draw %d uniform %d", n, k);
            cr_assert_eq(m.base.uniform(&m.base), want, "draw %d models' uniform %d", n, k);
        }
    }
}

/* Two streams of one seed, both at one trial: m on the processor's best path and ref on
 * the scalar rounds, the reference the vector paths are held to. */
static void stream_pair(uint64_t seed, uint32_t trial, struct rng_stream *m,
                        struct rng_stream *ref)
{
    rng_init(m, seed);
    rng_init(ref, seed);
    ref->path = RNG_PATH_SCALAR;
    rng_trial(m, trial);
    rng_trial(ref, trial);
}

/* The models' first_two (the backup walk's point draws; a vector path where the processor
 * has AVX2) gives the stream's first two uniforms as select and two uniforms on the scalar
 * rounds do, and leaves the stream where they leave it: the next uniform is block 1's. */
Test(rng, first_two_is_select_and_two_uniforms)
{
    uint64_t x = UINT64_C(0x9e3779b97f4a7c15);
    for (int n = 0; n < 2000; n++) {
        x = x * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
        uint64_t seed = x ^ (x >> 29), id = x * UINT64_C(0xbf58476d1ce4e5b9);
        uint32_t trial = (uint32_t)(x >> 19);
        struct rng_stream m, ref;
        stream_pair(seed, trial, &m, &ref);
        cr_assert_not_null(m.base.first_two);
        struct dist_u2 u = m.base.first_two(&m.base, id);
        rng_select(&ref, id);
        cr_assert_eq(u.u0, rng_uniform(&ref), "draw %d first uniform", n);
        cr_assert_eq(u.u1, rng_uniform(&ref), "draw %d second uniform", n);
        cr_assert_eq(m.base.uniform(&m.base), rng_uniform(&ref), "draw %d third uniform", n);
    }
}

/* first_two_pair (two stores' backup walks drawing their first points at once; both
 * blocks in one vector register where the processor has AVX2) gives each stream's first
 * two uniforms as select and two uniforms on the scalar rounds do, whatever the words
 * (the odd integers are assembled as doubles in the register), and leaves the stream where
 * first_two of the second stream leaves it. */
Test(rng, first_two_pair_is_first_two_twice)
{
    uint64_t x = UINT64_C(0x2545f4914f6cdd1d);
    for (int n = 0; n < 4000; n++) {
        x = x * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
        uint64_t seed = x ^ (x >> 31), id0 = x * UINT64_C(0xbf58476d1ce4e5b9),
                 id1 = (x >> 7) * UINT64_C(0x94d049bb133111eb);
        uint32_t trial = (uint32_t)(x >> 23);
        struct rng_stream m, ref;
        stream_pair(seed, trial, &m, &ref);
        cr_assert_not_null(m.first_two_pair);
        struct dist_u2 u[2];
        m.first_two_pair(&m.base, id0, id1, u);
        rng_select(&ref, id0);
        cr_assert_eq(u[0].u0, rng_uniform(&ref), "draw %d first stream's first uniform", n);
        cr_assert_eq(u[0].u1, rng_uniform(&ref), "draw %d first stream's second uniform", n);
        rng_select(&ref, id1);
        cr_assert_eq(u[1].u0, rng_uniform(&ref), "draw %d second stream's first uniform", n);
        cr_assert_eq(u[1].u1, rng_uniform(&ref), "draw %d second stream's second uniform", n);
        cr_assert_eq(m.base.uniform(&m.base), rng_uniform(&ref), "draw %d third uniform", n);
    }
}
