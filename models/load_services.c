/* models/load_services.c: the services section (the business impact analysis) and the
 * costs section.
 *
 * Services are read after the scenarios (and before the policy, which may name them):
 * they name stores, scenarios and the steps of those scenarios' runbooks. A service
 * restored by no step of its own in a scenario defaults to the scenario's
 * service_restored_by step. What a service needs in a scenario (service.need_mask) is
 * its restoring steps plus every step that acts on a store it depends on and the
 * scenario loses (docs/method.md, "Services"); an ephemeral store that the scenario
 * loses and no step brings back is refused here, at its name in depends_on. The default
 * policy services of every scenario (the services of the highest priority) are set here
 * too; the policy may replace them. The cost model's rates refer to stores and roles by
 * name.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/backup.h"
#include "models/load_int.h"

/* ---- services ----------------------------------------------------------------------- */

static const char *const service_keys[] = {
    "description", "owner", "criticality", "priority", "timing", "depends_on", "restored_by",
    "impact", "cost_per_hour", "mtd", "rto", "rpo", "wrt", "mbco", "approved_by",
    "review_date", "next_review", "objectives", "data_loss_cost_per_hour",
    "data_lost_for_good", NULL
};
static const char *const depends_keys[] = {"stores", NULL};
static const char *const svc_objective_keys[] = {"rto", "rpo", NULL};
static const char *const mbco_keys[] = {"capacity", "description", NULL};
static const char *const criticalities[] = {"low", "medium", "high", "critical", NULL};
static const char *const impact_levels[] = {"none", "minimal", "moderate", "severe", NULL};
static const char *const impact_keys[] = {
    "financial", "operational", "regulatory", "reputational", "safety", NULL
};

static void load_impact(struct ld *L, struct service *sv_, const yaml_node_t *k,
                        const yaml_node_t *v)
{
    char b[SHOW];
    struct fields f;
    if (load_read_fields(L, &f, impact_keys, k, v, NULL, "'impact' of service '%s'",
                    load_show(sv_->name, b, sizeof b)))
        return;
    for (int c = 0; c < IMPACT_N_CATEGORIES; c++) {
        yaml_node_t *x = load_fval(&f, impact_keys[c]);
        yaml_node_item_t *it, *top;
        int lvl;
        if (x == NULL || load_get_list(L, impact_keys[c], x, "impact levels", &it, &top))
            continue;
        if (top - it != IMPACT_N_BUCKETS) {
            load_err(L, x, "'%s' must list %d impact levels, one per duration bucket (got %d)",
                impact_keys[c], IMPACT_N_BUCKETS, (int)(top - it));
            continue;
        }
        for (int q = 0; it < top; it++, q++) {
            yaml_node_t *y = load_node_at(L, *it);
            if (y && load_get_enum(L, impact_keys[c], y, impact_levels, &lvl) == 0)
                sv_->impact[c][q] = (unsigned char)lvl;
        }
    }
}

/* restored_by: {SCENARIO: STEP or [STEPS]}: the steps whose end restores the service in
 * that scenario (every one must have ended). They replace the default (the scenario's
 * service_restored_by step) in need_mask; restored_by[si] keeps the first of them. */
static void load_restored_by(struct ld *L, struct service *s, const yaml_node_t *k,
                             const yaml_node_t *v)
{
    char b[SHOW], b1[SHOW];
    struct named nm;
    if (load_read_named(L, k, v, &nm))
        return;
    for (int j = 0; j < nm.n; j++) {
        int si = load_scenario_ref(L, nm.k[j]), first = -1, bad = 0;
        uint64_t mask = 0;
        yaml_node_item_t *it = NULL, *top = NULL;
        yaml_node_t *one = NULL;
        if (nm.v[j] && nm.v[j]->type == YAML_SEQUENCE_NODE) {
            if (load_get_list(L, "restored_by", nm.v[j], "step names", &it, &top))
                continue;
            if (it == top) {
                load_err(L, nm.v[j], "'restored_by' of service '%s' in scenario '%s' lists no "
                         "step: name the steps whose end restores it, or leave the scenario out "
                         "(the default is its service_restored_by step)",
                         load_show(s->name, b, sizeof b), load_show(load_sv(nm.k[j]), b1, sizeof b1));
                continue;
            }
        } else {
            one = nm.v[j];
        }
        for (;;) {
            yaml_node_t *y = one ? one : (it < top ? load_node_at(L, *it++) : NULL);
            int step;
            if (y == NULL)
                break;
            if ((step = load_step_ref(L, si, y)) >= 0) {
                const struct step *st = &L->p->scenarios[si].steps[step];
                if (mask & (UINT64_C(1) << step)) {
                    load_err(L, y, "step '%s' is listed twice", load_show(st->name, b, sizeof b));
                } else if (st->failback) {
                    load_err(L, y, "step '%s' is a failback step, which runs after service is "
                             "restored: name a step of the failover or of the restoration",
                             load_show(st->name, b, sizeof b));
                    bad = 1;
                } else {
                    mask |= UINT64_C(1) << step;
                    if (first < 0)
                        first = step;
                }
            } else {
                bad = 1;
            }
            if (one)
                break;
        }
        if (si >= 0 && first >= 0 && !bad && s->restored_by && s->need_mask) {
            s->restored_by[si] = first;
            s->need_mask[si] = mask;
        }
    }
    load_named_free(&nm);
}

/* objectives: {SCENARIO: {rto: DUR, rpo: DUR}}: targets for one scenario, in place of the
 * flat rto and rpo. */
static void load_svc_objectives(struct ld *L, struct service *s, const yaml_node_t *k,
                                const yaml_node_t *v)
{
    char b[SHOW], b1[SHOW];
    struct named nm;
    struct fields o;
    yaml_node_t *x;
    double t;
    if (load_read_named(L, k, v, &nm))
        return;
    for (int j = 0; j < nm.n; j++) {
        int si = load_scenario_ref(L, nm.k[j]);
        if (load_read_fields(L, &o, svc_objective_keys, nm.k[j], nm.v[j], NULL,
                             "objectives of service '%s' in scenario '%s'",
                             load_show(s->name, b, sizeof b),
                             load_show(load_sv(nm.k[j]), b1, sizeof b1)))
            continue;
        if (nm.v[j]->type == YAML_MAPPING_NODE &&
            nm.v[j]->data.mapping.pairs.start == nm.v[j]->data.mapping.pairs.top) {
            load_err(L, nm.k[j], "the objectives of service '%s' in scenario '%s' need 'rto', "
                     "'rpo' or both", b, b1);
            continue;
        }
        if ((x = load_fval(&o, "rto")) && load_get_qty(L, "rto", x, Q_FOREVER, &t) == 0 &&
            si >= 0 && s->rto_target_s)
            s->rto_target_s[si] = t;
        if ((x = load_fval(&o, "rpo")) && load_get_qty(L, "rpo", x, Q_FOREVER, &t) == 0 &&
            si >= 0 && s->rpo_target_s)
            s->rpo_target_s[si] = t;
    }
    load_named_free(&nm);
}

/* mbco: free text, or {capacity: 50%, description: TEXT}. */
static void load_mbco(struct ld *L, struct service *s, const yaml_node_t *k, const yaml_node_t *v)
{
    char b[SHOW];
    struct fields m;
    yaml_node_t *x;
    double c;
    if (v->type != YAML_MAPPING_NODE) {
        load_get_text(L, "mbco", v, &s->mbco);
        return;
    }
    if (load_read_fields(L, &m, mbco_keys, k, v, NULL, "'mbco' of service '%s'",
                         load_show(s->name, b, sizeof b)))
        return;
    if ((x = load_fval(&m, "description")))
        load_get_text(L, "description", x, &s->mbco);
    if ((x = load_fval(&m, "capacity")) && load_get_qty(L, "capacity", x, Q_PROB, &c) == 0) {
        if (c > 0)
            s->mbco_capacity = c;
        else
            load_err(L, x, "the MBCO's 'capacity' must be above 0%% (got \"%s\"): the share of "
                     "full capacity at which the service counts as restored; leave it out when "
                     "its needs alone decide", load_show(load_sv(x), b, sizeof b));
    }
}

/* What the service needs beyond its restoring steps: for every store it depends on that a
 * scenario loses or damages (plan_store_affected), every step of that scenario acting on the store
 * (restore, failover, recreate, promote; failback steps act on the primary and are not
 * counted). A store no step acts on comes back with the platform, except an ephemeral
 * one, which comes back empty and must be recreated: refused at its name in depends_on
 * (a damaged one is flushed in place: nothing to recreate). */
static void add_store_needs(struct ld *L, struct service *s, yaml_node_t *const *store_node)
{
    char b[SHOW], b1[SHOW], b2[SHOW];
    const struct plan *p = L->p;
    for (int si = 0; si < p->n_scenarios && s->need_mask; si++) {
        const struct scenario *sc = &p->scenarios[si];
        if (!L->runbook_ok || !L->runbook_ok[si])
            continue;
        for (int k = 0; k < s->n_stores; k++) {
            const struct store *so = &p->stores[s->stores[k]];
            uint64_t acts = 0;
            if (!plan_store_affected(p, sc, s->stores[k]))
                continue;
            for (int i = 0; i < sc->n_steps; i++)
                if (sc->steps[i].store == s->stores[k] && !sc->steps[i].failback)
                    acts |= UINT64_C(1) << i;
            if (acts == 0 && so->ephemeral && backup_store_affected(so, sc->scope))
                load_err(L, store_node[k], "service '%s' needs store '%s', which scenario '%s' "
                         "loses (an ephemeral store comes back empty), but no step of its runbook "
                         "brings it back: add a step with 'recreate: %s'",
                         load_show(s->name, b, sizeof b), load_show(so->name, b1, sizeof b1),
                         load_show(sc->name, b2, sizeof b2), so->name);
            s->need_mask[si] |= acts;
        }
    }
}

/* Logical damage that destroys nothing leaves the platform up: a service that needs none of
 * the damaged stores is never down, so unless the plan names its restoring steps
 * (restored_by), it needs no step in that scenario (restored_by -1, need_mask 0) and is
 * back at once. */
static void untouched_by_damage(struct ld *L, struct service *s)
{
    const struct plan *p = L->p;
    for (int si = 0; si < p->n_scenarios && s->need_mask && s->restored_by; si++) {
        const struct scenario *sc = &p->scenarios[si];
        const int st = sc->service_step;
        if (!sc->damage.present || sc->scope != OUTAGE_NONE || st < 0 ||
            s->restored_by[si] != st || s->need_mask[si] != UINT64_C(1) << st)
            continue; /* an outage, or restored_by given */
        int hit = 0;
        for (int k = 0; k < s->n_stores; k++)
            hit |= plan_store_damaged(sc, s->stores[k]);
        if (!hit) {
            s->restored_by[si] = -1;
            s->need_mask[si] = 0;
        }
    }
}

/* One service's keys. Returns 1 when it states its priority. */
static int load_service(struct ld *L, int i, const yaml_node_t *k, const yaml_node_t *v)
{
    char b[SHOW], b1[SHOW];
    struct plan *p = L->p;
    struct service *s = &p->services[i];
    struct fields f, dep;
    yaml_node_t *x;
    yaml_node_t *store_node[PLAN_MAX_STORES];
    yaml_node_item_t *it, *top;
    int e, has_priority = 0;
    long day;
    static const char *const text_keys[] = {
        "description", "owner", "timing", "approved_by", NULL
    };
    char **text_out[] = {&s->description, &s->owner, &s->timing, &s->approved_by};

    if (load_read_fields(L, &f, service_keys, k, v, NULL, "service '%s'", load_show(s->name, b, sizeof b)))
        return 0;
    for (int t = 0; text_keys[t]; t++)
        if ((x = load_fval(&f, text_keys[t])))
            load_get_text(L, text_keys[t], x, text_out[t]);
    if ((x = load_fval(&f, "mbco")))
        load_mbco(L, s, load_fkey(&f, "mbco"), x);
    if ((x = load_fval(&f, "review_date")) && load_get_date(L, "review_date", x, &day) == 0)
        load_get_text(L, "review_date", x, &s->review_date);
    if ((x = load_fval(&f, "next_review")) && load_get_date(L, "next_review", x, &day) == 0)
        load_get_text(L, "next_review", x, &s->next_review);
    if ((x = load_freq(L, &f, "criticality")) && load_get_enum(L, "criticality", x, criticalities, &e) == 0)
        s->criticality = (enum criticality)e;
    if ((x = load_fval(&f, "priority")))
        has_priority = load_get_int(L, "priority", x, 1, 1000000, &s->priority) == 0;
    if ((x = load_fval(&f, "depends_on")) &&
        load_read_fields(L, &dep, depends_keys, load_fkey(&f, "depends_on"), x, NULL,
                    "'depends_on' of service '%s'", b) == 0 &&
        (x = load_fval(&dep, "stores")) && load_get_list(L, "stores", x, "store names", &it, &top) == 0 &&
        it < top) {
        uint64_t seen = 0;
        s->stores = load_xcalloc(L, (size_t)(top - it), sizeof *s->stores);
        if (s->stores == NULL)
            return has_priority;
        for (; it < top; it++) {
            yaml_node_t *y = load_node_at(L, *it);
            int st;
            if (y == NULL || (st = load_store_ref(L, y)) < 0)
                continue;
            if (seen & (UINT64_C(1) << st)) {
                load_err(L, y, "store '%s' is listed twice", load_show(load_sv(y), b1, sizeof b1));
                continue;
            }
            seen |= UINT64_C(1) << st;
            store_node[s->n_stores] = y;
            s->stores[s->n_stores++] = st;
        }
    }
    if ((x = load_fval(&f, "restored_by")))
        load_restored_by(L, s, load_fkey(&f, "restored_by"), x);
    if ((x = load_fval(&f, "impact")))
        load_impact(L, s, load_fkey(&f, "impact"), x);
    if ((x = load_fval(&f, "cost_per_hour")))
        load_get_qty(L, "cost_per_hour", x, Q_MONEY, &s->cost_per_hour_usd);
    if ((x = load_fval(&f, "data_loss_cost_per_hour")))
        load_get_qty(L, "data_loss_cost_per_hour", x, Q_MONEY, &s->data_loss_cost_per_hour_usd);
    if ((x = load_fval(&f, "data_lost_for_good")))
        load_get_qty(L, "data_lost_for_good", x, Q_MONEY, &s->data_lost_for_good_usd);
    /* A price for data needs data: the service's RPO is over the stores it depends on. */
    static const char *const data_keys[] = {"data_loss_cost_per_hour", "data_lost_for_good"};
    for (int d = 0; d < 2; d++)
        if (s->n_stores == 0 && load_fval(&f, data_keys[d]))
            load_err(L, load_fkey(&f, data_keys[d]), "service '%s' prices its data ('%s') but "
                     "depends on no store: list them under 'depends_on: {stores: [...]}'",
                     load_show(s->name, b, sizeof b),
                     data_keys[d]);
    if ((x = load_fval(&f, "mtd")))
        load_get_qty(L, "mtd", x, Q_FOREVER, &s->mtd_s);
    if ((x = load_fval(&f, "rto")))
        load_get_qty(L, "rto", x, Q_FOREVER, &s->rto_s);
    if ((x = load_fval(&f, "rpo")))
        load_get_qty(L, "rpo", x, Q_FOREVER, &s->rpo_s);
    if ((x = load_fval(&f, "wrt")))
        load_get_qty(L, "wrt", x, Q_DURATION, &s->wrt_s);
    if ((x = load_fval(&f, "objectives")))
        load_svc_objectives(L, s, load_fkey(&f, "objectives"), x);
    /* The flat targets apply in every outage; in logical damage only when the BCP sets
     * the scenario an objective (load_plan_policy decides, once the policy is read: NAN
     * until then). */
    for (int j = 0; j < p->n_scenarios && s->rto_target_s && s->rpo_target_s; j++) {
        if (p->scenarios[j].damage.present)
            continue;
        if (isnan(s->rto_target_s[j]))
            s->rto_target_s[j] = s->rto_s;
        if (isnan(s->rpo_target_s[j]))
            s->rpo_target_s[j] = s->rpo_s;
    }
    untouched_by_damage(L, s);
    add_store_needs(L, s, store_node);
    return has_priority;
}

/* Every scenario's default policy services: the services with the smallest stated
 * priority number; every service when none states a priority. */
static int default_policy_services(struct ld *L, const unsigned char *has_priority)
{
    struct plan *p = L->p;
    int best = 0, any = 0, n = 0;
    for (int v = 0; v < p->n_services; v++)
        if (has_priority[v] && (!any || p->services[v].priority < best)) {
            best = p->services[v].priority;
            any = 1;
        }
    for (int v = 0; v < p->n_services; v++)
        n += !any || (has_priority[v] && p->services[v].priority == best);
    for (int si = 0; si < p->n_scenarios && n > 0; si++) {
        struct scenario *sc = &p->scenarios[si];
        if ((sc->policy_services = load_xcalloc(L, (size_t)n, sizeof *sc->policy_services)) == NULL)
            return -1;
        for (int v = 0; v < p->n_services; v++)
            if (!any || (has_priority[v] && p->services[v].priority == best))
                sc->policy_services[sc->n_policy_services++] = v;
    }
    return 0;
}

void load_plan_services(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    struct plan *p = L->p;
    struct named nm;
    unsigned char *has_priority = NULL;

    if (v == NULL || load_read_named(L, k, v, &nm))
        return;
    if (nm.n > 0) {
        p->services = load_xcalloc(L, (size_t)nm.n, sizeof *p->services);
        has_priority = load_xcalloc(L, (size_t)nm.n, 1);
        if (p->services == NULL || has_priority == NULL)
            goto out;
        p->n_services = nm.n;
    }
    for (int i = 0; i < nm.n; i++) {
        struct service *s = &p->services[i];
        char **strs[] = {&s->description, &s->owner, &s->timing, &s->mbco, &s->approved_by,
                         &s->review_date, &s->next_review};
        s->pos = load_pos_of(nm.k[i]);
        s->priority = i + 1;
        s->mtd_s = s->rto_s = s->rpo_s = INFINITY;
        s->data_loss_cost_per_hour_usd = s->data_lost_for_good_usd = NAN;
        if ((s->name = load_xstrdup(L, load_sv(nm.k[i]))) == NULL)
            goto out;
        for (size_t t = 0; t < sizeof strs / sizeof strs[0]; t++)
            if ((*strs[t] = load_xstrdup(L, "")) == NULL)
                goto out;
        if (p->n_scenarios > 0) {
            size_t ns = (size_t)p->n_scenarios;
            s->restored_by = load_xcalloc(L, ns, sizeof *s->restored_by);
            s->need_mask = load_xcalloc(L, ns, sizeof *s->need_mask);
            s->rto_target_s = load_xcalloc(L, ns, sizeof *s->rto_target_s);
            s->rpo_target_s = load_xcalloc(L, ns, sizeof *s->rpo_target_s);
            if (!s->restored_by || !s->need_mask || !s->rto_target_s || !s->rpo_target_s)
                goto out;
            for (int j = 0; j < p->n_scenarios; j++) {
                int st = p->scenarios[j].service_step;
                s->restored_by[j] = st;
                s->need_mask[j] = st >= 0 ? UINT64_C(1) << st : 0;
                s->rto_target_s[j] = s->rpo_target_s[j] = NAN;
            }
        }
    }
    for (int i = 0; i < nm.n && !L->nomem; i++)
        has_priority[i] = (unsigned char)load_service(L, i, nm.k[i], nm.v[i]);
    if (!L->nomem)
        default_policy_services(L, has_priority);
out:
    free(has_priority);
    load_named_free(&nm);
}

/* ---- costs -------------------------------------------------------------------------- */

static const char *const costs_keys[] = {
    "storage", "transfer", "change_per_day", "incremental", "per_point", "stores", "staffing",
    NULL
};
static const char *const storage_keys[] = {"in-zone", "in-region", "cross-region", NULL};
static const char *const transfer_keys[] = {"cross-region", NULL};
static const char *const store_cost_keys[] = {"change_per_day", NULL};
static const char *const role_cost_keys[] = {"per_person_year", "on_call_month", NULL};

/* The rates of the cost model (models/cost.h); read after stores and staffing, whose
 * names it refers to. */
void load_plan_costs(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    char b[SHOW];
    struct plan_costs *c = &L->p->costs;
    struct fields f, g;
    struct named nm;
    yaml_node_t *x, *y;

    for (int i = 0; i < PLAN_MAX_STORES; i++)
        c->store_change_per_day[i] = NAN;
    c->incremental = 1;
    if (v == NULL || load_read_fields(L, &f, costs_keys, k, v, NULL, "'costs'"))
        return;
    c->has_costs = 1;
    if ((x = load_fval(&f, "storage")) &&
        load_read_fields(L, &g, storage_keys, load_fkey(&f, "storage"), x, NULL, "'costs.storage'") == 0)
        for (int l = 0; storage_keys[l]; l++)
            if ((y = load_fval(&g, storage_keys[l])))
                load_get_qty(L, storage_keys[l], y, Q_MONEY, &c->storage_gb_month_usd[l]);
    if ((x = load_fval(&f, "transfer")) &&
        load_read_fields(L, &g, transfer_keys, load_fkey(&f, "transfer"), x, NULL, "'costs.transfer'") == 0 &&
        (y = load_fval(&g, "cross-region")))
        load_get_qty(L, "cross-region", y, Q_MONEY, &c->transfer_gb_usd);
    if ((x = load_fval(&f, "change_per_day")))
        load_get_qty(L, "change_per_day", x, Q_PROB, &c->change_per_day);
    if ((x = load_fval(&f, "incremental")))
        load_get_bool(L, "incremental", x, &c->incremental);
    if ((x = load_fval(&f, "per_point")))
        load_get_qty(L, "per_point", x, Q_MONEY, &c->per_point_usd);
    if ((x = load_fval(&f, "stores")) && load_read_named(L, load_fkey(&f, "stores"), x, &nm) == 0) {
        for (int i = 0; i < nm.n && !L->nomem; i++) {
            int si = load_store_ref(L, nm.k[i]);
            if (load_read_fields(L, &g, store_cost_keys, nm.k[i], nm.v[i],
                            "a store's costs take change_per_day", "costs of store '%s'",
                            load_show(load_sv(nm.k[i]), b, sizeof b)))
                continue;
            if ((y = load_fval(&g, "change_per_day")) && si >= 0)
                load_get_qty(L, "change_per_day", y, Q_PROB, &c->store_change_per_day[si]);
        }
        load_named_free(&nm);
    }
    if ((x = load_fval(&f, "staffing")) && load_read_named(L, load_fkey(&f, "staffing"), x, &nm) == 0) {
        for (int i = 0; i < nm.n && !L->nomem; i++) {
            int ri = load_role_ref(L, nm.k[i]);
            if (load_read_fields(L, &g, role_cost_keys, nm.k[i], nm.v[i],
                            "a role's costs are per_person_year and on_call_month",
                            "costs of role '%s'", load_show(load_sv(nm.k[i]), b, sizeof b)))
                continue;
            if (ri < 0)
                continue;
            if ((y = load_fval(&g, "per_person_year")))
                load_get_qty(L, "per_person_year", y, Q_MONEY, &c->person_year_usd[ri]);
            if ((y = load_fval(&g, "on_call_month")))
                load_get_qty(L, "on_call_month", y, Q_MONEY, &c->on_call_month_usd[ri]);
        }
        load_named_free(&nm);
    }
}

