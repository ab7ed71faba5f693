/* reports/assume_rank.c: the ASSUMPTIONs that most move a verdict, from a sensitivity
 * analysis read back (reports/assume_rank.h).
 */
#include "reports/assume_rank.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "models/units.h"
#include "reports/prior.h"

#define ASSUME_MAX_BYTES (1024u << 20) /* sensitivity.json of a large plan is tens of MB */

void assume_free(struct assume_rank *a)
{
    if (!a)
        return;
    for (int i = 0; i < a->n_items; i++) {
        for (int k = 0; k < a->items[i].n_moves; k++)
            free(a->items[i].moves[k].scenario);
        free(a->items[i].moves);
        free(a->items[i].path);
    }
    free(a->items);
    free(a->source);
    free(a);
}

/* The least established provenance of p's inputs at or below key path `path`. */
static enum plan_provenance provenance_of(const struct plan *p, const char *path)
{
    enum plan_provenance v = PROV_FACT;
    size_t n = strlen(path);
    for (int i = 0; i < p->n_inputs; i++) {
        const char *q = p->inputs[i].path;
        if (strncmp(q, path, n) == 0 && (q[n] == '\0' || q[n] == '.' || q[n] == '[') &&
            p->inputs[i].provenance > v)
            v = p->inputs[i].provenance;
    }
    return v;
}

static enum mc_verdict verdict_of(const char *s)
{
    for (int v = MC_VERDICT_MEETS; v <= MC_VERDICT_BREACH; v++)
        if (s && strcmp(s, mc_verdict_name((enum mc_verdict)v)) == 0)
            return (enum mc_verdict)v;
    return MC_VERDICT_NONE;
}

static double num_or(const struct jsonio_value *v, double dflt)
{
    double x;
    return jsonio_get_number(v, &x) == 0 ? x : dflt;
}

/* The scenario called name in an array of summaries. */
static const struct jsonio_value *scenario_in(const struct jsonio_value *arr, const char *name)
{
    for (size_t i = 0; i < jsonio_length(arr); i++) {
        const char *s = jsonio_get_string(jsonio_member(jsonio_at(arr, i), "name"));
        if (s && strcmp(s, name) == 0)
            return jsonio_at(arr, i);
    }
    return NULL;
}

/* The objectives input `in` moves, against the plan as written `base`. */
static int item_moves(struct assume_item *x, const struct jsonio_value *in,
                      const struct jsonio_value *base)
{
    const struct jsonio_value *lo = jsonio_member(in, "low"), *hi = jsonio_member(in, "high");
    for (size_t s = 0; s < jsonio_length(base); s++) {
        const struct jsonio_value *b = jsonio_at(base, s);
        const char *name = jsonio_get_string(jsonio_member(b, "name"));
        if (!name)
            continue;
        for (int o = 0; o < 2; o++) {
            const struct jsonio_value *ob = jsonio_member(b, prior_objective_key[o]);
            const struct jsonio_value *ol = jsonio_member(scenario_in(lo, name), prior_objective_key[o]);
            const struct jsonio_value *oh = jsonio_member(scenario_in(hi, name), prior_objective_key[o]);
            if (jsonio_type(ob) != JSONIO_OBJECT || jsonio_type(ol) != JSONIO_OBJECT ||
                jsonio_type(oh) != JSONIO_OBJECT)
                continue;
            struct assume_move m = {
                NULL, o, num_or(jsonio_member(ol, "p_met"), NAN),
                num_or(jsonio_member(ob, "p_met"), NAN), num_or(jsonio_member(oh, "p_met"), NAN),
                verdict_of(jsonio_get_string(jsonio_member(ol, "verdict"))),
                verdict_of(jsonio_get_string(jsonio_member(ob, "verdict"))),
                verdict_of(jsonio_get_string(jsonio_member(oh, "verdict")))};
            int moves_verdict = m.v_lo != m.v_base || m.v_hi != m.v_base;
            double d = fabs(m.p_hi - m.p_lo);
            if (!moves_verdict && !(d >= 0.001))
                continue;
            if (d > x->swing_p)
                x->swing_p = d;
            x->n_verdict_moves += moves_verdict;
            struct assume_move *mv = realloc(x->moves, (size_t)(x->n_moves + 1) * sizeof *mv);
            if (!mv || !(m.scenario = strdup(name))) {
                if (mv)
                    x->moves = mv;
                return -1;
            }
            x->moves = mv;
            mv[x->n_moves++] = m;
        }
    }
    return 0;
}

static int cmp_item(const void *pa, const void *pb)
{
    const struct assume_item *a = pa, *b = pb;
    if (a->n_verdict_moves != b->n_verdict_moves)
        return a->n_verdict_moves > b->n_verdict_moves ? -1 : 1;
    if (a->swing_p != b->swing_p)
        return a->swing_p > b->swing_p ? -1 : 1;
    return (a->sens_rank > b->sens_rank) - (a->sens_rank < b->sens_rank);
}

enum assume_status assume_load(const char *file, const struct plan *p, const char *version,
                               struct assume_rank **out, char *err, size_t errlen)
{
    struct assume_rank *a = calloc(1, sizeof *a);
    struct jsonio_doc *doc = NULL;
    enum assume_status st = ASSUME_NOMEM;
    char hex[65];

    *out = NULL;
    if (!a) {
        prior_error(err, errlen, "out of memory");
        goto out;
    }
    enum prior_status ps = prior_load("--sensitivity", file, "sensitivity.json",
                                      "the output of `drsim sensitivity`", ASSUME_MAX_BYTES,
                                      &a->source, &doc, err, errlen);
    if (ps != PRIOR_OK) {
        st = ps == PRIOR_NOMEM ? ASSUME_NOMEM : ps == PRIOR_IO ? ASSUME_IO : ASSUME_REFUSED;
        goto out;
    }
    st = ASSUME_REFUSED;
    const struct jsonio_value *root = jsonio_root(doc);
    const char *command = jsonio_get_string(jsonio_member(root, "command"));
    const char *drsim = jsonio_get_string(jsonio_member(root, "drsim_version"));
    const char *method = jsonio_get_string(jsonio_member(root, "method"));
    const char *sha = jsonio_get_string(jsonio_member(jsonio_member(root, "plan"), "sha256"));
    const struct jsonio_value *inputs = jsonio_member(root, "inputs");
    const struct jsonio_value *base = jsonio_member(root, "plan_as_written");
    if (!command || !drsim || strncmp(command, "drsim sensitivity", 17) != 0 || !sha) {
        prior_error(err, errlen, "--sensitivity %s: %s is not the output of `drsim sensitivity`",
                file, a->source);
        goto out;
    }
    if (!method || (strcmp(method, "p10-p90") != 0 && strcmp(method, "spread") != 0) ||
        jsonio_type(inputs) != JSONIO_ARRAY || jsonio_type(base) != JSONIO_ARRAY) {
        prior_error(err, errlen, "--sensitivity %s: %s is not a one-at-a-time analysis (method %s): "
                "run `drsim sensitivity` without --method sobol", file, a->source,
                method ? method : "unknown");
        goto out;
    }
    plan_sha256_hex(p, hex);
    if (strcmp(sha, hex) != 0) {
        prior_error(err, errlen, "--sensitivity %s: %s analysed another plan file (sha256 %.12s, "
                "this plan's is %.12s): run `drsim sensitivity` on this plan", file, a->source,
                sha, hex);
        goto out;
    }
    (void)version;
    st = ASSUME_NOMEM;
    long long v = 0;
    jsonio_get_integer(jsonio_member(root, "trials_per_run"), &v);
    a->trials = v > 0 ? (uint64_t)v : 0;
    v = 0;
    jsonio_get_integer(jsonio_member(root, "seed"), &v);
    a->seed = v > 0 ? (uint64_t)v : 0;
    snprintf(a->method, sizeof a->method, "%s", method);
    a->spread = num_or(jsonio_member(root, "spread"), 0);
    a->n_factors = (int)jsonio_length(inputs);
    a->items = calloc((size_t)(a->n_factors ? a->n_factors : 1), sizeof *a->items);
    if (!a->items) {
        prior_error(err, errlen, "out of memory");
        goto out;
    }
    for (int i = 0; i < a->n_factors; i++) {
        const struct jsonio_value *in = jsonio_at(inputs, (size_t)i);
        const char *path = jsonio_get_string(jsonio_member(in, "path"));
        if (!path)
            continue;
        enum plan_provenance pv = provenance_of(p, path);
        if (pv == PROV_FACT)
            continue;
        struct assume_item *x = &a->items[a->n_items];
        if (!(x->path = strdup(path))) {
            prior_error(err, errlen, "out of memory");
            goto out;
        }
        a->n_items++;
        x->provenance = pv;
        long long r = i + 1;
        jsonio_get_integer(jsonio_member(in, "rank"), &r);
        x->sens_rank = (int)r;
        const char *unit = jsonio_get_string(jsonio_member(in, "unit"));
        snprintf(x->unit, sizeof x->unit, "%s", unit ? unit : "");
        x->lo = num_or(jsonio_member(in, "typical_low"), NAN);
        x->typical = num_or(jsonio_member(in, "typical"), NAN);
        x->hi = num_or(jsonio_member(in, "typical_high"), NAN);
        if (item_moves(x, in, base) != 0) {
            prior_error(err, errlen, "out of memory");
            goto out;
        }
    }
    a->n_not_fact = a->n_items;
    qsort(a->items, (size_t)a->n_items, sizeof *a->items, cmp_item);
    st = ASSUME_OK;
    *out = a;
out:
    jsonio_free(doc);
    if (st != ASSUME_OK)
        assume_free(a);
    return st;
}

const char *assume_value_text(const struct assume_item *x, double v, char *buf, size_t n)
{
    char b[32];
    if (strcmp(x->unit, "duration") == 0)
        units_format_duration(v, buf, n);
    else if (strcmp(x->unit, "probability") == 0)
        snprintf(buf, n, "%.3g%%", 100.0 * v);
    else if (strcmp(x->unit, "rate") == 0)
        snprintf(buf, n, "%s/s", units_format_size(v, b, sizeof b));
    else
        snprintf(buf, n, "%g", v);
    return buf;
}

const char *assume_range_text(const struct assume_item *x, char *buf, size_t n)
{
    char a[40], b[40], c[40];
    snprintf(buf, n, "%s%s .. %s (as written %s)",
             strcmp(x->unit, "probability") == 0 ? "" : "median ", assume_value_text(x, x->lo, a, sizeof a),
             assume_value_text(x, x->hi, b, sizeof b), assume_value_text(x, x->typical, c, sizeof c));
    return buf;
}

const char *assume_move_text(const struct assume_move *m, char *buf, size_t n)
{
    snprintf(buf, n, "%s %s: %.1f%% %s .. %.1f%% %s (as written) .. %.1f%% %s", m->scenario,
             m->objective ? "RPO" : "RTO", 100.0 * m->p_lo, mc_verdict_name(m->v_lo),
             100.0 * m->p_base, mc_verdict_name(m->v_base), 100.0 * m->p_hi,
             mc_verdict_name(m->v_hi));
    return buf;
}

const char *assume_source_text(const struct assume_rank *a, char *buf, size_t n)
{
    char how[64];
    if (strcmp(a->method, "spread") == 0)
        snprintf(how, sizeof how, "each input scaled by -/+%.0f%%", 100.0 * a->spread);
    else
        snprintf(how, sizeof how, "each input at its own P10 and P90");
    snprintf(buf, n, "from drsim sensitivity (%s): %llu trials per run, seed %llu, %s; "
             "figures at its trial count: the ranking is approximate", a->source,
             (unsigned long long)a->trials, (unsigned long long)a->seed, how);
    return buf;
}

void assume_print(FILE *out, const struct assume_rank *a, int top)
{
    char buf[1024];
    fprintf(out, "\nassumptions that most move a verdict\n  %s\n  %d of %d inputs varied "
            "are ASSUMPTION or UNKNOWN\n", assume_source_text(a, buf, sizeof buf), a->n_not_fact,
            a->n_factors);
    int shown = 0;
    for (int i = 0; i < a->n_items && shown < top; i++) {
        const struct assume_item *x = &a->items[i];
        if (x->n_moves == 0)
            continue;
        shown++;
        fprintf(out, "  %2d  %s [%s]  %s; moves %d verdict%s\n", shown, x->path,
                plan_provenance_name(x->provenance), assume_range_text(x, buf, sizeof buf),
                x->n_verdict_moves, x->n_verdict_moves == 1 ? "" : "s");
        for (int k = 0; k < x->n_moves; k++)
            fprintf(out, "        %s\n", assume_move_text(&x->moves[k], buf, sizeof buf));
    }
    if (shown == 0)
        fprintf(out, "  none of them moves any P(meet) by 0.1 pp or more\n");
}

void assume_json(struct jsonio_writer *w, const struct assume_rank *a)
{
    char buf[1024];
    jsonio_object(w, "assumptions_that_move_verdicts");
    jsonio_text(w, "source", a->source);
    jsonio_u64(w, "trials_per_run", a->trials);
    jsonio_u64(w, "seed", a->seed);
    jsonio_text(w, "method", a->method);
    jsonio_int(w, "n_inputs_varied", a->n_factors);
    jsonio_int(w, "n_assumption_or_unknown", a->n_not_fact);
    jsonio_text(w, "note", assume_source_text(a, buf, sizeof buf));
    jsonio_array(w, "ranked");
    for (int i = 0; i < a->n_items; i++) {
        const struct assume_item *x = &a->items[i];
        jsonio_object(w, NULL);
        jsonio_text(w, "path", x->path);
        jsonio_text(w, "provenance", plan_provenance_name(x->provenance));
        jsonio_int(w, "sensitivity_rank", x->sens_rank);
        jsonio_text(w, "unit", x->unit);
        jsonio_num(w, "typical_low", x->lo);
        jsonio_num(w, "typical", x->typical);
        jsonio_num(w, "typical_high", x->hi);
        jsonio_int(w, "n_verdicts_moved", x->n_verdict_moves);
        jsonio_num(w, "swing_p_met", x->swing_p);
        jsonio_array(w, "moves");
        for (int k = 0; k < x->n_moves; k++) {
            const struct assume_move *m = &x->moves[k];
            jsonio_object(w, NULL);
            jsonio_text(w, "scenario", m->scenario);
            jsonio_text(w, "objective", m->objective ? "rpo" : "rto");
            jsonio_num(w, "p_met_low", m->p_lo);
            jsonio_num(w, "p_met_as_written", m->p_base);
            jsonio_num(w, "p_met_high", m->p_hi);
            jsonio_text(w, "verdict_low", mc_verdict_name(m->v_lo));
            jsonio_text(w, "verdict_as_written", mc_verdict_name(m->v_base));
            jsonio_text(w, "verdict_high", mc_verdict_name(m->v_hi));
            jsonio_end_object(w);
        }
        jsonio_end_array(w);
        jsonio_end_object(w);
    }
    jsonio_end_array(w);
    jsonio_end_object(w);
}
