/* reports/draw_pack_damage.c: the review pack's page on a logical-damage scenario.
 *
 * After a damage scenario's three pages (draw_pack.c), one page with what only logical
 * damage has, the same figures as the terminal, summary.json and the workbook's Logical
 * damage sheet (reports/damage.h):
 *
 *   - left, the findings: the finding that the BCP sets no objective for the scenario
 *     (there is then no verdict for it anywhere), the damaged window, the share of trials
 *     with no clean point at all, what the adversary deletes and which rules can survive
 *     it, and per damaged store the rules that supplied its clean point;
 *   - right, above, the median-RTO trial as a timeline: the last clean point, the onset,
 *     detection (the trial's clock origin) and service restored, with the data lost for
 *     good (onset minus the clean point), the damaged window (onset to detection: writes
 *     to re-enter or reconcile) and the recovery between them. The three spans differ by
 *     orders of magnitude (hours of recovery after weeks of dwell time), so each gets at
 *     least a fifth of the width and its length is written on it: the picture is not to
 *     scale, which the caption says;
 *   - right, below, the clean-point table: per damaged store and backup rule, whether the
 *     rule is immutable and the share of trials in which it supplied the clean point, and
 *     the share with none.
 */
#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>

#include "models/units.h"
#include "reports/damage.h"
#include "reports/draw_int.h"

#define DM_FINDINGS 12
#define DM_LEN 640
#define ROW_H 13.0

/* The data the typical trial lost for good: the largest loss over its damaged stores
 * (onset minus their clean point); INFINITY when one with data had no clean point, NAN
 * when no damaged store lost anything measurable. */
static double typical_loss(const struct plan *p, const struct scenario *sc,
                           const struct trial_result *tr)
{
    double worst = NAN;
    for (int s = 0; s < tr->n_stores && s < p->n_stores; s++) {
        if (!plan_store_damaged(sc, s))
            continue;
        double l = tr->store_loss_s[s];
        if (isnan(l))
            continue;
        if (isnan(worst) || l > worst)
            worst = l;
    }
    if (tr->no_clean)
        return INFINITY;
    return worst;
}

/* One span of the timeline bar from x0 to x1 at y (h high) in colour c, its length in
 * the bar and its meaning below. */
static void span(cairo_t *cr, double x0, double x1, double y, double h, struct rgb c,
                 const char *len, const char *what)
{
    cairo_rectangle(cr, x0, y, x1 - x0, h);
    draw_set_cola(cr, c, 0.85);
    cairo_fill(cr);
    draw_font(cr, 9, F_BOLD);
    draw_set_col(cr, C_INK);
    draw_fit_at(cr, (x0 + x1) / 2, y + h / 2, 0.5, 0.5, x1 - x0 - 6, len);
    draw_font(cr, 8, F_NORMAL);
    draw_set_col(cr, C_MUTED);
    draw_para(cr, x0 + 3, y + h + 6, x1 - x0 - 6, 10, y + h + 40, what, 1);
}

/* A marker (vertical line and its name above, in row 0 or 1) at x; ax aligns the name
 * (0: starting at x, 0.5: centred, 1: ending at x) so that the ends stay in the box. */
static void marker(cairo_t *cr, double x, double y0, double y1, const char *name, int row,
                   double ax)
{
    draw_vline(cr, x, y0, y1, C_INK, 1.2, 0);
    draw_font(cr, 8.5, F_BOLD);
    draw_set_col(cr, C_INK);
    draw_text_at(cr, x, y0 - 4 - 11 * row, ax, 1, name);
}

/* The median-RTO trial's timeline in box b. */
static void damage_timeline(cairo_t *cr, const struct mc_results *r, int s, const struct box *b)
{
    const struct plan *p = r->plan;
    const struct mc_scenario_result *sr = &r->scenarios[s];
    const struct scenario *sc = &p->scenarios[sr->scenario];
    const struct trial_result *tr = &sr->typical;
    char a[32], c[32], buf[1024], date[16];
    double dwell = isfinite(tr->damaged_s) ? tr->damaged_s : sr->damaged.p50_s;
    double loss = typical_loss(p, sc, tr);
    double rec = tr->service_s;

    draw_font(cr, 11, F_BOLD);
    draw_set_col(cr, C_INK);
    snprintf(buf, sizeof buf, "The median-RTO trial (%llu), on a time line",
             (unsigned long long)sr->median_rto_trial);
    draw_fit_at(cr, b->x, b->y + 8, 0, 0.5, b->w, buf);

    /* Three spans, each at least a fifth of the width; the rest shared by length. */
    double len[3] = {isfinite(loss) && loss > 0 ? loss : 0, dwell > 0 ? dwell : 0,
                     isfinite(rec) && rec > 0 ? rec : 0};
    double total = len[0] + len[1] + len[2], w = b->w - 20, x = b->x + 10, wid[3];
    for (int k = 0; k < 3; k++)
        wid[k] = w * (0.2 + 0.4 * (total > 0 ? len[k] / total : 1.0 / 3.0));
    double scale = w / (wid[0] + wid[1] + wid[2]);
    for (int k = 0; k < 3; k++)
        wid[k] *= scale;
    double bar_y = b->y + 62, bar_h = 22;
    double xs[4] = {x, x + wid[0], x + wid[0] + wid[1], x + w};

    if (isinf(loss))
        span(cr, xs[0], xs[1], bar_y, bar_h, C_BREACH, "no clean point",
             "no clean recovery point: the damaged data is lost for good");
    else if (isnan(loss))
        span(cr, xs[0], xs[1], bar_y, bar_h, C_NA, "-",
             "no damaged store had data to lose");
    else
        span(cr, xs[0], xs[1], bar_y, bar_h, C_BREACH, draw_dur(loss, a, sizeof a),
             "data lost for good: onset minus the newest clean point");
    span(cr, xs[1], xs[2], bar_y, bar_h, C_RISK, draw_dur(dwell, a, sizeof a),
         "damaged window: writes to re-enter or reconcile");
    span(cr, xs[2], xs[3], bar_y, bar_h, C_CURVE, draw_dur(rec, a, sizeof a),
         "recovery: detection to service restored");
    marker(cr, xs[0], bar_y - 2, bar_y + bar_h + 2,
           isinf(loss) ? "(no clean point)" : "last clean point", 0, 0);
    marker(cr, xs[1], bar_y - 2, bar_y + bar_h + 2, "onset", 1, 0.5);
    marker(cr, xs[2], bar_y - 2, bar_y + bar_h + 2, "detection", 0, 0.5);
    marker(cr, xs[3], bar_y - 2, bar_y + bar_h + 2, "service restored", 1, 1);

    /* The caption: when it happened, the clock, each damaged store's loss and the rule
     * behind it in this trial, and that the spans are not to scale. */
    long day = p->calendar.epoch_days + (long)floor(tr->start_abs_s / 86400.0);
    size_t o = (size_t)snprintf(buf, sizeof buf, "Detected on %s, %s after the onset; RTO %s "
                                "from the %s. Lost before the onset in this trial:",
                                units_format_date(day, date, sizeof date),
                                draw_dur(dwell, a, sizeof a), draw_dur(tr->rto_s, c, sizeof c),
                                damage_rto_clock_text(sc));
    int n = 0;
    for (int i = 0; i < tr->n_stores && i < p->n_stores && o < sizeof buf; i++) {
        const struct store *st = &p->stores[i];
        if (!plan_store_damaged(sc, i) || st->ephemeral || st->recovery == STORE_RECOVER_REBUILD)
            continue;
        int j = tr->clean_rule[i];
        if (j >= 0 && j < (int)st->n_rules && isfinite(tr->store_loss_s[i]))
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%s %s %s (%s)", n++ ? "," : "",
                                  st->name, draw_dur(tr->store_loss_s[i], a, sizeof a),
                                  st->rules[j].name);
        else
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%s %s all (no clean point)",
                                  n++ ? "," : "", st->name);
    }
    if (o < sizeof buf)
        snprintf(buf + o, sizeof buf - o, ". Spans not to scale: each is labelled with its "
                 "length.");
    draw_font(cr, 8.5, F_ITALIC);
    draw_set_col(cr, C_MUTED);
    draw_para(cr, b->x, bar_y + bar_h + 44, b->w, 11, b->y + b->h, buf, 1);
}

/* The clean-point table for many stores, from y in box b: a row per damaged store with
 * data, its rules that supplied a clean point with their shares (most often first; an
 * immutable rule marked *) and the share with none; stores that do not fit are counted
 * below. */
static void clean_table_compact(cairo_t *cr, const struct mc_results *r, int s,
                                const struct box *b, double y)
{
    const struct plan *p = r->plan;
    const struct mc_scenario_result *sr = &r->scenarios[s];
    const double cx[4] = {b->x, b->x + 0.2 * b->w, b->x + 0.86 * b->w, b->x + b->w};
    char buf[512], pc[16];
    int left = 0;
    draw_font(cr, 8.5, F_BOLD);
    draw_set_col(cr, C_MUTED);
    draw_text_at(cr, cx[0] + 2, y + ROW_H / 2, 0, 0.5, "store");
    draw_text_at(cr, cx[1] + 2, y + ROW_H / 2, 0, 0.5, "clean point from (* immutable)");
    draw_text_at(cr, cx[3] - 2, y + ROW_H / 2, 1, 0.5, "none");
    draw_hline(cr, cx[0], cx[3], y + ROW_H, C_GRID, 0.8, 0);
    y += ROW_H + 2;
    for (int i = 0; i < sr->n_stores && i < p->n_stores; i++) {
        const struct store *st = &p->stores[i];
        const struct mc_store_result *res = &sr->stores[i];
        if (!res->damaged)
            continue;
        if (y + 2 * ROW_H > b->y + b->h) {
            left++;
            continue;
        }
        size_t o = 0;
        buf[0] = '\0';
        if (st->ephemeral || st->recovery == STORE_RECOVER_REBUILD || !res->clean_rule_n) {
            snprintf(buf, sizeof buf, "%s", st->ephemeral ? "ephemeral: no data to lose"
                                            : st->recovery == STORE_RECOVER_REBUILD
                                                ? "rebuilt from other stores"
                                                : "no per-rule counts");
        } else {
            /* The rules by share, largest first (selection: a store has few rules). */
            int done[64] = {0};
            for (int k = 0; k < (int)st->n_rules && k < 64 && o < sizeof buf; k++) {
                int best = -1;
                for (int j = 0; j < (int)st->n_rules && j < 64; j++)
                    if (!done[j] && res->clean_rule_n[j] > 0 &&
                        (best < 0 || res->clean_rule_n[j] > res->clean_rule_n[best]))
                        best = j;
                if (best < 0)
                    break;
                done[best] = 1;
                o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s%s %.1f%%", o ? ", " : "",
                                      st->rules[best].name, st->rules[best].immutable ? "*" : "",
                                      100.0 * damage_rule_share(sr, i, best));
            }
            if (o == 0)
                snprintf(buf, sizeof buf, "no rule in any trial");
        }
        draw_font(cr, 8.5, F_BOLD);
        draw_set_col(cr, C_INK);
        draw_fit_at(cr, cx[0] + 2, y + ROW_H / 2, 0, 0.5, cx[1] - cx[0] - 4, st->name);
        draw_font(cr, 8.5, F_NORMAL);
        draw_fit_at(cr, cx[1] + 2, y + ROW_H / 2, 0, 0.5, cx[2] - cx[1] - 4, buf);
        if (!(st->ephemeral || st->recovery == STORE_RECOVER_REBUILD || !res->clean_rule_n)) {
            uint64_t none = damage_store_no_clean(p, sr, i);
            draw_font(cr, 8.5, none ? F_BOLD : F_NORMAL);
            draw_set_col(cr, none ? C_BREACH : C_INK);
            snprintf(pc, sizeof pc, "%.1f%%", 100.0 * draw_share(none, sr->n_trials));
            draw_text_at(cr, cx[3] - 2, y + ROW_H / 2, 1, 0.5, pc);
        }
        y += ROW_H;
    }
    if (left > 0) {
        draw_font(cr, 8.5, F_ITALIC);
        draw_set_col(cr, C_MUTED);
        snprintf(buf, sizeof buf, "%d more store%s: the workbook's Clean points sheet", left,
                 left == 1 ? "" : "s");
        draw_text_at(cr, cx[0], y + ROW_H / 2, 0, 0.5, buf);
    }
}

/* The clean-point table in box b: per damaged store and rule, immutable or not and the
 * share of trials in which it supplied the clean point, then the share with none. */
static void clean_table(cairo_t *cr, const struct mc_results *r, int s, const struct box *b)
{
    const struct plan *p = r->plan;
    const struct mc_scenario_result *sr = &r->scenarios[s];
    static const char *const head[5] = {"store", "backup rule", "kind", "immutable",
                                        "clean point from it"};
    const double frac[5] = {0.26, 0.26, 0.16, 0.12, 0.20};
    double cx[6];
    char buf[64];
    cx[0] = b->x;
    for (int k = 0; k < 5; k++)
        cx[k + 1] = cx[k] + frac[k] * b->w;
    double y = b->y;
    draw_font(cr, 11, F_BOLD);
    draw_set_col(cr, C_INK);
    draw_text_at(cr, b->x, y + 6, 0, 0.5, "Where the clean points came from (share of trials)");
    y += 18;
    /* A row per rule when they fit, else a row per store (the workbook has every rule). */
    int need = 0;
    for (int i = 0; i < sr->n_stores && i < p->n_stores; i++)
        if (sr->stores[i].damaged)
            need += sr->stores[i].clean_rule_n && !p->stores[i].ephemeral &&
                            p->stores[i].recovery != STORE_RECOVER_REBUILD
                        ? (int)p->stores[i].n_rules + 1
                        : 1;
    if ((need + 1) * ROW_H + 2 * need / 4 > b->y + b->h - y) {
        clean_table_compact(cr, r, s, b, y);
        return;
    }
    draw_font(cr, 8.5, F_BOLD);
    draw_set_col(cr, C_MUTED);
    for (int k = 0; k < 5; k++)
        draw_fit_at(cr, k < 4 ? cx[k] + 2 : cx[k + 1] - 2, y + ROW_H / 2, k < 4 ? 0 : 1, 0.5,
                    cx[k + 1] - cx[k] - 4, head[k]);
    draw_hline(cr, cx[0], cx[5], y + ROW_H, C_GRID, 0.8, 0);
    y += ROW_H + 2;
    for (int i = 0; i < sr->n_stores && i < p->n_stores; i++) {
        const struct store *st = &p->stores[i];
        const struct mc_store_result *res = &sr->stores[i];
        if (!res->damaged)
            continue;
        int rows = res->clean_rule_n && !st->ephemeral && st->recovery != STORE_RECOVER_REBUILD
                       ? (int)st->n_rules + 1
                       : 1;
        for (int j = 0; j < rows; j++) {
            if (y + ROW_H > b->y + b->h) {
                draw_font(cr, 8.5, F_ITALIC);
                draw_set_col(cr, C_MUTED);
                draw_text_at(cr, cx[0], y + ROW_H / 2, 0, 0.5,
                             "more rows: the workbook's Clean points sheet");
                return;
            }
            const struct backup_rule *ru = j < (int)st->n_rules && rows > 1 ? &st->rules[j] : NULL;
            draw_font(cr, 8.5, j == 0 ? F_BOLD : F_NORMAL);
            draw_set_col(cr, C_INK);
            if (j == 0)
                draw_fit_at(cr, cx[0] + 2, y + ROW_H / 2, 0, 0.5, cx[1] - cx[0] - 4, st->name);
            draw_font(cr, 8.5, F_NORMAL);
            if (rows == 1) {
                draw_fit_at(cr, cx[1] + 2, y + ROW_H / 2, 0, 0.5, cx[5] - cx[1] - 4,
                            st->ephemeral ? "ephemeral: no data to lose"
                            : st->recovery == STORE_RECOVER_REBUILD ? "rebuilt from other stores"
                                                                    : "no per-rule counts");
            } else if (ru) {
                draw_fit_at(cr, cx[1] + 2, y + ROW_H / 2, 0, 0.5, cx[2] - cx[1] - 4, ru->name);
                draw_fit_at(cr, cx[2] + 2, y + ROW_H / 2, 0, 0.5, cx[3] - cx[2] - 4,
                            ru->schedule.kind == SCHED_CONTINUOUS ? "continuous" : "scheduled");
                draw_text_at(cr, cx[3] + 2, y + ROW_H / 2, 0, 0.5, ru->immutable ? "yes" : "no");
                snprintf(buf, sizeof buf, "%.1f%%", 100.0 * damage_rule_share(sr, i, j));
                draw_text_at(cr, cx[5] - 2, y + ROW_H / 2, 1, 0.5, buf);
            } else {
                uint64_t none = damage_store_no_clean(p, sr, i);
                draw_font(cr, 8.5, F_ITALIC);
                draw_fit_at(cr, cx[1] + 2, y + ROW_H / 2, 0, 0.5, cx[3] - cx[1] - 4,
                            "no clean point: lost for good");
                draw_font(cr, 8.5, none ? F_BOLD : F_NORMAL);
                draw_set_col(cr, none ? C_BREACH : C_INK);
                snprintf(buf, sizeof buf, "%.1f%%", 100.0 * draw_share(none, sr->n_trials));
                draw_text_at(cr, cx[5] - 2, y + ROW_H / 2, 1, 0.5, buf);
            }
            y += ROW_H;
        }
        draw_hline(cr, cx[0], cx[5], y, C_GRID, 0.6, 0);
        y += 2;
    }
}

void draw_pack_damage(cairo_t *cr, struct pack *pk, int s, int parent)
{
    const struct mc_results *r = pk->r;
    const struct plan *p = r->plan;
    const struct mc_scenario_result *sr = &r->scenarios[s];
    const struct scenario *sc = &p->scenarios[sr->scenario];
    char title[512], sub[512], kind[64], a[32], b[32];
    char fnd[DM_FINDINGS][DM_LEN];
    if (!sc->damage.present)
        return;
    draw_outline(pk, parent, "Logical damage: clean points");
    snprintf(title, sizeof title, "Scenario %s: logical damage", sc->name);
    if (sc->has_policy)
        snprintf(sub, sizeof sub,
                 "onset, detection and clean points" MIDDOT "%s, %.3g a year" MIDDOT
                 "policy: RTO %s, RPO %s",
                 damage_kind_text(sc, kind, sizeof kind), sc->per_year,
                 draw_dur(sc->rto_target_s, a, sizeof a), draw_dur(sc->rpo_target_s, b, sizeof b));
    else
        snprintf(sub, sizeof sub,
                 "onset, detection and clean points" MIDDOT "%s, %.3g a year" MIDDOT
                 "no objective in the BCP: no verdict",
                 damage_kind_text(sc, kind, sizeof kind), sc->per_year);
    double y = draw_page_header(cr, title, sub, 0);

    /* Left: the findings. */
    const double colw = 360;
    draw_font(cr, 12.5, F_BOLD);
    draw_set_col(cr, C_INK);
    draw_text_at(cr, MARGIN, y + 4, 0, 0, "Findings");
    double fy = y + 24;
    int k = 0;
    if (damage_no_objective_finding(sc, fnd[0], DM_LEN))
        k = 1;
    int lead = k;
    k += damage_findings(p, sr, fnd[k], DM_LEN, DM_FINDINGS - k);
    for (int i = 0; i < k && fy < FOOT_Y - 30; i++) {
        draw_set_col(cr, i < lead ? C_BREACH : C_MUTED);
        cairo_rectangle(cr, MARGIN, fy + 3, 4, 8);
        cairo_fill(cr);
        draw_font(cr, 9.5, i < lead ? F_BOLD : F_NORMAL);
        draw_set_col(cr, C_INK);
        fy = draw_para(cr, MARGIN + 10, fy, colw - 10, 12.4, FOOT_Y - 14, fnd[i], 1) + 5;
    }

    /* Right: the timeline above, the clean-point table below. */
    double rx = MARGIN + colw + 24, rw = PAGE_W - MARGIN - rx;
    struct box tb = {rx, y, rw, 170};
    struct box cb = {rx, y + 180, rw, FOOT_Y - 14 - (y + 180)};
    damage_timeline(cr, r, s, &tb);
    clean_table(cr, r, s, &cb);
    draw_page_end(cr, pk);
}
