/* tests/test_cli.c: the drsim command as a user runs it: exit codes, outputs, the
 * determinism of summary.json across thread counts, and trace reproducing a trial of run.
 *
 * The outputs of run as one set: a manifest with every file's SHA-256, plain 0644 modes,
 * and the previous set kept whole when a run is killed (SIGKILL, SIGINT, SIGTERM) or a
 * write fails.
 *
 * The binary under test is $DRSIM_BIN (default ./drsim, built by `make test`). Tests run
 * from the repository's top directory.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "models/units.h"
#include "tests/fixture.h"
#include "tests/outset_check.h"

/* Drop the lines that legitimately differ between runs (thread count, wall time). */
static void drop_run_lines(char *s)
{
    char *w = s;
    for (char *line = s; *line;) {
        char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) + 1 : strlen(line);
        /* the command names -j and the run date (cli/reproduce.h) */
        if (!strstr(line, "\"threads\"") && !strstr(line, "\"elapsed_s\"") &&
            !strstr(line, "\"command\"")) {
            memmove(w, line, n);
            w += n;
        }
        line += n;
    }
    *w = '\0';
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
                           "scenarios/single-db.yaml", "scenarios/warm-standby.yaml",
                           "scenarios/ransomware.yaml"};
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
    struct jsonio_doc *doc = fixture_json("build/cli-trace/summary.json");
    const struct jsonio_value *root = jsonio_root(doc);
    /* scenarios in plan order: zone (0), region (1) */
    for (int s = 0; s < 2; s++) {
        char where[64];
        snprintf(where, sizeof where, "scenarios[%d].median_rto_trial", s);
        double k = fixture_json_num(root, where);
        snprintf(where, sizeof where, "scenarios[%d].rto.p50_s", s);
        double p50 = fixture_json_num(root, where);
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
    jsonio_free(doc);
}

/* An empty -o is refused with a message (it was read past its end). */
Test(cli, empty_output_directory_is_refused)
{
    char *out;
    cr_assert_eq(fixture_drsim(NULL, "run scenarios/single-db.yaml -n 10 -q -o ''", &out), 3);
    cr_assert_str_eq(out, "drsim: error: cannot create output directory '': No such file or "
                          "directory\n");
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "sensitivity scenarios/single-db.yaml -n 10 -q -o ''", &out), 3);
    cr_assert_str_eq(out, "drsim: error: cannot create output directory '': No such file or "
                          "directory\n");
    free(out);
}

/* -n and -j say the range they accept, which starts at 1 (0 was announced as accepted). */
Test(cli, count_options_state_their_real_range)
{
    char *out;
    cr_assert_eq(fixture_drsim(NULL, "run -n 0 -o build/cli-x", &out), 2);
    cr_assert_str_eq(out, "drsim: error: -n takes a whole number from 1 to 4294967295 (got \"0\")\n");
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "run -n 4294967296 -o build/cli-x", &out), 2);
    cr_assert_str_eq(out, "drsim: error: -n takes a whole number from 1 to 4294967295 "
                          "(got \"4294967296\")\n");
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "run -n -5 -o build/cli-x", &out), 2);
    cr_assert_str_eq(out, "drsim: error: -n takes a whole number from 1 to 4294967295 (got \"-5\")\n");
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "sweep --vary x=1,2 -j 0", &out), 2);
    cr_assert_str_eq(out, "drsim: error: -j takes a whole number from 1 to 256 (got \"0\")\n");
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "trace --scenario zone --trial 1 --seed x", &out), 2);
    cr_assert(strstr(out, "--seed takes a whole number from 0 to ") != NULL, "%s", out);
    free(out);
    /* Seeds stop at 2^63 - 1, the largest integer every JSON output can hold exactly. */
    cr_assert_eq(fixture_drsim(NULL, "run -n 10 --seed 9223372036854775808 -o build/cli-x", &out),
                 2);
    cr_assert_str_eq(out, "drsim: error: --seed takes a whole number from 0 to "
                          "9223372036854775807 (got \"9223372036854775808\")\n");
    free(out);
}

static void umask_022(void)
{
    umask(022);
}

/* The previous set for the tests below: a full run (workbook, charts, pack). */
static char *previous_set(const char *dir)
{
    char args[256], path[128], *out;
    snprintf(args, sizeof args, "run scenarios/single-db.yaml -n 500 -q -o %s", dir);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    free(out);
    cr_assert_eq(oc_check_set(dir, 0), 45);
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    char *m = fixture_slurp(path, NULL);
    cr_assert_not_null(m);
    return m;
}

/* The previous set is there, whole and unchanged. */
static void expect_previous(const char *dir, const char *manifest, int allow_stage)
{
    char path[128];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    char *now = fixture_slurp(path, NULL);
    cr_assert_not_null(now);
    cr_assert_str_eq(now, manifest, "the manifest changed");
    free(now);
    cr_assert_eq(oc_check_set(dir, allow_stage), 45);
}

/* Start a long run into dir and wait until it is writing its files (summary.json staged;
 * the Trials sheets then take seconds). */
static pid_t start_writing(const char *dir)
{
    char args[256], staged[256];
    snprintf(args, sizeof args, "run scenarios/single-db.yaml -n 20000 --trials-sheet -q -o %s",
             dir);
    pid_t pid = oc_spawn(args, 0);
    for (int i = 0; i < 60000 && !oc_staged_path(dir, "summary.json", staged, sizeof staged); i++)
        oc_sleep_ms(2);
    for (int i = 0; i < 60000 && access(staged, F_OK) != 0; i++)
        oc_sleep_ms(2);
    cr_assert_eq(access(staged, F_OK), 0, "the run never started writing");
    return pid;
}

/* Every file of run is in the manifest with its SHA-256, 0644 (summary.json was 0600),
 * the manifest changed last; the lines "wrote ..." name them. */
Test(cli, run_publishes_a_set_with_a_manifest, .init = umask_022)
{
    char dir[64], args[256], *out;
    fixture_tmpdir(dir, "cli-set");
    snprintf(args, sizeof args, "run scenarios/single-db.yaml -n 500 -q -o %s", dir);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    char want[128];
    snprintf(want, sizeof want, "wrote %s/manifest.json", dir);
    cr_assert(strstr(out, want) != NULL, "%s", out);
    free(out);
    cr_assert_eq(oc_check_set(dir, 0), 45);
    char path[128];
    struct stat st;
    snprintf(path, sizeof path, "%s/summary.json", dir);
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(st.st_mode & 07777, 0644);
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    char *m = fixture_slurp(path, NULL);
    cr_assert(strstr(m, "\"path\": \"summary.json\"") && strstr(m, "\"seed\": 1") &&
              strstr(m, "\"trials\": 500") && strstr(m, "\"file\": \"scenarios/single-db.yaml\""),
              "%s", m);
    free(m);
    /* A run without charts replaces the set whole: the charts of the previous set go. */
    snprintf(args, sizeof args, "run scenarios/single-db.yaml -n 500 -q --no-charts -o %s", dir);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    free(out);
    cr_assert_eq(oc_check_set(dir, 0), 2);
    snprintf(path, sizeof path, "%s/charts", dir);
    cr_assert_eq(access(path, F_OK), -1);
    fixture_rm_rf(dir);
}

/* kill -9 while the files are written: the previous set stays whole (the manifest's
 * hashes still match); the next run removes the staging directory left behind. */
Test(cli, run_killed_mid_write_keeps_the_previous_set, .init = umask_022, .timeout = 300)
{
    char dir[64], args[256], *out;
    fixture_tmpdir(dir, "cli-kill");
    char *before = previous_set(dir);
    pid_t pid = start_writing(dir);
    kill(pid, SIGKILL);
    cr_assert_eq(oc_wait(pid), -SIGKILL);
    cr_assert(oc_has_temporaries(dir), "expected the killed run's staging directory");
    expect_previous(dir, before, 1);
    snprintf(args, sizeof args, "run scenarios/single-db.yaml -n 300 -q --no-charts -o %s", dir);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    free(out);
    cr_assert_not(oc_has_temporaries(dir));
    cr_assert_eq(oc_check_set(dir, 0), 2);
    free(before);
    fixture_rm_rf(dir);
}

/* kill -9 during the simulation of a first run: nothing but the staging directory, which
 * the next run removes. */
Test(cli, run_killed_mid_simulation_leaves_nothing_behind, .init = umask_022, .timeout = 300)
{
    char dir[64], args[256], *out;
    fixture_tmpdir(dir, "cli-kill");
    snprintf(args, sizeof args, "run scenarios/single-db.yaml -n 2000000 -j 1 -q -o %s", dir);
    pid_t pid = oc_spawn(args, 0);
    oc_sleep_ms(700);
    kill(pid, SIGKILL);
    oc_wait(pid);
    char path[128];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    cr_assert_eq(access(path, F_OK), -1, "a 2,000,000-trial run finished within 0.7 s");
    snprintf(args, sizeof args, "run scenarios/single-db.yaml -n 300 -q --no-charts -o %s", dir);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    free(out);
    cr_assert_not(oc_has_temporaries(dir));
    cr_assert_eq(oc_check_set(dir, 0), 2);
    fixture_rm_rf(dir);
}

/* Ctrl-C while writing, SIGTERM and SIGHUP while simulating: exit 130, 143 and 129, the
 * previous set whole, no temporaries left. */
Test(cli, run_interrupted_exits_130_or_143_and_cleans_up, .init = umask_022, .timeout = 300)
{
    char dir[64], args[256];
    fixture_tmpdir(dir, "cli-int");
    char *before = previous_set(dir);
    pid_t pid = start_writing(dir);
    kill(pid, SIGINT);
    cr_assert_eq(oc_wait(pid), 130);
    cr_assert_not(oc_has_temporaries(dir));
    expect_previous(dir, before, 0);

    snprintf(args, sizeof args, "run scenarios/single-db.yaml -n 2000000 -j 1 -q -o %s", dir);
    pid = oc_spawn(args, 0);
    oc_wait_stage(dir);
    oc_sleep_ms(200);
    kill(pid, SIGTERM);
    cr_assert_eq(oc_wait(pid), 143);
    cr_assert_not(oc_has_temporaries(dir));
    expect_previous(dir, before, 0);

    /* The terminal closed: SIGHUP, 129. */
    pid = oc_spawn(args, 0);
    oc_wait_stage(dir);
    kill(pid, SIGHUP);
    cr_assert_eq(oc_wait(pid), 129);
    cr_assert_not(oc_has_temporaries(dir));
    expect_previous(dir, before, 0);
    free(before);
    fixture_rm_rf(dir);
}

/* A write that fails (files limited to 100 kB, as a full disk would: the workbook is
 * bigger) exits 3 and leaves the previous set whole and no temporaries. */
Test(cli, run_failing_write_keeps_the_previous_set, .init = umask_022, .timeout = 300)
{
    char dir[64], args[256];
    fixture_tmpdir(dir, "cli-full");
    char *before = previous_set(dir);
    snprintf(args, sizeof args, "run scenarios/single-db.yaml -n 500 -q -o %s", dir);
    cr_assert_eq(oc_wait(oc_spawn(args, 100000)), 3);
    cr_assert_not(oc_has_temporaries(dir));
    expect_previous(dir, before, 0);
    free(before);
    fixture_rm_rf(dir);
}

/* An output directory whose files' paths would pass 4,096 bytes: the error shows the
 * whole path (it was cut at 4,096 bytes, and the files written under the cut name). */
Test(cli, long_output_path_is_shown_whole, .init = umask_022)
{
    char base[64];
    fixture_tmpdir(base, "cli-long");
    size_t n = strlen(base);
    char dir[4200];
    memcpy(dir, base, n + 1);
    while (n < 4085) {
        size_t k = 4085 - n < 200 ? 4085 - n : 200;
        if (k < 2)
            break;
        dir[n++] = '/';
        memset(dir + n, 'd', k - 1);
        n += k - 1;
        dir[n] = '\0';
    }
    char *cmd = malloc(n + 256), *out;
    snprintf(cmd, n + 256, "%s run scenarios/single-db.yaml -n 100 -q -o %s 2>&1", fixture_bin(),
             dir);
    int rc = fixture_shell(cmd, &out);
    cr_assert_eq(rc, 3, "exit %d: %.300s", rc, out);
    /* The directory whole, in quotes, and no file name cut short after it (the summary
     * was announced as "DIR/summary.j"). */
    char *quoted = malloc(n + 3);
    snprintf(quoted, n + 3, "'%s'", dir);
    cr_assert(strstr(out, quoted) != NULL, "the path is not shown whole: %.300s", out);
    const char *cut = strstr(out, "/summary.j");
    cr_assert(!cut || strncmp(cut, "/summary.json", 13) == 0, "a cut path: %s", cut);
    cr_assert(strstr(out, "File name too long") != NULL, "%.300s", out);
    free(quoted);
    /* Nothing was written under a cut name. */
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    struct dirent *e;
    int entries = 0;
    while ((e = readdir(d)) != NULL)
        entries += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    cr_assert_eq(entries, 0);
    free(out);
    free(cmd);
    fixture_rm_rf(base);
}
