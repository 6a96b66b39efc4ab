/*
 * Outlook profile files (PRF): property names and types, and the conversion
 * of PRF text into typed values.  See prf.h for the API.  Portable C99.
 */
#include "prf_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------ */
/* Property names and types.                                                 */

static const struct { const char *name; uint16_t type; } type_names[] = {
    { "PT_I2", PT_I2 },           { "PT_SHORT", PT_I2 },
    { "PT_LONG", PT_LONG },       { "PT_I4", PT_LONG },
    { "PT_BOOLEAN", PT_BOOLEAN }, { "PT_I8", PT_I8 },
    { "PT_STRING8", PT_STRING8 }, { "PT_UNICODE", PT_UNICODE },
    { "PT_CLSID", PT_CLSID },     { "PT_BINARY", PT_BINARY },
    { "PT_MV_LONG", PT_MV_LONG }, { "PT_MV_STRING8", PT_MV_STRING8 },
    { "PT_MV_UNICODE", PT_MV_UNICODE }, { "PT_MV_BINARY", PT_MV_BINARY },
};

/* Names of other types, only for printing. */
static const struct { const char *name; uint16_t type; } other_type_names[] = {
    { "PT_UNSPECIFIED", 0x0000 }, { "PT_NULL", 0x0001 },  { "PT_R4", 0x0004 },
    { "PT_DOUBLE", 0x0005 },      { "PT_CURRENCY", 0x0006 }, { "PT_APPTIME", 0x0007 },
    { "PT_ERROR", 0x000A },       { "PT_OBJECT", 0x000D }, { "PT_SYSTIME", 0x0040 },
    { "PT_SVREID", 0x00FB },      { "PT_SRESTRICT", 0x00FD }, { "PT_ACTIONS", 0x00FE },
    { "PT_MV_I2", 0x1002 },       { "PT_MV_R4", 0x1004 },  { "PT_MV_DOUBLE", 0x1005 },
    { "PT_MV_CURRENCY", 0x1006 }, { "PT_MV_APPTIME", 0x1007 }, { "PT_MV_SYSTIME", 0x1040 },
    { "PT_MV_CLSID", 0x1048 },    { "PT_MV_I8", 0x1014 },
};

const char *prf_type_name(uint16_t type)
{
    size_t i;
    for (i = 0; i < COUNT_OF(type_names); i++)
        if (type_names[i].type == type) return type_names[i].name;
    for (i = 0; i < COUNT_OF(other_type_names); i++)
        if (other_type_names[i].type == type) return other_type_names[i].name;
    return NULL;
}

int prf_type_supported(uint16_t type)
{
    size_t i;
    for (i = 0; i < COUNT_OF(type_names); i++)
        if (type_names[i].type == type) return 1;
    return 0;
}

int prf_type_from_name(const char *s, uint16_t *type)
{
    size_t i;
    for (i = 0; i < COUNT_OF(type_names); i++)
        if (ci_equal(s, type_names[i].name)) {
            *type = type_names[i].type;
            return 0;
        }
    return -1;
}

/* What a property is to the profile tool. */
enum {
    USE_FREE = 0,   /* provider data: set, exported */
    USE_INF,        /* copied from MAPISVC.INF at creation: settable, not exported */
    USE_ID,         /* generated identity data: settable, not exported */
    USE_MANAGED     /* kept by MAPI: never set */
};

/* The MAPI properties of profiles, services and providers (mapi-spec.md 4.4).
 * String properties are listed as PT_STRING8 and also answer to PT_UNICODE. */
static const struct tag_name {
    const char *name;
    uint16_t id;
    uint16_t type;
    uint8_t use;
} tag_names[] = {
    { "PR_INSTANCE_KEY", 0x0FF6, PT_BINARY, USE_MANAGED },
    { "PR_RECORD_KEY", 0x0FF9, PT_BINARY, USE_ID },
    { "PR_STORE_ENTRYID", 0x0FFB, PT_BINARY, USE_ID },
    { "PR_OBJECT_TYPE", 0x0FFE, PT_LONG, USE_MANAGED },
    { "PR_ENTRYID", 0x0FFF, PT_BINARY, USE_ID },
    { "PR_ROWID", 0x3000, PT_LONG, USE_MANAGED },
    { "PR_DISPLAY_NAME", 0x3001, PT_STRING8, USE_FREE },
    { "PR_COMMENT", 0x3004, PT_STRING8, USE_FREE },
    { "PR_PROVIDER_DISPLAY", 0x3006, PT_STRING8, USE_INF },
    { "PR_RESOURCE_FLAGS", 0x3009, PT_LONG, USE_INF },
    { "PR_PROVIDER_DLL_NAME", 0x300A, PT_STRING8, USE_INF },
    { "PR_SEARCH_KEY", 0x300B, PT_BINARY, USE_ID },
    { "PR_PROVIDER_UID", 0x300C, PT_BINARY, USE_MANAGED },
    { "PR_PROVIDER_ORDINAL", 0x300D, PT_LONG, USE_MANAGED },
    { "PR_DEFAULT_STORE", 0x3400, PT_BOOLEAN, USE_FREE },
    { "PR_MDB_PROVIDER", 0x3414, PT_BINARY, USE_INF },
    { "PR_AB_PROVIDER_ID", 0x3615, PT_BINARY, USE_INF },
    { "PR_STORE_PROVIDERS", 0x3D00, PT_BINARY, USE_MANAGED },
    { "PR_AB_PROVIDERS", 0x3D01, PT_BINARY, USE_MANAGED },
    { "PR_TRANSPORT_PROVIDERS", 0x3D02, PT_BINARY, USE_MANAGED },
    { "PR_DEFAULT_PROFILE", 0x3D04, PT_BOOLEAN, USE_MANAGED },
    { "PR_AB_SEARCH_PATH", 0x3D05, PT_MV_BINARY, USE_ID },
    { "PR_AB_DEFAULT_DIR", 0x3D06, PT_BINARY, USE_ID },
    { "PR_AB_DEFAULT_PAB", 0x3D07, PT_BINARY, USE_ID },
    { "PR_FILTERING_HOOKS", 0x3D08, PT_BINARY, USE_ID },
    { "PR_SERVICE_NAME", 0x3D09, PT_STRING8, USE_INF },
    { "PR_SERVICE_DLL_NAME", 0x3D0A, PT_STRING8, USE_INF },
    { "PR_SERVICE_ENTRY_NAME", 0x3D0B, PT_STRING8, USE_INF },
    { "PR_SERVICE_UID", 0x3D0C, PT_BINARY, USE_MANAGED },
    { "PR_SERVICE_EXTRA_UIDS", 0x3D0D, PT_BINARY, USE_MANAGED },
    { "PR_SERVICES", 0x3D0E, PT_BINARY, USE_MANAGED },
    { "PR_SERVICE_SUPPORT_FILES", 0x3D0F, PT_MV_STRING8, USE_INF },
    { "PR_SERVICE_DELETE_FILES", 0x3D10, PT_MV_STRING8, USE_INF },
    { "PR_AB_SEARCH_PATH_UPDATE", 0x3D11, PT_BINARY, USE_ID },
    { "PR_PROFILE_NAME", 0x3D12, PT_STRING8, USE_MANAGED },
    { "PR_SERVICE_INSTALL_ID", 0x3D13, PT_STRING8, USE_INF },
    { "PR_IDENTITY_DISPLAY", 0x3E00, PT_STRING8, USE_ID },
    { "PR_IDENTITY_ENTRYID", 0x3E01, PT_BINARY, USE_ID },
    { "PR_RESOURCE_METHODS", 0x3E02, PT_LONG, USE_ID },
    { "PR_RESOURCE_TYPE", 0x3E03, PT_LONG, USE_INF },
    { "PR_STATUS_CODE", 0x3E04, PT_LONG, USE_ID },
    { "PR_IDENTITY_SEARCH_KEY", 0x3E05, PT_BINARY, USE_ID },
    { "PR_OWN_STORE_ENTRYID", 0x3E06, PT_BINARY, USE_ID },
    { "PR_RESOURCE_PATH", 0x3E07, PT_STRING8, USE_FREE },
    { "PR_STATUS_STRING", 0x3E08, PT_STRING8, USE_ID },
};

static int is_string_type(uint16_t type)
{
    return (type & ~0x1001u) == 0x001Eu; /* STRING8, UNICODE and their MV forms */
}

static const struct tag_name *find_tag(uint32_t tag)
{
    size_t i;
    for (i = 0; i < COUNT_OF(tag_names); i++) {
        const struct tag_name *t = &tag_names[i];
        if (t->id != TAG_ID(tag)) continue;
        if (t->type == TAG_TYPE(tag) || (is_string_type(t->type) && (t->type | 1) == TAG_TYPE(tag)))
            return t;
    }
    return NULL;
}

static int tag_use(uint32_t tag)
{
    size_t i;
    for (i = 0; i < COUNT_OF(tag_names); i++)
        if (tag_names[i].id == TAG_ID(tag)) return tag_names[i].use;
    return USE_FREE;
}

int prf_tag_is_managed(uint32_t tag)
{
    return tag_use(tag) == USE_MANAGED;
}

int prf_tag_is_exported(uint32_t tag)
{
    uint16_t id = TAG_ID(tag);
    if (tag_use(tag) != USE_FREE) return 0;
    if (id >= 0x67F0 && id <= 0x67FF) return 0; /* secure properties */
    return prf_type_supported(TAG_TYPE(tag));
}

const char *prf_tag_name(uint32_t tag, char *buf, size_t n)
{
    const struct tag_name *t = find_tag(tag);
    if (!t || !buf || !n) return NULL;
    if (is_string_type(t->type))
        snprintf(buf, n, "%s_%c", t->name, (TAG_TYPE(tag) & 1) ? 'W' : 'A');
    else
        snprintf(buf, n, "%s", t->name);
    return buf;
}

int prf_tag_from_name(const char *name, uint32_t *tag)
{
    size_t i, n;
    if (!name || !tag) return -1;
    n = strlen(name);
    if (n == 10 && name[0] == '0' && (name[1] == 'x' || name[1] == 'X')) {
        name += 2;
        n -= 2;
    }
    if (n == 8 && all_hex(name, 8)) {
        *tag = hex_u32(name, 8);
        return 0;
    }
    for (i = 0; i < COUNT_OF(tag_names); i++) {
        const struct tag_name *t = &tag_names[i];
        size_t len = strlen(t->name);
        uint16_t type = t->type;
        if (n == len + 2 && is_string_type(type) && name[len] == '_') {
            int c = to_lower((unsigned char)name[len + 1]);
            if (c == 'w') type |= 1;
            else if (c != 'a') continue;
        } else if (n != len) {
            continue;
        }
        if (!prf_prefix_ieq(name, t->name)) continue;
        *tag = TAG(type, t->id);
        return 0;
    }
    return -1;
}

/* ------------------------------------------------------------------------ */
/* Value conversion.                                                         */

/* Integer text: [-|+]decimal or 0x hex; 'bits' is 16, 32 or 64.  The result
 * is the two's-complement bit pattern. */
int prf_parse_int(const char *s, size_t n, unsigned bits, uint64_t *out, char *err, size_t errlen)
{
    uint64_t v = 0, umax = bits == 64 ? UINT64_MAX : (((uint64_t)1 << bits) - 1);
    uint64_t negmax = (uint64_t)1 << (bits - 1);
    size_t i;
    int neg = 0;

    span_trim(&s, &n);
    if (!n) {
        set_err(err, errlen, "empty value where a number is expected");
        return -1;
    }
    if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        if (n - 2 > bits / 4 || !all_hex(s + 2, n - 2)) {
            set_err(err, errlen, "'%.*s' is not a %u-bit 0x hex number", n > 40 ? 40 : (int)n, s, bits);
            return -1;
        }
        for (i = 2; i < n; i++) v = (v << 4) | (uint64_t)hex_value((unsigned char)s[i]);
        *out = v;
        return 0;
    }
    if (s[0] == '-' || s[0] == '+') {
        neg = s[0] == '-';
        s++;
        n--;
    }
    if (!n) {
        set_err(err, errlen, "a sign without a number");
        return -1;
    }
    for (i = 0; i < n; i++) {
        unsigned d;
        if (s[i] < '0' || s[i] > '9') {
            set_err(err, errlen, "'%.*s' is not a number (decimal or 0x hex)",
                    n > 40 ? 40 : (int)n, s);
            return -1;
        }
        d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10) {
            set_err(err, errlen, "number out of range");
            return -1;
        }
        v = v * 10 + d;
    }
    if (neg ? v > negmax : v > umax) {
        set_err(err, errlen, "number out of range for %u bits", bits);
        return -1;
    }
    *out = neg ? (uint64_t)0 - v : v;
    if (bits < 64) *out &= umax;
    return 0;
}

int prf_parse_bool(const char *s, int *out)
{
    if (ci_equal(s, "TRUE") || ci_equal(s, "YES") || ci_equal(s, "1")) {
        *out = 1;
        return 0;
    }
    if (ci_equal(s, "FALSE") || ci_equal(s, "NO") || ci_equal(s, "0")) {
        *out = 0;
        return 0;
    }
    return -1;
}

/* Empty items are dropped, as in MAPISVC.INF lists. */
static int convert_mv_long(const char *s, mapisvc_prop *out, char *err, size_t errlen)
{
    size_t n = strlen(s), pos = 0, len;
    const char *item;
    uint64_t v;

    out->kind = MAPISVC_PROP_MV_LONG;
    out->v.mvl.items = malloc(list_count_items(s, n) * sizeof(int32_t));
    if (!out->v.mvl.items) {
        set_err(err, errlen, "out of memory");
        return -2;
    }
    while (list_next_item(s, n, &pos, &item, &len)) {
        if (prf_parse_int(item, len, 32, &v, err, errlen)) return -1;
        out->v.mvl.items[out->v.mvl.count++] = i32_from_bits(v);
    }
    return 0;
}

int prf_convert(uint32_t tag, const char *text, mapisvc_prop *out, char *err, size_t errlen)
{
    uint16_t type = TAG_TYPE(tag);
    uint64_t v;
    char key[9];
    int rc;

    if (err && errlen) err[0] = '\0';
    if (!out) {
        set_err(err, errlen, "invalid argument");
        return -1;
    }
    memset(out, 0, sizeof(*out));
    out->tag = tag;
    if (!text) {
        set_err(err, errlen, "invalid argument");
        return -1;
    }
    if (prf_tag_is_managed(tag)) {
        char name[64];
        set_err(err, errlen, "%s is kept by MAPI itself and cannot be set",
                prf_tag_name(tag, name, sizeof(name)) ? name : "this property");
        return -1;
    }
    if (TAG_ID(tag) == 0 || TAG_ID(tag) == 0xFFFF) {
        set_err(err, errlen, "property ID 0x%04X is not valid", TAG_ID(tag));
        return -1;
    }
    switch (type) {
    case PT_I2:
    case PT_LONG:
        if (prf_parse_int(text, strlen(text), type == PT_I2 ? 16 : 32, &v, err, errlen)) return -1;
        out->kind = MAPISVC_PROP_LONG;
        out->v.l = type == PT_I2 ? i16_from_bits(v) : i32_from_bits(v);
        return 0;
    case PT_I8:
        if (prf_parse_int(text, strlen(text), 64, &v, err, errlen)) return -1;
        out->kind = MAPISVC_PROP_I8;
        out->v.i8 = i64_from_bits(v);
        return 0;
    case PT_BOOLEAN: {
        char tmp[16];
        size_t n = strlen(text);
        const char *t = text;
        span_trim(&t, &n);
        if (n >= sizeof(tmp)) n = sizeof(tmp) - 1; /* too long to be a boolean anyway */
        memcpy(tmp, t, n);
        tmp[n] = '\0';
        out->kind = MAPISVC_PROP_BOOLEAN;
        if (prf_parse_bool(tmp, &out->v.b)) {
            set_err(err, errlen, "'%.40s' is not a boolean (TRUE, FALSE, Yes, No, 1 or 0)", text);
            return -1;
        }
        return 0;
    }
    case PT_MV_LONG:
        rc = convert_mv_long(text, out, err, errlen);
        if (rc) {
            mapisvc_prop_free(out);
            out->tag = tag;
        }
        return rc;
    case PT_STRING8:
    case PT_UNICODE:
    case PT_BINARY:
    case PT_CLSID:
    case PT_MV_STRING8:
    case PT_MV_UNICODE:
    case PT_MV_BINARY:
        /* mapisvc's converter handles these the same way a PRF writes them */
        snprintf(key, sizeof(key), "%08X", (unsigned)tag);
        rc = mapisvc_convert(key, text, out, err, errlen);
        out->tag = tag;
        return rc;
    default:
        set_err(err, errlen, "property type 0x%04X (%s) cannot be given as text", type,
                prf_type_name(type) ? prf_type_name(type) : "unknown");
        return -1;
    }
}

int prf_parse_assignment(const char *arg, mapisvc_prop *out, char *err, size_t errlen)
{
    const char *eq;
    char name[80];
    size_t n;
    uint32_t tag;

    if (out) memset(out, 0, sizeof(*out));
    if (!arg || !out) {
        set_err(err, errlen, "invalid argument");
        return -1;
    }
    eq = strchr(arg, '=');
    if (!eq) {
        set_err(err, errlen, "'%.64s' is not TAG=VALUE", arg);
        return -1;
    }
    n = (size_t)(eq - arg);
    span_trim(&arg, &n);
    if (!n) {
        set_err(err, errlen, "no property before '='");
        return -1;
    }
    if (n >= sizeof(name) || (memcpy(name, arg, n), name[n] = '\0', prf_tag_from_name(name, &tag))) {
        set_err(err, errlen, "unknown property '%.*s' (expected a PR_* name or 8 hex digits)",
                n > 64 ? 64 : (int)n, arg);
        return -1;
    }
    return prf_convert(tag, eq + 1, out, err, errlen);
}

int prf_props_equal(const mapisvc_prop *a, const mapisvc_prop *b)
{
    size_t i;
    if (a->tag != b->tag || a->kind != b->kind) return 0;
    switch (a->kind) {
    case MAPISVC_PROP_LONG: return a->v.l == b->v.l;
    case MAPISVC_PROP_BOOLEAN: return !a->v.b == !b->v.b;
    case MAPISVC_PROP_I8: return a->v.i8 == b->v.i8;
    case MAPISVC_PROP_STRING: return strcmp(a->v.str, b->v.str) == 0;
    case MAPISVC_PROP_BINARY:
        return a->v.bin.len == b->v.bin.len &&
               (!a->v.bin.len || memcmp(a->v.bin.data, b->v.bin.data, a->v.bin.len) == 0);
    case MAPISVC_PROP_MV_LONG:
        if (a->v.mvl.count != b->v.mvl.count) return 0;
        for (i = 0; i < a->v.mvl.count; i++)
            if (a->v.mvl.items[i] != b->v.mvl.items[i]) return 0;
        return 1;
    case MAPISVC_PROP_MV_STRING:
        if (a->v.mvstr.count != b->v.mvstr.count) return 0;
        for (i = 0; i < a->v.mvstr.count; i++)
            if (strcmp(a->v.mvstr.items[i], b->v.mvstr.items[i])) return 0;
        return 1;
    case MAPISVC_PROP_MV_BINARY:
        if (a->v.mvbin.count != b->v.mvbin.count) return 0;
        for (i = 0; i < a->v.mvbin.count; i++)
            if (a->v.mvbin.items[i].len != b->v.mvbin.items[i].len ||
                (a->v.mvbin.items[i].len &&
                 memcmp(a->v.mvbin.items[i].data, b->v.mvbin.items[i].data, a->v.mvbin.items[i].len)))
                return 0;
        return 1;
    }
    return 0;
}
