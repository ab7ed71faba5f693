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
 * Files are written atomically: jsonw_open writes to a temporary file in the target's
 * directory and jsonw_commit flushes, syncs and renames it into place, so a failed run
 * never leaves a partial file behind. The caller allocates the struct jsonw.
 */
#ifndef DRSIM_JSONW_H
#define DRSIM_JSONW_H

#include <stdio.h>

struct jsonw {
    FILE *f;        /* the temporary file being written */
    int depth;      /* nesting level of the current container */
    int first;      /* no member written yet in the current container */
    char *path;     /* final path (owned) */
    char *tmp;      /* temporary path (owned) */
};

/* Create the temporary file for `path` and write the opening brace of the top-level
 * object. Returns 0, or -1 with errno set (nothing is left on disk). */
int jsonw_open(struct jsonw *w, const char *path);

/* Close the top-level object, flush, sync and rename into place. Returns 0, or -1 with
 * errno set; either way the temporary file is gone and w is released. */
int jsonw_commit(struct jsonw *w);

/* Give up: remove the temporary file and release w. */
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
