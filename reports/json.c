/* reports/json.c: summary.json, written by hand (no JSON library): the structure is
 * fixed and small, and every string we write goes through one escaping function.
 * Numbers are printed with 17 significant digits so that two runs that computed the same
 * doubles write the same bytes, and a reader gets exactly the value the table shows.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/json.h"

struct jw {
    FILE *f;
    int depth;
    int first;      /* no member written yet at this depth */
};

static void jw_indent(struct jw *w)
{
    fputc('\n', w->f);
    for (int i = 0; i < w->depth; i++)
        fputs("  ", w->f);
}

static void jw_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *c = (const unsigned char *)(s ? s : ""); *c; c++) {
        switch (*c) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\t': fputs("\\t", f); break;
        case '\r': fputs("\\r", f); break;
        default:
            if (*c < 0x20)
                fprintf(f, "\\u%04x", *c);
            else
                fputc(*c, f);
        }
    }
    fputc('"', f);
}

/* Start a member "key": (or an array element when key is NULL). */
static void jw_key(struct jw *w, const char *key)
{
    if (!w->first)
        fputc(',', w->f);
    w->first = 0;
    jw_indent(w);
    if (key) {
        jw_str(w->f, key);
        fputs(": ", w->f);
    }
}

static void jw_open(struct jw *w, const char *key, char brace)
{
    jw_key(w, key);
    fputc(brace, w->f);
    w->depth++;
    w->first = 1;
}

static void jw_close(struct jw *w, char brace)
{
    w->depth--;
    if (!w->first)
        jw_indent(w);
    fputc(brace, w->f);
    w->first = 0;
}

/* A number; NaN and infinities (which JSON cannot hold) become null. */
static void jw_num(struct jw *w, const char *key, double v)
{
    jw_key(w, key);
    if (isfinite(v))
        fprintf(w->f, "%.17g", v);
    else
        fputs("null", w->f);
}

static void jw_u64(struct jw *w, const char *key, unsigned long long v)
{
    jw_key(w, key);
    fprintf(w->f, "%llu", v);
}

static void jw_text(struct jw *w, const char *key, const char *s)
{
    jw_key(w, key);
    if (s)
        jw_str(w->f, s);
    else
        fputs("null", w->f);
}

static void jw_bool(struct jw *w, const char *key, int b)
{
    jw_key(w, key);
    fputs(b ? "true" : "false", w->f);
}

static void write_percentiles(struct jw *w, const char *key, const struct mc_percentiles *p)
{
    jw_open(w, key, '{');
    jw_num(w, "p50_s", p->p50_s);
    jw_num(w, "p90_s", p->p90_s);
    jw_num(w, "p95_s", p->p95_s);
    jw_num(w, "p99_s", p->p99_s);
    jw_num(w, "max_s", p->max_s);
    jw_num(w, "mean_s", p->mean_s);
    jw_num(w, "mean_finite_s", p->mean_finite_s);
    jw_u64(w, "n_infinite", p->n_infinite);
    jw_close(w, '}');
}

static void write_objective(struct jw *w, const char *key, const struct mc_objective *o)
{
    if (!o->has_target) {
        jw_key(w, key);
        fputs("null", w->f);
        return;
    }
    jw_open(w, key, '{');
    jw_num(w, "target_s", o->target_s);
    jw_u64(w, "n_met", o->n_met);
    jw_u64(w, "n", o->n);
    jw_num(w, "p_met", o->p_met);
    jw_num(w, "ci95_lo", o->ci_lo);
    jw_num(w, "ci95_hi", o->ci_hi);
    jw_num(w, "confidence", o->confidence);
    jw_num(w, "value_at_confidence_s", o->value_at_confidence_s);
    jw_num(w, "margin_s", o->margin_s);
    jw_text(w, "verdict", mc_verdict_name(o->verdict));
    jw_close(w, '}');
}

static void write_scenario(struct jw *w, const struct mc_results *r,
                           const struct mc_scenario_result *sr)
{
    const struct plan *p = r->plan;
    const struct scenario *sc = &p->scenarios[sr->scenario];
    jw_open(w, NULL, '{');
    jw_text(w, "name", sc->name);
    jw_text(w, "destroys", plan_scope_name(sc->scope));
    jw_num(w, "per_year", sc->per_year);
    jw_u64(w, "trials", sr->n_trials);
    write_percentiles(w, "rto", &sr->rto);
    write_percentiles(w, "rpo", &sr->rpo);
    write_percentiles(w, "full_restoration", &sr->full);
    write_objective(w, "rto_objective", &sr->rto_obj);
    write_objective(w, "rpo_objective", &sr->rpo_obj);
    jw_u64(w, "n_recovered_by_outage_end", sr->n_outage_end);
    jw_u64(w, "n_rpo_no_usable_point", sr->n_rpo_no_point);
    jw_u64(w, "n_breach", sr->n_breach);
    jw_open(w, "annualized", '{');
    jw_num(w, "downtime_per_year_s", sr->downtime_per_year_s);
    jw_num(w, "data_loss_per_year_s", sr->data_loss_per_year_s);
    jw_num(w, "p_breach_per_year", sr->p_breach_year);
    jw_close(w, '}');
    jw_u64(w, "median_rto_trial", sr->median_rto_trial);

    jw_open(w, "stores", '[');
    for (int i = 0; i < sr->n_stores; i++) {
        const struct mc_store_result *st = &sr->stores[i];
        jw_open(w, NULL, '{');
        jw_text(w, "name", p->stores[i].name);
        jw_bool(w, "counts_for_rpo", p->stores[i].counts_for_rpo);
        jw_bool(w, "needs_restore", st->needs_restore);
        jw_u64(w, "n_no_usable_point", st->n_no_point);
        write_percentiles(w, "rpo", &st->rpo);
        jw_close(w, '}');
    }
    jw_close(w, ']');

    jw_open(w, "steps", '[');
    for (int i = 0; i < sr->n_steps; i++) {
        const struct mc_step_result *st = &sr->steps[i];
        jw_open(w, NULL, '{');
        jw_text(w, "name", sc->steps[i].name);
        jw_u64(w, "n_ran", st->n_ran);
        jw_u64(w, "n_on_critical_path", st->n_on_path);
        jw_num(w, "critical_path_share", st->path_share);
        jw_num(w, "mean_contribution_s", st->mean_contribution_s);
        jw_num(w, "mean_duration_s", st->mean_duration_s);
        jw_num(w, "mean_staff_wait_s", st->mean_staff_wait_s);
        jw_close(w, '}');
    }
    jw_close(w, ']');

    jw_open(w, "services", '[');
    for (int i = 0; i < sr->n_services; i++) {
        const struct mc_service_result *sv = &sr->services[i];
        jw_open(w, NULL, '{');
        jw_text(w, "name", p->services[i].name);
        write_percentiles(w, "rto", &sv->rto);
        write_percentiles(w, "rpo", &sv->rpo);
        write_objective(w, "rto_objective", &sv->rto_obj);
        write_objective(w, "rpo_objective", &sv->rpo_obj);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    jw_close(w, '}');
}

int json_write_summary(const char *path, const struct mc_results *r, const struct json_meta *meta)
{
    const struct plan *p = r->plan;
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp) {
        errno = ENOMEM;
        return -1;
    }
    /* The temporary name sits in the target's directory, so rename is atomic. */
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    memcpy(tmp, path, dir_len);
    snprintf(tmp + dir_len, n + 16 - dir_len, ".%s.XXXXXX", path + dir_len);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        errno = e;
        return -1;
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        int e = errno;
        close(fd);
        unlink(tmp);
        free(tmp);
        errno = e;
        return -1;
    }

    struct jw w = {f, 0, 1};
    char hex[65];
    plan_sha256_hex(p, hex);
    fputc('{', f);
    w.depth = 1;
    jw_text(&w, "drsim_version", meta->version);
    jw_text(&w, "command", meta->command);
    jw_open(&w, "plan", '{');
    jw_text(&w, "name", p->name);
    jw_text(&w, "version", p->version);
    jw_text(&w, "organization", p->organization);
    jw_text(&w, "system", p->system);
    jw_text(&w, "file", p->path);
    jw_text(&w, "sha256", hex);
    jw_num(&w, "confidence", p->confidence);
    jw_text(&w, "rto_clock", p->rto_clock == RTO_FROM_DECLARATION ? "declaration" : "outage-start");
    jw_close(&w, '}');
    jw_u64(&w, "seed", r->seed);
    jw_u64(&w, "trials", r->n_trials);
    jw_u64(&w, "threads", (unsigned long long)r->threads);
    jw_num(&w, "elapsed_s", r->elapsed_s);
    jw_open(&w, "scenarios", '[');
    for (int s = 0; s < r->n_scenarios; s++)
        write_scenario(&w, r, &r->scenarios[s]);
    jw_close(&w, ']');
    fputs("\n}\n", f);

    int bad = ferror(f);
    if (fflush(f) != 0 || fsync(fileno(f)) != 0)
        bad = 1;
    int e = errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (!bad && rename(tmp, path) != 0) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        unlink(tmp);
        free(tmp);
        errno = e ? e : EIO;
        return -1;
    }
    free(tmp);
    return 0;
}
