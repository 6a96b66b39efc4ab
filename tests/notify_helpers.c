/* What the notification tests share; see notify_helpers.h. */
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include <mapix.h>
#include <mapiutil.h>
#include <mapiguid.h>

#include "notify_helpers.h"


BOOL wait_for(volatile LONG *p, LONG value)
{
    DWORD start = GetTickCount();

    while (*p != value)
    {
        if (GetTickCount() - start > WAIT_MS) return FALSE;
        Sleep(1);
    }
    return TRUE;
}

HANDLE run_thread(LPTHREAD_START_ROUTINE fn, void *arg)
{
    HANDLE t = CreateThread(NULL, 0, fn, arg, 0, NULL);
    ck_assert_ptr_nonnull(t);
    return t;
}

void join(HANDLE t)
{
    ck_assert_int_eq(WaitForSingleObject(t, WAIT_MS), WAIT_OBJECT_0);
    CloseHandle(t);
}

static void fill(void *p, size_t cb, BYTE seed)
{
    BYTE *b = p;
    while (cb--) *b++ = seed++;
}

void make_batch(struct batch *b)
{
    NOTIFICATION *n = b->n;

    memset(b, 0, sizeof(*b));
    fill(b->eid, sizeof(b->eid), 0x10);
    fill(b->parent, sizeof(b->parent), 0x20);
    fill(b->oldid, sizeof(b->oldid), 0x30);
    fill(b->oldparent, sizeof(b->oldparent), 0x40);
    fill(b->inst, sizeof(b->inst), 0x50);
    fill(b->prior, sizeof(b->prior), 0x60);
    fill(b->bin, sizeof(b->bin), 0x70);
    fill(b->ext, sizeof(b->ext), 0x80);
    strcpy(b->msgclass, "IPM.Note");
    strcpy(b->str8, "row string");
    wcscpy(b->errtext, L"disk full");
    wcscpy(b->component, L"store");
    wcscpy(b->wstr, L"status");
    b->err.ulVersion = MAPI_ERROR_VERSION;
    b->err.lpszError = (LPTSTR)b->errtext;
    b->err.lpszComponent = (LPTSTR)b->component;
    b->err.ulLowLevelError = 7;
    b->err.ulContext = 9;
    b->tags.cValues = 2;
    b->tags.aulPropTag[0] = PR_ENTRYID;
    b->tags.aulPropTag[1] = PR_DISPLAY_NAME_A;
    b->row[0].ulPropTag = PROP_TAG(PT_LONG, 0x6601);
    b->row[0].Value.l = 42;
    b->row[1].ulPropTag = PROP_TAG(PT_STRING8, 0x6602);
    b->row[1].Value.lpszA = b->str8;
    b->row[2].ulPropTag = PROP_TAG(PT_BINARY, 0x6603);
    b->row[2].Value.bin.cb = sizeof(b->bin);
    b->row[2].Value.bin.lpb = b->bin;
    b->stat[0].ulPropTag = PROP_TAG(PT_UNICODE, 0x6604);
    b->stat[0].Value.lpszW = b->wstr;
    b->stat[1].ulPropTag = PROP_TAG(PT_LONG, 0x6605);
    b->stat[1].Value.l = 5;

    n[0].ulEventType = fnevCriticalError;
    n[0].info.err.cbEntryID = sizeof(b->eid);
    n[0].info.err.lpEntryID = (LPENTRYID)b->eid;
    n[0].info.err.scode = MAPI_E_NOT_ENOUGH_DISK;
    n[0].info.err.ulFlags = MAPI_UNICODE;
    n[0].info.err.lpMAPIError = &b->err;

    n[1].ulEventType = fnevNewMail;
    n[1].info.newmail.cbEntryID = sizeof(b->eid);
    n[1].info.newmail.lpEntryID = (LPENTRYID)b->eid;
    n[1].info.newmail.cbParentID = sizeof(b->parent);
    n[1].info.newmail.lpParentID = (LPENTRYID)b->parent;
    n[1].info.newmail.lpszMessageClass = (LPTSTR)b->msgclass;
    n[1].info.newmail.ulMessageFlags = 1;

    n[2].ulEventType = fnevObjectCreated;
    n[2].info.obj.cbEntryID = sizeof(b->eid);
    n[2].info.obj.lpEntryID = (LPENTRYID)b->eid;
    n[2].info.obj.ulObjType = MAPI_MESSAGE;
    n[2].info.obj.cbParentID = sizeof(b->parent);
    n[2].info.obj.lpParentID = (LPENTRYID)b->parent;
    n[2].info.obj.lpPropTagArray = (LPSPropTagArray)&b->tags;

    n[3].ulEventType = fnevObjectDeleted;
    n[3].info.obj = n[2].info.obj;
    n[3].info.obj.lpPropTagArray = NULL;

    n[4].ulEventType = fnevObjectModified;
    n[4].info.obj = n[2].info.obj;

    n[5].ulEventType = fnevObjectMoved;
    n[5].info.obj = n[3].info.obj;
    n[5].info.obj.cbOldID = sizeof(b->oldid);
    n[5].info.obj.lpOldID = (LPENTRYID)b->oldid;
    n[5].info.obj.cbOldParentID = sizeof(b->oldparent);
    n[5].info.obj.lpOldParentID = (LPENTRYID)b->oldparent;

    n[6] = n[5];
    n[6].ulEventType = fnevObjectCopied;

    n[7].ulEventType = fnevSearchComplete;
    n[7].info.obj.cbEntryID = sizeof(b->eid);
    n[7].info.obj.lpEntryID = (LPENTRYID)b->eid;
    n[7].info.obj.ulObjType = MAPI_FOLDER;

    n[8].ulEventType = fnevTableModified;
    n[8].info.tab.ulTableEvent = TABLE_ROW_ADDED;
    n[8].info.tab.propIndex.ulPropTag = PR_INSTANCE_KEY;
    n[8].info.tab.propIndex.Value.bin.cb = sizeof(b->inst);
    n[8].info.tab.propIndex.Value.bin.lpb = b->inst;
    n[8].info.tab.propPrior.ulPropTag = PR_INSTANCE_KEY;
    n[8].info.tab.propPrior.Value.bin.cb = sizeof(b->prior);
    n[8].info.tab.propPrior.Value.bin.lpb = b->prior;
    n[8].info.tab.row.cValues = 3;
    n[8].info.tab.row.lpProps = b->row;

    n[9].ulEventType = fnevTableModified;   /* all zero, as providers are told to leave unused members */
    n[9].info.tab.ulTableEvent = TABLE_CHANGED;

    n[10].ulEventType = fnevStatusObjectModified;
    n[10].info.statobj.cbEntryID = sizeof(b->eid);
    n[10].info.statobj.lpEntryID = (LPENTRYID)b->eid;
    n[10].info.statobj.cValues = 2;
    n[10].info.statobj.lpPropVals = b->stat;

    n[11].ulEventType = fnevExtended;
    n[11].info.ext.ulEvent = 0x1234;
    n[11].info.ext.cb = sizeof(b->ext);
    n[11].info.ext.pbEventParameters = b->ext;
}

int check_batch(const NOTIFICATION *got, ULONG count, const struct batch *orig)
{
    struct batch ref;
    const BYTE *lo = (const BYTE *)orig, *hi = lo + sizeof(*orig);
    ULONG i;

#define OUTSIDE(p) ((const BYTE *)(p) < lo || (const BYTE *)(p) >= hi)
#define BIN(p, q, cb) ((p) && OUTSIDE(p) && !memcmp((p), (q), (cb)))
#define CHECK(c) do { if (!(c)) return __LINE__; } while (0)

    make_batch(&ref);
    CHECK(count == NBATCH && got && OUTSIDE(got));
    for (i = 0; i < NBATCH; i++) CHECK(got[i].ulEventType == ref.n[i].ulEventType);

    CHECK(got[0].info.err.cbEntryID == 16 && BIN(got[0].info.err.lpEntryID, ref.eid, 16));
    CHECK(got[0].info.err.scode == MAPI_E_NOT_ENOUGH_DISK && got[0].info.err.ulFlags == MAPI_UNICODE);
    CHECK(got[0].info.err.lpMAPIError && OUTSIDE(got[0].info.err.lpMAPIError));
    CHECK(got[0].info.err.lpMAPIError->ulVersion == MAPI_ERROR_VERSION);
    CHECK(got[0].info.err.lpMAPIError->ulLowLevelError == 7 && got[0].info.err.lpMAPIError->ulContext == 9);
    CHECK(OUTSIDE(got[0].info.err.lpMAPIError->lpszError));
    CHECK(!wcscmp((WCHAR *)got[0].info.err.lpMAPIError->lpszError, L"disk full"));
    CHECK(OUTSIDE(got[0].info.err.lpMAPIError->lpszComponent));
    CHECK(!wcscmp((WCHAR *)got[0].info.err.lpMAPIError->lpszComponent, L"store"));

    CHECK(got[1].info.newmail.cbEntryID == 16 && BIN(got[1].info.newmail.lpEntryID, ref.eid, 16));
    CHECK(got[1].info.newmail.cbParentID == 8 && BIN(got[1].info.newmail.lpParentID, ref.parent, 8));
    CHECK(OUTSIDE(got[1].info.newmail.lpszMessageClass));
    CHECK(!strcmp((char *)got[1].info.newmail.lpszMessageClass, "IPM.Note"));
    CHECK(got[1].info.newmail.ulMessageFlags == 1 && got[1].info.newmail.ulFlags == 0);

    for (i = 2; i <= 6; i++)
    {
        const OBJECT_NOTIFICATION *o = &got[i].info.obj;
        CHECK(o->cbEntryID == 16 && BIN(o->lpEntryID, ref.eid, 16) && o->ulObjType == MAPI_MESSAGE);
        CHECK(o->cbParentID == 8 && BIN(o->lpParentID, ref.parent, 8));
        if (i == 2 || i == 4)
        {
            CHECK(o->lpPropTagArray && OUTSIDE(o->lpPropTagArray) && o->lpPropTagArray->cValues == 2);
            CHECK(o->lpPropTagArray->aulPropTag[0] == PR_ENTRYID);
            CHECK(o->lpPropTagArray->aulPropTag[1] == PR_DISPLAY_NAME_A);
        }
        else
            CHECK(!o->lpPropTagArray);
        if (i >= 5)
        {
            CHECK(o->cbOldID == 12 && BIN(o->lpOldID, ref.oldid, 12));
            CHECK(o->cbOldParentID == 5 && BIN(o->lpOldParentID, ref.oldparent, 5));
        }
        else
            CHECK(!o->cbOldID && !o->lpOldID && !o->cbOldParentID && !o->lpOldParentID);
    }
    CHECK(got[7].info.obj.cbEntryID == 16 && BIN(got[7].info.obj.lpEntryID, ref.eid, 16));
    CHECK(got[7].info.obj.ulObjType == MAPI_FOLDER && !got[7].info.obj.lpParentID);

    {
        const TABLE_NOTIFICATION *t = &got[8].info.tab;
        CHECK(t->ulTableEvent == TABLE_ROW_ADDED && t->propIndex.ulPropTag == PR_INSTANCE_KEY);
        CHECK(t->propIndex.Value.bin.cb == 8 && BIN(t->propIndex.Value.bin.lpb, ref.inst, 8));
        CHECK(t->propPrior.Value.bin.cb == 8 && BIN(t->propPrior.Value.bin.lpb, ref.prior, 8));
        CHECK(t->row.cValues == 3 && t->row.lpProps && OUTSIDE(t->row.lpProps));
        CHECK(t->row.lpProps[0].ulPropTag == PROP_TAG(PT_LONG, 0x6601) && t->row.lpProps[0].Value.l == 42);
        CHECK(t->row.lpProps[1].ulPropTag == PROP_TAG(PT_STRING8, 0x6602));
        CHECK(OUTSIDE(t->row.lpProps[1].Value.lpszA) && !strcmp(t->row.lpProps[1].Value.lpszA, "row string"));
        CHECK(t->row.lpProps[2].Value.bin.cb == 5 && BIN(t->row.lpProps[2].Value.bin.lpb, ref.bin, 5));
    }
    {
        const TABLE_NOTIFICATION *t = &got[9].info.tab;
        CHECK(t->ulTableEvent == TABLE_CHANGED && !t->propIndex.ulPropTag && !t->propPrior.ulPropTag);
        CHECK(!t->row.cValues && !t->row.lpProps);
    }
    CHECK(got[10].info.statobj.cbEntryID == 16 && BIN(got[10].info.statobj.lpEntryID, ref.eid, 16));
    CHECK(got[10].info.statobj.cValues == 2 && OUTSIDE(got[10].info.statobj.lpPropVals));
    CHECK(got[10].info.statobj.lpPropVals[0].ulPropTag == PROP_TAG(PT_UNICODE, 0x6604));
    CHECK(OUTSIDE(got[10].info.statobj.lpPropVals[0].Value.lpszW));
    CHECK(!wcscmp(got[10].info.statobj.lpPropVals[0].Value.lpszW, L"status"));
    CHECK(got[10].info.statobj.lpPropVals[1].Value.l == 5);
    CHECK(got[11].info.ext.ulEvent == 0x1234 && got[11].info.ext.cb == 7);
    CHECK(BIN(got[11].info.ext.pbEventParameters, ref.ext, 7));
    return 0;
#undef CHECK
#undef BIN
#undef OUTSIDE
}

struct batch *new_batch(void)
{
    struct batch *b = HeapAlloc(GetProcessHeap(), 0, sizeof(*b));
    make_batch(b);
    return b;
}

/* The caller's structures are gone once the call returns. */
void scribble_free(struct batch *b)
{
    memset(b, 0xcc, sizeof(*b));
    HeapFree(GetProcessHeap(), 0, b);
}

void ext_notif(NOTIFICATION *n, ULONG seq)
{
    memset(n, 0, sizeof(*n));
    n->ulEventType = fnevExtended;
    n->info.ext.ulEvent = seq;
}
static inline struct tsink *impl_from_tsink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct tsink, IMAPIAdviseSink_iface);
}

static HRESULT WINAPI ts_QueryInterface(IMAPIAdviseSink *iface, REFIID riid, void **out)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIAdviseSink))
    {
        *out = iface;
        IMAPIAdviseSink_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI ts_AddRef(IMAPIAdviseSink *iface)
{
    return InterlockedIncrement(&impl_from_tsink(iface)->refs);
}

static ULONG WINAPI ts_Release(IMAPIAdviseSink *iface)
{
    return InterlockedDecrement(&impl_from_tsink(iface)->refs);
}

static ULONG WINAPI ts_OnNotify(IMAPIAdviseSink *iface, ULONG count, LPNOTIFICATION n)
{
    struct tsink *s = impl_from_tsink(iface);
    ULONG i;
    int line;

    if (s->entered) SetEvent(s->entered);
    if (s->gate) WaitForSingleObject(s->gate, WAIT_MS);
    s->tid = GetCurrentThreadId();
    s->last = n;
    s->last_count = count;
    for (i = 0; i < count; i++)
    {
        if (s->notifs + i < 64) s->events[s->notifs + i] = n[i].ulEventType;
        if (n[i].ulEventType == fnevExtended && !s->orig)
        {
            if (n[i].info.ext.ulEvent != (ULONG)s->seq) s->bad_seq++;
            s->seq++;
        }
    }
    if (s->orig && (line = check_batch(n, count, s->orig))) s->bad_copy = line;
    s->notifs += count;
    if (s->action) s->action(s);
    InterlockedIncrement(&s->calls);
    if (s->called) SetEvent(s->called);
    return s->ret;
}

static const IMAPIAdviseSinkVtbl tsink_vtbl = { ts_QueryInterface, ts_AddRef, ts_Release, ts_OnNotify };

void tsink_init(struct tsink *s)
{
    memset(s, 0, sizeof(*s));
    s->IMAPIAdviseSink_iface.lpVtbl = (IMAPIAdviseSinkVtbl *)&tsink_vtbl;
    s->refs = 1;
    s->called = CreateEventW(NULL, FALSE, FALSE, NULL);
}

void tsink_done(struct tsink *s)
{
    CloseHandle(s->called);
    if (s->entered) CloseHandle(s->entered);
    if (s->gate) CloseHandle(s->gate);
}

IMAPIAdviseSink *iface_of(struct tsink *s) { return &s->IMAPIAdviseSink_iface; }

static const char *crash_program;

static LONG WINAPI crash_fails(EXCEPTION_POINTERS *info)
{
    fprintf(stderr, "%s: unhandled exception %#lx at %p\n", crash_program, info->ExceptionRecord->ExceptionCode,
            info->ExceptionRecord->ExceptionAddress);
    fflush(stderr);
    TerminateProcess(GetCurrentProcess(), 99);
    return EXCEPTION_EXECUTE_HANDLER;
}

void notify_crash_fails(const char *program)
{
    crash_program = program;
    SetUnhandledExceptionFilter(crash_fails);
}
