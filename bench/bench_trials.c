/* bench/bench_trials.c: trials per second of the engine, single-threaded and on every
 * core, and the memory a run takes.
 *
 *   build/bench/bench_trials PLAN|builtin TRIALS THREADS [REPEATS [TARGET]]
 *
 * Prints one line per repeat and the median: trials/s (all scenarios counted), trials/s
 * per thread, trials per CPU second (the process's CPU time over the run: on a machine
 * shared with other work, the figure that load does not divide), and the peak resident
 * set of the process. Timing covers mc_run only (plan loading excluded), i.e. trials and
 * their statistics. TARGET, trials/s per core, adds a line saying whether the median per
 * CPU second reaches it (docs/performance.md keeps the targets).
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

/* CPU seconds of the whole process (all its threads). */
static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
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
        fprintf(stderr, "usage: %s PLAN|builtin TRIALS THREADS [REPEATS [TARGET]]\n", argv[0]);
        return 2;
    }
    uint64_t trials = strtoull(argv[2], NULL, 10);
    int threads = atoi(argv[3]);
    int repeats = argc > 4 ? atoi(argv[4]) : 5;
    double target = argc > 5 ? strtod(argv[5], NULL) : 0.0;
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

    double rates[99], cpu_rates[99];
    for (int i = 0; i < repeats; i++) {
        struct mc_results *r = NULL;
        double t0 = now(), c0 = cpu_now();
        enum mc_status ms = mc_run(p, trials, 1 + (uint64_t)i, threads, NULL, NULL, &r);
        double el = now() - t0, cpu = cpu_now() - c0;
        if (ms != MC_OK) {
            fprintf(stderr, "mc_run: %s\n", mc_strerror(ms));
            return 3;
        }
        double total = (double)trials * (double)p->n_scenarios;
        rates[i] = total / el;
        cpu_rates[i] = total / cpu;
        printf("  run %d: %.3f s, %.0f trials/s (%.0f per thread), %.3f CPU s, %.0f trials "
               "per CPU second\n", i + 1, el, rates[i], rates[i] / threads, cpu, cpu_rates[i]);
        mc_results_free(r);
    }
    qsort(rates, (size_t)repeats, sizeof rates[0], cmp_double);
    qsort(cpu_rates, (size_t)repeats, sizeof cpu_rates[0], cmp_double);
    double med = rates[repeats / 2], cpu_med = cpu_rates[repeats / 2];
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%s: %llu trials x %d scenarios, %d thread(s): median %.0f trials/s, %.0f per "
           "thread; 1e6 trials per scenario would take %.2f s; peak RSS %.0f MB\n",
           p->name, (unsigned long long)trials, p->n_scenarios, threads, med, med / threads,
           1e6 * p->n_scenarios / med, ru.ru_maxrss / 1024.0);
    printf("  median %.0f trials per CPU second\n", cpu_med);
    if (target > 0.0)
        printf("  target %.0f trials/s per core: %s (%.2f of it per CPU second)\n", target,
               cpu_med >= target ? "met" : "NOT met", cpu_med / target);
    plan_free(p);
    free(text);
    return 0;
}
