/* bench_table: times the table engine (CreateTable, ITableData, IMAPITable)
 * of whichever mapi32.dll the prefix gives us, on 100,000 rows of five
 * columns: PR_INSTANCE_KEY (binary, the index), a PT_UNICODE subject, a
 * PT_LONG, a PT_SYSTIME and a PT_STRING8 sender. Wine's builtin has no
 * CreateTable (a stub), so for it every case says "not implemented".
 * Prints the best of a few runs for each case. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include <mapix.h>
#include <mapiutil.h>

#include "../verinfo.h"

#define NROWS 100000
#define T_SUBJECT PROP_TAG(PT_UNICODE, 0x0037)
#define T_IMPORTANCE PROP_TAG(PT_LONG, 0x0017)
#define T_TIME PROP_TAG(PT_SYSTIME, 0x0E06)
#define T_SENDER PROP_TAG(PT_STRING8, 0x0C1A)

typedef SCODE (WINAPI *createtable_fn)(LPCIID, ALLOCATEBUFFER *, ALLOCATEMORE *, FREEBUFFER *, LPVOID, ULONG,
                                       ULONG, LPSPropTagArray, LPTABLEDATA *);
typedef void (WINAPI *freeprows_fn)(LPSRowSet);

static createtable_fn pCreateTable;
static freeprows_fn pFreeProws;
static ALLOCATEBUFFER *pMAPIAllocateBuffer;
static ALLOCATEMORE *pMAPIAllocateMore;
static FREEBUFFER *pMAPIFreeBuffer;

static LARGE_INTEGER freq;
static char product[128];

static SizedSPropTagArray(5, cols) = { 5, { PR_INSTANCE_KEY, T_SUBJECT, T_IMPORTANCE, T_TIME, T_SENDER } };

/* The rows to load, made once. */
static SPropValue (*props)[5];
static SRowSet *rowset;
static ULONG keys[NROWS];
static WCHAR (*subjects)[64];
static char (*senders)[32];

static double now_ms(void)
{
    LARGE_INTEGER t;
    QueryPerformanceCounter(&t);
    return (double)t.QuadPart * 1e3 / (double)freq.QuadPart;
}

static ULONG rnd_state = 12345;
static ULONG rnd(void)
{
    rnd_state = rnd_state * 1103515245 + 12345;
    return (rnd_state >> 8) & 0xffffff;
}

static void make_rows(void)
{
    static const WCHAR *words[] = { L"budget", L"meeting", L"Quarterly", L"review", L"project", L"status",
        L"Lunch", L"invoice", L"Report", L"deadline", L"plans", L"update", L"Team", L"notes", L"offsite",
        L"action", L"items", L"release", L"draft", L"contract" };
    static const WCHAR *prefixes[] = { L"", L"RE: ", L"FW: ", L"Re: " };
    ULONG i;

    props = HeapAlloc(GetProcessHeap(), 0, sizeof(*props) * NROWS);
    subjects = HeapAlloc(GetProcessHeap(), 0, sizeof(*subjects) * NROWS);
    senders = HeapAlloc(GetProcessHeap(), 0, sizeof(*senders) * NROWS);
    rowset = HeapAlloc(GetProcessHeap(), 0, CbNewSRowSet(NROWS));
    for (i = 0; i < NROWS; i++)
    {
        keys[i] = i * 2654435761u;
        swprintf(subjects[i], 64, L"%ls%ls %ls %ls #%lu", prefixes[rnd() % 4], words[rnd() % 20],
                 words[rnd() % 20], words[rnd() % 20], rnd() % 1000);
        snprintf(senders[i], 32, "Sender %lu", rnd() % 5000);
        memset(props[i], 0, sizeof(props[i]));
        props[i][0].ulPropTag = PR_INSTANCE_KEY;
        props[i][0].Value.bin.cb = sizeof(ULONG);
        props[i][0].Value.bin.lpb = (BYTE *)&keys[i];
        props[i][1].ulPropTag = T_SUBJECT;
        props[i][1].Value.lpszW = subjects[i];
        props[i][2].ulPropTag = T_IMPORTANCE;
        props[i][2].Value.l = rnd() % 3;
        props[i][3].ulPropTag = T_TIME;
        props[i][3].Value.ft.dwLowDateTime = rnd();
        props[i][3].Value.ft.dwHighDateTime = 0x01d9a000 + rnd() % 4096;
        props[i][4].ulPropTag = T_SENDER;
        props[i][4].Value.lpszA = senders[i];
        rowset->aRow[i].ulAdrEntryPad = 0;
        rowset->aRow[i].cValues = 5;
        rowset->aRow[i].lpProps = props[i];
    }
    rowset->cRows = NROWS;
}

static void *proc(HMODULE mapi, const char *name)
{
    return (void *)GetProcAddress(mapi, name);
}

static ITableData *new_table(void)
{
    ITableData *td = NULL;
    if (FAILED(pCreateTable(NULL, pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer, NULL,
                            TBLTYPE_DYNAMIC, PR_INSTANCE_KEY, (LPSPropTagArray)&cols, &td)))
        return NULL;
    return td;
}

static void line(const char *label, double value, const char *unit)
{
    printf("%-58s %10.3f %-8s (%s)\n", label, value, unit, product);
}

static void not_implemented(const char *label)
{
    printf("%-58s        n/a          (%s: not implemented)\n", label, product);
}

#define RUNS 3
#define BEST(var, body) do { int run_; double t0_, t_; var = 1e300; \
    for (run_ = 0; run_ < RUNS; run_++) { body; } } while (0)
#define TIMED(var, stmt) do { t0_ = now_ms(); stmt; t_ = now_ms() - t0_; if (t_ < var) var = t_; } while (0)

static SSortOrderSet *sort_on(ULONG tag, ULONG order)
{
    static SizedSSortOrderSet(1, s);
    s.cSorts = 1;
    s.cCategories = s.cExpanded = 0;
    s.aSort[0].ulPropTag = tag;
    s.aSort[0].ulOrder = order;
    return (SSortOrderSet *)&s;
}

static const char *labels[] = {
    "build 100k rows: HrModifyRows, one call (ms)",
    "build 100k rows: HrModifyRow each (ms)",
    "SortTable(subject) + QueryRows all 100k (ms)",
    "  of which SortTable(subject) (ms)",
    "  of which QueryRows all 100k (ms)",
    "  FreeProws of the 100k rows (ms)",
    "SortTable(PT_SYSTIME desc) + QueryRows all 100k (ms)",
    "Restrict CONTENT substring|ignorecase + GetRowCount (ms)",
    "Restrict PROPERTY PT_LONG == 1 + GetRowCount (ms)",
    "FindRow PROPERTY on the subject, scanning (us/call)",
    "FindRow on PR_INSTANCE_KEY (hashed) (us/call)",
    "SeekRow BOOKMARK_BEGINNING + k (ns/call)",
    "SeekRow from a bookmark (ns/call)",
    "QueryRows 50 rows at a random place (us/call)",
    "HrModifyRow, one sorted view open (us/call)",
    "HrModifyRow, no view (us/call)",
};

int main(void)
{
    HMODULE mapi = LoadLibraryA("mapi32.dll");
    char path[MAX_PATH];
    ITableData *td;
    IMAPITable *view;
    SRowSet *rows = NULL;
    ULONG count = 0, i;
    double best, best2, best3, total;

    if (!mapi)
    {
        printf("bench_table: mapi32.dll did not load\n");
        return 1;
    }
    GetModuleFileNameA(mapi, path, sizeof(path));
    version_string(path, "ProductName", product, sizeof(product));
    if (!product[0]) snprintf(product, sizeof(product), "%s", path);
    QueryPerformanceFrequency(&freq);
    /* Only the plain name: Wine's builtin exports a crashing stub as CreateTable@36. */
    pCreateTable = proc(mapi, "CreateTable");
    if (!(pFreeProws = proc(mapi, "FreeProws"))) pFreeProws = proc(mapi, "FreeProws@4");
    pMAPIAllocateBuffer = proc(mapi, "MAPIAllocateBuffer");
    pMAPIAllocateMore = proc(mapi, "MAPIAllocateMore");
    pMAPIFreeBuffer = proc(mapi, "MAPIFreeBuffer");

    printf("bench_table: %s (%s), %d rows of 5 columns\n", path, product, NROWS);
    if (!pCreateTable || !pFreeProws || !pMAPIAllocateBuffer || !pMAPIAllocateMore || !pMAPIFreeBuffer)
    {
        for (i = 0; i < ARRAYSIZE(labels); i++) not_implemented(labels[i]);
        return 0;
    }
    make_rows();

    /* Building */
    BEST(best, {
        td = new_table();
        TIMED(best, ITableData_HrModifyRows(td, 0, rowset));
        ITableData_Release(td);
    });
    line(labels[0], best, "ms");
    BEST(best, {
        td = new_table();
        t0_ = now_ms();
        for (i = 0; i < NROWS; i++) ITableData_HrModifyRow(td, &rowset->aRow[i]);
        t_ = now_ms() - t0_;
        if (t_ < best) best = t_;
        ITableData_Release(td);
    });
    line(labels[1], best, "ms");

    td = new_table();
    ITableData_HrModifyRows(td, 0, rowset);
    ITableData_HrGetView(td, NULL, NULL, 0, &view);

    /* Sort and read everything; sorted another way first so each sort starts cold. */
    best = best2 = best3 = total = 1e300;
    {
        int run;
        for (run = 0; run < RUNS; run++)
        {
            double t0, t1, t2, t3;
            IMAPITable_SortTable(view, sort_on(T_IMPORTANCE, TABLE_SORT_ASCEND), 0);
            t0 = now_ms();
            IMAPITable_SortTable(view, sort_on(T_SUBJECT, TABLE_SORT_ASCEND), 0);
            t1 = now_ms();
            IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, 0, NULL);
            IMAPITable_QueryRows(view, 0x7fffffff, 0, &rows);
            t2 = now_ms();
            count = rows ? rows->cRows : 0;
            pFreeProws(rows);
            t3 = now_ms();
            if (t2 - t0 < total) total = t2 - t0;
            if (t1 - t0 < best) best = t1 - t0;
            if (t2 - t1 < best2) best2 = t2 - t1;
            if (t3 - t2 < best3) best3 = t3 - t2;
        }
    }
    if (count != NROWS) printf("bench_table: QueryRows read %lu rows, not %d\n", count, NROWS);
    line(labels[2], total, "ms");
    line(labels[3], best, "ms");
    line(labels[4], best2, "ms");
    line(labels[5], best3, "ms");
    BEST(best, {
        IMAPITable_SortTable(view, sort_on(T_IMPORTANCE, TABLE_SORT_ASCEND), 0);
        TIMED(best, {
            IMAPITable_SortTable(view, sort_on(T_TIME, TABLE_SORT_DESCEND), 0);
            IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, 0, NULL);
            IMAPITable_QueryRows(view, 0x7fffffff, 0, &rows);
        });
        pFreeProws(rows);
    });
    line(labels[6], best, "ms");

    /* Restrictions */
    {
        SPropValue needle, one;
        SRestriction content, prop;
        needle.ulPropTag = T_SUBJECT;
        needle.Value.lpszW = L"QUARTERLY review";
        content.rt = RES_CONTENT;
        content.res.resContent.ulFuzzyLevel = FL_SUBSTRING | FL_IGNORECASE;
        content.res.resContent.ulPropTag = T_SUBJECT;
        content.res.resContent.lpProp = &needle;
        one.ulPropTag = T_IMPORTANCE;
        one.Value.l = 1;
        prop.rt = RES_PROPERTY;
        prop.res.resProperty.relop = RELOP_EQ;
        prop.res.resProperty.ulPropTag = T_IMPORTANCE;
        prop.res.resProperty.lpProp = &one;

        BEST(best, {
            IMAPITable_Restrict(view, NULL, 0);
            TIMED(best, { IMAPITable_Restrict(view, &content, 0); IMAPITable_GetRowCount(view, 0, &count); });
        });
        line(labels[7], best, "ms");
        printf("%-58s %10lu rows\n", "  (rows matching)", count);
        BEST(best, {
            IMAPITable_Restrict(view, NULL, 0);
            TIMED(best, { IMAPITable_Restrict(view, &prop, 0); IMAPITable_GetRowCount(view, 0, &count); });
        });
        line(labels[8], best, "ms");
        IMAPITable_Restrict(view, NULL, 0);
    }

    /* FindRow: a scan for a subject, and a key through the hash */
    {
        SPropValue v;
        SRestriction r;
        const int calls = 20;
        v.ulPropTag = T_SUBJECT;
        r.rt = RES_PROPERTY;
        r.res.resProperty.relop = RELOP_EQ;
        r.res.resProperty.ulPropTag = T_SUBJECT;
        r.res.resProperty.lpProp = &v;
        BEST(best, {
            TIMED(best, {
                int k;
                for (k = 0; k < calls; k++)
                {
                    v.Value.lpszW = subjects[(rnd() % NROWS)];
                    IMAPITable_FindRow(view, &r, BOOKMARK_BEGINNING, 0);
                }
            });
        });
        line(labels[9], best * 1000 / calls, "us");
        r.res.resProperty.ulPropTag = PR_INSTANCE_KEY;
        BEST(best, {
            TIMED(best, {
                int k;
                for (k = 0; k < 10000; k++)
                {
                    v = props[rnd() % NROWS][0];
                    IMAPITable_FindRow(view, &r, BOOKMARK_BEGINNING, 0);
                }
            });
        });
        line(labels[10], best * 1000 / 10000, "us");
    }

    /* Moving around */
    {
        BOOKMARK bk;
        IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, NROWS / 2, NULL);
        IMAPITable_CreateBookmark(view, &bk);
        BEST(best, TIMED(best, { int k; for (k = 0; k < 100000; k++)
            IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, (LONG)(rnd() % NROWS), NULL); }));
        line(labels[11], best * 1e6 / 100000, "ns");
        BEST(best, TIMED(best, { int k; for (k = 0; k < 100000; k++) IMAPITable_SeekRow(view, bk, 10, NULL); }));
        line(labels[12], best * 1e6 / 100000, "ns");
        BEST(best, TIMED(best, { int k; for (k = 0; k < 1000; k++) {
            IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, (LONG)(rnd() % NROWS), NULL);
            IMAPITable_QueryRows(view, 50, 0, &rows);
            pFreeProws(rows); } }));
        line(labels[13], best * 1000 / 1000, "us");
        IMAPITable_FreeBookmark(view, bk);
    }

    /* Changing rows with a sorted view open, and with none */
    {
        SPropValue p[5];
        SRow row = { 0, 5, p };
        WCHAR subject[64];
        const int calls = 2000;
        IMAPITable_SortTable(view, sort_on(T_SUBJECT, TABLE_SORT_ASCEND), 0);
        BEST(best, TIMED(best, { int k; for (k = 0; k < calls; k++) {
            memcpy(p, props[rnd() % NROWS], sizeof(p));
            swprintf(subject, 64, L"changed %lu", rnd());
            p[1].Value.lpszW = subject;
            ITableData_HrModifyRow(td, &row); } }));
        line(labels[14], best * 1000 / calls, "us");
        IMAPITable_Release(view);
        BEST(best, TIMED(best, { int k; for (k = 0; k < calls; k++) {
            memcpy(p, props[rnd() % NROWS], sizeof(p));
            swprintf(subject, 64, L"changed %lu", rnd());
            p[1].Value.lpszW = subject;
            ITableData_HrModifyRow(td, &row); } }));
        line(labels[15], best * 1000 / calls, "us");
    }
    ITableData_Release(td);
    return 0;
}
