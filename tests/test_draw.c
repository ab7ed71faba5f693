/* tests/test_draw.c: the charts and the review pack (reports/draw.h) as a user gets them:
 * files that exist and are what their names say (PNG signature and size, SVG, PDF), a
 * review pack whose page count and text (read back with poppler's pdfinfo and
 * pdftotext) carry the plan, the verdicts and the numbers of the results, a PNG in
 * memory for the workbook, errors that leave no partial file, and `drsim run` writing
 * it all (or not, with --no-charts).
 *
 * Tests that read text back from a chart need the font the charts use: they fail first,
 * naming the font and its package, when fontconfig does not resolve it (cairo would
 * silently draw with a fallback, or boxes).
 *
 * Tests run from the repository's top directory and write under build/test-draw/.
 */
#include <cairo-ft.h>
#include <cairo.h>
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "models/load.h"
#include "models/sched.h"
#include "models/units.h"
#include "reports/draw.h"
#include "reports/json.h"
#include "sim/mc.h"
#include "tests/fixture.h"
#include "tests/svc_fixture.h"

#define OUT "build/test-draw"
#define DATE_S 1767225600LL /* 2026-01-01 00:00 UTC */

struct run {
    struct plan *plan;
    char *text;
    struct mc_results *res;
};

static void run_plan(const char *path, uint64_t n, struct run *r)
{
    struct diag_list d;
    enum load_status st = load_plan_file(path, &d, &r->text, &r->plan);
    cr_assert_eq(st, LOAD_OK, "loading %s: %s", path, load_strerror(st));
    diag_fini(&d);
    cr_assert_eq(mc_run(r->plan, n, 7, 2, NULL, NULL, &r->res), MC_OK);
}

/* Whether cairo's toy font API (what the charts use) resolves `family` to that family
 * rather than to a fallback. When it does not, returns 1 with msg "font 'FAMILY'
 * (PACKAGE) is not installed" and the family cairo would use instead. */
static int font_missing(const char *family, const char *package, char *msg, size_t n)
{
    char got[128] = "";
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 8, 8);
    cairo_t *cr = cairo_create(s);
    cairo_select_font_face(cr, family, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_scaled_font_t *sf = cairo_get_scaled_font(cr);
    if (cairo_scaled_font_status(sf) == CAIRO_STATUS_SUCCESS &&
        cairo_scaled_font_get_type(sf) == CAIRO_FONT_TYPE_FT) {
        FT_Face face = cairo_ft_scaled_font_lock_face(sf);
        if (face && face->family_name)
            snprintf(got, sizeof got, "%s", face->family_name);
        cairo_ft_scaled_font_unlock_face(sf);
    }
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    if (strcasecmp(got, family) == 0)
        return 0;
    snprintf(msg, n, "font '%s' (%s) is not installed (cairo would draw with '%s')", family,
             package, got[0] ? got : "no font at all");
    return 1;
}

/* Fail the test, naming the font, unless the charts' font is installed. */
#define require_font()                                                                             \
    do {                                                                                           \
        char fm_[256];                                                                             \
        if (font_missing("DejaVu Sans", "Debian fonts-dejavu-core", fm_, sizeof fm_))              \
            cr_assert_fail("%s", fm_);                                                             \
    } while (0)

static void run_fini(struct run *r)
{
    mc_results_free(r->res);
    plan_free(r->plan);
    free(r->text);
}

/* A fresh empty directory OUT/name; returns its path (static buffer per call site). */
static void fresh_dir(const char *name, char *buf, size_t n)
{
    snprintf(buf, n, "%s/%s", OUT, name);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", buf, buf);
    cr_assert_eq(system(cmd), 0);
}

static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

static unsigned be32(const unsigned char *p)
{
    return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

/* Check a PNG's signature and IHDR; return width and height. */
static void check_png(const unsigned char *b, size_t len, unsigned *w, unsigned *h,
                      const char *what)
{
    cr_assert_geq(len, 33, "%s: too short", what);
    cr_assert_eq(memcmp(b, png_sig, 8), 0, "%s: no PNG signature", what);
    cr_assert_eq(memcmp(b + 12, "IHDR", 4), 0, "%s: no IHDR", what);
    *w = be32(b + 16);
    *h = be32(b + 20);
}

static int pdf_pages(const char *path)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "pdfinfo '%s' 2>&1", path);
    int st;
    char *out;
    st = fixture_shell(cmd, &out);
    cr_assert_eq(st, 0, "pdfinfo %s failed: %s", path, out);
    const char *p = strstr(out, "Pages:");
    cr_assert_not_null(p, "pdfinfo: %s", out);
    int pages = atoi(p + 6);
    free(out);
    return pages;
}

/* The PDF's text with every run of white space folded into one space, so that phrases
 * wrapped over several lines can be searched whole; with `layout`, in pdftotext's
 * physical layout, where the cells of a table row stay on one line. */
static char *pdf_text_opt(const char *path, int layout)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s'%s' - 2>&1", layout ? "-layout " : "",
             path);
    int st;
    char *t;
    st = fixture_shell(cmd, &t);
    cr_assert_eq(st, 0, "pdftotext %s failed: %s", path, t);
    char *w = t;
    int space = 0;
    for (char *c = t; *c; c++) {
        if (*c == ' ' || *c == '\n' || *c == '\t' || *c == '\f' || *c == '\r') {
            space = 1;
            continue;
        }
        if (space && w != t)
            *w++ = ' ';
        space = 0;
        *w++ = *c;
    }
    *w = '\0';
    return t;
}

static char *pdf_text(const char *path)
{
    return pdf_text_opt(path, 0);
}

#define expect_text(text, s)                                                                       \
    cr_expect_not_null(strstr((text), (s)), "missing in the pack: \"%s\"", (s))

static int count_dotfiles(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

/* ---- chart files ---------------------------------------------------------------------- */

Test(draw, font_check_names_a_missing_font)
{
    char msg[256] = "";
    cr_assert_eq(font_missing("No Such Family Nine", "Debian fonts-nine", msg, sizeof msg), 1);
    cr_expect_eq(strncmp(msg, "font 'No Such Family Nine' (Debian fonts-nine) is not installed",
                         strlen("font 'No Such Family Nine' (Debian fonts-nine) is not installed")),
                 0, "%s", msg);
    require_font();
    cr_expect_eq(font_missing("DejaVu Sans", "Debian fonts-dejavu-core", msg, sizeof msg), 0);
}

Test(draw, chart_files_exist_in_three_formats)
{
    require_font();
    struct run r;
    run_plan("scenarios/single-db.yaml", 3000, &r);
    char dir[256], charts[300];
    fresh_dir("files", dir, sizeof dir);
    snprintf(charts, sizeof charts, "%s/charts", dir);
    struct draw_meta meta = {"test", "drsim run test", DATE_S};
    char err[512] = "";
    int n_files = -1;
    cr_assert_eq(draw_write_charts(charts, r.res, &meta, &n_files, err, sizeof err), DRAW_OK, "%s",
                 err);
    /* Every chart but the capacity chart: the plan has no capacity model. */
    cr_assert_eq(n_files, 3 * (DRAW_N_CHARTS - 1) * r.res->n_scenarios);

    for (int s = 0; s < r.res->n_scenarios; s++)
        for (int c = 0; c < DRAW_N_CHARTS; c++) {
            const char *scn = r.plan->scenarios[r.res->scenarios[s].scenario].name;
            const char *cn = draw_chart_name((enum draw_chart)c);
            char path[512];
            size_t len;
            if (c == DRAW_CAPACITY) {
                cr_expect_not(draw_chart_applies(r.res, s, DRAW_CAPACITY));
                snprintf(path, sizeof path, "%s/%s-%s.png", charts, scn, cn);
                cr_expect_eq(access(path, F_OK), -1, "%s written without a capacity model", path);
                continue;
            }
            snprintf(path, sizeof path, "%s/%s-%s.png", charts, scn, cn);
            unsigned char *b = (unsigned char *)fixture_slurp(path, &len);
            cr_assert_not_null(b, "%s missing", path);
            unsigned w, h;
            check_png(b, len, &w, &h, path);
            cr_expect_geq(w, 800, "%s: width %u", path, w);
            cr_expect_geq(h, 300, "%s: height %u", path, h);
            cr_expect_gt(len, 8000, "%s: only %zu bytes", path, len);
            free(b);

            snprintf(path, sizeof path, "%s/%s-%s.svg", charts, scn, cn);
            b = (unsigned char *)fixture_slurp(path, &len);
            cr_assert_not_null(b, "%s missing", path);
            cr_expect(strncmp((char *)b, "<?xml", 5) == 0 || strncmp((char *)b, "<svg", 4) == 0,
                      "%s does not start as SVG", path);
            cr_expect_not_null(strstr((char *)b, "</svg>"), "%s is not complete", path);
            cr_expect_gt(len, 4000, "%s: only %zu bytes", path, len);
            free(b);

            snprintf(path, sizeof path, "%s/%s-%s.pdf", charts, scn, cn);
            b = (unsigned char *)fixture_slurp(path, &len);
            cr_assert_not_null(b, "%s missing", path);
            cr_expect_eq(memcmp(b, "%PDF", 4), 0, "%s does not start as PDF", path);
            cr_expect_not_null(strstr((char *)b + (len > 64 ? len - 64 : 0), "%%EOF"),
                               "%s is not complete", path);
            cr_expect_gt(len, 3000, "%s: only %zu bytes", path, len);
            free(b);
            cr_expect_eq(pdf_pages(path), 1);
        }
    cr_expect_eq(count_dotfiles(charts), 0, "temporary files left behind");
    /* A chart PDF's text is extractable: the CDF names its target. */
    char path[512];
    snprintf(path, sizeof path, "%s/zone-rto-cdf.pdf", charts);
    char *t = pdf_text(path);
    char want[64], d[32];
    snprintf(want, sizeof want, "target %s",
             units_format_duration(r.plan->scenarios[0].rto_target_s, d, sizeof d));
    expect_text(t, want);
    free(t);
    run_fini(&r);
}

Test(draw, same_run_same_bytes)
{
    struct run r;
    run_plan("scenarios/single-db.yaml", 2000, &r);
    struct draw_meta meta = {"test", NULL, DATE_S};
    char dir[256], a[300], b[300], err[512];
    fresh_dir("bytes", dir, sizeof dir);
    snprintf(a, sizeof a, "%s/a.pdf", dir);
    snprintf(b, sizeof b, "%s/b.pdf", dir);
    cr_assert_eq(draw_write_review_pack(a, r.res, &meta, NULL, err, sizeof err), DRAW_OK, "%s",
                 err);
    cr_assert_eq(draw_write_review_pack(b, r.res, &meta, NULL, err, sizeof err), DRAW_OK, "%s",
                 err);
    size_t la, lb;
    unsigned char *ba = (unsigned char *)fixture_slurp(a, &la),
                  *bb = (unsigned char *)fixture_slurp(b, &lb);
    cr_assert(la == lb && memcmp(ba, bb, la) == 0, "two writes of one run differ");
    free(ba);
    free(bb);
    run_fini(&r);
}

/* ---- the review pack -------------------------------------------------------------------- */

static void expect_objective(const char *text, const char *what, const struct mc_objective *ob,
                             double conf)
{
    char want[256], a[32], t[32];
    snprintf(want, sizeof want, "%s met in %.1f%% of outages (95%% CI %.1f", what,
             100.0 * ob->p_met, 100.0 * ob->ci_lo);
    expect_text(text, want);
    snprintf(want, sizeof want, "%.1f%%)", 100.0 * ob->ci_hi);
    expect_text(text, want);
    if (isfinite(ob->value_at_confidence_s)) {
        snprintf(want, sizeof want, "P%.4g %s vs target %s", 100.0 * conf,
                 units_format_duration(ob->value_at_confidence_s, a, sizeof a),
                 units_format_duration(ob->target_s, t, sizeof t));
        expect_text(text, want);
    }
}

Test(draw, review_pack_pages_and_text)
{
    require_font();
    struct run r;
    run_plan("scenarios/tutorial.yaml", 4000, &r);
    const struct plan *p = r.plan;
    char dir[256], path[512], name[256], err[512] = "";
    fresh_dir("pack", dir, sizeof dir);
    snprintf(path, sizeof path, "%s/%s", dir, draw_review_pack_name(p, name, sizeof name));
    cr_assert_str_eq(name, "tutorial-shop-review-pack.pdf");
    struct draw_meta meta = {"9.8.7", "drsim run scenarios/tutorial.yaml -n 4000 --seed 7", DATE_S};
    int pages = 0;
    cr_assert_eq(draw_write_review_pack(path, r.res, &meta, &pages, err, sizeof err), DRAW_OK, "%s",
                 err);
    /* Cover, three pages per scenario, at least one page of assumptions. */
    cr_assert_geq(pages, 1 + 3 * r.res->n_scenarios + 1);
    cr_assert_eq(pdf_pages(path), pages);
    cr_expect_eq(count_dotfiles(dir), 0, "temporary files left behind");

    char *t = pdf_text(path);
    char want[512], hex[65], a[64], b[64];
    expect_text(t, "Disaster recovery review");
    expect_text(t, p->name);
    expect_text(t, p->organization);
    expect_text(t, p->system);
    plan_sha256_hex(p, hex);
    expect_text(t, hex);
    expect_text(t, "2026-01-01 00:00 UTC");
    expect_text(t, "9.8.7");
    snprintf(want, sizeof want, "%llu per scenario", (unsigned long long)r.res->n_trials);
    expect_text(t, want);
    expect_text(t, "Main assumptions");

    int verdicts[5] = {0};
    for (int s = 0; s < r.res->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r.res->scenarios[s];
        const struct scenario *sc = &p->scenarios[sr->scenario];
        snprintf(want, sizeof want, "Scenario %s", sc->name);
        expect_text(t, want);
        /* The verdicts on the cover and the scenario pages. */
        snprintf(want, sizeof want, "RTO %s", mc_verdict_name(sr->rto_obj.verdict));
        expect_text(t, want);
        snprintf(want, sizeof want, "RPO %s", mc_verdict_name(sr->rpo_obj.verdict));
        expect_text(t, want);
        verdicts[sr->rto_obj.verdict]++;
        verdicts[sr->rpo_obj.verdict]++;
        /* The findings and the verdict table carry the numbers of the results. */
        expect_objective(t, "RTO", &sr->rto_obj, p->confidence);
        expect_objective(t, "RPO", &sr->rpo_obj, p->confidence);
        if (sr->n_in_place > 0 && sr->n_in_place < sr->n_trials) {
            snprintf(want, sizeof want, "Fails over in %.1f%% of outages. Recovered in place in "
                     "%.1f%%: the outage ended before the failover",
                     100.0 * sr->outcomes[MC_OUTCOME_FAILED_OVER].share,
                     100.0 * sr->outcomes[MC_OUTCOME_IN_PLACE].share);
            expect_text(t, want);
        }
        snprintf(want, sizeof want, "expected downtime %s, expected data loss %s",
                 units_format_duration(sr->downtime_per_year_s, a, sizeof a),
                 units_format_duration(sr->data_loss_per_year_s, b, sizeof b));
        expect_text(t, want);
        if (sr->unrecoverable_share == 0)
            expect_text(t, "no unrecoverable data loss");
        /* Stores without a usable recovery point are marked on the store chart. */
        for (int i = 0; i < sr->n_stores; i++)
            if (sr->stores[i].n_no_point > 0) {
                double f = (double)sr->stores[i].n_no_point / (double)sr->n_trials;
                if (f < 0.001)
                    snprintf(want, sizeof want, "lost in %llu of %llu outages",
                             (unsigned long long)sr->stores[i].n_no_point,
                             (unsigned long long)sr->n_trials);
                else
                    snprintf(want, sizeof want, "lost in %.1f%% of outages", 100.0 * f);
                expect_text(t, want);
            }
        /* The runbook in the assumptions and on the timeline. */
        for (int i = 0; i < sc->n_steps; i++)
            expect_text(t, sc->steps[i].name);
    }
    /* Issue 15: a percentile is the value the share of outages does not exceed (the pack
     * said "the value reached in 95 % of outages", which is backwards). */
    expect_text(t, "do not exceed");
    cr_assert(strstr(t, "value reached in") == NULL);
    /* The tutorial plan meets some objectives and breaches others: both words appear. */
    cr_assert_gt(
        verdicts[MC_VERDICT_MEETS] + verdicts[MC_VERDICT_BREACH] + verdicts[MC_VERDICT_AT_RISK], 0);
    for (int v = MC_VERDICT_MEETS; v <= MC_VERDICT_BREACH; v++)
        if (verdicts[v])
            expect_text(t, mc_verdict_name((enum mc_verdict)v));
    for (int i = 0; i < p->n_roles; i++)
        expect_text(t, p->roles[i].name);
    for (int i = 0; i < p->n_stores; i++) {
        expect_text(t, p->stores[i].name);
        for (size_t k = 0; k < p->stores[i].n_rules; k++) {
            char sched[128];
            sched_format(&p->stores[i].rules[k].schedule, sched, sizeof sched);
            expect_text(t, sched);
        }
    }
    free(t);
    run_fini(&r);
}

/* A duration as the pack prints it, from a summary.json value (null: infinite). */
static const char *json_dur(const struct jsonio_value *v, const char *where, char *buf,
                            size_t n)
{
    const struct jsonio_value *at = fixture_json_at(v, where);
    double x = INFINITY;
    if (jsonio_type(at) != JSONIO_NULL)
        x = fixture_json_num(v, where);
    return units_format_duration(x, buf, n);
}

/* Issue 10: the pack said "the outage ended by itself before failover in X% of
 * outages" and mixed every outcome into one figure. Now the outcome finding gives how
 * often the plan fails over, recovers in place and abandons a failover, and the table
 * below it the objectives per outcome; every number equals summary.json's (written from
 * the same results) to the printed precision. The timeline and the assumptions say what
 * recovery in place is now: the outage ended before the point of no return, and the
 * primary served again after its return time; the decision and its go rule are listed. */
Test(draw, review_pack_every_figure_per_outcome)
{
    require_font();
    struct run r;
    run_plan("tests/data/activation.yaml", 4000, &r);
    char dir[256], path[300], json[300], want[512], err[512] = "", a[32], b[32];
    fresh_dir("outcomes", dir, sizeof dir);
    snprintf(path, sizeof path, "%s/pack.pdf", dir);
    snprintf(json, sizeof json, "%s/summary.json", dir);
    struct json_meta jm = {"test", "drsim run"};
    cr_assert_eq(json_write_summary(json, r.res, &jm), 0);
    fixture_check_summary(json);
    struct draw_meta meta = {"test", NULL, DATE_S};
    cr_assert_eq(draw_write_review_pack(path, r.res, &meta, NULL, err, sizeof err), DRAW_OK, "%s",
                 err);
    struct jsonio_doc *doc = fixture_json(json);
    const struct jsonio_value *sc = fixture_json_at(jsonio_root(doc), "scenarios[0]");
    double trials = fixture_json_num(sc, "trials");
    double over = fixture_json_num(sc, "outcomes.failed_over.share");
    double in = fixture_json_num(sc, "outcomes.recovered_in_place.share");
    double n_ab = fixture_json_num(sc, "outcomes.recovered_in_place.n_abandoned");
    double n_in = fixture_json_num(sc, "outcomes.recovered_in_place.n");
    cr_assert(n_ab > 0 && n_ab < n_in && over > 0, "every way of ending should occur");

    char *t = pdf_text(path);
    snprintf(want, sizeof want,
             "Fails over in %.1f%% of outages. Recovered in place in %.1f%%: the outage ended "
             "before the failover passed its point of no return (cutover) and service came back "
             "on the primary, with no data lost; the failover had begun and was abandoned in "
             "%.1f%% of outages.",
             100.0 * over, 100.0 * in, 100.0 * n_ab / trials);
    expect_text(t, want);
    cr_expect_null(strstr(t, "before failover"), "the old wording is still in the pack");
    /* The assumptions: the decision, its go rule, the point of no return, the return. */
    expect_text(t, "Activation: the decision to fail over is made by decide; the steps after "
                   "it wait for the go, given once the outage has lasted 2h (the wait for the "
                   "provider), or at the decision when failing over loses less than 1h of data");
    expect_text(t, "Point of no return: cutover (once it has started, the failover completes). "
                   "When the outage ends before it starts, the failover is abandoned (its people "
                   "are released) and service comes back on the primary after the provider's "
                   "fix plus its return time (uniform min 20m, max 40m)");
    /* The typical trial's subtitle says how it ended. */
    const struct trial_result *tr = &r.res->scenarios[0].typical;
    if (tr->in_place)
        expect_text(t, tr->abandoned ? "before the point of no return (cutover): failover "
                                       "abandoned, recovered in place"
                                     : "before the go to fail over: no failover, recovered in "
                                       "place");
    free(t);

    /* The table: a row per outcome, its cells on one line of the physical layout. */
    t = pdf_text_opt(path, 1);
    static const char *const rows[3][2] = {{"all outages", ""},
                                           {"failed over", "outcomes.failed_over."},
                                           {"recovered in place", "outcomes.recovered_in_place."}};
    for (int i = 0; i < 3; i++) {
        char k[4][96];
        snprintf(k[0], sizeof k[0], "%sshare", rows[i][1]);
        snprintf(k[1], sizeof k[1], "%srto_objective.p_met", rows[i][1]);
        snprintf(k[2], sizeof k[2], "%srpo_objective.p_met", rows[i][1]);
        double n = i == 0 ? trials : fixture_json_num(sc, i == 1 ? "outcomes.failed_over.n"
                                                                 : "outcomes.recovered_in_place.n");
        double share = i == 0 ? 1.0 : fixture_json_num(sc, k[0]);
        char at_rto[96], at_rpo[96];
        snprintf(at_rto, sizeof at_rto, "%srto_objective.value_at_confidence_s", rows[i][1]);
        snprintf(at_rpo, sizeof at_rpo, "%srpo_objective.value_at_confidence_s", rows[i][1]);
        snprintf(want, sizeof want, "%s %.0f %.1f%% %.1f%% %s %.1f%% %s", rows[i][0], n,
                 100.0 * share, 100.0 * fixture_json_num(sc, k[1]), json_dur(sc, at_rto, a, sizeof a),
                 100.0 * fixture_json_num(sc, k[2]), json_dur(sc, at_rpo, b, sizeof b));
        expect_text(t, want);
    }
    free(t);
    jsonio_free(doc);
    run_fini(&r);
}

/* Regression (issue 9): a plan with no objectives got "Every objective meets policy" on
 * the cover; with nothing to check, the pack says so. */
Test(draw, review_pack_without_objectives_says_there_is_nothing_to_check)
{
    require_font();
    struct run r;
    run_plan("tests/data/no-objectives.yaml", 300, &r);
    char dir[256], path[300], err[512] = "";
    fresh_dir("no-objectives", dir, sizeof dir);
    snprintf(path, sizeof path, "%s/pack.pdf", dir);
    struct draw_meta meta = {"test", NULL, DATE_S};
    cr_assert_eq(draw_write_review_pack(path, r.res, &meta, NULL, err, sizeof err), DRAW_OK, "%s",
                 err);
    char *t = pdf_text(path);
    expect_text(t, "The policy states no objective: there is nothing to check.");
    cr_expect_null(strstr(t, "meets policy"), "the cover claims a verdict");
    free(t);
    run_fini(&r);
}

/* ---- in memory ------------------------------------------------------------------------ */

Test(draw, png_buffer_for_the_workbook)
{
    struct run r;
    run_plan("scenarios/single-db.yaml", 2000, &r);
    char err[256];
    for (int c = 0; c < DRAW_N_CHARTS; c++) {
        unsigned char *png = NULL;
        size_t len = 0;
        cr_assert_eq(draw_chart_png_buffer(r.res, 1, (enum draw_chart)c, 640, 400, &png, &len, err,
                                           sizeof err),
                     DRAW_OK, "%s", err);
        unsigned w, h;
        check_png(png, len, &w, &h, draw_chart_name((enum draw_chart)c));
        cr_expect_eq(w, 640);
        cr_expect_eq(h, 400);
        cr_expect_gt(len, 5000);
        free(png);
    }
    unsigned char *png = (unsigned char *)"x";
    size_t len = 1;
    cr_expect_eq(
        draw_chart_png_buffer(r.res, 2, DRAW_RTO_CDF, 640, 400, &png, &len, err, sizeof err),
        DRAW_INVALID);
    cr_expect_null(png);
    cr_expect_eq(len, 0);
    cr_expect_eq(
        draw_chart_png_buffer(r.res, 0, DRAW_RTO_CDF, 50, 400, &png, &len, err, sizeof err),
        DRAW_INVALID);
    cr_expect_eq(
        draw_chart_png_buffer(r.res, 0, (enum draw_chart)99, 640, 400, &png, &len, err, sizeof err),
        DRAW_INVALID);
    run_fini(&r);
}

Test(draw, names)
{
    char buf[64];
    cr_expect_str_eq(draw_safe_name("zone", buf, sizeof buf), "zone");
    cr_expect_str_eq(draw_safe_name("a/b c:d", buf, sizeof buf), "a_b_c_d");
    cr_expect_str_eq(draw_safe_name(".hidden", buf, sizeof buf), "_hidden");
    cr_expect_str_eq(draw_safe_name("v1.2", buf, sizeof buf), "v1.2");
    cr_expect_str_eq(draw_safe_name(NULL, buf, sizeof buf), "plan");
    cr_expect_str_eq(draw_safe_name("", buf, sizeof buf), "plan");
    cr_expect_str_eq(draw_chart_name(DRAW_RTO_CDF), "rto-cdf");
    cr_expect_str_eq(draw_chart_name(DRAW_STORE_RPO), "store-rpo");
    cr_expect_str_eq(draw_chart_name(DRAW_CAPACITY), "capacity");
    cr_expect_null(draw_chart_name((enum draw_chart)DRAW_N_CHARTS));
    cr_expect_str_eq(draw_strerror(DRAW_IO), "I/O error");
}

/* ---- failures leave nothing behind ---------------------------------------------------------- */

Test(draw, io_errors_are_reported_and_leave_no_file)
{
    struct run r;
    run_plan("scenarios/single-db.yaml", 500, &r);
    struct draw_meta meta = {"test", NULL, DATE_S};
    char dir[256], path[512], err[512] = "";
    fresh_dir("io", dir, sizeof dir);
    /* "charts" is a regular file: the directory cannot be used. */
    snprintf(path, sizeof path, "%s/charts", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fclose(f);
    cr_expect_eq(draw_write_charts(path, r.res, &meta, NULL, err, sizeof err), DRAW_IO);
    cr_expect_not_null(strstr(err, path), "message does not name the file: %s", err);
    /* The pack into a missing directory. */
    snprintf(path, sizeof path, "%s/missing/pack.pdf", dir);
    err[0] = '\0';
    cr_expect_eq(draw_write_review_pack(path, r.res, &meta, NULL, err, sizeof err), DRAW_IO);
    cr_expect_not_null(strstr(err, "missing/pack.pdf"), "%s", err);
    struct stat st;
    cr_expect_neq(stat(path, &st), 0);
    cr_expect_eq(count_dotfiles(dir), 0);
    run_fini(&r);
}

/* Entries of dir other than "." and "..". */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

/* Every regular file of dir has permission bits `mode`; returns how many there are. */
static int expect_modes(const char *dir, mode_t mode)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "%s", dir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char path[1024];
        struct stat sb;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        cr_expect_eq(sb.st_mode & 0777, mode, "%s: mode %03o, want %03o", path,
                     (unsigned)(sb.st_mode & 0777), (unsigned)mode);
        n++;
    }
    closedir(d);
    return n;
}

/* Regression (issue 9, one way to write a file): writers create their files directly
 * with mode 0666 & ~umask like every other output; they used to write a temporary file
 * and force it to 0644. */
Test(draw, files_are_created_directly_with_the_umask_mode)
{
    struct run r;
    run_plan("scenarios/single-db.yaml", 300, &r);
    struct draw_meta meta = {"test", NULL, DATE_S};
    char dir[256], charts[300], pack[300], err[512] = "";
    int n_files = 0;
    fresh_dir("mode", dir, sizeof dir);
    mode_t masks[2] = {0, 027}, want[2] = {0666, 0640};
    for (int k = 0; k < 2; k++) {
        snprintf(charts, sizeof charts, "%s/charts-%d", dir, k);
        snprintf(pack, sizeof pack, "%s/pack-%d.pdf", dir, k);
        mode_t old = umask(masks[k]);
        enum draw_status a = draw_write_charts(charts, r.res, &meta, &n_files, err, sizeof err);
        enum draw_status b = draw_write_review_pack(pack, r.res, &meta, NULL, err, sizeof err);
        umask(old);
        cr_assert_eq(a, DRAW_OK, "%s", err);
        cr_assert_eq(b, DRAW_OK, "%s", err);
        cr_expect_eq(expect_modes(charts, want[k]), n_files);
        struct stat sb;
        cr_assert_eq(stat(pack, &sb), 0);
        cr_expect_eq(sb.st_mode & 0777, want[k], "pack mode %03o", (unsigned)(sb.st_mode & 0777));
        cr_expect_eq(count_dotfiles(charts), 0, "temporary files in %s", charts);
    }
    cr_expect_eq(count_dotfiles(dir), 0);
    run_fini(&r);
}

/* Regression: a chart set that fails part-way removes the files this call wrote (they
 * used to stay, a partial set), and only those. */
Test(draw, a_failed_chart_set_removes_the_files_it_wrote)
{
    struct run r;
    run_plan("scenarios/single-db.yaml", 300, &r);
    struct draw_meta meta = {"test", NULL, DATE_S};
    char dir[256], path[600], err[512] = "";
    fresh_dir("undo", dir, sizeof dir);
    /* Something that was there before stays; a directory where the first scenario's
     * timeline PNG goes makes the fifth chart fail after twelve files were written. */
    snprintf(path, sizeof path, "%s/keep.txt", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fclose(f);
    const char *scn = r.plan->scenarios[r.res->scenarios[0].scenario].name;
    snprintf(path, sizeof path, "%s/%s-timeline.png", dir, scn);
    cr_assert_eq(mkdir(path, 0777), 0);
    int n_files = -1;
    cr_expect_eq(draw_write_charts(dir, r.res, &meta, &n_files, err, sizeof err), DRAW_IO);
    cr_expect_not_null(strstr(err, path), "message does not name the file: %s", err);
    cr_expect_eq(n_files, 0);
    cr_expect_eq(count_entries(dir), 2, "files of the failed set are left in %s", dir);
    run_fini(&r);
}

/* A file size limit makes every write past 4 KiB fail (EFBIG): the pack and a chart set
 * fail with a message and leave nothing, not even the directory the set created. */
Test(draw, write_errors_leave_no_partial_file)
{
    struct run r;
    run_plan("scenarios/single-db.yaml", 300, &r);
    struct draw_meta meta = {"test", NULL, DATE_S};
    char dir[256], pack[300], charts[300], err[512] = "";
    fresh_dir("efbig", dir, sizeof dir);
    snprintf(pack, sizeof pack, "%s/pack.pdf", dir);
    snprintf(charts, sizeof charts, "%s/charts", dir);
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = {4096, 4096};
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
    cr_expect_eq(draw_write_review_pack(pack, r.res, &meta, NULL, err, sizeof err), DRAW_IO);
    cr_expect_not_null(strstr(err, "cannot write"), "%s", err);
    cr_expect_not_null(strstr(err, pack), "%s", err);
    int n_files = -1;
    cr_expect_eq(draw_write_charts(charts, r.res, &meta, &n_files, err, sizeof err), DRAW_IO);
    cr_expect_eq(n_files, 0);
    cr_expect_eq(count_entries(dir), 0, "something was left in %s", dir);
    run_fini(&r);
}

/* A full disk: the message says so, and the writer does not remove what it did not
 * create (here the device itself). */
Test(draw, a_full_disk_is_reported)
{
    struct stat sb;
    if (stat("/dev/full", &sb) != 0 || !S_ISCHR(sb.st_mode))
        cr_skip_test("no /dev/full");
    struct run r;
    run_plan("scenarios/single-db.yaml", 300, &r);
    struct draw_meta meta = {"test", NULL, DATE_S};
    char err[512] = "";
    cr_expect_eq(draw_write_review_pack("/dev/full", r.res, &meta, NULL, err, sizeof err), DRAW_IO);
    cr_expect_not_null(strstr(err, "cannot write /dev/full: No space left on device"), "%s", err);
    cr_expect_eq(stat("/dev/full", &sb), 0);
    cr_expect(S_ISCHR(sb.st_mode));
    run_fini(&r);
}

/* Regression (issue 9): the finite expected data loss a year left out the outages with
 * no usable recovery point and read as small; the pack now shows those as their own
 * figure, labelled, next to it. */
Test(draw, review_pack_shows_unrecoverable_loss)
{
    require_font();
    struct run r;
    run_plan("tests/data/unrecoverable-failing-copy.yaml", 3000, &r);
    const struct mc_scenario_result *sr = &r.res->scenarios[0];
    cr_assert_gt(sr->unrecoverable_share, 0.3, "the plan should lose data often");
    char dir[256], path[300], want[256], a[32], err[512] = "";
    fresh_dir("unrecoverable", dir, sizeof dir);
    snprintf(path, sizeof path, "%s/pack.pdf", dir);
    struct draw_meta meta = {"test", NULL, DATE_S};
    cr_assert_eq(draw_write_review_pack(path, r.res, &meta, NULL, err, sizeof err), DRAW_OK, "%s",
                 err);
    char *t = pdf_text(path);
    snprintf(want, sizeof want, "expected data loss %s where a recovery point was usable",
             units_format_duration(sr->data_loss_per_year_s, a, sizeof a));
    expect_text(t, want);
    snprintf(want, sizeof want,
             "unrecoverable data loss (no usable recovery point) in %.3g%% of outages, %.3g a year",
             100.0 * sr->unrecoverable_share, sr->unrecoverable_per_year);
    expect_text(t, want);
    cr_expect_null(strstr(t, "no unrecoverable data loss"));
    /* The outage never ends by itself: the plan fails over every time. */
    cr_expect_eq(sr->outcomes[MC_OUTCOME_IN_PLACE].n, 0);
    expect_text(t, "Fails over in every outage: none ended before the failover");
    free(t);
    run_fini(&r);
}

/* ---- drsim run -------------------------------------------------------------------------- */

Test(draw, drsim_run_writes_charts_and_pack)
{
    require_font();
    char dir[256], cmd[1024], path[512];
    int st;
    fresh_dir("cli", dir, sizeof dir);
    snprintf(cmd, sizeof cmd,
             "SOURCE_DATE_EPOCH=%lld %s run scenarios/single-db.yaml -n 1000 -q -o %s/out 2>&1",
             DATE_S, fixture_bin(), dir);
    char *out;
    st = fixture_shell(cmd, &out);
    cr_assert_eq(st, 0, "%s", out);
    snprintf(path, sizeof path, "wrote %s/out/charts/", dir);
    cr_expect_not_null(strstr(out, path), "%s", out);
    snprintf(path, sizeof path, "wrote %s/out/single-db-review-pack.pdf", dir);
    cr_expect_not_null(strstr(out, path), "%s", out);
    free(out);
    struct stat sb;
    snprintf(path, sizeof path, "%s/out/charts/region-timeline.png", dir);
    cr_expect_eq(stat(path, &sb), 0);
    snprintf(path, sizeof path, "%s/out/single-db-review-pack.pdf", dir);
    cr_assert_eq(stat(path, &sb), 0);
    char *t = pdf_text(path);
    expect_text(t, "2026-01-01 00:00 UTC");
    expect_text(t, "drsim run scenarios/single-db.yaml -n 1000 --seed 1");
    free(t);

    /* --no-charts: only summary.json. */
    snprintf(cmd, sizeof cmd,
             "%s run scenarios/single-db.yaml -n 500 -q --no-charts -o %s/plain 2>&1",
             fixture_bin(), dir);
    st = fixture_shell(cmd, &out);
    cr_assert_eq(st, 0, "%s", out);
    cr_expect_null(strstr(out, "charts/"), "%s", out); /* "reproduce: ... --no-charts" */
    free(out);
    snprintf(path, sizeof path, "%s/plain/charts", dir);
    cr_expect_neq(stat(path, &sb), 0);
    snprintf(path, sizeof path, "%s/plain/single-db-review-pack.pdf", dir);
    cr_expect_neq(stat(path, &sb), 0);

    /* The charts cannot be written: exit 3 with a message naming the file. */
    snprintf(cmd, sizeof cmd, "mkdir -p %s/blocked && touch %s/blocked/charts", dir, dir);
    cr_assert_eq(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s run scenarios/single-db.yaml -n 500 -q -o %s/blocked 2>&1",
             fixture_bin(), dir);
    st = fixture_shell(cmd, &out);
    cr_expect_eq(st, 3, "%s", out);
    cr_expect_not_null(strstr(out, "/blocked/charts/"), "%s", out);
    cr_expect_not_null(strstr(out, "Not a directory"), "%s", out);
    free(out);
}

/* ---- the capacity chart (issue 11) ------------------------------------------------------ */

/* The step function on hand-made trials of the fixture's zone scenario (capacity left 50 %,
 * scale-up restores 100 %): 0 until service, then the capacity left, then full capacity
 * from the step's end; in a trial recovered in place, full capacity once the primary
 * serves again; nothing but 0 when service never came back. */
Test(draw, capacity_steps_known_answers)
{
    struct svc_fixture fx;
    svc_fixture_init(&fx);
    const struct scenario *z = &fx.p->scenarios[plan_find_scenario(fx.p, "zone")];
    int up = scenario_find_step(z, "scale-up"), rm = scenario_find_step(z, "remove-zone");
    static struct trial_result tr;   /* large: not on the stack */
    double t[8], c[8];
    memset(&tr, 0, sizeof tr);
    tr.n_steps = z->n_steps;
    tr.service_s = 1800;
    tr.primary_back_s = INFINITY;
    tr.steps[rm].state = TRIAL_STEP_DONE;
    tr.steps[rm].end_s = 1800;
    tr.steps[up].state = TRIAL_STEP_DONE;
    tr.steps[up].end_s = 9000;
    int n = draw_capacity_steps(z, &tr, t, c, 8);
    cr_assert_eq(n, 3);
    cr_expect(t[0] == 0 && c[0] == 0);
    cr_expect(t[1] == 1800 && c[1] == SVC_CAPACITY_LEFT, "%g %g", t[1], c[1]);
    cr_expect(t[2] == 9000 && c[2] == 1.0, "%g %g", t[2], c[2]);
    /* Only two points fit: the first two. */
    cr_expect_eq(draw_capacity_steps(z, &tr, t, c, 2), 2);
    /* The scenario's service restoration waits for checkout's MBCO (60 %, reached at the
     * scale-up's end): the platform serves at 50 % from the service step's end before. */
    tr.service_s = 9000;
    n = draw_capacity_steps(z, &tr, t, c, 8);
    cr_assert_eq(n, 3);
    cr_expect(t[1] == 1800 && c[1] == SVC_CAPACITY_LEFT, "%g %g", t[1], c[1]);
    cr_expect(t[2] == 9000 && c[2] == 1.0, "%g %g", t[2], c[2]);
    tr.service_s = 1800;
    /* In place: scale-up never ran; the primary serves again at 5000 s. */
    tr.steps[up].state = TRIAL_STEP_CANCELLED;
    tr.steps[up].end_s = NAN;
    tr.in_place = 1;
    tr.primary_back_s = 5000;
    n = draw_capacity_steps(z, &tr, t, c, 8);
    cr_assert_eq(n, 3);
    cr_expect(t[1] == 1800 && c[1] == SVC_CAPACITY_LEFT);
    cr_expect(t[2] == 5000 && c[2] == 1.0);
    /* Never served again: neither the service step nor the primary's return. */
    tr.service_s = INFINITY;
    tr.primary_back_s = INFINITY;
    tr.steps[rm].state = TRIAL_STEP_RUNNING;
    tr.steps[rm].end_s = NAN;
    cr_expect_eq(draw_capacity_steps(z, &tr, t, c, 8), 1);
    svc_fixture_fini(&fx);
}

/* The capacity chart is written, in three formats, for the scenario with a capacity model
 * and only for it; its PDF names the trials it draws, full capacity, the MBCO of the
 * policy's service and the RTO target; the step function of each trial starts at 0, is at
 * the capacity left once the service step has ended, and follows the engine's
 * trial_capacity_at. The review pack
 * gains a services page and the capacity page of the zone scenario. */
Test(draw, capacity_chart_and_pack_pages)
{
    require_font();
    struct svc_fixture fx;
    svc_fixture_init(&fx);
    struct mc_results *res = NULL;
    cr_assert_eq(mc_run(fx.p, 2000, 7, 2, NULL, NULL, &res), MC_OK);
    const int zone = 0, region = 1;
    cr_assert_str_eq(fx.p->scenarios[res->scenarios[zone].scenario].name, "zone");
    cr_expect(draw_chart_applies(res, zone, DRAW_CAPACITY));
    cr_expect_not(draw_chart_applies(res, region, DRAW_CAPACITY));
    cr_expect(draw_chart_applies(res, region, DRAW_TIMELINE));

    char dir[256], charts[300], path[512], err[512] = "";
    fresh_dir("capacity", dir, sizeof dir);
    snprintf(charts, sizeof charts, "%s/charts", dir);
    struct draw_meta meta = {"test", "drsim run test", DATE_S};
    int n_files = -1;
    cr_assert_eq(draw_write_charts(charts, res, &meta, &n_files, err, sizeof err), DRAW_OK, "%s",
                 err);
    cr_assert_eq(n_files, 3 * (2 * DRAW_N_CHARTS - 1));
    size_t len;
    snprintf(path, sizeof path, "%s/zone-capacity.png", charts);
    unsigned char *b = (unsigned char *)fixture_slurp(path, &len);
    cr_assert_not_null(b, "%s missing", path);
    unsigned w, h;
    check_png(b, len, &w, &h, path);
    cr_expect_gt(len, 8000, "%s: only %zu bytes", path, len);
    free(b);
    snprintf(path, sizeof path, "%s/zone-capacity.svg", charts);
    cr_expect_eq(access(path, F_OK), 0, "%s missing", path);
    snprintf(path, sizeof path, "%s/region-capacity.png", charts);
    cr_expect_eq(access(path, F_OK), -1, "%s written without a capacity model", path);

    const struct mc_scenario_result *sr = &res->scenarios[zone];
    const struct scenario *z = &fx.p->scenarios[sr->scenario];
    snprintf(path, sizeof path, "%s/zone-capacity.pdf", charts);
    char *t = pdf_text(path);
    char want[256], d[32];
    expect_text(t, "Capacity over time, zone outages");
    snprintf(want, sizeof want, "typical trial (#%llu, median RTO %s)",
             (unsigned long long)sr->median_rto_trial,
             units_format_duration(sr->typical.rto_s, d, sizeof d));
    expect_text(t, want);
    snprintf(want, sizeof want, "P95 trial (#%llu, RTO %s)",
             (unsigned long long)sr->p95_rto_trial,
             units_format_duration(sr->p95.rto_s, d, sizeof d));
    expect_text(t, want);
    expect_text(t, "full capacity 100%");
    expect_text(t, "MBCO 60%: checkout");
    snprintf(want, sizeof want, "target %s", units_format_duration(z->rto_target_s, d, sizeof d));
    expect_text(t, want);
    free(t);
    const struct trial_result *trs[2] = {&sr->typical, &sr->p95};
    for (int k = 0; k < 2; k++) {
        double ts[PLAN_MAX_STEPS + 3], cs[PLAN_MAX_STEPS + 3];
        int n = draw_capacity_steps(z, trs[k], ts, cs, PLAN_MAX_STEPS + 3);
        cr_assert_geq(n, 2, "trial %d restored service", k);
        cr_expect(ts[0] == 0 && cs[0] == 0);
        /* The platform serves again when remove-zone (the service step) ends, at 50 %,
         * at the latest at the scenario's service restoration. */
        cr_expect_eq(ts[1], trs[k]->steps[scenario_find_step(z, "remove-zone")].end_s);
        cr_expect_leq(ts[1], trs[k]->service_s);
        cr_expect_eq(cs[1], SVC_CAPACITY_LEFT);
        for (int i = 1; i < n; i++)
            cr_expect_eq(cs[i], trial_capacity_at(z, trs[k], ts[i]));
        cr_expect_eq(cs[n - 1], 1.0, "scale-up restores full capacity");
    }

    /* The review pack: cover, a services page, three pages per scenario and the zone's
     * capacity page, then the assumptions. */
    int with = 0;
    snprintf(path, sizeof path, "%s/pack.pdf", dir);
    cr_assert_eq(draw_write_review_pack(path, res, &meta, &with, err, sizeof err), DRAW_OK, "%s",
                 err);
    cr_expect_eq(pdf_pages(path), with);
    t = pdf_text(path);
    expect_text(t, "Business services");
    expect_text(t, "Capacity over time, zone outages");
    expect_text(t, "MBCO 60%: checkout");
    /* The services table: each scenario's services with their P(meet). */
    for (int s = 0; s < 2; s++)
        for (int i = 0; i < 2; i++) {
            const struct mc_objective *ob = &res->scenarios[s].services[i].rto_obj;
            snprintf(want, sizeof want, "%.1f%%", 100.0 * ob->p_met);
            expect_text(t, want);
        }
    free(t);
    /* The same plan without its capacity model: one page fewer (no capacity page). */
    struct scenario *zw = &fx.p->scenarios[sr->scenario];
    double left = zw->capacity_left;
    zw->capacity_left = NAN;
    int without = 0;
    snprintf(path, sizeof path, "%s/pack-without.pdf", dir);
    cr_assert_eq(draw_write_review_pack(path, res, &meta, &without, err, sizeof err), DRAW_OK,
                 "%s", err);
    zw->capacity_left = left;
    cr_expect_eq(with, without + 1, "pages with %d, without %d", with, without);
    mc_results_free(res);
    svc_fixture_fini(&fx);
}

/* Issue 15, defect 2: a store lost in 2 of the trials was labelled "lost in 0.0% of
 * outages" (and drawn like one lost in most of them). A loss under 0.1 % is counted. */
Test(draw, rare_store_loss_is_counted_not_rounded_away)
{
    require_font();
    struct run r;
    run_plan("scenarios/single-db.yaml", 3000, &r);
    struct mc_store_result *so = &r.res->scenarios[0].stores[0];
    so->n_no_point = 2;
    so->rpo.max_s = INFINITY;
    char dir[256], charts[300], cmd[700], *out = NULL;
    fresh_dir("rare-loss", dir, sizeof dir);
    snprintf(charts, sizeof charts, "%s/charts", dir);
    struct draw_meta meta = {"test", "drsim run test", DATE_S};
    char err[512] = "";
    cr_assert_eq(draw_write_charts(charts, r.res, &meta, NULL, err, sizeof err), DRAW_OK, "%s", err);
    snprintf(cmd, sizeof cmd, "pdftotext %s/%s-store-rpo.pdf - 2>&1", charts,
             r.plan->scenarios[r.res->scenarios[0].scenario].name);
    cr_assert_eq(fixture_shell(cmd, &out), 0, "%s", out);
    cr_assert(strstr(out, "lost in 2 of 3000 outages") != NULL, "%s", out);
    cr_assert(strstr(out, "0.0%") == NULL, "%s", out);
    free(out);
    run_fini(&r);
}

/* Issue 15, defect 10 (a): a value at the confidence of 24h25m against a 1d target read
 * "1d" against "1d" in a breach; the pack writes it to the second ("1d00h25m"). */
Test(draw, review_pack_value_against_an_equal_looking_target)
{
    require_font();
    struct run r;
    run_plan("scenarios/single-db.yaml", 500, &r);
    struct mc_objective *ob = &r.res->scenarios[0].rto_obj;
    cr_assert(ob->has_target);
    ob->target_s = 86400.0;
    ob->value_at_confidence_s = 87900.0;
    ob->margin_s = -1500.0;
    ob->verdict = MC_VERDICT_BREACH;
    char dir[256], path[300], err[512] = "";
    fresh_dir("equal-looking", dir, sizeof dir);
    snprintf(path, sizeof path, "%s/pack.pdf", dir);
    struct draw_meta meta = {"test", NULL, DATE_S};
    cr_assert_eq(draw_write_review_pack(path, r.res, &meta, NULL, err, sizeof err), DRAW_OK, "%s",
                 err);
    char *t = pdf_text(path);
    expect_text(t, "1d00h25m vs target 1d");
    free(t);
    run_fini(&r);
}

/* Issue 15, defect 10 (b): the built-in plan's zone outage never loses data, and its RPO
 * CDF, RPO histogram and store chart took half a page each to draw nothing. They are now
 * one line each; the region outage, which loses data, keeps its charts. */
Test(draw, review_pack_says_in_a_line_what_an_empty_chart_would_show)
{
    require_font();
    struct plan *p = fixture_plan_file(NULL);
    struct mc_results *res = NULL;
    cr_assert_eq(mc_run(p, 400, 7, 2, NULL, NULL, &res), MC_OK);
    cr_assert_eq(res->scenarios[0].rpo.max_s, 0.0, "zone outages lose no data");
    char dir[256], path[300], err[512] = "";
    fresh_dir("empty-charts", dir, sizeof dir);
    snprintf(path, sizeof path, "%s/pack.pdf", dir);
    struct draw_meta meta = {"test", NULL, DATE_S};
    cr_assert_eq(draw_write_review_pack(path, res, &meta, NULL, err, sizeof err), DRAW_OK, "%s",
                 err);
    char *t = pdf_text(path);
    expect_text(t, "RPO (data loss): 0 s in every one of the 400 outages: no chart to draw.");
    expect_text(t, "Data loss per store: no store loses data in any of the 400 outages.");
    cr_expect_null(strstr(t, "RPO: data loss, zone outages"));
    cr_expect_null(strstr(t, "RPO (data loss) distribution, zone outages"));
    cr_expect_null(strstr(t, "Data loss per store, zone outages"));
    expect_text(t, "RTO: downtime, zone outages");
    expect_text(t, "RPO: data loss, region outages");
    expect_text(t, "Data loss per store, region outages");
    free(t);
    mc_results_free(res);
    plan_free(p);
}

/* Issue 15, defect 10 (c): a chart copied out of its folder did not say which run drew
 * it. Every chart file now carries the run's identity along its bottom: plan, SHA-256
 * prefix, seed, trials, drsim version. */
Test(draw, every_chart_file_names_its_run)
{
    require_font();
    struct run r;
    run_plan("scenarios/single-db.yaml", 300, &r);
    char dir[256], charts[300], cmd[1400], hex[65], want[512], *out = NULL;
    fresh_dir("run-identity", dir, sizeof dir);
    snprintf(charts, sizeof charts, "%s/charts", dir);
    struct draw_meta meta = {"9.9.9-test", "drsim run test", DATE_S};
    char err[512] = "";
    int n = 0;
    cr_assert_eq(draw_write_charts(charts, r.res, &meta, &n, err, sizeof err), DRAW_OK, "%s", err);
    plan_sha256_hex(r.plan, hex);
    snprintf(want, sizeof want,
             "plan %s \xc2\xb7 sha256 %.12s \xc2\xb7 seed 7 \xc2\xb7 300 trials per scenario "
             "\xc2\xb7 drsim 9.9.9-test", r.plan->name, hex);
    /* Every PDF chart holds the line once: count them against the files written. */
    snprintf(cmd, sizeof cmd,
             "n=0; for f in %s/*.pdf; do pdftotext -enc UTF-8 \"$f\" - | grep -qF '%s' || "
             "{ echo \"missing in $f\"; exit 1; }; n=$((n+1)); done; echo $n", charts, want);
    cr_assert_eq(fixture_shell(cmd, &out), 0, "%s", out);
    cr_assert_eq(atoi(out), n / 3, "%s (files %d)", out, n);
    free(out);
    run_fini(&r);
}

/* Issue 15, defect 10 (d): the full restoration was only in the terminal and summary.json.
 * The pack's findings now give its percentiles (the workbook's Compliance sheet has a row
 * per scenario: tests/check_workbook.py). */
Test(draw, review_pack_gives_the_full_restoration)
{
    require_font();
    struct run r;
    run_plan("scenarios/single-db.yaml", 500, &r);
    const struct mc_percentiles *f = &r.res->scenarios[0].full;
    char dir[256], path[300], err[512] = "", want[400], a[4][32];
    fresh_dir("full-restoration", dir, sizeof dir);
    snprintf(path, sizeof path, "%s/pack.pdf", dir);
    struct draw_meta meta = {"test", NULL, DATE_S};
    cr_assert_eq(draw_write_review_pack(path, r.res, &meta, NULL, err, sizeof err), DRAW_OK, "%s",
                 err);
    char *t = pdf_text(path);
    snprintf(want, sizeof want,
             "Full restoration (whole runbook, full capacity): P50 %s, P90 %s, P95 %s, P99 %s",
             units_format_duration(f->p50_s, a[0], sizeof a[0]),
             units_format_duration(f->p90_s, a[1], sizeof a[1]),
             units_format_duration(f->p95_s, a[2], sizeof a[2]),
             units_format_duration(f->p99_s, a[3], sizeof a[3]));
    expect_text(t, want);
    free(t);
    run_fini(&r);
}
