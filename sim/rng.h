/* sim/rng.h: counter-based random number streams keyed by (seed, trial, stream).
 *
 * Every random number of a trial comes from a stream identified by the run's 64-bit
 * seed, the trial index and a stream id, never from a global generator or from the
 * order in which trials run. The generator is Random123's Philox4x32-10 behind GSL's
 * gsl_rng interface (through Random123's GSL adapter), so every gsl_ran_* sampler and
 * dist_sample work unchanged. Philox is counter based: the key is the seed (two 32-bit
 * words), the counter is {draw, 0, trial, stream}; pointing a generator at another
 * stream is writing those words, O(1) and without allocation, so a worker allocates
 * its generators once and re-keys them for every trial.
 *
 * Stream ids separate the sources of randomness so that changing one part of a plan in
 * a sweep leaves the others' draws unchanged (common random numbers): the outage, one
 * stream per store (backups), one per role (response times) and one for all step
 * durations, each also distinct per scenario. rng_stream_id packs them into the 32-bit
 * counter word.
 *
 * This is the only file that includes the Random123 headers.
 */
#ifndef DRSIM_RNG_H
#define DRSIM_RNG_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

enum rng_kind {
    RNG_OUTAGE = 0,     /* outage start and duration; index 0 */
    RNG_BACKUP = 1,     /* one stream per store: index = store */
    RNG_STAFFING = 2,   /* one stream per role: index = role */
    RNG_DURATIONS = 3   /* step durations, drawn in step order: index 0 */
};

/* The stream id of (scenario, kind, index): scenario in bits 16..31 (< 65536), kind in
 * bits 12..15, index in bits 0..11 (< 4096). */
static inline uint32_t rng_stream_id(int scenario, enum rng_kind kind, int index)
{
    return ((uint32_t)scenario << 16) | ((uint32_t)kind << 12) | (uint32_t)index;
}

/* A new Philox4x32 generator (a gsl_rng), positioned at stream (0, 0, 0). NULL when out of
 * memory. Free with rng_free. */
gsl_rng *rng_new(void);

/* Release a generator from rng_new; NULL is a no-op. */
void rng_free(gsl_rng *r);

/* Point r at the start of stream (seed, trial, stream): the next draws are the stream's
 * first. O(1), allocates nothing. r must come from rng_new. */
void rng_reset(gsl_rng *r, uint64_t seed, uint32_t trial, uint32_t stream);

#endif
