/* reports/draw_tornado.c: the tornado of a sensitivity analysis.
 *
 * A sensitivity analysis (analysis/sensitivity.h) moves every uncertain input of the plan to
 * a low and a high value, one at a time, with the same outages. A tornado, one per
 * scenario and objective with a target that some input moves, shows for the
 * TORNADO_BARS inputs that move it most, largest swing first, a bar from the plan's
 * probability of meeting the target to the low run's (sky blue) and one to the high
 * run's (orange), each input named with its low, high and plan values, and the required
 * confidence as a red dashed line: a bar that crosses it is an input whose error
 * could change the verdict.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/draw_int.h"

/* ---- sensitivity: the tornado ------------------------------------------------------- */

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
        draw_fmt_rate(v, buf, n);
    else
        draw_dur(v, buf, n);
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
             r->plan->scenarios[s].name, draw_objective_word(o),
             draw_dur(base->target_s, a1, sizeof a1));
    draw_pdf_metadata(surf, title, tc->meta);
    draw_paint_white(cr, tc->w, tc->h);
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
    double foot = draw_run_footer(cr, tc->w, tc->h, fs, r->plan, r->seed, r->n_trials, tc->meta);
    struct box b = {fs, fs * 0.6, tc->w - 2 * fs, tc->h - fs * 0.6 - foot};
    struct chart chd = {NULL, r->plan, NULL, NULL, NULL, fs, 2.4};
    double y = draw_chart_title(cr, &chd, &b, title, sub) + fs * 0.3;
    struct legend_item li[2] = {{"input at its low value", c_lo, LEGEND_SWATCH},
                                {"input at its high value", c_hi, LEGEND_SWATCH}};
    y += draw_legend(cr, fs, b.x, y, b.w, li, 2, 1) + fs * 0.3;

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
    draw_font(cr, fs * 0.85, F_NORMAL);
    double lw = fmin(plot_max_label_width(names, tc->n, draw_measure, cr), b.w * 0.42);
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
    draw_share_axis(cr, fs, &a, &xs, lo, hi, a.w > fs * 30 ? 8 : 4, a.w,
                    "share of outages meeting the target");
    double xb = plot_scale_map(&xs, base->p_met);
    for (int k = 0; k < tc->n; k++) {
        const struct sensitivity_factor *f = &r->factors[tc->order[k]];
        double pl = tornado_p(&f->lo[s], o), ph = tornado_p(&f->hi[s], o);
        double xl = plot_scale_map(&xs, pl), xh = plot_scale_map(&xs, ph);
        cairo_rectangle(cr, fmin(xb, xl), band[k].y, fmax(fabs(xl - xb), 1), band[k].h / 2);
        draw_set_col(cr, c_lo);
        cairo_fill(cr);
        cairo_rectangle(cr, fmin(xb, xh), band[k].y + band[k].h / 2, fmax(fabs(xh - xb), 1),
                        band[k].h / 2);
        draw_set_col(cr, c_hi);
        cairo_fill(cr);
        double lab_fs = fmin(fs * 0.85, pitch * 0.42);
        draw_font(cr, lab_fs, F_NORMAL);
        draw_set_col(cr, C_INK);
        draw_fit_at(cr, a.x - fs * 0.5, band[k].mid - lab_fs * 0.55, 1, 0.5, lw, names[k]);
        snprintf(lab, sizeof lab, "%s%s .. %s (plan %s)", f->f.kind == FACTOR_DIST ? "median " : "",
                 factor_text(&f->f, f->typical_lo, a1, sizeof a1),
                 factor_text(&f->f, f->typical_hi, a2, sizeof a2),
                 factor_text(&f->f, f->typical, a3, sizeof a3));
        draw_font(cr, lab_fs * 0.9, F_NORMAL);
        draw_set_col(cr, C_MUTED);
        draw_fit_at(cr, a.x - fs * 0.5, band[k].mid + lab_fs * 0.55, 1, 0.5, lw, lab);
    }
    draw_vline(cr, xb, a.y - fs * 0.3, a.y + a.h, C_INK, 1.5, 0);
    double xc = plot_scale_clamp(&xs, conf);
    draw_vline(cr, xc, a.y - fs * 0.3, a.y + a.h, C_BREACH, 1.2, fs * 0.3);
    draw_font(cr, fs * 0.8, F_BOLD);
    snprintf(lab, sizeof lab, "required %.4g%%", 100 * conf);
    draw_text_boxed(cr, xc, a.y - fs * 0.35, xc > a.x + a.w * 0.8 ? 1 : 0, 1, lab, C_BREACH);
}

enum draw_status draw_write_tornado(const char *dir, const struct sensitivity_results *r,
                                    const struct draw_meta *meta, int *n_files, char *err,
                                    size_t errlen)
{
    struct draw_set set;
    enum draw_status ds = draw_set_begin(&set, "draw_write_tornado", dir, r, err, errlen);
    if (ds != DRAW_OK) {
        if (n_files)
            *n_files = 0;
        return ds;
    }
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
            tc.fs = draw_chart_font(tc.w, 600);
            char safe[128], name[160];
            draw_safe_name(r->plan->scenarios[s].name, safe, sizeof safe);
            snprintf(name, sizeof name, "tornado-%s-%s", safe, o == SWEEP_RTO ? "rto" : "rpo");
            for (int f = 0; f < DRAW_N_FMTS && ds == DRAW_OK; f++)
                ds = draw_set_write(&set, name, (enum draw_fmt)f, tc.w, tc.h, render_tornado, &tc,
                                    err, errlen);
        }
    }
    return draw_set_end(&set, ds, n_files);
}
