/*
 * Provider DLLs and provider objects (mapi-spec.md 5.1, 5.4-5.6;
 * msproviderinit.md, abproviderinit.md, xpproviderinit.md,
 * starting-a-service-provider.md, shutting-down-a-service-provider.md).
 *
 * A DLL is loaded once per process and stays until no provider object of it
 * is left and MAPI is no longer initialized.  Each provider object is on a
 * process-wide list in creation order; provider_snapshot hands it to the
 * fast shutdown coordinator.
 */
#define COBJMACROS
#include <stdio.h>

#include "mapi32_private.h"
#include "provider.h"
#include "provdll.h"
#include "shutdown.h"

#include <mapiutil.h>

struct provdll_entry {
    struct provdll_entry *next;
    WCHAR name[MAX_PATH];       /* the name the profile gave when it was loaded */
    WCHAR file[MAX_PATH];       /* the file loaded, for traces */
    HMODULE module;
    LONG users;                 /* provider objects made from it and not shut down */
};

struct provider {
    struct provider *next;
    enum provider_kind kind;
    IUnknown *object;
    struct provdll_entry *dll;
    ULONG session;
    ULONG version;              /* what the provider reported */
    ULONG serial;               /* unique in the process, never reused */
    LONG abandoned;             /* 1: overran a fast shutdown call; 2: and its normal end */
};

static SRWLOCK lock = SRWLOCK_INIT;     /* the two lists; never held across a provider call */
static struct provdll_entry *dlls;
static struct provider *providers;      /* oldest first */
static LONG fast_shutdown_done;
static ULONG next_serial;
/* Snapshots given out and not yet back: the coordinator may be inside a
 * provider of one (even one it gave up on), so no DLL is freed meanwhile. */
static LONG snapshots_out;

static const char *entry_names[3] = {"XPProviderInit", "ABProviderInit", "MSProviderInit"};
static const char *kind_names[3] = {"transport", "address book", "store"};

/* The major and minor SPI version we know: 0.1 (PDK1 to PDK3). */
#define SPI_FAMILY(v) ((v) & 0xffff0000)

static struct provdll_entry *find_dll(const WCHAR *name)
{
    struct provdll_entry *d;

    for (d = dlls; d; d = d->next)
        if (!lstrcmpiW(d->name, name)) return d;
    return NULL;
}

/* One load per DLL per process: an entry for the name, or a new one. */
static HRESULT use_dll(const WCHAR *name, struct provdll_entry **out)
{
    struct provdll_entry *d;
    HMODULE module;
    HRESULT hr;

    AcquireSRWLockExclusive(&lock);
    if ((d = find_dll(name))) {
        d->users++;
        ReleaseSRWLockExclusive(&lock);
        *out = d;
        return S_OK;
    }
    if ((hr = provdll_load(name, &module, NULL, 0))) {
        ReleaseSRWLockExclusive(&lock);
        return hr;
    }
    /* Another name for a module already loaded: keep the one load. */
    for (d = dlls; d; d = d->next)
        if (d->module == module) break;
    if (d) provdll_release(module);
    else if ((d = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*d)))) {
        lstrcpynW(d->name, name, ARRAYSIZE(d->name));
        /* Read now: later, a hung provider may hold the loader lock. */
        if (!GetModuleFileNameW(module, d->file, ARRAYSIZE(d->file))) lstrcpynW(d->file, name, ARRAYSIZE(d->file));
        d->module = module;
        d->next = dlls;
        dlls = d;
    } else {
        provdll_release(module);
        ReleaseSRWLockExclusive(&lock);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    d->users++;
    ReleaseSRWLockExclusive(&lock);
    *out = d;
    return S_OK;
}

/* Takes unused DLLs off the list (lock held); the caller frees them. */
static struct provdll_entry *collect_unused(void)
{
    struct provdll_entry **p = &dlls, *d, *gone = NULL;

    if (READ_LONG(&snapshots_out)) return NULL;

    while ((d = *p)) {
        if (d->users <= 0) {
            *p = d->next;
            d->next = gone;
            gone = d;
        } else p = &d->next;
    }
    return gone;
}

static void free_collected(struct provdll_entry *gone)
{
    struct provdll_entry *next;

    for (; gone; gone = next) {
        next = gone->next;
        TRACE("unloading %ls (%p)", gone->name, gone->module);
        if (!READ_LONG(&fast_shutdown_done)) provdll_release(gone->module);
        HeapFree(GetProcessHeap(), 0, gone);
    }
}

static void unuse_dll(struct provdll_entry *d)
{
    struct provdll_entry *gone = NULL;

    AcquireSRWLockExclusive(&lock);
    d->users--;
    /* The docs free provider DLLs only after the last MAPIUninitialize. */
    if (!freemapi_is_initialized()) gone = collect_unused();
    ReleaseSRWLockExclusive(&lock);
    free_collected(gone);
}

void provider_unload_unused(void)
{
    struct provdll_entry *gone = NULL;

    AcquireSRWLockExclusive(&lock);
    if (!freemapi_is_initialized()) gone = collect_unused();
    ReleaseSRWLockExclusive(&lock);
    free_collected(gone);
}

ULONG provider_loaded_dlls(void)
{
    struct provdll_entry *d;
    ULONG n = 0;

    AcquireSRWLockShared(&lock);
    for (d = dlls; d; d = d->next) n++;
    ReleaseSRWLockShared(&lock);
    return n;
}

static void why_set(WCHAR *why, DWORD cch, const WCHAR *fmt, ...)
{
    va_list ap;

    if (!why || !cch) return;
    va_start(ap, fmt);
    _vsnwprintf(why, cch, fmt, ap);
    va_end(ap);
    why[cch - 1] = 0;
}

/* The entry point: the plain name (providers export it undecorated), or
 * with the C decoration some x86 builds leave on. */
static FARPROC find_entry(HMODULE module, enum provider_kind kind)
{
    char decorated[32];
    FARPROC fn;

    if ((fn = GetProcAddress(module, entry_names[kind]))) return fn;
    decorated[0] = '_';
    lstrcpynA(decorated + 1, entry_names[kind], sizeof(decorated) - 1);
    return GetProcAddress(module, decorated);
}

HRESULT provider_create(enum provider_kind kind, const WCHAR *dll, ULONG init_flags, ULONG session,
                        struct provider **out, WCHAR *why, DWORD cch)
{
    struct provdll_entry *d;
    struct provider *prov, **tail;
    IUnknown *object = NULL;
    ULONG version = 0;
    IMalloc *malloc;
    FARPROC fn;
    HRESULT hr;

    *out = NULL;
    if (kind > PROVIDER_MS) return MAPI_E_INVALID_PARAMETER;
    if (!dll || !dll[0]) {
        why_set(why, cch, L"the profile names no provider DLL");
        return MAPI_E_NOT_FOUND;
    }
    if ((hr = use_dll(dll, &d))) {
        why_set(why, cch, L"the provider DLL %ls cannot be loaded", dll);
        TRACE("%ls: cannot be loaded -> %#lx", dll, hr);
        return MAPI_E_NOT_FOUND;
    }
    if (!(fn = find_entry(d->module, kind))) {
        why_set(why, cch, L"the provider DLL %ls has no %hs", dll, entry_names[kind]);
        TRACE("%ls has no %s", dll, entry_names[kind]);
        unuse_dll(d);
        return MAPI_E_NOT_FOUND;
    }

    malloc = MAPIGetDefaultMalloc();
    TRACE("calling %ls!%s(spi %#lx, flags %#lx)", dll, entry_names[kind], (ULONG)CURRENT_SPI_VERSION, init_flags);
    switch (kind) {
    case PROVIDER_XP:
        hr = ((LPXPPROVIDERINIT)(void *)fn)(d->module, malloc, MAPIAllocateBuffer, MAPIAllocateMore,
                                            MAPIFreeBuffer, init_flags, CURRENT_SPI_VERSION, &version,
                                            (LPXPPROVIDER *)&object);
        break;
    case PROVIDER_AB:
        hr = ((LPABPROVIDERINIT)(void *)fn)(d->module, malloc, MAPIAllocateBuffer, MAPIAllocateMore,
                                            MAPIFreeBuffer, init_flags, CURRENT_SPI_VERSION, &version,
                                            (LPABPROVIDER *)&object);
        break;
    default:
        hr = ((LPMSPROVIDERINIT)(void *)fn)(d->module, malloc, MAPIAllocateBuffer, MAPIAllocateMore,
                                            MAPIFreeBuffer, init_flags, CURRENT_SPI_VERSION, &version,
                                            (LPMSPROVIDER *)&object);
        break;
    }
    TRACE("%ls!%s -> %#lx, provider version %#lx, object %p", dll, entry_names[kind], hr, version, object);

    if (FAILED(hr)) {
        /* A failing entry point's out pointer is not trusted. */
        why_set(why, cch, L"%hs of %ls failed (%#lx)", entry_names[kind], dll, hr);
        unuse_dll(d);
        return hr;
    }
    if (!object) {
        why_set(why, cch, L"%hs of %ls returned no %hs provider", entry_names[kind], dll, kind_names[kind]);
        unuse_dll(d);
        return MAPI_E_CALL_FAILED;
    }
    /* The provider refuses an SPI older than it needs; we refuse one we do
     * not know (another major/minor, or newer than ours). */
    if (SPI_FAMILY(version) != SPI_FAMILY(CURRENT_SPI_VERSION) || version > CURRENT_SPI_VERSION) {
        why_set(why, cch, L"%ls speaks SPI version %#lx, MAPI speaks %#lx", dll, version, (ULONG)CURRENT_SPI_VERSION);
        TRACE("%ls: SPI version %#lx refused", dll, version);
        if (!READ_LONG(&fast_shutdown_done)) {
            ULONG flags = 0;
            switch (kind) {
            case PROVIDER_XP: IXPProvider_Shutdown((IXPProvider *)object, &flags); break;
            case PROVIDER_AB: IABProvider_Shutdown((IABProvider *)object, &flags); break;
            default: IMSProvider_Shutdown((IMSProvider *)object, &flags); break;
            }
            IUnknown_Release(object);
        }
        unuse_dll(d);
        return MAPI_E_VERSION;
    }

    if (!(prov = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*prov)))) {
        IUnknown_Release(object);
        unuse_dll(d);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    prov->kind = kind;
    prov->object = object;
    prov->dll = d;
    prov->session = session;
    prov->version = version;
    AcquireSRWLockExclusive(&lock);
    prov->serial = ++next_serial;
    for (tail = &providers; *tail; tail = &(*tail)->next) ;
    *tail = prov;
    ReleaseSRWLockExclusive(&lock);
    *out = prov;
    return S_OK;
}

IUnknown *provider_object(const struct provider *prov)
{
    return prov->object;
}

enum provider_kind provider_kind_of(const struct provider *prov)
{
    return prov->kind;
}

HMODULE provider_module(const struct provider *prov)
{
    return prov->dll->module;
}

/* Shutdown(&0) and Release of the provider object. */
static void end_provider(void *arg)
{
    struct provider *prov = arg;
    ULONG flags = 0;
    HRESULT hr;

    switch (prov->kind) {
    case PROVIDER_XP: hr = IXPProvider_Shutdown((IXPProvider *)prov->object, &flags); break;
    case PROVIDER_AB: hr = IABProvider_Shutdown((IABProvider *)prov->object, &flags); break;
    default: hr = IMSProvider_Shutdown((IMSProvider *)prov->object, &flags); break;
    }
    TRACE("%s provider %p of %ls: Shutdown -> %#lx", kind_names[prov->kind], prov->object, prov->dll->name, hr);
    IUnknown_Release(prov->object);
}

static void unlink_provider(struct provider *prov)
{
    struct provider **p;

    AcquireSRWLockExclusive(&lock);
    for (p = &providers; *p; p = &(*p)->next)
        if (*p == prov) {
            *p = prov->next;
            break;
        }
    ReleaseSRWLockExclusive(&lock);
}

void provider_shutdown(struct provider *prov)
{
    BOOL abandoned;

    if (!prov) return;
    abandoned = !READ_LONG(&fast_shutdown_done) && READ_LONG(&prov->abandoned);
    if (abandoned) {
        /* It hung in a fast shutdown call: it is asked, but with a
         * deadline; if it overruns again, it stays listed (and left alone)
         * with its object and DLL. */
        if (READ_LONG(&prov->abandoned) == 2) {
            TRACE("%s provider %p of %ls overran its logoff too: not called again", kind_names[prov->kind],
                  prov->object, prov->dll->name);
            return;
        }
        TRACE("%s provider %p of %ls overran a fast shutdown call: Shutdown with a deadline",
              kind_names[prov->kind], prov->object, prov->dll->name);
        if (!shutdown_bounded_call(end_provider, prov)) {
            InterlockedExchange(&prov->abandoned, 2);
            return;
        }
    }
    /* Off the list first: no snapshot takes it while it ends. */
    unlink_provider(prov);
    if (!READ_LONG(&fast_shutdown_done)) {
        if (!abandoned) end_provider(prov);
        unuse_dll(prov->dll);
    }
    HeapFree(GetProcessHeap(), 0, prov);
}

ULONG provider_snapshot(struct provider_ref **list)
{
    struct provider *prov;
    ULONG n = 0, i = 0;
    int kind;

    *list = NULL;
    AcquireSRWLockShared(&lock);
    for (prov = providers; prov; prov = prov->next) n++;
    if (n && (*list = HeapAlloc(GetProcessHeap(), 0, n * sizeof(**list)))) {
        for (kind = PROVIDER_XP; kind <= PROVIDER_MS; kind++)
            for (prov = providers; prov; prov = prov->next) {
                if ((int)prov->kind != kind) continue;
                (*list)[i].kind = prov->kind;
                (*list)[i].object = prov->object;
                (*list)[i].session = prov->session;
                (*list)[i].serial = prov->serial;
                (*list)[i].abandoned = READ_LONG(&prov->abandoned) != 0;
                (*list)[i].dll = prov->dll->file;
                /* One that hung is not called, not even AddRef. */
                if (!(*list)[i].abandoned) IUnknown_AddRef(prov->object);
                i++;
            }
    }
    if (*list) InterlockedIncrement(&snapshots_out);
    ReleaseSRWLockShared(&lock);
    return *list ? i : 0;
}

static struct provider *find_serial(ULONG serial)
{
    struct provider *prov;

    for (prov = providers; prov; prov = prov->next)
        if (prov->serial == serial) return prov;
    return NULL;
}

void provider_abandon(ULONG serial)
{
    struct provider *prov;

    AcquireSRWLockShared(&lock);
    if ((prov = find_serial(serial))) InterlockedExchange(&prov->abandoned, 1);
    ReleaseSRWLockShared(&lock);
}

BOOL provider_is_abandoned(const struct provider *prov)
{
    return prov && READ_LONG(&prov->abandoned) != 0;
}

void provider_abandon_for_good(struct provider *prov)
{
    if (prov) InterlockedExchange(&prov->abandoned, 2);
}

void provider_snapshot_free(struct provider_ref *list, ULONG count)
{
    struct provdll_entry *gone = NULL;
    struct provider *prov;
    ULONG i;
    BOOL release;

    if (!list) return;
    if (!READ_LONG(&fast_shutdown_done))
        for (i = 0; i < count; i++) {
            /* Our reference stays with one that hung meanwhile. */
            AcquireSRWLockShared(&lock);
            prov = find_serial(list[i].serial);
            release = !list[i].abandoned && !(prov && READ_LONG(&prov->abandoned));
            ReleaseSRWLockShared(&lock);
            if (release) IUnknown_Release(list[i].object);
        }
    HeapFree(GetProcessHeap(), 0, list);
    AcquireSRWLockExclusive(&lock);
    if (!InterlockedDecrement(&snapshots_out) && !freemapi_is_initialized()) gone = collect_unused();
    ReleaseSRWLockExclusive(&lock);
    free_collected(gone);
}

void provider_set_fast_shutdown(void)
{
    InterlockedExchange(&fast_shutdown_done, 1);
}

BOOL provider_fast_shutdown(void)
{
    return READ_LONG(&fast_shutdown_done) != 0;
}
