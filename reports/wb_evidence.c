/* reports/wb_evidence.c: the Evidence and Test cadence sheets (reports/wb_int.h).
 *
 * Written when the run has a drill log (`drsim run --drills`, wb_write_evidence), from
 * what reports/evidence.h computed: Evidence has a row per store per test in the layout
 * of the audit reference (control reference, backup method, schedule, retention, offsite
 * location and alerting; target and measured data loss and RTO with "met" formulas; the
 * test's date, type, objectives, criteria, outcome, participants and how many corrective
 * actions it raised; and where the measurement falls in the simulated distribution). Below
 * it, two tables: every measured value the model finds optimistic (above its P95) or
 * conservative (below its P5), a row each, steps and data loss included (the row per
 * store shows only its restore time or the exercise's RTO); and every corrective action,
 * a row each, with its owner, due date, status and a "past due" formula against the
 * run's as-of day, which sits in a cell of its own. Test cadence has a row
 * per required test, region and period with its status (on time, late, overdue, due).
 * Nothing here recomputes a statistic: the rows and the analysis are borrowed.
 */
#include "reports/wb_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/digest.h"
#include "models/units.h"

/* ---- Evidence and Test cadence (drill logs) ------------------------------------------ */

/* "yes"/"no" from a drill row's flag (1, 0; -1 gives ""), for the stored value of a
 * "met" formula. */
static const char *met_text(int met)
{
    return met < 0 ? "" : met ? "yes" : "no";
}

/* Below the Evidence table: every placement the model finds optimistic or conservative,
 * a row each (steps, restores, RTO and data loss), in the analysis's order. */
static void flags_table(struct sheet *sh, const struct wb_evidence *ev)
{
    struct wb *w = sh->w;
    const struct fmts *f = &w->f;
    const struct drill_analysis *an = ev->analysis;
    const struct drill_log *log = ev->log;
    static const char *const head[] = {
        "Exercise", "Test date", "Scenario", "Measured", "Step or store", "Measured (h)",
        "Model P50 (h)", "Model P95 (h)", "Percentile in the simulated distribution",
        "Model assumption"
    };
    lxw_row_t first;

    wb_next_row(sh);
    wb_put_note(sh, f->section, "Measured values outside the model's P5-P95");
    wb_put_notef(sh, f->note, "Every measured value of the drill log placed in the model's "
                 "distribution whose percentile lies above the model's P95 (the assumption is "
                 "optimistic: the plan promises more than the drill showed) or below its P5 "
                 "(conservative): %d optimistic and %d conservative of %d placed.",
                 an->n_optimistic, an->n_conservative, an->n_placed);
    wb_put_header(sh, head, 10);
    wb_next_row(sh);
    first = sh->row;
    for (int i = 0; i < an->n_placements && wb_ok(w); i++) {
        const struct drill_placement *pm = &an->placements[i];
        const struct drill_exercise *e = &log->exercises[pm->exercise];
        if (pm->flag != DRILL_FLAG_OPTIMISTIC && pm->flag != DRILL_FLAG_CONSERVATIVE)
            continue;
        wb_put_text(sh, 0, e->name, NULL);
        wb_put_day(sh, 1, e->day);
        wb_put_text(sh, 2, pm->scenario, NULL);
        wb_put_text(sh, 3, drill_measure_name(pm->kind), NULL);
        wb_put_text(sh, 4, pm->what, NULL);
        wb_put_hours(sh, 5, pm->measured_s);
        wb_put_hours(sh, 6, pm->model_p50_s);
        wb_put_hours(sh, 7, pm->model_p95_s);
        wb_put_num(sh, 8, pm->percentile, f->pct);
        wb_put_text(sh, 9, drill_flag_name(pm->flag), NULL);
        wb_next_row(sh);
    }
    if (sh->row == first) {
        wb_put_text(sh, 0, "none", NULL);
        wb_next_row(sh);
    } else {
        wb_cf_equals(sh, first, sh->row - 1, 9, "optimistic", f->cf_fail);
    }
}

/* Below that: every corrective action, a row each, with a "past due" formula over its
 * status and due date and the as-of day's cell. */
static void actions_table(struct sheet *sh, const struct wb_evidence *ev)
{
    struct wb *w = sh->w;
    const struct fmts *f = &w->f;
    const struct drill_log *log = ev->log;
    long as_of = ev->analysis->as_of_day;
    static const char *const head[] = {
        "Exercise", "Test date", "After-action report", "Corrective action", "Owner", "Due",
        "Status", "Past due"
    };
    struct evidence_action *acts = NULL;
    char formula[WB_FORMULA], asof[24], st[16], due[16];
    int n, past = 0;
    lxw_row_t first;

    n = evidence_actions_build(log, as_of, &acts, &past);
    if (n < 0) {
        wb_fail(w, WB_NOMEM, "Evidence: corrective actions");
        return;
    }
    wb_next_row(sh);
    wb_put_note(sh, f->section, "Corrective actions");
    wb_put_notef(sh, f->note, "Every corrective action the drill log records, a row each: %d, "
                 "%d past due. Past due: not done and due before the as-of day below (a formula: "
                 "change the date and it recalculates). Basis: NIST SP 800-53 CP-4 (initiate "
                 "corrective actions); ISO 22301 8.5 and 10.1.", n, past);
    wb_put_text(sh, 0, "As of", f->bold);
    wb_put_day(sh, 1, as_of);
    wb_ref(asof, sh->row, 1);
    /* An absolute reference: $B$7. */
    {
        char abs[24];
        size_t k = strcspn(asof, "0123456789");
        snprintf(abs, sizeof abs, "$%.*s$%.16s", (int)k, asof, asof + k);
        memcpy(asof, abs, sizeof asof);
    }
    wb_next_row(sh);
    wb_put_header(sh, head, 8);
    wb_next_row(sh);
    first = sh->row;
    for (int i = 0; i < n && wb_ok(w); i++) {
        const struct evidence_action *ea = &acts[i];
        const struct drill_exercise *e = &log->exercises[ea->exercise];
        wb_put_text(sh, 0, e->name, NULL);
        wb_put_day(sh, 1, e->day);
        wb_put_text(sh, 2, e->after_action, NULL);
        wb_put_text(sh, 3, ea->a->action, f->wrap);
        wb_put_text(sh, 4, ea->a->owner, NULL);
        wb_put_day(sh, 5, ea->a->due_day);
        wb_put_text(sh, 6, drill_action_status_name(ea->a->status), NULL);
        snprintf(formula, sizeof formula, "=IF(AND(%s<>\"done\",%s<%s),\"PAST DUE\",\"\")",
                 wb_ref(st, sh->row, 6), wb_ref(due, sh->row, 5), asof);
        wb_put_formula_str(sh, 7, formula, ea->past_due ? "PAST DUE" : "", NULL);
        wb_next_row(sh);
    }
    free(acts);
    if (n == 0) {
        wb_put_text(sh, 0, "none", NULL);
        wb_next_row(sh);
    } else {
        wb_cf_equals(sh, first, sh->row - 1, 7, "PAST DUE", f->cf_fail);
    }
}

/* The Evidence sheet: a row per store per test, in the layout of the audit reference
 * (shared/reference/bia-and-audit.md), from reports/evidence.h's rows. The "met" columns
 * are formulas over the row's own target and measured cells, stored with their values. */
void wb_evidence_sheet(struct wb *w)
{
    const struct wb_evidence *ev = w->ev;
    const struct drill_log *log = ev->log;
    const struct fmts *f = &w->f;
    static const char *const head[] = {
        "Control reference", "Store", "Backup method", "Schedule (time zone)", "Retention",
        "Offsite / region", "Failure alerting", "Target RPO (h)", "Measured data loss (h)",
        "RPO met", "Test date", "Test type", "Exercise", "Region", "Objectives",
        "Success criteria", "Start", "End", "Measured RTO (h)", "Target RTO (h)", "RTO met",
        "Restore time (h)", "Completeness check", "Outcome", "Participants",
        "After-action report", "Corrective actions (rows below)",
        "Percentile in the simulated distribution", "Percentile of", "Model assumption"
    };
    enum { C_TRPO = 7, C_LOSS = 8, C_RPOMET = 9, C_RTO = 18, C_TRTO = 19, C_RTOMET = 20,
           C_PCT = 27, C_FLAG = 29, N_COLS = 30 };
    struct sheet sh;
    char hex[65], d[16], formula[WB_FORMULA], a[16], b[16];
    lxw_row_t first, last;

    if (wb_sheet_open(w, &sh, "Evidence"))
        return;
    digest_hex(log->sha256, hex);
    wb_put_note(&sh, f->title, "Evidence: drills and restore tests");
    wb_put_notef(&sh, f->note, "A row per store per test (an exercise without restores has one "
                 "row) from the drill log %s (SHA-256 %s), as of %s. Basis: SOC 2 A1.2 (backup, "
                 "offsite storage, recoverability) and A1.3 (recovery plan tested, integrity and "
                 "completeness of backups); NIST SP 800-53 CP-4 (test, review, corrective action) "
                 "and CP-9(1) (backup testing); ISO 22301 clause 8.5 (exercises, post-exercise "
                 "reports, actions).", log->path, hex,
                 units_format_date(ev->analysis->as_of_day, d, sizeof d));
    wb_put_note(&sh, f->note,
                "Backup method, schedule, retention and offsite location come from the plan; "
                "failure alerting from the drill log's stores section; targets from the plan's "
                "policy for the exercise's scenario. RPO met and RTO met are formulas over the "
                "row's cells. Percentile: where the row's measured restore time (else the "
                "exercise's RTO) falls in the model's distribution (docs/drills.md): above the "
                "model's P95 the assumption is optimistic, below its P5 conservative. Below the "
                "table: every measured value outside the model's P5-P95 (steps and data loss "
                "included), then every corrective action, a row each, past due against the "
                "as-of day.");
    sh.cap[0] = 24;
    sh.cap[2] = 36;
    sh.cap[3] = 36;
    sh.cap[4] = 24;
    sh.cap[6] = 30;
    sh.cap[14] = 40;
    sh.cap[15] = 40;
    sh.cap[24] = 36;
    sh.head_row = sh.row;
    wb_put_header(&sh, head, N_COLS);
    wb_next_row(&sh);
    first = sh.row;
    for (int i = 0; i < ev->rows->n && wb_ok(w); i++) {
        const struct evidence_row *row = &ev->rows->rows[i];
        const struct drill_exercise *e = &log->exercises[row->exercise];
        wb_put_text(&sh, 0, row->control, f->wrap);
        wb_put_text(&sh, 1, row->store, f->bold);
        wb_put_text(&sh, 2, row->method, f->wrap);
        wb_put_text(&sh, 3, row->schedule, f->wrap);
        wb_put_text(&sh, 4, row->retention, f->wrap);
        wb_put_text(&sh, 5, row->offsite, NULL);
        wb_put_text(&sh, 6, row->alerting, f->wrap);
        wb_put_hours(&sh, C_TRPO, row->target_rpo_s);
        wb_put_hours(&sh, C_LOSS, row->data_loss_s);
        snprintf(formula, sizeof formula,
                 "=IF(AND(ISNUMBER(%s),ISNUMBER(%s)),IF(%s<=%s,\"yes\",\"no\"),\"\")",
                 wb_ref(a, sh.row, C_TRPO), wb_ref(b, sh.row, C_LOSS), b, a);
        wb_put_formula_str(&sh, C_RPOMET, formula, met_text(row->rpo_met), NULL);
        wb_put_day(&sh, 10, row->test_day);
        wb_put_text(&sh, 11, row->type, NULL);
        wb_put_text(&sh, 12, e->name, NULL);
        wb_put_text(&sh, 13, e->region, NULL);
        wb_put_text(&sh, 14, row->objectives, f->wrap);
        wb_put_text(&sh, 15, row->criteria, f->wrap);
        wb_put_text(&sh, 16, row->start, NULL);
        wb_put_text(&sh, 17, row->end, NULL);
        wb_put_hours(&sh, C_RTO, row->rto_s);
        wb_put_hours(&sh, C_TRTO, row->target_rto_s);
        snprintf(formula, sizeof formula,
                 "=IF(AND(ISNUMBER(%s),ISNUMBER(%s)),IF(%s<=%s,\"yes\",\"no\"),\"\")",
                 wb_ref(a, sh.row, C_TRTO), wb_ref(b, sh.row, C_RTO), b, a);
        wb_put_formula_str(&sh, C_RTOMET, formula, met_text(row->rto_met), NULL);
        wb_put_hours(&sh, 21, row->restore_s);
        wb_put_text(&sh, 22, row->complete, NULL);
        wb_put_text(&sh, 23, row->outcome, NULL);
        wb_put_text(&sh, 24, row->participants, f->wrap);
        wb_put_text(&sh, 25, row->after_action, NULL);
        if (row->n_actions > 0)
            wb_put_num(&sh, 26, (double)row->n_actions, f->count);
        wb_put_num(&sh, C_PCT, row->percentile, f->pct);
        wb_put_text(&sh, 28, row->percentile_of, NULL);
        if (row->flag != DRILL_FLAG_NONE)
            wb_put_text(&sh, C_FLAG, drill_flag_name(row->flag), NULL);
        wb_next_row(&sh);
    }
    if (sh.row > first) {
        wb_cf_equals(&sh, first, sh.row - 1, C_RPOMET, "no", f->cf_fail);
        wb_cf_equals(&sh, first, sh.row - 1, C_RTOMET, "no", f->cf_fail);
        wb_cf_equals(&sh, first, sh.row - 1, 22, "failed", f->cf_fail);
        wb_cf_equals(&sh, first, sh.row - 1, 23, "failed", f->cf_fail);
        wb_cf_equals(&sh, first, sh.row - 1, C_FLAG, "optimistic", f->cf_fail);
    }
    last = sh.row - 1;
    flags_table(&sh, ev);
    actions_table(&sh, ev);
    wb_sheet_finish(&sh, 1, last, 2);
}

/* The Test cadence sheet: a row per required test, region and period. */
void wb_cadence_sheet(struct wb *w)
{
    const struct wb_evidence *ev = w->ev;
    const struct drill_log *log = ev->log;
    const struct drill_analysis *an = ev->analysis;
    const struct fmts *f = &w->f;
    static const char *const head[] = {
        "Test required", "Every", "Region", "Period", "Period start", "Due by", "Status",
        "Exercise counted", "Done on", "Days late or overdue", "Failed test in the period"
    };
    struct sheet sh;
    char d1[16], d2[16];
    lxw_row_t first;

    if (wb_sheet_open(w, &sh, "Test cadence"))
        return;
    wb_put_note(&sh, f->title, "Test cadence");
    wb_put_notef(&sh, f->note, "Every required test, region and calendar period from %s to %s "
                 "(the as-of date): on time (done within the period), late (done after it), "
                 "overdue (the period has ended and no test is left to count for it) or due (the "
                 "current period). Each test counts for one period only; failed tests do not "
                 "count. Basis: the BCP's test cadence as the drill log states it; SOC 2 A1.3; "
                 "NIST SP 800-53 CP-4; ISO 22301 8.5. Totals: %d on time, %d late, %d overdue, "
                 "%d due.", units_format_date(an->since_day, d1, sizeof d1),
                 units_format_date(an->as_of_day, d2, sizeof d2), an->n_on_time, an->n_late,
                 an->n_overdue, an->n_due);
    sh.head_row = sh.row;
    wb_put_header(&sh, head, 11);
    wb_next_row(&sh);
    first = sh.row;
    for (int i = 0; i < an->n_items && wb_ok(w); i++) {
        const struct drill_cadence_item *it = &an->items[i];
        const struct drill_requirement *rq = &log->reqs[it->req];
        wb_put_text(&sh, 0, drill_type_name(rq->type), NULL);
        wb_put_text(&sh, 1, drill_freq_name(rq->every), NULL);
        wb_put_text(&sh, 2, log->regions[it->region], NULL);
        wb_put_text(&sh, 3, it->label, NULL);
        wb_put_day(&sh, 4, it->start_day);
        wb_put_day(&sh, 5, it->due_day);
        wb_put_text(&sh, 6, drill_status_name(it->status), NULL);
        if (it->exercise >= 0) {
            wb_put_text(&sh, 7, log->exercises[it->exercise].name, NULL);
            wb_put_day(&sh, 8, it->done_day);
        }
        if (it->status == DRILL_LATE || it->status == DRILL_OVERDUE)
            wb_put_num(&sh, 9, (double)it->days_late, f->count);
        if (it->failed_exercise >= 0)
            wb_put_text(&sh, 10, log->exercises[it->failed_exercise].name, NULL);
        wb_next_row(&sh);
    }
    if (sh.row > first) {
        wb_cf_equals(&sh, first, sh.row - 1, 6, "overdue", f->cf_verdict[MC_VERDICT_BREACH]);
        wb_cf_equals(&sh, first, sh.row - 1, 6, "late", f->cf_verdict[MC_VERDICT_AT_RISK]);
        wb_cf_equals(&sh, first, sh.row - 1, 6, "on time", f->cf_verdict[MC_VERDICT_MEETS]);
    }
    wb_sheet_finish(&sh, 1, sh.row - 1, 1);
}
