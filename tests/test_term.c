/* tests/test_term.c: the terminal output (reports/term.h) and the figures of summary.json
 * it must agree with: text from a file escaped wherever it is printed (the summary, the
 * trace, check, the drill evidence), unrecoverable data loss reported beside the finite
 * mean, and a plan with no objectives not called compliant.
 *
 * The loader refuses control characters in names, so the hostile names are set on a
 * loaded plan in memory (and put back before it is freed); the CLI tests accept either a
 * refusal at load or escaped output, never a raw control character.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/diag.h"
#include "models/drill.h"
#include "models/load.h"
#include "models/units.h"
#include "reports/evidence.h"
#include "reports/term.h"
#include "sim/mc.h"
#include "sim/verdict.h"
#include "sim/trial.h"
#include "tests/fixture.h"
#include "tests/svc_fixture.h"

/* A name that would retitle the window, ring the bell, go back to the start of the line
 * and forge a verdict, and clear the screen. */
#define HOSTILE "x\033]0;pwned\007\rverdict: meets\n\033[2J"
#define HOSTILE_ESCAPED "x\\e]0;pwned\\x07\\rverdict: meets\\n\\e[2J"

/* Fail when s holds a byte a terminal acts on: C0 controls other than the line feeds
 * the report writes itself, and DEL. */
static void assert_no_control(const char *s, const char *what)
{
    for (const char *c = s; *c; c++) {
        unsigned char b = (unsigned char)*c;
        cr_assert(b == '\n' || (b >= 0x20 && b != 0x7F),
                  "%s: raw control byte 0x%02X at offset %ld in:\n%s", what, b, (long)(c - s), s);
    }
}

/* No line of s starts with prefix (a forged line would). */
static void assert_no_line_starting(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    for (const char *line = s; line && *line;) {
        cr_assert(strncmp(line, prefix, n) != 0, "forged line '%s' in:\n%s", prefix, s);
        line = strchr(line, '\n');
        if (line)
            line++;
    }
}

/* What fn printed into a memory stream, malloc'd. */
struct capture {
    FILE *f;
    char *buf;
    size_t len;
};

static void capture_open(struct capture *c)
{
    c->buf = NULL;
    c->len = 0;
    c->f = open_memstream(&c->buf, &c->len);
    cr_assert_not_null(c->f);
}

static char *capture_close(struct capture *c)
{
    cr_assert_eq(fclose(c->f), 0);
    return c->buf;
}

Test(term, put_escapes_what_a_terminal_acts_on)
{
    struct capture c;
    capture_open(&c);
    term_put(c.f, HOSTILE);
    term_put(c.f, NULL);
    term_put(c.f, " caf\xc3\xa9 \xff");
    char *out = capture_close(&c);
    cr_assert_str_eq(out, HOSTILE_ESCAPED " caf\xc3\xa9 \\xFF");
    free(out);
}

/* Columns are counted on the escaped text, one per character (not per byte). */
Test(term, put_padded_measures_the_escaped_text)
{
    struct capture c;
    capture_open(&c);
    term_put_padded(c.f, "ab\033", 8);
    fputc('|', c.f);
    term_put_padded(c.f, "caf\xc3\xa9", 6);
    fputc('|', c.f);
    term_put_padded(c.f, "longer-than-the-column", 4);
    fputc('|', c.f);
    term_put_padded(c.f, NULL, 3);
    fputc('|', c.f);
    /* wider than the widest column in bytes: printed whole, unpadded */
    char big[4 * TERM_MAX_COLUMN + 8];
    memset(big, '\001', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    term_put_padded(c.f, big, TERM_MAX_COLUMN);
    fputc('|', c.f);
    char *out = capture_close(&c);
    const char *want = "ab\\e    |caf\xc3\xa9  |longer-than-the-column|   |";
    cr_assert(strncmp(out, want, strlen(want)) == 0, "got: %.60s", out);
    cr_assert(strncmp(out + strlen(want), "\\x01\\x01", 8) == 0, "got: %.60s", out);
    cr_assert_eq(strlen(out), strlen(want) + 4 * (sizeof big - 1) + 1, "length %zu", strlen(out));
    cr_assert_eq(out[strlen(out) - 1], '|');
    free(out);
}

/* Hostile names set on a loaded plan; put back with names_restore before plan_free. */
struct saved_names {
    char *plan, *path, *scenario, *description, *step, *store, *role;
};

static void names_hostile(struct plan *p, struct saved_names *sv)
{
    static char hostile[] = HOSTILE;
    struct scenario *sc = &p->scenarios[0];
    *sv = (struct saved_names){p->name, p->path, sc->name, sc->description,
                               sc->steps[0].name, p->stores[0].name, p->roles[0].name};
    p->name = p->path = sc->name = sc->description = hostile;
    sc->steps[0].name = p->stores[0].name = p->roles[0].name = hostile;
}

static void names_restore(struct plan *p, const struct saved_names *sv)
{
    struct scenario *sc = &p->scenarios[0];
    p->name = sv->plan;
    p->path = sv->path;
    sc->name = sv->scenario;
    sc->description = sv->description;
    sc->steps[0].name = sv->step;
    p->stores[0].name = sv->store;
    p->roles[0].name = sv->role;
}

Test(term, summary_escapes_plan_text)
{
    struct plan *p = fixture_plan_file("tests/data/unrecoverable.yaml");
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(p, 400, 3, 1, NULL, NULL, &r), MC_OK);
    struct saved_names sv;
    names_hostile(p, &sv);
    struct capture c;
    capture_open(&c);
    struct term_options o = {0, "test"};
    term_print_summary(c.f, r, &o);
    char *out = capture_close(&c);
    names_restore(p, &sv);

    assert_no_control(out, "summary");
    assert_no_line_starting(out, "verdict: meets");
    cr_assert(strstr(out, "plan " HOSTILE_ESCAPED " (" HOSTILE_ESCAPED ", sha256") != NULL,
              "%s", out);
    cr_assert(strstr(out, "\n" HOSTILE_ESCAPED ": " HOSTILE_ESCAPED "  (region outage") != NULL,
              "%s", out);
    /* the step and the store rows: the escaped name is wider than its 24 columns, so the
     * share column follows it after one space */
    int rows = 0;
    for (const char *at = out; (at = strstr(at, "\n    " HOSTILE_ESCAPED "  ")) != NULL; at++)
        rows++;
    cr_assert_eq(rows, 2, "%s", out);
    free(out);
    mc_results_free(r);
    plan_free(p);
}

/* A short name keeps the table aligned: the share column starts where it does for any
 * name of 24 columns or less. */
Test(term, summary_columns_align_on_escaped_names)
{
    struct plan *p = fixture_plan_file("tests/data/unrecoverable.yaml");
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(p, 400, 3, 1, NULL, NULL, &r), MC_OK);
    static char db[] = "db\033", restore[] = "r\xc3\xa9store";
    char *store = p->stores[0].name, *step = p->scenarios[0].steps[0].name;
    p->stores[0].name = db;                   /* "db\e": 4 columns */
    p->scenarios[0].steps[0].name = restore; /* 7 columns, 8 bytes */
    struct capture c;
    capture_open(&c);
    struct term_options o = {0, "test"};
    term_print_summary(c.f, r, &o);
    char *out = capture_close(&c);
    p->stores[0].name = store;
    p->scenarios[0].steps[0].name = step;

    char want[64];
    snprintf(want, sizeof want, "\n    %-24s ", "db\\e");
    cr_assert(strstr(out, want) != NULL, "want '%s' in:\n%s", want, out);
    snprintf(want, sizeof want, "\n    r\xc3\xa9store%17s ", "");
    cr_assert(strstr(out, want) != NULL, "want '%s' in:\n%s", want, out);
    free(out);
    mc_results_free(r);
    plan_free(p);
}

static void print_event(void *user, const struct trial_event *ev)
{
    void **u = user;
    term_print_event(u[0], u[1], 0, ev);
}

Test(term, trace_escapes_plan_text)
{
    struct plan *p = fixture_plan_file("tests/data/unrecoverable.yaml");
    struct saved_names sv;
    names_hostile(p, &sv);
    struct trial_worker *w = trial_worker_new(p, 1);
    cr_assert_not_null(w);
    struct capture c;
    capture_open(&c);
    void *u[2] = {c.f, p};
    struct trial_trace tt = {print_event, u};
    /* trial 0 of this plan fails over (the outage outlasts the restore) */
    const struct trial_result *tr = NULL;
    for (uint64_t k = 0; k < 50; k++) {
        tr = trial_run(w, 0, k, &tt);
        if (!tr->in_place)
            break;
    }
    term_print_trial(c.f, p, tr);
    char *out = capture_close(&c);
    trial_worker_free(w);
    names_restore(p, &sv);

    assert_no_control(out, "trace");
    assert_no_line_starting(out, "verdict: meets");
    cr_assert(strstr(out, "store " HOSTILE_ESCAPED ": ") != NULL, "%s", out);
    cr_assert(strstr(out, "page " HOSTILE_ESCAPED " (") != NULL, "%s", out);
    cr_assert(strstr(out, "step " HOSTILE_ESCAPED " starts (") != NULL, "%s", out);
    cr_assert(strstr(out, ", by " HOSTILE_ESCAPED ")") != NULL, "%s", out);
    cr_assert(strstr(out, "of scenario " HOSTILE_ESCAPED ": RTO") != NULL, "%s", out);
    cr_assert(strstr(out, "critical path: " HOSTILE_ESCAPED " (") != NULL, "%s", out);
    free(out);
    plan_free(p);
}

/* The plan file with hostile names in double-quoted scalars, written to dir/plan.yaml. */
static void write_hostile_plan(const char *dir, char *path, size_t n)
{
    snprintf(path, n, "%s/plan.yaml", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("plan: {name: \"evil\\e]0;pwned\\a\\rverdict: meets\"}\n"
          "calendar: {epoch: 2026-01-05}\n"
          "stores:\n"
          "  db:\n"
          "    size: 10GB\n"
          "    zone_redundancy: {mode: none}\n"
          "    backups:\n"
          "      nightly: {schedule: daily 02:00, location: cross-region}\n"
          "    restore: {throughput: 100MB/s}\n"
          "staffing:\n"
          "  roles:\n"
          "    admin: {count: 1, response: {business: 30m}}\n"
          "scenarios:\n"
          "  \"r\\e[2J\":\n"
          "    description: \"line one\\nverdict: meets\"\n"
          "    destroys: region\n"
          "    per_year: 1\n"
          "    duration: forever\n"
          "    service_restored_by: restore\n"
          "    runbook:\n"
          "      restore: {restore: db, needs: [admin]}\n",
          f);
    cr_assert_eq(fclose(f), 0);
}

/* check, run and trace print the plan's text escaped, or refuse the plan at load; never
 * a raw control character. */
Test(term, cli_never_prints_raw_control_characters)
{
    char dir[64], plan[128], args[512], *out;
    fixture_tmpdir(dir, "term-cli");
    write_hostile_plan(dir, plan, sizeof plan);

    snprintf(args, sizeof args, "check %s", plan);
    int rc = fixture_drsim(NULL, args, &out);
    assert_no_control(out, "check");
    assert_no_line_starting(out, "verdict: meets");
    cr_assert(rc == 0 || rc == 2, "exit %d: %s", rc, out);
    if (rc == 0)
        cr_assert(strstr(out, "plan 'evil\\e]0;pwned\\x07\\rverdict: meets'") != NULL, "%s", out);
    free(out);

    snprintf(args, sizeof args, "run %s -n 200 -q -o %s/out --no-charts --no-workbook", plan, dir);
    rc = fixture_drsim(NULL, args, &out);
    assert_no_control(out, "run");
    assert_no_line_starting(out, "verdict: meets");
    cr_assert(rc == 0 || rc == 2, "exit %d: %s", rc, out);
    if (rc == 0) {
        cr_assert(strstr(out, "\nr\\e[2J: line one\\nverdict: meets  (region") != NULL, "%s", out);
        cr_assert(strstr(out, "\nverdict: no objectives to check") != NULL, "%s", out);
    }
    free(out);

    snprintf(args, sizeof args, "trace %s --scenario \"$(printf 'r\\033[2J')\" --trial 0", plan);
    rc = fixture_drsim(NULL, args, &out);
    assert_no_control(out, "trace");
    cr_assert(rc == 0 || rc == 2, "exit %d: %s", rc, out);
    if (rc == 0)
        cr_assert(strstr(out, "trace: plan evil\\e]0;pwned\\x07\\rverdict: meets, scenario "
                              "r\\e[2J, trial 0") != NULL,
                  "%s", out);
    free(out);

    snprintf(args, sizeof args, "trace %s --scenario \"$(printf 'no\\033[2J')\" --trial 0", plan);
    rc = fixture_drsim(NULL, args, &out);
    assert_no_control(out, "trace error");
    cr_assert_eq(rc, 2, "exit %d: %s", rc, out);
    free(out);
    fixture_rm_rf(dir);
}

/* Most outages of this plan leave no usable recovery point: the finite mean (0 s) must
 * not stand alone, in the terminal or in summary.json. */
Test(term, unrecoverable_loss_beside_the_finite_mean)
{
    char dir[64], args[256], path[128], *out;
    fixture_tmpdir(dir, "term-unrec");
    snprintf(args, sizeof args,
             "run tests/data/unrecoverable.yaml -n 2000 -q -o %s --no-charts --no-workbook", dir);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    snprintf(path, sizeof path, "%s/summary.json", dir);
    char *json = fixture_slurp(path, NULL);
    cr_assert_not_null(json);
    struct jsonio_doc *doc = fixture_json(path);
    const struct jsonio_value *sc = fixture_json_at(jsonio_root(doc), "scenarios[0]");

    double n_inf = fixture_json_num(sc, "rpo.n_infinite");
    double share = fixture_json_num(sc, "annualized.unrecoverable_share");
    double per_year = fixture_json_num(sc, "annualized.unrecoverable_per_year");
    cr_assert_float_eq(share, n_inf / 2000.0, 1e-12);
    cr_assert_gt(share, 0.8, "the plan should lose its data in most outages: %g", share);
    cr_assert_float_eq(per_year, 0.5 * share, 1e-12);
    cr_assert_eq(fixture_json_num(sc, "annualized.data_loss_per_year_s"), 0.0);
    jsonio_free(doc);
    /* the members sit beside the finite mean */
    const char *dl = strstr(json, "\"data_loss_per_year_s\"");
    cr_assert(dl && strstr(dl, "\"unrecoverable_share\"") < strstr(dl, "\"p_breach_per_year\""));

    char want[256];
    cr_assert(strstr(out, "expected data loss 0s where a recovery point exists,") != NULL, "%s",
              out);
    snprintf(want, sizeof want,
             "\n  unrecoverable data loss in %.1f%% of outages (%.3g a year): a store counting "
             "for RPO has no usable recovery point\n",
             100.0 * share, per_year);
    cr_assert(strstr(out, want) != NULL, "want '%s' in:\n%s", want, out);
    free(json);
    free(out);
    fixture_rm_rf(dir);
}

/* Without unrecoverable outages the line is as it always was, and rare ones read as a
 * return period. */
Test(term, per_year_line_without_and_with_rare_unrecoverable_loss)
{
    struct plan *p = fixture_plan_file("tests/data/breach.yaml");
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(p, 300, 1, 1, NULL, NULL, &r), MC_OK);
    struct mc_scenario_result *sr = &r->scenarios[0];
    cr_assert_eq(sr->unrecoverable_share, 0.0);
    struct term_options o = {0, "test"};
    struct capture c;
    capture_open(&c);
    term_print_summary(c.f, r, &o);
    char *out = capture_close(&c);
    cr_assert(strstr(out, "unrecoverable") == NULL, "%s", out);
    cr_assert(strstr(out, "where a recovery point exists") == NULL, "%s", out);
    free(out);

    /* the printing of a rare figure (the results as mc_run would give them) */
    sr->unrecoverable_share = 1.0 / 300.0;
    sr->unrecoverable_per_year = 0.0025;
    capture_open(&c);
    term_print_summary(c.f, r, &o);
    out = capture_close(&c);
    cr_assert(strstr(out, "unrecoverable data loss in 0.3% of outages (once in 400 years)") !=
                  NULL,
              "%s", out);
    free(out);
    sr->unrecoverable_share = 0.0004;
    capture_open(&c);
    term_print_summary(c.f, r, &o);
    out = capture_close(&c);
    cr_assert(strstr(out, "unrecoverable data loss in <0.1% of outages") != NULL, "%s", out);
    free(out);
    mc_results_free(r);
    plan_free(p);
}

/* No objectives: nothing to check, said so; --strict has nothing to fail on (exit 0). */
Test(term, no_objectives_is_not_called_compliant)
{
    char dir[64], args[256], *out;
    fixture_tmpdir(dir, "term-noobj");
    snprintf(args, sizeof args,
             "run tests/data/no-objectives.yaml -n 500 -q -o %s --no-charts --no-workbook --strict",
             dir);
    int rc = fixture_drsim(NULL, args, &out);
    cr_assert_eq(rc, 0, "exit %d: %s", rc, out);
    cr_assert(strstr(out, "\nverdict: no objectives to check (the plan states no RPO/RTO "
                          "targets)\n") != NULL,
              "%s", out);
    cr_assert(strstr(out, "meets policy") == NULL, "%s", out);
    free(out);
    fixture_rm_rf(dir);

    /* a plan with targets still gets its verdict */
    struct plan *p = fixture_plan_file("tests/data/breach.yaml");
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(p, 300, 1, 1, NULL, NULL, &r), MC_OK);
    struct term_options o = {0, "test"};
    struct capture c;
    capture_open(&c);
    term_print_summary(c.f, r, &o);
    out = capture_close(&c);
    cr_assert(strstr(out, "\nverdict: policy BREACHED for at least one objective\n") != NULL,
              "%s", out);
    free(out);
    mc_results_free(r);
    plan_free(p);
}

/* ---- drill evidence (reports/evidence.c prints the log's text) ------------------------- */

/* Pointers to strings of a drill log set to a hostile text, to be put back. */
struct slots {
    char **at[512];
    char *was[512];
    int n;
};

static void slot_set(struct slots *s, char **at, char *text)
{
    if (*at == NULL || s->n == 512)
        return;
    s->at[s->n] = at;
    s->was[s->n++] = *at;
    *at = text;
}

static void slots_restore(struct slots *s)
{
    while (s->n > 0) {
        s->n--;
        *s->at[s->n] = s->was[s->n];
    }
}

Test(term, drill_evidence_escapes_log_text)
{
    static char hostile[] = HOSTILE;
    struct plan *p = fixture_plan_file(NULL);
    struct diag_list d;
    char *text = NULL;
    struct drill_log *log = NULL;
    cr_assert_eq(load_drills_file("scenarios/drills/commcare-drills.yaml", p, &d, &text, &log),
                 LOAD_OK);
    diag_fini(&d);
    long as_of;
    const char *why;
    cr_assert_eq(units_parse_date("2026-11-01", &as_of, &why), UNITS_OK);
    struct drill_analysis a;
    cr_assert_eq(evidence_analyze(log, p, NULL, as_of, &a), 0);

    struct slots *s = calloc(1, sizeof *s);
    cr_assert_not_null(s);
    slot_set(s, &log->path, hostile);
    for (int g = 0; g < log->n_regions; g++)
        slot_set(s, &log->regions[g], hostile);
    for (int i = 0; i < log->n_exercises; i++) {
        struct drill_exercise *e = &log->exercises[i];
        slot_set(s, &e->name, hostile);
        slot_set(s, &e->scenario, hostile);
        slot_set(s, &e->region, hostile);
        slot_set(s, &e->after_action, hostile);
        for (int k = 0; k < e->n_actions; k++) {
            slot_set(s, &e->actions[k].action, hostile);
            slot_set(s, &e->actions[k].owner, hostile);
        }
    }
    const char *what0 = a.n_placements > 0 ? a.placements[0].what : NULL;
    cr_assert_not_null(what0, "the first measurement should name a step or a store");
    a.placements[0].what = hostile;

    struct capture c;
    capture_open(&c);
    struct evidence_options eo = {0};
    evidence_print(c.f, log, p, &a, &eo);
    char *out = capture_close(&c);
    a.placements[0].what = what0;
    slots_restore(s);
    free(s);

    assert_no_control(out, "drill evidence");
    assert_no_line_starting(out, "verdict: meets");
    cr_assert(strstr(out, "Drill evidence: " HOSTILE_ESCAPED " (") != NULL, "%s", out);
    cr_assert(strstr(out, "PAST DUE " HOSTILE_ESCAPED " (" HOSTILE_ESCAPED ", ") != NULL, "%s",
              out);
    cr_assert(strstr(out, "overdue: completeness-test in " HOSTILE_ESCAPED " for 2026-Q3") !=
                  NULL,
              "%s", out);
    cr_assert(strstr(out, "\n  Test cadence, 2026-01-01 to 2026-11-01  " HOSTILE_ESCAPED) != NULL,
              "%s", out);
    cr_assert(strstr(out, " " HOSTILE_ESCAPED " (completeness-test, " HOSTILE_ESCAPED ", passed)") !=
                  NULL,
              "%s", out);
    /* the measurement's label is escaped before it is cut to its 39 columns */
    cr_assert(strstr(out, "\n      restore x\\e]0;pwned\\x07\\rverdict: meets     ") != NULL,
              "%s", out);
    free(out);
    drill_analysis_fini(&a);
    drill_log_free(log);
    free(text);
    plan_free(p);
}

/* Only a business service states a target: the scenarios have nothing to check, and the
 * line says where the service's target is judged instead of calling the plan compliant. */
/* A plan whose only targets are its services' is judged on them (sim/verdict.h): a 1-minute
 * RTO for a restore that takes hours is a breach, and --strict would say so too. */
Test(term, only_service_targets_are_judged_too)
{
    struct plan *p = fixture_plan_text(
        "plan: {name: services-only}\n"
        "calendar: {epoch: 2026-01-05}\n"
        "stores:\n"
        "  db:\n"
        "    size: 10GB\n"
        "    zone_redundancy: {mode: none}\n"
        "    backups:\n"
        "      nightly: {schedule: daily 02:00, location: cross-region}\n"
        "    restore: {throughput: 100MB/s}\n"
        "staffing:\n"
        "  roles:\n"
        "    admin: {count: 1, response: {business: 30m}}\n"
        "scenarios:\n"
        "  region:\n"
        "    destroys: region\n"
        "    per_year: 1\n"
        "    duration: forever\n"
        "    service_restored_by: restore\n"
        "    runbook:\n"
        "      restore: {restore: db, needs: [admin]}\n"
        "services:\n"
        "  billing: {criticality: high, rto: 1m}\n");
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(p, 200, 1, 1, NULL, NULL, &r), MC_OK);
    cr_assert(r->scenarios[0].services[0].rto_obj.has_target);
    struct term_options o = {0, "test"};
    struct capture c;
    capture_open(&c);
    term_print_summary(c.f, r, &o);
    char *out = capture_close(&c);
    cr_assert(strstr(out, "\nverdict: policy BREACHED for at least one objective (a business "
                          "service's target: see the services above)\n") != NULL,
              "%s", out);
    struct verdict_summary v;
    verdict_summarize(r, &v);
    cr_assert_eq(v.n_scenario_objectives, 0);
    cr_assert_eq(v.n_service_objectives, 1); /* rto only; no rpo stated */
    cr_assert_eq(v.worst, MC_VERDICT_BREACH);
    cr_assert_eq(v.worst_scenarios, MC_VERDICT_NONE);
    free(out);
    mc_results_free(r);
    plan_free(p);
}

/* The services line of one objective as the block prints it, from the results. */
static void service_line(char *buf, size_t n, const char *label, const struct mc_percentiles *pc,
                         const struct mc_objective *ob)
{
    char a[32], b[32], c[32];
    if (!ob->has_target)
        snprintf(buf, n, "%-4s %8s %8s %8s        -  -\n", label, "-",
                 term_duration(pc->p50_s, b, sizeof b), term_duration(pc->p95_s, c, sizeof c));
    else
        snprintf(buf, n, "%-4s %8s %8s %8s  %6.1f%%  %s\n", label,
                 term_duration(ob->target_s, a, sizeof a), term_duration(pc->p50_s, b, sizeof b),
                 term_duration(pc->p95_s, c, sizeof c), 100.0 * ob->p_met,
                 mc_verdict_name(ob->verdict));
}

/* Issue 11: every scenario block shows its business services in priority order with the
 * service's own RTO and RPO (target, P50, P95, P(meet), verdict), '*' on the services whose
 * restoration is the scenario's, and the MBCO where one is stated: the figures are the
 * results' own. */
Test(term, services_block_per_scenario)
{
    struct svc_fixture f;
    svc_fixture_init(&f);
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(f.p, 500, 11, 1, NULL, NULL, &r), MC_OK);
    struct term_options o = {0, "test"};
    struct capture c;
    capture_open(&c);
    term_print_summary(c.f, r, &o);
    char *out = capture_close(&c);
    const char *zone = strstr(out, "\nzone:"), *region = strstr(out, "\nregion:");
    cr_assert(zone && region && zone < region, "%s", out);
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const char *from = s == 0 ? zone : region, *to = s == 0 ? region : out + strlen(out);
        const char *head = strstr(from, "  services (priority order; * = restores the "
                                        "scenario's service):\n    service                  "
                                        "prio  MBCO         target      P50      P95  P(meet)  "
                                        "verdict\n");
        cr_assert(head && head < to, "scenario %d:\n%s", s, out);
        const char *at = head;
        for (int i = 0; i < 2; i++) {   /* checkout (priority 1), then reports (2) */
            char want[1024], rto[256], rpo[256];
            service_line(rto, sizeof rto, "RTO", &sr->services[i].rto, &sr->services[i].rto_obj);
            service_line(rpo, sizeof rpo, "RPO", &sr->services[i].rpo, &sr->services[i].rpo_obj);
            int star = i == 0 || s == 1;
            snprintf(want, sizeof want, "  %c %-24s %4d %5s  %s    %-24s %4s %5s  %s",
                     star ? '*' : ' ', f.p->services[i].name, f.p->services[i].priority,
                     i == 0 ? "60%" : "-", rto, "", "", "", rpo);
            const char *got = strstr(at, want);
            cr_assert(got && got < to, "scenario %d: want\n%s\nin:\n%s", s, want, out);
            at = got + 1;
        }
    }
    free(out);
    mc_results_free(r);
    svc_fixture_fini(&f);
}

/* Issue 15, defect 10: a P95 of 24h25m against a 1d target printed "1d" beside "1d"
 * marked breach. The percentiles beside a target are written to the second when they
 * would read as the target; the target itself as before. */
Test(term, value_beside_an_equal_looking_target_shows_the_difference)
{
    struct plan *p = fixture_plan_file("scenarios/single-db.yaml");
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(p, 200, 3, 1, NULL, NULL, &r), MC_OK);
    struct mc_scenario_result *sr = &r->scenarios[0];
    cr_assert(sr->rto_obj.has_target, "single-db states an RTO");
    double target = sr->rto_obj.target_s;
    sr->rto_obj.target_s = 86400.0;
    sr->rto.p95_s = 87900.0;        /* 24h25m */
    sr->rto.p99_s = 97200.0;        /* 1d03h: reads differently, stays short */
    struct capture c;
    capture_open(&c);
    struct term_options o = {0, "test"};
    term_print_summary(c.f, r, &o);
    char *out = capture_close(&c);
    cr_assert(strstr(out, "       1d") != NULL && strstr(out, " 1d00h25m    1d03h") != NULL,
              "%s", out);
    free(out);
    sr->rto_obj.target_s = target;
    mc_results_free(r);
    plan_free(p);
}
