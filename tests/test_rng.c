/* tests/test_rng.c: counter-based streams keyed by (seed, trial, stream). */
#include <criterion/criterion.h>
#include <math.h>

#include "sim/rng.h"

static void draw(gsl_rng *r, uint64_t seed, uint32_t trial, uint32_t stream, unsigned long *out,
                 int n)
{
    rng_reset(r, seed, trial, stream);
    for (int i = 0; i < n; i++)
        out[i] = gsl_rng_get(r);
}

static int same(const unsigned long *a, const unsigned long *b, int n)
{
    for (int i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

Test(rng, a_stream_depends_only_on_its_key)
{
    gsl_rng *r = rng_new(), *r2 = rng_new();
    cr_assert_not_null(r);
    unsigned long a[16], b[16];
    draw(r, 42, 7, 3, a, 16);
    /* Another generator, after unrelated draws, gives the same stream. */
    draw(r2, 1, 2, 3, b, 5);
    draw(r2, 42, 7, 3, b, 16);
    cr_assert(same(a, b, 16));
    /* Resetting mid-stream starts over. */
    rng_reset(r, 42, 7, 3);
    for (int i = 0; i < 3; i++)
        (void)gsl_rng_get(r);
    draw(r, 42, 7, 3, b, 16);
    cr_assert(same(a, b, 16));
    rng_free(r);
    rng_free(r2);
}

Test(rng, seed_trial_and_stream_all_matter)
{
    gsl_rng *r = rng_new();
    unsigned long a[8], b[8];
    draw(r, 42, 7, 3, a, 8);
    draw(r, 43, 7, 3, b, 8);
    cr_assert(!same(a, b, 8));
    /* The high half of the 64-bit seed counts (GSL seeds alone are 32-bit). */
    draw(r, 42 + (UINT64_C(1) << 32), 7, 3, b, 8);
    cr_assert(!same(a, b, 8));
    draw(r, 42, 8, 3, b, 8);
    cr_assert(!same(a, b, 8));
    draw(r, 42, 7, 4, b, 8);
    cr_assert(!same(a, b, 8));
    /* Trial and stream are not interchangeable. */
    draw(r, 42, 3, 7, b, 8);
    cr_assert(!same(a, b, 8));
    rng_free(r);
}

Test(rng, stream_ids_pack_scenario_kind_index)
{
    cr_assert_eq(rng_stream_id(0, RNG_OUTAGE, 0), 0u);
    cr_assert_eq(rng_stream_id(1, RNG_BACKUP, 5), (1u << 16) | (1u << 12) | 5u);
    cr_assert_neq(rng_stream_id(0, RNG_STAFFING, 1), rng_stream_id(0, RNG_DURATIONS, 1));
}

Test(rng, uniforms_are_uniform)
{
    /* Mean and P(u < 0.1) of 200000 uniforms over many streams, within 4 standard errors. */
    gsl_rng *r = rng_new();
    const int n = 200000;
    double sum = 0.0;
    int low = 0;
    for (int i = 0; i < n; i++) {
        if (i % 10 == 0)
            rng_reset(r, 99, (uint32_t)(i / 10), 0);
        double u = gsl_rng_uniform(r);
        cr_assert(u >= 0.0 && u < 1.0);
        sum += u;
        low += u < 0.1;
    }
    cr_expect(fabs(sum / n - 0.5) < 4 * sqrt(1.0 / 12.0 / n));
    cr_expect(fabs((double)low / n - 0.1) < 4 * sqrt(0.09 / n));
    rng_free(r);
}

Test(rng, free_null_is_a_no_op)
{
    rng_free(NULL);
}
