/* cli/cmd_merge.c: `drsim merge`: combine the partial results of `drsim run --shard I/K`
 * into the outputs of the whole run.
 *
 * Each shard directory holds partial.drsim (cli/partial.h): the plan's text and hash, the
 * seed, the trial count, the shard's number and its share of the run. Merge refuses
 * shards that cannot be parts of one run (another plan, seed, trial count, shard count or
 * drsim version; a shard given twice; a shard missing; a damaged file) with a message
 * naming the files. Then it runs `drsim run` itself, on the shards' copy of the plan, with
 * the shards' trials and seed and the merge's own options (the reports'), with an engine
 * (sim/mc.h) that answers the run's simulation with the shards' shares merged exactly
 * (sim/mc_part.h) instead of playing the trials again. What the run simulates after that
 * (the decision curve, at most 20,000 trials a wait, and --levers) is played here. So
 * every output is run's own, and the figures of summary.json are those of one `drsim run`
 * of the same plan, seed and trial count, bit for bit.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/money.h"
#include "cli/cli.h"
#include "cli/partial.h"
#include "models/digest.h"
#include "models/load.h"
#include "sim/mc_part.h"

static const char merge_usage[] =
    "usage: drsim merge SHARD_DIR... [-o DIR] [-j THREADS] [--strict] [--no-charts]\n"
    "                   [--no-workbook] [--no-decision-curve] [--drills FILE [--as-of DATE]]\n"
    "                   [--compare PREV] [--sensitivity FILE] [--paper a4|letter]\n"
    "                   [--levers [--levers-trials N] [--levers-max N]] [-q]\n"
    "\n"
    "Combine the shard directories written by `drsim run --shard I/K -o SHARD_DIR` (every\n"
    "I from 1 to K, each once, in any order) into the outputs of the whole run, in DIR:\n"
    "the same files, with the same figures, as one `drsim run` of the plan with the\n"
    "shards' seed and trial count. The plan, seed and trial count come from the shards\n"
    "(the plan's text travels in them: the plan file need not be here). The options are\n"
    "run's report options and mean what they mean there (drsim run --help). A row per\n"
    "trial (run's trials CSV and Trials sheets) needs every trial in one process: not here.\n"
    "Shards of `drsim sweep` or `drsim sensitivity` merge the same way into that\n"
    "command's outputs (its own command line again, with -o, -j and -q from here).\n"
    "\n"
    "  -o, --output DIR   where the files go (default ./out)\n"
    "  -j, --threads T    threads for what merge simulates itself: the representative\n"
    "                     trials, the decision curve and the levers\n"
    "      --strict       exit 1 when any objective is in breach\n"
    "      --no-charts    skip the charts and the review pack\n"
    "      --no-workbook  skip the auditor's workbook\n"
    "      --no-decision-curve\n"
    "                     skip the decision curve (merge plays it: at most 20000 trials\n"
    "                     a wait)\n"
    "      --drills FILE  also report drill evidence\n"
    "      --as-of DATE   the day drill cadence and exception reviews are judged on\n"
    "      --compare PREV set this review beside the previous one\n"
    "      --sensitivity FILE\n"
    "                     rank the plan's ASSUMPTION and UNKNOWN inputs from FILE\n"
    "      --paper P      a4 (default) or letter\n"
    "      --levers       search the plan's levers (merge simulates them)\n"
    "      --levers-trials N\n"
    "                     screening trials per scenario\n"
    "      --levers-max N combinations simulated at most\n"
    "  -q, --quiet        no progress bar\n";

/* Compare shard b with shard a (the first): 0 when they can be parts of one run, else
 * print why and return CLI_EXIT_USAGE. */
static int same_run(const struct partial_file *a, const struct partial_file *b)
{
    const struct partial_id *x = &a->id, *y = &b->id;
    if (strcmp(x->version, y->version) != 0) {
        cli_error("%s was written by drsim %s and %s by drsim %s: merge shards of one "
                  "drsim version", a->path, x->version, b->path, y->version);
        return CLI_EXIT_USAGE;
    }
    if (strcmp(x->plan_sha256, y->plan_sha256) != 0) {
        cli_error("%s and %s simulated different plans (%s, sha256 %.12s; %s, sha256 %.12s)",
                  a->path, b->path, x->plan_name, x->plan_sha256, y->plan_name,
                  y->plan_sha256);
        return CLI_EXIT_USAGE;
    }
    int same_words = strcmp(x->command, y->command) == 0 && x->n_args == y->n_args &&
                     a->n_records == b->n_records;
    for (int i = 0; same_words && i < x->n_args; i++)
        same_words = strcmp(x->args[i], y->args[i]) == 0;
    if (!same_words) {
        cli_error("%s and %s are shards of different commands (drsim %s, %zu runs of the "
                  "engine; drsim %s, %zu): merge the shards of one command line", a->path,
                  b->path, x->command, a->n_records, y->command, b->n_records);
        return CLI_EXIT_USAGE;
    }
    if (x->seed != y->seed) {
        cli_error("%s ran seed %llu and %s seed %llu: shards of one run share its seed",
                  a->path, (unsigned long long)x->seed, b->path, (unsigned long long)y->seed);
        return CLI_EXIT_USAGE;
    }
    if (x->n_trials != y->n_trials) {
        cli_error("%s is a slice of %llu trials and %s of %llu: shards of one run share -n",
                  a->path, (unsigned long long)x->n_trials, b->path,
                  (unsigned long long)y->n_trials);
        return CLI_EXIT_USAGE;
    }
    if (x->n_shards != y->n_shards) {
        cli_error("%s is shard %llu/%llu and %s is shard %llu/%llu: shards of one run share K",
                  a->path, (unsigned long long)x->shard, (unsigned long long)x->n_shards,
                  b->path, (unsigned long long)y->shard, (unsigned long long)y->n_shards);
        return CLI_EXIT_USAGE;
    }
    return 0;
}

static int by_shard(const void *a, const void *b)
{
    const struct partial_file *x = a, *y = b;
    return (x->id.shard > y->id.shard) - (x->id.shard < y->id.shard);
}

/* Every shard 1 .. K exactly once (files sorted by shard): else print which is given twice
 * or which is missing and return CLI_EXIT_USAGE. */
static int all_slices(const struct partial_file *f, size_t n)
{
    uint64_t k = f[0].id.n_shards;
    for (size_t i = 1; i < n; i++)
        if (f[i].id.shard == f[i - 1].id.shard) {
            cli_error("shard %llu/%llu is given twice (%s and %s)",
                      (unsigned long long)f[i].id.shard, (unsigned long long)k, f[i - 1].path,
                      f[i].path);
            return CLI_EXIT_USAGE;
        }
    if ((uint64_t)n == k)
        return 0;
    uint64_t want = 1;
    for (size_t i = 0; i < n && f[i].id.shard == want; i++)
        want++;
    cli_error("shard %llu of %llu is missing (%zu of the %llu shards given): merge needs "
              "every shard of the run", (unsigned long long)want, (unsigned long long)k, n,
              (unsigned long long)k);
    return CLI_EXIT_USAGE;
}

/* The engine of a merge (sim/mc.h): the run's first simulation is the shards'; every
 * later one (decision curve, levers) is played here. */
struct merge_engine {
    const struct partial_file *f;   /* [n], sorted by shard */
    size_t n;
    size_t next;                    /* the record the next run of the engine is */
    const struct wire_out *merged;  /* a run's shards already merged into one share
                                       (check_shares), or NULL: record 0 is read from it */
};

static enum mc_status merge_run(void *user, const struct plan *p, uint64_t n_trials,
                                uint64_t seed, int threads, mc_progress_fn progress,
                                void *progress_user, const struct mc_sink *sink,
                                struct mc_results **out)
{
    struct merge_engine *m = user;
    if (m->next >= m->f[0].n_records)
        return mc_run_local(p, n_trials, seed, threads, progress, progress_user, sink, out);
    size_t j = m->next++;
    *out = NULL;
    const struct partial_record *rec = &m->f[0].records[j];
    if (n_trials != rec->n_trials || seed != rec->seed) {
        cli_error("run %zu of the engine is not the shards' (%llu trials, seed %llu; the "
                  "shards' %llu, seed %llu)", j + 1, (unsigned long long)n_trials,
                  (unsigned long long)seed, (unsigned long long)rec->n_trials,
                  (unsigned long long)rec->seed);
        return MC_INVALID;
    }
    struct mc_part *part = NULL;
    enum mc_status st = MC_OK;
    char err[1024];
    if (j == 0 && m->merged) {
        /* Checked and merged once already: one share, the whole run. */
        struct wire_in in;
        wire_in_init(&in, m->merged->data, m->merged->len);
        int d = mc_share_merge(&in, p, sink, &part, &st);
        if (d != 0 || in.pos != in.len)
            st = d == -2 ? MC_NOMEM : MC_INVALID;
    }
    for (size_t i = 0; i < m->n && st == MC_OK && !(j == 0 && m->merged); i++) {
        int d = partial_merge(&m->f[i], j, p, sink, &part, err, sizeof err);
        if (d != 0) {
            cli_error("%s", err);
            st = d == -2 ? MC_NOMEM : MC_INVALID;
        }
    }
    if (st == MC_OK)
        st = mc_part_finish(part, p, seed, threads, out);
    mc_part_free(part);
    return st;
}

/* A run's shards: every shard's share is one of the plan's (its text from the shards),
 * before anything is written: a damaged or foreign share is named now, with exit 2. The
 * shares merged are kept as one share in *merged, which the engine then takes whole
 * instead of reading every shard again. (A sweep's or a sensitivity analysis's records
 * are of varied plans: they are checked as they are merged.) Returns an exit status. */
static int check_shares(const struct partial_file *f, size_t n, struct wire_out *merged)
{
    struct cli_plan cp;
    int rc = cli_load_plan(strcmp(f[0].id.plan_name, CLI_BUILTIN_NAME) == 0 ? NULL
                                                                            : f[0].id.plan_name,
                           &cp);
    if (rc != 0)
        return rc;
    struct money_acc *macc = money_acc_new(cp.plan, f[0].id.n_trials);
    struct mc_sink sink = {0};
    struct mc_part *part = NULL;
    char err[1024];
    if (!macc) {
        cli_error("out of memory");
        rc = CLI_EXIT_IO;
    } else {
        money_acc_sink(macc, &sink);
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        int d = partial_merge(&f[i], 0, cp.plan, &sink, &part, err, sizeof err);
        if (d != 0) {
            cli_error("%s", err);
            rc = d == -2 ? CLI_EXIT_IO : CLI_EXIT_USAGE;
        }
    }
    if (rc == 0) {
        mc_share_put(merged, MC_OK, part, &sink);
        if (merged->nomem) {
            cli_error("out of memory");
            rc = CLI_EXIT_IO;
        }
    }
    mc_part_free(part);
    money_acc_free(macc);
    cli_plan_fini(&cp);
    return rc;
}

/* The built-in plan is this drsim's: the shards must have simulated the same text. */
static int same_builtin(const struct partial_file *f)
{
    size_t len;
    const char *text = load_builtin_text(&len);
    unsigned char d[DIGEST_SHA256_LEN];
    char h[DIGEST_SHA256_HEX];
    digest_sha256(text, len, d);
    digest_hex(d, h);
    if (strcmp(h, f->id.plan_sha256) == 0)
        return 0;
    cli_error("%s simulated another built-in plan than this drsim's (sha256 %.12s, here "
              "%.12s)", f->path, f->id.plan_sha256, h);
    return CLI_EXIT_USAGE;
}

/* Read, check and merge the shards dirs[0 .. n - 1], then run their command with the
 * words pass[0 .. n_pass - 1] on them: `drsim run` with the shards' trials and seed, or the
 * shards' own sweep or sensitivity command line. Returns an exit status. */
static int merge_shards(char **dirs, int n, char **pass, int n_pass)
{
    struct partial_file *f = calloc((size_t)n, sizeof *f);
    char **argv = NULL;
    char err[1024], trials[32], seed[32];
    struct wire_out merged; /* a run's shares merged once (check_shares) */
    wire_out_init(&merged);
    int rc = CLI_EXIT_OK;
    if (!f) {
        cli_error("out of memory");
        return CLI_EXIT_IO;
    }
    for (int i = 0; i < n && rc == CLI_EXIT_OK; i++)
        if (partial_read(dirs[i], &f[i], err, sizeof err) != 0) {
            cli_error("%s", err);
            rc = CLI_EXIT_USAGE;
        }
    for (int i = 1; i < n && rc == CLI_EXIT_OK; i++)
        rc = same_run(&f[0], &f[i]);
    if (rc == CLI_EXIT_OK) {
        qsort(f, (size_t)n, sizeof *f, by_shard);
        rc = all_slices(f, (size_t)n);
    }
    int builtin = rc == CLI_EXIT_OK && strcmp(f[0].id.plan_name, CLI_BUILTIN_NAME) == 0;
    if (builtin)
        rc = same_builtin(&f[0]);
    if (rc == CLI_EXIT_OK) {
        /* From here the plan is the shards' text, and runs are split. */
        struct cli_process proc = {1, 1, "drsim merge", f[0].id.plan_name, f[0].id.plan_text,
                                   f[0].id.plan_len, NULL};
        cli_set_process(&proc);
        if (strcmp(f[0].id.command, "run") == 0)
            rc = check_shares(f, (size_t)n, &merged);
    }
    if (rc == CLI_EXIT_OK && !(argv = calloc((size_t)(n_pass + f[0].id.n_args) + 8,
                                             sizeof *argv))) {
        cli_error("out of memory");
        rc = CLI_EXIT_IO;
    }
    if (rc == CLI_EXIT_OK) {
        struct merge_engine m = {f, (size_t)n, 0, merged.len ? &merged : NULL};
        struct mc_engine eng = {&m, merge_run};
        int k = 0;
        int (*command)(int, char **) = NULL;
        snprintf(trials, sizeof trials, "%llu", (unsigned long long)f[0].id.n_trials);
        snprintf(seed, sizeof seed, "%llu", (unsigned long long)f[0].id.seed);
        if (strcmp(f[0].id.command, "run") == 0) {
            /* The plain run of the shards' trials and seed, with the merge's options. */
            command = cmd_run;
            argv[k++] = "run";
            argv[k++] = "-n";
            argv[k++] = trials;
            argv[k++] = "--seed";
            argv[k++] = seed;
            for (int i = 0; i < n_pass; i++)
                argv[k++] = pass[i];
            if (!builtin) {
                argv[k++] = "--";
                argv[k++] = f[0].id.plan_name;
            }
        } else {
            /* The shards' own command line (its plan among its words), then -o and such. */
            command = strcmp(f[0].id.command, "sweep") == 0 ? cmd_sweep : cmd_sensitivity;
            argv[k++] = f[0].id.command;
            for (int i = 0; i < f[0].id.n_args; i++)
                argv[k++] = f[0].id.args[i];
            for (int i = 0; i < n_pass; i++)
                argv[k++] = pass[i];
        }
        mc_set_engine(&eng);
        rc = command(k, argv);
        mc_set_engine(NULL);
    }
    struct cli_process plain = {1, 0, NULL, NULL, NULL, 0, NULL};
    cli_set_process(&plain);
    wire_out_fini(&merged);
    for (int i = 0; i < n; i++)
        partial_file_fini(&f[i]);
    free(f);
    free(argv);
    return rc;
}

int cmd_merge(int argc, char **argv)
{
    const char *run_short;
    const struct option *opts = cli_run_options(&run_short);
    char shortopts[64];
    /* '-': shard directories come back in order as option 1, between the options. */
    snprintf(shortopts, sizeof shortopts, "-%s", run_short);
    char **dirs = calloc((size_t)argc + 1, sizeof *dirs);
    char **pass = calloc((size_t)argc + 8, sizeof *pass); /* run's argv */
    int n_dirs = 0, n_pass = 0, c, rc = CLI_EXIT_OK;
    if (!dirs || !pass) {
        free(dirs);
        free(pass);
        cli_error("out of memory");
        return CLI_EXIT_IO;
    }
    optind = 0; /* glibc: start afresh (the in-order mode of the leading '-') */
    opterr = 0;
    for (int at = 1; (c = getopt_long(argc, argv, shortopts, opts, NULL)) != -1;
         at = optind) {
        if (c == 1) {
            dirs[n_dirs++] = optarg;
            continue;
        }
        if (c == 'n' || c == 's' || c == 'K' || c == 'X' || c == 'T') {
            const char *o = argv[at];
            cli_error("%s: %s", o,
                      c == 'K' ? "merge combines the shards; it is not one"
                      : c == 'X' || c == 'T'
                          ? "a row per trial needs every trial in one process; run it with "
                            "drsim run"
                          : "the trials and the seed are the shards' (drsim merge --help)");
            rc = CLI_EXIT_USAGE;
            goto out;
        }
        if (c == 'h' || c == ':' || c == '?') {
            rc = cli_option_other(c, argv, "merge", merge_usage);
            goto out;
        }
        /* One of run's report options: its words, as given, go on to run. */
        for (int k = at; k < optind; k++)
            pass[n_pass++] = argv[k];
    }
    if (n_dirs == 0) {
        cli_error("merge needs the shard directories (drsim merge --help)");
        rc = CLI_EXIT_USAGE;
        goto out;
    }
    rc = merge_shards(dirs, n_dirs, pass, n_pass);
out:
    free(dirs);
    free(pass);
    return rc;
}
