/* reports/wb_decision.c: the Decision curve sheet of the auditor's workbook
 * (reports/wb_int.h), written when a scenario's activation waits for the provider
 * (analysis/decision.h).
 *
 * The sheet says what the curve is and how its points compare (common random numbers:
 * the same outages at every wait), then per scenario what the curve shows, as
 * analysis/decision.c words it, and a row per wait: the wait in hours, whether it is the
 * plan's own, P(meet RTO) with its Wilson 95 % interval and verdict, the same for the
 * RPO, P(meet both), the share of outages that fail over and the required confidence.
 * When the plan writes a distribution for the wait, the plan as written follows the
 * fixed waits, at the distribution's median. A native chart per scenario, right of the
 * table, plots the three shares against the wait with the required confidence dashed.
 */
#include "reports/wb_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum {
    DC_SCEN = 0, DC_WAIT, DC_PLAN, DC_RTO, DC_RTO_LO, DC_RTO_HI, DC_RTO_V, DC_RPO, DC_RPO_LO,
    DC_RPO_HI, DC_RPO_V, DC_BOTH, DC_SHARE, DC_CONF, DC_TRIALS, DC_NCOLS
};

/* Objective ob in columns c (P), c+1, c+2 (interval) and c+3 (verdict); "-" without a
 * target. */
static void dc_objective(struct sheet *sh, lxw_col_t c, const struct mc_objective *ob)
{
    const struct fmts *f = &sh->w->f;
    if (!ob->has_target) {
        for (int k = 0; k < 4; k++)
            wb_put_text(sh, (lxw_col_t)(c + k), "-", f->center);
        return;
    }
    wb_put_num(sh, c, ob->p_met, f->pct);
    wb_put_num(sh, (lxw_col_t)(c + 1), ob->ci_lo, f->pct);
    wb_put_num(sh, (lxw_col_t)(c + 2), ob->ci_hi, f->pct);
    wb_put_text(sh, (lxw_col_t)(c + 3), wb_verdict_text(ob), f->verdict[ob->verdict]);
}

static void dc_row(struct sheet *sh, const struct scenario *sc, const struct decision_point *pt,
                   int has_policy, double confidence)
{
    const struct fmts *f = &sh->w->f;
    wb_put_text(sh, DC_SCEN, sc->name, NULL);
    wb_put_hours(sh, DC_WAIT, pt->wait_s);
    wb_put_text(sh, DC_PLAN,
                pt->is_median ? "plan as written (median of its distribution)"
                : pt->is_plan && !isfinite(pt->wait_s) ? "plan as written (never)"
                : pt->is_plan                          ? "plan's wait"
                                                       : "",
                NULL);
    dc_objective(sh, DC_RTO, &pt->rto_obj);
    dc_objective(sh, DC_RPO, &pt->rpo_obj);
    if (has_policy)
        wb_put_num(sh, DC_BOTH, pt->p_meet_both, f->pct);
    else
        wb_put_text(sh, DC_BOTH, "-", f->center);
    wb_put_num(sh, DC_SHARE, pt->failover_share, f->pct);
    wb_put_num(sh, DC_CONF, confidence, f->pct);
    wb_put_num(sh, DC_TRIALS, (double)pt->n_trials, f->count);
    wb_next_row(sh);
}

/* The chart of one curve from its rows r0..r1, at row `at` right of the table. */
static void dc_chart(struct sheet *sh, const struct scenario *sc, int has_policy, lxw_row_t r0,
                     lxw_row_t r1, lxw_row_t at)
{
    char title[256];
    lxw_chart_options co;
    lxw_chart_series *se;
    snprintf(title, sizeof title, "Decision curve: %s", sc->name);
    lxw_chart *ch = wb_chart_new(sh->w, LXW_CHART_SCATTER_STRAIGHT, title,
                                 "wait before failing over (hours)", "share of outages");
    if (ch == NULL)
        return;
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    if (has_policy) {
        se = wb_chart_series(sh, ch, "P(meet RTO)", r0, r1, DC_WAIT, DC_RTO, COLOR_BLUE, 0);
        if (se) {
            chart_series_set_marker_type(se, LXW_CHART_MARKER_CIRCLE);
            chart_series_set_marker_size(se, 5);
        }
        se = wb_chart_series(sh, ch, "P(meet RPO)", r0, r1, DC_WAIT, DC_RPO, 0xCC79A7, 0);
        if (se) {
            chart_series_set_marker_type(se, LXW_CHART_MARKER_CIRCLE);
            chart_series_set_marker_size(se, 5);
        }
    }
    wb_chart_series(sh, ch, "share failing over", r0, r1, DC_WAIT, DC_SHARE, 0x9A9A9A, 1);
    wb_chart_series(sh, ch, "required confidence", r0, r1, DC_WAIT, DC_CONF, 0x555555, 1);
    chart_axis_set_max(ch->y_axis, 1);
    chart_axis_set_min(ch->x_axis, 0);
    memset(&co, 0, sizeof co);
    co.x_scale = 1.6;
    co.y_scale = 1.4;
    wb_insert_chart(sh, at, (lxw_col_t)(DC_NCOLS + 1), ch, &co);
}

void wb_decision_sheet(struct wb *w)
{
    static const char *const head[DC_NCOLS] = {
        "Scenario",          "Wait before failing over (h)", "Plan",
        "P(meet RTO)",       "RTO 95% CI low",               "RTO 95% CI high",
        "RTO verdict",       "P(meet RPO)",                  "RPO 95% CI low",
        "RPO 95% CI high",   "RPO verdict",                  "P(meet both)",
        "Share failing over", "Required confidence",         "Trials"};
    const struct decision_results *dc = w->dc;
    const struct fmts *f = &w->f;
    struct sheet sh;
    lxw_row_t r0[PLAN_MAX_SCENARIOS], r1[PLAN_MAX_SCENARIOS];
    int n = 0;

    if (dc == NULL || dc->n_curves < 1 || wb_sheet_open(w, &sh, "Decision curve"))
        return;
    wb_put_note(&sh, f->title, "Decision curve");
    wb_put_notef(&sh, f->note_wrap,
                 "How long to wait for the provider before failing over: for each scenario whose "
                 "activation waits (go_when.outage_lasted), the chance of meeting the RTO and the "
                 "RPO targets and the share of outages that fail over, with the go at each wait "
                 "(the outage has lasted that long). %llu trials a wait, seed %llu; every wait "
                 "replays the same outages (common random numbers), so the differences between "
                 "rows are the wait's effect. The plan's own wait is marked; a verdict is "
                 "\"meets\" when the lower bound of the 95%% interval reaches the required "
                 "confidence.",
                 (unsigned long long)dc->n_trials, (unsigned long long)dc->seed);
    for (int i = 0; i < dc->n_curves; i++)
        wb_put_notef(&sh, f->note_wrap, "%s: %s", w->p->scenarios[dc->curves[i].scenario].name,
                     dc->curves[i].finding);
    sh.head_row = sh.row;
    wb_put_header(&sh, head, DC_NCOLS);
    wb_next_row(&sh);
    for (int i = 0; i < dc->n_curves && wb_ok(w); i++) {
        const struct decision_curve *c = &dc->curves[i];
        const struct scenario *sc = &w->p->scenarios[c->scenario];
        r0[n] = sh.row;
        for (int k = 0; k < c->n_points; k++)
            dc_row(&sh, sc, &c->points[k], c->has_policy, w->p->confidence);
        r1[n++] = sh.row - 1;
        if (c->plan_point < 0)
            dc_row(&sh, sc, &c->plan, c->has_policy, w->p->confidence);
    }
    lxw_row_t last = sh.row - 1;
    wb_cf_verdicts(&sh, sh.head_row + 1, last, DC_RTO_V);
    wb_cf_verdicts(&sh, sh.head_row + 1, last, DC_RPO_V);
    for (int i = 0; i < n && wb_ok(w); i++)
        dc_chart(&sh, &w->p->scenarios[dc->curves[i].scenario], dc->curves[i].has_policy, r0[i],
                 r1[i], (lxw_row_t)(sh.head_row + 22 * i));
    wb_sheet_finish(&sh, 1, last, 2);
}
