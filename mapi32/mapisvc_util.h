/*
 * Helpers shared by the MAPISVC.INF parser's two files and by mapiprof's PRF
 * reader (tools/prf_*.c), which parses the same kind of INI text (portable C).
 * The non-inline ones live in mapisvc_inf.c (INI mechanics) and
 * mapisvc_value.c (values), which every user of this header links.
 */
#ifndef FREEMAPI_MAPISVC_UTIL_H
#define FREEMAPI_MAPISVC_UTIL_H

#include <stdarg.h>
#include <stdint.h>
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

/* n > 0 characters, all hex digits (an empty span is not a number). */
static inline int all_hex(const char *s, size_t n)
{
    size_t i;
    if (!n) return 0;
    for (i = 0; i < n; i++)
        if (hex_value((unsigned char)s[i]) < 0) return 0;
    return 1;
}

/* n <= 8 hex digits (checked by the caller) to their value. */
static inline uint32_t hex_u32(const char *s, size_t n)
{
    uint32_t v = 0;
    size_t i;
    for (i = 0; i < n; i++)
        v = (v << 4) | (uint32_t)hex_value((unsigned char)s[i]);
    return v;
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

/* printf into err when err and errlen allow it. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static inline void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    if (!err || !errlen) return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* Two's-complement bit patterns (as the integer parsers build them) to values. */
static inline int32_t i32_from_bits(uint64_t v)
{
    uint32_t u = (uint32_t)v;
    return u > INT32_MAX ? (int32_t)(u - 0x80000000u) - INT32_MAX - 1 : (int32_t)u;
}

static inline int32_t i16_from_bits(uint64_t v)
{
    uint32_t u = (uint32_t)(v & 0xFFFF);
    return u >= 0x8000 ? (int32_t)u - 0x10000 : (int32_t)u;
}

static inline int64_t i64_from_bits(uint64_t v)
{
    return v > INT64_MAX ? (int64_t)(v - 0x8000000000000000u) - INT64_MAX - 1 : (int64_t)v;
}

/* Comma-separated lists: an upper bound on the items ... */
static inline size_t list_count_items(const char *s, size_t n)
{
    size_t i, c = 1;
    for (i = 0; i < n; i++)
        if (s[i] == ',') c++;
    return c;
}

/* ... and the next trimmed non-empty item at *pos (start at 0); 0 when done. */
static inline int list_next_item(const char *s, size_t n, size_t *pos, const char **item, size_t *len)
{
    while (*pos <= n) {
        size_t start = *pos, end = start;
        while (end < n && s[end] != ',') end++;
        *pos = end + 1;
        *item = s + start;
        *len = end - start;
        span_trim(item, len);
        if (*len) return 1;
    }
    return 0;
}

/* Hex digits (whitespace allowed, even count) to bytes; 0, CONV_BAD or CONV_OOM.
 * In mapisvc_value.c; the parser also uses it for UID= lines. */
int mapisvc_decode_hex(const char *s, size_t n, mapisvc_bin *out, char *err, size_t errlen);


/* ------------------------------------------------------------------------ */
/* INI mechanics (mapisvc_inf.c).  The two INI dialects differ in their rules */
/* and messages, which stay with each parser; these are the parts that work  */
/* the same for both.                                                         */

/* Splits "[name] rest" in place (p points at '['): 0 if there is no ']', else
 * 1 with the trimmed name and the trimmed text after ']'. */
static inline int ini_split_header(char *p, char **name, char **rest)
{
    char *close = strchr(p, ']');
    if (!close) return 0;
    *rest = trim_inplace(close + 1);
    *close = '\0';
    *name = trim_inplace(p + 1);
    return 1;
}

/* Splits "key = value" in place at the first '=', both trimmed; 0 if there is
 * no '='. */
static inline int ini_split_entry(char *p, char **key, char **value)
{
    char *eq = strchr(p, '=');
    if (!eq) return 0;
    *eq = '\0';
    *key = trim_inplace(p);
    *value = trim_inplace(eq + 1);
    return 1;
}

/* Cuts the next line (ended by CR LF, CR or LF) out of text[0..len) at *pos:
 * NUL-terminates it in place (text[len] must be writable), returns its start
 * and its length in *n, and moves *pos past the line end. */
char *ini_next_line(char *text, size_t len, size_t *pos, size_t *n);

/* Open-addressing hash tables with case-insensitive names, so hostile files
 * cannot make lookups quadratic: a section table (name -> section index) or
 * a key table ((section index, key) -> entry index).  The names are not
 * copied: they must stay put (both parsers keep them in their text buffer). */
struct ini_slot {
    const char *name;
    uint32_t hash;
    uint32_t sec; /* section index + 1; 0 = empty slot */
    uint32_t ent;
};

struct ini_table {
    struct ini_slot *slots;
    size_t cap; /* power of two or 0 */
    size_t used;
};

/* 0, or -1 when memory ran out.  Neither checks for an existing name. */
int ini_table_add_section(struct ini_table *t, const char *name, size_t sec);
int ini_table_add_key(struct ini_table *t, size_t sec, const char *key, size_t ent);
/* The section index, or -1. */
long ini_table_section(const struct ini_table *t, const char *name);
/* The entry index of key in section sec, or -1. */
long ini_table_key(const struct ini_table *t, size_t sec, const char *key);
void ini_table_free(struct ini_table *t);

/* Properties set twice in a section: the first (lowest order) wins.  Sorts
 * refs and calls repeat(ctx, idx, first) for every ref whose key one of lower
 * order has (first: that one's idx), by key, then order. */
struct ini_ref {
    uint32_t key;  /* what must not repeat: a tag or a property ID */
    size_t order;  /* line or position */
    size_t idx;    /* the caller's index */
};

void ini_each_repeat(struct ini_ref *refs, size_t n,
                     void (*repeat)(void *ctx, size_t idx, size_t first), void *ctx);

/* Diagnostics, kept in the order found and sorted by line at the end (seq
 * keeps that sort stable: qsort is not). */
struct ini_diag_rec {
    mapisvc_diag d; /* d.reason is owned */
    size_t seq;
};

struct ini_diags {
    struct ini_diag_rec *recs;
    size_t count, cap;
};

/* Records a copy of reason for file:line.  Once max are recorded, the next
 * one becomes "too many problems; the rest are not reported" at line 0 and
 * later ones are dropped.  0, or -1 when memory ran out. */
int ini_diags_add(struct ini_diags *l, const char *file, unsigned line, const char *reason,
                  size_t max);
void ini_diags_sort(struct ini_diags *l);
void ini_diags_free(struct ini_diags *l);

/* Text encodings. */

/* Code point cp as UTF-8 into out (room for 4 bytes); returns the length. */
size_t ini_utf8_put(char *out, uint32_t cp);
/* Decodes one UTF-8 sequence at s (n > 0 bytes left): the code point and its
 * length, or -1 for an invalid sequence (overlong, surrogate, > U+10FFFF). */
int ini_utf8_next(const unsigned char *s, size_t n, uint32_t *cp);
/* UTF-16 (after the BOM) to UTF-8 in a new NUL-terminated buffer; lone
 * surrogates become U+FFFD and an odd last byte is ignored (the caller
 * reports it).  NULL when memory ran out. */
char *ini_utf16_to_utf8(const unsigned char *d, size_t len, int big_endian, size_t *outlen);
/* ASCII (7-bit only), UTF8 (valid UTF-8 with 8-bit bytes) or ANSI. */
enum mapisvc_encoding ini_detect_encoding(const char *text, size_t len);

#endif
