/* sim/evq.h: the event queue of the discrete-event simulation.
 *
 * Events ordered by (time, insertion order): the earliest event comes out first, and
 * events at the same time come out in the order they were pushed (FIFO), never in an
 * order that depends on addresses or on the queue's layout. The capacity is fixed when the
 * queue is created; pushing and popping allocate nothing, so a trial can run many events
 * on a queue made once per worker. evq_clear empties the queue in O(1), for the next
 * trial.
 *
 * An event carries a kind and one integer argument, both the caller's to interpret
 * (for the engine: step end/step index, person arrival/person id, ...).
 *
 * The events are kept in that order in a window [head, tail) of an array of twice the
 * capacity: a pop takes the event at head; a push walks back from tail past the events
 * later than the new one, shifting each up one place, and puts it after those at its time
 * or earlier (pushed before it, they come out first). So the order needs no sequence
 * number, and an event is 16 bytes. A trial's queue holds a handful of events and most
 * pushes are later than all of them, so a push moves almost nothing: the queue costs
 * about half the instructions of the binary heap keyed by (time, sequence number) it
 * replaced, whose every pop sifted through the heap (3 % of a small plan's instructions).
 * A push that finds tail at the end of the array first moves the window back to its start
 * (the window is never longer than the capacity, so that is at most once per `capacity`
 * pushes). A queue holding many events at scattered times would do better as a heap;
 * a trial's does not.
 *
 * The operations are static inline functions here rather than calls into evq.c: a trial
 * pushes and pops a few dozen events and the engine runs about a million trials per
 * second per core, so the call overhead was a measurable share of the run (about 6 % of
 * a small plan's run time). That is why struct evq is declared in the header; its
 * invariants (sorted window, tail - head <= cap) are kept only if it is used through these
 * functions.
 */
#ifndef DRSIM_EVQ_H
#define DRSIM_EVQ_H

#include <assert.h>
#include <stddef.h>
#include <stdlib.h>

struct evq_event {
    double t_s;         /* simulated time, seconds */
    int kind;           /* caller-defined */
    int arg;            /* caller-defined */
};

/* The queue. Its fields are visible only so that push, pop and peek can be inlined into
 * the engine's inner loop (they run tens of times per trial, millions of trials per
 * second); treat them as private and use the functions. */
struct evq {
    struct evq_event *ev;   /* [2 * cap]; ev[head .. tail) queued, earliest first */
    size_t head;            /* index of the earliest event */
    size_t tail;            /* one past the latest event */
    size_t cap;             /* fixed capacity */
};

/* A new empty queue that holds at most `capacity` (>= 1) events. NULL when out of
 * memory. */
struct evq *evq_new(size_t capacity);

/* Release the queue; NULL is a no-op. */
void evq_free(struct evq *q);

/* Make *q, a queue kept inside the caller's struct, empty with room for `capacity` (>= 1)
 * events. Returns 0, or -1 when out of memory (q->ev is then NULL). Release it with
 * evq_fini. The engine's worker holds its queue so: every operation then reads the queue
 * at a fixed offset from the worker rather than through a pointer loaded first, which
 * saved about 0.5 % of a small plan's instructions. */
static inline int evq_init(struct evq *q, size_t capacity)
{
    assert(capacity >= 1);
    q->ev = malloc(2 * capacity * sizeof *q->ev);
    q->head = q->tail = 0;
    q->cap = capacity;
    return q->ev != NULL ? 0 : -1;
}

/* Release what evq_init took (a queue whose init failed, or all zero, included). */
static inline void evq_fini(struct evq *q)
{
    free(q->ev);
    q->ev = NULL;
}

/* Empty the queue. O(1). */
static inline void evq_clear(struct evq *q)
{
    q->head = q->tail = 0;
}

/* Move the queued events to the start of the array (for evq_push, when tail has reached
 * its end; out of line, as it is rare). */
void evq_rewind(struct evq *q);

/* evq_push (below) without its test of a full queue, for a caller whose queue is sized
 * for every event it can hold at once (the engine's: trial_worker_new sizes it), so that
 * the push cannot fail; evq_push is this after that test. The capacity is asserted only
 * when the window is moved back to the array's start, which keeps the array's bounds:
 * between two moves the window stays inside the array whatever its length, and the move
 * asserts that it still fits the capacity. Not testing the capacity at every push took
 * 0.58 % of the small plan's instructions (callgrind). */
static inline void evq_push_sized(struct evq *q, double t_s, int kind, int arg)
{
    if (q->tail == 2 * q->cap) {
        assert(q->tail - q->head < q->cap);
        evq_rewind(q);
    }
    /* After every event at its time or earlier: those were pushed before it. */
    size_t i = q->tail++;
    while (i > q->head && t_s < q->ev[i - 1].t_s) {
        q->ev[i] = q->ev[i - 1];
        i--;
    }
    q->ev[i] = (struct evq_event){t_s, kind, arg};
}

/* Add an event at time t_s (any double but NAN; INFINITY sorts last). Returns 0, or -1
 * when the queue is full (the event is not added). */
static inline int evq_push(struct evq *q, double t_s, int kind, int arg)
{
    if (q->tail - q->head == q->cap)
        return -1;
    evq_push_sized(q, t_s, kind, arg);
    return 0;
}

/* Remove the earliest event (smallest time, then pushed first) into *out. Returns 1,
 * or 0 when the queue is empty (*out untouched). */
static inline int evq_pop(struct evq *q, struct evq_event *out)
{
    if (q->head == q->tail)
        return 0;
    *out = q->ev[q->head++];
    return 1;
}

/* Put back the event the last evq_pop removed, when nothing was pushed or cleared since:
 * it is the earliest again. */
static inline void evq_unpop(struct evq *q)
{
    q->head--;
}

/* The earliest event without removing it; NULL when empty. Valid until the next push,
 * pop or clear. */
static inline const struct evq_event *evq_peek(const struct evq *q)
{
    return q->head != q->tail ? &q->ev[q->head] : NULL;
}

/* Number of events queued, and the capacity. */
static inline size_t evq_size(const struct evq *q)
{
    return q->tail - q->head;
}

static inline size_t evq_capacity(const struct evq *q)
{
    return q->cap;
}

#endif
