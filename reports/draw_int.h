/* reports/draw_int.h: what the files of the chart module share (not a public header).
 *
 * The module draws every chart and the review pack with cairo (see draw.h for what
 * each chart shows). It is split along its seams:
 *
 *   draw_prim.c      colours, text, shapes, number formats, axes, legends: the small
 *                    vocabulary every chart is written in;
 *   draw_dist.c      the distributions of RTO and RPO (CDF and histogram);
 *   draw_timeline.c  the recovery timeline of the typical trial and the critical path;
 *   draw_stores.c    data loss per store;
 *   draw_capacity.c  the platform's capacity over time in the typical and the P95 trial;
 *   draw_sweep.c     the curve of a sweep;
 *   draw_tornado.c   the tornado of a sensitivity analysis;
 *   draw_sobol.c     the Sobol indices of a global sensitivity analysis;
 *   draw_decision.c  the decision curve: the objectives against the wait before failing over;
 *   draw_pack.c      the review pack: cover, findings and the scenario pages;
 *   draw_assume.c    the pack's "main assumptions" pages, tables flowed over pages;
 *   draw_pack_services.c  the pack's business services pages and capacity pages;
 *   draw_pack_damage.c    the pack's logical-damage page of a damage scenario;
 *   draw_pack_money.c     the pack's money page (expected annual loss, exceedance curve);
 *   draw_file.c      surfaces and sinks: one document rendered into a file or memory;
 *   draw.c           the public entry points for the per-scenario charts.
 *
 * Every chart is a function drawing into a box of a cairo context at a base font size,
 * so that files, the in-memory PNG and the pack's pages call the same code. cairo
 * errors are sticky: drawing code does not check each call, the writer checks the
 * context and surface status once at the end (draw_file.c). Only these files include
 * the cairo headers; nothing here prints.
 */
#ifndef DRSIM_DRAW_INT_H
#define DRSIM_DRAW_INT_H

#include <cairo.h>
#include <stddef.h>
#include <stdint.h>

#include "reports/draw.h"
#include "reports/plot.h"

#define DRAW_FONT "DejaVu Sans" /* Debian fonts-dejavu-core; tests check it resolves */
#define PAGE_W 960.0            /* review pack page, points (16:9) */
#define PAGE_H 540.0
#define EN_DASH "\xe2\x80\x93"
#define MIDDOT " \xc2\xb7 "
#define INFTY "\xe2\x88\x9e"
#define TIMES "\xc3\x97"
#define LEQ "\xe2\x89\xa4"

/* ---- colours ------------------------------------------------------------------------ */

struct rgb {
    double r, g, b; /* 0..1 */
};
#define HEX(h)                                                                                     \
    {                                                                                              \
        (double)(((h) >> 16) & 0xff) / 255.0, (double)(((h) >> 8) & 0xff) / 255.0,                 \
            (double)((h)&0xff) / 255.0                                                             \
    }

/* Okabe-Ito: distinguishable with the common colour-vision deficiencies. */
static const struct rgb C_MEETS = HEX(0x009E73);  /* bluish green */
static const struct rgb C_RISK = HEX(0xE69F00);   /* orange */
static const struct rgb C_BREACH = HEX(0xD55E00); /* vermillion: breach, targets, data lost */
static const struct rgb C_NA = HEX(0xBBBBBB);
static const struct rgb C_INK = HEX(0x222222);
static const struct rgb C_MUTED = HEX(0x666666);
static const struct rgb C_GRID = HEX(0xE2E2E2);
static const struct rgb C_BAND = HEX(0xF6F6F6);
static const struct rgb C_RESTORATION = HEX(0xE4EEF7);
static const struct rgb C_CURVE = HEX(0x0072B2); /* blue */
static const struct rgb C_P95 = HEX(0x56B4E9);   /* sky blue */
static const struct rgb C_MAX = HEX(0xC6DDEE);
static const struct rgb C_AUTO = HEX(0xA8A8A8); /* steps without people */
static const struct rgb C_WHITE = HEX(0xFFFFFF);
/* Categorical colours: roles in the timeline, curves of a sweep. */
static const struct rgb role_palette[] = {
    HEX(0x0072B2), HEX(0xE69F00), HEX(0xCC79A7), HEX(0x56B4E9),
    HEX(0xF0E442), HEX(0x009E73), HEX(0x8C6D31), HEX(0x7F7F7F),
};
#define N_ROLE_COLOURS ((int)(sizeof role_palette / sizeof role_palette[0]))

/* The verdict's colour (grey for "no target"). */
struct rgb draw_verdict_colour(enum mc_verdict v);
/* c with each channel multiplied by f (0..1): outlines of filled shapes. */
struct rgb draw_darker(struct rgb c, double f);
void draw_set_col(cairo_t *cr, struct rgb c);
void draw_set_cola(cairo_t *cr, struct rgb c, double a);

/* ---- text --------------------------------------------------------------------------- */

enum { F_NORMAL = 0, F_BOLD = 1, F_ITALIC = 2 };

/* Select DRAW_FONT at `size` device units in style F_* (bits). */
void draw_font(cairo_t *cr, double size, int style);
/* Advance width of s in the current font. */
double draw_text_w(cairo_t *cr, const char *s);
/* plot_measure_fn over the context's current font (user is the cairo_t). */
double draw_measure(void *user, const char *s);
/* Height of a line box of the current font. */
double draw_line_box(cairo_t *cr);
/* Show s anchored at (x, y): ax 0 = left, 0.5 = centre, 1 = right edge; ay 0 = top,
 * 0.5 = middle, 1 = bottom of the line box. Returns the width. */
double draw_text_at(cairo_t *cr, double x, double y, double ax, double ay, const char *s);
/* As draw_text_at, truncated with an ellipsis to max_w. Returns the width drawn. */
double draw_fit_at(cairo_t *cr, double x, double y, double ax, double ay, double max_w,
                   const char *s);
/* Text on a white box, for labels over lines and curves. */
void draw_text_boxed(cairo_t *cr, double x, double y, double ax, double ay, const char *s,
                     struct rgb colour);
/* Wrap s into lines of width w starting at top y with line height lh, stopping before
 * y_max (the last line that fits is ellipsized when text remains). Draws only when
 * `draw`; returns the y below the last line. */
double draw_para(cairo_t *cr, double x, double y, double w, double lh, double y_max, const char *s,
                 int draw);

/* ---- shapes ------------------------------------------------------------------------- */

/* A rounded chip with the verdict's colour and its name (or `label`), vertically
 * centred on y. Returns its width. */
double draw_chip(cairo_t *cr, double x, double y, double size, enum mc_verdict v,
                 const char *label);
/* A filled square of side s centred vertically on y, left edge x. */
void draw_swatch(cairo_t *cr, double x, double y, double s, struct rgb c);
/* A light rectangle hatched in c: waiting, or data without a usable recovery point. */
void draw_hatch_rect(cairo_t *cr, double x, double y, double w, double h, struct rgb c);
/* Vertical / horizontal line of width lw, dashed when dash > 0 (the dash length). */
void draw_vline(cairo_t *cr, double x, double y0, double y1, struct rgb c, double lw, double dash);
void draw_hline(cairo_t *cr, double x0, double x1, double y, struct rgb c, double lw, double dash);
/* Fill the w x h page or image white. */
void draw_paint_white(cairo_t *cr, double w, double h);

/* ---- number formats ----------------------------------------------------------------- */

/* A duration ("2h05m"), "-" for NaN. Returns buf. */
char *draw_dur(double s, char *buf, size_t n);
/* The run's identity along the bottom of a chart of w x h device units, in small muted
 * type: "plan NAME · sha256 PREFIX · seed S · N trials per scenario · drsim VERSION"
 * (no version when meta is NULL), so that a chart copied out of its folder still says
 * which run drew it. Returns the height it takes from the bottom (the chart's box ends
 * above it). */
double draw_run_footer(cairo_t *cr, double w, double h, double fs, const struct plan *p,
                       uint64_t seed, uint64_t n_trials, const struct draw_meta *meta);

/* A duration judged against target_s: to the second when both would read the same
 * (units_format_duration_vs), "-" for NaN. Returns buf. */
char *draw_dur_vs(double s, double target_s, char *buf, size_t n);
/* "P95" for confidence 0.95, "P99.5" for 0.995. Returns buf. */
char *draw_pct_label(double confidence, char *buf, size_t n);
/* A rate: "120MB/s". Returns buf. */
char *draw_fmt_rate(double bytes_per_s, char *buf, size_t n);
/* k / n, 0 when n is 0. */
double draw_share(uint64_t k, uint64_t n);

/* ---- charts: context, titles, axes, legends ------------------------------------------ */

/* A rectangle a chart or a part of it is drawn in. */
struct box {
    double x, y, w, h; /* device units */
};

/* What a chart of one scenario draws from (all borrowed) and at what size. */
struct chart {
    const struct mc_results *r;          /* the run (NULL for sweep and tornado charts) */
    const struct plan *p;                /* the plan simulated */
    const struct mc_scenario_result *sr; /* the scenario's results */
    const struct scenario *sc;           /* the scenario in the plan */
    const struct trial_result *tr;       /* the median-RTO trial (borrowed from the results);
                                            NULL when the chart does not need it */
    double fs;                           /* base font size, device units */
    double row_max;                      /* largest row pitch of bar charts, in units of fs */
};

/* Legend entries laid out left to right, wrapping. */
enum legend_kind {
    LEGEND_SWATCH = 0, /* a filled square */
    LEGEND_HATCHED,    /* a hatched square */
    LEGEND_OUTLINE,    /* a white square with a heavy outline */
    LEGEND_LINE,       /* a vertical line (dashed unless ink-coloured) */
    LEGEND_TINT,       /* a tinted square with a thin outline */
    LEGEND_TEXT,       /* a sample of text in the style it explains: italic, coloured */
    LEGEND_MARK_PAGE,  /* the markers of draw_marker, of the same names */
    LEGEND_MARK_NOTIFY,
    LEGEND_MARK_MISSED,
    LEGEND_MARK_ARRIVE,
    LEGEND_MARK_ESCALATE,
    LEGEND_MARK_HANDOVER
};

/* Point markers of the pager's events on a time axis, each centred on (x, y), s high. */
enum draw_mark {
    MARK_PAGE = 0,  /* a page: a downward triangle, filled in c */
    MARK_NOTIFY,    /* a notification noticed: a short ink tick */
    MARK_MISSED,    /* a notification nobody noticed: a short muted dashed tick */
    MARK_ARRIVE,    /* a person arrives: a disc filled in c */
    MARK_ESCALATE,  /* an escalation: a diamond filled in c */
    MARK_HANDOVER   /* a hand-over on a step's bar: a white bar with an ink edge */
};
void draw_marker(cairo_t *cr, enum draw_mark m, double x, double y, double s, struct rgb c);
struct legend_item {
    const char *text;      /* the entry's label (borrowed) */
    struct rgb colour;     /* of the mark (and of the text for LEGEND_TEXT) */
    enum legend_kind kind; /* the mark drawn before the label */
};

/* Title (bold) and an optional subtitle at the top of box b; returns the y below. */
double draw_chart_title(cairo_t *cr, const struct chart *ch, const struct box *b, const char *title,
                        const char *subtitle);
/* The time axis under plot area a: grid lines, ticks, labels and the axis title
 * (none when NULL), the title fitted to title_max_w. */
/* A horizontal axis of shares (0 % .. 100 %) under box a on scale xs: about n_ticks
 * gridlines from lo to hi labelled in percent, the base line, and the caption centred
 * below, fitted to caption_w. */
void draw_share_axis(cairo_t *cr, double fs, const struct box *a, const struct plot_scale *xs,
                     double lo, double hi, int n_ticks, double caption_w, const char *caption);

void draw_time_axis(cairo_t *cr, double fs, const struct box *a, const struct plot_scale *xs,
                    const char *title, double title_max_w);
/* Percent axis on the left of plot area a for values 0..hi (fractions); the rotated
 * title is centred at x = title_x. */
void draw_percent_axis(cairo_t *cr, double fs, const struct box *a, const struct plot_scale *ys,
                       double hi, const char *title, double title_x);
/* Scale for a time axis chosen from the data (see plot_time_axis_choose); *is_log says
 * which kind it chose. */
void draw_time_scale(struct plot_scale *xs, double lo, double hi, double log_ratio, double r0,
                     double r1, int *is_log);
/* Lay out n legend entries from (x, y) over width w; draws when `draw`; returns the
 * height used. */
double draw_legend(cairo_t *cr, double fs, double x, double y, double w,
                   const struct legend_item *it, int n, int draw);
/* A vertical target line over plot area a at xt with its bold "target 3h" label above,
 * kept inside [b->x, b->x + b->w]; `size` is the label's font size. */
void draw_target_mark(cairo_t *cr, double fs, const struct box *a, const struct box *b, double xt,
                      double target_s, double size);
/* The base font size for a chart of w x h device units drawn on its own. */
double draw_chart_font(double w, double h);

/* ---- the chart families ------------------------------------------------------------- */

/* Each draws one chart of ch's scenario into box b (see draw.h for what it shows). */
void draw_chart_cdf(cairo_t *cr, const struct chart *ch, const struct box *b, int rpo);
void draw_chart_hist(cairo_t *cr, const struct chart *ch, const struct box *b, int rpo);
void draw_chart_timeline(cairo_t *cr, const struct chart *ch, const struct box *b);
void draw_chart_critical(cairo_t *cr, const struct chart *ch, const struct box *b);
void draw_chart_stores(cairo_t *cr, const struct chart *ch, const struct box *b);
void draw_chart_capacity(cairo_t *cr, const struct chart *ch, const struct box *b);
/* The decision curve c of r (analysis/decision.h) into box b at base font size fs. */
void draw_chart_decision(cairo_t *cr, const struct decision_results *r,
                         const struct decision_curve *c, double fs, const struct box *b);
/* "RTO" or "RPO". */
const char *draw_objective_word(enum sweep_objective o);
/* Chart c of ch's scenario into box b. */
void draw_render_chart(cairo_t *cr, const struct chart *ch, enum draw_chart c, const struct box *b);
/* ch for scenario s of r at base font size fs; the timeline reads the typical trial the
 * results carry. */
void draw_chart_init(struct chart *ch, const struct mc_results *r, int s, double fs);

/* ---- the review pack ---------------------------------------------------------------- */

#define CELL_LEN 2048 /* bytes of one cell of the assumption tables */
#define MAX_COLS_T 6  /* columns of those tables */
#define MARGIN 36.0   /* page margin, points */
#define FOOT_Y (PAGE_H - 18.0)

struct pack {
    const struct mc_results *r;
    const struct draw_meta *meta;
    char (*cells)[CELL_LEN]; /* [MAX_COLS_T + 2] text of the assumption tables */
    cairo_surface_t *surf;   /* the PDF surface (for outlines) */
    int page;                /* pages finished so far */
    char date[40];           /* "2026-03-01 12:00 UTC" */
    const struct decision_results *dc; /* decision curves, or NULL: no decision pages */
    const struct drill_log *drills;    /* `--drills`, or NULL: no evidence page */
    const struct drill_analysis *drill_analysis; /* its analysis, with drills */
    const struct trend *trend;         /* `--compare`, or NULL: no "since the last review" */
    const struct assume_rank *assume;  /* `--sensitivity`, or NULL: no assumptions page */
};

/* Draw the footer of the current page and start the next one. */
void draw_page_end(cairo_t *cr, struct pack *pk);
/* A PDF outline entry under `parent` pointing at the page being drawn; returns its id. */
int draw_outline(struct pack *pk, int parent, const char *text);
/* A page title and a muted line below it (right_reserve points kept free on the right);
 * returns the y below. */
double draw_page_header(cairo_t *cr, const char *title, const char *sub, double right_reserve);
/* The drill evidence page (meta->drills; draw_pack_drills.c): tests not done on time,
 * optimistic assumptions, corrective actions. Nothing without drills. */
void draw_pack_drills(cairo_t *cr, struct pack *pk);
/* The money page (r->money; draw_pack_money.c): expected annual loss, the loss
 * exceedance curve, each scenario's share and what is not priced. */
void draw_pack_money(cairo_t *cr, struct pack *pk);
/* The controls matrix page (draw_pack_controls.c; reports/controls.h): every pack has it. */
void draw_pack_controls(cairo_t *cr, struct pack *pk);
/* The page "Since the last review" (pk->trend; draw_pack_trend.c): the two runs' identity,
 * a row per objective before and now, the inputs changed. Nothing without a comparison. */
void draw_pack_trend(cairo_t *cr, struct pack *pk);
/* The page "The assumptions that most move a verdict" (pk->assume; draw_pack_assume.c). */
void draw_pack_assume(cairo_t *cr, struct pack *pk);
/* The "Decisions for the board" page(s) right after the cover (draw_pack_decisions.c):
 * every finding of reports/findings.h with its recommendation, owner and decision. */
void draw_pack_decisions(cairo_t *cr, struct pack *pk);
/* The "main assumptions" pages (as many as they need), ending the last one. */
void draw_pack_assumptions(cairo_t *cr, struct pack *pk);
/* The business services pages (plans with services; draw_pack_services.c): a table per
 * scenario, as many pages as it needs, ending the last one. */
void draw_pack_services(cairo_t *cr, struct pack *pk);
/* The logical-damage page of result scenario s under outline entry `parent`, for a
 * damage scenario (draw_pack_damage.c): its findings, the median trial's timeline (last
 * clean point, onset, detection, service restored) and the clean-point table; nothing
 * for an outage. */
void draw_pack_damage(cairo_t *cr, struct pack *pk, int s, int parent);
/* The capacity page of result scenario s under outline entry `parent`, for a scenario
 * with a capacity model (draw_chart_applies); nothing otherwise. */
void draw_pack_capacity(cairo_t *cr, struct pack *pk, int s, int parent);

/* ---- documents and files ------------------------------------------------------------ */

enum draw_fmt { DRAW_FMT_PNG = 0, DRAW_FMT_SVG, DRAW_FMT_PDF };
#define DRAW_N_FMTS 3
static const char *const draw_fmt_ext[DRAW_N_FMTS] = {"png", "svg", "pdf"};

/* What one document draws: called with the surface (for pages and PDF outlines) and a
 * context on it. */
typedef void (*draw_render_fn)(cairo_surface_t *surf, cairo_t *cr, void *user);

/* snprintf(err, errlen, fmt, a, b) when err is not NULL (b NULL reads as ""). */
void draw_set_err(char *err, size_t errlen, const char *fmt, const char *a, const char *b);
/* PDF metadata (title, creator, and the run's date instead of the current time, so that
 * the same run gives the same bytes); does nothing on other surfaces. meta may be NULL. */
void draw_pdf_metadata(cairo_surface_t *surf, const char *title, const struct draw_meta *meta);

/* Render a w x h document of format f with fn into path, created directly (mode
 * 0666 & ~umask, no temporary file, no rename; the caller publishes). The document is
 * rendered in memory first and then written: cairo never meets a write error (cairo
 * 1.16 aborts finishing a PDF with an outline when a page was lost to one). On failure
 * the file is removed (when it is a regular file: never a device such as /dev/full) and
 * err names it. */
enum draw_status draw_write_doc(const char *path, enum draw_fmt f, double w, double h,
                                draw_render_fn fn, void *user, char *err, size_t errlen);
/* Render a w x h PNG with fn into malloc'd memory: *png (freed by the caller) and
 * *len. On failure *png is NULL and err says why, naming the document `what`. */
enum draw_status draw_png_memory(const char *what, double w, double h, draw_render_fn fn,
                                 void *user, unsigned char **png, size_t *len, char *err,
                                 size_t errlen);

/* A set of chart files written into one directory by one public call: the directory
 * (created when missing; its parent must exist), a path buffer for the file names, and
 * the files written so far, so that a failure removes them all (and the directory when
 * this call created it). */
struct draw_set {
    const char *dir; /* borrowed */
    char *path;      /* path buffer of plen bytes: dir + a file name of up to 255 bytes */
    size_t plen;
    char **files; /* [n_files] paths written so far (malloc'd) */
    int n_files, cap;
    int made_dir; /* this call created dir */
};

/* Start a set: check the arguments (`who` names the caller in the message), create the
 * directory and the path buffer. On failure sets err and returns the status (the set
 * then holds nothing to finish). */
enum draw_status draw_set_begin(struct draw_set *set, const char *who, const char *dir,
                                const void *results, char *err, size_t errlen);
/* Write one document of the set as dir/<name>.<ext of f>. */
enum draw_status draw_set_write(struct draw_set *set, const char *name, enum draw_fmt f, double w,
                                double h, draw_render_fn fn, void *user, char *err, size_t errlen);
/* Finish a set: on failure (ds != DRAW_OK) remove every file it wrote, and the directory
 * when it created it; free the set; *n_files (may be NULL) receives the number of files
 * written (0 on failure). Returns ds. */
enum draw_status draw_set_end(struct draw_set *set, enum draw_status ds, int *n_files);

#endif
