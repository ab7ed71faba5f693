/* reports/wb_int.h: the inside of the workbook module (reports/workbook.h), shared by its
 * files and by nothing else.
 *
 * The module is one library in several files, cut along the seams the workbook has:
 *
 *   workbook.c          the book: file names, document properties, opening and closing the
 *                       file, the public wb_write* functions and the order of the sheets;
 *   wb_cell.c           writing a sheet row by row: the first error kept, cells of every
 *                       kind, notes, headers, group labels, column widths, freeze panes;
 *   wb_format.c         how it looks: cell formats, conditional formats, native charts, and
 *                       the text of durations, rates, verdicts and the policy;
 *   wb_print.c          how a sheet prints: paper, scale, pages across (reports/wb_print.h);
 *   wb_summary.c        the Summary sheet;
 *   wb_compliance.c     the Compliance and BIA sheets;
 *   wb_stores.c         the Data stores and Runbook sheets;
 *   wb_damage.c         the Logical damage sheet (plans with a logical-damage scenario);
 *   wb_distributions.c  the Distributions sheet and its charts;
 *   wb_evidence.c       the Evidence and Test cadence sheets (drill logs);
 *   wb_money.c          the Money sheet (expected annual loss, loss exceedance);
 *   wb_assumptions.c    the Assumptions sheet;
 *   wb_trials.c         the Trials sheets;
 *   wb_sweep.c          the Sweep sheet of a sweep workbook;
 *   wb_sensitivity.c    the Sensitivity sheet of a sensitivity workbook.
 *   wb_sobol.c          the Sobol sheet of a global sensitivity workbook.
 *
 * A sheet writer takes the workbook being written (struct wb) and writes its rows
 * strictly in order through a struct sheet, so the same code works in libxlsxwriter's
 * normal and constant-memory modes (the latter only for the per-trial sheets, where a
 * write to a row already flushed would be lost). Every write goes through a wb_put_*
 * helper that checks the return code and keeps the first error with the sheet and cell
 * it happened at (wb_check); once an error is kept, later writes are skipped (wb_ok is
 * false) and workbook.c throws the file away. Nothing here prints.
 *
 * Only the workbook module includes <xlsxwriter.h>, through this header.
 */
#ifndef DRSIM_WB_INT_H
#define DRSIM_WB_INT_H

#include <stddef.h>
#include <stdint.h>

#include <xlsxwriter.h>

#include "reports/workbook.h"

#define WB_MAX_COLS 2048        /* columns a sheet of ours may use (width bookkeeping) */
#define WB_MAX_TEXT 32767       /* bytes of text a cell holds (Excel's limit) */
#define WB_EXCEL_EPOCH_DAYS 25569.0 /* Excel's serial day of 1970-01-01 */
#define WB_FORMULA 1024         /* bytes of a formula we build */
#define WB_Z95 "1.959963984540054" /* STATS_Z95 as written into the Wilson formulas */
#define WB_NOTE_CHARS 150       /* characters per line of a note above a table */
#define WB_HEAD_CHARS 16        /* a header counts this wide at most: longer ones wrap */
#define WB_LINE_PT 15.0         /* height of one line of text in a row, points */
#define WB_MAX_GROUPS 64        /* group labels of a sheet merged over their columns */

/* Okabe-Ito colours, as the charts use: colour-blind safe. */
#define COLOR_MEETS   0x009E73  /* bluish green */
#define COLOR_AT_RISK 0xE69F00  /* orange */
#define COLOR_BREACH  0xD55E00  /* vermillion */
#define COLOR_BLUE    0x0072B2
#define COLOR_HEAD    0xD9E1F2  /* header fill */
#define COLOR_GROUP   0xEEF2F8  /* group header fill */

/* ---- state --------------------------------------------------------------------------- */

/* The cell formats of one workbook (wb_make_formats), created once and shared by every
 * sheet. The cell helpers compare pointers with these to know a cell's width and height. */
struct fmts {
    lxw_format *title, *subtitle, *note, *note_wrap, *head, *head_rot, *group, *section, *wrap;
    lxw_format *group_wrap;          /* a group label merged over its columns (wrapped) */
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

/* The workbook being written. r is NULL for the analysis workbooks (sweep, sensitivity),
 * whose sheet writers take their results as an argument. */
struct wb {
    lxw_workbook *book;
    const struct mc_results *r;
    const struct plan *p;
    const struct wb_options *o;
    const struct wb_evidence *ev;    /* drill evidence, or NULL: no Evidence sheets */
    const struct decision_results *dc; /* decision curves, or NULL: no Decision curve sheet */
    const struct trend *trend;       /* `--compare`, or NULL: no Trend sheet */
    const struct assume_rank *assume; /* `--sensitivity`, or NULL: no Assumptions ranked */
    struct fmts f;
    lxw_error lerr;                  /* first libxlsxwriter error, LXW_NO_ERROR while none */
    enum wb_status st;               /* first failure of ours (WB_NOMEM, WB_INVALID, WB_IO) */
    int sys_errno;                   /* the system's reason for the first failure (errno), or
                                        0 when it was not a system error */
    char where[512];                 /* where the first error happened */
    char text[WB_MAX_TEXT + 1];      /* a long text cut to what a cell holds */
    unsigned char *png[64];          /* images kept until the workbook is closed */
    int n_png;
    lxw_row_t conf_row;              /* the Summary's row (0-based) of the required confidence,
                                        0 until the Summary has written it (wb_conf_ref) */
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
    unsigned char group_start[WB_MAX_COLS]; /* 1 where a group label starts (wb_group_cell):
                                        a page across rather breaks there */
    lxw_row_t group_row;             /* the row of the group labels, when n_groups > 0 */
    int n_groups;                    /* group labels written */
    struct { lxw_col_t col; long end; char text[128]; } group[WB_MAX_GROUPS]; /* the first
                                        ones: column, last column (-1: up to the next label) and
                                        text, merged over their columns (wb_next_row) */
    int groups_merged;               /* the group row's labels are merged */
    struct { lxw_col_t col; double px; } drawing[WB_MAX_GROUPS]; /* charts and pictures: from
                                        the left edge of column col, px pixels wide (no page
                                        across breaks through one) */
    int n_drawings;
};

/* ---- errors (wb_cell.c) ------------------------------------------------------------------ */

/* Whether nothing has failed yet: writers skip their work once something has. */
int wb_ok(const struct wb *w);

/* Keep the first libxlsxwriter error e (LXW_NO_ERROR: nothing) with the cell (the sheet's
 * current row, column col) it concerns. */
void wb_check(struct sheet *sh, lxw_col_t col, lxw_error e);

/* The same for a sheet-wide call (charts, filters, images): `what` names it. */
void wb_check_sheet(struct sheet *sh, const char *what, lxw_error e);

/* Keep a failure of ours (WB_NOMEM, WB_INVALID) with where it happened, unless an
 * earlier failure is kept already. */
void wb_fail(struct wb *w, enum wb_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The same for a sheet-wide call that reads or writes files (an image goes through a
 * temporary file): sys_errno, errno right after the call, is kept as the reason when it
 * explains e (wb_errno_explains). */
void wb_check_sheet_io(struct sheet *sh, const char *what, lxw_error e, int sys_errno);

/* Whether errno value e is the reason for libxlsxwriter error x: for the errors of
 * creating files and of the zip library's file operations (libxlsxwriter sets errno for
 * them) any value; for others only the errors of writing (ENOSPC, EFBIG, EDQUOT, EIO). */
int wb_errno_explains(lxw_error x, int e);

/* ---- libxlsxwriter's own messages (wb_cell.c) -------------------------------------------- */

/* libxlsxwriter 1.1.4 prints "[ERROR] ..." and "[WARNING] ..." lines to stderr when it
 * cannot create or write a file (a full disk: packager.c and workbook_close both print),
 * and it has no switch to stop that. drsim reports every failure itself, once, so the few
 * library calls that touch files (workbook_close, adding a sheet in constant-memory mode,
 * inserting an image) are bracketed by wb_quiet_begin, which points file descriptor 2 at
 * /dev/null, and wb_quiet_end, which puts it back. A descriptor belongs to the whole
 * process, so this is only safe while no other thread writes to stderr: drsim writes its
 * reports from the main thread after the simulation's workers have finished. When stderr
 * is closed, or /dev/null cannot be opened, nothing is redirected. wb_quiet_begin returns
 * what wb_quiet_end needs (-1: nothing to restore); neither changes errno. */
int wb_quiet_begin(void);
void wb_quiet_end(int saved);

/* ---- cells (wb_cell.c) ------------------------------------------------------------------- */

/* Text in column c of the current row, in format f (NULL: the data cell default). Text
 * longer than a cell holds is cut at a character boundary; NULL or empty text writes
 * nothing. With track = 0 the text does not widen its column (notes and titles run on
 * into the empty cells to their right); wb_put_text tracks. Wrapped and rotated text
 * raise the row's height. */
void wb_put_text_opt(struct sheet *sh, lxw_col_t c, const char *s, lxw_format *f, int track);
void wb_put_text(struct sheet *sh, lxw_col_t c, const char *s, lxw_format *f);
void wb_put_textf(struct sheet *sh, lxw_col_t c, lxw_format *f, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A number in format f (NULL: the default); an infinite one is the text "inf" or "-inf",
 * NaN writes nothing. wb_put_hours and wb_put_minutes take seconds. */
void wb_put_num(struct sheet *sh, lxw_col_t c, double v, lxw_format *f);
void wb_put_hours(struct sheet *sh, lxw_col_t c, double seconds);
void wb_put_minutes(struct sheet *sh, lxw_col_t c, double seconds);

/* A formula stored with the value drsim computed, so readers that do not recalculate
 * show it: a number (infinite: "inf"/"-inf", NaN: "n/a", as text) or a text. */
void wb_put_formula_num(struct sheet *sh, lxw_col_t c, const char *formula, double v,
                        lxw_format *f);
void wb_put_formula_str(struct sheet *sh, lxw_col_t c, const char *formula, const char *v,
                        lxw_format *f);

/* A civil day number as an Excel date; "YYYY-MM-DD" as written in the plan as a date
 * when it parses, else as the text. */
void wb_put_day(struct sheet *sh, lxw_col_t c, long days);
void wb_put_date_text(struct sheet *sh, lxw_col_t c, const char *s);

/* The A1 reference of (row, col) in buf (16 bytes are enough). Returns buf. */
char *wb_ref(char *buf, lxw_row_t row, lxw_col_t col);

/* Leave the current row, giving it the height its wrapped text needs. */
void wb_next_row(struct sheet *sh);

/* A note (or title) in column A, one row per WB_NOTE_CHARS-character line, so that it
 * reads and prints whole however narrow the table below it is; it widens no column.
 * wb_note_lines is the number of rows wb_put_note takes for s (at least one). */
void wb_put_note(struct sheet *sh, lxw_format *f, const char *text);
void wb_put_notef(struct sheet *sh, lxw_format *f, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int wb_note_lines(const char *s);

/* A header cell (bold, filled, wrapped; it counts WB_HEAD_CHARS wide at most), and a row
 * of n of them from column A. */
void wb_head_cell(struct sheet *sh, lxw_col_t c, const char *text);
void wb_put_header(struct sheet *sh, const char *const *names, int n);

/* A group label above a run of header cells (no width of its own: it runs on), and the
 * labels "Simulated, NAME outage" above each scenario's run of `width` columns from
 * column c_sim on. */
void wb_group_cell(struct sheet *sh, lxw_col_t c, const char *text);
/* The same for a group whose last column is `last` (a label with none runs up to the next
 * label of its row; the last one of a row, without, is not merged: it runs on). Labels are
 * merged over their groups and wrapped when their row is left (wb_next_row). */
void wb_group_span(struct sheet *sh, lxw_col_t c, lxw_col_t last, const char *text);
void wb_group_scenarios(struct sheet *sh, lxw_col_t c_sim, int width);

/* ---- sheets (wb_cell.c) ------------------------------------------------------------------ */

/* Add the sheet `name` to the workbook and start *sh on its first row. Returns non-zero
 * when the sheet is not to be written (an earlier failure, or out of memory). */
int wb_sheet_open(struct wb *w, struct sheet *sh, const char *name);

/* wb_sheet_open for a sheet that needs columns up to n_cols - 1: a plan with too many
 * scenarios for them is refused (WB_INVALID). */
int wb_sheet_open_cols(struct wb *w, struct sheet *sh, const char *name, long n_cols);

/* Column widths from the content; with has_table, the table from sh->head_row to
 * last_row gets a frozen header (and columns before freeze_col) and an autofilter; group
 * labels are merged over their columns; then the print set-up (wb_print_setup: the run's
 * paper, landscape, 8-point type or larger, pages across with the key columns and the
 * header repeated) and plan and sheet in the page header. Every sheet ends with it. */
void wb_sheet_finish(struct sheet *sh, int has_table, lxw_row_t last_row, lxw_col_t freeze_col);

/* ---- print set-up (wb_print.c, reports/wb_print.h) --------------------------------------- */

/* A chart or picture px pixels wide from the left edge of column col (its offset
 * included): a page across does not break through it (wb_print_setup). */
void wb_sheet_drawing(struct sheet *sh, lxw_col_t col, double px);

/* worksheet_insert_chart_opt at (row, col), the error kept, the chart's width (480
 * pixels by x_scale, plus x_offset) noted with wb_sheet_drawing. */
void wb_insert_chart(struct sheet *sh, lxw_row_t row, lxw_col_t col, lxw_chart *ch,
                     lxw_chart_options *co);

/* The print set-up of a finished sheet whose columns are width[c] characters wide: the
 * run's paper, landscape, a scale of WB_PRINT_MIN_SCALE % or more, pages across at
 * column boundaries with the key columns (0..freeze_col - 1) and, with has_table, the
 * header row (and the group labels above it) repeated on every page. */
void wb_print_setup(struct sheet *sh, const double *width, int has_table, lxw_col_t freeze_col);

/* ---- formats and conditional formats (wb_format.c) --------------------------------------- */

/* Create the cell formats of w->f (a failure is kept as WB_NOMEM). */
void wb_make_formats(struct wb *w);

/* Conditional formats over rows r0..r1 of one column c (libxlsxwriter issue #395: a text
 * rule over several columns tests the wrong cell): the cell equals a text, equals a
 * number, or a formula written for row r0 holds; wb_cf_verdicts colours the verdict
 * names. Nothing happens when r1 < r0 or f is NULL. */
void wb_cf_equals(struct sheet *sh, lxw_row_t r0, lxw_row_t r1, lxw_col_t c, const char *text,
                  lxw_format *f);
void wb_cf_equals_num(struct sheet *sh, lxw_row_t r0, lxw_row_t r1, lxw_col_t c, double v,
                      lxw_format *f);
void wb_cf_formula(struct sheet *sh, lxw_row_t r0, lxw_row_t r1, lxw_col_t c,
                   const char *formula, lxw_format *f);
void wb_cf_verdicts(struct sheet *sh, lxw_row_t r0, lxw_row_t r1, lxw_col_t c);

/* How a swept value (or an input) is shown as a number: durations and schedules (their
 * mean interval) in hours, sizes in GB, rates in MB/s, probabilities as percentages,
 * money in dollars; *scale converts base units, *unit names the unit for headers. Returns
 * the cell format, or NULL when the kind is not a number (a choice, a time zone). */
lxw_format *wb_value_format(struct wb *w, const char *kind, double *scale, const char **unit);

/* ---- native charts (wb_format.c) --------------------------------------------------------- */

/* A chart of libxlsxwriter type `type` with a bold title, axis names and a y axis of
 * shares from 0. Returns NULL (WB_NOMEM kept) when it cannot be added. */
lxw_chart *wb_chart_new(struct wb *w, uint8_t type, const char *title, const char *x_name,
                        const char *y_name);

/* Axis labels, axis names and legend of ch at 11 pt, legible at any print scale drsim
 * uses (wb_chart_new does it; a chart made otherwise calls it). */
void wb_chart_fonts(lxw_chart *ch);

/* A series of ch from rows r0..r1 of sheet sh: categories (x) in column cx, values in cy;
 * a solid line and fill in `color`, or a thin dashed line (a marker). Returns the series,
 * or NULL when ch is NULL, after a failure, or out of memory (kept). */
lxw_chart_series *wb_chart_series(struct sheet *sh, lxw_chart *ch, const char *name,
                                  lxw_row_t r0, lxw_row_t r1, lxw_col_t cx, lxw_col_t cy,
                                  lxw_color_t color, int dashed);

/* ---- text (wb_format.c) ------------------------------------------------------------------ */

/* printf to buf (n bytes) at *o, advancing *o and cutting what does not fit. */
void wb_appendf(char *buf, size_t n, size_t *o, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A duration as the plan writes one ("2h30m"), a rate ("1.0 GB/s"). Return buf. */
char *wb_fmt_duration(double s, char *buf, size_t n);
char *wb_fmt_rate(double bps, char *buf, size_t n);

/* An objective's verdict name, "n/a" without a target. */
const char *wb_verdict_text(const struct mc_objective *o);

/* The policy in one line: "zone: RPO 6h, RTO 3h; region: RPO 1d, RTO 12h". */
void wb_policy_text(const struct plan *p, char *buf, size_t n);

/* What the RTO is measured from, in words. */
const char *wb_clock_text(const struct plan *p);

/* "RTO" or "RPO". */
const char *wb_obj_word(enum sweep_objective o);

/* The required confidence as a formula operand: the absolute reference to the Summary's
 * "Required confidence" cell ("Summary!$C$13"), so that editing that one cell re-judges
 * every verdict; the plan's confidence as a number when the Summary has not written it.
 * In buf (n bytes); returns buf. (wb_summary.c) */
const char *wb_conf_ref(const struct wb *w, char *buf, size_t n);

/* The formula term counting the Services sheet's verdict cells (RTO and RPO, whole
 * columns) that read `verdict` ("breach", "at risk"): "COUNTIF(Services!$N:$N,...)+...",
 * or "0" for a plan without services. In buf (n bytes); returns buf. (wb_services.c) */
char *wb_services_count(const struct wb *w, const char *verdict, char *buf, size_t n);

/* The Services sheet's row (0-based) of result scenario s's service `service`; its RTO
 * verdict is in column N and its RPO verdict in column V (wb_services_verdict_col). */
lxw_row_t wb_services_row(const struct wb *w, int s, int service);
lxw_col_t wb_services_verdict_col(int obj);

/* ---- the Compliance table's layout (wb_compliance.c; the Summary refers to its cells) --- */

enum {
    CO_SCEN = 0, CO_SCOPE, CO_OBJ, CO_OUTCOME, CO_TARGET, CO_P50, CO_P90, CO_P95, CO_P99,
    CO_MAX, CO_N, CO_SHARE, CO_MET, CO_P, CO_LO, CO_HI, CO_CONF, CO_AT, CO_MARGIN, CO_VERDICT,
    CO_INF, CO_ABANDONED, CO_ABANDONED_SHARE, CO_NCOLS
};

/* Rows of one (scenario, objective) in the Compliance table: all outages, then one per
 * outcome (enum mc_outcome_kind: recovered in place, failed over) in CO_ROW_* order. */
enum { CO_ROW_ALL = 0, CO_ROW_FAILED_OVER, CO_ROW_IN_PLACE, CO_ROWS_PER_OBJ };

/* The Compliance row (0-based) of result scenario s's objective obj (0 = RTO, 1 = RPO)
 * over all outages; wb_compliance_row_of gives the row `which` (CO_ROW_*) of it. */
lxw_row_t wb_compliance_row(const struct wb *w, int s, int obj);
lxw_row_t wb_compliance_row_of(const struct wb *w, int s, int obj, int which);

/* ---- the sheets, in the order workbook.c writes them ------------------------------------- */

void wb_summary_sheet(struct wb *w);         /* wb_summary.c */
void wb_compliance_sheet(struct wb *w);      /* wb_compliance.c */
void wb_trend_sheet(struct wb *w);           /* wb_trend.c: needs w->trend */
void wb_assume_rank_sheet(struct wb *w);     /* wb_assume_rank.c: needs w->assume */
void wb_bia_sheet(struct wb *w);             /* wb_compliance.c */
void wb_services_sheet(struct wb *w);        /* wb_services.c: plans with services */
void wb_stores_sheet(struct wb *w);          /* wb_stores.c */
void wb_damage_sheet(struct wb *w);          /* wb_damage.c: damage scenarios only */
void wb_runbook_sheet(struct wb *w);         /* wb_stores.c */
void wb_distributions_sheet(struct wb *w);   /* wb_distributions.c */
void wb_exceptions_sheet(struct wb *w);      /* wb_exceptions.c: the exceptions register */
void wb_money_sheet(struct wb *w);           /* wb_money.c: needs w->r->money */
void wb_registers_sheet(struct wb *w);       /* wb_registers.c: findings, levers, service
                                                exceptions */
void wb_decision_sheet(struct wb *w);        /* wb_decision.c: needs w->dc with a curve */
void wb_evidence_sheet(struct wb *w);        /* wb_evidence.c: needs w->ev */
void wb_cadence_sheet(struct wb *w);         /* wb_evidence.c: needs w->ev */
void wb_assumptions_sheet(struct wb *w);     /* wb_assumptions.c: every workbook has it */
void wb_controls_sheet(struct wb *w);        /* wb_controls.c: every run's workbook has it */
void wb_trials_sheets(struct wb *w);         /* wb_trials.c: constant-memory mode only */
void wb_sweep_sheet(struct wb *w, const struct sweep_results *r);             /* wb_sweep.c */
void wb_sensitivity_sheet(struct wb *w, const struct sensitivity_results *r); /* wb_sensitivity.c */
void wb_sobol_sheet(struct wb *w, const struct sobol_results *r);             /* wb_sobol.c */

#endif
