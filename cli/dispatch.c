/* cli/dispatch.c: the drsim command: dispatches to one file per sub-command. Its main
 * (cli/main.c for drsim, mpi/main.c for drsim-mpi) sets up the process and calls
 * cli_main. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "models/text.h"

static const char usage_text[] =
    "usage: drsim COMMAND [ARGS]\n"
    "\n"
    "A discrete-event Monte Carlo simulator of disaster recovery: plays zone and\n"
    "region outages against a DR plan and measures achieved RPO and RTO.\n"
    "\n"
    "commands:\n"
    "  run [PLAN] [-n TRIALS] [--seed S] [-j THREADS] [-o DIR] [--strict]\n"
    "      [--drills FILE]  simulate; print the compliance table; write summary.json,\n"
    "                      the auditor's workbook, charts and the review pack to DIR\n"
    "  merge SHARD_DIR... [-o DIR]\n"
    "                      combine the shards of run --shard I/K into the whole run's outputs\n"
    "  check PLAN          validate a plan file only (exit 2 on bad input)\n"
    "  trace [PLAN] --scenario NAME --trial K [--seed S]\n"
    "                      print the event log of one trial, exactly as run computed it\n"
    "  sweep [PLAN] --vary PATH=VALUES [--vary PATH=VALUES] [-n TRIALS] [-o DIR]\n"
    "                      simulate at every value of one or two plan parameters (e.g. a\n"
    "                      backup interval from 1h to 24h); cheapest value meeting policy\n"
    "  sensitivity [PLAN] [-n TRIALS] [--spread P]\n"
    "                      rank the plan's uncertain inputs by their effect (tornado)\n"
    "  calibrate [PLAN] --drills FILE [-o OUT.yaml]\n"
    "                      fit step durations to what drills measured; write a calibrated copy\n"
    "  example             print the built-in CommCare plan, to start a new one from\n"
    "\n"
    "Without PLAN, run, trace, sweep, sensitivity and calibrate use the built-in CommCare\n"
    "plan.\n"
    "'drsim COMMAND --help' describes a command. Exit status: 0 success, 1 policy\n"
    "breach with --strict, 2 usage or bad input, 3 I/O or internal error.\n";

/* The sub-commands: name, entry point. The unknown-command message lists them from here. */
static const struct command {
    const char *name;
    int (*run)(int argc, char **argv); /* argv[0] is the command's name */
} commands[] = {
    {"run", cmd_run},
    {"merge", cmd_merge},
    {"check", cmd_check},
    {"trace", cmd_trace},
    {"sweep", cmd_sweep},
    {"sensitivity", cmd_sensitivity},
    {"calibrate", cmd_calibrate},
    {"example", cmd_example},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

int cli_main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return CLI_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_text, stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("drsim %s\n", DRSIM_VERSION);
        return CLI_EXIT_OK;
    }
    for (size_t i = 0; i < N_COMMANDS; i++) {
        if (strcmp(cmd, commands[i].name) != 0)
            continue;
        /* Runs already split across processes (drsim-mpi) are not split again. */
        const struct cli_process *proc = cli_get_process();
        if (proc->split && commands[i].run == cmd_merge) {
            cli_error("merge under %s: it combines shards in one process; run drsim merge",
                      proc->split_what);
            return CLI_EXIT_USAGE;
        }
        /* sweep and sensitivity as one of K shards (run handles its own --shard). */
        if (commands[i].run == cmd_sweep || commands[i].run == cmd_sensitivity)
            for (int k = 2; k < argc && strcmp(argv[k], "--") != 0; k++)
                if (strcmp(argv[k], "--shard") == 0 || strncmp(argv[k], "--shard=", 8) == 0) {
                    if (proc->split) {
                        cli_error("--shard under %s: its ranks already split the run",
                                  proc->split_what);
                        return CLI_EXIT_USAGE;
                    }
                    return cli_shard_command(argc - 1, argv + 1, commands[i].run);
                }
        return commands[i].run(argc - 1, argv + 1);
    }
    fputs("drsim: error: unknown command '", stderr);
    text_fputs(cmd, stderr);
    fputs("' (commands:", stderr);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(stderr, "%s %s", i ? "," : "", commands[i].name);
    fputs(")\n", stderr);
    return CLI_EXIT_USAGE;
}
