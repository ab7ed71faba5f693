/* tests/fixture.c: the helpers of tests/fixture.h (no tests of its own). */
#include "tests/fixture.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "models/diag.h"
#include "models/load.h"

struct plan *fixture_plan_text(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    cr_assert(len > 0);
    char *text = malloc((size_t)len + 1);
    cr_assert_not_null(text);
    va_start(ap, fmt);
    vsnprintf(text, (size_t)len + 1, fmt, ap);
    va_end(ap);

    struct diag_list d;
    struct plan *p = NULL;
    diag_init(&d, "test.yaml", text, (size_t)len);
    enum load_status st = load_plan_text("test.yaml", text, (size_t)len, &d, &p);
    if (st != LOAD_OK)
        diag_print(&d, stderr);
    diag_fini(&d);
    free(text);
    cr_assert_eq(st, LOAD_OK, "test plan does not load");
    return p;
}

struct plan *fixture_plan_file(const char *path)
{
    struct diag_list d;
    struct plan *p = NULL;
    char *text = NULL;
    enum load_status st = path ? load_plan_file(path, &d, &text, &p) : load_plan_builtin(&d, &p);
    if (st != LOAD_OK)
        diag_print(&d, stderr);
    diag_fini(&d);
    free(text);
    cr_assert_eq(st, LOAD_OK, "plan %s does not load", path ? path : "(built-in)");
    return p;
}

void fixture_src_load(struct fixture_src *s, const char *path)
{
    struct diag_list d;
    enum load_status st = load_plan_file(path, &d, &s->text, &s->p);
    if (st != LOAD_OK)
        diag_print(&d, stderr);
    diag_fini(&d);
    cr_assert_eq(st, LOAD_OK, "%s does not load", path);
    s->len = strlen(s->text);
    s->name = path;
}

void fixture_src_free(struct fixture_src *s)
{
    plan_free(s->p);
    free(s->text);
}

struct dist fixture_dist(enum dist_kind k, double a, double b, double c)
{
    struct dist d;
    memset(&d, 0, sizeof d);
    d.kind = k;
    d.p[0] = a;
    d.p[1] = b;
    d.p[2] = c;
    return d;
}

const char *fixture_bin(void)
{
    const char *b = getenv("DRSIM_BIN");
    return b && *b ? b : "./drsim";
}

int fixture_shell(const char *cmd, char **out)
{
    FILE *f = popen(cmd, "r");
    size_t cap = 8192, len = 0, got;
    char *buf = malloc(cap);
    cr_assert_not_null(f, "popen %s", cmd);
    cr_assert_not_null(buf);
    while ((got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (cap - len < 1024) {
            cap *= 2;
            buf = realloc(buf, cap);
            cr_assert_not_null(buf);
        }
    }
    buf[len] = '\0';
    int st = pclose(f);
    if (out)
        *out = buf;
    else
        free(buf);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* Check the file at path, naming it `name` in the failure. */
static void check_summary_as(const char *path, const char *name)
{
    char cmd[1200], *out = NULL;
    cr_assert(strchr(path, '\'') == NULL, "a quote in %s", path);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 tests/check_summary_schema.py '%s' 2>&1", path);
    int rc = fixture_shell(cmd, &out);
    if (rc != 0)
        cr_assert_fail("%s does not follow its schema (docs/*.schema.json; exit %d):\n%s",
                       name, rc, out ? out : "");
    free(out);
}

void fixture_check_summary(const char *path)
{
    check_summary_as(path, path);
}

/* After `drsim run ... -o DIR` exited 0 (or 1, --strict's breach), DIR/summary.json must
 * follow its schema (docs/summary.schema.json), and so must DIR/sweep.json after `drsim
 * sweep` and DIR/sensitivity.json after `drsim sensitivity` (docs/sweep.schema.json,
 * docs/sensitivity.schema.json): every run the suite makes checks the contract. The
 * arguments are read as the shell would split them when they are plain words; a run
 * writing to the default ./out, or given its directory in some other form, is not
 * checked here. */
static void check_run_output(const char *args, int rc)
{
    char buf[4096], path[1100], copy[64] = "/tmp/drsim-schema-XXXXXX/";
    const char *dir = NULL, *file = NULL;
    int first = 1;
    if (rc != 0 && rc != 1)
        return;
    snprintf(buf, sizeof buf, "%s", args);
    for (char *save = NULL, *t = strtok_r(buf, " \t\n", &save); t;
         t = strtok_r(NULL, " \t\n", &save)) {
        if (strpbrk(t, ";|&<>"))
            break; /* the rest belongs to another command */
        if (first) {
            file = strcmp(t, "run") == 0           ? "summary.json"
                   : strcmp(t, "sweep") == 0       ? "sweep.json"
                   : strcmp(t, "sensitivity") == 0 ? "sensitivity.json"
                                                   : NULL;
            first = 0;
        } else if (strcmp(t, "-o") == 0 || strcmp(t, "--output") == 0) {
            dir = strtok_r(NULL, " \t\n", &save);
        } else if (strncmp(t, "--output=", 9) == 0) {
            dir = t + 9;
        }
    }
    if (!file || !dir || strpbrk(dir, "'\"$`\\"))
        return;
    snprintf(path, sizeof path, "%s/%s", dir, file);
    /* A copy taken now (under the same name, which picks the schema): a few tests write
     * to fixed /tmp directories, which another run of the suite on the machine may
     * remove or rewrite while the checker starts. */
    size_t len;
    char *text = fixture_slurp(path, &len);
    if (!text)
        return;
    char *slash = copy + strlen(copy) - 1; /* the last slash */
    *slash = '\0';
    cr_assert_not_null(mkdtemp(copy), "mkdtemp");
    *slash = '/';
    snprintf(slash + 1, sizeof copy - (size_t)(slash + 1 - copy), "%s", file);
    FILE *f = fopen(copy, "w");
    cr_assert_not_null(f, "%s", copy);
    cr_assert_eq(fwrite(text, 1, len, f), len, "writing %s", copy);
    cr_assert_eq(fclose(f), 0);
    free(text);
    check_summary_as(copy, path);
    unlink(copy);
    *slash = '\0';
    rmdir(copy);
}

int fixture_drsim(const char *env, const char *args, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "%s %s %s 2>&1", env ? env : "", fixture_bin(), args);
    int rc = fixture_shell(cmd, out);
    check_run_output(args, rc);
    return rc;
}

char *fixture_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    if (f == NULL)
        return NULL;
    do {
        if (cap - n < 4096) {
            cap = cap ? cap * 2 : 8192;
            buf = realloc(buf, cap + 1);
            cr_assert_not_null(buf);
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    cr_assert(!ferror(f), "reading %s", path);
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int fixture_list(const char *dir, const char *suffix, char **names, int max)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t sl = strlen(suffix);
    int n = 0;

    cr_assert_not_null(d, "cannot open %s (run from the repository root)", dir);
    while ((e = readdir(d)) != NULL && n < max) {
        size_t len = strlen(e->d_name);
        if (len > sl && strcmp(e->d_name + len - sl, suffix) == 0) {
            names[n] = strdup(e->d_name);
            cr_assert_not_null(names[n]);
            n++;
        }
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp_str);
    return n;
}

void fixture_tmpdir(char dir[64], const char *prefix)
{
    snprintf(dir, 64, "/tmp/drsim-%s-XXXXXX", prefix);
    cr_assert_not_null(mkdtemp(dir));
}

char *fixture_pdf_page(const char *path, const char *title)
{
    char cmd[1024], *out = NULL;
    snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' - | awk -v t='%s' 'BEGIN { RS = \"\\f\" } "
             "index($0, t) == 1 { printf \"%%s\", $0; exit }'", path, title);
    cr_assert_eq(fixture_shell(cmd, &out), 0, "%s: %s", cmd, out);
    return out;
}

void fixture_rm_rf(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

struct jsonio_doc *fixture_json(const char *path)
{
    struct diag_list d;
    struct jsonio_doc *doc = NULL;
    enum jsonio_status st = jsonio_load_file(path, (size_t)1 << 30, &d, &doc);
    if (st != JSONIO_OK) {
        char *msg = diag_to_string(&d);
        diag_fini(&d);
        jsonio_free(doc);
        cr_assert_fail("%s: cannot read as JSON (status %d): %s", path, (int)st, msg ? msg : "");
    }
    diag_fini(&d);
    return doc;
}

const struct jsonio_value *fixture_json_at(const struct jsonio_value *v, const char *where)
{
    const char *p = where;
    while (v && *p) {
        if (*p == '.') {
            p++;
        } else if (*p == '[') {
            char *end;
            unsigned long i = strtoul(p + 1, &end, 10);
            cr_assert(*end == ']', "bad index in path %s", where);
            v = jsonio_at(v, i);
            p = end + 1;
        } else {
            char key[128];
            size_t n = strcspn(p, ".[");
            cr_assert(n < sizeof key, "name too long in path %s", where);
            memcpy(key, p, n);
            key[n] = '\0';
            v = jsonio_member(v, key);
            p += n;
        }
    }
    return v;
}

double fixture_json_num(const struct jsonio_value *v, const char *where)
{
    double x = 0;
    const struct jsonio_value *at = fixture_json_at(v, where);
    cr_assert(jsonio_get_measure(at, &x) == 0, "%s is %s, not a number", where,
              jsonio_type_name(jsonio_type(at)));
    return x;
}

int fixture_bad_corpus(const char *dir, const char *ext, fixture_refuse_fn refuse, void *user,
                       int *n)
{
    char *names[256];
    int failed = 0;
    size_t ext_len = strlen(ext);
    *n = fixture_list(dir, ext, names, 256);
    for (int i = 0; i < *n; i++) {
        char path[600], exp_path[600];
        struct diag_list d;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        snprintf(exp_path, sizeof exp_path, "%s/%.*s.expected", dir,
                 (int)(strlen(names[i]) - ext_len), names[i]);
        char *want = fixture_slurp(exp_path, NULL);
        struct fixture_held held = {NULL, NULL};
        const char *instead = refuse(user, path, &d, &held);
        char *have = diag_to_string(&d);
        if (want == NULL) {
            cr_log_error("%s: missing %s", path, exp_path);
            failed++;
        } else if (instead != NULL) {
            cr_log_error("%s: not refused: %s", path, instead);
            failed++;
        } else if (have == NULL || strcmp(want, have) != 0) {
            cr_log_error("%s: diagnostics differ\n--- expected\n%s--- got\n%s", path, want,
                         have ? have : "(out of memory)");
            failed++;
        }
        free(want);
        free(have);
        diag_fini(&d);
        if (held.release)
            held.release(held.p);
        free(names[i]);
    }
    return failed;
}
