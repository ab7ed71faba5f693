/* sim/rng.c: Philox4x32-10 streams (see sim/rng.h for the keying), and block 0 of many
 * streams at once in vector registers (rng_first_blocks). */
#include "sim/rng.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define RNG_X86 1
#else
#define RNG_X86 0
#endif

/* Philox4x32-10 (Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as 1,
 * 2, 3", SC 2011), written out here so the key schedule is computed once per seed
 * instead of once per block. A round multiplies counter words 0 and 2 by the two Philox
 * constants into 64-bit products, and the new counter is (hi2 ^ c1 ^ k0, lo2,
 * hi0 ^ c3 ^ k1, lo0); between rounds the key is bumped by the two Weyl constants.
 * Random123's philox4x32 computes the same blocks (tests/test_rng.c checks the published
 * known answers and Random123's own function). */
#define PHILOX_M0 UINT32_C(0xD2511F53)
#define PHILOX_M1 UINT32_C(0xCD9E8D57)
#define PHILOX_W0 UINT32_C(0x9E3779B9)
#define PHILOX_W1 UINT32_C(0xBB67AE85)

static void key_schedule(const uint32_t key[2], uint32_t rk[20])
{
    uint32_t k0 = key[0], k1 = key[1];
    for (int r = 0; r < 10; r++, k0 += PHILOX_W0, k1 += PHILOX_W1) {
        rk[2 * r] = k0;
        rk[2 * r + 1] = k1;
    }
}

static inline void philox_block(const uint32_t in[4], const uint32_t rk[20], uint32_t out[4])
{
    uint32_t c0 = in[0], c1 = in[1], c2 = in[2], c3 = in[3];
#pragma GCC unroll 10
    for (int r = 0; r < 10; r++) {
        uint64_t p0 = (uint64_t)PHILOX_M0 * c0, p1 = (uint64_t)PHILOX_M1 * c2;
        c0 = (uint32_t)(p1 >> 32) ^ c1 ^ rk[2 * r];
        c1 = (uint32_t)p1;
        c2 = (uint32_t)(p0 >> 32) ^ c3 ^ rk[2 * r + 1];
        c3 = (uint32_t)p0;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
}

void rng_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4])
{
    uint32_t rk[20];
    key_schedule(key, rk);
    philox_block(ctr, rk, out);
}

/* The models' view of a stream: struct dist_rng is the first member of struct
 * rng_stream, so the pointer converts back. */
static void select_thunk(struct dist_rng *r, uint64_t id)
{
    rng_select((struct rng_stream *)r, id);
}

/* Block `block` of the stream (key = seed, counter = {block, id lo, trial, id hi}),
 * written straight into buf with the stored key schedule. */
static inline void refill(struct rng_stream *s)
{
    uint32_t ctr[4] = {s->block++, (uint32_t)(s->id & 0xffffffffu), s->trial,
                       (uint32_t)(s->id >> 32)};
    philox_block(ctr, s->round_key, s->buf);
    s->left = 4;
}

/* rng_uniform with the block computed in place: the models' draws (the backup walk's
 * points, each a stream of its own) come through here, nearly every one needing a block. */
static double uniform_thunk(struct dist_rng *r)
{
    struct rng_stream *s = (struct rng_stream *)r;
    if (s->left < 2)
        refill(s);
    return rng_uniform(s);
}

/* The models' select and two uniforms in one call (struct dist_rng's first_two). */
static struct dist_u2 first_two_thunk(struct dist_rng *r, uint64_t id)
{
    struct rng_stream *s = (struct rng_stream *)r;
    rng_select(s, id);
    struct dist_u2 u;
    u.u0 = rng_uniform(s);
    u.u1 = rng_uniform(s);
    return u;
}

/* first_two_pair on any processor: first_two_thunk of each stream in turn. */
static void first_two_pair_thunk(struct dist_rng *r, uint64_t id0, uint64_t id1,
                                 struct dist_u2 u[2])
{
    u[0] = first_two_thunk(r, id0);
    u[1] = first_two_thunk(r, id1);
}

#if RNG_X86
/* One block in one vector register, on processors with AVX2 (for its three-operand,
 * alignment-free encodings of the SSE2 operations): about half the instructions of the
 * scalar rounds. The counter words {c0, c1, c2, c3} sit in lanes 0 .. 3; pmuludq
 * multiplies lanes 0 and 2 by the two constants into {lo0, hi0, lo2, hi2}, which reversed
 * is {hi2, lo2, hi0, lo0}; the 64-bit shift of the counter gives {c1, 0, c3, 0}, and the
 * round's key lanes {k0, 0, k1, 0}: their xor is the round's new counter. Block 0, the
 * one a freshly selected stream needs, starts from the trial's rounds 0 and 1
 * (first_lanes, rng_trial). */
__attribute__((target("avx2"))) static inline void refill_lanes(struct rng_stream *s)
{
    const __m128i m = _mm_setr_epi32((int)PHILOX_M0, 0, (int)PHILOX_M1, 0);
    __m128i c;
    if (s->block == 0) {
        c = _mm_xor_si128(_mm_cvtepu32_epi64(_mm_loadl_epi64((const __m128i *)&s->id)),
                          _mm_loadu_si128((const __m128i *)s->first_lanes[0]));
        c = _mm_xor_si128(_mm_shuffle_epi32(_mm_mul_epu32(c, m), 0x1B),
                          _mm_loadu_si128((const __m128i *)s->first_lanes[1]));
    } else {
        c = _mm_set_epi64x((long long)(((uint64_t)(uint32_t)(s->id >> 32) << 32) | s->trial),
                           (long long)((s->id << 32) | s->block));
#pragma GCC unroll 2
        for (int r = 0; r < 2; r++) {
            __m128i p = _mm_shuffle_epi32(_mm_mul_epu32(c, m), 0x1B);
            c = _mm_xor_si128(_mm_xor_si128(p, _mm_srli_epi64(c, 32)),
                              _mm_loadu_si128((const __m128i *)s->round_key_lanes[r]));
        }
    }
    s->block++;
#pragma GCC unroll 8
    for (int r = 2; r < 10; r++) {
        __m128i p = _mm_shuffle_epi32(_mm_mul_epu32(c, m), 0x1B);
        c = _mm_xor_si128(_mm_xor_si128(p, _mm_srli_epi64(c, 32)),
                          _mm_loadu_si128((const __m128i *)s->round_key_lanes[r]));
    }
    _mm_storeu_si128((__m128i *)s->buf, c);
    s->left = 4;
}

/* first_two_thunk on that path: block 0 of stream id from the trial's share of its
 * first rounds (refill_lanes), both uniforms made from the register itself; the words
 * are not kept (the stream is left with none, at block 1, as two uniforms leave it). Each
 * 64-bit lane {w0, w1} of the block gives the integer rng_uniform_words makes of its
 * words: with a0 = w0 >> 5 and a1 = w1 >> 5, (a0 << 27 | a1 | 1), whose a0 part is the
 * lane shifted left by 27 and masked to bits 27 .. 53, and whose a1 part is the lane
 * shifted right by 32. */
__attribute__((target("avx2"))) static struct dist_u2 first_two_avx2(struct dist_rng *r,
                                                                     uint64_t id)
{
    struct rng_stream *s = (struct rng_stream *)r;
    s->id = id;
    const __m128i m = _mm_setr_epi32((int)PHILOX_M0, 0, (int)PHILOX_M1, 0);
    __m128i c = _mm_xor_si128(_mm_cvtepu32_epi64(_mm_cvtsi64_si128((long long)id)),
                              _mm_loadu_si128((const __m128i *)s->first_lanes[0]));
    c = _mm_xor_si128(_mm_shuffle_epi32(_mm_mul_epu32(c, m), 0x1B),
                      _mm_loadu_si128((const __m128i *)s->first_lanes[1]));
#pragma GCC unroll 8
    for (int rd = 2; rd < 10; rd++) {
        __m128i p = _mm_shuffle_epi32(_mm_mul_epu32(c, m), 0x1B);
        c = _mm_xor_si128(_mm_xor_si128(p, _mm_srli_epi64(c, 32)),
                          _mm_loadu_si128((const __m128i *)s->round_key_lanes[rd]));
    }
    s->block = 1;
    s->left = 0;
    const __m128i a = _mm_srli_epi32(c, 5);
    const __m128i odd = _mm_or_si128(
        _mm_or_si128(_mm_and_si128(_mm_slli_epi64(a, 27), _mm_set1_epi64x(INT64_C(0x3ffffff8000000))),
                     _mm_srli_epi64(a, 32)),
        _mm_set1_epi64x(1));
    struct dist_u2 u;
    u.u0 = rng_uniform_odd(_mm_cvtsi128_si64(odd));
    u.u1 = rng_uniform_odd(_mm_extract_epi64(odd, 1));
    return u;
}

/* first_two_avx2 of two streams at once: block 0 of stream id0 in the low 128-bit lane
 * and of id1 in the high one (the round keys are already laid out twice), and the four
 * uniforms made side by side in doubles. Each 64-bit lane {w0, w1} gives the odd integer
 * x = a0 * 2^27 + (a1 | 1) of first_two_avx2 (a0 = w0 >> 5, a1 = w1 >> 5, each below 2^27);
 * rng_uniform_odd converts x to a double, rounded once, and scales it by 2^-54. Here each
 * half is made exactly as a double already scaled, a0 * 2^-27 and (a1 | 1) * 2^-54, by
 * writing it into the mantissa of a double whose last bit is worth that much (2^25 and
 * 2^-2, whose exponents leave 52 bits of mantissa below them) and subtracting that
 * double; their sum is then x * 2^-54 rounded once, the same double (scaling by a power
 * of two commutes with rounding here: nothing is subnormal), in a handful of vector
 * operations instead of four conversions and their extractions. */
__attribute__((target("avx2"))) static void first_two_pair_avx2(struct dist_rng *r, uint64_t id0,
                                                                uint64_t id1, struct dist_u2 u[2])
{
    struct rng_stream *s = (struct rng_stream *)r;
    s->id = id1;
    s->block = 1;
    s->left = 0;
    const __m256i m = _mm256_setr_epi32((int)PHILOX_M0, 0, (int)PHILOX_M1, 0, (int)PHILOX_M0, 0,
                                        (int)PHILOX_M1, 0);
    __m256i c = _mm256_xor_si256(
        _mm256_cvtepu32_epi64(_mm_set_epi64x((long long)id1, (long long)id0)),
        _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)s->first_lanes[0])));
    c = _mm256_xor_si256(
        _mm256_shuffle_epi32(_mm256_mul_epu32(c, m), 0x1B),
        _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)s->first_lanes[1])));
#pragma GCC unroll 8
    for (int rd = 2; rd < 10; rd++) {
        __m256i p = _mm256_shuffle_epi32(_mm256_mul_epu32(c, m), 0x1B);
        c = _mm256_xor_si256(_mm256_xor_si256(p, _mm256_srli_epi64(c, 32)),
                             _mm256_loadu_si256((const __m256i *)s->round_key_lanes[rd]));
    }
    const __m256i a = _mm256_srli_epi32(c, 5);
    /* {a0, exponent of 2^25} and {a1 | 1, exponent of 2^-2}, as 64-bit lanes. */
    const __m256i hi_bits =
        _mm256_blend_epi32(a, _mm256_set1_epi64x(INT64_C(0x4180000000000000)), 0xAA);
    const __m256i lo_bits =
        _mm256_or_si256(_mm256_srli_epi64(a, 32), _mm256_set1_epi64x(INT64_C(0x3fd0000000000001)));
    const __m256d hi = _mm256_sub_pd(_mm256_castsi256_pd(hi_bits), _mm256_set1_pd(0x1p25));
    const __m256d lo = _mm256_sub_pd(_mm256_castsi256_pd(lo_bits), _mm256_set1_pd(0x1p-2));
    const __m256d x = _mm256_min_pd(_mm256_add_pd(hi, lo), _mm256_set1_pd(0x1.fffffffffffffp-1));
    _mm256_storeu_pd(&u[0].u0, x);
}

__attribute__((target("avx2"), noinline)) static void refill_avx2(struct rng_stream *s)
{
    refill_lanes(s);
}

/* uniform_thunk on that path. */
__attribute__((target("avx2"))) static double uniform_thunk_avx2(struct dist_rng *r)
{
    struct rng_stream *s = (struct rng_stream *)r;
    if (s->left < 2)
        refill_lanes(s);
    return rng_uniform(s);
}
#endif

void rng_init(struct rng_stream *s, uint64_t seed)
{
    s->base.select = select_thunk;
    s->base.uniform = uniform_thunk;
    s->base.first_two = first_two_thunk;
    s->first_two_pair = first_two_pair_thunk;
    s->key[0] = (uint32_t)(seed & 0xffffffffu);
    s->key[1] = (uint32_t)(seed >> 32);
    key_schedule(s->key, s->round_key);
    for (int r = 0; r < 10; r++)
        for (int h = 0; h < 8; h += 4) {
            s->round_key_lanes[r][h] = s->round_key[2 * r];
            s->round_key_lanes[r][h + 1] = 0;
            s->round_key_lanes[r][h + 2] = s->round_key[2 * r + 1];
            s->round_key_lanes[r][h + 3] = 0;
        }
    /* Words 0 and 2, rounds 0 and 1's first key word, reach the four-block path only
     * inside first_lanes (rng_trial), so they are not spread out here. */
    for (int w = 0; w < 20; w++) {
        if (w == 0 || w == 2)
            continue;
        for (int l = 0; l < 8; l++)
            s->round_key_words[w][l] = s->round_key[w];
    }
    s->path = RNG_PATH_SCALAR;
#if RNG_X86
    __builtin_cpu_init();
    s->path = __builtin_cpu_supports("avx2") ? RNG_PATH_AVX2 : RNG_PATH_SSE2;
    if (s->path == RNG_PATH_AVX2)
    {
        s->base.uniform = uniform_thunk_avx2;
        s->base.first_two = first_two_avx2;
        s->first_two_pair = first_two_pair_avx2;
    }
#endif
    rng_trial(s, 0);
}

/* Block 0's counter is {0, id lo, trial, id hi}: in round 0 the product of word 0 is 0
 * and that of word 2 is the trial's alone, so the round gives {id lo ^ hi ^ k0, lo,
 * id hi ^ k1, 0} with (hi, lo) = M1 * trial; in round 1 the shifted-down words are
 * {lo, 0, 0, 0}, which join round 1's key. first_lanes holds the two vectors to xor. */
void rng_trial(struct rng_stream *s, uint32_t trial)
{
    uint64_t p = (uint64_t)PHILOX_M1 * trial;
    uint32_t hi = (uint32_t)(p >> 32), lo = (uint32_t)p;
    const uint32_t *rk = s->round_key;
    s->first_lanes[0][0] = hi ^ rk[0];
    s->first_lanes[0][1] = lo;
    s->first_lanes[0][2] = rk[1];
    s->first_lanes[0][3] = 0;
    s->first_lanes[1][0] = lo ^ rk[2];
    s->first_lanes[1][1] = 0;
    s->first_lanes[1][2] = rk[3];
    s->first_lanes[1][3] = 0;
    s->trial = trial;
    rng_select(s, 0);
}

void rng_refill(struct rng_stream *s)
{
#if RNG_X86
    if (s->path == RNG_PATH_AVX2) {
        refill_avx2(s);
        return;
    }
#endif
    refill(s);
}

/* ---- first blocks in bulk ------------------------------------------------------------ */

/* Block 0 of ids[j] in the current trial, one at a time: the reference. */
static void first_blocks_scalar(const struct rng_stream *s, const uint64_t *ids, int n,
                                uint32_t (*out)[4])
{
    for (int j = 0; j < n; j++) {
        uint32_t ctr[4] = {0, (uint32_t)(ids[j] & 0xffffffffu), s->trial,
                           (uint32_t)(ids[j] >> 32)};
        philox_block(ctr, s->round_key, out[j]);
    }
}

#if RNG_X86
/* A Philox round on lanes of 32-bit words: each lane is one block's counter word. The
 * 32 x 32 -> 64-bit products come from the unsigned multiply of the even lanes
 * (pmuludq); the odd lanes are shifted down to be multiplied the same way. lo and hi are
 * then gathered back into one word per lane: the even products' halves sit in the even
 * lanes (lo) or above them (hi), the odd ones' the other way round. */
#define PHILOX_LANES(V, MUL, SRL, SLL, AND, OR, XOR, SET1, EVEN, ODD)                        \
    for (int r = 0; r < 10; r++) {                                                         \
        V e0 = MUL(c0, m0), o0 = MUL(SRL(c0, 32), m0);                                     \
        V e2 = MUL(c2, m1), o2 = MUL(SRL(c2, 32), m1);                                     \
        V lo0 = OR(AND(e0, EVEN), SLL(o0, 32)), hi0 = OR(SRL(e0, 32), AND(o0, ODD));        \
        V lo2 = OR(AND(e2, EVEN), SLL(o2, 32)), hi2 = OR(SRL(e2, 32), AND(o2, ODD));        \
        c0 = XOR(XOR(hi2, c1), SET1((int)s->round_key[2 * r]));                             \
        c1 = lo2;                                                                          \
        c2 = XOR(XOR(hi0, c3), SET1((int)s->round_key[2 * r + 1]));                         \
        c3 = lo0;                                                                          \
    }

/* Four blocks at a time in SSE2 registers (every x86-64 has SSE2): blocks j .. j + 3 of
 * ids and out. */
static void four_blocks_sse2(const struct rng_stream *s, const uint64_t *ids, uint32_t (*out)[4])
{
    const __m128i m0 = _mm_set1_epi32((int)PHILOX_M0), m1 = _mm_set1_epi32((int)PHILOX_M1);
    const __m128i even = _mm_set1_epi64x(0xffffffff), odd = _mm_slli_epi64(even, 32);
    {
        const int j = 0;
        __m128i c0 = _mm_setzero_si128();
        __m128i c1 = _mm_setr_epi32((int)(uint32_t)ids[j], (int)(uint32_t)ids[j + 1],
                                    (int)(uint32_t)ids[j + 2], (int)(uint32_t)ids[j + 3]);
        __m128i c2 = _mm_set1_epi32((int)s->trial);
        __m128i c3 = _mm_setr_epi32((int)(uint32_t)(ids[j] >> 32), (int)(uint32_t)(ids[j + 1] >> 32),
                                    (int)(uint32_t)(ids[j + 2] >> 32),
                                    (int)(uint32_t)(ids[j + 3] >> 32));
        PHILOX_LANES(__m128i, _mm_mul_epu32, _mm_srli_epi64, _mm_slli_epi64, _mm_and_si128,
                     _mm_or_si128, _mm_xor_si128, _mm_set1_epi32, even, odd)
        /* Lanes to blocks: a 4 x 4 transpose. */
        __m128i t0 = _mm_unpacklo_epi32(c0, c1), t1 = _mm_unpackhi_epi32(c0, c1);
        __m128i t2 = _mm_unpacklo_epi32(c2, c3), t3 = _mm_unpackhi_epi32(c2, c3);
        _mm_storeu_si128((__m128i *)out[j], _mm_unpacklo_epi64(t0, t2));
        _mm_storeu_si128((__m128i *)out[j + 1], _mm_unpackhi_epi64(t0, t2));
        _mm_storeu_si128((__m128i *)out[j + 2], _mm_unpacklo_epi64(t1, t3));
        _mm_storeu_si128((__m128i *)out[j + 3], _mm_unpackhi_epi64(t1, t3));
    }
}

/* Whole groups of `lanes` blocks, then the rest as one more group padded with stream 0
 * (computed and dropped): a group costs about what a block alone would. */
static void in_groups(const struct rng_stream *s, const uint64_t *ids, int n, uint32_t (*out)[4],
                      int lanes,
                      void (*group)(const struct rng_stream *, const uint64_t *, uint32_t (*)[4]))
{
    int j = 0;
    for (; j + lanes <= n; j += lanes)
        group(s, ids + j, out + j);
    if (j < n) {
        uint64_t pad_ids[8] = {0};
        uint32_t pad_out[8][4] = {{0}}; /* set by group(); zeroed so that GCC -O3 sees it */
        for (int k = 0; k < n - j; k++)
            pad_ids[k] = ids[j + k];
        group(s, pad_ids, pad_out);
        for (int k = 0; k < n - j; k++)
            for (int w = 0; w < 4; w++)
                out[j + k][w] = pad_out[k][w];
    }
}

/* Blocks 0 .. n - 1 of ids into out (n <= 2 regs), two blocks to a 256-bit register (regs
 * of them, a constant where inlined; only called when the processor has AVX2). Each
 * 128-bit half holds one block, its rounds as in refill_lanes, so that the blocks need no
 * transposing on the way in or out. The first two rounds are mostly the trial's: with
 * counter word 0 at 0, round 0 is the zero-extended identity {id lo, 0, id hi, 0} xored
 * with first_lanes[0], and round 1 needs no shift or second xor (rng_trial). An odd n
 * reads the last identity alone, its register's upper half computing stream 0 (dropped):
 * nothing is read beyond ids[n - 1] or written beyond out[n - 1]. */
__attribute__((target("avx2"), always_inline)) static inline void
blocks_avx2(const struct rng_stream *s, const uint64_t *ids, uint32_t (*out)[4], const int regs,
            const int n)
{
    const __m256i m = _mm256_setr_epi32((int)PHILOX_M0, 0, (int)PHILOX_M1, 0,
                                        (int)PHILOX_M0, 0, (int)PHILOX_M1, 0);
    const __m256i k0 =
        _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)s->first_lanes[0]));
    const __m256i k1 =
        _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)s->first_lanes[1]));
    __m256i c0, c1, c2, c3;
#define LOAD(C, G)                                                                         \
    C = _mm256_xor_si256(                                                                  \
        _mm256_cvtepu32_epi64(2 * (G) + 1 < n                                              \
                                  ? _mm_loadu_si128((const __m128i *)(ids + 2 * (G)))      \
                                  : _mm_loadl_epi64((const __m128i *)(ids + 2 * (G)))),    \
        k0)
#define ROUND1(C) C = _mm256_xor_si256(_mm256_shuffle_epi32(_mm256_mul_epu32(C, m), 0x1B), k1)
#define ROUND(C)                                                                           \
    C = _mm256_xor_si256(                                                                  \
        _mm256_xor_si256(_mm256_shuffle_epi32(_mm256_mul_epu32(C, m), 0x1B),               \
                         _mm256_srli_epi64(C, 32)),                                        \
        k)
#define STORE(C, G)                                                                        \
    do {                                                                                   \
        _mm_storeu_si128((__m128i *)out[2 * (G)], _mm256_castsi256_si128(C));              \
        if (2 * (G) + 1 < n)                                                               \
            _mm_storeu_si128((__m128i *)out[2 * (G) + 1], _mm256_extracti128_si256(C, 1)); \
    } while (0)
    LOAD(c0, 0);
    ROUND1(c0);
    if (regs > 1) {
        LOAD(c1, 1);
        ROUND1(c1);
    }
    if (regs > 2) {
        LOAD(c2, 2);
        ROUND1(c2);
    }
    if (regs > 3) {
        LOAD(c3, 3);
        ROUND1(c3);
    }
#pragma GCC unroll 8
    for (int r = 2; r < 10; r++) {
        const __m256i k = _mm256_loadu_si256((const __m256i *)s->round_key_lanes[r]);
        ROUND(c0);
        if (regs > 1)
            ROUND(c1);
        if (regs > 2)
            ROUND(c2);
        if (regs > 3)
            ROUND(c3);
    }
    STORE(c0, 0);
    if (regs > 1)
        STORE(c1, 1);
    if (regs > 2)
        STORE(c2, 2);
    if (regs > 3)
        STORE(c3, 3);
#undef LOAD
#undef ROUND1
#undef ROUND
#undef STORE
}

/* The first uniforms of the four blocks whose words 0 and 1 are each 64-bit lane of w01
 * (low half, high half), into u[0 .. 3] (u[0 .. 2] unless all4): rng_uniform_words' numbers
 * without a 64-bit conversion, which AVX2 lacks. The 27-bit halves m0 = w0 >> 5 and
 * m1 = (w1 >> 5) | 1 convert exactly as 32-bit integers, and m0 * 2^-27 + m1 * 2^-54 is
 * the odd integer m0 * 2^27 + m1 times 2^-54 with the one rounding of the sum, the
 * rounding that its conversion to a double makes (scaled by a power of two, which is
 * exact here), so the bits are the same; the bound below 1 is rng_uniform_odd's. */
__attribute__((target("avx2"), always_inline)) static inline void
first_uniforms_avx2(__m256i w01, double *u, const int all4)
{
    const __m256i halves = _mm256_permutevar8x32_epi32(
        _mm256_or_si256(_mm256_srli_epi32(w01, 5), _mm256_set1_epi64x(INT64_C(1) << 32)),
        _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7));
    const __m256d hi = _mm256_cvtepi32_pd(_mm256_castsi256_si128(halves));
    const __m256d lo = _mm256_cvtepi32_pd(_mm256_extracti128_si256(halves, 1));
    const __m256d v = _mm256_min_pd(_mm256_add_pd(_mm256_mul_pd(hi, _mm256_set1_pd(0x1p-27)),
                                                  _mm256_mul_pd(lo, _mm256_set1_pd(0x1p-54))),
                                    _mm256_set1_pd(0x1.fffffffffffffp-1));
    if (all4)
        _mm256_storeu_pd(u, v);
    else
        _mm256_maskstore_pd(u, _mm256_setr_epi64x(-1, -1, -1, 0), v);
}

/* Blocks 0 .. n - 1 of ids into out (n <= 4 quads), four blocks to a quad of 256-bit
 * registers (quads of them, a constant where inlined; only called when the processor has
 * AVX2). Register w of a quad holds counter word w of four blocks, one block to a 64-bit
 * lane, the word in the lane's low half: pmuludq then makes each lane's whole 64-bit
 * product, lo where the next round wants it and hi a shift away, so that a round of four
 * blocks is two multiplies, two shifts and four xors, where one block to a 128-bit half
 * (blocks_avx2) takes five instructions for two. The lanes' upper halves are left holding
 * whatever the operations put there: the multiplies read only the lower ones. The first
 * two rounds are mostly the trial's (rng_trial): with counter word 0 at 0, round 0 gives
 * {id lo ^ hi ^ k0, lo, id hi ^ k1, 0} with (hi, lo) = M1 * trial, and round 1 adds lo to
 * its key. The last round makes each lane's word pairs {w0, w1} and {w2, w3} directly (the
 * product with its halves swapped, xored with the other word and key in the lower half),
 * and an interleave of the pairs gives whole blocks, lanes 0 and 2 in one register's two
 * halves and lanes 1 and 3 in another's. A quad short of four blocks reads and writes only
 * the ones it has (at least three: fewer go to blocks_avx2). */
__attribute__((target("avx2"), always_inline)) static inline void
quads_avx2(const struct rng_stream *s, const uint64_t *ids, uint32_t (*out)[4], double *u,
           const int quads, const int n)
{
    const __m256i m0 = _mm256_set1_epi64x(PHILOX_M0), m1 = _mm256_set1_epi64x(PHILOX_M1);
    const __m256i low = _mm256_set1_epi64x(INT64_C(0xffffffff));
    const __m256i a = _mm256_set1_epi32((int)s->first_lanes[0][0]);
    const __m256i f = _mm256_set1_epi32((int)s->first_lanes[1][0]);
    __m256i c0[4], c1[4], c2[4], c3[4];
#define KEY(W) _mm256_loadu_si256((const __m256i *)s->round_key_words[W])
#pragma GCC unroll 4
    for (int q = 0; q < quads; q++) {
        const __m256i v =
            4 * q + 4 <= n
                ? _mm256_loadu_si256((const __m256i *)(ids + 4 * q))
                : _mm256_maskload_epi64((const long long *)(ids + 4 * q),
                                        _mm256_setr_epi64x(-1, -1, -1, 0));
        const __m256i x0 = _mm256_xor_si256(v, a);
        const __m256i x2 = _mm256_xor_si256(_mm256_srli_epi64(v, 32), KEY(1));
        const __m256i p0 = _mm256_mul_epu32(x0, m0), p2 = _mm256_mul_epu32(x2, m1);
        c0[q] = _mm256_xor_si256(_mm256_srli_epi64(p2, 32), f);
        c1[q] = p2;
        c2[q] = _mm256_xor_si256(_mm256_srli_epi64(p0, 32), KEY(3));
        c3[q] = p0;
    }
#pragma GCC unroll 7
    for (int r = 2; r < 9; r++)
#pragma GCC unroll 4
        for (int q = 0; q < quads; q++) {
            const __m256i p0 = _mm256_mul_epu32(c0[q], m0), p2 = _mm256_mul_epu32(c2[q], m1);
            c0[q] = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p2, 32), c1[q]),
                                     KEY(2 * r));
            c1[q] = p2;
            c2[q] = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p0, 32), c3[q]),
                                     KEY(2 * r + 1));
            c3[q] = p0;
        }
#pragma GCC unroll 4
    for (int q = 0; q < quads; q++) {
        const __m256i p0 = _mm256_mul_epu32(c0[q], m0), p2 = _mm256_mul_epu32(c2[q], m1);
        const __m256i w01 =
            _mm256_xor_si256(_mm256_shuffle_epi32(p2, 0xB1),
                             _mm256_and_si256(_mm256_xor_si256(c1[q], KEY(18)), low));
        const __m256i w23 =
            _mm256_xor_si256(_mm256_shuffle_epi32(p0, 0xB1),
                             _mm256_and_si256(_mm256_xor_si256(c3[q], KEY(19)), low));
        const __m256i even = _mm256_unpacklo_epi64(w01, w23), odd = _mm256_unpackhi_epi64(w01, w23);
        _mm_storeu_si128((__m128i *)out[4 * q], _mm256_castsi256_si128(even));
        _mm_storeu_si128((__m128i *)out[4 * q + 1], _mm256_castsi256_si128(odd));
        _mm_storeu_si128((__m128i *)out[4 * q + 2], _mm256_extracti128_si256(even, 1));
        if (4 * q + 3 < n)
            _mm_storeu_si128((__m128i *)out[4 * q + 3], _mm256_extracti128_si256(odd, 1));
        if (u != NULL)
            first_uniforms_avx2(w01, u + 4 * q, 4 * q + 3 < n);
    }
#undef KEY
}

/* All n blocks: whole groups of eight in two quads, then the rest in a quad (three or
 * four of them) and the one or two left in a register of blocks_avx2. With u (not NULL),
 * each block's first uniform too (rng_first_blocks_u): the quads make theirs from their
 * registers, the one or two blocks of blocks_avx2 from their words. */
__attribute__((target("avx2"), always_inline)) static inline void
all_blocks_avx2_as(const struct rng_stream *s, const uint64_t *ids, int n, uint32_t (*out)[4],
                   double *u)
{
    int j = 0;
    for (; j + 8 <= n; j += 8)
        quads_avx2(s, ids + j, out + j, u != NULL ? u + j : NULL, 2, 8);
    double *uj = u != NULL ? u + j : NULL;
    switch (n - j) {
    case 0: return;
    case 1: blocks_avx2(s, ids + j, out + j, 1, 1); break;
    case 2: blocks_avx2(s, ids + j, out + j, 1, 2); break;
    case 3: quads_avx2(s, ids + j, out + j, uj, 1, 3); return;
    case 4: quads_avx2(s, ids + j, out + j, uj, 1, 4); return;
    case 5:
        quads_avx2(s, ids + j, out + j, uj, 1, 4);
        blocks_avx2(s, ids + j + 4, out + j + 4, 1, 1);
        j += 4;
        break;
    case 6:
        quads_avx2(s, ids + j, out + j, uj, 1, 4);
        blocks_avx2(s, ids + j + 4, out + j + 4, 1, 2);
        j += 4;
        break;
    default: quads_avx2(s, ids + j, out + j, uj, 2, 7); return;
    }
    if (u != NULL)
        for (; j < n; j++)
            u[j] = rng_uniform_words(out[j][0], out[j][1]);
}

__attribute__((target("avx2"))) static void
all_blocks_avx2(const struct rng_stream *s, const uint64_t *ids, int n, uint32_t (*out)[4])
{
    all_blocks_avx2_as(s, ids, n, out, NULL);
}

__attribute__((target("avx2"))) static void
all_blocks_u_avx2(const struct rng_stream *s, const uint64_t *ids, int n, uint32_t (*out)[4],
                  double *u)
{
    all_blocks_avx2_as(s, ids, n, out, u);
}
#endif

void rng_first_blocks_path(const struct rng_stream *s, const uint64_t *ids, int n,
                           uint32_t (*out)[4], enum rng_path path)
{
    if (path == RNG_PATH_AUTO || (int)path > s->path)
        path = (enum rng_path)s->path;
#if RNG_X86
    if (path == RNG_PATH_AVX2) {
        all_blocks_avx2(s, ids, n, out);
        return;
    }
    if (path == RNG_PATH_SSE2) {
        in_groups(s, ids, n, out, 4, four_blocks_sse2);
        return;
    }
#endif
    first_blocks_scalar(s, ids, n, out);
}

/* The AVX2 path straight away, with no frame of its own: rng_first_blocks_path's other
 * paths, inlined there, make it push registers and reserve the padding arrays' stack on
 * every call, about 20 instructions of a trial's one call. */
void rng_first_blocks(const struct rng_stream *s, const uint64_t *ids, int n, uint32_t (*out)[4])
{
#if RNG_X86
    if (s->path == RNG_PATH_AVX2) {
        all_blocks_avx2(s, ids, n, out);
        return;
    }
#endif
    rng_first_blocks_path(s, ids, n, out, RNG_PATH_AUTO);
}

void rng_first_blocks_u(const struct rng_stream *s, const uint64_t *ids, int n,
                        uint32_t (*out)[4], double *u)
{
#if RNG_X86
    if (s->path == RNG_PATH_AVX2) {
        all_blocks_u_avx2(s, ids, n, out, u);
        return;
    }
#endif
    rng_first_blocks_path(s, ids, n, out, RNG_PATH_AUTO);
    for (int j = 0; j < n; j++)
        u[j] = rng_uniform_words(out[j][0], out[j][1]);
}
