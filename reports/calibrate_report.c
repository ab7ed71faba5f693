/* reports/calibrate_report.c: the terminal report of a calibration (see
 * calibrate_report.h). */
#include "reports/calibrate_report.h"

#include <math.h>
#include <string.h>

#include "models/units.h"
#include "reports/term.h"

static void print_values(FILE *out, const double *v, size_t n)
{
    char b[32];
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%s", i ? ", " : "", units_format_duration(v[i], b, sizeof b));
}

/* The parameters of a fitted family with their standard errors. */
static void print_params(FILE *out, const struct fit_result *r)
{
    char a[32], b[32];
    switch (r->family) {
    case FIT_LOGNORMAL:
        fprintf(out, "mu %.4f +- %.4f, sigma %.4f +- %.4f", r->dist.p[0], r->se[0], r->dist.p[1],
                r->se[1]);
        break;
    case FIT_GAMMA:
    case FIT_WEIBULL:
        fprintf(out, "shape %.4g +- %.2g, scale %s +- %s", r->dist.p[0], r->se[0],
                units_format_duration(r->dist.p[1], a, sizeof a),
                isnan(r->se[1]) ? "?" : units_format_duration(r->se[1], b, sizeof b));
        break;
    case FIT_N_FAMILIES:
        break;
    }
}

static void print_quantiles(FILE *out, const char *label, const char *desc, double p50,
                            double p95)
{
    char b1[32], b2[32];
    fprintf(out, "    %-10s %-44s P50 %8s  P95 %8s\n", label, desc, term_duration(p50, b1, sizeof b1),
            term_duration(p95, b2, sizeof b2));
}

static void print_dist_line(FILE *out, const char *label, const struct dist *d)
{
    char desc[256];
    dist_describe(d, units_format_duration, desc, sizeof desc);
    print_quantiles(out, label, desc, dist_quantile(d, 0.5), dist_quantile(d, 0.95));
}

/* Every family's fit, then what was chosen: of a step or a response (choice, n values,
 * the distribution chosen and the outcome). */
static void print_fits(FILE *out, const struct calibrate_results *r,
                       const struct fit_choice *ch, size_t n, const struct dist *chosen,
                       enum calibrate_outcome outcome)
{
    if (!ch->empirical) {
        for (int f = 0; f < FIT_N_FAMILIES; f++) {
            const struct fit_result *fr = &ch->fits[f];
            fprintf(out, "    %-10s ", fit_family_name((enum fit_family)f));
            if (fr->status != FIT_OK) {
                fprintf(out, "%s\n", fit_strerror(fr->status));
                continue;
            }
            print_params(out, fr);
            fprintf(out, "; log L %.2f, AIC %.2f, KS D %.3f (p %.2f)%s\n", fr->loglik, fr->aic,
                    fr->ks, fr->ks_p, f == ch->best ? "  <- lowest AIC" : "");
        }
    } else if (n < r->min_points) {
        fprintf(out, "    fewer than %zu observations: the observations themselves (empirical)\n",
                r->min_points);
    } else {
        fprintf(out, "    no family could be fitted: the observations themselves (empirical)\n");
    }
    print_dist_line(out, "fitted", chosen);
    if (outcome == CALIBRATE_TOO_LONG)
        fprintf(out, "    too many values to write back; not calibrated\n");
}

static void print_step(FILE *out, const struct calibrate_results *r,
                       const struct calibrate_step *c)
{
    const struct plan *p = r->plan;
    const struct scenario *sc = &p->scenarios[c->scenario];
    const struct step *st = &sc->steps[c->step];

    fprintf(out, "\n  %s / %s: %zu observation%s: ", sc->name, st->name, c->n,
            c->n == 1 ? "" : "s");
    print_values(out, c->values_s, c->n);
    fputc('\n', out);
    if (c->outcome == CALIBRATE_STORE_STEP) {
        const struct store *so = &p->stores[st->store];
        if (st->kind == STEP_FAILOVER || st->kind == STEP_PROMOTE)
            print_dist_line(out, "plan", st->kind == STEP_FAILOVER ? &so->failover
                                                                   : &so->replica.promote);
        else
            print_quantiles(out, "plan", "restore model of the store", c->model_p50_s,
                            c->model_p95_s);
        fprintf(out, "    not fitted: a %s step takes its time from store '%s' (%s)\n",
                st->kind == STEP_RESTORE    ? "restore"
                : st->kind == STEP_PROMOTE  ? "promote"
                                            : "failover",
                so->name,
                st->kind == STEP_RESTORE    ? "size, restore throughput, overhead"
                : st->kind == STEP_PROMOTE  ? "replica.promote"
                                            : "zone_redundancy.failover");
        return;
    }
    print_dist_line(out, "plan", &st->duration);
    if (c->outcome == CALIBRATE_ONE_VALUE) {
        fprintf(out, "    not calibrated: one observation is not a distribution (the plan's "
                     "stays)\n");
        return;
    }
    print_fits(out, r, &c->choice, c->n, &c->chosen, c->outcome);
}

/* Response times shown per page: a year of pages is hundreds of values. */
#define SHOWN_VALUES 12

static void print_response(FILE *out, const struct calibrate_results *r,
                           const struct calibrate_response *c)
{
    const struct role *ro = &r->plan->roles[c->role];
    const char *period = sched_period_name(c->period);

    fprintf(out, "\n  %s / %s: %zu response%s: ", ro->name, period, c->n, c->n == 1 ? "" : "s");
    print_values(out, c->values_s, c->n < SHOWN_VALUES ? c->n : SHOWN_VALUES);
    if (c->n > SHOWN_VALUES)
        fprintf(out, ", ... (%zu more)", c->n - SHOWN_VALUES);
    fputc('\n', out);
    print_dist_line(out, "plan", &ro->response[c->period]);
    if (c->outcome == CALIBRATE_ONE_VALUE) {
        fprintf(out, "    not calibrated: one response is not a distribution (the plan's "
                     "stays)\n");
        return;
    }
    print_fits(out, r, &c->choice, c->n, &c->chosen, c->outcome);
    if (c->outcome == CALIBRATE_NOT_WRITTEN)
        fprintf(out, "    not written back: the plan does not write response.%s for %s (it "
                     "takes the business distribution); write it out to calibrate it\n",
                period, ro->name);
}

/* The response times section: what the pages were, then each role and period. */
static void print_responses(FILE *out, const struct calibrate_results *r, const char *pages_name)
{
    const struct pages_log *pl = r->pages;
    int n_ack = pl->n_pages - pl->n_unacknowledged;

    fprintf(out, "\n  Response times from %s (%d page%s), each in the period of its page by "
                 "the role's calendar:\n",
            pages_name, pl->n_pages, pl->n_pages == 1 ? "" : "s");
    if (pl->n_unacknowledged > 0)
        fprintf(out, "    %d page%s never acknowledged: no response time, not fitted\n",
                pl->n_unacknowledged, pl->n_unacknowledged == 1 ? "" : "s");
    if (r->n_responses == 0 || n_ack == 0)
        fprintf(out, "\n  no page was acknowledged: nothing to fit\n");
    for (int i = 0; i < r->n_responses; i++)
        print_response(out, r, &r->responses[i]);
}

void calibrate_report_print(FILE *out, const struct calibrate_results *r, const char *plan_label,
                            const char *drills_name, const char *pages_name)
{
    const struct plan *p = r->plan;
    char b1[32], b2[32];

    fprintf(out, "Calibrating %s (%s) from ", p->name, plan_label);
    if (r->log) {
        int n_ex = r->log->n_exercises;
        fprintf(out, "%s (%d exercise%s)", drills_name, n_ex, n_ex == 1 ? "" : "s");
    }
    if (r->pages)
        fprintf(out, "%s%s (%d page%s)", r->log ? " and " : "", pages_name, r->pages->n_pages,
                r->pages->n_pages == 1 ? "" : "s");
    fputc('\n', out);
    if (r->log && r->n_steps == 0)
        fprintf(out, "\n  no exercise measured a runbook step: nothing to fit\n");
    for (int i = 0; i < r->n_steps; i++)
        print_step(out, r, &r->steps[i]);
    for (int i = 0; i < r->n_restores; i++) {
        const struct calibrate_restore *cr = &r->restores[i];
        if (i == 0)
            fprintf(out, "\n  Restores measured per store (not fitted: the restore time follows "
                         "from size, throughput and overhead):\n");
        fprintf(out, "    %-14s ", p->stores[cr->store].name);
        print_values(out, cr->values_s, (size_t)cr->n);
        if (cr->has_model)
            fprintf(out, "   (model P50 %s, P95 %s)", term_duration(cr->model_p50_s, b1, sizeof b1),
                    term_duration(cr->model_p95_s, b2, sizeof b2));
        fputc('\n', out);
    }
    if (r->pages)
        print_responses(out, r, pages_name);
}
