/* models/vary_int.h: what models/vary.c (sweep axes) shares with models/vary_plan.c
 * (applying changes to a plan): where a value is written in the plan text. Not part of
 * the public interface. */
#ifndef DRSIM_VARY_INT_H
#define DRSIM_VARY_INT_H

#include <stddef.h>

#include "models/plan.h"
#include "models/vary.h"

/* The extent of input `in`'s value in text (a scalar on one line, quotes included, an
 * anchor or tag before it skipped). Returns NULL and fills *site on success, else why
 * the value cannot be replaced in place (a static sentence). */
const char *vary_locate(const char *text, size_t len, const struct plan_input *in,
                        struct vary_site *site);

#endif
