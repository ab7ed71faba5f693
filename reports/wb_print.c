/* reports/wb_print.c: how a workbook sheet prints (reports/wb_print.h, reports/wb_int.h).
 *
 * An auditor prints the workbook, and a sheet scaled to fit one page wide prints the
 * BIA's 83 columns at about 2 points: unreadable. So no sheet is scaled below
 * WB_PRINT_MIN_SCALE (its 11-point text then prints at 8 points or more); a sheet too
 * wide for one page at that scale is split into pages across instead.
 *
 * The layout works in points on paper. A column of w characters (as written to the sheet)
 * is 7w + 5 pixels wide in Excel's units (the 7-pixel digit of the default Calibri 11,
 * plus padding), three quarters of a point each; the page holds its landscape width less
 * the margins, of which a layout fills at most WB_PRINT_SLACK (a reader rounds column
 * widths to its printer's pixels). At a scale s the page holds page_pt * 100 / s points
 * of columns.
 *
 * Pages across are filled greedily from the left: a column that does not fit starts the
 * next page, unless a column group starts earlier on the page (a group label: "Simulated,
 * zone outage") and breaking there still leaves the page at least half full, in which
 * case the page breaks before the group, so a group is read on one page. The key columns
 * (the ones frozen on screen: a service's ID and name, a store's name) are printed again
 * at the left of every later page, when they take at most a third of the page. The scale
 * is the largest whole percentage, at most 100, that needs no more pages than the
 * smallest scale does: the fewest pages, then the largest type.
 *
 * wb_print_setup applies a layout to a libxlsxwriter sheet: paper, landscape, margins,
 * scale, vertical page breaks, the rows and columns repeated on every page, and pages
 * printed across then down (so a table's pages across sit together). Charts and pictures
 * (wb_insert_chart, wb_sheet_drawing) count with the columns they cover, at the default
 * width beyond the table, and no page starts inside one.
 */
#include "reports/wb_print.h"

#include <math.h>
#include <string.h>
#include <strings.h>

#include "reports/wb_int.h"

#define PT_PER_IN 72.0
#define A4_LONG_PT (297.0 / 25.4 * PT_PER_IN) /* 841.89 */
#define LETTER_LONG_PT (11.0 * PT_PER_IN)     /* 792 */

double wb_print_col_pt(double chars)
{
    double px = chars > 0 ? floor(chars * 7.0 + 0.5) + 5.0 : 0.0;
    return px * 0.75;
}

double wb_print_page_pt(enum wb_paper paper)
{
    double longside = paper == WB_PAPER_LETTER ? LETTER_LONG_PT : A4_LONG_PT;
    return longside - 2.0 * WB_PRINT_MARGIN_IN * PT_PER_IN;
}

int wb_print_paper_code(enum wb_paper paper)
{
    return paper == WB_PAPER_LETTER ? 1 : 9;
}

const char *wb_paper_name(enum wb_paper paper)
{
    return paper == WB_PAPER_LETTER ? "letter" : "a4";
}

int wb_paper_parse(const char *s, enum wb_paper *out)
{
    if (s == NULL)
        return -1;
    if (strcasecmp(s, "a4") == 0)
        *out = WB_PAPER_A4;
    else if (strcasecmp(s, "letter") == 0)
        *out = WB_PAPER_LETTER;
    else
        return -1;
    return 0;
}

/* Pages across at a page of cap points of columns (at 100 %): pre[c] is the width of
 * columns 0..c-1, rep_pt the width of the key columns repeated on every later page. The
 * first columns of pages 2.. go to breaks (at most WB_PRINT_MAX_PAGES - 1 of them; the
 * rest of the sheet stays on the last page), the widest page's width to *widest. */
static int pack(const double *pre, int n, double rep_pt, const unsigned char *group,
                const unsigned char *keep, double cap, int *breaks, double *widest)
{
    int pages = 1, st = 0, j = 0;
    double base = 0;
    *widest = 0;
    while (j < n) {
        if (j == st || base + pre[j + 1] - pre[st] <= cap) {
            j++;
            continue;
        }
        if (pages == WB_PRINT_MAX_PAGES) /* no more breaks: the rest stays on this page */
            break;
        int b = j;
        for (int k = j; group && k > st; k--)
            if (group[k] && !(keep && keep[k]) && base + pre[k] - pre[st] >= cap / 2) {
                b = k;
                break;
            }
        while (keep && keep[b] && b > st + 1) /* not through a chart */
            b--;
        if (base + pre[b] - pre[st] > *widest)
            *widest = base + pre[b] - pre[st];
        breaks[pages - 1] = b;
        pages++;
        st = j = b;
        base = rep_pt;
    }
    if (base + pre[n] - pre[st] > *widest)
        *widest = base + pre[n] - pre[st];
    return pages;
}

int wb_print_layout(const double *width, int n_cols, int key_cols,
                    const unsigned char *group_start, const unsigned char *keep,
                    enum wb_paper paper, struct wb_print_layout *out)
{
    double p[WB_MAX_COLS + 1], rep_pt = 0, widest = 0; /* p[c]: columns 0..c-1, points */
    int breaks[WB_PRINT_MAX_PAGES], n_min, rep = 0;

    memset(out, 0, sizeof *out);
    out->scale = 100;
    out->n_pages = 1;
    out->page_pt = wb_print_page_pt(paper);
    if (n_cols < 0 || (n_cols > 0 && width == NULL) || n_cols > WB_MAX_COLS)
        return -1;
    if (n_cols == 0)
        return 0;
    p[0] = 0;
    for (int c = 0; c < n_cols; c++)
        p[c + 1] = p[c] + wb_print_col_pt(width[c]);
    double usable = out->page_pt * WB_PRINT_SLACK;
    double cap_min = usable * 100.0 / WB_PRINT_MIN_SCALE;
    if (key_cols > 0 && key_cols < n_cols && p[key_cols] <= cap_min / 3) {
        rep = key_cols;
        rep_pt = p[key_cols];
    }
    n_min = pack(p, n_cols, rep_pt, group_start, keep, cap_min, breaks, &widest);
    for (int s = 100; s >= WB_PRINT_MIN_SCALE; s--) {
        int n = pack(p, n_cols, rep_pt, group_start, keep, usable * 100.0 / s, breaks, &widest);
        if (n <= n_min) {
            out->scale = s;
            out->n_pages = n;
            memcpy(out->breaks, breaks, sizeof(int) * (size_t)(n - 1));
            out->widest_pt = widest * s / 100.0;
            out->repeat_cols = n > 1 ? rep : 0;
            break;
        }
    }
    return 0;
}

void wb_sheet_drawing(struct sheet *sh, lxw_col_t col, double px)
{
    if (sh->n_drawings < WB_MAX_GROUPS) {
        sh->drawing[sh->n_drawings].col = col;
        sh->drawing[sh->n_drawings].px = px;
        sh->n_drawings++;
    }
}

void wb_insert_chart(struct sheet *sh, lxw_row_t row, lxw_col_t col, lxw_chart *ch,
                     lxw_chart_options *co)
{
    double xs = co && co->x_scale > 0 ? co->x_scale : 1.0;
    if (!wb_ok(sh->w))
        return;
    wb_check_sheet(sh, "chart", worksheet_insert_chart_opt(sh->ws, row, col, ch, co));
    wb_sheet_drawing(sh, col, 480.0 * xs + (co ? co->x_offset : 0));
}

#define DEFAULT_COL_CHARS 8.43 /* a column no width was set for */

void wb_print_setup(struct sheet *sh, const double *width, int has_table, lxw_col_t freeze_col)
{
    struct wb_print_layout L;
    enum wb_paper paper = sh->w->o ? sh->w->o->paper : WB_PAPER_A4;
    lxw_col_t vb[WB_PRINT_MAX_PAGES + 1];
    double wd[WB_MAX_COLS];
    unsigned char keep[WB_MAX_COLS];
    int n = sh->n_cols < WB_MAX_COLS ? (int)sh->n_cols : WB_MAX_COLS;

    if (!wb_ok(sh->w))
        return;
    /* The columns the drawings cover (at the default width beyond the table's), none of
     * which but the first may start a page. */
    memcpy(wd, width, sizeof(double) * (size_t)n);
    memset(keep, 0, sizeof keep);
    for (int d = 0; d < sh->n_drawings; d++) {
        double left = sh->drawing[d].px;
        for (int c = sh->drawing[d].col; left > 0 && c < WB_MAX_COLS; c++) {
            for (; n <= c; n++)
                wd[n] = DEFAULT_COL_CHARS;
            if (c > (int)sh->drawing[d].col)
                keep[c] = 1;
            left -= wb_print_col_pt(wd[c]) / 0.75;
        }
    }
    if (wb_print_layout(wd, n, has_table ? (int)freeze_col : 0,
                        sh->n_groups > 0 ? sh->group_start : NULL, keep, paper, &L) != 0) {
        wb_fail(sh->w, WB_INVALID, "sheet '%s': print layout", sh->name);
        return;
    }
    worksheet_set_paper(sh->ws, (uint8_t)wb_print_paper_code(paper));
    worksheet_set_landscape(sh->ws);
    worksheet_set_margins(sh->ws, WB_PRINT_MARGIN_IN, WB_PRINT_MARGIN_IN, 0.6, 0.6);
    worksheet_set_print_scale(sh->ws, (uint16_t)L.scale);
    if (has_table && sh->n_cols > 0) {
        /* The header row, and the group labels right above it, on every page down. */
        lxw_row_t top = sh->n_groups > 0 && sh->group_row + 1 == sh->head_row ? sh->group_row
                                                                              : sh->head_row;
        wb_check_sheet(sh, "print titles", worksheet_repeat_rows(sh->ws, top, sh->head_row));
    }
    if (L.n_pages > 1) {
        for (int i = 0; i < L.n_pages - 1; i++)
            vb[i] = (lxw_col_t)L.breaks[i];
        vb[L.n_pages - 1] = 0;
        wb_check_sheet(sh, "page breaks", worksheet_set_v_pagebreaks(sh->ws, vb));
        if (L.repeat_cols > 0)
            wb_check_sheet(sh, "print title columns",
                           worksheet_repeat_columns(sh->ws, 0, (lxw_col_t)(L.repeat_cols - 1)));
        worksheet_print_across(sh->ws);
    }
}
