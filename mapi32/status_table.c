/*
 * The session's status table (status-tables.md, imapisession-getstatustable.md,
 * imapisupport-modifystatusrow.md): one row for the MAPI subsystem, the
 * spooler and the integrated address book, one per transport, one for each
 * store or address book provider that asks for one, and one for each
 * provider that could not be used (STATUS_FAILURE, the reason in
 * PR_STATUS_STRING).
 *
 * The rows live in two ITableData (tabledata.c), one with Unicode strings
 * and one with 8-bit strings, so that each view hands out the width its
 * client asked for; both change together, under one lock, and views follow
 * every change with their notifications.  MAPI computes PR_ENTRYID,
 * PR_INSTANCE_KEY, PR_OBJECT_TYPE and PR_ROWID; the session supplies
 * PR_PROVIDER_DLL_NAME, PR_RESOURCE_FLAGS and PR_RESOURCE_TYPE; the rest is
 * the provider's.
 */
#include <string.h>

#include "mapi32_private.h"
#include "session.h"

#include <mapiguid.h>
#include <mapiutil.h>

struct status_table {
    CRITICAL_SECTION cs;
    ITableData *w, *a;
};

static const SizedSPropTagArray(15, columns_w) = {15, {
    PR_ROWID, PR_INSTANCE_KEY, PR_ENTRYID, PR_OBJECT_TYPE, PR_DISPLAY_NAME_W, PR_PROVIDER_DISPLAY_W,
    PR_PROVIDER_DLL_NAME_W, PR_RESOURCE_TYPE, PR_RESOURCE_FLAGS, PR_RESOURCE_METHODS, PR_STATUS_CODE,
    PR_STATUS_STRING_W, PR_IDENTITY_DISPLAY_W, PR_IDENTITY_ENTRYID, PR_IDENTITY_SEARCH_KEY}};
static const SizedSPropTagArray(15, columns_a) = {15, {
    PR_ROWID, PR_INSTANCE_KEY, PR_ENTRYID, PR_OBJECT_TYPE, PR_DISPLAY_NAME_A, PR_PROVIDER_DISPLAY_A,
    PR_PROVIDER_DLL_NAME_A, PR_RESOURCE_TYPE, PR_RESOURCE_FLAGS, PR_RESOURCE_METHODS, PR_STATUS_CODE,
    PR_STATUS_STRING_A, PR_IDENTITY_DISPLAY_A, PR_IDENTITY_ENTRYID, PR_IDENTITY_SEARCH_KEY}};

/* ---- string widths ---- */

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

/* ---- entry IDs of status rows ---- */

void status_eid(LONG rowid, BYTE out[STATUS_EID_SIZE])
{
    memset(out, 0, 4);
    memcpy(out + 4, &status_eid_uid, sizeof(MAPIUID));
    memcpy(out + 20, &rowid, sizeof(rowid));
}

BOOL status_eid_row(ULONG cb, const ENTRYID *eid, LONG *rowid)
{
    const BYTE *p = (const BYTE *)eid;

    if (!eid || cb != STATUS_EID_SIZE || memcmp(p + 4, &status_eid_uid, sizeof(MAPIUID))) return FALSE;
    memcpy(rowid, p + 20, sizeof(*rowid));
    return TRUE;
}

/* ---- the table ---- */

HRESULT status_table_create(struct status_table **out)
{
    struct status_table *t;
    HRESULT hr;

    if (!(t = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*t)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    InitializeCriticalSection(&t->cs);
    hr = CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                     TBLTYPE_DYNAMIC, PR_INSTANCE_KEY, (SPropTagArray *)&columns_w, &t->w);
    if (!hr)
        hr = CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                         TBLTYPE_DYNAMIC, PR_INSTANCE_KEY, (SPropTagArray *)&columns_a, &t->a);
    if (hr) {
        status_table_free(t);
        return hr;
    }
    *out = t;
    return S_OK;
}

void status_table_free(struct status_table *t)
{
    if (!t) return;
    if (t->w) ITableData_Release(t->w);
    if (t->a) ITableData_Release(t->a);
    DeleteCriticalSection(&t->cs);
    HeapFree(GetProcessHeap(), 0, t);
}

/* Puts p into list[] unless a property with its ID is there already
 * (earlier entries win). */
static void add_prop(const SPropValue **list, ULONG *n, const SPropValue *p)
{
    ULONG i;

    for (i = 0; i < *n; i++)
        if (PROP_ID(list[i]->ulPropTag) == PROP_ID(p->ulPropTag)) return;
    list[(*n)++] = p;
}

HRESULT status_table_set(struct status_table *t, LONG rowid, const SPropValue *mapi, ULONG cmapi,
                         const SPropValue *prov, ULONG cprov, BOOL merge)
{
    BYTE eid[STATUS_EID_SIZE];
    SPropValue own[4], key, *flat = NULL, *w = NULL, *a = NULL;
    const SPropValue **list;
    SRow *old = NULL, row;
    ULONG n = 0, i;
    HRESULT hr;

    status_eid(rowid, eid);
    own[0].ulPropTag = PR_INSTANCE_KEY;
    own[0].Value.bin.cb = sizeof(rowid);
    own[0].Value.bin.lpb = (BYTE *)&rowid;
    own[1].ulPropTag = PR_ROWID;
    own[1].Value.l = rowid;
    own[2].ulPropTag = PR_ENTRYID;
    own[2].Value.bin.cb = sizeof(eid);
    own[2].Value.bin.lpb = eid;
    own[3].ulPropTag = PR_OBJECT_TYPE;
    own[3].Value.l = MAPI_STATUS;
    key = own[0];

    EnterCriticalSection(&t->cs);
    if (merge) ITableData_HrQueryRow(t->w, &key, &old, NULL);
    if (!(list = HeapAlloc(GetProcessHeap(), 0, (4 + cmapi + cprov + (old ? old->cValues : 0)) * sizeof(*list)))) {
        LeaveCriticalSection(&t->cs);
        MAPIFreeBuffer(old);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    for (i = 0; i < 4; i++) add_prop(list, &n, &own[i]);
    for (i = 0; i < cmapi; i++) add_prop(list, &n, &mapi[i]);
    for (i = 0; i < cprov; i++)
        if (PROP_TYPE(prov[i].ulPropTag) != PT_ERROR) add_prop(list, &n, &prov[i]);
    if (old)
        for (i = 0; i < old->cValues; i++) add_prop(list, &n, &old->lpProps[i]);

    /* A shallow array first, then one deep copy per width. */
    hr = MAPIAllocateBuffer(n * sizeof(SPropValue), (void **)&flat);
    if (!hr) {
        for (i = 0; i < n; i++) flat[i] = *list[i];
        hr = props_convert(flat, n, TRUE, &w);
    }
    if (!hr) hr = props_convert(flat, n, FALSE, &a);
    if (!hr) {
        row.ulAdrEntryPad = 0;
        row.cValues = n;
        row.lpProps = w;
        hr = ITableData_HrModifyRow(t->w, &row);
        row.lpProps = a;
        if (!hr) hr = ITableData_HrModifyRow(t->a, &row);
    }
    LeaveCriticalSection(&t->cs);
    HeapFree(GetProcessHeap(), 0, list);
    MAPIFreeBuffer(old);
    MAPIFreeBuffer(flat);
    MAPIFreeBuffer(w);
    MAPIFreeBuffer(a);
    return hr;
}

void status_table_delete(struct status_table *t, LONG rowid)
{
    SPropValue key;

    key.ulPropTag = PR_INSTANCE_KEY;
    key.Value.bin.cb = sizeof(rowid);
    key.Value.bin.lpb = (BYTE *)&rowid;
    EnterCriticalSection(&t->cs);
    ITableData_HrDeleteRow(t->w, &key);
    ITableData_HrDeleteRow(t->a, &key);
    LeaveCriticalSection(&t->cs);
}

HRESULT status_table_open(struct status_table *t, ULONG flags, IMAPITable **out)
{
    return ITableData_HrGetView((flags & MAPI_UNICODE) ? t->w : t->a, NULL, NULL, 0, out);
}

HRESULT status_table_rows(struct status_table *t, SRowSet **rows)
{
    IMAPITable *view;
    HRESULT hr;

    *rows = NULL;
    if ((hr = ITableData_HrGetView(t->w, NULL, NULL, 0, &view))) return hr;
    hr = IMAPITable_QueryRows(view, 0x7fffffff, 0, rows);
    IMAPITable_Release(view);
    return hr;
}
