/* reports/term.h: the terminal summary of a run, and the event log of one trial.
 *
 * The summary is a compact table per scenario (RTO and RPO: target, percentiles,
 * probability of meeting the target with its Wilson interval, verdict), followed by
 * what explains it: annualized figures, how often the outage ended first, where the
 * time goes (critical-path shares), and stores left without a usable recovery point.
 * Colour (verdicts) only when `color` is set, which the caller decides from isatty.
 *
 * Everything printed comes from struct mc_results as computed: nothing is recomputed.
 *
 * Text that comes from a file (the plan's and its stores', roles', steps' and scenarios'
 * names and descriptions, a drill log's entries, a path) goes through term_put or
 * term_put_padded, never straight into a format string: a name written "\e]0;...\a" or
 * "\rverdict: meets" in a double-quoted YAML scalar would otherwise retitle the window or
 * overwrite a line of the verdict. Columns are measured on the escaped text.
 */
#ifndef DRSIM_TERM_H
#define DRSIM_TERM_H

#include <stdio.h>

#include "sim/mc.h"
#include "sim/trial.h"

/* The escape codes of the coloured output (term_options.color), shared by every report
 * printed to a terminal (reports/sweep_report.h, reports/evidence.h). */
#define TERM_RED "\033[1;31m"
#define TERM_YELLOW "\033[1;33m"
#define TERM_GREEN "\033[1;32m"
#define TERM_BOLD "\033[1m"
#define TERM_RESET "\033[0m"

/* A duration in seconds as units_format_duration writes it into buf (n bytes), or "-"
 * when it is NaN (no figure). Returns the text. */
const char *term_duration(double s, char *buf, size_t n);

/* The same for a value judged against target_s (units_format_duration_vs: to the second
 * when both would read the same), "-" when s is NaN. Returns the text. */
const char *term_duration_vs(double s, double target_s, char *buf, size_t n);

/* The colour of a verdict: green when it meets, yellow at risk, red in breach; "" for
 * anything else. */
const char *term_verdict_color(enum mc_verdict v);

/* Print text s read from a file (a name, a description, a path) to out with every control
 * character, noncharacter and malformed byte made visible as models/text.h's text_fputs
 * does ("\e", "\n", "\x07", "\u{FFFE}"), so that it cannot move the cursor, retitle the
 * window or forge a line. NULL prints nothing. */
void term_put(FILE *out, const char *s);

#define TERM_MAX_COLUMN 64 /* widest column term_put_padded pads to */

/* As term_put, then spaces up to `width` columns (0 <= width <= TERM_MAX_COLUMN), counting
 * one column per character of the escaped text; text as wide or wider is printed whole,
 * with no padding. For the left-aligned name column of a table ("%-24s" on escaped text). */
void term_put_padded(FILE *out, const char *s, int width);

struct term_options {
    int color;              /* ANSI colours for verdicts */
    const char *version;    /* drsim version string */
};

/* Print the summary of results r to out. */
void term_print_summary(FILE *out, const struct mc_results *r, const struct term_options *o);

/* Print one trace event as a line of the event log of scenario s of plan p. */
void term_print_event(FILE *out, const struct plan *p, int scenario,
                      const struct trial_event *ev);

/* Print the closing summary of a traced trial (RTO, RPO, per-store loss, critical path). */
void term_print_trial(FILE *out, const struct plan *p, const struct trial_result *tr);

#endif
