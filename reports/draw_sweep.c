/* reports/draw_sweep.c: the curve of a sweep, what changes over a parameter's values.
 *
 * A sweep (analysis/sweep.h) simulates the plan at every value of one parameter (two: a
 * grid) with the same outages. Its chart plots, over the values of the first axis, the
 * probability of meeting each target that changes, with its Wilson 95 % band, the
 * points coloured by verdict, the required confidence, the plan's own value (a diamond
 * on each curve when it is not one of the swept values) and the knee of the curve; for a grid, one
 * curve per value of the second axis for the objective that moves most. With a cost
 * model a panel under the curves shows the monthly cost over the same values, the
 * cheapest point meeting the policy marked. Values are placed by number when every
 * value has one (a time axis for durations and schedules), else evenly in the order
 * given.
 *
 * The tornado of a sensitivity analysis is in draw_tornado.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/draw_int.h"

/* ---- sweeps: the curve -------------------------------------------------------------- */

#define SWEEP_SERIES 8 /* curves on one chart */

/* One curve of a sweep chart: an objective along axis 0 (and, for a grid, at one value
 * of axis 1). */
struct sweep_series {
    int scenario;
    enum sweep_objective objective;
    int v1;         /* grid: value index of axis 1; -1 for a one-axis sweep */
    char name[200]; /* legend text */
};

/* A sweep chart as a document. */
struct sweep_chart {
    const struct sweep_results *r;
    const struct draw_meta *meta; /* may be NULL */
    double w, h, fs;              /* size and base font size, device units */
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

const char *draw_objective_word(enum sweep_objective o)
{
    return o == SWEEP_RTO ? "RTO" : "RPO";
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
                if (!sweep_objective_moves(r, s, (enum sweep_objective)o))
                    continue;
                const struct mc_objective *ob =
                    sweep_objective_of(&r->points[0].sc[s], (enum sweep_objective)o);
                out[n].scenario = s;
                out[n].objective = (enum sweep_objective)o;
                out[n].v1 = -1;
                snprintf(out[n].name, sizeof out[n].name, "%s %s " LEQ " %s",
                         r->plan->scenarios[s].name, draw_objective_word((enum sweep_objective)o),
                         draw_dur(ob->target_s, b1, sizeof b1));
                n++;
            }
        return n;
    }
    /* The objective that moves most over the grid (analysis/sweep.c chose it). */
    if (r->steepest.scenario < 0)
        return 0;
    int bs = r->steepest.scenario, bo = (int)r->steepest.objective;
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

/* The layout of a sweep chart, shared by the functions that draw its parts. */
struct sweep_layout {
    const struct sweep_results *r;
    const struct vary_axis *ax; /* axis 0: the values along the horizontal axis */
    double fs, conf;            /* base font size; the plan's required confidence */
    struct sweep_series se[SWEEP_SERIES];
    int n_se;
    int *ord;     /* [ax->n_values] value indices in drawing order */
    int *rank_of; /* [ax->n_values] inverse of ord */
    int numeric;  /* values placed by number (else evenly, in order) */
    int timelike; /* ... and they are durations or schedules: a time axis */
    int has_cost; /* the plan has a cost model: a cost panel under the curves */
    int plan_off; /* the plan's value is a number off the swept values (one axis) */
    struct box b; /* the whole chart */
    struct box a; /* the probability plot */
    struct plot_scale xs, ys;
    char xtitle[300];
};

/* The horizontal position of value v of axis 0. */
static double sweep_x(const struct sweep_layout *L, int v)
{
    return plot_scale_map(&L->xs, L->numeric ? L->ax->x[v] : (double)L->rank_of[v]);
}

/* Title, subtitle and the legend of the series; returns the y below. */
static double sweep_heading(cairo_t *cr, const struct sweep_layout *L)
{
    const struct sweep_results *r = L->r;
    const struct vary_axis *ax = L->ax;
    const double fs = L->fs;
    char title[512], sub[512], b1[64];
    struct chart chd = {NULL, r->plan, NULL, NULL, NULL, fs, 2.4};
    snprintf(title, sizeof title, "Sweep of %.*s", (int)ax->path_len, ax->arg);
    if (r->n_axes == 2 && L->n_se > 0)
        snprintf(
            sub, sizeof sub,
            "probability of meeting the %s %s target (%s), with 95%% intervals, one curve per "
            "value of %.*s; %llu trials a point, the same outages at every value (seed %llu)",
            r->plan->scenarios[L->se[0].scenario].name, draw_objective_word(L->se[0].objective),
            draw_dur(sweep_objective_of(&r->points[0].sc[L->se[0].scenario], L->se[0].objective)
                         ->target_s,
                     b1, sizeof b1),
            (int)r->axes[1].path_len, r->axes[1].arg, (unsigned long long)r->n_trials,
            (unsigned long long)r->seed);
    else
        snprintf(sub, sizeof sub,
                 "probability of meeting each target, with 95%% intervals; %llu trials a point, "
                 "the same outages at every value (seed %llu)",
                 (unsigned long long)r->n_trials, (unsigned long long)r->seed);
    double y = draw_chart_title(cr, &chd, &L->b, title, sub) + fs * 0.5;

    struct legend_item li[SWEEP_SERIES + 1];
    for (int k = 0; k < L->n_se; k++) {
        li[k].text = L->se[k].name;
        li[k].colour = role_palette[k % N_ROLE_COLOURS];
        li[k].kind = LEGEND_SWATCH;
    }
    double lh = L->n_se ? draw_legend(cr, fs, L->b.x, y, L->b.w, li, L->n_se, 1) : 0;
    return y + lh + fs * 0.4;
}

/* The scales: the probability axis from a little below the lowest interval (and the
 * required confidence) to 100 %; values by number, else evenly spaced. */
static void sweep_scales(struct sweep_layout *L)
{
    const struct sweep_results *r = L->r;
    const struct vary_axis *ax = L->ax;
    const struct box *a = &L->a;
    double ylo = L->conf;
    for (int k = 0; k < L->n_se; k++) {
        for (int v = 0; v < ax->n_values; v++)
            ylo = fmin(ylo, series_obj(r, &L->se[k], v)->ci_lo);
        if (r->n_axes == 1 && isfinite(ax->plan_x))
            ylo = fmin(
                ylo, sweep_objective_of(&r->base.sc[L->se[k].scenario], L->se[k].objective)->ci_lo);
    }
    ylo = fmax(0, floor((ylo - 0.02) * 20) / 20);
    double x0 = L->numeric ? ax->x[L->ord[0]] : 0,
           x1 = L->numeric ? ax->x[L->ord[ax->n_values - 1]] : (double)(ax->n_values - 1);
    /* The plan's own value is drawn too when it is a number off the swept values. */
    L->plan_off = L->numeric && isfinite(ax->plan_x) && ax->plan_index < 0 && r->n_axes == 1;
    if (L->plan_off) {
        x0 = fmin(x0, ax->plan_x);
        x1 = fmax(x1, ax->plan_x);
    }
    if (!(x1 > x0))
        x1 = x0 + 1;
    double pad = (x1 - x0) * 0.03;
    plot_scale_linear(&L->xs, x0 - pad, x1 + pad, a->x, a->x + a->w);
    plot_scale_linear(&L->ys, ylo, 1, a->y + a->h, a->y);
}

/* The probability axis on the left of the plot, with its rotated title. */
static void sweep_probability_axis(cairo_t *cr, const struct sweep_layout *L)
{
    const struct box *a = &L->a;
    const double fs = L->fs;
    char lab[32];
    struct plot_ticks t;
    int max_n = (int)(a->h / (fs * 2.0));
    plot_nice_ticks(L->ys.d0, 1, max_n < 2 ? 2 : max_n, &L->ys, &t);
    draw_font(cr, fs * 0.85, F_NORMAL);
    cairo_set_line_width(cr, 1);
    for (int i = 0; i < t.n; i++) {
        draw_hline(cr, a->x, a->x + a->w, round(t.pos[i]) + 0.5, C_GRID, 1, 0);
        snprintf(lab, sizeof lab, "%.0f%%", 100.0 * t.v[i]);
        draw_set_col(cr, C_INK);
        draw_text_at(cr, a->x - fs * 0.4, t.pos[i], 1, 0.5, lab);
    }
    draw_vline(cr, round(a->x) + 0.5, a->y, a->y + a->h, C_INK, 1, 0);
    draw_font(cr, fs * 0.9, F_NORMAL);
    draw_set_col(cr, C_MUTED);
    cairo_save(cr);
    cairo_translate(cr, L->b.x + fs * 0.7, a->y + a->h / 2);
    cairo_rotate(cr, -M_PI / 2);
    draw_fit_at(cr, 0, 0, 0.5, 0.5, a->h, "share of outages meeting the target");
    cairo_restore(cr);
}

/* The value axis under the plot: time ticks for intervals and durations, else the
 * values' own text (skipping those that would overlap). Its title goes under the cost
 * panel when there is one. */
static void sweep_value_axis(cairo_t *cr, const struct sweep_layout *L)
{
    const struct vary_axis *ax = L->ax;
    const struct box *a = &L->a;
    const double fs = L->fs;
    if (L->timelike) {
        draw_time_axis(cr, fs, a, &L->xs, L->has_cost ? NULL : L->xtitle, a->w);
        return;
    }
    draw_hline(cr, a->x, a->x + a->w, round(a->y + a->h) + 0.5, C_INK, 1, 0);
    draw_font(cr, fs * 0.85, F_NORMAL);
    double last_right = -INFINITY;
    for (int i = 0; i < ax->n_values; i++) {
        int v = L->ord[i];
        double x = sweep_x(L, v), w = draw_text_w(cr, ax->values[v]);
        if (x - w / 2 < last_right + fs * 0.8 && i != ax->n_values - 1)
            continue;
        draw_set_col(cr, C_INK);
        draw_text_at(cr, x, a->y + a->h + fs * 0.4, 0.5, 0, ax->values[v]);
        last_right = x + w / 2;
    }
    if (!L->has_cost) {
        draw_font(cr, fs * 0.9, F_NORMAL);
        draw_set_col(cr, C_MUTED);
        draw_fit_at(cr, a->x + a->w / 2, a->y + a->h + fs * 1.65, 0.5, 0, a->w, L->xtitle);
    }
}

/* The required confidence (a dashed line) and the plan's own value (a dotted one). */
static void sweep_reference_lines(cairo_t *cr, const struct sweep_layout *L)
{
    const struct vary_axis *ax = L->ax;
    const struct box *a = &L->a;
    const double fs = L->fs;
    char lab[256];
    double yc = plot_scale_map(&L->ys, L->conf);
    draw_hline(cr, a->x, a->x + a->w, yc, C_MUTED, 1, fs * 0.3);
    draw_font(cr, fs * 0.8, F_NORMAL);
    snprintf(lab, sizeof lab, "required %.4g%%", 100.0 * L->conf);
    draw_text_boxed(cr, a->x + a->w - fs * 0.4, yc + fs * 0.15, 1, 0, lab, C_MUTED);
    double xp = NAN;
    if (L->numeric && isfinite(ax->plan_x))
        xp = plot_scale_clamp(&L->xs, ax->plan_x);
    else if (ax->plan_index >= 0)
        xp = sweep_x(L, ax->plan_index);
    if (!isfinite(xp))
        return;
    draw_vline(cr, xp, a->y, a->y + a->h, C_INK, 1, fs * 0.25);
    snprintf(lab, sizeof lab, "plan: %s", ax->plan_value);
    draw_font(cr, fs * 0.8, F_BOLD);
    double w = draw_text_w(cr, lab);
    int right = xp + fs * 0.3 + w <= a->x + a->w;
    draw_text_boxed(cr, right ? xp + fs * 0.3 : xp - fs * 0.3, a->y + fs * 0.2, right ? 0 : 1, 0,
                    lab, C_INK);
}

/* Series k: the interval as a band, the estimate as a line, points by verdict. */
static void sweep_curve(cairo_t *cr, const struct sweep_layout *L, int k)
{
    const struct sweep_results *r = L->r;
    const struct sweep_series *se = &L->se[k];
    const int nv = L->ax->n_values;
    const double fs = L->fs;
    struct rgb c = role_palette[k % N_ROLE_COLOURS];
    for (int i = 0; i < nv; i++) {
        const struct mc_objective *ob = series_obj(r, se, L->ord[i]);
        double x = sweep_x(L, L->ord[i]);
        if (i == 0)
            cairo_move_to(cr, x, plot_scale_map(&L->ys, ob->ci_hi));
        else
            cairo_line_to(cr, x, plot_scale_map(&L->ys, ob->ci_hi));
    }
    for (int i = nv - 1; i >= 0; i--)
        cairo_line_to(cr, sweep_x(L, L->ord[i]),
                      plot_scale_map(&L->ys, series_obj(r, se, L->ord[i])->ci_lo));
    cairo_close_path(cr);
    draw_set_cola(cr, c, 0.18);
    cairo_fill(cr);
    for (int i = 0; i < nv; i++) {
        double x = sweep_x(L, L->ord[i]),
               yy = plot_scale_map(&L->ys, series_obj(r, se, L->ord[i])->p_met);
        if (i == 0)
            cairo_move_to(cr, x, yy);
        else
            cairo_line_to(cr, x, yy);
    }
    draw_set_col(cr, c);
    cairo_set_line_width(cr, fmax(1.5, fs * 0.16));
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    for (int i = 0; i < nv; i++) {
        const struct mc_objective *ob = series_obj(r, se, L->ord[i]);
        cairo_arc(cr, sweep_x(L, L->ord[i]), plot_scale_map(&L->ys, ob->p_met), fs * 0.28, 0,
                  2 * M_PI);
        draw_set_col(cr, draw_verdict_colour(ob->verdict));
        cairo_fill_preserve(cr);
        draw_set_col(cr, draw_darker(c, 0.8));
        cairo_set_line_width(cr, 1);
        cairo_stroke(cr);
    }
}

/* The plan as written, when it is not one of the points: a diamond per curve. */
static void sweep_plan_diamonds(cairo_t *cr, const struct sweep_layout *L)
{
    const struct sweep_results *r = L->r;
    for (int k = 0; k < L->n_se; k++) {
        const struct mc_objective *ob =
            sweep_objective_of(&r->base.sc[L->se[k].scenario], L->se[k].objective);
        double x = plot_scale_map(&L->xs, L->ax->plan_x), yy = plot_scale_map(&L->ys, ob->p_met);
        double d = L->fs * 0.42;
        cairo_move_to(cr, x, yy - d);
        cairo_line_to(cr, x + d, yy);
        cairo_line_to(cr, x, yy + d);
        cairo_line_to(cr, x - d, yy);
        cairo_close_path(cr);
        draw_set_col(cr, draw_verdict_colour(ob->verdict));
        cairo_fill_preserve(cr);
        draw_set_col(cr, C_INK);
        cairo_set_line_width(cr, 1);
        cairo_stroke(cr);
    }
}

/* The knee of the curve of its objective (one axis): circled and labelled on the empty
 * side, above a falling curve to the right, above a rising one to the left. */
static void sweep_knee(cairo_t *cr, const struct sweep_layout *L)
{
    const struct sweep_results *r = L->r;
    const struct vary_axis *ax = L->ax;
    const double fs = L->fs;
    char lab[256];
    for (int k = 0; k < L->n_se; k++) {
        const struct sweep_series *se = &L->se[k];
        if (se->scenario != r->knee.scenario || se->objective != r->knee.objective)
            continue;
        const struct mc_objective *ob = series_obj(r, se, r->knee.point);
        double x = sweep_x(L, r->knee.point), yy = plot_scale_map(&L->ys, ob->p_met);
        cairo_arc(cr, x, yy, fs * 0.6, 0, 2 * M_PI);
        draw_set_col(cr, C_INK);
        cairo_set_line_width(cr, 1.5);
        cairo_stroke(cr);
        int rk = L->rank_of[r->knee.point];
        int nb = rk + 1 < ax->n_values ? L->ord[rk + 1] : L->ord[rk - 1];
        double slope =
            (series_obj(r, se, nb)->p_met - ob->p_met) * (rk + 1 < ax->n_values ? 1 : -1);
        draw_font(cr, fs * 0.8, F_BOLD);
        snprintf(lab, sizeof lab, "knee: %s", ax->values[r->knee.point]);
        if (slope <= 0)
            draw_text_boxed(cr, x + fs * 0.5, yy - fs * 0.6, 0, 1, lab, C_INK);
        else
            draw_text_boxed(cr, x - fs * 0.5, yy - fs * 0.6, 1, 1, lab, C_INK);
    }
}

/* The monthly cost at value v on series k (one axis: the point's own). */
static double sweep_cost(const struct sweep_layout *L, int k, int v)
{
    const struct sweep_results *r = L->r;
    return r->n_axes == 1 ? r->points[v].cost.total_usd
                          : series_point(r, &L->se[k], v)->cost.total_usd;
}

/* The cost panel c under the plot: cost a month over the same values, the cheapest
 * point meeting the policy marked (one axis). */
static void sweep_cost_panel(cairo_t *cr, const struct sweep_layout *L, const struct box *c)
{
    const struct sweep_results *r = L->r;
    const struct vary_axis *ax = L->ax;
    const double fs = L->fs;
    char lab[256], b1[64];
    int n_c = r->n_axes == 1 ? 1 : (L->n_se > 0 ? L->n_se : 1);
    double clo = INFINITY, chi = -INFINITY;
    for (int k = 0; k < n_c; k++)
        for (int v = 0; v < ax->n_values; v++) {
            clo = fmin(clo, sweep_cost(L, k, v));
            chi = fmax(chi, sweep_cost(L, k, v));
        }
    if (!(chi > clo)) {
        chi = clo + 1;
        clo = fmax(0, clo - 1);
    }
    struct plot_scale cs;
    plot_scale_linear(&cs, clo - (chi - clo) * 0.08, chi + (chi - clo) * 0.08, c->y + c->h, c->y);
    struct plot_ticks ct;
    plot_nice_ticks(cs.d0, cs.d1, c->h > fs * 6 ? 4 : 2, &cs, &ct);
    draw_font(cr, fs * 0.8, F_NORMAL);
    for (int i = 0; i < ct.n; i++) {
        if (ct.pos[i] < c->y - 1 || ct.pos[i] > c->y + c->h + 1)
            continue;
        draw_hline(cr, c->x, c->x + c->w, round(ct.pos[i]) + 0.5, C_GRID, 1, 0);
        draw_set_col(cr, C_INK);
        draw_text_at(cr, c->x - fs * 0.4, ct.pos[i], 1, 0.5, money_text(ct.v[i], b1, sizeof b1));
    }
    draw_vline(cr, round(c->x) + 0.5, c->y, c->y + c->h, C_INK, 1, 0);
    if (L->timelike)
        draw_time_axis(cr, fs, c, &L->xs, L->xtitle, c->w);
    else {
        draw_hline(cr, c->x, c->x + c->w, round(c->y + c->h) + 0.5, C_INK, 1, 0);
        draw_font(cr, fs * 0.9, F_NORMAL);
        draw_set_col(cr, C_MUTED);
        draw_fit_at(cr, c->x + c->w / 2, c->y + c->h + fs * 0.5, 0.5, 0, c->w, L->xtitle);
    }
    for (int k = 0; k < n_c; k++) {
        for (int i = 0; i < ax->n_values; i++) {
            double x = sweep_x(L, L->ord[i]), yy = plot_scale_map(&cs, sweep_cost(L, k, L->ord[i]));
            if (i == 0)
                cairo_move_to(cr, x, yy);
            else
                cairo_line_to(cr, x, yy);
        }
        draw_set_col(cr, r->n_axes == 1 ? C_INK : role_palette[k % N_ROLE_COLOURS]);
        cairo_set_line_width(cr, fmax(1.2, fs * 0.12));
        cairo_stroke(cr);
    }
    if (r->cheapest >= 0 && r->n_axes == 1) {
        double x = sweep_x(L, r->cheapest),
               yy = plot_scale_map(&cs, r->points[r->cheapest].cost.total_usd);
        cairo_arc(cr, x, yy, fs * 0.35, 0, 2 * M_PI);
        draw_set_col(cr, C_MEETS);
        cairo_fill(cr);
        draw_font(cr, fs * 0.8, F_BOLD);
        snprintf(lab, sizeof lab, "cheapest meeting policy: %s", ax->values[r->cheapest]);
        draw_text_boxed(cr, x + fs * 0.5, yy - fs * 0.2, x > c->x + c->w * 0.6 ? 1.05 : 0, 1, lab,
                        draw_darker(C_MEETS, 0.8));
    }
    draw_font(cr, fs * 0.85, F_NORMAL);
    draw_set_col(cr, C_MUTED);
    cairo_save(cr);
    cairo_translate(cr, L->b.x + fs * 0.7, c->y + c->h / 2);
    cairo_rotate(cr, -M_PI / 2);
    draw_fit_at(cr, 0, 0, 0.5, 0.5, c->h, "cost a month");
    cairo_restore(cr);
}

/* The plot and the panel under it, once the layout is set. */
static void sweep_body(cairo_t *cr, struct sweep_layout *L, double cost_h)
{
    const double fs = L->fs;
    const struct box *a = &L->a;
    sweep_scales(L);
    sweep_probability_axis(cr, L);
    snprintf(L->xtitle, sizeof L->xtitle, "%.*s%s", (int)L->ax->path_len, L->ax->arg,
             strcmp(L->ax->unit, "schedule") == 0 && L->numeric ? " (mean interval between points)"
                                                                : "");
    sweep_value_axis(cr, L);
    sweep_reference_lines(cr, L);
    cairo_save(cr);
    cairo_rectangle(cr, a->x - fs, a->y - fs, a->w + 2 * fs, a->h + 2 * fs);
    cairo_clip(cr);
    for (int k = 0; k < L->n_se; k++)
        sweep_curve(cr, L, k);
    if (L->plan_off)
        sweep_plan_diamonds(cr, L);
    cairo_restore(cr);
    if (L->r->knee.point >= 0 && L->r->n_axes == 1)
        sweep_knee(cr, L);
    if (L->has_cost) {
        struct box c = {a->x, a->y + a->h + fs * 3.0, a->w, cost_h};
        sweep_cost_panel(cr, L, &c);
    }
}

static void render_sweep(cairo_surface_t *surf, cairo_t *cr, void *user)
{
    const struct sweep_chart *sc = user;
    struct sweep_layout L;
    memset(&L, 0, sizeof L);
    L.r = sc->r;
    L.ax = &sc->r->axes[0];
    L.fs = sc->fs;
    L.conf = sc->r->plan->confidence;
    L.n_se = sweep_series_list(L.r, L.se);
    const int nv = L.ax->n_values;
    L.ord = malloc((size_t)nv * sizeof *L.ord);
    L.rank_of = malloc((size_t)nv * sizeof *L.rank_of);

    draw_pdf_metadata(surf, "sweep", sc->meta);
    draw_paint_white(cr, sc->w, sc->h);
    if (!L.ord || !L.rank_of)
        goto out;
    L.numeric = sweep_order(L.ax, L.ord);
    for (int i = 0; i < nv; i++)
        L.rank_of[L.ord[i]] = i;
    L.timelike =
        L.numeric && (strcmp(L.ax->unit, "duration") == 0 || strcmp(L.ax->unit, "schedule") == 0);
    L.has_cost = L.r->base.has_cost;
    const double fs = L.fs;
    double foot = draw_run_footer(cr, sc->w, sc->h, fs, sc->r->plan, sc->r->seed,
                                  sc->r->n_trials, sc->meta);
    L.b = (struct box){fs, fs * 0.6, sc->w - 2 * fs, sc->h - fs * 0.6 - foot};
    double y = sweep_heading(cr, &L);

    draw_font(cr, fs * 0.85, F_NORMAL);
    double left = draw_text_w(cr, "100%") + fs * 2.4;
    double bottom = L.b.y + L.b.h - fs * 3.4;
    double cost_h = L.has_cost ? (bottom - y) * 0.28 : 0;
    L.a = (struct box){L.b.x + left, y, L.b.w - left - fs * 1.2,
                       bottom - y - (L.has_cost ? cost_h + fs * 3.4 : 0)};
    if (L.a.w < fs * 4 || L.a.h < fs * 3 || L.n_se == 0) {
        draw_font(cr, fs, F_ITALIC);
        draw_set_col(cr, C_MUTED);
        draw_fit_at(cr, L.b.x + L.b.w / 2, y + fs * 2, 0.5, 0, L.b.w,
                    L.n_se == 0 ? "no objective with a target changes over these values"
                                : "no room");
        goto out;
    }
    sweep_body(cr, &L, cost_h);
out:
    free(L.rank_of);
    free(L.ord);
}

enum draw_status draw_write_sweep(const char *dir, const struct sweep_results *r,
                                  const struct draw_meta *meta, int *n_files, char *err,
                                  size_t errlen)
{
    struct draw_set set;
    enum draw_status ds = draw_set_begin(&set, "draw_write_sweep", dir,
                                         r && r->n_points >= 1 ? r : NULL, err, errlen);
    if (ds != DRAW_OK) {
        if (n_files)
            *n_files = 0;
        return ds;
    }
    struct sweep_chart sc = {r, meta, 1000, r->base.has_cost ? 760 : 600, 0};
    sc.fs = draw_chart_font(sc.w, 600);
    for (int f = 0; f < DRAW_N_FMTS && ds == DRAW_OK; f++)
        ds = draw_set_write(&set, "sweep", (enum draw_fmt)f, sc.w, sc.h, render_sweep, &sc, err,
                            errlen);
    return draw_set_end(&set, ds, n_files);
}
