/* reports/trend.c: this review against the previous one (reports/trend.h).
 *
 * Reading: the previous summary.json is parsed by models/jsonio.h and only the members
 * the comparison needs are taken (plan name, version and SHA-256, seed, trials, per
 * scenario the two objectives, the inputs); everything else in it is left alone, so a
 * summary that grew members since still compares. Comparing: scenarios are matched by
 * name, inputs by key path. Writing: the terminal section, the JSON member; the workbook
 * sheet and the pack page (wb_trend.c, draw_pack_trend.c) read the same struct trend, so
 * every figure is the same number printed to the same precision.
 */
#include "reports/trend.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "models/digest.h"
#include "models/units.h"
#include "models/plan.h"
#include "reports/prior.h"

#define TREND_MAX_BYTES (256u << 20) /* a summary.json larger than this is not one */

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

/* The previous inputs, kept as (path, value) pairs until trend_compare. */
struct prev_input {
    char *path, *value;
};

/* Hidden state between trend_load and trend_compare: the previous inputs. A struct trend
 * is allocated as this, so trend_free's free(t) releases the lot once the inputs are
 * gone (trend_compare frees them). */
struct trend_full {
    struct trend t;          /* first: a struct trend * is a struct trend_full * */
    struct prev_input *in;
    int n_in;
};

static void free_inputs(struct trend_full *f)
{
    for (int i = 0; i < f->n_in; i++) {
        free(f->in[i].path);
        free(f->in[i].value);
    }
    free(f->in);
    f->in = NULL;
    f->n_in = 0;
}

void trend_free(struct trend *t)
{
    if (!t)
        return;
    free_inputs((struct trend_full *)t);
    free(t->source);
    free(t->prev_drsim);
    free(t->prev_command);
    free(t->prev_plan_version);
    free(t->prev_sha256);
    free(t->now_plan_version);
    for (int i = 0; i < t->n_rows; i++)
        free(t->rows[i].scenario);
    free(t->rows);
    for (int i = 0; i < t->n_changes; i++) {
        free(t->changes[i].path);
        free(t->changes[i].old_value);
        free(t->changes[i].new_value);
    }
    free(t->changes);
    free(t);
}

/* The major and minor numbers of "X.Y.Z"; -1 when absent. */
static void version_parts(const char *v, long *major, long *minor)
{
    char *end;
    *major = *minor = -1;
    if (!v)
        return;
    *major = strtol(v, &end, 10);
    if (end == v) {
        *major = -1;
        return;
    }
    if (*end == '.')
        *minor = strtol(end + 1, NULL, 10);
}

/* Whether summaries of drsim versions a and b mean the same things: the same major
 * number and, before 1.0, the same minor one. */
static int versions_compatible(const char *a, const char *b)
{
    long ma, na, mb, nb;
    version_parts(a, &ma, &na);
    version_parts(b, &mb, &nb);
    if (ma < 0 || mb < 0 || ma != mb)
        return 0;
    return ma > 0 || na == nb;
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

/* A duration as summary.json writes it: seconds, or "infinity" (jsonio_measure); dflt for
 * anything else (absent, null). */
static double measure_or(const struct jsonio_value *v, double dflt)
{
    double x;
    return jsonio_get_measure(v, &x) == 0 ? x : dflt;
}

/* The command a summary records, past the environment assignments the reproduce
 * command starts with (SOURCE_DATE_EPOCH=1796303207 drsim run ...): "drsim run ...". */
static const char *command_proper(const char *command)
{
    const char *c = command;
    for (;;) {
        size_t name = strspn(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"
                                "0123456789");
        if (name == 0 || (c[0] >= '0' && c[0] <= '9') || c[name] != '=')
            return c;
        const char *space = strchr(c + name, ' ');
        if (!space)
            return c;
        c = space + 1;
    }
}

static uint64_t count_of(const struct jsonio_value *v)
{
    long long x;
    return jsonio_get_integer(v, &x) == 0 && x >= 0 ? (uint64_t)x : 0;
}

/* One objective as a summary states it (null: no target). */
static void side_from_json(struct trend_side *s, const struct jsonio_value *o)
{
    memset(s, 0, sizeof *s);
    s->present = 1;
    if (jsonio_type(o) != JSONIO_OBJECT)
        return;
    s->has_target = 1;
    s->target_s = measure_or(jsonio_member(o, "target_s"), NAN);
    s->n_met = count_of(jsonio_member(o, "n_met"));
    s->n = count_of(jsonio_member(o, "n"));
    s->p_met = num_or(jsonio_member(o, "p_met"), NAN);
    s->ci_lo = num_or(jsonio_member(o, "ci95_lo"), NAN);
    s->ci_hi = num_or(jsonio_member(o, "ci95_hi"), NAN);
    s->confidence = num_or(jsonio_member(o, "confidence"), NAN);
    /* "infinity": a value that never comes; so is null, as summaries written before
     * drsim wrote infinities explicitly have it. */
    s->value_s = measure_or(jsonio_member(o, "value_at_confidence_s"), INFINITY);
    s->verdict = verdict_of(jsonio_get_string(jsonio_member(o, "verdict")));
}

static void side_from_results(struct trend_side *s, const struct mc_objective *o)
{
    memset(s, 0, sizeof *s);
    s->present = 1;
    if (!o->has_target)
        return;
    s->has_target = 1;
    s->target_s = o->target_s;
    s->n_met = o->n_met;
    s->n = o->n;
    s->p_met = o->p_met;
    s->ci_lo = o->ci_lo;
    s->ci_hi = o->ci_hi;
    s->confidence = o->confidence;
    s->value_s = o->value_at_confidence_s;
    s->verdict = o->verdict;
}

/* Append a row for (scenario, objective); returns it or NULL (out of memory). */
static struct trend_row *add_row(struct trend *t, const char *scenario, int objective)
{
    struct trend_row *rows = realloc(t->rows, (size_t)(t->n_rows + 1) * sizeof *rows);
    if (!rows)
        return NULL;
    t->rows = rows;
    struct trend_row *x = &rows[t->n_rows];
    memset(x, 0, sizeof *x);
    if (!(x->scenario = strdup(scenario)))
        return NULL;
    x->objective = objective;
    t->n_rows++;
    return x;
}

static struct trend_row *find_row(struct trend *t, const char *scenario, int objective)
{
    for (int i = 0; i < t->n_rows; i++)
        if (t->rows[i].objective == objective && strcmp(t->rows[i].scenario, scenario) == 0)
            return &t->rows[i];
    return NULL;
}

/* The scenarios of the previous summary as rows with their previous side. */
static int rows_from_json(struct trend *t, const struct jsonio_value *scs)
{
    for (size_t i = 0; i < jsonio_length(scs); i++) {
        const struct jsonio_value *sc = jsonio_at(scs, i);
        const char *name = jsonio_get_string(jsonio_member(sc, "name"));
        if (!name || find_row(t, name, 0))
            continue;
        for (int o = 0; o < 2; o++) {
            struct trend_row *x = add_row(t, name, o);
            if (!x)
                return -1;
            side_from_json(&x->prev, jsonio_member(sc, prior_objective_key[o]));
        }
    }
    return 0;
}

static int add_change(struct trend *t, const char *path, const char *old_value,
                      const char *new_value)
{
    struct trend_change *c = realloc(t->changes, (size_t)(t->n_changes + 1) * sizeof *c);
    if (!c)
        return -1;
    t->changes = c;
    c = &c[t->n_changes];
    c->path = strdup(path);
    c->old_value = old_value ? strdup(old_value) : NULL;
    c->new_value = new_value ? strdup(new_value) : NULL;
    t->n_changes++;
    if (!c->path || (old_value && !c->old_value) || (new_value && !c->new_value))
        return -1;
    return 0;
}

static int inputs_from_json(struct trend_full *f, const struct jsonio_value *inputs)
{
    void *it = NULL;
    const struct jsonio_value *v;
    const char *k;
    size_t cap = 0;
    while ((k = jsonio_next_member(inputs, &it, &v)) != NULL) {
        const char *s = jsonio_get_string(v);
        if ((size_t)f->n_in == cap) {
            cap = cap ? 2 * cap : 256;
            struct prev_input *n = realloc(f->in, cap * sizeof *n);
            if (!n)
                return -1;
            f->in = n;
        }
        f->in[f->n_in].path = strdup(k);
        f->in[f->n_in].value = strdup(s ? s : "");
        f->n_in++;
        if (!f->in[f->n_in - 1].path || !f->in[f->n_in - 1].value)
            return -1;
    }
    return 0;
}

/* PREV as the file to read: PREV/summary.json for a directory. */
enum trend_status trend_load(const char *prev, const char *plan_name, const char *version,
                             struct trend **out, char *err, size_t errlen)
{
    struct trend_full *f = calloc(1, sizeof *f);
    struct trend *t = &f->t;
    struct jsonio_doc *doc = NULL;
    enum trend_status st = TREND_NOMEM;

    *out = NULL;
    if (!f) {
        prior_error(err, errlen, "out of memory");
        goto out;
    }
    enum prior_status ps = prior_load("--compare", prev, "summary.json", "a drsim summary",
                                      TREND_MAX_BYTES, &t->source, &doc, err, errlen);
    if (ps != PRIOR_OK) {
        st = ps == PRIOR_NOMEM ? TREND_NOMEM : ps == PRIOR_IO ? TREND_IO : TREND_REFUSED;
        goto out;
    }
    st = TREND_REFUSED;
    const struct jsonio_value *root = jsonio_root(doc);
    const char *drsim = jsonio_get_string(jsonio_member(root, "drsim_version"));
    const char *command = jsonio_get_string(jsonio_member(root, "command"));
    const struct jsonio_value *plan = jsonio_member(root, "plan");
    const char *name = jsonio_get_string(jsonio_member(plan, "name"));
    const struct jsonio_value *scs = jsonio_member(root, "scenarios");
    if (!drsim || !command || !name || jsonio_type(scs) != JSONIO_ARRAY) {
        prior_error(err, errlen, "--compare %s: %s is not a drsim summary (it lacks %s)", prev,
                t->source, !drsim ? "\"drsim_version\"" : !command ? "\"command\""
                                                    : !name ? "\"plan\".\"name\""
                                                            : "the \"scenarios\" array");
        goto out;
    }
    const char *verb = command_proper(command);
    if (strncmp(verb, "drsim run", 9) != 0 || (verb[9] && verb[9] != ' ')) {
        prior_error(err, errlen, "--compare %s: %s is not the summary of a `drsim run` (its "
                "command is \"%s\"): give the previous review's output directory", prev,
                t->source, command);
        goto out;
    }
    if (!versions_compatible(drsim, version)) {
        prior_error(err, errlen, "--compare %s: %s was written by drsim %s, whose summaries this "
                "drsim %s does not compare with (a different major or, before 1.0, minor "
                "version): run the previous plan version again with this drsim", prev,
                t->source, drsim, version);
        goto out;
    }
    if (strcmp(name, plan_name) != 0) {
        prior_error(err, errlen, "--compare %s: %s is a review of plan '%s', not of '%s': a "
                "review compares versions of one plan (plan.name)", prev, t->source, name,
                plan_name);
        goto out;
    }
    st = TREND_NOMEM;
    long long seed = 0, trials = 0;
    jsonio_get_integer(jsonio_member(root, "seed"), &seed);
    jsonio_get_integer(jsonio_member(root, "trials"), &trials);
    t->prev_seed = seed > 0 ? (uint64_t)seed : 0;
    t->prev_trials = trials > 0 ? (uint64_t)trials : 0;
    const struct jsonio_value *inputs = jsonio_member(root, "inputs");
    t->prev_has_inputs = jsonio_type(inputs) == JSONIO_OBJECT;
    if (!(t->prev_drsim = strdup(drsim)) || !(t->prev_command = strdup(command)) ||
        !(t->prev_plan_version =
              dup_or_empty(jsonio_get_string(jsonio_member(plan, "version")))) ||
        !(t->prev_sha256 = dup_or_empty(jsonio_get_string(jsonio_member(plan, "sha256")))) ||
        rows_from_json(t, scs) != 0 || (t->prev_has_inputs && inputs_from_json(f, inputs) != 0)) {
        prior_error(err, errlen, "out of memory");
        goto out;
    }
    st = TREND_OK;
    *out = t;
out:
    jsonio_free(doc);
    if (st != TREND_OK && f) {
        free_inputs(f);
        trend_free(t);
    }
    return st;
}

/* The change of row x and whether it is beyond the two runs' sampling error. */
static void judge(struct trend_row *x)
{
    x->comparable = x->prev.present && x->now.present && x->prev.has_target &&
                    x->now.has_target && x->prev.n > 0 && x->now.n > 0;
    if (!x->comparable)
        return;
    double n0 = (double)x->prev.n, n1 = (double)x->now.n;
    double p0 = (double)x->prev.n_met / n0, p1 = (double)x->now.n_met / n1;
    double p = ((double)x->prev.n_met + (double)x->now.n_met) / (n0 + n1);
    x->change = x->now.p_met - x->prev.p_met;
    x->se = sqrt(p * (1.0 - p) * (1.0 / n0 + 1.0 / n1));
    x->beyond_noise = x->se > 0 && fabs(p1 - p0) > 1.96 * x->se;
    x->target_changed = x->prev.target_s != x->now.target_s;
}

int trend_compare(struct trend *t, const struct mc_results *r)
{
    struct trend_full *f = (struct trend_full *)t;
    const struct plan *p = r->plan;
    int rc = -1;

    plan_sha256_hex(p, t->now_sha256);
    t->now_seed = r->seed;
    t->now_trials = r->n_trials;
    t->same_plan_file = strcmp(t->now_sha256, t->prev_sha256) == 0;
    if (!(t->now_plan_version = dup_or_empty(p->version)))
        goto out;
    /* Rows: the current scenarios in order, then those only the previous run had. */
    int n_prev = t->n_rows;
    struct trend_row *old = t->rows;
    t->rows = NULL;
    t->n_rows = 0;
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const char *name = p->scenarios[sr->scenario].name;
        for (int o = 0; o < 2; o++) {
            struct trend_row *x = add_row(t, name, o);
            if (!x)
                goto restore;
            side_from_results(&x->now, o == 0 ? &sr->rto_obj : &sr->rpo_obj);
            for (int i = 0; i < n_prev; i++)
                if (old[i].objective == o && old[i].scenario &&
                    strcmp(old[i].scenario, name) == 0) {
                    x->prev = old[i].prev;
                    free(old[i].scenario);
                    old[i].scenario = NULL; /* matched */
                }
        }
    }
    for (int i = 0; i < n_prev; i++) {
        if (!old[i].scenario)
            continue;
        struct trend_row *x = add_row(t, old[i].scenario, old[i].objective);
        if (!x)
            goto restore;
        x->prev = old[i].prev;
    }
    for (int i = 0; i < t->n_rows; i++) {
        judge(&t->rows[i]);
        t->n_verdict_changes += t->rows[i].prev.verdict != t->rows[i].now.verdict;
        t->n_beyond_noise += t->rows[i].beyond_noise;
    }
    rc = 0;
restore:
    for (int i = 0; i < n_prev; i++)
        free(old[i].scenario);
    free(old);
    if (rc != 0 || !t->prev_has_inputs)
        goto out;
    /* Inputs: current order, then paths only the previous version had. */
    rc = -1;
    char *matched = calloc((size_t)(f->n_in ? f->n_in : 1), 1);
    if (!matched)
        goto out;
    for (int i = 0; i < p->n_inputs; i++) {
        const struct plan_input *in = &p->inputs[i];
        int j, dup = 0;
        for (j = 0; j < i && !dup; j++)
            dup = strcmp(p->inputs[j].path, in->path) == 0;
        if (dup)
            continue; /* summary.json keeps a path's first value only */
        for (j = 0; j < f->n_in; j++)
            if (!matched[j] && strcmp(f->in[j].path, in->path) == 0)
                break;
        if (j < f->n_in) {
            matched[j] = 1;
            if (strcmp(f->in[j].value, in->value) != 0 &&
                add_change(t, in->path, f->in[j].value, in->value) != 0)
                goto done;
        } else if (add_change(t, in->path, NULL, in->value) != 0) {
            goto done;
        }
    }
    for (int j = 0; j < f->n_in; j++)
        if (!matched[j] && add_change(t, f->in[j].path, f->in[j].value, NULL) != 0)
            goto done;
    rc = 0;
done:
    free(matched);
out:
    free_inputs(f);
    return rc;
}

const char *trend_verdict_text(const struct trend_row *x, char *buf, size_t n)
{
    const char *a = x->prev.present ? mc_verdict_name(x->prev.verdict) : "(no scenario)";
    const char *b = x->now.present ? mc_verdict_name(x->now.verdict) : "(no scenario)";
    if (x->prev.present && x->now.present && x->prev.verdict == x->now.verdict)
        snprintf(buf, n, "%s (unchanged)", b);
    else
        snprintf(buf, n, "%s -> %s", a, b);
    return buf;
}

const char *trend_change_text(const struct trend_row *x, char *buf, size_t n)
{
    if (!x->comparable) {
        snprintf(buf, n, "%s", "");
        return buf;
    }
    double pp = 100.0 * x->change;
    if (fabs(pp) < 0.05)
        pp = 0.0; /* "-0.0 pp" reads as a loss */
    if (x->se > 0)
        snprintf(buf, n, "%+.1f pp, %s noise (z %.1f)", pp,
                 x->beyond_noise ? "beyond" : "within", fabs(x->change) / x->se);
    else
        snprintf(buf, n, "%+.1f pp, within noise", pp);
    return buf;
}

const char *trend_identity_text(const struct trend *t, char *buf, size_t n)
{
    int same_seed = t->prev_seed == t->now_seed, same_n = t->prev_trials == t->now_trials;
    snprintf(buf, n,
             "previous review: plan version %s (sha256 %.12s), %llu trials, seed %llu; now: "
             "plan version %s (sha256 %.12s), %llu trials, seed %llu; %s%s",
             *t->prev_plan_version ? t->prev_plan_version : "(none)", t->prev_sha256,
             (unsigned long long)t->prev_trials, (unsigned long long)t->prev_seed,
             *t->now_plan_version ? t->now_plan_version : "(none)", t->now_sha256,
             (unsigned long long)t->now_trials, (unsigned long long)t->now_seed,
             same_seed && same_n ? "same seed and trial count"
             : same_seed         ? "same seed, another trial count"
             : same_n            ? "another seed, same trial count"
                                 : "another seed and trial count",
             t->same_plan_file ? "; the same plan file" : "");
    return buf;
}

const char *trend_side_p_text(const struct trend_side *s, char *buf, size_t n)
{
    if (!s->present)
        snprintf(buf, n, "(no such scenario)");
    else if (!s->has_target)
        snprintf(buf, n, "no target");
    else
        snprintf(buf, n, "%.1f%% (%.1f-%.1f%%)", 100.0 * s->p_met, 100.0 * s->ci_lo,
                 100.0 * s->ci_hi);
    return buf;
}

const char *trend_side_value_text(const struct trend_side *s, char *buf, size_t n)
{
    if (!s->present || !s->has_target || isnan(s->value_s))
        snprintf(buf, n, "-");
    else
        units_format_duration_vs(s->value_s, s->target_s, buf, n);
    return buf;
}

void trend_print(FILE *out, const struct trend *t)
{
    char buf[1024], a[64], b[64], c[64], d[64], e[64], g[64];
    fprintf(out, "\nsince the last review (%s)\n", t->source);
    fprintf(out, "  %s\n", trend_identity_text(t, buf, sizeof buf));
    fprintf(out, "  %-22s %-4s %-22s %-22s %9s %9s  %-31s %s\n", "scenario", "obj",
            "P(meet) before", "P(meet) now", "conf. bef", "conf. now", "change of P(meet)",
            "verdict before -> now");
    for (int i = 0; i < t->n_rows; i++) {
        const struct trend_row *x = &t->rows[i];
        if (!x->prev.has_target && !x->now.has_target)
            continue;
        fprintf(out, "  %-22s %-4s %-22s %-22s %9s %9s  %-31s %s%s\n", x->scenario,
                x->objective ? "RPO" : "RTO", trend_side_p_text(&x->prev, a, sizeof a),
                trend_side_p_text(&x->now, b, sizeof b), trend_side_value_text(&x->prev, c, sizeof c),
                trend_side_value_text(&x->now, d, sizeof d), trend_change_text(x, e, sizeof e),
                trend_verdict_text(x, g, sizeof g),
                x->target_changed ? " (target changed)" : "");
    }
    fprintf(out, "  a change is beyond noise when it exceeds 1.96 standard errors of the "
                 "difference of two independent runs (docs/reports.md, \"Since the last "
                 "review\")\n");
    if (!t->prev_has_inputs) {
        fprintf(out, "  inputs changed: unknown (the previous summary does not list its "
                     "inputs)\n");
        return;
    }
    fprintf(out, "  inputs changed: %d\n", t->n_changes);
    for (int i = 0; i < t->n_changes; i++) {
        const struct trend_change *ch = &t->changes[i];
        fprintf(out, "    %s: %s -> %s\n", ch->path, ch->old_value ? ch->old_value : "(absent)",
                ch->new_value ? ch->new_value : "(absent)");
    }
}

static void side_json(struct jsonio_writer *w, const char *key, const struct trend_side *s)
{
    if (!s->present || !s->has_target) {
        jsonio_null(w, key);
        return;
    }
    jsonio_object(w, key);
    jsonio_measure(w, "target_s", s->target_s);
    jsonio_u64(w, "n_met", s->n_met);
    jsonio_u64(w, "n", s->n);
    jsonio_num(w, "p_met", s->p_met);
    jsonio_num(w, "ci95_lo", s->ci_lo);
    jsonio_num(w, "ci95_hi", s->ci_hi);
    jsonio_num(w, "confidence", s->confidence);
    jsonio_measure(w, "value_at_confidence_s", s->value_s);
    jsonio_bool(w, "value_at_confidence_infinite", isinf(s->value_s));
    jsonio_text(w, "verdict", mc_verdict_name(s->verdict));
    jsonio_end_object(w);
}

void trend_json(struct jsonio_writer *w, const struct trend *t)
{
    char buf[1024];
    jsonio_object(w, "compare");
    jsonio_text(w, "source", t->source);
    jsonio_object(w, "previous");
    jsonio_text(w, "drsim_version", t->prev_drsim);
    jsonio_text(w, "command", t->prev_command);
    jsonio_text(w, "plan_version", t->prev_plan_version);
    jsonio_text(w, "plan_sha256", t->prev_sha256);
    jsonio_u64(w, "seed", t->prev_seed);
    jsonio_u64(w, "trials", t->prev_trials);
    jsonio_end_object(w);
    jsonio_bool(w, "same_seed", t->prev_seed == t->now_seed);
    jsonio_bool(w, "same_trials", t->prev_trials == t->now_trials);
    jsonio_bool(w, "same_plan_file", t->same_plan_file);
    jsonio_text(w, "identity", trend_identity_text(t, buf, sizeof buf));
    jsonio_text(w, "noise_test", "two-proportion z test, pooled, |change| > 1.96 se");
    jsonio_int(w, "n_verdict_changes", t->n_verdict_changes);
    jsonio_int(w, "n_beyond_noise", t->n_beyond_noise);
    jsonio_array(w, "objectives");
    for (int i = 0; i < t->n_rows; i++) {
        const struct trend_row *x = &t->rows[i];
        jsonio_object(w, NULL);
        jsonio_text(w, "scenario", x->scenario);
        jsonio_text(w, "objective", x->objective ? "rpo" : "rto");
        jsonio_bool(w, "in_previous", x->prev.present);
        jsonio_bool(w, "in_current", x->now.present);
        side_json(w, "previous", &x->prev);
        side_json(w, "current", &x->now);
        if (x->comparable) {
            jsonio_num(w, "change_p_met", x->change);
            jsonio_num(w, "se", x->se);
            jsonio_bool(w, "beyond_noise", x->beyond_noise);
        } else {
            jsonio_null(w, "change_p_met");
            jsonio_null(w, "se");
            jsonio_null(w, "beyond_noise");
        }
        jsonio_bool(w, "verdict_changed", x->prev.verdict != x->now.verdict);
        jsonio_bool(w, "target_changed", x->target_changed);
        jsonio_end_object(w);
    }
    jsonio_end_array(w);
    if (t->prev_has_inputs) {
        jsonio_array(w, "inputs_changed");
        for (int i = 0; i < t->n_changes; i++) {
            jsonio_object(w, NULL);
            jsonio_text(w, "path", t->changes[i].path);
            jsonio_text(w, "previous", t->changes[i].old_value);
            jsonio_text(w, "current", t->changes[i].new_value);
            jsonio_end_object(w);
        }
        jsonio_end_array(w);
    } else {
        jsonio_null(w, "inputs_changed");
    }
    jsonio_end_object(w);
}
