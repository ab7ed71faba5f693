/* cli/cmd_run.c: `drsim run`: simulate a plan, print the compliance table, write
 * DIR/summary.json, the auditor's workbook, the charts (DIR/charts/) and the review pack. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "reports/draw.h"
#include "reports/json.h"
#include "reports/term.h"
#include "reports/workbook.h"
#include "sim/mc.h"
#include "sim/verdict.h"

static const char run_usage[] =
    "usage: drsim run [PLAN] [-n TRIALS] [--seed S] [-j THREADS] [-o DIR] [--strict]\n"
    "                 [--no-charts] [--no-workbook] [--trials-sheet]\n"
    "                 [--drills FILE [--as-of DATE]]\n"
    "\n"
    "Play TRIALS outages of every scenario of PLAN (default: the built-in CommCare plan),\n"
    "print RTO and RPO against policy, and write DIR/summary.json, the auditor's workbook\n"
    "DIR/<plan>-dr-review.xlsx, the charts in DIR/charts/ (PNG, SVG, PDF) and the review\n"
    "pack DIR/<plan>-review-pack.pdf. With --drills, also the drill evidence: test cadence,\n"
    "measured durations against the model, and the workbook's Evidence sheets.\n"
    "\n"
    "  -n, --trials N     trials per scenario (default 100000)\n"
    "  -s, --seed S       64-bit seed (default 1); same plan + seed = same numbers\n"
    "  -j, --threads T    worker threads (default: the number of cores); does not change\n"
    "                     any result\n"
    "  -o, --output DIR   where summary.json goes (default ./out; created if missing)\n"
    "      --strict       exit 1 when any objective is in breach\n"
    "      --no-charts    skip the charts and the review pack\n"
    "      --no-workbook  skip the auditor's workbook DIR/<plan>-dr-review.xlsx\n"
    "      --trials-sheet add a row per trial to the workbook (Trials sheets)\n"
    "      --drills FILE  also report drill evidence (docs/drills.md): test-cadence\n"
    "                     compliance and where each measured duration falls in the model\n"
    "      --as-of DATE   judge the cadence as of DATE (default: today, or the day of\n"
    "                     SOURCE_DATE_EPOCH)\n"
    "  -q, --quiet        no progress bar\n";

/* Write DIR/charts/ and DIR/<plan>-review-pack.pdf (reports/draw.h) and say so on stdout.
 * Returns an exit code. */
static int write_charts(const char *outdir, const struct mc_results *res, const char *command)
{
    struct draw_meta dm = {DRSIM_VERSION, command, cli_now()};
    char dir[4096], pack[4096], name[256], err[1024];
    int n_files = 0, n_pages = 0;
    snprintf(dir, sizeof dir, "%s/charts", outdir);
    if (draw_write_charts(dir, res, &dm, &n_files, err, sizeof err) != DRAW_OK) {
        cli_error("cannot write charts: %s", err);
        return CLI_EXIT_IO;
    }
    printf("wrote %s/ (%d charts as PNG, SVG and PDF)\n", dir, n_files / 3);
    snprintf(pack, sizeof pack, "%s/%s", outdir, draw_review_pack_name(res->plan, name, sizeof name));
    if (draw_write_review_pack(pack, res, &dm, &n_pages, err, sizeof err) != DRAW_OK) {
        cli_error("cannot write the review pack: %s", err);
        return CLI_EXIT_IO;
    }
    printf("wrote %s (%d pages)\n", pack, n_pages);
    return CLI_EXIT_OK;
}

/* The workbook's chart images: the RTO and RPO CDFs drawn by reports/draw.h. */
static int run_chart_png(void *user, const struct mc_results *r, int scenario, int which,
                         int width_px, int height_px, unsigned char **png, size_t *len)
{
    char err[256];
    (void)user;
    return draw_chart_png_buffer(r, scenario, which == 0 ? DRAW_RTO_CDF : DRAW_RPO_CDF, width_px,
                                 height_px, png, len, err, sizeof err) == DRAW_OK ? 0 : -1;
}

/* Write DIR/<plan>-dr-review.xlsx (reports/workbook.h) and say so on stdout. Returns an
 * exit code. */
static int write_workbook(const char *outdir, const struct mc_results *res, const char *plan_path,
                          int trials_sheet, const struct cli_evidence *ev)
{
    char command[1024], name[256], path[4096], err[1024];
    snprintf(command, sizeof command, "drsim run%s%s -n %llu --seed %llu -j %d%s",
             plan_path ? " " : "", plan_path ? plan_path : "", (unsigned long long)res->n_trials,
             (unsigned long long)res->seed, res->threads, trials_sheet ? " --trials-sheet" : "");
    struct wb_options wo = {DRSIM_VERSION, command, cli_now(), trials_sheet, 0, run_chart_png,
                            NULL};
    snprintf(path, sizeof path, "%s/%s", outdir, wb_file_name(res->plan, name, sizeof name));
    struct wb_evidence we = {ev->drills ? ev->drills->log : NULL, ev->analysis, ev->rows};
    if (wb_write_evidence(path, res, &wo, ev->analysis ? &we : NULL, err, sizeof err) != WB_OK) {
        cli_error("%s", err);
        return CLI_EXIT_IO;
    }
    printf("wrote %s\n", path);
    return CLI_EXIT_OK;
}

int cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"trials", required_argument, NULL, 'n'}, {"seed", required_argument, NULL, 's'},
        {"threads", required_argument, NULL, 'j'}, {"output", required_argument, NULL, 'o'},
        {"strict", no_argument, NULL, 'S'},        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},          {"no-charts", no_argument, NULL, 'C'},
        {"no-workbook", no_argument, NULL, 'W'},   {"trials-sheet", no_argument, NULL, 'T'},
        {"drills", required_argument, NULL, 'D'}, {"as-of", required_argument, NULL, 'A'},
        {NULL, 0, NULL, 0}};
    const char *drills = NULL;  /* --drills FILE */
    long as_of = 0;             /* --as-of DATE, a civil day; 0 with have_as_of 0: today */
    int have_as_of = 0;
    struct cli_run_opts ro;
    const char *path;
    int strict = 0, c, rc;
    int workbook = 1, trials_sheet = 0;

    cli_run_opts_init(&ro, 100000);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":n:s:j:o:qh", opts, NULL)) != -1) {
        int h = cli_run_option(c, optarg, &ro);
        if (h == CLI_OPT_ERROR)
            return CLI_EXIT_USAGE;
        if (h == CLI_OPT_HANDLED)
            continue;
        switch (c) {
        case 'S':
            strict = 1;
            break;
        case 'W':
            workbook = 0;
            break;
        case 'T':
            trials_sheet = 1;
            break;
        case 'D':
            drills = optarg;
            break;
        case 'A':
            if (cli_parse_date("--as-of", optarg, &as_of) != 0)
                return CLI_EXIT_USAGE;
            have_as_of = 1;
            break;
        default:
            return cli_option_other(c, argv, "run", run_usage);
        }
    }
    if ((rc = cli_plan_arg(argc, argv, "run", &path)) != 0)
        return rc;
    cli_run_opts_finish(&ro);

    struct cli_plan cp;
    if ((rc = cli_load_plan_to_simulate(path, &cp)) != 0)
        return rc;
    struct cli_drills cd = {NULL, NULL};
    if (drills && (rc = cli_load_drills(drills, cp.plan, &cd)) != 0) {
        cli_plan_fini(&cp);
        return rc;
    }
    if ((rc = cli_output_dir(ro.outdir)) != 0) {
        cli_drills_fini(&cd);
        cli_plan_fini(&cp);
        return rc;
    }

    struct cli_progress pg;
    cli_progress_init(&pg, ro.quiet);
    struct mc_results *res = NULL;
    enum mc_status ms =
        mc_run(cp.plan, ro.trials, ro.seed, (int)ro.threads, cli_progress_show, &pg, &res);
    if (ms != MC_OK) {
        cli_error("simulation failed: %s", mc_strerror(ms));
        cli_drills_fini(&cd);
        cli_plan_fini(&cp);
        return CLI_EXIT_IO;
    }

    struct term_options to = {isatty(STDOUT_FILENO), DRSIM_VERSION};
    term_print_summary(stdout, res, &to);
    struct cli_evidence ev = {NULL, NULL, NULL, NULL};
    if (cd.log && cli_drills_report(&cd, cp.plan, res, have_as_of ? as_of : cli_today(),
                                    to.color, &ev) != 0) {
        cli_error("out of memory");
        mc_results_free(res);
        cli_drills_fini(&cd);
        cli_plan_fini(&cp);
        return CLI_EXIT_IO;
    }

    char command[1024];
    snprintf(command, sizeof command, "drsim run%s%s -n %llu --seed %llu", path ? " " : "",
             path ? path : "", (unsigned long long)ro.trials, (unsigned long long)ro.seed);
    struct json_meta meta = {DRSIM_VERSION, command};
    char json_path[4096];
    snprintf(json_path, sizeof json_path, "%s/summary.json", ro.outdir);
    rc = CLI_EXIT_OK;
    if (json_write_summary_extra(json_path, res, &meta, ev.analysis ? cli_evidence_json : NULL,
                                 &ev) != 0) {
        cli_error("cannot write %s: %s", json_path, strerror(errno));
        rc = CLI_EXIT_IO;
    } else {
        printf("\nwrote %s\n", json_path);
    }
    if (rc == CLI_EXIT_OK && workbook)
        rc = write_workbook(ro.outdir, res, path, trials_sheet, &ev);
    if (rc == CLI_EXIT_OK && ro.charts)
        rc = write_charts(ro.outdir, res, command);
    if (rc == CLI_EXIT_OK && strict) {
        struct verdict_summary v;
        verdict_summarize(res, &v);
        if (v.worst == MC_VERDICT_BREACH)
            rc = CLI_EXIT_BREACH;
    }
    if (fflush(stdout) != 0 && rc == CLI_EXIT_OK)
        rc = CLI_EXIT_IO;
    cli_evidence_fini(&ev);
    cli_drills_fini(&cd);
    mc_results_free(res);
    cli_plan_fini(&cp);
    return rc;
}
