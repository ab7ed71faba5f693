/* models/diag.h: diagnostics about bad input, collected and then printed together.
 *
 * Loading a plan reports as many problems as it can in one go (up to a limit), each
 * with its position and the offending line, jq-style:
 *
 *   scenarios/acme.yaml:14:12: error: 'median' must be a duration such as 20m (got "twenty")
 *       median: twenty
 *               ^
 *
 * A diag_list is caller-allocated (diag_init/diag_fini). It borrows the source text
 * given to diag_init to quote lines; that text must outlive the list's printing.
 * Messages carry no trailing newline. Lines and columns are 1-based; a column of 0
 * means "the whole line" and prints no caret; a line of 0 means no position at all.
 */
#ifndef DRSIM_DIAG_H
#define DRSIM_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#define DIAG_MAX 50    /* errors kept; more are counted and summarised */

enum diag_severity { DIAG_ERROR = 0, DIAG_WARNING, DIAG_NOTE };

struct diag {
    enum diag_severity severity;
    int line;              /* 1-based, 0 = no position */
    int col;               /* 1-based, 0 = no caret */
    char *msg;             /* owned, no trailing newline */
};

struct diag_list {
    const char *file;      /* borrowed: name used in messages */
    const char *text;      /* borrowed: source text for quoting lines, may be NULL */
    size_t text_len;
    struct diag items[DIAG_MAX];
    int n;                 /* items kept */
    int n_errors;          /* all errors reported, kept or not */
    int n_dropped;         /* reported but not kept (past DIAG_MAX) */
};

void diag_init(struct diag_list *d, const char *file, const char *text, size_t text_len);
void diag_fini(struct diag_list *d);

/* Add a diagnostic; printf-style message. Out of memory is ignored (counted only). */
void diag_add(struct diag_list *d, enum diag_severity sev, int line, int col,
              const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void diag_vadd(struct diag_list *d, enum diag_severity sev, int line, int col,
               const char *fmt, va_list ap);

/* Print every kept diagnostic in position order (stable for equal positions), each
 * followed by its source line and a caret, then "N more errors not shown" if any. */
void diag_print(const struct diag_list *d, FILE *out);

/* The same into a malloc'd string (for tests); NULL on out of memory. */
char *diag_to_string(const struct diag_list *d);

/* The closest of `candidates` (NULL-terminated) to `word` by edit distance, if close
 * enough to be a plausible typo (distance <= max(2, len/3)); else NULL. */
const char *diag_suggest(const char *word, const char *const *candidates);

#endif
