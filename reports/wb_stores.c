/* reports/wb_stores.c: the Data stores and Runbook sheets (reports/wb_int.h).
 *
 * Both describe the plan as simulated, next to what the simulation made of it. Data
 * stores has a row per backup rule of every store (a store without rules has one row):
 * size, zone redundancy, recovery and restore model, the rule's schedule, time zone,
 * location, retention, completion and failure probability, the analytic worst-case data
 * loss per scenario (models/backup.h), then per scenario the simulated data loss and a
 * flag where the store had no usable recovery point. Runbook has a row per (scenario,
 * step): roles, dependencies, the duration model in words and as the engine holds its
 * parameters, and where the recovery time went (critical-path share, mean contribution,
 * mean duration, mean wait for people).
 */
#include "reports/wb_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/backup.h"
#include "models/units.h"
#include "models/tz.h"
#include "reports/damage.h"

/* ---- text of plan values ------------------------------------------------------------- */

/* A time zone: its IANA name, or the offset as "UTC" or "UTC+05:30". */
static char *fmt_tz(const struct tz *zone, double off_s, char *buf, size_t n)
{
    if (zone) {
        snprintf(buf, n, "%s", tz_name(zone));
        return buf;
    }
    long m = lround(off_s / 60.0);
    if (m == 0)
        snprintf(buf, n, "UTC");
    else
        snprintf(buf, n, "UTC%c%02ld:%02ld", m < 0 ? '-' : '+', labs(m) / 60, labs(m) % 60);
    return buf;
}

/* A distribution's parameters as the engine holds them, in base units: what an auditor
 * needs to recompute a draw. unit is "s" or "B/s". */
static char *dist_params(const struct dist *d, const char *unit, char *buf, size_t n)
{
    const double *p = d->p;
    switch (d->kind) {
    case DIST_FIXED:
        snprintf(buf, n, "value = %.6g %s", p[0], unit);
        break;
    case DIST_UNIFORM:
        snprintf(buf, n, "min = %.6g %s, max = %.6g %s", p[0], unit, p[1], unit);
        break;
    case DIST_TRIANGULAR:
        snprintf(buf, n, "min = %.6g, mode = %.6g, max = %.6g %s", p[0], p[1], p[2], unit);
        break;
    case DIST_NORMAL:
        snprintf(buf, n, "mean = %.6g %s, sd = %.6g %s, truncated at 0", p[0], unit, p[1], unit);
        break;
    case DIST_LOGNORMAL:
        snprintf(buf, n, "mu = %.6g (ln %s), sigma = %.6g", p[0], unit, p[1]);
        break;
    case DIST_GAMMA:
        snprintf(buf, n, "shape = %.6g, scale = %.6g %s", p[0], p[1], unit);
        break;
    case DIST_WEIBULL:
        snprintf(buf, n, "shape = %.6g, scale = %.6g %s", p[0], p[1], unit);
        break;
    case DIST_EXPONENTIAL:
        snprintf(buf, n, "mean = %.6g %s", p[0], unit);
        break;
    case DIST_EMPIRICAL:
        snprintf(buf, n, "%zu observed values, drawn with equal probability", d->n_values);
        break;
    default:
        snprintf(buf, n, "?");
    }
    return buf;
}

/* ---- Data stores --------------------------------------------------------------------- */

static char *zone_text(const struct store *st, char *buf, size_t n)
{
    char a[160], b[160];
    switch (st->zone_mode) {
    case STORE_ZONE_SYNC:
        snprintf(buf, n, "sync replica; failover %s",
                 dist_describe(&st->failover, wb_fmt_duration, a, sizeof a));
        break;
    case STORE_ZONE_ASYNC:
        snprintf(buf, n, "async replica; failover %s; replica lag %s",
                 dist_describe(&st->failover, wb_fmt_duration, a, sizeof a),
                 dist_describe(&st->replica_lag, wb_fmt_duration, b, sizeof b));
        break;
    case STORE_ZONE_CLUSTER:
        snprintf(buf, n, "cluster across zones");
        break;
    default:
        snprintf(buf, n, "none (one zone)");
    }
    return buf;
}

static char *restore_text(const struct store *st, char *buf, size_t n)
{
    char a[160], b[160];
    if (st->recovery == STORE_RECOVER_NONE) {
        snprintf(buf, n, "none: unrecoverable");
        return buf;
    }
    if (st->replica.present && !st->has_restore)
        snprintf(buf, n, "promoted from its replica in %s: lag %s, promotion %s",
                 st->replica.region, dist_describe(&st->replica.lag, wb_fmt_duration, a, sizeof a),
                 dist_describe(&st->replica.promote, wb_fmt_duration, b, sizeof b));
    else
        snprintf(buf, n, "%s%s per stream x %d; overhead %s",
                 st->recovery == STORE_RECOVER_REBUILD ? "rebuilt from other stores at " : "",
                 dist_describe(&st->throughput, wb_fmt_rate, a, sizeof a), st->parallelism,
                 dist_describe(&st->overhead, wb_fmt_duration, b, sizeof b));
    return buf;
}

/* Columns of the Data stores table: 15 of the store and the rule, a worst case per
 * scenario, six simulated per scenario, and the store's note. */
#define ST_N_FIXED 15

struct st_cols {
    lxw_col_t worst, sim, note;
};

/* The notes, the group labels and the header row (the table's head_row). */
static void stores_head(struct sheet *sh, const struct st_cols *C)
{
    static const char *const fixed_head[ST_N_FIXED] = {
        "Store", "Kind", "Size", "Zone redundancy", "Recovery", "Restore model",
        "Counts for RPO", "Backup rule", "Schedule", "Time zone", "Location", "Retention",
        "Point usable after (complete)", "Lag (continuous)", "Failure probability"
    };
    const struct mc_results *r = sh->w->r;
    const struct fmts *f = &sh->w->f;
    char buf[1024];

    wb_put_note(sh, f->title, "Data stores and backups");
    wb_put_note(sh, f->note,
                "A row per backup rule of every store (a store without rules has one row); the "
                "store's columns repeat on each of its rows. Basis: SOC 2 A1.2 (data requiring "
                "backup, backup schedule, offsite storage, recoverability); NIST SP 800-53 CP-9. "
                "Values from the plan's stores section.");
    wb_put_note(sh, f->note,
                "Worst case (per rule, analytic): the longest gap between consecutive points "
                "over the calendar's first year plus the P95 completion time (the P95 lag for "
                "continuous rules), every point assumed to succeed; 'destroyed' when the copy's "
                "location does not survive the outage; 'none retained at times' when the copies "
                "survive but the retention is shorter than the gap plus completion (then, just "
                "before the next point completes, the rule has no point at all: a finding on "
                "the retention, not on the copy's location).");
    wb_put_notef(sh, f->note, "Simulated (per store, over %llu trials per scenario): the data "
                 "the store lost, 0 when a zone replica keeps it or the outage ends before "
                 "failover; percentiles from a fine histogram (within 0.4%%). Flag: trials in "
                 "which failover happened and the store had no usable recovery point.",
                 (unsigned long long)r->n_trials);
    int damage = 0;
    for (int s = 0; s < r->n_scenarios; s++)
        damage |= sh->w->p->scenarios[r->scenarios[s].scenario].damage.present;
    if (damage)
        wb_put_note(sh, f->note,
                    "Logical damage (ransomware, corruption, deletion): instead of a worst case "
                    "the column says what applies to the rule: 'not damaged' for a store the "
                    "scenario leaves alone; 'deleted' when the adversary deletes the rule's "
                    "points (not immutable); else the clean-point rule (a point completed before "
                    "the onset and still retained at detection; continuous rules: onset - lag "
                    "while the onset lies within their retention). The clean points found are "
                    "on the Logical damage sheet.");
    wb_group_cell(sh, 0, "Store");
    wb_group_cell(sh, 7, "Backup rule");
    wb_group_cell(sh, C->worst, "Worst case per rule");
    wb_group_scenarios(sh, C->sim, 6);
    wb_next_row(sh);
    sh->head_row = sh->row;
    wb_put_header(sh, fixed_head, ST_N_FIXED);
    for (int s = 0; s < r->n_scenarios; s++) {
        const char *sn = sh->w->p->scenarios[r->scenarios[s].scenario].name;
        lxw_col_t c = (lxw_col_t)(C->sim + 6 * s);
        snprintf(buf, sizeof buf, "Worst-case data loss, %s %s (h)", sn,
                 sh->w->p->scenarios[r->scenarios[s].scenario].damage.present ? "(logical damage)"
                                                                               : "outage");
        wb_head_cell(sh, (lxw_col_t)(C->worst + s), buf);
        wb_head_cell(sh, c, "Restore needed");
        wb_head_cell(sh, (lxw_col_t)(c + 1), "Data loss P50 (h)");
        wb_head_cell(sh, (lxw_col_t)(c + 2), "Data loss P95 (h)");
        wb_head_cell(sh, (lxw_col_t)(c + 3), "Data loss max (h)");
        wb_head_cell(sh, (lxw_col_t)(c + 4), "No usable point (share of trials)");
        wb_head_cell(sh, (lxw_col_t)(c + 5), "Flag");
    }
    wb_head_cell(sh, C->note, "Note");
    wb_next_row(sh);
}

/* What applies to rule ru of store i in a logical-damage scenario, instead of an outage's
 * worst case: for a damaged store the clean-point rule (the point must have completed
 * before the onset, be retained at detection, and not be deleted), for others "not
 * damaged". */
static char *damage_rule_text(const struct scenario *sc, int i, const struct backup_rule *ru,
                              char *buf, size_t n)
{
    char a[32];
    int cont = ru->schedule.kind == SCHED_CONTINUOUS;
    size_t o = 0;
    if (!plan_store_damaged(sc, i)) {
        snprintf(buf, n, "not damaged");
        return buf;
    }
    if (sc->damage.deletes != DAMAGE_DELETES_NONE && !ru->immutable) {
        snprintf(buf, n, "deleted %s (not immutable): never a clean point",
                 sc->damage.deletes == DAMAGE_DELETES_AT_ONSET ? "at the onset" : "at detection");
        return buf;
    }
    if (cont)
        wb_appendf(buf, n, &o, "clean point: onset - lag, if detection - onset <= retention");
    else
        wb_appendf(buf, n, &o, "clean point: newest point completed before the onset and "
                               "still retained at detection");
    if (isfinite(ru->retention_s))
        wb_appendf(buf, n, &o, " (retention %s)", wb_fmt_duration(ru->retention_s, a, sizeof a));
    if (ru->immutable)
        wb_appendf(buf, n, &o, "; immutable: not deleted");
    return buf;
}

/* The backup rule's columns (7 to 14) and its analytic worst case per scenario (for a
 * logical-damage scenario, the clean-point rule that applies instead). */
static void stores_rule(struct sheet *sh, const struct st_cols *C, int i,
                        const struct backup_rule *ru)
{
    const struct plan *p = sh->w->p;
    const struct mc_results *r = sh->w->r;
    const struct fmts *f = &sh->w->f;
    int cont = ru->schedule.kind == SCHED_CONTINUOUS;
    char buf[1024], a[256];

    wb_put_text(sh, 7, ru->name, NULL);
    wb_put_text(sh, 8, sched_format(&ru->schedule, buf, sizeof buf), f->wrap);
    wb_put_text(sh, 9, cont ? "n/a" : fmt_tz(ru->schedule.tz, ru->schedule.tz_offset_s, a, sizeof a), NULL);
    wb_put_text(sh, 10, plan_location_name(ru->location), NULL);
    if (isinf(ru->retention_s))
        wb_put_text(sh, 11, "forever", f->inf);
    else
        wb_put_num(sh, 11, ru->retention_s / 86400.0, f->days);
    if (cont)
        wb_put_text(sh, 12, "n/a", f->wrap);
    else
        wb_put_text(sh, 12, dist_describe(&ru->complete, wb_fmt_duration, buf, sizeof buf),
                    f->wrap);
    wb_put_text(sh, 13, cont ? dist_describe(&ru->lag, wb_fmt_duration, buf, sizeof buf) : "n/a",
                f->wrap);
    wb_put_num(sh, 14, ru->failure_prob, f->pct);
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct scenario *sc = &p->scenarios[r->scenarios[s].scenario];
        if (sc->damage.present) {
            wb_put_text(sh, (lxw_col_t)(C->worst + s), damage_rule_text(sc, i, ru, buf, sizeof buf),
                        f->wrap);
            continue;
        }
        enum backup_worst why;
        double wc = backup_rule_worst_case(ru, sc->scope, p->calendar.epoch_days, &why);
        lxw_col_t col = (lxw_col_t)(C->worst + s);
        char g[32], k[32];
        switch (why) {
        case BACKUP_WORST_FINITE:
            wb_put_hours(sh, col, wc);
            break;
        case BACKUP_WORST_DESTROYED:
            wb_put_text(sh, col, "destroyed", f->inf);
            break;
        case BACKUP_WORST_EXPIRES:
            /* The copies survive; the schedule leaves times with none retained. */
            snprintf(buf, sizeof buf, "none retained at times: %s %s > retention %s",
                     cont ? "lag P95" : "gap + completion", units_format_duration(wc, g, sizeof g),
                     units_format_duration(ru->retention_s, k, sizeof k));
            wb_put_text(sh, col, buf, f->wrap);
            break;
        case BACKUP_WORST_FAILS:
            wb_put_text(sh, col, "every point fails", f->inf);
            break;
        case BACKUP_WORST_NO_POINT:
            wb_put_text(sh, col, "no point in the year", f->inf);
            break;
        }
    }
}

/* A row of store i: the store, rule ru (NULL: the store has none), the simulated data
 * loss per scenario with its flag, and the store's note. */
static void stores_row(struct sheet *sh, const struct st_cols *C, int i,
                       const struct backup_rule *ru)
{
    const struct mc_results *r = sh->w->r;
    const struct fmts *f = &sh->w->f;
    const struct store *st = &sh->w->p->stores[i];
    char buf[1024];

    wb_put_text(sh, 0, st->name, f->bold);
    wb_put_text(sh, 1, st->kind, f->wrap);
    wb_put_num(sh, 2, st->size_bytes / 1e9, f->gb);
    wb_put_text(sh, 3, zone_text(st, buf, sizeof buf), f->wrap);
    wb_put_text(sh, 4, plan_recovery_name(st->recovery), NULL);
    wb_put_text(sh, 5, restore_text(st, buf, sizeof buf), f->wrap);
    wb_put_text(sh, 6, st->counts_for_rpo ? "yes" : "no", NULL);
    if (ru == NULL)
        wb_put_text(sh, 7, "(none)", NULL);
    else
        stores_rule(sh, C, i, ru);
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const struct mc_store_result *so = &sr->stores[i];
        lxw_col_t c = (lxw_col_t)(C->sim + 6 * s);
        if (sh->w->p->scenarios[sr->scenario].damage.present)
            wb_put_text(sh, c, so->damaged ? "yes: damaged" : "no: not damaged", NULL);
        else
            wb_put_text(sh, c, so->needs_restore ? "yes" : "no", NULL);
        wb_put_hours(sh, c + 1, so->rpo.p50_s);
        wb_put_hours(sh, c + 2, so->rpo.p95_s);
        wb_put_hours(sh, c + 3, so->rpo.max_s);
        wb_put_num(sh, c + 4, (double)so->n_no_point / (double)sr->n_trials, f->pct);
        if (so->n_no_point > 0)
            wb_put_text(sh, c + 5, "NO USABLE RECOVERY POINT", f->flag);
    }
    wb_put_text(sh, C->note, st->note, f->wrap);
    wb_next_row(sh);
}

void wb_stores_sheet(struct wb *w)
{
    const struct plan *p = w->p;
    struct st_cols C;
    struct sheet sh;

    C.worst = ST_N_FIXED;
    C.sim = (lxw_col_t)(C.worst + w->r->n_scenarios);
    C.note = (lxw_col_t)(C.sim + 6 * w->r->n_scenarios);
    if (wb_sheet_open_cols(w, &sh, "Data stores", (long)C.note + 1))
        return;
    sh.cap[1] = 22;
    sh.cap[3] = 24;
    sh.cap[5] = 30;
    sh.cap[8] = 22;
    sh.cap[12] = 22;
    sh.cap[13] = 20;
    sh.cap[C.note] = 40;
    for (int s = 0; s < w->r->n_scenarios; s++)
        sh.cap[C.worst + s] = 24;   /* "none retained at times: ..." wraps */
    stores_head(&sh, &C);
    for (int i = 0; i < p->n_stores; i++) {
        const struct store *st = &p->stores[i];
        if (st->n_rules == 0)
            stores_row(&sh, &C, i, NULL);
        for (size_t j = 0; j < st->n_rules; j++)
            stores_row(&sh, &C, i, &st->rules[j]);
    }
    wb_sheet_finish(&sh, 1, sh.row - 1, 1);
}

/* ---- Runbook ------------------------------------------------------------------------- */

/* The duration model of a step in words, for scope `scope`. */
static char *step_model_text(const struct plan *p, const struct scenario *sc,
                             const struct step *st, char *buf, size_t n)
{
    char a[200], b[200], c[48];
    const struct store *so = st->store >= 0 ? &p->stores[st->store] : NULL;
    /* A restore step's own rates replace the store's (step.restore_own). */
    const struct dist *tp = so && (st->restore_own & STEP_OWN_THROUGHPUT) ? &st->own->throughput
                            : so ? &so->throughput : NULL;
    const struct dist *ovh = so && (st->restore_own & STEP_OWN_OVERHEAD) ? &st->own->overhead
                             : so ? &so->overhead : NULL;
    int par = so && (st->restore_own & STEP_OWN_PARALLELISM) ? st->own->parallelism
              : so ? so->parallelism : 1;
    switch (st->kind) {
    case STEP_TASK:
    case STEP_RECREATE:
        dist_describe(&st->duration, wb_fmt_duration, buf, n);
        break;
    case STEP_PROMOTE:
        snprintf(buf, n, "promotion of %s's replica in %s: %s", so->name, so->replica.region,
                 dist_describe(&so->replica.promote, wb_fmt_duration, a, sizeof a));
        break;
    case STEP_FAILOVER:
        snprintf(buf, n, "failover of %s: %s", so->name,
                 dist_describe(&so->failover, wb_fmt_duration, a, sizeof a));
        break;
    case STEP_RESTORE:
        if (sc->damage.present && !plan_store_damaged(sc, st->store) &&
            !backup_store_needs_restore(so, sc->scope))
            snprintf(buf, n, "no time: %s is not damaged", so->name);
        else if (!sc->damage.present && !backup_store_needs_restore(so, sc->scope))
            snprintf(buf, n, "no time: a %s outage leaves %s intact", plan_scope_name(sc->scope),
                     so->name);
        else if (so->recovery == STORE_RECOVER_NONE || so->size_bytes <= 0)
            snprintf(buf, n, "overhead %s",
                     dist_describe(ovh, wb_fmt_duration, b, sizeof b));
        else
            snprintf(buf, n, "%s / (%d x throughput %s) + overhead %s%s",
                     units_format_size(so->size_bytes, c, sizeof c), par,
                     dist_describe(tp, wb_fmt_rate, a, sizeof a),
                     dist_describe(ovh, wb_fmt_duration, b, sizeof b),
                     sc->restore_region > 0 ? ", sharing the restore capacity" : "");
        break;
    }
    return buf;
}

static char *step_params_text(const struct plan *p, const struct step *st, char *buf, size_t n)
{
    char a[200], b[200];
    const struct store *so = st->store >= 0 ? &p->stores[st->store] : NULL;
    switch (st->kind) {
    case STEP_TASK:
    case STEP_RECREATE:
        return dist_params(&st->duration, "s", buf, n);
    case STEP_PROMOTE:
        return dist_params(&so->replica.promote, "s", buf, n);
    case STEP_FAILOVER:
        return dist_params(&so->failover, "s", buf, n);
    case STEP_RESTORE:
        snprintf(buf, n, "size = %.6g B; throughput: %s; overhead: %s", so->size_bytes,
                 dist_params(st->restore_own & STEP_OWN_THROUGHPUT ? &st->own->throughput
                                                                   : &so->throughput,
                             "B/s", a, sizeof a),
                 dist_params(st->restore_own & STEP_OWN_OVERHEAD ? &st->own->overhead : &so->overhead,
                             "s", b, sizeof b));
        break;
    }
    return buf;
}

/* The row of step i of result scenario sr: the step as the plan writes it, its duration
 * model in words and as simulated, and where the recovery time went. */
static void runbook_row(struct sheet *sh, const struct mc_scenario_result *sr, int i)
{
    const struct plan *p = sh->w->p;
    const struct fmts *f = &sh->w->f;
    const struct scenario *sc = &p->scenarios[sr->scenario];
    const struct step *st = &sc->steps[i];
    const struct mc_step_result *res = &sr->steps[i];
    char buf[1024], a[1024];
    size_t o = 0;

    wb_put_text(sh, 0, sc->name, NULL);
    wb_put_num(sh, 1, (double)(i + 1), f->count);
    wb_put_text(sh, 2, st->name, f->bold);
    wb_put_text(sh, 3, st->description, f->wrap);
    if (st->kind == STEP_TASK)
        wb_put_text(sh, 4, "task", NULL);
    else
        wb_put_textf(sh, 4, f->wrap, "%s %s",
                     st->kind == STEP_RESTORE    ? "restore"
                     : st->kind == STEP_FAILOVER ? "failover"
                     : st->kind == STEP_RECREATE ? "recreate"
                                                 : "promote",
                     p->stores[st->store].name);
    wb_put_text(sh, 5, st->n_needs ? plan_step_needs_text(p, st, buf, sizeof buf) : "", f->wrap);
    buf[0] = '\0';
    o = 0;
    for (int k = 0; k < st->n_after; k++)
        wb_appendf(buf, sizeof buf, &o, "%s%s", k ? ", " : "", sc->steps[st->after[k]].name);
    wb_put_text(sh, 6, buf, f->wrap);
    wb_put_text(sh, 7, st->restoration ? "restoration" : "recovery", NULL);
    snprintf(buf, sizeof buf, "%s%s%s%s", i == sc->service_step ? "restores service; " : "",
             i == sc->ponr_step ? "point of no return; " : "",
             i == sc->declare_step ? "declares the disaster; " : "",
             i == sc->full_step ? "full restoration; " : "");
    if (*buf)
        buf[strlen(buf) - 2] = '\0';
    wb_put_text(sh, 8, buf, f->wrap);
    wb_put_text(sh, 9, step_model_text(p, sc, st, a, sizeof a), f->wrap);
    wb_put_text(sh, 10, step_params_text(p, st, a, sizeof a), f->wrap);
    if (st->kind == STEP_TASK)
        wb_put_minutes(sh, 11, dist_mean(&st->duration));
    else if (st->kind == STEP_FAILOVER)
        wb_put_minutes(sh, 11, dist_mean(&p->stores[st->store].failover));
    wb_put_num(sh, 12, (double)res->n_ran / (double)sr->n_trials, f->pct);
    wb_put_num(sh, 13, res->path_share, f->pct);
    wb_put_minutes(sh, 14, res->mean_contribution_s);
    wb_put_minutes(sh, 15, res->mean_duration_s);
    wb_put_minutes(sh, 16, res->mean_staff_wait_s);
    /* The critical-path chart's bar (draw_critical_bars): share x mean time there. */
    char fm[WB_FORMULA], cN[16], cO[16];
    wb_ref(cN, sh->row, 13);
    wb_ref(cO, sh->row, 14);
    snprintf(fm, sizeof fm, "=IF(AND(ISNUMBER(%s),ISNUMBER(%s)),%s*%s,\"n/a\")", cN, cO, cN, cO);
    wb_put_formula_num(sh, 17, fm, res->n_on_path ? res->path_share * res->mean_contribution_s / 60.0
                                                  : 0.0, sh->w->f.minutes);
    wb_next_row(sh);
}

void wb_runbook_sheet(struct wb *w)
{
    const struct plan *p = w->p;
    const struct mc_results *r = w->r;
    const struct fmts *f = &w->f;
    static const char *const head[] = {
        "Scenario", "Order", "Step", "Description", "Kind", "Roles needed (one person each)",
        "Waits for", "Phase", "Marks", "Duration assumption", "Parameters as simulated",
        "Model mean (min)", "Started (share of trials)", "On the critical path (share of trials)",
        "Mean time contributed when on the path (min)", "Mean duration when started (min)",
        "Mean wait for people when started (min)", "Time added to the RTO per outage (min)"
    };
    struct sheet sh;
    lxw_row_t first;

    if (wb_sheet_open(w, &sh, "Runbook"))
        return;
    sh.cap[3] = 30;
    sh.cap[4] = 22;
    sh.cap[5] = 18;
    sh.cap[6] = 22;
    sh.cap[8] = 16;
    sh.cap[9] = 34;
    sh.cap[10] = 34;
    wb_put_note(&sh, f->title, "Runbooks: step assumptions and where the recovery time goes");
    wb_put_note(&sh, f->note,
                "A row per runbook step, in the order the steps can run (each after the steps "
                "it waits for). Durations from the plan's scenarios section; a restore step's "
                "from its store (size over parallel streams of drawn throughput, plus "
                "overhead).");
    wb_put_notef(&sh, f->note, "Simulated over %llu trials per scenario: the critical path is "
                 "the chain of steps and waits for people that ended when service was restored; a "
                 "step's contribution is its duration plus the wait for people charged to it. "
                 "Trials recovered by the outage ending have no critical path. Time added to "
                 "the RTO per outage = share on the path x mean time there (the critical-path "
                 "chart's bars, largest first: the main lever).",
                 (unsigned long long)r->n_trials);
    sh.head_row = sh.row;
    wb_put_header(&sh, head, 18);
    wb_next_row(&sh);
    first = sh.row;
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const struct scenario *sc = &p->scenarios[sr->scenario];
        for (int i = 0; i < sc->n_steps; i++)
            runbook_row(&sh, sr, i);
    }
    if (sh.row > first && wb_ok(w)) {
        lxw_conditional_format cf;
        memset(&cf, 0, sizeof cf);
        cf.type = LXW_CONDITIONAL_DATA_BAR;
        cf.bar_color = 0x9DC3E6;   /* a light blue: the share stays readable on it */
        cf.bar_solid = LXW_TRUE;
        cf.data_bar_2010 = LXW_TRUE;
        cf.min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
        cf.min_value = 0;
        cf.max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
        cf.max_value = 1;
        wb_check_sheet(&sh, "data bars",
                       worksheet_conditional_format_range(sh.ws, first, 13, sh.row - 1, 13, &cf));
    }
    wb_sheet_finish(&sh, 1, sh.row - 1, 3);
}
