/* cli/cmd_trace.c: `drsim trace`: the event log of one trial, exactly as `run` computed
 * it (same function, same random streams keyed by seed, trial and stream). The trial is
 * given (--trial K) or picked (--at p95): a run of N trials finds the first trial whose
 * RTO lies in the histogram bin of that order statistic (within HIST_REL_RES of it), by
 * the definitions mc uses for its typical and P95 trials; for max, the first trial with
 * the largest RTO. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "reports/term.h"
#include "sim/mc.h"
#include "sim/trial.h"

static const char trace_usage[] =
    "usage: drsim trace [PLAN] --scenario NAME --trial K [--seed S]\n"
    "       drsim trace [PLAN] --scenario NAME --at p50|p95|p99|max [-n N] [--seed S]\n"
    "                   [-j THREADS]\n"
    "\n"
    "Replay trial K of scenario NAME (default plan: the built-in one) and print every\n"
    "event: the outage, each store's newest usable recovery point, pages, responses,\n"
    "escalations, step starts and ends, and when service came back. The numbers are\n"
    "those `drsim run` computed for trial K with the same seed.\n"
    "\n"
    "      --scenario NAME  the scenario (required)\n"
    "      --trial K        the trial, counted from 0\n"
    "      --at WHICH       instead of --trial: run N trials and trace the first whose\n"
    "                       RTO is their median (p50), P95 or P99, to the histogram's\n"
    "                       resolution (0.1 %), or the first with the largest (max);\n"
    "                       the median and P95 trials of `drsim run -n N`\n"
    "  -n, --trials N       trials of that run (default 100000, as run's)\n"
    "  -s, --seed S         seed, 0 to 2^63-1 (default 1), as given to run\n"
    "  -j, --threads T      worker threads of that run (default: the cores); does not\n"
    "                       change the trial picked\n";

/* --at: which order statistic of the RTO. */
enum trace_at {
    TRACE_AT_NONE = 0,
    TRACE_AT_P50,           /* sorted[(n - 1) / 2]: the lower median (mc's typical trial) */
    TRACE_AT_P95,           /* sorted[ceil(0.95 n) - 1] (mc's P95 trial) */
    TRACE_AT_P99,           /* sorted[ceil(0.99 n) - 1] */
    TRACE_AT_MAX            /* sorted[n - 1] */
};

static const char *const at_words[] = {"", "p50", "p95", "p99", "max"};

/* The trial of scenario result sr for the order statistic `at`: for max the smallest
 * trial index with the largest RTO; otherwise the smallest trial index whose RTO lies in
 * the histogram bin of that rank, within HIST_REL_RES of it (mc_rto_trial_at; for P50
 * and P95 these are mc_scenario_result.median_rto_trial and p95_rto_trial). */
static uint64_t at_trial(const struct mc_scenario_result *sr, enum trace_at at)
{
    uint64_t n = sr->n_trials, i;
    if (at == TRACE_AT_MAX)
        return sr->max_rto_trial;
    if (at == TRACE_AT_P50) {
        i = (n - 1) / 2;
    } else {
        uint64_t k = (uint64_t)ceil((at == TRACE_AT_P95 ? 0.95 : 0.99) * (double)n);
        i = k > 0 ? k - 1 : 0;
    }
    return mc_rto_trial_at(sr, i);
}

/* Run n trials of plan p and pick scenario s's trial for `at` into *trial. Returns an
 * exit code (the error printed). */
static int pick_trial(const struct plan *p, int s, enum trace_at at, uint64_t n, uint64_t seed,
                      uint64_t threads, uint64_t *trial)
{
    struct cli_progress pg;
    struct mc_results *res = NULL;
    cli_progress_init(&pg, 0);
    enum mc_status ms = mc_run(p, n, seed, (int)threads, cli_progress_show, &pg, &res);
    if (ms != MC_OK) {
        cli_error("simulation failed: %s", mc_strerror(ms));
        return CLI_EXIT_IO;
    }
    *trial = at_trial(&res->scenarios[s], at);
    mc_results_free(res);
    return CLI_EXIT_OK;
}

struct trace_ctx {
    const struct plan *plan;
    int scenario;
};

static void on_event(void *user, const struct trial_event *ev)
{
    const struct trace_ctx *c = user;
    term_print_event(stdout, c->plan, c->scenario, ev);
}

int cmd_trace(int argc, char **argv)
{
    static const struct option opts[] = {{"scenario", required_argument, NULL, 'c'},
                                         {"trial", required_argument, NULL, 't'},
                                         {"seed", required_argument, NULL, 's'},
                                         {"at", required_argument, NULL, 'a'},
                                         {"trials", required_argument, NULL, 'n'},
                                         {"threads", required_argument, NULL, 'j'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *scen_name = NULL, *run_opt = NULL;
    uint64_t trial = 0, seed = 1, n_trials = 100000, threads = 0;
    int have_trial = 0, c;
    enum trace_at at = TRACE_AT_NONE;
    optind = 0; /* glibc: start afresh, whatever was parsed before */
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":c:t:s:n:j:h", opts, NULL)) != -1) {
        switch (c) {
        case 'a':
            at = TRACE_AT_NONE;
            for (int i = TRACE_AT_P50; i <= TRACE_AT_MAX; i++)
                if (strcmp(optarg, at_words[i]) == 0)
                    at = (enum trace_at)i;
            if (at == TRACE_AT_NONE) {
                cli_error("--at takes p50, p95, p99 or max (got \"%s\")", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case 'n':
            if (cli_parse_range("-n", optarg, 1, MC_MAX_TRIALS, &n_trials) != 0)
                return CLI_EXIT_USAGE;
            run_opt = "-n";
            break;
        case 'j':
            if (cli_parse_range("-j", optarg, 1, 256, &threads) != 0)
                return CLI_EXIT_USAGE;
            run_opt = "-j";
            break;
        case 'c':
            scen_name = optarg;
            break;
        case 't':
            if (cli_parse_u64("--trial", optarg, MC_MAX_TRIALS - 1, &trial) != 0)
                return CLI_EXIT_USAGE;
            have_trial = 1;
            break;
        case 's':
            if (cli_parse_u64("--seed", optarg, CLI_MAX_SEED, &seed) != 0)
                return CLI_EXIT_USAGE;
            break;
        default:
            return cli_option_other(c, argv, "trace", trace_usage);
        }
    }
    if (at != TRACE_AT_NONE && have_trial) {
        cli_error("--at and --trial cannot be used together: --at picks the trial");
        return CLI_EXIT_USAGE;
    }
    if (run_opt && at == TRACE_AT_NONE) {
        cli_error("%s applies to --at (the run that picks the trial), not to --trial", run_opt);
        return CLI_EXIT_USAGE;
    }
    if (!scen_name || (!have_trial && at == TRACE_AT_NONE)) {
        fputs(trace_usage, stderr);
        return CLI_EXIT_USAGE;
    }
    if (argc - optind > 1) {
        cli_error("trace takes at most one plan file");
        return CLI_EXIT_USAGE;
    }
    struct cli_plan cp;
    int rc = cli_load_plan(optind < argc ? argv[optind] : NULL, &cp);
    if (rc != 0)
        return rc;
    int s = plan_find_scenario(cp.plan, scen_name);
    if (s < 0) {
        /* Names from the plan file (and the argument) are escaped: see reports/term.h. */
        fputs("drsim: error: no scenario '", stderr);
        term_put(stderr, scen_name);
        fputs("' in plan '", stderr);
        term_put(stderr, cp.plan->name);
        fputs("'; it has:", stderr);
        for (int i = 0; i < cp.plan->n_scenarios; i++) {
            fputc(' ', stderr);
            term_put(stderr, cp.plan->scenarios[i].name);
        }
        fputc('\n', stderr);
        cli_plan_fini(&cp);
        return CLI_EXIT_USAGE;
    }
    if (at != TRACE_AT_NONE) {
        if (threads == 0) {
            struct cli_run_opts ro;
            cli_run_opts_init(&ro, n_trials);
            cli_run_opts_finish(&ro);
            threads = ro.threads;
        }
        if ((rc = pick_trial(cp.plan, s, at, n_trials, seed, threads, &trial)) != 0) {
            cli_plan_fini(&cp);
            return rc;
        }
    }
    struct trial_worker *w = trial_worker_new(cp.plan, seed);
    if (!w) {
        cli_error("out of memory");
        cli_plan_fini(&cp);
        return CLI_EXIT_IO;
    }
    fputs("trace: plan ", stdout);
    term_put(stdout, cp.plan->name);
    fputs(", scenario ", stdout);
    term_put(stdout, cp.plan->scenarios[s].name);
    if (at == TRACE_AT_NONE)
        printf(", trial %llu, seed %llu\n", (unsigned long long)trial, (unsigned long long)seed);
    else if (at == TRACE_AT_MAX)
        printf(", trial %llu, the largest RTO of %llu trials, seed %llu\n",
               (unsigned long long)trial, (unsigned long long)n_trials, (unsigned long long)seed);
    else
        printf(", trial %llu, the P%s RTO of %llu trials, seed %llu\n", (unsigned long long)trial,
               at_words[at] + 1, (unsigned long long)n_trials, (unsigned long long)seed);
    struct trace_ctx ctx = {cp.plan, s};
    struct trial_trace tt = {on_event, &ctx};
    const struct trial_result *tr = trial_run(w, s, trial, &tt);
    term_print_trial(stdout, cp.plan, tr);
    rc = fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_IO;
    trial_worker_free(w);
    cli_plan_fini(&cp);
    return rc;
}
