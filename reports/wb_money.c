/* reports/wb_money.c: the Money sheet of the auditor's workbook (reports/wb_int.h): the
 * money at stake (analysis/money.h) as a reader can recompute it.
 *
 * First the expected annual loss per scenario as a formula: its rate cell (outages a
 * year) times its mean-loss cell (the exact mean priced loss per outage over the
 * simulated outages), so that editing either input re-prices it; the share and the total
 * are formulas too. Beside them the simulated figures (the mean over the simulated
 * years, its standard error, the 1-in-10 and 1-in-100-year losses), then what each
 * service costs per outage in each scenario and what is not priced, and last the loss
 * exceedance table (the sheet's table: P(a year's loss > amount) with its standard
 * error). Written only when the run priced its outages (drsim run).
 */
#include "reports/wb_int.h"

#include <math.h>
#include <stdio.h>

#include "analysis/money.h"
#include "reports/money_report.h"

enum { MO_SCEN = 0, MO_RATE, MO_MEAN, MO_EAL, MO_SHARE, MO_SIM, MO_P50, MO_P95, MO_MAX, MO_NCOLS };

/* The per-scenario table with its formulas; returns the row of the total. */
static lxw_row_t eal_table(struct sheet *sh, const struct money_results *m)
{
    static const char *const head[MO_NCOLS] = {
        "Scenario", "Outages a year", "Mean loss per outage ($)",
        "Expected annual loss ($) = rate x mean", "Share", "Simulated annual loss ($)",
        "P50 loss per outage ($)", "P95 loss per outage ($)", "Largest loss per outage ($)"
    };
    const struct fmts *f = &sh->w->f;
    const struct plan *p = m->plan;
    char fm[WB_FORMULA], a[16], b[16];
    lxw_row_t first = sh->row + 1, last = first + (lxw_row_t)m->n_scenarios - 1;
    lxw_row_t total = last + 1;

    wb_put_note(sh, f->section, "Expected annual loss");
    wb_put_header(sh, head, MO_NCOLS);
    wb_next_row(sh);
    for (int s = 0; s < m->n_scenarios; s++) {
        const struct money_scenario *ms = &m->scenarios[s];
        lxw_row_t r = sh->row;
        wb_put_text(sh, MO_SCEN, p->scenarios[s].name, NULL);
        wb_put_num(sh, MO_RATE, ms->per_year, f->num);
        wb_put_num(sh, MO_MEAN, ms->mean_usd, f->usd);
        snprintf(fm, sizeof fm, "=%s*%s", wb_ref(a, r, MO_RATE), wb_ref(b, r, MO_MEAN));
        wb_put_formula_num(sh, MO_EAL, fm, ms->eal_closed_usd, f->usd);
        snprintf(fm, sizeof fm, "=IF($%c$%u=0,0,%s/$%c$%u)", 'A' + MO_EAL, (unsigned)total + 1,
                 wb_ref(a, r, MO_EAL), 'A' + MO_EAL, (unsigned)total + 1);
        wb_put_formula_num(sh, MO_SHARE, fm, ms->share, f->pct);
        wb_put_num(sh, MO_SIM, ms->eal_usd, f->usd);
        wb_put_num(sh, MO_P50, ms->p50_usd, f->usd);
        wb_put_num(sh, MO_P95, ms->p95_usd, f->usd);
        wb_put_num(sh, MO_MAX, ms->max_usd, f->usd);
        wb_next_row(sh);
    }
    wb_put_text(sh, MO_SCEN, "All scenarios", f->bold);
    snprintf(fm, sizeof fm, "=SUM(%s:%s)", wb_ref(a, first, MO_RATE), wb_ref(b, last, MO_RATE));
    double rates = 0;
    for (int s = 0; s < m->n_scenarios; s++)
        rates += m->scenarios[s].per_year;
    wb_put_formula_num(sh, MO_RATE, fm, rates, f->num);
    snprintf(fm, sizeof fm, "=SUM(%s:%s)", wb_ref(a, first, MO_EAL), wb_ref(b, last, MO_EAL));
    wb_put_formula_num(sh, MO_EAL, fm, m->years.eal_closed_usd, f->usd);
    snprintf(fm, sizeof fm, "=SUM(%s:%s)", wb_ref(a, first, MO_SHARE), wb_ref(b, last, MO_SHARE));
    wb_put_formula_num(sh, MO_SHARE, fm, m->years.eal_closed_usd > 0 ? 1 : 0, f->pct);
    wb_put_num(sh, MO_SIM, m->years.eal_usd, f->usd);
    wb_next_row(sh);
    return total;
}

/* The simulated years' figures, one per row. */
static void years_rows(struct sheet *sh, const struct money_results *m)
{
    const struct fmts *f = &sh->w->f;
    const struct money_years *y = &m->years;
    char text[512];
    wb_next_row(sh);
    wb_put_note(sh, f->section, "Simulated years (compound Poisson)");
    struct {
        const char *label;
        double v;
        lxw_format *fmt;
    } rows[] = {
        {"Years simulated", (double)y->n_years, f->count},
        {"Seed (the run's)", (double)y->seed, f->num},
        {"Simulated expected annual loss ($)", y->eal_usd, f->usd},
        {"Its standard error ($)", y->eal_se_usd, f->usd},
        {"1-in-10-year loss ($): PERCENTILE.INC 90 % of year losses", y->y10_usd, f->usd},
        {"1-in-100-year loss ($): PERCENTILE.INC 99 %", y->y100_usd, f->usd},
        {"Largest year loss ($)", y->max_usd, f->usd},
        {"Share of years with a loss", y->p_any, f->pct},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        wb_put_text(sh, 0, rows[i].label, NULL);
        wb_put_num(sh, 1, rows[i].v, rows[i].fmt);
        wb_next_row(sh);
    }
    wb_put_text(sh, 0, "Simulation agrees with the closed form (within 4 s.e. + 0.05 %)", NULL);
    wb_put_text(sh, 1, y->agrees ? "yes" : "NO",
                y->agrees ? NULL : sh->w->f.verdict[MC_VERDICT_BREACH]);
    wb_next_row(sh);
    if (money_report_unpriced(m, text, sizeof text)) {
        wb_next_row(sh);
        wb_put_note(sh, f->note_wrap, text);
    }
}

/* Per scenario and service: the prices and the mean cost per outage. */
static void service_rows(struct sheet *sh, const struct money_results *m)
{
    static const char *const head[] = {
        "Scenario", "Service", "Cost per hour of downtime ($)", "Data loss per hour ($)",
        "Data lost for good ($)", "Mean downtime cost per outage ($)",
        "Mean data cost per outage ($)", "Outages never restored (unpriced)",
        "Outages losing data for good (unpriced)"
    };
    const struct fmts *f = &sh->w->f;
    const struct plan *p = m->plan;
    if (m->n_services == 0)
        return;
    wb_next_row(sh);
    wb_put_note(sh, f->section, "What each service costs per outage");
    wb_put_header(sh, head, (int)(sizeof head / sizeof head[0]));
    wb_next_row(sh);
    for (int s = 0; s < m->n_scenarios; s++) {
        for (int i = 0; i < m->n_services; i++) {
            const struct service *sv = &p->services[i];
            const struct money_service *ms = &m->scenarios[s].services[i];
            wb_put_text(sh, 0, p->scenarios[s].name, NULL);
            wb_put_text(sh, 1, sv->name, NULL);
            if (money_prices_downtime(sv))
                wb_put_num(sh, 2, sv->cost_per_hour_usd, f->usd);
            else
                wb_put_text(sh, 2, "not priced", NULL);
            if (!isnan(sv->data_loss_cost_per_hour_usd))
                wb_put_num(sh, 3, sv->data_loss_cost_per_hour_usd, f->usd);
            else
                wb_put_text(sh, 3, sv->n_stores ? "not priced" : "no data", NULL);
            if (!isnan(sv->data_lost_for_good_usd))
                wb_put_num(sh, 4, sv->data_lost_for_good_usd, f->usd);
            else
                wb_put_text(sh, 4, sv->n_stores ? "not priced" : "no data", NULL);
            wb_put_num(sh, 5, ms->mean_downtime_usd, f->usd);
            wb_put_num(sh, 6, ms->mean_data_usd, f->usd);
            wb_put_num(sh, 7, (double)ms->n_never_back, f->count);
            wb_put_num(sh, 8, (double)ms->n_lost_unpriced, f->count);
            wb_next_row(sh);
        }
    }
}

void wb_money_sheet(struct wb *w)
{
    const struct money_results *m = w->r ? w->r->money : NULL;
    const struct fmts *f = &w->f;
    struct sheet sh;
    char text[1024];
    if (!m || wb_sheet_open_cols(w, &sh, "Money", MO_NCOLS))
        return;
    wb_put_note(&sh, f->title, "Money at stake: expected annual loss and loss exceedance");
    wb_put_notef(&sh, f->note_wrap,
                 "FAIR method (a loss event frequency times a loss magnitude, combined by "
                 "simulating years), with the magnitude of each outage priced from its "
                 "simulated recovery: each service's downtime (until restored, plus its work "
                 "recovery time) at its cost per hour from the BIA, and its data loss (RPO) "
                 "at its price per hour of data lost, or its price for data lost for good. "
                 "The expected annual loss is outages a year x mean loss per outage: edit "
                 "either cell to re-price. The years are simulated as compound Poisson "
                 "processes: %s.", money_report_headline(m, text, sizeof text));
    eal_table(&sh, m);
    years_rows(&sh, m);
    service_rows(&sh, m);

    /* The loss exceedance table is the sheet's table, written last. */
    wb_next_row(&sh);
    wb_put_note(&sh, f->section, "Loss exceedance curve: P(a year's loss > amount)");
    sh.head_row = sh.row;
    static const char *const head[] = {"Amount ($)", "Years over", "P(year loss > amount)",
                                       "Standard error"};
    wb_put_header(&sh, head, 4);
    wb_next_row(&sh);
    lxw_format *p2 = workbook_add_format(w->book);
    if (p2)
        format_set_num_format(p2, "0.000%");
    for (int i = 0; i < m->years.n_lec; i++) {
        const struct money_lec_point *pt = &m->years.lec[i];
        wb_put_num(&sh, 0, pt->amount_usd, f->usd);
        wb_put_num(&sh, 1, (double)pt->n_over, f->count);
        wb_put_num(&sh, 2, pt->p_over, p2 ? p2 : f->pct);
        wb_put_num(&sh, 3, pt->se, p2 ? p2 : f->pct);
        wb_next_row(&sh);
    }
    wb_sheet_finish(&sh, 1, sh.row - 1, 1);
}
