/*
 * A session's message stores (mapi-spec.md 4.3, 5.4): its stores table,
 * refreshed from the profile for every session on it, and the store logons
 * OpenMsgStore makes (imapisession-openmsgstore.md).
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

/* ---- the stores table ---- */

/* Sets every row from the profile (stores_cs taken here): the stores are
 * PR_STORE_PROVIDERS of MAPI's root section; the default is the first one
 * flagged STATUS_DEFAULT_STORE (mapi-spec.md 4.3). */

static void refresh_stores(struct session *s)
{
    MAPIUID *uids = NULL;
    ULONG n = 0;

    session_root_list(s, PR_STORE_PROVIDERS, &uids, &n);
    session_refresh_stores(s, uids, n);
    HeapFree(GetProcessHeap(), 0, uids);
}

/* uids: PR_STORE_PROVIDERS as just read. */
void session_refresh_stores(struct session *s, MAPIUID *uids, ULONG n)
{
    static const SizedSPropTagArray(7, tags) = {7, {PR_DISPLAY_NAME_W, PR_PROVIDER_DISPLAY_W,
        PR_PROVIDER_DLL_NAME_W, PR_ENTRYID, PR_RECORD_KEY, PR_MDB_PROVIDER, PR_RESOURCE_FLAGS}};
    ULONG i, count;
    BOOL have_default = FALSE;
    HKEY key;

    session_stores_lock();
    for (i = 0; i < n; i++) {
        struct store_row row;
        SPropValue *v;

        if (profstore_open_section(s->prof->key, &uids[i], FALSE, FALSE, &key)) continue;
        if (FAILED(session_get_props(key, (SPropTagArray *)&tags, &count, &v))) {
            RegCloseKey(key);
            continue;
        }
        RegCloseKey(key);
        memset(&row, 0, sizeof(row));
        row.section = uids[i];
        if (v[0].ulPropTag == PR_DISPLAY_NAME_W) row.display = v[0].Value.lpszW;
        if (v[1].ulPropTag == PR_PROVIDER_DISPLAY_W) row.provider_display = v[1].Value.lpszW;
        if (v[2].ulPropTag == PR_PROVIDER_DLL_NAME_W) row.dll = v[2].Value.lpszW;
        if (v[3].ulPropTag == PR_ENTRYID) {
            row.cb_eid = v[3].Value.bin.cb;
            row.eid = v[3].Value.bin.lpb;
        }
        if (v[4].ulPropTag == PR_RECORD_KEY) {
            row.cb_record_key = v[4].Value.bin.cb;
            row.record_key = v[4].Value.bin.lpb;
        }
        if (v[5].ulPropTag == PR_MDB_PROVIDER) {
            row.cb_mdb = v[5].Value.bin.cb;
            row.mdb_provider = v[5].Value.bin.lpb;
        }
        if (v[6].ulPropTag == PR_RESOURCE_FLAGS) row.resource_flags = v[6].Value.l;
        row.resource_flags &= ~STATUS_TEMP_SECTION;
        if ((row.resource_flags & STATUS_DEFAULT_STORE) && !have_default) row.is_default = have_default = TRUE;
        else row.resource_flags &= ~STATUS_DEFAULT_STORE;
        /* Session-only flags (SetDefaultStore(MAPI_SIMPLE_STORE_TEMPORARY)). */
        if (s->has_simple_temp && !memcmp(&s->simple_temp, &uids[i], sizeof(MAPIUID)))
            row.resource_flags |= STATUS_SIMPLE_STORE;
        stores_table_set(s->stores, &row);
        MAPIFreeBuffer(v);
    }
    stores_table_keep_only(s->stores, uids, n);
    session_stores_unlock();
}

static void refresh_visit(struct session *s, void *ctx)
{
    refresh_stores(s);
}

/* The profile's stores changed: every session on it sees the change. */
void session_stores_changed(struct session *s)
{
    sessions_for_profile(s->prof->name, refresh_visit, NULL);
}

/* ---- stores ---- */

/* A section of the profile (not in its store list) whose PR_ENTRYID is this
 * one, e.g. a store opened before by an entry ID outside the profile. */
static BOOL find_sect_by_eid(struct session *s, ULONG cb, const ENTRYID *eid, MAPIUID *uid)
{
    static const SizedSPropTagArray(2, tags) = {2, {PR_RESOURCE_TYPE, PR_ENTRYID}};
    MAPIUID *all;
    ULONG n, i, count;
    BOOL found = FALSE;

    if (!cb || profstore_list_sections(s->prof->key, &all, &n)) return FALSE;
    for (i = 0; i < n && !found; i++) {
        SPropValue *v;
        HKEY key;

        if (profstore_open_section(s->prof->key, &all[i], FALSE, FALSE, &key)) continue;
        if (SUCCEEDED(session_get_props(key, (SPropTagArray *)&tags, &count, &v))) {
            found = v[0].ulPropTag == PR_RESOURCE_TYPE && v[0].Value.l == MAPI_STORE_PROVIDER &&
                    v[1].ulPropTag == PR_ENTRYID && v[1].Value.bin.cb == cb && !memcmp(v[1].Value.bin.lpb, eid, cb);
            if (found) *uid = all[i];
            MAPIFreeBuffer(v);
        }
        RegCloseKey(key);
    }
    HeapFree(GetProcessHeap(), 0, all);
    return found;
}

/* A store outside the profile (opening-a-message-store.md): MAPI makes a
 * profile section for it, tied to no service and flagged STATUS_TEMP_SECTION
 * until the store calls ModifyProfile. */
static HRESULT make_temp_section(struct session *s, const char *dll8, ULONG cb, const ENTRYID *eid,
                                 struct psect **out)
{
    SPropValue v[4];
    WCHAR dll[MAX_PATH];
    MAPIUID uid;
    HKEY key;
    HRESULT hr;

    if (!MultiByteToWideChar(CP_ACP, 0, dll8, -1, dll, ARRAYSIZE(dll))) return MAPI_E_NOT_FOUND;
    if ((hr = ScGenerateMuid(&uid))) return hr;
    if ((hr = profstore_open_section(s->prof->key, &uid, TRUE, TRUE, &key))) return hr;
    v[0].ulPropTag = PR_PROVIDER_DLL_NAME_W;
    v[0].Value.lpszW = dll;
    v[1].ulPropTag = PR_RESOURCE_TYPE;
    v[1].Value.l = MAPI_STORE_PROVIDER;
    v[2].ulPropTag = PR_RESOURCE_FLAGS;
    v[2].Value.l = STATUS_TEMP_SECTION;
    v[3].ulPropTag = PR_ENTRYID;
    v[3].Value.bin.cb = cb;
    v[3].Value.bin.lpb = (BYTE *)eid;
    hr = profstore_set_props(key, 4, v, NULL);
    RegCloseKey(key);
    if (!hr) hr = session_load_sect(s, &uid, PROVIDER_MS, out);
    if (hr) {
        profstore_delete_section(s->prof->key, &uid);
        return hr;
    }
    (*out)->made_here = TRUE;
    TRACE("temporary store section for %ls", dll);
    return S_OK;
}

/* Sections this session made and no store made permanent go at logoff. */
void session_drop_temp_section(struct session *s, struct psect *ps)
{
    SPropValue *v;
    HKEY key;
    BOOL temp = FALSE;

    if (!ps->made_here) return;
    if (!profstore_open_section(s->prof->key, &ps->uid, FALSE, FALSE, &key)) {
        if (!profstore_get_one(key, PR_RESOURCE_FLAGS, &v)) {
            temp = (v->Value.l & STATUS_TEMP_SECTION) != 0;
            HeapFree(GetProcessHeap(), 0, v);
        }
        RegCloseKey(key);
    }
    if (temp) profstore_delete_section(s->prof->key, &ps->uid);
    ps->made_here = FALSE;
}

/* The spooler's side of the default store (imsprovider-spoolerlogon.md):
 * on Windows the spooler process logs on to the default store with the
 * credentials the client's Logon returned, to work its outgoing queue.
 * FreeMAPI's spooler lives in the client's process, so this happens here,
 * once per session with mail, the first time the client logs on to its
 * default store; the logon lasts until the session ends (s->cs held). */
static void spooler_logon(struct session *s, struct logon *client, IMsgStore *store)
{
    static const SizedSPropTagArray(1, eid_tag) = {1, {PR_ENTRYID}};
    struct logon *lo;
    LPMAPIERROR err = NULL;
    IMSLogon *ml = NULL;
    IMsgStore *mdb = NULL;
    SPropValue *eid = NULL;
    ULONG n;
    HRESULT hr;

    s->spooler_done = TRUE;
    if (!(lo = logon_new(s, client->sect, client->prov))) return;
    lo->spooler = TRUE;
    /* The store's own entry ID, as it gives it now that it is logged on. */
    if (FAILED(IMsgStore_GetProps(store, (SPropTagArray *)&eid_tag, 0, &n, &eid)) || eid->ulPropTag != PR_ENTRYID) {
        MAPIFreeBuffer(eid);
        eid = NULL;
    }
    hr = IMSProvider_SpoolerLogon((IMSProvider *)provider_object(client->prov), lo->support, 0, (LPTSTR)s->profile8,
                                  eid ? eid->Value.bin.cb : 0, eid ? (ENTRYID *)eid->Value.bin.lpb : NULL,
                                  MDB_NO_DIALOG | MDB_WRITE, &IID_IMsgStore, client->cbsecurity, client->security,
                                  &err, &ml, &mdb);
    MAPIFreeBuffer(err);
    MAPIFreeBuffer(eid);
    TRACE("store %ls: SpoolerLogon -> %#lx, %p %p", client->sect->display, hr, ml, mdb);
    if (FAILED(hr) || !ml || !mdb) {
        /* The client's logon stands; only the spooler's side is missing. */
        if (ml) IMSLogon_Release(ml);
        if (mdb) IMsgStore_Release(mdb);
        logon_discard(s, lo);
        return;
    }
    lo->obj = (IUnknown *)ml;
    lo->spool_mdb = mdb;
    session_append_logon(s, lo);
}

/* OpenMsgStore (s->cs held): finds or makes the store's section, gets the
 * session's store provider object for its DLL, and calls IMSProvider::Logon
 * with the provider's own (unwrapped) entry ID (loading-message-store-providers.md). */
HRESULT session_open_store(struct session *s, ULONG_PTR ui, ULONG cb, const ENTRYID *eid, LPCIID iid, ULONG flags,
                   IMsgStore **out)
{
    const ENTRYID *inner = eid;
    const char *dll8 = NULL;
    ULONG cb_inner = cb, logon_flags, cbsec;
    struct provider *prov;
    struct psect *ps = NULL;
    const WCHAR *why;
    struct logon *lo;
    LPMAPIERROR err;
    IMSLogon *ml;
    IMsgStore *mdb;
    MAPIUID uid;
    BYTE *sec;
    HRESULT hr;
    int attempt;

    *out = NULL;
    session_reap_pending(s);
    if (storeeid_unwrap(cb, eid, &dll8, &cb_inner, &inner) && storeeid_is_section(cb_inner, inner, &uid)) {
        /* Our stand-in for a store that never logged on: Logon with no entry ID. */
        if ((hr = session_load_sect(s, &uid, PROVIDER_MS, &ps))) return MAPI_E_NOT_FOUND;
        cb_inner = 0;
        inner = NULL;
    } else if (stores_table_find(s->stores, cb, eid, &uid) ||
               (inner != eid && stores_table_find(s->stores, cb_inner, inner, &uid)) ||
               find_sect_by_eid(s, cb_inner, inner, &uid)) {
        if ((hr = session_load_sect(s, &uid, PROVIDER_MS, &ps))) return MAPI_E_NOT_FOUND;
    } else if (dll8) {
        if ((hr = make_temp_section(s, dll8, cb_inner, inner, &ps))) return hr;
    } else {
        lasterr_set(&s->err, MAPI_E_NOT_FOUND, L"no store of the profile has this entry ID");
        return MAPI_E_NOT_FOUND;
    }
    if (ps->kind != PROVIDER_MS) return MAPI_E_NOT_FOUND;

    if (session_service_disabled(s, &ps->service)) {
        lasterr_set(&s->err, MAPI_E_LOGON_FAILED, L"the message service of %ls is disabled for this session",
                    ps->display);
        return MAPI_E_LOGON_FAILED;
    }
    if ((hr = session_provider(s, ps, &prov, &why))) {
        session_failure_row(s, ps, hr, why);
        session_drop_temp_section(s, ps);
        return hr;
    }
    if (!(lo = logon_new(s, ps, prov))) return MAPI_E_NOT_ENOUGH_MEMORY;

    /* No UI here: MDB_NO_DIALOG always; MAPI_BEST_ACCESS asks for write access. */
    logon_flags = MDB_NO_DIALOG | (flags & (MAPI_DEFERRED_ERRORS | MDB_WRITE | MDB_TEMPORARY | MDB_NO_MAIL | MDB_ONLINE));
    if (flags & MAPI_BEST_ACCESS) logon_flags |= MDB_WRITE;
    if (s->flags & MAPI_NO_MAIL) logon_flags |= MDB_NO_MAIL;
    lo->mdb_temporary = (flags & MDB_TEMPORARY) != 0;
    for (attempt = 0; ; attempt++) {
        err = NULL;
        ml = NULL;
        mdb = NULL;
        sec = NULL;
        cbsec = 0;
        hr = IMSProvider_Logon((IMSProvider *)provider_object(prov), lo->support, ui, (LPTSTR)s->profile8,
                               cb_inner, (ENTRYID *)inner, logon_flags, iid, &cbsec, &sec, &err, &ml, &mdb);
        session_take_mapierror(s, hr, err);
        if (hr != MAPI_E_UNCONFIGURED || attempt || session_configure_service(s, ps)) break;
        MAPIFreeBuffer(sec);
    }
    TRACE("store Logon of %ls -> %#lx, %p %p", ps->display, hr, ml, mdb);
    if (FAILED(hr) || !ml || !mdb) {
        /* A provider that failed may still have handed back something. */
        if (SUCCEEDED(hr)) {
            if (ml) IMSLogon_Release(ml);
            if (mdb) IMsgStore_Release(mdb);
            hr = MAPI_E_CALL_FAILED;
        }
        MAPIFreeBuffer(sec);
        logon_discard(s, lo);
        session_failure_row(s, ps, hr, L"the store Logon failed");
        if (session_failure_disables(PROVIDER_MS, hr)) session_disable_service(s, &ps->service);
        session_drop_temp_section(s, ps);
        return hr;
    }
    if (ps->failed_row) {
        status_table_delete(s->status, ps->rowid);
        ps->rowid = 0;
        ps->failed_row = FALSE;
    }
    lo->obj = (IUnknown *)ml;
    lo->security = sec;
    lo->cbsecurity = cbsec;
    session_append_logon(s, lo);
    /* The store may have written its PR_ENTRYID or display name. */
    session_stores_changed(s);
    if (!s->spooler_done && !(s->flags & MAPI_NO_MAIL) && !(flags & (MDB_NO_MAIL | MDB_TEMPORARY)) &&
        (ps->resource_flags & STATUS_DEFAULT_STORE))
        spooler_logon(s, lo, mdb);
    *out = mdb;
    return hr;
}
