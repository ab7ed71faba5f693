/* bench/bench_trials.c: trials per second of the engine, single-threaded and on every
 * core, and the memory a run takes.
 *
 *   build/bench/bench_trials PLAN|builtin TRIALS THREADS [REPEATS]
 *
 * Prints one line per repeat and the median: trials/s (all scenarios counted), trials/s
 * per thread, and the peak resident set of the process. Timing covers mc_run only (plan
 * loading excluded), i.e. trials, statistics and sorting.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "models/load.h"
#include "sim/mc.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s PLAN|builtin TRIALS THREADS [REPEATS]\n", argv[0]);
        return 2;
    }
    uint64_t trials = strtoull(argv[2], NULL, 10);
    int threads = atoi(argv[3]);
    int repeats = argc > 4 ? atoi(argv[4]) : 5;
    if (repeats < 1 || repeats > 99)
        repeats = 5;

    struct diag_list diags;
    struct plan *p = NULL;
    char *text = NULL;
    enum load_status st;
    if (strcmp(argv[1], "builtin") == 0) {
        size_t len;
        const char *t = load_builtin_text(&len);
        diag_init(&diags, "builtin", t, len);
        st = load_plan_builtin(&diags, &p);
    } else {
        st = load_plan_file(argv[1], &diags, &text, &p);
    }
    if (st != LOAD_OK) {
        diag_print(&diags, stderr);
        diag_fini(&diags);
        free(text);
        return 2;
    }
    diag_fini(&diags);

    double rates[99];
    for (int i = 0; i < repeats; i++) {
        struct mc_results *r = NULL;
        double t0 = now();
        enum mc_status ms = mc_run(p, trials, 1 + (uint64_t)i, threads, NULL, NULL, &r);
        double el = now() - t0;
        if (ms != MC_OK) {
            fprintf(stderr, "mc_run: %s\n", mc_strerror(ms));
            return 3;
        }
        double total = (double)trials * (double)p->n_scenarios;
        rates[i] = total / el;
        printf("  run %d: %.3f s, %.0f trials/s (%.0f per thread)\n", i + 1, el, rates[i],
               rates[i] / threads);
        mc_results_free(r);
    }
    qsort(rates, (size_t)repeats, sizeof rates[0], cmp_double);
    double med = rates[repeats / 2];
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%s: %llu trials x %d scenarios, %d thread(s): median %.0f trials/s, %.0f per "
           "thread; 1e6 trials per scenario would take %.2f s; peak RSS %.0f MB\n",
           p->name, (unsigned long long)trials, p->n_scenarios, threads, med, med / threads,
           1e6 * p->n_scenarios / med, ru.ru_maxrss / 1024.0);
    plan_free(p);
    free(text);
    return 0;
}
