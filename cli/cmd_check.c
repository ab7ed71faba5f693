/* cli/cmd_check.c: `drsim check PLAN`: validate a plan file and say what it holds. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "reports/term.h"

static const char check_usage[] =
    "usage: drsim check PLAN\n"
    "\n"
    "Validate a plan file: syntax, keys, units, distributions, references and runbook\n"
    "cycles. Prints every error with its position (file:line:col) and exits 2 when the\n"
    "plan is bad, 3 when it cannot be read, 0 when it is valid.\n";

int cmd_check(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(check_usage, stdout);
        return CLI_EXIT_OK;
    }
    if (argc != 2 || argv[1][0] == '-') {
        fputs(check_usage, stderr);
        return CLI_EXIT_USAGE;
    }
    struct cli_plan cp;
    int rc = cli_load_plan(argv[1], &cp);
    if (rc != 0)
        return rc;
    const struct plan *p = cp.plan;
    int n_steps = 0;
    for (int i = 0; i < p->n_scenarios; i++)
        n_steps += p->scenarios[i].n_steps;
    /* The path and the plan name are escaped (reports/term.h): a name cannot forge a line. */
    term_put(stdout, argv[1]);
    fputs(": ok: plan '", stdout);
    term_put(stdout, p->name ? p->name : "(unnamed)");
    printf("': %d stores, %d roles (%d people), %d scenarios (%d steps), %d services\n",
           p->n_stores, p->n_roles, p->n_people, p->n_scenarios, n_steps, p->n_services);
    cli_plan_fini(&cp);
    return CLI_EXIT_OK;
}
