/* IMAPITable views on an ITableData (imapitableiunknown.md and the
 * imapitable-*.md pages). A view is an array of pointers to the store's
 * rows, kept filtered by its restriction and ordered by its sort keys (ties,
 * and unsorted views, in insertion order), so it follows every change to the
 * data at once: views are dynamic. Each view has its own columns,
 * restriction, sort order, cursor and bookmarks.
 *
 * The cursor is a gap between rows: a row inserted at the gap is read next.
 * Bookmarks point at rows; when a bookmarked row leaves the view, the
 * bookmark moves to the row that followed it and its next use returns
 * MAPI_W_POSITION_CHANGED (imapitable-seekrow.md).
 *
 * Not supported, by design of an in-memory table: categories (SortTable with
 * cCategories > 0 is MAPI_E_TOO_COMPLEX, ExpandRow and friends are
 * MAPI_E_NO_SUPPORT); RES_SUBRESTRICTION and RES_COUNT (MAPI_E_TOO_COMPLEX:
 * rows here have no recipient or attachment tables); and MVI_FLAG columns,
 * which return the whole multi-valued property instead of one row per value
 * (sorting on one is MAPI_E_TOO_COMPLEX). Notifications name rows by the
 * index column given to CreateTable, which stands in for PR_INSTANCE_KEY in
 * propIndex and propPrior.
 *
 * Every operation is synchronous: TBL_ASYNC and TBL_BATCH are accepted and
 * the work is done at once.
 *
 * Advise and Unadvise go through the notification engine (notify.c), each
 * view under a key of its own; the engine gives the connection numbers and
 * holds the sinks. Notifications are gathered under the table's lock and
 * fired after it is released. While MAPI is initialized they are delivered
 * as Windows does, asynchronously: on the first MAPIInitialize thread when
 * it pumps messages or calls HrDispatchNotifications, or on the engine's
 * thread with MAPI_MULTITHREAD_NOTIFICATIONS. A table is also a utility
 * (CreateTable needs no MAPIInitialize): without MAPI there is nowhere to
 * deliver later, so the sinks are called at once, on the thread that changed
 * the data. The last MAPIUninitialize drops every subscription, a table's
 * too. */
#include <string.h>

#include "table_eval.h"
#include "notify.h"
#include <mapiguid.h>

#define MAX_BOOKMARKS 0xfff0

typedef struct bookmark_slot
{
    table_row *row;        /* the marked row; NULL: the end of the view */
    LONG pos;              /* scratch while rows are purged */
    USHORT gen;            /* changes when the slot is freed, so stale handles fail */
    BYTE used;
    BYTE moved;            /* the row went away since the last use */
} bookmark_slot;

typedef struct view
{
    IMAPITable IMAPITable_iface;
    LONG refs;
    table_data *td;
    struct view *next, *prev;
    ULONG *cols;
    ULONG ncols;
    ULONG *hints;               /* where each column was found in the last row read */
    tres *res;
    tsortkey *keys;
    ULONG nkeys;
    table_row **idx;
    ULONG count, cap;
    ULONG cursor;
    LONG pending;               /* view_locate() before a change, for view_row_changed() */
    bookmark_slot *bms;
    ULONG nbms;
    ULONG_PTR *conns;           /* the engine's connections made through this view */
    ULONG nconns, capconns;
    tview_key key;              /* this view's key in the engine */
    CALLERRELEASE *release;
    ULONG_PTR caller_data;
    HRESULT last_error;
} view;

static inline view *impl_from_IMAPITable(IMAPITable *iface)
{
    return CONTAINING_RECORD(iface, view, IMAPITable_iface);
}

static const IMAPITableVtbl view_vtbl;
static LONG64 view_serial;   /* makes each view's notification key unique */

static inline void *heap_alloc(SIZE_T size) { return HeapAlloc(GetProcessHeap(), 0, size); }
static inline void heap_free(void *p) { HeapFree(GetProcessHeap(), 0, p); }

static void *heap_grow(void *p, ULONG *cap, ULONG need, SIZE_T elem)
{
    ULONG n = *cap ? *cap : 16;
    void *q;

    while (n < need) n = n > 0x7fffffff / 2 ? need : n * 2;
    if ((ULONGLONG)n * elem > 0x7fffffff) return NULL;
    q = p ? HeapReAlloc(GetProcessHeap(), 0, p, (SIZE_T)n * elem) : heap_alloc((SIZE_T)n * elem);
    if (q) *cap = n;
    return q;
}

/* Walks over rows in view order visit memory all over: fetch ahead. */
static inline void prefetch_rows(table_row *const *idx, ULONG i, ULONG n, int lines)
{
    if (i + 8 < n) __builtin_prefetch(idx[i + 8]);
    if (i + 4 < n)
    {
        const BYTE *block = (const BYTE *)idx[i + 4]->props;
        int k;
        for (k = 0; k < lines; k++) __builtin_prefetch(block + 64 * k);
    }
}

/* ---- Keeping the index array ---- */

static inline BOOL visible(const view *v, const table_row *row)
{
    return !v->res || teval_match(v->res, row->props, row->cValues);
}

static inline LONG cmp_rows(const view *v, const table_row *a, const table_row *b)
{
    if (!v->nkeys) return a->order < b->order ? -1 : a->order > b->order;
    return teval_compare_rows(v->keys, v->nkeys, a, b);
}

/* The first position whose row orders at or after 'row', skipping position
 * 'skip' (the row itself, whose old place may be stale), in a view of 'n'. */
static ULONG lower_bound(const view *v, const table_row *row, LONG skip)
{
    ULONG lo = 0, hi = v->count - (skip >= 0), mid;

    while (lo < hi)
    {
        mid = lo + (hi - lo) / 2;
        if (cmp_rows(v, v->idx[skip >= 0 && mid >= (ULONG)skip ? mid + 1 : mid], row) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

LONG view_locate(view *v, const table_row *row)
{
    ULONG i;

    if (!visible(v, row)) return -1;
    i = lower_bound(v, row, -1);
    if (i < v->count && v->idx[i] == row) return i;
    /* Only a collation that is not a total order gets here. */
    for (i = 0; i < v->count; i++)
        if (v->idx[i] == row) return i;
    return -1;
}

static BOOL insert_at(view *v, ULONG pos, table_row *row)
{
    table_row **grown;

    if (v->count == v->cap)
    {
        if (!(grown = heap_grow(v->idx, &v->cap, v->count + 1, sizeof(*grown)))) return FALSE;
        v->idx = grown;
    }
    memmove(v->idx + pos + 1, v->idx + pos, (v->count - pos) * sizeof(*v->idx));
    v->idx[pos] = row;
    v->count++;
    if (pos < v->cursor) v->cursor++;
    return TRUE;
}

/* Takes the row at pos out; bookmarks on it move to the row after it. */
static void remove_at(view *v, ULONG pos)
{
    table_row *row = v->idx[pos];
    ULONG i;

    memmove(v->idx + pos, v->idx + pos + 1, (v->count - pos - 1) * sizeof(*v->idx));
    v->count--;
    if (pos < v->cursor) v->cursor--;
    for (i = 0; i < v->nbms; i++)
    {
        if (v->bms[i].used && v->bms[i].row == row)
        {
            v->bms[i].row = pos < v->count ? v->idx[pos] : NULL;
            v->bms[i].moved = 1;
        }
    }
}

/* Fills the index array from the store: the visible rows, sorted. */
static HRESULT fill_from_store(view *v, table_row ***out, ULONG *count, ULONG *cap)
{
    table_data *td = v->td;
    table_row **rows;
    ULONG i, n = 0, size = td->count ? td->count : 1;

    if (!(rows = heap_alloc((SIZE_T)size * sizeof(*rows)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < td->count; i++)
    {
        if (v->res) prefetch_rows(td->rows, i, td->count, 2);
        if (visible(v, td->rows[i])) rows[n++] = td->rows[i];
    }
    if (!teval_sort_rows(v->keys, v->nkeys, rows, n))
    {
        heap_free(rows);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    *out = rows;
    *count = n;
    *cap = size;
    return S_OK;
}

/* Restrict and SortTable discard every bookmark (imapitable-restrict.md). */
static void drop_bookmarks(view *v)
{
    ULONG i;

    for (i = 0; i < v->nbms; i++)
    {
        if (v->bms[i].used) v->bms[i].gen++;
        v->bms[i].used = 0;
        v->bms[i].row = NULL;
    }
}

/* ---- Notifications ---- */

BOOL view_has_sinks(const view *v)
{
    return v->nconns != 0;
}

/* Gathers one table event for the view's subscriptions. For row events the
 * row (in the view's columns), its index value and the prior row's go into
 * one block, freed once the notification has been fired. */
static void notify(view *v, ULONG event, table_row *row, LONG pos, tnotify_list *nl)
{
    SPropValue extra[2], *block = NULL;
    tnotify_item *grown, *it;
    NOTIFICATION n;
    const SPropValue *key;
    ULONG i, nextra = 0;
    BOOL with_row = event == TABLE_ROW_ADDED || event == TABLE_ROW_MODIFIED;

    if (!v->nconns) return;
    if (nl->count == nl->cap)
    {
        if (!(grown = heap_grow(nl->items, &nl->cap, nl->count + 1, sizeof(*grown)))) return;
        nl->items = grown;
    }
    memset(&n, 0, sizeof(n));
    n.ulEventType = fnevTableModified;
    n.info.tab.ulTableEvent = event;
    n.info.tab.propIndex.ulPropTag = PR_NULL;
    n.info.tab.propPrior.ulPropTag = PR_NULL;
    if (row)
    {
        /* The index column stands for PR_INSTANCE_KEY: it is what names a row here. */
        if ((key = teval_find(row->props, row->cValues, v->td->index_tag, NULL))) extra[nextra++] = *key;
        else
        {
            memset(&extra[nextra], 0, sizeof(extra[0]));
            extra[nextra++].ulPropTag = PR_NULL;
        }
        if (with_row)
        {
            memset(&extra[nextra], 0, sizeof(extra[0]));
            extra[nextra].ulPropTag = PR_NULL;
            if (pos > 0 && (key = teval_find(v->idx[pos - 1]->props, v->idx[pos - 1]->cValues,
                                             v->td->index_tag, NULL)))
                extra[nextra] = *key;
            nextra++;
        }
        if (FAILED(teval_copy_columns(row, v->cols, with_row ? v->ncols : 0, v->hints, extra, nextra,
                                      NULL, &block)))
            return;
        i = with_row ? v->ncols : 0;
        n.info.tab.propIndex = block[i];
        if (with_row)
        {
            n.info.tab.propPrior = block[i + 1];
            n.info.tab.row.cValues = v->ncols;
            n.info.tab.row.lpProps = block;
        }
    }
    it = &nl->items[nl->count++];
    it->key = v->key;
    it->n = n;
    it->block = block;
}

/* Fires what was gathered, the table's lock released. The key is a copy, so
 * a view released meanwhile just has no subscriptions left. */
void tnotify_dispatch(tnotify_list *nl)
{
    ULONG i, flags, mode = notify_active() ? 0 : NOTIFY_SYNC;
    HRESULT hr;

    for (i = 0; i < nl->count; i++)
    {
        flags = mode;
        if (FAILED(hr = notify_fire((NOTIFKEY *)&nl->items[i].key, 1, &nl->items[i].n, &flags)))
            TRACE("table event %#lx not sent: %#lx", nl->items[i].n.info.tab.ulTableEvent, hr);
        heap_free(nl->items[i].block);
    }
    heap_free(nl->items);
    nl->items = NULL;
    nl->count = nl->cap = 0;
}

/* ---- Changes to the data (table lock held) ---- */

void view_row_added(view *v, table_row *row, BOOL notify_it, tnotify_list *nl)
{
    ULONG pos;

    if (!visible(v, row)) return;
    pos = lower_bound(v, row, -1);
    if (!insert_at(v, pos, row)) return;
    if (notify_it) notify(v, TABLE_ROW_ADDED, row, pos, nl);
}

void view_prepare_change(view *v, const table_row *row)
{
    v->pending = view_locate(v, row);
}

void view_row_changed(view *v, table_row *row, BOOL notify_it, tnotify_list *nl)
{
    LONG old = v->pending;
    BOOL now = visible(v, row);
    ULONG pos;

    v->pending = -1;
    if (old < 0)
    {
        if (now) view_row_added(v, row, notify_it, nl);
        return;
    }
    if (!now)
    {
        remove_at(v, old);
        if (notify_it) notify(v, TABLE_ROW_DELETED, row, -1, nl);
        return;
    }
    /* Move the row straight to its new place: only the rows in between shift. */
    pos = lower_bound(v, row, old);
    if (pos < (ULONG)old)
        memmove(v->idx + pos + 1, v->idx + pos, (old - pos) * sizeof(*v->idx));
    else if (pos > (ULONG)old)
        memmove(v->idx + old, v->idx + old + 1, (pos - old) * sizeof(*v->idx));
    v->idx[pos] = row;
    /* As a removal then an insertion, except that a row landing right at the
     * cursor stays on the side it was: a row already read is not read again. */
    {
        BOOL was_before = (ULONG)old < v->cursor;
        if (was_before) v->cursor--;
        if (pos < v->cursor || (pos == v->cursor && was_before)) v->cursor++;
    }
    if (notify_it) notify(v, TABLE_ROW_MODIFIED, row, pos, nl);
}

void view_row_deleted(view *v, table_row *row, BOOL notify_it, tnotify_list *nl)
{
    LONG pos = view_locate(v, row);

    if (pos < 0) return;
    remove_at(v, pos);
    if (notify_it) notify(v, TABLE_ROW_DELETED, row, -1, nl);
}

void view_row_touched(view *v, table_row *row, tnotify_list *nl)
{
    LONG pos = view_locate(v, row);

    if (pos >= 0) notify(v, TABLE_ROW_MODIFIED, row, pos, nl);
}

/* Takes out every row marked dead (about to be freed), in one pass. */
void view_purge(view *v, BOOL notify_it, tnotify_list *nl)
{
    ULONG i, k, n = 0, cursor = v->cursor;
    LONG p;

    /* A bookmark on a dead row moves to the first live row after it. */
    for (i = 0; i < v->nbms; i++)
    {
        v->bms[i].pos = -1;
        if (!v->bms[i].used || !v->bms[i].row || !v->bms[i].row->dead) continue;
        if ((p = view_locate(v, v->bms[i].row)) < 0) continue;
        for (k = 0; k < (ULONG)p; k++) if (v->idx[k]->dead) p--;
        v->bms[i].pos = p;
    }
    for (i = 0; i < v->count; i++)
    {
        if (v->idx[i]->dead)
        {
            if (i < v->cursor) cursor--;
            continue;
        }
        v->idx[n++] = v->idx[i];
    }
    v->count = n;
    v->cursor = cursor;
    for (i = 0; i < v->nbms; i++)
    {
        if (v->bms[i].pos < 0) continue;
        v->bms[i].row = (ULONG)v->bms[i].pos < n ? v->idx[v->bms[i].pos] : NULL;
        v->bms[i].moved = 1;
        v->bms[i].pos = -1;
    }
    if (notify_it) notify(v, TABLE_CHANGED, NULL, -1, nl);
}

void view_rebuild(view *v, BOOL notify_it, tnotify_list *nl)
{
    table_row *at_cursor = v->cursor < v->count ? v->idx[v->cursor] : NULL, **rows;
    ULONG count, cap, i;

    if (FAILED(fill_from_store(v, &rows, &count, &cap))) return;
    heap_free(v->idx);
    v->idx = rows;
    v->count = count;
    v->cap = cap;
    /* The cursor and bookmarks stay with their rows, or move to where the row would be. */
    v->cursor = at_cursor ? lower_bound(v, at_cursor, -1) : v->count;
    for (i = 0; i < v->nbms; i++)
    {
        ULONG pos;
        if (!v->bms[i].used || !v->bms[i].row || visible(v, v->bms[i].row)) continue;
        pos = lower_bound(v, v->bms[i].row, -1);
        v->bms[i].row = pos < v->count ? v->idx[pos] : NULL;
        v->bms[i].moved = 1;
    }
    if (notify_it) notify(v, TABLE_CHANGED, NULL, -1, nl);
}

void view_reset(view *v, tnotify_list *nl)
{
    v->count = 0;
    v->cursor = 0;
    drop_bookmarks(v);
    notify(v, TABLE_RELOAD, NULL, -1, nl);
}

view *view_next(view *v)
{
    return v->next;
}

/* ---- IMAPITable ---- */

static inline void lock(view *v) { EnterCriticalSection(&v->td->cs); }
static inline void unlock(view *v) { LeaveCriticalSection(&v->td->cs); }

/* Remembers a failure for GetLastError and returns it. */
static inline HRESULT fail(view *v, HRESULT hr)
{
    if (FAILED(hr)) v->last_error = hr;
    return hr;
}

static HRESULT WINAPI view_QueryInterface(IMAPITable *iface, REFIID riid, void **out)
{
    view *v = impl_from_IMAPITable(iface);

    if (!out) return E_INVALIDARG;
    *out = NULL;
    if (!riid) return E_INVALIDARG;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPITable))
    {
        *out = &v->IMAPITable_iface;
        IMAPITable_AddRef(iface);
        TRACE("(%p) -> S_OK", iface);
        return S_OK;
    }
    TRACE("(%p) -> E_NOINTERFACE", iface);
    return E_NOINTERFACE;
}

static ULONG WINAPI view_AddRef(IMAPITable *iface)
{
    view *v = impl_from_IMAPITable(iface);
    ULONG refs = InterlockedIncrement(&v->refs);

    TRACE("(%p) -> %lu", iface, refs);
    return refs;
}

static ULONG WINAPI view_Release(IMAPITable *iface)
{
    view *v = impl_from_IMAPITable(iface);
    ULONG refs = InterlockedDecrement(&v->refs), i;
    table_data *td = v->td;

    TRACE("(%p) -> %lu", iface, refs);
    if (refs) return refs;
    /* The owner hears of it first, while the view is still whole (itabledata-hrgetview.md). */
    if (v->release) v->release(v->caller_data, &td->ITableData_iface, iface);
    EnterCriticalSection(&td->cs);
    if (v->prev) v->prev->next = v->next;
    else td->views = v->next;
    if (v->next) v->next->prev = v->prev;
    LeaveCriticalSection(&td->cs);
    /* Its sinks go now (or when an OnNotify running on them returns). */
    for (i = 0; i < v->nconns; i++) notify_unsubscribe(v->conns[i]);
    heap_free(v->conns);
    heap_free(v->bms);
    heap_free(v->idx);
    heap_free(v->cols);
    heap_free(v->hints);
    heap_free(v->keys);
    teval_free(v->res);
    heap_free(v);
    ITableData_Release(&td->ITableData_iface);
    return 0;
}

static const char *error_text(HRESULT hr)
{
    switch (hr)
    {
    case MAPI_E_INVALID_PARAMETER:  return "A parameter was not valid.";
    case MAPI_E_UNKNOWN_FLAGS:      return "Flags were given that the method does not know.";
    case MAPI_E_TOO_COMPLEX:        return "The restriction or sort order is more than this table can evaluate.";
    case MAPI_E_INVALID_BOOKMARK:   return "The bookmark is not valid or was discarded.";
    case MAPI_E_NOT_FOUND:          return "No row matched.";
    case MAPI_E_NO_SUPPORT:         return "This table has no categories.";
    case MAPI_E_NOT_ENOUGH_MEMORY:  return "Not enough memory.";
    case MAPI_E_UNABLE_TO_COMPLETE: return "Too many bookmarks.";
    }
    return NULL;
}

/* Describes the view's last failure; no error information (NULL) for others
 * (imapitable-getlasterror.md). */
static HRESULT WINAPI view_GetLastError(IMAPITable *iface, HRESULT hResult, ULONG ulFlags,
                                        LPMAPIERROR *lppMAPIError)
{
    static const char component[] = "FreeMAPI table";
    view *v = impl_from_IMAPITable(iface);
    const char *text;
    MAPIERROR *err;
    SIZE_T len, clen, i, cw = (ulFlags & MAPI_UNICODE) ? sizeof(WCHAR) : 1;
    BYTE *p;
    SCODE sc;

    if (ulFlags & ~MAPI_UNICODE) return fail(v, MAPI_E_UNKNOWN_FLAGS);
    if (!lppMAPIError) return fail(v, MAPI_E_INVALID_PARAMETER);
    *lppMAPIError = NULL;
    if (!FAILED(hResult) || hResult != v->last_error || !(text = error_text(hResult)))
    {
        TRACE("(%p, %#lx, %#lx) -> S_OK, no information", iface, hResult, ulFlags);
        return S_OK;
    }
    len = strlen(text) + 1;
    clen = sizeof(component);
    if (FAILED(sc = v->td->alloc_buffer((ULONG)(sizeof(*err) + (len + clen) * cw), (void **)&err)))
        return sc;
    memset(err, 0, sizeof(*err));
    err->ulVersion = MAPI_ERROR_VERSION;
    p = (BYTE *)(err + 1);
    for (i = 0; i < len; i++)
        if (cw == 1) p[i] = text[i]; else ((WCHAR *)p)[i] = (BYTE)text[i];
    err->lpszError = (LPTSTR)p;
    p += len * cw;
    for (i = 0; i < clen; i++)
        if (cw == 1) p[i] = component[i]; else ((WCHAR *)p)[i] = (BYTE)component[i];
    err->lpszComponent = (LPTSTR)p;
    err->ulLowLevelError = hResult;
    *lppMAPIError = err;
    TRACE("(%p, %#lx, %#lx) -> S_OK", iface, hResult, ulFlags);
    return S_OK;
}

/* Registers a sink for table notifications (imapitable-advise.md) with the
 * notification engine, under this view's key. */
static HRESULT WINAPI view_Advise(IMAPITable *iface, ULONG ulEventMask, LPMAPIADVISESINK lpAdviseSink,
                                  ULONG_PTR *lpulConnection)
{
    view *v = impl_from_IMAPITable(iface);
    ULONG_PTR *grown, conn = 0;
    HRESULT hr = S_OK;

    if (!ulEventMask || !lpAdviseSink || !lpulConnection)
    {
        TRACE("(%p, %#lx, %p, %p) -> MAPI_E_INVALID_PARAMETER", iface, ulEventMask, lpAdviseSink, lpulConnection);
        return fail(v, MAPI_E_INVALID_PARAMETER);
    }
    lock(v);
    /* Room first, so that a made subscription is never lost track of. */
    if (v->nconns == v->capconns)
    {
        if (!(grown = heap_grow(v->conns, &v->capconns, v->nconns + 1, sizeof(*grown))))
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else v->conns = grown;
    }
    if (SUCCEEDED(hr) &&
        SUCCEEDED(hr = notify_subscribe((NOTIFKEY *)&v->key, ulEventMask, 0, lpAdviseSink, &conn)))
    {
        v->conns[v->nconns++] = conn;
        *lpulConnection = conn;
    }
    unlock(v);
    TRACE("(%p, %#lx, %p, %p) -> %#lx, connection %Iu", iface, ulEventMask, lpAdviseSink, lpulConnection, hr,
          conn);
    return fail(v, hr);
}

/* Only this view's connections are known here (imapitable-unadvise.md). */
static HRESULT WINAPI view_Unadvise(IMAPITable *iface, ULONG_PTR ulConnection)
{
    view *v = impl_from_IMAPITable(iface);
    BOOL found = FALSE;
    ULONG i;

    if (!ulConnection) return fail(v, MAPI_E_INVALID_PARAMETER);
    lock(v);
    for (i = 0; i < v->nconns; i++)
    {
        if (v->conns[i] != ulConnection) continue;
        memmove(&v->conns[i], &v->conns[i + 1], (v->nconns - i - 1) * sizeof(v->conns[0]));
        v->nconns--;
        found = TRUE;
        break;
    }
    unlock(v);
    /* The sink may call back into us from Release: not under the lock. It may
     * be gone already (the last MAPIUninitialize drops every subscription). */
    if (found) notify_unsubscribe(ulConnection);
    TRACE("(%p, %Iu) -> %s", iface, ulConnection, found ? "S_OK" : "MAPI_E_NOT_FOUND");
    return found ? S_OK : fail(v, MAPI_E_NOT_FOUND);
}

/* Always complete: nothing is done asynchronously (imapitable-getstatus.md). */
static HRESULT WINAPI view_GetStatus(IMAPITable *iface, ULONG *lpulTableStatus, ULONG *lpulTableType)
{
    view *v = impl_from_IMAPITable(iface);

    if (!lpulTableStatus || !lpulTableType) return fail(v, MAPI_E_INVALID_PARAMETER);
    *lpulTableStatus = TBLSTAT_COMPLETE;
    *lpulTableType = v->td->type;
    TRACE("(%p) -> S_OK, %lu", iface, *lpulTableType);
    return S_OK;
}

static HRESULT copy_tags(const SPropTagArray *tags, ULONG **out)
{
    ULONG *cols;

    if (IsBadReadPtr(tags, CbNewSPropTagArray(0))) return MAPI_E_INVALID_PARAMETER;
    if (!tags->cValues || tags->cValues > 0x100000 || IsBadReadPtr(tags, CbSPropTagArray(tags)))
        return MAPI_E_INVALID_PARAMETER;
    if (!(cols = heap_alloc(tags->cValues * sizeof(ULONG)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memcpy(cols, tags->aulPropTag, tags->cValues * sizeof(ULONG));
    *out = cols;
    return S_OK;
}

/* Any tag may be a column: rows without it give PT_ERROR/MAPI_E_NOT_FOUND,
 * PR_NULL columns give PR_NULL (imapitable-setcolumns.md). */
static HRESULT WINAPI view_SetColumns(IMAPITable *iface, LPSPropTagArray lpPropTagArray, ULONG ulFlags)
{
    view *v = impl_from_IMAPITable(iface);
    ULONG *cols = NULL, *hints;
    HRESULT hr;

    if (ulFlags & ~(TBL_ASYNC | TBL_BATCH)) hr = MAPI_E_UNKNOWN_FLAGS;
    else if (!lpPropTagArray) hr = MAPI_E_INVALID_PARAMETER;
    else if (SUCCEEDED(hr = copy_tags(lpPropTagArray, &cols)) &&
             !(hints = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, lpPropTagArray->cValues * sizeof(ULONG))))
    {
        heap_free(cols);
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if (SUCCEEDED(hr))
    {
        lock(v);
        heap_free(v->cols);
        heap_free(v->hints);
        v->cols = cols;
        v->hints = hints;
        v->ncols = lpPropTagArray->cValues;
        unlock(v);
    }
    TRACE("(%p, %p, %#lx) -> %#lx", iface, lpPropTagArray, ulFlags, hr);
    return fail(v, hr);
}

/* The view's columns, or with TBL_ALL_COLUMNS every column the table has had
 * (imapitable-querycolumns.md). */
static HRESULT WINAPI view_QueryColumns(IMAPITable *iface, ULONG ulFlags, LPSPropTagArray *lpPropTagArray)
{
    view *v = impl_from_IMAPITable(iface);
    SPropTagArray *tags;
    const ULONG *src;
    ULONG n;
    HRESULT hr;

    if (ulFlags & ~TBL_ALL_COLUMNS) return fail(v, MAPI_E_UNKNOWN_FLAGS);
    if (!lpPropTagArray) return fail(v, MAPI_E_INVALID_PARAMETER);
    lock(v);
    src = (ulFlags & TBL_ALL_COLUMNS) ? v->td->cols : v->cols;
    n = (ulFlags & TBL_ALL_COLUMNS) ? v->td->ncols : v->ncols;
    if (SUCCEEDED(hr = v->td->alloc_buffer(CbNewSPropTagArray(n), (void **)&tags)))
    {
        tags->cValues = n;
        memcpy(tags->aulPropTag, src, n * sizeof(ULONG));
        *lpPropTagArray = tags;
    }
    unlock(v);
    TRACE("(%p, %#lx) -> %#lx, %lu columns", iface, ulFlags, hr, n);
    return fail(v, hr);
}

static HRESULT WINAPI view_GetRowCount(IMAPITable *iface, ULONG ulFlags, ULONG *lpulCount)
{
    view *v = impl_from_IMAPITable(iface);

    if (ulFlags) return fail(v, MAPI_E_UNKNOWN_FLAGS);
    if (!lpulCount) return fail(v, MAPI_E_INVALID_PARAMETER);
    lock(v);
    *lpulCount = v->count;
    unlock(v);
    TRACE("(%p) -> S_OK, %lu", iface, *lpulCount);
    return S_OK;
}

/* Where a bookmark stands now; S_OK, MAPI_W_POSITION_CHANGED when its row
 * went away since its last use, or MAPI_E_INVALID_BOOKMARK. */
static HRESULT resolve(view *v, BOOKMARK bk, ULONG *pos)
{
    bookmark_slot *b;
    ULONG slot;
    LONG at;

    switch (bk)
    {
    case BOOKMARK_BEGINNING: *pos = 0; return S_OK;
    case BOOKMARK_CURRENT:   *pos = v->cursor; return S_OK;
    case BOOKMARK_END:       *pos = v->count; return S_OK;
    }
    slot = (ULONG)(bk & 0xffff) - 3;
    if (slot >= v->nbms || !(b = &v->bms[slot])->used || b->gen != (USHORT)(bk >> 16) ||
        (bk >> 16) > 0xffff)
        return MAPI_E_INVALID_BOOKMARK;
    if (!b->row) *pos = v->count;
    else if ((at = view_locate(v, b->row)) >= 0) *pos = at;
    else return MAPI_E_INVALID_BOOKMARK;
    if (b->moved)
    {
        b->moved = 0;
        return MAPI_W_POSITION_CHANGED;
    }
    return S_OK;
}

/* Moves the cursor lRowCount rows from a bookmark, stopping at either end
 * (imapitable-seekrow.md). */
static HRESULT WINAPI view_SeekRow(IMAPITable *iface, BOOKMARK bkOrigin, LONG lRowCount, LONG *lplRowsSought)
{
    view *v = impl_from_IMAPITable(iface);
    ULONG origin;
    LONGLONG to;
    HRESULT hr;

    lock(v);
    if (SUCCEEDED(hr = resolve(v, bkOrigin, &origin)))
    {
        to = (LONGLONG)origin + lRowCount;
        if (to < 0) to = 0;
        if (to > v->count) to = v->count;
        v->cursor = (ULONG)to;
        if (lplRowsSought) *lplRowsSought = (LONG)(to - origin);
    }
    unlock(v);
    TRACE("(%p, %Iu, %ld, %p) -> %#lx", iface, bkOrigin, lRowCount, lplRowsSought, hr);
    return fail(v, hr);
}

/* Moves the cursor to a fraction of the view (imapitable-seekrowapprox.md). */
static HRESULT WINAPI view_SeekRowApprox(IMAPITable *iface, ULONG ulNumerator, ULONG ulDenominator)
{
    view *v = impl_from_IMAPITable(iface);

    if (!ulDenominator) return fail(v, MAPI_E_INVALID_PARAMETER);
    lock(v);
    v->cursor = ulNumerator >= ulDenominator ? v->count
                                             : (ULONG)((ULONGLONG)v->count * ulNumerator / ulDenominator);
    unlock(v);
    TRACE("(%p, %lu, %lu) -> S_OK", iface, ulNumerator, ulDenominator);
    return S_OK;
}

static HRESULT WINAPI view_QueryPosition(IMAPITable *iface, ULONG *lpulRow, ULONG *lpulNumerator,
                                         ULONG *lpulDenominator)
{
    view *v = impl_from_IMAPITable(iface);

    if (!lpulRow || !lpulNumerator || !lpulDenominator) return fail(v, MAPI_E_INVALID_PARAMETER);
    lock(v);
    *lpulRow = *lpulNumerator = v->cursor;
    *lpulDenominator = v->count ? v->count : 1;
    unlock(v);
    TRACE("(%p) -> S_OK, row %lu of %lu", iface, *lpulRow, *lpulDenominator);
    return S_OK;
}

/* Finds the first row at or after the bookmark (before it, DIR_BACKWARD)
 * that matches, and puts the cursor on it (imapitable-findrow.md). */
static HRESULT WINAPI view_FindRow(IMAPITable *iface, LPSRestriction lpRestriction, BOOKMARK bkOrigin,
                                   ULONG ulFlags)
{
    view *v = impl_from_IMAPITable(iface);
    const SPropValue *key;
    table_row *row;
    tres *res;
    ULONG origin, i;
    LONG pos;
    HRESULT hr;

    if (ulFlags & ~DIR_BACKWARD) return fail(v, MAPI_E_UNKNOWN_FLAGS);
    if (!lpRestriction) return fail(v, MAPI_E_INVALID_PARAMETER);
    if (FAILED(hr = teval_compile(lpRestriction, &res)))
    {
        TRACE("(%p, %p, %Iu, %#lx) -> %#lx", iface, lpRestriction, bkOrigin, ulFlags, hr);
        return fail(v, hr);
    }
    lock(v);
    if (SUCCEEDED(hr = resolve(v, bkOrigin, &origin)))
    {
        HRESULT found = MAPI_E_NOT_FOUND;
        if ((key = teval_equality_on(res, v->td->index_tag)))
        {
            /* A search for a key: the hash says which row, the view where it is. */
            if ((row = table_lookup(v->td, key)) && (pos = view_locate(v, row)) >= 0 &&
                ((ulFlags & DIR_BACKWARD) ? (ULONG)pos < origin : (ULONG)pos >= origin))
            {
                v->cursor = pos;
                found = S_OK;
            }
        }
        else if (ulFlags & DIR_BACKWARD)
        {
            for (i = origin; i-- > 0;)
            {
                if (i >= 8)
                {
                    __builtin_prefetch(v->idx[i - 8]);
                    __builtin_prefetch(v->idx[i - 4]->props);
                }
                if (teval_match(res, v->idx[i]->props, v->idx[i]->cValues)) break;
            }
            if (i != (ULONG)-1)
            {
                v->cursor = i;
                found = S_OK;
            }
        }
        else
        {
            for (i = origin; i < v->count; i++)
            {
                prefetch_rows(v->idx, i, v->count, 2);
                if (teval_match(res, v->idx[i]->props, v->idx[i]->cValues)) break;
            }
            if (i < v->count)
            {
                v->cursor = i;
                found = S_OK;
            }
        }
        if (FAILED(found)) hr = found;
    }
    unlock(v);
    teval_free(res);
    TRACE("(%p, %p, %Iu, %#lx) -> %#lx", iface, lpRestriction, bkOrigin, ulFlags, hr);
    return fail(v, hr);
}

/* Filters the view; NULL removes the filter. Bookmarks are discarded and the
 * cursor goes to the beginning (imapitable-restrict.md). */
static HRESULT WINAPI view_Restrict(IMAPITable *iface, LPSRestriction lpRestriction, ULONG ulFlags)
{
    view *v = impl_from_IMAPITable(iface);
    table_row **rows;
    tres *res = NULL;
    ULONG count, cap, i;
    HRESULT hr;

    if (ulFlags & ~(TBL_ASYNC | TBL_BATCH)) return fail(v, MAPI_E_UNKNOWN_FLAGS);
    if (lpRestriction && FAILED(hr = teval_compile(lpRestriction, &res)))
    {
        TRACE("(%p, %p, %#lx) -> %#lx", iface, lpRestriction, ulFlags, hr);
        return fail(v, hr);
    }
    lock(v);
    if (!v->res && res)
    {
        /* The view holds every row in order already: filter it in place. */
        tres *old = v->res;
        v->res = res;
        for (i = count = 0; i < v->count; i++)
        {
            prefetch_rows(v->idx, i, v->count, 2);
            if (visible(v, v->idx[i])) v->idx[count++] = v->idx[i];
        }
        v->count = count;
        res = old;
        hr = S_OK;
    }
    else
    {
        tres *old = v->res;
        v->res = res;
        if (SUCCEEDED(hr = fill_from_store(v, &rows, &count, &cap)))
        {
            heap_free(v->idx);
            v->idx = rows;
            v->count = count;
            v->cap = cap;
            res = old;
        }
        else v->res = old;
    }
    if (SUCCEEDED(hr))
    {
        drop_bookmarks(v);
        v->cursor = 0;
    }
    unlock(v);
    teval_free(res);
    TRACE("(%p, %p, %#lx) -> %#lx, %lu rows", iface, lpRestriction, ulFlags, hr, v->count);
    return fail(v, hr);
}

static HRESULT WINAPI view_CreateBookmark(IMAPITable *iface, BOOKMARK *lpbkPosition)
{
    view *v = impl_from_IMAPITable(iface);
    bookmark_slot *grown;
    ULONG i, cap;
    HRESULT hr = S_OK;

    if (!lpbkPosition) return fail(v, MAPI_E_INVALID_PARAMETER);
    lock(v);
    for (i = 0; i < v->nbms && v->bms[i].used; i++) ;
    if (i == v->nbms)
    {
        cap = v->nbms;
        if (v->nbms >= MAX_BOOKMARKS) hr = MAPI_E_UNABLE_TO_COMPLETE;
        else if (!(grown = heap_grow(v->bms, &cap, v->nbms + 1, sizeof(*grown)))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else
        {
            if (cap > MAX_BOOKMARKS) cap = MAX_BOOKMARKS;
            memset(grown + v->nbms, 0, (cap - v->nbms) * sizeof(*grown));
            v->bms = grown;
            v->nbms = cap;
        }
    }
    if (SUCCEEDED(hr))
    {
        v->bms[i].used = 1;
        v->bms[i].moved = 0;
        v->bms[i].row = v->cursor < v->count ? v->idx[v->cursor] : NULL;
        *lpbkPosition = ((BOOKMARK)v->bms[i].gen << 16) | (i + 3);
    }
    unlock(v);
    TRACE("(%p, %p) -> %#lx", iface, lpbkPosition, hr);
    return fail(v, hr);
}

static HRESULT WINAPI view_FreeBookmark(IMAPITable *iface, BOOKMARK bkPosition)
{
    view *v = impl_from_IMAPITable(iface);
    ULONG slot;
    HRESULT hr = S_OK;

    if (bkPosition <= BOOKMARK_END) return S_OK;
    lock(v);
    slot = (ULONG)(bkPosition & 0xffff) - 3;
    if (slot >= v->nbms || !v->bms[slot].used || v->bms[slot].gen != (USHORT)(bkPosition >> 16) ||
        (bkPosition >> 16) > 0xffff)
        hr = MAPI_E_INVALID_BOOKMARK;
    else
    {
        v->bms[slot].used = 0;
        v->bms[slot].row = NULL;
        v->bms[slot].gen++;
    }
    unlock(v);
    TRACE("(%p, %Iu) -> %#lx", iface, bkPosition, hr);
    return fail(v, hr);
}

/* Sorts the view; no columns means insertion order. Bookmarks are discarded
 * and the cursor goes to the beginning (imapitable-sorttable.md). */
static HRESULT WINAPI view_SortTable(IMAPITable *iface, LPSSortOrderSet lpSortCriteria, ULONG ulFlags)
{
    view *v = impl_from_IMAPITable(iface);
    tsortkey *keys = NULL, *old;
    ULONG i, n = 0;
    HRESULT hr;

    if (ulFlags & ~(TBL_ASYNC | TBL_BATCH)) return fail(v, MAPI_E_UNKNOWN_FLAGS);
    if (!lpSortCriteria) return fail(v, MAPI_E_INVALID_PARAMETER);
    if (FAILED(hr = teval_check_sort(lpSortCriteria)))
    {
        TRACE("(%p, %p, %#lx) -> %#lx", iface, lpSortCriteria, ulFlags, hr);
        return fail(v, hr);
    }
    n = lpSortCriteria->cSorts;
    if (n && !(keys = heap_alloc(n * sizeof(*keys)))) return fail(v, MAPI_E_NOT_ENOUGH_MEMORY);
    for (i = 0; i < n; i++)
    {
        keys[i].tag = lpSortCriteria->aSort[i].ulPropTag;
        keys[i].desc = lpSortCriteria->aSort[i].ulOrder == TABLE_SORT_DESCEND;
    }
    lock(v);
    if (teval_sort_rows(keys, n, v->idx, v->count))
    {
        old = v->keys;
        v->keys = keys;
        v->nkeys = n;
        keys = old;
        drop_bookmarks(v);
        v->cursor = 0;
    }
    else hr = MAPI_E_NOT_ENOUGH_MEMORY;
    unlock(v);
    heap_free(keys);
    TRACE("(%p, %p, %#lx) -> %#lx", iface, lpSortCriteria, ulFlags, hr);
    return fail(v, hr);
}

static HRESULT WINAPI view_QuerySortOrder(IMAPITable *iface, LPSSortOrderSet *lppSortCriteria)
{
    view *v = impl_from_IMAPITable(iface);
    SSortOrderSet *set;
    ULONG i;
    HRESULT hr;

    if (!lppSortCriteria) return fail(v, MAPI_E_INVALID_PARAMETER);
    lock(v);
    if (SUCCEEDED(hr = v->td->alloc_buffer(CbNewSSortOrderSet(v->nkeys), (void **)&set)))
    {
        set->cSorts = v->nkeys;
        set->cCategories = set->cExpanded = 0;
        for (i = 0; i < v->nkeys; i++)
        {
            set->aSort[i].ulPropTag = v->keys[i].tag;
            set->aSort[i].ulOrder = v->keys[i].desc ? TABLE_SORT_DESCEND : TABLE_SORT_ASCEND;
        }
        *lppSortCriteria = set;
    }
    unlock(v);
    TRACE("(%p) -> %#lx", iface, hr);
    return fail(v, hr);
}

/* Reads rows at the cursor: forwards for a positive count, the rows before
 * the cursor for a negative one (the cursor then stays on the first row
 * read). Each row is one buffer, as FreeProws expects
 * (imapitable-queryrows.md). */
static HRESULT WINAPI view_QueryRows(IMAPITable *iface, LONG lRowCount, ULONG ulFlags, LPSRowSet *lppRows)
{
    view *v = impl_from_IMAPITable(iface);
    ALLOCATEBUFFER *alloc = v->td->alloc_buffer;
    FREEBUFFER *free_buffer = v->td->free_buffer;
    SRowSet *set;
    ULONG start, n, i;
    HRESULT hr;

    if (ulFlags & ~TBL_NOADVANCE) return fail(v, MAPI_E_UNKNOWN_FLAGS);
    if (!lppRows || !lRowCount) return fail(v, MAPI_E_INVALID_PARAMETER);
    *lppRows = NULL;
    lock(v);
    if (lRowCount > 0)
    {
        start = v->cursor;
        n = (ULONG)lRowCount < v->count - start ? (ULONG)lRowCount : v->count - start;
    }
    else
    {
        ULONGLONG back = (ULONGLONG)(-(LONGLONG)lRowCount);
        start = back >= v->cursor ? 0 : v->cursor - (ULONG)back;
        n = v->cursor - start;
    }
    if (SUCCEEDED(hr = alloc(CbNewSRowSet(n), (void **)&set)))
    {
        for (i = 0; i < n; i++)
        {
            prefetch_rows(v->idx + start, i, n, 4);
            set->aRow[i].ulAdrEntryPad = 0;
            set->aRow[i].cValues = v->ncols;
            if (FAILED(hr = teval_copy_columns(v->idx[start + i], v->cols, v->ncols, v->hints, NULL, 0,
                                               alloc, &set->aRow[i].lpProps)))
                break;
        }
        if (FAILED(hr))
        {
            while (i--) free_buffer(set->aRow[i].lpProps);
            free_buffer(set);
        }
        else
        {
            set->cRows = n;
            if (lRowCount < 0) v->cursor = start;
            else if (!(ulFlags & TBL_NOADVANCE)) v->cursor = start + n;
            *lppRows = set;
        }
    }
    unlock(v);
    TRACE("(%p, %ld, %#lx, %p) -> %#lx, %lu rows", iface, lRowCount, ulFlags, lppRows, hr,
          SUCCEEDED(hr) ? n : 0);
    return fail(v, hr);
}

/* Nothing runs asynchronously, so there is nothing to stop (imapitable-abort.md). */
static HRESULT WINAPI view_Abort(IMAPITable *iface)
{
    TRACE("(%p) -> S_OK", iface);
    return S_OK;
}

/* Categories are not supported: ExpandRow, CollapseRow, GetCollapseState and
 * SetCollapseState check their arguments, then answer MAPI_E_NO_SUPPORT. */
static HRESULT WINAPI view_ExpandRow(IMAPITable *iface, ULONG cbInstanceKey, LPBYTE pbInstanceKey,
                                     ULONG ulRowCount, ULONG ulFlags, LPSRowSet *lppRows, ULONG *lpulMoreRows)
{
    view *v = impl_from_IMAPITable(iface);

    if (lppRows) *lppRows = NULL;
    if (lpulMoreRows) *lpulMoreRows = 0;
    if (!pbInstanceKey || !cbInstanceKey || (ulRowCount && !lppRows)) return fail(v, MAPI_E_INVALID_PARAMETER);
    if (ulFlags) return fail(v, MAPI_E_UNKNOWN_FLAGS);
    TRACE("(%p) -> MAPI_E_NO_SUPPORT", iface);
    return fail(v, MAPI_E_NO_SUPPORT);
}

static HRESULT WINAPI view_CollapseRow(IMAPITable *iface, ULONG cbInstanceKey, LPBYTE pbInstanceKey,
                                       ULONG ulFlags, ULONG *lpulRowCount)
{
    view *v = impl_from_IMAPITable(iface);

    if (lpulRowCount) *lpulRowCount = 0;
    if (!pbInstanceKey || !cbInstanceKey || !lpulRowCount) return fail(v, MAPI_E_INVALID_PARAMETER);
    if (ulFlags) return fail(v, MAPI_E_UNKNOWN_FLAGS);
    TRACE("(%p) -> MAPI_E_NO_SUPPORT", iface);
    return fail(v, MAPI_E_NO_SUPPORT);
}

static HRESULT WINAPI view_WaitForCompletion(IMAPITable *iface, ULONG ulFlags, ULONG ulTimeout,
                                             ULONG *lpulTableStatus)
{
    view *v = impl_from_IMAPITable(iface);

    if (ulFlags) return fail(v, MAPI_E_UNKNOWN_FLAGS);
    if (lpulTableStatus) *lpulTableStatus = TBLSTAT_COMPLETE;
    TRACE("(%p, %#lx, %lu) -> S_OK", iface, ulFlags, ulTimeout);
    return S_OK;
}

static HRESULT WINAPI view_GetCollapseState(IMAPITable *iface, ULONG ulFlags, ULONG cbInstanceKey,
                                            LPBYTE lpbInstanceKey, ULONG *lpcbCollapseState,
                                            LPBYTE *lppbCollapseState)
{
    view *v = impl_from_IMAPITable(iface);

    if (ulFlags) return fail(v, MAPI_E_UNKNOWN_FLAGS);
    if (!lpbInstanceKey || !lpcbCollapseState || !lppbCollapseState) return fail(v, MAPI_E_INVALID_PARAMETER);
    *lpcbCollapseState = 0;
    *lppbCollapseState = NULL;
    TRACE("(%p) -> MAPI_E_NO_SUPPORT", iface);
    return fail(v, MAPI_E_NO_SUPPORT);
}

static HRESULT WINAPI view_SetCollapseState(IMAPITable *iface, ULONG ulFlags, ULONG cbCollapseState,
                                            LPBYTE pbCollapseState, BOOKMARK *lpbkLocation)
{
    view *v = impl_from_IMAPITable(iface);

    if (ulFlags) return fail(v, MAPI_E_UNKNOWN_FLAGS);
    if (!pbCollapseState || !cbCollapseState || !lpbkLocation) return fail(v, MAPI_E_INVALID_PARAMETER);
    TRACE("(%p) -> MAPI_E_NO_SUPPORT", iface);
    return fail(v, MAPI_E_NO_SUPPORT);
}

/* A new view: every row, sorted, the table's columns, the cursor at the
 * beginning (itabledata-hrgetview.md). The table lock is held. */
HRESULT view_create(table_data *td, const SSortOrderSet *sort, CALLERRELEASE *release,
                    ULONG_PTR caller_data, IMAPITable **out)
{
    view *v;
    ULONG i, cap;
    LONG64 serial;
    HRESULT hr = MAPI_E_NOT_ENOUGH_MEMORY;

    if (!(v = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*v)))) return hr;
    v->IMAPITable_iface.lpVtbl = (IMAPITableVtbl *)&view_vtbl;
    v->refs = 1;
    v->td = td;
    v->release = release;
    v->caller_data = caller_data;
    v->pending = -1;
    v->ncols = td->ncols;
    v->key.cb = TVIEW_KEY_CB;
    memcpy(v->key.ab, "FMAPITBL", 8);
    serial = InterlockedIncrement64(&view_serial);
    memcpy(v->key.ab + 8, &v, sizeof(v));
    memcpy(v->key.ab + 8 + sizeof(v), &serial, sizeof(serial));
    if (!(v->cols = heap_alloc((td->ncols ? td->ncols : 1) * sizeof(ULONG))) ||
        !(v->hints = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, (td->ncols ? td->ncols : 1) * sizeof(ULONG))))
        goto failed;
    memcpy(v->cols, td->cols, td->ncols * sizeof(ULONG));
    if (sort && sort->cSorts)
    {
        if (!(v->keys = heap_alloc(sort->cSorts * sizeof(*v->keys)))) goto failed;
        v->nkeys = sort->cSorts;
        for (i = 0; i < v->nkeys; i++)
        {
            v->keys[i].tag = sort->aSort[i].ulPropTag;
            v->keys[i].desc = sort->aSort[i].ulOrder == TABLE_SORT_DESCEND;
        }
    }
    if (FAILED(hr = fill_from_store(v, &v->idx, &v->count, &cap))) goto failed;
    v->cap = cap;
    ITableData_AddRef(&td->ITableData_iface);
    v->next = td->views;
    if (td->views) td->views->prev = v;
    td->views = v;
    *out = &v->IMAPITable_iface;
    return S_OK;

failed:
    heap_free(v->cols);
    heap_free(v->hints);
    heap_free(v->keys);
    heap_free(v);
    return hr;
}

static const IMAPITableVtbl view_vtbl =
{
    view_QueryInterface,
    view_AddRef,
    view_Release,
    view_GetLastError,
    view_Advise,
    view_Unadvise,
    view_GetStatus,
    view_SetColumns,
    view_QueryColumns,
    view_GetRowCount,
    view_SeekRow,
    view_SeekRowApprox,
    view_QueryPosition,
    view_FindRow,
    view_Restrict,
    view_CreateBookmark,
    view_FreeBookmark,
    view_SortTable,
    view_QuerySortOrder,
    view_QueryRows,
    view_Abort,
    view_ExpandRow,
    view_CollapseRow,
    view_WaitForCompletion,
    view_GetCollapseState,
    view_SetCollapseState,
};
