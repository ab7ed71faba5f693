/* reports/draw_file.c: one document rendered into a file or into memory.
 *
 * A document is a render function run on a cairo surface of the format asked for: a PDF
 * or SVG surface streaming into a memory buffer, or an image surface encoded as PNG into
 * it once drawing is done. cairo's errors are sticky, so the status of the context and
 * of the surface is checked once, after drawing. Only then is the buffer written to the
 * file: cairo never meets a write error, whose handling in cairo 1.16 is not safe (a
 * PDF with an outline that lost a page to a full disk aborts the process when it is
 * finished), and a write error is plain errno from stdio. A document is small (charts
 * and the review pack are tens of kilobytes, about 50 KB a scenario for the pack).
 *
 * Files are written directly to the path given (created with mode 0666 & ~umask, no
 * temporary file and no rename): the caller hands the writers paths inside a staging
 * directory and publishes the whole set at once (the agreed interface of every report
 * writer). What a failing call created is removed before it returns: the one file of
 * draw_write_doc, and every file of a chart set (struct draw_set) together with the
 * set's directory when the call created it.
 */
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "reports/draw_int.h"

void draw_set_err(char *err, size_t errlen, const char *fmt, const char *a, const char *b)
{
    if (err && errlen)
        snprintf(err, errlen, fmt, a, b ? b : "");
}

void draw_pdf_metadata(cairo_surface_t *surf, const char *title, const struct draw_meta *meta)
{
    char buf[64];
    if (cairo_surface_get_type(surf) != CAIRO_SURFACE_TYPE_PDF)
        return;
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, title);
    if (!meta)
        return;
    snprintf(buf, sizeof buf, "drsim %s", meta->version ? meta->version : "");
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, buf);
    time_t tt = (time_t)meta->date_s;
    struct tm tm;
    if (gmtime_r(&tt, &tm) && strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0) {
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, buf);
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, buf);
    }
}

/* ---- rendering into memory ----------------------------------------------------------- */

/* A growing memory buffer cairo writes a document into. */
struct sink {
    unsigned char *buf; /* malloc'd */
    size_t len, cap;    /* bytes used and allocated */
    int nomem;          /* the buffer could not grow */
};

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int len)
{
    struct sink *s = closure;
    if (s->len + len > s->cap) {
        size_t cap = s->cap ? s->cap : 65536;
        while (cap < s->len + len)
            cap *= 2;
        unsigned char *nb = realloc(s->buf, cap);
        if (!nb) {
            s->nomem = 1;
            return CAIRO_STATUS_NO_MEMORY;
        }
        s->buf = nb;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, data, len);
    s->len += len;
    return CAIRO_STATUS_SUCCESS;
}

/* Make a surface of format f and size w x h writing to sink, run fn on it, finish it
 * and return cairo's status (for PNG, the status of encoding into the sink). */
static cairo_status_t render_to_sink(enum draw_fmt f, double w, double h, draw_render_fn fn,
                                     void *user, struct sink *sk)
{
    cairo_surface_t *surf;
    if (f == DRAW_FMT_PDF)
        surf = cairo_pdf_surface_create_for_stream(sink_write, sk, w, h);
    else if (f == DRAW_FMT_SVG)
        surf = cairo_svg_surface_create_for_stream(sink_write, sk, w, h);
    else
        surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)ceil(w), (int)ceil(h));
    cairo_status_t st = cairo_surface_status(surf);
    if (st == CAIRO_STATUS_SUCCESS) {
        cairo_t *cr = cairo_create(surf);
        fn(surf, cr, user);
        st = cairo_status(cr);
        cairo_destroy(cr);
    }
    if (st == CAIRO_STATUS_SUCCESS && f == DRAW_FMT_PNG) {
        cairo_surface_flush(surf);
        st = cairo_surface_write_to_png_stream(surf, sink_write, sk);
    }
    cairo_surface_finish(surf);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (st == CAIRO_STATUS_SUCCESS && sk->nomem)
        st = CAIRO_STATUS_NO_MEMORY;
    return st;
}

/* The status for a cairo error, with a message naming `what`. */
static enum draw_status cairo_failure(cairo_status_t st, const char *what, char *err, size_t errlen)
{
    draw_set_err(err, errlen, "cannot draw %s: cairo: %s", what, cairo_status_to_string(st));
    return st == CAIRO_STATUS_NO_MEMORY ? DRAW_NOMEM : DRAW_CAIRO;
}

/* ---- files --------------------------------------------------------------------------- */

enum draw_status draw_write_doc(const char *path, enum draw_fmt f, double w, double h,
                                draw_render_fn fn, void *user, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "wb");
    if (!fp) {
        draw_set_err(err, errlen, "cannot create %s: %s", path, strerror(errno));
        return DRAW_IO;
    }
    struct stat sb;
    int is_regular = fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode);
    struct sink sk = {NULL, 0, 0, 0};
    enum draw_status ds = DRAW_OK;
    cairo_status_t st = render_to_sink(f, w, h, fn, user, &sk);
    int io_err = 0;
    if (st != CAIRO_STATUS_SUCCESS)
        ds = cairo_failure(st, path, err, errlen);
    else if (fwrite(sk.buf, 1, sk.len, fp) != sk.len || fflush(fp) != 0)
        io_err = errno ? errno : EIO;
    if (fclose(fp) != 0 && !io_err && ds == DRAW_OK)
        io_err = errno;
    if (io_err) {
        draw_set_err(err, errlen, "cannot write %s: %s", path, strerror(io_err));
        ds = DRAW_IO;
    }
    free(sk.buf);
    if (ds != DRAW_OK && is_regular)
        unlink(path); /* never a device or a pipe the caller named (/dev/full) */
    return ds;
}

enum draw_status draw_png_memory(const char *what, double w, double h, draw_render_fn fn,
                                 void *user, unsigned char **png, size_t *len, char *err,
                                 size_t errlen)
{
    struct sink sk = {NULL, 0, 0, 0};
    cairo_status_t st = render_to_sink(DRAW_FMT_PNG, w, h, fn, user, &sk);
    *png = NULL;
    *len = 0;
    if (st != CAIRO_STATUS_SUCCESS) {
        free(sk.buf);
        return cairo_failure(st, what, err, errlen);
    }
    *png = sk.buf;
    *len = sk.len;
    return DRAW_OK;
}

/* ---- sets of files in one directory -------------------------------------------------- */

enum draw_status draw_set_begin(struct draw_set *set, const char *who, const char *dir,
                                const void *results, char *err, size_t errlen)
{
    memset(set, 0, sizeof *set);
    if (!dir || !results) {
        draw_set_err(err, errlen, "%s: %s", who, "no directory or results");
        return DRAW_INVALID;
    }
    set->dir = dir;
    if (mkdir(dir, 0777) == 0)
        set->made_dir = 1;
    else if (errno != EEXIST) {
        draw_set_err(err, errlen, "cannot create directory %s: %s", dir, strerror(errno));
        return DRAW_IO;
    }
    set->plen = strlen(dir) + 256;
    set->path = malloc(set->plen);
    if (!set->path) {
        draw_set_err(err, errlen, "out of memory%s%s", "", NULL);
        return draw_set_end(set, DRAW_NOMEM, NULL);
    }
    return DRAW_OK;
}

/* Remember path as written by the set; 0, or -1 when out of memory. */
static int set_add(struct draw_set *set, const char *path)
{
    if (set->n_files == set->cap) {
        int cap = set->cap ? 2 * set->cap : 32;
        char **nf = realloc(set->files, (size_t)cap * sizeof *nf);
        if (!nf)
            return -1;
        set->files = nf;
        set->cap = cap;
    }
    char *copy = strdup(path);
    if (!copy)
        return -1;
    set->files[set->n_files++] = copy;
    return 0;
}

enum draw_status draw_set_write(struct draw_set *set, const char *name, enum draw_fmt f, double w,
                                double h, draw_render_fn fn, void *user, char *err, size_t errlen)
{
    snprintf(set->path, set->plen, "%s/%s.%s", set->dir, name, draw_fmt_ext[f]);
    enum draw_status ds = draw_write_doc(set->path, f, w, h, fn, user, err, errlen);
    if (ds == DRAW_OK && set_add(set, set->path) != 0) {
        unlink(set->path);
        draw_set_err(err, errlen, "out of memory writing %s%s", set->path, NULL);
        ds = DRAW_NOMEM;
    }
    return ds;
}

enum draw_status draw_set_end(struct draw_set *set, enum draw_status ds, int *n_files)
{
    if (n_files)
        *n_files = ds == DRAW_OK ? set->n_files : 0;
    for (int i = 0; i < set->n_files; i++) {
        if (ds != DRAW_OK)
            unlink(set->files[i]);
        free(set->files[i]);
    }
    if (ds != DRAW_OK && set->made_dir)
        rmdir(set->dir); /* fails, as it should, if something else was put there */
    free(set->files);
    free(set->path);
    memset(set, 0, sizeof *set);
    return ds;
}
