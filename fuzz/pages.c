/* fuzz/pages.c: fuzz target "pages", the CSV reader (models/csv.h), the page-export
 * reader (models/pages.h) and the CSV writer (reports/csvw.h).
 *
 * Every input is a page export. It is read against the built-in CommCare plan, as
 * `drsim calibrate --pages` reads one against the plan it is given, and the diagnostics
 * are rendered into memory; for an export that reads, the response samples of every
 * role and period are gathered, as calibration gathers them. Independently, the input
 * is read as plain CSV; when it reads, the table is written back with the RFC 4180
 * writer and read again, and the two tables must hold the same fields (a finding
 * otherwise): what the reader accepts, the writer can write and the reader read back.
 *
 * The plan is loaded once, in LLVMFuzzerInitialize, and only read afterwards; libFuzzer
 * offers no other place to keep it between inputs, hence the one static pointer.
 */
#include "fuzz/harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/csv.h"
#include "models/diag.h"
#include "models/load.h"
#include "models/pages.h"
#include "reports/csvw.h"

static struct plan *fuzz_plan;  /* the built-in plan, loaded once, read-only afterwards */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_plan = harness_builtin_plan("pages");
    return 0;
}

/* The response samples of every role and period, as calibrate_add_pages takes them. */
static void use_log(const struct pages_log *log)
{
    for (int r = 0; r < fuzz_plan->n_roles; r++) {
        for (int k = 0; k < SCHED_N_PERIODS; k++) {
            double *v = NULL;
            int n = pages_response_samples(log, r, (enum sched_period)k, &v);
            for (int i = 0; i < n; i++) {
                if (!(v[i] > 0.0) || !isfinite(v[i])) {
                    fprintf(stderr, "fuzz pages: a response time of %g s\n", v[i]);
                    abort();
                }
            }
            free(v);
        }
    }
}

static void write_row(struct csvw *w, const struct csv_row *row)
{
    for (int i = 0; i < row->n_fields; i++)
        csvw_field_len(w, row->fields[i].text, row->fields[i].len);
    csvw_end_row(w);
}

static int same_row(const struct csv_row *a, const struct csv_row *b)
{
    if (a->n_fields != b->n_fields)
        return 0;
    for (int i = 0; i < a->n_fields; i++)
        if (a->fields[i].len != b->fields[i].len ||
            memcmp(a->fields[i].text, b->fields[i].text, a->fields[i].len) != 0)
            return 0;
    return 1;
}

/* Write table t with csvw and read it back: the same fields, or abort. */
static void round_trip(const struct csv_table *t)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct csvw w;
    struct diag_list d;
    struct csv_table *back = NULL;
    int ok;

    if (f == NULL)
        abort();
    csvw_init(&w, f);
    write_row(&w, &t->header);
    for (int i = 0; i < t->n_rows; i++)
        write_row(&w, &t->rows[i]);
    if (csvw_error(&w) || fclose(f) != 0)
        abort();
    ok = csv_read_text("written.csv", "written file", buf, len, &d, &back) == CSV_OK &&
         back->n_rows == t->n_rows && same_row(&back->header, &t->header);
    for (int i = 0; ok && i < t->n_rows; i++)
        ok = same_row(&back->rows[i], &t->rows[i]);
    if (!ok) {
        fprintf(stderr, "fuzz pages: a table written by csvw does not read back the same\n");
        abort();
    }
    csv_table_free(back);
    diag_fini(&d);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = harness_text(data, size);
    struct diag_list d;
    struct pages_log *log = NULL;
    struct csv_table *t = NULL;
    enum csv_status st;

    st = pages_read_text("fuzz-pages.csv", text, size, fuzz_plan, NULL, &d, &log);
    harness_render(&d);
    if ((st == CSV_OK) != (log != NULL) || (st == CSV_INVALID && d.n_errors == 0) ||
        (st == CSV_OK && d.n_errors != 0)) {
        fprintf(stderr, "fuzz pages: pages_read_text broke its contract (status %d)\n", st);
        abort();
    }
    if (log != NULL)
        use_log(log);
    pages_log_free(log);
    diag_fini(&d);

    st = csv_read_text("fuzz.csv", "fuzz file", text, size, &d, &t);
    harness_render(&d);
    if (t != NULL)
        round_trip(t);
    csv_table_free(t);
    diag_fini(&d);
    free(text);
    return 0;
}
