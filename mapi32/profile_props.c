/*
 * Properties of a profile section: one registry value per property
 * (mapi-spec.md 4.2).  The value name is the type then the ID in hex
 * ("001f3001"); the data is REG_BINARY with the property's byte image.
 * Secure properties (IDs 0x67F0-0x67FF) are written under "S<name>",
 * protected with CryptProtectData, and only read when asked for by tag.
 * Values that scripts write as REG_SZ, REG_EXPAND_SZ, REG_DWORD or
 * REG_MULTI_SZ are read too; we always write REG_BINARY.
 */
#include <string.h>

#include "mapi32_private.h"
#include <wincrypt.h>
#include "profile_store.h"
#include "profile_value.h"

#include <mapiutil.h>

/* One registry value as found. */
struct rawval {
    ULONG tag;
    BOOL secure;
    DWORD regtype;
    BYTE *data;
    DWORD cb;
};

struct rawset {
    ULONG count;
    struct rawval *vals;
};

static int hexval(WCHAR c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* "ttttiiii" or "Sttttiiii" -> tag; FALSE for any other value name. */
static BOOL parse_value_name(const WCHAR *name, ULONG *tag, BOOL *secure)
{
    ULONG v = 0;
    int i;

    *secure = FALSE;
    if (name[0] == 'S' || name[0] == 's') {
        *secure = TRUE;
        name++;
    }
    for (i = 0; i < 8; i++) {
        int h = hexval(name[i]);
        if (h < 0) return FALSE;
        v = v << 4 | (ULONG)h;
    }
    if (name[8]) return FALSE;
    /* The name has the type first: swap the halves into PROP_TAG order. */
    *tag = PROP_TAG(v >> 16, v & 0xffff);
    return PROP_ID(*tag) != 0;
}

static void value_name(ULONG tag, BOOL secure, WCHAR name[16])
{
    wsprintfW(name, secure ? L"S%04x%04x" : L"%04x%04x", PROP_TYPE(tag), PROP_ID(tag));
}

static void free_raw(struct rawset *set)
{
    ULONG i;
    for (i = 0; i < set->count; i++) HeapFree(GetProcessHeap(), 0, set->vals[i].data);
    HeapFree(GetProcessHeap(), 0, set->vals);
    set->vals = NULL;
    set->count = 0;
}

/* Secure values: the registry holds CryptProtectData's blob. */
static BOOL unprotect(BYTE **data, DWORD *cb)
{
    DATA_BLOB in = {*cb, *data}, out = {0, NULL};
    BYTE *copy;

    if (!CryptUnprotectData(&in, NULL, NULL, NULL, NULL, CRYPTPROTECT_UI_FORBIDDEN, &out))
        return FALSE;
    copy = HeapAlloc(GetProcessHeap(), 0, out.cbData ? out.cbData : 1);
    if (copy) memcpy(copy, out.pbData, out.cbData);
    SecureZeroMemory(out.pbData, out.cbData);
    LocalFree(out.pbData);
    if (!copy) return FALSE;
    HeapFree(GetProcessHeap(), 0, *data);
    *data = copy;
    *cb = out.cbData;
    return TRUE;
}

/* Reads every property value of a section.  with_secure also decrypts the
 * secure ones (left out otherwise). */
static HRESULT read_raw(HKEY section, BOOL with_secure, struct rawset *set)
{
    DWORD nvals = 0, maxname = 0, maxdata = 0, i;
    WCHAR *name = NULL;
    BYTE *scratch = NULL;
    HRESULT hr = S_OK;

    set->count = 0;
    set->vals = NULL;
    if (RegQueryInfoKeyW(section, NULL, NULL, NULL, NULL, NULL, NULL, &nvals, &maxname, &maxdata,
                         NULL, NULL) != ERROR_SUCCESS)
        return MAPI_E_NOT_FOUND;
    if (!nvals) return S_OK;
    set->vals = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, nvals * sizeof(*set->vals));
    name = HeapAlloc(GetProcessHeap(), 0, (maxname + 2) * sizeof(WCHAR));
    scratch = HeapAlloc(GetProcessHeap(), 0, maxdata + 2);
    if (!set->vals || !name || !scratch) { hr = MAPI_E_NOT_ENOUGH_MEMORY; goto done; }

    /* One registry call per value (each is a round trip to wineserver); only
     * a value that grew since RegQueryInfoKey needs a second one. */
    for (i = 0; i < nvals; i++) {
        DWORD cch = maxname + 1, type, cb = maxdata;
        struct rawval *rv = &set->vals[set->count];
        const BYTE *src = scratch;
        LONG err;

        err = RegEnumValueW(section, i, name, &cch, NULL, &type, scratch, &cb);
        if (err == ERROR_NO_MORE_ITEMS) break;
        if (err != ERROR_SUCCESS && err != ERROR_MORE_DATA) continue;
        if (!parse_value_name(name, &rv->tag, &rv->secure)) continue;
        if (rv->secure && !with_secure) continue;
        if (!rv->secure && PROFSTORE_IS_SECURE(rv->tag) && !with_secure) continue;
        rv->data = HeapAlloc(GetProcessHeap(), 0, cb + 2);
        if (!rv->data) { hr = MAPI_E_NOT_ENOUGH_MEMORY; goto done; }
        if (err == ERROR_MORE_DATA) {
            src = NULL;
            if (RegQueryValueExW(section, name, NULL, &type, rv->data, &cb) != ERROR_SUCCESS) {
                HeapFree(GetProcessHeap(), 0, rv->data);
                rv->data = NULL;
                continue;
            }
        }
        if (src) memcpy(rv->data, src, cb);
        rv->regtype = type;
        rv->cb = cb;
        if (rv->secure && !unprotect(&rv->data, &rv->cb)) {
            TRACE("secure value %ls cannot be unprotected", name);
            HeapFree(GetProcessHeap(), 0, rv->data);
            rv->data = NULL;
            continue;
        }
        set->count++;
    }
done:
    HeapFree(GetProcessHeap(), 0, name);
    HeapFree(GetProcessHeap(), 0, scratch);
    if (FAILED(hr)) free_raw(set);
    return hr;
}

static BOOL is_string_type(ULONG t)
{
    return t == PT_STRING8 || t == PT_UNICODE;
}

/* May a value stored as type 'have' be returned as type 'want'? */
static BOOL type_matches(ULONG have, ULONG want)
{
    if (want == PT_UNSPECIFIED || have == want) return TRUE;
    if (is_string_type(have) && is_string_type(want)) return TRUE;
    return is_string_type(have & ~MV_FLAG) && is_string_type(want & ~MV_FLAG) &&
           (have & MV_FLAG) && (want & MV_FLAG);
}

/* The stored value for a tag: the exact type first, then a convertible one. */
static struct rawval *find_raw(struct rawset *set, ULONG tag)
{
    struct rawval *conv = NULL;
    ULONG i;

    for (i = 0; i < set->count; i++) {
        struct rawval *rv = &set->vals[i];
        if (PROP_ID(rv->tag) != PROP_ID(tag)) continue;
        if (PROP_TYPE(rv->tag) == PROP_TYPE(tag)) return rv;
        if (!conv && type_matches(PROP_TYPE(rv->tag), PROP_TYPE(tag))) conv = rv;
    }
    return conv;
}

/* Reads the value named for tag (secure: its encrypted twin) and adds it
 * to set; FALSE if there is no such value. */
static BOOL read_one(HKEY section, ULONG tag, BOOL secure, struct rawset *set)
{
    struct rawval *vals, *rv;
    WCHAR name[16];
    DWORD type, cb = 0;

    value_name(tag, secure, name);
    if (RegQueryValueExW(section, name, NULL, &type, NULL, &cb) != ERROR_SUCCESS) return FALSE;
    vals = set->vals ? HeapReAlloc(GetProcessHeap(), 0, set->vals, (set->count + 1) * sizeof(*vals))
                     : HeapAlloc(GetProcessHeap(), 0, sizeof(*vals));
    if (!vals) return FALSE;
    set->vals = vals;
    rv = &vals[set->count];
    if (!(rv->data = HeapAlloc(GetProcessHeap(), 0, cb + 2))) return FALSE;
    if (RegQueryValueExW(section, name, NULL, &type, rv->data, &cb) != ERROR_SUCCESS ||
        (secure && !unprotect(&rv->data, &cb))) {
        HeapFree(GetProcessHeap(), 0, rv->data);
        return FALSE;
    }
    rv->tag = tag;
    rv->secure = secure;
    rv->regtype = type;
    rv->cb = cb;
    set->count++;
    return TRUE;
}

/* find_raw, but a tag the enumeration did not see is looked up by its
 * names before it is called missing: values are enumerated by index, and
 * a value another thread or process adds or deletes meanwhile shifts the
 * indexes, so an enumeration can skip one that was there all along. */
static struct rawval *find_or_read(HKEY section, struct rawset *set, ULONG tag)
{
    ULONG t = PROP_TYPE(tag), types[2], ntypes = 0, i;
    struct rawval *rv;
    int secure;

    if ((rv = find_raw(set, tag)) || t == PT_UNSPECIFIED) return rv;
    types[ntypes++] = t;
    if (t == PT_STRING8 || t == PT_UNICODE) types[ntypes++] = t == PT_STRING8 ? PT_UNICODE : PT_STRING8;
    else if (t == PT_MV_STRING8 || t == PT_MV_UNICODE)
        types[ntypes++] = t == PT_MV_STRING8 ? PT_MV_UNICODE : PT_MV_STRING8;
    for (i = 0; i < ntypes; i++)
        for (secure = 0; secure < 2; secure++)
            if (read_one(section, PROP_TAG(types[i], PROP_ID(tag)), secure, set)) return &set->vals[set->count - 1];
    return NULL;
}

/* ---- decoding ---- */

/* Bytes of a string value as stored, without its terminator. */
static void raw_string(const struct rawval *rv, BOOL *wide, const BYTE **p, DWORD *cb)
{
    *p = rv->data;
    *cb = rv->cb;
    if (rv->regtype == REG_SZ || rv->regtype == REG_EXPAND_SZ || rv->regtype == REG_MULTI_SZ)
        *wide = TRUE;
    else
        *wide = PROP_TYPE(rv->tag & ~MV_FLAG) == PT_UNICODE;
    if (*wide) {
        DWORD n = *cb / 2, i;
        for (i = 0; i < n; i++)
            if (!((const WCHAR *)*p)[i]) break;
        *cb = i * 2;
    } else {
        const BYTE *nul = memchr(*p, 0, *cb);
        if (nul) *cb = (DWORD)(nul - *p);
    }
}

/* Converts string bytes to the wanted width in MAPI memory under parent. */
static HRESULT make_string(const BYTE *src, DWORD cb, BOOL src_wide, BOOL want_wide, void *parent,
                           void **out)
{
    SCODE sc;
    int n;

    if (src_wide == want_wide) {
        DWORD term = want_wide ? 2 : 1;
        if ((sc = MAPIAllocateMore(cb + term, parent, out))) return sc;
        memcpy(*out, src, cb);
        memset((BYTE *)*out + cb, 0, term);
        return S_OK;
    }
    if (want_wide) {
        n = cb ? MultiByteToWideChar(CP_ACP, 0, (const char *)src, (int)cb, NULL, 0) : 0;
        if ((sc = MAPIAllocateMore((n + 1) * sizeof(WCHAR), parent, out))) return sc;
        if (n) MultiByteToWideChar(CP_ACP, 0, (const char *)src, (int)cb, *out, n);
        ((WCHAR *)*out)[n] = 0;
    } else {
        n = cb ? WideCharToMultiByte(CP_ACP, 0, (const WCHAR *)src, (int)(cb / 2), NULL, 0, NULL, NULL) : 0;
        if ((sc = MAPIAllocateMore(n + 1, parent, out))) return sc;
        if (n) WideCharToMultiByte(CP_ACP, 0, (const WCHAR *)src, (int)(cb / 2), *out, n, NULL, NULL);
        ((char *)*out)[n] = 0;
    }
    return S_OK;
}

static ULONG fixed_size(ULONG type)
{
    switch (type) {
    case PT_I2: return 2;
    case PT_LONG: case PT_R4: case PT_ERROR: return 4;
    case PT_DOUBLE: case PT_CURRENCY: case PT_APPTIME: case PT_I8: case PT_SYSTIME: return 8;
    case PT_CLSID: return 16;
    default: return 0;
    }
}

/* A number typed by a script as text: decimal or 0x hex. */
static BOOL parse_number_text(const struct rawval *rv, LONGLONG *v)
{
    WCHAR buf[32], *end;
    DWORD n = rv->cb / 2;

    if (!n || n >= ARRAYSIZE(buf)) return FALSE;
    memcpy(buf, rv->data, n * 2);
    buf[n] = 0;
    *v = _wcstoi64(buf, &end, 0);
    return end != buf && (!*end || *end == ' ');
}

/* MV strings from REG_MULTI_SZ text. */
static HRESULT decode_multi_sz(const struct rawval *rv, BOOL want_wide, void *parent, SPropValue *out)
{
    const WCHAR *p = (const WCHAR *)rv->data, *end = p + rv->cb / 2;
    ULONG n = 0, i;
    void **items;
    SCODE sc;

    for (const WCHAR *q = p; q < end && *q; q += lstrlenW(q) + 1) n++;
    if ((sc = MAPIAllocateMore(n * sizeof(void *) + 1, parent, (void **)&items))) return sc;
    for (i = 0; i < n; i++) {
        DWORD len = lstrlenW(p);
        if ((sc = make_string((const BYTE *)p, len * 2, TRUE, want_wide, parent, &items[i]))) return sc;
        p += len + 1;
    }
    out->Value.MVszA.cValues = n;
    out->Value.MVszA.lppszA = (LPSTR *)items;
    return S_OK;
}

/* Decodes a stored value as type 'want'.  MAPI_E_CORRUPT_DATA when the bytes
 * do not fit the type. */
static HRESULT decode(const struct rawval *rv, ULONG want, void *parent, SPropValue *out)
{
    ULONG have = PROP_TYPE(rv->tag), type = want == PT_UNSPECIFIED ? have : want;
    const BYTE *d = rv->data;
    DWORD cb = rv->cb;
    HRESULT hr;

    out->ulPropTag = PROP_TAG(type, PROP_ID(rv->tag));
    out->dwAlignPad = 0;

    /* Values written by scripts as text or DWORD. */
    if (rv->regtype == REG_DWORD) {
        DWORD v;
        if (cb != 4) return MAPI_E_CORRUPT_DATA;
        memcpy(&v, d, 4);
        switch (type) {
        case PT_LONG: out->Value.l = (LONG)v; return S_OK;
        case PT_I2: out->Value.i = (short)v; return S_OK;
        case PT_BOOLEAN: out->Value.b = v != 0; return S_OK;
        default: return MAPI_E_CORRUPT_DATA;
        }
    }
    if (rv->regtype == REG_MULTI_SZ) {
        if (!is_string_type(type & ~MV_FLAG)) return MAPI_E_CORRUPT_DATA;
        if (!(type & MV_FLAG)) {
            BOOL wide;
            raw_string(rv, &wide, &d, &cb);
            return make_string(d, cb, TRUE, type == PT_UNICODE, parent, (void **)&out->Value.lpszA);
        }
        return decode_multi_sz(rv, (type & ~MV_FLAG) == PT_UNICODE, parent, out);
    }
    if ((rv->regtype == REG_SZ || rv->regtype == REG_EXPAND_SZ) && !is_string_type(type)) {
        LONGLONG v;
        if (!parse_number_text(rv, &v)) return MAPI_E_CORRUPT_DATA;
        switch (type) {
        case PT_LONG: out->Value.l = (LONG)v; return S_OK;
        case PT_I2: out->Value.i = (short)v; return S_OK;
        case PT_BOOLEAN: out->Value.b = v != 0; return S_OK;
        case PT_I8: out->Value.li.QuadPart = v; return S_OK;
        default: return MAPI_E_CORRUPT_DATA;
        }
    }

    switch (type) {
    case PT_I2:
        if (cb != 2 && cb != 4) return MAPI_E_CORRUPT_DATA;
        memcpy(&out->Value.i, d, 2);
        return S_OK;
    case PT_LONG: case PT_R4: case PT_ERROR:
        if (cb != 4) return MAPI_E_CORRUPT_DATA;
        memcpy(&out->Value.l, d, 4);
        return S_OK;
    case PT_BOOLEAN: {
        DWORD i;
        if (!cb || cb > 4) return MAPI_E_CORRUPT_DATA;
        out->Value.b = 0;
        for (i = 0; i < cb; i++)
            if (d[i]) out->Value.b = 1;
        return S_OK;
    }
    case PT_DOUBLE: case PT_CURRENCY: case PT_APPTIME: case PT_I8: case PT_SYSTIME:
        if (cb != 8) return MAPI_E_CORRUPT_DATA;
        memcpy(&out->Value.li, d, 8);
        return S_OK;
    case PT_CLSID:
        if (cb != 16) return MAPI_E_CORRUPT_DATA;
        if ((hr = MAPIAllocateMore(16, parent, (void **)&out->Value.lpguid))) return hr;
        memcpy(out->Value.lpguid, d, 16);
        return S_OK;
    case PT_STRING8: case PT_UNICODE: {
        BOOL wide;
        raw_string(rv, &wide, &d, &cb);
        return make_string(d, cb, wide, type == PT_UNICODE, parent, (void **)&out->Value.lpszA);
    }
    case PT_BINARY:
        out->Value.bin.cb = cb;
        if ((hr = MAPIAllocateMore(cb ? cb : 1, parent, (void **)&out->Value.bin.lpb))) return hr;
        memcpy(out->Value.bin.lpb, d, cb);
        return S_OK;
    }

    if (type & MV_FLAG) {
        ULONG base = type & ~MV_FLAG, esize = fixed_size(base), n, i;
        enum pv_kind kind;
        pv_item *items;
        uint32_t n32;
        void *arr;

        if (base == PT_BINARY) kind = PV_BINARY;
        else if (is_string_type(base)) kind = (have & ~MV_FLAG) == PT_UNICODE ? PV_UNICODE : PV_STRING8;
        else if (esize) kind = PV_FIXED;
        else return MAPI_E_CORRUPT_DATA;

        n = pv_count(d, cb);
        if (n > PV_MAX_ITEMS) return MAPI_E_CORRUPT_DATA;
        n32 = n;
        items = HeapAlloc(GetProcessHeap(), 0, (n ? n : 1) * sizeof(*items));
        if (!items) return MAPI_E_NOT_ENOUGH_MEMORY;
        if (pv_parse(kind, esize, d, cb, items, n, &n32, NULL)) {
            HeapFree(GetProcessHeap(), 0, items);
            return MAPI_E_CORRUPT_DATA;
        }
        n = n32;
        hr = S_OK;
        if (kind == PV_FIXED) {
            if (!(hr = MAPIAllocateMore(n * esize + 1, parent, &arr)))
                memcpy(arr, d + 4, n * esize);
        } else if (kind == PV_BINARY) {
            SBinary *bins;
            if (!(hr = MAPIAllocateMore(n * sizeof(SBinary) + 1, parent, (void **)&bins))) {
                for (i = 0; i < n && !hr; i++) {
                    bins[i].cb = items[i].len;
                    if (!(hr = MAPIAllocateMore(items[i].len + 1, parent, (void **)&bins[i].lpb)))
                        memcpy(bins[i].lpb, d + items[i].off, items[i].len);
                }
            }
            arr = bins;
        } else {
            void **strs;
            if (!(hr = MAPIAllocateMore(n * sizeof(void *) + 1, parent, (void **)&strs)))
                for (i = 0; i < n && !hr; i++)
                    hr = make_string(d + items[i].off, items[i].len, kind == PV_UNICODE,
                                     base == PT_UNICODE, parent, &strs[i]);
            arr = strs;
        }
        HeapFree(GetProcessHeap(), 0, items);
        if (hr) return hr;
        /* Every MV member of the union is {ULONG count; pointer}. */
        out->Value.MVl.cValues = n;
        out->Value.MVl.lpl = arr;
        return S_OK;
    }
    return MAPI_E_CORRUPT_DATA;
}

static void set_error(SPropValue *v, ULONG tag, SCODE err)
{
    v->ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tag));
    v->dwAlignPad = 0;
    v->Value.err = err;
}

/* The tag a property is listed under: strings in the caller's width. */
static ULONG listed_tag(ULONG tag, ULONG flags)
{
    ULONG t = PROP_TYPE(tag);
    if (is_string_type(t & ~MV_FLAG))
        t = (t & MV_FLAG) | ((flags & MAPI_UNICODE) ? PT_UNICODE : PT_STRING8);
    return PROP_TAG(t, PROP_ID(tag));
}

/* The distinct properties of a set (one per ID), non-secure, as listed. */
static ULONG collect_tags(const struct rawset *set, ULONG flags, ULONG *out)
{
    ULONG n = 0, i, j;

    for (i = 0; i < set->count; i++) {
        ULONG tag = set->vals[i].tag;
        if (set->vals[i].secure || PROFSTORE_IS_SECURE(tag)) continue;
        for (j = 0; j < n; j++)
            if (PROP_ID(out[j]) == PROP_ID(tag)) break;
        if (j < n) continue;
        out[n++] = listed_tag(tag, flags);
    }
    return n;
}

static const SPropValue *find_extra(const SPropValue *extra, ULONG cextra, ULONG tag)
{
    ULONG i;
    for (i = 0; i < cextra; i++)
        if (PROP_ID(extra[i].ulPropTag) == PROP_ID(tag)) return &extra[i];
    return NULL;
}

/* A computed property in the type asked for (its strings are UTF-16). */
static HRESULT copy_extra(const SPropValue *src, ULONG want, void *parent, SPropValue *out)
{
    ULONG type = want == PT_UNSPECIFIED ? PROP_TYPE(src->ulPropTag) : want;

    if (PROP_TYPE(src->ulPropTag) == PT_UNICODE && is_string_type(type)) {
        out->ulPropTag = PROP_TAG(type, PROP_ID(src->ulPropTag));
        out->dwAlignPad = 0;
        return make_string((const BYTE *)src->Value.lpszW, lstrlenW(src->Value.lpszW) * 2, TRUE,
                           type == PT_UNICODE, parent, (void **)&out->Value.lpszA);
    }
    if (type != PROP_TYPE(src->ulPropTag)) return MAPI_E_NOT_FOUND;
    return PropCopyMore(out, (LPSPropValue)src, MAPIAllocateMore, parent);
}

HRESULT profstore_get_props(HKEY section, const SPropTagArray *tags, ULONG flags,
                            const SPropValue *extra, ULONG cextra,
                            ULONG *count, SPropValue **props)
{
    struct rawset set;
    ULONG n, i, *list = NULL;
    SPropValue *vals;
    BOOL errors = FALSE;
    HRESULT hr;

    *count = 0;
    *props = NULL;
    if ((hr = read_raw(section, tags != NULL, &set))) return hr;

    if (tags) {
        n = tags->cValues;
        list = (ULONG *)tags->aulPropTag;
    } else {
        list = HeapAlloc(GetProcessHeap(), 0, (set.count + cextra + 1) * sizeof(ULONG));
        if (!list) { free_raw(&set); return MAPI_E_NOT_ENOUGH_MEMORY; }
        n = collect_tags(&set, flags, list);
        for (i = 0; i < cextra; i++)
            list[n++] = listed_tag(extra[i].ulPropTag, flags);
    }

    hr = MAPIAllocateBuffer((n ? n : 1) * sizeof(SPropValue), (void **)&vals);
    for (i = 0; i < n && !hr; i++) {
        ULONG tag = list[i];
        const SPropValue *ex = find_extra(extra, cextra, tag);
        struct rawval *rv;
        HRESULT one;

        if (ex)
            one = copy_extra(ex, PROP_TYPE(tag), vals, &vals[i]);
        else if ((rv = tags ? find_or_read(section, &set, tag) : find_raw(&set, tag)))
            one = decode(rv, PROP_TYPE(tag), vals, &vals[i]);
        else
            one = MAPI_E_NOT_FOUND;
        if (one == MAPI_E_NOT_ENOUGH_MEMORY) hr = one;
        else if (one) {
            set_error(&vals[i], tag, one);
            errors = TRUE;
        }
    }
    if (!tags) HeapFree(GetProcessHeap(), 0, list);
    free_raw(&set);
    if (hr) {
        MAPIFreeBuffer(vals);
        return hr;
    }
    *count = n;
    *props = vals;
    return errors ? MAPI_W_ERRORS_RETURNED : S_OK;
}

HRESULT profstore_get_prop_list(HKEY section, ULONG flags, const SPropValue *extra, ULONG cextra,
                                SPropTagArray **tags)
{
    struct rawset set;
    SPropTagArray *out;
    ULONG n, i;
    HRESULT hr;

    if ((hr = read_raw(section, FALSE, &set))) return hr;
    hr = MAPIAllocateBuffer(CbNewSPropTagArray(set.count + cextra), (void **)&out);
    if (!hr) {
        n = collect_tags(&set, flags, out->aulPropTag);
        for (i = 0; i < cextra; i++)
            out->aulPropTag[n++] = listed_tag(extra[i].ulPropTag, flags);
        out->cValues = n;
        *tags = out;
    }
    free_raw(&set);
    return hr;
}

/* ---- encoding ---- */

/* The byte image of a value (HeapAlloc'ed). */
static HRESULT encode(const SPropValue *v, BYTE **data, DWORD *cb)
{
    ULONG type = PROP_TYPE(v->ulPropTag), esize = fixed_size(type);
    const void *src = &v->Value;
    size_t size;

    if (esize) {
        if (type == PT_CLSID) {
            if (!v->Value.lpguid) return MAPI_E_INVALID_PARAMETER;
            src = v->Value.lpguid;
        }
        size = esize;
    } else switch (type) {
    case PT_BOOLEAN:
        size = 2;
        break;
    case PT_STRING8:
        if (!v->Value.lpszA) return MAPI_E_INVALID_PARAMETER;
        src = v->Value.lpszA;
        size = strlen(v->Value.lpszA) + 1;
        break;
    case PT_UNICODE:
        if (!v->Value.lpszW) return MAPI_E_INVALID_PARAMETER;
        src = v->Value.lpszW;
        size = (lstrlenW(v->Value.lpszW) + 1) * sizeof(WCHAR);
        break;
    case PT_BINARY:
        if (v->Value.bin.cb && !v->Value.bin.lpb) return MAPI_E_INVALID_PARAMETER;
        src = v->Value.bin.lpb;
        size = v->Value.bin.cb;
        break;
    default: {
        ULONG base = type & ~MV_FLAG, n = v->Value.MVl.cValues, i;
        const void **items = NULL;
        size_t *lens = NULL;
        enum pv_kind kind;
        const void *arr = v->Value.MVl.lpl;

        if (!(type & MV_FLAG) || n > PV_MAX_ITEMS || (n && !arr)) return MAPI_E_INVALID_TYPE;
        esize = fixed_size(base);
        if (base == PT_BINARY) kind = PV_BINARY;
        else if (base == PT_STRING8) kind = PV_STRING8;
        else if (base == PT_UNICODE) kind = PV_UNICODE;
        else if (esize && base != PT_ERROR) kind = PV_FIXED;
        else return MAPI_E_INVALID_TYPE;

        if (kind != PV_FIXED) {
            items = HeapAlloc(GetProcessHeap(), 0, (n + 1) * sizeof(*items));
            lens = HeapAlloc(GetProcessHeap(), 0, (n + 1) * sizeof(*lens));
            if (!items || !lens) goto oom;
            for (i = 0; i < n; i++) {
                if (kind == PV_BINARY) {
                    const SBinary *b = &v->Value.MVbin.lpbin[i];
                    if (b->cb && !b->lpb) goto bad;
                    items[i] = b->lpb;
                    lens[i] = b->cb;
                } else if (kind == PV_STRING8) {
                    if (!(items[i] = v->Value.MVszA.lppszA[i])) goto bad;
                    lens[i] = strlen(items[i]);
                } else {
                    if (!(items[i] = v->Value.MVszW.lppszW[i])) goto bad;
                    lens[i] = lstrlenW(items[i]) * sizeof(WCHAR);
                }
            }
        }
        size = pv_image_size(kind, esize, sizeof(void *), n, lens);
        if (!size || !(*data = HeapAlloc(GetProcessHeap(), 0, size))) goto oom;
        pv_write(kind, esize, sizeof(void *), n, kind == PV_FIXED ? &arr : items, lens, *data);
        *cb = (DWORD)size;
        HeapFree(GetProcessHeap(), 0, items);
        HeapFree(GetProcessHeap(), 0, lens);
        return S_OK;
    bad:
        HeapFree(GetProcessHeap(), 0, items);
        HeapFree(GetProcessHeap(), 0, lens);
        return MAPI_E_INVALID_PARAMETER;
    oom:
        HeapFree(GetProcessHeap(), 0, items);
        HeapFree(GetProcessHeap(), 0, lens);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    }
    if (size > 0x7fffffff) return MAPI_E_TOO_BIG;
    if (!(*data = HeapAlloc(GetProcessHeap(), 0, size ? size : 1))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (type == PT_BOOLEAN) {
        WORD b = v->Value.b ? 1 : 0;
        memcpy(*data, &b, 2);
    } else if (size) memcpy(*data, src, size);
    *cb = (DWORD)size;
    return S_OK;
}

static HRESULT protect(BYTE **data, DWORD *cb)
{
    DATA_BLOB in = {*cb, *data}, out = {0, NULL};
    BYTE *copy;

    if (!CryptProtectData(&in, L"FreeMAPI profile", NULL, NULL, NULL, CRYPTPROTECT_UI_FORBIDDEN, &out))
        return MAPI_E_CALL_FAILED;
    copy = HeapAlloc(GetProcessHeap(), 0, out.cbData);
    if (copy) memcpy(copy, out.pbData, out.cbData);
    LocalFree(out.pbData);
    if (!copy) return MAPI_E_NOT_ENOUGH_MEMORY;
    SecureZeroMemory(*data, *cb);
    HeapFree(GetProcessHeap(), 0, *data);
    *data = copy;
    *cb = out.cbData;
    return S_OK;
}

/* Which properties a profile section computes rather than stores. */
static BOOL is_computed(ULONG tag)
{
    return PROP_ID(tag) == PROP_ID(PR_OBJECT_TYPE) || PROP_ID(tag) == PROP_ID(PR_PROFILE_NAME);
}

static BOOL settable_type(ULONG type)
{
    switch (type) {
    case PT_UNSPECIFIED: case PT_NULL: case PT_ERROR: case PT_OBJECT: case MV_FLAG | PT_ERROR:
        return FALSE;
    }
    return TRUE;
}

/* Removes the stored twins of a property ID (other types, secure or not). */
static void delete_id(HKEY section, ULONG id, const struct rawset *names)
{
    ULONG i;
    for (i = 0; i < names->count; i++) {
        WCHAR name[16];
        if (PROP_ID(names->vals[i].tag) != id) continue;
        value_name(names->vals[i].tag, names->vals[i].secure, name);
        RegDeleteValueW(section, name);
    }
}

/* Value names only: which IDs are stored under which names. */
static HRESULT read_names(HKEY section, struct rawset *set)
{
    DWORD nvals = 0, maxname = 0, i;
    WCHAR name[64];

    set->count = 0;
    set->vals = NULL;
    if (RegQueryInfoKeyW(section, NULL, NULL, NULL, NULL, NULL, NULL, &nvals, &maxname, NULL,
                         NULL, NULL) != ERROR_SUCCESS)
        return MAPI_E_NOT_FOUND;
    if (!nvals) return S_OK;
    if (!(set->vals = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, nvals * sizeof(*set->vals))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < nvals; i++) {
        DWORD cch = ARRAYSIZE(name);
        struct rawval *rv = &set->vals[set->count];
        if (RegEnumValueW(section, i, name, &cch, NULL, NULL, NULL, NULL) != ERROR_SUCCESS) continue;
        if (parse_value_name(name, &rv->tag, &rv->secure)) set->count++;
    }
    return S_OK;
}

static HRESULT add_problem(SPropProblemArray **problems, ULONG max, ULONG index, ULONG tag, SCODE sc)
{
    SPropProblemArray *p = *problems;

    if (!p) {
        SCODE err = MAPIAllocateBuffer(CbNewSPropProblemArray(max), (void **)&p);
        if (err) return err;
        p->cProblem = 0;
        *problems = p;
    }
    p->aProblem[p->cProblem].ulIndex = index;
    p->aProblem[p->cProblem].ulPropTag = tag;
    p->aProblem[p->cProblem].scode = sc;
    p->cProblem++;
    return S_OK;
}

/* The end of a call that collects problems: on failure none are handed
 * out; otherwise the caller gets them, or they are freed if not wanted. */
static HRESULT give_problems(HRESULT hr, SPropProblemArray *probs, SPropProblemArray **problems)
{
    if (hr || !problems) MAPIFreeBuffer(probs);
    else *problems = probs;
    return hr;
}

HRESULT profstore_set_props(HKEY section, ULONG count, const SPropValue *props,
                            SPropProblemArray **problems)
{
    SPropProblemArray *probs = NULL;
    struct rawset names;
    HRESULT hr;
    ULONG i;

    if ((hr = read_names(section, &names))) return hr;
    for (i = 0; i < count && !hr; i++) {
        ULONG tag = props[i].ulPropTag;
        BOOL secure = PROFSTORE_IS_SECURE(tag);
        SCODE problem = S_OK;
        WCHAR name[16];
        BYTE *data = NULL;
        DWORD cb = 0;

        if (is_computed(tag)) problem = MAPI_E_COMPUTED;
        else if (!settable_type(PROP_TYPE(tag))) problem = MAPI_E_INVALID_TYPE;
        else if (PROP_ID(tag) == PROP_ID_NULL) problem = MAPI_E_INVALID_PARAMETER;
        else problem = encode(&props[i], &data, &cb);
        if (!problem && secure) problem = protect(&data, &cb);
        if (!problem) {
            delete_id(section, PROP_ID(tag), &names);
            value_name(tag, secure, name);
            if (RegSetValueExW(section, name, 0, REG_BINARY, data, cb) != ERROR_SUCCESS)
                problem = MAPI_E_NO_ACCESS;
        }
        if (data) {
            SecureZeroMemory(data, cb);
            HeapFree(GetProcessHeap(), 0, data);
        }
        if (problem == MAPI_E_NOT_ENOUGH_MEMORY) hr = problem;
        else if (problem) hr = add_problem(&probs, count, i, tag, problem);
    }
    free_raw(&names);
    return give_problems(hr, probs, problems);
}

HRESULT profstore_delete_props(HKEY section, const SPropTagArray *tags, SPropProblemArray **problems)
{
    SPropProblemArray *probs = NULL;
    struct rawset names;
    HRESULT hr;
    ULONG i, j;

    if ((hr = read_names(section, &names))) return hr;
    for (i = 0; i < tags->cValues && !hr; i++) {
        ULONG tag = tags->aulPropTag[i];
        BOOL found = FALSE;

        if (is_computed(tag)) {
            hr = add_problem(&probs, tags->cValues, i, tag, MAPI_E_COMPUTED);
            continue;
        }
        for (j = 0; j < names.count; j++) {
            WCHAR name[16];
            if (PROP_ID(names.vals[j].tag) != PROP_ID(tag)) continue;
            if (!type_matches(PROP_TYPE(names.vals[j].tag), PROP_TYPE(tag))) continue;
            value_name(names.vals[j].tag, names.vals[j].secure, name);
            if (RegDeleteValueW(section, name) == ERROR_SUCCESS) found = TRUE;
        }
        /* Deleting what is not there is not a problem (IMAPIProp::DeleteProps). */
        (void)found;
    }
    free_raw(&names);
    return give_problems(hr, probs, problems);
}

/* ---- conveniences for the admin objects ---- */

HRESULT profstore_get_one(HKEY section, ULONG tag, SPropValue **value)
{
    SizedSPropTagArray(1, one) = {1, {tag}};
    SPropValue *v;
    ULONG n, size = 0;
    HRESULT hr;

    *value = NULL;
    hr = profstore_get_props(section, (SPropTagArray *)&one, MAPI_UNICODE, NULL, 0, &n, &v);
    if (FAILED(hr)) return hr;
    if (PROP_TYPE(v->ulPropTag) == PT_ERROR) {
        hr = v->Value.err;
        MAPIFreeBuffer(v);
        return hr;
    }
    /* Hand back one HeapAlloc'ed block so callers need no MAPI allocator. */
    if (ScCountProps(1, v, &size) || !(*value = HeapAlloc(GetProcessHeap(), 0, size))) {
        MAPIFreeBuffer(v);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    hr = ScCopyProps(1, v, *value, NULL);
    MAPIFreeBuffer(v);
    if (hr) {
        HeapFree(GetProcessHeap(), 0, *value);
        *value = NULL;
    }
    return hr;
}

HRESULT profstore_set_one(HKEY section, const SPropValue *value)
{
    SPropProblemArray *probs = NULL;
    HRESULT hr = profstore_set_props(section, 1, value, &probs);

    if (!hr && probs) {
        hr = probs->aProblem[0].scode;
        MAPIFreeBuffer(probs);
    }
    return hr;
}

HRESULT profstore_get_stringW(HKEY section, ULONG prop_id, WCHAR *buf, DWORD cch)
{
    SPropValue *v;
    HRESULT hr = profstore_get_one(section, PROP_TAG(PT_UNICODE, prop_id), &v);

    if (hr) return hr;
    lstrcpynW(buf, v->Value.lpszW, cch);
    HeapFree(GetProcessHeap(), 0, v);
    return S_OK;
}

HRESULT profstore_uids_get(HKEY section, ULONG tag, MAPIUID **uids, ULONG *count)
{
    SPropValue *v;
    HRESULT hr = profstore_get_one(section, tag, &v);

    *uids = NULL;
    *count = 0;
    if (hr == MAPI_E_NOT_FOUND) return S_OK;
    if (hr) return hr;
    *count = v->Value.bin.cb / sizeof(MAPIUID);
    *uids = HeapAlloc(GetProcessHeap(), 0, (*count + 1) * sizeof(MAPIUID));
    if (*uids) memcpy(*uids, v->Value.bin.lpb, *count * sizeof(MAPIUID));
    else hr = MAPI_E_NOT_ENOUGH_MEMORY;
    HeapFree(GetProcessHeap(), 0, v);
    return hr;
}

HRESULT profstore_uids_set(HKEY section, ULONG tag, const MAPIUID *uids, ULONG count)
{
    SPropValue v;

    v.ulPropTag = tag;
    v.dwAlignPad = 0;
    v.Value.bin.cb = count * sizeof(MAPIUID);
    v.Value.bin.lpb = (BYTE *)uids;
    return profstore_set_one(section, &v);
}

HRESULT profstore_uids_add(HKEY section, ULONG tag, const MAPIUID *uid)
{
    MAPIUID *uids;
    ULONG n, i;
    HRESULT hr;

    if ((hr = profstore_uids_get(section, tag, &uids, &n))) return hr;
    for (i = 0; i < n; i++)
        if (!memcmp(&uids[i], uid, sizeof(*uid))) break;
    if (i == n) {
        MAPIUID *more = uids ? HeapReAlloc(GetProcessHeap(), 0, uids, (n + 1) * sizeof(MAPIUID))
                             : HeapAlloc(GetProcessHeap(), 0, sizeof(MAPIUID));
        if (!more) hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else {
            uids = more;
            uids[n] = *uid;
            hr = profstore_uids_set(section, tag, uids, n + 1);
        }
    }
    HeapFree(GetProcessHeap(), 0, uids);
    return hr;
}

HRESULT profstore_uids_remove(HKEY section, ULONG tag, const MAPIUID *uid)
{
    MAPIUID *uids;
    ULONG n, i, k = 0;
    HRESULT hr;

    if ((hr = profstore_uids_get(section, tag, &uids, &n))) return hr;
    for (i = 0; i < n; i++)
        if (memcmp(&uids[i], uid, sizeof(*uid))) uids[k++] = uids[i];
    if (k != n) {
        if (k) hr = profstore_uids_set(section, tag, uids, k);
        else {
            SizedSPropTagArray(1, one) = {1, {tag}};
            hr = profstore_delete_props(section, (SPropTagArray *)&one, NULL);
        }
    }
    HeapFree(GetProcessHeap(), 0, uids);
    return hr;
}
