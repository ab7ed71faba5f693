/* cli/cmd_sweep.c: `drsim sweep`: simulate a plan at every value of one or two of its
 * parameters, print the tables and findings, write DIR/sweep.json.
 *
 * Also the helpers the analysis commands share (cli.h): the output directory, the
 * progress bar, and errors in a --vary argument shown with a caret under it.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "models/load.h"
#include "models/vary.h"
#include "reports/draw.h"
#include "reports/sweep_report.h"
#include "reports/workbook.h"
#include "sim/mc.h"
#include "sim/sweep.h"

static const char sweep_usage[] =
    "usage: drsim sweep [PLAN] --vary PATH=VALUES [--vary PATH=VALUES] [-n TRIALS]\n"
    "                   [--seed S] [-j THREADS] [-o DIR] [--no-charts] [-q]\n"
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
    "  -s, --seed S       64-bit seed (default 1)\n"
    "  -j, --threads T    worker threads (default: the number of cores); does not change\n"
    "                     any result\n"
    "  -o, --output DIR   where sweep.json and the chart DIR/charts/sweep.{png,svg,pdf}\n"
    "                     go (default ./out; created if missing)\n"
    "      --no-charts    skip the chart\n"
    "  -q, --quiet        no progress bar\n";

/* ---- shared by the analysis commands ------------------------------------------------- */

int cli_make_dirs(const char *dir)
{
    char *d = strdup(dir);
    struct stat st;
    int rc;
    if (!d)
        return -1;
    for (char *c = d + 1; *c; c++) {
        if (*c != '/')
            continue;
        *c = '\0';
        if (mkdir(d, 0777) != 0 && errno != EEXIST) {
            free(d);
            return -1;
        }
        *c = '/';
    }
    rc = mkdir(d, 0777);
    free(d);
    if (rc != 0 && errno != EEXIST)
        return -1;
    if (stat(dir, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

long long cli_run_date(void)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (e && *e) {
        char *end;
        errno = 0;
        long long v = strtoll(e, &end, 10);
        if (errno == 0 && *end == '\0' && v >= 0)
            return v;
    }
    return (long long)time(NULL);
}

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + 1e-9 * (double)(t.tv_nsec - t0->tv_nsec);
}

void cli_progress_init(struct cli_progress *pg, int quiet)
{
    pg->enabled = !quiet && isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &pg->t0);
    pg->shown = 0;
}

int cli_progress_show(void *user, uint64_t done, uint64_t total)
{
    struct cli_progress *pg = user;
    if (!pg->enabled)
        return 0;
    double el = since(&pg->t0);
    if (!pg->shown && el < 0.5)
        return 0;
    int width = 40;
    int fill = total ? (int)((double)width * (double)done / (double)total) : width;
    fprintf(stderr, "\r  [%.*s%*s] %3.0f%%  %.1f s", fill,
            "########################################", width - fill, "",
            total ? 100.0 * (double)done / (double)total : 100.0, el);
    pg->shown = 1;
    if (done >= total)
        fputs("\r\033[K", stderr);
    return 0;
}

/* Characters (not bytes) in s[0, n): the caret's column. */
static int chars(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n && s[i]; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

void cli_arg_error(const char *opt, const char *arg, size_t at, const char *msg)
{
    cli_error("%s: %s", opt, msg);
    fprintf(stderr, "    %s %s\n    %*s^\n", opt, arg, chars(opt, strlen(opt)) + 1 + chars(arg, at),
            "");
}

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
        const struct vary_axis *ax = &axes[f->spans[hit].axis];
        int v = f->value[f->spans[hit].axis];
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
    int n_vary = 0, quiet = 0, charts = 1, c, rc;
    uint64_t trials = 20000, seed = 1, threads = 0;
    const char *outdir = "out";
    struct vary_axis axes[SWEEP_MAX_AXES];
    int n_axes = 0;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":v:n:s:j:o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'v':
            if (n_vary == SWEEP_MAX_AXES) {
                cli_error("sweep takes at most %d --vary options (one value, or two as a grid)",
                          SWEEP_MAX_AXES);
                return CLI_EXIT_USAGE;
            }
            vary[n_vary++] = optarg;
            break;
        case 'n':
            if (cli_parse_u64("-n", optarg, MC_MAX_TRIALS, &trials) != 0)
                return CLI_EXIT_USAGE;
            if (trials == 0) {
                cli_error("-n must be at least 1");
                return CLI_EXIT_USAGE;
            }
            break;
        case 's':
            if (cli_parse_u64("--seed", optarg, UINT64_MAX, &seed) != 0)
                return CLI_EXIT_USAGE;
            break;
        case 'j':
            if (cli_parse_u64("-j", optarg, 256, &threads) != 0)
                return CLI_EXIT_USAGE;
            if (threads == 0) {
                cli_error("-j must be at least 1");
                return CLI_EXIT_USAGE;
            }
            break;
        case 'o':
            outdir = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'C':
            charts = 0;
            break;
        case 'h':
            fputs(sweep_usage, stdout);
            return CLI_EXIT_OK;
        case ':':
            cli_error("option %s needs a value", argv[optind - 1]);
            return CLI_EXIT_USAGE;
        default:
            cli_error("unknown option '%s' (see drsim sweep --help)", argv[optind - 1]);
            return CLI_EXIT_USAGE;
        }
    }
    if (argc - optind > 1) {
        cli_error("sweep takes at most one plan file (got '%s' and '%s')", argv[optind],
                  argv[optind + 1]);
        return CLI_EXIT_USAGE;
    }
    if (n_vary == 0) {
        cli_error("sweep needs --vary PATH=VALUES, e.g. --vary "
                  "'stores.pgmain1.backups.daily-copy.schedule=every 1h..24h/1h'");
        return CLI_EXIT_USAGE;
    }
    const char *path = optind < argc ? argv[optind] : NULL;
    if (threads == 0) {
        long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
        threads = ncpu > 0 ? (uint64_t)ncpu : 1;
    }

    struct cli_plan cp;
    if ((rc = cli_load_plan(path, &cp)) != 0)
        return rc;
    size_t len;
    const char *text = cp.text ? cp.text : load_builtin_text(&len);
    const char *name = path ? path : "commcare.yaml (built-in)";
    if (cp.text)
        len = strlen(cp.text);
    if (cp.plan->n_scenarios == 0) {
        cli_error("the plan has no scenarios to simulate");
        cli_plan_fini(&cp);
        return CLI_EXIT_USAGE;
    }

    rc = CLI_EXIT_OK;
    for (int a = 0; a < n_vary && rc == CLI_EXIT_OK; a++) {
        struct vary_error e;
        enum vary_status vs = vary_axis_parse(&axes[a], cp.plan, text, len, vary[a], &e);
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
        cli_progress_init(&pg, quiet);
        struct sweep_options so = {trials, seed, (int)threads, cli_progress_show, &pg};
        enum sweep_status ss = sweep_run(cp.plan, name, text, len, axes, n_axes, &so, &res, &fail);
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
    if (rc == CLI_EXIT_OK && cli_make_dirs(outdir) != 0) {
        cli_error("cannot create output directory '%s': %s", outdir, strerror(errno));
        rc = CLI_EXIT_IO;
    }
    if (rc == CLI_EXIT_OK) {
        char command[4096], json_path[4096];
        command_line(command, sizeof command, path, axes, n_axes, trials, seed);
        struct sweep_report_options ro = {isatty(STDOUT_FILENO), DRSIM_VERSION, command, 0};
        sweep_report_print(stdout, res, &ro);
        snprintf(json_path, sizeof json_path, "%s/sweep.json", outdir);
        if (sweep_report_json(json_path, res, &ro) != 0) {
            cli_error("cannot write %s: %s", json_path, strerror(errno));
            rc = CLI_EXIT_IO;
        } else {
            printf("\nwrote %s\n", json_path);
        }
        if (rc == CLI_EXIT_OK) {
            struct wb_options wo;
            char book[4096], fname[512], err[1024];
            memset(&wo, 0, sizeof wo);
            wo.version = DRSIM_VERSION;
            wo.command = command;
            wo.date_s = cli_run_date();
            snprintf(book, sizeof book, "%s/%s", outdir,
                     wb_sweep_file_name(cp.plan, "sweep", fname, sizeof fname));
            if (wb_write_sweep(book, res, &wo, err, sizeof err) != WB_OK) {
                cli_error("%s", err);
                rc = CLI_EXIT_IO;
            } else {
                printf("wrote %s\n", book);
            }
        }
        if (rc == CLI_EXIT_OK && charts) {
            struct draw_meta dm = {DRSIM_VERSION, command, cli_run_date()};
            char dir[4096], err[1024];
            int n_files = 0;
            snprintf(dir, sizeof dir, "%s/charts", outdir);
            if (draw_write_sweep(dir, res, &dm, &n_files, err, sizeof err) != DRAW_OK) {
                cli_error("cannot write the sweep chart: %s", err);
                rc = CLI_EXIT_IO;
            } else {
                printf("wrote %s/sweep.png, .svg and .pdf\n", dir);
            }
        }
        if (fflush(stdout) != 0 && rc == CLI_EXIT_OK)
            rc = CLI_EXIT_IO;
    }
    sweep_results_free(res);
    for (int a = 0; a < n_axes; a++)
        vary_axis_fini(&axes[a]);
    cli_plan_fini(&cp);
    return rc;
}
