/* cli/cmd_calibrate.c: `drsim calibrate`: fit the duration distributions of runbook steps
 * to what drills measured, show them beside the plan's, and optionally write a calibrated
 * copy of the plan in which only those `duration:` values are replaced (the loader splices
 * them into the original text, so comments and layout survive), checked by loading it
 * back before it is written atomically. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "models/diag.h"
#include "models/drill.h"
#include "analysis/fit.h"
#include "models/load.h"
#include "models/sha256.h"
#include "models/units.h"
#include "reports/term.h"

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

#define MAX_EDITS (PLAN_MAX_STEPS * 8)

/* One fitted step: what is replaced in the copy. */
struct calibrated {
    int scenario, step;
    struct dist dist;          /* the chosen distribution (empirical values point into text) */
    double *values;            /* owned copy of empirical values, else NULL */
    char yaml[1024];           /* its plan text */
    const char *path[6];       /* scenarios.NAME.runbook.STEP.duration */
};

static void print_values(const double *v, size_t n)
{
    char b[32];
    for (size_t i = 0; i < n; i++)
        printf("%s%s", i ? ", " : "", units_format_duration(v[i], b, sizeof b));
}

/* The parameters of a fitted family with their standard errors. */
static void print_params(const struct fit_result *r)
{
    char a[32], b[32];
    switch (r->family) {
    case FIT_LOGNORMAL:
        printf("mu %.4f +- %.4f, sigma %.4f +- %.4f", r->dist.p[0], r->se[0], r->dist.p[1],
               r->se[1]);
        break;
    case FIT_GAMMA:
    case FIT_WEIBULL:
        printf("shape %.4g +- %.2g, scale %s +- %s", r->dist.p[0], r->se[0],
               units_format_duration(r->dist.p[1], a, sizeof a),
               isnan(r->se[1]) ? "?" : units_format_duration(r->se[1], b, sizeof b));
        break;
    case FIT_N_FAMILIES:
        break;
    }
}

static void print_dist_line(const char *label, const struct dist *d)
{
    char desc[256], b1[32], b2[32];
    dist_describe(d, units_format_duration, desc, sizeof desc);
    printf("    %-10s %-44s P50 %8s  P95 %8s\n", label, desc,
           term_duration(dist_quantile(d, 0.5), b1, sizeof b1),
           term_duration(dist_quantile(d, 0.95), b2, sizeof b2));
}

/* Print and fit one step; fills *c and returns 1 when the step is calibrated, 0 when it is
 * shown only, -1 when out of memory. */
static int calibrate_step(const struct plan *p, const struct drill_samples *g, size_t min_points,
                          struct calibrated *c)
{
    const struct scenario *sc = &p->scenarios[g->scenario];
    const struct step *st = &sc->steps[g->step];
    struct fit_choice ch;
    char b1[32], b2[32];

    printf("\n  %s / %s: %zu observation%s: ", sc->name, st->name, g->n, g->n == 1 ? "" : "s");
    print_values(g->values_s, g->n);
    putchar('\n');
    if (st->kind != STEP_TASK) {
        const struct store *so = &p->stores[st->store];
        if (st->kind == STEP_FAILOVER) {
            print_dist_line("plan", &so->failover);
        } else {
            struct drill_restore_model m;
            if (drill_restore_model_init(&m, so) != 0)
                return -1;
            printf("    %-10s %-44s P50 %8s  P95 %8s\n", "plan", "restore model of the store",
                   term_duration(drill_restore_quantile(&m, 0.5), b1, sizeof b1),
                   term_duration(drill_restore_quantile(&m, 0.95), b2, sizeof b2));
            drill_restore_model_fini(&m);
        }
        printf("    not fitted: a %s step takes its time from store '%s' (%s)\n",
               st->kind == STEP_RESTORE ? "restore" : "failover", so->name,
               st->kind == STEP_RESTORE ? "size, restore throughput, overhead"
                                        : "zone_redundancy.failover");
        return 0;
    }
    print_dist_line("plan", &st->duration);
    if (g->n < 2) {
        printf("    not calibrated: one observation is not a distribution (the plan's stays)\n");
        return 0;
    }
    if (fit_choose(g->values_s, g->n, min_points, &ch) != FIT_OK) {
        fit_choice_fini(&ch);
        return -1;
    }
    if (!ch.empirical) {
        for (int f = 0; f < FIT_N_FAMILIES; f++) {
            const struct fit_result *r = &ch.fits[f];
            printf("    %-10s ", fit_family_name((enum fit_family)f));
            if (r->status != FIT_OK) {
                printf("%s\n", fit_strerror(r->status));
                continue;
            }
            print_params(r);
            printf("; log L %.2f, AIC %.2f, KS D %.3f (p %.2f)%s\n", r->loglik, r->aic, r->ks,
                   r->ks_p, f == ch.best ? "  <- lowest AIC" : "");
        }
    }
    memset(c, 0, sizeof *c);
    c->scenario = g->scenario;
    c->step = g->step;
    c->dist = ch.chosen;
    if (ch.empirical) {
        c->values = malloc(g->n * sizeof *c->values);
        if (c->values == NULL) {
            fit_choice_fini(&ch);
            return -1;
        }
        memcpy(c->values, ch.values, g->n * sizeof *c->values);
        c->dist.values = c->values;
        if (g->n < min_points)
            printf("    fewer than %zu observations: the observations themselves (empirical)\n",
                   min_points);
        else
            printf("    no family could be fitted: the observations themselves (empirical)\n");
    }
    fit_choice_fini(&ch);
    print_dist_line("fitted", &c->dist);
    if (fit_dist_yaml(&c->dist, c->yaml, sizeof c->yaml) == NULL) {
        printf("    too many values to write back; not calibrated\n");
        free(c->values);
        c->values = NULL;
        return 0;
    }
    c->path[0] = "scenarios";
    c->path[1] = sc->name;
    c->path[2] = "runbook";
    c->path[3] = st->name;
    c->path[4] = "duration";
    c->path[5] = NULL;
    return 1;
}

/* Restores measured per store: shown against the store's restore model. */
static int show_restores(const struct plan *p, const struct drill_log *log)
{
    int shown = 0;
    for (int s = 0; s < p->n_stores; s++) {
        double *v = NULL;
        int n = drill_restore_samples(log, p->stores[s].name, &v);
        struct drill_restore_model m;
        char b1[32], b2[32];
        if (n < 0)
            return -1;
        if (n == 0)
            continue;
        if (!shown)
            printf("\n  Restores measured per store (not fitted: the restore time follows from "
                   "size, throughput and overhead):\n");
        shown = 1;
        printf("    %-14s ", p->stores[s].name);
        print_values(v, (size_t)n);
        if (p->stores[s].recovery != STORE_RECOVER_NONE) {
            if (drill_restore_model_init(&m, &p->stores[s]) != 0) {
                free(v);
                return -1;
            }
            printf("   (model P50 %s, P95 %s)",
                   term_duration(drill_restore_quantile(&m, 0.5), b1, sizeof b1),
                   term_duration(drill_restore_quantile(&m, 0.95), b2, sizeof b2));
            drill_restore_model_fini(&m);
        }
        putchar('\n');
        free(v);
    }
    return 0;
}

/* Whether two quantiles agree to what plan text can hold (whole seconds, 5 digits). */
static int close_enough(double a, double b)
{
    return fabs(a - b) <= 1.0 + 2e-3 * fabs(b);
}

/* Load the calibrated text back and check every replaced step now holds its fitted
 * distribution. Returns 0, or an exit code after printing why. */
static int verify_copy(const char *out_path, const char *text, size_t len,
                       const struct calibrated *cal, int n_cal)
{
    struct diag_list d;
    struct plan *q = NULL;
    enum load_status st;
    int rc = 0;

    diag_init(&d, out_path, text, len);
    st = load_plan_text(out_path, text, len, &d, &q);
    if (st != LOAD_OK) {
        cli_error("the calibrated plan does not load (a bug; %s not written):", out_path);
        diag_print(&d, stderr);
        diag_fini(&d);
        return CLI_EXIT_IO;
    }
    for (int i = 0; i < n_cal && rc == 0; i++) {
        const struct calibrated *c = &cal[i];
        int si = plan_find_scenario(q, c->path[1]);
        int k = si >= 0 ? scenario_find_step(&q->scenarios[si], c->path[3]) : -1;
        const struct dist *got = k >= 0 ? &q->scenarios[si].steps[k].duration : NULL;
        if (got == NULL || got->kind != c->dist.kind ||
            !close_enough(dist_quantile(got, 0.5), dist_quantile(&c->dist, 0.5)) ||
            !close_enough(dist_quantile(got, 0.95), dist_quantile(&c->dist, 0.95))) {
            cli_error("the calibrated plan does not hold the fitted duration of %s / %s "
                      "(a bug; %s not written)", c->path[1], c->path[3], out_path);
            rc = CLI_EXIT_IO;
        }
    }
    plan_free(q);
    diag_fini(&d);
    return rc;
}

/* The header comment of a calibrated copy, followed by the spliced text. */
static char *with_header(const char *plan_name, const char *drills, const struct drill_log *log,
                         const struct plan *p, const struct calibrated *cal, int n_cal,
                         const char *body, size_t body_len, size_t *out_len)
{
    char *buf = NULL, d[16], hex[65];
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int col;
    if (f == NULL)
        return NULL;
    sha256_hex(log->sha256, hex);
    fprintf(f, "# Calibrated by drsim calibrate (drsim %s) on %s\n"
               "# from the drill log %s\n"
               "# (SHA-256 %s).\n"
               "# The duration of these steps was fitted to what the drills measured;\n"
               "# everything else is as in %s:\n#  ",
            DRSIM_VERSION, units_format_date(cli_today(), d, sizeof d), drills, hex, plan_name);
    col = 3;
    for (int i = 0; i < n_cal; i++) {
        const struct scenario *sc = &p->scenarios[cal[i].scenario];
        int w = (int)(strlen(sc->name) + strlen(sc->steps[cal[i].step].name)) + 3;
        if (col + w > 88) {
            fputs("\n#  ", f);
            col = 3;
        }
        fprintf(f, " %s/%s%s", sc->name, sc->steps[cal[i].step].name, i + 1 < n_cal ? "," : "");
        col += w;
    }
    fputs("\n\n", f);
    fwrite(body, 1, body_len, f);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    *out_len = len;
    return buf;
}

/* Splice, verify and write the calibrated copy. Returns an exit code. */
static int write_copy(const char *out_path, const char *plan_name, const char *plan_text,
                      size_t plan_len, const char *drills, const struct drill_log *log,
                      const struct plan *p, const struct calibrated *cal, int n_cal)
{
    struct load_edit edits[MAX_EDITS];
    struct diag_list d;
    char *spliced = NULL, *full = NULL;
    size_t spliced_len = 0, full_len = 0;
    enum load_status st;
    int rc;

    for (int i = 0; i < n_cal; i++) {
        edits[i].path = cal[i].path;
        edits[i].text = cal[i].yaml;
    }
    diag_init(&d, plan_name, plan_text, plan_len);
    st = load_edit_text(plan_text, plan_len, edits, n_cal, &d, &spliced, &spliced_len);
    if (st != LOAD_OK) {
        diag_print(&d, stderr);
        diag_fini(&d);
        cli_error("cannot write the calibrated copy %s", out_path);
        return st == LOAD_INVALID ? CLI_EXIT_USAGE : CLI_EXIT_IO;
    }
    diag_fini(&d);
    full = with_header(plan_name, drills, log, p, cal, n_cal, spliced, spliced_len, &full_len);
    free(spliced);
    if (full == NULL) {
        cli_error("out of memory");
        return CLI_EXIT_IO;
    }
    rc = verify_copy(out_path, full, full_len, cal, n_cal);
    if (rc == 0 && cli_write_atomic(out_path, full, full_len) != 0) {
        cli_error("cannot write %s: %s", out_path, strerror(errno));
        rc = CLI_EXIT_IO;
    }
    if (rc == 0)
        printf("\nwrote %s: %s with the duration of %d step%s calibrated "
               "(check it with drsim check %s)\n",
               out_path, plan_name, n_cal, n_cal == 1 ? "" : "s", out_path);
    free(full);
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
    struct drill_samples *groups = NULL;
    struct calibrated *cal = NULL;
    int n_groups = 0, n_cal = 0, rc, c;

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
    if (out_path && path && same_file(out_path, path)) {
        cli_error("-o %s would overwrite the plan itself: write the calibrated copy elsewhere",
                  out_path);
        return CLI_EXIT_USAGE;
    }
    if ((rc = cli_load_plan(path, &cp)) != 0)
        return rc;
    if ((rc = cli_load_drills(drills, cp.plan, &cd)) != 0)
        goto out;

    printf("Calibrating %s (%s) from %s (%d exercise%s)\n", cp.plan->name,
           path ? path : "built-in", drills, cd.log->n_exercises,
           cd.log->n_exercises == 1 ? "" : "s");
    n_groups = drill_step_samples(cd.log, cp.plan, &groups);
    if (n_groups < 0 || (cal = calloc((size_t)(n_groups ? n_groups : 1), sizeof *cal)) == NULL) {
        cli_error("out of memory");
        rc = CLI_EXIT_IO;
        goto out;
    }
    if (n_groups == 0)
        printf("\n  no exercise measured a runbook step: nothing to fit\n");
    for (int i = 0; i < n_groups; i++) {
        int r = calibrate_step(cp.plan, &groups[i], (size_t)min_points, &cal[n_cal]);
        if (r < 0) {
            cli_error("out of memory");
            rc = CLI_EXIT_IO;
            goto out;
        }
        n_cal += r;
    }
    if (show_restores(cp.plan, cd.log) != 0) {
        cli_error("out of memory");
        rc = CLI_EXIT_IO;
        goto out;
    }
    if (out_path) {
        if (n_cal == 0) {
            cli_error("no step could be calibrated: %s not written", out_path);
            rc = CLI_EXIT_USAGE;
            goto out;
        }
        rc = write_copy(out_path, cp.name, cp.src, cp.len, drills, cd.log, cp.plan, cal, n_cal);
    }
    if (rc == 0 && fflush(stdout) != 0)
        rc = CLI_EXIT_IO;
out:
    if (cal)
        for (int i = 0; i < n_cal; i++)
            free(cal[i].values);
    free(cal);
    drill_samples_free(groups, n_groups > 0 ? n_groups : 0);
    cli_drills_fini(&cd);
    cli_plan_fini(&cp);
    return rc;
}
