/* cli/cmd_sensitivity.c: `drsim sensitivity`: move every uncertain input of a plan to a
 * low and a high value, one at a time, and rank them by their effect (a tornado). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "models/load.h"
#include "models/units.h"
#include "reports/draw.h"
#include "reports/sweep_report.h"
#include "reports/workbook.h"
#include "sim/mc.h"
#include "sim/sensitivity.h"

static const char sensitivity_usage[] =
    "usage: drsim sensitivity [PLAN] [-n TRIALS] [--seed S] [--spread P] [-j THREADS]\n"
    "                         [-o DIR] [--top N] [--no-charts] [-q]\n"
    "\n"
    "Which assumption matters most? Every uncertain input of PLAN (default: the built-in\n"
    "CommCare plan): each distribution it writes (step durations, response times, restore\n"
    "throughputs and overheads, backup completion times, outage durations) and each\n"
    "backup failure probability, is moved to a low and a high value, one at a time, and\n"
    "the plan simulated with the same seed; inputs are ranked by how much they move the\n"
    "probability of meeting a target (then P95 RTO and RPO). Writes DIR/sensitivity.json,\n"
    "the workbook DIR/<plan>-sensitivity.xlsx and a tornado chart per objective in\n"
    "DIR/charts/.\n"
    "\n"
    "Low and high: by default a distribution is scaled so its median moves to its own P10\n"
    "and P90, and a failure probability is halved and doubled; fixed values are left\n"
    "alone. With --spread P every input, fixed ones included, is scaled by 1-P and 1+P.\n"
    "\n"
    "  -n, --trials N     trials per scenario and run (default 20000)\n"
    "  -s, --seed S       64-bit seed (default 1)\n"
    "      --spread P     scale every input by -P and +P, e.g. 20% (0% < P < 100%)\n"
    "  -j, --threads T    worker threads (default: the number of cores)\n"
    "  -o, --output DIR   where sensitivity.json and the tornado charts\n"
    "                     DIR/charts/tornado-*.{png,svg,pdf} go (default ./out)\n"
    "      --no-charts    skip the charts\n"
    "      --top N        inputs to print (default 15; 0 = all)\n"
    "  -q, --quiet        no progress bar\n";

int cmd_sensitivity(int argc, char **argv)
{
    static const struct option opts[] = {
        {"trials", required_argument, NULL, 'n'},  {"seed", required_argument, NULL, 's'},
        {"spread", required_argument, NULL, 'p'},  {"threads", required_argument, NULL, 'j'},
        {"output", required_argument, NULL, 'o'},  {"top", required_argument, NULL, 't'},
        {"quiet", no_argument, NULL, 'q'},         {"help", no_argument, NULL, 'h'},
        {"no-charts", no_argument, NULL, 'C'},     {NULL, 0, NULL, 0}};
    uint64_t trials = 20000, seed = 1, threads = 0, top = 15;
    double spread = 0;
    const char *outdir = "out", *why;
    int quiet = 0, charts = 1, c, rc;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":n:s:j:o:qh", opts, NULL)) != -1) {
        switch (c) {
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
        case 'p':
            if (units_parse_fraction(optarg, &spread, &why) != UNITS_OK || !(spread > 0) ||
                !(spread < 1)) {
                cli_error("--spread takes a share between 0%% and 100%%, such as 20%% (got \"%s\")",
                          optarg);
                return CLI_EXIT_USAGE;
            }
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
        case 't':
            if (cli_parse_u64("--top", optarg, 1000000, &top) != 0)
                return CLI_EXIT_USAGE;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'C':
            charts = 0;
            break;
        case 'h':
            fputs(sensitivity_usage, stdout);
            return CLI_EXIT_OK;
        case ':':
            cli_error("option %s needs a value", argv[optind - 1]);
            return CLI_EXIT_USAGE;
        default:
            cli_error("unknown option '%s' (see drsim sensitivity --help)", argv[optind - 1]);
            return CLI_EXIT_USAGE;
        }
    }
    if (argc - optind > 1) {
        cli_error("sensitivity takes at most one plan file (got '%s' and '%s')", argv[optind],
                  argv[optind + 1]);
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
    size_t len = 0;
    const char *text = cp.text ? cp.text : load_builtin_text(&len);
    const char *name = path ? path : "commcare.yaml (built-in)";
    if (cp.text)
        len = strlen(cp.text);
    if (cp.plan->n_scenarios == 0) {
        cli_error("the plan has no scenarios to simulate");
        cli_plan_fini(&cp);
        return CLI_EXIT_USAGE;
    }
    if (cli_make_dirs(outdir) != 0) {
        cli_error("cannot create output directory '%s': %s", outdir, strerror(errno));
        cli_plan_fini(&cp);
        return CLI_EXIT_IO;
    }

    struct cli_progress pg;
    cli_progress_init(&pg, quiet);
    struct sensitivity_options so = {trials, seed, (int)threads, spread, cli_progress_show, &pg};
    struct sensitivity_results *res = NULL;
    enum sweep_status ss = sensitivity_run(cp.plan, name, text, len, &so, &res);
    if (ss != SWEEP_OK) {
        cli_error("sensitivity analysis failed: %s", sweep_strerror(ss));
        cli_plan_fini(&cp);
        return CLI_EXIT_IO;
    }

    char command[1024], json_path[4096], sp[64] = "";
    if (spread > 0)
        snprintf(sp, sizeof sp, " --spread %g%%", 100.0 * spread);
    snprintf(command, sizeof command, "drsim sensitivity%s%s -n %llu --seed %llu%s",
             path ? " " : "", path ? path : "", (unsigned long long)trials,
             (unsigned long long)seed, sp);
    struct sweep_report_options ro = {isatty(STDOUT_FILENO), DRSIM_VERSION, command, (int)top};
    sweep_report_print_sensitivity(stdout, res, &ro);
    snprintf(json_path, sizeof json_path, "%s/sensitivity.json", outdir);
    rc = CLI_EXIT_OK;
    if (sweep_report_json_sensitivity(json_path, res, &ro) != 0) {
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
                 wb_sweep_file_name(cp.plan, "sensitivity", fname, sizeof fname));
        if (wb_write_sensitivity(book, res, &wo, err, sizeof err) != WB_OK) {
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
        if (draw_write_tornado(dir, res, &dm, &n_files, err, sizeof err) != DRAW_OK) {
            cli_error("cannot write the tornado charts: %s", err);
            rc = CLI_EXIT_IO;
        } else {
            printf("wrote %d tornado chart%s in %s/ (PNG, SVG and PDF)\n", n_files / 3,
                   n_files == 3 ? "" : "s", dir);
        }
    }
    if (fflush(stdout) != 0 && rc == CLI_EXIT_OK)
        rc = CLI_EXIT_IO;
    sensitivity_results_free(res);
    cli_plan_fini(&cp);
    return rc;
}
