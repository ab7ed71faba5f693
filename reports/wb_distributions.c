/* reports/wb_distributions.c: the Distributions sheet (reports/wb_int.h).
 *
 * The RTO and RPO histograms of every scenario as a table, in the engine's fixed
 * log-spaced bins (sim/mc.h), with shares and cumulative shares as formulas over the
 * trial counts, and four native Excel charts per scenario: for RTO and RPO side by side, a
 * histogram (columns without gaps) and below it the cumulative distribution on a log time
 * axis with the target and the required confidence as dashed lines. The lines' ends live
 * in a small marker table beside the histogram, because a chart series can only read
 * cells. Both tables share the sheet's rows and are written together, row by row, so the
 * sheet works in constant-memory mode too.
 */
#include "reports/wb_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Distributions ------------------------------------------------------------------- */

enum {
    DI_SCEN = 0, DI_BIN, DI_FROM, DI_TO, DI_RTO_N, DI_RTO_SHARE, DI_RTO_CUM, DI_RPO_N,
    DI_RPO_SHARE, DI_RPO_CUM, DI_NCOLS,
    DI_M_SCEN = DI_NCOLS + 1, DI_M_WHAT, DI_M_X, DI_M_Y,   /* the chart markers' table */
    DI_CHART = DI_M_Y + 2                                  /* first column of the charts */
};

/* One scenario's part of the histogram table and of the marker table. */
struct di_part {
    int bins[MC_HIST_BINS];    /* histogram bins shown, ascending (see di_range) */
    int n_bins;
    lxw_row_t row0, row1;      /* its rows in the histogram table */
    lxw_row_t m_row0;          /* its first marker row */
    int per_obj;               /* marker rows per objective: target (2, with a policy) and
                                  required confidence (2), as line ends (x, y) */
    double axis_min_h[2];      /* CDF time axis per objective (RTO, RPO), hours, whole decades */
    double axis_max_h[2];
};

/* The bins a scenario's table shows: the first (values below 1 s, such as no data loss)
 * and the last (huge and infinite values) when they hold trials, and every bin from the
 * first to the last non-empty one in between. Leaving out the empty stretches next to
 * the end bins keeps a table of zero RPO and hour-long RTO short; the skipped bins are
 * empty, so the cumulative shares stay exact. Also the CDF axes: the decades around the
 * objective's non-empty bins and its target. */
static void di_range(const struct mc_scenario_result *sr, const struct scenario *sc,
                     struct di_part *pt)
{
    int lo = MC_HIST_BINS, hi = -1, last = MC_HIST_BINS - 1;
    pt->n_bins = 0;
    if (sr->rto_hist.counts[0] || sr->rpo_hist.counts[0])
        pt->bins[pt->n_bins++] = 0;
    for (int b = 1; b < last; b++)
        if (sr->rto_hist.counts[b] || sr->rpo_hist.counts[b]) {
            if (b < lo)
                lo = b;
            hi = b;
        }
    for (int b = lo; b <= hi; b++)
        pt->bins[pt->n_bins++] = b;
    if (sr->rto_hist.counts[last] || sr->rpo_hist.counts[last] || pt->n_bins == 0)
        pt->bins[pt->n_bins++] = last;
    pt->per_obj = sc->has_policy ? 4 : 2;
    for (int k = 0; k < 2; k++) {
        const uint64_t *cnt = k == 0 ? sr->rto_hist.counts : sr->rpo_hist.counts;
        double target = k == 0 ? sc->rto_target_s : sc->rpo_target_s;
        int b0 = -1, b1 = -1;
        double a, z;
        for (int b = 0; b < last; b++)
            if (cnt[b]) {
                if (b0 < 0)
                    b0 = b;
                b1 = b;
            }
        a = mc_hist_upper_s(b0 >= 0 ? b0 : 0) / 3600.0;
        z = b1 >= 0 ? mc_hist_upper_s(b1) / 3600.0 : a * 10.0;
        if (sc->has_policy && isfinite(target) && target > 0) {
            if (target / 1.05 / 3600.0 < a)
                a = target / 1.05 / 3600.0;
            if (target * 1.05 / 3600.0 > z)
                z = target * 1.05 / 3600.0;
        }
        pt->axis_min_h[k] = pow(10.0, floor(log10(a)));
        pt->axis_max_h[k] = pow(10.0, ceil(log10(z)));
        if (!(pt->axis_max_h[k] > pt->axis_min_h[k]))
            pt->axis_max_h[k] = pt->axis_min_h[k] * 10.0;
    }
}

#define DI_CHART_ROWS 18        /* rows from one chart's top to the next's */
#define DI_CHART_COLS 9         /* columns from one chart's left edge to the next's */

/* The four charts of one scenario, placed from row `at`: for RTO and RPO side by side, a
 * histogram (columns without gaps, one per bin) and below it the cumulative distribution
 * on a log time axis with the target and the required confidence as dashed lines. */
static void di_charts(struct sheet *sh, const struct scenario *sc, const struct di_part *pt,
                      lxw_row_t at)
{
    struct wb *w = sh->w;
    static const char *const what[2] = {"RTO", "RPO"};
    char title[160], xname[160];
    int ends_inf = pt->bins[pt->n_bins - 1] == MC_HIST_BINS - 1;
    lxw_row_t last_finite = ends_inf && pt->row1 > pt->row0 ? pt->row1 - 1 : pt->row1;
    int has_inf_only = ends_inf && pt->row1 == pt->row0;
    lxw_chart_options co;

    memset(&co, 0, sizeof co);
    co.x_offset = 8;
    co.y_offset = 4;
    co.x_scale = 1.15;
    co.y_scale = 1.15;
    for (int k = 0; k < 2 && wb_ok(w); k++) {
        lxw_chart *h, *c;
        lxw_col_t cy = k == 0 ? DI_RTO_SHARE : DI_RPO_SHARE;
        lxw_col_t ccum = k == 0 ? DI_RTO_CUM : DI_RPO_CUM;
        lxw_col_t col = (lxw_col_t)(DI_CHART + DI_CHART_COLS * k);
        lxw_row_t m = pt->m_row0 + (lxw_row_t)(pt->per_obj * k);

        snprintf(title, sizeof title, "%s %s: %s histogram", sc->name,
                 sc->damage.present ? "(logical damage)" : "outage", what[k]);
        snprintf(xname, sizeof xname, "%s (h), log-spaced bins (lower edge)", what[k]);
        h = wb_chart_new(w, LXW_CHART_COLUMN, title, xname, "share of trials");
        if (h == NULL)
            return;
        wb_chart_series(sh, h, what[k], pt->row0, pt->row1, DI_FROM, cy, COLOR_BLUE, 0);
        chart_set_series_gap(h, 0);
        chart_legend_set_position(h, LXW_CHART_LEGEND_NONE);
        chart_axis_set_num_format(h->x_axis, "0.00");
        wb_insert_chart(sh, at, col, h, &co);

        snprintf(title, sizeof title, "%s %s: %s, cumulative share", sc->name,
                 sc->damage.present ? "(logical damage)" : "outage", what[k]);
        snprintf(xname, sizeof xname, "%s (h), log scale", what[k]);
        c = wb_chart_new(w, LXW_CHART_SCATTER_STRAIGHT, title, xname, "trials at or below");
        if (c == NULL)
            return;
        chart_axis_set_max(c->y_axis, 1);
        chart_axis_set_log_base(c->x_axis, 10);
        chart_axis_set_min(c->x_axis, pt->axis_min_h[k]);
        chart_axis_set_max(c->x_axis, pt->axis_max_h[k]);
        chart_axis_set_num_format(c->x_axis, "General");
        chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
        if (!has_inf_only)
            wb_chart_series(sh, c, what[k], pt->row0, last_finite, DI_TO, ccum, COLOR_BLUE, 0);
        if (sc->has_policy) {
            snprintf(title, sizeof title, "%s target", what[k]);
            wb_chart_series(sh, c, title, m, m + 1, DI_M_X, DI_M_Y, COLOR_BREACH, 1);
            m += 2;
        }
        wb_chart_series(sh, c, "required confidence", m, m + 1, DI_M_X, DI_M_Y, 0x555555, 1);
        wb_insert_chart(sh, at + DI_CHART_ROWS, col, c, &co);
    }
}

/* Scenario sr's histogram row of bin b in the current row: the bin, its edges, and per
 * objective the trials in it, their share and the cumulative share as formulas. */
static void di_hist_row(struct sheet *sh, const struct mc_scenario_result *sr,
                        const struct di_part *pt, int b)
{
    const struct fmts *f = &sh->w->f;
    double n = (double)sr->n_trials;
    uint64_t cum[2] = {0, 0};
    char fm[WB_FORMULA], c1[16], c2[16];

    for (int q = 0; q <= b; q++) {
        cum[0] += sr->rto_hist.counts[q];
        cum[1] += sr->rpo_hist.counts[q];
    }
    wb_put_text(sh, DI_SCEN, sh->w->p->scenarios[sr->scenario].name, NULL);
    wb_put_num(sh, DI_BIN, (double)b, f->count);
    wb_put_num(sh, DI_FROM, mc_hist_lower_s(b) / 3600.0, f->hours4);
    wb_put_num(sh, DI_TO, mc_hist_upper_s(b) / 3600.0, f->hours4);
    for (int k = 0; k < 2; k++) {
        lxw_col_t cn = k == 0 ? DI_RTO_N : DI_RPO_N;
        uint64_t cnt = k == 0 ? sr->rto_hist.counts[b] : sr->rpo_hist.counts[b];
        wb_put_num(sh, cn, (double)cnt, f->count);
        snprintf(fm, sizeof fm, "=%s/%llu", wb_ref(c1, sh->row, cn),
                 (unsigned long long)sr->n_trials);
        wb_put_formula_num(sh, (lxw_col_t)(cn + 1), fm, (double)cnt / n, f->pct);
        lxw_rowcol_to_cell_abs(c2, pt->row0, cn, 1, 0);
        snprintf(fm, sizeof fm, "=SUM(%s:%s)/%llu", c2, wb_ref(c1, sh->row, cn),
                 (unsigned long long)sr->n_trials);
        wb_put_formula_num(sh, (lxw_col_t)(cn + 2), fm, (double)cum[k] / n, f->pct);
    }
}

/* Marker row m of scenario sc in the current row: per objective, the two ends of the
 * target line (x = the target, y from 0 to 1; with a policy) and of the required
 * confidence line (y = the confidence across the CDF's time axis). */
static void di_marker_row(struct sheet *sh, const struct scenario *sc, const struct di_part *pt,
                          int m)
{
    const struct fmts *f = &sh->w->f;
    int k = m / pt->per_obj, i = m % pt->per_obj;
    int conf_row = i >= pt->per_obj - 2;
    char what[64];

    wb_put_text(sh, DI_M_SCEN, sc->name, NULL);
    snprintf(what, sizeof what, "%s %s", k == 0 ? "RTO" : "RPO",
             conf_row ? "required confidence" : "target");
    wb_put_text(sh, DI_M_WHAT, what, NULL);
    if (conf_row) {
        wb_put_num(sh, DI_M_X, i % 2 == 0 ? pt->axis_min_h[k] : pt->axis_max_h[k], f->hours);
        wb_put_num(sh, DI_M_Y, sh->w->p->confidence, f->pct);
    } else {
        wb_put_hours(sh, DI_M_X, k == 0 ? sc->rto_target_s : sc->rpo_target_s);
        wb_put_num(sh, DI_M_Y, i % 2 == 0 ? 0.0 : 1.0, f->pct);
    }
}

void wb_distributions_sheet(struct wb *w)
{
    const struct plan *p = w->p;
    const struct mc_results *r = w->r;
    const struct fmts *f = &w->f;
    static const char *const head[] = {
        "Scenario", "Bin", "From (h)", "To (h)", "RTO trials", "RTO share",
        "RTO cumulative share", "RPO trials", "RPO share", "RPO cumulative share"
    };
    struct sheet sh;
    struct di_part *parts;
    lxw_row_t rows_main = 0, rows_mark = 0, first;

    if (wb_sheet_open(w, &sh, "Distributions"))
        return;
    parts = calloc((size_t)r->n_scenarios + 1, sizeof *parts);
    if (parts == NULL) {
        wb_fail(w, WB_NOMEM, "sheet 'Distributions'");
        return;
    }
    wb_put_note(&sh, f->title, "Distributions of RTO and RPO");
    wb_put_notef(&sh, f->note, "Histograms of the %llu trials per scenario in fixed "
                 "log-spaced bins (%d per decade from 1 s; the first bin holds values below 1 s, "
                 "such as no data loss; the last holds %.0f h and more, infinite values "
                 "included), shown from the first to the last non-empty bin. Shares are formulas "
                 "over the trial counts.", (unsigned long long)r->n_trials, MC_HIST_PER_DECADE,
                 MC_HIST_MAX_S / 3600.0);
    wb_put_note(&sh, f->note,
                "Charts (right): a histogram and a cumulative distribution per objective and "
                "scenario; the dashed lines are the policy target and the required confidence (the "
                "marker table beside the histogram).");
    sh.head_row = sh.row;
    wb_put_header(&sh, head, DI_NCOLS);
    wb_head_cell(&sh, DI_M_SCEN, "Scenario");
    wb_head_cell(&sh, DI_M_WHAT, "Chart marker");
    wb_head_cell(&sh, DI_M_X, "x (h)");
    wb_head_cell(&sh, DI_M_Y, "Cumulative share");
    wb_next_row(&sh);
    first = sh.row;
    for (int s = 0; s < r->n_scenarios; s++) {
        struct di_part *pt = &parts[s];
        const struct scenario *sc = &p->scenarios[r->scenarios[s].scenario];
        di_range(&r->scenarios[s], sc, pt);
        pt->row0 = first + rows_main;
        rows_main += (lxw_row_t)pt->n_bins;
        pt->row1 = first + rows_main - 1;
        pt->m_row0 = first + rows_mark;
        rows_mark += (lxw_row_t)(2 * pt->per_obj);
    }
    /* Rows in order: row j holds histogram row j and marker row j, whichever exist. */
    for (lxw_row_t j = 0; j < rows_main || j < rows_mark; j++) {
        lxw_row_t row = first + j;
        for (int s = 0; s < r->n_scenarios && wb_ok(w); s++) {
            const struct mc_scenario_result *sr = &r->scenarios[s];
            const struct scenario *sc = &p->scenarios[sr->scenario];
            struct di_part *pt = &parts[s];
            if (row >= pt->row0 && row <= pt->row1)
                di_hist_row(&sh, sr, pt, pt->bins[row - pt->row0]);
            if (row >= pt->m_row0 && row < pt->m_row0 + (lxw_row_t)(2 * pt->per_obj))
                di_marker_row(&sh, sc, pt, (int)(row - pt->m_row0));
        }
        wb_next_row(&sh);
    }
    for (int s = 0; s < r->n_scenarios && wb_ok(w); s++)
        di_charts(&sh, &p->scenarios[r->scenarios[s].scenario], &parts[s],
                  first + (lxw_row_t)(2 * DI_CHART_ROWS * s));
    free(parts);
    wb_sheet_finish(&sh, 1, first + (rows_main > 0 ? rows_main - 1 : 0), 1);
}
