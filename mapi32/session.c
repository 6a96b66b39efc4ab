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
 */
#define COBJMACROS
#include <stdio.h>
#include <string.h>

#include "mapi32_private.h"
#include "session.h"
#include "notify.h"
#include "profsect.h"
#include "shutdown.h"

#include <mapiguid.h>
#include <mapiutil.h>

/* One provider section the session knows. */
struct psect {
    MAPIUID uid;
    MAPIUID service;            /* zero for a store section made by OpenMsgStore */
    enum provider_kind kind;
    WCHAR dll[MAX_PATH];        /* PR_PROVIDER_DLL_NAME as the profile has it */
    WCHAR display[128];
    WCHAR provider_display[128];
    LONG resource_flags;
    LONG rowid;                 /* its status row, 0: none */
    BOOL failed_row;            /* that row says why it could not be used */
    BOOL made_here;             /* a temporary section this session made */
};

/* The session's provider object for one kind and DLL, or why there is none. */
struct sprov {
    enum provider_kind kind;
    WCHAR dll[MAX_PATH];
    struct provider *prov;
    HRESULT hr;
    WCHAR why[256];
};

struct logon {
    struct logon *next;
    LONG refs;                  /* the session's list, the support object */
    struct session *s;
    enum provider_kind kind;
    struct psect *sect;
    struct provider *prov;
    IUnknown *obj;              /* IMSLogon / IABLogon / IXPLogon; NULL once ended */
    IMAPISupport *support;      /* our reference; NULL once ended */
    LONG ended;
    BOOL logoff_pending;        /* the store asked for StoreLogoffTransports */
    BOOL mdb_temporary;
    BYTE *security;             /* spooler / AB credentials from Logon */
};

struct uidreg {
    MAPIUID uid;
    struct logon *lo;
};

struct advise {
    ULONG_PTR conn;             /* what the client got */
    struct logon *lo;           /* NULL: the notification engine's own connection */
    ULONG_PTR prov_conn;
};

struct session {
    IMAPISession IMAPISession_iface;
    struct client_shutdown shutdown;    /* IMAPIClientShutdown (shutdown.c) */
    LONG refcount;              /* COM references */
    LONG core;                  /* the COM object + one per logon record */
    LONG users;                 /* MAPILogonEx results not logged off */
    ULONG serial;
    ULONG flags;                /* MAPILogonEx's */
    struct admin_profile *prof;
    char profile8[PROFSTORE_MAX_NAME * 2 + 1];
    CRITICAL_SECTION cs;
    LONG ended;
    BOOL abs_done;
    struct last_error err;
    struct psect **sects;
    ULONG nsects, capsects;
    struct sprov *provs;
    ULONG nprovs, capprovs;
    struct logon *logons;
    MAPIUID *disabled;
    ULONG ndisabled, capdisabled;
    SRWLOCK uid_lock;
    struct uidreg *uids;
    ULONG nuids, capuids;
    struct advise *advises;
    ULONG nadvises, capadvises;
    struct stores_table *stores;
    struct status_table *status;
    LONG next_rowid;
    BYTE key[32];               /* the session's notification key */
    ULONG cbkey;
    MAPIUID simple_temp;        /* SetDefaultStore(MAPI_SIMPLE_STORE_TEMPORARY), under stores_cs */
    BOOL has_simple_temp;
};

static const IMAPISessionVtbl session_vtbl;

static inline struct session *impl_from_IMAPISession(IMAPISession *iface)
{
    return CONTAINING_RECORD(iface, struct session, IMAPISession_iface);
}

static const WCHAR *kind_name(enum provider_kind kind)
{
    return kind == PROVIDER_XP ? L"transport" : kind == PROVIDER_AB ? L"address book" : L"store";
}

static ULONG resource_type(enum provider_kind kind)
{
    return kind == PROVIDER_XP ? MAPI_TRANSPORT_PROVIDER : kind == PROVIDER_AB ? MAPI_AB_PROVIDER : MAPI_STORE_PROVIDER;
}

/* Grows an array of elements of size sz to hold one more. */
static BOOL grow(void **array, ULONG count, ULONG *cap, SIZE_T sz)
{
    void *p;
    ULONG n;

    if (count < *cap) return TRUE;
    n = *cap ? *cap * 2 : 8;
    p = *array ? HeapReAlloc(GetProcessHeap(), 0, *array, n * sz) : HeapAlloc(GetProcessHeap(), 0, n * sz);
    if (!p) return FALSE;
    *array = p;
    *cap = n;
    return TRUE;
}

/* ---- the process-wide lock of the stores tables ---- */

static CRITICAL_SECTION stores_cs;
static INIT_ONCE stores_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK init_stores_cs(INIT_ONCE *once, void *param, void **ctx)
{
    InitializeCriticalSection(&stores_cs);
    return TRUE;
}

static void stores_lock(void)
{
    InitOnceExecuteOnce(&stores_once, init_stores_cs, NULL, NULL);
    EnterCriticalSection(&stores_cs);
}

static void stores_unlock(void)
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
static BOOL session_over(const struct session *s)
{
    return READ_LONG(&s->ended) != 0 || provider_fast_shutdown();
}

/* Only our own sessions are looked into. */
static struct session *session_from(IMAPISession *iface)
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

static HRESULT get_props_fast(HKEY key, const SPropTagArray *tags, ULONG *count, SPropValue **out)
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
    if (SUCCEEDED(get_props_fast(root, (SPropTagArray *)&tags, &count, &v))) {
        if (v->ulPropTag == tag && v->Value.bin.cb >= sizeof(MAPIUID) &&
            (*uids = HeapAlloc(GetProcessHeap(), 0, v->Value.bin.cb))) {
            *n = v->Value.bin.cb / sizeof(MAPIUID);
            memcpy(*uids, v->Value.bin.lpb, *n * sizeof(MAPIUID));
        }
        MAPIFreeBuffer(v);
    }
}

/* A list of UIDs of MAPI's root section (PR_STORE_PROVIDERS ...), HeapAlloc'ed. */
static void root_list(struct session *s, ULONG tag, MAPIUID **uids, ULONG *n)
{
    HKEY root;

    *uids = NULL;
    *n = 0;
    if (profstore_open_section(s->prof->key, &profstore_root_uid, FALSE, FALSE, &root)) return;
    key_list(root, tag, uids, n);
    RegCloseKey(root);
}

/* ---- provider sections ---- */

static struct psect *find_sect(struct session *s, const MAPIUID *uid)
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
static HRESULT load_sect(struct session *s, const MAPIUID *uid, enum provider_kind kind, struct psect **out)
{
    static const SizedSPropTagArray(6, tags) = {6, {PR_PROVIDER_DLL_NAME_W, PR_DISPLAY_NAME_W,
        PR_PROVIDER_DISPLAY_W, PR_RESOURCE_FLAGS, PR_SERVICE_UID, PR_RESOURCE_TYPE}};
    struct psect *ps;
    SPropValue *v;
    ULONG n;
    HKEY key;
    HRESULT hr;

    if ((ps = find_sect(s, uid))) {
        *out = ps;
        return S_OK;
    }
    if ((hr = profstore_open_section(s->prof->key, uid, FALSE, FALSE, &key))) return hr;
    hr = get_props_fast(key, (SPropTagArray *)&tags, &n, &v);
    RegCloseKey(key);
    if (FAILED(hr)) return hr;
    /* An entry ID naming a section of another kind finds nothing. */
    if (v[5].ulPropTag == PR_RESOURCE_TYPE && (ULONG)v[5].Value.l != resource_type(kind)) {
        MAPIFreeBuffer(v);
        return MAPI_E_NOT_FOUND;
    }
    if (!grow((void **)&s->sects, s->nsects, &s->capsects, sizeof(*s->sects)) ||
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

static BOOL service_disabled(struct session *s, const MAPIUID *svc)
{
    static const MAPIUID zero;
    ULONG i;

    if (!memcmp(svc, &zero, sizeof(zero))) return FALSE;
    for (i = 0; i < s->ndisabled; i++)
        if (!memcmp(&s->disabled[i], svc, sizeof(*svc))) return TRUE;
    return FALSE;
}

static void disable_service(struct session *s, const MAPIUID *svc)
{
    static const MAPIUID zero;

    if (!memcmp(svc, &zero, sizeof(zero)) || service_disabled(s, svc)) return;
    if (grow((void **)&s->disabled, s->ndisabled, &s->capdisabled, sizeof(*s->disabled)))
        s->disabled[s->ndisabled++] = *svc;
}

/* mapi-spec.md 5.2: which logon failures take the whole service down. */
static BOOL disables_service(enum provider_kind kind, HRESULT hr)
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

static ULONG mapi_columns(const struct session *s, const struct psect *ps, SPropValue *v)
{
    v[0].ulPropTag = PR_PROVIDER_DLL_NAME_W;
    v[0].Value.lpszW = (WCHAR *)ps->dll;
    v[1].ulPropTag = PR_RESOURCE_FLAGS;
    v[1].Value.l = ps->resource_flags | (is_simple_temp(s, ps) ? STATUS_SIMPLE_STORE : 0);
    v[2].ulPropTag = PR_RESOURCE_TYPE;
    v[2].Value.l = resource_type(ps->kind);
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
static void failure_row(struct session *s, struct psect *ps, HRESULT hr, const WCHAR *why)
{
    SPropValue mapi[3], prov[5];
    WCHAR text[400];

    _snwprintf(text, ARRAYSIZE(text), L"%ls (%#lx)", why, hr);
    text[ARRAYSIZE(text) - 1] = 0;
    TRACE("%ls provider %ls (%ls) skipped: %ls", kind_name(ps->kind), ps->display, ps->dll, text);
    mapi_columns(s, ps, mapi);
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

    mapi_columns(s, ps, mapi);
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

static void mapi_row(struct session *s, ULONG type, const WCHAR *name, ULONG code, const WCHAR *text)
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

static HRESULT session_provider(struct session *s, struct psect *ps, struct provider **out, const WCHAR **why)
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
    if (!grow((void **)&s->provs, s->nprovs, &s->capprovs, sizeof(*s->provs))) return MAPI_E_NOT_ENOUGH_MEMORY;
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

static struct logon *logon_new(struct session *s, struct psect *ps, struct provider *prov)
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
static struct logon *logon_by_uid(struct session *s, const MAPIUID *uid)
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

/* Ends one logon (s->cs held): Logoff, Release of the logon object, its
 * MAPIUIDs, status row and advises go, our support reference goes. */
static void logon_end(struct session *s, struct logon *lo)
{
    IMAPISupport *sup;
    IUnknown *obj;
    ULONG flags = 0, i = 0;
    HRESULT hr = S_OK;

    if (lo->ended) return;
    lo->ended = TRUE;
    obj = lo->obj;
    lo->obj = NULL;
    while (i < s->nadvises) {
        if (s->advises[i].lo == lo) {
            if (obj && !provider_fast_shutdown()) {
                if (lo->kind == PROVIDER_MS) IMSLogon_Unadvise((IMSLogon *)obj, s->advises[i].prov_conn);
                else if (lo->kind == PROVIDER_AB) IABLogon_Unadvise((IABLogon *)obj, s->advises[i].prov_conn);
            }
            s->advises[i] = s->advises[--s->nadvises];
        } else i++;
    }
    if (obj && !provider_fast_shutdown()) {
        switch (lo->kind) {
        case PROVIDER_MS: hr = IMSLogon_Logoff((IMSLogon *)obj, &flags); break;
        case PROVIDER_AB: hr = IABLogon_Logoff((IABLogon *)obj, 0); break;
        default: hr = IXPLogon_TransportLogoff((IXPLogon *)obj, LOGOFF_NORMAL); break;
        }
        TRACE("%ls logon of %ls: logoff -> %#lx", kind_name(lo->kind), lo->sect->display, hr);
        IUnknown_Release(obj);
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
static void logon_discard(struct session *s, struct logon *lo)
{
    IMAPISupport *sup = lo->support;

    lo->ended = TRUE;
    lo->support = NULL;
    unregister_uids(s, lo);
    if (sup) IMAPISupport_Release(sup);
    logon_release(lo);
}

/* Stores that called StoreLogoffTransports are logged off here, at a point
 * where no provider code is on the stack. */
static void reap_pending(struct session *s)
{
    struct logon *lo, *next;

    for (lo = s->logons; lo; lo = next) {
        next = lo->next;
        if (lo->logoff_pending && !lo->ended) logon_end(s, lo);
    }
}

static void take_mapierror(struct session *s, HRESULT hr, LPMAPIERROR err)
{
    if (!err) return;
    if (err->lpszError) lasterr_set(&s->err, hr, L"%hs", (const char *)err->lpszError);
    MAPIFreeBuffer(err);
}

/* After MAPI_E_UNCONFIGURED (mapi-spec.md 5.1): the service entry gets
 * MSG_SERVICE_CONFIGURE; S_OK means the logon may be tried again. */
static HRESULT configure_service(struct session *s, struct psect *ps)
{
    static const MAPIUID zero;
    HRESULT hr;

    if (!memcmp(&ps->service, &zero, sizeof(zero))) return MAPI_E_UNCONFIGURED;
    hr = admin_call_entry(s->prof, &ps->service, MSG_SERVICE_CONFIGURE, 0, SERVICE_LOGON_FAILED, 0, NULL, &s->err);
    TRACE("%ls unconfigured: MSG_SERVICE_CONFIGURE -> %#lx", ps->display, hr);
    return hr;
}

static void append_logon(struct session *s, struct logon *lo)
{
    struct logon **p;

    for (p = &s->logons; *p; p = &(*p)->next) ;
    lo->next = NULL;
    *p = lo;
}

/* ---- the stores table ---- */

/* Sets every row from the profile (stores_cs taken here): the stores are
 * PR_STORE_PROVIDERS of MAPI's root section; the default is the first one
 * flagged STATUS_DEFAULT_STORE (mapi-spec.md 4.3). */

static void refresh_stores_list(struct session *s, MAPIUID *uids, ULONG n);

static void refresh_stores(struct session *s)
{
    MAPIUID *uids = NULL;
    ULONG n = 0;

    root_list(s, PR_STORE_PROVIDERS, &uids, &n);
    refresh_stores_list(s, uids, n);
    HeapFree(GetProcessHeap(), 0, uids);
}

/* uids: PR_STORE_PROVIDERS as just read. */
static void refresh_stores_list(struct session *s, MAPIUID *uids, ULONG n)
{
    static const SizedSPropTagArray(7, tags) = {7, {PR_DISPLAY_NAME_W, PR_PROVIDER_DISPLAY_W,
        PR_PROVIDER_DLL_NAME_W, PR_ENTRYID, PR_RECORD_KEY, PR_MDB_PROVIDER, PR_RESOURCE_FLAGS}};
    ULONG i, count;
    BOOL have_default = FALSE;
    HKEY key;

    stores_lock();
    for (i = 0; i < n; i++) {
        struct store_row row;
        SPropValue *v;

        if (profstore_open_section(s->prof->key, &uids[i], FALSE, FALSE, &key)) continue;
        if (FAILED(get_props_fast(key, (SPropTagArray *)&tags, &count, &v))) {
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
    stores_unlock();
}

static void refresh_visit(struct session *s, void *ctx)
{
    refresh_stores(s);
}

/* The profile's stores changed: every session on it sees the change. */
static void stores_changed(struct session *s)
{
    sessions_for_profile(s->prof->name, refresh_visit, NULL);
}

/* ---- logging providers on ---- */

static void logon_transport(struct session *s, struct psect *ps)
{
    struct provider *prov;
    const WCHAR *why;
    struct logon *lo;
    LPMAPIERROR err;
    IXPLogon *xl;
    ULONG flags;
    HRESULT hr;
    int attempt;

    if (service_disabled(s, &ps->service)) {
        failure_row(s, ps, MAPI_E_LOGON_FAILED, L"its message service is disabled for this session");
        return;
    }
    if ((hr = session_provider(s, ps, &prov, &why))) {
        failure_row(s, ps, hr, why);
        return;
    }
    if (!(lo = logon_new(s, ps, prov))) {
        failure_row(s, ps, MAPI_E_NOT_ENOUGH_MEMORY, L"out of memory");
        return;
    }
    available_row(s, ps);
    for (attempt = 0; ; attempt++) {
        /* Sending and receiving come later: no inbound or outbound yet. */
        flags = LOGON_NO_DIALOG | LOGON_NO_INBOUND | LOGON_NO_OUTBOUND;
        err = NULL;
        xl = NULL;
        hr = IXPProvider_TransportLogon((IXPProvider *)provider_object(prov), lo->support, 0,
                                        (LPTSTR)s->profile8, &flags, &err, &xl);
        take_mapierror(s, hr, err);
        if (hr != MAPI_E_UNCONFIGURED || attempt || configure_service(s, ps)) break;
    }
    TRACE("TransportLogon of %ls -> %#lx, %p", ps->display, hr, xl);
    if (FAILED(hr) || !xl) {
        logon_discard(s, lo);
        failure_row(s, ps, FAILED(hr) ? hr : MAPI_E_CALL_FAILED, L"TransportLogon failed");
        if (disables_service(PROVIDER_XP, hr)) disable_service(s, &ps->service);
        return;
    }
    lo->obj = (IUnknown *)xl;
    append_logon(s, lo);
}

static void logon_ab(struct session *s, struct psect *ps)
{
    struct provider *prov;
    const WCHAR *why;
    struct logon *lo;
    LPMAPIERROR err;
    IABLogon *al;
    ULONG cbsec;
    BYTE *sec;
    HRESULT hr;
    int attempt;

    if (service_disabled(s, &ps->service)) {
        failure_row(s, ps, MAPI_E_LOGON_FAILED, L"its message service is disabled for this session");
        return;
    }
    if ((hr = session_provider(s, ps, &prov, &why))) {
        failure_row(s, ps, hr, why);
        return;
    }
    if (!(lo = logon_new(s, ps, prov))) {
        failure_row(s, ps, MAPI_E_NOT_ENOUGH_MEMORY, L"out of memory");
        return;
    }
    for (attempt = 0; ; attempt++) {
        err = NULL;
        al = NULL;
        sec = NULL;
        cbsec = 0;
        hr = IABProvider_Logon((IABProvider *)provider_object(prov), lo->support, 0, (LPTSTR)s->profile8,
                               AB_NO_DIALOG, &cbsec, &sec, &err, &al);
        take_mapierror(s, hr, err);
        if (hr != MAPI_E_UNCONFIGURED || attempt || configure_service(s, ps)) break;
        MAPIFreeBuffer(sec);
    }
    TRACE("address book Logon of %ls -> %#lx, %p", ps->display, hr, al);
    if (FAILED(hr) || !al) {
        MAPIFreeBuffer(sec);
        logon_discard(s, lo);
        failure_row(s, ps, FAILED(hr) ? hr : MAPI_E_CALL_FAILED, L"the address book Logon failed");
        if (disables_service(PROVIDER_AB, hr)) disable_service(s, &ps->service);
        return;
    }
    if (ps->failed_row) {
        status_table_delete(s->status, ps->rowid);
        ps->rowid = 0;
        ps->failed_row = FALSE;
    }
    lo->obj = (IUnknown *)al;
    lo->security = sec;
    append_logon(s, lo);
}

/* Address books are logged on the first time they are needed (s->cs held). */
static void logon_abs(struct session *s)
{
    MAPIUID *uids = NULL;
    ULONG n = 0, i;
    struct psect *ps;

    if (s->abs_done || session_over(s)) return;
    s->abs_done = TRUE;
    root_list(s, PR_AB_PROVIDERS, &uids, &n);
    for (i = 0; i < n; i++)
        if (!load_sect(s, &uids[i], PROVIDER_AB, &ps)) logon_ab(s, ps);
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
    logon_abs(s);
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
        if (SUCCEEDED(get_props_fast(key, (SPropTagArray *)&tags, &count, &v))) {
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
    if (!hr) hr = load_sect(s, &uid, PROVIDER_MS, out);
    if (hr) {
        profstore_delete_section(s->prof->key, &uid);
        return hr;
    }
    (*out)->made_here = TRUE;
    TRACE("temporary store section for %ls", dll);
    return S_OK;
}

/* Sections this session made and no store made permanent go at logoff. */
static void drop_temp_section(struct session *s, struct psect *ps)
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

#define OPEN_STORE_FLAGS (MAPI_BEST_ACCESS | MAPI_DEFERRED_ERRORS | MDB_NO_DIALOG | MDB_WRITE | MDB_TEMPORARY | \
                          MDB_NO_MAIL | MDB_ONLINE)

/* OpenMsgStore (s->cs held): finds or makes the store's section, gets the
 * session's store provider object for its DLL, and calls IMSProvider::Logon
 * with the provider's own (unwrapped) entry ID (loading-message-store-providers.md). */
static HRESULT open_store(struct session *s, ULONG_PTR ui, ULONG cb, const ENTRYID *eid, LPCIID iid, ULONG flags,
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
    reap_pending(s);
    if (storeeid_unwrap(cb, eid, &dll8, &cb_inner, &inner) && storeeid_is_section(cb_inner, inner, &uid)) {
        /* Our stand-in for a store that never logged on: Logon with no entry ID. */
        if ((hr = load_sect(s, &uid, PROVIDER_MS, &ps))) return MAPI_E_NOT_FOUND;
        cb_inner = 0;
        inner = NULL;
    } else if (stores_table_find(s->stores, cb, eid, &uid) ||
               (inner != eid && stores_table_find(s->stores, cb_inner, inner, &uid)) ||
               find_sect_by_eid(s, cb_inner, inner, &uid)) {
        if ((hr = load_sect(s, &uid, PROVIDER_MS, &ps))) return MAPI_E_NOT_FOUND;
    } else if (dll8) {
        if ((hr = make_temp_section(s, dll8, cb_inner, inner, &ps))) return hr;
    } else {
        lasterr_set(&s->err, MAPI_E_NOT_FOUND, L"no store of the profile has this entry ID");
        return MAPI_E_NOT_FOUND;
    }
    if (ps->kind != PROVIDER_MS) return MAPI_E_NOT_FOUND;

    if (service_disabled(s, &ps->service)) {
        lasterr_set(&s->err, MAPI_E_LOGON_FAILED, L"the message service of %ls is disabled for this session",
                    ps->display);
        return MAPI_E_LOGON_FAILED;
    }
    if ((hr = session_provider(s, ps, &prov, &why))) {
        failure_row(s, ps, hr, why);
        drop_temp_section(s, ps);
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
        take_mapierror(s, hr, err);
        if (hr != MAPI_E_UNCONFIGURED || attempt || configure_service(s, ps)) break;
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
        failure_row(s, ps, hr, L"the store Logon failed");
        if (disables_service(PROVIDER_MS, hr)) disable_service(s, &ps->service);
        drop_temp_section(s, ps);
        return hr;
    }
    if (ps->failed_row) {
        status_table_delete(s->status, ps->rowid);
        ps->rowid = 0;
        ps->failed_row = FALSE;
    }
    lo->obj = (IUnknown *)ml;
    lo->security = sec;
    append_logon(s, lo);
    /* The store may have written its PR_ENTRYID or display name. */
    stores_changed(s);
    *out = mdb;
    return hr;
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
    mapi_columns(s, ps, mapi);
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

    if (lo->ended) return S_OK;
    AcquireSRWLockExclusive(&s->uid_lock);
    for (i = 0; i < s->nuids; i++)
        if (s->uids[i].lo == lo && !memcmp(&s->uids[i].uid, uid, sizeof(*uid))) break;
    if (i == s->nuids) {
        if (grow((void **)&s->uids, s->nuids, &s->capuids, sizeof(*s->uids))) {
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
        stores_changed(s);
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

/* ---- entry IDs ---- */

/* The logon object of lo with a reference, or NULL once it ended. */
static IUnknown *logon_object(struct session *s, struct logon *lo)
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
static HRESULT route_open_entry(struct session *s, ULONG cb, const ENTRYID *eid, LPCIID iid, ULONG flags,
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
        hr = session_over(s) ? MAPI_E_END_OF_SESSION : open_store(s, 0, cb, eid, iid, store_flags, (IMsgStore **)out);
        LeaveCriticalSection(&s->cs);
        if (SUCCEEDED(hr)) *type = MAPI_STORE;
        return hr;
    }
    if (status_eid_row(cb, eid, &rowid)) return open_status_entry(s, rowid, iid, flags, type, out);
    if (!eid_provider_uid(cb, eid, &uid)) return MAPI_E_INVALID_ENTRYID;
    if (!(lo = logon_by_uid(s, &uid)) && !s->abs_done) {
        EnterCriticalSection(&s->cs);
        logon_abs(s);
        LeaveCriticalSection(&s->cs);
        lo = logon_by_uid(s, &uid);
    }
    if (!lo) return MAPI_E_UNKNOWN_ENTRYID;
    obj = logon_object(s, lo);
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

static HRESULT route_compare(struct session *s, ULONG cb1, const ENTRYID *e1, ULONG cb2, const ENTRYID *e2,
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
        logon_abs(s);
        LeaveCriticalSection(&s->cs);
        lo = logon_by_uid(s, &u1);
    }
    if (!lo) return MAPI_E_UNKNOWN_ENTRYID;
    obj = logon_object(s, lo);
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
    return route_open_entry(lo->s, cb, eid, iid, flags, type, out);
}

HRESULT logon_compare_entryids(struct logon *lo, ULONG cb1, const ENTRYID *e1, ULONG cb2, const ENTRYID *e2,
                               ULONG flags, ULONG *result)
{
    return route_compare(lo->s, cb1, e1, cb2, e2, flags, result);
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
    for (i = 0; i < s->nsects; i++) drop_temp_section(s, s->sects[i]);
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
    hr = session_over(s) ? MAPI_E_END_OF_SESSION : open_store(s, ui, cb, eid, iid, flags, out);
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
    logon_abs(s);
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
    hr = route_open_entry(s, cb, eid, iid, flags, type, out);
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
    return route_compare(s, cb1, e1, cb2, e2, flags, result);
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
        if (grow((void **)&s->advises, s->nadvises, &s->capadvises, sizeof(*s->advises))) {
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
    if (!(obj = logon_object(s, lo))) hr = MAPI_E_UNKNOWN_ENTRYID;
    else if (lo->kind == PROVIDER_MS) hr = IMSLogon_Advise((IMSLogon *)obj, cb, eid, mask, sink, &prov_conn);
    else if (lo->kind == PROVIDER_AB) hr = IABLogon_Advise((IABLogon *)obj, cb, eid, mask, sink, &prov_conn);
    else hr = MAPI_E_NO_SUPPORT;
    if (!hr) {
        EnterCriticalSection(&s->cs);
        if (grow((void **)&s->advises, s->nadvises, &s->capadvises, sizeof(*s->advises))) {
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
                if (!grow((void **)&seen, n, &cap, sizeof(*seen))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
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
        stores_lock();
        s->has_simple_temp = have_target;
        if (have_target) s->simple_temp = target;
        stores_unlock();
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
            if ((ps = find_sect(s, &uids[i]))) ps->resource_flags = now;
        }
        profstore_unlock();
    }
    /* Status rows of stores carry PR_RESOURCE_FLAGS too. */
    for (i = 0; i < s->nsects; i++) {
        SPropValue mapi[3];
        ps = s->sects[i];
        if (ps->kind != PROVIDER_MS || !ps->rowid) continue;
        mapi_columns(s, ps, mapi);
        status_table_set(s->status, ps->rowid, mapi, 3, NULL, 0, TRUE);
    }
    LeaveCriticalSection(&s->cs);
    HeapFree(GetProcessHeap(), 0, uids);
    stores_changed(s);
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
    mapi_row(s, MAPI_SUBSYSTEM, L"MAPI Subsystem", STATUS_AVAILABLE, L"Available");
    if (flags & MAPI_NO_MAIL)
        mapi_row(s, MAPI_SPOOLER, L"MAPI Spooler", STATUS_FAILURE, L"No spooler: the session logged on with MAPI_NO_MAIL");
    else
        mapi_row(s, MAPI_SPOOLER, L"MAPI Spooler", STATUS_AVAILABLE, L"Available");
    mapi_row(s, MAPI_AB, L"MAPI Address Book", STATUS_AVAILABLE, L"Available");

    /* Sections are read when they are needed: the stores' for the stores
     * table, the transports' now, the address books' at OpenAddressBook. */
    if ((hr = profstore_open_section(prof->key, &profstore_root_uid, FALSE, FALSE, &root))) {
        session_unhold(s);
        return hr == MAPI_E_NOT_FOUND ? MAPI_E_LOGON_FAILED : hr;
    }
    key_list(root, PR_STORE_PROVIDERS, &uids, &n);
    refresh_stores_list(s, uids, n);
    HeapFree(GetProcessHeap(), 0, uids);
    uids = NULL;
    n = 0;
    if (!(flags & MAPI_NO_MAIL)) key_list(root, PR_TRANSPORT_PROVIDERS, &uids, &n);
    RegCloseKey(root);

    /* Transports: what the spooler would do, here and now (mapi-spec.md 3.3),
     * in transport order. */
    EnterCriticalSection(&s->cs);
    for (i = 0; i < n; i++) {
        if (load_sect(s, &uids[i], PROVIDER_XP, &ps)) TRACE("transport section %u of the profile is missing", (unsigned)i);
        else logon_transport(s, ps);
    }
    LeaveCriticalSection(&s->cs);
    HeapFree(GetProcessHeap(), 0, uids);
    *out = s;
    return S_OK;
}
