/*
 * Property values of the provider's objects: copying them into caller
 * memory (MAPIAllocateBuffer/More, one root block), GetProps/GetPropList
 * over a fixed array, and contents tables built with mapi32's CreateTable.
 */
#include <string.h>

#include "testprov.h"

static HRESULT more(const tp_alloc *a, ULONG cb, void *root, void **out)
{
    SCODE sc = a->more(cb ? cb : 1, root, out);
    return FAILED(sc) ? sc : (*out ? S_OK : MAPI_E_NOT_ENOUGH_MEMORY);
}

static HRESULT copy_w_to_a(const tp_alloc *a, const WCHAR *src, void *root, LPSTR *out)
{
    int len = WideCharToMultiByte(CP_ACP, 0, src, -1, NULL, 0, NULL, NULL);
    HRESULT hr;

    if (len <= 0)
        len = 1;
    if (FAILED(hr = more(a, (ULONG)len, root, (void **)out)))
        return hr;
    if (!WideCharToMultiByte(CP_ACP, 0, src, -1, *out, len, NULL, NULL))
        (*out)[0] = 0;
    return S_OK;
}

static HRESULT copy_a_to_w(const tp_alloc *a, const char *src, void *root, LPWSTR *out)
{
    int len = MultiByteToWideChar(CP_ACP, 0, src, -1, NULL, 0);
    HRESULT hr;

    if (len <= 0)
        len = 1;
    if (FAILED(hr = more(a, (ULONG)len * sizeof(WCHAR), root, (void **)out)))
        return hr;
    if (!MultiByteToWideChar(CP_ACP, 0, src, -1, *out, len))
        (*out)[0] = 0;
    return S_OK;
}

static HRESULT copy_w(const tp_alloc *a, const WCHAR *src, void *root, LPWSTR *out)
{
    ULONG cb = (ULONG)(lstrlenW(src) + 1) * sizeof(WCHAR);
    HRESULT hr;

    if (FAILED(hr = more(a, cb, root, (void **)out)))
        return hr;
    memcpy(*out, src, cb);
    return S_OK;
}

static HRESULT copy_a(const tp_alloc *a, const char *src, void *root, LPSTR *out)
{
    ULONG cb = (ULONG)strlen(src) + 1;
    HRESULT hr;

    if (FAILED(hr = more(a, cb, root, (void **)out)))
        return hr;
    memcpy(*out, src, cb);
    return S_OK;
}

/* A string of either width into the wanted width. */
static HRESULT copy_string(const tp_alloc *a, ULONG src_type, const void *src, ULONG want_type,
                           void *root, void **out)
{
    if (!src)
    {
        *out = NULL;
        return S_OK;
    }
    if (src_type == PT_UNICODE)
        return want_type == PT_UNICODE ? copy_w(a, src, root, (LPWSTR *)out)
                                       : copy_w_to_a(a, src, root, (LPSTR *)out);
    return want_type == PT_STRING8 ? copy_a(a, src, root, (LPSTR *)out)
                                   : copy_a_to_w(a, src, root, (LPWSTR *)out);
}

/* Copies src into dst, allocating with AllocateMore on root.  want_type 0
 * keeps the type; a string (or MV string) type converts between widths. */
HRESULT tp_copy_value(SPropValue *dst, const SPropValue *src, ULONG want_type, void *root,
                      const tp_alloc *a)
{
    ULONG type = PROP_TYPE(src->ulPropTag), i, n;
    HRESULT hr = S_OK;

    if (!want_type)
        want_type = type;
    dst->ulPropTag = PROP_TAG(want_type, PROP_ID(src->ulPropTag));
    dst->dwAlignPad = 0;

    switch (type)
    {
    case PT_STRING8:
    case PT_UNICODE:
        if (want_type != PT_STRING8 && want_type != PT_UNICODE)
            return MAPI_E_INVALID_TYPE;
        return copy_string(a, type, src->Value.lpszW, want_type, root, &dst->Value.lpv);

    case PT_MV_STRING8:
    case PT_MV_UNICODE:
    {
        void **list;
        if (want_type != PT_MV_STRING8 && want_type != PT_MV_UNICODE)
            return MAPI_E_INVALID_TYPE;
        n = src->Value.MVszW.cValues;
        dst->Value.MVszW.cValues = n;
        dst->Value.MVszW.lppszW = NULL;
        if (!n)
            return S_OK;
        if (FAILED(hr = more(a, n * sizeof(void *), root, (void **)&list)))
            return hr;
        for (i = 0; i < n && SUCCEEDED(hr); i++)
            hr = copy_string(a, type == PT_MV_UNICODE ? PT_UNICODE : PT_STRING8,
                             src->Value.MVszW.lppszW[i],
                             want_type == PT_MV_UNICODE ? PT_UNICODE : PT_STRING8, root, &list[i]);
        dst->Value.MVszW.lppszW = (LPWSTR *)list;
        return hr;
    }

    case PT_BINARY:
        if (want_type != type)
            return MAPI_E_INVALID_TYPE;
        dst->Value.bin.cb = src->Value.bin.cb;
        dst->Value.bin.lpb = NULL;
        if (!src->Value.bin.cb)
            return S_OK;
        if (FAILED(hr = more(a, src->Value.bin.cb, root, (void **)&dst->Value.bin.lpb)))
            return hr;
        memcpy(dst->Value.bin.lpb, src->Value.bin.lpb, src->Value.bin.cb);
        return S_OK;

    case PT_MV_BINARY:
        if (want_type != type)
            return MAPI_E_INVALID_TYPE;
        n = src->Value.MVbin.cValues;
        dst->Value.MVbin.cValues = n;
        dst->Value.MVbin.lpbin = NULL;
        if (!n)
            return S_OK;
        if (FAILED(hr = more(a, n * sizeof(SBinary), root, (void **)&dst->Value.MVbin.lpbin)))
            return hr;
        for (i = 0; i < n && SUCCEEDED(hr); i++)
        {
            SBinary *d = &dst->Value.MVbin.lpbin[i];
            const SBinary *s = &src->Value.MVbin.lpbin[i];
            d->cb = s->cb;
            d->lpb = NULL;
            if (s->cb && SUCCEEDED(hr = more(a, s->cb, root, (void **)&d->lpb)))
                memcpy(d->lpb, s->lpb, s->cb);
        }
        return hr;

    case PT_MV_LONG:
        if (want_type != type)
            return MAPI_E_INVALID_TYPE;
        n = src->Value.MVl.cValues;
        dst->Value.MVl.cValues = n;
        dst->Value.MVl.lpl = NULL;
        if (n && SUCCEEDED(hr = more(a, n * sizeof(LONG), root, (void **)&dst->Value.MVl.lpl)))
            memcpy(dst->Value.MVl.lpl, src->Value.MVl.lpl, n * sizeof(LONG));
        return hr;

    case PT_CLSID:
        if (want_type != type)
            return MAPI_E_INVALID_TYPE;
        dst->Value.lpguid = NULL;
        if (src->Value.lpguid && SUCCEEDED(hr = more(a, sizeof(GUID), root, (void **)&dst->Value.lpguid)))
            *dst->Value.lpguid = *src->Value.lpguid;
        return hr;

    case PT_I2: case PT_LONG: case PT_R4: case PT_DOUBLE: case PT_CURRENCY: case PT_APPTIME:
    case PT_ERROR: case PT_BOOLEAN: case PT_I8: case PT_SYSTIME: case PT_NULL:
        if (want_type != type)
            return MAPI_E_INVALID_TYPE;
        dst->Value = src->Value;
        return S_OK;

    default:
        return MAPI_E_TYPE_NO_SUPPORT;
    }
}

/* The type a property takes in an answer: strings follow MAPI_UNICODE unless
 * the caller named the width. */
static ULONG answer_type(ULONG have, ULONG asked, ULONG flags)
{
    if (asked != PT_UNSPECIFIED)
        return asked;
    if (have == PT_UNICODE || have == PT_STRING8)
        return (flags & MAPI_UNICODE) ? PT_UNICODE : PT_STRING8;
    if (have == PT_MV_UNICODE || have == PT_MV_STRING8)
        return (flags & MAPI_UNICODE) ? PT_MV_UNICODE : PT_MV_STRING8;
    return have;
}

/* IMAPIProp::GetProps over a fixed array (internal strings are Unicode). */
HRESULT tp_get_props(const SPropValue *props, ULONG count, const tp_alloc *a,
                     LPSPropTagArray tags, ULONG flags, ULONG *lpcValues, LPSPropValue *lppProps)
{
    LPSPropValue out = NULL;
    ULONG n, i;
    BOOL partial = FALSE;
    HRESULT hr;

    if (!lpcValues || !lppProps)
        return MAPI_E_INVALID_PARAMETER;
    *lpcValues = 0;
    *lppProps = NULL;
    if (flags & ~MAPI_UNICODE)
        return MAPI_E_UNKNOWN_FLAGS;
    if (tags && !tags->cValues)
        return MAPI_E_INVALID_PARAMETER;

    n = tags ? tags->cValues : count;
    hr = a->alloc((n ? n : 1) * sizeof(SPropValue), (void **)&out);
    if (FAILED(hr) || !out)
        return FAILED(hr) ? hr : MAPI_E_NOT_ENOUGH_MEMORY;

    for (i = 0; i < n; i++)
    {
        ULONG tag = tags ? tags->aulPropTag[i] : props[i].ulPropTag;
        const SPropValue *pv = tags ? tp_find_prop(props, count, PROP_ID(tag)) : &props[i];
        HRESULT vhr = MAPI_E_NOT_FOUND;

        if (pv)
        {
            vhr = tp_copy_value(&out[i], pv, answer_type(PROP_TYPE(pv->ulPropTag),
                                                         tags ? PROP_TYPE(tag) : PT_UNSPECIFIED, flags),
                                out, a);
            if (vhr == MAPI_E_INVALID_TYPE || vhr == MAPI_E_TYPE_NO_SUPPORT)
                vhr = MAPI_E_NOT_FOUND;   /* asked for a type it does not have */
            else if (FAILED(vhr))
            {
                a->free(out);
                return vhr;
            }
        }
        if (FAILED(vhr))
        {
            out[i].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tag));
            out[i].dwAlignPad = 0;
            out[i].Value.err = vhr;
            partial = TRUE;
        }
    }
    *lpcValues = n;
    *lppProps = out;
    return partial ? MAPI_W_ERRORS_RETURNED : S_OK;
}

HRESULT tp_get_prop_list(const SPropValue *props, ULONG count, const tp_alloc *a, ULONG flags,
                         LPSPropTagArray *lppTags)
{
    LPSPropTagArray out;
    ULONG i;
    HRESULT hr;

    if (!lppTags)
        return MAPI_E_INVALID_PARAMETER;
    *lppTags = NULL;
    if (flags & ~MAPI_UNICODE)
        return MAPI_E_UNKNOWN_FLAGS;
    hr = a->alloc(CbNewSPropTagArray(count), (void **)&out);
    if (FAILED(hr) || !out)
        return FAILED(hr) ? hr : MAPI_E_NOT_ENOUGH_MEMORY;
    out->cValues = count;
    for (i = 0; i < count; i++)
        out->aulPropTag[i] = PROP_TAG(answer_type(PROP_TYPE(props[i].ulPropTag), PT_UNSPECIFIED, flags),
                                      PROP_ID(props[i].ulPropTag));
    *lppTags = out;
    return S_OK;
}

HRESULT tp_set_string(SPropValue *pv, ULONG id, const WCHAR *s, BOOL unicode, void *root,
                      const tp_alloc *a)
{
    pv->ulPropTag = PROP_TAG(unicode ? PT_UNICODE : PT_STRING8, id);
    pv->dwAlignPad = 0;
    return copy_string(a, PT_UNICODE, s, unicode ? PT_UNICODE : PT_STRING8, root, &pv->Value.lpv);
}

HRESULT tp_set_binary(SPropValue *pv, ULONG tag, const void *data, ULONG cb, void *root,
                      const tp_alloc *a)
{
    HRESULT hr;

    pv->ulPropTag = tag;
    pv->dwAlignPad = 0;
    pv->Value.bin.cb = cb;
    if (FAILED(hr = more(a, cb, root, (void **)&pv->Value.bin.lpb)))
        return hr;
    memcpy(pv->Value.bin.lpb, data, cb);
    return S_OK;
}

/* ------------------------------------------------------------------------ */
/* Tables: mapi32's CreateTable, found in the mapi32.dll that loaded us      */

typedef SCODE (STDAPICALLTYPE *create_table_fn)(LPCIID, ALLOCATEBUFFER *, ALLOCATEMORE *,
        FREEBUFFER *, LPVOID, ULONG, ULONG, LPSPropTagArray, LPTABLEDATA *);

/* The table data lives as long as its one view. */
static void STDAPICALLTYPE release_table_data(ULONG_PTR data, LPTABLEDATA table, LPMAPITABLE view)
{
    if (table)
        ITableData_Release(table);
}

/* A snapshot table of the given rows; each row must hold PR_INSTANCE_KEY. */
HRESULT tp_make_table(const tp_alloc *a, LPSPropTagArray cols, const SRow *rows, ULONG count,
                      LPMAPITABLE *lppTable)
{
    HMODULE mapi = GetModuleHandleW(L"mapi32.dll");
    create_table_fn create = NULL;
    LPTABLEDATA data = NULL;
    HRESULT hr;
    ULONG i;

    *lppTable = NULL;
    if (mapi)
    {
        create = (create_table_fn)(void *)GetProcAddress(mapi, "CreateTable");
        if (!create)
            create = (create_table_fn)(void *)GetProcAddress(mapi, "CreateTable@36");
    }
    if (!create)
        return MAPI_E_NO_SUPPORT;

    hr = create(&IID_IMAPITableData, a->alloc, a->more, a->free, NULL, TBLTYPE_SNAPSHOT,
                PR_INSTANCE_KEY, cols, &data);
    if (FAILED(hr) || !data)
        return FAILED(hr) ? hr : MAPI_E_CALL_FAILED;
    for (i = 0; i < count && SUCCEEDED(hr); i++)
        hr = ITableData_HrModifyRow(data, (LPSRow)&rows[i]);
    if (SUCCEEDED(hr))
        hr = ITableData_HrGetView(data, NULL, release_table_data, (ULONG_PTR)data, lppTable);
    if (FAILED(hr))
    {
        *lppTable = NULL;
        ITableData_Release(data);
    }
    return hr;
}
