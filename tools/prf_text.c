/*
 * Outlook profile files (PRF): the small text helpers, the growable buffer
 * and the UTF-8 decoder that the parser and the writer share.  Portable C99.
 */
#include "prf_private.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Small text helpers; the character ones come from mapisvc_util.h.          */

/* The first strlen(prefix) characters of s equal prefix, ignoring case. */
int prf_prefix_ieq(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (!*s || to_lower((unsigned char)*s) != to_lower((unsigned char)*prefix)) return 0;
    return 1;
}

int prf_all_hex(const char *s, size_t n)
{
    size_t i;
    if (!n) return 0;
    for (i = 0; i < n; i++)
        if (hex_value((unsigned char)s[i]) < 0) return 0;
    return 1;
}

void prf_set_error(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    if (!err || !errlen) return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* The growable byte buffer (struct prf_buf, in prf_private.h). */

int prf_buf_reserve(struct prf_buf *b, size_t more)
{
    size_t ncap;
    char *np;
    if (b->oom) return -1;
    if (b->len + more + 1 <= b->cap) return 0;
    ncap = b->cap ? b->cap : 256;
    while (ncap < b->len + more + 1) {
        if (ncap > (size_t)-1 / 2) {
            b->oom = 1;
            return -1;
        }
        ncap *= 2;
    }
    np = realloc(b->p, ncap);
    if (!np) {
        b->oom = 1;
        return -1;
    }
    b->p = np;
    b->cap = ncap;
    b->p[b->len] = '\0'; /* a buffer is always a string, even an empty one */
    return 0;
}

void prf_buf_add(struct prf_buf *b, const char *s, size_t n)
{
    if (prf_buf_reserve(b, n)) return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void prf_buf_str(struct prf_buf *b, const char *s)
{
    prf_buf_add(b, s, strlen(s));
}

void prf_buf_printf(struct prf_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    char small[256];

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof(small)) {
        prf_buf_add(b, small, (size_t)n);
        return;
    }
    if (prf_buf_reserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void prf_buf_utf8(struct prf_buf *b, uint32_t cp)
{
    char e[4];
    size_t n;
    if (cp < 0x80) {
        e[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        e[0] = (char)(0xC0 | (cp >> 6));
        e[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        e[0] = (char)(0xE0 | (cp >> 12));
        e[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        e[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        e[0] = (char)(0xF0 | (cp >> 18));
        e[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        e[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        e[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    prf_buf_add(b, e, n);
}

/* Decodes one UTF-8 sequence at s (n bytes left): the code point and its
 * length, or -1 for an invalid sequence (overlong, surrogate, > U+10FFFF). */
int prf_utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
    uint32_t c = s[0], min;
    int len, i;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) len = 2, c &= 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, c &= 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, c &= 0x07, min = 0x10000;
    else return -1;
    if ((size_t)len > n) return -1;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return -1;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return -1;
    *cp = c;
    return len;
}
