/* reports/wb_trials.c: the Trials sheets (reports/wb_int.h, `drsim run --trials-sheet`).
 *
 * A row per trial of every scenario: the outage's start (a date-time) and duration, RTO,
 * RPO, full restoration, how the trial ended (failed over; in place: the primary returned
 * before the failover passed its point of no return; in place (abandoned): the same after
 * the failover had begun) and the trial's flags. The results keep no per-trial values
 * (sim/mc.h: histograms only), so the rows come from replaying each trial here with the
 * run's seed (trial_run on one worker: the same numbers `run` computed, in constant
 * memory, at the cost of running the trials once more on this thread). A sheet holds at most WB_MAX_ROWS rows, so the rows continue on "Trials
 * 2", "Trials 3", ... (wb_options.trial_rows_per_sheet makes the sheets smaller, for the
 * tests). The workbook is in constant-memory mode whenever these sheets are written.
 */
#include "reports/wb_int.h"

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

/* Per-trial rows, from replaying every trial (outage start and duration, RTO, RPO, full
 * restoration, outcome, flags). */
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
    struct trial_worker *tw = trial_worker_new(p, r->seed);
    if (tw == NULL) {
        wb_fail(w, WB_NOMEM, "out of memory replaying the trials");
        return;
    }
    for (int s = 0; s < r->n_scenarios && wb_ok(w); s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const struct scenario *sc = &p->scenarios[sr->scenario];
        for (uint64_t k = 0; k < sr->n_trials && wb_ok(w); k++) {
            const struct trial_result *t = trial_run(tw, sr->scenario, k, NULL);
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
    trial_worker_free(tw);
    if (open)
        wb_sheet_finish(&sh, 1, sh.row - 1, 2);
}
