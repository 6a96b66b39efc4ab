/*
 * MAPISVC.INF parser (mapi-spec.md 4.5).  See mapisvc_inf.h for the API.
 *
 * The input is copied once into a mutable buffer; keys, values and section
 * names are NUL-terminated in place inside it.  Every limit is checked before
 * use so that arbitrary bytes cannot make us read or write out of bounds.
 */
#include "mapisvc_inf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Character helpers: ASCII only, so results never depend on the locale.     */

static int is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

static int to_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static int hex_value(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int ci_equal(const char *a, const char *b)
{
    while (*a && to_lower((unsigned char)*a) == to_lower((unsigned char)*b)) {
        a++;
        b++;
    }
    return *a == '\0' && *b == '\0';
}

/* Span (s, n) equals the NUL-terminated name, ignoring case. */
static int span_ci_equal(const char *s, size_t n, const char *name)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (name[i] == '\0' || to_lower((unsigned char)s[i]) != to_lower((unsigned char)name[i]))
            return 0;
    }
    return name[n] == '\0';
}

static void span_trim(const char **s, size_t *n)
{
    while (*n && is_space((unsigned char)**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && is_space((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

/* Trims a NUL-terminated string in place (writes the new terminator). */
static char *trim_inplace(char *s)
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

static char *dup_span(const char *s, size_t n)
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

static void set_err(char *err, size_t errlen, const char *msg)
{
    if (err && errlen) snprintf(err, errlen, "%s", msg);
}

/* ------------------------------------------------------------------------ */
/* Tables from mapi-spec.md 4.4.                                             */

struct symbol {
    const char *name;
    uint32_t value;
};

static const struct symbol symbols[] = {
    /* PR_RESOURCE_FLAGS, message-service table */
    { "SERVICE_DEFAULT_STORE", 0x1 },
    { "SERVICE_SINGLE_COPY", 0x2 },
    { "SERVICE_CREATE_WITH_STORE", 0x4 },
    { "SERVICE_PRIMARY_IDENTITY", 0x8 },
    { "SERVICE_NO_PRIMARY_IDENTITY", 0x20 },
    /* PR_RESOURCE_FLAGS, providers and status rows */
    { "STATUS_DEFAULT_OUTBOUND", 0x1 },
    { "STATUS_DEFAULT_STORE", 0x2 },
    { "STATUS_PRIMARY_IDENTITY", 0x4 },
    { "STATUS_SIMPLE_STORE", 0x8 },
    { "STATUS_XP_PREFER_LAST", 0x10 },
    { "STATUS_NO_PRIMARY_IDENTITY", 0x20 },
    { "STATUS_NO_DEFAULT_STORE", 0x40 },
    { "STATUS_TEMP_SECTION", 0x80 },
    { "STATUS_OWN_STORE", 0x100 },
    { "HOOK_INBOUND", 0x200 },
    { "HOOK_OUTBOUND", 0x400 },
    { "STATUS_NEED_IPM_TREE", 0x800 },
    { "STATUS_PRIMARY_STORE", 0x1000 },
    { "STATUS_SECONDARY_STORE", 0x2000 },
    /* PR_STATUS_CODE */
    { "STATUS_AVAILABLE", 0x1 },
    { "STATUS_OFFLINE", 0x2 },
    { "STATUS_FAILURE", 0x4 },
    { "STATUS_INBOUND_ENABLED", 0x10000 },
    { "STATUS_OUTBOUND_ENABLED", 0x20000 },
    { "STATUS_INBOUND_ACTIVE", 0x40000 },
    { "STATUS_OUTBOUND_ACTIVE", 0x80000 },
    { "STATUS_INBOUND_FLUSH", 0x100000 },
    { "STATUS_OUTBOUND_FLUSH", 0x200000 },
    { "STATUS_REMOTE_ACCESS", 0x400000 },
    /* PR_RESOURCE_METHODS */
    { "STATUS_VALIDATE_STATE", 0x1 },
    { "STATUS_SETTINGS_DIALOG", 0x2 },
    { "STATUS_CHANGE_PASSWORD", 0x4 },
    { "STATUS_FLUSH_QUEUES", 0x8 },
    /* PR_RESOURCE_TYPE */
    { "MAPI_STORE_PROVIDER", 33 },
    { "MAPI_AB", 34 },
    { "MAPI_AB_PROVIDER", 35 },
    { "MAPI_TRANSPORT_PROVIDER", 36 },
    { "MAPI_SPOOLER", 37 },
    { "MAPI_PROFILE_PROVIDER", 38 },
    { "MAPI_SUBSYSTEM", 39 },
    { "MAPI_HOOK_PROVIDER", 40 },
};

/* Extra checks some properties get after conversion. */
enum prop_check {
    CHECK_NONE = 0,
    CHECK_UID,       /* binary of exactly one MAPIUID */
    CHECK_UID_ARRAY, /* binary of whole MAPIUIDs */
    CHECK_RES_TYPE,  /* one MAPI_* resource type */
    CHECK_FORBIDDEN  /* computed by MAPI, never in the file */
};

/* Names that accept _A / _W suffixes (string types). */
#define NAME_AW 0x1u

struct prop_name {
    const char *name;
    uint16_t id;
    uint16_t type; /* PT_STRING8 / PT_MV_STRING8 for string properties */
    uint8_t flags;
    uint8_t check;
};

static const struct prop_name prop_names[] = {
    { "PR_DISPLAY_NAME", 0x3001, MAPISVC_PT_STRING8, NAME_AW, CHECK_NONE },
    { "PR_COMMENT", 0x3004, MAPISVC_PT_STRING8, NAME_AW, CHECK_NONE },
    { "PR_PROVIDER_DISPLAY", 0x3006, MAPISVC_PT_STRING8, NAME_AW, CHECK_NONE },
    { "PR_RESOURCE_FLAGS", 0x3009, MAPISVC_PT_LONG, 0, CHECK_NONE },
    { "PR_PROVIDER_DLL_NAME", 0x300A, MAPISVC_PT_STRING8, NAME_AW, CHECK_NONE },
    { "PR_SEARCH_KEY", 0x300B, MAPISVC_PT_BINARY, 0, CHECK_NONE },
    { "PR_PROVIDER_UID", 0x300C, MAPISVC_PT_BINARY, 0, CHECK_UID },
    { "PR_PROVIDER_ORDINAL", 0x300D, MAPISVC_PT_LONG, 0, CHECK_NONE },
    { "PR_DEFAULT_STORE", 0x3400, MAPISVC_PT_BOOLEAN, 0, CHECK_NONE },
    { "PR_MDB_PROVIDER", 0x3414, MAPISVC_PT_BINARY, 0, CHECK_UID },
    { "PR_AB_PROVIDER_ID", 0x3615, MAPISVC_PT_BINARY, 0, CHECK_UID },
    { "PR_SERVICE_NAME", 0x3D09, MAPISVC_PT_STRING8, NAME_AW, CHECK_NONE },
    { "PR_SERVICE_DLL_NAME", 0x3D0A, MAPISVC_PT_STRING8, NAME_AW, CHECK_NONE },
    { "PR_SERVICE_ENTRY_NAME", 0x3D0B, MAPISVC_PT_STRING8, 0, CHECK_NONE },
    { "PR_SERVICE_UID", 0x3D0C, MAPISVC_PT_BINARY, 0, CHECK_FORBIDDEN },
    { "PR_SERVICE_EXTRA_UIDS", 0x3D0D, MAPISVC_PT_BINARY, 0, CHECK_UID_ARRAY },
    { "PR_SERVICE_SUPPORT_FILES", 0x3D0F, MAPISVC_PT_MV_STRING8, NAME_AW, CHECK_NONE },
    { "PR_SERVICE_DELETE_FILES", 0x3D10, MAPISVC_PT_MV_STRING8, NAME_AW, CHECK_NONE },
    { "PR_SERVICE_INSTALL_ID", 0x3D13, MAPISVC_PT_STRING8, NAME_AW, CHECK_NONE },
    { "PR_IDENTITY_DISPLAY", 0x3E00, MAPISVC_PT_STRING8, NAME_AW, CHECK_NONE },
    { "PR_RESOURCE_METHODS", 0x3E02, MAPISVC_PT_LONG, 0, CHECK_NONE },
    { "PR_RESOURCE_TYPE", 0x3E03, MAPISVC_PT_LONG, 0, CHECK_RES_TYPE },
    { "PR_STATUS_CODE", 0x3E04, MAPISVC_PT_LONG, 0, CHECK_NONE },
    { "PR_RESOURCE_PATH", 0x3E07, MAPISVC_PT_STRING8, NAME_AW, CHECK_NONE },
    { "PR_STATUS_STRING", 0x3E08, MAPISVC_PT_STRING8, NAME_AW, CHECK_NONE },
};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static const struct symbol *find_symbol(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < COUNT_OF(symbols); i++)
        if (span_ci_equal(s, n, symbols[i].name)) return &symbols[i];
    return NULL;
}

int mapisvc_symbol_value(const char *name, uint32_t *value)
{
    const struct symbol *sym;
    if (!name || !value) return -1;
    sym = find_symbol(name, strlen(name));
    if (!sym) return -1;
    *value = sym->value;
    return 0;
}

/* Looks up a PR_* name, with an optional _A/_W suffix on string properties. */
static const struct prop_name *find_prop_name(const char *s, size_t n, uint32_t *tag)
{
    size_t i;
    for (i = 0; i < COUNT_OF(prop_names); i++) {
        const struct prop_name *p = &prop_names[i];
        size_t len = strlen(p->name);
        uint16_t type = p->type;
        if (n == len + 2 && (p->flags & NAME_AW) && s[len] == '_') {
            int c = to_lower((unsigned char)s[len + 1]);
            if (c == 'w') type |= 1; /* STRING8 -> UNICODE, MV likewise */
            else if (c != 'a') continue;
            if (!span_ci_equal(s, len, p->name)) continue;
        } else if (!span_ci_equal(s, n, p->name)) {
            continue;
        }
        *tag = MAPISVC_PROP_TAG(type, p->id);
        return p;
    }
    return NULL;
}

int mapisvc_prop_tag_from_name(const char *name, uint32_t *tag)
{
    if (!name || !tag) return -1;
    return find_prop_name(name, strlen(name), tag) ? 0 : -1;
}

const char *mapisvc_prop_tag_name(uint32_t tag)
{
    size_t i;
    for (i = 0; i < COUNT_OF(prop_names); i++) {
        const struct prop_name *p = &prop_names[i];
        uint16_t type = MAPISVC_PROP_TYPE(tag);
        if (p->id != MAPISVC_PROP_ID(tag)) continue;
        if (type == p->type || ((p->flags & NAME_AW) && type == (p->type | 1)))
            return p->name;
    }
    return NULL;
}

/* Which entry in prop_names governs this tag (for the post-conversion checks). */
static int check_for_tag(uint32_t tag)
{
    size_t i;
    for (i = 0; i < COUNT_OF(prop_names); i++)
        if (prop_names[i].id == MAPISVC_PROP_ID(tag)) return prop_names[i].check;
    return CHECK_NONE;
}

/* ------------------------------------------------------------------------ */
/* Value converters.  All work on spans of const text.                      */

/* Decodes hex digits (whitespace between them allowed) into a new buffer. */
static int decode_hex(const char *s, size_t n, mapisvc_bin *out, char *err, size_t errlen)
{
    size_t i, digits = 0, k = 0;
    uint8_t *buf;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_space(c)) continue;
        if (hex_value(c) < 0) {
            if (err && errlen)
                snprintf(err, errlen, "bad hex digit '%c' (0x%02X)",
                         (c >= 0x20 && c < 0x7F) ? c : '?', c);
            return -1;
        }
        digits++;
    }
    if (digits % 2) {
        if (err && errlen)
            snprintf(err, errlen, "odd number of hex digits (%lu)", (unsigned long)digits);
        return -1;
    }
    buf = malloc(digits / 2 ? digits / 2 : 1);
    if (!buf) {
        set_err(err, errlen, "out of memory");
        return CONV_OOM;
    }
    for (i = 0; i < n; i++) {
        int v = hex_value((unsigned char)s[i]);
        if (v < 0) continue;
        if (k % 2 == 0) buf[k / 2] = (uint8_t)(v << 4);
        else buf[k / 2] |= (uint8_t)v;
        k++;
    }
    out->data = buf;
    out->len = digits / 2;
    return 0;
}

static int all_hex(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (hex_value((unsigned char)s[i]) < 0) return 0;
    return 1;
}

/* Integer widths: the hex byte image has 2*bytes digits. */
struct int_kind {
    unsigned bytes;   /* 2, 4 or 8 */
    int symbols;      /* SERVICE_* etc. allowed */
};

/* Parses one term of an integer value into its two's-complement bit pattern,
 * masked to the width.  Forms: symbol, N hex digits (little-endian image),
 * 0x hex, [-]decimal. */
static int parse_int_term(const char *s, size_t n, const struct int_kind *k,
                          uint64_t *out, char *err, size_t errlen)
{
    uint64_t mask = k->bytes == 8 ? UINT64_MAX : (((uint64_t)1 << (k->bytes * 8)) - 1);
    uint64_t v = 0, maxpos = mask, maxneg = (mask >> 1) + 1;
    size_t i;
    int neg = 0;

    if (n == k->bytes * 2 && all_hex(s, n)) {
        for (i = 0; i < k->bytes; i++)
            v |= (uint64_t)(hex_value((unsigned char)s[2 * i]) * 16 +
                            hex_value((unsigned char)s[2 * i + 1])) << (8 * i);
        *out = v;
        return 0;
    }
    if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        if (n - 2 > k->bytes * 2 || !all_hex(s + 2, n - 2)) {
            set_err(err, errlen, "bad 0x hex number");
            return -1;
        }
        for (i = 2; i < n; i++)
            v = (v << 4) | (uint64_t)hex_value((unsigned char)s[i]);
        *out = v;
        return 0;
    }
    if (n && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        s++;
        n--;
    }
    if (n && s[0] >= '0' && s[0] <= '9') {
        /* "0600000" is a hex byte image with a digit missing, not 600000 */
        if (n > 1 && s[0] == '0') {
            if (err && errlen)
                snprintf(err, errlen, "hex byte image needs exactly %u digits", k->bytes * 2);
            return -1;
        }
        for (i = 0; i < n; i++) {
            unsigned d;
            if (s[i] < '0' || s[i] > '9') {
                set_err(err, errlen, "bad decimal number");
                return -1;
            }
            d = (unsigned)(s[i] - '0');
            if (v > (UINT64_MAX - d) / 10) {
                set_err(err, errlen, "value out of range");
                return -1;
            }
            v = v * 10 + d;
        }
        if (v > (neg ? maxneg : maxpos)) {
            set_err(err, errlen, "value out of range");
            return -1;
        }
        *out = (neg ? (uint64_t)0 - v : v) & mask;
        return 0;
    }
    if (!neg && k->symbols) {
        const struct symbol *sym = find_symbol(s, n);
        if (sym) {
            *out = sym->value & mask;
            return 0;
        }
        if (err && errlen)
            snprintf(err, errlen, "unknown constant '%.*s'", n > 64 ? 64 : (int)n, s);
        return -1;
    }
    set_err(err, errlen, "not a number");
    return -1;
}

/* Terms OR'ed with '|', spaces allowed around them. */
static int parse_int_expr(const char *s, size_t n, const struct int_kind *k,
                          uint64_t *out, char *err, size_t errlen)
{
    uint64_t acc = 0;
    size_t start = 0, i;

    for (i = 0; i <= n; i++) {
        if (i == n || s[i] == '|') {
            const char *t = s + start;
            size_t tn = i - start;
            uint64_t v;
            span_trim(&t, &tn);
            if (!tn) {
                set_err(err, errlen, n ? "empty term in '|' expression" : "empty value");
                return -1;
            }
            if (parse_int_term(t, tn, k, &v, err, errlen)) return -1;
            acc |= v;
            start = i + 1;
        }
    }
    *out = acc;
    return 0;
}

static int32_t long_from_bits(uint64_t v)
{
    uint32_t u = (uint32_t)v;
    return u > INT32_MAX ? (int32_t)(u - 0x80000000u) - INT32_MAX - 1 : (int32_t)u;
}

static int32_t short_from_bits(uint64_t v)
{
    uint32_t u = (uint32_t)(v & 0xFFFF);
    return u >= 0x8000 ? (int32_t)u - 0x10000 : (int32_t)u;
}

static int64_t i8_from_bits(uint64_t v)
{
    return v > INT64_MAX ? (int64_t)(v - 0x8000000000000000u) - INT64_MAX - 1 : (int64_t)v;
}

static int parse_bool(const char *s, size_t n, int *out, char *err, size_t errlen)
{
    size_t i;
    if (span_ci_equal(s, n, "TRUE") || span_ci_equal(s, n, "1")) {
        *out = 1;
        return 0;
    }
    if (span_ci_equal(s, n, "FALSE") || span_ci_equal(s, n, "0")) {
        *out = 0;
        return 0;
    }
    if (n == 8 && all_hex(s, n)) {
        *out = 0;
        for (i = 0; i < n; i++)
            if (s[i] != '0') *out = 1;
        return 0;
    }
    set_err(err, errlen, "expected TRUE, FALSE, 0 or 1");
    return -1;
}

/* Upper bound on the items of a comma-separated list. */
static size_t count_items(const char *s, size_t n)
{
    size_t i, c = 1;
    for (i = 0; i < n; i++)
        if (s[i] == ',') c++;
    return c;
}

/* Next trimmed non-empty item at *pos; 0 when the list is done. */
static int next_item(const char *s, size_t n, size_t *pos, const char **item, size_t *len)
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

static int split_span(const char *s, size_t n, mapisvc_list *out)
{
    size_t pos = 0, len, cap = count_items(s, n), off = 0;
    const char *item;

    memset(out, 0, sizeof(*out));
    out->items = malloc(cap * sizeof(*out->items));
    out->store = malloc(n + 1);
    if (!out->items || !out->store) {
        mapisvc_list_free(out);
        return -1;
    }
    while (next_item(s, n, &pos, &item, &len)) {
        memcpy(out->store + off, item, len);
        out->store[off + len] = '\0';
        out->items[out->count++] = out->store + off;
        off += len + 1;
    }
    return 0;
}

int mapisvc_split_list(const char *value, mapisvc_list *out)
{
    if (!out) return -1;
    return split_span(value ? value : "", value ? strlen(value) : 0, out);
}

void mapisvc_list_free(mapisvc_list *l)
{
    if (!l) return;
    free(l->items);
    free(l->store);
    memset(l, 0, sizeof(*l));
}

static int convert_mv_long(const char *s, size_t n, mapisvc_prop *out, char *err, size_t errlen)
{
    static const struct int_kind k = { 4, 1 };
    size_t pos = 0, len;
    const char *item;
    uint64_t v;

    out->v.mvl.items = malloc(count_items(s, n) * sizeof(int32_t));
    if (!out->v.mvl.items) {
        set_err(err, errlen, "out of memory");
        return CONV_OOM;
    }
    while (next_item(s, n, &pos, &item, &len)) {
        if (parse_int_expr(item, len, &k, &v, err, errlen)) return -1;
        out->v.mvl.items[out->v.mvl.count++] = long_from_bits(v);
    }
    return 0;
}

static int convert_mv_binary(const char *s, size_t n, mapisvc_prop *out, char *err, size_t errlen)
{
    size_t pos = 0, len;
    const char *item;

    out->v.mvbin.items = malloc(count_items(s, n) * sizeof(mapisvc_bin));
    if (!out->v.mvbin.items) {
        set_err(err, errlen, "out of memory");
        return CONV_OOM;
    }
    while (next_item(s, n, &pos, &item, &len)) {
        int rc = decode_hex(item, len, &out->v.mvbin.items[out->v.mvbin.count], err, errlen);
        if (rc) return rc;
        out->v.mvbin.count++;
    }
    return 0;
}

/* Resolves the left side: PR_* name or 8 hex digits in PROP_TAG order. */
static int resolve_key(const char *s, size_t n, uint32_t *tag, char *err, size_t errlen)
{
    int shown = n > 64 ? 64 : (int)n;
    if (n == 8 && all_hex(s, n)) {
        size_t i;
        *tag = 0;
        for (i = 0; i < 8; i++)
            *tag = (*tag << 4) | (uint32_t)hex_value((unsigned char)s[i]);
        return 0;
    }
    if (find_prop_name(s, n, tag)) return 0;
    if (err && errlen) {
        if (n >= 3 && span_ci_equal(s, 3, "PR_"))
            snprintf(err, errlen, "unknown property name '%.*s'", shown, s);
        else
            snprintf(err, errlen, "unknown key '%.*s' (expected PR_* name or 8-hex-digit tag)",
                     shown, s);
    }
    return -1;
}

static int convert_value(uint32_t tag, const char *s, size_t n, mapisvc_prop *out,
                         char *err, size_t errlen)
{
    static const struct int_kind k2 = { 2, 1 }, k4 = { 4, 1 }, k8 = { 8, 0 };
    uint64_t v;

    switch (MAPISVC_PROP_TYPE(tag)) {
    case MAPISVC_PT_I2:
        out->kind = MAPISVC_PROP_LONG;
        if (parse_int_expr(s, n, &k2, &v, err, errlen)) return -1;
        out->v.l = short_from_bits(v);
        return 0;
    case MAPISVC_PT_LONG:
        out->kind = MAPISVC_PROP_LONG;
        if (parse_int_expr(s, n, &k4, &v, err, errlen)) return -1;
        out->v.l = long_from_bits(v);
        return 0;
    case MAPISVC_PT_I8:
        out->kind = MAPISVC_PROP_I8;
        if (parse_int_expr(s, n, &k8, &v, err, errlen)) return -1;
        out->v.i8 = i8_from_bits(v);
        return 0;
    case MAPISVC_PT_BOOLEAN:
        out->kind = MAPISVC_PROP_BOOLEAN;
        return parse_bool(s, n, &out->v.b, err, errlen);
    case MAPISVC_PT_STRING8:
    case MAPISVC_PT_UNICODE:
        out->kind = MAPISVC_PROP_STRING;
        if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
            s++;
            n -= 2;
        }
        out->v.str = dup_span(s, n);
        if (!out->v.str) set_err(err, errlen, "out of memory");
        return out->v.str ? 0 : CONV_OOM;
    case MAPISVC_PT_BINARY:
    case MAPISVC_PT_CLSID: {
        int rc;
        out->kind = MAPISVC_PROP_BINARY;
        if ((rc = decode_hex(s, n, &out->v.bin, err, errlen))) return rc;
        if (MAPISVC_PROP_TYPE(tag) == MAPISVC_PT_CLSID && out->v.bin.len != 16) {
            set_err(err, errlen, "PT_CLSID needs 32 hex digits");
            return -1;
        }
        return 0;
    }
    case MAPISVC_PT_MV_LONG:
        out->kind = MAPISVC_PROP_MV_LONG;
        return convert_mv_long(s, n, out, err, errlen);
    case MAPISVC_PT_MV_STRING8:
    case MAPISVC_PT_MV_UNICODE:
        out->kind = MAPISVC_PROP_MV_STRING;
        if (split_span(s, n, &out->v.mvstr)) {
            set_err(err, errlen, "out of memory");
            return CONV_OOM;
        }
        return 0;
    case MAPISVC_PT_MV_BINARY:
        out->kind = MAPISVC_PROP_MV_BINARY;
        return convert_mv_binary(s, n, out, err, errlen);
    default:
        if (err && errlen)
            snprintf(err, errlen, "unsupported property type 0x%04X", MAPISVC_PROP_TYPE(tag));
        out->kind = MAPISVC_PROP_LONG; /* nothing allocated */
        return -1;
    }
}

/* Checks the spec puts on particular properties (4.4). */
static int check_value(const mapisvc_prop *p, char *err, size_t errlen)
{
    int check = check_for_tag(p->tag);
    if (check == CHECK_FORBIDDEN) {
        set_err(err, errlen, "computed by MAPI; must not appear in MAPISVC.INF");
        return -1;
    }
    if (check == CHECK_RES_TYPE && p->kind == MAPISVC_PROP_LONG && (p->v.l < 33 || p->v.l > 40)) {
        set_err(err, errlen, "value out of range: not a MAPI_* resource type");
        return -1;
    }
    if (check == CHECK_UID && p->kind == MAPISVC_PROP_BINARY && p->v.bin.len != 16) {
        set_err(err, errlen, "expected a MAPIUID (32 hex digits)");
        return -1;
    }
    if (check == CHECK_UID_ARRAY && p->kind == MAPISVC_PROP_BINARY && p->v.bin.len % 16) {
        set_err(err, errlen, "expected whole MAPIUIDs (multiples of 32 hex digits)");
        return -1;
    }
    return 0;
}

int mapisvc_convert(const char *key, const char *value, mapisvc_prop *out,
                    char *err, size_t errlen)
{
    const char *k = key, *v = value;
    size_t kn, vn;
    uint32_t tag;
    int rc;

    if (err && errlen) err[0] = '\0';
    if (!out) {
        set_err(err, errlen, "invalid argument");
        return -1;
    }
    memset(out, 0, sizeof(*out));
    if (!key || !value) {
        set_err(err, errlen, "invalid argument");
        return -1;
    }
    kn = strlen(k);
    vn = strlen(v);
    span_trim(&k, &kn);
    span_trim(&v, &vn);
    if (resolve_key(k, kn, &tag, err, errlen)) return -1;
    out->tag = tag;
    rc = convert_value(tag, v, vn, out, err, errlen);
    if (!rc) rc = check_value(out, err, errlen);
    if (rc) {
        mapisvc_prop_free(out);
        out->tag = tag;
    }
    return rc;
}

int mapisvc_entry_convert(const mapisvc_entry *e, mapisvc_prop *out, char *err, size_t errlen)
{
    if (!e) {
        if (out) memset(out, 0, sizeof(*out));
        set_err(err, errlen, "invalid argument");
        return -1;
    }
    return mapisvc_convert(e->key, e->value, out, err, errlen);
}

void mapisvc_prop_free(mapisvc_prop *p)
{
    size_t i;
    if (!p) return;
    switch (p->kind) {
    case MAPISVC_PROP_STRING:
        free(p->v.str);
        break;
    case MAPISVC_PROP_BINARY:
        free(p->v.bin.data);
        break;
    case MAPISVC_PROP_MV_LONG:
        free(p->v.mvl.items);
        break;
    case MAPISVC_PROP_MV_STRING:
        mapisvc_list_free(&p->v.mvstr);
        break;
    case MAPISVC_PROP_MV_BINARY:
        for (i = 0; i < p->v.mvbin.count; i++)
            free(p->v.mvbin.items[i].data);
        free(p->v.mvbin.items);
        break;
    default:
        break;
    }
    memset(p, 0, sizeof(*p));
}

/* ------------------------------------------------------------------------ */
/* The model.                                                                */

/* Open-addressing hash slot; idx 0 means empty, else (section index + 1). */
struct slot {
    uint32_t hash;
    uint32_t sec;   /* section index + 1 */
    uint32_t ent;   /* entry index (key table only) */
};

struct table {
    struct slot *slots;
    size_t cap; /* power of two or 0 */
    size_t used;
};

/* seq keeps the sort by line stable (qsort is not). */
struct diag_rec {
    mapisvc_diag d;
    char *text; /* owned; d.reason points at it */
    size_t seq;
};

struct mapisvc_inf {
    char *filename;
    char *text;               /* mutable copy of the input */
    enum mapisvc_encoding encoding;
    mapisvc_section *secs;
    size_t *ent_cap;          /* capacity of secs[i].entries */
    size_t nsecs, sec_cap;
    struct table sec_tab;     /* section name -> index */
    struct table key_tab;     /* (section, key) -> entry, during parsing only */
    struct diag_rec *diags;
    size_t ndiags, diag_cap;
    int oom;
};

#define CUR_NONE (-1L) /* before the first header */
#define CUR_VOID (-2L) /* after a broken header: skip lines */

static uint32_t hash_name(const char *s, uint32_t seed)
{
    uint32_t h = 2166136261u ^ seed;
    for (; *s; s++) {
        h ^= (uint32_t)to_lower((unsigned char)*s);
        h *= 16777619u;
    }
    return h;
}

static int table_grow(struct table *t)
{
    size_t ncap = t->cap ? t->cap * 2 : 64, i;
    struct slot *ns = calloc(ncap, sizeof(*ns));
    if (!ns) return -1;
    for (i = 0; i < t->cap; i++) {
        size_t j;
        if (!t->slots[i].sec) continue;
        for (j = t->slots[i].hash & (ncap - 1); ns[j].sec; j = (j + 1) & (ncap - 1))
            ;
        ns[j] = t->slots[i];
    }
    free(t->slots);
    t->slots = ns;
    t->cap = ncap;
    return 0;
}

static void add_diag(struct mapisvc_inf *inf, unsigned line, const char *reason)
{
    struct diag_rec *r;
    char *copy;

    if (inf->oom || inf->ndiags > MAPISVC_MAX_DIAGS) return;
    if (inf->ndiags == MAPISVC_MAX_DIAGS) {
        line = 0;
        reason = "too many problems; the rest are not reported";
    }
    if (inf->ndiags == inf->diag_cap) {
        size_t ncap = inf->diag_cap ? inf->diag_cap * 2 : 16;
        struct diag_rec *nd = realloc(inf->diags, ncap * sizeof(*nd));
        if (!nd) {
            inf->oom = 1;
            return;
        }
        inf->diags = nd;
        inf->diag_cap = ncap;
    }
    copy = dup_span(reason, strlen(reason));
    if (!copy) {
        inf->oom = 1;
        return;
    }
    r = &inf->diags[inf->ndiags];
    r->d.file = inf->filename;
    r->d.line = line;
    r->d.reason = copy;
    r->text = copy;
    r->seq = inf->ndiags++;
}

static long find_section(const struct mapisvc_inf *inf, const char *name)
{
    uint32_t h;
    size_t j;
    if (!inf->sec_tab.cap) return -1;
    h = hash_name(name, 0);
    for (j = h & (inf->sec_tab.cap - 1); inf->sec_tab.slots[j].sec;
         j = (j + 1) & (inf->sec_tab.cap - 1)) {
        const struct slot *s = &inf->sec_tab.slots[j];
        if (s->hash == h && ci_equal(inf->secs[s->sec - 1].name, name)) return (long)s->sec - 1;
    }
    return -1;
}

/* Finds (sec, key) in the key table; returns the entry index or -1. */
static long find_key(const struct mapisvc_inf *inf, size_t sec, const char *key)
{
    uint32_t h;
    size_t j;
    if (!inf->key_tab.cap) return -1;
    h = hash_name(key, (uint32_t)sec * 0x9E3779B9u);
    for (j = h & (inf->key_tab.cap - 1); inf->key_tab.slots[j].sec;
         j = (j + 1) & (inf->key_tab.cap - 1)) {
        const struct slot *s = &inf->key_tab.slots[j];
        if (s->hash == h && s->sec == sec + 1 && ci_equal(inf->secs[sec].entries[s->ent].key, key))
            return (long)s->ent;
    }
    return -1;
}

static int table_insert(struct table *t, uint32_t hash, size_t sec, size_t ent)
{
    size_t j;
    if ((t->used + 1) * 2 > t->cap && table_grow(t)) return -1;
    for (j = hash & (t->cap - 1); t->slots[j].sec; j = (j + 1) & (t->cap - 1))
        ;
    t->slots[j].hash = hash;
    t->slots[j].sec = (uint32_t)(sec + 1);
    t->slots[j].ent = (uint32_t)ent;
    t->used++;
    return 0;
}

static int is_list_section(const char *name)
{
    return ci_equal(name, "Services") || ci_equal(name, "Default Services") ||
           ci_equal(name, "Help File Mappings");
}

static long add_section(struct mapisvc_inf *inf, char *name, unsigned line)
{
    mapisvc_section *s;
    if (inf->nsecs == inf->sec_cap) {
        size_t ncap = inf->sec_cap ? inf->sec_cap * 2 : 16;
        mapisvc_section *ns = realloc(inf->secs, ncap * sizeof(*ns));
        size_t *nc;
        if (!ns) goto oom;
        inf->secs = ns;
        nc = realloc(inf->ent_cap, ncap * sizeof(*nc));
        if (!nc) goto oom;
        inf->ent_cap = nc;
        inf->sec_cap = ncap;
    }
    if (table_insert(&inf->sec_tab, hash_name(name, 0), inf->nsecs, 0)) goto oom;
    s = &inf->secs[inf->nsecs];
    memset(s, 0, sizeof(*s));
    s->name = name;
    s->line = line;
    if (is_list_section(name)) s->roles = MAPISVC_ROLE_LIST;
    inf->ent_cap[inf->nsecs] = 0;
    return (long)inf->nsecs++;
oom:
    inf->oom = 1;
    return CUR_VOID;
}

static enum mapisvc_entry_kind classify(const mapisvc_section *s, const char *key)
{
    if (s->roles & MAPISVC_ROLE_LIST) return MAPISVC_ENTRY_LIST_ITEM;
    if (ci_equal(key, "Providers")) return MAPISVC_ENTRY_PROVIDERS;
    if (ci_equal(key, "Sections")) return MAPISVC_ENTRY_SECTIONS;
    if (ci_equal(key, "WIZARD_ENTRY_NAME")) return MAPISVC_ENTRY_WIZARD;
    if (ci_equal(key, "UID")) return MAPISVC_ENTRY_UID;
    return MAPISVC_ENTRY_PROPERTY;
}

static void add_entry(struct mapisvc_inf *inf, size_t sec, char *key, char *value, unsigned line)
{
    mapisvc_section *s = &inf->secs[sec];
    mapisvc_entry *e;
    long dup = find_key(inf, sec, key);
    char msg[200];

    if (dup >= 0) {
        snprintf(msg, sizeof(msg), "duplicate key '%.64s' in [%.64s] (first on line %u); ignored",
                 key, s->name, s->entries[dup].line);
        add_diag(inf, line, msg);
        return;
    }
    if (s->count == inf->ent_cap[sec]) {
        size_t ncap = s->count ? s->count * 2 : 8;
        mapisvc_entry *ne = realloc(s->entries, ncap * sizeof(*ne));
        if (!ne) {
            inf->oom = 1;
            return;
        }
        s->entries = ne;
        inf->ent_cap[sec] = ncap;
    }
    if (table_insert(&inf->key_tab, hash_name(key, (uint32_t)sec * 0x9E3779B9u), sec, s->count)) {
        inf->oom = 1;
        return;
    }
    e = &s->entries[s->count++];
    e->key = key;
    e->value = value;
    e->line = line;
    e->kind = classify(s, key);
    e->tag = 0;
    e->ok = 1;
    if (e->kind == MAPISVC_ENTRY_PROVIDERS || e->kind == MAPISVC_ENTRY_SECTIONS) {
        mapisvc_list *l = e->kind == MAPISVC_ENTRY_PROVIDERS ? &s->providers : &s->sections;
        if (mapisvc_split_list(value, l)) inf->oom = 1;
    }
}

/* "[name]" possibly followed by a ';' comment. */
static void handle_header(struct mapisvc_inf *inf, char *p, unsigned line, long *cur)
{
    char *close = strchr(p, ']'), *name, *rest;
    char msg[200];
    long idx;

    *cur = CUR_VOID;
    if (!close) {
        add_diag(inf, line, "section header not closed with ']'; lines up to the next header ignored");
        return;
    }
    rest = trim_inplace(close + 1);
    if (*rest && *rest != ';' && *rest != '#')
        add_diag(inf, line, "unexpected text after section header");
    *close = '\0';
    name = trim_inplace(p + 1);
    if (!*name) {
        add_diag(inf, line, "empty section name; lines up to the next header ignored");
        return;
    }
    idx = find_section(inf, name);
    if (idx >= 0) {
        snprintf(msg, sizeof(msg), "duplicate section [%.64s] (first on line %u); entries merged",
                 name, inf->secs[idx].line);
        add_diag(inf, line, msg);
        *cur = idx;
        return;
    }
    *cur = add_section(inf, name, line);
}

static void handle_entry(struct mapisvc_inf *inf, char *p, unsigned line, long cur)
{
    char *eq = strchr(p, '='), *key, *value;

    if (!eq) {
        add_diag(inf, line, "expected key=value: no '=' in line");
        return;
    }
    *eq = '\0';
    key = trim_inplace(p);
    value = trim_inplace(eq + 1);
    if (!*key) {
        add_diag(inf, line, "empty key before '='");
        return;
    }
    if (cur == CUR_NONE) {
        add_diag(inf, line, "key=value line before any [section] header");
        return;
    }
    if (cur == CUR_VOID) return;
    add_entry(inf, (size_t)cur, key, value, line);
}

static int first_char(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!is_space((unsigned char)s[i])) return (unsigned char)s[i];
    return 0;
}

static void handle_line(struct mapisvc_inf *inf, char *line, size_t n, unsigned lineno, long *cur)
{
    char msg[120];
    char *p;

    if (n > MAPISVC_MAX_LINE) {
        snprintf(msg, sizeof(msg), "line too long (%lu bytes, limit %u); ignored",
                 (unsigned long)n, MAPISVC_MAX_LINE);
        add_diag(inf, lineno, msg);
        if (first_char(line, n) == '[') *cur = CUR_VOID;
        return;
    }
    if (memchr(line, '\0', n)) {
        add_diag(inf, lineno, "line contains NUL bytes; ignored");
        if (first_char(line, n) == '[') *cur = CUR_VOID;
        return;
    }
    p = trim_inplace(line);
    if (*p == '\0' || *p == ';' || *p == '#') return;
    if (*p == '[') handle_header(inf, p, lineno, cur);
    else handle_entry(inf, p, lineno, *cur);
}

/* text must have text[len] writable: each line is NUL-terminated in place. */
static void parse_lines(struct mapisvc_inf *inf, char *text, size_t len)
{
    size_t pos = 0;
    unsigned lineno = 0;
    long cur = CUR_NONE;

    while (pos < len && !inf->oom) {
        size_t start = pos, end = pos;
        while (end < len && text[end] != '\n' && text[end] != '\r')
            end++;
        pos = end;
        if (pos < len) pos += (text[pos] == '\r' && pos + 1 < len && text[pos + 1] == '\n') ? 2 : 1;
        text[end] = '\0';
        handle_line(inf, text + start, end - start, ++lineno, &cur);
    }
}

/* ------------------------------------------------------------------------ */
/* Encoding: UTF-16 with BOM is transcoded to UTF-8; UTF-8 BOM is dropped.   */

static size_t put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static char *from_utf16(struct mapisvc_inf *inf, const unsigned char *d, size_t len, int be,
                        size_t *outlen)
{
    size_t units = len / 2, i, o = 0;
    char *out = malloc(units * 3 + 1); /* a unit never needs more than 3 bytes */

    if (!out) return NULL;
    if (len % 2) add_diag(inf, 0, "UTF-16 file has an odd number of bytes; last byte ignored");
    for (i = 0; i < units; i++) {
        uint32_t u = be ? (uint32_t)(d[2 * i] << 8 | d[2 * i + 1]) : (uint32_t)(d[2 * i + 1] << 8 | d[2 * i]);
        if (u >= 0xD800 && u < 0xDC00 && i + 1 < units) {
            uint32_t lo = be ? (uint32_t)(d[2 * i + 2] << 8 | d[2 * i + 3])
                             : (uint32_t)(d[2 * i + 3] << 8 | d[2 * i + 2]);
            if (lo >= 0xDC00 && lo < 0xE000) {
                o += put_utf8(out + o, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
                i++;
                continue;
            }
        }
        if (u >= 0xD800 && u < 0xE000) u = 0xFFFD; /* lone surrogate */
        o += put_utf8(out + o, u);
    }
    *outlen = o;
    return out;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    size_t need, i;
    uint32_t cp;
    if (s[0] < 0x80) return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) need = 2, cp = s[0] & 0x1F;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF) need = 3, cp = s[0] & 0x0F;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4) need = 4, cp = s[0] & 0x07;
    else return 0;
    if (n < need) return 0;
    for (i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((need == 3 && cp < 0x800) || (need == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp < 0xE000))
        return 0;
    return need;
}

static enum mapisvc_encoding detect_encoding(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    int high = 0;
    while (i < len) {
        size_t k = utf8_seq(s + i, len - i);
        if (!k) return MAPISVC_ENC_ANSI;
        if (k > 1) high = 1;
        i += k;
    }
    return high ? MAPISVC_ENC_UTF8 : MAPISVC_ENC_ASCII;
}

static char *prepare_text(struct mapisvc_inf *inf, const unsigned char *d, size_t len,
                          size_t *outlen)
{
    char *out;
    if (len > MAPISVC_MAX_INPUT) {
        char msg[100];
        snprintf(msg, sizeof(msg), "file larger than %u bytes; the rest is ignored",
                 MAPISVC_MAX_INPUT);
        add_diag(inf, 0, msg);
        len = MAPISVC_MAX_INPUT;
    }
    if (len >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF))) {
        inf->encoding = MAPISVC_ENC_UTF8;
        return from_utf16(inf, d + 2, len - 2, d[0] == 0xFE, outlen);
    }
    if (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF) {
        d += 3;
        len -= 3;
        inf->encoding = MAPISVC_ENC_UTF8;
    }
    out = malloc(len + 1);
    if (!out) return NULL;
    if (len) memcpy(out, d, len);
    out[len] = '\0';
    if (inf->encoding != MAPISVC_ENC_UTF8) inf->encoding = detect_encoding(out, len);
    *outlen = len;
    return out;
}

/* ------------------------------------------------------------------------ */
/* Validation: follows [Services] -> service -> Providers=/Sections=.        */

static void check_service_list(struct mapisvc_inf *inf, const char *list_name, int is_default)
{
    long li = find_section(inf, list_name), si = find_section(inf, "Services");
    char msg[240];
    size_t i;

    if (li < 0) return;
    for (i = 0; i < inf->secs[li].count; i++) {
        const mapisvc_entry *e = &inf->secs[li].entries[i];
        long s = find_section(inf, e->key);
        if (s < 0) {
            snprintf(msg, sizeof(msg), "[%s] entry '%.64s' has no [%.64s] section",
                     list_name, e->key, e->key);
            add_diag(inf, e->line, msg);
        } else {
            inf->secs[s].roles |= MAPISVC_ROLE_SERVICE;
        }
        if (is_default && (si < 0 || find_key(inf, (size_t)si, e->key) < 0)) {
            snprintf(msg, sizeof(msg), "default service '%.64s' is not listed in [Services]",
                     e->key);
            add_diag(inf, e->line, msg);
        }
    }
}

static void mark_listed(struct mapisvc_inf *inf, size_t sec, enum mapisvc_entry_kind kind,
                        unsigned role)
{
    mapisvc_section *s = &inf->secs[sec];
    const mapisvc_list *l = kind == MAPISVC_ENTRY_PROVIDERS ? &s->providers : &s->sections;
    long ei = find_key(inf, sec, kind == MAPISVC_ENTRY_PROVIDERS ? "Providers" : "Sections");
    unsigned line = ei >= 0 ? s->entries[ei].line : s->line;
    char msg[240];
    size_t i;

    if (kind == MAPISVC_ENTRY_PROVIDERS && !l->count) {
        snprintf(msg, sizeof(msg), "service [%.64s] has %s", s->name,
                 ei >= 0 ? "an empty Providers= list" : "no Providers= entry");
        add_diag(inf, line, msg);
    }
    for (i = 0; i < l->count; i++) {
        long t = find_section(inf, l->items[i]);
        if (t < 0) {
            snprintf(msg, sizeof(msg), "%s= of [%.64s] names missing section [%.64s]",
                     kind == MAPISVC_ENTRY_PROVIDERS ? "Providers" : "Sections", s->name,
                     l->items[i]);
            add_diag(inf, line, msg);
        } else {
            inf->secs[t].roles |= role;
        }
    }
}

static void check_property(struct mapisvc_inf *inf, const mapisvc_section *s, mapisvc_entry *e)
{
    char err[160], msg[320];
    mapisvc_prop p;
    int rc = mapisvc_entry_convert(e, &p, err, sizeof(err));

    if (rc == CONV_OOM) {
        inf->oom = 1;
        return;
    }
    if (rc) {
        e->tag = p.tag;
        e->ok = 0;
        snprintf(msg, sizeof(msg), "[%.64s] %.64s: %s", s->name, e->key, err);
        add_diag(inf, e->line, msg);
        return;
    }
    e->tag = p.tag;
    e->ok = 1;
    mapisvc_prop_free(&p);
}

static void check_uid(struct mapisvc_inf *inf, mapisvc_section *s, mapisvc_entry *e)
{
    char err[120], msg[240];
    mapisvc_bin b;
    int rc = decode_hex(e->value, strlen(e->value), &b, err, sizeof(err));

    if (rc == CONV_OOM) {
        inf->oom = 1;
        return;
    }
    if (rc == 0) {
        if (b.len == 16) {
            memcpy(s->uid, b.data, 16);
            s->has_uid = 1;
            free(b.data);
            return;
        }
        snprintf(err, sizeof(err), "%lu hex digits, a MAPIUID needs 32", (unsigned long)b.len * 2);
        free(b.data);
    }
    e->ok = 0;
    snprintf(msg, sizeof(msg), "[%.64s] UID: %s", s->name, err);
    add_diag(inf, e->line, msg);
}

static void check_entry(struct mapisvc_inf *inf, mapisvc_section *s, mapisvc_entry *e)
{
    char msg[240];
    switch (e->kind) {
    case MAPISVC_ENTRY_PROPERTY:
        check_property(inf, s, e);
        break;
    case MAPISVC_ENTRY_UID:
        check_uid(inf, s, e);
        break;
    case MAPISVC_ENTRY_PROVIDERS:
    case MAPISVC_ENTRY_SECTIONS:
        if (!(s->roles & MAPISVC_ROLE_SERVICE)) {
            snprintf(msg, sizeof(msg), "%s= in [%.64s], which is not a service listed in [Services]",
                     e->kind == MAPISVC_ENTRY_PROVIDERS ? "Providers" : "Sections", s->name);
            add_diag(inf, e->line, msg);
        }
        break;
    default:
        break;
    }
}

struct tag_line {
    uint16_t id;
    unsigned line;
    size_t ent;
};

static int cmp_tag_line(const void *a, const void *b)
{
    const struct tag_line *x = a, *y = b;
    if (x->id != y->id) return x->id < y->id ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* A property id set twice (say by PR_DISPLAY_NAME and 3001001E): the later
 * line loses, so the DLL never sees two values for one property. */
static void check_duplicate_ids(struct mapisvc_inf *inf, mapisvc_section *s)
{
    struct tag_line *v;
    size_t i, n = 0;
    char msg[200];

    if (s->count < 2) return;
    v = malloc(s->count * sizeof(*v));
    if (!v) {
        inf->oom = 1;
        return;
    }
    for (i = 0; i < s->count; i++) {
        if (s->entries[i].kind != MAPISVC_ENTRY_PROPERTY || !s->entries[i].ok) continue;
        v[n].id = MAPISVC_PROP_ID(s->entries[i].tag);
        v[n].line = s->entries[i].line;
        v[n].ent = i;
        n++;
    }
    qsort(v, n, sizeof(*v), cmp_tag_line);
    for (i = 1; i < n; i++) {
        if (v[i].id != v[i - 1].id) continue;
        s->entries[v[i].ent].ok = 0;
        snprintf(msg, sizeof(msg), "[%.64s] property id 0x%04X already set on line %u; ignored",
                 s->name, v[i].id, s->entries[v[i - 1].ent].line);
        add_diag(inf, v[i].line, msg);
        v[i] = v[i - 1]; /* keep pointing at the first for a third copy */
    }
    free(v);
}

static int has_property_id(const mapisvc_section *s, uint16_t id)
{
    size_t i;
    for (i = 0; i < s->count; i++)
        if (s->entries[i].kind == MAPISVC_ENTRY_PROPERTY && s->entries[i].tag &&
            MAPISVC_PROP_ID(s->entries[i].tag) == id)
            return 1;
    return 0;
}

/* Without these a provider cannot be loaded (spec 4.5, provider sections). */
static void check_provider(struct mapisvc_inf *inf, const mapisvc_section *s)
{
    char msg[200];
    if (!has_property_id(s, 0x300A)) {
        snprintf(msg, sizeof(msg), "provider section [%.64s] has no PR_PROVIDER_DLL_NAME", s->name);
        add_diag(inf, s->line, msg);
    }
    if (!has_property_id(s, 0x3E03)) {
        snprintf(msg, sizeof(msg), "provider section [%.64s] has no PR_RESOURCE_TYPE", s->name);
        add_diag(inf, s->line, msg);
    }
}

static void validate(struct mapisvc_inf *inf)
{
    size_t i, j;

    check_service_list(inf, "Services", 0);
    check_service_list(inf, "Default Services", 1);
    for (i = 0; i < inf->nsecs; i++) {
        if (!(inf->secs[i].roles & MAPISVC_ROLE_SERVICE)) continue;
        mark_listed(inf, i, MAPISVC_ENTRY_PROVIDERS, MAPISVC_ROLE_PROVIDER);
        mark_listed(inf, i, MAPISVC_ENTRY_SECTIONS, MAPISVC_ROLE_EXTRA);
    }
    for (i = 0; i < inf->nsecs && !inf->oom; i++) {
        mapisvc_section *s = &inf->secs[i];
        if (s->roles & MAPISVC_ROLE_LIST) continue;
        for (j = 0; j < s->count && !inf->oom; j++)
            check_entry(inf, s, &s->entries[j]);
        check_duplicate_ids(inf, s);
        if (s->roles & MAPISVC_ROLE_PROVIDER) check_provider(inf, s);
    }
}

static int cmp_diag(const void *a, const void *b)
{
    const struct diag_rec *x = a, *y = b;
    if (x->d.line != y->d.line) return x->d.line < y->d.line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ------------------------------------------------------------------------ */
/* Public API.                                                               */

mapisvc_inf *mapisvc_inf_parse(const void *data, size_t len, const char *filename)
{
    struct mapisvc_inf *inf;
    size_t tlen = 0;

    if (!data && len) return NULL;
    inf = calloc(1, sizeof(*inf));
    if (!inf) return NULL;
    if (!filename) filename = "MAPISVC.INF";
    inf->filename = dup_span(filename, strlen(filename));
    if (!inf->filename) goto fail;
    inf->text = prepare_text(inf, data ? data : "", len, &tlen);
    if (!inf->text || inf->oom) goto fail;
    parse_lines(inf, inf->text, tlen);
    if (!inf->oom) validate(inf);
    if (inf->oom) goto fail;
    free(inf->key_tab.slots);
    memset(&inf->key_tab, 0, sizeof(inf->key_tab));
    if (inf->ndiags > 1) qsort(inf->diags, inf->ndiags, sizeof(*inf->diags), cmp_diag);
    return inf;
fail:
    mapisvc_inf_free(inf);
    return NULL;
}

void mapisvc_inf_free(mapisvc_inf *inf)
{
    size_t i;
    if (!inf) return;
    for (i = 0; i < inf->nsecs; i++) {
        free(inf->secs[i].entries);
        mapisvc_list_free(&inf->secs[i].providers);
        mapisvc_list_free(&inf->secs[i].sections);
    }
    for (i = 0; i < inf->ndiags; i++)
        free(inf->diags[i].text);
    free(inf->diags);
    free(inf->secs);
    free(inf->ent_cap);
    free(inf->sec_tab.slots);
    free(inf->key_tab.slots);
    free(inf->text);
    free(inf->filename);
    free(inf);
}

enum mapisvc_encoding mapisvc_inf_encoding(const mapisvc_inf *inf)
{
    return inf ? inf->encoding : MAPISVC_ENC_ASCII;
}

size_t mapisvc_inf_section_count(const mapisvc_inf *inf)
{
    return inf ? inf->nsecs : 0;
}

const mapisvc_section *mapisvc_inf_section_at(const mapisvc_inf *inf, size_t i)
{
    return inf && i < inf->nsecs ? &inf->secs[i] : NULL;
}

const mapisvc_section *mapisvc_inf_section(const mapisvc_inf *inf, const char *name)
{
    long i;
    if (!inf || !name) return NULL;
    i = find_section(inf, name);
    return i >= 0 ? &inf->secs[i] : NULL;
}

const mapisvc_entry *mapisvc_section_find(const mapisvc_section *sec, const char *key)
{
    size_t i;
    if (!sec || !key) return NULL;
    for (i = 0; i < sec->count; i++)
        if (ci_equal(sec->entries[i].key, key)) return &sec->entries[i];
    return NULL;
}

const char *mapisvc_section_value(const mapisvc_section *sec, const char *key)
{
    const mapisvc_entry *e = mapisvc_section_find(sec, key);
    return e ? e->value : NULL;
}

static size_t list_entries(const mapisvc_inf *inf, const char *name, const mapisvc_entry **out)
{
    const mapisvc_section *s = mapisvc_inf_section(inf, name);
    if (out) *out = s && s->count ? s->entries : NULL;
    return s ? s->count : 0;
}

size_t mapisvc_inf_services(const mapisvc_inf *inf, const mapisvc_entry **out)
{
    return list_entries(inf, "Services", out);
}

size_t mapisvc_inf_default_services(const mapisvc_inf *inf, const mapisvc_entry **out)
{
    return list_entries(inf, "Default Services", out);
}

size_t mapisvc_inf_help_files(const mapisvc_inf *inf, const mapisvc_entry **out)
{
    return list_entries(inf, "Help File Mappings", out);
}

size_t mapisvc_inf_diag_count(const mapisvc_inf *inf)
{
    return inf ? inf->ndiags : 0;
}

const mapisvc_diag *mapisvc_inf_diag(const mapisvc_inf *inf, size_t i)
{
    return inf && i < inf->ndiags ? &inf->diags[i].d : NULL;
}

int mapisvc_diag_format(const mapisvc_diag *d, char *buf, size_t n)
{
    if (!d || !buf || !n) return -1;
    return snprintf(buf, n, "%s:%u: %s", d->file, d->line, d->reason);
}
