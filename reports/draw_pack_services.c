/* reports/draw_pack_services.c: the review pack's pages on business services (issue 11).
 *
 * Two kinds of page, drawn by draw_pack.c at their places in the pack:
 *
 *   - "Business services" (plans with services, after the exceptions register): per
 *     scenario, a table like the terminal's services block, the services in priority
 *     order (1 first, ties in plan order), each with its priority and MBCO, then its RTO
 *     (target, P50, P95, P(meet) tinted by its verdict, verdict) and its RPO (target, P95,
 *     P(meet), verdict) against the service's own targets for the scenario; a bullet
 *     marks the services whose restoration is the scenario's (the policy's services). The
 *     table continues on more pages when a plan has many scenarios and services. Under
 *     the tables, a line per service gives the provenance of its BIA values and what its
 *     approval endorses (reports/provenance.h: "approved as ASSUMPTION" for values the
 *     plan calls illustrative), in bold when not every value is a fact.
 *   - "capacity over time" (after a scenario's pages, for a scenario with a capacity
 *     model): the capacity chart (draw_capacity.c) over the page, with a line saying what
 *     the outage leaves and which services' MBCO decide the scenario's restoration.
 */
#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>

#include "reports/damage.h"
#include "reports/draw_int.h"
#include "reports/provenance.h"

/* Columns of the services table: name, priority, MBCO; RTO target, P50, P95, P(meet),
 * verdict; RPO target, P95, P(meet), verdict. Widths are shares of the table's width. */
#define SV_COLS 12
static const double sv_frac[SV_COLS] = {0.25, 0.05, 0.06, 0.07, 0.07, 0.07, 0.07, 0.08,
                                        0.07, 0.07, 0.07, 0.07};
#define ROW_H 13.0
#define FS 8.5

static void services_page_head(cairo_t *cr, int cont)
{
    draw_page_header(cr, cont ? "Business services (continued)" : "Business services",
                     "each service against its own targets per scenario" MIDDOT
                     "priority order" MIDDOT "\xe2\x97\x8f restores the scenario's service", 0);
}

/* The column headers at y; returns the y below. */
static double services_columns(cairo_t *cr, const double *cx, double y)
{
    static const char *const head[SV_COLS] = {"service", "priority", "MBCO", "target", "P50",
                                              "P95", "met", "verdict", "target", "P95", "met",
                                              "verdict"};
    draw_font(cr, FS - 0.5, F_BOLD);
    draw_set_col(cr, C_INK);
    draw_fit_at(cr, (cx[3] + cx[8]) / 2, y + ROW_H / 2, 0.5, 0.5, cx[8] - cx[3], "RTO (downtime)");
    draw_fit_at(cr, (cx[8] + cx[12]) / 2, y + ROW_H / 2, 0.5, 0.5, cx[12] - cx[8],
                "RPO (data loss)");
    draw_hline(cr, cx[3] + 4, cx[8] - 4, y + ROW_H - 1, C_GRID, 0.8, 0);
    draw_hline(cr, cx[8] + 4, cx[12] - 4, y + ROW_H - 1, C_GRID, 0.8, 0);
    y += ROW_H;
    draw_set_col(cr, C_MUTED);
    for (int c = 0; c < SV_COLS; c++)
        draw_fit_at(cr, c == 0 ? cx[c] + 12 : cx[c + 1] - 3, y + ROW_H / 2, c == 0 ? 0 : 1, 0.5,
                    cx[c + 1] - cx[c] - 4, head[c]);
    draw_hline(cr, cx[0], cx[SV_COLS], y + ROW_H, C_GRID, 0.8, 0);
    return y + ROW_H + 1;
}

/* The cells of one objective from column c: target, [P50,] P95, met, verdict. */
static int objective_cells(char cell[][48], int c, const struct mc_percentiles *pc,
                           const struct mc_objective *ob, int with_p50)
{
    if (ob->has_target)
        draw_dur(ob->target_s, cell[c], 48);
    else
        snprintf(cell[c], 48, "none");
    c++;
    double t = ob->has_target ? ob->target_s : NAN; /* to the second if they read alike */
    if (with_p50)
        draw_dur_vs(pc->p50_s, t, cell[c++], 48);
    draw_dur_vs(pc->p95_s, t, cell[c++], 48);
    if (ob->has_target)
        snprintf(cell[c++], 48, "%.1f%%", 100.0 * ob->p_met);
    else
        snprintf(cell[c++], 48, "-");
    snprintf(cell[c++], 48, "%s", mc_verdict_name(ob->verdict));
    return c;
}

/* Where each service's BIA values come from and what their approval endorses
 * (reports/provenance.h): a line per service in priority order, under a heading, from y
 * (on a new page when the heading and a line do not fit). Returns the y below. */
static double services_provenance(cairo_t *cr, struct pack *pk, double y)
{
    const struct plan *p = pk->r->plan;
    const double x = MARGIN, w = PAGE_W - 2 * MARGIN, ymax = FOOT_Y - 14;
    char prov[1024], appr[640], line[1800];
    if (y + 16 + ROW_H > ymax) {
        draw_page_end(cr, pk);
        services_page_head(cr, 1);
        y = 70;
    }
    draw_font(cr, 11, F_BOLD);
    draw_set_col(cr, C_INK);
    draw_fit_at(cr, x, y, 0, 0, w, "Provenance of the BIA values and what their approval endorses");
    y += 16;
    for (int i = plan_next_service(p, -1); i >= 0; i = plan_next_service(p, i)) {
        const struct service *sv = &p->services[i];
        struct prov_summary pv;
        if (y + ROW_H > ymax) {
            draw_page_end(cr, pk);
            services_page_head(cr, 1);
            y = 70;
        }
        prov_service(p, i, &pv);
        prov_text(&pv, prov, sizeof prov);
        prov_approval_text(sv->approved_by, &pv, appr, sizeof appr);
        snprintf(line, sizeof line, "%s: %s" MIDDOT "approved by %s", sv->name, prov,
                 *appr ? appr : "nobody (no approved_by)");
        draw_font(cr, FS, pv.n[PROV_FACT] == pv.n_total ? F_NORMAL : F_BOLD);
        draw_set_col(cr, C_INK);
        draw_fit_at(cr, x + 12, y + ROW_H / 2, 0, 0.5, w - 12, line);
        y += ROW_H;
    }
    return y + 8;
}

void draw_pack_services(cairo_t *cr, struct pack *pk)
{
    const struct mc_results *r = pk->r;
    const struct plan *p = r->plan;
    const double x = MARGIN, w = PAGE_W - 2 * MARGIN, ymax = FOOT_Y - 14;
    double cx[SV_COLS + 1];
    char cell[SV_COLS][48], buf[512];
    if (p->n_services == 0)
        return;
    cx[0] = x;
    for (int c = 0; c < SV_COLS; c++)
        cx[c + 1] = cx[c] + sv_frac[c] * w;
    draw_outline(pk, CAIRO_PDF_OUTLINE_ROOT, "Business services");
    services_page_head(cr, 0);
    double y = 70;
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const struct scenario *sc = &p->scenarios[sr->scenario];
        /* A scenario's heading, columns and first row stay together. */
        if (y + 4 * ROW_H + 8 > ymax) {
            draw_page_end(cr, pk);
            services_page_head(cr, 1);
            y = 70;
        }
        draw_font(cr, 11, F_BOLD);
        draw_set_col(cr, C_INK);
        snprintf(buf, sizeof buf, "%s %s", sc->name, damage_events_word(sc));
        draw_fit_at(cr, x, y, 0, 0, w, buf);
        y += 16;
        y = services_columns(cr, cx, y);
        int band = 0;
        for (int i = plan_next_service(p, -1); i >= 0 && i < sr->n_services; i = plan_next_service(p, i)) {
            const struct service *sv = &p->services[i];
            const struct mc_service_result *res = &sr->services[i];
            if (y + ROW_H > ymax) {
                draw_page_end(cr, pk);
                services_page_head(cr, 1);
                y = 70;
                draw_font(cr, 11, F_BOLD);
                draw_set_col(cr, C_INK);
                snprintf(buf, sizeof buf, "%s outages (continued)", sc->name);
                draw_fit_at(cr, x, y, 0, 0, w, buf);
                y = services_columns(cr, cx, y + 16);
            }
            snprintf(cell[0], sizeof cell[0], "%s", sv->name);
            snprintf(cell[1], sizeof cell[1], "%d", sv->priority);
            if (sv->mbco_capacity > 0)
                snprintf(cell[2], sizeof cell[2], "%.4g%%", 100.0 * sv->mbco_capacity);
            else
                snprintf(cell[2], sizeof cell[2], "-");
            int c = objective_cells(cell, 3, &res->rto, &res->rto_obj, 1);
            objective_cells(cell, c, &res->rpo, &res->rpo_obj, 0);
            if (band++ % 2 == 1) {
                cairo_rectangle(cr, x, y, w, ROW_H);
                draw_set_col(cr, C_BAND);
                cairo_fill(cr);
            }
            const struct mc_objective *obs[2] = {&res->rto_obj, &res->rpo_obj};
            const int met_col[2] = {6, 10};
            for (int k = 0; k < 2; k++)
                if (obs[k]->has_target) {
                    int m = met_col[k];
                    cairo_rectangle(cr, cx[m] + 2, y + 1.5, cx[m + 2] - cx[m] - 4, ROW_H - 3);
                    draw_set_cola(cr, draw_verdict_colour(obs[k]->verdict), 0.35);
                    cairo_fill(cr);
                }
            int defines = plan_defines_restoration(sc, i);
            if (defines) {
                cairo_arc(cr, x + 5, y + ROW_H / 2, 2.6, 0, 2 * M_PI);
                draw_set_col(cr, C_INK);
                cairo_fill(cr);
            }
            for (int k = 0; k < SV_COLS; k++) {
                draw_font(cr, FS, k == 0 && defines ? F_BOLD : F_NORMAL);
                draw_set_col(cr, C_INK);
                draw_fit_at(cr, k == 0 ? cx[k] + 12 : cx[k + 1] - 3, y + ROW_H / 2, k == 0 ? 0 : 1,
                            0.5, cx[k + 1] - cx[k] - 4, cell[k]);
            }
            y += ROW_H;
        }
        draw_hline(cr, x, x + w, y, C_GRID, 0.8, 0);
        y += 14;
    }
    y = services_provenance(cr, pk, y);
    if (y + 30 < ymax) {
        snprintf(buf, sizeof buf,
                 "met: P(meet the service's target) over all outages of the scenario, tinted by "
                 "its verdict at the required %.4g%%. A service is restored when everything it "
                 "needs is back and, with an MBCO, the platform's capacity has reached it; "
                 "its RPO is the worst data loss over its stores. The scenario's service "
                 "restoration is the moment the last of the marked services is restored.",
                 100.0 * p->confidence);
        draw_font(cr, 8, F_ITALIC);
        draw_set_col(cr, C_MUTED);
        draw_para(cr, x, y, w, 10.5, ymax, buf, 1);
    }
    draw_page_end(cr, pk);
}

void draw_pack_capacity(cairo_t *cr, struct pack *pk, int s, int parent)
{
    const struct plan *p = pk->r->plan;
    const struct mc_scenario_result *sr = &pk->r->scenarios[s];
    const struct scenario *sc = &p->scenarios[sr->scenario];
    char title[512], sub[1024];
    if (!draw_chart_applies(pk->r, s, DRAW_CAPACITY))
        return;
    draw_outline(pk, parent, "Capacity over time");
    snprintf(title, sizeof title, "Scenario %s: degraded service", sc->name);
    int len = snprintf(sub, sizeof sub, "capacity over time" MIDDOT
                       "the outage leaves %.4g%% of full capacity once service is back",
                       100.0 * sc->capacity_left);
    for (int k = 0; k < sc->n_policy_services && sc->policy_services && len > 0 &&
                    (size_t)len < sizeof sub; k++) {
        const struct service *sv = &p->services[sc->policy_services[k]];
        len += snprintf(sub + len, sizeof sub - (size_t)len, "%s%s", k == 0 ? MIDDOT
                        "restores the scenario's service: " : ", ", sv->name);
        if (sv->mbco_capacity > 0 && len > 0 && (size_t)len < sizeof sub)
            len += snprintf(sub + len, sizeof sub - (size_t)len, " (MBCO %.4g%%)",
                            100.0 * sv->mbco_capacity);
    }
    double y = draw_page_header(cr, title, sub, 0);
    struct chart ch;
    draw_chart_init(&ch, pk->r, s, 10);
    struct box b = {MARGIN, y, PAGE_W - 2 * MARGIN, FOOT_Y - 14 - y};
    draw_render_chart(cr, &ch, DRAW_CAPACITY, &b);
    draw_page_end(cr, pk);
}
