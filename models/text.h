/* models/text.h: text read from a file, checked before it is kept and escaped before it
 * is printed.
 *
 * Names and descriptions in a plan or a drill log end up in places that are not plain
 * text: a terminal (where ESC, BEL or CR can retitle the window or overwrite a line),
 * the XML inside an .xlsx file (where a control character makes the file unreadable) and
 * cairo's text API. YAML lets a double-quoted scalar carry any of them ("\e", "\x07",
 * "\uFFFE"), so the loader refuses them in every string it keeps (text_find_forbidden),
 * and everything that prints text from a file to a terminal escapes it (text_escape,
 * text_fputs) so that a file cannot forge output even where the loader was not the
 * source (a quoted source line in a diagnostic, a drill log).
 *
 * Forbidden: C0 controls U+0000..U+001F (tab, line feed and carriage return are allowed
 * only where the caller says so), DEL and the C1 controls U+007F..U+009F, the
 * noncharacters U+FDD0..U+FDEF and U+xFFFE/U+xFFFF of every plane, and bytes that are not
 * well-formed UTF-8.
 */
#ifndef DRSIM_TEXT_H
#define DRSIM_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Find the first forbidden character of the NUL-terminated UTF-8 string s. When
 * allow_whitespace is non-zero, tab, line feed and carriage return are allowed (free
 * text such as a description); otherwise they are forbidden too (a name). Returns the
 * byte offset of the character, or -1 when s is clean. *cp (may be NULL) receives the
 * code point, or the byte value for a malformed sequence. */
long text_find_forbidden(const char *s, int allow_whitespace, uint32_t *cp);

/* Describe code point cp for a message, e.g. "U+001B (escape)" or "U+FFFE (a
 * noncharacter)"; writes into buf (at least 48 bytes) and returns it. */
const char *text_describe(uint32_t cp, char *buf, size_t buflen);

/* Copy s into out (outlen bytes, always NUL-terminated when outlen > 0) with every
 * forbidden character made visible: \t \n \r \e as such, other controls and malformed
 * bytes as \xHH, C1 controls and noncharacters as \u{HHHH}; a backslash stays a single
 * backslash. Well-formed printable UTF-8 is copied as it is. Returns the length the full
 * escaped text needs (without the NUL), like snprintf. */
size_t text_escape(const char *s, char *out, size_t outlen);

/* Write s to f escaped as text_escape does, without a length limit. Returns 0, or EOF
 * on a write error. */
int text_fputs(const char *s, FILE *f);

/* Remove from the end of s a UTF-8 sequence that a byte-limited copy (snprintf into a
 * fixed buffer) cut in the middle, so that the text stays well-formed. Returns s. */
char *text_trim_partial(char *s);

/* A copy of s (malloc'd) with every byte that is not part of a well-formed UTF-8
 * sequence replaced by U+FFFD, for outputs that must be valid UTF-8 (JSON) whatever a
 * command line or file name held. Everything else, controls included, is kept. Returns
 * NULL when out of memory. */
char *text_utf8_repair(const char *s);

#endif
