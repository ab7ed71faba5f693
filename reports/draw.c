/* reports/draw.c: the per-scenario charts of a run, as files and as a PNG in memory.
 *
 * The public face of the chart module (draw.h): names (charts, statuses, safe file
 * names), the dispatch from a chart kind to the function of its family that draws it,
 * each chart's default size, and the two writers of per-scenario charts. A chart is
 * drawn by the same function whatever the target: a file of each format (PNG, SVG,
 * PDF; draw_file.c), the workbook's embedded PNG, or a box on a page of the review pack
 * (draw_pack.c). The timeline reads the typical trial the results carry; nothing here
 * runs the engine. The other writers live with what they draw: the review pack in
 * draw_pack.c, the sweep curve and the tornado in draw_sweep.c. draw_int.h maps the
 * module's files.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/draw_int.h"

/* ---- names -------------------------------------------------------------------------- */

const char *draw_strerror(enum draw_status s)
{
    switch (s) {
    case DRAW_OK:
        return "success";
    case DRAW_INVALID:
        return "invalid argument";
    case DRAW_NOMEM:
        return "out of memory";
    case DRAW_IO:
        return "I/O error";
    case DRAW_CAIRO:
        return "drawing error";
    }
    return "unknown error";
}

const char *draw_chart_name(enum draw_chart c)
{
    static const char *const names[DRAW_N_CHARTS] = {
        "rto-cdf", "rpo-cdf", "rto-hist", "rpo-hist", "timeline", "critical-path", "store-rpo",
        "capacity"};
    return (int)c >= 0 && (int)c < DRAW_N_CHARTS ? names[c] : NULL;
}

char *draw_safe_name(const char *name, char *buf, size_t n)
{
    /* One rule for every file name made from a plan's text: the loader refuses two
     * scenarios whose stems collide with the same function. */
    return plan_file_stem(name, buf, n);
}

char *draw_review_pack_name(const struct plan *p, char *buf, size_t n)
{
    char safe[200];
    draw_safe_name(p ? p->name : NULL, safe, sizeof safe);
    snprintf(buf, n, "%s-review-pack.pdf", safe);
    return buf;
}

/* ---- dispatch ----------------------------------------------------------------------- */

void draw_render_chart(cairo_t *cr, const struct chart *ch, enum draw_chart c, const struct box *b)
{
    switch (c) {
    case DRAW_RTO_CDF:
        draw_chart_cdf(cr, ch, b, 0);
        break;
    case DRAW_RPO_CDF:
        draw_chart_cdf(cr, ch, b, 1);
        break;
    case DRAW_RTO_HIST:
        draw_chart_hist(cr, ch, b, 0);
        break;
    case DRAW_RPO_HIST:
        draw_chart_hist(cr, ch, b, 1);
        break;
    case DRAW_TIMELINE:
        draw_chart_timeline(cr, ch, b);
        break;
    case DRAW_CRITICAL_PATH:
        draw_chart_critical(cr, ch, b);
        break;
    case DRAW_STORE_RPO:
        draw_chart_stores(cr, ch, b);
        break;
    case DRAW_CAPACITY:
        draw_chart_capacity(cr, ch, b);
        break;
    }
}

void draw_chart_init(struct chart *ch, const struct mc_results *r, int s, double fs)
{
    ch->r = r;
    ch->p = r->plan;
    ch->sr = &r->scenarios[s];
    ch->sc = &r->plan->scenarios[r->scenarios[s].scenario];
    ch->tr = &r->scenarios[s].typical;
    ch->fs = fs;
    ch->row_max = 2.4;
}

/* Default size of a chart file, device units (pixels for PNG, points for SVG and PDF). */
static void chart_size(const struct chart *ch, enum draw_chart c, double *w, double *h)
{
    int rows = 0;
    *w = 1000;
    *h = 600;
    switch (c) {
    case DRAW_TIMELINE:
        *w = 1200;
        *h = fmin(1800, fmax(330, 210 + 36.0 * ch->sc->n_steps));
        return;
    case DRAW_CRITICAL_PATH:
        for (int i = 0; i < ch->sr->n_steps; i++)
            rows += ch->sr->steps[i].n_on_path > 0;
        *h = fmin(1800, fmax(300, 190 + 33.0 * rows));
        return;
    case DRAW_STORE_RPO:
        *h = fmin(1800, fmax(300, 170 + 36.0 * ch->sr->n_stores));
        return;
    default:
        return;
    }
}

/* ---- chart files and the in-memory PNG ---------------------------------------------- */

/* One chart as a whole document. */
struct one_chart {
    const struct chart *ch;
    enum draw_chart c;
    double w, h;                  /* device units */
    const struct draw_meta *meta; /* may be NULL */
};

static void render_one(cairo_surface_t *surf, cairo_t *cr, void *user)
{
    const struct one_chart *oc = user;
    char title[256];
    snprintf(title, sizeof title, "%s: %s", oc->ch->sc->name, draw_chart_name(oc->c));
    draw_pdf_metadata(surf, title, oc->meta);
    draw_paint_white(cr, oc->w, oc->h);
    double m = oc->ch->fs * 1.0;
    double foot = draw_run_footer(cr, oc->w, oc->h, oc->ch->fs, oc->ch->p, oc->ch->r->seed,
                                  oc->ch->r->n_trials, oc->meta);
    struct box b = {m, m * 0.6, oc->w - 2 * m, oc->h - m * 0.6 - foot};
    draw_render_chart(cr, oc->ch, oc->c, &b);
}

enum draw_status draw_write_charts(const char *dir, const struct mc_results *r,
                                   const struct draw_meta *meta, int *n_files, char *err,
                                   size_t errlen)
{
    struct draw_set set;
    enum draw_status ds = draw_set_begin(&set, "draw_write_charts", dir, r, err, errlen);
    if (ds != DRAW_OK) {
        if (n_files)
            *n_files = 0;
        return ds;
    }
    for (int s = 0; s < r->n_scenarios && ds == DRAW_OK; s++) {
        char safe[128], name[192];
        draw_safe_name(r->plan->scenarios[r->scenarios[s].scenario].name, safe, sizeof safe);
        for (int c = 0; c < DRAW_N_CHARTS && ds == DRAW_OK; c++) {
            struct chart ch;
            struct one_chart oc;
            if (!draw_chart_applies(r, s, (enum draw_chart)c))
                continue;   /* the capacity chart of a scenario without a capacity model */
            draw_chart_init(&ch, r, s, 15);
            chart_size(&ch, (enum draw_chart)c, &oc.w, &oc.h);
            ch.fs = c == DRAW_TIMELINE ? 15 : draw_chart_font(oc.w, 600);
            oc.ch = &ch;
            oc.c = (enum draw_chart)c;
            oc.meta = meta;
            snprintf(name, sizeof name, "%s-%s", safe, draw_chart_name(oc.c));
            for (int f = 0; f < DRAW_N_FMTS && ds == DRAW_OK; f++)
                ds = draw_set_write(&set, name, (enum draw_fmt)f, oc.w, oc.h, render_one, &oc, err,
                                    errlen);
        }
    }
    return draw_set_end(&set, ds, n_files);
}

enum draw_status draw_chart_png_buffer(const struct mc_results *r, int scenario,
                                       enum draw_chart chart, int width_px, int height_px,
                                       unsigned char **png, size_t *png_len, char *err,
                                       size_t errlen)
{
    if (png)
        *png = NULL;
    if (png_len)
        *png_len = 0;
    if (!r || !png || !png_len || scenario < 0 || scenario >= r->n_scenarios ||
        !draw_chart_name(chart) || width_px < 200 || width_px > 4000 || height_px < 200 ||
        height_px > 4000) {
        draw_set_err(err, errlen, "draw_chart_png_buffer: %s%s", "invalid argument", NULL);
        return DRAW_INVALID;
    }
    struct chart ch;
    draw_chart_init(&ch, r, scenario, draw_chart_font(width_px, height_px));
    struct one_chart oc = {&ch, chart, width_px, height_px, NULL};
    char what[64];
    snprintf(what, sizeof what, "chart %s", draw_chart_name(chart));
    return draw_png_memory(what, width_px, height_px, render_one, &oc, png, png_len, err, errlen);
}
