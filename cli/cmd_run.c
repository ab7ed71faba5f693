/* cli/cmd_run.c: `drsim run`: simulate a plan, print the compliance table, write
 * DIR/summary.json, the auditor's workbook, the charts (DIR/charts/) and the review pack,
 * published together with DIR/manifest.json as one output set (reports/outset.h): an
 * interrupted or failed run leaves DIR's previous files as they were. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/decision.h"
#include "analysis/money.h"
#include "analysis/levers.h"
#include "cli/cli.h"
#include "cli/partial.h"
#include "cli/reproduce.h"
#include "models/text.h"
#include "models/units.h"
#include "reports/controls.h"
#include "reports/draw.h"
#include "reports/json.h"
#include "reports/outset.h"
#include "reports/term.h"
#include "reports/assume_rank.h"
#include "reports/trend.h"
#include "reports/trials_csv.h"
#include "reports/wb_print.h"
#include "reports/workbook.h"
#include "sim/mc.h"
#include "sim/mc_rows.h"
#include "sim/verdict.h"

static const char run_usage[] =
    "usage: drsim run [PLAN] [-n TRIALS] [--seed S] [-j THREADS] [-o DIR] [--strict]\n"
    "                 [--no-charts] [--no-workbook] [--trials-sheet] [--no-decision-curve]\n"
    "                 [--trials-csv FILE] [--drills FILE [--as-of DATE]] [--compare PREV]\n"
    "                 [--sensitivity FILE] [--paper a4|letter]\n"
    "                 [--levers [--levers-trials N] [--levers-max N]] [--shard I/K]\n"
    "\n"
    "Play TRIALS outages of every scenario of PLAN (default: the built-in CommCare plan),\n"
    "print RTO and RPO against policy, and write DIR/summary.json, the auditor's workbook\n"
    "DIR/<plan>-dr-review.xlsx, the charts in DIR/charts/ (PNG, SVG, PDF) and the review\n"
    "pack DIR/<plan>-review-pack.pdf. With --drills, also the drill evidence: test cadence,\n"
    "measured durations against the model, and the workbook's Evidence sheets.\n"
    "\n"
    "  -n, --trials N     trials per scenario (default 100000)\n"
    "  -s, --seed S       seed, 0 to 2^63-1 (default 1); same plan + seed = same numbers\n"
    "  -j, --threads T    worker threads (default: the number of cores); does not change\n"
    "                     any result\n"
    "  -o, --output DIR   where the files go (default ./out; created if missing); they\n"
    "                     replace the previous run's all at once (DIR/manifest.json)\n"
    "      --strict       exit 1 when any objective is in breach\n"
    "      --no-charts    skip the charts and the review pack\n"
    "      --no-workbook  skip the auditor's workbook DIR/<plan>-dr-review.xlsx\n"
    "      --trials-sheet add a row per trial to the workbook (Trials sheets)\n"
    "      --trials-csv FILE\n"
    "                     also write a CSV row per trial to FILE (docs/reports.md): outcome,\n"
    "                     RTO, RPO, per-service RTO and RPO, the step that ended the\n"
    "                     critical path; in constant memory, in trial order for any -j\n"
    "      --no-decision-curve\n"
    "                     skip the decision curve of scenarios whose activation waits\n"
    "                     (go_when.outage_lasted): a run per wait, with at most 20000\n"
    "                     trials each\n"
    "      --drills FILE  also report drill evidence (docs/drills.md): test-cadence\n"
    "                     compliance and where each measured duration falls in the model\n"
    "      --as-of DATE   judge the drill cadence and the review dates of the plan's\n"
    "                     exceptions as of DATE (default: today, or the day of\n"
    "                     SOURCE_DATE_EPOCH)\n"
    "      --compare PREV set this review beside the previous one: PREV is its output\n"
    "                     directory or its summary.json (a run of the same plan name);\n"
    "                     per objective P(meet), value at the confidence and verdict\n"
    "                     before and now, and the plan inputs changed (docs/reports.md)\n"
    "      --sensitivity FILE\n"
    "                     rank the plan's ASSUMPTION and UNKNOWN inputs by how far they\n"
    "                     move each verdict, from FILE: the sensitivity.json (or its\n"
    "                     directory) of `drsim sensitivity` on this plan file; in the\n"
    "                     terminal, summary.json and the review pack\n"
    "      --paper P      the paper the workbook's sheets are set up to print on,\n"
    "                     landscape: a4 (default) or letter (docs/reports.md, \"Printing\")\n"
    "      --levers       search the plan's levers (docs/plan-format.md, levers) for the\n"
    "                     cheapest combination that meets each objective not met, and\n"
    "                     all of them: simulated cheapest first, each with N screening\n"
    "                     trials, a winner confirmed with the run's trials\n"
    "      --levers-trials N\n"
    "                     screening trials per scenario (default 10000, at most -n)\n"
    "      --levers-max N combinations simulated at most (default 64)\n"
    "      --shard I/K    play slice I of K of the trials into DIR/partial.drsim, for\n"
    "                     drsim merge (docs/scale-out.md)\n"
    "  -q, --quiet        no progress bar\n";

/* Trials per wait of the decision curve: at most this many, the run's first ones (trial k
 * is the same in any run of the seed); docs/method.md, "The decision curve", says why. */
#define RUN_DECISION_TRIALS 20000u

/* What cmd_run wrote, to say once the set is published. */
struct run_written {
    char workbook[256];     /* the workbook's name, "" when not written */
    char pack[256];         /* the review pack's name, "" without charts */
    int n_charts;           /* charts written (each as PNG, SVG and PDF) */
    int n_pages;            /* pages of the review pack */
};

/* Stage charts/ and <plan>-review-pack.pdf (reports/draw.h) in the set. Returns an exit
 * code (the error printed). */
static int write_charts(struct cli_outputs *outs, const struct mc_results *res,
                        const struct decision_results *dc, const char *command,
                        long long date_s, const struct cli_evidence *ev, const struct trend *tr,
                        const struct assume_rank *ar, struct run_written *wr)
{
    struct draw_review rv = {tr, ar};
    struct draw_meta dm = {DRSIM_VERSION, command, date_s};
    int n_files = 0, rc = CLI_EXIT_IO;
    size_t errlen;
    char *err = cli_outputs_errbuf(outs, &errlen);
    const char *dir = cli_outputs_path(outs, "charts", 1), *pack;
    if (!err || !dir)
        goto out;
    if (draw_write_charts(dir, res, &dm, &n_files, err, errlen) != DRAW_OK) {
        cli_outputs_error(outs, err);
        goto out;
    }
    wr->n_charts = n_files / 3;
    if (dc && dc->n_curves > 0) {
        if (draw_write_decision(dir, dc, &dm, &n_files, err, errlen) != DRAW_OK) {
            cli_outputs_error(outs, err);
            goto out;
        }
        wr->n_charts += n_files / 3;
    }
    draw_review_pack_name(res->plan, wr->pack, sizeof wr->pack);
    if (!(pack = cli_outputs_path(outs, wr->pack, 0)))
        goto out;
    if (draw_write_review_pack_review(pack, res, dc, &dm,
                                      ev && ev->drills ? ev->drills->log : NULL,
                                      ev ? ev->analysis : NULL, &rv, &wr->n_pages, err,
                                      errlen) != DRAW_OK) {
        cli_outputs_error(outs, err);
        goto out;
    }
    rc = CLI_EXIT_OK;
out:
    if (!err)
        cli_error("out of memory");
    free(err);
    return rc;
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

/* Stage <plan>-dr-review.xlsx (reports/workbook.h) in the set. Returns an exit code (the
 * error printed). */
static int write_workbook(struct cli_outputs *outs, const struct mc_results *res,
                          const struct decision_results *dc, const char *command,
                          long long date_s, int trials_sheet, enum wb_paper paper,
                          const struct cli_evidence *ev, const struct trend *tr,
                          const struct assume_rank *ar, struct run_written *wr)
{
    struct wb_review rv = {tr, ar};
    size_t errlen;
    int rc = CLI_EXIT_IO;
    char *err = cli_outputs_errbuf(outs, &errlen);
    const char *path;
    struct wb_options wo = {DRSIM_VERSION, command, date_s, trials_sheet, 0, run_chart_png,
                            NULL, paper};
    struct wb_evidence we = {ev->drills ? ev->drills->log : NULL, ev->analysis, ev->rows};
    wb_file_name(res->plan, wr->workbook, sizeof wr->workbook);
    if (!err) {
        cli_error("out of memory");
    } else if ((path = cli_outputs_path(outs, wr->workbook, 0)) != NULL) {
        if (wb_write_review(path, res, &wo, ev->analysis ? &we : NULL, dc, &rv, err, errlen) !=
            WB_OK)
            cli_outputs_error(outs, err);
        else
            rc = CLI_EXIT_OK;
    }
    free(err);
    return rc;
}

/* --trials-csv FILE: where the CSV goes and its writer (reports/trials_csv.h). The name
 * is not --trials (that is -n's long form) nor --csv (it says what is in it). */
struct run_csv {
    const char *path;       /* FILE as given; NULL without the option */
    int inside;             /* FILE is in the output directory: a file of the set, in the
                               manifest; else a set of its own (cli_outputs_file) */
    FILE *f;                /* the staged file, open while the run writes it */
    struct trials_csv *w;   /* its writer, while the run writes it */
    uint64_t rows;          /* rows written, once finished */
};

/* Whether the set's file `rel` would be one the run itself writes. */
static int csv_clashes(const char *rel, const struct plan *p)
{
    char book[256], pack[256];
    static const char *const own[] = {"summary.json", OUTSET_MANIFEST, "sweep-manifest.json",
                                      "sensitivity-manifest.json", "sweep.json",
                                      "sensitivity.json"};
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
        if (strcmp(rel, own[i]) == 0)
            return 1;
    wb_file_name(p, book, sizeof book);
    draw_review_pack_name(p, pack, sizeof pack);
    return strcmp(rel, book) == 0 || strcmp(rel, pack) == 0 || strncmp(rel, "charts/", 7) == 0;
}

/* Decide where c->path goes (its directory must exist, as for cp), stage it and start
 * its writer with the header row. Called once the set of outdir is begun (outdir then
 * exists), before the run: a file that cannot be written fails before any trial is
 * played. Returns an exit code (the error printed). */
static int csv_begin(struct run_csv *c, struct cli_outputs *outs, const char *outdir,
                     const struct plan *p, int threads)
{
    char *dir = NULL, *rdir = NULL, *rout = NULL, *rel = NULL;
    const char *slash = strrchr(c->path, '/'), *base = slash ? slash + 1 : c->path;
    const char *staged = NULL;
    int rc = CLI_EXIT_USAGE;
    struct stat st;

    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
        cli_error("--trials-csv needs a file name (got \"%s\")", c->path);
        goto out;
    }
    rc = CLI_EXIT_IO;
    dir = slash ? strndup(c->path, slash == c->path ? 1 : (size_t)(slash - c->path))
                : strdup(".");
    if (!dir) {
        cli_error("out of memory");
        goto out;
    }
    int e = 0;
    if (!(rdir = realpath(dir, NULL)) || stat(rdir, &st) != 0)
        e = errno;
    else if (!S_ISDIR(st.st_mode))
        e = ENOTDIR;
    if (e) {
        cli_error("cannot write %s: directory %s: %s", c->path, dir, strerror(e));
        goto out;
    }
    if (stat(c->path, &st) == 0 && S_ISDIR(st.st_mode)) {
        cli_error("cannot write %s: %s", c->path, strerror(EISDIR));
        goto out;
    }
    if (!(rout = realpath(outdir, NULL))) {
        cli_error("cannot write %s: directory %s: %s", c->path, outdir, strerror(errno));
        goto out;
    }
    size_t lo = strlen(rout);
    if (strcmp(rdir, rout) == 0) {
        rel = strdup(base);
    } else if (strncmp(rdir, rout, lo) == 0 && (rdir[lo] == '/' || strcmp(rout, "/") == 0)) {
        const char *sub = rdir + lo + (rdir[lo] == '/');
        size_t n = strlen(sub) + strlen(base) + 2;
        if ((rel = malloc(n)))
            snprintf(rel, n, "%s/%s", sub, base);
    } else {
        c->inside = 0;
        if ((rc = cli_outputs_file(outs, rdir, base, &staged)) != 0)
            goto out;
    }
    if (!staged) {
        c->inside = 1;
        if (!rel) {
            cli_error("out of memory");
            goto out;
        }
        if (csv_clashes(rel, p)) {
            cli_error("--trials-csv %s would replace the run's own %s in %s: choose another "
                      "name", c->path, rel, outdir);
            rc = CLI_EXIT_USAGE;
            goto out;
        }
        if (!(staged = cli_outputs_path(outs, rel, 0)))
            goto out;
    }
    rc = CLI_EXIT_IO;
    if (!(c->f = fopen(staged, "w"))) {
        cli_error("cannot write %s: %s", c->path, strerror(errno));
        goto out;
    }
    enum trials_csv_status ts = trials_csv_new(c->f, p, threads, &c->w);
    if (ts != TRIALS_CSV_OK) {
        cli_error("cannot write %s: %s", c->path,
                  ts == TRIALS_CSV_IO ? strerror(errno) : trials_csv_strerror(ts));
        goto out;
    }
    rc = CLI_EXIT_OK;
out:
    free(dir);
    free(rdir);
    free(rout);
    free(rel);
    return rc;
}

/* After the run: finish and close the CSV. Returns an exit code (the error printed); a
 * write that failed during the run is reported here (the run then stopped). */
static int csv_end(struct run_csv *c)
{
    int rc = CLI_EXIT_OK;
    if (c->w) {
        enum trials_csv_status ts = trials_csv_finish(c->w);
        if (ts != TRIALS_CSV_OK) {
            cli_error("cannot write %s: %s", c->path,
                      ts == TRIALS_CSV_IO ? strerror(trials_csv_errno(c->w))
                                          : trials_csv_strerror(ts));
            rc = CLI_EXIT_IO;
        }
        c->rows = trials_csv_rows(c->w);
        trials_csv_free(c->w);
        c->w = NULL;
    }
    if (c->f && fclose(c->f) != 0 && rc == CLI_EXIT_OK) {
        cli_error("cannot write %s: %s", c->path, strerror(errno));
        rc = CLI_EXIT_IO;
    }
    c->f = NULL;
    return rc;
}

/* Up to TEE_MAX per-trial sinks as one (the money's accumulator, the trials CSV, the
 * Trials sheets' rows; a sink without chunk_begin is absent): a unit's context holds each
 * of theirs; a NULL context of one means it sees nothing of the unit. */
#define TEE_MAX 3
struct tee_chunk {
    const struct mc_sink *s;  /* the sinks */
    void *c[TEE_MAX];         /* their contexts of the unit */
};

static void *tee_begin(void *user, uint64_t seq, int scenario, uint64_t first, uint64_t n)
{
    const struct mc_sink *s = user;
    struct tee_chunk *t = malloc(sizeof *t);
    if (!t)
        return NULL;
    t->s = s;
    for (int i = 0; i < TEE_MAX; i++)
        t->c[i] = s[i].chunk_begin ? s[i].chunk_begin(s[i].user, seq, scenario, first, n)
                                   : NULL;
    return t;
}

static void tee_trial(void *chunk, const struct trial_result *r)
{
    const struct tee_chunk *t = chunk;
    for (int i = 0; i < TEE_MAX; i++)
        if (t->c[i])
            t->s[i].trial(t->c[i], r);
}

static int tee_end(void *user, void *chunk)
{
    struct tee_chunk *t = chunk;
    int stop = 0;
    (void)user;
    for (int i = 0; i < TEE_MAX; i++)
        if (t->c[i] && t->s[i].chunk_end(t->s[i].user, t->c[i]) != 0)
            stop = 1;
    free(t);
    return stop;
}

/* summary.json's members after the run's own: the drill evidence, the comparison. */
struct run_json_extra {
    struct cli_evidence *ev;
    const struct trend *tr;
    const struct assume_rank *ar;
};

static void run_json_extra(struct jsonio_writer *w, void *user)
{
    struct run_json_extra *x = user;
    if (x->ev->analysis)
        cli_evidence_json(w, x->ev);
    if (x->tr)
        trend_json(w, x->tr);
    if (x->ar)
        assume_json(w, x->ar);
}

/* Stage summary.json, the workbook and the charts, publish them with the manifest, and
 * say what was written. Returns an exit code. */
static int write_outputs(struct cli_outputs *outs, const struct mc_results *res,
                         const struct decision_results *dc, long long date_s,
                         const char *command, int workbook,
                         int trials_sheet, enum wb_paper paper, int charts,
                         struct cli_evidence *ev,
                         const struct trend *tr, const struct assume_rank *ar,
                         const struct run_csv *csv)
{
    struct run_json_extra jx = {ev, tr, ar};
    struct run_written wr = {"", "", 0, 0};
    struct json_meta meta = {DRSIM_VERSION, command};
    const char *dir = outset_dir(outs->set);
    const char *json = cli_outputs_path(outs, "summary.json", 0);
    if (!json)
        return CLI_EXIT_IO;
    if (json_write_summary_run(json, res, &meta, dc, ev->analysis ? ev->drills->log : NULL,
                               ev->analysis, run_json_extra, &jx) != 0) {
        cli_error("cannot write %s/summary.json: %s", dir, strerror(errno));
        return CLI_EXIT_IO;
    }
    int rc = CLI_EXIT_OK;
    if (workbook)
        rc = write_workbook(outs, res, dc, command, date_s, trials_sheet, paper, ev, tr, ar, &wr);
    if (rc == CLI_EXIT_OK && charts)
        rc = write_charts(outs, res, dc, command, date_s, ev, tr, ar, &wr);
    struct outset_meta om = {DRSIM_VERSION, command, res->plan, 1, res->seed, res->n_trials};
    if (rc == CLI_EXIT_OK)
        rc = cli_outputs_commit(outs, &om);
    if (rc != CLI_EXIT_OK)
        return rc;
    /* Only now is any of it in dir: say so. */
    printf("\nwrote %s/summary.json\n", dir);
    if (workbook)
        printf("wrote %s/%s\n", dir, wr.workbook);
    if (charts) {
        printf("wrote %s/charts/ (%d charts as PNG, SVG and PDF)\n", dir, wr.n_charts);
        printf("wrote %s/%s (%d pages)\n", dir, wr.pack, wr.n_pages);
    }
    if (csv->path && csv->inside)
        printf("wrote %s (%llu trials, a row each)\n", csv->path,
               (unsigned long long)csv->rows);
    printf("wrote %s/%s (SHA-256 of every file above)\n", dir, OUTSET_MANIFEST);
    if (csv->path && !csv->inside)
        printf("wrote %s (%llu trials, a row each)\n", csv->path,
               (unsigned long long)csv->rows);
    printf("reproduce: %s\n", command);
    return CLI_EXIT_OK;
}

/* --strict: name every exception past its review date (each one fails the run). */
static void strict_expired(const struct mc_results *res)
{
    char due[16], today[16], name[256], who[256];
    units_format_date(res->as_of_day, today, sizeof today);
    for (int i = 0; i < res->plan->n_stores; i++) {
        const struct store *st = &res->plan->stores[i];
        if (!verdict_exception_expired(res, i))
            continue;
        units_format_date(st->exception.review_by_day, due, sizeof due);
        /* Names from the plan file, escaped (models/text.h). */
        text_escape(st->name, name, sizeof name);
        text_escape(st->exception.approved_by, who, sizeof who);
        cli_error("--strict: the exception of store '%s' (approved by %s) was due for review "
                  "on %s (as of %s): review it and move review_by, or count the store",
                  name, who, due, today);
    }
}

/* run's options (cli_run_options: merge passes the report options on). */
#define RUN_SHORTOPTS ":n:s:j:o:qh"
static const struct option run_opts[] = {
    {"trials", required_argument, NULL, 'n'}, {"seed", required_argument, NULL, 's'},
    {"threads", required_argument, NULL, 'j'}, {"output", required_argument, NULL, 'o'},
    {"strict", no_argument, NULL, 'S'},        {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},          {"no-charts", no_argument, NULL, 'C'},
    {"no-workbook", no_argument, NULL, 'W'},   {"trials-sheet", no_argument, NULL, 'T'},
    {"drills", required_argument, NULL, 'D'}, {"as-of", required_argument, NULL, 'A'},
    {"no-decision-curve", no_argument, NULL, 'N'}, {"trials-csv", required_argument, NULL, 'X'},
    {"compare", required_argument, NULL, 'P'}, {"sensitivity", required_argument, NULL, 'Y'},
    {"paper", required_argument, NULL, 'R'},
    {"levers", no_argument, NULL, 'L'}, {"levers-trials", required_argument, NULL, 'V'},
    {"levers-max", required_argument, NULL, 'M'}, {"shard", required_argument, NULL, 'K'},
    {NULL, 0, NULL, 0}};

const struct option *cli_run_options(const char **shortopts)
{
    *shortopts = RUN_SHORTOPTS;
    return run_opts;
}

/* --shard: does a shard refuse option c? It takes the simulation's options; the others
 * are the merge's, which writes the reports. */
static int shard_refuses(int c)
{
    switch (c) {
    case 'n': case 's': case 'j': case 'o': case 'q': case 'K': case 'h': case ':': case '?':
        return 0;
    default:
        return 1;
    }
}

/* The long name of run's option c, for messages. */
static const char *run_option_name(int c)
{
    for (const struct option *o = run_opts; o->name; o++)
        if (o->val == c)
            return o->name;
    return "?";
}

int cmd_run(int argc, char **argv)
{
    const struct option *opts = run_opts;
    const char *compare = NULL; /* --compare PREV */
    struct trend *tr = NULL;
    const char *sens = NULL;    /* --sensitivity FILE */
    struct assume_rank *ar = NULL;
    int levers = 0;             /* --levers */
    uint64_t levers_trials = 0, levers_max = 0;
    const char *drills = NULL;  /* --drills FILE */
    long as_of = 0;             /* --as-of DATE, a civil day; 0 with have_as_of 0: today */
    int have_as_of = 0;
    struct cli_run_opts ro;
    const char *path;
    int strict = 0, c, rc;
    int workbook = 1, trials_sheet = 0, decision = 1;
    enum wb_paper paper = WB_PAPER_A4; /* --paper */
    const char *paper_arg = NULL;       /* --paper as given, for the reproducing command */
    struct run_csv csv = {NULL, 0, NULL, NULL, 0};
    uint64_t shard = 0, n_shards = 0; /* --shard I/K */
    const char *not_shard = NULL;      /* the first option given that a shard does not take */

    cli_run_opts_init(&ro, 100000);
    optind = 0; /* glibc: start afresh, also after merge's in-order parsing */
    opterr = 0;
    while ((c = getopt_long(argc, argv, RUN_SHORTOPTS, opts, NULL)) != -1) {
        if (!not_shard && shard_refuses(c))
            not_shard = run_option_name(c);
        int h = cli_run_option(c, optarg, &ro);
        if (h == CLI_OPT_ERROR)
            return CLI_EXIT_USAGE;
        if (h == CLI_OPT_HANDLED)
            continue;
        switch (c) {
        case 'K': {
            char err[256];
            size_t at;
            if (partial_parse_shard(optarg, &shard, &n_shards, err, sizeof err, &at) != 0) {
                cli_arg_error("--shard", optarg, at, err);
                return CLI_EXIT_USAGE;
            }
            break;
        }
        case 'S':
            strict = 1;
            break;
        case 'W':
            workbook = 0;
            break;
        case 'T':
            trials_sheet = 1;
            break;
        case 'N':
            decision = 0;
            break;
        case 'D':
            drills = optarg;
            break;
        case 'X':
            csv.path = optarg;
            break;
        case 'P':
            compare = optarg;
            break;
        case 'Y':
            sens = optarg;
            break;
        case 'R':
            paper_arg = optarg;
            if (wb_paper_parse(optarg, &paper) != 0) {
                cli_arg_error("--paper", optarg, 0, "expected a4 or letter");
                return CLI_EXIT_USAGE;
            }
            break;
        case 'L':
            levers = 1;
            break;
        case 'V':
            if (cli_parse_range("--levers-trials", optarg, 1, UINT64_C(100000000),
                                &levers_trials) != 0)
                return CLI_EXIT_USAGE;
            break;
        case 'M':
            if (cli_parse_range("--levers-max", optarg, 1, LEVERS_MAX_COMBOS, &levers_max) != 0)
                return CLI_EXIT_USAGE;
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
    if (shard && not_shard) {
        cli_error("--%s with --shard: a shard writes only its partial result; give --%s to "
                  "drsim merge, which writes the reports", not_shard, not_shard);
        return CLI_EXIT_USAGE;
    }
    const struct cli_process *proc = cli_get_process();
    if (shard && proc->split) {
        cli_error("--shard under %s: its ranks already split the run", proc->split_what);
        return CLI_EXIT_USAGE;
    }
    if (proc->split && (csv.path || trials_sheet)) {
        cli_error("%s under %s: a row per trial needs every trial in one process; run it "
                  "with drsim run", csv.path ? "--trials-csv" : "--trials-sheet",
                  proc->split_what);
        return CLI_EXIT_USAGE;
    }
    cli_run_opts_finish(&ro);
    /* The run date, read once: the workbook, the pack and the reproducing command carry
     * the same second, and the default --as-of day is its day. */
    const long long date_s = cli_now();
    const long today = (long)(date_s / 86400 - (date_s % 86400 < 0));

    struct cli_plan cp;
    if ((rc = cli_load_plan_to_simulate(path, &cp)) != 0)
        return rc;
    if (shard) {
        struct reproduce_run rs;
        memset(&rs, 0, sizeof rs);
        rs.date_s = date_s;
        rs.plan_path = path;
        rs.trials = ro.trials;
        rs.seed = ro.seed;
        rs.threads = (int)ro.threads;
        rs.shard = shard;
        rs.n_shards = n_shards;
        char *command = reproduce_command(&rs);
        rc = command ? cli_run_shard(&cp, &ro, shard, n_shards, command) : CLI_EXIT_IO;
        if (!command)
            cli_error("out of memory");
        free(command);
        cli_plan_fini(&cp);
        return rc;
    }
    /* The previous review, read (and refused) before anything is simulated or written:
     * PREV may be the output directory this run replaces. */
    if (compare) {
        char err[2048];
        enum trend_status ts = trend_load(compare, cp.plan->name, DRSIM_VERSION, &tr, err,
                                          sizeof err);
        if (ts != TREND_OK) {
            cli_error("%s", err);
            cli_plan_fini(&cp);
            return ts == TREND_REFUSED ? CLI_EXIT_USAGE : CLI_EXIT_IO;
        }
    }
    if (sens) {
        char err[2048];
        enum assume_status as = assume_load(sens, cp.plan, DRSIM_VERSION, &ar, err, sizeof err);
        if (as != ASSUME_OK) {
            cli_error("%s", err);
            trend_free(tr);
            assume_free(ar);
            cli_plan_fini(&cp);
            return as == ASSUME_REFUSED ? CLI_EXIT_USAGE : CLI_EXIT_IO;
        }
    }
    struct cli_drills cd = {NULL, NULL};
    if (drills && (rc = cli_load_drills(drills, cp.plan, &cd)) != 0) {
        trend_free(tr);
        assume_free(ar);
        cli_plan_fini(&cp);
        return rc;
    }
    /* The set (and the guard against Ctrl-C) starts before the simulation: an
     * unwritable directory fails now, not after it. */
    struct cli_outputs outs;
    if ((rc = cli_outputs_begin(&outs, ro.outdir, OUTSET_MANIFEST)) != 0) {
        cli_drills_fini(&cd);
        cli_plan_fini(&cp);
        trend_free(tr);
        assume_free(ar);
        return rc;
    }

    if (csv.path && (rc = csv_begin(&csv, &outs, ro.outdir, cp.plan, (int)ro.threads)) != 0) {
        csv_end(&csv);
        cli_outputs_end(&outs);
        cli_drills_fini(&cd);
        cli_plan_fini(&cp);
        trend_free(tr);
        assume_free(ar);
        return rc;
    }

    struct cli_progress pg;
    cli_progress_init(&pg, ro.quiet);
    struct mc_results *res = NULL;
    /* The money's accumulator sees every trial; with --trials-csv or --trials-sheet (their
     * rows), through a tee. */
    struct mc_sink sinks[TEE_MAX] = {{0}};
    struct mc_sink tee = {sinks, tee_begin, tee_trial, tee_end, NULL, NULL, NULL, 0};
    struct money_acc *macc = money_acc_new(cp.plan, ro.trials);
    struct money_results *money = NULL;
    struct mc_rows *rows = trials_sheet && workbook ? mc_rows_new(ro.trials, cp.plan->n_scenarios)
                                                    : NULL;
    if (macc)
        money_acc_sink(macc, &sinks[0]);
    if (csv.w)
        trials_csv_sink(csv.w, &sinks[1]);
    if (rows)
        mc_rows_sink(rows, &sinks[2]);
    enum mc_status ms =
        !macc || (trials_sheet && workbook && !rows)
            ? MC_NOMEM
            : mc_run_sink(cp.plan, ro.trials, ro.seed, (int)ro.threads, cli_progress_show,
                          &pg, csv.w || rows ? &tee : &sinks[0], &res);
    int csv_rc = csv_end(&csv);
    if (ms == MC_CANCELLED && macc && money_acc_nomem(macc))
        ms = MC_NOMEM;
    if (ms == MC_OK && money_results_make(macc, MONEY_YEARS, ro.seed, &money) != MONEY_OK)
        ms = MC_NOMEM;
    money_acc_free(macc);
    if (ms == MC_CANCELLED && rows && mc_rows_failed(rows))
        ms = MC_NOMEM;
    if (ms != MC_OK || csv_rc != CLI_EXIT_OK) {
        if (ms != MC_OK && csv_rc == CLI_EXIT_OK)
            cli_error("simulation failed: %s", mc_strerror(ms));
        money_results_free(money);
        mc_rows_free(rows);
        mc_results_free(res);
        cli_outputs_end(&outs);
        cli_drills_fini(&cd);
        cli_plan_fini(&cp);
        trend_free(tr);
        assume_free(ar);
        return CLI_EXIT_IO;
    }

    /* The day the exceptions' review dates are judged on (sim/verdict.h). */
    res->has_as_of = 1;
    res->as_of_day = have_as_of ? as_of : today;
    res->money = money;
    res->rows = rows;

    /* The decision curve, when a scenario waits before failing over. */
    struct decision_results *dc = NULL;
    if (decision && decision_count(cp.plan) > 0) {
        char msg[1024];
        struct cli_progress pg2;
        cli_progress_init(&pg2, ro.quiet);
        struct decision_options dopt = {ro.trials < RUN_DECISION_TRIALS ? ro.trials
                                                                        : RUN_DECISION_TRIALS,
                                        ro.seed, (int)ro.threads, cli_progress_show, &pg2};
        enum decision_status ds =
            decision_run(cp.plan, cp.name, cp.src, cp.len, &dopt, &dc, msg, sizeof msg);
        if (ds == DECISION_INVALID) {
            /* A plan the loader accepts whose wait cannot be varied (an anchored value):
             * the run's own results stand; say why the curve is missing. */
            fprintf(stderr, "drsim: warning: no decision curve: %s\n",
                    msg[0] ? msg : decision_strerror(ds));
        } else if (ds != DECISION_OK) {
            cli_error("decision curve: %s (--no-decision-curve skips it)",
                      msg[0] ? msg : decision_strerror(ds));
            cli_outputs_end(&outs);
            mc_results_free(res);
            money_results_free(money);
            mc_rows_free(rows);
            cli_drills_fini(&cd);
            cli_plan_fini(&cp);
            trend_free(tr);
            assume_free(ar);
            return CLI_EXIT_IO;
        }
    }

    /* --levers: the cheapest combination of the plan's levers (analysis/levers.h). */
    struct levers_results *lv = NULL;
    if (levers && cp.plan->n_levers > 0) {
        char msg[LEVERS_MSG];
        struct cli_progress pg3;
        cli_progress_init(&pg3, ro.quiet);
        struct levers_options lo = {levers_trials, ro.trials, ro.seed, (int)ro.threads,
                                    (int)levers_max, cli_progress_show, &pg3};
        enum levers_status ls = levers_search(res, cp.name, cp.src, cp.len, &lo, &lv, msg,
                                              sizeof msg);
        if (ls != LEVERS_OK) {
            cli_error("levers: %s", msg[0] ? msg : levers_strerror(ls));
            cli_outputs_end(&outs);
            decision_results_free(dc);
            mc_results_free(res);
            cli_drills_fini(&cd);
            cli_plan_fini(&cp);
            return ls == LEVERS_INVALID ? CLI_EXIT_USAGE : CLI_EXIT_IO;
        }
        res->levers = lv;
    } else if (levers) {
        fprintf(stderr, "drsim: warning: --levers: the plan declares no levers (levers:)\n");
    }

    struct term_options to = {isatty(STDOUT_FILENO), DRSIM_VERSION};
    term_print_summary(stdout, res, &to);
    if (tr && trend_compare(tr, res) != 0) {
        cli_error("out of memory");
        cli_outputs_end(&outs);
        decision_results_free(dc);
        mc_results_free(res);
        levers_results_free(lv);
        cli_drills_fini(&cd);
        cli_plan_fini(&cp);
        trend_free(tr);
        assume_free(ar);
        return CLI_EXIT_IO;
    }
    if (tr)
        trend_print(stdout, tr);
    if (ar)
        assume_print(stdout, ar, 5);
    for (int i = 0; dc && i < dc->n_curves; i++)
        printf("\ndecision curve of %s (%d waits, %llu trials each): %s\n",
               cp.plan->scenarios[dc->curves[i].scenario].name, dc->curves[i].n_points,
               (unsigned long long)dc->n_trials, dc->curves[i].finding);
    struct cli_evidence ev = {NULL, NULL, NULL, NULL};
    if (cd.log && cli_drills_report(&cd, cp.plan, res, res->as_of_day, to.color, &ev) != 0) {
        cli_error("out of memory");
        cli_outputs_end(&outs);
        decision_results_free(dc);
        mc_results_free(res);
        money_results_free(money);
        mc_rows_free(rows);
        cli_drills_fini(&cd);
        cli_plan_fini(&cp);
        trend_free(tr);
        assume_free(ar);
        return CLI_EXIT_IO;
    }

    {
        struct controls ctl; /* the controls matrix's line, as the workbook and pack show it */
        controls_evaluate(res, ev.analysis ? cd.log : NULL, ev.analysis, &ctl);
        controls_print_line(stdout, &ctl, to.color);
    }

    /* The reproducing command (cli/reproduce.h), one string for every output. */
    char as_of_text[16];
    struct reproduce_run rr = {date_s, path, ro.trials, ro.seed, res->threads, drills,
                               have_as_of ? units_format_date(as_of, as_of_text,
                                                              sizeof as_of_text)
                                          : NULL,
                               csv.path, trials_sheet, !decision, !workbook, !ro.charts,
                               compare, sens, paper_arg, lv != NULL, levers_trials,
                               levers_max, 0, 0};
    char *command = reproduce_command(&rr);
    if (command && !proc->publish) {
        rc = CLI_EXIT_OK; /* an MPI rank other than 0: rank 0 writes the outputs */
    } else if (command) {
        rc = write_outputs(&outs, res, dc, date_s, command, workbook, trials_sheet, paper,
                           ro.charts, &ev, tr, ar, &csv);
    } else {
        cli_error("out of memory");
        rc = CLI_EXIT_IO;
    }
    free(command);
    cli_outputs_end(&outs);
    if (rc == CLI_EXIT_OK && strict) {
        struct verdict_summary v;
        verdict_summarize(res, &v);
        if (v.worst == MC_VERDICT_BREACH)
            rc = CLI_EXIT_BREACH;
        if (v.n_expired > 0) {
            strict_expired(res);
            rc = CLI_EXIT_BREACH;
        }
    }
    if (fflush(stdout) != 0 && rc == CLI_EXIT_OK)
        rc = CLI_EXIT_IO;
    cli_evidence_fini(&ev);
    cli_drills_fini(&cd);
    trend_free(tr);
    assume_free(ar);
    decision_results_free(dc);
    mc_results_free(res);
    money_results_free(money);
    mc_rows_free(rows);
    levers_results_free(lv);
    cli_plan_fini(&cp);
    return rc;
}
