/* reports/draw_decision.c: the decision curve, how long to wait before failing over.
 *
 * For a scenario whose activation waits for the provider (analysis/decision.h), the
 * chart plots against the wait (hours, ticks at a round step) the probability of
 * meeting the RTO target and that of meeting the RPO target, each with its Wilson 95 %
 * band and its points coloured by verdict, and, as a third, lighter line, the share of
 * outages that fail over. The required confidence is a dashed horizontal line; the
 * plan's own wait a dotted vertical one, and when the plan writes a distribution its
 * point (the plan as written) is drawn as diamonds at the distribution's median, apart
 * from the curve of fixed waits. What the curve shows is said in words by
 * analysis/decision.c (the curve's `finding`); the review pack prints it beside the
 * chart, nothing is concluded here.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/draw_int.h"

static const struct rgb C_DEC_RTO = HEX(0x0072B2);   /* blue */
static const struct rgb C_DEC_RPO = HEX(0xCC79A7);   /* reddish purple */
static const struct rgb C_DEC_SHARE = HEX(0x9A9A9A); /* the failover share: light, behind */

/* The objective o (0 RTO, 1 RPO) of point pt. */
static const struct mc_objective *dec_obj(const struct decision_point *pt, int o)
{
    return o == 0 ? &pt->rto_obj : &pt->rpo_obj;
}

/* A diamond of half-diagonal d at (x, y), filled with fill and outlined in ink. */
static void diamond(cairo_t *cr, double x, double y, double d, struct rgb fill)
{
    cairo_move_to(cr, x, y - d);
    cairo_line_to(cr, x + d, y);
    cairo_line_to(cr, x, y + d);
    cairo_line_to(cr, x - d, y);
    cairo_close_path(cr);
    draw_set_col(cr, fill);
    cairo_fill_preserve(cr);
    draw_set_col(cr, C_INK);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
}

/* Objective o along the curve: its interval as a band, the estimate as a line, the points
 * by verdict. */
static void dec_objective(cairo_t *cr, const struct decision_curve *c, int o,
                          const struct plot_scale *xs, const struct plot_scale *ys, double fs)
{
    struct rgb col = o == 0 ? C_DEC_RTO : C_DEC_RPO;
    const int n = c->n_points;
    for (int i = 0; i < n; i++) {
        double x = plot_scale_map(xs, c->points[i].wait_s);
        double y = plot_scale_map(ys, dec_obj(&c->points[i], o)->ci_hi);
        if (i == 0)
            cairo_move_to(cr, x, y);
        else
            cairo_line_to(cr, x, y);
    }
    for (int i = n - 1; i >= 0; i--)
        cairo_line_to(cr, plot_scale_map(xs, c->points[i].wait_s),
                      plot_scale_map(ys, dec_obj(&c->points[i], o)->ci_lo));
    cairo_close_path(cr);
    draw_set_cola(cr, col, 0.18);
    cairo_fill(cr);
    for (int i = 0; i < n; i++) {
        double x = plot_scale_map(xs, c->points[i].wait_s);
        double y = plot_scale_map(ys, dec_obj(&c->points[i], o)->p_met);
        if (i == 0)
            cairo_move_to(cr, x, y);
        else
            cairo_line_to(cr, x, y);
    }
    draw_set_col(cr, col);
    cairo_set_line_width(cr, fmax(1.5, fs * 0.16));
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    for (int i = 0; i < n; i++) {
        const struct mc_objective *ob = dec_obj(&c->points[i], o);
        cairo_arc(cr, plot_scale_map(xs, c->points[i].wait_s), plot_scale_map(ys, ob->p_met),
                  fs * 0.28, 0, 2 * M_PI);
        draw_set_col(cr, draw_verdict_colour(ob->verdict));
        cairo_fill_preserve(cr);
        draw_set_col(cr, draw_darker(col, 0.8));
        cairo_set_line_width(cr, 1);
        cairo_stroke(cr);
    }
}

/* The share of outages that fail over: a lighter dashed line with small points. */
static void dec_share(cairo_t *cr, const struct decision_curve *c, const struct plot_scale *xs,
                      const struct plot_scale *ys, double fs)
{
    for (int i = 0; i < c->n_points; i++) {
        double x = plot_scale_map(xs, c->points[i].wait_s);
        double y = plot_scale_map(ys, c->points[i].failover_share);
        if (i == 0)
            cairo_move_to(cr, x, y);
        else
            cairo_line_to(cr, x, y);
    }
    double dash = fs * 0.45;
    cairo_set_dash(cr, &dash, 1, 0);
    draw_set_col(cr, C_DEC_SHARE);
    cairo_set_line_width(cr, fmax(1.2, fs * 0.12));
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    for (int i = 0; i < c->n_points; i++) {
        cairo_arc(cr, plot_scale_map(xs, c->points[i].wait_s),
                  plot_scale_map(ys, c->points[i].failover_share), fs * 0.16, 0, 2 * M_PI);
        draw_set_col(cr, C_DEC_SHARE);
        cairo_fill(cr);
    }
}

/* The vertical line at the plan's wait with its label, and the plan's point as diamonds
 * when it is a distribution (not a point of the curve). */
static void dec_plan(cairo_t *cr, const struct decision_curve *c, const struct box *a,
                     const struct plot_scale *xs, const struct plot_scale *ys, double fs)
{
    const struct decision_point *pp = &c->plan;
    char lab[128], d[32];
    if (!pp->is_plan || !isfinite(pp->wait_s))
        return;
    double xp = plot_scale_clamp(xs, pp->wait_s);
    draw_vline(cr, xp, a->y, a->y + a->h, C_INK, 1, fs * 0.25);
    if (pp->is_median)
        snprintf(lab, sizeof lab, "plan: median %s (a distribution)",
                 draw_dur(pp->wait_s, d, sizeof d));
    else
        snprintf(lab, sizeof lab, "plan: %s", draw_dur(pp->wait_s, d, sizeof d));
    draw_font(cr, fs * 0.8, F_BOLD);
    double w = draw_text_w(cr, lab);
    int right = xp + fs * 0.3 + w <= a->x + a->w;
    draw_text_boxed(cr, right ? xp + fs * 0.3 : xp - fs * 0.3, a->y + fs * 0.2, right ? 0 : 1, 0,
                    lab, C_INK);
    if (!pp->is_median)
        return;
    double dd = fs * 0.42;
    if (c->has_policy) {
        diamond(cr, xp, plot_scale_map(ys, pp->rto_obj.p_met), dd,
                draw_verdict_colour(pp->rto_obj.verdict));
        diamond(cr, xp, plot_scale_map(ys, pp->rpo_obj.p_met), dd,
                draw_verdict_colour(pp->rpo_obj.verdict));
    }
    diamond(cr, xp, plot_scale_map(ys, pp->failover_share), dd * 0.8, C_DEC_SHARE);
}

/* The wait axis under plot area a, in hours: a step of 1, 2, 3, 6, 12 or 24 hours (or a
 * multiple of a day) giving at most max_n ticks, labelled "6h", "12h", ... */
static void dec_hours_axis(cairo_t *cr, double fs, const struct box *a,
                           const struct plot_scale *xs, double x1_s, const char *title)
{
    static const double steps_h[] = {0.25, 0.5, 1, 2, 3, 6, 12, 24, 48, 96, 168};
    const int n_steps = (int)(sizeof steps_h / sizeof steps_h[0]);
    int max_n = (int)(a->w / (fs * 4.5));
    double step = steps_h[n_steps - 1];
    char lab[32];
    for (int i = 0; i < n_steps; i++)
        if (x1_s / 3600.0 / steps_h[i] <= (max_n < 2 ? 2 : max_n)) {
            step = steps_h[i];
            break;
        }
    draw_font(cr, fs * 0.85, F_NORMAL);
    cairo_set_line_width(cr, 1);
    for (int k = 0; k * step * 3600.0 <= x1_s * 1.0001; k++) {
        double v = k * step * 3600.0, x = round(plot_scale_map(xs, v)) + 0.5;
        draw_set_col(cr, C_GRID);
        cairo_move_to(cr, x, a->y);
        cairo_line_to(cr, x, a->y + a->h);
        cairo_stroke(cr);
        draw_set_col(cr, C_INK);
        cairo_move_to(cr, x, a->y + a->h);
        cairo_line_to(cr, x, a->y + a->h + fs * 0.3);
        cairo_stroke(cr);
        snprintf(lab, sizeof lab, "%gh", k * step);
        draw_text_at(cr, plot_scale_map(xs, v), a->y + a->h + fs * 0.4, 0.5, 0, lab);
    }
    draw_hline(cr, a->x, a->x + a->w, round(a->y + a->h) + 0.5, C_INK, 1, 0);
    draw_font(cr, fs * 0.9, F_NORMAL);
    draw_set_col(cr, C_MUTED);
    draw_fit_at(cr, a->x + a->w / 2, a->y + a->h + fs * 1.65, 0.5, 0, a->w, title);
}

void draw_chart_decision(cairo_t *cr, const struct decision_results *r,
                         const struct decision_curve *c, double fs, const struct box *b)
{
    const struct plan *p = r->plan;
    const struct scenario *sc = &p->scenarios[c->scenario];
    char title[256], sub[512], l0[96], l1[96], lab[64], t0[32], t1[32];
    struct chart chd = {NULL, p, NULL, NULL, NULL, fs, 2.4};
    snprintf(title, sizeof title, "Decision curve: %s", sc->name);
    snprintf(sub, sizeof sub,
             "%s against the wait for the provider before failing over; %llu trials a wait, the "
             "same outages at every wait (seed %llu)",
             c->has_policy ? "the chance of meeting each target, with 95% intervals,"
                           : "the share of outages that fail over (the scenario has no targets)",
             (unsigned long long)r->n_trials, (unsigned long long)r->seed);
    double y = draw_chart_title(cr, &chd, b, title, sub) + fs * 0.5;

    struct legend_item li[3];
    int nl = 0;
    if (c->has_policy) {
        snprintf(l0, sizeof l0, "P(RTO " LEQ " %s)", draw_dur(sc->rto_target_s, t0, sizeof t0));
        snprintf(l1, sizeof l1, "P(RPO " LEQ " %s)", draw_dur(sc->rpo_target_s, t1, sizeof t1));
        li[nl++] = (struct legend_item){l0, C_DEC_RTO, LEGEND_SWATCH};
        li[nl++] = (struct legend_item){l1, C_DEC_RPO, LEGEND_SWATCH};
    }
    li[nl++] = (struct legend_item){"share of outages that fail over", C_DEC_SHARE, LEGEND_SWATCH};
    y += draw_legend(cr, fs, b->x, y, b->w, li, nl, 1) + fs * 0.4;

    draw_font(cr, fs * 0.85, F_NORMAL);
    double left = draw_text_w(cr, "100%") + fs * 2.4;
    double bottom = b->y + b->h - fs * 3.4;
    struct box a = {b->x + left, y, b->w - left - fs * 1.2, bottom - y};
    if (a.w < fs * 4 || a.h < fs * 3 || c->n_points < 1) {
        draw_font(cr, fs, F_ITALIC);
        draw_set_col(cr, C_MUTED);
        draw_fit_at(cr, b->x + b->w / 2, y + fs * 2, 0.5, 0, b->w,
                    c->n_points < 1 ? "no waits" : "no room");
        return;
    }
    double x1 = c->points[c->n_points - 1].wait_s;
    if (c->plan.is_plan && isfinite(c->plan.wait_s))
        x1 = fmax(x1, c->plan.wait_s);
    if (!(x1 > 0))
        x1 = 3600;
    struct plot_scale xs, ys;
    plot_scale_linear(&xs, -x1 * 0.02, x1 * 1.02, a.x, a.x + a.w);
    plot_scale_linear(&ys, 0, 1, a.y + a.h, a.y);

    /* The probability axis: 0 % to 100 %, the failover share on the same scale. */
    draw_percent_axis(cr, fs, &a, &ys, 1, "share of outages", b->x + fs * 0.7);
    dec_hours_axis(cr, fs, &a, &xs, x1,
                   "wait for the provider before failing over: hours the outage has lasted");
    if (c->has_policy) {
        double yc = plot_scale_map(&ys, p->confidence);
        draw_hline(cr, a.x, a.x + a.w, yc, C_MUTED, 1, fs * 0.3);
        draw_font(cr, fs * 0.8, F_NORMAL);
        snprintf(lab, sizeof lab, "required %.4g%%", 100.0 * p->confidence);
        draw_text_boxed(cr, a.x + a.w - fs * 0.4, yc + fs * 0.15, 1, 0, lab, C_MUTED);
    }

    cairo_save(cr);
    cairo_rectangle(cr, a.x - fs, a.y - fs, a.w + 2 * fs, a.h + 2 * fs);
    cairo_clip(cr);
    dec_share(cr, c, &xs, &ys, fs);
    if (c->has_policy) {
        dec_objective(cr, c, 1, &xs, &ys, fs);
        dec_objective(cr, c, 0, &xs, &ys, fs);
    }
    dec_plan(cr, c, &a, &xs, &ys, fs);
    cairo_restore(cr);
}

/* One decision-curve chart as a document. */
struct dec_doc {
    const struct decision_results *r;
    const struct decision_curve *c;
    const struct draw_meta *meta;
    double w, h, fs;
};

static void render_decision(cairo_surface_t *surf, cairo_t *cr, void *user)
{
    const struct dec_doc *d = user;
    draw_pdf_metadata(surf, "decision curve", d->meta);
    draw_paint_white(cr, d->w, d->h);
    double foot = draw_run_footer(cr, d->w, d->h, d->fs, d->r->plan, d->r->seed,
                                  d->r->n_trials, d->meta);
    struct box b = {d->fs, d->fs * 0.6, d->w - 2 * d->fs, d->h - d->fs * 0.6 - foot};
    draw_chart_decision(cr, d->r, d->c, d->fs, &b);
}

enum draw_status draw_write_decision(const char *dir, const struct decision_results *r,
                                     const struct draw_meta *meta, int *n_files, char *err,
                                     size_t errlen)
{
    struct draw_set set;
    enum draw_status ds = draw_set_begin(&set, "draw_write_decision", dir,
                                         r && r->plan ? r : NULL, err, errlen);
    if (ds != DRAW_OK) {
        if (n_files)
            *n_files = 0;
        return ds;
    }
    for (int i = 0; i < r->n_curves && ds == DRAW_OK; i++) {
        char safe[128], name[192];
        struct dec_doc d = {r, &r->curves[i], meta, 1000, 600, 0};
        d.fs = draw_chart_font(d.w, d.h);
        draw_safe_name(r->plan->scenarios[r->curves[i].scenario].name, safe, sizeof safe);
        snprintf(name, sizeof name, "%s-decision-curve", safe);
        for (int f = 0; f < DRAW_N_FMTS && ds == DRAW_OK; f++)
            ds = draw_set_write(&set, name, (enum draw_fmt)f, d.w, d.h, render_decision, &d, err,
                                errlen);
    }
    return draw_set_end(&set, ds, n_files);
}
