/* The notification engine (mapi32/notify.c). It has no export of its own,
 * so this program compiles notify.c in as well and drives a private instance
 * of it through its C API (notify.h); that copy uses the DLL's
 * MAPIAllocateBuffer and ScCopyNotifications like the DLL's own does. */
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#define INITGUID
#include <mapix.h>
#include <mapiutil.h>
#include <mapiguid.h>
#include <mapispi.h>

#include "harness.h"
#include "notify_helpers.h"
#include "../mapi32/notify.h"

/* What notify.c takes from the rest of the DLL. */
HINSTANCE freemapi_instance;
BOOL freemapi_tracing;
void freemapi_trace(const char *func, const char *fmt, ...) { }
static BOOL engine_initialized;
BOOL freemapi_is_initialized(void) { return engine_initialized; }

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

/* Subscribes a fresh sink on the delivery thread and fires twice: returns
 * once the first OnNotify has started (it waits for s->gate), the second
 * queued behind it. */
static ULONG_PTR deliver_two_held(struct tsink *s)
{
    struct keybuf kb;
    ULONG_PTR c;
    NOTIFICATION n;
    ULONG i;

    tsink_init(s);
    s->entered = CreateEventW(NULL, FALSE, FALSE, NULL);
    s->gate = CreateEventW(NULL, TRUE, FALSE, NULL);
    ck_assert_int_eq(notify_init(MAPI_MULTITHREAD_NOTIFICATIONS), S_OK);
    ck_assert_int_eq(notify_subscribe(mkkey(&kb, "k"), fnevExtended, 0, iface_of(s), &c), S_OK);
    for (i = 0; i < 2; i++)
    {
        ext_notif(&n, i);
        ck_assert_int_eq(notify_fire((NOTIFKEY *)&kb, 1, &n, NULL), S_OK);
    }
    ck_assert_int_eq(WaitForSingleObject(s->entered, WAIT_MS), WAIT_OBJECT_0);
    return c;
}

/* imapisupport-unsubscribe.md: the Release waits for the OnNotify running
 * on another thread. */
START_TEST(engine_unsubscribe_while_delivering)
{
    static struct tsink s;
    ULONG_PTR c = deliver_two_held(&s);
    DWORD t0;

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

    deliver_two_held(&s);
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

static Suite *notify_engine_suite(void)
{
    Suite *s = suite_create("notify_engine");
    TCase *te = tcase_create("engine");

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

int main(void)
{
    notify_crash_fails("test_notify_engine");
    harness_require_freemapi();
    freemapi_instance = GetModuleHandleW(NULL);
    notify_attach();
    return harness_run(notify_engine_suite());
}
