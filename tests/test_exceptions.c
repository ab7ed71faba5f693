/* tests/test_exceptions.c: known answers for exceptions (a store left out of the policy
 * RPO, signed), the RPO over all data, ephemeral stores and unknown protection
 * (models/plan.h, sim/trial.c, sim/mc.c, sim/verdict.c), and `run --strict` on an
 * exception past its review date. Plans are plan text loaded by the real loader. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/jsonio.h"
#include "sim/mc.h"
#include "sim/verdict.h"
#include "tests/fixture.h"

#define SEED UINT64_C(0xe8ce9710e0000001)
#define N 4000

/* A database copied cross-region every hour and a blob store with no copy at all (lost
 * in every region failover); a region outage that never ends by itself, so every trial
 * fails over; policy RPO 4 h, RTO 1 d. %s: the blob store's lines. */
static const char plan_yaml[] =
    "plan: {name: exceptions-test}\n"
    "calendar: {epoch: 2026-01-05}\n"
    "policy:\n"
    "  objectives:\n"
    "    region: {rpo: 4h, rto: 1d}\n"
    "stores:\n"
    "  db:\n"
    "    size: 1GB\n"
    "    backups:\n"
    "      copy: {schedule: every 1h, location: cross-region}\n"
    "    restore: {throughput: 1GB/s}\n"
    "  blob:\n"
    "    size: 1TB\n"
    "    zone_redundancy: {mode: cluster}\n"
    "    recovery: unrecoverable\n"
    "%s"
    "staffing:\n"
    "  roles:\n"
    "    ops: {count: 1, response: {business: 0s, night: 0s, weekend: 0s}}\n"
    "scenarios:\n"
    "  region:\n"
    "    destroys: region\n"
    "    per_year: 1\n"
    "    duration: never\n"
    "    service_restored_by: restore-db\n"
    "    runbook:\n"
    "      restore-db: {needs: [ops], restore: db}\n";

static const char excepted[] =
    "    counts_for_rpo: false\n"
    "    exception:\n"
    "      reason: attachments can be uploaded again\n"
    "      approved_by: Head of Support\n"
    "      review_by: %s\n";

static struct mc_results *run(struct plan *p)
{
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(p, N, SEED, 2, NULL, NULL, &r), MC_OK);
    return r;
}

static struct plan *plan_with(const char *blob_lines)
{
    return fixture_plan_text(plan_yaml, blob_lines);
}

static struct plan *plan_excepted(const char *review_by)
{
    char lines[512];
    snprintf(lines, sizeof lines, excepted, review_by);
    return plan_with(lines);
}

/* The known answer: one unprotected store excepted. The policy figure is the
 * one without that store's loss (the same as when the store has no data to lose), the
 * all-data P(meet) is 0 in a region loss, and the verdict says the exception makes it. */
Test(exceptions, policy_rpo_unchanged_all_data_never_met)
{
    struct plan *pe = plan_excepted("2027-01-01");
    struct plan *p0 = plan_with("    ephemeral: true\n");
    struct mc_results *re = run(pe), *r0 = run(p0);
    const struct mc_scenario_result *se = &re->scenarios[0], *s0 = &r0->scenarios[0];

    cr_assert_eq(pe->stores[1].counts_for_rpo, 0);
    cr_assert_eq(pe->stores[1].exception.present, 1);
    cr_assert_eq(plan_n_exceptions(pe), 1);
    /* Policy RPO: identical to the plan in which the store loses nothing. */
    cr_assert_eq(se->rpo_obj.n_met, s0->rpo_obj.n_met);
    cr_assert_eq(se->rpo.p95_s, s0->rpo.p95_s);
    cr_assert_eq(se->rpo.max_s, s0->rpo.max_s);
    cr_assert_leq(se->rpo.max_s, 3600.0 + 1e-9, "an hourly copy loses at most 1 h");
    cr_assert_eq(se->rpo_obj.verdict, MC_VERDICT_MEETS);
    /* All data: the blob store is lost in every trial. */
    cr_assert_eq(se->rpo_all_obj.has_target, 1);
    cr_assert_eq(se->rpo_all_obj.n_met, 0);
    cr_assert_eq(se->rpo_all_obj.p_met, 0.0);
    cr_assert_eq(se->rpo_all_obj.verdict, MC_VERDICT_BREACH);
    cr_assert_eq(se->rpo_all.n_infinite, N);
    cr_assert_eq(se->stores[1].n_loses, N);
    cr_assert_eq(se->stores[1].loss_share, 1.0);
    /* The plan without the exception has the same figures both ways. */
    cr_assert_eq(s0->rpo_all_obj.n_met, s0->rpo_obj.n_met);
    cr_assert_eq(s0->stores[1].n_loses, 0, "an ephemeral store has nothing to lose");

    struct verdict_summary v;
    char note[160];
    verdict_summarize(re, &v);
    cr_assert_eq(v.worst, MC_VERDICT_MEETS);
    cr_assert_eq(v.worst_all_data, MC_VERDICT_BREACH);
    cr_assert_eq(v.n_exceptions, 1);
    cr_assert_eq(v.exceptions_decide, 1);
    cr_assert_eq(v.n_expired, 0, "not judged without an as-of day");
    cr_assert_str_eq(verdict_exceptions_note(&v, note, sizeof note),
                     " with 1 exception (over all data an RPO objective is in breach)");
    verdict_summarize(r0, &v);
    cr_assert_eq(v.exceptions_decide, 0);
    cr_assert_str_eq(verdict_exceptions_note(&v, note, sizeof note), "");

    mc_results_free(re);
    mc_results_free(r0);
    plan_free(pe);
    plan_free(p0);
}

/* Counted (no exception), the unprotected store breaks the policy RPO itself: the
 * policy and all-data figures are the same. */
Test(exceptions, counted_store_breaks_the_policy_rpo)
{
    struct plan *p = plan_with("");
    struct mc_results *r = run(p);
    const struct mc_scenario_result *sr = &r->scenarios[0];
    cr_assert_eq(p->stores[1].counts_for_rpo, 1, "unrecoverable counts by default");
    cr_assert_eq(sr->rpo_obj.n_met, 0);
    cr_assert_eq(sr->rpo_all_obj.n_met, 0);
    cr_assert_eq(sr->n_rpo_no_point, N);
    mc_results_free(r);
    plan_free(p);
}

/* Unknown cross-region protection: modelled as none (lost in a region outage), counted. */
Test(exceptions, unknown_protection_counts_as_unprotected)
{
    struct plan *p = plan_with("    cross_region: unknown\n");
    struct mc_results *r = run(p);
    cr_assert_eq(p->stores[1].cross_region, STORE_XR_UNKNOWN);
    cr_assert_eq(p->stores[1].counts_for_rpo, 1);
    cr_assert_eq(r->scenarios[0].stores[1].loss_share, 1.0);
    cr_assert_eq(r->scenarios[0].rpo_obj.p_met, 0.0);
    mc_results_free(r);
    plan_free(p);
}

/* Review dates are judged against the results' as-of day: the day after is expired, the
 * day itself is not. */
Test(exceptions, expired_after_the_review_day)
{
    struct plan *p = plan_excepted("2027-01-01");
    struct mc_results *r = run(p);
    struct verdict_summary v;
    char note[160];
    long due = p->stores[1].exception.review_by_day;
    r->has_as_of = 1;
    r->as_of_day = due;
    cr_assert_eq(verdict_exception_expired(r, 1), 0);
    r->as_of_day = due + 1;
    cr_assert_eq(verdict_exception_expired(r, 1), 1);
    cr_assert_eq(verdict_exception_expired(r, 0), 0, "db has no exception");
    verdict_summarize(r, &v);
    cr_assert_eq(v.n_expired, 1);
    cr_assert(strstr(verdict_exceptions_note(&v, note, sizeof note),
                     "; 1 exception past its review date") != NULL, "%s", note);
    mc_results_free(r);
    plan_free(p);
}

static void write_plan(const char *path, const char *review_by)
{
    char lines[512];
    snprintf(lines, sizeof lines, excepted, review_by);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f, plan_yaml, lines);
    cr_assert_eq(fclose(f), 0);
}

/* `run --strict` exits 1 on an expired exception, naming it, and every output flags it;
 * judged as of a day before the review date, the same plan passes. */
Test(exceptions, strict_fails_on_an_expired_exception)
{
    char dir[64], cmd[512], path[128], sum[128];
    char *out = NULL;
    fixture_tmpdir(dir, "exceptions");
    snprintf(path, sizeof path, "%s/plan.yaml", dir);
    snprintf(sum, sizeof sum, "%s/out/summary.json", dir);
    write_plan(path, "2026-06-30");

    snprintf(cmd, sizeof cmd, "run %s -n 500 -q -o %s/out --no-charts --no-workbook --strict "
             "--as-of 2026-07-01", path, dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 1, "%s", out);
    cr_assert(strstr(out, "drsim: error: --strict: the exception of store 'blob' (approved by "
                          "Head of Support) was due for review on 2026-06-30 (as of "
                          "2026-07-01)") != NULL, "%s", out);
    cr_assert(strstr(out, "review by 2026-06-30 (EXPIRED: past its review date)") != NULL,
              "%s", out);
    cr_assert(strstr(out, "; 1 exception past its review date") != NULL, "%s", out);
    cr_assert(strstr(out, "  RPO*  ") != NULL, "the all-data row: %s", out);
    struct jsonio_doc *d = fixture_json(sum);
    const struct jsonio_value *e = fixture_json_at(jsonio_root(d), "exceptions[0]");
    cr_assert_not_null(e);
    cr_assert_str_eq(jsonio_get_string(fixture_json_at(e, "store")), "blob");
    cr_assert_str_eq(jsonio_get_string(fixture_json_at(e, "review_by")), "2026-06-30");
    int expired = 0;
    cr_assert_eq(jsonio_get_bool(fixture_json_at(e, "expired"), &expired), 0);
    cr_assert_eq(expired, 1);
    cr_assert_eq(fixture_json_num(e, "loses_data_share.region"), 1.0);
    cr_assert_eq(fixture_json_num(jsonio_root(d), "scenarios[0].rpo_all_data.objective.p_met"),
                 0.0);
    cr_assert_eq(fixture_json_num(jsonio_root(d), "scenarios[0].rpo_objective.p_met"), 1.0);
    jsonio_free(d);
    free(out);

    /* The day before: not expired; the policy figure meets, so --strict passes, and the
     * verdict says the exception makes the difference. */
    snprintf(cmd, sizeof cmd, "run %s -n 500 -q -o %s/out2 --no-charts --no-workbook --strict "
             "--as-of 2026-06-29", path, dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    cr_assert(strstr(out, "verdict: every objective meets policy at the required confidence "
                          "with 1 exception (over all data an RPO objective is in breach)") !=
                  NULL,
              "%s", out);
    cr_assert(strstr(out, "EXPIRED") == NULL, "%s", out);
    free(out);

    /* Without --as-of: SOURCE_DATE_EPOCH's day (2026-07-01 here). */
    snprintf(cmd, sizeof cmd, "run %s -n 500 -q -o %s/out3 --no-charts --no-workbook --strict",
             path, dir);
    cr_assert_eq(fixture_drsim("SOURCE_DATE_EPOCH=1782864000", cmd, &out), 1, "%s", out);
    free(out);
    fixture_rm_rf(dir);
}

/* The review pack's exceptions register page (pdftotext), and the built-in plan's
 * largest finding: blobdb, counted as unprotected. */
Test(exceptions, pack_register_page)
{
    char dir[64], cmd[512], path[128];
    char *out = NULL;
    fixture_tmpdir(dir, "exceptions-pack");
    snprintf(path, sizeof path, "%s/plan.yaml", dir);
    write_plan(path, "2026-06-30");
    snprintf(cmd, sizeof cmd, "run %s -n 300 -q -o %s/out --no-workbook --as-of 2026-07-01",
             path, dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    free(out);
    /* Page 2 is "Decisions for the board" (reports/draw_pack_decisions.c); the register next. */
    snprintf(cmd, sizeof cmd, "pdftotext -f 3 -l 3 %s/out/exceptions-test-review-pack.pdf - "
             "| tr '\\n' ' '", dir);
    cr_assert_eq(fixture_shell(cmd, &out), 0);
    cr_assert(strstr(out, "Exceptions register") != NULL, "%s", out);
    cr_assert(strstr(out, "blob · approved by Head of Support · review by 2026-06-30 (EXPIRED")
                  != NULL, "%s", out);
    cr_assert(strstr(out, "Reason: attachments can be uploaded again. Loses data in 100.0% of "
                          "region outages.") != NULL, "%s", out);
    cr_assert(strstr(out, "region: RPO met in 100.0% of outages as the policy reads it (meets), "
                          "0.0% over all data (breach): the exceptions make the difference.")
                  != NULL, "%s", out);
    free(out);

    /* The built-in plan signs nothing; blobdb leads as the largest finding. */
    snprintf(cmd, sizeof cmd, "run -n 300 -q -o %s/builtin --no-workbook --no-decision-curve",
             dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    cr_assert(strstr(out, "largest finding: cross-region protection unknown") != NULL, "%s", out);
    cr_assert(strstr(out, "  blobdb loses data in") != NULL, "%s", out);
    cr_assert(strstr(out, "\nexceptions (") == NULL, "the built-in plan signs none: %s", out);
    free(out);
    /* After the cover and the decisions pages (as many as the findings take). */
    snprintf(cmd, sizeof cmd, "pdftotext -f 3 -l 5 %s/builtin/commcare-production-review-pack.pdf"
             " - | tr '\\n' ' '", dir);
    cr_assert_eq(fixture_shell(cmd, &out), 0);
    cr_assert(strstr(out, "Largest finding: protection unknown") != NULL, "%s", out);
    cr_assert(strstr(out, "blobdb: nobody has confirmed a copy outside the region") != NULL,
              "%s", out);
    cr_assert(strstr(out, "No exceptions: every store counts for the policy RPO.") != NULL,
              "%s", out);
    free(out);
    fixture_rm_rf(dir);
}

/* The built-in plan: no exceptions; blobdb unknown; caches ephemeral; Elasticsearch rebuilt. */
Test(exceptions, builtin_plan_signs_nothing)
{
    struct plan *p = fixture_plan_file(NULL);
    cr_assert_eq(plan_n_exceptions(p), 0);
    for (int i = 0; i < p->n_stores; i++)
        cr_assert_eq(p->stores[i].counts_for_rpo, 1, "%s", p->stores[i].name);
    cr_assert_eq(p->stores[plan_find_store(p, "blobdb")].cross_region, STORE_XR_UNKNOWN);
    cr_assert_eq(p->stores[plan_find_store(p, "redis-cache")].ephemeral, 1);
    cr_assert_eq(p->stores[plan_find_store(p, "redis-celery")].ephemeral, 1);
    cr_assert_eq(p->stores[plan_find_store(p, "elasticsearch")].recovery, STORE_RECOVER_REBUILD);
    plan_free(p);
}
