/* analysis/calibrate.c: fitting measured steps and making the calibrated copy (see
 * calibrate.h). */
#include "analysis/calibrate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/load.h"
#include "models/digest.h"
#include "models/units.h"

/* A store step's time as its store models it: the failover distribution, or the
 * restore model. Returns -1 when out of memory. */
static int store_model(const struct plan *p, const struct step *st, struct calibrate_step *c)
{
    const struct store *so = &p->stores[st->store];
    struct drill_restore_model m;
    if (st->kind == STEP_FAILOVER || st->kind == STEP_PROMOTE) {
        const struct dist *d = st->kind == STEP_FAILOVER ? &so->failover : &so->replica.promote;
        c->model_p50_s = dist_quantile(d, 0.5);
        c->model_p95_s = dist_quantile(d, 0.95);
        return 0;
    }
    if (drill_restore_model_init(&m, so) != 0)
        return -1;
    c->model_p50_s = drill_restore_quantile(&m, 0.5);
    c->model_p95_s = drill_restore_quantile(&m, 0.95);
    drill_restore_model_fini(&m);
    return 0;
}

/* Decide and fit one measured step (see calibrate.h). Returns -1 when out of memory. */
static int calibrate_one(const struct plan *p, size_t min_points, struct calibrate_step *c)
{
    const struct step *st = &p->scenarios[c->scenario].steps[c->step];
    if (st->kind != STEP_TASK && st->kind != STEP_RECREATE) { /* a recreate has its own duration */
        c->outcome = CALIBRATE_STORE_STEP;
        return store_model(p, st, c);
    }
    if (c->n < 2) {
        c->outcome = CALIBRATE_ONE_VALUE;
        return 0;
    }
    if (fit_choose(c->values_s, c->n, min_points, &c->choice) != FIT_OK)
        return -1;
    c->fitted = 1;
    c->chosen = c->choice.chosen;
    c->outcome = fit_dist_yaml(&c->chosen, c->yaml, sizeof c->yaml) ? CALIBRATE_FITTED
                                                                     : CALIBRATE_TOO_LONG;
    return 0;
}

/* Restores measured per store, with the store's model. Returns -1 when out of memory. */
static int gather_restores(const struct plan *p, const struct drill_log *log,
                           struct calibrate_results *r)
{
    r->restores = calloc((size_t)(p->n_stores ? p->n_stores : 1), sizeof *r->restores);
    if (r->restores == NULL)
        return -1;
    for (int s = 0; s < p->n_stores; s++) {
        struct calibrate_restore *cr = &r->restores[r->n_restores];
        struct drill_restore_model m;
        double *v = NULL;
        int n = drill_restore_samples(log, p->stores[s].name, &v);
        if (n < 0)
            return -1;
        if (n == 0)
            continue;
        cr->store = s;
        cr->values_s = v;
        cr->n = n;
        r->n_restores++;
        if (p->stores[s].recovery == STORE_RECOVER_NONE)
            continue;
        if (drill_restore_model_init(&m, &p->stores[s]) != 0)
            return -1;
        cr->has_model = 1;
        cr->model_p50_s = drill_restore_quantile(&m, 0.5);
        cr->model_p95_s = drill_restore_quantile(&m, 0.95);
        drill_restore_model_fini(&m);
    }
    return 0;
}

int calibrate_run(const struct plan *p, const struct drill_log *log, size_t min_points,
                  struct calibrate_results *out)
{
    struct drill_samples *g = NULL;
    int n_g, rc = -1;

    memset(out, 0, sizeof *out);
    out->plan = p;
    out->log = log;
    out->min_points = min_points;
    if (log == NULL) {
        out->steps = calloc(1, sizeof *out->steps);
        out->restores = calloc(1, sizeof *out->restores);
        return out->steps && out->restores ? 0 : -1;
    }
    n_g = drill_step_samples(log, p, &g);
    if (n_g < 0)
        return -1;
    out->steps = calloc((size_t)(n_g ? n_g : 1), sizeof *out->steps);
    if (out->steps == NULL)
        goto out;
    for (int i = 0; i < n_g; i++) {
        struct calibrate_step *c = &out->steps[out->n_steps++];
        c->scenario = g[i].scenario;
        c->step = g[i].step;
        c->values_s = g[i].values_s;   /* taken over */
        c->n = g[i].n;
        g[i].values_s = NULL;
        if (calibrate_one(p, min_points, c) != 0)
            goto out;
        out->n_fitted += c->outcome == CALIBRATE_FITTED;
    }
    rc = gather_restores(p, log, out);
out:
    drill_samples_free(g, n_g);
    return rc;
}

/* Whether plan p writes `response.<period>` for role `role` (as a value or a mapping):
 * a period left out takes the business distribution and is not in the text. */
static int writes_response(const struct plan *p, int role, enum sched_period period)
{
    char path[512];
    int n = snprintf(path, sizeof path, "staffing.roles.%s.response.%s", p->roles[role].name,
                     sched_period_name(period));
    if (n < 0 || (size_t)n >= sizeof path)
        return 0;
    for (int i = 0; i < p->n_inputs; i++) {
        const char *q = p->inputs[i].path;
        if (strncmp(q, path, (size_t)n) == 0 && (q[n] == '\0' || q[n] == '.'))
            return 1;
    }
    return 0;
}

int calibrate_add_pages(struct calibrate_results *r, const struct pages_log *pages)
{
    const struct plan *p = r->plan;
    size_t cap = (size_t)p->n_roles * SCHED_N_PERIODS;

    r->pages = pages;
    r->responses = calloc(cap ? cap : 1, sizeof *r->responses);
    if (r->responses == NULL)
        return -1;
    for (int role = 0; role < p->n_roles; role++) {
        for (int k = 0; k < SCHED_N_PERIODS; k++) {
            struct calibrate_response *c = &r->responses[r->n_responses];
            double *v;
            int n = pages_response_samples(pages, role, (enum sched_period)k, &v);
            if (n < 0)
                return -1;
            if (n == 0) {
                free(v);
                continue;
            }
            r->n_responses++;
            c->role = role;
            c->period = (enum sched_period)k;
            c->values_s = v;
            c->n = (size_t)n;
            if (c->n < 2) {
                c->outcome = CALIBRATE_ONE_VALUE;
                continue;
            }
            c->fitted = 1; /* fit_choice_fini is due even after a failure */
            if (fit_choose(c->values_s, c->n, r->min_points, &c->choice) != FIT_OK)
                return -1;
            c->chosen = c->choice.chosen;
            if (!writes_response(p, role, c->period))
                c->outcome = CALIBRATE_NOT_WRITTEN;
            else if (fit_dist_yaml(&c->chosen, c->yaml, sizeof c->yaml))
                c->outcome = CALIBRATE_FITTED;
            else
                c->outcome = CALIBRATE_TOO_LONG;
            r->n_responses_fitted += c->outcome == CALIBRATE_FITTED;
        }
    }
    return 0;
}

void calibrate_results_fini(struct calibrate_results *r)
{
    for (int i = 0; i < r->n_responses; i++) {
        free(r->responses[i].values_s);
        if (r->responses[i].fitted)
            fit_choice_fini(&r->responses[i].choice);
    }
    free(r->responses);
    for (int i = 0; i < r->n_steps; i++) {
        free(r->steps[i].values_s);
        if (r->steps[i].fitted)
            fit_choice_fini(&r->steps[i].choice);
    }
    for (int i = 0; i < r->n_restores; i++)
        free(r->restores[i].values_s);
    free(r->steps);
    free(r->restores);
    memset(r, 0, sizeof *r);
}

/* ---- the calibrated copy ------------------------------------------------------------------ */

/* Whether two quantiles agree to what plan text can hold (whole seconds, 5 digits). */
static int close_enough(double a, double b)
{
    return fabs(a - b) <= 1.0 + 2e-3 * fabs(b);
}

/* Write the names of the calibrated values as a wrapped comment list: "#   a/b, c/d". */
struct name_list {
    FILE *f;
    int col, k, total;
};

static void list_name(struct name_list *l, const char *a, const char *b)
{
    int w = (int)(strlen(a) + strlen(b)) + 3;
    if (l->col + w > 88) {
        fputs("\n#  ", l->f);
        l->col = 3;
    }
    l->k++;
    fprintf(l->f, " %s/%s%s", a, b, l->k < l->total ? "," : "");
    l->col += w;
}

static void list_steps(FILE *f, const struct calibrate_results *r)
{
    struct name_list l = {f, 3, 0, r->n_fitted};
    fputs("#  ", f);
    for (int i = 0; i < r->n_steps; i++) {
        const struct calibrate_step *c = &r->steps[i];
        const struct scenario *sc = &r->plan->scenarios[c->scenario];
        if (c->outcome == CALIBRATE_FITTED)
            list_name(&l, sc->name, sc->steps[c->step].name);
    }
}

static void list_responses(FILE *f, const struct calibrate_results *r)
{
    struct name_list l = {f, 3, 0, r->n_responses_fitted};
    fputs("#  ", f);
    for (int i = 0; i < r->n_responses; i++) {
        const struct calibrate_response *c = &r->responses[i];
        if (c->outcome == CALIBRATE_FITTED)
            list_name(&l, r->plan->roles[c->role].name, sched_period_name(c->period));
    }
}

/* The header comment of a calibrated copy followed by body. NULL when out of memory.
 * From a drill log alone the header reads as it always has. */
static char *with_header(const struct calibrate_results *r, const struct calibrate_source *src,
                         const char *body, size_t body_len, size_t *out_len)
{
    char *buf = NULL, d[16], hex[65];
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int steps = r->n_fitted > 0, responses = r->n_responses_fitted > 0;
    if (f == NULL)
        return NULL;
    fprintf(f, "# Calibrated by drsim calibrate (drsim %s) on %s\n", src->version,
            units_format_date(src->today, d, sizeof d));
    if (r->log) {
        digest_hex(r->log->sha256, hex);
        fprintf(f, "# from the drill log %s\n# (SHA-256 %s)%s\n", src->drills_name, hex,
                r->pages ? "" : ".");
    }
    if (r->pages) {
        digest_hex(r->pages->sha256, hex);
        fprintf(f, "# %s the page export %s\n# (SHA-256 %s).\n", r->log ? "and" : "from",
                src->pages_name, hex);
    }
    if (steps && !responses) {
        fprintf(f, "# The duration of these steps was fitted to what the drills measured;\n"
                   "# everything else is as in %s:\n",
                src->plan_name);
        list_steps(f, r);
    } else if (responses && !steps) {
        fprintf(f, "# The response times of these roles and periods were fitted to the pages;\n"
                   "# everything else is as in %s:\n",
                src->plan_name);
        list_responses(f, r);
    } else {
        fprintf(f, "# The duration of these steps was fitted to what the drills measured:\n");
        list_steps(f, r);
        fprintf(f, "\n# the response times of these roles and periods to the pages:\n");
        list_responses(f, r);
        fprintf(f, "\n# everything else is as in %s.", src->plan_name);
    }
    fputs("\n\n", f);
    fwrite(body, 1, body_len, f);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    *out_len = len;
    return buf;
}

/* Load the full copy and check every fitted step holds its distribution. */
static enum calibrate_status verify(const struct calibrate_results *r, const char *name,
                                    struct calibrate_copy *out)
{
    struct diag_list d;
    struct plan *q = NULL;
    enum load_status ls;
    enum calibrate_status st = CALIBRATE_OK;

    diag_init(&d, name, out->text, out->len);
    ls = load_plan_text(name, out->text, out->len, &d, &q);
    diag_fini(&d);
    if (ls == LOAD_NOMEM)
        return CALIBRATE_NOMEM;
    if (ls != LOAD_OK) {
        snprintf(out->msg, sizeof out->msg, "the calibrated plan does not load with its header");
        return CALIBRATE_BUG;
    }
    for (int i = 0; i < r->n_steps && st == CALIBRATE_OK; i++) {
        const struct calibrate_step *c = &r->steps[i];
        const struct scenario *sc = &r->plan->scenarios[c->scenario];
        const char *step = sc->steps[c->step].name;
        if (c->outcome != CALIBRATE_FITTED)
            continue;
        int si = plan_find_scenario(q, sc->name);
        int k = si >= 0 ? scenario_find_step(&q->scenarios[si], step) : -1;
        const struct dist *got = k >= 0 ? &q->scenarios[si].steps[k].duration : NULL;
        if (got == NULL || got->kind != c->chosen.kind ||
            !close_enough(dist_quantile(got, 0.5), dist_quantile(&c->chosen, 0.5)) ||
            !close_enough(dist_quantile(got, 0.95), dist_quantile(&c->chosen, 0.95))) {
            snprintf(out->msg, sizeof out->msg,
                     "the calibrated plan does not hold the fitted duration of %s / %s",
                     sc->name, step);
            st = CALIBRATE_BUG;
        }
    }
    for (int i = 0; i < r->n_responses && st == CALIBRATE_OK; i++) {
        const struct calibrate_response *c = &r->responses[i];
        const char *role = r->plan->roles[c->role].name;
        int k = plan_find_role(q, role);
        const struct dist *got = k >= 0 ? &q->roles[k].response[c->period] : NULL;
        if (c->outcome != CALIBRATE_FITTED)
            continue;
        if (got == NULL || got->kind != c->chosen.kind ||
            !close_enough(dist_quantile(got, 0.5), dist_quantile(&c->chosen, 0.5)) ||
            !close_enough(dist_quantile(got, 0.95), dist_quantile(&c->chosen, 0.95))) {
            snprintf(out->msg, sizeof out->msg,
                     "the calibrated plan does not hold the fitted %s response of %s",
                     sched_period_name(c->period), role);
            st = CALIBRATE_BUG;
        }
    }
    plan_free(q);
    return st;
}

enum calibrate_status calibrate_plan(const struct calibrate_results *r, const char *text,
                                     size_t len, const struct calibrate_source *src,
                                     struct calibrate_copy *out)
{
    struct vary_change *ch;
    const char *(*keys)[6];
    enum vary_status vs;
    int n = 0, total = r->n_fitted + r->n_responses_fitted;

    memset(out, 0, sizeof *out);
    if (total == 0)
        return CALIBRATE_NOTHING;
    ch = calloc((size_t)total, sizeof *ch);
    keys = calloc((size_t)total, sizeof *keys);
    if (ch == NULL || keys == NULL) {
        free(ch);
        free(keys);
        return CALIBRATE_NOMEM;
    }
    for (int i = 0; i < r->n_steps; i++) {
        const struct calibrate_step *c = &r->steps[i];
        const struct scenario *sc = &r->plan->scenarios[c->scenario];
        if (c->outcome != CALIBRATE_FITTED)
            continue;
        keys[n][0] = "scenarios";
        keys[n][1] = sc->name;
        keys[n][2] = "runbook";
        keys[n][3] = sc->steps[c->step].name;
        keys[n][4] = "duration";
        keys[n][5] = NULL;
        ch[n] = (struct vary_change){.how = VARY_REPLACE, .path = sc->steps[c->step].name,
                                     .keys = keys[n], .text = c->yaml, .tag = i};
        n++;
    }
    for (int i = 0; i < r->n_responses; i++) {
        const struct calibrate_response *c = &r->responses[i];
        const char *role = r->plan->roles[c->role].name;
        if (c->outcome != CALIBRATE_FITTED)
            continue;
        keys[n][0] = "staffing";
        keys[n][1] = "roles";
        keys[n][2] = role;
        keys[n][3] = "response";
        keys[n][4] = sched_period_name(c->period);
        keys[n][5] = NULL;
        ch[n] = (struct vary_change){.how = VARY_REPLACE, .path = role, .keys = keys[n],
                                     .text = c->yaml, .tag = r->n_steps + i};
        n++;
    }
    vs = vary_plan(r->plan, src->plan_name, text, len, ch, n, &out->vr);
    free(ch);
    free(keys);
    if (vs == VARY_NOMEM)
        return CALIBRATE_NOMEM;
    /* The loader's editor refuses anchored and multi-line values with a position; a
     * fitted value the loader refuses would be a bug of the writer. */
    if (vs == VARY_BAD && out->vr.has_diags)
        return CALIBRATE_REFUSED;
    if (vs != VARY_OK) {
        snprintf(out->msg, sizeof out->msg, "the calibrated plan does not load");
        return CALIBRATE_BUG;
    }
    out->text = with_header(r, src, out->vr.text, out->vr.len, &out->len);
    if (out->text == NULL)
        return CALIBRATE_NOMEM;
    return verify(r, src->plan_name, out);
}

void calibrate_copy_fini(struct calibrate_copy *c)
{
    free(c->text);
    vary_result_fini(&c->vr);
    memset(c, 0, sizeof *c);
}
