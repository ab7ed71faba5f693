/* sim/hist_wire.h: a histogram (sim/hist.h) in the byte format of partial results
 * (sim/wire.h), so that shards and MPI ranks can send what they counted and the receiver
 * merges it exactly (hist_merge).
 *
 * What travels is the histogram's whole state: the exact counts, extremes, targets and
 * their counts, the exact sum (its limbs carried, so each is below 2^32), and the regular
 * bins' pages that were touched, each as its index and its HIST_PAGE counters. Reading
 * checks everything a corrupted or foreign buffer could get wrong (a target count out of
 * range, a page index out of range or given twice, a limb too large, counts that do not
 * add up to n), so a histogram read back is one hist_add could have made.
 */
#ifndef DRSIM_HIST_WIRE_H
#define DRSIM_HIST_WIRE_H

#include "sim/hist.h"
#include "sim/wire.h"

/* Append h to w (sticky w->nomem on allocation failure). */
void hist_put(struct wire_out *w, const struct hist *h);

/* Read a histogram written by hist_put into h (which the call initializes: pair with
 * hist_fini whatever it returns). Returns 0; -1 when the bytes are not a histogram
 * (r->bad is set); -2 out of memory. */
int hist_get(struct wire_in *r, struct hist *h);

/* An exact sum (struct hist_xsum) alone, as a histogram carries its own: carried limbs.
 * hist_get_xsum returns 0, or -1 when the bytes are not one (r->bad set). */
void hist_put_xsum(struct wire_out *w, const struct hist_xsum *x);
int hist_get_xsum(struct wire_in *r, struct hist_xsum *x);

#endif
