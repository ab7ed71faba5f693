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
    if (st->kind == STEP_FAILOVER) {
        c->model_p50_s = dist_quantile(&so->failover, 0.5);
        c->model_p95_s = dist_quantile(&so->failover, 0.95);
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
    if (st->kind != STEP_TASK) {
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

void calibrate_results_fini(struct calibrate_results *r)
{
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

/* The header comment of a calibrated copy followed by body. NULL when out of memory. */
static char *with_header(const struct calibrate_results *r, const struct calibrate_source *src,
                         const char *body, size_t body_len, size_t *out_len)
{
    char *buf = NULL, d[16], hex[65];
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int col = 3, k = 0;
    if (f == NULL)
        return NULL;
    digest_hex(r->log->sha256, hex);
    fprintf(f, "# Calibrated by drsim calibrate (drsim %s) on %s\n"
               "# from the drill log %s\n"
               "# (SHA-256 %s).\n"
               "# The duration of these steps was fitted to what the drills measured;\n"
               "# everything else is as in %s:\n#  ",
            src->version, units_format_date(src->today, d, sizeof d), src->drills_name, hex,
            src->plan_name);
    for (int i = 0; i < r->n_steps; i++) {
        const struct calibrate_step *c = &r->steps[i];
        const struct scenario *sc = &r->plan->scenarios[c->scenario];
        if (c->outcome != CALIBRATE_FITTED)
            continue;
        int w = (int)(strlen(sc->name) + strlen(sc->steps[c->step].name)) + 3;
        if (col + w > 88) {
            fputs("\n#  ", f);
            col = 3;
        }
        k++;
        fprintf(f, " %s/%s%s", sc->name, sc->steps[c->step].name, k < r->n_fitted ? "," : "");
        col += w;
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
    int n = 0;

    memset(out, 0, sizeof *out);
    if (r->n_fitted == 0)
        return CALIBRATE_NOTHING;
    ch = calloc((size_t)r->n_fitted, sizeof *ch);
    keys = calloc((size_t)r->n_fitted, sizeof *keys);
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
