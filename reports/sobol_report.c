/* reports/sobol_report.c: a global (Sobol) sensitivity analysis for people and pipelines
 * (reports/sobol_report.h). */
#include "reports/sobol_report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/jsonio.h"
#include "reports/json.h"
#include "reports/term.h"

/* An output's name: "region RTO P(meet 12h)", "zone RPO P95". */
char *sobol_output_label(const struct sobol_results *r, const struct sobol_output *o, char *buf,
                         size_t n)
{
    const struct scenario *sc = &r->plan->scenarios[o->scenario];
    const char *obj = o->objective == SWEEP_RTO ? "RTO" : "RPO";
    char t[32];
    if (o->measure == SOBOL_P_MEET) {
        term_duration(o->objective == SWEEP_RTO ? sc->rto_target_s : sc->rpo_target_s, t, sizeof t);
        snprintf(buf, n, "%s %s P(meet %s)", sc->name, obj, t);
    } else {
        snprintf(buf, n, "%s %s P%g", sc->name, obj, 100.0 * o->quantile);
    }
    return buf;
}

/* An index as a percentage share ("-" when it has none). */
static const char *share(double x, char *buf, size_t n)
{
    if (isnan(x))
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%.0f%%", 100.0 * x);
    return buf;
}

#define SOBOL_REPORT_MAX 4096 /* inputs listed per output at most */

/* The inputs with an index on output so, largest total index first (ties in rank order),
 * at most max of them into order[]; returns how many. */
static int top_inputs(const struct sobol_output *so, int n_factors, int *order, int max)
{
    int n = 0;
    for (int i = 0; i < n_factors; i++) {
        if (isnan(so->st[i]))
            continue;
        int k;
        if (n < max)
            k = n++;
        else if (so->st[order[n - 1]] >= so->st[i])
            continue;
        else
            k = n - 1;
        order[k] = i;
        for (; k > 0 && so->st[order[k - 1]] < so->st[i]; k--) {
            int t = order[k];
            order[k] = order[k - 1];
            order[k - 1] = t;
        }
    }
    return n;
}

void sobol_report_print(FILE *out, const struct sobol_results *r,
                        const struct sweep_report_options *o)
{
    const struct plan *p = r->plan;
    char hex[65], lab[256], a[16], b[16];
    int n = o->top > 0 && o->top < r->n_factors ? o->top : r->n_factors;

    plan_sha256_hex(p, hex);
    fprintf(out, "drsim %s: global sensitivity (Sobol indices) of plan ", o->version);
    term_put(out, p->name ? p->name : "(unnamed)");
    fputs(" (", out);
    term_put(out, p->path);
    fprintf(out, ", sha256 %.12s)\n", hex);
    fprintf(out, "%llu trials per scenario and run, seed %llu, %d thread%s; %d base samples "
            "(design: %s), %d runs in %.1f s\n",
            (unsigned long long)r->n_trials, (unsigned long long)r->seed, r->threads,
            r->threads == 1 ? "" : "s", r->n_base, r->sequence, r->n_runs, r->elapsed_s);
    if (r->spread > 0)
        fprintf(out, "all %d inputs moved at once, each scaled uniformly between -%.0f%% and "
                "+%.0f%%", r->n_factors, 100.0 * r->spread, 100.0 * r->spread);
    else
        fprintf(out, "all %d inputs moved at once, each scaled log-uniformly so its median lies "
                "between its own P10 and P90 (failure probabilities between half and double)",
                r->n_factors);
    if (r->n_fixed)
        fprintf(out, "; %d fixed value%s not varied (--spread includes them)", r->n_fixed,
                r->n_fixed == 1 ? "" : "s");
    if (r->n_zero)
        fprintf(out, "; %d zero or infinite value%s not varied", r->n_zero,
                r->n_zero == 1 ? "" : "s");
    fputs("\n\nST = total index (the share of the output's variance the input has a part in, "
          "alone or with others);\nS1 = first-order index (its share alone); ST - S1 is what "
          "it does only together with other inputs.\n", out);
    for (int m = 0; m < r->n_outputs; m++) {
        const struct sobol_output *so = &r->outputs[m];
        sobol_output_label(r, so, lab, sizeof lab);
        fputc('\n', out);
        term_put(out, lab);
        if (!isfinite(so->variance)) {
            fputs(": infinite in some runs (a store without a usable point): no indices\n", out);
            continue;
        }
        if (!(so->variance > 0)) {
            fputs(": the same in every run: no input moves it\n", out);
            continue;
        }
        char c[32];
        if (so->measure == SOBOL_P_MEET)
            fprintf(out, ": %.1f%% as written; over the runs mean %.1f%%, standard deviation "
                    "%.1f points\n", 100.0 * so->as_written, 100.0 * so->mean,
                    100.0 * sqrt(so->variance));
        else
            fprintf(out, ": %s as written; over the runs mean %s, standard deviation %s\n",
                    term_duration(so->as_written, c, sizeof c),
                    term_duration(so->mean, a, sizeof a),
                    term_duration(sqrt(so->variance), b, sizeof b));
        fprintf(out, "  %6s %-13s  %6s %-13s  input (largest ST on this output first)\n", "ST",
                "(95% CI)", "S1", "(95% CI)");
        int shown = 0, order[SOBOL_REPORT_MAX];
        int n_order = top_inputs(so, r->n_factors, order, n < SOBOL_REPORT_MAX ? n : SOBOL_REPORT_MAX);
        for (int q = 0; q < n_order; q++) {
            const int i = order[q];
            char c1[40], c2[40], l1[16], h1[16], l2[16], h2[16];
            if (isnan(so->st[i]))
                continue;
            snprintf(c1, sizeof c1, "(%s..%s)", share(so->st_lo[i], l1, sizeof l1),
                     share(so->st_hi[i], h1, sizeof h1));
            snprintf(c2, sizeof c2, "(%s..%s)", share(so->s1_lo[i], l2, sizeof l2),
                     share(so->s1_hi[i], h2, sizeof h2));
            fprintf(out, "  %6s %-13s  %6s %-13s  ", share(so->st[i], a, sizeof a),
                    r->n_boot > 0 ? c1 : "", share(so->s1[i], b, sizeof b),
                    r->n_boot > 0 ? c2 : "");
            term_put(out, r->factors[i].f.path);
            fputc('\n', out);
            shown++;
        }
    }
    if (n < r->n_factors)
        fprintf(out, "\n(%d inputs per output; all %d in sensitivity.json, ranked by their "
                "largest total index; --top 0 prints all)\n", n, r->n_factors);
}

/* A number, or null for NAN (an index the output has no variance for). */
static void num_or_null(struct jsonio_writer *w, const char *key, double x)
{
    if (isnan(x))
        jsonio_null(w, key);
    else
        jsonio_num(w, key, x);
}

int sobol_report_json(const char *path, const struct sobol_results *r,
                      const struct sweep_report_options *o)
{
    struct jsonio_writer w;
    char lab[256];
    if (jsonio_open(&w, path) != 0)
        return -1;
    json_write_head(&w, r->plan, o->version, o->command, JSON_BRIEF);
    jsonio_u64(&w, "seed", r->seed);
    jsonio_u64(&w, "trials_per_run", r->n_trials);
    jsonio_int(&w, "threads", r->threads);
    jsonio_num(&w, "elapsed_s", r->elapsed_s);
    jsonio_text(&w, "method", "sobol");
    jsonio_text(&w, "ranges", r->spread > 0 ? "spread" : "p10-p90");
    jsonio_num(&w, "spread", r->spread);
    jsonio_int(&w, "base_samples", r->n_base);
    jsonio_text(&w, "sequence", r->sequence);
    jsonio_int(&w, "bootstrap_resamples", r->n_boot);
    jsonio_int(&w, "runs", r->n_runs);
    jsonio_int(&w, "n_fixed_not_varied", r->n_fixed);
    jsonio_int(&w, "n_zero_not_varied", r->n_zero);
    jsonio_array(&w, "inputs");
    for (int i = 0; i < r->n_factors; i++) {
        const struct sobol_factor *sf = &r->factors[i];
        jsonio_object(&w, NULL);
        jsonio_int(&w, "rank", i + 1);
        jsonio_text(&w, "path", sf->f.path);
        jsonio_int(&w, "line", sf->f.line);
        jsonio_int(&w, "uses", sf->f.n_uses);
        jsonio_text(&w, "unit", sf->f.unit);
        jsonio_num(&w, "scale_low", sf->k_lo);
        jsonio_num(&w, "scale_high", sf->k_hi);
        num_or_null(&w, "max_total_index", isfinite(sf->max_st) ? sf->max_st : NAN);
        jsonio_end_object(&w);
    }
    jsonio_end_array(&w);
    jsonio_array(&w, "outputs");
    for (int m = 0; m < r->n_outputs; m++) {
        const struct sobol_output *so = &r->outputs[m];
        jsonio_object(&w, NULL);
        jsonio_text(&w, "label", sobol_output_label(r, so, lab, sizeof lab));
        jsonio_text(&w, "scenario", r->plan->scenarios[so->scenario].name);
        jsonio_text(&w, "objective", so->objective == SWEEP_RTO ? "rto" : "rpo");
        jsonio_text(&w, "measure", so->measure == SOBOL_P_MEET ? "p_met" : "value_s");
        if (so->measure == SOBOL_VALUE)
            jsonio_num(&w, "quantile", so->quantile);
        num_or_null(&w, "as_written", so->as_written);
        num_or_null(&w, "mean", so->mean);
        num_or_null(&w, "variance", so->variance);
        jsonio_array(&w, "indices");
        for (int i = 0; i < r->n_factors; i++) {
            jsonio_object(&w, NULL);
            jsonio_text(&w, "path", r->factors[i].f.path);
            num_or_null(&w, "first_order", so->s1[i]);
            num_or_null(&w, "first_order_lo", so->s1_lo[i]);
            num_or_null(&w, "first_order_hi", so->s1_hi[i]);
            num_or_null(&w, "total", so->st[i]);
            num_or_null(&w, "total_lo", so->st_lo[i]);
            num_or_null(&w, "total_hi", so->st_hi[i]);
            jsonio_end_object(&w);
        }
        jsonio_end_array(&w);
        jsonio_end_object(&w);
    }
    jsonio_end_array(&w);
    return jsonio_commit(&w);
}
