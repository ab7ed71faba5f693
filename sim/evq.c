/* sim/evq.c: binary min-heap on a fixed array, keyed by (time, sequence). */
#include "sim/evq.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

struct evq {
    struct evq_event *heap; /* heap[0] is the earliest; children of i are 2i+1, 2i+2 */
    size_t n;               /* events queued */
    size_t cap;             /* fixed capacity */
    uint64_t next_seq;      /* sequence number of the next push */
};

struct evq *evq_new(size_t capacity)
{
    assert(capacity >= 1);
    struct evq *q = malloc(sizeof *q);
    if (q == NULL)
        return NULL;
    q->heap = malloc(capacity * sizeof *q->heap);
    if (q->heap == NULL) {
        free(q);
        return NULL;
    }
    q->n = 0;
    q->cap = capacity;
    q->next_seq = 0;
    return q;
}

void evq_free(struct evq *q)
{
    if (q == NULL)
        return;
    free(q->heap);
    free(q);
}

void evq_clear(struct evq *q)
{
    q->n = 0;
    q->next_seq = 0;
}

/* Whether a comes strictly before b. */
static inline int before(const struct evq_event *a, const struct evq_event *b)
{
    return a->t_s < b->t_s || (a->t_s == b->t_s && a->seq < b->seq);
}

int evq_push(struct evq *q, double t_s, int kind, int arg)
{
    assert(!isnan(t_s));
    if (q->n == q->cap)
        return -1;
    struct evq_event e = {t_s, q->next_seq++, kind, arg};
    size_t i = q->n++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!before(&e, &q->heap[parent]))
            break;
        q->heap[i] = q->heap[parent];
        i = parent;
    }
    q->heap[i] = e;
    return 0;
}

int evq_pop(struct evq *q, struct evq_event *out)
{
    if (q->n == 0)
        return 0;
    *out = q->heap[0];
    struct evq_event last = q->heap[--q->n];
    size_t n = q->n, i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && before(&q->heap[c + 1], &q->heap[c]))
            c++;
        if (!before(&q->heap[c], &last))
            break;
        q->heap[i] = q->heap[c];
        i = c;
    }
    if (n > 0)
        q->heap[i] = last;
    return 1;
}

const struct evq_event *evq_peek(const struct evq *q)
{
    return q->n ? &q->heap[0] : NULL;
}

size_t evq_size(const struct evq *q)
{
    return q->n;
}

size_t evq_capacity(const struct evq *q)
{
    return q->cap;
}
