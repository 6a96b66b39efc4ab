/*
 * The notification engine of mapi32.dll (notify.c), shared by the session,
 * the IMAPISupport objects (Subscribe / Unsubscribe / Notify) and tables, and
 * the per-thread mailboxes behind HrThisThreadAdviseSink and
 * HrDispatchNotifications (advisesink.c).
 *
 * Where asynchronous notifications go (mapiinitialize.md, mapi-spec.md 3.2):
 * without MAPI_MULTITHREAD_NOTIFICATIONS they are delivered on the thread that
 * made the first MAPIInitialize call, when it pumps messages or calls
 * HrDispatchNotifications; with it (or when that thread is gone, or MAPI is
 * not initialized) on a delivery thread of the engine. Either way in order per
 * subscription, never before notify_fire has returned, and never while the
 * engine's lock is held: a sink may unsubscribe (itself too) or fire more
 * notifications from inside OnNotify.
 */
#ifndef FREEMAPI_NOTIFY_H
#define FREEMAPI_NOTIFY_H

#include <windows.h>
#include <mapix.h>
#include <mapispi.h>

/* Keys longer than this are refused as garbage (entry IDs and paths are far smaller). */
#define NOTIFY_MAX_KEY 0x10000

/* Registers sink for the events in event_mask on key (imapisupport-subscribe.md).
 * flags: 0 or NOTIFY_SYNC (notify_fire calls this sink before returning).
 * AddRefs the sink; *connection is never 0 and unique in the process.
 * NULL key/sink/connection, zero mask -> MAPI_E_INVALID_PARAMETER; other flags
 * -> MAPI_E_UNKNOWN_FLAGS. */
HRESULT notify_subscribe(const NOTIFKEY *key, ULONG event_mask, ULONG flags, IMAPIAdviseSink *sink,
                         ULONG_PTR *connection);

/* Cancels a registration (imapisupport-unsubscribe.md): its queued deliveries
 * are dropped and the sink is released now, or when the OnNotify call running
 * on it (on any thread) returns. Unknown connection -> MAPI_E_NOT_FOUND. */
HRESULT notify_unsubscribe(ULONG_PTR connection);

/* Sends notifs to every subscription whose key matches byte for byte; each
 * gets the notifications whose ulEventType is in its mask
 * (imapisupport-notify.md). *flags in: 0, MAPI_UNICODE (ignored: each
 * structure carries its own), NOTIFY_SYNC (deliver every match now, on this
 * thread). Subscriptions made with NOTIFY_SYNC are always delivered now; the
 * rest get a deep copy (one MAPIAllocateBuffer block) queued for later.
 * *flags out: NOTIFY_CANCELED when a synchronous sink returned
 * CALLBACK_DISCONTINUE (nothing more is sent), else 0. flags may be NULL.
 * No matching subscription: S_OK, nothing is looked at. Malformed
 * notifications -> MAPI_E_INVALID_PARAMETER. */
HRESULT notify_fire(const NOTIFKEY *key, ULONG count, NOTIFICATION *notifs, ULONG *flags);

/* TRUE between the first MAPIInitialize (notify_init) and the last
 * MAPIUninitialize: asynchronous deliveries have their place. Tables, which
 * work without MAPIInitialize, deliver synchronously otherwise. */
BOOL notify_active(void);

/* Fast shutdown: from now on no sink is called for engine notifications and
 * notify_fire returns at once; what was queued is dropped. */
void notify_stop(void);

/* Final MAPIUninitialize: drops every subscription (releasing the sinks) and
 * everything queued, stops and joins the delivery thread. Does nothing if
 * MAPI was initialized again meanwhile. Safe to call twice. */
void notify_shutdown(void);

/* --- Lifetime hooks (main.c, init.c) ------------------------------------ */

BOOL notify_attach(void);             /* DLL_PROCESS_ATTACH */
void notify_detach(void);             /* DLL_PROCESS_DETACH by FreeLibrary: stop, leak, no joins */
HRESULT notify_init(ULONG init_flags);   /* first MAPIInitialize, with its MAPIINIT_0 flags */

/* --- Per-thread mailboxes (advisesink.c) --------------------------------- */

struct notify_box;

/* The calling thread's mailbox, made on first use (a message-only window);
 * the caller owns one reference. NULL when the window cannot be made. */
struct notify_box *notify_box_current(void);
void notify_box_addref(struct notify_box *box);
void notify_box_release(struct notify_box *box);
BOOL notify_box_is_current(const struct notify_box *box);

/* Queues sink->OnNotify(count, deep copy of notifs) for the box's thread.
 * S_OK, MAPI_E_INVALID_PARAMETER (malformed notifications),
 * MAPI_E_NOT_ENOUGH_MEMORY, or MAPI_E_CALL_FAILED when that thread is gone. */
HRESULT notify_box_post(struct notify_box *box, IMAPIAdviseSink *sink, ULONG count,
                        const NOTIFICATION *notifs);

/* Delivers what is queued for the calling thread's mailbox right now. */
void notify_dispatch_current(void);

/* Deep copy of count notifications in one MAPIAllocateBuffer block (*out is
 * NULL for count 0). Zeroed table-notification index values are accepted. */
HRESULT notify_copy(ULONG count, const NOTIFICATION *notifs, NOTIFICATION **out);

#endif
