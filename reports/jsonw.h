/* reports/jsonw.h: a small streaming JSON writer for drsim's machine-readable outputs
 * (summary.json, sweep.json, sensitivity.json, evidence).
 *
 * Output is pretty-printed, one member per line, so two files can be compared with diff
 * and a test can drop the lines that legitimately differ (threads, wall time). Numbers
 * are written with 17 significant digits, so two runs that computed the same doubles
 * write the same bytes and a reader recovers the exact value; NaN and infinities, which
 * JSON cannot hold, are written as null (the documents say what null means where it can
 * occur).
 *
 * The writer writes directly to the path it is given (a plain create: mode 0666 less the
 * umask), with no temporary file and no rename of its own: publishing files atomically,
 * as a set, is reports/outset.h's job (the caller passes a staging path). On failure
 * jsonw_commit removes what it created. The caller allocates the struct jsonw.
 */
#ifndef DRSIM_JSONW_H
#define DRSIM_JSONW_H

#include <stdio.h>

struct jsonw {
    FILE *f;        /* the file being written */
    int depth;      /* nesting level of the current container */
    int first;      /* no member written yet in the current container */
    char *path;     /* its path (owned), to remove it on failure */
};

/* Create (or truncate) the file at `path` and write the opening brace of the top-level
 * object. Returns 0, or -1 with errno set (nothing is left on disk). */
int jsonw_open(struct jsonw *w, const char *path);

/* Close the top-level object, flush and close the file. Returns 0, or -1 with errno set
 * (the file is then removed); either way w is released. It does not fsync: the output
 * set does that before publishing (reports/outset.h). */
int jsonw_commit(struct jsonw *w);

/* Give up: close and remove the file and release w. */
void jsonw_abort(struct jsonw *w);

/* Containers: key is the member name inside an object, NULL for an array element. */
void jsonw_object(struct jsonw *w, const char *key);
void jsonw_array(struct jsonw *w, const char *key);
void jsonw_end_object(struct jsonw *w);
void jsonw_end_array(struct jsonw *w);

/* Scalars. jsonw_num writes null for NaN and infinities; jsonw_text writes null for a
 * NULL string. */
void jsonw_num(struct jsonw *w, const char *key, double v);
void jsonw_u64(struct jsonw *w, const char *key, unsigned long long v);
void jsonw_int(struct jsonw *w, const char *key, long v);
void jsonw_text(struct jsonw *w, const char *key, const char *s);
void jsonw_bool(struct jsonw *w, const char *key, int b);
void jsonw_null(struct jsonw *w, const char *key);

#endif
