/* reports/sweep_report.c: terminal tables, sentences and JSON for sweeps and
 * sensitivity analyses (see sweep_report.h).
 *
 * JSON goes through models/jsonio.h, as summary.json does: the same escaping, 17
 * significant digits, null for what JSON cannot hold, atomic files.
 */
#include "reports/sweep_report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/text.h"
#include "models/units.h"
#include "reports/json.h"
#include "models/jsonio.h"
#include "reports/term.h"

/* ---- small formatters ---------------------------------------------------------------- */

/* "$12,345" (whole dollars from $100 on, cents below); sign "+"/"-" when `sign`. */
static const char *money(double usd, int sign, char *buf, size_t n)
{
    char digits[64], grouped[96];
    double a = fabs(usd);
    size_t o = 0, len;
    if (!isfinite(usd)) {
        snprintf(buf, n, "-");
        return buf;
    }
    if (a < 100.0) {
        snprintf(buf, n, "%s$%.2f", usd < 0 ? "-" : sign ? "+" : "", a);
        return buf;
    }
    snprintf(digits, sizeof digits, "%.0f", a);
    len = strlen(digits);
    for (size_t i = 0; i < len && o + 2 < sizeof grouped; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            grouped[o++] = ',';
        grouped[o++] = digits[i];
    }
    grouped[o] = '\0';
    snprintf(buf, n, "%s$%s", usd < 0 ? "-" : sign ? "+" : "", grouped);
    return buf;
}

static const char *pct(double p, char *buf, size_t n)
{
    snprintf(buf, n, "%.1f%%", 100.0 * p);
    return buf;
}

static const char *ci(const struct mc_objective *ob, char *buf, size_t n)
{
    snprintf(buf, n, "%.1f-%.1f%%", 100.0 * ob->ci_lo, 100.0 * ob->ci_hi);
    return buf;
}

static const char *obj_name(enum sweep_objective o)
{
    return o == SWEEP_RTO ? "RTO" : "RPO";
}

/* An input's value in its unit: a duration, a rate, or a probability. */
static const char *factor_value(const char *unit, double v, char *buf, size_t n)
{
    char b[48];
    if (strcmp(unit, "probability") == 0)
        snprintf(buf, n, "%.3g%%", 100.0 * v);
    else if (strcmp(unit, "rate") == 0)
        snprintf(buf, n, "%s/s", units_format_size(v, b, sizeof b));
    else
        term_duration(v, buf, n);
    return buf;
}

/* PATH of an axis, as given. */
static const char *axis_path(const struct vary_axis *ax, char *buf, size_t n)
{
    snprintf(buf, n, "%.*s", (int)ax->path_len, ax->arg);
    return buf;
}

char *sweep_report_point_label(const struct sweep_results *r, const struct sweep_point *pt,
                               char *buf, size_t n)
{
    size_t o = 0;
    buf[0] = '\0';
    for (int a = 0; a < r->n_axes; a++) {
        const struct vary_axis *ax = &r->axes[a];
        const char *v = pt->value[a] < 0 ? ax->plan_value : ax->values[pt->value[a]];
        int w = snprintf(buf + o, n - o, "%s%s", a ? "; " : "", v);
        if (w < 0 || (size_t)w >= n - o)
            break;
        o += (size_t)w;
    }
    return buf;
}

/* "PATH = V instead of PV" for every axis whose value is not the plan's, joined with
 * " and ". */
static size_t change_text(const struct sweep_results *r, const struct sweep_point *pt, char *buf,
                          size_t n)
{
    size_t o = 0;
    char path[256];
    buf[0] = '\0';
    for (int a = 0; a < r->n_axes; a++) {
        const struct vary_axis *ax = &r->axes[a];
        if (pt->value[a] < 0 || pt->value[a] == ax->plan_index)
            continue;
        int w = snprintf(buf + o, n - o, "%s%s = %s instead of %s", o ? " and " : "",
                         axis_path(ax, path, sizeof path), ax->values[pt->value[a]],
                         ax->plan_value);
        if (w < 0 || (size_t)w >= n - o)
            break;
        o += (size_t)w;
    }
    return o;
}

/* "PATH" of a one-axis sweep, "PATH0 and PATH1" of a grid. */
static const char *axes_text(const struct sweep_results *r, char *buf, size_t n)
{
    char a[256], b[256];
    if (r->n_axes == 1)
        snprintf(buf, n, "%s", axis_path(&r->axes[0], a, sizeof a));
    else
        snprintf(buf, n, "%s and %s", axis_path(&r->axes[0], a, sizeof a),
                 axis_path(&r->axes[1], b, sizeof b));
    return buf;
}

/* ", for +$X a month" / ", saving $X a month" / ", at no extra cost" / "". */
static const char *cost_clause(const struct sweep_point *pt, const struct sweep_point *base,
                               char *buf, size_t n)
{
    char m[128];
    buf[0] = '\0';
    if (!pt->has_cost || !base->has_cost)
        return buf;
    double d = pt->cost.total_usd - base->cost.total_usd;
    if (fabs(d) < 0.005)
        snprintf(buf, n, ", at no extra cost");
    else if (d > 0)
        snprintf(buf, n, ", for %s a month", money(d, 1, m, sizeof m));
    else
        snprintf(buf, n, ", saving %s a month", money(-d, 0, m, sizeof m));
    return buf;
}

char *sweep_report_rec_text(const struct sweep_results *r, const struct sweep_rec *rec,
                            char *buf, size_t n)
{
    const struct sweep_point *pt = &r->points[rec->point];
    const struct scenario *sc = &r->plan->scenarios[rec->scenario];
    const struct mc_objective *ob = sweep_objective_of(&pt->sc[rec->scenario], rec->objective);
    const struct mc_objective *bo = sweep_objective_of(&r->base.sc[rec->scenario], rec->objective);
    char t[32], p1[16], c1[32], p0[16], cc[96], lab[512], path[600];
    size_t o;

    if (rec->unaffected) {
        snprintf(buf, n,
                 "the %s %s target (%s) does not depend on %s: %s of outages meet it at every "
                 "value tried (95%% CI %s; %.0f%% required)",
                 sc->name, obj_name(rec->objective), term_duration(ob->target_s, t, sizeof t),
                 axes_text(r, path, sizeof path), pct(ob->p_met, p1, sizeof p1),
                 ci(ob, c1, sizeof c1), 100.0 * ob->confidence);
        return buf;
    }
    if (rec->meets) {
        o = change_text(r, pt, buf, n);
        snprintf(buf + o, n - o,
                 " meets the %s %s target (%s) in %s of outages (95%% CI %s; the plan: %s)%s",
                 sc->name, obj_name(rec->objective), term_duration(ob->target_s, t, sizeof t),
                 pct(ob->p_met, p1, sizeof p1), ci(ob, c1, sizeof c1),
                 pct(bo->p_met, p0, sizeof p0), cost_clause(pt, &r->base, cc, sizeof cc));
        return buf;
    }
    snprintf(buf, n,
             "no %s of %s tried meets the %s %s target (%s) at %.0f%% confidence; the best, "
             "%s, meets it in %s of outages (95%% CI %s; the plan: %s)",
             r->n_axes == 1 ? "value" : "combination", axes_text(r, path, sizeof path), sc->name,
             obj_name(rec->objective), term_duration(ob->target_s, t, sizeof t),
             100.0 * ob->confidence, sweep_report_point_label(r, pt, lab, sizeof lab),
             pct(ob->p_met, p1, sizeof p1), ci(ob, c1, sizeof c1), pct(bo->p_met, p0, sizeof p0));
    return buf;
}

char *sweep_report_cheapest_text(const struct sweep_results *r, char *buf, size_t n)
{
    char lab[512], m1[128], m2[128];
    buf[0] = '\0';
    if (r->n_points == 0)
        return buf;
    int any_policy = 0;
    for (int s = 0; s < r->plan->n_scenarios; s++)
        any_policy |= r->plan->scenarios[s].has_policy;
    if (!any_policy) {
        snprintf(buf, n, "the plan states no RPO/RTO objectives: no value can be said to meet "
                         "them");
        return buf;
    }
    if (r->n_meeting == 0) {
        snprintf(buf, n, "no value tried meets every objective at %.0f%% confidence",
                 100.0 * r->plan->confidence);
        return buf;
    }
    if (r->cheapest < 0) {
        snprintf(buf, n,
                 "%d of %d values meet every objective at %.0f%% confidence (add a costs: "
                 "section to the plan to rank them by cost)",
                 r->n_meeting, r->n_points, 100.0 * r->plan->confidence);
        return buf;
    }
    const struct sweep_point *pt = &r->points[r->cheapest];
    snprintf(buf, n,
             "%d of %d values meet every objective at %.0f%% confidence; the cheapest is %s at "
             "%s a month (%s against the plan)",
             r->n_meeting, r->n_points, 100.0 * r->plan->confidence,
             sweep_report_point_label(r, pt, lab, sizeof lab),
             money(pt->cost.total_usd, 0, m1, sizeof m1),
             money(pt->cost.total_usd - r->base.cost.total_usd, 1, m2, sizeof m2));
    return buf;
}

char *sweep_report_knee_text(const struct sweep_results *r, char *buf, size_t n)
{
    buf[0] = '\0';
    if (r->knee.point < 0)
        return buf;
    const struct vary_axis *ax = &r->axes[0];
    int s = r->knee.scenario, lo = r->knee.lo_point, hi = r->knee.hi_point;
    const struct mc_objective *k = sweep_objective_of(&r->points[r->knee.point].sc[s],
                                                      r->knee.objective);
    const struct mc_objective *a = sweep_objective_of(&r->points[lo].sc[s], r->knee.objective);
    const struct mc_objective *b = sweep_objective_of(&r->points[hi].sc[s], r->knee.objective);
    char t[32], p1[16], p2[16], p3[16];
    snprintf(buf, n,
             "the knee of the %s %s curve (probability of meeting %s) is at %s: %s of outages "
             "meet it there, against %s at %s and %s at %s",
             r->plan->scenarios[s].name, obj_name(r->knee.objective),
             term_duration(k->target_s, t, sizeof t), ax->values[r->knee.point],
             pct(k->p_met, p1, sizeof p1), pct(a->p_met, p2, sizeof p2), ax->values[lo],
             pct(b->p_met, p3, sizeof p3), ax->values[hi]);
    return buf;
}

/* ---- terminal: sweep ------------------------------------------------------------------- */

/* The cells of one objective: P95, P(meet), interval, verdict (padded unless last). */
static void print_obj_cells(FILE *out, const struct mc_percentiles *pc,
                            const struct mc_objective *ob, int color, int last)
{
    char b[32], p[16], c[32];
    fprintf(out, "  %8s", term_duration(pc->p95_s, b, sizeof b));
    if (!ob->has_target) {
        fprintf(out, "  %7s  %-12s  %s", "-", "-", last ? "-" : "-       ");
        return;
    }
    const char *v = mc_verdict_name(ob->verdict);
    fprintf(out, "  %7s  %-12s  %s%s%s", pct(ob->p_met, p, sizeof p), ci(ob, c, sizeof c),
            color ? term_verdict_color(ob->verdict) : "", v, color ? TERM_RESET : "");
    if (!last)
        fprintf(out, "%*s", (int)(8 - strlen(v)), "");
}

static void print_header(FILE *out, int width, const char *label, int show_cost)
{
    fprintf(out, "  %-*s  ", width, label);
    for (int o = 0; o < 2; o++)
        fprintf(out, "  %8s  %7s  %-12s  %s ", o ? "RPO P95" : "RTO P95", "P(meet)", "95% CI",
                "verdict");
    fprintf(out, "  %10s", "fails over");
    if (show_cost)
        fprintf(out, "  %10s", "cost/month");
    fputc('\n', out);
}

/* "NAME (PATH, sha256 HEX)" and a newline, the plan's text escaped (models/text.h). */
static void print_plan_id(FILE *out, const struct plan *p, const char *hex)
{
    term_put(out, p->name ? p->name : "(unnamed)");
    fputs(" (", out);
    term_put(out, p->path);
    fprintf(out, ", sha256 %.12s)\n", hex);
}

static void print_row(FILE *out, const struct sweep_results *r, const struct sweep_point *pt,
                      int s, int width, int is_plan, int show_cost, int color)
{
    char lab[512], m[128];
    sweep_report_point_label(r, pt, lab, sizeof lab);
    char safe[512];
    text_escape(lab, safe, sizeof safe); /* values as written in the plan */
    fprintf(out, "  %-*.*s %s", width, width, safe, is_plan ? "*" : " ");
    print_obj_cells(out, &pt->sc[s].rto, &pt->sc[s].rto_obj, color, 0);
    print_obj_cells(out, &pt->sc[s].rpo, &pt->sc[s].rpo_obj, color, 0);
    /* How often this configuration fails over (the rest recover in place); logical damage
     * that destroys nothing has nothing to fail over from. */
    const struct scenario *sc = &r->plan->scenarios[s];
    fprintf(out, "  %10s", sc->damage.present && sc->scope == OUTAGE_NONE
                               ? "-"
                               : pct(pt->sc[s].outcomes[MC_OUTCOME_FAILED_OVER].share, m,
                                     sizeof m));
    if (show_cost)
        fprintf(out, "  %10s", pt->has_cost ? money(pt->cost.total_usd, 0, m, sizeof m) : "-");
    fputc('\n', out);
}

static void print_axis(FILE *out, const struct sweep_results *r, const struct vary_axis *ax)
{
    char path[256];
    fputs("varying ", out);
    term_put(out, axis_path(ax, path, sizeof path));
    fprintf(out, " (%s): %d value%s; the plan has ", ax->unit, ax->n_values,
            ax->n_values == 1 ? "" : "s");
    term_put(out, ax->plan_value);
    fputc('\n', out);
    if (ax->n_paths > 1)
    {
        fprintf(out, "  it sets %d values written in %d place%s: ", ax->n_paths, ax->n_sites,
                ax->n_sites == 1 ? "" : "s");
        term_put(out, ax->paths[0]);
        fputs(ax->n_paths > 1 ? ", ...\n" : "\n", out);
    }
    if (ax->n_shared > 0) {
        fprintf(out,
                "  note: the value at line %d is written once and shared through a YAML alias, so "
                "it also sets ",
                ax->sites[0].line);
        term_put(out, ax->shared[0]);
        for (int i = 1; i < ax->n_shared && i < 3; i++) {
            fputs(i + 1 == ax->n_shared ? " and " : ", ", out);
            term_put(out, ax->shared[i]);
        }
        if (ax->n_shared > 3)
            fprintf(out, " and %d more", ax->n_shared - 3);
        fputs("\n        (to vary one store alone, give it its own copy of the value)\n", out);
    }
    (void)r;
}

void sweep_report_print(FILE *out, const struct sweep_results *r,
                        const struct sweep_report_options *o)
{
    const struct plan *p = r->plan;
    char hex[65], lab[512], b[512];
    int width = 8, show_cost = r->base.has_cost;

    plan_sha256_hex(p, hex);
    fprintf(out, "drsim %s: sweep of plan ", o->version);
    print_plan_id(out, p, hex);
    int runs = r->n_points + (r->base_point < 0);
    fprintf(out, "%llu trials per scenario and point, seed %llu, %d thread%s; %d run%s in %.1f s\n",
            (unsigned long long)r->n_trials, (unsigned long long)r->seed, r->threads,
            r->threads == 1 ? "" : "s", runs, runs == 1 ? "" : "s", r->elapsed_s);
    for (int a = 0; a < r->n_axes; a++)
        print_axis(out, r, &r->axes[a]);
    for (int i = 0; i < r->n_points; i++) {
        int w = (int)strlen(sweep_report_point_label(r, &r->points[i], lab, sizeof lab));
        width = w > width ? w : width;
    }
    width = (int)strlen(sweep_report_point_label(r, &r->base, lab, sizeof lab)) > width
                ? (int)strlen(lab)
                : width;
    if (width > 40)
        width = 40;

    for (int s = 0; s < r->n_scenarios; s++) {
        const struct scenario *sc = &p->scenarios[s];
        char t1[32], t2[32];
        fprintf(out, "\n%s", o->color ? TERM_BOLD : "");
        term_put(out, sc->name);
        fputs(o->color ? TERM_RESET : "", out);
        if (sc->has_policy)
            fprintf(out, "  (targets: RTO %s, RPO %s; required confidence %.0f%%)\n",
                    term_duration(sc->rto_target_s, t1, sizeof t1),
                    term_duration(sc->rpo_target_s, t2, sizeof t2), 100.0 * p->confidence);
        else if (sc->damage.present)
            fputs("  (logical damage; the BCP sets no recovery objective: no verdict)\n", out);
        else
            fputs("  (no objectives)\n", out);
        print_header(out, width, r->n_axes == 1 ? "value" : "values", show_cost);
        if (r->base_point < 0)
            print_row(out, r, &r->base, s, width, 1, show_cost, o->color);
        for (int i = 0; i < r->n_points; i++)
            print_row(out, r, &r->points[i], s, width, i == r->base_point, show_cost, o->color);
    }
    fputs("  * the plan as written\n", out);

    fprintf(out, "\nfindings\n");
    fprintf(out, "  %s\n", sweep_report_cheapest_text(r, b, sizeof b));
    if (*sweep_report_knee_text(r, b, sizeof b))
        fprintf(out, "  %s\n", b);
    for (int i = 0; i < r->n_recs; i++)
        fprintf(out, "  - %s\n", sweep_report_rec_text(r, &r->recs[i], b, sizeof b));
    if (r->n_recs == 0 && r->base.meets_policy)
        fprintf(out, "  the plan as written already meets every objective\n");
}

/* ---- terminal: sensitivity --------------------------------------------------------------- */

/* One line per objective the input moved: P95 low .. high, P(meet) low .. high. */
static void print_effects(FILE *out, const struct sensitivity_results *r,
                          const struct sensitivity_factor *sf)
{
    int shown = 0;
    for (int s = 0; s < r->n_scenarios; s++) {
        for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
            const struct mc_percentiles *lo = o == SWEEP_RTO ? &sf->lo[s].rto : &sf->lo[s].rpo;
            const struct mc_percentiles *hi = o == SWEEP_RTO ? &sf->hi[s].rto : &sf->hi[s].rpo;
            const struct mc_objective *ol = sweep_objective_of(&sf->lo[s], (enum sweep_objective)o);
            const struct mc_objective *oh = sweep_objective_of(&sf->hi[s], (enum sweep_objective)o);
            char a[32], b[32], c[16], d[16], t[32];
            int moved_p = ol->has_target && oh->n_met != ol->n_met;
            if (lo->p95_s == hi->p95_s && !moved_p)
                continue;
            fputs("        ", out);
            term_put(out, r->plan->scenarios[s].name);
            fprintf(out, " %s: P95 %s .. %s",
                    obj_name((enum sweep_objective)o), term_duration(lo->p95_s, a, sizeof a),
                    term_duration(hi->p95_s, b, sizeof b));
            if (ol->has_target)
                fprintf(out, ", P(meet %s) %s .. %s", term_duration(ol->target_s, t, sizeof t),
                        pct(ol->p_met, c, sizeof c), pct(oh->p_met, d, sizeof d));
            fputc('\n', out);
            shown++;
        }
    }
    if (!shown)
        fputs("        no effect on any scenario's P95 or probability of meeting a target\n", out);
}

void sweep_report_print_sensitivity(FILE *out, const struct sensitivity_results *r,
                                    const struct sweep_report_options *o)
{
    const struct plan *p = r->plan;
    char hex[65];
    int n = o->top > 0 && o->top < r->n_factors ? o->top : r->n_factors;

    plan_sha256_hex(p, hex);
    fprintf(out, "drsim %s: sensitivity of plan ", o->version);
    print_plan_id(out, p, hex);
    fprintf(out, "%llu trials per scenario and run, seed %llu, %d thread%s; %d runs in %.1f s\n",
            (unsigned long long)r->n_trials, (unsigned long long)r->seed, r->threads,
            r->threads == 1 ? "" : "s", r->n_runs, r->elapsed_s);
    if (r->spread > 0)
        fprintf(out, "each of %d inputs scaled by -%.0f%% and +%.0f%%", r->n_factors,
                100.0 * r->spread, 100.0 * r->spread);
    else
        fprintf(out,
                "each of %d inputs moved so its median sits at its own P10 and P90 (failure "
                "probabilities halved and doubled)",
                r->n_factors);
    if (r->n_fixed)
        fprintf(out, "; %d fixed value%s not varied (--spread includes them)", r->n_fixed,
                r->n_fixed == 1 ? "" : "s");
    if (r->n_zero)
        fprintf(out, "; %d zero or infinite value%s not varied", r->n_zero,
                r->n_zero == 1 ? "" : "s");
    fputs("\n\nbase (the plan as written):", out);
    for (int s = 0; s < r->n_scenarios; s++) {
        char a[32], b[32], c[16], d[16];
        fputs(s ? "; " : " ", out);
        term_put(out, p->scenarios[s].name);
        fprintf(out, " RTO P95 %s",
                term_duration(r->base[s].rto.p95_s, a, sizeof a));
        if (r->base[s].rto_obj.has_target)
            fprintf(out, " (meets %s)", pct(r->base[s].rto_obj.p_met, c, sizeof c));
        fprintf(out, ", RPO P95 %s", term_duration(r->base[s].rpo.p95_s, b, sizeof b));
        if (r->base[s].rpo_obj.has_target)
            fprintf(out, " (meets %s)", pct(r->base[s].rpo_obj.p_met, d, sizeof d));
    }
    fputs("\n\n", out);
    fprintf(out, "rank  input (low .. high; as written)\n");
    for (int i = 0; i < n; i++) {
        const struct sensitivity_factor *sf = &r->factors[i];
        char a[48], b[48], c[48];
        fprintf(out, "%4d  %s", i + 1, o->color ? TERM_BOLD : "");
        term_put(out, sf->f.path);
        fputs(o->color ? TERM_RESET : "", out);
        if (sf->f.n_uses > 1)
            fprintf(out, " (used in %d places)", sf->f.n_uses);
        fprintf(out, "  %s%s .. %s; %s\n", sf->f.kind == FACTOR_DIST ? "median " : "",
                factor_value(sf->f.unit, sf->typical_lo, a, sizeof a),
                factor_value(sf->f.unit, sf->typical_hi, b, sizeof b),
                factor_value(sf->f.unit, sf->typical, c, sizeof c));
        print_effects(out, r, sf);
    }
    if (n < r->n_factors)
        fprintf(out, "  (%d more inputs in sensitivity.json; --top 0 prints all)\n",
                r->n_factors - n);
}

/* ---- JSON ------------------------------------------------------------------------------ */

static void write_summaries(struct jsonio_writer *w, const char *key, const struct plan *p,
                            const struct sweep_summary *sums, int n)
{
    jsonio_array(w, key);
    for (int s = 0; s < n; s++) {
        const struct sweep_summary *su = &sums[s];
        jsonio_object(w, NULL);
        jsonio_text(w, "name", p->scenarios[s].name);
        json_write_percentiles(w, "rto", &su->rto, JSON_BRIEF);
        json_write_percentiles(w, "rpo", &su->rpo, JSON_BRIEF);
        json_write_objective(w, "rto_objective", &su->rto_obj, JSON_BRIEF);
        json_write_objective(w, "rpo_objective", &su->rpo_obj, JSON_BRIEF);
        json_write_outcomes(w, su->outcomes, su->n_abandoned, JSON_BRIEF);
        jsonio_u64(w, "n_rpo_no_usable_point", su->n_rpo_no_point);
        jsonio_u64(w, "n_breach", su->n_breach);
        jsonio_num(w, "p_breach_per_year", su->p_breach_year);
        jsonio_measure(w, "downtime_per_year_s", su->downtime_per_year_s);
        jsonio_measure(w, "data_loss_per_year_s", su->data_loss_per_year_s);
        jsonio_end_object(w);
    }
    jsonio_end_array(w);
}

static void write_cost(struct jsonio_writer *w, const struct sweep_point *pt)
{
    if (!pt->has_cost) {
        jsonio_null(w, "cost_per_month");
        return;
    }
    jsonio_object(w, "cost_per_month");
    jsonio_num(w, "total_usd", pt->cost.total_usd);
    jsonio_num(w, "storage_usd", pt->cost.storage_usd);
    jsonio_num(w, "transfer_usd", pt->cost.transfer_usd);
    jsonio_num(w, "points_usd", pt->cost.points_usd);
    jsonio_num(w, "staffing_usd", pt->cost.staffing_usd);
    jsonio_num(w, "stored_gb_in_zone", pt->cost.stored_gb[BACKUP_IN_ZONE]);
    jsonio_num(w, "stored_gb_in_region", pt->cost.stored_gb[BACKUP_IN_REGION]);
    jsonio_num(w, "stored_gb_cross_region", pt->cost.stored_gb[BACKUP_CROSS_REGION]);
    jsonio_num(w, "transfer_gb", pt->cost.transfer_gb);
    jsonio_num(w, "recovery_points", pt->cost.points);
    jsonio_end_object(w);
}

/* A point as an object (an array element when key is NULL); the plan as written also
 * says whether it is one of the points. */
static void write_point(struct jsonio_writer *w, const char *key, const struct sweep_results *r,
                        const struct sweep_point *pt, int is_base)
{
    jsonio_object(w, key);
    if (is_base) {
        jsonio_bool(w, "is_a_point", r->base_point >= 0);
        if (r->base_point >= 0)
            jsonio_int(w, "point", r->base_point);
    }
    jsonio_array(w, "values");
    for (int a = 0; a < r->n_axes; a++)
        jsonio_text(w, NULL, pt->value[a] < 0 ? r->axes[a].plan_value : r->axes[a].values[pt->value[a]]);
    jsonio_end_array(w);
    jsonio_array(w, "x");
    for (int a = 0; a < r->n_axes; a++)
        jsonio_num(w, NULL, pt->value[a] < 0 ? r->axes[a].plan_x : r->axes[a].x[pt->value[a]]);
    jsonio_end_array(w);
    jsonio_bool(w, "meets_policy", pt->meets_policy);
    write_cost(w, pt);
    write_summaries(w, "scenarios", r->plan, pt->sc, r->n_scenarios);
    jsonio_end_object(w);
}

int sweep_report_json(const char *path, const struct sweep_results *r,
                      const struct sweep_report_options *o)
{
    char buf[1024];
    struct jsonio_writer w;
    if (jsonio_open(&w, path) != 0)
        return -1;
    json_write_head(&w, r->plan, o->version, o->command, JSON_BRIEF);
    jsonio_u64(&w, "seed", r->seed);
    jsonio_u64(&w, "trials_per_point", r->n_trials);
    jsonio_int(&w, "threads", r->threads);
    jsonio_num(&w, "elapsed_s", r->elapsed_s);
    jsonio_array(&w, "axes");
    for (int a = 0; a < r->n_axes; a++) {
        const struct vary_axis *ax = &r->axes[a];
        jsonio_object(&w, NULL);
        jsonio_text(&w, "path", axis_path(ax, buf, sizeof buf));
        jsonio_text(&w, "kind", ax->unit);
        jsonio_text(&w, "plan_value", ax->plan_value);
        jsonio_num(&w, "plan_x", ax->plan_x);
        jsonio_array(&w, "sets");
        for (int i = 0; i < ax->n_paths; i++)
            jsonio_text(&w, NULL, ax->paths[i]);
        jsonio_end_array(&w);
        jsonio_array(&w, "written_at_lines");
        for (int i = 0; i < ax->n_sites; i++)
            jsonio_int(&w, NULL, ax->sites[i].line);
        jsonio_end_array(&w);
        jsonio_array(&w, "shared_through_alias_with");
        for (int i = 0; i < ax->n_shared; i++)
            jsonio_text(&w, NULL, ax->shared[i]);
        jsonio_end_array(&w);
        jsonio_array(&w, "values");
        for (int i = 0; i < ax->n_values; i++)
            jsonio_text(&w, NULL, ax->values[i]);
        jsonio_end_array(&w);
        jsonio_array(&w, "x");
        for (int i = 0; i < ax->n_values; i++)
            jsonio_num(&w, NULL, ax->x[i]);
        jsonio_end_array(&w);
        jsonio_end_object(&w);
    }
    jsonio_end_array(&w);
    write_point(&w, "plan_as_written", r, &r->base, 1);
    jsonio_array(&w, "points");
    for (int i = 0; i < r->n_points; i++)
        write_point(&w, NULL, r, &r->points[i], 0);
    jsonio_end_array(&w);
    jsonio_object(&w, "findings");
    jsonio_int(&w, "n_meeting_policy", r->n_meeting);
    if (r->cheapest >= 0)
        jsonio_int(&w, "cheapest_meeting_policy", r->cheapest);
    else
        jsonio_null(&w, "cheapest_meeting_policy");
    if (r->knee.point >= 0) {
        jsonio_object(&w, "knee");
        jsonio_int(&w, "point", r->knee.point);
        jsonio_text(&w, "scenario", r->plan->scenarios[r->knee.scenario].name);
        jsonio_text(&w, "objective", obj_name(r->knee.objective));
        jsonio_text(&w, "text", sweep_report_knee_text(r, buf, sizeof buf));
        jsonio_end_object(&w);
    } else {
        jsonio_null(&w, "knee");
    }
    jsonio_text(&w, "summary", sweep_report_cheapest_text(r, buf, sizeof buf));
    jsonio_array(&w, "recommendations");
    for (int i = 0; i < r->n_recs; i++) {
        const struct sweep_rec *rec = &r->recs[i];
        jsonio_object(&w, NULL);
        jsonio_text(&w, "scenario", r->plan->scenarios[rec->scenario].name);
        jsonio_text(&w, "objective", obj_name(rec->objective));
        jsonio_int(&w, "point", rec->point);
        jsonio_bool(&w, "meets", rec->meets);
        jsonio_text(&w, "text", sweep_report_rec_text(r, rec, buf, sizeof buf));
        jsonio_end_object(&w);
    }
    jsonio_end_array(&w);
    jsonio_end_object(&w);
    return jsonio_commit(&w);
}

int sweep_report_json_sensitivity(const char *path, const struct sensitivity_results *r,
                                  const struct sweep_report_options *o)
{
    struct jsonio_writer w;
    if (jsonio_open(&w, path) != 0)
        return -1;
    json_write_head(&w, r->plan, o->version, o->command, JSON_BRIEF);
    jsonio_u64(&w, "seed", r->seed);
    jsonio_u64(&w, "trials_per_run", r->n_trials);
    jsonio_int(&w, "threads", r->threads);
    jsonio_num(&w, "elapsed_s", r->elapsed_s);
    jsonio_text(&w, "method", r->spread > 0 ? "spread" : "p10-p90");
    jsonio_num(&w, "spread", r->spread);
    jsonio_int(&w, "runs", r->n_runs);
    jsonio_int(&w, "n_fixed_not_varied", r->n_fixed);
    jsonio_int(&w, "n_zero_not_varied", r->n_zero);
    write_summaries(&w, "plan_as_written", r->plan, r->base, r->n_scenarios);
    jsonio_array(&w, "inputs");
    for (int i = 0; i < r->n_factors; i++) {
        const struct sensitivity_factor *sf = &r->factors[i];
        jsonio_object(&w, NULL);
        jsonio_int(&w, "rank", i + 1);
        jsonio_text(&w, "path", sf->f.path);
        jsonio_int(&w, "line", sf->f.line);
        jsonio_int(&w, "uses", sf->f.n_uses);
        jsonio_text(&w, "kind", sf->f.kind == FACTOR_PROB ? "probability"
                                                      : dist_kind_name(sf->f.dist.kind));
        jsonio_text(&w, "unit", sf->f.unit);
        jsonio_num(&w, "scale_low", sf->k_lo);
        jsonio_num(&w, "scale_high", sf->k_hi);
        jsonio_num(&w, "typical_low", sf->typical_lo);
        jsonio_num(&w, "typical", sf->typical);
        jsonio_num(&w, "typical_high", sf->typical_hi);
        jsonio_num(&w, "swing_p_met", sf->swing_p);
        if (sf->swing_scenario >= 0) {
            jsonio_text(&w, "swing_scenario", r->plan->scenarios[sf->swing_scenario].name);
            jsonio_text(&w, "swing_objective", obj_name(sf->swing_objective));
        }
        jsonio_num(&w, "swing_p95_relative", sf->swing_rel);
        write_summaries(&w, "low", r->plan, sf->lo, r->n_scenarios);
        write_summaries(&w, "high", r->plan, sf->hi, r->n_scenarios);
        jsonio_end_object(&w);
    }
    jsonio_end_array(&w);
    return jsonio_commit(&w);
}
