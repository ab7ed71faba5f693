/* tests/test_damage_reports.c: logical-damage scenarios in the reports (issue 12 item 5):
 * the terminal summary and trace, summary.json, the workbook's Logical damage and Clean
 * points sheets (checked against summary.json by tests/check_workbook.py) and the review
 * pack's damage page (its text through pdftotext).
 *
 * The figures are the results' own. To test the reports independently of the engine's
 * draws, most tests run tests/data/damage.yaml briefly and then set the damage figures of
 * the results by hand (damage_fill): the damaged window, the trials without a clean
 * point and each rule's clean-point count; damage_unfill puts back what the engine had
 * before the results are freed. The last tests run the whole command on the same plan.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/jsonio.h"
#include "reports/damage.h"
#include "reports/draw.h"
#include "reports/json.h"
#include "reports/term.h"
#include "reports/workbook.h"
#include "sim/mc.h"
#include "sim/mc_rows.h"
#include "sim/trial.h"
#include "tests/fixture.h"

#define PLAN "tests/data/damage.yaml"
#define N 400
#define DAY 86400.0
#define FINDING_DROPPED                                                                     \
    "The BCP sets no recovery objective for dropped-table (logical damage): no verdict; the " \
    "distributions below are what it would have to meet."

/* The scenarios and stores of tests/data/damage.yaml. */
enum { S_REGION = 0, S_RANSOM, S_DROPPED };
enum { ST_PG = 0, ST_FILES };

/* What damage_fill replaced, to be put back. */
struct filled {
    uint64_t *was[3][2];           /* [scenario][store] the engine's clean_rule_n */
    int was_damaged[3][2];
    uint64_t counts[3][2][3];      /* the counts set by hand */
};

/* Hand-set damage figures: ransomware (pgmain and files damaged, every backup not
 * immutable deleted at detection) gets its clean points from the immutable vault only, in
 * 300 of 400 trials, files none; the dropped table (pgmain) from snapshots 100, vault 20,
 * pitr 260, none in 20. */
static void damage_fill(struct mc_results *r, struct filled *f)
{
    memset(f, 0, sizeof *f);
    cr_assert_eq(r->n_trials, N);
    static const uint64_t c[3][2][3] = {{{0}}, {{0, 300, 0}, {0}}, {{100, 20, 260}, {0}}};
    memcpy(f->counts, c, sizeof c);
    for (int s = 0; s < 3; s++)
        for (int i = 0; i < 2; i++) {
            struct mc_store_result *st = &r->scenarios[s].stores[i];
            f->was[s][i] = st->clean_rule_n;
            f->was_damaged[s][i] = st->damaged;
        }
    struct mc_scenario_result *rs = &r->scenarios[S_RANSOM];
    rs->damaged = (struct mc_percentiles){5 * DAY, 30 * DAY, 40 * DAY, 60 * DAY, 90 * DAY,
                                          9 * DAY, 9 * DAY, 0};
    rs->n_no_clean = N;
    rs->no_clean_share = 1.0;
    for (int i = 0; i < 2; i++) {
        rs->stores[i].damaged = 1;
        rs->stores[i].clean_rule_n = f->counts[S_RANSOM][i];
    }
    rs->typical.damaged_s = 5 * DAY;
    rs->typical.no_clean = 1;
    struct mc_scenario_result *ds = &r->scenarios[S_DROPPED];
    ds->damaged = (struct mc_percentiles){36 * 3600.0, 2.7 * DAY, 2.85 * DAY, 2.97 * DAY,
                                          3 * DAY, 1.5 * DAY, 1.5 * DAY, 0};
    ds->n_no_clean = 20;
    ds->no_clean_share = 0.05;
    ds->stores[ST_PG].damaged = 1;
    ds->stores[ST_PG].clean_rule_n = f->counts[S_DROPPED][ST_PG];
    ds->stores[ST_FILES].damaged = 0;
    ds->stores[ST_FILES].clean_rule_n = NULL;
    ds->typical.damaged_s = 36 * 3600.0;
    ds->typical.no_clean = 0;
    ds->typical.store_loss_s[ST_PG] = 3 * 3600.0;
}

static void damage_unfill(struct mc_results *r, const struct filled *f)
{
    for (int s = 0; s < 3; s++)
        for (int i = 0; i < 2; i++) {
            r->scenarios[s].stores[i].clean_rule_n = f->was[s][i];
            r->scenarios[s].stores[i].damaged = f->was_damaged[s][i];
        }
}

/* The plan run briefly with the figures filled in. */
static struct mc_results *run_filled(struct plan **pp, struct filled *f)
{
    *pp = fixture_plan_file(PLAN);
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(*pp, N, 7, 1, NULL, NULL, &r), MC_OK);
    damage_fill(r, f);
    return r;
}

static void free_filled(struct plan *p, struct mc_results *r, const struct filled *f)
{
    damage_unfill(r, f);
    mc_results_free(r);
    plan_free(p);
}

/* What fn printed, through a memory stream. */
static char *summary_text(const struct mc_results *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    struct term_options o = {0, "test"};
    term_print_summary(f, r, &o);
    fclose(f);
    return buf;
}

/* The block of scenario `name` in the terminal summary (up to the next blank line),
 * malloc'd. */
static char *block_of(const char *out, const char *name)
{
    char head[64];
    snprintf(head, sizeof head, "\n%s:", name);
    const char *b = strstr(out, head);
    cr_assert_not_null(b, "no block %s in:\n%s", name, out);
    const char *e = strstr(b + 1, "\n\n");
    size_t n = e ? (size_t)(e - b) : strlen(b);
    char *s = malloc(n + 1);
    memcpy(s, b, n);
    s[n] = '\0';
    return s;
}

static void want_in(const char *hay, const char *needle)
{
    cr_assert(strstr(hay, needle) != NULL, "want '%s' in:\n%s", needle, hay);
}

/* ---- terminal ------------------------------------------------------------------------- */

Test(damage_reports, terminal_summary_shows_damage_and_no_verdict_without_objective)
{
    struct plan *p;
    struct filled f;
    struct mc_results *r = run_filled(&p, &f);
    char *out = summary_text(r);
    char *ransom = block_of(out, "ransomware"), *dropped = block_of(out, "dropped-table");

    /* The scope reads as logical damage, never "none outage". */
    want_in(ransom, "  (logical damage, 0.05 a year)\n");
    want_in(dropped, "  (logical damage, 1 a year)\n");
    cr_assert(strstr(out, "none outage") == NULL, "%s", out);
    want_in(ransom, "  RTO measured from the detection of the damage; every backup not "
                    "immutable is deleted at detection\n");
    want_in(ransom, "  damaged window (onset to detection: writes to re-enter or reconcile): "
                    "P50 5d, P90 30d, P95 40d, P99 60d, max 90d\n");
    want_in(ransom, "  no clean recovery point at all in 100.0% of trials (400 of 400): a "
                    "damaged store's data is lost for good\n");
    want_in(ransom, "  clean point supplied by (share of trials):\n"
                    "    pgmain                   snapshots 0.0%, vault (immutable) 75.0%, "
                    "pitr 0.0%; none 25.0%\n"
                    "    files                    nightly 0.0%; none 100.0%\n");
    /* The ransomware scenario has targets: its rows carry verdicts. */
    want_in(ransom, "  RTO         2d");
    /* Nothing fails over when nothing is destroyed. */
    cr_assert(strstr(ransom, "fails over in") == NULL, "%s", ransom);

    /* No objective: the finding, the distributions, and no verdict anywhere. */
    want_in(dropped, "  finding: " FINDING_DROPPED "\n");
    want_in(dropped, "  no clean recovery point at all in 5.0% of trials (20 of 400): a "
                     "damaged store's data is lost for good\n");
    want_in(dropped, "    pgmain                   snapshots 25.0%, vault (immutable) 5.0%, "
                     "pitr 65.0%; none 5.0%\n");
    cr_assert(strstr(dropped, "files") == NULL, "files is not damaged:\n%s", dropped);
    cr_assert(strstr(dropped, "meets") == NULL && strstr(dropped, "breach") == NULL &&
                  strstr(dropped, "at risk") == NULL && strstr(dropped, "required confidence") ==
                                                            NULL,
              "a verdict for a scenario without objective:\n%s", dropped);
    want_in(dropped, "  RTO          -");
    want_in(dropped, "  RPO          -");
    /* An outage's block is as before. */
    want_in(out, "\nregion:  (region outage, 0.1 a year)\n");
    free(ransom);
    free(dropped);
    free(out);
    free_filled(p, r, &f);
}

/* ---- trace ---------------------------------------------------------------------------- */

static char *event_text(const struct plan *p, int scenario, const struct trial_event *ev)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    term_print_event(f, p, scenario, ev);
    fclose(f);
    return buf;
}

Test(damage_reports, trace_names_onset_detection_and_the_clean_point_rule)
{
    struct plan *p = fixture_plan_file(PLAN);
    struct trial_event ev;
    memset(&ev, 0, sizeof ev);
    ev.store = ev.step = ev.role = ev.person = ev.stand_in_role = -1;
    ev.rule = -1;

    ev.kind = TRIAL_EV_ONSET;
    ev.t_s = -5 * DAY;
    ev.t_abs_s = 10 * DAY;
    ev.value_s = 5 * DAY;
    ev.flag = DAMAGE_DELETES_AT_DETECTION;
    char *t = event_text(p, S_RANSOM, &ev);
    want_in(t, "ONSET: logical damage begins in pgmain, files; undetected for 5d (the damaged "
               "window: writes to re-enter or reconcile); every backup not immutable will be "
               "deleted at detection\n");
    free(t);
    ev.flag = DAMAGE_DELETES_NONE;
    t = event_text(p, S_DROPPED, &ev);
    want_in(t, "ONSET: logical damage begins in pgmain; undetected for 5d (the damaged window: "
               "writes to re-enter or reconcile)\n");
    free(t);

    ev.kind = TRIAL_EV_OUTAGE_START;
    ev.t_s = 0;
    ev.value_s = INFINITY;
    t = event_text(p, S_RANSOM, &ev);
    want_in(t, "DETECTION: the logical damage is found; the RTO clock starts now\n");
    cr_assert(strstr(t, "none") == NULL, "%s", t);
    free(t);

    /* A clean point from the immutable vault, newer ones deleted. */
    ev.kind = TRIAL_EV_STORE_LOSS;
    ev.store = ST_PG;
    ev.rule = 1;
    ev.value_s = 2 * DAY + 3 * 3600.0;
    ev.flag = TRIAL_LOSS_DAMAGED | TRIAL_LOSS_DELETED;
    t = event_text(p, S_RANSOM, &ev);
    want_in(t, "store pgmain (damaged): clean point from rule vault (immutable), 2d03h before "
               "the onset (lost for good); newer clean points were deleted by the adversary\n");
    free(t);
    /* Point-in-time recovery to just before the onset. */
    ev.rule = 2;
    ev.value_s = 300;
    ev.flag = TRIAL_LOSS_DAMAGED;
    t = event_text(p, S_DROPPED, &ev);
    want_in(t, "store pgmain (damaged): clean point from rule pitr (point-in-time recovery), 5m "
               "before the onset (lost for good)\n");
    free(t);
    /* A store the scenario does not damage. */
    ev.store = ST_FILES;
    ev.rule = -1;
    ev.value_s = 0;
    ev.flag = 0;
    t = event_text(p, S_DROPPED, &ev);
    want_in(t, "store files: not damaged (nothing lost)\n");
    free(t);
    /* No clean point at all. */
    ev.store = ST_FILES;
    ev.rule = -1;
    ev.value_s = INFINITY;
    ev.flag = TRIAL_LOSS_DAMAGED | TRIAL_LOSS_DELETED | TRIAL_LOSS_NO_POINT;
    t = event_text(p, S_RANSOM, &ev);
    want_in(t, "store files (damaged): NO CLEAN RECOVERY POINT: its data is lost for good; the "
               "adversary deleted every clean point it could reach\n");
    free(t);
    plan_free(p);
}

/* The engine's own trials, replayed by drsim trace: the onset before detection, the
 * rule behind each damaged store's clean point, and no targets without an objective. */
Test(damage_reports, trace_of_damage_trials)
{
    char *out;
    cr_assert_eq(fixture_drsim(NULL, "trace " PLAN " --scenario ransomware --trial 3", &out), 0,
                 "%s", out);
    const char *onset =
        strstr(out, "ONSET: logical damage begins in pgmain, files; undetected for ");
    const char *det =
        strstr(out, "DETECTION: the logical damage is found; the RTO clock starts now\n");
    cr_assert(onset && det && onset < det, "%s", out);
    want_in(onset, "; every backup not immutable will be deleted at detection\n");
    /* The onset lies before detection, time 0: its relative time is negative. */
    const char *line = onset;
    while (line > out && line[-1] != '\n')
        line--;
    cr_assert(strchr(line, '-') < onset, "onset not before detection: %.80s", line);
    /* Deleted at detection: only the immutable vault can supply pgmain's point, and the
     * file store, without an immutable rule, has none. */
    cr_assert(strstr(out, "store pgmain (damaged): clean point from rule vault (immutable), ") ||
                  strstr(out, "store pgmain (damaged): NO CLEAN RECOVERY POINT"),
              "%s", out);
    want_in(out, "store files (damaged): NO CLEAN RECOVERY POINT: its data is lost for good; the "
                 "adversary deleted every clean point it could reach\n");
    want_in(out, "; NO CLEAN POINT for a damaged store: its data is lost for good\n");
    want_in(out, "  targets: RTO 2d (");
    free(out);

    cr_assert_eq(fixture_drsim(NULL, "trace " PLAN " --scenario dropped-table --trial 5", &out), 0,
                 "%s", out);
    want_in(out, "ONSET: logical damage begins in pgmain; undetected for ");
    want_in(out, "store pgmain (damaged): clean point from rule ");
    want_in(out, "store files: not damaged (nothing lost)\n");
    want_in(out, "  finding: the BCP sets no recovery objective for dropped-table (logical "
                 "damage): no targets, no verdict\n");
    cr_assert(strstr(out, "targets:") == NULL && strstr(out, "none") == NULL, "%s", out);
    free(out);

    cr_assert_eq(fixture_drsim(NULL, "trace " PLAN " --scenario wiper --trial 1", &out), 0, "%s",
                 out);
    want_in(out, "; every backup not immutable is deleted now\n");
    want_in(out, "DETECTION: the logical damage is found and the region outage starts; the RTO "
                 "clock started at the onset\n");
    free(out);
}

/* ---- summary.json --------------------------------------------------------------------- */

static void write_json(const struct mc_results *r, const char *dir, char *path, size_t n)
{
    struct json_meta meta = {"test", "drsim run"};
    snprintf(path, n, "%s/summary.json", dir);
    cr_assert_eq(json_write_summary(path, r, &meta), 0, "%s", strerror(errno));
    fixture_check_summary(path);
}

static const char *json_str(const struct jsonio_value *v, const char *where)
{
    const struct jsonio_value *x = fixture_json_at(v, where);
    cr_assert_not_null(x, "no %s", where);
    const char *s = jsonio_get_string(x);
    cr_assert_not_null(s, "%s is not a string", where);
    return s;
}

Test(damage_reports, summary_json_damage_members)
{
    struct plan *p;
    struct filled f;
    struct mc_results *r = run_filled(&p, &f);
    char dir[64], path[128];
    fixture_tmpdir(dir, "dmg-json");
    write_json(r, dir, path, sizeof path);
    struct jsonio_doc *doc = fixture_json(path);
    const struct jsonio_value *root = jsonio_root(doc);

    const struct jsonio_value *reg = fixture_json_at(root, "scenarios[0]");
    cr_assert_str_eq(json_str(reg, "kind"), "outage");
    cr_assert_str_eq(json_str(reg, "rto_clock"), "outage-start");
    cr_assert_eq(jsonio_type(fixture_json_at(reg, "damage")), JSONIO_NULL);
    cr_assert_eq(jsonio_length(fixture_json_at(reg, "findings")), 0);
    cr_assert_eq(jsonio_type(fixture_json_at(reg, "stores[0].clean_points")), JSONIO_NULL);

    const struct jsonio_value *rs = fixture_json_at(root, "scenarios[1]");
    cr_assert_str_eq(json_str(rs, "kind"), "damage");
    cr_assert_str_eq(json_str(rs, "destroys"), "none");
    cr_assert_str_eq(json_str(rs, "rto_clock"), "detection");
    cr_assert_str_eq(json_str(rs, "damage.deletes_backups"), "at-detection");
    cr_assert_str_eq(json_str(rs, "damage.stores[0]"), "pgmain");
    cr_assert_str_eq(json_str(rs, "damage.stores[1]"), "files");
    cr_assert_str_eq(json_str(rs, "damage.detected_after.dist"), "lognormal");
    cr_assert_float_eq(fixture_json_num(rs, "damage.detected_after.median_s"), 5 * DAY, 1e-3);
    cr_assert_float_eq(fixture_json_num(rs, "damage.detected_after.p90_s"), 30 * DAY, 1.0);
    cr_assert_eq(fixture_json_num(rs, "damage.damaged_window.p50_s"), 5 * DAY);
    cr_assert_eq(fixture_json_num(rs, "damage.damaged_window.max_s"), 90 * DAY);
    cr_assert_eq(fixture_json_num(rs, "damage.n_no_clean"), N);
    cr_assert_eq(fixture_json_num(rs, "damage.no_clean_share"), 1.0);
    cr_assert_eq(fixture_json_num(rs, "stores[0].clean_points.vault"), 0.75);
    cr_assert_eq(fixture_json_num(rs, "stores[0].clean_points.snapshots"), 0.0);
    cr_assert_eq(fixture_json_num(rs, "stores[0].clean_points.none"), 0.25);
    cr_assert_eq(fixture_json_num(rs, "stores[1].clean_points.none"), 1.0);
    int b = -1;
    cr_assert(jsonio_get_bool(fixture_json_at(rs, "stores[0].rules[1].immutable"), &b) == 0 && b);
    cr_assert_str_eq(json_str(rs, "stores[0].rules[1].name"), "vault");
    cr_assert(jsonio_get_bool(fixture_json_at(rs, "stores[0].rules[0].immutable"), &b) == 0 && !b);
    cr_assert(jsonio_get_bool(fixture_json_at(rs, "stores[0].rules[2].continuous"), &b) == 0 && b);
    cr_assert(jsonio_get_bool(fixture_json_at(rs, "has_objective"), &b) == 0 && b);
    cr_assert_eq(jsonio_length(fixture_json_at(rs, "findings")), 0);
    cr_assert_eq(jsonio_type(fixture_json_at(rs, "rto_objective")), JSONIO_OBJECT);

    const struct jsonio_value *ds = fixture_json_at(root, "scenarios[2]");
    cr_assert_str_eq(json_str(ds, "kind"), "damage");
    cr_assert_str_eq(json_str(ds, "damage.deletes_backups"), "none");
    cr_assert_str_eq(json_str(ds, "damage.detected_after.dist"), "uniform");
    cr_assert_eq(jsonio_length(fixture_json_at(ds, "damage.stores")), 1);
    cr_assert(jsonio_get_bool(fixture_json_at(ds, "has_objective"), &b) == 0 && !b);
    cr_assert_str_eq(json_str(ds, "findings[0].id"), "no_objective");
    cr_assert_str_eq(json_str(ds, "findings[0].text"), FINDING_DROPPED);
    /* No verdict: the objectives are null. */
    cr_assert_eq(jsonio_type(fixture_json_at(ds, "rto_objective")), JSONIO_NULL);
    cr_assert_eq(jsonio_type(fixture_json_at(ds, "rpo_objective")), JSONIO_NULL);
    cr_assert_eq(fixture_json_num(ds, "damage.no_clean_share"), 0.05);
    cr_assert_eq(fixture_json_num(ds, "stores[0].clean_points.pitr"), 0.65);
    cr_assert_eq(fixture_json_num(ds, "stores[0].clean_points.none"), 0.05);
    cr_assert_eq(jsonio_type(fixture_json_at(ds, "stores[1].clean_points")), JSONIO_NULL);
    cr_assert(jsonio_get_bool(fixture_json_at(ds, "stores[1].damaged"), &b) == 0 && !b);
    jsonio_free(doc);
    fixture_rm_rf(dir);
    free_filled(p, r, &f);
}

/* ---- workbook ------------------------------------------------------------------------- */

/* The workbook and summary.json of r in dir, checked by tests/check_workbook.py; the
 * checker's output in *out. Returns its exit status. */
static int check_book(const struct mc_results *r, const char *dir, char **out)
{
    char json[128], book[128], err[512], cmd[512];
    write_json(r, dir, json, sizeof json);
    snprintf(book, sizeof book, "%s/book.xlsx", dir);
    struct wb_options o = {"test", "drsim run", 1700000000, 0, 0, NULL, NULL, WB_PAPER_A4};
    enum wb_status st = wb_write(book, r, &o, err, sizeof err);
    cr_assert_eq(st, WB_OK, "%s", err);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 tests/check_workbook.py %s %s 2>&1", book, json);
    return fixture_shell(cmd, out);
}

Test(damage_reports, workbook_logical_damage_sheet_agrees_with_summary_json)
{
    struct plan *p;
    struct filled f;
    struct mc_results *r = run_filled(&p, &f);
    char dir[64], *out, cmd[2048];
    fixture_tmpdir(dir, "dmg-wb");
    int st = check_book(r, dir, &out);
    cr_assert_eq(st, 0, "check_workbook.py: %s", out);
    free(out);

    /* The cells themselves, as an auditor's tool reads them. */
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c \"import openpyxl,sys; wb=openpyxl.load_workbook('%s/book.xlsx',"
             " data_only=True); ws=wb['Logical damage']; print(wb.sheetnames.index('Logical "
             "damage') - wb.sheetnames.index('Data stores'));"
             " [print('|'.join('' if c is None else str(c) for c in row)) for row in "
             "ws.iter_rows(values_only=True)];"
             " cp=wb['Clean points']; [print('|'.join('' if c is None else str(c) for c in "
             "row)) for row in cp.iter_rows(values_only=True)];"
             " ds=wb['Data stores']; [print('DS|'+'|'.join('' if c is None else str(c) for c in "
             "row)) for row in ds.iter_rows(values_only=True)];"
             " sm=wb['Summary']; [print('SM|'+'|'.join('' if c is None else str(c) for c in "
             "row)) for row in sm.iter_rows(values_only=True)]\" 2>&1",
             dir);
    cr_assert_eq(fixture_shell(cmd, &out), 0, "%s", out);
    want_in(out, "1\n"); /* right after Data stores */
    want_in(out, "ransomware|nothing (logical damage)|pgmain, files|at-detection|lognormal "
                 "median 5d, p90 30d|detection|RTO 2d, RPO 1d|120|720|960|1440|2160|400|400|1");
    want_in(out, "dropped-table|nothing (logical damage)|pgmain|none|");
    want_in(out, "|detection|" FINDING_DROPPED "|36|");
    want_in(out, "ransomware|pgmain|vault|scheduled|cross-region|35|yes|400|300|0.75");
    want_in(out, "ransomware|pgmain|(no clean point)|data lost for good||||400|100|0.25");
    want_in(out, "ransomware|files|nightly|scheduled|cross-region|14|no|400|0|0");
    want_in(out, "dropped-table|pgmain|pitr|continuous|in-region|7|no|400|260|0.65");
    /* Data stores: what applies in a damage scenario instead of an outage's worst case. */
    want_in(out, "deleted at detection (not immutable): never a clean point");
    want_in(out, "clean point: newest point completed before the onset and still retained at "
                 "detection (retention 35d); immutable: not deleted");
    want_in(out, "not damaged");
    want_in(out, "yes: damaged");
    want_in(out, "no: not damaged");
    want_in(out, "Worst-case data loss, ransomware (logical damage) (h)");
    /* Summary: the scope and each scenario's clock and finding. */
    want_in(out, "SM|dropped-table|nothing (logical damage)|1|");
    want_in(out, "|detection|" FINDING_DROPPED "|"); /* then the annual figures' inputs */
    cr_assert(strstr(out, "none outage") == NULL, "%s", out);
    free(out);
    fixture_rm_rf(dir);

    /* The checker catches a sheet that disagrees with summary.json. */
    fixture_tmpdir(dir, "dmg-wb-bad");
    char json[128];
    write_json(r, dir, json, sizeof json);
    r->scenarios[S_DROPPED].n_no_clean = 21; /* the workbook now says 21, the JSON 20 */
    char book[128], err[512];
    snprintf(book, sizeof book, "%s/book.xlsx", dir);
    struct wb_options o = {"test", "drsim run", 1700000000, 0, 0, NULL, NULL, WB_PAPER_A4};
    cr_assert_eq(wb_write(book, r, &o, err, sizeof err), WB_OK, "%s", err);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 tests/check_workbook.py %s %s 2>&1", book, json);
    cr_assert_neq(fixture_shell(cmd, &out), 0, "%s", out);
    want_in(out, "no clean 21");
    free(out);
    r->scenarios[S_DROPPED].n_no_clean = 20;
    fixture_rm_rf(dir);
    free_filled(p, r, &f);
}

/* With the per-trial sheets the workbook is written in constant-memory mode, where a
 * sheet's rows are flushed as it goes: the damage sheets must still get their frozen
 * header and autofilter (a second table below the first could not: regression). */
Test(damage_reports, workbook_with_trials_sheets)
{
    struct plan *p;
    struct filled f;
    struct mc_results *r = run_filled(&p, &f), *again = NULL;
    char dir[64], json[128], book[128], err[512], cmd[512], *out;
    fixture_tmpdir(dir, "dmg-wb-trials");
    /* The trials' rows, recorded as `run --trials-sheet` records them (the same seed and
     * trials replayed with the rows' sink). */
    struct mc_rows *rows = mc_rows_new(N, p->n_scenarios);
    struct mc_sink sink;
    cr_assert_not_null(rows);
    mc_rows_sink(rows, &sink);
    cr_assert_eq(mc_run_sink(p, N, 7, 1, NULL, NULL, &sink, &again), MC_OK);
    mc_results_free(again);
    r->rows = rows;
    write_json(r, dir, json, sizeof json);
    snprintf(book, sizeof book, "%s/book.xlsx", dir);
    struct wb_options o = {"test", "drsim run", 1700000000, 1, 0, NULL, NULL, WB_PAPER_A4};
    enum wb_status st = wb_write(book, r, &o, err, sizeof err);
    cr_assert_eq(st, WB_OK, "%s", err);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 tests/check_workbook.py %s %s --trials %d 2>&1",
             book, json, N);
    cr_assert_eq(fixture_shell(cmd, &out), 0, "%s", out);
    free(out);
    fixture_rm_rf(dir);
    mc_rows_free(rows);
    free_filled(p, r, &f);
}

/* An outage-only plan has no Logical damage sheet, and its scenarios are outages. */
Test(damage_reports, outage_plan_has_no_damage_sheet)
{
    struct plan *p = fixture_plan_file("tests/data/breach.yaml");
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(p, 200, 1, 1, NULL, NULL, &r), MC_OK);
    char dir[64], *out;
    fixture_tmpdir(dir, "dmg-none");
    cr_assert_eq(check_book(r, dir, &out), 0, "%s", out);
    free(out);
    char cmd[256];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c \"import openpyxl; print(openpyxl.load_workbook('%s/book.xlsx')"
             ".sheetnames)\"",
             dir);
    cr_assert_eq(fixture_shell(cmd, &out), 0);
    cr_assert(strstr(out, "Logical damage") == NULL && strstr(out, "Clean points") == NULL, "%s",
              out);
    free(out);
    fixture_rm_rf(dir);
    mc_results_free(r);
    plan_free(p);
}

/* ---- review pack ---------------------------------------------------------------------- */

/* The pack's text with runs of white space folded into one space. */
static char *pack_text(const char *path)
{
    char cmd[256], *t;
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' - 2>&1", path);
    cr_assert_eq(fixture_shell(cmd, &t), 0, "%s", t);
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

Test(damage_reports, review_pack_damage_pages)
{
    struct plan *p;
    struct filled f;
    struct mc_results *r = run_filled(&p, &f);
    char dir[64], path[128], err[512];
    fixture_tmpdir(dir, "dmg-pack");
    if (getenv("DRSIM_KEEP_PACK"))
        fprintf(stderr, "pack in %s\n", dir);
    snprintf(path, sizeof path, "%s/pack.pdf", dir);
    struct draw_meta meta = {"test", "drsim run", 1700000000};
    int pages = 0;
    cr_assert_eq(draw_write_review_pack(path, r, &meta, &pages, err, sizeof err), DRAW_OK, "%s",
                 err);
    char *t = pack_text(path);
    /* A damage page per damage scenario, with its findings, timeline and table. */
    want_in(t, "Scenario ransomware: logical damage");
    want_in(t, "Scenario dropped-table: logical damage");
    want_in(t, "no objective in the BCP: no verdict");
    want_in(t, FINDING_DROPPED);
    want_in(t, "Damaged window (onset to detection: writes to re-enter or reconcile): P50 5d, "
               "P90 30d, P95 40d, P99 60d, max 90d.");
    want_in(t, "No clean recovery point at all in 5.0% of trials (20 of 400)");
    want_in(t, "The adversary deletes every backup not immutable at detection: only "
               "pgmain/vault can supply a clean point");
    want_in(t, "Store pgmain: clean point from pitr (point-in-time) in 65.0%, snapshots in "
               "25.0%, vault (immutable) in 5.0%; none in 5.0%");
    want_in(t, "Store files: no clean point in any trial: its data is lost for good.");
    want_in(t, "Where the clean points came from (share of trials)");
    want_in(t, "last clean point");
    want_in(t, "onset");
    want_in(t, "detection");
    want_in(t, "service restored");
    want_in(t, "damaged window: writes to re-enter or reconcile");
    want_in(t, "no clean recovery point: the damaged data is lost for good");
    want_in(t, "1d12h"); /* the dropped table's typical damaged window */
    /* The scope never reads "none outage"; the outcome finding says nothing fails over. */
    cr_assert(strstr(t, "none outage") == NULL, "%s", t);
    want_in(t, "logical damage, 1 a year");
    want_in(t, "Nothing fails over: the infrastructure stays up");
    /* The charts name incidents and the scenario's clock. */
    want_in(t, "Data loss per store, ransomware incidents");
    want_in(t, "downtime: detection of the damage to service restored");
    want_in(t, "Recovery timeline of a typical ransomware incident");
    cr_assert(strstr(t, "ransomware outage") == NULL, "a damage scenario called an outage");
    /* The main assumptions describe the damage scenarios as such. */
    want_in(t, "Scenario ransomware (logical damage)");
    want_in(t, "0.05 events a year of logical damage to pgmain, files: the onset falls "
               "uniformly over the window and is detected after lognormal median 5d, p90 30d "
               "(the dwell time); every backup not immutable is deleted at detection.");
    want_in(t, "RTO is measured from the detection of the damage.");
    want_in(t, "immutable (cannot be deleted)");
    free(t);
    if (!getenv("DRSIM_KEEP_PACK"))
        fixture_rm_rf(dir);
    free_filled(p, r, &f);
}

/* ---- the words ------------------------------------------------------------------------ */

Test(damage_reports, words_of_scope_clock_and_deletion)
{
    struct plan *p = fixture_plan_file(PLAN);
    char b[64], fnd[512];
    cr_assert_str_eq(damage_kind_text(&p->scenarios[S_REGION], b, sizeof b), "region outage");
    cr_assert_str_eq(damage_kind_text(&p->scenarios[S_RANSOM], b, sizeof b), "logical damage");
    cr_assert_str_eq(damage_destroys_text(&p->scenarios[S_RANSOM], b, sizeof b),
                     "nothing (logical damage)");
    cr_assert_str_eq(damage_rto_clock_name(&p->scenarios[S_REGION]), "outage-start");
    cr_assert_str_eq(damage_rto_clock_name(&p->scenarios[S_RANSOM]), "detection");
    cr_assert_eq(damage_no_objective_finding(&p->scenarios[S_RANSOM], fnd, sizeof fnd), 0);
    cr_assert_eq(damage_no_objective_finding(&p->scenarios[S_REGION], fnd, sizeof fnd), 0);
    cr_assert_eq(damage_no_objective_finding(&p->scenarios[S_DROPPED], fnd, sizeof fnd), 1);
    cr_assert_str_eq(fnd, FINDING_DROPPED);
    /* An onset clock and a damage scenario that also destroys a region. */
    struct scenario *sc = &p->scenarios[S_RANSOM];
    sc->rto_clock = RTO_FROM_OUTAGE;
    cr_assert_str_eq(damage_rto_clock_name(sc), "onset");
    cr_assert_str_eq(damage_rto_clock_text(sc), "onset of the damage");
    sc->scope = OUTAGE_REGION;
    cr_assert_str_eq(damage_kind_text(sc, b, sizeof b), "logical damage with a region outage");
    cr_assert_str_eq(damage_destroys_text(sc, b, sizeof b), "region (and logical damage)");
    cr_assert_str_eq(damage_deletes_name(DAMAGE_DELETES_AT_ONSET), "at-onset");
    plan_free(p);
}

/* ---- the whole run -------------------------------------------------------------------- */

/* drsim run on the damage plan: the terminal, summary.json, the workbook (checked against
 * summary.json) and the pack agree, and the figures follow from the plan: deleted at
 * detection, the file store (no immutable rule) never has a clean point and pgmain's
 * comes from the immutable vault only; the dropped table, detected within 3 days, always
 * restores by point-in-time recovery's 7 days or a snapshot, never without a point. */
Test(damage_reports, run_end_to_end)
{
    char dir[64], args[256], path[160], *out, *chk;
    fixture_tmpdir(dir, "dmg-run");
    snprintf(args, sizeof args, "run " PLAN " -n 2000 -q -o %s", dir);
    cr_assert_eq(fixture_drsim("SOURCE_DATE_EPOCH=1700000000", args, &out), 0, "%s", out);
    char *ransom = block_of(out, "ransomware"), *dropped = block_of(out, "dropped-table");
    want_in(ransom, "  no clean recovery point at all in 100.0% of trials (2000 of 2000): a "
                    "damaged store's data is lost for good\n");
    want_in(ransom, "    files                    nightly 0.0%; none 100.0%\n");
    want_in(ransom, "    pgmain                   snapshots 0.0%, vault (immutable) ");
    want_in(dropped, "  finding: " FINDING_DROPPED "\n");
    want_in(dropped, "  no clean recovery point at all in 0.0% of trials (0 of 2000)\n");
    cr_assert(strstr(dropped, "meets") == NULL && strstr(dropped, "breach") == NULL, "%s",
              dropped);
    /* Damage with a destroyed region, measured from its onset (the header once cut its
     * kind at 31 bytes: regression). */
    char *wiper = block_of(out, "wiper");
    want_in(wiper, "wiper:  (logical damage with a region outage, 0.01 a year)\n");
    want_in(wiper, "  RTO measured from the onset of the damage; every backup not immutable is "
                   "deleted at the onset\n");
    want_in(wiper, "    files                    nightly 0.0%; none 100.0%\n");
    want_in(wiper, "  fails over in ");
    free(wiper);

    snprintf(path, sizeof path, "%s/summary.json", dir);
    struct jsonio_doc *doc = fixture_json(path);
    const struct jsonio_value *rs = fixture_json_at(jsonio_root(doc), "scenarios[1]");
    const struct jsonio_value *ds = fixture_json_at(jsonio_root(doc), "scenarios[2]");
    cr_assert_eq(fixture_json_num(rs, "damage.no_clean_share"), 1.0);
    cr_assert_eq(fixture_json_num(rs, "stores[1].clean_points.none"), 1.0);
    cr_assert_eq(fixture_json_num(rs, "stores[0].clean_points.snapshots"), 0.0);
    cr_assert_eq(fixture_json_num(rs, "stores[0].clean_points.pitr"), 0.0);
    double vault = fixture_json_num(rs, "stores[0].clean_points.vault");
    cr_assert_float_eq(vault + fixture_json_num(rs, "stores[0].clean_points.none"), 1.0, 1e-12);
    cr_assert_gt(vault, 0.5, "the weekly vault kept 35 days covers most dwell times: %g", vault);
    /* The damaged window is the dwell time: lognormal, median 5 days. */
    double p50 = fixture_json_num(rs, "damage.damaged_window.p50_s");
    cr_assert(p50 > 4.4 * DAY && p50 < 5.6 * DAY, "damaged window P50 %g s", p50);
    char want[160];
    snprintf(want, sizeof want, "vault (immutable) %.1f%%, pitr 0.0%%; none %.1f%%\n",
             100.0 * vault, 100.0 * (1.0 - vault));
    want_in(ransom, want);
    cr_assert_eq(fixture_json_num(ds, "damage.n_no_clean"), 0);
    cr_assert_eq(fixture_json_num(ds, "stores[0].clean_points.none"), 0.0);
    cr_assert_gt(fixture_json_num(ds, "stores[0].clean_points.pitr"), 0.9);
    cr_assert(fixture_json_num(ds, "damage.damaged_window.max_s") <= 3 * DAY);
    const struct jsonio_value *ws = fixture_json_at(jsonio_root(doc), "scenarios[3]");
    cr_assert_str_eq(json_str(ws, "destroys"), "region");
    cr_assert_str_eq(json_str(ws, "kind"), "damage");
    cr_assert_str_eq(json_str(ws, "rto_clock"), "onset");
    cr_assert_str_eq(json_str(ws, "damage.deletes_backups"), "at-onset");
    /* a fixed dwell time, through the fine histogram (within 0.4 %) */
    cr_assert_float_eq(fixture_json_num(ws, "damage.damaged_window.p50_s"), 2 * DAY,
                       0.004 * 2 * DAY);
    cr_assert_eq(jsonio_type(fixture_json_at(ws, "stores[0].clean_points")), JSONIO_NULL);
    jsonio_free(doc);

    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 tests/check_workbook.py %s/damage-reports-dr-review.xlsx "
             "%s/summary.json --date 1700000000 2>&1",
             dir, dir);
    cr_assert_eq(fixture_shell(cmd, &chk), 0, "%s", chk);
    free(chk);

    snprintf(path, sizeof path, "%s/damage-reports-review-pack.pdf", dir);
    char *t = pack_text(path);
    want_in(t, "Scenario ransomware: logical damage");
    want_in(t, "Lost before the onset in this trial:");
    want_in(t, "files all (no clean point)");
    want_in(t, FINDING_DROPPED);
    free(t);
    free(ransom);
    free(dropped);
    free(out);
    fixture_rm_rf(dir);
}

/* A plan with many damaged stores: the pack's clean-point table becomes a row per store
 * (its rules by share, immutable ones starred), the stores that do not fit are counted,
 * and the finding names the immutable rules once each rather than per store. */
Test(damage_reports, pack_many_stores_compact_table)
{
    char text[16384];
    size_t o = 0;
    o += (size_t)snprintf(text + o, sizeof text - o,
                          "plan: {name: many}\ncalendar: {epoch: 2026-01-05}\nstores:\n");
    for (int i = 0; i < 24; i++)
        o += (size_t)snprintf(
            text + o, sizeof text - o,
            "  db%02d:\n    size: 10GB\n    backups:\n"
            "      snap: {schedule: daily 03:00, retention: 7d, location: in-region}\n"
            "      vault: {schedule: weekly Sun 04:00, retention: 35d, location: cross-region,"
            " immutable: true}\n"
            "    restore: {throughput: 100MB/s}\n",
            i);
    o += (size_t)snprintf(text + o, sizeof text - o,
                          "staffing:\n  roles: {dba: {count: 1, response: {business: 5m}}}\n"
                          "scenarios:\n  ransomware:\n    per_year: 0.05\n    damage:\n"
                          "      detected_after: {dist: lognormal, median: 5d, p90: 30d}\n"
                          "      deletes_backups: at-detection\n"
                          "    runbook: {restore: {restore: db00, needs: [dba]}}\n"
                          "    service_restored_by: restore\n");
    cr_assert_lt(o, sizeof text);
    struct plan *p = fixture_plan_text("%s", text);
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(p, 300, 3, 1, NULL, NULL, &r), MC_OK);
    char dir[64], path[128], err[512];
    fixture_tmpdir(dir, "dmg-many");
    snprintf(path, sizeof path, "%s/pack.pdf", dir);
    struct draw_meta meta = {"test", "drsim run", 1700000000};
    cr_assert_eq(draw_write_review_pack(path, r, &meta, NULL, err, sizeof err), DRAW_OK, "%s", err);
    char *t = pack_text(path);
    want_in(t, "only the immutable rules vault can supply a clean point");
    want_in(t, "clean point from (* immutable)");
    want_in(t, "vault* ");
    want_in(t, "more stores: the workbook's Clean points sheet");
    cr_assert(strstr(t, "db00/vault") == NULL, "%s", t);
    free(t);
    fixture_rm_rf(dir);
    mc_results_free(r);
    plan_free(p);
}

/* A sweep of a plan with a damage scenario without objective says so in its header. */
Test(damage_reports, sweep_names_the_missing_objective)
{
    char dir[64], args[256], *out;
    fixture_tmpdir(dir, "dmg-sweep");
    snprintf(args, sizeof args,
             "sweep " PLAN " --vary stores.files.backups.nightly.retention=14d,30d -n 300 -q "
             "-o %s --no-charts",
             dir);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    want_in(out, "\ndropped-table  (logical damage; the BCP sets no recovery objective: no "
                 "verdict)\n");
    want_in(out, "\nransomware  (targets: RTO 2d, RPO 1d; ");
    free(out);
    fixture_rm_rf(dir);
}

/* The built-in ransomware scenario: every trial leaves a store without a clean point
 * (blobdb, kafka and the in-region-only databases), so there is no finite mean loss to
 * annualize: the terminal says so instead of "expected data loss 0s", and counts the
 * incidents as incidents. */
Test(damage_reports, no_finite_loss_is_not_a_loss_of_zero, .timeout = 120)
{
    char *out = NULL, dir[64], args[256];
    fixture_tmpdir(dir, "damage-nofinite");
    snprintf(args, sizeof args, "run -n 400 -q --no-charts --no-workbook --no-decision-curve "
             "-o %s/out", dir);
    int rc = fixture_drsim(NULL, args, &out);
    cr_assert_eq(rc, 0, "%s", out);
    const char *r = strstr(out, "\nransomware:");
    cr_assert_not_null(r, "%s", out);
    cr_assert(strstr(r, "expected data loss not finite (no trial recovers every store)"), "%s", r);
    cr_assert(strstr(r, "unrecoverable data loss in 100.0% of incidents"), "%s", r);
    free(out);
    fixture_rm_rf(dir);
}
