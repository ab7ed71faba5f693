/* reports/controls.c: the controls matrix (reports/controls.h).
 *
 * One table, `controls_table`, lists the fifteen requirements in the order the outputs
 * show them: each with its wording, its source, where the evidence lives and the rule
 * that decides its status. A rule is a small function of struct controls_facts that
 * returns the status and writes the reason; it never looks at the plan or the results
 * itself, so a known-answer test can hand it any combination of facts. controls_gather
 * is the only code that reads the plan, the run and the drill log.
 *
 * Wording: SOC 2 A1.2 and A1.3, NIST SP 800-53 CP-4 and CP-9 and ISO 22301 8.5 are
 * paraphrased from shared/reference/bia-and-audit.md; the others from the control's
 * title in the standard (AICPA Trust Services Criteria 2017, ISO 22301:2019, NIST SP
 * 800-53 Rev. 5), each row's `source` says which.
 */
#include "reports/controls.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "models/backup.h"
#include "models/jsonio.h"
#include "reports/evidence.h"
#include "reports/term.h"

#define REF "shared/reference/bia-and-audit.md"
#define DAYS_PER_YEAR 365L  /* "recent": a test within the year up to the as-of day */

const char *control_status_name(enum control_status s)
{
    switch (s) {
    case CONTROL_EVIDENCED:
        return "evidenced";
    case CONTROL_PARTLY:
        return "partly";
    case CONTROL_NOT_EVIDENCED:
        break;
    }
    return "not evidenced";
}

/* ---- facts ----------------------------------------------------------------------------- */

static int verdict_meets(const struct mc_objective *o)
{
    return o->has_target && o->verdict == MC_VERDICT_MEETS;
}

/* Whether store s has a copy outside the primary region. */
static int store_offsite(const struct store *s)
{
    for (size_t i = 0; i < s->n_rules; i++)
        if (s->rules[i].location == BACKUP_CROSS_REGION)
            return 1;
    return s->replica.present;
}

static void gather_stores(const struct plan *p, struct controls_facts *f)
{
    for (int i = 0; i < p->n_stores; i++) {
        const struct store *s = &p->stores[i];
        f->n_xr_unknown += s->cross_region == STORE_XR_UNKNOWN;
        for (size_t k = 0; k < s->n_rules; k++) {
            enum backup_worst why;
            backup_rule_worst_case(&s->rules[k], OUTAGE_NONE, p->calendar.epoch_days, &why);
            f->n_retention_gaps += why == BACKUP_WORST_EXPIRES;
        }
        if (s->ephemeral || s->recovery == STORE_RECOVER_REBUILD)
            continue;
        f->n_data_stores++;
        if (s->recovery == STORE_RECOVER_NONE || (s->n_rules == 0 && !s->replica.present))
            continue;
        f->n_backed_up++;
        f->n_offsite += store_offsite(s);
    }
}

static void gather_scenarios(const struct mc_results *r, struct controls_facts *f)
{
    const struct plan *p = r->plan;
    f->n_scenarios = r->n_scenarios;
    for (int i = 0; i < r->n_scenarios; i++) {
        const struct mc_scenario_result *sr = &r->scenarios[i];
        const struct scenario *sc = &p->scenarios[sr->scenario];
        int policy = sc->has_policy && sr->rto_obj.has_target && sr->rpo_obj.has_target;
        int rto = verdict_meets(&sr->rto_obj), rpo = verdict_meets(&sr->rpo_obj);
        f->n_policy += policy;
        f->n_rto_meets += policy && rto;
        f->n_rpo_meets += policy && rpo;
        if (sc->n_steps > 0) {
            f->n_runbook++;
            f->n_activation += sc->decision_step >= 0 || sc->declare_step >= 0;
        }
        if (sc->damage.present) {
            f->n_damage++;
            f->n_damage_policy += policy;
            f->n_damage_meets += policy && rto && rpo;
        } else if (sc->scope == OUTAGE_REGION) {
            f->n_region++;
            f->n_region_policy += policy;
            f->n_region_rto_meets += policy && rto;
            f->n_region_rpo_meets += policy && rpo;
        }
    }
}

static void gather_governance(const struct plan *p, struct controls_facts *f)
{
    char why[256];
    const struct plan_governance *g = &p->governance;
    f->approved = plan_draft_reason(p, why, sizeof why) == NULL;
    f->has_review_cycle = g->present && !isnan(g->review_every_s) && g->review_every_s > 0;
    f->reviewed = g->present && g->review_last != LONG_MIN;
    if (f->reviewed && f->has_review_cycle)
        f->review_overdue =
            (double)g->review_last + g->review_every_s / 86400.0 < (double)f->as_of_day;
}

static void gather_services(const struct plan *p, struct controls_facts *f)
{
    f->n_services = p->n_services;
    for (int i = 0; i < p->n_inputs; i++)
        f->n_bia_assumed += strncmp(p->inputs[i].path, "services.", 9) == 0 &&
                            p->inputs[i].provenance != PROV_FACT;
    for (int i = 0; i < p->n_services; i++) {
        const struct service *sv = &p->services[i];
        f->n_services_complete += sv->owner && *sv->owner && isfinite(sv->mtd_s) &&
                                  sv->mtd_s > 0 && isfinite(sv->rto_s) && isfinite(sv->rpo_s) &&
                                  sv->approved_by && *sv->approved_by;
    }
}

static void gather_drills(const struct plan *p, const struct drill_log *log,
                          const struct drill_analysis *a, struct controls_facts *f)
{
    unsigned char drilled[64] = {0};
    f->has_drills = 1;
    f->n_overdue = a->n_overdue;
    f->n_issues = a->n_optimistic;
    for (int i = 0; i < log->n_exercises; i++) {
        const struct drill_exercise *e = &log->exercises[i];
        int recent;
        for (int k = 0; k < e->n_actions; k++) {
            f->n_actions++;
            f->n_actions_past_due += evidence_action_past_due(&e->actions[k], f->as_of_day);
        }
        if (e->day > f->as_of_day)
            continue;
        f->n_exercises++;
        f->n_without_aar += e->after_action == NULL || *e->after_action == '\0';
        f->n_issues += e->outcome != DRILL_PASSED;
        recent = e->outcome != DRILL_FAILED && e->day > f->as_of_day - DAYS_PER_YEAR;
        f->n_recent += recent;
        for (int k = 0; recent && k < e->n_restores; k++)
            f->n_restore_checked += e->restores[k].complete == DRILL_CHECK_PASSED;
        if (e->outcome != DRILL_FAILED && e->scenario) {
            int s = plan_find_scenario(p, e->scenario);
            if (s >= 0 && s < 64 && p->scenarios[s].damage.present)
                drilled[s] = 1;
        }
    }
    for (int s = 0; s < p->n_scenarios && s < 64; s++)
        f->n_damage_drilled += drilled[s];
}

void controls_gather(const struct mc_results *r, const struct drill_log *log,
                     const struct drill_analysis *a, struct controls_facts *f)
{
    const struct plan *p = r->plan;
    memset(f, 0, sizeof *f);
    f->has_as_of = r->has_as_of || a != NULL;
    f->as_of_day = r->has_as_of ? r->as_of_day : a ? a->as_of_day : 0;
    f->n_roles = p->n_roles;
    gather_stores(p, f);
    gather_scenarios(r, f);
    gather_governance(p, f);
    gather_services(p, f);
    if (log && a)
        gather_drills(p, log, a, f);
}

/* ---- rules ----------------------------------------------------------------------------- */

/* A reason built of clauses: "; "-joined, cut at the row's buffer. */
struct why {
    char *s;
    size_t n, len;
};

static void why_add(struct why *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void why_add(struct why *w, const char *fmt, ...)
{
    va_list ap;
    int k;
    if (w->len + 1 >= w->n)
        return;
    if (w->len > 0) {
        k = snprintf(w->s + w->len, w->n - w->len, "; ");
        w->len += k > 0 ? (size_t)k : 0;
        if (w->len >= w->n)
            w->len = w->n - 1;
    }
    va_start(ap, fmt);
    k = vsnprintf(w->s + w->len, w->n - w->len, fmt, ap);
    va_end(ap);
    w->len += k > 0 ? (size_t)k : 0;
    if (w->len >= w->n)
        w->len = w->n - 1;
}

typedef enum control_status (*control_rule)(const struct controls_facts *f, struct why *w);

/* The words every test-based rule says without drill records. */
#define NO_TESTS "no test evidence was given (no drill log): a simulation is not a test"

/* Shared by the test-based rules: the drill log's tests and the cadence. Returns 0 when
 * there is nothing to build on (no drills, no recent test), with the reason given. */
static int tests_present(const struct controls_facts *f, struct why *w)
{
    if (!f->has_drills) {
        why_add(w, NO_TESTS);
        return 0;
    }
    if (f->n_recent == 0) {
        why_add(w, "no test passed in the year up to the as-of day (%d on record)",
                f->n_exercises);
        return 0;
    }
    return 1;
}

static void tests_current(const struct controls_facts *f, struct why *w, int *gaps)
{
    if (f->n_overdue > 0) {
        why_add(w, "%d required test%s overdue", f->n_overdue, f->n_overdue == 1 ? "" : "s");
        (*gaps)++;
    }
    if (f->n_actions_past_due > 0) {
        why_add(w, "%d corrective action%s past due", f->n_actions_past_due,
                f->n_actions_past_due == 1 ? "" : "s");
        (*gaps)++;
    }
}

/* Objectives in a group met: "RTO met at the required confidence in 1 of 2 scenarios". */
static void objectives(struct why *w, const char *what, int meets, int of)
{
    if (meets < of)
        why_add(w, "%s met at the required confidence in %d of %d scenario%s", what, meets, of,
                of == 1 ? "" : "s");
}

static enum control_status rule_a12(const struct controls_facts *f, struct why *w)
{
    int gaps = 0;
    if (f->n_backed_up == 0) {
        why_add(w, "no store holding data is backed up");
        return CONTROL_NOT_EVIDENCED;
    }
    if (f->n_backed_up < f->n_data_stores) {
        why_add(w, "%d of %d stores holding data are backed up", f->n_backed_up,
                f->n_data_stores);
        gaps++;
    }
    if (f->n_offsite < f->n_data_stores) {
        why_add(w, "%d of %d stores holding data have an offsite (cross-region) copy",
                f->n_offsite, f->n_data_stores);
        gaps++;
    }
    if (f->n_rpo_meets < f->n_policy) {
        objectives(w, "RPO", f->n_rpo_meets, f->n_policy);
        gaps++;
    }
    if (f->n_restore_checked == 0) {
        why_add(w, "%s", f->has_drills ? "no recent restore passed a completeness check"
                                       : "recoverability not tested (no drill log)");
        gaps++;
    }
    if (gaps == 0)
        why_add(w, "every store holding data is backed up offsite, RPO met, restores checked");
    return gaps ? CONTROL_PARTLY : CONTROL_EVIDENCED;
}

static enum control_status rule_a13(const struct controls_facts *f, struct why *w)
{
    int gaps = 0;
    if (!tests_present(f, w))
        return CONTROL_NOT_EVIDENCED;
    tests_current(f, w, &gaps);
    if (f->n_restore_checked == 0) {
        why_add(w, "no recent restore passed a completeness (integrity) check");
        gaps++;
    }
    if (gaps == 0)
        why_add(w, "%d test%s in the last year, none overdue, restores complete", f->n_recent,
                f->n_recent == 1 ? "" : "s");
    return gaps ? CONTROL_PARTLY : CONTROL_EVIDENCED;
}

static enum control_status rule_cc75(const struct controls_facts *f, struct why *w)
{
    int gaps = 0;
    if (f->n_damage == 0) {
        why_add(w, "no logical-damage (security incident) scenario is modelled");
        return CONTROL_NOT_EVIDENCED;
    }
    if (f->n_damage_policy < f->n_damage) {
        why_add(w, "%d of %d logical-damage scenarios have recovery objectives", f->n_damage_policy,
                f->n_damage);
        gaps++;
    }
    if (f->n_damage_meets < f->n_damage_policy) {
        objectives(w, "RTO and RPO", f->n_damage_meets, f->n_damage_policy);
        gaps++;
    }
    if (f->n_damage_drilled < f->n_damage) {
        why_add(w, "%d of %d logical-damage scenarios exercised in a drill", f->n_damage_drilled,
                f->n_damage);
        gaps++;
    }
    if (gaps == 0)
        why_add(w, "every logical-damage scenario has objectives it meets and was exercised");
    return gaps ? CONTROL_PARTLY : CONTROL_EVIDENCED;
}

static enum control_status rule_cc91(const struct controls_facts *f, struct why *w)
{
    if (f->n_services == 0) {
        why_add(w, "the plan has no business impact analysis (no services)");
        return CONTROL_NOT_EVIDENCED;
    }
    if (f->n_services_complete < f->n_services || f->n_policy == 0 || f->n_bia_assumed > 0) {
        if (f->n_services_complete < f->n_services)
            why_add(w, "%d of %d services with owner, MTD, RTO, RPO and approval",
                    f->n_services_complete, f->n_services);
        if (f->n_bia_assumed > 0)
            why_add(w, "%d BIA value%s marked ASSUMPTION or UNKNOWN in the plan, not impact "
                       "data", f->n_bia_assumed, f->n_bia_assumed == 1 ? "" : "s");
        if (f->n_policy == 0)
            why_add(w, "no scenario has recovery objectives");
        return CONTROL_PARTLY;
    }
    why_add(w, "BIA complete for %d service%s; disruptions simulated against it",
            f->n_services, f->n_services == 1 ? "" : "s");
    return CONTROL_EVIDENCED;
}

static enum control_status rule_iso83(const struct controls_facts *f, struct why *w)
{
    int gaps = 0;
    if (f->n_policy == 0) {
        why_add(w, "no scenario has recovery objectives to judge the strategy against");
        return CONTROL_NOT_EVIDENCED;
    }
    if (f->n_policy < f->n_scenarios) {
        why_add(w, "%d of %d scenarios have recovery objectives", f->n_policy, f->n_scenarios);
        gaps++;
    }
    if (f->n_rto_meets < f->n_policy) {
        objectives(w, "RTO", f->n_rto_meets, f->n_policy);
        gaps++;
    }
    if (f->n_rpo_meets < f->n_policy) {
        objectives(w, "RPO", f->n_rpo_meets, f->n_policy);
        gaps++;
    }
    if (gaps == 0)
        why_add(w, "the strategy meets every objective at the required confidence");
    return gaps ? CONTROL_PARTLY : CONTROL_EVIDENCED;
}

static enum control_status rule_iso84(const struct controls_facts *f, struct why *w)
{
    int gaps = 0;
    if (f->n_runbook == 0) {
        why_add(w, "no scenario has a runbook");
        return CONTROL_NOT_EVIDENCED;
    }
    if (f->n_runbook < f->n_scenarios) {
        why_add(w, "%d of %d scenarios have a runbook", f->n_runbook, f->n_scenarios);
        gaps++;
    }
    if (f->n_activation < f->n_runbook) {
        why_add(w, "%d of %d runbooks state who decides or declares (activation)",
                f->n_activation, f->n_runbook);
        gaps++;
    }
    if (f->n_roles == 0) {
        why_add(w, "no roles are staffed");
        gaps++;
    }
    if (gaps == 0)
        why_add(w, "every scenario has a staffed runbook with its activation step");
    return gaps ? CONTROL_PARTLY : CONTROL_EVIDENCED;
}

static enum control_status rule_iso85(const struct controls_facts *f, struct why *w)
{
    int gaps = 0;
    if (!tests_present(f, w))
        return CONTROL_NOT_EVIDENCED;
    if (f->n_overdue > 0) {
        why_add(w, "%d required test%s overdue", f->n_overdue, f->n_overdue == 1 ? "" : "s");
        gaps++;
    }
    if (f->n_without_aar > 0) {
        why_add(w, "%d exercise%s without a post-exercise report", f->n_without_aar,
                f->n_without_aar == 1 ? "" : "s");
        gaps++;
    }
    if (gaps == 0)
        why_add(w, "exercises on cadence, each with its post-exercise report");
    return gaps ? CONTROL_PARTLY : CONTROL_EVIDENCED;
}

static enum control_status rule_iso93(const struct controls_facts *f, struct why *w)
{
    int gaps = 0;
    if (!f->reviewed && !f->approved) {
        why_add(w, "no management review or approval recorded (governance.review.last, "
                   "governance.approvals)");
        return CONTROL_NOT_EVIDENCED;
    }
    if (!f->approved) {
        why_add(w, "the plan's version is not approved (DRAFT)");
        gaps++;
    }
    if (!f->reviewed) {
        why_add(w, "no last review date");
        gaps++;
    } else if (!f->has_review_cycle) {
        why_add(w, "no review cycle stated");
        gaps++;
    } else if (f->review_overdue) {
        why_add(w, "the review is overdue for its cycle");
        gaps++;
    }
    if (gaps == 0)
        why_add(w, "approved, and reviewed within its cycle");
    return gaps ? CONTROL_PARTLY : CONTROL_EVIDENCED;
}

static enum control_status rule_iso101(const struct controls_facts *f, struct why *w)
{
    if (!f->has_drills) {
        why_add(w, "no corrective-action records: " NO_TESTS);
        return CONTROL_NOT_EVIDENCED;
    }
    if (f->n_actions_past_due > 0) {
        why_add(w, "%d of %d corrective actions past due", f->n_actions_past_due, f->n_actions);
        return CONTROL_PARTLY;
    }
    if (f->n_actions == 0 && f->n_issues > 0) {
        why_add(w, "%d nonconformit%s in the drills and no corrective action recorded",
                f->n_issues, f->n_issues == 1 ? "y" : "ies");
        return CONTROL_PARTLY;
    }
    why_add(w, "%d corrective action%s, none past due", f->n_actions,
            f->n_actions == 1 ? "" : "s");
    return CONTROL_EVIDENCED;
}

static enum control_status rule_cp2(const struct controls_facts *f, struct why *w)
{
    int gaps = 0;
    if (f->n_policy == 0) {
        why_add(w, "no recovery objectives stated");
        return CONTROL_NOT_EVIDENCED;
    }
    if (!f->approved) {
        why_add(w, "the plan is not approved (DRAFT)");
        gaps++;
    }
    if (f->n_services == 0) {
        why_add(w, "no essential functions (services) identified");
        gaps++;
    }
    if (f->n_roles == 0) {
        why_add(w, "no contingency roles");
        gaps++;
    }
    if (gaps == 0)
        why_add(w, "approved plan with objectives, services and roles");
    return gaps ? CONTROL_PARTLY : CONTROL_EVIDENCED;
}

static enum control_status rule_cp4(const struct controls_facts *f, struct why *w)
{
    int gaps = 0;
    if (!tests_present(f, w))
        return CONTROL_NOT_EVIDENCED;
    tests_current(f, w, &gaps);
    if (gaps == 0)
        why_add(w, "%d test%s in the last year, none overdue, no action past due", f->n_recent,
                f->n_recent == 1 ? "" : "s");
    return gaps ? CONTROL_PARTLY : CONTROL_EVIDENCED;
}

static enum control_status rule_cp6(const struct controls_facts *f, struct why *w)
{
    int gaps = 0;
    if (f->n_offsite == 0) {
        why_add(w, "no store has a copy outside the primary region");
        return CONTROL_NOT_EVIDENCED;
    }
    if (f->n_offsite < f->n_data_stores) {
        why_add(w, "%d of %d stores holding data have a cross-region copy", f->n_offsite,
                f->n_data_stores);
        gaps++;
    }
    if (f->n_region_policy == 0) {
        why_add(w, "no region-outage scenario with objectives");
        gaps++;
    } else if (f->n_region_rpo_meets < f->n_region_policy) {
        objectives(w, "region-outage RPO", f->n_region_rpo_meets, f->n_region_policy);
        gaps++;
    }
    if (gaps == 0)
        why_add(w, "every store copied out of the region; region-outage RPO met");
    return gaps ? CONTROL_PARTLY : CONTROL_EVIDENCED;
}

static enum control_status rule_cp7(const struct controls_facts *f, struct why *w)
{
    if (f->n_region == 0) {
        why_add(w, "no region-outage scenario (no alternate processing site modelled)");
        return CONTROL_NOT_EVIDENCED;
    }
    if (f->n_region_policy < f->n_region) {
        why_add(w, "%d of %d region-outage scenarios have objectives", f->n_region_policy,
                f->n_region);
        return CONTROL_PARTLY;
    }
    if (f->n_region_rto_meets < f->n_region_policy) {
        objectives(w, "region-outage RTO", f->n_region_rto_meets, f->n_region_policy);
        return CONTROL_PARTLY;
    }
    why_add(w, "failover to the alternate region meets its RTO");
    return CONTROL_EVIDENCED;
}

static enum control_status rule_cp9(const struct controls_facts *f, struct why *w)
{
    int gaps = 0;
    if (f->n_backed_up == 0) {
        why_add(w, "no store holding data is backed up");
        return CONTROL_NOT_EVIDENCED;
    }
    if (f->n_backed_up < f->n_data_stores) {
        why_add(w, "%d of %d stores holding data are backed up", f->n_backed_up,
                f->n_data_stores);
        gaps++;
    }
    if (f->n_retention_gaps > 0) {
        why_add(w, "%d backup rule%s keep%s copies shorter than the gap between them",
                f->n_retention_gaps, f->n_retention_gaps == 1 ? "" : "s",
                f->n_retention_gaps == 1 ? "s" : "");
        gaps++;
    }
    if (f->n_xr_unknown > 0) {
        why_add(w, "%d store%s with unknown cross-region protection", f->n_xr_unknown,
                f->n_xr_unknown == 1 ? "" : "s");
        gaps++;
    }
    if (gaps == 0)
        why_add(w, "every store holding data backed up; retention covers every schedule");
    return gaps ? CONTROL_PARTLY : CONTROL_EVIDENCED;
}

static enum control_status rule_cp10(const struct controls_facts *f, struct why *w)
{
    if (f->n_policy == 0) {
        why_add(w, "no scenario has an RTO to recover within");
        return CONTROL_NOT_EVIDENCED;
    }
    if (f->n_rto_meets < f->n_policy) {
        objectives(w, "RTO", f->n_rto_meets, f->n_policy);
        return CONTROL_PARTLY;
    }
    why_add(w, "recovery within the RTO at the required confidence in every scenario");
    return CONTROL_EVIDENCED;
}

/* ---- the table ------------------------------------------------------------------------- */

/* workbook and pack name sheets and pages that exist with a drill log; the _nd variants
 * (NULL: the same) are what a run without one has: no Evidence or Test cadence sheet, no
 * drill page. */
struct control_def {
    const char *id, *framework, *title, *requires, *source, *workbook, *pack;
    control_rule rule;
    const char *workbook_nd, *pack_nd;
};

#define NO_SHEET "none: no drill log (the Evidence and Test cadence sheets come with --drills)"
#define NO_PAGE "none: no drill log (the drill evidence page comes with --drills)"


static const struct control_def controls_table[CONTROLS_N] = {
    {"SOC 2 A1.2", "SOC 2", "Backup and recovery infrastructure",
     "Backup processes and recovery infrastructure designed, operated and monitored to meet "
     "objectives: data requiring backup, backups performed, offsite storage, alternate "
     "processing, data recoverability",
     REF ", SOC 2 availability criteria",
     "Data stores (backup rules, schedule, retention, location); Compliance (RPO rows); "
     "Evidence (restore rows)",
     "Cover and verdicts; Scenario pages (data loss per store); Drill evidence", rule_a12,
     "Data stores (backup rules, schedule, retention, location); Compliance (RPO rows)",
     "Cover and verdicts; Scenario pages (data loss per store)"},
    {"SOC 2 A1.3", "SOC 2", "Recovery plan testing",
     "Recovery plan procedures are tested, including the integrity and completeness of "
     "backup data",
     REF ", SOC 2 availability criteria",
     "Evidence (a row per store per test; Completeness check); Test cadence",
     "Drill evidence", rule_a13, NO_SHEET, NO_PAGE},
    {"SOC 2 CC7.5", "SOC 2", "Recovery from security incidents",
     "The entity identifies, develops and implements activities to recover from identified "
     "security incidents",
     "AICPA Trust Services Criteria (2017), CC7.5",
     "Logical damage; Clean points; Compliance (damage scenarios)",
     "Scenario pages of the logical-damage scenarios", rule_cc75, NULL, NULL},
    {"SOC 2 CC9.1", "SOC 2", "Risk mitigation for business disruptions",
     "The entity identifies, selects and develops risk mitigation activities for risks "
     "arising from potential business disruptions",
     "AICPA Trust Services Criteria (2017), CC9.1",
     "BIA (a row per service: impacts, MTD, RTO, RPO, approval); Services",
     "Business services; Cover and verdicts", rule_cc91, NULL, NULL},
    {"ISO 22301 8.3", "ISO 22301", "Business continuity strategies and solutions",
     "Strategies and solutions selected from the BIA and risk assessment that meet the "
     "recovery objectives",
     "ISO 22301:2019 clause 8.3",
     "Compliance (RTO and RPO rows, verdicts); Summary", "Cover and verdicts; Scenario pages",
     rule_iso83, NULL, NULL},
    {"ISO 22301 8.4", "ISO 22301", "Business continuity plans and procedures",
     "Documented plans and procedures: response structure, roles, activation, the steps to "
     "recover",
     "ISO 22301:2019 clause 8.4",
     "Runbook (steps, roles, activation); Assumptions (staffing)",
     "Scenario pages (timeline, critical path)", rule_iso84, NULL, NULL},
    {"ISO 22301 8.5", "ISO 22301", "Exercise programme",
     "Exercises at planned intervals with formal post-exercise reports (outcomes, "
     "recommendations, actions)",
     REF ", ISO 22301 clause 8.5",
     "Evidence (After-action report column); Test cadence", "Drill evidence", rule_iso85,
     NO_SHEET, NO_PAGE},
    {"ISO 22301 9.3", "ISO 22301", "Management review",
     "Top management reviews the business continuity management system at planned "
     "intervals; exercise results and corrective actions are inputs",
     "ISO 22301:2019 clause 9.3",
     "Summary (governance: approvals, review cycle, last review)",
     "Cover and verdicts (governance); Drill evidence", rule_iso93, NULL,
     "Cover and verdicts (governance)"},
    {"ISO 22301 10.1", "ISO 22301", "Nonconformity and corrective action",
     "Nonconformities are acted on: corrective actions with owners, tracked to completion",
     "ISO 22301:2019 clause 10.1",
     "Evidence (Corrective actions: a row each, owner, due, status, past due)",
     "Drill evidence (corrective actions)", rule_iso101, NO_SHEET, NO_PAGE},
    {"NIST SP 800-53 CP-2", "NIST SP 800-53", "Contingency plan",
     "A contingency plan that identifies essential functions, recovery objectives and "
     "priorities, roles, and is reviewed and approved",
     "NIST SP 800-53 Rev. 5, CP-2",
     "Summary (policy, governance); BIA; Runbook", "Cover and verdicts; Business services",
     rule_cp2, NULL, NULL},
    {"NIST SP 800-53 CP-4", "NIST SP 800-53", "Contingency plan testing",
     "Test the plan, review the results, initiate corrective actions",
     REF ", NIST SP 800-53 CP-4",
     "Evidence; Test cadence", "Drill evidence", rule_cp4, NO_SHEET, NO_PAGE},
    {"NIST SP 800-53 CP-6", "NIST SP 800-53", "Alternate storage site",
     "Backups stored at an alternate site separated from the primary, with the "
     "recovery point objectives met from it",
     "NIST SP 800-53 Rev. 5, CP-6",
     "Data stores (Offsite / cross-region columns); Compliance (region-outage RPO rows)",
     "Scenario pages of the region outage (data loss per store)", rule_cp6, NULL, NULL},
    {"NIST SP 800-53 CP-7", "NIST SP 800-53", "Alternate processing site",
     "An alternate processing site where operations resume within the recovery time "
     "objective",
     "NIST SP 800-53 Rev. 5, CP-7",
     "Compliance (region-outage RTO rows); Runbook (failover steps)",
     "Scenario pages of the region outage", rule_cp7, NULL, NULL},
    {"NIST SP 800-53 CP-9", "NIST SP 800-53", "System backup",
     "Backups at a frequency consistent with the recovery objectives, kept and protected",
     REF ", NIST SP 800-53 CP-9",
     "Data stores (schedules, retention, worst-case loss)", "Scenario pages (data loss per store)",
     rule_cp9, NULL, NULL},
    {"NIST SP 800-53 CP-10", "NIST SP 800-53", "System recovery and reconstitution",
     "Recover and reconstitute the system to a known state within the recovery time "
     "objective",
     "NIST SP 800-53 Rev. 5, CP-10",
     "Compliance (RTO and full-restoration rows); Distributions",
     "Scenario pages (RTO distribution, full restoration)", rule_cp10, NULL, NULL},
};

void controls_decide(const struct controls_facts *f, struct controls *out)
{
    memset(out, 0, sizeof *out);
    out->facts = *f;
    for (int i = 0; i < CONTROLS_N; i++) {
        const struct control_def *d = &controls_table[i];
        struct control_row *row = &out->rows[i];
        struct why w = {row->reason, sizeof row->reason, 0};
        row->id = d->id;
        row->framework = d->framework;
        row->title = d->title;
        row->requires = d->requires;
        row->source = d->source;
        row->workbook = !f->has_drills && d->workbook_nd ? d->workbook_nd : d->workbook;
        row->pack = !f->has_drills && d->pack_nd ? d->pack_nd : d->pack;
        row->status = d->rule(f, &w);
        out->n_status[row->status]++;
    }
}

void controls_evaluate(const struct mc_results *r, const struct drill_log *log,
                       const struct drill_analysis *a, struct controls *out)
{
    struct controls_facts f;
    controls_gather(r, log, a, &f);
    controls_decide(&f, out);
}

const struct control_row *controls_find(const struct controls *c, const char *id)
{
    size_t n = strlen(id);
    for (int i = 0; i < CONTROLS_N; i++) {
        const char *s = c->rows[i].id;
        size_t m = strlen(s);
        if (strcmp(s, id) == 0 || (m > n && s[m - n - 1] == ' ' && strcmp(s + m - n, id) == 0))
            return &c->rows[i];
    }
    return NULL;
}

/* ---- terminal and JSON ------------------------------------------------------------------ */

void controls_print_line(FILE *out, const struct controls *c, int color)
{
    int k = 0;
    fprintf(out, "\n%sControls%s: %d evidenced, %d partly, %d not evidenced",
            color ? TERM_BOLD : "", color ? TERM_RESET : "", c->n_status[CONTROL_EVIDENCED],
            c->n_status[CONTROL_PARTLY], c->n_status[CONTROL_NOT_EVIDENCED]);
    for (int i = 0; i < CONTROLS_N; i++) {
        if (c->rows[i].status != CONTROL_NOT_EVIDENCED)
            continue;
        fprintf(out, "%s%s", k++ ? ", " : " (not evidenced: ", c->rows[i].id);
    }
    fprintf(out, "%s%s\n", k ? ")" : "",
            c->facts.has_drills ? "" : "; no drill log: no test evidence was given");
}

void controls_json_write(struct jsonio_writer *w, const struct controls *c)
{
    jsonio_array(w, "controls");
    for (int i = 0; i < CONTROLS_N; i++) {
        const struct control_row *row = &c->rows[i];
        jsonio_object(w, NULL);
        jsonio_text(w, "id", row->id);
        jsonio_text(w, "framework", row->framework);
        jsonio_text(w, "title", row->title);
        jsonio_text(w, "requires", row->requires);
        jsonio_text(w, "source", row->source);
        jsonio_text(w, "status", control_status_name(row->status));
        jsonio_text(w, "reason", row->reason);
        jsonio_text(w, "workbook", row->workbook);
        jsonio_text(w, "pack", row->pack);
        jsonio_end_object(w);
    }
    jsonio_end_array(w);
}
