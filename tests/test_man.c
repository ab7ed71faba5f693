/* tests/test_man.c: the manual page drsim.1 (mdoc) renders without warnings, and
 * documents exactly what --help does: the commands of `drsim --help` are the
 * subsections of its COMMANDS section, and for every command the options of
 * `drsim CMD --help` are the options (the `Fl` macros) of that command's subsection.
 * An option added to a --help text and not to the page, or the other way round, fails
 * here; comparison_catches_drift shows that on edited copies.
 *
 * The binary under test is $DRSIM_BIN (default ./drsim); tests run from the
 * repository's top directory, where drsim.1 is.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/cli_help.h"
#include "tests/fixture.h"

#define MAN_PAGE "drsim.1"

/* The argument of an `Fl` as it renders, without the leading '-' that Fl adds:
 * `\-` is a hyphen, `\&` nothing. */
static void man_unescape(const char *tok, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        if (tok[i] == '\\' && i + 1 < n && tok[i + 1] == '-') {
            out[o++] = '-';
            i++;
        } else if (tok[i] == '\\' && i + 1 < n && tok[i + 1] == '&') {
            i++;
        } else {
            out[o++] = tok[i];
        }
    }
    out[o] = '\0';
}

/* Walk the macro lines of section COMMANDS of man text. For each `.Ss NAME`, add NAME
 * to commands (if not NULL); for each `Fl ARG` in the macro lines of subsection `cmd`
 * (if not NULL), add "-ARG" to options. Returns whether subsection cmd was found. */
static int man_walk(const char *man, const char *cmd, struct ch_set *commands,
                    struct ch_set *options)
{
    int in_commands = 0, in_cmd = 0, found = 0;
    for (const char *line = man; *line;) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        if (n >= 4 && strncmp(line, ".Sh ", 4) == 0) {
            in_commands = n == 12 && strncmp(line + 4, "COMMANDS", 8) == 0;
            in_cmd = 0;
        } else if (in_commands && n > 4 && strncmp(line, ".Ss ", 4) == 0) {
            if (commands)
                ch_set_add(commands, line + 4, n - 4);
            in_cmd = cmd && n - 4 == strlen(cmd) && strncmp(line + 4, cmd, n - 4) == 0;
            found |= in_cmd;
        } else if (in_cmd && options && line[0] == '.') {
            /* Tokens separated by blanks; the one after each "Fl" is a flag. */
            const char *prev = NULL, *p = line + 1, *end = line + n;
            size_t prev_len = 0;
            while (p < end) {
                while (p < end && *p == ' ')
                    p++;
                const char *tok = p;
                while (p < end && *p != ' ')
                    p++;
                size_t len = (size_t)(p - tok);
                if (len && prev && prev_len == 2 && strncmp(prev, "Fl", 2) == 0) {
                    char flag[128];
                    flag[0] = '-';
                    man_unescape(tok, len, flag + 1, sizeof flag - 1);
                    if (flag[1] != '\0')
                        ch_set_add(options, flag, strlen(flag));
                }
                prev = tok;
                prev_len = len;
            }
        }
        line += n + (nl ? 1 : 0);
    }
    return found;
}

static char *man_text(void)
{
    char *man = fixture_slurp(MAN_PAGE, NULL);
    cr_assert_not_null(man, "cannot read %s (tests run from the top directory)", MAN_PAGE);
    return man;
}

Test(man, lint_clean)
{
    char *out;
    int rc = fixture_shell("mandoc -T lint -W warning " MAN_PAGE " 2>&1", &out);
    cr_expect_eq(rc, 0, "mandoc -T lint exit %d (is mandoc installed?):\n%s", rc, out);
    cr_expect_str_empty(out, "mandoc -T lint -W warning:\n%s", out);
    free(out);
    rc = fixture_shell("groff -ww -mandoc -Tutf8 " MAN_PAGE " 2>&1 >/dev/null", &out);
    cr_expect_eq(rc, 0, "groff exit %d:\n%s", rc, out);
    cr_expect_str_empty(out, "groff -ww -mandoc:\n%s", out);
    free(out);
    /* What man(1) shows: the page renders, with the section of each command. */
    rc = fixture_shell("mandoc -T ascii " MAN_PAGE " | sed 's/.\\x08//g'", &out);
    cr_expect_eq(rc, 0);
    cr_expect(strstr(out, "EXIT STATUS") && strstr(out, "--no-workbook"), "%s", out);
    free(out);
}

Test(man, commands_match_help)
{
    struct ch_set help = {{0}, 0}, man = {{0}, 0};
    char *text = man_text(), msg[2048];
    ch_commands(&help);
    man_walk(text, NULL, &man, NULL);
    cr_expect_eq(ch_set_diff(&help, "drsim --help", &man, MAN_PAGE " COMMANDS", msg, sizeof msg),
                 0, "%s", msg);
    ch_set_fini(&help);
    ch_set_fini(&man);
    free(text);
}

Test(man, options_match_help)
{
    struct ch_set cmds = {{0}, 0};
    char *text = man_text(), msg[2048], what[128];
    ch_commands(&cmds);
    for (int i = 0; i < cmds.n; i++) {
        struct ch_set help = {{0}, 0}, man = {{0}, 0};
        ch_command_options(cmds.name[i], &help);
        cr_expect(man_walk(text, cmds.name[i], NULL, &man), "no subsection '.Ss %s' in %s",
                  cmds.name[i], MAN_PAGE);
        snprintf(what, sizeof what, "drsim %s --help", cmds.name[i]);
        cr_expect_eq(ch_set_diff(&help, what, &man, MAN_PAGE, msg, sizeof msg), 0,
                     "%s: %s", cmds.name[i], msg);
        ch_set_fini(&help);
        ch_set_fini(&man);
    }
    ch_set_fini(&cmds);
    free(text);
}

/* Remove the first line of text that equals line (without its newline). */
static void drop_line(char *text, const char *line)
{
    size_t n = strlen(line);
    for (char *p = text; (p = strstr(p, line)) != NULL; p++)
        if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0')) {
            memmove(p, p + n + (p[n] == '\n'), strlen(p + n + (p[n] == '\n')) + 1);
            return;
        }
    cr_assert_fail("no line '%s' to drop", line);
}

/* The comparisons above on copies edited the ways a page drifts from --help. */
Test(man, comparison_catches_drift)
{
    char *text = man_text(), msg[2048], *help_text;
    struct ch_set help = {{0}, 0}, man = {{0}, 0};

    /* An option documented by --help and dropped from the page. */
    ch_command_options("sensitivity", &help);
    drop_line(text, ".It Fl \\-top Ar N");
    man_walk(text, "sensitivity", NULL, &man);
    cr_expect_eq(ch_set_diff(&help, "help", &man, "man", msg, sizeof msg), 1, "%s", msg);
    cr_expect(strstr(msg, "only in help: --top;") != NULL, "%s", msg);
    ch_set_fini(&help);
    ch_set_fini(&man);

    /* An option added to a --help text and not to the page. */
    cr_assert_eq(fixture_drsim(NULL, "sweep --help", &help_text), 0);
    help_text = realloc(help_text, strlen(help_text) + 64);
    cr_assert_not_null(help_text);
    strcat(help_text, "  -x, --frobnicate N  a new option\n");
    ch_help_options(help_text, &help);
    man_walk(text, "sweep", NULL, &man);
    cr_expect_eq(ch_set_diff(&help, "help", &man, "man", msg, sizeof msg), 2, "%s", msg);
    cr_expect(strstr(msg, "only in help: --frobnicate -x;") != NULL, "%s", msg);
    ch_set_fini(&help);
    ch_set_fini(&man);
    free(help_text);

    /* A command the page does not have. */
    ch_commands(&help);
    drop_line(text, ".Ss example");
    man_walk(text, NULL, &man, NULL);
    cr_expect_eq(ch_set_diff(&help, "help", &man, "man", msg, sizeof msg), 1, "%s", msg);
    cr_expect(strstr(msg, "only in help: example;") != NULL, "%s", msg);
    ch_set_fini(&help);
    ch_set_fini(&man);
    free(text);
}
