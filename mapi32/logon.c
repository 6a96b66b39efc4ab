/*
 * MAPILogonEx (mapilogonex.md, mapi-spec.md 3.3) and the process's list of
 * sessions.
 *
 * Every logon goes through one mutex, named so that it serializes logons
 * across the processes of the user's session as Windows' MAPI does
 * ("FreeMAPI.Logon"); with MAPI_TIMEOUT_SHORT a logon gives up with
 * MAPI_E_TIMEOUT after LOGON_SHORT_WAIT ms.
 *
 * Choosing the profile, with no UI to ask the user (FreeMAPI shows none):
 *   - a shared session (made with MAPI_ALLOW_OTHERS) is returned to every
 *     logon without MAPI_NEW_SESSION, whatever profile it names;
 *   - MAPI_USE_DEFAULT: the default profile (if there is none, the name
 *     given, if any);
 *   - a name: that profile; an unknown one fails with MAPI_E_LOGON_FAILED;
 *     an "app" profile needs MAPI_APP_PROFILE;
 *   - no name: the default profile, unless MAPI_EXPLICIT_PROFILE;
 *   - nothing chosen: MAPI_E_USER_CANCEL with MAPI_LOGON_UI (the profile
 *     picker would have had nothing to offer or been closed), else
 *     MAPI_E_LOGON_FAILED.
 * MAPI_PASSWORD_UI, MAPI_SERVICE_UI_ALWAYS and MAPI_FORCE_DOWNLOAD have
 * nothing to show or download and are accepted; MAPI_BG_SESSION and
 * MAPI_EXTENDED are accepted; MAPI_NT_SERVICE reaches the providers' init.
 * Invalid parameters fail with MAPI_E_LOGON_FAILED as the page says, flags
 * nobody defined with MAPI_E_UNKNOWN_FLAGS.
 */
#include "mapi32_private.h"
#include "session.h"

#define LOGON_FLAGS (MAPI_LOGON_UI | MAPI_NEW_SESSION | MAPI_APP_PROFILE | MAPI_ALLOW_OTHERS | \
                     MAPI_EXPLICIT_PROFILE | MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_FORCE_DOWNLOAD | \
                     MAPI_SERVICE_UI_ALWAYS | MAPI_NO_MAIL | MAPI_NT_SERVICE | MAPI_PASSWORD_UI | \
                     MAPI_TIMEOUT_SHORT | MAPI_BG_SESSION | MAPI_UNICODE)
#define LOGON_SHORT_WAIT 3000

struct entry {
    struct entry *next;
    struct session *s;
};

static SRWLOCK list_lock = SRWLOCK_INIT;
static struct entry *sessions;
static struct session *shared;
static LONG serials;
static HANDLE logon_mutex;
static INIT_ONCE mutex_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK make_mutex(INIT_ONCE *once, void *param, void **ctx)
{
    logon_mutex = CreateMutexW(NULL, FALSE, L"FreeMAPI.Logon");
    return TRUE;
}

void sessions_for_profile(const WCHAR *profile, session_visit_fn fn, void *ctx)
{
    struct session **list = NULL;
    struct entry *e;
    ULONG n = 0, i;

    /* A snapshot, so that fn runs without the list lock (it may reach
     * client code through table notifications). */
    AcquireSRWLockShared(&list_lock);
    for (e = sessions; e; e = e->next) n++;
    if (n && (list = HeapAlloc(GetProcessHeap(), 0, n * sizeof(*list)))) {
        n = 0;
        for (e = sessions; e; e = e->next)
            if (!lstrcmpiW(session_profile_name(e->s), profile)) {
                session_hold(e->s);
                list[n++] = e->s;
            }
    } else n = 0;
    ReleaseSRWLockShared(&list_lock);
    for (i = 0; i < n; i++) {
        fn(list[i], ctx);
        session_unhold(list[i]);
    }
    HeapFree(GetProcessHeap(), 0, list);
}

void sessions_remove(struct session *s)
{
    struct entry **p, *e;

    AcquireSRWLockExclusive(&list_lock);
    if (shared == s) shared = NULL;
    for (p = &sessions; (e = *p); p = &e->next)
        if (e->s == s) {
            *p = e->next;
            HeapFree(GetProcessHeap(), 0, e);
            break;
        }
    ReleaseSRWLockExclusive(&list_lock);
}

/* Picks the profile (see the top of the file); MAPI_E_LOGON_FAILED or
 * MAPI_E_USER_CANCEL when there is none. */
static HRESULT choose_profile(const WCHAR *name, ULONG flags, WCHAR *out)
{
    WCHAR def[PROFSTORE_MAX_NAME + 1];
    BOOL named = name && name[0], have_default;

    /* The default is looked up only when it can be the answer. */
    if (named && !(flags & MAPI_USE_DEFAULT)) {
        lstrcpynW(out, name, PROFSTORE_MAX_NAME + 1);
        return S_OK;
    }
    have_default = !profstore_get_default(def, ARRAYSIZE(def));
    if (named) {
        lstrcpynW(out, have_default ? def : name, PROFSTORE_MAX_NAME + 1);
        return S_OK;
    }
    if (have_default && ((flags & MAPI_USE_DEFAULT) || !(flags & MAPI_EXPLICIT_PROFILE))) {
        lstrcpyW(out, def);
        return S_OK;
    }
    return (flags & MAPI_LOGON_UI) ? MAPI_E_USER_CANCEL : MAPI_E_LOGON_FAILED;
}

/* Logs a client on to a session (mapilogonex.md). */
HRESULT WINAPI MAPILogonEx(ULONG_PTR ulUIParam, LPTSTR lpszProfileName, LPTSTR lpszPassword, ULONG ulFlags,
                           LPMAPISESSION *lppSession)
{
    WCHAR *name = NULL, chosen[PROFSTORE_MAX_NAME + 1];
    struct admin_profile *prof = NULL;
    struct session *s = NULL;
    struct entry *e;
    DWORD wait;
    HRESULT hr;

    if (!freemapi_is_initialized()) {
        TRACE("(%#Ix, %p, %p, %#lx, %p) -> MAPI_E_NOT_INITIALIZED", ulUIParam, lpszProfileName, lpszPassword,
              ulFlags, lppSession);
        if (lppSession && !IsBadWritePtr(lppSession, sizeof(*lppSession))) *lppSession = NULL;
        return MAPI_E_NOT_INITIALIZED;
    }
    if (!lppSession || IsBadWritePtr(lppSession, sizeof(*lppSession))) {
        TRACE("(%p) -> MAPI_E_LOGON_FAILED (no session pointer)", lppSession);
        return MAPI_E_LOGON_FAILED;
    }
    *lppSession = NULL;
    if (ulFlags & ~LOGON_FLAGS) {
        TRACE("(%#lx) -> MAPI_E_UNKNOWN_FLAGS", ulFlags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (lpszProfileName) {
        if ((ulFlags & MAPI_UNICODE) ? IsBadStringPtrW((const WCHAR *)lpszProfileName, PROFSTORE_MAX_NAME + 1)
                                     : IsBadStringPtrA((const char *)lpszProfileName, PROFSTORE_MAX_NAME * 2 + 1))
            return MAPI_E_LOGON_FAILED;
        if (!(name = tstr_to_w(lpszProfileName, ulFlags))) return MAPI_E_NOT_ENOUGH_MEMORY;
        if (lstrlenW(name) > PROFSTORE_MAX_NAME) {
            TRACE("profile name longer than %u characters -> MAPI_E_LOGON_FAILED", PROFSTORE_MAX_NAME);
            tstr_free(name);
            return MAPI_E_LOGON_FAILED;
        }
    }
    /* lpszPassword must be NULL; profiles have no passwords any more, and
     * what old clients pass there is ignored. */

    InitOnceExecuteOnce(&mutex_once, make_mutex, NULL, NULL);
    if (logon_mutex) {
        wait = WaitForSingleObject(logon_mutex, (ulFlags & MAPI_TIMEOUT_SHORT) ? LOGON_SHORT_WAIT : INFINITE);
        if (wait == WAIT_TIMEOUT) {
            tstr_free(name);
            TRACE("another logon holds the logon mutex -> MAPI_E_TIMEOUT");
            return MAPI_E_TIMEOUT;
        }
        /* WAIT_ABANDONED: the holder died; the mutex is ours now. */
    }

    /* The shared session, whatever profile was asked for. */
    if (!(ulFlags & MAPI_NEW_SESSION)) {
        AcquireSRWLockExclusive(&list_lock);
        if (shared && !session_is_logged_off(shared)) {
            s = shared;
            session_add_user(s);
            IMAPISession_AddRef(session_iface(s));
        }
        ReleaseSRWLockExclusive(&list_lock);
        if (s) {
            if (logon_mutex) ReleaseMutex(logon_mutex);
            tstr_free(name);
            *lppSession = session_iface(s);
            TRACE("(%#lx) -> S_OK, the shared session on %ls", ulFlags, session_profile_name(s));
            return S_OK;
        }
    }

    hr = choose_profile(name, ulFlags, chosen);
    if (!hr) {
        hr = adminprof_open_for_session(chosen, &prof);
        if (hr) hr = MAPI_E_LOGON_FAILED;
        else if (profstore_is_app(prof->key) && !(ulFlags & MAPI_APP_PROFILE)) hr = MAPI_E_LOGON_FAILED;
    }
    if (!hr) hr = session_create(prof, ulFlags, (ULONG)InterlockedIncrement(&serials), &s);
    if (!hr) {
        if ((e = HeapAlloc(GetProcessHeap(), 0, sizeof(*e)))) {
            AcquireSRWLockExclusive(&list_lock);
            e->s = s;
            e->next = sessions;
            sessions = e;
            if ((ulFlags & MAPI_ALLOW_OTHERS) && !shared) shared = s;
            ReleaseSRWLockExclusive(&list_lock);
        }
        *lppSession = session_iface(s);
    }
    if (logon_mutex) ReleaseMutex(logon_mutex);
    adminprof_release(prof);
    TRACE("(%#Ix, %ls, %#lx) -> %#lx, profile %ls", ulUIParam, name ? name : L"(null)", ulFlags, hr,
          hr ? L"-" : chosen);
    tstr_free(name);
    return hr;
}
