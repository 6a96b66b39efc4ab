/* Notifications: HrAllocAdviseSink, HrThisThreadAdviseSink and
 * HrDispatchNotifications through the DLL's exports; and the notification
 * engine (mapi32/notify.c). The engine has no export of its own, so this
 * program compiles notify.c in as well and drives a private instance of it
 * through its C API (notify.h); that copy uses the DLL's MAPIAllocateBuffer
 * and ScCopyNotifications like the DLL's own does. */
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#define INITGUID
#include <mapix.h>
#include <mapiutil.h>
#include <mapiguid.h>
#include <mapispi.h>

#include "harness.h"
#include "../mapi32/notify.h"

/* What notify.c takes from the rest of the DLL. */
HINSTANCE freemapi_instance;
BOOL freemapi_tracing;
void freemapi_trace(const char *func, const char *fmt, ...) { }
static BOOL engine_initialized;
BOOL freemapi_is_initialized(void) { return engine_initialized; }

#define ALL_EVENTS (0x3ff | fnevExtended)
#define WAIT_MS 5000

static BOOL wait_for(volatile LONG *p, LONG value)
{
    DWORD start = GetTickCount();

    while (*p != value)
    {
        if (GetTickCount() - start > WAIT_MS) return FALSE;
        Sleep(1);
    }
    return TRUE;
}

static HANDLE run_thread(LPTHREAD_START_ROUTINE fn, void *arg)
{
    HANDLE t = CreateThread(NULL, 0, fn, arg, 0, NULL);
    ck_assert_ptr_nonnull(t);
    return t;
}

static void join(HANDLE t)
{
    ck_assert_int_eq(WaitForSingleObject(t, WAIT_MS), WAIT_OBJECT_0);
    CloseHandle(t);
}

/* ---- A batch with every notification type ------------------------------ */

#define NBATCH 12

struct batch
{
    BYTE eid[16], parent[8], oldid[12], oldparent[5], inst[8], prior[8], bin[5], ext[7];
    char msgclass[16], str8[12];
    WCHAR errtext[16], component[8], wstr[10];
    MAPIERROR err;
    SizedSPropTagArray(2, tags);
    SPropValue row[3], stat[2];
    NOTIFICATION n[NBATCH];
};

static void fill(void *p, size_t cb, BYTE seed)
{
    BYTE *b = p;
    while (cb--) *b++ = seed++;
}

static void make_batch(struct batch *b)
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

/* Is got a faithful deep copy of the batch that lived at orig (which may be
 * gone and scribbled over by now)? Nothing may point into orig. Returns 0,
 * or the line of the first mismatch. */
static int check_batch(const NOTIFICATION *got, ULONG count, const struct batch *orig)
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

static struct batch *new_batch(void)
{
    struct batch *b = HeapAlloc(GetProcessHeap(), 0, sizeof(*b));
    make_batch(b);
    return b;
}

/* The caller's structures are gone once the call returns. */
static void scribble_free(struct batch *b)
{
    memset(b, 0xcc, sizeof(*b));
    HeapFree(GetProcessHeap(), 0, b);
}

static void ext_notif(NOTIFICATION *n, ULONG seq)
{
    memset(n, 0, sizeof(*n));
    n->ulEventType = fnevExtended;
    n->info.ext.ulEvent = seq;
}

/* ---- A sink that records what it gets ---------------------------------- */

struct tsink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG refs;
    LONG calls;               /* OnNotify calls finished */
    LONG notifs;              /* notifications received in all */
    DWORD tid;                /* thread of the last call */
    ULONG ret;                /* what OnNotify answers */
    NOTIFICATION *last;
    ULONG last_count;
    ULONG events[64];         /* ulEventType of each notification, in order */
    const struct batch *orig; /* when set: each call must carry a deep copy of it */
    LONG bad_copy;            /* line of the last check_batch mismatch */
    LONG seq, bad_seq;        /* extended notifications carry 0, 1, 2 ... */
    HANDLE entered;           /* set as OnNotify starts */
    HANDLE gate;              /* OnNotify waits for it first */
    HANDLE called;            /* set after each call */
    void (*action)(struct tsink *);
    ULONG_PTR conn;
    LONG refs_in_action;
    HRESULT action_hr;
    void *ctx;
};

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

static void tsink_init(struct tsink *s)
{
    memset(s, 0, sizeof(*s));
    s->IMAPIAdviseSink_iface.lpVtbl = (IMAPIAdviseSinkVtbl *)&tsink_vtbl;
    s->refs = 1;
    s->called = CreateEventW(NULL, FALSE, FALSE, NULL);
}

static void tsink_done(struct tsink *s)
{
    CloseHandle(s->called);
    if (s->entered) CloseHandle(s->entered);
    if (s->gate) CloseHandle(s->gate);
}

static IMAPIAdviseSink *iface_of(struct tsink *s) { return &s->IMAPIAdviseSink_iface; }

/* ======================================================================== */
/* HrAllocAdviseSink                                                         */

struct cbrec { LONG calls; void *ctx; ULONG count; NOTIFICATION *notifs; LONG ret; };
static struct cbrec *null_ctx_rec;

static LONG STDAPICALLTYPE record_callback(void *ctx, ULONG count, LPNOTIFICATION notifs)
{
    struct cbrec *r = ctx ? ctx : null_ctx_rec;

    r->calls++;
    r->ctx = ctx;
    r->count = count;
    r->notifs = notifs;
    return r->ret;
}

START_TEST(alloc_sink_bad_input)
{
    IMAPIAdviseSink *sink = (IMAPIAdviseSink *)(ULONG_PTR)0xdeadbeef;
    struct cbrec rec = { 0 };

    ck_assert_int_eq(HrAllocAdviseSink(NULL, &rec, &sink), MAPI_E_INVALID_PARAMETER);
    ck_assert_ptr_null(sink);
    ck_assert_int_eq(HrAllocAdviseSink(record_callback, &rec, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(HrAllocAdviseSink(NULL, NULL, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(rec.calls, 0);
}
END_TEST

START_TEST(alloc_sink_calls_back)
{
    IMAPIAdviseSink *sink = NULL, *other;
    struct cbrec rec = { 0 }, nullrec = { 0 };
    NOTIFICATION n[2];
    IUnknown *unk;

    ext_notif(&n[0], 1);
    ext_notif(&n[1], 2);
    ck_assert_int_eq(HrAllocAdviseSink(record_callback, &rec, &sink), S_OK);
    ck_assert_ptr_nonnull(sink);

    /* The callback gets the context and the caller's own array. */
    ck_assert_uint_eq(IMAPIAdviseSink_OnNotify(sink, 2, n), S_OK);
    ck_assert_int_eq(rec.calls, 1);
    ck_assert_ptr_eq(rec.ctx, &rec);
    ck_assert_uint_eq(rec.count, 2);
    ck_assert_ptr_eq(rec.notifs, n);
    /* Its answer comes back: CALLBACK_DISCONTINUE must reach a synchronous Notify. */
    rec.ret = (LONG)CALLBACK_DISCONTINUE;
    ck_assert_uint_eq(IMAPIAdviseSink_OnNotify(sink, 1, &n[1]), CALLBACK_DISCONTINUE);
    ck_assert_int_eq(rec.calls, 2);
    ck_assert_ptr_eq(rec.notifs, &n[1]);
    ck_assert_uint_eq(IMAPIAdviseSink_OnNotify(sink, 0, NULL), CALLBACK_DISCONTINUE);
    ck_assert_uint_eq(rec.count, 0);

    /* COM identity and reference counts. */
    ck_assert_int_eq(IMAPIAdviseSink_QueryInterface(sink, &IID_IUnknown, (void **)&unk), S_OK);
    ck_assert_ptr_eq(unk, sink);
    ck_assert_int_eq(IMAPIAdviseSink_QueryInterface(sink, &IID_IMAPIAdviseSink, (void **)&other), S_OK);
    ck_assert_ptr_eq(other, sink);
    other = (IMAPIAdviseSink *)sink;
    ck_assert_int_eq(IMAPIAdviseSink_QueryInterface(sink, &IID_IMAPITable, (void **)&other),
                     MAPI_E_INTERFACE_NOT_SUPPORTED);
    ck_assert_ptr_null(other);
    ck_assert_int_eq(IMAPIAdviseSink_QueryInterface(sink, &IID_IUnknown, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_uint_eq(IMAPIAdviseSink_AddRef(sink), 4);
    ck_assert_uint_eq(IMAPIAdviseSink_Release(sink), 3);
    ck_assert_uint_eq(IMAPIAdviseSink_Release(sink), 2);
    ck_assert_uint_eq(IUnknown_Release(unk), 1);
    ck_assert_uint_eq(IMAPIAdviseSink_Release(sink), 0);

    /* A NULL context is passed on as it is. */
    null_ctx_rec = &nullrec;
    ck_assert_int_eq(HrAllocAdviseSink(record_callback, NULL, &sink), S_OK);
    ck_assert_uint_eq(IMAPIAdviseSink_OnNotify(sink, 1, n), S_OK);
    ck_assert_int_eq(nullrec.calls, 1);
    ck_assert_ptr_null(nullrec.ctx);
    ck_assert_uint_eq(IMAPIAdviseSink_Release(sink), 0);
}
END_TEST

/* ======================================================================== */
/* HrThisThreadAdviseSink and HrDispatchNotifications                        */

START_TEST(thread_sink_bad_input_and_refs)
{
    static struct tsink inner;
    IMAPIAdviseSink *wrap = (IMAPIAdviseSink *)(ULONG_PTR)0xdeadbeef, *other;
    IUnknown *unk;

    tsink_init(&inner);
    ck_assert_int_eq(HrThisThreadAdviseSink(NULL, &wrap), MAPI_E_INVALID_PARAMETER);
    ck_assert_ptr_null(wrap);
    ck_assert_int_eq(HrThisThreadAdviseSink(iface_of(&inner), NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(inner.refs, 1);

    ck_assert_int_eq(HrThisThreadAdviseSink(iface_of(&inner), &wrap), S_OK);
    ck_assert_ptr_nonnull(wrap);
    ck_assert_ptr_ne(wrap, iface_of(&inner));
    ck_assert_int_eq(inner.refs, 2);   /* the wrapper holds the sink it wraps */

    ck_assert_int_eq(IMAPIAdviseSink_QueryInterface(wrap, &IID_IUnknown, (void **)&unk), S_OK);
    ck_assert_ptr_eq(unk, wrap);
    ck_assert_int_eq(IMAPIAdviseSink_QueryInterface(wrap, &IID_IMAPIAdviseSink, (void **)&other), S_OK);
    ck_assert_ptr_eq(other, wrap);
    ck_assert_int_eq(IMAPIAdviseSink_QueryInterface(wrap, &IID_IMAPISession, (void **)&other),
                     MAPI_E_INTERFACE_NOT_SUPPORTED);
    ck_assert_ptr_null(other);
    ck_assert_uint_eq(IMAPIAdviseSink_Release(wrap), 2);
    ck_assert_uint_eq(IUnknown_Release(unk), 1);
    ck_assert_int_eq(inner.refs, 2);
    ck_assert_uint_eq(IMAPIAdviseSink_Release(wrap), 0);
    ck_assert_int_eq(inner.refs, 1);
    ck_assert_int_eq(inner.calls, 0);
    tsink_done(&inner);
}
END_TEST

START_TEST(thread_sink_same_thread_is_direct)
{
    static struct tsink inner;
    IMAPIAdviseSink *wrap;
    NOTIFICATION n;

    tsink_init(&inner);
    ext_notif(&n, 0);
    ck_assert_int_eq(HrThisThreadAdviseSink(iface_of(&inner), &wrap), S_OK);
    ck_assert_uint_eq(IMAPIAdviseSink_OnNotify(wrap, 1, &n), S_OK);
    ck_assert_int_eq(inner.calls, 1);
    ck_assert_uint_eq(inner.tid, GetCurrentThreadId());
    ck_assert_ptr_eq(inner.last, &n);
    ck_assert_uint_eq(IMAPIAdviseSink_Release(wrap), 0);
    ck_assert_int_eq(inner.refs, 1);
    tsink_done(&inner);
}
END_TEST

/* A thread that calls the wrapper's OnNotify with a batch of every type,
 * then scribbles over the batch and frees it. */
struct poster { IMAPIAdviseSink *wrap, *inner; struct batch *batch; ULONG ret; ULONG repeat; };

static DWORD WINAPI post_batch_thread(void *arg)
{
    struct poster *p = arg;

    p->ret = IMAPIAdviseSink_OnNotify(p->wrap, NBATCH, p->batch->n);
    scribble_free(p->batch);
    return 0;
}

static DWORD WINAPI post_seq_thread(void *arg)
{
    struct poster *p = arg;
    NOTIFICATION n;
    ULONG i;

    for (i = 0; i < p->repeat; i++)
    {
        ext_notif(&n, i);
        p->ret |= IMAPIAdviseSink_OnNotify(p->wrap, 1, &n);
    }
    return 0;
}

START_TEST(thread_sink_other_thread_waits_for_dispatch)
{
    static struct tsink inner;
    struct poster p = { 0 };

    ck_assert_int_eq(MAPIInitialize(NULL), S_OK);
    tsink_init(&inner);
    ck_assert_int_eq(HrThisThreadAdviseSink(iface_of(&inner), &p.wrap), S_OK);
    p.batch = new_batch();
    inner.orig = p.batch;
    join(run_thread(post_batch_thread, &p));
    ck_assert_uint_eq(p.ret, S_OK);

    /* Queued, not run: the poster has gone and freed its structures. */
    Sleep(20);
    ck_assert_int_eq(inner.calls, 0);
    ck_assert_int_eq(inner.refs, 3);   /* ours, the wrapper's, the queued call's */

    ck_assert_int_eq(HrDispatchNotifications(0), S_OK);
    ck_assert_int_eq(inner.calls, 1);
    ck_assert_uint_eq(inner.tid, GetCurrentThreadId());
    ck_assert_uint_eq(inner.last_count, NBATCH);
    ck_assert_int_eq(inner.bad_copy, 0);
    ck_assert_int_eq(inner.refs, 2);

    ck_assert_int_eq(HrDispatchNotifications(0), S_OK);
    ck_assert_int_eq(inner.calls, 1);
    ck_assert_uint_eq(IMAPIAdviseSink_Release(p.wrap), 0);
    ck_assert_int_eq(inner.refs, 1);
    MAPIUninitialize();
    tsink_done(&inner);
}
END_TEST

START_TEST(thread_sink_delivered_by_message_loop)
{
    static struct tsink inner;
    struct poster p = { 0 };
    UINT notify_msg = RegisterWindowMessageA(szMAPINotificationMsg);
    BOOL seen = FALSE;
    MSG msg;

    tsink_init(&inner);
    ck_assert_int_eq(HrThisThreadAdviseSink(iface_of(&inner), &p.wrap), S_OK);
    p.batch = new_batch();
    inner.orig = p.batch;
    join(run_thread(post_batch_thread, &p));
    ck_assert_int_eq(inner.calls, 0);

    /* No MAPIInitialize needed: an ordinary message loop runs it. */
    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
    {
        if (msg.message == notify_msg) seen = TRUE;
        DispatchMessageW(&msg);
    }
    ck_assert(seen);
    ck_assert_int_eq(inner.calls, 1);
    ck_assert_uint_eq(inner.tid, GetCurrentThreadId());
    ck_assert_int_eq(inner.bad_copy, 0);
    ck_assert_int_eq(inner.refs, 2);
    ck_assert_uint_eq(IMAPIAdviseSink_Release(p.wrap), 0);
    ck_assert_int_eq(inner.refs, 1);
    tsink_done(&inner);
}
END_TEST

static void dispatch_again(struct tsink *s)
{
    s->action_hr |= HrDispatchNotifications(0);
}

START_TEST(thread_sink_keeps_order)
{
    static struct tsink inner;
    struct poster p = { 0 };

    ck_assert_int_eq(MAPIInitialize(NULL), S_OK);
    tsink_init(&inner);
    ck_assert_int_eq(HrThisThreadAdviseSink(iface_of(&inner), &p.wrap), S_OK);
    p.repeat = 300;
    join(run_thread(post_seq_thread, &p));
    ck_assert_uint_eq(p.ret, S_OK);
    ck_assert_int_eq(inner.calls, 0);
    ck_assert_int_eq(inner.refs, 2 + 300);
    ck_assert_int_eq(HrDispatchNotifications(0), S_OK);
    ck_assert_int_eq(inner.calls, 300);
    ck_assert_int_eq(inner.seq, 300);
    ck_assert_int_eq(inner.bad_seq, 0);
    ck_assert_int_eq(inner.refs, 2);

    /* A sink that dispatches again from inside OnNotify neither deadlocks
     * nor sees its notifications out of order. */
    inner.action = dispatch_again;
    inner.seq = 0;
    p.repeat = 50;
    join(run_thread(post_seq_thread, &p));
    ck_assert_int_eq(HrDispatchNotifications(0), S_OK);
    ck_assert_int_eq(inner.calls, 350);
    ck_assert_int_eq(inner.bad_seq, 0);
    ck_assert_int_eq(inner.action_hr, S_OK);

    ck_assert_uint_eq(IMAPIAdviseSink_Release(p.wrap), 0);
    ck_assert_int_eq(inner.refs, 1);
    MAPIUninitialize();
    tsink_done(&inner);
}
END_TEST

START_TEST(thread_sink_released_wrapper_still_delivers)
{
    static struct tsink inner;
    struct poster p = { 0 };

    ck_assert_int_eq(MAPIInitialize(NULL), S_OK);
    tsink_init(&inner);
    ck_assert_int_eq(HrThisThreadAdviseSink(iface_of(&inner), &p.wrap), S_OK);
    p.repeat = 2;
    join(run_thread(post_seq_thread, &p));
    ck_assert_uint_eq(IMAPIAdviseSink_Release(p.wrap), 0);
    ck_assert_int_eq(inner.refs, 3);   /* the two queued calls hold it */
    ck_assert_int_eq(HrDispatchNotifications(0), S_OK);
    ck_assert_int_eq(inner.calls, 2);
    ck_assert_int_eq(inner.refs, 1);
    MAPIUninitialize();
    tsink_done(&inner);
}
END_TEST

START_TEST(thread_sink_refuses_malformed_notifications)
{
    static struct tsink inner;
    struct poster p = { 0 };
    struct batch *b = new_batch();

    ck_assert_int_eq(MAPIInitialize(NULL), S_OK);
    tsink_init(&inner);
    ck_assert_int_eq(HrThisThreadAdviseSink(iface_of(&inner), &p.wrap), S_OK);
    b->n[3].ulEventType = 0x12345;   /* no such event */
    p.batch = b;
    join(run_thread(post_batch_thread, &p));
    ck_assert_uint_eq(p.ret, S_OK);   /* an error would read as CALLBACK_DISCONTINUE */
    ck_assert_int_eq(inner.refs, 2);
    ck_assert_int_eq(HrDispatchNotifications(0), S_OK);
    ck_assert_int_eq(inner.calls, 0);
    ck_assert_uint_eq(IMAPIAdviseSink_Release(p.wrap), 0);
    MAPIUninitialize();
    tsink_done(&inner);
}
END_TEST

static DWORD WINAPI make_wrapper_thread(void *arg)
{
    struct poster *p = arg;
    return HrThisThreadAdviseSink(p->inner, &p->wrap);
}

START_TEST(thread_sink_creator_gone)
{
    static struct tsink inner;
    struct poster p = { 0 };
    NOTIFICATION n;
    HANDLE t;
    DWORD code;

    tsink_init(&inner);
    p.inner = iface_of(&inner);
    t = run_thread(make_wrapper_thread, &p);
    ck_assert_int_eq(WaitForSingleObject(t, WAIT_MS), WAIT_OBJECT_0);
    ck_assert(GetExitCodeThread(t, &code));
    CloseHandle(t);
    ck_assert_uint_eq(code, S_OK);
    ck_assert_int_eq(inner.refs, 2);

    /* Nobody can run it any more: dropped at once, nothing held. */
    ext_notif(&n, 0);
    ck_assert_uint_eq(IMAPIAdviseSink_OnNotify(p.wrap, 1, &n), S_OK);
    ck_assert_int_eq(inner.refs, 2);
    ck_assert_int_eq(inner.calls, 0);
    ck_assert_uint_eq(IMAPIAdviseSink_Release(p.wrap), 0);
    ck_assert_int_eq(inner.refs, 1);
    tsink_done(&inner);
}
END_TEST

START_TEST(dispatch_notifications_errors)
{
    MSG msg;

    ck_assert_int_eq(HrDispatchNotifications(0), MAPI_E_NOT_INITIALIZED);
    ck_assert_int_eq(MAPIInitialize(NULL), S_OK);
    ck_assert_int_eq(HrDispatchNotifications(1), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(HrDispatchNotifications(0x80000000), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(HrDispatchNotifications(0), S_OK);

    /* WM_QUIT cancels, and stays for the caller's own loop. */
    PostQuitMessage(3);
    ck_assert_int_eq(HrDispatchNotifications(0), MAPI_E_USER_CANCEL);
    ck_assert(PeekMessageW(&msg, NULL, WM_QUIT, WM_QUIT, PM_REMOVE));
    ck_assert_uint_eq(msg.message, WM_QUIT);
    ck_assert_int_eq((int)msg.wParam, 3);
    ck_assert_int_eq(HrDispatchNotifications(0), S_OK);
    MAPIUninitialize();
    ck_assert_int_eq(HrDispatchNotifications(0), MAPI_E_NOT_INITIALIZED);
}
END_TEST

/* Message-only windows of the notification class owned by this thread. */
static int my_notify_windows(void)
{
    HWND w = NULL;
    int n = 0;

    while ((w = FindWindowExW(HWND_MESSAGE, w, L"FreeMAPI notification window", NULL)))
        if (GetWindowThreadProcessId(w, NULL) == GetCurrentThreadId()) n++;
    return n;
}

struct window_counts { int before, init, nested, after, mt, again, after_again; HRESULT hr; };

static DWORD WINAPI window_life_thread(void *arg)
{
    struct window_counts *c = arg;
    MAPIINIT_0 mt = { MAPI_INIT_VERSION, MAPI_MULTITHREAD_NOTIFICATIONS };

    c->before = my_notify_windows();
    c->hr |= MAPIInitialize(NULL);
    c->init = my_notify_windows();
    c->hr |= MAPIInitialize(NULL);
    MAPIUninitialize();
    c->nested = my_notify_windows();
    MAPIUninitialize();
    c->after = my_notify_windows();
    c->hr |= MAPIInitialize(&mt);
    c->mt = my_notify_windows();
    MAPIUninitialize();
    c->hr |= MAPIInitialize(NULL);
    c->again = my_notify_windows();
    MAPIUninitialize();
    c->after_again = my_notify_windows();
    return 0;
}

/* Without MAPI_MULTITHREAD_NOTIFICATIONS the first MAPIInitialize's thread
 * gets a notification window; the last MAPIUninitialize takes it away. */
START_TEST(notification_window_lifetime)
{
    struct window_counts c = { 0 };

    join(run_thread(window_life_thread, &c));
    ck_assert_int_eq(c.hr, S_OK);
    ck_assert_int_eq(c.before, 0);
    ck_assert_int_eq(c.init, 1);
    ck_assert_int_eq(c.nested, 1);
    ck_assert_int_eq(c.after, 0);
    ck_assert_int_eq(c.mt, 0);
    ck_assert_int_eq(c.again, 1);
    ck_assert_int_eq(c.after_again, 0);
}
END_TEST

typedef HRESULT (WINAPI *pfn_init)(void *);
typedef void (WINAPI *pfn_uninit)(void);
typedef HRESULT (WINAPI *pfn_thread_sink)(IMAPIAdviseSink *, IMAPIAdviseSink **);

struct unload_ctx
{
    pfn_thread_sink make;
    IMAPIAdviseSink *inner, *wrap;
    HANDLE ready, go;
    LONG pumped;
    HRESULT hr;
};

static DWORD WINAPI unload_helper(void *arg)
{
    struct unload_ctx *u = arg;
    DWORD start;
    MSG msg;

    u->hr = u->make(u->inner, &u->wrap);
    SetEvent(u->ready);
    WaitForSingleObject(u->go, WAIT_MS);
    start = GetTickCount();
    while (GetTickCount() - start < 100)
    {
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
        {
            DispatchMessageW(&msg);
            u->pumped++;
        }
        Sleep(5);
    }
    return 0;
}

/* FreeLibrary while notification windows of the DLL live on, one on this
 * thread, one on another with a wake-up message waiting: nothing may reach
 * the unloaded code afterwards. A second copy of the DLL, under another name,
 * is loaded and unloaded for this. */
START_TEST(unload_with_live_windows)
{
    static struct tsink inner, inner2;
    struct unload_ctx u = { 0 };
    WCHAR path[MAX_PATH], copy[MAX_PATH + 32], *slash;
    IMAPIAdviseSink *wrap2;
    pfn_init init;
    pfn_uninit uninit;
    NOTIFICATION n;
    HMODULE h;
    HANDLE t;
    int windows_before = my_notify_windows();

    ck_assert(GetModuleFileNameW(GetModuleHandleA("mapi32.dll"), path, MAX_PATH));
    wcscpy(copy, path);
    ck_assert_ptr_nonnull(slash = wcsrchr(copy, '\\'));
    wcscpy(slash + 1, L"fmapi_unload_copy.dll");
    ck_assert(CopyFileW(path, copy, FALSE));
    ck_assert_ptr_nonnull(h = LoadLibraryW(copy));
    u.make = (pfn_thread_sink)(void *)GetProcAddress(h, "HrThisThreadAdviseSink");
    init = (pfn_init)(void *)GetProcAddress(h, "MAPIInitialize");
    uninit = (pfn_uninit)(void *)GetProcAddress(h, "MAPIUninitialize");
    ck_assert(u.make && init && uninit);

    tsink_init(&inner);
    tsink_init(&inner2);
    u.inner = iface_of(&inner);
    u.ready = CreateEventW(NULL, TRUE, FALSE, NULL);
    u.go = CreateEventW(NULL, TRUE, FALSE, NULL);
    t = run_thread(unload_helper, &u);
    ck_assert_int_eq(WaitForSingleObject(u.ready, WAIT_MS), WAIT_OBJECT_0);
    ck_assert_int_eq(u.hr, S_OK);
    ext_notif(&n, 0);
    ck_assert_uint_eq(IMAPIAdviseSink_OnNotify(u.wrap, 1, &n), S_OK);
    ck_assert_int_eq(inner.refs, 3);   /* queued there */

    ck_assert_int_eq(init(NULL), S_OK);
    ck_assert_int_eq(u.make(iface_of(&inner2), &wrap2), S_OK);
    uninit();
    ck_assert_int_eq(my_notify_windows(), windows_before + 1);   /* wrap2 keeps it */

    ck_assert(FreeLibrary(h));
    ck_assert_ptr_null(GetModuleHandleW(copy));
    ck_assert_int_eq(my_notify_windows(), windows_before);
    SetEvent(u.go);
    join(t);
    ck_assert_int_gt(u.pumped, 0);   /* the stale wake-up met DefWindowProc */
    ck_assert_int_eq(inner.calls, 0);
    CloseHandle(u.ready);
    CloseHandle(u.go);
    DeleteFileW(copy);
}
END_TEST

/* ======================================================================== */
/* The engine (notify.c, this program's own copy)                           */

struct keybuf { ULONG cb; BYTE ab[64]; };

static NOTIFKEY *mkkey(struct keybuf *k, const char *s)
{
    k->cb = (ULONG)strlen(s);
    memcpy(k->ab, s, k->cb);
    return (NOTIFKEY *)k;
}

START_TEST(engine_subscribe_validation)
{
    static struct tsink s;
    struct keybuf kb;
    NOTIFKEY *key = mkkey(&kb, "folder");
    ULONG_PTR conn = 77;

    tsink_init(&s);
    ck_assert_int_eq(notify_subscribe(NULL, fnevNewMail, 0, iface_of(&s), &conn), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(notify_subscribe(key, fnevNewMail, 0, NULL, &conn), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(notify_subscribe(key, fnevNewMail, 0, iface_of(&s), NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(notify_subscribe(key, 0, 0, iface_of(&s), &conn), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(notify_subscribe(key, fnevNewMail, 1, iface_of(&s), &conn), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(notify_subscribe(key, fnevNewMail, NOTIFY_CANCELED, iface_of(&s), &conn),
                     MAPI_E_UNKNOWN_FLAGS);
    kb.cb = 0x7fffffff;   /* garbage length */
    ck_assert_int_eq(notify_subscribe(key, fnevNewMail, 0, iface_of(&s), &conn), MAPI_E_INVALID_PARAMETER);
    ck_assert_uint_eq(conn, 77);
    ck_assert_int_eq(s.refs, 1);

    ck_assert_int_eq(notify_unsubscribe(0), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(notify_unsubscribe(12345), MAPI_E_NOT_FOUND);
    notify_shutdown();
    tsink_done(&s);
}
END_TEST

START_TEST(engine_connections_and_refs)
{
    static struct tsink s;
    struct keybuf kb;
    ULONG_PTR c1 = 0, c2 = 0, c3 = 0;

    tsink_init(&s);
    ck_assert_int_eq(notify_subscribe(mkkey(&kb, "a"), fnevNewMail, 0, iface_of(&s), &c1), S_OK);
    ck_assert_int_eq(notify_subscribe(mkkey(&kb, "a"), fnevNewMail, NOTIFY_SYNC, iface_of(&s), &c2), S_OK);
    ck_assert_int_eq(notify_subscribe(mkkey(&kb, ""), fnevExtended, 0, iface_of(&s), &c3), S_OK);
    ck_assert(c1 && c2 && c3 && c1 != c2 && c2 != c3 && c1 != c3);
    ck_assert_int_eq(s.refs, 4);   /* Subscribe AddRefs */
    ck_assert_int_eq(notify_unsubscribe(c2), S_OK);
    ck_assert_int_eq(s.refs, 3);   /* Unsubscribe releases */
    ck_assert_int_eq(notify_unsubscribe(c2), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(notify_unsubscribe(c1), S_OK);
    ck_assert_int_eq(notify_unsubscribe(c3), S_OK);
    ck_assert_int_eq(s.refs, 1);
    notify_shutdown();
    tsink_done(&s);
}
END_TEST

START_TEST(engine_sync_matching)
{
    static struct tsink s, other;
    struct keybuf kb;
    ULONG_PTR c, c2;
    NOTIFICATION n[3];
    ULONG flags;

    tsink_init(&s);
    tsink_init(&other);
    ck_assert_int_eq(notify_subscribe(mkkey(&kb, "abc"), fnevNewMail | fnevObjectCreated, NOTIFY_SYNC,
                                      iface_of(&s), &c), S_OK);
    ck_assert_int_eq(notify_subscribe(mkkey(&kb, "abd"), ALL_EVENTS, NOTIFY_SYNC, iface_of(&other), &c2), S_OK);
    memset(n, 0, sizeof(n));
    n[0].ulEventType = fnevNewMail;
    ext_notif(&n[1], 0);
    n[2].ulEventType = fnevObjectCreated;

    /* Before returning, on this thread, only the events in the mask, in order. */
    flags = 0;
    ck_assert_int_eq(notify_fire(mkkey(&kb, "abc"), 3, n, &flags), S_OK);
    ck_assert_uint_eq(flags, 0);
    ck_assert_int_eq(s.calls, 1);
    ck_assert_uint_eq(s.tid, GetCurrentThreadId());
    ck_assert_uint_eq(s.last_count, 2);
    ck_assert_uint_eq(s.events[0], fnevNewMail);
    ck_assert_uint_eq(s.events[1], fnevObjectCreated);
    ck_assert_int_eq(other.calls, 0);

    /* The whole batch matches: the caller's own array is passed. */
    ck_assert_int_eq(notify_fire(mkkey(&kb, "abc"), 1, n, NULL), S_OK);
    ck_assert_int_eq(s.calls, 2);
    ck_assert_ptr_eq(s.last, n);

    /* Nothing in the mask: no call. Keys match byte for byte, length too. */
    ck_assert_int_eq(notify_fire(mkkey(&kb, "abc"), 1, &n[1], NULL), S_OK);
    ck_assert_int_eq(notify_fire(mkkey(&kb, "ab"), 3, n, NULL), S_OK);
    ck_assert_int_eq(notify_fire(mkkey(&kb, "abcd"), 3, n, NULL), S_OK);
    ck_assert_int_eq(notify_fire(mkkey(&kb, "ABC"), 3, n, NULL), S_OK);
    ck_assert_int_eq(s.calls, 2);
    ck_assert_int_eq(notify_fire(mkkey(&kb, "abd"), 3, n, NULL), S_OK);
    ck_assert_int_eq(other.calls, 1);
    ck_assert_uint_eq(other.last_count, 3);

    ck_assert_int_eq(notify_unsubscribe(c), S_OK);
    ck_assert_int_eq(notify_fire(mkkey(&kb, "abc"), 3, n, NULL), S_OK);
    ck_assert_int_eq(s.calls, 2);
    ck_assert_int_eq(notify_unsubscribe(c2), S_OK);
    ck_assert_int_eq(s.refs, 1);
    ck_assert_int_eq(other.refs, 1);
    notify_shutdown();
    tsink_done(&s);
    tsink_done(&other);
}
END_TEST

START_TEST(engine_fire_validation)
{
    static struct tsink s;
    struct keybuf kb;
    ULONG_PTR c;
    NOTIFICATION n;
    ULONG flags;
    struct batch *b = new_batch();

    tsink_init(&s);
    ext_notif(&n, 0);
    flags = 0;
    ck_assert_int_eq(notify_fire(NULL, 1, &n, &flags), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(notify_fire(mkkey(&kb, "k"), 1, NULL, &flags), MAPI_E_INVALID_PARAMETER);
    flags = 0x1;
    ck_assert_int_eq(notify_fire(mkkey(&kb, "k"), 1, &n, &flags), MAPI_E_UNKNOWN_FLAGS);
    flags = MAPI_UNICODE;
    ck_assert_int_eq(notify_fire(mkkey(&kb, "k"), 1, &n, &flags), S_OK);
    ck_assert_uint_eq(flags, 0);
    ck_assert_int_eq(notify_fire(mkkey(&kb, "k"), 0, NULL, NULL), S_OK);

    /* Malformed notifications: ignored with nobody listening, refused otherwise. */
    b->n[5].ulEventType = 0x12345;
    ck_assert_int_eq(notify_fire(mkkey(&kb, "k"), NBATCH, b->n, NULL), S_OK);
    ck_assert_int_eq(notify_subscribe(mkkey(&kb, "k"), ALL_EVENTS, NOTIFY_SYNC, iface_of(&s), &c), S_OK);
    ck_assert_int_eq(notify_fire(mkkey(&kb, "k"), NBATCH, b->n, NULL), MAPI_E_INVALID_PARAMETER);
    b->n[5].ulEventType = fnevObjectMoved;
    b->n[2].info.obj.lpEntryID = NULL;   /* 16 bytes, no pointer */
    ck_assert_int_eq(notify_fire(mkkey(&kb, "k"), NBATCH, b->n, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(s.calls, 0);
    ck_assert_int_eq(s.refs, 2);
    ck_assert_int_eq(notify_fire(mkkey(&kb, "k"), 0, b->n, NULL), S_OK);
    ck_assert_int_eq(s.calls, 0);
    ck_assert_int_eq(notify_unsubscribe(c), S_OK);
    ck_assert_int_eq(s.refs, 1);
    notify_shutdown();
    HeapFree(GetProcessHeap(), 0, b);
    tsink_done(&s);
}
END_TEST

START_TEST(engine_discontinue)
{
    static struct tsink a, b;
    struct keybuf kb;
    ULONG_PTR ca, cb;
    NOTIFICATION n;
    ULONG flags;

    tsink_init(&a);
    tsink_init(&b);
    ext_notif(&n, 0);
    ck_assert_int_eq(notify_subscribe(mkkey(&kb, "k"), fnevExtended, NOTIFY_SYNC, iface_of(&a), &ca), S_OK);
    ck_assert_int_eq(notify_subscribe(mkkey(&kb, "k"), fnevExtended, NOTIFY_SYNC, iface_of(&b), &cb), S_OK);
    flags = 0;
    ck_assert_int_eq(notify_fire(mkkey(&kb, "k"), 1, &n, &flags), S_OK);
    ck_assert_uint_eq(flags, 0);
    ck_assert_int_eq(a.calls, 1);
    ck_assert_int_eq(b.calls, 1);

    a.ret = CALLBACK_DISCONTINUE;
    ck_assert_int_eq(notify_fire(mkkey(&kb, "k"), 1, &n, &flags), S_OK);
    ck_assert_uint_eq(flags, NOTIFY_CANCELED);
    ck_assert_int_eq(a.calls, 2);
    ck_assert_int_eq(b.calls, 1);   /* nothing more was sent */
    ck_assert_int_eq(b.refs, 2);
    ck_assert_int_eq(a.refs, 2);

    /* An error from a sink is not a cancel. */
    a.ret = (ULONG)E_FAIL;
    flags = 0;
    ck_assert_int_eq(notify_fire(mkkey(&kb, "k"), 1, &n, &flags), S_OK);
    ck_assert_uint_eq(flags, 0);
    ck_assert_int_eq(b.calls, 2);
    ck_assert_int_eq(notify_unsubscribe(ca), S_OK);
    ck_assert_int_eq(notify_unsubscribe(cb), S_OK);
    notify_shutdown();
    tsink_done(&a);
    tsink_done(&b);
}
END_TEST

START_TEST(engine_async_on_delivery_thread)
{
    static struct tsink s;
    struct keybuf kb;
    ULONG_PTR c;
    struct batch *b = new_batch();
    ULONG flags = 0, i;
    NOTIFICATION n;

    tsink_init(&s);
    s.gate = CreateEventW(NULL, TRUE, FALSE, NULL);
    s.orig = b;
    ck_assert_int_eq(notify_init(MAPI_MULTITHREAD_NOTIFICATIONS), S_OK);
    ck_assert_int_eq(notify_subscribe(mkkey(&kb, "store"), ALL_EVENTS, 0, iface_of(&s), &c), S_OK);
    ck_assert_int_eq(notify_fire(mkkey(&kb, "store"), NBATCH, b->n, &flags), S_OK);
    ck_assert_uint_eq(flags, 0);
    scribble_free(b);
    /* fire returned while the sink had not finished (it waits on the gate) */
    ck_assert_int_eq(s.calls, 0);
    SetEvent(s.gate);
    ck_assert(wait_for(&s.calls, 1));
    ck_assert_uint_ne(s.tid, GetCurrentThreadId());
    ck_assert_int_eq(s.bad_copy, 0);
    ck_assert(wait_for(&s.refs, 2));

    /* In order, per subscription. */
    s.orig = NULL;
    for (i = 0; i < 500; i++)
    {
        ext_notif(&n, i);
        ck_assert_int_eq(notify_fire(mkkey(&kb, "store"), 1, &n, NULL), S_OK);
    }
    ck_assert(wait_for(&s.calls, 501));
    ck_assert_int_eq(s.seq, 500);
    ck_assert_int_eq(s.bad_seq, 0);
    ck_assert(wait_for(&s.refs, 2));

    /* NOTIFY_SYNC on the fire: now, here. */
    flags = NOTIFY_SYNC;
    ext_notif(&n, 500);
    ck_assert_int_eq(notify_fire(mkkey(&kb, "store"), 1, &n, &flags), S_OK);
    ck_assert_int_eq(s.calls, 502);
    ck_assert_uint_eq(s.tid, GetCurrentThreadId());

    ck_assert_int_eq(notify_unsubscribe(c), S_OK);
    ck_assert_int_eq(s.refs, 1);
    notify_shutdown();
    tsink_done(&s);
}
END_TEST

struct firer { NOTIFKEY *key; ULONG count; NOTIFICATION *n; HRESULT hr; };

static DWORD WINAPI fire_thread(void *arg)
{
    struct firer *f = arg;
    f->hr = notify_fire(f->key, f->count, f->n, NULL);
    return 0;
}

/* Default mode: the thread of the first MAPIInitialize runs them, when it
 * dispatches or pumps messages. */
START_TEST(engine_default_mode_first_thread)
{
    static struct tsink s;
    struct keybuf kb;
    ULONG_PTR c;
    struct batch *b = new_batch();
    struct firer f;
    MSG msg;

    tsink_init(&s);
    s.orig = b;
    ck_assert_int_eq(notify_init(0), S_OK);
    ck_assert_int_eq(notify_subscribe(mkkey(&kb, "store"), ALL_EVENTS, 0, iface_of(&s), &c), S_OK);
    f.key = (NOTIFKEY *)&kb;
    f.count = NBATCH;
    f.n = b->n;
    join(run_thread(fire_thread, &f));
    ck_assert_int_eq(f.hr, S_OK);
    scribble_free(b);
    Sleep(20);
    ck_assert_int_eq(s.calls, 0);
    ck_assert_int_eq(s.refs, 2);   /* ours, the subscription's (queued calls hold the latter) */
    notify_dispatch_current();
    ck_assert_int_eq(s.calls, 1);
    ck_assert_uint_eq(s.tid, GetCurrentThreadId());
    ck_assert_int_eq(s.bad_copy, 0);
    ck_assert_int_eq(s.refs, 2);

    /* Fired on this very thread: still not before the call returns. */
    s.orig = b = new_batch();
    ck_assert_int_eq(notify_fire((NOTIFKEY *)&kb, NBATCH, b->n, NULL), S_OK);
    scribble_free(b);
    ck_assert_int_eq(s.calls, 1);
    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
    ck_assert_int_eq(s.calls, 2);
    ck_assert_int_eq(s.bad_copy, 0);

    ck_assert_int_eq(notify_unsubscribe(c), S_OK);
    ck_assert_int_eq(s.refs, 1);
    notify_shutdown();
    tsink_done(&s);
}
END_TEST

START_TEST(engine_unsubscribe_drops_queued)
{
    static struct tsink s;
    struct keybuf kb;
    ULONG_PTR c;
    NOTIFICATION n;
    int i;

    tsink_init(&s);
    ck_assert_int_eq(notify_init(0), S_OK);
    ck_assert_int_eq(notify_subscribe(mkkey(&kb, "k"), fnevExtended, 0, iface_of(&s), &c), S_OK);
    for (i = 0; i < 3; i++)
    {
        ext_notif(&n, i);
        ck_assert_int_eq(notify_fire((NOTIFKEY *)&kb, 1, &n, NULL), S_OK);
    }
    ck_assert_int_eq(s.refs, 2);
    ck_assert_int_eq(notify_unsubscribe(c), S_OK);
    ck_assert_int_eq(s.refs, 1);   /* released now: the queued calls went with it */
    notify_dispatch_current();
    ck_assert_int_eq(s.calls, 0);
    notify_shutdown();
    tsink_done(&s);
}
END_TEST

static void unsubscribe_self(struct tsink *s)
{
    s->action_hr = notify_unsubscribe(s->conn);
    s->refs_in_action = s->refs;
}

START_TEST(engine_unsubscribe_from_inside)
{
    static struct tsink s;
    struct keybuf kb;
    NOTIFICATION n;

    tsink_init(&s);
    ext_notif(&n, 0);
    s.action = unsubscribe_self;

    /* Synchronous: the sink stays alive until its OnNotify returns. */
    ck_assert_int_eq(notify_subscribe(mkkey(&kb, "k"), fnevExtended, NOTIFY_SYNC, iface_of(&s), &s.conn), S_OK);
    ck_assert_int_eq(notify_fire((NOTIFKEY *)&kb, 1, &n, NULL), S_OK);
    ck_assert_int_eq(s.calls, 1);
    ck_assert_int_eq(s.action_hr, S_OK);
    ck_assert_int_eq(s.refs_in_action, 2);
    ck_assert_int_eq(s.refs, 1);
    ck_assert_int_eq(notify_fire((NOTIFKEY *)&kb, 1, &n, NULL), S_OK);
    ck_assert_int_eq(s.calls, 1);

    /* On the delivery thread, likewise. */
    ck_assert_int_eq(notify_init(MAPI_MULTITHREAD_NOTIFICATIONS), S_OK);
    ck_assert_int_eq(notify_subscribe((NOTIFKEY *)&kb, fnevExtended, 0, iface_of(&s), &s.conn), S_OK);
    ck_assert_int_eq(notify_fire((NOTIFKEY *)&kb, 1, &n, NULL), S_OK);
    ck_assert(wait_for(&s.calls, 2));
    ck_assert_int_eq(s.action_hr, S_OK);
    ck_assert_int_eq(s.refs_in_action, 2);
    ck_assert(wait_for(&s.refs, 1));
    notify_shutdown();
    tsink_done(&s);
}
END_TEST

static struct keybuf nested_key;
static void fire_nested(struct tsink *s)
{
    NOTIFICATION n;
    ext_notif(&n, 0);
    s->action_hr = notify_fire((NOTIFKEY *)&nested_key, 1, &n, NULL);
}

START_TEST(engine_fire_from_inside)
{
    static struct tsink outer, inner_sync, inner_async;
    struct keybuf kb;
    ULONG_PTR c1, c2, c3;
    NOTIFICATION n;

    tsink_init(&outer);
    tsink_init(&inner_sync);
    tsink_init(&inner_async);
    outer.action = fire_nested;
    mkkey(&nested_key, "nested");
    ck_assert_int_eq(notify_init(MAPI_MULTITHREAD_NOTIFICATIONS), S_OK);
    ck_assert_int_eq(notify_subscribe(mkkey(&kb, "outer"), fnevExtended, NOTIFY_SYNC, iface_of(&outer), &c1), S_OK);
    ck_assert_int_eq(notify_subscribe((NOTIFKEY *)&nested_key, fnevExtended, NOTIFY_SYNC, iface_of(&inner_sync),
                                      &c2), S_OK);
    ck_assert_int_eq(notify_subscribe((NOTIFKEY *)&nested_key, fnevExtended, 0, iface_of(&inner_async), &c3),
                     S_OK);
    ext_notif(&n, 0);
    ck_assert_int_eq(notify_fire((NOTIFKEY *)&kb, 1, &n, NULL), S_OK);
    ck_assert_int_eq(outer.calls, 1);
    ck_assert_int_eq(outer.action_hr, S_OK);
    ck_assert_int_eq(inner_sync.calls, 1);   /* inside the outer call */
    ck_assert(wait_for(&inner_async.calls, 1));

    /* From the delivery thread too. */
    ck_assert_int_eq(notify_unsubscribe(c1), S_OK);
    ck_assert_int_eq(notify_subscribe((NOTIFKEY *)&kb, fnevExtended, 0, iface_of(&outer), &c1), S_OK);
    ck_assert_int_eq(notify_fire((NOTIFKEY *)&kb, 1, &n, NULL), S_OK);
    ck_assert(wait_for(&outer.calls, 2));
    ck_assert(wait_for(&inner_async.calls, 2));
    ck_assert_int_eq(inner_sync.calls, 2);
    ck_assert_int_eq(notify_unsubscribe(c1), S_OK);
    ck_assert_int_eq(notify_unsubscribe(c2), S_OK);
    ck_assert_int_eq(notify_unsubscribe(c3), S_OK);
    ck_assert(wait_for(&outer.refs, 1));
    ck_assert(wait_for(&inner_async.refs, 1));
    ck_assert_int_eq(inner_sync.refs, 1);
    notify_shutdown();
    tsink_done(&outer);
    tsink_done(&inner_sync);
    tsink_done(&inner_async);
}
END_TEST

/* imapisupport-unsubscribe.md: the Release waits for the OnNotify running
 * on another thread. */
START_TEST(engine_unsubscribe_while_delivering)
{
    static struct tsink s;
    struct keybuf kb;
    ULONG_PTR c;
    NOTIFICATION n;
    DWORD t0;

    tsink_init(&s);
    s.entered = CreateEventW(NULL, FALSE, FALSE, NULL);
    s.gate = CreateEventW(NULL, TRUE, FALSE, NULL);
    ck_assert_int_eq(notify_init(MAPI_MULTITHREAD_NOTIFICATIONS), S_OK);
    ck_assert_int_eq(notify_subscribe(mkkey(&kb, "k"), fnevExtended, 0, iface_of(&s), &c), S_OK);
    ext_notif(&n, 0);
    ck_assert_int_eq(notify_fire((NOTIFKEY *)&kb, 1, &n, NULL), S_OK);
    ext_notif(&n, 1);
    ck_assert_int_eq(notify_fire((NOTIFKEY *)&kb, 1, &n, NULL), S_OK);
    ck_assert_int_eq(WaitForSingleObject(s.entered, WAIT_MS), WAIT_OBJECT_0);

    t0 = GetTickCount();
    ck_assert_int_eq(notify_unsubscribe(c), S_OK);
    ck_assert(GetTickCount() - t0 < 1000);   /* does not wait for the sink */
    ck_assert_int_eq(s.refs, 2);             /* ours, and the running call's */
    SetEvent(s.gate);
    ck_assert(wait_for(&s.refs, 1));
    ck_assert_int_eq(s.calls, 1);            /* the second one was dropped */
    notify_shutdown();
    tsink_done(&s);
}
END_TEST

START_TEST(engine_stop_and_shutdown)
{
    static struct tsink a, b;
    struct keybuf kb;
    ULONG_PTR ca, cb;
    NOTIFICATION n;
    ULONG flags;

    tsink_init(&a);
    tsink_init(&b);
    ext_notif(&n, 0);
    ck_assert_int_eq(notify_init(0), S_OK);
    ck_assert_int_eq(notify_subscribe(mkkey(&kb, "k"), fnevExtended, NOTIFY_SYNC, iface_of(&a), &ca), S_OK);
    ck_assert_int_eq(notify_subscribe((NOTIFKEY *)&kb, fnevExtended, 0, iface_of(&b), &cb), S_OK);
    ck_assert_int_eq(notify_fire((NOTIFKEY *)&kb, 1, &n, NULL), S_OK);
    ck_assert_int_eq(a.calls, 1);
    ck_assert_int_eq(b.calls, 0);   /* one queued */

    /* Fast shutdown: what was queued goes, nothing more is called. */
    notify_stop();
    ck_assert_int_eq(b.refs, 2);
    flags = NOTIFY_SYNC;
    ck_assert_int_eq(notify_fire((NOTIFKEY *)&kb, 1, &n, &flags), S_OK);
    ck_assert_uint_eq(flags, 0);
    notify_dispatch_current();
    ck_assert_int_eq(a.calls, 1);
    ck_assert_int_eq(b.calls, 0);

    /* Not while MAPI is (again) initialized. */
    engine_initialized = TRUE;
    notify_shutdown();
    ck_assert_int_eq(a.refs, 2);
    engine_initialized = FALSE;

    /* The final one releases every sink; later calls find nothing. */
    notify_shutdown();
    ck_assert_int_eq(a.refs, 1);
    ck_assert_int_eq(b.refs, 1);
    ck_assert_int_eq(notify_unsubscribe(ca), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(notify_unsubscribe(cb), MAPI_E_NOT_FOUND);
    notify_shutdown();

    /* And the engine works again afterwards. */
    ck_assert_int_eq(notify_subscribe((NOTIFKEY *)&kb, fnevExtended, NOTIFY_SYNC, iface_of(&a), &ca), S_OK);
    ck_assert_int_eq(notify_fire((NOTIFKEY *)&kb, 1, &n, NULL), S_OK);
    ck_assert_int_eq(a.calls, 2);
    notify_shutdown();
    ck_assert_int_eq(a.refs, 1);
    tsink_done(&a);
    tsink_done(&b);
}
END_TEST

static DWORD WINAPI open_gate_later(void *gate)
{
    Sleep(100);
    SetEvent(gate);
    return 0;
}

START_TEST(engine_shutdown_joins_delivery_thread)
{
    static struct tsink s;
    struct keybuf kb;
    ULONG_PTR c;
    NOTIFICATION n;

    tsink_init(&s);
    s.gate = CreateEventW(NULL, TRUE, FALSE, NULL);
    s.entered = CreateEventW(NULL, FALSE, FALSE, NULL);
    ck_assert_int_eq(notify_init(MAPI_MULTITHREAD_NOTIFICATIONS), S_OK);
    ck_assert_int_eq(notify_subscribe(mkkey(&kb, "k"), fnevExtended, 0, iface_of(&s), &c), S_OK);
    ext_notif(&n, 0);
    ck_assert_int_eq(notify_fire((NOTIFKEY *)&kb, 1, &n, NULL), S_OK);
    ck_assert_int_eq(notify_fire((NOTIFKEY *)&kb, 1, &n, NULL), S_OK);
    ck_assert_int_eq(WaitForSingleObject(s.entered, WAIT_MS), WAIT_OBJECT_0);
    CloseHandle(run_thread(open_gate_later, s.gate));
    notify_shutdown();   /* drops the queued call; waits for the running one */
    ck_assert_int_eq(s.refs, 1);
    ck_assert_int_eq(s.calls, 1);
    tsink_done(&s);
}
END_TEST

static DWORD WINAPI init_and_leave_thread(void *arg)
{
    return notify_init(0);
}

/* The first MAPIInitialize's thread has ended: the delivery thread takes over. */
START_TEST(engine_first_thread_gone)
{
    static struct tsink s;
    struct keybuf kb;
    ULONG_PTR c;
    NOTIFICATION n;

    tsink_init(&s);
    join(run_thread(init_and_leave_thread, NULL));
    ck_assert_int_eq(notify_subscribe(mkkey(&kb, "k"), fnevExtended, 0, iface_of(&s), &c), S_OK);
    ext_notif(&n, 0);
    ck_assert_int_eq(notify_fire((NOTIFKEY *)&kb, 1, &n, NULL), S_OK);
    ck_assert(wait_for(&s.calls, 1));
    ck_assert_uint_ne(s.tid, GetCurrentThreadId());
    ck_assert_int_eq(notify_unsubscribe(c), S_OK);
    ck_assert(wait_for(&s.refs, 1));
    notify_shutdown();
    tsink_done(&s);
}
END_TEST

START_TEST(engine_many_subscriptions)
{
    enum { NKEYS = 100, PER_KEY = 10 };
    static struct tsink sinks[NKEYS * PER_KEY];
    static ULONG_PTR conns[NKEYS * PER_KEY];
    struct keybuf kb;
    char name[16];
    NOTIFICATION n;
    int i, j;

    ext_notif(&n, 0);
    for (i = 0; i < NKEYS * PER_KEY; i++)
    {
        tsink_init(&sinks[i]);
        sprintf(name, "key%d", i % NKEYS);
        ck_assert_int_eq(notify_subscribe(mkkey(&kb, name), fnevExtended, NOTIFY_SYNC, iface_of(&sinks[i]),
                                          &conns[i]), S_OK);
        for (j = 0; j < i; j += 97) ck_assert_uint_ne(conns[i], conns[j]);
    }
    for (i = 0; i < NKEYS; i++)
    {
        sprintf(name, "key%d", i);
        ck_assert_int_eq(notify_fire(mkkey(&kb, name), 1, &n, NULL), S_OK);
    }
    for (i = 0; i < NKEYS * PER_KEY; i++)
    {
        ck_assert_int_eq(sinks[i].calls, 1);
        ck_assert_int_eq(sinks[i].refs, 2);
    }
    /* Every other one goes; the rest still get theirs. */
    for (i = 0; i < NKEYS * PER_KEY; i += 2) ck_assert_int_eq(notify_unsubscribe(conns[i]), S_OK);
    for (i = 0; i < NKEYS; i++)
    {
        sprintf(name, "key%d", i);
        ck_assert_int_eq(notify_fire(mkkey(&kb, name), 1, &n, NULL), S_OK);
    }
    for (i = 0; i < NKEYS * PER_KEY; i++)
    {
        ck_assert_int_eq(sinks[i].calls, i % 2 ? 2 : 1);
        if (i % 2) ck_assert_int_eq(notify_unsubscribe(conns[i]), S_OK);
        ck_assert_int_eq(sinks[i].refs, 1);
        ck_assert_int_eq(notify_unsubscribe(conns[i]), MAPI_E_NOT_FOUND);
        tsink_done(&sinks[i]);
    }
    notify_shutdown();
}
END_TEST

START_TEST(engine_copy_every_type)
{
    struct batch *b = new_batch();
    NOTIFICATION *copy = (NOTIFICATION *)1;
    const struct batch *where = b;

    ck_assert_int_eq(notify_copy(0, NULL, &copy), S_OK);
    ck_assert_ptr_null(copy);
    ck_assert_int_eq(notify_copy(NBATCH, b->n, &copy), S_OK);
    scribble_free(b);
    ck_assert_int_eq(check_batch(copy, NBATCH, where), 0);
    ck_assert_uint_eq(MAPIFreeBuffer(copy), S_OK);   /* one block */

    b = new_batch();
    b->n[8].info.tab.row.lpProps = NULL;   /* 3 values, no array */
    ck_assert_int_eq(notify_copy(NBATCH, b->n, &copy), MAPI_E_INVALID_PARAMETER);
    ck_assert_ptr_null(copy);
    HeapFree(GetProcessHeap(), 0, b);
}
END_TEST

/* The whole path a client sees: the engine's delivery thread calls an
 * HrThisThreadAdviseSink wrapper, which hands the call to this thread. */
START_TEST(engine_through_this_thread_wrapper)
{
    static struct tsink inner;
    IMAPIAdviseSink *wrap;
    struct keybuf kb;
    ULONG_PTR c;
    struct batch *b = new_batch();

    tsink_init(&inner);
    inner.orig = b;
    ck_assert_int_eq(MAPIInitialize(NULL), S_OK);
    ck_assert_int_eq(HrThisThreadAdviseSink(iface_of(&inner), &wrap), S_OK);
    ck_assert_int_eq(notify_init(MAPI_MULTITHREAD_NOTIFICATIONS), S_OK);
    ck_assert_int_eq(notify_subscribe(mkkey(&kb, "k"), ALL_EVENTS, 0, wrap, &c), S_OK);
    ck_assert_int_eq(IMAPIAdviseSink_Release(wrap), 1);   /* the engine holds it now */
    ck_assert_int_eq(notify_fire((NOTIFKEY *)&kb, NBATCH, b->n, NULL), S_OK);
    scribble_free(b);
    ck_assert(wait_for(&inner.refs, 3));   /* handed over: queued here */
    ck_assert_int_eq(inner.calls, 0);
    ck_assert_int_eq(HrDispatchNotifications(0), S_OK);
    ck_assert_int_eq(inner.calls, 1);
    ck_assert_uint_eq(inner.tid, GetCurrentThreadId());
    ck_assert_int_eq(inner.bad_copy, 0);
    ck_assert_int_eq(notify_unsubscribe(c), S_OK);   /* releases the wrapper, which releases inner */
    ck_assert(wait_for(&inner.refs, 1));
    notify_shutdown();
    MAPIUninitialize();
    tsink_done(&inner);
}
END_TEST

static Suite *notify_suite(void)
{
    Suite *s = suite_create("notify");
    TCase *tc = tcase_create("exports");
    TCase *te = tcase_create("engine");

    tcase_add_test(tc, alloc_sink_bad_input);
    tcase_add_test(tc, alloc_sink_calls_back);
    tcase_add_test(tc, thread_sink_bad_input_and_refs);
    tcase_add_test(tc, thread_sink_same_thread_is_direct);
    tcase_add_test(tc, thread_sink_other_thread_waits_for_dispatch);
    tcase_add_test(tc, thread_sink_delivered_by_message_loop);
    tcase_add_test(tc, thread_sink_keeps_order);
    tcase_add_test(tc, thread_sink_released_wrapper_still_delivers);
    tcase_add_test(tc, thread_sink_refuses_malformed_notifications);
    tcase_add_test(tc, thread_sink_creator_gone);
    tcase_add_test(tc, dispatch_notifications_errors);
    tcase_add_test(tc, notification_window_lifetime);
    tcase_add_test(tc, unload_with_live_windows);
    suite_add_tcase(s, tc);

    tcase_add_test(te, engine_subscribe_validation);
    tcase_add_test(te, engine_connections_and_refs);
    tcase_add_test(te, engine_sync_matching);
    tcase_add_test(te, engine_fire_validation);
    tcase_add_test(te, engine_discontinue);
    tcase_add_test(te, engine_async_on_delivery_thread);
    tcase_add_test(te, engine_default_mode_first_thread);
    tcase_add_test(te, engine_unsubscribe_drops_queued);
    tcase_add_test(te, engine_unsubscribe_from_inside);
    tcase_add_test(te, engine_fire_from_inside);
    tcase_add_test(te, engine_unsubscribe_while_delivering);
    tcase_add_test(te, engine_stop_and_shutdown);
    tcase_add_test(te, engine_shutdown_joins_delivery_thread);
    tcase_add_test(te, engine_first_thread_gone);
    tcase_add_test(te, engine_many_subscriptions);
    tcase_add_test(te, engine_copy_every_type);
    tcase_add_test(te, engine_through_this_thread_wrapper);
    tcase_set_timeout(te, 60);
    suite_add_tcase(s, te);
    return s;
}

/* Under Wine a crashed program can still exit with status 0: make a crash
 * (on any thread) fail the test. */
static LONG WINAPI crash_fails(EXCEPTION_POINTERS *info)
{
    fprintf(stderr, "test_notify: unhandled exception %#lx at %p\n", info->ExceptionRecord->ExceptionCode,
            info->ExceptionRecord->ExceptionAddress);
    fflush(stderr);
    TerminateProcess(GetCurrentProcess(), 99);
    return EXCEPTION_EXECUTE_HANDLER;
}

int main(void)
{
    SetUnhandledExceptionFilter(crash_fails);
    harness_require_freemapi();
    freemapi_instance = GetModuleHandleW(NULL);
    notify_attach();
    return harness_run(notify_suite());
}
