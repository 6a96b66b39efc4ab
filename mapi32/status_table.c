/*
 * The session's status table (status-tables.md, imapisession-getstatustable.md,
 * imapisupport-modifystatusrow.md): one row for the MAPI subsystem, the
 * spooler and the integrated address book, one per transport, one for each
 * store or address book provider that asks for one, and one for each
 * provider that could not be used (STATUS_FAILURE, the reason in
 * PR_STATUS_STRING).
 *
 * The rows live in a dual_table (dualtable.c: one table per string
 * width).  MAPI computes PR_ENTRYID,
 * PR_INSTANCE_KEY, PR_OBJECT_TYPE and PR_ROWID; the session supplies
 * PR_PROVIDER_DLL_NAME, PR_RESOURCE_FLAGS and PR_RESOURCE_TYPE; the rest is
 * the provider's.
 */
#include <string.h>

#include "mapi32_private.h"
#include "dualtable.h"
#include "session.h"

#include <mapiguid.h>
#include <mapiutil.h>

struct status_table {
    struct dual_table t;
};

static const SizedSPropTagArray(15, columns_w) = {15, {
    PR_ROWID, PR_INSTANCE_KEY, PR_ENTRYID, PR_OBJECT_TYPE, PR_DISPLAY_NAME_W, PR_PROVIDER_DISPLAY_W,
    PR_PROVIDER_DLL_NAME_W, PR_RESOURCE_TYPE, PR_RESOURCE_FLAGS, PR_RESOURCE_METHODS, PR_STATUS_CODE,
    PR_STATUS_STRING_W, PR_IDENTITY_DISPLAY_W, PR_IDENTITY_ENTRYID, PR_IDENTITY_SEARCH_KEY}};
static const SizedSPropTagArray(15, columns_a) = {15, {
    PR_ROWID, PR_INSTANCE_KEY, PR_ENTRYID, PR_OBJECT_TYPE, PR_DISPLAY_NAME_A, PR_PROVIDER_DISPLAY_A,
    PR_PROVIDER_DLL_NAME_A, PR_RESOURCE_TYPE, PR_RESOURCE_FLAGS, PR_RESOURCE_METHODS, PR_STATUS_CODE,
    PR_STATUS_STRING_A, PR_IDENTITY_DISPLAY_A, PR_IDENTITY_ENTRYID, PR_IDENTITY_SEARCH_KEY}};

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
    if ((hr = dual_table_init(&t->t, (SPropTagArray *)&columns_w, (SPropTagArray *)&columns_a))) {
        status_table_free(t);
        return hr;
    }
    *out = t;
    return S_OK;
}

void status_table_free(struct status_table *t)
{
    if (!t) return;
    dual_table_free(&t->t);
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
    SPropValue own[4], key, *flat = NULL;
    const SPropValue **list;
    SRow *old = NULL;
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

    EnterCriticalSection(&t->t.cs);
    if (merge) ITableData_HrQueryRow(t->t.w, &key, &old, NULL);
    if (!(list = HeapAlloc(GetProcessHeap(), 0, (4 + cmapi + cprov + (old ? old->cValues : 0)) * sizeof(*list)))) {
        LeaveCriticalSection(&t->t.cs);
        MAPIFreeBuffer(old);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    for (i = 0; i < 4; i++) add_prop(list, &n, &own[i]);
    for (i = 0; i < cmapi; i++) add_prop(list, &n, &mapi[i]);
    for (i = 0; i < cprov; i++)
        if (PROP_TYPE(prov[i].ulPropTag) != PT_ERROR) add_prop(list, &n, &prov[i]);
    if (old)
        for (i = 0; i < old->cValues; i++) add_prop(list, &n, &old->lpProps[i]);

    /* A shallow array; dual_table_put copies it once per width. */
    hr = MAPIAllocateBuffer(n * sizeof(SPropValue), (void **)&flat);
    if (!hr) {
        for (i = 0; i < n; i++) flat[i] = *list[i];
        hr = dual_table_put(&t->t, flat, n);
    }
    LeaveCriticalSection(&t->t.cs);
    HeapFree(GetProcessHeap(), 0, list);
    MAPIFreeBuffer(old);
    MAPIFreeBuffer(flat);
    return hr;
}

void status_table_delete(struct status_table *t, LONG rowid)
{
    SPropValue key;

    key.ulPropTag = PR_INSTANCE_KEY;
    key.Value.bin.cb = sizeof(rowid);
    key.Value.bin.lpb = (BYTE *)&rowid;
    EnterCriticalSection(&t->t.cs);
    dual_table_delete(&t->t, &key);
    LeaveCriticalSection(&t->t.cs);
}

HRESULT status_table_open(struct status_table *t, ULONG flags, IMAPITable **out)
{
    return dual_table_open(&t->t, flags, out);
}

HRESULT status_table_rows(struct status_table *t, SRowSet **rows)
{
    IMAPITable *view;
    HRESULT hr;

    *rows = NULL;
    if ((hr = dual_table_open(&t->t, MAPI_UNICODE, &view))) return hr;
    hr = IMAPITable_QueryRows(view, 0x7fffffff, 0, rows);
    IMAPITable_Release(view);
    return hr;
}
