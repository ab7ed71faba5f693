/* cli/cmd_trace.c: `drsim trace`: the event log of one trial, exactly as `run` computed
 * it (same function, same random streams keyed by seed, trial and stream). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "reports/term.h"
#include "sim/mc.h"
#include "sim/trial.h"

static const char trace_usage[] =
    "usage: drsim trace [PLAN] --scenario NAME --trial K [--seed S]\n"
    "\n"
    "Replay trial K of scenario NAME (default plan: the built-in one) and print every\n"
    "event: the outage, each store's newest usable recovery point, pages, responses,\n"
    "escalations, step starts and ends, and when service came back. The numbers are\n"
    "those `drsim run` computed for trial K with the same seed.\n";

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
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *scen_name = NULL;
    uint64_t trial = 0, seed = 1;
    int have_trial = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":c:t:s:h", opts, NULL)) != -1) {
        switch (c) {
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
    if (!scen_name || !have_trial) {
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
    printf(", trial %llu, seed %llu\n", (unsigned long long)trial, (unsigned long long)seed);
    struct trace_ctx ctx = {cp.plan, s};
    struct trial_trace tt = {on_event, &ctx};
    const struct trial_result *tr = trial_run(w, s, trial, &tt);
    term_print_trial(stdout, cp.plan, tr);
    rc = fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_IO;
    trial_worker_free(w);
    cli_plan_fini(&cp);
    return rc;
}
