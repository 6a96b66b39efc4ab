/* Property value utilities: copying, sizing, comparing, finding, and laying
 * property arrays and notifications out in one block (mapiutil.h; the MAPI
 * reference pages named above each function).
 *
 * The hot paths (PropCopyMore, LPropCompareProp, FPropContainsProp,
 * PpropFindProp, UlPropSize) check for NULL and bad types but do not probe
 * memory with IsBad*Ptr: the FBad* validators in validate.c do that. */
#include <string.h>
#include <wchar.h>

#include "mapi32_private.h"
#include <mapiutil.h>

/* Data blocks inside a ScCopyProps/ScCopyNotifications buffer are 8-aligned
 * so that doubles, FILETIMEs and GUIDs copied there are aligned too. */
#define DATA_ALIGN 8
#define ALIGN_UP(n) (((n) + (DATA_ALIGN - 1)) & ~(ULONGLONG)(DATA_ALIGN - 1))

/* strlen a word at a time: aligned 8-byte reads never cross into another
 * page, so reading past the terminator inside the last word is safe. */
typedef ULONGLONG __attribute__((may_alias)) word_alias;
static inline size_t str8_len(const char *s)
{
    const char *p = s;
    const word_alias *w;

    for (; (ULONG_PTR)p & 7; p++)
        if (!*p) return p - s;
    for (w = (const word_alias *)p; !((*w - 0x0101010101010101ull) & ~*w & 0x8080808080808080ull); w++) ;
    for (p = (const char *)w; *p; p++) ;
    return p - s;
}

/* The bytes a value's data (not its SPropValue) takes, each separately
 * allocated piece rounded up when 'aligned'; FALSE for a bad value. */
BOOL freemapi_value_data_size(const SPropValue *v, BOOL aligned, ULONGLONG *size)
{
    ULONG type = PROP_TYPE(v->ulPropTag), i, n, elem;
    ULONGLONG total = 0, piece;

    switch (type)
    {
    case PT_NULL: case PT_I2: case PT_LONG: case PT_R4: case PT_DOUBLE:
    case PT_CURRENCY: case PT_APPTIME: case PT_ERROR: case PT_BOOLEAN:
    case PT_OBJECT: case PT_I8: case PT_SYSTIME:
        *size = 0;
        return TRUE;
    case PT_STRING8:
        if (!v->Value.lpszA) return FALSE;
        piece = str8_len(v->Value.lpszA) + 1;
        break;
    case PT_UNICODE:
        if (!v->Value.lpszW) return FALSE;
        piece = (wcslen(v->Value.lpszW) + 1) * sizeof(WCHAR);
        break;
    case PT_BINARY:
        if (v->Value.bin.cb && !v->Value.bin.lpb) return FALSE;
        piece = v->Value.bin.cb;
        break;
    case PT_CLSID:
        if (!v->Value.lpguid) return FALSE;
        piece = sizeof(GUID);
        break;
    case PT_MV_STRING8:
    case PT_MV_UNICODE:
    case PT_MV_BINARY:
        n = v->Value.MVbin.cValues;
        if (n && !v->Value.MVbin.lpbin) return FALSE;
        total = (ULONGLONG)n * (type == PT_MV_BINARY ? sizeof(SBinary) : sizeof(void *));
        if (aligned) total = ALIGN_UP(total);
        for (i = 0; i < n; i++)
        {
            if (type == PT_MV_STRING8)
            {
                if (!v->Value.MVszA.lppszA[i]) return FALSE;
                piece = str8_len(v->Value.MVszA.lppszA[i]) + 1;
            }
            else if (type == PT_MV_UNICODE)
            {
                if (!v->Value.MVszW.lppszW[i]) return FALSE;
                piece = (wcslen(v->Value.MVszW.lppszW[i]) + 1) * sizeof(WCHAR);
            }
            else
            {
                if (v->Value.MVbin.lpbin[i].cb && !v->Value.MVbin.lpbin[i].lpb) return FALSE;
                piece = v->Value.MVbin.lpbin[i].cb;
            }
            total += aligned ? ALIGN_UP(piece) : piece;
        }
        *size = total;
        return TRUE;
    default:
        if (!(type & MV_FLAG) || !(elem = freemapi_mv_fixed_size(type))) return FALSE;
        n = v->Value.MVi.cValues;
        if (n && !v->Value.MVi.lpi) return FALSE;
        piece = (ULONGLONG)n * elem;
        break;
    }
    *size = aligned ? ALIGN_UP(piece) : piece;
    return TRUE;
}

/* Copies a value's data to 'data' (advanced past it), pointing dst at it. The
 * caller made sure the value is good and there is room. */
static BYTE *value_copy_data(SPropValue *dst, const SPropValue *src, BYTE *data, BOOL aligned)
{
    ULONG type = PROP_TYPE(src->ulPropTag), i, n;
    SIZE_T len;

#define ADVANCE(len) (data += aligned ? (SIZE_T)ALIGN_UP(len) : (len))
    switch (type)
    {
    case PT_STRING8:
        len = str8_len(src->Value.lpszA) + 1;
        memcpy(data, src->Value.lpszA, len);
        dst->Value.lpszA = (char *)data;
        ADVANCE(len);
        break;
    case PT_UNICODE:
        len = (wcslen(src->Value.lpszW) + 1) * sizeof(WCHAR);
        memcpy(data, src->Value.lpszW, len);
        dst->Value.lpszW = (WCHAR *)data;
        ADVANCE(len);
        break;
    case PT_BINARY:
        len = src->Value.bin.cb;
        if (len) memcpy(data, src->Value.bin.lpb, len);
        dst->Value.bin.lpb = data;
        ADVANCE(len);
        break;
    case PT_CLSID:
        memcpy(data, src->Value.lpguid, sizeof(GUID));
        dst->Value.lpguid = (GUID *)data;
        ADVANCE(sizeof(GUID));
        break;
    case PT_MV_STRING8:
    case PT_MV_UNICODE:
    case PT_MV_BINARY:
    {
        n = src->Value.MVbin.cValues;
        void **ptrs = (void **)data;
        SBinary *bins = (SBinary *)data;
        dst->Value.MVbin.lpbin = (SBinary *)data;
        ADVANCE((SIZE_T)n * (type == PT_MV_BINARY ? sizeof(SBinary) : sizeof(void *)));
        for (i = 0; i < n; i++)
        {
            if (type == PT_MV_BINARY)
            {
                len = src->Value.MVbin.lpbin[i].cb;
                if (len) memcpy(data, src->Value.MVbin.lpbin[i].lpb, len);
                bins[i].cb = (ULONG)len;
                bins[i].lpb = data;
            }
            else
            {
                len = type == PT_MV_STRING8 ? strlen(src->Value.MVszA.lppszA[i]) + 1
                                            : (wcslen(src->Value.MVszW.lppszW[i]) + 1) * sizeof(WCHAR);
                memcpy(data, type == PT_MV_STRING8 ? (const void *)src->Value.MVszA.lppszA[i]
                                                   : (const void *)src->Value.MVszW.lppszW[i], len);
                ptrs[i] = data;
            }
            ADVANCE(len);
        }
        break;
    }
    default:
        if ((type & MV_FLAG) && (len = (SIZE_T)src->Value.MVi.cValues * freemapi_mv_fixed_size(type)))
        {
            memcpy(data, src->Value.MVi.lpi, len);
            dst->Value.MVi.lpi = (short *)data;
            ADVANCE(len);
        }
        break;
    }
#undef ADVANCE
    return data;
}

/* Deep-copies one property value; the data is allocated with lpfAllocMore on
 * lpvObject (propcopymore.md). */
SCODE WINAPI PropCopyMore(LPSPropValue lpSPropValueDest, LPSPropValue lpSPropValueSrc,
                          ALLOCATEMORE *lpfAllocMore, LPVOID lpvObject)
{
    ULONGLONG size;
    void *data = NULL;
    SPropValue src;
    SCODE sc;

    if (!lpSPropValueDest || !lpSPropValueSrc || !lpfAllocMore ||
        !freemapi_value_data_size(lpSPropValueSrc, FALSE, &size))
    {
        TRACE("(%p, %p, %p, %p) -> MAPI_E_INVALID_PARAMETER", lpSPropValueDest, lpSPropValueSrc,
              lpfAllocMore, lpvObject);
        return MAPI_E_INVALID_PARAMETER;
    }
    if (size > 0xffffffffu)
    {
        TRACE("(%p, %p, %p, %p) -> MAPI_E_NOT_ENOUGH_MEMORY", lpSPropValueDest, lpSPropValueSrc,
              lpfAllocMore, lpvObject);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    src = *lpSPropValueSrc;
    *lpSPropValueDest = src;
    /* Values without data, and empty binaries or arrays, need no allocation. */
    if (size || PROP_TYPE(lpSPropValueSrc->ulPropTag) == PT_BINARY ||
        (lpSPropValueSrc->ulPropTag & MV_FLAG))
    {
        if (size)
        {
            if (FAILED(sc = lpfAllocMore((ULONG)size, lpvObject, &data)))
            {
                TRACE("(%p, %p, %p, %p) -> %#lx", lpSPropValueDest, lpSPropValueSrc, lpfAllocMore,
                      lpvObject, sc);
                return sc;
            }
            value_copy_data(lpSPropValueDest, &src, data, FALSE);
        }
        else if (PROP_TYPE(lpSPropValueSrc->ulPropTag) == PT_BINARY)
            lpSPropValueDest->Value.bin.lpb = NULL;
        else
            lpSPropValueDest->Value.MVi.lpi = NULL;
    }
    TRACE("(%p, %p, %p, %p) -> S_OK", lpSPropValueDest, lpSPropValueSrc, lpfAllocMore, lpvObject);
    return S_OK;
}

/* The size of a value's data, without the SPropValue and without the pointer
 * or SBinary arrays of multi-valued strings and binaries (ulpropsize.md);
 * 0 for NULL, PT_OBJECT, PT_NULL and unknown types. */
ULONG WINAPI UlPropSize(LPSPropValue lpSPropValue)
{
    ULONGLONG size = 0;
    ULONG type, ret;

    if (!lpSPropValue)
    {
        TRACE("(NULL) -> 0");
        return 0;
    }
    type = PROP_TYPE(lpSPropValue->ulPropTag);
    switch (type)
    {
    case PT_I2: case PT_BOOLEAN:    ret = sizeof(short); break;
    case PT_LONG: case PT_ERROR:    ret = sizeof(LONG); break;
    case PT_R4:                     ret = sizeof(float); break;
    case PT_DOUBLE: case PT_APPTIME: ret = sizeof(double); break;
    case PT_CURRENCY:               ret = sizeof(CURRENCY); break;
    case PT_I8:                     ret = sizeof(LARGE_INTEGER); break;
    case PT_SYSTIME:                ret = sizeof(FILETIME); break;
    case PT_STRING8:  ret = lpSPropValue->Value.lpszA ? (ULONG)str8_len(lpSPropValue->Value.lpszA) + 1 : 0; break;
    case PT_UNICODE:
        ret = lpSPropValue->Value.lpszW ? ((ULONG)wcslen(lpSPropValue->Value.lpszW) + 1) * sizeof(WCHAR) : 0;
        break;
    case PT_BINARY:   ret = lpSPropValue->Value.bin.cb; break;
    case PT_CLSID:    ret = sizeof(GUID); break;
    default:
        if (!freemapi_value_data_size(lpSPropValue, FALSE, &size)) size = 0;
        else if (type == PT_MV_STRING8 || type == PT_MV_UNICODE)
            size -= (ULONGLONG)lpSPropValue->Value.MVszA.cValues * sizeof(void *);
        else if (type == PT_MV_BINARY)
            size -= (ULONGLONG)lpSPropValue->Value.MVbin.cValues * sizeof(SBinary);
        ret = size > 0xffffffffu ? 0 : (ULONG)size;
        break;
    }
    TRACE("(%p) -> %lu", lpSPropValue, ret);
    return ret;
}

/* ---- Comparison ---- */

static inline LONG cmp_u64(ULONGLONG a, ULONGLONG b) { return a < b ? -1 : a > b; }
static inline LONG cmp_i64(LONGLONG a, LONGLONG b) { return a < b ? -1 : a > b; }
static inline LONG cmp_dbl(double a, double b) { return a < b ? -1 : a > b; }

static LONG cmp_bytes(const BYTE *a, ULONG cba, const BYTE *b, ULONG cbb)
{
    int r;

    if (!a || !b) return cmp_i64(a ? cba : 0, b ? cbb : 0);
    r = memcmp(a, b, cba < cbb ? cba : cbb);
    if (r) return r < 0 ? -1 : 1;
    return cmp_u64(cba, cbb);
}

static LONG cmp_str8(const char *a, const char *b)
{
    int r;

    if (!a || !b) return (a != NULL) - (b != NULL);
    if (!strcmp(a, b)) return 0;
    r = lstrcmpA(a, b);
    return r < 0 ? -1 : r > 0;
}

static LONG cmp_strw(const WCHAR *a, const WCHAR *b)
{
    int r;

    if (!a || !b) return (a != NULL) - (b != NULL);
    r = wcscmp(a, b);
    return r < 0 ? -1 : r > 0;
}

static LONG cmp_guid(const GUID *a, const GUID *b)
{
    int r;

    if (!a || !b) return (a != NULL) - (b != NULL);
    r = memcmp(a, b, sizeof(GUID));
    return r < 0 ? -1 : r > 0;
}

/* Compares element i of two multi-valued properties of the same type. */
static LONG cmp_mv_elem(ULONG type, const union _PV *a, const union _PV *b, ULONG i)
{
    switch (type & ~MV_FLAG)
    {
    case PT_I2:       return cmp_i64(a->MVi.lpi[i], b->MVi.lpi[i]);
    case PT_LONG:     return cmp_i64(a->MVl.lpl[i], b->MVl.lpl[i]);
    case PT_R4:       return cmp_dbl(a->MVflt.lpflt[i], b->MVflt.lpflt[i]);
    case PT_DOUBLE:
    case PT_APPTIME:  return cmp_dbl(a->MVdbl.lpdbl[i], b->MVdbl.lpdbl[i]);
    case PT_CURRENCY: return cmp_i64(a->MVcur.lpcur[i].int64, b->MVcur.lpcur[i].int64);
    case PT_SYSTIME:
        return cmp_u64(((ULONGLONG)a->MVft.lpft[i].dwHighDateTime << 32) | a->MVft.lpft[i].dwLowDateTime,
                       ((ULONGLONG)b->MVft.lpft[i].dwHighDateTime << 32) | b->MVft.lpft[i].dwLowDateTime);
    case PT_CLSID:    return cmp_guid(&a->MVguid.lpguid[i], &b->MVguid.lpguid[i]);
    case PT_I8:       return cmp_i64(a->MVli.lpli[i].QuadPart, b->MVli.lpli[i].QuadPart);
    case PT_STRING8:  return cmp_str8(a->MVszA.lppszA[i], b->MVszA.lppszA[i]);
    case PT_UNICODE:  return cmp_strw(a->MVszW.lppszW[i], b->MVszW.lppszW[i]);
    case PT_BINARY:
        return cmp_bytes(a->MVbin.lpbin[i].lpb, a->MVbin.lpbin[i].cb,
                         b->MVbin.lpbin[i].lpb, b->MVbin.lpbin[i].cb);
    }
    return 0;
}

static LONG compare_values(const SPropValue *a, const SPropValue *b)
{
    ULONG ta, tb, i, n;
    LONG r;

    if (!a || !b) return (a != NULL) - (b != NULL);
    ta = PROP_TYPE(a->ulPropTag);
    tb = PROP_TYPE(b->ulPropTag);
    /* Different types have no defined order: order them by type. */
    if (ta != tb) return ta < tb ? -1 : 1;

    switch (ta)
    {
    case PT_I2:       return cmp_i64(a->Value.i, b->Value.i);
    case PT_LONG:     return cmp_i64(a->Value.l, b->Value.l);
    case PT_R4:       return cmp_dbl(a->Value.flt, b->Value.flt);
    case PT_DOUBLE:
    case PT_APPTIME:  return cmp_dbl(a->Value.dbl, b->Value.dbl);
    case PT_CURRENCY: return cmp_i64(a->Value.cur.int64, b->Value.cur.int64);
    case PT_ERROR:    return cmp_i64(a->Value.err, b->Value.err);
    case PT_BOOLEAN:  return (LONG)(a->Value.b != 0) - (LONG)(b->Value.b != 0);
    case PT_I8:       return cmp_i64(a->Value.li.QuadPart, b->Value.li.QuadPart);
    case PT_SYSTIME:
        return cmp_u64(((ULONGLONG)a->Value.ft.dwHighDateTime << 32) | a->Value.ft.dwLowDateTime,
                       ((ULONGLONG)b->Value.ft.dwHighDateTime << 32) | b->Value.ft.dwLowDateTime);
    case PT_STRING8:  return cmp_str8(a->Value.lpszA, b->Value.lpszA);
    case PT_UNICODE:  return cmp_strw(a->Value.lpszW, b->Value.lpszW);
    case PT_BINARY:   return cmp_bytes(a->Value.bin.lpb, a->Value.bin.cb, b->Value.bin.lpb, b->Value.bin.cb);
    case PT_CLSID:    return cmp_guid(a->Value.lpguid, b->Value.lpguid);
    }
    if ((ta & MV_FLAG) && (freemapi_mv_fixed_size(ta) || ta == PT_MV_STRING8 || ta == PT_MV_UNICODE ||
                           ta == PT_MV_BINARY))
    {
        /* Element by element; a shorter array that is a prefix sorts first. */
        n = a->Value.MVi.cValues < b->Value.MVi.cValues ? a->Value.MVi.cValues : b->Value.MVi.cValues;
        if (n && (!a->Value.MVi.lpi || !b->Value.MVi.lpi))
            return (a->Value.MVi.lpi != NULL) - (b->Value.MVi.lpi != NULL);
        for (i = 0; i < n; i++)
            if ((r = cmp_mv_elem(ta, &a->Value, &b->Value, i))) return r;
        return cmp_u64(a->Value.MVi.cValues, b->Value.MVi.cValues);
    }
    /* PT_NULL, PT_OBJECT, PT_UNSPECIFIED and unknown types carry no value. */
    return 0;
}

/* Compares two values: <0, 0 or >0 (lpropcompareprop.md). Values of
 * different types are ordered by type; NULL sorts before any value. */
LONG WINAPI LPropCompareProp(LPSPropValue lpSPropValueA, LPSPropValue lpSPropValueB)
{
    LONG r = compare_values(lpSPropValueA, lpSPropValueB);

    TRACE("(%p, %p) -> %ld", lpSPropValueA, lpSPropValueB, r);
    return r;
}

/* A small regular expression matcher for RELOP_RE: literals, '.', '*', '+',
 * '?', '^', '$', '[...]' (ranges, '^' negation) and '\' escapes. Works on
 * either char width through the accessor. */
typedef struct
{
    const void *s;
    BOOL wide;
} re_text;

static inline unsigned re_at(const re_text *t, size_t i)
{
    return t->wide ? ((const WCHAR *)t->s)[i] : ((const unsigned char *)t->s)[i];
}

/* Length of the atom at pattern index p (a literal, '.', escape or class). */
static size_t re_atom_len(const re_text *pat, size_t p)
{
    size_t q = p;

    if (re_at(pat, q) == '\\' && re_at(pat, q + 1)) return 2;
    if (re_at(pat, q) != '[') return 1;
    q++;
    if (re_at(pat, q) == '^') q++;
    if (re_at(pat, q) == ']') q++;
    while (re_at(pat, q) && re_at(pat, q) != ']') q++;
    return re_at(pat, q) ? q - p + 1 : q - p;
}

static BOOL re_atom_matches(const re_text *pat, size_t p, unsigned c)
{
    unsigned a = re_at(pat, p);
    BOOL neg = FALSE, hit = FALSE;
    size_t q;

    if (!c) return FALSE;
    if (a == '.') return TRUE;
    if (a == '\\' && re_at(pat, p + 1)) return re_at(pat, p + 1) == c;
    if (a != '[') return a == c;
    q = p + 1;
    if (re_at(pat, q) == '^') { neg = TRUE; q++; }
    do
    {
        unsigned lo = re_at(pat, q), hi = lo;
        if (!lo) break;
        if (re_at(pat, q + 1) == '-' && re_at(pat, q + 2) && re_at(pat, q + 2) != ']')
        {
            hi = re_at(pat, q + 2);
            q += 2;
        }
        if (c >= lo && c <= hi) hit = TRUE;
        q++;
    } while (re_at(pat, q) && re_at(pat, q) != ']');
    return hit != neg;
}

static BOOL re_match_here(const re_text *pat, size_t p, const re_text *txt, size_t t, int depth)
{
    size_t len;
    unsigned op;

    if (depth > 1000) return FALSE;
    for (;;)
    {
        if (!re_at(pat, p)) return TRUE;
        if (re_at(pat, p) == '$' && !re_at(pat, p + 1)) return !re_at(txt, t);
        len = re_atom_len(pat, p);
        op = re_at(pat, p + len);
        if (op == '*' || op == '+' || op == '?')
        {
            size_t k = t, max;
            /* Greedy: take as many as match, then back off. */
            while (re_at(txt, k) && re_atom_matches(pat, p, re_at(txt, k)) && (op != '?' || k == t)) k++;
            max = k;
            for (;;)
            {
                if ((op != '+' || k > t) && re_match_here(pat, p + len + 1, txt, k, depth + 1))
                    return TRUE;
                if (k == t) return FALSE;
                k--;
            }
            (void)max;
        }
        if (!re_atom_matches(pat, p, re_at(txt, t))) return FALSE;
        p += len;
        t++;
    }
}

static BOOL re_search(const re_text *pat, const re_text *txt)
{
    size_t t = 0;

    if (re_at(pat, 0) == '^') return re_match_here(pat, 1, txt, 0, 0);
    do
    {
        if (re_match_here(pat, 0, txt, t, 0)) return TRUE;
    } while (re_at(txt, t++));
    return FALSE;
}

/* Compares two values with a RELOP_* operator (fpropcompareprop.md): FALSE
 * when the types differ. RELOP_RE matches lpSPropValue1 (a string) against
 * the regular expression in lpSPropValue2. */
BOOL WINAPI FPropCompareProp(LPSPropValue lpSPropValue1, ULONG ulRelOp, LPSPropValue lpSPropValue2)
{
    BOOL ret = FALSE;
    LONG r;

    if (!lpSPropValue1 || !lpSPropValue2 ||
        PROP_TYPE(lpSPropValue1->ulPropTag) != PROP_TYPE(lpSPropValue2->ulPropTag))
        ret = FALSE;
    else if (ulRelOp == RELOP_RE)
    {
        ULONG type = PROP_TYPE(lpSPropValue1->ulPropTag);
        re_text txt, pat;

        if ((type == PT_STRING8 && lpSPropValue1->Value.lpszA && lpSPropValue2->Value.lpszA) ||
            (type == PT_UNICODE && lpSPropValue1->Value.lpszW && lpSPropValue2->Value.lpszW))
        {
            txt.s = lpSPropValue1->Value.lpszA;
            pat.s = lpSPropValue2->Value.lpszA;
            txt.wide = pat.wide = type == PT_UNICODE;
            ret = re_search(&pat, &txt);
        }
    }
    else if (ulRelOp <= RELOP_NE)
    {
        r = compare_values(lpSPropValue1, lpSPropValue2);
        switch (ulRelOp)
        {
        case RELOP_LT: ret = r < 0; break;
        case RELOP_LE: ret = r <= 0; break;
        case RELOP_GT: ret = r > 0; break;
        case RELOP_GE: ret = r >= 0; break;
        case RELOP_EQ: ret = r == 0; break;
        case RELOP_NE: ret = r != 0; break;
        }
    }
    TRACE("(%p, %lu, %p) -> %d", lpSPropValue1, ulRelOp, lpSPropValue2, ret);
    return ret;
}

/* ---- Containment ---- */

static DWORD fuzzy_norm_flags(ULONG fuzzy)
{
    DWORD flags = 0;

    if (fuzzy & FL_IGNORECASE) flags |= NORM_IGNORECASE;
    if (fuzzy & FL_IGNORENONSPACE) flags |= NORM_IGNORENONSPACE;
    if (fuzzy & FL_LOOSE) flags |= NORM_IGNORECASE | NORM_IGNORENONSPACE | NORM_IGNORESYMBOLS;
    return flags;
}

static inline unsigned ascii_lower(unsigned c) { return c - 'A' < 26u ? c + 32 : c; }

/* Are all characters printable ASCII (where case folding is plain ASCII)? */
static BOOL is_plain_ascii(const void *s, size_t len, BOOL wide)
{
    size_t i;

    for (i = 0; i < len; i++)
    {
        unsigned c = wide ? ((const WCHAR *)s)[i] : ((const unsigned char *)s)[i];
        if (c < 0x20 || c > 0x7e) return FALSE;
    }
    return TRUE;
}

/* Does needle (n chars) equal hay at position 'at' under the fuzzy flags? */
static BOOL chars_equal(const void *hay, size_t at, const void *needle, size_t n, BOOL wide,
                        DWORD flags, BOOL ascii)
{
    size_t i;

    if (!flags)
        return !memcmp((const BYTE *)hay + at * (wide ? 2 : 1), needle, n * (wide ? 2 : 1));
    if (ascii && flags == NORM_IGNORECASE)
    {
        for (i = 0; i < n; i++)
        {
            unsigned a = wide ? ((const WCHAR *)hay)[at + i] : ((const unsigned char *)hay)[at + i];
            unsigned b = wide ? ((const WCHAR *)needle)[i] : ((const unsigned char *)needle)[i];
            if (ascii_lower(a) != ascii_lower(b)) return FALSE;
        }
        return TRUE;
    }
    if (wide)
        return CompareStringW(LOCALE_USER_DEFAULT, flags, (const WCHAR *)hay + at, (int)n,
                              needle, (int)n) == CSTR_EQUAL;
    return CompareStringA(LOCALE_USER_DEFAULT, flags, (const char *)hay + at, (int)n,
                          needle, (int)n) == CSTR_EQUAL;
}

static BOOL string_contains(const void *hay, const void *needle, BOOL wide, ULONG fuzzy)
{
    size_t hl = wide ? wcslen(hay) : strlen(hay), nl = wide ? wcslen(needle) : strlen(needle), i;
    DWORD flags = fuzzy_norm_flags(fuzzy);
    ULONG mode = fuzzy & 0xffff;
    BOOL ascii = FALSE;
    unsigned first;

    if (flags == NORM_IGNORECASE)
        ascii = is_plain_ascii(hay, hl, wide) && is_plain_ascii(needle, nl, wide);
    if (mode == FL_PREFIX)
        return nl <= hl && chars_equal(hay, 0, needle, nl, wide, flags, ascii);
    if (mode == FL_SUBSTRING)
    {
        if (!nl) return TRUE;
        if (nl > hl) return FALSE;
        if (!flags)
            return wide ? wcsstr(hay, needle) != NULL : strstr(hay, needle) != NULL;
        first = wide ? ((const WCHAR *)needle)[0] : ((const unsigned char *)needle)[0];
        for (i = 0; i + nl <= hl; i++)
        {
            if (ascii)
            {
                unsigned c = wide ? ((const WCHAR *)hay)[i] : ((const unsigned char *)hay)[i];
                if (ascii_lower(c) != ascii_lower(first)) continue;
            }
            if (chars_equal(hay, i, needle, nl, wide, flags, ascii)) return TRUE;
        }
        return FALSE;
    }
    /* FL_FULLSTRING, and any other lower-16-bit value (documented fallback). */
    if (!flags || ascii) return hl == nl && chars_equal(hay, 0, needle, nl, wide, flags, ascii);
    if (wide)
        return CompareStringW(LOCALE_USER_DEFAULT, flags, hay, (int)hl, needle, (int)nl) == CSTR_EQUAL;
    return CompareStringA(LOCALE_USER_DEFAULT, flags, hay, (int)hl, needle, (int)nl) == CSTR_EQUAL;
}

static BOOL binary_contains(const SBinary *hay, const SBinary *needle, ULONG fuzzy)
{
    ULONG mode = fuzzy & 0xffff, i, limit, last;

    if ((hay->cb && !hay->lpb) || (needle->cb && !needle->lpb)) return FALSE;
    if (mode == FL_PREFIX)
        return needle->cb <= hay->cb && (!needle->cb || !memcmp(hay->lpb, needle->lpb, needle->cb));
    if (mode == FL_SUBSTRING)
    {
        const BYTE *h = hay->lpb, *n = needle->lpb;
        BYTE first, lastb;
        if (!needle->cb) return TRUE;
        if (needle->cb > hay->cb) return FALSE;
        /* Test the first and last byte before comparing the middle. */
        limit = hay->cb - needle->cb;
        last = needle->cb - 1;
        first = n[0];
        lastb = n[last];
        for (i = 0; i <= limit; i++)
            if (h[i] == first && h[i + last] == lastb &&
                (needle->cb <= 2 || !memcmp(h + i + 1, n + 1, needle->cb - 2)))
                return TRUE;
        return FALSE;
    }
    return hay->cb == needle->cb && (!hay->cb || !memcmp(hay->lpb, needle->lpb, hay->cb));
}

/* Does lpSPropValueDst contain lpSPropValueSrc under ulFuzzyLevel
 * (fpropcontainsprop.md)? PT_STRING8, PT_UNICODE and PT_BINARY of the same
 * type; anything else is FALSE. */
BOOL WINAPI FPropContainsProp(LPSPropValue lpSPropValueDst, LPSPropValue lpSPropValueSrc,
                              ULONG ulFuzzyLevel)
{
    BOOL ret = FALSE;
    ULONG type;

    if (lpSPropValueDst && lpSPropValueSrc &&
        (type = PROP_TYPE(lpSPropValueDst->ulPropTag)) == PROP_TYPE(lpSPropValueSrc->ulPropTag))
    {
        if (type == PT_STRING8 && lpSPropValueDst->Value.lpszA && lpSPropValueSrc->Value.lpszA)
            ret = string_contains(lpSPropValueDst->Value.lpszA, lpSPropValueSrc->Value.lpszA, FALSE,
                                  ulFuzzyLevel);
        else if (type == PT_UNICODE && lpSPropValueDst->Value.lpszW && lpSPropValueSrc->Value.lpszW)
            ret = string_contains(lpSPropValueDst->Value.lpszW, lpSPropValueSrc->Value.lpszW, TRUE,
                                  ulFuzzyLevel);
        else if (type == PT_BINARY)
            ret = binary_contains(&lpSPropValueDst->Value.bin, &lpSPropValueSrc->Value.bin,
                                  ulFuzzyLevel);
    }
    TRACE("(%p, %p, %#lx) -> %d", lpSPropValueDst, lpSPropValueSrc, ulFuzzyLevel, ret);
    return ret;
}

/* ---- Finding ---- */

/* The first property whose ID is ulPropTag's, whatever its type. */
static LPSPropValue find_by_id(LPSPropValue props, ULONG count, ULONG ulPropTag)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (PROP_ID(props[i].ulPropTag) == PROP_ID(ulPropTag)) return &props[i];
    return NULL;
}

/* Finds ulPropTag in an array; a PT_UNSPECIFIED tag matches on the ID alone
 * (ppropfindprop.md). */
LPSPropValue WINAPI PpropFindProp(LPSPropValue lpPropArray, ULONG cValues, ULONG ulPropTag)
{
    LPSPropValue ret = NULL;
    ULONG i;

    if (lpPropArray)
    {
        if (PROP_TYPE(ulPropTag) == PT_UNSPECIFIED)
            ret = find_by_id(lpPropArray, cValues, ulPropTag);
        else
        {
            for (i = 0; i < cValues; i++)
                if (lpPropArray[i].ulPropTag == ulPropTag) { ret = &lpPropArray[i]; break; }
        }
    }
    TRACE("(%p, %lu, %#lx) -> %p", lpPropArray, cValues, ulPropTag, ret);
    return ret;
}

/* Finds the property with ulPropTag's ID, whatever its type (lpvalfindprop.md). */
LPSPropValue WINAPI LpValFindProp(ULONG ulPropTag, ULONG cValues, LPSPropValue lpPropArray)
{
    LPSPropValue ret = lpPropArray ? find_by_id(lpPropArray, cValues, ulPropTag) : NULL;

    TRACE("(%#lx, %lu, %p) -> %p", ulPropTag, cValues, lpPropArray, ret);
    return ret;
}

/* ---- Property arrays in one block ---- */

/* Validates an array and sums what ScCopyProps writes for it. */
static BOOL props_size(ULONG n, const SPropValue *props, ULONGLONG *total)
{
    ULONGLONG size, sum;
    ULONG i;

    if (n && !props) return FALSE;
    sum = ALIGN_UP((ULONGLONG)n * sizeof(SPropValue));
    for (i = 0; i < n; i++)
    {
        if (PROP_TYPE(props[i].ulPropTag) == PT_UNSPECIFIED ||
            !freemapi_value_data_size(&props[i], TRUE, &size))
            return FALSE;
        sum += size;
    }
    *total = sum;
    return TRUE;
}

static BYTE *props_copy(ULONG n, const SPropValue *src, SPropValue *dst, BYTE *data)
{
    ULONG i;

    for (i = 0; i < n; i++)
    {
        dst[i] = src[i];
        data = value_copy_data(&dst[i], &src[i], data, TRUE);
    }
    return data;
}

/* Rebases pointers from 'old' to 'new'; the block can be read at 'live'. */
typedef struct
{
    ULONG_PTR old, new_, live;
} reloc_ctx;

static inline void *reloc_ptr(const reloc_ctx *r, void *p)
{
    return p ? (void *)((ULONG_PTR)p - r->old + r->new_) : NULL;
}

static inline void *live_ptr(const reloc_ctx *r, void *p)
{
    return (void *)((ULONG_PTR)p - r->old + r->live);
}

/* Relocates one value's pointers and adds its data size (aligned) to *size. */
static BOOL value_reloc(const reloc_ctx *r, SPropValue *v, ULONGLONG *size)
{
    ULONG type = PROP_TYPE(v->ulPropTag), i, n;
    ULONGLONG piece;

    switch (type)
    {
    case PT_NULL: case PT_I2: case PT_LONG: case PT_R4: case PT_DOUBLE:
    case PT_CURRENCY: case PT_APPTIME: case PT_ERROR: case PT_BOOLEAN:
    case PT_OBJECT: case PT_I8: case PT_SYSTIME:
        return TRUE;
    case PT_STRING8:
        if (!v->Value.lpszA) return FALSE;
        *size += ALIGN_UP(str8_len(live_ptr(r, v->Value.lpszA)) + 1);
        v->Value.lpszA = reloc_ptr(r, v->Value.lpszA);
        return TRUE;
    case PT_UNICODE:
        if (!v->Value.lpszW) return FALSE;
        *size += ALIGN_UP((wcslen(live_ptr(r, v->Value.lpszW)) + 1) * sizeof(WCHAR));
        v->Value.lpszW = reloc_ptr(r, v->Value.lpszW);
        return TRUE;
    case PT_BINARY:
        *size += ALIGN_UP(v->Value.bin.cb);
        v->Value.bin.lpb = reloc_ptr(r, v->Value.bin.lpb);
        return TRUE;
    case PT_CLSID:
        if (!v->Value.lpguid) return FALSE;
        *size += ALIGN_UP(sizeof(GUID));
        v->Value.lpguid = reloc_ptr(r, v->Value.lpguid);
        return TRUE;
    case PT_MV_STRING8:
    case PT_MV_UNICODE:
    case PT_MV_BINARY:
    {
        n = v->Value.MVbin.cValues;
        if (n && !v->Value.MVbin.lpbin) return FALSE;
        *size += ALIGN_UP((ULONGLONG)n * (type == PT_MV_BINARY ? sizeof(SBinary) : sizeof(void *)));
        if (!n)
        {
            v->Value.MVbin.lpbin = reloc_ptr(r, v->Value.MVbin.lpbin);
            return TRUE;
        }
        if (type == PT_MV_BINARY)
        {
            SBinary *bins = live_ptr(r, v->Value.MVbin.lpbin);
            for (i = 0; i < n; i++)
            {
                *size += ALIGN_UP(bins[i].cb);
                bins[i].lpb = reloc_ptr(r, bins[i].lpb);
            }
        }
        else
        {
            void **ptrs = live_ptr(r, v->Value.MVbin.lpbin);
            for (i = 0; i < n; i++)
            {
                if (!ptrs[i]) return FALSE;
                piece = type == PT_MV_STRING8 ? strlen(live_ptr(r, ptrs[i])) + 1
                                              : (wcslen(live_ptr(r, ptrs[i])) + 1) * sizeof(WCHAR);
                *size += ALIGN_UP(piece);
                ptrs[i] = reloc_ptr(r, ptrs[i]);
            }
        }
        v->Value.MVbin.lpbin = reloc_ptr(r, v->Value.MVbin.lpbin);
        return TRUE;
    }
    default:
        if (!(type & MV_FLAG) || !freemapi_mv_fixed_size(type)) return FALSE;
        *size += ALIGN_UP((ULONGLONG)v->Value.MVi.cValues * freemapi_mv_fixed_size(type));
        v->Value.MVi.lpi = reloc_ptr(r, v->Value.MVi.lpi);
        return TRUE;
    }
}

/* Picks which base the block can be read at: the one the array sits in. */
static ULONG_PTR live_base(const void *array, ULONG_PTR old, ULONG_PTR new_)
{
    ULONG_PTR a = (ULONG_PTR)array;
    return a - new_ <= a - old ? new_ : old;
}

/* Validates a property array and returns the bytes ScCopyProps needs for it
 * (sccountprops.md). */
SCODE WINAPI ScCountProps(int cValues, LPSPropValue lpPropArray, ULONG *lpcb)
{
    ULONGLONG total;

    if (cValues < 0 || !props_size(cValues, lpPropArray, &total) || total > 0xffffffffu)
    {
        TRACE("(%d, %p, %p) -> MAPI_E_INVALID_PARAMETER", cValues, lpPropArray, lpcb);
        return MAPI_E_INVALID_PARAMETER;
    }
    if (lpcb) *lpcb = (ULONG)total;
    TRACE("(%d, %p, %p) -> S_OK, %lu", cValues, lpPropArray, lpcb, (ULONG)total);
    return S_OK;
}

/* Copies a property array and all its data into the one block lpvDst, which
 * must hold what ScCountProps reported (sccopyprops.md). */
SCODE WINAPI ScCopyProps(int cValues, LPSPropValue lpPropArray, LPVOID lpvDst, ULONG *lpcb)
{
    ULONGLONG total;
    BYTE *end;

    if (cValues < 0 || !lpvDst || !props_size(cValues, lpPropArray, &total) || total > 0xffffffffu)
    {
        TRACE("(%d, %p, %p, %p) -> MAPI_E_INVALID_PARAMETER", cValues, lpPropArray, lpvDst, lpcb);
        return MAPI_E_INVALID_PARAMETER;
    }
    end = props_copy(cValues, lpPropArray, lpvDst,
                     (BYTE *)lpvDst + ALIGN_UP((ULONGLONG)cValues * sizeof(SPropValue)));
    if (lpcb) *lpcb = (ULONG)(end - (BYTE *)lpvDst);
    TRACE("(%d, %p, %p, %p) -> S_OK", cValues, lpPropArray, lpvDst, lpcb);
    return S_OK;
}

/* Rebases the pointers of a block made by ScCopyProps from lpvBaseOld to
 * lpvBaseNew (screlocprops.md). The data is read where the array itself is. */
SCODE WINAPI ScRelocProps(int cValues, LPSPropValue lpPropArray, LPVOID lpvBaseOld,
                          LPVOID lpvBaseNew, ULONG *lpcb)
{
    ULONGLONG total;
    reloc_ctx r;
    int i;

    if (cValues < 0 || (cValues && !lpPropArray))
    {
        TRACE("(%d, %p, %p, %p, %p) -> MAPI_E_INVALID_PARAMETER", cValues, lpPropArray, lpvBaseOld,
              lpvBaseNew, lpcb);
        return MAPI_E_INVALID_PARAMETER;
    }
    r.old = (ULONG_PTR)lpvBaseOld;
    r.new_ = (ULONG_PTR)lpvBaseNew;
    r.live = live_base(lpPropArray, r.old, r.new_);
    total = ALIGN_UP((ULONGLONG)cValues * sizeof(SPropValue));
    for (i = 0; i < cValues; i++)
    {
        if (!value_reloc(&r, &lpPropArray[i], &total))
        {
            TRACE("(%d, %p, %p, %p, %p) -> MAPI_E_INVALID_PARAMETER (value %d)", cValues, lpPropArray,
                  lpvBaseOld, lpvBaseNew, lpcb, i);
            return MAPI_E_INVALID_PARAMETER;
        }
    }
    if (lpcb) *lpcb = (ULONG)total;
    TRACE("(%d, %p, %p, %p, %p) -> S_OK", cValues, lpPropArray, lpvBaseOld, lpvBaseNew, lpcb);
    return S_OK;
}

/* Duplicates a property array into one new buffer from lpAllocateBuffer
 * (scduppropset.md). */
SCODE WINAPI ScDupPropset(int cValues, LPSPropValue lpPropArray, LPALLOCATEBUFFER lpAllocateBuffer,
                          LPSPropValue *lppPropArray)
{
    ULONGLONG total;
    void *buf = NULL;
    SCODE sc;

    if (lppPropArray) *lppPropArray = NULL;
    if (cValues < 0 || !lpAllocateBuffer || !lppPropArray ||
        !props_size(cValues, lpPropArray, &total) || total > 0xffffffffu)
    {
        TRACE("(%d, %p, %p, %p) -> MAPI_E_INVALID_PARAMETER", cValues, lpPropArray, lpAllocateBuffer,
              lppPropArray);
        return MAPI_E_INVALID_PARAMETER;
    }
    if (FAILED(sc = lpAllocateBuffer((ULONG)total, &buf)))
    {
        TRACE("(%d, %p, %p, %p) -> %#lx", cValues, lpPropArray, lpAllocateBuffer, lppPropArray, sc);
        return sc;
    }
    props_copy(cValues, lpPropArray, buf, (BYTE *)buf + ALIGN_UP((ULONGLONG)cValues * sizeof(SPropValue)));
    *lppPropArray = buf;
    TRACE("(%d, %p, %p, %p) -> S_OK, %p", cValues, lpPropArray, lpAllocateBuffer, lppPropArray, buf);
    return S_OK;
}

/* ---- Rows and address lists ---- */

/* Frees every entry's property array and then the list (freepadrlist.md). */
void WINAPI FreePadrlist(LPADRLIST lpAdrlist)
{
    ULONG i;

    if (lpAdrlist)
    {
        for (i = 0; i < lpAdrlist->cEntries; i++)
            MAPIFreeBuffer(lpAdrlist->aEntries[i].rgPropVals);
        MAPIFreeBuffer(lpAdrlist);
    }
    TRACE("(%p)", lpAdrlist);
}

/* Frees every row's property array and then the row set (freeprows.md). */
void WINAPI FreeProws(LPSRowSet lpRows)
{
    ULONG i;

    if (lpRows)
    {
        for (i = 0; i < lpRows->cRows; i++)
            MAPIFreeBuffer(lpRows->aRow[i].lpProps);
        MAPIFreeBuffer(lpRows);
    }
    TRACE("(%p)", lpRows);
}

/* ---- IMAPIProp helpers ---- */

/* Reads one property with IMAPIProp::GetProps; a property the object does
 * not have gives its error (MAPI_E_NOT_FOUND) (hrgetoneprop.md). */
HRESULT WINAPI HrGetOneProp(LPMAPIPROP lpMapiProp, ULONG ulPropTag, LPSPropValue *lppProp)
{
    SizedSPropTagArray(1, tags);
    LPSPropValue props = NULL;
    ULONG count = 0;
    HRESULT hr;

    if (lppProp) *lppProp = NULL;
    if (!lpMapiProp || !lppProp)
    {
        TRACE("(%p, %#lx, %p) -> MAPI_E_INVALID_PARAMETER", lpMapiProp, ulPropTag, lppProp);
        return MAPI_E_INVALID_PARAMETER;
    }
    tags.cValues = 1;
    tags.aulPropTag[0] = ulPropTag;
    hr = IMAPIProp_GetProps(lpMapiProp, (LPSPropTagArray)&tags, 0, &count, &props);
    if (SUCCEEDED(hr) && (!props || !count))
        hr = MAPI_E_NOT_FOUND;
    else if (SUCCEEDED(hr) && PROP_TYPE(props->ulPropTag) == PT_ERROR && PROP_TYPE(ulPropTag) != PT_ERROR)
        hr = FAILED(props->Value.err) ? props->Value.err : MAPI_E_NOT_FOUND;
    else if (hr == MAPI_W_ERRORS_RETURNED)
        hr = S_OK;
    if (FAILED(hr))
    {
        MAPIFreeBuffer(props);
        TRACE("(%p, %#lx, %p) -> %#lx", lpMapiProp, ulPropTag, lppProp, hr);
        return hr;
    }
    *lppProp = props;
    TRACE("(%p, %#lx, %p) -> S_OK, %p", lpMapiProp, ulPropTag, lppProp, props);
    return S_OK;
}

/* Sets one property with IMAPIProp::SetProps; a problem reported for it is
 * returned as the error (hrsetoneprop.md). */
HRESULT WINAPI HrSetOneProp(LPMAPIPROP lpMapiProp, LPSPropValue lpProp)
{
    LPSPropProblemArray problems = NULL;
    HRESULT hr;

    if (!lpMapiProp || !lpProp)
    {
        TRACE("(%p, %p) -> MAPI_E_INVALID_PARAMETER", lpMapiProp, lpProp);
        return MAPI_E_INVALID_PARAMETER;
    }
    hr = IMAPIProp_SetProps(lpMapiProp, 1, lpProp, &problems);
    if (SUCCEEDED(hr) && problems)
    {
        if (problems->cProblem) hr = problems->aProblem[0].scode;
        MAPIFreeBuffer(problems);
    }
    TRACE("(%p, %p) -> %#lx", lpMapiProp, lpProp, hr);
    return hr;
}

/* Does the object have the property? PT_UNSPECIFIED matches on the ID
 * (fpropexists.md). */
BOOL WINAPI FPropExists(LPMAPIPROP lpMapiProp, ULONG ulPropTag)
{
    LPSPropTagArray tags = NULL;
    BOOL ret = FALSE;
    ULONG i;

    if (lpMapiProp && SUCCEEDED(IMAPIProp_GetPropList(lpMapiProp, 0, &tags)) && tags)
    {
        for (i = 0; i < tags->cValues && !ret; i++)
            ret = tags->aulPropTag[i] == ulPropTag ||
                  (PROP_TYPE(ulPropTag) == PT_UNSPECIFIED && PROP_ID(tags->aulPropTag[i]) == PROP_ID(ulPropTag));
        MAPIFreeBuffer(tags);
    }
    TRACE("(%p, %#lx) -> %d", lpMapiProp, ulPropTag, ret);
    return ret;
}

/* ---- Tables ---- */

/* Sets columns, restriction and sort order on a table, then reads every row
 * (hrqueryallrows.md). crowsMax 0 means no limit; more rows than crowsMax
 * gives MAPI_E_TABLE_TOO_BIG. */
HRESULT WINAPI HrQueryAllRows(LPMAPITABLE lpTable, LPSPropTagArray lpPropTags,
                              LPSRestriction lpRestriction, LPSSortOrderSet lpSortOrderSet,
                              LONG crowsMax, LPSRowSet *lppRows)
{
    LPSRowSet all = NULL, batch = NULL, grown;
    ULONG total = 0, cap = 0, i;
    HRESULT hr;

    if (lppRows) *lppRows = NULL;
    if (!lpTable || !lppRows || crowsMax < 0)
    {
        TRACE("(%p, %p, %p, %p, %ld, %p) -> MAPI_E_INVALID_PARAMETER", lpTable, lpPropTags,
              lpRestriction, lpSortOrderSet, crowsMax, lppRows);
        return MAPI_E_INVALID_PARAMETER;
    }
    if (lpPropTags && FAILED(hr = IMAPITable_SetColumns(lpTable, lpPropTags, TBL_BATCH))) goto done;
    if (lpRestriction && FAILED(hr = IMAPITable_Restrict(lpTable, lpRestriction, TBL_BATCH))) goto done;
    if (lpSortOrderSet && FAILED(hr = IMAPITable_SortTable(lpTable, lpSortOrderSet, TBL_BATCH))) goto done;
    if (FAILED(hr = IMAPITable_SeekRow(lpTable, BOOKMARK_BEGINNING, 0, NULL))) goto done;

    for (;;)
    {
        /* Asking for one more than the limit tells whether the limit is exceeded. */
        LONG want = crowsMax ? (LONG)(crowsMax - total + 1) : 0x7fffffff;

        batch = NULL;
        if (FAILED(hr = IMAPITable_QueryRows(lpTable, want, 0, &batch))) goto done;
        if (!batch || !batch->cRows)
        {
            if (batch) MAPIFreeBuffer(batch);
            break;
        }
        if (crowsMax && total + batch->cRows > (ULONG)crowsMax)
        {
            FreeProws(batch);
            hr = MAPI_E_TABLE_TOO_BIG;
            goto done;
        }
        if (!all)
        {
            all = batch;
            total = cap = batch->cRows;
            continue;
        }
        if (total + batch->cRows > cap)
        {
            ULONG new_cap = total + batch->cRows;
            if (new_cap < cap * 2) new_cap = cap * 2;
            if (FAILED(hr = MAPIAllocateBuffer(CbNewSRowSet(new_cap), (void **)&grown)))
            {
                FreeProws(batch);
                goto done;
            }
            memcpy(grown->aRow, all->aRow, total * sizeof(SRow));
            grown->cRows = total;
            MAPIFreeBuffer(all);
            all = grown;
            cap = new_cap;
        }
        for (i = 0; i < batch->cRows; i++) all->aRow[total++] = batch->aRow[i];
        all->cRows = total;
        MAPIFreeBuffer(batch);
    }
    if (!all)
    {
        if (FAILED(hr = MAPIAllocateBuffer(CbNewSRowSet(0), (void **)&all))) goto done;
        all->cRows = 0;
    }
    *lppRows = all;
    all = NULL;
    hr = S_OK;

done:
    if (all) FreeProws(all);
    TRACE("(%p, %p, %p, %p, %ld, %p) -> %#lx, %lu rows", lpTable, lpPropTags, lpRestriction,
          lpSortOrderSet, crowsMax, lppRows, hr, *lppRows ? (*lppRows)->cRows : 0);
    return hr;
}

/* ---- Notifications in one block ---- */

/* What is copied for one notification, walked by a single routine in three
 * modes so that counting, copying and relocating cannot disagree. */
enum notif_mode { NOTIF_COUNT, NOTIF_COPY, NOTIF_RELOC };

typedef struct
{
    enum notif_mode mode;
    ULONGLONG size;     /* COUNT, RELOC: bytes of data so far */
    BYTE *data;         /* COPY: where the next piece goes */
    reloc_ctx r;        /* RELOC */
} notif_walk;

/* A plain block of 'len' bytes (an entry ID, event parameters). */
static BOOL walk_blob(notif_walk *w, void **pp, ULONG len)
{
    if (len && !*pp) return FALSE;
    switch (w->mode)
    {
    case NOTIF_COUNT: w->size += ALIGN_UP(len); break;
    case NOTIF_COPY:
        if (len) memcpy(w->data, *pp, len);
        *pp = len ? w->data : NULL;
        w->data += ALIGN_UP(len);
        break;
    case NOTIF_RELOC:
        w->size += ALIGN_UP(len);
        *pp = reloc_ptr(&w->r, *pp);
        break;
    }
    return TRUE;
}

static BOOL walk_string(notif_walk *w, void **pp, BOOL wide)
{
    const void *s;
    ULONG len;

    if (!*pp) return TRUE;
    s = w->mode == NOTIF_RELOC ? live_ptr(&w->r, *pp) : *pp;
    len = wide ? (ULONG)(wcslen(s) + 1) * sizeof(WCHAR) : (ULONG)strlen(s) + 1;
    return walk_blob(w, pp, len);
}

static BOOL walk_props(notif_walk *w, LPSPropValue *pprops, ULONG n)
{
    ULONGLONG size;
    SPropValue *arr;
    ULONG i;

    if (!n) return TRUE;
    if (!*pprops) return FALSE;
    switch (w->mode)
    {
    case NOTIF_COUNT:
        if (!props_size(n, *pprops, &size)) return FALSE;
        w->size += size;
        return TRUE;
    case NOTIF_COPY:
        arr = (SPropValue *)w->data;
        w->data = props_copy(n, *pprops, arr, w->data + ALIGN_UP((ULONGLONG)n * sizeof(SPropValue)));
        *pprops = arr;
        return TRUE;
    case NOTIF_RELOC:
        arr = live_ptr(&w->r, *pprops);
        w->size += ALIGN_UP((ULONGLONG)n * sizeof(SPropValue));
        for (i = 0; i < n; i++)
            if (!value_reloc(&w->r, &arr[i], &w->size)) return FALSE;
        *pprops = reloc_ptr(&w->r, *pprops);
        return TRUE;
    }
    return FALSE;
}

/* One SPropValue embedded in the notification itself (table events). */
static BOOL walk_inline_prop(notif_walk *w, SPropValue *v)
{
    ULONGLONG size;

    switch (w->mode)
    {
    case NOTIF_COUNT:
        if (!freemapi_value_data_size(v, TRUE, &size)) return FALSE;
        w->size += size;
        return TRUE;
    case NOTIF_COPY:
    {
        SPropValue src = *v;
        w->data = value_copy_data(v, &src, w->data, TRUE);
        return TRUE;
    }
    case NOTIF_RELOC:
        return value_reloc(&w->r, v, &w->size);
    }
    return FALSE;
}

static BOOL walk_tags(notif_walk *w, LPSPropTagArray *ptags)
{
    LPSPropTagArray t;

    if (!*ptags) return TRUE;
    t = w->mode == NOTIF_RELOC ? live_ptr(&w->r, *ptags) : *ptags;
    return walk_blob(w, (void **)ptags, CbNewSPropTagArray(t->cValues));
}

/* Walks the pointers of one notification. In COPY mode 'n' is the copy. */
static BOOL walk_notification(notif_walk *w, NOTIFICATION *n)
{
    switch (n->ulEventType)
    {
    case fnevCriticalError:
    {
        ERROR_NOTIFICATION *e = &n->info.err;
        if (!walk_blob(w, (void **)&e->lpEntryID, e->cbEntryID)) return FALSE;
        if (e->lpMAPIError)
        {
            MAPIERROR *me = w->mode == NOTIF_RELOC ? live_ptr(&w->r, e->lpMAPIError) : NULL;
            if (!walk_blob(w, (void **)&e->lpMAPIError, sizeof(MAPIERROR))) return FALSE;
            if (!me) me = e->lpMAPIError;
            if (!walk_string(w, (void **)&me->lpszError, (e->ulFlags & MAPI_UNICODE) != 0) ||
                !walk_string(w, (void **)&me->lpszComponent, (e->ulFlags & MAPI_UNICODE) != 0))
                return FALSE;
        }
        return TRUE;
    }
    case fnevNewMail:
    {
        NEWMAIL_NOTIFICATION *m = &n->info.newmail;
        return walk_blob(w, (void **)&m->lpEntryID, m->cbEntryID) &&
               walk_blob(w, (void **)&m->lpParentID, m->cbParentID) &&
               walk_string(w, (void **)&m->lpszMessageClass, (m->ulFlags & MAPI_UNICODE) != 0);
    }
    case fnevObjectCreated:
    case fnevObjectDeleted:
    case fnevObjectModified:
    case fnevObjectMoved:
    case fnevObjectCopied:
    case fnevSearchComplete:
    {
        OBJECT_NOTIFICATION *o = &n->info.obj;
        return walk_blob(w, (void **)&o->lpEntryID, o->cbEntryID) &&
               walk_blob(w, (void **)&o->lpParentID, o->cbParentID) &&
               walk_blob(w, (void **)&o->lpOldID, o->cbOldID) &&
               walk_blob(w, (void **)&o->lpOldParentID, o->cbOldParentID) &&
               walk_tags(w, &o->lpPropTagArray);
    }
    case fnevTableModified:
    {
        TABLE_NOTIFICATION *t = &n->info.tab;
        return walk_inline_prop(w, &t->propIndex) && walk_inline_prop(w, &t->propPrior) &&
               walk_props(w, &t->row.lpProps, t->row.cValues);
    }
    case fnevStatusObjectModified:
    {
        STATUS_OBJECT_NOTIFICATION *s = &n->info.statobj;
        return walk_blob(w, (void **)&s->lpEntryID, s->cbEntryID) &&
               walk_props(w, &s->lpPropVals, s->cValues);
    }
    case fnevExtended:
        return walk_blob(w, (void **)&n->info.ext.pbEventParameters, n->info.ext.cb);
    }
    return FALSE;
}

static BOOL notifications_size(int count, NOTIFICATION *notifs, ULONGLONG *total)
{
    notif_walk w = { .mode = NOTIF_COUNT };
    int i;

    if (count < 0 || (count && !notifs)) return FALSE;
    w.size = ALIGN_UP((ULONGLONG)count * sizeof(NOTIFICATION));
    for (i = 0; i < count; i++)
    {
        NOTIFICATION tmp = notifs[i];
        if (!walk_notification(&w, &tmp)) return FALSE;
    }
    *total = w.size;
    return w.size <= 0xffffffffu;
}

/* Validates notifications and returns the bytes ScCopyNotifications needs
 * (sccountnotifications.md). Every fnev* event type is handled. */
SCODE WINAPI ScCountNotifications(int cNotifications, LPNOTIFICATION lpNotifications, ULONG *lpcb)
{
    ULONGLONG total;

    if (!notifications_size(cNotifications, lpNotifications, &total))
    {
        TRACE("(%d, %p, %p) -> MAPI_E_INVALID_PARAMETER", cNotifications, lpNotifications, lpcb);
        return MAPI_E_INVALID_PARAMETER;
    }
    if (lpcb) *lpcb = (ULONG)total;
    TRACE("(%d, %p, %p) -> S_OK, %lu", cNotifications, lpNotifications, lpcb, (ULONG)total);
    return S_OK;
}

/* Copies notifications and all their data into the one block lpvDst
 * (sccopynotifications.md). */
SCODE WINAPI ScCopyNotifications(int cNotification, LPNOTIFICATION lpNotifications, LPVOID lpvDst,
                                 ULONG *lpcb)
{
    notif_walk w = { .mode = NOTIF_COPY };
    NOTIFICATION *dst = lpvDst;
    ULONGLONG total;
    int i;

    if (!lpvDst || !notifications_size(cNotification, lpNotifications, &total))
    {
        TRACE("(%d, %p, %p, %p) -> MAPI_E_INVALID_PARAMETER", cNotification, lpNotifications, lpvDst, lpcb);
        return MAPI_E_INVALID_PARAMETER;
    }
    w.data = (BYTE *)lpvDst + ALIGN_UP((ULONGLONG)cNotification * sizeof(NOTIFICATION));
    for (i = 0; i < cNotification; i++)
    {
        dst[i] = lpNotifications[i];
        walk_notification(&w, &dst[i]);
    }
    if (lpcb) *lpcb = (ULONG)(w.data - (BYTE *)lpvDst);
    TRACE("(%d, %p, %p, %p) -> S_OK", cNotification, lpNotifications, lpvDst, lpcb);
    return S_OK;
}

/* Rebases the pointers of a block made by ScCopyNotifications
 * (screlocnotifications.md). */
SCODE WINAPI ScRelocNotifications(int cNotification, LPNOTIFICATION lpNotifications, LPVOID lpvBaseOld,
                                  LPVOID lpvBaseNew, ULONG *lpcb)
{
    notif_walk w = { .mode = NOTIF_RELOC };
    int i;

    if (cNotification < 0 || (cNotification && !lpNotifications))
    {
        TRACE("(%d, %p, %p, %p, %p) -> MAPI_E_INVALID_PARAMETER", cNotification, lpNotifications,
              lpvBaseOld, lpvBaseNew, lpcb);
        return MAPI_E_INVALID_PARAMETER;
    }
    w.r.old = (ULONG_PTR)lpvBaseOld;
    w.r.new_ = (ULONG_PTR)lpvBaseNew;
    w.r.live = live_base(lpNotifications, w.r.old, w.r.new_);
    w.size = ALIGN_UP((ULONGLONG)cNotification * sizeof(NOTIFICATION));
    for (i = 0; i < cNotification; i++)
    {
        if (!walk_notification(&w, &lpNotifications[i]))
        {
            TRACE("(%d, %p, %p, %p, %p) -> MAPI_E_INVALID_PARAMETER", cNotification, lpNotifications,
                  lpvBaseOld, lpvBaseNew, lpcb);
            return MAPI_E_INVALID_PARAMETER;
        }
    }
    if (lpcb) *lpcb = (ULONG)w.size;
    TRACE("(%d, %p, %p, %p, %p) -> S_OK", cNotification, lpNotifications, lpvBaseOld, lpvBaseNew, lpcb);
    return S_OK;
}
