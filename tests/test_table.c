/* The table engine: CreateTable, ITableData and its IMAPITable views
 * (tabledata.c, table.c), through the DLL's exports: the table data's rows,
 * a view's columns and odd methods, reading, seeking and bookmarks. Sorting
 * and restrictions are in test_table_query.c, notifications and views
 * following changes in test_table_changes.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define INITGUID
#include <mapix.h>
#include <mapiutil.h>
#include <mapiguid.h>

#include "harness.h"
#include "table_helpers.h"

static SRestriction exist_id = { RES_EXIST, .res.resExist = { 0, T_ID, 0 } };

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
    suite_add_tcase(s, tc);
    return s;
}

HARNESS_MAIN(table_suite)
