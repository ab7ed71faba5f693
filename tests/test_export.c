/* tests/test_export.c: the per-trial CSV (`drsim run --trials-csv`, reports/trials_csv.h)
 * and `drsim trace --at`.
 *
 * In process: the number formatter against printf, the rows against the engine's own
 * per-trial values and identical for any thread count, a write failure stopping the run.
 * Through the binary ($DRSIM_BIN, run from the repository's top directory): rows against
 * what `drsim trace` prints for sampled trials of the built-in plan, -j 1 and -j 2 byte
 * for byte, the CSV's percentiles against summary.json's, `trace --at` against sorting
 * the CSV, where the file goes (in the manifest or not), and the refusals.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <time.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "models/units.h"
#include "reports/trials_csv.h"
#include "sim/mc.h"
#include "sim/hist.h"
#include "sim/stats.h"
#include "tests/fixture.h"

#define SEED 7
#define N_RUN 5000              /* trials per scenario of the runs through the binary */
#define RUN_ARGS "-n 5000 --seed 7 -q --no-charts --no-workbook --no-decision-curve"

/* ---- the number formatter ------------------------------------------------------------ */

static uint64_t xorshift(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void expect_number(double x)
{
    char want[64], got[64];
    snprintf(want, sizeof want, "%.17g", x);
    if (isnan(x))
        want[0] = '\0';
    size_t n = trials_csv_number(x, got);
    cr_assert_str_eq(got, want, "%a", x);
    cr_assert_eq(n, strlen(want));
}

Test(export, number_is_printf_17g)
{
    static const double special[] = {0.0, -0.0, 1.0, -1.0, 0.5, 0.0625, 0.0624999999,
                                     1e-300, 5e-324, 0.1, 0.3, 2.5, 3.5, 1e16, 1e17, 1e17 - 16,
                                     9007199254740991.0, 9007199254740992.0,
                                     9007199254740993.0, 4503599627370495.5, 86400.0,
                                     99999.999999999985, 0.99999999999999989, 123456.78,
                                     1.7976931348623157e308};
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++) {
        expect_number(special[i]);
        expect_number(-special[i]);
    }
    expect_number(INFINITY);
    expect_number(-INFINITY);
    expect_number(NAN);
    /* Exact ties at the 17th digit: a whole part of 17 - k digits and a fraction j /
     * 2^(k+1) with j odd make x 10^k end in exactly .5 (ties go to the even digit). */
    int n_ties = 0;
    for (int k = 1; k <= 16; k++)
        for (int j = 1; j < 16; j += 2) {
            double ip = pow(10.0, 16 - k) + 12345.0 * (k < 12);
            double x = ip + (double)(j % (1 << (k + 1))) / (double)(1 << (k + 1));
            if (x - ip != (double)(j % (1 << (k + 1))) / (double)(1 << (k + 1)))
                continue;   /* not exact in a double */
            expect_number(x);
            n_ties++;
        }
    cr_assert_gt(n_ties, 50);
    uint64_t s = 88172645463325252ull;
    for (int i = 0; i < 400000; i++) {
        uint64_t r = xorshift(&s);
        double x;
        switch (i % 4) {
        case 0: /* any bits of a finite double */
            memcpy(&x, &r, sizeof x);
            if (!isfinite(x))
                continue;
            break;
        case 1: /* seconds as the CSV holds them: 1e-3 .. 1e9 */
            x = pow(10.0, -3.0 + 12.0 * (double)(r >> 11) / 9007199254740992.0);
            break;
        case 2: /* whole numbers and halves, quarters ... (exact ties at the 17th digit) */
            x = (double)(r >> 20) / (double)(1u << (r % 12));
            break;
        default: /* near powers of ten and of two */
            x = nextafter(pow(10.0, (double)(r % 20) - 3.0), (r & 1) ? INFINITY : 0.0);
            break;
        }
        expect_number(x);
    }
}

/* ---- in process ---------------------------------------------------------------------- */

/* The CSV of plan p written by a run of n trials on `threads` threads, malloc'd. */
static char *csv_of_run(const struct plan *p, uint64_t n, int threads, struct mc_results **res)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    struct trials_csv *t = NULL;
    cr_assert_eq(trials_csv_new(f, p, threads, &t), TRIALS_CSV_OK);
    struct mc_sink sink;
    trials_csv_sink(t, &sink);
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run_sink(p, n, SEED, threads, NULL, NULL, &sink, &r), MC_OK);
    cr_assert_eq(trials_csv_finish(t), TRIALS_CSV_OK);
    cr_assert_eq(trials_csv_rows(t), n * (uint64_t)p->n_scenarios);
    trials_csv_free(t);
    cr_assert_eq(fclose(f), 0);
    if (res)
        *res = r;
    else
        mc_results_free(r);
    return buf;
}

/* The next CRLF-ended line of *p into line (NUL-terminated, no CRLF); 0 at the end. */
static int next_line(const char **p, char *line, size_t cap)
{
    if (!**p)
        return 0;
    const char *e = strstr(*p, "\r\n");
    cr_assert_not_null(e, "a row without CRLF: %.80s", *p);
    size_t n = (size_t)(e - *p);
    cr_assert_lt(n, cap);
    memcpy(line, *p, n);
    line[n] = '\0';
    *p = e + 2;
    return 1;
}

/* Split line at commas (no field of these plans is quoted) into f[0 .. max). */
static int split(char *line, char **f, int max)
{
    int n = 0;
    for (char *p = line;; p++) {
        f[n++] = p;
        p = strchr(p, ',');
        if (!p || n == max)
            break;
        *p = '\0';
    }
    return n;
}

/* The column named name in header fields h[0 .. n); fails the test when absent. */
static int column(char **h, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(h[i], name) == 0)
            return i;
    cr_assert_fail("no column %s", name);
    return -1;
}

/* Every row holds the engine's own per-trial values (read back exactly), in scenario
 * then trial order, and the file is the same bytes on 1, 2 and 5 threads (units run out
 * of order there, and a unit's rows wait for the earlier ones). */
Test(export, rows_are_the_engines_values_on_any_threads)
{
    struct plan *p = fixture_plan_file(NULL);
    uint64_t n = 3 * MC_CHUNK + 17;
    struct mc_results *r = NULL;
    char *one = csv_of_run(p, n, 1, &r);
    char *two = csv_of_run(p, n, 2, NULL);
    char *five = csv_of_run(p, n, 5, NULL);
    cr_assert_str_eq(one, two);
    cr_assert_str_eq(one, five);

    static char line[8192], head[8192];
    char *h[64], *f[64];
    const char *at = one;
    cr_assert(next_line(&at, head, sizeof head));
    int nh = split(head, h, 64);
    cr_assert_eq(nh, 11 + 2 * p->n_services);
    cr_assert_str_eq(h[0], "scenario");
    cr_assert_str_eq(h[11], "data-collection.rto_s");
    int c_rto = column(h, nh, "rto_s"), c_rpo = column(h, nh, "rpo_s");
    int c_all = column(h, nh, "rpo_all_s"), c_full = column(h, nh, "full_s");
    int c_out = column(h, nh, "outcome"), c_ab = column(h, nh, "abandoned");
    int c_outage = column(h, nh, "outage_s"), c_start = column(h, nh, "start_utc");
    struct trial_worker *tw = trial_worker_new(p, r->seed);  /* the run's values, replayed */
    cr_assert_not_null(tw);
    for (int s = 0; s < p->n_scenarios; s++) {
        for (uint64_t k = 0; k < n; k++) {
            const struct trial_result *t = trial_run(tw, s, k, NULL);
            cr_assert(next_line(&at, line, sizeof line), "row %llu of %s missing",
                      (unsigned long long)k, p->scenarios[s].name);
            cr_assert_eq(split(line, f, 64), nh);
            cr_assert_str_eq(f[0], p->scenarios[s].name);
            cr_assert_eq(strtoull(f[1], NULL, 10), k);
            cr_assert_eq(strtod(f[c_rto], NULL), t->rto_s);
            cr_assert_eq(strtod(f[c_rpo], NULL), t->rpo_s);
            cr_assert_eq(strtod(f[c_all], NULL), t->rpo_all_s);
            cr_assert_eq(strtod(f[c_full], NULL), t->full_s);
            if (isnan(t->outage_s))
                cr_assert_str_empty(f[c_outage]);
            else
                cr_assert_eq(strtod(f[c_outage], NULL), t->outage_s);
            cr_assert_str_eq(f[c_out], t->in_place ? "recovered_in_place" : "failed_over");
            cr_assert_str_eq(f[c_ab], t->abandoned ? "1" : "0");
            /* The start, to the second, from the epoch's day. */
            double ts = t->start_abs_s;
            long day = p->calendar.epoch_days + (long)floor(ts / 86400.0);
            char date[16], want[64];
            long sod = (long)floor(ts - floor(ts / 86400.0) * 86400.0);
            units_format_date(day, date, sizeof date);
            snprintf(want, sizeof want, "%sT%02ld:%02ld:%02ldZ", date, sod / 3600, sod / 60 % 60,
                     sod % 60);
            cr_assert_str_eq(f[c_start], want);
        }
    }
    cr_assert_str_empty(at, "rows after the last trial");
    trial_worker_free(tw);
    free(one);
    free(two);
    free(five);
    mc_results_free(r);
    plan_free(p);
}

/* A sink around the CSV's that holds back the first unit, so that every later unit
 * finishes before it and waits in the window, and records how far ahead of the oldest
 * unfinished unit a worker was let start. A unit counts as finished just before its rows
 * are handed over, so the oldest unfinished one is never older than the oldest unwritten
 * one the window counts from: the bound checked below cannot be met by chance. */
#define SLOW_UNITS 64
struct slow_first {
    struct mc_sink inner;
    pthread_mutex_t mu;
    void *chunk[SLOW_UNITS];        /* each unit's chunk context */
    unsigned char ended[SLOW_UNITS]; /* units whose chunk_end was called */
    uint64_t max_ahead;             /* largest seq - oldest unended seq at a chunk_begin */
};

static void *slow_begin(void *user, uint64_t seq, int s, uint64_t first, uint64_t n)
{
    struct slow_first *w = user;
    void *ck = w->inner.chunk_begin(w->inner.user, seq, s, first, n);
    pthread_mutex_lock(&w->mu);
    cr_assert_lt(seq, SLOW_UNITS);
    w->chunk[seq] = ck;
    uint64_t oldest = 0;
    while (oldest < SLOW_UNITS && w->ended[oldest])
        oldest++;
    if (seq - oldest > w->max_ahead)
        w->max_ahead = seq - oldest;
    pthread_mutex_unlock(&w->mu);
    if (seq == 0) {
        struct timespec ts = {0, 500000000L};   /* 0.5 s: the others run ahead */
        nanosleep(&ts, NULL);
    }
    return ck;
}

static int slow_end(void *user, void *chunk)
{
    struct slow_first *w = user;
    pthread_mutex_lock(&w->mu);
    for (int u = 0; u < SLOW_UNITS; u++)
        if (w->chunk[u] == chunk && !w->ended[u]) {
            w->ended[u] = 1;
            break;
        }
    pthread_mutex_unlock(&w->mu);
    return w->inner.chunk_end(w->inner.user, chunk);
}

/* The reorder window: with the first unit held back, the later ones finish first and
 * wait; workers are let start at most 2 x threads - 1 units ahead of the oldest unit
 * not yet written, and the file is still the single-threaded one byte for byte. */
Test(export, window_holds_early_units_and_is_bounded, .timeout = 120)
{
    struct plan *p = fixture_plan_file(NULL);
    uint64_t n = 6 * MC_CHUNK;
    char *want = csv_of_run(p, n, 1, NULL);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    const int threads = 3;
    struct trials_csv *t = NULL;
    cr_assert_eq(trials_csv_new(f, p, threads, &t), TRIALS_CSV_OK);
    struct slow_first w;
    memset(&w, 0, sizeof w);
    pthread_mutex_init(&w.mu, NULL);
    trials_csv_sink(t, &w.inner);
    struct mc_sink sink = {&w, slow_begin, w.inner.trial, slow_end, NULL, NULL, NULL, 0};
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run_sink(p, n, SEED, threads, NULL, NULL, &sink, &r), MC_OK);
    cr_assert_eq(trials_csv_finish(t), TRIALS_CSV_OK);
    trials_csv_free(t);
    cr_assert_eq(fclose(f), 0);
    cr_assert_str_eq(buf, want);
    /* Never past the window (2 x threads units from the oldest unwritten); and while
     * unit 0 slept the others ran ahead of it, past the units in flight. */
    cr_expect_leq(w.max_ahead, 2 * threads - 1);
    cr_expect_geq(w.max_ahead, (uint64_t)threads);
    pthread_mutex_destroy(&w.mu);
    free(buf);
    free(want);
    mc_results_free(r);
    plan_free(p);
}

/* A write that fails during the run stops it (MC_CANCELLED) and says why. */
Test(export, write_failure_stops_the_run)
{
    FILE *f = fopen("/dev/full", "w");
    cr_assert_not_null(f);
    struct plan *p = fixture_plan_file(NULL);
    struct trials_csv *t = NULL;
    cr_assert_eq(trials_csv_new(f, p, 2, &t), TRIALS_CSV_OK); /* the header is buffered */
    struct mc_sink sink;
    trials_csv_sink(t, &sink);
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run_sink(p, 40 * MC_CHUNK, SEED, 2, NULL, NULL, &sink, &r), MC_CANCELLED);
    cr_assert_null(r);
    cr_assert_eq(trials_csv_finish(t), TRIALS_CSV_IO);
    cr_assert_eq(trials_csv_errno(t), ENOSPC);
    trials_csv_free(t);
    fclose(f);
    plan_free(p);
}

/* ---- through the binary -------------------------------------------------------------- */

/* One row of the CSV as the tests below need it. */
struct row {
    char scenario[64];
    uint64_t trial;
    char outcome[32];
    int abandoned;
    double rto_s, rpo_s, full_s;
    char path_end[64];
    int n_services;
    char service[8][64];
    double svc_rto_s[8], svc_rpo_s[8];
};

struct csv {
    struct row *rows;
    int n;
};

static void csv_read(const char *path, struct csv *c)
{
    char *text = fixture_slurp(path, NULL);
    cr_assert_not_null(text, "%s", path);
    cr_assert_null(strchr(text, '"'), "a quoted field in %s", path);
    static char head[8192], line[8192];
    char *h[64], *f[64];
    const char *at = text;
    cr_assert(next_line(&at, head, sizeof head));
    int nh = split(head, h, 64);
    int n_svc = (nh - 11) / 2;
    cr_assert_leq(n_svc, 8);
    c->n = 0;
    c->rows = calloc(4 * N_RUN, sizeof *c->rows);
    cr_assert_not_null(c->rows);
    while (next_line(&at, line, sizeof line)) {
        cr_assert_lt(c->n, 4 * N_RUN);
        cr_assert_eq(split(line, f, 64), nh);
        struct row *r = &c->rows[c->n++];
        snprintf(r->scenario, sizeof r->scenario, "%s", f[0]);
        r->trial = strtoull(f[1], NULL, 10);
        snprintf(r->outcome, sizeof r->outcome, "%s", f[2]);
        r->abandoned = f[3][0] == '1';
        r->rto_s = strtod(f[column(h, nh, "rto_s")], NULL);
        r->rpo_s = strtod(f[column(h, nh, "rpo_s")], NULL);
        r->full_s = strtod(f[column(h, nh, "full_s")], NULL);
        snprintf(r->path_end, sizeof r->path_end, "%s", f[column(h, nh, "critical_path_end")]);
        r->n_services = n_svc;
        for (int v = 0; v < n_svc; v++) {
            snprintf(r->service[v], sizeof r->service[v], "%.*s",
                     (int)(strlen(h[11 + 2 * v]) - strlen(".rto_s")), h[11 + 2 * v]);
            r->svc_rto_s[v] = strtod(f[11 + 2 * v], NULL);
            r->svc_rpo_s[v] = strtod(f[12 + 2 * v], NULL);
        }
    }
    free(text);
}

static const struct row *csv_row(const struct csv *c, const char *scenario, uint64_t k)
{
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->rows[i].scenario, scenario) == 0 && c->rows[i].trial == k)
            return &c->rows[i];
    cr_assert_fail("no row for trial %llu of %s", (unsigned long long)k, scenario);
    return NULL;
}

/* The RTOs of scenario's rows in trial order (n of them). */
static double *csv_rto(const struct csv *c, const char *scenario, uint64_t *n)
{
    double *v = malloc((size_t)c->n * sizeof *v);
    cr_assert_not_null(v);
    *n = 0;
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->rows[i].scenario, scenario) == 0) {
            cr_assert_eq(c->rows[i].trial, *n, "rows out of order");
            v[(*n)++] = c->rows[i].rto_s;
        }
    return v;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The trial `trace --at` should pick: the first whose RTO is sorted[i] (largest) or lies
 * in sorted[i]'s histogram bin (other ranks). */
static uint64_t pick(const double *rto, uint64_t n, uint64_t i)
{
    double *s = malloc(n * sizeof *s);
    cr_assert_not_null(s);
    memcpy(s, rto, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_double);
    uint64_t k = 0;
    /* The largest: exactly that value; other ranks: the first trial in the value's
     * histogram bin (sim/mc.h: representative trials to HIST_REL_RES). */
    if (i == n - 1)
        while (rto[k] != s[i])
            k++;
    else
        while (hist_bin_of(rto[k]) != hist_bin_of(s[i]))
            k++;
    free(s);
    return k;
}

/* A run of the built-in plan into dir, with the CSV at dir/trials.csv, on `threads`. */
static void run_csv(const char *dir, int threads)
{
    char args[512], *out;
    snprintf(args, sizeof args, "run " RUN_ARGS " -j %d -o %s --trials-csv %s/trials.csv",
             threads, dir, dir);
    int rc = fixture_drsim(NULL, args, &out);
    cr_assert_eq(rc, 0, "drsim %s: exit %d:\n%s", args, rc, out);
    cr_assert(strstr(out, "trials.csv (20000 trials, a row each)"), "%s", out);
    free(out);
}

static char dir_j2[64];
static struct csv csv_j2;

static void setup_run(void)
{
    fixture_tmpdir(dir_j2, "export");
    run_csv(dir_j2, 2);
    char path[128];
    snprintf(path, sizeof path, "%s/trials.csv", dir_j2);
    csv_read(path, &csv_j2);
}

static void teardown_run(void)
{
    free(csv_j2.rows);
    fixture_rm_rf(dir_j2);
}

/* The text after `key` in out up to the next of the characters in `stop`, into buf. */
static const char *after(const char *out, const char *key, const char *stop, char *buf,
                         size_t cap)
{
    const char *p = strstr(out, key);
    cr_assert_not_null(p, "no '%s' in:\n%s", key, out);
    p += strlen(key);
    size_t n = strcspn(p, stop);
    cr_assert_lt(n, cap);
    memcpy(buf, p, n);
    buf[n] = '\0';
    return p + n;
}

/* For sampled trials of three scenarios (an outage of each kind and a damage one),
 * the row says what `drsim trace --trial K` prints, at the precision it prints. */
Test(export, rows_match_trace, .init = setup_run, .fini = teardown_run, .timeout = 120)
{
    static const char *const scen[] = {"zone", "region", "ransomware"};
    static const uint64_t ks[] = {0, 1, 17, 2047, 4095, 4096, 4999};
    int n_failed_over = 0, n_in_place = 0;
    for (size_t s = 0; s < 3; s++)
        for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
            const struct row *r = csv_row(&csv_j2, scen[s], ks[i]);
            char args[256], *out, key[128], got[64], want[64];
            snprintf(args, sizeof args, "trace --scenario %s --trial %llu --seed %d", scen[s],
                     (unsigned long long)ks[i], SEED);
            cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
            snprintf(key, sizeof key, "\ntrial %llu of scenario %s: RTO ",
                     (unsigned long long)ks[i], scen[s]);
            const char *p = after(out, key, ",", got, sizeof got);
            cr_expect_str_eq(got, units_format_duration(r->rto_s, want, sizeof want),
                             "%s RTO", args);
            p = after(p, ", RPO ", ",", got, sizeof got);
            cr_expect_str_eq(got, units_format_duration(r->rpo_s, want, sizeof want),
                             "%s RPO", args);
            p = after(p, ", full restoration ", " \n", got, sizeof got);
            cr_expect_str_eq(got, units_format_duration(r->full_s, want, sizeof want),
                             "%s full", args);
            /* A damage scenario that destroys nothing (ransomware) is never recovered in
             * place, and trace says nothing of the outcome. */
            const char *how = s == 2                              ? "\n"
                              : strcmp(r->outcome, "failed_over") == 0 ? " (failed over)\n"
                              : r->abandoned ? " (recovered in place: failover abandoned)\n"
                                             : " (recovered in place)\n";
            if (s == 2)
                cr_expect_str_eq(r->outcome, "failed_over", "%s", args);
            cr_expect_eq(strncmp(p, how, strlen(how)), 0, "%s: %s but: %.60s", args, r->outcome,
                         p);
            n_failed_over += strlen(how) > 2 && how[2] == 'f';
            n_in_place += strlen(how) > 2 && how[2] == 'r';
            for (int v = 0; v < r->n_services; v++) {
                snprintf(key, sizeof key, "  service %s", r->service[v]);
                const char *q = after(out, key, ":", got, sizeof got);
                q = after(q, ": RTO ", " ,", got, sizeof got);
                cr_expect_str_eq(got, units_format_duration(r->svc_rto_s[v], want, sizeof want),
                                 "%s %s RTO", args, r->service[v]);
                q = after(q, ", RPO ", " \n", got, sizeof got);
                cr_expect_str_eq(got, units_format_duration(r->svc_rpo_s[v], want, sizeof want),
                                 "%s %s RPO", args, r->service[v]);
            }
            /* The step that ended the critical path is on the path trace prints. */
            const char *path = strstr(out, "  critical path:");
            if (r->path_end[0]) {
                cr_assert_not_null(path, "%s: no critical path, the CSV says %s", args,
                                   r->path_end);
                snprintf(key, sizeof key, " %s (", r->path_end);
                cr_expect_not_null(strstr(path, key), "%s: %s not on the path", args,
                                   r->path_end);
            } else {
                cr_expect_null(path, "%s: a critical path, none in the CSV", args);
            }
            free(out);
        }
    cr_expect_gt(n_failed_over, 0, "no failed-over trial sampled");
    cr_expect_gt(n_in_place, 0, "no trial recovered in place sampled");
}

/* The same seed gives the same file byte for byte on 1 and 2 threads. */
Test(export, same_file_on_one_and_two_threads, .init = setup_run, .fini = teardown_run,
     .timeout = 120)
{
    char dir[64], a[128], b[128];
    fixture_tmpdir(dir, "export-j1");
    run_csv(dir, 1);
    snprintf(a, sizeof a, "%s/trials.csv", dir);
    snprintf(b, sizeof b, "%s/trials.csv", dir_j2);
    size_t la, lb;
    char *ta = fixture_slurp(a, &la), *tb = fixture_slurp(b, &lb);
    cr_assert(ta && tb);
    cr_assert_eq(la, lb);
    cr_assert_eq(memcmp(ta, tb, la), 0, "the files differ");
    free(ta);
    free(tb);
    fixture_rm_rf(dir);
}

/* Sorting the CSV's RTO column gives summary.json's percentiles within the histogram's
 * resolution (HIST_REL_RES), and `trace
 * --at` picks the trial sorting it gives (summary.json's typical and P95 trials too). */
Test(export, percentiles_and_trace_at_match_the_csv, .init = setup_run, .fini = teardown_run,
     .timeout = 120)
{
    char path[128];
    snprintf(path, sizeof path, "%s/summary.json", dir_j2);
    struct jsonio_doc *doc = fixture_json(path);
    const struct jsonio_value *scens = fixture_json_at(jsonio_root(doc), "scenarios");
    static const char *const names[] = {"zone", "region"};
    for (int s = 0; s < 2; s++) {
        uint64_t n;
        double *rto = csv_rto(&csv_j2, names[s], &n);
        cr_assert_eq(n, N_RUN);
        double *sorted = malloc(n * sizeof *sorted);
        memcpy(sorted, rto, n * sizeof *sorted);
        qsort(sorted, n, sizeof *sorted, cmp_double);
        char where[64];
        snprintf(where, sizeof where, "[%d].name", s);
        cr_assert_str_eq(jsonio_get_string(fixture_json_at(scens, where)), names[s]);
        static const char *const keys[] = {"p50_s", "p90_s", "p95_s", "p99_s"};
        static const double q[] = {0.50, 0.90, 0.95, 0.99};
        for (int i = 0; i < 4; i++) {
            snprintf(where, sizeof where, "[%d].rto.%s", s, keys[i]);
            /* Within the histogram's stated resolution (docs/method.md). */
            double e = stats_percentile_sorted(sorted, n, q[i]);
            cr_expect(fabs(fixture_json_num(scens, where) - e) <= HIST_REL_RES * e,
                      "%s %s: %.17g vs %.17g", names[s], where, fixture_json_num(scens, where), e);
        }
        snprintf(where, sizeof where, "[%d].rto.max_s", s);
        cr_expect_eq(sorted[n - 1], fixture_json_num(scens, where));

        static const char *const at[] = {"p50", "p95", "p99", "max"};
        const uint64_t idx[] = {(n - 1) / 2, (uint64_t)ceil(0.95 * (double)n) - 1,
                                (uint64_t)ceil(0.99 * (double)n) - 1, n - 1};
        for (int i = 0; i < 4; i++) {
            char args[256], *out, key[160], got[32];
            uint64_t want = pick(rto, n, idx[i]);
            snprintf(args, sizeof args, "trace --scenario %s --at %s -n %d --seed %d -j 2",
                     names[s], at[i], N_RUN, SEED);
            cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
            snprintf(key, sizeof key, "scenario %s, trial ", names[s]);
            after(out, key, ",", got, sizeof got);
            cr_expect_eq(strtoull(got, NULL, 10), want, "%s picked %s, sorting says %llu", args,
                         got, (unsigned long long)want);
            static const char *const said[] = {"P50", "P95", "P99", "largest"};
            snprintf(key, sizeof key, ", trial %llu, the %s RTO of %d trials, seed %d\n",
                     (unsigned long long)want, said[i], N_RUN, SEED);
            cr_expect_not_null(strstr(out, key), "%s: no '%s' in\n%.300s", args, key, out);
            if (i < 2) {
                snprintf(where, sizeof where, "[%d].%s", s,
                         i == 0 ? "median_rto_trial" : "p95_rto_trial");
                cr_expect_eq(fixture_json_num(scens, where), (double)want, "%s", where);
            }
            free(out);
        }
        free(sorted);
        free(rto);
    }
    jsonio_free(doc);
}

/* Inside the output directory the CSV is one of the set's files (in the manifest, and
 * gone with the set when the next run writes none); outside it is a file of its own,
 * not in the manifest. */
Test(export, placement_and_manifest, .timeout = 120)
{
    char dir[64], other[64], args[512], path[160], *out, *man;
    fixture_tmpdir(dir, "export-place");
    fixture_tmpdir(other, "export-other");
    snprintf(args, sizeof args, "run -n 300 --seed 7 -q --no-charts --no-workbook "
             "--no-decision-curve -o %s --trials-csv %s/t.csv", dir, dir);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    free(out);
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    man = fixture_slurp(path, NULL);
    cr_assert(man && strstr(man, "\"path\": \"t.csv\""), "%s", man ? man : "no manifest");
    cr_expect(strstr(man, "--trials-csv"), "the command in the manifest: %s", man);
    free(man);
    /* Outside: its own file; the set in dir no longer has t.csv, so it goes. */
    snprintf(args, sizeof args, "run -n 300 --seed 7 -q --no-charts --no-workbook "
             "--no-decision-curve -o %s --trials-csv %s/t.csv", dir, other);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    cr_expect(strstr(out, "/t.csv (1200 trials, a row each)"), "%s", out);
    free(out);
    snprintf(path, sizeof path, "%s/t.csv", other);
    struct stat st;
    cr_expect_eq(stat(path, &st), 0, "%s", path);
    snprintf(path, sizeof path, "%s/t.csv", dir);
    cr_expect_neq(stat(path, &st), 0, "%s is still there", path);
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    man = fixture_slurp(path, NULL);
    cr_assert(man && !strstr(man, "\"path\": \"t.csv\""), "%s", man ? man : "no manifest");
    free(man);
    /* Nothing of the staging left beside the file. */
    snprintf(args, sizeof args, "ls -A %s", other);
    cr_assert_eq(fixture_shell(args, &out), 0);
    cr_expect_str_eq(out, "t.csv\n");
    free(out);
    fixture_rm_rf(dir);
    fixture_rm_rf(other);
}

/* --at with a bad word or with --trial, and -n without --at: usage errors (exit 2). */
Test(export, trace_at_refusals)
{
    static const struct {
        const char *args, *msg;
    } bad[] = {
        {"trace --scenario zone --at p42",
         "drsim: error: --at takes p50, p95, p99 or max (got \"p42\")\n"},
        {"trace --scenario zone --at P95",
         "drsim: error: --at takes p50, p95, p99 or max (got \"P95\")\n"},
        {"trace --scenario zone --at p95 --trial 3",
         "drsim: error: --at and --trial cannot be used together: --at picks the trial\n"},
        {"trace --scenario zone --trial 3 --at max",
         "drsim: error: --at and --trial cannot be used together: --at picks the trial\n"},
        {"trace --scenario zone --trial 3 -n 100",
         "drsim: error: -n applies to --at (the run that picks the trial), not to --trial\n"},
        {"trace --scenario zone --at p95 -n 0",
         "drsim: error: -n takes a whole number from 1 to 4294967295 (got \"0\")\n"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *out;
        int rc = fixture_drsim(NULL, bad[i].args, &out);
        cr_expect_eq(rc, 2, "%s: exit %d", bad[i].args, rc);
        cr_expect_str_eq(out, bad[i].msg, "%s", bad[i].args);
        free(out);
    }
    /* An unknown scenario with --at: refused before any trial is played. */
    char *out;
    cr_expect_eq(fixture_drsim(NULL, "trace --scenario nope --at p95", &out), 2);
    cr_expect(strstr(out, "no scenario 'nope'"), "%s", out);
    free(out);
}

/* A CSV path that cannot be written fails before the run (exit 3, I/O), a name of the
 * run's own files is refused (exit 2), and either way the output directory keeps its
 * previous files, with nothing half-written. */
Test(export, unwritable_csv_leaves_the_previous_set, .timeout = 120)
{
    char dir[64], args[512], path[160], *out, *before, *after_run;
    fixture_tmpdir(dir, "export-bad");
    snprintf(args, sizeof args, "run -n 200 -q --no-charts --no-workbook --no-decision-curve "
             "-o %s", dir);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    free(out);
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    before = fixture_slurp(path, NULL);
    cr_assert_not_null(before);
    static const struct {
        const char *csv;        /* printf pattern of the path, %s the output directory */
        int rc;
        const char *msg;        /* printf pattern of the message, %s the path */
    } bad[] = {
        {"/nonexistent-drsim-dir/t.csv", 3,
         "drsim: error: cannot write %s: directory /nonexistent-drsim-dir: No such file or "
         "directory\n"},
        {"%s/summary.json/t.csv", 3, NULL},
        {"%s", 3, "drsim: error: cannot write %s: Is a directory\n"},
        {"%s/summary.json", 2, NULL},
        {"%s/", 2, "drsim: error: --trials-csv needs a file name (got \"%s\")\n"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char csv[160], want[512];
        snprintf(csv, sizeof csv, bad[i].csv, dir);
        snprintf(args, sizeof args, "run -n 200 --seed 9 -q --no-charts --no-workbook "
                 "--no-decision-curve -o %s --trials-csv %s", dir, csv);
        int rc = fixture_drsim(NULL, args, &out);
        cr_expect_eq(rc, bad[i].rc, "%s: exit %d\n%s", csv, rc, out);
        if (bad[i].msg) {
            snprintf(want, sizeof want, bad[i].msg, csv);
            cr_expect_str_eq(out, want);
        } else if (bad[i].rc == 2) {
            snprintf(want, sizeof want, "drsim: error: --trials-csv %s would replace the run's "
                     "own summary.json in %s: choose another name\n", csv, dir);
            cr_expect_str_eq(out, want);
        } else {
            cr_expect(strstr(out, "drsim: error: cannot write ") && strstr(out, "Not a directory"),
                      "%s", out);
        }
        free(out);
        after_run = fixture_slurp(path, NULL);
        cr_assert_not_null(after_run);
        cr_expect_str_eq(after_run, before, "%s: the manifest changed", csv);
        free(after_run);
        snprintf(args, sizeof args, "ls -A %s", dir);
        cr_assert_eq(fixture_shell(args, &out), 0);
        cr_expect_str_eq(out, "manifest.json\nsummary.json\n", "%s: left %s", csv, out);
        free(out);
    }
    free(before);
    fixture_rm_rf(dir);
}

/* The shell completion offers the words of --at (completion/drsim.bash). */
Test(export, completion_of_at)
{
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd,
             "bash --norc --noprofile -c 'source completion/drsim.bash || exit 9; "
             "COMP_WORDS=(%s trace --scenario zone --at p); COMP_CWORD=5; _drsim; "
             "for r in \"${COMPREPLY[@]}\"; do printf \"%%s\\n\" \"$r\"; done' 2>&1",
             fixture_bin());
    cr_assert_eq(fixture_shell(cmd, &out), 0, "%s", out);
    cr_expect_str_eq(out, "p50\np95\np99\n");
    free(out);
}
