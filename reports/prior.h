/* reports/prior.h: reading an earlier output of drsim that an option names (`run --compare
 * PREV`: a previous summary.json; `run --sensitivity FILE`: a sensitivity.json), given as
 * the file or as the output directory holding it.
 *
 * One function finds the file, reads and parses it, and words every refusal the same way
 * for every such option: "OPT ARG: cannot read PATH: reason", "... is larger than any NAME
 * (N MiB): not WHAT", "... is not JSON, so not WHAT:" and the positioned diagnostic. What
 * the document must then contain is the caller's to check.
 */
#ifndef DRSIM_PRIOR_H
#define DRSIM_PRIOR_H

#include <stddef.h>

#include "models/jsonio.h"

enum prior_status {
    PRIOR_OK = 0,      /* *doc holds the parsed document */
    PRIOR_REFUSED,     /* missing, too large or not JSON: bad input (exit 2) */
    PRIOR_IO,          /* it exists but cannot be read (exit 3) */
    PRIOR_NOMEM        /* out of memory (exit 3) */
};

/* Read the earlier output that option `opt` names by `arg`: arg itself, or arg/file_name
 * when arg is a directory (*source gets that path, malloc'd, on every outcome but
 * PRIOR_NOMEM before it is made; the caller frees it). At most max_bytes are read. On
 * PRIOR_OK *doc holds the document (free with jsonio_free); otherwise *doc is NULL and err
 * holds the message, naming the file and `what` it should have been ("a drsim summary"). */
enum prior_status prior_load(const char *opt, const char *arg, const char *file_name,
                             const char *what, size_t max_bytes, char **source,
                             struct jsonio_doc **doc, char *err, size_t errlen);

/* The members of an objective in summary.json, by objective (0 RTO, 1 RPO). */
extern const char *const prior_objective_key[2];

/* vsnprintf into err (err NULL or n 0: nothing), for the readers' refusals. */
void prior_error(char *err, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
