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

#include <mapiutil.h>

struct provdll_entry {
    struct provdll_entry *next;
    WCHAR name[MAX_PATH];       /* the name the profile gave when it was loaded */
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
};

static SRWLOCK lock = SRWLOCK_INIT;     /* the two lists; never held across a provider call */
static struct provdll_entry *dlls;
static struct provider *providers;      /* oldest first */
static LONG fast_shutdown_done;

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

void provider_shutdown(struct provider *prov)
{
    struct provider **p;
    ULONG flags = 0;
    HRESULT hr;

    if (!prov) return;
    AcquireSRWLockExclusive(&lock);
    for (p = &providers; *p; p = &(*p)->next)
        if (*p == prov) {
            *p = prov->next;
            break;
        }
    ReleaseSRWLockExclusive(&lock);

    if (!READ_LONG(&fast_shutdown_done)) {
        switch (prov->kind) {
        case PROVIDER_XP: hr = IXPProvider_Shutdown((IXPProvider *)prov->object, &flags); break;
        case PROVIDER_AB: hr = IABProvider_Shutdown((IABProvider *)prov->object, &flags); break;
        default: hr = IMSProvider_Shutdown((IMSProvider *)prov->object, &flags); break;
        }
        TRACE("%s provider %p of %ls: Shutdown -> %#lx", kind_names[prov->kind], prov->object, prov->dll->name, hr);
        IUnknown_Release(prov->object);
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
                IUnknown_AddRef(prov->object);
                i++;
            }
    }
    ReleaseSRWLockShared(&lock);
    return *list ? i : 0;
}

void provider_snapshot_free(struct provider_ref *list, ULONG count)
{
    ULONG i;

    if (!list) return;
    if (!READ_LONG(&fast_shutdown_done))
        for (i = 0; i < count; i++) IUnknown_Release(list[i].object);
    HeapFree(GetProcessHeap(), 0, list);
}

void provider_set_fast_shutdown(void)
{
    InterlockedExchange(&fast_shutdown_done, 1);
}

BOOL provider_fast_shutdown(void)
{
    return READ_LONG(&fast_shutdown_done) != 0;
}
