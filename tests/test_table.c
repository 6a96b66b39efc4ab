/* The table engine: CreateTable, ITableData and its IMAPITable views
 * (tabledata.c, table.c, table_eval.c), through the DLL's exports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define INITGUID
#include <mapix.h>
#include <mapiutil.h>
#include <mapiguid.h>

#include "harness.h"

#define T_ID    PR_ROWID                          /* the index column */
#define T_NAME  PROP_TAG(PT_UNICODE, 0x6600)
#define T_NUM   PROP_TAG(PT_LONG, 0x6601)
#define T_TIME  PROP_TAG(PT_SYSTIME, 0x6602)
#define T_NAMEA PROP_TAG(PT_STRING8, 0x6603)
#define T_BIN   PROP_TAG(PT_BINARY, 0x6604)
#define T_DBL   PROP_TAG(PT_DOUBLE, 0x6605)
#define T_MV    PROP_TAG(PT_MV_UNICODE, 0x6606)
#define T_BOOL  PROP_TAG(PT_BOOLEAN, 0x6607)
#define T_I8    PROP_TAG(PT_I8, 0x6608)
#define T_GUID  PROP_TAG(PT_CLSID, 0x6609)
#define T_NUM2  PROP_TAG(PT_LONG, 0x660a)
#define T_MVL   PROP_TAG(PT_MV_LONG, 0x660b)
#define T_I2    PROP_TAG(PT_I2, 0x660c)

static SizedSPropTagArray(3, base_cols) = { 3, { T_ID, T_NAME, T_NUM } };

static SPropValue pv(ULONG tag)
{
    SPropValue v;
    memset(&v, 0, sizeof(v));
    v.ulPropTag = tag;
    return v;
}
static SPropValue pv_l(ULONG tag, LONG l) { SPropValue v = pv(tag); v.Value.l = l; return v; }
static SPropValue pv_w(ULONG tag, const WCHAR *s) { SPropValue v = pv(tag); v.Value.lpszW = (WCHAR *)s; return v; }
static SPropValue pv_a(ULONG tag, const char *s) { SPropValue v = pv(tag); v.Value.lpszA = (char *)s; return v; }
static SPropValue pv_bin(ULONG tag, const void *p, ULONG cb)
{
    SPropValue v = pv(tag);
    v.Value.bin.cb = cb;
    v.Value.bin.lpb = (BYTE *)p;
    return v;
}

static ITableData *new_table(ULONG type)
{
    ITableData *td = NULL;
    ck_assert_int_eq(CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                                 NULL, type, T_ID, (LPSPropTagArray)&base_cols, &td), S_OK);
    ck_assert_ptr_nonnull(td);
    return td;
}

static HRESULT put_row(ITableData *td, ULONG n, SPropValue *props)
{
    SRow row = { 0, n, props };
    return ITableData_HrModifyRow(td, &row);
}

/* A row of the three base columns. */
static HRESULT put3(ITableData *td, LONG id, const WCHAR *name, LONG num)
{
    SPropValue p[3] = { pv_l(T_ID, id), pv_w(T_NAME, name), pv_l(T_NUM, num) };
    return put_row(td, 3, p);
}

static HRESULT insert_id(ITableData *td, ULONG pos, LONG id)
{
    SPropValue key = pv_l(T_ID, id);
    SRow row = { 0, 1, &key };
    return ITableData_HrInsertRow(td, pos, &row);
}

static SRestriction exist_id = { RES_EXIST, .res.resExist = { 0, T_ID, 0 } };

static HRESULT del(ITableData *td, LONG id)
{
    SPropValue key = pv_l(T_ID, id);
    return ITableData_HrDeleteRow(td, &key);
}

static IMAPITable *get_view(ITableData *td, LPSSortOrderSet sort)
{
    IMAPITable *t = NULL;
    ck_assert_int_eq(ITableData_HrGetView(td, sort, NULL, 0, &t), S_OK);
    ck_assert_ptr_nonnull(t);
    return t;
}

static const SPropValue *find(const SRow *row, ULONG tag)
{
    ULONG i;
    for (i = 0; i < row->cValues; i++)
        if (row->lpProps[i].ulPropTag == tag) return &row->lpProps[i];
    return NULL;
}

/* The T_ID of every row from the cursor on (the view needs T_ID as a column). */
static ULONG read_ids_from_cursor(IMAPITable *t, LONG *ids, ULONG max)
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

static ULONG read_ids(IMAPITable *t, LONG *ids, ULONG max)
{
    ck_assert_int_eq(IMAPITable_SeekRow(t, BOOKMARK_BEGINNING, 0, NULL), S_OK);
    return read_ids_from_cursor(t, ids, max);
}

/* Checks that the view reads exactly these ids, in this order. */
#define expect_ids(t, ...) do { \
    LONG want_[] = { __VA_ARGS__ }, got_[256]; \
    ULONG n_ = read_ids(t, got_, 256), i_; \
    ck_assert_msg(n_ == ARRAYSIZE(want_), "%lu rows, want %u", n_, (unsigned)ARRAYSIZE(want_)); \
    for (i_ = 0; i_ < n_; i_++) ck_assert_msg(got_[i_] == want_[i_], "row %lu: id %ld, want %ld", i_, got_[i_], want_[i_]); \
} while (0)

static ULONG row_count(IMAPITable *t)
{
    ULONG n = 12345;
    ck_assert_int_eq(IMAPITable_GetRowCount(t, 0, &n), S_OK);
    return n;
}

static HRESULT restrict_to(IMAPITable *t, SRestriction *r)
{
    return IMAPITable_Restrict(t, r, 0);
}

static HRESULT sort_by(IMAPITable *t, ULONG tag, ULONG order)
{
    SizedSSortOrderSet(1, s) = { 1, 0, 0, { { tag, order } } };
    return IMAPITable_SortTable(t, (LPSSortOrderSet)&s, 0);
}

/* ---- CreateTable and ITableData ---- */

START_TEST(create_table_bad_input)
{
    ITableData *td = (ITableData *)0xdead;
    static SizedSPropTagArray(1, cols) = { 1, { T_ID } };

    ck_assert_int_eq(CreateTable(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                 TBLTYPE_DYNAMIC, T_ID, (LPSPropTagArray)&cols, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(CreateTable(&IID_IMAPITable, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                 TBLTYPE_DYNAMIC, T_ID, (LPSPropTagArray)&cols, &td), MAPI_E_INTERFACE_NOT_SUPPORTED);
    ck_assert_ptr_null(td);
    ck_assert_int_eq(CreateTable(NULL, NULL, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                 TBLTYPE_DYNAMIC, T_ID, (LPSPropTagArray)&cols, &td), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(CreateTable(NULL, MAPIAllocateBuffer, NULL, MAPIFreeBuffer, NULL,
                                 TBLTYPE_DYNAMIC, T_ID, (LPSPropTagArray)&cols, &td), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(CreateTable(NULL, MAPIAllocateBuffer, MAPIAllocateMore, NULL, NULL,
                                 TBLTYPE_DYNAMIC, T_ID, (LPSPropTagArray)&cols, &td), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(CreateTable(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, (void *)1,
                                 TBLTYPE_DYNAMIC, T_ID, (LPSPropTagArray)&cols, &td), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(CreateTable(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                 7, T_ID, (LPSPropTagArray)&cols, &td), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(CreateTable(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                 TBLTYPE_DYNAMIC, PROP_TAG(PT_MV_LONG, 0x6000), (LPSPropTagArray)&cols, &td),
                     MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(CreateTable(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                 TBLTYPE_DYNAMIC, PROP_TAG(PT_ERROR, 0x6000), (LPSPropTagArray)&cols, &td),
                     MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(CreateTable(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                 TBLTYPE_DYNAMIC, PR_NULL, (LPSPropTagArray)&cols, &td), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(CreateTable(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                 TBLTYPE_DYNAMIC, T_ID, NULL, &td), MAPI_E_INVALID_PARAMETER);
    ck_assert_ptr_null(td);
    /* NULL for the interface means IID_IMAPITableData. */
    ck_assert_int_eq(CreateTable(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                 TBLTYPE_SNAPSHOT, PR_INSTANCE_KEY, (LPSPropTagArray)&cols, &td), S_OK);
    ck_assert_int_eq(ITableData_Release(td), 0);
}
END_TEST

START_TEST(tabledata_rows)
{
    ITableData *td = new_table(TBLTYPE_DYNAMIC);
    IUnknown *unk = NULL;
    SPropValue key, p[4];
    SRow *row = NULL, srow;
    ULONG n = 99;
    BYTE blob[3] = { 1, 2, 3 };

    ck_assert_int_eq(ITableData_QueryInterface(td, &IID_IUnknown, (void **)&unk), S_OK);
    ck_assert_ptr_eq(unk, td);
    IUnknown_Release(unk);
    ck_assert_int_eq(ITableData_QueryInterface(td, &IID_IMAPITableData, (void **)&unk), S_OK);
    IUnknown_Release(unk);
    ck_assert_int_eq(ITableData_QueryInterface(td, &IID_IMAPITable, (void **)&unk), E_NOINTERFACE);
    ck_assert_ptr_null(unk);

    ck_assert_int_eq(put3(td, 10, L"ten", 1), S_OK);
    ck_assert_int_eq(put3(td, 20, L"twenty", 2), S_OK);
    ck_assert_int_eq(put3(td, 30, L"thirty", 3), S_OK);
    /* Same index value: replaced in place, not added. */
    p[0] = pv_l(T_ID, 20); p[1] = pv_w(T_NAME, L"TWENTY"); p[2] = pv_bin(T_BIN, blob, 3);
    ck_assert_int_eq(put_row(td, 3, p), S_OK);

    key = pv_l(T_ID, 20);
    ck_assert_int_eq(ITableData_HrQueryRow(td, &key, &row, &n), S_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(row->cValues, 3);
    ck_assert_int_eq(find(row, T_ID)->Value.l, 20);
    ck_assert(!wcscmp(find(row, T_NAME)->Value.lpszW, L"TWENTY"));
    ck_assert_uint_eq(find(row, T_BIN)->Value.bin.cb, 3);
    ck_assert(!memcmp(find(row, T_BIN)->Value.bin.lpb, blob, 3));
    ck_assert_ptr_null(find(row, T_NUM));
    MAPIFreeBuffer(row);
    ck_assert_int_eq(ITableData_HrQueryRow(td, &key, &row, NULL), S_OK);
    MAPIFreeBuffer(row);
    key = pv_l(T_ID, 99);
    ck_assert_int_eq(ITableData_HrQueryRow(td, &key, &row, NULL), MAPI_E_NOT_FOUND);
    key = pv_l(T_NUM, 1);
    ck_assert_int_eq(ITableData_HrQueryRow(td, &key, &row, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(ITableData_HrQueryRow(td, NULL, &row, NULL), MAPI_E_INVALID_PARAMETER);
    key = pv_l(T_ID, 10);
    ck_assert_int_eq(ITableData_HrQueryRow(td, &key, NULL, NULL), MAPI_E_INVALID_PARAMETER);

    /* HrEnumRow walks insertion order; past the end is S_OK and NULL. */
    ck_assert_int_eq(ITableData_HrEnumRow(td, 2, &row), S_OK);
    ck_assert_int_eq(find(row, T_ID)->Value.l, 30);
    MAPIFreeBuffer(row);
    row = (SRow *)1;
    ck_assert_int_eq(ITableData_HrEnumRow(td, 3, &row), S_OK);
    ck_assert_ptr_null(row);
    ck_assert_int_eq(ITableData_HrEnumRow(td, 0, NULL), MAPI_E_INVALID_PARAMETER);

    /* HrInsertRow: at a place in insertion order; an existing key is refused. */
    p[0] = pv_l(T_ID, 5); p[1] = pv_w(T_NAME, L"five");
    srow.cValues = 2; srow.lpProps = p; srow.ulAdrEntryPad = 0;
    ck_assert_int_eq(ITableData_HrInsertRow(td, 0, &srow), S_OK);
    p[0] = pv_l(T_ID, 15);
    ck_assert_int_eq(ITableData_HrInsertRow(td, 2, &srow), S_OK);
    p[0] = pv_l(T_ID, 40);
    ck_assert_int_eq(ITableData_HrInsertRow(td, 5, &srow), S_OK);
    ck_assert_int_eq(ITableData_HrInsertRow(td, 0, &srow), MAPI_E_INVALID_PARAMETER);
    p[0] = pv_l(T_ID, 41);
    ck_assert_int_eq(ITableData_HrInsertRow(td, 7, &srow), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(ITableData_HrInsertRow(td, 0, NULL), MAPI_E_INVALID_PARAMETER);
    {
        IMAPITable *t = get_view(td, NULL);
        expect_ids(t, 5, 10, 15, 20, 30, 40);
        IMAPITable_Release(t);
    }
    key = pv_l(T_ID, 15);
    ck_assert_int_eq(ITableData_HrQueryRow(td, &key, &row, &n), S_OK);
    ck_assert_uint_eq(n, 2);
    MAPIFreeBuffer(row);

    /* Rows without the index column, and bad values, are refused. */
    p[0] = pv_l(T_NUM, 1);
    ck_assert_int_eq(put_row(td, 1, p), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(put_row(td, 0, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(ITableData_HrModifyRow(td, NULL), MAPI_E_INVALID_PARAMETER);
    p[0] = pv_l(T_ID, 50); p[1] = pv_a(T_NAMEA, NULL);
    ck_assert_int_eq(put_row(td, 2, p), MAPI_E_INVALID_PARAMETER);
    p[1] = pv(PROP_TAG(PT_UNSPECIFIED, 0x6000));
    ck_assert_int_eq(put_row(td, 2, p), MAPI_E_INVALID_PARAMETER);
    key = pv_l(T_ID, 50);
    ck_assert_int_eq(ITableData_HrQueryRow(td, &key, &row, NULL), MAPI_E_NOT_FOUND);

    /* HrDeleteRow */
    key = pv_l(T_ID, 15);
    ck_assert_int_eq(ITableData_HrDeleteRow(td, &key), S_OK);
    ck_assert_int_eq(ITableData_HrDeleteRow(td, &key), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(ITableData_HrDeleteRow(td, NULL), MAPI_E_INVALID_PARAMETER);
    key = pv_l(T_NUM, 10);
    ck_assert_int_eq(ITableData_HrDeleteRow(td, &key), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(ITableData_HrEnumRow(td, 1, &row), S_OK);
    ck_assert_int_eq(find(row, T_ID)->Value.l, 10);
    MAPIFreeBuffer(row);
    ck_assert_int_eq(ITableData_Release(td), 0);
}
END_TEST

START_TEST(tabledata_row_sets)
{
    ITableData *td = new_table(TBLTYPE_DYNAMIC);
    SPropValue props[20][2], bad[1];
    SRowSet *set = malloc(CbNewSRowSet(20));
    IMAPITable *t;
    ULONG i, n = 0;

    for (i = 0; i < 20; i++)
    {
        props[i][0] = pv_l(T_ID, i + 1);
        props[i][1] = pv_l(T_NUM, (LONG)i * 10);
        set->aRow[i].ulAdrEntryPad = 0;
        set->aRow[i].cValues = 2;
        set->aRow[i].lpProps = props[i];
    }
    set->cRows = 20;
    ck_assert_int_eq(ITableData_HrModifyRows(td, 0, set), S_OK);
    t = get_view(td, NULL);
    ck_assert_uint_eq(row_count(t), 20);

    /* One row without its index: nothing changes. */
    bad[0] = pv_l(T_NUM, 5);
    set->aRow[3].cValues = 1;
    set->aRow[3].lpProps = bad;
    props[0][1].Value.l = 999;
    ck_assert_int_eq(ITableData_HrModifyRows(td, 0, set), MAPI_E_INVALID_PARAMETER);
    {
        SPropValue key = pv_l(T_ID, 1);
        SRow *row;
        ck_assert_int_eq(ITableData_HrQueryRow(td, &key, &row, NULL), S_OK);
        ck_assert_int_eq(find(row, T_NUM)->Value.l, 0);
        MAPIFreeBuffer(row);
    }
    ck_assert_int_eq(ITableData_HrModifyRows(td, 1, set), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(ITableData_HrModifyRows(td, 0, NULL), MAPI_E_INVALID_PARAMETER);

    /* HrDeleteRows: unknown keys are skipped and not counted. */
    set->cRows = 3;
    set->aRow[0].lpProps = props[0];
    set->aRow[1].lpProps = props[1];
    set->aRow[2].lpProps = props[1];
    ck_assert_int_eq(ITableData_HrDeleteRows(td, 0, set, &n), S_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(row_count(t), 18);
    ck_assert_int_eq(ITableData_HrDeleteRows(td, 0, set, &n), S_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(ITableData_HrDeleteRows(td, 0, NULL, &n), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(ITableData_HrDeleteRows(td, 2, set, &n), MAPI_E_UNKNOWN_FLAGS);
    /* Many at once */
    for (i = 0; i < 12; i++) set->aRow[i].lpProps = props[i + 2], set->aRow[i].cValues = 2;
    set->cRows = 12;
    ck_assert_int_eq(ITableData_HrDeleteRows(td, 0, set, &n), S_OK);
    ck_assert_uint_eq(n, 12);
    expect_ids(t, 15, 16, 17, 18, 19, 20);
    ck_assert_int_eq(ITableData_HrDeleteRows(td, TAD_ALL_ROWS, NULL, &n), S_OK);
    ck_assert_uint_eq(n, 6);
    ck_assert_uint_eq(row_count(t), 0);
    ck_assert_int_eq(put3(td, 1, L"again", 1), S_OK);
    expect_ids(t, 1);
    IMAPITable_Release(t);
    ITableData_Release(td);
    free(set);
}
END_TEST

/* ---- Views: columns, status, the odd methods ---- */

START_TEST(view_columns)
{
    ITableData *td = new_table(TBLTYPE_DYNAMIC);
    IMAPITable *t = get_view(td, NULL), *t2;
    SPropTagArray *cols = NULL;
    SRowSet *rows = NULL;
    SPropValue p[3];
    static SizedSPropTagArray(6, set) = { 6, { T_NUM, PR_NULL, T_BIN, PROP_TAG(PT_UNSPECIFIED, 0x6600),
                                               PROP_TAG(PT_ERROR, 0x6601), T_ID } };
    static SizedSPropTagArray(0, none) = { 0 };

    ck_assert_int_eq(IMAPITable_QueryColumns(t, 0, &cols), S_OK);
    ck_assert_uint_eq(cols->cValues, 3);
    ck_assert_uint_eq(cols->aulPropTag[0], T_ID);
    ck_assert_uint_eq(cols->aulPropTag[2], T_NUM);
    MAPIFreeBuffer(cols);

    /* A row with a new column: available to the view, not in its column set. */
    p[0] = pv_l(T_ID, 1); p[1] = pv_l(T_NUM2, 42); p[2] = pv_w(T_NAME, L"one");
    ck_assert_int_eq(put_row(td, 3, p), S_OK);
    ck_assert_int_eq(IMAPITable_QueryColumns(t, 0, &cols), S_OK);
    ck_assert_uint_eq(cols->cValues, 3);
    MAPIFreeBuffer(cols);
    ck_assert_int_eq(IMAPITable_QueryColumns(t, TBL_ALL_COLUMNS, &cols), S_OK);
    ck_assert_uint_eq(cols->cValues, 4);
    ck_assert_uint_eq(cols->aulPropTag[3], T_NUM2);
    MAPIFreeBuffer(cols);
    /* ... and a new view starts with it. */
    t2 = get_view(td, NULL);
    ck_assert_int_eq(IMAPITable_QueryColumns(t2, 0, &cols), S_OK);
    ck_assert_uint_eq(cols->cValues, 4);
    MAPIFreeBuffer(cols);
    IMAPITable_Release(t2);
    /* Deleting it leaves the column. */
    ck_assert_int_eq(del(td, 1), S_OK);
    ck_assert_int_eq(IMAPITable_QueryColumns(t, TBL_ALL_COLUMNS, &cols), S_OK);
    ck_assert_uint_eq(cols->cValues, 4);
    MAPIFreeBuffer(cols);
    ck_assert_int_eq(put_row(td, 3, p), S_OK);

    /* Rows come in the view's columns: missing ones PT_ERROR/MAPI_E_NOT_FOUND,
     * PR_NULL kept, PT_UNSPECIFIED found by ID, a PT_ERROR tag never matches a value. */
    ck_assert_int_eq(IMAPITable_SetColumns(t, (LPSPropTagArray)&set, TBL_BATCH), S_OK);
    ck_assert_int_eq(IMAPITable_QueryColumns(t, 0, &cols), S_OK);
    ck_assert_uint_eq(cols->cValues, 6);
    ck_assert(!memcmp(cols->aulPropTag, set.aulPropTag, sizeof(set.aulPropTag)));
    MAPIFreeBuffer(cols);
    ck_assert_int_eq(IMAPITable_QueryRows(t, 1, 0, &rows), S_OK);
    ck_assert_uint_eq(rows->cRows, 1);
    ck_assert_uint_eq(rows->aRow[0].cValues, 6);
    ck_assert_uint_eq(rows->aRow[0].lpProps[0].ulPropTag, PROP_TAG(PT_ERROR, PROP_ID(T_NUM)));
    ck_assert_int_eq(rows->aRow[0].lpProps[0].Value.err, MAPI_E_NOT_FOUND);
    ck_assert_uint_eq(rows->aRow[0].lpProps[1].ulPropTag, PR_NULL);
    ck_assert_uint_eq(rows->aRow[0].lpProps[2].ulPropTag, PROP_TAG(PT_ERROR, PROP_ID(T_BIN)));
    ck_assert_uint_eq(rows->aRow[0].lpProps[3].ulPropTag, T_NAME);
    ck_assert(!wcscmp(rows->aRow[0].lpProps[3].Value.lpszW, L"one"));
    ck_assert_uint_eq(rows->aRow[0].lpProps[4].ulPropTag, PROP_TAG(PT_ERROR, 0x6601));
    ck_assert_int_eq(rows->aRow[0].lpProps[4].Value.err, MAPI_E_NOT_FOUND);
    ck_assert_uint_eq(rows->aRow[0].lpProps[5].ulPropTag, T_ID);
    ck_assert_int_eq(rows->aRow[0].lpProps[5].Value.l, 1);
    FreeProws(rows);

    ck_assert_int_eq(IMAPITable_SetColumns(t, NULL, 0), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IMAPITable_SetColumns(t, (LPSPropTagArray)&none, 0), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IMAPITable_SetColumns(t, (LPSPropTagArray)&set, 0x100), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IMAPITable_SetColumns(t, (LPSPropTagArray)&set, TBL_ASYNC), S_OK);
    ck_assert_int_eq(IMAPITable_QueryColumns(t, 2, &cols), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IMAPITable_QueryColumns(t, 0, NULL), MAPI_E_INVALID_PARAMETER);
    IMAPITable_Release(t);
    ITableData_Release(td);
}
END_TEST

static LONG release_calls;
static ULONG_PTR release_data;
static LPTABLEDATA release_td;
static LPMAPITABLE release_view;

static void WINAPI on_release(ULONG_PTR data, LPTABLEDATA td, LPMAPITABLE view)
{
    release_calls++;
    release_data = data;
    release_td = td;
    release_view = view;
}

START_TEST(view_misc)
{
    ITableData *td = new_table(TBLTYPE_SNAPSHOT);
    IMAPITable *t = NULL;
    IUnknown *unk = NULL;
    ULONG status = 99, type = 99, n = 5;
    SRowSet *rows = (SRowSet *)1;
    MAPIERROR *err = NULL;
    BYTE key[4] = { 1 };
    BYTE *state = (BYTE *)1;
    BOOKMARK bk;

    ck_assert_int_eq(ITableData_HrGetView(td, NULL, on_release, 0x1234, &t), S_OK);
    ck_assert_int_eq(ITableData_HrGetView(td, NULL, NULL, 0, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IMAPITable_QueryInterface(t, &IID_IUnknown, (void **)&unk), S_OK);
    ck_assert_ptr_eq(unk, t);
    IUnknown_Release(unk);
    ck_assert_int_eq(IMAPITable_QueryInterface(t, &IID_IMAPITableData, (void **)&unk), E_NOINTERFACE);

    ck_assert_int_eq(IMAPITable_GetStatus(t, &status, &type), S_OK);
    ck_assert_uint_eq(status, TBLSTAT_COMPLETE);
    ck_assert_uint_eq(type, TBLTYPE_SNAPSHOT);
    ck_assert_int_eq(IMAPITable_GetStatus(t, NULL, &type), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IMAPITable_GetRowCount(t, 1, &n), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IMAPITable_GetRowCount(t, 0, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_uint_eq(row_count(t), 0);
    ck_assert_int_eq(IMAPITable_Abort(t), S_OK);
    ck_assert_int_eq(IMAPITable_WaitForCompletion(t, 0, 1000, &status), S_OK);
    ck_assert_uint_eq(status, TBLSTAT_COMPLETE);
    ck_assert_int_eq(IMAPITable_WaitForCompletion(t, 0, 0xffffffff, NULL), S_OK);
    ck_assert_int_eq(IMAPITable_WaitForCompletion(t, 1, 0, NULL), MAPI_E_UNKNOWN_FLAGS);

    /* No categories. */
    ck_assert_int_eq(IMAPITable_ExpandRow(t, 4, key, 10, 0, &rows, &n), MAPI_E_NO_SUPPORT);
    ck_assert_ptr_null(rows);
    ck_assert_int_eq(IMAPITable_ExpandRow(t, 4, key, 10, 1, &rows, &n), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IMAPITable_ExpandRow(t, 4, NULL, 10, 0, &rows, &n), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IMAPITable_CollapseRow(t, 4, key, 0, &n), MAPI_E_NO_SUPPORT);
    ck_assert_int_eq(IMAPITable_CollapseRow(t, 4, key, 0, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IMAPITable_CollapseRow(t, 4, key, 2, &n), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IMAPITable_GetCollapseState(t, 0, 4, key, &n, &state), MAPI_E_NO_SUPPORT);
    ck_assert_ptr_null(state);
    ck_assert_int_eq(IMAPITable_GetCollapseState(t, 0, 4, NULL, &n, &state), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IMAPITable_GetCollapseState(t, 1, 4, key, &n, &state), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IMAPITable_SetCollapseState(t, 0, 4, key, &bk), MAPI_E_NO_SUPPORT);
    ck_assert_int_eq(IMAPITable_SetCollapseState(t, 0, 4, key, NULL), MAPI_E_INVALID_PARAMETER);

    /* GetLastError describes the last failure, and nothing else. */
    ck_assert_int_eq(IMAPITable_FreeBookmark(t, 0x12345), MAPI_E_INVALID_BOOKMARK);
    ck_assert_int_eq(IMAPITable_GetLastError(t, MAPI_E_INVALID_BOOKMARK, 0, &err), S_OK);
    ck_assert_ptr_nonnull(err);
    ck_assert_uint_eq(err->ulVersion, MAPI_ERROR_VERSION);
    ck_assert_ptr_nonnull(err->lpszError);
    ck_assert(strlen((char *)err->lpszError) > 5);
    MAPIFreeBuffer(err);
    ck_assert_int_eq(IMAPITable_GetLastError(t, MAPI_E_INVALID_BOOKMARK, MAPI_UNICODE, &err), S_OK);
    ck_assert(wcslen((WCHAR *)err->lpszError) > 5);
    MAPIFreeBuffer(err);
    ck_assert_int_eq(IMAPITable_GetLastError(t, MAPI_E_CALL_FAILED, 0, &err), S_OK);
    ck_assert_ptr_null(err);
    ck_assert_int_eq(IMAPITable_GetLastError(t, MAPI_E_INVALID_BOOKMARK, 0x10, &err), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IMAPITable_GetLastError(t, MAPI_E_INVALID_BOOKMARK, 0, NULL), MAPI_E_INVALID_PARAMETER);

    /* The table data lives on while a view is open; releasing the view calls back. */
    ck_assert_int_eq(ITableData_Release(td), 1);
    ck_assert_int_eq(put3(td, 1, L"x", 1), S_OK);
    ck_assert_uint_eq(row_count(t), 1);
    release_calls = 0;
    ck_assert_int_eq(IMAPITable_Release(t), 0);
    ck_assert_int_eq(release_calls, 1);
    ck_assert_uint_eq(release_data, 0x1234);
    ck_assert_ptr_eq(release_td, td);
    ck_assert_ptr_eq(release_view, t);
}
END_TEST

/* ---- Reading and moving ---- */

static ITableData *table_1_to(LONG n)
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

START_TEST(query_rows_and_seek)
{
    ITableData *td = table_1_to(10);
    IMAPITable *t = get_view(td, NULL);
    SRowSet *rows = NULL;
    LONG ids[16], sought = 0;
    ULONG row, num, den;

    ck_assert_int_eq(IMAPITable_QueryRows(t, 3, 0, &rows), S_OK);
    ck_assert_uint_eq(rows->cRows, 3);
    ck_assert_int_eq(find(&rows->aRow[2], T_ID)->Value.l, 3);
    FreeProws(rows);
    ck_assert_int_eq(IMAPITable_QueryPosition(t, &row, &num, &den), S_OK);
    ck_assert_uint_eq(row, 3);
    ck_assert_uint_eq(num, 3);
    ck_assert_uint_eq(den, 10);
    /* TBL_NOADVANCE leaves the cursor on the first row read. */
    ck_assert_int_eq(IMAPITable_QueryRows(t, 2, TBL_NOADVANCE, &rows), S_OK);
    ck_assert_int_eq(find(&rows->aRow[0], T_ID)->Value.l, 4);
    FreeProws(rows);
    ck_assert_int_eq(IMAPITable_QueryPosition(t, &row, &num, &den), S_OK);
    ck_assert_uint_eq(row, 3);
    /* A negative count reads the rows before the cursor, in order, and leaves it on the first. */
    ck_assert_int_eq(IMAPITable_QueryRows(t, -2, 0, &rows), S_OK);
    ck_assert_uint_eq(rows->cRows, 2);
    ck_assert_int_eq(find(&rows->aRow[0], T_ID)->Value.l, 2);
    ck_assert_int_eq(find(&rows->aRow[1], T_ID)->Value.l, 3);
    FreeProws(rows);
    ck_assert_int_eq(IMAPITable_QueryPosition(t, &row, &num, &den), S_OK);
    ck_assert_uint_eq(row, 1);
    ck_assert_int_eq(IMAPITable_QueryRows(t, -5, 0, &rows), S_OK);
    ck_assert_uint_eq(rows->cRows, 1);
    FreeProws(rows);
    ck_assert_int_eq(IMAPITable_QueryRows(t, -5, 0, &rows), S_OK);
    ck_assert_uint_eq(rows->cRows, 0);
    FreeProws(rows);
    ck_assert_int_eq(IMAPITable_QueryRows(t, 0, 0, &rows), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IMAPITable_QueryRows(t, 1, 2, &rows), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IMAPITable_QueryRows(t, 1, 0, NULL), MAPI_E_INVALID_PARAMETER);

    /* SeekRow from each origin, stopping at the ends. */
    ck_assert_int_eq(IMAPITable_SeekRow(t, BOOKMARK_BEGINNING, 4, &sought), S_OK);
    ck_assert_int_eq(sought, 4);
    ck_assert_int_eq(IMAPITable_SeekRow(t, BOOKMARK_CURRENT, -2, &sought), S_OK);
    ck_assert_int_eq(sought, -2);
    ck_assert_uint_eq(read_ids_from_cursor(t, ids, 16), 8);
    ck_assert_int_eq(ids[0], 3);
    ck_assert_int_eq(IMAPITable_SeekRow(t, BOOKMARK_END, -3, &sought), S_OK);
    ck_assert_int_eq(sought, -3);
    ck_assert_uint_eq(read_ids_from_cursor(t, ids, 16), 3);
    ck_assert_int_eq(ids[0], 8);
    ck_assert_int_eq(IMAPITable_SeekRow(t, BOOKMARK_BEGINNING, 50, &sought), S_OK);
    ck_assert_int_eq(sought, 10);
    ck_assert_int_eq(IMAPITable_SeekRow(t, BOOKMARK_CURRENT, -0x7fffffff, &sought), S_OK);
    ck_assert_int_eq(sought, -10);
    ck_assert_int_eq(IMAPITable_SeekRow(t, BOOKMARK_END, 5, NULL), S_OK);
    ck_assert_int_eq(IMAPITable_QueryRows(t, 5, 0, &rows), S_OK);
    ck_assert_uint_eq(rows->cRows, 0);
    FreeProws(rows);
    ck_assert_int_eq(IMAPITable_SeekRow(t, 0x777777, 1, NULL), MAPI_E_INVALID_BOOKMARK);

    /* SeekRowApprox */
    ck_assert_int_eq(IMAPITable_SeekRowApprox(t, 1, 2), S_OK);
    ck_assert_int_eq(IMAPITable_QueryPosition(t, &row, &num, &den), S_OK);
    ck_assert_uint_eq(row, 5);
    ck_assert_int_eq(IMAPITable_SeekRowApprox(t, 3, 3), S_OK);
    ck_assert_int_eq(IMAPITable_QueryPosition(t, &row, &num, &den), S_OK);
    ck_assert_uint_eq(row, 10);
    ck_assert_int_eq(IMAPITable_SeekRowApprox(t, 0, 7), S_OK);
    ck_assert_int_eq(IMAPITable_QueryPosition(t, &row, &num, &den), S_OK);
    ck_assert_uint_eq(row, 0);
    ck_assert_int_eq(IMAPITable_SeekRowApprox(t, 1, 0), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IMAPITable_QueryPosition(t, NULL, &num, &den), MAPI_E_INVALID_PARAMETER);

    /* HrQueryAllRows works through the view's methods. */
    ck_assert_int_eq(HrQueryAllRows(t, NULL, NULL, NULL, 0, &rows), S_OK);
    ck_assert_uint_eq(rows->cRows, 10);
    FreeProws(rows);
    IMAPITable_Release(t);
    ITableData_Release(td);
}
END_TEST

START_TEST(bookmarks)
{
    ITableData *td = table_1_to(6);
    IMAPITable *t = get_view(td, NULL);
    BOOKMARK b3, b5, bend, b;
    LONG ids[16], sought;

    ck_assert_int_eq(IMAPITable_SeekRow(t, BOOKMARK_BEGINNING, 2, NULL), S_OK);
    ck_assert_int_eq(IMAPITable_CreateBookmark(t, &b3), S_OK);
    ck_assert(b3 > BOOKMARK_END);
    ck_assert_int_eq(IMAPITable_SeekRow(t, BOOKMARK_BEGINNING, 4, NULL), S_OK);
    ck_assert_int_eq(IMAPITable_CreateBookmark(t, &b5), S_OK);
    ck_assert_int_eq(IMAPITable_SeekRow(t, BOOKMARK_END, 0, NULL), S_OK);
    ck_assert_int_eq(IMAPITable_CreateBookmark(t, &bend), S_OK);
    ck_assert_int_eq(IMAPITable_CreateBookmark(t, NULL), MAPI_E_INVALID_PARAMETER);

    ck_assert_int_eq(IMAPITable_SeekRow(t, b3, 0, &sought), S_OK);
    ck_assert_uint_eq(read_ids_from_cursor(t, ids, 16), 4);
    ck_assert_int_eq(ids[0], 3);
    ck_assert_int_eq(IMAPITable_SeekRow(t, b5, -1, &sought), S_OK);
    ck_assert_uint_eq(read_ids_from_cursor(t, ids, 16), 3);
    ck_assert_int_eq(ids[0], 4);

    /* Rows added before it do not move a bookmark off its row. */
    ck_assert_int_eq(insert_id(td, 0, 100), S_OK);
    ck_assert_int_eq(IMAPITable_SeekRow(t, b3, 0, NULL), S_OK);
    ck_assert_uint_eq(read_ids_from_cursor(t, ids, 16), 4);
    ck_assert_int_eq(ids[0], 3);
    /* Its row deleted: it moves to the next row, and says so once. */
    ck_assert_int_eq(del(td, 3), S_OK);
    ck_assert_int_eq(IMAPITable_SeekRow(t, b3, 0, NULL), MAPI_W_POSITION_CHANGED);
    ck_assert_uint_eq(read_ids_from_cursor(t, ids, 16), 3);
    ck_assert_int_eq(ids[0], 4);
    ck_assert_int_eq(IMAPITable_SeekRow(t, b3, 0, NULL), S_OK);
    /* Deleting the last rows sends a bookmark to the end. */
    ck_assert_int_eq(del(td, 5), S_OK);
    ck_assert_int_eq(del(td, 6), S_OK);
    /* (the move is reported by the first use, even one that finds nothing) */
    ck_assert_int_eq(IMAPITable_FindRow(t, &exist_id, b5, 0),
                     MAPI_E_NOT_FOUND);
    ck_assert_int_eq(IMAPITable_SeekRow(t, b5, -1, &sought), S_OK);
    ck_assert_int_eq(sought, -1);
    ck_assert_uint_eq(read_ids_from_cursor(t, ids, 16), 1);
    ck_assert_int_eq(ids[0], 4);
    ck_assert_int_eq(IMAPITable_SeekRow(t, bend, 0, NULL), S_OK);
    ck_assert_uint_eq(read_ids_from_cursor(t, ids, 16), 0);

    /* Freeing */
    ck_assert_int_eq(IMAPITable_FreeBookmark(t, b3), S_OK);
    ck_assert_int_eq(IMAPITable_FreeBookmark(t, b3), MAPI_E_INVALID_BOOKMARK);
    ck_assert_int_eq(IMAPITable_SeekRow(t, b3, 0, NULL), MAPI_E_INVALID_BOOKMARK);
    ck_assert_int_eq(IMAPITable_FreeBookmark(t, (BOOKMARK)0xabcdef), MAPI_E_INVALID_BOOKMARK);
    ck_assert_int_eq(IMAPITable_FreeBookmark(t, BOOKMARK_CURRENT), S_OK);
    /* A reused slot does not revive an old handle. */
    ck_assert_int_eq(IMAPITable_CreateBookmark(t, &b), S_OK);
    ck_assert(b != b3);
    ck_assert_int_eq(IMAPITable_SeekRow(t, b3, 0, NULL), MAPI_E_INVALID_BOOKMARK);
    /* SortTable and Restrict discard bookmarks. */
    ck_assert_int_eq(sort_by(t, T_NUM, TABLE_SORT_DESCEND), S_OK);
    ck_assert_int_eq(IMAPITable_SeekRow(t, b, 0, NULL), MAPI_E_INVALID_BOOKMARK);
    ck_assert_int_eq(IMAPITable_CreateBookmark(t, &b), S_OK);
    ck_assert_int_eq(restrict_to(t, NULL), S_OK);
    ck_assert_int_eq(IMAPITable_SeekRow(t, b, 0, NULL), MAPI_E_INVALID_BOOKMARK);
    ck_assert_int_eq(IMAPITable_FindRow(t, &exist_id, b, 0),
                     MAPI_E_INVALID_BOOKMARK);

    /* Many bookmarks */
    {
        static BOOKMARK many[3000];
        ULONG i;
        for (i = 0; i < 3000; i++) ck_assert_int_eq(IMAPITable_CreateBookmark(t, &many[i]), S_OK);
        for (i = 0; i < 3000; i++) ck_assert_int_eq(IMAPITable_FreeBookmark(t, many[i]), S_OK);
    }
    IMAPITable_Release(t);
    ITableData_Release(td);
}
END_TEST

/* ---- Sorting ---- */

START_TEST(sort_orders)
{
    ITableData *td = new_table(TBLTYPE_DYNAMIC);
    IMAPITable *t;
    SSortOrderSet *got = NULL;
    static const WCHAR *names[] = { L"banana", L"Apple", L"cherry", L"apple", L"BANANA", L"apricot", L"Äpfel", L"b" };
    SPropValue p[8];
    SizedSSortOrderSet(2, two) = { 2, 0, 0, { { T_NUM, TABLE_SORT_DESCEND }, { T_NAME, TABLE_SORT_ASCEND } } };
    SizedSSortOrderSet(1, cat) = { 1, 1, 0, { { T_NUM, TABLE_SORT_ASCEND } } };
    SizedSSortOrderSet(1, bad) = { 1, 0, 0, { { T_NUM, 0x40 } } };
    SizedSSortOrderSet(1, mvi) = { 1, 0, 0, { { MVI_PROP(T_MV), TABLE_SORT_ASCEND } } };
    SizedSSortOrderSet(1, obj) = { 1, 0, 0, { { PROP_TAG(PT_OBJECT, 0x6000), TABLE_SORT_ASCEND } } };
    SizedSSortOrderSet(0, empty) = { 0, 0, 0 };
    ULONG i;

    for (i = 0; i < 8; i++)
    {
        FILETIME ft = { (DWORD)(i * 7919 % 13), (DWORD)(i % 3) };
        BYTE bin[2] = { (BYTE)(i % 4), (BYTE)i };
        p[0] = pv_l(T_ID, i + 1);
        p[1] = pv_w(T_NAME, names[i]);
        p[2] = pv_l(T_NUM, (LONG)(i % 3) - 1);
        p[3] = pv(T_TIME); p[3].Value.ft = ft;
        p[4] = pv_bin(T_BIN, bin, 1 + i % 2);
        p[5] = pv(T_DBL); p[5].Value.dbl = (i % 2 ? -1.0 : 1.0) * i / 3.0;
        p[6] = pv(T_I8); p[6].Value.li.QuadPart = (LONGLONG)(5 - (LONG)i) << 40;
        p[7] = pv(T_BOOL); p[7].Value.b = i % 2;
        ck_assert_int_eq(put_row(td, i == 7 ? 2 : 8, p), S_OK);
    }
    t = get_view(td, NULL);
    /* Case-insensitive, the locale's collation; equal names keep insertion order. */
    ck_assert_int_eq(sort_by(t, T_NAME, TABLE_SORT_ASCEND), S_OK);
    expect_ids(t, 7, 2, 4, 6, 8, 1, 5, 3);
    ck_assert_int_eq(sort_by(t, T_NAME, TABLE_SORT_DESCEND), S_OK);
    expect_ids(t, 3, 1, 5, 8, 6, 2, 4, 7);
    /* Row 8 has no T_NUM: missing values sort first. */
    ck_assert_int_eq(sort_by(t, T_NUM, TABLE_SORT_ASCEND), S_OK);
    expect_ids(t, 8, 1, 4, 7, 2, 5, 3, 6);
    ck_assert_int_eq(IMAPITable_SortTable(t, (LPSSortOrderSet)&two, 0), S_OK);
    expect_ids(t, 6, 3, 2, 5, 7, 4, 1, 8);
    ck_assert_int_eq(IMAPITable_QuerySortOrder(t, &got), S_OK);
    ck_assert_uint_eq(got->cSorts, 2);
    ck_assert_uint_eq(got->cCategories, 0);
    ck_assert_uint_eq(got->aSort[0].ulPropTag, T_NUM);
    ck_assert_uint_eq(got->aSort[0].ulOrder, TABLE_SORT_DESCEND);
    ck_assert_uint_eq(got->aSort[1].ulPropTag, T_NAME);
    MAPIFreeBuffer(got);
    ck_assert_int_eq(sort_by(t, T_TIME, TABLE_SORT_ASCEND), S_OK);
    expect_ids(t, 8, 1, 4, 7, 2, 5, 3, 6);
    ck_assert_int_eq(sort_by(t, T_BIN, TABLE_SORT_ASCEND), S_OK);
    expect_ids(t, 8, 1, 5, 2, 6, 3, 7, 4);
    ck_assert_int_eq(sort_by(t, T_DBL, TABLE_SORT_ASCEND), S_OK);
    expect_ids(t, 8, 6, 4, 2, 1, 3, 5, 7);
    ck_assert_int_eq(sort_by(t, T_I8, TABLE_SORT_DESCEND), S_OK);
    expect_ids(t, 1, 2, 3, 4, 5, 6, 7, 8);
    ck_assert_int_eq(sort_by(t, T_BOOL, TABLE_SORT_ASCEND), S_OK);
    expect_ids(t, 8, 1, 3, 5, 7, 2, 4, 6);
    ck_assert_int_eq(sort_by(t, T_ID, TABLE_SORT_DESCEND), S_OK);
    expect_ids(t, 8, 7, 6, 5, 4, 3, 2, 1);
    /* No columns: insertion order again. */
    ck_assert_int_eq(IMAPITable_SortTable(t, (LPSSortOrderSet)&empty, TBL_BATCH), S_OK);
    expect_ids(t, 1, 2, 3, 4, 5, 6, 7, 8);
    ck_assert_int_eq(IMAPITable_QuerySortOrder(t, &got), S_OK);
    ck_assert_uint_eq(got->cSorts, 0);
    MAPIFreeBuffer(got);

    /* What cannot be done leaves the order as it was. */
    ck_assert_int_eq(sort_by(t, T_NAME, TABLE_SORT_ASCEND), S_OK);
    ck_assert_int_eq(IMAPITable_SortTable(t, (LPSSortOrderSet)&cat, 0), MAPI_E_TOO_COMPLEX);
    ck_assert_int_eq(IMAPITable_SortTable(t, (LPSSortOrderSet)&mvi, 0), MAPI_E_TOO_COMPLEX);
    ck_assert_int_eq(IMAPITable_SortTable(t, (LPSSortOrderSet)&obj, 0), MAPI_E_TOO_COMPLEX);
    ck_assert_int_eq(sort_by(t, T_NUM, TABLE_SORT_COMBINE), MAPI_E_TOO_COMPLEX);
    ck_assert_int_eq(IMAPITable_SortTable(t, (LPSSortOrderSet)&bad, 0), MAPI_E_INVALID_PARAMETER);
    cat.cCategories = 2;
    ck_assert_int_eq(IMAPITable_SortTable(t, (LPSSortOrderSet)&cat, 0), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IMAPITable_SortTable(t, NULL, 0), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IMAPITable_SortTable(t, (LPSSortOrderSet)&two, 4), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IMAPITable_QuerySortOrder(t, NULL), MAPI_E_INVALID_PARAMETER);
    expect_ids(t, 7, 2, 4, 6, 8, 1, 5, 3);
    IMAPITable_Release(t);

    /* HrGetView sorts the new view, and refuses what SortTable refuses. */
    ck_assert_int_eq(ITableData_HrGetView(td, (LPSSortOrderSet)&cat, NULL, 0, &t), MAPI_E_INVALID_PARAMETER);
    t = get_view(td, (LPSSortOrderSet)&two);
    expect_ids(t, 6, 3, 2, 5, 7, 4, 1, 8);
    /* A sorted view keeps its order as rows change. */
    ck_assert_int_eq(put3(td, 9, L"aaa", 1), S_OK);
    ck_assert_int_eq(put3(td, 1, L"zzz", -1), S_OK);
    expect_ids(t, 9, 6, 3, 2, 5, 7, 4, 1, 8);
    IMAPITable_Release(t);
    ITableData_Release(td);
}
END_TEST

static int __cdecl cmp_ref(const void *a, const void *b)
{
    int r = CompareStringW(LOCALE_USER_DEFAULT, NORM_IGNORECASE, *(WCHAR * const *)a, -1, *(WCHAR * const *)b, -1);
    return r - CSTR_EQUAL;
}

/* The sort agrees with CompareString(NORM_IGNORECASE) on mixed strings:
 * punctuation, hyphens, accents, case, prefixes. */
START_TEST(sort_strings_like_comparestring)
{
    static const WCHAR alphabet[] = L"aAbBzZ09 -'_.,!~\x00e9\x00c9\x00df\x0442";
    ITableData *td = new_table(TBLTYPE_DYNAMIC);
    WCHAR strs[400][12], *ref[400];
    SRowSet *rows = NULL;
    IMAPITable *t;
    ULONG i, j, n = 400;

    srand(7);
    for (i = 0; i < n; i++)
    {
        ULONG len = rand() % 10;
        for (j = 0; j < len; j++) strs[i][j] = alphabet[rand() % (ARRAYSIZE(alphabet) - 1)];
        strs[i][len] = 0;
        ref[i] = strs[i];
        ck_assert_int_eq(put3(td, i, strs[i], 0), S_OK);
    }
    qsort(ref, n, sizeof(ref[0]), cmp_ref);
    t = get_view(td, NULL);
    ck_assert_int_eq(sort_by(t, T_NAME, TABLE_SORT_ASCEND), S_OK);
    ck_assert_int_eq(IMAPITable_QueryRows(t, 1000, 0, &rows), S_OK);
    ck_assert_uint_eq(rows->cRows, n);
    for (i = 1; i < n; i++)
    {
        const WCHAR *a = find(&rows->aRow[i - 1], T_NAME)->Value.lpszW, *b = find(&rows->aRow[i], T_NAME)->Value.lpszW;
        ck_assert_msg(CompareStringW(LOCALE_USER_DEFAULT, NORM_IGNORECASE, a, -1, b, -1) != CSTR_GREATER_THAN,
                      "row %lu out of order", i);
        /* Same place as the reference sort, up to ties. */
        ck_assert(CompareStringW(LOCALE_USER_DEFAULT, NORM_IGNORECASE, b, -1, ref[i], -1) == CSTR_EQUAL);
    }
    FreeProws(rows);
    IMAPITable_Release(t);
    ITableData_Release(td);
}
END_TEST

/* ---- Restrictions ---- */

static ITableData *restrict_table(void)
{
    ITableData *td = new_table(TBLTYPE_DYNAMIC);
    static WCHAR *mv1[] = { L"Red", L"green" }, *mv2[] = { L"blue" };
    static LONG mvl[] = { 3, 30 };
    static GUID g = { 1, 2, 3, { 4 } };
    SPropValue p[12];
    ULONG n;

    /* 1: every column */
    n = 0;
    p[n++] = pv_l(T_ID, 1);
    p[n++] = pv_w(T_NAME, L"Quarterly Report Q3");
    p[n++] = pv_l(T_NUM, 0x0f);
    p[n++] = pv_a(T_NAMEA, "Hello World");
    p[n++] = pv_bin(T_BIN, "\x01\x02\x03\x04", 4);
    p[n] = pv(T_MV); p[n].Value.MVszW.cValues = 2; p[n++].Value.MVszW.lppszW = mv1;
    p[n] = pv(T_MVL); p[n].Value.MVl.cValues = 2; p[n++].Value.MVl.lpl = mvl;
    p[n++] = pv_l(T_NUM2, 0x0f);
    p[n] = pv(T_GUID); p[n++].Value.lpguid = &g;
    p[n] = pv(T_I2); p[n++].Value.i = 6;
    ck_assert_int_eq(put_row(td, n, p), S_OK);
    /* 2 */
    n = 0;
    p[n++] = pv_l(T_ID, 2);
    p[n++] = pv_w(T_NAME, L"caf\x00e9 meeting");
    p[n++] = pv_l(T_NUM, 0x10);
    p[n++] = pv_a(T_NAMEA, "hello");
    p[n++] = pv_bin(T_BIN, "\x02\x03", 2);
    p[n] = pv(T_MV); p[n].Value.MVszW.cValues = 1; p[n++].Value.MVszW.lppszW = mv2;
    p[n++] = pv_l(T_NUM2, 0x20);
    ck_assert_int_eq(put_row(td, n, p), S_OK);
    /* 3: few columns */
    n = 0;
    p[n++] = pv_l(T_ID, 3);
    p[n++] = pv_w(T_NAME, L"REPORT");
    p[n++] = pv_l(T_NUM, -5);
    ck_assert_int_eq(put_row(td, n, p), S_OK);
    return td;
}

static SRestriction r_content(ULONG fuzzy, ULONG tag, SPropValue *v)
{
    SRestriction r;
    memset(&r, 0, sizeof(r));
    r.rt = RES_CONTENT;
    r.res.resContent.ulFuzzyLevel = fuzzy;
    r.res.resContent.ulPropTag = tag;
    r.res.resContent.lpProp = v;
    return r;
}

static SRestriction r_prop(ULONG relop, ULONG tag, SPropValue *v)
{
    SRestriction r;
    memset(&r, 0, sizeof(r));
    r.rt = RES_PROPERTY;
    r.res.resProperty.relop = relop;
    r.res.resProperty.ulPropTag = tag;
    r.res.resProperty.lpProp = v;
    return r;
}

#define expect_restrict(t, r, ...) do { \
    ck_assert_int_eq(restrict_to(t, r), S_OK); \
    expect_ids(t, __VA_ARGS__); \
} while (0)
#define expect_restrict_none(t, r) do { \
    ck_assert_int_eq(restrict_to(t, r), S_OK); \
    ck_assert_uint_eq(row_count(t), 0); \
} while (0)

START_TEST(restrict_content)
{
    ITableData *td = restrict_table();
    IMAPITable *t = get_view(td, NULL);
    SPropValue v;
    SRestriction r;
    BYTE b23[] = { 2, 3 };

    v = pv_w(T_NAME, L"report");
    r = r_content(FL_SUBSTRING, T_NAME, &v);
    expect_restrict_none(t, &r);
    r = r_content(FL_SUBSTRING | FL_IGNORECASE, T_NAME, &v);
    expect_restrict(t, &r, 1, 3);
    r = r_content(FL_PREFIX | FL_IGNORECASE, T_NAME, &v);
    expect_restrict(t, &r, 3);
    r = r_content(FL_FULLSTRING | FL_IGNORECASE, T_NAME, &v);
    expect_restrict(t, &r, 3);
    v = pv_w(T_NAME, L"REPORT");
    r = r_content(FL_FULLSTRING, T_NAME, &v);
    expect_restrict(t, &r, 3);
    v = pv_w(T_NAME, L"Quarterly");
    r = r_content(FL_PREFIX, T_NAME, &v);
    expect_restrict(t, &r, 1);
    v = pv_w(T_NAME, L"");
    r = r_content(FL_SUBSTRING, T_NAME, &v);
    expect_restrict(t, &r, 1, 2, 3);
    /* Non-ASCII: case and accents */
    v = pv_w(T_NAME, L"CAF\x00c9");
    r = r_content(FL_SUBSTRING | FL_IGNORECASE, T_NAME, &v);
    expect_restrict(t, &r, 2);
    v = pv_w(T_NAME, L"cafe");
    r = r_content(FL_PREFIX | FL_IGNORENONSPACE, T_NAME, &v);
    expect_restrict(t, &r, 2);
    v = pv_w(T_NAME, L"CAFE MEETING");
    r = r_content(FL_FULLSTRING | FL_LOOSE, T_NAME, &v);
    expect_restrict(t, &r, 2);
    /* PT_STRING8 */
    v = pv_a(T_NAMEA, "HELLO");
    r = r_content(FL_PREFIX | FL_IGNORECASE, T_NAMEA, &v);
    expect_restrict(t, &r, 1, 2);
    r = r_content(FL_FULLSTRING | FL_IGNORECASE, T_NAMEA, &v);
    expect_restrict(t, &r, 2);
    v = pv_a(T_NAMEA, "o W");
    r = r_content(FL_SUBSTRING, T_NAMEA, &v);
    expect_restrict(t, &r, 1);
    /* PT_BINARY */
    v = pv_bin(T_BIN, b23, 2);
    r = r_content(FL_SUBSTRING, T_BIN, &v);
    expect_restrict(t, &r, 1, 2);
    r = r_content(FL_PREFIX, T_BIN, &v);
    expect_restrict(t, &r, 2);
    r = r_content(FL_FULLSTRING, T_BIN, &v);
    expect_restrict(t, &r, 2);
    /* Multi-valued: any value */
    v = pv_w(T_NAME, L"GREEN");
    r = r_content(FL_FULLSTRING | FL_IGNORECASE, T_MV, &v);
    expect_restrict(t, &r, 1);
    v = pv_w(T_NAME, L"e");
    r = r_content(FL_SUBSTRING, T_MV, &v);
    expect_restrict(t, &r, 1, 2);
    r = r_content(FL_SUBSTRING, MVI_PROP(PROP_TAG(PT_UNICODE, 0x6606)), &v);
    expect_restrict(t, &r, 1, 2);

    /* Bad ones */
    r = r_content(FL_SUBSTRING, T_NAME, NULL);
    ck_assert_int_eq(restrict_to(t, &r), MAPI_E_INVALID_PARAMETER);
    v = pv_a(T_NAMEA, "x");
    r = r_content(FL_SUBSTRING, T_NAME, &v);
    ck_assert_int_eq(restrict_to(t, &r), MAPI_E_TOO_COMPLEX);
    v = pv_l(T_NUM, 1);
    r = r_content(FL_SUBSTRING, T_NUM, &v);
    ck_assert_int_eq(restrict_to(t, &r), MAPI_E_TOO_COMPLEX);
    v = pv_w(T_NAME, L"x");
    r = r_content(7, T_NAME, &v);
    ck_assert_int_eq(restrict_to(t, &r), MAPI_E_TOO_COMPLEX);
    v = pv_w(T_NAME, NULL);
    r = r_content(FL_SUBSTRING, T_NAME, &v);
    ck_assert_int_eq(restrict_to(t, &r), MAPI_E_INVALID_PARAMETER);
    /* The failed calls left the last good restriction in place. */
    ck_assert_uint_eq(row_count(t), 2);
    IMAPITable_Release(t);
    ITableData_Release(td);
}
END_TEST

START_TEST(restrict_property_and_others)
{
    ITableData *td = restrict_table();
    IMAPITable *t = get_view(td, NULL);
    SPropValue v, v2;
    SRestriction r, sub[3];
    static GUID g = { 1, 2, 3, { 4 } };

    v = pv_l(T_NUM, 0x0f);
    r = r_prop(RELOP_EQ, T_NUM, &v);
    expect_restrict(t, &r, 1);
    r = r_prop(RELOP_NE, T_NUM, &v);
    expect_restrict(t, &r, 2, 3);
    r = r_prop(RELOP_LT, T_NUM, &v);
    expect_restrict(t, &r, 3);
    r = r_prop(RELOP_LE, T_NUM, &v);
    expect_restrict(t, &r, 1, 3);
    r = r_prop(RELOP_GT, T_NUM, &v);
    expect_restrict(t, &r, 2);
    r = r_prop(RELOP_GE, T_NUM, &v);
    expect_restrict(t, &r, 1, 2);
    /* Strings compare without case, as the sort does. */
    v = pv_w(T_NAME, L"report");
    r = r_prop(RELOP_EQ, T_NAME, &v);
    expect_restrict(t, &r, 3);
    r = r_prop(RELOP_GE, T_NAME, &v);
    expect_restrict(t, &r, 3);
    r = r_prop(RELOP_LT, T_NAME, &v);
    expect_restrict(t, &r, 1, 2);
    v = pv_w(T_NAME, L"^caf.*ing$");
    r = r_prop(RELOP_RE, T_NAME, &v);
    expect_restrict(t, &r, 2);
    v = pv(T_GUID); v.Value.lpguid = &g;
    r = r_prop(RELOP_EQ, T_GUID, &v);
    expect_restrict(t, &r, 1);
    v = pv(T_I2); v.Value.i = 5;
    r = r_prop(RELOP_GT, T_I2, &v);
    expect_restrict(t, &r, 1);
    /* Multi-valued against one value: any of them. */
    v = pv_l(PROP_TAG(PT_LONG, 0x660b), 10);
    r = r_prop(RELOP_GT, T_MVL, &v);
    expect_restrict(t, &r, 1);
    r = r_prop(RELOP_LT, T_MVL, &v);
    expect_restrict(t, &r, 1);
    v = pv_w(PROP_TAG(PT_UNICODE, 0x6606), L"BLUE");
    r = r_prop(RELOP_EQ, T_MV, &v);
    expect_restrict(t, &r, 2);
    /* ... or as a whole. */
    {
        static WCHAR *both[] = { L"red", L"GREEN" };
        v = pv(T_MV); v.Value.MVszW.cValues = 2; v.Value.MVszW.lppszW = both;
        r = r_prop(RELOP_EQ, T_MV, &v);
        expect_restrict(t, &r, 1);
    }

    /* RES_COMPAREPROPS */
    r.rt = RES_COMPAREPROPS;
    r.res.resCompareProps.relop = RELOP_EQ;
    r.res.resCompareProps.ulPropTag1 = T_NUM;
    r.res.resCompareProps.ulPropTag2 = T_NUM2;
    expect_restrict(t, &r, 1);
    r.res.resCompareProps.relop = RELOP_LT;
    expect_restrict(t, &r, 2);
    r.res.resCompareProps.ulPropTag2 = T_NAME;
    ck_assert_int_eq(restrict_to(t, &r), MAPI_E_TOO_COMPLEX);
    r.res.resCompareProps.relop = 9;
    ck_assert_int_eq(restrict_to(t, &r), MAPI_E_INVALID_PARAMETER);

    /* RES_BITMASK */
    r.rt = RES_BITMASK;
    r.res.resBitMask.relBMR = BMR_NEZ;
    r.res.resBitMask.ulPropTag = T_NUM;
    r.res.resBitMask.ulMask = 0x11;
    expect_restrict(t, &r, 1, 2, 3);
    r.res.resBitMask.ulMask = 0x01;
    expect_restrict(t, &r, 1, 3);
    r.res.resBitMask.relBMR = BMR_EQZ;
    expect_restrict(t, &r, 2);
    r.res.resBitMask.relBMR = 2;
    ck_assert_int_eq(restrict_to(t, &r), MAPI_E_INVALID_PARAMETER);
    r.res.resBitMask.relBMR = BMR_EQZ;
    r.res.resBitMask.ulPropTag = T_NAME;
    ck_assert_int_eq(restrict_to(t, &r), MAPI_E_TOO_COMPLEX);

    /* RES_SIZE: the value's size in bytes, terminator included */
    r.rt = RES_SIZE;
    r.res.resSize.relop = RELOP_GT;
    r.res.resSize.ulPropTag = T_NAMEA;
    r.res.resSize.cb = 6;
    expect_restrict(t, &r, 1);
    r.res.resSize.relop = RELOP_EQ;
    expect_restrict(t, &r, 2);
    r.res.resSize.ulPropTag = T_BIN;
    r.res.resSize.relop = RELOP_LE;
    r.res.resSize.cb = 2;
    expect_restrict(t, &r, 2);
    r.res.resSize.relop = RELOP_RE;
    ck_assert_int_eq(restrict_to(t, &r), MAPI_E_TOO_COMPLEX);
    r.res.resSize.relop = 17;
    ck_assert_int_eq(restrict_to(t, &r), MAPI_E_INVALID_PARAMETER);

    /* RES_EXIST, and by ID with PT_UNSPECIFIED */
    r.rt = RES_EXIST;
    r.res.resExist.ulPropTag = T_BIN;
    expect_restrict(t, &r, 1, 2);
    r.res.resExist.ulPropTag = PROP_TAG(PT_UNSPECIFIED, PROP_ID(T_GUID));
    expect_restrict(t, &r, 1);
    r.res.resExist.ulPropTag = PROP_TAG(PT_STRING8, PROP_ID(T_NAME));
    expect_restrict_none(t, &r);

    /* AND, OR, NOT (empty AND is TRUE, empty OR FALSE) */
    v = pv_l(T_NUM, 0);
    sub[0] = r_prop(RELOP_GT, T_NUM, &v);
    sub[1].rt = RES_EXIST; sub[1].res.resExist.ulPropTag = T_MVL;
    r.rt = RES_AND; r.res.resAnd.cRes = 2; r.res.resAnd.lpRes = sub;
    expect_restrict(t, &r, 1);
    r.rt = RES_OR;
    expect_restrict(t, &r, 1, 2);
    r.res.resOr.cRes = 0;
    expect_restrict_none(t, &r);
    r.rt = RES_AND;
    expect_restrict(t, &r, 1, 2, 3);
    sub[2] = r;
    sub[2].rt = RES_OR; sub[2].res.resOr.cRes = 2;
    r.rt = RES_NOT; r.res.resNot.ulReserved = 0; r.res.resNot.lpRes = &sub[2];
    expect_restrict(t, &r, 3);
    /* RES_COMMENT: its restriction, or TRUE without one */
    v2 = pv_w(T_NAME, L"a note");
    r.rt = RES_COMMENT; r.res.resComment.cValues = 1; r.res.resComment.lpProp = &v2;
    r.res.resComment.lpRes = &sub[0];
    expect_restrict(t, &r, 1, 2);
    r.res.resComment.lpRes = NULL;
    expect_restrict(t, &r, 1, 2, 3);
    /* Restrict(NULL) lifts the filter. */
    expect_restrict(t, NULL, 1, 2, 3);

    /* What an in-memory table cannot do, and malformed ones */
    r.rt = RES_SUBRESTRICTION; r.res.resSub.ulSubObject = PR_MESSAGE_RECIPIENTS; r.res.resSub.lpRes = &sub[0];
    ck_assert_int_eq(restrict_to(t, &r), MAPI_E_TOO_COMPLEX);
    r.rt = RES_COUNT; r.res.resCount.ulCount = 1; r.res.resCount.lpRes = &sub[0];
    ck_assert_int_eq(restrict_to(t, &r), MAPI_E_TOO_COMPLEX);
    r.rt = 77;
    ck_assert_int_eq(restrict_to(t, &r), MAPI_E_INVALID_PARAMETER);
    r.rt = RES_NOT; r.res.resNot.lpRes = NULL;
    ck_assert_int_eq(restrict_to(t, &r), MAPI_E_INVALID_PARAMETER);
    r.rt = RES_AND; r.res.resAnd.cRes = 2; r.res.resAnd.lpRes = NULL;
    ck_assert_int_eq(restrict_to(t, &r), MAPI_E_INVALID_PARAMETER);
    r = r_prop(RELOP_EQ, T_NUM, NULL);
    ck_assert_int_eq(restrict_to(t, &r), MAPI_E_INVALID_PARAMETER);
    v = pv_l(T_NUM, 1);
    r = r_prop(8, T_NUM, &v);
    ck_assert_int_eq(restrict_to(t, &r), MAPI_E_INVALID_PARAMETER);
    r = r_prop(RELOP_EQ, T_NAME, &v);
    ck_assert_int_eq(restrict_to(t, &r), MAPI_E_TOO_COMPLEX);
    r = r_prop(RELOP_RE, T_NUM, &v);
    ck_assert_int_eq(restrict_to(t, &r), MAPI_E_TOO_COMPLEX);
    v = pv(PROP_TAG(PT_OBJECT, 0x6000));
    r = r_prop(RELOP_EQ, PROP_TAG(PT_OBJECT, 0x6000), &v);
    ck_assert_int_eq(restrict_to(t, &r), MAPI_E_TOO_COMPLEX);
    /* A restriction that contains itself is refused, not followed forever. */
    r.rt = RES_NOT; r.res.resNot.lpRes = &r;
    ck_assert_int_eq(restrict_to(t, &r), MAPI_E_TOO_COMPLEX);
    ck_assert_int_eq(IMAPITable_Restrict(t, NULL, 0x80), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IMAPITable_Restrict(t, NULL, TBL_BATCH | TBL_ASYNC), S_OK);
    IMAPITable_Release(t);
    ITableData_Release(td);
}
END_TEST

START_TEST(find_row)
{
    ITableData *td = table_1_to(10);
    IMAPITable *t = get_view(td, NULL);
    SPropValue v = pv_l(T_NUM, 55), key;
    SRestriction r = r_prop(RELOP_GE, T_NUM, &v);
    LONG ids[16];
    BOOKMARK b;

    ck_assert_int_eq(IMAPITable_FindRow(t, &r, BOOKMARK_BEGINNING, 0), S_OK);
    ck_assert_uint_eq(read_ids_from_cursor(t, ids, 16), 5);
    ck_assert_int_eq(ids[0], 6);
    /* From the end backwards: the last match before it */
    v.Value.l = 35;
    r = r_prop(RELOP_LE, T_NUM, &v);
    ck_assert_int_eq(IMAPITable_FindRow(t, &r, BOOKMARK_END, DIR_BACKWARD), S_OK);
    ck_assert_uint_eq(read_ids_from_cursor(t, ids, 16), 8);
    ck_assert_int_eq(ids[0], 3);
    /* From the current row, which counts going forwards */
    ck_assert_int_eq(IMAPITable_SeekRow(t, BOOKMARK_BEGINNING, 1, NULL), S_OK);
    ck_assert_int_eq(IMAPITable_FindRow(t, &r, BOOKMARK_CURRENT, 0), S_OK);
    ck_assert_uint_eq(read_ids_from_cursor(t, ids, 16), 9);
    ck_assert_int_eq(ids[0], 2);
    /* ... but not backwards */
    ck_assert_int_eq(IMAPITable_SeekRow(t, BOOKMARK_BEGINNING, 2, NULL), S_OK);
    ck_assert_int_eq(IMAPITable_FindRow(t, &r, BOOKMARK_CURRENT, DIR_BACKWARD), S_OK);
    ck_assert_uint_eq(read_ids_from_cursor(t, ids, 16), 9);
    ck_assert_int_eq(ids[0], 2);
    /* From a bookmark */
    ck_assert_int_eq(IMAPITable_SeekRow(t, BOOKMARK_BEGINNING, 7, NULL), S_OK);
    ck_assert_int_eq(IMAPITable_CreateBookmark(t, &b), S_OK);
    v.Value.l = 30;
    r = r_prop(RELOP_GT, T_NUM, &v);
    ck_assert_int_eq(IMAPITable_FindRow(t, &r, b, 0), S_OK);
    ck_assert_uint_eq(read_ids_from_cursor(t, ids, 16), 3);
    ck_assert_int_eq(ids[0], 8);
    /* Not found: the cursor stays */
    ck_assert_int_eq(IMAPITable_SeekRow(t, BOOKMARK_BEGINNING, 4, NULL), S_OK);
    v.Value.l = 1000;
    ck_assert_int_eq(IMAPITable_FindRow(t, &r, BOOKMARK_BEGINNING, 0), MAPI_E_NOT_FOUND);
    ck_assert_uint_eq(read_ids_from_cursor(t, ids, 16), 6);
    ck_assert_int_eq(ids[0], 5);
    /* By the index column (the hashed path), both directions */
    key = pv_l(T_ID, 4);
    r = r_prop(RELOP_EQ, T_ID, &key);
    ck_assert_int_eq(IMAPITable_FindRow(t, &r, BOOKMARK_BEGINNING, 0), S_OK);
    ck_assert_uint_eq(read_ids_from_cursor(t, ids, 16), 7);
    ck_assert_int_eq(ids[0], 4);
    ck_assert_int_eq(IMAPITable_FindRow(t, &r, BOOKMARK_END, DIR_BACKWARD), S_OK);
    ck_assert_uint_eq(read_ids_from_cursor(t, ids, 16), 7);
    ck_assert_int_eq(IMAPITable_SeekRow(t, BOOKMARK_BEGINNING, 5, NULL), S_OK);
    ck_assert_int_eq(IMAPITable_FindRow(t, &r, BOOKMARK_CURRENT, 0), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(IMAPITable_FindRow(t, &r, BOOKMARK_CURRENT, DIR_BACKWARD), S_OK);
    key.Value.l = 77;
    ck_assert_int_eq(IMAPITable_FindRow(t, &r, BOOKMARK_BEGINNING, 0), MAPI_E_NOT_FOUND);
    /* A bookmark whose row went away */
    ck_assert_int_eq(IMAPITable_SeekRow(t, BOOKMARK_BEGINNING, 2, NULL), S_OK);
    ck_assert_int_eq(IMAPITable_CreateBookmark(t, &b), S_OK);
    ck_assert_int_eq(del(td, 3), S_OK);
    r.rt = RES_EXIST; r.res.resExist.ulPropTag = T_ID;
    ck_assert_int_eq(IMAPITable_FindRow(t, &r, b, 0), MAPI_W_POSITION_CHANGED);
    ck_assert_uint_eq(read_ids_from_cursor(t, ids, 16), 7);
    ck_assert_int_eq(ids[0], 4);
    /* Bad input */
    ck_assert_int_eq(IMAPITable_FindRow(t, NULL, BOOKMARK_BEGINNING, 0), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IMAPITable_FindRow(t, &r, BOOKMARK_BEGINNING, 2), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IMAPITable_FindRow(t, &r, 0x99999, 0), MAPI_E_INVALID_BOOKMARK);
    r.rt = RES_SUBRESTRICTION;
    ck_assert_int_eq(IMAPITable_FindRow(t, &r, BOOKMARK_BEGINNING, 0), MAPI_E_TOO_COMPLEX);
    IMAPITable_Release(t);
    ITableData_Release(td);
}
END_TEST

/* ---- Notifications ---- */

typedef struct got_notif
{
    ULONG event;
    ULONG index_tag;
    LONG index;
    ULONG prior_tag;
    LONG prior;
    ULONG cols;
    ULONG tags[4];
    LONG id;             /* the row's T_ID column, or -1 */
    WCHAR name[32];      /* its T_NAME column */
} got_notif;

typedef struct test_sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG refs;
    IMAPITable *probe;   /* looked at from another thread during OnNotify */
    BOOL probe_ok;
    DWORD tid;           /* the thread of the last OnNotify */
    LONG calls;          /* OnNotify calls finished */
    volatile ULONG count;
    got_notif got[64];
} test_sink;

static inline test_sink *impl_from_sink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, test_sink, IMAPIAdviseSink_iface);
}

static HRESULT WINAPI sink_QueryInterface(IMAPIAdviseSink *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPIAdviseSink))
    {
        *out = iface;
        IMAPIAdviseSink_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI sink_AddRef(IMAPIAdviseSink *iface)
{
    return InterlockedIncrement(&impl_from_sink(iface)->refs);
}

static ULONG WINAPI sink_Release(IMAPIAdviseSink *iface)
{
    return InterlockedDecrement(&impl_from_sink(iface)->refs);
}

static DWORD WINAPI probe_thread(void *arg)
{
    ULONG n;
    return IMAPITable_GetRowCount((IMAPITable *)arg, 0, &n) == S_OK;
}

static ULONG WINAPI sink_OnNotify(IMAPIAdviseSink *iface, ULONG cNotif, LPNOTIFICATION notifs)
{
    test_sink *s = impl_from_sink(iface);
    ULONG i, j;

    s->tid = GetCurrentThreadId();
    if (s->probe)
    {
        /* The table's lock must not be held while we are called. */
        HANDLE th = CreateThread(NULL, 0, probe_thread, s->probe, 0, NULL);
        DWORD code = 0;
        s->probe_ok = WaitForSingleObject(th, 5000) == WAIT_OBJECT_0 && GetExitCodeThread(th, &code) && code;
        CloseHandle(th);
    }
    for (i = 0; i < cNotif && s->count < ARRAYSIZE(s->got); i++)
    {
        got_notif *g = &s->got[s->count++];
        TABLE_NOTIFICATION *tn = &notifs[i].info.tab;
        memset(g, 0, sizeof(*g));
        g->id = -1;
        if (notifs[i].ulEventType != fnevTableModified) { g->event = 0xbad; continue; }
        g->event = tn->ulTableEvent;
        g->index_tag = tn->propIndex.ulPropTag;
        g->index = tn->propIndex.Value.l;
        g->prior_tag = tn->propPrior.ulPropTag;
        g->prior = tn->propPrior.Value.l;
        g->cols = tn->row.cValues;
        for (j = 0; j < tn->row.cValues && j < 4; j++)
        {
            g->tags[j] = tn->row.lpProps[j].ulPropTag;
            if (g->tags[j] == T_ID) g->id = tn->row.lpProps[j].Value.l;
            if (g->tags[j] == T_NAME) wcsncpy(g->name, tn->row.lpProps[j].Value.lpszW, 31);
        }
    }
    InterlockedIncrement(&s->calls);
    return 0;
}

static const IMAPIAdviseSinkVtbl sink_vtbl = { sink_QueryInterface, sink_AddRef, sink_Release, sink_OnNotify };

static void sink_init(test_sink *s)
{
    memset(s, 0, sizeof(*s));
    s->IMAPIAdviseSink_iface.lpVtbl = (IMAPIAdviseSinkVtbl *)&sink_vtbl;
    s->refs = 1;
}

START_TEST(notifications)
{
    ITableData *td = table_1_to(3);
    IMAPITable *t = get_view(td, NULL), *tr;
    test_sink s, s2;
    ULONG_PTR conn = 0, conn2 = 0;
    static SizedSPropTagArray(2, cols) = { 2, { T_NAME, T_ID } };
    SPropValue v;
    SRestriction r;

    sink_init(&s);
    sink_init(&s2);
    ck_assert_int_eq(IMAPITable_Advise(t, fnevTableModified, &s.IMAPIAdviseSink_iface, &conn), S_OK);
    ck_assert(conn != 0);
    ck_assert_int_eq(s.refs, 2);
    ck_assert_int_eq(IMAPITable_SetColumns(t, (LPSPropTagArray)&cols, 0), S_OK);
    s.probe = t;

    /* Added at the end: the prior row is row 3. */
    ck_assert_int_eq(put3(td, 4, L"four", 40), S_OK);
    ck_assert_uint_eq(s.count, 1);
    ck_assert(s.probe_ok);
    ck_assert_uint_eq(s.got[0].event, TABLE_ROW_ADDED);
    ck_assert_uint_eq(s.got[0].index_tag, T_ID);
    ck_assert_int_eq(s.got[0].index, 4);
    ck_assert_uint_eq(s.got[0].prior_tag, T_ID);
    ck_assert_int_eq(s.got[0].prior, 3);
    ck_assert_uint_eq(s.got[0].cols, 2);
    ck_assert_uint_eq(s.got[0].tags[0], T_NAME);
    ck_assert_uint_eq(s.got[0].tags[1], T_ID);
    ck_assert(!wcscmp(s.got[0].name, L"four"));
    ck_assert_int_eq(s.got[0].id, 4);
    s.probe = NULL;

    /* Modified, sorted view: it moves to the top, no prior row (PR_NULL). */
    ck_assert_int_eq(sort_by(t, T_NAME, TABLE_SORT_ASCEND), S_OK);
    ck_assert_int_eq(put3(td, 2, L"aardvark", 20), S_OK);
    ck_assert_uint_eq(s.count, 2);
    ck_assert_uint_eq(s.got[1].event, TABLE_ROW_MODIFIED);
    ck_assert_int_eq(s.got[1].index, 2);
    ck_assert_uint_eq(s.got[1].prior_tag, PR_NULL);
    ck_assert(!wcscmp(s.got[1].name, L"aardvark"));

    /* Deleted: no row data, prior PR_NULL */
    ck_assert_int_eq(del(td, 1), S_OK);
    ck_assert_uint_eq(s.count, 3);
    ck_assert_uint_eq(s.got[2].event, TABLE_ROW_DELETED);
    ck_assert_int_eq(s.got[2].index, 1);
    ck_assert_uint_eq(s.got[2].prior_tag, PR_NULL);
    ck_assert_uint_eq(s.got[2].cols, 0);

    /* HrNotify: TABLE_ROW_MODIFIED, changed or not */
    v = pv_l(T_ID, 4);
    ck_assert_int_eq(ITableData_HrNotify(td, 0, 1, &v), S_OK);
    ck_assert_uint_eq(s.count, 4);
    ck_assert_uint_eq(s.got[3].event, TABLE_ROW_MODIFIED);
    ck_assert_int_eq(s.got[3].id, 4);
    ck_assert_uint_eq(s.got[3].prior_tag, T_ID);
    ck_assert_int_eq(s.got[3].prior, 2);
    ck_assert_int_eq(ITableData_HrNotify(td, 1, 1, &v), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(ITableData_HrNotify(td, 0, 0, NULL), MAPI_E_INVALID_PARAMETER);
    v = pv_l(T_NUM, 4);
    ck_assert_int_eq(ITableData_HrNotify(td, 0, 1, &v), MAPI_E_INVALID_PARAMETER);
    v = pv_l(T_ID, 99);
    ck_assert_int_eq(ITableData_HrNotify(td, 0, 1, &v), MAPI_E_NOT_FOUND);
    ck_assert_uint_eq(s.count, 4);

    /* A restricted second view with its own sink hears only about its rows. */
    tr = get_view(td, NULL);
    v = pv_l(T_NUM, 30);
    r = r_prop(RELOP_GE, T_NUM, &v);
    ck_assert_int_eq(restrict_to(tr, &r), S_OK);
    ck_assert_int_eq(IMAPITable_Advise(tr, fnevTableModified, &s2.IMAPIAdviseSink_iface, &conn2), S_OK);
    ck_assert_int_eq(put3(td, 5, L"five", 5), S_OK);
    ck_assert_uint_eq(s.count, 5);
    ck_assert_uint_eq(s2.count, 0);
    ck_assert_int_eq(put3(td, 5, L"five", 50), S_OK);           /* comes into view */
    ck_assert_uint_eq(s2.count, 1);
    ck_assert_uint_eq(s2.got[0].event, TABLE_ROW_ADDED);
    ck_assert_int_eq(s2.got[0].index, 5);
    ck_assert_uint_eq(s2.got[0].prior_tag, T_ID);
    ck_assert_int_eq(s2.got[0].prior, 4);
    ck_assert_int_eq(put3(td, 4, L"four", 4), S_OK);            /* leaves it */
    ck_assert_uint_eq(s2.count, 2);
    ck_assert_uint_eq(s2.got[1].event, TABLE_ROW_DELETED);
    ck_assert_int_eq(s2.got[1].index, 4);
    ck_assert_uint_eq(s.count, 7);
    ck_assert_uint_eq(s.got[6].event, TABLE_ROW_MODIFIED);

    /* Over eight rows at once: one TABLE_CHANGED; all rows gone: TABLE_RELOAD. */
    {
        SPropValue p[9][2];
        SRow rows[9];
        SRowSet *set = malloc(CbNewSRowSet(9));
        ULONG i, n;
        for (i = 0; i < 9; i++)
        {
            p[i][0] = pv_l(T_ID, 100 + i);
            p[i][1] = pv_l(T_NUM, 100);
            rows[i].ulAdrEntryPad = 0; rows[i].cValues = 2; rows[i].lpProps = p[i];
            set->aRow[i] = rows[i];
        }
        set->cRows = 9;
        ck_assert_int_eq(ITableData_HrModifyRows(td, 0, set), S_OK);
        ck_assert_uint_eq(s.count, 8);
        ck_assert_uint_eq(s.got[7].event, TABLE_CHANGED);
        ck_assert_uint_eq(s.got[7].cols, 0);
        ck_assert_uint_eq(s2.count, 3);
        ck_assert_uint_eq(s2.got[2].event, TABLE_CHANGED);
        ck_assert_uint_eq(row_count(tr), 11);
        /* Two rows: one notification each */
        set->cRows = 2;
        p[0][1].Value.l = 1;
        ck_assert_int_eq(ITableData_HrModifyRows(td, 0, set), S_OK);
        ck_assert_uint_eq(s.count, 10);
        ck_assert_uint_eq(s.got[8].event, TABLE_ROW_MODIFIED);
        ck_assert_uint_eq(s2.got[3].event, TABLE_ROW_DELETED);
        ck_assert_uint_eq(s2.got[4].event, TABLE_ROW_MODIFIED);
        ck_assert_int_eq(ITableData_HrDeleteRows(td, TAD_ALL_ROWS, NULL, &n), S_OK);
        ck_assert_uint_eq(s.count, 11);
        ck_assert_uint_eq(s.got[10].event, TABLE_RELOAD);
        ck_assert_uint_eq(s2.got[5].event, TABLE_RELOAD);
        free(set);
    }

    /* Unadvise stops them; bad calls */
    ck_assert_int_eq(IMAPITable_Unadvise(t, conn), S_OK);
    ck_assert_int_eq(s.refs, 1);
    ck_assert_int_eq(IMAPITable_Unadvise(t, conn), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(IMAPITable_Unadvise(t, 0), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(put3(td, 6, L"six", 60), S_OK);
    ck_assert_uint_eq(s.count, 11);
    ck_assert_uint_eq(s2.count, 7);
    ck_assert_int_eq(IMAPITable_Advise(t, fnevTableModified, NULL, &conn), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IMAPITable_Advise(t, fnevTableModified, &s.IMAPIAdviseSink_iface, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IMAPITable_Advise(t, 0, &s.IMAPIAdviseSink_iface, &conn), MAPI_E_INVALID_PARAMETER);
    /* Releasing a view lets its sinks go. */
    IMAPITable_Release(tr);
    ck_assert_int_eq(s2.refs, 1);
    IMAPITable_Release(t);
    ITableData_Release(td);
}
END_TEST

/* Under MAPIInitialize table notifications go through the notification
 * engine as on Windows: not before the first MAPIInitialize thread dispatches. */
START_TEST(notifications_async)
{
    ITableData *td;
    IMAPITable *t, *t2;
    test_sink s, s2;
    ULONG_PTR conn = 0, conn2 = 0;
    static SizedSPropTagArray(2, cols) = { 2, { T_NAME, T_ID } };
    ULONG n;

    ck_assert_int_eq(MAPIInitialize(NULL), S_OK);
    td = table_1_to(3);
    t = get_view(td, NULL);
    t2 = get_view(td, NULL);
    sink_init(&s);
    sink_init(&s2);
    ck_assert_int_eq(IMAPITable_Advise(t, fnevTableModified, &s.IMAPIAdviseSink_iface, &conn), S_OK);
    ck_assert_int_eq(IMAPITable_Advise(t2, fnevTableModified, &s2.IMAPIAdviseSink_iface, &conn2), S_OK);
    /* Connection numbers come from the engine: unique across views. */
    ck_assert(conn != 0 && conn2 != 0 && conn != conn2);
    ck_assert_int_eq(IMAPITable_Unadvise(t, conn2), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(IMAPITable_SetColumns(t, (LPSPropTagArray)&cols, 0), S_OK);

    ck_assert_int_eq(put3(td, 4, L"four", 40), S_OK);
    ck_assert_uint_eq(s.count, 0);               /* queued, not delivered */
    ck_assert_int_eq(del(td, 1), S_OK);
    ck_assert_uint_eq(s.count, 0);
    ck_assert_int_eq(HrDispatchNotifications(0), S_OK);
    ck_assert_uint_eq(s.count, 2);
    ck_assert_uint_eq(s.tid, GetCurrentThreadId());
    ck_assert_uint_eq(s.got[0].event, TABLE_ROW_ADDED);
    ck_assert_uint_eq(s.got[0].index_tag, T_ID);
    ck_assert_int_eq(s.got[0].index, 4);
    ck_assert_uint_eq(s.got[0].prior_tag, T_ID);
    ck_assert_int_eq(s.got[0].prior, 3);
    ck_assert_uint_eq(s.got[0].cols, 2);
    ck_assert_uint_eq(s.got[0].tags[0], T_NAME);
    ck_assert(!wcscmp(s.got[0].name, L"four"));
    ck_assert_int_eq(s.got[0].id, 4);
    ck_assert_uint_eq(s.got[1].event, TABLE_ROW_DELETED);
    ck_assert_int_eq(s.got[1].index, 1);
    ck_assert_uint_eq(s.got[1].prior_tag, PR_NULL);
    ck_assert_uint_eq(s.got[1].cols, 0);
    ck_assert_uint_eq(s2.count, 2);              /* the other view, its own columns */
    ck_assert_uint_eq(s2.got[0].cols, 3);

    /* TABLE_RELOAD carries no row. */
    ck_assert_int_eq(ITableData_HrDeleteRows(td, TAD_ALL_ROWS, NULL, &n), S_OK);
    ck_assert_int_eq(HrDispatchNotifications(0), S_OK);
    ck_assert_uint_eq(s.count, 3);
    ck_assert_uint_eq(s.got[2].event, TABLE_RELOAD);
    ck_assert_uint_eq(s.got[2].cols, 0);

    /* Unadvise drops what is queued and lets the sink go. */
    ck_assert_int_eq(put3(td, 5, L"five", 50), S_OK);
    ck_assert_int_eq(IMAPITable_Unadvise(t, conn), S_OK);
    ck_assert_int_eq(s.refs, 1);
    ck_assert_int_eq(IMAPITable_Unadvise(t, conn), MAPI_E_NOT_FOUND);
    /* So does releasing the view, once its queued notification is dropped. */
    IMAPITable_Release(t2);
    ck_assert_int_eq(HrDispatchNotifications(0), S_OK);
    ck_assert_uint_eq(s.count, 3);
    ck_assert_uint_eq(s2.count, 3);
    ck_assert_int_eq(s2.refs, 1);
    IMAPITable_Release(t);
    ITableData_Release(td);
    MAPIUninitialize();
}
END_TEST

#define READ_CALLS(s) (*(volatile LONG *)&(s)->calls)

/* With MAPI_MULTITHREAD_NOTIFICATIONS they come on the engine's thread. */
START_TEST(notifications_multithread)
{
    MAPIINIT_0 mt = { MAPI_INIT_VERSION, MAPI_MULTITHREAD_NOTIFICATIONS };
    ITableData *td;
    IMAPITable *t;
    test_sink s;
    ULONG_PTR conn = 0;
    int i;

    ck_assert_int_eq(MAPIInitialize(&mt), S_OK);
    td = table_1_to(3);
    t = get_view(td, NULL);
    sink_init(&s);
    ck_assert_int_eq(IMAPITable_Advise(t, fnevTableModified, &s.IMAPIAdviseSink_iface, &conn), S_OK);
    ck_assert_int_eq(put3(td, 2, L"deux", 20), S_OK);
    for (i = 0; i < 500 && !READ_CALLS(&s); i++) Sleep(10);
    ck_assert_int_eq(READ_CALLS(&s), 1);
    ck_assert_uint_eq(s.count, 1);
    ck_assert_uint_ne(s.tid, 0);
    ck_assert_uint_ne(s.tid, GetCurrentThreadId());
    ck_assert_uint_eq(s.got[0].event, TABLE_ROW_MODIFIED);
    ck_assert_int_eq(s.got[0].index, 2);
    ck_assert_int_eq(s.got[0].prior, 1);
    ck_assert(!wcscmp(s.got[0].name, L"deux"));
    ck_assert_int_eq(IMAPITable_Unadvise(t, conn), S_OK);
    IMAPITable_Release(t);
    ck_assert_int_eq(s.refs, 1);
    ITableData_Release(td);
    MAPIUninitialize();
}
END_TEST

/* A binary PR_INSTANCE_KEY index, as most tables have. */
START_TEST(instance_key_index)
{
    static SizedSPropTagArray(2, cols) = { 2, { PR_INSTANCE_KEY, T_NAME } };
    ITableData *td = NULL;
    IMAPITable *t;
    SPropValue p[2], key;
    test_sink s;
    ULONG_PTR conn;
    BYTE k1[] = { 1, 0, 0, 0 }, k2[] = { 2, 0, 0, 0 };
    SRow *row;

    ck_assert_int_eq(CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                 TBLTYPE_DYNAMIC, PR_INSTANCE_KEY, (LPSPropTagArray)&cols, &td), S_OK);
    t = get_view(td, NULL);
    sink_init(&s);
    ck_assert_int_eq(IMAPITable_Advise(t, fnevTableModified, &s.IMAPIAdviseSink_iface, &conn), S_OK);
    p[0] = pv_bin(PR_INSTANCE_KEY, k1, 4); p[1] = pv_w(T_NAME, L"one");
    ck_assert_int_eq(put_row(td, 2, p), S_OK);
    p[0] = pv_bin(PR_INSTANCE_KEY, k2, 4); p[1] = pv_w(T_NAME, L"two");
    ck_assert_int_eq(put_row(td, 2, p), S_OK);
    ck_assert_uint_eq(s.count, 2);
    ck_assert_uint_eq(s.got[1].index_tag, PR_INSTANCE_KEY);
    ck_assert_uint_eq(s.got[1].prior_tag, PR_INSTANCE_KEY);
    ck_assert_uint_eq(s.got[0].prior_tag, PR_NULL);
    key = pv_bin(PR_INSTANCE_KEY, k2, 4);
    ck_assert_int_eq(ITableData_HrQueryRow(td, &key, &row, NULL), S_OK);
    ck_assert(!wcscmp(find(row, T_NAME)->Value.lpszW, L"two"));
    MAPIFreeBuffer(row);
    key = pv_bin(PR_INSTANCE_KEY, k2, 3);
    ck_assert_int_eq(ITableData_HrQueryRow(td, &key, &row, NULL), MAPI_E_NOT_FOUND);
    key = pv_bin(PR_INSTANCE_KEY, k1, 4);
    ck_assert_int_eq(ITableData_HrDeleteRow(td, &key), S_OK);
    ck_assert_uint_eq(row_count(t), 1);
    IMAPITable_Unadvise(t, conn);
    IMAPITable_Release(t);
    ITableData_Release(td);
}
END_TEST

/* ---- Views against a brute-force model ---- */

/* Two views with their own sorts, restrictions and cursors follow a random
 * stream of changes; after each step their rows are what a fresh
 * filter-and-sort of the store gives. */
START_TEST(views_follow_changes)
{
    enum { N = 300 };
    ITableData *td = new_table(TBLTYPE_DYNAMIC);
    IMAPITable *a = get_view(td, NULL), *b = get_view(td, NULL);
    static LONG num[N], present[N], order_seq[N], seq;
    SPropValue v = pv_l(T_NUM, 50);
    SRestriction r = r_prop(RELOP_LT, T_NUM, &v);
    ULONG step, i, j;
    LONG got[N], want[N];
    ULONG nw;

    ck_assert_int_eq(sort_by(a, T_NUM, TABLE_SORT_DESCEND), S_OK);
    ck_assert_int_eq(restrict_to(b, &r), S_OK);
    srand(42);
    for (step = 0; step < 600; step++)
    {
        LONG id = rand() % N;
        if (rand() % 4 == 0)
        {
            HRESULT hr = del(td, id);
            ck_assert_int_eq(hr, present[id] ? S_OK : MAPI_E_NOT_FOUND);
            present[id] = 0;
        }
        else
        {
            WCHAR name[8];
            num[id] = rand() % 100;
            swprintf(name, 8, L"n%ld", num[id]);
            ck_assert_int_eq(put3(td, id, name, num[id]), S_OK);
            if (!present[id]) order_seq[id] = ++seq;
            present[id] = 1;
        }
        if (step % 25) continue;
        /* a: all rows by num descending, ties in insertion order */
        nw = 0;
        for (i = 0; i < N; i++) if (present[i]) want[nw++] = i;
        for (i = 1; i < nw; i++)
            for (j = i; j > 0; j--)
            {
                LONG x = want[j - 1], y = want[j];
                if (num[x] < num[y] || (num[x] == num[y] && order_seq[x] > order_seq[y]))
                    want[j - 1] = y, want[j] = x;
                else break;
            }
        ck_assert_uint_eq(read_ids(a, got, N), nw);
        for (i = 0; i < nw; i++) ck_assert_int_eq(got[i], want[i]);
        /* b: rows with num < 50 in insertion order */
        nw = 0;
        for (i = 0; i < N; i++) if (present[i] && num[i] < 50) want[nw++] = i;
        for (i = 1; i < nw; i++)
            for (j = i; j > 0 && order_seq[want[j - 1]] > order_seq[want[j]]; j--)
            {
                LONG x = want[j - 1];
                want[j - 1] = want[j];
                want[j] = x;
            }
        ck_assert_uint_eq(read_ids(b, got, N), nw);
        for (i = 0; i < nw; i++) ck_assert_int_eq(got[i], want[i]);
    }
    IMAPITable_Release(a);
    IMAPITable_Release(b);
    ITableData_Release(td);
}
END_TEST

/* The cursor stays between the same rows while others come and go. */
START_TEST(cursor_across_changes)
{
    ITableData *td = table_1_to(5);
    IMAPITable *t = get_view(td, NULL), *t2 = get_view(td, NULL);
    LONG ids[16];
    SRowSet *rows;

    ck_assert_int_eq(IMAPITable_SeekRow(t, BOOKMARK_BEGINNING, 2, NULL), S_OK);  /* before 3 */
    ck_assert_int_eq(insert_id(td, 0, 0), S_OK);
    ck_assert_int_eq(del(td, 1), S_OK);
    ck_assert_int_eq(del(td, 3), S_OK);   /* the row at the cursor: the next one follows */
    ck_assert_uint_eq(read_ids_from_cursor(t, ids, 16), 2);
    ck_assert_int_eq(ids[0], 4);
    ck_assert_int_eq(ids[1], 5);
    /* At the end, a new row is read next. */
    ck_assert_int_eq(put3(td, 6, L"six", 60), S_OK);
    ck_assert_uint_eq(read_ids_from_cursor(t, ids, 16), 1);
    ck_assert_int_eq(ids[0], 6);
    /* A row already read and changed in place is not read again; one moved
     * ahead of the cursor is. */
    ck_assert_int_eq(IMAPITable_SeekRow(t, BOOKMARK_BEGINNING, 2, NULL), S_OK);   /* 0 2 | 4 5 6 */
    ck_assert_int_eq(put3(td, 2, L"two again", 2), S_OK);
    ck_assert_uint_eq(read_ids_from_cursor(t, ids, 16), 3);
    ck_assert_int_eq(ids[0], 4);
    ck_assert_int_eq(sort_by(t, T_NUM, TABLE_SORT_ASCEND), S_OK);                  /* 0 2 4 5 6 */
    ck_assert_int_eq(IMAPITable_SeekRow(t, BOOKMARK_BEGINNING, 2, NULL), S_OK);   /* 0 2 | 4 5 6 */
    ck_assert_int_eq(put3(td, 0, L"zero", 55), S_OK);                              /* 2 | 4 5 0 6 */
    ck_assert_uint_eq(read_ids_from_cursor(t, ids, 16), 4);
    ck_assert_int_eq(ids[0], 4);
    ck_assert_int_eq(ids[2], 0);
    ck_assert_int_eq(IMAPITable_SeekRow(t, BOOKMARK_BEGINNING, 2, NULL), S_OK);   /* 2 4 | 5 0 6 */
    ck_assert_int_eq(put3(td, 6, L"six", 1), S_OK);                                /* 6 2 4 | 5 0 */
    ck_assert_uint_eq(read_ids_from_cursor(t, ids, 16), 2);
    ck_assert_int_eq(ids[0], 5);
    /* The other view was not moved by any of it. */
    ck_assert_int_eq(IMAPITable_QueryRows(t2, 1, 0, &rows), S_OK);
    ck_assert_int_eq(find(&rows->aRow[0], T_ID)->Value.l, 0);
    FreeProws(rows);
    IMAPITable_Release(t);
    IMAPITable_Release(t2);
    ITableData_Release(td);
}
END_TEST

/* Every other scalar type sorts by value (rows go in shuffled). */
START_TEST(sort_scalar_types)
{
    static const ULONG tags[] = { PROP_TAG(PT_I2, 0x6700), PROP_TAG(PT_R4, 0x6701), PROP_TAG(PT_CURRENCY, 0x6702),
                                  PROP_TAG(PT_APPTIME, 0x6703), PROP_TAG(PT_CLSID, 0x6704),
                                  PROP_TAG(PT_ERROR, 0x6705), PROP_TAG(PT_STRING8, 0x6706) };
    static const char *strs[] = { "alpha", "Beta", "beta2", "GAMMA" };
    static GUID guids[4];
    static const LONG shuffled[] = { 2, 0, 3, 1 };   /* row i holds the shuffled[i]-th smallest value */
    ITableData *td = new_table(TBLTYPE_DYNAMIC);
    IMAPITable *t;
    SPropValue p[8];
    ULONG i, k;

    for (i = 0; i < 4; i++)
    {
        LONG r = shuffled[i];
        memset(&guids[r], 0, sizeof(GUID));
        guids[r].Data1 = 0x10000000u * (ULONG)r;
        p[0] = pv_l(T_ID, i + 1);
        p[1] = pv(tags[0]); p[1].Value.i = (short)(r * 100 - 150);
        p[2] = pv(tags[1]); p[2].Value.flt = (float)r * 0.5f - 0.75f;
        p[3] = pv(tags[2]); p[3].Value.cur.int64 = (LONGLONG)r * 10000 - 20000;
        p[4] = pv(tags[3]); p[4].Value.at = 40000.0 + r;
        p[5] = pv(tags[4]); p[5].Value.lpguid = &guids[r];
        p[6] = pv(tags[5]); p[6].Value.err = (SCODE)(0x80040000 + r);
        p[7] = pv_a(tags[6], strs[r]);
        ck_assert_int_eq(put_row(td, 8, p), S_OK);
    }
    t = get_view(td, NULL);
    for (k = 0; k < ARRAYSIZE(tags); k++)
    {
        ck_assert_int_eq(sort_by(t, tags[k], TABLE_SORT_ASCEND), S_OK);
        expect_ids(t, 2, 4, 1, 3);
        ck_assert_int_eq(sort_by(t, tags[k], TABLE_SORT_DESCEND), S_OK);
        expect_ids(t, 3, 1, 4, 2);
    }
    IMAPITable_Release(t);
    ITableData_Release(td);
}
END_TEST

typedef struct stress_ctx
{
    ITableData *td;
    LONG stop;
    LONG errors;
} stress_ctx;

static DWORD WINAPI stress_writer(void *arg)
{
    stress_ctx *c = arg;
    ULONG k = 1;
    while (!c->stop)
    {
        LONG id = (LONG)(k % 500);
        WCHAR name[16];
        swprintf(name, 16, L"w%lu", k * 7919 % 1000);
        if (k % 5 == 0) del(c->td, id);
        else if (put3(c->td, id, name, (LONG)(k % 100)) != S_OK) InterlockedIncrement(&c->errors);
        k++;
    }
    return 0;
}

/* One thread changes rows while another reads, sorts and restricts a view. */
START_TEST(concurrent_changes)
{
    stress_ctx c = { new_table(TBLTYPE_DYNAMIC), 0, 0 };
    IMAPITable *t = get_view(c.td, NULL);
    SPropValue v = pv_l(T_NUM, 50);
    SRestriction r = r_prop(RELOP_LT, T_NUM, &v);
    HANDLE th = CreateThread(NULL, 0, stress_writer, &c, 0, NULL);
    ULONG i, n, prev;
    SRowSet *rows;
    BOOKMARK b;

    for (i = 0; i < 300; i++)
    {
        ck_assert_int_eq(sort_by(t, i % 2 ? T_NAME : T_NUM, TABLE_SORT_ASCEND), S_OK);
        if (i % 3 == 0) ck_assert_int_eq(restrict_to(t, i % 2 ? &r : NULL), S_OK);
        ck_assert_int_eq(IMAPITable_CreateBookmark(t, &b), S_OK);
        ck_assert_int_eq(IMAPITable_QueryRows(t, 0x7fffffff, 0, &rows), S_OK);
        /* Whatever the writer did, what was read is in order. */
        for (n = 1, prev = 0; n < rows->cRows; n++)
        {
            const SPropValue *a = find(&rows->aRow[n - 1], i % 2 ? T_NAME : T_NUM);
            const SPropValue *bb = find(&rows->aRow[n], i % 2 ? T_NAME : T_NUM);
            if (a && bb && (i % 2 ? CompareStringW(LOCALE_USER_DEFAULT, NORM_IGNORECASE, a->Value.lpszW, -1,
                                                   bb->Value.lpszW, -1) == CSTR_GREATER_THAN
                                  : a->Value.l > bb->Value.l))
                prev++;
        }
        ck_assert_uint_eq(prev, 0);
        FreeProws(rows);
        ck_assert(SUCCEEDED(IMAPITable_SeekRow(t, b, 0, NULL)));
        ck_assert_int_eq(IMAPITable_FreeBookmark(t, b), S_OK);
    }
    InterlockedExchange(&c.stop, 1);
    WaitForSingleObject(th, INFINITE);
    CloseHandle(th);
    ck_assert_int_eq(c.errors, 0);
    IMAPITable_Release(t);
    ITableData_Release(c.td);
}
END_TEST

static Suite *table_suite(void)
{
    Suite *s = suite_create("table");
    TCase *tc = tcase_create("table");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, create_table_bad_input);
    tcase_add_test(tc, tabledata_rows);
    tcase_add_test(tc, tabledata_row_sets);
    tcase_add_test(tc, view_columns);
    tcase_add_test(tc, view_misc);
    tcase_add_test(tc, query_rows_and_seek);
    tcase_add_test(tc, bookmarks);
    tcase_add_test(tc, sort_orders);
    tcase_add_test(tc, sort_strings_like_comparestring);
    tcase_add_test(tc, sort_scalar_types);
    tcase_add_test(tc, restrict_content);
    tcase_add_test(tc, restrict_property_and_others);
    tcase_add_test(tc, find_row);
    tcase_add_test(tc, notifications);
    tcase_add_test(tc, notifications_async);
    tcase_add_test(tc, notifications_multithread);
    tcase_add_test(tc, instance_key_index);
    tcase_add_test(tc, views_follow_changes);
    tcase_add_test(tc, cursor_across_changes);
    tcase_add_test(tc, concurrent_changes);
    suite_add_tcase(s, tc);
    return s;
}

HARNESS_MAIN(table_suite)
