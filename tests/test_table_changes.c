/* Table views while the rows change, through the DLL's exports: the
 * notifications a view's sinks get (at once, through the notification
 * engine, on its own thread), views and cursors that follow a stream of
 * changes, and a writer thread against a reader. */
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

/* Row 4 ("four") added after row 3, in a view with the columns T_NAME, T_ID. */
static void expect_four_added(const got_notif *g)
{
    ck_assert_uint_eq(g->event, TABLE_ROW_ADDED);
    ck_assert_uint_eq(g->index_tag, T_ID);
    ck_assert_int_eq(g->index, 4);
    ck_assert_uint_eq(g->prior_tag, T_ID);
    ck_assert_int_eq(g->prior, 3);
    ck_assert_uint_eq(g->cols, 2);
    ck_assert_uint_eq(g->tags[0], T_NAME);
    ck_assert(!wcscmp(g->name, L"four"));
    ck_assert_int_eq(g->id, 4);
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
    expect_four_added(&s.got[0]);
    ck_assert_uint_eq(s.got[0].tags[1], T_ID);
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
    expect_four_added(&s.got[0]);
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

static Suite *table_changes_suite(void)
{
    Suite *s = suite_create("table_changes");
    TCase *tc = tcase_create("table_changes");

    tcase_set_timeout(tc, 120);
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

HARNESS_MAIN(table_changes_suite)
