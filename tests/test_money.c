/* tests/test_money.c: the money at stake (analysis/money.h) against known answers: a
 * constant loss per outage makes a year's loss L x Poisson(lambda), whose tail is exact;
 * the expected annual loss is lambda x L; scenarios add; an unpriced service adds
 * nothing and is listed; the figures are the same for any thread count; the years' own
 * stream leaves every other figure unchanged. Statistical checks use a fixed seed and 4
 * standard errors. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/money.h"
#include "reports/money_report.h"
#include "sim/mc.h"
#include "tests/fixture.h"

#define YEARS 100000
#define PLAN "tests/data/money.yaml"

/* A histogram of n copies of the loss L (dollars). */
static void constant_hist(struct hist *h, double L, int n)
{
    hist_init(h, NULL, 0);
    for (int i = 0; i < n; i++)
        cr_assert_eq(hist_add(h, L), 0);
}

static double se_of(double p, uint64_t n)
{
    return sqrt(p * (1 - p) / (double)n);
}

Test(money, constant_loss_poisson_tail)
{
    const double lambda = 0.7, L = 2000;
    struct hist h;
    struct money_years y;
    constant_hist(&h, L, 4096);
    struct money_source src = {lambda, &h};
    cr_assert_eq(money_years_run(&src, 1, YEARS, 11, &y), MONEY_OK);
    /* Closed form: exactly lambda x L. */
    cr_assert(fabs(y.eal_closed_usd - lambda * L) <= 1e-9 * lambda * L, "closed %.17g",
              y.eal_closed_usd);
    cr_assert(fabs(y.eal_usd - lambda * L) <= 4 * y.eal_se_usd, "EAL %g se %g", y.eal_usd,
              y.eal_se_usd);
    cr_assert(y.agrees);
    /* P(year loss > x) = P(N > floor(x / L)), at every round amount of the table. */
    cr_assert_gt(y.n_lec, 2);
    for (int i = 0; i < y.n_lec; i++) {
        double x = y.lec[i].amount_usd;
        double exact = money_poisson_tail(lambda, (uint64_t)floor(x / L));
        double tol = 4 * se_of(exact, YEARS) + 1e-12;
        cr_assert(fabs(y.lec[i].p_over - exact) <= tol, "x %g: %g vs exact %g", x,
                  y.lec[i].p_over, exact);
    }
    cr_assert(fabs(y.p_any - (1 - exp(-lambda))) <= 4 * se_of(1 - exp(-lambda), YEARS));
    /* Every year loss is a multiple of L: so are its percentiles and maximum. */
    cr_assert_eq(fmod(y.y10_usd, L), 0.0);
    cr_assert_eq(fmod(y.max_usd, L), 0.0);
    money_years_fini(&y);
    hist_fini(&h);
}

Test(money, poisson_tail_exact)
{
    /* P(N > 1) for lambda 0.5: 1 - e^-0.5 (1 + 0.5). */
    cr_assert(fabs(money_poisson_tail(0.5, 1) - (1 - exp(-0.5) * 1.5)) < 1e-15);
    cr_assert(fabs(money_poisson_tail(2, 0) - (1 - exp(-2))) < 1e-15);
}

Test(money, scenarios_add)
{
    struct hist a, b;
    struct money_years y, ya, yb;
    constant_hist(&a, 2000, 1000);
    constant_hist(&b, 500, 1000);
    struct money_source src[2] = {{0.5, &a}, {0.2, &b}};
    cr_assert_eq(money_years_run(src, 2, YEARS, 3, &y), MONEY_OK);
    cr_assert_eq(money_years_run(&src[0], 1, YEARS, 3, &ya), MONEY_OK);
    cr_assert_eq(money_years_run(&src[1], 1, YEARS, 3, &yb), MONEY_OK);
    cr_assert(fabs(y.eal_closed_usd - 1100) < 1e-9);
    cr_assert(fabs(y.eal_closed_usd - (ya.eal_closed_usd + yb.eal_closed_usd)) < 1e-9);
    cr_assert(fabs(y.eal_usd - 1100) <= 4 * y.eal_se_usd);
    cr_assert(y.agrees);
    cr_assert(fabs(y.src_closed_usd[0] - 1000) < 1e-9 && fabs(y.src_closed_usd[1] - 100) < 1e-9);
    cr_assert(fabs(y.src_eal_usd[0] + y.src_eal_usd[1] - y.eal_usd) < 1e-6 * y.eal_usd);
    /* A year has a loss when either scenario has an outage: rate 0.7 in all. */
    double p = 1 - exp(-0.7);
    cr_assert(fabs(y.p_any - p) <= 4 * se_of(p, YEARS));
    money_years_fini(&y);
    money_years_fini(&ya);
    money_years_fini(&yb);
    hist_fini(&a);
    hist_fini(&b);
}

Test(money, zero_rate_and_invalid)
{
    struct hist h;
    struct money_years y;
    constant_hist(&h, 100, 10);
    struct money_source src = {0, &h};
    cr_assert_eq(money_years_run(&src, 1, 1000, 1, &y), MONEY_OK);
    cr_assert_eq(y.eal_usd, 0);
    cr_assert_eq(y.eal_closed_usd, 0);
    cr_assert_eq(y.n_lec, 0);
    cr_assert_eq(y.n_curve, 0);
    money_years_fini(&y);
    src.per_year = -1;
    cr_assert_eq(money_years_run(&src, 1, 1000, 1, &y), MONEY_INVALID);
    src.per_year = NAN;
    cr_assert_eq(money_years_run(&src, 1, 1000, 1, &y), MONEY_INVALID);
    hist_fini(&h);
}

/* Run the plan with the money's sink on `threads` threads. */
static struct money_results *run_plan(const struct plan *p, uint64_t n, int threads,
                                      struct mc_results **res_out)
{
    struct money_acc *a = money_acc_new(p, n);
    struct mc_sink sink;
    struct mc_results *res = NULL;
    struct money_results *m = NULL;
    cr_assert(a);
    money_acc_sink(a, &sink);
    cr_assert_eq(mc_run_sink(p, n, 9, threads, NULL, NULL, &sink, &res), MC_OK);
    cr_assert_eq(money_results_make(a, YEARS, 9, &m), MONEY_OK);
    money_acc_free(a);
    if (res_out)
        *res_out = res;
    else
        mc_results_free(res);
    return m;
}

Test(money, plan_known_answers)
{
    struct plan *p = fixture_plan_file(PLAN);
    /* The loader: the two data prices where given, NAN (not priced) where not. */
    cr_assert_eq(p->services[2].data_loss_cost_per_hour_usd, 10);
    cr_assert_eq(p->services[2].data_lost_for_good_usd, 7000);
    cr_assert(isnan(p->services[0].data_loss_cost_per_hour_usd));
    cr_assert(isnan(p->services[0].data_lost_for_good_usd));
    cr_assert(!money_prices_data(&p->services[0]) && money_prices_data(&p->services[2]));
    cr_assert(money_prices_downtime(&p->services[0]) && !money_prices_downtime(&p->services[1]));
    struct money_results *m = run_plan(p, 5000, 2, NULL);
    /* a: shop down 2h at $1000/h; b: shop 30m ($500) + archive's data lost for good
     * ($7000). */
    cr_assert_eq(m->scenarios[0].mean_usd, 2000);
    cr_assert_eq(m->scenarios[0].max_usd, 2000);
    cr_assert_eq(m->scenarios[1].mean_usd, 7500);
    cr_assert_eq(m->scenarios[1].services[0].mean_downtime_usd, 500);
    cr_assert_eq(m->scenarios[1].services[2].mean_data_usd, 7000);
    cr_assert(fabs(m->years.eal_closed_usd - (0.5 * 2000 + 0.2 * 7500)) < 1e-9);
    cr_assert(m->years.agrees);
    cr_assert(fabs(m->scenarios[1].share - 0.6) < 1e-12);
    /* 'free' has no price: it adds nothing and is listed. */
    cr_assert_eq(m->scenarios[0].services[1].mean_downtime_usd, 0);
    cr_assert_eq(m->n_unpriced, 1);
    char text[2048];
    cr_assert_eq(money_report_unpriced(m, text, sizeof text), 1);
    cr_assert(strstr(text, "Downtime not priced (no cost_per_hour): free and archive."), "%s",
              text);
    cr_assert(strstr(text, "lower bound"));
    /* Where the money goes: archive's data in b (0.2 x $7000), shop's downtime in a
     * (0.5 x $2000), shop's downtime in b (0.2 x $500); nothing else. */
    struct money_driver top[5];
    cr_assert_eq(money_report_drivers(m, top, 5), 3);
    cr_assert(top[0].scenario == 1 && top[0].service == 2 && top[0].is_data);
    cr_assert(fabs(top[0].usd_per_year - 1400) < 1e-9);
    cr_assert(top[1].scenario == 0 && top[1].service == 0 && !top[1].is_data);
    cr_assert(fabs(top[1].usd_per_year - 1000) < 1e-9);
    cr_assert(fabs(top[2].usd_per_year - 100) < 1e-9);
    cr_assert_eq(money_report_drivers(m, top, 1), 1);
    cr_assert(fabs(top[0].usd_per_year - 1400) < 1e-9);
    cr_assert_str_eq(money_report_driver_text(m, &top[0], text, sizeof text),
                     "archive's data lost in b: $1,400 a year");
    money_results_free(m);
    plan_free(p);
}

Test(money, unpriced_lost_data_counted)
{
    struct plan *p = fixture_plan_file(PLAN);
    struct service *sv = &p->services[2];
    sv->data_lost_for_good_usd = NAN;     /* archive: priced per hour, not for good */
    struct money_results *m = run_plan(p, 2000, 1, NULL);
    cr_assert_eq(m->scenarios[1].services[2].mean_data_usd, 0);
    cr_assert_eq(m->scenarios[1].services[2].n_lost_unpriced, 2000);
    cr_assert_eq(m->scenarios[1].mean_usd, 500);
    char text[2048];
    money_report_unpriced(m, text, sizeof text);
    cr_assert(strstr(text, "archive's data lost for good in 100.0% of b outages"), "%s", text);
    money_results_free(m);
    plan_free(p);
}

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

Test(money, thread_count_does_not_matter)
{
    struct plan *p = fixture_plan_file("tests/data/services-capacity.yaml");
    p->services[0].cost_per_hour_usd = 1234;
    p->services[0].data_loss_cost_per_hour_usd = 77;
    p->services[1].cost_per_hour_usd = 55;
    struct money_results *m1 = run_plan(p, 3 * MC_CHUNK + 17, 1, NULL);
    struct money_results *m3 = run_plan(p, 3 * MC_CHUNK + 17, 3, NULL);
    cr_assert(m1->years.eal_closed_usd > 0);
    cr_assert(same_bits(m1->years.eal_closed_usd, m3->years.eal_closed_usd));
    cr_assert(same_bits(m1->years.eal_usd, m3->years.eal_usd));
    cr_assert(same_bits(m1->years.y100_usd, m3->years.y100_usd));
    for (int s = 0; s < m1->n_scenarios; s++) {
        cr_assert(same_bits(m1->scenarios[s].p95_usd, m3->scenarios[s].p95_usd));
        for (int i = 0; i < m1->n_services; i++)
            cr_assert(same_bits(m1->scenarios[s].services[i].mean_data_usd,
                                m3->scenarios[s].services[i].mean_data_usd));
    }
    money_results_free(m1);
    money_results_free(m3);
    plan_free(p);
}

Test(money, data_price_matches_the_rpo)
{
    /* The mean data cost is the price per hour times the service's mean RPO (hours). */
    struct plan *p = fixture_plan_file("tests/data/services-capacity.yaml");
    p->services[0].data_loss_cost_per_hour_usd = 3600;   /* a dollar a second */
    struct mc_results *res;
    struct money_results *m = run_plan(p, 4000, 2, &res);
    for (int s = 0; s < m->n_scenarios; s++) {
        double want = res->scenarios[s].services[0].rpo.mean_s;
        double got = m->scenarios[s].services[0].mean_data_usd;
        cr_assert(isfinite(want));
        cr_assert(fabs(got - want) <= 1e-9 * (want + 1), "scenario %d: %g vs %g", s, got, want);
    }
    money_results_free(m);
    mc_results_free(res);
    plan_free(p);
}

Test(money, leaves_other_figures_unchanged)
{
    struct plan *p = fixture_plan_file(PLAN);
    struct mc_results *with, *without;
    struct money_results *m = run_plan(p, 3000, 2, &with);
    cr_assert_eq(mc_run(p, 3000, 9, 2, NULL, NULL, &without), MC_OK);
    for (int s = 0; s < p->n_scenarios; s++) {
        cr_assert(same_bits(with->scenarios[s].rto.p95_s, without->scenarios[s].rto.p95_s));
        cr_assert(same_bits(with->scenarios[s].rto.mean_s, without->scenarios[s].rto.mean_s));
    }
    money_results_free(m);
    mc_results_free(with);
    mc_results_free(without);
    plan_free(p);
}

Test(money, usd_format)
{
    char b[32];
    cr_assert_str_eq(money_report_usd(0, b, sizeof b), "$0");
    cr_assert_str_eq(money_report_usd(999.5, b, sizeof b), "$1,000");
    cr_assert_str_eq(money_report_usd(1234567.4, b, sizeof b), "$1,234,567");
    cr_assert_str_eq(money_report_usd(INFINITY, b, sizeof b), "inf");
    cr_assert_str_eq(money_report_pct(0.5007, b, sizeof b), "50.07%");
    cr_assert_str_eq(money_report_pct(0.00004, b, sizeof b), "0.004%");
    cr_assert_str_eq(money_report_pct(0, b, sizeof b), "0%");
}

/* drsim run writes the money section, with and without --trials-csv (the tee). */
Test(money, run_outputs)
{
    char dir[64], args[512], *out = NULL;
    fixture_tmpdir(dir, "money");
    for (int csv = 0; csv < 2; csv++) {
        snprintf(args, sizeof args, "run " PLAN " -n 3000 -o %s --no-charts --no-workbook%s%s%s",
                 dir, csv ? " --trials-csv " : "", csv ? dir : "", csv ? "/t.csv" : "");
        cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
        cr_assert(strstr(out, "expected annual loss $2,500 (per_year x mean loss per outage"),
                  "%s", out);
        free(out);
        char path[128];
        snprintf(path, sizeof path, "%s/summary.json", dir);
        struct jsonio_doc *doc = fixture_json(path);
        const struct jsonio_value *root = jsonio_root(doc);
        cr_assert_eq(fixture_json_num(root, "money.eal_usd"), 2500);
        cr_assert_eq(fixture_json_num(root, "money.scenarios[1].mean_loss_usd"), 7500);
        jsonio_free(doc);
        if (csv) {
            /* The tee gave the CSV every trial too: a header and a row per trial. */
            size_t len;
            snprintf(path, sizeof path, "%s/t.csv", dir);
            char *text = fixture_slurp(path, &len);
            cr_assert(text);
            int rows = 0;
            for (size_t i = 0; i < len; i++)
                rows += text[i] == '\n';
            cr_assert_eq(rows, 1 + 2 * 3000);
            free(text);
        }
    }
    fixture_rm_rf(dir);
}

/* The workbook's Money sheet (EAL a formula over its input cells, the exceedance table)
 * agrees with summary.json (tests/check_money.py), and the pack's money page carries the
 * same figures as the terminal. */
Test(money, workbook_and_pack)
{
    char dir[64], args[512], cmd[512], *out = NULL, *txt = NULL;
    fixture_tmpdir(dir, "money-wb");
    snprintf(args, sizeof args, "run " PLAN " -n 3000 -o %s", dir);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    cr_assert(strstr(out, "1-in-10-year loss $7,500, 1-in-100-year loss $15,000"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 tests/check_money.py %s/money-dr-review.xlsx "
             "%s/summary.json 2>&1", dir, dir);
    cr_assert_eq(fixture_shell(cmd, &out), 0, "%s", out);
    cr_assert_str_eq(out, "ok\n");
    free(out);
    snprintf(cmd, sizeof cmd, "pdftotext %s/money-review-pack.pdf -", dir);
    cr_assert_eq(fixture_shell(cmd, &txt), 0);
    cr_assert(strstr(txt, "Money at stake: expected annual loss $2,500"), "%s", txt);
    cr_assert(strstr(txt, "1-in-10-year loss $7,500, 1-in-100-year loss $15,000"), "%s", txt);
    cr_assert(strstr(txt, "Downtime not priced (no cost_per_hour): free and archive."));
    cr_assert(strstr(txt, "1 in 100 years: $15,000"));
    free(txt);
    fixture_rm_rf(dir);
}

/* A plan without services prices nothing, and says so. */
Test(money, no_services_says_so)
{
    struct plan *p = fixture_plan_file("tests/data/no-objectives.yaml");
    cr_assert_eq(p->n_services, 0);
    struct money_results *m = run_plan(p, 500, 1, NULL);
    char text[512];
    cr_assert_eq(m->years.eal_closed_usd, 0);
    cr_assert_eq(money_report_unpriced(m, text, sizeof text), 1);
    cr_assert(strstr(text, "No business services"), "%s", text);
    money_results_free(m);
    plan_free(p);
}

/* The built-in plan: the terminal prints the figures summary.json holds, to its
 * precision, and the Money sheet agrees with summary.json. */
Test(money, builtin_plan_agrees)
{
    char dir[64], args[512], cmd[512], *out = NULL, *chk = NULL, a[32], want[160];
    fixture_tmpdir(dir, "money-builtin");
    snprintf(args, sizeof args, "run -n 2000 -o %s --no-charts --no-decision-curve", dir);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    char path[128];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    struct jsonio_doc *doc = fixture_json(path);
    const struct jsonio_value *root = jsonio_root(doc);
    double eal = fixture_json_num(root, "money.eal_usd");
    cr_assert_gt(eal, 0);
    snprintf(want, sizeof want, "expected annual loss %s (", money_report_usd(eal, a, sizeof a));
    cr_assert(strstr(out, want), "%s not in\n%s", want, out);
    snprintf(want, sizeof want, "1-in-100-year loss %s;",
             money_report_usd(fixture_json_num(root, "money.loss_1_in_100_usd"), a, sizeof a));
    cr_assert(strstr(out, want), "%s not in\n%s", want, out);
    int agrees = 0;
    cr_assert_eq(jsonio_get_bool(fixture_json_at(root, "money.agrees"), &agrees), 0);
    cr_assert(agrees, "the simulated years disagree with the closed form");
    jsonio_free(doc);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 tests/check_money.py "
             "%s/commcare-production-dr-review.xlsx %s/summary.json 2>&1", dir, dir);
    cr_assert_eq(fixture_shell(cmd, &chk), 0, "%s", chk);
    free(chk);
    free(out);
    fixture_rm_rf(dir);
}
