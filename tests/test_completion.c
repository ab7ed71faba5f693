/* tests/test_completion.c: the bash completion completion/drsim.bash, run the way bash
 * runs it (COMP_WORDS and COMP_CWORD set, _drsim called, COMPREPLY read), in a plain
 * `bash -c` without the bash-completion package; and `drsim check --list`, which it
 * reads the plan's names from. The options it offers are compared with each command's
 * --help (tests/cli_help.h), so the two cannot drift.
 *
 * The binary under test is $DRSIM_BIN (default ./drsim); it is the first word of the
 * completed command lines, so the names come from it. Tests run from the repository's
 * top directory.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/cli_help.h"
#include "tests/fixture.h"

/* Complete the command line `BIN WORDS` at word cword (0 is BIN): WORDS are bash words
 * as in an array literal (no single quotes), e.g. `trace --scenario ""`. The replies,
 * one per line, into *out (malloc'd). */
static void complete(const char *words, int cword, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "bash --norc --noprofile -c 'source completion/drsim.bash || exit 9; "
             "COMP_WORDS=(%s %s); COMP_CWORD=%d; _drsim; "
             "for r in \"${COMPREPLY[@]}\"; do printf \"%%s\\n\" \"$r\"; done' 2>&1",
             fixture_bin(), words, cword);
    int rc = fixture_shell(cmd, out);
    cr_assert_eq(rc, 0, "%s: exit %d: %s", cmd, rc, *out);
}

/* The replies as a set (empty lines dropped). */
static void reply_set(const char *words, int cword, struct ch_set *out)
{
    char *text;
    complete(words, cword, &text);
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n)
            ch_set_add(out, p, n);
        p += n + (nl ? 1 : 0);
    }
    free(text);
}

/* The scenario names of plan file path, read from its text: the keys indented by two
 * spaces under the top-level `scenarios:` key. */
static void yaml_scenarios(const char *path, struct ch_set *out)
{
    char *text = fixture_slurp(path, NULL);
    cr_assert_not_null(text, "%s", path);
    const char *p = strstr(text, "\nscenarios:");
    cr_assert_not_null(p, "no scenarios: in %s", path);
    p = strchr(p + 1, '\n') + 1;
    while (*p && (*p == ' ' || *p == '#' || *p == '\n')) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n > 2 && p[0] == ' ' && p[1] == ' ' && p[2] != ' ' && p[2] != '#') {
            const char *colon = memchr(p, ':', n);
            cr_assert_not_null(colon);
            ch_set_add(out, p + 2, (size_t)(colon - p - 2));
        }
        p += n + (nl ? 1 : 0);
    }
    free(text);
}

static void expect_same(const struct ch_set *got, const char *got_name,
                        const struct ch_set *want, const char *want_name)
{
    char msg[4096];
    cr_expect_eq(ch_set_diff(got, got_name, want, want_name, msg, sizeof msg), 0, "%s", msg);
}

Test(completion, commands)
{
    char *out;
    complete("tr", 1, &out);
    cr_expect_str_eq(out, "trace\n");
    free(out);
    complete("s", 1, &out);
    cr_expect_str_eq(out, "sweep\nsensitivity\n");
    free(out);
    /* Every command of drsim --help, and `help`. */
    struct ch_set got = {{0}, 0}, want = {{0}, 0};
    reply_set("\"\"", 1, &got);
    ch_commands(&want);
    ch_set_add(&want, "help", 4);
    expect_same(&got, "completion", &want, "drsim --help");
    ch_set_fini(&got);
    ch_set_fini(&want);
    complete("--v", 1, &out);
    cr_expect_str_eq(out, "--version\n");
    free(out);
}

/* For every command, `drsim CMD -<TAB>` offers exactly the options of its --help, and
 * --help. */
Test(completion, options_match_help)
{
    struct ch_set cmds = {{0}, 0};
    ch_commands(&cmds);
    for (int i = 0; i < cmds.n; i++) {
        struct ch_set got = {{0}, 0}, want = {{0}, 0};
        char words[256], what[128];
        snprintf(words, sizeof words, "%s -", cmds.name[i]);
        reply_set(words, 2, &got);
        ch_command_options(cmds.name[i], &want);
        ch_set_add(&want, "--help", 6);
        snprintf(what, sizeof what, "drsim %s --help", cmds.name[i]);
        expect_same(&got, "completion", &want, what);
        ch_set_fini(&got);
        ch_set_fini(&want);
    }
    ch_set_fini(&cmds);
    char *out;
    complete("run --no-w", 2, &out);
    cr_expect_str_eq(out, "--no-workbook\n");
    free(out);
}

Test(completion, scenario_names)
{
    struct ch_set got = {{0}, 0}, want = {{0}, 0};
    /* No plan on the line: the built-in plan's, which is scenarios/commcare.yaml. */
    yaml_scenarios("scenarios/commcare.yaml", &want);
    cr_assert_gt(want.n, 1);
    reply_set("trace --scenario \"\"", 3, &got);
    expect_same(&got, "completion", &want, "scenarios/commcare.yaml");
    ch_set_fini(&got);
    ch_set_fini(&want);

    /* The plan given on the line, before or after the option, and --scenario=NAME (bash
     * splits the word at '='). */
    char *out;
    complete("trace tests/data/breach.yaml --scenario \"\"", 4, &out);
    cr_expect_str_eq(out, "outage\n");
    free(out);
    complete("trace --trial 3 --scenario o tests/data/breach.yaml", 5, &out);
    cr_expect_str_eq(out, "outage\n");
    free(out);
    complete("trace tests/data/breach.yaml --scenario = \"\"", 5, &out);
    cr_expect_str_eq(out, "outage\n");
    free(out);
    /* A plan that does not load: nothing, and no error on the terminal. */
    complete("trace tests/data/cli-bad.yaml --scenario \"\"", 4, &out);
    cr_expect_str_empty(out);
    free(out);
}

Test(completion, vary_paths)
{
    char *out;
    complete("sweep --vary stores.pgmain1.backups.daily-copy.sch", 3, &out);
    cr_expect_str_eq(out, "stores.pgmain1.backups.daily-copy.schedule=\n");
    free(out);
    /* From the plan on the line: single-db's store is not the built-in plan's. */
    complete("sweep scenarios/single-db.yaml --vary stores.pgmain1.", 4, &out);
    cr_expect_str_empty(out);
    free(out);
    complete("sweep --vary staffing.roles.devops.cou", 3, &out);
    cr_expect_str_eq(out, "staffing.roles.devops.count=\n");
    free(out);
    /* After the '=', the values are the user's. */
    complete("sweep --vary staffing.roles.devops.count=1", 3, &out);
    cr_expect_str_empty(out);
    free(out);
}

Test(completion, files_and_directories)
{
    char *out;
    complete("run scenarios/tut", 2, &out);
    cr_expect_str_eq(out, "scenarios/tutorial.yaml\n");
    free(out);
    /* -o of run wants a directory: scenarios/ has files and two directories (in the
     * order the directory lists them). */
    complete("run -o scenarios/", 3, &out);
    cr_expect(strstr(out, "scenarios/drills\n") && strstr(out, "scenarios/pages\n") &&
                  !strstr(out, ".yaml"),
              "%s", out);
    free(out);
    complete("calibrate --pages scenarios/pages/c", 3, &out);
    cr_expect_str_eq(out, "scenarios/pages/commcare-pages.csv\n");
    free(out);
    complete("calibrate --drills scenarios/drills/c", 3, &out);
    cr_expect_str_eq(out, "scenarios/drills/commcare-drills.yaml\n");
    free(out);
    complete("check --list st", 3, &out);
    cr_expect_str_eq(out, "stores\nsteps\n");
    free(out);
    /* The plan given, an empty word: the options. */
    complete("run scenarios/tutorial.yaml \"\"", 3, &out);
    cr_expect(strstr(out, "--strict\n") != NULL, "%s", out);
    free(out);
}

/* `drsim check --list`, which the completion reads. */
Test(completion, check_list)
{
    struct ch_set got = {{0}, 0}, want = {{0}, 0};
    char *out;
    cr_assert_eq(fixture_drsim(NULL, "check --list scenarios", &out), 0, "%s", out);
    for (const char *p = out; *p;) {
        const char *nl = strchr(p, '\n');
        cr_assert_not_null(nl);
        ch_set_add(&got, p, (size_t)(nl - p));
        p = nl + 1;
    }
    free(out);
    yaml_scenarios("scenarios/commcare.yaml", &want);
    expect_same(&got, "check --list scenarios", &want, "scenarios/commcare.yaml");
    ch_set_fini(&got);
    ch_set_fini(&want);

    cr_assert_eq(fixture_drsim(NULL, "check tests/data/breach.yaml --list scenarios", &out), 0);
    cr_expect_str_eq(out, "outage\n");
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "check --list stores", &out), 0);
    cr_expect(strncmp(out, "pgmain1\n", 8) == 0, "%s", out);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "check -l roles", &out), 0);
    cr_expect(strstr(out, "oncall-primary\n") != NULL, "%s", out);
    free(out);
    /* Steps: each name once, though both runbooks have a 'detect' step. */
    cr_assert_eq(fixture_drsim(NULL, "check --list steps", &out), 0);
    const char *first = strstr(out, "detect\n");
    cr_expect(first == out, "%s", out);
    cr_expect(first && strstr(first + 1, "\ndetect\n") == NULL, "detect twice:\n%s", out);
    free(out);
    /* Paths: the values a sweep varies, not free text nor names. */
    cr_assert_eq(fixture_drsim(NULL, "check --list paths", &out), 0);
    cr_expect(strstr(out, "\nstores.pgmain1.backups.daily-copy.schedule\n") != NULL, "%s", out);
    cr_expect(strstr(out, "\nstaffing.roles.devops.count\n") != NULL);
    cr_expect(strstr(out, "plan.name\n") == NULL, "free text listed");
    free(out);
    cr_expect_eq(fixture_drsim(NULL, "sweep --vary plan.name=x -n 10", &out), 2, "%s", out);
    free(out);

    /* Errors: an unknown kind, a plan that does not load, check without a plan. */
    cr_assert_eq(fixture_drsim(NULL, "check --list people", &out), 2);
    cr_expect(strstr(out, "--list takes scenarios, stores, roles, steps or paths (got 'people')"),
              "%s", out);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "check tests/data/cli-bad.yaml --list scenarios", &out), 2);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "check", &out), 2);
    cr_expect(strstr(out, "usage: drsim check PLAN") != NULL, "%s", out);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "check --list", &out), 2);
    cr_expect(strstr(out, "option --list needs a value") != NULL, "%s", out);
    free(out);
}
