/*
 * What the parts of a session share: the session object (session.c), the
 * logon entry point (logon.c), the support objects of its provider logons
 * (support.c), its stores table (stores_table.c) and status table
 * (status_table.c), and store entry IDs (storeeid.c).
 * mapi-spec.md 2, 3.3, 5.
 */
#ifndef FREEMAPI_SESSION_H
#define FREEMAPI_SESSION_H

#include <windows.h>
#include <mapix.h>
#include <mapispi.h>

#include "admin.h"
#include "dualtable.h"     /* props_convert */
#include "provider.h"

struct session;
struct logon;
struct stores_table;
struct status_table;

/* ---- logon.c ---- */

/* Every live session, for the work that crosses sessions (a profile change
 * seen by every session on that profile). */
typedef void (*session_visit_fn)(struct session *s, void *ctx);
void sessions_for_profile(const WCHAR *profile, session_visit_fn fn, void *ctx);
/* A session leaves the list (and stops being the shared one). */
void sessions_remove(struct session *s);

/* ---- session.c ---- */

/* Makes a session on an open profile: reads its provider sections, builds
 * the stores and status tables and logs the transports on (unless
 * MAPI_NO_MAIL).  flags are MAPILogonEx's. */
HRESULT session_create(struct admin_profile *prof, ULONG flags, ULONG serial, struct session **out);
IMAPISession *session_iface(struct session *s);
/* Keeps the session's memory (not its logons) alive while it is looked at. */
void session_hold(struct session *s);
void session_unhold(struct session *s);
const WCHAR *session_profile_name(const struct session *s);
/* A client got this session from MAPILogonEx (shared sessions count each). */
void session_add_user(struct session *s);
BOOL session_is_logged_off(const struct session *s);

/* The session's address book providers, logged on (IABProvider::Logon)
 * the first time this is asked, in profile order (PR_AB_PROVIDERS), for
 * the IAddrBook (addrbook.c).  Each logon and support object is
 * AddRef'ed; give the list back with session_ab_logons_free. */
struct ab_logon_ref {
    IABLogon *logon;
    IMAPISupport *support;
    MAPIUID section;            /* the provider's profile section */
    WCHAR display[128];         /* its PR_DISPLAY_NAME */
};
HRESULT session_ab_logons(IMAPISession *session, struct ab_logon_ref **list, ULONG *count);
void session_ab_logons_free(struct ab_logon_ref *list, ULONG count);

/* What a support object asks of its logon (support.c; in session_logons.c). */
enum provider_kind logon_kind(const struct logon *lo);
void logon_addref(struct logon *lo);
void logon_release(struct logon *lo);
struct admin_profile *logon_profile(const struct logon *lo);
const MAPIUID *logon_section(const struct logon *lo);
const MAPIUID *logon_service(const struct logon *lo);
/* PR_PROVIDER_DLL_NAME of the logon's section, exactly as in the profile. */
const WCHAR *logon_dll(const struct logon *lo);
BOOL logon_ended(const struct logon *lo);
HRESULT logon_modify_status_row(struct logon *lo, ULONG count, const SPropValue *vals, ULONG flags);
HRESULT logon_set_provider_uid(struct logon *lo, const MAPIUID *uid);
HRESULT logon_modify_profile(struct logon *lo, ULONG flags);
HRESULT logon_store_logoff(struct logon *lo, ULONG *flags);
/* The support object let go of a reference: refs is what is left. */
void logon_support_released(struct logon *lo, ULONG refs);
HRESULT logon_open_entry(struct logon *lo, ULONG cb, const ENTRYID *eid, LPCIID iid, ULONG flags,
                         ULONG *type, IUnknown **out);
HRESULT logon_compare_entryids(struct logon *lo, ULONG cb1, const ENTRYID *e1, ULONG cb2,
                               const ENTRYID *e2, ULONG flags, ULONG *result);

/* The session a logon belongs to (support.c's OpenAddressBook). */
struct session *logon_session(const struct logon *lo);

/* ---- support.c ---- */

HRESULT support_create_logon(struct logon *lo, IMAPISupport **out);

/* ---- addrbook.c ---- */

/* A new IAddrBook over the session's address books (it keeps s and prof
 * alive, not the logons).  iid: NULL, IID_IAddrBook, IID_IMAPIProp or
 * IID_IUnknown.  With warn, MAPI_W_ERRORS_RETURNED (and still the object)
 * when an address book provider of the profile is not logged on
 * (imapisession-openaddressbook.md). */
HRESULT addrbook_create(struct session *s, struct admin_profile *prof, LPCIID iid, BOOL warn, IAddrBook **out);

/* ---- storeeid.c: store entry IDs ---- */

/* MAPI's wrapped store entry ID (wrapstoreentryid.md, mapi-spec.md 5.6):
 * the provider DLL name, 8-bit, exactly as the profile has it, before the
 * provider's own entry ID.  One MAPIAllocateBuffer block. */
HRESULT storeeid_wrap(const char *dll, ULONG cb, const ENTRYID *eid, ULONG *cb_out, ENTRYID **out);
/* Splits a wrapped ID: *dll points into eid (NUL-terminated inside it). */
BOOL storeeid_unwrap(ULONG cb, const ENTRYID *eid, const char **dll, ULONG *cb_inner, const ENTRYID **inner);
/* FreeMAPI's stand-in for a store that never logged on (no PR_ENTRYID yet):
 * 4 zero bytes, a FreeMAPI UID, the store's section UID. */
#define STOREEID_SECTION_SIZE 36
void storeeid_section(const MAPIUID *section, BYTE out[STOREEID_SECTION_SIZE]);
BOOL storeeid_is_section(ULONG cb, const ENTRYID *eid, MAPIUID *section);
/* The provider UID in bytes 4..19 of an entry ID, if it has one. */
BOOL eid_provider_uid(ULONG cb, const ENTRYID *eid, MAPIUID *uid);
extern const MAPIUID storeeid_wrap_uid;   /* MAPI's store-wrapping UID */
extern const MAPIUID status_eid_uid;      /* FreeMAPI status-row entry IDs */

/* ---- stores_table.c ---- */

struct store_row {
    MAPIUID section;            /* PR_INSTANCE_KEY */
    const WCHAR *display;       /* PR_DISPLAY_NAME */
    const WCHAR *provider_display;
    const WCHAR *dll;           /* for the wrapped PR_ENTRYID */
    ULONG cb_eid;               /* the provider's own store entry ID, 0: none yet */
    const BYTE *eid;
    ULONG cb_record_key;        /* 0: the section UID */
    const BYTE *record_key;
    ULONG cb_mdb;
    const BYTE *mdb_provider;
    LONG resource_flags;
    BOOL is_default;
};

HRESULT stores_table_create(struct stores_table **out);
void stores_table_free(struct stores_table *t);
/* Adds or changes a row; unchanged rows send no notification. */
HRESULT stores_table_set(struct stores_table *t, const struct store_row *row);
/* Drops every row whose section is not in keep[]. */
void stores_table_keep_only(struct stores_table *t, const MAPIUID *keep, ULONG count);
HRESULT stores_table_open(struct stores_table *t, ULONG flags, IMAPITable **out);
/* The section whose row has this PR_ENTRYID (wrapped or not). */
BOOL stores_table_find(struct stores_table *t, ULONG cb, const ENTRYID *eid, MAPIUID *section);

/* ---- status_table.c ---- */

HRESULT status_table_create(struct status_table **out);
void status_table_free(struct status_table *t);
/* Sets row rowid: mapi[] (the columns MAPI computes) always win; prov[]
 * replaces the provider's columns, or with merge is merged into them. */
HRESULT status_table_set(struct status_table *t, LONG rowid, const SPropValue *mapi, ULONG cmapi,
                         const SPropValue *prov, ULONG cprov, BOOL merge);
void status_table_delete(struct status_table *t, LONG rowid);
HRESULT status_table_open(struct status_table *t, ULONG flags, IMAPITable **out);
/* Every row, Unicode strings (FreeProws). */
HRESULT status_table_rows(struct status_table *t, SRowSet **rows);
/* A status-row entry ID (4 zero bytes, status_eid_uid, the row id). */
#define STATUS_EID_SIZE 24
void status_eid(LONG rowid, BYTE out[STATUS_EID_SIZE]);
BOOL status_eid_row(ULONG cb, const ENTRYID *eid, LONG *rowid);

#endif
