/*
 * Provider DLLs and provider objects (mapi-spec.md 5.1, 5.4, 5.5, 5.6).
 *
 * A provider DLL is loaded once per process, through provdll_load (the "32"
 * rule, allowed folders only), and freed when no provider object of it is
 * left and MAPI is no longer initialized (after the last MAPIUninitialize,
 * as the docs ask).  A provider object is what one XXProviderInit call
 * returns; the session owns it and ends it with provider_shutdown.
 *
 * Every live provider object is in a process-wide list, so that the fast
 * shutdown coordinator can walk them without seeing session internals.
 */
#ifndef FREEMAPI_PROVIDER_H
#define FREEMAPI_PROVIDER_H

#include <windows.h>
#include <mapix.h>
#include <mapispi.h>

/* In the order fast shutdown calls them (mapi-spec.md 1.2). */
enum provider_kind {
    PROVIDER_XP = 0,    /* IXPProvider, XPProviderInit */
    PROVIDER_AB = 1,    /* IABProvider, ABProviderInit */
    PROVIDER_MS = 2     /* IMSProvider, MSProviderInit */
};

struct provider;

/* Loads dll (PR_PROVIDER_DLL_NAME as the profile has it) if it is not yet,
 * calls its entry point for kind with MAPI's allocators, IMalloc and
 * CURRENT_SPI_VERSION, and checks the version the provider reports.
 * init_flags go to the entry point (MAPI_NT_SERVICE).  session is a number
 * the snapshot reports.  On failure why (may be NULL) gets the reason:
 * MAPI_E_NOT_FOUND (no DLL, no entry point), MAPI_E_VERSION, or what the
 * entry point returned. */
HRESULT provider_create(enum provider_kind kind, const WCHAR *dll, ULONG init_flags, ULONG session,
                        struct provider **out, WCHAR *why, DWORD cch);

/* The IXPProvider / IABProvider / IMSProvider (no reference added). */
IUnknown *provider_object(const struct provider *prov);
enum provider_kind provider_kind_of(const struct provider *prov);
HMODULE provider_module(const struct provider *prov);

/* Normal end (mapi-spec.md 5.5): the session released every logon object
 * first; this calls Shutdown(&0) then Release on the provider object, takes
 * it off the process list and frees the struct.  After a fast shutdown it
 * only forgets the object. */
void provider_shutdown(struct provider *prov);

/* For the shutdown coordinator: every provider object of every live
 * session, transports first, then address books, then stores (within a
 * kind, oldest session first), each object once and AddRef'ed.  *list is
 * HeapAlloc'ed; give it back with provider_snapshot_free, which releases
 * the objects.  Returns the count (0 and *list NULL when there is none). */
struct provider_ref {
    enum provider_kind kind;
    IUnknown *object;       /* IXPProvider / IABProvider / IMSProvider */
    ULONG session;          /* the session number given to provider_create */
    ULONG serial;           /* the provider's own number, never reused in the process */
    BOOL abandoned;         /* it overran a fast shutdown call: not AddRef'ed, not to be called */
    const WCHAR *dll;       /* its DLL's name, valid until provider_snapshot_free */
};
ULONG provider_snapshot(struct provider_ref **list);
void provider_snapshot_free(struct provider_ref *list, ULONG count);
/* The coordinator gave up on the provider numbered serial (it overran a
 * fast shutdown call; a thread may still be inside it).  From then on no
 * snapshot AddRefs it, and its normal end (its logons' Logoff,
 * provider_shutdown) runs with a deadline (shutdown_bounded_call); if that
 * overruns too, its objects and DLL are never released. */
void provider_abandon(ULONG serial);
BOOL provider_is_abandoned(const struct provider *prov);
/* It overran a bounded call of its normal end too: it is never called
 * again (not even Shutdown), and its object and DLL stay. */
void provider_abandon_for_good(struct provider *prov);

/* After a fast shutdown nothing may call providers or unload their DLLs
 * again (mapi-spec.md 1.5): sessions then only drop their own memory. */
void provider_set_fast_shutdown(void);
BOOL provider_fast_shutdown(void);

/* Frees the DLLs no provider object uses any more, if MAPI is not
 * initialized (called by the last MAPIUninitialize). */
void provider_unload_unused(void);

/* Number of provider DLLs loaded now (tests, traces). */
ULONG provider_loaded_dlls(void);

#endif
