/*
 * What the three provider objects share: the init entry points
 * (MSProviderInit, ABProviderInit, XPProviderInit; mapi-spec.md 5.1),
 * IUnknown with COM identity, IMAPIProviderShutdown (1.3), what the logon
 * objects share (tp_logon), the logon-time profile section reading, and the
 * store's pending data.
 */
#include "testprov.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

HINSTANCE tp_hinstance;

static const IMAPIProviderShutdownVtbl shutdown_vtbl;

BOOL WINAPI DllMain(HINSTANCE hinst, DWORD reason, LPVOID reserved)
{
    if (reason == DLL_PROCESS_ATTACH)
    {
        tp_hinstance = hinst;
        DisableThreadLibraryCalls(hinst);
    }
    return TRUE;
}

const char *tp_kind_name(tp_kind kind)
{
    switch (kind)
    {
    case TP_MS: return "MS";
    case TP_AB: return "AB";
    default:    return "XP";
    }
}

static inline tp_provider *impl_from_IMAPIProviderShutdown(IMAPIProviderShutdown *iface)
{
    return CONTAINING_RECORD(iface, tp_provider, IMAPIProviderShutdown_iface);
}

/* Logs a line with the provider's current log path and instance name. */
void tp_plog(tp_provider *prov, const char *method, const char *fmt, ...)
{
    char details[1536];
    tp_config cfg;
    va_list ap;

    EnterCriticalSection(&prov->cs);
    if (!prov->cfg.log[0])
    {
        LeaveCriticalSection(&prov->cs);
        return;
    }
    memcpy(cfg.log, prov->cfg.log, sizeof(cfg.log));
    memcpy(cfg.name, prov->cfg.name, sizeof(cfg.name));
    LeaveCriticalSection(&prov->cs);

    details[0] = 0;
    if (fmt)
    {
        va_start(ap, fmt);
        vsnprintf(details, sizeof(details), fmt, ap);
        va_end(ap);
        details[sizeof(details) - 1] = 0;
    }
    tp_log(&cfg, tp_kind_name(prov->kind), method, "%s", details);
}

/* ------------------------------------------------------------------------ */
/* Init entry points                                                         */

/* Every call makes a new provider object (mapi-spec.md 5.1).  The init gets
 * no support object, so it can only be configured from the environment. */
HRESULT tp_provider_init(tp_kind kind, HINSTANCE hinst, LPMALLOC lpMalloc,
                         LPALLOCATEBUFFER lpAllocateBuffer, LPALLOCATEMORE lpAllocateMore,
                         LPFREEBUFFER lpFreeBuffer, ULONG ulFlags, ULONG ulMAPIVer,
                         ULONG *lpulProviderVer, tp_provider **out)
{
    tp_provider *prov = NULL;
    char details[192];
    tp_config cfg;
    HRESULT hr;

    *out = NULL;
    tp_config_init(&cfg, tp_kind_name(kind));

    if (!lpulProviderVer)
        hr = MAPI_E_INVALID_PARAMETER;
    else
    {
        *lpulProviderVer = cfg.spi_version;
        if (!lpAllocateBuffer || !lpAllocateMore || !lpFreeBuffer)
            hr = MAPI_E_INVALID_PARAMETER;
        else if (ulMAPIVer < TESTPROV_MIN_SPI_VERSION)
            hr = MAPI_E_VERSION;
        else
            hr = cfg.init_hr;
    }

    snprintf(details, sizeof(details), "ver=0x%08lx flags=0x%08lx hinst=%s malloc=%s provver=0x%08lx",
             (unsigned long)ulMAPIVer, (unsigned long)ulFlags, hinst == tp_hinstance ? "ok" : "bad",
             lpMalloc ? "yes" : "null", (unsigned long)cfg.spi_version);
    details[sizeof(details) - 1] = 0;

    if (SUCCEEDED(hr))
    {
        prov = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*prov));
        if (!prov)
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if (!prov)
    {
        tp_log(&cfg, tp_kind_name(kind), "Init", "%s hr=0x%08lx", details, (unsigned long)hr);
        return hr;
    }

    switch (kind)
    {
    case TP_MS: prov->iface.ms.lpVtbl = (IMSProviderVtbl *)&tp_ms_provider_vtbl; break;
    case TP_AB: prov->iface.ab.lpVtbl = (IABProviderVtbl *)&tp_ab_provider_vtbl; break;
    case TP_XP: prov->iface.xp.lpVtbl = (IXPProviderVtbl *)&tp_xp_provider_vtbl; break;
    }
    prov->IMAPIProviderShutdown_iface.lpVtbl = (IMAPIProviderShutdownVtbl *)&shutdown_vtbl;
    prov->ref = 1;
    prov->kind = kind;
    prov->malloc = lpMalloc;
    if (lpMalloc)
        IMalloc_AddRef(lpMalloc);
    prov->alloc.alloc = lpAllocateBuffer;
    prov->alloc.more = lpAllocateMore;
    prov->alloc.free = lpFreeBuffer;
    InitializeCriticalSection(&prov->cs);
    prov->cfg = cfg;

    /* Without TESTPROV_LOG the line waits for the log path the first logon reads. */
    snprintf(prov->init_details, sizeof(prov->init_details), "%s hr=0x%08lx", details,
             (unsigned long)hr);
    prov->init_details[sizeof(prov->init_details) - 1] = 0;
    if (cfg.log[0])
    {
        tp_log(&cfg, tp_kind_name(kind), "Init", "%s", prov->init_details);
        prov->init_logged = TRUE;
    }
    *out = prov;
    return hr;
}

/* The three init entry points differ only in the kind and the interface
 * handed out, which is the provider object's first member for all three. */
static HRESULT init_entry(tp_kind kind, HINSTANCE hInstance, LPMALLOC lpMalloc,
        LPALLOCATEBUFFER lpAllocateBuffer, LPALLOCATEMORE lpAllocateMore, LPFREEBUFFER lpFreeBuffer,
        ULONG ulFlags, ULONG ulMAPIVer, ULONG *lpulProviderVer, void **out)
{
    tp_provider *prov;
    HRESULT hr;

    if (!out)
        return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    hr = tp_provider_init(kind, hInstance, lpMalloc, lpAllocateBuffer, lpAllocateMore,
                          lpFreeBuffer, ulFlags, ulMAPIVer, lpulProviderVer, &prov);
    if (prov)
        *out = &prov->iface;
    return hr;
}

HRESULT STDMAPIINITCALLTYPE MSProviderInit(HINSTANCE hInstance, LPMALLOC lpMalloc,
        LPALLOCATEBUFFER lpAllocateBuffer, LPALLOCATEMORE lpAllocateMore,
        LPFREEBUFFER lpFreeBuffer, ULONG ulFlags, ULONG ulMAPIVer,
        ULONG *lpulProviderVer, LPMSPROVIDER *lppMSProvider)
{
    return init_entry(TP_MS, hInstance, lpMalloc, lpAllocateBuffer, lpAllocateMore, lpFreeBuffer,
                      ulFlags, ulMAPIVer, lpulProviderVer, (void **)lppMSProvider);
}

HRESULT STDMAPIINITCALLTYPE ABProviderInit(HINSTANCE hInstance, LPMALLOC lpMalloc,
        LPALLOCATEBUFFER lpAllocateBuffer, LPALLOCATEMORE lpAllocateMore,
        LPFREEBUFFER lpFreeBuffer, ULONG ulFlags, ULONG ulMAPIVer,
        ULONG *lpulProviderVer, LPABPROVIDER *lppABProvider)
{
    return init_entry(TP_AB, hInstance, lpMalloc, lpAllocateBuffer, lpAllocateMore, lpFreeBuffer,
                      ulFlags, ulMAPIVer, lpulProviderVer, (void **)lppABProvider);
}

HRESULT STDMAPIINITCALLTYPE XPProviderInit(HINSTANCE hInstance, LPMALLOC lpMalloc,
        LPALLOCATEBUFFER lpAllocateBuffer, LPALLOCATEMORE lpAllocateMore,
        LPFREEBUFFER lpFreeBuffer, ULONG ulFlags, ULONG ulMAPIVer,
        ULONG *lpulProviderVer, LPXPPROVIDER *lppXPProvider)
{
    return init_entry(TP_XP, hInstance, lpMalloc, lpAllocateBuffer, lpAllocateMore, lpFreeBuffer,
                      ulFlags, ulMAPIVer, lpulProviderVer, (void **)lppXPProvider);
}

/* ------------------------------------------------------------------------ */
/* IUnknown of the provider objects                                          */

static const IID *kind_iid(tp_kind kind)
{
    switch (kind)
    {
    case TP_MS: return &IID_IMSProvider;
    case TP_AB: return &IID_IABProvider;
    default:    return &IID_IXPProvider;
    }
}

HRESULT tp_provider_qi(tp_provider *prov, REFIID riid, void **ppv)
{
    char buf[48];
    HRESULT hr = S_OK;
    BOOL shutdown_iface;

    if (!ppv)
    {
        tp_plog(prov, "QueryInterface", "iid=%s ppv=null hr=0x%08lx",
                tp_iid_name(riid, buf, sizeof(buf)), (unsigned long)E_INVALIDARG);
        return E_INVALIDARG;
    }
    *ppv = NULL;
    EnterCriticalSection(&prov->cs);
    shutdown_iface = prov->cfg.shutdown_iface;
    LeaveCriticalSection(&prov->cs);

    if (!riid)
        hr = E_INVALIDARG;
    else if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, kind_iid(prov->kind)))
        *ppv = &prov->iface;
    else if (IsEqualGUID(riid, &IID_IMAPIProviderShutdown) && shutdown_iface)
        *ppv = &prov->IMAPIProviderShutdown_iface;
    else
        hr = E_NOINTERFACE;
    if (*ppv)
        InterlockedIncrement(&prov->ref);
    tp_plog(prov, "QueryInterface", "iid=%s hr=0x%08lx", tp_iid_name(riid, buf, sizeof(buf)),
            (unsigned long)hr);
    return hr;
}

ULONG tp_provider_addref(tp_provider *prov)
{
    ULONG ref = InterlockedIncrement(&prov->ref);
    tp_plog(prov, "AddRef", "ref=%lu", (unsigned long)ref);
    return ref;
}

ULONG tp_provider_release(tp_provider *prov)
{
    ULONG ref = InterlockedDecrement(&prov->ref);

    tp_plog(prov, "Release", "ref=%lu logons=%ld", (unsigned long)ref, (long)prov->logons);
    if (!ref)
    {
        if (prov->malloc)
            IMalloc_Release(prov->malloc);
        HeapFree(GetProcessHeap(), 0, prov->pending);
        tp_mdata_free(prov->mdata);
        DeleteCriticalSection(&prov->cs);
        HeapFree(GetProcessHeap(), 0, prov);
    }
    return ref;
}

/* Shutdown(lpulFlags): the docs want a pointer to 0; anything else is logged. */
HRESULT tp_provider_shutdown(tp_provider *prov, ULONG *lpulFlags)
{
    char flags[16];

    if (lpulFlags)
        snprintf(flags, sizeof(flags), "%lu", (unsigned long)*lpulFlags);
    else
        strcpy(flags, "null");
    tp_plog(prov, "Shutdown", "flags=%s logons=%ld hr=0x00000000", flags, (long)prov->logons);
    return S_OK;
}

/* ------------------------------------------------------------------------ */
/* Read-only property objects of the logons (tp_propobj)                     */

void tp_propobj_init(tp_propobj *obj, const void *vtbl, const IID *iid, IUnknown *owner,
                     const tp_alloc *a, SPropValue *props, ULONG cprops)
{
    obj->IMAPIProp_iface.lpVtbl = (IMAPIPropVtbl *)vtbl;
    obj->ref = 1;
    obj->iid = iid;
    obj->owner = owner;
    obj->a = a;
    obj->props = props;
    obj->cprops = cprops;
    IUnknown_AddRef(owner);
}

HRESULT tp_propobj_qi(tp_propobj *obj, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_INVALIDARG;
    *ppv = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPIProp) ||
        IsEqualGUID(riid, obj->iid))
    {
        *ppv = &obj->IMAPIProp_iface;
        InterlockedIncrement(&obj->ref);
        return S_OK;
    }
    return E_NOINTERFACE;
}

ULONG tp_propobj_addref(tp_propobj *obj)
{
    return InterlockedIncrement(&obj->ref);
}

ULONG tp_propobj_release(tp_propobj *obj)
{
    ULONG ref = InterlockedDecrement(&obj->ref);

    if (!ref)
    {
        IUnknown *owner = obj->owner;
        obj->a->free(obj->props);
        HeapFree(GetProcessHeap(), 0, obj);
        IUnknown_Release(owner); /* last: obj->a lives in the owner's provider */
    }
    return ref;
}

/* ------------------------------------------------------------------------ */
/* What the logon objects share (tp_logon)                                   */

/* One more logon of prov: holds the provider, counts it in prov->logons. */
void tp_logon_init(tp_logon *logon, const void *vtbl, const IID *iid, tp_provider *prov)
{
    logon->iface.unk.lpVtbl = (IUnknownVtbl *)vtbl;
    logon->ref = 1;
    logon->iid = iid;
    logon->prov = prov;
    InterlockedIncrement(&prov->ref);
    InterlockedIncrement(&prov->logons);
}

HRESULT tp_logon_qi(tp_logon *logon, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_INVALIDARG;
    *ppv = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, logon->iid))
    {
        *ppv = &logon->iface;
        InterlockedIncrement(&logon->ref);
        return S_OK;
    }
    return E_NOINTERFACE;
}

ULONG tp_logon_addref(tp_logon *logon)
{
    return InterlockedIncrement(&logon->ref);
}

ULONG tp_logon_release(tp_logon *logon)
{
    tp_provider *prov = logon->prov;
    ULONG ref = InterlockedDecrement(&logon->ref);

    tp_plog(prov, "LogonRelease", "ref=%lu loggedoff=%d", (unsigned long)ref, logon->logged_off);
    if (!ref)
    {
        tp_exercise_end(prov, logon->sup, &logon->ex);
        if (logon->sup)         /* never logged off: do not leak the support object */
            IMAPISupport_Release(logon->sup);
        InterlockedDecrement(&prov->logons);
        HeapFree(GetProcessHeap(), 0, logon);
        tp_provider_release(prov);
    }
    return ref;
}

/* Logoff happens once: TRUE (and a log line) if it already has.  'flags' is
 * the call's flags as its log line shows them. */
BOOL tp_logon_again(tp_logon *logon, const char *method, const char *flags)
{
    if (!logon->logged_off)
        return FALSE;
    tp_plog(logon->prov, method, "flags=%s again=1 hr=0x00000000", flags);
    return TRUE;
}

/* The rest of a logoff: ends PR_TP_EXERCISE's subscriptions, logs 'extra'
 * and hr, then lets go of the support object. */
void tp_logon_end(tp_logon *logon, const char *method, const char *flags, const char *extra, HRESULT hr)
{
    LPMAPISUP sup = logon->sup;

    tp_exercise_end(logon->prov, sup, &logon->ex);
    logon->logged_off = TRUE;
    logon->sup = NULL;
    tp_plog(logon->prov, method, "flags=%s%s hr=0x%08lx", flags, extra, (unsigned long)hr);
    if (sup)
        IMAPISupport_Release(sup);
}

/* The start of a PR_TP_EXERCISE run (exercise.c): FALSE if there is
 * nothing to do (no mask, or logged off). */
BOOL tp_logon_target(const tp_logon *logon, const char *kind, ULONG mask, tp_ex_target *t)
{
    if (!mask || !logon->sup)
        return FALSE;
    memset(t, 0, sizeof(*t));
    t->kind = kind;
    t->prov = logon->prov;
    t->sup = logon->sup;
    t->a = &logon->prov->alloc;
    t->uid = logon->uid;
    return TRUE;
}

/* SetProps of a logon's read-only objects (the AB's containers, the XP's
 * status): only PR_TP_EXERCISE is taken, whose mask the caller runs again,
 * now that MAPI has the logon.  FALSE: MAPI_E_NO_SUPPORT. */
BOOL tp_logon_setprops(ULONG cValues, const SPropValue *lpPropArray, LPSPropProblemArray *lppProblems,
                       ULONG *mask)
{
    const SPropValue *pv = tp_find_prop(lpPropArray, cValues, PROP_ID(PR_TP_EXERCISE));

    if (lppProblems)
        *lppProblems = NULL;
    if (!pv || pv->ulPropTag != PR_TP_EXERCISE)
        return FALSE;
    *mask = pv->Value.ul;
    return TRUE;
}

/* ------------------------------------------------------------------------ */
/* IMAPIProviderShutdown (a second interface of the provider object)         */

static HRESULT STDMETHODCALLTYPE shutdown_QueryInterface(IMAPIProviderShutdown *iface, REFIID riid,
                                                         void **ppv)
{
    return tp_provider_qi(impl_from_IMAPIProviderShutdown(iface), riid, ppv);
}

static ULONG STDMETHODCALLTYPE shutdown_AddRef(IMAPIProviderShutdown *iface)
{
    return tp_provider_addref(impl_from_IMAPIProviderShutdown(iface));
}

static ULONG STDMETHODCALLTYPE shutdown_Release(IMAPIProviderShutdown *iface)
{
    return tp_provider_release(impl_from_IMAPIProviderShutdown(iface));
}

typedef NTSTATUS (WINAPI *lock_loader_fn)(ULONG flags, ULONG *disposition, ULONG_PTR *cookie);

/* Hangs for good, as configured (PR_TP_HANG_HOW): plainly; holding the
 * provider's lock, as a provider stuck on its own I/O would (every later
 * call of it that logs or touches its data then blocks too); or holding
 * the loader lock, so that no thread can start or end in the process. */
static void tp_hang(tp_provider *prov)
{
    lock_loader_fn lock_loader;
    ULONG_PTR cookie;
    ULONG how;

    EnterCriticalSection(&prov->cs);
    how = prov->cfg.hang_how;
    if (how != 1)
        LeaveCriticalSection(&prov->cs);
    if (how == 2)
    {
        lock_loader = (lock_loader_fn)(void *)GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "LdrLockLoaderLock");
        if (lock_loader)
            lock_loader(0, NULL, &cookie);
    }
    for (;;)
        Sleep(INFINITE);
}

/* One of the three calls: the configured hang or delay, then the answer. */
static HRESULT shutdown_step(tp_provider *prov, ULONG which, const char *method)
{
    ULONG delay, flushed = 0;
    HRESULT hr, query_hr;
    BOOL hang;

    EnterCriticalSection(&prov->cs);
    delay = prov->cfg.delay_ms;
    hang = prov->cfg.hang && prov->cfg.hang_in == which;
    query_hr = prov->cfg.query_hr;
    LeaveCriticalSection(&prov->cs);

    if (hang)
    {
        tp_plog(prov, method, "hang");
        tp_hang(prov);
    }
    if (delay)
        Sleep(delay);

    hr = which == 1 ? query_hr : S_OK;
    if (which == 3 && prov->kind == TP_MS)
    {
        HRESULT fhr = tp_store_flush(prov, &flushed);
        if (FAILED(fhr))
            hr = fhr;
        tp_plog(prov, method, "hr=0x%08lx delay=%lu flushed=%lu", (unsigned long)hr,
                (unsigned long)delay, (unsigned long)flushed);
    }
    else
        tp_plog(prov, method, "hr=0x%08lx delay=%lu", (unsigned long)hr, (unsigned long)delay);
    return hr;
}

static HRESULT STDMETHODCALLTYPE shutdown_QueryFastShutdown(IMAPIProviderShutdown *iface)
{
    return shutdown_step(impl_from_IMAPIProviderShutdown(iface), 1, "QueryFastShutdown");
}

static HRESULT STDMETHODCALLTYPE shutdown_NotifyProcessShutdown(IMAPIProviderShutdown *iface)
{
    return shutdown_step(impl_from_IMAPIProviderShutdown(iface), 2, "NotifyProcessShutdown");
}

static HRESULT STDMETHODCALLTYPE shutdown_DoFastShutdown(IMAPIProviderShutdown *iface)
{
    return shutdown_step(impl_from_IMAPIProviderShutdown(iface), 3, "DoFastShutdown");
}

/* ------------------------------------------------------------------------ */
/* Logon: the provider's own profile section                                 */

/* Opens the caller's own section (writable if allowed), reads the
 * configuration from it and makes it the provider's, and finds the
 * instance's MAPIUID: kept in PR_TP_UID, made once with NewUID. */
HRESULT tp_provider_logon_begin(tp_provider *prov, LPMAPISUP sup, MAPIUID *uid,
                                LPPROFSECT *lppSect, tp_config *cfg)
{
    SizedSPropTagArray(1, uid_tag) = { 1, { PR_TP_UID } };
    LPPROFSECT sect = NULL;
    LPSPropValue vals = NULL;
    BOOL writable = TRUE, have_uid = FALSE;
    HANDLE uid_lock;
    ULONG count = 0;
    HRESULT hr;

    tp_config_init(cfg, tp_kind_name(prov->kind));
    hr = IMAPISupport_OpenProfileSection(sup, NULL, MAPI_MODIFY, &sect);
    if (FAILED(hr) || !sect)
    {
        writable = FALSE;
        sect = NULL;
        hr = IMAPISupport_OpenProfileSection(sup, NULL, 0, &sect);
        if (FAILED(hr))
            sect = NULL;
    }
    /* Two first logons of one section (two sessions, or a store's Logon and
     * the spooler's) must agree on the UID: read-or-make under one lock for
     * every process. */
    uid_lock = CreateMutexW(NULL, FALSE, L"Local\\testprov-uid");
    if (uid_lock)
        WaitForSingleObject(uid_lock, 10000);
    if (sect)
    {
        tp_config_read(cfg, sect, &prov->alloc);
        if (SUCCEEDED(IProfSect_GetProps(sect, (LPSPropTagArray)&uid_tag, 0, &count, &vals)) && vals &&
            count == 1 && vals[0].ulPropTag == PR_TP_UID && vals[0].Value.bin.cb == sizeof(MAPIUID))
        {
            memcpy(uid, vals[0].Value.bin.lpb, sizeof(MAPIUID));
            have_uid = TRUE;
        }
        if (vals)
            prov->alloc.free(vals);
    }
    if (!have_uid)
    {
        if (FAILED(IMAPISupport_NewUID(sup, uid)))
            CoCreateGuid((GUID *)uid);
        if (sect && writable)
        {
            SPropValue pv;
            pv.ulPropTag = PR_TP_UID;
            pv.dwAlignPad = 0;
            pv.Value.bin.cb = sizeof(MAPIUID);
            pv.Value.bin.lpb = (BYTE *)uid;
            IProfSect_SetProps(sect, 1, &pv, NULL);
        }
    }
    if (uid_lock)
    {
        ReleaseMutex(uid_lock);
        CloseHandle(uid_lock);
    }

    EnterCriticalSection(&prov->cs);
    prov->cfg = *cfg;
    LeaveCriticalSection(&prov->cs);
    if (!prov->init_logged && cfg->log[0])
    {
        prov->init_logged = TRUE;
        tp_plog(prov, "Init", "%s deferred=1", prov->init_details);
    }

    if (!writable && sect)
    {
        /* Callers that need to write get NULL rather than a read-only section. */
        IProfSect_Release(sect);
        sect = NULL;
    }
    *lppSect = sect;
    return S_OK;
}

/* ------------------------------------------------------------------------ */
/* Store data: bytes written through IMsgStore, durable only when flushed    */

HRESULT tp_store_append(tp_provider *prov, const BYTE *data, ULONG cb)
{
    HRESULT hr = S_OK;

    EnterCriticalSection(&prov->cs);
    if (prov->pending_len + cb < prov->pending_len)
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else if (prov->pending_len + cb > prov->pending_cap)
    {
        ULONG cap = prov->pending_cap ? prov->pending_cap : 256;
        BYTE *p;
        while (cap < prov->pending_len + cb && cap < 0x40000000)
            cap *= 2;
        if (cap < prov->pending_len + cb)
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else
        {
            p = prov->pending ? HeapReAlloc(GetProcessHeap(), 0, prov->pending, cap)
                              : HeapAlloc(GetProcessHeap(), 0, cap);
            if (!p)
                hr = MAPI_E_NOT_ENOUGH_MEMORY;
            else
            {
                prov->pending = p;
                prov->pending_cap = cap;
            }
        }
    }
    if (SUCCEEDED(hr) && cb)
    {
        memcpy(prov->pending + prov->pending_len, data, cb);
        prov->pending_len += cb;
    }
    LeaveCriticalSection(&prov->cs);
    return hr;
}

/* Appends the pending bytes to PR_TP_DATA_FILE and flushes them to disk. */
HRESULT tp_store_flush(tp_provider *prov, ULONG *flushed)
{
    HRESULT hr = S_OK;
    HANDLE file;

    *flushed = 0;
    EnterCriticalSection(&prov->cs);
    if (prov->pending_len && prov->cfg.data_file[0])
    {
        file = CreateFileW(prov->cfg.data_file, GENERIC_WRITE,
                           FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_ALWAYS,
                           FILE_ATTRIBUTE_NORMAL, NULL);
        if (file == INVALID_HANDLE_VALUE)
            hr = MAPI_E_DISK_ERROR;
        else
        {
            DWORD written = 0;
            if (SetFilePointer(file, 0, NULL, FILE_END) == INVALID_SET_FILE_POINTER &&
                GetLastError() != NO_ERROR)
                hr = MAPI_E_DISK_ERROR;
            else if (!WriteFile(file, prov->pending, prov->pending_len, &written, NULL) ||
                     written != prov->pending_len || !FlushFileBuffers(file))
                hr = MAPI_E_DISK_ERROR;
            CloseHandle(file);
        }
        if (SUCCEEDED(hr))
        {
            *flushed = prov->pending_len;
            prov->pending_len = 0;
        }
    }
    LeaveCriticalSection(&prov->cs);
    return hr;
}

static const IMAPIProviderShutdownVtbl shutdown_vtbl =
{
    shutdown_QueryInterface,
    shutdown_AddRef,
    shutdown_Release,
    shutdown_QueryFastShutdown,
    shutdown_NotifyProcessShutdown,
    shutdown_DoFastShutdown,
};
