/*
 * mapiprof_util.h - what mapiprof's commands share: output in UTF-8 (or to
 * the console in UTF-16), text conversions, MAPI error names and sentences,
 * property values between mapisvc_prop (portable) and SPropValue (MAPI), and
 * printing values by type.
 */
#ifndef MAPIPROF_UTIL_H
#define MAPIPROF_UTIL_H

#include <windows.h>
#include <stdarg.h>
#include <stdio.h>

#include <mapix.h>
#include <mapiutil.h>

#include "prf.h"

/* ---- output (UTF-8 text) ---- */
void out_init(void);
void outf(const char *fmt, ...) __attribute__((format(gnu_printf, 1, 2)));
void errf(const char *fmt, ...) __attribute__((format(gnu_printf, 1, 2)));
/* "mapiprof: warning: ..." on stderr */
void warnf(const char *fmt, ...) __attribute__((format(gnu_printf, 1, 2)));
/* Writes bytes unchanged to stdout (export to "-"). */
void out_bytes(const void *data, size_t len);

/* ---- text ---- */
/* All return malloc'ed strings (NULL on failure or for NULL input). */
char *wide_to_utf8(const WCHAR *w);
WCHAR *utf8_to_wide(const char *s);
WCHAR *cp_to_wide(const char *s, UINT cp);
char *acp_to_utf8(const char *s);
/* UTF-8 to the ANSI code page; NULL if a character does not fit (lossless only). */
char *utf8_to_acp(const char *s);
char *xstrdup(const char *s);
void *xmalloc(size_t n);
int utf8_width(const char *s);   /* characters, for column alignment */

/* ---- MAPI errors ---- */
const char *hr_name(HRESULT hr);          /* "MAPI_E_NOT_FOUND", or NULL */
const char *hr_sentence(HRESULT hr);      /* a plain-English explanation */
/* Prints "mapiprof: <what>: <why> (<NAME>, 0x<hex>)" to stderr; why may be
 * NULL (then hr_sentence).  Returns 1, the exit status for failures. */
int fail_hr(HRESULT hr, const char *why, const char *what_fmt, ...)
    __attribute__((format(gnu_printf, 3, 4)));
/* Prints "mapiprof: <message>" to stderr; returns 1. */
int fail_msg(const char *fmt, ...) __attribute__((format(gnu_printf, 1, 2)));
/* Text from an object's GetLastError, or NULL (the objects share slot 3). */
char *mapi_last_error(IUnknown *obj, HRESULT hr);

/* ---- UIDs ---- */
void uid_to_text(const BYTE *uid, char out[33]);  /* 32 lowercase hex digits */
/* 32 hex digits or {GUID}; 0 = ok. */
int uid_from_text(const char *s, MAPIUID *uid);

/* ---- property values ---- */
/* Builds one MAPIAllocateBuffer block holding SPropValues for 'props'.
 * Strings in props are text in code page 'cp' (CP_UTF8 or CP_ACP); where
 * expand[i] is set, %VARIABLES% in strings are expanded.  0 = ok, else an
 * HRESULT with a reason in err. */
HRESULT props_to_mapi(const mapisvc_prop *props, const int *expand, size_t count, UINT cp,
                      LPSPropValue *out, char *err, size_t errlen);
/* One SPropValue back into the portable form (strings in UTF-8).  0 = ok,
 * -1 if the type has no portable form. */
int prop_from_mapi(const SPropValue *pv, mapisvc_prop *out);
/* A value as text for dump: strings quoted, binaries in hex, lists in [ ]. */
char *format_mapi_value(const SPropValue *pv);

/* Reads every row of a table with the given columns (QueryRows in batches);
 * the caller frees the result with FreeProws. */
HRESULT read_table(LPMAPITABLE table, const SPropTagArray *cols, LPSRowSet *rows);
/* The value of a column in a row, or NULL when the row has no such value. */
const SPropValue *row_prop(const SRow *row, ULONG tag);
/* String column (STRING8 or UNICODE) as UTF-8 (malloc'ed), or NULL. */
char *row_string(const SRow *row, ULONG id);

/* Reads a whole file (path in UTF-8, "-" = stdin); 0 = ok, else errno-like
 * text in err. */
int read_file(const char *path, char **data, size_t *len, char *err, size_t errlen);
int write_file(const char *path, const void *data, size_t len, char *err, size_t errlen);

#endif /* MAPIPROF_UTIL_H */
