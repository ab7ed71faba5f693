/* models/vary.h: "what if this value were different?": naming a value of a plan by its
 * key path, the values to try instead, and the plan text with them spliced in.
 *
 * `drsim sweep --vary PATH=VALUES` changes a plan at the level of its text, not of the
 * loaded struct: every point of a sweep is the plan file with one value (or two, for a
 * grid) replaced, loaded again by the ordinary loader. So a swept value is validated
 * exactly like one written by hand, with units, ranges and cross checks, and the
 * plan the engine runs is exactly the plan a user would get by editing the file.
 *
 * PATH is a dotted key path as in plan->inputs (models/plan.h), e.g.
 * `stores.pgmain1.backups.daily-copy.schedule` or `staffing.roles.devops.count`; a
 * segment `*` matches any key, so `stores.*.backups.daily-copy.schedule` names the
 * daily-copy schedule of every store that has one, and all of them take each value
 * together. A distribution written as a mapping is varied one parameter at a time
 * (`...restore.throughput.median`); one written as a single quantity (`overhead: 20m`)
 * is varied whole. Only values the plan writes can be varied: a key left to its
 * default is not in the text (the error says to write it out first).
 *
 * VALUES is a list of items separated by ',' (or by '|' when the text contains a '|',
 * so that an item may hold commas: `daily 13:00 Mon,Wed|daily 13:00 Mon-Fri`). An item
 * is a value as it would be written in the plan, or contains one range word
 * `FROM..TO/STEP` that expands to FROM, FROM+STEP, ... up to TO (included when it falls
 * on the grid): `1h..24h/1h`, `every 1h..24h/1h` (a schedule's interval),
 * `500MB/s..2GB/s/250MB/s`, `1..5` (whole numbers step 1 by default). Range endpoints
 * and steps are quantities of the value's kind, with units; generated values are
 * written in the unit of FROM (or STEP) when they are whole multiples of it.
 *
 * A value reached through a YAML alias (an anchor shared by several stores, as in
 * commcare.yaml's x-anchors) is written once, so changing it changes every path that
 * uses it. vary_axis_parse accepts that and lists the other paths in `shared`, so the
 * report can say so.
 *
 * Errors in the argument are reported with the byte offset in it of the offending
 * character, for a caret under the command line; nothing here prints.
 */
#ifndef DRSIM_VARY_H
#define DRSIM_VARY_H

#include <stddef.h>

#include "models/plan.h"

#define VARY_MAX_VALUES 1000   /* values of one --vary */
#define VARY_MAX_MSG 512       /* bytes of an error message */

enum vary_status {
    VARY_OK = 0,        /* done */
    VARY_BAD,           /* bad PATH or VALUES: the vary_error says what and where */
    VARY_NOMEM          /* out of memory */
};

/* A problem with a --vary argument. */
struct vary_error {
    char msg[VARY_MAX_MSG]; /* no trailing newline */
    size_t at;          /* byte offset in the argument of the character to point at */
};

/* Where a value is written in the plan text. */
struct vary_site {
    size_t off;         /* byte offset of the value's first character (its quote, if quoted) */
    size_t len;         /* bytes of the value as written, quotes included */
    int line, col;      /* 1-based position (plan_input's) */
};

/* One --vary: the values it names and the values to try. */
struct vary_axis {
    char *arg;          /* PATH=VALUES as given (owned copy) */
    size_t path_len;    /* PATH is arg[0, path_len); VALUES start at arg[path_len + 1] */
    const char *unit;   /* static: the kind of value, as plan_input.unit ("duration", ...) */
    char **paths;       /* [n_paths] the plan paths PATH matched, in plan order */
    int n_paths;
    struct vary_site *sites; /* [n_sites] the distinct places those values are written */
    int n_sites;
    char **shared;      /* [n_shared] other paths that use a value written at a site (aliases) */
    int n_shared;
    char *plan_value;   /* the value as the plan writes it (at the first site) */
    char **values;      /* [n_values] value text of each point, as spliced into the plan */
    size_t *value_at;   /* [n_values] offset in arg of the item that produced each value */
    int *value_literal; /* [n_values] 1 when the value is the item's text verbatim (a list item) */
    double *x;          /* [n_values] each value as a number in base units (a schedule: its mean
                           interval, seconds); NAN when the kind has none */
    double plan_x;      /* plan_value as a number, NAN when none */
    int n_values;
    int plan_index;     /* the value equal to the plan's (same text, or same quantity), or -1 */
};

/* Parse one --vary argument against a loaded plan p and the text it was loaded from:
 * resolve PATH among p->inputs, locate the values in text, and expand VALUES. On
 * VARY_OK *ax is filled (free with vary_axis_fini); on VARY_BAD *e says what is wrong
 * and where in arg, and *ax holds nothing. p and text are borrowed. */
enum vary_status vary_axis_parse(struct vary_axis *ax, const struct plan *p, const char *text,
                                 size_t len, const char *arg, struct vary_error *e);

/* Release what an axis owns; the struct itself is the caller's. Safe on a zeroed axis. */
void vary_axis_fini(struct vary_axis *ax);

/* Whether two axes write to the same place (then they cannot both vary it). On 1, *e
 * points into b's argument at its PATH. */
int vary_axes_overlap(const struct vary_axis *a, const struct vary_axis *b,
                      struct vary_error *e);

/* Where a spliced value landed in the new text, for mapping a loader diagnostic back to
 * the --vary item that produced it. */
struct vary_span {
    size_t off;         /* byte offset of the spliced value (its opening quote) in the new text */
    size_t len;         /* bytes, quotes included */
    int axis;           /* index of the axis */
};

/* The plan text with value idx[a] of each of the n_axes axes spliced in at every site
 * (idx[a] = -1 keeps the plan's value). Values are written double-quoted, so any text
 * is safe in block and flow context alike. Returns a malloc'd NUL-terminated text and
 * its length in *out_len, or NULL when out of memory. When spans is non-NULL it
 * receives up to max_spans entries (*n_spans set to how many sites were spliced). */
char *vary_apply(const char *text, size_t len, const struct vary_axis *axes, int n_axes,
                 const int *idx, size_t *out_len, struct vary_span *spans, int max_spans,
                 int *n_spans);

/* Byte offset in text of 1-based (line, col), columns counted in characters as libyaml
 * counts them; clamped to the end of the line (or of the text). */
size_t vary_offset_of(const char *text, size_t len, int line, int col);

const char *vary_strerror(enum vary_status s);

#endif
