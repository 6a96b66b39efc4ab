/*
 * The notification engine (notify.h; event-notification-in-mapi.md,
 * supporting-event-notification.md, imapisupport-subscribe.md,
 * imapisupport-unsubscribe.md, imapisupport-notify.md).
 *
 * Subscriptions live in two hash tables (by key bytes, by connection) under
 * one SRW lock, which is never held while a sink runs. A subscription is
 * reference counted: the registration, every snapshot a notify_fire takes,
 * every queued delivery and every running OnNotify hold one, so
 * Unsubscribe can drop its registration at once and the sink is released
 * when the last delivery in flight is over.
 *
 * Asynchronous deliveries wait in a mailbox ("box") of the thread that will
 * run them: a message-only window on a client thread (woken by a posted
 * szMAPINotificationMsg, drained there or by HrDispatchNotifications), or
 * the engine's own delivery thread (woken by a condition variable). A box
 * belongs to its thread through a fiber-local slot whose callback clears it
 * up when the thread ends.
 */
#include <stddef.h>

#include "mapi32_private.h"
#include "notify.h"

#include <mapiutil.h>

struct sub
{
    struct sub *next_key;     /* chain in key_tab, in subscription order */
    struct sub *next_conn;    /* chain in conn_tab */
    LONG refs;
    LONG dead;                /* unsubscribed (set under the lock) */
    ULONG_PTR conn;
    ULONG mask, flags, hash;
    IMAPIAdviseSink *sink;
    ULONG cb;
    BYTE key[1];
};

struct item
{
    struct item *next;
    struct sub *sub;          /* an engine delivery (holds a sub reference) ... */
    IMAPIAdviseSink *sink;    /* ... or a wrapped sink's (holds a sink reference) */
    ULONG count;
    NOTIFICATION *notifs;     /* one MAPIAllocateBuffer block, NULL for count 0 */
};

struct notify_box
{
    struct notify_box *prev, *next;   /* all_boxes */
    LONG refs;                /* under nlock */
    DWORD tid;
    HWND hwnd;                /* window box; NULL for the delivery thread's */
    BOOL gone;                /* owner thread ended, or delivery thread told to stop */
    BOOL wake_pending;        /* a wake-up message is in the window's queue */
    BOOL in_fls;              /* the owner thread's fiber-local slot holds a reference */
    CONDITION_VARIABLE cv;    /* the delivery thread sleeps here */
    HMODULE module;           /* the delivery thread's hold on this DLL */
    struct item *head, *tail;
    LONG count;
};

static SRWLOCK nlock = SRWLOCK_INIT;
static struct sub **key_tab, **conn_tab;
static ULONG tab_size, n_subs;           /* tab_size: a power of two, or 0 */
static ULONG_PTR last_conn;
static LONG stopped;                     /* notify_stop: no more sink calls */
static LONG active;                      /* notify_init .. notify_shutdown */
static struct notify_box *main_box;      /* first MAPIInitialize thread (default mode) */
static struct notify_box *thread_box;    /* the delivery thread, started on demand */
static HANDLE thread_handle;
static struct notify_box *all_boxes;

static DWORD fls_index = FLS_OUT_OF_INDEXES;
static INIT_ONCE class_once = INIT_ONCE_STATIC_INIT;
static UINT wake_msg;
static BOOL class_registered;
static LONG detached;
static const WCHAR class_name[] = L"FreeMAPI notification window";

static inline void lock(void)   { AcquireSRWLockExclusive(&nlock); }
static inline void unlock(void) { ReleaseSRWLockExclusive(&nlock); }

/* ---- Notification copies ------------------------------------------------ */

/* Providers are told to zero what an event does not use, so a table event
 * often has propIndex/propPrior tagged 0 (PT_UNSPECIFIED), which the
 * one-block copier refuses. Such a value has no data: it is copied as PT_NULL
 * and its tag put back afterwards. */
static BOOL zero_typed(const NOTIFICATION *n)
{
    return n->ulEventType == fnevTableModified &&
           (PROP_TYPE(n->info.tab.propIndex.ulPropTag) == PT_UNSPECIFIED ||
            PROP_TYPE(n->info.tab.propPrior.ulPropTag) == PT_UNSPECIFIED);
}

static void fix_zero_types(NOTIFICATION *n)
{
    if (PROP_TYPE(n->info.tab.propIndex.ulPropTag) == PT_UNSPECIFIED)
        n->info.tab.propIndex.ulPropTag = CHANGE_PROP_TYPE(n->info.tab.propIndex.ulPropTag, PT_NULL);
    if (PROP_TYPE(n->info.tab.propPrior.ulPropTag) == PT_UNSPECIFIED)
        n->info.tab.propPrior.ulPropTag = CHANGE_PROP_TYPE(n->info.tab.propPrior.ulPropTag, PT_NULL);
}

/* Sizes (and so validates) notifications; copies them into block if given. */
static HRESULT copy_or_count(ULONG count, const NOTIFICATION *src, ULONG *cb, void *block)
{
    NOTIFICATION local[4], *tmp = (NOTIFICATION *)src, *dst = block;
    HRESULT hr;
    ULONG i;
    BOOL fix = FALSE;

    if (!src || count > 0x7fffffff) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < count && !fix; i++) fix = zero_typed(&src[i]);
    if (fix)
    {
        tmp = count <= ARRAYSIZE(local) ? local : HeapAlloc(GetProcessHeap(), 0, count * sizeof(*tmp));
        if (!tmp) return MAPI_E_NOT_ENOUGH_MEMORY;
        memcpy(tmp, src, count * sizeof(*tmp));
        for (i = 0; i < count; i++)
            if (zero_typed(&tmp[i])) fix_zero_types(&tmp[i]);
    }
    hr = block ? ScCopyNotifications(count, tmp, block, NULL) : ScCountNotifications(count, tmp, cb);
    if (fix && block && SUCCEEDED(hr))
        for (i = 0; i < count; i++)
            if (src[i].ulEventType == fnevTableModified)
            {
                dst[i].info.tab.propIndex.ulPropTag = src[i].info.tab.propIndex.ulPropTag;
                dst[i].info.tab.propPrior.ulPropTag = src[i].info.tab.propPrior.ulPropTag;
            }
    if (tmp != src && tmp != local) HeapFree(GetProcessHeap(), 0, tmp);
    return hr;
}

HRESULT notify_copy(ULONG count, const NOTIFICATION *notifs, NOTIFICATION **out)
{
    void *block;
    ULONG cb;
    HRESULT hr;

    *out = NULL;
    if (!count) return S_OK;
    if (FAILED(hr = copy_or_count(count, notifs, &cb, NULL))) return hr;
    if (MAPIAllocateBuffer(cb, &block)) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = copy_or_count(count, notifs, NULL, block)))
    {
        MAPIFreeBuffer(block);
        return hr;
    }
    *out = block;
    return S_OK;
}

/* ---- Subscriptions and queued deliveries ------------------------------- */

static void sub_release(struct sub *s)
{
    if (InterlockedDecrement(&s->refs)) return;
    IMAPIAdviseSink_Release(s->sink);
    HeapFree(GetProcessHeap(), 0, s);
}

/* Frees a delivery that will not (or no longer needs to) run. */
static void item_discard(struct item *it)
{
    if (it->notifs) MAPIFreeBuffer(it->notifs);
    if (it->sub) sub_release(it->sub);
    else if (it->sink) IMAPIAdviseSink_Release(it->sink);
    HeapFree(GetProcessHeap(), 0, it);
}

static void discard_list(struct item *it)
{
    while (it)
    {
        struct item *next = it->next;
        item_discard(it);
        it = next;
    }
}

/* Runs one delivery on the calling thread; no lock is held. The copy is
 * freed after OnNotify returns (the sink must not keep it). */
static void item_deliver(struct item *it)
{
    if (!it->sub)
        IMAPIAdviseSink_OnNotify(it->sink, it->count, it->notifs);
    else if (!READ_LONG(&it->sub->dead) && !READ_LONG(&stopped))
        IMAPIAdviseSink_OnNotify(it->sub->sink, it->count, it->notifs);
    item_discard(it);
}

static ULONG key_hash(const BYTE *p, ULONG cb)
{
    ULONG h = 2166136261u ^ cb;

    while (cb--) h = (h ^ *p++) * 16777619u;
    return h;
}

static struct sub **conn_slot(ULONG_PTR conn)
{
    struct sub **pp = &conn_tab[conn & (tab_size - 1)];

    while (*pp && (*pp)->conn != conn) pp = &(*pp)->next_conn;
    return pp;
}

/* Doubles both tables, keeping each chain in subscription order (a chain of
 * the old table goes whole to one chain of the new). Lock held. */
static BOOL tables_grow(void)
{
    ULONG size = tab_size ? tab_size * 2 : 64, i;
    struct sub **keys, **conns, *s, *next, **tail;

    keys = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size * sizeof(*keys));
    conns = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size * sizeof(*conns));
    if (!keys || !conns)
    {
        HeapFree(GetProcessHeap(), 0, keys);
        HeapFree(GetProcessHeap(), 0, conns);
        return FALSE;
    }
    for (i = 0; i < tab_size; i++)
    {
        for (s = key_tab[i]; s; s = next)
        {
            next = s->next_key;
            s->next_key = NULL;
            for (tail = &keys[s->hash & (size - 1)]; *tail; tail = &(*tail)->next_key) ;
            *tail = s;
        }
        for (s = conn_tab[i]; s; s = next)
        {
            next = s->next_conn;
            s->next_conn = conns[s->conn & (size - 1)];
            conns[s->conn & (size - 1)] = s;
        }
    }
    HeapFree(GetProcessHeap(), 0, key_tab);
    HeapFree(GetProcessHeap(), 0, conn_tab);
    key_tab = keys;
    conn_tab = conns;
    tab_size = size;
    return TRUE;
}

HRESULT notify_subscribe(const NOTIFKEY *key, ULONG event_mask, ULONG flags, IMAPIAdviseSink *sink,
                         ULONG_PTR *connection)
{
    struct sub *s, **pp;

    if (!key || !sink || !connection || !event_mask || key->cb > NOTIFY_MAX_KEY)
    {
        TRACE("(%p, %#lx, %#lx, %p, %p) -> MAPI_E_INVALID_PARAMETER", key, event_mask, flags, sink, connection);
        return MAPI_E_INVALID_PARAMETER;
    }
    if (flags & ~NOTIFY_SYNC)
    {
        TRACE("(%p, %#lx, %#lx, %p, %p) -> MAPI_E_UNKNOWN_FLAGS", key, event_mask, flags, sink, connection);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (!(s = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, offsetof(struct sub, key) + key->cb + 1)))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    s->refs = 1;
    s->mask = event_mask;
    s->flags = flags;
    s->sink = sink;
    s->cb = key->cb;
    memcpy(s->key, key->ab, key->cb);
    s->hash = key_hash(s->key, s->cb);
    IMAPIAdviseSink_AddRef(sink);

    lock();
    if ((!tab_size || n_subs >= tab_size * 2) && !tables_grow() && !tab_size)
    {
        unlock();
        IMAPIAdviseSink_Release(sink);
        HeapFree(GetProcessHeap(), 0, s);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    /* Connection numbers count up; after a wrap, 0 and live ones are skipped. */
    do { if (!++last_conn) last_conn = 1; } while (*conn_slot(last_conn));
    s->conn = last_conn;
    for (pp = &key_tab[s->hash & (tab_size - 1)]; *pp; pp = &(*pp)->next_key) ;
    *pp = s;
    pp = conn_slot(s->conn);
    *pp = s;
    n_subs++;
    unlock();

    *connection = s->conn;
    TRACE("(%p {cb %lu}, %#lx, %#lx, %p) -> S_OK, connection %Iu", key, key->cb, event_mask, flags, sink,
          s->conn);
    return S_OK;
}

/* Takes out of every box the queued deliveries of one subscription, or of
 * every subscription (only NULL). Lock held. */
static struct item *purge_locked(const struct sub *only)
{
    struct item *out = NULL, **pp, *it;
    struct notify_box *box;

    for (box = all_boxes; box; box = box->next)
    {
        pp = &box->head;
        while ((it = *pp))
        {
            if (it->sub && (!only || it->sub == only))
            {
                *pp = it->next;
                it->next = out;
                out = it;
                box->count--;
            }
            else
                pp = &it->next;
        }
        box->tail = pp == &box->head ? NULL : CONTAINING_RECORD(pp, struct item, next);
    }
    return out;
}

HRESULT notify_unsubscribe(ULONG_PTR connection)
{
    struct sub *s = NULL, **pp;
    struct item *dropped;

    lock();
    if (connection && tab_size) s = *(pp = conn_slot(connection));
    if (!s)
    {
        unlock();
        TRACE("(%Iu) -> MAPI_E_NOT_FOUND", connection);
        return MAPI_E_NOT_FOUND;
    }
    *pp = s->next_conn;
    for (pp = &key_tab[s->hash & (tab_size - 1)]; *pp != s; pp = &(*pp)->next_key) ;
    *pp = s->next_key;
    n_subs--;
    s->dead = TRUE;
    dropped = purge_locked(s);
    unlock();

    discard_list(dropped);
    sub_release(s);   /* releases the sink unless an OnNotify on it is running */
    TRACE("(%Iu) -> S_OK", connection);
    return S_OK;
}

/* ---- Boxes --------------------------------------------------------------- */

static void box_link_locked(struct notify_box *box)
{
    box->prev = NULL;
    box->next = all_boxes;
    if (all_boxes) all_boxes->prev = box;
    all_boxes = box;
}

static void box_unlink_locked(struct notify_box *box)
{
    if (box->prev) box->prev->next = box->next;
    else all_boxes = box->next;
    if (box->next) box->next->prev = box->prev;
}

static struct item *take_all_locked(struct notify_box *box)
{
    struct item *items = box->head;

    box->head = box->tail = NULL;
    box->count = 0;
    return items;
}

static struct item *pop_locked(struct notify_box *box)
{
    struct item *it = box->head;

    if (it)
    {
        if (!(box->head = it->next)) box->tail = NULL;
        box->count--;
        it->next = NULL;
    }
    return it;
}

/* Queues a delivery and wakes the box's thread. FALSE if the thread is gone.
 * When the window's message queue is full the item waits for the next wake-up
 * or HrDispatchNotifications. Lock held. */
static BOOL box_push_locked(struct notify_box *box, struct item *it)
{
    if (box->gone) return FALSE;
    if (box->hwnd && !box->wake_pending)
    {
        if (PostMessageW(box->hwnd, wake_msg, 0, 0)) box->wake_pending = TRUE;
        else if (!IsWindow(box->hwnd))
        {
            box->gone = TRUE;
            return FALSE;
        }
    }
    it->next = NULL;
    if (box->tail) box->tail->next = it;
    else box->head = it;
    box->tail = it;
    box->count++;
    if (!box->hwnd) WakeConditionVariable(&box->cv);
    return TRUE;
}

/* Frees a box nobody holds any more; its window, if any, is destroyed when
 * this is its thread (otherwise that thread has ended or DLL detach has
 * disarmed it). */
static void box_free(struct notify_box *box, struct item *items)
{
    if (box->hwnd && !box->gone && box->tid == GetCurrentThreadId())
    {
        SetWindowLongPtrW(box->hwnd, GWLP_USERDATA, 0);
        DestroyWindow(box->hwnd);
    }
    discard_list(items);
    HeapFree(GetProcessHeap(), 0, box);
}

void notify_box_addref(struct notify_box *box)
{
    lock();
    box->refs++;
    unlock();
}

/* When only its thread still holds a window box, and that thread lets it go
 * here with nothing queued, the window goes too (so that MAPIUninitialize or
 * the last wrapper's Release leaves no window behind). */
void notify_box_release(struct notify_box *box)
{
    struct item *items = NULL;
    BOOL last, retire = FALSE;

    lock();
    last = !--box->refs;
    if (!last && box->refs == 1 && box->in_fls && !box->head && box->tid == GetCurrentThreadId() &&
        !READ_LONG(&detached) && FlsGetValue(fls_index) == box)
    {
        box->in_fls = FALSE;
        box->refs = 0;
        last = retire = TRUE;
    }
    if (last)
    {
        box_unlink_locked(box);
        items = take_all_locked(box);
    }
    unlock();
    if (retire) FlsSetValue(fls_index, NULL);
    if (last) box_free(box, items);
}

/* A box of an ended thread is nobody's: thread IDs get reused. */
BOOL notify_box_is_current(const struct notify_box *box)
{
    return box && box->tid == GetCurrentThreadId() && !((volatile const struct notify_box *)box)->gone;
}

/* Runs what is queued in a box, on its own thread; the caller holds a
 * reference. Only as many deliveries as were queued on entry, so that a sink
 * that keeps notifying itself cannot keep the thread here for ever: what
 * remains gets a new wake-up. */
static void box_dispatch(struct notify_box *box)
{
    struct item *it;
    LONG budget;

    lock();
    budget = box->count;
    unlock();
    while (budget-- > 0)
    {
        lock();
        it = box->gone ? NULL : pop_locked(box);
        unlock();
        if (!it) break;
        item_deliver(it);
    }
    lock();
    if (box->head && box->hwnd && !box->gone && !box->wake_pending &&
        PostMessageW(box->hwnd, wake_msg, 0, 0))
        box->wake_pending = TRUE;
    unlock();
}

static LRESULT CALLBACK box_wndproc(HWND hwnd, UINT msg, WPARAM wparam, LPARAM lparam)
{
    struct notify_box *box;

    if (msg == wake_msg && msg && (box = (struct notify_box *)GetWindowLongPtrW(hwnd, GWLP_USERDATA)))
    {
        lock();
        box->wake_pending = FALSE;
        box->refs++;
        unlock();
        box_dispatch(box);
        notify_box_release(box);
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wparam, lparam);
}

static BOOL CALLBACK register_class(INIT_ONCE *once, void *param, void **ctx)
{
    WNDCLASSW wc = { 0 };

    wc.lpfnWndProc = box_wndproc;
    wc.hInstance = freemapi_instance;
    wc.lpszClassName = class_name;
    if (!(wake_msg = RegisterWindowMessageA(szMAPINotificationMsg))) return FALSE;
    if (!RegisterClassW(&wc) && GetLastError() != ERROR_CLASS_ALREADY_EXISTS) return FALSE;
    class_registered = TRUE;
    return TRUE;
}

/* The calling thread's box, made (with its window) if create is set. */
static struct notify_box *current_box(BOOL create)
{
    struct notify_box *box;
    HWND hwnd;

    if (fls_index == FLS_OUT_OF_INDEXES || READ_LONG(&detached)) return NULL;
    if ((box = FlsGetValue(fls_index)) || !create) return box;
    if (!InitOnceExecuteOnce(&class_once, register_class, NULL, NULL)) return NULL;
    if (!(box = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*box)))) return NULL;
    hwnd = CreateWindowExW(0, class_name, NULL, 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, freemapi_instance, NULL);
    if (!hwnd)
    {
        HeapFree(GetProcessHeap(), 0, box);
        return NULL;
    }
    box->hwnd = hwnd;
    box->tid = GetCurrentThreadId();
    box->refs = 1;
    box->in_fls = TRUE;
    SetWindowLongPtrW(hwnd, GWLP_USERDATA, (LONG_PTR)box);
    if (!FlsSetValue(fls_index, box))
    {
        DestroyWindow(hwnd);
        HeapFree(GetProcessHeap(), 0, box);
        return NULL;
    }
    lock();
    box_link_locked(box);
    unlock();
    return box;
}

/* Fiber-local slot callback: the box's thread is ending. What it had queued
 * can never run there, so it is dropped, and the engine stops sending there. */
static void WINAPI box_thread_exit(void *data)
{
    struct notify_box *box = data;
    struct item *items;
    HWND hwnd;
    BOOL last, mine;

    if (!box || READ_LONG(&detached)) return;
    lock();
    mine = box->tid == GetCurrentThreadId();
    hwnd = box->gone ? NULL : box->hwnd;
    box->gone = TRUE;
    box->in_fls = FALSE;
    items = take_all_locked(box);
    if (main_box == box)
    {
        main_box = NULL;
        box->refs--;
    }
    if ((last = !--box->refs)) box_unlink_locked(box);
    unlock();
    if (hwnd && mine)
    {
        SetWindowLongPtrW(hwnd, GWLP_USERDATA, 0);
        DestroyWindow(hwnd);
    }
    discard_list(items);
    if (last) HeapFree(GetProcessHeap(), 0, box);
}

struct notify_box *notify_box_current(void)
{
    struct notify_box *box = current_box(TRUE);

    if (box) notify_box_addref(box);
    return box;
}

void notify_dispatch_current(void)
{
    struct notify_box *box = current_box(FALSE);

    if (!box) return;
    notify_box_addref(box);
    box_dispatch(box);
    notify_box_release(box);
}

HRESULT notify_box_post(struct notify_box *box, IMAPIAdviseSink *sink, ULONG count, const NOTIFICATION *notifs)
{
    struct item *it;
    HRESULT hr;
    BOOL ok;

    if (!box || !sink) return MAPI_E_INVALID_PARAMETER;
    if (!(it = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*it)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = notify_copy(count, notifs, &it->notifs)))
    {
        HeapFree(GetProcessHeap(), 0, it);
        return hr;
    }
    it->count = count;
    it->sink = sink;
    IMAPIAdviseSink_AddRef(sink);
    lock();
    ok = box_push_locked(box, it);
    unlock();
    if (ok) return S_OK;
    item_discard(it);
    return MAPI_E_CALL_FAILED;
}

/* ---- The delivery thread ------------------------------------------------- */

/* It holds a reference on this DLL, dropped as it exits, so that the DLL
 * cannot be unloaded under it. */
static DWORD WINAPI delivery_thread(void *arg)
{
    struct notify_box *box = arg;
    HMODULE self = box->module;
    HRESULT co = CoInitializeEx(NULL, COINIT_MULTITHREADED);
    struct item *it;

    lock();
    for (;;)
    {
        while (!box->head && !box->gone) SleepConditionVariableSRW(&box->cv, &nlock, INFINITE, 0);
        if (box->gone) break;
        it = pop_locked(box);
        unlock();
        item_deliver(it);
        lock();
    }
    it = take_all_locked(box);
    unlock();
    discard_list(it);
    if (SUCCEEDED(co)) CoUninitialize();
    notify_box_release(box);
    FreeLibraryAndExitThread(self, 0);
    return 0;
}

static struct notify_box *start_thread_locked(void)
{
    struct notify_box *box;
    HANDLE thread;

    if (READ_LONG(&detached) || !(box = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*box))))
        return NULL;
    InitializeConditionVariable(&box->cv);
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCWSTR)delivery_thread, &box->module))
    {
        HeapFree(GetProcessHeap(), 0, box);
        return NULL;
    }
    box->refs = 2;   /* thread_box, and the thread itself */
    if (!(thread = CreateThread(NULL, 0, delivery_thread, box, 0, &box->tid)))
    {
        FreeLibrary(box->module);
        HeapFree(GetProcessHeap(), 0, box);
        return NULL;
    }
    box_link_locked(box);
    thread_box = box;
    thread_handle = thread;
    return box;
}

/* Where asynchronous engine deliveries go now (see notify.h). Lock held. */
static struct notify_box *engine_target_locked(void)
{
    if (main_box && !main_box->gone) return main_box;
    if (thread_box && !thread_box->gone) return thread_box;
    return start_thread_locked();
}

/* Queues one subscription's share of a notify_fire; takes over the caller's
 * reference on s. */
static HRESULT queue_engine(struct sub *s, ULONG count, const NOTIFICATION *notifs)
{
    struct notify_box *target;
    struct item *it;
    HRESULT hr;
    BOOL ok = FALSE;

    if (!(it = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*it))))
    {
        sub_release(s);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    it->sub = s;
    it->count = count;
    if (FAILED(hr = notify_copy(count, notifs, &it->notifs)))
    {
        item_discard(it);
        return hr;
    }
    lock();
    /* A box found gone while posting is marked so; the next target is tried. */
    while (!READ_LONG(&stopped) && !s->dead && (target = engine_target_locked()))
        if ((ok = box_push_locked(target, it)) || !target->gone) break;
    hr = ok || READ_LONG(&stopped) || s->dead ? S_OK : MAPI_E_NOT_ENOUGH_RESOURCES;
    unlock();
    if (!ok) item_discard(it);
    return hr;
}

HRESULT notify_fire(const NOTIFKEY *key, ULONG count, NOTIFICATION *notifs, ULONG *flags)
{
    ULONG in = flags ? *flags : 0, events = 0, hash, nsnap = 0, cap, i, j, n;
    struct sub *local[16], **snap = local, **bigger, *s;
    NOTIFICATION flocal[4], *filtered = NULL;
    const NOTIFICATION *batch;
    BOOL canceled = FALSE;
    HRESULT hr = S_OK, hr2;

    if (!key || key->cb > NOTIFY_MAX_KEY || (count && !notifs) || count > 0x7fffffff)
    {
        TRACE("(%p, %lu, %p, %p) -> MAPI_E_INVALID_PARAMETER", key, count, notifs, flags);
        return MAPI_E_INVALID_PARAMETER;
    }
    if (in & ~(MAPI_UNICODE | NOTIFY_SYNC))
    {
        TRACE("(%p, %lu, %p, %#lx) -> MAPI_E_UNKNOWN_FLAGS", key, count, notifs, in);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (flags) *flags = 0;
    if (!count || READ_LONG(&stopped)) return S_OK;
    for (i = 0; i < count; i++) events |= notifs[i].ulEventType;
    hash = key_hash(key->ab, key->cb);

    /* Snapshot the matching subscriptions; each gets a reference. */
    cap = ARRAYSIZE(local);
    AcquireSRWLockShared(&nlock);
    for (s = tab_size ? key_tab[hash & (tab_size - 1)] : NULL; s; s = s->next_key)
    {
        if (s->hash != hash || s->cb != key->cb || !(s->mask & events) || memcmp(s->key, key->ab, key->cb))
            continue;
        if (nsnap == cap)
        {
            if (!(bigger = HeapAlloc(GetProcessHeap(), 0, cap * 2 * sizeof(*snap))))
            {
                hr = MAPI_E_NOT_ENOUGH_MEMORY;
                break;
            }
            memcpy(bigger, snap, nsnap * sizeof(*snap));
            if (snap != local) HeapFree(GetProcessHeap(), 0, snap);
            snap = bigger;
            cap *= 2;
        }
        InterlockedIncrement(&s->refs);
        snap[nsnap++] = s;
    }
    ReleaseSRWLockShared(&nlock);

    if (nsnap && FAILED(hr2 = copy_or_count(count, notifs, &n, NULL))) hr = hr2;
    if (FAILED(hr)) canceled = TRUE;   /* nothing is sent; references still go */

    for (i = 0; i < nsnap; i++)
    {
        s = snap[i];
        if (canceled || READ_LONG(&stopped) || READ_LONG(&s->dead))
        {
            sub_release(s);
            continue;
        }
        batch = notifs;
        n = count;
        if ((s->mask & events) != events)   /* only part of the batch is for this one */
        {
            if (!filtered && !(filtered = count <= ARRAYSIZE(flocal) ? flocal :
                               HeapAlloc(GetProcessHeap(), 0, count * sizeof(*filtered))))
            {
                sub_release(s);
                hr = MAPI_E_NOT_ENOUGH_MEMORY;
                continue;
            }
            for (j = n = 0; j < count; j++)
                if (notifs[j].ulEventType & s->mask) filtered[n++] = notifs[j];
            batch = filtered;
        }
        if ((in & NOTIFY_SYNC) || (s->flags & NOTIFY_SYNC))
        {
            if (IMAPIAdviseSink_OnNotify(s->sink, n, (NOTIFICATION *)batch) == CALLBACK_DISCONTINUE)
                canceled = TRUE;
            sub_release(s);
        }
        else if (FAILED(hr2 = queue_engine(s, n, batch)))
            hr = hr2;
    }
    if (canceled && SUCCEEDED(hr) && flags) *flags = NOTIFY_CANCELED;
    if (snap != local) HeapFree(GetProcessHeap(), 0, snap);
    if (filtered != flocal) HeapFree(GetProcessHeap(), 0, filtered);
    TRACE("(%p {cb %lu}, %lu, %p, %#lx) -> %#lx, %lu subscription(s)%s", key, key->cb, count, notifs, in, hr,
          nsnap, canceled && SUCCEEDED(hr) ? ", canceled" : "");
    return hr;
}

/* ---- Lifetime -------------------------------------------------------------- */

void notify_stop(void)
{
    struct item *items;

    lock();
    stopped = TRUE;
    items = purge_locked(NULL);
    unlock();
    discard_list(items);
    TRACE("()");
}

void notify_shutdown(void)
{
    struct sub **keys, **conns, *s, *next, *subs = NULL;
    struct notify_box *tb, *mb;
    struct item *items;
    HANDLE thread;
    ULONG i, size;

    lock();
    if (freemapi_is_initialized())   /* MAPIInitialize came again meanwhile */
    {
        unlock();
        return;
    }
    keys = key_tab;
    conns = conn_tab;
    size = tab_size;
    for (i = 0; i < size; i++)
        for (s = keys[i]; s; s = next)
        {
            next = s->next_key;
            s->dead = TRUE;
            s->next_key = subs;
            subs = s;
        }
    key_tab = conn_tab = NULL;
    tab_size = n_subs = 0;
    items = purge_locked(NULL);
    if ((tb = thread_box))
    {
        tb->gone = TRUE;
        WakeConditionVariable(&tb->cv);
    }
    thread_box = NULL;
    thread = thread_handle;
    thread_handle = NULL;
    mb = main_box;
    main_box = NULL;
    stopped = FALSE;
    active = FALSE;
    unlock();

    HeapFree(GetProcessHeap(), 0, keys);
    HeapFree(GetProcessHeap(), 0, conns);
    discard_list(items);
    for (s = subs; s; s = next)
    {
        next = s->next_key;
        sub_release(s);
    }
    if (tb) notify_box_release(tb);
    if (mb) notify_box_release(mb);
    if (thread)
    {
        /* Not from the thread itself (a sink calling MAPIUninitialize): it
         * leaves on its own once OnNotify returns. A sink that hangs does not
         * hang us for ever; the thread keeps its own hold on the DLL. */
        if (GetThreadId(thread) != GetCurrentThreadId() && WaitForSingleObject(thread, 10000) == WAIT_TIMEOUT)
            TRACE("delivery thread still busy in a sink; not waiting longer");
        CloseHandle(thread);
    }
    TRACE("()");
}

HRESULT notify_init(ULONG init_flags)
{
    struct notify_box *box = NULL, *old;

    if (!(init_flags & MAPI_MULTITHREAD_NOTIFICATIONS) && !(box = notify_box_current()))
    {
        TRACE("(%#lx) -> MAPI_E_INVALID_OBJECT (no notification window)", init_flags);
        return MAPI_E_INVALID_OBJECT;
    }
    lock();
    old = main_box;
    main_box = box;
    active = TRUE;
    unlock();
    if (old) notify_box_release(old);
    return S_OK;
}

BOOL notify_active(void)
{
    return READ_LONG(&active) != 0;
}

BOOL notify_attach(void)
{
    /* Without a slot there are no per-thread boxes; MAPI still loads. */
    fls_index = FlsAlloc(box_thread_exit);
    return TRUE;
}

/* FreeLibrary while windows of ours remain (threads that used
 * HrThisThreadAdviseSink and live on): ours are destroyed, the others'
 * window procedures handed to DefWindowProc, so no message can reach the
 * unloaded code. Everything else is left to the process. The delivery thread
 * cannot be running: it holds the DLL. */
void notify_detach(void)
{
    struct notify_box *box;

    InterlockedExchange(&detached, 1);
    InterlockedExchange(&stopped, 1);
    lock();
    for (box = all_boxes; box; box = box->next)
    {
        if (!box->hwnd || box->gone) continue;
        box->gone = TRUE;
        SetWindowLongPtrW(box->hwnd, GWLP_USERDATA, 0);
        if (box->tid == GetCurrentThreadId()) DestroyWindow(box->hwnd);
        else SetWindowLongPtrW(box->hwnd, GWLP_WNDPROC, (LONG_PTR)DefWindowProcW);
    }
    unlock();
    if (fls_index != FLS_OUT_OF_INDEXES) FlsFree(fls_index);
    fls_index = FLS_OUT_OF_INDEXES;
    if (class_registered) UnregisterClassW(class_name, freemapi_instance);
}
