/* sim/evq.c: creation and release of the event queue; its operations are inline in
 * sim/evq.h. */
#include "sim/evq.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

struct evq *evq_new(size_t capacity)
{
    assert(capacity >= 1);
    struct evq *q = malloc(sizeof *q);
    if (q == NULL)
        return NULL;
    q->ev = malloc(2 * capacity * sizeof *q->ev);
    if (q->ev == NULL) {
        free(q);
        return NULL;
    }
    q->head = q->tail = 0;
    q->cap = capacity;
    return q;
}

void evq_rewind(struct evq *q)
{
    size_t n = q->tail - q->head;
    memmove(q->ev, q->ev + q->head, n * sizeof *q->ev);
    q->head = 0;
    q->tail = n;
}

void evq_free(struct evq *q)
{
    if (q == NULL)
        return;
    free(q->ev);
    free(q);
}
