/*
 * MAPISVC.INF parser (mapi-spec.md 4.5; property tags and constants from 4.4).
 *
 * Portable C99: no Windows or MAPI headers, so it also builds natively for the
 * unit test and the libFuzzer target.  The DLL copies what it needs out of the
 * model into MAPI buffers.
 *
 * The parser never fails on content: every malformed line becomes a diagnostic
 * (file, line, reason) and parsing carries on.  mapisvc_inf_parse() returns NULL
 * only when memory runs out or the arguments are invalid.
 */
#ifndef FREEMAPI_MAPISVC_INF_H
#define FREEMAPI_MAPISVC_INF_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Limits that keep time and memory bounded on hostile input. */
#define MAPISVC_MAX_INPUT  (2u * 1024u * 1024u) /* bytes; the rest is ignored */
#define MAPISVC_MAX_LINE   8192u                /* bytes; longer lines are ignored */
#define MAPISVC_MAX_DIAGS  1000u                /* further diagnostics are dropped */

/* Property types the converter understands (PROP_TYPE values, spec 4.4).
 * Prefixed so they do not clash with the MAPI headers in the DLL. */
#define MAPISVC_PT_I2          0x0002u
#define MAPISVC_PT_LONG        0x0003u
#define MAPISVC_PT_BOOLEAN     0x000Bu
#define MAPISVC_PT_I8          0x0014u
#define MAPISVC_PT_STRING8     0x001Eu
#define MAPISVC_PT_UNICODE     0x001Fu
#define MAPISVC_PT_CLSID       0x0048u
#define MAPISVC_PT_BINARY      0x0102u
#define MAPISVC_PT_MV_LONG     0x1003u
#define MAPISVC_PT_MV_STRING8  0x101Eu
#define MAPISVC_PT_MV_UNICODE  0x101Fu
#define MAPISVC_PT_MV_BINARY   0x1102u

#define MAPISVC_PROP_TAG(type, id) ((((uint32_t)(id)) << 16) | (uint32_t)(type))
#define MAPISVC_PROP_ID(tag)       ((uint16_t)((tag) >> 16))
#define MAPISVC_PROP_TYPE(tag)     ((uint16_t)((tag) & 0xFFFFu))

/* Text encoding of the file as found.  Strings in the model are bytes as in
 * the file, except that UTF-16 files are transcoded to UTF-8. */
enum mapisvc_encoding {
    MAPISVC_ENC_ASCII = 0, /* 7-bit only */
    MAPISVC_ENC_UTF8,      /* UTF-8 BOM, UTF-16 BOM (transcoded) or valid UTF-8 */
    MAPISVC_ENC_ANSI       /* 8-bit bytes that are not UTF-8: treat as the ANSI code page */
};

/* A comma-separated list, split and trimmed; empty items are dropped.
 * 'store' owns the text the items point into. */
typedef struct mapisvc_list {
    size_t count;
    char **items;
    char *store;
} mapisvc_list;

enum mapisvc_entry_kind {
    MAPISVC_ENTRY_LIST_ITEM = 0, /* line of [Services], [Default Services], [Help File Mappings] */
    MAPISVC_ENTRY_PROPERTY,      /* PR_* name or 8-hex-digit tag = value */
    MAPISVC_ENTRY_PROVIDERS,     /* Providers= */
    MAPISVC_ENTRY_SECTIONS,      /* Sections= */
    MAPISVC_ENTRY_WIZARD,        /* WIZARD_ENTRY_NAME= */
    MAPISVC_ENTRY_UID            /* UID= (extra sections) */
};

/* One key=value line.  key and value are trimmed; value is raw text. */
typedef struct mapisvc_entry {
    const char *key;
    const char *value;
    unsigned line;
    enum mapisvc_entry_kind kind;
    uint32_t tag; /* PROPERTY: resolved tag, 0 if the key is not a property */
    int ok;       /* PROPERTY: converts without error and is not a duplicate;
                     UID: 32 valid hex digits; others: 1 */
} mapisvc_entry;

/* What a section is used for, found by following [Services] and the lists. */
#define MAPISVC_ROLE_LIST      0x1u /* [Services], [Default Services], [Help File Mappings] */
#define MAPISVC_ROLE_SERVICE   0x2u /* named in [Services] or [Default Services] */
#define MAPISVC_ROLE_PROVIDER  0x4u /* named in a service's Providers= */
#define MAPISVC_ROLE_EXTRA     0x8u /* named in a service's Sections= */

/* One [section].  A repeated header is reported and its lines are merged into
 * the first one.  Duplicate keys are reported and dropped (first one wins). */
typedef struct mapisvc_section {
    const char *name;
    unsigned line;          /* line of the (first) header */
    unsigned roles;         /* MAPISVC_ROLE_* */
    size_t count;
    mapisvc_entry *entries; /* in file order */
    mapisvc_list providers; /* from Providers=, empty if absent */
    mapisvc_list sections;  /* from Sections=, empty if absent */
    int has_uid;            /* a valid UID= line was found */
    uint8_t uid[16];        /* its MAPIUID, bytes in the order written */
} mapisvc_section;

typedef struct mapisvc_diag {
    const char *file;
    unsigned line;          /* 0 = about the whole file */
    const char *reason;
} mapisvc_diag;

typedef struct mapisvc_inf mapisvc_inf;

/* ---- parsing and the raw model ---- */

/* Parses a whole file image.  filename is only used in diagnostics (may be NULL).
 * Returns NULL on out-of-memory or data == NULL with len > 0. */
mapisvc_inf *mapisvc_inf_parse(const void *data, size_t len, const char *filename);
void mapisvc_inf_free(mapisvc_inf *inf);

enum mapisvc_encoding mapisvc_inf_encoding(const mapisvc_inf *inf);

size_t mapisvc_inf_section_count(const mapisvc_inf *inf);
const mapisvc_section *mapisvc_inf_section_at(const mapisvc_inf *inf, size_t i);
/* Case-insensitive lookup; NULL if absent. */
const mapisvc_section *mapisvc_inf_section(const mapisvc_inf *inf, const char *name);

/* First entry with this key (case-insensitive), or NULL. */
const mapisvc_entry *mapisvc_section_find(const mapisvc_section *sec, const char *key);
/* Its value, or NULL. */
const char *mapisvc_section_value(const mapisvc_section *sec, const char *key);

/* ---- typed views ---- */

/* Entries of [Services] (key = service section name, value = display name),
 * [Default Services] (same) and [Help File Mappings] (key = service, value =
 * help file).  Returns the count and points *out at the entries (NULL, 0 if
 * the section is missing). */
size_t mapisvc_inf_services(const mapisvc_inf *inf, const mapisvc_entry **out);
size_t mapisvc_inf_default_services(const mapisvc_inf *inf, const mapisvc_entry **out);
size_t mapisvc_inf_help_files(const mapisvc_inf *inf, const mapisvc_entry **out);

/* ---- diagnostics ---- */

size_t mapisvc_inf_diag_count(const mapisvc_inf *inf);
/* Sorted by line; NULL if i is out of range. */
const mapisvc_diag *mapisvc_inf_diag(const mapisvc_inf *inf, size_t i);
/* Writes "file:line: reason" (always NUL-terminated if n > 0); returns the
 * snprintf result. */
int mapisvc_diag_format(const mapisvc_diag *d, char *buf, size_t n);

/* ---- property conversion ---- */

enum mapisvc_prop_kind {
    MAPISVC_PROP_LONG = 0, /* PT_LONG, PT_I2 (sign-extended) */
    MAPISVC_PROP_BOOLEAN,
    MAPISVC_PROP_I8,
    MAPISVC_PROP_STRING,   /* PT_STRING8, PT_UNICODE: bytes as in the file */
    MAPISVC_PROP_BINARY,   /* PT_BINARY, PT_CLSID */
    MAPISVC_PROP_MV_LONG,
    MAPISVC_PROP_MV_STRING,
    MAPISVC_PROP_MV_BINARY
};

typedef struct mapisvc_bin {
    size_t len;
    uint8_t *data;
} mapisvc_bin;

typedef struct mapisvc_prop {
    uint32_t tag;
    enum mapisvc_prop_kind kind;
    union {
        int32_t l;
        int b;
        int64_t i8;
        char *str;
        mapisvc_bin bin;
        mapisvc_list mvstr;
        struct { size_t count; int32_t *items; } mvl;
        struct { size_t count; mapisvc_bin *items; } mvbin;
    } v;
} mapisvc_prop;

/* Converts key=value to a typed property.
 *  key: PR_* name (string ones also with _A/_W) or 8 hex digits in PROP_TAG order.
 *  PT_LONG: SYMBOL | SYMBOL ..., 8 hex digits = little-endian byte image,
 *           0x-prefixed hex, or decimal (each '|' term may be any of these).
 *  PT_I2 / PT_I8 likewise with 4 / 16 hex digits, no symbols for PT_I8.
 *  PT_BOOLEAN: TRUE, FALSE, 0, 1 or 8 hex digits (non-zero = TRUE).
 *  PT_BINARY / PT_CLSID: hex digits, even count, whitespace allowed.
 *  Strings: trimmed text; one pair of enclosing double quotes is removed.
 *  MV types: comma-separated items.
 * Returns 0; -1 for bad input, or -2 when memory ran out, with a reason in
 * err (which may be NULL).  *out needs mapisvc_prop_free() only after success. */
int mapisvc_convert(const char *key, const char *value, mapisvc_prop *out,
                    char *err, size_t errlen);
int mapisvc_entry_convert(const mapisvc_entry *e, mapisvc_prop *out,
                          char *err, size_t errlen);
void mapisvc_prop_free(mapisvc_prop *p);

/* PR_* name -> tag (string names give the PT_STRING8 tag unless _W). 0 = found. */
int mapisvc_prop_tag_from_name(const char *name, uint32_t *tag);
/* Tag -> PR_* name for tracing, or NULL. */
const char *mapisvc_prop_tag_name(uint32_t tag);
/* Symbolic PT_LONG constant (SERVICE_*, STATUS_*, HOOK_*, MAPI_*) -> value. 0 = found. */
int mapisvc_symbol_value(const char *name, uint32_t *value);

/* ---- list helpers ---- */

/* Splits a comma-separated value.  Returns 0 or -1 on out-of-memory. */
int mapisvc_split_list(const char *value, mapisvc_list *out);
void mapisvc_list_free(mapisvc_list *l);

#ifdef __cplusplus
}
#endif

#endif /* FREEMAPI_MAPISVC_INF_H */
