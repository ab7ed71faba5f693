/* tests/hooks.c: hooks that only the test binary carries.
 *
 * Release code carries no test hooks (issue 9): what the sanitizers and leak checkers
 * need to run the tests cleanly lives here, linked into build/drsim-tests only.
 */

/* LeakSanitizer reads this hook at start-up (builds without it never call it).
 * fontconfig, which cairo's toy font API initializes the first time a chart draws text,
 * loses a few hundred bytes while parsing its configuration files: a leak inside
 * fontconfig that drsim can neither own nor free. The suppression keeps it out of the
 * `make asan` reports of the tests that draw (tests/valgrind.supp does the same for
 * `make valgrind`; tests/lsan.supp for the drsim binary the CLI tests run). cairo's own
 * font caches stay reachable from its static data, so they are not reported. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}
