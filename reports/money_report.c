/* reports/money_report.c: the money at stake in words and in summary.json (see
 * money_report.h). */
#include "reports/money_report.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "reports/term.h"

char *money_report_usd(double usd, char *buf, size_t n)
{
    if (isnan(usd)) {
        snprintf(buf, n, "n/a");
        return buf;
    }
    if (isinf(usd)) {
        snprintf(buf, n, usd > 0 ? "inf" : "-inf");
        return buf;
    }
    char digits[48];
    double r = round(fabs(usd));
    snprintf(digits, sizeof digits, "%.0f", r);
    size_t len = strlen(digits), o = 0;
    char tmp[80];
    if (usd < 0 && r > 0)
        tmp[o++] = '-';
    tmp[o++] = '$';
    for (size_t i = 0; i < len; i++) {
        tmp[o++] = digits[i];
        if ((len - i - 1) % 3 == 0 && i + 1 < len)
            tmp[o++] = ',';
    }
    tmp[o] = '\0';
    snprintf(buf, n, "%s", tmp);
    return buf;
}

char *money_report_pct(double p, char *buf, size_t n)
{
    if (p == 0)
        snprintf(buf, n, "0%%");
    else if (p < 0.0001)
        snprintf(buf, n, "%.3f%%", 100.0 * p);
    else
        snprintf(buf, n, "%.2f%%", 100.0 * p);
    return buf;
}

int money_report_drivers(const struct money_results *m, struct money_driver *out, int max)
{
    int k = 0;
    for (int s = 0; s < m->n_scenarios; s++)
        for (int i = 0; i < m->n_services; i++)
            for (int d = 0; d < 2; d++) {
                const struct money_service *sv = &m->scenarios[s].services[i];
                struct money_driver c = {s, i, d, m->scenarios[s].per_year *
                                                      (d ? sv->mean_data_usd
                                                         : sv->mean_downtime_usd)};
                if (!(c.usd_per_year > 0))
                    continue;
                /* Insertion into the top max, strictly larger first: ties keep plan order. */
                int at = k < max ? k : max;
                while (at > 0 && out[at - 1].usd_per_year < c.usd_per_year)
                    at--;
                if (at >= max)
                    continue;
                int last = k < max ? k : max - 1;
                for (int j = last; j > at; j--)
                    out[j] = out[j - 1];
                out[at] = c;
                if (k < max)
                    k++;
            }
    return k;
}

char *money_report_driver_text(const struct money_results *m, const struct money_driver *d,
                               char *buf, size_t n)
{
    char a[32];
    snprintf(buf, n, "%s's %s in %s: %s a year", m->plan->services[d->service].name,
             d->is_data ? "data lost" : "downtime", m->plan->scenarios[d->scenario].name,
             money_report_usd(d->usd_per_year, a, sizeof a));
    return buf;
}

/* printf at buf + *o, advancing *o, cutting what does not fit. */
static void add(char *buf, size_t n, size_t *o, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void add(char *buf, size_t n, size_t *o, const char *fmt, ...)
{
    if (*o >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf + *o, n - *o, fmt, ap);
    va_end(ap);
    if (k > 0)
        *o = *o + (size_t)k < n ? *o + (size_t)k : n - 1;
}

/* The names of services for which which(sv) is true: "a, b and c"; returns the count. */
static int name_list(const struct plan *p, int (*which)(const struct service *), char *buf,
                     size_t n, size_t *o)
{
    int k = 0, total = 0;
    for (int i = 0; i < p->n_services; i++)
        total += which(&p->services[i]) != 0;
    for (int i = 0; i < p->n_services; i++) {
        if (!which(&p->services[i]))
            continue;
        add(buf, n, o, "%s%s", k == 0 ? "" : k == total - 1 ? " and " : ", ",
            p->services[i].name);
        k++;
    }
    return total;
}

static int no_downtime_price(const struct service *sv)
{
    return !money_prices_downtime(sv);
}

static int no_data_price(const struct service *sv)
{
    return sv->n_stores > 0 && !money_prices_data(sv);
}

int money_report_unpriced(const struct money_results *m, char *buf, size_t n)
{
    const struct plan *p = m->plan;
    size_t o = 0;
    int any = 0;
    buf[0] = '\0';
    if (p->n_services == 0) {
        snprintf(buf, n, "No business services ('services', the BIA) to price: nothing is "
                 "priced, and the loss reads 0.");
        return 1;
    }
    for (int i = 0; i < p->n_services; i++)
        any |= no_downtime_price(&p->services[i]);
    if (any) {
        add(buf, n, &o, "downtime not priced (no cost_per_hour): ");
        name_list(p, no_downtime_price, buf, n, &o);
        add(buf, n, &o, ". ");
    }
    int anyd = 0;
    for (int i = 0; i < p->n_services; i++)
        anyd |= no_data_price(&p->services[i]);
    if (anyd) {
        add(buf, n, &o, "Data loss not priced (no data_loss_cost_per_hour or "
                        "data_lost_for_good): ");
        name_list(p, no_data_price, buf, n, &o);
        add(buf, n, &o, ". ");
    }
    for (int s = 0; s < m->n_scenarios; s++) {
        const struct money_scenario *ms = &m->scenarios[s];
        for (int i = 0; i < m->n_services; i++) {
            const struct money_service *sv = &ms->services[i];
            double nt = ms->n_outages ? (double)ms->n_outages : 1;
            if (sv->n_never_back)
                add(buf, n, &o, "%s never restored in %.1f%% of %s outages: that downtime is "
                    "not priced. ", p->services[i].name, 100.0 * (double)sv->n_never_back / nt,
                    p->scenarios[s].name);
            if (sv->n_lost_unpriced)
                add(buf, n, &o, "%s's data lost for good in %.1f%% of %s outages, with no "
                    "data_lost_for_good price: not priced. ", p->services[i].name,
                    100.0 * (double)sv->n_lost_unpriced / nt, p->scenarios[s].name);
        }
    }
    if (o == 0)
        return 0;
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
    add(buf, n, &o, "The priced loss is a lower bound.");
    return 1;
}

char *money_report_headline(const struct money_results *m, char *buf, size_t n)
{
    char a[32], b[32], c[32], d[32];
    const struct money_years *y = &m->years;
    money_report_usd((double)y->n_years, d, sizeof d);
    snprintf(buf, n, "expected annual loss %s (per_year x mean loss per outage; simulated %s "
             "+- %s over %s years: %s)", money_report_usd(y->eal_closed_usd, a, sizeof a),
             money_report_usd(y->eal_usd, b, sizeof b), money_report_usd(y->eal_se_usd, c,
                                                                          sizeof c),
             d + 1, y->agrees ? "agrees" : "DISAGREES");
    return buf;
}

void money_report_print(FILE *out, const struct money_results *m)
{
    if (!m)
        return;
    const struct plan *p = m->plan;
    const struct money_years *y = &m->years;
    char a[32], b[32], c[32], text[4096];
    fputs("\nmoney at stake (FAIR: outages a year x priced loss per outage, by simulated "
          "years):\n  ", out);
    term_put(out, money_report_headline(m, text, sizeof text));
    fputc('\n', out);
    for (int s = 0; s < m->n_scenarios; s++) {
        const struct money_scenario *ms = &m->scenarios[s];
        fputs("  ", out);
        term_put_padded(out, p->scenarios[s].name, 22);
        fprintf(out, " %g a year x %s per outage = %s a year (%.1f%%); P95 outage %s\n",
                ms->per_year, money_report_usd(ms->mean_usd, a, sizeof a),
                money_report_usd(ms->eal_closed_usd, b, sizeof b), 100.0 * ms->share,
                money_report_usd(ms->p95_usd, c, sizeof c));
    }
    fprintf(out, "  1-in-10-year loss %s, 1-in-100-year loss %s; a year with any loss %.1f%%\n",
            money_report_usd(y->y10_usd, a, sizeof a), money_report_usd(y->y100_usd, b, sizeof b),
            100.0 * y->p_any);
    if (y->n_lec > 0) {
        fputs("  loss exceedance, P(a year loses more than):", out);
        for (int i = 0; i < y->n_lec; i++)
            fprintf(out, "%s %s %s", i ? "," : "",
                    money_report_usd(y->lec[i].amount_usd, a, sizeof a),
                    money_report_pct(y->lec[i].p_over, b, sizeof b));
        fputc('\n', out);
    }
    struct money_driver top[3];
    int nt = money_report_drivers(m, top, 3);
    for (int i = 0; i < nt; i++) {
        fputs(i ? "; " : "  largest parts: ", out);
        term_put(out, money_report_driver_text(m, &top[i], text, sizeof text));
        if (i == nt - 1)
            fputc('\n', out);
    }
    if (money_report_unpriced(m, text, sizeof text)) {
        fputs("  ", out);
        term_put(out, text);
        fputc('\n', out);
    }
}

void money_report_json(struct jsonio_writer *w, const struct money_results *m)
{
    if (!m) {
        jsonio_null(w, "money");
        return;
    }
    const struct plan *p = m->plan;
    const struct money_years *y = &m->years;
    char text[4096];
    jsonio_object(w, "money");
    jsonio_text(w, "method", "compound Poisson years over the simulated outages (FAIR)");
    jsonio_u64(w, "years", y->n_years);
    jsonio_u64(w, "seed", y->seed);
    jsonio_num(w, "eal_usd", y->eal_closed_usd);
    jsonio_num(w, "eal_simulated_usd", y->eal_usd);
    jsonio_num(w, "eal_se_usd", y->eal_se_usd);
    jsonio_bool(w, "agrees", y->agrees);
    jsonio_num(w, "p_any_loss", y->p_any);
    jsonio_num(w, "loss_1_in_10_usd", y->y10_usd);
    jsonio_num(w, "loss_1_in_100_usd", y->y100_usd);
    jsonio_num(w, "max_year_loss_usd", y->max_usd);
    jsonio_array(w, "scenarios");
    for (int s = 0; s < m->n_scenarios; s++) {
        const struct money_scenario *ms = &m->scenarios[s];
        jsonio_object(w, NULL);
        jsonio_text(w, "name", p->scenarios[s].name);
        jsonio_num(w, "per_year", ms->per_year);
        jsonio_u64(w, "outages", ms->n_outages);
        jsonio_num(w, "mean_loss_usd", ms->mean_usd);
        jsonio_num(w, "p50_loss_usd", ms->p50_usd);
        jsonio_num(w, "p95_loss_usd", ms->p95_usd);
        jsonio_num(w, "max_loss_usd", ms->max_usd);
        jsonio_num(w, "eal_usd", ms->eal_closed_usd);
        jsonio_num(w, "eal_simulated_usd", ms->eal_usd);
        jsonio_num(w, "share", ms->share);
        jsonio_array(w, "services");
        for (int i = 0; i < m->n_services; i++) {
            const struct money_service *sv = &ms->services[i];
            jsonio_object(w, NULL);
            jsonio_text(w, "name", p->services[i].name);
            jsonio_num(w, "mean_downtime_usd", sv->mean_downtime_usd);
            jsonio_num(w, "mean_data_usd", sv->mean_data_usd);
            jsonio_u64(w, "n_never_restored", sv->n_never_back);
            jsonio_u64(w, "n_data_lost_unpriced", sv->n_lost_unpriced);
            jsonio_end_object(w);
        }
        jsonio_end_array(w);
        jsonio_end_object(w);
    }
    jsonio_end_array(w);
    jsonio_array(w, "exceedance");
    for (int i = 0; i < y->n_lec; i++) {
        jsonio_object(w, NULL);
        jsonio_num(w, "amount_usd", y->lec[i].amount_usd);
        jsonio_u64(w, "n_years_over", y->lec[i].n_over);
        jsonio_num(w, "p_over", y->lec[i].p_over);
        jsonio_num(w, "se", y->lec[i].se);
        jsonio_end_object(w);
    }
    jsonio_end_array(w);
    struct money_driver top[5];
    int nt = money_report_drivers(m, top, 5);
    jsonio_array(w, "largest_parts");
    for (int i = 0; i < nt; i++) {
        jsonio_object(w, NULL);
        jsonio_text(w, "scenario", p->scenarios[top[i].scenario].name);
        jsonio_text(w, "service", p->services[top[i].service].name);
        jsonio_text(w, "part", top[i].is_data ? "data" : "downtime");
        jsonio_num(w, "usd_per_year", top[i].usd_per_year);
        jsonio_end_object(w);
    }
    jsonio_end_array(w);
    jsonio_array(w, "unpriced_downtime");
    for (int i = 0; i < p->n_services; i++)
        if (no_downtime_price(&p->services[i]))
            jsonio_text(w, NULL, p->services[i].name);
    jsonio_end_array(w);
    jsonio_array(w, "unpriced_data");
    for (int i = 0; i < p->n_services; i++)
        if (no_data_price(&p->services[i]))
            jsonio_text(w, NULL, p->services[i].name);
    jsonio_end_array(w);
    int lower = money_report_unpriced(m, text, sizeof text);
    jsonio_bool(w, "lower_bound", lower);
    jsonio_text(w, "unpriced_note", text);
    jsonio_end_object(w);
}
