/* CreateTable and ITableData: the row store behind IMAPITable views
 * (createtable.md, itabledataiunknown.md and the itabledata-*.md pages).
 *
 * Each row is kept once, its values in one heap block, and is found by its
 * index column through a hash. The store keeps the rows in insertion order
 * (HrEnumRow, HrInsertRow) with an order key that has gaps, so views can
 * compare places in that order without positions. Every change is passed to
 * every open view (table.c) under the table's lock; the notifications it
 * causes are delivered after the lock is released. */
#include <string.h>

#include "table_eval.h"
#include <mapiguid.h>

#define ORDER_GAP (1ull << 20)
/* HrModifyRows/HrDeleteRows on more rows than this send one TABLE_CHANGED
 * (itabledata-hrmodifyrows.md). */
#define MAX_ROW_NOTIFICATIONS 8

static inline table_data *impl_from_ITableData(ITableData *iface)
{
    return CONTAINING_RECORD(iface, table_data, ITableData_iface);
}

static const ITableDataVtbl table_data_vtbl;

/* ---- The store ---- */

static const SPropValue *row_key(const table_data *td, const SPropValue *props, ULONG n)
{
    ULONG i;

    for (i = 0; i < n; i++)
        if (props[i].ulPropTag == td->index_tag) return &props[i];
    return NULL;
}

table_row *table_lookup(table_data *td, const SPropValue *key)
{
    ULONG h = teval_hash_key(key);
    table_row *row;

    if (!td->nbuckets || key->ulPropTag != td->index_tag) return NULL;
    for (row = td->buckets[h & (td->nbuckets - 1)]; row; row = row->hnext)
        if (row->hash == h && teval_same_key(row_key(td, row->props, row->cValues), key)) return row;
    return NULL;
}

static BOOL hash_insert(table_data *td, table_row *row)
{
    table_row **grown, *r, *next;
    ULONG n, i;

    if (td->count + 1 > td->nbuckets)
    {
        n = td->nbuckets ? td->nbuckets * 2 : 64;
        if (!(grown = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, n * sizeof(*grown)))) return FALSE;
        for (i = 0; i < td->nbuckets; i++)
            for (r = td->buckets[i]; r; r = next)
            {
                next = r->hnext;
                r->hnext = grown[r->hash & (n - 1)];
                grown[r->hash & (n - 1)] = r;
            }
        HeapFree(GetProcessHeap(), 0, td->buckets);
        td->buckets = grown;
        td->nbuckets = n;
    }
    row->hnext = td->buckets[row->hash & (td->nbuckets - 1)];
    td->buckets[row->hash & (td->nbuckets - 1)] = row;
    return TRUE;
}

static void hash_remove(table_data *td, table_row *row)
{
    table_row **p = &td->buckets[row->hash & (td->nbuckets - 1)];

    while (*p && *p != row) p = &(*p)->hnext;
    if (*p) *p = row->hnext;
}

/* The row's place in insertion order, found by its order key. */
ULONG table_position(const table_data *td, const table_row *row)
{
    ULONG lo = 0, hi = td->count, mid;

    while (lo < hi)
    {
        mid = lo + (hi - lo) / 2;
        if (td->rows[mid]->order < row->order) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* An order key for a row about to go at position pos: halfway between its
 * neighbours, renumbering everything in the rare case there is no room. */
static ULONGLONG order_for(table_data *td, ULONG pos)
{
    ULONGLONG lo, hi;
    ULONG i;

    for (;;)
    {
        lo = pos ? td->rows[pos - 1]->order : 0;
        hi = pos < td->count ? td->rows[pos]->order : lo + 2 * ORDER_GAP;
        if (hi > lo + 1 && hi > lo) return lo + (hi - lo) / 2;
        for (i = 0; i < td->count; i++) td->rows[i]->order = (i + 1) * ORDER_GAP;
    }
}

static BOOL reserve_rows(table_data *td, ULONG extra)
{
    table_row **grown;
    ULONG n = td->cap ? td->cap : 64;

    if (td->count + extra <= td->cap) return TRUE;
    if (td->count + extra > 0x10000000) return FALSE;
    while (n < td->count + extra) n *= 2;
    grown = td->rows ? HeapReAlloc(GetProcessHeap(), 0, td->rows, n * sizeof(*grown))
                     : HeapAlloc(GetProcessHeap(), 0, n * sizeof(*grown));
    if (!grown) return FALSE;
    td->rows = grown;
    td->cap = n;
    return TRUE;
}

/* Adds a tag to the table's columns unless it is there already. */
static BOOL add_column(table_data *td, ULONG tag)
{
    ULONG i, mask, *grown, h;

    if (!tag) tag = PR_NULL;   /* 0 marks empty slots; PR_NULL is never a row's tag */
    if (td->ncols * 2 >= td->ncolset)
    {
        ULONG n = td->ncolset ? td->ncolset * 2 : 64;
        if (!(grown = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, n * sizeof(ULONG)))) return FALSE;
        for (i = 0; i < td->ncols; i++)
        {
            for (h = (td->cols[i] * 0x9e3779b1u) >> 8; grown[h & (n - 1)]; h++) ;
            grown[h & (n - 1)] = td->cols[i];
        }
        HeapFree(GetProcessHeap(), 0, td->colset);
        td->colset = grown;
        td->ncolset = n;
    }
    mask = td->ncolset - 1;
    for (h = (tag * 0x9e3779b1u) >> 8; td->colset[h & mask]; h++)
        if (td->colset[h & mask] == tag) return TRUE;
    if (td->ncols == td->capcols)
    {
        ULONG n = td->capcols ? td->capcols * 2 : 16;
        grown = td->cols ? HeapReAlloc(GetProcessHeap(), 0, td->cols, n * sizeof(ULONG))
                         : HeapAlloc(GetProcessHeap(), 0, n * sizeof(ULONG));
        if (!grown) return FALSE;
        td->cols = grown;
        td->capcols = n;
    }
    td->colset[h & mask] = tag;
    td->cols[td->ncols++] = tag;
    return TRUE;
}

static void add_columns(table_data *td, const table_row *row)
{
    ULONG i;

    for (i = 0; i < row->cValues; i++) add_column(td, row->props[i].ulPropTag);
}

static void free_row(table_row *row)
{
    HeapFree(GetProcessHeap(), 0, row->props);
    HeapFree(GetProcessHeap(), 0, row);
}

/* Checks a row's values and makes its block; *key is its index value. */
static HRESULT make_block(table_data *td, const SRow *src, SPropValue **block, const SPropValue **key)
{
    if (IsBadReadPtr(src, sizeof(*src)) || (src->cValues && !src->lpProps) ||
        IsBadReadPtr(src->lpProps, (SIZE_T)src->cValues * sizeof(SPropValue)))
        return MAPI_E_INVALID_PARAMETER;
    if (!row_key(td, src->lpProps, src->cValues)) return MAPI_E_INVALID_PARAMETER;
    if (!(*block = teval_row_block(src->cValues, src->lpProps))) return MAPI_E_INVALID_PARAMETER;
    *key = row_key(td, *block, src->cValues);
    return S_OK;
}

/* Replaces the row with the same index value, or adds one at position pos
 * (the end for (ULONG)-1). Views follow; per_row says whether they send
 * per-row notifications or are rebuilt by the caller afterwards. */
static HRESULT put_row(table_data *td, const SRow *src, ULONG pos, BOOL insert_only, BOOL per_row,
                       tnotify_list *nl)
{
    const SPropValue *key;
    SPropValue *block, *old;
    table_row *row;
    struct view *v;
    HRESULT hr;

    if (FAILED(hr = make_block(td, src, &block, &key))) return hr;
    if ((row = table_lookup(td, key)))
    {
        if (insert_only)
        {
            HeapFree(GetProcessHeap(), 0, block);
            return MAPI_E_INVALID_PARAMETER;
        }
        if (per_row)
            for (v = td->views; v; v = view_next(v)) view_prepare_change(v, row);
        old = row->props;
        row->props = block;
        row->cValues = src->cValues;
        HeapFree(GetProcessHeap(), 0, old);
        add_columns(td, row);
        if (per_row)
            for (v = td->views; v; v = view_next(v)) view_row_changed(v, row, TRUE, nl);
        return S_OK;
    }
    if (!reserve_rows(td, 1) || !(row = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*row))))
    {
        HeapFree(GetProcessHeap(), 0, block);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    row->props = block;
    row->cValues = src->cValues;
    row->hash = teval_hash_key(key);
    if (!hash_insert(td, row))
    {
        free_row(row);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if (pos > td->count) pos = td->count;
    row->order = order_for(td, pos);
    memmove(td->rows + pos + 1, td->rows + pos, (td->count - pos) * sizeof(*td->rows));
    td->rows[pos] = row;
    td->count++;
    add_columns(td, row);
    if (per_row)
        for (v = td->views; v; v = view_next(v)) view_row_added(v, row, TRUE, nl);
    return S_OK;
}

/* Takes a row out of the store and every view, and frees it. */
static void delete_row(table_data *td, table_row *row, tnotify_list *nl)
{
    struct view *v;
    ULONG pos;

    for (v = td->views; v; v = view_next(v)) view_row_deleted(v, row, TRUE, nl);
    hash_remove(td, row);
    pos = table_position(td, row);
    memmove(td->rows + pos, td->rows + pos + 1, (td->count - pos - 1) * sizeof(*td->rows));
    td->count--;
    free_row(row);
}

/* Copies a whole row into one SRow buffer from the table's allocator. */
static HRESULT copy_srow(table_data *td, const table_row *row, LPSRow *out)
{
    const ULONG *sizes = trow_sizes(row);
    ULONGLONG total = ((sizeof(SRow) + 7) & ~7) + (ULONGLONG)row->cValues * sizeof(SPropValue);
    SRow *srow;
    BYTE *data;
    ULONG i;
    HRESULT hr;

    for (i = 0; i < row->cValues; i++) total += sizes[i];
    if (total > 0x7fffffff) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = td->alloc_buffer((ULONG)total, (void **)&srow))) return hr;
    srow->ulAdrEntryPad = 0;
    srow->cValues = row->cValues;
    srow->lpProps = (SPropValue *)((BYTE *)srow + ((sizeof(SRow) + 7) & ~7));
    data = (BYTE *)(srow->lpProps + row->cValues);
    for (i = 0; i < row->cValues; i++)
        data = teval_value_copy(&srow->lpProps[i], &row->props[i], data, sizes[i]);
    *out = srow;
    return S_OK;
}

/* ---- ITableData ---- */

static HRESULT WINAPI tabledata_QueryInterface(ITableData *iface, REFIID riid, void **out)
{
    if (!out) return E_INVALIDARG;
    *out = NULL;
    if (!riid) return E_INVALIDARG;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPITableData))
    {
        *out = iface;
        ITableData_AddRef(iface);
        TRACE("(%p) -> S_OK", iface);
        return S_OK;
    }
    TRACE("(%p) -> E_NOINTERFACE", iface);
    return E_NOINTERFACE;
}

static ULONG WINAPI tabledata_AddRef(ITableData *iface)
{
    table_data *td = impl_from_ITableData(iface);
    ULONG refs = InterlockedIncrement(&td->refs);

    TRACE("(%p) -> %lu", iface, refs);
    return refs;
}

/* Views hold a reference each, so at zero no view is left. */
static ULONG WINAPI tabledata_Release(ITableData *iface)
{
    table_data *td = impl_from_ITableData(iface);
    ULONG refs = InterlockedDecrement(&td->refs), i;

    TRACE("(%p) -> %lu", iface, refs);
    if (refs) return refs;
    for (i = 0; i < td->count; i++) free_row(td->rows[i]);
    HeapFree(GetProcessHeap(), 0, td->rows);
    HeapFree(GetProcessHeap(), 0, td->buckets);
    HeapFree(GetProcessHeap(), 0, td->cols);
    HeapFree(GetProcessHeap(), 0, td->colset);
    DeleteCriticalSection(&td->cs);
    HeapFree(GetProcessHeap(), 0, td);
    return 0;
}

/* A new IMAPITable view, sorted as asked (itabledata-hrgetview.md). */
static HRESULT WINAPI tabledata_HrGetView(ITableData *iface, LPSSortOrderSet lpSSortOrderSet,
                                          CALLERRELEASE *lpfCallerRelease, ULONG_PTR ulCallerData,
                                          LPMAPITABLE *lppMAPITable)
{
    table_data *td = impl_from_ITableData(iface);
    HRESULT hr;

    if (!lppMAPITable) hr = MAPI_E_INVALID_PARAMETER;
    else
    {
        *lppMAPITable = NULL;
        if (!lpSSortOrderSet || SUCCEEDED(hr = teval_check_sort(lpSSortOrderSet)))
        {
            EnterCriticalSection(&td->cs);
            hr = view_create(td, lpSSortOrderSet, lpfCallerRelease, ulCallerData, lppMAPITable);
            LeaveCriticalSection(&td->cs);
        }
    }
    TRACE("(%p, %p, %p, %#Ix, %p) -> %#lx", iface, lpSSortOrderSet, lpfCallerRelease, ulCallerData,
          lppMAPITable, hr);
    return hr;
}

/* Adds a row, or replaces the one with the same index value
 * (itabledata-hrmodifyrow.md). */
static HRESULT WINAPI tabledata_HrModifyRow(ITableData *iface, LPSRow lpSRow)
{
    table_data *td = impl_from_ITableData(iface);
    tnotify_list nl = { 0 };
    HRESULT hr;

    if (!lpSRow) hr = MAPI_E_INVALID_PARAMETER;
    else
    {
        EnterCriticalSection(&td->cs);
        hr = put_row(td, lpSRow, (ULONG)-1, FALSE, TRUE, &nl);
        LeaveCriticalSection(&td->cs);
        tnotify_dispatch(&nl);
    }
    TRACE("(%p, %p) -> %#lx", iface, lpSRow, hr);
    return hr;
}

/* Deletes the row with this index value (itabledata-hrdeleterow.md). */
static HRESULT WINAPI tabledata_HrDeleteRow(ITableData *iface, LPSPropValue lpSPropValue)
{
    table_data *td = impl_from_ITableData(iface);
    tnotify_list nl = { 0 };
    table_row *row;
    HRESULT hr = S_OK;

    if (!lpSPropValue || IsBadReadPtr(lpSPropValue, sizeof(*lpSPropValue)) ||
        lpSPropValue->ulPropTag != td->index_tag)
        hr = MAPI_E_INVALID_PARAMETER;
    else
    {
        EnterCriticalSection(&td->cs);
        if ((row = table_lookup(td, lpSPropValue))) delete_row(td, row, &nl);
        else hr = MAPI_E_NOT_FOUND;
        LeaveCriticalSection(&td->cs);
        tnotify_dispatch(&nl);
    }
    TRACE("(%p, %p) -> %#lx", iface, lpSPropValue, hr);
    return hr;
}

/* Every property of the row with this index value, and its place in
 * insertion order (itabledata-hrqueryrow.md). */
static HRESULT WINAPI tabledata_HrQueryRow(ITableData *iface, LPSPropValue lpsPropValue, LPSRow *lppSRow,
                                           ULONG *lpuliRow)
{
    table_data *td = impl_from_ITableData(iface);
    table_row *row;
    HRESULT hr;

    if (!lpsPropValue || !lppSRow || IsBadReadPtr(lpsPropValue, sizeof(*lpsPropValue)) ||
        lpsPropValue->ulPropTag != td->index_tag)
        hr = MAPI_E_INVALID_PARAMETER;
    else
    {
        *lppSRow = NULL;
        EnterCriticalSection(&td->cs);
        if (!(row = table_lookup(td, lpsPropValue))) hr = MAPI_E_NOT_FOUND;
        else if (SUCCEEDED(hr = copy_srow(td, row, lppSRow)) && lpuliRow)
            *lpuliRow = table_position(td, row);
        LeaveCriticalSection(&td->cs);
    }
    TRACE("(%p, %p, %p, %p) -> %#lx", iface, lpsPropValue, lppSRow, lpuliRow, hr);
    return hr;
}

/* The row at a place in insertion order, or S_OK and NULL past the end
 * (itabledata-hrenumrow.md). */
static HRESULT WINAPI tabledata_HrEnumRow(ITableData *iface, ULONG ulRowNumber, LPSRow *lppSRow)
{
    table_data *td = impl_from_ITableData(iface);
    HRESULT hr = S_OK;

    if (!lppSRow) hr = MAPI_E_INVALID_PARAMETER;
    else
    {
        *lppSRow = NULL;
        EnterCriticalSection(&td->cs);
        if (ulRowNumber < td->count) hr = copy_srow(td, td->rows[ulRowNumber], lppSRow);
        LeaveCriticalSection(&td->cs);
    }
    TRACE("(%p, %lu, %p) -> %#lx", iface, ulRowNumber, lppSRow, hr);
    return hr;
}

/* Sends TABLE_ROW_MODIFIED for the row named by the values' index column,
 * changed or not (itabledata-hrnotify.md). */
static HRESULT WINAPI tabledata_HrNotify(ITableData *iface, ULONG ulFlags, ULONG cValues,
                                         LPSPropValue lpSPropValue)
{
    table_data *td = impl_from_ITableData(iface);
    tnotify_list nl = { 0 };
    const SPropValue *key;
    table_row *row;
    struct view *v;
    HRESULT hr = S_OK;

    if (ulFlags) hr = MAPI_E_UNKNOWN_FLAGS;
    else if (!lpSPropValue || IsBadReadPtr(lpSPropValue, (SIZE_T)cValues * sizeof(SPropValue)) ||
             !(key = row_key(td, lpSPropValue, cValues)))
        hr = MAPI_E_INVALID_PARAMETER;
    else
    {
        EnterCriticalSection(&td->cs);
        if (!(row = table_lookup(td, key))) hr = MAPI_E_NOT_FOUND;
        else
            for (v = td->views; v; v = view_next(v)) view_row_touched(v, row, &nl);
        LeaveCriticalSection(&td->cs);
        tnotify_dispatch(&nl);
    }
    TRACE("(%p, %#lx, %lu, %p) -> %#lx", iface, ulFlags, cValues, lpSPropValue, hr);
    return hr;
}

/* Inserts a new row at a place in insertion order: 0 is the first row, the
 * row count appends (itabledata-hrinsertrow.md). */
static HRESULT WINAPI tabledata_HrInsertRow(ITableData *iface, ULONG uliRow, LPSRow lpSRow)
{
    table_data *td = impl_from_ITableData(iface);
    tnotify_list nl = { 0 };
    HRESULT hr;

    if (!lpSRow) hr = MAPI_E_INVALID_PARAMETER;
    else
    {
        EnterCriticalSection(&td->cs);
        hr = uliRow > td->count ? MAPI_E_INVALID_PARAMETER : put_row(td, lpSRow, uliRow, TRUE, TRUE, &nl);
        LeaveCriticalSection(&td->cs);
        tnotify_dispatch(&nl);
    }
    TRACE("(%p, %lu, %p) -> %#lx", iface, uliRow, lpSRow, hr);
    return hr;
}

/* HrModifyRow for a set of rows; nothing changes if one of them has no index
 * column. Over eight rows, views get one TABLE_CHANGED
 * (itabledata-hrmodifyrows.md). */
static HRESULT WINAPI tabledata_HrModifyRows(ITableData *iface, ULONG ulFlags, LPSRowSet lpSRowSet)
{
    table_data *td = impl_from_ITableData(iface);
    tnotify_list nl = { 0 };
    struct view *v;
    HRESULT hr = S_OK;
    BOOL per_row;
    ULONG i;

    if (ulFlags) hr = MAPI_E_UNKNOWN_FLAGS;
    else if (!lpSRowSet || IsBadReadPtr(lpSRowSet, CbNewSRowSet(0)) ||
             IsBadReadPtr(lpSRowSet, CbNewSRowSet(lpSRowSet->cRows)))
        hr = MAPI_E_INVALID_PARAMETER;
    else
    {
        for (i = 0; i < lpSRowSet->cRows && SUCCEEDED(hr); i++)
        {
            const SRow *r = &lpSRowSet->aRow[i];
            ULONG j, size;
            if ((r->cValues && !r->lpProps) || IsBadReadPtr(r->lpProps, (SIZE_T)r->cValues * sizeof(SPropValue)) ||
                !row_key(td, r->lpProps, r->cValues))
                hr = MAPI_E_INVALID_PARAMETER;
            /* Every value is checked first, so that a bad one changes nothing. */
            for (j = 0; j < r->cValues && SUCCEEDED(hr); j++)
                if (PROP_TYPE(r->lpProps[j].ulPropTag) == PT_UNSPECIFIED || !teval_value_size(&r->lpProps[j], &size))
                    hr = MAPI_E_INVALID_PARAMETER;
        }
    }
    if (SUCCEEDED(hr))
    {
        per_row = lpSRowSet->cRows <= MAX_ROW_NOTIFICATIONS;
        EnterCriticalSection(&td->cs);
        if (!reserve_rows(td, lpSRowSet->cRows)) hr = MAPI_E_NOT_ENOUGH_MEMORY;
        for (i = 0; i < lpSRowSet->cRows && SUCCEEDED(hr); i++)
            hr = put_row(td, &lpSRowSet->aRow[i], (ULONG)-1, FALSE, per_row, &nl);
        if (!per_row && i)
            for (v = td->views; v; v = view_next(v)) view_rebuild(v, TRUE, &nl);
        LeaveCriticalSection(&td->cs);
        tnotify_dispatch(&nl);
    }
    TRACE("(%p, %#lx, %p) -> %#lx", iface, ulFlags, lpSRowSet, hr);
    return hr;
}

/* Deletes the rows named by each row's index column (unknown ones are
 * skipped), or with TAD_ALL_ROWS every row and one TABLE_RELOAD
 * (itabledata-hrdeleterows.md). */
static HRESULT WINAPI tabledata_HrDeleteRows(ITableData *iface, ULONG ulFlags, LPSRowSet lprowsetToDelete,
                                             ULONG *cRowsDeleted)
{
    table_data *td = impl_from_ITableData(iface);
    tnotify_list nl = { 0 };
    table_row *row;
    struct view *v;
    ULONG i, n = 0, k;
    HRESULT hr = S_OK;

    if (cRowsDeleted && !IsBadWritePtr(cRowsDeleted, sizeof(ULONG))) *cRowsDeleted = 0;
    if (ulFlags & ~TAD_ALL_ROWS) hr = MAPI_E_UNKNOWN_FLAGS;
    else if (!(ulFlags & TAD_ALL_ROWS) &&
             (!lprowsetToDelete || IsBadReadPtr(lprowsetToDelete, CbNewSRowSet(0)) ||
              IsBadReadPtr(lprowsetToDelete, CbNewSRowSet(lprowsetToDelete->cRows))))
        hr = MAPI_E_INVALID_PARAMETER;
    else if (!(ulFlags & TAD_ALL_ROWS))
    {
        for (i = 0; i < lprowsetToDelete->cRows && SUCCEEDED(hr); i++)
        {
            const SRow *r = &lprowsetToDelete->aRow[i];
            if ((r->cValues && !r->lpProps) || IsBadReadPtr(r->lpProps, (SIZE_T)r->cValues * sizeof(SPropValue)) ||
                !row_key(td, r->lpProps, r->cValues))
                hr = MAPI_E_INVALID_PARAMETER;
        }
    }
    if (FAILED(hr))
    {
        TRACE("(%p, %#lx, %p, %p) -> %#lx", iface, ulFlags, lprowsetToDelete, cRowsDeleted, hr);
        return hr;
    }

    EnterCriticalSection(&td->cs);
    if (ulFlags & TAD_ALL_ROWS)
    {
        for (v = td->views; v; v = view_next(v)) view_reset(v, &nl);
        for (i = 0; i < td->count; i++) free_row(td->rows[i]);
        n = td->count;
        td->count = 0;
        if (td->nbuckets) memset(td->buckets, 0, td->nbuckets * sizeof(*td->buckets));
    }
    else
    {
        /* Mark first: the same key may be listed twice. */
        for (i = 0; i < lprowsetToDelete->cRows; i++)
        {
            const SRow *r = &lprowsetToDelete->aRow[i];
            if ((row = table_lookup(td, row_key(td, r->lpProps, r->cValues))) && !row->dead)
            {
                row->dead = 1;
                n++;
            }
        }
        if (n <= MAX_ROW_NOTIFICATIONS)
        {
            for (i = 0; i < lprowsetToDelete->cRows; i++)
            {
                const SRow *r = &lprowsetToDelete->aRow[i];
                if ((row = table_lookup(td, row_key(td, r->lpProps, r->cValues)))) delete_row(td, row, &nl);
            }
        }
        else
        {
            for (v = td->views; v; v = view_next(v)) view_purge(v, TRUE, &nl);
            for (i = k = 0; i < td->count; i++)
            {
                row = td->rows[i];
                if (row->dead)
                {
                    hash_remove(td, row);
                    free_row(row);
                }
                else td->rows[k++] = row;
            }
            td->count = k;
        }
    }
    LeaveCriticalSection(&td->cs);
    tnotify_dispatch(&nl);
    if (cRowsDeleted && !IsBadWritePtr(cRowsDeleted, sizeof(ULONG))) *cRowsDeleted = n;
    TRACE("(%p, %#lx, %p, %p) -> S_OK, %lu deleted", iface, ulFlags, lprowsetToDelete, cRowsDeleted, n);
    return S_OK;
}

static BOOL valid_index_type(ULONG type)
{
    switch (type)
    {
    case PT_I2: case PT_LONG: case PT_R4: case PT_DOUBLE: case PT_CURRENCY: case PT_APPTIME:
    case PT_BOOLEAN: case PT_I8: case PT_SYSTIME: case PT_STRING8: case PT_UNICODE:
    case PT_BINARY: case PT_CLSID:
        return TRUE;
    }
    return FALSE;
}

/* Creates an empty table whose rows are unique by ulPropTagIndexColumn;
 * views on it report ulTableType, and start with lpSPropTagArrayColumns as
 * their columns, plus any a row adds (createtable.md). */
SCODE WINAPI CreateTable(LPCIID lpInterface, ALLOCATEBUFFER *lpAllocateBuffer, ALLOCATEMORE *lpAllocateMore,
                         FREEBUFFER *lpFreeBuffer, LPVOID lpvReserved, ULONG ulTableType,
                         ULONG ulPropTagIndexColumn, LPSPropTagArray lpSPropTagArrayColumns,
                         LPTABLEDATA *lppTableData)
{
    table_data *td;
    SCODE sc = S_OK;
    ULONG i;

    if (!lppTableData || IsBadWritePtr(lppTableData, sizeof(*lppTableData))) sc = MAPI_E_INVALID_PARAMETER;
    else
    {
        *lppTableData = NULL;
        if (lpInterface && !IsEqualGUID(lpInterface, &IID_IMAPITableData)) sc = MAPI_E_INTERFACE_NOT_SUPPORTED;
        else if (!lpAllocateBuffer || !lpAllocateMore || !lpFreeBuffer || lpvReserved ||
                 ulTableType > TBLTYPE_DYNAMIC || !valid_index_type(PROP_TYPE(ulPropTagIndexColumn)) ||
                 !lpSPropTagArrayColumns || IsBadReadPtr(lpSPropTagArrayColumns, CbNewSPropTagArray(0)) ||
                 lpSPropTagArrayColumns->cValues > 0x100000 ||
                 IsBadReadPtr(lpSPropTagArrayColumns, CbSPropTagArray(lpSPropTagArrayColumns)))
            sc = MAPI_E_INVALID_PARAMETER;
    }
    if (FAILED(sc))
    {
        TRACE("(%p, %p, %p, %p, %p, %lu, %#lx, %p, %p) -> %#lx", lpInterface, lpAllocateBuffer, lpAllocateMore,
              lpFreeBuffer, lpvReserved, ulTableType, ulPropTagIndexColumn, lpSPropTagArrayColumns,
              lppTableData, sc);
        return sc;
    }
    if (!(td = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*td)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    td->ITableData_iface.lpVtbl = (ITableDataVtbl *)&table_data_vtbl;
    td->refs = 1;
    InitializeCriticalSection(&td->cs);
    td->type = ulTableType;
    td->index_tag = ulPropTagIndexColumn;
    td->alloc_buffer = lpAllocateBuffer;
    td->alloc_more = lpAllocateMore;
    td->free_buffer = lpFreeBuffer;
    for (i = 0; i < lpSPropTagArrayColumns->cValues; i++)
    {
        if (!add_column(td, lpSPropTagArrayColumns->aulPropTag[i]))
        {
            tabledata_Release(&td->ITableData_iface);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
    }
    *lppTableData = &td->ITableData_iface;
    TRACE("(%p, %p, %p, %p, %p, %lu, %#lx, %p, %p) -> S_OK, %p", lpInterface, lpAllocateBuffer,
          lpAllocateMore, lpFreeBuffer, lpvReserved, ulTableType, ulPropTagIndexColumn, lpSPropTagArrayColumns,
          lppTableData, td);
    return S_OK;
}

static const ITableDataVtbl table_data_vtbl =
{
    tabledata_QueryInterface,
    tabledata_AddRef,
    tabledata_Release,
    tabledata_HrGetView,
    tabledata_HrModifyRow,
    tabledata_HrDeleteRow,
    tabledata_HrQueryRow,
    tabledata_HrEnumRow,
    tabledata_HrNotify,
    tabledata_HrInsertRow,
    tabledata_HrModifyRows,
    tabledata_HrDeleteRows,
};
