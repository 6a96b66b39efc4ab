/* The table engine's queries through the DLL's exports: SortTable over
 * every type (strings as CompareString sorts them), Restrict with every
 * restriction (table_eval.c), and FindRow. */
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

static Suite *table_query_suite(void)
{
    Suite *s = suite_create("table_query");
    TCase *tc = tcase_create("table_query");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, sort_orders);
    tcase_add_test(tc, sort_strings_like_comparestring);
    tcase_add_test(tc, sort_scalar_types);
    tcase_add_test(tc, restrict_content);
    tcase_add_test(tc, restrict_property_and_others);
    tcase_add_test(tc, find_row);
    suite_add_tcase(s, tc);
    return s;
}

HARNESS_MAIN(table_query_suite)
