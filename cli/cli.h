/* cli/cli.h: what the command files share: exit codes, plan loading with diagnostics,
 * and small argument parsers. The command line holds no domain logic: it parses
 * arguments, calls models/, sim/ and reports/, and maps their outcomes to exit codes.
 */
#ifndef DRSIM_CLI_H
#define DRSIM_CLI_H

#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "models/plan.h"

#define DRSIM_VERSION "0.1.0"

/* The largest seed: 2^63 - 1, so that every JSON output can hold it as an integer that
 * any reader keeps exact (Jansson's and most others' integers are signed 64-bit). */
#define CLI_MAX_SEED 9223372036854775807ull

/* Exit status of every command (DESIGN.md). */
enum cli_exit {
    CLI_EXIT_OK = 0,       /* success */
    CLI_EXIT_BREACH = 1,   /* a policy breach, with --strict */
    CLI_EXIT_USAGE = 2,    /* bad arguments or bad input (plan file) */
    CLI_EXIT_IO = 3        /* I/O or internal error */
};

/* The name diagnostics give the built-in plan. */
#define CLI_BUILTIN_NAME "commcare.yaml (built-in)"

/* A loaded plan with the text its diagnostics quote. */
struct cli_plan {
    struct plan *plan;     /* owned */
    char *text;            /* owned file text, NULL for the built-in plan */
    const char *src;       /* the plan's text: text, or the built-in text (borrowed) */
    size_t len;            /* bytes in src */
    const char *name;      /* the path, or CLI_BUILTIN_NAME (borrowed) */
};

/* Load PATH, or the built-in plan when path is NULL. On failure prints the diagnostics
 * to stderr and returns the exit code (CLI_EXIT_USAGE for bad input, CLI_EXIT_IO when
 * the file cannot be read); 0 on success. */
int cli_load_plan(const char *path, struct cli_plan *out);
/* cli_load_plan, then refuse (CLI_EXIT_USAGE, nothing left to free) a plan without
 * scenarios: the commands that simulate have nothing to do with one. */
int cli_load_plan_to_simulate(const char *path, struct cli_plan *out);
void cli_plan_fini(struct cli_plan *p);

/* The options the simulating commands (run, sweep, sensitivity) share. */
struct cli_run_opts {
    uint64_t trials;       /* -n: trials per scenario (and point) */
    uint64_t seed;         /* --seed */
    uint64_t threads;      /* -j: worker threads; 0 until cli_run_opts_finish: the cores */
    const char *outdir;    /* -o: output directory (default "out") */
    int quiet;             /* -q: no progress bar */
    int charts;            /* 0 after --no-charts */
};

/* What cli_run_option did with an option. */
enum cli_opt_result {
    CLI_OPT_ERROR = -1,    /* it was one of ours and bad: an error was printed */
    CLI_OPT_OTHER = 0,     /* not one of ours: the command handles it */
    CLI_OPT_HANDLED = 1    /* parsed into the struct */
};

/* Defaults: `trials` trials, seed 1, threads from the cores, ./out, progress, charts. */
void cli_run_opts_init(struct cli_run_opts *o, uint64_t trials);
/* Parse getopt option c ('n', 's', 'j', 'o', 'q', 'C' for --no-charts) with argument
 * arg into *o. */
int cli_run_option(int c, const char *arg, struct cli_run_opts *o);
/* Once the options are parsed: -j defaults to the number of cores. */
void cli_run_opts_finish(struct cli_run_opts *o);

/* The getopt results every command answers alike: 'h' prints usage and returns
 * CLI_EXIT_OK; ':' (a missing value) and anything else print an error naming the
 * option in argv[optind - 1] and return CLI_EXIT_USAGE. */
int cli_option_other(int c, char **argv, const char *command, const char *usage);

/* After getopt: the optional PLAN operand into *path (NULL: the built-in plan). More
 * than one is an error (printed; CLI_EXIT_USAGE); else 0. */
int cli_plan_arg(int argc, char **argv, const char *command, const char **path);

/* Parse a non-negative integer argument of option `opt` into *out; prints a usage
 * error and returns non-zero when it is not one (or exceeds max). */
int cli_parse_u64(const char *opt, const char *arg, uint64_t max, uint64_t *out);

/* The same for a whole number from min to max; the error states that range
 * ("-n takes a whole number from 1 to 4294967295 (got \"0\")"). */
int cli_parse_range(const char *opt, const char *arg, uint64_t min, uint64_t max,
                    uint64_t *out);

/* Print "drsim: error: ..." to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* outset_make_dirs (mkdir -p), printing the error: returns 0 or CLI_EXIT_IO. */
int cli_output_dir(const char *dir);

/* The output files of a command, published as one set (reports/outset.h), guarded
 * against SIGINT, SIGTERM and SIGHUP: from cli_outputs_begin to cli_outputs_end those
 * signals are blocked in every thread and a watcher thread waits for them. On one it
 * discards the staging directory (the output directory keeps its previous set; a commit
 * under way is let finish first) and exits with 128 + the signal number: 130 for SIGINT,
 * 143 for SIGTERM, 129 for SIGHUP. The watcher is a plain thread (sigwait), not a
 * handler, so it may take locks and remove files. Call cli_outputs_begin before any
 * thread is started (the simulation's workers inherit the blocked mask). */
struct outset;
struct outset_meta;
struct cli_outputs {
    struct outset *set;         /* owned; NULL after cli_outputs_end */
    pthread_mutex_t mu;         /* held by a commit, the end, and the watcher's discard */
    pthread_t watcher;          /* the thread waiting for the signals */
    sigset_t sigs;              /* SIGINT, SIGTERM, SIGHUP */
    sigset_t old_mask;          /* the calling thread's mask before */
    int watching;               /* the watcher runs */
    int committed;              /* the set is published */
    struct outset *file_set;    /* owned: a set without manifest for one file outside the
                                   directory (cli_outputs_file), or NULL */
    int file_committed;         /* file_set is published */
};

/* Start the signal guard, then the set for directory dir (created if missing) with
 * manifest name manifest (OUTSET_MANIFEST; NULL: a set without manifest, e.g. one
 * file). Returns 0, or prints the error and returns CLI_EXIT_IO (the guard is then
 * stopped: nothing to end). */
int cli_outputs_begin(struct cli_outputs *o, const char *dir, const char *manifest);

/* The staging path of file `name` of the set (outset_path), or of the directory `name`
 * when is_dir (outset_subdir). NULL after printing the error. Owned by the set. */
const char *cli_outputs_path(struct cli_outputs *o, const char *name, int is_dir);

/* A second set, without manifest, for one file `name` in the existing directory dir
 * outside the set's directory (run --trials-csv FILE): under the same guard (a signal
 * discards it too); its staging path in *staged (owned by the set). cli_outputs_commit
 * publishes it right after the main set, cli_outputs_end discards it if unpublished.
 * Returns 0, or prints the error and returns CLI_EXIT_IO. */
int cli_outputs_file(struct cli_outputs *o, const char *dir, const char *name,
                     const char **staged);

/* Print "drsim: error: TEXT" for a writer's error text, with the staging directory's
 * path in it shown as the output directory's (where the file was meant to be). */
void cli_outputs_error(const struct cli_outputs *o, const char *text);

/* A buffer for a writer's error text, big enough for a message naming any staged path
 * (the caller frees it); *len gets its size. NULL when out of memory. */
char *cli_outputs_errbuf(const struct cli_outputs *o, size_t *len);

/* Publish the set (outset_commit with meta), then the file set of cli_outputs_file if
 * any (a failure there leaves the main set published). Returns 0, or prints the error
 * and returns CLI_EXIT_IO. */
int cli_outputs_commit(struct cli_outputs *o, const struct outset_meta *meta);

/* Discard the set if not committed, stop the guard and restore the signal mask. */
void cli_outputs_end(struct cli_outputs *o);

/* The results of one analysis: exactly one of them non-NULL. */
struct sweep_results;
struct sensitivity_results;
struct sobol_results;
struct cli_analysis {
    const struct sweep_results *sweep;
    const struct sensitivity_results *oat;  /* one at a time (the tornado) */
    const struct sobol_results *sobol;      /* global (Sobol indices) */
};

/* Publish the outputs of a sweep or a sensitivity analysis (one-at-a-time or Sobol) as
 * one output set in outdir (reports/outset.h): DIR/sweep.json or sensitivity.json, the
 * workbook DIR/<plan>-sweep.xlsx or -sensitivity.xlsx and, when charts, the charts in
 * DIR/charts/ (sweep.*, tornado-*, sobol-*), with the manifest sweep-manifest.json or
 * sensitivity-manifest.json (so that a run's set and an analysis's set share a directory
 * without replacing each other). Says what was written on stdout once it is published;
 * returns an exit code. */
struct sweep_report_options;
int cli_write_analysis(const char *outdir, const struct plan *p,
                       const struct sweep_report_options *ro, uint64_t trials, uint64_t seed,
                       const struct cli_analysis *an, int charts);

/* A progress bar on stderr, shown only on a terminal and once a run has taken half a
 * second; cli_progress_show is an mc_progress_fn with a struct cli_progress as user. */
struct cli_progress {
    int enabled;            /* stderr is a terminal and not --quiet */
    struct timespec t0;     /* start */
    int shown;              /* drawn at least once */
};
void cli_progress_init(struct cli_progress *pg, int quiet);
int cli_progress_show(void *user, uint64_t done, uint64_t total);

/* An error in an option's argument: "drsim: error: OPT: MSG", then "OPT ARG" and a caret
 * under the character at byte offset `at` of arg. */
void cli_arg_error(const char *opt, const char *arg, size_t at, const char *msg);

/* Drill logs (cli/drills.c), shared by run --drills and calibrate. */
struct drill_log;
struct cli_drills {
    struct drill_log *log;  /* owned */
    char *text;             /* owned file text its diagnostics quote */
};

/* Load drill log PATH, checking its names against plan p; on failure print the
 * diagnostics and return the exit code (as cli_load_plan); 0 on success. */
int cli_load_drills(const char *path, const struct plan *p, struct cli_drills *out);
void cli_drills_fini(struct cli_drills *d);

/* The drill evidence of a run: analysed against the plan and results, printed to stdout,
 * and rendered as the "drills" member of summary.json (reports/evidence.h). */
struct drill_analysis;
struct evidence_rows;
struct jsonio_writer;
struct mc_results;
struct cli_evidence {
    struct drill_analysis *analysis; /* owned */
    struct evidence_rows *rows; /* owned: the workbook's Evidence sheet */
    const struct cli_drills *drills; /* borrowed */
    const struct plan *plan; /* borrowed */
};

/* Analyse cd's log as of civil day as_of_day, print it (colour when `color`) and build
 * the Evidence sheet's rows into *ev. Returns 0, or -1 when out of memory (*ev is then
 * empty). Release with cli_evidence_fini (also safe on an all-NULL struct). */
int cli_drills_report(const struct cli_drills *cd, const struct plan *p,
                      const struct mc_results *r, long as_of_day, int color,
                      struct cli_evidence *ev);
void cli_evidence_fini(struct cli_evidence *ev);

/* A json_extra_fn (reports/json.h) writing the "drills" member of summary.json from a
 * struct cli_evidence (user). */
void cli_evidence_json(struct jsonio_writer *w, void *user);

/* Seconds since 1970 of "now": SOURCE_DATE_EPOCH when set (reproducible builds), else
 * the clock; and that day's civil day number. Also the date charts and workbooks carry. */
long long cli_now(void);
long cli_today(void);

/* Parse a date argument (YYYY-MM-DD) of option opt into a civil day number; prints a
 * usage error and returns non-zero when it is not one. */
int cli_parse_date(const char *opt, const char *arg, long *day);

/* ---- the process ----------------------------------------------------------------------
 *
 * What a program's main sets once, before a command runs, about the process as a whole
 * (read by the commands; never changed while one runs). drsim leaves it as it starts:
 * publishing, the plan read from its path, every trial in this process. drsim-mpi's
 * ranks other than 0 do not publish; `drsim merge` gives the plan's text from the shards
 * (so the merge needs no copy of the plan file); both split runs across processes. */
struct cli_process {
    int publish;            /* 0: output sets are staged and discarded, never published,
                               and nothing is printed (an MPI rank other than 0) */
    int split;              /* runs are split across processes (MPI ranks, shards): what
                               needs every trial in one process is refused */
    const char *split_what; /* how the split is named in those refusals ("drsim-mpi") */
    const char *plan_name;  /* with plan_text: the plan path (or CLI_BUILTIN_NAME) whose */
    const char *plan_text;  /* text is this (borrowed), not the file's */
    size_t plan_len;        /* bytes in plan_text */
    struct cli_plan_seen *seen; /* non-NULL: the first plan loaded is noted there (a
                                   sweep or sensitivity shard names its plan) */
};

/* A plan as loaded: its name (path or CLI_BUILTIN_NAME) and text, owned copies (free
 * both); name NULL until one is loaded. */
struct cli_plan_seen {
    char *name;
    char *text;
    size_t len;
};

/* `drsim sweep|sensitivity ... --shard I/K` (cli/shard_record.c): run cmd (argv[0] its
 * name) as shard I of K and write its partial result. Returns an exit status. */
int cli_shard_command(int argc, char **argv, int (*cmd)(int, char **));

/* Set the process's context (copied; the strings are borrowed). */
void cli_set_process(const struct cli_process *p);
/* The process's context. */
const struct cli_process *cli_get_process(void);

/* The drsim command as main runs it (cli/dispatch.c): argv[1] is the command. */
int cli_main(int argc, char **argv);

/* `drsim run --shard I/K` (cli/cmd_run_shard.c): play shard I of K of the run of cp with
 * ro's trials, seed and threads and publish its partial result in ro->outdir, with
 * `command` in the manifest. Returns an exit status. */
int cli_run_shard(const struct cli_plan *cp, const struct cli_run_opts *ro, uint64_t shard,
                  uint64_t n_shards, const char *command);

/* run's options (getopt_long's table, ending in a zero entry, and its short options), for
 * merge, which passes the report options on to run. */
struct option;
const struct option *cli_run_options(const char **shortopts);

int cmd_run(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_example(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_sensitivity(int argc, char **argv);

#endif
