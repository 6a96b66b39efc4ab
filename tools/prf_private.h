/*
 * prf_private.h - what the PRF sources share (prf_text.c, prf_read.c,
 * prf_value.c, prf_write.c).  prf.h is the public API; nothing here is for
 * its callers.  Portable C99.
 */
#ifndef FREEMAPI_PRF_PRIVATE_H
#define FREEMAPI_PRF_PRIVATE_H

#include "prf.h"
#include "mapisvc_util.h"

/* Property types and tags, short names for mapisvc_inf.h's: a PRF reader
 * needs no MAPI headers. */
#define PT_I2         MAPISVC_PT_I2
#define PT_LONG       MAPISVC_PT_LONG
#define PT_BOOLEAN    MAPISVC_PT_BOOLEAN
#define PT_I8         MAPISVC_PT_I8
#define PT_STRING8    MAPISVC_PT_STRING8
#define PT_UNICODE    MAPISVC_PT_UNICODE
#define PT_CLSID      MAPISVC_PT_CLSID
#define PT_BINARY     MAPISVC_PT_BINARY
#define PT_MV_LONG    MAPISVC_PT_MV_LONG
#define PT_MV_STRING8 MAPISVC_PT_MV_STRING8
#define PT_MV_UNICODE MAPISVC_PT_MV_UNICODE
#define PT_MV_BINARY  MAPISVC_PT_MV_BINARY

#define TAG(type, id) MAPISVC_PROP_TAG(type, id)
#define TAG_ID(t)     MAPISVC_PROP_ID(t)
#define TAG_TYPE(t)   MAPISVC_PROP_TYPE(t)

/* ---- text helpers (prf_text.c).  The character, hex, error (set_err), INI
 * and UTF-8 ones come from mapisvc_util.h. ---- */

/* The first strlen(prefix) characters of s equal prefix, ignoring case. */
int prf_prefix_ieq(const char *s, const char *prefix);

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

/* ---- value parsing (prf_value.c), also used by the reader's mapping sections ---- */

/* "PT_LONG" ... (the types prf_convert builds) -> type; 0 = ok. */
int prf_type_from_name(const char *s, uint16_t *type);
/* Integer text: [-|+]decimal or 0x hex; 'bits' is 16, 32 or 64.  The result
 * is the two's-complement bit pattern.  0 = ok, else -1 with a reason in err. */
int prf_parse_int(const char *s, size_t n, unsigned bits, uint64_t *out, char *err, size_t errlen);
/* TRUE/FALSE, Yes/No, 1/0 (any case); 0 = ok. */
int prf_parse_bool(const char *s, int *out);

#endif /* FREEMAPI_PRF_PRIVATE_H */
