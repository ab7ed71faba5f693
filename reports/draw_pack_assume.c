/* reports/draw_pack_assume.c: the review pack's page "The assumptions that most move a
 * verdict" (`drsim run --sensitivity FILE`, reports/assume_rank.h).
 *
 * A board deciding what to measure first needs the values nobody has established
 * (ASSUMPTION, UNKNOWN) that decide a verdict: the page lists them in rank order, each
 * with its range (low .. high, as written) and a line per objective it moves, P(meet)
 * and the verdict at the low value, as written and at the high value, a moved verdict in
 * bold. The analysis's trial count and seed head the page, with the warning that the
 * ranking is approximate. What does not fit says how many more sensitivity.json holds.
 */
#include <cairo-pdf.h>
#include <stdio.h>

#include "reports/assume_rank.h"
#include "reports/draw_int.h"

#define ROW 13.0 /* line pitch, points */

void draw_pack_assume(cairo_t *cr, struct pack *pk)
{
    const struct assume_rank *a = pk->assume;
    char sub[256], buf[1024], line[1200];
    if (a == NULL)
        return;
    int n_moving = 0, n_verdict = 0;
    for (int i = 0; i < a->n_items; i++) {
        n_moving += a->items[i].n_moves > 0;
        n_verdict += a->items[i].n_verdict_moves > 0;
    }
    draw_outline(pk, CAIRO_PDF_OUTLINE_ROOT, "Assumptions that move a verdict");
    snprintf(sub, sizeof sub, "%d of %d inputs varied are ASSUMPTION or UNKNOWN" MIDDOT
             "%d of them move%s a verdict" MIDDOT "%d move%s a P(meet)", a->n_not_fact,
             a->n_factors, n_verdict, n_verdict == 1 ? "s" : "", n_moving,
             n_moving == 1 ? "s" : "");
    double y = draw_page_header(cr, "The assumptions that most move a verdict", sub, 0);
    draw_font(cr, 8.5, F_ITALIC);
    draw_set_col(cr, C_MUTED);
    draw_fit_at(cr, MARGIN, y + 5, 0, 0.5, PAGE_W - 2 * MARGIN,
                assume_source_text(a, buf, sizeof buf));
    y += 20;
    const double y_max = FOOT_Y - 14;
    int shown = 0;
    for (int i = 0; i < a->n_items; i++) {
        const struct assume_item *x = &a->items[i];
        if (x->n_moves == 0)
            continue;
        if (y + (1 + x->n_moves) * ROW + 4 > y_max) {
            snprintf(buf, sizeof buf, "... and %d more in %s", n_moving - shown, a->source);
            draw_font(cr, 8.5, F_ITALIC);
            draw_set_col(cr, C_MUTED);
            draw_fit_at(cr, MARGIN, y + ROW / 2, 0, 0.5, PAGE_W - 2 * MARGIN, buf);
            break;
        }
        shown++;
        snprintf(line, sizeof line, "%d. %s [%s]  %s; moves %d verdict%s", shown, x->path,
                 plan_provenance_name(x->provenance), assume_range_text(x, buf, sizeof buf),
                 x->n_verdict_moves, x->n_verdict_moves == 1 ? "" : "s");
        draw_font(cr, 9.5, F_BOLD);
        draw_set_col(cr, C_INK);
        draw_fit_at(cr, MARGIN, y + ROW / 2, 0, 0.5, PAGE_W - 2 * MARGIN, line);
        y += ROW;
        for (int k = 0; k < x->n_moves; k++) {
            const struct assume_move *m = &x->moves[k];
            int moved = m->v_lo != m->v_base || m->v_hi != m->v_base;
            draw_font(cr, 8.5, moved ? F_BOLD : F_NORMAL);
            draw_set_col(cr, moved ? C_BREACH : C_INK);
            draw_fit_at(cr, MARGIN + 18, y + ROW / 2, 0, 0.5, PAGE_W - 2 * MARGIN - 18,
                        assume_move_text(m, buf, sizeof buf));
            y += ROW;
        }
        y += 4;
    }
    if (shown == 0) {
        draw_font(cr, 9, F_ITALIC);
        draw_set_col(cr, C_MUTED);
        draw_text_at(cr, MARGIN, y + ROW / 2, 0, 0.5,
                     "none of them moves any P(meet) by 0.1 pp or more");
    }
    draw_page_end(cr, pk);
}
