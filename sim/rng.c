/* sim/rng.c: Philox4x32-10 streams (see sim/rng.h for the keying). */
#include "sim/rng.h"

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

static double uniform_thunk(struct dist_rng *r)
{
    return rng_uniform((struct rng_stream *)r);
}

void rng_init(struct rng_stream *s, uint64_t seed)
{
    s->base.select = select_thunk;
    s->base.uniform = uniform_thunk;
    s->key[0] = (uint32_t)(seed & 0xffffffffu);
    s->key[1] = (uint32_t)(seed >> 32);
    key_schedule(s->key, s->round_key);
    s->trial = 0;
    rng_select(s, 0);
}

void rng_trial(struct rng_stream *s, uint32_t trial)
{
    s->trial = trial;
    rng_select(s, 0);
}

/* Block `block` of the stream (key = seed, counter = {block, id lo, trial, id hi}),
 * written straight into buf with the stored key schedule. */
void rng_refill(struct rng_stream *s)
{
    uint32_t ctr[4] = {s->block++, (uint32_t)(s->id & 0xffffffffu), s->trial,
                       (uint32_t)(s->id >> 32)};
    philox_block(ctr, s->round_key, s->buf);
    s->left = 4;
}
