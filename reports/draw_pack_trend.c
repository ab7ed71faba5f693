/* reports/draw_pack_trend.c: the review pack's page "Since the last review"
 * (`drsim run --compare PREV`, reports/trend.h).
 *
 * A review board reads first whether anything moved since it last met: the page says how
 * many verdicts changed and how many changes of P(meet) are beyond the two runs' sampling
 * error, identifies the two runs (plan version, file hash, trials, seed), then gives a row
 * per objective (P(meet) with its interval and the value at the required confidence,
 * before and now, the change with its test, the verdict before -> now in the verdicts'
 * colours) and the plan inputs changed between the two versions. A list longer than the
 * page says how many more rows the workbook's Trend sheet holds. The figures and their
 * texts are trend.c's, the ones the terminal and the workbook print.
 */
#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>

#include "reports/draw_int.h"
#include "reports/trend.h"

#define ROW 14.0 /* table row pitch, points */

static void cell(cairo_t *cr, const double *cx, int k, double y, const char *s)
{
    draw_fit_at(cr, cx[k] + 2, y + ROW / 2, 0, 0.5, cx[k + 1] - cx[k] - 4, s);
}

static void head_row(cairo_t *cr, const double *cx, int n, const char *const *head, double y)
{
    draw_font(cr, 8.5, F_BOLD);
    draw_set_col(cr, C_MUTED);
    for (int k = 0; k < n; k++)
        cell(cr, cx, k, y, head[k]);
    draw_hline(cr, cx[0], cx[n], y + ROW, C_GRID, 0.8, 0);
}

/* The objectives table from y; returns the y below it. */
static double objectives(cairo_t *cr, const struct trend *t, double y, double y_max)
{
    static const char *const head[8] = {"scenario", "objective", "P(meet) before",
                                        "P(meet) now", "at conf. before", "now",
                                        "change of P(meet)", "verdict before -> now"};
    const double frac[8] = {0.13, 0.07, 0.14, 0.14, 0.10, 0.08, 0.19, 0.15};
    double cx[9];
    char a[64], b[64];
    cx[0] = MARGIN;
    for (int k = 0; k < 8; k++)
        cx[k + 1] = cx[k] + frac[k] * (PAGE_W - 2 * MARGIN);
    head_row(cr, cx, 8, head, y);
    y += ROW + 2;
    for (int i = 0; i < t->n_rows; i++) {
        const struct trend_row *x = &t->rows[i];
        if (!x->prev.has_target && !x->now.has_target)
            continue;
        if (y + 2 * ROW > y_max) {
            int more = 0;
            for (int j = i; j < t->n_rows; j++)
                more += t->rows[j].prev.has_target || t->rows[j].now.has_target;
            if (more > 1 || y + ROW > y_max) {
                snprintf(a, sizeof a, "... and %d more: the workbook's Trend sheet", more);
                draw_font(cr, 8.5, F_ITALIC);
                draw_set_col(cr, C_MUTED);
                draw_text_at(cr, MARGIN + 2, y + ROW / 2, 0, 0.5, a);
                return y + ROW + 10;
            }
        }
        draw_font(cr, 8.5, F_NORMAL);
        draw_set_col(cr, C_INK);
        cell(cr, cx, 0, y, x->scenario);
        snprintf(a, sizeof a, "%s%s", x->objective ? "RPO" : "RTO",
                 x->target_changed ? " (target changed)" : "");
        cell(cr, cx, 1, y, a);
        cell(cr, cx, 2, y, trend_side_p_text(&x->prev, a, sizeof a));
        cell(cr, cx, 3, y, trend_side_p_text(&x->now, a, sizeof a));
        cell(cr, cx, 4, y, trend_side_value_text(&x->prev, a, sizeof a));
        cell(cr, cx, 5, y, trend_side_value_text(&x->now, a, sizeof a));
        draw_font(cr, 8.5, x->beyond_noise ? F_BOLD : F_NORMAL);
        cell(cr, cx, 6, y, trend_change_text(x, a, sizeof a));
        /* The verdict now in its colour, with the previous one before the arrow. */
        int changed = x->prev.verdict != x->now.verdict || !x->prev.present;
        draw_font(cr, 8.5, changed ? F_BOLD : F_NORMAL);
        draw_set_col(cr, x->now.present ? draw_verdict_colour(x->now.verdict) : C_MUTED);
        cairo_rectangle(cr, cx[7], y + 2, 4, ROW - 4);
        cairo_fill(cr);
        draw_set_col(cr, C_INK);
        draw_fit_at(cr, cx[7] + 8, y + ROW / 2, 0, 0.5, cx[8] - cx[7] - 10,
                    trend_verdict_text(x, b, sizeof b));
        y += ROW;
    }
    return y + 10;
}

/* The inputs changed from y, down to y_max. */
static void inputs(cairo_t *cr, const struct trend *t, double y, double y_max)
{
    static const char *const head[3] = {"key path", "previous value", "current value"};
    const double frac[3] = {0.44, 0.28, 0.28};
    double cx[4];
    char buf[160];
    cx[0] = MARGIN;
    for (int k = 0; k < 3; k++)
        cx[k + 1] = cx[k] + frac[k] * (PAGE_W - 2 * MARGIN);
    draw_font(cr, 11, F_BOLD);
    draw_set_col(cr, C_INK);
    if (!t->prev_has_inputs) {
        draw_text_at(cr, MARGIN, y + 6, 0, 0.5,
                     "Plan inputs changed: unknown (the previous summary does not list them)");
        return;
    }
    snprintf(buf, sizeof buf, "Plan inputs changed between the two versions: %d", t->n_changes);
    draw_text_at(cr, MARGIN, y + 6, 0, 0.5, buf);
    y += 18;
    if (t->n_changes == 0) {
        draw_font(cr, 9, F_ITALIC);
        draw_set_col(cr, C_MUTED);
        draw_text_at(cr, MARGIN + 2, y + ROW / 2, 0, 0.5,
                     "none: every value the plan states is as it was");
        return;
    }
    head_row(cr, cx, 3, head, y);
    y += ROW + 2;
    for (int i = 0; i < t->n_changes; i++) {
        const struct trend_change *c = &t->changes[i];
        if (y + 2 * ROW > y_max && i < t->n_changes - 1) {
            snprintf(buf, sizeof buf, "... and %d more: the workbook's Trend sheet",
                     t->n_changes - i);
            draw_font(cr, 8.5, F_ITALIC);
            draw_set_col(cr, C_MUTED);
            draw_text_at(cr, MARGIN + 2, y + ROW / 2, 0, 0.5, buf);
            return;
        }
        draw_font(cr, 8.5, F_NORMAL);
        draw_set_col(cr, C_INK);
        cell(cr, cx, 0, y, c->path);
        draw_set_col(cr, c->old_value ? C_INK : C_MUTED);
        cell(cr, cx, 1, y, c->old_value ? c->old_value : "(absent)");
        draw_set_col(cr, c->new_value ? C_INK : C_MUTED);
        cell(cr, cx, 2, y, c->new_value ? c->new_value : "(absent)");
        y += ROW;
    }
}

void draw_pack_trend(cairo_t *cr, struct pack *pk)
{
    const struct trend *t = pk->trend;
    char sub[256], buf[1024];
    if (t == NULL)
        return;
    int n_obj = 0;
    for (int i = 0; i < t->n_rows; i++)
        n_obj += t->rows[i].prev.has_target || t->rows[i].now.has_target;
    draw_outline(pk, CAIRO_PDF_OUTLINE_ROOT, "Since the last review");
    if (t->prev_has_inputs)
        snprintf(sub, sizeof sub, "%d of %d verdicts changed" MIDDOT "%d changes of P(meet) "
                 "beyond noise" MIDDOT "%d plan inputs changed", t->n_verdict_changes, n_obj,
                 t->n_beyond_noise, t->n_changes);
    else
        snprintf(sub, sizeof sub, "%d of %d verdicts changed" MIDDOT "%d changes of P(meet) "
                 "beyond noise" MIDDOT "plan inputs changed: unknown", t->n_verdict_changes,
                 n_obj, t->n_beyond_noise);
    double y = draw_page_header(cr, "Since the last review", sub, 0);
    draw_font(cr, 9, F_NORMAL);
    draw_set_col(cr, C_INK);
    snprintf(buf, sizeof buf, "Compared with %s", t->source);
    draw_fit_at(cr, MARGIN, y + 5, 0, 0.5, PAGE_W - 2 * MARGIN, buf);
    draw_fit_at(cr, MARGIN, y + 18, 0, 0.5, PAGE_W - 2 * MARGIN,
                trend_identity_text(t, buf, sizeof buf));
    draw_font(cr, 8.5, F_ITALIC);
    draw_set_col(cr, C_MUTED);
    draw_fit_at(cr, MARGIN, y + 31, 0, 0.5, PAGE_W - 2 * MARGIN,
                "A change is beyond noise when it exceeds 1.96 standard errors of the difference "
                "of two independent runs (pooled z test); with one seed, a conservative test.");
    y += 46;
    const double y_max = FOOT_Y - 14;
    y = objectives(cr, t, y, (y + y_max) / 2 + 40);
    inputs(cr, t, y, y_max);
    draw_page_end(cr, pk);
}
