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
 * The same module reads drill logs (docs/drills.md) into a struct drill_log with the
 * same diagnostics (load_drills.c), and replaces values of a plan file in place, keeping
 * the rest of its text (load_edit.c, for drsim calibrate). The loader's files are the only
 * ones that include <yaml.h>; they share their internals through models/load_int.h.
 */
#ifndef DRSIM_LOAD_H
#define DRSIM_LOAD_H

#include <stddef.h>

#include "models/diag.h"
#include "models/drill.h"
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

/* ---- drill logs (load_drills.c) ------------------------------------------------------ */

/* Load a drill log of len bytes (docs/drills.md); `name` is used in messages and stored
 * as log->path. When plan is not NULL, the scenario, step and store names the log uses
 * are checked against it (with suggestions), and so is its drills.plan name; plan is
 * borrowed and only read during the call. diags must have been initialised by the caller
 * with the same name and text. On LOAD_OK *out holds a new log: free it with
 * drill_log_free. */
enum load_status load_drills_text(const char *name, const char *text, size_t len,
                                  const struct plan *plan, struct diag_list *diags,
                                  struct drill_log **out);

/* Read a drill log file and load it, as load_plan_file does for plans: the bytes are
 * kept by the caller through *text_out (malloc'd, NUL-terminated, free with free());
 * diags is initialised by this function. */
enum load_status load_drills_file(const char *path, const struct plan *plan,
                                  struct diag_list *diags, char **text_out,
                                  struct drill_log **out);

/* ---- editing a plan's text in place (load_edit.c) ------------------------------------- */

/* One value to replace: the value of the key reached by `path` from the top of the
 * document (NULL-terminated keys, e.g. {"scenarios", "zone", "runbook", "scale-up",
 * "duration", NULL}) becomes `text`, written as YAML (a scalar or a flow collection). */
struct load_edit {
    const char *const *path;
    const char *text;
};

/* Replace the values of n_edits edits in YAML text of len bytes, leaving every other byte
 * as it was (comments, order, layout), into *out (malloc'd, NUL-terminated, *out_len
 * bytes). A value written as an alias has the alias replaced; a value carrying an anchor,
 * a block scalar ('|', '>'), a value holding an alias, a missing key and two edits of which
 * one holds the other are refused with a positioned diagnostic (LOAD_INVALID), as is text
 * that does not parse. diags must have been initialised by the caller with the text. The
 * result is not validated as a plan: load it to check it. */
enum load_status load_edit_text(const char *text, size_t len, const struct load_edit *edits,
                                int n_edits, struct diag_list *diags, char **out,
                                size_t *out_len);

#endif
