/* tests/test_workbook.c: the auditor's workbook (reports/workbook.h) and the plan inputs
 * it lists (plan->inputs, recorded by the loader).
 *
 * Workbooks are written into build/test-workbook/<test>/ next to summary.json from the
 * same results, and checked by tests/check_workbook.py under Debian's Python
 * (/usr/bin/python3 sees python3-openpyxl): sheets and headers, formulas with stored
 * values that agree with summary.json, BIA checks, trial sheets. A checker failure
 * fails the test and its output is printed. The command-line tests run $DRSIM_BIN
 * (default ./drsim) from the repository's top directory.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "models/load.h"
#include "reports/json.h"
#include "reports/workbook.h"
#include "sim/mc.h"
#include "tests/fixture.h"

#define SEED UINT64_C(20260105)
#define DATE 1767571200LL          /* 2026-01-05 00:00 UTC, as SOURCE_DATE_EPOCH */
#define OUT "build/test-workbook"
/* Seconds a test may take: generous, because `make valgrind` runs the checker's Python
 * under memcheck too (about half a minute a run); a normal run takes about a second. */
#define TIMEOUT 600

/* mkdir -p for the test's output directory. */
static void make_dir(const char *dir)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", dir);
    for (char *c = buf + 1; *c; c++) {
        if (*c != '/')
            continue;
        *c = '\0';
        mkdir(buf, 0777);
        *c = '/';
    }
    cr_assert(mkdir(buf, 0777) == 0 || errno == EEXIST, "mkdir %s: %s", buf, strerror(errno));
}

/* Run a shell command, capture stdout+stderr (malloc'd into *out), return exit status. */
static int run_cmd(const char *cmd, char **out)
{
    char full[4096];
    snprintf(full, sizeof full, "%s 2>&1", cmd);
    return fixture_shell(full, out);
}

static struct mc_results *simulate(const struct plan *p, uint64_t n)
{
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(p, n, SEED, 2, NULL, NULL, &r), MC_OK);
    return r;
}

static struct wb_options options(int trials_sheet, uint64_t rows_per_sheet)
{
    struct wb_options o = {"0.1.0-test", "drsim run -n N --seed S", DATE, trials_sheet,
                           rows_per_sheet, NULL, NULL};
    return o;
}

/* Write summary.json and the workbook of r into OUT/name/, return the workbook's path
 * (static buffer). */
static const char *write_both(const char *name, const struct mc_results *r,
                              const struct wb_options *o)
{
    static char path[512];
    char dir[256], json[512], err[1024];
    struct json_meta meta = {"0.1.0-test", "drsim run -n N --seed S"};
    snprintf(dir, sizeof dir, OUT "/%s", name);
    make_dir(dir);
    snprintf(json, sizeof json, "%s/summary.json", dir);
    cr_assert_eq(json_write_summary(json, r, &meta), 0, "summary.json: %s", strerror(errno));
    snprintf(path, sizeof path, "%s/book.xlsx", dir);
    enum wb_status st = wb_write(path, r, o, err, sizeof err);
    cr_assert_eq(st, WB_OK, "wb_write: %s (%s)", wb_strerror(st), err);
    return path;
}

/* Run the checker on OUT/name/book.xlsx with extra arguments; fail with its output. */
static void check(const char *name, const char *args)
{
    char cmd[2048];
    char *out = NULL;
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 tests/check_workbook.py " OUT "/%s/book.xlsx " OUT
             "/%s/summary.json --date %lld %s",
             name, name, DATE, args ? args : "");
    int st = run_cmd(cmd, &out);
    if (st != 0)
        fprintf(stderr, "%s\n%s\n", cmd, out);
    cr_assert_eq(st, 0, "check_workbook.py failed (status %d):\n%s", st, out);
    free(out);
}

static int same_file(const char *a, const char *b)
{
    size_t na, nb;
    unsigned char *x = (unsigned char *)fixture_slurp(a, &na);
    unsigned char *y = (unsigned char *)fixture_slurp(b, &nb);
    cr_assert_not_null(x, "open %s", a);
    cr_assert_not_null(y, "open %s", b);
    int same = na == nb && memcmp(x, y, na) == 0;
    free(x);
    free(y);
    return same;
}

/* No file, and no temporary file either, in dir whose name starts with prefix. */
static int dir_has(const char *dir, const char *needle)
{
    char cmd[512];
    char *out = NULL;
    snprintf(cmd, sizeof cmd, "ls -A %s", dir);
    run_cmd(cmd, &out);
    int has = strstr(out, needle) != NULL;
    free(out);
    return has;
}

/* ---- whole workbooks ------------------------------------------------------------------- */

Test(workbook, builtin_plan, .timeout = TIMEOUT)
{
    struct plan *p = fixture_plan_file(NULL);
    struct mc_results *r = simulate(p, 3000);
    struct wb_options o = options(0, 0);
    write_both("builtin", r, &o);
    check("builtin", "--bia-ok data-collection --bia-ok web-apps");
    mc_results_free(r);
    plan_free(p);
}

/* Write and check the workbook of an example plan. */
static void example(const char *plan, const char *name)
{
    struct plan *p = fixture_plan_file(plan);
    struct mc_results *r = simulate(p, 1000);
    struct wb_options o = options(0, 0);
    write_both(name, r, &o);
    check(name, NULL);
    mc_results_free(r);
    plan_free(p);
}

Test(workbook, example_single_db, .timeout = TIMEOUT)
{
    example("scenarios/single-db.yaml", "single-db");
}

Test(workbook, example_tutorial, .timeout = TIMEOUT)
{
    example("scenarios/tutorial.yaml", "tutorial");
}

Test(workbook, example_warm_standby, .timeout = TIMEOUT)
{
    example("scenarios/warm-standby.yaml", "warm-standby");
}

/* A plan in breach with an outage that never ends and no services. */
Test(workbook, example_breach, .timeout = TIMEOUT)
{
    example("tests/data/breach.yaml", "breach");
}

Test(workbook, bia_flags_rto_above_mtd, .timeout = TIMEOUT)
{
    struct plan *p = fixture_plan_file("tests/data/bia-rto-over-mtd.yaml");
    struct mc_results *r = simulate(p, 2000);
    struct wb_options o = options(0, 0);
    write_both("bia", r, &o);
    check("bia", "--bia-fail billing --bia-ok booking");
    mc_results_free(r);
    plan_free(p);
}

/* 2 scenarios x 25 trials at 7 rows a sheet: 8 sheets, the last holding 1 row. */
Test(workbook, trials_sheets_split, .timeout = TIMEOUT)
{
    struct plan *p = fixture_plan_file("tests/data/bia-rto-over-mtd.yaml");
    struct mc_results *r = simulate(p, 25);
    struct wb_options o = options(1, 7);
    write_both("trials-split", r, &o);
    check("trials-split", "--trials 25 --rows-per-sheet 7");
    mc_results_free(r);
    plan_free(p);
}

/* One sheet when everything fits; exactly full sheets when it divides evenly. */
Test(workbook, trials_sheets_exact_fit, .timeout = TIMEOUT)
{
    struct plan *p = fixture_plan_file("tests/data/bia-rto-over-mtd.yaml");
    struct mc_results *r = simulate(p, 30);
    struct wb_options o = options(1, 0);
    write_both("trials-one", r, &o);
    check("trials-one", "--trials 30");
    o = options(1, 20);
    write_both("trials-even", r, &o);
    check("trials-even", "--trials 30 --rows-per-sheet 20");
    mc_results_free(r);
    plan_free(p);
}

Test(workbook, reproducible_bytes, .timeout = TIMEOUT)
{
    struct plan *p = fixture_plan_file(NULL);
    struct mc_results *r = simulate(p, 500);
    char err[512];
    for (int trials = 0; trials < 2; trials++) {
        struct wb_options o = options(trials, 0);
        make_dir(OUT "/repro");
        cr_assert_eq(wb_write(OUT "/repro/a.xlsx", r, &o, err, sizeof err), WB_OK, "%s", err);
        cr_assert_eq(wb_write(OUT "/repro/b.xlsx", r, &o, err, sizeof err), WB_OK, "%s", err);
        cr_assert(same_file(OUT "/repro/a.xlsx", OUT "/repro/b.xlsx"),
                  "two writes differ (trials sheet %d)", trials);
        o.date_s += 86400;
        cr_assert_eq(wb_write(OUT "/repro/b.xlsx", r, &o, err, sizeof err), WB_OK, "%s", err);
        cr_assert(!same_file(OUT "/repro/a.xlsx", OUT "/repro/b.xlsx"),
                  "the date does not reach the file");
    }
    mc_results_free(r);
    plan_free(p);
}

/* A renderer that returns a 1 x 1 PNG for the RTO charts and fails for the RPO ones:
 * the workbook embeds what it gets and leaves the rest out. */
static int tiny_png(void *user, const struct mc_results *r, int scenario, int which,
                    int width_px, int height_px, unsigned char **png, size_t *len)
{
    static const unsigned char one_pixel[] = {
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
        0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
        0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
        0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99,
        0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82
    };
    int *calls = user;
    (*calls)++;
    cr_assert(scenario >= 0 && scenario < r->n_scenarios);
    cr_assert(width_px > 0 && height_px > 0);
    if (which != 0)
        return -1;
    *png = malloc(sizeof one_pixel);
    cr_assert_not_null(*png);
    memcpy(*png, one_pixel, sizeof one_pixel);
    *len = sizeof one_pixel;
    return 0;
}

Test(workbook, summary_images, .timeout = TIMEOUT)
{
    struct plan *p = fixture_plan_file("tests/data/bia-rto-over-mtd.yaml");
    struct mc_results *r = simulate(p, 100);
    struct wb_options o = options(0, 0);
    int calls = 0;
    o.chart_png = tiny_png;
    o.chart_png_user = &calls;
    write_both("images", r, &o);
    cr_assert_eq(calls, 4, "renderer called %d times", calls);
    check("images", "--bia-fail billing --images 2");
    mc_results_free(r);
    plan_free(p);
}

/* ---- errors -------------------------------------------------------------------------- */

Test(workbook, unwritable_directory, .timeout = TIMEOUT)
{
    struct plan *p = fixture_plan_file("tests/data/bia-rto-over-mtd.yaml");
    struct mc_results *r = simulate(p, 100);
    struct wb_options o = options(0, 0);
    char err[512];
    FILE *f;

    /* A plain file where the directory should be: no root privilege gets past that. */
    make_dir(OUT "/unwritable");
    f = fopen(OUT "/unwritable/not-a-dir", "w");
    cr_assert_not_null(f);
    fclose(f);
    enum wb_status st = wb_write(OUT "/unwritable/not-a-dir/book.xlsx", r, &o, err, sizeof err);
    cr_assert_eq(st, WB_IO);
    cr_assert(strstr(err, "not-a-dir/book.xlsx") && strstr(err, "Not a directory"), "%s", err);

    /* The target is a directory: everything is written, the rename fails, nothing stays. */
    make_dir(OUT "/unwritable/book.xlsx");
    st = wb_write(OUT "/unwritable/book.xlsx", r, &o, err, sizeof err);
    cr_assert_eq(st, WB_IO, "%s", err);
    cr_assert(strstr(err, "cannot rename"), "%s", err);
    cr_assert(!dir_has(OUT "/unwritable", ".book.xlsx."), "a temporary file was left behind");
    mc_results_free(r);
    plan_free(p);
}

Test(workbook, invalid_arguments, .timeout = TIMEOUT)
{
    struct plan *p = fixture_plan_file("tests/data/bia-rto-over-mtd.yaml");
    struct mc_results *r = simulate(p, 50);
    struct wb_options o = options(1, (uint64_t)WB_MAX_ROWS);
    char err[512];
    make_dir(OUT "/invalid");
    cr_assert_eq(wb_write(OUT "/invalid/book.xlsx", NULL, &o, err, sizeof err), WB_INVALID);
    cr_assert_eq(wb_write(OUT "/invalid/book.xlsx", r, &o, err, sizeof err), WB_INVALID);
    cr_assert(strstr(err, "trial_rows_per_sheet"), "%s", err);
    cr_assert(!dir_has(OUT "/invalid", "book.xlsx"), "a failed write left a file");
    mc_results_free(r);
    plan_free(p);
}

/* Results that are not of this plan and seed: the trial replay notices, nothing written. */
Test(workbook, file_name)
{
    struct plan pl;
    char buf[64];
    memset(&pl, 0, sizeof pl);
    pl.name = "commcare-production";
    cr_assert_str_eq(wb_file_name(&pl, buf, sizeof buf), "commcare-production-dr-review.xlsx");
    pl.name = ".hidden/../x y";
    cr_assert_str_eq(wb_file_name(&pl, buf, sizeof buf), "_hidden_.._x_y-dr-review.xlsx");
    pl.name = "";
    cr_assert_str_eq(wb_file_name(&pl, buf, sizeof buf), "plan-dr-review.xlsx");
    cr_assert_str_eq(wb_strerror(WB_XLSX), "libxlsxwriter error");
}

/* ---- the command line ------------------------------------------------------------------ */

Test(workbook, cli_writes_and_reproduces, .timeout = TIMEOUT)
{
    char cmd[1024];
    char *out = NULL;
    snprintf(cmd, sizeof cmd, "SOURCE_DATE_EPOCH=%lld %s run -n 2000 -j 2 -q --no-charts -o "
             OUT "/cli-a", DATE, fixture_bin());
    cr_assert_eq(run_cmd(cmd, &out), 0, "%s", out);
    cr_assert(strstr(out, "wrote " OUT "/cli-a/commcare-production-dr-review.xlsx"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "SOURCE_DATE_EPOCH=%lld %s run -n 2000 -j 2 -q --no-charts -o "
             OUT "/cli-c", DATE, fixture_bin());
    cr_assert_eq(run_cmd(cmd, NULL), 0);
    /* Same plan, seed, date and threads: the same bytes. (The thread count is shown on the
     * Summary sheet, so a different -j changes that one cell and nothing else.) */
    cr_assert(same_file(OUT "/cli-a/commcare-production-dr-review.xlsx",
                        OUT "/cli-c/commcare-production-dr-review.xlsx"));
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 tests/check_workbook.py " OUT
             "/cli-a/commcare-production-dr-review.xlsx " OUT "/cli-a/summary.json --date %lld",
             DATE);
    cr_assert_eq(run_cmd(cmd, &out), 0, "%s", out);
    free(out);
}

Test(workbook, cli_flags, .timeout = TIMEOUT)
{
    char cmd[1024];
    char *out = NULL;
    snprintf(cmd, sizeof cmd, "%s run tests/data/bia-rto-over-mtd.yaml -n 40 -q --no-charts "
             "--no-workbook -o " OUT "/cli-none", fixture_bin());
    cr_assert_eq(run_cmd(cmd, &out), 0, "%s", out);
    cr_assert(!strstr(out, ".xlsx"), "%s", out);
    cr_assert(!dir_has(OUT "/cli-none", ".xlsx"));
    free(out);
    snprintf(cmd, sizeof cmd, "%s run tests/data/bia-rto-over-mtd.yaml -n 40 -q --no-charts "
             "--trials-sheet -o " OUT "/cli-trials", fixture_bin());
    cr_assert_eq(run_cmd(cmd, &out), 0, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 tests/check_workbook.py " OUT
             "/cli-trials/bia-check-dr-review.xlsx " OUT "/cli-trials/summary.json --trials 40 "
             "--bia-fail billing");
    cr_assert_eq(run_cmd(cmd, &out), 0, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "%s run --help", fixture_bin());
    cr_assert_eq(run_cmd(cmd, &out), 0);
    cr_assert(strstr(out, "--no-workbook") && strstr(out, "--trials-sheet"), "%s", out);
    free(out);
}

/* The workbook cannot be put in place (a directory holds its name): exit 3, a message
 * naming it, and no temporary file left in DIR. */
Test(workbook, cli_unwritable, .timeout = TIMEOUT)
{
    char cmd[1024];
    char *out = NULL;
    make_dir(OUT "/cli-bad/bia-check-dr-review.xlsx");
    snprintf(cmd, sizeof cmd, "%s run tests/data/bia-rto-over-mtd.yaml -n 40 -q --no-charts -o "
             OUT "/cli-bad", fixture_bin());
    cr_assert_eq(run_cmd(cmd, &out), 3, "%s", out);
    cr_assert(strstr(out, "drsim: error: cannot write " OUT "/cli-bad/bia-check-dr-review.xlsx: ") &&
              strstr(out, "Is a directory"), "%s", out);
    cr_assert(!dir_has(OUT "/cli-bad", ".bia-check"), "a temporary file was left behind");
    free(out);
}

/* ---- plan inputs (the Assumptions sheet's rows) ------------------------------------------ */

static const char inputs_plan[] =
    "plan: {name: inputs, owner: \"ops # team\"}   # who owns it\n"
    "calendar:\n"
    "  # The epoch must be a Monday.\n"
    "  # Second line of the note.\n"
    "  epoch: 2026-01-05\n"
    "x-shared:\n"
    "  rules: &rules\n"
    "    nightly:                 # the nightly dump\n"
    "      schedule: daily 02:00\n"
    "      retention: 7d          # kept a week\n"
    "      location: cross-region\n"
    "stores:\n"
    "  a:\n"
    "    size: 10GB\n"
    "    zone_redundancy: {mode: none}\n"
    "    backups: *rules\n"
    "    restore: {throughput: 100MB/s}\n"
    "  b:\n"
    "    size: '20GB'  # quoted, with a # inside the comment\n"
    "    zone_redundancy: {mode: none}\n"
    "    backups: *rules\n"
    "    restore: {throughput: 100MB/s}\n"
    "staffing:\n"
    "  holidays: [2026-01-19, 2026-12-25]\n"
    "  roles:\n"
    "    admin:\n"
    "      count: 1\n"
    "      response: {business: 30m}\n"
    "scenarios:\n"
    "  outage:\n"
    "    destroys: region\n"
    "    per_year: 1\n"
    "    duration: forever\n"
    "    service_restored_by: fix\n"
    "    runbook:\n"
    "      restore-a: {restore: a}\n"
    "      fix:\n"
    "        needs: [admin]\n"
    "        duration: {dist: uniform, min: 1h, max: 2h}\n"
    "        after: [restore-a]\n";

static const struct plan_input *input(const struct plan *p, const char *path)
{
    for (int i = 0; i < p->n_inputs; i++)
        if (strcmp(p->inputs[i].path, path) == 0)
            return &p->inputs[i];
    return NULL;
}

Test(workbook, inputs_paths_values_units)
{
    struct plan *p = fixture_plan_text("%s", inputs_plan);
    const struct plan_input *in;
    cr_assert_not_null(in = input(p, "plan.name"));
    cr_assert_str_eq(in->value, "inputs");
    cr_assert_str_eq(in->unit, "text");
    cr_assert_eq(in->line, 1);
    cr_assert_eq(in->col, 14);
    cr_assert_not_null(in = input(p, "calendar.epoch"));
    cr_assert_str_eq(in->unit, "date");
    cr_assert_not_null(in = input(p, "stores.a.size"));
    cr_assert_str_eq(in->value, "10GB");
    cr_assert_str_eq(in->unit, "size");
    cr_assert_not_null(in = input(p, "stores.b.size"));
    cr_assert_str_eq(in->value, "20GB");
    cr_assert_not_null(in = input(p, "scenarios.outage.runbook.fix.duration.dist"));
    cr_assert_str_eq(in->value, "uniform");
    cr_assert_str_eq(in->unit, "distribution");
    cr_assert_not_null(in = input(p, "scenarios.outage.runbook.fix.duration.max"));
    cr_assert_str_eq(in->unit, "duration");
    cr_assert_not_null(in = input(p, "scenarios.outage.runbook.restore-a.restore"));
    cr_assert_str_eq(in->unit, "store name");
    /* Lists are one input each. */
    cr_assert_not_null(in = input(p, "staffing.holidays"));
    cr_assert_str_eq(in->value, "2026-01-19, 2026-12-25");
    cr_assert_str_eq(in->unit, "date");
    cr_assert_not_null(in = input(p, "scenarios.outage.runbook.fix.after"));
    cr_assert_str_eq(in->value, "restore-a");
    cr_assert_str_eq(in->unit, "step name");
    /* Extension keys are not inputs; nothing unread is listed. */
    for (int i = 0; i < p->n_inputs; i++)
        cr_assert(strncmp(p->inputs[i].path, "x-", 2) != 0, "%s", p->inputs[i].path);
    cr_assert_null(input(p, "x-shared.rules.nightly.schedule"));
    plan_free(p);
}

Test(workbook, inputs_aliases_under_every_path)
{
    struct plan *p = fixture_plan_text("%s", inputs_plan);
    const struct plan_input *a = input(p, "stores.a.backups.nightly.schedule");
    const struct plan_input *b = input(p, "stores.b.backups.nightly.schedule");
    cr_assert_not_null(a);
    cr_assert_not_null(b);
    cr_assert_str_eq(a->value, "daily 02:00");
    cr_assert_str_eq(b->value, "daily 02:00");
    cr_assert_eq(a->line, 9);          /* where the anchor defines it */
    cr_assert_eq(b->line, 9);
    cr_assert_not_null(input(p, "stores.b.backups.nightly.retention"));
    /* In file order: store a's inputs before b's. */
    cr_assert(a < b);
    plan_free(p);
}

Test(workbook, inputs_comments)
{
    struct plan *p = fixture_plan_text("%s", inputs_plan);
    const struct plan_input *in;
    /* After the value on its line; a '#' inside quotes is not a comment. */
    cr_assert_str_eq(input(p, "plan.owner")->value, "ops # team");
    cr_assert_str_eq(input(p, "plan.owner")->comment, "who owns it");
    cr_assert_str_eq(input(p, "stores.b.size")->comment, "quoted, with a # inside the comment");
    cr_assert_str_eq(input(p, "stores.a.backups.nightly.retention")->comment, "kept a week");
    /* The comment lines directly above the key, joined. */
    cr_assert_str_eq(input(p, "calendar.epoch")->comment,
                     "The epoch must be a Monday. Second line of the note.");
    /* Else the enclosing key's. */
    in = input(p, "stores.b.backups.nightly.schedule");
    cr_assert_str_eq(in->comment, "the nightly dump");
    /* None at all. */
    cr_assert_str_eq(input(p, "stores.a.size")->comment, "");
    plan_free(p);
}

/* No policy, no services, an outage that never ends: objectives are "n/a", the BIA is
 * empty, and the workbook still checks out. */
Test(workbook, plan_without_policy, .timeout = TIMEOUT)
{
    struct plan *p = fixture_plan_text("%s", inputs_plan);
    struct mc_results *r = simulate(p, 200);
    struct wb_options o = options(1, 0);
    write_both("no-policy", r, &o);
    check("no-policy", "--trials 200");
    mc_results_free(r);
    plan_free(p);
}

/* The built-in plan: aliased backup rules appear under all eight stores that use them. */
Test(workbook, inputs_builtin_plan)
{
    struct plan *p = fixture_plan_file(NULL);
    static const char *const stores[] = {"pgmain1", "pgucr0", "pgshard1", "pgshard2", "pgshard3",
                                         "pgshard4", "pgshard5", "pgauditcare1"};
    char path[128];
    for (size_t i = 0; i < sizeof stores / sizeof stores[0]; i++) {
        snprintf(path, sizeof path, "stores.%s.backups.daily-copy.failure", stores[i]);
        const struct plan_input *in = input(p, path);
        cr_assert_not_null(in, "%s", path);
        cr_assert_str_eq(in->value, "2%");
        cr_assert_str_eq(in->unit, "probability");
        cr_assert(strstr(in->comment, "ASSUMPTION: a monitor alerts"), "%s", in->comment);
    }
    const struct plan_input *in = input(p, "stores.pgsynclog2.backups.pitr.schedule");
    cr_assert_not_null(in);
    cr_assert_str_eq(in->comment, "no cross-region copy: lost in a region outage");
    cr_assert_not_null(input(p, "policy.objectives.region.rto"));
    plan_free(p);
}
