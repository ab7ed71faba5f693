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

struct evq;

/* A new empty queue that holds at most `capacity` (>= 1) events. NULL when out of
 * memory. */
struct evq *evq_new(size_t capacity);

/* Release the queue; NULL is a no-op. */
void evq_free(struct evq *q);

/* Empty the queue and restart sequence numbers at 0. O(1). */
void evq_clear(struct evq *q);

/* Add an event at time t_s (any double but NAN; INFINITY sorts last). Returns 0, or -1
 * when the queue is full (the event is not added). */
int evq_push(struct evq *q, double t_s, int kind, int arg);

/* Remove the earliest event (smallest time, then smallest sequence) into *out. Returns 1,
 * or 0 when the queue is empty (*out untouched). */
int evq_pop(struct evq *q, struct evq_event *out);

/* The earliest event without removing it; NULL when empty. Valid until the next push,
 * pop or clear. */
const struct evq_event *evq_peek(const struct evq *q);

/* Number of events queued, and the capacity. */
size_t evq_size(const struct evq *q);
size_t evq_capacity(const struct evq *q);

#endif
