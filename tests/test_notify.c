/* Notifications through the DLL's exports: HrAllocAdviseSink,
 * HrThisThreadAdviseSink and HrDispatchNotifications, the notification
 * windows and unloading the DLL under them. The engine behind them
 * (mapi32/notify.c) is tested in test_notify_engine.c. */
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

/* MAPIInitialize, and a wrapper made on this thread around a fresh inner sink. */
static void init_and_wrap(struct tsink *inner, struct poster *p)
{
    ck_assert_int_eq(MAPIInitialize(NULL), S_OK);
    tsink_init(inner);
    ck_assert_int_eq(HrThisThreadAdviseSink(iface_of(inner), &p->wrap), S_OK);
}

START_TEST(thread_sink_other_thread_waits_for_dispatch)
{
    static struct tsink inner;
    struct poster p = { 0 };

    init_and_wrap(&inner, &p);
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

    init_and_wrap(&inner, &p);
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

    init_and_wrap(&inner, &p);
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

    init_and_wrap(&inner, &p);
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

static Suite *notify_suite(void)
{
    Suite *s = suite_create("notify");
    TCase *tc = tcase_create("exports");

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
    return s;
}

int main(void)
{
    notify_crash_fails("test_notify");
    harness_require_freemapi();
    return harness_run(notify_suite());
}
