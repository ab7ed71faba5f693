/* reports/outset_manifest.c: reading the previous set's manifest (see outset.h): the
 * "path" of each element of its "files" array, which a commit removes when the new set
 * no longer has them. Read with the one JSON reader (models/jsonio.h), strictly: a
 * manifest that is not JSON, or not the shape drsim writes, names nothing, so a damaged
 * or foreign manifest.json makes a commit remove nothing rather than guess.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "models/diag.h"
#include "models/jsonio.h"
#include "reports/outset_int.h"

/* The "path" of every element of the array "files" of the manifest's top-level object,
 * pushed onto *names. Returns 0, or -1 when the manifest is not the shape drsim writes
 * (then it names nothing). */
static int manifest_files(const struct jsonio_value *root, char ***names, size_t *n)
{
    const struct jsonio_value *files = jsonio_member(root, "files");
    if (jsonio_type(root) != JSONIO_OBJECT || jsonio_type(files) != JSONIO_ARRAY)
        return -1;
    for (size_t i = 0; i < jsonio_length(files); i++) {
        const struct jsonio_value *e = jsonio_at(files, i);
        if (jsonio_type(e) != JSONIO_OBJECT)
            return -1;
        const char *path = jsonio_get_string(jsonio_member(e, "path"));
        if (path && outset_push_name(names, n, path) != 0)
            return -1;
    }
    return 0;
}

/* The file names the previous manifest `name` below dirfd lists, into *names (sorted,
 * only acceptable names). A missing, oversized or unreadable manifest lists nothing. */
void outset_manifest_read(int dirfd, const char *name, char ***names, size_t *n)
{
    char *text;
    size_t len;
    *names = NULL;
    *n = 0;
    if (outset_slurp_at(dirfd, name, MAX_MANIFEST_BYTES, &text, &len) != 0)
        return;
    /* Parsed by Jansson (models/jsonio.h), strictly; the diagnostics of a manifest that
     * is not JSON are not printed: it simply names nothing. */
    struct diag_list d;
    struct jsonio_doc *doc = NULL;
    diag_init(&d, name, text, len);
    int ok = jsonio_load(text, len, &d, &doc) == JSONIO_OK &&
             manifest_files(jsonio_root(doc), names, n) == 0;
    jsonio_free(doc);
    diag_fini(&d);
    free(text);
    /* Keep only names a set could have written; anything else is not ours to remove. */
    size_t k = 0;
    for (size_t i = 0; i < *n; i++) {
        if (ok && outset_name_ok((*names)[i], name))
            (*names)[k++] = (*names)[i];
        else
            free((*names)[i]);
    }
    *n = k;
    if (k == 0) {
        free(*names);
        *names = NULL;
    }
    if (*n > 1)
        qsort(*names, *n, sizeof **names, outset_cmp_str);
}

