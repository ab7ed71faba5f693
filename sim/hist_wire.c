/* sim/hist_wire.c: histograms to and from bytes (sim/hist_wire.h).
 *
 * Layout, every item 8 bytes (sim/wire.h): n, n_zero, n_under, n_over, n_inf; min_s,
 * max_s, max_finite_s; n_targets, then per target its value, n_le, n_lt; the
 * HIST_SUM_LIMBS carried limbs of the sum; the number of touched pages, then each page's
 * index and its HIST_PAGE counters, in increasing index order.
 */
#include "sim/hist_wire.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LIMB_BITS 32

void hist_put_xsum(struct wire_out *w, const struct hist_xsum *x)
{
    /* Carry a copy of the limbs so each is below 2^32: the same total, one form. */
    uint64_t limb[HIST_SUM_LIMBS];
    memcpy(limb, x->limb, sizeof limb);
    for (int i = 0; i < HIST_SUM_LIMBS - 1; i++) {
        limb[i + 1] += limb[i] >> LIMB_BITS;
        limb[i] &= (UINT64_C(1) << LIMB_BITS) - 1;
    }
    for (int i = 0; i < HIST_SUM_LIMBS; i++)
        wire_put_u64(w, limb[i]);
}

int hist_get_xsum(struct wire_in *r, struct hist_xsum *x)
{
    hist_xsum_init(x);
    for (int i = 0; i < HIST_SUM_LIMBS; i++) {
        x->limb[i] = wire_get_u64(r);
        if (x->limb[i] >> LIMB_BITS)
            r->bad = 1;
    }
    return r->bad ? -1 : 0;
}

void hist_put(struct wire_out *w, const struct hist *h)
{
    wire_put_u64(w, h->n);
    wire_put_u64(w, h->n_zero);
    wire_put_u64(w, h->n_under);
    wire_put_u64(w, h->n_over);
    wire_put_u64(w, h->n_inf);
    wire_put_f64(w, h->min_s);
    wire_put_f64(w, h->max_s);
    wire_put_f64(w, h->max_finite_s);
    wire_put_u64(w, (uint64_t)h->n_targets);
    for (int i = 0; i < h->n_targets; i++) {
        wire_put_f64(w, h->target_s[i]);
        wire_put_u64(w, h->n_le[i]);
        wire_put_u64(w, h->n_lt[i]);
    }
    hist_put_xsum(w, &h->sum);
    uint64_t n_pages = 0;
    for (int p = 0; p < HIST_N_PAGES; p++)
        n_pages += h->page[p] != NULL;
    wire_put_u64(w, n_pages);
    for (int p = 0; p < HIST_N_PAGES; p++) {
        if (!h->page[p])
            continue;
        wire_put_u64(w, (uint64_t)p);
        for (int j = 0; j < HIST_PAGE; j++)
            wire_put_u64(w, h->page[p][j]);
    }
}

/* Is x a value hist_add can have met (>= 0, not NaN)? */
static int value_ok(double x)
{
    return !isnan(x) && x >= 0;
}

int hist_get(struct wire_in *r, struct hist *h)
{
    hist_init(h, NULL, 0);
    uint64_t n = wire_get_u64(r), n_zero = wire_get_u64(r), n_under = wire_get_u64(r),
             n_over = wire_get_u64(r), n_inf = wire_get_u64(r);
    double min_s = wire_get_f64(r), max_s = wire_get_f64(r), max_finite_s = wire_get_f64(r);
    uint64_t n_targets = wire_get_u64(r);
    if (r->bad || n_targets > HIST_MAX_TARGETS)
        goto bad;
    double t[HIST_MAX_TARGETS];
    uint64_t le[HIST_MAX_TARGETS], lt[HIST_MAX_TARGETS];
    for (uint64_t i = 0; i < n_targets; i++) {
        t[i] = wire_get_f64(r);
        le[i] = wire_get_u64(r);
        lt[i] = wire_get_u64(r);
        if (r->bad || isnan(t[i]) || lt[i] > le[i] || le[i] > n)
            goto bad;
    }
    hist_init(h, t, (int)n_targets);
    for (uint64_t i = 0; i < n_targets; i++) {
        h->n_le[i] = le[i];
        h->n_lt[i] = lt[i];
    }
    h->n = n;
    h->n_zero = n_zero;
    h->n_under = n_under;
    h->n_over = n_over;
    h->n_inf = n_inf;
    h->min_s = min_s;
    h->max_s = max_s;
    h->max_finite_s = max_finite_s;
    if (hist_get_xsum(r, &h->sum) != 0)
        goto bad;
    uint64_t n_pages = wire_get_u64(r);
    if (r->bad || n_pages > HIST_N_PAGES)
        goto bad;
    /* The counts must add up: every value is in exactly one bin. */
    uint64_t total = n_zero + n_under + n_over + n_inf;
    if (total < n_zero || total > n)
        goto bad;
    for (uint64_t k = 0; k < n_pages; k++) {
        uint64_t p = wire_get_u64(r);
        if (r->bad || p >= HIST_N_PAGES || h->page[p])
            goto bad;
        h->page[p] = malloc(HIST_PAGE * sizeof *h->page[p]);
        if (!h->page[p])
            return -2;
        for (int j = 0; j < HIST_PAGE; j++) {
            uint64_t c = wire_get_u64(r);
            h->page[p][j] = c;
            if (r->bad || c > n - total)
                goto bad;
            total += c;
        }
    }
    if (r->bad || total != n)
        goto bad;
    /* The extremes must fit the counts: empty, or a minimum no larger than the maximum. */
    if (n == 0 ? !(isinf(min_s) && min_s > 0 && isinf(max_s) && max_s < 0)
               : !(value_ok(min_s) && value_ok(max_s) && min_s <= max_s &&
                   (n_inf == 0) == !isinf(max_s)))
        goto bad;
    return 0;
bad:
    r->bad = 1;
    return -1;
}
