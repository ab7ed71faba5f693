/* models/tz.c: a reader of TZif files (RFC 8536) and of their POSIX TZ footers, and
 * lookups in the resulting table of offsets.
 *
 * The file is read whole (at most TZ_MAX_FILE bytes) and checked as RFC 8536 asks: the
 * magic, the counts, transition times strictly ascending, type indices in range, offsets
 * within 26 hours. A version 2+ file is read from its second, 64-bit header (the first,
 * 32-bit block is only skipped); a version 1 file, which has no other, from its 32-bit
 * block. Files with leap seconds (the "right/" tree) are refused: their times are not
 * UTC. Transitions earlier than TZ_EARLIEST_S (about 33,000 years ago, the "big bang"
 * entries some files carry) are folded into the offset before the table.
 *
 * The footer (POSIX TZ string "std offset [dst [offset] [,start[/time],end[/time]]]")
 * is unrolled year by year after the file's last transition up to the caller's
 * horizon; a DST rule without dates takes the POSIX default M3.2.0,M11.1.0. A year's two
 * changes are pushed through one normalizer (gen_push) that drops a change to the
 * offset already in force and merges changes at the same instant, so "DST all year"
 * (start January 1 00:00, end December 31 24:00 plus the saving) becomes no change at
 * all. Past the horizon the same unrolling runs for the three years around the instant
 * asked about, into a stack array: a lookup never allocates.
 *
 * Local to UTC: with the table's offsets o[i] from instant T[i] on, the local clock
 * "settles" on o[i] at K[i] = T[i] + max(o[i-1], o[i]) (after the gap or the fold).
 * A local time L is read with the offset of the last K[i] <= L, and is then clamped to
 * the next change T[i+1]: that clamp is exactly the gap rule (a skipped time is the
 * instant of the change), and in a fold L - o[i] is already before T[i+1] (its first
 * occurrence). K must not decrease (two changes closer together than the saving would
 * break it); the loader's reader checks that, so tz_utc_of_local never decreases.
 */
#include "models/tz.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/diag.h"
#include "models/units.h"

#define DAY_S 86400.0
#define TZ_MAX_FILE (1L << 20)          /* bytes; real zone files are a few KB */
#define TZ_MAX_OFFSET_S 93600           /* 26 h: RFC 8536 keeps offsets within */
#define TZ_EARLIEST_S (-1099511627776.0) /* -2^40 s: older transitions fold into `before` */
#define TZ_MAX_YEARS 10000              /* years of footer rule unrolled into a table */
#define TZ_MAX_NAMES 4096               /* zone names read for a suggestion */

/* ---- the footer's rule ------------------------------------------------------------- */

/* One end of daylight saving: a date form and a local time. */
struct tz_rdate {
    char kind;              /* 'J': Julian day 1..365 without Feb 29; 'D': day 0..365 with
                               it; 'M': month m, week w (5 = last), weekday d (0 = Sunday) */
    int n, m, w, d;
    double time_s;          /* local time of day of the change, -167 h..167 h (RFC 8536) */
};

struct tz_rule {
    double std_s;           /* standard offset, seconds east of UTC */
    double dst_s;           /* daylight offset, seconds east of UTC */
    int has_dst;            /* 0: the standard offset all the time */
    struct tz_rdate start;  /* DST starts (in standard local time) */
    struct tz_rdate end;    /* DST ends (in daylight local time) */
};

struct tz {
    char *name;             /* "Europe/Berlin" */
    size_t n;               /* entries of the table */
    double *at_s;           /* [n] Unix seconds of each change, strictly ascending */
    double *off_s;          /* [n] offset in force from at_s[i] on (differs from the previous) */
    double *key_s;          /* [n] local clock time from which off_s[i] reads local times */
    double before_s;        /* offset before at_s[0] (or always, when n is 0) */
    double exact_until_s;   /* the table is exact before this Unix time; after, the rule */
    int has_rule;           /* footer with daylight saving: used past exact_until_s */
    struct tz_rule rule;
    double std_s;           /* tz_std_offset */
    /* An index into at_s for tz_offset_at: bucket b holds the instants [(grid_first + b) *
     * w, (grid_first + b + 1) * w) of width w, and grid[b] is the index of the last entry at
     * or before the bucket's start (-1: none). */
    int32_t *grid;          /* [n_grid], NULL when there is no index */
    size_t n_grid;
    double grid_inv_w;      /* 1 / the bucket width, a power of two seconds (so exact) */
    double grid_lo_s;       /* the first instant indexed (the first bucket's start), >= 0 */
    double grid_hi_s;       /* the end of the last bucket, at most exact_until_s */
    long grid_first;        /* the first bucket's number */
};

/* Parse hh[:mm[:ss]] with an optional sign, hours 0..max_h, into seconds. */
static int parse_hms(const char **pp, int max_h, int allow_sign, double *out)
{
    const char *p = *pp;
    int sign = 1, part[3] = {0, 0, 0}, np = 0;
    if (allow_sign && (*p == '+' || *p == '-')) {
        sign = *p == '-' ? -1 : 1;
        p++;
    }
    for (;;) {
        int digits = 0, v = 0;
        while (*p >= '0' && *p <= '9' && digits < 3) {
            v = v * 10 + (*p - '0');
            p++;
            digits++;
        }
        if (digits == 0 || (np > 0 && (digits > 2 || v > 59)))
            return 1;
        part[np++] = v;
        if (np == 3 || *p != ':')
            break;
        p++;
    }
    if (part[0] > max_h)
        return 1;
    *out = sign * (part[0] * 3600.0 + part[1] * 60.0 + part[2]);
    *pp = p;
    return 0;
}

/* A zone abbreviation: three or more letters, or <...> of letters, digits, + and -. */
static int parse_abbr(const char **pp)
{
    const char *p = *pp;
    int k = 0;
    if (*p == '<') {
        p++;
        while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
               *p == '+' || *p == '-') {
            p++;
            k++;
        }
        if (*p != '>' || k < 3)
            return 1;
        p++;
    } else {
        while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
            p++;
            k++;
        }
        if (k < 3)
            return 1;
    }
    *pp = p;
    return 0;
}

static int parse_uint(const char **pp, int lo, int hi, int *out)
{
    const char *p = *pp;
    int v = 0, digits = 0;
    while (*p >= '0' && *p <= '9' && digits < 4) {
        v = v * 10 + (*p - '0');
        p++;
        digits++;
    }
    if (digits == 0 || v < lo || v > hi)
        return 1;
    *out = v;
    *pp = p;
    return 0;
}

static int parse_rdate(const char **pp, struct tz_rdate *r)
{
    const char *p = *pp;
    memset(r, 0, sizeof *r);
    if (*p == 'J') {
        p++;
        r->kind = 'J';
        if (parse_uint(&p, 1, 365, &r->n))
            return 1;
    } else if (*p == 'M') {
        p++;
        r->kind = 'M';
        if (parse_uint(&p, 1, 12, &r->m) || *p++ != '.' || parse_uint(&p, 1, 5, &r->w) ||
            *p++ != '.' || parse_uint(&p, 0, 6, &r->d))
            return 1;
    } else {
        r->kind = 'D';
        if (parse_uint(&p, 0, 365, &r->n))
            return 1;
    }
    r->time_s = 7200.0;
    if (*p == '/') {
        p++;
        if (parse_hms(&p, 167, 1, &r->time_s))
            return 1;
    }
    *pp = p;
    return 0;
}

/* The footer's TZ string (without its newlines). POSIX offsets count west of UTC, so
 * they are negated here. Returns 0 and fills *r (has_dst 0 for a zone without daylight
 * saving). */
static int parse_footer(const char *s, struct tz_rule *r)
{
    const char *p = s;
    double off;
    memset(r, 0, sizeof *r);
    if (parse_abbr(&p) || parse_hms(&p, 24, 1, &off))
        return 1;
    r->std_s = 0.0 - off;
    if (*p == '\0')
        return 0;
    if (parse_abbr(&p))
        return 1;
    r->has_dst = 1;
    r->dst_s = r->std_s + 3600.0;
    if (*p != ',' && *p != '\0') {
        if (parse_hms(&p, 24, 1, &off))
            return 1;
        r->dst_s = 0.0 - off;
    }
    if (*p == '\0') {
        const char *dflt = "M3.2.0,M11.1.0";
        return parse_rdate(&dflt, &r->start) || *dflt++ != ',' || parse_rdate(&dflt, &r->end);
    }
    if (*p++ != ',' || parse_rdate(&p, &r->start) || *p++ != ',' || parse_rdate(&p, &r->end))
        return 1;
    return *p != '\0';
}

/* Weekday of a civil day number, 0 = Sunday (1970-01-01 was a Thursday). */
static int weekday_sun0(long days)
{
    long w = (days + 4) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The civil day number of a rule date in year y. */
static long rdate_day(const struct tz_rdate *r, int y)
{
    long jan1 = units_days_from_civil(y, 1, 1);
    if (r->kind == 'J')
        return jan1 + r->n - 1 + (is_leap(y) && r->n >= 60 ? 1 : 0);
    if (r->kind == 'D')
        return jan1 + r->n;
    {
        long first = units_days_from_civil(y, r->m, 1);
        int mlen = (int)(units_days_from_civil(r->m == 12 ? y + 1 : y, r->m == 12 ? 1 : r->m + 1, 1) -
                         first);
        long day = first + (r->d - weekday_sun0(first) + 7) % 7 + 7L * (r->w - 1);
        while (day - first >= mlen)
            day -= 7;
        return day;
    }
}

/* ---- building a sequence of changes --------------------------------------------------- */

/* A growing (or, on the stack, fixed) list of changes, normalized as they come. */
struct gen {
    double *at, *off;
    size_t n, cap;
    double base;            /* offset in force before the first entry */
    double after;           /* only changes strictly after this instant are kept */
    int grow;               /* may realloc */
    int nomem;
};

static int gen_reserve(struct gen *g)
{
    size_t cap;
    double *a, *o;
    if (g->n < g->cap)
        return 0;
    if (!g->grow)
        return 1;
    cap = g->cap ? g->cap * 2 : 64;
    a = realloc(g->at, cap * sizeof *a);
    if (a == NULL)
        return 1;
    g->at = a;
    o = realloc(g->off, cap * sizeof *o);
    if (o == NULL)
        return 1;
    g->off = o;
    g->cap = cap;
    return 0;
}

/* Append the change (at, off): dropped when not after g->after, when out of order, or
 * when off is already in force; a change at the same instant as the last one replaces
 * it (and both go when that leaves the offset unchanged). */
static void gen_push(struct gen *g, double at, double off)
{
    double prev;
    if (!(at > g->after) || g->nomem)
        return;
    if (g->n > 0 && at == g->at[g->n - 1]) {
        g->n--;
    } else if (g->n > 0 && at < g->at[g->n - 1]) {
        return;
    }
    prev = g->n > 0 ? g->off[g->n - 1] : g->base;
    if (off == prev)
        return;
    if (gen_reserve(g)) {
        g->nomem = 1;
        return;
    }
    g->at[g->n] = at;
    g->off[g->n] = off;
    g->n++;
}

/* The rule's two changes in year y, in time order. */
static void gen_rule_year(struct gen *g, const struct tz_rule *r, int y)
{
    double s = (double)rdate_day(&r->start, y) * DAY_S + r->start.time_s - r->std_s;
    double e = (double)rdate_day(&r->end, y) * DAY_S + r->end.time_s - r->dst_s;
    if (s <= e) {
        gen_push(g, s, r->dst_s);
        gen_push(g, e, r->std_s);
    } else {
        gen_push(g, e, r->std_s);
        gen_push(g, s, r->dst_s);
    }
}

static int year_of(double t)
{
    int y, m, d;
    units_civil_from_days((long)floor(t / DAY_S), &y, &m, &d);
    return y;
}

/* The offset in force after the table's last change. */
static double last_off(const struct tz *z)
{
    return z->n > 0 ? z->off_s[z->n - 1] : z->before_s;
}

/* The changes of the rule around instant t (UTC or local: the years y-2 .. y+1 of it),
 * after the table's end, into the caller's arrays of 8. */
static void rule_window(const struct tz *z, double t, double at[8], double off[8], size_t *n)
{
    struct gen g;
    int y = year_of(t);
    memset(&g, 0, sizeof g);
    g.at = at;
    g.off = off;
    g.cap = 8;
    g.base = last_off(z);
    g.after = -INFINITY;
    for (int k = y - 2; k <= y + 1; k++)
        gen_rule_year(&g, &z->rule, k);
    *n = g.n;
}

/* ---- lookups ------------------------------------------------------------------------ */


/* Index of the last entry of a[0..n) at or before x, -1 when none. */
static long last_at_or_before(const double *a, size_t n, double x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (long)lo - 1;
}

/* The offset at t by binary search over the whole table (or the rule past it). */
double tz_offset_by_search(const struct tz *z, double t)
{
    long i;
    if (z->has_rule && t >= z->exact_until_s) {
        double at[8], off[8];
        size_t n;
        rule_window(z, t, at, off, &n);
        i = last_at_or_before(at, n, t);
        return i >= 0 ? off[i] : last_off(z);
    }
    i = last_at_or_before(z->at_s, z->n, t);
    return i >= 0 ? z->off_s[i] : z->before_s;
}

/* Inside the index, the bucket of t names the last change at or before its start, and
 * at most a step or two forward finds the last one at or before t: the same entry as the
 * binary search, since bucket boundaries are exact (t is scaled by a power of two and
 * truncated, t being at least 0). A NaN t fails both range tests. */
double tz_offset_at(const struct tz *z, double t)
{
    if (t >= z->grid_lo_s && t < z->grid_hi_s) {
        long i = z->grid[(long)(t * z->grid_inv_w) - z->grid_first];
        while (i + 1 < (long)z->n && z->at_s[i + 1] <= t)
            i++;
        return i >= 0 ? z->off_s[i] : z->before_s;
    }
    return tz_offset_by_search(z, t);
}

double tz_utc_of_local(const struct tz *z, double local_s)
{
    long i;
    double u;
    if (z->has_rule && local_s >= z->exact_until_s + 2 * DAY_S) {
        double at[8], off[8], prev = last_off(z), o = prev;
        size_t n;
        rule_window(z, local_s, at, off, &n);
        i = -1;
        for (size_t k = 0; k < n; k++) {
            double key = at[k] + (off[k] > prev ? off[k] : prev);
            if (key <= local_s) {
                i = (long)k;
                o = off[k];
            }
            prev = off[k];
        }
        u = local_s - o;
        if (i + 1 < (long)n && u > at[i + 1])
            u = at[i + 1];
        return u;
    }
    i = last_at_or_before(z->key_s, z->n, local_s);
    u = local_s - (i >= 0 ? z->off_s[i] : z->before_s);
    if (i + 1 < (long)z->n && u > z->at_s[i + 1])
        u = z->at_s[i + 1];
    return u;
}

double tz_next_change(const struct tz *z, double t)
{
    long i = last_at_or_before(z->at_s, z->n, t);
    if (i + 1 < (long)z->n && z->at_s[i + 1] < z->exact_until_s)
        return z->at_s[i + 1];
    if (!z->has_rule)
        return i + 1 < (long)z->n ? z->at_s[i + 1] : INFINITY;
    /* Past the table: the next change of the rule, within two years when there is one
     * (a rule whose daylight saving lasts all year changes nothing). */
    {
        double from = t > z->exact_until_s ? t : z->exact_until_s;
        for (int k = 0; k < 3; k++, from += 366 * DAY_S) {
            double at[8], off[8];
            size_t n;
            rule_window(z, from, at, off, &n);
            for (size_t j = 0; j < n; j++)
                if (at[j] > t && tz_offset_at(z, at[j]) != tz_offset_at(z, at[j] - 1.0))
                    return at[j];
        }
    }
    return INFINITY;
}

const char *tz_name(const struct tz *z)
{
    return z->name;
}

double tz_std_offset(const struct tz *z)
{
    return z->std_s;
}

void tz_free(struct tz *z)
{
    if (z == NULL)
        return;
    free(z->name);
    free(z->at_s);
    free(z->off_s);
    free(z->key_s);
    free(z->grid);
    free(z);
}

const char *tz_strerror(enum tz_status st)
{
    switch (st) {
    case TZ_OK:
        return "ok";
    case TZ_NO_DATABASE:
        return "no time-zone database";
    case TZ_UNKNOWN:
        return "unknown time zone";
    case TZ_BAD_FILE:
        return "unreadable time-zone file";
    case TZ_NOMEM:
        return "out of memory";
    }
    return "unknown status";
}

const char *tz_database_dir(void)
{
    const char *d = getenv(TZ_DIR_ENV);
    return d && *d ? d : TZ_DEFAULT_DIR;
}

/* ---- names ------------------------------------------------------------------------- */

/* A relative path of [A-Za-z0-9._+-] parts, none empty, "." or "..". */
static int name_ok(const char *s)
{
    size_t len = strlen(s), part = 0;
    int dots = 0;
    if (len == 0 || len > TZ_MAX_NAME)
        return 0;
    for (size_t i = 0; i <= len; i++) {
        char c = s[i];
        if (c == '/' || c == '\0') {
            if (part == 0 || (part == (size_t)dots && dots <= 2))
                return 0;
            part = 0;
            dots = 0;
            continue;
        }
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '+' || c == '-'))
            return 0;
        dots += c == '.';
        part++;
    }
    return 1;
}

static FILE *open_in(const char *dir, const char *file)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, file) >= sizeof path)
        return NULL;
    return fopen(path, "rb");
}

int tz_database_present(const char *dir)
{
    static const char *const lists[] = {"tzdata.zi", "zone1970.tab", "zone.tab"};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        FILE *f = open_in(dir, lists[i]);
        if (f) {
            fclose(f);
            return 1;
        }
    }
    return 0;
}

/* Add a copy of the first `len` bytes of s to the list (NULL-terminated), unless full. */
static void names_add(char **names, size_t *n, const char *s, size_t len)
{
    if (*n + 1 >= TZ_MAX_NAMES || len == 0 || len > TZ_MAX_NAME)
        return;
    names[*n] = malloc(len + 1);
    if (names[*n] == NULL)
        return;
    memcpy(names[*n], s, len);
    names[*n][len] = '\0';
    names[++*n] = NULL;
}

/* The word number `k` (0-based, blank-separated) of line s: its start and length. */
static const char *line_word(const char *s, int k, size_t *len)
{
    for (int i = 0;; i++) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '\0' || *s == '\n')
            return NULL;
        *len = strcspn(s, " \t\n");
        if (i == k)
            return s;
        s += *len;
    }
}

const char *tz_suggest(const char *dir, const char *name, char *buf, size_t n)
{
    char **names = calloc(TZ_MAX_NAMES, sizeof *names);
    char line[1024];
    const char *best = NULL;
    size_t count = 0, len;
    FILE *f;

    if (names == NULL || n == 0)
        goto out;
    if ((f = open_in(dir, "tzdata.zi")) != NULL) {
        /* "Z NAME ..." is a zone, "L TARGET NAME" a link (an alias). */
        while (fgets(line, sizeof line, f)) {
            const char *w;
            if (line[0] == 'Z' && (w = line_word(line, 1, &len)))
                names_add(names, &count, w, len);
            else if (line[0] == 'L' && (w = line_word(line, 2, &len)))
                names_add(names, &count, w, len);
        }
        fclose(f);
    } else {
        static const char *const tabs[] = {"zone1970.tab", "zone.tab"};
        for (size_t i = 0; i < 2; i++) {
            if ((f = open_in(dir, tabs[i])) == NULL)
                continue;
            while (fgets(line, sizeof line, f)) {
                const char *w;
                if (line[0] != '#' && (w = line_word(line, 2, &len)))
                    names_add(names, &count, w, len);
            }
            fclose(f);
        }
    }
    if (count > 0 && (best = diag_suggest(name, (const char *const *)names)) != NULL) {
        snprintf(buf, n, "%s", best);
        best = buf;
    }
out:
    for (size_t i = 0; names && i < count; i++)
        free(names[i]);
    free(names);
    return best;
}

/* ---- the TZif reader ---------------------------------------------------------------- */

static int64_t be64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return (int64_t)v;
}

static int32_t be32(const unsigned char *p)
{
    uint32_t v = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    return (int32_t)v;
}

struct tzif_hdr {
    char version;           /* '\0', '2', '3', '4' */
    size_t isut, isstd, leap, time, type, chars; /* counts */
};

static int read_hdr(const unsigned char *b, size_t len, size_t off, struct tzif_hdr *h)
{
    if (len < off + 44 || memcmp(b + off, "TZif", 4) != 0)
        return 1;
    h->version = (char)b[off + 4];
    h->isut = (uint32_t)be32(b + off + 20);
    h->isstd = (uint32_t)be32(b + off + 24);
    h->leap = (uint32_t)be32(b + off + 28);
    h->time = (uint32_t)be32(b + off + 32);
    h->type = (uint32_t)be32(b + off + 36);
    h->chars = (uint32_t)be32(b + off + 40);
    return 0;
}

/* Bytes of a data block with times of tsize bytes; 0 when the counts are absurd. */
static size_t block_len(const struct tzif_hdr *h, size_t tsize)
{
    if (h->time > 100000 || h->type > 256 || h->chars > 100000 || h->leap > 100000 ||
        h->isstd > 256 || h->isut > 256)
        return 0;
    return h->time * tsize + h->time + h->type * 6 + h->chars + h->leap * (tsize + 4) +
           h->isstd + h->isut;
}

/* Read the whole file, at most TZ_MAX_FILE bytes. 0 on success. */
static int slurp(FILE *f, unsigned char **out, size_t *len)
{
    unsigned char *b = malloc((size_t)TZ_MAX_FILE + 1);
    size_t n;
    if (b == NULL)
        return -1;
    n = fread(b, 1, (size_t)TZ_MAX_FILE + 1, f);
    if (ferror(f) || n > (size_t)TZ_MAX_FILE) {
        free(b);
        return 1;
    }
    *out = b;
    *len = n;
    return 0;
}

/* The index tz_offset_at reads (struct tz): buckets of a power-of-two width, few enough
 * (about four per change) that most hold at most one change, from the later of Unix time
 * 0 and the first change up to exact_until_s (a zone with a rule: past it the rule
 * answers) or past the last change (a zone without). Instants before 1970 are left to the
 * binary search, so that a bucket's number is t scaled and truncated. Non-zero when out
 * of memory. */
static int build_grid(struct tz *z)
{
    const size_t cap = 4 * z->n + 64;
    double lo, end, w = 1.0;
    long first, stop;
    size_t k = 0;
    if (z->n == 0)
        return 0;
    lo = z->at_s[0] > 0 ? z->at_s[0] : 0.0;
    end = z->has_rule ? z->exact_until_s : z->at_s[z->n - 1];
    if (!(end > lo))
        return 0;
    while (floor(end / w) - floor(lo / w) + 1 > (double)cap)
        w *= 2.0;
    first = (long)floor(lo / w);
    stop = (long)floor(end / w) + (z->has_rule ? 0 : 1);
    if (stop <= first)
        return 0;
    z->n_grid = (size_t)(stop - first);
    if ((z->grid = malloc(z->n_grid * sizeof *z->grid)) == NULL)
        return 1;
    for (size_t b = 0; b < z->n_grid; b++) {
        double start = (double)(first + (long)b) * w;
        while (k < z->n && z->at_s[k] <= start)
            k++;
        z->grid[b] = (int32_t)k - 1;
    }
    z->grid_inv_w = 1.0 / w;
    z->grid_first = first;
    z->grid_lo_s = (double)first * w;
    z->grid_hi_s = (double)stop * w;
    return 0;
}

/* Build z's table from the file's block (at offset `off`, times of tsize bytes) and
 * footer (NUL-terminated, NULL for none), up to Unix time until_s. */
static enum tz_status build(struct tz *z, const unsigned char *b, const struct tzif_hdr *h,
                            size_t off, size_t tsize, const char *footer, double until_s,
                            const char **why)
{
    const unsigned char *times = b + off, *idx = times + h->time * tsize,
                        *types = idx + h->time;
    struct gen g;
    double last = -INFINITY;
    int first_year, end_year;

    memset(&g, 0, sizeof g);
    g.grow = 1;
    g.after = -INFINITY;
    if (h->type == 0) {
        *why = "it defines no local time type";
        return TZ_BAD_FILE;
    }
    if (h->leap > 0) {
        *why = "it counts leap seconds (a zone under right/), so its times are not UTC";
        return TZ_BAD_FILE;
    }
    if (h->isstd != 0 && h->isstd != h->type) {
        *why = "its standard/wall indicators do not match its types";
        return TZ_BAD_FILE;
    }
    if (h->isut != 0 && h->isut != h->type) {
        *why = "its UT/local indicators do not match its types";
        return TZ_BAD_FILE;
    }
    for (size_t k = 0; k < h->type; k++) {
        int32_t u = be32(types + 6 * k);
        if (u <= -TZ_MAX_OFFSET_S || u >= TZ_MAX_OFFSET_S) {
            *why = "an offset is more than 26 hours from UTC";
            return TZ_BAD_FILE;
        }
        if (types[6 * k + 5] >= h->chars) {
            *why = "an abbreviation index is out of range";
            return TZ_BAD_FILE;
        }
    }
    g.base = be32(types);
    for (size_t i = 0; i < h->time; i++) {
        double t = tsize == 8 ? (double)be64(times + 8 * i) : (double)be32(times + 4 * i);
        double o;
        if (idx[i] >= h->type) {
            *why = "a transition names a type that does not exist";
            goto bad;
        }
        if (!(t > last)) {
            *why = "its transition times are not in ascending order";
            goto bad;
        }
        last = t;
        o = be32(types + 6 * (size_t)idx[i]);
        if (t < TZ_EARLIEST_S) {
            g.base = o;
            continue;
        }
        gen_push(&g, t, o);
    }
    z->before_s = g.base;
    z->std_s = g.n > 0 ? g.off[g.n - 1] : g.base;
    z->exact_until_s = INFINITY;
    if (footer && *footer) {
        if (parse_footer(footer, &z->rule)) {
            *why = "its footer is not a POSIX TZ string this reader understands";
            goto bad;
        }
        z->std_s = z->rule.std_s;
        if (z->rule.has_dst) {
            z->has_rule = 1;
            first_year = h->time > 0 && last > TZ_EARLIEST_S ? year_of(last) : 1900;
            end_year = year_of(until_s) + 1;
            if (end_year < first_year + 1)
                end_year = first_year + 1;
            if (end_year > first_year + TZ_MAX_YEARS)
                end_year = first_year + TZ_MAX_YEARS;
            g.after = last;
            for (int y = first_year; y <= end_year; y++)
                gen_rule_year(&g, &z->rule, y);
            z->exact_until_s = (double)units_days_from_civil(end_year, 1, 1) * DAY_S;
        }
    }
    if (g.nomem)
        goto nomem;
    z->n = g.n;
    z->at_s = g.at;
    z->off_s = g.off;
    g.at = g.off = NULL;
    if (z->n > 0 && (z->key_s = malloc(z->n * sizeof *z->key_s)) == NULL)
        return TZ_NOMEM;
    for (size_t i = 0; i < z->n; i++) {
        double prev = i > 0 ? z->off_s[i - 1] : z->before_s;
        z->key_s[i] = z->at_s[i] + (z->off_s[i] > prev ? z->off_s[i] : prev);
        if (i > 0 && z->key_s[i] < z->key_s[i - 1]) {
            *why = "two of its changes are closer together than the time they move the clock";
            return TZ_BAD_FILE;
        }
    }
    return build_grid(z) ? TZ_NOMEM : TZ_OK;
nomem:
    free(g.at);
    free(g.off);
    return TZ_NOMEM;
bad:
    free(g.at);
    free(g.off);
    return TZ_BAD_FILE;
}

enum tz_status tz_load(const char *dir, const char *name, double until_s, struct tz **out,
                       const char **why)
{
    const char *dummy;
    unsigned char *b = NULL;
    size_t len = 0, off, blen, tsize;
    struct tzif_hdr h;
    struct tz *z = NULL;
    char *footer = NULL;
    enum tz_status st;
    int rc;
    FILE *f;

    if (why == NULL)
        why = &dummy;
    *why = "";
    if (name == NULL || !name_ok(name))
        return tz_database_present(dir) ? TZ_UNKNOWN : TZ_NO_DATABASE;
    if ((f = open_in(dir, name)) == NULL)
        return tz_database_present(dir) ? TZ_UNKNOWN : TZ_NO_DATABASE;
    rc = slurp(f, &b, &len);
    fclose(f);
    if (rc < 0)
        return TZ_NOMEM;
    if (rc > 0 || read_hdr(b, len, 0, &h)) {
        /* A directory, a list such as zone.tab, or anything else that is not a zone. */
        st = TZ_UNKNOWN;
        goto out;
    }
    st = TZ_BAD_FILE;
    *why = "it is truncated";
    if ((blen = block_len(&h, 4)) == 0 && h.time + h.type + h.chars > 0)
        goto out;
    off = 44 + blen;
    tsize = 4;
    if (h.version >= '2') {
        if (read_hdr(b, len, off, &h) || (blen = block_len(&h, 8)) == 0 || len < off + 44 + blen)
            goto out;
        off += 44;
        tsize = 8;
        if (len > off + blen) {
            const unsigned char *p = b + off + blen, *e = b + len;
            const unsigned char *nl;
            if (*p != '\n' || (nl = memchr(p + 1, '\n', (size_t)(e - p - 1))) == NULL) {
                *why = "its footer is not a line";
                goto out;
            }
            if ((footer = malloc((size_t)(nl - p))) == NULL) {
                st = TZ_NOMEM;
                goto out;
            }
            memcpy(footer, p + 1, (size_t)(nl - p - 1));
            footer[nl - p - 1] = '\0';
        }
    } else if (len < off) {
        goto out;
    }
    if ((z = calloc(1, sizeof *z)) == NULL || (z->name = malloc(strlen(name) + 1)) == NULL) {
        st = TZ_NOMEM;
        goto out;
    }
    strcpy(z->name, name);
    *why = "";
    st = build(z, b, &h, tsize == 8 ? off : 44, tsize, footer, until_s, why);
out:
    free(b);
    free(footer);
    if (st == TZ_OK)
        *out = z;
    else
        tz_free(z);
    return st;
}
