/*
 * Routing a session's entry IDs (mapi-spec.md 5.6): OpenEntry and
 * CompareEntryIDs of the session and of a logon's support object go to the
 * provider whose UID the entry ID carries, or to a status row or a store.
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

/* ---- entry IDs ---- */

/* The logon object of lo with a reference, or NULL once it ended. */
IUnknown *session_logon_object(struct session *s, struct logon *lo)
{
    IUnknown *obj;

    EnterCriticalSection(&s->cs);
    if ((obj = lo->obj)) IUnknown_AddRef(obj);
    LeaveCriticalSection(&s->cs);
    return obj;
}

static HRESULT open_status_entry(struct session *s, LONG rowid, LPCIID iid, ULONG flags, ULONG *type, IUnknown **out)
{
    struct logon *lo, *found = NULL;
    IUnknown *obj = NULL;
    HRESULT hr;
    ULONG i;

    EnterCriticalSection(&s->cs);
    for (i = 0; i < s->nsects && !found; i++)
        if (s->sects[i]->rowid == rowid)
            for (lo = s->logons; lo; lo = lo->next)
                if (lo->sect == s->sects[i] && lo->obj) {
                    found = lo;
                    obj = lo->obj;
                    IUnknown_AddRef(obj);
                    break;
                }
    LeaveCriticalSection(&s->cs);
    /* MAPI's own rows (subsystem, spooler, address book) have no status object yet. */
    if (!obj) return MAPI_E_NO_SUPPORT;
    switch (found->kind) {
    case PROVIDER_MS: hr = IMSLogon_OpenStatusEntry((IMSLogon *)obj, iid, flags, type, (void **)out); break;
    case PROVIDER_AB: hr = IABLogon_OpenStatusEntry((IABLogon *)obj, iid, flags, type, (IMAPIStatus **)out); break;
    default: hr = IXPLogon_OpenStatusEntry((IXPLogon *)obj, iid, flags, type, (IMAPIStatus **)out); break;
    }
    IUnknown_Release(obj);
    return hr;
}

/* Routes by the provider MAPIUID in bytes 4..19 (registered with
 * SetProviderUID); wrapped store IDs open the store, status-row IDs the
 * status object. */
HRESULT session_route_open_entry(struct session *s, ULONG cb, const ENTRYID *eid, LPCIID iid, ULONG flags,
                         ULONG *type, IUnknown **out)
{
    const ENTRYID *inner;
    const char *dll8;
    struct logon *lo;
    IUnknown *obj;
    ULONG cb_inner;
    MAPIUID uid;
    LONG rowid;
    HRESULT hr;

    if (storeeid_unwrap(cb, eid, &dll8, &cb_inner, &inner)) {
        ULONG store_flags = (flags & MAPI_DEFERRED_ERRORS) | ((flags & (MAPI_MODIFY | MAPI_BEST_ACCESS)) ? MDB_WRITE : 0);
        EnterCriticalSection(&s->cs);
        hr = session_over(s) ? MAPI_E_END_OF_SESSION
                             : session_open_store(s, 0, cb, eid, iid, store_flags, (IMsgStore **)out);
        LeaveCriticalSection(&s->cs);
        if (SUCCEEDED(hr)) *type = MAPI_STORE;
        return hr;
    }
    if (status_eid_row(cb, eid, &rowid)) return open_status_entry(s, rowid, iid, flags, type, out);
    if (!eid_provider_uid(cb, eid, &uid)) return MAPI_E_INVALID_ENTRYID;
    if (!(lo = logon_by_uid(s, &uid)) && !s->abs_done) {
        EnterCriticalSection(&s->cs);
        session_logon_abs(s);
        LeaveCriticalSection(&s->cs);
        lo = logon_by_uid(s, &uid);
    }
    if (!lo) return MAPI_E_UNKNOWN_ENTRYID;
    obj = session_logon_object(s, lo);
    if (!obj) hr = MAPI_E_UNKNOWN_ENTRYID;
    else if (lo->kind == PROVIDER_MS)
        hr = IMSLogon_OpenEntry((IMSLogon *)obj, cb, (ENTRYID *)eid, iid, flags, type, out);
    else if (lo->kind == PROVIDER_AB)
        hr = IABLogon_OpenEntry((IABLogon *)obj, cb, (ENTRYID *)eid, iid, flags, type, out);
    else hr = MAPI_E_UNKNOWN_ENTRYID;   /* transports have no entries */
    if (obj) IUnknown_Release(obj);
    logon_release(lo);
    return hr;
}

/* The store section an entry ID names: FreeMAPI's stand-in, or a row of
 * the stores table (wrapped or the provider's own ID). */
static BOOL store_section_of(struct session *s, ULONG cb, const ENTRYID *eid, MAPIUID *uid)
{
    const ENTRYID *inner;
    const char *dll8;
    ULONG cb_inner;

    if (storeeid_unwrap(cb, eid, &dll8, &cb_inner, &inner)) {
        if (storeeid_is_section(cb_inner, inner, uid)) return TRUE;
        if (stores_table_find(s->stores, cb, eid, uid)) return TRUE;
        return stores_table_find(s->stores, cb_inner, inner, uid);
    }
    return stores_table_find(s->stores, cb, eid, uid);
}

/* Two store IDs: stores of the profile compare by their sections; others
 * need the same DLL, then the store provider compares them
 * (imsprovider-comparestoreids.md) if the session has one loaded. */
static HRESULT compare_store_ids(struct session *s, ULONG cb1, const ENTRYID *e1, ULONG cb2, const ENTRYID *e2,
                                 ULONG *result)
{
    const ENTRYID *i1 = e1, *i2 = e2;
    const char *d1 = NULL, *d2 = NULL;
    ULONG c1 = cb1, c2 = cb2, n;
    IMSProvider *ms = NULL;
    WCHAR dll[MAX_PATH];
    MAPIUID s1, s2;
    HRESULT hr;

    if (store_section_of(s, cb1, e1, &s1) && store_section_of(s, cb2, e2, &s2)) {
        *result = !memcmp(&s1, &s2, sizeof(s1));
        return S_OK;
    }
    storeeid_unwrap(cb1, e1, &d1, &c1, &i1);
    storeeid_unwrap(cb2, e2, &d2, &c2, &i2);
    if (d1 && d2 && lstrcmpiA(d1, d2)) {
        *result = FALSE;
        return S_OK;
    }
    if (d1 || d2) {
        MultiByteToWideChar(CP_ACP, 0, d1 ? d1 : d2, -1, dll, ARRAYSIZE(dll));
        EnterCriticalSection(&s->cs);
        for (n = 0; n < s->nprovs; n++)
            if (s->provs[n].kind == PROVIDER_MS && s->provs[n].prov && !lstrcmpiW(s->provs[n].dll, dll)) {
                ms = (IMSProvider *)provider_object(s->provs[n].prov);
                IMSProvider_AddRef(ms);
                break;
            }
        LeaveCriticalSection(&s->cs);
    }
    if (ms) {
        hr = IMSProvider_CompareStoreIDs(ms, c1, (ENTRYID *)i1, c2, (ENTRYID *)i2, 0, result);
        IMSProvider_Release(ms);
        if (SUCCEEDED(hr)) return hr;
    }
    *result = c1 == c2 && !memcmp(i1, i2, c1);
    return S_OK;
}

HRESULT session_route_compare(struct session *s, ULONG cb1, const ENTRYID *e1, ULONG cb2, const ENTRYID *e2,
                      ULONG flags, ULONG *result)
{
    const ENTRYID *inner;
    const char *dll8;
    struct logon *lo;
    MAPIUID u1, u2;
    IUnknown *obj;
    ULONG cb_inner;
    LONG r1, r2;
    HRESULT hr;

    if (storeeid_unwrap(cb1, e1, &dll8, &cb_inner, &inner) || storeeid_unwrap(cb2, e2, &dll8, &cb_inner, &inner))
        return compare_store_ids(s, cb1, e1, cb2, e2, result);
    if (status_eid_row(cb1, e1, &r1) || status_eid_row(cb2, e2, &r2)) {
        *result = status_eid_row(cb1, e1, &r1) && status_eid_row(cb2, e2, &r2) && r1 == r2;
        return S_OK;
    }
    if (!eid_provider_uid(cb1, e1, &u1) || !eid_provider_uid(cb2, e2, &u2)) return MAPI_E_INVALID_ENTRYID;
    if (memcmp(&u1, &u2, sizeof(u1))) {
        *result = FALSE;
        return S_OK;
    }
    if (!(lo = logon_by_uid(s, &u1)) && !s->abs_done) {
        EnterCriticalSection(&s->cs);
        session_logon_abs(s);
        LeaveCriticalSection(&s->cs);
        lo = logon_by_uid(s, &u1);
    }
    if (!lo) return MAPI_E_UNKNOWN_ENTRYID;
    obj = session_logon_object(s, lo);
    if (!obj) hr = MAPI_E_UNKNOWN_ENTRYID;
    else if (lo->kind == PROVIDER_MS)
        hr = IMSLogon_CompareEntryIDs((IMSLogon *)obj, cb1, (ENTRYID *)e1, cb2, (ENTRYID *)e2, flags, result);
    else if (lo->kind == PROVIDER_AB)
        hr = IABLogon_CompareEntryIDs((IABLogon *)obj, cb1, (ENTRYID *)e1, cb2, (ENTRYID *)e2, flags, result);
    else {
        *result = cb1 == cb2 && !memcmp(e1, e2, cb1);
        hr = S_OK;
    }
    if (obj) IUnknown_Release(obj);
    logon_release(lo);
    return hr;
}

HRESULT logon_open_entry(struct logon *lo, ULONG cb, const ENTRYID *eid, LPCIID iid, ULONG flags,
                         ULONG *type, IUnknown **out)
{
    if (session_over(lo->s)) return MAPI_E_END_OF_SESSION;
    return session_route_open_entry(lo->s, cb, eid, iid, flags, type, out);
}

HRESULT logon_compare_entryids(struct logon *lo, ULONG cb1, const ENTRYID *e1, ULONG cb2, const ENTRYID *e2,
                               ULONG flags, ULONG *result)
{
    return session_route_compare(lo->s, cb1, e1, cb2, e2, flags, result);
}
