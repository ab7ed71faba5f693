/* reports/draw_pack_decisions.c: the review pack's "Decisions for the board" page, right
 * after the cover.
 *
 * A board reads the first pages. So the findings of reports/findings.h come here, key
 * risks first (a store whose protection nobody has confirmed), then the objectives not
 * met, the cheapest combination of levers when the run searched them, expired exceptions
 * and a DRAFT plan: each with its severity, what is wrong, the recommendation (with the
 * lever combination's cost and P(meet) when there is one), the owner (in vermillion when
 * the plan names nobody: "unassigned") and the decision asked. The page flows onto
 * continuation pages when the findings do not fit; with no finding it says so in one
 * line, so that the page's absence never has to be interpreted.
 */
#include <cairo-pdf.h>
#include <stdio.h>

#include "reports/draw_int.h"
#include "reports/findings.h"

#define LH 11.6     /* line height of the finding's text, points */
#define CHIP_W 78.0 /* room for the severity chip on the left */

static enum mc_verdict chip_colour(enum finding_severity s)
{
    switch (s) {
    case FINDING_KEY_RISK:
    case FINDING_BREACH:
        return MC_VERDICT_BREACH;
    case FINDING_AT_RISK:
        return MC_VERDICT_AT_RISK;
    case FINDING_DECISION:
        break;
    }
    return MC_VERDICT_MEETS;
}

/* Draw (or, draw 0, measure) finding f numbered i at y in width w; returns the y below. */
static double finding_block(cairo_t *cr, const struct finding *f, int i, double y, double y_max,
                            int draw)
{
    const double x = MARGIN + CHIP_W, w = PAGE_W - 2 * MARGIN - CHIP_W;
    char buf[FINDING_TEXT + 64], num[16];
    if (draw) {
        snprintf(num, sizeof num, "%d", i + 1);
        draw_font(cr, 10, F_BOLD);
        draw_set_col(cr, C_INK);
        draw_text_at(cr, MARGIN, y + LH / 2, 0, 0.5, num);
        draw_chip(cr, MARGIN + 16, y + LH / 2, 8, chip_colour(f->severity),
                  finding_severity_name(f->severity));
    }
    draw_font(cr, 9.5, F_BOLD);
    draw_set_col(cr, C_INK);
    y = draw_para(cr, x, y, w, LH, y_max, f->what, draw);
    draw_font(cr, 9, F_NORMAL);
    snprintf(buf, sizeof buf, "Recommendation: %s", f->recommendation);
    y = draw_para(cr, x, y, w, LH, y_max, buf, draw);
    snprintf(buf, sizeof buf, "Owner: %s%s", f->owner,
             f->owner_assigned ? "" : " (the plan names nobody)");
    draw_set_col(cr, f->owner_assigned ? C_INK : draw_verdict_colour(MC_VERDICT_BREACH));
    y = draw_para(cr, x, y, w, LH, y_max, buf, draw);
    draw_font(cr, 9, F_BOLD);
    draw_set_col(cr, C_INK);
    snprintf(buf, sizeof buf, "Decide: %s", f->decision);
    y = draw_para(cr, x, y, w, LH, y_max, buf, draw);
    draw_font(cr, 8.5, F_ITALIC);
    draw_set_col(cr, C_MUTED);
    snprintf(buf, sizeof buf, "Evidence: %s", f->evidence);
    y = draw_para(cr, x, y, w, LH, y_max, buf, draw);
    return y + 8;
}

void draw_pack_decisions(cairo_t *cr, struct pack *pk)
{
    const struct mc_results *r = pk->r;
    struct findings fs;
    char sub[512];
    int n_key = 0, n_unassigned = 0;
    if (findings_build(r, &fs) != 0)
        return;
    for (int i = 0; i < fs.n; i++) {
        n_key += fs.items[i].severity == FINDING_KEY_RISK;
        n_unassigned += !fs.items[i].owner_assigned;
    }
    draw_outline(pk, CAIRO_PDF_OUTLINE_ROOT, "Decisions for the board");
    snprintf(sub, sizeof sub, "%d finding%s" MIDDOT "%d key risk%s" MIDDOT "%d without an owner"
             MIDDOT "%s", fs.n, fs.n == 1 ? "" : "s", n_key, n_key == 1 ? "" : "s", n_unassigned,
             r->plan->n_levers == 0 ? "the plan declares no levers"
             : r->levers           ? "levers searched: cheapest combinations below"
                                   : "levers declared, not searched (drsim run --levers)");
    double y = draw_page_header(cr, "Decisions for the board", sub, 0);
    const double top = y, y_max = FOOT_Y - 14;
    if (fs.n == 0) {
        draw_font(cr, 10, F_NORMAL);
        draw_set_col(cr, C_INK);
        draw_para(cr, MARGIN, y, PAGE_W - 2 * MARGIN, LH, y_max,
                  "No findings: every objective meets its target at the required confidence, "
                  "every store's protection is stated, and the plan is approved.", 1);
    }
    for (int i = 0; i < fs.n; i++) {
        double h = finding_block(cr, &fs.items[i], i, 0, 1e9, 0);
        if (y + h > y_max && y > top) {
            draw_page_end(cr, pk);
            y = draw_page_header(cr, "Decisions for the board (continued)", sub, 0);
        }
        y = finding_block(cr, &fs.items[i], i, y, y_max, 1);
    }
    draw_page_end(cr, pk);
    findings_fini(&fs);
}
