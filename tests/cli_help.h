/* tests/cli_help.h: what the tests of the man page (tests/test_man.c) and of the shell
 * completion (tests/test_completion.c) share: the commands and options that drsim's own
 * --help texts document, read as sets of names, so that both can be compared with them
 * and cannot drift from the command line. Every helper fails the current Criterion test
 * on an error.
 */
#ifndef DRSIM_TESTS_CLI_HELP_H
#define DRSIM_TESTS_CLI_HELP_H

#include <stddef.h>

#define CH_MAX_NAMES 128        /* names in one set */

/* A set of names (commands, or options such as "-n" and "--trials"), kept sorted. */
struct ch_set {
    char *name[CH_MAX_NAMES];   /* owned, sorted by strcmp, no duplicates */
    int n;
};

/* Add the len bytes at name to s (nothing when already there). */
void ch_set_add(struct ch_set *s, const char *name, size_t len);
int ch_set_has(const struct ch_set *s, const char *name);
void ch_set_fini(struct ch_set *s);

/* The names in one set and not the other, written into msg[n] as "only in A: x y; only
 * in B: z" (a, b name the sets). Returns how many names differ; 0: the sets are equal. */
int ch_set_diff(const struct ch_set *a, const char *a_name, const struct ch_set *b,
                const char *b_name, char *msg, size_t n);

/* The options a command's --help text documents, into *out: every option in its usage
 * lines (up to the first empty line) and every option that starts one of its option
 * lines (a line whose first non-blank character is '-': "  -n, --trials N  ..."). */
void ch_help_options(const char *text, struct ch_set *out);

/* The commands `drsim --help` lists under "commands:" (lines indented by two spaces). */
void ch_help_commands(const char *text, struct ch_set *out);

/* Run `$DRSIM_BIN CMD --help` (cmd NULL: `$DRSIM_BIN --help`), which must exit 0, and
 * read its options (its commands) into *out. */
void ch_command_options(const char *cmd, struct ch_set *out);
void ch_commands(struct ch_set *out);

#endif
