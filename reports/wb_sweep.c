/* reports/wb_sweep.c: the Sweep sheet of a sweep workbook (reports/wb_int.h).
 *
 * A sweep (struct sweep_results) simulated the plan once per value of one key path, or
 * per pair of values of two (a grid). The sheet says what was varied and how the points
 * compare (common random numbers), the findings as sentences (reports/sweep_report.h
 * words them, so the terminal and the workbook say the same), then a row per point, the
 * plan as written first: the values (as numbers where they are), per scenario and
 * objective the P95, the trials meeting the target, P(meet) as a formula over them, its
 * Wilson interval and the verdict as a formula, whether the point meets the policy, how
 * often each scenario fails over, and the monthly cost and its parts. Two native charts follow the table: P(meet) against the
 * value with the required confidence as a dashed line, and the cost.
 */
#include "reports/wb_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/sweep_report.h"

/* Series colours of the P(meet) chart, Okabe-Ito first. */
static const lxw_color_t sw_palette[] = {COLOR_BLUE, COLOR_AT_RISK, 0xCC79A7, 0x56B4E9,
                                         0xF0E442, COLOR_MEETS, 0x8C6D31, 0x7F7F7F};

/* Columns of the Sweep table. */
#define SW_OBJ_COLS 6   /* per objective: P95, trials meeting, P(meet), CI low, high, verdict */

struct sw_layout {
    lxw_col_t c_value, c_x, c_obj, c_meets, c_fo, c_cost; /* first column of each group */
    int numeric[SWEEP_MAX_AXES];                    /* the axis has a number for every value */
    double scale[SWEEP_MAX_AXES];
    const char *unit[SWEEP_MAX_AXES];
    lxw_format *fmt[SWEEP_MAX_AXES];
};

/* The sheet row order of the points: axis 1 outermost, so that each value of axis 1 is a
 * contiguous block the grid's chart can take a series from. */
static int sw_point_at(const struct sweep_results *r, int k)
{
    if (r->n_axes == 1)
        return k;
    int n0 = r->axes[0].n_values, v1 = k / n0, v0 = k % n0;
    return v0 * r->axes[1].n_values + v1;
}

static void sw_row(struct sheet *sh, const struct sweep_results *r, const struct sw_layout *L,
                   const struct sweep_point *pt, const char *label)
{
    struct wb *w = sh->w;
    const struct fmts *f = &w->f;
    char fm[WB_FORMULA], c1[16], c2[16];
    wb_put_text(sh, 0, label, NULL);
    for (int a = 0; a < r->n_axes; a++) {
        const struct vary_axis *ax = &r->axes[a];
        int v = pt->value[a];
        wb_put_text(sh, (lxw_col_t)(L->c_value + a), v < 0 ? ax->plan_value : ax->values[v], NULL);
        if (L->numeric[a])
            wb_put_num(sh, (lxw_col_t)(L->c_x + a), (v < 0 ? ax->plan_x : ax->x[v]) * L->scale[a],
                       L->fmt[a]);
    }
    for (int s = 0; s < r->n_scenarios; s++) {
        for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
            const struct sweep_summary *su = &pt->sc[s];
            const struct mc_objective *ob = sweep_objective_of(su, (enum sweep_objective)o);
            lxw_col_t c = (lxw_col_t)(L->c_obj + SW_OBJ_COLS * (2 * s + o));
            wb_put_hours(sh, c, o == SWEEP_RTO ? su->rto.p95_s : su->rpo.p95_s);
            if (!ob->has_target)
                continue;
            wb_put_num(sh, (lxw_col_t)(c + 1), (double)ob->n_met, f->count);
            snprintf(fm, sizeof fm, "=%s/%llu", wb_ref(c1, sh->row, (lxw_col_t)(c + 1)),
                     (unsigned long long)ob->n);
            wb_put_formula_num(sh, (lxw_col_t)(c + 2), fm, ob->p_met, f->pct);
            wb_put_num(sh, (lxw_col_t)(c + 3), ob->ci_lo, f->pct);
            wb_put_num(sh, (lxw_col_t)(c + 4), ob->ci_hi, f->pct);
            snprintf(fm, sizeof fm, "=IF(%s>=%.17g,\"meets\",IF(%s>=%.17g,\"at risk\",\"breach\"))",
                     wb_ref(c1, sh->row, (lxw_col_t)(c + 3)), ob->confidence,
                     wb_ref(c2, sh->row, (lxw_col_t)(c + 2)), ob->confidence);
            wb_put_formula_str(sh, (lxw_col_t)(c + 5), fm, mc_verdict_name(ob->verdict), NULL);
        }
    }
    wb_put_text(sh, L->c_meets, pt->meets_policy ? "yes" : "no", NULL);
    for (int s = 0; s < r->n_scenarios; s++)
        wb_put_num(sh, (lxw_col_t)(L->c_fo + s), pt->sc[s].outcomes[MC_OUTCOME_FAILED_OVER].share,
                   f->pct);
    if (pt->has_cost) {
        wb_put_num(sh, L->c_cost, pt->cost.total_usd, f->usd);
        wb_put_num(sh, (lxw_col_t)(L->c_cost + 1), pt->cost.storage_usd, f->usd);
        wb_put_num(sh, (lxw_col_t)(L->c_cost + 2), pt->cost.transfer_usd, f->usd);
        wb_put_num(sh, (lxw_col_t)(L->c_cost + 3), pt->cost.points_usd, f->usd);
        wb_put_num(sh, (lxw_col_t)(L->c_cost + 4), pt->cost.staffing_usd, f->usd);
    }
    wb_next_row(sh);
}

static lxw_chart_series *sw_series(struct sheet *sh, lxw_chart *ch, const char *name,
                                   lxw_row_t r0, lxw_row_t r1, lxw_col_t cx, lxw_col_t cy,
                                   lxw_color_t color, int dashed)
{
    lxw_chart_series *se = wb_chart_series(sh, ch, name, r0, r1, cx, cy, color, dashed);
    if (se && !dashed) {
        chart_series_set_marker_type(se, LXW_CHART_MARKER_CIRCLE);
        chart_series_set_marker_size(se, 5);
    }
    return se;
}

/* The title, what was varied, how the points compare, and the findings in words. */
static void sw_notes(struct sheet *sh, const struct sweep_results *r)
{
    const struct fmts *f = &sh->w->f;
    char buf[2048], path[300];

    wb_put_note(sh, f->title, "Sweep");
    for (int a = 0; a < r->n_axes; a++) {
        const struct vary_axis *ax = &r->axes[a];
        snprintf(path, sizeof path, "%.*s", (int)ax->path_len, ax->arg);
        wb_put_notef(sh, f->note, "Varied: %s (%s), %d values; the plan writes %s.", path,
                     ax->unit, ax->n_values, ax->plan_value);
        if (ax->n_shared > 0)
            wb_put_notef(sh, f->note, "The value at line %d is written once and shared "
                         "through a YAML alias, so it also sets %d other path%s (first: %s).",
                         ax->sites[0].line, ax->n_shared, ax->n_shared == 1 ? "" : "s",
                         ax->shared[0]);
    }
    wb_put_notef(sh, f->note, "Each point is the plan with these values, loaded and validated "
                 "like the file itself, then simulated with %llu trials per scenario and seed "
                 "%llu: every point replays the same outages with the same random draws "
                 "(common random numbers), so differences between rows are the effect of the "
                 "values, not noise.", (unsigned long long)r->n_trials,
                 (unsigned long long)r->seed);
    wb_put_note(sh, f->note, "P(meet) is a formula over the trials meeting the target; the "
                "interval is Wilson's at 95 %; the verdict compares the interval with the "
                "required confidence (meets: lower bound at or above it; at risk: estimate at "
                "or above it; breach: below).");
    wb_put_note(sh, f->section, "Findings");
    wb_put_note(sh, f->note, sweep_report_cheapest_text(r, buf, sizeof buf));
    if (*sweep_report_knee_text(r, buf, sizeof buf))
        wb_put_note(sh, f->note, buf);
    for (int i = 0; i < r->n_recs; i++)
        wb_put_note(sh, f->note, sweep_report_rec_text(r, &r->recs[i], buf, sizeof buf));
}

/* The table's columns, and how each axis's values show as numbers. */
static void sw_layout(struct wb *w, const struct sweep_results *r, struct sw_layout *L)
{
    memset(L, 0, sizeof *L);
    L->c_value = 1;
    L->c_x = (lxw_col_t)(L->c_value + r->n_axes);
    for (int a = 0; a < r->n_axes; a++) {
        const struct vary_axis *ax = &r->axes[a];
        L->fmt[a] = wb_value_format(w, ax->unit, &L->scale[a], &L->unit[a]);
        L->numeric[a] = L->fmt[a] != NULL && isfinite(ax->plan_x);
        for (int v = 0; v < ax->n_values && L->numeric[a]; v++)
            L->numeric[a] = isfinite(ax->x[v]);
    }
    L->c_obj = (lxw_col_t)(L->c_x + r->n_axes);
    L->c_meets = (lxw_col_t)(L->c_obj + SW_OBJ_COLS * 2 * r->n_scenarios);
    L->c_fo = (lxw_col_t)(L->c_meets + 1);
    L->c_cost = (lxw_col_t)(L->c_fo + r->n_scenarios);
}

/* The header row (the table's head_row). */
static void sw_header(struct sheet *sh, const struct sweep_results *r, const struct sw_layout *L)
{
    const struct plan *p = sh->w->p;
    char head[300];

    sh->head_row = sh->row;
    wb_head_cell(sh, 0, "Point");
    for (int a = 0; a < r->n_axes; a++) {
        snprintf(head, sizeof head, "%.*s", (int)r->axes[a].path_len, r->axes[a].arg);
        wb_head_cell(sh, (lxw_col_t)(L->c_value + a), head);
        if (L->numeric[a]) {
            snprintf(head, sizeof head, "as a number%s%s%s",
                     strcmp(r->axes[a].unit, "schedule") == 0 ? ": mean interval" : "",
                     *L->unit[a] ? ", " : "", L->unit[a]);
            wb_head_cell(sh, (lxw_col_t)(L->c_x + a), head);
        }
    }
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct scenario *sc = &p->scenarios[s];
        for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
            lxw_col_t cc = (lxw_col_t)(L->c_obj + SW_OBJ_COLS * (2 * s + o));
            const char *ow = wb_obj_word((enum sweep_objective)o);
            double t = o == SWEEP_RTO ? sc->rto_target_s : sc->rpo_target_s;
            char tb[32];
            snprintf(head, sizeof head, "%s %s P95 (h)", sc->name, ow);
            wb_head_cell(sh, cc, head);
            if (!sc->has_policy)
                continue;
            snprintf(head, sizeof head, "%s %s trials within %s", sc->name, ow,
                     wb_fmt_duration(t, tb, sizeof tb));
            wb_head_cell(sh, (lxw_col_t)(cc + 1), head);
            snprintf(head, sizeof head, "%s %s P(meet)", sc->name, ow);
            wb_head_cell(sh, (lxw_col_t)(cc + 2), head);
            wb_head_cell(sh, (lxw_col_t)(cc + 3), "95% CI low");
            wb_head_cell(sh, (lxw_col_t)(cc + 4), "95% CI high");
            snprintf(head, sizeof head, "%s %s verdict", sc->name, ow);
            wb_head_cell(sh, (lxw_col_t)(cc + 5), head);
        }
    }
    wb_head_cell(sh, L->c_meets, "Meets the policy");
    for (int s = 0; s < r->n_scenarios; s++) {
        snprintf(head, sizeof head, "%s fails over (share of outages)", p->scenarios[s].name);
        wb_head_cell(sh, (lxw_col_t)(L->c_fo + s), head);
    }
    if (r->base.has_cost) {
        wb_head_cell(sh, L->c_cost, "Cost a month ($)");
        wb_head_cell(sh, (lxw_col_t)(L->c_cost + 1), "Storage ($)");
        wb_head_cell(sh, (lxw_col_t)(L->c_cost + 2), "Cross-region transfer ($)");
        wb_head_cell(sh, (lxw_col_t)(L->c_cost + 3), "Per-point charges ($)");
        wb_head_cell(sh, (lxw_col_t)(L->c_cost + 4), "Staffing ($)");
    }
    wb_next_row(sh);
}

/* Below the table, when axis 1's values are numbers: the ends of the "required
 * confidence" line across their range, for the P(meet) chart. Returns the first of the
 * two rows, or 0 when there is no such line. */
static lxw_row_t sw_markers(struct sheet *sh, const struct sweep_results *r,
                            const struct sw_layout *L)
{
    const struct vary_axis *a0 = &r->axes[0];
    double lo = a0->plan_x, hi = a0->plan_x;
    lxw_row_t m0;

    if (!L->numeric[0])
        return 0;
    for (int v = 0; v < a0->n_values; v++) {
        lo = fmin(lo, a0->x[v]);
        hi = fmax(hi, a0->x[v]);
    }
    wb_next_row(sh);
    wb_put_text(sh, 0, "Chart marker: required confidence", sh->w->f.bold);
    wb_next_row(sh);
    m0 = sh->row;
    for (int k = 0; k < 2; k++) {
        wb_put_num(sh, L->c_x, (k ? hi : lo) * L->scale[0], L->fmt[0]);
        wb_put_num(sh, L->c_obj + 2, sh->w->p->confidence, sh->w->f.pct);
        wb_next_row(sh);
    }
    return m0;
}

/* With one axis: a P(meet) series per objective whose trials meeting the target change
 * over the points (eight at most). Returns the number of series. */
static int sw_series_per_objective(struct sheet *sh, lxw_chart *ch, const struct sweep_results *r,
                                   const struct sw_layout *L, lxw_row_t first, lxw_row_t last,
                                   lxw_col_t cx)
{
    char buf[512];
    int n_series = 0;
    for (int s = 0; s < r->n_scenarios; s++)
        for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
            enum sweep_objective so = (enum sweep_objective)o;
            if (!sweep_objective_moves(r, s, so) || n_series >= 8)
                continue;
            snprintf(buf, sizeof buf, "%s %s", sh->w->p->scenarios[s].name, wb_obj_word(so));
            sw_series(sh, ch, buf, first, last, cx,
                      (lxw_col_t)(L->c_obj + SW_OBJ_COLS * (2 * s + o) + 2),
                      sw_palette[n_series % 8], 0);
            n_series++;
        }
    return n_series;
}

/* With two axes (a grid): for the objective whose probability varies most over the grid,
 * a P(meet) series per value of axis 2 (eight at most). Returns the number of series. */
static int sw_series_per_value(struct sheet *sh, lxw_chart *ch, const struct sweep_results *r,
                               const struct sw_layout *L, lxw_row_t first, lxw_col_t cx)
{
    const struct vary_axis *a1 = &r->axes[1];
    int bs, bo, n_series = 0, n0 = r->axes[0].n_values;
    char buf[512];

    /* The objective that moves most over the grid (analysis/sweep.c chose it). */
    if (r->steepest.scenario < 0)
        return 0;
    bs = r->steepest.scenario;
    bo = (int)r->steepest.objective;
    for (int v1 = 0; v1 < a1->n_values && v1 < 8; v1++) {
        lxw_row_t b0 = first + (lxw_row_t)(v1 * n0);
        snprintf(buf, sizeof buf, "%s %s, %.*s = %s", sh->w->p->scenarios[bs].name,
                 wb_obj_word((enum sweep_objective)bo), (int)a1->path_len, a1->arg,
                 a1->values[v1]);
        sw_series(sh, ch, buf, b0, b0 + (lxw_row_t)n0 - 1, cx,
                  (lxw_col_t)(L->c_obj + SW_OBJ_COLS * (2 * bs + bo) + 2), sw_palette[v1 % 8], 0);
        n_series++;
    }
    return n_series;
}

/* The cost chart of a one-axis sweep, from a little below the cheapest point:
 * differences between configurations are often small next to the total. */
static void sw_cost_chart(struct sheet *sh, const struct sweep_results *r,
                          const struct sw_layout *L, lxw_row_t first, lxw_row_t last,
                          lxw_col_t cx, const char *x_name, lxw_chart_options *co)
{
    lxw_chart *cc = wb_chart_new(sh->w, L->numeric[0] ? LXW_CHART_SCATTER_STRAIGHT
                                                      : LXW_CHART_LINE,
                                 "Cost a month", x_name, "US dollars");
    double lo = INFINITY, hi = -INFINITY, span, mag;

    if (cc == NULL)
        return;
    for (int i = 0; i < r->n_points; i++) {
        lo = fmin(lo, r->points[i].cost.total_usd);
        hi = fmax(hi, r->points[i].cost.total_usd);
    }
    span = fmax(hi - lo, fmax(hi * 1e-3, 1.0));
    mag = pow(10.0, floor(log10(span)));
    chart_axis_set_num_format(cc->y_axis, "$#,##0");
    chart_axis_set_min(cc->y_axis, fmax(0.0, floor((lo - 0.2 * span) / mag) * mag));
    chart_axis_set_max(cc->y_axis, ceil((hi + 0.2 * span) / mag) * mag);
    chart_legend_set_position(cc, LXW_CHART_LEGEND_NONE);
    sw_series(sh, cc, "cost a month", first, last, cx, L->c_cost, COLOR_BLUE, 0);
    wb_insert_chart(sh, 23, (lxw_col_t)(L->c_cost + 6), cc, co);
}

/* The charts right of the table: P(meet) against axis 1, per objective that moves (one
 * axis) or per value of axis 2 for the objective that moves most (a grid), with the
 * required confidence from the marker rows at m0; and the cost (one axis, with costs). */
static void sw_charts(struct sheet *sh, const struct sweep_results *r, const struct sw_layout *L,
                      lxw_row_t first, lxw_row_t last, lxw_row_t m0)
{
    const struct vary_axis *a0 = &r->axes[0];
    int has_cost = r->base.has_cost, n_series;
    lxw_col_t cx = L->numeric[0] ? L->c_x : L->c_value;
    lxw_chart_options co;
    char head[300];
    lxw_chart *ch;

    snprintf(head, sizeof head, "%.*s%s%s%s", (int)a0->path_len, a0->arg,
             L->numeric[0] && *L->unit[0] ? " (" : "", L->numeric[0] ? L->unit[0] : "",
             L->numeric[0] && *L->unit[0] ? ")" : "");
    ch = wb_chart_new(sh->w, L->numeric[0] ? LXW_CHART_SCATTER_STRAIGHT : LXW_CHART_LINE,
                      "Probability of meeting the target", head, "share of outages");
    if (ch == NULL)
        return;
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    if (r->n_axes == 1)
        n_series = sw_series_per_objective(sh, ch, r, L, first, last, cx);
    else
        n_series = sw_series_per_value(sh, ch, r, L, first, cx);
    if (L->numeric[0])
        sw_series(sh, ch, "required confidence", m0, m0 + 1, L->c_x, (lxw_col_t)(L->c_obj + 2),
                  0x555555, 1);
    chart_axis_set_max(ch->y_axis, 1);
    memset(&co, 0, sizeof co);
    co.x_scale = 1.6;
    co.y_scale = 1.4;
    if (n_series > 0)
        wb_insert_chart(sh, 1, (lxw_col_t)(L->c_cost + (has_cost ? 6 : 1)), ch, &co);
    if (has_cost && r->n_axes == 1)
        sw_cost_chart(sh, r, L, first, last, cx, head, &co);
}

void wb_sweep_sheet(struct wb *w, const struct sweep_results *r)
{
    struct sheet sh;
    struct sw_layout L;
    char buf[64];
    lxw_row_t first, last, m0;

    if (wb_sheet_open(w, &sh, "Sweep"))
        return;
    sw_notes(&sh, r);
    sw_layout(w, r, &L);
    sw_header(&sh, r, &L);
    sw_row(&sh, r, &L, &r->base,
           r->base_point >= 0 ? "plan (= a point below)" : "plan as written");
    first = sh.row;
    for (int k = 0; k < r->n_points && wb_ok(w); k++) {
        int i = sw_point_at(r, k);
        snprintf(buf, sizeof buf, "%d%s", i + 1, i == r->base_point ? " (plan)" : "");
        sw_row(&sh, r, &L, &r->points[i], buf);
    }
    last = sh.row - 1;
    for (int s = 0; s < r->n_scenarios; s++)
        for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++)
            wb_cf_verdicts(&sh, sh.head_row + 1, last,
                           (lxw_col_t)(L.c_obj + SW_OBJ_COLS * (2 * s + o) + 5));
    wb_cf_equals(&sh, sh.head_row + 1, last, L.c_meets, "yes",
                 w->f.cf_verdict[MC_VERDICT_MEETS]);
    m0 = sw_markers(&sh, r, &L);
    sw_charts(&sh, r, &L, first, last, m0);
    wb_sheet_finish(&sh, 1, last, 1);
}
