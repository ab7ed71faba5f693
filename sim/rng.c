/* sim/rng.c: Philox4x32-10 streams (see sim/rng.h for the keying). */
#include "sim/rng.h"

#include <Random123/philox.h>

void rng_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4])
{
    philox4x32_ctr_t c = {{ctr[0], ctr[1], ctr[2], ctr[3]}};
    philox4x32_key_t k = {{key[0], key[1]}};
    philox4x32_ctr_t r = philox4x32_R(10, c, k);
    for (int i = 0; i < 4; i++)
        out[i] = r.v[i];
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
    s->trial = 0;
    rng_select(s, 0);
}

void rng_trial(struct rng_stream *s, uint32_t trial)
{
    s->trial = trial;
    rng_select(s, 0);
}

/* Block `block` of the stream (key = seed, counter = {block, id lo, trial, id hi}),
 * written straight into buf: no copies through a counter array. */
void rng_refill(struct rng_stream *s)
{
    philox4x32_ctr_t c = {{s->block++, (uint32_t)(s->id & 0xffffffffu), s->trial,
                           (uint32_t)(s->id >> 32)}};
    philox4x32_key_t k = {{s->key[0], s->key[1]}};
    philox4x32_ctr_t r = philox4x32_R(10, c, k);
    for (int i = 0; i < 4; i++)
        s->buf[i] = r.v[i];
    s->left = 4;
}
