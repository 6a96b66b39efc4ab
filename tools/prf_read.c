/*
 * Outlook profile files (PRF): the parser.  See prf.h for the format and the
 * API.  Portable C99.
 *
 * The input is transcoded once into a mutable UTF-8 (or ANSI) buffer; section
 * names, keys and values are NUL-terminated in place inside it.  Lookups go
 * through hash tables so that hostile files cannot make parsing quadratic.
 * The INI mechanics (line cutting, hash tables, diagnostics, UTF-16 and UTF-8)
 * are the MAPISVC.INF parser's (mapisvc_util.h); the rules and messages of
 * the PRF dialect are here.
 */
#include "prf_private.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

struct prf_file {
    char *filename;
    char *text;
    size_t text_len;          /* the text may hold NUL bytes from the file */
    enum prf_encoding encoding;
    struct section *secs;
    size_t nsecs, sec_cap;
    struct ini_table sec_tab; /* name -> section */
    struct ini_table key_tab; /* (section, key) -> entry */
    prf_general general;
    prf_service *svcs;
    size_t nsvcs;
    struct ini_diags diags;
    int oom;
};

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void add_diag(struct prf_file *prf, unsigned line, const char *fmt, ...)
{
    char text[512];
    va_list ap;

    /* past the limit the shared list drops it unread: skip the formatting */
    if (prf->oom || prf->diags.count > PRF_MAX_DIAGS) return;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    if (ini_diags_add(&prf->diags, prf->filename, line, text, PRF_MAX_DIAGS)) prf->oom = 1;
}

static long find_section(const struct prf_file *prf, const char *name)
{
    return ini_table_section(&prf->sec_tab, name);
}

static long find_key(const struct prf_file *prf, size_t sec, const char *key)
{
    return ini_table_key(&prf->key_tab, sec, key);
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

/* Unlike MAPISVC.INF, a UTF-8 BOM does not make the file UTF-8: the bytes
 * after it decide. */
static char *decode(struct prf_file *prf, const unsigned char *data, size_t len)
{
    char *text;

    if (len > PRF_MAX_INPUT) {
        add_diag(prf, 0, "file is larger than %u bytes; the rest is ignored", PRF_MAX_INPUT);
        len = PRF_MAX_INPUT;
    }
    if (len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF))) {
        prf->encoding = PRF_ENC_UTF8;
        text = ini_utf16_to_utf8(data + 2, len - 2, data[0] == 0xFE, &prf->text_len);
        if (text && (len - 2) % 2)
            add_diag(prf, 0, "UTF-16 file has an odd number of bytes; the last one is ignored");
        return text;
    }
    if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
        data += 3;
        len -= 3;
    }
    text = dup_span((const char *)data, len);
    if (!text) return NULL;
    prf->encoding = (enum prf_encoding)ini_detect_encoding(text, len);
    prf->text_len = len;
    return text;
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
    if (ini_table_add_section(&prf->sec_tab, name, prf->nsecs)) return -1;
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
    if (ini_table_add_key(&prf->key_tab, sec, key, s->count)) {
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
    size_t pos = 0;
    unsigned line = 0;
    long cur = CUR_NONE;
    int warned_before = 0;

    while (pos < prf->text_len && !prf->oom) {
        size_t n;
        char *start = ini_next_line(prf->text, prf->text_len, &pos, &n), *s, *rest, *key, *value;

        line++;
        if (n > PRF_MAX_LINE) {
            add_diag(prf, line, "line is longer than %u bytes; ignored", PRF_MAX_LINE);
            continue;
        }
        if (memchr(start, '\0', n)) {
            add_diag(prf, line, "line holds a NUL byte; ignored");
            continue;
        }
        s = trim_inplace(start);
        if (!*s || *s == ';') continue;
        if (*s == '[') {
            long found;
            if (!ini_split_header(s, &s, &rest)) {
                add_diag(prf, line, "section header without ']'; the lines up to the next header are ignored");
                cur = CUR_VOID;
                continue;
            }
            if (*rest) add_diag(prf, line, "text after ']' is ignored");
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
        if (!ini_split_entry(s, &key, &value)) {
            add_diag(prf, line, "not a key=value line; ignored");
            continue;
        }
        if (!*key) {
            add_diag(prf, line, "line has no key before '='; ignored");
            continue;
        }
        add_entry(prf, (size_t)cur, key, value, line);
    }
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
        set_err(err, errlen, "expected PT_TYPE,0xID");
        return -1;
    }
    memcpy(tmp, value, strlen(value) + 1);
    tmp[comma - value] = '\0';
    tname = trim_inplace(tmp);
    num = trim_inplace(tmp + (comma - value) + 1);
    if (prf_type_from_name(tname, &type)) {
        set_err(err, errlen, "unknown property type '%.32s'", tname);
        return -1;
    }
    if (prf_parse_int(num, strlen(num), 32, &v, err, errlen)) return -1;
    if (v > 0xFFFF) {
        /* a whole tag: PROP_TAG order (3001001E) or registry order (001E3001) */
        if ((v & 0xFFFF) == type) v >>= 16;
        else if ((v >> 16) == type) v &= 0xFFFF;
        else {
            set_err(err, errlen, "tag 0x%08X does not carry type %s", (unsigned)v, tname);
            return -1;
        }
    }
    if (v == 0 || v == 0xFFFF) {
        set_err(err, errlen, "property ID 0x%04X is not valid", (unsigned)v);
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
    return prf_parse_bool(v, out);
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

struct tag_check {
    struct prf_file *prf;
    prf_service *svc;
};

static void repeated_tag(void *ctx, size_t idx, size_t first)
{
    struct tag_check *c = ctx;
    prf_prop *p = &c->svc->props[idx];

    add_diag(c->prf, p->line, "'%.64s' sets property 0x%08X again (first at line %u); ignored", p->key,
             (unsigned)p->prop.tag, c->svc->props[first].line);
    mapisvc_prop_free(&p->prop);
    p->key = NULL; /* marks it dropped */
}

/* Drops properties that set a tag an earlier line already set (first wins,
 * as with Windows' profile functions).  Unlike MAPISVC.INF, where a property
 * ID may be set once whatever the type, the whole tag counts here.  Sorting
 * keeps this O(n log n). */
static void drop_duplicates(struct prf_file *prf, prf_service *svc)
{
    struct tag_check c = { prf, svc };
    struct ini_ref *refs;
    size_t i, k;
    if (svc->count < 2) return;
    refs = malloc(svc->count * sizeof(*refs));
    if (!refs) {
        prf->oom = 1;
        return;
    }
    for (i = 0; i < svc->count; i++) {
        refs[i].key = svc->props[i].prop.tag;
        refs[i].order = i;
        refs[i].idx = i;
    }
    ini_each_repeat(refs, svc->count, repeated_tag, &c);
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
        if (!s->count || s->map_built || !prf_prefix_ieq(n, "Service") || !(n[7] >= '0' && n[7] <= '9')) continue;
        if (list >= 0 && find_key(prf, (size_t)list, n) >= 0) continue;
        add_diag(prf, s->line, "section [%.64s] is not listed in [Service List]; ignored", n);
    }
}

prf_file *prf_parse(const void *data, size_t len, const char *filename)
{
    struct prf_file *prf;
    const char *fn = filename ? filename : "(prf)";

    if (!data && len) return NULL;
    prf = calloc(1, sizeof(*prf));
    if (!prf) return NULL;
    prf->filename = dup_span(fn, strlen(fn));
    if (!prf->filename) goto oom;
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
    ini_diags_sort(&prf->diags);
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
    ini_table_free(&prf->sec_tab);
    ini_table_free(&prf->key_tab);
    ini_diags_free(&prf->diags);
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
    return prf ? prf->diags.count : 0;
}

const prf_diag *prf_diag_at(const prf_file *prf, size_t i)
{
    return prf && i < prf->diags.count ? &prf->diags.recs[i].d : NULL;
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
