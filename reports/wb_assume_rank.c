/* reports/wb_assume_rank.c: the "Assumptions ranked" sheet of the auditor's workbook
 * (reports/wb_int.h), for `drsim run --sensitivity FILE` (reports/assume_rank.h).
 *
 * The plan's ASSUMPTION and UNKNOWN inputs in the order the pack lists them (most
 * verdicts moved first), a row per (input, objective it moves): the input's key path,
 * provenance, its rank in the sensitivity analysis, its low, as-written and high value,
 * the verdicts it moves and its largest change of P(meet); then the objective with P(meet)
 * and the verdict at the low value, as written and at the high value. An input that
 * moves nothing by 0.1 pp has one row without an objective. Written before the
 * Assumptions sheet, whose Provenance column the ranking starts from.
 */
#include "reports/wb_int.h"

#include <stdio.h>

#include "reports/assume_rank.h"

void wb_assume_rank_sheet(struct wb *w)
{
    const struct assume_rank *a = w->assume;
    const struct fmts *f = &w->f;
    static const char *const head[] = {
        "Rank", "Key path", "Provenance", "Sensitivity rank", "Low", "As written", "High",
        "Verdicts moved", "Largest change of P(meet)", "Scenario", "Objective",
        "P(meet) low", "P(meet) as written", "P(meet) high", "Verdict low",
        "Verdict as written", "Verdict high"
    };
    enum { N_COLS = 17 };
    struct sheet sh;
    char buf[1024];

    if (!a || wb_sheet_open(w, &sh, "Assumptions ranked"))
        return;
    wb_put_note(&sh, f->title, "The assumptions that most move a verdict");
    wb_put_notef(&sh, f->note, "%s. %d of %d inputs varied are ASSUMPTION or UNKNOWN; ranked "
                 "by the verdicts they move, then by the largest change of P(meet) between "
                 "their low and high value (docs/reports.md).",
                 assume_source_text(a, buf, sizeof buf), a->n_not_fact, a->n_factors);
    sh.cap[1] = 56;
    sh.head_row = sh.row;
    wb_put_header(&sh, head, N_COLS);
    wb_next_row(&sh);
    for (int i = 0; i < a->n_items && wb_ok(w); i++) {
        const struct assume_item *x = &a->items[i];
        for (int k = 0; k < (x->n_moves ? x->n_moves : 1); k++) {
            wb_put_num(&sh, 0, (double)(i + 1), f->count);
            wb_put_text(&sh, 1, x->path, f->wrap);
            wb_put_text(&sh, 2, plan_provenance_name(x->provenance), NULL);
            wb_put_num(&sh, 3, (double)x->sens_rank, f->count);
            wb_put_text(&sh, 4, assume_value_text(x, x->lo, buf, sizeof buf), NULL);
            wb_put_text(&sh, 5, assume_value_text(x, x->typical, buf, sizeof buf), NULL);
            wb_put_text(&sh, 6, assume_value_text(x, x->hi, buf, sizeof buf), NULL);
            wb_put_num(&sh, 7, (double)x->n_verdict_moves, f->count);
            wb_put_num(&sh, 8, x->swing_p, f->pct);
            if (x->n_moves) {
                const struct assume_move *m = &x->moves[k];
                wb_put_text(&sh, 9, m->scenario, NULL);
                wb_put_text(&sh, 10, m->objective ? "RPO" : "RTO", NULL);
                wb_put_num(&sh, 11, m->p_lo, f->pct);
                wb_put_num(&sh, 12, m->p_base, f->pct);
                wb_put_num(&sh, 13, m->p_hi, f->pct);
                wb_put_text(&sh, 14, mc_verdict_name(m->v_lo), f->verdict[m->v_lo]);
                wb_put_text(&sh, 15, mc_verdict_name(m->v_base), f->verdict[m->v_base]);
                wb_put_text(&sh, 16, mc_verdict_name(m->v_hi), f->verdict[m->v_hi]);
            }
            wb_next_row(&sh);
        }
    }
    wb_sheet_finish(&sh, 1, sh.row - 1, 2);
}
