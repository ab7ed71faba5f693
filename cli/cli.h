/* cli/cli.h: what the command files share: exit codes, plan loading with diagnostics,
 * and small argument parsers. The command line holds no domain logic: it parses
 * arguments, calls models/, sim/ and reports/, and maps their outcomes to exit codes.
 */
#ifndef DRSIM_CLI_H
#define DRSIM_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "models/plan.h"

#define DRSIM_VERSION "0.1.0"

/* Exit status of every command (DESIGN.md). */
enum cli_exit {
    CLI_EXIT_OK = 0,       /* success */
    CLI_EXIT_BREACH = 1,   /* a policy breach, with --strict */
    CLI_EXIT_USAGE = 2,    /* bad arguments or bad input (plan file) */
    CLI_EXIT_IO = 3        /* I/O or internal error */
};

/* A loaded plan with the text its diagnostics quote. */
struct cli_plan {
    struct plan *plan;     /* owned */
    char *text;            /* owned file text, NULL for the built-in plan */
};

/* Load PATH, or the built-in plan when path is NULL. On failure prints the diagnostics
 * to stderr and returns the exit code (CLI_EXIT_USAGE for bad input, CLI_EXIT_IO when
 * the file cannot be read); 0 on success. */
int cli_load_plan(const char *path, struct cli_plan *out);
void cli_plan_fini(struct cli_plan *p);

/* Parse a non-negative integer argument of option `opt` into *out; prints a usage
 * error and returns non-zero when it is not one (or exceeds max). */
int cli_parse_u64(const char *opt, const char *arg, uint64_t max, uint64_t *out);

/* Print "drsim: error: ..." to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_example(int argc, char **argv);

#endif
