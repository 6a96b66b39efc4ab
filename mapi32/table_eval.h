/* The table engine's internals, shared by tabledata.c (ITableData and the row
 * store), table.c (IMAPITable views) and table_eval.c (restrictions, sort
 * order, value comparison and row copies). Nothing here is exported: other
 * parts of the DLL use tables through CreateTable, ITableData and IMAPITable. */
#ifndef FREEMAPI_TABLE_EVAL_H
#define FREEMAPI_TABLE_EVAL_H

#include "mapi32_private.h"
#include <mapiutil.h>

/* ---- Rows ---- */

/* One row of the store. Views hold pointers to it; HrModifyRow swaps its
 * props block, so a row keeps its identity (and bookmarks on it) when it
 * changes. */
typedef struct table_row
{
    ULONGLONG order;            /* the row's place in insertion order: unique, gaps between */
    struct table_row *hnext;    /* chain of the index-column hash */
    ULONG hash;                 /* hash of the index-column value */
    ULONG cValues;
    ULONG dead;                 /* being deleted with others (view_purge) */
    SPropValue *props;          /* one heap block: values, then their data sizes, then data */
} table_row;

/* Data bytes (8-aligned pieces) of each value sit right after the values. */
static inline const ULONG *trow_sizes(const table_row *row)
{
    return (const ULONG *)(row->props + row->cValues);
}

/* ---- Value helpers (table_eval.c) ---- */

/* Validates a value and returns the bytes its data takes when copied (each
 * separately allocated piece 8-aligned); FALSE for a bad value. */
BOOL teval_value_size(const SPropValue *v, ULONG *size);

/* Copies src's data to 'data' and points dst at it; returns the end. */
BYTE *teval_value_copy(SPropValue *dst, const SPropValue *src, BYTE *data, ULONG size);

/* Makes the heap block a row keeps: NULL when a value is bad or memory is short. */
SPropValue *teval_row_block(ULONG n, const SPropValue *props);

/* A row's value for a column tag: the exact tag, or by ID for PT_UNSPECIFIED;
 * MVI columns find the multi-valued property. *hint (may be NULL) remembers
 * where it was found, since rows tend to share a layout. */
const SPropValue *teval_find(const SPropValue *props, ULONG n, ULONG tag, ULONG *hint);

/* Copies a row's values for 'cols' (PT_ERROR/MAPI_E_NOT_FOUND where the row
 * has none, PR_NULL for PR_NULL columns) plus 'nextra' extra values after
 * them into one block from 'alloc' (HeapAlloc when alloc is NULL). */
SCODE teval_copy_columns(const table_row *row, const ULONG *cols, ULONG ncols, ULONG *hints,
                         const SPropValue *extra, ULONG nextra, ALLOCATEBUFFER *alloc,
                         SPropValue **out);

/* Orders two values of the same type the way the table sorts and restricts:
 * strings case-insensitively by the user's locale collation, binaries by
 * bytes then length, multi-valued ones element by element. */
LONG teval_compare_values(const SPropValue *a, const SPropValue *b);

/* Are two index-column values the same key? And a hash of one. */
BOOL teval_same_key(const SPropValue *a, const SPropValue *b);
ULONG teval_hash_key(const SPropValue *v);

/* ---- Restrictions ---- */

typedef struct tres tres;

/* Validates and copies a restriction into a form that is quick to evaluate:
 * MAPI_E_INVALID_PARAMETER for malformed ones, MAPI_E_TOO_COMPLEX for what an
 * in-memory table cannot do (RES_SUBRESTRICTION, RES_COUNT, mismatched types). */
HRESULT teval_compile(const SRestriction *res, tres **out);
void teval_free(tres *r);
BOOL teval_match(const tres *r, const SPropValue *props, ULONG n);
/* The value when r is "tag == value" (a FindRow on the index column can use
 * the hash), else NULL. */
const SPropValue *teval_equality_on(const tres *r, ULONG tag);

/* ---- Sort orders ---- */

typedef struct tsortkey
{
    ULONG tag;
    ULONG desc;
} tsortkey;

/* Checks an SSortOrderSet: MAPI_E_INVALID_PARAMETER, MAPI_E_TOO_COMPLEX
 * (categories, unsortable types) or S_OK. */
HRESULT teval_check_sort(const SSortOrderSet *sort);

/* Orders two rows under the keys, ties broken by insertion order. */
LONG teval_compare_rows(const tsortkey *keys, ULONG nkeys, const table_row *a, const table_row *b);

/* Sorts rows under the keys (a total order: ties by insertion order); FALSE
 * when memory is short. */
BOOL teval_sort_rows(const tsortkey *keys, ULONG nkeys, table_row **rows, ULONG count);

/* ---- The store and its views ---- */

struct view;

/* A view's key in the notification engine, laid out as a NOTIFKEY: a fixed
 * prefix, the view's address and a per-process serial (an address can be
 * reused, the serial cannot). */
#define TVIEW_KEY_CB (8 + sizeof(void *) + sizeof(LONG64))
typedef struct tview_key
{
    ULONG cb;
    BYTE ab[TVIEW_KEY_CB];
} tview_key;

/* Notifications gathered under the lock and fired after it, one per view
 * with subscriptions (the engine finds the sinks). */
typedef struct tnotify_item
{
    tview_key key;
    NOTIFICATION n;
    void *block;                /* HeapAlloc'd data the notification points into, or NULL */
} tnotify_item;

typedef struct tnotify_list
{
    tnotify_item *items;
    ULONG count, cap;
} tnotify_list;

void tnotify_dispatch(tnotify_list *list);

typedef struct table_data
{
    ITableData ITableData_iface;
    LONG refs;
    CRITICAL_SECTION cs;
    ULONG type;                  /* TBLTYPE_* as created */
    ULONG index_tag;
    ALLOCATEBUFFER *alloc_buffer;
    ALLOCATEMORE *alloc_more;
    FREEBUFFER *free_buffer;
    table_row **rows;            /* in insertion order (HrEnumRow, unsorted views) */
    ULONG count, cap;
    table_row **buckets;         /* hash of the index column */
    ULONG nbuckets;              /* a power of two */
    ULONG *cols;                 /* every column: the created ones, then ones rows added */
    ULONG ncols, capcols;
    ULONG *colset;               /* open-addressing set of those tags (0 = empty slot) */
    ULONG ncolset;               /* a power of two */
    struct view *views;          /* every open view */
} table_data;

/* tabledata.c */
table_row *table_lookup(table_data *td, const SPropValue *key);
ULONG table_position(const table_data *td, const table_row *row);

/* table.c: views. Every call below runs with td->cs held. */
HRESULT view_create(table_data *td, const SSortOrderSet *sort, CALLERRELEASE *release,
                    ULONG_PTR caller_data, IMAPITable **out);
/* Where the row is in the view now (before a change), or -1. */
LONG view_locate(struct view *v, const table_row *row);
/* A row was added, is about to change (view_prepare_change, with its old
 * values) and changed, or is about to be deleted; 'notify' says whether to
 * queue per-row notifications. */
void view_row_added(struct view *v, table_row *row, BOOL notify, tnotify_list *nl);
void view_prepare_change(struct view *v, const table_row *row);
void view_row_changed(struct view *v, table_row *row, BOOL notify, tnotify_list *nl);
void view_row_deleted(struct view *v, table_row *row, BOOL notify, tnotify_list *nl);
/* Rows marked dead are about to be freed: drop them, one TABLE_CHANGED. */
void view_purge(struct view *v, BOOL notify, tnotify_list *nl);
/* HrNotify: TABLE_ROW_MODIFIED for a visible row. */
void view_row_touched(struct view *v, table_row *row, tnotify_list *nl);
/* Many rows changed: rebuild the view and send one TABLE_CHANGED. */
void view_rebuild(struct view *v, BOOL notify, tnotify_list *nl);
/* Every row is gone: TABLE_RELOAD. */
void view_reset(struct view *v, tnotify_list *nl);
struct view *view_next(struct view *v);
/* Will the view want notifications? (No work is done for views without sinks.) */
BOOL view_has_sinks(const struct view *v);

#endif
