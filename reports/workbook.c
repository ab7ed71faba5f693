/* reports/workbook.c: the auditor's workbook as a whole (reports/workbook.h).
 *
 * This file holds what concerns the book rather than one sheet: the file names, the
 * document properties, opening the workbook and closing it into its file, and the public
 * wb_write* functions, which decide which sheets a workbook has and in which order. The
 * sheets themselves are written by the wb_*.c files of this module (reports/wb_int.h
 * lists them), each through the row-by-row helpers of wb_cell.c.
 *
 * Formulas use plain A1 references and only functions every reader knows (IF, AND, MAX,
 * MIN, SQRT, SUM, ISNUMBER), and each is written with the value drsim computed, so
 * readers that do not recalculate (openpyxl, headless LibreOffice) show the right thing.
 */
#include "reports/wb_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/digest.h"
#include "models/text.h"

/* ---- names --------------------------------------------------------------------------- */

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
    const char *suffix = "-dr-review.xlsx";
    size_t room;
    if (n == 0)
        return buf;
    /* The stem is cut so that the suffix always fits (plan_file_stem: one rule for every
     * file name made from the plan's name). */
    room = n > strlen(suffix) + 1 ? n - strlen(suffix) : 1;
    plan_file_stem(p ? p->name : NULL, buf, room);
    snprintf(buf + strlen(buf), n - strlen(buf), "%s", suffix);
    return buf;
}

/* ---- document properties ------------------------------------------------------------- */

/* Title, subject, author (the plan owner), company (the organization), creation date
 * (options.date_s, which makes the file reproducible) and a few custom properties. */
static void set_properties(struct wb *w)
{
    const struct plan *p = w->p;
    lxw_doc_properties pr;
    char title[512], subject[1024], policy[768], comments[512], hex[65];
    lxw_error e;

    plan_sha256_hex(p, hex);
    wb_policy_text(p, policy, sizeof policy);
    snprintf(title, sizeof title, "Disaster recovery review: %s %s", p->name, p->version);
    snprintf(subject, sizeof subject, "Disaster recovery of %s against its policy (%s)",
             *p->system ? p->system : p->name, policy);
    snprintf(comments, sizeof comments, "Written by drsim %s: %llu trials per scenario, seed "
             "%llu, plan file SHA-256 %s", w->o->version ? w->o->version : "",
             (unsigned long long)w->r->n_trials, (unsigned long long)w->r->seed, hex);
    memset(&pr, 0, sizeof pr);
    /* A long name or version is cut by snprintf: never in the middle of a character. */
    text_trim_partial(title);
    text_trim_partial(subject);
    text_trim_partial(comments);
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
    if (e != LXW_NO_ERROR && wb_ok(w)) {
        w->lerr = e;
        snprintf(w->where, sizeof w->where, "document properties");
    }
}

/* ---- opening and closing the file ---------------------------------------------------- */

/* Start a workbook for plan p, to be written to path, into *out. The file is created (or
 * emptied) here with open(O_CREAT, 0666), so a new one gets the permissions the umask
 * allows and a path that cannot be written fails now, with its reason, before any sheet
 * is built; libxlsxwriter writes the file itself when book_close closes the workbook.
 * Returns WB_OK, or WB_IO / WB_NOMEM with the reason in err (and no file made). */
static enum wb_status book_open(const char *path, const struct plan *p,
                                const struct wb_options *o, int constant_memory,
                                struct wb **out, char *err, size_t errlen)
{
    lxw_workbook_options lo;
    struct wb *w;
    int fd;

    *out = NULL;
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        if (err && errlen)
            snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        return WB_IO;
    }
    close(fd);
    w = calloc(1, sizeof *w);
    if (w == NULL) {
        unlink(path);
        if (err && errlen)
            snprintf(err, errlen, "cannot write %s: out of memory", path);
        return WB_NOMEM;
    }
    w->p = p;
    w->o = o;
    memset(&lo, 0, sizeof lo);
    lo.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    w->book = workbook_new_opt(path, &lo);
    if (w->book == NULL) {
        unlink(path);
        free(w);
        if (err && errlen)
            snprintf(err, errlen, "cannot write %s: libxlsxwriter could not start a workbook",
                     path);
        return WB_NOMEM;
    }
    *out = w;
    return WB_OK;
}

/* lxw_strerror(e) without its final full stop, in buf. */
static const char *library_text(lxw_error e, char *buf, size_t n)
{
    size_t len;
    snprintf(buf, n, "%s", lxw_strerror(e));
    len = strlen(buf);
    if (len > 0 && buf[len - 1] == '.')
        buf[len - 1] = '\0';
    return buf;
}

/* Close the workbook (always: that releases it and writes the file; libxlsxwriter's own
 * messages silenced, see wb_quiet_begin), then, unless everything succeeded, remove the
 * file book_open created and say why in err. Frees w. */
static enum wb_status book_close(struct wb *w, const char *path, char *err, size_t errlen)
{
    enum wb_status st;
    char lxw[256], more[320] = "";
    int quiet = wb_quiet_begin(), sys_errno;
    lxw_error e;

    errno = 0;
    e = workbook_close(w->book);
    sys_errno = errno;
    wb_quiet_end(quiet);
    for (int i = 0; i < w->n_png; i++)
        free(w->png[i]);
    if (wb_ok(w) && e != LXW_NO_ERROR) {
        w->lerr = e;
        snprintf(w->where, sizeof w->where, "closing the workbook");
        if (wb_errno_explains(e, sys_errno))
            w->sys_errno = sys_errno;
    }
    st = w->st != WB_OK            ? w->st
         : w->lerr == LXW_NO_ERROR ? WB_OK
         : w->sys_errno != 0       ? WB_IO
                                   : WB_XLSX;
    if (w->lerr != LXW_NO_ERROR)
        snprintf(more, sizeof more, ", libxlsxwriter error %d: %s", (int)w->lerr,
                 library_text(w->lerr, lxw, sizeof lxw));
    if (st == WB_IO && err && errlen)
        snprintf(err, errlen, "cannot write %s: %s (%s%s)", path, strerror(w->sys_errno),
                 w->where, more);
    else if (st == WB_XLSX && err && errlen)
        snprintf(err, errlen, "cannot write %s: %s (libxlsxwriter error %d, %s)", path,
                 library_text(w->lerr, lxw, sizeof lxw), (int)w->lerr, w->where);
    else if (st != WB_OK && err && errlen)
        snprintf(err, errlen, "cannot write %s: %s (%s)", path, wb_strerror(st), w->where);
    if (st != WB_OK)
        unlink(path);
    free(w);
    return st;
}

/* ---- the auditor's workbook ---------------------------------------------------------- */

enum wb_status wb_write(const char *path, const struct mc_results *r,
                        const struct wb_options *o, char *err, size_t errlen)
{
    return wb_write_evidence(path, r, o, NULL, err, errlen);
}

enum wb_status wb_write_evidence(const char *path, const struct mc_results *r,
                                 const struct wb_options *o, const struct wb_evidence *ev,
                                 char *err, size_t errlen)
{
    return wb_write_run(path, r, o, ev, NULL, err, errlen);
}

enum wb_status wb_write_run(const char *path, const struct mc_results *r,
                            const struct wb_options *o, const struct wb_evidence *ev,
                            const struct decision_results *dc, char *err, size_t errlen)
{
    return wb_write_review(path, r, o, ev, dc, NULL, err, errlen);
}

enum wb_status wb_write_review(const char *path, const struct mc_results *r,
                               const struct wb_options *o, const struct wb_evidence *ev,
                               const struct decision_results *dc, const struct wb_review *rv,
                               char *err, size_t errlen)
{
    struct wb *w;
    enum wb_status st;

    if (err && errlen)
        err[0] = '\0';
    if (path == NULL || r == NULL || r->plan == NULL || o == NULL || r->n_scenarios < 1 ||
        r->n_trials < 1) {
        if (err && errlen)
            snprintf(err, errlen, "%s: nothing to write", path ? path : "workbook");
        return WB_INVALID;
    }
    if ((st = book_open(path, r->plan, o, o->trials_sheet, &w, err, errlen)) != WB_OK)
        return st;
    w->r = r;
    w->ev = ev && ev->log && ev->analysis && ev->rows ? ev : NULL;
    w->dc = dc && dc->n_curves > 0 ? dc : NULL;
    w->trend = rv ? rv->trend : NULL;
    w->assume = rv ? rv->assume : NULL;
    set_properties(w);
    wb_make_formats(w);
    wb_summary_sheet(w);
    wb_compliance_sheet(w);
    if (w->trend)
        wb_trend_sheet(w);
    wb_bia_sheet(w);
    wb_services_sheet(w);
    wb_stores_sheet(w);
    wb_damage_sheet(w);
    wb_runbook_sheet(w);
    wb_distributions_sheet(w);
    wb_exceptions_sheet(w);
    wb_money_sheet(w);
    wb_registers_sheet(w);
    if (w->dc)
        wb_decision_sheet(w);
    if (w->ev) {
        wb_evidence_sheet(w);
        wb_cadence_sheet(w);
    }
    if (w->assume)
        wb_assume_rank_sheet(w);
    wb_assumptions_sheet(w);
    wb_controls_sheet(w);
    if (o->trials_sheet)
        wb_trials_sheets(w);
    return book_close(w, path, err, errlen);
}

/* ---- the sweep and sensitivity workbooks --------------------------------------------- */

/* The properties of an analysis workbook: "what" (Sweep, Sensitivity analysis) of the
 * plan, with the trials and seed of its runs. */
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
    /* A long name or version is cut by snprintf: never in the middle of a character. */
    text_trim_partial(title);
    text_trim_partial(comments);
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
    if (e != LXW_NO_ERROR && wb_ok(w)) {
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

/* An analysis workbook: its one sheet, written by `sheet` from the results r (a sweep's, a
 * sensitivity analysis's), and the plan's Assumptions sheet. ok is 0 when r is unusable. */
static enum wb_status write_analysis(const char *path, const struct plan *p, const void *r,
                                     int ok, const char *title, uint64_t n_trials, uint64_t seed,
                                     void (*sheet)(struct wb *, const void *),
                                     const struct wb_options *o, char *err, size_t errlen)
{
    struct wb *w;
    enum wb_status st;
    if (err && errlen)
        err[0] = '\0';
    if (path == NULL || r == NULL || o == NULL || !ok) {
        if (err && errlen)
            snprintf(err, errlen, "%s: nothing to write", path ? path : "workbook");
        return WB_INVALID;
    }
    if ((st = book_open(path, p, o, 0, &w, err, errlen)) != WB_OK)
        return st;
    analysis_properties(w, title, n_trials, seed);
    wb_make_formats(w);
    sheet(w, r);
    wb_assumptions_sheet(w);
    return book_close(w, path, err, errlen);
}

static void sweep_sheet(struct wb *w, const void *r)
{
    wb_sweep_sheet(w, r);
}

static void sensitivity_sheet(struct wb *w, const void *r)
{
    wb_sensitivity_sheet(w, r);
}

static void sobol_sheet(struct wb *w, const void *r)
{
    wb_sobol_sheet(w, r);
}

enum wb_status wb_write_sweep(const char *path, const struct sweep_results *r,
                              const struct wb_options *o, char *err, size_t errlen)
{
    return write_analysis(path, r ? r->plan : NULL, r, r && r->n_points >= 1, "Sweep",
                          r ? r->n_trials : 0, r ? r->seed : 0, sweep_sheet, o, err, errlen);
}

enum wb_status wb_write_sensitivity(const char *path, const struct sensitivity_results *r,
                                    const struct wb_options *o, char *err, size_t errlen)
{
    return write_analysis(path, r ? r->plan : NULL, r, 1, "Sensitivity analysis",
                          r ? r->n_trials : 0, r ? r->seed : 0, sensitivity_sheet, o, err,
                          errlen);
}

enum wb_status wb_write_sobol(const char *path, const struct sobol_results *r,
                              const struct wb_options *o, char *err, size_t errlen)
{
    return write_analysis(path, r ? r->plan : NULL, r, 1,
                          "Global sensitivity analysis (Sobol indices)", r ? r->n_trials : 0,
                          r ? r->seed : 0, sobol_sheet, o, err, errlen);
}
