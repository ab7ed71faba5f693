/* models/plan.c: releasing a plan, looking things up in it by name, and the names
 * of its enum values as written in plan files.
 *
 * Only the loader builds plans; this file holds what every other module needs from
 * a built one. It depends on nothing but the plan's own headers, so it links
 * without the loader (tests build plans by hand and free them here).
 */
#include "models/plan.h"
#include "models/backup.h"
#include "models/digest.h"
#include "models/tz.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every distribution may carry a separately malloc'd values array (empirical);
 * free(NULL) covers the others. */
static void free_dist(struct dist *d)
{
    free((void *)d->values);
    d->values = NULL;
    d->n_values = 0;
}

static void free_store(struct store *st)
{
    free(st->name);
    free(st->kind);
    free(st->note);
    free(st->exception.reason);
    free(st->exception.approved_by);
    free(st->exception.review_by);
    free_dist(&st->failover);
    free_dist(&st->replica_lag);
    free_dist(&st->throughput);
    free_dist(&st->overhead);
    free(st->replica.region);
    free(st->replica.note);
    free_dist(&st->replica.lag);
    free_dist(&st->replica.promote);
    if (st->rules) {
        for (size_t i = 0; i < st->n_rules; i++) {
            free(st->rules[i].name);
            free_dist(&st->rules[i].complete);
            free_dist(&st->rules[i].lag);
        }
        free(st->rules);
    }
}

static void free_scenario(struct scenario *sc)
{
    free(sc->name);
    free(sc->description);
    free_dist(&sc->duration);
    free_dist(&sc->primary_return);
    free_dist(&sc->go_wait);
    free_dist(&sc->failback.delay);
    free_dist(&sc->failback.sync_throughput);
    free(sc->policy_services);
    free(sc->damage.note);
    free_dist(&sc->damage.detection);
    if (sc->steps) {
        for (int i = 0; i < sc->n_steps; i++) {
            free(sc->steps[i].name);
            free(sc->steps[i].description);
            free_dist(&sc->steps[i].duration);
            if (sc->steps[i].own) {
                free_dist(&sc->steps[i].own->throughput);
                free_dist(&sc->steps[i].own->overhead);
                free(sc->steps[i].own);
            }
            free(sc->steps[i].after);
            free(sc->steps[i].any_of);
        }
        free(sc->steps);
    }
}

static void free_service(struct service *sv)
{
    free(sv->name);
    free(sv->description);
    free(sv->owner);
    free(sv->timing);
    free(sv->mbco);
    free(sv->approved_by);
    free(sv->review_date);
    free(sv->next_review);
    free(sv->stores);
    free(sv->restored_by);
    free(sv->rto_target_s);
    free(sv->rpo_target_s);
    free(sv->need_mask);
}

/* Tolerates a partly built plan (the loader frees through here on failure): NULL
 * arrays are skipped, and counts are only trusted where the array exists. Role
 * calendars borrow the plan's holiday list, so they are not freed separately. */
void plan_free(struct plan *p)
{
    if (p == NULL)
        return;
    free(p->path);
    free(p->name);
    free(p->version);
    free(p->organization);
    free(p->system);
    free(p->owner);
    free(p->complete_bounds);
    if (p->stores) {
        for (int i = 0; i < p->n_stores; i++)
            free_store(&p->stores[i]);
        free(p->stores);
    }
    for (int i = 0; p->groups && i < p->n_groups; i++) {
        free(p->groups[i].name);
        free(p->groups[i].note);
    }
    free(p->groups);
    for (int i = 0; p->copy_regions && i < p->n_copy_regions; i++) {
        free(p->copy_regions[i].name);
        free(p->copy_regions[i].note);
    }
    free(p->copy_regions);
    for (int i = 0; p->restore_regions && i < p->n_restore_regions; i++) {
        free(p->restore_regions[i].name);
        free(p->restore_regions[i].note);
    }
    free(p->restore_regions);
    if (p->roles) {
        for (int i = 0; i < p->n_roles; i++) {
            free(p->roles[i].name);
            free(p->roles[i].description);
            for (int k = 0; k < SCHED_N_PERIODS; k++)
                free_dist(&p->roles[i].response[k]);
        }
        free(p->roles);
    }
    for (int i = 0; p->people && i < p->n_people; i++) {
        free(p->people[i].name);
        free(p->people[i].holidays);
    }
    free(p->people);
    for (int i = 0; p->calendars && i < p->n_calendars; i++) {
        free(p->calendars[i].name);
        free(p->calendars[i].holidays);
    }
    free(p->calendars);
    free(p->governance.scope);
    for (int i = 0; p->governance.limitations && i < p->governance.n_limitations; i++)
        free(p->governance.limitations[i]);
    free(p->governance.limitations);
    for (int i = 0; p->governance.approvals && i < p->governance.n_approvals; i++) {
        free(p->governance.approvals[i].version);
        free(p->governance.approvals[i].by);
        free(p->governance.approvals[i].role);
        free(p->governance.approvals[i].note);
    }
    free(p->governance.approvals);
    for (int i = 0; p->levers && i < p->n_levers; i++) {
        free(p->levers[i].name);
        free(p->levers[i].path);
        free(p->levers[i].owner);
        free(p->levers[i].description);
        for (int k = 0; p->levers[i].candidates && k < p->levers[i].n_candidates; k++)
            free(p->levers[i].candidates[k].value);
        free(p->levers[i].candidates);
    }
    free(p->levers);
    free(p->holidays);
    for (int i = 0; p->zones && i < p->n_zones; i++)
        tz_free(p->zones[i]);
    free(p->zones);
    if (p->scenarios) {
        for (int i = 0; i < p->n_scenarios; i++)
            free_scenario(&p->scenarios[i]);
        free(p->scenarios);
    }
    if (p->services) {
        for (int i = 0; i < p->n_services; i++)
            free_service(&p->services[i]);
        free(p->services);
    }
    if (p->inputs) {
        for (int i = 0; i < p->n_inputs; i++) {
            free(p->inputs[i].path);
            free(p->inputs[i].value);
            free(p->inputs[i].comment);
        }
        free(p->inputs);
    }
    free(p);
}

static int name_eq(const char *a, const char *b)
{
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

int plan_n_exceptions(const struct plan *p)
{
    int n = 0;
    for (int i = 0; i < p->n_stores; i++)
        n += p->stores[i].exception.present;
    return n;
}

int plan_find_store(const struct plan *p, const char *name)
{
    for (int i = 0; p->stores && i < p->n_stores; i++)
        if (name_eq(p->stores[i].name, name))
            return i;
    return -1;
}

int plan_find_role(const struct plan *p, const char *name)
{
    for (int i = 0; p->roles && i < p->n_roles; i++)
        if (name_eq(p->roles[i].name, name))
            return i;
    return -1;
}

int plan_find_scenario(const struct plan *p, const char *name)
{
    for (int i = 0; p->scenarios && i < p->n_scenarios; i++)
        if (name_eq(p->scenarios[i].name, name))
            return i;
    return -1;
}

int scenario_find_step(const struct scenario *s, const char *name)
{
    for (int i = 0; s->steps && i < s->n_steps; i++)
        if (name_eq(s->steps[i].name, name))
            return i;
    return -1;
}

/* Out-of-range values map to "unknown" rather than reading past a table. */
#define NAME_OF(table, v) \
    ((unsigned)(v) < sizeof(table) / sizeof((table)[0]) ? (table)[(v)] : "unknown")

const char *plan_location_name(enum backup_location l)
{
    static const char *const t[] = {"in-zone", "in-region", "cross-region"};
    return NAME_OF(t, l);
}

const char *plan_zone_mode_name(enum store_zone_mode m)
{
    static const char *const t[] = {"none", "sync", "async", "cluster"};
    return NAME_OF(t, m);
}

const char *plan_recovery_name(enum store_recovery r)
{
    static const char *const t[] = {"restore", "rebuild", "unrecoverable"};
    return NAME_OF(t, r);
}

const char *plan_cross_region_name(enum store_cross_region x)
{
    static const char *const t[] = {"stated", "none", "unknown"};
    return NAME_OF(t, x);
}

const char *plan_scope_name(enum outage_scope s)
{
    static const char *const t[] = {"zone", "region", "none"};
    return NAME_OF(t, s);
}

const char *plan_impact_name(enum impact_level l)
{
    static const char *const t[] = {"none", "minimal", "moderate", "severe"};
    return NAME_OF(t, l);
}

const char *plan_category_name(enum impact_category c)
{
    static const char *const t[] = {"financial", "operational", "regulatory", "reputational",
                                    "safety"};
    return NAME_OF(t, c);
}

const char *plan_bucket_name(enum impact_bucket b)
{
    static const char *const t[] = {"< 1 hour", "1-8 hours", "8-24 hours", "24-72 hours",
                                    "> 72 hours", "> 1 week", "> 1 month"};
    return NAME_OF(t, b);
}

const char *plan_criticality_name(enum criticality c)
{
    static const char *const t[] = {"low", "medium", "high", "critical"};
    return NAME_OF(t, c);
}

void plan_sha256_hex(const struct plan *p, char out[65])
{
    digest_hex(p->sha256, out);
}

void plan_person_name(const struct plan *p, int person, char *buf, size_t n)
{
    for (int r = 0; r < p->n_roles; r++) {
        const struct role *ro = &p->roles[r];
        if (person >= ro->first_person && person < ro->first_person + ro->count) {
            if (p->people && person < p->n_people && p->people[person].name)
                snprintf(buf, n, "%s", p->people[person].name);
            else if (ro->count == 1)
                snprintf(buf, n, "%s", ro->name);
            else
                snprintf(buf, n, "%s#%d", ro->name, person - ro->first_person + 1);
            return;
        }
    }
    snprintf(buf, n, "person %d", person);
}

/* The rule of reports/draw.c's chart file names, kept here so the loader can see two
 * scenarios collide before a run overwrites one's charts with the other's. */
static int stem_keeps(char c, size_t at)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || (c == '.' && at > 0);
}

char *plan_file_stem(const char *name, char *out, size_t n)
{
    size_t k = 0;
    if (n == 0)
        return out;
    if (name == NULL || name[0] == '\0')
        name = "plan";
    for (; name[k] != '\0' && k + 1 < n; k++)
        out[k] = stem_keeps(name[k], k) ? name[k] : '_';
    out[k] = '\0';
    return out;
}

int plan_next_service(const struct plan *p, int prev)
{
    int best = -1;
    for (int i = 0; i < p->n_services; i++) {
        const struct service *s = &p->services[i];
        if (prev >= 0 && (s->priority < p->services[prev].priority ||
                          (s->priority == p->services[prev].priority && i <= prev)))
            continue;
        if (best < 0 || s->priority < p->services[best].priority)
            best = i;
    }
    return best;
}

int plan_store_damaged(const struct scenario *sc, int s)
{
    return sc->damage.present && s >= 0 && s < 64 && (sc->damage.stores_mask >> s & 1);
}

int plan_store_affected(const struct plan *p, const struct scenario *sc, int s)
{
    return backup_store_affected(&p->stores[s], sc->scope) || plan_store_damaged(sc, s);
}

int plan_defines_restoration(const struct scenario *sc, int service)
{
    for (int k = 0; k < sc->n_policy_services && sc->policy_services; k++)
        if (sc->policy_services[k] == service)
            return 1;
    return 0;
}

/* Append printf-style text to buf[n] at *at, cutting at the end. */
static void append(char *buf, size_t n, size_t *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void append(char *buf, size_t n, size_t *at, const char *fmt, ...)
{
    if (*at >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf + *at, n - *at, fmt, ap);
    va_end(ap);
    if (k > 0)
        *at = *at + (size_t)k < n ? *at + (size_t)k : n - 1;
}

char *plan_step_needs_text(const struct plan *p, const struct step *st, char *buf, size_t n)
{
    size_t at = 0;
    if (n == 0)
        return buf;
    buf[0] = '\0';
    if (st->n_needs == 0) {
        append(buf, n, &at, "none (automatic)");
        return buf;
    }
    for (int k = 0; k < st->n_needs;) {
        const int any = (st->any_mask >> k & 1) && st->any_of;
        const int optional = k >= st->n_required;
        int run = 1;
        /* Consecutive entries of the same plain role and kind are one "role xN". */
        while (!any && k + run < st->n_needs && !(st->any_mask >> (k + run) & 1) &&
               st->needs[k + run] == st->needs[k] && (k + run >= st->n_required) == optional)
            run++;
        append(buf, n, &at, "%s", k ? ", " : "");
        if (any) {
            append(buf, n, &at, "any of ");
            for (int j = 0; j < st->any_of[k].n_roles; j++)
                append(buf, n, &at, "%s%s", j ? " | " : "", p->roles[st->any_of[k].roles[j]].name);
        } else {
            append(buf, n, &at, "%s", p->roles[st->needs[k]].name);
        }
        if (run > 1)
            append(buf, n, &at, " x%d", run);
        if (optional)
            append(buf, n, &at, " (optional)");
        k += run;
    }
    return buf;
}

char *plan_role_chain_text(const struct plan *p, const struct role *ro, char *buf, size_t n)
{
    size_t at = 0;
    if (n == 0)
        return buf;
    buf[0] = '\0';
    for (int k = 0; k < ro->n_stand_ins; k++)
        append(buf, n, &at, "%s%s", k ? ", then " : "", p->roles[ro->stand_ins[k]].name);
    return buf;
}

/* Floor of a / b for b > 0. */
static long floor_div(long a, long b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* The turn of a rotation in force at t: 0 before the first change at or after the epoch,
 * then one more every turn_length changes. Changes are a daily or weekly local time, so
 * two of them lie a whole number of days or weeks apart give or take a daylight-saving
 * hour, and rounding counts them exactly. */
static long rotation_turn(const struct plan *p, const struct role_on_call *oc, double t)
{
    const long epoch_days = p->calendar.epoch_days;
    double first = sched_next(&oc->changes, epoch_days, -1e-6);
    double prev = sched_prev(&oc->changes, epoch_days, t);
    if (!isfinite(first) || !isfinite(prev) || prev < first)
        return 0;
    double base = oc->changes.kind == SCHED_WEEKLY ? 7.0 * 86400.0 : 86400.0;
    long k = lround((prev - first) / base);
    return floor_div(k, oc->turn_length) + 1;
}

uint64_t plan_on_call_at(const struct plan *p, const struct role *ro, double t)
{
    const int n = ro->count < PLAN_MAX_ROTA ? ro->count : PLAN_MAX_ROTA;
    const uint64_t all = plan_first_bits(n);
    switch (ro->on_call.kind) {
    case ON_CALL_ALL:
        break;
    case ON_CALL_ROTATION: {
        long turn = rotation_turn(p, &ro->on_call, t);
        long j = floor_div(ro->on_call.first + turn, n);
        return UINT64_C(1) << (ro->on_call.first + turn - j * n);
    }
    case ON_CALL_FOLLOW_THE_SUN: {
        uint64_t m = 0;
        for (int j = 0; j < n; j++) {
            const struct person *pe = &p->people[ro->first_person + j];
            if (sched_period_at(&pe->calendar, p->calendar.epoch_days, t) == SCHED_BUSINESS)
                m |= UINT64_C(1) << j;
        }
        return m ? m : all;
    }
    }
    return all;
}

const char *plan_draft_reason(const struct plan *p, char *buf, size_t n)
{
    const struct plan_governance *g = &p->governance;
    if (g->n_approvals == 0) {
        snprintf(buf, n, "no approvals (governance.approvals)");
        return buf;
    }
    if (p->version == NULL || p->version[0] == '\0') {
        snprintf(buf, n, "the plan states no version (plan.version), so no approval names it");
        return buf;
    }
    for (int i = 0; i < g->n_approvals; i++)
        if (strcmp(g->approvals[i].version, p->version) == 0)
            return NULL;
    snprintf(buf, n, "no approval of version %s (the latest approved is %s)", p->version,
             g->approvals[g->n_approvals - 1].version);
    return buf;
}

int plan_auto_limitations(const struct plan *p, const char **out, int max, char (*bufs)[256])
{
    int n = 0, damage = 0, region = 0;
    for (int s = 0; s < p->n_scenarios; s++) {
        damage |= p->scenarios[s].damage.present;
        region |= p->scenarios[s].scope == OUTAGE_REGION;
    }
#define ADD(text)                                                                          \
    do {                                                                                   \
        if (n < max)                                                                       \
            out[n] = (text);                                                               \
        n++;                                                                               \
    } while (0)
    if (!damage)
        ADD("no logical-damage scenario (ransomware, corruption, deletion): the newest copies "
            "are assumed clean");
    if (!region)
        ADD("no scenario loses a whole region");
    if (p->n_services == 0)
        ADD("no business services: no BIA, and each scenario's service is one whole");
    if (!p->costs.has_costs)
        ADD("no cost model: no money figures");
    for (int i = 0; i < p->n_stores; i++)
        if (p->stores[i].cross_region == STORE_XR_UNKNOWN && n < max && bufs) {
            snprintf(bufs[n], sizeof bufs[n],
                     "store %s: its cross-region protection is unknown (counted as none)",
                     p->stores[i].name);
            ADD(bufs[n]);
        }
    ADD("drsim has no scenario kind for a supplier's (third-party service's) outage or for "
        "the loss of key people: model one as an outage of the stores or roles it takes away");
#undef ADD
    return n < max ? n : max;
}

const char *plan_provenance_name(enum plan_provenance v)
{
    switch (v) {
    case PROV_ASSUMPTION:
        return "ASSUMPTION";
    case PROV_UNKNOWN:
        return "UNKNOWN";
    case PROV_FACT:
        break;
    }
    return "fact";
}
