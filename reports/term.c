/* reports/term.c: the terminal summary table and the event log of a traced trial.
 *
 * The table is meant to be read in a meeting: one block per scenario, RTO and RPO side by
 * side with their targets, then a few lines that explain the numbers. Durations print as
 * 1h05m style (units_format_duration); probabilities as percentages with one decimal.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/units.h"
#include "reports/term.h"

const char *term_duration(double s, char *buf, size_t n)
{
    if (isnan(s))
        return "-";
    return units_format_duration(s, buf, n);
}

const char *term_verdict_color(enum mc_verdict v)
{
    switch (v) {
    case MC_VERDICT_MEETS:
        return TERM_GREEN;
    case MC_VERDICT_AT_RISK:
        return TERM_YELLOW;
    case MC_VERDICT_BREACH:
        return TERM_RED;
    default:
        return "";
    }
}


static void print_objective_row(FILE *out, const char *label, const struct mc_percentiles *pc,
                                const struct mc_objective *ob, int color)
{
    char b[6][32];
    fprintf(
        out, "  %-5s %8s %8s %8s %8s %8s %8s", label,
        ob->has_target ? term_duration(ob->target_s, b[0], sizeof b[0]) : "-",
        term_duration(pc->p50_s, b[1], sizeof b[1]), term_duration(pc->p90_s, b[2], sizeof b[2]),
        term_duration(pc->p95_s, b[3], sizeof b[3]), term_duration(pc->p99_s, b[4], sizeof b[4]),
        term_duration(pc->max_s, b[5], sizeof b[5]));
    if (!ob->has_target) {
        fputs("        -                 -\n", out);
        return;
    }
    char ci[40];
    snprintf(ci, sizeof ci, "%.1f-%.1f%%", 100.0 * ob->ci_lo, 100.0 * ob->ci_hi);
    const char *v = mc_verdict_name(ob->verdict);
    fprintf(out, "  %6.1f%%  %-13s  %s%s%s\n", 100.0 * ob->p_met, ci,
            color ? term_verdict_color(ob->verdict) : "", v, color ? TERM_RESET : "");
}

/* Expected time a step adds to the critical path per trial: its share of trials on the
 * path times its mean contribution there. */
static double path_weight(const struct mc_step_result *st)
{
    return st->n_on_path ? st->path_share * st->mean_contribution_s : 0.0;
}

/* Steps ordered by the time they add to the critical path, largest first; ties by
 * runbook order (insertion sort: a runbook has at most PLAN_MAX_STEPS steps). */
static void top_path_steps(const struct mc_scenario_result *sr, int *order, int n)
{
    for (int i = 0; i < n; i++)
        order[i] = i;
    for (int i = 1; i < n; i++) {
        int k = order[i], j = i - 1;
        while (j >= 0 && path_weight(&sr->steps[order[j]]) < path_weight(&sr->steps[k])) {
            order[j + 1] = order[j];
            j--;
        }
        order[j + 1] = k;
    }
}

/* A share of trials as a percentage people can read: never "0%" for a non-zero count. */
static const char *share(uint64_t k, uint64_t n, char *buf, size_t size)
{
    double pct = n ? 100.0 * (double)k / (double)n : 0.0;
    if (k > 0 && pct < 0.1)
        snprintf(buf, size, "<0.1%%");
    else
        snprintf(buf, size, "%.1f%%", pct);
    return buf;
}

static void print_scenario(FILE *out, const struct mc_results *r, const struct mc_scenario_result *sr,
                           const struct term_options *o)
{
    const struct plan *p = r->plan;
    const struct scenario *sc = &p->scenarios[sr->scenario];
    char b[4][32];

    fprintf(out, "\n%s%s%s: %s  (%s outage, %.3g a year)\n", o->color ? TERM_BOLD : "",
            sc->name, o->color ? TERM_RESET : "", sc->description ? sc->description : "",
            plan_scope_name(sc->scope), sc->per_year);
    fprintf(out, "  %-5s %8s %8s %8s %8s %8s %8s  %7s  %-13s  %s\n", "", "target", "P50",
            "P90", "P95", "P99", "max", "P(meet)", "95% CI", "verdict");
    print_objective_row(out, "RTO", &sr->rto, &sr->rto_obj, o->color);
    print_objective_row(out, "RPO", &sr->rpo, &sr->rpo_obj, o->color);
    fprintf(out, "  full restoration: P50 %s, P95 %s",
            term_duration(sr->full.p50_s, b[0], sizeof b[0]),
            term_duration(sr->full.p95_s, b[1], sizeof b[1]));
    fprintf(out, "; outage ended before failover in %.1f%% of trials\n",
            100.0 * (double)sr->n_outage_end / (double)sr->n_trials);
    if (sc->has_policy) {
        fprintf(out,
                "  required confidence %.0f%%: RTO at P%.0f %s (margin %s%s), RPO at P%.0f %s"
                " (margin %s%s)\n",
                100.0 * p->confidence, 100.0 * p->confidence,
                term_duration(sr->rto_obj.value_at_confidence_s, b[0], sizeof b[0]),
                sr->rto_obj.margin_s < 0 ? "-" : "",
                term_duration(fabs(sr->rto_obj.margin_s), b[1], sizeof b[1]), 100.0 * p->confidence,
                term_duration(sr->rpo_obj.value_at_confidence_s, b[2], sizeof b[2]),
                sr->rpo_obj.margin_s < 0 ? "-" : "",
                term_duration(fabs(sr->rpo_obj.margin_s), b[3], sizeof b[3]));
    }
    fprintf(out, "  per year: expected downtime %s, expected data loss %s",
            term_duration(sr->downtime_per_year_s, b[0], sizeof b[0]),
            term_duration(sr->data_loss_per_year_s, b[1], sizeof b[1]));
    if (sc->has_policy)
        fprintf(out, ", P(at least one breach) %.2f%%", 100.0 * sr->p_breach_year);
    fputc('\n', out);

    int order[PLAN_MAX_STEPS];
    top_path_steps(sr, order, sr->n_steps);
    uint64_t failed_over = sr->n_trials - sr->n_outage_end;
    if (failed_over == 0) {
        fputs("  where the time goes: every outage ended before failover\n", out);
    } else {
        fputs("  where the time goes (critical path to service restored):\n", out);
        fprintf(out, "    %-24s %9s %12s %12s\n", "step", "on path", "time there", "staff wait");
        for (int i = 0; i < sr->n_steps && i < 6; i++) {
            const struct mc_step_result *st = &sr->steps[order[i]];
            if (st->n_on_path == 0)
                break;
            char sh[16];
            fprintf(out, "    %-24s %9s %12s %12s\n", sc->steps[order[i]].name,
                    share(st->n_on_path, sr->n_trials, sh, sizeof sh),
                    term_duration(st->mean_contribution_s, b[0], sizeof b[0]),
                    term_duration(st->mean_staff_wait_s, b[1], sizeof b[1]));
        }
    }

    int lost = 0;
    for (int i = 0; i < sr->n_stores; i++) {
        const struct mc_store_result *st = &sr->stores[i];
        if (st->n_no_point == 0)
            continue;
        if (lost++ == 0)
            fputs("  no usable recovery point (share of trials; data lost):\n", out);
        char sh[16];
        fprintf(out, "    %-24s %9s  %s\n", p->stores[i].name,
                share(st->n_no_point, sr->n_trials, sh, sizeof sh),
                p->stores[i].counts_for_rpo ? "counts for RPO" : "excluded from RPO by the plan");
    }
}

void term_print_summary(FILE *out, const struct mc_results *r, const struct term_options *o)
{
    const struct plan *p = r->plan;
    char hex[65];
    plan_sha256_hex(p, hex);
    fprintf(out, "drsim %s: plan %s (%s, sha256 %.12s)\n", o->version ? o->version : "",
            p->name ? p->name : "(unnamed)", p->path ? p->path : "", hex);
    fprintf(out, "%llu trials per scenario, seed %llu, %d thread%s, %.2f s\n",
            (unsigned long long)r->n_trials, (unsigned long long)r->seed, r->threads,
            r->threads == 1 ? "" : "s", r->elapsed_s);
    for (int s = 0; s < r->n_scenarios; s++)
        print_scenario(out, r, &r->scenarios[s], o);

    int any_breach = 0, any_risk = 0;
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const struct mc_objective *obs[2] = {&sr->rto_obj, &sr->rpo_obj};
        for (int k = 0; k < 2; k++) {
            any_breach |= obs[k]->verdict == MC_VERDICT_BREACH;
            any_risk |= obs[k]->verdict == MC_VERDICT_AT_RISK;
        }
    }
    fprintf(out, "\nverdict: %s\n",
            any_breach ? "policy BREACHED for at least one objective"
            : any_risk ? "policy met on estimate, but at risk for at least one objective"
                       : "every objective meets policy at the required confidence");
}

/* ---- trace ---------------------------------------------------------------------------- */

static void people_list(const struct plan *p, const int *people, int n_people, char *buf,
                        size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n_people && used + 1 < n; i++) {
        char one[96];
        plan_person_name(p, people[i], one, sizeof one);
        int w = snprintf(buf + used, n - used, "%s%s", i ? ", " : "", one);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

static void abs_time(const struct plan *p, double t_abs_s, char *buf, size_t n)
{
    static const char *const dow[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    if (!isfinite(t_abs_s)) {
        snprintf(buf, n, "never");
        return;
    }
    double day_f = floor(t_abs_s / 86400.0);
    long day = (long)day_f;
    double sod = t_abs_s - day_f * 86400.0;
    char date[16];
    units_format_date(p->calendar.epoch_days + day, date, sizeof date);
    int secs = (int)sod;
    snprintf(buf, n, "%s %s %02d:%02d UTC", dow[((day % 7) + 7) % 7], date, secs / 3600,
             (secs / 60) % 60);
}

void term_print_event(FILE *out, const struct plan *p, int scenario, const struct trial_event *ev)
{
    const struct scenario *sc = &p->scenarios[scenario];
    char rel[32], when[40], b[2][32], who[256];
    units_format_duration(ev->t_s, rel, sizeof rel);
    abs_time(p, ev->t_abs_s, when, sizeof when);
    fprintf(out, "%10s  %-24s  ", rel, when);
    switch (ev->kind) {
    case TRIAL_EV_OUTAGE_START:
        fprintf(out, "outage starts (%s); it lasts %s\n", plan_scope_name(sc->scope),
                isfinite(ev->value_s) ? units_format_duration(ev->value_s, b[0], sizeof b[0])
                                      : "until recovered");
        break;
    case TRIAL_EV_STORE_LOSS: {
        const struct store *st = &p->stores[ev->store];
        int zone_kept = sc->scope == OUTAGE_ZONE &&
                        (st->zone_mode == STORE_ZONE_SYNC || st->zone_mode == STORE_ZONE_CLUSTER);
        if (st->recovery == STORE_RECOVER_REBUILD && !ev->flag)
            fprintf(out, "store %s: rebuilt from other stores (no loss of its own)\n", st->name);
        else if (zone_kept && !ev->flag)
            fprintf(out, "store %s: nothing lost (%s in another zone)\n", st->name,
                    st->zone_mode == STORE_ZONE_SYNC ? "synchronous replica" : "cluster members");
        else if (sc->scope == OUTAGE_ZONE && st->zone_mode == STORE_ZONE_ASYNC && !ev->flag)
            fprintf(out, "store %s: asynchronous replica is %s behind\n", st->name,
                    units_format_duration(ev->value_s, b[0], sizeof b[0]));
        else if (ev->flag)
            fprintf(out, "store %s: no usable recovery point (data lost)\n",
                    p->stores[ev->store].name);
        else
            fprintf(out, "store %s: newest usable recovery point is %s old\n",
                    p->stores[ev->store].name, units_format_duration(ev->value_s, b[0], sizeof b[0]));
        break;
    }
    case TRIAL_EV_STEP_READY:
        fprintf(out, "step %s is ready\n", sc->steps[ev->step].name);
        break;
    case TRIAL_EV_PAGE:
        fprintf(out, "page %s (%s)", p->roles[ev->role].name,
                sched_period_name((enum sched_period)ev->flag));
        if (ev->stand_in_role >= 0)
            fprintf(out, " to stand in for %s", p->roles[ev->stand_in_role].name);
        fputc('\n', out);
        break;
    case TRIAL_EV_PERSON_AVAILABLE:
        plan_person_name(p, ev->person, who, sizeof who);
        fprintf(out, "%s responds after %s\n", who,
                units_format_duration(ev->value_s, b[0], sizeof b[0]));
        break;
    case TRIAL_EV_ESCALATION:
        plan_person_name(p, ev->person, who, sizeof who);
        fprintf(out, "escalation: %s stands in for %s on step %s\n", who,
                p->roles[ev->role].name, ev->step >= 0 ? sc->steps[ev->step].name : "?");
        break;
    case TRIAL_EV_STEP_START:
        people_list(p, ev->people, ev->n_people, who, sizeof who);
        fprintf(out, "step %s starts (%s of work%s%s%s)", sc->steps[ev->step].name,
                units_format_duration(ev->value_s, b[0], sizeof b[0]), ev->n_people ? ", by " : "",
                who, "");
        if (ev->wait_s > 0)
            fprintf(out, " after waiting %s for people",
                    units_format_duration(ev->wait_s, b[1], sizeof b[1]));
        fputc('\n', out);
        break;
    case TRIAL_EV_STEP_END:
        fprintf(out, "step %s ends\n", sc->steps[ev->step].name);
        break;
    case TRIAL_EV_OUTAGE_END:
        fprintf(out, "outage ends by itself%s\n",
                ev->flag ? ": service is back before failover completed" : "");
        break;
    case TRIAL_EV_SERVICE_RESTORED:
        fprintf(out, "SERVICE RESTORED%s: RTO %s\n", ev->flag ? " by the outage end" : "",
                units_format_duration(ev->value_s, b[0], sizeof b[0]));
        break;
    case TRIAL_EV_FULL_RESTORATION:
        fprintf(out, "full restoration: %s\n",
                units_format_duration(ev->value_s, b[0], sizeof b[0]));
        break;
    }
}

void term_print_trial(FILE *out, const struct plan *p, const struct trial_result *tr)
{
    const struct scenario *sc = &p->scenarios[tr->scenario];
    char b[4][32];
    fprintf(out, "\ntrial %llu of scenario %s: RTO %s, RPO %s, full restoration %s%s\n",
            (unsigned long long)tr->trial, sc->name, term_duration(tr->rto_s, b[0], sizeof b[0]),
            term_duration(tr->rpo_s, b[1], sizeof b[1]),
            term_duration(tr->full_s, b[2], sizeof b[2]),
            tr->recovered_by_outage_end ? " (recovered by outage end)" : "");
    if (sc->has_policy)
        fprintf(out, "  targets: RTO %s (%s), RPO %s (%s)\n",
                term_duration(sc->rto_target_s, b[0], sizeof b[0]),
                tr->rto_s <= sc->rto_target_s ? "met" : "MISSED",
                term_duration(sc->rpo_target_s, b[1], sizeof b[1]),
                tr->rpo_s <= sc->rpo_target_s ? "met" : "MISSED");
    if (tr->critical_mask) {
        fputs("  critical path:", out);
        for (int i = 0; i < tr->n_steps; i++)
            if (tr->steps[i].on_path)
                fprintf(out, " %s (%s)", sc->steps[i].name,
                        term_duration(tr->steps[i].contribution_s, b[0], sizeof b[0]));
        fputc('\n', out);
    }
}
