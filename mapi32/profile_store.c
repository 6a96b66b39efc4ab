/*
 * Profiles in the registry (mapi-spec.md 4.1-4.3, docs/profiles.md).
 *
 * New profiles are written under Office\16.0\Outlook\Profiles.  Profiles are
 * also read from 15.0 and from the legacy Windows Messaging Subsystem key, so
 * profiles made by other tools work; a name found in a newer key hides the
 * same name in an older one, and a profile is changed where it lives.
 *
 * The registry is the database: each value write is atomic, and changes that
 * touch several values or keys (a profile with its sections, a service with
 * its providers and the UID lists) are made under one named mutex, so two
 * processes never interleave them.
 */
#include <string.h>

#include "mapi32_private.h"
#include "profile_store.h"

#include <mapiguid.h>
#include <mapiutil.h>

/* {E0F30792-B1A3-1910-908B-08002B2A56C2} as bytes: 9207f3e0a3b11019908b08002b2a56c2 */
const MAPIUID profstore_root_uid = {{0x92, 0x07, 0xf3, 0xe0, 0xa3, 0xb1, 0x10, 0x19,
                                     0x90, 0x8b, 0x08, 0x00, 0x2b, 0x2a, 0x56, 0xc2}};
/* MUID_PROFILE_INSTANCE {00020385-0000-0000-C000-000000000046} */
const MAPIUID profstore_instance_uid = {{0x85, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
                                         0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};

/* Where profiles are looked for, newest first; the first one is written. */
static const struct profile_root {
    const WCHAR *profiles;      /* the Profiles key */
    const WCHAR *default_key;   /* where its DefaultProfile value lives */
} roots[] = {
    {L"Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles", L"Software\\Microsoft\\Office\\16.0\\Outlook"},
    {L"Software\\Microsoft\\Office\\15.0\\Outlook\\Profiles", L"Software\\Microsoft\\Office\\15.0\\Outlook"},
    {L"Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows Messaging Subsystem\\Profiles",
     L"Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows Messaging Subsystem\\Profiles"},
};

/* Our own marks in a profile's key (values, not sections, so other MAPI
 * implementations ignore them). */
static const WCHAR app_value[] = L"FreeMAPIAppProfile";
static const WCHAR deleted_value[] = L"FreeMAPIDeletePending";

static HANDLE store_mutex;
static INIT_ONCE mutex_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK create_mutex(INIT_ONCE *once, void *param, void **ctx)
{
    store_mutex = CreateMutexW(NULL, FALSE, L"FreeMAPI.ProfileStore");
    return TRUE;
}

void profstore_lock(void)
{
    InitOnceExecuteOnce(&mutex_once, create_mutex, NULL, NULL);
    /* WAIT_ABANDONED: a writer died; its values are each whole, go on. */
    if (store_mutex) WaitForSingleObject(store_mutex, INFINITE);
}

void profstore_unlock(void)
{
    if (store_mutex) ReleaseMutex(store_mutex);
}

HRESULT profstore_check_name(const WCHAR *name)
{
    size_t len, i;

    if (!name) return MAPI_E_INVALID_PARAMETER;
    len = lstrlenW(name);
    if (!len || len > PROFSTORE_MAX_NAME) return MAPI_E_INVALID_PARAMETER;
    if (name[0] == ' ' || name[len - 1] == ' ') return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < len; i++)
        /* A backslash would make a subkey; control characters are never names. */
        if (name[i] < 0x20 || name[i] == '\\' || name[i] == 0x7f) return MAPI_E_INVALID_PARAMETER;
    return S_OK;
}

static LONG open_profiles_root(unsigned i, BOOL write, BOOL create, HKEY *key)
{
    REGSAM sam = write ? KEY_ALL_ACCESS : KEY_READ;
    if (create)
        return RegCreateKeyExW(HKEY_CURRENT_USER, roots[i].profiles, 0, NULL, 0, sam, NULL, key, NULL);
    return RegOpenKeyExW(HKEY_CURRENT_USER, roots[i].profiles, 0, sam, key);
}

BOOL profstore_is_deleted(HKEY profile);

/* Index of the root holding a profile, or -1; include_deleted also finds
 * profiles waiting for their last session to end. */
static int find_profile_ex(const WCHAR *name, BOOL write, BOOL include_deleted, HKEY *key)
{
    unsigned i;

    for (i = 0; i < ARRAYSIZE(roots); i++) {
        HKEY root, k;
        LONG err;
        if (open_profiles_root(i, FALSE, FALSE, &root)) continue;
        err = RegOpenKeyExW(root, name, 0, write ? KEY_ALL_ACCESS : KEY_READ, &k);
        RegCloseKey(root);
        if (err == ERROR_SUCCESS && profstore_is_deleted(k) && !(include_deleted)) {
            RegCloseKey(k);
            return -1;
        }
        if (err == ERROR_SUCCESS) {
            if (key) *key = k;
            else RegCloseKey(k);
            return (int)i;
        }
    }
    return -1;
}

/* A profile that is not waiting for its last session to end. */
static int find_profile(const WCHAR *name, BOOL write, HKEY *key)
{
    return find_profile_ex(name, write, FALSE, key);
}

HRESULT profstore_open(const WCHAR *name, BOOL write, HKEY *key)
{
    if (!name || !key) return MAPI_E_INVALID_PARAMETER;
    if (profstore_check_name(name)) return MAPI_E_NOT_FOUND;
    return find_profile(name, write, key) < 0 ? MAPI_E_NOT_FOUND : S_OK;
}

BOOL profstore_exists(const WCHAR *name)
{
    return name && !profstore_check_name(name) && find_profile(name, FALSE, NULL) >= 0;
}

BOOL profstore_is_deleted(HKEY profile)
{
    DWORD v = 0, cb = sizeof(v);
    return !RegQueryValueExW(profile, deleted_value, NULL, NULL, (BYTE *)&v, &cb) && v;
}

HRESULT profstore_mark_deleted(HKEY profile)
{
    DWORD one = 1;
    return RegSetValueExW(profile, deleted_value, 0, REG_DWORD, (const BYTE *)&one, sizeof(one))
           ? MAPI_E_NO_ACCESS : S_OK;
}

/* The in-use marker is a named event per profile identity (PR_SEARCH_KEY),
 * so a renamed profile stays in use and another profile of the same name is not. */
static BOOL use_name(HKEY profile, WCHAR *name, DWORD cch)
{
    SPropValue *v;
    HKEY sect;
    DWORD i, n;

    if (profstore_open_section(profile, &profstore_instance_uid, FALSE, FALSE, &sect)) return FALSE;
    if (profstore_get_one(sect, PR_SEARCH_KEY, &v)) {
        RegCloseKey(sect);
        return FALSE;
    }
    RegCloseKey(sect);
    n = wsprintfW(name, L"FreeMAPI.ProfileInUse.");
    for (i = 0; i < v->Value.bin.cb && n + 3 < cch; i++) n += wsprintfW(name + n, L"%02x", v->Value.bin.lpb[i]);
    HeapFree(GetProcessHeap(), 0, v);
    return TRUE;
}

HANDLE profstore_use(HKEY profile)
{
    WCHAR name[128];
    return use_name(profile, name, ARRAYSIZE(name)) ? CreateEventW(NULL, TRUE, FALSE, name) : NULL;
}

BOOL profstore_in_use(HKEY profile)
{
    WCHAR name[128];
    HANDLE h;

    if (!use_name(profile, name, ARRAYSIZE(name))) return FALSE;
    if (!(h = OpenEventW(SYNCHRONIZE, FALSE, name))) return FALSE;
    CloseHandle(h);
    return TRUE;
}

BOOL profstore_is_app(HKEY profile)
{
    DWORD v = 0, cb = sizeof(v);
    return !RegQueryValueExW(profile, app_value, NULL, NULL, (BYTE *)&v, &cb) && v;
}

HRESULT profstore_get_default(WCHAR *buf, DWORD cch)
{
    unsigned i;

    for (i = 0; i < ARRAYSIZE(roots); i++) {
        DWORD cb = cch * sizeof(WCHAR), type;
        HKEY key;
        LONG err;

        if (RegOpenKeyExW(HKEY_CURRENT_USER, roots[i].default_key, 0, KEY_READ, &key)) continue;
        err = RegQueryValueExW(key, L"DefaultProfile", NULL, &type, (BYTE *)buf, &cb);
        RegCloseKey(key);
        if (err || (type != REG_SZ && type != REG_EXPAND_SZ) || cb < sizeof(WCHAR)) continue;
        buf[min(cb / sizeof(WCHAR), cch - 1)] = 0;
        /* The newest key that names one decides, if that profile exists. */
        return profstore_exists(buf) ? S_OK : MAPI_E_NOT_FOUND;
    }
    return MAPI_E_NOT_FOUND;
}

HRESULT profstore_set_default(const WCHAR *name)
{
    HKEY key;
    LONG err;
    unsigned i;

    if (!name) {
        /* Clear it everywhere, or an older key would bring it back. */
        for (i = 0; i < ARRAYSIZE(roots); i++) {
            if (RegOpenKeyExW(HKEY_CURRENT_USER, roots[i].default_key, 0, KEY_SET_VALUE, &key)) continue;
            RegDeleteValueW(key, L"DefaultProfile");
            RegCloseKey(key);
        }
        return S_OK;
    }
    if (RegCreateKeyExW(HKEY_CURRENT_USER, roots[0].default_key, 0, NULL, 0, KEY_SET_VALUE, NULL,
                        &key, NULL))
        return MAPI_E_NO_ACCESS;
    err = RegSetValueExW(key, L"DefaultProfile", 0, REG_SZ, (const BYTE *)name,
                         (lstrlenW(name) + 1) * sizeof(WCHAR));
    RegCloseKey(key);
    return err ? MAPI_E_NO_ACCESS : S_OK;
}

static int compare_entries(const void *a, const void *b)
{
    return lstrcmpiW(((const profstore_entry *)a)->name, ((const profstore_entry *)b)->name);
}

HRESULT profstore_list(BOOL want_app, profstore_entry **list, ULONG *count)
{
    WCHAR def[PROFSTORE_MAX_NAME + 1] = {0};
    profstore_entry *out = NULL;
    ULONG n = 0, cap = 0, j;
    unsigned i;

    *list = NULL;
    *count = 0;
    if (profstore_get_default(def, ARRAYSIZE(def))) def[0] = 0;
    for (i = 0; i < ARRAYSIZE(roots); i++) {
        WCHAR name[256];
        DWORD idx, cch;
        HKEY root;

        if (open_profiles_root(i, FALSE, FALSE, &root)) continue;
        for (idx = 0; cch = ARRAYSIZE(name), !RegEnumKeyExW(root, idx, name, &cch, NULL, NULL, NULL, NULL); idx++) {
            HKEY prof;
            BOOL app;

            if (profstore_check_name(name)) continue;
            for (j = 0; j < n; j++)
                if (!lstrcmpiW(out[j].name, name)) break;
            if (j < n) continue;            /* hidden by a newer key */
            if (RegOpenKeyExW(root, name, 0, KEY_READ, &prof)) continue;
            app = profstore_is_app(prof);
            if (profstore_is_deleted(prof)) {
                /* Waiting for its sessions: not listed.  Left behind by a
                 * process that ended without its last release: removed. */
                app = 2;
                if (!profstore_in_use(prof)) {
                    HKEY wroot;
                    RegCloseKey(prof);
                    profstore_lock();
                    if (!open_profiles_root(i, TRUE, FALSE, &wroot)) {
                        if (!RegDeleteTreeW(wroot, name)) idx--;
                        RegCloseKey(wroot);
                    }
                    profstore_unlock();
                    continue;
                }
            }
            RegCloseKey(prof);
            if (app == 2 || (app && !want_app)) continue;
            if (n == cap) {
                profstore_entry *more;
                cap = cap ? cap * 2 : 8;
                more = out ? HeapReAlloc(GetProcessHeap(), 0, out, cap * sizeof(*out))
                           : HeapAlloc(GetProcessHeap(), 0, cap * sizeof(*out));
                if (!more) {
                    RegCloseKey(root);
                    HeapFree(GetProcessHeap(), 0, out);
                    return MAPI_E_NOT_ENOUGH_MEMORY;
                }
                out = more;
            }
            lstrcpynW(out[n].name, name, ARRAYSIZE(out[n].name));
            out[n].is_app = app;
            out[n].is_default = def[0] && !lstrcmpiW(def, name);
            n++;
        }
        RegCloseKey(root);
    }
    if (n) qsort(out, n, sizeof(*out), compare_entries);
    *list = out;
    *count = n;
    return S_OK;
}

void profstore_uid_to_name(const MAPIUID *uid, WCHAR name[33])
{
    static const WCHAR hex[] = L"0123456789abcdef";
    int i;
    for (i = 0; i < 16; i++) {
        name[2 * i] = hex[uid->ab[i] >> 4];
        name[2 * i + 1] = hex[uid->ab[i] & 15];
    }
    name[32] = 0;
}

BOOL profstore_name_to_uid(const WCHAR *name, MAPIUID *uid)
{
    int i;
    for (i = 0; i < 32; i++) {
        WCHAR c = name[i];
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
                c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (v < 0) return FALSE;
        if (i & 1) uid->ab[i / 2] |= (BYTE)v;
        else uid->ab[i / 2] = (BYTE)(v << 4);
    }
    return name[32] == 0;
}

HRESULT profstore_open_section(HKEY profile, const MAPIUID *uid, BOOL write, BOOL create, HKEY *section)
{
    WCHAR name[33];
    REGSAM sam = write ? KEY_ALL_ACCESS : KEY_READ;
    LONG err;

    profstore_uid_to_name(uid, name);
    if (create)
        err = RegCreateKeyExW(profile, name, 0, NULL, 0, sam, NULL, section, NULL);
    else
        err = RegOpenKeyExW(profile, name, 0, sam, section);
    if (err == ERROR_FILE_NOT_FOUND) return MAPI_E_NOT_FOUND;
    if (err == ERROR_ACCESS_DENIED) return MAPI_E_NO_ACCESS;
    return err ? MAPI_E_CALL_FAILED : S_OK;
}

BOOL profstore_section_exists(HKEY profile, const MAPIUID *uid)
{
    HKEY key;
    if (profstore_open_section(profile, uid, FALSE, FALSE, &key)) return FALSE;
    RegCloseKey(key);
    return TRUE;
}

HRESULT profstore_delete_section(HKEY profile, const MAPIUID *uid)
{
    WCHAR name[33];
    LONG err;

    profstore_uid_to_name(uid, name);
    err = RegDeleteTreeW(profile, name);
    if (err == ERROR_FILE_NOT_FOUND) return MAPI_E_NOT_FOUND;
    return err ? MAPI_E_NO_ACCESS : S_OK;
}

HRESULT profstore_list_sections(HKEY profile, MAPIUID **uids, ULONG *count)
{
    DWORD nkeys = 0, idx, cch;
    WCHAR name[64];
    ULONG n = 0;

    *uids = NULL;
    *count = 0;
    if (RegQueryInfoKeyW(profile, NULL, NULL, NULL, &nkeys, NULL, NULL, NULL, NULL, NULL, NULL, NULL))
        return MAPI_E_NOT_FOUND;
    if (!(*uids = HeapAlloc(GetProcessHeap(), 0, (nkeys + 1) * sizeof(MAPIUID))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (idx = 0; cch = ARRAYSIZE(name), n < nkeys &&
         !RegEnumKeyExW(profile, idx, name, &cch, NULL, NULL, NULL, NULL); idx++)
        if (profstore_name_to_uid(name, &(*uids)[n])) n++;
    *count = n;
    return S_OK;
}

/* A new, never repeated PR_SEARCH_KEY in MUID_PROFILE_INSTANCE. */
static HRESULT new_instance(HKEY profile)
{
    SPropValue v;
    MAPIUID key;
    HKEY sect;
    HRESULT hr;

    if ((hr = ScGenerateMuid(&key))) return hr;
    if ((hr = profstore_open_section(profile, &profstore_instance_uid, TRUE, TRUE, &sect))) return hr;
    v.ulPropTag = PR_SEARCH_KEY;
    v.dwAlignPad = 0;
    v.Value.bin.cb = sizeof(key);
    v.Value.bin.lpb = key.ab;
    hr = profstore_set_one(sect, &v);
    RegCloseKey(sect);
    return hr;
}

HRESULT profstore_create(const WCHAR *name, BOOL app)
{
    HKEY root, prof, sect;
    DWORD disp;
    HRESULT hr;

    if ((hr = profstore_check_name(name))) return hr;
    profstore_lock();
    if (find_profile_ex(name, FALSE, TRUE, NULL) >= 0) {
        profstore_unlock();
        return MAPI_E_NO_ACCESS;
    }
    if (open_profiles_root(0, TRUE, TRUE, &root)) {
        profstore_unlock();
        return MAPI_E_NO_ACCESS;
    }
    if (RegCreateKeyExW(root, name, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &prof, &disp)) {
        RegCloseKey(root);
        profstore_unlock();
        return MAPI_E_NO_ACCESS;
    }
    hr = new_instance(prof);
    if (!hr) hr = profstore_open_section(prof, &profstore_root_uid, TRUE, TRUE, &sect);
    if (!hr) RegCloseKey(sect);
    if (!hr && app) {
        DWORD one = 1;
        RegSetValueExW(prof, app_value, 0, REG_DWORD, (const BYTE *)&one, sizeof(one));
    }
    RegCloseKey(prof);
    if (hr) RegDeleteTreeW(root, name);
    RegCloseKey(root);
    profstore_unlock();
    TRACE("created profile %ls -> %#lx", name, hr);
    return hr;
}

HRESULT profstore_delete(const WCHAR *name)
{
    WCHAR def[PROFSTORE_MAX_NAME + 1];
    HRESULT hr = MAPI_E_NOT_FOUND;
    int i;

    if (profstore_check_name(name)) return MAPI_E_NOT_FOUND;
    profstore_lock();
    if (!profstore_get_default(def, ARRAYSIZE(def)) && !lstrcmpiW(def, name))
        profstore_set_default(NULL);
    if ((i = find_profile_ex(name, FALSE, TRUE, NULL)) >= 0) {
        HKEY root;
        hr = MAPI_E_NO_ACCESS;
        if (!open_profiles_root(i, TRUE, FALSE, &root)) {
            if (!RegDeleteTreeW(root, name)) hr = S_OK;
            RegCloseKey(root);
        }
    }
    profstore_unlock();
    return hr;
}

/* Copies a profile's key tree to a new name under the newest root. */
static HRESULT copy_tree(const WCHAR *from, const WCHAR *to, HKEY *dest)
{
    HKEY src, root;
    HRESULT hr = S_OK;

    if (find_profile(from, FALSE, &src) < 0) return MAPI_E_NOT_FOUND;
    if (find_profile_ex(to, FALSE, TRUE, NULL) >= 0) {
        RegCloseKey(src);
        return MAPI_E_NO_ACCESS;
    }
    if (open_profiles_root(0, TRUE, TRUE, &root)) {
        RegCloseKey(src);
        return MAPI_E_NO_ACCESS;
    }
    if (RegCreateKeyExW(root, to, 0, NULL, 0, KEY_ALL_ACCESS, NULL, dest, NULL))
        hr = MAPI_E_NO_ACCESS;
    else if (RegCopyTreeW(src, NULL, *dest)) {
        RegCloseKey(*dest);
        RegDeleteTreeW(root, to);
        hr = MAPI_E_NO_ACCESS;
    }
    RegCloseKey(root);
    RegCloseKey(src);
    return hr;
}

HRESULT profstore_copy(const WCHAR *from, const WCHAR *to)
{
    HKEY dest;
    HRESULT hr;

    if (profstore_check_name(from)) return MAPI_E_NOT_FOUND;
    if ((hr = profstore_check_name(to))) return hr;
    profstore_lock();
    hr = copy_tree(from, to, &dest);
    if (!hr) {
        /* A copy is another profile: it gets its own identity. */
        hr = new_instance(dest);
        RegCloseKey(dest);
        if (hr) profstore_delete(to);
    }
    profstore_unlock();
    return hr;
}

HRESULT profstore_rename(const WCHAR *from, const WCHAR *to)
{
    WCHAR def[PROFSTORE_MAX_NAME + 1];
    BOOL was_default;
    HKEY dest;
    HRESULT hr;

    if (profstore_check_name(from)) return MAPI_E_NOT_FOUND;
    if ((hr = profstore_check_name(to))) return hr;
    profstore_lock();
    was_default = !profstore_get_default(def, ARRAYSIZE(def)) && !lstrcmpiW(def, from);
    if (!lstrcmpiW(from, to)) {
        hr = find_profile(from, FALSE, NULL) >= 0 ? MAPI_E_NO_ACCESS : MAPI_E_NOT_FOUND;
    } else if (!(hr = copy_tree(from, to, &dest))) {
        RegCloseKey(dest);
        hr = profstore_delete(from);
        if (!hr && was_default) hr = profstore_set_default(to);
    }
    profstore_unlock();
    return hr;
}
