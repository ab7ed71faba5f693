/* reports/wb_trend.c: the Trend sheet of the auditor's workbook (reports/wb_int.h), for
 * `drsim run --compare PREV` (reports/trend.h).
 *
 * The sheet sets this review beside the previous one: above, the two runs' identity and
 * how a change is judged; then the sheet's table, a row per (scenario, objective): the
 * target, the trials meeting it, P(meet) with its Wilson interval, the value at the
 * required confidence and the verdict, before and now; the change of P(meet), its
 * standard error and whether the change is beyond noise, the last three as formulas over
 * the row's own counts (stored with the values drsim computed), so a reader can check
 * the test; below, the plan inputs that changed between the two versions (key path,
 * previous value, current value).
 */
#include "reports/wb_int.h"

#include <math.h>
#include <stdio.h>

#include "reports/trend.h"

enum {
    T_SCEN = 0, T_OBJ, T_TGT0, T_TGT1, T_MET0, T_N0, T_P0, T_LO0, T_HI0, T_V0, T_VD0,
    T_MET1, T_N1, T_P1, T_LO1, T_HI1, T_V1, T_VD1, T_CHANGE, T_SE, T_NOISE, T_VERDICT,
    T_NCOLS
};

/* One side's cells (before: first column T_MET0; now: T_MET1). */
static void put_side(struct sheet *sh, const struct trend_side *s, lxw_col_t c0, lxw_col_t vd)
{
    const struct fmts *f = &sh->w->f;
    char a[16], b[16], fm[64];
    if (!s->present || !s->has_target) {
        wb_put_text(sh, vd, s->present ? "no target" : "no such scenario", NULL);
        return;
    }
    wb_put_num(sh, c0, (double)s->n_met, f->count);
    wb_put_num(sh, c0 + 1, (double)s->n, f->count);
    snprintf(fm, sizeof fm, "=%s/%s", wb_ref(a, sh->row, c0), wb_ref(b, sh->row, c0 + 1));
    wb_put_formula_num(sh, c0 + 2, fm, s->p_met, f->pct);
    wb_put_num(sh, c0 + 3, s->ci_lo, f->pct);
    wb_put_num(sh, c0 + 4, s->ci_hi, f->pct);
    wb_put_hours(sh, c0 + 5, s->value_s);
    wb_put_text(sh, vd, mc_verdict_name(s->verdict), f->verdict[s->verdict]);
}

/* The change, its standard error and the test, as formulas over the row's counts. */
static void put_test(struct sheet *sh, const struct trend_row *x)
{
    const struct fmts *f = &sh->w->f;
    char m0[16], n0[16], m1[16], n1[16], p0[16], p1[16], d[16], se[16], fm[256];
    lxw_row_t r = sh->row;
    wb_ref(m0, r, T_MET0);
    wb_ref(n0, r, T_N0);
    wb_ref(m1, r, T_MET1);
    wb_ref(n1, r, T_N1);
    wb_ref(p0, r, T_P0);
    wb_ref(p1, r, T_P1);
    wb_ref(d, r, T_CHANGE);
    wb_ref(se, r, T_SE);
    snprintf(fm, sizeof fm, "=%s-%s", p1, p0);
    wb_put_formula_num(sh, T_CHANGE, fm, x->change, f->pct);
    snprintf(fm, sizeof fm, "=SQRT((%s+%s)/(%s+%s)*(1-(%s+%s)/(%s+%s))*(1/%s+1/%s))", m0, m1,
             n0, n1, m0, m1, n0, n1, n0, n1);
    wb_put_formula_num(sh, T_SE, fm, x->se, f->pct);
    snprintf(fm, sizeof fm, "=IF(AND(%s>0,ABS(%s)>1.96*%s),\"beyond noise\",\"within noise\")",
             se, d, se);
    wb_put_formula_str(sh, T_NOISE, fm, x->beyond_noise ? "beyond noise" : "within noise",
                       NULL);
}

void wb_trend_sheet(struct wb *w)
{
    const struct trend *t = w->trend;
    const struct fmts *f = &w->f;
    static const char *const head[T_NCOLS] = {
        "Scenario", "Objective", "Target before (h)", "Target now (h)",
        "Trials meeting before", "Trials before", "P(meet) before", "95% CI low before",
        "95% CI high before", "Value at confidence before (h)", "Verdict before",
        "Trials meeting now", "Trials now", "P(meet) now", "95% CI low now", "95% CI high now",
        "Value at confidence now (h)", "Verdict now", "Change of P(meet)",
        "Standard error of the change", "Change beyond noise?", "Verdict before -> now"
    };
    struct sheet sh;
    char buf[1024];

    if (!t || wb_sheet_open(w, &sh, "Trend"))
        return;
    wb_put_note(&sh, f->title, "Trend: since the last review");
    wb_put_notef(&sh, f->note, "Compared with %s. %s.", t->source,
                 trend_identity_text(t, buf, sizeof buf));
    wb_put_note(&sh, f->note,
                "A change of P(meet) is beyond noise when it exceeds 1.96 standard errors of "
                "the difference of two independent runs (pooled two-proportion z test at 5 %): "
                "SE = SQRT(p(1-p)(1/n0+1/n1)) with p the share meeting over both runs. Runs of "
                "the same seed replay the same outages, which makes the test conservative.");
    sh.cap[T_SCEN] = 48;
    sh.head_row = sh.row;
    wb_put_header(&sh, head, T_NCOLS);
    wb_next_row(&sh);
    for (int i = 0; i < t->n_rows && wb_ok(w); i++) {
        const struct trend_row *x = &t->rows[i];
        if (!x->prev.has_target && !x->now.has_target)
            continue;
        wb_put_text(&sh, T_SCEN, x->scenario, NULL);
        wb_put_text(&sh, T_OBJ, x->objective ? "RPO" : "RTO", NULL);
        if (x->prev.has_target)
            wb_put_hours(&sh, T_TGT0, x->prev.target_s);
        if (x->now.has_target)
            wb_put_hours(&sh, T_TGT1, x->now.target_s);
        put_side(&sh, &x->prev, T_MET0, T_VD0);
        put_side(&sh, &x->now, T_MET1, T_VD1);
        if (x->comparable)
            put_test(&sh, x);
        wb_put_text(&sh, T_VERDICT, trend_verdict_text(x, buf, sizeof buf), NULL);
        wb_next_row(&sh);
    }
    lxw_row_t last = sh.row - 1;
    wb_next_row(&sh);
    if (!t->prev_has_inputs) {
        wb_put_note(&sh, f->section, "Plan inputs changed: unknown (the previous summary does "
                                     "not list its inputs)");
    } else {
        wb_put_notef(&sh, f->section, "Plan inputs changed between the two versions: %d",
                     t->n_changes);
        wb_head_cell(&sh, 0, "Key path");
        wb_head_cell(&sh, 1, "Previous value");
        wb_head_cell(&sh, 2, "Current value");
        wb_next_row(&sh);
        for (int i = 0; i < t->n_changes && wb_ok(w); i++) {
            const struct trend_change *c = &t->changes[i];
            wb_put_text(&sh, 0, c->path, f->wrap);
            wb_put_text(&sh, 1, c->old_value ? c->old_value : "(absent)", f->wrap);
            wb_put_text(&sh, 2, c->new_value ? c->new_value : "(absent)", f->wrap);
            wb_next_row(&sh);
        }
    }
    wb_sheet_finish(&sh, 1, last, 2);
}
