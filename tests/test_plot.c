/* tests/test_plot.c: chart layout as data to geometry (reports/plot.h): scales, human
 * time ticks, label fitting and wrapping, bar rows, label spreading and CDF sampling.
 *
 * Text is "measured" at a fixed 7 units per character (UTF-8 aware), so widths here are
 * exact and the tests need no font.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/plot.h"

#define MIN 60.0
#define HOUR 3600.0
#define DAY 86400.0
#define WEEK (7 * DAY)

/* 7 units per character, counting UTF-8 code points. */
static double measure7(void *user, const char *text)
{
    (void)user;
    double n = 0;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        if ((*c & 0xC0) != 0x80)
            n++;
    return 7.0 * n;
}

static int valid_utf8(const char *s)
{
    const unsigned char *c = (const unsigned char *)s;
    while (*c) {
        int n = *c < 0x80             ? 0
                : (*c & 0xE0) == 0xC0 ? 1
                : (*c & 0xF0) == 0xE0 ? 2
                : (*c & 0xF8) == 0xF0 ? 3
                                      : -1;
        if (n < 0)
            return 0;
        c++;
        for (int i = 0; i < n; i++, c++)
            if ((*c & 0xC0) != 0x80)
                return 0;
    }
    return 1;
}

/* Every label a time tick may carry on a log axis. */
static int is_human_label(const char *l)
{
    static const char *const ok[] = {"0.1s", "0.2s", "0.5s", "1s",  "2s",  "5s",  "10s", "15s",
                                     "30s",  "1m",   "2m",   "5m",  "10m", "15m", "30m", "1h",
                                     "2h",   "3h",   "6h",   "12h", "1d",  "2d",  "3d",  "1w",
                                     "2w",   "4w",   "8w",   "13w", "26w", "52w", "104w"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strcmp(l, ok[i]) == 0)
            return 1;
    return 0;
}

/* ---- scales ------------------------------------------------------------------------- */

Test(plot, linear_scale_maps_endpoints)
{
    struct plot_scale s;
    plot_scale_linear(&s, 0, 3 * HOUR, 100, 900);
    cr_assert_float_eq(plot_scale_map(&s, 0), 100, 1e-9);
    cr_assert_float_eq(plot_scale_map(&s, 3 * HOUR), 900, 1e-9);
    cr_assert_float_eq(plot_scale_map(&s, 1.5 * HOUR), 500, 1e-9);
    cr_assert_float_eq(plot_scale_invert(&s, 700), 2.25 * HOUR, 1e-6);
    /* A y axis: data up, device down. */
    plot_scale_linear(&s, 0, 1, 400, 50);
    cr_assert_float_eq(plot_scale_map(&s, 0), 400, 1e-9);
    cr_assert_float_eq(plot_scale_map(&s, 1), 50, 1e-9);
    cr_assert_float_eq(plot_scale_map(&s, 0.95), 400 - 0.95 * 350, 1e-9);
    cr_assert_float_eq(plot_scale_clamp(&s, 2), 50, 1e-9);
    cr_assert_float_eq(plot_scale_clamp(&s, -1), 400, 1e-9);
}

Test(plot, log_scale_maps_endpoints_and_decades)
{
    struct plot_scale s;
    plot_scale_log(&s, MIN, 100 * MIN, 0, 600);
    cr_assert_float_eq(plot_scale_map(&s, MIN), 0, 1e-9);
    cr_assert_float_eq(plot_scale_map(&s, 100 * MIN), 600, 1e-9);
    cr_assert_float_eq(plot_scale_map(&s, 10 * MIN), 300, 1e-9); /* one decade of two */
    cr_assert_float_eq(plot_scale_invert(&s, 450), pow(10, 1.5) * MIN, 1e-6);
    cr_assert(isinf(plot_scale_map(&s, 0)) && plot_scale_map(&s, 0) < 0);
    cr_assert_float_eq(plot_scale_clamp(&s, 0), 0, 1e-9);
    cr_assert_float_eq(plot_scale_clamp(&s, INFINITY), 600, 1e-9);
    cr_assert_float_eq(plot_scale_clamp(&s, NAN), 0, 1e-9);
}

/* ---- time axes and ticks ------------------------------------------------------------- */

Test(plot, time_axis_goes_log_when_the_range_is_wide)
{
    struct plot_time_axis ax;
    /* RPO from minutes to days: log, ends snapped out to human times. */
    plot_time_axis_choose(6.5 * MIN, 45 * HOUR, 30, &ax);
    cr_assert(ax.is_log);
    cr_assert_float_eq(ax.lo_s, 5 * MIN, 1e-9);
    cr_assert_float_eq(ax.hi_s, 2 * DAY, 1e-9);
    /* Exactly on a ladder time: kept. */
    plot_time_axis_choose(HOUR, DAY, 10, &ax);
    cr_assert(ax.is_log);
    cr_assert_float_eq(ax.lo_s, HOUR, 1e-9);
    cr_assert_float_eq(ax.hi_s, DAY, 1e-9);
    /* A narrow range: linear from 0, a little above the data. */
    plot_time_axis_choose(2 * HOUR, 4 * HOUR, 30, &ax);
    cr_assert(!ax.is_log);
    cr_assert_float_eq(ax.lo_s, 0, 1e-9);
    cr_assert(ax.hi_s >= 4 * HOUR && ax.hi_s < 4.5 * HOUR);
    /* Nothing positive (every value 0) and nothing at all. */
    plot_time_axis_choose(0, 6 * HOUR, 30, &ax);
    cr_assert(!ax.is_log);
    plot_time_axis_choose(0, 0, 30, &ax);
    cr_assert(!ax.is_log);
    cr_assert(ax.hi_s > 0);
}

Test(plot, format_time_labels)
{
    struct {
        double s;
        const char *want;
    } cases[] = {{0, "0"},
                 {0.5, "0.5s"},
                 {30, "30s"},
                 {90, "1m30s"},
                 {5 * MIN, "5m"},
                 {HOUR, "1h"},
                 {1.5 * HOUR, "1h30m"},
                 {12 * HOUR, "12h"},
                 {DAY, "1d"},
                 {1.5 * DAY, "1d12h"},
                 {2 * DAY, "2d"},
                 {WEEK, "1w"},
                 {4 * WEEK, "4w"},
                 {INFINITY, "\xe2\x88\x9e"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[PLOT_LABEL_MAX];
        plot_format_time(cases[i].s, buf, sizeof buf);
        cr_expect_str_eq(buf, cases[i].want, "%g s", cases[i].s);
    }
}

/* Ticks are ascending, inside the scale's range, and their labels do not overlap. */
static void check_ticks(const struct plot_scale *s, const struct plot_ticks *t, double gap)
{
    double lo = fmin(s->r0, s->r1) - 1e-6, hi = fmax(s->r0, s->r1) + 1e-6;
    for (int i = 0; i < t->n; i++) {
        cr_assert(t->pos[i] >= lo && t->pos[i] <= hi, "tick %s at %g outside", t->label[i],
                  t->pos[i]);
        cr_assert_float_eq(t->pos[i], plot_scale_map(s, t->v[i]), 1e-6);
        if (i > 0) {
            cr_assert(t->v[i] > t->v[i - 1]);
            double room = (measure7(NULL, t->label[i]) + measure7(NULL, t->label[i - 1])) / 2 + gap;
            cr_assert(fabs(t->pos[i] - t->pos[i - 1]) >= room - 1e-6, "labels %s and %s overlap",
                      t->label[i - 1], t->label[i]);
        }
    }
}

Test(plot, log_ticks_are_human_times_covering_the_range)
{
    struct plot_scale s;
    struct plot_ticks t;
    plot_scale_log(&s, 5 * MIN, 2 * DAY, 80, 880);
    int n = plot_time_ticks(&s, measure7, NULL, 10, &t);
    cr_assert_geq(n, 4);
    check_ticks(&s, &t, 10);
    for (int i = 0; i < n; i++)
        cr_assert(is_human_label(t.label[i]), "tick label %s", t.label[i]);
    /* Both ends are labelled, and the major times between them are there. */
    cr_assert_str_eq(t.label[0], "5m");
    cr_assert_str_eq(t.label[n - 1], "2d");
    int has_1h = 0, has_1d = 0;
    for (int i = 0; i < n; i++) {
        has_1h |= strcmp(t.label[i], "1h") == 0;
        has_1d |= strcmp(t.label[i], "1d") == 0;
    }
    cr_assert(has_1h && has_1d);
}

Test(plot, log_ticks_thin_out_on_a_narrow_axis)
{
    struct plot_scale s;
    struct plot_ticks wide, narrow;
    plot_scale_log(&s, 1, 104 * WEEK, 0, 2000);
    plot_time_ticks(&s, measure7, NULL, 8, &wide);
    plot_scale_log(&s, 1, 104 * WEEK, 0, 200);
    plot_time_ticks(&s, measure7, NULL, 8, &narrow);
    cr_assert_gt(wide.n, narrow.n);
    cr_assert_geq(narrow.n, 2);
    check_ticks(&s, &narrow, 8);
}

Test(plot, linear_ticks_use_a_human_step)
{
    static const double steps[] = {MIN,  2 * MIN,  5 * MIN,  10 * MIN, 15 * MIN,  30 * MIN,
                                   HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY};
    struct plot_scale s;
    struct plot_ticks t;
    double widths[] = {300, 600, 1200};
    for (int k = 0; k < 3; k++) {
        plot_scale_linear(&s, 0, 3.12 * HOUR, 0, widths[k]);
        int n = plot_time_ticks(&s, measure7, NULL, 12, &t);
        cr_assert_geq(n, 2);
        check_ticks(&s, &t, 12);
        cr_assert_float_eq(t.v[0], 0, 1e-9);
        cr_assert_str_eq(t.label[0], "0");
        double step = t.v[1] - t.v[0];
        int human = 0;
        for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
            human |= fabs(step - steps[i]) < 1e-6;
        cr_assert(human, "step %g s", step);
        /* Covers the range: the next tick would fall beyond the end. */
        cr_assert_gt(t.v[n - 1] + step, s.d1);
    }
    /* 30-minute steps read as 30m, 1h, 1h30m. */
    plot_scale_linear(&s, 0, 3 * HOUR, 0, 2000);
    plot_time_ticks(&s, measure7, NULL, 12, &t);
    int saw = 0;
    for (int i = 0; i < t.n; i++)
        saw |= strcmp(t.label[i], "1h30m") == 0;
    cr_assert(saw);
}

Test(plot, nice_ticks_for_percentages)
{
    struct plot_ticks t;
    struct plot_scale s;
    plot_scale_linear(&s, 0, 1, 500, 0);
    int n = plot_nice_ticks(0, 1, 5, &s, &t);
    cr_assert_eq(n, 6);
    for (int i = 0; i < n; i++) {
        cr_assert_float_eq(t.v[i], 0.2 * i, 1e-12);
        cr_assert_float_eq(t.pos[i], 500 - 100.0 * i, 1e-9);
    }
    /* 0 .. 13 % in at most 5 steps: a step of 5 %, so 0, 5 %, 10 %. */
    n = plot_nice_ticks(0, 0.13, 5, NULL, &t);
    cr_assert_eq(n, 3);
    cr_assert_float_eq(t.v[1] - t.v[0], 0.05, 1e-12);
}

/* ---- labels --------------------------------------------------------------------------- */

Test(plot, fit_label_keeps_what_fits)
{
    char out[64];
    cr_assert_eq(plot_fit_label("restore-db", 70, measure7, NULL, out, sizeof out), 0);
    cr_assert_str_eq(out, "restore-db");
}

Test(plot, fit_label_truncates_with_an_ellipsis)
{
    char out[64];
    const char *name = "restore-pgauditcare1-from-the-cross-region-vault";
    int rc = plot_fit_label(name, 100, measure7, NULL, out, sizeof out);
    cr_assert_eq(rc, 1);
    cr_assert_leq(measure7(NULL, out), 100);
    size_t n = strlen(out);
    cr_assert_geq(n, 3);
    cr_assert_str_eq(out + n - 3, "\xe2\x80\xa6");
    /* The longest prefix that fits: 13 characters + the ellipsis = 98 units. */
    cr_assert_eq(strncmp(out, name, n - 3), 0);
    cr_assert_eq(n - 3, 13);
}

Test(plot, fit_label_cuts_at_character_boundaries)
{
    char out[64];
    const char *name = "\xc3\xa9tude-\xc3\xbc\xc3\xb1\xc3\xaf\xc3\xa7\xc3\xb8"
                       "d\xc3\xa9-store"; /* étude-üñïçødé-store */
    for (double w = 7; w <= 140; w += 7) {
        int rc = plot_fit_label(name, w, measure7, NULL, out, sizeof out);
        cr_assert(rc >= 0);
        cr_assert(valid_utf8(out), "width %g: invalid UTF-8", w);
        cr_assert_leq(measure7(NULL, out), w);
    }
    /* Not even the ellipsis fits: empty. */
    cr_assert_eq(plot_fit_label(name, 3, measure7, NULL, out, sizeof out), -1);
    cr_assert_str_eq(out, "");
    /* A buffer too small for the whole text truncates too. */
    char small[8];
    cr_assert_eq(plot_fit_label("abcdefghij", 1000, measure7, NULL, small, sizeof small), 1);
    cr_assert_str_eq(small, "abcd\xe2\x80\xa6");
}

/* Fill the stack below the caller with 0xff so that a local the next call forgets to
 * set reads as a huge value instead of a lucky zero. */
static __attribute__((noinline)) void poison_stack(void)
{
    volatile unsigned char junk[32768];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = 0xff;
}

/* Regression (static analysis, issue 9): text starting in the middle of a UTF-8
 * sequence left the first character boundary unset, and plot_fit_label read it
 * uninitialised (a huge prefix length: a crash, or garbage copied out). The cut must
 * fall on a boundary, the start of the text always being one. */
Test(plot, fit_label_text_starting_with_a_continuation_byte)
{
    char out[8];
    const char *stray = "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80";
    poison_stack();
    cr_assert_eq(plot_fit_label(stray, 100, measure7, NULL, out, sizeof out), 1);
    cr_assert_str_eq(out, "\xe2\x80\xa6", "nothing but the ellipsis can be kept");

    /* Stray bytes, then text: the longest prefix that fits ends on a boundary. */
    const char *mixed = "\x80\x80"
                        "abcdefghijkl";
    poison_stack();
    cr_assert_eq(plot_fit_label(mixed, 100, measure7, NULL, out, sizeof out), 1);
    cr_assert_str_eq(out, "\x80\x80"
                          "ab\xe2\x80\xa6");
}

/* The other end: a multibyte sequence cut short at the end of the text is never split
 * further, nor kept in part with the ellipsis after it. */
Test(plot, fit_label_text_ending_in_a_truncated_sequence)
{
    char out[64];
    const char *cut = "abcdefghij\xe2\x80"; /* an en dash missing its last byte */
    cr_assert_eq(plot_fit_label(cut, 35, measure7, NULL, out, sizeof out), 1);
    cr_assert_str_eq(out, "abcd\xe2\x80\xa6");
    char small[8];
    poison_stack();
    cr_assert_eq(plot_fit_label("abc\xe2\x80", 21, measure7, NULL, small, sizeof small), 1);
    cr_assert_str_eq(small, "ab\xe2\x80\xa6");
}

/* Wrapping text that starts with stray continuation bytes makes progress and ends. */
Test(plot, wrap_text_starting_with_a_continuation_byte)
{
    const char *text = "\x80\x80\x80xyz uvw\xe2\x80", *p = text, *next;
    int lines = 0;
    while (*p && lines < 20) {
        size_t len = plot_wrap_line(p, 14, measure7, NULL, &next);
        cr_assert_gt(len, 0);
        cr_assert(next > p && next <= text + strlen(text));
        p = next;
        lines++;
    }
    cr_assert_eq(*p, '\0');
    cr_assert_lt(lines, 20);
}

Test(plot, wrap_lines_fit_and_keep_every_word)
{
    const char *text = "RPO met in 59.5% of outages (95% CI 59.2-59.8%); the required 95% is not "
                       "reached: at P95 the data loss is 1d21h against 1d.\nSecond paragraph.";
    const char *p = text, *next;
    char joined[512] = "";
    int lines = 0;
    while (*p) {
        size_t len = plot_wrap_line(p, 150, measure7, NULL, &next);
        char line[256];
        memcpy(line, p, len);
        line[len] = '\0';
        cr_assert_leq(measure7(NULL, line), 150, "line '%s' too wide", line);
        cr_assert(next > p);
        strcat(joined, line);
        strcat(joined, " ");
        p = next;
        lines++;
    }
    cr_assert_gt(lines, 3);
    /* Joining the lines with single spaces gives back the words. */
    char expect[512];
    snprintf(expect, sizeof expect, "%s ", text);
    for (char *c = expect; *c; c++)
        if (*c == '\n')
            *c = ' ';
    cr_assert_str_eq(joined, expect);
}

Test(plot, wrap_breaks_a_word_wider_than_the_line)
{
    const char *next;
    size_t len = plot_wrap_line("abcdefghijklmnop qr", 35, measure7, NULL, &next);
    cr_assert_eq(len, 5);
    cr_assert_str_eq(next, "fghijklmnop qr");
    /* Even narrower than one character: one character per line, never stuck. */
    len = plot_wrap_line("xyz", 2, measure7, NULL, &next);
    cr_assert_eq(len, 1);
    cr_assert_str_eq(next, "yz");
}

Test(plot, margin_from_the_longest_label)
{
    const char *labels[] = {"detect", NULL, "restore-pgauditcare1", "verify"};
    cr_assert_float_eq(plot_max_label_width(labels, 4, measure7, NULL), 140, 1e-9);
    cr_assert_float_eq(plot_max_label_width(labels, 0, measure7, NULL), 0, 1e-9);
}

Test(plot, spread_labels_removes_overlaps)
{
    double c[4] = {100, 102, 104, 390}, size[4] = {40, 40, 40, 40};
    plot_spread_labels(c, size, 4, 0, 400, 5);
    for (int i = 1; i < 4; i++)
        cr_assert_geq(c[i] - c[i - 1], 45 - 1e-9);
    cr_assert_geq(c[0] - 20, -1e-9);
    cr_assert_leq(c[3] + 20, 400 + 1e-9);
    cr_assert_float_eq(c[3], 380, 1e-9); /* pulled inside the right edge */
    /* Labels that do not overlap stay where they are. */
    double d[2] = {50, 200}, sz[2] = {20, 20};
    plot_spread_labels(d, sz, 2, 0, 400, 5);
    cr_assert_float_eq(d[0], 50, 1e-9);
    cr_assert_float_eq(d[1], 200, 1e-9);
}

/* ---- bars ------------------------------------------------------------------------------- */

Test(plot, bands_fill_rows_without_overlap)
{
    struct plot_band b[10];
    double pitch = plot_bands(10, 100, 400, 50, 0.6, b);
    cr_assert_float_eq(pitch, 30, 1e-9);
    for (int i = 0; i < 10; i++) {
        cr_assert_float_eq(b[i].h, 18, 1e-9);
        cr_assert_float_eq(b[i].mid, 100 + 30 * i + 15, 1e-9);
        cr_assert_float_eq(b[i].y + b[i].h / 2, b[i].mid, 1e-9);
        if (i > 0)
            cr_assert_geq(b[i].y, b[i - 1].y + b[i - 1].h);
    }
    cr_assert_leq(b[9].y + b[9].h, 400);
    /* Few rows: the pitch is capped so bars do not become slabs. */
    pitch = plot_bands(2, 0, 1000, 40, 0.5, b);
    cr_assert_float_eq(pitch, 40, 1e-9);
    cr_assert_float_eq(b[1].y, 40 + 10, 1e-9);
    cr_assert_float_eq(plot_bands(0, 0, 100, 10, 0.5, b), 0, 1e-9);
}

/* ---- CDF -------------------------------------------------------------------------------- */

Test(plot, cdf_counts_values_and_stops_below_one_with_infinities)
{
    double v[10] = {0, 0, 60, 120, 600, 3600, 7200, 86400, INFINITY, INFINITY};
    cr_assert_float_eq(plot_fraction_at_most(v, 10, 0), 0.2, 1e-12);
    cr_assert_float_eq(plot_fraction_at_most(v, 10, 120), 0.4, 1e-12);
    cr_assert_float_eq(plot_fraction_at_most(v, 10, 1e12), 0.8, 1e-12);
    cr_assert_float_eq(plot_fraction_at_most(v, 10, -1), 0.0, 1e-12);

    struct plot_scale s;
    plot_scale_log(&s, MIN, DAY, 0, 100);
    double x[101], p[101];
    int m = plot_cdf_sample(v, 10, &s, 101, x, p);
    cr_assert_eq(m, 101);
    cr_assert_float_eq(x[0], 0, 1e-9);
    cr_assert_float_eq(x[100], 100, 1e-9);
    cr_assert_float_eq(p[0], 0.3, 1e-12);   /* zeros and the value at 1m count at the left */
    cr_assert_float_eq(p[100], 0.8, 1e-12); /* infinite values never count */
    for (int i = 1; i < m; i++)
        cr_assert_geq(p[i], p[i - 1]);
    cr_assert_eq(plot_cdf_sample(v, 10, &s, 1, x, p), 0);
    cr_assert_eq(plot_cdf_sample(v, 0, &s, 10, x, p), 0);
}
