/* reports/wb_trials.c: the Trials sheets (reports/wb_int.h, `drsim run --trials-sheet`).
 *
 * A row per trial of every scenario: the outage's start (a date-time) and duration, RTO,
 * RPO, full restoration, how the trial ended (failed over; in place: the primary returned
 * before the failover passed its point of no return; in place (abandoned): the same after
 * the failover had begun) and the trial's flags. The results keep no per-trial values
 * in memory (sim/mc.h: histograms only); the run wrote each trial's record as it played it
 * (sim/mc_rows.h, results.rows), and this reads them back in order: the engine is never
 * run again here. A sheet holds at most WB_MAX_ROWS rows, so the rows continue on "Trials
 * 2", "Trials 3", ... (wb_options.trial_rows_per_sheet makes the sheets smaller, for the
 * tests). The workbook is in constant-memory mode whenever these sheets are written.
 */
#include "reports/wb_int.h"
#include "sim/mc_rows.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/trial.h"

static void trials_header(struct sheet *sh)
{
    static const char *const head[] = {
        "Trial", "Scenario", "Outage start (UTC)", "Outage duration (h)", "RTO (h)", "RPO (h)",
        "Full restoration (h)", "Outcome", "Flags"
    };
    sh->head_row = sh->row;
    wb_put_header(sh, head, 9);
    sh->width[2] = 17;
    wb_next_row(sh);
}

/* Per-trial rows, from the records the run wrote (sim/mc_rows.h: outage start and
 * duration, RTO, RPO, full restoration, outcome, flags). */
void wb_trials_sheets(struct wb *w)
{
    const struct plan *p = w->p;
    const struct mc_results *r = w->r;
    const struct fmts *f = &w->f;
    uint64_t per_sheet = w->o->trial_rows_per_sheet ? w->o->trial_rows_per_sheet : WB_MAX_ROWS - 1;
    struct sheet sh;
    uint64_t in_sheet = 0;
    int n_sheets = 0, open = 0;
    char name[32], flags[96];

    if (per_sheet > WB_MAX_ROWS - 1) {
        wb_fail(w, WB_INVALID, "trial_rows_per_sheet %llu is above a sheet's %u rows",
                (unsigned long long)per_sheet, WB_MAX_ROWS - 1);
        return;
    }
    if (r->rows == NULL) {
        wb_fail(w, WB_INVALID, "the Trials sheets need the run's per-trial rows "
                "(mc_results.rows, sim/mc_rows.h)");
        return;
    }
    for (int s = 0; s < r->n_scenarios && wb_ok(w); s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const struct scenario *sc = &p->scenarios[sr->scenario];
        for (uint64_t k = 0; k < sr->n_trials && wb_ok(w); k++) {
            struct mc_row row, *t = &row;
            if (mc_rows_get(r->rows, s, k, &row) != 0) {
                wb_fail(w, WB_IO, "cannot read the run's per-trial rows: %s", strerror(errno));
                break;
            }
            if (!open || in_sheet == per_sheet) {
                if (open)
                    wb_sheet_finish(&sh, 1, sh.row - 1, 2);
                n_sheets++;
                if (n_sheets == 1)
                    snprintf(name, sizeof name, "Trials");
                else
                    snprintf(name, sizeof name, "Trials %d", n_sheets);
                if (wb_sheet_open(w, &sh, name))
                    break;
                open = 1;
                in_sheet = 0;
                trials_header(&sh);
            }
            wb_put_num(&sh, 0, (double)k, f->count);
            wb_put_text(&sh, 1, sc->name, NULL);
            wb_put_num(&sh, 2, (double)p->calendar.epoch_days + WB_EXCEL_EPOCH_DAYS +
                                t->start_abs_s / 86400.0, f->datetime);
            if (isinf(t->outage_s))
                wb_put_text(&sh, 3, "never ends", f->inf);
            else
                wb_put_hours(&sh, 3, t->outage_s);
            wb_put_hours(&sh, 4, t->rto_s);
            wb_put_hours(&sh, 5, t->rpo_s);
            wb_put_hours(&sh, 6, t->full_s);
            wb_put_text(&sh, 7, !t->in_place ? "failed over"
                                : t->abandoned ? "in place (abandoned)" : "in place", NULL);
            int breach = sc->has_policy &&
                         (t->rto_s > sc->rto_target_s || t->rpo_s > sc->rpo_target_s);
            snprintf(flags, sizeof flags, "%s%s",
                     t->rpo_no_point ? "no usable recovery point; " : "",
                     breach ? "breach; " : "");
            if (*flags)
                flags[strlen(flags) - 2] = '\0';
            wb_put_text(&sh, 8, flags, NULL);
            wb_next_row(&sh);
            in_sheet++;
        }
    }
    if (open)
        wb_sheet_finish(&sh, 1, sh.row - 1, 2);
}
