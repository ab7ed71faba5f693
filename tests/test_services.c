/* tests/test_services.c: known answers for services in the simulation, degraded capacity
 * and the MBCO (models/load_services.c, models/load_scenarios.c, sim/trial.c, sim/mc.c;
 * docs/method.md, "Services" and "Capacity and the MBCO").
 *
 * Every duration is fixed and every response is immediate, so each trial gives the same
 * times and the answers are exact: a service needing one of two parallel restores is
 * restored when that restore ends, not when the other does; the scenario's moment comes
 * from its policy services (the highest priority by default, or those the policy
 * names); a list of restoring steps waits for all of them; per-scenario objectives are
 * the targets mc judges a service by; with capacity_left 50 %, a step to 80 % at 2 h and
 * one to 100 % at 3 h, a service with an MBCO of 50 % is back when its needs are, one of
 * 75 % at 2 h, and full restoration comes at 3 h; the critical path ends at the step
 * whose end made the moment. Plans are plan text loaded by the real loader.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/diag.h"
#include "models/load.h"
#include "sim/mc.h"
#include "sim/trial.h"
#include "tests/fixture.h"

#define SEED UINT64_C(0x5e41ce5000000001)
#define H 3600.0
#define M 60.0

/* Two databases restored in parallel after a 10 min declaration: db1 in 1 h, db2 in 2 h
 * (3.6 TB and 7.2 TB at 1 GB/s); verify (10 min) waits for both and is the scenario's
 * service_restored_by. The region outage never ends, so every trial fails over.
 * %s: the policy's extra lines for the region objective; %s: the services. */
static const char parallel_yaml[] =
    "plan: {name: services-test}\n"
    "calendar: {epoch: 2026-01-05}\n"
    "policy:\n"
    "  objectives:\n"
    "    region:\n"
    "      rpo: 1d\n"
    "      rto: 1d\n"
    "%s"
    "stores:\n"
    "  db1:\n"
    "    size: 3.6TB\n"
    "    backups:\n"
    "      copy: {schedule: every 1h, location: cross-region}\n"
    "    restore: {throughput: 1GB/s}\n"
    "  db2:\n"
    "    size: 7.2TB\n"
    "    backups:\n"
    "      copy: {schedule: every 1h, location: cross-region}\n"
    "    restore: {throughput: 1GB/s}\n"
    "staffing:\n"
    "  roles:\n"
    "    ops: {count: 3, response: {business: 0s, night: 0s, weekend: 0s}}\n"
    "scenarios:\n"
    "  region:\n"
    "    destroys: region\n"
    "    per_year: 1\n"
    "    duration: never\n"
    "    service_restored_by: verify\n"
    "    runbook:\n"
    "      declare: {needs: [ops], duration: 10m}\n"
    "      restore-db1: {needs: [ops], restore: db1, after: [declare]}\n"
    "      restore-db2: {needs: [ops], restore: db2, after: [declare]}\n"
    "      verify: {needs: [ops], duration: 10m, after: [restore-db1, restore-db2]}\n"
    "services:\n"
    "%s";

/* a needs db1 only and is restored by the declaration (priority 1); b needs both
 * databases (default restored_by: verify); c is restored by a list of steps. */
static const char three_services[] =
    "  a:\n"
    "    criticality: critical\n"
    "    priority: 1\n"
    "    depends_on: {stores: [db1]}\n"
    "    restored_by: {region: declare}\n"
    "    rto: 2h\n"
    "%s"
    "  b:\n"
    "    criticality: high\n"
    "    priority: 2\n"
    "    depends_on: {stores: [db1, db2]}\n"
    "  c:\n"
    "    criticality: medium\n"
    "    priority: 3\n"
    "    restored_by: {region: [declare, restore-db2]}\n";

static struct plan *parallel_plan(const char *policy_lines, const char *a_lines)
{
    char svc[2048];
    snprintf(svc, sizeof svc, three_services, a_lines);
    return fixture_plan_text(parallel_yaml, policy_lines, svc);
}

static int step_of(const struct plan *p, int s, const char *name)
{
    int i = scenario_find_step(&p->scenarios[s], name);
    cr_assert_geq(i, 0, "no step %s", name);
    return i;
}

/* The known answer: a service needing one of two parallel restores has the RTO
 * of that restore alone; the scenario's moment defaults to the priority-1 service's, so
 * the other restore and the verification leave the critical path. */
Test(services, one_of_two_parallel_restores)
{
    struct plan *p = parallel_plan("", "");
    const struct scenario *sc = &p->scenarios[0];
    int declare = step_of(p, 0, "declare"), r1 = step_of(p, 0, "restore-db1");
    int r2 = step_of(p, 0, "restore-db2"), verify = step_of(p, 0, "verify");

    cr_assert_eq(sc->n_policy_services, 1, "the default is the highest priority");
    cr_assert_eq(sc->policy_services[0], 0);
    cr_assert_eq(p->services[0].need_mask[0], (UINT64_C(1) << declare) | (UINT64_C(1) << r1));
    cr_assert_eq(p->services[1].need_mask[0],
                 (UINT64_C(1) << verify) | (UINT64_C(1) << r1) | (UINT64_C(1) << r2));
    cr_assert_eq(p->services[2].need_mask[0], (UINT64_C(1) << declare) | (UINT64_C(1) << r2));
    cr_assert_eq(p->services[2].restored_by[0], declare, "restored_by keeps the first step");

    struct trial_worker *w = trial_worker_new(p, SEED);
    cr_assert_not_null(w);
    for (uint64_t k = 0; k < 20; k++) {
        const struct trial_result *r = trial_run(w, 0, k, NULL);
        cr_assert_eq(r->in_place, 0);
        cr_assert_float_eq(r->service_back_s[0], 10 * M + H, 1e-9);
        cr_assert_float_eq(r->service_rto_s[0], 10 * M + H, 1e-9);
        cr_assert_float_eq(r->service_back_s[1], 10 * M + 2 * H + 10 * M, 1e-9);
        cr_assert_float_eq(r->service_back_s[2], 10 * M + 2 * H, 1e-9);
        /* The scenario: service is a's moment; full restoration the last step. */
        cr_assert_float_eq(r->service_s, 10 * M + H, 1e-9);
        cr_assert_float_eq(r->rto_s, 10 * M + H, 1e-9);
        cr_assert_float_eq(r->full_s, 10 * M + 2 * H + 10 * M, 1e-9);
        /* The path ends at restore-db1: db2's restore and verify are restoration. */
        cr_assert_eq(r->critical_mask, (UINT64_C(1) << declare) | (UINT64_C(1) << r1));
        cr_assert_float_eq(r->steps[r1].contribution_s, H, 1e-9);
        cr_assert_float_eq(r->steps[declare].contribution_s, 10 * M, 1e-9);
    }
    trial_worker_free(w);
    plan_free(p);
}

/* The policy names the services whose restoration is the scenario's: b needs
 * everything, so the moment is verify's end and the path ends there. */
Test(services, explicit_policy_services)
{
    struct plan *p = parallel_plan("      services: [b]\n", "");
    const struct scenario *sc = &p->scenarios[0];
    int verify = step_of(p, 0, "verify"), r2 = step_of(p, 0, "restore-db2");
    cr_assert_eq(sc->n_policy_services, 1);
    cr_assert_eq(sc->policy_services[0], 1);

    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = trial_run(w, 0, 3, NULL);
    cr_assert_float_eq(r->service_s, 10 * M + 2 * H + 10 * M, 1e-9);
    cr_assert(r->critical_mask & (UINT64_C(1) << verify));
    cr_assert(r->critical_mask & (UINT64_C(1) << r2), "the longer restore is on the path");
    trial_worker_free(w);
    plan_free(p);

    /* Two services: the later of their moments (c at 2 h 10 min, a at 1 h 10 min). */
    p = parallel_plan("      services: [a, c]\n", "");
    w = trial_worker_new(p, SEED);
    r = trial_run(w, 0, 3, NULL);
    cr_assert_float_eq(r->service_s, 10 * M + 2 * H, 1e-9);
    cr_assert_eq(r->critical_mask, (UINT64_C(1) << step_of(p, 0, "declare")) |
                                       (UINT64_C(1) << step_of(p, 0, "restore-db2")));
    trial_worker_free(w);
    plan_free(p);
}

/* Without any stated priority every service is a policy service. */
Test(services, no_priority_means_all_services)
{
    struct plan *p = fixture_plan_text(
        parallel_yaml, "",
        "  a: {criticality: high, depends_on: {stores: [db1]}, restored_by: {region: declare}}\n"
        "  b: {criticality: low, restored_by: {region: declare}}\n");
    cr_assert_eq(p->scenarios[0].n_policy_services, 2);
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = trial_run(w, 0, 0, NULL);
    cr_assert_float_eq(r->service_s, 10 * M + H, 1e-9);
    trial_worker_free(w);
    plan_free(p);
}

/* Objectives per scenario replace the flat rto for that scenario, and mc judges the
 * service by them: 1 h 10 min meets a flat 2 h but not a region target of 1 h. */
Test(services, objectives_per_scenario_in_mc)
{
    struct plan *flat = parallel_plan("", "");
    struct plan *per = parallel_plan("", "    objectives: {region: {rto: 1h, rpo: 30m}}\n");
    cr_assert_eq(flat->services[0].rto_target_s[0], 2 * H);
    cr_assert(isinf(flat->services[0].rpo_target_s[0]));
    cr_assert_eq(per->services[0].rto_target_s[0], H);
    cr_assert_eq(per->services[0].rpo_target_s[0], 30 * M);
    cr_assert(isinf(per->services[1].rto_target_s[0]), "no target stated");

    struct mc_results *rf = NULL, *rp = NULL;
    cr_assert_eq(mc_run(flat, 500, SEED, 2, NULL, NULL, &rf), MC_OK);
    cr_assert_eq(mc_run(per, 500, SEED, 2, NULL, NULL, &rp), MC_OK);
    const struct mc_service_result *a_f = &rf->scenarios[0].services[0];
    const struct mc_service_result *a_p = &rp->scenarios[0].services[0];
    cr_assert_eq(a_f->rto_obj.target_s, 2 * H);
    cr_assert_eq(a_f->rto_obj.n_met, 500);
    cr_assert_eq(a_p->rto_obj.target_s, H);
    cr_assert_eq(a_p->rto_obj.n_met, 0);
    cr_assert_eq(a_p->rto_obj.verdict, MC_VERDICT_BREACH);
    /* An hourly copy loses at most 1 h: some trials over 30 min, some not. */
    cr_assert_eq(a_p->rpo_obj.target_s, 30 * M);
    cr_assert(a_p->rpo_obj.n_met > 0 && a_p->rpo_obj.n_met < 500);
    cr_assert_eq(a_f->rpo_obj.has_target, 0);
    cr_assert_eq(a_p->n_back, 500);
    cr_assert_eq(a_p->back_share, 1.0);
    mc_results_free(rf);
    mc_results_free(rp);
    plan_free(flat);
    plan_free(per);
}

/* A zone outage leaving 50 % of capacity; fix (1 h) restores service, scale-80 (2 h)
 * brings 80 %, scale-100 (3 h) brings 100 %; all three start at once. %s: the policy's
 * services line; %s: the zone scenario's fully_restored_by line. */
static const char capacity_yaml[] =
    "plan: {name: capacity-test}\n"
    "calendar: {epoch: 2026-01-05}\n"
    "policy:\n"
    "  objectives:\n"
    "    zone:\n"
    "      rpo: 1d\n"
    "      rto: 1d\n"
    "%s"
    "stores:\n"
    "  db:\n"
    "    size: 1GB\n"
    "    zone_redundancy: {mode: cluster}\n"
    "    restore: {throughput: 1GB/s}\n"
    "staffing:\n"
    "  roles:\n"
    "    ops: {count: 3, response: {business: 0s, night: 0s, weekend: 0s}}\n"
    "scenarios:\n"
    "  zone:\n"
    "    destroys: zone\n"
    "    per_year: 1\n"
    "    duration: never\n"
    "    capacity_left: 50%%\n"
    "    service_restored_by: fix\n"
    "%s"
    "    runbook:\n"
    "      fix: {needs: [ops], duration: 1h}\n"
    "      scale-80: {needs: [ops], duration: 2h, capacity: 80%%, phase: restoration}\n"
    "      scale-100: {needs: [ops], duration: 3h, capacity: 100%%, phase: restoration}\n"
    "services:\n"
    "  half: {criticality: high, priority: 1, depends_on: {stores: [db]}, mbco: {capacity: 50%%}}\n"
    "  most:\n"
    "    criticality: high\n"
    "    priority: 2\n"
    "    mbco: {capacity: 75%%, description: three quarters of the forms accepted}\n"
    "  plain: {criticality: low, priority: 3, mbco: devices keep their forms}\n";

/* Capacity fractions and MBCO crossing times on a fixed runbook. */
Test(services, capacity_and_mbco)
{
    struct plan *p = fixture_plan_text(capacity_yaml, "", "    fully_restored_by: fix\n");
    const struct scenario *sc = &p->scenarios[0];
    cr_assert_eq(sc->capacity_left, 0.5);
    cr_assert_eq(sc->steps[step_of(p, 0, "scale-80")].capacity, 0.8);
    cr_assert(isnan(sc->steps[step_of(p, 0, "fix")].capacity));
    cr_assert_eq(p->services[0].mbco_capacity, 0.5);
    cr_assert_eq(p->services[1].mbco_capacity, 0.75);
    cr_assert_str_eq(p->services[1].mbco, "three quarters of the forms accepted");
    cr_assert_eq(p->services[2].mbco_capacity, 0.0);
    cr_assert_str_eq(p->services[2].mbco, "devices keep their forms");
    /* A cluster store survives a zone loss: no step of its own is needed. */
    cr_assert_eq(p->services[0].need_mask[0], UINT64_C(1) << step_of(p, 0, "fix"));

    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = trial_run(w, 0, 7, NULL);
    cr_assert_eq(trial_capacity_at(sc, r, 0.5 * H), 0.5);
    cr_assert_eq(trial_capacity_at(sc, r, 2 * H - 1), 0.5);
    cr_assert_eq(trial_capacity_at(sc, r, 2 * H), 0.8);
    cr_assert_eq(trial_capacity_at(sc, r, 3 * H), 1.0);
    cr_assert_float_eq(r->service_back_s[0], H, 1e-9, "MBCO 50 %%: at its needs");
    cr_assert_float_eq(r->service_back_s[1], 2 * H, 1e-9, "MBCO 75 %%: at 80 %%");
    cr_assert_float_eq(r->service_back_s[2], H, 1e-9, "no MBCO capacity: at its needs");
    cr_assert_float_eq(r->service_s, H, 1e-9);
    cr_assert_float_eq(r->full_s, 3 * H, 1e-9, "full restoration waits for 100 %%");
    trial_worker_free(w);
    plan_free(p);
}

/* The scenario's moment waits for its policy service's MBCO; the path ends at the step
 * that crossed it. */
Test(services, mbco_moves_the_scenario_moment)
{
    struct plan *p = fixture_plan_text(capacity_yaml, "      services: [most]\n", "");
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = trial_run(w, 0, 2, NULL);
    int s80 = step_of(p, 0, "scale-80");
    cr_assert_float_eq(r->service_s, 2 * H, 1e-9);
    cr_assert_float_eq(r->rto_s, 2 * H, 1e-9);
    cr_assert_eq(r->critical_mask, UINT64_C(1) << s80);
    cr_assert_float_eq(r->steps[s80].contribution_s, 2 * H, 1e-9);
    cr_assert_float_eq(r->full_s, 3 * H, 1e-9);
    trial_worker_free(w);
    plan_free(p);
}

/* Plans without services and capacity keep the service_restored_by step as the moment. */
Test(services, without_services_the_step_decides)
{
    struct plan *p = fixture_plan_text(
        "plan: {name: plain}\n"
        "calendar: {epoch: 2026-01-05}\n"
        "stores:\n"
        "  db: {size: 1GB, restore: {throughput: 1GB/s}}\n"
        "staffing:\n"
        "  roles:\n"
        "    ops: {count: 2, response: {business: 0s, night: 0s, weekend: 0s}}\n"
        "scenarios:\n"
        "  region:\n"
        "    destroys: region\n"
        "    per_year: 1\n"
        "    duration: never\n"
        "    service_restored_by: a\n"
        "    runbook:\n"
        "      a: {needs: [ops], duration: 1h}\n"
        "      b: {needs: [ops], duration: 2h}\n");
    cr_assert_eq(p->scenarios[0].n_policy_services, 0);
    cr_assert(isnan(p->scenarios[0].capacity_left));
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = trial_run(w, 0, 0, NULL);
    cr_assert_float_eq(r->service_s, H, 1e-9);
    cr_assert_float_eq(r->full_s, 2 * H, 1e-9);
    cr_assert_eq(trial_capacity_at(&p->scenarios[0], r, 0.0), 1.0);
    trial_worker_free(w);
    plan_free(p);
}

/* An ephemeral store the scenario loses, brought back by a step acting on it (a restore
 * until `recreate:` exists): that step is part of what the service needs. */
Test(services, ephemeral_store_with_a_step)
{
    struct plan *p = fixture_plan_text(
        "plan: {name: ephemeral}\n"
        "calendar: {epoch: 2026-01-05}\n"
        "stores:\n"
        "  cache: {size: 1GB, ephemeral: true, restore: {throughput: 1GB/s, overhead: 20m}}\n"
        "staffing:\n"
        "  roles:\n"
        "    ops: {count: 2, response: {business: 0s, night: 0s, weekend: 0s}}\n"
        "scenarios:\n"
        "  region:\n"
        "    destroys: region\n"
        "    per_year: 1\n"
        "    duration: never\n"
        "    service_restored_by: open\n"
        "    runbook:\n"
        "      open: {needs: [ops], duration: 10m}\n"
        "      warm: {needs: [ops], restore: cache}\n"
        "services:\n"
        "  web: {criticality: high, priority: 1, depends_on: {stores: [cache]}}\n");
    int warm = step_of(p, 0, "warm"), open = step_of(p, 0, "open");
    cr_assert_eq(p->services[0].need_mask[0], (UINT64_C(1) << warm) | (UINT64_C(1) << open));
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = trial_run(w, 0, 0, NULL);
    cr_assert_float_eq(r->service_back_s[0], 20 * M + 1, 1e-9);
    cr_assert_float_eq(r->service_s, 20 * M + 1, 1e-9);
    cr_assert_eq(r->service_rpo_s[0], 0.0, "an ephemeral store loses nothing");
    trial_worker_free(w);
    plan_free(p);
}

/* Recovered in place: the primary's return (30 min) comes before any service's moment,
 * so every service and the scenario are back at 30 min, with no critical path. */
Test(services, in_place_the_primary_returns_first)
{
    char svc[2048];
    snprintf(svc, sizeof svc, three_services, "");
    char *text = NULL;
    size_t n = strlen(parallel_yaml) + strlen(svc) + 64;
    text = malloc(n);
    cr_assert_not_null(text);
    snprintf(text, n, parallel_yaml, "", svc);
    char *d = strstr(text, "duration: never");
    cr_assert_not_null(d);
    memcpy(d, "duration: 30m  ", strlen("duration: never"));
    struct plan *p = fixture_plan_text("%s", text);
    free(text);
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = trial_run(w, 0, 1, NULL);
    cr_assert_eq(r->in_place, 1);
    cr_assert_float_eq(r->service_s, 30 * M, 1e-9);
    for (int v = 0; v < 3; v++)
        cr_assert_float_eq(r->service_back_s[v], 30 * M, 1e-9);
    cr_assert_eq(r->critical_mask, 0);
    trial_worker_free(w);
    plan_free(p);
}

/* The trace ends with each service of the replayed trial against its own targets for the
 * scenario, the policy services starred: in the built-in plan's region trial 403 the
 * priority-1 service is back in 11h29m, while reporting waits a day and more for the
 * Elasticsearch re-index (its 24 h target missed). */
Test(services, trace_lists_each_service_of_the_trial)
{
    char *out = NULL;
    cr_assert_eq(fixture_drsim(NULL, "trace --scenario region --trial 403", &out), 0, "%s", out);
    cr_assert(strstr(out, "  service data-collection*: RTO 11h29m (target 12h, met), RPO inf "
                          "(target 1d, MISSED)\n") != NULL, "%s", out);
    cr_assert(strstr(out, "  service reporting: RTO 1d17h (target 1d, MISSED)") != NULL, "%s",
              out);
    cr_assert(strstr(out, "service web-apps*") == NULL, "%s", out);
    free(out);
}
