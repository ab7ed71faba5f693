/* reports/term.c: the terminal summary table and the event log of a traced trial.
 *
 * The table is meant to be read in a meeting: one block per scenario, RTO and RPO side by
 * side with their targets, then a few lines that explain the numbers. Durations print as
 * 1h05m style (units_format_duration); probabilities as percentages with one decimal.
 * Every name, description and path comes from a file and is printed through term_put
 * (escaped, models/text.h), never as a format argument; see reports/term.h.
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/text.h"
#include "models/units.h"
#include "reports/damage.h"
#include "reports/term.h"
#include "reports/money_report.h"
#include "reports/findings.h"
#include "sim/verdict.h"

const char *term_duration(double s, char *buf, size_t n)
{
    if (isnan(s))
        return "-";
    return units_format_duration(s, buf, n);
}

const char *term_duration_vs(double s, double target_s, char *buf, size_t n)
{
    if (isnan(s))
        return "-";
    return units_format_duration_vs(s, target_s, buf, n);
}

void term_put(FILE *out, const char *s)
{
    if (s)
        text_fputs(s, out);
}

void term_put_padded(FILE *out, const char *s, int width)
{
    /* A column of the escaped text takes at most 4 bytes (one UTF-8 character; an escape
     * such as "\x1B" is 4 one-byte columns), so text needing more than the buffer holds
     * is wider than any column: it is printed whole and not counted. */
    char buf[4 * TERM_MAX_COLUMN + 1];
    assert(width >= 0 && width <= TERM_MAX_COLUMN);
    size_t n = text_escape(s ? s : "", buf, sizeof buf);
    if (n >= sizeof buf) {
        term_put(out, s);
        return;
    }
    fputs(buf, out);
    int cols = 0;
    for (size_t i = 0; i < n; i++)
        cols += ((unsigned char)buf[i] & 0xC0u) != 0x80u; /* not a continuation byte */
    if (cols < width)
        fprintf(out, "%*s", width - cols, "");
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
    double t = ob->has_target ? ob->target_s : NAN; /* values beside it: to the second when
                                                       they would read as the target */
    fprintf(
        out, "  %-5s %8s %8s %8s %8s %8s %8s", label,
        ob->has_target ? term_duration(ob->target_s, b[0], sizeof b[0]) : "-",
        term_duration_vs(pc->p50_s, t, b[1], sizeof b[1]),
        term_duration_vs(pc->p90_s, t, b[2], sizeof b[2]),
        term_duration_vs(pc->p95_s, t, b[3], sizeof b[3]),
        term_duration_vs(pc->p99_s, t, b[4], sizeof b[4]),
        term_duration_vs(pc->max_s, t, b[5], sizeof b[5]));
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

/* A fraction f in [0, 1] as a percentage people can read: never "0%" when it is not
 * zero, never "100%" when it is not one. */
static const char *fraction(double f, char *buf, size_t size)
{
    if (f > 0.0 && f < 0.001)
        snprintf(buf, size, "<0.1%%");
    else if (f < 1.0 && f > 0.999)
        snprintf(buf, size, ">99.9%%");
    else
        snprintf(buf, size, "%.1f%%", 100.0 * f);
    return buf;
}

/* A share of trials, k of n, as fraction() writes it. */
static const char *share(uint64_t k, uint64_t n, char *buf, size_t size)
{
    return fraction(n ? (double)k / (double)n : 0.0, buf, size);
}

/* How often a year, for events that may be rare: "0.25 a year", "once in 400 years". */
static const char *rate_per_year(double per_year, char *buf, size_t size)
{
    if (per_year > 0.0 && per_year < 0.01)
        snprintf(buf, size, "once in %.0f years", 1.0 / per_year);
    else
        snprintf(buf, size, "%.3g a year", per_year);
    return buf;
}

/* The annualized figures. The expected data loss is a mean over the outages that left a
 * recovery point (an infinite loss has no mean); when some did not, the line says so and
 * the next one gives those outages as their own figure, so that a plan losing its data
 * in most outages never reads "expected data loss 0s" alone. */
static void print_per_year(FILE *out, const struct scenario *sc,
                           const struct mc_scenario_result *sr)
{
    char b[4][32];
    int for_good = sr->unrecoverable_share > 0.0;
    fprintf(out, "  per year: expected downtime %s, ",
            term_duration(sr->downtime_per_year_s, b[0], sizeof b[0]));
    if (sr->unrecoverable_share >= 1.0)
        fputs("expected data loss not finite (no trial recovers every store)", out);
    else
        fprintf(out, "expected data loss %s%s",
                term_duration(sr->data_loss_per_year_s, b[1], sizeof b[1]),
                for_good ? " where a recovery point exists" : "");
    if (sc->has_policy)
        fprintf(out, ", P(at least one breach) %.2f%%", 100.0 * sr->p_breach_year);
    fputc('\n', out);
    if (for_good)
        fprintf(out,
                "  unrecoverable data loss in %s of %s (%s): a store counting for RPO has "
                "no usable recovery point\n",
                fraction(sr->unrecoverable_share, b[2], sizeof b[2]), damage_events_word(sc),
                rate_per_year(sr->unrecoverable_per_year, b[3], sizeof b[3]));
}

/* How often the plan fails over, and the same objectives over each outcome's trials:
 * "RPO met in 60 % of region outages" must not be read as "of failovers". */
static void print_outcomes(FILE *out, const struct mc_scenario_result *sr,
                           const struct term_options *o)
{
    const struct mc_outcome *over = &sr->outcomes[MC_OUTCOME_FAILED_OVER];
    const struct mc_outcome *in = &sr->outcomes[MC_OUTCOME_IN_PLACE];
    char sh[3][16];
    fprintf(out, "  fails over in %s of outages; recovered in place in %s",
            share(over->n, sr->n_trials, sh[0], sizeof sh[0]),
            share(in->n, sr->n_trials, sh[1], sizeof sh[1]));
    if (sr->n_abandoned > 0)
        fprintf(out, " (failover abandoned in %s)",
                share(sr->n_abandoned, sr->n_trials, sh[2], sizeof sh[2]));
    fputc('\n', out);
    for (int k = 0; k < MC_N_OUTCOMES; k++) {
        const struct mc_outcome *oc = k == 0 ? over : in;
        if (oc->n == 0 || oc->n == sr->n_trials)
            continue;   /* nothing to split: the rows above are this outcome's */
        fprintf(out, "  %s (%llu trials):\n", k == 0 ? "failed over" : "recovered in place",
                (unsigned long long)oc->n);
        print_objective_row(out, "RTO", &oc->rto, &oc->rto_obj, o->color);
        print_objective_row(out, "RPO", &oc->rpo, &oc->rpo_obj, o->color);
    }
}

/* After a failover: the failback and the time the secondary's data has no copy elsewhere. */
static void print_failback(FILE *out, const struct mc_scenario_result *sr)
{
    const struct mc_failback *fb = &sr->failback;
    char b[6][32];
    if (!fb->has_exposure || fb->n == 0)
        return;
    if (fb->has_failback)
        fprintf(out,
                "  after a failover: failback downtime P50 %s, P95 %s; data at risk P95 %s of "
                "writes; off the primary P50 %s, P95 %s\n",
                term_duration(fb->downtime.p50_s, b[0], sizeof b[0]),
                term_duration(fb->downtime.p95_s, b[1], sizeof b[1]),
                term_duration(fb->at_risk.p95_s, b[2], sizeof b[2]),
                term_duration(fb->outside.p50_s, b[3], sizeof b[3]),
                term_duration(fb->outside.p95_s, b[4], sizeof b[4]));
    fprintf(out,
            "  exposure window (the secondary's data with no copy in another region): P50 %s, "
            "P95 %s; P(another outage within it) %.3f%%\n",
            term_duration(fb->exposure.p50_s, b[0], sizeof b[0]),
            term_duration(fb->exposure.p95_s, b[1], sizeof b[1]), 100.0 * fb->p_second_loss);
}

/* One objective of a service, after the name columns: its target, P50, P95, P(meet) and
 * verdict ("-" without a target). */
static void print_service_objective(FILE *out, const char *label, const struct mc_percentiles *pc,
                                    const struct mc_objective *ob, int color)
{
    char b[3][32];
    double t = ob->has_target ? ob->target_s : NAN;
    fprintf(out, "%-4s %8s %8s %8s", label,
            ob->has_target ? term_duration(ob->target_s, b[0], sizeof b[0]) : "-",
            term_duration_vs(pc->p50_s, t, b[1], sizeof b[1]),
            term_duration_vs(pc->p95_s, t, b[2], sizeof b[2]));
    if (!ob->has_target) {
        fputs("        -  -\n", out);
        return;
    }
    fprintf(out, "  %6.1f%%  %s%s%s\n", 100.0 * ob->p_met,
            color ? term_verdict_color(ob->verdict) : "", mc_verdict_name(ob->verdict),
            color ? TERM_RESET : "");
}

/* The business services of one scenario: a row pair per service in priority order with
 * its RTO and RPO against the service's own targets for this scenario. '*' marks the
 * services whose restoration is the scenario's (the policy's services); MBCO is the
 * share of capacity at which the service counts as restored, "-" when not stated. */
static void print_services(FILE *out, const struct plan *p, const struct mc_scenario_result *sr,
                           const struct term_options *o)
{
    const struct scenario *sc = &p->scenarios[sr->scenario];
    if (sr->n_services == 0)
        return;
    fprintf(out, "  services (priority order%s):\n",
            sc->n_policy_services > 0 ? "; * = restores the scenario's service" : "");
    fprintf(out, "    %-24s %4s %5s  %-4s %8s %8s %8s  %7s  %s\n", "service", "prio", "MBCO", "",
            "target", "P50", "P95", "P(meet)", "verdict");
    for (int i = plan_next_service(p, -1); i >= 0; i = plan_next_service(p, i)) {
        const struct service *sv = &p->services[i];
        const struct mc_service_result *res = &sr->services[i];
        char mbco[16];
        if (sv->mbco_capacity > 0)
            snprintf(mbco, sizeof mbco, "%.0f%%", 100.0 * sv->mbco_capacity);
        else
            snprintf(mbco, sizeof mbco, "-");
        fprintf(out, "  %c ", plan_defines_restoration(sc, i) ? '*' : ' ');
        term_put_padded(out, sv->name, 24);
        fprintf(out, " %4d %5s  ", sv->priority, mbco);
        print_service_objective(out, "RTO", &res->rto, &res->rto_obj, o->color);
        fprintf(out, "    %-24s %4s %5s  ", "", "", "");
        print_service_objective(out, "RPO", &res->rpo, &res->rpo_obj, o->color);
    }
}

/* Above a damage scenario's table: the finding when the BCP sets it no objective (there
 * is no verdict for it, and the table below shows what it would have to meet), then what
 * the RTO is measured from and what the adversary does to the backups. */
static void print_damage_head(FILE *out, const struct scenario *sc)
{
    char f[512];
    if (!sc->damage.present)
        return;
    if (damage_no_objective_finding(sc, f, sizeof f)) {
        fputs("  finding: ", out);
        term_put(out, f);
        fputc('\n', out);
    }
    fprintf(out, "  RTO measured from the %s; %s\n", damage_rto_clock_text(sc),
            damage_deletes_text(sc->damage.deletes));
}

/* Below a damage scenario's table: the damaged window, the share of trials without any
 * clean point, and which rule supplied each damaged store's clean point. */
static void print_damage(FILE *out, const struct plan *p, const struct mc_scenario_result *sr)
{
    const struct scenario *sc = &p->scenarios[sr->scenario];
    char b[5][32], sh[16];
    if (!sc->damage.present)
        return;
    fprintf(out, "  damaged window (onset to detection: writes to re-enter or reconcile): P50 %s, "
                 "P90 %s, P95 %s, P99 %s, max %s\n",
            term_duration(sr->damaged.p50_s, b[0], sizeof b[0]),
            term_duration(sr->damaged.p90_s, b[1], sizeof b[1]),
            term_duration(sr->damaged.p95_s, b[2], sizeof b[2]),
            term_duration(sr->damaged.p99_s, b[3], sizeof b[3]),
            term_duration(sr->damaged.max_s, b[4], sizeof b[4]));
    fprintf(out, "  no clean recovery point at all in %s of trials (%llu of %llu)%s\n",
            fraction(sr->no_clean_share, sh, sizeof sh), (unsigned long long)sr->n_no_clean,
            (unsigned long long)sr->n_trials,
            sr->n_no_clean ? ": a damaged store's data is lost for good" : "");
    int head = 0;
    for (int i = 0; i < sr->n_stores && i < p->n_stores; i++) {
        const struct mc_store_result *st = &sr->stores[i];
        const struct store *ps = &p->stores[i];
        if (!st->damaged)
            continue;
        if (head++ == 0)
            fputs("  clean point supplied by (share of trials):\n", out);
        fputs("    ", out);
        term_put_padded(out, ps->name, 24);
        if (ps->ephemeral || ps->recovery == STORE_RECOVER_REBUILD || !st->clean_rule_n) {
            fputs(ps->ephemeral ? " no data to lose (ephemeral)\n"
                  : ps->recovery == STORE_RECOVER_REBUILD ? " rebuilt from other stores\n"
                                                          : " -\n",
                  out);
            continue;
        }
        for (size_t j = 0; j < ps->n_rules; j++) {
            fputc(' ', out);
            term_put(out, ps->rules[j].name);
            fprintf(out, "%s %s", ps->rules[j].immutable ? " (immutable)" : "",
                    fraction(damage_rule_share(sr, i, (int)j), sh, sizeof sh));
            fputc(j + 1 < ps->n_rules ? ',' : ';', out);
        }
        fprintf(out, " none %s\n",
                share(damage_store_no_clean(p, sr, i), sr->n_trials, sh, sizeof sh));
    }
}

static void print_scenario(FILE *out, const struct mc_results *r, const struct mc_scenario_result *sr,
                           const struct term_options *o)
{
    const struct plan *p = r->plan;
    const struct scenario *sc = &p->scenarios[sr->scenario];
    char b[4][32];

    fprintf(out, "\n%s", o->color ? TERM_BOLD : "");
    term_put(out, sc->name);
    fprintf(out, "%s:", o->color ? TERM_RESET : "");
    if (sc->description) {
        fputc(' ', out);
        term_put(out, sc->description);
    }
    char kind[64];
    fprintf(out, "  (%s, %.3g a year)\n", damage_kind_text(sc, kind, sizeof kind), sc->per_year);
    print_damage_head(out, sc);
    fprintf(out, "  %-5s %8s %8s %8s %8s %8s %8s  %7s  %-13s  %s\n", "", "target", "P50",
            "P90", "P95", "P99", "max", "P(meet)", "95% CI", "verdict");
    print_objective_row(out, "RTO", &sr->rto, &sr->rto_obj, o->color);
    print_objective_row(out, "RPO", &sr->rpo, &sr->rpo_obj, o->color);
    if (plan_n_exceptions(p) > 0)   /* RPO*: over all data, the exceptions' stores counted */
        print_objective_row(out, "RPO*", &sr->rpo_all, &sr->rpo_all_obj, o->color);
    print_damage(out, p, sr);
    if (!sc->damage.present || sc->scope != OUTAGE_NONE)
        print_outcomes(out, sr, o);   /* nothing fails over when nothing is destroyed */
    fprintf(out, "  full restoration: P50 %s, P95 %s\n",
            term_duration(sr->full.p50_s, b[0], sizeof b[0]),
            term_duration(sr->full.p95_s, b[1], sizeof b[1]));
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
    print_per_year(out, sc, sr);
    print_failback(out, sr);
    print_services(out, p, sr, o);

    int order[PLAN_MAX_STEPS];
    top_path_steps(sr, order, sr->n_steps);
    uint64_t failed_over = sr->n_trials - sr->n_in_place;
    if (failed_over == 0) {
        fputs("  where the time goes: every outage was recovered in place\n", out);
    } else {
        fputs("  where the time goes (critical path to service restored):\n", out);
        fprintf(out, "    %-24s %9s %12s %12s\n", "step", "on path", "time there", "staff wait");
        /* Waiting for the go after the decision is an item of the path of its own, placed
         * among the steps by the time it adds per outcome (share x mean); six rows in all. */
        double go_weight = (double)sr->n_go_wait_on_path / (double)sr->n_trials *
                           sr->mean_go_wait_s;
        int go_left = sr->n_go_wait_on_path > 0, rows = 0;
        char sh[16];
        for (int i = 0; i < sr->n_steps && rows < 6; i++) {
            const struct mc_step_result *st = &sr->steps[order[i]];
            if (st->n_on_path == 0)
                break;
            if (go_left && go_weight >= path_weight(st)) {
                go_left = 0;
                fprintf(out, "    %-24s %9s %12s %12s\n", "(waiting for the go)",
                        share(sr->n_go_wait_on_path, sr->n_trials, sh, sizeof sh),
                        term_duration(sr->mean_go_wait_s, b[0], sizeof b[0]), "-");
                if (++rows >= 6)
                    break;
            }
            fputs("    ", out);
            term_put_padded(out, sc->steps[order[i]].name, 24);
            fprintf(out, " %9s %12s %12s\n", share(st->n_on_path, sr->n_trials, sh, sizeof sh),
                    term_duration(st->mean_contribution_s, b[0], sizeof b[0]),
                    term_duration(st->mean_staff_wait_s, b[1], sizeof b[1]));
            rows++;
        }
        if (go_left && rows < 6)
            fprintf(out, "    %-24s %9s %12s %12s\n", "(waiting for the go)",
                    share(sr->n_go_wait_on_path, sr->n_trials, sh, sizeof sh),
                    term_duration(sr->mean_go_wait_s, b[0], sizeof b[0]), "-");
    }
    /* Steps long enough for their people to reach their role's shift.max. */
    for (int i = 0; i < sr->n_steps; i++) {
        const struct mc_step_result *st = &sr->steps[i];
        char sh[16];
        if (st->n_handed_over == 0)
            continue;
        fputs("  hand-over (shift.max reached): ", out);
        term_put_padded(out, sc->steps[i].name, 0);
        fprintf(out, " in %s of %s, %.2f per %s it ran\n",
                share(st->n_handed_over, sr->n_trials, sh, sizeof sh), damage_events_word(sc),
                st->mean_handovers, sc->damage.present ? "incident" : "outage");
    }

    int lost = 0;
    for (int i = 0; i < sr->n_stores; i++) {
        const struct mc_store_result *st = &sr->stores[i];
        if (st->n_no_point == 0)
            continue;
        if (lost++ == 0)
            fputs("  no usable recovery point (share of trials; data lost):\n", out);
        char sh[16];
        fputs("    ", out);
        term_put_padded(out, p->stores[i].name, 24);
        fprintf(out, " %9s  %s\n", share(st->n_no_point, sr->n_trials, sh, sizeof sh),
                !p->stores[i].counts_for_rpo ? "excepted from the policy RPO (RPO* counts it)"
                : p->stores[i].cross_region == STORE_XR_UNKNOWN
                    ? "counts for RPO (protection unknown: counted as unprotected)"
                    : "counts for RPO");
    }
}

/* Stores whose cross-region protection the plan states as unknown: counted as unprotected,
 * they are the first thing to confirm, so they lead the findings. */
static void print_unknown(FILE *out, const struct mc_results *r)
{
    const struct plan *p = r->plan;
    int n = 0;
    for (int i = 0; i < p->n_stores; i++) {
        if (p->stores[i].cross_region != STORE_XR_UNKNOWN)
            continue;
        fputs(n++ == 0 ? "\nlargest finding: cross-region protection unknown, counted as "
                         "unprotected until the plan states it (cross_region):\n" : "", out);
        fputs("  ", out);
        term_put(out, p->stores[i].name);
        fputs(" loses data in", out);
        for (int s = 0; s < r->n_scenarios; s++) {
            char sh[16];
            const struct mc_scenario_result *sr = &r->scenarios[s];
            fprintf(out, "%s %s of ", s ? "," : "",
                    share(sr->stores[i].n_loses, sr->n_trials, sh, sizeof sh));
            term_put(out, p->scenarios[sr->scenario].name);
            fprintf(out, " %s", damage_events_word(&p->scenarios[sr->scenario]));
        }
        fputc('\n', out);
    }
}

/* The exceptions register: each store left out of the policy RPO, who signed it, until
 * when, and how often it loses data (RPO* is the RPO with these stores counted). */
static void print_exceptions(FILE *out, const struct mc_results *r)
{
    const struct plan *p = r->plan;
    char due[16];
    if (plan_n_exceptions(p) == 0)
        return;
    fputs("\nexceptions (left out of the policy RPO by a signed exception; RPO* counts them):\n",
          out);
    for (int i = 0; i < p->n_stores; i++) {
        const struct store_exception *e = &p->stores[i].exception;
        if (!e->present)
            continue;
        fputs("  ", out);
        term_put(out, p->stores[i].name);
        fputs(": approved by ", out);
        term_put(out, e->approved_by);
        fprintf(out, ", review by %s%s\n    loses data in",
                units_format_date(e->review_by_day, due, sizeof due),
                verdict_exception_expired(r, i) ? " (EXPIRED: past its review date)" : "");
        for (int s = 0; s < r->n_scenarios; s++) {
            char sh[16];
            const struct mc_scenario_result *sr = &r->scenarios[s];
            fprintf(out, "%s %s of ", s ? "," : "",
                    share(sr->stores[i].n_loses, sr->n_trials, sh, sizeof sh));
            term_put(out, p->scenarios[sr->scenario].name);
            fprintf(out, " %s", damage_events_word(&p->scenarios[sr->scenario]));
        }
        fputs("\n    reason: ", out);
        term_put(out, e->reason);
        fputc('\n', out);
    }
}

/* The closing verdict over every objective, scenarios' and business services' alike
 * (sim/verdict.h, the same answer --strict and the reports give). With no objective at
 * all there is nothing to check, which must not read as "every objective meets policy". */
static void print_verdict(FILE *out, const struct mc_results *r)
{
    struct verdict_summary v;
    verdict_summarize(r, &v);
    char note[160];
    fprintf(out, "\nverdict: %s%s", verdict_headline(&v),
            verdict_exceptions_note(&v, note, sizeof note));
    if (v.n_service_objectives > 0 && v.worst_services > v.worst_scenarios)
        fprintf(out, " (a business service's target: see the services above)");
    fputc('\n', out);
}

void term_print_summary(FILE *out, const struct mc_results *r, const struct term_options *o)
{
    const struct plan *p = r->plan;
    char hex[65];
    plan_sha256_hex(p, hex);
    fprintf(out, "drsim %s: plan ", o->version ? o->version : "");
    term_put(out, p->name ? p->name : "(unnamed)");
    fputs(" (", out);
    term_put(out, p->path);
    fprintf(out, ", sha256 %.12s)\n", hex);
    fprintf(out, "%llu trials per scenario, seed %llu, %d thread%s, %.2f s\n",
            (unsigned long long)r->n_trials, (unsigned long long)r->seed, r->threads,
            r->threads == 1 ? "" : "s", r->elapsed_s);
    char why[256];
    if (plan_draft_reason(p, why, sizeof why)) {
        fputs("DRAFT plan: ", out);
        term_put(out, why);
        fputc('\n', out);
    }
    for (int s = 0; s < r->n_scenarios; s++)
        print_scenario(out, r, &r->scenarios[s], o);
    print_unknown(out, r);
    print_exceptions(out, r);
    money_report_print(out, r->money);
    findings_print(out, r); /* reports/findings.h: what to decide, who owns it */
    print_verdict(out, r);
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

/* "WORD NAME" with NAME escaped: "store pgmain", "step restore-db". */
static void put_named(FILE *out, const char *word, const char *name)
{
    fprintf(out, "%s ", word);
    term_put(out, name);
}

/* The store-loss line of a damaged store (after "store NAME"): the rule that supplied its
 * clean point and how far before the onset that point lies (the data lost for good), or
 * that none did; then whether the adversary deleted newer clean points, and what passed
 * over a newer point otherwise (why). */
static void print_damaged_loss(FILE *out, const struct store *st, const struct trial_event *ev,
                               const char *why)
{
    char b[32];
    int deleted = (ev->flag & TRIAL_LOSS_DELETED) != 0;
    if (st->recovery == STORE_RECOVER_REBUILD && !(ev->flag & TRIAL_LOSS_NO_POINT)) {
        fputs(" (damaged): rebuilt from other stores once they are clean\n", out);
        return;
    }
    if (st->ephemeral) {
        fputs(" (damaged): recreated empty (no data to lose)\n", out);
        return;
    }
    if ((ev->flag & TRIAL_LOSS_NO_POINT) || ev->rule < 0 || ev->rule >= (int)st->n_rules) {
        fprintf(out, " (damaged): NO CLEAN RECOVERY POINT: its data is lost for good%s%s\n",
                deleted ? "; the adversary deleted every clean point it could reach" : "",
                why);
        return;
    }
    const struct backup_rule *ru = &st->rules[ev->rule];
    fputs(" (damaged): clean point from rule ", out);
    term_put(out, ru->name);
    fprintf(out, "%s%s, %s before the onset (lost for good)%s%s\n",
            ru->immutable ? " (immutable)" : "",
            ru->schedule.kind == SCHED_CONTINUOUS ? " (point-in-time recovery)" : "",
            units_format_duration(ev->value_s, b, sizeof b),
            deleted ? "; newer clean points were deleted by the adversary" : "", why);
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
        if (sc->damage.present) {
            fputs("DETECTION: the logical damage is found", out);
            if (sc->scope != OUTAGE_NONE)
                fprintf(out, " and the %s outage starts", plan_scope_name(sc->scope));
            fprintf(out, "; the RTO clock %s\n",
                    sc->rto_clock == RTO_FROM_DETECTION ? "starts now"
                    : sc->rto_clock == RTO_FROM_DECLARATION ? "starts at the declaration"
                                                            : "started at the onset");
            break;
        }
        fprintf(out, "outage starts (%s); it lasts %s\n", plan_scope_name(sc->scope),
                isfinite(ev->value_s) ? units_format_duration(ev->value_s, b[0], sizeof b[0])
                                      : "until recovered");
        break;
    case TRIAL_EV_STORE_LOSS: {
        const struct store *st = &p->stores[ev->store];
        int zone_kept = sc->scope == OUTAGE_ZONE &&
                        (st->zone_mode == STORE_ZONE_SYNC || st->zone_mode == STORE_ZONE_CLUSTER);
        int lost = ev->flag & TRIAL_LOSS_NO_POINT;
        /* What passed over a newer point (failure group, copy queue), said last. */
        const char *why = (ev->flag & TRIAL_LOSS_GROUP) && (ev->flag & TRIAL_LOSS_QUEUED)
                              ? "; a newer point was lost to its failure group, another's copy "
                                "was held up by the shared copy capacity"
                          : ev->flag & TRIAL_LOSS_GROUP ? "; a newer point was lost to its failure group"
                          : ev->flag & TRIAL_LOSS_QUEUED ? "; a newer point's copy was held up by the "
                                                           "shared copy capacity"
                                                         : "";
        put_named(out, "store", st->name);
        if (sc->damage.present && sc->scope == OUTAGE_NONE && !plan_store_damaged(sc, ev->store) &&
            !(ev->flag & TRIAL_LOSS_DAMAGED)) {
            fputs(": not damaged (nothing lost)\n", out);
            break;
        }
        if (ev->flag & TRIAL_LOSS_DAMAGED) {
            print_damaged_loss(out, st, ev, why);
            break;
        }
        if (ev->flag & TRIAL_LOSS_REPLICA)
            fprintf(out, ": its replica in %s is promoted, %s behind (the replication lag)\n",
                    st->replica.region, units_format_duration(ev->value_s, b[0], sizeof b[0]));
        else if (st->recovery == STORE_RECOVER_REBUILD && !lost)
            fputs(": rebuilt from other stores (no loss of its own)\n", out);
        else if (zone_kept && !lost)
            fprintf(out, ": nothing lost (%s in another zone)\n",
                    st->zone_mode == STORE_ZONE_SYNC ? "synchronous replica" : "cluster members");
        else if (sc->scope == OUTAGE_ZONE && st->zone_mode == STORE_ZONE_ASYNC && !lost)
            fprintf(out, ": asynchronous replica is %s behind\n",
                    units_format_duration(ev->value_s, b[0], sizeof b[0]));
        else if (lost)
            fprintf(out, ": no usable recovery point (data lost)%s\n", why);
        else
            fprintf(out, ": newest usable recovery point is %s old%s\n",
                    units_format_duration(ev->value_s, b[0], sizeof b[0]), why);
        break;
    }
    case TRIAL_EV_STEP_READY:
        put_named(out, "step", sc->steps[ev->step].name);
        fputs(" is ready\n", out);
        break;
    case TRIAL_EV_PAGE: {
        const struct role *ro = &p->roles[ev->role];
        const uint64_t all = plan_first_bits(ro->count);
        put_named(out, "page", ro->name);
        fprintf(out, " (%s)", sched_period_name((enum sched_period)ev->flag));
        if (ev->why == TRIAL_PAGE_OTHERS || ev->paged != all) {
            /* A rota: who this page reaches, by name. */
            int list[PLAN_MAX_NEEDS] = {0}, n = 0, more = 0;
            for (int j = 0; j < ro->count && j < 64; j++)
                if (ev->paged >> j & 1) {
                    if (n < PLAN_MAX_NEEDS)
                        list[n++] = ro->first_person + j;
                    else
                        more++;
                }
            people_list(p, list, n, who, sizeof who);
            fputs(ev->why == TRIAL_PAGE_OTHERS ? " the rest of the team: " : " on call: ", out);
            term_put(out, who);
            if (more)
                fprintf(out, " and %d more", more);
        }
        if (ev->why != TRIAL_PAGE_NEEDED && ev->why != TRIAL_PAGE_OTHERS)
            fputs(ev->why == TRIAL_PAGE_AT_START ? " ahead, at the start"
                                                 : " ahead, at the declaration", out);
        if (ev->stand_in_role >= 0)
            put_named(out, " to stand in for", p->roles[ev->stand_in_role].name);
        fputc('\n', out);
        break;
    }
    case TRIAL_EV_PERSON_AVAILABLE:
        plan_person_name(p, ev->person, who, sizeof who);
        term_put(out, who);
        fprintf(out, " responds after %s\n",
                units_format_duration(ev->value_s, b[0], sizeof b[0]));
        break;
    case TRIAL_EV_ESCALATION:
        plan_person_name(p, ev->person, who, sizeof who);
        fputs("escalation: ", out);
        term_put(out, who);
        put_named(out, " stands in for", p->roles[ev->role].name);
        put_named(out, " on step", ev->step >= 0 ? sc->steps[ev->step].name : "?");
        if (p->roles[ev->role].n_stand_ins > 1)
            fprintf(out, " (level %d of its chain)", ev->level);
        fputc('\n', out);
        break;
    case TRIAL_EV_STEP_START:
        people_list(p, ev->people, ev->n_people, who, sizeof who);
        put_named(out, "step", sc->steps[ev->step].name);
        fprintf(out, " starts (%s of work",
                units_format_duration(ev->value_s, b[0], sizeof b[0]));
        if (ev->n_people) {
            fputs(", by ", out);
            term_put(out, who);
        }
        fputc(')', out);
        if (ev->wait_s > 0)
            fprintf(out, " after waiting %s for people",
                    units_format_duration(ev->wait_s, b[1], sizeof b[1]));
        fputc('\n', out);
        break;
    case TRIAL_EV_STEP_END:
        put_named(out, "step", sc->steps[ev->step].name);
        if (sc->restore_region > 0 && sc->steps[ev->step].kind == STEP_RESTORE)
            fprintf(out, " ends (it took %s, sharing the restore capacity of %s)\n",
                    units_format_duration(ev->value_s, b[0], sizeof b[0]),
                    p->restore_regions[sc->restore_region - 1].name);
        else
            fputs(" ends\n", out);
        break;
    case TRIAL_EV_OUTAGE_END:
        fprintf(out, "outage ends by itself (the provider's fix)%s\n",
                !ev->flag ? ""
                : sc->ponr_step >= 0 ? ": the failover has not reached its point of no return"
                                     : ": service is not yet restored by the failover");
        break;
    case TRIAL_EV_SERVICE_RESTORED:
        fprintf(out, "SERVICE RESTORED%s: RTO %s\n", ev->flag ? " on the primary" : "",
                units_format_duration(ev->value_s, b[0], sizeof b[0]));
        break;
    case TRIAL_EV_FULL_RESTORATION:
        fprintf(out, "full restoration: %s\n",
                units_format_duration(ev->value_s, b[0], sizeof b[0]));
        break;
    case TRIAL_EV_DECISION:
        put_named(out, "decision at the end of", sc->steps[ev->step].name);
        fprintf(out, ": outage has lasted %s, failing over would lose %s; ", rel,
                isfinite(ev->value_s) ? units_format_duration(ev->value_s, b[0], sizeof b[0])
                                      : "a store entirely (no usable point)");
        switch ((enum trial_go)ev->flag) {
        case TRIAL_GO_AT_ONCE: fputs("fail over now\n", out); break;
        case TRIAL_GO_LOSS: fputs("fail over now (the data loss is under the threshold)\n", out); break;
        case TRIAL_GO_LASTED: fputs("fail over now (the outage has lasted long enough)\n", out); break;
        case TRIAL_GO_WAIT:
            fprintf(out, "wait %s for the provider, then fail over\n",
                    units_format_duration(ev->wait_s, b[1], sizeof b[1]));
            break;
        case TRIAL_GO_NEVER:
        case TRIAL_GO_NONE: fputs("do not fail over: wait for the provider\n", out); break;
        }
        break;
    case TRIAL_EV_GO:
        fputs("go: the failover starts\n", out);
        break;
    case TRIAL_EV_ABANDON:
        if (!(ev->value_s <= ev->t_s))  /* no go yet (NAN included) */
            fprintf(out, "no failover under way (no go yet): recovery is the primary's "
                    "return%s\n", ev->flag ? "; the decision is cancelled" : "");
        else
            fprintf(out, "failover abandoned: %d step%s cancelled, their people released\n",
                    ev->flag, ev->flag == 1 ? "" : "s");
        break;
    case TRIAL_EV_PRIMARY_BACK:
        fprintf(out, "the primary serves again, %s after the outage ended\n",
                units_format_duration(ev->value_s, b[0], sizeof b[0]));
        break;
    case TRIAL_EV_FAILBACK_START:
        fprintf(out, "failback starts (planned %s after the primary's return and service in "
                "the secondary)\n",
                units_format_duration(ev->value_s, b[0], sizeof b[0]));
        break;
    case TRIAL_EV_ONSET: {
        /* The damaged stores by name, the dwell time, and what the adversary deletes. */
        int n = 0;
        fputs("ONSET: logical damage begins in ", out);
        for (int s = 0; s < p->n_stores; s++)
            if (plan_store_damaged(sc, s)) {
                fputs(n++ ? ", " : "", out);
                term_put(out, p->stores[s].name);
            }
        if (n == 0)
            fputs("no store", out);
        fprintf(out, "; undetected for %s (the damaged window: writes to re-enter or "
                     "reconcile)",
                units_format_duration(ev->value_s, b[0], sizeof b[0]));
        if (ev->flag == DAMAGE_DELETES_AT_ONSET)
            fputs("; every backup not immutable is deleted now", out);
        else if (ev->flag == DAMAGE_DELETES_AT_DETECTION)
            fputs("; every backup not immutable will be deleted at detection", out);
        fputc('\n', out);
        break;
    case TRIAL_EV_NOTIFY:
        plan_person_name(p, ev->person, who, sizeof who);
        fprintf(out, "%s %d to ", ev->attempt == 1 ? "notification" : "re-page", ev->attempt);
        term_put(out, who);
        if (ev->flag)
            fprintf(out, ": noticed, responds %s later\n",
                    units_format_duration(ev->value_s, b[0], sizeof b[0]));
        else if (ev->attempt == p->roles[ev->role].repage.attempts)
            fputs(": not noticed, the last one (no response to this page)\n", out);
        else
            fputs(": not noticed\n", out);
        break;
    case TRIAL_EV_ESCALATION_LEVEL:
        fprintf(out, "escalation level %d for ", ev->level);
        term_put(out, p->roles[ev->role].name);
        put_named(out, ": nobody free, stand-in", p->roles[ev->stand_in_role].name);
        fputs(" may take the step\n", out);
        break;
    case TRIAL_EV_OPTIONAL_JOIN:
        plan_person_name(p, ev->person, who, sizeof who);
        term_put(out, who);
        put_named(out, " joins step", sc->steps[ev->step].name);
        fputs(" (optional participant)\n", out);
        break;
    case TRIAL_EV_HANDOVER:
        plan_person_name(p, ev->person, who, sizeof who);
        if (ev->flag & TRIAL_HANDOVER_NOBODY) {
            term_put(out, who);
            put_named(out, " reaches the end of a shift on step", sc->steps[ev->step].name);
            put_named(out, ": nobody of", p->roles[ev->role].name);
            fputs(" is free to take over, so they carry on\n", out);
            break;
        }
        put_named(out, "hand-over on step", sc->steps[ev->step].name);
        fputs(": ", out);
        term_put(out, who);
        fputs(" hands over to ", out);
        char taker[128];
        plan_person_name(p, ev->n_people > 0 ? ev->people[0] : -1, taker, sizeof taker);
        term_put(out, taker);
        if (ev->flag & TRIAL_HANDOVER_TRANSFER)
            fputs(" (the transfer keeps its timing)", out);
        else
            fprintf(out, " (+%s to the step)",
                    units_format_duration(ev->value_s, b[0], sizeof b[0]));
        if (ev->wait_s > 0)
            fprintf(out, " after working %s past the shift",
                    units_format_duration(ev->wait_s, b[1], sizeof b[1]));
        if (p->roles[ev->role].shift.rest_s > 0) {
            fputs("; ", out);
            term_put(out, who);
            fprintf(out, " rests %s",
                    units_format_duration(p->roles[ev->role].shift.rest_s, b[0], sizeof b[0]));
        }
        fputc('\n', out);
        break;
    case TRIAL_EV_REST_END:
        plan_person_name(p, ev->person, who, sizeof who);
        term_put(out, who);
        fprintf(out, " has rested %s and is free again\n",
                units_format_duration(ev->value_s, b[0], sizeof b[0]));
        break;
    }
    }
}

void term_print_trial(FILE *out, const struct plan *p, const struct trial_result *tr)
{
    const struct scenario *sc = &p->scenarios[tr->scenario];
    char b[4][32];
    fprintf(out, "\ntrial %llu of scenario ", (unsigned long long)tr->trial);
    term_put(out, sc->name);
    fprintf(out, ": RTO %s, RPO %s, full restoration %s%s\n",
            term_duration(tr->rto_s, b[0], sizeof b[0]),
            term_duration(tr->rpo_s, b[1], sizeof b[1]),
            term_duration(tr->full_s, b[2], sizeof b[2]),
            sc->damage.present && sc->scope == OUTAGE_NONE ? ""
            : !tr->in_place ? " (failed over)"
            : tr->abandoned ? " (recovered in place: failover abandoned)"
                            : " (recovered in place)");
    if (sc->damage.present) {
        /* The damaged window and the clock; no targets line without an objective. */
        char f[512];
        fprintf(out, "  logical damage: damaged window %s (onset to detection), RTO from the "
                     "%s%s\n",
                term_duration(tr->damaged_s, b[0], sizeof b[0]), damage_rto_clock_text(sc),
                tr->no_clean ? "; NO CLEAN POINT for a damaged store: its data is lost for good"
                             : "");
        if (damage_no_objective_finding(sc, f, sizeof f)) {
            fputs("  finding: the BCP sets no recovery objective for ", out);
            term_put(out, sc->name);
            fputs(" (logical damage): no targets, no verdict\n", out);
        }
    }
    if (sc->has_policy)
        fprintf(out, "  targets: RTO %s (%s), RPO %s (%s)\n",
                term_duration(sc->rto_target_s, b[0], sizeof b[0]),
                tr->rto_s <= sc->rto_target_s ? "met" : "MISSED",
                term_duration(sc->rpo_target_s, b[1], sizeof b[1]),
                tr->rpo_s <= sc->rpo_target_s ? "met" : "MISSED");
    /* Each business service in this trial, against its own targets for the scenario;
     * '*' marks the services whose restoration is the scenario's. */
    for (int i = plan_next_service(p, -1); i >= 0 && tr->service_rto_s && tr->service_rpo_s;
         i = plan_next_service(p, i)) {
        const struct service *svc = &p->services[i];
        double rt = svc->rto_target_s ? svc->rto_target_s[tr->scenario] : svc->rto_s;
        double pt = svc->rpo_target_s ? svc->rpo_target_s[tr->scenario] : svc->rpo_s;
        fputs("  service ", out);
        term_put(out, svc->name);
        fprintf(out, "%s: RTO %s", plan_defines_restoration(sc, i) ? "*" : "",
                term_duration_vs(tr->service_rto_s[i], rt, b[0], sizeof b[0]));
        if (isfinite(rt))
            fprintf(out, " (target %s, %s)", term_duration(rt, b[1], sizeof b[1]),
                    tr->service_rto_s[i] <= rt ? "met" : "MISSED");
        fprintf(out, ", RPO %s", term_duration_vs(tr->service_rpo_s[i], pt, b[2], sizeof b[2]));
        if (isfinite(pt))
            fprintf(out, " (target %s, %s)", term_duration(pt, b[3], sizeof b[3]),
                    tr->service_rpo_s[i] <= pt ? "met" : "MISSED");
        fputc('\n', out);
    }
    if (tr->critical_mask) {
        fputs("  critical path:", out);
        for (int i = 0; i < tr->n_steps; i++)
            if (tr->steps[i].on_path) {
                fputc(' ', out);
                term_put(out, sc->steps[i].name);
                fprintf(out, " (%s)",
                        term_duration(tr->steps[i].contribution_s, b[0], sizeof b[0]));
                if (i == sc->decision_step && tr->path_go_wait_s > 0)
                    fprintf(out, " waiting-for-the-go (%s)",
                            term_duration(tr->path_go_wait_s, b[0], sizeof b[0]));
            }
        fputc('\n', out);
    }
}
