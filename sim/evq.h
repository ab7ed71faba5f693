/* sim/evq.h: the event queue of the discrete-event simulation.
 *
 * A binary min-heap of events keyed by (time, insertion sequence): the earliest event
 * comes out first, and events at the same time come out in the order they were pushed
 * (FIFO), never in an order that depends on addresses or on the heap's shape. The
 * capacity is fixed when the queue is created; pushing and popping allocate nothing, so
 * a trial can run many events on a queue made once per worker. evq_clear empties the
 * queue in O(1) and restarts the sequence numbers, for the next trial.
 *
 * An event carries a kind and one integer argument, both the caller's to interpret
 * (for the engine: step end/step index, person arrival/person id, ...).
 *
 * The heap operations are static inline functions here rather than calls into evq.c:
 * a trial pushes and pops a few dozen events and the engine runs about a million trials
 * per second per core, so the call overhead was a measurable share of the run (about 6 %
 * of a small plan's run time). That is why struct evq is declared in the header; its
 * invariants (heap order, n <= cap) are kept only if it is used through these functions.
 */
#ifndef DRSIM_EVQ_H
#define DRSIM_EVQ_H

#include <stddef.h>
#include <stdint.h>

struct evq_event {
    double t_s;         /* simulated time, seconds */
    uint64_t seq;       /* insertion sequence number since the last clear, breaks ties */
    int kind;           /* caller-defined */
    int arg;            /* caller-defined */
};

/* The queue. Its fields are visible only so that push, pop and peek can be inlined into
 * the engine's inner loop (they run tens of times per trial, millions of trials per
 * second); treat them as private and use the functions. */
struct evq {
    struct evq_event *heap; /* heap[0] is the earliest; children of i are 2i+1 and 2i+2 */
    size_t n;               /* events queued */
    size_t cap;             /* fixed capacity */
    uint64_t next_seq;      /* sequence number of the next push */
};

/* A new empty queue that holds at most `capacity` (>= 1) events. NULL when out of
 * memory. */
struct evq *evq_new(size_t capacity);

/* Release the queue; NULL is a no-op. */
void evq_free(struct evq *q);

/* Empty the queue and restart sequence numbers at 0. O(1). */
static inline void evq_clear(struct evq *q)
{
    q->n = 0;
    q->next_seq = 0;
}

/* Whether event a comes strictly before event b. */
static inline int evq_before(const struct evq_event *a, const struct evq_event *b)
{
    return a->t_s < b->t_s || (a->t_s == b->t_s && a->seq < b->seq);
}

/* Add an event at time t_s (any double but NAN; INFINITY sorts last). Returns 0, or -1
 * when the queue is full (the event is not added). */
static inline int evq_push(struct evq *q, double t_s, int kind, int arg)
{
    if (q->n == q->cap)
        return -1;
    struct evq_event e = {t_s, q->next_seq++, kind, arg};
    size_t i = q->n++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!evq_before(&e, &q->heap[parent]))
            break;
        q->heap[i] = q->heap[parent];
        i = parent;
    }
    q->heap[i] = e;
    return 0;
}

/* Remove the earliest event (smallest time, then smallest sequence) into *out. Returns 1,
 * or 0 when the queue is empty (*out untouched). */
static inline int evq_pop(struct evq *q, struct evq_event *out)
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
        if (c + 1 < n && evq_before(&q->heap[c + 1], &q->heap[c]))
            c++;
        if (!evq_before(&q->heap[c], &last))
            break;
        q->heap[i] = q->heap[c];
        i = c;
    }
    if (n > 0)
        q->heap[i] = last;
    return 1;
}

/* The earliest event without removing it; NULL when empty. Valid until the next push,
 * pop or clear. */
static inline const struct evq_event *evq_peek(const struct evq *q)
{
    return q->n ? &q->heap[0] : NULL;
}

/* Number of events queued, and the capacity. */
static inline size_t evq_size(const struct evq *q)
{
    return q->n;
}

static inline size_t evq_capacity(const struct evq *q)
{
    return q->cap;
}

#endif
