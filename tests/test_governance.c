/* tests/test_governance.c: scope, limitations, approvals and the review cycle (issue 15,
 * item 3): loaded as written, a plan is a DRAFT unless an approval names its version, the
 * limitations drsim adds follow from what the plan lacks, and the terminal and
 * summary.json say the same. */
#include <criterion/criterion.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "models/jsonio.h"
#include "models/plan.h"
#include "models/units.h"

#define BASE                                                                               \
    "calendar:\n"                                                                          \
    "  epoch: 2026-01-05\n"                                                                \
    "stores:\n"                                                                            \
    "  db:\n"                                                                              \
    "    size: 100GB\n"                                                                    \
    "    restore:\n"                                                                       \
    "      throughput: 100MB/s\n"                                                          \
    "scenarios:\n"                                                                         \
    "  zone:\n"                                                                            \
    "    destroys: zone\n"                                                                 \
    "    per_year: 1\n"                                                                    \
    "    duration: 4h\n"                                                                   \
    "    service_restored_by: fix\n"                                                       \
    "    runbook:\n"                                                                       \
    "      fix:\n"                                                                         \
    "        duration: 1h\n"

#define GOVERNANCE                                                                         \
    "governance:\n"                                                                        \
    "  scope: the order database\n"                                                        \
    "  limitations: [no supplier outage]\n"                                                \
    "  approvals:\n"                                                                       \
    "    - {version: \"2\", by: Ana Silva, role: CTO, date: 2026-02-01}\n"                 \
    "    - {version: \"3\", by: Ben Okafor, date: 2026-08-14, note: after the drill}\n"     \
    "  review: {every: 365d, last: 2026-08-14}\n"

Test(governance, loads_as_written)
{
    struct plan *p = fixture_plan_text("plan: {name: g, version: \"3\"}\n" BASE GOVERNANCE);
    const struct plan_governance *g = &p->governance;
    cr_assert(g->present);
    cr_assert_str_eq(g->scope, "the order database");
    cr_assert_eq(g->n_limitations, 1);
    cr_assert_str_eq(g->limitations[0], "no supplier outage");
    cr_assert_eq(g->n_approvals, 2);
    cr_assert_str_eq(g->approvals[0].version, "2");
    cr_assert_str_eq(g->approvals[0].role, "CTO");
    cr_assert_str_eq(g->approvals[1].by, "Ben Okafor");
    cr_assert_str_eq(g->approvals[1].role, "");
    cr_assert_str_eq(g->approvals[1].note, "after the drill");
    cr_assert_eq(g->approvals[1].date, units_days_from_civil(2026, 8, 14));
    cr_assert_eq(g->review_every_s, 365 * 86400.0);
    cr_assert_eq(g->review_last, units_days_from_civil(2026, 8, 14));
    char why[256];
    cr_assert_null(plan_draft_reason(p, why, sizeof why), "approved version 3 is a draft");
    plan_free(p);
}

Test(governance, a_plan_is_a_draft_unless_an_approval_names_its_version)
{
    char why[256];
    struct plan *p = fixture_plan_text("plan: {name: g, version: \"4\"}\n" BASE GOVERNANCE);
    cr_assert_str_eq(plan_draft_reason(p, why, sizeof why),
                     "no approval of version 4 (the latest approved is 3)");
    plan_free(p);
    p = fixture_plan_text("plan: {name: g}\n" BASE GOVERNANCE);
    cr_assert_str_eq(plan_draft_reason(p, why, sizeof why),
                     "the plan states no version (plan.version), so no approval names it");
    plan_free(p);
    p = fixture_plan_text("plan: {name: g, version: \"3\"}\n" BASE);
    cr_assert_not(p->governance.present);
    cr_assert(isnan(p->governance.review_every_s));
    cr_assert_eq(p->governance.review_last, LONG_MIN);
    cr_assert_str_eq(plan_draft_reason(p, why, sizeof why), "no approvals (governance.approvals)");
    plan_free(p);
}

/* What drsim adds: a plan without damage, region, services or costs, and a store whose
 * cross-region protection is unknown, gets each said; the built-in plan (which has all
 * but a known blob store protection) only the blob store and the kinds drsim lacks. */
Test(governance, drsim_adds_what_the_plan_lacks)
{
    const char *lim[16];
    char bufs[16][256];
    struct plan *p = fixture_plan_text(BASE);
    int n = plan_auto_limitations(p, lim, 16, bufs);
    cr_assert_eq(n, 5);
    cr_assert(strstr(lim[0], "no logical-damage scenario"));
    cr_assert(strstr(lim[1], "no scenario loses a whole region"));
    cr_assert(strstr(lim[2], "no business services"));
    cr_assert(strstr(lim[3], "no cost model"));
    cr_assert(strstr(lim[4], "supplier"));
    plan_free(p);
    p = fixture_plan_file(NULL);
    n = plan_auto_limitations(p, lim, 16, bufs);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(lim[0], "store blobdb: its cross-region protection is unknown (counted as none)");
    plan_free(p);
}

/* Write plan k (0: version 4, a DRAFT; 1: version 3, approved) to dir/gK.yaml and run it
 * with `options`, its outputs in dir/outK; fail on a non-zero exit. Returns drsim's output
 * (the caller frees it). */
static char *run_plan_version(const char *dir, int k, const char *options)
{
    static const char *const plans[2] = {"plan: {name: g, version: \"4\"}\n" BASE GOVERNANCE,
                                         "plan: {name: g, version: \"3\"}\n" BASE GOVERNANCE};
    char path[128], cmd[512], *out = NULL;
    snprintf(path, sizeof path, "%s/g%d.yaml", dir, k);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(plans[k], f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "run %s -q -n 200 %s -o %s/out%d", path, options, dir, k);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    return out;
}

/* The terminal says DRAFT and why, the approved plan says nothing; summary.json carries
 * the same reason, the approvals, and the next review (last + every). */
Test(governance, terminal_and_summary_json_agree)
{
    char dir[64], path[128], *out = NULL;
    fixture_tmpdir(dir, "governance");
    for (int k = 0; k < 2; k++) {
        out = run_plan_version(dir, k, "--no-charts --no-workbook");
        const char *line = "DRAFT plan: no approval of version 4 (the latest approved is 3)\n";
        if (k == 0)
            cr_assert(strstr(out, line), "%s", out);
        else
            cr_assert_null(strstr(out, "DRAFT"), "%s", out);
        free(out);
        snprintf(path, sizeof path, "%s/out%d/summary.json", dir, k);
        struct jsonio_doc *doc = fixture_json(path);
        const struct jsonio_value *g = fixture_json_at(jsonio_root(doc), "plan.governance");
        int draft = -1;
        cr_assert_eq(jsonio_get_bool(jsonio_member(g, "draft"), &draft), 0);
        cr_assert_eq(draft, k == 0);
        if (k == 0)
            cr_assert_str_eq(jsonio_get_string(jsonio_member(g, "draft_reason")),
                             "no approval of version 4 (the latest approved is 3)");
        cr_assert_str_eq(jsonio_get_string(fixture_json_at(g, "approvals[1].by")), "Ben Okafor");
        cr_assert_str_eq(jsonio_get_string(fixture_json_at(g, "approvals[0].date")), "2026-02-01");
        cr_assert_str_eq(jsonio_get_string(fixture_json_at(g, "review.next")), "2027-08-14");
        cr_assert_str_eq(jsonio_get_string(fixture_json_at(g, "limitations[0]")),
                         "no supplier outage");
        jsonio_free(doc);
    }
    fixture_rm_rf(dir);
}

/* Every sheet's title and every page of the pack carry the DRAFT mark of a plan no
 * approval names; an approved plan's carry none. */
Test(governance, every_sheet_and_page_says_draft, .timeout = 120)
{
    char dir[64], cmd[1024], *out = NULL;
    fixture_tmpdir(dir, "governance-draft");
    for (int k = 0; k < 2; k++) {
        free(run_plan_version(dir, k, ""));
        snprintf(cmd, sizeof cmd,
                 "/usr/bin/python3 -W ignore -c 'import openpyxl\n"
                 "wb = openpyxl.load_workbook(\"%s/out%d/g-dr-review.xlsx\")\n"
                 "for ws in wb.worksheets:\n"
                 "    print(ws.title, \"|\", ws[\"A1\"].value)\n'",
                 dir, k);
        cr_assert_eq(fixture_shell(cmd, &out), 0, "%s", out);
        int sheets = 0, marked = 0;
        for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
            sheets++;
            marked += strstr(line, "(DRAFT: no approval of version 4 (the latest approved is 3))") != NULL;
        }
        cr_assert_gt(sheets, 5);
        cr_assert_eq(marked, k == 0 ? sheets : 0, "%d of %d sheets marked", marked, sheets);
        free(out);
        snprintf(cmd, sizeof cmd,
                 "n=$(pdfinfo %s/out%d/g-review-pack.pdf | sed -n 's/^Pages: *//p'); "
                 "m=$(pdftotext %s/out%d/g-review-pack.pdf - | grep -c '^DRAFT (no approval of "
                 "version 4'); echo \"$n $m\"",
                 dir, k, dir, k);
        cr_assert_eq(fixture_shell(cmd, &out), 0, "%s", out);
        int pages = 0, drafts = -1;
        cr_assert_eq(sscanf(out, "%d %d", &pages, &drafts), 2, "%s", out);
        cr_assert_gt(pages, 3);
        cr_assert_eq(drafts, k == 0 ? pages : 0, "%d of %d pages marked", drafts, pages);
        free(out);
    }
    fixture_rm_rf(dir);
}

/* Provenance (issue 15, defect 5): the built-in plan's section banners say "ASSUMPTION
 * throughout" for people, the BIA and costs, so every value there is an ASSUMPTION
 * inherited from the section (it was shown with no source); a value whose own comment
 * says ASSUMPTION is one by its comment; a store's size from the sources is a fact. */
static const struct plan_input *input(const struct plan *p, const char *path)
{
    for (int i = 0; i < p->n_inputs; i++)
        if (strcmp(p->inputs[i].path, path) == 0)
            return &p->inputs[i];
    cr_assert_fail("no input %s", path);
    return NULL;
}

Test(governance, provenance_from_comments_and_section_banners)
{
    struct plan *p = fixture_plan_file(NULL);
    const struct plan_input *in = input(p, "staffing.roles.devops.count");
    cr_assert_eq(in->provenance, PROV_ASSUMPTION);
    cr_assert_eq(in->provenance_inherited, 1);
    in = input(p, "services.data-collection.rto");
    cr_assert_eq(in->provenance, PROV_ASSUMPTION);
    cr_assert_eq(in->provenance_inherited, 1);
    in = input(p, "scenarios.zone.per_year");
    cr_assert_eq(in->provenance, PROV_ASSUMPTION);
    cr_assert_eq(in->provenance_inherited, 0);
    in = input(p, "stores.pgmain1.size");
    cr_assert_eq(in->provenance, PROV_FACT);
    cr_assert_eq(in->provenance_inherited, 0);
    int facts = 0, assumed = 0;
    for (int i = 0; i < p->n_inputs; i++) {
        facts += p->inputs[i].provenance == PROV_FACT;
        assumed += p->inputs[i].provenance == PROV_ASSUMPTION;
        if (p->inputs[i].provenance == PROV_FACT)
            cr_assert_null(strstr(p->inputs[i].comment, "ASSUMPTION"), "%s: %s",
                           p->inputs[i].path, p->inputs[i].comment);
    }
    cr_assert_gt(facts, 0);
    cr_assert_gt(assumed, 0);
    plan_free(p);
    /* A plan's own "UNKNOWN throughout" banner, and a comment's UNKNOWN. */
    p = fixture_plan_text("calendar:\n  epoch: 2026-01-05\n"
                          "# ----\n# Data. UNKNOWN throughout: nobody measured it.\n# ----\n\n"
                          "stores:\n  db:\n    size: 100GB\n    restore:\n"
                          "      throughput: 100MB/s  # ASSUMPTION: a guess\n"
                          "scenarios:\n  zone:\n    destroys: zone\n    per_year: 1\n"
                          "    duration: 4h\n    service_restored_by: fix\n"
                          "    runbook: {fix: {duration: 1h}}\n");
    cr_assert_eq(input(p, "stores.db.size")->provenance, PROV_UNKNOWN);
    cr_assert_eq(input(p, "stores.db.size")->provenance_inherited, 1);
    cr_assert_eq(input(p, "stores.db.restore.throughput")->provenance, PROV_ASSUMPTION);
    cr_assert_eq(input(p, "stores.db.restore.throughput")->provenance_inherited, 0);
    cr_assert_eq(input(p, "calendar.epoch")->provenance, PROV_FACT);
    cr_assert_eq(input(p, "scenarios.zone.per_year")->provenance, PROV_FACT);
    plan_free(p);
}
