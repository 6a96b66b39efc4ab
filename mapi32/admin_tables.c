/*
 * The static tables of the administration objects: message services
 * (imsgserviceadmin-getmsgservicetable.md) and providers
 * (imsgserviceadmin-getprovidertable.md, iprovideradmin-getprovidertable.md),
 * built on the table engine through CreateTable like any other table.
 */
#include <string.h>

#include "mapi32_private.h"
#include "admin.h"

#include <mapiguid.h>
#include <mapiutil.h>

HRESULT admin_make_table(const SPropTagArray *columns, ULONG index_tag, SRow *rows, ULONG count,
                         const SSortOrderSet *sort, LPMAPITABLE *table)
{
    ITableData *data;
    SRowSet *set;
    HRESULT hr;
    ULONG i;

    hr = CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                     TBLTYPE_SNAPSHOT, index_tag, (SPropTagArray *)columns, &data);
    if (hr) return hr;
    if (count) {
        if (!(hr = MAPIAllocateBuffer(CbNewSRowSet(count), (void **)&set))) {
            set->cRows = count;
            for (i = 0; i < count; i++) set->aRow[i] = rows[i];
            hr = ITableData_HrModifyRows(data, 0, set);
            MAPIFreeBuffer(set);
        }
    }
    if (!hr) hr = ITableData_HrGetView(data, (SSortOrderSet *)sort, NULL, 0, table);
    /* The view keeps the data alive. */
    ITableData_Release(data);
    return hr;
}

/* A string column in the caller's width. */
static ULONG str_tag(ULONG tag, ULONG flags)
{
    if ((PROP_TYPE(tag) & ~MV_FLAG) != PT_STRING8 && (PROP_TYPE(tag) & ~MV_FLAG) != PT_UNICODE) return tag;
    return PROP_TAG((PROP_TYPE(tag) & MV_FLAG) | ((flags & MAPI_UNICODE) ? PT_UNICODE : PT_STRING8), PROP_ID(tag));
}

static void fix_columns(SPropTagArray *cols, ULONG flags)
{
    ULONG i;
    for (i = 0; i < cols->cValues; i++) cols->aulPropTag[i] = str_tag(cols->aulPropTag[i], flags);
}

/* Reads a section's values for the columns (each in the type asked) into row
 * (MAPI memory under parent), dropping the ones it does not have; computed
 * columns are added by the caller at the end (room for extra of them is left). */
static HRESULT read_row(HKEY sect, const SPropTagArray *cols, ULONG extra, void *parent, SRow *row)
{
    SPropValue *vals, *out;
    ULONG n, i, k = 0;
    HRESULT hr;

    hr = profstore_get_props(sect, cols, MAPI_UNICODE, NULL, 0, &n, &vals);
    if (FAILED(hr)) return hr;
    if ((hr = MAPIAllocateMore((n + extra) * sizeof(SPropValue), parent, (void **)&out))) {
        MAPIFreeBuffer(vals);
        return hr;
    }
    for (i = 0; i < n && !hr; i++) {
        if (PROP_TYPE(vals[i].ulPropTag) == PT_ERROR) continue;
        hr = PropCopyMore(&out[k], &vals[i], MAPIAllocateMore, parent);
        if (!hr) k++;
    }
    MAPIFreeBuffer(vals);
    row->ulAdrEntryPad = 0;
    row->cValues = k;
    row->lpProps = out;
    return hr;
}

static void add_bin(SRow *row, ULONG tag, const void *data, ULONG cb, void *parent)
{
    SPropValue *v = &row->lpProps[row->cValues];
    if (MAPIAllocateMore(cb, parent, (void **)&v->Value.bin.lpb)) return;
    memcpy(v->Value.bin.lpb, data, cb);
    v->ulPropTag = tag;
    v->dwAlignPad = 0;
    v->Value.bin.cb = cb;
    row->cValues++;
}

static void add_long(SRow *row, ULONG tag, LONG l)
{
    SPropValue *v = &row->lpProps[row->cValues++];
    v->ulPropTag = tag;
    v->dwAlignPad = 0;
    v->Value.l = l;
}

HRESULT admin_service_table(struct admin_profile *prof, ULONG flags, LPMAPITABLE *table)
{
    SizedSPropTagArray(8, cols) = {8, {PR_DISPLAY_NAME_W, PR_INSTANCE_KEY, PR_RESOURCE_FLAGS,
        PR_SERVICE_DLL_NAME_W, PR_SERVICE_ENTRY_NAME, PR_SERVICE_NAME_W, PR_SERVICE_SUPPORT_FILES_W,
        PR_SERVICE_UID}};
    /* The values the sections store (the first 6 columns without the key). */
    SizedSPropTagArray(6, stored) = {6, {PR_DISPLAY_NAME_W, PR_RESOURCE_FLAGS, PR_SERVICE_DLL_NAME_W,
        PR_SERVICE_ENTRY_NAME, PR_SERVICE_NAME_W, PR_SERVICE_SUPPORT_FILES_W}};
    SSortOrderSet sort = {1, 0, 0, {{0, TABLE_SORT_ASCEND}}};
    MAPIUID *uids = NULL;
    ULONG n = 0, i, k = 0;
    SRow *rows = NULL;
    HKEY root;
    HRESULT hr;

    fix_columns((SPropTagArray *)&cols, flags);
    fix_columns((SPropTagArray *)&stored, flags);
    /* PR_SERVICE_ENTRY_NAME is an export name: 8-bit only (mapi-spec.md 4.4). */
    cols.aulPropTag[4] = stored.aulPropTag[3] = PR_SERVICE_ENTRY_NAME;
    sort.aSort[0].ulPropTag = cols.aulPropTag[0];
    if (!profstore_open_section(prof->key, &profstore_root_uid, FALSE, FALSE, &root)) {
        profstore_uids_get(root, PR_SERVICES, &uids, &n);
        RegCloseKey(root);
    }
    if ((hr = MAPIAllocateBuffer((n + 1) * sizeof(SRow), (void **)&rows))) goto done;
    for (i = 0; i < n && !hr; i++) {
        HKEY sect;
        if (profstore_open_section(prof->key, &uids[i], FALSE, FALSE, &sect)) continue;  /* dangling */
        hr = read_row(sect, (SPropTagArray *)&stored, 2, rows, &rows[k]);
        RegCloseKey(sect);
        if (hr) break;
        add_bin(&rows[k], PR_INSTANCE_KEY, &uids[i], sizeof(MAPIUID), rows);
        add_bin(&rows[k], PR_SERVICE_UID, &uids[i], sizeof(MAPIUID), rows);
        k++;
    }
    if (!hr) hr = admin_make_table((SPropTagArray *)&cols, PR_INSTANCE_KEY, rows, k, &sort, table);
done:
    MAPIFreeBuffer(rows);
    HeapFree(GetProcessHeap(), 0, uids);
    return hr;
}

/* Appends a list of UIDs to a growing array. */
static BOOL append(MAPIUID **all, ULONG *n, const MAPIUID *more, ULONG k)
{
    MAPIUID *grown = *all ? HeapReAlloc(GetProcessHeap(), 0, *all, (*n + k + 1) * sizeof(MAPIUID))
                          : HeapAlloc(GetProcessHeap(), 0, (*n + k + 1) * sizeof(MAPIUID));
    if (!grown) return FALSE;
    memcpy(grown + *n, more, k * sizeof(MAPIUID));
    *all = grown;
    *n += k;
    return TRUE;
}

HRESULT admin_provider_table(struct admin_profile *prof, const MAPIUID *svc, ULONG flags, LPMAPITABLE *table)
{
    SizedSPropTagArray(10, cols) = {10, {PR_INSTANCE_KEY, PR_DISPLAY_NAME_W, PR_PROVIDER_DISPLAY_W,
        PR_PROVIDER_DLL_NAME_W, PR_PROVIDER_ORDINAL, PR_PROVIDER_UID, PR_RESOURCE_FLAGS, PR_RESOURCE_TYPE,
        PR_SERVICE_NAME_W, PR_SERVICE_UID}};
    SizedSPropTagArray(7, stored) = {7, {PR_DISPLAY_NAME_W, PR_PROVIDER_DISPLAY_W, PR_PROVIDER_DLL_NAME_W,
        PR_RESOURCE_FLAGS, PR_RESOURCE_TYPE, PR_SERVICE_NAME_W, PR_SERVICE_UID}};
    static const ULONG lists[] = {PR_STORE_PROVIDERS, PR_AB_PROVIDERS, PR_TRANSPORT_PROVIDERS};
    MAPIUID *uids = NULL, *xp = NULL;
    ULONG n = 0, nxp = 0, i, j, k = 0, others = 0;
    SRow *rows = NULL;
    HKEY root = NULL;
    BOOL is_xp;
    HRESULT hr = S_OK;

    fix_columns((SPropTagArray *)&cols, flags);
    fix_columns((SPropTagArray *)&stored, flags);
    if (!profstore_open_section(prof->key, &profstore_root_uid, FALSE, FALSE, &root))
        profstore_uids_get(root, PR_TRANSPORT_PROVIDERS, &xp, &nxp);

    if (svc) {
        /* One service: its providers and its extra sections. */
        HKEY sect;
        if (!profstore_open_section(prof->key, svc, FALSE, FALSE, &sect)) {
            static const ULONG own[] = {PR_STORE_PROVIDERS, PR_AB_PROVIDERS, PR_TRANSPORT_PROVIDERS,
                                        PR_SERVICE_EXTRA_UIDS};
            for (i = 0; i < ARRAYSIZE(own); i++) {
                MAPIUID *part;
                ULONG c;
                if (profstore_uids_get(sect, own[i], &part, &c)) continue;
                if (c && !append(&uids, &n, part, c)) hr = MAPI_E_NOT_ENOUGH_MEMORY;
                HeapFree(GetProcessHeap(), 0, part);
            }
            RegCloseKey(sect);
        }
    } else if (root) {
        /* The profile: stores, address books, then transports in their order. */
        for (i = 0; i < ARRAYSIZE(lists); i++) {
            MAPIUID *part;
            ULONG c;
            if (profstore_uids_get(root, lists[i], &part, &c)) continue;
            if (c && !append(&uids, &n, part, c)) hr = MAPI_E_NOT_ENOUGH_MEMORY;
            HeapFree(GetProcessHeap(), 0, part);
        }
    }
    if (root) RegCloseKey(root);
    if (!hr) hr = MAPIAllocateBuffer((n + 1) * sizeof(SRow), (void **)&rows);
    for (i = 0; i < n && !hr; i++) {
        HKEY sect;
        LONG ordinal = (LONG)(nxp + others);

        if (profstore_open_section(prof->key, &uids[i], FALSE, FALSE, &sect)) continue;
        hr = read_row(sect, (SPropTagArray *)&stored, 3, rows, &rows[k]);
        RegCloseKey(sect);
        if (hr) break;
        /* Transports are numbered in transport order, the others after them. */
        is_xp = FALSE;
        for (j = 0; j < nxp; j++)
            if (!memcmp(&xp[j], &uids[i], sizeof(MAPIUID))) {
                ordinal = (LONG)j;
                is_xp = TRUE;
            }
        if (!is_xp) others++;
        add_bin(&rows[k], PR_INSTANCE_KEY, &uids[i], sizeof(MAPIUID), rows);
        add_bin(&rows[k], PR_PROVIDER_UID, &uids[i], sizeof(MAPIUID), rows);
        add_long(&rows[k], PR_PROVIDER_ORDINAL, ordinal);
        k++;
    }
    if (!hr) hr = admin_make_table((SPropTagArray *)&cols, PR_INSTANCE_KEY, rows, k, NULL, table);
    MAPIFreeBuffer(rows);
    HeapFree(GetProcessHeap(), 0, uids);
    HeapFree(GetProcessHeap(), 0, xp);
    return hr;
}
