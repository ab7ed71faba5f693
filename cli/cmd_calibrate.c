/* cli/cmd_calibrate.c: `drsim calibrate`: parse the arguments, refuse an output that is
 * one of the inputs, load the plan, the drill log and the page export, and wire
 * analysis/calibrate.h (the fits and the calibrated copy) to reports/calibrate_report.h
 * (what is printed) and to the file written. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/calibrate.h"
#include "cli/cli.h"
#include "models/diag.h"
#include "models/pages.h"
#include "reports/calibrate_report.h"
#include "reports/outset.h"

static const char calibrate_usage[] =
    "usage: drsim calibrate [PLAN] [--drills FILE] [--pages FILE.csv]\n"
    "                       [--page-columns role=COL,triggered=COL,acknowledged=COL]\n"
    "                       [-o OUT.yaml] [--min-points N]\n"
    "\n"
    "Fit the duration distribution of every runbook step that the drills in FILE measured\n"
    "(docs/drills.md), and the response times of every role per period (business, night,\n"
    "weekend, by the role's calendar) from a pager's export of past pages (docs/pages.md),\n"
    "and show each beside PLAN's assumption (default: the built-in plan). Give --drills,\n"
    "--pages or both. With N or more observations (default 5), lognormal, gamma and\n"
    "Weibull distributions are fitted by maximum likelihood and the one with the lowest AIC\n"
    "is chosen (the Kolmogorov-Smirnov statistic is shown too); with fewer, the\n"
    "observations themselves (an empirical distribution); a single observation leaves the\n"
    "plan's assumption. Restore and failover steps take their time from the store's model\n"
    "and are shown, not fitted.\n"
    "\n"
    "  -d, --drills FILE    the drill log\n"
    "      --pages FILE.csv the pager's export: one row per page with the role paged, when\n"
    "                       it was triggered and when acknowledged (ISO 8601 with a UTC\n"
    "                       offset, such as 2026-03-09T13:05:00Z)\n"
    "      --page-columns role=COL,triggered=COL,acknowledged=COL\n"
    "                       the export's column names, any of the three (default role,\n"
    "                       triggered, acknowledged)\n"
    "  -o, --output OUT     write a calibrated copy of PLAN to OUT: the original text with\n"
    "                       just the fitted steps' duration and roles' response values\n"
    "                       replaced; PLAN itself is never changed\n"
    "      --min-points N   observations needed for a parametric fit (default 5, at least 2)\n";

/* Parse --page-columns KEY=COL,... into *cols (pointing into arg, which is modified: each
 * COL is cut at its comma). Prints the error with a caret; returns 0 or CLI_EXIT_USAGE. */
static int parse_columns(char *arg, struct pages_columns *cols)
{
    static const char *const keys[] = {"role", "triggered", "acknowledged", NULL};
    char *orig = strdup(arg), *s = arg;
    int rc = CLI_EXIT_USAGE;
    const char **seen[3] = {NULL, NULL, NULL}; /* the slots given in this argument */

    if (orig == NULL) {
        cli_error("out of memory");
        return CLI_EXIT_IO;
    }
    for (;;) {
        char *eq = strchr(s, '='), *comma = strchr(s, ','), msg[160];
        size_t at = (size_t)(s - arg);
        const char **slot = NULL;
        if (comma)
            *comma = '\0';
        if (eq == NULL || (comma && eq > comma)) {
            cli_arg_error("--page-columns", orig, at,
                          "each item is KEY=COLUMN, KEY one of role, triggered, acknowledged");
            goto out;
        }
        *eq = '\0';
        if (strcmp(s, "role") == 0)
            slot = &cols->role;
        else if (strcmp(s, "triggered") == 0)
            slot = &cols->triggered;
        else if (strcmp(s, "acknowledged") == 0)
            slot = &cols->acknowledged;
        if (slot == NULL) {
            const char *near = diag_suggest(s, keys);
            snprintf(msg, sizeof msg, "unknown key '%s'%s%s%s", s, near ? "; did you mean '" : "",
                     near ? near : "", near ? "'?" : " (role, triggered, acknowledged)");
            cli_arg_error("--page-columns", orig, at, msg);
            goto out;
        }
        if (eq[1] == '\0') {
            cli_arg_error("--page-columns", orig, (size_t)(eq + 1 - arg),
                          "a column name is missing after '='");
            goto out;
        }
        int k = slot == &cols->role ? 0 : slot == &cols->triggered ? 1 : 2;
        if (seen[k]) {
            snprintf(msg, sizeof msg, "'%s' is given twice", s);
            cli_arg_error("--page-columns", orig, at, msg);
            goto out;
        }
        seen[k] = slot;
        *slot = eq + 1;
        if (comma == NULL)
            break;
        s = comma + 1;
    }
    rc = 0;
out:
    free(orig);
    return rc;
}

/* Read the page export at path against plan p; on failure print the diagnostics and
 * return the exit code (2 for bad input, 3 when unreadable); 0 on success. */
static int load_pages(const char *path, const struct plan *p, const struct pages_columns *cols,
                      char **text, struct pages_log **out)
{
    struct diag_list d;
    enum csv_status st = pages_read_file(path, p, cols, &d, text, out);
    if (st != CSV_OK)
        diag_print(&d, stderr);
    diag_fini(&d);
    if (st == CSV_OK)
        return 0;
    if (st == CSV_NOMEM)
        cli_error("out of memory");
    return st == CSV_INVALID ? CLI_EXIT_USAGE : CLI_EXIT_IO;
}

/* Make, check and write the calibrated copy. Returns an exit code. */
static int write_copy(const char *out_path, const struct cli_plan *cp, const char *drills,
                      const char *pages, const struct calibrate_results *cr)
{
    struct calibrate_source src = {.plan_name = cp->name, .drills_name = drills,
                                   .version = DRSIM_VERSION, .today = cli_today(),
                                   .pages_name = pages};
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
        if (cr->n_responses_fitted == 0)
            printf("\nwrote %s: %s with the duration of %d step%s calibrated "
                   "(check it with drsim check %s)\n",
                   out_path, cp->name, cr->n_fitted, cr->n_fitted == 1 ? "" : "s", out_path);
        else if (cr->n_fitted == 0)
            printf("\nwrote %s: %s with %d response time%s calibrated "
                   "(check it with drsim check %s)\n",
                   out_path, cp->name, cr->n_responses_fitted,
                   cr->n_responses_fitted == 1 ? "" : "s", out_path);
        else
            printf("\nwrote %s: %s with the duration of %d step%s and %d response time%s "
                   "calibrated (check it with drsim check %s)\n",
                   out_path, cp->name, cr->n_fitted, cr->n_fitted == 1 ? "" : "s",
                   cr->n_responses_fitted, cr->n_responses_fitted == 1 ? "" : "s", out_path);
        break;
    }
    case CALIBRATE_NOTHING:
        cli_error("no step or response time could be calibrated: %s not written", out_path);
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
        {"pages", required_argument, NULL, 'p'}, {"page-columns", required_argument, NULL, 'c'},
        {NULL, 0, NULL, 0}};
    const char *drills = NULL, *out_path = NULL, *pages = NULL, *path;
    struct pages_columns cols = PAGES_DEFAULT_COLUMNS;
    char *columns_arg = NULL, *pages_text = NULL;
    struct pages_log *pl = NULL;
    uint64_t min_points = FIT_MIN_POINTS;
    struct cli_plan cp = {NULL, NULL, NULL, 0, NULL};
    struct cli_drills cd = {NULL, NULL};
    struct calibrate_results cr;
    int have_results = 0, rc, c;

    optind = 0; /* glibc: start afresh, whatever was parsed before */
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            drills = optarg;
            break;
        case 'o':
            out_path = optarg;
            break;
        case 'p':
            pages = optarg;
            break;
        case 'c':
            /* The last --page-columns counts, as with any repeated option. */
            free(columns_arg);
            cols = PAGES_DEFAULT_COLUMNS;
            if ((columns_arg = strdup(optarg)) == NULL) {
                cli_error("out of memory");
                return CLI_EXIT_IO;
            }
            if ((rc = parse_columns(columns_arg, &cols)) != 0) {
                free(columns_arg);
                return rc;
            }
            break;
        case 'm':
            if (cli_parse_u64("--min-points", optarg, 1000000, &min_points) != 0) {
                rc = CLI_EXIT_USAGE;
                goto out;
            }
            if (min_points < 2) {
                cli_error("--min-points must be at least 2 (a two-parameter fit needs two values)");
                rc = CLI_EXIT_USAGE;
                goto out;
            }
            break;
        default:
            rc = cli_option_other(c, argv, "calibrate", calibrate_usage);
            goto out;
        }
    }
    if ((rc = cli_plan_arg(argc, argv, "calibrate", &path)) != 0)
        goto out;
    rc = CLI_EXIT_USAGE;
    if (drills == NULL && pages == NULL) {
        cli_error("calibrate needs the drill log or the page export: --drills FILE or --pages "
                  "FILE.csv (see drsim calibrate --help)");
        goto out;
    }
    if (columns_arg && pages == NULL) {
        cli_error("--page-columns names the columns of the page export: give it with --pages");
        goto out;
    }
    /* An output naming an input (the same file, by inode: a link or another spelling
     * included) would replace it: refuse before anything is read. */
    if (out_path && path && same_file(out_path, path)) {
        cli_error("-o %s would overwrite the plan itself: write the calibrated copy elsewhere",
                  out_path);
        goto out;
    }
    if (out_path && drills && same_file(out_path, drills)) {
        cli_error("-o %s would overwrite the drill log %s: write the calibrated copy elsewhere",
                  out_path, drills);
        goto out;
    }
    if (out_path && pages && same_file(out_path, pages)) {
        cli_error("-o %s would overwrite the page export %s: write the calibrated copy "
                  "elsewhere", out_path, pages);
        goto out;
    }
    if ((rc = cli_load_plan(path, &cp)) != 0)
        goto out;
    if (drills && (rc = cli_load_drills(drills, cp.plan, &cd)) != 0)
        goto out;
    if (pages && (rc = load_pages(pages, cp.plan, &cols, &pages_text, &pl)) != 0)
        goto out;
    have_results = 1;
    if (calibrate_run(cp.plan, cd.log, (size_t)min_points, &cr) != 0 ||
        (pl && calibrate_add_pages(&cr, pl) != 0)) {
        cli_error("out of memory");
        rc = CLI_EXIT_IO;
        goto out;
    }
    calibrate_report_print(stdout, &cr, path ? path : "built-in", drills, pages);
    if (out_path)
        rc = write_copy(out_path, &cp, drills, pages, &cr);
    if (rc == 0 && fflush(stdout) != 0)
        rc = CLI_EXIT_IO;
out:
    if (have_results)
        calibrate_results_fini(&cr);
    pages_log_free(pl);
    free(pages_text);
    free(columns_arg);
    cli_drills_fini(&cd);
    cli_plan_fini(&cp);
    return rc;
}
