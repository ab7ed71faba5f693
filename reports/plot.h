/* reports/plot.h: chart layout as pure geometry, without a drawing library.
 *
 * Everything a chart decides before it draws lives here, so that it can be tested as
 * data in, numbers out: scales that map data (seconds, fractions) to device units,
 * the choice between a linear and a log time axis, tick marks at times people use
 * (1m, 5m, 15m, 1h, 6h, 1d, 1w rather than 3.16e3 s), labels that must fit their room
 * (truncated with an ellipsis, or wrapped), rows of bars, and the empirical CDF sampled
 * once per device column so a million trials do not become a million path segments.
 *
 * Text is measured through a callback (plot_measure_fn) so that this module never
 * touches cairo: reports/draw_prim.c passes one that asks cairo for the advance width
 * of a string in the current font; tests pass a fixed width per character. Strings are
 * UTF-8 and are only ever cut at character boundaries (text that is not valid UTF-8 is
 * taken too, without reading past its end or leaving anything unset).
 *
 * Device coordinates follow cairo's convention (y grows downwards), but nothing here
 * depends on it: a scale maps its domain [d0, d1] onto any range [r0, r1], reversed or
 * not.
 */
#ifndef DRSIM_PLOT_H
#define DRSIM_PLOT_H

#include <stddef.h>
#include <stdint.h>

/* ---- scales ----------------------------------------------------------------------- */

struct plot_scale {
    double d0, d1;          /* domain, data units (seconds, fractions); d0 != d1 */
    double r0, r1;          /* range, device units (points or pixels) */
    int is_log;             /* 1: log10 mapping, needs 0 < d0 < d1 */
};

/* A linear scale mapping d0 to r0 and d1 to r1. d0 must differ from d1. */
void plot_scale_linear(struct plot_scale *s, double d0, double d1, double r0, double r1);

/* A log10 scale mapping d0 to r0 and d1 to r1; requires 0 < d0 < d1. */
void plot_scale_log(struct plot_scale *s, double d0, double d1, double r0, double r1);

/* Map v to device units. Values outside the domain extrapolate; on a log scale v <= 0
 * maps to -INFINITY on the d0 side (use plot_scale_clamp to draw). */
double plot_scale_map(const struct plot_scale *s, double v);

/* Map v and clamp the result to the range: below the domain (or <= 0 on a log scale)
 * gives r0, above it (or INFINITY) gives r1. NaN gives r0. */
double plot_scale_clamp(const struct plot_scale *s, double v);

/* The data value at device position r (inverse of plot_scale_map). */
double plot_scale_invert(const struct plot_scale *s, double r);

/* ---- time axes -------------------------------------------------------------------- */

struct plot_time_axis {
    double lo_s, hi_s;      /* domain, seconds: 0 .. hi for linear axes */
    int is_log;             /* 1 when the range spans enough to need a log axis */
};

/* Choose a time axis for values from lo_s (the smallest positive value worth showing,
 * e.g. a low percentile of the positive values; 0 or less when there is none) to hi_s
 * (the largest finite value to show, targets included). When lo_s > 0 and hi_s/lo_s >=
 * log_ratio the axis is logarithmic and both ends are snapped outward to human times
 * (lo to the largest tick time <= lo_s, hi to the smallest >= hi_s), so that both ends
 * carry a label. Otherwise it is linear from 0 to a little above hi_s (hi_s <= 0 gives
 * 0 .. 1 minute). */
void plot_time_axis_choose(double lo_s, double hi_s, double log_ratio,
                           struct plot_time_axis *out);

/* ---- ticks -------------------------------------------------------------------------- */

#define PLOT_MAX_TICKS 48
#define PLOT_LABEL_MAX 24

/* Width of `text` in device units, as the caller's font would draw it. */
typedef double (*plot_measure_fn)(void *user, const char *text);

struct plot_ticks {
    int n;                             /* ticks, ascending by value */
    double v[PLOT_MAX_TICKS];          /* tick values, data units */
    double pos[PLOT_MAX_TICKS];        /* device positions (plot_scale_map of v) */
    char label[PLOT_MAX_TICKS][PLOT_LABEL_MAX]; /* label text, UTF-8 */
};

/* Label a duration the way a tick shows it: "0", "0.5s", "30s", "1m", "1h30m", "12h",
 * "1d", "1d12h", "2w". Exact for the tick times this module produces; other values
 * are rounded to the two largest units. Writes at most n bytes including the NUL;
 * returns buf. */
char *plot_format_time(double s, char *buf, size_t n);

/* Ticks for a time axis with scale s (seconds). Linear scales get evenly spaced ticks
 * at a human step (30s, 1m, 5m, 15m, 30m, 1h, 2h, 6h, 12h, 1d, 2d, 1w ...), the finest
 * whose labels stay at least min_gap apart. Log scales get human times from a fixed
 * ladder (0.1s .. 104w), chosen by importance (1m, 1h, 1d, 1w first, then 15m, 6h,
 * 12h, then 5m, 30m, 2h, 2d ...) without letting two labels come closer than min_gap;
 * the domain's ends are labelled first when they are ladder times. measure may be NULL
 * (then a label is assumed to be 7 units per byte). Returns the number of ticks. */
int plot_time_ticks(const struct plot_scale *s, plot_measure_fn measure, void *user,
                    double min_gap, struct plot_ticks *out);

/* Evenly spaced ticks at a "nice" step (1, 2 or 5 times a power of ten) over [lo, hi],
 * at most max_n + 1 of them, values only (labels empty, positions from s when s is
 * not NULL). For percentages and counts. Returns the number of ticks. */
int plot_nice_ticks(double lo, double hi, int max_n, const struct plot_scale *s,
                    struct plot_ticks *out);

/* ---- labels ------------------------------------------------------------------------- */

/* Fit text into max_w: copy it to out (n bytes) unchanged when it fits; otherwise cut it
 * at a character boundary and append an ellipsis ("…", U+2026), the longest such prefix
 * that fits (trailing spaces dropped before the ellipsis). Returns 0 when the text was
 * copied whole, 1 when it was truncated, -1 when not even the ellipsis fits (out is
 * then ""). Text longer than n - 1 bytes is treated as not fitting. A character
 * boundary is the start of the text or any byte that is not a UTF-8 continuation byte,
 * so text that is not valid UTF-8 (starting with stray continuation bytes, or ending in
 * a sequence cut short) is cut safely, never inside a sequence it holds whole. */
int plot_fit_label(const char *text, double max_w, plot_measure_fn measure, void *user,
                   char *out, size_t n);

/* Wrap text into lines no wider than max_w: returns the byte length of the first line
 * of `text` and sets *next to where the following line starts (spaces skipped; at the
 * terminating NUL when the text is used up). Lines break at spaces, at '\n' (always),
 * and inside a word only when the word alone is wider than max_w (at a character
 * boundary, at least one character per line). Call again with *next until it points
 * at the NUL. */
size_t plot_wrap_line(const char *text, double max_w, plot_measure_fn measure, void *user,
                      const char **next);

/* The widest of n labels (NULL entries skipped), to size a margin from the longest
 * label; 0 when there are none. */
double plot_max_label_width(const char *const *labels, int n, plot_measure_fn measure,
                            void *user);

/* Spread n labels along one axis so that none overlaps: center[i] is the wanted centre
 * of label i, size[i] its extent, and the labels must be sorted by wanted centre. On
 * return the centres are moved as little as a simple push-apart allows so that
 * consecutive labels are at least gap apart and all lie within [lo, hi] when they fit
 * (when they do not, they are packed from lo). */
void plot_spread_labels(double *center, const double *size, int n, double lo, double hi,
                        double gap);

/* ---- bars --------------------------------------------------------------------------- */

struct plot_band {
    double y;               /* top of the bar, device units */
    double h;               /* height of the bar */
    double mid;             /* centre line of the row, for its label */
};

/* Lay out n rows of bars from y0 downwards within [y0, y1]: each row gets a pitch of
 * min((y1 - y0) / n, max_pitch) and its bar fills the fraction `fill` (0..1) of it,
 * centred. Fills out[0..n-1]; returns the pitch (0 when n < 1). */
double plot_bands(int n, double y0, double y1, double max_pitch, double fill,
                  struct plot_band *out);

/* ---- cumulative distributions --------------------------------------------------------- */

/* The fraction of the n values in sorted (ascending, INFINITY last) that are <= v. */
double plot_fraction_at_most(const double *sorted, uint64_t n, double v);

/* Sample the empirical CDF of sorted[0..n-1] at n_cols device positions evenly spaced
 * over the scale's range (first at r0, last at r1): x[i] is the position, p[i] the
 * fraction of values <= the data value there. Values below the domain count from the
 * first column on (a log axis cannot show 0); infinite values are never counted, so
 * the curve ends below 1 when some are infinite. Returns n_cols (0 when n_cols < 2 or
 * n == 0). */
int plot_cdf_sample(const double *sorted, uint64_t n, const struct plot_scale *xs,
                    int n_cols, double *x, double *p);

#endif
