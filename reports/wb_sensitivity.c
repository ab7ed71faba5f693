/* reports/wb_sensitivity.c: the Sensitivity sheet of a sensitivity workbook
 * (reports/wb_int.h).
 *
 * A sensitivity analysis (struct sensitivity_results) moved every uncertain input of the
 * plan to a low and a high value, one at a time, with the same seed. The sheet has a row
 * per input in rank order: its low, written and high value, and per scenario and objective
 * the low and high runs' P(meet), their difference as a formula, and the P95s. Then, per
 * objective that some input moves, the largest changes from the plan's probability as a
 * small table and a native tornado (bar) chart beside the main table.
 */
#include "reports/wb_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define SE_CHART_BARS 15         /* inputs in a tornado chart at most */
#define SE_C_EFF 9               /* the first effect column; five per scenario and objective */

/* P(meet) of objective o in a run's summary. */
static double se_p(const struct sweep_summary *s, enum sweep_objective o)
{
    return sweep_objective_of(s, o)->p_met;
}

/* How far input f moves objective o of scenario s: |P(meet) high - P(meet) low|. */
static double se_swing(const struct sensitivity_factor *f, int s, enum sweep_objective o)
{
    return fabs(se_p(&f->hi[s], o) - se_p(&f->lo[s], o));
}

/* The first column of scenario s's objective o among the effect columns. */
static lxw_col_t se_col(int s, int o)
{
    return (lxw_col_t)(SE_C_EFF + 5 * (2 * s + o));
}

/* The title and the notes on how the inputs were moved and ranked. */
static void se_notes(struct sheet *sh, const struct sensitivity_results *r)
{
    const struct fmts *f = &sh->w->f;
    wb_put_note(sh, f->title, "Sensitivity: which input moves the results most");
    if (r->spread > 0)
        wb_put_notef(sh, f->note, "Each uncertain input of the plan (every distribution it "
                     "writes and every backup failure probability) was scaled by -%.0f%% and "
                     "+%.0f%%, one at a time.", 100 * r->spread, 100 * r->spread);
    else
        wb_put_note(sh, f->note, "Each uncertain input of the plan (every distribution it "
                    "writes and every backup failure probability) was moved, one at a time, so "
                    "that its median sits at its own P10 (low) and P90 (high): the distribution "
                    "is scaled, its shape kept. Failure probabilities were halved and doubled; "
                    "fixed values were not moved.");
    wb_put_notef(sh, f->note, "%d inputs, %d simulations of %llu trials per scenario with seed "
                 "%llu: every run replays the same outages with the same random draws, so the "
                 "differences are the inputs' effects. Ranked by the largest change in the "
                 "probability of meeting a target, then by the change of a P95 relative to its "
                 "target.", r->n_factors, r->n_runs, (unsigned long long)r->n_trials,
                 (unsigned long long)r->seed);
}

/* The header row (the table's head_row), then the row of the plan as written. */
static void se_header(struct sheet *sh, const struct sensitivity_results *r)
{
    static const char *const base_head[] = {
        "Rank", "Input (key path)", "Line", "Uses", "Kind", "Unit", "Low", "As written", "High"
    };
    const struct plan *p = sh->w->p;
    const struct fmts *f = &sh->w->f;
    char head[300];

    sh->head_row = sh->row;
    wb_put_header(sh, base_head, 9);
    for (int s = 0; s < r->n_scenarios; s++)
        for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
            lxw_col_t c = se_col(s, o);
            const char *sn = p->scenarios[s].name, *on = wb_obj_word((enum sweep_objective)o);
            snprintf(head, sizeof head, "%s %s P(meet), low", sn, on);
            wb_head_cell(sh, c, head);
            snprintf(head, sizeof head, "%s %s P(meet), high", sn, on);
            wb_head_cell(sh, (lxw_col_t)(c + 1), head);
            snprintf(head, sizeof head, "%s %s swing", sn, on);
            wb_head_cell(sh, (lxw_col_t)(c + 2), head);
            snprintf(head, sizeof head, "%s %s P95 low (h)", sn, on);
            wb_head_cell(sh, (lxw_col_t)(c + 3), head);
            snprintf(head, sizeof head, "%s %s P95 high (h)", sn, on);
            wb_head_cell(sh, (lxw_col_t)(c + 4), head);
        }
    wb_next_row(sh);
    wb_put_text(sh, 1, "the plan as written", f->bold);
    for (int s = 0; s < r->n_scenarios; s++)
        for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
            lxw_col_t c = se_col(s, o);
            const struct mc_objective *ob = sweep_objective_of(&r->base[s],
                                                               (enum sweep_objective)o);
            double p95 = o == SWEEP_RTO ? r->base[s].rto.p95_s : r->base[s].rpo.p95_s;
            if (ob->has_target) {
                wb_put_num(sh, c, ob->p_met, f->pct);
                wb_put_num(sh, (lxw_col_t)(c + 1), ob->p_met, f->pct);
            }
            wb_put_hours(sh, (lxw_col_t)(c + 3), p95);
            wb_put_hours(sh, (lxw_col_t)(c + 4), p95);
        }
    wb_next_row(sh);
}

/* The row of input i (rank i + 1). */
static void se_row(struct sheet *sh, const struct sensitivity_results *r, int i)
{
    const struct fmts *f = &sh->w->f;
    const struct sensitivity_factor *sf = &r->factors[i];
    char fm[WB_FORMULA], c1[16], c2[16];
    double scale;
    const char *unit;
    lxw_format *vf = wb_value_format(sh->w, sf->f.unit, &scale, &unit);

    wb_put_num(sh, 0, (double)(i + 1), f->count);
    wb_put_text(sh, 1, sf->f.path, f->wrap);
    wb_put_num(sh, 2, (double)sf->f.line, f->count);
    wb_put_num(sh, 3, (double)sf->f.n_uses, f->count);
    wb_put_text(sh, 4, sf->f.kind == FACTOR_PROB ? "probability"
                                                 : dist_kind_name(sf->f.dist.kind), NULL);
    wb_put_textf(sh, 5, NULL, "%s%s", sf->f.kind == FACTOR_DIST ? "median, " : "",
                 *unit ? unit : "share");
    wb_put_num(sh, 6, sf->typical_lo * scale, vf);
    wb_put_num(sh, 7, sf->typical * scale, vf);
    wb_put_num(sh, 8, sf->typical_hi * scale, vf);
    for (int s = 0; s < r->n_scenarios; s++)
        for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
            enum sweep_objective so = (enum sweep_objective)o;
            lxw_col_t c = se_col(s, o);
            const struct mc_objective *ol = sweep_objective_of(&sf->lo[s], so);
            const struct mc_objective *oh = sweep_objective_of(&sf->hi[s], so);
            if (ol->has_target) {
                wb_put_num(sh, c, ol->p_met, f->pct);
                wb_put_num(sh, (lxw_col_t)(c + 1), oh->p_met, f->pct);
                snprintf(fm, sizeof fm, "=ABS(%s-%s)", wb_ref(c1, sh->row, (lxw_col_t)(c + 1)),
                         wb_ref(c2, sh->row, c));
                wb_put_formula_num(sh, (lxw_col_t)(c + 2), fm, fabs(oh->p_met - ol->p_met),
                                   f->pct);
            }
            wb_put_hours(sh, (lxw_col_t)(c + 3),
                         o == SWEEP_RTO ? sf->lo[s].rto.p95_s : sf->lo[s].rpo.p95_s);
            wb_put_hours(sh, (lxw_col_t)(c + 4),
                         o == SWEEP_RTO ? sf->hi[s].rto.p95_s : sf->hi[s].rpo.p95_s);
        }
    wb_next_row(sh);
}

/* The inputs that move scenario s's objective o at all, the SE_CHART_BARS largest
 * swings, largest first (an insertion into a short sorted list; ties keep rank order).
 * Returns how many are in order[]. */
static int se_top_inputs(const struct sensitivity_results *r, int s, enum sweep_objective o,
                         int order[SE_CHART_BARS])
{
    int n = 0;
    for (int i = 0; i < r->n_factors; i++) {
        double d = se_swing(&r->factors[i], s, o);
        int k;
        if (!(d > 0))
            continue;
        if (n < SE_CHART_BARS)
            k = n++;
        else if (se_swing(&r->factors[order[n - 1]], s, o) >= d)
            continue;
        else
            k = n - 1;
        order[k] = i;
        for (; k > 0; k--) {
            int t;
            if (se_swing(&r->factors[order[k - 1]], s, o) >= d)
                break;
            t = order[k];
            order[k] = order[k - 1];
            order[k - 1] = t;
        }
    }
    return n;
}

/* The tornado of scenario s's objective o, the n_charts-th on the sheet: below the table,
 * its data (the change of P(meet) from the plan's at the low and the high value, the
 * smallest first because a bar chart draws its first category at the bottom), and right
 * of the table a bar chart of it. */
static void se_tornado(struct sheet *sh, const struct sensitivity_results *r, int s,
                       enum sweep_objective o, const int *order, int n, int n_charts)
{
    const struct fmts *f = &sh->w->f;
    const char *sn = sh->w->p->scenarios[s].name;
    double base = sweep_objective_of(&r->base[s], o)->p_met;
    lxw_col_t chart_col = (lxw_col_t)(SE_C_EFF + 10 * r->n_scenarios + 1);
    lxw_chart_font tf;
    lxw_chart_options co;
    lxw_chart *ch;
    lxw_row_t d0;
    char head[300];

    wb_next_row(sh);
    wb_put_textf(sh, 0, f->bold, "Chart data: %s %s, change in P(meet) from the plan's %.1f%%",
                 sn, wb_obj_word(o), 100 * base);
    wb_next_row(sh);
    wb_head_cell(sh, 1, "Input");
    wb_head_cell(sh, 2, "Low");
    wb_head_cell(sh, 3, "High");
    wb_next_row(sh);
    d0 = sh->row;
    for (int k = n - 1; k >= 0; k--) {
        const struct sensitivity_factor *sf = &r->factors[order[k]];
        wb_put_text(sh, 1, sf->f.path, NULL);
        wb_put_num(sh, 2, se_p(&sf->lo[s], o) - base, f->pct);
        wb_put_num(sh, 3, se_p(&sf->hi[s], o) - base, f->pct);
        wb_next_row(sh);
    }
    snprintf(head, sizeof head, "What moves the %s %s (P(meet) %.1f%% as written)", sn,
             wb_obj_word(o), 100 * base);
    /* In a bar chart the x axis is the value axis (horizontal), y the categories. */
    ch = workbook_add_chart(sh->w->book, LXW_CHART_BAR);
    if (ch == NULL) {
        wb_fail(sh->w, WB_NOMEM, "adding a chart");
        return;
    }
    memset(&tf, 0, sizeof tf);
    tf.size = 11;
    tf.bold = LXW_TRUE;
    chart_title_set_name(ch, head);
    chart_title_set_name_font(ch, &tf);
    wb_chart_fonts(ch);
    chart_axis_set_name(ch->x_axis, "change in the probability of meeting the target");
    chart_axis_set_num_format(ch->x_axis, "+0%;-0%;0%");
    chart_axis_set_label_position(ch->y_axis, LXW_CHART_AXIS_LABEL_POSITION_LOW);
    chart_set_series_overlap(ch, 100);
    chart_set_series_gap(ch, 40);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    wb_chart_series(sh, ch, "input at its low value", d0, sh->row - 1, 1, 2, 0x56B4E9, 0);
    wb_chart_series(sh, ch, "input at its high value", d0, sh->row - 1, 1, 3, COLOR_AT_RISK, 0);
    memset(&co, 0, sizeof co);
    co.x_scale = 1.7;
    co.y_scale = 1.2 + 0.06 * n;
    wb_insert_chart(sh, (lxw_row_t)(1 + 24 * n_charts), chart_col, ch, &co);
}

void wb_sensitivity_sheet(struct wb *w, const struct sensitivity_results *r)
{
    struct sheet sh;
    lxw_row_t first, last;
    int n_charts = 0;

    if (wb_sheet_open(w, &sh, "Sensitivity"))
        return;
    se_notes(&sh, r);
    sh.cap[1] = 56;
    se_header(&sh, r);
    first = sh.row;
    for (int i = 0; i < r->n_factors && wb_ok(w); i++)
        se_row(&sh, r, i);
    last = sh.row > first ? sh.row - 1 : first;
    for (int s = 0; s < r->n_scenarios && wb_ok(w); s++)
        for (int o = SWEEP_RTO; o <= SWEEP_RPO && wb_ok(w); o++) {
            int order[SE_CHART_BARS], n;
            if (!sweep_objective_of(&r->base[s], (enum sweep_objective)o)->has_target)
                continue;
            n = se_top_inputs(r, s, (enum sweep_objective)o, order);
            if (n == 0)
                continue;
            se_tornado(&sh, r, s, (enum sweep_objective)o, order, n, n_charts);
            n_charts++;
        }
    wb_sheet_finish(&sh, 1, last, 2);
}
