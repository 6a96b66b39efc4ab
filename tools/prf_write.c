/*
 * Outlook profile files (PRF): the writer (values as PRF text, whole files,
 * UTF-16 output).  See prf.h for the API.  Portable C99.
 */
#include "prf_private.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Writing.                                                                  */

static int has_line_break(const char *s)
{
    return strpbrk(s, "\r\n") != NULL;
}

/* A string value as PRF text: quoted when trimming or quote removal would change it. */
static int format_string(struct prf_buf *b, const char *s, char *err, size_t errlen)
{
    size_t n = strlen(s);
    if (has_line_break(s)) {
        set_err(err, errlen, "the text has a line break, which a PRF line cannot hold");
        return -1;
    }
    if (n && (is_space((unsigned char)s[0]) || is_space((unsigned char)s[n - 1]) ||
              (n >= 2 && s[0] == '"' && s[n - 1] == '"'))) {
        prf_buf_str(b, "\"");
        prf_buf_str(b, s);
        prf_buf_str(b, "\"");
    } else {
        prf_buf_str(b, s);
    }
    return 0;
}

static void format_hex(struct prf_buf *b, const uint8_t *p, size_t n)
{
    static const char digits[] = "0123456789ABCDEF";
    size_t i;
    if (prf_buf_reserve(b, n * 2)) return;
    for (i = 0; i < n; i++) {
        b->p[b->len++] = digits[p[i] >> 4];
        b->p[b->len++] = digits[p[i] & 15];
    }
    b->p[b->len] = '\0';
}

int prf_format_value(const mapisvc_prop *p, char **text, char *err, size_t errlen)
{
    struct prf_buf b = { 0 };
    size_t i;
    uint16_t type;

    if (!p || !text) {
        set_err(err, errlen, "invalid argument");
        return -1;
    }
    *text = NULL;
    type = TAG_TYPE(p->tag);
    if (!prf_type_supported(type)) {
        set_err(err, errlen, "type %s cannot be written in a PRF",
                prf_type_name(type) ? prf_type_name(type) : "unknown");
        return -1;
    }
    switch (p->kind) {
    case MAPISVC_PROP_LONG:
        if (p->v.l >= 0) prf_buf_printf(&b, "%ld", (long)p->v.l);
        else prf_buf_printf(&b, type == PT_I2 ? "0x%04X" : "0x%08lX",
                        type == PT_I2 ? (unsigned)(p->v.l & 0xFFFF) : (unsigned long)(uint32_t)p->v.l);
        break;
    case MAPISVC_PROP_BOOLEAN:
        prf_buf_str(&b, p->v.b ? "TRUE" : "FALSE");
        break;
    case MAPISVC_PROP_I8:
        prf_buf_printf(&b, "%lld", (long long)p->v.i8);
        break;
    case MAPISVC_PROP_STRING:
        if (format_string(&b, p->v.str ? p->v.str : "", err, errlen)) goto bad;
        break;
    case MAPISVC_PROP_BINARY:
        if (type == PT_CLSID && p->v.bin.len != 16) {
            set_err(err, errlen, "a PT_CLSID value must be 16 bytes");
            goto bad;
        }
        format_hex(&b, p->v.bin.data, p->v.bin.len);
        break;
    case MAPISVC_PROP_MV_LONG:
        for (i = 0; i < p->v.mvl.count; i++)
            prf_buf_printf(&b, i ? ", %ld" : "%ld", (long)p->v.mvl.items[i]);
        break;
    case MAPISVC_PROP_MV_STRING:
        for (i = 0; i < p->v.mvstr.count; i++) {
            const char *s = p->v.mvstr.items[i];
            size_t n = strlen(s);
            if (!n || strchr(s, ',') || has_line_break(s) || is_space((unsigned char)s[0]) ||
                is_space((unsigned char)s[n - 1])) {
                set_err(err, errlen, "list item %lu is empty, has a comma, a line break or "
                        "surrounding spaces, which a PRF list cannot hold", (unsigned long)i + 1);
                goto bad;
            }
            if (i) prf_buf_str(&b, ", ");
            prf_buf_str(&b, s);
        }
        break;
    case MAPISVC_PROP_MV_BINARY:
        for (i = 0; i < p->v.mvbin.count; i++) {
            if (!p->v.mvbin.items[i].len) {
                set_err(err, errlen, "list item %lu is empty, which a PRF list cannot hold",
                        (unsigned long)i + 1);
                goto bad;
            }
            if (i) prf_buf_str(&b, ", ");
            format_hex(&b, p->v.mvbin.items[i].data, p->v.mvbin.items[i].len);
        }
        break;
    }
    if (prf_buf_reserve(&b, 0)) {
        free(b.p);
        set_err(err, errlen, "out of memory");
        return -2;
    }
    if (!b.p) {
        b.p = malloc(1);
        if (!b.p) {
            set_err(err, errlen, "out of memory");
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
    if (prf_prefix_ieq(s, "Service") && s[7] >= '1' && s[7] <= '9') {
        k = strtoul(s + 7, &end, 10);
        if (!*end && k <= nsvc) return 1;
    }
    return 0;
}

int prf_write(const prf_out *in, prf_skip_fn skip, void *ctx, char **text, size_t *len,
              char *err, size_t errlen)
{
    struct prf_buf b = { 0 };
    struct out_svc *os = NULL;
    uint32_t *tags = NULL;
    size_t i, j, k, n, num;
    int rc = -2;

    if (text) *text = NULL;
    if (len) *len = 0;
    if (!in || !text || (in->count && !in->services)) {
        set_err(err, errlen, "invalid argument");
        return -1;
    }
    if (!in->profile_name || !*in->profile_name || has_line_break(in->profile_name)) {
        set_err(err, errlen, "the profile name is empty or has a line break");
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
            struct prf_buf nb = { 0 };
            int clash = 0;
            if (k == 1) prf_buf_str(&nb, sn);
            else prf_buf_printf(&nb, "%s (%lu)", sn, (unsigned long)k);
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

    prf_buf_str(&b, "; Outlook profile file (PRF) written by mapiprof (FreeMAPI).\r\n"
                "; Properties are 8-hex-digit tags (PROP_TAG order); the mapping sections\r\n"
                "; at the end name each service and give Outlook the tags' types.\r\n\r\n");
    prf_buf_str(&b, "[General]\r\nCustom=1\r\nProfileName=");
    if (format_string(&b, in->profile_name, err, errlen)) {
        rc = -1;
        goto out;
    }
    prf_buf_printf(&b, "\r\nDefaultProfile=%s\r\nOverwriteProfile=No\r\nModifyDefaultProfileIfPresent=FALSE\r\n\r\n",
               in->default_profile ? "Yes" : "No");

    prf_buf_str(&b, "[Service List]\r\n");
    for (i = 0, num = 0; i < in->count; i++)
        if (!os[i].skip) prf_buf_printf(&b, "Service%lu=%s\r\n", (unsigned long)++num, os[os[i].first].map);
    prf_buf_str(&b, "\r\n");

    for (i = 0, num = 0; i < in->count; i++) {
        const prf_out_service *s = &in->services[i];
        if (os[i].skip) continue;
        if (s->display_name && *s->display_name && !has_line_break(s->display_name))
            prf_buf_printf(&b, "; %s\r\n", s->display_name);
        prf_buf_printf(&b, "[Service%lu]\r\nUniqueService=No\r\n", (unsigned long)++num);
        for (j = 0; j < s->count; j++)
            if (os[i].values[j])
                prf_buf_printf(&b, "%08lX=%s\r\n", (unsigned long)s->props[j].tag, os[i].values[j]);
        prf_buf_str(&b, "\r\n");
    }

    prf_buf_str(&b, ";***************************************************************\r\n"
                "; Mapping for profile properties\r\n"
                ";***************************************************************\r\n\r\n");
    for (i = 0; i < in->count; i++) {
        if (os[i].skip || os[i].first != i) continue;
        prf_buf_printf(&b, "[%s]\r\nServiceName=%s\r\n", os[i].map, in->services[i].service_name);
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
            prf_buf_printf(&b, "%08lX=%s,0x%04X\r\n", (unsigned long)tags[j], prf_type_name(TAG_TYPE(tags[j])),
                       (unsigned)TAG_ID(tags[j]));
        }
        prf_buf_str(&b, "\r\n");
    }
    if (b.oom) goto oom;
    if (!b.p && prf_buf_reserve(&b, 0)) goto oom;
    *text = b.p;
    if (len) *len = b.len;
    b.p = NULL;
    rc = 0;
    goto out;
oom:
    set_err(err, errlen, "out of memory");
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
        int n = ini_utf8_next(s + i, len - i, &cp);
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
