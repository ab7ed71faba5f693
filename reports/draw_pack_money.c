/* reports/draw_pack_money.c: the review pack's money page: what the outages cost a year.
 *
 * A board decides with money: the page gives the expected annual loss (each scenario's
 * outages a year times its mean priced loss per outage, the FAIR method joined to the
 * simulated recovery; analysis/money.h), the loss exceedance curve (the probability that
 * a year's loss exceeds x, on logarithmic axes, with the 1-in-10 and 1-in-100-year
 * losses marked), each scenario's share, the exceedance at round amounts, and what is
 * not priced. Every figure is the one the terminal, summary.json and the Money sheet
 * print (reports/money_report.h formats them all). Drawn only when the run priced its
 * outages (drsim run).
 */
#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>

#include "analysis/money.h"
#include "reports/draw_int.h"
#include "reports/money_report.h"

#define ROW 14.0 /* table row pitch, points */

/* A round amount for an axis: "$1k", "$10M". */
static void axis_usd(double v, char *buf, size_t n)
{
    static const char *const unit[] = {"", "k", "M", "B", "T"};
    int u = 0;
    while (v >= 1000 && u < 4) {
        v /= 1000;
        u++;
    }
    snprintf(buf, n, "$%g%s", v, unit[u]);
}

/* The curve on log-log axes in box (x, y, w, h). */
static void lec_chart(cairo_t *cr, const struct money_years *yr, double x, double y, double w,
                      double h)
{
    char buf[64], a[32];
    const double fs = 9;
    draw_font(cr, 11, F_BOLD);
    draw_set_col(cr, C_INK);
    draw_text_at(cr, x, y, 0, 0, "Loss exceedance: P(a year's loss > amount)");
    y += 20;
    h -= 20;
    const double left = 48, bottom = 30;
    double px = x + left, pw = w - left - 8, py = y, ph = h - bottom;
    if (yr->n_curve == 0) {
        draw_font(cr, 10, F_ITALIC);
        draw_set_col(cr, C_MUTED);
        draw_text_at(cr, px, py + 10, 0, 0, "No simulated year has a priced loss.");
        return;
    }
    double xlo = yr->curve[0].amount_usd, xhi = yr->curve[yr->n_curve - 1].amount_usd;
    double d0 = floor(log10(xlo > 0 ? xlo : 1)), d1 = ceil(log10(xhi > 0 ? xhi : 10));
    if (d1 <= d0)
        d1 = d0 + 1;
    double e0 = floor(log10(1.0 / (double)yr->n_years)), e1 = 0;
    /* Grid and labels. */
    draw_font(cr, fs, F_NORMAL);
    for (double d = d0; d <= d1 + 1e-9; d++) {
        double gx = px + (d - d0) / (d1 - d0) * pw;
        draw_vline(cr, gx, py, py + ph, C_GRID, 0.6, 0);
        axis_usd(pow(10, d), buf, sizeof buf);
        draw_set_col(cr, C_MUTED);
        draw_text_at(cr, gx, py + ph + 4, 0.5, 0, buf);
    }
    for (double e = e0; e <= e1 + 1e-9; e++) {
        double gy = py + (e1 - e) / (e1 - e0) * ph;
        draw_hline(cr, px, px + pw, gy, C_GRID, 0.6, 0);
        snprintf(buf, sizeof buf, "%g%%", 100 * pow(10, e));
        draw_set_col(cr, C_MUTED);
        draw_text_at(cr, px - 4, gy, 1, 0.5, buf);
    }
    draw_set_col(cr, C_MUTED);
    draw_text_at(cr, px + pw / 2, py + ph + 16, 0.5, 0, "loss in a year (log scale)");
    /* The curve: a step down at each point. */
    draw_set_col(cr, C_CURVE);
    cairo_set_line_width(cr, 1.6);
    int started = 0;
    for (int i = 0; i < yr->n_curve; i++) {
        const struct money_curve_point *c = &yr->curve[i];
        double prev_p = i == 0 ? yr->p_any : yr->curve[i - 1].p_over;
        if (c->amount_usd <= 0 || prev_p <= 0)
            continue;
        double cx = px + (log10(c->amount_usd) - d0) / (d1 - d0) * pw;
        double y_prev = py + (e1 - log10(prev_p)) / (e1 - e0) * ph;
        if (!started) {
            cairo_move_to(cr, px, y_prev);
            started = 1;
        }
        cairo_line_to(cr, cx, y_prev);
        if (c->p_over > 0)
            cairo_line_to(cr, cx, py + (e1 - log10(c->p_over)) / (e1 - e0) * ph);
        else
            cairo_line_to(cr, cx, py + ph);
    }
    cairo_stroke(cr);
    /* The 1-in-10 and 1-in-100-year losses. */
    const double marks[2] = {0.1, 0.01};
    const double vals[2] = {yr->y10_usd, yr->y100_usd};
    const char *names[2] = {"1 in 10 years", "1 in 100 years"};
    for (int k = 0; k < 2; k++) {
        double gy = py + (e1 - log10(marks[k])) / (e1 - e0) * ph;
        draw_hline(cr, px, px + pw, gy, C_BREACH, 0.8, 3);
        snprintf(buf, sizeof buf, "%s: %s", names[k], money_report_usd(vals[k], a, sizeof a));
        draw_font(cr, fs, F_BOLD);
        draw_text_boxed(cr, px + pw - 4, gy - 2, 1, 1, buf, C_BREACH);
    }
}

/* The per-scenario table at (x, y) over width w; returns the y below. */
static double scenario_table(cairo_t *cr, const struct money_results *m, double x, double y,
                             double w)
{
    static const char *const head[5] = {"scenario", "a year", "per outage", "a year ($)",
                                        "share"};
    const double frac[5] = {0.32, 0.12, 0.2, 0.22, 0.14};
    double cx[6];
    char a[32], b[32], buf[32];
    cx[0] = x;
    for (int k = 0; k < 5; k++)
        cx[k + 1] = cx[k] + frac[k] * w;
    draw_font(cr, 8.5, F_BOLD);
    draw_set_col(cr, C_MUTED);
    for (int k = 0; k < 5; k++)
        draw_fit_at(cr, k ? cx[k + 1] - 2 : cx[k] + 2, y + ROW / 2, k ? 1 : 0, 0.5,
                    cx[k + 1] - cx[k] - 4, head[k]);
    draw_hline(cr, cx[0], cx[5], y + ROW, C_GRID, 0.8, 0);
    y += ROW + 2;
    for (int s = 0; s <= m->n_scenarios; s++) {
        int total = s == m->n_scenarios;
        const struct money_scenario *ms = total ? NULL : &m->scenarios[s];
        draw_font(cr, 9, total ? F_BOLD : F_NORMAL);
        draw_set_col(cr, C_INK);
        draw_fit_at(cr, cx[0] + 2, y + ROW / 2, 0, 0.5, cx[1] - cx[0] - 4,
                    total ? "all scenarios" : m->plan->scenarios[s].name);
        if (!total) {
            snprintf(buf, sizeof buf, "%g", ms->per_year);
            draw_text_at(cr, cx[2] - 2, y + ROW / 2, 1, 0.5, buf);
            draw_text_at(cr, cx[3] - 2, y + ROW / 2, 1, 0.5,
                         money_report_usd(ms->mean_usd, a, sizeof a));
        }
        draw_text_at(cr, cx[4] - 2, y + ROW / 2, 1, 0.5,
                     money_report_usd(total ? m->years.eal_closed_usd : ms->eal_closed_usd, b,
                                      sizeof b));
        snprintf(buf, sizeof buf, "%.1f%%", total ? (m->years.eal_closed_usd > 0 ? 100.0 : 0)
                                                  : 100.0 * ms->share);
        draw_text_at(cr, cx[5] - 2, y + ROW / 2, 1, 0.5, buf);
        y += ROW;
    }
    return y + 6;
}

/* The exceedance at round amounts, in two columns of rows. */
static double lec_rows(cairo_t *cr, const struct money_years *yr, double x, double y, double w,
                       double y_max)
{
    char a[32], buf[96];
    draw_font(cr, 11, F_BOLD);
    draw_set_col(cr, C_INK);
    draw_text_at(cr, x, y, 0, 0, "P(a year loses more than)");
    y += 18;
    int half = (yr->n_lec + 1) / 2;
    draw_font(cr, 9, F_NORMAL);
    for (int i = 0; i < yr->n_lec; i++) {
        double cx = i < half ? x : x + w / 2, cy = y + (i < half ? i : i - half) * ROW;
        if (cy + ROW > y_max)
            continue;
        char pc[32];
        snprintf(buf, sizeof buf, "%s: %s", money_report_usd(yr->lec[i].amount_usd, a, sizeof a),
                 money_report_pct(yr->lec[i].p_over, pc, sizeof pc));
        draw_set_col(cr, C_INK);
        draw_text_at(cr, cx + 2, cy + ROW / 2, 0, 0.5, buf);
    }
    return y + half * ROW + 6;
}

/* The largest parts of the annual loss, one line each; returns the y below. */
static double drivers(cairo_t *cr, const struct money_results *m, double x, double y, double w,
                      double y_max)
{
    struct money_driver top[5];
    char buf[256];
    int n = money_report_drivers(m, top, 5);
    if (n == 0 || y + 18 + ROW > y_max)
        return y;
    draw_font(cr, 11, F_BOLD);
    draw_set_col(cr, C_INK);
    draw_text_at(cr, x, y, 0, 0, "Where the money goes (largest parts)");
    y += 18;
    draw_font(cr, 9, F_NORMAL);
    for (int i = 0; i < n && y + ROW <= y_max; i++) {
        draw_fit_at(cr, x + 2, y + ROW / 2, 0, 0.5, w - 4,
                    money_report_driver_text(m, &top[i], buf, sizeof buf));
        y += ROW;
    }
    return y + 6;
}

void draw_pack_money(cairo_t *cr, struct pack *pk)
{
    const struct money_results *m = pk->r->money;
    char sub[512], head[160], a[32], b[32], text[4096];
    if (!m)
        return;
    const struct money_years *yr = &m->years;
    draw_outline(pk, CAIRO_PDF_OUTLINE_ROOT, "Money at stake");
    money_report_usd((double)yr->n_years, b, sizeof b);
    snprintf(sub, sizeof sub,
             "FAIR: outages a year " TIMES " loss per outage priced from the BIA" MIDDOT
             "%s simulated years, seed %llu" MIDDOT "simulated %s a year: %s", b + 1,
             (unsigned long long)yr->seed,
             money_report_usd(yr->eal_usd, a, sizeof a),
             yr->agrees ? "agrees" : "DISAGREES");
    snprintf(head, sizeof head, "Money at stake: expected annual loss %s",
             money_report_usd(yr->eal_closed_usd, a, sizeof a));
    double y = draw_page_header(cr, head, sub, 0);
    const double gap = 24, lw = (PAGE_W - 2 * MARGIN - gap) * 0.55;
    const double rx = MARGIN + lw + gap, rw = PAGE_W - MARGIN - rx;
    const double y_max = FOOT_Y - 14;
    lec_chart(cr, yr, MARGIN, y, lw, y_max - y);
    double ry = scenario_table(cr, m, rx, y, rw);
    draw_font(cr, 9.5, F_NORMAL);
    draw_set_col(cr, C_INK);
    snprintf(text, sizeof text, "1-in-10-year loss %s, 1-in-100-year loss %s; a year with any "
             "loss %.1f%%.", money_report_usd(yr->y10_usd, a, sizeof a),
             money_report_usd(yr->y100_usd, b, sizeof b), 100.0 * yr->p_any);
    ry = draw_para(cr, rx, ry + 4, rw, 13, y_max, text, 1) + 8;
    ry = lec_rows(cr, yr, rx, ry, rw, y_max - 60);
    ry = drivers(cr, m, rx, ry, rw, y_max - 40);
    if (money_report_unpriced(m, text, sizeof text)) {
        draw_font(cr, 9, F_ITALIC);
        draw_set_col(cr, C_MUTED);
        draw_para(cr, rx, ry + 4, rw, 12, y_max, text, 1);
    }
    draw_page_end(cr, pk);
}
