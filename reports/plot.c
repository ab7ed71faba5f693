/* reports/plot.c: chart layout as pure geometry (scales, human time ticks, label fitting,
 * bar rows, CDF sampling). See plot.h; nothing here draws or allocates.
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/plot.h"

#define MIN_S 60.0
#define HOUR_S 3600.0
#define DAY_S 86400.0
#define WEEK_S 604800.0

/* ---- scales ----------------------------------------------------------------------- */

void plot_scale_linear(struct plot_scale *s, double d0, double d1, double r0, double r1)
{
    assert(d0 != d1);
    s->d0 = d0;
    s->d1 = d1;
    s->r0 = r0;
    s->r1 = r1;
    s->is_log = 0;
}

void plot_scale_log(struct plot_scale *s, double d0, double d1, double r0, double r1)
{
    assert(d0 > 0 && d1 > d0);
    s->d0 = d0;
    s->d1 = d1;
    s->r0 = r0;
    s->r1 = r1;
    s->is_log = 1;
}

double plot_scale_map(const struct plot_scale *s, double v)
{
    double t;
    if (s->is_log) {
        if (!(v > 0))
            return s->r0 > s->r1 ? INFINITY : -INFINITY;
        t = (log10(v) - log10(s->d0)) / (log10(s->d1) - log10(s->d0));
    } else {
        t = (v - s->d0) / (s->d1 - s->d0);
    }
    return s->r0 + t * (s->r1 - s->r0);
}

double plot_scale_clamp(const struct plot_scale *s, double v)
{
    if (isnan(v))
        return s->r0;
    double lo = s->d0 < s->d1 ? s->d0 : s->d1, hi = s->d0 < s->d1 ? s->d1 : s->d0;
    if (v <= lo)
        return s->d0 < s->d1 ? s->r0 : s->r1;
    if (v >= hi)
        return s->d0 < s->d1 ? s->r1 : s->r0;
    return plot_scale_map(s, v);
}

double plot_scale_invert(const struct plot_scale *s, double r)
{
    double t = (r - s->r0) / (s->r1 - s->r0);
    if (s->is_log)
        return pow(10.0, log10(s->d0) + t * (log10(s->d1) - log10(s->d0)));
    return s->d0 + t * (s->d1 - s->d0);
}

/* ---- human times -------------------------------------------------------------------- */

/* The log-axis ladder: every time a log tick may sit at, with its importance (0 = the
 * most important: labelled first). */
static const struct {
    double s;
    int prio;
} ladder[] = {
    {0.1, 3},         {0.2, 4},         {0.5, 3},          {1, 0},
    {2, 4},           {5, 2},           {10, 1},           {15, 4},
    {30, 2},          {MIN_S, 0},       {2 * MIN_S, 4},    {5 * MIN_S, 2},
    {10 * MIN_S, 3},  {15 * MIN_S, 1},  {30 * MIN_S, 2},   {HOUR_S, 0},
    {2 * HOUR_S, 2},  {3 * HOUR_S, 3},  {6 * HOUR_S, 1},   {12 * HOUR_S, 2},
    {DAY_S, 0},       {2 * DAY_S, 2},   {3 * DAY_S, 3},    {WEEK_S, 0},
    {2 * WEEK_S, 2},  {4 * WEEK_S, 1},  {8 * WEEK_S, 3},   {13 * WEEK_S, 2},
    {26 * WEEK_S, 3}, {52 * WEEK_S, 1}, {104 * WEEK_S, 2},
};
#define N_LADDER ((int)(sizeof ladder / sizeof ladder[0]))
#define MAX_PRIO 4

/* Steps of linear time axes, ascending; beyond the last, steps double. */
static const double lin_steps[] = {
    0.1,        0.2,        0.5,        1,           2,           5,           10,         15,
    30,         MIN_S,      2 * MIN_S,  5 * MIN_S,   10 * MIN_S,  15 * MIN_S,  30 * MIN_S, HOUR_S,
    2 * HOUR_S, 3 * HOUR_S, 6 * HOUR_S, 12 * HOUR_S, DAY_S,       2 * DAY_S,   3 * DAY_S,  WEEK_S,
    2 * WEEK_S, 4 * WEEK_S, 8 * WEEK_S, 13 * WEEK_S, 26 * WEEK_S, 52 * WEEK_S,
};
#define N_LIN_STEPS ((int)(sizeof lin_steps / sizeof lin_steps[0]))

static int near(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b));
}

static char *format_time(double s, int weeks, char *buf, size_t n)
{
    if (n == 0)
        return buf;
    if (isnan(s)) {
        snprintf(buf, n, "?");
        return buf;
    }
    if (isinf(s)) {
        snprintf(buf, n, s > 0 ? "\xe2\x88\x9e" : "-\xe2\x88\x9e");
        return buf;
    }
    const char *sign = s < 0 ? "-" : "";
    s = fabs(s);
    if (s == 0) {
        snprintf(buf, n, "0");
        return buf;
    }
    if (s < 59.95) {
        if (fabs(s - floor(s + 0.5)) < 0.05)
            snprintf(buf, n, "%s%.0fs", sign, floor(s + 0.5));
        else
            snprintf(buf, n, "%s%.1fs", sign, s);
        return buf;
    }
    long long t = llround(s);
    if (weeks && t % 604800 == 0) {
        snprintf(buf, n, "%s%lldw", sign, t / 604800);
    } else if (t >= 86400 - 1800) {
        long long h = (t + 1800) / 3600;
        if (h % 24 == 0)
            snprintf(buf, n, "%s%lldd", sign, h / 24);
        else
            snprintf(buf, n, "%s%lldd%lldh", sign, h / 24, h % 24);
    } else if (t >= 3600 - 30) {
        long long m = (t + 30) / 60;
        if (m % 60 == 0)
            snprintf(buf, n, "%s%lldh", sign, m / 60);
        else
            snprintf(buf, n, "%s%lldh%02lldm", sign, m / 60, m % 60);
    } else {
        if (t % 60 == 0)
            snprintf(buf, n, "%s%lldm", sign, t / 60);
        else
            snprintf(buf, n, "%s%lldm%02llds", sign, t / 60, t % 60);
    }
    return buf;
}

char *plot_format_time(double s, char *buf, size_t n)
{
    return format_time(s, 1, buf, n);
}

/* ---- time axes -------------------------------------------------------------------- */

void plot_time_axis_choose(double lo_s, double hi_s, double log_ratio, struct plot_time_axis *out)
{
    if (!(hi_s > 0) || !isfinite(hi_s)) {
        out->lo_s = 0;
        out->hi_s = MIN_S;
        out->is_log = 0;
        return;
    }
    if (lo_s > 0 && hi_s / lo_s >= log_ratio) {
        double lo = ladder[0].s, hi = ladder[N_LADDER - 1].s;
        for (int i = 0; i < N_LADDER; i++)
            if (ladder[i].s <= lo_s * (1 + 1e-9))
                lo = ladder[i].s;
        for (int i = N_LADDER - 1; i >= 0; i--)
            if (ladder[i].s >= hi_s * (1 - 1e-9))
                hi = ladder[i].s;
        if (hi < hi_s)
            hi = hi_s; /* beyond two years: no ladder time left, keep the data's end */
        if (hi <= lo)
            hi = lo * 10;
        out->lo_s = lo;
        out->hi_s = hi;
        out->is_log = 1;
        return;
    }
    out->lo_s = 0;
    out->hi_s = hi_s * 1.04;
    out->is_log = 0;
}

/* ---- ticks -------------------------------------------------------------------------- */

static double measure_or_guess(plot_measure_fn m, void *u, const char *text)
{
    return m ? m(u, text) : 7.0 * (double)strlen(text);
}

/* Does a label of width w centred at pos keep min_gap from every kept label? */
static int label_free(const double *pos, const double *w, const int *kept, int n_kept, double p,
                      double wp, double min_gap)
{
    for (int k = 0; k < n_kept; k++) {
        int j = kept[k];
        if (fabs(pos[j] - p) < (w[j] + wp) / 2 + min_gap)
            return 0;
    }
    return 1;
}

static void sort_ticks(struct plot_ticks *t)
{
    for (int i = 1; i < t->n; i++) {
        double v = t->v[i], p = t->pos[i];
        char lab[PLOT_LABEL_MAX];
        memcpy(lab, t->label[i], PLOT_LABEL_MAX);
        int j = i - 1;
        while (j >= 0 && t->v[j] > v) {
            t->v[j + 1] = t->v[j];
            t->pos[j + 1] = t->pos[j];
            memcpy(t->label[j + 1], t->label[j], PLOT_LABEL_MAX);
            j--;
        }
        t->v[j + 1] = v;
        t->pos[j + 1] = p;
        memcpy(t->label[j + 1], lab, PLOT_LABEL_MAX);
    }
}

static int log_ticks(const struct plot_scale *s, plot_measure_fn m, void *u, double min_gap,
                     struct plot_ticks *out)
{
    double lo = fmin(s->d0, s->d1), hi = fmax(s->d0, s->d1);
    double pos[N_LADDER], w[N_LADDER];
    char lab[N_LADDER][PLOT_LABEL_MAX];
    int in[N_LADDER], kept[N_LADDER], n_kept = 0;
    for (int i = 0; i < N_LADDER; i++) {
        in[i] = ladder[i].s >= lo * (1 - 1e-9) && ladder[i].s <= hi * (1 + 1e-9);
        if (!in[i])
            continue;
        plot_format_time(ladder[i].s, lab[i], PLOT_LABEL_MAX);
        pos[i] = plot_scale_map(s, ladder[i].s);
        w[i] = measure_or_guess(m, u, lab[i]);
    }
    /* The ends first, so a reader sees where the axis starts and stops. */
    for (int i = 0; i < N_LADDER; i++)
        if (in[i] && (near(ladder[i].s, lo) || near(ladder[i].s, hi)) &&
            label_free(pos, w, kept, n_kept, pos[i], w[i], min_gap)) {
            kept[n_kept++] = i;
            in[i] = 0;
        }
    for (int prio = 0; prio <= MAX_PRIO; prio++)
        for (int i = 0; i < N_LADDER; i++)
            if (in[i] && ladder[i].prio == prio &&
                label_free(pos, w, kept, n_kept, pos[i], w[i], min_gap)) {
                kept[n_kept++] = i;
                in[i] = 0;
            }
    out->n = 0;
    for (int k = 0; k < n_kept && out->n < PLOT_MAX_TICKS; k++) {
        int i = kept[k];
        out->v[out->n] = ladder[i].s;
        out->pos[out->n] = pos[i];
        memcpy(out->label[out->n], lab[i], PLOT_LABEL_MAX);
        out->n++;
    }
    sort_ticks(out);
    return out->n;
}

/* Ticks at multiples of step over [lo, hi]; 0 when there would be too many. */
static int linear_ticks_at(const struct plot_scale *s, double step, plot_measure_fn m, void *u,
                           double min_gap, struct plot_ticks *out, int check)
{
    double lo = fmin(s->d0, s->d1), hi = fmax(s->d0, s->d1);
    double k0 = ceil(lo / step - 1e-9), k1 = floor(hi / step + 1e-9);
    if (k1 - k0 + 1 > PLOT_MAX_TICKS || k1 < k0)
        return 0;
    int weeks = fmod(step, WEEK_S) == 0;
    double w[PLOT_MAX_TICKS];
    out->n = 0;
    for (double k = k0; k <= k1; k++) {
        int i = out->n++;
        out->v[i] = k * step;
        out->pos[i] = plot_scale_map(s, out->v[i]);
        format_time(out->v[i], weeks, out->label[i], PLOT_LABEL_MAX);
        w[i] = measure_or_guess(m, u, out->label[i]);
        if (check && i > 0 && fabs(out->pos[i] - out->pos[i - 1]) < (w[i] + w[i - 1]) / 2 + min_gap)
            return 0;
    }
    return out->n;
}

int plot_time_ticks(const struct plot_scale *s, plot_measure_fn measure, void *user, double min_gap,
                    struct plot_ticks *out)
{
    out->n = 0;
    if (s->is_log)
        return log_ticks(s, measure, user, min_gap, out);
    double step = lin_steps[0];
    for (int i = 0;; i++) {
        step = i < N_LIN_STEPS ? lin_steps[i] : step * 2;
        if (linear_ticks_at(s, step, measure, user, min_gap, out, 1) >= 2)
            return out->n;
        if (step > fabs(s->d1 - s->d0))
            break;
    }
    /* Nothing fits two labels apart: show the start alone. */
    linear_ticks_at(s, fabs(s->d1 - s->d0) * 2, measure, user, min_gap, out, 0);
    return out->n;
}

int plot_nice_ticks(double lo, double hi, int max_n, const struct plot_scale *s,
                    struct plot_ticks *out)
{
    out->n = 0;
    if (!(hi > lo) || max_n < 1)
        return 0;
    if (max_n > PLOT_MAX_TICKS - 1)
        max_n = PLOT_MAX_TICKS - 1;
    double raw = (hi - lo) / max_n, mag = pow(10.0, floor(log10(raw))), step = 10 * mag;
    static const double mult[] = {1, 2, 5, 10};
    for (int i = 0; i < 4; i++)
        if (mult[i] * mag >= raw * (1 - 1e-9)) {
            step = mult[i] * mag;
            break;
        }
    for (double k = ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9 && out->n < PLOT_MAX_TICKS;
         k++) {
        int i = out->n++;
        out->v[i] = k * step;
        if (fabs(out->v[i]) < step * 1e-9)
            out->v[i] = 0;
        out->pos[i] = s ? plot_scale_map(s, out->v[i]) : 0;
        out->label[i][0] = '\0';
    }
    return out->n;
}

/* ---- labels ------------------------------------------------------------------------- */

#define ELLIPSIS "\xe2\x80\xa6"

static int is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

int plot_fit_label(const char *text, double max_w, plot_measure_fn measure, void *user, char *out,
                   size_t n)
{
    char buf[1024];
    size_t bound[1024]; /* character boundaries of the prefixes we may keep */
    size_t len = strlen(text);
    if (n == 0)
        return -1;
    out[0] = '\0';
    if (len < n && measure_or_guess(measure, user, text) <= max_w) {
        memcpy(out, text, len + 1);
        return 0;
    }
    if (n < sizeof ELLIPSIS || n > sizeof buf || measure_or_guess(measure, user, ELLIPSIS) > max_w)
        return -1;
    size_t limit = n - sizeof ELLIPSIS; /* prefix bytes that fit in out with the ellipsis */
    if (limit > len)
        limit = len;
    /* The start of the text is always a boundary, even when the text starts in the
     * middle of a UTF-8 sequence (stray continuation bytes): bound[0] = 0 is then set
     * whatever the bytes, and nb >= 1. */
    int nb = 0;
    for (size_t k = 0; k <= limit; k++)
        if (k == 0 || k == len || !is_cont((unsigned char)text[k]))
            bound[nb++] = k;
    /* Widths grow with the prefix: binary search for the longest prefix that fits with
     * the ellipsis. bound[0] = 0 (the bare ellipsis) fits. */
    int lo = 0, hi = nb - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        size_t keep = bound[mid];
        while (keep > 0 && text[keep - 1] == ' ')
            keep--;
        memcpy(buf, text, keep);
        memcpy(buf + keep, ELLIPSIS, sizeof ELLIPSIS);
        if (measure_or_guess(measure, user, buf) <= max_w)
            lo = mid;
        else
            hi = mid - 1;
    }
    size_t keep = bound[lo];
    while (keep > 0 && text[keep - 1] == ' ')
        keep--;
    memcpy(out, text, keep);
    memcpy(out + keep, ELLIPSIS, sizeof ELLIPSIS);
    return 1;
}

size_t plot_wrap_line(const char *text, double max_w, plot_measure_fn measure, void *user,
                      const char **next)
{
    char buf[1024];
    const size_t cap = sizeof buf - 1;
    size_t fit = 0; /* bytes of the longest run of whole words that fits */
    size_t i = 0;
    for (;;) {
        size_t j = i;
        while (text[j] == ' ')
            j++;
        if (text[j] == '\0' || text[j] == '\n')
            break;
        size_t e = j;
        while (text[e] && text[e] != ' ' && text[e] != '\n')
            e++;
        if (e > cap)
            break;
        memcpy(buf, text, e);
        buf[e] = '\0';
        if (measure_or_guess(measure, user, buf) > max_w)
            break;
        fit = e;
        i = e;
    }
    if (fit == 0) {
        /* The first word alone is too wide: cut inside it, keeping at least one
         * character so that the caller always makes progress. */
        size_t j = 0;
        while (text[j] == ' ')
            j++;
        size_t e = j;
        while (text[e] && text[e] != ' ' && text[e] != '\n')
            e++;
        size_t k = j;
        while (k < e) {
            size_t nk = k + 1;
            while (nk < e && is_cont((unsigned char)text[nk]))
                nk++;
            if (nk > cap)
                break;
            memcpy(buf, text, nk);
            buf[nk] = '\0';
            if (k > j && measure_or_guess(measure, user, buf) > max_w)
                break;
            k = nk;
        }
        fit = k;
    }
    const char *p = text + fit;
    while (*p == ' ')
        p++;
    if (*p == '\n')
        p++;
    *next = p;
    return fit;
}

double plot_max_label_width(const char *const *labels, int n, plot_measure_fn measure, void *user)
{
    double w = 0;
    for (int i = 0; i < n; i++)
        if (labels[i])
            w = fmax(w, measure_or_guess(measure, user, labels[i]));
    return w;
}

void plot_spread_labels(double *center, const double *size, int n, double lo, double hi, double gap)
{
    if (n < 1)
        return;
    /* Push right from lo, then pull left from hi, then push right again so that lo
     * wins when everything does not fit. */
    for (int i = 0; i < n; i++) {
        double min_c =
            i == 0 ? lo + size[0] / 2 : center[i - 1] + (size[i - 1] + size[i]) / 2 + gap;
        if (center[i] < min_c)
            center[i] = min_c;
    }
    for (int i = n - 1; i >= 0; i--) {
        double max_c =
            i == n - 1 ? hi - size[i] / 2 : center[i + 1] - (size[i + 1] + size[i]) / 2 - gap;
        if (center[i] > max_c)
            center[i] = max_c;
    }
    for (int i = 0; i < n; i++) {
        double min_c =
            i == 0 ? lo + size[0] / 2 : center[i - 1] + (size[i - 1] + size[i]) / 2 + gap;
        if (center[i] < min_c)
            center[i] = min_c;
    }
}

/* ---- bars --------------------------------------------------------------------------- */

double plot_bands(int n, double y0, double y1, double max_pitch, double fill, struct plot_band *out)
{
    if (n < 1)
        return 0;
    double pitch = (y1 - y0) / n;
    if (pitch > max_pitch)
        pitch = max_pitch;
    if (fill < 0)
        fill = 0;
    if (fill > 1)
        fill = 1;
    for (int i = 0; i < n; i++) {
        double top = y0 + i * pitch;
        out[i].h = pitch * fill;
        out[i].y = top + (pitch - out[i].h) / 2;
        out[i].mid = top + pitch / 2;
    }
    return pitch;
}

/* ---- cumulative distributions --------------------------------------------------------- */

double plot_fraction_at_most(const double *sorted, uint64_t n, double v)
{
    if (n == 0 || isnan(v))
        return 0;
    /* Upper bound: the first index whose value is > v. */
    uint64_t lo = 0, hi = n;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] <= v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (double)lo / (double)n;
}

int plot_cdf_sample(const double *sorted, uint64_t n, const struct plot_scale *xs, int n_cols,
                    double *x, double *p)
{
    if (n_cols < 2 || n == 0)
        return 0;
    for (int i = 0; i < n_cols; i++) {
        double r = xs->r0 + (xs->r1 - xs->r0) * (double)i / (double)(n_cols - 1);
        double v = i == 0 ? xs->d0 : i == n_cols - 1 ? xs->d1 : plot_scale_invert(xs, r);
        x[i] = r;
        p[i] = plot_fraction_at_most(sorted, n, v);
    }
    return n_cols;
}
