/* cli/common.c: what the commands share: plan and drill-log loading with printed
 * diagnostics, the options of the simulating commands (-n, --seed, -j, -o, -q,
 * --no-charts), argument parsers, the output directory, the run date, the progress bar,
 * and writing the workbook and charts of an analysis. */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "models/diag.h"
#include "models/drill.h"
#include "models/load.h"
#include "reports/draw.h"
#include "reports/outset.h"
#include "reports/sobol_report.h"
#include "reports/sweep_report.h"
#include "reports/workbook.h"
#include "sim/mc.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("drsim: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* What cli_load_plan and cli_load_drills do once the loader has returned: print the
 * diagnostics of a failure, release the list, and map the status to an exit code. On
 * failure the file text (*text) is freed. */
static int load_outcome(enum load_status st, struct diag_list *diags, char **text)
{
    if (st != LOAD_OK)
        diag_print(diags, stderr);
    diag_fini(diags);
    if (st == LOAD_OK)
        return 0;
    free(*text);
    *text = NULL;
    return st == LOAD_INVALID ? CLI_EXIT_USAGE : CLI_EXIT_IO;
}

/* The process's context (cli/cli.h): set by main before a command runs, then only read. */
static struct cli_process process = {1, 0, NULL, NULL, NULL, 0, NULL};

void cli_set_process(const struct cli_process *p)
{
    process = *p;
}

const struct cli_process *cli_get_process(void)
{
    return &process;
}

/* The plan's text given to the process (drsim merge) for this path, or NULL. */
static const char *process_plan(const char *path, size_t *len)
{
    if (!process.plan_text)
        return NULL;
    if (strcmp(path ? path : CLI_BUILTIN_NAME, process.plan_name) != 0)
        return NULL;
    *len = process.plan_len;
    return process.plan_text;
}

int cli_load_plan(const char *path, struct cli_plan *out)
{
    struct diag_list diags;
    enum load_status st;
    int rc;

    out->plan = NULL;
    out->text = NULL;
    out->src = NULL;
    out->len = 0;
    out->name = path ? path : CLI_BUILTIN_NAME;
    size_t given_len = 0;
    const char *given = process_plan(path, &given_len);
    if (given && path) {
        /* The shards' copy of the file (drsim merge), as if read from path. */
        if (!(out->text = malloc(given_len + 1))) {
            cli_error("out of memory");
            return CLI_EXIT_IO;
        }
        memcpy(out->text, given, given_len);
        out->text[given_len] = '\0';
        diag_init(&diags, path, out->text, given_len);
        st = load_plan_text(path, out->text, given_len, &diags, &out->plan);
    } else if (path == NULL) {
        const char *text = load_builtin_text(&out->len);
        diag_init(&diags, CLI_BUILTIN_NAME, text, out->len);
        st = load_plan_builtin(&diags, &out->plan);
        out->src = text;
    } else {
        st = load_plan_file(path, &diags, &out->text, &out->plan);
    }
    rc = load_outcome(st, &diags, &out->text);
    if (rc == 0 && out->text) {
        out->src = out->text;
        out->len = strlen(out->text);
    }
    struct cli_plan_seen *seen = process.seen;
    if (rc == 0 && seen && !seen->name) {
        seen->name = strdup(out->name);
        seen->text = malloc(out->len + 1);
        if (!seen->name || !seen->text) {
            free(seen->name);
            free(seen->text);
            seen->name = seen->text = NULL;
            plan_free(out->plan);
            out->plan = NULL;
            free(out->text);
            out->text = NULL;
            cli_error("out of memory");
            return CLI_EXIT_IO;
        }
        memcpy(seen->text, out->src, out->len);
        seen->text[out->len] = '\0';
        seen->len = out->len;
    }
    return rc;
}

int cli_load_plan_to_simulate(const char *path, struct cli_plan *out)
{
    int rc = cli_load_plan(path, out);
    if (rc != 0)
        return rc;
    if (out->plan->n_scenarios == 0) {
        cli_error("the plan has no scenarios to simulate");
        cli_plan_fini(out);
        return CLI_EXIT_USAGE;
    }
    return 0;
}

void cli_plan_fini(struct cli_plan *p)
{
    plan_free(p->plan);
    free(p->text);
    p->plan = NULL;
    p->text = NULL;
    p->src = NULL;
    p->len = 0;
}

int cli_load_drills(const char *path, const struct plan *p, struct cli_drills *out)
{
    struct diag_list diags;
    enum load_status st;

    out->log = NULL;
    out->text = NULL;
    st = load_drills_file(path, p, &diags, &out->text, &out->log);
    return load_outcome(st, &diags, &out->text);
}

void cli_drills_fini(struct cli_drills *d)
{
    drill_log_free(d->log);
    free(d->text);
    d->log = NULL;
    d->text = NULL;
}

int cli_parse_range(const char *opt, const char *arg, uint64_t min, uint64_t max,
                    uint64_t *out)
{
    char *end = NULL;
    unsigned long long v = 0;
    errno = 0;
    /* strtoull would accept a sign and leading blanks: only digits are a whole number. */
    int ok = arg && *arg >= '0' && *arg <= '9';
    if (ok) {
        v = strtoull(arg, &end, 10);
        ok = errno == 0 && *end == '\0' && v >= min && v <= max;
    }
    if (!ok) {
        cli_error("%s takes a whole number from %llu to %llu (got \"%s\")", opt,
                  (unsigned long long)min, (unsigned long long)max, arg ? arg : "");
        return -1;
    }
    *out = (uint64_t)v;
    return 0;
}

int cli_parse_u64(const char *opt, const char *arg, uint64_t max, uint64_t *out)
{
    return cli_parse_range(opt, arg, 0, max, out);
}

void cli_run_opts_init(struct cli_run_opts *o, uint64_t trials)
{
    o->trials = trials;
    o->seed = 1;
    o->threads = 0;
    o->outdir = "out";
    o->quiet = 0;
    o->charts = 1;
}

int cli_run_option(int c, const char *arg, struct cli_run_opts *o)
{
    switch (c) {
    case 'n':
        return cli_parse_range("-n", arg, 1, MC_MAX_TRIALS, &o->trials) != 0 ? CLI_OPT_ERROR
                                                                              : CLI_OPT_HANDLED;
    case 's':
        return cli_parse_u64("--seed", arg, CLI_MAX_SEED, &o->seed) != 0 ? CLI_OPT_ERROR
                                                                        : CLI_OPT_HANDLED;
    case 'j':
        return cli_parse_range("-j", arg, 1, 256, &o->threads) != 0 ? CLI_OPT_ERROR
                                                                    : CLI_OPT_HANDLED;
    case 'o':
        o->outdir = arg;
        return CLI_OPT_HANDLED;
    case 'q':
        o->quiet = 1;
        return CLI_OPT_HANDLED;
    case 'C':
        o->charts = 0;
        return CLI_OPT_HANDLED;
    default:
        return CLI_OPT_OTHER;
    }
}

int cli_option_other(int c, char **argv, const char *command, const char *usage)
{
    switch (c) {
    case 'h':
        fputs(usage, stdout);
        return CLI_EXIT_OK;
    case ':':
        cli_error("option %s needs a value", argv[optind - 1]);
        return CLI_EXIT_USAGE;
    default:
        cli_error("unknown option '%s' (see drsim %s --help)", argv[optind - 1], command);
        return CLI_EXIT_USAGE;
    }
}

int cli_plan_arg(int argc, char **argv, const char *command, const char **path)
{
    if (argc - optind > 1) {
        cli_error("%s takes at most one plan file (got '%s' and '%s')", command, argv[optind],
                  argv[optind + 1]);
        return CLI_EXIT_USAGE;
    }
    *path = optind < argc ? argv[optind] : NULL;
    return 0;
}

void cli_run_opts_finish(struct cli_run_opts *o)
{
    if (o->threads == 0) {
        long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
        o->threads = ncpu > 0 ? (uint64_t)ncpu : 1;
    }
}

int cli_output_dir(const char *dir)
{
    if (outset_make_dirs(dir) != 0) {
        cli_error("cannot create output directory '%s': %s", dir, strerror(errno));
        return CLI_EXIT_IO;
    }
    return 0;
}

/* The watcher of struct cli_outputs: wait for one of the signals, then discard the
 * staging directory unless the set is published (the mutex makes a commit under way
 * finish first), say so, and exit 128 + the signal. stderr goes to /dev/null before the
 * discard, so what the main thread prints when its files vanish under it is not seen. */
static void *outputs_watch(void *arg)
{
    struct cli_outputs *o = arg;
    int sig = 0;
    if (sigwait(&o->sigs, &sig) != 0)
        return NULL;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
    pthread_mutex_lock(&o->mu);
    const char *name = sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP";
    if (isatty(STDERR_FILENO))
        dprintf(STDERR_FILENO, "\r\033[K");
    if (o->set && !o->committed)
        dprintf(STDERR_FILENO, "drsim: interrupted by %s; %s keeps its previous files\n", name,
                outset_dir(o->set));
    else
        dprintf(STDERR_FILENO, "drsim: interrupted by %s\n", name);
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0)
        dup2(null, STDERR_FILENO);
    if (o->set && !o->committed)
        outset_abort(o->set);
    if (o->file_set && !o->file_committed)
        outset_abort(o->file_set);
    _exit(128 + sig);
}

/* Stop the watcher (if any) and restore the signal mask. */
static void outputs_unwatch(struct cli_outputs *o)
{
    if (o->watching) {
        pthread_cancel(o->watcher);
        pthread_join(o->watcher, NULL);
        pthread_sigmask(SIG_SETMASK, &o->old_mask, NULL);
        o->watching = 0;
    }
}

int cli_outputs_begin(struct cli_outputs *o, const char *dir, const char *manifest)
{
    memset(o, 0, sizeof *o);
    pthread_mutex_init(&o->mu, NULL);
    sigemptyset(&o->sigs);
    sigaddset(&o->sigs, SIGINT);
    sigaddset(&o->sigs, SIGTERM);
    sigaddset(&o->sigs, SIGHUP);
    /* The guard stands before the staging directory exists, so there is no moment when
     * a signal could leave it behind. Without a watcher (no thread to be had) the
     * signals keep their default action: the staging directory is then left, and
     * removed by the next run. */
    if (pthread_sigmask(SIG_BLOCK, &o->sigs, &o->old_mask) == 0) {
        o->watching = pthread_create(&o->watcher, NULL, outputs_watch, o) == 0;
        if (!o->watching)
            pthread_sigmask(SIG_SETMASK, &o->old_mask, NULL);
    }
    struct outset *set = NULL;
    pthread_mutex_lock(&o->mu);
    enum outset_status st = outset_begin(dir, manifest, &set);
    if (st == OUTSET_OK)
        o->set = set;
    pthread_mutex_unlock(&o->mu);
    if (st != OUTSET_OK) {
        cli_error("%s", set ? outset_error(set) : outset_strerror(st));
        outset_free(set);
        outputs_unwatch(o);
        pthread_mutex_destroy(&o->mu);
        return CLI_EXIT_IO;
    }
    return 0;
}

int cli_outputs_file(struct cli_outputs *o, const char *dir, const char *name,
                     const char **staged)
{
    struct outset *set = NULL;
    pthread_mutex_lock(&o->mu);
    enum outset_status st = outset_begin(dir, NULL, &set);
    if (st == OUTSET_OK)
        o->file_set = set;
    pthread_mutex_unlock(&o->mu);
    if (st != OUTSET_OK) {
        cli_error("%s", set ? outset_error(set) : outset_strerror(st));
        outset_free(set);
        return CLI_EXIT_IO;
    }
    if (outset_path(set, name, staged) != OUTSET_OK) {
        cli_error("%s", outset_error(set));
        return CLI_EXIT_IO;
    }
    return 0;
}

const char *cli_outputs_path(struct cli_outputs *o, const char *name, int is_dir)
{
    const char *path;
    if ((is_dir ? outset_subdir(o->set, name, &path) : outset_path(o->set, name, &path)) !=
        OUTSET_OK) {
        cli_error("%s", outset_error(o->set));
        return NULL;
    }
    return path;
}

void cli_outputs_error(const struct cli_outputs *o, const char *text)
{
    const char *stage = outset_stage_dir(o->set), *dir = outset_dir(o->set);
    size_t n = strlen(stage);
    fputs("drsim: error: ", stderr);
    for (const char *p = text; *p;) {
        const char *hit = n ? strstr(p, stage) : NULL;
        if (!hit) {
            fputs(p, stderr);
            break;
        }
        fwrite(p, 1, (size_t)(hit - p), stderr);
        fputs(dir, stderr);
        p = hit + n;
    }
    fputc('\n', stderr);
}

char *cli_outputs_errbuf(const struct cli_outputs *o, size_t *len)
{
    *len = strlen(outset_stage_dir(o->set)) + 2048;
    char *b = malloc(*len);
    if (b)
        b[0] = '\0';
    return b;
}

int cli_outputs_commit(struct cli_outputs *o, const struct outset_meta *meta)
{
    if (!process.publish)
        return 0; /* a rank other than 0: cli_outputs_end discards the set */
    pthread_mutex_lock(&o->mu);
    enum outset_status st = outset_commit(o->set, meta);
    o->committed = st == OUTSET_OK;
    pthread_mutex_unlock(&o->mu);
    if (st != OUTSET_OK) {
        cli_error("%s", outset_error(o->set));
        return CLI_EXIT_IO;
    }
    if (!o->file_set)
        return 0;
    pthread_mutex_lock(&o->mu);
    st = outset_commit(o->file_set, NULL);
    o->file_committed = st == OUTSET_OK;
    pthread_mutex_unlock(&o->mu);
    if (st != OUTSET_OK) {
        cli_error("%s", outset_error(o->file_set));
        return CLI_EXIT_IO;
    }
    return 0;
}

void cli_outputs_end(struct cli_outputs *o)
{
    if (!o->set)
        return;
    /* Discard first, under the mutex, then stop the watcher: a signal in between finds
     * nothing to discard and exits 128 + signal. */
    pthread_mutex_lock(&o->mu);
    outset_free(o->set);
    o->set = NULL;
    outset_free(o->file_set);
    o->file_set = NULL;
    pthread_mutex_unlock(&o->mu);
    outputs_unwatch(o);
    pthread_mutex_destroy(&o->mu);
}

long long cli_now(void)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (e && *e) {
        char *end;
        long long v;
        errno = 0;
        v = strtoll(e, &end, 10);
        if (errno == 0 && *end == '\0' && v >= 0)
            return v;
    }
    return (long long)time(NULL);
}

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + 1e-9 * (double)(t.tv_nsec - t0->tv_nsec);
}

void cli_progress_init(struct cli_progress *pg, int quiet)
{
    pg->enabled = !quiet && isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &pg->t0);
    pg->shown = 0;
}

int cli_progress_show(void *user, uint64_t done, uint64_t total)
{
    struct cli_progress *pg = user;
    if (!pg->enabled)
        return 0;
    double el = since(&pg->t0);
    if (!pg->shown && el < 0.5)
        return 0;
    int width = 40;
    int fill = total ? (int)((double)width * (double)done / (double)total) : width;
    fprintf(stderr, "\r  [%.*s%*s] %3.0f%%  %.1f s", fill,
            "########################################", width - fill, "",
            total ? 100.0 * (double)done / (double)total : 100.0, el);
    pg->shown = 1;
    if (done >= total)
        fputs("\r\033[K", stderr);
    return 0;
}

/* Characters (not bytes) in s[0, n): the caret's column. */
static int chars(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n && s[i]; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

void cli_arg_error(const char *opt, const char *arg, size_t at, const char *msg)
{
    cli_error("%s: %s", opt, msg);
    fprintf(stderr, "    %s %s\n    %*s^\n", opt, arg, chars(opt, strlen(opt)) + 1 + chars(arg, at),
            "");
}

/* Stage the workbook and the charts of an analysis into outs; n_files gets the charts
 * written. Returns an exit code (the error printed). */
static int stage_analysis(struct cli_outputs *outs, const struct plan *p, const char *command,
                          const struct cli_analysis *an, int charts, char *book, size_t book_len,
                          int *n_files)
{
    struct wb_options wo;
    size_t errlen;
    char *err = cli_outputs_errbuf(outs, &errlen);
    const char *path, *dir;
    int rc = CLI_EXIT_IO;
    enum wb_status ws;
    enum draw_status ds;

    if (!err) {
        cli_error("out of memory");
        return CLI_EXIT_IO;
    }
    memset(&wo, 0, sizeof wo);
    wo.version = DRSIM_VERSION;
    wo.command = command;
    wo.date_s = cli_now();
    wb_sweep_file_name(p, an->sweep ? "sweep" : "sensitivity", book, book_len);
    if (!(path = cli_outputs_path(outs, book, 0)))
        goto out;
    ws = an->sweep ? wb_write_sweep(path, an->sweep, &wo, err, errlen)
         : an->oat ? wb_write_sensitivity(path, an->oat, &wo, err, errlen)
                   : wb_write_sobol(path, an->sobol, &wo, err, errlen);
    if (ws != WB_OK) {
        cli_outputs_error(outs, err);
        goto out;
    }
    rc = CLI_EXIT_OK;
    if (!charts)
        goto out;
    rc = CLI_EXIT_IO;
    struct draw_meta dm = {DRSIM_VERSION, command, cli_now()};
    if (!(dir = cli_outputs_path(outs, "charts", 1)))
        goto out;
    ds = an->sweep ? draw_write_sweep(dir, an->sweep, &dm, n_files, err, errlen)
         : an->oat ? draw_write_tornado(dir, an->oat, &dm, n_files, err, errlen)
                   : draw_write_sobol(dir, an->sobol, &dm, n_files, err, errlen);
    if (ds != DRAW_OK) {
        cli_outputs_error(outs, err);
        goto out;
    }
    rc = CLI_EXIT_OK;
out:
    free(err);
    return rc;
}

int cli_write_analysis(const char *outdir, const struct plan *p,
                       const struct sweep_report_options *ro, uint64_t trials, uint64_t seed,
                       const struct cli_analysis *an, int charts)
{
    struct cli_outputs outs;
    const char *json_name = an->sweep ? "sweep.json" : "sensitivity.json";
    const char *manifest = an->sweep ? "sweep-manifest.json" : "sensitivity-manifest.json";
    const char *json;
    char book[512];
    int n_files = 0, rc, jr;

    assert((an->sweep != NULL) + (an->oat != NULL) + (an->sobol != NULL) == 1);
    if ((rc = cli_outputs_begin(&outs, outdir, manifest)) != 0)
        return rc;
    rc = CLI_EXIT_IO;
    if (!(json = cli_outputs_path(&outs, json_name, 0)))
        goto out;
    jr = an->sweep ? sweep_report_json(json, an->sweep, ro)
         : an->oat ? sweep_report_json_sensitivity(json, an->oat, ro)
                   : sobol_report_json(json, an->sobol, ro);
    if (jr != 0) {
        cli_error("cannot write %s/%s: %s", outdir, json_name, strerror(errno));
        goto out;
    }
    if ((rc = stage_analysis(&outs, p, ro->command, an, charts, book, sizeof book,
                             &n_files)) != CLI_EXIT_OK)
        goto out;
    struct outset_meta om = {DRSIM_VERSION, ro->command, p, 1, seed, trials};
    if ((rc = cli_outputs_commit(&outs, &om)) != CLI_EXIT_OK)
        goto out;
    /* Only now is any of it in outdir: say so. */
    printf("\nwrote %s/%s\n", outdir, json_name);
    printf("wrote %s/%s\n", outdir, book);
    if (charts && an->sweep)
        printf("wrote %s/charts/sweep.png, .svg and .pdf\n", outdir);
    else if (charts)
        printf("wrote %d %s chart%s in %s/charts/ (PNG, SVG and PDF)\n", n_files / 3,
               an->oat ? "tornado" : "Sobol index", n_files == 3 ? "" : "s", outdir);
    printf("wrote %s/%s (SHA-256 of every file above)\n", outdir, manifest);
out:
    cli_outputs_end(&outs);
    return rc;
}
