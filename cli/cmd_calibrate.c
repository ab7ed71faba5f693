/* cli/cmd_calibrate.c: `drsim calibrate`: parse the arguments, refuse an output that is
 * one of the inputs, load the plan and the drill log, and wire analysis/calibrate.h (the
 * fits and the calibrated copy) to reports/calibrate_report.h (what is printed) and to
 * the file written. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/calibrate.h"
#include "cli/cli.h"
#include "models/diag.h"
#include "reports/calibrate_report.h"
#include "reports/outset.h"

static const char calibrate_usage[] =
    "usage: drsim calibrate [PLAN] --drills FILE [-o OUT.yaml] [--min-points N]\n"
    "\n"
    "Fit the duration distribution of every runbook step that the drills in FILE measured\n"
    "(docs/drills.md) and show it beside PLAN's assumption (default: the built-in plan).\n"
    "With N or more observations (default 5), lognormal, gamma and Weibull distributions\n"
    "are fitted by maximum likelihood and the one with the lowest AIC is chosen (the\n"
    "Kolmogorov-Smirnov statistic is shown too); with fewer, the observations themselves\n"
    "(an empirical distribution); a single observation leaves the plan's assumption.\n"
    "Restore and failover steps take their time from the store's model and are shown,\n"
    "not fitted.\n"
    "\n"
    "  -d, --drills FILE    the drill log (required)\n"
    "  -o, --output OUT     write a calibrated copy of PLAN to OUT: the original text with\n"
    "                       just the fitted steps' duration values replaced; PLAN itself is\n"
    "                       never changed\n"
    "      --min-points N   observations needed for a parametric fit (default 5, at least 2)\n";

/* Make, check and write the calibrated copy. Returns an exit code. */
static int write_copy(const char *out_path, const struct cli_plan *cp, const char *drills,
                      const struct calibrate_results *cr)
{
    struct calibrate_source src = {cp->name, drills, DRSIM_VERSION, cli_today()};
    struct calibrate_copy copy;
    int rc = CLI_EXIT_OK;

    switch (calibrate_plan(cr, cp->src, cp->len, &src, &copy)) {
    case CALIBRATE_OK: {
        /* The one output writer: a staged file renamed into place (reports/outset.h). */
        char *msg = NULL;
        if (outset_write_file(out_path, copy.text, copy.len, &msg) != OUTSET_OK) {
            cli_error("%s", msg ? msg : "out of memory");
            free(msg);
            rc = CLI_EXIT_IO;
            break;
        }
        printf("\nwrote %s: %s with the duration of %d step%s calibrated "
               "(check it with drsim check %s)\n",
               out_path, cp->name, cr->n_fitted, cr->n_fitted == 1 ? "" : "s", out_path);
        break;
    }
    case CALIBRATE_NOTHING:
        cli_error("no step could be calibrated: %s not written", out_path);
        rc = CLI_EXIT_USAGE;
        break;
    case CALIBRATE_REFUSED:
        diag_print(&copy.vr.diags, stderr);
        cli_error("cannot write the calibrated copy %s", out_path);
        rc = CLI_EXIT_USAGE;
        break;
    case CALIBRATE_BUG:
        if (copy.vr.has_diags)
            diag_print(&copy.vr.diags, stderr);
        cli_error("%s (a bug; %s not written)", copy.msg, out_path);
        rc = CLI_EXIT_IO;
        break;
    case CALIBRATE_NOMEM:
        cli_error("out of memory");
        rc = CLI_EXIT_IO;
        break;
    }
    calibrate_copy_fini(&copy);
    return rc;
}

/* Whether two paths name the same existing file. */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

int cmd_calibrate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"drills", required_argument, NULL, 'd'}, {"output", required_argument, NULL, 'o'},
        {"min-points", required_argument, NULL, 'm'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *drills = NULL, *out_path = NULL, *path;
    uint64_t min_points = FIT_MIN_POINTS;
    struct cli_plan cp = {NULL, NULL, NULL, 0, NULL};
    struct cli_drills cd = {NULL, NULL};
    struct calibrate_results cr;
    int have_results = 0, rc, c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            drills = optarg;
            break;
        case 'o':
            out_path = optarg;
            break;
        case 'm':
            if (cli_parse_u64("--min-points", optarg, 1000000, &min_points) != 0)
                return CLI_EXIT_USAGE;
            if (min_points < 2) {
                cli_error("--min-points must be at least 2 (a two-parameter fit needs two values)");
                return CLI_EXIT_USAGE;
            }
            break;
        default:
            return cli_option_other(c, argv, "calibrate", calibrate_usage);
        }
    }
    if ((rc = cli_plan_arg(argc, argv, "calibrate", &path)) != 0)
        return rc;
    if (drills == NULL) {
        cli_error("calibrate needs the drill log: --drills FILE (see drsim calibrate --help)");
        return CLI_EXIT_USAGE;
    }
    /* An output naming an input (the same file, by inode: a link or another spelling
     * included) would replace it: refuse before anything is read. */
    if (out_path && path && same_file(out_path, path)) {
        cli_error("-o %s would overwrite the plan itself: write the calibrated copy elsewhere",
                  out_path);
        return CLI_EXIT_USAGE;
    }
    if (out_path && same_file(out_path, drills)) {
        cli_error("-o %s would overwrite the drill log %s: write the calibrated copy elsewhere",
                  out_path, drills);
        return CLI_EXIT_USAGE;
    }
    if ((rc = cli_load_plan(path, &cp)) != 0)
        return rc;
    if ((rc = cli_load_drills(drills, cp.plan, &cd)) != 0)
        goto out;
    have_results = 1;
    if (calibrate_run(cp.plan, cd.log, (size_t)min_points, &cr) != 0) {
        cli_error("out of memory");
        rc = CLI_EXIT_IO;
        goto out;
    }
    calibrate_report_print(stdout, &cr, path ? path : "built-in", drills);
    if (out_path)
        rc = write_copy(out_path, &cp, drills, &cr);
    if (rc == 0 && fflush(stdout) != 0)
        rc = CLI_EXIT_IO;
out:
    if (have_results)
        calibrate_results_fini(&cr);
    cli_drills_fini(&cd);
    cli_plan_fini(&cp);
    return rc;
}
