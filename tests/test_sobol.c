/* tests/test_sobol.c: the global sensitivity analysis (analysis/sobol.h): the known
 * answer of an additive RTO, inert inputs, outputs without variance, independence from the
 * thread count, and the command's outputs and refusals. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/sobol.h"
#include "tests/fixture.h"

#define PLAN "tests/data/sobol-additive.yaml"

static int find_factor(const struct sobol_results *r, const char *path)
{
    for (int i = 0; i < r->n_factors; i++)
        if (strcmp(r->factors[i].f.path, path) == 0)
            return i;
    cr_assert_fail("no factor %s", path);
    return -1;
}

static const struct sobol_output *find_output(const struct sobol_results *r,
                                              enum sweep_objective o, enum sobol_measure m)
{
    for (int k = 0; k < r->n_outputs; k++)
        if (r->outputs[k].objective == o && r->outputs[k].measure == m)
            return &r->outputs[k];
    cr_assert_fail("no output");
    return NULL;
}

static struct sobol_results *analyse(const struct fixture_src *s, int threads, int n_base)
{
    struct sobol_options o = {.n_trials = 4, .seed = 7, .threads = threads, .spread = 0.5,
                              .n_base = n_base, .n_boot = 200};
    struct sobol_results *r = NULL;
    cr_assert_eq(sobol_run(s->p, s->name, s->text, s->len, &o, &r), SWEEP_OK);
    return r;
}

/* RTO = k_a 1h + k_b 2h + k_c 3h with the k independent and uniform on [0.5, 1.5]: the
 * variance splits as d_i^2, so S_i = ST_i = d_i^2 / 14. The estimate from 256 quasi-random
 * base samples is within 0.03 of it, and the bootstrap interval covers it. */
Test(sobol, additive_rto_known_answer)
{
    struct fixture_src s;
    fixture_src_load(&s, PLAN);
    struct sobol_results *r = analyse(&s, 2, 256);
    const char *path[3] = {"scenarios.region.runbook.a.duration",
                           "scenarios.region.runbook.b.duration",
                           "scenarios.region.runbook.c.duration"};
    const double exact[3] = {1.0 / 14, 4.0 / 14, 9.0 / 14};
    const struct sobol_output *o = find_output(r, SWEEP_RTO, SOBOL_VALUE);
    cr_assert_eq(r->n_factors, 4);
    cr_assert_eq(r->n_runs, 256 * (4 + 2));
    cr_assert_str_eq(r->sequence, "sobol");
    /* The output is the RTO itself: its mean is sum d_i = 6 h (E k = 1), its variance
     * sum d_i^2 / 12 (the scales' variance is 1/12). */
    cr_assert_eq(o->as_written, 6 * 3600.0);
    cr_assert_float_eq(o->mean, 6 * 3600.0, 0.01 * 6 * 3600.0);
    cr_assert_float_eq(o->variance, 14 * 3600.0 * 3600.0 / 12, 0.05 * 14 * 3600.0 * 3600.0 / 12);
    for (int k = 0; k < 3; k++) {
        int i = find_factor(r, path[k]);
        cr_expect_float_eq(o->st[i], exact[k], 0.03, "%s ST %g", path[k], o->st[i]);
        cr_expect_float_eq(o->s1[i], exact[k], 0.03, "%s S1 %g", path[k], o->s1[i]);
        cr_expect(o->st_lo[i] <= exact[k] && exact[k] <= o->st_hi[i], "%s ST interval %g..%g",
                  path[k], o->st_lo[i], o->st_hi[i]);
        cr_expect(o->s1_lo[i] <= exact[k] && exact[k] <= o->s1_hi[i], "%s S1 interval %g..%g",
                  path[k], o->s1_lo[i], o->s1_hi[i]);
    }
    /* Ranked by the largest total index: c, b, a, then the inert input. */
    cr_assert_str_eq(r->factors[0].f.path, path[2]);
    cr_assert_str_eq(r->factors[1].f.path, path[1]);
    cr_assert_str_eq(r->factors[2].f.path, path[0]);
    /* No step restores the store: its throughput changes nothing, exactly. */
    int inert = find_factor(r, "stores.db.restore.throughput");
    cr_assert_eq(o->st[inert], 0.0);
    cr_assert_eq(o->s1[inert], 0.0);
    /* The RPO is 0 in every run: nothing to split. */
    const struct sobol_output *rpo = find_output(r, SWEEP_RPO, SOBOL_VALUE);
    cr_assert_eq(rpo->variance, 0.0);
    cr_assert(isnan(rpo->st[0]) && isnan(rpo->s1[0]));
    sobol_results_free(r);
    fixture_src_free(&s);
}

Test(sobol, same_figures_for_any_thread_count)
{
    struct fixture_src s;
    fixture_src_load(&s, PLAN);
    struct sobol_results *a = analyse(&s, 1, 16), *b = analyse(&s, 2, 16);
    cr_assert_eq(a->n_outputs, b->n_outputs);
    for (int m = 0; m < a->n_outputs; m++)
        for (int i = 0; i < a->n_factors; i++) {
            const struct sobol_output *x = &a->outputs[m], *y = &b->outputs[m];
            cr_assert(memcmp(&x->st[i], &y->st[i], sizeof(double)) == 0);
            cr_assert(memcmp(&x->s1[i], &y->s1[i], sizeof(double)) == 0);
            cr_assert(memcmp(&x->st_lo[i], &y->st_lo[i], sizeof(double)) == 0);
        }
    sobol_results_free(a);
    sobol_results_free(b);
    fixture_src_free(&s);
}

Test(sobol, command_writes_the_set_and_refuses_bad_options)
{
    char *out = NULL, dir[64], args[512], path[128];
    fixture_tmpdir(dir, "sobol");
    snprintf(args, sizeof args, "sensitivity " PLAN " --method sobol --spread 50%% --samples 32 "
             "-n 4 -q -o %s/out", dir);
    int rc = fixture_drsim(NULL, args, &out);
    cr_assert_eq(rc, 0, "%s", out);
    cr_assert(strstr(out, "global sensitivity (Sobol indices)"), "%s", out);
    cr_assert(strstr(out, "region RTO P95: the same") == NULL, "%s", out);
    free(out);
    snprintf(path, sizeof path, "%s/out/sensitivity.json", dir);
    struct jsonio_doc *j = fixture_json(path);
    cr_assert_str_eq(jsonio_get_string(jsonio_member(jsonio_root(j), "method")), "sobol");
    jsonio_free(j);
    snprintf(args, sizeof args, "test -s %s/out/charts/sobol-region-rto-value.svg"
             " && test -s %s/out/sobol-additive-sensitivity.xlsx", dir, dir);
    cr_assert_eq(fixture_shell(args, NULL), 0);
    rc = fixture_drsim(NULL, "sensitivity " PLAN " --method tornado -q", &out);
    cr_assert_eq(rc, 2);
    cr_assert(strstr(out, "--method takes oat or sobol (got \"tornado\")"), "%s", out);
    free(out);
    rc = fixture_drsim(NULL, "sensitivity " PLAN " --samples 8 -q", &out);
    cr_assert_eq(rc, 2);
    cr_assert(strstr(out, "--samples and --bootstrap apply to --method sobol"), "%s", out);
    free(out);
    rc = fixture_drsim(NULL, "sensitivity " PLAN " --method sobol --samples 1 -q", &out);
    cr_assert_eq(rc, 2);
    cr_assert(strstr(out, "at least 2 base samples"), "%s", out);
    free(out);
    fixture_rm_rf(dir);
}

/* The design beyond GSL's 40 Sobol dimensions is a Latin hypercube: in every coordinate
 * each of the N strata [j/N, (j+1)/N) holds exactly one point, whatever the dimension,
 * and the same seed gives the same points. (drsim 0.1.0 used a reverse Halton sequence
 * there, whose first N points in dimension d lie within N/p_d of each other: with the
 * built-in plan's 109 inputs every run had most of them near their P90.) */
Test(sobol, design_beyond_forty_dimensions_is_stratified_in_every_coordinate)
{
    const int n = 16, dims = 218;
    double *a = malloc((size_t)n * dims * sizeof *a), *b = malloc((size_t)n * dims * sizeof *b);
    const char *seq = NULL;
    cr_assert_eq(sobol_design(n, dims, 1, a, &seq), 0);
    cr_assert_str_eq(seq, "latin-hypercube");
    for (int d = 0; d < dims; d++) {
        int seen[16] = {0};
        for (int j = 0; j < n; j++) {
            double x = a[(size_t)j * dims + (size_t)d];
            cr_assert(x >= 0.0 && x < 1.0);
            seen[(int)(x * n)]++;
        }
        for (int s = 0; s < n; s++)
            cr_assert_eq(seen[s], 1, "dimension %d stratum %d holds %d points", d, s, seen[s]);
    }
    cr_assert_eq(sobol_design(n, dims, 1, b, &seq), 0);
    cr_assert(memcmp(a, b, (size_t)n * dims * sizeof *a) == 0, "same seed, other points");
    cr_assert_eq(sobol_design(n, dims, 2, b, &seq), 0);
    cr_assert(memcmp(a, b, (size_t)n * dims * sizeof *a) != 0, "another seed, same points");
    /* Up to 40 dimensions: GSL's Sobol sequence from its start, (0.5, ...). */
    cr_assert_eq(sobol_design(n, 40, 1, a, &seq), 0);
    cr_assert_str_eq(seq, "sobol");
    for (int d = 0; d < 40; d++)
        cr_assert_eq(a[d], 0.5);
    free(a);
    free(b);
}
