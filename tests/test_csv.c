/* tests/test_csv.c: the CSV reader (models/csv.h) and the RFC 4180 writer
 * (reports/csvw.h).
 *
 * The reader: quoted fields with commas, doubled quotes and line ends inside them, the
 * line and column of every later field after a field that spans lines, a byte order
 * mark, CRLF, spaces kept, empty fields, and every error with its exact message and
 * position (the whole printed diagnostic, source line and caret included, for the
 * parse errors). The writer: quoting exactly when needed, and a row holding a comma, a
 * quote and a newline read back by the reader as the same fields.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/csv.h"
#include "reports/csvw.h"
#include "tests/fixture.h"

/* Read text[len] as "inline.csv"; the status is returned, the table in *out and the
 * printed diagnostics in *msgs (malloc'd). */
static enum csv_status read_len(const char *text, size_t len, struct csv_table **out,
                                char **msgs)
{
    struct diag_list d;
    enum csv_status st = csv_read_text("inline.csv", "test file", text, len, &d, out);
    *msgs = diag_to_string(&d);
    diag_fini(&d);
    return st;
}

static enum csv_status read_str(const char *text, struct csv_table **out, char **msgs)
{
    return read_len(text, strlen(text), out, msgs);
}

/* A table that must read; the diagnostics fail the test otherwise. */
static struct csv_table *must_read(const char *text)
{
    struct csv_table *t = NULL;
    char *msgs;
    enum csv_status st = read_str(text, &t, &msgs);
    cr_assert_eq(st, CSV_OK, "did not read:\n%s", msgs);
    free(msgs);
    return t;
}

/* Text that must fail with exactly `want` printed. */
static void must_fail_len(const char *text, size_t len, const char *want)
{
    struct csv_table *t = NULL;
    char *msgs;
    enum csv_status st = read_len(text, len, &t, &msgs);
    cr_assert_eq(st, CSV_INVALID, "status %d", st);
    cr_assert_null(t);
    cr_assert_str_eq(msgs, want);
    free(msgs);
}

static void must_fail(const char *text, const char *want)
{
    must_fail_len(text, strlen(text), want);
}

static void field_is(const struct csv_field *f, const char *text, int line, int col)
{
    cr_assert_str_eq(f->text, text);
    cr_assert_eq(f->len, strlen(text));
    cr_assert_eq(f->line, line, "'%s': line %d, want %d", text, f->line, line);
    cr_assert_eq(f->col, col, "'%s': col %d, want %d", text, f->col, col);
}

/* ---- reading ------------------------------------------------------------------------ */

Test(csv, quoting)
{
    struct csv_table *t = must_read("a,b,c\n\"x,y\",\"he said \"\"hi\"\"\",plain\n");
    cr_assert_eq(t->header.n_fields, 3);
    field_is(&t->header.fields[2], "c", 1, 5);
    cr_assert_eq(t->n_rows, 1);
    field_is(&t->rows[0].fields[0], "x,y", 2, 1);
    cr_assert(t->rows[0].fields[0].quoted);
    field_is(&t->rows[0].fields[1], "he said \"hi\"", 2, 7);
    field_is(&t->rows[0].fields[2], "plain", 2, 24);
    cr_assert_not(t->rows[0].fields[2].quoted);
    cr_assert_eq(csv_column(t, "b"), 1);
    cr_assert_eq(csv_column(t, "B"), -1);
    csv_table_free(t);
}

/* A quoted field over three lines: the fields after it are on the right lines and
 * columns, and so is the next row. */
Test(csv, embedded_newlines_keep_later_positions)
{
    struct csv_table *t = must_read("id,note,n\n"
                                    "1,\"line one\nline two\r\nline three\",7\n"
                                    "2,x,8\n");
    cr_assert_eq(t->n_rows, 2);
    field_is(&t->rows[0].fields[0], "1", 2, 1);
    field_is(&t->rows[0].fields[1], "line one\nline two\r\nline three", 2, 3);
    field_is(&t->rows[0].fields[2], "7", 4, 13);
    cr_assert_eq(t->rows[0].line, 2);
    field_is(&t->rows[1].fields[0], "2", 5, 1);
    field_is(&t->rows[1].fields[2], "8", 5, 5);
    csv_table_free(t);
}

Test(csv, bom_crlf_spaces_and_empty_fields)
{
    struct csv_table *t = must_read("\xEF\xBB\xBF" "a,b,c\r\n 1 ,,\r\n\r\n\"\",x,y");
    field_is(&t->header.fields[0], "a", 1, 1);
    cr_assert_eq(t->header.fields[0].off, 0);
    cr_assert_eq(t->n_rows, 2);
    /* RFC 4180: spaces are part of the field. */
    field_is(&t->rows[0].fields[0], " 1 ", 2, 1);
    /* An empty field is where the comma or line end that closes it is. */
    field_is(&t->rows[0].fields[1], "", 2, 5);
    field_is(&t->rows[0].fields[2], "", 2, 6);
    /* The blank line is skipped; the last row has no line end. */
    field_is(&t->rows[1].fields[0], "", 4, 1);
    cr_assert(t->rows[1].fields[0].quoted);
    field_is(&t->rows[1].fields[2], "y", 4, 6);
    csv_table_free(t);
}

Test(csv, utf8_columns_count_characters)
{
    struct csv_table *t = must_read("name,x\n\xC3\xA9t\xC3\xA9,1\n");
    field_is(&t->rows[0].fields[1], "1", 2, 5);
    /* The byte offset is kept too (after the BOM, if any). */
    cr_assert_eq(t->rows[0].fields[0].off, 7);
    cr_assert_eq(t->rows[0].fields[1].off, 13);
    csv_table_free(t);
}

/* ---- errors ------------------------------------------------------------------------------ */

Test(csv, quote_inside_an_unquoted_field)
{
    must_fail("a,b\nx\"y,2\n",
              "inline.csv:2:2: error: a quote inside an unquoted field: write the whole field "
              "in quotes and double the quote (\"a \"\"b\"\" c\")\n"
              "    x\"y,2\n"
              "     ^\n");
}

Test(csv, text_after_a_closing_quote)
{
    must_fail("a,b\n\"x\"y,2\n",
              "inline.csv:2:4: error: text after the closing quote of a quoted field: a field "
              "ends at its closing quote, and a quote inside it is doubled (\"\")\n"
              "    \"x\"y,2\n"
              "       ^\n");
    /* A space after the closing quote is text too (spaces are not trimmed). */
    must_fail("a,b\n\"x\" ,2\n",
              "inline.csv:2:4: error: text after the closing quote of a quoted field: a field "
              "ends at its closing quote, and a quote inside it is doubled (\"\")\n"
              "    \"x\" ,2\n"
              "       ^\n");
}

Test(csv, unterminated_quote_at_the_end)
{
    must_fail("a,b\n1,\"abc\ndef\n",
              "inline.csv:2:3: error: this quoted field is never closed: a quote is missing "
              "before the end of the file\n"
              "    1,\"abc\n"
              "      ^\n");
}

Test(csv, rows_of_the_wrong_width)
{
    must_fail("a,b,c\n1,2\n1,2,3,4\n1,2,3\n1\n",
              "inline.csv:2:4: error: this row has 2 fields but the header names 3 columns: "
              "no value for 'c'\n"
              "    1,2\n"
              "       ^\n"
              "inline.csv:3:7: error: this row has 4 fields but the header names 3 columns: "
              "the first one too many starts here\n"
              "    1,2,3,4\n"
              "          ^\n"
              "inline.csv:5:2: error: this row has 1 field but the header names 3 columns: "
              "no value for 'b'\n"
              "    1\n"
              "     ^\n");
}

Test(csv, empty_file)
{
    must_fail("", "inline.csv: error: the test file is empty: it starts with a header row "
                  "naming its columns\n");
    must_fail("\xEF\xBB\xBF\n\n", "inline.csv: error: the test file is empty: it starts with a "
                                  "header row naming its columns\n");
}

Test(csv, header_names)
{
    must_fail("a,,b,a\n1,2,3,4\n",
              "inline.csv:1:3: error: column 2 of the header has no name: the first row names "
              "the columns\n"
              "    a,,b,a\n"
              "      ^\n"
              "inline.csv:1:6: error: column 'a' is named twice in the header (columns 1 and 4)\n"
              "    a,,b,a\n"
              "         ^\n");
}

Test(csv, nul_byte)
{
    must_fail_len("a,b\n1,\0\n", 8,
                  "inline.csv:2:3: error: a NUL byte: a test file is text (UTF-8)\n"
                  "    1,\\x00\n"
                  "      ^\n");
}

Test(csv, invalid_utf8)
{
    must_fail("a,b\n1,x\xFF\n",
              "inline.csv:2:4: error: not UTF-8 (byte 0xFF): save the test file as UTF-8\n"
              "    1,x\\xFF\n"
              "       ^\n");
    /* An overlong encoding of '/' and a UTF-16 surrogate are not UTF-8 either. */
    must_fail("a\n\xC0\xAF\n", "inline.csv:2:1: error: not UTF-8 (byte 0xC0): save the test "
                               "file as UTF-8\n    \\xC0\\xAF\n    ^\n");
    must_fail("a\n\xED\xA0\x80\n", "inline.csv:2:1: error: not UTF-8 (byte 0xED): save the "
                                   "test file as UTF-8\n    \\xED\\xA0\\x80\n    ^\n");
}

Test(csv, carriage_return_alone)
{
    must_fail("a,b\r1,2\n",
              "inline.csv:1:4: error: a carriage return without a line feed: rows end with "
              "CRLF or LF\n"
              "    a,b\\r1,2\n"
              "       ^\n");
    /* Inside quotes it is part of the field. */
    struct csv_table *t = must_read("a\n\"x\ry\"\n");
    field_is(&t->rows[0].fields[0], "x\ry", 2, 1);
    csv_table_free(t);
}

Test(csv, too_many_fields_in_a_row)
{
    char text[2 * CSV_MAX_FIELDS + 8], *want;
    size_t n = 0;
    for (int i = 0; i <= CSV_MAX_FIELDS; i++)
        text[n++] = 'x', text[n++] = ',';
    text[n - 1] = '\n';
    text[n] = '\0';
    struct csv_table *t = NULL;
    cr_assert_eq(read_str(text, &t, &want), CSV_INVALID);
    const char *first = "inline.csv:1:513: error: a row holds at most 256 fields; this is "
                        "field 257\n";
    cr_assert(strncmp(want, first, strlen(first)) == 0, "%s", want);
    free(want);
}

Test(csv, missing_column_with_a_suggestion)
{
    struct csv_table *t = must_read("role,triggered,acknowleged\nx,y,z\n");
    struct diag_list d;
    char *s;
    diag_init(&d, "inline.csv", "role,triggered,acknowleged\nx,y,z\n", 33);
    cr_assert_eq(csv_require_column(t, "page export", "triggered", NULL, &d), 1);
    cr_assert_eq(csv_require_column(t, "page export", "acknowledged", "when", &d), -1);
    cr_assert_eq(csv_require_column(t, "page export", "zzzzzz", NULL, &d), -1);
    s = diag_to_string(&d);
    cr_assert_str_eq(s, "inline.csv:1:1: error: the page export has no column 'acknowledged' "
                        "(when); did you mean 'acknowleged'?\n"
                        "    role,triggered,acknowleged\n"
                        "    ^\n"
                        "inline.csv:1:1: error: the page export has no column 'zzzzzz'\n"
                        "    role,triggered,acknowleged\n"
                        "    ^\n");
    free(s);
    diag_fini(&d);
    csv_table_free(t);
}

/* ---- files -------------------------------------------------------------------------------- */

Test(csv_file, missing_and_too_large, .timeout = 60)
{
    struct diag_list d;
    struct csv_table *t = NULL;
    char *text = NULL, *s, dir[64], path[128];
    FILE *f;

    cr_assert_eq(csv_read_file("tests/no-such.csv", "page export", &d, &text, &t), CSV_IO);
    s = diag_to_string(&d);
    cr_assert_str_eq(s, "tests/no-such.csv: error: cannot open the page export: No such file "
                        "or directory\n");
    free(s);
    diag_fini(&d);
    cr_assert_null(text);

    fixture_tmpdir(dir, "csv");
    snprintf(path, sizeof path, "%s/big.csv", dir);
    f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fseek(f, CSV_MAX_FILE, SEEK_SET), 0);
    fputc('\n', f);
    fclose(f);
    cr_assert_eq(csv_read_file(path, "page export", &d, &text, &t), CSV_INVALID);
    s = diag_to_string(&d);
    cr_assert(strstr(s, ": error: the page export is larger than 16 MB: export a shorter "
                        "period\n"), "%s", s);
    free(s);
    diag_fini(&d);
    cr_assert_null(text);
    cr_assert_null(t);
    fixture_rm_rf(dir);
}

/* ---- the writer ------------------------------------------------------------------------ */

/* Out of line: inlined, GCC 12 at -O3 takes the returned buffer for a pointer to the
 * local `buf` (-Wdangling-pointer), not knowing that open_memstream set it. */
static __attribute__((noinline)) char *write_rows(void (*fill)(struct csvw *))
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct csvw w;
    cr_assert_not_null(f);
    csvw_init(&w, f);
    fill(&w);
    cr_assert_eq(csvw_error(&w), 0);
    fclose(f);
    return buf;
}

static const char *const tricky[] = {"plain", "a,b", "say \"hi\"", "two\nlines", "cr\r\nlf",
                                     "", "\"", "  spaced  ", "x\"y,z\nw",
                                     "\xEF\xBB\xBF" "bom"};
#define N_TRICKY ((int)(sizeof tricky / sizeof *tricky))

static void fill_tricky(struct csvw *w)
{
    for (int i = 0; i < N_TRICKY; i++) {
        char name[16];
        snprintf(name, sizeof name, "c%d", i);
        csvw_field(w, name);
    }
    csvw_end_row(w);
    for (int i = 0; i < N_TRICKY; i++)
        csvw_field(w, tricky[i]);
    csvw_end_row(w);
}

Test(csvw, quotes_only_what_needs_quotes)
{
    char *s = write_rows(fill_tricky);
    cr_assert_str_eq(s, "c0,c1,c2,c3,c4,c5,c6,c7,c8,c9\r\n"
                        "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\nlf\",,\"\"\"\","
                        "  spaced  ,\"x\"\"y,z\nw\",\"\xEF\xBB\xBF" "bom\"\r\n");
    free(s);
}

/* A row holding a comma, a quote and a newline reads back as the same fields. */

/* A header whose first field begins with a byte order mark: quoted, it is not taken for
 * the file's own mark (a finding of the pages fuzz target's round trip would be). */
static void fill_bom_first(struct csvw *w)
{
    csvw_field(w, "\xEF\xBB\xBF" "a");
    csvw_end_row(w);
    csvw_field(w, "1");
    csvw_end_row(w);
}

Test(csvw, a_leading_byte_order_mark_survives)
{
    char *s = write_rows(fill_bom_first);
    struct csv_table *t = must_read(s);
    cr_assert_str_eq(t->header.fields[0].text, "\xEF\xBB\xBF" "a");
    csv_table_free(t);
    free(s);
}

Test(csvw, round_trip_through_the_reader)
{
    char *s = write_rows(fill_tricky);
    struct csv_table *t = must_read(s);
    cr_assert_eq(t->n_rows, 1);
    cr_assert_eq(t->rows[0].n_fields, N_TRICKY);
    for (int i = 0; i < N_TRICKY; i++)
        cr_expect_str_eq(t->rows[0].fields[i].text, tricky[i], "field %d", i);
    csv_table_free(t);
    free(s);
}

static void fill_numbers(struct csvw *w)
{
    csvw_field(w, NULL);
    csvw_end_row(w);
    csvw_field(w, "x");
    csvw_field(w, "y");
    csvw_end_row(w);
    csvw_number(w, 0.1);
    csvw_number(w, NAN);
    csvw_end_row(w);
}

Test(csvw, numbers_read_back_to_the_same_double)
{
    char *s = write_rows(fill_numbers);
    cr_assert_str_eq(s, "\"\"\r\nx,y\r\n0.10000000000000001,\r\n");
    /* A row of one empty field (NULL) is written "", not as a blank line, which a
     * reader would skip: it reads back as a header with one (unnamed) column. */
    struct csv_table *t = NULL;
    char *msgs;
    cr_assert_eq(read_str(s, &t, &msgs), CSV_INVALID);
    cr_assert(strstr(msgs, "inline.csv:1:1: error: column 1 of the header has no name"), "%s",
              msgs);
    free(msgs);
    t = must_read(strchr(s, '\n') + 1);
    cr_assert_eq(strtod(t->rows[0].fields[0].text, NULL), 0.1);
    cr_assert_str_eq(t->rows[0].fields[1].text, "");
    csv_table_free(t);
    free(s);
}
