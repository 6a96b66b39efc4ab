/*
 * The "exercise" mode of the test provider (PR_TP_EXERCISE, README.md):
 * right after a successful logon (and in the service entry on
 * MSG_SERVICE_CONFIGURE) each kind calls the IMAPISupport methods MAPI gives
 * it, with meaningful arguments, and logs one "SupportCall" line per call:
 * the method, the HRESULT and what came back.  Methods the kind must not
 * have (mapi-spec.md 5.1 and 5.3) are called too and logged as
 * "SupportCall NoSupport <method>".  Written against include/ only: the
 * IPropData objects come from mapi32's CreateIProp found with
 * GetProcAddress, the rest through the support object.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "testprov.h"

#include <mapix.h>

#define MAX_KEPT 16

/* The asynchronous subscriptions a logon keeps until its logoff. */
struct tp_exercise
{
    ULONG n;
    ULONG_PTR conns[MAX_KEPT];
};

static LONG key_serial;

/* ------------------------------------------------------------------------ */
/* The log                                                                   */

void tp_ex_log(const tp_ex_target *t, const char *at, const char *fmt, ...)
{
    char details[1400];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(details, sizeof(details), fmt, ap);
    va_end(ap);
    details[sizeof(details) - 1] = 0;
    if (t->prov)
        tp_plog(t->prov, "SupportCall", "%s at=%s", details, at);
    else
        tp_log(t->cfg, t->kind, "SupportCall", "%s at=%s", details, at);
}

/* The log path and instance name, for objects that outlive the call. */
static tp_config *log_config(const tp_ex_target *t)
{
    tp_config *cfg = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*cfg));

    if (!cfg)
        return NULL;
    if (t->prov)
    {
        EnterCriticalSection(&t->prov->cs);
        memcpy(cfg->log, t->prov->cfg.log, sizeof(cfg->log));
        memcpy(cfg->name, t->prov->cfg.name, sizeof(cfg->name));
        LeaveCriticalSection(&t->prov->cs);
    }
    else if (t->cfg)
    {
        memcpy(cfg->log, t->cfg->log, sizeof(cfg->log));
        memcpy(cfg->name, t->cfg->name, sizeof(cfg->name));
    }
    return cfg;
}

/* ------------------------------------------------------------------------ */
/* An advise sink that counts what it hears                                  */

/* ulEvent of the fnevExtended notifications, one per Notify of the run. */
enum { EV_SYNC = 1, EV_STOP = 2, EV_ASYNC = 3, EV_FORCED = 4, EV_AFTER = 5, EV_MAX = 6 };

typedef struct ex_sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG ref;
    LONG heard[EV_MAX];       /* our notifications, by event */
    LONG other;               /* anything else */
    ULONG answer;             /* what OnNotify returns */
    BOOL log_each;            /* a SupportNotified line per notification */
    char kind[4];
    char label[8];
    tp_config *logcfg;
} ex_sink;

static inline ex_sink *impl_from_IMAPIAdviseSink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, ex_sink, IMAPIAdviseSink_iface);
}

static HRESULT STDMETHODCALLTYPE sink_QueryInterface(IMAPIAdviseSink *iface, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_INVALIDARG;
    *ppv = NULL;
    if (riid && (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPIAdviseSink)))
    {
        *ppv = iface;
        IMAPIAdviseSink_AddRef(iface);
        return S_OK;
    }
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE sink_AddRef(IMAPIAdviseSink *iface)
{
    return InterlockedIncrement(&impl_from_IMAPIAdviseSink(iface)->ref);
}

static ULONG STDMETHODCALLTYPE sink_Release(IMAPIAdviseSink *iface)
{
    ex_sink *sink = impl_from_IMAPIAdviseSink(iface);
    ULONG ref = InterlockedDecrement(&sink->ref);

    if (!ref)
    {
        HeapFree(GetProcessHeap(), 0, sink->logcfg);
        HeapFree(GetProcessHeap(), 0, sink);
    }
    return ref;
}

static ULONG STDMETHODCALLTYPE sink_OnNotify(IMAPIAdviseSink *iface, ULONG cNotif, LPNOTIFICATION lpNotifications)
{
    ex_sink *sink = impl_from_IMAPIAdviseSink(iface);
    ULONG i;

    for (i = 0; i < cNotif && lpNotifications; i++)
    {
        const NOTIFICATION *n = &lpNotifications[i];
        BOOL ours = n->ulEventType == fnevExtended && n->info.ext.ulEvent < EV_MAX && n->info.ext.cb == 4 &&
                    n->info.ext.pbEventParameters && !memcmp(n->info.ext.pbEventParameters, "TPEX", 4);

        if (ours)
            InterlockedIncrement(&sink->heard[n->info.ext.ulEvent]);
        else
            InterlockedIncrement(&sink->other);
        if (sink->log_each && sink->logcfg)
            tp_log(sink->logcfg, sink->kind, "SupportNotified", "sink=%s event=%lu ours=%d count=%lu",
                   sink->label, ours ? (unsigned long)n->info.ext.ulEvent : 0ul, ours, (unsigned long)cNotif);
    }
    return sink->answer;
}

static const IMAPIAdviseSinkVtbl sink_vtbl =
{
    sink_QueryInterface,
    sink_AddRef,
    sink_Release,
    sink_OnNotify,
};

static ex_sink *sink_new(const tp_ex_target *t, const char *label, ULONG answer, BOOL log_each)
{
    ex_sink *sink = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*sink));

    if (!sink)
        return NULL;
    sink->IMAPIAdviseSink_iface.lpVtbl = (IMAPIAdviseSinkVtbl *)&sink_vtbl;
    sink->ref = 1;
    sink->answer = answer;
    sink->log_each = log_each;
    lstrcpynA(sink->kind, t->kind, sizeof(sink->kind));
    lstrcpynA(sink->label, label, sizeof(sink->label));
    sink->logcfg = log_config(t);
    return sink;
}

/* ------------------------------------------------------------------------ */
/* Notifications: Subscribe, Notify, Unsubscribe                             */

typedef union ex_key
{
    NOTIFKEY key;
    BYTE bytes[CbNewNOTIFKEY(32)];
} ex_key;

/* "TPEX", the kind, the instance UID, a serial and a number: no two runs,
 * instances or kinds share a key. */
static NOTIFKEY *make_key(ex_key *k, const tp_ex_target *t, LONG serial, BYTE which)
{
    BYTE *p = k->key.ab;

    memcpy(p, "TPEX", 4);
    memset(p + 4, 0, 2);
    memcpy(p + 4, t->kind, strlen(t->kind) > 2 ? 2 : strlen(t->kind));
    memcpy(p + 6, &t->uid, sizeof(MAPIUID));
    memcpy(p + 22, &serial, sizeof(serial));
    p[26] = which;
    k->key.cb = 27;
    return &k->key;
}

static void ext_notification(NOTIFICATION *n, ULONG event)
{
    memset(n, 0, sizeof(*n));
    n->ulEventType = fnevExtended;
    n->info.ext.ulEvent = event;
    n->info.ext.cb = 4;
    n->info.ext.pbEventParameters = (BYTE *)"TPEX";
}

static void keep_connection(tp_exercise **state, ULONG_PTR conn)
{
    if (!*state && !(*state = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(**state))))
        return;
    if ((*state)->n < MAX_KEPT)
        (*state)->conns[(*state)->n++] = conn;
}

static void exercise_notify(const tp_ex_target *t, const char *at, tp_exercise **state)
{
    LPMAPISUP sup = t->sup;
    LONG serial = InterlockedIncrement(&key_serial);
    ex_sink *a = sink_new(t, "sync", 0, FALSE);
    ex_sink *b = sink_new(t, "stop", CALLBACK_DISCONTINUE, FALSE);
    ex_sink *c = sink_new(t, "async", 0, TRUE);
    ULONG_PTR conn_a = 0, conn_b = 0, conn_c = 0, conn_x = 0;
    NOTIFICATION n[2];
    ex_key k1, k2;
    NOTIFKEY *key1 = make_key(&k1, t, serial, 1), *key2 = make_key(&k2, t, serial, 2);
    LONG before, before_b;
    ULONG flags;
    HRESULT hr;

    if (!a || !b || !c)
    {
        tp_ex_log(t, at, "Subscribe hr=0x%08lx mode=nomemory", (unsigned long)MAPI_E_NOT_ENOUGH_MEMORY);
        goto done;
    }

    /* Synchronous: the sink hears only the event types of its mask. */
    hr = IMAPISupport_Subscribe(sup, key1, fnevExtended, NOTIFY_SYNC, &a->IMAPIAdviseSink_iface, &conn_a);
    tp_ex_log(t, at, "Subscribe hr=0x%08lx mode=sync conn=%s", (unsigned long)hr, conn_a ? "nonzero" : "zero");
    ext_notification(&n[0], EV_SYNC);
    memset(&n[1], 0, sizeof(n[1]));
    n[1].ulEventType = fnevObjectModified;
    flags = 0;
    hr = IMAPISupport_Notify(sup, key1, 2, n, &flags);
    tp_ex_log(t, at, "Notify hr=0x%08lx mode=sync sent=2 delivered=%ld other=%ld flags=0x%08lx", (unsigned long)hr,
           a->heard[EV_SYNC], a->other, (unsigned long)flags);

    /* A second synchronous sink that says CALLBACK_DISCONTINUE. */
    hr = IMAPISupport_Subscribe(sup, key1, fnevExtended, NOTIFY_SYNC, &b->IMAPIAdviseSink_iface, &conn_b);
    tp_ex_log(t, at, "Subscribe hr=0x%08lx mode=stop conn=%s distinct=%d", (unsigned long)hr,
           conn_b ? "nonzero" : "zero", conn_b != conn_a);
    ext_notification(&n[0], EV_STOP);
    flags = 0;
    hr = IMAPISupport_Notify(sup, key1, 1, n, &flags);
    tp_ex_log(t, at, "Notify hr=0x%08lx mode=stop delivered=%ld canceled=%d", (unsigned long)hr,
           a->heard[EV_STOP] + b->heard[EV_STOP], (flags & NOTIFY_CANCELED) != 0);
    hr = IMAPISupport_Unsubscribe(sup, conn_b);
    tp_ex_log(t, at, "Unsubscribe hr=0x%08lx mode=stop", (unsigned long)hr);
    hr = IMAPISupport_Unsubscribe(sup, conn_b);
    tp_ex_log(t, at, "Unsubscribe hr=0x%08lx mode=again", (unsigned long)hr);

    /* Asynchronous: delivered later, where MAPI delivers (the sink logs it). */
    hr = IMAPISupport_Subscribe(sup, key2, fnevExtended, 0, &c->IMAPIAdviseSink_iface, &conn_c);
    tp_ex_log(t, at, "Subscribe hr=0x%08lx mode=async conn=%s", (unsigned long)hr, conn_c ? "nonzero" : "zero");
    ext_notification(&n[0], EV_ASYNC);
    flags = 0;
    hr = IMAPISupport_Notify(sup, key2, 1, n, &flags);
    tp_ex_log(t, at, "Notify hr=0x%08lx mode=async flags=0x%08lx", (unsigned long)hr, (unsigned long)flags);
    /* NOTIFY_SYNC on Notify delivers to it now, on this thread. */
    ext_notification(&n[0], EV_FORCED);
    before = c->heard[EV_FORCED];
    flags = NOTIFY_SYNC;
    hr = IMAPISupport_Notify(sup, key2, 1, n, &flags);
    tp_ex_log(t, at, "Notify hr=0x%08lx mode=forcesync delivered=%ld", (unsigned long)hr, c->heard[EV_FORCED] - before);

    /* After Unsubscribe nothing arrives. */
    hr = IMAPISupport_Unsubscribe(sup, conn_a);
    tp_ex_log(t, at, "Unsubscribe hr=0x%08lx mode=sync", (unsigned long)hr);
    ext_notification(&n[0], EV_AFTER);
    before = a->heard[EV_AFTER];
    before_b = b->heard[EV_AFTER];
    flags = 0;
    hr = IMAPISupport_Notify(sup, key1, 1, n, &flags);
    tp_ex_log(t, at, "Notify hr=0x%08lx mode=after delivered=%ld", (unsigned long)hr,
           a->heard[EV_AFTER] - before + b->heard[EV_AFTER] - before_b);

    /* Bad arguments. */
    hr = IMAPISupport_Subscribe(sup, key1, fnevExtended, 0x1, &a->IMAPIAdviseSink_iface, &conn_x);
    if (SUCCEEDED(hr))
        IMAPISupport_Unsubscribe(sup, conn_x);
    tp_ex_log(t, at, "Subscribe hr=0x%08lx mode=badflags", (unsigned long)hr);
    hr = IMAPISupport_Subscribe(sup, key1, 0, 0, &a->IMAPIAdviseSink_iface, &conn_x);
    if (SUCCEEDED(hr))
        IMAPISupport_Unsubscribe(sup, conn_x);
    tp_ex_log(t, at, "Subscribe hr=0x%08lx mode=nomask", (unsigned long)hr);
    hr = IMAPISupport_Subscribe(sup, key1, fnevExtended, 0, NULL, &conn_x);
    tp_ex_log(t, at, "Subscribe hr=0x%08lx mode=nosink", (unsigned long)hr);

    /* The asynchronous subscription stays until logoff, so that what was
     * queued can still be delivered. */
    if (conn_c && state)
        keep_connection(state, conn_c);
    else if (conn_c)
    {
        hr = IMAPISupport_Unsubscribe(sup, conn_c);
        tp_ex_log(t, at, "Unsubscribe hr=0x%08lx mode=async", (unsigned long)hr);
    }

done:
    if (a)
        IMAPIAdviseSink_Release(&a->IMAPIAdviseSink_iface);
    if (b)
        IMAPIAdviseSink_Release(&b->IMAPIAdviseSink_iface);
    if (c)
        IMAPIAdviseSink_Release(&c->IMAPIAdviseSink_iface);
}

void tp_exercise_end(tp_provider *prov, LPMAPISUP sup, tp_exercise **state)
{
    tp_exercise *ex = *state;
    HRESULT hr;
    ULONG i;

    *state = NULL;
    if (!ex)
        return;
    for (i = 0; i < ex->n; i++)
    {
        hr = sup ? IMAPISupport_Unsubscribe(sup, ex->conns[i]) : S_FALSE;
        tp_plog(prov, "SupportCall", "Unsubscribe hr=0x%08lx mode=kept at=logoff", (unsigned long)hr);
    }
    HeapFree(GetProcessHeap(), 0, ex);
}

/* ------------------------------------------------------------------------ */
/* Memory, MAPIUIDs, errors                                                  */

static void exercise_memory(const tp_ex_target *t, const char *at)
{
    LPALLOCATEBUFFER alloc = NULL;
    LPALLOCATEMORE more = NULL;
    LPFREEBUFFER freebuf = NULL;
    void *root = NULL, *child = NULL;
    MAPIUID u1, u2;
    LPMAPIERROR err = NULL;
    BOOL ok = FALSE;
    HRESULT hr, hr2;

    hr = IMAPISupport_GetMemAllocRoutines(t->sup, &alloc, &more, &freebuf);
    if (SUCCEEDED(hr) && alloc && more && freebuf && SUCCEEDED(alloc(32, &root)) && root)
    {
        memset(root, 0x11, 32);
        ok = SUCCEEDED(more(64, root, &child)) && child;
        if (ok)
            memset(child, 0x22, 64);
        freebuf(root);
    }
    tp_ex_log(t, at, "GetMemAllocRoutines hr=0x%08lx routines=%s roundtrip=%d", (unsigned long)hr,
           alloc && more && freebuf ? "ok" : "null", ok);
    hr = IMAPISupport_GetMemAllocRoutines(t->sup, NULL, &more, &freebuf);
    tp_ex_log(t, at, "GetMemAllocRoutines hr=0x%08lx mode=null", (unsigned long)hr);

    memset(&u1, 0, sizeof(u1));
    memset(&u2, 0, sizeof(u2));
    hr = IMAPISupport_NewUID(t->sup, &u1);
    hr2 = IMAPISupport_NewUID(t->sup, &u2);
    {
        static const MAPIUID zero;
        tp_ex_log(t, at, "NewUID hr=0x%08lx second=0x%08lx nonzero=%d distinct=%d", (unsigned long)hr,
               (unsigned long)hr2, memcmp(&u1, &zero, sizeof(zero)) != 0, memcmp(&u1, &u2, sizeof(u1)) != 0);
    }
    hr = IMAPISupport_NewUID(t->sup, NULL);
    tp_ex_log(t, at, "NewUID hr=0x%08lx mode=null", (unsigned long)hr);

    hr = IMAPISupport_GetLastError(t->sup, MAPI_E_NO_SUPPORT, 0, &err);
    tp_ex_log(t, at, "GetLastError hr=0x%08lx", (unsigned long)hr);
    if (err && t->a->free)
        t->a->free(err);
}

/* ------------------------------------------------------------------------ */
/* MakeInvalid on an object of the provider's own                            */

typedef struct victim victim;

typedef struct victim_vtbl
{
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(victim *This, REFIID riid, void **ppv);
    ULONG (STDMETHODCALLTYPE *AddRef)(victim *This);
    ULONG (STDMETHODCALLTYPE *Release)(victim *This);
    HRESULT (STDMETHODCALLTYPE *Ping)(victim *This);   /* only This: safe with any stub on x86 */
} victim_vtbl;

/* At least 16 bytes; the reference count right after the vtable pointer. */
struct victim
{
    const victim_vtbl *lpVtbl;
    LONG ref;
    DWORD magic[5];
};

static HRESULT STDMETHODCALLTYPE victim_QueryInterface(victim *This, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_INVALIDARG;
    *ppv = NULL;
    if (riid && IsEqualGUID(riid, &IID_IUnknown))
    {
        *ppv = This;
        InterlockedIncrement(&This->ref);
        return S_OK;
    }
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE victim_AddRef(victim *This)
{
    return InterlockedIncrement(&This->ref);
}

/* Never reaches 0 here: the object is made invalid first, and then MAPI's
 * Release frees it. */
static ULONG STDMETHODCALLTYPE victim_Release(victim *This)
{
    return InterlockedDecrement(&This->ref);
}

static HRESULT STDMETHODCALLTYPE victim_Ping(victim *This)
{
    return This->magic[0] == 0x54504558 ? S_OK : E_UNEXPECTED;
}

static const victim_vtbl victim_methods =
{
    victim_QueryInterface,
    victim_AddRef,
    victim_Release,
    victim_Ping,
};

static victim *victim_new(const tp_alloc *a)
{
    victim *v = NULL;

    if (FAILED(a->alloc(sizeof(*v), (void **)&v)) || !v)
        return NULL;
    memset(v, 0, sizeof(*v));
    v->lpVtbl = &victim_methods;
    v->ref = 1;
    v->magic[0] = 0x54504558;
    return v;
}

static void exercise_invalid(const tp_ex_target *t, const char *at)
{
    victim *v = victim_new(t->a), *w;
    HRESULT hr, before, after = S_FALSE, qi = S_FALSE;
    ULONG r[4] = { 0, 0, 0, 0 };
    void *out = NULL;

    if (!v)
    {
        tp_ex_log(t, at, "MakeInvalid hr=0x%08lx mode=nomemory", (unsigned long)MAPI_E_NOT_ENOUGH_MEMORY);
        return;
    }
    before = v->lpVtbl->Ping(v);
    v->lpVtbl->AddRef(v);                  /* 2 */
    hr = IMAPISupport_MakeInvalid(t->sup, 0, v, 2, 4);
    if (SUCCEEDED(hr))
    {
        after = v->lpVtbl->Ping(v);
        qi = v->lpVtbl->QueryInterface(v, &IID_IUnknown, &out);
        r[0] = v->lpVtbl->AddRef(v);       /* 3 */
        r[1] = v->lpVtbl->Release(v);      /* 2 */
        r[2] = v->lpVtbl->Release(v);      /* 1 */
        r[3] = v->lpVtbl->Release(v);      /* 0: MAPI frees it */
    }
    else
        t->a->free(v);
    tp_ex_log(t, at, "MakeInvalid hr=0x%08lx before=0x%08lx after=0x%08lx qi=0x%08lx qiout=%s refs=%lu,%lu,%lu,%lu",
           (unsigned long)hr, (unsigned long)before, (unsigned long)after, (unsigned long)qi, out ? "set" : "null",
           (unsigned long)r[0], (unsigned long)r[1], (unsigned long)r[2], (unsigned long)r[3]);

    /* Reserved flags must be zero; the object stays as it was. */
    if ((w = victim_new(t->a)))
    {
        hr = IMAPISupport_MakeInvalid(t->sup, 0x1, w, 1, 4);
        before = w->lpVtbl->Ping(w);
        tp_ex_log(t, at, "MakeInvalid hr=0x%08lx mode=badflags ping=0x%08lx", (unsigned long)hr, (unsigned long)before);
        if (SUCCEEDED(hr))
            w->lpVtbl->Release(w);
        else
            t->a->free(w);
    }
    hr = IMAPISupport_MakeInvalid(t->sup, 0, NULL, 1, 4);
    tp_ex_log(t, at, "MakeInvalid hr=0x%08lx mode=null", (unsigned long)hr);
}

/* ------------------------------------------------------------------------ */
/* One-off entry IDs                                                          */

#define ONEOFF_NAME "Exercise User"
#define ONEOFF_TYPE "SMTP"
#define ONEOFF_ADDR "ex@testprov.invalid"

static void log_one_off(const tp_ex_target *t, const char *at, const char *mode, HRESULT hr, ULONG cb,
                        const ENTRYID *eid)
{
    static const BYTE one_off_uid[16] = MAPI_ONE_OFF_UID;
    const BYTE *p = (const BYTE *)eid;
    unsigned flags = 0;
    BOOL uid_ok = FALSE;

    if (SUCCEEDED(hr) && eid && cb >= 24)
    {
        flags = p[22] | (p[23] << 8);
        uid_ok = !memcmp(p + 4, one_off_uid, 16);
    }
    tp_ex_log(t, at, "CreateOneOff hr=0x%08lx mode=%s cb=%lu flags=0x%04x uid=%s", (unsigned long)hr, mode,
           SUCCEEDED(hr) ? (unsigned long)cb : 0ul, flags, uid_ok ? "ok" : "bad");
}

static void exercise_oneoff(const tp_ex_target *t, const char *at)
{
    ENTRYID *eid = NULL;
    ULONG cb = 0;
    HRESULT hr;

    hr = IMAPISupport_CreateOneOff(t->sup, (LPTSTR)L"" ONEOFF_NAME, (LPTSTR)L"" ONEOFF_TYPE,
                                   (LPTSTR)L"" ONEOFF_ADDR, MAPI_UNICODE, &cb, &eid);
    log_one_off(t, at, "unicode", hr, cb, eid);
    if (SUCCEEDED(hr) && eid)
        t->a->free(eid);
    eid = NULL;
    hr = IMAPISupport_CreateOneOff(t->sup, (LPTSTR)ONEOFF_NAME, (LPTSTR)ONEOFF_TYPE, (LPTSTR)ONEOFF_ADDR,
                                   MAPI_SEND_NO_RICH_INFO, &cb, &eid);
    log_one_off(t, at, "ansi", hr, cb, eid);
    if (SUCCEEDED(hr) && eid)
        t->a->free(eid);
    eid = NULL;
    hr = IMAPISupport_CreateOneOff(t->sup, NULL, (LPTSTR)L"" ONEOFF_TYPE, (LPTSTR)L"" ONEOFF_ADDR, MAPI_UNICODE,
                                   &cb, &eid);
    log_one_off(t, at, "noname", hr, cb, eid);
    if (SUCCEEDED(hr) && eid)
        t->a->free(eid);
    eid = NULL;
    hr = IMAPISupport_CreateOneOff(t->sup, (LPTSTR)ONEOFF_NAME, NULL, (LPTSTR)ONEOFF_ADDR, 0, &cb, &eid);
    tp_ex_log(t, at, "CreateOneOff hr=0x%08lx mode=notype", (unsigned long)hr);
    if (SUCCEEDED(hr) && eid)
        t->a->free(eid);
    eid = NULL;
    hr = IMAPISupport_CreateOneOff(t->sup, (LPTSTR)ONEOFF_NAME, (LPTSTR)ONEOFF_TYPE, (LPTSTR)ONEOFF_ADDR, 0x4,
                                   &cb, &eid);
    tp_ex_log(t, at, "CreateOneOff hr=0x%08lx mode=badflags", (unsigned long)hr);
    if (SUCCEEDED(hr) && eid)
        t->a->free(eid);

    /* The one-off templates: only address books get the table. */
    if (!strcmp(t->kind, "AB"))
    {
        LPMAPITABLE table = NULL;
        ULONG rows = 0;

        hr = IMAPISupport_GetOneOffTable(t->sup, MAPI_UNICODE, &table);
        if (SUCCEEDED(hr) && table && FAILED(IMAPITable_GetRowCount(table, 0, &rows)))
            rows = ~0u;
        tp_ex_log(t, at, "GetOneOffTable hr=0x%08lx table=%s rows=%lu", (unsigned long)hr, table ? "nonnull" : "null",
               (unsigned long)rows);
        if (table)
            IMAPITable_Release(table);
        table = NULL;
        hr = IMAPISupport_GetOneOffTable(t->sup, 0x1, &table);
        tp_ex_log(t, at, "GetOneOffTable hr=0x%08lx mode=badflags", (unsigned long)hr);
        if (table)
            IMAPITable_Release(table);
    }
}

/* ------------------------------------------------------------------------ */
/* DoCopyTo / DoCopyProps between two IPropData of mapi32's CreateIProp      */

/* PR_SUBJECT_W, PR_IMPORTANCE, PR_BODY_W, PR_MESSAGE_FLAGS. */
static LPPROPDATA source_props(const tp_alloc *a)
{
    LPPROPDATA data = tp_new_propdata(a);
    SPropValue v[4];

    if (!data)
        return NULL;
    memset(v, 0, sizeof(v));
    v[0].ulPropTag = PR_SUBJECT_W;
    v[0].Value.lpszW = (LPWSTR)L"Exercise";
    v[1].ulPropTag = PR_IMPORTANCE;
    v[1].Value.l = 2;
    v[2].ulPropTag = PR_BODY_W;
    v[2].Value.lpszW = (LPWSTR)L"Body text";
    v[3].ulPropTag = PR_MESSAGE_FLAGS;
    v[3].Value.l = 1;
    if (FAILED(IPropData_SetProps(data, 4, v, NULL)))
    {
        IPropData_Release(data);
        return NULL;
    }
    return data;
}

static ULONG prop_count(LPPROPDATA data, const tp_alloc *a)
{
    LPSPropTagArray tags = NULL;
    ULONG n = ~0u;

    if (SUCCEEDED(IPropData_GetPropList(data, 0, &tags)) && tags)
    {
        n = tags->cValues;
        a->free(tags);
    }
    return n;
}

static BOOL has_prop(LPPROPDATA data, ULONG tag, const tp_alloc *a)
{
    SizedSPropTagArray(1, one) = { 1, { tag } };
    LPSPropValue v = NULL;
    ULONG n = 0;
    BOOL found = FALSE;

    if (SUCCEEDED(IPropData_GetProps(data, (LPSPropTagArray)&one, 0, &n, &v)) && v)
    {
        found = n == 1 && v[0].ulPropTag == tag;
        a->free(v);
    }
    return found;
}

/* The subject arrived intact. */
static BOOL subject_matches(LPPROPDATA data, const tp_alloc *a)
{
    SizedSPropTagArray(1, one) = { 1, { PR_SUBJECT_W } };
    LPSPropValue v = NULL;
    ULONG n = 0;
    BOOL same = FALSE;

    if (SUCCEEDED(IPropData_GetProps(data, (LPSPropTagArray)&one, MAPI_UNICODE, &n, &v)) && v)
    {
        same = n == 1 && v[0].ulPropTag == PR_SUBJECT_W && !lstrcmpW(v[0].Value.lpszW, L"Exercise");
        a->free(v);
    }
    return same;
}

static void exercise_copy(const tp_ex_target *t, const char *at)
{
    static const SizedSPropTagArray(3, three) = { 3, { PR_SUBJECT_W, PR_IMPORTANCE, PR_BODY_W } };
    static const SizedSPropTagArray(1, body) = { 1, { PR_BODY_W } };
    static const SizedSPropTagArray(1, flags_tag) = { 1, { PR_MESSAGE_FLAGS } };
    const tp_alloc *a = t->a;
    LPPROPDATA src = source_props(a), dst = tp_new_propdata(a), dst2 = tp_new_propdata(a), dst3 = tp_new_propdata(a);
    LPSPropProblemArray probs = NULL;
    HRESULT hr;

    if (!src || !dst || !dst2 || !dst3)
    {
        tp_ex_log(t, at, "DoCopyProps hr=0x%08lx mode=noiprop", (unsigned long)MAPI_E_NO_SUPPORT);
        goto done;
    }
    hr = IMAPISupport_DoCopyProps(t->sup, &IID_IMAPIProp, src, (LPSPropTagArray)&three, 0, NULL, &IID_IMAPIProp,
                                  dst, 0, &probs);
    tp_ex_log(t, at, "DoCopyProps hr=0x%08lx copied=%lu match=%d problems=%lu", (unsigned long)hr,
           (unsigned long)prop_count(dst, a), subject_matches(dst, a), probs ? (unsigned long)probs->cProblem : 0ul);
    if (probs)
        a->free(probs);
    probs = NULL;

    hr = IMAPISupport_DoCopyTo(t->sup, &IID_IMAPIProp, src, 0, NULL, (LPSPropTagArray)&body, 0, NULL,
                               &IID_IMAPIProp, dst2, 0, &probs);
    tp_ex_log(t, at, "DoCopyTo hr=0x%08lx copied=%lu excluded=%d match=%d", (unsigned long)hr,
           (unsigned long)prop_count(dst2, a), !has_prop(dst2, PR_BODY_W, a), subject_matches(dst2, a));
    if (probs)
        a->free(probs);
    probs = NULL;

    /* MAPI_MOVE: the source loses what was moved. */
    hr = IMAPISupport_DoCopyProps(t->sup, &IID_IMAPIProp, src, (LPSPropTagArray)&flags_tag, 0, NULL,
                                  &IID_IMAPIProp, dst3, MAPI_MOVE, NULL);
    tp_ex_log(t, at, "DoCopyProps hr=0x%08lx mode=move moved=%d left=%lu", (unsigned long)hr,
           has_prop(dst3, PR_MESSAGE_FLAGS, a) && !has_prop(src, PR_MESSAGE_FLAGS, a),
           (unsigned long)prop_count(src, a));

    hr = IMAPISupport_DoCopyProps(t->sup, &IID_IMAPIProp, src, NULL, 0, NULL, &IID_IMAPIProp, dst, 0, NULL);
    tp_ex_log(t, at, "DoCopyProps hr=0x%08lx mode=nolist", (unsigned long)hr);
    hr = IMAPISupport_DoCopyTo(t->sup, &IID_IMAPIProp, NULL, 0, NULL, NULL, 0, NULL, &IID_IMAPIProp, dst, 0, NULL);
    tp_ex_log(t, at, "DoCopyTo hr=0x%08lx mode=nosource", (unsigned long)hr);

done:
    if (src)
        IPropData_Release(src);
    if (dst)
        IPropData_Release(dst);
    if (dst2)
        IPropData_Release(dst2);
    if (dst3)
        IPropData_Release(dst3);
}

/* ------------------------------------------------------------------------ */
/* Entry IDs: WrapStoreEntryID, CompareEntryIDs, OpenEntry                   */

static void exercise_entryids(const tp_ex_target *t, const char *at)
{
    static const BYTE fake_store[8] = { 0, 0, 0, 0, 'T', 'P', 'X', 'S' };
    char dll[MAX_PATH] = "", hex[2 * 300 + 1] = "";
    ENTRYID *wrapped = NULL, *one1 = NULL, *one2 = NULL, *one3 = NULL;
    const BYTE *inner = t->cb_eid[0] ? t->eid[0] : fake_store;
    ULONG cb_inner = t->cb_eid[0] ? t->cb_eid[0] : sizeof(fake_store);
    ULONG cbw = 0, cb1 = 0, cb2 = 0, cb3 = 0, result = 2, other = 2, type = 0;
    const BYTE *a1, *a2, *b;
    ULONG cba1, cba2, cbb;
    BYTE other_store[64];
    LPUNKNOWN obj = NULL;
    BOOL inner_ok = FALSE;
    HRESULT hr, hr2;

    /* The store's own entry ID (or, for the other kinds, some store's). */
    hr = IMAPISupport_WrapStoreEntryID(t->sup, cb_inner, (LPENTRYID)inner, &cbw, &wrapped);
    if (SUCCEEDED(hr) && wrapped && cbw > 22)
    {
        const BYTE *p = (const BYTE *)wrapped;
        ULONG len = (ULONG)strnlen((const char *)p + 22, cbw - 22);
        if (len < sizeof(dll) && 22 + len + 1 + cb_inner == cbw)
        {
            memcpy(dll, p + 22, len + 1);
            inner_ok = !memcmp(p + 22 + len + 1, inner, cb_inner);
        }
        if (cbw <= 300)
            tp_hex(p, cbw, hex, sizeof(hex));
    }
    tp_ex_log(t, at, "WrapStoreEntryID hr=0x%08lx cb=%lu dll=%s inner=%s eid=%s", (unsigned long)hr,
           SUCCEEDED(hr) ? (unsigned long)cbw : 0ul, dll[0] ? dll : "-", inner_ok ? "ok" : "bad", hex[0] ? hex : "-");
    hr2 = IMAPISupport_WrapStoreEntryID(t->sup, cb_inner, (LPENTRYID)inner, NULL, NULL);
    tp_ex_log(t, at, "WrapStoreEntryID hr=0x%08lx mode=null", (unsigned long)hr2);

    /* Pairs to compare: the same object twice (a1, a2), another one (b). */
    if (!strcmp(t->kind, "XP"))
    {
        /* Transports have no entries: MAPI's own one-offs, the same
         * recipient under two names, and somebody else. */
        IMAPISupport_CreateOneOff(t->sup, (LPTSTR)L"" ONEOFF_NAME, (LPTSTR)L"" ONEOFF_TYPE, (LPTSTR)L"" ONEOFF_ADDR,
                                  MAPI_UNICODE, &cb1, &one1);
        IMAPISupport_CreateOneOff(t->sup, (LPTSTR)"Another Name", (LPTSTR)ONEOFF_TYPE, (LPTSTR)"EX@testprov.invalid",
                                  0, &cb2, &one2);
        IMAPISupport_CreateOneOff(t->sup, (LPTSTR)L"" ONEOFF_NAME, (LPTSTR)L"" ONEOFF_TYPE,
                                  (LPTSTR)L"other@testprov.invalid", MAPI_UNICODE, &cb3, &one3);
        a1 = (BYTE *)one1, cba1 = one1 ? cb1 : 0;
        a2 = (BYTE *)one2, cba2 = one2 ? cb2 : 0;
        b = (BYTE *)one3, cbb = one3 ? cb3 : 0;
    }
    else if (!strcmp(t->kind, "MS"))
    {
        /* The store's ID and its wrapped form; a store of another instance. */
        a1 = t->eid[0], cba1 = t->cb_eid[0];
        a2 = (BYTE *)wrapped, cba2 = wrapped ? cbw : 0;
        cbb = t->cb_eid[0] <= sizeof(other_store) ? t->cb_eid[0] : 0;
        memcpy(other_store, t->eid[0], cbb);
        if (cbb > 4)
            other_store[4] ^= 0xff;
        b = other_store;
    }
    else
    {
        a1 = t->eid[1], cba1 = t->cb_eid[1];
        a2 = t->eid[1], cba2 = t->cb_eid[1];
        b = t->eid[2], cbb = t->cb_eid[2];
    }
    hr = cba1 && cba2 ? IMAPISupport_CompareEntryIDs(t->sup, cba1, (LPENTRYID)a1, cba2, (LPENTRYID)a2, 0, &result)
                      : MAPI_E_NOT_ENOUGH_MEMORY;
    hr2 = cba1 && cbb ? IMAPISupport_CompareEntryIDs(t->sup, cba1, (LPENTRYID)a1, cbb, (LPENTRYID)b, 0, &other)
                      : MAPI_E_NOT_ENOUGH_MEMORY;
    tp_ex_log(t, at, "CompareEntryIDs hr=0x%08lx result=%lu other=0x%08lx otherresult=%lu", (unsigned long)hr,
           SUCCEEDED(hr) ? (unsigned long)result : 2ul, (unsigned long)hr2,
           SUCCEEDED(hr2) ? (unsigned long)other : 2ul);
    hr = IMAPISupport_CompareEntryIDs(t->sup, cba1, (LPENTRYID)a1, cba2, (LPENTRYID)a2, 0, NULL);
    tp_ex_log(t, at, "CompareEntryIDs hr=0x%08lx mode=null", (unsigned long)hr);

    /* Its own object (the store, the directory container; a one-off). */
    hr = cba1 ? IMAPISupport_OpenEntry(t->sup, !strcmp(t->kind, "XP") ? cba1 : t->cb_eid[0],
                                       (LPENTRYID)(!strcmp(t->kind, "XP") ? a1 : t->eid[0]), NULL, 0, &type, &obj)
              : MAPI_E_NOT_ENOUGH_MEMORY;
    tp_ex_log(t, at, "OpenEntry hr=0x%08lx type=%lu obj=%s", (unsigned long)hr, SUCCEEDED(hr) ? (unsigned long)type : 0ul,
           obj ? "nonnull" : "null");
    if (obj)
        IUnknown_Release(obj);
    obj = NULL;
    {
        BYTE nobody[24];
        memset(nobody, 0, sizeof(nobody));
        memcpy(nobody + 4, "TPnobody-nowhere", 16);
        hr = IMAPISupport_OpenEntry(t->sup, sizeof(nobody), (LPENTRYID)nobody, NULL, 0, &type, &obj);
        tp_ex_log(t, at, "OpenEntry hr=0x%08lx mode=unknown", (unsigned long)hr);
        if (obj)
            IUnknown_Release(obj);
    }

    if (wrapped)
        t->a->free(wrapped);
    if (one1)
        t->a->free(one1);
    if (one2)
        t->a->free(one2);
    if (one3)
        t->a->free(one3);
}

/* ------------------------------------------------------------------------ */
/* Status row, spooler                                                        */

static void exercise_status(const tp_ex_target *t, const char *at)
{
    SPropValue row[3];
    HRESULT hr;

    memset(row, 0, sizeof(row));
    if (!strcmp(t->kind, "XP"))
    {
        /* The transport has its row from TransportLogon: merge into it. */
        row[0].ulPropTag = PR_STATUS_STRING_W;
        row[0].Value.lpszW = (LPWSTR)L"Exercised";
        hr = IMAPISupport_ModifyStatusRow(t->sup, 1, row, STATUSROW_UPDATE);
        tp_ex_log(t, at, "ModifyStatusRow hr=0x%08lx mode=update", (unsigned long)hr);
    }
    else
    {
        row[0].ulPropTag = PR_STATUS_CODE;
        row[0].Value.l = STATUS_AVAILABLE;
        row[1].ulPropTag = PR_STATUS_STRING_W;
        row[1].Value.lpszW = (LPWSTR)L"Exercised";
        row[2].ulPropTag = PR_RESOURCE_METHODS;
        row[2].Value.l = 0;
        hr = IMAPISupport_ModifyStatusRow(t->sup, 3, row, 0);
        tp_ex_log(t, at, "ModifyStatusRow hr=0x%08lx mode=replace", (unsigned long)hr);
    }
    hr = IMAPISupport_ModifyStatusRow(t->sup, 1, row, 0x1);
    tp_ex_log(t, at, "ModifyStatusRow hr=0x%08lx mode=badflags", (unsigned long)hr);

    if (!strcmp(t->kind, "XP"))
    {
        hr = IMAPISupport_SpoolerYield(t->sup, 0);
        tp_ex_log(t, at, "SpoolerYield hr=0x%08lx", (unsigned long)hr);
    }
    if (!strcmp(t->kind, "XP") || !strcmp(t->kind, "MS"))
    {
        hr = IMAPISupport_SpoolerNotify(t->sup, NOTIFY_CONFIG_CHANGE, NULL);
        tp_ex_log(t, at, "SpoolerNotify hr=0x%08lx", (unsigned long)hr);
        hr = IMAPISupport_SpoolerNotify(t->sup, 0x00000100, NULL);
        tp_ex_log(t, at, "SpoolerNotify hr=0x%08lx mode=badflags", (unsigned long)hr);
    }
}

/* ------------------------------------------------------------------------ */
/* Storage, the service's support object, the address book                   */

static void exercise_storage(const tp_ex_target *t, const char *at)
{
    IStream *stream = NULL, *part = NULL;
    IStorage *stg = NULL;
    ULONG written = 0, got = 0;
    char buf[16];
    HRESULT hr, hr2 = S_FALSE;

    if (FAILED(CreateStreamOnHGlobal(NULL, TRUE, &stream)))
        return;
    hr = IMAPISupport_IStorageFromStream(t->sup, (LPUNKNOWN)stream, NULL, STGSTRM_CREATE, &stg);
    if (SUCCEEDED(hr) && stg)
    {
        if (SUCCEEDED(IStorage_CreateStream(stg, L"part", STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0,
                                            0, &part)))
        {
            IStream_Write(part, "hello", 5, &written);
            IStream_Release(part);
            part = NULL;
        }
        IStorage_Commit(stg, STGC_DEFAULT);
        IStorage_Release(stg);
        stg = NULL;
        /* The same stream opened again as a storage. */
        hr2 = IMAPISupport_IStorageFromStream(t->sup, (LPUNKNOWN)stream, &IID_IStream, 0, &stg);
        if (SUCCEEDED(hr2) && stg)
        {
            if (SUCCEEDED(IStorage_OpenStream(stg, L"part", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0, &part)))
            {
                memset(buf, 0, sizeof(buf));
                IStream_Read(part, buf, sizeof(buf), &got);
                if (memcmp(buf, "hello", 5))
                    got = 0;
                IStream_Release(part);
            }
            IStorage_Release(stg);
        }
    }
    tp_ex_log(t, at, "IStorageFromStream hr=0x%08lx reopen=0x%08lx written=%lu read=%lu", (unsigned long)hr,
           (unsigned long)hr2, (unsigned long)written, (unsigned long)got);
    IStream_Release(stream);
}

/* PR_SERVICE_NAME of the section a service support object calls its own. */
static void service_name(LPMAPISUP svc, const tp_alloc *a, char *out, size_t len)
{
    SizedSPropTagArray(1, tag) = { 1, { PR_SERVICE_NAME_A } };
    LPPROFSECT sect = NULL;
    LPSPropValue v = NULL;
    ULONG n = 0;

    lstrcpynA(out, "-", (int)len);
    if (FAILED(IMAPISupport_OpenProfileSection(svc, NULL, 0, &sect)) || !sect)
        return;
    if (SUCCEEDED(IProfSect_GetProps(sect, (LPSPropTagArray)&tag, 0, &n, &v)) && v)
    {
        if (n == 1 && v[0].ulPropTag == PR_SERVICE_NAME_A && v[0].Value.lpszA)
            lstrcpynA(out, v[0].Value.lpszA, (int)len);
        a->free(v);
    }
    IProfSect_Release(sect);
}

static void exercise_misc(const tp_ex_target *t, const char *at)
{
    LPMAPISUP svc = NULL;
    char name[64] = "-";
    HRESULT hr, sub = S_FALSE;

    if (strcmp(t->kind, "SVC"))
        exercise_storage(t, at);

    /* The support object a service entry would get, for this one's service. */
    hr = IMAPISupport_GetSvcConfigSupportObj(t->sup, 0, &svc);
    if (SUCCEEDED(hr) && svc)
    {
        ex_key k;
        ex_sink *sink = sink_new(t, "svc", 0, FALSE);
        ULONG_PTR conn = 0;

        service_name(svc, t->a, name, sizeof(name));
        if (sink)
        {
            sub = IMAPISupport_Subscribe(svc, make_key(&k, t, InterlockedIncrement(&key_serial), 9), fnevExtended, 0,
                                         &sink->IMAPIAdviseSink_iface, &conn);
            if (SUCCEEDED(sub))
                IMAPISupport_Unsubscribe(svc, conn);
            IMAPIAdviseSink_Release(&sink->IMAPIAdviseSink_iface);
        }
    }
    tp_ex_log(t, at, "GetSvcConfigSupportObj hr=0x%08lx obj=%s service=%s subscribe=0x%08lx", (unsigned long)hr,
           svc ? "nonnull" : "null", name, (unsigned long)sub);
    if (svc)
        IMAPISupport_Release(svc);
    svc = NULL;
    hr = IMAPISupport_GetSvcConfigSupportObj(t->sup, 0x1, &svc);
    tp_ex_log(t, at, "GetSvcConfigSupportObj hr=0x%08lx mode=badflags", (unsigned long)hr);
    if (svc)
        IMAPISupport_Release(svc);

    if (strcmp(t->kind, "SVC"))
    {
        LPADRBOOK ab = NULL;
        IUnknown *unk = NULL;
        HRESULT qi = S_FALSE;

        hr = IMAPISupport_OpenAddressBook(t->sup, NULL, 0, &ab);
        if (SUCCEEDED(hr) && ab)
        {
            qi = IAddrBook_QueryInterface(ab, &IID_IAddrBook, (void **)&unk);
            if (unk)
                IUnknown_Release(unk);
            IAddrBook_Release(ab);
        }
        tp_ex_log(t, at, "OpenAddressBook hr=0x%08lx ab=%s qi=0x%08lx", (unsigned long)hr, ab ? "nonnull" : "null",
               (unsigned long)qi);
    }
    if (!strcmp(t->kind, "XP"))
    {
        hr = IMAPISupport_RegisterPreprocessor(t->sup, (LPMAPIUID)&t->uid, (LPTSTR)TESTPROV_ADDRTYPE,
                                               (LPTSTR)"testprov.dll", (LPSTR)"Preprocess",
                                               (LPSTR)"RemovePreprocessInfo", 0);
        tp_ex_log(t, at, "RegisterPreprocessor hr=0x%08lx", (unsigned long)hr);
    }
}

/* ------------------------------------------------------------------------ */
/* Methods the kind must not have                                            */

enum nm
{
    NS_Subscribe, NS_Unsubscribe, NS_Notify, NS_ModifyStatusRow, NS_RegisterPreprocessor, NS_SpoolerYield,
    NS_SpoolerNotify, NS_CreateOneOff, NS_SetProviderUID, NS_CompareEntryIDs, NS_OpenTemplateID, NS_OpenEntry,
    NS_GetOneOffTable, NS_Address, NS_Details, NS_NewEntry, NS_CopyMessages, NS_CopyFolder, NS_DoCopyTo,
    NS_DoCopyProps, NS_DoProgressDialog, NS_ReadReceipt, NS_PrepareSubmit, NS_ExpandRecips, NS_UpdatePAB,
    NS_DoSentMail, NS_OpenAddressBook, NS_Preprocess, NS_CompleteMsg, NS_StoreLogoffTransports, NS_StatusRecips,
    NS_WrapStoreEntryID, NS_ModifyProfile, NS_IStorageFromStream, NS_COUNT
};

static const char *const ns_names[NS_COUNT] =
{
    "Subscribe", "Unsubscribe", "Notify", "ModifyStatusRow", "RegisterPreprocessor", "SpoolerYield",
    "SpoolerNotify", "CreateOneOff", "SetProviderUID", "CompareEntryIDs", "OpenTemplateID", "OpenEntry",
    "GetOneOffTable", "Address", "Details", "NewEntry", "CopyMessages", "CopyFolder", "DoCopyTo",
    "DoCopyProps", "DoProgressDialog", "ReadReceipt", "PrepareSubmit", "ExpandRecips", "UpdatePAB",
    "DoSentMail", "OpenAddressBook", "Preprocess", "CompleteMsg", "StoreLogoffTransports", "StatusRecips",
    "WrapStoreEntryID", "ModifyProfile", "IStorageFromStream",
};

#define NSB(m) (1ull << NS_##m)

/* mapi-spec.md 5.3 (imapisupportiunknown.md): what each kind lacks. */
static ULONGLONG missing_for(const char *kind)
{
    ULONGLONG all = (1ull << NS_COUNT) - 1;

    if (!strcmp(kind, "MS"))
        return NSB(RegisterPreprocessor) | NSB(SpoolerYield) | NSB(GetOneOffTable) | NSB(Address) | NSB(Details) |
               NSB(NewEntry) | NSB(OpenTemplateID) | NSB(StatusRecips);
    if (!strcmp(kind, "AB"))
        return NSB(RegisterPreprocessor) | NSB(SpoolerYield) | NSB(SpoolerNotify) | NSB(CopyMessages) |
               NSB(CopyFolder) | NSB(DoCopyTo) | NSB(DoCopyProps) | NSB(ReadReceipt) | NSB(PrepareSubmit) |
               NSB(ExpandRecips) | NSB(UpdatePAB) | NSB(DoSentMail) | NSB(Preprocess) | NSB(CompleteMsg) |
               NSB(StoreLogoffTransports) | NSB(StatusRecips) | NSB(ModifyProfile);
    if (!strcmp(kind, "XP"))
        return NSB(SetProviderUID) | NSB(OpenTemplateID) | NSB(GetOneOffTable) | NSB(Address) | NSB(Details) |
               NSB(NewEntry) | NSB(CopyMessages) | NSB(CopyFolder) | NSB(DoCopyTo) | NSB(DoCopyProps) |
               NSB(DoProgressDialog) | NSB(ReadReceipt) | NSB(PrepareSubmit) | NSB(ExpandRecips) | NSB(UpdatePAB) |
               NSB(DoSentMail) | NSB(Preprocess) | NSB(CompleteMsg) | NSB(StoreLogoffTransports) |
               NSB(ModifyProfile);
    /* A message service's support object has only the common methods. */
    return all;
}

/* One call with arguments that are harmless if the method does exist
 * (whatever it returns is released). */
static HRESULT call_missing(const tp_ex_target *t, enum nm m)
{
    static const BYTE eid[24] = { 0, 0, 0, 0, 'T', 'P', 'n', 'o', 's', 'u', 'p', 'p', 'o', 'r', 't', '-', 'e', 'i',
                                  'd', '!', 1, 2, 3, 4 };
    LPMAPISUP sup = t->sup;
    ULONG ul = 0, cb = 0;
    ULONG_PTR up = 0;
    LPENTRYID out_eid = NULL;
    LPMAPITABLE table = NULL;
    LPMAPIPROP prop = NULL;
    LPUNKNOWN unk = NULL;
    LPADRLIST list = NULL;
    LPMAPIPROGRESS prog = NULL;
    LPMESSAGE msg = NULL;
    LPADRBOOK ab = NULL;
    LPSTORAGE stg = NULL;
    SPropValue pv;
    NOTIFICATION n;
    ex_key k;
    HRESULT hr = E_FAIL;

    memset(&pv, 0, sizeof(pv));
    pv.ulPropTag = PR_STATUS_STRING_W;
    pv.Value.lpszW = (LPWSTR)L"x";
    switch (m)
    {
    case NS_Subscribe:
    {
        ex_sink *sink = sink_new(t, "none", 0, FALSE);
        if (!sink)
            return MAPI_E_NOT_ENOUGH_MEMORY;
        hr = IMAPISupport_Subscribe(sup, make_key(&k, t, InterlockedIncrement(&key_serial), 7), fnevExtended, 0,
                                    &sink->IMAPIAdviseSink_iface, &up);
        if (SUCCEEDED(hr))
            IMAPISupport_Unsubscribe(sup, up);
        IMAPIAdviseSink_Release(&sink->IMAPIAdviseSink_iface);
        break;
    }
    case NS_Unsubscribe: hr = IMAPISupport_Unsubscribe(sup, 0x7fff1234); break;
    case NS_Notify:
        ext_notification(&n, 0);
        hr = IMAPISupport_Notify(sup, make_key(&k, t, InterlockedIncrement(&key_serial), 8), 1, &n, &ul);
        break;
    case NS_ModifyStatusRow: hr = IMAPISupport_ModifyStatusRow(sup, 1, &pv, STATUSROW_UPDATE); break;
    case NS_RegisterPreprocessor:
        hr = IMAPISupport_RegisterPreprocessor(sup, (LPMAPIUID)&t->uid, (LPTSTR)TESTPROV_ADDRTYPE,
                                               (LPTSTR)"testprov.dll", (LPSTR)"Preprocess", (LPSTR)"Remove", 0);
        break;
    case NS_SpoolerYield: hr = IMAPISupport_SpoolerYield(sup, 0); break;
    case NS_SpoolerNotify: hr = IMAPISupport_SpoolerNotify(sup, NOTIFY_CONFIG_CHANGE, NULL); break;
    case NS_CreateOneOff:
        hr = IMAPISupport_CreateOneOff(sup, (LPTSTR)"n", (LPTSTR)"SMTP", (LPTSTR)"a@b.invalid", 0, &cb, &out_eid);
        break;
    case NS_SetProviderUID: hr = IMAPISupport_SetProviderUID(sup, (LPMAPIUID)&t->uid, 0); break;
    case NS_CompareEntryIDs:
        hr = IMAPISupport_CompareEntryIDs(sup, sizeof(eid), (LPENTRYID)eid, sizeof(eid), (LPENTRYID)eid, 0, &ul);
        break;
    case NS_OpenTemplateID:
        hr = IMAPISupport_OpenTemplateID(sup, sizeof(eid), (LPENTRYID)eid, 0, NULL, NULL, &prop, NULL);
        break;
    case NS_OpenEntry: hr = IMAPISupport_OpenEntry(sup, sizeof(eid), (LPENTRYID)eid, NULL, 0, &ul, &unk); break;
    case NS_GetOneOffTable: hr = IMAPISupport_GetOneOffTable(sup, 0, &table); break;
    case NS_Address: hr = IMAPISupport_Address(sup, &up, NULL, &list); break;
    case NS_Details:
        hr = IMAPISupport_Details(sup, &up, NULL, NULL, sizeof(eid), (LPENTRYID)eid, NULL, NULL, NULL, 0);
        break;
    case NS_NewEntry: hr = IMAPISupport_NewEntry(sup, 0, 0, 0, NULL, 0, NULL, &cb, &out_eid); break;
    case NS_CopyMessages:
        hr = IMAPISupport_CopyMessages(sup, &IID_IMAPIFolder, NULL, NULL, &IID_IMAPIFolder, NULL, 0, NULL, 0);
        break;
    case NS_CopyFolder:
        hr = IMAPISupport_CopyFolder(sup, &IID_IMAPIFolder, NULL, sizeof(eid), (LPENTRYID)eid, &IID_IMAPIFolder, NULL,
                                     NULL, 0, NULL, 0);
        break;
    case NS_DoCopyTo:
    case NS_DoCopyProps:
    {
        static const SizedSPropTagArray(1, one) = { 1, { PR_SUBJECT_W } };
        LPPROPDATA src = source_props(t->a), dst = tp_new_propdata(t->a);
        if (src && dst)
            hr = m == NS_DoCopyTo
                ? IMAPISupport_DoCopyTo(sup, &IID_IMAPIProp, src, 0, NULL, NULL, 0, NULL, &IID_IMAPIProp, dst, 0, NULL)
                : IMAPISupport_DoCopyProps(sup, &IID_IMAPIProp, src, (LPSPropTagArray)&one, 0, NULL, &IID_IMAPIProp,
                                           dst, 0, NULL);
        else
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
        if (src)
            IPropData_Release(src);
        if (dst)
            IPropData_Release(dst);
        break;
    }
    case NS_DoProgressDialog: hr = IMAPISupport_DoProgressDialog(sup, 0, 0, &prog); break;
    case NS_ReadReceipt: hr = IMAPISupport_ReadReceipt(sup, 0, NULL, &msg); break;
    case NS_PrepareSubmit: hr = IMAPISupport_PrepareSubmit(sup, NULL, &ul); break;
    case NS_ExpandRecips: hr = IMAPISupport_ExpandRecips(sup, NULL, &ul); break;
    case NS_UpdatePAB: hr = IMAPISupport_UpdatePAB(sup, 0, NULL); break;
    case NS_DoSentMail: hr = IMAPISupport_DoSentMail(sup, 0, NULL); break;
    case NS_OpenAddressBook: hr = IMAPISupport_OpenAddressBook(sup, NULL, 0, &ab); break;
    case NS_Preprocess: hr = IMAPISupport_Preprocess(sup, 0, sizeof(eid), (LPENTRYID)eid); break;
    case NS_CompleteMsg: hr = IMAPISupport_CompleteMsg(sup, 0, sizeof(eid), (LPENTRYID)eid); break;
    case NS_StoreLogoffTransports:
        /* LOGOFF_ABORT from a kind without a store to log off. */
        ul = LOGOFF_ABORT;
        hr = IMAPISupport_StoreLogoffTransports(sup, &ul);
        break;
    case NS_StatusRecips: hr = IMAPISupport_StatusRecips(sup, NULL, NULL); break;
    case NS_WrapStoreEntryID:
        hr = IMAPISupport_WrapStoreEntryID(sup, sizeof(eid), (LPENTRYID)eid, &cb, &out_eid);
        break;
    case NS_ModifyProfile: hr = IMAPISupport_ModifyProfile(sup, MDB_TEMPORARY); break;
    case NS_IStorageFromStream:
    {
        IStream *stream = NULL;
        if (FAILED(CreateStreamOnHGlobal(NULL, TRUE, &stream)))
            return E_OUTOFMEMORY;
        hr = IMAPISupport_IStorageFromStream(sup, (LPUNKNOWN)stream, NULL, STGSTRM_CREATE, &stg);
        IStream_Release(stream);
        break;
    }
    default:
        break;
    }
    if (SUCCEEDED(hr))
    {
        if (out_eid)
            t->a->free(out_eid);
        if (table)
            IMAPITable_Release(table);
        if (prop)
            IMAPIProp_Release(prop);
        if (unk)
            IUnknown_Release(unk);
        if (list)
            t->a->free(list);
        if (prog)
            IMAPIProgress_Release(prog);
        if (msg)
            IMessage_Release(msg);
        if (ab)
            IAddrBook_Release(ab);
        if (stg)
            IStorage_Release(stg);
    }
    return hr;
}

static void exercise_nosupport(const tp_ex_target *t, const char *at)
{
    ULONGLONG missing = missing_for(t->kind);
    int m;

    for (m = 0; m < NS_COUNT; m++)
        if (missing & (1ull << m))
            tp_ex_log(t, at, "NoSupport %s hr=0x%08lx", ns_names[m], (unsigned long)call_missing(t, (enum nm)m));
}

void tp_exercise_run(const tp_ex_target *t, const char *at, ULONG mask, tp_exercise **state)
{
    BOOL svc = !strcmp(t->kind, "SVC");

    if (!mask || !t->sup || !t->a || !t->a->alloc || !t->a->free)
        return;
    tp_ex_log(t, at, "Begin mask=0x%08lx", (unsigned long)mask);
    if (mask & TP_EX_MEMORY)
        exercise_memory(t, at);
    if ((mask & TP_EX_NOTIFY) && !svc)
        exercise_notify(t, at, state);
    if (mask & TP_EX_INVALID)
        exercise_invalid(t, at);
    if ((mask & TP_EX_ONEOFF) && !svc)
        exercise_oneoff(t, at);
    if ((mask & TP_EX_COPY) && !strcmp(t->kind, "MS"))
        exercise_copy(t, at);
    if ((mask & TP_EX_ENTRYID) && !svc)
        exercise_entryids(t, at);
    if ((mask & TP_EX_STATUS) && !svc)
        exercise_status(t, at);
    if (mask & TP_EX_MISC)
        exercise_misc(t, at);
    if (mask & TP_EX_NOSUPPORT)
        exercise_nosupport(t, at);
    if ((mask & TP_EX_MESSAGE) && !strcmp(t->kind, "MS") && t->prov)
        tp_exercise_message(t, at);
    if ((mask & TP_EX_MESSAGE) && !strcmp(t->kind, "XP"))
        tp_exercise_status_recips(t, at);
    if ((mask & TP_EX_REPORT) && (!strcmp(t->kind, "XP") || (!strcmp(t->kind, "MS") && t->prov)))
        tp_exercise_report(t, at);
    if ((mask & TP_EX_PREPROC) && (!strcmp(t->kind, "XP") || (!strcmp(t->kind, "MS") && t->prov)))
        tp_exercise_preproc(t, at, mask);
    tp_ex_log(t, at, "End mask=0x%08lx", (unsigned long)mask);
}
