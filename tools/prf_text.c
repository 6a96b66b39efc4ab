/*
 * Outlook profile files (PRF): the small text helper and the growable buffer
 * that the parser and the writer share.  Portable C99.
 */
#include "prf_private.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Small text helpers; the others come from mapisvc_util.h.                  */

/* The first strlen(prefix) characters of s equal prefix, ignoring case. */
int prf_prefix_ieq(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (!*s || to_lower((unsigned char)*s) != to_lower((unsigned char)*prefix)) return 0;
    return 1;
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
    prf_buf_add(b, e, ini_utf8_put(e, cp));
}
