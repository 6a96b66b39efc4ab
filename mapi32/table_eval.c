/* The table engine's evaluation core: copying values in and out of row
 * blocks, comparing values the way tables sort (srestriction.md,
 * ssortorderset.md, imapitable-sorttable.md), compiling and evaluating
 * restrictions (imapitable-restrict.md and the S*Restriction pages), and a
 * stable merge sort on precomputed keys.
 *
 * Strings sort case-insensitively by the user's locale collation, as
 * CompareString(NORM_IGNORECASE) orders them. CompareString costs well over
 * a microsecond a call under Wine, so the common case, plain printable ASCII,
 * is compared through a rank table built once from CompareString itself; any
 * other character sends the pair of strings to CompareString whole. */
#include <string.h>
#include <stdlib.h>
#include <wchar.h>

#include "table_eval.h"

#define DATA_ALIGN 8
#define ALIGN_UP(n) (((n) + (DATA_ALIGN - 1)) & ~(ULONGLONG)(DATA_ALIGN - 1))

/* ---- Values in and out of blocks ---- */

BOOL teval_value_size(const SPropValue *v, ULONG *size)
{
    ULONGLONG total;

    if (!freemapi_value_data_size(v, TRUE, &total) || total > 0x7fffffff) return FALSE;
    *size = (ULONG)total;
    return TRUE;
}

/* 'size' is the value's data size when src lies in one of our blocks (its
 * pieces are then padded to it and can be copied whole), else (ULONG)-1. */
BYTE *teval_value_copy(SPropValue *dst, const SPropValue *src, BYTE *data, ULONG size)
{
    ULONG type = PROP_TYPE(src->ulPropTag), i, n;
    SIZE_T len;

    *dst = *src;
    switch (type)
    {
    case PT_STRING8:
        len = size != (ULONG)-1 ? size : strlen(src->Value.lpszA) + 1;
        memcpy(data, src->Value.lpszA, len);
        dst->Value.lpszA = (char *)data;
        return data + ALIGN_UP(len);
    case PT_UNICODE:
        len = size != (ULONG)-1 ? size : (wcslen(src->Value.lpszW) + 1) * sizeof(WCHAR);
        memcpy(data, src->Value.lpszW, len);
        dst->Value.lpszW = (WCHAR *)data;
        return data + ALIGN_UP(len);
    case PT_BINARY:
        len = src->Value.bin.cb;
        if (!len)
        {
            dst->Value.bin.lpb = NULL;
            return data;
        }
        memcpy(data, src->Value.bin.lpb, size != (ULONG)-1 ? size : len);
        dst->Value.bin.lpb = data;
        return data + ALIGN_UP(len);
    case PT_CLSID:
        memcpy(data, src->Value.lpguid, sizeof(GUID));
        dst->Value.lpguid = (GUID *)data;
        return data + sizeof(GUID);
    case PT_MV_STRING8:
    case PT_MV_UNICODE:
    case PT_MV_BINARY:
    {
        void **ptrs = (void **)data;
        SBinary *bins = (SBinary *)data;

        n = src->Value.MVbin.cValues;
        if (!n)
        {
            dst->Value.MVbin.lpbin = NULL;
            return data;
        }
        dst->Value.MVbin.lpbin = (SBinary *)data;
        data += ALIGN_UP((SIZE_T)n * (type == PT_MV_BINARY ? sizeof(SBinary) : sizeof(void *)));
        for (i = 0; i < n; i++)
        {
            const void *from;
            if (type == PT_MV_BINARY)
            {
                len = src->Value.MVbin.lpbin[i].cb;
                from = src->Value.MVbin.lpbin[i].lpb;
                bins[i].cb = (ULONG)len;
                bins[i].lpb = len ? data : NULL;
            }
            else if (type == PT_MV_STRING8)
            {
                from = src->Value.MVszA.lppszA[i];
                len = strlen(from) + 1;
                ptrs[i] = data;
            }
            else
            {
                from = src->Value.MVszW.lppszW[i];
                len = (wcslen(from) + 1) * sizeof(WCHAR);
                ptrs[i] = data;
            }
            if (len) memcpy(data, from, len);
            data += ALIGN_UP(len);
        }
        return data;
    }
    default:
        if ((type & MV_FLAG))
        {
            len = (SIZE_T)src->Value.MVi.cValues * freemapi_mv_fixed_size(type);
            if (!len)
            {
                dst->Value.MVi.lpi = NULL;
                return data;
            }
            memcpy(data, src->Value.MVi.lpi, len);
            dst->Value.MVi.lpi = (short *)data;
            return data + ALIGN_UP(len);
        }
        return data;
    }
}

/* The block holds the values, their data sizes, then the data. */
SPropValue *teval_row_block(ULONG n, const SPropValue *props)
{
    ULONGLONG total = ALIGN_UP((ULONGLONG)n * (sizeof(SPropValue) + sizeof(ULONG)));
    ULONG stack_sizes[32], *sizes = stack_sizes, i;
    SPropValue *block = NULL;
    BYTE *data;

    if (n > 0x100000 || (n && !props)) return NULL;
    if (n > ARRAYSIZE(stack_sizes) && !(sizes = HeapAlloc(GetProcessHeap(), 0, n * sizeof(ULONG))))
        return NULL;
    for (i = 0; i < n; i++)
    {
        if (PROP_TYPE(props[i].ulPropTag) == PT_UNSPECIFIED || !teval_value_size(&props[i], &sizes[i]))
            goto done;
        total += sizes[i];
    }
    if (total > 0x7fffffff || !(block = HeapAlloc(GetProcessHeap(), 0, total ? total : 1))) goto done;
    memcpy(block + n, sizes, n * sizeof(ULONG));
    data = (BYTE *)block + ALIGN_UP((ULONGLONG)n * (sizeof(SPropValue) + sizeof(ULONG)));
    for (i = 0; i < n; i++)
        data = teval_value_copy(&block[i], &props[i], data, (ULONG)-1);
done:
    if (sizes != stack_sizes) HeapFree(GetProcessHeap(), 0, sizes);
    return block;
}

const SPropValue *teval_find(const SPropValue *props, ULONG n, ULONG tag, ULONG *hint)
{
    ULONG i, h = hint ? *hint : 0;

    if (PROP_TYPE(tag) & MV_INSTANCE) tag &= ~(ULONG)MV_INSTANCE;
    if (h < n && props[h].ulPropTag == tag) return &props[h];
    if (PROP_TYPE(tag) == PT_UNSPECIFIED)
    {
        for (i = 0; i < n; i++)
            if (PROP_ID(props[i].ulPropTag) == PROP_ID(tag)) goto found;
        return NULL;
    }
    for (i = 0; i < n; i++)
        if (props[i].ulPropTag == tag) goto found;
    return NULL;
found:
    if (hint) *hint = i;
    return &props[i];
}

SCODE teval_copy_columns(const table_row *row, const ULONG *cols, ULONG ncols, ULONG *hints,
                         const SPropValue *extra, ULONG nextra, ALLOCATEBUFFER *alloc,
                         SPropValue **out)
{
    const ULONG *sizes = trow_sizes(row);
    ULONGLONG total = ALIGN_UP((ULONGLONG)(ncols + nextra) * sizeof(SPropValue));
    const SPropValue *v;
    SPropValue *dst;
    BYTE *data;
    ULONG i, size;
    SCODE sc;

    for (i = 0; i < ncols; i++)
        if (cols[i] != PR_NULL && (v = teval_find(row->props, row->cValues, cols[i], hints ? &hints[i] : NULL)))
            total += sizes[v - row->props];
    for (i = 0; i < nextra; i++)
    {
        if (!teval_value_size(&extra[i], &size)) return MAPI_E_INVALID_PARAMETER;
        total += size;
    }
    if (total > 0x7fffffff) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (alloc)
    {
        if (FAILED(sc = alloc((ULONG)total, (void **)&dst))) return sc;
    }
    else if (!(dst = HeapAlloc(GetProcessHeap(), 0, total ? total : 1)))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    data = (BYTE *)dst + ALIGN_UP((ULONGLONG)(ncols + nextra) * sizeof(SPropValue));
    for (i = 0; i < ncols; i++)
    {
        if (cols[i] == PR_NULL)
        {
            memset(&dst[i], 0, sizeof(dst[i]));
            dst[i].ulPropTag = PR_NULL;
        }
        else if ((v = teval_find(row->props, row->cValues, cols[i], hints ? &hints[i] : NULL)))
            data = teval_value_copy(&dst[i], v, data, sizes[v - row->props]);
        else
        {
            dst[i].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(cols[i]));
            dst[i].dwAlignPad = 0;
            dst[i].Value.li.QuadPart = 0;
            dst[i].Value.err = MAPI_E_NOT_FOUND;
        }
    }
    for (i = 0; i < nextra; i++)
        data = teval_value_copy(&dst[ncols + i], &extra[i], data, (ULONG)-1);
    *out = dst;
    return S_OK;
}

/* ---- Collation ---- */

static BYTE rank_of[128];       /* 0: not a printable ASCII character we may rank */
static WCHAR *fold_of;          /* lower case of every UTF-16 unit (FL_IGNORECASE) */
static INIT_ONCE collation_once = INIT_ONCE_STATIC_INIT;
static volatile LONG collation_done;

static int __cdecl cmp_one_char(const void *a, const void *b)
{
    WCHAR x = *(const WCHAR *)a, y = *(const WCHAR *)b;
    return CompareStringW(LOCALE_USER_DEFAULT, NORM_IGNORECASE, &x, 1, &y, 1) - CSTR_EQUAL;
}

/* Ranks the printable ASCII characters as CompareString orders them. The
 * hyphen and the apostrophe are left out: word sort gives them no weight of
 * their own, so they can change the result away from where they stand. */
static BOOL CALLBACK init_collation(INIT_ONCE *once, void *param, void **ctx)
{
    WCHAR chars[128], *fold;
    int n = 0, i, rank = 0;

    for (i = 0x20; i < 0x7f; i++)
    {
        WCHAR c = i;
        if (c == '-' || c == '\'') continue;
        /* A character the locale ignores altogether cannot be ranked. */
        if (CompareStringW(LOCALE_USER_DEFAULT, NORM_IGNORECASE, &c, 1, L"", 0) == CSTR_EQUAL) continue;
        chars[n++] = c;
    }
    qsort(chars, n, sizeof(WCHAR), cmp_one_char);
    for (i = 0; i < n; i++)
    {
        if (!i || cmp_one_char(&chars[i - 1], &chars[i])) rank++;
        rank_of[chars[i]] = (BYTE)rank;
    }

    if ((fold = HeapAlloc(GetProcessHeap(), 0, 0x10000 * sizeof(WCHAR) * 2)))
    {
        WCHAR *src = fold + 0x10000;
        for (i = 0; i < 0x10000; i++) src[i] = (WCHAR)i;
        if (LCMapStringW(LOCALE_USER_DEFAULT, LCMAP_LOWERCASE, src, 0x10000, fold, 0x10000) != 0x10000)
            for (i = 0; i < 0x10000; i++) fold[i] = (i >= 'A' && i <= 'Z') ? i + 32 : i;
        fold_of = fold;
    }
    collation_done = 1;
    return TRUE;
}

static inline void collation_ready(void)
{
    if (!collation_done) InitOnceExecuteOnce(&collation_once, init_collation, NULL, NULL);
}

static inline unsigned rank_w(WCHAR c) { return c < 128 ? rank_of[c] : 0; }
static inline unsigned rank_a(unsigned char c) { return c < 128 ? rank_of[c] : 0; }

/* 'skip' leading characters are known to be rankable and equal. */
static LONG cmp_strw_ci_from(const WCHAR *a, const WCHAR *b, ULONG skip)
{
    const WCHAR *p = a + skip, *q = b + skip;
    int r;

    for (;; p++, q++)
    {
        unsigned ra = rank_w(*p), rb = rank_w(*q);
        if (ra && rb)
        {
            if (ra != rb) return ra < rb ? -1 : 1;
            continue;
        }
        if (!*p && !*q) return 0;
        if (!*p && rb) return -1;
        if (ra && !*q) return 1;
        break;
    }
    r = CompareStringW(LOCALE_USER_DEFAULT, NORM_IGNORECASE, a, -1, b, -1);
    return r == CSTR_LESS_THAN ? -1 : r == CSTR_GREATER_THAN;
}

static LONG cmp_stra_ci_from(const char *a, const char *b, ULONG skip)
{
    const unsigned char *p = (const unsigned char *)a + skip, *q = (const unsigned char *)b + skip;
    int r;

    for (;; p++, q++)
    {
        unsigned ra = rank_a(*p), rb = rank_a(*q);
        if (ra && rb)
        {
            if (ra != rb) return ra < rb ? -1 : 1;
            continue;
        }
        if (!*p && !*q) return 0;
        if (!*p && rb) return -1;
        if (ra && !*q) return 1;
        break;
    }
    r = CompareStringA(LOCALE_USER_DEFAULT, NORM_IGNORECASE, a, -1, b, -1);
    return r == CSTR_LESS_THAN ? -1 : r == CSTR_GREATER_THAN;
}

static inline LONG cmp_strw_ci(const WCHAR *a, const WCHAR *b) { return cmp_strw_ci_from(a, b, 0); }
static inline LONG cmp_stra_ci(const char *a, const char *b) { return cmp_stra_ci_from(a, b, 0); }

/* ---- Comparing values ---- */

static inline LONG cmp_u64(ULONGLONG a, ULONGLONG b) { return a < b ? -1 : a > b; }
static inline LONG cmp_i64(LONGLONG a, LONGLONG b) { return a < b ? -1 : a > b; }

/* Doubles as ordered integers (negative ones reversed), so that sorting on
 * keys and comparing values agree even for -0 and NaN. */
static inline ULONGLONG dbl_key(double d)
{
    ULONGLONG bits;
    memcpy(&bits, &d, sizeof(bits));
    return (bits & 0x8000000000000000ull) ? ~bits : bits | 0x8000000000000000ull;
}

static inline ULONGLONG ft_key(const FILETIME *ft)
{
    return ((ULONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime;
}

static LONG cmp_bytes(const BYTE *a, ULONG cba, const BYTE *b, ULONG cbb)
{
    int r = (cba && cbb) ? memcmp(a, b, cba < cbb ? cba : cbb) : 0;
    if (r) return r < 0 ? -1 : 1;
    return cmp_u64(cba, cbb);
}

static LONG cmp_mv_elem(ULONG type, const union _PV *a, const union _PV *b, ULONG i)
{
    switch (type & ~MV_FLAG)
    {
    case PT_I2:       return cmp_i64(a->MVi.lpi[i], b->MVi.lpi[i]);
    case PT_LONG:     return cmp_i64(a->MVl.lpl[i], b->MVl.lpl[i]);
    case PT_R4:       return cmp_u64(dbl_key(a->MVflt.lpflt[i]), dbl_key(b->MVflt.lpflt[i]));
    case PT_DOUBLE:
    case PT_APPTIME:  return cmp_u64(dbl_key(a->MVdbl.lpdbl[i]), dbl_key(b->MVdbl.lpdbl[i]));
    case PT_CURRENCY: return cmp_i64(a->MVcur.lpcur[i].int64, b->MVcur.lpcur[i].int64);
    case PT_SYSTIME:  return cmp_u64(ft_key(&a->MVft.lpft[i]), ft_key(&b->MVft.lpft[i]));
    case PT_CLSID:    return cmp_bytes((const BYTE *)&a->MVguid.lpguid[i], sizeof(GUID),
                                       (const BYTE *)&b->MVguid.lpguid[i], sizeof(GUID));
    case PT_I8:       return cmp_i64(a->MVli.lpli[i].QuadPart, b->MVli.lpli[i].QuadPart);
    case PT_STRING8:  return cmp_stra_ci(a->MVszA.lppszA[i], b->MVszA.lppszA[i]);
    case PT_UNICODE:  return cmp_strw_ci(a->MVszW.lppszW[i], b->MVszW.lppszW[i]);
    case PT_BINARY:   return cmp_bytes(a->MVbin.lpbin[i].lpb, a->MVbin.lpbin[i].cb,
                                       b->MVbin.lpbin[i].lpb, b->MVbin.lpbin[i].cb);
    }
    return 0;
}

LONG teval_compare_values(const SPropValue *a, const SPropValue *b)
{
    ULONG ta = PROP_TYPE(a->ulPropTag), tb = PROP_TYPE(b->ulPropTag), i, n;
    LONG r;

    if (ta != tb) return ta < tb ? -1 : 1;
    switch (ta)
    {
    case PT_I2:       return cmp_i64(a->Value.i, b->Value.i);
    case PT_LONG:     return cmp_i64(a->Value.l, b->Value.l);
    case PT_R4:       return cmp_u64(dbl_key(a->Value.flt), dbl_key(b->Value.flt));
    case PT_DOUBLE:
    case PT_APPTIME:  return cmp_u64(dbl_key(a->Value.dbl), dbl_key(b->Value.dbl));
    case PT_CURRENCY: return cmp_i64(a->Value.cur.int64, b->Value.cur.int64);
    case PT_ERROR:    return cmp_i64(a->Value.err, b->Value.err);
    case PT_BOOLEAN:  return (LONG)(a->Value.b != 0) - (LONG)(b->Value.b != 0);
    case PT_I8:       return cmp_i64(a->Value.li.QuadPart, b->Value.li.QuadPart);
    case PT_SYSTIME:  return cmp_u64(ft_key(&a->Value.ft), ft_key(&b->Value.ft));
    case PT_STRING8:  collation_ready(); return cmp_stra_ci(a->Value.lpszA, b->Value.lpszA);
    case PT_UNICODE:  collation_ready(); return cmp_strw_ci(a->Value.lpszW, b->Value.lpszW);
    case PT_BINARY:   return cmp_bytes(a->Value.bin.lpb, a->Value.bin.cb, b->Value.bin.lpb, b->Value.bin.cb);
    case PT_CLSID:    return cmp_bytes((const BYTE *)a->Value.lpguid, sizeof(GUID),
                                       (const BYTE *)b->Value.lpguid, sizeof(GUID));
    }
    if ((ta & MV_FLAG) && (freemapi_mv_fixed_size(ta) || ta == PT_MV_STRING8 || ta == PT_MV_UNICODE ||
                           ta == PT_MV_BINARY))
    {
        /* Element by element; a prefix sorts first (a missing value is a null). */
        collation_ready();
        n = min(a->Value.MVi.cValues, b->Value.MVi.cValues);
        for (i = 0; i < n; i++)
            if ((r = cmp_mv_elem(ta, &a->Value, &b->Value, i))) return r;
        return cmp_u64(a->Value.MVi.cValues, b->Value.MVi.cValues);
    }
    return 0;
}

BOOL teval_same_key(const SPropValue *a, const SPropValue *b)
{
    if (a->ulPropTag != b->ulPropTag) return FALSE;
    switch (PROP_TYPE(a->ulPropTag))
    {
    case PT_I2:       return a->Value.i == b->Value.i;
    case PT_BOOLEAN:  return !a->Value.b == !b->Value.b;
    case PT_LONG:
    case PT_ERROR:    return a->Value.l == b->Value.l;
    case PT_R4:       return a->Value.flt == b->Value.flt;
    case PT_DOUBLE:
    case PT_APPTIME:  return a->Value.dbl == b->Value.dbl;
    case PT_CURRENCY:
    case PT_I8:
    case PT_SYSTIME:  return a->Value.li.QuadPart == b->Value.li.QuadPart;
    case PT_STRING8:  return !strcmp(a->Value.lpszA, b->Value.lpszA);
    case PT_UNICODE:  return !wcscmp(a->Value.lpszW, b->Value.lpszW);
    case PT_BINARY:   return a->Value.bin.cb == b->Value.bin.cb &&
                             (!a->Value.bin.cb || !memcmp(a->Value.bin.lpb, b->Value.bin.lpb, a->Value.bin.cb));
    case PT_CLSID:    return !memcmp(a->Value.lpguid, b->Value.lpguid, sizeof(GUID));
    }
    return FALSE;
}

static inline ULONG fnv(ULONG h, const void *p, SIZE_T len)
{
    const BYTE *b = p;
    while (len--) h = (h ^ *b++) * 16777619u;
    return h;
}

ULONG teval_hash_key(const SPropValue *v)
{
    ULONG h = 2166136261u;
    LONG l;

    switch (PROP_TYPE(v->ulPropTag))
    {
    case PT_I2:       l = v->Value.i; return fnv(h, &l, sizeof(l));
    case PT_BOOLEAN:  l = v->Value.b != 0; return fnv(h, &l, sizeof(l));
    case PT_LONG:
    case PT_ERROR:    return fnv(h, &v->Value.l, sizeof(LONG));
    case PT_R4:       return fnv(h, &v->Value.flt, sizeof(float));
    case PT_DOUBLE:
    case PT_APPTIME:  return fnv(h, &v->Value.dbl, sizeof(double));
    case PT_CURRENCY:
    case PT_I8:
    case PT_SYSTIME:  return fnv(h, &v->Value.li, sizeof(LARGE_INTEGER));
    case PT_STRING8:  return fnv(h, v->Value.lpszA, strlen(v->Value.lpszA));
    case PT_UNICODE:  return fnv(h, v->Value.lpszW, wcslen(v->Value.lpszW) * sizeof(WCHAR));
    case PT_BINARY:   return fnv(h, v->Value.bin.lpb, v->Value.bin.cb);
    case PT_CLSID:    return fnv(h, v->Value.lpguid, sizeof(GUID));
    }
    return h;
}

/* ---- Restrictions ---- */

enum content_mode
{
    CM_EXACT_W,     /* PT_UNICODE, no fuzzy flags */
    CM_FOLD_W,      /* PT_UNICODE, FL_IGNORECASE alone: through the fold table */
    CM_EXACT_A,     /* PT_STRING8, no fuzzy flags */
    CM_FOLD_A,      /* PT_STRING8, FL_IGNORECASE alone, ASCII needle */
    CM_GENERIC      /* binaries, and FL_IGNORENONSPACE / FL_LOOSE: FPropContainsProp */
};

struct tres
{
    ULONG rt;
    ULONG tag, tag2;      /* the property (the first, for RES_COMPAREPROPS) and the second */
    ULONG op;             /* relop, or relBMR */
    ULONG ul;             /* mask, or cb */
    ULONG fuzzy;
    BOOL any;             /* a multi-valued property tested value by value */
    ULONG nsub;
    tres *sub;            /* nsub of them, in one array */
    SPropValue *val;      /* the constant (a block of ours) */
    enum content_mode cmode;
    ULONG nlen;           /* needle length in units */
    void *needle;         /* folded needle (CM_FOLD_*), in the same block as val */
};

#define MAX_DEPTH 200

static void free_node(tres *r)
{
    ULONG i;

    for (i = 0; i < r->nsub; i++) free_node(&r->sub[i]);
    HeapFree(GetProcessHeap(), 0, r->sub);
    HeapFree(GetProcessHeap(), 0, r->val);
}

void teval_free(tres *r)
{
    if (!r) return;
    free_node(r);
    HeapFree(GetProcessHeap(), 0, r);
}

/* Copies a constant, with 'extra' spare bytes after it. */
static HRESULT copy_constant(const SPropValue *v, ULONG extra, SPropValue **out, BYTE **spare)
{
    ULONG size;
    BYTE *data;

    if (IsBadReadPtr(v, sizeof(*v)) || PROP_TYPE(v->ulPropTag) == PT_UNSPECIFIED ||
        !teval_value_size(v, &size))
        return MAPI_E_INVALID_PARAMETER;
    if (!(*out = HeapAlloc(GetProcessHeap(), 0, ALIGN_UP(sizeof(SPropValue)) + size + extra)))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    data = teval_value_copy(*out, v, (BYTE *)*out + ALIGN_UP(sizeof(SPropValue)), (ULONG)-1);
    if (spare) *spare = data;
    return S_OK;
}

static inline BOOL is_string_type(ULONG t) { return t == PT_STRING8 || t == PT_UNICODE; }

/* Can a property restriction or sort use values of this (single-valued) type? */
static BOOL comparable_type(ULONG t)
{
    switch (t)
    {
    case PT_I2: case PT_LONG: case PT_R4: case PT_DOUBLE: case PT_CURRENCY: case PT_APPTIME:
    case PT_ERROR: case PT_BOOLEAN: case PT_I8: case PT_SYSTIME: case PT_STRING8: case PT_UNICODE:
    case PT_BINARY: case PT_CLSID:
    case PT_MV_STRING8: case PT_MV_UNICODE: case PT_MV_BINARY:
        return TRUE;
    }
    return (t & MV_FLAG) && !(t & MV_INSTANCE) && freemapi_mv_fixed_size(t);
}

static HRESULT compile_content(tres *dst, const SContentRestriction *c)
{
    ULONG pt = PROP_TYPE(c->ulPropTag) & ~MV_INSTANCE, base = pt & ~MV_FLAG, vt, i, flags;
    BYTE *spare;
    HRESULT hr;

    if (!c->lpProp || IsBadReadPtr(c->lpProp, sizeof(SPropValue))) return MAPI_E_INVALID_PARAMETER;
    vt = PROP_TYPE(c->lpProp->ulPropTag);
    if ((c->ulFuzzyLevel & 0xffff) > FL_PREFIX) return MAPI_E_TOO_COMPLEX;
    if (base != PT_STRING8 && base != PT_UNICODE && base != PT_BINARY) return MAPI_E_TOO_COMPLEX;
    if (vt != base) return MAPI_E_TOO_COMPLEX;
    dst->tag = PROP_TAG(pt, PROP_ID(c->ulPropTag));
    dst->any = (pt & MV_FLAG) != 0;
    dst->fuzzy = c->ulFuzzyLevel;
    flags = c->ulFuzzyLevel & (FL_IGNORECASE | FL_IGNORENONSPACE | FL_LOOSE);
    if (FAILED(hr = copy_constant(c->lpProp, 0, &dst->val, &spare))) return hr;
    dst->cmode = CM_GENERIC;
    if (base == PT_UNICODE)
    {
        dst->nlen = (ULONG)wcslen(dst->val->Value.lpszW);
        if (!flags) dst->cmode = CM_EXACT_W;
        else if (flags == FL_IGNORECASE)
        {
            collation_ready();
            if (fold_of)
            {
                /* Fold the copy in place: the original is kept nowhere else. */
                WCHAR *n = dst->val->Value.lpszW;
                for (i = 0; i < dst->nlen; i++) n[i] = fold_of[n[i]];
                dst->needle = n;
                dst->cmode = CM_FOLD_W;
            }
        }
    }
    else if (base == PT_STRING8)
    {
        char *n = dst->val->Value.lpszA;
        BOOL ascii = TRUE;

        dst->nlen = (ULONG)strlen(n);
        for (i = 0; i < dst->nlen; i++) if ((unsigned char)n[i] >= 0x80) ascii = FALSE;
        if (!flags) dst->cmode = CM_EXACT_A;
        else if (flags == FL_IGNORECASE && ascii)
        {
            for (i = 0; i < dst->nlen; i++) if (n[i] >= 'A' && n[i] <= 'Z') n[i] += 32;
            dst->needle = n;
            dst->cmode = CM_FOLD_A;
        }
    }
    return S_OK;
}

static HRESULT compile_node(tres *dst, const SRestriction *src, int depth)
{
    ULONG i, pt, vt;
    HRESULT hr;

    memset(dst, 0, sizeof(*dst));
    if (IsBadReadPtr(src, sizeof(*src))) return MAPI_E_INVALID_PARAMETER;
    if (depth > MAX_DEPTH) return MAPI_E_TOO_COMPLEX;
    dst->rt = src->rt;
    switch (src->rt)
    {
    case RES_AND:
    case RES_OR:
        if (!src->res.resAnd.cRes) return S_OK;
        if (src->res.resAnd.cRes > 0x100000) return MAPI_E_TOO_COMPLEX;
        if (!src->res.resAnd.lpRes ||
            IsBadReadPtr(src->res.resAnd.lpRes, src->res.resAnd.cRes * sizeof(SRestriction)))
            return MAPI_E_INVALID_PARAMETER;
        if (!(dst->sub = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, src->res.resAnd.cRes * sizeof(tres))))
            return MAPI_E_NOT_ENOUGH_MEMORY;
        for (i = 0; i < src->res.resAnd.cRes; i++)
        {
            dst->nsub = i + 1;
            if (FAILED(hr = compile_node(&dst->sub[i], &src->res.resAnd.lpRes[i], depth + 1))) return hr;
        }
        return S_OK;
    case RES_NOT:
    case RES_COMMENT:
    case RES_ANNOTATION:
    {
        const SRestriction *sub = src->rt == RES_NOT ? src->res.resNot.lpRes
                                : src->rt == RES_COMMENT ? src->res.resComment.lpRes
                                : src->res.resAnnotation.lpRes;
        /* A comment without a restriction is TRUE; its properties are only notes. */
        if (!sub) return src->rt == RES_NOT ? MAPI_E_INVALID_PARAMETER : S_OK;
        if (!(dst->sub = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(tres))))
            return MAPI_E_NOT_ENOUGH_MEMORY;
        dst->nsub = 1;
        return compile_node(dst->sub, sub, depth + 1);
    }
    case RES_CONTENT:
        return compile_content(dst, &src->res.resContent);
    case RES_PROPERTY:
        if (src->res.resProperty.relop > RELOP_RE || !src->res.resProperty.lpProp ||
            IsBadReadPtr(src->res.resProperty.lpProp, sizeof(SPropValue)))
            return MAPI_E_INVALID_PARAMETER;
        pt = PROP_TYPE(src->res.resProperty.ulPropTag) & ~MV_INSTANCE;
        vt = PROP_TYPE(src->res.resProperty.lpProp->ulPropTag);
        /* A multi-valued property against a single value: any of its values. */
        if (pt != vt && (!(pt & MV_FLAG) || vt != (pt & ~MV_FLAG))) return MAPI_E_TOO_COMPLEX;
        if (!comparable_type(pt)) return MAPI_E_TOO_COMPLEX;
        if (src->res.resProperty.relop == RELOP_RE && !is_string_type(vt)) return MAPI_E_TOO_COMPLEX;
        dst->tag = PROP_TAG(pt, PROP_ID(src->res.resProperty.ulPropTag));
        dst->any = pt != vt;
        dst->op = src->res.resProperty.relop;
        return copy_constant(src->res.resProperty.lpProp, 0, &dst->val, NULL);
    case RES_COMPAREPROPS:
        if (src->res.resCompareProps.relop > RELOP_RE) return MAPI_E_INVALID_PARAMETER;
        pt = PROP_TYPE(src->res.resCompareProps.ulPropTag1) & ~MV_INSTANCE;
        if (pt != (PROP_TYPE(src->res.resCompareProps.ulPropTag2) & ~MV_INSTANCE) || !comparable_type(pt))
            return MAPI_E_TOO_COMPLEX;
        if (src->res.resCompareProps.relop == RELOP_RE && !is_string_type(pt)) return MAPI_E_TOO_COMPLEX;
        dst->tag = PROP_TAG(pt, PROP_ID(src->res.resCompareProps.ulPropTag1));
        dst->tag2 = PROP_TAG(pt, PROP_ID(src->res.resCompareProps.ulPropTag2));
        dst->op = src->res.resCompareProps.relop;
        return S_OK;
    case RES_BITMASK:
        if (src->res.resBitMask.relBMR > BMR_NEZ) return MAPI_E_INVALID_PARAMETER;
        pt = PROP_TYPE(src->res.resBitMask.ulPropTag);
        if (pt != PT_LONG && pt != PT_I2) return MAPI_E_TOO_COMPLEX;
        dst->tag = src->res.resBitMask.ulPropTag;
        dst->op = src->res.resBitMask.relBMR;
        dst->ul = src->res.resBitMask.ulMask;
        return S_OK;
    case RES_SIZE:
        if (src->res.resSize.relop > RELOP_RE) return MAPI_E_INVALID_PARAMETER;
        if (src->res.resSize.relop == RELOP_RE) return MAPI_E_TOO_COMPLEX;
        dst->tag = src->res.resSize.ulPropTag & ~(ULONG)MV_INSTANCE;
        dst->op = src->res.resSize.relop;
        dst->ul = src->res.resSize.cb;
        return S_OK;
    case RES_EXIST:
        dst->tag = src->res.resExist.ulPropTag & ~(ULONG)MV_INSTANCE;
        return S_OK;
    case RES_SUBRESTRICTION:
        /* An in-memory table has rows, not objects with recipient or
         * attachment tables to search. */
    case RES_COUNT:
        return MAPI_E_TOO_COMPLEX;
    }
    return MAPI_E_INVALID_PARAMETER;
}

HRESULT teval_compile(const SRestriction *res, tres **out)
{
    tres *r;
    HRESULT hr;

    *out = NULL;
    if (!(r = HeapAlloc(GetProcessHeap(), 0, sizeof(*r)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = compile_node(r, res, 0)))
    {
        teval_free(r);
        return hr;
    }
    *out = r;
    return S_OK;
}

const SPropValue *teval_equality_on(const tres *r, ULONG tag)
{
    if (r && r->rt == RES_PROPERTY && r->op == RELOP_EQ && !r->any && r->tag == tag &&
        r->val->ulPropTag == tag)
        return r->val;
    return NULL;
}

static inline BOOL relop_holds(ULONG op, LONG c)
{
    switch (op)
    {
    case RELOP_LT: return c < 0;
    case RELOP_LE: return c <= 0;
    case RELOP_GT: return c > 0;
    case RELOP_GE: return c >= 0;
    case RELOP_EQ: return c == 0;
    case RELOP_NE: return c != 0;
    }
    return FALSE;
}

/* Element i of a multi-valued value as a single value. */
static void mv_element(const SPropValue *mv, ULONG i, SPropValue *out)
{
    ULONG t = PROP_TYPE(mv->ulPropTag) & ~MV_FLAG;

    memset(out, 0, sizeof(*out));
    out->ulPropTag = PROP_TAG(t, PROP_ID(mv->ulPropTag));
    switch (t)
    {
    case PT_I2:       out->Value.i = mv->Value.MVi.lpi[i]; break;
    case PT_LONG:     out->Value.l = mv->Value.MVl.lpl[i]; break;
    case PT_R4:       out->Value.flt = mv->Value.MVflt.lpflt[i]; break;
    case PT_DOUBLE:   out->Value.dbl = mv->Value.MVdbl.lpdbl[i]; break;
    case PT_APPTIME:  out->Value.at = mv->Value.MVat.lpat[i]; break;
    case PT_CURRENCY: out->Value.cur = mv->Value.MVcur.lpcur[i]; break;
    case PT_SYSTIME:  out->Value.ft = mv->Value.MVft.lpft[i]; break;
    case PT_CLSID:    out->Value.lpguid = &mv->Value.MVguid.lpguid[i]; break;
    case PT_I8:       out->Value.li = mv->Value.MVli.lpli[i]; break;
    case PT_STRING8:  out->Value.lpszA = mv->Value.MVszA.lppszA[i]; break;
    case PT_UNICODE:  out->Value.lpszW = mv->Value.MVszW.lppszW[i]; break;
    case PT_BINARY:   out->Value.bin = mv->Value.MVbin.lpbin[i]; break;
    }
}

static BOOL folded_at_w(const WCHAR *hay, const WCHAR *needle, ULONG n)
{
    ULONG i;
    for (i = 0; i < n; i++)
        if (fold_of[hay[i]] != needle[i]) return FALSE;
    return TRUE;
}

static inline char lower_a(char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

static BOOL folded_at_a(const char *hay, const char *needle, ULONG n)
{
    ULONG i;
    for (i = 0; i < n; i++)
        if (lower_a(hay[i]) != needle[i]) return FALSE;
    return TRUE;
}

static BOOL content_matches(const tres *r, const SPropValue *v)
{
    ULONG mode = r->fuzzy & 0xffff, len, i;

    switch (r->cmode)
    {
    case CM_EXACT_W:
    {
        const WCHAR *hay = v->Value.lpszW, *needle = r->val->Value.lpszW;
        if (mode == FL_SUBSTRING) return wcsstr(hay, needle) != NULL;
        if (mode == FL_PREFIX) return !wcsncmp(hay, needle, r->nlen);
        return !wcscmp(hay, needle);
    }
    case CM_FOLD_W:
    {
        const WCHAR *hay = v->Value.lpszW, *needle = r->needle;
        len = (ULONG)wcslen(hay);
        if (len < r->nlen) return FALSE;
        if (mode == FL_PREFIX) return folded_at_w(hay, needle, r->nlen);
        if (mode != FL_SUBSTRING) return len == r->nlen && folded_at_w(hay, needle, len);
        if (!r->nlen) return TRUE;
        for (i = 0; i + r->nlen <= len; i++)
            if (fold_of[hay[i]] == needle[0] && folded_at_w(hay + i + 1, needle + 1, r->nlen - 1))
                return TRUE;
        return FALSE;
    }
    case CM_EXACT_A:
    {
        const char *hay = v->Value.lpszA, *needle = r->val->Value.lpszA;
        if (mode == FL_SUBSTRING) return strstr(hay, needle) != NULL;
        if (mode == FL_PREFIX) return !strncmp(hay, needle, r->nlen);
        return !strcmp(hay, needle);
    }
    case CM_FOLD_A:
    {
        const char *hay = v->Value.lpszA, *needle = r->needle;
        len = (ULONG)strlen(hay);
        for (i = 0; i < len; i++)
            if ((unsigned char)hay[i] >= 0x80) return FPropContainsProp((SPropValue *)v, r->val, r->fuzzy);
        if (len < r->nlen) return FALSE;
        if (mode == FL_PREFIX) return folded_at_a(hay, needle, r->nlen);
        if (mode != FL_SUBSTRING) return len == r->nlen && folded_at_a(hay, needle, len);
        if (!r->nlen) return TRUE;
        for (i = 0; i + r->nlen <= len; i++)
            if (lower_a(hay[i]) == needle[0] && folded_at_a(hay + i + 1, needle + 1, r->nlen - 1))
                return TRUE;
        return FALSE;
    }
    default:
        return FPropContainsProp((SPropValue *)v, r->val, r->fuzzy);
    }
}

static BOOL property_matches(const tres *r, const SPropValue *v)
{
    if (r->op == RELOP_RE) return FPropCompareProp((SPropValue *)v, RELOP_RE, r->val);
    return relop_holds(r->op, teval_compare_values(v, r->val));
}

BOOL teval_match(const tres *r, const SPropValue *props, ULONG n)
{
    const SPropValue *v, *v2;
    SPropValue elem;
    ULONG i;
    LONG x;

    switch (r->rt)
    {
    case RES_AND:
        for (i = 0; i < r->nsub; i++) if (!teval_match(&r->sub[i], props, n)) return FALSE;
        return TRUE;
    case RES_OR:
        for (i = 0; i < r->nsub; i++) if (teval_match(&r->sub[i], props, n)) return TRUE;
        return FALSE;
    case RES_NOT:
        return !teval_match(r->sub, props, n);
    case RES_COMMENT:
    case RES_ANNOTATION:
        return !r->nsub || teval_match(r->sub, props, n);
    case RES_CONTENT:
        if (!(v = teval_find(props, n, r->tag, NULL))) return FALSE;
        if (!r->any) return content_matches(r, v);
        for (i = 0; i < v->Value.MVi.cValues; i++)
        {
            mv_element(v, i, &elem);
            if (content_matches(r, &elem)) return TRUE;
        }
        return FALSE;
    case RES_PROPERTY:
        if (!(v = teval_find(props, n, r->tag, NULL))) return FALSE;
        if (!r->any) return property_matches(r, v);
        for (i = 0; i < v->Value.MVi.cValues; i++)
        {
            mv_element(v, i, &elem);
            if (property_matches(r, &elem)) return TRUE;
        }
        return FALSE;
    case RES_COMPAREPROPS:
        if (!(v = teval_find(props, n, r->tag, NULL)) || !(v2 = teval_find(props, n, r->tag2, NULL)))
            return FALSE;
        if (r->op == RELOP_RE) return FPropCompareProp((SPropValue *)v, RELOP_RE, (SPropValue *)v2);
        return relop_holds(r->op, teval_compare_values(v, v2));
    case RES_BITMASK:
        if (!(v = teval_find(props, n, r->tag, NULL))) return FALSE;
        x = PROP_TYPE(v->ulPropTag) == PT_I2 ? v->Value.i : v->Value.l;
        return r->op == BMR_EQZ ? !(x & r->ul) : (x & r->ul) != 0;
    case RES_SIZE:
        if (!(v = teval_find(props, n, r->tag, NULL))) return FALSE;
        return relop_holds(r->op, cmp_u64(UlPropSize((SPropValue *)v), r->ul));
    case RES_EXIST:
        return teval_find(props, n, r->tag, NULL) != NULL;
    }
    return FALSE;
}

/* ---- Sort orders ---- */

HRESULT teval_check_sort(const SSortOrderSet *sort)
{
    ULONG i, t;

    if (IsBadReadPtr(sort, CbNewSSortOrderSet(0))) return MAPI_E_INVALID_PARAMETER;
    if (sort->cSorts > 0x10000) return MAPI_E_TOO_COMPLEX;
    if (IsBadReadPtr(sort, CbSSortOrderSet(sort))) return MAPI_E_INVALID_PARAMETER;
    if (sort->cCategories > sort->cSorts || sort->cExpanded > sort->cCategories)
        return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < sort->cSorts; i++)
    {
        ULONG order = sort->aSort[i].ulOrder;
        if (order != TABLE_SORT_ASCEND && order != TABLE_SORT_DESCEND &&
            order != TABLE_SORT_COMBINE && order != TABLE_SORT_CATEG_MAX && order != TABLE_SORT_CATEG_MIN)
            return MAPI_E_INVALID_PARAMETER;
    }
    /* Categories (and the orders only they use) need heading rows. */
    if (sort->cCategories) return MAPI_E_TOO_COMPLEX;
    for (i = 0; i < sort->cSorts; i++)
    {
        t = PROP_TYPE(sort->aSort[i].ulPropTag);
        if (sort->aSort[i].ulOrder > TABLE_SORT_DESCEND) return MAPI_E_TOO_COMPLEX;
        /* Sorting on MVI_FLAG columns would need one row per value. */
        if ((t & MV_INSTANCE) || !comparable_type(t)) return MAPI_E_TOO_COMPLEX;
    }
    return S_OK;
}

/* A missing value sorts before any value. */
static inline LONG cmp_present(const SPropValue *a, const SPropValue *b)
{
    if (!a || !b) return (a != NULL) - (b != NULL);
    return teval_compare_values(a, b);
}

LONG teval_compare_rows(const tsortkey *keys, ULONG nkeys, const table_row *a, const table_row *b)
{
    ULONG i;
    LONG r;

    for (i = 0; i < nkeys; i++)
    {
        r = cmp_present(teval_find(a->props, a->cValues, keys[i].tag, NULL),
                        teval_find(b->props, b->cValues, keys[i].tag, NULL));
        if (r) return keys[i].desc ? -r : r;
    }
    return cmp_u64(a->order, b->order);
}

/* What a sort entry's 64-bit key says about its value. */
enum key_kind
{
    KEY_MISSING,    /* no value: sorts first */
    KEY_EXACT,      /* the key orders the values completely */
    KEY_PREFIX,     /* different keys order the values; equal ones say nothing */
    KEY_STRING,     /* ranks of the first characters: see string_key() */
    KEY_NONE        /* compare the values */
};

/* How a string's key of 8 characters ended. */
enum key_state { KS_FULL, KS_ENDED, KS_UNRANKED };

typedef struct sort_ent
{
    ULONGLONG key;
    table_row *row;
    const SPropValue *v;    /* the first sort column's value */
    const BYTE *ranks;      /* KEY_STRING: every character's rank, 0-terminated, when all have one */
    BYTE kind;
    BYTE state;             /* KEY_STRING: enum key_state of the key */
} sort_ent;

/* Up to 8 ranks from character 'at', most significant first; 0 after the
 * end, 0x80 where a character without a rank stops the key (ties there go
 * to CompareString). */
static ULONGLONG string_key(const void *s, BOOL wide, ULONG at, BYTE *state)
{
    ULONGLONG k = 0;
    unsigned c, r;
    int i;

    for (i = 0; i < 8; i++)
    {
        c = wide ? ((const WCHAR *)s)[at + i] : ((const unsigned char *)s)[at + i];
        if (!c)
        {
            *state = KS_ENDED;
            return k << (8 * (8 - i));
        }
        if (!(r = c < 128 ? rank_of[c] : 0))
        {
            *state = KS_UNRANKED;
            return ((k << 8) | 0x80) << (8 * (7 - i));
        }
        k = (k << 8) | r;
    }
    *state = KS_FULL;
    return k;
}

/* Orders two string keys: -1, 1, 0 when equal, 2 when only the strings can tell. */
static inline LONG cmp_string_keys(ULONGLONG ka, ULONGLONG kb)
{
    unsigned shift, ba, bb;

    if (ka == kb) return 0;
    shift = 56 - (__builtin_clzll(ka ^ kb) & ~7u);
    ba = (ka >> shift) & 0xff;
    bb = (kb >> shift) & 0xff;
    if (ba == 0x80 || bb == 0x80) return 2;
    return ba < bb ? -1 : 1;
}

static ULONGLONG bytes_key(const BYTE *p, ULONG cb)
{
    ULONGLONG k = 0;
    ULONG i;

    for (i = 0; i < 8; i++) k = (k << 8) | (i < cb ? p[i] : 0);
    return k;
}

static void make_key(sort_ent *e, ULONG tag)
{
    const SPropValue *v = e->v = teval_find(e->row->props, e->row->cValues, tag, NULL);

    e->state = KS_FULL;
    e->ranks = NULL;
    if (!v)
    {
        e->kind = KEY_MISSING;
        e->key = 0;
        return;
    }
    e->kind = KEY_EXACT;
    switch (PROP_TYPE(v->ulPropTag))
    {
    case PT_I2:       e->key = (ULONGLONG)(LONGLONG)v->Value.i ^ 0x8000000000000000ull; break;
    case PT_LONG:
    case PT_ERROR:    e->key = (ULONGLONG)(LONGLONG)v->Value.l ^ 0x8000000000000000ull; break;
    case PT_BOOLEAN:  e->key = v->Value.b != 0; break;
    case PT_R4:       e->key = dbl_key(v->Value.flt); break;
    case PT_DOUBLE:
    case PT_APPTIME:  e->key = dbl_key(v->Value.dbl); break;
    case PT_CURRENCY:
    case PT_I8:       e->key = (ULONGLONG)v->Value.li.QuadPart ^ 0x8000000000000000ull; break;
    case PT_SYSTIME:  e->key = ft_key(&v->Value.ft); break;
    case PT_UNICODE:  e->kind = KEY_STRING; e->key = string_key(v->Value.lpszW, TRUE, 0, &e->state); break;
    case PT_STRING8:  e->kind = KEY_STRING; e->key = string_key(v->Value.lpszA, FALSE, 0, &e->state); break;
    case PT_BINARY:   e->kind = KEY_PREFIX; e->key = bytes_key(v->Value.bin.lpb, v->Value.bin.cb); break;
    case PT_CLSID:    e->kind = KEY_PREFIX; e->key = bytes_key((const BYTE *)v->Value.lpguid, sizeof(GUID)); break;
    default:          e->kind = KEY_NONE; e->key = 0; break;
    }
}

typedef struct sort_ctx
{
    const tsortkey *keys;
    ULONG nkeys;
} sort_ctx;

static LONG cmp_first(const sort_ent *a, const sort_ent *b)
{
    LONG r;

    if (a->kind == KEY_MISSING || b->kind == KEY_MISSING)
        return (a->kind != KEY_MISSING) - (b->kind != KEY_MISSING);
    switch (a->kind)
    {
    case KEY_EXACT:
        return cmp_u64(a->key, b->key);
    case KEY_PREFIX:
        if (a->key != b->key) return cmp_u64(a->key, b->key);
        break;
    case KEY_STRING:
        if ((r = cmp_string_keys(a->key, b->key)) == 2) break;
        if (r) return r;
        if (a->state == KS_ENDED) return 0;
        if (a->state == KS_UNRANKED || !a->ranks || !b->ranks) break;
        /* Both wholly ranked, 8 characters alike: the packed ranks decide. */
        if ((r = strcmp((const char *)a->ranks + 8, (const char *)b->ranks + 8))) return r < 0 ? -1 : 1;
        return 0;
    }
    return teval_compare_values(a->v, b->v);
}

static inline LONG cmp_ent(const sort_ctx *ctx, const sort_ent *a, const sort_ent *b)
{
    LONG r = cmp_first(a, b);
    ULONG i;

    if (r) return ctx->keys[0].desc ? -r : r;
    for (i = 1; i < ctx->nkeys; i++)
    {
        r = cmp_present(teval_find(a->row->props, a->row->cValues, ctx->keys[i].tag, NULL),
                        teval_find(b->row->props, b->row->cValues, ctx->keys[i].tag, NULL));
        if (r) return ctx->keys[i].desc ? -r : r;
    }
    return cmp_u64(a->row->order, b->row->order);
}

/* Top-down merge sort of e[0..n) using tmp[0..n); short runs by insertion. */
static void merge_sort(const sort_ctx *ctx, sort_ent *e, sort_ent *tmp, ULONG n)
{
    ULONG mid, i, j, k;

    if (n <= 16)
    {
        for (i = 1; i < n; i++)
        {
            sort_ent x = e[i];
            for (j = i; j > 0 && cmp_ent(ctx, &e[j - 1], &x) > 0; j--) e[j] = e[j - 1];
            e[j] = x;
        }
        return;
    }
    mid = n / 2;
    merge_sort(ctx, e, tmp, mid);
    merge_sort(ctx, e + mid, tmp + mid, n - mid);
    if (cmp_ent(ctx, &e[mid - 1], &e[mid]) <= 0) return;
    memcpy(tmp, e, n * sizeof(*e));
    for (i = 0, j = mid, k = 0; i < mid && j < n;)
        e[k++] = cmp_ent(ctx, &tmp[j], &tmp[i]) < 0 ? tmp[j++] : tmp[i++];
    while (i < mid) e[k++] = tmp[i++];
    while (j < n) e[k++] = tmp[j++];
}

/* Lays the ranks of every wholly rankable string of at least 8 characters
 * out in one block, so that ties on the key are settled without going back
 * to rows scattered over memory. Returns the block (NULL: none needed, or no
 * memory, and ties then compare the strings). */
static BYTE *pack_ranks(sort_ent *ents, ULONG count)
{
    SIZE_T total = 0, len;
    ULONG i;
    BYTE *block, *p;

    for (i = 0; i < count; i++)
    {
        if (ents[i].kind != KEY_STRING || ents[i].state != KS_FULL) continue;
        len = PROP_TYPE(ents[i].v->ulPropTag) == PT_UNICODE ? wcslen(ents[i].v->Value.lpszW)
                                                            : strlen(ents[i].v->Value.lpszA);
        total += len + 1;
    }
    if (!total || !(block = HeapAlloc(GetProcessHeap(), 0, total))) return NULL;
    for (i = 0, p = block; i < count; i++)
    {
        const SPropValue *v = ents[i].v;
        BYTE *start = p;
        unsigned c, r;
        SIZE_T k;

        if (ents[i].kind != KEY_STRING || ents[i].state != KS_FULL) continue;
        for (k = 0;; k++)
        {
            c = PROP_TYPE(v->ulPropTag) == PT_UNICODE ? v->Value.lpszW[k] : (BYTE)v->Value.lpszA[k];
            if (!c || !(r = c < 128 ? rank_of[c] : 0)) break;
            *p++ = (BYTE)r;
        }
        if (c)
        {
            /* A character without a rank: this one compares as a string. */
            len = PROP_TYPE(v->ulPropTag) == PT_UNICODE ? wcslen(v->Value.lpszW) : strlen(v->Value.lpszA);
            p = start + len + 1;
            continue;
        }
        *p++ = 0;
        ents[i].ranks = start;
    }
    return block;
}

BOOL teval_sort_rows(const tsortkey *keys, ULONG nkeys, table_row **rows, ULONG count)
{
    sort_ctx ctx = { keys, nkeys };
    sort_ent *ents;
    BYTE *ranks;
    ULONG i;

    if (count < 2) return TRUE;
    if (!nkeys)
    {
        /* Insertion order: the rows came in it unless a caller mixed them. */
        for (i = 1; i < count && rows[i - 1]->order < rows[i]->order; i++) ;
        if (i == count) return TRUE;
    }
    collation_ready();
    if (!(ents = HeapAlloc(GetProcessHeap(), 0, (SIZE_T)count * 2 * sizeof(*ents)))) return FALSE;
    for (i = 0; i < count; i++)
    {
        ents[i].row = rows[i];
        if (nkeys) make_key(&ents[i], keys[0].tag);
        else
        {
            ents[i].kind = KEY_EXACT;
            ents[i].key = rows[i]->order;
            ents[i].v = NULL;
            ents[i].ranks = NULL;
        }
    }
    if (!nkeys)
    {
        static const tsortkey none = { PR_NULL, 0 };
        ctx.keys = &none;
    }
    ranks = pack_ranks(ents, count);
    merge_sort(&ctx, ents, ents + count, count);
    HeapFree(GetProcessHeap(), 0, ranks);
    for (i = 0; i < count; i++) rows[i] = ents[i].row;
    HeapFree(GetProcessHeap(), 0, ents);
    return TRUE;
}
