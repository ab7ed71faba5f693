/* cli/cmd_check.c: `drsim check PLAN`: validate a plan file and say what it holds; with
 * `--list WHAT`, print the plan's names of one kind instead, one per line, for scripts
 * and the shell completion (completion/drsim.bash completes `trace --scenario` and
 * `sweep --vary` from them). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "models/vary.h"
#include "reports/term.h"

static const char check_usage[] =
    "usage: drsim check PLAN\n"
    "       drsim check [PLAN] --list WHAT\n"
    "\n"
    "Validate a plan file: syntax, keys, units, distributions, references and runbook\n"
    "cycles. Prints every error with its position (file:line:col) and exits 2 when the\n"
    "plan is bad, 3 when it cannot be read, 0 when it is valid.\n"
    "\n"
    "  -l, --list WHAT    print the plan's (default: the built-in plan's) names of WHAT,\n"
    "                     one per line, instead of the summary: scenarios, stores,\n"
    "                     roles, steps (of every runbook, each name once), or paths\n"
    "                     (the key paths `drsim sweep --vary` accepts)\n";

/* What --list prints. */
enum check_list {
    LIST_NONE = 0,
    LIST_SCENARIOS,
    LIST_STORES,
    LIST_ROLES,
    LIST_STEPS,
    LIST_PATHS
};

static const char *const list_names[] = {NULL, "scenarios", "stores", "roles", "steps", "paths"};
#define N_LIST_NAMES (sizeof list_names / sizeof list_names[0])

static void put_line(const char *name)
{
    term_put(stdout, name);
    fputc('\n', stdout);
}

/* Whether `drsim sweep --vary PATH=VALUE` accepts the plan's own value at input i: the
 * sweep's parser is asked, so the list cannot disagree with it. A value holding a ','
 * is given as an item separated by '|' (the rule of VALUES); one holding a '|' as well
 * cannot be written as a single item and its path is left out. Returns -1 when out of
 * memory. */
static int sweep_accepts(const struct cli_plan *cp, const struct plan_input *in)
{
    const char *v = in->value;
    if (strchr(v, '|'))
        return 0;
    int comma = strchr(v, ',') != NULL;
    size_t n = strlen(in->path) + 2 * strlen(v) + 3;
    char *arg = malloc(n);
    if (arg == NULL)
        return -1;
    snprintf(arg, n, comma ? "%s=%s|%s" : "%s=%s", in->path, v, v);
    struct vary_axis ax;
    struct vary_error e;
    enum vary_status st = vary_axis_parse(&ax, cp->plan, cp->src, cp->len, arg, &e);
    free(arg);
    if (st == VARY_OK)
        vary_axis_fini(&ax);
    return st == VARY_NOMEM ? -1 : st == VARY_OK;
}

/* Print the names of kind `what` of the loaded plan. Returns an exit code. */
static int print_list(const struct cli_plan *cp, enum check_list what)
{
    const struct plan *p = cp->plan;
    switch (what) {
    case LIST_SCENARIOS:
        for (int i = 0; i < p->n_scenarios; i++)
            put_line(p->scenarios[i].name);
        break;
    case LIST_STORES:
        for (int i = 0; i < p->n_stores; i++)
            put_line(p->stores[i].name);
        break;
    case LIST_ROLES:
        for (int i = 0; i < p->n_roles; i++)
            put_line(p->roles[i].name);
        break;
    case LIST_STEPS:
        /* A step name used by several runbooks is printed where it first appears. */
        for (int i = 0; i < p->n_scenarios; i++)
            for (int j = 0; j < p->scenarios[i].n_steps; j++) {
                const char *name = p->scenarios[i].steps[j].name;
                int seen = scenario_find_step(&p->scenarios[i], name) < j;
                for (int k = 0; k < i && !seen; k++)
                    seen = scenario_find_step(&p->scenarios[k], name) >= 0;
                if (!seen)
                    put_line(name);
            }
        break;
    case LIST_PATHS:
        for (int i = 0; i < p->n_inputs; i++) {
            int ok = sweep_accepts(cp, &p->inputs[i]);
            if (ok < 0) {
                cli_error("out of memory");
                return CLI_EXIT_IO;
            }
            if (ok)
                put_line(p->inputs[i].path);
        }
        break;
    case LIST_NONE:
        break;
    }
    return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_IO;
}

int cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {{"list", required_argument, NULL, 'l'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    enum check_list what = LIST_NONE;
    int c;
    optind = 0; /* glibc: start afresh, whatever was parsed before */
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":l:h", opts, NULL)) != -1) {
        if (c != 'l')
            return cli_option_other(c, argv, "check", check_usage);
        what = LIST_NONE;
        for (size_t i = 1; i < N_LIST_NAMES; i++)
            if (strcmp(optarg, list_names[i]) == 0)
                what = (enum check_list)i;
        if (what == LIST_NONE) {
            cli_error("--list takes scenarios, stores, roles, steps or paths (got '%s')",
                      optarg);
            return CLI_EXIT_USAGE;
        }
    }
    const char *path;
    int rc = cli_plan_arg(argc, argv, "check", &path);
    if (rc != 0)
        return rc;
    /* Checking needs a file; listing may read the built-in plan. */
    if (path == NULL && what == LIST_NONE) {
        fputs(check_usage, stderr);
        return CLI_EXIT_USAGE;
    }
    struct cli_plan cp;
    rc = cli_load_plan(path, &cp);
    if (rc != 0)
        return rc;
    if (what != LIST_NONE) {
        rc = print_list(&cp, what);
        cli_plan_fini(&cp);
        return rc;
    }
    const struct plan *p = cp.plan;
    int n_steps = 0;
    for (int i = 0; i < p->n_scenarios; i++)
        n_steps += p->scenarios[i].n_steps;
    /* The path and the plan name are escaped (reports/term.h): a name cannot forge a line. */
    term_put(stdout, path);
    fputs(": ok: plan '", stdout);
    term_put(stdout, p->name ? p->name : "(unnamed)");
    printf("': %d stores, %d roles (%d people), %d scenarios (%d steps), %d services\n",
           p->n_stores, p->n_roles, p->n_people, p->n_scenarios, n_steps, p->n_services);
    cli_plan_fini(&cp);
    return CLI_EXIT_OK;
}
