/*
 * The session's message store table (message-store-tables.md,
 * imapisession-getmsgstorestable.md): one row per store of the profile
 * (PR_STORE_PROVIDERS of MAPI's root section, i.e. every store a service
 * made plus every one that called IMAPISupport::ModifyProfile) and per
 * temporary store the session opened without MDB_TEMPORARY.  It is dynamic:
 * the session sets rows again whenever the profile changes (ModifyProfile,
 * SetDefaultStore, a store writing its PR_ENTRYID at first logon), and only
 * rows that really changed notify.
 *
 * Columns: the ten the docs require.  PR_INSTANCE_KEY is the store's
 * section UID; PR_ENTRYID the wrapped store entry ID (storeeid.c), or, for a
 * store that has never logged on and so has no PR_ENTRYID in its section
 * yet, a wrapped FreeMAPI stand-in that OpenMsgStore understands (the store
 * then gets a Logon with no entry ID, "no store chosen yet").
 *
 * Like the status table, a dual_table (dualtable.c) holds the rows in
 * both string widths.
 */
#include <string.h>

#include "mapi32_private.h"
#include "dualtable.h"
#include "session.h"

#include <mapiguid.h>
#include <mapiutil.h>

struct stores_table {
    struct dual_table t;
};

#define NCOLS 10
static const SizedSPropTagArray(NCOLS, columns_w) = {NCOLS, {
    PR_INSTANCE_KEY, PR_RECORD_KEY, PR_ENTRYID, PR_DISPLAY_NAME_W, PR_PROVIDER_DISPLAY_W, PR_MDB_PROVIDER,
    PR_RESOURCE_FLAGS, PR_DEFAULT_STORE, PR_OBJECT_TYPE, PR_RESOURCE_TYPE}};
static const SizedSPropTagArray(NCOLS, columns_a) = {NCOLS, {
    PR_INSTANCE_KEY, PR_RECORD_KEY, PR_ENTRYID, PR_DISPLAY_NAME_A, PR_PROVIDER_DISPLAY_A, PR_MDB_PROVIDER,
    PR_RESOURCE_FLAGS, PR_DEFAULT_STORE, PR_OBJECT_TYPE, PR_RESOURCE_TYPE}};

HRESULT stores_table_create(struct stores_table **out)
{
    struct stores_table *t;
    HRESULT hr;

    if (!(t = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*t)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if ((hr = dual_table_init(&t->t, (SPropTagArray *)&columns_w, (SPropTagArray *)&columns_a))) {
        stores_table_free(t);
        return hr;
    }
    *out = t;
    return S_OK;
}

void stores_table_free(struct stores_table *t)
{
    if (!t) return;
    dual_table_free(&t->t);
    HeapFree(GetProcessHeap(), 0, t);
}

static BOOL same_props(const SPropValue *a, ULONG na, const SPropValue *b, ULONG nb)
{
    ULONG i;

    if (na != nb) return FALSE;
    for (i = 0; i < na; i++)
        if (a[i].ulPropTag != b[i].ulPropTag || LPropCompareProp((SPropValue *)&a[i], (SPropValue *)&b[i]))
            return FALSE;
    return TRUE;
}

HRESULT stores_table_set(struct stores_table *t, const struct store_row *r)
{
    BYTE placeholder[STOREEID_SECTION_SIZE];
    char dll[MAX_PATH];
    SPropValue v[NCOLS];
    ENTRYID *wrapped = NULL;
    ULONG n = 0, cb_wrapped;
    SRow *old = NULL;
    HRESULT hr;

    if (!WideCharToMultiByte(CP_ACP, 0, r->dll ? r->dll : L"", -1, dll, sizeof(dll), NULL, NULL)) dll[0] = 0;
    if (r->cb_eid) hr = storeeid_wrap(dll, r->cb_eid, (const ENTRYID *)r->eid, &cb_wrapped, &wrapped);
    else {
        storeeid_section(&r->section, placeholder);
        hr = storeeid_wrap(dll, sizeof(placeholder), (const ENTRYID *)placeholder, &cb_wrapped, &wrapped);
    }
    if (hr) return hr;

    v[n].ulPropTag = PR_INSTANCE_KEY;
    v[n].Value.bin.cb = sizeof(MAPIUID);
    v[n++].Value.bin.lpb = (BYTE *)&r->section;
    v[n].ulPropTag = PR_RECORD_KEY;
    v[n].Value.bin.cb = r->cb_record_key ? r->cb_record_key : sizeof(MAPIUID);
    v[n++].Value.bin.lpb = r->cb_record_key ? (BYTE *)r->record_key : (BYTE *)&r->section;
    v[n].ulPropTag = PR_ENTRYID;
    v[n].Value.bin.cb = cb_wrapped;
    v[n++].Value.bin.lpb = (BYTE *)wrapped;
    v[n].ulPropTag = PR_DISPLAY_NAME_W;
    v[n++].Value.lpszW = (WCHAR *)(r->display ? r->display : L"");
    v[n].ulPropTag = PR_PROVIDER_DISPLAY_W;
    v[n++].Value.lpszW = (WCHAR *)(r->provider_display ? r->provider_display : L"");
    if (r->cb_mdb) {
        v[n].ulPropTag = PR_MDB_PROVIDER;
        v[n].Value.bin.cb = r->cb_mdb;
        v[n++].Value.bin.lpb = (BYTE *)r->mdb_provider;
    }
    v[n].ulPropTag = PR_RESOURCE_FLAGS;
    v[n++].Value.l = r->resource_flags;
    v[n].ulPropTag = PR_DEFAULT_STORE;
    v[n++].Value.b = r->is_default ? TRUE : FALSE;
    v[n].ulPropTag = PR_OBJECT_TYPE;
    v[n++].Value.l = MAPI_STORE;
    v[n].ulPropTag = PR_RESOURCE_TYPE;
    v[n++].Value.l = MAPI_STORE_PROVIDER;

    EnterCriticalSection(&t->t.cs);
    if (!ITableData_HrQueryRow(t->t.w, &v[0], &old, NULL) && same_props(old->lpProps, old->cValues, v, n)) {
        hr = S_OK;                       /* nothing changed: no notification */
    } else hr = dual_table_put(&t->t, v, n);
    LeaveCriticalSection(&t->t.cs);
    MAPIFreeBuffer(old);
    MAPIFreeBuffer(wrapped);
    return hr;
}

void stores_table_keep_only(struct stores_table *t, const MAPIUID *keep, ULONG count)
{
    SRow *row;
    ULONG i, k;

    EnterCriticalSection(&t->t.cs);
    for (i = 0; !ITableData_HrEnumRow(t->t.w, i, &row) && row; ) {
        SPropValue *key = PpropFindProp(row->lpProps, row->cValues, PR_INSTANCE_KEY);
        BOOL kept = FALSE;

        for (k = 0; key && k < count && !kept; k++)
            kept = key->Value.bin.cb == sizeof(MAPIUID) && !memcmp(key->Value.bin.lpb, &keep[k], sizeof(MAPIUID));
        if (!kept && key) {
            dual_table_delete(&t->t, key);
        } else i++;
        MAPIFreeBuffer(row);
    }
    LeaveCriticalSection(&t->t.cs);
}

HRESULT stores_table_open(struct stores_table *t, ULONG flags, IMAPITable **out)
{
    return dual_table_open(&t->t, flags, out);
}

/* A row's PR_ENTRYID matches the wrapped ID byte for byte, or its inner
 * part matches an unwrapped one. */
BOOL stores_table_find(struct stores_table *t, ULONG cb, const ENTRYID *eid, MAPIUID *section)
{
    const ENTRYID *inner;
    const char *dll;
    ULONG i, cb_inner;
    SRow *row;
    BOOL found = FALSE;

    EnterCriticalSection(&t->t.cs);
    for (i = 0; !found && !ITableData_HrEnumRow(t->t.w, i, &row) && row; i++) {
        SPropValue *e = PpropFindProp(row->lpProps, row->cValues, PR_ENTRYID);
        SPropValue *key = PpropFindProp(row->lpProps, row->cValues, PR_INSTANCE_KEY);

        if (e && key && key->Value.bin.cb == sizeof(MAPIUID)) {
            if (e->Value.bin.cb == cb && !memcmp(e->Value.bin.lpb, eid, cb)) found = TRUE;
            else if (storeeid_unwrap(e->Value.bin.cb, (ENTRYID *)e->Value.bin.lpb, &dll, &cb_inner, &inner) &&
                     cb_inner == cb && !memcmp(inner, eid, cb))
                found = TRUE;
            if (found) memcpy(section, key->Value.bin.lpb, sizeof(MAPIUID));
        }
        MAPIFreeBuffer(row);
    }
    LeaveCriticalSection(&t->t.cs);
    return found;
}
