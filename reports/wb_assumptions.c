/* reports/wb_assumptions.c: the Assumptions sheet (reports/wb_int.h).
 *
 * Every value drsim read from the plan file, as the loader recorded it (plan->inputs):
 * the key path (a value shared through a YAML alias is listed under every path that uses
 * it), the value as written, its unit, its provenance (fact, ASSUMPTION or UNKNOWN, and
 * whether its comment or its section's banner says so), the plan's own comment on it, and
 * its line and column in the file. Every workbook drsim writes ends its fixed sheets with this one, the
 * sweep and sensitivity workbooks included: it is what an auditor checks the figures
 * against.
 */
#include "reports/wb_int.h"

void wb_assumptions_sheet(struct wb *w)
{
    const struct plan *p = w->p;
    const struct fmts *f = &w->f;
    static const char *const head[] = {
        "#", "Key path", "Value as written", "Unit", "Provenance", "Marked by",
        "Comment or source (from the plan file)", "Line", "Column"
    };
    struct sheet sh;
    char hex[65];

    if (wb_sheet_open(w, &sh, "Assumptions"))
        return;
    plan_sha256_hex(p, hex);
    wb_put_note(&sh, f->title, "Assumptions: every input as simulated");
    wb_put_notef(&sh, f->note, "Every value drsim read from the plan file %s (SHA-256 %s), "
                 "under every key path that uses it (a YAML alias shared by several stores is "
                 "listed under each), in file order; line and column locate the value in the file.",
                 p->path, hex);
    wb_put_note(&sh, f->note,
                "Comments are the plan's own '#' comments: after the value on its line, else on "
                "the lines directly above its key, else those of the enclosing key. Values the "
                "plan does not write take the defaults in docs/plan-format.md.");
    int n_assumed = 0, n_unknown = 0;
    for (int i = 0; i < p->n_inputs; i++) {
        n_assumed += p->inputs[i].provenance == PROV_ASSUMPTION;
        n_unknown += p->inputs[i].provenance == PROV_UNKNOWN;
    }
    wb_put_notef(&sh, f->note,
                 "Provenance: ASSUMPTION when the comment says ASSUMPTION, or when the comment "
                 "block heading the value's section says 'ASSUMPTION throughout' (Marked by: "
                 "section); UNKNOWN likewise; else fact, as the plan states it (its comment, if "
                 "any, is the source). %d of %d inputs are ASSUMPTIONs, %d UNKNOWN: filter the "
                 "column to see them.", n_assumed, p->n_inputs, n_unknown);
    sh.cap[1] = 56;
    sh.cap[2] = 36;
    sh.cap[6] = 70;
    sh.head_row = sh.row;
    wb_put_header(&sh, head, 9);
    wb_next_row(&sh);
    for (int i = 0; i < p->n_inputs && wb_ok(w); i++) {
        const struct plan_input *in = &p->inputs[i];
        wb_put_num(&sh, 0, (double)(i + 1), f->count);
        wb_put_text(&sh, 1, in->path, f->wrap);
        wb_put_text(&sh, 2, in->value, f->wrap);
        wb_put_text(&sh, 3, in->unit, NULL);
        wb_put_text(&sh, 4, plan_provenance_name(in->provenance), NULL);
        wb_put_text(&sh, 5, in->provenance == PROV_FACT ? "" : in->provenance_inherited
                                                                    ? "section"
                                                                    : "comment", NULL);
        wb_put_text(&sh, 6, in->comment, f->wrap);
        wb_put_num(&sh, 7, (double)in->line, f->count);
        wb_put_num(&sh, 8, (double)in->col, f->count);
        wb_next_row(&sh);
    }
    wb_sheet_finish(&sh, 1, sh.row - 1, 2);
}
