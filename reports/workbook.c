/* reports/workbook.c: the auditor's workbook, written with libxlsxwriter.
 *
 * One function per sheet, each writing its rows strictly in order (a `struct sheet`
 * holds the row being written), so the same code works in libxlsxwriter's normal and
 * constant-memory modes; the latter is switched on only for the per-trial sheets, which
 * can hold millions of rows. Every write goes through a put_* helper that checks the
 * return code and keeps the first error with the sheet and cell it happened at; once an
 * error is kept, further writes are skipped and the file is thrown away.
 *
 * Numbers are stored in the units shown (hours, minutes, days, fractions) with a number
 * format naming the unit, so an auditor's own formulas work on them. Values that cannot
 * be numbers (an infinite RPO, an outage that never ends) are the text "inf", and the
 * formulas test ISNUMBER before using a cell. Formulas use plain A1 references and only
 * functions every reader knows (IF, AND, MAX, MIN, SQRT, SUM, ISNUMBER), and each is
 * written with the value drsim computed, so readers that do not recalculate (openpyxl,
 * headless LibreOffice) show the right thing.
 */
#include "models/sha256.h"
#include "reports/workbook.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "models/backup.h"
#include "models/units.h"
#include "reports/sweep_report.h"
#include "sim/stats.h"
#include "sim/trial.h"

#define WB_MAX_COLS 2048        /* columns a sheet of ours may use (width bookkeeping) */
#define WB_MAX_TEXT 32767       /* bytes of text a cell holds (Excel's limit) */
#define WB_EXCEL_EPOCH_DAYS 25569.0 /* Excel's serial day of 1970-01-01 */
#define WB_FORMULA 1024         /* bytes of a formula we build */
#define WB_Z95 "1.959963984540054" /* STATS_Z95 as written into the Wilson formulas */
#define NOTE_CHARS 150          /* characters per line of a note above a table */
#define HEAD_CHARS 16           /* a header counts this wide at most: longer ones wrap */
#define LINE_PT 15.0            /* height of one line of text in a row, points */

/* Okabe-Ito colours, as the charts use: colour-blind safe. */
#define COLOR_MEETS   0x009E73  /* bluish green */
#define COLOR_AT_RISK 0xE69F00  /* orange */
#define COLOR_BREACH  0xD55E00  /* vermillion */
#define COLOR_BLUE    0x0072B2
#define COLOR_HEAD    0xD9E1F2  /* header fill */
#define COLOR_GROUP   0xEEF2F8  /* group header fill */

/* ---- state --------------------------------------------------------------------------- */

struct fmts {
    lxw_format *title, *subtitle, *note, *note_wrap, *head, *head_rot, *group, *section, *wrap;
    lxw_format *bold, *center, *top;  /* top: the default for data cells */
    lxw_format *hours, *hours4, *minutes, *pct, *count, *gb, *days, *usd, *date, *datetime, *num;
    lxw_format *l_pct, *l_count, *l_datetime; /* left-aligned, for the Summary's values */
    lxw_format *inf;                 /* the text "inf", right-aligned like a number */
    lxw_format *verdict[4];          /* cell formats by enum mc_verdict (NONE, MEETS, ...) */
    lxw_format *cf_verdict[4];       /* the same as conditional (dxf) formats */
    lxw_format *cf_fail, *cf_ok, *cf_red_font;
    lxw_format *cf_impact[4];        /* by enum impact_level (cells hold the level, 0..3) */
    lxw_format *flag;                /* a raised flag (no usable recovery point) */
};

struct wb {
    lxw_workbook *book;
    const struct mc_results *r;
    const struct plan *p;
    const struct wb_options *o;
    const struct wb_evidence *ev;    /* drill evidence, or NULL: no Evidence sheets */
    struct fmts f;
    lxw_error lerr;                  /* first libxlsxwriter error, LXW_NO_ERROR while none */
    enum wb_status st;               /* first failure of ours (WB_NOMEM, WB_INVALID) */
    char where[512];                 /* where the first error happened */
    char text[WB_MAX_TEXT + 1];      /* a long text cut to what a cell holds */
    unsigned char *png[64];          /* images kept until the workbook is closed */
    int n_png;
};

/* One worksheet being written, row by row. */
struct sheet {
    struct wb *w;
    lxw_worksheet *ws;
    char name[32];
    lxw_row_t row;                   /* the row being written; rows only ever advance */
    lxw_row_t head_row;              /* the table's header row (frozen, filtered, printed) */
    lxw_col_t n_cols;                /* columns written */
    double row_pt;                   /* height the row being written needs, points (0: default) */
    double width[WB_MAX_COLS];       /* widest content per column, in characters */
    double cap[WB_MAX_COLS];         /* widest a column may get (0: the default, 60) */
};

static int ok(const struct wb *w)
{
    return w->lerr == LXW_NO_ERROR && w->st == WB_OK;
}

/* Keep the first libxlsxwriter error with the cell it concerns. */
static void check(struct sheet *sh, lxw_col_t col, lxw_error e)
{
    struct wb *w = sh->w;
    char cell[32];
    if (e == LXW_NO_ERROR || !ok(w))
        return;
    w->lerr = e;
    lxw_rowcol_to_cell(cell, sh->row, col);
    snprintf(w->where, sizeof w->where, "sheet '%s', cell %s", sh->name, cell);
}

/* Keep the first libxlsxwriter error of a sheet-wide call (charts, filters, images). */
static void check_sheet(struct sheet *sh, const char *what, lxw_error e)
{
    struct wb *w = sh->w;
    if (e == LXW_NO_ERROR || !ok(w))
        return;
    w->lerr = e;
    snprintf(w->where, sizeof w->where, "sheet '%s', %s", sh->name, what);
}

static void fail(struct wb *w, enum wb_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(struct wb *w, enum wb_status st, const char *fmt, ...)
{
    va_list ap;
    if (!ok(w))
        return;
    w->st = st;
    va_start(ap, fmt);
    vsnprintf(w->where, sizeof w->where, fmt, ap);
    va_end(ap);
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

/* ---- cells ----------------------------------------------------------------------------- */

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
 * when the column's cap leaves room (a wide text column), else HEAD_CHARS at most (the
 * header wraps). */
static double head_room(const struct sheet *sh, lxw_col_t c, double len)
{
    if (c < WB_MAX_COLS && sh->cap[c] >= len + 2)
        return len;
    return HEAD_CHARS;
}

/* The height a cell's text needs in its row, from its format: wrapped text needs a line
 * per wrapped line at the width its column will get (a column whose widest text does
 * not fit its cap ends up exactly at the cap; headers count HEAD_CHARS wide at most),
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
        pt = LINE_PT * wrap_lines(s, 0.9 * ((len < room ? len : room) + 1.0));
    else if (f == fm->head_rot)
        pt = 6.5 * len + 12;
    else if (f == fm->wrap || f == fm->note_wrap)
        pt = len + 2 <= cap ? LINE_PT : LINE_PT * wrap_lines(s, 1.1 * (cap - 2));
    if (pt > sh->row_pt)
        sh->row_pt = pt;
}

/* Text longer than a cell holds is cut at a character boundary (plan notes and comments
 * can be long); empty text writes nothing. With track = 0 the text does not widen its
 * column (notes and titles run on into the empty cells to their right). */
static void put_text_opt(struct sheet *sh, lxw_col_t c, const char *s, lxw_format *f, int track)
{
    struct wb *w = sh->w;
    size_t n;
    if (!ok(w) || s == NULL || *s == '\0')
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
    check(sh, c, worksheet_write_string(sh->ws, sh->row, c, s, f));
    need_height(sh, c, s, f);
    if (track)
        note_width(sh, c, (double)utf8_len(s));
    else if (c + 1 > sh->n_cols)
        sh->n_cols = (lxw_col_t)(c + 1);
}

static void put_text(struct sheet *sh, lxw_col_t c, const char *s, lxw_format *f)
{
    put_text_opt(sh, c, s, f, 1);
}

static void put_textf(struct sheet *sh, lxw_col_t c, lxw_format *f, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void put_textf(struct sheet *sh, lxw_col_t c, lxw_format *f, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    put_text(sh, c, buf, f);
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
static void put_num(struct sheet *sh, lxw_col_t c, double v, lxw_format *f)
{
    if (!ok(sh->w) || isnan(v))
        return;
    if (isinf(v)) {
        put_text(sh, c, v > 0 ? "inf" : "-inf", sh->w->f.inf);
        return;
    }
    if (f == NULL)
        f = sh->w->f.top;
    check(sh, c, worksheet_write_number(sh->ws, sh->row, c, v, f));
    note_width(sh, c, num_width(sh->w, v, f));
}

static void put_hours(struct sheet *sh, lxw_col_t c, double seconds)
{
    put_num(sh, c, seconds / 3600.0, sh->w->f.hours);
}

static void put_minutes(struct sheet *sh, lxw_col_t c, double seconds)
{
    put_num(sh, c, seconds / 60.0, sh->w->f.minutes);
}

/* A formula with the value drsim computed; an infinite value is stored as "inf". */
static void put_formula_num(struct sheet *sh, lxw_col_t c, const char *formula, double v,
                            lxw_format *f)
{
    if (!ok(sh->w))
        return;
    if (isinf(v) || isnan(v)) {
        check(sh, c, worksheet_write_formula_str(sh->ws, sh->row, c, formula, sh->w->f.inf,
                                                 isnan(v) ? "n/a" : v > 0 ? "inf" : "-inf"));
        note_width(sh, c, 4);
    } else {
        check(sh, c, worksheet_write_formula_num(sh->ws, sh->row, c, formula, f, v));
        note_width(sh, c, num_width(sh->w, v, f));
    }
}

static void put_formula_str(struct sheet *sh, lxw_col_t c, const char *formula, const char *v,
                            lxw_format *f)
{
    if (!ok(sh->w))
        return;
    if (f == NULL)
        f = sh->w->f.top;
    check(sh, c, worksheet_write_formula_str(sh->ws, sh->row, c, formula, f, v));
    note_width(sh, c, (double)utf8_len(v));
}

/* A date (civil day number) as an Excel date. */
static void put_day(struct sheet *sh, lxw_col_t c, long days)
{
    put_num(sh, c, (double)days + WB_EXCEL_EPOCH_DAYS, sh->w->f.date);
}

/* "YYYY-MM-DD" as written in the plan: an Excel date when it parses, else the text. */
static void put_date_text(struct sheet *sh, lxw_col_t c, const char *s)
{
    long days;
    const char *why;
    if (s && *s && units_parse_date(s, &days, &why) == UNITS_OK)
        put_day(sh, c, days);
    else
        put_text(sh, c, s, NULL);
}

/* A1 reference of (row, col) on the current sheet, relative or absolute. */
static char *ref(char *buf, lxw_row_t row, lxw_col_t col)
{
    lxw_rowcol_to_cell(buf, row, col);
    return buf;
}

/* Leave the row, giving it the height its wrapped text needs. */
static void next_row(struct sheet *sh)
{
    if (sh->row_pt > LINE_PT + 0.5 && ok(sh->w))
        check(sh, 0, worksheet_set_row(sh->ws, sh->row, sh->row_pt, NULL));
    sh->row_pt = 0;
    sh->row++;
}

/* Where the first line of s ends when it is broken at spaces into lines of at most
 * NOTE_CHARS characters (a longer word is cut); *next is where the next line starts. */
static size_t note_break(const char *s, const char **next)
{
    size_t lim = 0, chars = 0, cut;
    while (s[lim] && chars < NOTE_CHARS) {
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
static int note_lines(const char *s)
{
    int n = 0;
    while (*s) {
        note_break(s, &s);
        n++;
    }
    return n ? n : 1;
}

/* A note (or title) in column A, one row per NOTE_CHARS-character line, so that it reads
 * and prints whole however narrow the table below it is; it widens no column. */
static void put_note(struct sheet *sh, lxw_format *f, const char *text)
{
    char line[NOTE_CHARS * 4 + 1];
    const char *s = text ? text : "";
    do {
        const char *next;
        size_t n = note_break(s, &next);
        memcpy(line, s, n);
        line[n] = '\0';
        put_text_opt(sh, 0, line, f, 0);
        next_row(sh);
        s = next;
    } while (*s);
}

static void put_notef(struct sheet *sh, lxw_format *f, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void put_notef(struct sheet *sh, lxw_format *f, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    put_note(sh, f, buf);
}

/* A header cell: bold, filled, wrapped; it counts HEAD_CHARS wide at most. */
static void head_cell(struct sheet *sh, lxw_col_t c, const char *text)
{
    double len = (double)utf8_len(text), room = head_room(sh, c, len);
    put_text_opt(sh, c, text, sh->w->f.head, 0);
    note_width(sh, c, len > room ? room : len);
}

static void put_header(struct sheet *sh, const char *const *names, int n)
{
    for (int i = 0; i < n && i < WB_MAX_COLS; i++)
        head_cell(sh, (lxw_col_t)i, names[i]);
}

/* ---- sheets: creation and finishing ------------------------------------------------------ */

static int sheet_open(struct wb *w, struct sheet *sh, const char *name)
{
    memset(sh, 0, sizeof *sh);
    sh->w = w;
    snprintf(sh->name, sizeof sh->name, "%s", name);
    if (!ok(w))
        return 1;
    sh->ws = workbook_add_worksheet(w->book, sh->name);
    if (sh->ws == NULL) {
        fail(w, WB_NOMEM, "adding sheet '%s'", name);
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
}

/* Column widths from the content, the table's header frozen and filtered (when the
 * sheet has a table: last_row >= head_row), and the print set-up: landscape, one page
 * wide, the header row repeated on every page, plan and sheet in the page header. */
static void sheet_finish(struct sheet *sh, int has_table, lxw_row_t last_row, lxw_col_t freeze_col)
{
    struct wb *w = sh->w;
    char name[120], hdr[256];

    if (!ok(w))
        return;
    for (lxw_col_t c = 0; c < sh->n_cols && c < WB_MAX_COLS; c++) {
        double cap = sh->cap[c] > 0 ? sh->cap[c] : 60.0;
        double wd = sh->width[c] + 2.0;
        if (wd > cap)
            wd = cap;
        if (wd < 6.0)
            wd = cap < 6.0 ? cap : 6.0;
        check_sheet(sh, "column widths", worksheet_set_column(sh->ws, c, c, wd, NULL));
    }
    if (has_table && sh->n_cols > 0) {
        worksheet_freeze_panes(sh->ws, sh->head_row + 1, freeze_col);
        check_sheet(sh, "autofilter",
                    worksheet_autofilter(sh->ws, sh->head_row, 0,
                                         last_row > sh->head_row ? last_row : sh->head_row,
                                         (lxw_col_t)(sh->n_cols - 1)));
        check_sheet(sh, "print titles", worksheet_repeat_rows(sh->ws, sh->head_row, sh->head_row));
    }
    worksheet_set_landscape(sh->ws);
    worksheet_fit_to_pages(sh->ws, 1, 0);
    worksheet_set_margins(sh->ws, 0.4, 0.4, 0.6, 0.6);
    hf_escape(w->p->name, name, sizeof name);
    snprintf(hdr, sizeof hdr, "&L%s&C&A&R%s", name, "drsim DR review");
    check_sheet(sh, "page header", worksheet_set_header(sh->ws, hdr));
    check_sheet(sh, "page footer", worksheet_set_footer(sh->ws, "&CPage &P of &N"));
}

/* ---- formats ---------------------------------------------------------------------------- */

/* Every format aligns its text to the top of the cell: rows grow for wrapped text, and
 * the other cells of such a row should start on its first line. */
static lxw_format *new_format(struct wb *w)
{
    lxw_format *f = workbook_add_format(w->book);
    if (f == NULL)
        fail(w, WB_NOMEM, "creating cell formats");
    else
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

static lxw_format *num_format(struct wb *w, const char *num)
{
    lxw_format *f = new_format(w);
    if (f)
        format_set_num_format(f, num);
    return f;
}

static lxw_format *fill_format(struct wb *w, lxw_color_t bg, lxw_color_t fg, int bold)
{
    lxw_format *f = new_format(w);
    if (f) {
        format_set_bg_color(f, bg);
        format_set_font_color(f, fg);
        if (bold)
            format_set_bold(f);
    }
    return f;
}

static void make_formats(struct wb *w)
{
    struct fmts *f = &w->f;
    if ((f->title = new_format(w))) {
        format_set_bold(f->title);
        format_set_font_size(f->title, 14);
    }
    if ((f->subtitle = new_format(w))) {
        format_set_italic(f->subtitle);
        format_set_font_color(f->subtitle, 0x404040);
    }
    if ((f->note = new_format(w)))
        format_set_font_color(f->note, 0x404040);
    if ((f->note_wrap = new_format(w))) {
        format_set_font_color(f->note_wrap, 0x404040);
        format_set_text_wrap(f->note_wrap);
        format_set_align(f->note_wrap, LXW_ALIGN_VERTICAL_TOP);
    }
    if ((f->head_rot = new_format(w))) {
        format_set_bold(f->head_rot);
        format_set_bg_color(f->head_rot, COLOR_HEAD);
        format_set_rotation(f->head_rot, 90);
        format_set_align(f->head_rot, LXW_ALIGN_CENTER);
        format_set_align(f->head_rot, LXW_ALIGN_VERTICAL_BOTTOM);
        format_set_bottom(f->head_rot, LXW_BORDER_THIN);
    }
    if ((f->center = new_format(w)))
        format_set_align(f->center, LXW_ALIGN_CENTER);
    f->top = new_format(w);
    if ((f->head = new_format(w))) {
        format_set_bold(f->head);
        format_set_bg_color(f->head, COLOR_HEAD);
        format_set_text_wrap(f->head);
        format_set_align(f->head, LXW_ALIGN_VERTICAL_TOP);
        format_set_bottom(f->head, LXW_BORDER_THIN);
    }
    if ((f->group = new_format(w))) {
        format_set_bold(f->group);
        format_set_bg_color(f->group, COLOR_GROUP);
    }
    if ((f->section = new_format(w))) {
        format_set_bold(f->section);
        format_set_font_size(f->section, 12);
        format_set_font_color(f->section, COLOR_BLUE);
    }
    if ((f->wrap = new_format(w))) {
        format_set_text_wrap(f->wrap);
        format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
    }
    if ((f->bold = new_format(w)))
        format_set_bold(f->bold);
    f->hours = num_format(w, "0.00 \"h\"");
    f->hours4 = num_format(w, "0.00## \"h\"");
    f->minutes = num_format(w, "0.0 \"min\"");
    f->pct = num_format(w, "0.0%");
    f->count = num_format(w, "#,##0");
    f->num = num_format(w, "General");
    f->gb = num_format(w, "#,##0.0 \"GB\"");
    f->days = num_format(w, "0.0 \"d\"");
    f->usd = num_format(w, "\"$\"#,##0");
    f->date = num_format(w, "yyyy-mm-dd");
    f->datetime = num_format(w, "yyyy-mm-dd hh:mm");
    if ((f->l_pct = num_format(w, "0.0%")))
        format_set_align(f->l_pct, LXW_ALIGN_LEFT);
    if ((f->l_count = num_format(w, "#,##0")))
        format_set_align(f->l_count, LXW_ALIGN_LEFT);
    if ((f->l_datetime = num_format(w, "yyyy-mm-dd hh:mm:ss \"UTC\"")))
        format_set_align(f->l_datetime, LXW_ALIGN_LEFT);
    if ((f->inf = new_format(w)))
        format_set_align(f->inf, LXW_ALIGN_RIGHT);
    f->verdict[MC_VERDICT_NONE] = new_format(w);
    f->verdict[MC_VERDICT_MEETS] = fill_format(w, COLOR_MEETS, LXW_COLOR_WHITE, 1);
    f->verdict[MC_VERDICT_AT_RISK] = fill_format(w, COLOR_AT_RISK, LXW_COLOR_BLACK, 1);
    f->verdict[MC_VERDICT_BREACH] = fill_format(w, COLOR_BREACH, LXW_COLOR_WHITE, 1);
    f->cf_verdict[MC_VERDICT_NONE] = NULL;
    f->cf_verdict[MC_VERDICT_MEETS] = fill_format(w, COLOR_MEETS, LXW_COLOR_WHITE, 1);
    f->cf_verdict[MC_VERDICT_AT_RISK] = fill_format(w, COLOR_AT_RISK, LXW_COLOR_BLACK, 1);
    f->cf_verdict[MC_VERDICT_BREACH] = fill_format(w, COLOR_BREACH, LXW_COLOR_WHITE, 1);
    f->cf_fail = fill_format(w, COLOR_BREACH, LXW_COLOR_WHITE, 1);
    f->cf_ok = fill_format(w, 0xD5EFE6, LXW_COLOR_BLACK, 0);
    if ((f->cf_red_font = new_format(w))) {
        format_set_font_color(f->cf_red_font, COLOR_BREACH);
        format_set_bold(f->cf_red_font);
    }
    f->cf_impact[IMPACT_NONE] = NULL;
    f->cf_impact[IMPACT_MINIMAL] = fill_format(w, 0xFFF4CC, LXW_COLOR_BLACK, 0);
    f->cf_impact[IMPACT_MODERATE] = fill_format(w, 0xFAD7A0, LXW_COLOR_BLACK, 0);
    f->cf_impact[IMPACT_SEVERE] = fill_format(w, 0xF1A386, LXW_COLOR_BLACK, 0);
    f->flag = fill_format(w, COLOR_BREACH, LXW_COLOR_WHITE, 1);
}

/* Conditional formats: "cell equals text" rules, one column at a time (libxlsxwriter
 * issue #395: a text rule over several columns tests the wrong cell). */
static void cf_equals(struct sheet *sh, lxw_row_t r0, lxw_row_t r1, lxw_col_t c, const char *text,
                      lxw_format *f)
{
    char quoted[128];
    lxw_conditional_format cf;
    if (!ok(sh->w) || r1 < r0 || f == NULL)
        return;
    memset(&cf, 0, sizeof cf);
    snprintf(quoted, sizeof quoted, "\"%s\"", text);
    cf.type = LXW_CONDITIONAL_TYPE_CELL;
    cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
    cf.value_string = quoted;
    cf.format = f;
    check_sheet(sh, "conditional format",
                worksheet_conditional_format_range(sh->ws, r0, c, r1, c, &cf));
}

/* A formula rule over one column, written for its first row (r0) as Excel wants. */
static void cf_formula(struct sheet *sh, lxw_row_t r0, lxw_row_t r1, lxw_col_t c,
                       const char *formula, lxw_format *f)
{
    lxw_conditional_format cf;
    if (!ok(sh->w) || r1 < r0 || f == NULL)
        return;
    memset(&cf, 0, sizeof cf);
    cf.type = LXW_CONDITIONAL_TYPE_FORMULA;
    cf.value_string = (char *)formula;
    cf.format = f;
    check_sheet(sh, "conditional format",
                worksheet_conditional_format_range(sh->ws, r0, c, r1, c, &cf));
}

/* A "cell equals number" rule over one column. */
static void cf_equals_num(struct sheet *sh, lxw_row_t r0, lxw_row_t r1, lxw_col_t c, double v,
                          lxw_format *f)
{
    lxw_conditional_format cf;
    if (!ok(sh->w) || r1 < r0 || f == NULL)
        return;
    memset(&cf, 0, sizeof cf);
    cf.type = LXW_CONDITIONAL_TYPE_CELL;
    cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
    cf.value = v;
    cf.format = f;
    check_sheet(sh, "conditional format",
                worksheet_conditional_format_range(sh->ws, r0, c, r1, c, &cf));
}

static void cf_verdicts(struct sheet *sh, lxw_row_t r0, lxw_row_t r1, lxw_col_t c)
{
    for (int v = MC_VERDICT_MEETS; v <= MC_VERDICT_BREACH; v++)
        cf_equals(sh, r0, r1, c, mc_verdict_name((enum mc_verdict)v), sh->w->f.cf_verdict[v]);
}

/* ---- text helpers ------------------------------------------------------------------------ */

/* Append to buf (n bytes) at *o, cutting what does not fit. */
static void appendf(char *buf, size_t n, size_t *o, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void appendf(char *buf, size_t n, size_t *o, const char *fmt, ...)
{
    va_list ap;
    int k;
    if (*o + 1 >= n)
        return;
    va_start(ap, fmt);
    k = vsnprintf(buf + *o, n - *o, fmt, ap);
    va_end(ap);
    if (k > 0)
        *o += (size_t)k < n - *o ? (size_t)k : n - *o - 1;
}

static char *fmt_duration(double s, char *buf, size_t n)
{
    return units_format_duration(s, buf, n);
}

/* A rate such as "1.0 GB/s". Values are rounded to 9 significant digits first, so a
 * quantile that lands a hair below a round number (exp(ln 1e9)) prints as that number. */
static char *fmt_rate(double bps, char *buf, size_t n)
{
    char b[48];
    if (bps > 0 && isfinite(bps)) {
        double mag = pow(10.0, floor(log10(bps)) - 8.0);
        bps = round(bps / mag) * mag;
    }
    snprintf(buf, n, "%s/s", units_format_size(bps, b, sizeof b));
    return buf;
}

/* A time zone offset as "UTC" or "UTC+05:30". */
static char *fmt_tz(double off_s, char *buf, size_t n)
{
    long m = lround(off_s / 60.0);
    if (m == 0)
        snprintf(buf, n, "UTC");
    else
        snprintf(buf, n, "UTC%c%02ld:%02ld", m < 0 ? '-' : '+', labs(m) / 60, labs(m) % 60);
    return buf;
}

/* A distribution's parameters as the engine holds them, in base units: what an auditor
 * needs to recompute a draw. unit is "s" or "B/s". */
static char *dist_params(const struct dist *d, const char *unit, char *buf, size_t n)
{
    const double *p = d->p;
    switch (d->kind) {
    case DIST_FIXED:
        snprintf(buf, n, "value = %.6g %s", p[0], unit);
        break;
    case DIST_UNIFORM:
        snprintf(buf, n, "min = %.6g %s, max = %.6g %s", p[0], unit, p[1], unit);
        break;
    case DIST_TRIANGULAR:
        snprintf(buf, n, "min = %.6g, mode = %.6g, max = %.6g %s", p[0], p[1], p[2], unit);
        break;
    case DIST_NORMAL:
        snprintf(buf, n, "mean = %.6g %s, sd = %.6g %s, truncated at 0", p[0], unit, p[1], unit);
        break;
    case DIST_LOGNORMAL:
        snprintf(buf, n, "mu = %.6g (ln %s), sigma = %.6g", p[0], unit, p[1]);
        break;
    case DIST_GAMMA:
        snprintf(buf, n, "shape = %.6g, scale = %.6g %s", p[0], p[1], unit);
        break;
    case DIST_WEIBULL:
        snprintf(buf, n, "shape = %.6g, scale = %.6g %s", p[0], p[1], unit);
        break;
    case DIST_EXPONENTIAL:
        snprintf(buf, n, "mean = %.6g %s", p[0], unit);
        break;
    case DIST_EMPIRICAL:
        snprintf(buf, n, "%zu observed values, drawn with equal probability", d->n_values);
        break;
    default:
        snprintf(buf, n, "?");
    }
    return buf;
}

static const char *verdict_text(const struct mc_objective *o)
{
    return o->has_target ? mc_verdict_name(o->verdict) : "n/a";
}

/* The policy in one line: "zone: RPO 6h, RTO 3h; region: RPO 1d, RTO 12h". */
static void policy_text(const struct plan *p, char *buf, size_t n)
{
    size_t o = 0;
    char a[32], b[32];
    buf[0] = '\0';
    for (int s = 0; s < p->n_scenarios; s++) {
        const struct scenario *sc = &p->scenarios[s];
        if (sc->has_policy)
            appendf(buf, n, &o, "%s%s: RPO %s, RTO %s", o ? "; " : "", sc->name,
                    fmt_duration(sc->rpo_target_s, a, sizeof a),
                    fmt_duration(sc->rto_target_s, b, sizeof b));
        else
            appendf(buf, n, &o, "%s%s: no objective", o ? "; " : "", sc->name);
    }
}

static const char *clock_text(const struct plan *p)
{
    return p->rto_clock == RTO_FROM_DECLARATION
               ? "declaration (the end of each scenario's declared_by step)"
               : "outage start";
}

/* The worst verdict over all objectives (NONE when there is no objective). */
static enum mc_verdict worst_verdict(const struct mc_results *r)
{
    enum mc_verdict v = MC_VERDICT_NONE;
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct mc_objective *o[2] = {&r->scenarios[s].rto_obj, &r->scenarios[s].rpo_obj};
        for (int k = 0; k < 2; k++)
            if (o[k]->has_target && o[k]->verdict > v)
                v = o[k]->verdict;
    }
    return v;
}

/* ---- Compliance layout (Summary refers to its cells) -------------------------------------- */

enum {
    CO_SCEN = 0, CO_SCOPE, CO_OBJ, CO_TARGET, CO_P50, CO_P90, CO_P95, CO_P99, CO_MAX, CO_N,
    CO_MET, CO_P, CO_LO, CO_HI, CO_CONF, CO_AT, CO_MARGIN, CO_VERDICT, CO_INF, CO_NCOLS
};
#define CO_NOTES 4

/* The notes above the Compliance table (the basis of its figures). */
static void compliance_notes(const struct wb *w, char notes[CO_NOTES][1536])
{
    const struct plan *p = w->p;
    char policy[768];
    policy_text(p, policy, sizeof policy);
    snprintf(notes[0], sizeof notes[0], "Policy (plan %s version %s, file %s): %s. Each target "
             "must be met with a probability of at least %.4g%% (policy.confidence); RTO is "
             "measured from %s.", p->name, p->version, p->path, policy, 100.0 * p->confidence,
             clock_text(p));
    snprintf(notes[1], sizeof notes[1], "Verdict: meets when the Wilson 95%% lower bound of "
             "P(meet target) is at least the required confidence; at risk when P(meet target) "
             "is, but the lower bound is not; breach otherwise. P(meet), its interval, the "
             "margin and the verdict are formulas over the row's own cells.");
    snprintf(notes[2], sizeof notes[2], "Statistics: %llu trials per scenario, seed %llu. "
             "Percentiles are PERCENTILE.INC over all trials; an infinite value (a store "
             "without a usable recovery point) sorts last and shows as inf. RPO is the data "
             "lost: the age of the newest usable recovery point of the stores that count for "
             "RPO.", (unsigned long long)w->r->n_trials, (unsigned long long)w->r->seed);
    snprintf(notes[3], sizeof notes[3], "Basis: NIST SP 800-34 Rev. 1 (RTO and RPO, Appendix B); "
             "SOC 2 availability criteria A1.2 and A1.3 (recovery infrastructure and tested "
             "recovery meet objectives); ISO 22301 clause 8.2.2.");
}

/* The Compliance row of scenario s's objective (0 = RTO, 1 = RPO): after the title, the
 * notes and the header row. */
static lxw_row_t compliance_row(const struct wb *w, int s, int obj)
{
    char notes[CO_NOTES][1536];
    lxw_row_t head = 1;
    compliance_notes(w, notes);
    for (int i = 0; i < CO_NOTES; i++)
        head += (lxw_row_t)note_lines(notes[i]);
    return head + 1 + (lxw_row_t)(2 * s + obj);
}

/* ---- Summary ------------------------------------------------------------------------------ */

/* One "item | source | value" row of the Summary's metadata table. The value comes last
 * and does not widen its column: long values (the SHA-256, the command) run on into the
 * empty cells to their right. */
static void meta_row(struct sheet *sh, const char *item, const char *value, const char *source)
{
    put_text(sh, 0, item, sh->w->f.bold);
    put_text(sh, 1, source, sh->w->f.note_wrap);
    put_text_opt(sh, 2, value, NULL, 0);
    next_row(sh);
}

static void meta_num(struct sheet *sh, const char *item, double v, lxw_format *f,
                     const char *source)
{
    put_text(sh, 0, item, sh->w->f.bold);
    put_text(sh, 1, source, sh->w->f.note_wrap);
    put_num(sh, 2, v, f);
    next_row(sh);
}

/* The RTO and RPO CDF images of every scenario, from the caller's renderer. */
static void summary_images(struct wb *w, struct sheet *sh)
{
    static const char *const what[2] = {"RTO", "RPO"};
    const int width_px = 640, height_px = 400;

    for (int s = 0; s < w->r->n_scenarios && ok(w); s++) {
        const struct scenario *sc = &w->p->scenarios[w->r->scenarios[s].scenario];
        put_notef(sh, w->f.section, "%s outage: cumulative distribution of RTO and RPO",
                  sc->name);
        for (int k = 0; k < 2 && ok(w); k++) {
            unsigned char *png = NULL;
            size_t len = 0;
            char desc[160];
            lxw_image_options io;
            if (w->n_png >= (int)(sizeof w->png / sizeof w->png[0]) ||
                w->o->chart_png(w->o->chart_png_user, w->r, s, k, width_px, height_px, &png,
                                &len) != 0 || png == NULL)
                continue;
            w->png[w->n_png++] = png;   /* kept until the workbook is closed */
            memset(&io, 0, sizeof io);
            io.x_offset = k * (width_px + 16);
            io.y_offset = 4;
            snprintf(desc, sizeof desc, "%s: cumulative distribution of %s over %llu trials",
                     sc->name, what[k], (unsigned long long)w->r->n_trials);
            io.description = desc;
            check_sheet(sh, "chart image",
                        worksheet_insert_image_buffer_opt(sh->ws, sh->row, 0, png, len, &io));
        }
        sh->row += (lxw_row_t)(height_px / 20 + 2);
    }
}

static void summary_sheet(struct wb *w)
{
    const struct plan *p = w->p;
    const struct mc_results *r = w->r;
    const struct fmts *f = &w->f;
    static const char *const verdict_head[] = {
        "Scenario", "Objective", "Target (h)", "Achieved at the required confidence (h)",
        "P(meet target)", "Verdict", "Trials"
    };
    static const char *const scen_head[] = {
        "Scenario", "Destroys", "Outages per year", "Downtime per year (h)",
        "Data loss per year (h)", "P(a breach in a year)", "Recovered by outage end",
        "No usable recovery point", "Median-RTO trial"
    };
    struct sheet sh;
    char hex[65], buf[2048], fm[WB_FORMULA], a[32], b[32];
    enum mc_verdict worst = worst_verdict(r);

    if (sheet_open(w, &sh, "Summary"))
        return;
    sh.cap[0] = 30;
    sh.cap[1] = 36;
    plan_sha256_hex(p, hex);
    put_notef(&sh, f->title, "Disaster recovery review: %s", p->name);
    put_notef(&sh, f->subtitle, "%s%s%s", p->organization, *p->organization && *p->system
                                                                    ? " - " : "", p->system);
    put_note(&sh, f->note,
             "Written by drsim from the plan file and the Monte Carlo run below. Each sheet says "
             "where its figures come from; the Assumptions sheet lists every input as simulated.");
    next_row(&sh);

    static const char *const meta_head[] = {"Item", "Source", "Value"};
    sh.head_row = sh.row;
    put_header(&sh, meta_head, 3);
    next_row(&sh);
    meta_row(&sh, "Organization", p->organization, "plan.organization");
    meta_row(&sh, "System", p->system, "plan.system");
    meta_row(&sh, "Plan", p->name, "plan.name");
    meta_row(&sh, "Plan version", p->version, "plan.version");
    meta_row(&sh, "Plan owner", p->owner, "plan.owner");
    meta_row(&sh, "Plan file", p->path, "the file simulated");
    meta_row(&sh, "Plan file SHA-256", hex, "sha256sum of the file");
    policy_text(p, buf, sizeof buf);
    meta_row(&sh, "Policy checked", buf, "policy.objectives");
    meta_num(&sh, "Required confidence", p->confidence, f->l_pct, "policy.confidence");
    meta_row(&sh, "RTO measured from", clock_text(p), "policy.rto_clock");
    meta_num(&sh, "Run date (UTC)", (double)w->o->date_s / 86400.0 + WB_EXCEL_EPOCH_DAYS,
             f->l_datetime, "SOURCE_DATE_EPOCH, else the clock");
    meta_row(&sh, "drsim version", w->o->version, "drsim --version");
    meta_row(&sh, "libxlsxwriter version", LXW_VERSION, "the library writing this file");
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)r->seed);
    meta_row(&sh, "Seed", buf, "--seed (same seed, same numbers)");
    meta_num(&sh, "Trials per scenario", (double)r->n_trials, f->l_count, "-n");
    meta_num(&sh, "Threads", (double)r->threads, f->l_count, "-j (results do not depend on it)");
    snprintf(buf, sizeof buf, "%s plus %s (outage starts drawn uniformly over it)",
             units_format_date(p->calendar.epoch_days +
                                   (long)floor(p->calendar.window_start_s / 86400.0), a, sizeof a),
             fmt_duration(p->calendar.window_s, b, sizeof b));
    meta_row(&sh, "Outage window", buf, "calendar.epoch, calendar.window");
    meta_row(&sh, "Command", w->o->command, "the run that wrote this file");
    snprintf(buf, sizeof buf, "SOURCE_DATE_EPOCH=%lld %s", w->o->date_s,
             w->o->command ? w->o->command : "drsim run");
    meta_row(&sh, "Reproduce this file", buf, "gives a byte-identical workbook");
    next_row(&sh);

    /* Verdicts, as formulas over the Compliance sheet. */
    put_note(&sh, f->section, "Verdicts (from the Compliance sheet)");
    put_header(&sh, verdict_head, 7);
    next_row(&sh);
    lxw_row_t v0 = sh.row;
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const struct scenario *sc = &p->scenarios[sr->scenario];
        const struct mc_objective *o[2] = {&sr->rto_obj, &sr->rpo_obj};
        for (int k = 0; k < 2; k++) {
            lxw_row_t cr = compliance_row(w, s, k);
            put_text(&sh, 0, sc->name, NULL);
            put_text(&sh, 1, k == 0 ? "RTO" : "RPO", NULL);
            if (o[k]->has_target) {
                snprintf(fm, sizeof fm, "=Compliance!%s", ref(a, cr, CO_TARGET));
                put_formula_num(&sh, 2, fm, o[k]->target_s / 3600.0, f->hours);
                snprintf(fm, sizeof fm, "=Compliance!%s", ref(a, cr, CO_AT));
                put_formula_num(&sh, 3, fm, o[k]->value_at_confidence_s / 3600.0, f->hours);
                snprintf(fm, sizeof fm, "=Compliance!%s", ref(a, cr, CO_P));
                put_formula_num(&sh, 4, fm, o[k]->p_met, f->pct);
                snprintf(fm, sizeof fm, "=Compliance!%s", ref(a, cr, CO_VERDICT));
                put_formula_str(&sh, 5, fm, verdict_text(o[k]), f->verdict[o[k]->verdict]);
            } else {
                put_text(&sh, 2, "none", NULL);
                put_text(&sh, 5, "n/a", NULL);
            }
            put_num(&sh, 6, (double)sr->n_trials, f->count);
            next_row(&sh);
        }
    }
    cf_verdicts(&sh, v0, sh.row - 1, 5);
    put_text(&sh, 0, "Policy verdict", f->bold);
    put_text(&sh, 1, worst == MC_VERDICT_NONE ? "n/a" : worst == MC_VERDICT_MEETS ? "met"
                     : worst == MC_VERDICT_AT_RISK ? "at risk" : "BREACHED", f->verdict[worst]);
    put_text_opt(&sh, 2, worst == MC_VERDICT_NONE ? "the plan states no objective"
                         : worst == MC_VERDICT_MEETS ? "every objective meets its target"
                         : worst == MC_VERDICT_AT_RISK
                             ? "no breach, but an objective is met only by its estimate"
                             : "at least one objective is in breach", NULL, 0);
    next_row(&sh);
    next_row(&sh);

    /* Per scenario: annualized figures. */
    put_note(&sh, f->section, "Per scenario");
    put_note(&sh, f->note,
             "Per year: the plan's outage frequency times the mean downtime and the mean finite "
             "data loss; P(a breach in a year) = 1 - exp(-outages per year x share of trials in "
             "breach). Shares of trials recovered by the outage ending by itself, and with a store "
             "counting for RPO without a usable recovery point. Median-RTO trial: replay it with "
             "drsim trace --scenario NAME --trial K.");
    put_header(&sh, scen_head, 9);
    next_row(&sh);
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const struct scenario *sc = &p->scenarios[sr->scenario];
        double n = (double)sr->n_trials;
        put_text(&sh, 0, sc->name, NULL);
        put_text(&sh, 1, plan_scope_name(sc->scope), NULL);
        put_num(&sh, 2, sc->per_year, f->num);
        put_hours(&sh, 3, sr->downtime_per_year_s);
        put_hours(&sh, 4, sr->data_loss_per_year_s);
        put_num(&sh, 5, sr->p_breach_year, f->pct);
        put_num(&sh, 6, (double)sr->n_outage_end / n, f->pct);
        put_num(&sh, 7, (double)sr->n_rpo_no_point / n, f->pct);
        put_num(&sh, 8, (double)sr->median_rto_trial, f->num);
        next_row(&sh);
    }
    next_row(&sh);
    if (w->o->chart_png)
        summary_images(w, &sh);
    sheet_finish(&sh, 0, 0, 0);
    worksheet_activate(sh.ws);
}

/* ---- Compliance ---------------------------------------------------------------------------- */

static void compliance_sheet(struct wb *w)
{
    const struct plan *p = w->p;
    const struct mc_results *r = w->r;
    const struct fmts *f = &w->f;
    static const char *const head[CO_NCOLS] = {
        "Scenario", "Outage destroys", "Objective", "Target (h)", "P50 (h)", "P90 (h)",
        "P95 (h)", "P99 (h)", "Max (h)", "Trials", "Trials meeting the target",
        "P(meet target) = met / trials", "Wilson 95% lower bound", "Wilson 95% upper bound",
        "Required confidence", "Achieved at the required confidence (h)",
        "Margin (h) = target - achieved", "Verdict", "Trials with no finite value (inf)"
    };
    struct sheet sh;
    char notes[CO_NOTES][1536], fm[WB_FORMULA];
    char cT[16], cN[16], cM[16], cP[16], cL[16], cC[16], cA[16];
    lxw_row_t first;

    if (sheet_open(w, &sh, "Compliance"))
        return;
    put_note(&sh, f->title, "Compliance with the recovery policy");
    compliance_notes(w, notes);
    for (int i = 0; i < CO_NOTES; i++)
        put_note(&sh, f->note, notes[i]);
    sh.head_row = sh.row;
    put_header(&sh, head, CO_NCOLS);
    next_row(&sh);
    first = sh.row;
    assert(first == compliance_row(w, 0, 0));
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const struct scenario *sc = &p->scenarios[sr->scenario];
        for (int k = 0; k < 2; k++) {
            const struct mc_percentiles *pc = k == 0 ? &sr->rto : &sr->rpo;
            const struct mc_objective *o = k == 0 ? &sr->rto_obj : &sr->rpo_obj;
            lxw_row_t row = sh.row;
            put_text(&sh, CO_SCEN, sc->name, NULL);
            put_text(&sh, CO_SCOPE, plan_scope_name(sc->scope), NULL);
            put_text(&sh, CO_OBJ, k == 0 ? "RTO" : "RPO", NULL);
            put_hours(&sh, CO_P50, pc->p50_s);
            put_hours(&sh, CO_P90, pc->p90_s);
            put_hours(&sh, CO_P95, pc->p95_s);
            put_hours(&sh, CO_P99, pc->p99_s);
            put_hours(&sh, CO_MAX, pc->max_s);
            put_num(&sh, CO_N, (double)sr->n_trials, f->count);
            put_num(&sh, CO_INF, (double)pc->n_infinite, f->count);
            if (!o->has_target) {
                put_text(&sh, CO_TARGET, "none", NULL);
                put_text(&sh, CO_VERDICT, "n/a", NULL);
                next_row(&sh);
                continue;
            }
            ref(cT, row, CO_TARGET);
            ref(cN, row, CO_N);
            ref(cM, row, CO_MET);
            ref(cP, row, CO_P);
            ref(cL, row, CO_LO);
            ref(cC, row, CO_CONF);
            ref(cA, row, CO_AT);
            put_hours(&sh, CO_TARGET, o->target_s);
            put_num(&sh, CO_MET, (double)o->n_met, f->count);
            snprintf(fm, sizeof fm, "=%s/%s", cM, cN);
            put_formula_num(&sh, CO_P, fm, o->p_met, f->pct);
            /* Wilson score interval, as sim/stats.c computes it (exact 0 and 1 at the ends). */
            snprintf(fm, sizeof fm,
                     "=IF(%s=0,0,MAX(0,(%s+" WB_Z95 "^2/(2*%s)-" WB_Z95 "*SQRT(%s*(1-%s)/%s+"
                     WB_Z95 "^2/(4*%s^2)))/(1+" WB_Z95 "^2/%s)))",
                     cM, cP, cN, cP, cP, cN, cN, cN);
            put_formula_num(&sh, CO_LO, fm, o->ci_lo, f->pct);
            snprintf(fm, sizeof fm,
                     "=IF(%s=%s,1,MIN(1,(%s+" WB_Z95 "^2/(2*%s)+" WB_Z95 "*SQRT(%s*(1-%s)/%s+"
                     WB_Z95 "^2/(4*%s^2)))/(1+" WB_Z95 "^2/%s)))",
                     cM, cN, cP, cN, cP, cP, cN, cN, cN);
            put_formula_num(&sh, CO_HI, fm, o->ci_hi, f->pct);
            put_num(&sh, CO_CONF, o->confidence, f->pct);
            put_hours(&sh, CO_AT, o->value_at_confidence_s);
            snprintf(fm, sizeof fm, "=IF(ISNUMBER(%s),%s-%s,\"-inf\")", cA, cT, cA);
            put_formula_num(&sh, CO_MARGIN, fm,
                            isinf(o->value_at_confidence_s) ? -INFINITY
                                                            : o->target_s / 3600.0 -
                                                                  o->value_at_confidence_s / 3600.0,
                            f->hours);
            snprintf(fm, sizeof fm, "=IF(%s>=%s,\"meets\",IF(%s>=%s,\"at risk\",\"breach\"))",
                     cL, cC, cP, cC);
            put_formula_str(&sh, CO_VERDICT, fm, verdict_text(o), f->verdict[o->verdict]);
            next_row(&sh);
        }
    }
    if (sh.row > first) {
        char c1[16], c2[16];
        cf_verdicts(&sh, first, sh.row - 1, CO_VERDICT);
        snprintf(fm, sizeof fm, "=AND(ISNUMBER(%s),%s<%s)", ref(c1, first, CO_P),
                 ref(c1, first, CO_P), ref(c2, first, CO_CONF));
        cf_formula(&sh, first, sh.row - 1, CO_P, fm, f->cf_red_font);
        snprintf(fm, sizeof fm, "=OR(ISTEXT(%s),AND(ISNUMBER(%s),%s<0))",
                 ref(c1, first, CO_MARGIN), c1, c1);
        cf_formula(&sh, first, sh.row - 1, CO_MARGIN, fm, f->cf_red_font);
    }
    sheet_finish(&sh, 1, sh.row - 1, 3);
}

/* ---- BIA ----------------------------------------------------------------------------------- */

/* The value at the policy confidence of a service's RTO or RPO: the objective's when the
 * service states a target; else the percentile the confidence names, if one was kept;
 * else NAN. */
static double at_confidence(const struct mc_percentiles *pc, const struct mc_objective *o,
                            double conf)
{
    if (o->has_target)
        return o->value_at_confidence_s;
    if (fabs(conf - 0.50) < 1e-12)
        return pc->p50_s;
    if (fabs(conf - 0.90) < 1e-12)
        return pc->p90_s;
    if (fabs(conf - 0.95) < 1e-12)
        return pc->p95_s;
    if (fabs(conf - 0.99) < 1e-12)
        return pc->p99_s;
    return NAN;
}

/* A target in hours, or "not set" (the plan gives none). */
static void put_target(struct sheet *sh, lxw_col_t c, double s)
{
    if (isinf(s))
        put_text(sh, c, "not set", sh->w->f.inf);
    else
        put_hours(sh, c, s);
}

/* A group label above a run of header cells (no width of its own: it runs on). */
static void group_cell(struct sheet *sh, lxw_col_t c, const char *text)
{
    put_text_opt(sh, c, text, sh->w->f.group, 0);
}

/* The group labels "Simulated, NAME outage" above each scenario's run of `width` columns
 * from column c_sim on. */
static void group_scenarios(struct sheet *sh, lxw_col_t c_sim, int width)
{
    const struct mc_results *r = sh->w->r;
    char buf[512];
    for (int s = 0; s < r->n_scenarios; s++) {
        snprintf(buf, sizeof buf, "Simulated, %s outage",
                 sh->w->p->scenarios[r->scenarios[s].scenario].name);
        group_cell(sh, (lxw_col_t)(c_sim + width * s), buf);
    }
}

/* sheet_open for a sheet that needs columns up to n_cols - 1: a plan with too many
 * scenarios for them is refused (WB_INVALID). Returns non-zero when the sheet is not to
 * be written. */
static int sheet_open_cols(struct wb *w, struct sheet *sh, const char *name, long n_cols)
{
    if (sheet_open(w, sh, name))
        return 1;
    if (n_cols > WB_MAX_COLS) {
        fail(w, WB_INVALID, "too many scenarios for the %s sheet", name);
        return 1;
    }
    return 0;
}

static void bia_sheet(struct wb *w)
{
    const struct plan *p = w->p;
    const struct mc_results *r = w->r;
    const struct fmts *f = &w->f;
    static const char *const cat_title[IMPACT_N_CATEGORIES] = {
        "Financial", "Operational", "Regulatory, legal, contractual", "Reputational",
        "Health and safety"
    };
    const lxw_col_t c_imp = 6, c_cost = c_imp + IMPACT_N_CATEGORIES * IMPACT_N_BUCKETS;
    const lxw_col_t c_mtd = c_cost + 1, c_rto = c_cost + 2, c_wrt = c_cost + 3, c_rpo = c_cost + 4;
    const lxw_col_t c_mbco = c_cost + 5, c_chk1 = c_cost + 6, c_chk2 = c_cost + 7;
    const lxw_col_t c_dep = c_cost + 8, c_by = c_cost + 9, c_sim = c_cost + 10;
    const lxw_col_t c_gov = (lxw_col_t)(c_sim + 4 * r->n_scenarios);
    struct sheet sh;
    char buf[2048], fm[WB_FORMULA], cR[16], cM[16], cW[16], cS[16], cT[16];
    char conf[16];
    lxw_row_t first;

    if (sheet_open_cols(w, &sh, "BIA", (long)c_gov + 4))
        return;
    sh.cap[1] = 18;
    sh.cap[2] = 28;
    sh.cap[3] = 16;
    sh.cap[5] = 22;
    sh.cap[c_mbco] = 26;
    sh.cap[c_dep] = 24;
    sh.cap[c_by] = 20;
    snprintf(conf, sizeof conf, "%.4g%%", 100.0 * p->confidence);
    put_note(&sh, f->title, "Business impact analysis");
    put_note(&sh, f->note,
             "Layout: ready.gov Business Impact Analysis worksheet (impacts by duration bucket); "
             "NIST SP 800-34 Rev. 1 Appendix B (MTD, RTO, RPO; the RTO must be shorter than the "
             "MTD); WRT as industry practice (RTO + WRT <= MTD); ISO 22301 8.2.2 and ISO/TS 22317 "
             "(impacts over time, MBCO). Values from the plan's services section.");
    put_note(&sh, f->note,
             "Impact ratings per category and duration of the interruption: 0 none, 1 minimal, 2 "
             "moderate, 3 severe.");
    put_notef(&sh, f->note, "Simulated columns: a service's RTO is when the step that "
              "restores it ends (restored_by, else the scenario's service_restored_by) and its "
              "RPO the largest data loss over the stores it depends on, at the policy "
              "confidence (%s) over %llu trials per scenario. Gap = simulated - target: "
              "positive means the target is missed by that much.", conf,
              (unsigned long long)r->n_trials);

    /* Group labels, then the header. */
    group_cell(&sh, 0, "Business process");
    for (int c = 0; c < IMPACT_N_CATEGORIES; c++) {
        snprintf(buf, sizeof buf, "%s impact", cat_title[c]);
        group_cell(&sh, (lxw_col_t)(c_imp + c * IMPACT_N_BUCKETS), buf);
    }
    group_cell(&sh, c_cost, "Objectives");
    group_cell(&sh, c_chk1, "Checks (formulas)");
    group_cell(&sh, c_dep, "Dependencies");
    group_scenarios(&sh, c_sim, 4);
    group_cell(&sh, c_gov, "Priority and approval");
    next_row(&sh);
    sh.head_row = sh.row;
    head_cell(&sh, 0, "ID");
    head_cell(&sh, 1, "Process (service)");
    head_cell(&sh, 2, "Description");
    head_cell(&sh, 3, "Owner");
    head_cell(&sh, 4, "Criticality");
    head_cell(&sh, 5, "Timing (peak periods)");
    for (int c = 0; c < IMPACT_N_CATEGORIES; c++)
        for (int b = 0; b < IMPACT_N_BUCKETS; b++) {
            lxw_col_t col = (lxw_col_t)(c_imp + c * IMPACT_N_BUCKETS + b);
            put_text_opt(&sh, col, plan_bucket_name((enum impact_bucket)b), f->head_rot, 0);
            sh.cap[col] = 3.5;
        }
    head_cell(&sh, c_cost, "Financial impact per hour (USD)");
    head_cell(&sh, c_mtd, "MTD (h)");
    head_cell(&sh, c_rto, "RTO target (h)");
    head_cell(&sh, c_wrt, "WRT (h)");
    head_cell(&sh, c_rpo, "RPO target (h)");
    head_cell(&sh, c_mbco, "MBCO");
    head_cell(&sh, c_chk1, "RTO < MTD");
    head_cell(&sh, c_chk2, "RTO + WRT <= MTD");
    head_cell(&sh, c_dep, "Depends on stores");
    head_cell(&sh, c_by, "Restored by step");
    for (int s = 0; s < r->n_scenarios; s++) {
        snprintf(buf, sizeof buf, "RTO at %s (h)", conf);
        head_cell(&sh, (lxw_col_t)(c_sim + 4 * s), buf);
        snprintf(buf, sizeof buf, "RPO at %s (h)", conf);
        head_cell(&sh, (lxw_col_t)(c_sim + 4 * s + 1), buf);
        head_cell(&sh, (lxw_col_t)(c_sim + 4 * s + 2), "RTO gap (h)");
        head_cell(&sh, (lxw_col_t)(c_sim + 4 * s + 3), "RPO gap (h)");
    }
    head_cell(&sh, c_gov, "Recovery priority");
    head_cell(&sh, (lxw_col_t)(c_gov + 1), "Approved by");
    head_cell(&sh, (lxw_col_t)(c_gov + 2), "Review date");
    head_cell(&sh, (lxw_col_t)(c_gov + 3), "Next review");
    next_row(&sh);

    first = sh.row;
    for (int i = 0; i < p->n_services; i++) {
        const struct service *sv = &p->services[i];
        lxw_row_t row = sh.row;
        double rto_h = sv->rto_s / 3600.0, mtd_h = sv->mtd_s / 3600.0, wrt_h = sv->wrt_s / 3600.0;
        size_t o = 0;

        put_num(&sh, 0, (double)(i + 1), f->count);
        put_text(&sh, 1, sv->name, f->bold);
        put_text(&sh, 2, sv->description, f->wrap);
        put_text(&sh, 3, sv->owner, f->wrap);
        put_text(&sh, 4, plan_criticality_name(sv->criticality), NULL);
        put_text(&sh, 5, sv->timing, f->wrap);
        for (int c = 0; c < IMPACT_N_CATEGORIES; c++)
            for (int b = 0; b < IMPACT_N_BUCKETS; b++) {
                lxw_col_t col = (lxw_col_t)(c_imp + c * IMPACT_N_BUCKETS + b);
                put_num(&sh, col, (double)sv->impact[c][b], f->center);
            }
        put_num(&sh, c_cost, sv->cost_per_hour_usd, f->usd);
        put_target(&sh, c_mtd, sv->mtd_s);
        put_target(&sh, c_rto, sv->rto_s);
        put_hours(&sh, c_wrt, sv->wrt_s);
        put_target(&sh, c_rpo, sv->rpo_s);
        put_text(&sh, c_mbco, sv->mbco, f->wrap);
        ref(cR, row, c_rto);
        ref(cM, row, c_mtd);
        ref(cW, row, c_wrt);
        /* The checks compare the hour values the cells hold, exactly as the formulas do. */
        snprintf(fm, sizeof fm, "=IF(AND(ISNUMBER(%s),ISNUMBER(%s)),IF(%s<%s,\"OK\",\"FAIL\"),"
                 "\"n/a\")", cR, cM, cR, cM);
        put_formula_str(&sh, c_chk1, fm,
                        isinf(rto_h) || isinf(mtd_h) ? "n/a" : rto_h < mtd_h ? "OK" : "FAIL",
                        NULL);
        snprintf(fm, sizeof fm, "=IF(AND(ISNUMBER(%s),ISNUMBER(%s),ISNUMBER(%s)),"
                 "IF(%s+%s<=%s,\"OK\",\"FAIL\"),\"n/a\")", cR, cM, cW, cR, cW, cM);
        put_formula_str(&sh, c_chk2, fm,
                        isinf(rto_h) || isinf(mtd_h) ? "n/a"
                        : rto_h + wrt_h <= mtd_h     ? "OK"
                                                     : "FAIL",
                        NULL);
        buf[0] = '\0';
        for (int k = 0; k < sv->n_stores; k++)
            appendf(buf, sizeof buf, &o, "%s%s", k ? ", " : "", p->stores[sv->stores[k]].name);
        put_text(&sh, c_dep, buf, f->wrap);
        buf[0] = '\0';
        o = 0;
        for (int s = 0; s < p->n_scenarios && sv->restored_by; s++) {
            int step = sv->restored_by[s];
            appendf(buf, sizeof buf, &o, "%s%s: %s", s ? "; " : "", p->scenarios[s].name,
                    step >= 0 ? p->scenarios[s].steps[step].name : "?");
        }
        put_text(&sh, c_by, buf, f->wrap);
        for (int s = 0; s < r->n_scenarios; s++) {
            const struct mc_service_result *res = &r->scenarios[s].services[i];
            double sim[2], tgt[2] = {sv->rto_s, sv->rpo_s};
            sim[0] = at_confidence(&res->rto, &res->rto_obj, p->confidence);
            sim[1] = at_confidence(&res->rpo, &res->rpo_obj, p->confidence);
            for (int k = 0; k < 2; k++) {
                lxw_col_t cs = (lxw_col_t)(c_sim + 4 * s + k), cg = (lxw_col_t)(cs + 2);
                double sh_h = sim[k] / 3600.0, tg_h = tgt[k] / 3600.0;
                if (isnan(sim[k]))
                    put_text(&sh, cs, "n/a", f->inf);
                else
                    put_hours(&sh, cs, sim[k]);
                ref(cS, row, cs);
                ref(cT, row, (lxw_col_t)(k == 0 ? c_rto : c_rpo));
                snprintf(fm, sizeof fm, "=IF(AND(ISNUMBER(%s),ISNUMBER(%s)),%s-%s,"
                         "IF(AND(%s=\"inf\",ISNUMBER(%s)),\"inf\",\"n/a\"))",
                         cS, cT, cS, cT, cS, cT);
                if (isfinite(sh_h) && isfinite(tg_h))
                    put_formula_num(&sh, cg, fm, sh_h - tg_h, f->hours);
                else
                    put_formula_str(&sh, cg, fm, isinf(sh_h) && isfinite(tg_h) ? "inf" : "n/a",
                                    f->inf);
            }
        }
        put_num(&sh, c_gov, (double)sv->priority, f->count);
        put_text(&sh, (lxw_col_t)(c_gov + 1), sv->approved_by, NULL);
        put_date_text(&sh, (lxw_col_t)(c_gov + 2), sv->review_date);
        put_date_text(&sh, (lxw_col_t)(c_gov + 3), sv->next_review);
        next_row(&sh);
    }
    if (sh.row > first) {
        lxw_row_t last = sh.row - 1;
        char c1[16];
        for (lxw_col_t c = c_imp; c < c_cost; c++)
            for (int l = IMPACT_MINIMAL; l <= IMPACT_SEVERE; l++)
                cf_equals_num(&sh, first, last, c, (double)l, f->cf_impact[l]);
        for (lxw_col_t c = c_chk1; c <= c_chk2; c++) {
            cf_equals(&sh, first, last, c, "FAIL", f->cf_fail);
            cf_equals(&sh, first, last, c, "OK", f->cf_ok);
        }
        for (int s = 0; s < r->n_scenarios; s++)
            for (int k = 2; k < 4; k++) {
                lxw_col_t c = (lxw_col_t)(c_sim + 4 * s + k);
                snprintf(fm, sizeof fm, "=OR(%s=\"inf\",AND(ISNUMBER(%s),%s>0))",
                         ref(c1, first, c), c1, c1);
                cf_formula(&sh, first, last, c, fm, f->cf_red_font);
            }
    }
    sheet_finish(&sh, 1, sh.row - 1, 2);
}

/* ---- Data stores ------------------------------------------------------------------------- */

static char *zone_text(const struct store *st, char *buf, size_t n)
{
    char a[160], b[160];
    switch (st->zone_mode) {
    case STORE_ZONE_SYNC:
        snprintf(buf, n, "sync replica; failover %s",
                 dist_describe(&st->failover, fmt_duration, a, sizeof a));
        break;
    case STORE_ZONE_ASYNC:
        snprintf(buf, n, "async replica; failover %s; replica lag %s",
                 dist_describe(&st->failover, fmt_duration, a, sizeof a),
                 dist_describe(&st->replica_lag, fmt_duration, b, sizeof b));
        break;
    case STORE_ZONE_CLUSTER:
        snprintf(buf, n, "cluster across zones");
        break;
    default:
        snprintf(buf, n, "none (one zone)");
    }
    return buf;
}

static char *restore_text(const struct store *st, char *buf, size_t n)
{
    char a[160], b[160];
    if (st->recovery == STORE_RECOVER_NONE) {
        snprintf(buf, n, "none: unrecoverable");
        return buf;
    }
    snprintf(buf, n, "%s%s per stream x %d; overhead %s",
             st->recovery == STORE_RECOVER_REBUILD ? "rebuilt from other stores at " : "",
             dist_describe(&st->throughput, fmt_rate, a, sizeof a), st->parallelism,
             dist_describe(&st->overhead, fmt_duration, b, sizeof b));
    return buf;
}

static void stores_sheet(struct wb *w)
{
    const struct plan *p = w->p;
    const struct mc_results *r = w->r;
    const struct fmts *f = &w->f;
    static const char *const fixed_head[] = {
        "Store", "Kind", "Size", "Zone redundancy", "Recovery", "Restore model",
        "Counts for RPO", "Backup rule", "Schedule", "Time zone", "Location", "Retention",
        "Point usable after (complete)", "Lag (continuous)", "Failure probability"
    };
    const lxw_col_t n_fixed = 15, c_worst = n_fixed;
    const lxw_col_t c_sim = (lxw_col_t)(c_worst + r->n_scenarios);
    const lxw_col_t c_note = (lxw_col_t)(c_sim + 6 * r->n_scenarios);
    struct sheet sh;
    char buf[1024], a[256];
    lxw_row_t first;

    if (sheet_open_cols(w, &sh, "Data stores", (long)c_note + 1))
        return;
    sh.cap[1] = 22;
    sh.cap[3] = 24;
    sh.cap[5] = 30;
    sh.cap[8] = 22;
    sh.cap[12] = 22;
    sh.cap[13] = 20;
    sh.cap[c_note] = 40;
    put_note(&sh, f->title, "Data stores and backups");
    put_note(&sh, f->note,
             "A row per backup rule of every store (a store without rules has one row); the "
             "store's columns repeat on each of its rows. Basis: SOC 2 A1.2 (data requiring "
             "backup, backup schedule, offsite storage, recoverability); NIST SP 800-53 CP-9. "
             "Values from the plan's stores section.");
    put_note(&sh, f->note,
             "Worst case (per rule, analytic): the longest gap between consecutive points over the "
             "calendar's first year plus the P95 completion time (the P95 lag for continuous "
             "rules), every point assumed to succeed; 'destroyed' when the copy's location does "
             "not survive the outage.");
    put_notef(&sh, f->note, "Simulated (per store, over %llu trials per scenario): the data "
              "the store lost, 0 when a zone replica keeps it or the outage ends before "
              "failover; percentiles from a fine histogram (within 0.4%%). Flag: trials in which "
              "failover happened and the store had no usable recovery point.",
              (unsigned long long)r->n_trials);
    group_cell(&sh, 0, "Store");
    group_cell(&sh, 7, "Backup rule");
    group_cell(&sh, c_worst, "Worst case per rule");
    group_scenarios(&sh, c_sim, 6);
    next_row(&sh);
    sh.head_row = sh.row;
    put_header(&sh, fixed_head, (int)n_fixed);
    for (int s = 0; s < r->n_scenarios; s++) {
        const char *sn = p->scenarios[r->scenarios[s].scenario].name;
        snprintf(buf, sizeof buf, "Worst-case data loss, %s outage (h)", sn);
        head_cell(&sh, (lxw_col_t)(c_worst + s), buf);
        head_cell(&sh, (lxw_col_t)(c_sim + 6 * s), "Restore needed");
        head_cell(&sh, (lxw_col_t)(c_sim + 6 * s + 1), "Data loss P50 (h)");
        head_cell(&sh, (lxw_col_t)(c_sim + 6 * s + 2), "Data loss P95 (h)");
        head_cell(&sh, (lxw_col_t)(c_sim + 6 * s + 3), "Data loss max (h)");
        head_cell(&sh, (lxw_col_t)(c_sim + 6 * s + 4), "No usable point (share of trials)");
        head_cell(&sh, (lxw_col_t)(c_sim + 6 * s + 5), "Flag");
    }
    head_cell(&sh, c_note, "Note");
    next_row(&sh);
    first = sh.row;
    for (int i = 0; i < p->n_stores; i++) {
        const struct store *st = &p->stores[i];
        size_t n_rows = st->n_rules ? st->n_rules : 1;
        for (size_t j = 0; j < n_rows; j++) {
            const struct backup_rule *ru = st->n_rules ? &st->rules[j] : NULL;
            put_text(&sh, 0, st->name, f->bold);
            put_text(&sh, 1, st->kind, f->wrap);
            put_num(&sh, 2, st->size_bytes / 1e9, f->gb);
            put_text(&sh, 3, zone_text(st, buf, sizeof buf), f->wrap);
            put_text(&sh, 4, plan_recovery_name(st->recovery), NULL);
            put_text(&sh, 5, restore_text(st, buf, sizeof buf), f->wrap);
            put_text(&sh, 6, st->counts_for_rpo ? "yes" : "no", NULL);
            if (ru == NULL) {
                put_text(&sh, 7, "(none)", NULL);
            } else {
                int cont = ru->schedule.kind == SCHED_CONTINUOUS;
                put_text(&sh, 7, ru->name, NULL);
                put_text(&sh, 8, sched_format(&ru->schedule, buf, sizeof buf), f->wrap);
                put_text(&sh, 9, cont ? "n/a" : fmt_tz(ru->schedule.tz_offset_s, a, sizeof a),
                         NULL);
                put_text(&sh, 10, plan_location_name(ru->location), NULL);
                if (isinf(ru->retention_s))
                    put_text(&sh, 11, "forever", f->inf);
                else
                    put_num(&sh, 11, ru->retention_s / 86400.0, f->days);
                if (cont)
                    put_text(&sh, 12, "n/a", f->wrap);
                else
                    put_text(&sh, 12, dist_describe(&ru->complete, fmt_duration, buf, sizeof buf),
                             f->wrap);
                put_text(&sh, 13, cont ? dist_describe(&ru->lag, fmt_duration, buf, sizeof buf)
                                       : "n/a", f->wrap);
                put_num(&sh, 14, ru->failure_prob, f->pct);
                for (int s = 0; s < r->n_scenarios; s++) {
                    const struct scenario *sc = &p->scenarios[r->scenarios[s].scenario];
                    double wc = backup_rule_worst_case(ru, sc->scope, p->calendar.epoch_days);
                    if (isinf(wc))
                        put_text(&sh, (lxw_col_t)(c_worst + s), "destroyed", f->inf);
                    else
                        put_hours(&sh, (lxw_col_t)(c_worst + s), wc);
                }
            }
            for (int s = 0; s < r->n_scenarios; s++) {
                const struct mc_scenario_result *sr = &r->scenarios[s];
                const struct mc_store_result *so = &sr->stores[i];
                lxw_col_t c = (lxw_col_t)(c_sim + 6 * s);
                put_text(&sh, c, so->needs_restore ? "yes" : "no", NULL);
                put_hours(&sh, c + 1, so->rpo.p50_s);
                put_hours(&sh, c + 2, so->rpo.p95_s);
                put_hours(&sh, c + 3, so->rpo.max_s);
                put_num(&sh, c + 4, (double)so->n_no_point / (double)sr->n_trials, f->pct);
                if (so->n_no_point > 0)
                    put_text(&sh, c + 5, "NO USABLE RECOVERY POINT", f->flag);
            }
            put_text(&sh, c_note, st->note, f->wrap);
            next_row(&sh);
        }
    }
    sheet_finish(&sh, 1, sh.row - 1, 1);
    (void)first;
}

/* ---- Runbook ----------------------------------------------------------------------------- */

/* The duration model of a step in words, for scope `scope`. */
static char *step_model_text(const struct plan *p, const struct scenario *sc,
                             const struct step *st, char *buf, size_t n)
{
    char a[200], b[200], c[48];
    const struct store *so = st->store >= 0 ? &p->stores[st->store] : NULL;
    switch (st->kind) {
    case STEP_TASK:
        dist_describe(&st->duration, fmt_duration, buf, n);
        break;
    case STEP_FAILOVER:
        snprintf(buf, n, "failover of %s: %s", so->name,
                 dist_describe(&so->failover, fmt_duration, a, sizeof a));
        break;
    case STEP_RESTORE:
        if (!backup_store_needs_restore(so, sc->scope))
            snprintf(buf, n, "no time: a %s outage leaves %s intact", plan_scope_name(sc->scope),
                     so->name);
        else if (so->recovery == STORE_RECOVER_NONE || so->size_bytes <= 0)
            snprintf(buf, n, "overhead %s",
                     dist_describe(&so->overhead, fmt_duration, b, sizeof b));
        else
            snprintf(buf, n, "%s / (%d x throughput %s) + overhead %s",
                     units_format_size(so->size_bytes, c, sizeof c), so->parallelism,
                     dist_describe(&so->throughput, fmt_rate, a, sizeof a),
                     dist_describe(&so->overhead, fmt_duration, b, sizeof b));
        break;
    }
    return buf;
}

static char *step_params_text(const struct plan *p, const struct step *st, char *buf, size_t n)
{
    char a[200], b[200];
    const struct store *so = st->store >= 0 ? &p->stores[st->store] : NULL;
    switch (st->kind) {
    case STEP_TASK:
        return dist_params(&st->duration, "s", buf, n);
    case STEP_FAILOVER:
        return dist_params(&so->failover, "s", buf, n);
    case STEP_RESTORE:
        snprintf(buf, n, "size = %.6g B; throughput: %s; overhead: %s", so->size_bytes,
                 dist_params(&so->throughput, "B/s", a, sizeof a),
                 dist_params(&so->overhead, "s", b, sizeof b));
        break;
    }
    return buf;
}

static void runbook_sheet(struct wb *w)
{
    const struct plan *p = w->p;
    const struct mc_results *r = w->r;
    const struct fmts *f = &w->f;
    static const char *const head[] = {
        "Scenario", "Order", "Step", "Description", "Kind", "Roles needed (one person each)",
        "Waits for", "Phase", "Marks", "Duration assumption", "Parameters as simulated",
        "Model mean (min)", "Started (share of trials)", "On the critical path (share of trials)",
        "Mean time contributed when on the path (min)", "Mean duration when started (min)",
        "Mean wait for people when started (min)"
    };
    struct sheet sh;
    char buf[1024], a[1024];
    lxw_row_t first;

    if (sheet_open(w, &sh, "Runbook"))
        return;
    sh.cap[3] = 30;
    sh.cap[4] = 22;
    sh.cap[5] = 18;
    sh.cap[6] = 22;
    sh.cap[8] = 16;
    sh.cap[9] = 34;
    sh.cap[10] = 34;
    put_note(&sh, f->title, "Runbooks: step assumptions and where the recovery time goes");
    put_note(&sh, f->note,
             "A row per runbook step, in the order the steps can run (each after the steps it "
             "waits for). Durations from the plan's scenarios section; a restore step's from its "
             "store (size over parallel streams of drawn throughput, plus overhead).");
    put_notef(&sh, f->note, "Simulated over %llu trials per scenario: the critical path is "
              "the chain of steps and waits for people that ended when service was restored; a "
              "step's contribution is its duration plus the wait for people charged to it. "
              "Trials recovered by the outage ending have no critical path.",
              (unsigned long long)r->n_trials);
    sh.head_row = sh.row;
    put_header(&sh, head, 17);
    next_row(&sh);
    first = sh.row;
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const struct scenario *sc = &p->scenarios[sr->scenario];
        for (int i = 0; i < sc->n_steps; i++) {
            const struct step *st = &sc->steps[i];
            const struct mc_step_result *res = &sr->steps[i];
            size_t o = 0;
            put_text(&sh, 0, sc->name, NULL);
            put_num(&sh, 1, (double)(i + 1), f->count);
            put_text(&sh, 2, st->name, f->bold);
            put_text(&sh, 3, st->description, f->wrap);
            if (st->kind == STEP_TASK)
                put_text(&sh, 4, "task", NULL);
            else
                put_textf(&sh, 4, f->wrap, "%s %s",
                          st->kind == STEP_RESTORE ? "restore" : "failover",
                          p->stores[st->store].name);
            buf[0] = '\0';
            for (int k = 0; k < st->n_needs; k++)
                appendf(buf, sizeof buf, &o, "%s%s", k ? ", " : "", p->roles[st->needs[k]].name);
            put_text(&sh, 5, buf, f->wrap);
            buf[0] = '\0';
            o = 0;
            for (int k = 0; k < st->n_after; k++)
                appendf(buf, sizeof buf, &o, "%s%s", k ? ", " : "", sc->steps[st->after[k]].name);
            put_text(&sh, 6, buf, f->wrap);
            put_text(&sh, 7, st->restoration ? "restoration" : "recovery", NULL);
            snprintf(buf, sizeof buf, "%s%s%s%s", i == sc->service_step ? "restores service; " : "",
                     i == sc->commit_step ? "commits failover; " : "",
                     i == sc->declare_step ? "declares the disaster; " : "",
                     i == sc->full_step ? "full restoration; " : "");
            if (*buf)
                buf[strlen(buf) - 2] = '\0';
            put_text(&sh, 8, buf, f->wrap);
            put_text(&sh, 9, step_model_text(p, sc, st, a, sizeof a), f->wrap);
            put_text(&sh, 10, step_params_text(p, st, a, sizeof a), f->wrap);
            if (st->kind == STEP_TASK)
                put_minutes(&sh, 11, dist_mean(&st->duration));
            else if (st->kind == STEP_FAILOVER)
                put_minutes(&sh, 11, dist_mean(&p->stores[st->store].failover));
            put_num(&sh, 12, (double)res->n_ran / (double)sr->n_trials, f->pct);
            put_num(&sh, 13, res->path_share, f->pct);
            put_minutes(&sh, 14, res->mean_contribution_s);
            put_minutes(&sh, 15, res->mean_duration_s);
            put_minutes(&sh, 16, res->mean_staff_wait_s);
            next_row(&sh);
        }
    }
    if (sh.row > first && ok(w)) {
        lxw_conditional_format cf;
        memset(&cf, 0, sizeof cf);
        cf.type = LXW_CONDITIONAL_DATA_BAR;
        cf.bar_color = 0x9DC3E6;   /* a light blue: the share stays readable on it */
        cf.bar_solid = LXW_TRUE;
        cf.data_bar_2010 = LXW_TRUE;
        cf.min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
        cf.min_value = 0;
        cf.max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
        cf.max_value = 1;
        check_sheet(&sh, "data bars",
                    worksheet_conditional_format_range(sh.ws, first, 13, sh.row - 1, 13, &cf));
    }
    sheet_finish(&sh, 1, sh.row - 1, 3);
}

/* ---- Distributions ------------------------------------------------------------------------ */

enum {
    DI_SCEN = 0, DI_BIN, DI_FROM, DI_TO, DI_RTO_N, DI_RTO_SHARE, DI_RTO_CUM, DI_RPO_N,
    DI_RPO_SHARE, DI_RPO_CUM, DI_NCOLS,
    DI_M_SCEN = DI_NCOLS + 1, DI_M_WHAT, DI_M_X, DI_M_Y,   /* the chart markers' table */
    DI_CHART = DI_M_Y + 2                                  /* first column of the charts */
};

/* One scenario's part of the histogram table and of the marker table. */
struct di_part {
    int bins[MC_HIST_BINS];    /* histogram bins shown, ascending (see di_range) */
    int n_bins;
    lxw_row_t row0, row1;      /* its rows in the histogram table */
    lxw_row_t m_row0;          /* its first marker row */
    int per_obj;               /* marker rows per objective: target (2, with a policy) and
                                  required confidence (2), as line ends (x, y) */
    double axis_min_h[2];      /* CDF time axis per objective (RTO, RPO), hours, whole decades */
    double axis_max_h[2];
};

/* The bins a scenario's table shows: the first (values below 1 s, such as no data loss)
 * and the last (huge and infinite values) when they hold trials, and every bin from the
 * first to the last non-empty one in between. Leaving out the empty stretches next to
 * the end bins keeps a table of zero RPO and hour-long RTO short; the skipped bins are
 * empty, so the cumulative shares stay exact. Also the CDF axes: the decades around the
 * objective's non-empty bins and its target. */
static void di_range(const struct mc_scenario_result *sr, const struct scenario *sc,
                     struct di_part *pt)
{
    int lo = MC_HIST_BINS, hi = -1, last = MC_HIST_BINS - 1;
    pt->n_bins = 0;
    if (sr->rto_hist.counts[0] || sr->rpo_hist.counts[0])
        pt->bins[pt->n_bins++] = 0;
    for (int b = 1; b < last; b++)
        if (sr->rto_hist.counts[b] || sr->rpo_hist.counts[b]) {
            if (b < lo)
                lo = b;
            hi = b;
        }
    for (int b = lo; b <= hi; b++)
        pt->bins[pt->n_bins++] = b;
    if (sr->rto_hist.counts[last] || sr->rpo_hist.counts[last] || pt->n_bins == 0)
        pt->bins[pt->n_bins++] = last;
    pt->per_obj = sc->has_policy ? 4 : 2;
    for (int k = 0; k < 2; k++) {
        const uint64_t *cnt = k == 0 ? sr->rto_hist.counts : sr->rpo_hist.counts;
        double target = k == 0 ? sc->rto_target_s : sc->rpo_target_s;
        int b0 = -1, b1 = -1;
        double a, z;
        for (int b = 0; b < last; b++)
            if (cnt[b]) {
                if (b0 < 0)
                    b0 = b;
                b1 = b;
            }
        a = mc_hist_upper_s(b0 >= 0 ? b0 : 0) / 3600.0;
        z = b1 >= 0 ? mc_hist_upper_s(b1) / 3600.0 : a * 10.0;
        if (sc->has_policy && isfinite(target) && target > 0) {
            if (target / 1.05 / 3600.0 < a)
                a = target / 1.05 / 3600.0;
            if (target * 1.05 / 3600.0 > z)
                z = target * 1.05 / 3600.0;
        }
        pt->axis_min_h[k] = pow(10.0, floor(log10(a)));
        pt->axis_max_h[k] = pow(10.0, ceil(log10(z)));
        if (!(pt->axis_max_h[k] > pt->axis_min_h[k]))
            pt->axis_max_h[k] = pt->axis_min_h[k] * 10.0;
    }
}

static lxw_chart *di_chart(struct wb *w, uint8_t type, const char *title, const char *x_name,
                           const char *y_name)
{
    lxw_chart_font tf;
    lxw_chart *ch = workbook_add_chart(w->book, type);
    if (ch == NULL) {
        fail(w, WB_NOMEM, "adding a chart");
        return NULL;
    }
    memset(&tf, 0, sizeof tf);
    tf.size = 11;
    tf.bold = LXW_TRUE;
    chart_title_set_name(ch, title);
    chart_title_set_name_font(ch, &tf);
    chart_axis_set_name(ch->x_axis, x_name);
    chart_axis_set_name(ch->y_axis, y_name);
    chart_axis_set_num_format(ch->y_axis, "0%");
    chart_axis_set_min(ch->y_axis, 0);
    return ch;
}

static lxw_chart_series *di_series(struct sheet *sh, lxw_chart *ch, const char *name,
                                   lxw_row_t r0, lxw_row_t r1, lxw_col_t cx, lxw_col_t cy,
                                   lxw_color_t color, int dashed)
{
    lxw_chart_series *se;
    lxw_chart_line line;
    lxw_chart_fill fill;
    if (ch == NULL || !ok(sh->w))
        return NULL;
    se = chart_add_series(ch, NULL, NULL);
    if (se == NULL) {
        fail(sh->w, WB_NOMEM, "adding a chart series");
        return NULL;
    }
    chart_series_set_categories(se, sh->name, r0, cx, r1, cx);
    chart_series_set_values(se, sh->name, r0, cy, r1, cy);
    chart_series_set_name(se, name);
    memset(&line, 0, sizeof line);
    line.color = color;
    line.width = dashed ? 1.25 : 1.75;
    line.dash_type = dashed ? LXW_CHART_LINE_DASH_DASH : LXW_CHART_LINE_DASH_SOLID;
    chart_series_set_line(se, &line);
    if (!dashed) {
        memset(&fill, 0, sizeof fill);
        fill.color = color;
        chart_series_set_fill(se, &fill);
    }
    return se;
}

#define DI_CHART_ROWS 18        /* rows from one chart's top to the next's */
#define DI_CHART_COLS 9         /* columns from one chart's left edge to the next's */

/* The four charts of one scenario, placed from row `at`: for RTO and RPO side by side, a
 * histogram (columns without gaps, one per bin) and below it the cumulative distribution
 * on a log time axis with the target and the required confidence as dashed lines. */
static void di_charts(struct sheet *sh, const struct scenario *sc, const struct di_part *pt,
                      lxw_row_t at)
{
    struct wb *w = sh->w;
    static const char *const what[2] = {"RTO", "RPO"};
    char title[160], xname[160];
    int ends_inf = pt->bins[pt->n_bins - 1] == MC_HIST_BINS - 1;
    lxw_row_t last_finite = ends_inf && pt->row1 > pt->row0 ? pt->row1 - 1 : pt->row1;
    int has_inf_only = ends_inf && pt->row1 == pt->row0;
    lxw_chart_options co;

    memset(&co, 0, sizeof co);
    co.x_offset = 8;
    co.y_offset = 4;
    co.x_scale = 1.15;
    co.y_scale = 1.15;
    for (int k = 0; k < 2 && ok(w); k++) {
        lxw_chart *h, *c;
        lxw_col_t cy = k == 0 ? DI_RTO_SHARE : DI_RPO_SHARE;
        lxw_col_t ccum = k == 0 ? DI_RTO_CUM : DI_RPO_CUM;
        lxw_col_t col = (lxw_col_t)(DI_CHART + DI_CHART_COLS * k);
        lxw_row_t m = pt->m_row0 + (lxw_row_t)(pt->per_obj * k);

        snprintf(title, sizeof title, "%s outage: %s histogram", sc->name, what[k]);
        snprintf(xname, sizeof xname, "%s (h), log-spaced bins (lower edge)", what[k]);
        h = di_chart(w, LXW_CHART_COLUMN, title, xname, "share of trials");
        if (h == NULL)
            return;
        di_series(sh, h, what[k], pt->row0, pt->row1, DI_FROM, cy, COLOR_BLUE, 0);
        chart_set_series_gap(h, 0);
        chart_legend_set_position(h, LXW_CHART_LEGEND_NONE);
        chart_axis_set_num_format(h->x_axis, "0.00");
        check_sheet(sh, "chart", worksheet_insert_chart_opt(sh->ws, at, col, h, &co));

        snprintf(title, sizeof title, "%s outage: %s, cumulative share", sc->name, what[k]);
        snprintf(xname, sizeof xname, "%s (h), log scale", what[k]);
        c = di_chart(w, LXW_CHART_SCATTER_STRAIGHT, title, xname, "trials at or below");
        if (c == NULL)
            return;
        chart_axis_set_max(c->y_axis, 1);
        chart_axis_set_log_base(c->x_axis, 10);
        chart_axis_set_min(c->x_axis, pt->axis_min_h[k]);
        chart_axis_set_max(c->x_axis, pt->axis_max_h[k]);
        chart_axis_set_num_format(c->x_axis, "General");
        chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
        if (!has_inf_only)
            di_series(sh, c, what[k], pt->row0, last_finite, DI_TO, ccum, COLOR_BLUE, 0);
        if (sc->has_policy) {
            snprintf(title, sizeof title, "%s target", what[k]);
            di_series(sh, c, title, m, m + 1, DI_M_X, DI_M_Y, COLOR_BREACH, 1);
            m += 2;
        }
        di_series(sh, c, "required confidence", m, m + 1, DI_M_X, DI_M_Y, 0x555555, 1);
        check_sheet(sh, "chart",
                    worksheet_insert_chart_opt(sh->ws, at + DI_CHART_ROWS, col, c, &co));
    }
}

static void distributions_sheet(struct wb *w)
{
    const struct plan *p = w->p;
    const struct mc_results *r = w->r;
    const struct fmts *f = &w->f;
    static const char *const head[] = {
        "Scenario", "Bin", "From (h)", "To (h)", "RTO trials", "RTO share",
        "RTO cumulative share", "RPO trials", "RPO share", "RPO cumulative share"
    };
    struct sheet sh;
    struct di_part *parts;
    char fm[WB_FORMULA], c1[16], c2[16];
    lxw_row_t rows_main = 0, rows_mark = 0, first;

    if (sheet_open(w, &sh, "Distributions"))
        return;
    parts = calloc((size_t)r->n_scenarios + 1, sizeof *parts);
    if (parts == NULL) {
        fail(w, WB_NOMEM, "sheet 'Distributions'");
        return;
    }
    put_note(&sh, f->title, "Distributions of RTO and RPO");
    put_notef(&sh, f->note, "Histograms of the %llu trials per scenario in fixed "
              "log-spaced bins (%d per decade from 1 s; the first bin holds values below 1 s, "
              "such as no data loss; the last holds %.0f h and more, infinite values "
              "included), shown from the first to the last non-empty bin. Shares are formulas "
              "over the trial counts.", (unsigned long long)r->n_trials, MC_HIST_PER_DECADE,
              MC_HIST_MAX_S / 3600.0);
    put_note(&sh, f->note,
             "Charts (right): a histogram and a cumulative distribution per objective and "
             "scenario; the dashed lines are the policy target and the required confidence (the "
             "marker table beside the histogram).");
    sh.head_row = sh.row;
    put_header(&sh, head, DI_NCOLS);
    head_cell(&sh, DI_M_SCEN, "Scenario");
    head_cell(&sh, DI_M_WHAT, "Chart marker");
    head_cell(&sh, DI_M_X, "x (h)");
    head_cell(&sh, DI_M_Y, "Cumulative share");
    next_row(&sh);
    first = sh.row;

    for (int s = 0; s < r->n_scenarios; s++) {
        struct di_part *pt = &parts[s];
        const struct scenario *sc = &p->scenarios[r->scenarios[s].scenario];
        di_range(&r->scenarios[s], sc, pt);
        pt->row0 = first + rows_main;
        rows_main += (lxw_row_t)pt->n_bins;
        pt->row1 = first + rows_main - 1;
        pt->m_row0 = first + rows_mark;
        rows_mark += (lxw_row_t)(2 * pt->per_obj);
    }
    /* Rows in order: row j holds histogram row j and marker row j, whichever exist. */
    for (lxw_row_t j = 0; j < rows_main || j < rows_mark; j++) {
        lxw_row_t row = first + j;
        for (int s = 0; s < r->n_scenarios && ok(w); s++) {
            const struct mc_scenario_result *sr = &r->scenarios[s];
            const struct scenario *sc = &p->scenarios[sr->scenario];
            struct di_part *pt = &parts[s];
            double n = (double)sr->n_trials;
            if (row >= pt->row0 && row <= pt->row1) {
                int b = pt->bins[row - pt->row0];
                uint64_t cum[2] = {0, 0};
                for (int q = 0; q <= b; q++) {
                    cum[0] += sr->rto_hist.counts[q];
                    cum[1] += sr->rpo_hist.counts[q];
                }
                put_text(&sh, DI_SCEN, sc->name, NULL);
                put_num(&sh, DI_BIN, (double)b, f->count);
                put_num(&sh, DI_FROM, mc_hist_lower_s(b) / 3600.0, f->hours4);
                put_num(&sh, DI_TO, mc_hist_upper_s(b) / 3600.0, f->hours4);
                for (int k = 0; k < 2; k++) {
                    lxw_col_t cn = k == 0 ? DI_RTO_N : DI_RPO_N;
                    uint64_t cnt = k == 0 ? sr->rto_hist.counts[b] : sr->rpo_hist.counts[b];
                    put_num(&sh, cn, (double)cnt, f->count);
                    snprintf(fm, sizeof fm, "=%s/%llu", ref(c1, row, cn),
                             (unsigned long long)sr->n_trials);
                    put_formula_num(&sh, (lxw_col_t)(cn + 1), fm, (double)cnt / n, f->pct);
                    lxw_rowcol_to_cell_abs(c2, pt->row0, cn, 1, 0);
                    snprintf(fm, sizeof fm, "=SUM(%s:%s)/%llu", c2, ref(c1, row, cn),
                             (unsigned long long)sr->n_trials);
                    put_formula_num(&sh, (lxw_col_t)(cn + 2), fm, (double)cum[k] / n, f->pct);
                }
            }
            if (row >= pt->m_row0 && row < pt->m_row0 + (lxw_row_t)(2 * pt->per_obj)) {
                int m = (int)(row - pt->m_row0), k = m / pt->per_obj, i = m % pt->per_obj;
                int conf_row = i >= pt->per_obj - 2;
                char what[64];
                put_text(&sh, DI_M_SCEN, sc->name, NULL);
                snprintf(what, sizeof what, "%s %s", k == 0 ? "RTO" : "RPO",
                         conf_row ? "required confidence" : "target");
                put_text(&sh, DI_M_WHAT, what, NULL);
                if (conf_row) {
                    put_num(&sh, DI_M_X, i % 2 == 0 ? pt->axis_min_h[k] : pt->axis_max_h[k],
                            f->hours);
                    put_num(&sh, DI_M_Y, p->confidence, f->pct);
                } else {
                    put_hours(&sh, DI_M_X, k == 0 ? sc->rto_target_s : sc->rpo_target_s);
                    put_num(&sh, DI_M_Y, i % 2 == 0 ? 0.0 : 1.0, f->pct);
                }
            }
        }
        next_row(&sh);
    }
    for (int s = 0; s < r->n_scenarios && ok(w); s++)
        di_charts(&sh, &p->scenarios[r->scenarios[s].scenario], &parts[s],
                  first + (lxw_row_t)(2 * DI_CHART_ROWS * s));
    free(parts);
    sheet_finish(&sh, 1, first + (rows_main > 0 ? rows_main - 1 : 0), 1);
}

/* ---- Evidence and Test cadence (drill logs) ------------------------------------------------ */

/* "yes"/"no" from a drill row's flag (1, 0; -1 gives ""), for the stored value of a
 * "met" formula. */
static const char *met_text(int met)
{
    return met < 0 ? "" : met ? "yes" : "no";
}

/* The Evidence sheet: a row per store per test, in the layout of the audit reference
 * (shared/reference/bia-and-audit.md), from reports/evidence.h's rows. The "met" columns
 * are formulas over the row's own target and measured cells, stored with their values. */
static void evidence_sheet(struct wb *w)
{
    const struct wb_evidence *ev = w->ev;
    const struct drill_log *log = ev->log;
    const struct fmts *f = &w->f;
    static const char *const head[] = {
        "Control reference", "Store", "Backup method", "Schedule (time zone)", "Retention",
        "Offsite / region", "Failure alerting", "Target RPO (h)", "Measured data loss (h)",
        "RPO met", "Test date", "Test type", "Exercise", "Region", "Objectives",
        "Success criteria", "Start", "End", "Measured RTO (h)", "Target RTO (h)", "RTO met",
        "Restore time (h)", "Completeness check", "Outcome", "Participants",
        "After-action report", "Corrective action", "Action owner", "Action due",
        "Action status", "Percentile in the simulated distribution", "Percentile of",
        "Model assumption"
    };
    enum { C_TRPO = 7, C_LOSS = 8, C_RPOMET = 9, C_RTO = 18, C_TRTO = 19, C_RTOMET = 20,
           C_PCT = 30, C_FLAG = 32, N_COLS = 33 };
    struct sheet sh;
    char hex[65], d[16], formula[WB_FORMULA], a[16], b[16];
    lxw_row_t first;

    if (sheet_open(w, &sh, "Evidence"))
        return;
    sha256_hex(log->sha256, hex);
    put_note(&sh, f->title, "Evidence: drills and restore tests");
    put_notef(&sh, f->note, "A row per store per test (an exercise without restores has one "
              "row) from the drill log %s (SHA-256 %s), as of %s. Basis: SOC 2 A1.2 (backup, "
              "offsite storage, recoverability) and A1.3 (recovery plan tested, integrity and "
              "completeness of backups); NIST SP 800-53 CP-4 (test, review, corrective action) "
              "and CP-9(1) (backup testing); ISO 22301 clause 8.5 (exercises, post-exercise "
              "reports, actions).", log->path, hex,
              units_format_date(ev->analysis->as_of_day, d, sizeof d));
    put_note(&sh, f->note,
             "Backup method, schedule, retention and offsite location come from the plan; "
             "failure alerting from the drill log's stores section; targets from the plan's "
             "policy for the exercise's scenario. RPO met and RTO met are formulas over the "
             "row's cells. Percentile: where the row's measured restore time (else the "
             "exercise's RTO) falls in the model's distribution (docs/drills.md): above the "
             "model's P95 the assumption is optimistic, below its P5 conservative.");
    sh.cap[0] = 24;
    sh.cap[2] = 36;
    sh.cap[3] = 36;
    sh.cap[4] = 24;
    sh.cap[6] = 30;
    sh.cap[14] = 40;
    sh.cap[15] = 40;
    sh.cap[24] = 36;
    sh.cap[26] = 40;
    sh.head_row = sh.row;
    put_header(&sh, head, N_COLS);
    next_row(&sh);
    first = sh.row;
    for (int i = 0; i < ev->rows->n && ok(w); i++) {
        const struct evidence_row *row = &ev->rows->rows[i];
        const struct drill_exercise *e = &log->exercises[row->exercise];
        put_text(&sh, 0, row->control, f->wrap);
        put_text(&sh, 1, row->store, f->bold);
        put_text(&sh, 2, row->method, f->wrap);
        put_text(&sh, 3, row->schedule, f->wrap);
        put_text(&sh, 4, row->retention, f->wrap);
        put_text(&sh, 5, row->offsite, NULL);
        put_text(&sh, 6, row->alerting, f->wrap);
        put_hours(&sh, C_TRPO, row->target_rpo_s);
        put_hours(&sh, C_LOSS, row->data_loss_s);
        snprintf(formula, sizeof formula,
                 "=IF(AND(ISNUMBER(%s),ISNUMBER(%s)),IF(%s<=%s,\"yes\",\"no\"),\"\")",
                 ref(a, sh.row, C_TRPO), ref(b, sh.row, C_LOSS), b, a);
        put_formula_str(&sh, C_RPOMET, formula, met_text(row->rpo_met), NULL);
        put_day(&sh, 10, row->test_day);
        put_text(&sh, 11, row->type, NULL);
        put_text(&sh, 12, e->name, NULL);
        put_text(&sh, 13, e->region, NULL);
        put_text(&sh, 14, row->objectives, f->wrap);
        put_text(&sh, 15, row->criteria, f->wrap);
        put_text(&sh, 16, row->start, NULL);
        put_text(&sh, 17, row->end, NULL);
        put_hours(&sh, C_RTO, row->rto_s);
        put_hours(&sh, C_TRTO, row->target_rto_s);
        snprintf(formula, sizeof formula,
                 "=IF(AND(ISNUMBER(%s),ISNUMBER(%s)),IF(%s<=%s,\"yes\",\"no\"),\"\")",
                 ref(a, sh.row, C_TRTO), ref(b, sh.row, C_RTO), b, a);
        put_formula_str(&sh, C_RTOMET, formula, met_text(row->rto_met), NULL);
        put_hours(&sh, 21, row->restore_s);
        put_text(&sh, 22, row->complete, NULL);
        put_text(&sh, 23, row->outcome, NULL);
        put_text(&sh, 24, row->participants, f->wrap);
        put_text(&sh, 25, row->after_action, NULL);
        put_text(&sh, 26, row->action, f->wrap);
        put_text(&sh, 27, row->action_owner, f->wrap);
        put_text(&sh, 28, row->action_due, f->wrap);
        put_text(&sh, 29, row->action_status, f->wrap);
        put_num(&sh, C_PCT, row->percentile, f->pct);
        put_text(&sh, 31, row->percentile_of, NULL);
        if (row->flag != DRILL_FLAG_NONE)
            put_text(&sh, C_FLAG, drill_flag_name(row->flag), NULL);
        next_row(&sh);
    }
    if (sh.row > first) {
        cf_equals(&sh, first, sh.row - 1, C_RPOMET, "no", f->cf_fail);
        cf_equals(&sh, first, sh.row - 1, C_RTOMET, "no", f->cf_fail);
        cf_equals(&sh, first, sh.row - 1, 22, "failed", f->cf_fail);
        cf_equals(&sh, first, sh.row - 1, 23, "failed", f->cf_fail);
        cf_equals(&sh, first, sh.row - 1, C_FLAG, "optimistic", f->cf_fail);
    }
    sheet_finish(&sh, 1, sh.row - 1, 2);
}

/* The Test cadence sheet: a row per required test, region and period. */
static void cadence_sheet(struct wb *w)
{
    const struct wb_evidence *ev = w->ev;
    const struct drill_log *log = ev->log;
    const struct drill_analysis *an = ev->analysis;
    const struct fmts *f = &w->f;
    static const char *const head[] = {
        "Test required", "Every", "Region", "Period", "Period start", "Due by", "Status",
        "Exercise counted", "Done on", "Days late or overdue", "Failed test in the period"
    };
    struct sheet sh;
    char d1[16], d2[16];
    lxw_row_t first;

    if (sheet_open(w, &sh, "Test cadence"))
        return;
    put_note(&sh, f->title, "Test cadence");
    put_notef(&sh, f->note, "Every required test, region and calendar period from %s to %s "
              "(the as-of date): on time (done within the period), late (done after it), "
              "overdue (the period has ended and no test is left to count for it) or due (the "
              "current period). Each test counts for one period only; failed tests do not "
              "count. Basis: the BCP's test cadence as the drill log states it; SOC 2 A1.3; "
              "NIST SP 800-53 CP-4; ISO 22301 8.5. Totals: %d on time, %d late, %d overdue, "
              "%d due.", units_format_date(an->since_day, d1, sizeof d1),
              units_format_date(an->as_of_day, d2, sizeof d2), an->n_on_time, an->n_late,
              an->n_overdue, an->n_due);
    sh.head_row = sh.row;
    put_header(&sh, head, 11);
    next_row(&sh);
    first = sh.row;
    for (int i = 0; i < an->n_items && ok(w); i++) {
        const struct drill_cadence_item *it = &an->items[i];
        const struct drill_requirement *rq = &log->reqs[it->req];
        put_text(&sh, 0, drill_type_name(rq->type), NULL);
        put_text(&sh, 1, drill_freq_name(rq->every), NULL);
        put_text(&sh, 2, log->regions[it->region], NULL);
        put_text(&sh, 3, it->label, NULL);
        put_day(&sh, 4, it->start_day);
        put_day(&sh, 5, it->due_day);
        put_text(&sh, 6, drill_status_name(it->status), NULL);
        if (it->exercise >= 0) {
            put_text(&sh, 7, log->exercises[it->exercise].name, NULL);
            put_day(&sh, 8, it->done_day);
        }
        if (it->status == DRILL_LATE || it->status == DRILL_OVERDUE)
            put_num(&sh, 9, (double)it->days_late, f->count);
        if (it->failed_exercise >= 0)
            put_text(&sh, 10, log->exercises[it->failed_exercise].name, NULL);
        next_row(&sh);
    }
    if (sh.row > first) {
        cf_equals(&sh, first, sh.row - 1, 6, "overdue", f->cf_verdict[MC_VERDICT_BREACH]);
        cf_equals(&sh, first, sh.row - 1, 6, "late", f->cf_verdict[MC_VERDICT_AT_RISK]);
        cf_equals(&sh, first, sh.row - 1, 6, "on time", f->cf_verdict[MC_VERDICT_MEETS]);
    }
    sheet_finish(&sh, 1, sh.row - 1, 1);
}

/* ---- Assumptions -------------------------------------------------------------------------- */

static void assumptions_sheet(struct wb *w)
{
    const struct plan *p = w->p;
    const struct fmts *f = &w->f;
    static const char *const head[] = {
        "#", "Key path", "Value as written", "Unit", "Comment or source (from the plan file)",
        "Line", "Column"
    };
    struct sheet sh;
    char hex[65];

    if (sheet_open(w, &sh, "Assumptions"))
        return;
    plan_sha256_hex(p, hex);
    put_note(&sh, f->title, "Assumptions: every input as simulated");
    put_notef(&sh, f->note, "Every value drsim read from the plan file %s (SHA-256 %s), "
              "under every key path that uses it (a YAML alias shared by several stores is "
              "listed under each), in file order; line and column locate the value in the file.",
              p->path, hex);
    put_note(&sh, f->note,
             "Comments are the plan's own '#' comments: after the value on its line, else on the "
             "lines directly above its key, else those of the enclosing key. Values the plan does "
             "not write take the defaults in docs/plan-format.md.");
    sh.cap[1] = 56;
    sh.cap[2] = 36;
    sh.cap[4] = 70;
    sh.head_row = sh.row;
    put_header(&sh, head, 7);
    next_row(&sh);
    for (int i = 0; i < p->n_inputs && ok(w); i++) {
        const struct plan_input *in = &p->inputs[i];
        put_num(&sh, 0, (double)(i + 1), f->count);
        put_text(&sh, 1, in->path, f->wrap);
        put_text(&sh, 2, in->value, f->wrap);
        put_text(&sh, 3, in->unit, NULL);
        put_text(&sh, 4, in->comment, f->wrap);
        put_num(&sh, 5, (double)in->line, f->count);
        put_num(&sh, 6, (double)in->col, f->count);
        next_row(&sh);
    }
    sheet_finish(&sh, 1, sh.row - 1, 2);
}

/* ---- Trials -------------------------------------------------------------------------------- */

static void trials_header(struct sheet *sh)
{
    static const char *const head[] = {
        "Trial", "Scenario", "Outage start (UTC)", "Outage duration (h)", "RTO (h)", "RPO (h)",
        "Full restoration (h)", "Recovered by outage end", "Flags"
    };
    sh->head_row = sh->row;
    put_header(sh, head, 9);
    sh->width[2] = 17;
    next_row(sh);
}

/* Per-trial rows, from the per-trial values the results carry (outage start and
 * duration, RTO, RPO, full restoration, flags). */
static void trials_sheets(struct wb *w)
{
    const struct plan *p = w->p;
    const struct mc_results *r = w->r;
    const struct fmts *f = &w->f;
    uint64_t per_sheet = w->o->trial_rows_per_sheet ? w->o->trial_rows_per_sheet : WB_MAX_ROWS - 1;
    struct sheet sh;
    uint64_t in_sheet = 0;
    int n_sheets = 0, open = 0;
    char name[32], flags[96];

    if (per_sheet > WB_MAX_ROWS - 1) {
        fail(w, WB_INVALID, "trial_rows_per_sheet %llu is above a sheet's %u rows",
             (unsigned long long)per_sheet, WB_MAX_ROWS - 1);
        return;
    }
    for (int s = 0; s < r->n_scenarios && ok(w); s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const struct scenario *sc = &p->scenarios[sr->scenario];
        for (uint64_t k = 0; k < sr->n_trials && ok(w); k++) {
            if (!open || in_sheet == per_sheet) {
                if (open)
                    sheet_finish(&sh, 1, sh.row - 1, 2);
                n_sheets++;
                if (n_sheets == 1)
                    snprintf(name, sizeof name, "Trials");
                else
                    snprintf(name, sizeof name, "Trials %d", n_sheets);
                if (sheet_open(w, &sh, name))
                    break;
                open = 1;
                in_sheet = 0;
                trials_header(&sh);
            }
            put_num(&sh, 0, (double)k, f->count);
            put_text(&sh, 1, sc->name, NULL);
            put_num(&sh, 2, (double)p->calendar.epoch_days + WB_EXCEL_EPOCH_DAYS +
                                sr->start_abs_s[k] / 86400.0, f->datetime);
            if (isinf(sr->outage_s[k]))
                put_text(&sh, 3, "never ends", f->inf);
            else
                put_hours(&sh, 3, sr->outage_s[k]);
            put_hours(&sh, 4, sr->rto_s[k]);
            put_hours(&sh, 5, sr->rpo_s[k]);
            put_hours(&sh, 6, sr->full_s[k]);
            put_text(&sh, 7, sr->flags[k] & MC_FLAG_OUTAGE_END ? "yes" : "no", f->center);
            snprintf(flags, sizeof flags, "%s%s",
                     sr->flags[k] & MC_FLAG_NO_POINT ? "no usable recovery point; " : "",
                     sr->flags[k] & MC_FLAG_BREACH ? "breach; " : "");
            if (*flags)
                flags[strlen(flags) - 2] = '\0';
            put_text(&sh, 8, flags, NULL);
            next_row(&sh);
            in_sheet++;
        }
    }
    if (open)
        sheet_finish(&sh, 1, sh.row - 1, 2);
}

/* ---- the workbook -------------------------------------------------------------------------- */

const char *wb_strerror(enum wb_status s)
{
    switch (s) {
    case WB_OK: return "success";
    case WB_INVALID: return "invalid arguments or results";
    case WB_NOMEM: return "out of memory";
    case WB_IO: return "I/O error";
    case WB_XLSX: return "libxlsxwriter error";
    }
    return "unknown status";
}

char *wb_file_name(const struct plan *p, char *buf, size_t n)
{
    const char *name = p && p->name && *p->name ? p->name : "plan";
    const char *suffix = "-dr-review.xlsx";
    size_t o = 0, room;
    if (n == 0)
        return buf;
    room = n > strlen(suffix) + 1 ? n - strlen(suffix) - 1 : 0;
    for (const char *c = name; *c && o < room; c++) {
        char ch = *c;
        int keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                   (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || (ch == '.' && o > 0);
        buf[o++] = keep ? ch : '_';
    }
    buf[o] = '\0';
    snprintf(buf + o, n - o, "%s", suffix);
    return buf;
}

/* Title, subject, author (the plan owner), company (the organization), creation date
 * (options.date_s, which makes the file reproducible) and a few custom properties. */
static void set_properties(struct wb *w)
{
    const struct plan *p = w->p;
    lxw_doc_properties pr;
    char title[512], subject[1024], policy[768], comments[512], hex[65];
    lxw_error e;

    plan_sha256_hex(p, hex);
    policy_text(p, policy, sizeof policy);
    snprintf(title, sizeof title, "Disaster recovery review: %s %s", p->name, p->version);
    snprintf(subject, sizeof subject, "Disaster recovery of %s against its policy (%s)",
             *p->system ? p->system : p->name, policy);
    snprintf(comments, sizeof comments, "Written by drsim %s: %llu trials per scenario, seed "
             "%llu, plan file SHA-256 %s", w->o->version ? w->o->version : "",
             (unsigned long long)w->r->n_trials, (unsigned long long)w->r->seed, hex);
    memset(&pr, 0, sizeof pr);
    pr.title = title;
    pr.subject = subject;
    pr.author = p->owner;
    pr.company = p->organization;
    pr.category = "Business continuity";
    pr.keywords = "disaster recovery, RTO, RPO, business impact analysis, drsim";
    pr.comments = comments;
    /* libxlsxwriter takes 0 to mean "now"; the first second of 1970 stands in for it. */
    pr.created = (time_t)(w->o->date_s > 0 ? w->o->date_s : 1);
    e = workbook_set_properties(w->book, &pr);
    if (e == LXW_NO_ERROR)
        e = workbook_set_custom_property_string(w->book, "Plan SHA-256", hex);
    if (e == LXW_NO_ERROR)
        e = workbook_set_custom_property_string(w->book, "drsim version",
                                                w->o->version ? w->o->version : "");
    if (e == LXW_NO_ERROR) {
        char seed[32];
        snprintf(seed, sizeof seed, "%llu", (unsigned long long)w->r->seed);
        e = workbook_set_custom_property_string(w->book, "Seed", seed);
    }
    if (e != LXW_NO_ERROR && ok(w)) {
        w->lerr = e;
        snprintf(w->where, sizeof w->where, "document properties");
    }
}

/* A temporary name in the target's directory, so the final rename is atomic: created
 * empty with the permissions a new file gets (0666 less the umask; mkstemp alone would
 * give 0600). Returns a malloc'd name, or NULL with errno set. */
static char *make_temp(const char *path)
{
    size_t n = strlen(path);
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    char *tmp = malloc(n + 16);
    mode_t mask;
    int fd;
    if (tmp == NULL) {
        errno = ENOMEM;
        return NULL;
    }
    memcpy(tmp, path, dir_len);
    snprintf(tmp + dir_len, n + 16 - dir_len, ".%s.XXXXXX", path + dir_len);
    fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        errno = e;
        return NULL;
    }
    mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    close(fd);
    return tmp;
}

/* Start a workbook for plan p at a temporary name next to path (book_close renames it
 * into place) into *out. Returns WB_OK, or WB_NOMEM / WB_IO with the reason in err. */
static enum wb_status book_open(const char *path, const struct plan *p,
                                const struct wb_options *o, int constant_memory,
                                struct wb **out, char **tmp, char *err, size_t errlen)
{
    lxw_workbook_options lo;
    struct wb *w = calloc(1, sizeof *w);
    *out = NULL;
    *tmp = NULL;
    if (w == NULL) {
        if (err && errlen)
            snprintf(err, errlen, "%s: out of memory", path);
        return WB_NOMEM;
    }
    w->p = p;
    w->o = o;
    *tmp = make_temp(path);
    if (*tmp == NULL) {
        if (err && errlen)
            snprintf(err, errlen, "cannot create a file next to %s: %s", path, strerror(errno));
        free(w);
        return WB_IO;
    }
    memset(&lo, 0, sizeof lo);
    lo.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    w->book = workbook_new_opt(*tmp, &lo);
    if (w->book == NULL) {
        unlink(*tmp);
        free(*tmp);
        *tmp = NULL;
        free(w);
        if (err && errlen)
            snprintf(err, errlen, "%s: libxlsxwriter could not start a workbook", path);
        return WB_NOMEM;
    }
    *out = w;
    return WB_OK;
}

/* Close the workbook (always: that releases it), then rename the temporary file into
 * place when everything succeeded, else remove it. Frees w and tmp. */
static enum wb_status book_close(struct wb *w, const char *path, char *tmp, char *err,
                                 size_t errlen)
{
    enum wb_status st;
    lxw_error e = workbook_close(w->book);
    for (int i = 0; i < w->n_png; i++)
        free(w->png[i]);
    if (ok(w) && e != LXW_NO_ERROR) {
        w->lerr = e;
        snprintf(w->where, sizeof w->where, "closing the workbook");
    }
    st = w->st != WB_OK ? w->st : w->lerr != LXW_NO_ERROR ? WB_XLSX : WB_OK;
    if (st == WB_OK && rename(tmp, path) != 0) {
        if (err && errlen)
            snprintf(err, errlen, "cannot write %s: cannot rename the finished temporary file "
                     "%s to it: %s", path, tmp, strerror(errno));
        st = WB_IO;
    } else if (st == WB_XLSX && err && errlen) {
        snprintf(err, errlen, "cannot write %s: %s (error %d, %s)", path,
                 lxw_strerror(w->lerr), (int)w->lerr, w->where);
    } else if (st != WB_OK && err && errlen) {
        snprintf(err, errlen, "cannot write %s: %s (%s)", path, wb_strerror(st), w->where);
    }
    if (st != WB_OK)
        unlink(tmp);
    free(tmp);
    free(w);
    return st;
}

enum wb_status wb_write(const char *path, const struct mc_results *r,
                        const struct wb_options *o, char *err, size_t errlen)
{
    return wb_write_evidence(path, r, o, NULL, err, errlen);
}

enum wb_status wb_write_evidence(const char *path, const struct mc_results *r,
                                 const struct wb_options *o, const struct wb_evidence *ev,
                                 char *err, size_t errlen)
{
    struct wb *w;
    char *tmp;
    enum wb_status st;

    if (err && errlen)
        err[0] = '\0';
    if (path == NULL || r == NULL || r->plan == NULL || o == NULL || r->n_scenarios < 1 ||
        r->n_trials < 1) {
        if (err && errlen)
            snprintf(err, errlen, "%s: nothing to write", path ? path : "workbook");
        return WB_INVALID;
    }
    if ((st = book_open(path, r->plan, o, o->trials_sheet, &w, &tmp, err, errlen)) != WB_OK)
        return st;
    w->r = r;
    w->ev = ev && ev->log && ev->analysis && ev->rows ? ev : NULL;
    set_properties(w);
    make_formats(w);
    summary_sheet(w);
    compliance_sheet(w);
    bia_sheet(w);
    stores_sheet(w);
    runbook_sheet(w);
    distributions_sheet(w);
    if (w->ev) {
        evidence_sheet(w);
        cadence_sheet(w);
    }
    assumptions_sheet(w);
    if (o->trials_sheet)
        trials_sheets(w);
    return book_close(w, path, tmp, err, errlen);
}

/* ---- Sweep and Sensitivity workbooks -------------------------------------------------------- */

/* How a swept value (or an input) is shown as a number: durations and schedules (their
 * mean interval) in hours, sizes in GB, rates in MB/s, probabilities as percentages,
 * money in dollars; *scale converts base units, *unit names the unit for headers. Returns
 * the cell format, or NULL when the kind is not a number (a choice, a time zone). */
static lxw_format *value_format(struct wb *w, const char *kind, double *scale, const char **unit)
{
    const struct fmts *f = &w->f;
    *scale = 1;
    *unit = "";
    if (strcmp(kind, "duration") == 0 || strcmp(kind, "schedule") == 0) {
        *scale = 1 / 3600.0;
        *unit = "h";
        return f->hours;
    }
    if (strcmp(kind, "size") == 0) {
        *scale = 1e-9;
        *unit = "GB";
        return f->gb;
    }
    if (strcmp(kind, "rate") == 0) {
        *scale = 1e-6;
        *unit = "MB/s";
        return f->num;
    }
    if (strcmp(kind, "probability") == 0)
        return f->pct;
    if (strcmp(kind, "money (USD)") == 0) {
        *unit = "$";
        return f->usd;
    }
    if (strcmp(kind, "number") == 0 || strcmp(kind, "whole number") == 0)
        return f->num;
    return NULL;
}

static const char *obj_word(enum sweep_objective o)
{
    return o == SWEEP_RTO ? "RTO" : "RPO";
}

/* Columns of the Sweep table. */
#define SW_OBJ_COLS 6           /* per objective: P95, trials meeting, P(meet), CI low, high, verdict */

struct sw_layout {
    lxw_col_t c_value, c_x, c_obj, c_meets, c_cost; /* first column of each group */
    int numeric[SWEEP_MAX_AXES];                    /* the axis has a number for every value */
    double scale[SWEEP_MAX_AXES];
    const char *unit[SWEEP_MAX_AXES];
    lxw_format *fmt[SWEEP_MAX_AXES];
};

/* The sheet row order of the points: axis 1 outermost, so that each value of axis 1 is a
 * contiguous block the grid's chart can take a series from. */
static int sw_point_at(const struct sweep_results *r, int k)
{
    if (r->n_axes == 1)
        return k;
    int n0 = r->axes[0].n_values, v1 = k / n0, v0 = k % n0;
    return v0 * r->axes[1].n_values + v1;
}

static void sw_row(struct sheet *sh, const struct sweep_results *r, const struct sw_layout *L,
                   const struct sweep_point *pt, const char *label)
{
    struct wb *w = sh->w;
    const struct fmts *f = &w->f;
    char fm[WB_FORMULA], c1[16], c2[16];
    put_text(sh, 0, label, NULL);
    for (int a = 0; a < r->n_axes; a++) {
        const struct vary_axis *ax = &r->axes[a];
        int v = pt->value[a];
        put_text(sh, (lxw_col_t)(L->c_value + a), v < 0 ? ax->plan_value : ax->values[v], NULL);
        if (L->numeric[a])
            put_num(sh, (lxw_col_t)(L->c_x + a), (v < 0 ? ax->plan_x : ax->x[v]) * L->scale[a],
                    L->fmt[a]);
    }
    for (int s = 0; s < r->n_scenarios; s++) {
        for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
            const struct sweep_summary *su = &pt->sc[s];
            const struct mc_objective *ob = sweep_objective_of(su, (enum sweep_objective)o);
            lxw_col_t c = (lxw_col_t)(L->c_obj + SW_OBJ_COLS * (2 * s + o));
            put_hours(sh, c, o == SWEEP_RTO ? su->rto.p95_s : su->rpo.p95_s);
            if (!ob->has_target)
                continue;
            put_num(sh, (lxw_col_t)(c + 1), (double)ob->n_met, f->count);
            snprintf(fm, sizeof fm, "=%s/%llu", ref(c1, sh->row, (lxw_col_t)(c + 1)),
                     (unsigned long long)ob->n);
            put_formula_num(sh, (lxw_col_t)(c + 2), fm, ob->p_met, f->pct);
            put_num(sh, (lxw_col_t)(c + 3), ob->ci_lo, f->pct);
            put_num(sh, (lxw_col_t)(c + 4), ob->ci_hi, f->pct);
            snprintf(fm, sizeof fm, "=IF(%s>=%.17g,\"meets\",IF(%s>=%.17g,\"at risk\",\"breach\"))",
                     ref(c1, sh->row, (lxw_col_t)(c + 3)), ob->confidence,
                     ref(c2, sh->row, (lxw_col_t)(c + 2)), ob->confidence);
            put_formula_str(sh, (lxw_col_t)(c + 5), fm, mc_verdict_name(ob->verdict), NULL);
        }
    }
    put_text(sh, L->c_meets, pt->meets_policy ? "yes" : "no", NULL);
    if (pt->has_cost) {
        put_num(sh, L->c_cost, pt->cost.total_usd, f->usd);
        put_num(sh, (lxw_col_t)(L->c_cost + 1), pt->cost.storage_usd, f->usd);
        put_num(sh, (lxw_col_t)(L->c_cost + 2), pt->cost.transfer_usd, f->usd);
        put_num(sh, (lxw_col_t)(L->c_cost + 3), pt->cost.points_usd, f->usd);
        put_num(sh, (lxw_col_t)(L->c_cost + 4), pt->cost.staffing_usd, f->usd);
    }
    next_row(sh);
}

static lxw_chart_series *sw_series(struct sheet *sh, lxw_chart *ch, const char *name,
                                   lxw_row_t r0, lxw_row_t r1, lxw_col_t cx, lxw_col_t cy,
                                   lxw_color_t color, int dashed)
{
    lxw_chart_series *se = di_series(sh, ch, name, r0, r1, cx, cy, color, dashed);
    if (se && !dashed) {
        chart_series_set_marker_type(se, LXW_CHART_MARKER_CIRCLE);
        chart_series_set_marker_size(se, 5);
    }
    return se;
}

static void sweep_sheet(struct wb *w, const struct sweep_results *r)
{
    const struct plan *p = w->p;
    const struct fmts *f = &w->f;
    static const lxw_color_t palette[] = {COLOR_BLUE, COLOR_AT_RISK, 0xCC79A7, 0x56B4E9,
                                          0xF0E442, COLOR_MEETS, 0x8C6D31, 0x7F7F7F};
    struct sheet sh;
    struct sw_layout L;
    char buf[2048], path[300], head[300];
    lxw_row_t first, last;
    int has_cost = r->base.has_cost;

    if (sheet_open(w, &sh, "Sweep"))
        return;
    memset(&L, 0, sizeof L);
    put_note(&sh, f->title, "Sweep");
    for (int a = 0; a < r->n_axes; a++) {
        const struct vary_axis *ax = &r->axes[a];
        snprintf(path, sizeof path, "%.*s", (int)ax->path_len, ax->arg);
        put_notef(&sh, f->note, "Varied: %s (%s), %d values; the plan writes %s.", path, ax->unit,
                  ax->n_values, ax->plan_value);
        if (ax->n_shared > 0)
            put_notef(&sh, f->note, "The value at line %d is written once and shared through a "
                      "YAML alias, so it also sets %d other path%s (first: %s).", ax->sites[0].line,
                      ax->n_shared, ax->n_shared == 1 ? "" : "s", ax->shared[0]);
    }
    put_notef(&sh, f->note, "Each point is the plan with these values, loaded and validated like "
              "the file itself, then simulated with %llu trials per scenario and seed %llu: every "
              "point replays the same outages with the same random draws (common random "
              "numbers), so differences between rows are the effect of the values, not noise.",
              (unsigned long long)r->n_trials, (unsigned long long)r->seed);
    put_note(&sh, f->note, "P(meet) is a formula over the trials meeting the target; the "
             "interval is Wilson's at 95 %; the verdict compares the interval with the required "
             "confidence (meets: lower bound at or above it; at risk: estimate at or above it; "
             "breach: below).");
    put_note(&sh, f->section, "Findings");
    put_note(&sh, f->note, sweep_report_cheapest_text(r, buf, sizeof buf));
    if (*sweep_report_knee_text(r, buf, sizeof buf))
        put_note(&sh, f->note, buf);
    for (int i = 0; i < r->n_recs; i++)
        put_note(&sh, f->note, sweep_report_rec_text(r, &r->recs[i], buf, sizeof buf));

    /* Columns. */
    L.c_value = 1;
    L.c_x = (lxw_col_t)(L.c_value + r->n_axes);
    lxw_col_t c = L.c_x;
    for (int a = 0; a < r->n_axes; a++) {
        const struct vary_axis *ax = &r->axes[a];
        L.fmt[a] = value_format(w, ax->unit, &L.scale[a], &L.unit[a]);
        L.numeric[a] = L.fmt[a] != NULL && isfinite(ax->plan_x);
        for (int v = 0; v < ax->n_values && L.numeric[a]; v++)
            L.numeric[a] = isfinite(ax->x[v]);
        c = (lxw_col_t)(c + 1);
    }
    L.c_obj = c;
    L.c_meets = (lxw_col_t)(L.c_obj + SW_OBJ_COLS * 2 * r->n_scenarios);
    L.c_cost = (lxw_col_t)(L.c_meets + 1);

    sh.head_row = sh.row;
    head_cell(&sh, 0, "Point");
    for (int a = 0; a < r->n_axes; a++) {
        snprintf(head, sizeof head, "%.*s", (int)r->axes[a].path_len, r->axes[a].arg);
        head_cell(&sh, (lxw_col_t)(L.c_value + a), head);
        if (L.numeric[a]) {
            snprintf(head, sizeof head, "as a number%s%s%s",
                     strcmp(r->axes[a].unit, "schedule") == 0 ? ": mean interval" : "",
                     *L.unit[a] ? ", " : "", L.unit[a]);
            head_cell(&sh, (lxw_col_t)(L.c_x + a), head);
        }
    }
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct scenario *sc = &p->scenarios[s];
        for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
            lxw_col_t cc = (lxw_col_t)(L.c_obj + SW_OBJ_COLS * (2 * s + o));
            double t = o == SWEEP_RTO ? sc->rto_target_s : sc->rpo_target_s;
            char tb[32];
            snprintf(head, sizeof head, "%s %s P95 (h)", sc->name, obj_word((enum sweep_objective)o));
            head_cell(&sh, cc, head);
            if (!sc->has_policy)
                continue;
            snprintf(head, sizeof head, "%s %s trials within %s", sc->name,
                     obj_word((enum sweep_objective)o), fmt_duration(t, tb, sizeof tb));
            head_cell(&sh, (lxw_col_t)(cc + 1), head);
            snprintf(head, sizeof head, "%s %s P(meet)", sc->name, obj_word((enum sweep_objective)o));
            head_cell(&sh, (lxw_col_t)(cc + 2), head);
            head_cell(&sh, (lxw_col_t)(cc + 3), "95% CI low");
            head_cell(&sh, (lxw_col_t)(cc + 4), "95% CI high");
            snprintf(head, sizeof head, "%s %s verdict", sc->name, obj_word((enum sweep_objective)o));
            head_cell(&sh, (lxw_col_t)(cc + 5), head);
        }
    }
    head_cell(&sh, L.c_meets, "Meets the policy");
    if (has_cost) {
        head_cell(&sh, L.c_cost, "Cost a month ($)");
        head_cell(&sh, (lxw_col_t)(L.c_cost + 1), "Storage ($)");
        head_cell(&sh, (lxw_col_t)(L.c_cost + 2), "Cross-region transfer ($)");
        head_cell(&sh, (lxw_col_t)(L.c_cost + 3), "Per-point charges ($)");
        head_cell(&sh, (lxw_col_t)(L.c_cost + 4), "Staffing ($)");
    }
    next_row(&sh);
    sw_row(&sh, r, &L, &r->base, r->base_point >= 0 ? "plan (= a point below)" : "plan as written");
    first = sh.row;
    for (int k = 0; k < r->n_points && ok(w); k++) {
        int i = sw_point_at(r, k);
        snprintf(buf, sizeof buf, "%d%s", i + 1, i == r->base_point ? " (plan)" : "");
        sw_row(&sh, r, &L, &r->points[i], buf);
    }
    last = sh.row - 1;
    for (int s = 0; s < r->n_scenarios; s++)
        for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++)
            cf_verdicts(&sh, sh.head_row + 1, last,
                        (lxw_col_t)(L.c_obj + SW_OBJ_COLS * (2 * s + o) + 5));
    cf_equals(&sh, sh.head_row + 1, last, L.c_meets, "yes", f->cf_verdict[MC_VERDICT_MEETS]);

    /* Chart markers: the required confidence across the values' range. */
    lxw_row_t m0 = 0;
    const struct vary_axis *a0 = &r->axes[0];
    if (L.numeric[0]) {
        double lo = a0->plan_x, hi = a0->plan_x;
        for (int v = 0; v < a0->n_values; v++) {
            lo = fmin(lo, a0->x[v]);
            hi = fmax(hi, a0->x[v]);
        }
        next_row(&sh);
        put_text(&sh, 0, "Chart marker: required confidence", f->bold);
        next_row(&sh);
        m0 = sh.row;
        for (int k = 0; k < 2; k++) {
            put_num(&sh, L.c_x, (k ? hi : lo) * L.scale[0], L.fmt[0]);
            put_num(&sh, L.c_obj + 2, p->confidence, f->pct);
            next_row(&sh);
        }
    }

    /* The chart: P(meet) against axis 0, per objective that moves (one axis) or per value
     * of axis 1 for the objective that moves most (a grid). */
    snprintf(head, sizeof head, "%.*s%s%s%s", (int)a0->path_len, a0->arg,
             L.numeric[0] && *L.unit[0] ? " (" : "", L.numeric[0] ? L.unit[0] : "",
             L.numeric[0] && *L.unit[0] ? ")" : "");
    lxw_chart *ch = di_chart(w, L.numeric[0] ? LXW_CHART_SCATTER_STRAIGHT : LXW_CHART_LINE,
                             "Probability of meeting the target", head, "share of outages");
    if (ch != NULL) {
        chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
        lxw_col_t cx = L.numeric[0] ? L.c_x : L.c_value;
        int n_series = 0, n0 = a0->n_values;
        if (r->n_axes == 1) {
            for (int s = 0; s < r->n_scenarios; s++)
                for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
                    const struct mc_objective *b0 = sweep_objective_of(&r->points[0].sc[s], (enum sweep_objective)o);
                    int varies = 0;
                    if (!b0->has_target)
                        continue;
                    for (int i = 1; i < r->n_points; i++)
                        varies |= sweep_objective_of(&r->points[i].sc[s], (enum sweep_objective)o)->n_met != b0->n_met;
                    if (!varies || n_series >= 8)
                        continue;
                    snprintf(buf, sizeof buf, "%s %s", p->scenarios[s].name, obj_word((enum sweep_objective)o));
                    sw_series(&sh, ch, buf, first, last, cx,
                              (lxw_col_t)(L.c_obj + SW_OBJ_COLS * (2 * s + o) + 2),
                              palette[n_series % 8], 0);
                    n_series++;
                }
        } else {
            /* The objective whose probability varies most over the grid. */
            double best = -1;
            int bs = 0, bo = 0;
            for (int s = 0; s < r->n_scenarios; s++)
                for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
                    double lo = 1, hi = 0;
                    if (!sweep_objective_of(&r->points[0].sc[s], (enum sweep_objective)o)->has_target)
                        continue;
                    for (int i = 0; i < r->n_points; i++) {
                        double q = sweep_objective_of(&r->points[i].sc[s], (enum sweep_objective)o)->p_met;
                        lo = fmin(lo, q);
                        hi = fmax(hi, q);
                    }
                    if (hi - lo > best) {
                        best = hi - lo;
                        bs = s;
                        bo = o;
                    }
                }
            for (int v1 = 0; v1 < r->axes[1].n_values && v1 < 8 && best >= 0; v1++) {
                snprintf(buf, sizeof buf, "%s %s, %.*s = %s", p->scenarios[bs].name,
                         obj_word((enum sweep_objective)bo), (int)r->axes[1].path_len,
                         r->axes[1].arg, r->axes[1].values[v1]);
                lxw_row_t b0 = first + (lxw_row_t)(v1 * n0);
                sw_series(&sh, ch, buf, b0, b0 + (lxw_row_t)n0 - 1, cx,
                          (lxw_col_t)(L.c_obj + SW_OBJ_COLS * (2 * bs + bo) + 2), palette[v1 % 8], 0);
                n_series++;
            }
        }
        if (L.numeric[0])
            sw_series(&sh, ch, "required confidence", m0, m0 + 1, L.c_x, (lxw_col_t)(L.c_obj + 2),
                      0x555555, 1);
        chart_axis_set_max(ch->y_axis, 1);
        lxw_chart_options co;
        memset(&co, 0, sizeof co);
        co.x_scale = 1.6;
        co.y_scale = 1.4;
        if (n_series > 0)
            check_sheet(&sh, "chart", worksheet_insert_chart_opt(sh.ws, 1, (lxw_col_t)(L.c_cost + (has_cost ? 6 : 1)), ch, &co));
        if (has_cost && r->n_axes == 1) {
            lxw_chart *cc = di_chart(w, L.numeric[0] ? LXW_CHART_SCATTER_STRAIGHT : LXW_CHART_LINE,
                                     "Cost a month", head, "US dollars");
            if (cc != NULL) {
                /* From a little below the cheapest point: differences between
                 * configurations are often small next to the total. */
                double lo = INFINITY, hi = -INFINITY;
                for (int i = 0; i < r->n_points; i++) {
                    lo = fmin(lo, r->points[i].cost.total_usd);
                    hi = fmax(hi, r->points[i].cost.total_usd);
                }
                double span = fmax(hi - lo, fmax(hi * 1e-3, 1.0));
                double mag = pow(10.0, floor(log10(span)));
                chart_axis_set_num_format(cc->y_axis, "$#,##0");
                chart_axis_set_min(cc->y_axis, fmax(0.0, floor((lo - 0.2 * span) / mag) * mag));
                chart_axis_set_max(cc->y_axis, ceil((hi + 0.2 * span) / mag) * mag);
                chart_legend_set_position(cc, LXW_CHART_LEGEND_NONE);
                sw_series(&sh, cc, "cost a month", first, last, cx, L.c_cost, COLOR_BLUE, 0);
                check_sheet(&sh, "chart", worksheet_insert_chart_opt(sh.ws, 23, (lxw_col_t)(L.c_cost + 6), cc, &co));
            }
        }
    }
    sheet_finish(&sh, 1, last, 1);
}

/* ---- Sensitivity ------------------------------------------------------------------------------ */

#define SE_CHART_BARS 15

static double se_p(const struct sweep_summary *s, enum sweep_objective o)
{
    return sweep_objective_of(s, o)->p_met;
}

static void sensitivity_sheet(struct wb *w, const struct sensitivity_results *r)
{
    const struct plan *p = w->p;
    const struct fmts *f = &w->f;
    struct sheet sh;
    char head[300], fm[WB_FORMULA], c1[16], c2[16];
    const lxw_col_t c_eff = 9;          /* first effect column */
    lxw_row_t first, last;

    if (sheet_open(w, &sh, "Sensitivity"))
        return;
    put_note(&sh, f->title, "Sensitivity: which input moves the results most");
    if (r->spread > 0)
        put_notef(&sh, f->note, "Each uncertain input of the plan (every distribution it writes "
                  "and every backup failure probability) was scaled by -%.0f%% and +%.0f%%, one at a "
                  "time.", 100 * r->spread, 100 * r->spread);
    else
        put_note(&sh, f->note, "Each uncertain input of the plan (every distribution it writes and "
                 "every backup failure probability) was moved, one at a time, so that its median "
                 "sits at its own P10 (low) and P90 (high): the distribution is scaled, its shape "
                 "kept. Failure probabilities were halved and doubled; fixed values were not moved.");
    put_notef(&sh, f->note, "%d inputs, %d simulations of %llu trials per scenario with seed %llu: "
              "every run replays the same outages with the same random draws, so the differences are "
              "the inputs' effects. Ranked by the largest change in the probability of meeting a "
              "target, then by the change of a P95 relative to its target.", r->n_factors, r->n_runs,
              (unsigned long long)r->n_trials, (unsigned long long)r->seed);
    sh.cap[1] = 56;
    sh.head_row = sh.row;
    static const char *const base_head[] = {
        "Rank", "Input (key path)", "Line", "Uses", "Kind", "Unit", "Low", "As written", "High"
    };
    put_header(&sh, base_head, 9);
    for (int s = 0; s < r->n_scenarios; s++)
        for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
            lxw_col_t c = (lxw_col_t)(c_eff + 5 * (2 * s + o));
            const char *sn = p->scenarios[s].name, *on = obj_word((enum sweep_objective)o);
            snprintf(head, sizeof head, "%s %s P(meet), low", sn, on);
            head_cell(&sh, c, head);
            snprintf(head, sizeof head, "%s %s P(meet), high", sn, on);
            head_cell(&sh, (lxw_col_t)(c + 1), head);
            snprintf(head, sizeof head, "%s %s swing", sn, on);
            head_cell(&sh, (lxw_col_t)(c + 2), head);
            snprintf(head, sizeof head, "%s %s P95 low (h)", sn, on);
            head_cell(&sh, (lxw_col_t)(c + 3), head);
            snprintf(head, sizeof head, "%s %s P95 high (h)", sn, on);
            head_cell(&sh, (lxw_col_t)(c + 4), head);
        }
    next_row(&sh);
    /* The plan as written, for reference. */
    put_text(&sh, 1, "the plan as written", f->bold);
    for (int s = 0; s < r->n_scenarios; s++)
        for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
            lxw_col_t c = (lxw_col_t)(c_eff + 5 * (2 * s + o));
            const struct mc_objective *ob = sweep_objective_of(&r->base[s], (enum sweep_objective)o);
            double p95 = o == SWEEP_RTO ? r->base[s].rto.p95_s : r->base[s].rpo.p95_s;
            if (ob->has_target) {
                put_num(&sh, c, ob->p_met, f->pct);
                put_num(&sh, (lxw_col_t)(c + 1), ob->p_met, f->pct);
            }
            put_hours(&sh, (lxw_col_t)(c + 3), p95);
            put_hours(&sh, (lxw_col_t)(c + 4), p95);
        }
    next_row(&sh);
    first = sh.row;
    for (int i = 0; i < r->n_factors && ok(w); i++) {
        const struct sensitivity_factor *sf = &r->factors[i];
        double scale;
        const char *unit;
        lxw_format *vf = value_format(w, sf->f.unit, &scale, &unit);
        put_num(&sh, 0, (double)(i + 1), f->count);
        put_text(&sh, 1, sf->f.path, f->wrap);
        put_num(&sh, 2, (double)sf->f.line, f->count);
        put_num(&sh, 3, (double)sf->f.n_uses, f->count);
        put_text(&sh, 4, sf->f.kind == FACTOR_PROB ? "probability"
                                                   : dist_kind_name(sf->f.dist.kind), NULL);
        put_textf(&sh, 5, NULL, "%s%s", sf->f.kind == FACTOR_DIST ? "median, " : "",
                  *unit ? unit : "share");
        put_num(&sh, 6, sf->typical_lo * scale, vf);
        put_num(&sh, 7, sf->typical * scale, vf);
        put_num(&sh, 8, sf->typical_hi * scale, vf);
        for (int s = 0; s < r->n_scenarios; s++)
            for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
                lxw_col_t c = (lxw_col_t)(c_eff + 5 * (2 * s + o));
                const struct mc_objective *ol = sweep_objective_of(&sf->lo[s], (enum sweep_objective)o);
                const struct mc_objective *oh = sweep_objective_of(&sf->hi[s], (enum sweep_objective)o);
                if (ol->has_target) {
                    put_num(&sh, c, ol->p_met, f->pct);
                    put_num(&sh, (lxw_col_t)(c + 1), oh->p_met, f->pct);
                    snprintf(fm, sizeof fm, "=ABS(%s-%s)", ref(c1, sh.row, (lxw_col_t)(c + 1)),
                             ref(c2, sh.row, c));
                    put_formula_num(&sh, (lxw_col_t)(c + 2), fm, fabs(oh->p_met - ol->p_met), f->pct);
                }
                put_hours(&sh, (lxw_col_t)(c + 3), o == SWEEP_RTO ? sf->lo[s].rto.p95_s : sf->lo[s].rpo.p95_s);
                put_hours(&sh, (lxw_col_t)(c + 4), o == SWEEP_RTO ? sf->hi[s].rto.p95_s : sf->hi[s].rpo.p95_s);
            }
        next_row(&sh);
    }
    last = sh.row > first ? sh.row - 1 : first;

    /* Tornado data and charts: per objective some input moves, its 15 largest changes
     * from the plan's probability, smallest first (a bar chart draws its first category at
     * the bottom). */
    lxw_col_t chart_col = (lxw_col_t)(c_eff + 10 * r->n_scenarios + 1);
    int n_charts = 0;
    for (int s = 0; s < r->n_scenarios && ok(w); s++)
        for (int o = SWEEP_RTO; o <= SWEEP_RPO && ok(w); o++) {
            int order[SE_CHART_BARS], n = 0;
            const struct mc_objective *bo = sweep_objective_of(&r->base[s], (enum sweep_objective)o);
            if (!bo->has_target)
                continue;
            for (int i = 0; i < r->n_factors; i++) {
                const struct sensitivity_factor *sf = &r->factors[i];
                double d = fabs(se_p(&sf->hi[s], (enum sweep_objective)o) - se_p(&sf->lo[s], (enum sweep_objective)o));
                int k;
                if (!(d > 0))
                    continue;
                if (n < SE_CHART_BARS)
                    k = n++;
                else {
                    const struct sensitivity_factor *g = &r->factors[order[n - 1]];
                    if (fabs(se_p(&g->hi[s], (enum sweep_objective)o) - se_p(&g->lo[s], (enum sweep_objective)o)) >= d)
                        continue;
                    k = n - 1;
                }
                order[k] = i;
                for (; k > 0; k--) {
                    const struct sensitivity_factor *g = &r->factors[order[k - 1]];
                    if (fabs(se_p(&g->hi[s], (enum sweep_objective)o) - se_p(&g->lo[s], (enum sweep_objective)o)) >= d)
                        break;
                    int t = order[k];
                    order[k] = order[k - 1];
                    order[k - 1] = t;
                }
            }
            if (n == 0)
                continue;
            next_row(&sh);
            put_textf(&sh, 0, f->bold, "Chart data: %s %s, change in P(meet) from the plan's %.1f%%",
                      p->scenarios[s].name, obj_word((enum sweep_objective)o), 100 * bo->p_met);
            next_row(&sh);
            head_cell(&sh, 1, "Input");
            head_cell(&sh, 2, "Low");
            head_cell(&sh, 3, "High");
            next_row(&sh);
            lxw_row_t d0 = sh.row;
            for (int k = n - 1; k >= 0; k--) {
                const struct sensitivity_factor *sf = &r->factors[order[k]];
                put_text(&sh, 1, sf->f.path, NULL);
                put_num(&sh, 2, se_p(&sf->lo[s], (enum sweep_objective)o) - bo->p_met, f->pct);
                put_num(&sh, 3, se_p(&sf->hi[s], (enum sweep_objective)o) - bo->p_met, f->pct);
                next_row(&sh);
            }
            snprintf(head, sizeof head, "What moves the %s %s (P(meet) %.1f%% as written)",
                     p->scenarios[s].name, obj_word((enum sweep_objective)o), 100 * bo->p_met);
            /* In a bar chart the x axis is the value axis (horizontal), y the categories. */
            lxw_chart *ch = workbook_add_chart(w->book, LXW_CHART_BAR);
            if (ch == NULL) {
                fail(w, WB_NOMEM, "adding a chart");
                return;
            }
            lxw_chart_font tf;
            memset(&tf, 0, sizeof tf);
            tf.size = 11;
            tf.bold = LXW_TRUE;
            chart_title_set_name(ch, head);
            chart_title_set_name_font(ch, &tf);
            chart_axis_set_name(ch->x_axis, "change in the probability of meeting the target");
            chart_axis_set_num_format(ch->x_axis, "+0%;-0%;0%");
            chart_axis_set_label_position(ch->y_axis, LXW_CHART_AXIS_LABEL_POSITION_LOW);
            chart_set_series_overlap(ch, 100);
            chart_set_series_gap(ch, 40);
            chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
            di_series(&sh, ch, "input at its low value", d0, sh.row - 1, 1, 2, 0x56B4E9, 0);
            di_series(&sh, ch, "input at its high value", d0, sh.row - 1, 1, 3, COLOR_AT_RISK, 0);
            lxw_chart_options co;
            memset(&co, 0, sizeof co);
            co.x_scale = 1.7;
            co.y_scale = 1.2 + 0.06 * n;
            check_sheet(&sh, "chart", worksheet_insert_chart_opt(sh.ws, (lxw_row_t)(1 + 24 * n_charts), chart_col, ch, &co));
            n_charts++;
        }
    sheet_finish(&sh, 1, last, 2);
}

static void analysis_properties(struct wb *w, const char *what, uint64_t trials, uint64_t seed)
{
    lxw_doc_properties pr;
    char title[512], comments[512], hex[65];
    plan_sha256_hex(w->p, hex);
    snprintf(title, sizeof title, "%s of %s %s", what, w->p->name, w->p->version);
    snprintf(comments, sizeof comments, "Written by drsim %s: %llu trials per scenario and run, "
             "seed %llu, plan file SHA-256 %s", w->o->version ? w->o->version : "",
             (unsigned long long)trials, (unsigned long long)seed, hex);
    memset(&pr, 0, sizeof pr);
    pr.title = title;
    pr.author = w->p->owner;
    pr.company = w->p->organization;
    pr.category = "Business continuity";
    pr.keywords = "disaster recovery, RTO, RPO, sweep, sensitivity, drsim";
    pr.comments = comments;
    pr.created = (time_t)(w->o->date_s > 0 ? w->o->date_s : 1);
    lxw_error e = workbook_set_properties(w->book, &pr);
    if (e == LXW_NO_ERROR)
        e = workbook_set_custom_property_string(w->book, "Plan SHA-256", hex);
    if (e != LXW_NO_ERROR && ok(w)) {
        w->lerr = e;
        snprintf(w->where, sizeof w->where, "document properties");
    }
}

char *wb_sweep_file_name(const struct plan *p, const char *what, char *buf, size_t n)
{
    char base[256];
    wb_file_name(p, base, sizeof base);
    char *dash = strstr(base, "-dr-review.xlsx");
    if (dash)
        *dash = '\0';
    snprintf(buf, n, "%s-%s.xlsx", base, what);
    return buf;
}

enum wb_status wb_write_sweep(const char *path, const struct sweep_results *r,
                              const struct wb_options *o, char *err, size_t errlen)
{
    struct wb *w;
    char *tmp;
    enum wb_status st;
    if (err && errlen)
        err[0] = '\0';
    if (path == NULL || r == NULL || o == NULL || r->n_points < 1) {
        if (err && errlen)
            snprintf(err, errlen, "%s: nothing to write", path ? path : "workbook");
        return WB_INVALID;
    }
    if ((st = book_open(path, r->plan, o, 0, &w, &tmp, err, errlen)) != WB_OK)
        return st;
    analysis_properties(w, "Sweep", r->n_trials, r->seed);
    make_formats(w);
    sweep_sheet(w, r);
    assumptions_sheet(w);
    return book_close(w, path, tmp, err, errlen);
}

enum wb_status wb_write_sensitivity(const char *path, const struct sensitivity_results *r,
                                    const struct wb_options *o, char *err, size_t errlen)
{
    struct wb *w;
    char *tmp;
    enum wb_status st;
    if (err && errlen)
        err[0] = '\0';
    if (path == NULL || r == NULL || o == NULL) {
        if (err && errlen)
            snprintf(err, errlen, "%s: nothing to write", path ? path : "workbook");
        return WB_INVALID;
    }
    if ((st = book_open(path, r->plan, o, 0, &w, &tmp, err, errlen)) != WB_OK)
        return st;
    analysis_properties(w, "Sensitivity analysis", r->n_trials, r->seed);
    make_formats(w);
    sensitivity_sheet(w, r);
    assumptions_sheet(w);
    return book_close(w, path, tmp, err, errlen);
}
