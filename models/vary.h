/* models/vary.h: "what if this value were different?": the one way to vary a plan
 * (vary_plan: the loaded plan and a list of changes give a new validated plan; used by
 * sweeps, sensitivity and calibration, see below), and the `--vary PATH=VALUES` axes of
 * a sweep (naming values of a plan by key path, and the values to try instead).
 *
 * A plan is varied at the level of its text, not of the loaded struct, which is never
 * modified: every variation is the plan file with some values replaced, loaded again by
 * the ordinary loader. So a varied value is validated exactly like one written by hand,
 * with units, ranges and cross checks, and the plan the engine runs is exactly the plan
 * a user would get by editing the file. (vary.c: axes; vary_plan.c: vary_plan.)
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

#include "models/diag.h"
#include "models/plan.h"

#define VARY_MAX_VALUES 1000   /* values of one --vary */
#define VARY_MAX_MSG 512       /* bytes of an error message */

enum vary_status {
    VARY_OK = 0,        /* done */
    VARY_BAD,           /* bad PATH or VALUES, or a change that does not fit the plan: the
                           vary_error says what and where */
    VARY_INVALID,       /* vary_plan: the loader refused the varied text (its diagnostics) */
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

/* ---- one way to vary a plan ------------------------------------------------------------
 *
 * Every analysis that needs "the plan, but with this changed" (a sweep point, a
 * sensitivity run, a calibrated copy) asks vary_plan for it. The loaded plan is never
 * touched: vary_plan writes the changes into the text the plan was loaded from and
 * loads that text again with the ordinary loader, so the new plan is validated exactly
 * like one edited by hand, and the caller also gets the text (a calibrated copy is
 * written from it). Changes are found through plan->inputs, so a value written once and
 * shared through a YAML alias changes everywhere it is used (a sweep's `shared` list,
 * a sensitivity factor), except with VARY_REPLACE, which replaces one key's value only.
 *
 * Common random numbers: a change never adds or removes a draw, and text that says the
 * same quantity loads to the same double, so a plan varied to its own values replays
 * the plan's trials exactly. */

enum vary_how {
    VARY_SET = 0,   /* the scalar value written for `path` (wherever it is written) becomes
                       `text`, written as a double-quoted YAML scalar */
    VARY_SCALE,     /* the distribution or probability at `path` is multiplied by k: every
                       parameter with a unit times k, a lognormal's mu plus ln k, shapes and
                       sigma kept, a probability min(1, k p); so every quantile moves by k */
    VARY_REPLACE    /* the value of the key at `path` (a scalar or a mapping, block or flow)
                       becomes the YAML `text` (e.g. a flow mapping), for that key alone: an
                       alias there is replaced, an anchored value is refused */
};

/* One change to a plan. */
struct vary_change {
    enum vary_how how;
    const char *path;       /* a key path as in plan->inputs */
    const char *const *keys;/* VARY_REPLACE: the same path as keys, NULL-terminated, for names
                               that hold a dot; NULL: `path` split at its dots */
    const char *text;       /* VARY_SET and VARY_REPLACE: the new value */
    double k;               /* VARY_SCALE: the factor, > 0 and finite */
    int tag;                /* the caller's (a sweep: the axis), copied into the spans */
};

#define VARY_MAX_SPANS 64   /* spans kept by vary_plan */

/* Where a changed value landed in the new text, for mapping a loader diagnostic back to
 * the change that produced it (VARY_SET and VARY_SCALE only). */
struct vary_span {
    size_t off;         /* byte offset of the new value (its opening quote) in the new text */
    size_t len;         /* bytes, quotes included */
    int tag;            /* the change's tag */
};

/* What vary_plan made. */
struct vary_result {
    struct plan *plan;      /* VARY_OK: the new, validated plan (owned; plan_free) */
    char *text;             /* VARY_OK and VARY_INVALID: the new plan's text, NUL-terminated */
    size_t len;             /* bytes of text */
    int has_diags;          /* diags is initialised (VARY_OK: warnings; VARY_INVALID: why) */
    struct diag_list diags; /* the loader's diagnostics, quoting text */
    struct vary_span spans[VARY_MAX_SPANS];
    int n_spans;
    struct vary_error err;  /* VARY_BAD: why a change cannot be made (err.at: its index); for a
                               VARY_REPLACE the editor's diagnostics (has_diags) say where */
};

/* Apply n changes to plan p, loaded from text[len] (named `name`, which messages and the
 * new plan's path take), and load the result. Returns VARY_OK (out->plan is new),
 * VARY_BAD (a change does not fit the plan: a path it does not write, a value written
 * over several lines, a factor that cannot be scaled, out->err; a VARY_REPLACE of an
 * anchored value, out->diags on out->text), VARY_INVALID (the
 * loader refused the new text; out->diags), or VARY_NOMEM. p and text are borrowed and
 * not modified. Release *out with vary_result_fini whatever the status. */
enum vary_status vary_plan(const struct plan *p, const char *name, const char *text, size_t len,
                           const struct vary_change *changes, int n, struct vary_result *out);

/* Release what a result holds (the plan too, unless the caller took it and set
 * out->plan to NULL); safe on a zeroed result. */
void vary_result_fini(struct vary_result *r);

/* Byte offset in text of 1-based (line, col), columns counted in characters as libyaml
 * counts them; clamped to the end of the line (or of the text). */
size_t vary_offset_of(const char *text, size_t len, int line, int col);

const char *vary_strerror(enum vary_status s);

#endif
