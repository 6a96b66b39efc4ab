/*
 * IMAPISession (mapi-spec.md 2; imapisessioniunknown.md and the
 * imapisession-*.md pages) and the provider logons behind it (mapi-spec.md
 * 5.4, 5.5).
 *
 * A session knows the provider sections of its profile, one provider object
 * per kind and DLL (imsprovideriunknown.md: "one message store provider
 * object per session"), and its logons, each with its own IMAPISupport
 * (support.c).  Transports are logged on when the session is made (MAPI has
 * no separate spooler process here), address books the first time they are
 * needed (OpenAddressBook, or an entry ID of theirs), stores by OpenMsgStore.
 *
 * Failures: a provider whose DLL, entry point, init or SPI version is wrong
 * is skipped with a trace and a status row in error (STATUS_FAILURE, the
 * reason in PR_STATUS_STRING).  A provider logon that fails with anything
 * but MAPI_E_FAILONEPROVIDER, MAPI_E_USER_CANCEL, MAPI_E_UNKNOWN_CPID/LCID
 * (or, for a store, MAPI_E_LOGON_FAILED) disables its whole message service
 * for the rest of the session; MAPI_E_UNCONFIGURED first calls the service
 * entry with MSG_SERVICE_CONFIGURE and tries the logon once more.
 *
 * Locks: the session's critical section guards its lists and is held across
 * the provider calls that change them (logon, logoff), so a provider may call
 * back into its support object on the same thread.  The stores tables of
 * every session are refreshed under one process-wide lock, so that a change
 * of the profile (ModifyProfile, SetDefaultStore) reaches every session on
 * that profile.
 *
 * This file holds the session object and its IMAPISession methods; the
 * provider logons are in session_logons.c, the stores and OpenMsgStore in
 * session_stores.c, entry-ID routing in session_entryids.c
 * (session_private.h).
 */
#define COBJMACROS
#include <stdio.h>
#include <string.h>

#include "mapi32_private.h"
#include "session.h"
#include "session_private.h"
#include "notify.h"
#include "profsect.h"
#include "shutdown.h"

#include <mapiguid.h>
#include <mapiutil.h>

static const IMAPISessionVtbl session_vtbl;

static inline struct session *impl_from_IMAPISession(IMAPISession *iface)
{
    return CONTAINING_RECORD(iface, struct session, IMAPISession_iface);
}

const WCHAR *session_kind_name(enum provider_kind kind)
{
    return kind == PROVIDER_XP ? L"transport" : kind == PROVIDER_AB ? L"address book" : L"store";
}

ULONG session_resource_type(enum provider_kind kind)
{
    return kind == PROVIDER_XP ? MAPI_TRANSPORT_PROVIDER : kind == PROVIDER_AB ? MAPI_AB_PROVIDER : MAPI_STORE_PROVIDER;
}

/* ---- the process-wide lock of the stores tables ---- */

static CRITICAL_SECTION stores_cs;
static INIT_ONCE stores_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK init_stores_cs(INIT_ONCE *once, void *param, void **ctx)
{
    InitializeCriticalSection(&stores_cs);
    return TRUE;
}

void session_stores_lock(void)
{
    InitOnceExecuteOnce(&stores_once, init_stores_cs, NULL, NULL);
    EnterCriticalSection(&stores_cs);
}

void session_stores_unlock(void)
{
    LeaveCriticalSection(&stores_cs);
}

/* ---- core lifetime ---- */

static void session_free(struct session *s)
{
    ULONG i;

    stores_table_free(s->stores);
    status_table_free(s->status);
    for (i = 0; i < s->nsects; i++) HeapFree(GetProcessHeap(), 0, s->sects[i]);
    HeapFree(GetProcessHeap(), 0, s->sects);
    HeapFree(GetProcessHeap(), 0, s->provs);
    HeapFree(GetProcessHeap(), 0, s->disabled);
    HeapFree(GetProcessHeap(), 0, s->uids);
    HeapFree(GetProcessHeap(), 0, s->advises);
    adminprof_release(s->prof);
    DeleteCriticalSection(&s->cs);
    HeapFree(GetProcessHeap(), 0, s);
}

void session_hold(struct session *s)
{
    InterlockedIncrement(&s->core);
}

/* After a fast shutdown the process is exiting: nothing is freed. */
void session_unhold(struct session *s)
{
    if (!InterlockedDecrement(&s->core) && !provider_fast_shutdown()) session_free(s);
}

IMAPISession *session_iface(struct session *s)
{
    return &s->IMAPISession_iface;
}

const WCHAR *session_profile_name(const struct session *s)
{
    return s->prof->name;
}

void session_add_user(struct session *s)
{
    InterlockedIncrement(&s->users);
}

BOOL session_is_logged_off(const struct session *s)
{
    return READ_LONG(&s->ended) != 0 || provider_fast_shutdown();
}

/* Logged off, or the process fast-shut-down: no more provider work. */
BOOL session_over(const struct session *s)
{
    return READ_LONG(&s->ended) != 0 || provider_fast_shutdown();
}

/* Only our own sessions are looked into. */
struct session *session_from(IMAPISession *iface)
{
    if (!iface || iface->lpVtbl != &session_vtbl) return NULL;
    return impl_from_IMAPISession(iface);
}

/* ---- reading a few properties of a section quickly ----
 * Logon reads the same handful of properties of many sections.  Each is one
 * RegQueryValueEx by its value name (docs/profiles.md: type then ID in hex,
 * REG_BINARY with the value's bytes) instead of a walk over every value of
 * the section; a value in any other shape sends the whole read the general
 * way (profstore_get_props), which knows every lenient form. */

#define FAST_MAX 2048

/* One value; FALSE if it is not there, *odd if it is there in a shape the
 * fast path does not decode. */
static BOOL fast_value(HKEY key, ULONG tag, BYTE *buf, DWORD *cb, DWORD *type, BOOL *odd)
{
    WCHAR name[12];
    LONG err;

    wsprintfW(name, L"%04x%04x", PROP_TYPE(tag), PROP_ID(tag));
    *cb = FAST_MAX;
    err = RegQueryValueExW(key, name, NULL, type, buf, cb);
    if (err == ERROR_FILE_NOT_FOUND) return FALSE;
    if (err) *odd = TRUE;
    return TRUE;
}

HRESULT session_get_props(HKEY key, const SPropTagArray *tags, ULONG *count, SPropValue **out)
{
    SPropValue *v;
    BYTE *buf;
    DWORD cb, type;
    ULONG i;
    BOOL odd = FALSE, errors = FALSE;
    HRESULT hr;

    if (!(buf = HeapAlloc(GetProcessHeap(), 0, FAST_MAX + 4))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if ((hr = MAPIAllocateBuffer(tags->cValues * sizeof(SPropValue), (void **)&v))) {
        HeapFree(GetProcessHeap(), 0, buf);
        return hr;
    }
    for (i = 0; i < tags->cValues && !odd && !hr; i++) {
        ULONG tag = tags->aulPropTag[i];
        void *data;

        v[i].ulPropTag = tag;
        v[i].dwAlignPad = 0;
        switch (PROP_TYPE(tag)) {
        case PT_LONG:
            if (!fast_value(key, tag, buf, &cb, &type, &odd)) goto missing;
            if (odd || (type != REG_BINARY && type != REG_DWORD) || cb != 4) odd = TRUE;
            else memcpy(&v[i].Value.l, buf, 4);
            break;
        case PT_BINARY:
            if (!fast_value(key, tag, buf, &cb, &type, &odd)) goto missing;
            if (odd || type != REG_BINARY) odd = TRUE;
            else if (!(hr = MAPIAllocateMore(cb ? cb : 1, v, &data))) {
                memcpy(data, buf, cb);
                v[i].Value.bin.cb = cb;
                v[i].Value.bin.lpb = data;
            }
            break;
        case PT_UNICODE:
            if (fast_value(key, tag, buf, &cb, &type, &odd)) {
                /* UTF-16 with its terminator. */
                if (odd || (type != REG_BINARY && type != REG_SZ) || (cb & 1) || cb < 2 ||
                    buf[cb - 1] || buf[cb - 2])
                    odd = TRUE;
                else if (!(hr = MAPIAllocateMore(cb, v, &data))) {
                    memcpy(data, buf, cb);
                    v[i].Value.lpszW = data;
                }
            } else if (fast_value(key, CHANGE_PROP_TYPE(tag, PT_STRING8), buf, &cb, &type, &odd)) {
                /* 8-bit, in the ANSI code page, with its terminator. */
                int n;
                if (odd || type != REG_BINARY || !cb || buf[cb - 1]) odd = TRUE;
                else if (!(n = MultiByteToWideChar(CP_ACP, 0, (char *)buf, -1, NULL, 0))) odd = TRUE;
                else if (!(hr = MAPIAllocateMore(n * sizeof(WCHAR), v, &data))) {
                    MultiByteToWideChar(CP_ACP, 0, (char *)buf, -1, data, n);
                    v[i].Value.lpszW = data;
                }
            } else goto missing;
            break;
        default:
            odd = TRUE;
            break;
        }
        continue;
missing:
        v[i].ulPropTag = CHANGE_PROP_TYPE(tag, PT_ERROR);
        v[i].Value.err = MAPI_E_NOT_FOUND;
        errors = TRUE;
    }
    HeapFree(GetProcessHeap(), 0, buf);
    if (hr || odd) {
        MAPIFreeBuffer(v);
        if (hr) return hr;
        TRACE("a value is in another shape: reading the section the general way");
        return profstore_get_props(key, tags, 0, NULL, 0, count, out);
    }
    *count = tags->cValues;
    *out = v;
    return errors ? MAPI_W_ERRORS_RETURNED : S_OK;
}

/* A list of UIDs in an open root section, HeapAlloc'ed. */
static void key_list(HKEY root, ULONG tag, MAPIUID **uids, ULONG *n)
{
    SizedSPropTagArray(1, tags) = {1, {tag}};
    SPropValue *v;
    ULONG count;

    *uids = NULL;
    *n = 0;
    if (SUCCEEDED(session_get_props(root, (SPropTagArray *)&tags, &count, &v))) {
        if (v->ulPropTag == tag && v->Value.bin.cb >= sizeof(MAPIUID) &&
            (*uids = HeapAlloc(GetProcessHeap(), 0, v->Value.bin.cb))) {
            *n = v->Value.bin.cb / sizeof(MAPIUID);
            memcpy(*uids, v->Value.bin.lpb, *n * sizeof(MAPIUID));
        }
        MAPIFreeBuffer(v);
    }
}

/* A list of UIDs of MAPI's root section (PR_STORE_PROVIDERS ...), HeapAlloc'ed. */
void session_root_list(struct session *s, ULONG tag, MAPIUID **uids, ULONG *n)
{
    HKEY root;

    *uids = NULL;
    *n = 0;
    if (profstore_open_section(s->prof->key, &profstore_root_uid, FALSE, FALSE, &root)) return;
    key_list(root, tag, uids, n);
    RegCloseKey(root);
}

/* ---- the end of a session ---- */

/* Logoff (imapisession-logoff.md, mapi-spec.md 5.5): clients advised on the
 * session hear of it (fnevExtended), then every logon is logged off and
 * released (stores, address books, transports), then every provider object
 * gets Shutdown and Release. */
static void session_end(struct session *s)
{
    NOTIFICATION n;
    struct logon *lo;
    NOTIFKEY *key;
    ULONG i;
    int kind;

    EnterCriticalSection(&s->cs);
    if (s->ended) {
        LeaveCriticalSection(&s->cs);
        return;
    }
    s->ended = TRUE;
    LeaveCriticalSection(&s->cs);
    sessions_remove(s);
    /* After a fast shutdown the process is exiting and providers expect no
     * call (mapi-spec.md 1.5): nothing is logged off, released or freed. */
    if (provider_fast_shutdown()) {
        TRACE(": session %lu on %ls ended after a fast shutdown: nothing to do", s->serial, s->prof->name);
        return;
    }

    if (!provider_fast_shutdown() &&
        (key = HeapAlloc(GetProcessHeap(), 0, CbNewNOTIFKEY(s->cbkey)))) {
        ULONG flags = NOTIFY_SYNC;
        memset(&n, 0, sizeof(n));
        n.ulEventType = fnevExtended;
        key->cb = s->cbkey;
        memcpy(key->ab, s->key, s->cbkey);
        notify_fire(key, 1, &n, &flags);
        HeapFree(GetProcessHeap(), 0, key);
    }

    EnterCriticalSection(&s->cs);
    for (i = 0; i < s->nadvises; i++)
        if (!s->advises[i].lo) notify_unsubscribe(s->advises[i].conn);
    for (kind = PROVIDER_MS; kind >= PROVIDER_XP; kind--) {
        for (lo = s->logons; lo; ) {
            if ((int)lo->kind == kind && !lo->ended) {
                logon_end(s, lo);
                lo = s->logons;     /* the list changed */
            } else lo = lo->next;
        }
    }
    s->nadvises = 0;
    for (kind = PROVIDER_MS; kind >= PROVIDER_XP; kind--)
        for (i = 0; i < s->nprovs; i++)
            if ((int)s->provs[i].kind == kind && s->provs[i].prov) {
                provider_shutdown(s->provs[i].prov);
                s->provs[i].prov = NULL;
            }
    for (i = 0; i < s->nsects; i++) session_drop_temp_section(s, s->sects[i]);
    LeaveCriticalSection(&s->cs);
    TRACE("session %lu on %ls ended", s->serial, s->prof->name);
}

/* ---- IMAPISession ---- */

static HRESULT WINAPI session_QueryInterface(IMAPISession *iface, REFIID riid, void **out)
{
    struct session *s = impl_from_IMAPISession(iface);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!riid) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPISession)) {
        *out = &s->IMAPISession_iface;
        IMAPISession_AddRef(iface);
        return S_OK;
    }
    /* Fast shutdown (mapi-spec.md 1.5): a second interface of this object,
     * whatever state the session is in. */
    if (IsEqualIID(riid, &IID_IMAPIClientShutdown)) {
        shutdown_prepare();
        *out = &s->shutdown.IMAPIClientShutdown_iface;
        IMAPISession_AddRef(iface);
        TRACE("(%p, IID_IMAPIClientShutdown) -> S_OK, %p", iface, *out);
        return S_OK;
    }
    TRACE("(%p, {%08lx-...}) -> E_NOINTERFACE", iface, riid->Data1);
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI session_AddRef(IMAPISession *iface)
{
    return InterlockedIncrement(&impl_from_IMAPISession(iface)->refcount);
}

/* The last client reference without Logoff logs the session off. */
static ULONG WINAPI session_Release(IMAPISession *iface)
{
    struct session *s = impl_from_IMAPISession(iface);
    ULONG ref = InterlockedDecrement(&s->refcount);

    if (!ref) {
        session_end(s);
        session_unhold(s);
    }
    return ref;
}

static HRESULT WINAPI session_GetLastError(IMAPISession *iface, HRESULT hr, ULONG flags, LPMAPIERROR *out)
{
    return lasterr_get(&impl_from_IMAPISession(iface)->err, hr, flags, out);
}

static HRESULT WINAPI session_GetMsgStoresTable(IMAPISession *iface, ULONG flags, LPMAPITABLE *out)
{
    struct session *s = impl_from_IMAPISession(iface);
    HRESULT hr;

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (session_over(s)) return MAPI_E_END_OF_SESSION;
    hr = stores_table_open(s->stores, flags, out);
    TRACE("(%p, %#lx) -> %#lx", iface, flags, hr);
    return hr;
}

static HRESULT WINAPI session_OpenMsgStore(IMAPISession *iface, ULONG_PTR ui, ULONG cb, LPENTRYID eid,
                                           LPCIID iid, ULONG flags, LPMDB *out)
{
    struct session *s = impl_from_IMAPISession(iface);
    HRESULT hr;

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!eid || !cb || cb > 0x100000 || IsBadReadPtr(eid, cb)) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~OPEN_STORE_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
    EnterCriticalSection(&s->cs);
    hr = session_over(s) ? MAPI_E_END_OF_SESSION : session_open_store(s, ui, cb, eid, iid, flags, out);
    LeaveCriticalSection(&s->cs);
    TRACE("(%p, %lu, %p, %#lx) -> %#lx, %p", iface, cb, eid, flags, hr, *out);
    return hr;
}

/* The address books are logged on; the IAddrBook that merges them is
 * addrbook.c's (MAPI_W_ERRORS_RETURNED when one could not be logged on). */
static HRESULT WINAPI session_OpenAddressBook(IMAPISession *iface, ULONG_PTR ui, LPCIID iid, ULONG flags,
                                              LPADRBOOK *out)
{
    struct session *s = impl_from_IMAPISession(iface);
    HRESULT hr;

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(AB_NO_DIALOG | AB_UNICODEUI | MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
    if (iid && !IsEqualIID(iid, &IID_IAddrBook) && !IsEqualIID(iid, &IID_IMAPIProp) && !IsEqualIID(iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    EnterCriticalSection(&s->cs);
    if (session_over(s)) {
        LeaveCriticalSection(&s->cs);
        return MAPI_E_END_OF_SESSION;
    }
    session_logon_abs(s);
    LeaveCriticalSection(&s->cs);
    hr = addrbook_create(s, s->prof, iid, TRUE, out);
    if (hr == MAPI_W_ERRORS_RETURNED) lasterr_set(&s->err, hr, L"an address book provider could not be logged on");
    return hr;
}

static HRESULT WINAPI session_OpenProfileSection(IMAPISession *iface, LPMAPIUID uid, LPCIID iid, ULONG flags,
                                                 LPPROFSECT *out)
{
    struct session *s = impl_from_IMAPISession(iface);
    HRESULT hr;

    if (!out || !uid) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (session_over(s)) return MAPI_E_END_OF_SESSION;
    hr = admin_open_section(s->prof, uid, iid, flags, ADMIN_CLIENT, out);
    TRACE("(%p, %p, %#lx) -> %#lx", iface, uid, flags, hr);
    return hr;
}

static HRESULT WINAPI session_GetStatusTable(IMAPISession *iface, ULONG flags, LPMAPITABLE *out)
{
    struct session *s = impl_from_IMAPISession(iface);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (session_over(s)) return MAPI_E_END_OF_SESSION;
    return status_table_open(s->status, flags, out);
}

static HRESULT WINAPI session_OpenEntry(IMAPISession *iface, ULONG cb, LPENTRYID eid, LPCIID iid, ULONG flags,
                                        ULONG *type, LPUNKNOWN *out)
{
    struct session *s = impl_from_IMAPISession(iface);
    HRESULT hr;

    if (!out || !type) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if ((cb && !eid) || cb > 0x100000 || (cb && IsBadReadPtr(eid, cb))) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_MODIFY | MAPI_BEST_ACCESS | MAPI_DEFERRED_ERRORS | MAPI_NO_CACHE | MAPI_CACHE_ONLY))
        return MAPI_E_UNKNOWN_FLAGS;
    if (session_over(s)) return MAPI_E_END_OF_SESSION;
    if (!cb) return MAPI_E_INVALID_ENTRYID;
    hr = session_route_open_entry(s, cb, eid, iid, flags, type, out);
    TRACE("(%p, %lu, %p, %#lx) -> %#lx", iface, cb, eid, flags, hr);
    return hr;
}

static HRESULT WINAPI session_CompareEntryIDs(IMAPISession *iface, ULONG cb1, LPENTRYID e1, ULONG cb2,
                                              LPENTRYID e2, ULONG flags, ULONG *result)
{
    struct session *s = impl_from_IMAPISession(iface);

    if (!result || !e1 || !e2 || !cb1 || !cb2 || cb1 > 0x100000 || cb2 > 0x100000 ||
        IsBadReadPtr(e1, cb1) || IsBadReadPtr(e2, cb2))
        return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (session_over(s)) return MAPI_E_END_OF_SESSION;
    return session_route_compare(s, cb1, e1, cb2, e2, flags, result);
}

/* A connection number no advise of this session has. */
static ULONG_PTR new_conn(struct session *s)
{
    static LONG counter = 0x40000000;
    ULONG_PTR conn;
    ULONG i;

    for (;;) {
        conn = (ULONG)InterlockedIncrement(&counter);
        for (i = 0; i < s->nadvises; i++)
            if (s->advises[i].conn == conn) break;
        if (i == s->nadvises && conn) return conn;
    }
}

static HRESULT WINAPI session_Advise(IMAPISession *iface, ULONG cb, LPENTRYID eid, ULONG mask,
                                     LPMAPIADVISESINK sink, ULONG_PTR *conn)
{
    struct session *s = impl_from_IMAPISession(iface);
    struct logon *lo = NULL;
    ULONG_PTR prov_conn = 0;
    IUnknown *obj;
    NOTIFKEY *key;
    MAPIUID uid;
    HRESULT hr;

    if (!sink || !conn || (cb && !eid) || cb > 0x100000 || (cb && IsBadReadPtr(eid, cb)))
        return MAPI_E_INVALID_PARAMETER;
    *conn = 0;
    if (session_over(s)) return MAPI_E_END_OF_SESSION;
    if (!cb) {
        /* The session itself: critical errors always, and its logoff (fnevExtended). */
        if (!(key = HeapAlloc(GetProcessHeap(), 0, CbNewNOTIFKEY(s->cbkey)))) return MAPI_E_NOT_ENOUGH_MEMORY;
        key->cb = s->cbkey;
        memcpy(key->ab, s->key, s->cbkey);
        hr = notify_subscribe(key, mask | fnevCriticalError, 0, sink, conn);
        HeapFree(GetProcessHeap(), 0, key);
        if (hr) return hr;
        EnterCriticalSection(&s->cs);
        if (session_grow((void **)&s->advises, s->nadvises, &s->capadvises, sizeof(*s->advises))) {
            s->advises[s->nadvises].conn = *conn;
            s->advises[s->nadvises].lo = NULL;
            s->advises[s->nadvises++].prov_conn = 0;
        }
        LeaveCriticalSection(&s->cs);
        return S_OK;
    }
    /* An entry: the logon of the provider that owns it (imapisession-advise.md). */
    if (!eid_provider_uid(cb, eid, &uid)) return MAPI_E_INVALID_ENTRYID;
    if (!(lo = logon_by_uid(s, &uid))) return MAPI_E_UNKNOWN_ENTRYID;
    if (!(obj = session_logon_object(s, lo))) hr = MAPI_E_UNKNOWN_ENTRYID;
    else if (lo->kind == PROVIDER_MS) hr = IMSLogon_Advise((IMSLogon *)obj, cb, eid, mask, sink, &prov_conn);
    else if (lo->kind == PROVIDER_AB) hr = IABLogon_Advise((IABLogon *)obj, cb, eid, mask, sink, &prov_conn);
    else hr = MAPI_E_NO_SUPPORT;
    if (!hr) {
        EnterCriticalSection(&s->cs);
        if (session_grow((void **)&s->advises, s->nadvises, &s->capadvises, sizeof(*s->advises))) {
            *conn = new_conn(s);
            s->advises[s->nadvises].conn = *conn;
            s->advises[s->nadvises].lo = lo;
            s->advises[s->nadvises++].prov_conn = prov_conn;
        } else hr = MAPI_E_NOT_ENOUGH_MEMORY;
        LeaveCriticalSection(&s->cs);
        if (hr) {
            if (lo->kind == PROVIDER_MS) IMSLogon_Unadvise((IMSLogon *)obj, prov_conn);
            else IABLogon_Unadvise((IABLogon *)obj, prov_conn);
        }
    }
    if (obj) IUnknown_Release(obj);
    logon_release(lo);
    return hr;
}

static HRESULT WINAPI session_Unadvise(IMAPISession *iface, ULONG_PTR conn)
{
    struct session *s = impl_from_IMAPISession(iface);
    struct advise a;
    IUnknown *obj = NULL;
    HRESULT hr = S_OK;
    ULONG i;

    if (!conn) return MAPI_E_INVALID_PARAMETER;
    EnterCriticalSection(&s->cs);
    if (session_over(s)) {
        LeaveCriticalSection(&s->cs);
        return MAPI_E_END_OF_SESSION;
    }
    for (i = 0; i < s->nadvises; i++)
        if (s->advises[i].conn == conn) break;
    if (i == s->nadvises) {
        LeaveCriticalSection(&s->cs);
        return MAPI_E_NOT_FOUND;
    }
    a = s->advises[i];
    s->advises[i] = s->advises[--s->nadvises];
    if (a.lo && (obj = a.lo->obj)) IUnknown_AddRef(obj);
    LeaveCriticalSection(&s->cs);
    if (!a.lo) hr = notify_unsubscribe(a.conn);
    else if (obj) {
        if (a.lo->kind == PROVIDER_MS) hr = IMSLogon_Unadvise((IMSLogon *)obj, a.prov_conn);
        else hr = IABLogon_Unadvise((IABLogon *)obj, a.prov_conn);
        IUnknown_Release(obj);
    }
    return hr;
}

/* Documented as not supported (mapi-spec.md 2). */
static HRESULT WINAPI session_MessageOptions(IMAPISession *iface, ULONG_PTR ui, ULONG flags, LPTSTR type,
                                             LPMESSAGE msg)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI session_QueryDefaultMessageOpt(IMAPISession *iface, LPTSTR type, ULONG flags,
                                                     ULONG *count, LPSPropValue *opts)
{
    if (count) *count = 0;
    if (opts) *opts = NULL;
    return MAPI_E_NO_SUPPORT;
}

/* The address types of the transports logged on (ixplogon-addresstypes.md),
 * each once, in transport order. */
static HRESULT WINAPI session_EnumAdrTypes(IMAPISession *iface, ULONG flags, ULONG *count, LPTSTR **types)
{
    struct session *s = impl_from_IMAPISession(iface);
    WCHAR **seen = NULL;
    ULONG n = 0, cap = 0, i, j;
    void **out = NULL;
    struct logon *lo;
    HRESULT hr = S_OK;

    if (!count || !types) return MAPI_E_INVALID_PARAMETER;
    *count = 0;
    *types = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    EnterCriticalSection(&s->cs);
    if (session_over(s)) {
        LeaveCriticalSection(&s->cs);
        return MAPI_E_END_OF_SESSION;
    }
    for (lo = s->logons; lo && !hr; lo = lo->next) {
        ULONG tflags = 0, ntypes = 0, nuids = 0;
        LPTSTR *list = NULL;
        MAPIUID **uids = NULL;

        if (lo->kind != PROVIDER_XP || !lo->obj) continue;
        if (FAILED(IXPLogon_AddressTypes((IXPLogon *)lo->obj, &tflags, &ntypes, &list, &nuids, &uids)) || !list)
            continue;
        for (i = 0; i < ntypes && !hr; i++) {
            WCHAR *w = (tflags & MAPI_UNICODE) ? (WCHAR *)list[i] : tstr_to_w(list[i], 0);
            BOOL dup = FALSE;

            if (!w) continue;
            for (j = 0; j < n && !dup; j++) dup = !lstrcmpiW(seen[j], w);
            if (!dup) {
                if (!session_grow((void **)&seen, n, &cap, sizeof(*seen))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
                else if (!(seen[n] = HeapAlloc(GetProcessHeap(), 0, (lstrlenW(w) + 1) * sizeof(WCHAR))))
                    hr = MAPI_E_NOT_ENOUGH_MEMORY;
                else lstrcpyW(seen[n++], w);
            }
            if (!(tflags & MAPI_UNICODE)) tstr_free(w);
        }
    }
    LeaveCriticalSection(&s->cs);

    if (!hr) hr = MAPIAllocateBuffer((n ? n : 1) * sizeof(void *), (void **)&out);
    for (i = 0; i < n && !hr; i++) {
        if (flags & MAPI_UNICODE) {
            if (!(hr = MAPIAllocateMore((lstrlenW(seen[i]) + 1) * sizeof(WCHAR), out, &out[i])))
                lstrcpyW(out[i], seen[i]);
        } else {
            int len = WideCharToMultiByte(CP_ACP, 0, seen[i], -1, NULL, 0, NULL, NULL);
            if (!(hr = MAPIAllocateMore(len, out, &out[i])))
                WideCharToMultiByte(CP_ACP, 0, seen[i], -1, out[i], len, NULL, NULL);
        }
    }
    for (i = 0; i < n; i++) HeapFree(GetProcessHeap(), 0, seen[i]);
    HeapFree(GetProcessHeap(), 0, seen);
    if (hr) {
        MAPIFreeBuffer(out);
        return hr;
    }
    *count = n;
    *types = (LPTSTR *)out;
    return S_OK;
}

/* A one-off entry ID (MAPI_ONE_OFF_UID, Unicode) for a primary identity row
 * that names no PR_IDENTITY_ENTRYID (imapisession-queryidentity.md). */
static HRESULT make_one_off(const WCHAR *name, ULONG *cb, ENTRYID **out)
{
    static const BYTE one_off_uid[16] = MAPI_ONE_OFF_UID;
    ULONG len = (lstrlenW(name) + 1) * sizeof(WCHAR), total = 4 + 16 + 4 + len + 2 * sizeof(WCHAR);
    WORD version = 0, oflags = MAPI_ONE_OFF_UNICODE | MAPI_ONE_OFF_NO_RICH_INFO;
    BYTE *p;
    HRESULT hr;

    if ((hr = MAPIAllocateBuffer(total, (void **)&p))) return hr;
    memset(p, 0, total);
    memcpy(p + 4, one_off_uid, 16);
    memcpy(p + 20, &version, 2);
    memcpy(p + 22, &oflags, 2);
    memcpy(p + 24, name, len);           /* then an empty address type and address */
    *cb = total;
    *out = (ENTRYID *)p;
    return S_OK;
}

static HRESULT WINAPI session_QueryIdentity(IMAPISession *iface, ULONG *cb, LPENTRYID *eid)
{
    static const BYTE nobody[20] = {0, 0, 0, 0, 'F', 'r', 'e', 'e', 'M', 'A', 'P', 'I', '.', 'n', 'o', 'b', 'o', 'd', 'y', '1'};
    struct session *s = impl_from_IMAPISession(iface);
    SPropValue *id = NULL, *name = NULL;
    SRowSet *rows = NULL;
    ULONG i, pass;
    HRESULT hr;

    if (!cb || !eid) return MAPI_E_INVALID_PARAMETER;
    *cb = 0;
    *eid = NULL;
    if (session_over(s)) return MAPI_E_END_OF_SESSION;
    if ((hr = status_table_rows(s->status, &rows))) return hr;
    /* The row flagged STATUS_PRIMARY_IDENTITY, else the first with an identity. */
    for (pass = 0; pass < 2 && !id && !name; pass++)
        for (i = 0; i < rows->cRows && !id && !name; i++) {
            SRow *r = &rows->aRow[i];
            SPropValue *f = PpropFindProp(r->lpProps, r->cValues, PR_RESOURCE_FLAGS);
            BOOL primary = f && (f->Value.l & STATUS_PRIMARY_IDENTITY);

            if (pass == 0 && !primary) continue;
            id = PpropFindProp(r->lpProps, r->cValues, PR_IDENTITY_ENTRYID);
            if (!id && pass == 0) {
                name = PpropFindProp(r->lpProps, r->cValues, PR_IDENTITY_DISPLAY_W);
                if (!name) name = PpropFindProp(r->lpProps, r->cValues, PR_DISPLAY_NAME_W);
            }
        }
    if (id) {
        if (!(hr = MAPIAllocateBuffer(id->Value.bin.cb ? id->Value.bin.cb : 1, (void **)eid))) {
            memcpy(*eid, id->Value.bin.lpb, id->Value.bin.cb);
            *cb = id->Value.bin.cb;
        }
    } else if (name) {
        hr = make_one_off(name->Value.lpszW, cb, eid);
    } else if (!(hr = MAPIAllocateBuffer(sizeof(nobody), (void **)eid))) {
        memcpy(*eid, nobody, sizeof(nobody));
        *cb = sizeof(nobody);
        hr = MAPI_W_NO_SERVICE;
    }
    FreeProws(rows);
    return hr;
}

static HRESULT WINAPI session_Logoff(IMAPISession *iface, ULONG_PTR ui, ULONG flags, ULONG reserved)
{
    struct session *s = impl_from_IMAPISession(iface);
    LONG users;

    if (flags & ~(MAPI_LOGOFF_SHARED | MAPI_LOGOFF_UI)) return MAPI_E_UNKNOWN_FLAGS;
    if (reserved) return MAPI_E_INVALID_PARAMETER;
    if (s->ended) return S_OK;
    users = InterlockedDecrement(&s->users);
    /* A shared session ends with its last client, or at once for everyone
     * with MAPI_LOGOFF_SHARED (the others get fnevExtended and
     * MAPI_E_END_OF_SESSION). */
    if (users > 0 && !(flags & MAPI_LOGOFF_SHARED)) {
        TRACE("(%p, %#lx): %ld clients still use the shared session", iface, flags, users);
        return S_OK;
    }
    session_end(s);
    TRACE("(%p, %#lx) -> S_OK", iface, flags);
    return S_OK;
}

static const ULONG store_choice_flags[] = {0, STATUS_DEFAULT_STORE, STATUS_SIMPLE_STORE, STATUS_SIMPLE_STORE,
                                           STATUS_PRIMARY_STORE, STATUS_SECONDARY_STORE};

/* imapisession-setdefaultstore.md: the flag goes to this store's section
 * and off every other store of the profile (except
 * MAPI_SIMPLE_STORE_TEMPORARY, which stays in the session); the stores and
 * status tables follow. */
static HRESULT WINAPI session_SetDefaultStore(IMAPISession *iface, ULONG flags, ULONG cb, LPENTRYID eid)
{
    struct session *s = impl_from_IMAPISession(iface);
    const ENTRYID *inner;
    const char *dll8;
    MAPIUID target, *uids = NULL;
    ULONG n = 0, i, cb_inner, bit;
    BOOL have_target = FALSE;
    struct psect *ps;
    HKEY root, key;
    SPropValue *v;

    if (flags < MAPI_DEFAULT_STORE || flags > MAPI_SECONDARY_STORE) return MAPI_E_UNKNOWN_FLAGS;
    if ((cb && !eid) || (!cb && eid) || cb > 0x100000 || (cb && IsBadReadPtr(eid, cb))) return MAPI_E_INVALID_PARAMETER;
    if (session_over(s)) return MAPI_E_END_OF_SESSION;
    if (cb) {
        if (storeeid_unwrap(cb, eid, &dll8, &cb_inner, &inner) && storeeid_is_section(cb_inner, inner, &target))
            have_target = TRUE;
        else if (stores_table_find(s->stores, cb, eid, &target)) have_target = TRUE;
        else if (storeeid_unwrap(cb, eid, &dll8, &cb_inner, &inner) &&
                 stores_table_find(s->stores, cb_inner, inner, &target))
            have_target = TRUE;
        if (!have_target) return MAPI_E_NOT_FOUND;
    }
    bit = store_choice_flags[flags];

    EnterCriticalSection(&s->cs);
    if (flags == MAPI_SIMPLE_STORE_TEMPORARY) {
        session_stores_lock();
        s->has_simple_temp = have_target;
        if (have_target) s->simple_temp = target;
        session_stores_unlock();
    } else {
        profstore_lock();
        if (!profstore_open_section(s->prof->key, &profstore_root_uid, FALSE, FALSE, &root)) {
            profstore_uids_get(root, PR_STORE_PROVIDERS, &uids, &n);
            RegCloseKey(root);
        }
        for (i = 0; i < n; i++) {
            BOOL is_target = have_target && !memcmp(&uids[i], &target, sizeof(target));
            LONG old = 0, now;

            if (profstore_open_section(s->prof->key, &uids[i], TRUE, FALSE, &key)) continue;
            if (!profstore_get_one(key, PR_RESOURCE_FLAGS, &v)) {
                old = v->Value.l;
                HeapFree(GetProcessHeap(), 0, v);
            }
            now = is_target ? (old | bit) : (old & ~bit);
            if (now != old) {
                SPropValue pv;
                pv.ulPropTag = PR_RESOURCE_FLAGS;
                pv.dwAlignPad = 0;
                pv.Value.l = now;
                profstore_set_one(key, &pv);
            }
            RegCloseKey(key);
            if ((ps = session_find_sect(s, &uids[i]))) ps->resource_flags = now;
        }
        profstore_unlock();
    }
    /* Status rows of stores carry PR_RESOURCE_FLAGS too. */
    for (i = 0; i < s->nsects; i++) {
        SPropValue mapi[3];
        ps = s->sects[i];
        if (ps->kind != PROVIDER_MS || !ps->rowid) continue;
        session_mapi_columns(s, ps, mapi);
        status_table_set(s->status, ps->rowid, mapi, 3, NULL, 0, TRUE);
    }
    LeaveCriticalSection(&s->cs);
    HeapFree(GetProcessHeap(), 0, uids);
    session_stores_changed(s);
    TRACE("(%p, %lu, %lu) -> S_OK", iface, flags, cb);
    return S_OK;
}

static HRESULT WINAPI session_AdminServices(IMAPISession *iface, ULONG flags, LPSERVICEADMIN *out)
{
    struct session *s = impl_from_IMAPISession(iface);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (session_over(s)) return MAPI_E_END_OF_SESSION;
    return svcadmin_create(s->prof, out);
}

/* There is no forms library: forms fail cleanly. */
static HRESULT WINAPI session_ShowForm(IMAPISession *iface, ULONG_PTR ui, LPMDB store, LPMAPIFOLDER folder,
                                       LPCIID iid, ULONG_PTR token, LPMESSAGE sent, ULONG flags, ULONG status,
                                       ULONG msgflags, ULONG access, LPSTR msgclass)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI session_PrepareForm(IMAPISession *iface, LPCIID iid, LPMESSAGE msg, ULONG_PTR *token)
{
    if (token) *token = 0;
    return MAPI_E_NO_SUPPORT;
}

static const IMAPISessionVtbl session_vtbl =
{
    session_QueryInterface,
    session_AddRef,
    session_Release,
    session_GetLastError,
    session_GetMsgStoresTable,
    session_OpenMsgStore,
    session_OpenAddressBook,
    session_OpenProfileSection,
    session_GetStatusTable,
    session_OpenEntry,
    session_CompareEntryIDs,
    session_Advise,
    session_Unadvise,
    session_MessageOptions,
    session_QueryDefaultMessageOpt,
    session_EnumAdrTypes,
    session_QueryIdentity,
    session_Logoff,
    session_SetDefaultStore,
    session_AdminServices,
    session_ShowForm,
    session_PrepareForm,
};

/* ---- making a session ---- */

HRESULT session_create(struct admin_profile *prof, ULONG flags, ULONG serial, struct session **out)
{
    struct session *s;
    struct psect *ps;
    MAPIUID *uids;
    ULONG n, i;
    HKEY root;
    HRESULT hr;

    *out = NULL;
    /* The process is exiting: no provider may be loaded or called again. */
    if (provider_fast_shutdown()) {
        TRACE(": after a fast shutdown -> MAPI_E_CALL_FAILED");
        return MAPI_E_CALL_FAILED;
    }
    if (!(s = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*s)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    s->IMAPISession_iface.lpVtbl = (IMAPISessionVtbl *)&session_vtbl;
    client_shutdown_init(&s->shutdown, (IUnknown *)&s->IMAPISession_iface);
    s->refcount = 1;
    s->core = 1;
    s->users = 1;
    s->serial = serial;
    s->flags = flags;
    adminprof_addref(prof);
    s->prof = prof;
    InitializeCriticalSection(&s->cs);
    InitializeSRWLock(&s->uid_lock);
    lasterr_init(&s->err);
    WideCharToMultiByte(CP_ACP, 0, prof->name, -1, s->profile8, sizeof(s->profile8), NULL, NULL);
    memcpy(s->key, "FreeMAPI.session", 16);
    memcpy(s->key + 16, &serial, sizeof(serial));
    s->cbkey = 16 + sizeof(serial);

    if ((hr = stores_table_create(&s->stores)) || (hr = status_table_create(&s->status))) {
        session_unhold(s);
        return hr;
    }
    /* MAPI's own rows (status-tables.md); the spooler fails without mail. */
    session_mapi_row(s, MAPI_SUBSYSTEM, L"MAPI Subsystem", STATUS_AVAILABLE, L"Available");
    if (flags & MAPI_NO_MAIL)
        session_mapi_row(s, MAPI_SPOOLER, L"MAPI Spooler", STATUS_FAILURE,
                         L"No spooler: the session logged on with MAPI_NO_MAIL");
    else
        session_mapi_row(s, MAPI_SPOOLER, L"MAPI Spooler", STATUS_AVAILABLE, L"Available");
    session_mapi_row(s, MAPI_AB, L"MAPI Address Book", STATUS_AVAILABLE, L"Available");

    /* Sections are read when they are needed: the stores' for the stores
     * table, the transports' now, the address books' at OpenAddressBook. */
    if ((hr = profstore_open_section(prof->key, &profstore_root_uid, FALSE, FALSE, &root))) {
        session_unhold(s);
        return hr == MAPI_E_NOT_FOUND ? MAPI_E_LOGON_FAILED : hr;
    }
    key_list(root, PR_STORE_PROVIDERS, &uids, &n);
    session_refresh_stores(s, uids, n);
    HeapFree(GetProcessHeap(), 0, uids);
    uids = NULL;
    n = 0;
    if (!(flags & MAPI_NO_MAIL)) key_list(root, PR_TRANSPORT_PROVIDERS, &uids, &n);
    RegCloseKey(root);

    /* Transports: what the spooler would do, here and now (mapi-spec.md 3.3),
     * in transport order. */
    EnterCriticalSection(&s->cs);
    for (i = 0; i < n; i++) {
        if (session_load_sect(s, &uids[i], PROVIDER_XP, &ps))
            TRACE("transport section %u of the profile is missing", (unsigned)i);
        else session_logon_transport(s, ps);
    }
    LeaveCriticalSection(&s->cs);
    HeapFree(GetProcessHeap(), 0, uids);
    *out = s;
    return S_OK;
}
