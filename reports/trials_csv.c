/* reports/trials_csv.c: the per-trial CSV, streamed through a reorder window (see
 * trials_csv.h). */
#include "reports/trials_csv.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "models/units.h"
#include "reports/csvw.h"

/* Bytes a number takes at most ("%.17g": sign, 17 digits, point, exponent). */
#define NUM_MAX 32

enum slot_state {
    SLOT_FREE = 0,          /* holds no unit */
    SLOT_FILLING,           /* a worker is writing a unit's rows into it */
    SLOT_DONE               /* the unit's rows are complete, waiting for earlier units */
};

/* One unit's rows. */
struct slot {
    struct trials_csv *t;   /* the writer (a chunk context is a slot) */
    char *buf;              /* the rows, len bytes of cap */
    size_t len, cap;        /* bytes */
    uint64_t seq;           /* the unit (mc_sink seq) */
    uint64_t rows;          /* rows in buf */
    enum slot_state state;
    int nomem;              /* the buffer could not grow: rows were dropped */
};

struct trials_csv {
    FILE *f;                /* borrowed */
    const struct plan *p;   /* borrowed */
    char **scen;            /* [n_scenarios] names as CSV fields (quoted when needed) */
    char **step;            /* [sum of steps] names as CSV fields, scenario by scenario */
    int *step_first;        /* [n_scenarios] index in step[] of each scenario's first step */
    size_t row_max;         /* bytes a row takes at most */
    struct slot *slots;     /* [n_slots]: unit seq lives in slots[seq % n_slots] */
    uint64_t n_slots;
    uint64_t next;          /* the oldest unit not yet written */
    uint64_t rows;          /* rows written */
    enum trials_csv_status error; /* the first failure (sticky) */
    int err_no;             /* its errno */
    pthread_mutex_t mu;     /* guards slots' states, next, rows, error and the writes */
    pthread_cond_t cond;    /* signalled when next moves */
};

const char *trials_csv_strerror(enum trials_csv_status st)
{
    switch (st) {
    case TRIALS_CSV_OK: return "success";
    case TRIALS_CSV_NOMEM: return "out of memory";
    case TRIALS_CSV_IO: return "write failed";
    }
    return "unknown status";
}

/* ---- numbers --------------------------------------------------------------------------- */

static const char two_digits[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* v in decimal at o (no NUL); returns the length. Two digits a step. */
static size_t put_u64(char *o, uint64_t v)
{
    char t[20];
    size_t n = 20;
    while (v >= 100) {
        n -= 2;
        memcpy(t + n, two_digits + 2 * (v % 100), 2);
        v /= 100;
    }
    if (v >= 10) {
        n -= 2;
        memcpy(t + n, two_digits + 2 * v, 2);
    } else {
        t[--n] = (char)('0' + v);
    }
    memcpy(o, t + n, 20 - n);
    return 20 - n;
}

/* 10^k, k = 0 .. 19. */
static const uint64_t pow10_u64[20] = {
    1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull, 100000000ull,
    1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull, 10000000000000ull,
    100000000000000ull, 1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
    1000000000000000000ull, 10000000000000000000ull};

/* 128-bit products (GCC and clang; __extension__ keeps -Wpedantic quiet). */
__extension__ typedef unsigned __int128 u128;

/* printf("%.17g") rounds the exact binary value to 17 significant digits, ties to even,
 * and drops trailing zeros (and the point). For x = m 2^-q with 2^-4 <= x < 2^53 the
 * 17 digits are the integer N = m 10^k >> q for the k that gives 17 of them (k = 17
 * less the digits of the whole part, or 17 or 18 below 1), rounded by the remainder
 * m 10^k mod 2^q, all exact in 128 bits (m < 2^53, 10^k <= 10^18 < 2^60). Whole numbers
 * below 1e17 print as themselves, +infinity as "inf". Anything else (tiny values, huge
 * ones, -0, -infinity) goes to snprintf, which writes the same bytes more slowly. */
size_t trials_csv_number(double x, char *buf)
{
    if (isnan(x)) {
        buf[0] = '\0';
        return 0;
    }
    if (x == INFINITY) {
        memcpy(buf, "inf", 4);
        return 3;
    }
    double a = fabs(x);
    if (isinf(a) || (a != 0.0 && a < 0.0625) || a >= 1e17 || (x == 0.0 && signbit(x))) {
        int n = snprintf(buf, NUM_MAX, "%.17g", x);
        return n > 0 ? (size_t)n : 0;
    }
    char *o = buf;
    if (x < 0)
        *o++ = '-';
    uint64_t bits;
    memcpy(&bits, &a, sizeof bits);
    int e = (int)(bits >> 52 & 0x7ff) - 1075;
    uint64_t m = (bits & ((UINT64_C(1) << 52) - 1)) | (UINT64_C(1) << 52);
    if (a == 0.0) {
        *o++ = '0';
    } else if (e >= 0) {
        o += put_u64(o, m << e);    /* a < 1e17 < 2^57: e <= 4 */
    } else {
        int q = -e;                 /* 1 .. 56 */
        u128 mask = ((u128)1 << q) - 1, half = (u128)1 << (q - 1);
        uint64_t ip = m >> q;
        int k = 17;
        while (k > 1 && ip >= pow10_u64[17 - k])
            k--;
        u128 prod = (u128)m * pow10_u64[k];
        uint64_t n = (uint64_t)(prod >> q);
        if (ip == 0 && n < pow10_u64[16]) {     /* below 0.1: one more digit */
            k = 18;
            prod = (u128)m * pow10_u64[k];
            n = (uint64_t)(prod >> q);
        }
        u128 rem = prod & mask;
        if (rem > half || (rem == half && (n & 1)))
            n++;
        char dig[24];
        int len = (int)put_u64(dig, n), whole = len - k;
        if (whole <= 0) {
            *o++ = '0';
        } else {
            memcpy(o, dig, (size_t)whole);
            o += whole;
        }
        int last = len;
        while (last > (whole > 0 ? whole : 0) && dig[last - 1] == '0')
            last--;
        if (last > whole) {
            *o++ = '.';
            for (int z = whole; z < 0; z++)
                *o++ = '0';
            int from = whole > 0 ? whole : 0;
            memcpy(o, dig + from, (size_t)(last - from));
            o += last - from;
        }
    }
    *o = '\0';
    return (size_t)(o - buf);
}

/* ---- fields ---------------------------------------------------------------------------- */

/* s as one CSV field (quoted, quotes doubled, when csvw_needs_quotes), malloc'd. */
static char *field_dup(const char *s)
{
    size_t len = strlen(s), q = 0;
    int quote = csvw_needs_quotes(s, len);
    for (size_t i = 0; quote && i < len; i++)
        q += s[i] == '"';
    char *out = malloc(len + q + 3), *o = out;
    if (!out)
        return NULL;
    if (quote)
        *o++ = '"';
    for (size_t i = 0; i < len; i++) {
        *o++ = s[i];
        if (quote && s[i] == '"')
            *o++ = '"';
    }
    if (quote)
        *o++ = '"';
    *o = '\0';
    return out;
}

static char *put_str(char *o, const char *s)
{
    size_t n = strlen(s);
    memcpy(o, s, n);
    return o + n;
}

/* The last few numbers a row formatted: a row repeats its values (a service's RTO is
 * often the scenario's, RPOs are often 0), and copying costs less than formatting. */
#define MEMO_N 4
struct memo {
    uint64_t bits[MEMO_N];  /* the values, bit for bit (-0 is not 0, NaN is NaN) */
    char text[MEMO_N][NUM_MAX];
    size_t len[MEMO_N];
    int n, next;            /* entries held; the one to replace next */
};

static char *put_num(char *o, double x, struct memo *mm)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    for (int i = 0; i < mm->n; i++)
        if (mm->bits[i] == b) {
            memcpy(o, mm->text[i], mm->len[i]);
            return o + mm->len[i];
        }
    size_t n = trials_csv_number(x, o);
    int i = mm->next;
    mm->next = (i + 1) % MEMO_N;
    if (mm->n < MEMO_N)
        mm->n++;
    mm->bits[i] = b;
    memcpy(mm->text[i], o, n);
    mm->len[i] = n;
    return o + n;
}

/* "YYYY-MM-DDTHH:MM:SSZ" of t_s seconds after the epoch (civil day epoch_days), rounded
 * down to the second. */
static char *put_utc(char *o, long epoch_days, double t_s)
{
    double day = floor(t_s / 86400.0);
    long sod = (long)floor(t_s - day * 86400.0);
    if (sod >= 86400) {             /* rounding at a day's end */
        sod -= 86400;
        day += 1.0;
    }
    int y, mo, d;
    units_civil_from_days(epoch_days + (long)day, &y, &mo, &d);
    if (y < 0 || y > 9999)
        return o + snprintf(o, 40, "%d-%02d-%02dT%02ld:%02ld:%02ldZ", y, mo, d, sod / 3600,
                            sod / 60 % 60, sod % 60);
    const int v[6] = {y / 100, y % 100, mo, d, (int)(sod / 3600), (int)(sod / 60 % 60)};
    const char sep[6] = {0, 0, '-', '-', 'T', ':'};
    for (int i = 0; i < 6; i++) {
        if (sep[i])
            *o++ = sep[i];
        *o++ = (char)('0' + v[i] / 10);
        *o++ = (char)('0' + v[i] % 10);
    }
    *o++ = ':';
    *o++ = (char)('0' + sod % 60 / 10);
    *o++ = (char)('0' + sod % 10);
    *o++ = 'Z';
    return o;
}

/* The step whose end ended the critical path: the path's step that released no other
 * path step's start (the path is a chain walked back from it); -1 when none. */
static int path_end(const struct trial_result *r)
{
    uint64_t released = 0;
    for (uint64_t m = r->critical_mask; m; m &= m - 1) {
        int i = __builtin_ctzll(m);
        if (r->steps[i].release_step >= 0)
            released |= UINT64_C(1) << r->steps[i].release_step;
    }
    uint64_t end = r->critical_mask & ~released;
    return end ? __builtin_ctzll(end) : -1;
}

/* ---- the sink -------------------------------------------------------------------------- */

static void *chunk_begin(void *user, uint64_t seq, int scenario, uint64_t first,
                         uint64_t n)
{
    struct trials_csv *t = user;
    (void)scenario;
    (void)first;
    pthread_mutex_lock(&t->mu);
    while (seq >= t->next + t->n_slots)
        pthread_cond_wait(&t->cond, &t->mu);
    struct slot *sl = &t->slots[seq % t->n_slots];
    assert(sl->state == SLOT_FREE);
    sl->state = SLOT_FILLING;
    pthread_mutex_unlock(&t->mu);
    (void)n;
    sl->seq = seq;
    sl->len = 0;
    sl->rows = 0;
    sl->nomem = 0;
    return sl;
}

static void chunk_trial(void *chunk, const struct trial_result *r)
{
    struct slot *sl = chunk;
    const struct trials_csv *t = sl->t;
    const struct plan *p = t->p;
    if (sl->len + t->row_max > sl->cap && !sl->nomem) {
        /* A buffer grows in its first units only: it is kept for the next ones. */
        size_t cap = sl->cap ? 2 * sl->cap : 64 * t->row_max;
        char *b = realloc(sl->buf, cap);
        if (b) {
            sl->buf = b;
            sl->cap = cap;
        } else {
            sl->nomem = 1;
        }
    }
    if (sl->nomem)
        return;
    char *o = sl->buf + sl->len;
    o = put_str(o, t->scen[r->scenario]);
    *o++ = ',';
    o += put_u64(o, r->trial);
    *o++ = ',';
    o = put_str(o, mc_outcome_name(r->in_place ? MC_OUTCOME_IN_PLACE : MC_OUTCOME_FAILED_OVER));
    *o++ = ',';
    *o++ = r->abandoned ? '1' : '0';
    *o++ = ',';
    o = put_utc(o, p->calendar.epoch_days, r->start_abs_s);
    const double v[5] = {r->outage_s, r->rto_s, r->rpo_s, r->rpo_all_s, r->full_s};
    struct memo mm;
    mm.n = mm.next = 0;
    for (int i = 0; i < 5; i++) {
        *o++ = ',';
        o = put_num(o, v[i], &mm);
    }
    *o++ = ',';
    int end = path_end(r);
    if (end >= 0)
        o = put_str(o, t->step[t->step_first[r->scenario] + end]);
    for (int k = 0; k < p->n_services; k++) {
        *o++ = ',';
        o = put_num(o, r->service_rto_s[k], &mm);
        *o++ = ',';
        o = put_num(o, r->service_rpo_s[k], &mm);
    }
    *o++ = '\r';
    *o++ = '\n';
    sl->len = (size_t)(o - sl->buf);
    sl->rows++;
}

/* Write the done units from t->next on, in order; under t->mu. */
static void flush_ready(struct trials_csv *t)
{
    for (;;) {
        struct slot *sl = &t->slots[t->next % t->n_slots];
        if (sl->state != SLOT_DONE || sl->seq != t->next)
            break;
        if (t->error == TRIALS_CSV_OK && sl->nomem)
            t->error = TRIALS_CSV_NOMEM;
        if (t->error == TRIALS_CSV_OK) {
            errno = 0;
            if (sl->len && fwrite(sl->buf, 1, sl->len, t->f) != sl->len) {
                t->error = TRIALS_CSV_IO;
                t->err_no = errno ? errno : EIO;
            } else {
                t->rows += sl->rows;
            }
        }
        sl->state = SLOT_FREE;
        t->next++;
    }
}

static int chunk_end(void *user, void *chunk)
{
    struct trials_csv *t = user;
    struct slot *sl = chunk;
    pthread_mutex_lock(&t->mu);
    sl->state = SLOT_DONE;
    flush_ready(t);
    pthread_cond_broadcast(&t->cond);
    int failed = t->error != TRIALS_CSV_OK;
    pthread_mutex_unlock(&t->mu);
    return failed;
}

void trials_csv_sink(struct trials_csv *t, struct mc_sink *sink)
{
    sink->user = t;
    sink->chunk_begin = chunk_begin;
    sink->trial = chunk_trial;
    sink->chunk_end = chunk_end;
    sink->put = NULL; /* rows in trial order in one file: it cannot be split */
    sink->merge = NULL;
    sink->reset = NULL;
    sink->figures_only = 0; /* a row reads more than the figures */
}

/* ---- the writer ------------------------------------------------------------------------ */

void trials_csv_free(struct trials_csv *t)
{
    if (t == NULL)
        return;
    for (int s = 0; t->scen && s < t->p->n_scenarios; s++)
        free(t->scen[s]);
    free(t->scen);
    if (t->step && t->step_first) {
        int n = 0;
        for (int s = 0; s < t->p->n_scenarios; s++)
            n += t->p->scenarios[s].n_steps;
        for (int i = 0; i < n; i++)
            free(t->step[i]);
    }
    free(t->step);
    free(t->step_first);
    for (uint64_t i = 0; t->slots && i < t->n_slots; i++)
        free(t->slots[i].buf);
    free(t->slots);
    pthread_mutex_destroy(&t->mu);
    pthread_cond_destroy(&t->cond);
    free(t);
}

/* The header row, into f. */
static void write_header(struct trials_csv *t)
{
    static const char *const fixed[] = {"scenario", "trial", "outcome", "abandoned",
                                        "start_utc", "outage_s", "rto_s", "rpo_s",
                                        "rpo_all_s", "full_s", "critical_path_end"};
    struct csvw w;
    char name[600];
    csvw_init(&w, t->f);
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        csvw_field(&w, fixed[i]);
    for (int k = 0; k < t->p->n_services; k++)
        for (int j = 0; j < 2; j++) {
            snprintf(name, sizeof name, "%s.%s", t->p->services[k].name, j ? "rpo_s" : "rto_s");
            csvw_field(&w, name);
        }
    csvw_end_row(&w);
    if (csvw_error(&w)) {
        t->error = TRIALS_CSV_IO;
        t->err_no = errno ? errno : EIO;
    }
}

enum trials_csv_status trials_csv_new(FILE *f, const struct plan *p, int threads,
                                      struct trials_csv **out)
{
    *out = NULL;
    struct trials_csv *t = calloc(1, sizeof *t);
    if (!t)
        return TRIALS_CSV_NOMEM;
    t->f = f;
    t->p = p;
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cond, NULL);
    int n_steps = 0;
    for (int s = 0; s < p->n_scenarios; s++)
        n_steps += p->scenarios[s].n_steps;
    t->n_slots = 2 * (uint64_t)(threads > 1 ? threads : 1);
    t->scen = calloc((size_t)p->n_scenarios + 1, sizeof *t->scen);
    t->step = calloc((size_t)n_steps + 1, sizeof *t->step);
    t->step_first = calloc((size_t)p->n_scenarios + 1, sizeof *t->step_first);
    t->slots = calloc(t->n_slots, sizeof *t->slots);
    if (!t->scen || !t->step || !t->step_first || !t->slots)
        goto nomem;
    /* A row's largest size: its names, the numbers, the date, separators and CRLF. */
    size_t longest_scen = 0, longest_step = 0;
    for (int s = 0, i = 0; s < p->n_scenarios; s++) {
        if (!(t->scen[s] = field_dup(p->scenarios[s].name)))
            goto nomem;
        if (strlen(t->scen[s]) > longest_scen)
            longest_scen = strlen(t->scen[s]);
        t->step_first[s] = i;
        for (int j = 0; j < p->scenarios[s].n_steps; j++, i++) {
            if (!(t->step[i] = field_dup(p->scenarios[s].steps[j].name)))
                goto nomem;
            if (strlen(t->step[i]) > longest_step)
                longest_step = strlen(t->step[i]);
        }
    }
    t->row_max = longest_scen + longest_step + 96 /* trial, outcome, abandoned, date */ +
                 (5 + 2 * (size_t)p->n_services) * (NUM_MAX + 1) + 16;
    for (uint64_t i = 0; i < t->n_slots; i++)
        t->slots[i].t = t;
    write_header(t);
    if (t->error != TRIALS_CSV_OK) {
        enum trials_csv_status st = t->error;
        trials_csv_free(t);
        return st;
    }
    *out = t;
    return TRIALS_CSV_OK;
nomem:
    trials_csv_free(t);
    return TRIALS_CSV_NOMEM;
}

enum trials_csv_status trials_csv_finish(struct trials_csv *t)
{
    pthread_mutex_lock(&t->mu);
    enum trials_csv_status st = t->error;
    pthread_mutex_unlock(&t->mu);
    if (st == TRIALS_CSV_OK && fflush(t->f) != 0) {
        t->error = st = TRIALS_CSV_IO;
        t->err_no = errno ? errno : EIO;
    }
    return st;
}

int trials_csv_errno(const struct trials_csv *t)
{
    return t->err_no;
}

uint64_t trials_csv_rows(const struct trials_csv *t)
{
    return t->rows;
}
