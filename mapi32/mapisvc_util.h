/* Text helpers shared by the MAPISVC.INF parser's two files (portable C). */
#ifndef FREEMAPI_MAPISVC_UTIL_H
#define FREEMAPI_MAPISVC_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapisvc_inf.h"

/* ------------------------------------------------------------------------ */
/* Character helpers: ASCII only, so results never depend on the locale.     */

static inline int is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

static inline int to_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static inline int hex_value(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static inline int ci_equal(const char *a, const char *b)
{
    while (*a && to_lower((unsigned char)*a) == to_lower((unsigned char)*b)) {
        a++;
        b++;
    }
    return *a == '\0' && *b == '\0';
}

/* Span (s, n) equals the NUL-terminated name, ignoring case. */
static inline int span_ci_equal(const char *s, size_t n, const char *name)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (name[i] == '\0' || to_lower((unsigned char)s[i]) != to_lower((unsigned char)name[i]))
            return 0;
    }
    return name[n] == '\0';
}

static inline void span_trim(const char **s, size_t *n)
{
    while (*n && is_space((unsigned char)**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && is_space((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

/* Trims a NUL-terminated string in place (writes the new terminator). */
static inline char *trim_inplace(char *s)
{
    size_t n;
    while (is_space((unsigned char)*s))
        s++;
    n = strlen(s);
    while (n && is_space((unsigned char)s[n - 1]))
        n--;
    s[n] = '\0';
    return s;
}

static inline char *dup_span(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Converter results: 0 = ok, CONV_BAD = bad input, CONV_OOM = out of memory. */
#define CONV_BAD (-1)
#define CONV_OOM (-2)

static inline void set_err(char *err, size_t errlen, const char *msg)
{
    if (err && errlen) snprintf(err, errlen, "%s", msg);
}

/* Hex digits (whitespace allowed, even count) to bytes; 0, CONV_BAD or CONV_OOM.
 * In mapisvc_value.c; the parser also uses it for UID= lines. */
int mapisvc_decode_hex(const char *s, size_t n, mapisvc_bin *out, char *err, size_t errlen);

#endif
