/* What the table tests share; see table_helpers.h. */
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include <mapix.h>
#include <mapiutil.h>
#include <mapiguid.h>

#include "table_helpers.h"

static SizedSPropTagArray(3, base_cols) = { 3, { T_ID, T_NAME, T_NUM } };

SPropValue pv(ULONG tag)
{
    SPropValue v;
    memset(&v, 0, sizeof(v));
    v.ulPropTag = tag;
    return v;
}
SPropValue pv_l(ULONG tag, LONG l) { SPropValue v = pv(tag); v.Value.l = l; return v; }
SPropValue pv_w(ULONG tag, const WCHAR *s) { SPropValue v = pv(tag); v.Value.lpszW = (WCHAR *)s; return v; }
SPropValue pv_a(ULONG tag, const char *s) { SPropValue v = pv(tag); v.Value.lpszA = (char *)s; return v; }
SPropValue pv_bin(ULONG tag, const void *p, ULONG cb)
{
    SPropValue v = pv(tag);
    v.Value.bin.cb = cb;
    v.Value.bin.lpb = (BYTE *)p;
    return v;
}

ITableData *new_table(ULONG type)
{
    ITableData *td = NULL;
    ck_assert_int_eq(CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                                 NULL, type, T_ID, (LPSPropTagArray)&base_cols, &td), S_OK);
    ck_assert_ptr_nonnull(td);
    return td;
}

HRESULT put_row(ITableData *td, ULONG n, SPropValue *props)
{
    SRow row = { 0, n, props };
    return ITableData_HrModifyRow(td, &row);
}

/* A row of the three base columns. */
HRESULT put3(ITableData *td, LONG id, const WCHAR *name, LONG num)
{
    SPropValue p[3] = { pv_l(T_ID, id), pv_w(T_NAME, name), pv_l(T_NUM, num) };
    return put_row(td, 3, p);
}

HRESULT insert_id(ITableData *td, ULONG pos, LONG id)
{
    SPropValue key = pv_l(T_ID, id);
    SRow row = { 0, 1, &key };
    return ITableData_HrInsertRow(td, pos, &row);
}

HRESULT del(ITableData *td, LONG id)
{
    SPropValue key = pv_l(T_ID, id);
    return ITableData_HrDeleteRow(td, &key);
}

IMAPITable *get_view(ITableData *td, LPSSortOrderSet sort)
{
    IMAPITable *t = NULL;
    ck_assert_int_eq(ITableData_HrGetView(td, sort, NULL, 0, &t), S_OK);
    ck_assert_ptr_nonnull(t);
    return t;
}

const SPropValue *find(const SRow *row, ULONG tag)
{
    ULONG i;
    for (i = 0; i < row->cValues; i++)
        if (row->lpProps[i].ulPropTag == tag) return &row->lpProps[i];
    return NULL;
}

/* The T_ID of every row from the cursor on (the view needs T_ID as a column). */
ULONG read_ids_from_cursor(IMAPITable *t, LONG *ids, ULONG max)
{
    SRowSet *rows = NULL;
    ULONG i, n = 0;
    const SPropValue *v;

    ck_assert_int_eq(IMAPITable_QueryRows(t, 0x7fffffff, 0, &rows), S_OK);
    for (i = 0; i < rows->cRows && n < max; i++)
    {
        ck_assert_ptr_nonnull(v = find(&rows->aRow[i], T_ID));
        ids[n++] = v->Value.l;
    }
    FreeProws(rows);
    return n;
}

ULONG read_ids(IMAPITable *t, LONG *ids, ULONG max)
{
    ck_assert_int_eq(IMAPITable_SeekRow(t, BOOKMARK_BEGINNING, 0, NULL), S_OK);
    return read_ids_from_cursor(t, ids, max);
}

ULONG row_count(IMAPITable *t)
{
    ULONG n = 12345;
    ck_assert_int_eq(IMAPITable_GetRowCount(t, 0, &n), S_OK);
    return n;
}

HRESULT restrict_to(IMAPITable *t, SRestriction *r)
{
    return IMAPITable_Restrict(t, r, 0);
}

HRESULT sort_by(IMAPITable *t, ULONG tag, ULONG order)
{
    SizedSSortOrderSet(1, s) = { 1, 0, 0, { { tag, order } } };
    return IMAPITable_SortTable(t, (LPSSortOrderSet)&s, 0);
}

ITableData *table_1_to(LONG n)
{
    ITableData *td = new_table(TBLTYPE_DYNAMIC);
    WCHAR name[16];
    LONG i;

    for (i = 1; i <= n; i++)
    {
        swprintf(name, 16, L"row %ld", i);
        ck_assert_int_eq(put3(td, i, name, i * 10), S_OK);
    }
    return td;
}

/* A restriction of this type, every other byte zero. */
static SRestriction r_zero(ULONG rt)
{
    SRestriction r;
    memset(&r, 0, sizeof(r));
    r.rt = rt;
    return r;
}

SRestriction r_content(ULONG fuzzy, ULONG tag, SPropValue *v)
{
    SRestriction r = r_zero(RES_CONTENT);
    r.res.resContent = (SContentRestriction){ fuzzy, tag, v };
    return r;
}

SRestriction r_prop(ULONG relop, ULONG tag, SPropValue *v)
{
    SRestriction r = r_zero(RES_PROPERTY);
    r.res.resProperty = (SPropertyRestriction){ relop, tag, v };
    return r;
}
