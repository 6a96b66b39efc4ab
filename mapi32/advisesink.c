/*
 * Advise sinks MAPI makes for its callers: HrAllocAdviseSink
 * (hrallocadvisesink.md, notifcallback.md), HrThisThreadAdviseSink
 * (hrthisthreadadvisesink.md, ensuring-a-thread-safe-notification.md) and
 * HrDispatchNotifications (hrdispatchnotifications.md,
 * forcing-a-notification.md). The thread marshalling uses the per-thread
 * mailboxes of notify.c.
 */
#include "mapi32_private.h"
#include "notify.h"

#include <mapiguid.h>
#include <mapiutil.h>

/* ---- HrAllocAdviseSink: OnNotify calls a NOTIFCALLBACK ------------------ */

struct callback_sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG refcount;
    LPNOTIFCALLBACK callback;
    void *context;
};

static const IMAPIAdviseSinkVtbl callback_sink_vtbl;
static const IMAPIAdviseSinkVtbl thread_sink_vtbl;

static inline struct callback_sink *impl_from_callback_sink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct callback_sink, IMAPIAdviseSink_iface);
}

/* Both sinks answer for IUnknown and IMAPIAdviseSink only. */
static HRESULT sink_query_interface(IMAPIAdviseSink *iface, REFIID riid, void **out)
{
    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!riid) return MAPI_E_INVALID_PARAMETER;
    if (!IsEqualIID(riid, &IID_IUnknown) && !IsEqualIID(riid, &IID_IMAPIAdviseSink))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    *out = iface;
    IMAPIAdviseSink_AddRef(iface);
    return S_OK;
}

static HRESULT WINAPI callback_sink_QueryInterface(IMAPIAdviseSink *iface, REFIID riid, void **out)
{
    return sink_query_interface(iface, riid, out);
}

static ULONG WINAPI callback_sink_AddRef(IMAPIAdviseSink *iface)
{
    return InterlockedIncrement(&impl_from_callback_sink(iface)->refcount);
}

static ULONG WINAPI callback_sink_Release(IMAPIAdviseSink *iface)
{
    struct callback_sink *cs = impl_from_callback_sink(iface);
    ULONG ref = InterlockedDecrement(&cs->refcount);

    if (!ref) HeapFree(GetProcessHeap(), 0, cs);
    return ref;
}

/* The callback's answer is passed on: CALLBACK_DISCONTINUE from a provider's
 * callback cancels a synchronous IMAPISupport::Notify. */
static ULONG WINAPI callback_sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, LPNOTIFICATION notifs)
{
    struct callback_sink *cs = impl_from_callback_sink(iface);

    return (ULONG)cs->callback(cs->context, count, notifs);
}

/* Makes an advise sink whose OnNotify calls lpfnCallback(lpvContext, ...). */
HRESULT WINAPI HrAllocAdviseSink(LPNOTIFCALLBACK lpfnCallback, LPVOID lpvContext, LPMAPIADVISESINK *lppAdviseSink)
{
    struct callback_sink *cs;

    if (lppAdviseSink) *lppAdviseSink = NULL;
    if (!lpfnCallback || !lppAdviseSink)
    {
        TRACE("(%p, %p, %p) -> MAPI_E_INVALID_PARAMETER", lpfnCallback, lpvContext, lppAdviseSink);
        return MAPI_E_INVALID_PARAMETER;
    }
    if (!(cs = HeapAlloc(GetProcessHeap(), 0, sizeof(*cs))))
    {
        TRACE("(%p, %p, %p) -> MAPI_E_NOT_ENOUGH_MEMORY", lpfnCallback, lpvContext, lppAdviseSink);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    cs->IMAPIAdviseSink_iface.lpVtbl = (IMAPIAdviseSinkVtbl *)&callback_sink_vtbl;
    cs->refcount = 1;
    cs->callback = lpfnCallback;
    cs->context = lpvContext;
    *lppAdviseSink = &cs->IMAPIAdviseSink_iface;
    TRACE("(%p, %p, %p) -> S_OK, %p", lpfnCallback, lpvContext, lppAdviseSink, *lppAdviseSink);
    return S_OK;
}

/* ---- HrThisThreadAdviseSink: OnNotify runs on the creating thread ------- */

struct thread_sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG refcount;
    IMAPIAdviseSink *inner;
    struct notify_box *box;   /* the creating thread's mailbox */
};

static inline struct thread_sink *impl_from_thread_sink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct thread_sink, IMAPIAdviseSink_iface);
}

static HRESULT WINAPI thread_sink_QueryInterface(IMAPIAdviseSink *iface, REFIID riid, void **out)
{
    return sink_query_interface(iface, riid, out);
}

static ULONG WINAPI thread_sink_AddRef(IMAPIAdviseSink *iface)
{
    return InterlockedIncrement(&impl_from_thread_sink(iface)->refcount);
}

/* Calls already queued still run (they hold the wrapped sink themselves). */
static ULONG WINAPI thread_sink_Release(IMAPIAdviseSink *iface)
{
    struct thread_sink *ts = impl_from_thread_sink(iface);
    ULONG ref = InterlockedDecrement(&ts->refcount);

    if (!ref)
    {
        IMAPIAdviseSink_Release(ts->inner);
        notify_box_release(ts->box);
        HeapFree(GetProcessHeap(), 0, ts);
    }
    return ref;
}

/* From another thread: the notifications are copied and queued for the
 * creating thread, which runs them when it processes messages or calls
 * HrDispatchNotifications; the caller gets S_OK at once. On the creating
 * thread itself: what is queued there runs first, then this call, so each
 * sink sees its notifications in order. */
static ULONG WINAPI thread_sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, LPNOTIFICATION notifs)
{
    struct thread_sink *ts = impl_from_thread_sink(iface);
    HRESULT hr;

    if (notify_box_is_current(ts->box))
    {
        notify_dispatch_current();
        return IMAPIAdviseSink_OnNotify(ts->inner, count, notifs);
    }
    if (FAILED(hr = notify_box_post(ts->box, ts->inner, count, notifs)))
        TRACE("(%p, %lu, %p) not delivered: %#lx", iface, count, notifs, hr);
    /* An error code here would read as CALLBACK_DISCONTINUE to a synchronous Notify. */
    return S_OK;
}

/* Wraps lpAdviseSink so that its OnNotify runs only on this thread. */
HRESULT WINAPI HrThisThreadAdviseSink(LPMAPIADVISESINK lpAdviseSink, LPMAPIADVISESINK *lppAdviseSink)
{
    struct thread_sink *ts;
    struct notify_box *box;

    if (lppAdviseSink) *lppAdviseSink = NULL;
    if (!lpAdviseSink || !lppAdviseSink)
    {
        TRACE("(%p, %p) -> MAPI_E_INVALID_PARAMETER", lpAdviseSink, lppAdviseSink);
        return MAPI_E_INVALID_PARAMETER;
    }
    if (!(ts = HeapAlloc(GetProcessHeap(), 0, sizeof(*ts))))
    {
        TRACE("(%p, %p) -> MAPI_E_NOT_ENOUGH_MEMORY", lpAdviseSink, lppAdviseSink);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if (!(box = notify_box_current()))
    {
        HeapFree(GetProcessHeap(), 0, ts);
        TRACE("(%p, %p) -> MAPI_E_NOT_ENOUGH_RESOURCES (no window)", lpAdviseSink, lppAdviseSink);
        return MAPI_E_NOT_ENOUGH_RESOURCES;
    }
    ts->IMAPIAdviseSink_iface.lpVtbl = (IMAPIAdviseSinkVtbl *)&thread_sink_vtbl;
    ts->refcount = 1;
    ts->inner = lpAdviseSink;
    IMAPIAdviseSink_AddRef(lpAdviseSink);
    ts->box = box;
    *lppAdviseSink = &ts->IMAPIAdviseSink_iface;
    TRACE("(%p, %p) -> S_OK, %p", lpAdviseSink, lppAdviseSink, *lppAdviseSink);
    return S_OK;
}

/* Runs now what is queued for this thread (engine notifications when this
 * thread made the first MAPIInitialize, and HrThisThreadAdviseSink calls). */
HRESULT WINAPI HrDispatchNotifications(ULONG ulFlags)
{
    MSG msg;

    if (ulFlags)
    {
        TRACE("(%#lx) -> MAPI_E_UNKNOWN_FLAGS", ulFlags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (!freemapi_is_initialized())
    {
        TRACE("(0) -> MAPI_E_NOT_INITIALIZED");
        return MAPI_E_NOT_INITIALIZED;
    }
    /* A pending WM_QUIT stays in the queue for the caller's own loop. */
    if (PeekMessageW(&msg, NULL, WM_QUIT, WM_QUIT, PM_NOREMOVE))
    {
        TRACE("(0) -> MAPI_E_USER_CANCEL (WM_QUIT)");
        return MAPI_E_USER_CANCEL;
    }
    notify_dispatch_current();
    TRACE("(0) -> S_OK");
    return S_OK;
}

static const IMAPIAdviseSinkVtbl callback_sink_vtbl =
{
    callback_sink_QueryInterface,
    callback_sink_AddRef,
    callback_sink_Release,
    callback_sink_OnNotify,
};

static const IMAPIAdviseSinkVtbl thread_sink_vtbl =
{
    thread_sink_QueryInterface,
    thread_sink_AddRef,
    thread_sink_Release,
    thread_sink_OnNotify,
};
