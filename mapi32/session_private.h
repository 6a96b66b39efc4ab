/*
 * What the files of the session object share (session.c, session_logons.c,
 * session_stores.c, session_entryids.c, and preprocessor.c, which reads the
 * transport logons): its structures and the helpers one of them defines for
 * the others.  Not for the rest of mapi32.
 */
#ifndef FREEMAPI_SESSION_PRIVATE_H
#define FREEMAPI_SESSION_PRIVATE_H

#include "session.h"
#include "profsect.h"
#include "shutdown.h"

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
    ULONG cbsecurity;
    BOOL spooler;               /* the spooler's logon to the default store (SpoolerLogon) */
    IMsgStore *spool_mdb;       /* the store object the spooler holds */
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
    BOOL spooler_done;          /* SpoolerLogon was called (or tried) */
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

/* Grows an array of elements of size sz to hold one more. */
static inline BOOL session_grow(void **array, ULONG count, ULONG *cap, SIZE_T sz)
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

/* ---- session.c: core helpers and locks ---- */

const WCHAR *session_kind_name(enum provider_kind kind);
ULONG session_resource_type(enum provider_kind kind);
void session_stores_lock(void);
void session_stores_unlock(void);
BOOL session_over(const struct session *s);
struct session *session_from(IMAPISession *iface);
HRESULT session_get_props(HKEY key, const SPropTagArray *tags, ULONG *count, SPropValue **out);
void session_root_list(struct session *s, ULONG tag, MAPIUID **uids, ULONG *n);

/* ---- session_logons.c: provider sections, status rows, logons ---- */

struct psect *session_find_sect(struct session *s, const MAPIUID *uid);
HRESULT session_load_sect(struct session *s, const MAPIUID *uid, enum provider_kind kind, struct psect **out);
BOOL session_service_disabled(struct session *s, const MAPIUID *svc);
void session_disable_service(struct session *s, const MAPIUID *svc);
BOOL session_failure_disables(enum provider_kind kind, HRESULT hr);
ULONG session_mapi_columns(const struct session *s, const struct psect *ps, SPropValue *v);
void session_failure_row(struct session *s, struct psect *ps, HRESULT hr, const WCHAR *why);
void session_mapi_row(struct session *s, ULONG type, const WCHAR *name, ULONG code, const WCHAR *text);
HRESULT session_provider(struct session *s, struct psect *ps, struct provider **out, const WCHAR **why);
struct logon *logon_new(struct session *s, struct psect *ps, struct provider *prov);
struct logon *logon_by_uid(struct session *s, const MAPIUID *uid);
void logon_end(struct session *s, struct logon *lo);
void logon_discard(struct session *s, struct logon *lo);
void session_reap_pending(struct session *s);
void session_take_mapierror(struct session *s, HRESULT hr, LPMAPIERROR err);
HRESULT session_configure_service(struct session *s, struct psect *ps);
void session_append_logon(struct session *s, struct logon *lo);
void session_logon_transport(struct session *s, struct psect *ps);
void session_logon_abs(struct session *s);

/* ---- session_stores.c: stores ---- */

/* The flags OpenMsgStore takes (session.c checks, session_stores.c uses). */
#define OPEN_STORE_FLAGS (MAPI_BEST_ACCESS | MAPI_DEFERRED_ERRORS | MDB_NO_DIALOG | MDB_WRITE | MDB_TEMPORARY | \
                          MDB_NO_MAIL | MDB_ONLINE)

void session_refresh_stores(struct session *s, MAPIUID *uids, ULONG n);
void session_stores_changed(struct session *s);
void session_drop_temp_section(struct session *s, struct psect *ps);
HRESULT session_open_store(struct session *s, ULONG_PTR ui, ULONG cb, const ENTRYID *eid, LPCIID iid, ULONG flags,
                   IMsgStore **out);

/* ---- session_entryids.c: entry-ID routing ---- */

IUnknown *session_logon_object(struct session *s, struct logon *lo);
HRESULT session_route_open_entry(struct session *s, ULONG cb, const ENTRYID *eid, LPCIID iid, ULONG flags,
                         ULONG *type, IUnknown **out);
HRESULT session_route_compare(struct session *s, ULONG cb1, const ENTRYID *e1, ULONG cb2, const ENTRYID *e2,
                      ULONG flags, ULONG *result);

#endif
