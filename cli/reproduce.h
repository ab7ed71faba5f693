/* cli/reproduce.h: the one command line that reproduces a run.
 *
 * Every output of `drsim run` names the command that reproduces it: the terminal's last
 * line, summary.json's "command", the workbook's Summary sheet, the review pack's first
 * page and manifest.json. They carry one string, built here once per run from what was
 * asked: the run date (SOURCE_DATE_EPOCH, which also fixes the default --as-of day), the
 * plan, trials, seed and threads always written out (a default can change between
 * versions; the thread count is printed in the workbook), then every option that changes
 * any output file (--drills, --as-of, --trials-sheet, --trials-csv, --no-decision-curve,
 * --no-workbook, --no-charts, --compare, --sensitivity, --paper, --levers and its
 * options, --shard). The output directory is left out: the files are the same
 * wherever they go. Words a POSIX shell would split or expand are single-quoted, so the
 * line can be pasted as it is.
 */
#ifndef DRSIM_CLI_REPRODUCE_H
#define DRSIM_CLI_REPRODUCE_H

#include <stdint.h>

/* What a run was asked; strings are borrowed, NULL when the option was not given. */
struct reproduce_run {
    long long date_s;           /* the run date, seconds since 1970 (cli_now()) */
    const char *plan_path;      /* the plan file; NULL for the built-in plan */
    uint64_t trials;            /* -n: trials per scenario */
    uint64_t seed;              /* --seed */
    int threads;                /* -j: worker threads */
    const char *drills;         /* --drills FILE */
    const char *as_of;          /* --as-of DATE as given (YYYY-MM-DD) */
    const char *trials_csv;     /* --trials-csv FILE */
    int trials_sheet;           /* --trials-sheet given */
    int no_decision_curve;      /* --no-decision-curve given */
    int no_workbook;            /* --no-workbook given */
    int no_charts;              /* --no-charts given */
    const char *compare;        /* --compare PREV */
    const char *sensitivity;    /* --sensitivity FILE */
    const char *paper;          /* --paper as given (a4, letter) */
    int levers;                 /* --levers given */
    uint64_t levers_trials;     /* --levers-trials N; 0: not given */
    uint64_t levers_max;        /* --levers-max N; 0: not given */
    uint64_t shard, n_shards;   /* --shard I/K; 0: not given */
};

/* The command line for r, malloc'd (the caller frees it); NULL when out of memory. */
char *reproduce_command(const struct reproduce_run *r);

/* words[0 .. n - 1] as one command line, each quoted as above, malloc'd; NULL when out of
 * memory. */
char *reproduce_words(char *const *words, int n);

#endif
