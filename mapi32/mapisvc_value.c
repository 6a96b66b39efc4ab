/*
 * MAPISVC.INF property values (mapi-spec.md 4.4, 4.5): the PR_* and flag
 * symbol tables, and the conversion of one "key=value" line into a typed
 * property. Portable C, like the parser in mapisvc_inf.c.
 */
#include "mapisvc_inf.h"
#include "mapisvc_util.h"

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
int mapisvc_decode_hex(const char *s, size_t n, mapisvc_bin *out, char *err, size_t errlen)
{
    size_t i, digits = 0, k = 0;
    uint8_t *buf;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_space(c)) continue;
        if (hex_value(c) < 0) {
            set_err(err, errlen, "bad hex digit '%c' (0x%02X)", (c >= 0x20 && c < 0x7F) ? c : '?', c);
            return -1;
        }
        digits++;
    }
    if (digits % 2) {
        set_err(err, errlen, "odd number of hex digits (%lu)", (unsigned long)digits);
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
            set_err(err, errlen, "hex byte image needs exactly %u digits", k->bytes * 2);
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
        set_err(err, errlen, "unknown constant '%.*s'", n > 64 ? 64 : (int)n, s);
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

static int split_span(const char *s, size_t n, mapisvc_list *out)
{
    size_t pos = 0, len, cap = list_count_items(s, n), off = 0;
    const char *item;

    memset(out, 0, sizeof(*out));
    out->items = malloc(cap * sizeof(*out->items));
    out->store = malloc(n + 1);
    if (!out->items || !out->store) {
        mapisvc_list_free(out);
        return -1;
    }
    while (list_next_item(s, n, &pos, &item, &len)) {
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

    out->v.mvl.items = malloc(list_count_items(s, n) * sizeof(int32_t));
    if (!out->v.mvl.items) {
        set_err(err, errlen, "out of memory");
        return CONV_OOM;
    }
    while (list_next_item(s, n, &pos, &item, &len)) {
        if (parse_int_expr(item, len, &k, &v, err, errlen)) return -1;
        out->v.mvl.items[out->v.mvl.count++] = i32_from_bits(v);
    }
    return 0;
}

static int convert_mv_binary(const char *s, size_t n, mapisvc_prop *out, char *err, size_t errlen)
{
    size_t pos = 0, len;
    const char *item;

    out->v.mvbin.items = malloc(list_count_items(s, n) * sizeof(mapisvc_bin));
    if (!out->v.mvbin.items) {
        set_err(err, errlen, "out of memory");
        return CONV_OOM;
    }
    while (list_next_item(s, n, &pos, &item, &len)) {
        int rc = mapisvc_decode_hex(item, len, &out->v.mvbin.items[out->v.mvbin.count], err, errlen);
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
        *tag = hex_u32(s, 8);
        return 0;
    }
    if (find_prop_name(s, n, tag)) return 0;
    if (n >= 3 && span_ci_equal(s, 3, "PR_"))
        set_err(err, errlen, "unknown property name '%.*s'", shown, s);
    else
        set_err(err, errlen, "unknown key '%.*s' (expected PR_* name or 8-hex-digit tag)", shown, s);
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
        out->v.l = i16_from_bits(v);
        return 0;
    case MAPISVC_PT_LONG:
        out->kind = MAPISVC_PROP_LONG;
        if (parse_int_expr(s, n, &k4, &v, err, errlen)) return -1;
        out->v.l = i32_from_bits(v);
        return 0;
    case MAPISVC_PT_I8:
        out->kind = MAPISVC_PROP_I8;
        if (parse_int_expr(s, n, &k8, &v, err, errlen)) return -1;
        out->v.i8 = i64_from_bits(v);
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
        if ((rc = mapisvc_decode_hex(s, n, &out->v.bin, err, errlen))) return rc;
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
        set_err(err, errlen, "unsupported property type 0x%04X", MAPISVC_PROP_TYPE(tag));
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
