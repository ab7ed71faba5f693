/* cli/shard_record.c: `drsim sweep|sensitivity ... --shard I/K -o DIR`: a sweep or a
 * sensitivity analysis as one of K shards.
 *
 * A sweep runs the engine once per point, a sensitivity analysis once per design point,
 * in an order fixed by the command line (no run depends on an earlier one's results).
 * As a shard, the command runs as usual with a recording engine (sim/mc.h): every run of
 * the engine plays only the shard's slice of its trials (sim/mc_part.h: mc_slice) and
 * records its share, in order; the command goes on with the slice's own results, its
 * terminal output is silenced and its output set discarded (those figures are the
 * slice's, not the run's). Then the shard writes DIR/partial.drsim (cli/partial.h) with
 * the command line and the records. `drsim merge` runs the same command line again with
 * an engine that answers its k-th run with the k-th records of every shard merged
 * (cli/cmd_merge.c), so the merged outputs are those of the command run whole.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/partial.h"
#include "cli/reproduce.h"
#include "reports/outset.h"
#include "sim/mc_part.h"

struct recorder {
    uint64_t shard, n_shards;
    FILE *records;               /* the records so far (partial_record_put), a temporary file */
    size_t n;                    /* records in it */
    uint64_t first_n;            /* the first run's trial count */
    int failed;                  /* a run could not be recorded */
};

/* Say that shard i of k of n trials would play none. */
static void empty_slice(uint64_t i, uint64_t k, uint64_t n)
{
    uint64_t units = n / MC_CHUNK + (n % MC_CHUNK != 0);
    cli_error("--shard %llu/%llu: %llu trials make %llu units of %d trials, fewer than the "
              "shards: this shard would play none (use at most %llu shards, or more trials)",
              (unsigned long long)i, (unsigned long long)k, (unsigned long long)n,
              (unsigned long long)units, MC_CHUNK, (unsigned long long)units);
}

static enum mc_status record_run(void *user, const struct plan *p, uint64_t n_trials,
                                 uint64_t seed, int threads, mc_progress_fn progress,
                                 void *progress_user, const struct mc_sink *sink,
                                 struct mc_results **out)
{
    struct recorder *r = user;
    *out = NULL;
    if (sink || n_trials == 0 || n_trials > MC_MAX_TRIALS) {
        r->failed = 1;
        return MC_INVALID;
    }
    uint64_t first, count;
    mc_slice(n_trials, r->shard, r->n_shards, &first, &count);
    if (count == 0) {
        empty_slice(r->shard, r->n_shards, n_trials);
        r->failed = 1;
        return MC_INVALID;
    }
    struct mc_part *part = NULL;
    enum mc_status st = mc_run_part(p, n_trials, first, count, seed, threads, progress,
                                    progress_user, NULL, &part);
    struct wire_out w;
    wire_out_init(&w);
    if (st == MC_OK) {
        mc_share_put(&w, st, part, NULL);
        if (w.nomem)
            st = MC_NOMEM;
    }
    if (st == MC_OK && partial_record_put(r->records, n_trials, seed, &w) != 0) {
        cli_error("cannot keep the shard's records: %s", strerror(errno));
        st = MC_NOMEM;
    }
    if (st == MC_OK) {
        if (r->n++ == 0)
            r->first_n = n_trials;
        st = mc_part_finish_slice(part, p, seed, threads, out);
    }
    wire_out_fini(&w);
    mc_part_free(part);
    if (st != MC_OK)
        r->failed = 1;
    return st;
}

/* The value of -o/--output among argv's words (its last one), else "out". */
static const char *output_dir(int argc, char **argv)
{
    const char *dir = "out";
    for (int i = 1; i < argc; i++) {
        const char *w = argv[i];
        if (strcmp(w, "--") == 0)
            break;
        if ((strcmp(w, "-o") == 0 || strcmp(w, "--output") == 0) && i + 1 < argc)
            dir = argv[++i];
        else if (strncmp(w, "--output=", 9) == 0)
            dir = w + 9;
        else if (strncmp(w, "-o", 2) == 0 && w[2])
            dir = w + 2;
    }
    return dir;
}

/* Write the recorded shard into dir. Returns an exit status. */
static int write_shard(const char *dir, const char *command, char **args, int n_args,
                       const struct recorder *r, const struct cli_plan *cp, uint64_t trials,
                       uint64_t seed)
{
    struct partial_id id;
    partial_id_make(&id, cp->name, cp->src, cp->len, seed, trials, r->shard, r->n_shards,
                    command, n_args, args);

    struct cli_outputs outs;
    int rc = cli_outputs_begin(&outs, dir, OUTSET_MANIFEST);
    if (rc != 0)
        return rc;
    const char *staged = cli_outputs_path(&outs, PARTIAL_FILE, 0);
    FILE *f = staged ? fopen(staged, "wb") : NULL;
    int bad = !f || partial_write(f, &id, r->records, (uint64_t)r->n) != 0;
    if (f && fclose(f) != 0)
        bad = 1;
    if (bad) {
        if (staged)
            cli_error("cannot write %s/%s (disk full?)", dir, PARTIAL_FILE);
        rc = CLI_EXIT_IO;
    } else {
        /* The shard's own command line: drsim, the command, its words, --shard I/K. */
        char **w = calloc((size_t)n_args + 4, sizeof *w);
        char shard_arg[48], *line = NULL;
        snprintf(shard_arg, sizeof shard_arg, "%llu/%llu", (unsigned long long)r->shard,
                 (unsigned long long)r->n_shards);
        if (w) {
            int k = 0;
            w[k++] = "drsim";
            w[k++] = (char *)command;
            for (int i = 0; i < n_args; i++)
                w[k++] = args[i];
            w[k++] = "--shard";
            w[k++] = shard_arg;
            line = reproduce_words(w, k);
        }
        struct outset_meta om = {DRSIM_VERSION, line, NULL, 1, seed, trials};
        rc = line ? cli_outputs_commit(&outs, &om) : CLI_EXIT_IO;
        if (!line)
            cli_error("out of memory");
        free(line);
        free(w);
    }
    cli_outputs_end(&outs);
    if (rc == 0)
        printf("shard %llu/%llu of drsim %s (%s): %zu runs of the engine, each its slice of "
               "the trials\nwrote %s/%s (merge every shard with drsim merge)\n",
               (unsigned long long)r->shard, (unsigned long long)r->n_shards, command,
               cp->name, r->n, dir, PARTIAL_FILE);
    return rc;
}

/* The value of option `name` (long, or short `sh`) among the words, or def. */
static const char *option_value(int argc, char **argv, const char *name, const char *sh,
                                const char *def)
{
    size_t ln = strlen(name);
    for (int i = 1; i < argc; i++) {
        const char *w = argv[i];
        if (strcmp(w, "--") == 0)
            break;
        if ((strcmp(w, name) == 0 || (sh && strcmp(w, sh) == 0)) && i + 1 < argc)
            def = argv[++i];
        else if (strncmp(w, name, ln) == 0 && w[ln] == '=')
            def = w + ln + 1;
    }
    return def;
}

int cli_shard_command(int argc, char **argv, int (*cmd)(int, char **))
{
    /* The words without --shard I/K and without -o DIR (the merge's). */
    char **args = calloc((size_t)argc + 1, sizeof *args);
    const char *shard_arg = NULL;
    int n_args = 0;
    if (!args) {
        cli_error("out of memory");
        return CLI_EXIT_IO;
    }
    for (int i = 1; i < argc; i++) {
        const char *w = argv[i];
        if (strcmp(w, "--shard") == 0 && i + 1 < argc)
            shard_arg = argv[++i];
        else if (strncmp(w, "--shard=", 8) == 0)
            shard_arg = w + 8;
        else if ((strcmp(w, "-o") == 0 || strcmp(w, "--output") == 0) && i + 1 < argc)
            i++;
        else if (strncmp(w, "--output=", 9) != 0 && !(strncmp(w, "-o", 2) == 0 && w[2]))
            args[n_args++] = argv[i];
    }
    uint64_t shard = 0, n_shards = 0, trials = 0, seed = 0;
    char err[256];
    size_t at;
    if (!shard_arg) {
        free(args);
        cli_error("option --shard needs a value");
        return CLI_EXIT_USAGE;
    }
    if (partial_parse_shard(shard_arg, &shard, &n_shards, err, sizeof err, &at) != 0) {
        free(args);
        cli_arg_error("--shard", shard_arg, at, err);
        return CLI_EXIT_USAGE;
    }
    /* The trials and seed of the header (each record carries its own too). */
    if (cli_parse_u64("-n", option_value(argc, argv, "--trials", "-n", "0"), MC_MAX_TRIALS,
                      &trials) != 0 ||
        cli_parse_u64("--seed", option_value(argc, argv, "--seed", "-s", "1"), CLI_MAX_SEED,
                      &seed) != 0) {
        free(args);
        return CLI_EXIT_USAGE;
    }
    /* With -n given, an empty slice is refused before anything runs (without it, the
     * first run of the engine refuses it). */
    uint64_t first, count;
    mc_slice(trials, shard, n_shards, &first, &count);
    if (trials > 0 && count == 0) {
        empty_slice(shard, n_shards, trials);
        free(args);
        return CLI_EXIT_USAGE;
    }
    const char *dir = output_dir(argc, argv);
    struct recorder r = {shard, n_shards, tmpfile(), 0, 0, 0};
    if (!r.records) {
        cli_error("cannot make a temporary file for the shard's records: %s", strerror(errno));
        free(args);
        return CLI_EXIT_IO;
    }
    struct mc_engine eng = {&r, record_run};
    const struct cli_process *was = cli_get_process();
    struct cli_process saved = *was, quiet = saved;
    struct cli_plan_seen seen = {NULL, NULL, 0};
    quiet.seen = &seen;
    quiet.publish = 0;
    quiet.split = 1;
    quiet.split_what = "--shard";
    /* The command's own terminal output is the slice's: silenced. */
    fflush(stdout);
    int out_fd = dup(STDOUT_FILENO), null_fd = open("/dev/null", O_WRONLY);
    int rc = CLI_EXIT_IO;
    if (out_fd >= 0 && null_fd >= 0 && dup2(null_fd, STDOUT_FILENO) >= 0) {
        cli_set_process(&quiet);
        mc_set_engine(&eng);
        char **cargv = calloc((size_t)n_args + 3, sizeof *cargv);
        if (cargv) {
            int k = 0;
            cargv[k++] = argv[0];
            for (int i = 0; i < n_args; i++)
                cargv[k++] = args[i];
            cargv[k++] = "-o";
            cargv[k++] = (char *)dir;
            rc = cmd(k, cargv);
            free(cargv);
        }
        mc_set_engine(NULL);
        cli_set_process(&saved);
        fflush(stdout);
        dup2(out_fd, STDOUT_FILENO);
    }
    if (out_fd >= 0)
        close(out_fd);
    if (null_fd >= 0)
        close(null_fd);
    if (rc == CLI_EXIT_OK && !r.failed && r.n > 0 && seen.name) {
        struct cli_plan cp = {NULL, NULL, seen.text, seen.len, seen.name};
        rc = write_shard(dir, argv[0], args, n_args, &r, &cp, trials ? trials : r.first_n, seed);
    } else if (rc == CLI_EXIT_OK) {
        rc = CLI_EXIT_USAGE;
        cli_error("drsim %s ran the engine no time: nothing to shard", argv[0]);
    }
    free(seen.name);
    free(seen.text);
    fclose(r.records);
    free(args);
    return rc;
}
