/*
 * Fast shutdown (mapi-spec.md 1): IMAPIClientShutdown on every session, and
 * the coordinator behind it, which asks every provider object of every live
 * session (provider_snapshot) through IMAPIProviderShutdown under the
 * FastShutdownBehavior policy.  docs/fast-shutdown.md says what it does
 * where the documentation is silent.
 */
#ifndef FREEMAPI_SHUTDOWN_H
#define FREEMAPI_SHUTDOWN_H

#include <windows.h>
#include <mapix.h>

/* The policy key, under HKEY_CURRENT_USER, with the Office version in the
 * middle (16.0, then 15.0, then 14.0: the first that has a value wins). */
#define SHUTDOWN_POLICY_ROOT    L"Software\\Policies\\Microsoft\\Office"
#define SHUTDOWN_POLICY_SUBKEY  L"Outlook\\Options\\Shutdown"
#define SHUTDOWN_POLICY_VALUE   L"FastShutdownBehavior"      /* REG_DWORD 0, 1, 2 */
#define SHUTDOWN_TIMEOUT_VALUE  L"FreeMAPIProviderTimeoutMs" /* REG_DWORD, ours */
#define SHUTDOWN_DEFAULT_TIMEOUT 5000       /* ms per provider call; also for 0 */
#define SHUTDOWN_MAX_TIMEOUT     600000     /* larger values are cut to this */

/* A session's IMAPIClientShutdown: a second interface of the session
 * object.  Its IUnknown methods go to outer (the session), so COM identity
 * holds both ways and the session lives as long as this pointer is held. */
struct client_shutdown {
    IMAPIClientShutdown IMAPIClientShutdown_iface;
    IUnknown *outer;
};

void client_shutdown_init(struct client_shutdown *cs, IUnknown *outer);

/* A client asked for IMAPIClientShutdown: the thread that calls providers
 * is started now, so that the three calls do not pay for it. */
void shutdown_prepare(void);

/* Calls fn(arg) on the thread that calls providers, within the deadline
 * (FreeMAPIProviderTimeoutMs): for the normal end of a provider that
 * overran a fast shutdown call.  FALSE if fn did not return in time (it
 * may still be running: what it uses must stay). */
BOOL shutdown_bounded_call(void (*fn)(void *), void *arg);

#endif
