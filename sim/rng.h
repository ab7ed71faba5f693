/* sim/rng.h: counter-based random number streams keyed by (seed, trial, identity).
 *
 * Every random number of a trial comes from a stream named by the run's 64-bit seed,
 * the trial index and the 64-bit identity of the random input it feeds (one step's
 * duration, one person's response, one backup point's completion and failure, the
 * outage start...), never from a global generator, from the order in which trials run,
 * or from how many numbers another input took. The generator is Random123's
 * Philox4x32-10, a keyed bijection on 128-bit counters: block b of a stream is
 * Philox(key = seed, counter = {b, id low word, trial, id high word}). Distinct
 * (trial, identity, block) triples give distinct counters, hence distinct blocks; a
 * stream has 2^32 blocks of four 32-bit words. Starting a stream is writing those words:
 * O(1), no state carried over, no allocation, and no block is computed until a number
 * is asked for, so a fixed distribution costs nothing.
 *
 * A uniform takes two words (53 random bits) and lies in the open interval (0, 1), so
 * inverse-CDF samplers never see 0 or 1. Identities are built by sim/trial.c from names
 * with dist_rng_id / dist_rng_id_name (models/dist.h); the models see a stream only as a
 * struct dist_rng (select a stream, draw a uniform), so this is the only file pair that
 * knows the generator. sim/rng.c computes Philox itself (the key schedule made once per
 * seed, in rng_init); tests/test_rng.c holds it to Random123's published known answers
 * and to Random123's own philox4x32, block for block.
 *
 * Speed: a trial draws a few dozen uniforms, so rng_select and rng_uniform are inline
 * and only the block computation (rng_refill) is a call; sim/trial.c draws through them
 * directly, and the models' struct dist_rng view (function pointers) serves models/
 * code such as the backup walk.
 */
#ifndef DRSIM_RNG_H
#define DRSIM_RNG_H

#include <stdint.h>
#include <string.h>

#include "models/dist.h"

/* One generator, positioned in one stream. Plain data: embed it, no allocation. Not
 * shared between threads. */
struct rng_stream {
    struct dist_rng base;   /* the models' view (select, uniform); must stay first */
    uint32_t key[2];        /* the run's seed, low word first */
    uint32_t round_key[20]; /* Philox's key schedule for that seed: round r uses words
                               2r, 2r+1 = key + r * (0x9E3779B9, 0xBB67AE85), made once */
    uint32_t round_key_lanes[10][8]; /* the same as round r's lanes {2r, 0, 2r+1, 0}, twice:
                                        the vector paths' xor (sim/rng.c) */
    uint32_t round_key_words[20][8]; /* each word of round_key in all eight lanes: the
                                        four-block vector path's xor (sim/rng.c); words 0
                                        and 2 unset (that path reads them from
                                        first_lanes) */
    uint32_t first_lanes[2][4]; /* the trial's share of rounds 0 and 1 of block 0, as
                                   lanes (rng_trial; the vector paths of sim/rng.c) */
    uint32_t trial;         /* trial index (counter word 2) */
    uint64_t id;            /* identity of the current stream (counter words 1 and 3) */
    uint32_t block;         /* index of the next block to compute (counter word 0) */
    uint32_t buf[4];        /* the current block's output words */
    unsigned left;          /* words of buf not yet used (they are used from buf[4 - left]);
                               unsigned, so that the index needs no sign extension */
    int path;               /* enum rng_path of rng_first_blocks on this processor */
    /* first_two of two streams in one call: u[0] is stream id0's, u[1] stream id1's, the
     * stream left where first_two(id1) leaves it (with AVX2 both blocks in one register:
     * the backup walks of two stores judge their first points from one call). */
    void (*first_two_pair)(struct dist_rng *r, uint64_t id0, uint64_t id1, struct dist_u2 u[2]);
};

/* Set s up for the run's seed, positioned at trial 0, stream 0. */
void rng_init(struct rng_stream *s, uint64_t seed);

/* Move to trial `trial`; the next rng_select picks the stream within it. Also makes the
 * trial's share of the first two Philox rounds of every stream's block 0 (first_lanes),
 * which the vector paths start from. */
void rng_trial(struct rng_stream *s, uint32_t trial);

/* Compute the stream's next block into buf (four fresh words). The out-of-line half of
 * rng_uniform; callers use rng_uniform. */
void rng_refill(struct rng_stream *s);

/* Start the stream of identity `id` in the current trial: the next draws are its first.
 * O(1); computes nothing until a draw is made. Inline: the engine selects a stream for
 * every random input of every trial. */
static inline void rng_select(struct rng_stream *s, uint64_t id)
{
    s->id = id;
    s->block = 0;
    s->left = 0;
}

/* rng_uniform_words' uniform of its odd integer 2m + 1 (below 2^54): the vector path
 * of sim/rng.c makes the integers of two uniforms at once. */
static inline double rng_uniform_odd(int64_t odd)
{
    double u = (double)odd * 0x1p-54;
    /* No double lies between the bound and 1, so this is u < 1 ? u : bound, written so
     * that it compiles to one minsd. */
    const double below_one = 0x1.fffffffffffffp-1;
    return u < below_one ? u : below_one;
}

/* The uniform of two block words w0, w1, in (0, 1), with 53 random bits: 27 + 26 bits
 * making a 53-bit integer m, and (m + 1/2) / 2^53. For every m but the largest that lies
 * strictly between 0 and 1; for m = 2^53 - 1 the sum 2^53 - 1/2 has no double and rounds
 * to 2^53, which would give exactly 1 (a normal quantile of +infinity, an endless step),
 * so that one m gives the largest double below 1 instead (once in 2^53 draws).
 *
 * It is computed as the integer 2m + 1 converted to a double and scaled by 2^-54, one
 * conversion instead of two and no additions, with the same result for every m: below
 * 2^52, m + 1/2 and 2m + 1 are exact; above, m + 1/2 is halfway between m and m + 1 and
 * rounds to the even one, and 2m + 1 is halfway between 2m and 2m + 2 and rounds to the
 * one whose half is even, the same number (tests/test_rng.c compares the two). The words'
 * bits land directly in place: (w1 >> 5) | 1 is 2b + 1 whatever bit 5 of w1 is. */
static inline double rng_uniform_words(uint32_t w0, uint32_t w1)
{
    return rng_uniform_odd((int64_t)((uint64_t)(w0 >> 5) << 27 | (w1 >> 5) | 1));
}

/* The next uniform of the current stream, in (0, 1) (rng_uniform_words). Inline so the
 * engine's samplers pay no call for it (only rng_refill, once per block, is out of
 * line). */
static inline double rng_uniform(struct rng_stream *s)
{
    if (s->left < 2)
        rng_refill(s);
    double u = rng_uniform_words(s->buf[4 - s->left], s->buf[5 - s->left]);
    s->left -= 2;
    return u;
}

/* One Philox4x32-10 block: out = Philox(ctr, key). Exposed for the known-answer test. */
void rng_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]);

/* ---- first blocks in bulk ------------------------------------------------------------ */

/* Most of a trial's streams give one or two uniforms, i.e. only their block 0, and which
 * streams a trial will draw from is mostly known when it starts (its steps' work times,
 * the outage, its people's responses). rng_first_blocks computes block 0 of many
 * streams of the current trial at once, lanes side by side in vector registers (8 at a
 * time with AVX2, 4 with SSE2, chosen when the program runs; plain C elsewhere), which
 * costs a fraction of computing them one by one; rng_select_first then starts a stream
 * with its block 0 in hand. The numbers are the very same: block 0 is Philox of the same
 * counter and key whichever way it is computed (tests/test_rng.c holds every path to
 * rng_philox4x32_10). */

/* Which code computes the blocks: RNG_PATH_AUTO (the fastest this processor has), or one
 * path forced (tests); a path the processor or the build lacks falls back to the next
 * slower one. */
enum rng_path { RNG_PATH_AUTO = 0, RNG_PATH_SCALAR, RNG_PATH_SSE2, RNG_PATH_AVX2 };

/* Block 0 of the stream of identity ids[j] in the current trial (rng_trial), into
 * out[j], for j < n. */
void rng_first_blocks(const struct rng_stream *s, const uint64_t *ids, int n, uint32_t (*out)[4]);

/* rng_first_blocks, and each block's first uniform, rng_uniform_words(out[j][0],
 * out[j][1]), into u[j]: with AVX2, four at a time from the vector registers that made the
 * blocks, for a caller that reads most of the first uniforms (the same numbers). */
void rng_first_blocks_u(const struct rng_stream *s, const uint64_t *ids, int n,
                        uint32_t (*out)[4], double *u);

/* The same on a given path (tests). */
void rng_first_blocks_path(const struct rng_stream *s, const uint64_t *ids, int n,
                           uint32_t (*out)[4], enum rng_path path);

/* Start the stream of identity id with its block 0 (as rng_first_blocks gave it for the
 * current trial): the same as rng_select, with the first block already computed. */
static inline void rng_select_first(struct rng_stream *s, uint64_t id, const uint32_t blk[4])
{
    s->id = id;
    s->block = 1;
    memcpy(s->buf, blk, sizeof s->buf); /* one 16-byte copy, not four word copies */
    s->left = 4;
}

#endif
