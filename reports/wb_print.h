/* reports/wb_print.h: how a workbook sheet is laid out on paper (reports/wb_print.c).
 *
 * Every sheet of every workbook drsim writes prints landscape on the paper of the run
 * (A4 or US Letter, enum wb_paper) with its text at 8 points or more: a sheet that fits
 * the page's width at a legible scale prints one page wide at the largest scale that
 * fits (never above 100 %); a wider one is split across pages wide at column boundaries
 * (preferring the start of a column group), each page repeating the table's key columns
 * and header rows, at the largest scale that keeps the fewest pages. The layout is
 * computed here from the column widths alone, without libxlsxwriter, so it can be tested
 * with known answers; reports/wb_cell.c applies it when a sheet is finished.
 */
#ifndef DRSIM_WB_PRINT_H
#define DRSIM_WB_PRINT_H

#include "reports/workbook.h"

#define WB_PRINT_BODY_PT 11.0   /* font size of the sheets' smallest text (the default
                                   Calibri 11; titles are larger), points */
#define WB_PRINT_MIN_PT 8.0     /* smallest font size allowed on paper, points */
#define WB_PRINT_MIN_SCALE 73   /* the smallest print scale, percent: the least whole
                                   percentage at which WB_PRINT_BODY_PT prints at
                                   WB_PRINT_MIN_PT or more (11 x 0.73 = 8.03) */
#define WB_PRINT_MARGIN_IN 0.4  /* left and right page margins, inches */
#define WB_PRINT_SLACK 0.98     /* share of the printable width a layout may fill: room for
                                   a reader's rounding of column widths to its printer */
#define WB_PRINT_MAX_PAGES 128  /* pages across a sheet may take (Excel allows 1023 breaks) */

/* How one sheet prints (wb_print_layout). */
struct wb_print_layout {
    int scale;                  /* print scale, percent (WB_PRINT_MIN_SCALE..100) */
    int n_pages;                /* pages across (1: the sheet fits one page wide) */
    int repeat_cols;            /* columns 0..repeat_cols - 1 are printed again on every page
                                   across after the first (0: none) */
    int breaks[WB_PRINT_MAX_PAGES]; /* [n_pages - 1] the first column of pages 2..n_pages */
    double page_pt;             /* the printable width of the page, points */
    double widest_pt;           /* the widest page's columns at the scale, points (<= page_pt
                                   unless a single column is wider than a page) */
};

/* The width in points at 100 % of a column `chars` characters wide as written to the sheet
 * (worksheet_set_column): Excel's 7-pixel digit of Calibri 11 plus 5 pixels of padding,
 * at 96 pixels to the inch. */
double wb_print_col_pt(double chars);

/* The printable width of a landscape page of paper `paper`, points: its long side less
 * the left and right margins (WB_PRINT_MARGIN_IN). */
double wb_print_page_pt(enum wb_paper paper);

/* Excel's paper code for `paper` (worksheet_set_paper: 9 A4, 1 Letter). */
int wb_print_paper_code(enum wb_paper paper);

/* "a4" or "letter". */
const char *wb_paper_name(enum wb_paper paper);

/* Parse "a4" or "letter" (any case) into *out. Returns 0, or -1 for anything else. */
int wb_paper_parse(const char *s, enum wb_paper *out);

/* Lay out a sheet of n_cols columns, width[c] characters wide each, on paper `paper`:
 * key_cols columns at the left (the frozen ones) are repeated on every page across when
 * the sheet is split and they take at most a third of a page; group_start (may be NULL)
 * marks with non-zero the columns that start a group of columns, where a page should
 * rather break; keep (may be NULL) marks the columns no page may start at (a chart over
 * them and the column before), unless a page cannot break anywhere else. Fills *out;
 * returns 0, or -1 when n_cols < 0 or width is NULL with n_cols > 0. */
int wb_print_layout(const double *width, int n_cols, int key_cols,
                    const unsigned char *group_start, const unsigned char *keep,
                    enum wb_paper paper, struct wb_print_layout *out);

#endif
