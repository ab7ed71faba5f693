/* reports/wb_sobol.c: the Sobol sheet of a global sensitivity workbook (reports/wb_int.h).
 *
 * A global analysis (struct sobol_results) moved every uncertain input at once and split
 * each output's variance among them. The sheet says how, then has a row per output (its
 * mean and variance over the runs, or why it has no indices), then the main table: a row
 * per input in rank order (its path and the range of its scale) and, per output, the
 * total index with its 95 % bootstrap interval, the first-order index with its interval,
 * and the interaction share ST - S1 as a formula over the two cells beside it. Cells of
 * an output without variance stay empty.
 */
#include "reports/wb_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/sobol_report.h"

#define SO_C_OUT 5  /* the first index column; SO_PER_OUT per output */
#define SO_PER_OUT 7

static lxw_col_t so_col(int m)
{
    return (lxw_col_t)(SO_C_OUT + SO_PER_OUT * m);
}

static void so_notes(struct sheet *sh, const struct sobol_results *r)
{
    const struct fmts *f = &sh->w->f;
    wb_put_note(sh, f->title, "Global sensitivity: Sobol indices");
    if (r->spread > 0)
        wb_put_notef(sh, f->note, "Every uncertain input of the plan was moved at once, each "
                     "scaled uniformly between -%.0f%% and +%.0f%% and independently of the "
                     "others.", 100 * r->spread, 100 * r->spread);
    else
        wb_put_note(sh, f->note, "Every uncertain input of the plan was moved at once, each "
                    "scaled log-uniformly so that its median lies between its own P10 and P90 "
                    "(failure probabilities between half and double; the plan as written is "
                    "the median), independently of the others.");
    wb_put_notef(sh, f->note, "Saltelli sampling: %d base samples (design: %s), %d "
                 "runs of %llu trials per scenario with seed %llu (common random numbers). "
                 "Estimators: Jansen (total), Saltelli 2010 (first-order); 95%% intervals "
                 "from %d bootstrap resamples of the base samples.", r->n_base, r->sequence, r->n_runs, (unsigned long long)r->n_trials,
                 (unsigned long long)r->seed, r->n_boot);
    wb_put_note(sh, f->note, "ST (total index): the share of the output's variance the input "
                "has a part in, alone or with others; an input with ST near 0 can be fixed "
                "anywhere in its range. S1 (first-order index): its share alone. ST - S1: what "
                "it does only together with other inputs. Inputs are ranked by their largest "
                "ST over the outputs.");
}

/* A row per output: what it is, its mean and variance. */
static void so_outputs(struct sheet *sh, const struct sobol_results *r)
{
    static const char *const head[] = {"Output", "Measure", "As written", "Mean over the runs",
                                       "Standard deviation", "Indices"};
    const struct fmts *f = &sh->w->f;
    char lab[256];
    wb_next_row(sh);
    wb_put_header(sh, head, 6);
    for (int m = 0; m < r->n_outputs && wb_ok(sh->w); m++) {
        const struct sobol_output *o = &r->outputs[m];
        wb_put_text(sh, 0, sobol_output_label(r, o, lab, sizeof lab), NULL);
        wb_put_text(sh, 1, o->measure == SOBOL_P_MEET ? "probability of meeting the target"
                                                      : "value (hours)", NULL);
        if (o->measure == SOBOL_P_MEET)
            wb_put_num(sh, 2, o->as_written, f->pct);
        else
            wb_put_hours(sh, 2, o->as_written);
        if (isfinite(o->variance)) {
            if (o->measure == SOBOL_P_MEET) {
                wb_put_num(sh, 3, o->mean, f->pct);
                wb_put_num(sh, 4, sqrt(o->variance), f->pct);
            } else {
                wb_put_hours(sh, 3, o->mean);
                wb_put_hours(sh, 4, sqrt(o->variance));
            }
        }
        wb_put_text(sh, 5, !isfinite(o->variance) ? "none: infinite in some runs"
                           : !(o->variance > 0)   ? "none: the same in every run"
                                                  : "below", NULL);
        wb_next_row(sh);
    }
    wb_next_row(sh);
}

static void so_header(struct sheet *sh, const struct sobol_results *r)
{
    static const char *const base_head[] = {"Rank", "Input (key path)", "Line",
                                            "Scale low", "Scale high"};
    static const char *const parts[SO_PER_OUT] = {"ST", "ST low", "ST high", "S1", "S1 low",
                                                  "S1 high", "ST - S1"};
    char head[320], lab[256];
    sh->head_row = sh->row;
    wb_put_header(sh, base_head, 5);
    for (int m = 0; m < r->n_outputs; m++) {
        sobol_output_label(r, &r->outputs[m], lab, sizeof lab);
        for (int k = 0; k < SO_PER_OUT; k++) {
            snprintf(head, sizeof head, "%s: %s", lab, parts[k]);
            wb_head_cell(sh, (lxw_col_t)(so_col(m) + k), head);
        }
    }
    wb_next_row(sh);
}

static void so_row(struct sheet *sh, const struct sobol_results *r, int i)
{
    const struct fmts *f = &sh->w->f;
    const struct sobol_factor *sf = &r->factors[i];
    char fm[WB_FORMULA], a[16], b[16];
    wb_put_num(sh, 0, (double)(i + 1), f->count);
    wb_put_text(sh, 1, sf->f.path, f->wrap);
    wb_put_num(sh, 2, (double)sf->f.line, f->count);
    wb_put_num(sh, 3, sf->k_lo, NULL);
    wb_put_num(sh, 4, sf->k_hi, NULL);
    for (int m = 0; m < r->n_outputs; m++) {
        const struct sobol_output *o = &r->outputs[m];
        const lxw_col_t c = so_col(m);
        if (isnan(o->st[i]))
            continue;
        const double v[6] = {o->st[i], o->st_lo[i], o->st_hi[i], o->s1[i], o->s1_lo[i],
                             o->s1_hi[i]};
        for (int k = 0; k < 6; k++)
            wb_put_num(sh, (lxw_col_t)(c + k), v[k], f->pct);
        snprintf(fm, sizeof fm, "=%s-%s", wb_ref(a, sh->row, c), wb_ref(b, sh->row, (lxw_col_t)(c + 3)));
        wb_put_formula_num(sh, (lxw_col_t)(c + 6), fm, o->st[i] - o->s1[i], f->pct);
    }
    wb_next_row(sh);
}

void wb_sobol_sheet(struct wb *w, const struct sobol_results *r)
{
    struct sheet sh;
    lxw_row_t first, last;
    if (wb_sheet_open_cols(w, &sh, "Sobol", (long)so_col(r->n_outputs)))
        return;
    so_notes(&sh, r);
    so_outputs(&sh, r);
    sh.cap[0] = 40;
    sh.cap[1] = 56;
    so_header(&sh, r);
    first = sh.row;
    for (int i = 0; i < r->n_factors && wb_ok(w); i++)
        so_row(&sh, r, i);
    last = sh.row > first ? sh.row - 1 : first;
    wb_sheet_finish(&sh, 1, last, 2);
}
