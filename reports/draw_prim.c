/* reports/draw_prim.c: the vocabulary charts are written in (see draw_int.h).
 *
 * Colours, text, shapes, number formats, axes and legends: small functions over a cairo
 * context that every chart family and the review pack share. Text uses cairo's toy font
 * API with DRAW_FONT; where a label may not fit, reports/plot.h decides how to cut or
 * wrap it (tested without cairo) and these functions draw the result. Nothing here
 * checks cairo's status: errors are sticky and the writer checks once (draw_file.c).
 * A function that changes the font or the source colour leaves them changed; callers
 * set both before they draw text.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/units.h"
#include "reports/draw_int.h"

/* ---- colours ------------------------------------------------------------------------ */

struct rgb draw_verdict_colour(enum mc_verdict v)
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

struct rgb draw_darker(struct rgb c, double f)
{
    struct rgb d = {c.r * f, c.g * f, c.b * f};
    return d;
}

void draw_set_col(cairo_t *cr, struct rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

void draw_set_cola(cairo_t *cr, struct rgb c, double a)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, a);
}

/* ---- text --------------------------------------------------------------------------- */

void draw_font(cairo_t *cr, double size, int style)
{
    cairo_select_font_face(cr, DRAW_FONT,
                           (style & F_ITALIC) ? CAIRO_FONT_SLANT_OBLIQUE : CAIRO_FONT_SLANT_NORMAL,
                           (style & F_BOLD) ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

double draw_text_w(cairo_t *cr, const char *s)
{
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    return e.x_advance;
}

/* plot_measure_fn over the context's current font. */
double draw_measure(void *user, const char *s)
{
    return draw_text_w(user, s);
}

/* Height of a line box of the current font. */
double draw_line_box(cairo_t *cr)
{
    cairo_font_extents_t fe;
    cairo_font_extents(cr, &fe);
    return fe.ascent + fe.descent;
}

/* Show s anchored at (x, y): ax 0 = left, 0.5 = centre, 1 = right edge; ay 0 = top,
 * 0.5 = middle, 1 = bottom of the line box. Returns the width. */
double draw_text_at(cairo_t *cr, double x, double y, double ax, double ay, const char *s)
{
    cairo_font_extents_t fe;
    cairo_font_extents(cr, &fe);
    double w = draw_text_w(cr, s);
    cairo_move_to(cr, x - ax * w, y - ay * (fe.ascent + fe.descent) + fe.ascent);
    cairo_show_text(cr, s);
    return w;
}

/* As text_at, truncated with an ellipsis to max_w. Returns the width drawn. */
double draw_fit_at(cairo_t *cr, double x, double y, double ax, double ay, double max_w,
                   const char *s)
{
    char buf[512];
    if (plot_fit_label(s, max_w, draw_measure, cr, buf, sizeof buf) < 0)
        return 0;
    return draw_text_at(cr, x, y, ax, ay, buf);
}

/* Text on a white box, for labels over lines and curves. */
void draw_text_boxed(cairo_t *cr, double x, double y, double ax, double ay, const char *s,
                     struct rgb colour)
{
    double w = draw_text_w(cr, s), h = draw_line_box(cr), pad = h * 0.15;
    cairo_rectangle(cr, x - ax * w - pad, y - ay * h, w + 2 * pad, h);
    draw_set_cola(cr, C_WHITE, 0.85);
    cairo_fill(cr);
    draw_set_col(cr, colour);
    draw_text_at(cr, x, y, ax, ay, s);
}

/* Wrap s into lines of width w starting at top y with line height lh, stopping before
 * y_max (the last line that fits is ellipsized when text remains). Draws only when
 * `draw`; returns the y below the last line. */
double draw_para(cairo_t *cr, double x, double y, double w, double lh, double y_max, const char *s,
                 int draw)
{
    const char *p = s;
    while (*p) {
        const char *next;
        size_t len = plot_wrap_line(p, w, draw_measure, cr, &next);
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
                draw_fit_at(cr, x, y, 0, 0, w, buf);
            }
            return y + lh;
        }
        if (draw)
            draw_text_at(cr, x, y, 0, 0, buf);
        y += lh;
        p = next;
    }
    return y;
}

/* A rounded chip with the verdict's colour and its name (or `label`), vertically
 * centred on y. Returns its width. */
double draw_chip(cairo_t *cr, double x, double y, double size, enum mc_verdict v, const char *label)
{
    draw_font(cr, size, F_BOLD);
    const char *s = label ? label : mc_verdict_name(v);
    double w = draw_text_w(cr, s) + size * 1.0, h = size * 1.5, r = h * 0.3;
    cairo_new_sub_path(cr);
    cairo_arc(cr, x + w - r, y - h / 2 + r, r, -M_PI / 2, 0);
    cairo_arc(cr, x + w - r, y + h / 2 - r, r, 0, M_PI / 2);
    cairo_arc(cr, x + r, y + h / 2 - r, r, M_PI / 2, M_PI);
    cairo_arc(cr, x + r, y - h / 2 + r, r, M_PI, 3 * M_PI / 2);
    cairo_close_path(cr);
    draw_set_col(cr, draw_verdict_colour(v));
    cairo_fill(cr);
    draw_set_col(cr, C_INK);
    draw_text_at(cr, x + w / 2, y, 0.5, 0.5, s);
    return w;
}

void draw_swatch(cairo_t *cr, double x, double y, double s, struct rgb c)
{
    cairo_rectangle(cr, x, y - s / 2, s, s);
    draw_set_col(cr, c);
    cairo_fill_preserve(cr);
    draw_set_col(cr, draw_darker(c, 0.7));
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
}

void draw_marker(cairo_t *cr, enum draw_mark m, double x, double y, double s, struct rgb c)
{
    const double h = s / 2;
    switch (m) {
    case MARK_PAGE:
        cairo_move_to(cr, x - h * 0.8, y - h);
        cairo_line_to(cr, x + h * 0.8, y - h);
        cairo_line_to(cr, x, y + h);
        cairo_close_path(cr);
        break;
    case MARK_NOTIFY:
    case MARK_MISSED:
        draw_vline(cr, x, y - h * 0.8, y + h * 0.8, m == MARK_NOTIFY ? C_INK : C_MUTED,
                   fmax(1.0, s * 0.12), m == MARK_MISSED ? s * 0.18 : 0);
        return;
    case MARK_ARRIVE:
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, h * 0.7, 0, 2 * M_PI);
        break;
    case MARK_ESCALATE:
        cairo_move_to(cr, x, y - h);
        cairo_line_to(cr, x + h * 0.75, y);
        cairo_line_to(cr, x, y + h);
        cairo_line_to(cr, x - h * 0.75, y);
        cairo_close_path(cr);
        break;
    case MARK_HANDOVER:
        cairo_rectangle(cr, x - s * 0.12, y - h, s * 0.24, s);
        c = C_WHITE;
        break;
    }
    draw_set_col(cr, c);
    cairo_fill_preserve(cr);
    draw_set_col(cr, m == MARK_HANDOVER ? C_INK : draw_darker(c, 0.6));
    cairo_set_line_width(cr, fmax(0.6, s * 0.08));
    cairo_stroke(cr);
}

void draw_hatch_rect(cairo_t *cr, double x, double y, double w, double h, struct rgb c)
{
    if (!(w > 0) || !(h > 0))
        return;
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    draw_set_cola(cr, c, 0.16);
    cairo_fill_preserve(cr);
    cairo_clip(cr);
    draw_set_col(cr, draw_darker(c, 0.75));
    cairo_set_line_width(cr, fmax(0.8, h * 0.07));
    double step = fmax(3.0, h * 0.35);
    for (double d = -h; d < w; d += step) {
        cairo_move_to(cr, x + d, y + h);
        cairo_line_to(cr, x + d + h, y);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
    cairo_rectangle(cr, x, y, w, h);
    draw_set_col(cr, draw_darker(c, 0.75));
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
}

/* A straight line from (x0, y0) to (x1, y1) in colour c, width lw, dashed when dash > 0. */
static void draw_line(cairo_t *cr, double x0, double y0, double x1, double y1, struct rgb c,
                      double lw, double dash)
{
    cairo_save(cr);
    draw_set_col(cr, c);
    cairo_set_line_width(cr, lw);
    if (dash > 0) {
        double d[2] = {dash, dash * 0.7};
        cairo_set_dash(cr, d, 2, 0);
    }
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void draw_vline(cairo_t *cr, double x, double y0, double y1, struct rgb c, double lw, double dash)
{
    draw_line(cr, x, y0, x, y1, c, lw, dash);
}

void draw_hline(cairo_t *cr, double x0, double x1, double y, struct rgb c, double lw, double dash)
{
    draw_line(cr, x0, y, x1, y, c, lw, dash);
}

/* ---- formatting --------------------------------------------------------------------- */

char *draw_dur(double s, char *buf, size_t n)
{
    if (isnan(s))
        snprintf(buf, n, "-");
    else
        units_format_duration(s, buf, n);
    return buf;
}

double draw_run_footer(cairo_t *cr, double w, double h, double fs, const struct plan *p,
                       uint64_t seed, uint64_t n_trials, const struct draw_meta *meta)
{
    char hex[65], line[512];
    double size = fmax(7.0, fs * 0.62);
    plan_sha256_hex(p, hex);
    snprintf(line, sizeof line,
             "plan %s" MIDDOT "sha256 %.12s" MIDDOT "seed %llu" MIDDOT "%llu trial%s per "
             "scenario%s%s",
             p->name ? p->name : "", hex, (unsigned long long)seed,
             (unsigned long long)n_trials, n_trials == 1 ? "" : "s",
             meta && meta->version ? MIDDOT "drsim " : "",
             meta && meta->version ? meta->version : "");
    draw_font(cr, size, F_NORMAL);
    draw_set_col(cr, C_MUTED);
    draw_fit_at(cr, w - fs, h - size * 0.9, 1, 0.5, w - 2 * fs, line);
    return size * 1.8;
}

char *draw_dur_vs(double s, double target_s, char *buf, size_t n)
{
    if (isnan(s))
        snprintf(buf, n, "-");
    else
        units_format_duration_vs(s, target_s, buf, n);
    return buf;
}

/* "P95" for confidence 0.95, "P99.5" for 0.995. */
char *draw_pct_label(double confidence, char *buf, size_t n)
{
    snprintf(buf, n, "P%.4g", 100.0 * confidence);
    return buf;
}

char *draw_fmt_rate(double bytes_per_s, char *buf, size_t n)
{
    char s[48];
    units_format_size(bytes_per_s, s, sizeof s);
    snprintf(buf, n, "%s/s", s);
    return buf;
}

double draw_share(uint64_t k, uint64_t n)
{
    return n ? (double)k / (double)n : 0.0;
}

/* ---- titles and axes ---------------------------------------------------------------- */

/* Title (bold) and an optional subtitle at the top of box b; returns the y below. */
double draw_chart_title(cairo_t *cr, const struct chart *ch, const struct box *b, const char *title,
                        const char *subtitle)
{
    double y = b->y + ch->fs * 0.3;
    draw_font(cr, ch->fs * 1.15, F_BOLD);
    draw_set_col(cr, C_INK);
    draw_fit_at(cr, b->x, y, 0, 0, b->w, title);
    y += draw_line_box(cr) * 1.05;
    if (subtitle && *subtitle) {
        draw_font(cr, ch->fs * 0.9, F_NORMAL);
        draw_set_col(cr, C_MUTED);
        double lh = draw_line_box(cr) * 1.05;
        y = draw_para(cr, b->x, y, b->w, lh, y + 2 * lh, subtitle, 1) + lh * 0.05;
    }
    return y;
}

/* The time axis under plot area a: grid lines, ticks, labels and the axis title. */
void draw_time_axis(cairo_t *cr, double fs, const struct box *a, const struct plot_scale *xs,
                    const char *title, double title_max_w)
{
    struct plot_ticks t;
    draw_font(cr, fs * 0.85, F_NORMAL);
    plot_time_ticks(xs, draw_measure, cr, fs * 1.4, &t);
    cairo_set_line_width(cr, 1);
    for (int i = 0; i < t.n; i++) {
        double x = round(t.pos[i]) + 0.5;
        draw_set_col(cr, C_GRID);
        cairo_move_to(cr, x, a->y);
        cairo_line_to(cr, x, a->y + a->h);
        cairo_stroke(cr);
        draw_set_col(cr, C_INK);
        cairo_move_to(cr, x, a->y + a->h);
        cairo_line_to(cr, x, a->y + a->h + fs * 0.3);
        cairo_stroke(cr);
        draw_text_at(cr, t.pos[i], a->y + a->h + fs * 0.4, 0.5, 0, t.label[i]);
    }
    draw_hline(cr, a->x, a->x + a->w, round(a->y + a->h) + 0.5, C_INK, 1, 0);
    if (title) {
        draw_font(cr, fs * 0.9, F_NORMAL);
        draw_set_col(cr, C_MUTED);
        draw_fit_at(cr, a->x + a->w / 2, a->y + a->h + fs * 1.65, 0.5, 0, title_max_w, title);
    }
}

/* Percent axis on the left of plot area a for values 0..hi (fractions); the rotated
 * title is centred at x = title_x. */
void draw_percent_axis(cairo_t *cr, double fs, const struct box *a, const struct plot_scale *ys,
                       double hi, const char *title, double title_x)
{
    struct plot_ticks t;
    int max_n = (int)(a->h / (fs * 2.0));
    plot_nice_ticks(0, hi, max_n < 2 ? 2 : max_n, ys, &t);
    double step = t.n > 1 ? t.v[1] - t.v[0] : 1;
    draw_font(cr, fs * 0.85, F_NORMAL);
    cairo_set_line_width(cr, 1);
    for (int i = 0; i < t.n; i++) {
        double y = round(t.pos[i]) + 0.5;
        draw_set_col(cr, C_GRID);
        cairo_move_to(cr, a->x, y);
        cairo_line_to(cr, a->x + a->w, y);
        cairo_stroke(cr);
        char lab[16];
        snprintf(lab, sizeof lab, step < 0.0099 ? "%.1f%%" : "%.0f%%", 100.0 * t.v[i]);
        draw_set_col(cr, C_INK);
        draw_text_at(cr, a->x - fs * 0.4, t.pos[i], 1, 0.5, lab);
    }
    draw_vline(cr, round(a->x) + 0.5, a->y, a->y + a->h, C_INK, 1, 0);
    if (title) {
        draw_font(cr, fs * 0.9, F_NORMAL);
        draw_set_col(cr, C_MUTED);
        cairo_save(cr);
        cairo_translate(cr, title_x, a->y + a->h / 2);
        cairo_rotate(cr, -M_PI / 2);
        draw_fit_at(cr, 0, 0, 0.5, 0.5, a->h, title);
        cairo_restore(cr);
    }
}

/* Scale for a time axis chosen from the data (see plot_time_axis_choose). */
void draw_time_scale(struct plot_scale *xs, double lo, double hi, double log_ratio, double r0,
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

/* ---- legends and marks --------------------------------------------------------------- */

double draw_legend(cairo_t *cr, double fs, double x, double y, double w,
                   const struct legend_item *it, int n, int draw)
{
    draw_font(cr, fs * 0.8, F_NORMAL);
    double lh = fs * 1.35, s = fs * 0.75, cx = x, cy = y;
    for (int i = 0; i < n; i++) {
        double iw = (it[i].kind == LEGEND_TEXT ? 0 : s + fs * 0.35) + draw_text_w(cr, it[i].text) +
                    fs * 1.1;
        if (cx > x && cx + iw > x + w) {
            cx = x;
            cy += lh;
        }
        if (draw) {
            double ym = cy + lh / 2;
            switch (it[i].kind) {
            case LEGEND_SWATCH:
                draw_swatch(cr, cx, ym, s, it[i].colour);
                break;
            case LEGEND_HATCHED:
                draw_hatch_rect(cr, cx, ym - s / 2, s, s, it[i].colour);
                break;
            case LEGEND_OUTLINE:
                cairo_rectangle(cr, cx, ym - s / 2, s, s);
                draw_set_col(cr, C_WHITE);
                cairo_fill_preserve(cr);
                draw_set_col(cr, C_INK);
                cairo_set_line_width(cr, fmax(1.5, fs * 0.14));
                cairo_stroke(cr);
                break;
            case LEGEND_LINE:
                draw_vline(cr, cx + s / 2, ym - s * 0.7, ym + s * 0.7, it[i].colour,
                           fmax(1.2, fs * 0.11), it[i].colour.r == C_INK.r ? 0 : fs * 0.3);
                break;
            case LEGEND_TEXT: /* a text sample in the style it explains */
                draw_font(cr, fs * 0.8, F_ITALIC);
                draw_set_col(cr, it[i].colour);
                draw_text_at(cr, cx, ym, 0, 0.5, it[i].text);
                cx += iw;
                continue;
            case LEGEND_MARK_PAGE:
            case LEGEND_MARK_NOTIFY:
            case LEGEND_MARK_MISSED:
            case LEGEND_MARK_ARRIVE:
            case LEGEND_MARK_ESCALATE:
            case LEGEND_MARK_HANDOVER:
                draw_marker(cr, (enum draw_mark)(it[i].kind - LEGEND_MARK_PAGE), cx + s / 2, ym,
                            s, it[i].colour);
                break;
            case LEGEND_TINT:
                cairo_rectangle(cr, cx, ym - s / 2, s, s);
                draw_set_col(cr, it[i].colour);
                cairo_fill_preserve(cr);
                draw_set_col(cr, C_MUTED);
                cairo_set_line_width(cr, 0.5);
                cairo_stroke(cr);
                break;
            }
            draw_font(cr, fs * 0.8, F_NORMAL);
            draw_set_col(cr, C_INK);
            draw_text_at(cr, cx + s + fs * 0.35, ym, 0, 0.5, it[i].text);
        }
        cx += iw;
    }
    return cy - y + lh;
}

void draw_target_mark(cairo_t *cr, double fs, const struct box *a, const struct box *b, double xt,
                      double target_s, double size)
{
    char lab[64], b1[32];
    draw_vline(cr, xt, a->y, a->y + a->h, C_BREACH, fmax(1.2, fs * 0.11), fs * 0.45);
    draw_font(cr, size, F_BOLD);
    snprintf(lab, sizeof lab, "target %s", draw_dur(target_s, b1, sizeof b1));
    double w = draw_text_w(cr, lab);
    draw_set_col(cr, C_BREACH);
    draw_text_at(cr, fmin(fmax(xt, a->x + w / 2), b->x + b->w - w / 2), a->y - fs * 0.25, 0.5, 1,
                 lab);
}

double draw_chart_font(double w, double h)
{
    return fmax(9.0, fmin(16.0, fmin(w / 66.0, h / 34.0)));
}

void draw_paint_white(cairo_t *cr, double w, double h)
{
    cairo_rectangle(cr, 0, 0, w, h);
    draw_set_col(cr, C_WHITE);
    cairo_fill(cr);
}

void draw_share_axis(cairo_t *cr, double fs, const struct box *a, const struct plot_scale *xs,
                     double lo, double hi, int n_ticks, double caption_w, const char *caption)
{
    struct plot_ticks t;
    char lab[32];
    plot_nice_ticks(lo, hi, n_ticks, xs, &t);
    draw_font(cr, fs * 0.85, F_NORMAL);
    for (int i = 0; i < t.n; i++) {
        draw_vline(cr, round(t.pos[i]) + 0.5, a->y, a->y + a->h, C_GRID, 1, 0);
        snprintf(lab, sizeof lab, "%.0f%%", 100 * t.v[i]);
        draw_set_col(cr, C_INK);
        draw_text_at(cr, t.pos[i], a->y + a->h + fs * 0.4, 0.5, 0, lab);
    }
    draw_hline(cr, a->x, a->x + a->w, round(a->y + a->h) + 0.5, C_INK, 1, 0);
    draw_font(cr, fs * 0.9, F_NORMAL);
    draw_set_col(cr, C_MUTED);
    draw_fit_at(cr, a->x + a->w / 2, a->y + a->h + fs * 1.65, 0.5, 0, caption_w, caption);
}
