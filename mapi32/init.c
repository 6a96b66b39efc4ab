/* MAPIInitialize / MAPIUninitialize (mapiinitialize.md, mapiuninitialize.md) and
 * ScInitMapiUtil / DeinitMapiUtil (scinitmapiutil.md, deinitmapiutil.md).
 *
 * MAPIInitialize is counted per process and may be called from any thread; the
 * first call's MAPIINIT_0 flags stay in force until the count falls to zero.
 * COM is initialized on the calling thread unless MAPI_NO_COINIT; each thread's
 * own CoInitialize calls are balanced by its MAPIUninitialize calls. */
#include "mapi32_private.h"
#include "notify.h"
#include "provider.h"

#define KNOWN_INIT_FLAGS (MAPI_MULTITHREAD_NOTIFICATIONS | MAPI_NO_COINIT | MAPI_NT_SERVICE)

static SRWLOCK init_lock = SRWLOCK_INIT;
static LONG init_count;   /* MAPIInitialize calls not yet balanced */
static ULONG init_flags;  /* flags of the call that took the count from 0 */
static LONG util_count;   /* ScInitMapiUtil calls not yet balanced */

/* Per thread: how many of our MAPIInitialize calls did CoInitialize. */
static DWORD coinit_tls = TLS_OUT_OF_INDEXES;

BOOL freemapi_init_attach(void)
{
    coinit_tls = TlsAlloc();
    return coinit_tls != TLS_OUT_OF_INDEXES;
}

void freemapi_init_detach(void)
{
    if (coinit_tls != TLS_OUT_OF_INDEXES) TlsFree(coinit_tls);
    coinit_tls = TLS_OUT_OF_INDEXES;
}

BOOL freemapi_is_initialized(void)
{
    return READ_LONG(&init_count) > 0;
}

/* The MAPIINIT_0 flags in force, e.g. for the notification engine's thread. */
ULONG freemapi_init_flags(void)
{
    ULONG flags;

    AcquireSRWLockShared(&init_lock);
    flags = init_flags;
    ReleaseSRWLockShared(&init_lock);
    return flags;
}

BOOL freemapi_in_use(void)
{
    return READ_LONG(&init_count) > 0 || READ_LONG(&util_count) > 0;
}

/* Step 7 of the documented sequence: the profile registry must be reachable. */
static BOOL profile_registry_ok(void)
{
    HKEY key;

    if (RegOpenKeyExW(HKEY_CURRENT_USER, L"Software", 0, KEY_READ, &key)) return FALSE;
    RegCloseKey(key);
    return TRUE;
}

/* Counts one more user of MAPI in this process and sets MAPI up on the first. */
HRESULT WINAPI MAPIInitialize(LPVOID lpMapiInit)
{
    const MAPIINIT_0 *init = lpMapiInit;
    ULONG flags = init ? init->ulFlags : 0;
    HRESULT hr;
    BOOL did_coinit = FALSE;

    if (init && init->ulVersion != MAPI_INIT_VERSION)
    {
        TRACE("(%p {%lu, %#lx}) -> MAPI_E_INVALID_PARAMETER (version)", init, init->ulVersion, flags);
        return MAPI_E_INVALID_PARAMETER;
    }
    if (flags & ~KNOWN_INIT_FLAGS)
    {
        TRACE("(%p {0, %#lx}) -> MAPI_E_UNKNOWN_FLAGS", init, flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }

    if (!(flags & MAPI_NO_COINIT))
    {
        hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
        /* COM already set up in another mode on this thread is fine for MAPI. */
        if (hr == RPC_E_CHANGED_MODE)
            hr = S_OK;
        else if (FAILED(hr))
        {
            TRACE("(%p) -> %#lx (CoInitializeEx)", init, hr);
            return hr;
        }
        else
            did_coinit = TRUE;
    }

    AcquireSRWLockExclusive(&init_lock);
    if (!init_count && !profile_registry_ok())
    {
        ReleaseSRWLockExclusive(&init_lock);
        if (did_coinit) CoUninitialize();
        TRACE("(%p) -> MAPI_E_NOT_INITIALIZED (profile registry unreachable)", init);
        return MAPI_E_NOT_INITIALIZED;
    }
    /* Step 6, the notification engine: the first call's thread (or, with
     * MAPI_MULTITHREAD_NOTIFICATIONS, the engine's thread) gets them (notify.c). */
    if (!init_count && FAILED(notify_init(flags)))
    {
        ReleaseSRWLockExclusive(&init_lock);
        if (did_coinit) CoUninitialize();
        TRACE("(%p) -> MAPI_E_INVALID_OBJECT (notification engine)", init);
        return MAPI_E_INVALID_OBJECT;
    }
    if (!init_count++) init_flags = flags;
    ReleaseSRWLockExclusive(&init_lock);

    if (did_coinit)
        TlsSetValue(coinit_tls, (void *)((ULONG_PTR)TlsGetValue(coinit_tls) + 1));
    TRACE("(%p {flags %#lx}) -> S_OK, count %ld", init, flags, init_count);
    return S_OK;
}

/* Counts one user less; past zero it does nothing. */
void WINAPI MAPIUninitialize(void)
{
    ULONG_PTR coinits;
    LONG count;
    BOOL was_last = FALSE;

    /* After DoFastShutdown the process is exiting: no sink is released, no
     * thread joined, no DLL freed (mapi-spec.md 1.5). */
    if (provider_fast_shutdown())
    {
        TRACE("() after a fast shutdown: nothing to do");
        return;
    }
    AcquireSRWLockExclusive(&init_lock);
    if (init_count > 0 && !--init_count)
    {
        init_flags = 0;
        was_last = TRUE;
    }
    count = init_count;
    ReleaseSRWLockExclusive(&init_lock);
    /* The last user is gone: subscriptions, queues and the delivery thread go
     * (outside the lock: sinks' Release may call MAPI). */
    if (was_last) notify_shutdown();
    /* Provider DLLs go after the last MAPIUninitialize (mapiuninitialize.md). */
    if (was_last) provider_unload_unused();

    if ((coinits = (ULONG_PTR)TlsGetValue(coinit_tls)))
    {
        TlsSetValue(coinit_tls, (void *)(coinits - 1));
        CoUninitialize();
    }
    TRACE("() count %ld", count);
}

/* Lets a program use the utility functions without MAPIInitialize. */
SCODE WINAPI ScInitMapiUtil(ULONG ulFlags)
{
    if (ulFlags)
    {
        TRACE("(%#lx) -> MAPI_E_UNKNOWN_FLAGS", ulFlags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    InterlockedIncrement(&util_count);
    TRACE("(0) -> S_OK");
    return S_OK;
}

/* Balances ScInitMapiUtil; past zero it does nothing. */
void WINAPI DeinitMapiUtil(void)
{
    LONG c = READ_LONG(&util_count);

    while (c > 0)
    {
        LONG seen = InterlockedCompareExchange(&util_count, c - 1, c);
        if (seen == c) break;
        c = seen;
    }
    TRACE("()");
}
