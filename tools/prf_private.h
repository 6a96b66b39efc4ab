/*
 * prf_private.h - what the PRF sources share (prf_text.c, prf_read.c,
 * prf_value.c, prf_write.c).  prf.h is the public API; nothing here is for
 * its callers.  Portable C99.
 */
#ifndef FREEMAPI_PRF_PRIVATE_H
#define FREEMAPI_PRF_PRIVATE_H

#include "prf.h"
#include "mapisvc_util.h"

/* Property types and tags: a PRF reader needs no MAPI headers. */
#define PT_I2        0x0002u
#define PT_LONG      0x0003u
#define PT_BOOLEAN   0x000Bu
#define PT_I8        0x0014u
#define PT_STRING8   0x001Eu
#define PT_UNICODE   0x001Fu
#define PT_CLSID     0x0048u
#define PT_BINARY    0x0102u
#define PT_MV_LONG   0x1003u
#define PT_MV_STRING8 0x101Eu
#define PT_MV_UNICODE 0x101Fu
#define PT_MV_BINARY 0x1102u

#define TAG(type, id) ((((uint32_t)(id)) << 16) | (uint32_t)(type))
#define TAG_ID(t)     ((uint16_t)((t) >> 16))
#define TAG_TYPE(t)   ((uint16_t)((t) & 0xFFFFu))

/* ---- text helpers (prf_text.c); the character ones come from mapisvc_util.h ---- */

/* The first strlen(prefix) characters of s equal prefix, ignoring case. */
int prf_prefix_ieq(const char *s, const char *prefix);
/* n > 0 characters, all hex digits. */
int prf_all_hex(const char *s, size_t n);
/* vsnprintf into err when err and errlen allow it. */
void prf_set_error(char *err, size_t errlen, const char *fmt, ...);

/* A growable byte buffer for the transcoder and the writer.  After running
 * out of memory it sets oom and ignores further additions. */
struct prf_buf {
    char *p;
    size_t len, cap;
    int oom;
};

int prf_buf_reserve(struct prf_buf *b, size_t more);
void prf_buf_add(struct prf_buf *b, const char *s, size_t n);
void prf_buf_str(struct prf_buf *b, const char *s);
void prf_buf_printf(struct prf_buf *b, const char *fmt, ...);
/* Appends code point cp in UTF-8. */
void prf_buf_utf8(struct prf_buf *b, uint32_t cp);

/* Decodes one UTF-8 sequence at s (n bytes left): the code point and its
 * length, or -1 for an invalid sequence (overlong, surrogate, > U+10FFFF). */
int prf_utf8_next(const unsigned char *s, size_t n, uint32_t *cp);

/* ---- value parsing (prf_value.c), also used by the reader's mapping sections ---- */

/* "PT_LONG" ... (the types prf_convert builds) -> type; 0 = ok. */
int prf_type_from_name(const char *s, uint16_t *type);
/* Integer text: [-|+]decimal or 0x hex; 'bits' is 16, 32 or 64.  The result
 * is the two's-complement bit pattern.  0 = ok, else -1 with a reason in err. */
int prf_parse_int(const char *s, size_t n, unsigned bits, uint64_t *out, char *err, size_t errlen);
/* TRUE/FALSE, Yes/No, 1/0 (any case); 0 = ok. */
int prf_parse_bool(const char *s, int *out);

#endif /* FREEMAPI_PRF_PRIVATE_H */
