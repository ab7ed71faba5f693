/* cli/common.c: plan loading with printed diagnostics, and argument parsers shared by
 * the commands. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "models/diag.h"
#include "models/load.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("drsim: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_load_plan(const char *path, struct cli_plan *out)
{
    struct diag_list diags;
    enum load_status st;

    out->plan = NULL;
    out->text = NULL;
    if (path == NULL) {
        size_t len;
        const char *text = load_builtin_text(&len);
        diag_init(&diags, "commcare.yaml (built-in)", text, len);
        st = load_plan_builtin(&diags, &out->plan);
    } else {
        st = load_plan_file(path, &diags, &out->text, &out->plan);
    }
    if (st != LOAD_OK)
        diag_print(&diags, stderr);
    diag_fini(&diags);
    if (st == LOAD_OK)
        return 0;
    free(out->text);
    out->text = NULL;
    return st == LOAD_INVALID ? CLI_EXIT_USAGE : CLI_EXIT_IO;
}

void cli_plan_fini(struct cli_plan *p)
{
    plan_free(p->plan);
    free(p->text);
    p->plan = NULL;
    p->text = NULL;
}

int cli_parse_u64(const char *opt, const char *arg, uint64_t max, uint64_t *out)
{
    char *end;
    errno = 0;
    if (arg == NULL || *arg == '\0' || *arg == '-') {
        cli_error("%s takes a non-negative whole number (got \"%s\")", opt, arg ? arg : "");
        return -1;
    }
    unsigned long long v = strtoull(arg, &end, 10);
    if (errno != 0 || *end != '\0' || v > max) {
        cli_error("%s takes a whole number from 0 to %llu (got \"%s\")", opt,
                  (unsigned long long)max, arg);
        return -1;
    }
    *out = (uint64_t)v;
    return 0;
}
