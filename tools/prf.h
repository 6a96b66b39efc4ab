/*
 * Outlook profile files (PRF): a portable parser and writer for mapiprof.
 *
 * A PRF is the INI file Outlook's administrators use to create profiles
 * (Office Customization Tool, "outlook.exe /importprf").  What we read:
 *
 *   [General]        ProfileName=, DefaultProfile=Yes|No,
 *                    OverwriteProfile=Yes|No|Append, ModifyDefaultProfileIfPresent=,
 *                    DefaultStore=ServiceN (Custom=, BackupProfile= accepted, unused)
 *   [Service List]   ServiceN=<mapping section name>, in creation order
 *   [ServiceN]       UniqueService=Yes|No, then property lines: a friendly name
 *                    defined in the mapping section, or an 8-hex-digit tag
 *                    (PROP_TAG order) = value
 *   [<mapping>]      ServiceName=<MAPISVC.INF [Services] key>, SectionGUID=<32 hex>
 *                    (a profile section instead of a service), MDBGUID= (unused),
 *                    Friendly=PT_TYPE,0xID (or a whole tag, either half order)
 *   [Internet Account List], [AccountN]: Outlook account-manager settings, not
 *                    MAPI properties: reported and skipped.
 *
 * Portable C99: no Windows or MAPI headers (it shares mapisvc_inf.h's value
 * model and converter), so it builds natively for the unit test and libFuzzer.
 * The parser never fails on content: every problem becomes a diagnostic
 * (file:line: reason) and parsing goes on.
 */
#ifndef FREEMAPI_PRF_H
#define FREEMAPI_PRF_H

#include <stddef.h>
#include <stdint.h>

#include "mapisvc_inf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Limits that keep time and memory bounded on hostile input. */
#define PRF_MAX_INPUT (4u * 1024u * 1024u) /* bytes; the rest is ignored */
#define PRF_MAX_LINE  65536u               /* bytes; longer lines are ignored */
#define PRF_MAX_DIAGS 1000u                /* further diagnostics are dropped */

/* Encoding of the file as found.  Text in the model is UTF-8, except that an
 * ANSI file keeps its bytes (the caller converts them from the ANSI code page). */
enum prf_encoding {
    PRF_ENC_ASCII = MAPISVC_ENC_ASCII,
    PRF_ENC_UTF8 = MAPISVC_ENC_UTF8, /* UTF-8 (with or without BOM) or UTF-16 with BOM (transcoded) */
    PRF_ENC_ANSI = MAPISVC_ENC_ANSI  /* 8-bit bytes that are not UTF-8 */
};

enum prf_overwrite {
    PRF_OVERWRITE_UNSET = 0, /* not given: Outlook's default is No */
    PRF_OVERWRITE_NO,        /* fail if the profile exists */
    PRF_OVERWRITE_YES,       /* delete an existing profile first */
    PRF_OVERWRITE_APPEND     /* add the services to an existing profile */
};

typedef struct prf_general {
    const char *profile_name;      /* NULL if absent or empty */
    unsigned profile_name_line;
    int default_profile;           /* -1 not given, 0 No, 1 Yes */
    enum prf_overwrite overwrite;
    int modify_default;            /* ModifyDefaultProfileIfPresent: -1, 0, 1 */
    const char *default_store;     /* "ServiceN" or NULL */
    unsigned default_store_line;
} prf_general;

/* One property of a [ServiceN] section, resolved and converted. */
typedef struct prf_prop {
    const char *key;     /* as written */
    unsigned line;
    int raw_tag;         /* key was an 8-hex-digit tag (value taken verbatim) */
    mapisvc_prop prop;   /* tag and value; strings are text as in the model */
} prf_prop;

typedef struct prf_service {
    const char *key;          /* "Service1": the [Service List] key and section name */
    const char *name;         /* its value: the mapping section's name */
    unsigned line;            /* line of the [Service List] entry */
    const char *service_name; /* mapping ServiceName=, NULL if none */
    int has_section_uid;      /* mapping SectionGUID= (a profile section, not a service) */
    uint8_t section_uid[16];
    int unique;               /* UniqueService: -1 not given, 0 No, 1 Yes */
    size_t count;
    prf_prop *props;          /* good properties only, in file order */
} prf_service;

/* file, line (0 = about the whole file) and reason: the MAPISVC.INF parser's
 * diagnostic, whose code the PRF reader shares. */
typedef mapisvc_diag prf_diag;

typedef struct prf_file prf_file;

/* ---- parsing ---- */

/* Parses a whole file image.  filename is used in diagnostics (may be NULL).
 * Returns NULL only on out-of-memory or data == NULL with len > 0. */
prf_file *prf_parse(const void *data, size_t len, const char *filename);
void prf_free(prf_file *prf);

enum prf_encoding prf_file_encoding(const prf_file *prf);
const char *prf_file_name(const prf_file *prf);
const prf_general *prf_get_general(const prf_file *prf);
size_t prf_service_count(const prf_file *prf);
const prf_service *prf_service_at(const prf_file *prf, size_t i);
/* The service whose key is 'key' (e.g. DefaultStore's value), or NULL. */
const prf_service *prf_find_service(const prf_file *prf, const char *key);

/* Raw INI access (case-insensitive); NULL if absent. */
const char *prf_raw_value(const prf_file *prf, const char *section, const char *key);

size_t prf_diag_count(const prf_file *prf);
/* Sorted by line; NULL if i is out of range. */
const prf_diag *prf_diag_at(const prf_file *prf, size_t i);
/* Writes "file:line: reason" (NUL-terminated if n > 0); returns the snprintf result. */
int prf_diag_format(const prf_diag *d, char *buf, size_t n);

/* ---- values ---- */

/* Converts PRF text for 'tag' into a typed property:
 *  PT_LONG / PT_I2 / PT_I8: decimal (signed) or 0x hex.
 *  PT_BOOLEAN: TRUE/FALSE, Yes/No, 1/0 (any case).
 *  strings: the text; one pair of enclosing double quotes is removed.
 *  PT_BINARY / PT_CLSID: hex digits.  MV types: comma-separated items.
 * Refuses the properties MAPI keeps itself (prf_tag_is_managed).
 * Returns 0; -1 bad input or -2 out of memory, with a reason in err. */
int prf_convert(uint32_t tag, const char *text, mapisvc_prop *out, char *err, size_t errlen);

/* "TAG=VALUE" as given to mapiprof --set: TAG is a PR_* name (optionally _A/_W)
 * or 8 hex digits in PROP_TAG order.  Same results as prf_convert. */
int prf_parse_assignment(const char *arg, mapisvc_prop *out, char *err, size_t errlen);

/* PR_* name (with optional _A/_W on string properties) or 8 hex digits -> tag. 0 = ok. */
int prf_tag_from_name(const char *name, uint32_t *tag);
/* Tag -> PR_* name, with _A/_W on string types (e.g. "PR_DISPLAY_NAME_W");
 * written into buf; returns buf, or NULL if the tag has no known name. */
const char *prf_tag_name(uint32_t tag, char *buf, size_t n);
/* "PT_LONG", "PT_MV_UNICODE" ...; NULL for types we have no name for. */
const char *prf_type_name(uint16_t type);
/* 1 if prf_convert can build this type. */
int prf_type_supported(uint16_t type);

/* Properties MAPI computes or keeps for the profile's own bookkeeping
 * (UIDs, provider lists, PR_PROFILE_NAME, PR_OBJECT_TYPE ...): never set. */
int prf_tag_is_managed(uint32_t tag);
/* Properties export leaves out: the managed ones, those copied from
 * MAPISVC.INF when a service is created (PR_SERVICE_DLL_NAME ...), secure
 * properties (0x67F0-0x67FF), and types a PRF cannot carry. */
int prf_tag_is_exported(uint32_t tag);

/* 1 if a and b have the same tag and value (the round trip export relies on:
 * what prf_format_value writes, prf_convert reads back equal). */
int prf_props_equal(const mapisvc_prop *a, const mapisvc_prop *b);

/* Formats a property as PRF text that prf_convert reads back to the same value.
 * Returns 0 with a malloc'ed string in *text, -1 if the value cannot be written
 * in a PRF (reason in err), -2 on out-of-memory. */
int prf_format_value(const mapisvc_prop *p, char **text, char *err, size_t errlen);

/* ---- writing ---- */

typedef struct prf_out_service {
    const char *service_name;   /* PR_SERVICE_NAME (MAPISVC.INF [Services] key) */
    const char *display_name;   /* for a comment; may be NULL */
    size_t count;
    const mapisvc_prop *props;  /* the service section's properties */
} prf_out_service;

typedef struct prf_out {
    const char *profile_name;
    int default_profile;        /* written as DefaultProfile=Yes/No */
    size_t count;
    const prf_out_service *services;
} prf_out;

/* Called for each property or service that cannot be written (index of the
 * service, the tag or 0 for the whole service, why). */
typedef void (*prf_skip_fn)(void *ctx, size_t service, uint32_t tag, const char *reason);

/* Writes a PRF (UTF-8 text, CRLF line ends) that prf_parse reads back to the
 * same profile name, services and properties.  Properties that are not
 * exported (prf_tag_is_exported) are left out silently; those whose value
 * cannot be written go to 'skip'.  Returns 0, -1 on bad input (reason in
 * err: e.g. a profile name with a line break), -2 on out-of-memory. */
int prf_write(const prf_out *in, prf_skip_fn skip, void *ctx, char **text, size_t *len,
              char *err, size_t errlen);

/* UTF-8 -> UTF-16LE with a byte-order mark (for writing non-ASCII PRFs the
 * way Windows' profile functions read them).  Invalid bytes become U+FFFD.
 * Returns a malloc'ed buffer and its size in *outlen, or NULL on OOM. */
uint8_t *prf_utf8_to_utf16le(const char *text, size_t len, size_t *outlen);

#ifdef __cplusplus
}
#endif

#endif /* FREEMAPI_PRF_H */
