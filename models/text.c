/* models/text.c: forbidden characters in text from files, and escaping for terminals.
 * See models/text.h for what is forbidden and why. */
#include "models/text.h"

#include <stdlib.h>
#include <string.h>

/* Decode one UTF-8 sequence at s. Returns its length (1..4) and the code point in *cp,
 * or 0 when the bytes are not well-formed UTF-8 (overlong forms, surrogates, code points
 * above U+10FFFF, a truncated or stray continuation byte); then *cp is the first byte. */
static int utf8_decode(const unsigned char *s, uint32_t *cp)
{
    unsigned char b = s[0];
    int len;
    uint32_t c, min;
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    if (b >= 0xC2 && b <= 0xDF) {
        len = 2;
        c = b & 0x1Fu;
        min = 0x80;
    } else if (b >= 0xE0 && b <= 0xEF) {
        len = 3;
        c = b & 0x0Fu;
        min = 0x800;
    } else if (b >= 0xF0 && b <= 0xF4) {
        len = 4;
        c = b & 0x07u;
        min = 0x10000;
    } else {
        *cp = b;
        return 0;
    }
    for (int i = 1; i < len; i++) {
        /* A NUL terminator is not a continuation byte, so this never reads past it. */
        if ((s[i] & 0xC0u) != 0x80u) {
            *cp = b;
            return 0;
        }
        c = (c << 6) | (s[i] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *cp = b;
        return 0;
    }
    *cp = c;
    return len;
}

static int is_noncharacter(uint32_t c)
{
    return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFEu) == 0xFFFEu;
}

static int is_control(uint32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

long text_find_forbidden(const char *s, int allow_whitespace, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    uint32_t c = 0;
    for (size_t i = 0; p[i] != '\0';) {
        int n = utf8_decode(p + i, &c);
        int ws = c == '\t' || c == '\n' || c == '\r';
        if (n == 0 || (is_control(c) && !(ws && allow_whitespace)) || is_noncharacter(c)) {
            if (cp)
                *cp = c;
            return (long)i;
        }
        i += (size_t)n;
    }
    return -1;
}

const char *text_describe(uint32_t cp, char *buf, size_t buflen)
{
    static const char *const c0[32] = {
        "null", "start of heading", "start of text", "end of text", "end of transmission",
        "enquiry", "acknowledge", "bell", "backspace", "tab", "line feed", "vertical tab",
        "form feed", "carriage return", "shift out", "shift in", "data link escape",
        "device control 1", "device control 2", "device control 3", "device control 4",
        "negative acknowledge", "synchronous idle", "end of transmission block", "cancel",
        "end of medium", "substitute", "escape", "file separator", "group separator",
        "record separator", "unit separator"};
    const char *what;
    if (cp < 0x20)
        what = c0[cp];
    else if (cp == 0x7F)
        what = "delete";
    else if (cp <= 0x9F && cp >= 0x80)
        what = "a C1 control character";
    else if (is_noncharacter(cp))
        what = "a noncharacter";
    else
        what = "a character";
    snprintf(buf, buflen, "U+%04X (%s)", (unsigned)cp, what);
    return buf;
}

/* The visible form of one forbidden character or malformed byte, into e (>= 12 bytes). */
static void escape_one(uint32_t c, int malformed, char *e, size_t elen)
{
    if (malformed)
        snprintf(e, elen, "\\x%02X", (unsigned)c);
    else if (c == '\t')
        snprintf(e, elen, "\\t");
    else if (c == '\n')
        snprintf(e, elen, "\\n");
    else if (c == '\r')
        snprintf(e, elen, "\\r");
    else if (c == 0x1B)
        snprintf(e, elen, "\\e");
    else if (c < 0x80)
        snprintf(e, elen, "\\x%02X", (unsigned)c);
    else
        snprintf(e, elen, "\\u{%04X}", (unsigned)c);
}

/* Walk s, handing each run of clean bytes and each escaped character to emit. */
typedef int (*emit_fn)(void *user, const char *bytes, size_t n);

static int text_walk(const char *s, emit_fn emit, void *user)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t run = 0, i = 0;
    while (p[i] != '\0') {
        uint32_t c;
        int n = utf8_decode(p + i, &c);
        if (n > 0 && !is_control(c) && !is_noncharacter(c)) {
            i += (size_t)n;
            continue;
        }
        if (i > run && emit(user, s + run, i - run) != 0)
            return -1;
        char e[16];
        escape_one(c, n == 0, e, sizeof e);
        if (emit(user, e, strlen(e)) != 0)
            return -1;
        i += n > 0 ? (size_t)n : 1;
        run = i;
    }
    if (i > run && emit(user, s + run, i - run) != 0)
        return -1;
    return 0;
}

struct buf_out {
    char *out;
    size_t cap, len; /* capacity of out; length the full text needs so far */
};

static int emit_buf(void *user, const char *bytes, size_t n)
{
    struct buf_out *b = user;
    if (b->len < b->cap) {
        size_t room = b->cap - b->len;
        memcpy(b->out + b->len, bytes, n < room ? n : room);
    }
    b->len += n;
    return 0;
}

size_t text_escape(const char *s, char *out, size_t outlen)
{
    struct buf_out b = {out, outlen ? outlen - 1 : 0, 0};
    (void)text_walk(s, emit_buf, &b);
    if (outlen)
        out[b.len < b.cap ? b.len : b.cap] = '\0';
    return b.len;
}

static int emit_file(void *user, const char *bytes, size_t n)
{
    return fwrite(bytes, 1, n, (FILE *)user) == n ? 0 : -1;
}

int text_fputs(const char *s, FILE *f)
{
    return text_walk(s, emit_file, f) == 0 ? 0 : EOF;
}

char *text_trim_partial(char *s)
{
    size_t len = strlen(s), j = len;
    /* Back over at most three continuation bytes to the sequence's lead byte. */
    while (j > 0 && len - j < 3 && ((unsigned char)s[j - 1] & 0xC0u) == 0x80u)
        j--;
    if (j == 0)
        return s;
    unsigned char lead = (unsigned char)s[j - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (need > 1 && len - (j - 1) < need)
        s[j - 1] = '\0';
    return s;
}

char *text_utf8_repair(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), o = 0;
    /* A bad byte (1 byte) becomes U+FFFD (3 bytes): at most three times as long. */
    char *out = malloc(3 * len + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < len;) {
        uint32_t c;
        int n = utf8_decode(p + i, &c);
        if (n == 0) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        } else {
            memcpy(out + o, s + i, (size_t)n);
            o += (size_t)n;
            i += (size_t)n;
        }
    }
    out[o] = '\0';
    return out;
}
