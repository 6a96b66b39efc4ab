/*
 * A session's provider sections, status rows, provider objects and logon
 * records (mapi-spec.md 5.4, 5.5): logging transports and address books on,
 * and what a logon's support object asks of it (support.c).  The locking
 * rules are in session.c.
 */
#define COBJMACROS
#include <stdio.h>
#include <string.h>

#include "mapi32_private.h"
#include "session.h"
#include "session_private.h"
#include "notify.h"
#include "preprocessor.h"
#include "profsect.h"
#include "shutdown.h"

#include <mapiguid.h>
#include <mapiutil.h>

/* ---- provider sections ---- */

struct psect *session_find_sect(struct session *s, const MAPIUID *uid)
{
    ULONG i;

    for (i = 0; i < s->nsects; i++)
        if (!memcmp(&s->sects[i]->uid, uid, sizeof(*uid))) return s->sects[i];
    return NULL;
}

static void copy_string(const SPropValue *v, WCHAR *buf, DWORD cch)
{
    buf[0] = 0;
    if (PROP_TYPE(v->ulPropTag) == PT_UNICODE && v->Value.lpszW) lstrcpynW(buf, v->Value.lpszW, cch);
}

/* Reads what the session needs of a provider section (one registry pass). */
HRESULT session_load_sect(struct session *s, const MAPIUID *uid, enum provider_kind kind, struct psect **out)
{
    static const SizedSPropTagArray(6, tags) = {6, {PR_PROVIDER_DLL_NAME_W, PR_DISPLAY_NAME_W,
        PR_PROVIDER_DISPLAY_W, PR_RESOURCE_FLAGS, PR_SERVICE_UID, PR_RESOURCE_TYPE}};
    struct psect *ps;
    SPropValue *v;
    ULONG n;
    HKEY key;
    HRESULT hr;

    if ((ps = session_find_sect(s, uid))) {
        *out = ps;
        return S_OK;
    }
    if ((hr = profstore_open_section(s->prof->key, uid, FALSE, FALSE, &key))) return hr;
    hr = session_get_props(key, (SPropTagArray *)&tags, &n, &v);
    RegCloseKey(key);
    if (FAILED(hr)) return hr;
    /* An entry ID naming a section of another kind finds nothing. */
    if (v[5].ulPropTag == PR_RESOURCE_TYPE && (ULONG)v[5].Value.l != session_resource_type(kind)) {
        MAPIFreeBuffer(v);
        return MAPI_E_NOT_FOUND;
    }
    if (!session_grow((void **)&s->sects, s->nsects, &s->capsects, sizeof(*s->sects)) ||
        !(ps = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*ps)))) {
        MAPIFreeBuffer(v);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    ps->uid = *uid;
    ps->kind = kind;
    copy_string(&v[0], ps->dll, ARRAYSIZE(ps->dll));
    copy_string(&v[1], ps->display, ARRAYSIZE(ps->display));
    copy_string(&v[2], ps->provider_display, ARRAYSIZE(ps->provider_display));
    if (v[3].ulPropTag == PR_RESOURCE_FLAGS) ps->resource_flags = v[3].Value.l;
    if (v[4].ulPropTag == PR_SERVICE_UID && v[4].Value.bin.cb == sizeof(MAPIUID))
        memcpy(&ps->service, v[4].Value.bin.lpb, sizeof(MAPIUID));
    MAPIFreeBuffer(v);
    s->sects[s->nsects++] = ps;
    *out = ps;
    return S_OK;
}

BOOL session_service_disabled(struct session *s, const MAPIUID *svc)
{
    static const MAPIUID zero;
    ULONG i;

    if (!memcmp(svc, &zero, sizeof(zero))) return FALSE;
    for (i = 0; i < s->ndisabled; i++)
        if (!memcmp(&s->disabled[i], svc, sizeof(*svc))) return TRUE;
    return FALSE;
}

void session_disable_service(struct session *s, const MAPIUID *svc)
{
    static const MAPIUID zero;

    if (!memcmp(svc, &zero, sizeof(zero)) || session_service_disabled(s, svc)) return;
    if (session_grow((void **)&s->disabled, s->ndisabled, &s->capdisabled, sizeof(*s->disabled)))
        s->disabled[s->ndisabled++] = *svc;
}

/* mapi-spec.md 5.2: which logon failures take the whole service down. */
BOOL session_failure_disables(enum provider_kind kind, HRESULT hr)
{
    switch (hr) {
    case MAPI_E_FAILONEPROVIDER:
    case MAPI_E_USER_CANCEL:
    case MAPI_E_UNKNOWN_CPID:
    case MAPI_E_UNKNOWN_LCID:
        return FALSE;
    case MAPI_E_LOGON_FAILED:
        return kind != PROVIDER_MS;
    default:
        return FAILED(hr);
    }
}

/* ---- status rows ---- */

static LONG new_rowid(struct session *s)
{
    return InterlockedIncrement(&s->next_rowid);
}

/* The columns MAPI computes for a provider's row. */
static BOOL is_simple_temp(const struct session *s, const struct psect *ps)
{
    return s->has_simple_temp && !memcmp(&s->simple_temp, &ps->uid, sizeof(MAPIUID));
}

ULONG session_mapi_columns(const struct session *s, const struct psect *ps, SPropValue *v)
{
    v[0].ulPropTag = PR_PROVIDER_DLL_NAME_W;
    v[0].Value.lpszW = (WCHAR *)ps->dll;
    v[1].ulPropTag = PR_RESOURCE_FLAGS;
    v[1].Value.l = ps->resource_flags | (is_simple_temp(s, ps) ? STATUS_SIMPLE_STORE : 0);
    v[2].ulPropTag = PR_RESOURCE_TYPE;
    v[2].Value.l = session_resource_type(ps->kind);
    return 3;
}

static LONG sect_row(struct session *s, struct psect *ps)
{
    LONG id = READ_LONG(&ps->rowid);

    if (!id) {
        id = new_rowid(s);
        if (InterlockedCompareExchange(&ps->rowid, id, 0)) id = ps->rowid;
    }
    return id;
}

/* A row in error for a provider that could not be used. */
void session_failure_row(struct session *s, struct psect *ps, HRESULT hr, const WCHAR *why)
{
    SPropValue mapi[3], prov[5];
    WCHAR text[400];

    _snwprintf(text, ARRAYSIZE(text), L"%ls (%#lx)", why, hr);
    text[ARRAYSIZE(text) - 1] = 0;
    TRACE("%ls provider %ls (%ls) skipped: %ls", session_kind_name(ps->kind), ps->display, ps->dll, text);
    session_mapi_columns(s, ps, mapi);
    prov[0].ulPropTag = PR_DISPLAY_NAME_W;
    prov[0].Value.lpszW = ps->display;
    prov[1].ulPropTag = PR_PROVIDER_DISPLAY_W;
    prov[1].Value.lpszW = ps->provider_display;
    prov[2].ulPropTag = PR_STATUS_CODE;
    prov[2].Value.l = STATUS_FAILURE;
    prov[3].ulPropTag = PR_RESOURCE_METHODS;
    prov[3].Value.l = 0;
    prov[4].ulPropTag = PR_STATUS_STRING_W;
    prov[4].Value.lpszW = text;
    status_table_set(s->status, sect_row(s, ps), mapi, 3, prov, 5, FALSE);
    ps->failed_row = TRUE;
    lasterr_set(&s->err, hr, L"%ls", text);
}

/* The row of a transport before it says anything itself. */
static void available_row(struct session *s, struct psect *ps)
{
    SPropValue mapi[3], prov[5];

    session_mapi_columns(s, ps, mapi);
    prov[0].ulPropTag = PR_DISPLAY_NAME_W;
    prov[0].Value.lpszW = ps->display;
    prov[1].ulPropTag = PR_PROVIDER_DISPLAY_W;
    prov[1].Value.lpszW = ps->provider_display;
    prov[2].ulPropTag = PR_STATUS_CODE;
    prov[2].Value.l = STATUS_AVAILABLE;
    prov[3].ulPropTag = PR_RESOURCE_METHODS;
    prov[3].Value.l = 0;
    prov[4].ulPropTag = PR_STATUS_STRING_W;
    prov[4].Value.lpszW = (WCHAR *)L"Available";
    status_table_set(s->status, sect_row(s, ps), mapi, 3, prov, 5, FALSE);
    ps->failed_row = FALSE;
}

void session_mapi_row(struct session *s, ULONG type, const WCHAR *name, ULONG code, const WCHAR *text)
{
    SPropValue mapi[3], prov[5];

    mapi[0].ulPropTag = PR_PROVIDER_DLL_NAME_W;
    mapi[0].Value.lpszW = (WCHAR *)L"MAPI32.DLL";
    mapi[1].ulPropTag = PR_RESOURCE_FLAGS;
    mapi[1].Value.l = 0;
    mapi[2].ulPropTag = PR_RESOURCE_TYPE;
    mapi[2].Value.l = type;
    prov[0].ulPropTag = PR_DISPLAY_NAME_W;
    prov[0].Value.lpszW = (WCHAR *)name;
    prov[1].ulPropTag = PR_PROVIDER_DISPLAY_W;
    prov[1].Value.lpszW = (WCHAR *)L"FreeMAPI";
    prov[2].ulPropTag = PR_STATUS_CODE;
    prov[2].Value.l = code;
    prov[3].ulPropTag = PR_RESOURCE_METHODS;
    prov[3].Value.l = 0;
    prov[4].ulPropTag = PR_STATUS_STRING_W;
    prov[4].Value.lpszW = (WCHAR *)text;
    status_table_set(s->status, new_rowid(s), mapi, 3, prov, 5, FALSE);
}

/* ---- the session's provider objects ---- */

HRESULT session_provider(struct session *s, struct psect *ps, struct provider **out, const WCHAR **why)
{
    struct sprov *sp;
    ULONG i;

    for (i = 0; i < s->nprovs; i++) {
        sp = &s->provs[i];
        if (sp->kind == ps->kind && !lstrcmpiW(sp->dll, ps->dll)) {
            *out = sp->prov;
            *why = sp->why;
            return sp->hr;
        }
    }
    if (!session_grow((void **)&s->provs, s->nprovs, &s->capprovs, sizeof(*s->provs))) return MAPI_E_NOT_ENOUGH_MEMORY;
    sp = &s->provs[s->nprovs++];
    memset(sp, 0, sizeof(*sp));
    sp->kind = ps->kind;
    lstrcpynW(sp->dll, ps->dll, ARRAYSIZE(sp->dll));
    /* A failed init is remembered: the session does not try again. */
    sp->hr = provider_create(ps->kind, ps->dll, s->flags & MAPI_NT_SERVICE, s->serial, &sp->prov,
                             sp->why, ARRAYSIZE(sp->why));
    *out = sp->prov;
    *why = sp->why;
    return sp->hr;
}

/* ---- logon records ---- */

struct logon *logon_new(struct session *s, struct psect *ps, struct provider *prov)
{
    struct logon *lo;

    if (!(lo = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*lo)))) return NULL;
    lo->refs = 1;
    lo->s = s;
    lo->kind = ps->kind;
    lo->sect = ps;
    lo->prov = prov;
    session_hold(s);
    if (support_create_logon(lo, &lo->support)) {
        session_unhold(s);
        HeapFree(GetProcessHeap(), 0, lo);
        return NULL;
    }
    return lo;
}

void logon_addref(struct logon *lo)
{
    InterlockedIncrement(&lo->refs);
}

void logon_release(struct logon *lo)
{
    struct session *s = lo->s;

    if (!InterlockedDecrement(&lo->refs)) {
        MAPIFreeBuffer(lo->security);
        HeapFree(GetProcessHeap(), 0, lo);
        session_unhold(s);
    }
}

enum provider_kind logon_kind(const struct logon *lo) { return lo->kind; }
struct admin_profile *logon_profile(const struct logon *lo) { return lo->s->prof; }
const MAPIUID *logon_section(const struct logon *lo) { return &lo->sect->uid; }
const MAPIUID *logon_service(const struct logon *lo) { return &lo->sect->service; }
const WCHAR *logon_dll(const struct logon *lo) { return lo->sect->dll; }
struct session *logon_session(const struct logon *lo) { return lo->s; }
BOOL logon_ended(const struct logon *lo) { return READ_LONG(&lo->ended) != 0; }

static void unregister_uids(struct session *s, struct logon *lo)
{
    ULONG i = 0;

    AcquireSRWLockExclusive(&s->uid_lock);
    while (i < s->nuids) {
        if (s->uids[i].lo == lo) s->uids[i] = s->uids[--s->nuids];
        else i++;
    }
    ReleaseSRWLockExclusive(&s->uid_lock);
}

/* The live logon that registered uid (the latest one), with a reference. */
struct logon *logon_by_uid(struct session *s, const MAPIUID *uid)
{
    struct logon *lo = NULL;
    ULONG i;

    AcquireSRWLockShared(&s->uid_lock);
    for (i = s->nuids; i-- > 0; )
        if (!memcmp(&s->uids[i].uid, uid, sizeof(*uid)) && !s->uids[i].lo->ended) {
            lo = s->uids[i].lo;
            logon_addref(lo);
            break;
        }
    ReleaseSRWLockShared(&s->uid_lock);
    return lo;
}

static BOOL sect_has_live_logon(struct session *s, const struct psect *ps, const struct logon *except)
{
    struct logon *lo;

    for (lo = s->logons; lo; lo = lo->next)
        if (lo != except && lo->sect == ps && !lo->ended) return TRUE;
    return FALSE;
}

static void unlink_logon(struct session *s, struct logon *lo)
{
    struct logon **p;

    for (p = &s->logons; *p; p = &(*p)->next)
        if (*p == lo) {
            *p = lo->next;
            return;
        }
}

/* What ending a logon asks of its provider: Unadvise of its connections,
 * Logoff, Release. */
struct logoff_call {
    struct logon *lo;
    IUnknown *obj;
    ULONG_PTR *conns;
    ULONG nconns;
};

static void logoff_provider(void *arg)
{
    struct logoff_call *call = arg;
    ULONG flags = 0, i;
    HRESULT hr;

    /* The spooler lets go of its store first, as a client would. */
    if (call->lo->spool_mdb) IMsgStore_Release(call->lo->spool_mdb);
    for (i = 0; i < call->nconns; i++) {
        if (call->lo->kind == PROVIDER_MS) IMSLogon_Unadvise((IMSLogon *)call->obj, call->conns[i]);
        else if (call->lo->kind == PROVIDER_AB) IABLogon_Unadvise((IABLogon *)call->obj, call->conns[i]);
    }
    switch (call->lo->kind) {
    case PROVIDER_MS: hr = IMSLogon_Logoff((IMSLogon *)call->obj, &flags); break;
    case PROVIDER_AB: hr = IABLogon_Logoff((IABLogon *)call->obj, 0); break;
    default: hr = IXPLogon_TransportLogoff((IXPLogon *)call->obj, LOGOFF_NORMAL); break;
    }
    TRACE("%ls logon of %ls: logoff -> %#lx", session_kind_name(call->lo->kind), call->lo->sect->display, hr);
    IUnknown_Release(call->obj);
}

/* Ends one logon (s->cs held): Logoff, Release of the logon object, its
 * MAPIUIDs, status row and advises go, our support reference goes.  The
 * logon of a provider that overran a fast shutdown call is logged off with
 * a deadline; if it overruns again, what the call uses is never freed. */
void logon_end(struct session *s, struct logon *lo)
{
    struct logoff_call *call = NULL;
    IMAPISupport *sup;
    ULONG i = 0;
    BOOL bounded;

    if (lo->ended) return;
    lo->ended = TRUE;
    preproc_logon_ended(lo);        /* after ended: see preproc_register */
    if (lo->obj && !provider_fast_shutdown() &&
        (call = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*call) + s->nadvises * sizeof(ULONG_PTR)))) {
        call->lo = lo;
        call->obj = lo->obj;
        call->conns = (ULONG_PTR *)(call + 1);
    }
    lo->obj = NULL;
    while (i < s->nadvises) {
        if (s->advises[i].lo == lo) {
            if (call) call->conns[call->nconns++] = s->advises[i].prov_conn;
            s->advises[i] = s->advises[--s->nadvises];
        } else i++;
    }
    if (call) {
        bounded = provider_is_abandoned(lo->prov);
        if (!bounded) logoff_provider(call);
        else {
            TRACE("%ls logon of %ls: its provider overran a fast shutdown call: logoff with a deadline",
                  session_kind_name(lo->kind), lo->sect->display);
            logon_addref(lo);
            if (shutdown_bounded_call(logoff_provider, call)) logon_release(lo);
            else {
                provider_abandon_for_good(lo->prov);
                call = NULL;    /* still in use by the call that overran */
            }
        }
        HeapFree(GetProcessHeap(), 0, call);
    }
    unregister_uids(s, lo);
    if (!sect_has_live_logon(s, lo->sect, lo) && lo->sect->rowid && !lo->sect->failed_row) {
        status_table_delete(s->status, lo->sect->rowid);
        lo->sect->rowid = 0;
    }
    sup = lo->support;
    lo->support = NULL;
    unlink_logon(s, lo);
    if (sup) IMAPISupport_Release(sup);
    logon_release(lo);
}

/* Drops a logon that never got a logon object (s->cs held). */
void logon_discard(struct session *s, struct logon *lo)
{
    IMAPISupport *sup = lo->support;

    lo->ended = TRUE;
    lo->support = NULL;
    preproc_logon_ended(lo);        /* a transport may register, then fail TransportLogon */
    unregister_uids(s, lo);
    if (sup) IMAPISupport_Release(sup);
    logon_release(lo);
}

/* Stores that called StoreLogoffTransports are logged off here, at a point
 * where no provider code is on the stack. */
void session_reap_pending(struct session *s)
{
    struct logon *lo, *next;

    for (lo = s->logons; lo; lo = next) {
        next = lo->next;
        if (lo->logoff_pending && !lo->ended) logon_end(s, lo);
    }
}

void session_take_mapierror(struct session *s, HRESULT hr, LPMAPIERROR err)
{
    if (!err) return;
    if (err->lpszError) lasterr_set(&s->err, hr, L"%hs", (const char *)err->lpszError);
    MAPIFreeBuffer(err);
}

/* After MAPI_E_UNCONFIGURED (mapi-spec.md 5.1): the service entry gets
 * MSG_SERVICE_CONFIGURE; S_OK means the logon may be tried again. */
HRESULT session_configure_service(struct session *s, struct psect *ps)
{
    static const MAPIUID zero;
    HRESULT hr;

    if (!memcmp(&ps->service, &zero, sizeof(zero))) return MAPI_E_UNCONFIGURED;
    hr = admin_call_entry(s->prof, &ps->service, MSG_SERVICE_CONFIGURE, 0, SERVICE_LOGON_FAILED, 0, NULL, &s->err);
    TRACE("%ls unconfigured: MSG_SERVICE_CONFIGURE -> %#lx", ps->display, hr);
    return hr;
}

void session_append_logon(struct session *s, struct logon *lo)
{
    struct logon **p;

    for (p = &s->logons; *p; p = &(*p)->next) ;
    lo->next = NULL;
    *p = lo;
}

/* ---- logging providers on ---- */

/* The provider object and a new logon record for a transport or address
 * book section; NULL (with a failure row saying why) if it cannot be used. */
static struct logon *logon_prepare(struct session *s, struct psect *ps, struct provider **prov)
{
    const WCHAR *why;
    struct logon *lo;
    HRESULT hr;

    if (session_service_disabled(s, &ps->service)) {
        session_failure_row(s, ps, MAPI_E_LOGON_FAILED, L"its message service is disabled for this session");
        return NULL;
    }
    if ((hr = session_provider(s, ps, prov, &why))) {
        session_failure_row(s, ps, hr, why);
        return NULL;
    }
    if (!(lo = logon_new(s, ps, *prov))) session_failure_row(s, ps, MAPI_E_NOT_ENOUGH_MEMORY, L"out of memory");
    return lo;
}

void session_logon_transport(struct session *s, struct psect *ps)
{
    struct provider *prov;
    struct logon *lo;
    LPMAPIERROR err;
    IXPLogon *xl;
    ULONG flags;
    HRESULT hr;
    int attempt;

    if (!(lo = logon_prepare(s, ps, &prov))) return;
    available_row(s, ps);
    for (attempt = 0; ; attempt++) {
        /* Sending and receiving come later: no inbound or outbound yet. */
        flags = LOGON_NO_DIALOG | LOGON_NO_INBOUND | LOGON_NO_OUTBOUND;
        err = NULL;
        xl = NULL;
        hr = IXPProvider_TransportLogon((IXPProvider *)provider_object(prov), lo->support, 0,
                                        (LPTSTR)s->profile8, &flags, &err, &xl);
        session_take_mapierror(s, hr, err);
        if (hr != MAPI_E_UNCONFIGURED || attempt || session_configure_service(s, ps)) break;
    }
    TRACE("TransportLogon of %ls -> %#lx, %p", ps->display, hr, xl);
    if (FAILED(hr) || !xl) {
        logon_discard(s, lo);
        session_failure_row(s, ps, FAILED(hr) ? hr : MAPI_E_CALL_FAILED, L"TransportLogon failed");
        if (session_failure_disables(PROVIDER_XP, hr)) session_disable_service(s, &ps->service);
        return;
    }
    lo->obj = (IUnknown *)xl;
    session_append_logon(s, lo);
}

static void logon_ab(struct session *s, struct psect *ps)
{
    struct provider *prov;
    struct logon *lo;
    LPMAPIERROR err;
    IABLogon *al;
    ULONG cbsec;
    BYTE *sec;
    HRESULT hr;
    int attempt;

    if (!(lo = logon_prepare(s, ps, &prov))) return;
    for (attempt = 0; ; attempt++) {
        err = NULL;
        al = NULL;
        sec = NULL;
        cbsec = 0;
        hr = IABProvider_Logon((IABProvider *)provider_object(prov), lo->support, 0, (LPTSTR)s->profile8,
                               AB_NO_DIALOG, &cbsec, &sec, &err, &al);
        session_take_mapierror(s, hr, err);
        if (hr != MAPI_E_UNCONFIGURED || attempt || session_configure_service(s, ps)) break;
        MAPIFreeBuffer(sec);
    }
    TRACE("address book Logon of %ls -> %#lx, %p", ps->display, hr, al);
    if (FAILED(hr) || !al) {
        MAPIFreeBuffer(sec);
        logon_discard(s, lo);
        session_failure_row(s, ps, FAILED(hr) ? hr : MAPI_E_CALL_FAILED, L"the address book Logon failed");
        if (session_failure_disables(PROVIDER_AB, hr)) session_disable_service(s, &ps->service);
        return;
    }
    if (ps->failed_row) {
        status_table_delete(s->status, ps->rowid);
        ps->rowid = 0;
        ps->failed_row = FALSE;
    }
    lo->obj = (IUnknown *)al;
    lo->security = sec;
    session_append_logon(s, lo);
}

/* Address books are logged on the first time they are needed (s->cs held). */
void session_logon_abs(struct session *s)
{
    MAPIUID *uids = NULL;
    ULONG n = 0, i;
    struct psect *ps;

    if (s->abs_done || session_over(s)) return;
    s->abs_done = TRUE;
    session_root_list(s, PR_AB_PROVIDERS, &uids, &n);
    for (i = 0; i < n; i++)
        if (!session_load_sect(s, &uids[i], PROVIDER_AB, &ps)) logon_ab(s, ps);
    HeapFree(GetProcessHeap(), 0, uids);
}

HRESULT session_ab_logons(IMAPISession *iface, struct ab_logon_ref **list, ULONG *count)
{
    struct session *s = session_from(iface);
    struct ab_logon_ref *out = NULL;
    struct logon *lo;
    ULONG n = 0, i;

    if (!list || !count) return MAPI_E_INVALID_PARAMETER;
    *list = NULL;
    *count = 0;
    if (!s) return MAPI_E_INVALID_PARAMETER;
    EnterCriticalSection(&s->cs);
    if (session_over(s)) {
        LeaveCriticalSection(&s->cs);
        return MAPI_E_END_OF_SESSION;
    }
    session_logon_abs(s);
    for (lo = s->logons; lo; lo = lo->next)
        if (lo->kind == PROVIDER_AB && lo->obj) n++;
    if (n && !(out = HeapAlloc(GetProcessHeap(), 0, n * sizeof(*out)))) {
        LeaveCriticalSection(&s->cs);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    /* Profile order: sections in the order they were read, logons in theirs. */
    n = 0;
    for (i = 0; i < s->nsects; i++)
        for (lo = s->logons; lo; lo = lo->next) {
            if (lo->kind != PROVIDER_AB || !lo->obj || lo->sect != s->sects[i]) continue;
            out[n].logon = (IABLogon *)lo->obj;
            IABLogon_AddRef(out[n].logon);
            out[n].support = lo->support;
            IMAPISupport_AddRef(out[n].support);
            out[n].section = lo->sect->uid;
            lstrcpynW(out[n].display, lo->sect->display, ARRAYSIZE(out[n].display));
            n++;
        }
    LeaveCriticalSection(&s->cs);
    *list = out;
    *count = n;
    return S_OK;
}

void session_ab_logons_free(struct ab_logon_ref *list, ULONG count)
{
    ULONG i;

    if (!list) return;
    for (i = 0; i < count; i++) {
        IABLogon_Release(list[i].logon);
        IMAPISupport_Release(list[i].support);
    }
    HeapFree(GetProcessHeap(), 0, list);
}

/* ---- what support objects ask (support.c) ---- */

HRESULT logon_modify_status_row(struct logon *lo, ULONG count, const SPropValue *vals, ULONG flags)
{
    struct session *s = lo->s;
    struct psect *ps = lo->sect;
    SPropValue mapi[3], *all;
    ULONG n, i;
    HRESULT hr;

    if (flags & ~STATUSROW_UPDATE) return MAPI_E_UNKNOWN_FLAGS;
    if ((count && !vals) || count > 0x10000) return MAPI_E_INVALID_PARAMETER;
    if (lo->ended) return S_OK;
    session_mapi_columns(s, ps, mapi);
    if (!(all = HeapAlloc(GetProcessHeap(), 0, (count + 2) * sizeof(*all)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = n = 0; i < count; i++) all[n++] = vals[i];
    if (!(flags & STATUSROW_UPDATE)) {
        /* What a row needs and the provider left out comes from its section. */
        all[n].ulPropTag = PR_DISPLAY_NAME_W;
        all[n++].Value.lpszW = ps->display;
        all[n].ulPropTag = PR_PROVIDER_DISPLAY_W;
        all[n++].Value.lpszW = ps->provider_display;
    }
    ps->failed_row = FALSE;
    hr = status_table_set(s->status, sect_row(s, ps), mapi, 3, all, n, (flags & STATUSROW_UPDATE) != 0);
    HeapFree(GetProcessHeap(), 0, all);
    return hr;
}

HRESULT logon_set_provider_uid(struct logon *lo, const MAPIUID *uid)
{
    struct session *s = lo->s;
    HRESULT hr = S_OK;
    ULONG i;

    /* The spooler's logon is the same store: entry IDs go to the client's. */
    if (lo->ended || lo->spooler) return S_OK;
    AcquireSRWLockExclusive(&s->uid_lock);
    for (i = 0; i < s->nuids; i++)
        if (s->uids[i].lo == lo && !memcmp(&s->uids[i].uid, uid, sizeof(*uid))) break;
    if (i == s->nuids) {
        if (session_grow((void **)&s->uids, s->nuids, &s->capuids, sizeof(*s->uids))) {
            s->uids[s->nuids].uid = *uid;
            s->uids[s->nuids++].lo = lo;
        } else hr = MAPI_E_NOT_ENOUGH_MEMORY;
    }
    ReleaseSRWLockExclusive(&s->uid_lock);
    return hr;
}

/* imapisupport-modifyprofile.md: the store's section joins the profile's
 * stores, and so the stores table of every session on the profile. */
HRESULT logon_modify_profile(struct logon *lo, ULONG flags)
{
    struct session *s = lo->s;
    MAPIUID *uids;
    SPropValue *v;
    ULONG n, i;
    HKEY root, key;
    BOOL listed = FALSE;
    HRESULT hr;

    if (flags & ~MDB_TEMPORARY) return MAPI_E_UNKNOWN_FLAGS;
    if ((flags & MDB_TEMPORARY) || lo->mdb_temporary || lo->ended) return S_OK;
    profstore_lock();
    if (!(hr = profstore_open_section(s->prof->key, &profstore_root_uid, TRUE, TRUE, &root))) {
        if (!profstore_uids_get(root, PR_STORE_PROVIDERS, &uids, &n)) {
            for (i = 0; i < n && !listed; i++) listed = !memcmp(&uids[i], &lo->sect->uid, sizeof(MAPIUID));
            HeapFree(GetProcessHeap(), 0, uids);
        }
        if (!listed) hr = profstore_uids_add(root, PR_STORE_PROVIDERS, &lo->sect->uid);
        RegCloseKey(root);
    }
    if (!hr && !profstore_open_section(s->prof->key, &lo->sect->uid, TRUE, FALSE, &key)) {
        if (!profstore_get_one(key, PR_RESOURCE_FLAGS, &v)) {
            if (v->Value.l & STATUS_TEMP_SECTION) {
                v->Value.l &= ~STATUS_TEMP_SECTION;
                profstore_set_one(key, v);
            }
            HeapFree(GetProcessHeap(), 0, v);
        }
        RegCloseKey(key);
    }
    profstore_unlock();
    TRACE("store section of %ls made permanent -> %#lx", lo->sect->display, hr);
    if (!hr) {
        lo->sect->made_here = FALSE;
        lo->sect->resource_flags &= ~STATUS_TEMP_SECTION;
        session_stores_changed(s);
    }
    return hr;
}

/* imapisupport-storelogofftransports.md: there is no spooler activity to
 * wait for, so the store may go at once; MAPI logs it off when the provider
 * lets go of its support object, or at the next safe point. */
HRESULT logon_store_logoff(struct logon *lo, ULONG *flags)
{
    ULONG in = *flags & (LOGOFF_NO_WAIT | LOGOFF_ORDERLY | LOGOFF_PURGE | LOGOFF_ABORT | LOGOFF_QUIET);

    TRACE("store %ls: StoreLogoffTransports(%#lx)", lo->sect->display, *flags);
    if (*flags & ~(LOGOFF_NO_WAIT | LOGOFF_ORDERLY | LOGOFF_PURGE | LOGOFF_ABORT | LOGOFF_QUIET))
        return MAPI_E_UNKNOWN_FLAGS;
    (void)in;
    lo->logoff_pending = TRUE;
    *flags = LOGOFF_COMPLETE;
    return S_OK;
}

void logon_support_released(struct logon *lo, ULONG refs)
{
    struct session *s = lo->s;

    /* Only MAPI's own reference is left: the store is done with it
     * (imslogon-logoff.md). */
    if (refs != 1 || !lo->logoff_pending || lo->ended) return;
    EnterCriticalSection(&s->cs);
    if (!lo->ended && lo->support) {
        logon_addref(lo);
        logon_end(s, lo);
        logon_release(lo);
    }
    LeaveCriticalSection(&s->cs);
}
