/*
 * The profile store: profiles in the registry where Windows keeps them
 * (mapi-spec.md 4.1-4.3).  docs/profiles.md describes the layout and how
 * concurrent writers are kept apart.
 *
 * Names are UTF-16.  Every function validates its arguments and returns a
 * MAPI code; memory handed back comes from MAPIAllocateBuffer unless it says
 * otherwise.
 */
#ifndef FREEMAPI_PROFILE_STORE_H
#define FREEMAPI_PROFILE_STORE_H

#include <windows.h>
#include <mapix.h>

#define PROFSTORE_MAX_NAME 64

/* MAPI's root section of a profile {E0F30792-B1A3-1910-908B-08002B2A56C2}:
 * PR_SERVICES and the provider lists (mapi-spec.md 4.3). */
extern const MAPIUID profstore_root_uid;
extern const MAPIUID profstore_instance_uid;   /* MUID_PROFILE_INSTANCE */

/* Serialises compound changes (lists of UIDs, sections that must appear
 * together) across processes; recursive within a thread. */
void profstore_lock(void);
void profstore_unlock(void);

/* S_OK, or MAPI_E_INVALID_PARAMETER for a name a profile cannot have. */
HRESULT profstore_check_name(const WCHAR *name);

/* Opens a profile's key, looking in 16.0, 15.0, then the legacy key. */
HRESULT profstore_open(const WCHAR *name, BOOL write, HKEY *key);
BOOL profstore_exists(const WCHAR *name);

typedef struct profstore_entry {
    WCHAR name[PROFSTORE_MAX_NAME + 1];
    BOOL is_default;
    BOOL is_app;
} profstore_entry;

/* Every profile (app profiles only with want_app), in name order. *list is
 * HeapAlloc'ed (free with HeapFree(GetProcessHeap())). */
HRESULT profstore_list(BOOL want_app, profstore_entry **list, ULONG *count);

/* MAPI_E_NO_ACCESS when the name is taken. */
HRESULT profstore_create(const WCHAR *name, BOOL app);
HRESULT profstore_delete(const WCHAR *name);
/* Copies a profile under a new name with a new PR_SEARCH_KEY; rename keeps
 * the search key, moves the default and removes the old one. */
HRESULT profstore_copy(const WCHAR *from, const WCHAR *to);
HRESULT profstore_rename(const WCHAR *from, const WCHAR *to);

BOOL profstore_is_app(HKEY profile);

/* Profiles in use by sessions (of any process): a session holds the handle
 * profstore_use gives while it lives.  DeleteProfile of a profile in use
 * only marks it; it is deleted when its last session ends, and until then
 * it is not listed and cannot be opened (iprofadmin-deleteprofile.md). */
HANDLE profstore_use(HKEY profile);
BOOL profstore_in_use(HKEY profile);
HRESULT profstore_mark_deleted(HKEY profile);
BOOL profstore_is_deleted(HKEY profile);

/* The default profile's name (S_OK) or MAPI_E_NOT_FOUND. */
HRESULT profstore_get_default(WCHAR *buf, DWORD cch);
/* NULL clears it. */
HRESULT profstore_set_default(const WCHAR *name);

/* ---- sections ---- */

void profstore_uid_to_name(const MAPIUID *uid, WCHAR name[33]);
BOOL profstore_name_to_uid(const WCHAR *name, MAPIUID *uid);

/* MAPI_E_NOT_FOUND unless it exists or create is set. */
HRESULT profstore_open_section(HKEY profile, const MAPIUID *uid, BOOL write, BOOL create,
                               HKEY *section);
BOOL profstore_section_exists(HKEY profile, const MAPIUID *uid);
HRESULT profstore_delete_section(HKEY profile, const MAPIUID *uid);
/* Every section's UID; *uids HeapAlloc'ed. */
HRESULT profstore_list_sections(HKEY profile, MAPIUID **uids, ULONG *count);

/* ---- properties of a section ---- */

#define PROFSTORE_SECURE_FIRST 0x67F0
#define PROFSTORE_SECURE_LAST  0x67FF
#define PROFSTORE_IS_SECURE(tag) (PROP_ID(tag) >= PROFSTORE_SECURE_FIRST && PROP_ID(tag) <= PROFSTORE_SECURE_LAST)

/* Reads properties.  tags NULL: every property but the secure ones, strings
 * as PT_UNICODE with MAPI_UNICODE, else PT_STRING8.  Explicit tags: each in
 * the type asked (PT_UNSPECIFIED: as stored), PT_ERROR/MAPI_E_NOT_FOUND when
 * absent, MAPI_W_ERRORS_RETURNED then.  extra (may be NULL) are computed
 * properties answered as if stored. */
HRESULT profstore_get_props(HKEY section, const SPropTagArray *tags, ULONG flags,
                            const SPropValue *extra, ULONG cextra,
                            ULONG *count, SPropValue **props);
/* Tags of every property but the secure ones (+ the extra tags). */
HRESULT profstore_get_prop_list(HKEY section, ULONG flags, const SPropValue *extra, ULONG cextra,
                                SPropTagArray **tags);
/* Writes; properties that cannot be written go to *problems (may be NULL). */
HRESULT profstore_set_props(HKEY section, ULONG count, const SPropValue *props,
                            SPropProblemArray **problems);
HRESULT profstore_delete_props(HKEY section, const SPropTagArray *tags,
                               SPropProblemArray **problems);

/* One property, HeapAlloc'ed as a whole (free with HeapFree), or MAPI_E_NOT_FOUND. */
HRESULT profstore_get_one(HKEY section, ULONG tag, SPropValue **value);
HRESULT profstore_set_one(HKEY section, const SPropValue *value);
/* A string property as UTF-16 into buf; MAPI_E_NOT_FOUND. */
HRESULT profstore_get_stringW(HKEY section, ULONG prop_id, WCHAR *buf, DWORD cch);

/* Lists of MAPIUIDs kept in a PT_BINARY property (PR_SERVICES, ...). */
HRESULT profstore_uids_get(HKEY section, ULONG tag, MAPIUID **uids, ULONG *count); /* HeapAlloc */
HRESULT profstore_uids_add(HKEY section, ULONG tag, const MAPIUID *uid);
HRESULT profstore_uids_remove(HKEY section, ULONG tag, const MAPIUID *uid);
HRESULT profstore_uids_set(HKEY section, ULONG tag, const MAPIUID *uids, ULONG count);

#endif
