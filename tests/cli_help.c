/* tests/cli_help.c: drsim's --help texts read as sets of commands and options (see
 * tests/cli_help.h). The parsing is deliberately narrow, tied to how cli/ lays out its
 * usage texts, so that a description mentioning another option ("with --drills, ...")
 * is not taken for one. */
#include "tests/cli_help.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fixture.h"

static int is_opt_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-';
}

void ch_set_add(struct ch_set *s, const char *name, size_t len)
{
    char *copy = strndup(name, len);
    int at = 0, c = 1;
    cr_assert_not_null(copy);
    while (at < s->n && (c = strcmp(s->name[at], copy)) < 0)
        at++;
    if (at < s->n && c == 0) {
        free(copy);
        return;
    }
    cr_assert_lt(s->n, CH_MAX_NAMES, "more than %d names", CH_MAX_NAMES);
    memmove(&s->name[at + 1], &s->name[at], (size_t)(s->n - at) * sizeof s->name[0]);
    s->name[at] = copy;
    s->n++;
}

int ch_set_has(const struct ch_set *s, const char *name)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->name[i], name) == 0)
            return 1;
    return 0;
}

void ch_set_fini(struct ch_set *s)
{
    for (int i = 0; i < s->n; i++)
        free(s->name[i]);
    s->n = 0;
}

/* Append " name" for each name of a missing from b to msg; returns how many. */
static int only_in(const struct ch_set *a, const struct ch_set *b, char *msg, size_t n)
{
    int count = 0;
    for (int i = 0; i < a->n; i++)
        if (!ch_set_has(b, a->name[i])) {
            size_t used = strlen(msg);
            snprintf(msg + used, n - used, " %s", a->name[i]);
            count++;
        }
    return count;
}

int ch_set_diff(const struct ch_set *a, const char *a_name, const struct ch_set *b,
                const char *b_name, char *msg, size_t n)
{
    size_t used;
    snprintf(msg, n, "only in %s:", a_name);
    int count = only_in(a, b, msg, n);
    used = strlen(msg);
    snprintf(msg + used, n - used, "; only in %s:", b_name);
    count += only_in(b, a, msg, n);
    return count;
}

/* The option at p ("-n" or "--trials"), if one starts there: its length, else 0. */
static size_t opt_at(const char *p)
{
    size_t len = 0;
    if (p[0] != '-')
        return 0;
    if (p[1] == '-' && is_opt_char(p[2]) && p[2] != '-')
        len = 2;
    else if (p[1] != '-' && is_opt_char(p[1]))
        len = 1;
    else
        return 0;
    while (is_opt_char(p[len]))
        len++;
    return len;
}

void ch_help_options(const char *text, struct ch_set *out)
{
    const char *line = text;
    int in_usage = 1;
    while (*line) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        if (n == 0) {
            in_usage = 0;
        } else if (in_usage) {
            /* An option in a usage line starts after a blank, '[' or '|'. */
            for (size_t i = 0; i < n; i++) {
                size_t len;
                if (i > 0 && line[i - 1] != ' ' && line[i - 1] != '[' && line[i - 1] != '|')
                    continue;
                if ((len = opt_at(line + i)) > 0) {
                    ch_set_add(out, line + i, len);
                    i += len;
                }
            }
        } else {
            /* An option line: options (comma-separated) up to the first word that is not one. */
            const char *p = line;
            size_t len;
            while (*p == ' ')
                p++;
            while ((len = opt_at(p)) > 0) {
                ch_set_add(out, p, len);
                p += len;
                if (*p == ',')
                    p++;
                while (*p == ' ')
                    p++;
            }
        }
        line += n + (nl ? 1 : 0);
    }
}

void ch_help_commands(const char *text, struct ch_set *out)
{
    const char *p = strstr(text, "\ncommands:\n");
    cr_assert_not_null(p, "no 'commands:' in drsim --help:\n%s", text);
    p += strlen("\ncommands:\n");
    while (*p && *p != '\n') {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n > 2 && p[0] == ' ' && p[1] == ' ' && p[2] >= 'a' && p[2] <= 'z') {
            size_t len = 0;
            while (is_opt_char(p[2 + len]))
                len++;
            ch_set_add(out, p + 2, len);
        }
        p += n + (nl ? 1 : 0);
    }
}

void ch_command_options(const char *cmd, struct ch_set *out)
{
    char cmdline[512], *text;
    snprintf(cmdline, sizeof cmdline, "%s %s --help", fixture_bin(), cmd);
    int rc = fixture_shell(cmdline, &text);
    cr_assert_eq(rc, 0, "%s: exit %d", cmdline, rc);
    ch_help_options(text, out);
    free(text);
}

void ch_commands(struct ch_set *out)
{
    char cmdline[512], *text;
    snprintf(cmdline, sizeof cmdline, "%s --help", fixture_bin());
    int rc = fixture_shell(cmdline, &text);
    cr_assert_eq(rc, 0, "%s: exit %d", cmdline, rc);
    ch_help_commands(text, out);
    free(text);
    cr_assert_gt(out->n, 0, "no commands in drsim --help");
}
