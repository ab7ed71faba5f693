/* cli/cmd_sensitivity.c: `drsim sensitivity`: move every uncertain input of a plan to a
 * low and a high value, one at a time, and rank them by their effect (a tornado). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "models/units.h"
#include "reports/sweep_report.h"
#include "sim/mc.h"
#include "analysis/sensitivity.h"
#include "analysis/sobol.h"
#include "reports/sobol_report.h"

static const char sensitivity_usage[] =
    "usage: drsim sensitivity [PLAN] [-n TRIALS] [--seed S] [--spread P] [-j THREADS]\n"
    "                         [--method oat|sobol] [--samples N] [--bootstrap B]\n"
    "                         [-o DIR] [--top N] [--no-charts] [--shard I/K] [-q]\n"
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
    "--method sobol moves all inputs at once instead, each drawn between its low and high\n"
    "scale (log-uniformly; uniformly with --spread) (Saltelli sampling, N x (inputs + 2)\n"
    "runs), and splits the variance of every objective's P(meet) and value at the\n"
    "required confidence (the P95 without a target) into Sobol indices: the total index\n"
    "(the input's share alone or through interactions) and the first-order index (alone),\n"
    "with bootstrap intervals (docs/method.md, \"Global sensitivity\"). Writes the same\n"
    "files, with sensitivity.json's \"method\": \"sobol\" and charts sobol-*.\n"
    "\n"
    "  -n, --trials N     trials per scenario and run (default 20000; with --method sobol\n"
    "                     2000)\n"
    "  -s, --seed S       seed, 0 to 2^63-1 (default 1)\n"
    "      --spread P     scale every input by -P and +P, e.g. 20% (0% < P < 100%)\n"
    "  -j, --threads T    worker threads (default: the number of cores)\n"
    "  -o, --output DIR   where sensitivity.json and the tornado charts\n"
    "                     DIR/charts/tornado-*.{png,svg,pdf} go (default ./out)\n"
    "      --method M     oat (one at a time, the default) or sobol (global)\n"
    "      --samples N    sobol: base samples N (default 64, at least 2)\n"
    "      --bootstrap B  sobol: bootstrap resamples for the intervals (default 200; 0: none)\n"
    "      --no-charts    skip the charts\n"
    "      --shard I/K    play slice I of K of every design point's trials into\n"
    "                     DIR/partial.drsim, for drsim merge (docs/scale-out.md)\n"
    "      --top N        inputs to print (default 15; 0 = all)\n"
    "  -q, --quiet        no progress bar\n";

/* The global method: estimate, print, publish. */
static int run_sobol(const struct cli_plan *cp, const char *path, const struct cli_run_opts *ro,
                     double spread, int samples, int boot, int top, struct cli_progress *pg)
{
    struct sobol_options so = {ro->trials, ro->seed, (int)ro->threads, spread, samples, boot,
                               cli_progress_show, pg};
    struct sobol_results *res = NULL;
    enum sweep_status ss = sobol_run(cp->plan, cp->name, cp->src, cp->len, &so, &res);
    if (ss == SWEEP_INVALID && res == NULL) {
        cli_error("global sensitivity analysis: the plan has no uncertain input to vary "
                  "(give --spread to vary fixed values too)");
        return CLI_EXIT_USAGE;
    }
    if (ss != SWEEP_OK) {
        cli_error("global sensitivity analysis failed: %s", sweep_strerror(ss));
        return CLI_EXIT_IO;
    }
    char command[1024], sp[64] = "";
    if (spread > 0)
        snprintf(sp, sizeof sp, " --spread %g%%", 100.0 * spread);
    snprintf(command, sizeof command,
             "drsim sensitivity%s%s --method sobol --samples %d --bootstrap %d -n %llu "
             "--seed %llu%s", path ? " " : "", path ? path : "", samples, boot,
             (unsigned long long)ro->trials, (unsigned long long)ro->seed, sp);
    struct sweep_report_options rpo = {isatty(STDOUT_FILENO), DRSIM_VERSION, command, top};
    sobol_report_print(stdout, res, &rpo);
    const struct cli_analysis an = {.sobol = res};
    int rc = cli_write_analysis(ro->outdir, cp->plan, &rpo, ro->trials, ro->seed, &an,
                                ro->charts);
    if (fflush(stdout) != 0 && rc == CLI_EXIT_OK)
        rc = CLI_EXIT_IO;
    sobol_results_free(res);
    return rc;
}

int cmd_sensitivity(int argc, char **argv)
{
    static const struct option opts[] = {
        {"trials", required_argument, NULL, 'n'},  {"seed", required_argument, NULL, 's'},
        {"spread", required_argument, NULL, 'p'},  {"threads", required_argument, NULL, 'j'},
        {"output", required_argument, NULL, 'o'},  {"top", required_argument, NULL, 't'},
        {"quiet", no_argument, NULL, 'q'},         {"help", no_argument, NULL, 'h'},
        {"no-charts", no_argument, NULL, 'C'},     {"method", required_argument, NULL, 'M'},
        {"samples", required_argument, NULL, 'N'}, {"bootstrap", required_argument, NULL, 'B'},
        {NULL, 0, NULL, 0}};
    uint64_t top = 15, samples = SOBOL_DEFAULT_N, boot = SOBOL_DEFAULT_BOOT;
    int sobol = 0, trials_given = 0, sobol_opts = 0;
    double spread = 0;
    const char *why, *path;
    struct cli_run_opts ro;
    int c, rc;

    cli_run_opts_init(&ro, 20000);
    optind = 0; /* glibc: start afresh, whatever was parsed before */
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":n:s:j:o:qh", opts, NULL)) != -1) {
        trials_given |= c == 'n';
        int h = cli_run_option(c, optarg, &ro);
        if (h == CLI_OPT_ERROR)
            return CLI_EXIT_USAGE;
        if (h == CLI_OPT_HANDLED)
            continue;
        switch (c) {
        case 'p':
            if (units_parse_fraction(optarg, &spread, &why) != UNITS_OK || !(spread > 0) ||
                !(spread < 1)) {
                cli_error("--spread takes a share between 0%% and 100%%, such as 20%% (got \"%s\")",
                          optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case 't':
            if (cli_parse_u64("--top", optarg, 1000000, &top) != 0)
                return CLI_EXIT_USAGE;
            break;
        case 'M':
            if (strcmp(optarg, "sobol") == 0)
                sobol = 1;
            else if (strcmp(optarg, "oat") == 0)
                sobol = 0;
            else {
                cli_error("--method takes oat or sobol (got \"%s\")", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case 'N':
            sobol_opts = 1;
            if (cli_parse_u64("--samples", optarg, 1000000, &samples) != 0)
                return CLI_EXIT_USAGE;
            if (samples < 2) {
                cli_error("--samples takes at least 2 base samples (got \"%s\")", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case 'B':
            sobol_opts = 1;
            if (cli_parse_u64("--bootstrap", optarg, 100000, &boot) != 0)
                return CLI_EXIT_USAGE;
            break;
        default:
            return cli_option_other(c, argv, "sensitivity", sensitivity_usage);
        }
    }
    if ((rc = cli_plan_arg(argc, argv, "sensitivity", &path)) != 0)
        return rc;
    if (sobol_opts && !sobol) {
        cli_error("--samples and --bootstrap apply to --method sobol");
        return CLI_EXIT_USAGE;
    }
    if (sobol && !trials_given)
        ro.trials = 2000;   /* N x (inputs + 2) runs: fewer trials each */
    cli_run_opts_finish(&ro);

    struct cli_plan cp;
    if ((rc = cli_load_plan_to_simulate(path, &cp)) != 0)
        return rc;
    if ((rc = cli_output_dir(ro.outdir)) != 0) {
        cli_plan_fini(&cp);
        return rc;
    }

    struct cli_progress pg;
    cli_progress_init(&pg, ro.quiet);
    if (sobol) {
        rc = run_sobol(&cp, path, &ro, spread, (int)samples, (int)boot, (int)top, &pg);
        cli_plan_fini(&cp);
        return rc;
    }
    struct sensitivity_options so = {ro.trials, ro.seed, (int)ro.threads, spread,
                                     cli_progress_show, &pg};
    struct sensitivity_results *res = NULL;
    enum sweep_status ss = sensitivity_run(cp.plan, cp.name, cp.src, cp.len, &so, &res);
    if (ss != SWEEP_OK) {
        cli_error("sensitivity analysis failed: %s", sweep_strerror(ss));
        cli_plan_fini(&cp);
        return CLI_EXIT_IO;
    }

    char command[1024], sp[64] = "";
    if (spread > 0)
        snprintf(sp, sizeof sp, " --spread %g%%", 100.0 * spread);
    snprintf(command, sizeof command, "drsim sensitivity%s%s -n %llu --seed %llu%s",
             path ? " " : "", path ? path : "", (unsigned long long)ro.trials,
             (unsigned long long)ro.seed, sp);
    struct sweep_report_options rpo = {isatty(STDOUT_FILENO), DRSIM_VERSION, command, (int)top};
    sweep_report_print_sensitivity(stdout, res, &rpo);
    const struct cli_analysis an = {.oat = res};
    rc = cli_write_analysis(ro.outdir, cp.plan, &rpo, ro.trials, ro.seed, &an, ro.charts);
    if (fflush(stdout) != 0 && rc == CLI_EXIT_OK)
        rc = CLI_EXIT_IO;
    sensitivity_results_free(res);
    cli_plan_fini(&cp);
    return rc;
}
