/* models/jsonio.h: JSON in and out, through Jansson.
 *
 * drsim writes JSON for machines (summary.json, sweep.json, sensitivity.json, every
 * output set's manifest) and reads it back (the previous manifest, and in time merged
 * shards and previous reviews). Both directions go through Jansson (Debian
 * libjansson-dev); this module is the only one that includes it, so the rest of drsim
 * sees a small writer and a small reader and never a json_t.
 *
 * Writing. A jsonio_writer builds the document member by member (objects, arrays and
 * scalars, in the order given: member order is kept, so the same inputs give the same
 * bytes) and jsonio_commit writes it pretty-printed, two spaces per level and one member
 * per line, so two outputs can be compared with diff. Numbers are written with 17
 * significant digits, which reads back as the same double; a double with an integer
 * value (up to 2^53, where every integer is a double) is written as an integer (28800).
 * NaN and infinities, which JSON cannot hold, are written by jsonio_num as null (each
 * document says what null means where it can occur); jsonio_measure writes an infinity
 * explicitly, as the string "infinity" (or "-infinity"), for the quantities where null
 * already means something else (no target, not applicable), and jsonio_get_measure reads
 * it back. Text that is not well-formed UTF-8 (a file name
 * from the command line can be anything) is written with each bad byte replaced by
 * U+FFFD, never as invalid JSON. Integers are signed 64-bit, the range every JSON
 * reader that keeps integers exact can hold. A writer error (out of memory, the same
 * key twice in one object, which is a bug of the caller) is remembered and makes
 * jsonio_commit fail, so call sites need not check every member.
 *
 * The writer writes directly to the path it is given (a plain create: mode 0666 less the
 * umask), with no temporary file and no rename of its own: publishing files atomically,
 * as a set, is reports/outset.h's job (the caller passes a staging path). On failure
 * jsonio_commit removes what it created. The caller allocates the struct jsonio_writer.
 *
 * Reading. jsonio_load parses a whole text, strictly (RFC 8259; a key repeated in one
 * object and a \u0000 escape are errors, as is anything after the top-level value, which
 * must be an object or an array). A syntax error becomes a diagnostic at Jansson's line,
 * with the caret under the start of the offending token:
 *
 *   out/manifest.json:3:14: error: unexpected token near '}'
 *     "files": }
 *              ^
 *
 * Values are then reached through opaque handles (jsonio_member, jsonio_at, ...) that
 * live as long as the document; every accessor takes NULL and answers "absent", so a
 * chain of lookups needs one check at its end. What a reader finds wrong in a
 * well-formed document (a member of the wrong type) it reports itself, naming the
 * member's path, e.g. "files[3].sha256: expected a string".
 */
#ifndef DRSIM_JSONIO_H
#define DRSIM_JSONIO_H

#include <stddef.h>

#include "models/diag.h"

#define JSONIO_MAX_DEPTH 32     /* nesting the writer supports (drsim's documents use 6) */

/* ---- writing ------------------------------------------------------------------------ */

struct jsonio_writer {
    void *stack[JSONIO_MAX_DEPTH]; /* open containers (Jansson values), [0] the top object */
    int depth;                  /* containers open, 1 after jsonio_open */
    int failed;                 /* 0, or the errno jsonio_commit fails with (ENOMEM, EINVAL) */
    char *path;                 /* the file to write (owned) */
};

/* Start a document whose top level is an object, to be written at `path`. Nothing is
 * created on disk before jsonio_commit. Returns 0, or -1 with errno set (ENOMEM). */
int jsonio_open(struct jsonio_writer *w, const char *path);

/* Write the document to its path (created or truncated) with a final newline, close it
 * and release w. Returns 0, or -1 with errno set: EINVAL when the caller left a
 * container open or added a key twice, ENOMEM when a member could not be made, or the
 * error of the write (the file is then removed). It does not fsync: the output set does
 * that before publishing (reports/outset.h). */
int jsonio_commit(struct jsonio_writer *w);

/* Give up: release w; nothing was written. */
void jsonio_abort(struct jsonio_writer *w);

/* Containers: key is the member name inside an object, NULL for an array element. */
void jsonio_object(struct jsonio_writer *w, const char *key);
void jsonio_array(struct jsonio_writer *w, const char *key);
void jsonio_end_object(struct jsonio_writer *w);
void jsonio_end_array(struct jsonio_writer *w);

/* Scalars. jsonio_num writes null for NaN and infinities; jsonio_text writes null for a
 * NULL string. jsonio_u64 asserts v fits in a signed 64-bit integer (the callers' counts
 * and seeds do: the command line refuses a seed above 2^63 - 1). */
void jsonio_num(struct jsonio_writer *w, const char *key, double v);
void jsonio_u64(struct jsonio_writer *w, const char *key, unsigned long long v);

/* A quantity that may be infinite (a duration with no end, a loss that cannot be
 * recovered): a finite value as jsonio_num writes it, +infinity as the string
 * JSONIO_INFINITY, -infinity as JSONIO_MINUS_INFINITY, NaN (not defined) as null. */
#define JSONIO_INFINITY "infinity"
#define JSONIO_MINUS_INFINITY "-infinity"
void jsonio_measure(struct jsonio_writer *w, const char *key, double v);
void jsonio_int(struct jsonio_writer *w, const char *key, long v);
void jsonio_text(struct jsonio_writer *w, const char *key, const char *s);
void jsonio_bool(struct jsonio_writer *w, const char *key, int b);
void jsonio_null(struct jsonio_writer *w, const char *key);

/* ---- reading ------------------------------------------------------------------------ */

/* Status of jsonio_load and jsonio_load_file. */
enum jsonio_status {
    JSONIO_OK = 0,      /* parsed: the document is ready */
    JSONIO_BAD,         /* not JSON drsim accepts: the diagnostics say where */
    JSONIO_IO,          /* the file could not be read: errno says why */
    JSONIO_NOMEM,       /* out of memory */
    JSONIO_TOO_BIG,     /* the file is larger than the caller's limit */
};

enum jsonio_type {
    JSONIO_ABSENT = 0,  /* no such value (a NULL handle) */
    JSONIO_NULL,
    JSONIO_BOOL,
    JSONIO_INTEGER,     /* a number written without fraction or exponent */
    JSONIO_REAL,        /* any other number */
    JSONIO_STRING,
    JSONIO_ARRAY,
    JSONIO_OBJECT,
};

struct jsonio_doc;      /* a parsed document and the text it came from */
struct jsonio_value;    /* a value inside a document; valid while the document lives */

/* Parse len bytes at text (need not be NUL-terminated; borrowed for the call only). On
 * JSONIO_BAD the diagnostic is added to d, which the caller initialised with
 * diag_init(d, name, text, len) so that the line can be quoted. *doc is set on
 * JSONIO_OK only. */
enum jsonio_status jsonio_load(const char *text, size_t len, struct diag_list *d,
                               struct jsonio_doc **doc);

/* Read the file at path (at most max_bytes) and parse it. d is initialised here, with
 * the file's text, whatever the outcome: the caller prints it on JSONIO_BAD and always
 * calls diag_fini(d) then jsonio_free(*doc). *doc is set on every outcome but
 * JSONIO_NOMEM (on JSONIO_IO and JSONIO_TOO_BIG it holds no value). */
enum jsonio_status jsonio_load_file(const char *path, size_t max_bytes, struct diag_list *d,
                                    struct jsonio_doc **doc);

/* Free a document and every handle into it; NULL is fine. */
void jsonio_free(struct jsonio_doc *doc);

/* The top-level value; NULL when the document holds none (a failed jsonio_load_file). */
const struct jsonio_value *jsonio_root(const struct jsonio_doc *doc);

enum jsonio_type jsonio_type(const struct jsonio_value *v);
const char *jsonio_type_name(enum jsonio_type t); /* "an object", "a string", ... */

/* The member `key` of object v; NULL when v is not an object or has no such member. */
const struct jsonio_value *jsonio_member(const struct jsonio_value *v, const char *key);

/* Iterate over the members of object v in document order: *iter starts as NULL; returns
 * the next key (with *value set), or NULL after the last or when v is not an object. */
const char *jsonio_next_member(const struct jsonio_value *v, void **iter,
                               const struct jsonio_value **value);

/* Elements of array v: its length (0 when v is not an array) and element i (NULL when
 * out of range). */
size_t jsonio_length(const struct jsonio_value *v);
const struct jsonio_value *jsonio_at(const struct jsonio_value *v, size_t i);

/* Scalars. jsonio_get_string: the text (NUL-terminated UTF-8, no NUL inside) or NULL
 * when v is not a string. jsonio_get_number: 0 and *out set for an integer or a real,
 * else -1. jsonio_get_integer: 0 and *out set for an integer, else -1. jsonio_get_bool:
 * 0 and *out set (0 or 1) for true or false, else -1. jsonio_get_measure: as
 * jsonio_get_number, and also 0 with *out = +/-INFINITY for the strings jsonio_measure
 * writes ("infinity", "-infinity"); -1 for null, like any other non-number. */
const char *jsonio_get_string(const struct jsonio_value *v);
int jsonio_get_number(const struct jsonio_value *v, double *out);
int jsonio_get_measure(const struct jsonio_value *v, double *out);
int jsonio_get_integer(const struct jsonio_value *v, long long *out);
int jsonio_get_bool(const struct jsonio_value *v, int *out);

#endif
