/* analysis/levers.c: the search for the cheapest combination of levers (see levers.h).
 *
 * The work is in four steps: read each lever as a sweep axis (models/vary.h: the same
 * parser as `--vary`, so a lever means exactly what the sweep would), load the plan with
 * each single option to catch values the loader refuses in place, price every
 * combination and sort them, then simulate them cheapest first until every goal has its
 * answer or the bound is reached. Simulation goes through the sweep's sweep_simulate
 * (analysis/sweep_int.h), so progress, statuses and common random numbers are the
 * sweep's.
 */
#include "analysis/levers.h"
#include "analysis/sweep_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "models/cost.h"
#include "models/vary.h"

#define ARG_MAX 8192

const char *levers_strerror(enum levers_status s)
{
    switch (s) {
    case LEVERS_OK:
        return "success";
    case LEVERS_INVALID:
        return "a lever cannot be searched";
    case LEVERS_NOMEM:
        return "out of memory";
    case LEVERS_THREAD:
        return "could not create a thread";
    case LEVERS_CANCELLED:
        return "cancelled";
    }
    return "unknown status";
}

static enum levers_status from_sweep(enum sweep_status s)
{
    switch (s) {
    case SWEEP_OK:
        return LEVERS_OK;
    case SWEEP_NOMEM:
        return LEVERS_NOMEM;
    case SWEEP_THREAD:
        return LEVERS_THREAD;
    case SWEEP_CANCELLED:
        return LEVERS_CANCELLED;
    case SWEEP_INVALID:
    case SWEEP_TOO_MANY:
        break;
    }
    return LEVERS_INVALID;
}

void levers_results_free(struct levers_results *r)
{
    if (r == NULL)
        return;
    for (int c = 0; r->combos && c < r->n_combos; c++)
        free(r->combos[c].option);
    free(r->combos);
    for (int l = 0; l < r->n_levers; l++) {
        if (r->cand)
            free(r->cand[l]);
        if (r->plan_value)
            free(r->plan_value[l]);
    }
    free(r->cand);
    free(r->plan_value);
    free(r->n_options);
    free(r->goals);
    free(r);
}

const struct plan_lever_candidate *levers_candidate_of(const struct levers_results *r, int l,
                                                       int k)
{
    if (k <= 0 || k >= r->n_options[l])
        return NULL;
    return &r->plan->levers[l].candidates[r->cand[l][k]];
}

const char *levers_value_of(const struct levers_results *r, int l, int k)
{
    const struct plan_lever_candidate *c = levers_candidate_of(r, l, k);
    return c ? c->value : r->plan_value[l];
}

char *levers_combo_text(const struct levers_results *r, int c, char *buf, size_t n)
{
    size_t at = 0;
    if (n == 0)
        return buf;
    buf[0] = '\0';
    for (int l = 0; l < r->n_levers; l++) {
        int k = r->combos[c].option[l];
        if (k == 0 || at >= n)
            continue;
        int w = snprintf(buf + at, n - at, "%s%s = %s", at ? ", " : "", r->plan->levers[l].name,
                         levers_value_of(r, l, k));
        if (w < 0)
            break;
        at += (size_t)w;
    }
    if (buf[0] == '\0')
        snprintf(buf, n, "no change");
    return buf;
}

const struct levers_goal *levers_goal_of(const struct levers_results *r, int s,
                                         enum sweep_objective o)
{
    for (int g = 0; r && g < r->n_goals; g++)
        if (r->goals[g].scenario == s && (s < 0 || r->goals[g].objective == o))
            return &r->goals[g];
    return NULL;
}

/* ---- setup ---------------------------------------------------------------------------- */

struct search {
    const struct plan *p;
    const char *name, *text;
    size_t len;
    struct vary_axis *axes;     /* [n_levers] */
    struct levers_results *r;
    char *msg;
    size_t msg_n;
};

/* The plan with combination option[] (NULL: option k of lever l alone) into *out. On a
 * plan the loader refuses, msg says why, positioned at the first changed candidate. */
static enum levers_status load_combo(struct search *S, const int *option, int l1, int k1,
                                     struct plan **out)
{
    const struct levers_results *r = S->r;
    struct vary_change *ch;
    struct vary_result vr;
    int n = 0, cap = 0, first = -1;
    enum levers_status st = LEVERS_OK;

    *out = NULL;
    for (int l = 0; l < r->n_levers; l++)
        cap += S->axes[l].n_paths;
    if ((ch = calloc((size_t)(cap ? cap : 1), sizeof *ch)) == NULL)
        return LEVERS_NOMEM;
    for (int l = 0; l < r->n_levers; l++) {
        int k = option ? option[l] : (l == l1 ? k1 : 0);
        if (k == 0)
            continue;
        if (first < 0)
            first = l;
        for (int i = 0; i < S->axes[l].n_paths; i++)
            ch[n++] = (struct vary_change){.how = VARY_SET, .path = S->axes[l].paths[i],
                                           .text = S->axes[l].values[r->cand[l][k]], .tag = l};
    }
    enum vary_status vs = vary_plan(S->p, S->name, S->text, S->len, ch, n, &vr);
    free(ch);
    if (vs == VARY_OK) {
        *out = vr.plan;
        vr.plan = NULL;
    } else if (vs == VARY_NOMEM) {
        st = LEVERS_NOMEM;
    } else {
        const struct plan_lever *lv = &S->p->levers[first < 0 ? 0 : first];
        int k = first < 0 ? 0 : (option ? option[first] : k1);
        const struct plan_lever_candidate *c = k > 0 ? &lv->candidates[r->cand[first][k]] : NULL;
        const char *why = vs == VARY_BAD ? vr.err.msg
                          : (vr.has_diags && vr.diags.n > 0) ? vr.diags.items[0].msg
                                                             : "the loader refused it";
        snprintf(S->msg, S->msg_n, "%s:%d:%d: lever '%s': the plan does not load with %s = %s%s: %s",
                 S->name, c ? c->pos.line : lv->pos.line, c ? c->pos.col : lv->pos.col,
                 lv->name, lv->path, c ? c->value : "?", option ? " (with the other levers "
                 "of the combination)" : "", why);
        st = LEVERS_INVALID;
    }
    vary_result_fini(&vr);
    return st;
}

/* Read the levers as axes and number their options. */
static enum levers_status setup(struct search *S)
{
    struct levers_results *r = S->r;
    const struct plan *p = S->p;
    char *arg = malloc(ARG_MAX);
    enum levers_status st = LEVERS_NOMEM;
    if (arg == NULL)
        return LEVERS_NOMEM;
    r->n_options = calloc((size_t)p->n_levers, sizeof *r->n_options);
    r->cand = calloc((size_t)p->n_levers, sizeof *r->cand);
    r->plan_value = calloc((size_t)p->n_levers, sizeof *r->plan_value);
    if (!r->n_options || !r->cand || !r->plan_value)
        goto out;
    r->n_levers = p->n_levers;
    for (int l = 0; l < p->n_levers; l++) {
        const struct plan_lever *lv = &p->levers[l];
        struct vary_error e;
        if (plan_lever_arg(lv, arg, ARG_MAX, NULL) < 0) {
            snprintf(S->msg, S->msg_n, "%s:%d:%d: lever '%s': its candidates are too long",
                     S->name, lv->pos.line, lv->pos.col, lv->name);
            st = LEVERS_INVALID;
            goto out;
        }
        enum vary_status vs = vary_axis_parse(&S->axes[l], p, S->text, S->len, arg, &e);
        if (vs == VARY_NOMEM)
            goto out;
        if (vs != VARY_OK) {
            /* The loader checked it (models/load_levers.c); a plan built another way. */
            snprintf(S->msg, S->msg_n, "%s:%d:%d: lever '%s': %s", S->name, lv->pos.line,
                     lv->pos.col, lv->name, e.msg);
            st = LEVERS_INVALID;
            goto out;
        }
        for (int m = 0; m < l; m++) {
            if (vary_axes_overlap(&S->axes[m], &S->axes[l], &e)) {
                snprintf(S->msg, S->msg_n, "%s:%d:%d: lever '%s' changes the value lever '%s' "
                         "changes (%s): one lever per value", S->name, lv->pos.line,
                         lv->pos.col, lv->name, p->levers[m].name, S->axes[l].paths[0]);
                st = LEVERS_INVALID;
                goto out;
            }
        }
        if ((r->plan_value[l] = strdup(S->axes[l].plan_value)) == NULL ||
            (r->cand[l] = calloc((size_t)lv->n_candidates + 1, sizeof **r->cand)) == NULL)
            goto out;
        r->cand[l][0] = -1;
        r->n_options[l] = 1;
        if (S->axes[l].plan_index >= 0 && S->axes[l].plan_index < lv->n_candidates) {
            const struct plan_lever_candidate *c = &lv->candidates[S->axes[l].plan_index];
            if (c->one_off_usd != 0 || c->per_year_usd != 0) {
                snprintf(S->msg, S->msg_n, "%s:%d:%d: lever '%s': '%s' is the plan's own value "
                         "(%s), which costs nothing beyond the plan as written; price only "
                         "the changes", S->name, c->pos.line, c->pos.col, lv->name, c->value,
                         S->axes[l].paths[0]);
                st = LEVERS_INVALID;
                goto out;
            }
        }
        for (int i = 0; i < lv->n_candidates; i++)
            if (i != S->axes[l].plan_index)
                r->cand[l][r->n_options[l]++] = i;
    }
    st = LEVERS_OK;
out:
    free(arg);
    return st;
}

/* ---- pricing ---------------------------------------------------------------------------- */

static int cmp_combo(const void *a, const void *b)
{
    const struct levers_combo *x = a, *y = b;
    if (x->annual_usd != y->annual_usd)
        return x->annual_usd < y->annual_usd ? -1 : 1;
    if (x->n_changed != y->n_changed)
        return x->n_changed < y->n_changed ? -1 : 1;
    for (int l = 0; x->option && y->option; l++) /* enumeration order: stable */
        if (x->option[l] != y->option[l])
            return x->option[l] < y->option[l] ? -1 : 1;
    return 0;
}

/* Every combination with its cost, sorted (struct levers_combo). */
static enum levers_status price(struct search *S)
{
    struct levers_results *r = S->r;
    const struct plan *p = S->p;
    long total = 1;
    struct cost_month base;
    for (int l = 0; l < r->n_levers; l++) {
        total *= r->n_options[l];
        if (total > LEVERS_MAX_COMBOS) {
            snprintf(S->msg, S->msg_n, "%s: the levers make more than %d combinations; "
                     "list fewer candidates", S->name, LEVERS_MAX_COMBOS);
            return LEVERS_INVALID;
        }
    }
    r->has_model = cost_monthly(p, &p->costs, &base);
    r->combos = calloc((size_t)total, sizeof *r->combos);
    if (r->combos == NULL)
        return LEVERS_NOMEM;
    for (long c = 0; c < total; c++) {
        struct levers_combo *cb = &r->combos[c];
        long i = c;
        r->n_combos++;
        if ((cb->option = calloc((size_t)r->n_levers, sizeof *cb->option)) == NULL)
            return LEVERS_NOMEM;
        /* Lever 0 outermost, as a sweep's grid. */
        for (int l = r->n_levers - 1; l >= 0; l--) {
            cb->option[l] = (int)(i % r->n_options[l]);
            i /= r->n_options[l];
        }
        for (int l = 0; l < r->n_levers; l++) {
            const struct plan_lever_candidate *cd = levers_candidate_of(r, l, cb->option[l]);
            if (cd == NULL)
                continue;
            cb->n_changed++;
            cb->one_off_usd += cd->one_off_usd;
            cb->per_year_usd += cd->per_year_usd;
        }
        if (r->has_model && cb->n_changed > 0) {
            struct plan *q = NULL;
            struct cost_month cm;
            enum levers_status st = load_combo(S, cb->option, -1, 0, &q);
            if (st != LEVERS_OK)
                return st;
            cost_monthly(q, &q->costs, &cm);
            cb->model_year_usd = 12.0 * (cm.total_usd - base.total_usd);
            plan_free(q);
        }
        cb->annual_usd = cb->per_year_usd + cb->one_off_usd / LEVERS_AMORTIZE_YEARS +
                         cb->model_year_usd;
    }
    qsort(r->combos, (size_t)r->n_combos, sizeof *r->combos, cmp_combo);
    return LEVERS_OK;
}

/* ---- the search ------------------------------------------------------------------------- */

/* Whether summary sums (one per scenario) reaches goal g: "meets" when strict, else an
 * estimate at or above the required confidence (meets or at risk: worth confirming). */
static int reaches(const struct levers_goal *g, const struct sweep_summary *sums, int n_sc,
                   int strict)
{
    for (int s = 0; s < n_sc; s++) {
        for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
            if (g->scenario >= 0 && (g->scenario != s || (int)g->objective != o))
                continue;
            const struct mc_objective *ob = sweep_objective_of(&sums[s], (enum sweep_objective)o);
            if (!ob->has_target)
                continue;
            if (ob->verdict == MC_VERDICT_BREACH ||
                (strict && ob->verdict != MC_VERDICT_MEETS))
                return 0;
        }
    }
    return 1;
}

/* What a goal records of a meeting combination: its objective, or for the policy the
 * objective with the lowest P(meet). */
static struct mc_objective goal_objective(const struct levers_goal *g,
                                          const struct sweep_summary *sums, int n_sc)
{
    struct mc_objective best = {0};
    int have = 0;
    for (int s = 0; s < n_sc; s++) {
        for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
            const struct mc_objective *ob = sweep_objective_of(&sums[s], (enum sweep_objective)o);
            if (g->scenario >= 0 && (g->scenario != s || (int)g->objective != o))
                continue;
            if (!ob->has_target)
                continue;
            if (!have || ob->p_met < best.p_met)
                best = *ob;
            have = 1;
        }
    }
    return best;
}

static enum levers_status simulate(struct search *S, const struct plan *q, uint64_t n_trials,
                                   int threads, struct sweep_progress *sp,
                                   struct sweep_summary *sums)
{
    struct mc_results *res = NULL;
    enum sweep_status ss = sweep_simulate(q, n_trials, S->r->seed, threads, sp, &res);
    if (ss != SWEEP_OK)
        return from_sweep(ss);
    sweep_summarize(res, sums);
    mc_results_free(res);
    return LEVERS_OK;
}

static enum levers_status search(struct search *S, const struct mc_results *run,
                                 const struct levers_options *o)
{
    struct levers_results *r = S->r;
    int n_sc = run->n_scenarios, open = 0;
    struct sweep_summary *screen = calloc((size_t)n_sc, sizeof *screen);
    struct sweep_summary *full = calloc((size_t)n_sc, sizeof *full);
    struct sweep_progress sp = {o->progress, o->progress_user, 0, 0};
    enum levers_status st = LEVERS_NOMEM;

    r->goals = calloc((size_t)(2 * n_sc + 1), sizeof *r->goals);
    if (!screen || !full || !r->goals)
        goto out;
    for (int s = 0; s < n_sc; s++) {
        for (int ob = SWEEP_RTO; ob <= SWEEP_RPO; ob++) {
            const struct mc_objective *m = ob == SWEEP_RTO ? &run->scenarios[s].rto_obj
                                                           : &run->scenarios[s].rpo_obj;
            if (!m->has_target || m->verdict == MC_VERDICT_MEETS)
                continue;
            r->goals[r->n_goals++] = (struct levers_goal){s, (enum sweep_objective)ob, *m, -1,
                                                          {0}, 0};
        }
    }
    if (r->n_goals == 0) {
        st = LEVERS_OK;
        goto out;
    }
    r->goals[r->n_goals++] = (struct levers_goal){-1, SWEEP_RTO, {0}, -1, {0}, 0};
    open = r->n_goals;
    {
        long evals = r->n_combos < r->max_evals ? r->n_combos : r->max_evals;
        sp.total = (uint64_t)evals * r->n_trials * (uint64_t)n_sc;
    }
    for (int c = 0; c < r->n_combos && open > 0; c++) {
        struct levers_combo *cb = &r->combos[c];
        struct plan *q = NULL;
        int maybe = 0;
        if (cb->n_changed == 0)
            continue; /* the plan as written: the run itself, which meets no goal */
        if (r->n_evaluated >= r->max_evals) {
            r->bound_hit = 1;
            break;
        }
        if ((st = load_combo(S, cb->option, -1, 0, &q)) != LEVERS_OK)
            goto out;
        st = simulate(S, q, r->n_trials, o->threads, &sp, screen);
        cb->evaluated = 1;
        r->n_evaluated++;
        for (int g = 0; st == LEVERS_OK && g < r->n_goals; g++)
            maybe |= r->goals[g].combo < 0 && reaches(&r->goals[g], screen, n_sc, 0);
        if (st == LEVERS_OK && maybe) {
            if (r->confirm_trials == r->n_trials) {
                memcpy(full, screen, (size_t)n_sc * sizeof *full);
            } else {
                struct sweep_progress quiet = {NULL, NULL, 0, 0};
                st = simulate(S, q, r->confirm_trials, o->threads, &quiet, full);
            }
            for (int g = 0; st == LEVERS_OK && g < r->n_goals; g++) {
                struct levers_goal *gl = &r->goals[g];
                if (gl->combo >= 0 || !reaches(gl, screen, n_sc, 0))
                    continue;
                if (reaches(gl, full, n_sc, 1)) {
                    gl->combo = c;
                    gl->met = goal_objective(gl, full, n_sc);
                    open--;
                } else {
                    gl->n_rejected++;
                }
            }
        }
        plan_free(q);
        if (st != LEVERS_OK)
            goto out;
    }
    st = LEVERS_OK;
out:
    free(screen);
    free(full);
    return st;
}

enum levers_status levers_search(const struct mc_results *run, const char *name, const char *text,
                                 size_t len, const struct levers_options *o,
                                 struct levers_results **out, char *msg, size_t n)
{
    const struct plan *p = run->plan;
    struct search S = {p, name, text, len, NULL, NULL, msg, n};
    struct timespec t0, t1;
    enum levers_status st = LEVERS_NOMEM;

    *out = NULL;
    if (n > 0)
        msg[0] = '\0';
    if (p->n_levers == 0)
        return LEVERS_OK;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    S.axes = calloc((size_t)p->n_levers, sizeof *S.axes);
    S.r = calloc(1, sizeof *S.r);
    if (S.axes == NULL || S.r == NULL)
        goto out;
    S.r->plan = p;
    S.r->seed = run->seed;
    S.r->confirm_trials = o->confirm_trials;
    S.r->n_trials = o->n_trials ? o->n_trials : LEVERS_DEFAULT_TRIALS;
    if (S.r->n_trials > o->confirm_trials)
        S.r->n_trials = o->confirm_trials;
    S.r->max_evals = o->max_evals > 0 ? o->max_evals : LEVERS_DEFAULT_MAX_EVALS;
    if ((st = setup(&S)) != LEVERS_OK)
        goto out;
    /* Each option alone first: a value the loader refuses is that lever's fault. */
    for (int l = 0; l < p->n_levers; l++) {
        for (int k = 1; k < S.r->n_options[l]; k++) {
            struct plan *q = NULL;
            if ((st = load_combo(&S, NULL, l, k, &q)) != LEVERS_OK)
                goto out;
            plan_free(q);
        }
    }
    if ((st = price(&S)) != LEVERS_OK)
        goto out;
    if ((st = search(&S, run, o)) != LEVERS_OK)
        goto out;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    S.r->elapsed_s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    *out = S.r;
    S.r = NULL;
out:
    for (int l = 0; S.axes && l < p->n_levers; l++)
        vary_axis_fini(&S.axes[l]);
    free(S.axes);
    levers_results_free(S.r);
    return st;
}
