/* reports/draw_pack_controls.c: the review pack's Controls matrix page.
 *
 * One page, a row per requirement of reports/controls.h: the requirement and its title,
 * the status in words and colour (evidenced in bluish green, partly in orange, not
 * evidenced in vermillion: the word is always there, the colour only repeats it), why,
 * and where the evidence is in the workbook and in this pack. The rows are the ones the
 * workbook's Controls sheet, the terminal and summary.json show (controls_evaluate).
 */
#include <cairo-pdf.h>
#include <stdio.h>

#include "models/units.h"
#include "reports/controls.h"
#include "reports/draw_int.h"

static struct rgb status_colour(enum control_status s)
{
    switch (s) {
    case CONTROL_EVIDENCED:
        return C_MEETS;
    case CONTROL_PARTLY:
        return C_RISK;
    case CONTROL_NOT_EVIDENCED:
        break;
    }
    return C_BREACH;
}

void draw_pack_controls(cairo_t *cr, struct pack *pk)
{
    static const char *const head[5] = {"requirement", "status", "why",
                                        "evidence in the workbook", "in this pack"};
    const double frac[5] = {0.17, 0.09, 0.38, 0.22, 0.14};
    const double w = PAGE_W - 2 * MARGIN, lh = 8.8;
    struct controls c;
    char sub[512], d[16], buf[192];
    double cx[6], y, row_h;

    controls_evaluate(pk->r, pk->drills, pk->drill_analysis, &c);
    draw_outline(pk, CAIRO_PDF_OUTLINE_ROOT, "Controls matrix");
    snprintf(sub, sizeof sub,
             "%d evidenced" MIDDOT "%d partly" MIDDOT "%d not evidenced" MIDDOT "as of %s" MIDDOT
             "%s",
             c.n_status[CONTROL_EVIDENCED], c.n_status[CONTROL_PARTLY],
             c.n_status[CONTROL_NOT_EVIDENCED],
             c.facts.has_as_of ? units_format_date(c.facts.as_of_day, d, sizeof d) : "(none)",
             c.facts.has_drills ? "drill evidence given"
                                : "no drill log: no test evidence was given (a simulation is not "
                                  "a test)");
    y = draw_page_header(cr, "Controls matrix: what this review evidences", sub, 0);
    cx[0] = MARGIN;
    for (int k = 0; k < 5; k++)
        cx[k + 1] = cx[k] + frac[k] * w;
    draw_font(cr, 8.5, F_BOLD);
    draw_set_col(cr, C_MUTED);
    for (int k = 0; k < 5; k++)
        draw_fit_at(cr, cx[k] + 2, y + 6, 0, 0.5, cx[k + 1] - cx[k] - 4, head[k]);
    y += 13;
    draw_hline(cr, cx[0], cx[5], y, C_GRID, 0.8, 0);
    row_h = (FOOT_Y - 16 - y) / CONTROLS_N;
    if (row_h > 3 * lh + 6)
        row_h = 3 * lh + 6;
    for (int i = 0; i < CONTROLS_N; i++) {
        const struct control_row *row = &c.rows[i];
        double top = y + 1.5, bottom = y + row_h;
        draw_font(cr, 8.5, F_BOLD);
        draw_set_col(cr, C_INK);
        draw_fit_at(cr, cx[0] + 2, top + lh / 2, 0, 0.5, cx[1] - cx[0] - 4, row->id);
        draw_font(cr, 8, F_NORMAL);
        draw_set_col(cr, C_MUTED);
        draw_para(cr, cx[0] + 2, top + lh, cx[1] - cx[0] - 4, lh, bottom, row->title, 1);
        draw_font(cr, 8.5, F_BOLD);
        draw_set_col(cr, status_colour(row->status));
        draw_fit_at(cr, cx[1] + 2, top + lh / 2, 0, 0.5, cx[2] - cx[1] - 4,
                    control_status_name(row->status));
        draw_font(cr, 7.8, F_NORMAL);
        draw_set_col(cr, C_INK);
        draw_para(cr, cx[2] + 2, top, cx[3] - cx[2] - 4, lh, bottom, row->reason, 1);
        draw_set_col(cr, C_MUTED);
        draw_para(cr, cx[3] + 2, top, cx[4] - cx[3] - 4, lh, bottom, row->workbook, 1);
        snprintf(buf, sizeof buf, "%s", row->pack);
        draw_para(cr, cx[4] + 2, top, cx[5] - cx[4] - 4, lh, bottom, buf, 1);
        y += row_h;
        draw_hline(cr, cx[0], cx[5], y, C_GRID, 0.5, 0);
    }
    draw_page_end(cr, pk);
}
