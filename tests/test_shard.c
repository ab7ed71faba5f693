/* tests/test_shard.c: `drsim run --shard I/K` and `drsim merge`: the merged outputs carry
 * exactly the figures of one run (summary.json byte for byte but for the timing fields),
 * whatever the number of shards and the threads of each; merge refuses what cannot be
 * one run; --shard refuses what is not a shard. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fixture.h"

#define PLAN "bench/small.yaml"

/* summary.json of dir without the fields that say how the run was made rather than what
 * it found (threads, elapsed time, the command with its -j): the rest must be identical. */
static char *figures(const char *dir)
{
    char cmd[512], *out = NULL;
    snprintf(cmd, sizeof cmd, "grep -v -E '^  \"(threads|elapsed_s|command)\":' %s/summary.json",
             dir);
    cr_assert_eq(fixture_shell(cmd, &out), 0, "%s", out);
    return out;
}

/* dir/a and dir/b hold the same figures. */
static void same_figures(const char *dir, const char *a, const char *b)
{
    char p[128];
    char *x = figures((snprintf(p, sizeof p, "%s/%s", dir, a), p));
    char *y = figures((snprintf(p, sizeof p, "%s/%s", dir, b), p));
    cr_assert_str_eq(y, x, "%s/%s and %s/%s differ", dir, a, dir, b);
    free(x);
    free(y);
}

static void run_ok(const char *args)
{
    char *out = NULL;
    int rc = fixture_drsim(NULL, args, &out);
    cr_assert_eq(rc, 0, "drsim %s\n%s", args, out);
    free(out);
}

/* The whole run, then three shards (one of them on two threads) merged, then two shards:
 * the same figures each time, also for a plan whose trial count does not divide evenly
 * and slices that cut MC_CHUNK units in the middle. */
Test(shard, merged_shards_give_the_figures_of_one_run, .timeout = 240)
{
    char dir[64], args[1024];
    fixture_tmpdir(dir, "shard");
    snprintf(args, sizeof args, "run " PLAN " -n 10007 --seed 5 -j 2 -q --no-charts "
             "--no-workbook -o %s/whole", dir);
    run_ok(args);
    for (int k = 2; k <= 3; k++) {
        for (int i = 1; i <= k; i++) {
            snprintf(args, sizeof args, "run " PLAN " -n 10007 --seed 5 -j %d -q --shard %d/%d "
                     "-o %s/k%d-%d", i == 2 ? 2 : 1, i, k, dir, k, i);
            run_ok(args);
        }
        /* Given in another order than their numbers: merge sorts them. */
        if (k == 2)
            snprintf(args, sizeof args, "merge %s/k2-2 %s/k2-1 -q --no-charts --no-workbook "
                     "-o %s/m2", dir, dir, dir);
        else
            snprintf(args, sizeof args, "merge %s/k3-3 %s/k3-1 %s/k3-2/partial.drsim -q "
                     "--no-charts --no-workbook -o %s/m3", dir, dir, dir, dir);
        run_ok(args);
    }
    char p[128];
    char *whole = figures((snprintf(p, sizeof p, "%s/whole", dir), p));
    char *m2 = figures((snprintf(p, sizeof p, "%s/m2", dir), p));
    char *m3 = figures((snprintf(p, sizeof p, "%s/m3", dir), p));
    cr_assert_str_eq(m2, whole);
    cr_assert_str_eq(m3, whole);
    /* It says which run it reproduces: the plain run, not the merge. */
    char *json = fixture_slurp((snprintf(p, sizeof p, "%s/m3/summary.json", dir), p), NULL);
    cr_assert(strstr(json, " drsim run bench/small.yaml -n 10007 --seed 5 -j "), "%s", json);
    free(json);
    free(whole);
    free(m2);
    free(m3);
    fixture_rm_rf(dir);
}

/* Shards and merges of the built-in plan, with every report (charts, workbook, pack): a
 * merge writes the whole output set, and its figures are the run's. */
Test(shard, the_built_in_plan_with_every_output, .timeout = 300)
{
    char dir[64], args[1024];
    fixture_tmpdir(dir, "shard-builtin");
    snprintf(args, sizeof args, "run -n 3000 -q --no-decision-curve -o %s/whole", dir);
    run_ok(args);
    for (int i = 1; i <= 2; i++) {
        snprintf(args, sizeof args, "run -n 3000 -q --shard %d/2 -o %s/s%d", i, dir, i);
        run_ok(args);
    }
    snprintf(args, sizeof args, "merge %s/s1 %s/s2 -q --no-decision-curve -o %s/m", dir, dir, dir);
    run_ok(args);
    same_figures(dir, "whole", "m");
    snprintf(args, sizeof args, "test -s %s/m/commcare-production-dr-review.xlsx && "
             "test -s %s/m/commcare-production-review-pack.pdf && test -s %s/m/manifest.json",
             dir, dir, dir);
    cr_assert_eq(fixture_shell(args, NULL), 0);
    fixture_rm_rf(dir);
}

/* What is not a shard: exit 2 and the reason. */
Test(shard, bad_shard_arguments_are_refused)
{
    static const struct { const char *arg, *msg; } bad[] = {
        {"3/2", "--shard: shard 3 of 2 does not exist (shards are numbered from 1 to 2)"},
        {"0/2", "--shard: shards are numbered from 1 to K (got shard 0)"},
        {"1/0", "--shard: K, the number of shards, runs from 1 to 4294967295"},
        {"2", "--shard: takes I/K, shard I of K, e.g. 2/8 (a '/' is missing here)"},
        {"a/2", "--shard: takes I/K, shard I of K, e.g. 2/8"},
        {"1/2x", "--shard: takes I/K, shard I of K, e.g. 2/8 (K is not a whole number)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char args[256], *out = NULL;
        snprintf(args, sizeof args, "run " PLAN " -n 10 -q --shard %s -o /nonexistent/x",
                 bad[i].arg);
        int rc = fixture_drsim(NULL, args, &out);
        cr_assert_eq(rc, 2, "--shard %s: exit %d\n%s", bad[i].arg, rc, out);
        cr_assert(strstr(out, bad[i].msg), "--shard %s:\n%s", bad[i].arg, out);
        free(out);
    }
    /* Options that are the merge's, not a shard's. */
    char *out = NULL;
    int rc = fixture_drsim(NULL, "run " PLAN " -n 10 -q --shard 1/2 --drills x.yaml "
                           "-o /nonexistent/x", &out);
    cr_assert_eq(rc, 2, "%s", out);
    cr_assert(strstr(out, "--drills with --shard: a shard writes only its partial result; "
                          "give --drills to drsim merge"), "%s", out);
    free(out);
}

/* More shards than units of MC_CHUNK trials: a shard may be empty (it says so), and the
 * merge of all of them is still the run. */
Test(shard, empty_slices_merge, .timeout = 120)
{
    char dir[64], args[1024], *out = NULL;
    fixture_tmpdir(dir, "shard-empty");
    snprintf(args, sizeof args, "run " PLAN " -n 5000 -q --no-charts --no-workbook -o %s/whole",
             dir);
    run_ok(args);
    for (int i = 1; i <= 3; i++) {
        snprintf(args, sizeof args, "run " PLAN " -n 5000 -q --shard %d/3 -o %s/s%d", i, dir, i);
        cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
        if (i == 1)
            cr_assert(strstr(out, "shard 1/3 of bench/small.yaml: no trials"), "%s", out);
        else
            cr_assert(strstr(out, i == 2 ? "trials 0 to 4095 of 5000" : "trials 4096 to 4999"),
                      "%s", out);
        free(out);
    }
    snprintf(args, sizeof args, "merge %s/s1 %s/s2 %s/s3 -q --no-charts --no-workbook -o %s/m",
             dir, dir, dir, dir);
    run_ok(args);
    same_figures(dir, "whole", "m");
    fixture_rm_rf(dir);
}

/* Merge refuses shards of other plans, seeds, trial counts or shard counts, a shard given
 * twice, a missing shard, a damaged file and a directory that is no shard. */
Test(shard, merge_refuses_what_is_not_one_run, .timeout = 240)
{
    char dir[64], args[1024], *out = NULL;
    fixture_tmpdir(dir, "shard-refuse");
    static const char *const runs[][2] = {
        {"a1", "run " PLAN " -n 400 --seed 1 --shard 1/2"},
        {"a2", "run " PLAN " -n 400 --seed 1 --shard 2/2"},
        {"seed", "run " PLAN " -n 400 --seed 2 --shard 2/2"},
        {"n", "run " PLAN " -n 500 --seed 1 --shard 2/2"},
        {"k", "run " PLAN " -n 400 --seed 1 --shard 2/3"},
        {"plan", "run tests/data/sweep-cadence.yaml -n 400 --seed 1 --shard 2/2"},
    };
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        snprintf(args, sizeof args, "%s -q -o %s/%s", runs[i][1], dir, runs[i][0]);
        run_ok(args);
    }
    static const struct { const char *dirs, *msg; } bad[] = {
        {"a1 seed", "ran seed 1 and"},
        {"a1 n", "is a slice of 400 trials and"},
        {"a1 k", "is shard 1/2 and"},
        {"a1 plan", "simulated different plans"},
        {"a1 a1", "shard 1/2 is given twice"},
        {"a1", "shard 2 of 2 is missing (1 of the 2 shards given)"},
        {"a2", "shard 1 of 2 is missing"},
        {"nothing", "cannot read"},
        {"a1 a2 -n 5", "-n: the trials and the seed are the shards'"},
        {"a1 a2 --trials-csv x.csv", "--trials-csv: a row per trial needs every trial in one "
                                     "process"},
        {"a1 a2 --shard 1/2", "--shard: merge combines the shards; it is not one"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char list[512] = "", *save = NULL, copy[64];
        snprintf(copy, sizeof copy, "%s", bad[i].dirs);
        for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
            size_t l = strlen(list);
            if (*t == '-' || (*t >= '0' && *t <= '9') || strchr(t, '.'))
                snprintf(list + l, sizeof list - l, " %s", t); /* an option or its value */
            else
                snprintf(list + l, sizeof list - l, " %s/%s", dir, t);
        }
        snprintf(args, sizeof args, "merge%s -q -o %s/out", list, dir);
        int rc = fixture_drsim(NULL, args, &out);
        cr_assert_eq(rc, 2, "merge%s: exit %d\n%s", list, rc, out);
        cr_assert(strstr(out, bad[i].msg), "merge%s:\n%s", list, out);
        free(out);
    }
    /* A damaged shard file: one byte changed, then cut short. */
    snprintf(args, sizeof args, "cp -r %s/a2 %s/bad && printf 'X' | dd of=%s/bad/partial.drsim "
             "bs=1 seek=200 conv=notrunc 2>/dev/null", dir, dir, dir);
    cr_assert_eq(fixture_shell(args, NULL), 0);
    snprintf(args, sizeof args, "merge %s/a1 %s/bad -q -o %s/out", dir, dir, dir);
    int rc = fixture_drsim(NULL, args, &out);
    cr_assert_eq(rc, 2, "%s", out);
    cr_assert(strstr(out, "is damaged: its checksum does not match its contents"), "%s", out);
    free(out);
    snprintf(args, sizeof args, "truncate -s 100 %s/bad/partial.drsim", dir);
    cr_assert_eq(fixture_shell(args, NULL), 0);
    snprintf(args, sizeof args, "merge %s/a1 %s/bad -q -o %s/out", dir, dir, dir);
    rc = fixture_drsim(NULL, args, &out);
    cr_assert_eq(rc, 2, "%s", out);
    cr_assert(strstr(out, "is damaged") || strstr(out, "is cut short"), "%s", out);
    free(out);
    /* Nothing was written by the refused merges. */
    snprintf(args, sizeof args, "test ! -e %s/out/summary.json", dir);
    cr_assert_eq(fixture_shell(args, NULL), 0);
    fixture_rm_rf(dir);
}

/* A sweep and a Sobol analysis as shards: every point's trials split, the merge the
 * whole command's outputs (sweep.json, sensitivity.json identical but for the elapsed
 * time). */
Test(shard, sweep_and_sobol_shards_merge, .timeout = 300)
{
    char dir[64], args[1024], cmd[1024];
    fixture_tmpdir(dir, "shard-sweep");
    static const struct { const char *name, *words, *json; } c[] = {
        {"sweep", "sweep " PLAN " --vary stores.db.backups.nightly.failure=1%,10% -n 6000",
         "sweep.json"},
        {"sobol", "sensitivity " PLAN " --method sobol --samples 8 --bootstrap 20 -n 4500",
         "sensitivity.json"},
    };
    for (size_t t = 0; t < sizeof c / sizeof c[0]; t++) {
        snprintf(args, sizeof args, "%s -q --no-charts -o %s/%s-whole", c[t].words, dir,
                 c[t].name);
        run_ok(args);
        for (int i = 1; i <= 2; i++) {
            snprintf(args, sizeof args, "%s -q --shard %d/2 -o %s/%s-%d", c[t].words, i, dir,
                     c[t].name, i);
            run_ok(args);
        }
        snprintf(args, sizeof args, "merge %s/%s-2 %s/%s-1 -q -o %s/%s-m", dir, c[t].name, dir,
                 c[t].name, dir, c[t].name);
        run_ok(args);
        snprintf(cmd, sizeof cmd, "diff <(grep -v elapsed_s %s/%s-whole/%s) "
                 "<(grep -v elapsed_s %s/%s-m/%s)", dir, c[t].name, c[t].json, dir, c[t].name,
                 c[t].json);
        char *out = NULL, bash[1200];
        snprintf(bash, sizeof bash, "bash -c '%s'", cmd);
        cr_assert_eq(fixture_shell(bash, &out), 0, "%s: the merged %s differs:\n%s", c[t].name,
                     c[t].json, out);
        free(out);
    }
    /* Shards of different commands are not one run. */
    char *out = NULL;
    snprintf(args, sizeof args, "merge %s/sweep-1 %s/sobol-2 -q -o %s/x", dir, dir, dir);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 2, "%s", out);
    cr_assert(strstr(out, "are shards of different commands (drsim sweep, 3 runs of the "
                          "engine; drsim sensitivity"), "%s", out);
    free(out);
    /* A sweep shard that would play no trials: refused, with the largest K that works. */
    snprintf(args, sizeof args, "sweep " PLAN " --vary stores.db.backups.nightly.failure=1%%,10%% "
             "-n 5000 -q --shard 1/3 -o %s/empty", dir);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 2, "%s", out);
    cr_assert(strstr(out, "--shard 1/3: 5000 trials make 2 units of 4096 trials, fewer than "
                          "the shards: this shard would play none (use at most 2 shards"),
              "%s", out);
    free(out);
    fixture_rm_rf(dir);
}
