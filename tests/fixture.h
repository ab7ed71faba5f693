/* tests/fixture.h: what the test files share: loading a plan (from text, a file or the
 * built-in one) or failing the test with its diagnostics, running a shell command or the
 * drsim binary with its output captured, reading a whole file, and temporary
 * directories. Every helper fails the current Criterion test on an unexpected error, so
 * it may only be called from inside a test. The binary under test is $DRSIM_BIN
 * (default ./drsim); tests run from the repository's top directory.
 */
#ifndef DRSIM_TESTS_FIXTURE_H
#define DRSIM_TESTS_FIXTURE_H

#include <stddef.h>

#include "models/diag.h"
#include "models/dist.h"
#include "models/jsonio.h"
#include "models/plan.h"

/* Load plan text, written printf-style so a test can vary a line, as "test.yaml"; fail
 * the test (diagnostics on stderr) when it does not load. The caller frees the plan. */
struct plan *fixture_plan_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Load the plan file at path, or the built-in plan when path is NULL; fail the test
 * (diagnostics on stderr) when it does not load. The caller frees the plan. */
struct plan *fixture_plan_file(const char *path);

/* A plan file with its text, for what works on the text (vary, sweeps, sensitivity). */
struct fixture_src {
    char *text;             /* owned file text */
    size_t len;             /* bytes in text */
    struct plan *p;         /* owned */
    const char *name;       /* the path (borrowed) */
};

/* Load the plan file at path into *s or fail the test; release with fixture_src_free. */
void fixture_src_load(struct fixture_src *s, const char *path);
void fixture_src_free(struct fixture_src *s);

/* A distribution of kind k with parameters a, b, c (struct dist's p[0..2]), the rest
 * zero. */
struct dist fixture_dist(enum dist_kind k, double a, double b, double c);

/* The drsim binary under test: $DRSIM_BIN, default ./drsim. */
const char *fixture_bin(void);

/* Run cmd with the shell and capture its standard output (add 2>&1 to cmd for its
 * errors too) into *out, malloc'd and NUL-terminated; out may be NULL to drop it.
 * Returns the exit status, 128 when it did not exit normally. */
int fixture_shell(const char *cmd, char **out);

/* Run "ENV $DRSIM_BIN ARGS 2>&1" (env may be NULL) as fixture_shell does. When ARGS is a
 * `run`, `sweep` or `sensitivity` with -o DIR that exited 0 (or 1), DIR/summary.json,
 * sweep.json or sensitivity.json is then checked against its schema in docs/ (as
 * fixture_check_summary does). */
int fixture_drsim(const char *env, const char *args, char **out);

/* Check the summary.json at path against docs/summary.schema.json through
 * tests/check_summary_schema.py, or fail the test with every violation found. */
void fixture_check_summary(const char *path);

/* The whole file at path, malloc'd with a NUL after its len bytes (len may be NULL);
 * NULL when it cannot be opened. */
char *fixture_slurp(const char *path, size_t *len);

/* The JSON file at path, parsed by models/jsonio.h, or fail the test (with the
 * positioned diagnostic). Free with jsonio_free. */
struct jsonio_doc *fixture_json(const char *path);

/* The value at `where` below v: member names separated by '.', array elements as [N],
 * e.g. "scenarios[1].rto.p50_s"; NULL when any step is absent. */
const struct jsonio_value *fixture_json_at(const struct jsonio_value *v, const char *where);

/* The number at `where` below v (as fixture_json_at), or fail the test; "infinity" and
 * "-infinity" (jsonio_get_measure) read as the infinities. */
double fixture_json_num(const struct jsonio_value *v, const char *where);

/* The names of the files in dir ending in suffix (".yaml"), sorted, strdup'd into
 * names[0, max): the caller frees each. Fails the test when dir cannot be opened.
 * Returns how many. */
int fixture_list(const char *dir, const char *suffix, char **names, int max);

/* What a refuse function keeps alive until the diagnostics are printed (they quote the
 * text the reader holds): released with release(p) afterwards; p may be NULL. */
struct fixture_held {
    void *p;
    void (*release)(void *p);
};

/* A bad-input corpus: every DIR/NAME.EXT must be refused with exactly the diagnostics of
 * DIR/NAME.expected. refuse(user, path, &d, &held) reads the file, leaves its diagnostics
 * in d (initialised by it; fixture_bad_corpus calls diag_fini), puts in held what must
 * outlive the printing, and returns NULL when it refused the file as bad input, else a
 * short description of what happened instead. Each file that fails is logged with the
 * difference; returns how many failed, and the corpus size in *n (the test asserts both). */
typedef const char *(*fixture_refuse_fn)(void *user, const char *path, struct diag_list *d,
                                         struct fixture_held *held);
int fixture_bad_corpus(const char *dir, const char *ext, fixture_refuse_fn refuse, void *user,
                       int *n);

/* A fresh temporary directory /tmp/drsim-PREFIX-XXXXXX; its path in dir[64]. */
void fixture_tmpdir(char dir[64], const char *prefix);

/* The text (pdftotext -layout) of the first page of the PDF at path whose first line
 * starts with title, malloc'd; "" when no page does. Fails the test when pdftotext does. */
char *fixture_pdf_page(const char *path, const char *title);

/* rm -rf dir. */
void fixture_rm_rf(const char *dir);

#endif
