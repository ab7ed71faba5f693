/* reports/wb_damage.c: the Logical damage and Clean points sheets of the auditor's workbook
 * (reports/wb_int.h).
 *
 * Written only when the plan has a logical-damage scenario (ransomware, a destructive bug,
 * a dropped table: scenario.damage). Two sheets, the figures the results hold (sim/mc.h)
 * and summary.json writes under scenarios[].damage and scenarios[].stores[].clean_points:
 *
 *   - Logical damage, a row per damage scenario: what it damages, whether the
 *     adversary deletes backups and when, the dwell time as the plan draws it, the RTO
 *     clock, the objective (or the finding that the BCP sets none: no verdict), the
 *     damaged window's percentiles (onset to detection: the writes to re-enter or
 *     reconcile), and the trials with no clean point at all, their share a formula;
 *   - Clean points, a row per (damage scenario, damaged store, backup rule): the rule's kind,
 *     location, retention, whether it is immutable (only immutable rules survive
 *     deletes_backups), and the trials in which it supplied the store's clean point, with
 *     a "(no clean point)" row per store for the trials in which none did; the shares are
 *     formulas over the trial counts.
 */
#include "reports/wb_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/units.h"
#include "reports/damage.h"

enum {
    DM_SCEN = 0, DM_DESTROYS, DM_STORES, DM_DELETES, DM_DETECT, DM_CLOCK, DM_OBJECTIVE,
    DM_P50, DM_P90, DM_P95, DM_P99, DM_MAX, DM_TRIALS, DM_NOCLEAN_N, DM_NOCLEAN, DM_NCOLS
};

enum {
    CP_SCEN = 0, CP_STORE, CP_RULE, CP_KIND, CP_LOCATION, CP_RETENTION, CP_IMMUTABLE,
    CP_TRIALS, CP_N, CP_SHARE, CP_NCOLS
};

/* Whether the results hold a logical-damage scenario. */
static int any_damage(const struct wb *w)
{
    for (int s = 0; s < w->r->n_scenarios; s++)
        if (w->p->scenarios[w->r->scenarios[s].scenario].damage.present)
            return 1;
    return 0;
}

/* The damaged stores of sc by name, comma-separated. */
static char *damaged_stores(const struct plan *p, const struct scenario *sc, char *buf, size_t n)
{
    size_t o = 0;
    buf[0] = '\0';
    for (int s = 0; s < p->n_stores; s++)
        if (plan_store_damaged(sc, s))
            wb_appendf(buf, n, &o, "%s%s", o ? ", " : "", p->stores[s].name);
    return buf;
}

/* A row of the scenario table. */
static void scenario_row(struct sheet *sh, const struct mc_scenario_result *sr)
{
    const struct plan *p = sh->w->p;
    const struct scenario *sc = &p->scenarios[sr->scenario];
    const struct fmts *f = &sh->w->f;
    char buf[1024], a[32], b[32], fm[WB_FORMULA], r1[16], r2[16];

    wb_put_text(sh, DM_SCEN, sc->name, f->bold);
    wb_put_text(sh, DM_DESTROYS, damage_destroys_text(sc, buf, sizeof buf), NULL);
    wb_put_text(sh, DM_STORES, damaged_stores(p, sc, buf, sizeof buf), f->wrap);
    wb_put_text(sh, DM_DELETES, damage_deletes_name(sc->damage.deletes), NULL);
    wb_put_text(sh, DM_DETECT, dist_describe(&sc->damage.detection, wb_fmt_duration, buf,
                                             sizeof buf), f->wrap);
    wb_put_text(sh, DM_CLOCK, damage_rto_clock_name(sc), NULL);
    if (damage_no_objective_finding(sc, buf, sizeof buf))
        wb_put_text(sh, DM_OBJECTIVE, buf, f->wrap);
    else
        wb_put_textf(sh, DM_OBJECTIVE, f->wrap, "RTO %s, RPO %s",
                     wb_fmt_duration(sc->rto_target_s, a, sizeof a),
                     wb_fmt_duration(sc->rpo_target_s, b, sizeof b));
    wb_put_hours(sh, DM_P50, sr->damaged.p50_s);
    wb_put_hours(sh, DM_P90, sr->damaged.p90_s);
    wb_put_hours(sh, DM_P95, sr->damaged.p95_s);
    wb_put_hours(sh, DM_P99, sr->damaged.p99_s);
    wb_put_hours(sh, DM_MAX, sr->damaged.max_s);
    wb_put_num(sh, DM_TRIALS, (double)sr->n_trials, f->count);
    wb_put_num(sh, DM_NOCLEAN_N, (double)sr->n_no_clean, f->count);
    snprintf(fm, sizeof fm, "=%s/%s", wb_ref(r1, sh->row, DM_NOCLEAN_N),
             wb_ref(r2, sh->row, DM_TRIALS));
    wb_put_formula_num(sh, DM_NOCLEAN, fm, sr->no_clean_share, f->pct);
    wb_next_row(sh);
}

/* The rule's cells of a clean-point row (ru NULL: the "(no clean point)" row), then the
 * trials, count and share (a formula). */
static void clean_row(struct sheet *sh, const struct scenario *sc, const struct store *st,
                      const struct backup_rule *ru, const char *kind, uint64_t trials,
                      uint64_t n, int has_count)
{
    const struct fmts *f = &sh->w->f;
    char fm[WB_FORMULA], r1[16], r2[16];
    wb_put_text(sh, CP_SCEN, sc->name, NULL);
    wb_put_text(sh, CP_STORE, st->name, NULL);
    wb_put_text(sh, CP_RULE, ru ? ru->name : "(no clean point)", ru ? NULL : f->bold);
    wb_put_text(sh, CP_KIND, kind, NULL);
    if (ru) {
        wb_put_text(sh, CP_LOCATION, plan_location_name(ru->location), NULL);
        if (isinf(ru->retention_s))
            wb_put_text(sh, CP_RETENTION, "forever", f->inf);
        else
            wb_put_num(sh, CP_RETENTION, ru->retention_s / 86400.0, f->days);
        wb_put_text(sh, CP_IMMUTABLE, ru->immutable ? "yes" : "no", NULL);
    }
    wb_put_num(sh, CP_TRIALS, (double)trials, f->count);
    if (has_count) {
        wb_put_num(sh, CP_N, (double)n, f->count);
        snprintf(fm, sizeof fm, "=%s/%s", wb_ref(r1, sh->row, CP_N),
                 wb_ref(r2, sh->row, CP_TRIALS));
        wb_put_formula_num(sh, CP_SHARE, fm, trials ? (double)n / (double)trials : 0.0, f->pct);
    }
    wb_next_row(sh);
}

/* The rows of damaged store i in scenario sr: one per rule, then the trials without a
 * clean point; an ephemeral or rebuilt store has one row saying so. */
static void store_rows(struct sheet *sh, const struct mc_scenario_result *sr, int i)
{
    const struct plan *p = sh->w->p;
    const struct scenario *sc = &p->scenarios[sr->scenario];
    const struct store *st = &p->stores[i];
    const struct mc_store_result *res = &sr->stores[i];
    if (st->ephemeral || st->recovery == STORE_RECOVER_REBUILD || res->clean_rule_n == NULL) {
        clean_row(sh, sc, st, NULL,
                  st->ephemeral ? "ephemeral: no data to lose"
                  : st->recovery == STORE_RECOVER_REBUILD ? "rebuilt from other stores"
                                                          : "no per-rule counts",
                  sr->n_trials, 0, 0);
        return;
    }
    for (size_t j = 0; j < st->n_rules; j++) {
        const struct backup_rule *ru = &st->rules[j];
        clean_row(sh, sc, st, ru,
                  ru->schedule.kind == SCHED_CONTINUOUS ? "continuous" : "scheduled",
                  sr->n_trials, res->clean_rule_n[j], 1);
    }
    clean_row(sh, sc, st, NULL, "data lost for good", sr->n_trials,
              damage_store_no_clean(p, sr, i), 1);
}

void wb_damage_sheet(struct wb *w)
{
    const struct mc_results *r = w->r;
    const struct plan *p = w->p;
    const struct fmts *f = &w->f;
    static const char *const head[DM_NCOLS] = {
        "Scenario", "Destroys", "Damaged stores", "Deletes backups", "Detected after (dwell "
        "time, as drawn)", "RTO measured from", "Objective",
        "Damaged window P50 (h)", "Damaged window P90 (h)", "Damaged window P95 (h)",
        "Damaged window P99 (h)", "Damaged window max (h)", "Trials",
        "No clean point (trials)", "No clean point (share of trials)"};
    static const char *const cp_head[CP_NCOLS] = {
        "Scenario", "Store", "Backup rule", "Kind", "Location", "Retention", "Immutable",
        "Trials", "Supplied the clean point (trials)", "Supplied the clean point (share)"};
    struct sheet sh;

    if (!any_damage(w) || wb_sheet_open(w, &sh, "Logical damage"))
        return;
    sh.cap[DM_STORES] = 30;
    sh.cap[DM_DETECT] = 30;
    sh.cap[DM_OBJECTIVE] = 50;
    wb_put_note(&sh, f->title, "Logical damage: ransomware, corruption, deletion");
    wb_put_notef(&sh, f->note_wrap,
                 "A row per logical-damage scenario. The damage begins at the onset (drawn over "
                 "the window like an outage start) and is found a dwell time later (Detected "
                 "after); the trial's clock starts at detection. A recovery point is clean only "
                 "if it completed before the onset; retention is judged at detection; replicas "
                 "and zone redundancy carry the damage; point-in-time recovery restores to just "
                 "before the onset while the onset lies within its retention. With Deletes "
                 "backups, every point not immutable is deleted (at the onset or at detection: "
                 "the same clean point, no point after the onset being clean). Damaged window: "
                 "onset to detection, the writes that must be re-entered or reconciled "
                 "(percentiles from a fine histogram, within 0.4%%). No clean point: trials in "
                 "which a damaged store with data had no clean recovery point (its data is lost "
                 "for good). A scenario the BCP sets no objective for has no verdict. %llu "
                 "trials per scenario, seed %llu; the same figures as summary.json's "
                 "scenarios[].damage.",
                 (unsigned long long)r->n_trials, (unsigned long long)r->seed);
    sh.head_row = sh.row;
    wb_put_header(&sh, head, DM_NCOLS);
    wb_next_row(&sh);
    for (int s = 0; s < r->n_scenarios && wb_ok(w); s++)
        if (p->scenarios[r->scenarios[s].scenario].damage.present)
            scenario_row(&sh, &r->scenarios[s]);
    wb_sheet_finish(&sh, 1, sh.row - 1, 1);

    /* The clean points, a sheet of their own: one table per sheet keeps the frozen header
     * and the autofilter (and the constant-memory mode of --trials-sheet, where the rows
     * of a first table are flushed before a second one is written). */
    if (wb_sheet_open(w, &sh, "Clean points"))
        return;
    wb_put_note(&sh, f->title, "Clean points per damaged store and backup rule");
    wb_put_notef(&sh, f->note_wrap,
                 "A row per backup rule of every store a logical-damage scenario damages: the "
                 "trials in which the rule supplied the store's newest clean point (the one "
                 "restored), then a row for the trials in which no rule did (the store's data "
                 "is lost for good). Only immutable rules can supply one when the scenario "
                 "deletes backups. Shares are formulas over the trials; they add up to 100%% "
                 "per store. An ephemeral or rebuilt store has one row saying so. %llu trials "
                 "per scenario, seed %llu; summary.json: scenarios[].stores[].clean_points.",
                 (unsigned long long)r->n_trials, (unsigned long long)r->seed);
    sh.head_row = sh.row;
    wb_put_header(&sh, cp_head, CP_NCOLS);
    wb_next_row(&sh);
    for (int s = 0; s < r->n_scenarios && wb_ok(w); s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        if (!p->scenarios[sr->scenario].damage.present)
            continue;
        for (int i = 0; i < sr->n_stores && i < p->n_stores; i++)
            if (sr->stores[i].damaged)
                store_rows(&sh, sr, i);
    }
    wb_sheet_finish(&sh, 1, sh.row - 1, 3);
}
