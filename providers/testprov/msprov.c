/*
 * The test message store: IMSProvider, IMSLogon and a minimal IMsgStore
 * (mapi-spec.md 5.2, 5.4).  The store keeps bytes written to it with
 * SetProps(PR_TP_APPEND) in memory and makes them durable only in Logoff
 * and DoFastShutdown, so a test can see whether the subsystem called them.
 */
#include <stdio.h>
#include <string.h>

#include "testprov.h"

/* Store entry ID: 4 flag bytes, the instance's MAPIUID, "TPMS". */
#define STORE_EID_SIZE 24
static const BYTE store_magic[4] = { 'T', 'P', 'M', 'S' };
static const MAPIUID mdb_provider = { TESTPROV_MDB_PROVIDER };

#define STORE_SUPPORT_MASK (STORE_ENTRYID_UNIQUE | STORE_MODIFY_OK | STORE_UNICODE_OK)

typedef struct ms_logon ms_logon;

typedef struct ms_store
{
    IMsgStore IMsgStore_iface;
    LONG ref;
    ms_logon *logon;          /* strong: the pair lives as long as the store */
    SPropValue *props;        /* one MAPI block */
    ULONG cprops;
    BOOL store_logoff;        /* StoreLogoff was called */
} ms_store;

enum { SP_NAME, SP_ENTRYID, SP_RECORD_KEY, SP_SUPPORT, SP_OBJTYPE, SP_MDB, SP_STORE_EID,
       SP_STORE_RKEY, SP_PENDING, SP_IPM, SP_SENT, SP_COUNT };

struct ms_logon
{
    tp_logon base;            /* first: tp_logon_release frees the whole */
    ms_store *store;          /* weak, cleared when the store goes; under prov->cs */
    BYTE eid[STORE_EID_SIZE];
};

static const IMSLogonVtbl ms_logon_vtbl;
static const IMsgStoreVtbl ms_store_vtbl;

static inline ms_logon *impl_from_IMSLogon(IMSLogon *iface)
{
    return CONTAINING_RECORD(iface, ms_logon, base.iface.ms);
}

static inline ms_store *impl_from_IMsgStore(IMsgStore *iface)
{
    return CONTAINING_RECORD(iface, ms_store, IMsgStore_iface);
}

static void make_store_eid(BYTE *eid, const MAPIUID *uid)
{
    memset(eid, 0, 4);
    memcpy(eid + 4, uid, sizeof(MAPIUID));
    memcpy(eid + 20, store_magic, sizeof(store_magic));
}

/* 0 not a test store ID, 1 well formed */
static BOOL parse_store_eid(ULONG cb, const ENTRYID *eid, MAPIUID *uid)
{
    const BYTE *b = (const BYTE *)eid;

    if (!eid || cb != STORE_EID_SIZE || memcmp(b + 20, store_magic, sizeof(store_magic)))
        return FALSE;
    if (uid)
        memcpy(uid, b + 4, sizeof(MAPIUID));
    return TRUE;
}

static HRESULT compare_store_eids(ULONG cb1, LPENTRYID e1, ULONG cb2, LPENTRYID e2, ULONG *result)
{
    MAPIUID u1, u2;

    if (!result || (cb1 && !e1) || (cb2 && !e2))
        return MAPI_E_INVALID_PARAMETER;
    if (!parse_store_eid(cb1, e1, &u1) || !parse_store_eid(cb2, e2, &u2))
        return MAPI_E_INVALID_ENTRYID;
    *result = IsEqualMAPIUID(&u1, &u2);
    return S_OK;
}

/* PR_TP_EXERCISE: the support calls of a store (exercise.c). */
static void store_exercise(ms_logon *logon, ULONG mask, const char *at)
{
    tp_ex_target t;

    if (!tp_logon_target(&logon->base, "MS", mask, &t))
        return;
    t.cb_eid[0] = STORE_EID_SIZE;
    t.eid[0] = logon->eid;
    tp_exercise_run(&t, at, mask, &logon->base.ex);
}

/* ------------------------------------------------------------------------ */
/* IMsgStore                                                                 */

static HRESULT store_create(ms_logon *logon, const tp_config *cfg, const MAPIUID *uid, ms_store **out)
{
    const tp_alloc *a = &logon->base.prov->alloc;
    ms_store *store;
    SPropValue *p = NULL;
    HRESULT hr;

    *out = NULL;
    if (!(store = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*store))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    hr = a->alloc(SP_COUNT * sizeof(SPropValue), (void **)&p);
    if (FAILED(hr) || !p)
    {
        HeapFree(GetProcessHeap(), 0, store);
        return FAILED(hr) ? hr : MAPI_E_NOT_ENOUGH_MEMORY;
    }
    memset(p, 0, SP_COUNT * sizeof(SPropValue));
    hr = tp_set_string(&p[SP_NAME], 0x3001, cfg->display[0] ? cfg->display : L"Test Store", TRUE, p, a);
    if (SUCCEEDED(hr))
        hr = tp_set_binary(&p[SP_ENTRYID], PR_ENTRYID, logon->eid, STORE_EID_SIZE, p, a);
    if (SUCCEEDED(hr))
        hr = tp_set_binary(&p[SP_RECORD_KEY], PR_RECORD_KEY, uid, sizeof(*uid), p, a);
    if (SUCCEEDED(hr))
        hr = tp_set_binary(&p[SP_MDB], PR_MDB_PROVIDER, &mdb_provider, sizeof(mdb_provider), p, a);
    if (SUCCEEDED(hr))
        hr = tp_set_binary(&p[SP_STORE_EID], PR_STORE_ENTRYID, logon->eid, STORE_EID_SIZE, p, a);
    if (SUCCEEDED(hr))
        hr = tp_set_binary(&p[SP_STORE_RKEY], PR_STORE_RECORD_KEY, uid, sizeof(*uid), p, a);
    if (SUCCEEDED(hr))
    {
        BYTE eid[TP_MS_EID_SIZE];
        tp_ms_eid(uid, TRUE, TP_FOLDER_ROOT, eid);
        hr = tp_set_binary(&p[SP_IPM], PR_IPM_SUBTREE_ENTRYID, eid, sizeof(eid), p, a);
        tp_ms_eid(uid, TRUE, TP_FOLDER_SENT, eid);
        if (SUCCEEDED(hr))
            hr = tp_set_binary(&p[SP_SENT], PR_IPM_SENTMAIL_ENTRYID, eid, sizeof(eid), p, a);
    }
    if (FAILED(hr))
    {
        a->free(p);
        HeapFree(GetProcessHeap(), 0, store);
        return hr;
    }
    p[SP_SUPPORT].ulPropTag = PR_STORE_SUPPORT_MASK;
    p[SP_SUPPORT].Value.l = STORE_SUPPORT_MASK;
    p[SP_OBJTYPE].ulPropTag = PR_OBJECT_TYPE;
    p[SP_OBJTYPE].Value.l = MAPI_STORE;
    p[SP_PENDING].ulPropTag = PR_TP_PENDING;
    p[SP_PENDING].Value.l = 0;

    store->IMsgStore_iface.lpVtbl = (IMsgStoreVtbl *)&ms_store_vtbl;
    store->ref = 1;
    store->props = p;
    store->cprops = SP_COUNT;
    store->logon = logon;
    IMSLogon_AddRef(&logon->base.iface.ms);
    *out = store;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE store_QueryInterface(IMsgStore *iface, REFIID riid, void **ppv)
{
    ms_store *store = impl_from_IMsgStore(iface);

    if (!ppv)
        return E_INVALIDARG;
    *ppv = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPIProp) ||
        IsEqualGUID(riid, &IID_IMsgStore))
    {
        *ppv = &store->IMsgStore_iface;
        InterlockedIncrement(&store->ref);
        return S_OK;
    }
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE store_AddRef(IMsgStore *iface)
{
    return InterlockedIncrement(&impl_from_IMsgStore(iface)->ref);
}

/* The last reference going without StoreLogoff asks the spooler to let go
 * of the store (LOGOFF_ABORT), as a real store provider does. */
static ULONG STDMETHODCALLTYPE store_Release(IMsgStore *iface)
{
    ms_store *store = impl_from_IMsgStore(iface);
    ms_logon *logon = store->logon;
    tp_provider *prov = logon->base.prov;
    ULONG ref = InterlockedDecrement(&store->ref);
    HRESULT hr = S_FALSE;

    if (ref)
        return ref;
    if (!store->store_logoff && !logon->base.logged_off && logon->base.sup)
    {
        ULONG flags = LOGOFF_ABORT;
        hr = IMAPISupport_StoreLogoffTransports(logon->base.sup, &flags);
    }
    tp_plog(prov, "StoreRelease", "ref=0 logofftransports=0x%08lx", (unsigned long)hr);
    EnterCriticalSection(&prov->cs);
    if (logon->store == store)
        logon->store = NULL;
    LeaveCriticalSection(&prov->cs);
    prov->alloc.free(store->props);
    HeapFree(GetProcessHeap(), 0, store);
    IMSLogon_Release(&logon->base.iface.ms);
    return 0;
}

TP_PROP_STUBS(store, IMsgStore)

static HRESULT STDMETHODCALLTYPE store_SaveChanges(IMsgStore *iface, ULONG ulFlags)
{
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE store_GetProps(IMsgStore *iface, LPSPropTagArray lpPropTagArray,
        ULONG ulFlags, ULONG *lpcValues, LPSPropValue *lppPropArray)
{
    ms_store *store = impl_from_IMsgStore(iface);
    tp_provider *prov = store->logon->base.prov;
    HRESULT hr;

    EnterCriticalSection(&prov->cs);
    store->props[SP_PENDING].Value.l = (LONG)prov->pending_len;
    hr = tp_get_props(store->props, store->cprops, &prov->alloc, lpPropTagArray, ulFlags,
                      lpcValues, lppPropArray);
    LeaveCriticalSection(&prov->cs);
    return hr;
}

static HRESULT STDMETHODCALLTYPE store_GetPropList(IMsgStore *iface, ULONG ulFlags,
        LPSPropTagArray *lppPropTagArray)
{
    ms_store *store = impl_from_IMsgStore(iface);
    return tp_get_prop_list(store->props, store->cprops, &store->logon->base.prov->alloc, ulFlags,
                            lppPropTagArray);
}

/* PR_TP_APPEND (binary, or a PT_STRING8 without its NUL) appends pending
 * bytes; every other property is refused with MAPI_E_NO_ACCESS. */
static HRESULT STDMETHODCALLTYPE store_SetProps(IMsgStore *iface, ULONG cValues,
        LPSPropValue lpPropArray, LPSPropProblemArray *lppProblems)
{
    ms_store *store = impl_from_IMsgStore(iface);
    tp_provider *prov = store->logon->base.prov;
    LPSPropProblemArray problems = NULL;
    ULONG i, appended = 0, refused = 0;
    HRESULT hr = S_OK;

    if (lppProblems)
        *lppProblems = NULL;
    if (!lpPropArray || !cValues)
        return MAPI_E_INVALID_PARAMETER;
    if (store->logon->base.logged_off)
    {
        tp_plog(prov, "StoreSetProps", "hr=0x%08lx loggedoff=1", (unsigned long)MAPI_E_INVALID_OBJECT);
        return MAPI_E_INVALID_OBJECT;
    }
    if (lppProblems)
    {
        hr = prov->alloc.alloc(CbNewSPropProblemArray(cValues), (void **)&problems);
        if (FAILED(hr))
            return hr;
        problems->cProblem = 0;
    }
    for (i = 0; i < cValues && SUCCEEDED(hr); i++)
    {
        const SPropValue *pv = &lpPropArray[i];

        if (pv->ulPropTag == PR_TP_EXERCISE)
        {
            /* The support calls again, now that MAPI has the logon. */
            store_exercise(store->logon, pv->Value.ul, "later");
        }
        else if (pv->ulPropTag == PR_TP_APPEND && (pv->Value.bin.lpb || !pv->Value.bin.cb))
        {
            hr = tp_store_append(prov, pv->Value.bin.lpb, pv->Value.bin.cb);
            appended += pv->Value.bin.cb;
        }
        else if (pv->ulPropTag == PROP_TAG(PT_STRING8, PROP_ID(PR_TP_APPEND)) && pv->Value.lpszA)
        {
            ULONG cb = (ULONG)strlen(pv->Value.lpszA);
            hr = tp_store_append(prov, (const BYTE *)pv->Value.lpszA, cb);
            appended += cb;
        }
        else
        {
            refused++;
            if (problems)
            {
                SPropProblem *pb = &problems->aProblem[problems->cProblem++];
                pb->ulIndex = i;
                pb->ulPropTag = pv->ulPropTag;
                pb->scode = MAPI_E_NO_ACCESS;
            }
        }
    }
    if (problems && (FAILED(hr) || !problems->cProblem))
    {
        prov->alloc.free(problems);
        problems = NULL;
    }
    if (lppProblems)
        *lppProblems = problems;
    tp_plog(prov, "StoreSetProps", "appended=%lu refused=%lu pending=%lu hr=0x%08lx",
            (unsigned long)appended, (unsigned long)refused, (unsigned long)prov->pending_len,
            (unsigned long)hr);
    return hr;
}

static HRESULT STDMETHODCALLTYPE store_Advise(IMsgStore *iface, ULONG cbEntryID, LPENTRYID lpEntryID,
        ULONG ulEventMask, LPMAPIADVISESINK lpAdviseSink, ULONG_PTR *lpulConnection)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE store_Unadvise(IMsgStore *iface, ULONG_PTR ulConnection)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE store_CompareEntryIDs(IMsgStore *iface, ULONG cbEntryID1,
        LPENTRYID lpEntryID1, ULONG cbEntryID2, LPENTRYID lpEntryID2, ULONG ulFlags, ULONG *lpulResult)
{
    return compare_store_eids(cbEntryID1, lpEntryID1, cbEntryID2, lpEntryID2, lpulResult);
}

static HRESULT open_entry(ms_logon *logon, ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                          ULONG *lpulObjType, LPUNKNOWN *lppUnk);

static HRESULT STDMETHODCALLTYPE store_OpenEntry(IMsgStore *iface, ULONG cbEntryID, LPENTRYID lpEntryID,
        LPCIID lpInterface, ULONG ulFlags, ULONG *lpulObjType, LPUNKNOWN *lppUnk)
{
    return open_entry(impl_from_IMsgStore(iface)->logon, cbEntryID, lpEntryID, lpInterface,
                      lpulObjType, lppUnk);
}

static HRESULT STDMETHODCALLTYPE store_SetReceiveFolder(IMsgStore *iface, LPTSTR lpszMessageClass,
        ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID)
{
    return MAPI_E_NO_SUPPORT;
}

/* Every class goes to the Inbox; the explicit class is "" (the default). */
static HRESULT STDMETHODCALLTYPE store_GetReceiveFolder(IMsgStore *iface, LPTSTR lpszMessageClass,
        ULONG ulFlags, ULONG *lpcbEntryID, LPENTRYID *lppEntryID, LPTSTR *lppszExplicitClass)
{
    ms_store *store = impl_from_IMsgStore(iface);
    const tp_alloc *a = &store->logon->base.prov->alloc;
    MAPIUID uid;
    HRESULT hr;

    if (!lpcbEntryID || !lppEntryID)
        return MAPI_E_INVALID_PARAMETER;
    if (ulFlags & ~MAPI_UNICODE)
        return MAPI_E_UNKNOWN_FLAGS;
    *lppEntryID = NULL;
    if (lppszExplicitClass)
        *lppszExplicitClass = NULL;
    memcpy(&uid, store->logon->eid + 4, sizeof(uid));
    if (FAILED(hr = a->alloc(TP_MS_EID_SIZE, (void **)lppEntryID)))
        return hr;
    tp_ms_eid(&uid, TRUE, TP_FOLDER_INBOX, (BYTE *)*lppEntryID);
    *lpcbEntryID = TP_MS_EID_SIZE;
    if (lppszExplicitClass)
    {
        if (FAILED(hr = a->alloc(sizeof(WCHAR), (void **)lppszExplicitClass)))
        {
            a->free(*lppEntryID);
            *lppEntryID = NULL;
            return hr;
        }
        memset(*lppszExplicitClass, 0, sizeof(WCHAR));
    }
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE store_GetReceiveFolderTable(IMsgStore *iface, ULONG ulFlags,
        LPMAPITABLE *lppTable)
{
    return MAPI_E_NO_SUPPORT;
}

/* Tells the spooler through the support object, as the docs ask. */
static HRESULT STDMETHODCALLTYPE store_StoreLogoff(IMsgStore *iface, ULONG *lpulFlags)
{
    ms_store *store = impl_from_IMsgStore(iface);
    ms_logon *logon = store->logon;
    HRESULT hr = S_FALSE;
    ULONG in;

    if (!lpulFlags)
        return MAPI_E_INVALID_PARAMETER;
    in = *lpulFlags;
    if (!logon->base.logged_off && logon->base.sup)
        hr = IMAPISupport_StoreLogoffTransports(logon->base.sup, lpulFlags);
    store->store_logoff = TRUE;
    tp_plog(logon->base.prov, "StoreLogoff", "flags=0x%08lx logofftransports=0x%08lx hr=0x00000000",
            (unsigned long)in, (unsigned long)hr);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE store_AbortSubmit(IMsgStore *iface, ULONG cbEntryID,
        LPENTRYID lpEntryID, ULONG ulFlags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE store_GetOutgoingQueue(IMsgStore *iface, ULONG ulFlags,
        LPMAPITABLE *lppTable)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE store_SetLockState(IMsgStore *iface, LPMESSAGE lpMessage,
        ULONG ulLockState)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE store_FinishedMsg(IMsgStore *iface, ULONG ulFlags, ULONG cbEntryID,
        LPENTRYID lpEntryID)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE store_NotifyNewMail(IMsgStore *iface, LPNOTIFICATION lpNotification)
{
    return MAPI_E_NO_SUPPORT;
}

/* ------------------------------------------------------------------------ */
/* IMSLogon                                                                  */

/* Opens the store itself by its entry ID, or one of its folders and messages. */
static HRESULT open_entry(ms_logon *logon, ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                          ULONG *lpulObjType, LPUNKNOWN *lppUnk)
{
    tp_provider *prov = logon->base.prov;
    ms_store *store;
    HRESULT hr;

    if (!lpulObjType || !lppUnk || (cbEntryID && !lpEntryID))
        return MAPI_E_INVALID_PARAMETER;
    *lppUnk = NULL;
    if (!cbEntryID || cbEntryID != STORE_EID_SIZE || memcmp(lpEntryID, logon->eid, STORE_EID_SIZE))
    {
        /* The root folder (no ID), a folder or a message (msfolder.c). */
        MAPIUID uid;
        memcpy(&uid, logon->eid + 4, sizeof(uid));
        hr = tp_ms_open(prov, logon->base.sup, &uid, cbEntryID, lpEntryID, lpInterface, lpulObjType, lppUnk);
    }
    else
    {
        EnterCriticalSection(&prov->cs);
        store = logon->store;
        if (store)
            IMsgStore_AddRef(&store->IMsgStore_iface);
        LeaveCriticalSection(&prov->cs);
        if (!store)
            hr = MAPI_E_NOT_FOUND;
        else
        {
            hr = IMsgStore_QueryInterface(&store->IMsgStore_iface,
                                          lpInterface ? lpInterface : &IID_IMsgStore, (void **)lppUnk);
            if (hr == E_NOINTERFACE)
                hr = MAPI_E_INTERFACE_NOT_SUPPORTED;
            if (SUCCEEDED(hr))
                *lpulObjType = MAPI_STORE;
            IMsgStore_Release(&store->IMsgStore_iface);
        }
    }
    tp_plog(prov, "OpenEntry", "cb=%lu hr=0x%08lx", (unsigned long)cbEntryID, (unsigned long)hr);
    return hr;
}

TP_LOGON_IUNKNOWN(mslogon, IMSLogon)

static HRESULT STDMETHODCALLTYPE mslogon_GetLastError(IMSLogon *iface, HRESULT hResult, ULONG ulFlags,
        LPMAPIERROR *lppMAPIError)
{
    return tp_no_error(lppMAPIError);
}

/* Makes the pending bytes durable, then lets go of the support object. */
static HRESULT STDMETHODCALLTYPE mslogon_Logoff(IMSLogon *iface, ULONG *lpulFlags)
{
    tp_logon *logon = &impl_from_IMSLogon(iface)->base;
    char flags[16], extra[32];
    ULONG flushed = 0;
    HRESULT hr;

    if (lpulFlags)
        snprintf(flags, sizeof(flags), "%lu", (unsigned long)*lpulFlags);
    else
        strcpy(flags, "null");
    if (tp_logon_again(logon, "Logoff", flags))
        return S_OK;
    hr = tp_store_flush(logon->prov, &flushed);
    snprintf(extra, sizeof(extra), " flushed=%lu", (unsigned long)flushed);
    tp_logon_end(logon, "Logoff", flags, extra, hr);
    return hr;
}

static HRESULT STDMETHODCALLTYPE mslogon_OpenEntry(IMSLogon *iface, ULONG cbEntryID, LPENTRYID lpEntryID,
        LPCIID lpInterface, ULONG ulFlags, ULONG *lpulObjType, LPUNKNOWN *lppUnk)
{
    return open_entry(impl_from_IMSLogon(iface), cbEntryID, lpEntryID, lpInterface, lpulObjType, lppUnk);
}

static HRESULT STDMETHODCALLTYPE mslogon_CompareEntryIDs(IMSLogon *iface, ULONG cbEntryID1,
        LPENTRYID lpEntryID1, ULONG cbEntryID2, LPENTRYID lpEntryID2, ULONG ulFlags, ULONG *lpulResult)
{
    return compare_store_eids(cbEntryID1, lpEntryID1, cbEntryID2, lpEntryID2, lpulResult);
}

static HRESULT STDMETHODCALLTYPE mslogon_Advise(IMSLogon *iface, ULONG cbEntryID, LPENTRYID lpEntryID,
        ULONG ulEventMask, LPMAPIADVISESINK lpAdviseSink, ULONG_PTR *lpulConnection)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE mslogon_Unadvise(IMSLogon *iface, ULONG_PTR ulConnection)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE mslogon_OpenStatusEntry(IMSLogon *iface, LPCIID lpInterface,
        ULONG ulFlags, ULONG *lpulObjType, LPVOID *lppEntry)
{
    if (lppEntry)
        *lppEntry = NULL;
    return MAPI_E_NO_SUPPORT;
}

/* ------------------------------------------------------------------------ */
/* IMSProvider                                                               */

TP_PROVIDER_METHODS(msprov, IMSProvider)

/* Logon and SpoolerLogon: one new IMSLogon + IMsgStore pair each time. */
static HRESULT store_logon(tp_provider *prov, const char *method, LPMAPISUP sup, ULONG cbEntryID,
        LPENTRYID lpEntryID, ULONG ulFlags, LPCIID lpInterface, const char *security,
        LPMAPIERROR *lppMAPIError, LPMSLOGON *lppMSLogon, LPMDB *lppMDB, MAPIUID *uid_out)
{
    HRESULT hr, modify_hr = S_FALSE, setuid_hr = S_FALSE, sect_hr = S_FALSE;
    char uidtext[40] = "-", ifname[48];
    const char *eidstate = "none";
    ms_logon *logon = NULL;
    ms_store *store = NULL;
    LPPROFSECT sect = NULL;
    MAPIUID uid, eid_uid;
    tp_config cfg;

    if (lppMAPIError)
        *lppMAPIError = NULL;
    if (lppMSLogon)
        *lppMSLogon = NULL;
    if (lppMDB)
        *lppMDB = NULL;
    if (!sup || !lppMSLogon || !lppMDB || (cbEntryID && !lpEntryID))
    {
        tp_plog(prov, method, "flags=0x%08lx hr=0x%08lx badparam=1", (unsigned long)ulFlags,
                (unsigned long)MAPI_E_INVALID_PARAMETER);
        return MAPI_E_INVALID_PARAMETER;
    }
    if (lpInterface && !IsEqualGUID(lpInterface, &IID_IMsgStore) &&
        !IsEqualGUID(lpInterface, &IID_IMAPIProp) && !IsEqualGUID(lpInterface, &IID_IUnknown))
    {
        tp_plog(prov, method, "flags=0x%08lx iid=%s hr=0x%08lx", (unsigned long)ulFlags,
                tp_iid_name(lpInterface, ifname, sizeof(ifname)),
                (unsigned long)MAPI_E_INTERFACE_NOT_SUPPORTED);
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    }

    tp_provider_logon_begin(prov, sup, &uid, &sect, &cfg);
    tp_hex(uid.ab, sizeof(uid.ab), uidtext, sizeof(uidtext));
    hr = cfg.logon_hr;
    if (SUCCEEDED(hr) && cbEntryID)
    {
        if (!parse_store_eid(cbEntryID, lpEntryID, &eid_uid))
        {
            eidstate = "bad";
            hr = MAPI_E_INVALID_ENTRYID;
        }
        else if (!IsEqualMAPIUID(&eid_uid, &uid))
        {
            eidstate = "foreign";
            hr = MAPI_E_INVALID_ENTRYID;
        }
        else
            eidstate = "ok";
    }
    if (SUCCEEDED(hr) && !(logon = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*logon))))
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    if (SUCCEEDED(hr))
    {
        tp_logon_init(&logon->base, &ms_logon_vtbl, &IID_IMSLogon, prov);
        logon->base.uid = uid;
        make_store_eid(logon->eid, &uid);
        hr = store_create(logon, &cfg, &uid, &store);
        if (FAILED(hr))
        {
            IMSLogon_Release(&logon->base.iface.ms);
            logon = NULL;
        }
    }
    if (SUCCEEDED(hr))
    {
        logon->store = store;
        logon->base.sup = sup;
        IMAPISupport_AddRef(sup);

        /* The profile gets the store's entry ID; the first logon makes the
         * section permanent (mapi-spec.md 4.3). */
        if (sect)
        {
            SPropValue pv[2];
            pv[0].ulPropTag = PR_ENTRYID;
            pv[0].dwAlignPad = 0;
            pv[0].Value.bin.cb = STORE_EID_SIZE;
            pv[0].Value.bin.lpb = logon->eid;
            pv[1].ulPropTag = PR_RECORD_KEY;
            pv[1].dwAlignPad = 0;
            pv[1].Value.bin.cb = sizeof(uid);
            pv[1].Value.bin.lpb = uid.ab;
            sect_hr = IProfSect_SetProps(sect, 2, pv, NULL);
            /* closed before ModifyProfile, which may want to write it too */
            IProfSect_Release(sect);
            sect = NULL;
        }
        if (!strcmp(method, "Logon") && !prov->logged_on)
        {
            modify_hr = IMAPISupport_ModifyProfile(sup, 0);
            prov->logged_on = TRUE;
        }
        setuid_hr = IMAPISupport_SetProviderUID(sup, &uid, 0);
        if (!strcmp(method, "Logon"))
            store_exercise(logon, cfg.exercise, "logon");
        *lppMSLogon = &logon->base.iface.ms;
        *lppMDB = &store->IMsgStore_iface;
        if (uid_out)
            *uid_out = uid;
    }
    if (sect)
        IProfSect_Release(sect);
    tp_plog(prov, method, "flags=0x%08lx eid=%s%s uid=%s section=0x%08lx modify=0x%08lx setuid=0x%08lx hr=0x%08lx",
            (unsigned long)ulFlags, eidstate, security, uidtext, (unsigned long)sect_hr,
            (unsigned long)modify_hr, (unsigned long)setuid_hr, (unsigned long)hr);
    return hr;
}

static HRESULT STDMETHODCALLTYPE msprov_Logon(IMSProvider *iface, LPMAPISUP lpMAPISup,
        ULONG_PTR ulUIParam, LPTSTR lpszProfileName, ULONG cbEntryID, LPENTRYID lpEntryID,
        ULONG ulFlags, LPCIID lpInterface, ULONG *lpcbSpoolSecurity, LPBYTE *lppbSpoolSecurity,
        LPMAPIERROR *lppMAPIError, LPMSLOGON *lppMSLogon, LPMDB *lppMDB)
{
    tp_provider *prov = tp_impl_from_IMSProvider(iface);
    MAPIUID uid;
    HRESULT hr;

    if (lpcbSpoolSecurity)
        *lpcbSpoolSecurity = 0;
    if (lppbSpoolSecurity)
        *lppbSpoolSecurity = NULL;
    hr = store_logon(prov, "Logon", lpMAPISup, cbEntryID, lpEntryID, ulFlags, lpInterface, "",
                     lppMAPIError, lppMSLogon, lppMDB, &uid);
    /* The spooler's credentials: the instance UID (no pointers inside). */
    if (SUCCEEDED(hr) && lpcbSpoolSecurity && lppbSpoolSecurity &&
        SUCCEEDED(prov->alloc.alloc(sizeof(uid), (void **)lppbSpoolSecurity)) && *lppbSpoolSecurity)
    {
        memcpy(*lppbSpoolSecurity, &uid, sizeof(uid));
        *lpcbSpoolSecurity = sizeof(uid);
    }
    return hr;
}

static HRESULT STDMETHODCALLTYPE msprov_SpoolerLogon(IMSProvider *iface, LPMAPISUP lpMAPISup,
        ULONG_PTR ulUIParam, LPTSTR lpszProfileName, ULONG cbEntryID, LPENTRYID lpEntryID,
        ULONG ulFlags, LPCIID lpInterface, ULONG cbSpoolSecurity, LPBYTE lpbSpoolSecurity,
        LPMAPIERROR *lppMAPIError, LPMSLOGON *lppMSLogon, LPMDB *lppMDB)
{
    tp_provider *prov = tp_impl_from_IMSProvider(iface);
    char security[48];

    snprintf(security, sizeof(security), " security=%lu%s", (unsigned long)cbSpoolSecurity,
             cbSpoolSecurity && !lpbSpoolSecurity ? "/null" : "");
    return store_logon(prov, "SpoolerLogon", lpMAPISup, cbEntryID, lpEntryID, ulFlags, lpInterface,
                       security, lppMAPIError, lppMSLogon, lppMDB, NULL);
}

static HRESULT STDMETHODCALLTYPE msprov_CompareStoreIDs(IMSProvider *iface, ULONG cbEntryID1,
        LPENTRYID lpEntryID1, ULONG cbEntryID2, LPENTRYID lpEntryID2, ULONG ulFlags, ULONG *lpulResult)
{
    tp_provider *prov = tp_impl_from_IMSProvider(iface);
    HRESULT hr = compare_store_eids(cbEntryID1, lpEntryID1, cbEntryID2, lpEntryID2, lpulResult);

    tp_plog(prov, "CompareStoreIDs", "result=%lu hr=0x%08lx",
            SUCCEEDED(hr) ? (unsigned long)*lpulResult : 0ul, (unsigned long)hr);
    return hr;
}

const IMSProviderVtbl tp_ms_provider_vtbl =
{
    msprov_QueryInterface,
    msprov_AddRef,
    msprov_Release,
    msprov_Shutdown,
    msprov_Logon,
    msprov_SpoolerLogon,
    msprov_CompareStoreIDs,
};

static const IMSLogonVtbl ms_logon_vtbl =
{
    mslogon_QueryInterface,
    mslogon_AddRef,
    mslogon_Release,
    mslogon_GetLastError,
    mslogon_Logoff,
    mslogon_OpenEntry,
    mslogon_CompareEntryIDs,
    mslogon_Advise,
    mslogon_Unadvise,
    mslogon_OpenStatusEntry,
};

static const IMsgStoreVtbl ms_store_vtbl =
{
    store_QueryInterface,
    store_AddRef,
    store_Release,
    store_GetLastError,
    store_SaveChanges,
    store_GetProps,
    store_GetPropList,
    store_OpenProperty,
    store_SetProps,
    store_DeleteProps,
    store_CopyTo,
    store_CopyProps,
    store_GetNamesFromIDs,
    store_GetIDsFromNames,
    store_Advise,
    store_Unadvise,
    store_CompareEntryIDs,
    store_OpenEntry,
    store_SetReceiveFolder,
    store_GetReceiveFolder,
    store_GetReceiveFolderTable,
    store_StoreLogoff,
    store_AbortSubmit,
    store_GetOutgoingQueue,
    store_SetLockState,
    store_FinishedMsg,
    store_NotifyNewMail,
};
