/*
 * Outlook profile files (PRF): parser, value conversion and writer.
 * See prf.h for the format and the API.  Portable C99.
 *
 * The input is transcoded once into a mutable UTF-8 (or ANSI) buffer; section
 * names, keys and values are NUL-terminated in place inside it.  Lookups go
 * through hash tables so that hostile files cannot make parsing quadratic.
 */
#include "prf.h"
#include "mapisvc_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------ */
/* Small text helpers; the character ones come from mapisvc_util.h.          */

/* The first strlen(prefix) characters of s equal prefix, ignoring case. */
static int prefix_ieq(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (!*s || to_lower((unsigned char)*s) != to_lower((unsigned char)*prefix)) return 0;
    return 1;
}

/* Removes one pair of enclosing double quotes, as Windows' profile functions do. */
static char *unquote(char *s)
{
    size_t n = strlen(s);
    if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
        s[n - 1] = '\0';
        return s + 1;
    }
    return s;
}

static int all_hex(const char *s, size_t n)
{
    size_t i;
    if (!n) return 0;
    for (i = 0; i < n; i++)
        if (hex_value((unsigned char)s[i]) < 0) return 0;
    return 1;
}

static void set_error(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    if (!err || !errlen) return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* A growable byte buffer for the transcoder and the writer. */
struct buf {
    char *p;
    size_t len, cap;
    int oom;
};

static int buf_reserve(struct buf *b, size_t more)
{
    size_t ncap;
    char *np;
    if (b->oom) return -1;
    if (b->len + more + 1 <= b->cap) return 0;
    ncap = b->cap ? b->cap : 256;
    while (ncap < b->len + more + 1) {
        if (ncap > (size_t)-1 / 2) {
            b->oom = 1;
            return -1;
        }
        ncap *= 2;
    }
    np = realloc(b->p, ncap);
    if (!np) {
        b->oom = 1;
        return -1;
    }
    b->p = np;
    b->cap = ncap;
    b->p[b->len] = '\0'; /* a buffer is always a string, even an empty one */
    return 0;
}

static void buf_add(struct buf *b, const char *s, size_t n)
{
    if (buf_reserve(b, n)) return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void buf_str(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

static void buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    char small[256];

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof(small)) {
        buf_add(b, small, (size_t)n);
        return;
    }
    if (buf_reserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static void buf_utf8(struct buf *b, uint32_t cp)
{
    char e[4];
    size_t n;
    if (cp < 0x80) {
        e[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        e[0] = (char)(0xC0 | (cp >> 6));
        e[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        e[0] = (char)(0xE0 | (cp >> 12));
        e[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        e[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        e[0] = (char)(0xF0 | (cp >> 18));
        e[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        e[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        e[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    buf_add(b, e, n);
}

/* Decodes one UTF-8 sequence at s (n bytes left): the code point and its
 * length, or -1 for an invalid sequence (overlong, surrogate, > U+10FFFF). */
static int utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
    uint32_t c = s[0], min;
    int len, i;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) len = 2, c &= 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, c &= 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, c &= 0x07, min = 0x10000;
    else return -1;
    if ((size_t)len > n) return -1;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return -1;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return -1;
    *cp = c;
    return len;
}

/* ------------------------------------------------------------------------ */
/* The model.                                                                */

struct entry {
    char *key;
    char *value;
    unsigned line;
};

struct section {
    char *name;
    unsigned line;
    size_t count, cap;
    struct entry *ents;
    /* mapping-section cache, filled when a service first uses it */
    int map_built;
    signed char *map_state; /* per entry: 0 unparsed, 1 property, -1 bad / special */
    uint32_t *map_tag;
    const char *map_service; /* ServiceName= */
    int map_has_uid;
    uint8_t map_uid[16];
};

/* Open-addressing slot: sec is the section index + 1 (0 = empty). */
struct slot {
    uint32_t hash;
    uint32_t sec;
    uint32_t ent;
};

struct table {
    struct slot *slots;
    size_t cap, used;
};

struct diag_rec {
    prf_diag d;
    size_t seq; /* keeps the sort by line stable */
};

struct prf_file {
    char *filename;
    char *text;
    size_t text_len;          /* the text may hold NUL bytes from the file */
    enum prf_encoding encoding;
    struct section *secs;
    size_t nsecs, sec_cap;
    struct table sec_tab; /* name -> section */
    struct table key_tab; /* (section, key) -> entry */
    prf_general general;
    prf_service *svcs;
    size_t nsvcs;
    struct diag_rec *diags;
    size_t ndiags, diag_cap;
    int oom;
};

static uint32_t hash_name(const char *s, uint32_t seed)
{
    uint32_t h = 2166136261u ^ seed;
    for (; *s; s++) {
        h ^= (uint32_t)to_lower((unsigned char)*s);
        h *= 16777619u;
    }
    return h ? h : 1;
}

static int table_grow(struct table *t)
{
    size_t ncap = t->cap ? t->cap * 2 : 64, i, j;
    struct slot *ns = calloc(ncap, sizeof(*ns));
    if (!ns) return -1;
    for (i = 0; i < t->cap; i++) {
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

static int table_add(struct table *t, uint32_t hash, uint32_t sec, uint32_t ent)
{
    size_t j;
    if ((t->used + 1) * 2 > t->cap && table_grow(t)) return -1;
    for (j = hash & (t->cap - 1); t->slots[j].sec; j = (j + 1) & (t->cap - 1))
        ;
    t->slots[j].hash = hash;
    t->slots[j].sec = sec;
    t->slots[j].ent = ent;
    t->used++;
    return 0;
}

static void add_diag(struct prf_file *prf, unsigned line, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    struct diag_rec *r;
    char *copy;
    size_t n;

    if (prf->oom || prf->ndiags > PRF_MAX_DIAGS) return;
    if (prf->ndiags == PRF_MAX_DIAGS) {
        line = 0;
        snprintf(text, sizeof(text), "too many problems; the rest are not reported");
    } else {
        va_start(ap, fmt);
        vsnprintf(text, sizeof(text), fmt, ap);
        va_end(ap);
    }
    if (prf->ndiags == prf->diag_cap) {
        size_t ncap = prf->diag_cap ? prf->diag_cap * 2 : 16;
        struct diag_rec *nd = realloc(prf->diags, ncap * sizeof(*nd));
        if (!nd) {
            prf->oom = 1;
            return;
        }
        prf->diags = nd;
        prf->diag_cap = ncap;
    }
    n = strlen(text);
    copy = malloc(n + 1);
    if (!copy) {
        prf->oom = 1;
        return;
    }
    memcpy(copy, text, n + 1);
    r = &prf->diags[prf->ndiags];
    r->d.file = prf->filename;
    r->d.line = line;
    r->d.reason = copy;
    r->seq = prf->ndiags++;
}

static long find_section(const struct prf_file *prf, const char *name)
{
    uint32_t h;
    size_t j;
    if (!prf->sec_tab.cap) return -1;
    h = hash_name(name, 0);
    for (j = h & (prf->sec_tab.cap - 1); prf->sec_tab.slots[j].sec;
         j = (j + 1) & (prf->sec_tab.cap - 1)) {
        const struct slot *s = &prf->sec_tab.slots[j];
        if (s->hash == h && ci_equal(prf->secs[s->sec - 1].name, name)) return (long)s->sec - 1;
    }
    return -1;
}

static uint32_t key_seed(size_t sec)
{
    return (uint32_t)(sec + 1) * 0x9E3779B9u;
}

static long find_key(const struct prf_file *prf, size_t sec, const char *key)
{
    uint32_t h;
    size_t j;
    if (!prf->key_tab.cap) return -1;
    h = hash_name(key, key_seed(sec));
    for (j = h & (prf->key_tab.cap - 1); prf->key_tab.slots[j].sec;
         j = (j + 1) & (prf->key_tab.cap - 1)) {
        const struct slot *s = &prf->key_tab.slots[j];
        if (s->hash == h && s->sec == sec + 1 && ci_equal(prf->secs[sec].ents[s->ent].key, key))
            return (long)s->ent;
    }
    return -1;
}

static const struct entry *get_entry(const struct prf_file *prf, const char *sec, const char *key)
{
    long s = find_section(prf, sec), e;
    if (s < 0) return NULL;
    e = find_key(prf, (size_t)s, key);
    return e < 0 ? NULL : &prf->secs[s].ents[e];
}

/* ------------------------------------------------------------------------ */
/* Decoding the file image into text.                                        */

static char *decode(struct prf_file *prf, const unsigned char *data, size_t len)
{
    struct buf b = { 0 };
    size_t i;

    if (len > PRF_MAX_INPUT) {
        add_diag(prf, 0, "file is larger than %u bytes; the rest is ignored", PRF_MAX_INPUT);
        len = PRF_MAX_INPUT;
    }
    if (len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF))) {
        int le = data[0] == 0xFF;
        prf->encoding = PRF_ENC_UTF8;
        for (i = 2; i + 1 < len; i += 2) {
            uint32_t u = le ? (uint32_t)(data[i] | data[i + 1] << 8)
                            : (uint32_t)(data[i] << 8 | data[i + 1]);
            if (u >= 0xD800 && u <= 0xDBFF && i + 3 < len) {
                uint32_t v = le ? (uint32_t)(data[i + 2] | data[i + 3] << 8)
                                : (uint32_t)(data[i + 2] << 8 | data[i + 3]);
                if (v >= 0xDC00 && v <= 0xDFFF) {
                    u = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
                    i += 2;
                } else {
                    u = 0xFFFD;
                }
            } else if (u >= 0xD800 && u <= 0xDFFF) {
                u = 0xFFFD;
            }
            buf_utf8(&b, u);
        }
        if (i < len) add_diag(prf, 0, "UTF-16 file has an odd number of bytes; the last one is ignored");
    } else {
        int ascii = 1, utf8 = 1;
        if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
            data += 3;
            len -= 3;
        }
        for (i = 0; i < len;) {
            uint32_t cp;
            int n;
            if (data[i] < 0x80) {
                i++;
                continue;
            }
            ascii = 0;
            n = utf8_next(data + i, len - i, &cp);
            if (n < 0) {
                utf8 = 0;
                break;
            }
            i += (size_t)n;
        }
        prf->encoding = ascii ? PRF_ENC_ASCII : utf8 ? PRF_ENC_UTF8 : PRF_ENC_ANSI;
        buf_add(&b, (const char *)data, len);
    }
    if (buf_reserve(&b, 0)) {
        free(b.p);
        return NULL;
    }
    b.p[b.len] = '\0';
    prf->text_len = b.len;
    return b.p;
}

/* ------------------------------------------------------------------------ */
/* Pass 1: the INI structure.                                                */

static long add_section(struct prf_file *prf, char *name, unsigned line)
{
    struct section *s;
    if (prf->nsecs == prf->sec_cap) {
        size_t ncap = prf->sec_cap ? prf->sec_cap * 2 : 16;
        struct section *ns = realloc(prf->secs, ncap * sizeof(*ns));
        if (!ns) return -1;
        prf->secs = ns;
        prf->sec_cap = ncap;
    }
    if (table_add(&prf->sec_tab, hash_name(name, 0), (uint32_t)prf->nsecs + 1, 0)) return -1;
    s = &prf->secs[prf->nsecs];
    memset(s, 0, sizeof(*s));
    s->name = name;
    s->line = line;
    return (long)prf->nsecs++;
}

static void add_entry(struct prf_file *prf, size_t sec, char *key, char *value, unsigned line)
{
    struct section *s = &prf->secs[sec];
    long dup = find_key(prf, sec, key);

    if (dup >= 0) {
        add_diag(prf, line, "'%.64s' is set again in [%.64s] (first at line %u); this line is ignored",
                 key, s->name, s->ents[dup].line);
        return;
    }
    if (s->count == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 8;
        struct entry *ne = realloc(s->ents, ncap * sizeof(*ne));
        if (!ne) {
            prf->oom = 1;
            return;
        }
        s->ents = ne;
        s->cap = ncap;
    }
    if (table_add(&prf->key_tab, hash_name(key, key_seed(sec)), (uint32_t)sec + 1,
                  (uint32_t)s->count)) {
        prf->oom = 1;
        return;
    }
    s->ents[s->count].key = key;
    s->ents[s->count].value = value;
    s->ents[s->count].line = line;
    s->count++;
}

#define CUR_NONE (-1L) /* before the first header */
#define CUR_VOID (-2L) /* after a broken header: lines are skipped */

static void parse_lines(struct prf_file *prf)
{
    char *p = prf->text, *stop = prf->text + prf->text_len;
    unsigned line = 0;
    long cur = CUR_NONE;
    int warned_before = 0;

    while (p < stop && !prf->oom) {
        char *start = p, *end, *s, *eq, *key, *value;

        line++;
        while (p < stop && *p != '\r' && *p != '\n') p++;
        end = p;
        if (p < stop && *p == '\r' && p + 1 < stop && p[1] == '\n') p += 2;
        else if (p < stop) p++;
        *end = '\0';
        if ((size_t)(end - start) > PRF_MAX_LINE) {
            add_diag(prf, line, "line is longer than %u bytes; ignored", PRF_MAX_LINE);
            continue;
        }
        if (memchr(start, '\0', (size_t)(end - start))) {
            add_diag(prf, line, "line holds a NUL byte; ignored");
            continue;
        }
        s = trim_inplace(start);
        if (!*s || *s == ';') continue;
        if (*s == '[') {
            char *close = strchr(s, ']');
            long found;
            if (!close) {
                add_diag(prf, line, "section header without ']'; the lines up to the next header are ignored");
                cur = CUR_VOID;
                continue;
            }
            if (*trim_inplace(close + 1)) add_diag(prf, line, "text after ']' is ignored");
            *close = '\0';
            s = trim_inplace(s + 1);
            if (!*s) {
                add_diag(prf, line, "empty section name; the lines up to the next header are ignored");
                cur = CUR_VOID;
                continue;
            }
            found = find_section(prf, s);
            if (found >= 0) {
                add_diag(prf, line, "section [%.64s] appears again (first at line %u); its lines are added to the first",
                         s, prf->secs[found].line);
                cur = found;
                continue;
            }
            cur = add_section(prf, s, line);
            if (cur < 0) prf->oom = 1;
            continue;
        }
        if (cur == CUR_VOID) continue;
        if (cur == CUR_NONE) {
            if (!warned_before++) add_diag(prf, line, "line before the first [section]; ignored");
            continue;
        }
        eq = strchr(s, '=');
        if (!eq) {
            add_diag(prf, line, "not a key=value line; ignored");
            continue;
        }
        *eq = '\0';
        key = trim_inplace(s);
        value = trim_inplace(eq + 1);
        if (!*key) {
            add_diag(prf, line, "line has no key before '='; ignored");
            continue;
        }
        add_entry(prf, (size_t)cur, key, value, line);
    }
}

/* ------------------------------------------------------------------------ */
/* Property names and types.                                                 */

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

static int type_from_name(const char *s, uint16_t *type)
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
        uint32_t v = 0;
        for (i = 0; i < 8; i++) v = (v << 4) | (uint32_t)hex_value((unsigned char)name[i]);
        *tag = v;
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
        if (!prefix_ieq(name, t->name)) continue;
        *tag = TAG(type, t->id);
        return 0;
    }
    return -1;
}

/* ------------------------------------------------------------------------ */
/* Value conversion.                                                         */

/* Integer text: [-|+]decimal or 0x hex; 'bits' is 16, 32 or 64.  The result
 * is the two's-complement bit pattern. */
static int parse_int(const char *s, size_t n, unsigned bits, uint64_t *out, char *err, size_t errlen)
{
    uint64_t v = 0, umax = bits == 64 ? UINT64_MAX : (((uint64_t)1 << bits) - 1);
    uint64_t negmax = (uint64_t)1 << (bits - 1);
    size_t i;
    int neg = 0;

    while (n && is_space((unsigned char)*s)) s++, n--;
    while (n && is_space((unsigned char)s[n - 1])) n--;
    if (!n) {
        set_error(err, errlen, "empty value where a number is expected");
        return -1;
    }
    if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        if (n - 2 > bits / 4 || !all_hex(s + 2, n - 2)) {
            set_error(err, errlen, "'%.*s' is not a %u-bit 0x hex number", n > 40 ? 40 : (int)n, s, bits);
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
        set_error(err, errlen, "a sign without a number");
        return -1;
    }
    for (i = 0; i < n; i++) {
        unsigned d;
        if (s[i] < '0' || s[i] > '9') {
            set_error(err, errlen, "'%.*s' is not a number (decimal or 0x hex)",
                      n > 40 ? 40 : (int)n, s);
            return -1;
        }
        d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10) {
            set_error(err, errlen, "number out of range");
            return -1;
        }
        v = v * 10 + d;
    }
    if (neg ? v > negmax : v > umax) {
        set_error(err, errlen, "number out of range for %u bits", bits);
        return -1;
    }
    *out = neg ? (uint64_t)0 - v : v;
    if (bits < 64) *out &= umax;
    return 0;
}

static int32_t to_i32(uint64_t v)
{
    uint32_t u = (uint32_t)v;
    return u > INT32_MAX ? (int32_t)(u - 0x80000000u) - INT32_MAX - 1 : (int32_t)u;
}

static int32_t to_i16(uint64_t v)
{
    uint32_t u = (uint32_t)(v & 0xFFFF);
    return u >= 0x8000 ? (int32_t)u - 0x10000 : (int32_t)u;
}

static int64_t to_i64(uint64_t v)
{
    return v > INT64_MAX ? (int64_t)(v - 0x8000000000000000u) - INT64_MAX - 1 : (int64_t)v;
}

static int parse_bool(const char *s, int *out)
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

static int convert_mv_long(const char *s, mapisvc_prop *out, char *err, size_t errlen)
{
    size_t n = strlen(s), items = 1, i, start = 0;
    for (i = 0; i < n; i++)
        if (s[i] == ',') items++;
    out->kind = MAPISVC_PROP_MV_LONG;
    out->v.mvl.items = malloc(items * sizeof(int32_t));
    if (!out->v.mvl.items) {
        set_error(err, errlen, "out of memory");
        return -2;
    }
    for (i = 0; i <= n; i++) {
        if (i == n || s[i] == ',') {
            const char *t = s + start;
            size_t tn = i - start;
            uint64_t v;
            while (tn && is_space((unsigned char)*t)) t++, tn--;
            while (tn && is_space((unsigned char)t[tn - 1])) tn--;
            start = i + 1;
            if (!tn) continue; /* empty items are dropped, as in MAPISVC.INF lists */
            if (parse_int(t, tn, 32, &v, err, errlen)) return -1;
            out->v.mvl.items[out->v.mvl.count++] = to_i32(v);
        }
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
        set_error(err, errlen, "invalid argument");
        return -1;
    }
    memset(out, 0, sizeof(*out));
    out->tag = tag;
    if (!text) {
        set_error(err, errlen, "invalid argument");
        return -1;
    }
    if (prf_tag_is_managed(tag)) {
        char name[64];
        set_error(err, errlen, "%s is kept by MAPI itself and cannot be set",
                  prf_tag_name(tag, name, sizeof(name)) ? name : "this property");
        return -1;
    }
    if (TAG_ID(tag) == 0 || TAG_ID(tag) == 0xFFFF) {
        set_error(err, errlen, "property ID 0x%04X is not valid", TAG_ID(tag));
        return -1;
    }
    switch (type) {
    case PT_I2:
    case PT_LONG:
        if (parse_int(text, strlen(text), type == PT_I2 ? 16 : 32, &v, err, errlen)) return -1;
        out->kind = MAPISVC_PROP_LONG;
        out->v.l = type == PT_I2 ? to_i16(v) : to_i32(v);
        return 0;
    case PT_I8:
        if (parse_int(text, strlen(text), 64, &v, err, errlen)) return -1;
        out->kind = MAPISVC_PROP_I8;
        out->v.i8 = to_i64(v);
        return 0;
    case PT_BOOLEAN: {
        char tmp[16];
        size_t n = strlen(text);
        const char *t = text;
        while (n && is_space((unsigned char)*t)) t++, n--;
        while (n && is_space((unsigned char)t[n - 1])) n--;
        if (n >= sizeof(tmp)) n = sizeof(tmp) - 1; /* too long to be a boolean anyway */
        memcpy(tmp, t, n);
        tmp[n] = '\0';
        out->kind = MAPISVC_PROP_BOOLEAN;
        if (parse_bool(tmp, &out->v.b)) {
            set_error(err, errlen, "'%.40s' is not a boolean (TRUE, FALSE, Yes, No, 1 or 0)", text);
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
        set_error(err, errlen, "property type 0x%04X (%s) cannot be given as text", type,
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
        set_error(err, errlen, "invalid argument");
        return -1;
    }
    eq = strchr(arg, '=');
    if (!eq) {
        set_error(err, errlen, "'%.64s' is not TAG=VALUE", arg);
        return -1;
    }
    n = (size_t)(eq - arg);
    while (n && is_space((unsigned char)arg[n - 1])) n--;
    while (n && is_space((unsigned char)*arg)) arg++, n--;
    if (!n) {
        set_error(err, errlen, "no property before '='");
        return -1;
    }
    if (n >= sizeof(name) || (memcpy(name, arg, n), name[n] = '\0', prf_tag_from_name(name, &tag))) {
        set_error(err, errlen, "unknown property '%.*s' (expected a PR_* name or 8 hex digits)",
                  n > 64 ? 64 : (int)n, arg);
        return -1;
    }
    return prf_convert(tag, eq + 1, out, err, errlen);
}

/* ------------------------------------------------------------------------ */
/* Pass 2: what the sections mean.                                           */

static int parse_uid(const char *s, uint8_t uid[16])
{
    size_t i, n = strlen(s);
    if (n == 38 && s[0] == '{' && s[37] == '}') {
        /* {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}: GUID field order */
        static const int pos[16] = { 7, 5, 3, 1, 12, 10, 17, 15, 20, 22, 25, 27, 29, 31, 33, 35 };
        if (s[9] != '-' || s[14] != '-' || s[19] != '-' || s[24] != '-') return -1;
        for (i = 0; i < 16; i++) {
            int hi = hex_value((unsigned char)s[pos[i]]), lo = hex_value((unsigned char)s[pos[i] + 1]);
            if (hi < 0 || lo < 0) return -1;
            uid[i] = (uint8_t)(hi << 4 | lo);
        }
        return 0;
    }
    if (n != 32 || !all_hex(s, 32)) return -1;
    for (i = 0; i < 16; i++)
        uid[i] = (uint8_t)(hex_value((unsigned char)s[2 * i]) << 4 | hex_value((unsigned char)s[2 * i + 1]));
    return 0;
}

/* "PT_TYPE,0xID" (or a whole tag in either half order) -> tag. */
static int parse_mapping(const char *value, uint32_t *tag, char *err, size_t errlen)
{
    char tmp[64];
    const char *comma = strchr(value, ',');
    char *tname, *num;
    uint16_t type;
    uint64_t v;

    if (!comma || strlen(value) >= sizeof(tmp)) {
        set_error(err, errlen, "expected PT_TYPE,0xID");
        return -1;
    }
    memcpy(tmp, value, strlen(value) + 1);
    tmp[comma - value] = '\0';
    tname = trim_inplace(tmp);
    num = trim_inplace(tmp + (comma - value) + 1);
    if (type_from_name(tname, &type)) {
        set_error(err, errlen, "unknown property type '%.32s'", tname);
        return -1;
    }
    if (parse_int(num, strlen(num), 32, &v, err, errlen)) return -1;
    if (v > 0xFFFF) {
        /* a whole tag: PROP_TAG order (3001001E) or registry order (001E3001) */
        if ((v & 0xFFFF) == type) v >>= 16;
        else if ((v >> 16) == type) v &= 0xFFFF;
        else {
            set_error(err, errlen, "tag 0x%08X does not carry type %s", (unsigned)v, tname);
            return -1;
        }
    }
    if (v == 0 || v == 0xFFFF) {
        set_error(err, errlen, "property ID 0x%04X is not valid", (unsigned)v);
        return -1;
    }
    *tag = TAG(type, v);
    return 0;
}

/* Reads the special keys of a mapping section once. */
static int build_mapping(struct prf_file *prf, size_t si)
{
    struct section *s = &prf->secs[si];
    size_t i;
    if (s->map_built) return 0;
    s->map_state = calloc(s->count ? s->count : 1, 1);
    s->map_tag = calloc(s->count ? s->count : 1, sizeof(uint32_t));
    if (!s->map_state || !s->map_tag) {
        prf->oom = 1;
        return -1;
    }
    s->map_built = 1;
    for (i = 0; i < s->count; i++) {
        struct entry *e = &s->ents[i];
        if (ci_equal(e->key, "ServiceName")) {
            char *v = e->value = unquote(e->value);
            s->map_state[i] = -1;
            if (*v) s->map_service = v;
            else add_diag(prf, e->line, "empty ServiceName in [%.64s]", s->name);
        } else if (ci_equal(e->key, "SectionGUID")) {
            s->map_state[i] = -1;
            if (parse_uid(e->value, s->map_uid) == 0) s->map_has_uid = 1;
            else add_diag(prf, e->line, "SectionGUID '%.64s' is not 32 hex digits; ignored", e->value);
        } else if (ci_equal(e->key, "MDBGUID") || ci_equal(e->key, "AccountType")) {
            s->map_state[i] = -1;
        }
    }
    return 0;
}

/* Looks a friendly key up in a mapping section: 1 = found (tag set),
 * 0 = not defined there, -1 = defined but broken (already reported). */
static int map_lookup(struct prf_file *prf, size_t si, const char *key, uint32_t *tag)
{
    struct section *s = &prf->secs[si];
    long e = find_key(prf, si, key);
    char err[160];
    if (e < 0) return 0;
    if (s->map_state[e] == 0) {
        if (parse_mapping(s->ents[e].value, &s->map_tag[e], err, sizeof(err)) == 0) {
            s->map_state[e] = 1;
        } else {
            s->map_state[e] = -2;
            add_diag(prf, s->ents[e].line, "bad mapping '%.64s=%.64s' in [%.64s]: %s", s->ents[e].key,
                     s->ents[e].value, s->name, err);
        }
    }
    if (s->map_state[e] == 1) {
        *tag = s->map_tag[e];
        return 1;
    }
    return s->map_state[e] == -1 ? 0 : -1;
}

static int yes_no(const char *v, int *out)
{
    return parse_bool(v, out);
}

static void read_general(struct prf_file *prf)
{
    long si = find_section(prf, "General");
    struct section *s;
    size_t i;

    prf->general.default_profile = -1;
    prf->general.modify_default = -1;
    if (si < 0) return;
    s = &prf->secs[si];
    for (i = 0; i < s->count; i++) {
        struct entry *e = &s->ents[i];
        char *v = e->value = unquote(e->value);
        int b;
        if (ci_equal(e->key, "ProfileName")) {
            if (*v) {
                prf->general.profile_name = v;
                prf->general.profile_name_line = e->line;
            }
        } else if (ci_equal(e->key, "DefaultProfile")) {
            if (yes_no(e->value, &b) == 0) prf->general.default_profile = b;
            else add_diag(prf, e->line, "DefaultProfile must be Yes or No, not '%.64s'; ignored", e->value);
        } else if (ci_equal(e->key, "OverwriteProfile")) {
            if (ci_equal(e->value, "Append")) prf->general.overwrite = PRF_OVERWRITE_APPEND;
            else if (yes_no(e->value, &b) == 0)
                prf->general.overwrite = b ? PRF_OVERWRITE_YES : PRF_OVERWRITE_NO;
            else add_diag(prf, e->line, "OverwriteProfile must be Yes, No or Append, not '%.64s'; ignored", e->value);
        } else if (ci_equal(e->key, "ModifyDefaultProfileIfPresent")) {
            if (yes_no(e->value, &b) == 0) prf->general.modify_default = b;
            else add_diag(prf, e->line, "ModifyDefaultProfileIfPresent must be TRUE or FALSE, not '%.64s'; ignored", e->value);
        } else if (ci_equal(e->key, "DefaultStore")) {
            if (*v) {
                prf->general.default_store = v;
                prf->general.default_store_line = e->line;
            }
        } else if (ci_equal(e->key, "Custom") || ci_equal(e->key, "BackupProfile")) {
            /* accepted; nothing to do for a MAPI profile */
        } else {
            add_diag(prf, e->line, "unknown setting '%.64s' in [General]; ignored", e->key);
        }
    }
}

struct tag_ref {
    uint32_t tag;
    size_t idx;
};

static int tag_ref_cmp(const void *a, const void *b)
{
    const struct tag_ref *x = a, *y = b;
    if (x->tag != y->tag) return x->tag < y->tag ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Drops properties that set a tag an earlier line already set (first wins,
 * as with Windows' profile functions).  Sorting keeps this O(n log n). */
static void drop_duplicates(struct prf_file *prf, prf_service *svc)
{
    struct tag_ref *refs;
    size_t i, k;
    if (svc->count < 2) return;
    refs = malloc(svc->count * sizeof(*refs));
    if (!refs) {
        prf->oom = 1;
        return;
    }
    for (i = 0; i < svc->count; i++) {
        refs[i].tag = svc->props[i].prop.tag;
        refs[i].idx = i;
    }
    qsort(refs, svc->count, sizeof(*refs), tag_ref_cmp);
    for (i = 1; i < svc->count; i++) {
        prf_prop *p, *first;
        if (refs[i].tag != refs[i - 1].tag) continue;
        p = &svc->props[refs[i].idx];
        first = &svc->props[refs[i - 1].idx];
        add_diag(prf, p->line, "'%.64s' sets property 0x%08X again (first at line %u); ignored", p->key,
                 (unsigned)p->prop.tag, first->line);
        mapisvc_prop_free(&p->prop);
        p->key = NULL; /* marks it dropped */
        refs[i].idx = refs[i - 1].idx; /* later duplicates point at the first */
    }
    free(refs);
    for (i = 0, k = 0; i < svc->count; i++)
        if (svc->props[i].key) svc->props[k++] = svc->props[i];
    svc->count = k;
}

/* Resolves and converts the lines of one [ServiceN] section. */
static void read_service_props(struct prf_file *prf, prf_service *svc, long map)
{
    long si = find_section(prf, svc->key);
    struct section *s;
    size_t i;

    if (si < 0) return;
    s = &prf->secs[si];
    svc->props = calloc(s->count ? s->count : 1, sizeof(*svc->props));
    if (!svc->props) {
        prf->oom = 1;
        return;
    }
    for (i = 0; i < s->count; i++) {
        struct entry *e = &s->ents[i];
        prf_prop *p = &svc->props[svc->count];
        uint32_t tag = 0;
        int raw = 0, found = 0, b;
        char err[160];

        if (ci_equal(e->key, "UniqueService")) {
            if (yes_no(e->value, &b) == 0) svc->unique = b;
            else add_diag(prf, e->line, "UniqueService must be Yes or No, not '%.64s'; ignored", e->value);
            continue;
        }
        if (strlen(e->key) == 8 && all_hex(e->key, 8)) {
            /* a tag of its own, whatever a mapping line for it says */
            prf_tag_from_name(e->key, &tag);
            raw = 1;
        } else if (map >= 0) {
            found = map_lookup(prf, (size_t)map, e->key, &tag);
            if (found < 0) {
                add_diag(prf, e->line, "'%.64s' has a bad mapping in [%.64s]; skipped", e->key,
                         prf->secs[map].name);
                continue;
            }
            if (!found) {
                add_diag(prf, e->line, "unknown property '%.64s': not defined in [%.64s] and not an 8-hex-digit tag; skipped",
                         e->key, prf->secs[map].name);
                continue;
            }
        } else {
            add_diag(prf, e->line, "unknown property '%.64s': there is no mapping section [%.64s] and it is not an 8-hex-digit tag; skipped",
                     e->key, svc->name);
            continue;
        }
        b = prf_convert(tag, e->value, &p->prop, err, sizeof(err));
        if (b == -2) {
            prf->oom = 1;
            return;
        }
        if (b) {
            add_diag(prf, e->line, "bad value for '%.64s' (property 0x%08X): %s; skipped", e->key,
                     (unsigned)tag, err);
            continue;
        }
        p->key = e->key;
        p->line = e->line;
        p->raw_tag = raw;
        svc->count++;
    }
    drop_duplicates(prf, svc);
}

static void read_services(struct prf_file *prf)
{
    long si = find_section(prf, "Service List");
    struct section *s;
    size_t i;

    if (si < 0) return;
    s = &prf->secs[si];
    prf->svcs = calloc(s->count ? s->count : 1, sizeof(*prf->svcs));
    if (!prf->svcs) {
        prf->oom = 1;
        return;
    }
    for (i = 0; i < s->count && !prf->oom; i++) {
        struct entry *e = &s->ents[i];
        prf_service *svc = &prf->svcs[prf->nsvcs];
        long map;

        e->value = unquote(e->value);
        if (!*e->value) {
            add_diag(prf, e->line, "%.64s has no service name; skipped", e->key);
            continue;
        }
        if (ci_equal(e->key, "General") || ci_equal(e->key, "Service List") || ci_equal(e->key, e->value)) {
            add_diag(prf, e->line, "'%.64s' cannot name a service; skipped", e->key);
            continue;
        }
        svc->key = e->key;
        svc->name = e->value;
        svc->line = e->line;
        svc->unique = -1;
        map = find_section(prf, e->value);
        if (map >= 0) {
            if (build_mapping(prf, (size_t)map)) return;
            svc->service_name = prf->secs[map].map_service;
            svc->has_section_uid = prf->secs[map].map_has_uid;
            memcpy(svc->section_uid, prf->secs[map].map_uid, 16);
        }
        read_service_props(prf, svc, map);
        prf->nsvcs++; /* even after running out of memory: prf_free frees its props */
    }
}

static void read_accounts(struct prf_file *prf)
{
    long si = find_section(prf, "Internet Account List");
    size_t i;
    if (si < 0) return;
    for (i = 0; i < prf->secs[si].count; i++) {
        const struct entry *e = &prf->secs[si].ents[i];
        add_diag(prf, e->line,
                 "internet account %.64s (%.64s) skipped: accounts are Outlook account-manager settings, not MAPI services",
                 e->key, e->value);
    }
}

/* [ServiceN] sections that [Service List] does not name are probably typos. */
static void check_orphans(struct prf_file *prf)
{
    long list = find_section(prf, "Service List");
    size_t i;
    for (i = 0; i < prf->nsecs; i++) {
        const struct section *s = &prf->secs[i];
        const char *n = s->name;
        if (!s->count || s->map_built || !prefix_ieq(n, "Service") || !(n[7] >= '0' && n[7] <= '9')) continue;
        if (list >= 0 && find_key(prf, (size_t)list, n) >= 0) continue;
        add_diag(prf, s->line, "section [%.64s] is not listed in [Service List]; ignored", n);
    }
}

static int diag_cmp(const void *a, const void *b)
{
    const struct diag_rec *x = a, *y = b;
    if (x->d.line != y->d.line) return x->d.line < y->d.line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

prf_file *prf_parse(const void *data, size_t len, const char *filename)
{
    struct prf_file *prf;
    const char *fn = filename ? filename : "(prf)";

    if (!data && len) return NULL;
    prf = calloc(1, sizeof(*prf));
    if (!prf) return NULL;
    prf->filename = malloc(strlen(fn) + 1);
    if (!prf->filename) goto oom;
    memcpy(prf->filename, fn, strlen(fn) + 1);
    prf->text = decode(prf, data ? data : (const void *)"", len);
    if (!prf->text) goto oom;
    parse_lines(prf);
    if (prf->oom) goto oom;
    read_general(prf);
    read_services(prf);
    read_accounts(prf);
    check_orphans(prf);
    if (prf->oom) goto oom;
    if (prf->general.default_store && !prf_find_service(prf, prf->general.default_store))
        add_diag(prf, prf->general.default_store_line, "DefaultStore names %.64s, which is not in [Service List]",
                 prf->general.default_store);
    if (prf->oom) goto oom;
    if (prf->ndiags) qsort(prf->diags, prf->ndiags, sizeof(*prf->diags), diag_cmp);
    return prf;
oom:
    prf_free(prf);
    return NULL;
}

void prf_free(prf_file *prf)
{
    size_t i, j;
    if (!prf) return;
    for (i = 0; i < prf->nsvcs; i++) {
        for (j = 0; j < prf->svcs[i].count; j++) mapisvc_prop_free(&prf->svcs[i].props[j].prop);
        free(prf->svcs[i].props);
    }
    free(prf->svcs);
    for (i = 0; i < prf->nsecs; i++) {
        free(prf->secs[i].ents);
        free(prf->secs[i].map_state);
        free(prf->secs[i].map_tag);
    }
    free(prf->secs);
    free(prf->sec_tab.slots);
    free(prf->key_tab.slots);
    for (i = 0; i < prf->ndiags; i++) free((char *)prf->diags[i].d.reason);
    free(prf->diags);
    free(prf->text);
    free(prf->filename);
    free(prf);
}

enum prf_encoding prf_file_encoding(const prf_file *prf)
{
    return prf ? prf->encoding : PRF_ENC_ASCII;
}

const char *prf_file_name(const prf_file *prf)
{
    return prf ? prf->filename : NULL;
}

const prf_general *prf_get_general(const prf_file *prf)
{
    return prf ? &prf->general : NULL;
}

size_t prf_service_count(const prf_file *prf)
{
    return prf ? prf->nsvcs : 0;
}

const prf_service *prf_service_at(const prf_file *prf, size_t i)
{
    return prf && i < prf->nsvcs ? &prf->svcs[i] : NULL;
}

const prf_service *prf_find_service(const prf_file *prf, const char *key)
{
    size_t i;
    if (!prf || !key) return NULL;
    for (i = 0; i < prf->nsvcs; i++)
        if (ci_equal(prf->svcs[i].key, key)) return &prf->svcs[i];
    return NULL;
}

const char *prf_raw_value(const prf_file *prf, const char *section, const char *key)
{
    const struct entry *e;
    if (!prf || !section || !key) return NULL;
    e = get_entry(prf, section, key);
    return e ? e->value : NULL;
}

size_t prf_diag_count(const prf_file *prf)
{
    return prf ? prf->ndiags : 0;
}

const prf_diag *prf_diag_at(const prf_file *prf, size_t i)
{
    return prf && i < prf->ndiags ? &prf->diags[i].d : NULL;
}

int prf_diag_format(const prf_diag *d, char *buf, size_t n)
{
    if (!d) {
        if (buf && n) buf[0] = '\0';
        return 0;
    }
    if (d->line) return snprintf(buf, n, "%s:%u: %s", d->file, d->line, d->reason);
    return snprintf(buf, n, "%s: %s", d->file, d->reason);
}

/* ------------------------------------------------------------------------ */
/* Writing.                                                                  */

static int has_line_break(const char *s)
{
    return strpbrk(s, "\r\n") != NULL;
}

/* A string value as PRF text: quoted when trimming or quote removal would change it. */
static int format_string(struct buf *b, const char *s, char *err, size_t errlen)
{
    size_t n = strlen(s);
    if (has_line_break(s)) {
        set_error(err, errlen, "the text has a line break, which a PRF line cannot hold");
        return -1;
    }
    if (n && (is_space((unsigned char)s[0]) || is_space((unsigned char)s[n - 1]) ||
              (n >= 2 && s[0] == '"' && s[n - 1] == '"'))) {
        buf_str(b, "\"");
        buf_str(b, s);
        buf_str(b, "\"");
    } else {
        buf_str(b, s);
    }
    return 0;
}

static void format_hex(struct buf *b, const uint8_t *p, size_t n)
{
    static const char digits[] = "0123456789ABCDEF";
    size_t i;
    if (buf_reserve(b, n * 2)) return;
    for (i = 0; i < n; i++) {
        b->p[b->len++] = digits[p[i] >> 4];
        b->p[b->len++] = digits[p[i] & 15];
    }
    b->p[b->len] = '\0';
}

int prf_format_value(const mapisvc_prop *p, char **text, char *err, size_t errlen)
{
    struct buf b = { 0 };
    size_t i;
    uint16_t type;

    if (!p || !text) {
        set_error(err, errlen, "invalid argument");
        return -1;
    }
    *text = NULL;
    type = TAG_TYPE(p->tag);
    if (!prf_type_supported(type)) {
        set_error(err, errlen, "type %s cannot be written in a PRF",
                  prf_type_name(type) ? prf_type_name(type) : "unknown");
        return -1;
    }
    switch (p->kind) {
    case MAPISVC_PROP_LONG:
        if (p->v.l >= 0) buf_printf(&b, "%ld", (long)p->v.l);
        else buf_printf(&b, type == PT_I2 ? "0x%04X" : "0x%08lX",
                        type == PT_I2 ? (unsigned)(p->v.l & 0xFFFF) : (unsigned long)(uint32_t)p->v.l);
        break;
    case MAPISVC_PROP_BOOLEAN:
        buf_str(&b, p->v.b ? "TRUE" : "FALSE");
        break;
    case MAPISVC_PROP_I8:
        buf_printf(&b, "%lld", (long long)p->v.i8);
        break;
    case MAPISVC_PROP_STRING:
        if (format_string(&b, p->v.str ? p->v.str : "", err, errlen)) goto bad;
        break;
    case MAPISVC_PROP_BINARY:
        if (type == PT_CLSID && p->v.bin.len != 16) {
            set_error(err, errlen, "a PT_CLSID value must be 16 bytes");
            goto bad;
        }
        format_hex(&b, p->v.bin.data, p->v.bin.len);
        break;
    case MAPISVC_PROP_MV_LONG:
        for (i = 0; i < p->v.mvl.count; i++)
            buf_printf(&b, i ? ", %ld" : "%ld", (long)p->v.mvl.items[i]);
        break;
    case MAPISVC_PROP_MV_STRING:
        for (i = 0; i < p->v.mvstr.count; i++) {
            const char *s = p->v.mvstr.items[i];
            size_t n = strlen(s);
            if (!n || strchr(s, ',') || has_line_break(s) || is_space((unsigned char)s[0]) ||
                is_space((unsigned char)s[n - 1])) {
                set_error(err, errlen, "list item %lu is empty, has a comma, a line break or "
                          "surrounding spaces, which a PRF list cannot hold", (unsigned long)i + 1);
                goto bad;
            }
            if (i) buf_str(&b, ", ");
            buf_str(&b, s);
        }
        break;
    case MAPISVC_PROP_MV_BINARY:
        for (i = 0; i < p->v.mvbin.count; i++) {
            if (!p->v.mvbin.items[i].len) {
                set_error(err, errlen, "list item %lu is empty, which a PRF list cannot hold",
                          (unsigned long)i + 1);
                goto bad;
            }
            if (i) buf_str(&b, ", ");
            format_hex(&b, p->v.mvbin.items[i].data, p->v.mvbin.items[i].len);
        }
        break;
    }
    if (buf_reserve(&b, 0)) {
        free(b.p);
        set_error(err, errlen, "out of memory");
        return -2;
    }
    if (!b.p) {
        b.p = malloc(1);
        if (!b.p) {
            set_error(err, errlen, "out of memory");
            return -2;
        }
        b.p[0] = '\0';
    }
    *text = b.p;
    return 0;
bad:
    free(b.p);
    return -1;
}

/* A name usable as a [section] header and as a trimmed INI value. */
static int usable_name(const char *s)
{
    size_t n = strlen(s);
    return n && !strpbrk(s, "[]\r\n=;") && !is_space((unsigned char)s[0]) &&
           !is_space((unsigned char)s[n - 1]) && !(s[0] == '"' && s[n - 1] == '"');
}

static int tag_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

struct out_svc {
    char *map;      /* mapping section name (malloc'ed) */
    size_t first;   /* first service sharing this mapping */
    int skip;
    char **values;  /* formatted values, NULL where skipped */
};

static int reserved_name(const char *s, size_t nsvc)
{
    unsigned long k;
    char *end;
    if (ci_equal(s, "General") || ci_equal(s, "Service List") || ci_equal(s, "Internet Account List")) return 1;
    if (prefix_ieq(s, "Service") && s[7] >= '1' && s[7] <= '9') {
        k = strtoul(s + 7, &end, 10);
        if (!*end && k <= nsvc) return 1;
    }
    return 0;
}

int prf_write(const prf_out *in, prf_skip_fn skip, void *ctx, char **text, size_t *len,
              char *err, size_t errlen)
{
    struct buf b = { 0 };
    struct out_svc *os = NULL;
    uint32_t *tags = NULL;
    size_t i, j, k, n, num;
    int rc = -2;

    if (text) *text = NULL;
    if (len) *len = 0;
    if (!in || !text || (in->count && !in->services)) {
        set_error(err, errlen, "invalid argument");
        return -1;
    }
    if (!in->profile_name || !*in->profile_name || has_line_break(in->profile_name)) {
        set_error(err, errlen, "the profile name is empty or has a line break");
        return -1;
    }
    os = calloc(in->count ? in->count : 1, sizeof(*os));
    if (!os) goto oom;

    /* Mapping section names: the service name, made unique and unreserved. */
    for (i = 0; i < in->count; i++) {
        const prf_out_service *s = &in->services[i];
        const char *sn = s->service_name;
        os[i].first = i;
        if (!sn || !usable_name(sn)) {
            os[i].skip = 1;
            if (skip) skip(ctx, i, 0, "its service name cannot be written as a PRF section name");
            continue;
        }
        for (j = 0; j < i; j++)
            if (!os[j].skip && strcmp(in->services[j].service_name, sn) == 0) break;
        if (j < i) {
            os[i].first = os[j].first;
            continue;
        }
        for (k = 1;; k++) {
            struct buf nb = { 0 };
            int clash = 0;
            if (k == 1) buf_str(&nb, sn);
            else buf_printf(&nb, "%s (%lu)", sn, (unsigned long)k);
            if (nb.oom) {
                free(nb.p);
                goto oom;
            }
            clash = reserved_name(nb.p, in->count);
            for (j = 0; j < i && !clash; j++)
                if (os[j].map && ci_equal(os[j].map, nb.p)) clash = 1;
            if (!clash) {
                os[i].map = nb.p;
                break;
            }
            free(nb.p);
        }
    }

    /* Values, formatted up front so that skipped ones are known. */
    for (i = 0; i < in->count; i++) {
        const prf_out_service *s = &in->services[i];
        if (os[i].skip) continue;
        os[i].values = calloc(s->count ? s->count : 1, sizeof(char *));
        if (!os[i].values) goto oom;
        for (j = 0; j < s->count; j++) {
            char why[160];
            int r;
            if (!prf_tag_is_exported(s->props[j].tag)) continue;
            for (k = 0; k < j; k++)
                if (s->props[k].tag == s->props[j].tag && os[i].values[k]) break;
            if (k < j) {
                if (skip) skip(ctx, i, s->props[j].tag, "the property appears twice");
                continue;
            }
            r = prf_format_value(&s->props[j], &os[i].values[j], why, sizeof(why));
            if (r == -2) goto oom;
            if (r && skip) skip(ctx, i, s->props[j].tag, why);
        }
    }

    buf_str(&b, "; Outlook profile file (PRF) written by mapiprof (FreeMAPI).\r\n"
                "; Properties are 8-hex-digit tags (PROP_TAG order); the mapping sections\r\n"
                "; at the end name each service and give Outlook the tags' types.\r\n\r\n");
    buf_str(&b, "[General]\r\nCustom=1\r\nProfileName=");
    if (format_string(&b, in->profile_name, err, errlen)) {
        rc = -1;
        goto out;
    }
    buf_printf(&b, "\r\nDefaultProfile=%s\r\nOverwriteProfile=No\r\nModifyDefaultProfileIfPresent=FALSE\r\n\r\n",
               in->default_profile ? "Yes" : "No");

    buf_str(&b, "[Service List]\r\n");
    for (i = 0, num = 0; i < in->count; i++)
        if (!os[i].skip) buf_printf(&b, "Service%lu=%s\r\n", (unsigned long)++num, os[os[i].first].map);
    buf_str(&b, "\r\n");

    for (i = 0, num = 0; i < in->count; i++) {
        const prf_out_service *s = &in->services[i];
        if (os[i].skip) continue;
        if (s->display_name && *s->display_name && !has_line_break(s->display_name))
            buf_printf(&b, "; %s\r\n", s->display_name);
        buf_printf(&b, "[Service%lu]\r\nUniqueService=No\r\n", (unsigned long)++num);
        for (j = 0; j < s->count; j++)
            if (os[i].values[j])
                buf_printf(&b, "%08lX=%s\r\n", (unsigned long)s->props[j].tag, os[i].values[j]);
        buf_str(&b, "\r\n");
    }

    buf_str(&b, ";***************************************************************\r\n"
                "; Mapping for profile properties\r\n"
                ";***************************************************************\r\n\r\n");
    for (i = 0; i < in->count; i++) {
        if (os[i].skip || os[i].first != i) continue;
        buf_printf(&b, "[%s]\r\nServiceName=%s\r\n", os[i].map, in->services[i].service_name);
        /* every tag any service of this mapping writes, once, in tag order */
        for (n = 0, k = i; k < in->count; k++)
            if (!os[k].skip && os[k].first == i) n += in->services[k].count;
        free(tags);
        tags = malloc((n ? n : 1) * sizeof(*tags));
        if (!tags) goto oom;
        for (n = 0, k = i; k < in->count; k++) {
            if (os[k].skip || os[k].first != i) continue;
            for (j = 0; j < in->services[k].count; j++)
                if (os[k].values[j]) tags[n++] = in->services[k].props[j].tag;
        }
        qsort(tags, n, sizeof(*tags), tag_cmp);
        for (j = 0; j < n; j++) {
            if (j && tags[j] == tags[j - 1]) continue;
            buf_printf(&b, "%08lX=%s,0x%04X\r\n", (unsigned long)tags[j], prf_type_name(TAG_TYPE(tags[j])),
                       (unsigned)TAG_ID(tags[j]));
        }
        buf_str(&b, "\r\n");
    }
    if (b.oom) goto oom;
    if (!b.p && buf_reserve(&b, 0)) goto oom;
    *text = b.p;
    if (len) *len = b.len;
    b.p = NULL;
    rc = 0;
    goto out;
oom:
    set_error(err, errlen, "out of memory");
    rc = -2;
out:
    if (os) {
        for (i = 0; i < in->count; i++) {
            free(os[i].map);
            if (os[i].values)
                for (j = 0; j < in->services[i].count; j++) free(os[i].values[j]);
            free(os[i].values);
        }
    }
    free(os);
    free(tags);
    free(b.p);
    return rc;
}

uint8_t *prf_utf8_to_utf16le(const char *text, size_t len, size_t *outlen)
{
    const unsigned char *s = (const unsigned char *)text;
    uint8_t *out, *o;
    size_t i = 0;

    if (outlen) *outlen = 0;
    if (!text && len) return NULL;
    if (len > ((size_t)-1 - 2) / 4) return NULL;
    out = malloc(2 + len * 4); /* each byte makes at most one UTF-16 unit pair */
    if (!out) return NULL;
    o = out;
    *o++ = 0xFF;
    *o++ = 0xFE;
    while (i < len) {
        uint32_t cp;
        int n = utf8_next(s + i, len - i, &cp);
        if (n < 0) {
            cp = 0xFFFD;
            n = 1;
        }
        i += (size_t)n;
        if (cp >= 0x10000) {
            uint32_t v = cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
            *o++ = (uint8_t)hi;
            *o++ = (uint8_t)(hi >> 8);
            *o++ = (uint8_t)lo;
            *o++ = (uint8_t)(lo >> 8);
        } else {
            *o++ = (uint8_t)cp;
            *o++ = (uint8_t)(cp >> 8);
        }
    }
    if (outlen) *outlen = (size_t)(o - out);
    return out;
}
