/* reports/draw_sobol.c: the Sobol indices of a global sensitivity analysis.
 *
 * One chart per output that has variance to split (analysis/sobol.h): for the SOBOL_BARS
 * inputs with the largest total index on that output, largest first, two bars on a 0 to
 * 100 % axis: the total index ST (orange: the share of the output's variance the input
 * has a part in) and below it the first-order index S1 (sky blue: its share alone), each
 * with its 95 % bootstrap interval as a whisker. A long orange bar over a short blue one
 * is an input that matters through interactions: varying it alone (the tornado) would
 * understate it.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/draw_int.h"
#include "reports/sobol_report.h"

#define SOBOL_BARS 15

struct sobol_chart {
    const struct sobol_results *r;
    const struct draw_meta *meta;
    int output;
    int order[SOBOL_BARS]; /* factor indices, largest total index first */
    int n;
    double w, h, fs;
};

/* The inputs with a total index on output m, largest first (at most SOBOL_BARS). */
static int sobol_pick(const struct sobol_results *r, int m, int *order)
{
    const double *st = r->outputs[m].st;
    int n = 0;
    for (int i = 0; i < r->n_factors; i++) {
        if (isnan(st[i]))
            continue;
        int k;
        if (n < SOBOL_BARS)
            k = n++;
        else if (st[order[n - 1]] >= st[i])
            continue;
        else
            k = n - 1;
        order[k] = i;
        for (; k > 0 && st[order[k - 1]] < st[i]; k--) {
            int t = order[k];
            order[k] = order[k - 1];
            order[k - 1] = t;
        }
    }
    return n;
}

/* A whisker from lo to hi at height y (nothing when the interval is unknown). */
static void whisker(cairo_t *cr, const struct plot_scale *xs, double lo, double hi, double y,
                    double tick)
{
    if (isnan(lo) || isnan(hi))
        return;
    double x0 = plot_scale_clamp(xs, lo), x1 = plot_scale_clamp(xs, hi);
    draw_set_col(cr, C_INK);
    cairo_set_line_width(cr, 1.0);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_move_to(cr, x0, y - tick);
    cairo_line_to(cr, x0, y + tick);
    cairo_move_to(cr, x1, y - tick);
    cairo_line_to(cr, x1, y + tick);
    cairo_stroke(cr);
}

static void render_sobol(cairo_surface_t *surf, cairo_t *cr, void *user)
{
    const struct sobol_chart *sc = user;
    const struct sobol_results *r = sc->r;
    const struct sobol_output *o = &r->outputs[sc->output];
    const double fs = sc->fs;
    const struct rgb c_st = HEX(0xE69F00), c_s1 = HEX(0x56B4E9);
    char title[400], sub[400], lab[256];

    sobol_output_label(r, o, lab, sizeof lab);
    snprintf(title, sizeof title, "What drives the variation of %s (Sobol indices)", lab);
    draw_pdf_metadata(surf, title, sc->meta);
    draw_paint_white(cr, sc->w, sc->h);
    snprintf(sub, sizeof sub, "all %d inputs moved at once; %d base samples, %d runs; whiskers: "
             "95%% bootstrap intervals", r->n_factors, r->n_base, r->n_runs);
    double foot = draw_run_footer(cr, sc->w, sc->h, fs, r->plan, r->seed, r->n_trials, sc->meta);
    struct box b = {fs, fs * 0.6, sc->w - 2 * fs, sc->h - fs * 0.6 - foot};
    struct chart chd = {NULL, r->plan, NULL, NULL, NULL, fs, 2.4};
    double y = draw_chart_title(cr, &chd, &b, title, sub) + fs * 0.3;
    struct legend_item li[2] = {{"total index ST (alone or with others)", c_st, LEGEND_SWATCH},
                                {"first-order index S1 (alone)", c_s1, LEGEND_SWATCH}};
    y += draw_legend(cr, fs, b.x, y, b.w, li, 2, 1) + fs * 0.3;

    const char *names[SOBOL_BARS];
    for (int k = 0; k < sc->n; k++)
        names[k] = r->factors[sc->order[k]].f.path;
    draw_font(cr, fs * 0.85, F_NORMAL);
    double lw = fmin(plot_max_label_width(names, sc->n, draw_measure, cr), b.w * 0.42);
    struct box a = {b.x + lw + fs * 0.8, y, b.w - lw - fs * 1.4, b.y + b.h - y - fs * 3.0};
    if (a.w < fs * 4 || a.h < fs * 2)
        return;
    struct plot_scale xs;
    plot_scale_linear(&xs, 0.0, 1.0, a.x, a.x + a.w);
    struct plot_band band[SOBOL_BARS];
    double pitch = plot_bands(sc->n, a.y, a.y + a.h, fs * 2.4, 0.62, band);
    a.h = pitch * sc->n;
    draw_share_axis(cr, fs, &a, &xs, 0.0, 1.0, a.w > fs * 30 ? 10 : 5, a.w,
                    "share of the output's variance");
    for (int k = 0; k < sc->n; k++) {
        const int i = sc->order[k];
        const double half = band[k].h / 2;
        const double vst = fmin(fmax(o->st[i], 0.0), 1.0);
        const double vs1 = isnan(o->s1[i]) ? 0.0 : fmin(fmax(o->s1[i], 0.0), 1.0);
        cairo_rectangle(cr, a.x, band[k].y, fmax(plot_scale_map(&xs, vst) - a.x, 1), half);
        draw_set_col(cr, c_st);
        cairo_fill(cr);
        cairo_rectangle(cr, a.x, band[k].y + half, fmax(plot_scale_map(&xs, vs1) - a.x, 1), half);
        draw_set_col(cr, c_s1);
        cairo_fill(cr);
        whisker(cr, &xs, o->st_lo[i], o->st_hi[i], band[k].y + half / 2, half * 0.3);
        whisker(cr, &xs, o->s1_lo[i], o->s1_hi[i], band[k].y + half * 1.5, half * 0.3);
        double lab_fs = fmin(fs * 0.85, pitch * 0.42);
        draw_font(cr, lab_fs, F_NORMAL);
        draw_set_col(cr, C_INK);
        draw_fit_at(cr, a.x - fs * 0.5, band[k].mid - lab_fs * 0.55, 1, 0.5, lw, names[k]);
        snprintf(lab, sizeof lab, "ST %.0f%%, S1 %.0f%%", 100 * o->st[i],
                 isnan(o->s1[i]) ? 0.0 : 100 * o->s1[i]);
        draw_font(cr, lab_fs * 0.9, F_NORMAL);
        draw_set_col(cr, C_MUTED);
        draw_fit_at(cr, a.x - fs * 0.5, band[k].mid + lab_fs * 0.55, 1, 0.5, lw, lab);
    }
}

enum draw_status draw_write_sobol(const char *dir, const struct sobol_results *r,
                                  const struct draw_meta *meta, int *n_files, char *err,
                                  size_t errlen)
{
    struct draw_set set;
    enum draw_status ds = draw_set_begin(&set, "draw_write_sobol", dir, r, err, errlen);
    if (ds != DRAW_OK) {
        if (n_files)
            *n_files = 0;
        return ds;
    }
    for (int m = 0; m < r->n_outputs && ds == DRAW_OK; m++) {
        const struct sobol_output *o = &r->outputs[m];
        struct sobol_chart sc;
        if (!isfinite(o->variance) || !(o->variance > 0))
            continue;
        memset(&sc, 0, sizeof sc);
        sc.r = r;
        sc.meta = meta;
        sc.output = m;
        sc.n = sobol_pick(r, m, sc.order);
        if (sc.n == 0)
            continue;
        sc.w = 1100;
        sc.h = fmin(1600, 170 + 40.0 * sc.n);
        sc.fs = draw_chart_font(sc.w, 600);
        char safe[128], name[200];
        draw_safe_name(r->plan->scenarios[o->scenario].name, safe, sizeof safe);
        snprintf(name, sizeof name, "sobol-%s-%s-%s", safe,
                 o->objective == SWEEP_RTO ? "rto" : "rpo",
                 o->measure == SOBOL_P_MEET ? "pmeet" : "value");
        for (int f = 0; f < DRAW_N_FMTS && ds == DRAW_OK; f++)
            ds = draw_set_write(&set, name, (enum draw_fmt)f, sc.w, sc.h, render_sobol, &sc,
                                err, errlen);
    }
    return draw_set_end(&set, ds, n_files);
}
