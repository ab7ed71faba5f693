/* tests/test_print.c: how the workbook prints (reports/wb_print.h), the critical-path
 * chart's bars as data (draw_critical_bars, reports/draw.h), and the provenance of the
 * BIA values next to their approval (reports/provenance.h) in the workbook and the pack.
 *
 * Print: known answers of the layout for made-up column widths (the scale and the page
 * breaks worked out by hand below), a property check over random widths (every page
 * within the page at its scale, never below 8 points), and whole workbooks of the
 * built-in and example plans on A4 and Letter read back by tests/check_print.py (openpyxl:
 * paper, orientation, scale, breaks, repeated rows and columns, group labels). The
 * critical-path bars: a made-up scenario result with known answers, and the built-in
 * plan, whose bars must add up to the mean RTO. Provenance: made-up inputs with known
 * counts and texts, then the built-in plan (its services section is "ASSUMPTION
 * throughout") and the tutorial (facts) through the workbook and the pack.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/plan.h"
#include "reports/draw.h"
#include "reports/provenance.h"
#include "reports/wb_print.h"
#include "reports/workbook.h"
#include "sim/mc.h"
#include "tests/fixture.h"

#define TIMEOUT 600

/* ---- the layout: known answers --------------------------------------------------------- */

Test(print, units_and_paper)
{
    /* 8 characters: 7 x 8 + 5 = 61 pixels, 45.75 points; 10: 75 px, 56.25 pt. */
    cr_expect_float_eq(wb_print_col_pt(8), 45.75, 1e-12);
    cr_expect_float_eq(wb_print_col_pt(10), 56.25, 1e-12);
    /* A4 landscape: 297 mm = 841.89 pt less 2 x 0.4 in (57.6 pt); Letter: 792 - 57.6. */
    cr_expect_float_eq(wb_print_page_pt(WB_PAPER_A4), 297.0 / 25.4 * 72.0 - 57.6, 1e-9);
    cr_expect_float_eq(wb_print_page_pt(WB_PAPER_LETTER), 734.4, 1e-9);
    cr_expect_eq(wb_print_paper_code(WB_PAPER_A4), 9);
    cr_expect_eq(wb_print_paper_code(WB_PAPER_LETTER), 1);
    /* The smallest scale keeps 11-point text at 8 points or more, and 1 % less would not. */
    cr_expect_geq(WB_PRINT_BODY_PT * WB_PRINT_MIN_SCALE / 100.0, WB_PRINT_MIN_PT);
    cr_expect_lt(WB_PRINT_BODY_PT * (WB_PRINT_MIN_SCALE - 1) / 100.0, WB_PRINT_MIN_PT);
    enum wb_paper pp = WB_PAPER_A4;
    cr_expect_eq(wb_paper_parse("letter", &pp), 0);
    cr_expect_eq(pp, WB_PAPER_LETTER);
    cr_expect_eq(wb_paper_parse("A4", &pp), 0);
    cr_expect_eq(pp, WB_PAPER_A4);
    cr_expect_eq(wb_paper_parse("a5", &pp), -1);
    cr_expect_eq(wb_paper_parse("", &pp), -1);
    cr_expect_eq(wb_paper_parse("letterhead", &pp), -1);
    cr_expect_str_eq(wb_paper_name(WB_PAPER_LETTER), "letter");
}

/* n columns of `chars` characters each. */
static void fill(double *w, int n, double chars)
{
    for (int i = 0; i < n; i++)
        w[i] = chars;
}

Test(print, narrow_sheet_prints_at_full_size)
{
    double w[10];
    struct wb_print_layout L;
    fill(w, 10, 10); /* 562.5 pt: fits A4's 768.6 usable points at 100 % */
    cr_assert_eq(wb_print_layout(w, 10, 2, NULL, NULL, WB_PAPER_A4, &L), 0);
    cr_expect_eq(L.scale, 100);
    cr_expect_eq(L.n_pages, 1);
    cr_expect_eq(L.repeat_cols, 0);
    cr_expect_float_eq(L.widest_pt, 562.5, 1e-9);
}

Test(print, a_little_too_wide_is_scaled_to_fit_one_page)
{
    double w[16];
    struct wb_print_layout L;
    /* 16 x 56.25 = 900 pt; A4 holds 784.29 x 0.98 = 768.6 pt: at 85 % the columns take
     * 765 pt, at 86 % 774 pt. */
    fill(w, 16, 10);
    cr_assert_eq(wb_print_layout(w, 16, 0, NULL, NULL, WB_PAPER_A4, &L), 0);
    cr_expect_eq(L.scale, 85);
    cr_expect_eq(L.n_pages, 1);
}

Test(print, wide_sheet_splits_with_key_columns_repeated)
{
    double w[40];
    struct wb_print_layout L;
    /* 40 columns of 56.25 pt (2250 pt), 2 key columns (112.5 pt). At 73 % a page holds
     * 768.6 / 0.73 = 1052.9 pt: 18 columns on page 1, 2 + 16 on page 2, the last 6 on
     * page 3. Three pages hold the 40 columns while a page holds m >= 15 columns (15 +
     * 13 + 13 >= 40): 843.75 pt, so the scale is floor(100 x 768.6 / 843.75) = 91, and
     * at 91 % the breaks fall before columns 15 and 28. */
    fill(w, 40, 10);
    cr_assert_eq(wb_print_layout(w, 40, 2, NULL, NULL, WB_PAPER_A4, &L), 0);
    double usable = wb_print_page_pt(WB_PAPER_A4) * WB_PRINT_SLACK;
    cr_expect_eq(L.scale, (int)floor(100.0 * usable / 843.75));
    cr_expect_eq(L.scale, 91);
    cr_expect_eq(L.n_pages, 3);
    cr_expect_eq(L.breaks[0], 15);
    cr_expect_eq(L.breaks[1], 28);
    cr_expect_eq(L.repeat_cols, 2);
    cr_expect_leq(L.widest_pt, usable + 1e-9);
}

Test(print, pages_break_before_column_groups)
{
    double w[40];
    unsigned char g[40] = {0};
    struct wb_print_layout L;
    /* The same sheet in four groups of ten columns: a page breaks before a group when
     * the page stays at least half full, so every group gets a page of its own (2 key
     * columns + 10 = 675 pt, which fits at 100 %): four pages, as at 73 %. */
    fill(w, 40, 10);
    g[0] = g[10] = g[20] = g[30] = 1;
    cr_assert_eq(wb_print_layout(w, 40, 2, g, NULL, WB_PAPER_A4, &L), 0);
    cr_expect_eq(L.scale, 100);
    cr_expect_eq(L.n_pages, 4);
    cr_expect_eq(L.breaks[0], 10);
    cr_expect_eq(L.breaks[1], 20);
    cr_expect_eq(L.breaks[2], 30);
    cr_expect_float_eq(L.widest_pt, 112.5 + 562.5, 1e-9);
}

Test(print, pages_do_not_break_through_a_chart)
{
    double w[40];
    unsigned char keep[40] = {0};
    struct wb_print_layout L;
    /* The sheet above breaks before column 15 at 91 %; a chart over columns 12 to 16
     * keeps a page from starting at 13 to 16, so the first page ends before the chart
     * (column 12), and the chart is printed whole on the next. */
    fill(w, 40, 10);
    for (int c = 13; c <= 16; c++)
        keep[c] = 1;
    cr_assert_eq(wb_print_layout(w, 40, 2, NULL, keep, WB_PAPER_A4, &L), 0);
    cr_expect_eq(L.breaks[0], 12);
    for (int k = 0; k < L.n_pages - 1; k++)
        cr_expect(!keep[L.breaks[k]], "page %d starts at column %d", k + 2, L.breaks[k]);
}

Test(print, wide_key_columns_are_not_repeated)
{
    double w[12];
    struct wb_print_layout L;
    /* Two key columns of 60 characters (318.75 pt each) take more than a third of a page
     * at 73 % (1052.9 / 3 = 351 pt): repeating them would leave little room. */
    fill(w, 12, 30);
    w[0] = w[1] = 60;
    cr_assert_eq(wb_print_layout(w, 12, 2, NULL, NULL, WB_PAPER_LETTER, &L), 0);
    cr_expect_gt(L.n_pages, 1);
    cr_expect_eq(L.repeat_cols, 0);
}

Test(print, letter_is_narrower_than_a4)
{
    double w[16];
    struct wb_print_layout a, l;
    fill(w, 16, 10);
    cr_assert_eq(wb_print_layout(w, 16, 0, NULL, NULL, WB_PAPER_A4, &a), 0);
    cr_assert_eq(wb_print_layout(w, 16, 0, NULL, NULL, WB_PAPER_LETTER, &l), 0);
    /* Letter: 734.4 x 0.98 = 719.7 pt for 900: 79 %. */
    cr_expect_eq(l.scale, 79);
    cr_expect_lt(l.scale, a.scale);
    cr_expect_eq(wb_print_layout(NULL, 3, 0, NULL, NULL, WB_PAPER_A4, &a), -1);
    cr_expect_eq(wb_print_layout(w, -1, 0, NULL, NULL, WB_PAPER_A4, &a), -1);
}

/* The property every layout must have, over random sheets (a fixed seed): a scale of 73
 * to 100 %, breaks increasing inside the sheet, and every page (its columns plus the key
 * columns after the first) within the page's usable width at the scale, unless a single
 * column is wider than a page. */
Test(print, every_page_fits_at_a_legible_scale)
{
    unsigned long long x = 20261203;
    double w[120];
    unsigned char g[120], kp[120];
    for (int t = 0; t < 400; t++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        int n = 1 + (int)((x >> 40) % 119); /* 1 to 119 columns */
        int key = (int)((x >> 20) % 4);
        for (int i = 0; i < n; i++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            w[i] = 3.5 + (double)((x >> 33) % 570) / 10.0; /* 3.5 to 60.4 characters */
            g[i] = (x >> 13) % 5 == 0;
            kp[i] = (x >> 7) % 3 == 0;
        }
        enum wb_paper paper = t % 2 ? WB_PAPER_LETTER : WB_PAPER_A4;
        struct wb_print_layout L;
        cr_assert_eq(wb_print_layout(w, n, key, t % 3 ? g : NULL, t % 4 ? kp : NULL, paper, &L), 0);
        cr_assert(L.scale >= WB_PRINT_MIN_SCALE && L.scale <= 100, "scale %d", L.scale);
        cr_assert_geq(WB_PRINT_BODY_PT * L.scale / 100.0, WB_PRINT_MIN_PT);
        double usable = wb_print_page_pt(paper) * WB_PRINT_SLACK, rep = 0;
        for (int i = 0; i < L.repeat_cols; i++)
            rep += wb_print_col_pt(w[i]);
        for (int k = 0; k < L.n_pages; k++) {
            int s = k ? L.breaks[k - 1] : 0, e = k < L.n_pages - 1 ? L.breaks[k] : n;
            cr_assert_lt(s, e, "sheet %d: page %d empty", t, k + 1);
            if (k > 0 && t % 4)
                cr_assert(!kp[s] || s == (k > 1 ? L.breaks[k - 2] : 0) + 1,
                          "sheet %d: page %d starts at kept column %d", t, k + 1, s);
            double pt = k ? rep : 0;
            for (int c = s; c < e; c++)
                pt += wb_print_col_pt(w[c]);
            cr_assert(pt * L.scale / 100.0 <= usable + 1e-9 || e - s == 1,
                      "sheet %d: page %d is %.1f pt at %d %%, the page holds %.1f", t, k + 1,
                      pt * L.scale / 100.0, L.scale, usable);
        }
    }
}

/* ---- whole workbooks on paper -------------------------------------------------------- */

/* Run drsim on plan (NULL: the built-in) with --paper paper into a temporary directory
 * and check the workbook's print set-up; `extra` goes to check_print.py. */
static void print_check(const char *plan, const char *paper, const char *extra)
{
    char dir[64], cmd[2048], *out = NULL;
    fixture_tmpdir(dir, "print");
    snprintf(cmd, sizeof cmd, "run %s -n 1000 -j 2 -q --no-charts --paper %s -o %s",
             plan ? plan : "", paper, dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 tests/check_print.py %s/*.xlsx %s %s 2>&1", dir,
             paper, extra ? extra : "");
    int st = fixture_shell(cmd, &out);
    cr_expect_eq(st, 0, "%s:\n%s", cmd, out);
    free(out);
    fixture_rm_rf(dir);
}

Test(print, builtin_plan_on_a4, .timeout = TIMEOUT)
{
    print_check(NULL, "a4", "--expect-split BIA --expect-split 'Data stores'");
}

Test(print, builtin_plan_on_letter, .timeout = TIMEOUT)
{
    print_check(NULL, "letter", "--expect-split BIA --expect-split 'Data stores'");
}

/* With drill evidence: the Evidence and Test cadence sheets too. */
Test(print, drill_evidence_sheets, .timeout = TIMEOUT)
{
    print_check("--drills scenarios/drills/commcare-drills.yaml --as-of 2026-06-01", "letter",
                "--expect-split Evidence");
}

Test(print, example_plans_on_both_papers, .timeout = TIMEOUT)
{
    static const char *const plans[] = {"scenarios/tutorial.yaml", "scenarios/ransomware.yaml",
                                        "scenarios/single-db.yaml"};
    for (size_t i = 0; i < sizeof plans / sizeof plans[0]; i++) {
        print_check(plans[i], "a4", NULL);
        print_check(plans[i], "letter", NULL);
    }
}

/* The sweep's and the sensitivity analysis's workbooks print the same way (on A4). */
Test(print, analysis_workbooks, .timeout = TIMEOUT)
{
    static const char *const runs[] = {
        "sweep scenarios/single-db.yaml --vary "
        "'stores.appdb.backups.nightly-dump.schedule=every 6h,every 12h,every 24h' -n 300",
        "sensitivity scenarios/single-db.yaml -n 200"};
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        char dir[64], cmd[2048], *out = NULL;
        fixture_tmpdir(dir, "print-analysis");
        snprintf(cmd, sizeof cmd, "%s -q --no-charts -o %s", runs[i], dir);
        cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
        free(out);
        snprintf(cmd, sizeof cmd, "/usr/bin/python3 tests/check_print.py %s/*.xlsx a4 2>&1", dir);
        int st = fixture_shell(cmd, &out);
        cr_expect_eq(st, 0, "%s:\n%s", cmd, out);
        free(out);
        fixture_rm_rf(dir);
    }
}

Test(print, paper_option_refuses_other_sizes)
{
    char *out = NULL;
    cr_expect_eq(fixture_drsim(NULL, "run --paper a5 -n 10 -q -o /nonexistent", &out), 2);
    cr_expect(strstr(out, "--paper: expected a4 or letter") != NULL, "%s", out);
    free(out);
}

/* ---- the critical-path chart's bars -------------------------------------------------- */

Test(print, critical_bars_rank_by_time_added_per_outage)
{
    /* Four serial steps on the path of every outage that failed over (52 %) and one on
     * it in 10 %: ranked by share they would read 52 % four times with the longest
     * fourth. By time added per outage: deploy 0.52 x 4 h, then verify 0.52 x 1 h,
     * detect 0.52 x 30 min, restore 0.1 x 2 h, page 0.52 x 10 min; the wait for the go
     * (20 % x 30 min) between detect and restore. */
    struct mc_step_result st[5];
    memset(st, 0, sizeof st);
    const double share[5] = {0.52, 0.52, 0.52, 0.10, 0.52};
    const double when[5] = {1800, 600, 14400, 7200, 3600};
    for (int i = 0; i < 5; i++) {
        st[i].n_on_path = (uint64_t)(share[i] * 1000);
        st[i].path_share = share[i];
        st[i].mean_contribution_s = when[i];
    }
    struct mc_scenario_result sr;
    memset(&sr, 0, sizeof sr);
    sr.n_trials = 1000;
    sr.n_steps = 5;
    sr.steps = st;
    sr.n_go_wait_on_path = 200;
    sr.mean_go_wait_s = 1800;
    struct draw_path_bar b[PLAN_MAX_STEPS + 1];
    int n = draw_critical_bars(&sr, b);
    cr_assert_eq(n, 6);
    const int want_step[6] = {2, 4, 0, 3, -1, 1};
    const double want_s[6] = {0.52 * 14400, 0.52 * 3600, 0.52 * 1800, 0.10 * 7200, 0.2 * 1800,
                              0.52 * 600};
    for (int i = 0; i < n; i++) {
        cr_expect_eq(b[i].step, want_step[i], "bar %d: step %d, want %d", i, b[i].step,
                     want_step[i]);
        cr_expect_float_eq(b[i].per_outage_s, want_s[i], 1e-9, "bar %d", i);
    }
    cr_expect_float_eq(b[4].share, 0.2, 1e-12);
    cr_expect_float_eq(b[4].when_on_s, 1800, 1e-12);
    /* A step never on the path gets no bar. */
    st[1].n_on_path = 0;
    st[1].path_share = 0;
    cr_expect_eq(draw_critical_bars(&sr, b), 5);
}

Test(print, critical_bars_of_the_builtin_plan_add_up_to_the_mean_rto, .timeout = TIMEOUT)
{
    struct plan *p = fixture_plan_file(NULL);
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(p, 4000, 7, 2, NULL, NULL, &r), MC_OK);
    int checked = 0;
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const struct scenario *sc = &p->scenarios[sr->scenario];
        if (sc->damage.present)
            continue; /* the RTO clock of damage starts at detection, not at the outage */
        struct draw_path_bar b[PLAN_MAX_STEPS + 1];
        int n = draw_critical_bars(sr, b);
        double sum = 0, mean = 0;
        for (int i = 0; i < n; i++) {
            sum += b[i].per_outage_s;
            if (i > 0)
                cr_expect_geq(b[i - 1].per_outage_s, b[i].per_outage_s, "%s: bar %d", sc->name, i);
        }
        /* The contributions along a trial's path plus its wait for the go add up to its
         * RTO (sim/trial_outcome.c), so the bars add up to the mean RTO of the outages
         * that failed over, times their share: the mean over all outages counting the
         * in-place ones as none. */
        const struct mc_outcome *fo = &sr->outcomes[MC_OUTCOME_FAILED_OVER];
        mean = fo->rto.mean_finite_s * (double)(fo->n - fo->rto.n_infinite) /
               (double)sr->n_trials;
        cr_expect_float_eq(sum, mean, 1e-6 * mean + 1e-6, "%s: bars add up to %.3f s, mean %.3f s",
                           sc->name, sum, mean);
        /* The first bar is the step adding most time: the main lever. */
        for (int i = 0; i < sr->n_steps; i++)
            cr_expect_leq(sr->steps[i].path_share * sr->steps[i].mean_contribution_s,
                          b[0].per_outage_s + 1e-9);
        checked++;
    }
    cr_expect_geq(checked, 2);
    mc_results_free(r);
    plan_free(p);
}

/* The workbook's Runbook sheet gives every step's time added per outage (a formula over
 * its share and mean time there): per scenario, its largest is the chart's first bar, the
 * same step and the same minutes. */
Test(print, runbook_sheet_agrees_with_the_critical_path_chart, .timeout = TIMEOUT)
{
    struct plan *p = fixture_plan_file(NULL);
    struct mc_results *r = NULL;
    char dir[64], book[128], err[512], cmd[2048], *out = NULL;
    cr_assert_eq(mc_run(p, 3000, 11, 2, NULL, NULL, &r), MC_OK);
    fixture_tmpdir(dir, "print-runbook");
    snprintf(book, sizeof book, "%s/book.xlsx", dir);
    struct wb_options o = {"test", "drsim run", 1767571200LL, 0, 0, NULL, NULL, WB_PAPER_A4};
    cr_assert_eq(wb_write(book, r, &o, err, sizeof err), WB_OK, "%s", err);
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 - %s 2>&1 <<'EOF'\n"
             "import sys, warnings, openpyxl\n"
             "warnings.simplefilter('ignore')\n"
             "ws = openpyxl.load_workbook(sys.argv[1], data_only=True)['Runbook']\n"
             "hr = next(r for r in range(1, 30) if ws.cell(r, 1).value == 'Scenario')\n"
             "col = {c.value: c.column for c in ws[hr]}\n"
             "k = col['Time added to the RTO per outage (min)']\n"
             "best = {}\n"
             "for r in range(hr + 1, ws.max_row + 1):\n"
             "    sc, st, v = ws.cell(r, 1).value, ws.cell(r, 3).value, ws.cell(r, k).value\n"
             "    if sc and isinstance(v, (int, float)) and v > best.get(sc, ('', -1))[1]:\n"
             "        best[sc] = (st, v)\n"
             "for sc, (st, v) in best.items(): print('%%s %%s %%.9f' %% (sc, st, v))\n"
             "EOF",
             book);
    cr_assert_eq(fixture_shell(cmd, &out), 0, "%s", out);
    int checked = 0;
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const struct scenario *sc = &p->scenarios[sr->scenario];
        struct draw_path_bar b[PLAN_MAX_STEPS + 1];
        int n = draw_critical_bars(sr, b), k = 0;
        while (k < n && b[k].step < 0) /* the wait for the go is not a runbook row */
            k++;
        if (k == n)
            continue;
        char want[256];
        snprintf(want, sizeof want, "%s %s ", sc->name, sc->steps[b[k].step].name);
        const char *at = strstr(out, want);
        cr_expect_not_null(at, "workbook's largest for %s is not %s:\n%s", sc->name,
                           sc->steps[b[k].step].name, out);
        if (at)
            cr_expect_float_eq(strtod(at + strlen(want), NULL), b[k].per_outage_s / 60.0, 1e-6,
                               "%s", at);
        checked++;
    }
    cr_expect_geq(checked, 2);
    free(out);
    fixture_rm_rf(dir);
    mc_results_free(r);
    plan_free(p);
}

/* ---- provenance of the BIA values ------------------------------------------------------ */

Test(print, provenance_counts_and_words)
{
    struct plan_input in[6];
    memset(in, 0, sizeof in);
    char *paths[6] = {"services.web.rto", "services.web.impact.financial",
                      "services.web.impact.safety", "services.web.mtd", "services.webx.rto",
                      "services.web.approved_by"};
    const enum plan_provenance pv[6] = {PROV_ASSUMPTION, PROV_ASSUMPTION, PROV_ASSUMPTION,
                                        PROV_UNKNOWN, PROV_ASSUMPTION, PROV_FACT};
    for (int i = 0; i < 6; i++) {
        in[i].path = paths[i];
        in[i].provenance = pv[i];
    }
    struct plan p;
    memset(&p, 0, sizeof p);
    p.inputs = in;
    p.n_inputs = 6;
    struct prov_summary s;
    char buf[1024], appr[256];
    prov_summarize(&p, "services.web.", &s);
    cr_expect_eq(s.n_total, 5); /* services.webx is another service */
    cr_expect_eq(s.n[PROV_ASSUMPTION], 3);
    cr_expect_eq(s.n[PROV_UNKNOWN], 1);
    cr_expect_eq(s.n[PROV_FACT], 1);
    cr_expect_str_eq(s.fields[PROV_ASSUMPTION], "rto, impact");
    cr_expect_str_eq(prov_text(&s, buf, sizeof buf),
                     "ASSUMPTION 3 of 5: rto, impact; UNKNOWN 1 of 5: mtd; the rest fact");
    cr_expect_str_eq(prov_approval_text("CTO", &s, appr, sizeof appr),
                     "CTO (includes 3 ASSUMPTION, 1 UNKNOWN values)");
    /* All ASSUMPTION: approved as such. */
    in[3].provenance = PROV_ASSUMPTION;
    in[5].provenance = PROV_ASSUMPTION;
    prov_summarize(&p, "services.web.", &s);
    cr_expect_str_eq(prov_text(&s, buf, sizeof buf), "ASSUMPTION (all 5 values)");
    cr_expect_str_eq(prov_approval_text("CTO", &s, appr, sizeof appr),
                     "CTO (approved as ASSUMPTION: not measured)");
    /* All facts: the approval stands as written. */
    for (int i = 0; i < 6; i++)
        in[i].provenance = PROV_FACT;
    prov_summarize(&p, "services.web.", &s);
    cr_expect_str_eq(prov_text(&s, buf, sizeof buf), "fact (all 5 values)");
    cr_expect_str_eq(prov_approval_text("CTO", &s, appr, sizeof appr), "CTO");
    cr_expect_str_eq(prov_approval_text("", &s, appr, sizeof appr), "");
    prov_summarize(&p, "services.none.", &s);
    cr_expect_str_eq(prov_text(&s, buf, sizeof buf), "no values");
}

/* The BIA sheet's "Approved by" and "Provenance of the values" of every service against
 * the Assumptions sheet's provenance of its inputs, and the pack's line per service. */
static void provenance_check(const char *plan, const char *approval_word, const char *pack_text)
{
    char dir[64], cmd[2048], *out = NULL;
    fixture_tmpdir(dir, "prov");
    snprintf(cmd, sizeof cmd, "run %s -n 500 -j 2 -q -o %s", plan ? plan : "", dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 - %s/*.xlsx '%s' 2>&1 <<'EOF'\n"
             "import sys, warnings, collections, openpyxl\n"
             "warnings.simplefilter('ignore')\n"
             "wb = openpyxl.load_workbook(sys.argv[1])\n"
             "word = sys.argv[2]\n"
             "cnt = collections.defaultdict(collections.Counter)\n"
             "a = wb['Assumptions']\n"
             "hr = next(r for r in range(1, 30) if a.cell(r, 2).value == 'Key path')\n"
             "pc = [c.value for c in a[hr]].index('Provenance') + 1\n"
             "for r in range(hr + 1, a.max_row + 1):\n"
             "    path = a.cell(r, 2).value or ''\n"
             "    if path.startswith('services.'):\n"
             "        cnt[path.split('.')[1]][a.cell(r, pc).value] += 1\n"
             "ws = wb['BIA']\n"
             "hr = next(r for r in range(1, 30) if ws.cell(r, 1).value == 'ID')\n"
             "col = {c.value: c.column for c in ws[hr]}\n"
             "bad = seen = 0\n"
             "for r in range(hr + 1, ws.max_row + 1):\n"
             "    name = ws.cell(r, col['Process (service)']).value\n"
             "    if not name: continue\n"
             "    c = cnt[name]; n = sum(c.values()); seen += 1\n"
             "    prov = ws.cell(r, col['Provenance of the values']).value\n"
             "    appr = ws.cell(r, col['Approved by']).value\n"
             "    kinds = [k for k in c if c[k]]\n"
             "    want = '%%s (all %%d values)' %% (kinds[0], n) if len(kinds) == 1 else None\n"
             "    if want and prov != want: print(name, 'provenance', prov, 'want', want); bad += 1\n"
             "    if word not in (appr or ''): print(name, 'approved by', appr, 'lacks', word); bad += 1\n"
             "    if c['ASSUMPTION'] and 'ASSUMPTION' not in appr: print(name, appr); bad += 1\n"
             "    if not c['ASSUMPTION'] and not c['UNKNOWN'] and '(' in appr: print(name, appr); bad += 1\n"
             "print('services', seen, 'bad', bad)\n"
             "sys.exit(1 if bad or seen == 0 else 0)\n"
             "EOF",
             dir, approval_word);
    int st = fixture_shell(cmd, &out);
    cr_expect_eq(st, 0, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "pdftotext -layout %s/*-review-pack.pdf - 2>&1", dir);
    cr_assert_eq(fixture_shell(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, "Provenance of the BIA values and what their approval endorses") != NULL,
              "no provenance block in the pack");
    cr_expect(strstr(out, pack_text) != NULL, "the pack lacks \"%s\"", pack_text);
    free(out);
    fixture_rm_rf(dir);
}

Test(print, bia_approval_of_illustrative_values_reads_as_assumption, .timeout = TIMEOUT)
{
    provenance_check(NULL, "approved as ASSUMPTION",
                     "data-collection: ASSUMPTION (all 25 values) " "\xc2\xb7"
                     " approved by CTO (approved as ASSUMPTION: not measured)");
}

Test(print, bia_approval_of_facts_stands, .timeout = TIMEOUT)
{
    provenance_check("scenarios/tutorial.yaml", "COO", "approved by COO");
}
