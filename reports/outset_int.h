/* reports/outset_int.h: what reports/outset.c and reports/outset_manifest.c share (not
 * for other modules: use reports/outset.h).
 */
#ifndef DRSIM_OUTSET_INT_H
#define DRSIM_OUTSET_INT_H

#include <stddef.h>

#define MAX_MANIFEST_BYTES (64u << 20) /* a previous manifest larger than this is ignored */

/* Is name a plain relative path allowed in a set: components neither empty nor "." nor
 * "..", none starting with ".drsim-", no control character, and not the manifest (NULL:
 * no manifest name to refuse)? */
int outset_name_ok(const char *name, const char *manifest);

/* Append a copy of name to the list *v of *n. Returns 0 or -1 (out of memory). */
int outset_push_name(char ***v, size_t *n, const char *name);

/* The whole file `name` below the directory open on fd, NUL-terminated, in *out
 * (malloc'd) with its length. Returns 0, or -1 with errno set (EFBIG above max bytes). */
int outset_slurp_at(int fd, const char *name, size_t max, char **out, size_t *len);

/* strcmp on two char * array elements, for qsort and bsearch. */
int outset_cmp_str(const void *a, const void *b);

/* The file names the previous manifest `name` below dirfd lists, into *names (malloc'd,
 * sorted, only names outset_name_ok accepts; the caller frees each and the array). A
 * missing, oversized or unreadable manifest lists nothing. */
void outset_manifest_read(int dirfd, const char *name, char ***names, size_t *n);

#endif
