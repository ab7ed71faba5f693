/* models/load.h: reading a plan file (YAML) into a validated struct plan.
 *
 * The loader is strict. Syntax errors come from libyaml's problem mark; every semantic
 * error (unknown or duplicate key, missing unit, impossible parameter, unknown store,
 * role or step, a cycle in a runbook, ...) is reported at the node's start mark, with
 * a "did you mean" for unknown keys. As many errors as possible are reported in one
 * go (models/diag.h). Aliases are resolved with a bound on total expanded nodes, so
 * an alias bomb is an error rather than a hang.
 *
 * A loaded plan also lists every value the file gave it, with its key path, position
 * and the file's comment for it (plan->inputs, struct plan_input in models/plan.h), for
 * the workbook's Assumptions sheet.
 *
 * This is the only file that includes <yaml.h>.
 */
#ifndef DRSIM_LOAD_H
#define DRSIM_LOAD_H

#include <stddef.h>

#include "models/diag.h"
#include "models/plan.h"

enum load_status {
    LOAD_OK = 0,       /* *out holds a new plan; free it with plan_free */
    LOAD_INVALID,      /* bad input: diagnostics are in the diag_list (exit 2) */
    LOAD_IO,           /* the file could not be read: message in the diag_list (exit 3) */
    LOAD_NOMEM         /* out of memory (exit 3) */
};

/* Load plan text of len bytes; `name` is used in messages and stored as plan->path.
 * diags must have been initialised by the caller with the same name and text. */
enum load_status load_plan_text(const char *name, const char *text, size_t len,
                                struct diag_list *diags, struct plan **out);

/* Read a file and load it. The file's bytes are kept by the caller through *text_out
 * (malloc'd, NUL-terminated, free with free()) because the diagnostics quote them;
 * diags is initialised by this function. */
enum load_status load_plan_file(const char *path, struct diag_list *diags, char **text_out,
                                struct plan **out);

/* The built-in CommCare plan (scenarios/commcare.yaml compiled in). */
enum load_status load_plan_builtin(struct diag_list *diags, struct plan **out);

/* The built-in plan's text, NUL-terminated, and its length. */
const char *load_builtin_text(size_t *len);

const char *load_strerror(enum load_status s);

#endif
