/* reports/prior.c: an earlier output of drsim, read for an option (reports/prior.h). */
#include "reports/prior.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "models/diag.h"

const char *const prior_objective_key[2] = {"rto_objective", "rpo_objective"};

void prior_error(char *err, size_t n, const char *fmt, ...)
{
    va_list ap;
    if (!err || !n)
        return;
    va_start(ap, fmt);
    vsnprintf(err, n, fmt, ap);
    va_end(ap);
}

/* arg, or arg/file_name when arg is a directory; NULL when out of memory. */
static char *source_path(const char *arg, const char *file_name)
{
    struct stat st;
    if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
        size_t n = strlen(arg) + strlen(file_name) + 2;
        char *p = malloc(n);
        if (p)
            snprintf(p, n, "%s%s%s", arg, arg[0] && arg[strlen(arg) - 1] == '/' ? "" : "/",
                     file_name);
        return p;
    }
    return strdup(arg);
}

enum prior_status prior_load(const char *opt, const char *arg, const char *file_name,
                             const char *what, size_t max_bytes, char **source,
                             struct jsonio_doc **doc, char *err, size_t errlen)
{
    struct diag_list d;
    struct jsonio_doc *dc = NULL;
    enum prior_status st = PRIOR_REFUSED;

    *doc = NULL;
    if (!(*source = source_path(arg, file_name))) {
        prior_error(err, errlen, "out of memory");
        return PRIOR_NOMEM;
    }
    enum jsonio_status js = jsonio_load_file(*source, max_bytes, &d, &dc);
    int e = errno;
    switch (js) {
    case JSONIO_OK:
        st = PRIOR_OK;
        *doc = dc;
        dc = NULL;
        break;
    case JSONIO_NOMEM:
        st = PRIOR_NOMEM;
        prior_error(err, errlen, "out of memory");
        break;
    case JSONIO_IO:
        if (e != ENOENT && e != ENOTDIR && e != EISDIR)
            st = PRIOR_IO;
        prior_error(err, errlen, "%s %s: cannot read %s: %s", opt, arg, *source, strerror(e));
        break;
    case JSONIO_TOO_BIG:
        prior_error(err, errlen, "%s %s: %s is larger than any %s (%zu MiB): not %s", opt, arg,
                 *source, file_name, max_bytes >> 20, what);
        break;
    default: {
        char *msg = diag_to_string(&d);
        prior_error(err, errlen, "%s %s: %s is not JSON, so not %s:\n%s", opt, arg, *source, what,
                 msg ? msg : "");
        free(msg);
        break;
    }
    }
    diag_fini(&d);
    jsonio_free(dc);
    return st;
}
