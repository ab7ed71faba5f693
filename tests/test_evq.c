/* tests/test_evq.c: the event queue orders by (time, insertion order). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "sim/evq.h"

Test(evq, earliest_first_and_fifo_at_equal_times)
{
    struct evq *q = evq_new(16);
    cr_assert_not_null(q);
    cr_assert_eq(evq_push(q, 5.0, 0, 1), 0);
    cr_assert_eq(evq_push(q, 1.0, 0, 2), 0);
    cr_assert_eq(evq_push(q, 5.0, 0, 3), 0);
    cr_assert_eq(evq_push(q, INFINITY, 0, 4), 0);
    cr_assert_eq(evq_push(q, 5.0, 0, 5), 0);
    cr_assert_eq(evq_push(q, 0.0, 0, 6), 0);
    int want[] = {6, 2, 1, 3, 5, 4};
    struct evq_event e;
    cr_assert_eq(evq_peek(q)->arg, 6);
    for (int i = 0; i < 6; i++) {
        cr_assert_eq(evq_pop(q, &e), 1);
        cr_assert_eq(e.arg, want[i], "pop %d gave %d", i, e.arg);
    }
    cr_assert_eq(evq_pop(q, &e), 0);
    cr_assert_null(evq_peek(q));
    evq_free(q);
}

Test(evq, capacity_is_fixed)
{
    struct evq *q = evq_new(3);
    for (int i = 0; i < 3; i++)
        cr_assert_eq(evq_push(q, (double)i, 0, i), 0);
    cr_assert_eq(evq_push(q, 0.5, 0, 9), -1);
    cr_assert_eq(evq_size(q), 3u);
    cr_assert_eq(evq_capacity(q), 3u);
    evq_clear(q);
    cr_assert_eq(evq_size(q), 0u);
    cr_assert_eq(evq_push(q, 1.0, 7, 8), 0);
    struct evq_event e;
    cr_assert_eq(evq_pop(q, &e), 1);
    cr_assert_eq(e.kind, 7);
    cr_assert_eq(e.arg, 8);
    evq_free(q);
}

/* A queue kept near full for many more pushes than its array holds: the window moves
 * back to the array's start with events queued, and the order holds across it. */
Test(evq, order_holds_as_the_window_moves_back)
{
    struct evq *q = evq_new(3);
    struct evq_event e;
    cr_assert_eq(evq_push(q, 0.0, 0, 0), 0);
    cr_assert_eq(evq_push(q, 1.0, 0, 1), 0);
    for (int i = 2; i < 40; i++) {
        /* Alternately later than both queued events and tied with the latest. */
        double t = i % 2 ? (double)(i - 1) : (double)i;
        cr_assert_eq(evq_push(q, t, 0, i), 0);
        cr_assert_eq(evq_pop(q, &e), 1);
        cr_assert_eq(e.arg, i - 2, "pop after push %d gave %d", i, e.arg);
    }
    cr_assert_eq(evq_size(q), 2u);
    evq_free(q);
}

/* Random pushes and pops against a reference that scans for the minimum. */
Test(evq, matches_a_reference_under_random_use)
{
    enum { CAP = 64 };
    struct evq *q = evq_new(CAP);
    struct {
        double t_s;
        uint64_t seq;   /* push order */
        int arg;
    } ref[CAP];
    int n = 0;
    uint64_t seq = 0;
    srand(12345); /* test data only; the engine never uses rand() */
    for (int step = 0; step < 20000; step++) {
        if (n < CAP && (n == 0 || rand() % 3 != 0)) {
            double t = (double)(rand() % 50); /* many ties */
            cr_assert_eq(evq_push(q, t, 0, step), 0);
            ref[n].t_s = t;
            ref[n].seq = seq++;
            ref[n++].arg = step;
        } else {
            int best = 0;
            for (int i = 1; i < n; i++)
                if (ref[i].t_s < ref[best].t_s ||
                    (ref[i].t_s == ref[best].t_s && ref[i].seq < ref[best].seq))
                    best = i;
            struct evq_event e;
            cr_assert_eq(evq_pop(q, &e), 1);
            cr_assert_eq(e.arg, ref[best].arg);
            cr_assert_eq(e.t_s, ref[best].t_s);
            ref[best] = ref[--n];
        }
        cr_assert_eq(evq_size(q), (size_t)n);
    }
    evq_free(q);
    evq_free(NULL);
}

/* evq_push_sized (the engine's push, which leaves out the capacity test) queues exactly as
 * evq_push: the same random pushes and pops on two queues give the same events, across many
 * moves of the window back to the array's start. */
Test(evq, push_sized_queues_as_push)
{
    enum { CAP = 8 };
    struct evq *a = evq_new(CAP), *b = evq_new(CAP);
    cr_assert_not_null(a);
    cr_assert_not_null(b);
    srand(54321); /* test data only; the engine never uses rand() */
    for (int step = 0; step < 20000; step++) {
        if (evq_size(a) < CAP && (evq_size(a) == 0 || rand() % 2 != 0)) {
            double t = (double)(rand() % 20); /* many ties */
            cr_assert_eq(evq_push(a, t, step % 5, step), 0);
            evq_push_sized(b, t, step % 5, step);
        } else {
            struct evq_event x, y;
            cr_assert_eq(evq_pop(a, &x), 1);
            cr_assert_eq(evq_pop(b, &y), 1);
            cr_assert_eq(x.t_s, y.t_s);
            cr_assert_eq(x.kind, y.kind);
            cr_assert_eq(x.arg, y.arg, "step %d: %d against %d", step, x.arg, y.arg);
        }
        cr_assert_eq(evq_size(a), evq_size(b));
    }
    evq_free(a);
    evq_free(b);
}

/* evq_unpop puts the event just popped back at the front: it comes out again, before the
 * events at its time pushed after it. */
Test(evq, unpop_puts_the_event_back_first)
{
    struct evq *q = evq_new(4);
    cr_assert_eq(evq_push(q, 2.0, 0, 1), 0);
    cr_assert_eq(evq_push(q, 2.0, 0, 2), 0);
    cr_assert_eq(evq_push(q, 3.0, 0, 3), 0);
    struct evq_event e;
    cr_assert_eq(evq_pop(q, &e), 1);
    cr_assert_eq(e.arg, 1);
    evq_unpop(q);
    cr_assert_eq(evq_size(q), 3u);
    int want[] = {1, 2, 3};
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(evq_pop(q, &e), 1);
        cr_assert_eq(e.arg, want[i]);
    }
    evq_free(q);
}

/* A queue held in the caller's struct (evq_init) queues as one from evq_new, through the
 * window's moves back to the array's start; evq_fini releases it, and a zeroed queue too. */
Test(evq, init_in_place_queues_as_new)
{
    struct evq in = {0}, *q = evq_new(4);
    cr_assert_not_null(q);
    cr_assert_eq(evq_init(&in, 4), 0);
    cr_assert_eq(evq_capacity(&in), 4u);
    srand(7);
    for (int i = 0; i < 200; i++) {
        if (evq_size(q) < 4 && rand() % 3 != 0) {
            double t = (double)(rand() % 5);
            cr_assert_eq(evq_push(q, t, 0, i), 0);
            evq_push_sized(&in, t, 0, i);
        } else {
            struct evq_event a, b;
            int ra = evq_pop(q, &a), rb = evq_pop(&in, &b);
            cr_assert_eq(ra, rb);
            if (ra)
                cr_assert(a.t_s == b.t_s && a.arg == b.arg, "step %d", i);
        }
        cr_assert_eq(evq_size(q), evq_size(&in));
    }
    evq_fini(&in);
    cr_assert_null(in.ev);
    evq_fini(&in);
    evq_free(q);
}
