/* tests/test_cli.c: the drsim command as a user runs it: exit codes, outputs, the
 * determinism of summary.json across thread counts, and trace reproducing a trial of run.
 *
 * The binary under test is $DRSIM_BIN (default ./drsim, built by `make test`). Tests run
 * from the repository's top directory.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "models/units.h"
#include "tests/fixture.h"

/* Drop the lines that legitimately differ between runs (thread count, wall time). */
static void drop_run_lines(char *s)
{
    char *w = s;
    for (char *line = s; *line;) {
        char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) + 1 : strlen(line);
        if (!strstr(line, "\"threads\"") && !strstr(line, "\"elapsed_s\"")) {
            memmove(w, line, n);
            w += n;
        }
        line += n;
    }
    *w = '\0';
}

/* The number after "key": at the n-th occurrence (0-based) of the key. */
static double json_number(const char *json, const char *key, int nth)
{
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    const char *p = json;
    for (int i = 0; i <= nth; i++) {
        p = strstr(p, pat);
        cr_assert_not_null(p, "key %s #%d not in summary.json", key, nth);
        p += strlen(pat);
    }
    return strtod(p, NULL);
}

Test(cli, version_and_help)
{
    char *out;
    cr_assert_eq(fixture_drsim(NULL, "--version", &out), 0);
    cr_assert(strstr(out, "drsim ") == out, "got: %s", out);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "run --help", &out), 0);
    cr_assert(strstr(out, "usage: drsim run") != NULL);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "frobnicate", &out), 2);
    cr_assert(strstr(out, "unknown command 'frobnicate'") != NULL, "got: %s", out);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "", NULL), 2);
}

Test(cli, shipped_plans_pass_check)
{
    const char *plans[] = {"scenarios/commcare.yaml", "scenarios/tutorial.yaml",
                           "scenarios/single-db.yaml", "scenarios/warm-standby.yaml"};
    for (size_t i = 0; i < sizeof plans / sizeof plans[0]; i++) {
        char args[256], *out;
        snprintf(args, sizeof args, "check %s", plans[i]);
        int rc = fixture_drsim(NULL, args, &out);
        cr_expect_eq(rc, 0, "%s: exit %d: %s", plans[i], rc, out);
        cr_expect(strstr(out, ": ok: plan") != NULL, "%s: %s", plans[i], out);
        free(out);
    }
}

Test(cli, check_exit_codes)
{
    char *out;
    cr_assert_eq(fixture_drsim(NULL, "check tests/no-such-plan.yaml", &out), 3, "%s", out);
    cr_assert(strstr(out, "tests/no-such-plan.yaml") != NULL, "%s", out);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "check", &out), 2);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "check tests/data/cli-bad.yaml", &out), 2, "%s", out);
    cr_assert(strstr(out, "tests/data/cli-bad.yaml:") != NULL, "%s", out);
    cr_assert(strstr(out, "error: ") != NULL, "%s", out);
    free(out);
}

Test(cli, example_prints_the_builtin_plan)
{
    char *out;
    cr_assert_eq(fixture_drsim(NULL, "example", &out), 0);
    char *want = fixture_slurp("scenarios/commcare.yaml", NULL);
    cr_assert_not_null(want);
    cr_assert_str_eq(out, want);
    free(out);
    free(want);
}

Test(cli, bad_arguments)
{
    char *out;
    cr_assert_eq(fixture_drsim(NULL, "run -n abc -o build/cli-x", &out), 2);
    cr_assert(strstr(out, "-n takes") != NULL, "%s", out);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "run -j 0 -o build/cli-x", &out), 2);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "run --bogus", &out), 2);
    cr_assert(strstr(out, "unknown option '--bogus'") != NULL, "%s", out);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "trace --scenario nope --trial 1", &out), 2);
    cr_assert(strstr(out, "no scenario 'nope'") != NULL, "%s", out);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "trace --scenario zone", &out), 2);
    free(out);
}

Test(cli, unwritable_output_is_an_io_error)
{
    char *out;
    cr_assert_eq(
        fixture_drsim(NULL, "run scenarios/single-db.yaml -n 100 -q -o /proc/drsim-test", &out), 3,
        "%s", out);
    cr_assert(strstr(out, "cannot create output directory") != NULL, "%s", out);
    free(out);
}

Test(cli, strict_exits_1_on_breach)
{
    char *out;
    int rc = fixture_drsim(
        NULL, "run tests/data/breach.yaml -n 2000 -q -o build/cli-strict --strict", &out);
    cr_assert_eq(rc, 1, "exit %d: %s", rc, out);
    cr_assert(strstr(out, "breach") != NULL, "%s", out);
    free(out);
    rc = fixture_drsim(NULL, "run tests/data/breach.yaml -n 2000 -q -o build/cli-strict", &out);
    cr_assert_eq(rc, 0, "exit %d: %s", rc, out);
    free(out);
}

/* Same plan and seed give the same figures whatever the thread count. */
Test(cli, summary_identical_for_1_and_2_threads)
{
    char *out;
    cr_assert_eq(fixture_drsim(NULL, "run -n 30000 --seed 7 -j 1 -q -o build/cli-j1", &out), 0,
                 "%s", out);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "run -n 30000 --seed 7 -j 2 -q -o build/cli-j2", &out), 0,
                 "%s", out);
    free(out);
    char *a = fixture_slurp("build/cli-j1/summary.json", NULL),
         *b = fixture_slurp("build/cli-j2/summary.json", NULL);
    cr_assert_not_null(a);
    cr_assert_not_null(b);
    cr_assert(strstr(a, "\"threads\": 1") != NULL);
    cr_assert(strstr(b, "\"threads\": 2") != NULL);
    drop_run_lines(a);
    drop_run_lines(b);
    cr_assert_str_eq(a, b);
    free(a);
    free(b);
}

/* trace --trial K replays exactly the trial run computed: the median-RTO trial that the
 * summary names must show the summary's P50 RTO (n odd, so P50 is that order statistic). */
Test(cli, trace_reproduces_the_median_trial)
{
    char *out;
    cr_assert_eq(fixture_drsim(NULL, "run -n 20001 --seed 11 -j 2 -q -o build/cli-trace", &out), 0,
                 "%s", out);
    free(out);
    char *json = fixture_slurp("build/cli-trace/summary.json", NULL);
    cr_assert_not_null(json);
    /* scenarios in plan order: zone (0), region (1) */
    for (int s = 0; s < 2; s++) {
        double k = json_number(json, "median_rto_trial", s);
        /* "rto" percentiles are the first p50_s of each scenario block */
        const char *block = json;
        for (int i = 0; i <= s; i++) {
            block = strstr(block, "\"destroys\"");
            cr_assert_not_null(block);
            block++;
        }
        double p50 = json_number(block, "p50_s", 0);
        char args[256], want[64], dur[32];
        snprintf(args, sizeof args, "trace --scenario %s --trial %.0f --seed 11",
                 s == 0 ? "zone" : "region", k);
        cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
        snprintf(want, sizeof want, ": RTO %s,", units_format_duration(p50, dur, sizeof dur));
        cr_expect(strstr(out, want) != NULL, "scenario %d trial %.0f: want '%s' in:\n%s", s, k,
                  want, out);
        cr_expect(strstr(out, "SERVICE RESTORED") != NULL);
        free(out);
    }
    free(json);
}
