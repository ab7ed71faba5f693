/* cli/reproduce.c: the command line that reproduces a run (cli/reproduce.h). The line
 * is assembled word by word into a growing buffer, each word quoted for a POSIX shell
 * when it holds anything but the characters a shell leaves alone.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/reproduce.h"

/* A growing string; nomem once an allocation failed (then every later add is ignored). */
struct line {
    char *s;
    size_t len, cap;
    int nomem;
};

static void add_raw(struct line *l, const char *s, size_t n)
{
    if (l->nomem)
        return;
    if (l->len + n + 1 > l->cap) {
        size_t cap = (l->len + n + 1) * 2;
        char *g = realloc(l->s, cap);
        if (!g) {
            l->nomem = 1;
            return;
        }
        l->s = g;
        l->cap = cap;
    }
    memcpy(l->s + l->len, s, n);
    l->len += n;
    l->s[l->len] = '\0';
}

/* A word, after a space unless it is the first, single-quoted when a shell would split,
 * expand or glob it (an empty word too); a quote inside becomes '\''. */
static void add_word(struct line *l, const char *w)
{
    static const char plain[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                "0123456789_./:=@%+,-";
    if (l->len > 0)
        add_raw(l, " ", 1);
    if (*w && strspn(w, plain) == strlen(w)) {
        add_raw(l, w, strlen(w));
        return;
    }
    add_raw(l, "'", 1);
    for (const char *p = w; *p; p++) {
        if (*p == '\'')
            add_raw(l, "'\\''", 4);
        else
            add_raw(l, p, 1);
    }
    add_raw(l, "'", 1);
}

static void add_fmt(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_fmt(struct line *l, const char *fmt, ...)
{
    char w[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w, sizeof w, fmt, ap);
    va_end(ap);
    add_word(l, w);
}

char *reproduce_command(const struct reproduce_run *r)
{
    struct line l = {NULL, 0, 0, 0};
    add_fmt(&l, "SOURCE_DATE_EPOCH=%lld", r->date_s);
    add_word(&l, "drsim");
    add_word(&l, "run");
    if (r->plan_path)
        add_word(&l, r->plan_path);
    add_word(&l, "-n");
    add_fmt(&l, "%llu", (unsigned long long)r->trials);
    add_word(&l, "--seed");
    add_fmt(&l, "%llu", (unsigned long long)r->seed);
    add_word(&l, "-j");
    add_fmt(&l, "%d", r->threads);
    if (r->drills) {
        add_word(&l, "--drills");
        add_word(&l, r->drills);
    }
    if (r->as_of) {
        add_word(&l, "--as-of");
        add_word(&l, r->as_of);
    }
    if (r->trials_sheet)
        add_word(&l, "--trials-sheet");
    if (r->trials_csv) {
        add_word(&l, "--trials-csv");
        add_word(&l, r->trials_csv);
    }
    if (r->no_decision_curve)
        add_word(&l, "--no-decision-curve");
    if (r->no_workbook)
        add_word(&l, "--no-workbook");
    if (r->no_charts)
        add_word(&l, "--no-charts");
    if (r->compare) {
        add_word(&l, "--compare");
        add_word(&l, r->compare);
    }
    if (r->sensitivity) {
        add_word(&l, "--sensitivity");
        add_word(&l, r->sensitivity);
    }
    if (r->paper) {
        add_word(&l, "--paper");
        add_word(&l, r->paper);
    }
    if (r->levers) {
        add_word(&l, "--levers");
        if (r->levers_trials) {
            add_word(&l, "--levers-trials");
            add_fmt(&l, "%llu", (unsigned long long)r->levers_trials);
        }
        if (r->levers_max) {
            add_word(&l, "--levers-max");
            add_fmt(&l, "%llu", (unsigned long long)r->levers_max);
        }
    }
    if (r->shard) {
        add_word(&l, "--shard");
        add_fmt(&l, "%llu/%llu", (unsigned long long)r->shard, (unsigned long long)r->n_shards);
    }
    if (l.nomem) {
        free(l.s);
        return NULL;
    }
    return l.s;
}

char *reproduce_words(char *const *words, int n)
{
    struct line l = {NULL, 0, 0, 0};
    for (int i = 0; i < n; i++)
        add_word(&l, words[i]);
    if (l.nomem || !l.s) {
        free(l.s);
        return NULL;
    }
    return l.s;
}
