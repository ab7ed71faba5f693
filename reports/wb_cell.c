/* reports/wb_cell.c: writing a workbook sheet row by row (reports/wb_int.h).
 *
 * A sheet is written once, top to bottom: a struct sheet holds the row being written,
 * and wb_next_row leaves it for good. That is what libxlsxwriter's constant-memory mode
 * needs (a row is flushed to disk when the next one starts), and it means everything
 * about a row must be known while it is written, its height included: wrapped text asks
 * for the lines it will take at the width its column will get, because the widths are
 * only set when the sheet is finished (wb_sheet_finish, from the widest content seen).
 *
 * Every write is checked. The first error, ours (wb_fail) or libxlsxwriter's (wb_check),
 * is kept in the struct wb with the sheet and cell it happened at, and every later write
 * is skipped, so a sheet writer can write its whole table without testing each call and
 * the caller still reports the first thing that went wrong.
 *
 * Notes above a table are broken into lines of WB_NOTE_CHARS characters, one row each,
 * in column A without widening it: they read and print whole however narrow the table
 * below them is. Headers wrap, counting WB_HEAD_CHARS wide at most.
 */
#include "reports/wb_int.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "models/text.h"
#include "models/units.h"

/* ---- errors -------------------------------------------------------------------------- */

int wb_ok(const struct wb *w)
{
    return w->lerr == LXW_NO_ERROR && w->st == WB_OK;
}

/* Keep the first libxlsxwriter error with the cell it concerns. */
void wb_check(struct sheet *sh, lxw_col_t col, lxw_error e)
{
    struct wb *w = sh->w;
    char cell[32];
    if (e == LXW_NO_ERROR || !wb_ok(w))
        return;
    w->lerr = e;
    lxw_rowcol_to_cell(cell, sh->row, col);
    snprintf(w->where, sizeof w->where, "sheet '%s', cell %s", sh->name, cell);
}

/* Keep the first libxlsxwriter error of a sheet-wide call (charts, filters, images). */
void wb_check_sheet(struct sheet *sh, const char *what, lxw_error e)
{
    struct wb *w = sh->w;
    if (e == LXW_NO_ERROR || !wb_ok(w))
        return;
    w->lerr = e;
    snprintf(w->where, sizeof w->where, "sheet '%s', %s", sh->name, what);
}

void wb_fail(struct wb *w, enum wb_status st, const char *fmt, ...)
{
    va_list ap;
    if (!wb_ok(w))
        return;
    w->st = st;
    va_start(ap, fmt);
    vsnprintf(w->where, sizeof w->where, fmt, ap);
    va_end(ap);
}

void wb_check_sheet_io(struct sheet *sh, const char *what, lxw_error e, int sys_errno)
{
    int first = e != LXW_NO_ERROR && wb_ok(sh->w);
    wb_check_sheet(sh, what, e);
    if (first && wb_errno_explains(e, sys_errno))
        sh->w->sys_errno = sys_errno;
}

int wb_errno_explains(lxw_error x, int e)
{
    if (e == 0)
        return 0;
    switch (x) {
    case LXW_ERROR_CREATING_XLSX_FILE:
    case LXW_ERROR_CREATING_TMPFILE:
    case LXW_ERROR_ZIP_FILE_OPERATION:
        return 1;
    default:
        return e == ENOSPC || e == EFBIG || e == EDQUOT || e == EIO;
    }
}

/* ---- libxlsxwriter's own messages ------------------------------------------------------ */

int wb_quiet_begin(void)
{
    int saved = -1, null_fd, e = errno;
    if (fcntl(2, F_GETFD) != -1 && (null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC)) >= 0) {
        fflush(stderr);
        saved = fcntl(2, F_DUPFD_CLOEXEC, 3);
        if (saved >= 0 && dup2(null_fd, 2) < 0) {
            close(saved);
            saved = -1;
        }
        close(null_fd);
    }
    errno = e;
    return saved;
}

void wb_quiet_end(int saved)
{
    int e = errno;
    if (saved >= 0) {
        fflush(stderr);
        dup2(saved, 2);
        close(saved);
    }
    errno = e;
}

/* Characters (not bytes) of UTF-8 text: the width it takes in a cell. */
static size_t utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void note_width(struct sheet *sh, lxw_col_t c, double chars)
{
    if (c >= WB_MAX_COLS)
        return;
    if (chars > sh->width[c])
        sh->width[c] = chars;
    if (c + 1 > sh->n_cols)
        sh->n_cols = (lxw_col_t)(c + 1);
}

/* ---- cells --------------------------------------------------------------------------- */

/* Lines text takes when wrapped at spaces into lines of `cap` characters. */
static int wrap_lines(const char *s, double cap)
{
    int lines = 1;
    double used = 0;
    if (cap < 4)
        cap = 4;
    while (*s) {
        double word = 0;
        if (*s == '\n') {
            lines++;
            used = 0;
            s++;
            continue;
        }
        if (*s == ' ') {
            s++;
            continue;
        }
        for (; *s && *s != ' ' && *s != '\n'; s++)
            word += ((unsigned char)*s & 0xC0) != 0x80;
        if (used > 0 && used + 1 + word > cap) {
            lines++;
            used = word;
        } else {
            used += (used > 0 ? 1 : 0) + word;
        }
        while (used > cap) {
            lines++;
            used -= cap;
        }
    }
    return lines;
}

/* The characters a header of len characters counts in its column's width: all of them
 * when the column's cap leaves room (a wide text column), else WB_HEAD_CHARS at most (the
 * header wraps). */
static double head_room(const struct sheet *sh, lxw_col_t c, double len)
{
    if (c < WB_MAX_COLS && sh->cap[c] >= len + 2)
        return len;
    return WB_HEAD_CHARS;
}

/* The height a cell's text needs in its row, from its format: wrapped text needs a line
 * per wrapped line at the width its column will get (a column whose widest text does
 * not fit its cap ends up exactly at the cap; headers count WB_HEAD_CHARS wide at most),
 * rotated headers their length. Rows are written once, in order, so the height must be
 * known before the row is left: it cannot wait for the final column widths. */
static void need_height(struct sheet *sh, lxw_col_t c, const char *s, lxw_format *f)
{
    const struct fmts *fm = &sh->w->f;
    double len = (double)utf8_len(s), pt = 0;
    double cap = c < WB_MAX_COLS && sh->cap[c] > 0 ? sh->cap[c] : 60.0;
    double room = head_room(sh, c, len);
    if (f == NULL)
        return;
    if (f == fm->title)
        pt = 21;
    else if (f == fm->section)
        pt = 18;
    else if (f == fm->head)
        pt = WB_LINE_PT * wrap_lines(s, 0.9 * ((len < room ? len : room) + 1.0));
    else if (f == fm->head_rot)
        pt = 6.5 * len + 12;
    else if (f == fm->wrap || f == fm->note_wrap)
        pt = len + 2 <= cap ? WB_LINE_PT : WB_LINE_PT * wrap_lines(s, 1.1 * (cap - 2));
    if (pt > sh->row_pt)
        sh->row_pt = pt;
}

/* Text longer than a cell holds is cut at a character boundary (plan notes and comments
 * can be long); empty text writes nothing. With track = 0 the text does not widen its
 * column (notes and titles run on into the empty cells to their right). */
void wb_put_text_opt(struct sheet *sh, lxw_col_t c, const char *s, lxw_format *f, int track)
{
    struct wb *w = sh->w;
    size_t n;
    if (!wb_ok(w) || s == NULL || *s == '\0')
        return;
    n = strlen(s);
    if (n > WB_MAX_TEXT) {
        n = WB_MAX_TEXT;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
        memcpy(w->text, s, n);
        w->text[n] = '\0';
        s = w->text;
    }
    if (f == NULL)
        f = w->f.top;
    wb_check(sh, c, worksheet_write_string(sh->ws, sh->row, c, s, f));
    need_height(sh, c, s, f);
    if (track)
        note_width(sh, c, (double)utf8_len(s));
    else if (c + 1 > sh->n_cols)
        sh->n_cols = (lxw_col_t)(c + 1);
}

void wb_put_text(struct sheet *sh, lxw_col_t c, const char *s, lxw_format *f)
{
    wb_put_text_opt(sh, c, s, f, 1);
}

void wb_put_textf(struct sheet *sh, lxw_col_t c, lxw_format *f, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    wb_put_text(sh, c, buf, f);
}

/* The characters value v takes in format f, roughly as the format shows it. */
static double num_width(const struct wb *w, double v, const lxw_format *f)
{
    char buf[64];
    const struct fmts *fm = &w->f;
    if (f == fm->hours)
        snprintf(buf, sizeof buf, "%.2f h", v);
    else if (f == fm->hours4)
        snprintf(buf, sizeof buf, "%.4f h", v);
    else if (f == fm->minutes)
        snprintf(buf, sizeof buf, "%.1f min", v);
    else if (f == fm->pct || f == fm->l_pct)
        snprintf(buf, sizeof buf, "%.1f%%", 100.0 * v);
    else if (f == fm->days)
        snprintf(buf, sizeof buf, "%.1f d", v);
    else if (f == fm->gb)
        snprintf(buf, sizeof buf, "%.1f GB,", v);
    else if (f == fm->count || f == fm->l_count || f == fm->usd)
        snprintf(buf, sizeof buf, "%.0f%s", v, fabs(v) >= 1000 ? ",," : "");
    else if (f == fm->date)
        return 10;
    else if (f == fm->datetime)
        return 16;
    else if (f == fm->l_datetime)
        return 23;
    else
        snprintf(buf, sizeof buf, "%.6g", v);
    return (double)strlen(buf);
}

/* A number, or "inf" / "-inf" for an infinite one (NaN: nothing). */
void wb_put_num(struct sheet *sh, lxw_col_t c, double v, lxw_format *f)
{
    if (!wb_ok(sh->w) || isnan(v))
        return;
    if (isinf(v)) {
        wb_put_text(sh, c, v > 0 ? "inf" : "-inf", sh->w->f.inf);
        return;
    }
    if (f == NULL)
        f = sh->w->f.top;
    wb_check(sh, c, worksheet_write_number(sh->ws, sh->row, c, v, f));
    note_width(sh, c, num_width(sh->w, v, f));
}

void wb_put_hours(struct sheet *sh, lxw_col_t c, double seconds)
{
    wb_put_num(sh, c, seconds / 3600.0, sh->w->f.hours);
}

void wb_put_minutes(struct sheet *sh, lxw_col_t c, double seconds)
{
    wb_put_num(sh, c, seconds / 60.0, sh->w->f.minutes);
}

/* A formula with the value drsim computed; an infinite value is stored as "inf". */
void wb_put_formula_num(struct sheet *sh, lxw_col_t c, const char *formula, double v,
                        lxw_format *f)
{
    if (!wb_ok(sh->w))
        return;
    if (isinf(v) || isnan(v)) {
        wb_check(sh, c, worksheet_write_formula_str(sh->ws, sh->row, c, formula, sh->w->f.inf,
                                                    isnan(v) ? "n/a" : v > 0 ? "inf" : "-inf"));
        note_width(sh, c, 4);
    } else {
        wb_check(sh, c, worksheet_write_formula_num(sh->ws, sh->row, c, formula, f, v));
        note_width(sh, c, num_width(sh->w, v, f));
    }
}

void wb_put_formula_str(struct sheet *sh, lxw_col_t c, const char *formula, const char *v,
                        lxw_format *f)
{
    if (!wb_ok(sh->w))
        return;
    if (f == NULL)
        f = sh->w->f.top;
    wb_check(sh, c, worksheet_write_formula_str(sh->ws, sh->row, c, formula, f, v));
    note_width(sh, c, (double)utf8_len(v));
}

/* A date (civil day number) as an Excel date. */
void wb_put_day(struct sheet *sh, lxw_col_t c, long days)
{
    wb_put_num(sh, c, (double)days + WB_EXCEL_EPOCH_DAYS, sh->w->f.date);
}

/* "YYYY-MM-DD" as written in the plan: an Excel date when it parses, else the text. */
void wb_put_date_text(struct sheet *sh, lxw_col_t c, const char *s)
{
    long days;
    const char *why;
    if (s && *s && units_parse_date(s, &days, &why) == UNITS_OK)
        wb_put_day(sh, c, days);
    else
        wb_put_text(sh, c, s, NULL);
}

/* A1 reference of (row, col) on the current sheet, relative or absolute. */
char *wb_ref(char *buf, lxw_row_t row, lxw_col_t col)
{
    lxw_rowcol_to_cell(buf, row, col);
    return buf;
}

static void merge_groups(struct sheet *sh);

/* Leave the row, giving it the height its wrapped text needs. */
void wb_next_row(struct sheet *sh)
{
    if (sh->n_groups > 0 && sh->group_row == sh->row && !sh->groups_merged)
        merge_groups(sh);
    if (sh->row_pt > WB_LINE_PT + 0.5 && wb_ok(sh->w))
        wb_check(sh, 0, worksheet_set_row(sh->ws, sh->row, sh->row_pt, NULL));
    sh->row_pt = 0;
    sh->row++;
}

/* Where the first line of s ends when it is broken at spaces into lines of at most
 * WB_NOTE_CHARS characters (a longer word is cut); *next is where the next line starts. */
static size_t note_break(const char *s, const char **next)
{
    size_t lim = 0, chars = 0, cut;
    while (s[lim] && chars < WB_NOTE_CHARS) {
        lim++;
        while (s[lim] && ((unsigned char)s[lim] & 0xC0) == 0x80)
            lim++;
        chars++;
    }
    if (s[lim] == '\0') {
        *next = s + lim;
        return lim;
    }
    for (cut = lim; cut > 0 && s[cut] != ' '; cut--)
        ;
    if (cut == 0)
        cut = lim;
    *next = s + cut;
    while (**next == ' ')
        (*next)++;
    return cut;
}

/* Rows a note takes (at least one). */
int wb_note_lines(const char *s)
{
    int n = 0;
    while (*s) {
        note_break(s, &s);
        n++;
    }
    return n ? n : 1;
}

/* A note (or title) in column A, one row per WB_NOTE_CHARS-character line, so that it reads
 * and prints whole however narrow the table below it is; it widens no column. */
void wb_put_note(struct sheet *sh, lxw_format *f, const char *text)
{
    char line[WB_NOTE_CHARS * 4 + 1], why[256], titled[1024];
    const char *s = text ? text : "";
    /* A sheet's title carries the DRAFT mark of a plan no approval names (models/plan.h,
     * plan_draft_reason), so no sheet read alone passes for an approved plan's. */
    if (f != NULL && f == sh->w->f.title && plan_draft_reason(sh->w->p, why, sizeof why)) {
        snprintf(titled, sizeof titled, "%s (DRAFT: %s)", s, why);
        s = titled;
    }
    do {
        const char *next;
        size_t n = note_break(s, &next);
        memcpy(line, s, n);
        line[n] = '\0';
        wb_put_text_opt(sh, 0, line, f, 0);
        wb_next_row(sh);
        s = next;
    } while (*s);
}

void wb_put_notef(struct sheet *sh, lxw_format *f, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    wb_put_note(sh, f, buf);
}

/* A header cell: bold, filled, wrapped; it counts WB_HEAD_CHARS wide at most. */
void wb_head_cell(struct sheet *sh, lxw_col_t c, const char *text)
{
    double len = (double)utf8_len(text), room = head_room(sh, c, len);
    wb_put_text_opt(sh, c, text, sh->w->f.head, 0);
    note_width(sh, c, len > room ? room : len);
}

void wb_put_header(struct sheet *sh, const char *const *names, int n)
{
    for (int i = 0; i < n && i < WB_MAX_COLS; i++)
        wb_head_cell(sh, (lxw_col_t)i, names[i]);
}

/* ---- sheets: creation and finishing -------------------------------------------------- */

int wb_sheet_open(struct wb *w, struct sheet *sh, const char *name)
{
    int quiet, sys_errno;
    memset(sh, 0, sizeof *sh);
    sh->w = w;
    snprintf(sh->name, sizeof sh->name, "%s", name);
    if (!wb_ok(w))
        return 1;
    /* In constant-memory mode a sheet's rows go to a temporary file made here. */
    quiet = wb_quiet_begin();
    errno = 0;
    sh->ws = workbook_add_worksheet(w->book, sh->name);
    sys_errno = errno;
    wb_quiet_end(quiet);
    if (sh->ws == NULL) {
        int io = sys_errno != 0 && sys_errno != ENOMEM;
        wb_fail(w, io ? WB_IO : WB_NOMEM, "adding sheet '%s'", name);
        if (io)
            w->sys_errno = sys_errno;
        return 1;
    }
    return 0;
}

/* '&' starts a code in a header or footer: double it in text. */
static void hf_escape(const char *s, char *out, size_t n)
{
    size_t o = 0;
    for (; s && *s && o + 3 < n; s++) {
        if (*s == '&')
            out[o++] = '&';
        out[o++] = *s;
    }
    out[o] = '\0';
    text_trim_partial(out); /* a cut never splits a UTF-8 sequence: the XML stays valid */
}

/* The last column of group label i: its stated end, else the column before the next
 * label of its row; -1 when neither is known (the last label without an end runs on
 * into the empty cells to its right). */
static long group_end(const struct sheet *sh, int i)
{
    lxw_col_t c0 = sh->group[i].col;
    if (sh->group[i].end >= (long)c0)
        return sh->group[i].end;
    for (lxw_col_t c = (lxw_col_t)(c0 + 1); c < WB_MAX_COLS; c++)
        if (sh->group_start[c])
            return (long)c - 1;
    return -1;
}

/* The height the group row needs for its labels wrapped over their groups, at column
 * widths width[c] (characters), or at the least each column can end up with
 * (wb_sheet_finish: 6 characters, or its cap when narrower) when width is NULL. */
static double group_height(const struct sheet *sh, const double *width)
{
    double pt = WB_LINE_PT;
    int n = sh->n_groups < WB_MAX_GROUPS ? sh->n_groups : WB_MAX_GROUPS;
    for (int i = 0; i < n; i++) {
        long c1 = group_end(sh, i);
        double room = 0;
        if (c1 < (long)sh->group[i].col)
            continue;
        for (long c = sh->group[i].col; c <= c1 && c < WB_MAX_COLS; c++)
            room += width ? width[c] : sh->cap[c] > 0 && sh->cap[c] < 6.0 ? sh->cap[c] : 6.0;
        double need = WB_LINE_PT * wrap_lines(sh->group[i].text, 1.1 * (room - 1.0));
        if (need > pt)
            pt = need;
    }
    return pt;
}

/* When the row of group labels is left (wb_next_row), each label is merged over its group's
 * columns and wrapped there, so that none is cut by the next label or by a page break; the
 * row gets the height the longest needs at the narrowest widths its columns can get (the
 * final widths are not known yet; wb_sheet_finish sets the exact height when the sheet's
 * rows are still in memory). Merging on the row being written works in libxlsxwriter's
 * constant-memory mode too. */
static void merge_groups(struct sheet *sh)
{
    int n = sh->n_groups < WB_MAX_GROUPS ? sh->n_groups : WB_MAX_GROUPS;
    for (int i = 0; i < n && wb_ok(sh->w); i++) {
        long c1 = group_end(sh, i);
        lxw_col_t c0 = sh->group[i].col;
        if (c1 > (long)c0)
            wb_check(sh, c0, worksheet_merge_range(sh->ws, sh->row, c0, sh->row, (lxw_col_t)c1,
                                                   sh->group[i].text, sh->w->f.group_wrap));
        else if (c1 == (long)c0) /* a group of one column: the label wraps in it */
            wb_check(sh, c0, worksheet_write_string(sh->ws, sh->row, c0, sh->group[i].text,
                                                    sh->w->f.group_wrap));
    }
    double pt = group_height(sh, NULL);
    if (pt > sh->row_pt)
        sh->row_pt = pt;
    sh->groups_merged = 1;
}

/* Column widths from the content, the table's header frozen and filtered (when the
 * sheet has a table: last_row >= head_row), group labels merged over their columns, the
 * print set-up (wb_print_setup: the run's paper, landscape, 8-point type or larger, pages
 * across with the key columns and header rows repeated), plan and sheet in the page
 * header. */
void wb_sheet_finish(struct sheet *sh, int has_table, lxw_row_t last_row, lxw_col_t freeze_col)
{
    struct wb *w = sh->w;
    char name[120], hdr[256];
    double fin[WB_MAX_COLS];

    if (!wb_ok(w))
        return;
    for (lxw_col_t c = 0; c < sh->n_cols && c < WB_MAX_COLS; c++) {
        double cap = sh->cap[c] > 0 ? sh->cap[c] : 60.0;
        double wd = sh->width[c] + 2.0;
        if (wd > cap)
            wd = cap;
        if (wd < 6.0)
            wd = cap < 6.0 ? cap : 6.0;
        fin[c] = wd;
        wb_check_sheet(sh, "column widths", worksheet_set_column(sh->ws, c, c, wd, NULL));
    }
    /* The group row's exact height, now that the widths are known; in constant-memory mode
     * (a workbook with per-trial sheets) that row is on disk and keeps its estimate. */
    if (sh->groups_merged && !(w->o && w->o->trials_sheet))
        wb_check_sheet(sh, "group labels",
                       worksheet_set_row(sh->ws, sh->group_row, group_height(sh, fin), NULL));
    if (has_table && sh->n_cols > 0) {
        worksheet_freeze_panes(sh->ws, sh->head_row + 1, freeze_col);
        wb_check_sheet(sh, "autofilter",
                       worksheet_autofilter(sh->ws, sh->head_row, 0,
                                            last_row > sh->head_row ? last_row : sh->head_row,
                                            (lxw_col_t)(sh->n_cols - 1)));
    }
    wb_print_setup(sh, fin, has_table, freeze_col);
    hf_escape(w->p->name, name, sizeof name);
    char why[256];
    snprintf(hdr, sizeof hdr, "&L%s&C&A&R%s", name,
             plan_draft_reason(w->p, why, sizeof why) ? "DRAFT - drsim DR review"
                                                       : "drsim DR review");
    wb_check_sheet(sh, "page header", worksheet_set_header(sh->ws, hdr));
    wb_check_sheet(sh, "page footer", worksheet_set_footer(sh->ws, "&CPage &P of &N"));
}

/* A group label above a run of header cells, last its group's last column (-1: up to the
 * next label): written in the group format, widening no column, and kept to be merged
 * over its group when its row is left (merge_groups). */
static void group_label(struct sheet *sh, lxw_col_t c, long last, const char *text)
{
    wb_put_text_opt(sh, c, text, sh->w->f.group, 0);
    if (c < WB_MAX_COLS)
        sh->group_start[c] = 1;
    if (sh->n_groups < WB_MAX_GROUPS) {
        sh->group[sh->n_groups].col = c;
        sh->group[sh->n_groups].end = last;
        char *t = sh->group[sh->n_groups].text; /* cut to its room, never mid-character */
        size_t n = strlen(text) < sizeof sh->group[0].text ? strlen(text)
                                                          : sizeof sh->group[0].text - 1;
        memcpy(t, text, n);
        t[n] = '\0';
        text_trim_partial(t);
    }
    sh->group_row = sh->row;
    sh->n_groups++;
}

void wb_group_cell(struct sheet *sh, lxw_col_t c, const char *text)
{
    group_label(sh, c, -1, text);
}

void wb_group_span(struct sheet *sh, lxw_col_t c, lxw_col_t last, const char *text)
{
    group_label(sh, c, last >= c ? (long)last : -1, text);
}

/* The group labels "Simulated, NAME outage" above each scenario's run of `width` columns
 * from column c_sim on. */
void wb_group_scenarios(struct sheet *sh, lxw_col_t c_sim, int width)
{
    const struct mc_results *r = sh->w->r;
    char buf[512];
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct scenario *sc = &sh->w->p->scenarios[r->scenarios[s].scenario];
        snprintf(buf, sizeof buf, "Simulated, %s %s", sc->name,
                 sc->damage.present ? "(logical damage)" : "outage");
        lxw_col_t c = (lxw_col_t)(c_sim + width * s);
        wb_group_span(sh, c, (lxw_col_t)(c + width - 1), buf);
    }
}

/* wb_sheet_open for a sheet that needs columns up to n_cols - 1: a plan with too many
 * scenarios for them is refused (WB_INVALID). Returns non-zero when the sheet is not to
 * be written. */
int wb_sheet_open_cols(struct wb *w, struct sheet *sh, const char *name, long n_cols)
{
    if (wb_sheet_open(w, sh, name))
        return 1;
    if (n_cols > WB_MAX_COLS) {
        wb_fail(w, WB_INVALID, "too many scenarios for the %s sheet", name);
        return 1;
    }
    return 0;
}
