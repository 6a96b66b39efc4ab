/*
 * A table held in both string widths (dualtable.h).
 */
#include "mapi32_private.h"
#include "dualtable.h"

static HRESULT convert_string(const SPropValue *src, SPropValue *dst, BOOL unicode, void *root)
{
    HRESULT hr;
    int n;

    if (unicode) {
        const char *s = src->Value.lpszA ? src->Value.lpszA : "";
        n = MultiByteToWideChar(CP_ACP, 0, s, -1, NULL, 0);
        if ((hr = MAPIAllocateMore(n * sizeof(WCHAR), root, (void **)&dst->Value.lpszW))) return hr;
        MultiByteToWideChar(CP_ACP, 0, s, -1, dst->Value.lpszW, n);
        dst->ulPropTag = CHANGE_PROP_TYPE(src->ulPropTag, PT_UNICODE);
    } else {
        const WCHAR *s = src->Value.lpszW ? src->Value.lpszW : L"";
        n = WideCharToMultiByte(CP_ACP, 0, s, -1, NULL, 0, NULL, NULL);
        if ((hr = MAPIAllocateMore(n, root, (void **)&dst->Value.lpszA))) return hr;
        WideCharToMultiByte(CP_ACP, 0, s, -1, dst->Value.lpszA, n, NULL, NULL);
        dst->ulPropTag = CHANGE_PROP_TYPE(src->ulPropTag, PT_STRING8);
    }
    return S_OK;
}

static HRESULT convert_mv(const SPropValue *src, SPropValue *dst, BOOL unicode, void *root)
{
    ULONG i, count = src->Value.MVszA.cValues;
    SPropValue one, conv;
    void **list;
    HRESULT hr;

    if ((hr = MAPIAllocateMore((count ? count : 1) * sizeof(void *), root, (void **)&list))) return hr;
    for (i = 0; i < count; i++) {
        one.ulPropTag = unicode ? PT_STRING8 : PT_UNICODE;
        if (unicode) one.Value.lpszA = src->Value.MVszA.lppszA[i];
        else one.Value.lpszW = src->Value.MVszW.lppszW[i];
        if ((hr = convert_string(&one, &conv, unicode, root))) return hr;
        list[i] = unicode ? (void *)conv.Value.lpszW : (void *)conv.Value.lpszA;
    }
    dst->ulPropTag = CHANGE_PROP_TYPE(src->ulPropTag, unicode ? PT_MV_UNICODE : PT_MV_STRING8);
    dst->Value.MVszA.cValues = count;
    dst->Value.MVszA.lppszA = (char **)list;
    return S_OK;
}

HRESULT props_convert(const SPropValue *props, ULONG count, BOOL unicode, SPropValue **out)
{
    SPropValue *copy;
    ULONG i, type;
    HRESULT hr;

    *out = NULL;
    if ((hr = MAPIAllocateBuffer((count ? count : 1) * sizeof(SPropValue), (void **)&copy))) return hr;
    for (i = 0; i < count && !hr; i++) {
        copy[i].dwAlignPad = 0;
        type = PROP_TYPE(props[i].ulPropTag);
        if (type == (unicode ? PT_STRING8 : PT_UNICODE))
            hr = convert_string(&props[i], &copy[i], unicode, copy);
        else if (type == (unicode ? PT_MV_STRING8 : PT_MV_UNICODE))
            hr = convert_mv(&props[i], &copy[i], unicode, copy);
        else
            hr = PropCopyMore(&copy[i], (SPropValue *)&props[i], MAPIAllocateMore, copy);
    }
    if (hr) {
        MAPIFreeBuffer(copy);
        return hr;
    }
    *out = copy;
    return S_OK;
}

/* ---- the pair of tables ---- */

HRESULT dual_table_init(struct dual_table *t, const SPropTagArray *cols_w, const SPropTagArray *cols_a)
{
    HRESULT hr;

    InitializeCriticalSection(&t->cs);
    t->w = t->a = NULL;
    hr = CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                     TBLTYPE_DYNAMIC, PR_INSTANCE_KEY, (SPropTagArray *)cols_w, &t->w);
    if (!hr)
        hr = CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                         TBLTYPE_DYNAMIC, PR_INSTANCE_KEY, (SPropTagArray *)cols_a, &t->a);
    return hr;
}

void dual_table_free(struct dual_table *t)
{
    if (t->w) ITableData_Release(t->w);
    if (t->a) ITableData_Release(t->a);
    DeleteCriticalSection(&t->cs);
}

HRESULT dual_table_put(struct dual_table *t, const SPropValue *props, ULONG count)
{
    SPropValue *w = NULL, *a = NULL;
    SRow row;
    HRESULT hr;

    if (!(hr = props_convert(props, count, TRUE, &w)) && !(hr = props_convert(props, count, FALSE, &a))) {
        row.ulAdrEntryPad = 0;
        row.cValues = count;
        row.lpProps = w;
        hr = ITableData_HrModifyRow(t->w, &row);
        row.lpProps = a;
        if (!hr) hr = ITableData_HrModifyRow(t->a, &row);
    }
    MAPIFreeBuffer(w);
    MAPIFreeBuffer(a);
    return hr;
}

void dual_table_delete(struct dual_table *t, const SPropValue *key)
{
    ITableData_HrDeleteRow(t->w, (SPropValue *)key);
    ITableData_HrDeleteRow(t->a, (SPropValue *)key);
}

HRESULT dual_table_open(struct dual_table *t, ULONG flags, IMAPITable **out)
{
    return ITableData_HrGetView((flags & MAPI_UNICODE) ? t->w : t->a, NULL, NULL, 0, out);
}
