/* reports/draw.c: the charts and the review pack, drawn with cairo (see draw.h).
 *
 * Each chart is one function that draws into a box of a cairo context at a base font
 * size; files (PNG, SVG, PDF), the in-memory PNG and the pack's pages all call the same
 * functions. Layout decisions (scales, ticks, fitting labels, rows of bars, the CDF
 * samples) come from reports/plot.h, which is tested without cairo; this file turns
 * them into paths and text. cairo errors are sticky, so drawing code does not check
 * each call: the writer checks the context and surface status once at the end.
 */
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "models/dist.h"
#include "models/sched.h"
#include "models/units.h"
#include "reports/draw.h"
#include "reports/plot.h"
#include "sim/trial.h"

#define FONT "DejaVu Sans"
#define PAGE_W 960.0 /* review pack page, points (16:9) */
#define PAGE_H 540.0
#define EN_DASH "\xe2\x80\x93"
#define MIDDOT " \xc2\xb7 "
#define INFTY "\xe2\x88\x9e"
#define TIMES "\xc3\x97"

/* ---- colours ------------------------------------------------------------------------ */

struct rgb {
    double r, g, b; /* 0..1 */
};
#define HEX(h)                                                                                     \
    {                                                                                              \
        (double)(((h) >> 16) & 0xff) / 255.0, (double)(((h) >> 8) & 0xff) / 255.0,                 \
            (double)((h)&0xff) / 255.0                                                             \
    }

/* Okabe-Ito: distinguishable with the common colour-vision deficiencies. */
static const struct rgb C_MEETS = HEX(0x009E73);  /* bluish green */
static const struct rgb C_RISK = HEX(0xE69F00);   /* orange */
static const struct rgb C_BREACH = HEX(0xD55E00); /* vermillion: breach, targets, data lost */
static const struct rgb C_NA = HEX(0xBBBBBB);
static const struct rgb C_INK = HEX(0x222222);
static const struct rgb C_MUTED = HEX(0x666666);
static const struct rgb C_GRID = HEX(0xE2E2E2);
static const struct rgb C_BAND = HEX(0xF6F6F6);
static const struct rgb C_RESTORATION = HEX(0xE4EEF7);
static const struct rgb C_CURVE = HEX(0x0072B2); /* blue */
static const struct rgb C_P95 = HEX(0x56B4E9);   /* sky blue */
static const struct rgb C_MAX = HEX(0xC6DDEE);
static const struct rgb C_AUTO = HEX(0xA8A8A8); /* steps without people */
static const struct rgb C_WHITE = HEX(0xFFFFFF);
static const struct rgb role_palette[] = {
    HEX(0x0072B2), HEX(0xE69F00), HEX(0xCC79A7), HEX(0x56B4E9),
    HEX(0xF0E442), HEX(0x009E73), HEX(0x8C6D31), HEX(0x7F7F7F),
};
#define N_ROLE_COLOURS ((int)(sizeof role_palette / sizeof role_palette[0]))

static struct rgb verdict_colour(enum mc_verdict v)
{
    switch (v) {
    case MC_VERDICT_MEETS:
        return C_MEETS;
    case MC_VERDICT_AT_RISK:
        return C_RISK;
    case MC_VERDICT_BREACH:
        return C_BREACH;
    default:
        return C_NA;
    }
}

static struct rgb darker(struct rgb c, double f)
{
    struct rgb d = {c.r * f, c.g * f, c.b * f};
    return d;
}

static void set_col(cairo_t *cr, struct rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static void set_cola(cairo_t *cr, struct rgb c, double a)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, a);
}

/* ---- text --------------------------------------------------------------------------- */

enum { F_NORMAL = 0, F_BOLD = 1, F_ITALIC = 2 };

static void font(cairo_t *cr, double size, int style)
{
    cairo_select_font_face(cr, FONT,
                           (style & F_ITALIC) ? CAIRO_FONT_SLANT_OBLIQUE : CAIRO_FONT_SLANT_NORMAL,
                           (style & F_BOLD) ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

static double text_w(cairo_t *cr, const char *s)
{
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    return e.x_advance;
}

/* plot_measure_fn over the context's current font. */
static double measure(void *user, const char *s)
{
    return text_w(user, s);
}

/* Height of a line box of the current font. */
static double line_box(cairo_t *cr)
{
    cairo_font_extents_t fe;
    cairo_font_extents(cr, &fe);
    return fe.ascent + fe.descent;
}

/* Show s anchored at (x, y): ax 0 = left, 0.5 = centre, 1 = right edge; ay 0 = top,
 * 0.5 = middle, 1 = bottom of the line box. Returns the width. */
static double text_at(cairo_t *cr, double x, double y, double ax, double ay, const char *s)
{
    cairo_font_extents_t fe;
    cairo_font_extents(cr, &fe);
    double w = text_w(cr, s);
    cairo_move_to(cr, x - ax * w, y - ay * (fe.ascent + fe.descent) + fe.ascent);
    cairo_show_text(cr, s);
    return w;
}

/* As text_at, truncated with an ellipsis to max_w. Returns the width drawn. */
static double fit_at(cairo_t *cr, double x, double y, double ax, double ay, double max_w,
                     const char *s)
{
    char buf[512];
    if (plot_fit_label(s, max_w, measure, cr, buf, sizeof buf) < 0)
        return 0;
    return text_at(cr, x, y, ax, ay, buf);
}

/* Text on a white box, for labels over lines and curves. */
static void text_boxed(cairo_t *cr, double x, double y, double ax, double ay, const char *s,
                       struct rgb colour)
{
    double w = text_w(cr, s), h = line_box(cr), pad = h * 0.15;
    cairo_rectangle(cr, x - ax * w - pad, y - ay * h, w + 2 * pad, h);
    set_cola(cr, C_WHITE, 0.85);
    cairo_fill(cr);
    set_col(cr, colour);
    text_at(cr, x, y, ax, ay, s);
}

/* Wrap s into lines of width w starting at top y with line height lh, stopping before
 * y_max (the last line that fits is ellipsized when text remains). Draws only when
 * `draw`; returns the y below the last line. */
static double para(cairo_t *cr, double x, double y, double w, double lh, double y_max,
                   const char *s, int draw)
{
    const char *p = s;
    while (*p) {
        const char *next;
        size_t len = plot_wrap_line(p, w, measure, cr, &next);
        char buf[1024];
        if (len > sizeof buf - 1)
            len = sizeof buf - 1;
        memcpy(buf, p, len);
        buf[len] = '\0';
        if (y + 2 * lh > y_max && *next) {
            /* Last line with room: the rest of the text, ellipsized. */
            if (draw) {
                snprintf(buf, sizeof buf, "%s", p);
                for (char *c = buf; *c; c++)
                    if (*c == '\n')
                        *c = ' ';
                fit_at(cr, x, y, 0, 0, w, buf);
            }
            return y + lh;
        }
        if (draw)
            text_at(cr, x, y, 0, 0, buf);
        y += lh;
        p = next;
    }
    return y;
}

/* A rounded chip with the verdict's colour and its name (or `label`), vertically
 * centred on y. Returns its width. */
static double chip(cairo_t *cr, double x, double y, double size, enum mc_verdict v,
                   const char *label)
{
    font(cr, size, F_BOLD);
    const char *s = label ? label : mc_verdict_name(v);
    double w = text_w(cr, s) + size * 1.0, h = size * 1.5, r = h * 0.3;
    cairo_new_sub_path(cr);
    cairo_arc(cr, x + w - r, y - h / 2 + r, r, -M_PI / 2, 0);
    cairo_arc(cr, x + w - r, y + h / 2 - r, r, 0, M_PI / 2);
    cairo_arc(cr, x + r, y + h / 2 - r, r, M_PI / 2, M_PI);
    cairo_arc(cr, x + r, y - h / 2 + r, r, M_PI, 3 * M_PI / 2);
    cairo_close_path(cr);
    set_col(cr, verdict_colour(v));
    cairo_fill(cr);
    set_col(cr, C_INK);
    text_at(cr, x + w / 2, y, 0.5, 0.5, s);
    return w;
}

static void swatch(cairo_t *cr, double x, double y, double s, struct rgb c)
{
    cairo_rectangle(cr, x, y - s / 2, s, s);
    set_col(cr, c);
    cairo_fill_preserve(cr);
    set_col(cr, darker(c, 0.7));
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
}

static void hatch_rect(cairo_t *cr, double x, double y, double w, double h, struct rgb c)
{
    if (!(w > 0) || !(h > 0))
        return;
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    set_cola(cr, c, 0.16);
    cairo_fill_preserve(cr);
    cairo_clip(cr);
    set_col(cr, darker(c, 0.75));
    cairo_set_line_width(cr, fmax(0.8, h * 0.07));
    double step = fmax(3.0, h * 0.35);
    for (double d = -h; d < w; d += step) {
        cairo_move_to(cr, x + d, y + h);
        cairo_line_to(cr, x + d + h, y);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
    cairo_rectangle(cr, x, y, w, h);
    set_col(cr, darker(c, 0.75));
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
}

static void vline(cairo_t *cr, double x, double y0, double y1, struct rgb c, double lw, double dash)
{
    cairo_save(cr);
    set_col(cr, c);
    cairo_set_line_width(cr, lw);
    if (dash > 0) {
        double d[2] = {dash, dash * 0.7};
        cairo_set_dash(cr, d, 2, 0);
    }
    cairo_move_to(cr, x, y0);
    cairo_line_to(cr, x, y1);
    cairo_stroke(cr);
    cairo_restore(cr);
}

static void hline(cairo_t *cr, double x0, double x1, double y, struct rgb c, double lw, double dash)
{
    cairo_save(cr);
    set_col(cr, c);
    cairo_set_line_width(cr, lw);
    if (dash > 0) {
        double d[2] = {dash, dash * 0.7};
        cairo_set_dash(cr, d, 2, 0);
    }
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* ---- formatting --------------------------------------------------------------------- */

static char *dur(double s, char *buf, size_t n)
{
    if (isnan(s))
        snprintf(buf, n, "-");
    else
        units_format_duration(s, buf, n);
    return buf;
}

/* "P95" for confidence 0.95, "P99.5" for 0.995. */
static char *pct_label(double confidence, char *buf, size_t n)
{
    snprintf(buf, n, "P%.4g", 100.0 * confidence);
    return buf;
}

static char *fmt_rate(double bytes_per_s, char *buf, size_t n)
{
    char s[48];
    units_format_size(bytes_per_s, s, sizeof s);
    snprintf(buf, n, "%s/s", s);
    return buf;
}

static double share(uint64_t k, uint64_t n)
{
    return n ? (double)k / (double)n : 0.0;
}

/* A share for a bar label: "73%", "0.4%" below one percent. */
static char *share_text(double f, char *buf, size_t n)
{
    snprintf(buf, n, f > 0 && f < 0.0095 ? "%.1f%%" : "%.0f%%", 100.0 * f);
    return buf;
}

/* "Tue 2026-03-10 14:05 UTC" for seconds since the plan's epoch. */
static void abs_time(const struct plan *p, double t_abs_s, char *buf, size_t n)
{
    static const char *const dow[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    if (!isfinite(t_abs_s)) {
        snprintf(buf, n, "never");
        return;
    }
    double day_f = floor(t_abs_s / 86400.0);
    long day = (long)day_f;
    int secs = (int)(t_abs_s - day_f * 86400.0);
    char date[16];
    units_format_date(p->calendar.epoch_days + day, date, sizeof date);
    snprintf(buf, n, "%s %s %02d:%02d UTC", dow[((day % 7) + 7) % 7], date, secs / 3600,
             (secs / 60) % 60);
}

static struct rgb role_colour(int role)
{
    return role < 0 ? C_AUTO : role_palette[role % N_ROLE_COLOURS];
}

static struct rgb step_colour(const struct step *st)
{
    return role_colour(st->n_needs > 0 ? st->needs[0] : -1);
}

/* ---- chart context ------------------------------------------------------------------ */

struct box {
    double x, y, w, h; /* device units */
};

struct chart {
    const struct mc_results *r;
    const struct plan *p;
    const struct mc_scenario_result *sr;
    const struct scenario *sc;
    const struct trial_result *tr; /* the replayed median-RTO trial; NULL if not replayed */
    double fs;                     /* base font size, device units */
    double row_max;                /* largest row pitch of bar charts, in units of fs */
};

/* Title (bold) and an optional subtitle at the top of box b; returns the y below. */
static double chart_title(cairo_t *cr, const struct chart *ch, const struct box *b,
                          const char *title, const char *subtitle)
{
    double y = b->y + ch->fs * 0.3;
    font(cr, ch->fs * 1.15, F_BOLD);
    set_col(cr, C_INK);
    fit_at(cr, b->x, y, 0, 0, b->w, title);
    y += line_box(cr) * 1.05;
    if (subtitle && *subtitle) {
        font(cr, ch->fs * 0.9, F_NORMAL);
        set_col(cr, C_MUTED);
        double lh = line_box(cr) * 1.05;
        y = para(cr, b->x, y, b->w, lh, y + 2 * lh, subtitle, 1) + lh * 0.05;
    }
    return y;
}

/* The time axis under plot area a: grid lines, ticks, labels and the axis title. */
static void time_axis(cairo_t *cr, double fs, const struct box *a, const struct plot_scale *xs,
                      const char *title, double title_max_w)
{
    struct plot_ticks t;
    font(cr, fs * 0.85, F_NORMAL);
    plot_time_ticks(xs, measure, cr, fs * 1.4, &t);
    cairo_set_line_width(cr, 1);
    for (int i = 0; i < t.n; i++) {
        double x = round(t.pos[i]) + 0.5;
        set_col(cr, C_GRID);
        cairo_move_to(cr, x, a->y);
        cairo_line_to(cr, x, a->y + a->h);
        cairo_stroke(cr);
        set_col(cr, C_INK);
        cairo_move_to(cr, x, a->y + a->h);
        cairo_line_to(cr, x, a->y + a->h + fs * 0.3);
        cairo_stroke(cr);
        text_at(cr, t.pos[i], a->y + a->h + fs * 0.4, 0.5, 0, t.label[i]);
    }
    hline(cr, a->x, a->x + a->w, round(a->y + a->h) + 0.5, C_INK, 1, 0);
    if (title) {
        font(cr, fs * 0.9, F_NORMAL);
        set_col(cr, C_MUTED);
        fit_at(cr, a->x + a->w / 2, a->y + a->h + fs * 1.65, 0.5, 0, title_max_w, title);
    }
}

/* Percent axis on the left of plot area a for values 0..hi (fractions); the rotated
 * title is centred at x = title_x. */
static void percent_axis(cairo_t *cr, double fs, const struct box *a, const struct plot_scale *ys,
                         double hi, const char *title, double title_x)
{
    struct plot_ticks t;
    int max_n = (int)(a->h / (fs * 2.0));
    plot_nice_ticks(0, hi, max_n < 2 ? 2 : max_n, ys, &t);
    double step = t.n > 1 ? t.v[1] - t.v[0] : 1;
    font(cr, fs * 0.85, F_NORMAL);
    cairo_set_line_width(cr, 1);
    for (int i = 0; i < t.n; i++) {
        double y = round(t.pos[i]) + 0.5;
        set_col(cr, C_GRID);
        cairo_move_to(cr, a->x, y);
        cairo_line_to(cr, a->x + a->w, y);
        cairo_stroke(cr);
        char lab[16];
        snprintf(lab, sizeof lab, step < 0.0099 ? "%.1f%%" : "%.0f%%", 100.0 * t.v[i]);
        set_col(cr, C_INK);
        text_at(cr, a->x - fs * 0.4, t.pos[i], 1, 0.5, lab);
    }
    vline(cr, round(a->x) + 0.5, a->y, a->y + a->h, C_INK, 1, 0);
    if (title) {
        font(cr, fs * 0.9, F_NORMAL);
        set_col(cr, C_MUTED);
        cairo_save(cr);
        cairo_translate(cr, title_x, a->y + a->h / 2);
        cairo_rotate(cr, -M_PI / 2);
        fit_at(cr, 0, 0, 0.5, 0.5, a->h, title);
        cairo_restore(cr);
    }
}

/* Scale for a time axis chosen from the data (see plot_time_axis_choose). */
static void time_scale(struct plot_scale *xs, double lo, double hi, double log_ratio, double r0,
                       double r1, int *is_log)
{
    struct plot_time_axis ax;
    plot_time_axis_choose(lo, hi, log_ratio, &ax);
    if (ax.is_log)
        plot_scale_log(xs, ax.lo_s, ax.hi_s, r0, r1);
    else
        plot_scale_linear(xs, ax.lo_s, ax.hi_s, r0, r1);
    *is_log = ax.is_log;
}

/* ---- CDF ---------------------------------------------------------------------------- */

#define MAX_COLS 2048

/* One objective's summary: "target 3h · met in 65.3% of outages (95% CI 64.6–66.0%)". */
static void objective_line(const struct mc_objective *ob, char *buf, size_t n)
{
    char t[32];
    if (!ob->has_target) {
        snprintf(buf, n, "no target in the policy");
        return;
    }
    snprintf(buf, n, "target %s" MIDDOT "met in %.1f%% of outages (95%% CI %.1f" EN_DASH "%.1f%%)",
             dur(ob->target_s, t, sizeof t), 100.0 * ob->p_met, 100.0 * ob->ci_lo,
             100.0 * ob->ci_hi);
}

static void chart_cdf(cairo_t *cr, const struct chart *ch, const struct box *b, int rpo)
{
    const struct mc_scenario_result *sr = ch->sr;
    const double *v = rpo ? sr->rpo_sorted_s : sr->rto_sorted_s;
    const struct mc_percentiles *pc = rpo ? &sr->rpo : &sr->rto;
    const struct mc_objective *ob = rpo ? &sr->rpo_obj : &sr->rto_obj;
    const uint64_t n = sr->n_trials, n_inf = pc->n_infinite, n_fin = n - n_inf;
    const double fs = ch->fs, conf = ch->p->confidence;
    char title[256], sub[256], b1[32], b2[32], lab[128];

    snprintf(title, sizeof title, "%s: %s, %s outages", rpo ? "RPO" : "RTO",
             rpo ? "data loss" : "downtime", ch->sc->name);
    objective_line(ob, sub, sizeof sub);
    double y = chart_title(cr, ch, b, title, NULL);
    /* Subtitle with the verdict chip at its end. */
    font(cr, fs * 0.9, F_NORMAL);
    double chip_w = 0;
    if (ob->has_target) {
        font(cr, fs * 0.85, F_BOLD);
        chip_w = text_w(cr, mc_verdict_name(ob->verdict)) + fs * 1.6;
        font(cr, fs * 0.9, F_NORMAL);
    }
    set_col(cr, C_MUTED);
    double sw = fit_at(cr, b->x, y, 0, 0, b->w - chip_w, sub);
    if (ob->has_target)
        chip(cr, b->x + sw + fs * 0.6, y + line_box(cr) / 2, fs * 0.85, ob->verdict, NULL);
    y += line_box(cr) * 1.1 + fs * 1.5; /* room for the target label above the plot */

    /* Data range: from a low percentile of the positive values to the largest finite
     * value, the target and the achieved percentile. */
    uint64_t n_zero = (uint64_t)llround(plot_fraction_at_most(v, n, 0) * (double)n);
    double lo = 0, hi = 0;
    if (n_fin > n_zero) {
        lo = v[n_zero + (n_fin - n_zero) / 100];
        hi = v[n_fin - 1];
    }
    double vac = ob->has_target ? ob->value_at_confidence_s : NAN;
    if (ob->has_target) {
        hi = fmax(hi, ob->target_s);
        if (lo > 0 && ob->target_s > 0)
            lo = fmin(lo, ob->target_s);
    }
    if (isfinite(vac) && vac > 0) {
        hi = fmax(hi, vac);
        if (lo > 0)
            lo = fmin(lo, vac);
    }

    font(cr, fs * 0.85, F_NORMAL);
    double left = text_w(cr, "100%") + fs * 2.4;
    struct box a = {b->x + left, y, b->w - left - fs * 1.2, b->y + b->h - y - fs * 3.2};
    if (a.w < fs * 4 || a.h < fs * 3)
        return;
    int is_log;
    struct plot_scale xs, ys;
    time_scale(&xs, lo, hi, 30.0, a.x, a.x + a.w, &is_log);
    plot_scale_linear(&ys, 0, 1, a.y + a.h, a.y);

    char xtitle[160];
    snprintf(xtitle, sizeof xtitle, "%s%s",
             rpo ? "data lost: age of the newest usable recovery point"
             : ch->p->rto_clock == RTO_FROM_DECLARATION
                 ? "downtime: declaration to service restored"
                 : "downtime: outage start to service restored",
             is_log ? " (log scale)" : "");
    snprintf(lab, sizeof lab,
             "share of outages with %s "
             "\xe2\x89\xa4"
             " x",
             rpo ? "RPO" : "RTO");
    percent_axis(cr, fs, &a, &ys, 1.0, lab, b->x + fs * 0.7);
    time_axis(cr, fs, &a, &xs, xtitle, a.w);

    /* The curve, sampled once per device column. */
    double px[MAX_COLS], pp[MAX_COLS];
    int cols = (int)fmin(MAX_COLS, fmax(2, a.w));
    int m = plot_cdf_sample(v, n, &xs, cols, px, pp);
    if (m > 0) {
        cairo_save(cr);
        cairo_rectangle(cr, a.x - 2, a.y - 2, a.w + 4, a.h + 4);
        cairo_clip(cr);
        set_col(cr, C_CURVE);
        cairo_set_line_width(cr, fmax(1.5, fs * 0.16));
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_move_to(cr, px[0], plot_scale_map(&ys, pp[0]));
        for (int i = 1; i < m; i++) {
            if (pp[i] != pp[i - 1])
                cairo_line_to(cr, px[i], plot_scale_map(&ys, pp[i - 1]));
            cairo_line_to(cr, px[i], plot_scale_map(&ys, pp[i]));
        }
        cairo_stroke(cr);
        cairo_restore(cr);
    }
    font(cr, fs * 0.85, F_NORMAL);
    /* Zero values: a log axis cannot show them, so say how many there are. */
    if (n_zero > 0 && rpo) {
        snprintf(lab, sizeof lab, "no data lost in %.1f%% of outages", 100.0 * share(n_zero, n));
        double fz = share(n_zero, n), yz = plot_scale_map(&ys, fz);
        if (fz < 0.8)
            text_boxed(cr, a.x + fs * 0.4, yz + fs * 0.3, 0, 0, lab, C_CURVE);
        else /* near the top: below the confidence line, clear of the marker's label */
            text_boxed(cr, a.x + a.w / 2, plot_scale_map(&ys, fmin(fz, conf)) + fs * 2.2, 0.5, 0,
                       lab, C_CURVE);
    }
    /* Infinite values: the curve stops below 100 %. */
    if (n_inf > 0) {
        double top = plot_scale_map(&ys, 1.0), plateau = plot_scale_map(&ys, share(n_fin, n));
        vline(cr, a.x + a.w - 1.5, top, plateau, C_BREACH, fmax(1.5, fs * 0.16), fs * 0.35);
        snprintf(lab, sizeof lab, "%.1f%% no usable point", 100.0 * share(n_inf, n));
        font(cr, fs * 0.85, F_BOLD);
        double yl = plateau - top > line_box(cr) * 1.3 ? (top + plateau) / 2 : plateau + fs * 0.2;
        text_boxed(cr, a.x + a.w - fs * 0.5, yl, 1, plateau - top > line_box(cr) * 1.3 ? 0.5 : 0,
                   lab, C_BREACH);
    }
    /* Required confidence. */
    double yc = plot_scale_map(&ys, conf);
    hline(cr, a.x, a.x + a.w, yc, C_MUTED, 1, fs * 0.3);
    font(cr, fs * 0.8, F_NORMAL);
    snprintf(lab, sizeof lab, "required %.4g%%", 100.0 * conf);
    text_boxed(cr, a.x + fs * 0.4, yc - fs * 0.15, 0, 1, lab, C_MUTED);
    /* Target. */
    if (ob->has_target) {
        double xt = plot_scale_clamp(&xs, ob->target_s);
        vline(cr, xt, a.y, a.y + a.h, C_BREACH, fmax(1.2, fs * 0.11), fs * 0.45);
        font(cr, fs * 0.85, F_BOLD);
        snprintf(lab, sizeof lab, "target %s", dur(ob->target_s, b1, sizeof b1));
        double w = text_w(cr, lab);
        double xl = fmin(fmax(xt, a.x + w / 2), b->x + b->w - w / 2);
        set_col(cr, C_BREACH);
        text_at(cr, xl, a.y - fs * 0.25, 0.5, 1, lab);
    }
    /* Achieved value at the required confidence. */
    if (ob->has_target) {
        char pl[16];
        pct_label(conf, pl, sizeof pl);
        struct rgb vc = darker(verdict_colour(ob->verdict), 0.85);
        font(cr, fs * 0.9, F_BOLD);
        if (isfinite(vac)) {
            double xv = plot_scale_clamp(&xs, vac);
            vline(cr, xv, yc, a.y + a.h, vc, 1.2, fs * 0.2);
            cairo_arc(cr, xv, yc, fs * 0.33, 0, 2 * M_PI);
            set_col(cr, vc);
            cairo_fill(cr);
            snprintf(lab, sizeof lab, "%s = %s", pl, dur(vac, b2, sizeof b2));
            double w = text_w(cr, lab);
            int right = xv + fs * 0.6 + w <= a.x + a.w;
            text_boxed(cr, right ? xv + fs * 0.6 : xv - fs * 0.6, yc + fs * 0.35, right ? 0 : 1, 0,
                       lab, vc);
        } else {
            double xv = a.x + a.w;
            cairo_arc(cr, xv, yc, fs * 0.33, 0, 2 * M_PI);
            set_col(cr, vc);
            cairo_fill(cr);
            snprintf(lab, sizeof lab, "%s: no usable point", pl);
            text_boxed(cr, xv - fs * 0.6, yc + fs * 0.35, 1, 0, lab, vc);
        }
    }
}

/* ---- histogram ------------------------------------------------------------------------ */

static void chart_hist(cairo_t *cr, const struct chart *ch, const struct box *b, int rpo)
{
    const struct mc_scenario_result *sr = ch->sr;
    const struct mc_hist *h = rpo ? &sr->rpo_hist : &sr->rto_hist;
    const struct mc_percentiles *pc = rpo ? &sr->rpo : &sr->rto;
    const struct mc_objective *ob = rpo ? &sr->rpo_obj : &sr->rto_obj;
    const double fs = ch->fs, n = (double)sr->n_trials;
    const int last = MC_HIST_BINS - 1;
    char title[256], lab[96], b1[32];

    snprintf(title, sizeof title, "%s distribution, %s outages",
             rpo ? "RPO (data loss)" : "RTO (downtime)", ch->sc->name);
    double y = chart_title(cr, ch, b, title, "share of outages per bin (20 bins per decade)");
    y += fs * 1.1;

    int first = -1, end = -1;
    double peak = 0;
    for (int i = 1; i < last; i++)
        if (h->counts[i] > 0) {
            if (first < 0)
                first = i;
            end = i;
        }
    for (int i = 0; i <= last; i++)
        peak = fmax(peak, (double)h->counts[i] / n);
    int has_zero = h->counts[0] > 0, has_top = h->counts[last] > 0;

    font(cr, fs * 0.85, F_NORMAL);
    double left = text_w(cr, "100%") + fs * 2.4;
    double slot = fs * 3.2; /* width of the separate "< 1s" and "none" bars */
    struct box a = {b->x + left + (has_zero ? slot : 0), y,
                    b->w - left - fs * 1.2 - (has_zero ? slot : 0) - (has_top ? slot : 0),
                    b->y + b->h - y - fs * 3.2};
    if (a.w < fs * 4 || a.h < fs * 3)
        return;
    double lo = first >= 0 ? mc_hist_lower_s(first) : 60,
           hi = first >= 0 ? mc_hist_upper_s(end) : 3600;
    if (ob->has_target && ob->target_s > 0) {
        lo = fmin(lo, ob->target_s);
        hi = fmax(hi, ob->target_s);
    }
    int is_log;
    struct plot_scale xs, ys;
    time_scale(&xs, lo, hi, 1.0, a.x, a.x + a.w, &is_log);
    double ymax = peak > 0 ? peak * 1.12 : 1.0;
    plot_scale_linear(&ys, 0, ymax, a.y + a.h, a.y);
    struct box full = {b->x + left, a.y, b->w - left - fs * 1.2, a.h};
    percent_axis(cr, fs, &full, &ys, ymax, "share of outages", b->x + fs * 0.7);
    time_axis(cr, fs, &a, &xs, rpo ? "data lost (log scale)" : "downtime (log scale)", full.w);

    for (int i = 1; i < last; i++) {
        if (h->counts[i] == 0)
            continue;
        double x0 = plot_scale_clamp(&xs, mc_hist_lower_s(i));
        double x1 = plot_scale_clamp(&xs, mc_hist_upper_s(i));
        double yt = plot_scale_map(&ys, (double)h->counts[i] / n);
        cairo_rectangle(cr, x0, yt, fmax(x1 - x0 - 0.5, 0.8), a.y + a.h - yt);
        set_col(cr, C_CURVE);
        cairo_fill(cr);
    }
    font(cr, fs * 0.85, F_NORMAL);
    if (has_zero) {
        double f = (double)h->counts[0] / n, yt = plot_scale_map(&ys, f);
        double x0 = b->x + left + slot * 0.2;
        cairo_rectangle(cr, x0, yt, slot * 0.6, a.y + a.h - yt);
        set_col(cr, C_P95);
        cairo_fill(cr);
        set_col(cr, C_INK);
        text_at(cr, x0 + slot * 0.3, a.y + a.h + fs * 0.4, 0.5, 0, rpo ? "0" : "< 1s");
        snprintf(lab, sizeof lab, "%.1f%%", 100 * f);
        text_at(cr, x0 + slot * 0.3, yt - fs * 0.2, 0.5, 1, lab);
    }
    if (has_top) {
        uint64_t n_inf = pc->n_infinite;
        double f = (double)h->counts[last] / n, yt = plot_scale_map(&ys, f);
        double x0 = a.x + a.w + slot * 0.2;
        cairo_rectangle(cr, x0, yt, slot * 0.6, a.y + a.h - yt);
        set_col(cr, n_inf > 0 ? C_BREACH : C_CURVE);
        cairo_fill(cr);
        set_col(cr, n_inf > 0 ? C_BREACH : C_INK);
        text_at(cr, x0 + slot * 0.3, a.y + a.h + fs * 0.4, 0.5, 0,
                n_inf == h->counts[last] ? (rpo ? "none" : INFTY)
                                         : "\xe2\x89\xa5"
                                           "16w");
        snprintf(lab, sizeof lab, "%.1f%%", 100 * f);
        text_at(cr, x0 + slot * 0.3, yt - fs * 0.2, 0.5, 1, lab);
    }
    if (ob->has_target) {
        double xt = plot_scale_clamp(&xs, ob->target_s);
        vline(cr, xt, a.y, a.y + a.h, C_BREACH, fmax(1.2, fs * 0.11), fs * 0.45);
        font(cr, fs * 0.85, F_BOLD);
        snprintf(lab, sizeof lab, "target %s", dur(ob->target_s, b1, sizeof b1));
        double w = text_w(cr, lab);
        set_col(cr, C_BREACH);
        text_at(cr, fmin(fmax(xt, a.x + w / 2), b->x + b->w - w / 2), a.y - fs * 0.25, 0.5, 1, lab);
    }
}

/* ---- recovery timeline (Gantt) ------------------------------------------------------------ */

struct vmark {
    double x; /* device position */
    const char *text;
    struct rgb colour;
    double dash; /* 0 = solid */
};

/* Legend entries laid out left to right, wrapping; draws when `draw`, returns height. */
struct legend_item {
    const char *text;
    struct rgb colour;
    int kind; /* 0 swatch, 1 hatched, 2 outline, 3 line, 4 tint */
};

static double legend(cairo_t *cr, double fs, double x, double y, double w,
                     const struct legend_item *it, int n, int draw)
{
    font(cr, fs * 0.8, F_NORMAL);
    double lh = fs * 1.35, s = fs * 0.75, cx = x, cy = y;
    for (int i = 0; i < n; i++) {
        double iw = (it[i].kind == 5 ? 0 : s + fs * 0.35) + text_w(cr, it[i].text) + fs * 1.1;
        if (cx > x && cx + iw > x + w) {
            cx = x;
            cy += lh;
        }
        if (draw) {
            double ym = cy + lh / 2;
            switch (it[i].kind) {
            case 0:
                swatch(cr, cx, ym, s, it[i].colour);
                break;
            case 1:
                hatch_rect(cr, cx, ym - s / 2, s, s, it[i].colour);
                break;
            case 2:
                cairo_rectangle(cr, cx, ym - s / 2, s, s);
                set_col(cr, C_WHITE);
                cairo_fill_preserve(cr);
                set_col(cr, C_INK);
                cairo_set_line_width(cr, fmax(1.5, fs * 0.14));
                cairo_stroke(cr);
                break;
            case 3:
                vline(cr, cx + s / 2, ym - s * 0.7, ym + s * 0.7, it[i].colour,
                      fmax(1.2, fs * 0.11), it[i].colour.r == C_INK.r ? 0 : fs * 0.3);
                break;
            case 5: /* a text sample in the style it explains: italic grey */
                font(cr, fs * 0.8, F_ITALIC);
                set_col(cr, it[i].colour);
                text_at(cr, cx, ym, 0, 0.5, it[i].text);
                cx += iw;
                continue;
            default:
                cairo_rectangle(cr, cx, ym - s / 2, s, s);
                set_col(cr, it[i].colour);
                cairo_fill_preserve(cr);
                set_col(cr, C_MUTED);
                cairo_set_line_width(cr, 0.5);
                cairo_stroke(cr);
                break;
            }
            font(cr, fs * 0.8, F_NORMAL);
            set_col(cr, C_INK);
            text_at(cr, cx + s + fs * 0.35, ym, 0, 0.5, it[i].text);
        }
        cx += iw;
    }
    return cy - y + lh;
}

static void chart_timeline(cairo_t *cr, const struct chart *ch, const struct box *b)
{
    const struct plan *p = ch->p;
    const struct scenario *sc = ch->sc;
    const struct trial_result *tr = ch->tr;
    const double fs = ch->fs;
    char title[256], sub[512], b1[32], b2[32], b3[32], when[48];

    snprintf(title, sizeof title, "Recovery timeline of a typical %s outage", sc->name);
    if (!tr) {
        chart_title(cr, ch, b, title, "no trial to show");
        return;
    }
    abs_time(p, tr->start_abs_s, when, sizeof when);
    if (tr->recovered_by_outage_end)
        snprintf(sub, sizeof sub,
                 "trial %llu (median RTO): outage from %s ended by itself after %s, before failover"
                 " completed" MIDDOT "RTO %s" MIDDOT "no data lost",
                 (unsigned long long)tr->trial, when, dur(tr->outage_s, b1, sizeof b1),
                 dur(tr->rto_s, b2, sizeof b2));
    else
        snprintf(sub, sizeof sub,
                 "trial %llu (median RTO): outage from %s" MIDDOT "RTO %s" MIDDOT "RPO %s" MIDDOT
                 "full restoration %s",
                 (unsigned long long)tr->trial, when, dur(tr->rto_s, b1, sizeof b1),
                 dur(tr->rpo_s, b2, sizeof b2), dur(tr->full_s, b3, sizeof b3));
    double y = chart_title(cr, ch, b, title, sub);

    /* When recovery stopped: at service restoration by the outage end, else at the last
     * step's end. */
    double t_stop = tr->recovered_by_outage_end ? tr->service_s : fmax(tr->service_s, tr->full_s);
    double hi = isfinite(t_stop) ? t_stop : 0;
    for (int i = 0; i < tr->n_steps; i++)
        if (isfinite(tr->steps[i].end_s))
            hi = fmax(hi, tr->steps[i].end_s);
    double x_target = NAN;
    if (sc->has_policy) {
        x_target = sc->rto_target_s;
        if (p->rto_clock == RTO_FROM_DECLARATION && isfinite(tr->declared_s))
            x_target += tr->declared_s;
        hi = fmax(hi, x_target);
    }
    if (!(hi > 0))
        hi = 60;

    /* Legend: the roles this runbook uses, then the encodings. */
    struct legend_item li[PLAN_MAX_ROLES + 6];
    int nl = 0, used[PLAN_MAX_ROLES + 1] = {0};
    for (int i = 0; i < sc->n_steps; i++)
        used[sc->steps[i].n_needs > 0 ? sc->steps[i].needs[0] : PLAN_MAX_ROLES] = 1;
    for (int r = 0; r < p->n_roles && r < PLAN_MAX_ROLES; r++)
        if (used[r])
            li[nl++] = (struct legend_item){p->roles[r].name, role_colour(r), 0};
    if (used[PLAN_MAX_ROLES])
        li[nl++] = (struct legend_item){"no people (automatic)", C_AUTO, 0};
    li[nl++] = (struct legend_item){"waiting for people", C_MUTED, 1};
    li[nl++] = (struct legend_item){"on the critical path", C_INK, 2};
    int any_restoration = 0;
    for (int i = 0; i < sc->n_steps; i++)
        any_restoration |= sc->steps[i].restoration;
    if (any_restoration)
        li[nl++] =
            (struct legend_item){"restoration phase (after service is back)", C_RESTORATION, 4};
    double leg_h = legend(cr, fs, b->x, 0, b->w, li, nl, 0);

    /* Left margin from the longest step name, capped at 30 % of the width. */
    font(cr, fs * 0.85, F_NORMAL);
    const char *names[PLAN_MAX_STEPS];
    for (int i = 0; i < sc->n_steps; i++)
        names[i] = sc->steps[i].name;
    double lw = fmin(plot_max_label_width(names, sc->n_steps, measure, cr), b->w * 0.3);
    y += fs * 1.5; /* room for the labels of the vertical lines */
    struct box a = {b->x + lw + fs * 0.8, y, b->w - lw - fs * 1.6,
                    b->y + b->h - y - fs * 3.4 - leg_h};
    if (a.w < fs * 4 || a.h < fs * 2)
        return;
    int is_log;
    struct plot_scale xs;
    time_scale(&xs, 0, hi, INFINITY, a.x, a.x + a.w, &is_log);
    struct plot_band band[PLAN_MAX_STEPS];
    double pitch = plot_bands(sc->n_steps, a.y, a.y + a.h, fs * ch->row_max, 0.62, band);
    a.h = pitch * sc->n_steps;
    double lab_fs = fmin(fs * 0.85, pitch * 0.72);

    /* Row backgrounds, then the axis grid on top of them. */
    for (int i = 0; i < sc->n_steps; i++) {
        const struct step *st = &sc->steps[i];
        if (st->restoration || i % 2 == 1) {
            cairo_rectangle(cr, a.x, band[i].mid - pitch / 2, a.w, pitch);
            set_col(cr, st->restoration ? C_RESTORATION : C_BAND);
            cairo_fill(cr);
        }
    }
    time_axis(cr, fs, &a, &xs, "time since the outage started", a.w);
    /* Vertical lines (the RTO target, service restored, the outage end) under the bars,
     * so that no line crosses a label. */
    struct vmark vm[3];
    int nv = 0;
    char t_lab[64], s_lab[64], o_lab[64];
    if (isfinite(x_target)) {
        snprintf(t_lab, sizeof t_lab, "RTO target %s", dur(sc->rto_target_s, b1, sizeof b1));
        vm[nv++] = (struct vmark){plot_scale_clamp(&xs, x_target), t_lab, C_BREACH, fs * 0.45};
    }
    if (isfinite(tr->service_s)) {
        snprintf(s_lab, sizeof s_lab, "service restored %s", dur(tr->service_s, b2, sizeof b2));
        vm[nv++] = (struct vmark){plot_scale_clamp(&xs, tr->service_s), s_lab, C_INK, 0};
    }
    if (isfinite(tr->outage_s) && tr->outage_s <= xs.d1 && !tr->recovered_by_outage_end) {
        snprintf(o_lab, sizeof o_lab, "outage ended %s", dur(tr->outage_s, b3, sizeof b3));
        vm[nv++] = (struct vmark){plot_scale_clamp(&xs, tr->outage_s), o_lab, C_MUTED, fs * 0.15};
    }
    for (int i = 1; i < nv; i++) /* sort by position for spreading */
        for (int j = i; j > 0 && vm[j].x < vm[j - 1].x; j--) {
            struct vmark t = vm[j];
            vm[j] = vm[j - 1];
            vm[j - 1] = t;
        }
    double cx[3], cw[3];
    font(cr, fs * 0.8, F_BOLD);
    for (int i = 0; i < nv; i++) {
        cx[i] = vm[i].x;
        cw[i] = text_w(cr, vm[i].text);
        vline(cr, vm[i].x, a.y, a.y + a.h, vm[i].colour, fmax(1.2, fs * 0.11), vm[i].dash);
    }
    plot_spread_labels(cx, cw, nv, b->x, b->x + b->w, fs * 0.6);
    for (int i = 0; i < nv; i++) {
        set_col(cr, vm[i].colour);
        text_at(cr, cx[i], a.y - fs * 0.3, 0.5, 1, vm[i].text);
    }

    for (int i = 0; i < sc->n_steps; i++) {
        const struct step *st = &sc->steps[i];
        const struct trial_step *ts = &tr->steps[i];
        struct rgb c = step_colour(st);
        font(cr, lab_fs, st->restoration ? F_ITALIC : F_NORMAL);
        set_col(cr, C_INK);
        fit_at(cr, a.x - fs * 0.5, band[i].mid, 1, 0.5, lw, st->name);
        if (ts->state == TRIAL_STEP_PENDING) {
            font(cr, lab_fs * 0.9, F_ITALIC);
            set_col(cr, C_MUTED);
            text_at(cr, a.x + fs * 0.4, band[i].mid, 0, 0.5, "not reached");
            continue;
        }
        double start = ts->state == TRIAL_STEP_READY ? t_stop : ts->start_s;
        double end = ts->state == TRIAL_STEP_DONE ? ts->end_s : t_stop;
        double xr = plot_scale_clamp(&xs, ts->ready_s), xst = plot_scale_clamp(&xs, start),
               xe = plot_scale_clamp(&xs, end);
        if (xst > xr + 0.5)
            hatch_rect(cr, xr, band[i].y, xst - xr, band[i].h, c);
        if (ts->state == TRIAL_STEP_READY)
            continue;
        double w = fmax(xe - xst, 1.5);
        cairo_rectangle(cr, xst, band[i].y, w, band[i].h);
        set_col(cr, c);
        cairo_fill_preserve(cr);
        if (ts->on_path) {
            set_col(cr, C_INK);
            cairo_set_line_width(cr, fmax(1.5, fs * 0.14));
        } else {
            set_col(cr, darker(c, 0.7));
            cairo_set_line_width(cr, 0.6);
        }
        cairo_stroke(cr);
        if (ts->state == TRIAL_STEP_RUNNING) {
            font(cr, lab_fs * 0.9, F_ITALIC);
            set_col(cr, C_MUTED);
            text_at(cr, xe + fs * 0.3, band[i].mid, 0, 0.5, "stopped");
            continue;
        }
        /* Who did it, right of the bar when there is room. */
        if (ts->n_people > 0) {
            char who[256] = "";
            size_t used_b = 0;
            for (int k = 0; k < ts->n_people && used_b + 1 < sizeof who; k++) {
                char one[96];
                plan_person_name(p, ts->people[k], one, sizeof one);
                int wr = snprintf(who + used_b, sizeof who - used_b, "%s%s", k ? ", " : "", one);
                if (wr < 0)
                    break;
                used_b += (size_t)wr;
                if (used_b >= sizeof who)
                    used_b = sizeof who - 1;
            }
            if (ts->n_stand_ins > 0)
                snprintf(who + used_b, sizeof who - used_b, " (stand-in)");
            font(cr, lab_fs * 0.85, F_NORMAL);
            double room = a.x + a.w - (xst + w + fs * 0.35);
            char fitted[256];
            if (room > fs * 3 && plot_fit_label(who, room, measure, cr, fitted, sizeof fitted) >= 0)
                text_boxed(cr, xst + w + fs * 0.35, band[i].mid, 0, 0.5, fitted, C_MUTED);
        }
    }

    legend(cr, fs, b->x, a.y + a.h + fs * 3.2, b->w, li, nl, 1);
}

/* ---- critical path ------------------------------------------------------------------------- */

static void chart_critical(cairo_t *cr, const struct chart *ch, const struct box *b)
{
    const struct mc_scenario_result *sr = ch->sr;
    const struct scenario *sc = ch->sc;
    const double fs = ch->fs;
    char title[256], sub[512], lab[128], b1[32];
    int order[PLAN_MAX_STEPS], n = 0;
    for (int i = 0; i < sr->n_steps; i++)
        if (sr->steps[i].n_on_path > 0)
            order[n++] = i;
    for (int i = 1; i < n; i++) /* by share, largest first; ties in runbook order */
        for (int j = i;
             j > 0 && sr->steps[order[j]].path_share > sr->steps[order[j - 1]].path_share; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    snprintf(title, sizeof title, "Critical path, %s outages", sc->name);
    int len = snprintf(sub, sizeof sub,
                       "share of outages in which the step is on the critical path" MIDDOT
                       "mean time it adds there");
    if (sr->n_outage_end > 0 && len > 0 && (size_t)len < sizeof sub)
        snprintf(sub + len, sizeof sub - (size_t)len,
                 "; in %.1f%% the outage ended before failover",
                 100.0 * share(sr->n_outage_end, sr->n_trials));
    double y = chart_title(cr, ch, b, title, sub) + fs * 0.4;
    if (n == 0) {
        font(cr, fs, F_ITALIC);
        set_col(cr, C_MUTED);
        fit_at(cr, b->x + b->w / 2, y + fs * 2, 0.5, 0, b->w,
               "no step was on the critical path: every outage ended before failover");
        return;
    }
    const char *names[PLAN_MAX_STEPS];
    char vals[PLAN_MAX_STEPS][192];
    const char *vp[PLAN_MAX_STEPS];
    for (int i = 0; i < n; i++) {
        const struct mc_step_result *st = &sr->steps[order[i]];
        names[i] = sc->steps[order[i]].name;
        share_text(st->path_share, lab, sizeof lab);
        snprintf(vals[i], sizeof vals[i], "%s" MIDDOT "%s", lab,
                 dur(st->mean_contribution_s, b1, sizeof b1));
        vp[i] = vals[i];
    }
    font(cr, fs * 0.85, F_NORMAL);
    double lw = fmin(plot_max_label_width(names, n, measure, cr), b->w * 0.32);
    double vw = plot_max_label_width(vp, n, measure, cr) + fs * 0.6;
    int n_never = sr->n_steps - n;
    double note_h = n_never > 0 ? fs * 2.4 : 0;
    struct box a = {b->x + lw + fs * 0.8, y, b->w - lw - fs * 1.2 - vw,
                    b->y + b->h - y - fs * 3.2 - note_h};
    if (a.w < fs * 3) {
        vw = 0;
        a.w = b->w - lw - fs * 1.2;
    }
    if (a.h < fs * 2)
        return;
    struct plot_band band[PLAN_MAX_STEPS];
    double pitch = plot_bands(n, a.y, a.y + a.h, fs * ch->row_max * 0.92, 0.66, band);
    a.h = pitch * n;
    struct plot_scale xs;
    plot_scale_linear(&xs, 0, 1, a.x, a.x + a.w);
    struct plot_ticks t;
    plot_nice_ticks(0, 1, a.w > fs * 20 ? 5 : 2, &xs, &t);
    font(cr, fs * 0.85, F_NORMAL);
    for (int i = 0; i < t.n; i++) {
        vline(cr, round(t.pos[i]) + 0.5, a.y, a.y + a.h, C_GRID, 1, 0);
        snprintf(lab, sizeof lab, "%.0f%%", 100 * t.v[i]);
        set_col(cr, C_INK);
        text_at(cr, t.pos[i], a.y + a.h + fs * 0.4, 0.5, 0, lab);
    }
    hline(cr, a.x, a.x + a.w, round(a.y + a.h) + 0.5, C_INK, 1, 0);
    font(cr, fs * 0.9, F_NORMAL);
    set_col(cr, C_MUTED);
    fit_at(cr, a.x + a.w / 2, a.y + a.h + fs * 1.65, 0.5, 0, b->w - lw,
           "share of outages on the critical path");
    double lab_fs = fmin(fs * 0.85, pitch * 0.72);
    for (int k = 0; k < n; k++) {
        int i = order[k];
        const struct mc_step_result *st = &sr->steps[i];
        struct rgb c = step_colour(&sc->steps[i]);
        font(cr, lab_fs, sc->steps[i].restoration ? F_ITALIC : F_NORMAL);
        set_col(cr, C_INK);
        fit_at(cr, a.x - fs * 0.5, band[k].mid, 1, 0.5, lw, sc->steps[i].name);
        double x1 = plot_scale_map(&xs, st->path_share);
        cairo_rectangle(cr, a.x, band[k].y, fmax(x1 - a.x, 1), band[k].h);
        set_col(cr, c);
        cairo_fill_preserve(cr);
        set_col(cr, darker(c, 0.7));
        cairo_set_line_width(cr, 0.6);
        cairo_stroke(cr);
        if (vw > 0) {
            font(cr, lab_fs * 0.95, F_NORMAL);
            set_col(cr, C_INK);
            text_at(cr, x1 + fs * 0.35, band[k].mid, 0, 0.5, vals[k]);
        }
    }
    if (n_never > 0) {
        char never[1024];
        int nl = snprintf(never, sizeof never, "never on the critical path:");
        int first = 1;
        for (int i = 0; i < sr->n_steps && nl > 0 && nl < (int)sizeof never; i++)
            if (sr->steps[i].n_on_path == 0) {
                nl += snprintf(never + nl, sizeof never - (size_t)nl, "%s %s", first ? "" : ",",
                               sc->steps[i].name);
                first = 0;
            }
        font(cr, fs * 0.8, F_ITALIC);
        set_col(cr, C_MUTED);
        double lh = line_box(cr);
        para(cr, b->x, a.y + a.h + fs * 3.1, b->w, lh, a.y + a.h + fs * 3.1 + 2 * lh, never, 1);
    }
}

/* ---- data loss per store ----------------------------------------------------------------------
 */

static void store_note(const struct plan *p, const struct mc_scenario_result *sr, int i, char *buf,
                       size_t n, int *is_lost)
{
    const struct store *st = &p->stores[i];
    const struct mc_store_result *so = &sr->stores[i];
    *is_lost = 0;
    if (so->n_no_point > 0) {
        *is_lost = 1;
        snprintf(buf, n, "lost in %.1f%% of outages", 100.0 * share(so->n_no_point, sr->n_trials));
    } else if (st->recovery == STORE_RECOVER_REBUILD) {
        snprintf(buf, n, "rebuilt");
    } else if (so->rpo.max_s == 0) {
        snprintf(buf, n, "no loss");
    } else {
        buf[0] = '\0';
    }
}

static void chart_stores(cairo_t *cr, const struct chart *ch, const struct box *b)
{
    const struct plan *p = ch->p;
    const struct mc_scenario_result *sr = ch->sr;
    const double fs = ch->fs;
    const int n = sr->n_stores;
    char title[256], lab[128], b1[32];

    snprintf(title, sizeof title, "Data loss per store, %s outages", ch->sc->name);
    double y = chart_title(cr, ch, b, title, NULL);
    int any_inf = 0, any_excluded = 0;
    for (int i = 0; i < n; i++) {
        any_inf |= !isfinite(sr->stores[i].rpo.max_s);
        any_excluded |= !p->stores[i].counts_for_rpo;
    }
    struct legend_item li[6] = {{"P50", C_CURVE, 0}, {"P95", C_P95, 0}, {"max", C_MAX, 0}};
    int nl = 3;
    if (any_inf)
        li[nl++] = (struct legend_item){"no usable recovery point", C_BREACH, 1};
    if (any_excluded)
        li[nl++] = (struct legend_item){"not counted for RPO", C_MUTED, 5};
    if (ch->sc->has_policy)
        li[nl++] = (struct legend_item){"RPO target", C_BREACH, 3};
    y += legend(cr, fs, b->x, y, b->w, li, nl, 1) + fs * 1.2;
    if (n == 0)
        return;

    const char *names[PLAN_MAX_STORES];
    char notes[PLAN_MAX_STORES][96];
    int lost[PLAN_MAX_STORES];
    for (int i = 0; i < n; i++) {
        names[i] = p->stores[i].name;
        store_note(p, sr, i, notes[i], sizeof notes[i], &lost[i]);
    }
    font(cr, fs * 0.85, F_NORMAL);
    double lw = fmin(plot_max_label_width(names, n, measure, cr), b->w * 0.25);
    font(cr, fs * 0.8, F_BOLD);
    double nw = 0;
    for (int i = 0; i < n; i++)
        nw = fmax(nw, text_w(cr, notes[i]));
    nw = fmin(nw, b->w * 0.3);
    struct box a = {b->x + lw + fs * 0.8, y, b->w - lw - nw - fs * 1.8, b->y + b->h - y - fs * 3.2};
    if (a.w < fs * 4 || a.h < fs * 2)
        return;

    double lo = INFINITY, hi = 0;
    for (int i = 0; i < n; i++) {
        const struct mc_percentiles *pc = &sr->stores[i].rpo;
        double vals[3] = {pc->p50_s, pc->p95_s, pc->max_s};
        for (int k = 0; k < 3; k++)
            if (isfinite(vals[k]) && vals[k] > 0) {
                lo = fmin(lo, vals[k]);
                hi = fmax(hi, vals[k]);
            }
    }
    if (ch->sc->has_policy && ch->sc->rpo_target_s > 0) {
        hi = fmax(hi, ch->sc->rpo_target_s);
        lo = fmin(lo, ch->sc->rpo_target_s);
    }
    int is_log;
    struct plot_scale xs;
    time_scale(&xs, isfinite(lo) ? lo : 0, hi, 30.0, a.x, a.x + a.w, &is_log);
    struct plot_band band[PLAN_MAX_STORES];
    double pitch = plot_bands(n, a.y, a.y + a.h, fs * ch->row_max, 0.72, band);
    a.h = pitch * n;
    for (int i = 1; i < n; i += 2) {
        cairo_rectangle(cr, a.x, band[i].mid - pitch / 2, a.w, pitch);
        set_col(cr, C_BAND);
        cairo_fill(cr);
    }
    time_axis(cr, fs, &a, &xs, is_log ? "data lost (log scale)" : "data lost", a.w + nw);
    double lab_fs = fmin(fs * 0.85, pitch * 0.72);
    for (int i = 0; i < n; i++) {
        const struct store *st = &p->stores[i];
        const struct mc_percentiles *pc = &sr->stores[i].rpo;
        font(cr, lab_fs, st->counts_for_rpo ? F_NORMAL : F_ITALIC);
        set_col(cr, st->counts_for_rpo ? C_INK : C_MUTED);
        fit_at(cr, a.x - fs * 0.5, band[i].mid, 1, 0.5, lw, st->name);
        /* max (full height, light), P95 (60 %), P50 (30 %), each from 0. */
        double vals[3] = {pc->max_s, pc->p95_s, pc->p50_s}, frac[3] = {1.0, 0.62, 0.3};
        struct rgb cols[3] = {C_MAX, C_P95, C_CURVE};
        for (int k = 0; k < 3; k++) {
            if (!(vals[k] > 0))
                continue;
            double hh = band[i].h * frac[k], yy = band[i].mid - hh / 2;
            double x1 = isfinite(vals[k]) ? plot_scale_clamp(&xs, vals[k]) : a.x + a.w;
            if (!isfinite(vals[k])) {
                /* The widest infinite percentile is hatched once; inner ones add nothing. */
                if (k == 0 || isfinite(vals[k - 1]))
                    hatch_rect(cr, a.x, yy, x1 - a.x, hh, C_BREACH);
                continue;
            }
            cairo_rectangle(cr, a.x, yy, fmax(x1 - a.x, 1.5), hh);
            set_col(cr, cols[k]);
            cairo_fill(cr);
        }
        if (notes[i][0]) {
            font(cr, lab_fs * 0.95, lost[i] ? F_BOLD : F_NORMAL);
            set_col(cr, lost[i] ? C_BREACH : C_MUTED);
            fit_at(cr, a.x + a.w + fs * 0.6, band[i].mid, 0, 0.5, nw + fs * 0.4, notes[i]);
        }
    }
    if (ch->sc->has_policy) {
        double xt = plot_scale_clamp(&xs, ch->sc->rpo_target_s);
        vline(cr, xt, a.y, a.y + a.h, C_BREACH, fmax(1.2, fs * 0.11), fs * 0.45);
        font(cr, fs * 0.8, F_BOLD);
        snprintf(lab, sizeof lab, "target %s", dur(ch->sc->rpo_target_s, b1, sizeof b1));
        double w = text_w(cr, lab);
        set_col(cr, C_BREACH);
        text_at(cr, fmin(fmax(xt, a.x + w / 2), b->x + b->w - w / 2), a.y - fs * 0.25, 0.5, 1, lab);
    }
}

/* ---- dispatch ------------------------------------------------------------------------------- */

static void render_chart(cairo_t *cr, const struct chart *ch, enum draw_chart c,
                         const struct box *b)
{
    switch (c) {
    case DRAW_RTO_CDF:
        chart_cdf(cr, ch, b, 0);
        break;
    case DRAW_RPO_CDF:
        chart_cdf(cr, ch, b, 1);
        break;
    case DRAW_RTO_HIST:
        chart_hist(cr, ch, b, 0);
        break;
    case DRAW_RPO_HIST:
        chart_hist(cr, ch, b, 1);
        break;
    case DRAW_TIMELINE:
        chart_timeline(cr, ch, b);
        break;
    case DRAW_CRITICAL_PATH:
        chart_critical(cr, ch, b);
        break;
    case DRAW_STORE_RPO:
        chart_stores(cr, ch, b);
        break;
    }
}

/* Default size of a chart file, device units (pixels for PNG, points for SVG and PDF). */
static void chart_size(const struct chart *ch, enum draw_chart c, double *w, double *h)
{
    int rows = 0;
    *w = 1000;
    *h = 600;
    switch (c) {
    case DRAW_TIMELINE:
        *w = 1200;
        *h = fmin(1800, fmax(330, 210 + 36.0 * ch->sc->n_steps));
        return;
    case DRAW_CRITICAL_PATH:
        for (int i = 0; i < ch->sr->n_steps; i++)
            rows += ch->sr->steps[i].n_on_path > 0;
        *h = fmin(1800, fmax(300, 190 + 33.0 * rows));
        return;
    case DRAW_STORE_RPO:
        *h = fmin(1800, fmax(300, 170 + 36.0 * ch->sr->n_stores));
        return;
    default:
        return;
    }
}

/* The base font size for a chart of w x h device units drawn on its own. */
static double chart_font(double w, double h)
{
    return fmax(9.0, fmin(16.0, fmin(w / 66.0, h / 34.0)));
}

/* The scenario's median-RTO trial as the engine ran it (the results carry it). Returns 0;
 * kept as a function so callers read the same whether or not a copy is needed. */
static int replay_typical(const struct mc_results *r, int s, struct trial_result *out)
{
    *out = r->scenarios[s].typical;
    return 0;
}

static void chart_init(struct chart *ch, const struct mc_results *r, int s,
                       const struct trial_result *tr, double fs)
{
    ch->r = r;
    ch->p = r->plan;
    ch->sr = &r->scenarios[s];
    ch->sc = &r->plan->scenarios[r->scenarios[s].scenario];
    ch->tr = tr;
    ch->fs = fs;
    ch->row_max = 2.4;
}

static void paint_white(cairo_t *cr, double w, double h)
{
    cairo_rectangle(cr, 0, 0, w, h);
    set_col(cr, C_WHITE);
    cairo_fill(cr);
}

/* ---- writing files ------------------------------------------------------------------------ */

static void set_err(char *err, size_t errlen, const char *fmt, const char *a, const char *b)
{
    if (err && errlen)
        snprintf(err, errlen, fmt, a, b ? b : "");
}

struct sink {
    FILE *f;            /* the temporary file */
    unsigned char *buf; /* or a growing memory buffer */
    size_t len, cap;
    int nomem; /* the memory buffer could not grow */
};

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int len)
{
    struct sink *s = closure;
    if (s->f)
        return fwrite(data, 1, len, s->f) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
    if (s->len + len > s->cap) {
        size_t cap = s->cap ? s->cap : 65536;
        while (cap < s->len + len)
            cap *= 2;
        unsigned char *nb = realloc(s->buf, cap);
        if (!nb) {
            s->nomem = 1;
            return CAIRO_STATUS_NO_MEMORY;
        }
        s->buf = nb;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, data, len);
    s->len += len;
    return CAIRO_STATUS_SUCCESS;
}

enum fmt { FMT_PNG = 0, FMT_SVG, FMT_PDF };
static const char *const fmt_ext[] = {"png", "svg", "pdf"};

/* What one document draws: called with the surface (for pages and PDF outlines) and a
 * context on it. */
typedef void (*render_fn)(cairo_surface_t *surf, cairo_t *cr, void *user);

/* Make a surface of format f and size w x h writing to sink, run fn on it, finish it
 * and return cairo's status (for PNG, the status of encoding into the sink). */
static cairo_status_t render_to_sink(enum fmt f, double w, double h, render_fn fn, void *user,
                                     struct sink *sk)
{
    cairo_surface_t *surf;
    if (f == FMT_PDF)
        surf = cairo_pdf_surface_create_for_stream(sink_write, sk, w, h);
    else if (f == FMT_SVG)
        surf = cairo_svg_surface_create_for_stream(sink_write, sk, w, h);
    else
        surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)ceil(w), (int)ceil(h));
    cairo_status_t st = cairo_surface_status(surf);
    if (st == CAIRO_STATUS_SUCCESS) {
        cairo_t *cr = cairo_create(surf);
        fn(surf, cr, user);
        st = cairo_status(cr);
        cairo_destroy(cr);
    }
    if (st == CAIRO_STATUS_SUCCESS && f == FMT_PNG) {
        cairo_surface_flush(surf);
        st = cairo_surface_write_to_png_stream(surf, sink_write, sk);
    }
    cairo_surface_finish(surf);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    return st;
}

/* Render into path atomically: a temporary file in the same directory, renamed over
 * path only when cairo and the file system both succeeded. */
static enum draw_status write_doc(const char *path, enum fmt f, double w, double h, render_fn fn,
                                  void *user, char *err, size_t errlen)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp) {
        set_err(err, errlen, "out of memory writing %s%s", path, NULL);
        return DRAW_NOMEM;
    }
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    memcpy(tmp, path, dir_len);
    snprintf(tmp + dir_len, n + 16 - dir_len, ".%s.XXXXXX", path + dir_len);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        set_err(err, errlen, "cannot create %s: %s", path, strerror(errno));
        free(tmp);
        return DRAW_IO;
    }
    (void)fchmod(fd, 0644); /* mkstemp makes 0600; charts are for sharing */
    struct sink sk = {fdopen(fd, "wb"), NULL, 0, 0, 0};
    if (!sk.f) {
        set_err(err, errlen, "cannot write %s: %s", path, strerror(errno));
        close(fd);
        unlink(tmp);
        free(tmp);
        return DRAW_IO;
    }
    cairo_status_t st = render_to_sink(f, w, h, fn, user, &sk);
    int io_err = ferror(sk.f) ? (errno ? errno : EIO) : 0;
    if (fflush(sk.f) != 0 && !io_err)
        io_err = errno;
    if (fclose(sk.f) != 0 && !io_err)
        io_err = errno;
    enum draw_status ds = DRAW_OK;
    if (io_err || st == CAIRO_STATUS_WRITE_ERROR) {
        set_err(err, errlen, "cannot write %s: %s", path, strerror(io_err ? io_err : EIO));
        ds = DRAW_IO;
    } else if (st != CAIRO_STATUS_SUCCESS) {
        set_err(err, errlen, "cannot draw %s: cairo: %s", path, cairo_status_to_string(st));
        ds = st == CAIRO_STATUS_NO_MEMORY ? DRAW_NOMEM : DRAW_CAIRO;
    } else if (rename(tmp, path) != 0) {
        set_err(err, errlen, "cannot rename into %s: %s", path, strerror(errno));
        ds = DRAW_IO;
    }
    if (ds != DRAW_OK)
        unlink(tmp);
    free(tmp);
    return ds;
}

/* cairo keeps fonts (and fontconfig patterns) in static caches for the life of the
 * process. Nothing of cairo outlives a public function of this module, so each one ends
 * by resetting them: a leak checker then sees only real leaks, at the price of loading
 * the font again on the next call (milliseconds). */
static void release_caches(void)
{
    cairo_debug_reset_static_data();
}

/* LeakSanitizer reads this hook at start-up (builds without it never call it).
 * fontconfig, which cairo's toy font API initializes the first time text is drawn,
 * loses a few hundred bytes while parsing its configuration files: a leak inside
 * fontconfig that drsim can neither own nor free. The suppression keeps it out of the
 * `make asan` reports of every program that draws (tests/valgrind.supp does the same
 * for `make valgrind`). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

/* ---- public: names ------------------------------------------------------------------------ */

const char *draw_strerror(enum draw_status s)
{
    switch (s) {
    case DRAW_OK:
        return "success";
    case DRAW_INVALID:
        return "invalid argument";
    case DRAW_NOMEM:
        return "out of memory";
    case DRAW_IO:
        return "I/O error";
    case DRAW_CAIRO:
        return "drawing error";
    }
    return "unknown error";
}

const char *draw_chart_name(enum draw_chart c)
{
    static const char *const names[DRAW_N_CHARTS] = {
        "rto-cdf", "rpo-cdf", "rto-hist", "rpo-hist", "timeline", "critical-path", "store-rpo"};
    return (int)c >= 0 && (int)c < DRAW_N_CHARTS ? names[c] : NULL;
}

char *draw_safe_name(const char *name, char *buf, size_t n)
{
    if (n == 0)
        return buf;
    if (!name || !*name)
        name = "plan";
    size_t k = 0;
    for (const char *c = name; *c && k + 1 < n; c++) {
        int ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
                 *c == '-' || *c == '_' || (*c == '.' && k > 0);
        buf[k++] = ok ? *c : '_';
    }
    buf[k] = '\0';
    return buf;
}

char *draw_review_pack_name(const struct plan *p, char *buf, size_t n)
{
    char safe[200];
    draw_safe_name(p ? p->name : NULL, safe, sizeof safe);
    snprintf(buf, n, "%s-review-pack.pdf", safe);
    return buf;
}

/* ---- public: chart files -------------------------------------------------------------------- */

struct one_chart {
    const struct chart *ch;
    enum draw_chart c;
    double w, h;
    const struct draw_meta *meta; /* may be NULL */
};

/* PDF metadata: title, creator and a fixed date (cairo would write the current time,
 * and the same run should give the same bytes). */
static void pdf_metadata(cairo_surface_t *surf, const char *title, const struct draw_meta *meta)
{
    char buf[64];
    if (cairo_surface_get_type(surf) != CAIRO_SURFACE_TYPE_PDF)
        return;
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, title);
    if (!meta)
        return;
    snprintf(buf, sizeof buf, "drsim %s", meta->version ? meta->version : "");
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, buf);
    time_t tt = (time_t)meta->date_s;
    struct tm tm;
    if (gmtime_r(&tt, &tm) && strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0) {
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, buf);
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, buf);
    }
}

static void render_one(cairo_surface_t *surf, cairo_t *cr, void *user)
{
    const struct one_chart *oc = user;
    char title[256];
    snprintf(title, sizeof title, "%s: %s", oc->ch->sc->name, draw_chart_name(oc->c));
    pdf_metadata(surf, title, oc->meta);
    paint_white(cr, oc->w, oc->h);
    double m = oc->ch->fs * 1.0;
    struct box b = {m, m * 0.6, oc->w - 2 * m, oc->h - m * 1.2};
    render_chart(cr, oc->ch, oc->c, &b);
}

/* Shared start of the functions that write a set of chart files into `dir`: zero
 * *n_files, check the arguments (`who` names the caller in the message), create the
 * directory (its parent must exist) and allocate a path buffer with room for a file name
 * of up to 255 bytes. On failure sets err and returns the status; *path is then NULL. */
static enum draw_status chart_dir_begin(const char *who, const char *dir, const void *results,
                                        int *n_files, char **path, size_t *plen, char *err,
                                        size_t errlen)
{
    *path = NULL;
    if (n_files)
        *n_files = 0;
    if (!dir || !results) {
        set_err(err, errlen, "%s: %s", who, "no directory or results");
        return DRAW_INVALID;
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        set_err(err, errlen, "cannot create directory %s: %s", dir, strerror(errno));
        return DRAW_IO;
    }
    *plen = strlen(dir) + 256;
    *path = malloc(*plen);
    if (!*path) {
        set_err(err, errlen, "out of memory%s%s", "", NULL);
        return DRAW_NOMEM;
    }
    return DRAW_OK;
}

enum draw_status draw_write_charts(const char *dir, const struct mc_results *r,
                                   const struct draw_meta *meta, int *n_files, char *err,
                                   size_t errlen)
{
    char *path;
    size_t plen;
    enum draw_status begun =
        chart_dir_begin("draw_write_charts", dir, r, n_files, &path, &plen, err, errlen);
    if (begun != DRAW_OK)
        return begun;
    enum draw_status ds = DRAW_OK;
    for (int s = 0; s < r->n_scenarios && ds == DRAW_OK; s++) {
        struct trial_result tr;
        if (replay_typical(r, s, &tr) != 0) {
            set_err(err, errlen, "out of memory replaying a trial%s%s", "", NULL);
            ds = DRAW_NOMEM;
            break;
        }
        char safe[128];
        draw_safe_name(r->plan->scenarios[r->scenarios[s].scenario].name, safe, sizeof safe);
        for (int c = 0; c < DRAW_N_CHARTS && ds == DRAW_OK; c++) {
            struct chart ch;
            struct one_chart oc;
            chart_init(&ch, r, s, &tr, 15);
            chart_size(&ch, (enum draw_chart)c, &oc.w, &oc.h);
            ch.fs = c == DRAW_TIMELINE ? 15 : chart_font(oc.w, 600);
            oc.ch = &ch;
            oc.c = (enum draw_chart)c;
            oc.meta = meta;
            for (int f = 0; f < 3 && ds == DRAW_OK; f++) {
                snprintf(path, plen, "%s/%s-%s.%s", dir, safe, draw_chart_name(oc.c), fmt_ext[f]);
                ds = write_doc(path, (enum fmt)f, oc.w, oc.h, render_one, &oc, err, errlen);
                if (ds == DRAW_OK && n_files)
                    (*n_files)++;
            }
        }
    }
    free(path);
    release_caches();
    return ds;
}

enum draw_status draw_chart_png_buffer(const struct mc_results *r, int scenario,
                                       enum draw_chart chart, int width_px, int height_px,
                                       unsigned char **png, size_t *png_len, char *err,
                                       size_t errlen)
{
    if (png)
        *png = NULL;
    if (png_len)
        *png_len = 0;
    if (!r || !png || !png_len || scenario < 0 || scenario >= r->n_scenarios ||
        !draw_chart_name(chart) || width_px < 200 || width_px > 4000 || height_px < 200 ||
        height_px > 4000) {
        set_err(err, errlen, "draw_chart_png_buffer: %s%s", "invalid argument", NULL);
        return DRAW_INVALID;
    }
    struct trial_result tr;
    if (chart == DRAW_TIMELINE && replay_typical(r, scenario, &tr) != 0) {
        set_err(err, errlen, "out of memory replaying a trial%s%s", "", NULL);
        return DRAW_NOMEM;
    }
    struct chart ch;
    chart_init(&ch, r, scenario, chart == DRAW_TIMELINE ? &tr : NULL,
               chart_font(width_px, height_px));
    struct one_chart oc = {&ch, chart, width_px, height_px, NULL};
    struct sink sk = {NULL, NULL, 0, 0, 0};
    cairo_status_t st = render_to_sink(FMT_PNG, width_px, height_px, render_one, &oc, &sk);
    release_caches();
    if (st != CAIRO_STATUS_SUCCESS || sk.nomem) {
        free(sk.buf);
        set_err(err, errlen, "cannot draw chart %s: cairo: %s", draw_chart_name(chart),
                cairo_status_to_string(st));
        return st == CAIRO_STATUS_NO_MEMORY || sk.nomem ? DRAW_NOMEM : DRAW_CAIRO;
    }
    *png = sk.buf;
    *png_len = sk.len;
    return DRAW_OK;
}

/* ---- findings ---------------------------------------------------------------------------- */

#define MAX_FINDINGS 8
#define FINDING_LEN 768

/* "RPO met in 59.5% of outages (95% CI 59.2–59.8%); the required 95% is not reached:
 * at P95 the data loss is 1d21h against 1d." */
static void objective_finding(char *buf, size_t n, const char *what, const char *quantity,
                              const struct mc_objective *ob, const struct mc_percentiles *pc,
                              double conf)
{
    char pl[16], t[32], v[32], m[32], at[160];
    pct_label(conf, pl, sizeof pl);
    if (!ob->has_target) {
        snprintf(buf, n, "%s: no target in the policy; P50 %s, P95 %s.", what,
                 dur(pc->p50_s, t, sizeof t), dur(pc->p95_s, v, sizeof v));
        return;
    }
    double vac = ob->value_at_confidence_s;
    if (isfinite(vac))
        snprintf(at, sizeof at, "at %s the %s is %s against %s", pl, quantity,
                 dur(vac, v, sizeof v), dur(ob->target_s, t, sizeof t));
    else
        snprintf(at, sizeof at, "at %s there is no usable recovery point (the %s is unbounded)", pl,
                 quantity);
    int len = snprintf(buf, n, "%s met in %.1f%% of outages (95%% CI %.1f" EN_DASH "%.1f%%)", what,
                       100.0 * ob->p_met, 100.0 * ob->ci_lo, 100.0 * ob->ci_hi);
    if (len < 0 || (size_t)len >= n)
        return;
    switch (ob->verdict) {
    case MC_VERDICT_MEETS:
        snprintf(buf + len, n - (size_t)len, ": meets the required %.4g%%; %s (margin %s).",
                 100.0 * conf, at, dur(ob->margin_s, m, sizeof m));
        break;
    case MC_VERDICT_AT_RISK:
        snprintf(buf + len, n - (size_t)len,
                 ": at risk: the estimate reaches the required %.4g%% but the lower bound of its"
                 " interval does not; %s.",
                 100.0 * conf, at);
        break;
    default:
        snprintf(buf + len, n - (size_t)len, "; the required %.4g%% is not reached: %s.",
                 100.0 * conf, at);
        break;
    }
}

/* The findings of scenario s, computed from the results; returns how many. */
static int scenario_findings(const struct mc_results *r, int s, char out[][FINDING_LEN])
{
    const struct plan *p = r->plan;
    const struct mc_scenario_result *sr = &r->scenarios[s];
    const struct scenario *sc = &p->scenarios[sr->scenario];
    char b[4][32];
    int k = 0;

    objective_finding(out[k++], FINDING_LEN, "RTO", "downtime", &sr->rto_obj, &sr->rto,
                      p->confidence);
    objective_finding(out[k++], FINDING_LEN, "RPO", "data loss", &sr->rpo_obj, &sr->rpo,
                      p->confidence);
    if (sr->n_outage_end > 0)
        snprintf(
            out[k++], FINDING_LEN,
            "The outage ended by itself before failover in %.1f%% of outages; those lost no data.",
            100.0 * share(sr->n_outage_end, sr->n_trials));

    /* What dominates the critical path: the largest expected contributions. */
    int order[PLAN_MAX_STEPS], n = 0;
    for (int i = 0; i < sr->n_steps; i++)
        if (sr->steps[i].n_on_path > 0)
            order[n++] = i;
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0; j--) {
            const struct mc_step_result *x = &sr->steps[order[j]], *y = &sr->steps[order[j - 1]];
            if (x->path_share * x->mean_contribution_s <= y->path_share * y->mean_contribution_s)
                break;
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    if (n > 0) {
        int len = snprintf(out[k], FINDING_LEN, "Most time on the critical path goes to");
        for (int i = 0; i < n && i < 3 && len < FINDING_LEN; i++) {
            const struct mc_step_result *st = &sr->steps[order[i]];
            len +=
                snprintf(out[k] + len, FINDING_LEN - (size_t)len,
                         "%s %s (%s when on it, in %.0f%% of outages)",
                         i == 0                         ? ":"
                         : i == 2 || (i == 1 && n == 2) ? " and"
                                                        : ",",
                         sc->steps[order[i]].name, dur(st->mean_contribution_s, b[0], sizeof b[0]),
                         100.0 * st->path_share);
        }
        if (len < FINDING_LEN)
            snprintf(out[k] + len, FINDING_LEN - (size_t)len, ".");
        k++;
    }

    /* Waiting for people. */
    int wmax = -1;
    for (int i = 0; i < sr->n_steps; i++)
        if (sr->steps[i].n_ran > 0 &&
            (wmax < 0 || sr->steps[i].mean_staff_wait_s > sr->steps[wmax].mean_staff_wait_s))
            wmax = i;
    if (wmax >= 0 && sr->steps[wmax].mean_staff_wait_s >= 60)
        snprintf(out[k++], FINDING_LEN, "The longest wait for people is before %s: %s on average.",
                 sc->steps[wmax].name, dur(sr->steps[wmax].mean_staff_wait_s, b[0], sizeof b[0]));

    /* Stores without a usable recovery point: those counted for RPO first, then the
     * others, each with the share of outages in which it had none. */
    int len = 0, lost[2] = {0, 0};
    for (int pass = 0; pass < 2; pass++) {
        int shown = 0;
        for (int i = 0; i < sr->n_stores; i++) {
            const struct mc_store_result *so = &sr->stores[i];
            if (so->n_no_point == 0 || p->stores[i].counts_for_rpo != (pass == 0))
                continue;
            lost[pass]++;
            if (shown >= 8 || len >= FINDING_LEN)
                continue;
            const char *lead = pass == 0 ? "No usable recovery point for a store counted for RPO:"
                               : lost[0] ? " Not counted for RPO, also without one:"
                                         : "Without a usable recovery point (not counted for RPO):";
            len += snprintf(out[k] + len, FINDING_LEN - (size_t)len, "%s %s %.1f%%",
                            shown == 0 ? lead : ",", p->stores[i].name,
                            100.0 * share(so->n_no_point, sr->n_trials));
            shown++;
        }
        if (lost[pass] > shown && len < FINDING_LEN)
            len += snprintf(out[k] + len, FINDING_LEN - (size_t)len, " and %d more",
                            lost[pass] - shown);
        if (lost[pass] > 0 && len < FINDING_LEN)
            len += snprintf(out[k] + len, FINDING_LEN - (size_t)len, " of outages.");
    }
    if (lost[0] + lost[1] == 0)
        snprintf(out[k], FINDING_LEN,
                 "Every store had a usable recovery point in every outage that needed one.");
    k++;

    int l2 = snprintf(out[k], FINDING_LEN,
                      "Per year (%.3g outage%s): expected downtime %s, expected data loss %s",
                      sc->per_year, sc->per_year == 1 ? "" : "s",
                      dur(sr->downtime_per_year_s, b[0], sizeof b[0]),
                      dur(sr->data_loss_per_year_s, b[1], sizeof b[1]));
    if (sc->has_policy && l2 > 0 && l2 < FINDING_LEN)
        snprintf(out[k] + l2, FINDING_LEN - (size_t)l2,
                 "; probability of at least one breach %.2f%%.", 100.0 * sr->p_breach_year);
    else if (l2 > 0 && l2 < FINDING_LEN)
        snprintf(out[k] + l2, FINDING_LEN - (size_t)l2, ".");
    k++;
    return k;
}

/* ---- review pack ------------------------------------------------------------------------- */

#define CELL_LEN 2048 /* bytes of one cell of the assumption tables */
#define MAX_COLS_T 6  /* columns of those tables */

struct pack {
    const struct mc_results *r;
    const struct draw_meta *meta;
    const struct trial_result *typical; /* [n_scenarios] replayed median-RTO trials */
    char (*cells)[CELL_LEN];            /* [MAX_COLS_T + 2] text of the assumption tables */
    cairo_surface_t *surf;
    int page;      /* pages finished so far */
    char date[40]; /* "2026-03-01 12:00 UTC" */
};

#define MARGIN 36.0
#define FOOT_Y (PAGE_H - 18.0)

static void page_end(cairo_t *cr, struct pack *pk)
{
    const struct plan *p = pk->r->plan;
    char hex[65], foot[512], num[16];
    plan_sha256_hex(p, hex);
    snprintf(foot, sizeof foot,
             "drsim %s" MIDDOT "%s" MIDDOT "plan sha256 %.12s" MIDDOT "seed %llu" MIDDOT
             "%llu trial%s per scenario" MIDDOT "run %s",
             pk->meta && pk->meta->version ? pk->meta->version : "", p->name ? p->name : "", hex,
             (unsigned long long)pk->r->seed, (unsigned long long)pk->r->n_trials,
             pk->r->n_trials == 1 ? "" : "s", pk->date);
    hline(cr, MARGIN, PAGE_W - MARGIN, FOOT_Y - 8, C_GRID, 0.8, 0);
    font(cr, 8, F_NORMAL);
    set_col(cr, C_MUTED);
    snprintf(num, sizeof num, "%d", pk->page + 1);
    double nw = text_w(cr, num);
    text_at(cr, PAGE_W - MARGIN, FOOT_Y, 1, 0.5, num);
    fit_at(cr, MARGIN, FOOT_Y, 0, 0.5, PAGE_W - 2 * MARGIN - nw - 20, foot);
    cairo_show_page(cr);
    pk->page++;
}

/* Outline entry pointing at the page being drawn; returns its id. */
static int outline(struct pack *pk, int parent, const char *text)
{
    char link[32];
    snprintf(link, sizeof link, "page=%d", pk->page + 1);
    return cairo_pdf_surface_add_outline(pk->surf, parent, text, link, 0);
}

/* A page title and a muted line below it; returns the y below. */
static double page_header(cairo_t *cr, const char *title, const char *sub, double right_reserve)
{
    paint_white(cr, PAGE_W, PAGE_H);
    font(cr, 17, F_BOLD);
    set_col(cr, C_INK);
    fit_at(cr, MARGIN, 22, 0, 0, PAGE_W - 2 * MARGIN - right_reserve, title);
    double y = 22 + line_box(cr);
    if (sub && *sub) {
        font(cr, 10, F_NORMAL);
        set_col(cr, C_MUTED);
        fit_at(cr, MARGIN, y + 1, 0, 0, PAGE_W - 2 * MARGIN - right_reserve, sub);
        y += line_box(cr) + 1;
    }
    hline(cr, MARGIN, PAGE_W - MARGIN, y + 5, C_GRID, 0.8, 0);
    return y + 12;
}

static void date_text(long long t, char *buf, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL || strftime(buf, n, "%Y-%m-%d %H:%M UTC", &tm) == 0)
        snprintf(buf, n, "%lld", t);
}

static void cover_field(cairo_t *cr, double x, double y, double w, const char *key, const char *val,
                        double vsize)
{
    font(cr, 9, F_NORMAL);
    set_col(cr, C_MUTED);
    text_at(cr, x, y, 0, 0, key);
    font(cr, vsize, F_NORMAL);
    set_col(cr, C_INK);
    fit_at(cr, x + 100, y - (vsize - 9) * 0.8, 0, 0, w - 100, val && *val ? val : "-");
}

/* One verdict cell of the cover's table. */
static void verdict_cell(cairo_t *cr, double x, double y, double w, double h,
                         const struct mc_objective *ob, double conf)
{
    char line[160], pl[16], a[32], t[32];
    cairo_rectangle(cr, x + 2, y + 2, w - 4, h - 4);
    set_col(cr, verdict_colour(ob->verdict));
    cairo_fill(cr);
    set_col(cr, C_INK);
    if (!ob->has_target) {
        font(cr, 11, F_ITALIC);
        text_at(cr, x + 10, y + h / 2, 0, 0.5, "no target");
        return;
    }
    font(cr, 13, F_BOLD);
    text_at(cr, x + 10, y + h * 0.3, 0, 0.5, mc_verdict_name(ob->verdict));
    snprintf(line, sizeof line, "%s %s vs target %s" MIDDOT "met in %.1f%%",
             pct_label(conf, pl, sizeof pl), dur(ob->value_at_confidence_s, a, sizeof a),
             dur(ob->target_s, t, sizeof t), 100.0 * ob->p_met);
    font(cr, 9.5, F_NORMAL);
    fit_at(cr, x + 10, y + h * 0.7, 0, 0.5, w - 20, line);
}

static void pack_cover(cairo_t *cr, struct pack *pk)
{
    const struct mc_results *r = pk->r;
    const struct plan *p = r->plan;
    char buf[512], hex[65];
    paint_white(cr, PAGE_W, PAGE_H);
    cairo_rectangle(cr, 0, 0, PAGE_W, 8);
    set_col(cr, C_CURVE);
    cairo_fill(cr);
    font(cr, 28, F_BOLD);
    set_col(cr, C_INK);
    text_at(cr, MARGIN, 30, 0, 0, "Disaster recovery review");
    font(cr, 18, F_NORMAL);
    if (p->version)
        snprintf(buf, sizeof buf, "%s (version %s)", p->name ? p->name : "plan", p->version);
    else
        snprintf(buf, sizeof buf, "%s", p->name ? p->name : "plan");
    fit_at(cr, MARGIN, 68, 0, 0, PAGE_W - 2 * MARGIN, buf);

    double y = 108, colw = (PAGE_W - 2 * MARGIN) * 0.6, x2 = MARGIN + colw + 24;
    double colw2 = PAGE_W - MARGIN - x2;
    plan_sha256_hex(p, hex);
    cover_field(cr, MARGIN, y, colw, "Organization", p->organization, 11);
    cover_field(cr, MARGIN, y + 18, colw, "System", p->system, 11);
    cover_field(cr, MARGIN, y + 36, colw, "Owner", p->owner, 11);
    cover_field(cr, MARGIN, y + 54, colw, "Plan file", p->path, 11);
    cover_field(cr, MARGIN, y + 72, colw, "Plan SHA-256", hex, 8.5);
    cover_field(cr, x2, y, colw2, "Date of the run", pk->date, 11);
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)r->seed);
    cover_field(cr, x2, y + 18, colw2, "Seed", buf, 11);
    snprintf(buf, sizeof buf, "%llu per scenario", (unsigned long long)r->n_trials);
    cover_field(cr, x2, y + 36, colw2, "Trials", buf, 11);
    cover_field(cr, x2, y + 54, colw2, "drsim version", pk->meta ? pk->meta->version : NULL, 11);
    snprintf(buf, sizeof buf, "%.4g%%, RTO from %s", 100.0 * p->confidence,
             p->rto_clock == RTO_FROM_DECLARATION ? "declaration" : "outage start");
    cover_field(cr, x2, y + 72, colw2, "Confidence", buf, 11);

    /* Verdict table: scenario x objective. */
    y = 215;
    double tw = PAGE_W - 2 * MARGIN, c0 = tw * 0.34, c1 = (tw - c0) / 2;
    int ns = r->n_scenarios;
    double avail = PAGE_H - 100 - y - 24;
    double rh = fmin(50, fmax(26, avail / (ns > 0 ? ns : 1)));
    font(cr, 10, F_BOLD);
    set_col(cr, C_MUTED);
    text_at(cr, MARGIN + 4, y, 0, 0, "Scenario");
    text_at(cr, MARGIN + c0 + 10, y, 0, 0, "RTO (downtime)");
    text_at(cr, MARGIN + c0 + c1 + 10, y, 0, 0, "RPO (data loss)");
    y += 18;
    int any_breach = 0, any_risk = 0, shown = 0;
    for (int s = 0; s < ns; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const struct scenario *sc = &p->scenarios[sr->scenario];
        any_breach |=
            sr->rto_obj.verdict == MC_VERDICT_BREACH || sr->rpo_obj.verdict == MC_VERDICT_BREACH;
        any_risk |=
            sr->rto_obj.verdict == MC_VERDICT_AT_RISK || sr->rpo_obj.verdict == MC_VERDICT_AT_RISK;
        if (y + rh > PAGE_H - 100)
            continue; /* more scenarios than fit: the overall line below still counts them */
        shown++;
        hline(cr, MARGIN, MARGIN + tw, y, C_GRID, 0.8, 0);
        font(cr, 12, F_BOLD);
        set_col(cr, C_INK);
        fit_at(cr, MARGIN + 4, y + rh * 0.3, 0, 0.5, c0 - 8, sc->name);
        snprintf(buf, sizeof buf, "%s%s%.3g outages a year", sc->description ? sc->description : "",
                 sc->description ? MIDDOT : "", sc->per_year);
        font(cr, 9, F_NORMAL);
        set_col(cr, C_MUTED);
        fit_at(cr, MARGIN + 4, y + rh * 0.7, 0, 0.5, c0 - 8, buf);
        verdict_cell(cr, MARGIN + c0, y, c1, rh, &sr->rto_obj, p->confidence);
        verdict_cell(cr, MARGIN + c0 + c1, y, c1, rh, &sr->rpo_obj, p->confidence);
        y += rh;
    }
    hline(cr, MARGIN, MARGIN + tw, y, C_GRID, 0.8, 0);
    y += 14;
    if (shown < ns) {
        font(cr, 9, F_ITALIC);
        set_col(cr, C_MUTED);
        snprintf(buf, sizeof buf, "%d more scenarios on the following pages", ns - shown);
        text_at(cr, MARGIN, y, 0, 0, buf);
        y += 14;
    }
    enum mc_verdict overall = any_breach ? MC_VERDICT_BREACH
                              : any_risk ? MC_VERDICT_AT_RISK
                                         : MC_VERDICT_MEETS;
    double cw = chip(cr, MARGIN, y + 9, 12, overall, NULL);
    font(cr, 12, F_BOLD);
    set_col(cr, C_INK);
    text_at(cr, MARGIN + cw + 10, y + 9, 0, 0.5,
            any_breach ? "Policy breached for at least one objective."
            : any_risk ? "Policy met on estimate, but at risk for at least one objective."
                       : "Every objective meets policy at the required confidence.");
    y += 30;
    font(cr, 8.5, F_NORMAL);
    set_col(cr, C_MUTED);
    snprintf(
        buf, sizeof buf,
        "meets: the lower bound of the 95%% interval of P(met) is at least the required %.4g%%."
        "  at risk: the estimate reaches it, the lower bound does not."
        "  breach: the estimate is below it.  %s = the value reached in %.4g%% of simulated "
        "outages.",
        100.0 * p->confidence, pct_label(p->confidence, hex, sizeof hex), 100.0 * p->confidence);
    para(cr, MARGIN, y, PAGE_W - 2 * MARGIN, 11, PAGE_H - 30, buf, 1);
    if (pk->meta && pk->meta->command) {
        font(cr, 8.5, F_NORMAL);
        snprintf(buf, sizeof buf, "Reproduce with: %s", pk->meta->command);
        fit_at(cr, MARGIN, PAGE_H - 44, 0, 0, PAGE_W - 2 * MARGIN, buf);
    }
}

/* Title and verdict chips of a scenario page; returns the y below. */
static double scenario_header(cairo_t *cr, struct pack *pk, int s, const char *what)
{
    const struct plan *p = pk->r->plan;
    const struct mc_scenario_result *sr = &pk->r->scenarios[s];
    const struct scenario *sc = &p->scenarios[sr->scenario];
    char title[512], sub[512], a[32], b[32];
    snprintf(title, sizeof title, "Scenario %s%s%s", sc->name, sc->description ? ": " : "",
             sc->description ? sc->description : "");
    if (sc->has_policy)
        snprintf(sub, sizeof sub,
                 "%s" MIDDOT "%s outage, %.3g a year" MIDDOT
                 "policy: RTO %s, RPO %s at %.4g%% confidence",
                 what, plan_scope_name(sc->scope), sc->per_year, dur(sc->rto_target_s, a, sizeof a),
                 dur(sc->rpo_target_s, b, sizeof b), 100.0 * p->confidence);
    else
        snprintf(sub, sizeof sub,
                 "%s" MIDDOT "%s outage, %.3g a year" MIDDOT "no policy objectives", what,
                 plan_scope_name(sc->scope), sc->per_year);
    double y = page_header(cr, title, sub, 230);
    double x = PAGE_W - MARGIN;
    const struct mc_objective *obs[2] = {&sr->rpo_obj, &sr->rto_obj};
    const char *names[2] = {"RPO", "RTO"};
    for (int k = 0; k < 2; k++) {
        char lab[48];
        snprintf(lab, sizeof lab, "%s %s", names[k], mc_verdict_name(obs[k]->verdict));
        font(cr, 11, F_BOLD);
        double w = text_w(cr, lab) + 11;
        x -= w;
        chip(cr, x, 32, 11, obs[k]->verdict, lab);
        x -= 8;
    }
    return y;
}

static void pack_scenario(cairo_t *cr, struct pack *pk, int s, int parent)
{
    struct chart ch;
    char fnd[MAX_FINDINGS][FINDING_LEN];
    double fs = 9.5;
    chart_init(&ch, pk->r, s, &pk->typical[s], fs);
    ch.row_max = 3.4; /* a slide has room: small runbooks get thicker rows */

    /* Page A: findings and the two CDFs. */
    outline(pk, parent, "Outcomes: RTO and RPO");
    double y = scenario_header(cr, pk, s, "outcomes");
    font(cr, 12.5, F_BOLD);
    set_col(cr, C_INK);
    text_at(cr, MARGIN, y + 4, 0, 0, "Findings");
    double fy = y + 26, colw = 300;
    int nf = scenario_findings(pk->r, s, fnd);
    for (int i = 0; i < nf && fy < FOOT_Y - 30; i++) {
        font(cr, 10, F_NORMAL);
        set_col(cr, i < 2 ? verdict_colour(i == 0 ? ch.sr->rto_obj.verdict : ch.sr->rpo_obj.verdict)
                          : C_MUTED);
        cairo_rectangle(cr, MARGIN, fy + 3, 4, 8);
        cairo_fill(cr);
        set_col(cr, C_INK);
        fy = para(cr, MARGIN + 10, fy, colw - 10, 13.2, FOOT_Y - 14, fnd[i], 1) + 6;
    }
    double rx = MARGIN + colw + 20, rw = PAGE_W - MARGIN - rx, rh = (FOOT_Y - 16 - y) / 2;
    struct box b1 = {rx, y, rw, rh - 4}, b2 = {rx, y + rh + 4, rw, rh - 4};
    render_chart(cr, &ch, DRAW_RTO_CDF, &b1);
    render_chart(cr, &ch, DRAW_RPO_CDF, &b2);
    page_end(cr, pk);

    /* Page B: the typical trial's timeline and the critical path. */
    outline(pk, parent, "Timeline and critical path");
    y = scenario_header(cr, pk, s, "where the time goes");
    double lw = (PAGE_W - 2 * MARGIN) * 0.6;
    struct box tb = {MARGIN, y, lw, FOOT_Y - 14 - y};
    struct box cb = {MARGIN + lw + 24, y, PAGE_W - 2 * MARGIN - lw - 24, FOOT_Y - 14 - y};
    render_chart(cr, &ch, DRAW_TIMELINE, &tb);
    render_chart(cr, &ch, DRAW_CRITICAL_PATH, &cb);
    page_end(cr, pk);

    /* Page C: data loss per store and the two histograms. */
    outline(pk, parent, "Data loss per store, distributions");
    y = scenario_header(cr, pk, s, "data loss and distributions");
    lw = (PAGE_W - 2 * MARGIN) * 0.52;
    struct box sb = {MARGIN, y, lw, FOOT_Y - 14 - y};
    double hx = MARGIN + lw + 24, hw = PAGE_W - MARGIN - hx, hh = (FOOT_Y - 14 - y) / 2;
    struct box h1 = {hx, y, hw, hh - 4}, h2 = {hx, y + hh + 4, hw, hh - 4};
    render_chart(cr, &ch, DRAW_STORE_RPO, &sb);
    render_chart(cr, &ch, DRAW_RTO_HIST, &h1);
    render_chart(cr, &ch, DRAW_RPO_HIST, &h2);
    page_end(cr, pk);
}

/* ---- assumptions: text flowed over as many pages as needed ------------------------------- */


struct tcol {
    const char *head;
    double frac; /* share of the table width */
};

struct flow {
    cairo_t *cr;
    struct pack *pk;
    double y;                /* next free y */
    const struct tcol *cols; /* the current table, repeated after a page break */
    int nc;
};

#define FLOW_X MARGIN
#define FLOW_W (PAGE_W - 2 * MARGIN)
#define FLOW_BOTTOM (FOOT_Y - 16)
#define BODY 9.0
#define BODY_LH 11.6

static void flow_header_row(struct flow *f);

static void flow_page(struct flow *f)
{
    page_end(f->cr, f->pk);
    f->y = page_header(f->cr, "Main assumptions (continued)", NULL, 0);
    if (f->cols)
        flow_header_row(f);
}

static void flow_need(struct flow *f, double h)
{
    if (f->y + h > FLOW_BOTTOM)
        flow_page(f);
}

static void flow_heading(struct flow *f, const char *text)
{
    f->cols = NULL;
    flow_need(f, 130); /* keep the heading with its text and the table's first rows */
    f->y += 6;
    font(f->cr, 12.5, F_BOLD);
    set_col(f->cr, C_INK);
    fit_at(f->cr, FLOW_X, f->y, 0, 0, FLOW_W, text);
    f->y += 19;
}

static void flow_text(struct flow *f, const char *text)
{
    font(f->cr, BODY + 0.5, F_NORMAL);
    double h = para(f->cr, FLOW_X, 0, FLOW_W, BODY_LH + 1, INFINITY, text, 0);
    flow_need(f, fmin(h, FLOW_BOTTOM - 120));
    set_col(f->cr, C_INK);
    f->y = para(f->cr, FLOW_X, f->y, FLOW_W, BODY_LH + 1, FLOW_BOTTOM, text, 1) + 5;
}

/* One table cell: its first line in bold when `lead` (the row's name), the rest in the
 * body font. Returns the y below it; draws only when `draw`. */
static double cell(cairo_t *cr, double x, double y, double w, const char *text, int bold, int lead,
                   int draw)
{
    const char *nl = lead ? strchr(text, '\n') : NULL;
    font(cr, BODY, bold || lead ? F_BOLD : F_NORMAL);
    if (!nl)
        return para(cr, x, y, w, BODY_LH, INFINITY, text, draw);
    char first[256];
    size_t len = (size_t)(nl - text) < sizeof first - 1 ? (size_t)(nl - text) : sizeof first - 1;
    memcpy(first, text, len);
    first[len] = '\0';
    y = para(cr, x, y, w, BODY_LH, INFINITY, first, draw);
    font(cr, BODY, F_NORMAL);
    return para(cr, x, y, w, BODY_LH, INFINITY, nl + 1, draw);
}

static double row_height(cairo_t *cr, const struct tcol *cols, int nc, const char *const *cells,
                         int header)
{
    double h = 0;
    for (int i = 0; i < nc; i++) {
        double w = cols[i].frac * FLOW_W - 8;
        h = fmax(h, cell(cr, 0, 0, w, cells[i] ? cells[i] : "", header, !header && i == 0, 0));
    }
    return h + 6;
}

static void draw_row(struct flow *f, const struct tcol *cols, int nc, const char *const *cells,
                     int header)
{
    cairo_t *cr = f->cr;
    double h = row_height(cr, cols, nc, cells, header);
    if (header) {
        cairo_rectangle(cr, FLOW_X, f->y, FLOW_W, h);
        set_col(cr, C_BAND);
        cairo_fill(cr);
    }
    double x = FLOW_X;
    for (int i = 0; i < nc; i++) {
        double w = cols[i].frac * FLOW_W;
        set_col(cr, header ? C_MUTED : C_INK);
        cell(cr, x + 4, f->y + 3, w - 8, cells[i] ? cells[i] : "", header, !header && i == 0, 1);
        x += w;
    }
    f->y += h;
    hline(cr, FLOW_X, FLOW_X + FLOW_W, f->y, C_GRID, 0.6, 0);
}

static void flow_header_row(struct flow *f)
{
    const char *heads[MAX_COLS_T];
    for (int i = 0; i < f->nc; i++)
        heads[i] = f->cols[i].head;
    draw_row(f, f->cols, f->nc, heads, 1);
}

static void flow_table(struct flow *f, const struct tcol *cols, int nc)
{
    f->cols = cols;
    f->nc = nc;
    flow_need(f, 60);
    flow_header_row(f);
}

static void flow_row(struct flow *f, const char *const *cells)
{
    double h = row_height(f->cr, f->cols, f->nc, cells, 0);
    if (f->y + h > FLOW_BOTTOM)
        flow_page(f);
    draw_row(f, f->cols, f->nc, cells, 0);
}

static char *tz_text(double off_s, char *buf, size_t n)
{
    if (off_s == 0) {
        snprintf(buf, n, "UTC");
        return buf;
    }
    long m = lround(fabs(off_s) / 60);
    snprintf(buf, n, "UTC%c%02ld:%02ld", off_s < 0 ? '-' : '+', m / 60, m % 60);
    return buf;
}

static char *days_text(unsigned mask, char *buf, size_t n)
{
    static const char *const dn[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    size_t len = 0;
    buf[0] = '\0';
    for (int d = 0; d < 7;) {
        if (!(mask & (1u << d))) {
            d++;
            continue;
        }
        int e = d;
        while (e + 1 < 7 && (mask & (1u << (e + 1))))
            e++;
        int w = e == d ? snprintf(buf + len, n - len, "%s%s", len ? "," : "", dn[d])
                       : snprintf(buf + len, n - len, "%s%s-%s", len ? "," : "", dn[d], dn[e]);
        if (w < 0 || (size_t)w >= n - len)
            break;
        len += (size_t)w;
        d = e + 1;
    }
    if (len == 0)
        snprintf(buf, n, "none");
    return buf;
}

static char *clock_text(double s, char *buf, size_t n)
{
    long m = lround(s / 60);
    snprintf(buf, n, "%02ld:%02ld", m / 60, m % 60);
    return buf;
}

/* Append formatted text to cell (CELL_LEN bytes), truncating when full. */
static void cat(char *cell, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void cat(char *cell, const char *fmt, ...)
{
    size_t len = strlen(cell);
    if (len + 1 >= CELL_LEN)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cell + len, CELL_LEN - len, fmt, ap);
    va_end(ap);
}


static void step_work_text(const struct plan *p, const struct step *st, char *cell)
{
    char d1[160], d2[160], sz[48];
    switch (st->kind) {
    case STEP_TASK:
        cat(cell, "%s", dist_describe(&st->duration, units_format_duration, d1, sizeof d1));
        break;
    case STEP_FAILOVER: {
        const struct store *so = &p->stores[st->store];
        cat(cell, "failover of %s: %s", so->name,
            dist_describe(&so->failover, units_format_duration, d1, sizeof d1));
        break;
    }
    case STEP_RESTORE: {
        const struct store *so = &p->stores[st->store];
        units_format_size(so->size_bytes, sz, sizeof sz);
        if (so->recovery == STORE_RECOVER_NONE)
            cat(cell, "%s is unrecoverable: overhead %s only", so->name,
                dist_describe(&so->overhead, units_format_duration, d2, sizeof d2));
        else
            cat(cell, "%s %s (%s): throughput %s per stream " TIMES " %d, overhead %s",
                so->recovery == STORE_RECOVER_REBUILD ? "rebuild" : "restore", so->name, sz,
                dist_describe(&so->throughput, fmt_rate, d1, sizeof d1), so->parallelism,
                dist_describe(&so->overhead, units_format_duration, d2, sizeof d2));
        break;
    }
    }
}

/* The "size, redundancy, recovery" and "backups" cells of store i (appended to c1, c2). */
static void store_texts(const struct plan *p, int i, char *c1, char *c2)
{
    const struct store *so = &p->stores[i];
    char a[160], b[160], c[64];
    units_format_size(so->size_bytes, c, sizeof c);
    cat(c1, "%s; zone redundancy: %s", c, plan_zone_mode_name(so->zone_mode));
    if (so->zone_mode == STORE_ZONE_ASYNC)
        cat(c1, ", lag %s", dist_describe(&so->replica_lag, units_format_duration, a, sizeof a));
    if (so->zone_mode == STORE_ZONE_SYNC || so->zone_mode == STORE_ZONE_ASYNC)
        cat(c1, ", failover %s", dist_describe(&so->failover, units_format_duration, a, sizeof a));
    if (so->recovery == STORE_RECOVER_NONE)
        cat(c1, "\nrecovery: unrecoverable");
    else
        cat(c1, "\n%s: %s per stream " TIMES " %d, overhead %s", plan_recovery_name(so->recovery),
            dist_describe(&so->throughput, fmt_rate, a, sizeof a), so->parallelism,
            dist_describe(&so->overhead, units_format_duration, b, sizeof b));
    if (so->note)
        cat(c1, "\nnote: %s", so->note);
    for (size_t k = 0; k < so->n_rules; k++) {
        const struct backup_rule *ru = &so->rules[k];
        char sched[128];
        sched_format(&ru->schedule, sched, sizeof sched);
        cat(c2, "%s%s: %s", k ? "\n" : "", ru->name, sched);
        if (ru->schedule.kind == SCHED_CONTINUOUS)
            cat(c2, ", lag %s", dist_describe(&ru->lag, units_format_duration, a, sizeof a));
        else if (!(ru->complete.kind == DIST_FIXED && ru->complete.p[0] == 0))
            cat(c2, ", usable after %s",
                dist_describe(&ru->complete, units_format_duration, a, sizeof a));
        if (ru->failure_prob > 0)
            cat(c2, ", fails %.3g%%", 100.0 * ru->failure_prob);
        if (isfinite(ru->retention_s))
            cat(c2, ", kept %s", dur(ru->retention_s, a, sizeof a));
        cat(c2, ", %s", plan_location_name(ru->location));
    }
    if (so->n_rules == 0)
        cat(c2, "none");
}

static void pack_assumptions(cairo_t *cr, struct pack *pk)
{
    const struct mc_results *r = pk->r;
    const struct plan *p = r->plan;
    char(*cells)[CELL_LEN] = pk->cells; /* MAX_COLS_T table cells, then two scratch cells */
    const char *cp[MAX_COLS_T];
    char a[160], b[160], c[64], d[64];
    for (int i = 0; i < MAX_COLS_T; i++)
        cp[i] = cells[i];
#define CLEAR() (void)memset(cells, 0, MAX_COLS_T * sizeof cells[0])

    outline(pk, CAIRO_PDF_OUTLINE_ROOT, "Main assumptions");
    struct flow f = {cr, pk, 0, NULL, 0};
    f.y = page_header(cr, "Main assumptions",
                      "the inputs as simulated; every figure in this pack follows from them", 0);
    char epoch[16];
    units_format_date(p->calendar.epoch_days, epoch, sizeof epoch);
    CLEAR();
    cat(cells[0],
        "Policy: each objective must be met with probability %.4g%%; RTO is measured from the %s. "
        "Outages start uniformly over %s from %s (the calendar epoch, %s); %llu trials per "
        "scenario, "
        "seed %llu.",
        100.0 * p->confidence,
        p->rto_clock == RTO_FROM_DECLARATION ? "declaration of the disaster" : "outage start",
        dur(p->calendar.window_s, a, sizeof a), epoch,
        tz_text(p->calendar.tz_offset_s, c, sizeof c), (unsigned long long)r->n_trials,
        (unsigned long long)r->seed);
    flow_text(&f, cells[0]);

    static const struct tcol rb_cols[] = {
        {"Step", 0.22}, {"Work time", 0.42}, {"People", 0.15}, {"After", 0.21}};
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct scenario *sc = &p->scenarios[r->scenarios[s].scenario];
        snprintf(a, sizeof a, "Scenario %s (%s outage)", sc->name, plan_scope_name(sc->scope));
        flow_heading(&f, a);
        CLEAR();
        cat(cells[0], "%.3g outages a year; each lasts %s.", sc->per_year,
            isinf(sc->duration.p[0]) && sc->duration.kind == DIST_FIXED
                ? "until recovered"
                : dist_describe(&sc->duration, units_format_duration, b, sizeof b));
        if (sc->has_policy)
            cat(cells[0], " Targets: RTO %s, RPO %s.", dur(sc->rto_target_s, c, sizeof c),
                dur(sc->rpo_target_s, d, sizeof d));
        if (sc->on_outage_end == OUTAGE_END_RESTORES)
            cat(cells[0],
                " If the outage ends before failover is committed, service is back then%s%s.",
                sc->commit_step >= 0 ? "; failover commits when this step starts: " : "",
                sc->commit_step >= 0 ? sc->steps[sc->commit_step].name : "");
        else
            cat(cells[0], " Failover runs to the end even if the outage ends.");
        cat(cells[0], " Service is restored by %s", sc->steps[sc->service_step].name);
        if (sc->full_step >= 0)
            cat(cells[0], ", full capacity by %s", sc->steps[sc->full_step].name);
        if (sc->declare_step >= 0)
            cat(cells[0], "; the disaster is declared by %s", sc->steps[sc->declare_step].name);
        cat(cells[0], ".");
        flow_text(&f, cells[0]);
        flow_table(&f, rb_cols, 4);
        for (int i = 0; i < sc->n_steps; i++) {
            const struct step *st = &sc->steps[i];
            CLEAR();
            cat(cells[0], "%s", st->name);
            if (st->restoration)
                cat(cells[0], " (restoration phase)");
            step_work_text(p, st, cells[1]);
            if (st->description)
                cat(cells[1], "\n%s", st->description);
            for (int k = 0; k < st->n_needs; k++)
                cat(cells[2], "%s%s", k ? ", " : "", p->roles[st->needs[k]].name);
            if (st->n_needs == 0)
                cat(cells[2], "none (automatic)");
            for (int k = 0; k < st->n_after; k++)
                cat(cells[3], "%s%s", k ? ", " : "", sc->steps[st->after[k]].name);
            if (st->n_after == 0)
                cat(cells[3], "outage start");
            flow_row(&f, cp);
        }
    }

    static const struct tcol role_cols[] = {{"Role", 0.17},
                                            {"People", 0.07},
                                            {"Response time from page to work", 0.43},
                                            {"Escalation", 0.15},
                                            {"Business hours", 0.18}};
    flow_heading(&f, "Staffing");
    flow_table(&f, role_cols, 5);
    for (int i = 0; i < p->n_roles; i++) {
        const struct role *ro = &p->roles[i];
        CLEAR();
        cat(cells[0], "%s", ro->name);
        if (ro->description)
            cat(cells[0], "\n%s", ro->description);
        cat(cells[1], "%d", ro->count);
        for (int k = 0; k < SCHED_N_PERIODS; k++)
            cat(cells[2], "%s%s: %s", k ? "\n" : "", sched_period_name((enum sched_period)k),
                dist_describe(&ro->response[k], units_format_duration, a, sizeof a));
        if (isfinite(ro->escalate_after_s) && ro->stand_in >= 0)
            cat(cells[3], "after %s to %s", dur(ro->escalate_after_s, a, sizeof a),
                p->roles[ro->stand_in].name);
        else
            cat(cells[3], "none");
        cat(cells[4], "%s %s-%s %s", days_text(ro->calendar.workdays_mask, a, sizeof a),
            clock_text(ro->calendar.day_start_s, c, sizeof c),
            clock_text(ro->calendar.day_end_s, d, sizeof d),
            tz_text(ro->calendar.tz_offset_s, b, sizeof b));
        if (ro->calendar.n_holidays > 0)
            cat(cells[4], "; %zu holidays", ro->calendar.n_holidays);
        flow_row(&f, cp);
    }

    static const struct tcol store_cols[] = {
        {"Store", 0.17}, {"Size, redundancy, recovery", 0.36}, {"Backups (recovery points)", 0.47}};
    flow_heading(&f, "Data stores and backups");
    flow_table(&f, store_cols, 3);
    for (int i = 0; i < p->n_stores; i++) {
        const struct store *so = &p->stores[i];
        CLEAR();
        cat(cells[0], "%s", so->name);
        if (so->kind)
            cat(cells[0], "\n%s", so->kind);
        if (!so->counts_for_rpo)
            cat(cells[0], "\nnot counted for RPO");
        store_texts(p, i, cells[1], cells[2]);
        /* Stores defined alike (YAML anchors) are described once. */
        char *prev1 = cells[MAX_COLS_T], *prev2 = cells[MAX_COLS_T + 1];
        for (int j = 0; j < i; j++) {
            prev1[0] = prev2[0] = '\0';
            store_texts(p, j, prev1, prev2);
            if (strcmp(prev1, cells[1]) == 0 && strcmp(prev2, cells[2]) == 0) {
                cells[1][0] = cells[2][0] = '\0';
                cat(cells[1], "as %s", p->stores[j].name);
                cat(cells[2], "as %s", p->stores[j].name);
                break;
            }
        }
        flow_row(&f, cp);
    }
#undef CLEAR
    page_end(cr, pk);
}

static void render_pack(cairo_surface_t *surf, cairo_t *cr, void *user)
{
    struct pack *pk = user;
    const struct plan *p = pk->r->plan;
    char buf[512];
    pk->surf = surf;
    snprintf(buf, sizeof buf, "Disaster recovery review: %s", p->name ? p->name : "plan");
    pdf_metadata(surf, buf, pk->meta);
    if (p->organization)
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR, p->organization);
    outline(pk, CAIRO_PDF_OUTLINE_ROOT, "Cover and verdicts");
    pack_cover(cr, pk);
    page_end(cr, pk);
    for (int s = 0; s < pk->r->n_scenarios; s++) {
        snprintf(buf, sizeof buf, "Scenario %s", p->scenarios[pk->r->scenarios[s].scenario].name);
        int id = outline(pk, CAIRO_PDF_OUTLINE_ROOT, buf);
        pack_scenario(cr, pk, s, id);
    }
    pack_assumptions(cr, pk);
}

enum draw_status draw_write_review_pack(const char *path, const struct mc_results *r,
                                        const struct draw_meta *meta, int *n_pages, char *err,
                                        size_t errlen)
{
    if (n_pages)
        *n_pages = 0;
    if (!path || !r) {
        set_err(err, errlen, "draw_write_review_pack: %s%s", "no path or results", NULL);
        return DRAW_INVALID;
    }
    struct trial_result *typ =
        calloc((size_t)(r->n_scenarios > 0 ? r->n_scenarios : 1), sizeof *typ);
    char(*cells)[CELL_LEN] = calloc(MAX_COLS_T + 2, CELL_LEN);
    enum draw_status ds = DRAW_OK;
    if (!typ || !cells) {
        set_err(err, errlen, "out of memory writing %s%s", path, NULL);
        ds = DRAW_NOMEM;
        goto out;
    }
    for (int s = 0; s < r->n_scenarios; s++)
        if (replay_typical(r, s, &typ[s]) != 0) {
            set_err(err, errlen, "out of memory replaying a trial for %s%s", path, NULL);
            ds = DRAW_NOMEM;
            goto out;
        }
    struct pack pk = {r, meta, typ, cells, NULL, 0, ""};
    date_text(meta ? meta->date_s : 0, pk.date, sizeof pk.date);
    ds = write_doc(path, FMT_PDF, PAGE_W, PAGE_H, render_pack, &pk, err, errlen);
    if (ds == DRAW_OK && n_pages)
        *n_pages = pk.page;
out:
    free(cells);
    free(typ);
    release_caches();
    return ds;
}

/* ---- sweeps: the curve ---------------------------------------------------------------- */

#define SWEEP_SERIES 8 /* curves on one chart */

/* One curve of a sweep chart: an objective along axis 0 (and, for a grid, at one value
 * of axis 1). */
struct sweep_series {
    int scenario;
    enum sweep_objective objective;
    int v1;          /* grid: value index of axis 1; -1 for a one-axis sweep */
    char name[200];  /* legend text */
};

struct sweep_chart {
    const struct sweep_results *r;
    const struct draw_meta *meta;
    double w, h, fs;
};

/* The point at value v0 of axis 0 on series se. */
static const struct sweep_point *series_point(const struct sweep_results *r,
                                              const struct sweep_series *se, int v0)
{
    int i = r->n_axes == 1 ? v0 : v0 * r->axes[1].n_values + se->v1;
    return &r->points[i];
}

static const struct mc_objective *series_obj(const struct sweep_results *r,
                                             const struct sweep_series *se, int v0)
{
    return sweep_objective_of(&series_point(r, se, v0)->sc[se->scenario], se->objective);
}

static const char *objective_word(enum sweep_objective o)
{
    return o == SWEEP_RTO ? "RTO" : "RPO";
}

/* Whether objective (s, o) meets its target in a different number of trials somewhere. */
static int objective_varies(const struct sweep_results *r, int s, enum sweep_objective o)
{
    const struct mc_objective *first = sweep_objective_of(&r->points[0].sc[s], o);
    if (!first->has_target)
        return 0;
    for (int i = 1; i < r->n_points; i++)
        if (sweep_objective_of(&r->points[i].sc[s], o)->n_met != first->n_met)
            return 1;
    return 0;
}

/* The curves to draw: one per objective that moves (one axis), or one per value of axis
 * 1 for the objective that moves most (a grid). Returns how many. */
static int sweep_series_list(const struct sweep_results *r, struct sweep_series *out)
{
    int n = 0;
    char b1[32];
    if (r->n_axes == 1) {
        for (int s = 0; s < r->n_scenarios && n < SWEEP_SERIES; s++)
            for (int o = SWEEP_RTO; o <= SWEEP_RPO && n < SWEEP_SERIES; o++) {
                if (!objective_varies(r, s, (enum sweep_objective)o))
                    continue;
                const struct mc_objective *ob =
                    sweep_objective_of(&r->points[0].sc[s], (enum sweep_objective)o);
                out[n].scenario = s;
                out[n].objective = (enum sweep_objective)o;
                out[n].v1 = -1;
                snprintf(out[n].name, sizeof out[n].name, "%s %s " "\xe2\x89\xa4" " %s",
                         r->plan->scenarios[s].name, objective_word((enum sweep_objective)o),
                         dur(ob->target_s, b1, sizeof b1));
                n++;
            }
        return n;
    }
    double best = -1;
    int bs = 0, bo = 0;
    for (int s = 0; s < r->n_scenarios; s++)
        for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
            double lo = 1, hi = 0;
            for (int i = 0; i < r->n_points; i++) {
                const struct mc_objective *ob =
                    sweep_objective_of(&r->points[i].sc[s], (enum sweep_objective)o);
                if (!ob->has_target)
                    break;
                lo = fmin(lo, ob->p_met);
                hi = fmax(hi, ob->p_met);
            }
            if (hi - lo > best) {
                best = hi - lo;
                bs = s;
                bo = o;
            }
        }
    if (best < 0)
        return 0;
    const struct vary_axis *a1 = &r->axes[1];
    for (int v = 0; v < a1->n_values && n < SWEEP_SERIES; v++) {
        out[n].scenario = bs;
        out[n].objective = (enum sweep_objective)bo;
        out[n].v1 = v;
        snprintf(out[n].name, sizeof out[n].name, "%.*s = %s", (int)a1->path_len, a1->arg,
                 a1->values[v]);
        n++;
    }
    return n;
}

/* Axis 0's values in drawing order (by number when every value has one). */
static int sweep_order(const struct vary_axis *ax, int *ord)
{
    int numeric = ax->n_values > 1;
    for (int i = 0; i < ax->n_values; i++) {
        ord[i] = i;
        numeric &= isfinite(ax->x[i]);
    }
    if (!numeric)
        return 0;
    for (int i = 1; i < ax->n_values; i++)
        for (int j = i; j > 0 && ax->x[ord[j]] < ax->x[ord[j - 1]]; j--) {
            int t = ord[j];
            ord[j] = ord[j - 1];
            ord[j - 1] = t;
        }
    return ax->x[ord[ax->n_values - 1]] > ax->x[ord[0]];
}

/* "$12,345" for axis labels. */
static char *money_text(double usd, char *buf, size_t n)
{
    if (fabs(usd) >= 100000)
        snprintf(buf, n, "$%.0fk", usd / 1000);
    else if (fabs(usd) >= 100)
        snprintf(buf, n, "$%.0f", usd);
    else
        snprintf(buf, n, "$%.2f", usd);
    return buf;
}

static void render_sweep(cairo_surface_t *surf, cairo_t *cr, void *user)
{
    const struct sweep_chart *sc = user;
    const struct sweep_results *r = sc->r;
    const struct vary_axis *ax = &r->axes[0];
    const double fs = sc->fs, conf = r->plan->confidence;
    struct sweep_series se[SWEEP_SERIES];
    int n_se = sweep_series_list(r, se);
    int *ord = malloc((size_t)ax->n_values * sizeof *ord);
    char title[512], sub[512], lab[256], b1[64];

    pdf_metadata(surf, "sweep", sc->meta);
    paint_white(cr, sc->w, sc->h);
    if (!ord)
        return;
    int numeric = sweep_order(ax, ord);
    int timelike = numeric && (strcmp(ax->unit, "duration") == 0 || strcmp(ax->unit, "schedule") == 0);
    int has_cost = r->base.has_cost;

    struct box b = {fs, fs * 0.6, sc->w - 2 * fs, sc->h - fs * 1.2};
    struct chart chd = {NULL, r->plan, NULL, NULL, NULL, fs, 2.4};
    snprintf(title, sizeof title, "Sweep of %.*s", (int)ax->path_len, ax->arg);
    if (r->n_axes == 2 && n_se > 0)
        snprintf(sub, sizeof sub,
                 "probability of meeting the %s %s target (%s), with 95%% intervals, one curve per "
                 "value of %.*s; %llu trials a point, the same outages at every value (seed %llu)",
                 r->plan->scenarios[se[0].scenario].name, objective_word(se[0].objective),
                 dur(sweep_objective_of(&r->points[0].sc[se[0].scenario], se[0].objective)->target_s,
                     b1, sizeof b1),
                 (int)r->axes[1].path_len, r->axes[1].arg, (unsigned long long)r->n_trials,
                 (unsigned long long)r->seed);
    else
        snprintf(sub, sizeof sub,
                 "probability of meeting each target, with 95%% intervals; %llu trials a point, "
                 "the same outages at every value (seed %llu)",
                 (unsigned long long)r->n_trials, (unsigned long long)r->seed);
    double y = chart_title(cr, &chd, &b, title, sub) + fs * 0.5;

    /* Legend. */
    struct legend_item li[SWEEP_SERIES + 1];
    for (int k = 0; k < n_se; k++) {
        li[k].text = se[k].name;
        li[k].colour = role_palette[k % N_ROLE_COLOURS];
        li[k].kind = 0;
    }
    double lh = n_se ? legend(cr, fs, b.x, y, b.w, li, n_se, 1) : 0;
    y += lh + fs * 0.4;

    font(cr, fs * 0.85, F_NORMAL);
    double left = text_w(cr, "100%") + fs * 2.4;
    double bottom = b.y + b.h - fs * 3.4;
    double cost_h = has_cost ? (bottom - y) * 0.28 : 0;
    struct box a = {b.x + left, y, b.w - left - fs * 1.2, bottom - y - (has_cost ? cost_h + fs * 3.4 : 0)};
    if (a.w < fs * 4 || a.h < fs * 3 || n_se == 0) {
        font(cr, fs, F_ITALIC);
        set_col(cr, C_MUTED);
        fit_at(cr, b.x + b.w / 2, y + fs * 2, 0.5, 0, b.w,
               n_se == 0 ? "no objective with a target changes over these values" : "no room");
        free(ord);
        return;
    }

    /* Scales: the probability axis from a little below the lowest interval (and the
     * required confidence) to 100 %; values by number, else evenly spaced. */
    double ylo = conf;
    for (int k = 0; k < n_se; k++) {
        for (int v = 0; v < ax->n_values; v++)
            ylo = fmin(ylo, series_obj(r, &se[k], v)->ci_lo);
        if (r->n_axes == 1 && isfinite(ax->plan_x))
            ylo = fmin(ylo, sweep_objective_of(&r->base.sc[se[k].scenario], se[k].objective)->ci_lo);
    }
    ylo = fmax(0, floor((ylo - 0.02) * 20) / 20);
    struct plot_scale xs, ys;
    double x0 = numeric ? ax->x[ord[0]] : 0, x1 = numeric ? ax->x[ord[ax->n_values - 1]]
                                                           : (double)(ax->n_values - 1);
    /* The plan's own value is drawn too when it is a number off the swept values. */
    int plan_off = numeric && isfinite(ax->plan_x) && ax->plan_index < 0 && r->n_axes == 1;
    if (plan_off) {
        x0 = fmin(x0, ax->plan_x);
        x1 = fmax(x1, ax->plan_x);
    }
    if (!(x1 > x0))
        x1 = x0 + 1;
    double pad = (x1 - x0) * 0.03;
    plot_scale_linear(&xs, x0 - pad, x1 + pad, a.x, a.x + a.w);
    plot_scale_linear(&ys, ylo, 1, a.y + a.h, a.y);
#define XPOS(v) plot_scale_map(&xs, numeric ? ax->x[(v)] : (double)(rank_of[(v)]))
    int *rank_of = malloc((size_t)ax->n_values * sizeof *rank_of);
    if (!rank_of) {
        free(ord);
        return;
    }
    for (int i = 0; i < ax->n_values; i++)
        rank_of[ord[i]] = i;

    /* Probability axis. */
    struct plot_ticks t;
    int max_n = (int)(a.h / (fs * 2.0));
    plot_nice_ticks(ylo, 1, max_n < 2 ? 2 : max_n, &ys, &t);
    font(cr, fs * 0.85, F_NORMAL);
    cairo_set_line_width(cr, 1);
    for (int i = 0; i < t.n; i++) {
        hline(cr, a.x, a.x + a.w, round(t.pos[i]) + 0.5, C_GRID, 1, 0);
        snprintf(lab, sizeof lab, "%.0f%%", 100.0 * t.v[i]);
        set_col(cr, C_INK);
        text_at(cr, a.x - fs * 0.4, t.pos[i], 1, 0.5, lab);
    }
    vline(cr, round(a.x) + 0.5, a.y, a.y + a.h, C_INK, 1, 0);
    font(cr, fs * 0.9, F_NORMAL);
    set_col(cr, C_MUTED);
    cairo_save(cr);
    cairo_translate(cr, b.x + fs * 0.7, a.y + a.h / 2);
    cairo_rotate(cr, -M_PI / 2);
    fit_at(cr, 0, 0, 0.5, 0.5, a.h, "share of outages meeting the target");
    cairo_restore(cr);

    /* Value axis: time ticks for intervals and durations, else the values' own text. */
    char xtitle[300];
    snprintf(xtitle, sizeof xtitle, "%.*s%s", (int)ax->path_len, ax->arg,
             strcmp(ax->unit, "schedule") == 0 && numeric ? " (mean interval between points)" : "");
    if (timelike) {
        time_axis(cr, fs, &a, &xs, has_cost ? NULL : xtitle, a.w);
    } else {
        hline(cr, a.x, a.x + a.w, round(a.y + a.h) + 0.5, C_INK, 1, 0);
        font(cr, fs * 0.85, F_NORMAL);
        double last_right = -INFINITY;
        for (int i = 0; i < ax->n_values; i++) {
            int v = ord[i];
            double x = XPOS(v), w = text_w(cr, ax->values[v]);
            if (x - w / 2 < last_right + fs * 0.8 && i != ax->n_values - 1)
                continue;
            set_col(cr, C_INK);
            text_at(cr, x, a.y + a.h + fs * 0.4, 0.5, 0, ax->values[v]);
            last_right = x + w / 2;
        }
        if (!has_cost) {
            font(cr, fs * 0.9, F_NORMAL);
            set_col(cr, C_MUTED);
            fit_at(cr, a.x + a.w / 2, a.y + a.h + fs * 1.65, 0.5, 0, a.w, xtitle);
        }
    }

    /* Required confidence and the plan's value. */
    double yc = plot_scale_map(&ys, conf);
    hline(cr, a.x, a.x + a.w, yc, C_MUTED, 1, fs * 0.3);
    font(cr, fs * 0.8, F_NORMAL);
    snprintf(lab, sizeof lab, "required %.4g%%", 100.0 * conf);
    text_boxed(cr, a.x + a.w - fs * 0.4, yc + fs * 0.15, 1, 0, lab, C_MUTED);
    double xp = NAN;
    if (numeric && isfinite(ax->plan_x))
        xp = plot_scale_clamp(&xs, ax->plan_x);
    else if (ax->plan_index >= 0)
        xp = XPOS(ax->plan_index);
    if (isfinite(xp)) {
        vline(cr, xp, a.y, a.y + a.h, C_INK, 1, fs * 0.25);
        snprintf(lab, sizeof lab, "plan: %s", ax->plan_value);
        font(cr, fs * 0.8, F_BOLD);
        double w = text_w(cr, lab);
        int right = xp + fs * 0.3 + w <= a.x + a.w;
        text_boxed(cr, right ? xp + fs * 0.3 : xp - fs * 0.3, a.y + fs * 0.2, right ? 0 : 1, 0, lab,
                   C_INK);
    }

    /* Curves: the interval as a band, the estimate as a line, points by verdict. */
    cairo_save(cr);
    cairo_rectangle(cr, a.x - fs, a.y - fs, a.w + 2 * fs, a.h + 2 * fs);
    cairo_clip(cr);
    for (int k = 0; k < n_se; k++) {
        struct rgb c = role_palette[k % N_ROLE_COLOURS];
        for (int i = 0; i < ax->n_values; i++) {
            const struct mc_objective *ob = series_obj(r, &se[k], ord[i]);
            double x = XPOS(ord[i]);
            if (i == 0)
                cairo_move_to(cr, x, plot_scale_map(&ys, ob->ci_hi));
            else
                cairo_line_to(cr, x, plot_scale_map(&ys, ob->ci_hi));
        }
        for (int i = ax->n_values - 1; i >= 0; i--)
            cairo_line_to(cr, XPOS(ord[i]), plot_scale_map(&ys, series_obj(r, &se[k], ord[i])->ci_lo));
        cairo_close_path(cr);
        set_cola(cr, c, 0.18);
        cairo_fill(cr);
        for (int i = 0; i < ax->n_values; i++) {
            double x = XPOS(ord[i]), yy = plot_scale_map(&ys, series_obj(r, &se[k], ord[i])->p_met);
            if (i == 0)
                cairo_move_to(cr, x, yy);
            else
                cairo_line_to(cr, x, yy);
        }
        set_col(cr, c);
        cairo_set_line_width(cr, fmax(1.5, fs * 0.16));
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
        for (int i = 0; i < ax->n_values; i++) {
            const struct mc_objective *ob = series_obj(r, &se[k], ord[i]);
            cairo_arc(cr, XPOS(ord[i]), plot_scale_map(&ys, ob->p_met), fs * 0.28, 0, 2 * M_PI);
            set_col(cr, verdict_colour(ob->verdict));
            cairo_fill_preserve(cr);
            set_col(cr, darker(c, 0.8));
            cairo_set_line_width(cr, 1);
            cairo_stroke(cr);
        }
    }
    /* The plan as written, when it is not one of the points: a diamond per curve. */
    if (plan_off) {
        for (int k = 0; k < n_se; k++) {
            const struct mc_objective *ob = sweep_objective_of(&r->base.sc[se[k].scenario],
                                                               se[k].objective);
            double x = plot_scale_map(&xs, ax->plan_x), yy = plot_scale_map(&ys, ob->p_met);
            double d = fs * 0.42;
            cairo_move_to(cr, x, yy - d);
            cairo_line_to(cr, x + d, yy);
            cairo_line_to(cr, x, yy + d);
            cairo_line_to(cr, x - d, yy);
            cairo_close_path(cr);
            set_col(cr, verdict_colour(ob->verdict));
            cairo_fill_preserve(cr);
            set_col(cr, C_INK);
            cairo_set_line_width(cr, 1);
            cairo_stroke(cr);
        }
    }
    cairo_restore(cr);

    /* The knee and the cheapest point meeting the policy. */
    if (r->knee.point >= 0 && r->n_axes == 1) {
        for (int k = 0; k < n_se; k++) {
            if (se[k].scenario != r->knee.scenario || se[k].objective != r->knee.objective)
                continue;
            const struct mc_objective *ob = series_obj(r, &se[k], r->knee.point);
            double x = XPOS(r->knee.point), yy = plot_scale_map(&ys, ob->p_met);
            cairo_arc(cr, x, yy, fs * 0.6, 0, 2 * M_PI);
            set_col(cr, C_INK);
            cairo_set_line_width(cr, 1.5);
            cairo_stroke(cr);
            /* Label it on the empty side: above a falling curve to the right, above a
             * rising one to the left. */
            int rk = rank_of[r->knee.point];
            int nb = rk + 1 < ax->n_values ? ord[rk + 1] : ord[rk - 1];
            double slope = (series_obj(r, &se[k], nb)->p_met - ob->p_met) * (rk + 1 < ax->n_values ? 1 : -1);
            font(cr, fs * 0.8, F_BOLD);
            snprintf(lab, sizeof lab, "knee: %s", ax->values[r->knee.point]);
            if (slope <= 0)
                text_boxed(cr, x + fs * 0.5, yy - fs * 0.6, 0, 1, lab, C_INK);
            else
                text_boxed(cr, x - fs * 0.5, yy - fs * 0.6, 1, 1, lab, C_INK);
        }
    }

    /* Cost a month, when the plan has a cost model. */
    if (has_cost) {
        struct box c = {a.x, a.y + a.h + fs * 3.0, a.w, cost_h};
        int n_c = r->n_axes == 1 ? 1 : (n_se > 0 ? n_se : 1);
        double clo = INFINITY, chi = -INFINITY;
        for (int k = 0; k < n_c; k++)
            for (int v = 0; v < ax->n_values; v++) {
                double u = r->n_axes == 1 ? r->points[v].cost.total_usd
                                          : series_point(r, &se[k], v)->cost.total_usd;
                clo = fmin(clo, u);
                chi = fmax(chi, u);
            }
        if (!(chi > clo)) {
            chi = clo + 1;
            clo = fmax(0, clo - 1);
        }
        struct plot_scale cs;
        plot_scale_linear(&cs, clo - (chi - clo) * 0.08, chi + (chi - clo) * 0.08, c.y + c.h, c.y);
        struct plot_ticks ct;
        plot_nice_ticks(cs.d0, cs.d1, c.h > fs * 6 ? 4 : 2, &cs, &ct);
        font(cr, fs * 0.8, F_NORMAL);
        for (int i = 0; i < ct.n; i++) {
            if (ct.pos[i] < c.y - 1 || ct.pos[i] > c.y + c.h + 1)
                continue;
            hline(cr, c.x, c.x + c.w, round(ct.pos[i]) + 0.5, C_GRID, 1, 0);
            set_col(cr, C_INK);
            text_at(cr, c.x - fs * 0.4, ct.pos[i], 1, 0.5, money_text(ct.v[i], b1, sizeof b1));
        }
        vline(cr, round(c.x) + 0.5, c.y, c.y + c.h, C_INK, 1, 0);
        if (timelike)
            time_axis(cr, fs, &c, &xs, xtitle, c.w);
        else {
            hline(cr, c.x, c.x + c.w, round(c.y + c.h) + 0.5, C_INK, 1, 0);
            font(cr, fs * 0.9, F_NORMAL);
            set_col(cr, C_MUTED);
            fit_at(cr, c.x + c.w / 2, c.y + c.h + fs * 0.5, 0.5, 0, c.w, xtitle);
        }
        for (int k = 0; k < n_c; k++) {
            for (int i = 0; i < ax->n_values; i++) {
                double u = r->n_axes == 1 ? r->points[ord[i]].cost.total_usd
                                          : series_point(r, &se[k], ord[i])->cost.total_usd;
                double x = XPOS(ord[i]), yy = plot_scale_map(&cs, u);
                if (i == 0)
                    cairo_move_to(cr, x, yy);
                else
                    cairo_line_to(cr, x, yy);
            }
            set_col(cr, r->n_axes == 1 ? C_INK : role_palette[k % N_ROLE_COLOURS]);
            cairo_set_line_width(cr, fmax(1.2, fs * 0.12));
            cairo_stroke(cr);
        }
        if (r->cheapest >= 0 && r->n_axes == 1) {
            double x = XPOS(r->cheapest), yy = plot_scale_map(&cs, r->points[r->cheapest].cost.total_usd);
            cairo_arc(cr, x, yy, fs * 0.35, 0, 2 * M_PI);
            set_col(cr, C_MEETS);
            cairo_fill(cr);
            font(cr, fs * 0.8, F_BOLD);
            snprintf(lab, sizeof lab, "cheapest meeting policy: %s", ax->values[r->cheapest]);
            text_boxed(cr, x + fs * 0.5, yy - fs * 0.2, x > c.x + c.w * 0.6 ? 1.05 : 0, 1, lab,
                       darker(C_MEETS, 0.8));
        }
        font(cr, fs * 0.85, F_NORMAL);
        set_col(cr, C_MUTED);
        cairo_save(cr);
        cairo_translate(cr, b.x + fs * 0.7, c.y + c.h / 2);
        cairo_rotate(cr, -M_PI / 2);
        fit_at(cr, 0, 0, 0.5, 0.5, c.h, "cost a month");
        cairo_restore(cr);
    }
#undef XPOS
    free(rank_of);
    free(ord);
}

enum draw_status draw_write_sweep(const char *dir, const struct sweep_results *r,
                                  const struct draw_meta *meta, int *n_files, char *err,
                                  size_t errlen)
{
    char *path;
    size_t plen;
    enum draw_status begun = chart_dir_begin("draw_write_sweep", dir,
                                             r && r->n_points >= 1 ? r : NULL, n_files, &path,
                                             &plen, err, errlen);
    if (begun != DRAW_OK)
        return begun;
    struct sweep_chart sc = {r, meta, 1000, r->base.has_cost ? 760 : 600, 0};
    sc.fs = chart_font(sc.w, 600);
    enum draw_status ds = DRAW_OK;
    for (int f = 0; f < 3 && ds == DRAW_OK; f++) {
        snprintf(path, plen, "%s/sweep.%s", dir, fmt_ext[f]);
        ds = write_doc(path, (enum fmt)f, sc.w, sc.h, render_sweep, &sc, err, errlen);
        if (ds == DRAW_OK && n_files)
            (*n_files)++;
    }
    free(path);
    release_caches();
    return ds;
}

/* ---- sensitivity: the tornado ------------------------------------------------------------ */

#define TORNADO_BARS 15

struct tornado_chart {
    const struct sensitivity_results *r;
    const struct draw_meta *meta;
    int scenario;
    enum sweep_objective objective;
    int order[TORNADO_BARS]; /* factor indices, largest swing first */
    int n;
    double w, h, fs;
};

static double tornado_p(const struct sweep_summary *s, enum sweep_objective o)
{
    return sweep_objective_of(s, o)->p_met;
}

/* The inputs that move objective (s, o), largest swing first (at most TORNADO_BARS). */
static int tornado_pick(const struct sensitivity_results *r, int s, enum sweep_objective o,
                        int *order)
{
    int n = 0;
    for (int i = 0; i < r->n_factors; i++) {
        const struct sensitivity_factor *f = &r->factors[i];
        double d = fabs(tornado_p(&f->hi[s], o) - tornado_p(&f->lo[s], o));
        if (!(d > 0))
            continue;
        int k = n < TORNADO_BARS ? n++ : TORNADO_BARS - 1;
        if (k == TORNADO_BARS - 1 && n == TORNADO_BARS) {
            const struct sensitivity_factor *g = &r->factors[order[k]];
            if (fabs(tornado_p(&g->hi[s], o) - tornado_p(&g->lo[s], o)) >= d)
                continue;
        }
        order[k] = i;
        for (; k > 0; k--) {
            const struct sensitivity_factor *g = &r->factors[order[k - 1]];
            if (fabs(tornado_p(&g->hi[s], o) - tornado_p(&g->lo[s], o)) >= d)
                break;
            int t = order[k];
            order[k] = order[k - 1];
            order[k - 1] = t;
        }
    }
    return n;
}

/* An input's value for a bar label: a duration, a rate or a probability. */
static char *factor_text(const struct factor *f, double v, char *buf, size_t n)
{
    if (f->kind == FACTOR_PROB)
        snprintf(buf, n, "%.3g%%", 100.0 * v);
    else if (strcmp(f->unit, "rate") == 0)
        fmt_rate(v, buf, n);
    else
        dur(v, buf, n);
    return buf;
}

static void render_tornado(cairo_surface_t *surf, cairo_t *cr, void *user)
{
    const struct tornado_chart *tc = user;
    const struct sensitivity_results *r = tc->r;
    const int s = tc->scenario;
    const enum sweep_objective o = tc->objective;
    const double fs = tc->fs, conf = r->plan->confidence;
    const struct mc_objective *base = sweep_objective_of(&r->base[s], o);
    char title[300], sub[400], lab[300], a1[64], a2[64], a3[64];
    const struct rgb c_lo = HEX(0x56B4E9), c_hi = HEX(0xE69F00);

    snprintf(title, sizeof title, "What moves the %s %s: probability of meeting %s",
             r->plan->scenarios[s].name, objective_word(o), dur(base->target_s, a1, sizeof a1));
    pdf_metadata(surf, title, tc->meta);
    paint_white(cr, tc->w, tc->h);
    if (r->spread > 0)
        snprintf(sub, sizeof sub,
                 "each input scaled by -%.0f%% and +%.0f%%, one at a time; the plan meets it in "
                 "%.1f%% of outages",
                 100 * r->spread, 100 * r->spread, 100 * base->p_met);
    else
        snprintf(sub, sizeof sub,
                 "each input moved to its own P10 and P90 (probabilities halved and doubled), one "
                 "at a time; the plan meets it in %.1f%% of outages",
                 100 * base->p_met);
    struct box b = {fs, fs * 0.6, tc->w - 2 * fs, tc->h - fs * 1.2};
    struct chart chd = {NULL, r->plan, NULL, NULL, NULL, fs, 2.4};
    double y = chart_title(cr, &chd, &b, title, sub) + fs * 0.3;
    struct legend_item li[2] = {{"input at its low value", c_lo, 0}, {"input at its high value", c_hi, 0}};
    y += legend(cr, fs, b.x, y, b.w, li, 2, 1) + fs * 0.3;

    const char *names[TORNADO_BARS];
    char named[TORNADO_BARS][300];
    for (int k = 0; k < tc->n; k++) {
        const struct factor *f = &r->factors[tc->order[k]].f;
        if (f->n_uses > 1)
            snprintf(named[k], sizeof named[k], "%s (%d uses)", f->path, f->n_uses);
        else
            snprintf(named[k], sizeof named[k], "%s", f->path);
        names[k] = named[k];
    }
    font(cr, fs * 0.85, F_NORMAL);
    double lw = fmin(plot_max_label_width(names, tc->n, measure, cr), b.w * 0.42);
    struct box a = {b.x + lw + fs * 0.8, y, b.w - lw - fs * 1.4, b.y + b.h - y - fs * 3.0};
    if (a.w < fs * 4 || a.h < fs * 2)
        return;
    double lo = fmin(base->p_met, conf), hi = fmax(base->p_met, conf);
    for (int k = 0; k < tc->n; k++) {
        const struct sensitivity_factor *f = &r->factors[tc->order[k]];
        lo = fmin(lo, fmin(tornado_p(&f->lo[s], o), tornado_p(&f->hi[s], o)));
        hi = fmax(hi, fmax(tornado_p(&f->lo[s], o), tornado_p(&f->hi[s], o)));
    }
    lo = fmax(0, floor(lo * 20 - 0.2) / 20);
    hi = fmin(1, ceil(hi * 20 + 0.2) / 20);
    struct plot_scale xs;
    plot_scale_linear(&xs, lo, hi, a.x, a.x + a.w);
    struct plot_band band[TORNADO_BARS];
    double pitch = plot_bands(tc->n, a.y, a.y + a.h, fs * 2.6, 0.62, band);
    a.h = pitch * tc->n;
    struct plot_ticks t;
    plot_nice_ticks(lo, hi, a.w > fs * 30 ? 8 : 4, &xs, &t);
    font(cr, fs * 0.85, F_NORMAL);
    for (int i = 0; i < t.n; i++) {
        vline(cr, round(t.pos[i]) + 0.5, a.y, a.y + a.h, C_GRID, 1, 0);
        snprintf(lab, sizeof lab, "%.0f%%", 100 * t.v[i]);
        set_col(cr, C_INK);
        text_at(cr, t.pos[i], a.y + a.h + fs * 0.4, 0.5, 0, lab);
    }
    hline(cr, a.x, a.x + a.w, round(a.y + a.h) + 0.5, C_INK, 1, 0);
    font(cr, fs * 0.9, F_NORMAL);
    set_col(cr, C_MUTED);
    fit_at(cr, a.x + a.w / 2, a.y + a.h + fs * 1.65, 0.5, 0, a.w,
           "share of outages meeting the target");
    double xb = plot_scale_map(&xs, base->p_met);
    for (int k = 0; k < tc->n; k++) {
        const struct sensitivity_factor *f = &r->factors[tc->order[k]];
        double pl = tornado_p(&f->lo[s], o), ph = tornado_p(&f->hi[s], o);
        double xl = plot_scale_map(&xs, pl), xh = plot_scale_map(&xs, ph);
        cairo_rectangle(cr, fmin(xb, xl), band[k].y, fmax(fabs(xl - xb), 1), band[k].h / 2);
        set_col(cr, c_lo);
        cairo_fill(cr);
        cairo_rectangle(cr, fmin(xb, xh), band[k].y + band[k].h / 2, fmax(fabs(xh - xb), 1),
                        band[k].h / 2);
        set_col(cr, c_hi);
        cairo_fill(cr);
        double lab_fs = fmin(fs * 0.85, pitch * 0.42);
        font(cr, lab_fs, F_NORMAL);
        set_col(cr, C_INK);
        fit_at(cr, a.x - fs * 0.5, band[k].mid - lab_fs * 0.55, 1, 0.5, lw, names[k]);
        snprintf(lab, sizeof lab, "%s%s .. %s (plan %s)", f->f.kind == FACTOR_DIST ? "median " : "",
                 factor_text(&f->f, f->typical_lo, a1, sizeof a1),
                 factor_text(&f->f, f->typical_hi, a2, sizeof a2),
                 factor_text(&f->f, f->typical, a3, sizeof a3));
        font(cr, lab_fs * 0.9, F_NORMAL);
        set_col(cr, C_MUTED);
        fit_at(cr, a.x - fs * 0.5, band[k].mid + lab_fs * 0.55, 1, 0.5, lw, lab);
    }
    vline(cr, xb, a.y - fs * 0.3, a.y + a.h, C_INK, 1.5, 0);
    double xc = plot_scale_clamp(&xs, conf);
    vline(cr, xc, a.y - fs * 0.3, a.y + a.h, C_BREACH, 1.2, fs * 0.3);
    font(cr, fs * 0.8, F_BOLD);
    snprintf(lab, sizeof lab, "required %.4g%%", 100 * conf);
    text_boxed(cr, xc, a.y - fs * 0.35, xc > a.x + a.w * 0.8 ? 1 : 0, 1, lab, C_BREACH);
}

enum draw_status draw_write_tornado(const char *dir, const struct sensitivity_results *r,
                                    const struct draw_meta *meta, int *n_files, char *err,
                                    size_t errlen)
{
    char *path;
    size_t plen;
    enum draw_status begun =
        chart_dir_begin("draw_write_tornado", dir, r, n_files, &path, &plen, err, errlen);
    if (begun != DRAW_OK)
        return begun;
    enum draw_status ds = DRAW_OK;
    for (int s = 0; s < r->n_scenarios && ds == DRAW_OK; s++) {
        for (int o = SWEEP_RTO; o <= SWEEP_RPO && ds == DRAW_OK; o++) {
            struct tornado_chart tc;
            memset(&tc, 0, sizeof tc);
            tc.r = r;
            tc.meta = meta;
            tc.scenario = s;
            tc.objective = (enum sweep_objective)o;
            if (!sweep_objective_of(&r->base[s], tc.objective)->has_target)
                continue;
            tc.n = tornado_pick(r, s, tc.objective, tc.order);
            if (tc.n == 0)
                continue;
            tc.w = 1100;
            tc.h = fmin(1600, 170 + 40.0 * tc.n);
            tc.fs = chart_font(tc.w, 600);
            char safe[128];
            draw_safe_name(r->plan->scenarios[s].name, safe, sizeof safe);
            for (int f = 0; f < 3 && ds == DRAW_OK; f++) {
                snprintf(path, plen, "%s/tornado-%s-%s.%s", dir, safe, o == SWEEP_RTO ? "rto" : "rpo",
                         fmt_ext[f]);
                ds = write_doc(path, (enum fmt)f, tc.w, tc.h, render_tornado, &tc, err, errlen);
                if (ds == DRAW_OK && n_files)
                    (*n_files)++;
            }
        }
    }
    free(path);
    release_caches();
    return ds;
}
