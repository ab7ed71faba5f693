/* cli/cmd_sweep.c: `drsim sweep`: simulate a plan at every value of one or two of its
 * parameters, print the tables and findings, write DIR/sweep.json.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "models/vary.h"
#include "reports/sweep_report.h"
#include "sim/mc.h"
#include "analysis/sweep.h"

static const char sweep_usage[] =
    "usage: drsim sweep [PLAN] --vary PATH=VALUES [--vary PATH=VALUES] [-n TRIALS]\n"
    "                   [--seed S] [-j THREADS] [-o DIR] [--no-charts] [--shard I/K] [-q]\n"
    "\n"
    "Simulate PLAN (default: the built-in CommCare plan) once for every value of PATH\n"
    "(two --vary options: every pair, a grid), with the same seed, so every point replays\n"
    "the same outages and only the value changes. Prints, per scenario and value, P95 RTO\n"
    "and RPO, the probability of meeting each target with its 95% interval, the verdict\n"
    "and the monthly cost (when the plan has costs:), then the findings: the cheapest\n"
    "value meeting the policy, the knee of the curve, and what would meet each objective\n"
    "the plan misses. Writes DIR/sweep.json, the workbook DIR/<plan>-sweep.xlsx (Sweep\n"
    "sheet with native charts, Assumptions) and the curve in DIR/charts/.\n"
    "\n"
    "  PATH     a key path into the plan, e.g. stores.db.backups.offsite.schedule,\n"
    "           stores.db.restore.throughput.median, staffing.roles.devops.count;\n"
    "           '*' matches any one key: stores.*.backups.daily-copy.schedule\n"
    "  VALUES   a list 1h,2h,4h (items split at '|' instead when there is one:\n"
    "           'daily 02:00 Mon,Thu|every 12h'), or a range FROM..TO/STEP inside a\n"
    "           value: 1h..24h/1h, 'every 1h..24h/1h', 1..5 (whole numbers)\n"
    "\n"
    "  -n, --trials N     trials per scenario and point (default 20000)\n"
    "  -s, --seed S       seed, 0 to 2^63-1 (default 1)\n"
    "  -j, --threads T    worker threads (default: the number of cores); does not change\n"
    "                     any result\n"
    "  -o, --output DIR   where sweep.json and the chart DIR/charts/sweep.{png,svg,pdf}\n"
    "                     go (default ./out; created if missing)\n"
    "      --no-charts    skip the chart\n"
    "      --shard I/K    play slice I of K of every point's trials into DIR/partial.drsim,\n"
    "                     for drsim merge (docs/scale-out.md)\n"
    "  -q, --quiet        no progress bar\n";

/* ---- sweep ------------------------------------------------------------------------------ */

/* Say why the failed point's plan did not load: diagnostics inside a spliced value
 * point at the --vary item that produced it; the others are shown in the spliced plan. */
static void print_failure(const struct sweep_failure *f, const struct vary_axis *axes,
                          int n_axes, int n_points)
{
    struct diag_list rest;
    char lab[1024];
    size_t o = 0;

    diag_init(&rest, f->diags.file, f->text, f->len);
    for (int a = 0; a < n_axes; a++) {
        int w = snprintf(lab + o, sizeof lab - o, "%s%.*s=%s", a ? ", " : "",
                         (int)axes[a].path_len, axes[a].arg, axes[a].values[f->value[a]]);
        if (w < 0 || (size_t)w >= sizeof lab - o)
            break;
        o += (size_t)w;
    }
    for (int i = 0; i < f->diags.n; i++) {
        const struct diag *g = &f->diags.items[i];
        size_t off = vary_offset_of(f->text, f->len, g->line, g->col);
        int hit = -1;
        for (int k = 0; k < f->n_spans && hit < 0 && g->line > 0; k++)
            if (off >= f->spans[k].off && off < f->spans[k].off + f->spans[k].len)
                hit = k;
        if (hit < 0) {
            diag_add(&rest, g->severity, g->line, g->col, "%s", g->msg);
            continue;
        }
        const struct vary_axis *ax = &axes[f->spans[hit].tag];
        int v = f->value[f->spans[hit].tag];
        size_t at = ax->value_at[v];
        if (ax->value_literal[v]) {
            size_t inner = off > f->spans[hit].off ? off - f->spans[hit].off - 1 : 0;
            if (inner <= strlen(ax->values[v]))
                at += inner;
        }
        char msg[VARY_MAX_MSG + 128];
        snprintf(msg, sizeof msg, "the value \"%s\" is refused: %s", ax->values[v], g->msg);
        cli_arg_error("--vary", ax->arg, at, msg);
    }
    if (rest.n > 0) {
        cli_error("with %s the plan does not load:", lab);
        diag_print(&rest, stderr);
    }
    if (f->n_bad > 1)
        fprintf(stderr, "drsim: note: %d of the %d points are invalid; the first is shown\n",
                f->n_bad, n_points);
    diag_fini(&rest);
}

/* The command line that reproduces the sweep, for sweep.json. */
static void command_line(char *buf, size_t n, const char *path, const struct vary_axis *axes,
                         int n_axes, uint64_t trials, uint64_t seed)
{
    size_t o = 0;
    int w = snprintf(buf, n, "drsim sweep%s%s", path ? " " : "", path ? path : "");
    if (w > 0)
        o = (size_t)w < n ? (size_t)w : n - 1;
    for (int a = 0; a < n_axes && o < n; a++) {
        w = snprintf(buf + o, n - o, " --vary '%s'", axes[a].arg);
        if (w > 0)
            o += (size_t)w < n - o ? (size_t)w : n - o - 1;
    }
    if (o < n)
        snprintf(buf + o, n - o, " -n %llu --seed %llu", (unsigned long long)trials,
                 (unsigned long long)seed);
}

int cmd_sweep(int argc, char **argv)
{
    static const struct option opts[] = {
        {"vary", required_argument, NULL, 'v'},    {"trials", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},    {"threads", required_argument, NULL, 'j'},
        {"output", required_argument, NULL, 'o'},  {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},          {"no-charts", no_argument, NULL, 'C'},
        {NULL, 0, NULL, 0}};
    const char *vary[SWEEP_MAX_AXES + 1];
    int n_vary = 0, c, rc;
    struct cli_run_opts ro;
    struct vary_axis axes[SWEEP_MAX_AXES];
    int n_axes = 0;
    const char *path;

    cli_run_opts_init(&ro, 20000);
    optind = 0; /* glibc: start afresh, whatever was parsed before */
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":v:n:s:j:o:qh", opts, NULL)) != -1) {
        int h = cli_run_option(c, optarg, &ro);
        if (h == CLI_OPT_ERROR)
            return CLI_EXIT_USAGE;
        if (h == CLI_OPT_HANDLED)
            continue;
        if (c != 'v')
            return cli_option_other(c, argv, "sweep", sweep_usage);
        if (n_vary == SWEEP_MAX_AXES) {
            cli_error("sweep takes at most %d --vary options (one value, or two as a grid)",
                      SWEEP_MAX_AXES);
            return CLI_EXIT_USAGE;
        }
        vary[n_vary++] = optarg;
    }
    if ((rc = cli_plan_arg(argc, argv, "sweep", &path)) != 0)
        return rc;
    if (n_vary == 0) {
        cli_error("sweep needs --vary PATH=VALUES, e.g. --vary "
                  "'stores.pgmain1.backups.daily-copy.schedule=every 1h..24h/1h'");
        return CLI_EXIT_USAGE;
    }
    cli_run_opts_finish(&ro);

    struct cli_plan cp;
    if ((rc = cli_load_plan_to_simulate(path, &cp)) != 0)
        return rc;

    rc = CLI_EXIT_OK;
    for (int a = 0; a < n_vary && rc == CLI_EXIT_OK; a++) {
        struct vary_error e;
        enum vary_status vs = vary_axis_parse(&axes[a], cp.plan, cp.src, cp.len, vary[a], &e);
        if (vs == VARY_BAD) {
            cli_arg_error("--vary", vary[a], e.at, e.msg);
            rc = CLI_EXIT_USAGE;
        } else if (vs != VARY_OK) {
            cli_error("%s", vary_strerror(vs));
            rc = CLI_EXIT_IO;
        } else {
            n_axes++;
            for (int b = 0; b < a && rc == CLI_EXIT_OK; b++) {
                if (vary_axes_overlap(&axes[b], &axes[a], &e)) {
                    cli_arg_error("--vary", vary[a], e.at, e.msg);
                    rc = CLI_EXIT_USAGE;
                }
            }
        }
    }

    struct sweep_results *res = NULL;
    if (rc == CLI_EXIT_OK) {
        struct cli_progress pg;
        struct sweep_failure fail;
        cli_progress_init(&pg, ro.quiet);
        struct sweep_options so = {ro.trials, ro.seed, (int)ro.threads, cli_progress_show, &pg};
        enum sweep_status ss =
            sweep_run(cp.plan, cp.name, cp.src, cp.len, axes, n_axes, &so, &res, &fail);
        if (ss == SWEEP_INVALID) {
            long n_points = 1;
            for (int a = 0; a < n_axes; a++)
                n_points *= axes[a].n_values;
            print_failure(&fail, axes, n_axes, (int)n_points);
            rc = CLI_EXIT_USAGE;
        } else if (ss == SWEEP_TOO_MANY) {
            cli_error("%s", sweep_strerror(ss));
            rc = CLI_EXIT_USAGE;
        } else if (ss != SWEEP_OK) {
            cli_error("sweep failed: %s", sweep_strerror(ss));
            rc = CLI_EXIT_IO;
        }
        sweep_failure_fini(&fail);
    }
    if (rc == CLI_EXIT_OK) {
        char command[4096];
        command_line(command, sizeof command, path, axes, n_axes, ro.trials, ro.seed);
        struct sweep_report_options so = {isatty(STDOUT_FILENO), DRSIM_VERSION, command, 0};
        sweep_report_print(stdout, res, &so);
        const struct cli_analysis an = {.sweep = res};
        rc = cli_write_analysis(ro.outdir, cp.plan, &so, ro.trials, ro.seed, &an, ro.charts);
        if (fflush(stdout) != 0 && rc == CLI_EXIT_OK)
            rc = CLI_EXIT_IO;
    }
    sweep_results_free(res);
    for (int a = 0; a < n_axes; a++)
        vary_axis_fini(&axes[a]);
    cli_plan_fini(&cp);
    return rc;
}
