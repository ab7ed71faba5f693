/* sim/trial_worker.c: a trial worker's life (sim/trial.h): the names of trace events, the
 * random-stream identities of a scenario's inputs, and allocating and freeing a worker with
 * its event queue and per-trial scratch, sized once so a trial allocates nothing. The
 * trial itself is played in sim/trial.c. */
#include "sim/trial_int.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/backup.h"
#include "models/dist.h"
#include "models/sched.h"

const char *trial_event_name(enum trial_event_kind k)
{
    static const char *const names[TRIAL_N_EVENT_KINDS] = {
        "outage-start", "store-loss", "step-ready", "page", "person-available",
        "escalation", "step-start", "step-end", "outage-end", "service-restored",
        "full-restoration", "decision", "go", "abandon", "primary-back", "failback-start",
        "onset", "notify", "escalation-level", "optional-join", "handover", "rest-end"};
    return (unsigned)k < TRIAL_N_EVENT_KINDS ? names[k] : "?";
}

/* Identities by name: the scenario's name, then a tag for the kind of input, then the
 * step's, store's or role's name (and a person's place in the role). A rule's points'
 * stream key, a pure function of its identity, is made here too, so no walk makes it. */
static void input_ids_init(struct input_ids *ids, const struct plan *p, const struct scenario *sc)
{
    uint64_t base = dist_rng_id_name(0, sc->name);
    uint64_t steps = dist_rng_id(base, ID_STEPS), stores = dist_rng_id(base, ID_STORES);
    uint64_t roles = dist_rng_id(base, ID_ROLES);
    ids->outage_start = dist_rng_id(base, ID_OUTAGE_START);
    ids->outage_duration = dist_rng_id(base, ID_OUTAGE_DURATION);
    ids->primary_return = dist_rng_id(base, ID_PRIMARY_RETURN);
    ids->go_wait = dist_rng_id(base, ID_GO_WAIT);
    ids->failback_delay = dist_rng_id(base, ID_FAILBACK_DELAY);
    ids->sync_throughput = dist_rng_id(base, ID_SYNC_THROUGHPUT);
    ids->detection = dist_rng_id(base, ID_DETECTION);
    for (int i = 0; i < sc->n_steps; i++) {
        ids->step[i] = dist_rng_id_name(steps, sc->steps[i].name);
        ids->throughput[i] = dist_rng_id(ids->step[i], ID_THROUGHPUT);
    }
    for (int s = 0, k = 0; s < p->n_stores; s++) {
        ids->store[s] = dist_rng_id_name(stores, p->stores[s].name);
        ids->replica_lag[s] = dist_rng_id(ids->store[s], ID_XR_REPLICA);
        for (size_t j = 0; j < p->stores[s].n_rules; j++)
            ids->rule[k++] = backup_rule_ids_of(ids->store[s], &p->stores[s].rules[j]);
    }
    for (int g = 0; g < p->n_groups; g++)
        ids->group[g] = backup_group_id(dist_rng_id(base, ID_GROUPS), &p->groups[g]);
    for (int r = 0; r < p->n_roles; r++) {
        uint64_t role = dist_rng_id_name(roles, p->roles[r].name);
        for (int j = 0; j < p->roles[r].count; j++) {
            int person = p->roles[r].first_person + j;
            ids->person[person] = dist_rng_id(role, (uint64_t)j);
            if (p->roles[r].repage.attempts > 0)
                ids->notify[person] = dist_rng_id(ids->person[person], ID_NOTIFY);
        }
    }
}

/* backup_first_uniforms_fn for the worker's generator (r is its rng_stream's base): the
 * streams' first blocks computed together (rng_first_blocks), each then read as
 * rng_uniform reads it (first_uniform), so the numbers are those of select and two
 * uniforms. The stream is left where those would leave it: at the last stream, its
 * block 0 used up. */
static void first_uniforms(struct dist_rng *r, const uint64_t *ids, int n, double (*u)[2])
{
    struct rng_stream *s = (struct rng_stream *)r;
    uint32_t blk[32][4];
    for (int a = 0; a < n; a += 32) {
        int m = n - a < 32 ? n - a : 32;
        rng_first_blocks(s, ids + a, m, blk);
        for (int j = 0; j < m; j++) {
            u[a + j][0] = first_uniform(&blk[j][0]);
            u[a + j][1] = first_uniform(&blk[j][2]);
        }
    }
    if (n > 0) {
        rng_select_first(s, ids[n - 1], blk[(n - 1) % 32]);
        s->left = 0;    /* both uniforms of block 0 taken: the next draw computes block 1 */
    }
}

/* Append stream id to fs; returns its index. */
static short first_add(struct first_streams *fs, uint64_t id)
{
    assert(fs->n < FIRST_MAX);
    fs->id[fs->n] = id;
    return (short)fs->n++;
}

/* Step st's struct step_draw in scenario sc. A restore step may replace its store's
 * overhead, throughput and parallelism with its own (drawn from the same streams). */
static void step_draw_init(struct step_draw *d, const struct plan *p, const struct scenario *sc,
                           const struct step *st)
{
    *d = (struct step_draw){.work = NULL, .tp = NULL, .par = 1.0, .size_bytes = 0.0};
    switch (st->kind) {
    case STEP_TASK:
    case STEP_RECREATE:
        d->work = &st->duration;
        break;
    case STEP_PROMOTE:
        d->work = &p->stores[st->store].replica.promote;
        break;
    case STEP_FAILOVER:
        d->work = &p->stores[st->store].failover;
        break;
    case STEP_RESTORE: {
        const struct store *s = &p->stores[st->store];
        if (!backup_store_needs_restore(s, sc->scope) &&
            !(sc->damage.present && plan_store_damaged(sc, st->store)))
            break;
        const int own = st->restore_own;
        d->work = own & STEP_OWN_OVERHEAD ? &st->own->overhead : &s->overhead;
        if (s->recovery == STORE_RECOVER_NONE || s->size_bytes <= 0.0)
            break;
        d->tp = own & STEP_OWN_THROUGHPUT ? &st->own->throughput : &s->throughput;
        int par = own & STEP_OWN_PARALLELISM ? st->own->parallelism : s->parallelism;
        d->par = par > 1 ? par : 1;
        d->size_bytes = s->size_bytes;
        break;
    }
    }
}

/* How step_duration draws d (NULL: none), whose stream's block 0 is the trial's first
 * block `first` (-1: not among them): the branches of sample_first, settled once. */
static int step_how_of(const struct dist *d, int first)
{
    if (d == NULL)
        return STEP_HOW_NONE;
    if (d->kind == DIST_FIXED)
        return STEP_HOW_FIXED;
    if (first < 0 || d->kind == DIST_GAMMA)
        return STEP_HOW_GENERAL;
    return d->kind == DIST_LOGNORMAL ? STEP_HOW_LOGNORMAL : STEP_HOW_FIRST_U;
}

/* The streams a trial of scenario sc computes block 0 of up front (struct first_streams):
 * each listed only when its first draw is random. */
static void first_streams_init(struct first_streams *fs, const struct plan *p,
                               const struct scenario *sc, const struct input_ids *ids,
                               const struct step_draw *draws)
{
    fs->n = 0;
    fs->start = first_add(fs, ids->outage_start);
    fs->duration = sc->duration.kind != DIST_FIXED ? first_add(fs, ids->outage_duration) : -1;
    for (int i = 0; i < PLAN_MAX_STEPS; i++)
        fs->step[i] = fs->throughput[i] = -1;
    for (int i = 0; i < sc->n_steps; i++) {
        if (draws[i].work && draws[i].work->kind != DIST_FIXED)
            fs->step[i] = first_add(fs, ids->step[i]);
        if (draws[i].tp && draws[i].tp->kind != DIST_FIXED)
            fs->throughput[i] = first_add(fs, ids->throughput[i]);
    }
    /* The people of every role a step needs (any_of sets included) or that stands in for
     * one, whose response is random in some period. */
    uint64_t roles = 0;
    for (int i = 0; i < sc->n_steps; i++) {
        const struct step *st = &sc->steps[i];
        for (int k = 0; k < st->n_needs; k++) {
            if (st->any_mask >> k & 1)
                for (int q = 0; q < st->any_of[k].n_roles; q++)
                    roles |= UINT64_C(1) << st->any_of[k].roles[q];
            else
                roles |= UINT64_C(1) << st->needs[k];
        }
    }
    /* And their stand-ins, paged as escalations reach them (roles are few: passes until
     * nothing is added). */
    for (uint64_t before = 0; before != roles;) {
        before = roles;
        for (int r = 0; r < p->n_roles; r++)
            for (int j = 0; (roles >> r & 1) && j < p->roles[r].n_stand_ins; j++)
                roles |= UINT64_C(1) << p->roles[r].stand_ins[j];
    }
    for (int j = 0; j < PLAN_MAX_PEOPLE; j++)
        fs->person[j] = fs->notify[j] = -1;
    for (int r = 0; r < p->n_roles; r++) {
        const struct role *ro = &p->roles[r];
        int random = 0;
        for (size_t k = 0; k < sizeof ro->response / sizeof ro->response[0]; k++)
            random |= ro->response[k].kind != DIST_FIXED;
        if (!(roles >> r & 1) || !random)
            continue;
        for (int j = 0; j < ro->count; j++)
            fs->person[ro->first_person + j] = first_add(fs, ids->person[ro->first_person + j]);
    }
    /* The first notification of the people of those roles that re-page (respond_at). */
    for (int r = 0; r < p->n_roles; r++) {
        const struct role *ro = &p->roles[r];
        if (!(roles >> r & 1) || ro->repage.attempts <= 0)
            continue;
        for (int j = 0; j < ro->count; j++) {
            const int person = ro->first_person + j;
            fs->notify[person] = first_add(fs, dist_rng_id(ids->notify[person], 0));
        }
    }
}

void trial_worker_defer_losses(struct trial_worker *w)
{
    w->defer_losses = 1;
}

/* Only for the scenarios played serially: the event loop handles the outage's end at its
 * instant, so it computes the duration before it plays (trial_run), and a lazy draw there
 * would only add its bookkeeping. The bounds are made here, for the workers told, not for
 * every worker; without the memory for them every duration is drawn at once, as on any
 * other worker, so the call cannot fail. */
void trial_worker_figures_only(struct trial_worker *w)
{
    w->figures_only = 1;
    const int ns = w->p->n_scenarios;
    if (w->outage_bounds == NULL)
        w->outage_bounds = malloc((size_t)ns * 2 * OUTAGE_BUCKETS * sizeof *w->outage_bounds);
    for (int s = 0; w->outage_bounds != NULL && s < ns; s++) {
        double *b = &w->outage_bounds[(size_t)s * 2 * OUTAGE_BUCKETS];
        if (w->serial[s] &&
            dist_lognormal_bounds(&w->p->scenarios[s].duration, OUTAGE_BUCKETS, 1, b))
            w->outage_lazy[s] = b;
    }
}

void trial_worker_free(struct trial_worker *w)
{
    if (w == NULL)
        return;
    free(w->first);
    free(w->outage_bounds);
    free(w->outage_lazy);
    free(w->ids);
    free(w->rule_ids);
    free(w->group_ids);
    backup_shared_free(w->bs);
    evq_fini(&w->q);
    free(w->dependents);
    free(w->step_roles);
    free(w->svc_need);
    free(w->draws);
    free(w->draw_plans);
    free(w->failover_mask);
    free(w->n_core);
    free(w->core_mask);
    free(w->plain_end);
    free(w->plain_start);
    free(w->serial);
    free(w->res_keeps);
    free(w->plain_inputs);
    free(w->svc_gate);
    free(w->after_decision);
    free(w->roots);
    free(w->n_after);
    free(w->one_dep);
    free(w->promoted);
    free(w->spared);
    free(w->loss_fixed);
    free(w->loss_fixed_s);
    free(w->svc_rto);
    free(w->svc_rpo);
    free(w->svc_back);
    free(w);
}

/* Whether two working calendars classify every instant alike (same zone, hours, days
 * and holidays). */
static int calendar_same(const struct sched_calendar *a, const struct sched_calendar *b)
{
    return a->tz_offset_s == b->tz_offset_s && a->workdays_mask == b->workdays_mask &&
           a->day_start_s == b->day_start_s && a->day_end_s == b->day_end_s && a->tz == b->tz &&
           a->n_holidays == b->n_holidays &&
           (a->n_holidays == 0 || a->holidays == b->holidays ||
            memcmp(a->holidays, b->holidays, a->n_holidays * sizeof *a->holidays) == 0);
}


/* Whether a page of role r must take the rota path: an on_call rota, or people whose
 * calendars classify some instant differently from the role's. */
static int role_needs_rota(const struct plan *p, int r)
{
    const struct role *ro = &p->roles[r];
    if (ro->on_call.kind != ON_CALL_ALL)
        return 1;
    for (int j = 0; p->people && j < ro->count; j++)
        if (!calendar_same(&p->people[ro->first_person + j].calendar, &ro->calendar))
            return 1;
    return 0;
}

struct trial_worker *trial_worker_new(const struct plan *p, uint64_t seed)
{
    struct trial_worker *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->p = p;
    rng_init(&w->rng, seed);
    size_t notices = 0; /* a traced trial's notifications after each page's first */
    for (int r = 0; r < p->n_roles; r++)
        if (p->roles[r].repage.attempts > 1)
            notices += (size_t)p->roles[r].count * (size_t)(p->roles[r].repage.attempts - 1);
    int rota = 0;
    for (int r = 0; r < p->n_roles && r < PLAN_MAX_ROLES; r++) {
        w->role_rota[r] = (unsigned char)role_needs_rota(p, r);
        w->any_shift |= has_shift(&p->roles[r]);
        rota |= w->role_rota[r];
    }
    evq_init(&w->q, QUEUE_CAP + notices + (rota || w->any_shift ? QUEUE_CAP_ROTA : 0));
    size_t ns = p->n_scenarios > 0 ? (size_t)p->n_scenarios : 1;
    size_t nv = p->n_services > 0 ? (size_t)p->n_services : 1;
    assert(p->n_stores <= PLAN_MAX_STORES);
    size_t n_rules = 0;
    for (int s = 0; s < p->n_stores; s++) {
        w->rule_first[s] = (int)n_rules;
        n_rules += p->stores[s].n_rules;
    }
    w->ids = calloc(ns, sizeof *w->ids);
    w->rule_ids = calloc(ns * (n_rules ? n_rules : 1), sizeof *w->rule_ids);
    w->group_ids = calloc(ns * (size_t)(p->n_groups ? p->n_groups : 1), sizeof *w->group_ids);
    if (p->n_groups > 0 || p->n_copy_regions > 0) {
        w->bs = backup_shared_new(p);
        if (w->bs)
            w->bs->first_uniforms = first_uniforms;
    }
    w->dependents = calloc(ns * PLAN_MAX_STEPS, sizeof *w->dependents);
    w->step_roles = calloc(ns * PLAN_MAX_STEPS, sizeof *w->step_roles);
    w->draws = calloc(ns * PLAN_MAX_STEPS, sizeof *w->draws);
    w->draw_plans = calloc(ns, sizeof *w->draw_plans);
    w->failover_mask = calloc(ns, sizeof *w->failover_mask);
    w->n_core = calloc(ns, sizeof *w->n_core);
    w->core_mask = calloc(ns, sizeof *w->core_mask);
    w->plain_end = calloc(ns, sizeof *w->plain_end);
    w->plain_start = calloc(ns, sizeof *w->plain_start);
    w->serial = calloc(ns, sizeof *w->serial);
    w->res_keeps = calloc(ns, sizeof *w->res_keeps);
    w->plain_inputs = calloc(ns, sizeof *w->plain_inputs);
    w->svc_gate = calloc(ns, sizeof *w->svc_gate);
    w->after_decision = calloc(ns, sizeof *w->after_decision);
    w->roots = calloc(ns, sizeof *w->roots);
    w->n_after = calloc(ns * PLAN_MAX_STEPS, sizeof *w->n_after);
    w->one_dep = calloc(ns * PLAN_MAX_STEPS, sizeof *w->one_dep);
    w->promoted = calloc(ns, sizeof *w->promoted);
    w->spared = calloc(ns, sizeof *w->spared);
    w->loss_fixed = calloc(ns, sizeof *w->loss_fixed);
    w->loss_fixed_s = calloc(ns * PLAN_MAX_STORES, sizeof *w->loss_fixed_s);
    w->svc_rto = calloc(nv, sizeof *w->svc_rto);
    w->svc_rpo = calloc(nv, sizeof *w->svc_rpo);
    w->svc_back = calloc(nv, sizeof *w->svc_back);
    w->svc_need = calloc(ns * nv, sizeof *w->svc_need);
    w->first = calloc(ns, sizeof *w->first);
    w->outage_lazy = calloc(ns, sizeof *w->outage_lazy);
    if (!w->first || !w->outage_lazy || !w->ids || !w->rule_ids || !w->group_ids ||
        ((p->n_groups > 0 || p->n_copy_regions > 0) && !w->bs) || !w->q.ev || !w->dependents ||
        !w->step_roles || !w->draws || !w->draw_plans || !w->failover_mask || !w->n_core ||
        !w->core_mask ||
        !w->plain_end || !w->plain_start || !w->serial || !w->res_keeps || !w->plain_inputs ||
        !w->svc_gate || !w->after_decision ||
        !w->roots || !w->n_after || !w->one_dep || !w->promoted || !w->spared || !w->loss_fixed ||
        !w->loss_fixed_s || !w->svc_rto ||
        !w->svc_rpo || !w->svc_back || !w->svc_need) {
        trial_worker_free(w);
        return NULL;
    }
    assert(p->n_people <= PLAN_MAX_PEOPLE && p->n_roles <= PLAN_MAX_ROLES);
    for (int s = 0; s < p->n_scenarios; s++) {
        const struct scenario *sc = &p->scenarios[s];
        assert(sc->n_steps <= PLAN_MAX_STEPS);
        w->ids[s].rule = w->rule_ids + (size_t)s * n_rules;
        w->ids[s].group = w->group_ids + (size_t)s * (size_t)p->n_groups;
        input_ids_init(&w->ids[s], p, sc);
        struct step_draw *draws = &w->draws[(size_t)s * PLAN_MAX_STEPS];
        for (int i = 0; i < sc->n_steps; i++)
            step_draw_init(&draws[i], p, sc, &sc->steps[i]);
        first_streams_init(&w->first[s], p, sc, &w->ids[s], draws);
        for (int i = 0; i < sc->n_steps; i++) {
            struct step_draw *sd = &draws[i];
            sd->work_first = w->first[s].step[i];
            sd->tp_first = w->first[s].throughput[i];
            sd->work_how = step_how_of(sd->work, sd->work_first);
            sd->tp_how = step_how_of(sd->tp, sd->tp_first);
            sd->work_fixed_s = sd->work_how == STEP_HOW_FIXED ? sd->work->p[0] : 0.0;
            sd->tp_fixed = sd->tp_how == STEP_HOW_FIXED ? sd->tp->p[0] : 0.0;
        }
        trial_draw_plan_init(&w->draw_plans[s], sc, draws, w->res.steps);
        for (int j = 0; j < sc->n_steps; j++) {
            const struct step *st = &sc->steps[j];
            uint64_t *roles = &w->step_roles[(size_t)s * PLAN_MAX_STEPS + (size_t)j];
            for (int k = 0; k < st->n_needs; k++) {
                if (st->any_mask >> k & 1)
                    for (int q = 0; q < st->any_of[k].n_roles; q++)
                        *roles |= UINT64_C(1) << st->any_of[k].roles[q];
                else
                    *roles |= UINT64_C(1) << st->needs[k];
            }
        }
        uint64_t before[PLAN_MAX_STEPS];    /* the steps step j waits on, transitively */
        for (int j = 0; j < sc->n_steps; j++) {
            before[j] = 0;
            for (int k = 0; k < sc->steps[j].n_after; k++) {
                int i = sc->steps[j].after[k];
                assert(i >= 0 && i < j);
                w->dependents[(size_t)s * PLAN_MAX_STEPS + (size_t)i] |= UINT64_C(1) << j;
                before[j] |= UINT64_C(1) << i | before[i];
            }
        }
        /* Of each service's needed steps, those no other of them waits on: a step ends no
         * earlier than the steps it waits on (it starts after they end, and no work time is
         * negative), so the latest end of these is the latest of all, and all have ended
         * exactly when these have (trial_services). */
        for (int v = 0; v < p->n_services; v++) {
            const struct service *svc = &p->services[v];
            uint64_t need = svc->need_mask ? svc->need_mask[s]
                                           : UINT64_C(1) << svc->restored_by[s];
            uint64_t waited_on = 0;
            for (uint64_t m = need; m; m &= m - 1)
                waited_on |= before[__builtin_ctzll(m)];
            w->svc_need[(size_t)s * nv + (size_t)v] = need & ~waited_on;
        }
        /* The failover: the decision step and every step that waits on it, transitively
         * (steps are in topological order, so one forward pass finds them). */
        uint64_t mask = 0;
        if (sc->decision_step < 0) {
            mask = plan_first_bits(sc->n_steps);
        } else {
            mask = UINT64_C(1) << sc->decision_step;
            for (int j = sc->decision_step + 1; j < sc->n_steps; j++)
                if (sc->steps[j].after_mask & mask)
                    mask |= UINT64_C(1) << j;
        }
        w->failover_mask[s] = mask;
        if (sc->n_policy_services == 0 && sc->service_step >= 0)
            w->svc_gate[s] = UINT64_C(1) << sc->service_step;
        for (int k = 0; k < sc->n_policy_services; k++) {
            const struct service *v = &p->services[sc->policy_services[k]];
            if (v->need_mask == NULL) {
                w->svc_gate[s] = 0;
                break;
            }
            w->svc_gate[s] |= v->need_mask[s];
        }
        for (int j = 0; j < sc->n_steps; j++) {
            w->n_core[s] += !sc->steps[j].failback;
            if (!sc->steps[j].failback)
                w->core_mask[s] |= UINT64_C(1) << j;
            if (!sc->steps[j].failback && isnan(sc->steps[j].capacity) &&
                j != sc->decision_step && !(sc->page_at_declaration && j == sc->declare_step))
                w->plain_end[s] |= UINT64_C(1) << j;
            if (!sc->steps[j].reverse_sync && !w->any_shift &&
                (sc->restore_region == 0 || draws[j].tp == NULL))
                w->plain_start[s] |= UINT64_C(1) << j;
            w->one_dep[(size_t)s * PLAN_MAX_STEPS + (size_t)j] =
                (signed char)(sc->steps[j].n_after == 0   ? -1
                              : sc->steps[j].n_after == 1 ? sc->steps[j].after[0]
                                                          : -2);
            w->n_after[(size_t)s * PLAN_MAX_STEPS + (size_t)j] =
                (unsigned char)sc->steps[j].n_after;
            if (sc->decision_step >= 0 &&
                (sc->steps[j].after_mask & (UINT64_C(1) << sc->decision_step)))
                w->after_decision[s] |= UINT64_C(1) << j;
            if (sc->steps[j].n_after == 0 && !sc->steps[j].failback)
                w->roots[s] |= UINT64_C(1) << j;
            /* Never a damaged store: its replica carries the damage (the loader refuses
             * such a step). */
            if (sc->steps[j].kind == STEP_PROMOTE && sc->scope == OUTAGE_REGION &&
                sc->steps[j].store >= 0 && !plan_store_damaged(sc, sc->steps[j].store))
                w->promoted[s] |= UINT64_C(1) << sc->steps[j].store;
        }
        for (int k = 0; k < p->n_stores; k++) {
            if (!backup_store_affected(&p->stores[k], sc->scope))
                w->spared[s] |= UINT64_C(1) << k;
            double *fixed = &w->loss_fixed_s[(size_t)s * PLAN_MAX_STORES + (size_t)k];
            if (backup_store_loss_known(&p->stores[k], sc->scope, fixed) ||
                (w->promoted[s] >> k & 1) || p->stores[k].ephemeral)
                w->loss_fixed[s] |= UINT64_C(1) << k;
        }
    }
    for (int k = 0; k < p->n_stores; k++)
        if (p->stores[k].counts_for_rpo)
            w->rpo_stores |= UINT64_C(1) << k;
    for (int r = 0; r < p->n_roles; r++)
        for (int j = 0; j < p->roles[r].count; j++)
            w->person_role[p->roles[r].first_person + j] = r;
    w->people_masked = p->n_people <= 64;
    for (int r = 0; r < p->n_roles && w->people_masked; r++)
        for (int j = 0; j < p->roles[r].count; j++)
            w->role_people[r] |= UINT64_C(1) << (p->roles[r].first_person + j);
    for (int s = 0; s < p->n_scenarios; s++) {
        const struct scenario *sc = &p->scenarios[s];
        w->serial[s] = (unsigned char)trial_serial_eligible(w, s);
        w->res_keeps[s] = w->serial[s] && sc->declare_step < 0 && sc->exposure_step < 0 &&
                          !sc->damage.present;
        w->plain_inputs[s] = !sc->damage.present && sc->primary_return.kind == DIST_FIXED &&
                             !sc->failback.present && !sc->has_go_wait && !w->bs &&
                             sc->restore_region == 0;
    }
    w->res_kept = -1;
    w->sc = -1;
    for (int s = 0; s < PLAN_MAX_STORES; s++)
        w->res.clean_rule[s] = -1;
    w->res.service_rto_s = w->svc_rto;
    w->res.service_rpo_s = w->svc_rpo;
    w->res.service_back_s = w->svc_back;
    return w;
}

/* ---- tracing (only reached when a sink is set) ---------------------------------------- */

/* Send ev (built by the caller with a designated initializer) to the sink, after
 * filling what follows from the worker: the calendar time, rule -1 for every kind but a
 * store's loss (which sets it) and, for a step's start and end, the people working it
 * and (start) the staff wait. */

/* The trace's event ev, with what the trace reads of the worker filled in: its absolute
 * instant, and a step's people (and a start's staff wait) from the step. */
void trial_emit(const struct trial_worker *w, struct trial_event ev)
{
    ev.t_abs_s = ev.kind == TRIAL_EV_ONSET ? w->onset : w->t0 + ev.t_s;
    if (ev.kind != TRIAL_EV_STORE_LOSS)
        ev.rule = -1;   /* only a store's loss names a rule */
    if (ev.step >= 0 && (ev.kind == TRIAL_EV_STEP_START || ev.kind == TRIAL_EV_STEP_END)) {
        const struct trial_step *ts = &w->res.steps[ev.step];
        ev.n_people = ts->n_people;
        memcpy(ev.people, ts->people, sizeof ev.people);
        if (ev.kind == TRIAL_EV_STEP_START)
            ev.wait_s = ts->staff_wait_s;
    }
    w->tr->fn(w->tr->user, &ev);
}
