/*
 * MAPISVC.INF parser (mapi-spec.md 4.5).  See mapisvc_inf.h for the API.
 *
 * The input is copied once into a mutable buffer; keys, values and section
 * names are NUL-terminated in place inside it.  Every limit is checked before
 * use so that arbitrary bytes cannot make us read or write out of bounds.
 */
#include "mapisvc_inf.h"
#include "mapisvc_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* The model.                                                                */

struct mapisvc_inf {
    char *filename;
    char *text;               /* mutable copy of the input */
    enum mapisvc_encoding encoding;
    mapisvc_section *secs;
    size_t *ent_cap;          /* capacity of secs[i].entries */
    size_t nsecs, sec_cap;
    struct ini_table sec_tab; /* section name -> index */
    struct ini_table key_tab; /* (section, key) -> entry, during parsing only */
    struct ini_diags diags;
    int oom;
};

#define CUR_NONE (-1L) /* before the first header */
#define CUR_VOID (-2L) /* after a broken header: skip lines */

static void add_diag(struct mapisvc_inf *inf, unsigned line, const char *reason)
{
    if (!inf->oom && ini_diags_add(&inf->diags, inf->filename, line, reason, MAPISVC_MAX_DIAGS))
        inf->oom = 1;
}

static long find_section(const struct mapisvc_inf *inf, const char *name)
{
    return ini_table_section(&inf->sec_tab, name);
}

/* Finds (sec, key) in the key table; returns the entry index or -1. */
static long find_key(const struct mapisvc_inf *inf, size_t sec, const char *key)
{
    return ini_table_key(&inf->key_tab, sec, key);
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
    if (ini_table_add_section(&inf->sec_tab, name, inf->nsecs)) goto oom;
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
    if (ini_table_add_key(&inf->key_tab, sec, key, s->count)) {
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
    char *name, *rest;
    char msg[200];
    long idx;

    *cur = CUR_VOID;
    if (!ini_split_header(p, &name, &rest)) {
        add_diag(inf, line, "section header not closed with ']'; lines up to the next header ignored");
        return;
    }
    if (*rest && *rest != ';' && *rest != '#')
        add_diag(inf, line, "unexpected text after section header");
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
    char *key, *value;

    if (!ini_split_entry(p, &key, &value)) {
        add_diag(inf, line, "expected key=value: no '=' in line");
        return;
    }
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
        size_t n;
        char *line = ini_next_line(text, len, &pos, &n);
        handle_line(inf, line, n, ++lineno, &cur);
    }
}

/* ------------------------------------------------------------------------ */
/* Encoding: UTF-16 with BOM is transcoded to UTF-8; UTF-8 BOM is dropped.   */

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
        if ((len - 2) % 2) add_diag(inf, 0, "UTF-16 file has an odd number of bytes; last byte ignored");
        return ini_utf16_to_utf8(d + 2, len - 2, d[0] == 0xFE, outlen);
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
    if (inf->encoding != MAPISVC_ENC_UTF8) inf->encoding = ini_detect_encoding(out, len);
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
    int rc = mapisvc_decode_hex(e->value, strlen(e->value), &b, err, sizeof(err));

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

struct id_check {
    struct mapisvc_inf *inf;
    mapisvc_section *s;
};

static void repeated_id(void *ctx, size_t ent, size_t first)
{
    struct id_check *c = ctx;
    mapisvc_entry *e = &c->s->entries[ent];
    char msg[200];

    e->ok = 0;
    snprintf(msg, sizeof(msg), "[%.64s] property id 0x%04X already set on line %u; ignored",
             c->s->name, MAPISVC_PROP_ID(e->tag), c->s->entries[first].line);
    add_diag(c->inf, e->line, msg);
}

/* A property id set twice (say by PR_DISPLAY_NAME and 3001001E): the later
 * line loses, so the DLL never sees two values for one property. */
static void check_duplicate_ids(struct mapisvc_inf *inf, mapisvc_section *s)
{
    struct id_check c = { inf, s };
    struct ini_ref *v;
    size_t i, n = 0;

    if (s->count < 2) return;
    v = malloc(s->count * sizeof(*v));
    if (!v) {
        inf->oom = 1;
        return;
    }
    for (i = 0; i < s->count; i++) {
        if (s->entries[i].kind != MAPISVC_ENTRY_PROPERTY || !s->entries[i].ok) continue;
        v[n].key = MAPISVC_PROP_ID(s->entries[i].tag);
        v[n].order = s->entries[i].line;
        v[n].idx = i;
        n++;
    }
    ini_each_repeat(v, n, repeated_id, &c);
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
    ini_table_free(&inf->key_tab);
    ini_diags_sort(&inf->diags);
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
    ini_diags_free(&inf->diags);
    free(inf->secs);
    free(inf->ent_cap);
    ini_table_free(&inf->sec_tab);
    ini_table_free(&inf->key_tab);
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
    return inf ? inf->diags.count : 0;
}

const mapisvc_diag *mapisvc_inf_diag(const mapisvc_inf *inf, size_t i)
{
    return inf && i < inf->diags.count ? &inf->diags.recs[i].d : NULL;
}

int mapisvc_diag_format(const mapisvc_diag *d, char *buf, size_t n)
{
    if (!d || !buf || !n) return -1;
    return snprintf(buf, n, "%s:%u: %s", d->file, d->line, d->reason);
}

/* ------------------------------------------------------------------------ */
/* INI mechanics shared with mapiprof's PRF reader (see mapisvc_util.h).     */


char *ini_next_line(char *text, size_t len, size_t *pos, size_t *n)
{
    size_t start = *pos, end = *pos;
    while (end < len && text[end] != '\n' && text[end] != '\r')
        end++;
    *pos = end;
    if (end < len) *pos += (text[end] == '\r' && end + 1 < len && text[end + 1] == '\n') ? 2 : 1;
    text[end] = '\0';
    *n = end - start;
    return text + start;
}

/* Case-insensitive FNV-1a; the seed keeps equal keys of different sections apart. */
static uint32_t hash_name(const char *s, uint32_t seed)
{
    uint32_t h = 2166136261u ^ seed;
    for (; *s; s++) {
        h ^= (uint32_t)to_lower((unsigned char)*s);
        h *= 16777619u;
    }
    return h;
}

static int table_grow(struct ini_table *t)
{
    size_t ncap = t->cap ? t->cap * 2 : 64, i;
    struct ini_slot *ns = calloc(ncap, sizeof(*ns));
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

#define KEY_SEED(sec) ((uint32_t)(sec) * 0x9E3779B9u)

static int table_insert(struct ini_table *t, uint32_t hash, const char *name, size_t sec, size_t ent)
{
    size_t j;
    if ((t->used + 1) * 2 > t->cap && table_grow(t)) return -1;
    for (j = hash & (t->cap - 1); t->slots[j].sec; j = (j + 1) & (t->cap - 1))
        ;
    t->slots[j].name = name;
    t->slots[j].hash = hash;
    t->slots[j].sec = (uint32_t)(sec + 1);
    t->slots[j].ent = (uint32_t)ent;
    t->used++;
    return 0;
}

int ini_table_add_section(struct ini_table *t, const char *name, size_t sec)
{
    return table_insert(t, hash_name(name, 0), name, sec, 0);
}

int ini_table_add_key(struct ini_table *t, size_t sec, const char *key, size_t ent)
{
    return table_insert(t, hash_name(key, KEY_SEED(sec)), key, sec, ent);
}

/* The slot of name (in section sec, or any section if sec is 0), or NULL. */
static const struct ini_slot *table_find(const struct ini_table *t, uint32_t hash, const char *name,
                                         uint32_t sec)
{
    size_t j;
    if (!t->cap) return NULL;
    for (j = hash & (t->cap - 1); t->slots[j].sec; j = (j + 1) & (t->cap - 1)) {
        const struct ini_slot *s = &t->slots[j];
        if (s->hash == hash && (!sec || s->sec == sec) && ci_equal(s->name, name)) return s;
    }
    return NULL;
}

long ini_table_section(const struct ini_table *t, const char *name)
{
    const struct ini_slot *s = table_find(t, hash_name(name, 0), name, 0);
    return s ? (long)s->sec - 1 : -1;
}

long ini_table_key(const struct ini_table *t, size_t sec, const char *key)
{
    const struct ini_slot *s = table_find(t, hash_name(key, KEY_SEED(sec)), key, (uint32_t)(sec + 1));
    return s ? (long)s->ent : -1;
}

void ini_table_free(struct ini_table *t)
{
    free(t->slots);
    memset(t, 0, sizeof(*t));
}

int ini_diags_add(struct ini_diags *l, const char *file, unsigned line, const char *reason,
                  size_t max)
{
    struct ini_diag_rec *r;
    char *copy;

    if (l->count > max) return 0;
    if (l->count == max) {
        line = 0;
        reason = "too many problems; the rest are not reported";
    }
    if (l->count == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 16;
        struct ini_diag_rec *nd = realloc(l->recs, ncap * sizeof(*nd));
        if (!nd) return -1;
        l->recs = nd;
        l->cap = ncap;
    }
    copy = dup_span(reason, strlen(reason));
    if (!copy) return -1;
    r = &l->recs[l->count];
    r->d.file = file;
    r->d.line = line;
    r->d.reason = copy;
    r->seq = l->count++;
    return 0;
}

static int cmp_diag(const void *a, const void *b)
{
    const struct ini_diag_rec *x = a, *y = b;
    if (x->d.line != y->d.line) return x->d.line < y->d.line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void ini_diags_sort(struct ini_diags *l)
{
    if (l->count > 1) qsort(l->recs, l->count, sizeof(*l->recs), cmp_diag);
}

void ini_diags_free(struct ini_diags *l)
{
    size_t i;
    for (i = 0; i < l->count; i++)
        free((char *)l->recs[i].d.reason);
    free(l->recs);
    memset(l, 0, sizeof(*l));
}

static int cmp_ref(const void *a, const void *b)
{
    const struct ini_ref *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

void ini_each_repeat(struct ini_ref *refs, size_t n,
                     void (*repeat)(void *ctx, size_t idx, size_t first), void *ctx)
{
    size_t i;
    if (n < 2) return;
    qsort(refs, n, sizeof(*refs), cmp_ref);
    for (i = 1; i < n; i++) {
        if (refs[i].key != refs[i - 1].key) continue;
        repeat(ctx, refs[i].idx, refs[i - 1].idx);
        refs[i] = refs[i - 1]; /* a third copy is also reported against the first */
    }
}

size_t ini_utf8_put(char *out, uint32_t cp)
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

char *ini_utf16_to_utf8(const unsigned char *d, size_t len, int be, size_t *outlen)
{
    size_t units = len / 2, i, o = 0;
    char *out = malloc(units * 3 + 1); /* a unit never needs more than 3 bytes */

    if (!out) return NULL;
    for (i = 0; i < units; i++) {
        uint32_t u = be ? (uint32_t)(d[2 * i] << 8 | d[2 * i + 1]) : (uint32_t)(d[2 * i + 1] << 8 | d[2 * i]);
        if (u >= 0xD800 && u < 0xDC00 && i + 1 < units) {
            uint32_t lo = be ? (uint32_t)(d[2 * i + 2] << 8 | d[2 * i + 3])
                             : (uint32_t)(d[2 * i + 3] << 8 | d[2 * i + 2]);
            if (lo >= 0xDC00 && lo < 0xE000) {
                o += ini_utf8_put(out + o, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
                i++;
                continue;
            }
        }
        if (u >= 0xD800 && u < 0xE000) u = 0xFFFD; /* lone surrogate */
        o += ini_utf8_put(out + o, u);
    }
    out[o] = '\0';
    *outlen = o;
    return out;
}

int ini_utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
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

enum mapisvc_encoding ini_detect_encoding(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    int high = 0;
    while (i < len) {
        uint32_t cp;
        int k = ini_utf8_next(s + i, len - i, &cp);
        if (k < 0) return MAPISVC_ENC_ANSI;
        if (k > 1) high = 1;
        i += (size_t)k;
    }
    return high ? MAPISVC_ENC_UTF8 : MAPISVC_ENC_ASCII;
}
