/* reports/wb_controls.c: the Controls sheet (reports/wb_int.h).
 *
 * The controls matrix of reports/controls.h, a row per requirement: its framework and
 * reference, what it asks (with the source of that wording), where this workbook and the
 * review pack hold the evidence, the status (evidenced, partly, not evidenced) and the
 * reason for it. The rows are the ones the pack's Controls matrix page, the terminal's
 * line and summary.json's "controls" array show: all four call controls_evaluate. Above
 * the table, the facts the statuses were decided from, so that a reader can check a
 * status against the rule (docs/reports.md, "Controls").
 */
#include "reports/wb_int.h"

#include <stdio.h>

#include "models/units.h"
#include "reports/controls.h"

void wb_controls_sheet(struct wb *w)
{
    const struct fmts *f = &w->f;
    static const char *const head[] = {
        "Requirement", "Framework", "Title", "What it requires", "Source of the wording",
        "Evidence in this workbook (sheet: columns)", "Evidence in the review pack (pages)",
        "Status", "Why"
    };
    enum { C_STATUS = 7, N_COLS = 9 };
    struct controls c;
    struct sheet sh;
    char d[16];
    lxw_row_t first;
    const struct controls_facts *fa;

    controls_evaluate(w->r, w->ev ? w->ev->log : NULL, w->ev ? w->ev->analysis : NULL, &c);
    fa = &c.facts;
    if (wb_sheet_open(w, &sh, "Controls"))
        return;
    wb_put_note(&sh, f->title, "Controls matrix: what this review evidences");
    wb_put_notef(&sh, f->note, "Each requirement of SOC 2 (availability A1.2, A1.3; common "
                 "criteria CC7.5, CC9.1), ISO 22301 (8.3, 8.4, 8.5, 9.3, 10.1) and NIST SP 800-53 "
                 "(CP-2, CP-4, CP-6, CP-7, CP-9, CP-10) against what this run's outputs hold, as of "
                 "%s: evidenced, partly (the reason says what lacks) or not evidenced. %d "
                 "evidenced, %d partly, %d not evidenced.",
                 fa->has_as_of ? units_format_date(fa->as_of_day, d, sizeof d) : "(no as-of day)", c.n_status[CONTROL_EVIDENCED],
                 c.n_status[CONTROL_PARTLY], c.n_status[CONTROL_NOT_EVIDENCED]);
    wb_put_note(&sh, f->note, "A simulation is not a test: SOC 2 A1.3, ISO 22301 8.5 and 10.1 "
                "and NIST CP-4 read 'not evidenced' without drill records (drsim run --drills), "
                "'partly' while a required test is overdue or a corrective action past due, and "
                "'evidenced' only with current tests. The rules are in docs/reports.md "
                "('Controls'); wording paraphrased from shared/reference/bia-and-audit.md where "
                "it states the requirement, else from the standard's control title.");
    if (fa->has_drills)
        wb_put_notef(&sh, f->note, "Drill evidence: %d exercises up to the as-of day, %d passed "
                     "in the last year, %d required tests overdue, %d of %d corrective actions "
                     "past due, %d restores with a passed completeness check.", fa->n_exercises,
                     fa->n_recent, fa->n_overdue, fa->n_actions_past_due, fa->n_actions,
                     fa->n_restore_checked);
    else
        wb_put_note(&sh, f->note, "Drill evidence: none. No test evidence was given, so no "
                    "requirement for tested recovery is cited as evidenced.");
    sh.cap[2] = 28;
    sh.cap[3] = 48;
    sh.cap[4] = 28;
    sh.cap[5] = 40;
    sh.cap[6] = 32;
    sh.cap[8] = 60;
    sh.head_row = sh.row;
    wb_put_header(&sh, head, N_COLS);
    wb_next_row(&sh);
    first = sh.row;
    for (int i = 0; i < CONTROLS_N && wb_ok(w); i++) {
        const struct control_row *row = &c.rows[i];
        wb_put_text(&sh, 0, row->id, f->bold);
        wb_put_text(&sh, 1, row->framework, NULL);
        wb_put_text(&sh, 2, row->title, f->wrap);
        wb_put_text(&sh, 3, row->requires, f->wrap);
        wb_put_text(&sh, 4, row->source, f->wrap);
        wb_put_text(&sh, 5, row->workbook, f->wrap);
        wb_put_text(&sh, 6, row->pack, f->wrap);
        wb_put_text(&sh, C_STATUS, control_status_name(row->status), NULL);
        wb_put_text(&sh, 8, row->reason, f->wrap);
        wb_next_row(&sh);
    }
    wb_cf_equals(&sh, first, sh.row - 1, C_STATUS, "not evidenced",
                 f->cf_verdict[MC_VERDICT_BREACH]);
    wb_cf_equals(&sh, first, sh.row - 1, C_STATUS, "partly", f->cf_verdict[MC_VERDICT_AT_RISK]);
    wb_cf_equals(&sh, first, sh.row - 1, C_STATUS, "evidenced", f->cf_verdict[MC_VERDICT_MEETS]);
    wb_sheet_finish(&sh, 1, sh.row - 1, 1);
}
