/* models/vary.c: key paths into a plan, value lists and ranges, and splicing values
 * into plan text (see vary.h for the syntax and why sweeps work on the text).
 *
 * A path is resolved against plan->inputs, the list of every value the loader read
 * with its key path and position, so this file needs no schema of its own: what the
 * loader read is what can be varied. When a path does not resolve, the inputs that
 * match its longest prefix give the keys that were possible there, hence "did you
 * mean" and "keys there" hints; a small list of keys the loader knows but that a plan
 * may leave out turns "unknown key" into "not written in the plan" for them.
 */
#include "models/vary.h"
#include "models/vary_int.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/diag.h"
#include "models/sched.h"
#include "models/units.h"

#define MAX_SEGS 32            /* segments of a key path */
#define MAX_LISTED 8           /* keys listed in a "keys there" hint */

const char *vary_strerror(enum vary_status s)
{
    switch (s) {
    case VARY_OK:
        return "success";
    case VARY_BAD:
        return "bad --vary argument, or a change that does not fit the plan";
    case VARY_INVALID:
        return "the varied plan does not load";
    case VARY_NOMEM:
        return "out of memory";
    }
    return "unknown status";
}

static enum vary_status bad(struct vary_error *e, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static enum vary_status bad(struct vary_error *e, size_t at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    e->at = at;
    return VARY_BAD;
}

/* ---- kinds of value --------------------------------------------------------------- */

enum vkind {
    VK_DURATION, VK_SIZE, VK_RATE, VK_PROB, VK_MONEY, VK_NUMBER, VK_WHOLE, VK_SCHEDULE,
    VK_OTHER
};

static enum vkind kind_of(const char *unit)
{
    static const struct {
        const char *unit;
        enum vkind k;
    } map[] = {{"duration", VK_DURATION}, {"size", VK_SIZE},         {"rate", VK_RATE},
               {"probability", VK_PROB},  {"money (USD)", VK_MONEY}, {"number", VK_NUMBER},
               {"whole number", VK_WHOLE}, {"schedule", VK_SCHEDULE}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (unit && strcmp(unit, map[i].unit) == 0)
            return map[i].k;
    return VK_OTHER;
}

/* What a range endpoint of this kind looks like, for messages. */
static const char *kind_example(enum vkind k)
{
    switch (k) {
    case VK_DURATION:
    case VK_SCHEDULE:
        return "a duration such as 6h";
    case VK_SIZE:
        return "a size such as 750GB";
    case VK_RATE:
        return "a rate such as 150MB/s";
    case VK_PROB:
        return "a probability such as 2%";
    case VK_MONEY:
        return "an amount such as $1200";
    case VK_NUMBER:
        return "a number";
    case VK_WHOLE:
        return "a whole number";
    case VK_OTHER:
        break;
    }
    return "a value";
}

/* Parse a quantity of kind k (a schedule's range is of durations). */
static int qty_parse(enum vkind k, const char *s, int allow_infinite, double *x, const char **why)
{
    enum units_status st = UNITS_BAD_NUMBER;
    *why = "not a number";
    switch (k) {
    case VK_DURATION:
    case VK_SCHEDULE:
        st = units_parse_duration(s, allow_infinite, x, why);
        break;
    case VK_SIZE:
        st = units_parse_size(s, x, why);
        break;
    case VK_RATE:
        st = units_parse_rate(s, x, why);
        break;
    case VK_PROB:
        st = units_parse_fraction(s, x, why);
        break;
    case VK_MONEY:
        st = units_parse_money(s, x, why);
        break;
    case VK_NUMBER:
        st = units_parse_number(s, x, why);
        break;
    case VK_WHOLE:
        st = units_parse_number(s, x, why);
        if (st == UNITS_OK && *x != floor(*x)) {
            *why = "not a whole number";
            return 1;
        }
        break;
    case VK_OTHER:
        return 1;
    }
    return st != UNITS_OK;
}

/* A value as a number: the quantity, or a schedule's mean interval in seconds (NAN when
 * it has none: a choice, text, a value the loader will refuse). */
static double value_x(enum vkind k, const char *s)
{
    const char *why;
    double x;
    if (k == VK_SCHEDULE) {
        struct sched sc;
        size_t where;
        int n = 0;
        if (sched_parse(s, 0.0, &sc, &why, &where) != 0)
            return NAN;
        switch (sc.kind) {
        case SCHED_EVERY:
            return sc.interval_s;
        case SCHED_DAILY:
        case SCHED_WEEKLY:
            for (int d = 0; d < 7; d++)
                n += (sc.dow_mask >> d) & 1u;
            return n ? 7.0 * 86400.0 / n : INFINITY;
        case SCHED_MONTHLY:
            for (int m = 0; m < 12; m++)
                n += (sc.month_mask >> m) & 1u;
            return n ? 365.2425 * 86400.0 / n : INFINITY;
        case SCHED_CONTINUOUS:
            return 0.0;
        }
        return NAN;
    }
    if (k == VK_OTHER || qty_parse(k, s, 1, &x, &why) != 0)
        return NAN;
    return x;
}

/* ---- key paths -------------------------------------------------------------------- */

struct seg {
    const char *s;      /* not NUL-terminated */
    size_t n;
    size_t at;          /* offset in the string it came from */
};

/* Split a dotted path of n bytes into segments; returns their count, or -1 when there
 * are more than MAX_SEGS. */
static int split_path(const char *path, size_t n, struct seg *out)
{
    int k = 0;
    size_t a = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || path[i] == '.') {
            if (k == MAX_SEGS)
                return -1;
            out[k].s = path + a;
            out[k].n = i - a;
            out[k].at = a;
            k++;
            a = i + 1;
        }
    }
    return k;
}

static int seg_eq(const struct seg *a, const struct seg *b)
{
    return a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
}

static int seg_is_star(const struct seg *a)
{
    return a->n == 1 && a->s[0] == '*';
}

/* How many leading segments of the pattern `pat` the path `in` matches. */
static int match_len(const struct seg *pat, int n_pat, const struct seg *in, int n_in)
{
    int m = 0;
    while (m < n_pat && m < n_in && (seg_is_star(&pat[m]) || seg_eq(&pat[m], &in[m])))
        m++;
    return m;
}

/* Keys a plan may leave to their defaults: a path ending in one of them that the plan
 * does not write is "not written", not "unknown". */
static const char *const default_keys[] = {
    "failure", "retention", "complete", "lag", "overhead", "parallelism", "counts_for_rpo",
    "recovery", "zone_redundancy", "escalate_after", "stand_in", "timezone", "business_hours",
    "night", "weekend", "window", "start", "length", "confidence", "rto_clock",
    "on_outage_end", "point_of_no_return", "declared_by", "fully_restored_by", "phase", "needs",
    "after", "priority", "cost_per_hour", "mtd", "rto", "rpo", "wrt", "holidays", "per_copy", "per_restore",
    "data_loss_cost_per_hour", "data_lost_for_good",
    "copy_fraction", "immutable", "deletes_backups", "destroys", "repage", "page", "count",
    "any_of", "optional", "working_hours", "calendar", "on_call", "shift", "every", "first",
    "others_after", "hand_over", "rest", NULL
};

/* Distinct segment `level` of the inputs in `set` (indices), joined "a, b, c" (at most
 * MAX_LISTED, then ", ..."), and as a NULL-terminated array for diag_suggest. */
struct keyset {
    char *names[64 + 1];
    int n;
};

static void keyset_add(struct keyset *ks, const struct seg *s)
{
    for (int i = 0; i < ks->n; i++)
        if (strlen(ks->names[i]) == s->n && memcmp(ks->names[i], s->s, s->n) == 0)
            return;
    if (ks->n >= 64)
        return;
    char *c = malloc(s->n + 1);
    if (c == NULL)
        return;
    memcpy(c, s->s, s->n);
    c[s->n] = '\0';
    ks->names[ks->n++] = c;
    ks->names[ks->n] = NULL;
}

static void keyset_free(struct keyset *ks)
{
    for (int i = 0; i < ks->n; i++)
        free(ks->names[i]);
    ks->n = 0;
    ks->names[0] = NULL;
}

static const char *keyset_join(const struct keyset *ks, char *buf, size_t n)
{
    size_t o = 0;
    buf[0] = '\0';
    for (int i = 0; i < ks->n && i < MAX_LISTED; i++) {
        int w = snprintf(buf + o, n - o, "%s%s", i ? ", " : "", ks->names[i]);
        if (w < 0 || (size_t)w >= n - o)
            return buf;
        o += (size_t)w;
    }
    if (ks->n > MAX_LISTED)
        snprintf(buf + o, n - o, ", ...");
    return buf;
}

/* Why PATH (segments pat of arg) matches no input: the longest prefix some input
 * shares decides the message. */
static enum vary_status explain_no_match(const struct plan *p, const char *arg, size_t path_len,
                                         const struct seg *pat, int n_pat, struct vary_error *e)
{
    struct seg in[MAX_SEGS];
    struct keyset ks = {{NULL}, 0};
    int best = 0, value_at_prefix = 0;
    const char *value_unit = NULL;
    char list[512], sugg[160];
    enum vary_status st;

    for (int i = 0; i < p->n_inputs; i++) {
        int n_in = split_path(p->inputs[i].path, strlen(p->inputs[i].path), in);
        if (n_in > 0) {
            int m = match_len(pat, n_pat, in, n_in);
            if (m > best)
                best = m;
        }
    }
    for (int i = 0; i < p->n_inputs; i++) {
        int n_in = split_path(p->inputs[i].path, strlen(p->inputs[i].path), in);
        if (n_in <= 0 || match_len(pat, n_pat, in, n_in) < best)
            continue;
        if (n_in == best) {
            value_at_prefix = 1;
            value_unit = p->inputs[i].unit;
        } else {
            keyset_add(&ks, &in[best]);
        }
    }
    int plen = best > 0 ? (int)(pat[best - 1].at + pat[best - 1].n) : 0;
    if (best == n_pat) {
        /* The path names a mapping. */
        int is_dist = 0;
        for (int i = 0; i < ks.n; i++)
            is_dist |= strcmp(ks.names[i], "dist") == 0;
        if (is_dist)
            st = bad(e, 0, "'%.*s' is a distribution: vary one of its parameters (%s)",
                     (int)path_len, arg, keyset_join(&ks, list, sizeof list));
        else
            st = bad(e, 0, "'%.*s' is a mapping, not a value: name one of its keys (%s)",
                     (int)path_len, arg, keyset_join(&ks, list, sizeof list));
        keyset_free(&ks);
        return st;
    }
    const struct seg *s = &pat[best];
    if (value_at_prefix && ks.n == 0) {
        st = bad(e, s->at, "'%.*s' is a value (%s); it has no key '%.*s'", plen, arg,
                 value_unit ? value_unit : "text", (int)s->n, s->s);
        keyset_free(&ks);
        return st;
    }
    if (s->n == 0) {
        st = bad(e, s->at, "empty key in the path (two dots, or a dot at an end)");
        keyset_free(&ks);
        return st;
    }
    if (s->n >= 2 && s->s[0] == 'x' && s->s[1] == '-') {
        st = bad(e, s->at,
                 "keys starting with 'x-' are not plan values; name a path that uses the "
                 "anchored value instead (it is varied everywhere it is used)");
        keyset_free(&ks);
        return st;
    }
    char word[160];
    snprintf(word, sizeof word, "%.*s", (int)s->n, s->s);
    const char *sg = diag_suggest(word, (const char *const *)ks.names);
    if (sg)
        snprintf(sugg, sizeof sugg, " (did you mean '%s'?)", sg);
    if (sg && best == 0)
        st = bad(e, s->at, "unknown section '%s'%s", word, sugg);
    else if (sg)
        st = bad(e, s->at, "unknown key '%s' in '%.*s'%s", word, plen, arg, sugg);
    else {
        int known = 0;
        for (int i = 0; default_keys[i]; i++)
            known |= strcmp(default_keys[i], word) == 0;
        if (known && best == n_pat - 1)
            st = bad(e, s->at,
                     "'%.*s' is not written in the plan, so it takes its default; write it "
                     "in the plan file to vary it",
                     (int)path_len, arg);
        else if (best == 0)
            st = bad(e, s->at, "unknown section '%s' (sections: %s)", word,
                     keyset_join(&ks, list, sizeof list));
        else
            st = bad(e, s->at, "unknown key '%s' in '%.*s' (keys there: %s)", word, plen, arg,
                     keyset_join(&ks, list, sizeof list));
    }
    keyset_free(&ks);
    return st;
}

/* ---- where values are written -------------------------------------------------------- */

size_t vary_offset_of(const char *text, size_t len, int line, int col)
{
    size_t off = 0;
    for (int l = 1; l < line && off < len; off++)
        if (text[off] == '\n')
            l++;
    for (int c = 1; c < col && off < len && text[off] != '\n'; c++) {
        off++;
        while (off < len && ((unsigned char)text[off] & 0xC0) == 0x80)
            off++;
    }
    return off;
}

const char *vary_locate(const char *text, size_t len, const struct plan_input *in,
                        struct vary_site *site)
{
    size_t off = vary_offset_of(text, len, in->line, in->col), i;
    size_t vlen = strlen(in->value);

    /* An anchor (&name) or a tag (!tag) may precede the scalar itself. */
    while (off < len && (text[off] == '&' || text[off] == '!')) {
        while (off < len && !isspace((unsigned char)text[off]))
            off++;
        while (off < len && (text[off] == ' ' || text[off] == '\t'))
            off++;
    }
    site->off = off;
    site->line = in->line;
    site->col = in->col;
    if (off >= len) {
        site->len = 0;
        return vlen == 0 ? NULL : "its position is past the end of the text";
    }
    switch (text[off]) {
    case '"':
        for (i = off + 1; i < len && text[i] != '"' && text[i] != '\n'; i++)
            if (text[i] == '\\')
                i++;
        if (i >= len || text[i] != '"')
            return "it is a quoted value written over several lines";
        site->len = i + 1 - off;
        return NULL;
    case '\'':
        for (i = off + 1; i < len && text[i] != '\n'; i++) {
            if (text[i] == '\'' && i + 1 < len && text[i + 1] == '\'')
                i++;
            else if (text[i] == '\'')
                break;
        }
        if (i >= len || text[i] != '\'')
            return "it is a quoted value written over several lines";
        site->len = i + 1 - off;
        return NULL;
    case '|':
    case '>':
        return "it is a block scalar ('|' or '>'); write it on one line to vary it";
    case '[':
    case '{':
        return "it is a list; the sweep varies single values";
    default:
        break;
    }
    if (text[off] == '-' && off + 1 < len && isspace((unsigned char)text[off + 1]))
        return "it is a list; the sweep varies single values";
    if (len - off < vlen || memcmp(text + off, in->value, vlen) != 0)
        return "it is written over several lines; write it on one line to vary it";
    site->len = vlen;
    return NULL;
}

/* ---- values ------------------------------------------------------------------------ */

struct vlist {
    char **v;
    size_t *at;
    int *literal;
    int n, cap;
};

static int vlist_add(struct vlist *l, char *s, size_t at, int literal)
{
    if (s == NULL)
        return 1;
    if (l->n == l->cap) {
        int c = l->cap ? l->cap * 2 : 16;
        char **v = realloc(l->v, (size_t)c * sizeof *v);
        if (v == NULL) {
            free(s);
            return 1;
        }
        l->v = v;
        size_t *a = realloc(l->at, (size_t)c * sizeof *a);
        if (a == NULL) {
            free(s);
            return 1;
        }
        l->at = a;
        int *li = realloc(l->literal, (size_t)c * sizeof *li);
        if (li == NULL) {
            free(s);
            return 1;
        }
        l->literal = li;
        l->cap = c;
    }
    l->v[l->n] = s;
    l->at[l->n] = at;
    l->literal[l->n] = literal;
    l->n++;
    return 0;
}

static void vlist_free(struct vlist *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    free(l->at);
    free(l->literal);
    memset(l, 0, sizeof *l);
}

static char *dup_n(const char *s, size_t n)
{
    char *c = malloc(n + 1);
    if (c) {
        memcpy(c, s, n);
        c[n] = '\0';
    }
    return c;
}

/* The unit written with a quantity token: a "$" prefix, or the text after its number
 * (without digits: "h", "GB", "MB/s", "%"). Returns 0 when the token has none usable
 * (a compound such as 1h30m). */
static int token_unit(enum vkind k, const char *tok, char *pre, char *suf, size_t n)
{
    const char *p = tok;
    pre[0] = suf[0] = '\0';
    if (k == VK_MONEY && *p == '$') {
        snprintf(pre, n, "$");
        return 1;
    }
    if (*p == '+' || *p == '-')
        p++;
    while (isdigit((unsigned char)*p) || *p == '.')
        p++;
    if ((*p == 'e' || *p == 'E') && (isdigit((unsigned char)p[1]) ||
                                     ((p[1] == '+' || p[1] == '-') && isdigit((unsigned char)p[2])))) {
        p += 2;
        while (isdigit((unsigned char)*p))
            p++;
    }
    for (const char *q = p; *q; q++)
        if (isdigit((unsigned char)*q))
            return 0;
    if (strlen(p) >= n)
        return 0;
    snprintf(suf, n, "%s", p);
    return 1;
}

/* Write v (base units) as a quantity of kind k in the unit pre/suf; returns 0 when the
 * text parses back to v (within 1e-9 relative) and, if `whole` is set, the number is a
 * whole multiple of the unit. */
static int fmt_in_unit(enum vkind k, double v, const char *pre, const char *suf, int whole,
                       char *buf, size_t n)
{
    char one[160];
    const char *why;
    double f, x, back;
    snprintf(one, sizeof one, "%s1%s", pre, suf);
    if (qty_parse(k, one, 0, &f, &why) != 0 || !(f > 0))
        return 1;
    x = v / f;
    if (whole) {
        if (fabs(x - nearbyint(x)) > 1e-9 * fmax(1.0, fabs(x)))
            return 1;
        snprintf(buf, n, "%s%.15g%s", pre, nearbyint(x), suf);
    } else {
        snprintf(buf, n, "%s%.10g%s", pre, x, suf);
    }
    if (qty_parse(k, buf, 0, &back, &why) != 0)
        return 1;
    return fabs(back - v) > 1e-9 * fmax(1e-300, fabs(v));
}

/* Write a generated range value: in the unit of FROM, STEP or TO (in that order),
 * preferring a whole number; else in base units with full precision. */
static void fmt_value(enum vkind k, double v, const char *const toks[3], char *buf, size_t n)
{
    char pre[3][16], suf[3][32];
    int ok[3];
    for (int i = 0; i < 3; i++)
        ok[i] = token_unit(k, toks[i], pre[i], suf[i], sizeof suf[i]);
    for (int whole = 1; whole >= 0; whole--)
        for (int i = 0; i < 3; i++)
            if (ok[i] && fmt_in_unit(k, v, pre[i], suf[i], whole, buf, n) == 0)
                return;
    switch (k) {
    case VK_DURATION:
    case VK_SCHEDULE:
        snprintf(buf, n, "%.17gs", v);
        break;
    case VK_SIZE:
        snprintf(buf, n, "%.17gB", v);
        break;
    case VK_RATE:
        snprintf(buf, n, "%.17gB/s", v);
        break;
    case VK_MONEY:
        snprintf(buf, n, "$%.17g", v);
        break;
    default:
        snprintf(buf, n, "%.17g", v);
        break;
    }
}

/* Expand one item arg[a, z) (blanks trimmed) into values. */
static enum vary_status expand_item(enum vkind k, const char *arg, size_t a, size_t z,
                                    struct vlist *out, struct vary_error *e)
{
    size_t r0 = 0, r1 = 0;     /* the range word [r0, r1) */
    int n_ranges = 0;

    for (size_t i = a; i < z;) {
        while (i < z && arg[i] == ' ')
            i++;
        size_t w = i;
        while (i < z && arg[i] != ' ')
            i++;
        for (size_t j = w; j + 1 < i; j++) {
            if (arg[j] == '.' && arg[j + 1] == '.') {
                if (n_ranges++)
                    return bad(e, j, "only one range FROM..TO/STEP per value");
                r0 = w;
                r1 = i;
                j++;
            }
        }
    }
    if (n_ranges == 0)
        return vlist_add(out, dup_n(arg + a, z - a), a, 1) ? VARY_NOMEM : VARY_OK;
    if (k == VK_OTHER)
        return bad(e, r0, "a range needs values with a unit (durations, sizes, rates, "
                          "probabilities, money or numbers); list the values instead");

    /* FROM..TO/STEP; a rate's own '/' is told from the step's by trying each. */
    const char *why = NULL;
    size_t dots = r0;
    while (!(arg[dots] == '.' && arg[dots + 1] == '.'))
        dots++;
    char from_s[128], to_s[128], step_s[128];
    double from, to, step = 1.0;
    size_t to0 = dots + 2, slash = 0;
    if (dots - r0 >= sizeof from_s || r1 - to0 >= sizeof to_s)
        return bad(e, r0, "range too long");
    snprintf(from_s, sizeof from_s, "%.*s", (int)(dots - r0), arg + r0);
    if (dots == r0)
        return bad(e, r0, "a range needs a start: FROM..TO/STEP");
    if (qty_parse(k, from_s, 0, &from, &why) != 0)
        return bad(e, r0, "'%s' is not %s: %s", from_s, kind_example(k), why);
    for (size_t j = to0; j < r1 && !slash; j++) {
        if (arg[j] != '/')
            continue;
        snprintf(to_s, sizeof to_s, "%.*s", (int)(j - to0), arg + to0);
        if (qty_parse(k, to_s, 0, &to, &why) == 0)
            slash = j;
    }
    if (!slash) {
        if (to0 == r1 || arg[to0] == '/')
            return bad(e, to0, "a range needs an end: FROM..TO/STEP");
        snprintf(to_s, sizeof to_s, "%.*s", (int)(r1 - to0), arg + to0);
        if (qty_parse(k, to_s, 0, &to, &why) != 0) {
            /* Quote TO without the step: up to the first '/' (a rate: the second). */
            size_t end = to0;
            for (int skip = k == VK_RATE; end < r1; end++)
                if (arg[end] == '/' && skip-- == 0)
                    break;
            snprintf(to_s, sizeof to_s, "%.*s", (int)(end - to0), arg + to0);
            qty_parse(k, to_s, 0, &to, &why);
            return bad(e, to0, "'%s' is not %s: %s", to_s, kind_example(k), why);
        }
        if (k != VK_WHOLE && k != VK_NUMBER)
            return bad(e, r1, "a range needs a step: FROM..TO/STEP, e.g. 1h..24h/1h");
        snprintf(step_s, sizeof step_s, "1");
    } else {
        snprintf(step_s, sizeof step_s, "%.*s", (int)(r1 - slash - 1), arg + slash + 1);
        if (slash + 1 == r1)
            return bad(e, r1, "a range needs a step after '/'");
        if (qty_parse(k, step_s, 0, &step, &why) != 0)
            return bad(e, slash + 1, "'%s' is not %s: %s", step_s, kind_example(k), why);
        if (!(step > 0))
            return bad(e, slash + 1, "the step must be greater than zero (got '%s')", step_s);
    }
    if (to < from)
        return bad(e, r0, "empty range: '%s' is less than '%s' (ranges count up)", to_s, from_s);
    double count = floor((to - from) / step * (1.0 + 1e-12) + 1e-9) + 1.0;
    if (count > VARY_MAX_VALUES)
        return bad(e, r0, "%s..%s/%s gives %.0f values, more than %d", from_s, to_s, step_s,
                   count, VARY_MAX_VALUES);
    const char *toks[3] = {from_s, step_s, to_s};
    for (int i = 0; i < (int)count; i++) {
        char num[256], *val;
        double v = from + (double)i * step;
        if (i == (int)count - 1 && fabs(v - to) <= 1e-9 * fmax(1.0, fabs(to)))
            v = to;
        fmt_value(k, v, toks, num, sizeof num);
        size_t n = (r0 - a) + strlen(num) + (z - r1) + 1;
        val = malloc(n);
        if (val == NULL)
            return VARY_NOMEM;
        snprintf(val, n, "%.*s%s%.*s", (int)(r0 - a), arg + a, num, (int)(z - r1), arg + r1);
        if (vlist_add(out, val, a, 0))
            return VARY_NOMEM;
        if (out->n > VARY_MAX_VALUES)
            return bad(e, r0, "more than %d values", VARY_MAX_VALUES);
    }
    return VARY_OK;
}

/* Split VALUES (arg from offset v0) into items and expand each. */
static enum vary_status parse_values(enum vkind k, const char *arg, size_t v0, struct vlist *out,
                                     struct vary_error *e)
{
    size_t n = strlen(arg);
    char sep = strchr(arg + v0, '|') ? '|' : ',';
    if (v0 >= n || strspn(arg + v0, " ") == n - v0)
        return bad(e, v0, "no values after '=': give a list (1h,2h,4h) or a range (1h..24h/1h)");
    for (size_t a = v0; a <= n;) {
        size_t z = a;
        while (z < n && arg[z] != sep)
            z++;
        size_t ta = a, tz = z;
        while (ta < tz && arg[ta] == ' ')
            ta++;
        while (tz > ta && arg[tz - 1] == ' ')
            tz--;
        if (ta == tz)
            return bad(e, ta, "empty value in the list");
        enum vary_status st = expand_item(k, arg, ta, tz, out, e);
        if (st != VARY_OK)
            return st;
        if (out->n > VARY_MAX_VALUES)
            return bad(e, ta, "more than %d values", VARY_MAX_VALUES);
        a = z + 1;
    }
    return VARY_OK;
}

/* ---- the axis ---------------------------------------------------------------------- */

void vary_axis_fini(struct vary_axis *ax)
{
    free(ax->arg);
    for (int i = 0; i < ax->n_paths; i++)
        free(ax->paths[i]);
    free(ax->paths);
    free(ax->sites);
    for (int i = 0; i < ax->n_shared; i++)
        free(ax->shared[i]);
    free(ax->shared);
    free(ax->plan_value);
    for (int i = 0; i < ax->n_values; i++)
        free(ax->values[i]);
    free(ax->values);
    free(ax->value_at);
    free(ax->value_literal);
    free(ax->x);
    memset(ax, 0, sizeof *ax);
}

static int strs_add(char ***v, int *n, const char *s)
{
    char **g = realloc(*v, (size_t)(*n + 1) * sizeof *g);
    if (g == NULL)
        return 1;
    *v = g;
    if ((g[*n] = strdup(s)) == NULL)
        return 1;
    (*n)++;
    return 0;
}

enum vary_status vary_axis_parse(struct vary_axis *ax, const struct plan *p, const char *text,
                                 size_t len, const char *arg, struct vary_error *e)
{
    struct seg pat[MAX_SEGS], in[MAX_SEGS];
    struct vlist vals = {NULL, NULL, NULL, 0, 0};
    enum vary_status st = VARY_NOMEM;
    const char *eq = strchr(arg, '=');
    int n_pat, *matched = NULL, n_matched = 0;

    memset(ax, 0, sizeof *ax);
    ax->plan_index = -1;
    if (eq == NULL)
        return bad(e, strlen(arg), "expected PATH=VALUES, e.g. "
                                   "stores.db.backups.nightly.schedule=every 1h..24h/1h");
    if (eq == arg)
        return bad(e, 0, "no key path before '='");
    ax->path_len = (size_t)(eq - arg);
    n_pat = split_path(arg, ax->path_len, pat);
    if (n_pat < 0)
        return bad(e, 0, "the key path has more than %d keys", MAX_SEGS);
    for (int i = 0; i < n_pat; i++)
        if (pat[i].n == 0)
            return bad(e, pat[i].at, "empty key in the path (two dots, or a dot at an end)");

    matched = malloc((size_t)(p->n_inputs ? p->n_inputs : 1) * sizeof *matched);
    if (matched == NULL)
        return VARY_NOMEM;
    for (int i = 0; i < p->n_inputs; i++) {
        int n_in = split_path(p->inputs[i].path, strlen(p->inputs[i].path), in);
        if (n_in == n_pat && match_len(pat, n_pat, in, n_in) == n_pat)
            matched[n_matched++] = i;
    }
    if (n_matched == 0) {
        st = explain_no_match(p, arg, ax->path_len, pat, n_pat, e);
        goto fail;
    }
    ax->unit = p->inputs[matched[0]].unit;
    for (int i = 1; i < n_matched; i++) {
        const struct plan_input *a = &p->inputs[matched[0]], *b = &p->inputs[matched[i]];
        if (strcmp(a->unit, b->unit) != 0) {
            st = bad(e, 0, "'%.*s' matches values of different kinds: %s is a %s, %s a %s",
                     (int)ax->path_len, arg, a->path, a->unit, b->path, b->unit);
            goto fail;
        }
    }
    if (strcmp(ax->unit, "text") == 0) {
        st = bad(e, 0, "'%.*s' is free text, which the simulation does not use",
                 (int)ax->path_len, arg);
        goto fail;
    }
    {
        size_t ul = strlen(ax->unit);
        if (ul > 5 && strcmp(ax->unit + ul - 5, " name") == 0) {
            st = bad(e, 0,
                     "'%.*s' names a %.*s, which changes the plan's structure; the sweep varies "
                     "quantities, schedules and choices",
                     (int)ax->path_len, arg, (int)(ul - 5), ax->unit);
            goto fail;
        }
    }

    /* Where the values are written, each place once. */
    ax->sites = calloc((size_t)n_matched, sizeof *ax->sites);
    ax->paths = calloc((size_t)n_matched, sizeof *ax->paths);
    if (ax->sites == NULL || ax->paths == NULL)
        goto fail;
    for (int i = 0; i < n_matched; i++) {
        const struct plan_input *pi = &p->inputs[matched[i]];
        struct vary_site s;
        const char *why = vary_locate(text, len, pi, &s);
        int dup = 0;
        if (why) {
            st = bad(e, 0, "cannot vary %s (line %d): %s", pi->path, pi->line, why);
            goto fail;
        }
        if ((ax->paths[ax->n_paths] = strdup(pi->path)) == NULL)
            goto fail;
        ax->n_paths++;
        for (int j = 0; j < ax->n_sites && !dup; j++)
            dup = ax->sites[j].off == s.off;
        if (!dup)
            ax->sites[ax->n_sites++] = s;
    }
    /* Other paths reaching the same written value (through aliases). */
    for (int i = 0; i < p->n_inputs; i++) {
        const struct plan_input *pi = &p->inputs[i];
        int mine = 0, here = 0;
        for (int j = 0; j < n_matched && !mine; j++)
            mine = matched[j] == i;
        for (int j = 0; j < ax->n_sites && !here; j++)
            here = ax->sites[j].line == pi->line && ax->sites[j].col == pi->col;
        if (!mine && here && strs_add(&ax->shared, &ax->n_shared, pi->path))
            goto fail;
    }
    if ((ax->plan_value = strdup(p->inputs[matched[0]].value)) == NULL)
        goto fail;
    if ((ax->arg = strdup(arg)) == NULL)
        goto fail;

    enum vkind k = kind_of(ax->unit);
    st = parse_values(k, arg, ax->path_len + 1, &vals, e);
    if (st != VARY_OK)
        goto fail;
    st = VARY_NOMEM;
    ax->values = vals.v;
    ax->value_at = vals.at;
    ax->value_literal = vals.literal;
    ax->n_values = vals.n;
    memset(&vals, 0, sizeof vals);
    ax->x = malloc((size_t)ax->n_values * sizeof *ax->x);
    if (ax->x == NULL)
        goto fail;
    ax->plan_x = value_x(k, ax->plan_value);
    for (int i = 0; i < ax->n_values; i++) {
        ax->x[i] = value_x(k, ax->values[i]);
        if (ax->plan_index < 0 &&
            (strcmp(ax->values[i], ax->plan_value) == 0 ||
             (k != VK_SCHEDULE && k != VK_OTHER && ax->x[i] == ax->plan_x)))
            ax->plan_index = i;
    }
    free(matched);
    return VARY_OK;
fail:
    vlist_free(&vals);
    free(matched);
    vary_axis_fini(ax);
    ax->plan_index = -1;
    return st;
}

int vary_axes_overlap(const struct vary_axis *a, const struct vary_axis *b, struct vary_error *e)
{
    for (int i = 0; i < a->n_sites; i++) {
        for (int j = 0; j < b->n_sites; j++) {
            if (a->sites[i].off == b->sites[j].off) {
                bad(e, 0, "this value (line %d) is already varied by --vary %.*s",
                    a->sites[i].line, (int)a->path_len, a->arg);
                return 1;
            }
        }
    }
    return 0;
}
