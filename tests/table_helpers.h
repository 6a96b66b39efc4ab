/* What the table tests (test_table*.c) share: the test columns, property
 * values, a table data object with a few rows, and reading a view's rows. */
#ifndef FREEMAPI_TABLE_HELPERS_H
#define FREEMAPI_TABLE_HELPERS_H

#include <mapix.h>
#include <mapiutil.h>
#include <check.h>

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

SPropValue pv(ULONG tag);
SPropValue pv_l(ULONG tag, LONG l);
SPropValue pv_w(ULONG tag, const WCHAR *s);
SPropValue pv_a(ULONG tag, const char *s);
SPropValue pv_bin(ULONG tag, const void *p, ULONG cb);

/* A table data object indexed on T_ID, with T_ID, T_NAME, T_NUM as columns. */
ITableData *new_table(ULONG type);
/* ... holding rows 1 to n ("row i", i * 10). */
ITableData *table_1_to(LONG n);
HRESULT put_row(ITableData *td, ULONG n, SPropValue *props);
/* A row of the three base columns. */
HRESULT put3(ITableData *td, LONG id, const WCHAR *name, LONG num);
HRESULT insert_id(ITableData *td, ULONG pos, LONG id);
HRESULT del(ITableData *td, LONG id);

IMAPITable *get_view(ITableData *td, LPSSortOrderSet sort);
const SPropValue *find(const SRow *row, ULONG tag);
/* The T_ID of every row from the cursor on (the view needs T_ID as a column). */
ULONG read_ids_from_cursor(IMAPITable *t, LONG *ids, ULONG max);
/* The same from the first row. */
ULONG read_ids(IMAPITable *t, LONG *ids, ULONG max);
ULONG row_count(IMAPITable *t);
HRESULT restrict_to(IMAPITable *t, SRestriction *r);
HRESULT sort_by(IMAPITable *t, ULONG tag, ULONG order);
SRestriction r_content(ULONG fuzzy, ULONG tag, SPropValue *v);
SRestriction r_prop(ULONG relop, ULONG tag, SPropValue *v);

/* Checks that the view reads exactly these ids, in this order. */
#define expect_ids(t, ...) do { \
    LONG want_[] = { __VA_ARGS__ }, got_[256]; \
    ULONG n_ = read_ids(t, got_, 256), i_; \
    ck_assert_msg(n_ == ARRAYSIZE(want_), "%lu rows, want %u", n_, (unsigned)ARRAYSIZE(want_)); \
    for (i_ = 0; i_ < n_; i_++) ck_assert_msg(got_[i_] == want_[i_], "row %lu: id %ld, want %ld", i_, got_[i_], want_[i_]); \
} while (0)

#endif
