/* sim/evq.c: creation and release of the event queue; the heap operations are inline
 * in sim/evq.h. */
#include "sim/evq.h"

#include <assert.h>
#include <stdlib.h>

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
