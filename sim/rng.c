/* sim/rng.c: Philox4x32 streams through Random123's GSL adapter. */
#include "sim/rng.h"

#include <assert.h>
#include <string.h>

#include <Random123/philox.h>
#include <Random123/conventional/gsl_cbrng.h>

/* Defines gsl_rng_drsim_philox (the adapter's naming, not ours) and the state struct
 * drsim_philox_state {ctr, r, key, elem}. */
GSL_CBRNG(drsim_philox, philox4x32);

gsl_rng *rng_new(void)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_drsim_philox);
    if (r == NULL)
        return NULL;
    gsl_rng_set(r, 0);
    rng_reset(r, 0, 0, 0);
    return r;
}

void rng_free(gsl_rng *r)
{
    if (r != NULL)
        gsl_rng_free(r);
}

/* The adapter increments ctr.v[0] before each block, so the first block of a stream is
 * counter {1, 0, trial, stream}; elem = 0 forces a new block on the next draw. */
void rng_reset(gsl_rng *r, uint64_t seed, uint32_t trial, uint32_t stream)
{
    assert(r->type == gsl_rng_drsim_philox);
    drsim_philox_state *st = (drsim_philox_state *)r->state;
    st->key.v[0] = (uint32_t)(seed & 0xffffffffu);
    st->key.v[1] = (uint32_t)(seed >> 32);
    st->ctr.v[0] = 0;
    st->ctr.v[1] = 0;
    st->ctr.v[2] = trial;
    st->ctr.v[3] = stream;
    st->elem = 0;
}
