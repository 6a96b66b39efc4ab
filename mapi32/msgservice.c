/*
 * Message services and providers in a profile (mapi-spec.md 4.3, 4.5, 6.3,
 * 6.4): making them from MAPISVC.INF, removing them, and the lists that tie
 * them together.  MAPI's root section lists every service (PR_SERVICES) and
 * every provider by type; each service section lists its own providers and
 * extra sections; each of those points back with PR_SERVICE_UID.  All of it
 * changes under the profile store lock, so the lists stay consistent when
 * several processes edit one profile.
 */
#include <string.h>

#include "mapi32_private.h"
#include "admin.h"
#include "provider.h"
#include "profsect.h"
#include "svcinf.h"

#include <mapiguid.h>
#include <mapiutil.h>

/* ---- the open profile ---- */

HRESULT adminprof_open(const WCHAR *name, struct admin_profile **out)
{
    struct admin_profile *prof;
    HRESULT hr;

    if (!(prof = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*prof)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if ((hr = profstore_open(name, TRUE, &prof->key))) {
        HeapFree(GetProcessHeap(), 0, prof);
        return hr;
    }
    prof->refcount = 1;
    lstrcpynW(prof->name, name, ARRAYSIZE(prof->name));
    *out = prof;
    return S_OK;
}

void adminprof_addref(struct admin_profile *prof)
{
    InterlockedIncrement(&prof->refcount);
}

HRESULT adminprof_open_for_session(const WCHAR *name, struct admin_profile **out)
{
    HRESULT hr = adminprof_open(name, out);
    if (!hr) (*out)->in_use = profstore_use((*out)->key);
    return hr;
}

void adminprof_release(struct admin_profile *prof)
{
    HANDLE in_use;

    if (!prof || InterlockedDecrement(&prof->refcount)) return;
    if ((in_use = prof->in_use)) {
        /* Alive again while a deletion that waited for this last session is
         * carried out: the service entries take references of their own. */
        prof->in_use = NULL;
        prof->refcount = 1;
        profstore_lock();
        CloseHandle(in_use);
        /* After a fast shutdown no provider may be called: the next listing
         * of profiles removes it instead (profstore_list). */
        if (!provider_fast_shutdown() && profstore_is_deleted(prof->key) && !profstore_in_use(prof->key)) {
            admin_delete_all_services(prof, NULL);
            profstore_delete(prof->name);
        }
        profstore_unlock();
        adminprof_release(prof);
        return;
    }
    RegCloseKey(prof->key);
    HeapFree(GetProcessHeap(), 0, prof);
}

/* The list in the root and service sections for a provider type. */
static ULONG list_tag(LONG resource_type)
{
    switch (resource_type) {
    case MAPI_STORE_PROVIDER: return PR_STORE_PROVIDERS;
    case MAPI_AB_PROVIDER: return PR_AB_PROVIDERS;
    case MAPI_TRANSPORT_PROVIDER: return PR_TRANSPORT_PROVIDERS;
    default: return 0;
    }
}

static LONG get_long(HKEY sect, ULONG tag, LONG def)
{
    SPropValue *v;
    LONG l;
    if (profstore_get_one(sect, tag, &v)) return def;
    l = v->Value.l;
    HeapFree(GetProcessHeap(), 0, v);
    return l;
}

static HRESULT set_long(HKEY sect, ULONG tag, LONG l)
{
    SPropValue v;
    v.ulPropTag = tag;
    v.dwAlignPad = 0;
    v.Value.l = l;
    return profstore_set_one(sect, &v);
}

static HRESULT set_uid(HKEY sect, ULONG tag, const MAPIUID *uid)
{
    SPropValue v;
    v.ulPropTag = tag;
    v.dwAlignPad = 0;
    v.Value.bin.cb = sizeof(*uid);
    v.Value.bin.lpb = (BYTE *)uid->ab;
    return profstore_set_one(sect, &v);
}

static HRESULT set_stringW(HKEY sect, ULONG id, const WCHAR *s)
{
    SPropValue v;
    v.ulPropTag = PROP_TAG(PT_UNICODE, id);
    v.dwAlignPad = 0;
    v.Value.lpszW = (WCHAR *)s;
    return profstore_set_one(sect, &v);
}

static BOOL has_prop(HKEY sect, ULONG tag)
{
    SPropValue *v;
    if (profstore_get_one(sect, tag, &v)) return FALSE;
    HeapFree(GetProcessHeap(), 0, v);
    return TRUE;
}

BOOL admin_service_exists(struct admin_profile *prof, const MAPIUID *svc)
{
    MAPIUID *uids;
    ULONG n, i;
    HKEY root;
    BOOL found = FALSE;

    if (!svc || profstore_open_section(prof->key, &profstore_root_uid, FALSE, FALSE, &root)) return FALSE;
    if (!profstore_uids_get(root, PR_SERVICES, &uids, &n)) {
        for (i = 0; i < n && !found; i++) found = !memcmp(&uids[i], svc, sizeof(*svc));
        HeapFree(GetProcessHeap(), 0, uids);
    }
    RegCloseKey(root);
    return found;
}

/* Is this section one that a provider owns? */
static BOOL is_provider_section(struct admin_profile *prof, const MAPIUID *uid)
{
    HKEY sect;
    BOOL yes;
    if (profstore_open_section(prof->key, uid, FALSE, FALSE, &sect)) return FALSE;
    yes = has_prop(sect, PR_RESOURCE_TYPE) && has_prop(sect, PR_SERVICE_UID);
    RegCloseKey(sect);
    return yes;
}

/* ---- exclusive opens for IProviderAdmin (iprovideradmin-openprofilesection.md):
 * a read/write open excludes every other open of that section, and the other
 * way round.  Kept per process. */

struct open_section {
    struct open_section *next;
    WCHAR profile[PROFSTORE_MAX_NAME + 1];
    MAPIUID uid;
    LONG readers, writers;
};

static struct open_section *open_sections;
static SRWLOCK open_lock = SRWLOCK_INIT;

static void section_closed(void *ctx)
{
    struct open_section *os = ctx, **p;
    BOOL write = ((ULONG_PTR)ctx & 1) != 0;

    os = (struct open_section *)((ULONG_PTR)ctx & ~(ULONG_PTR)1);
    AcquireSRWLockExclusive(&open_lock);
    if (write) os->writers--;
    else os->readers--;
    if (!os->readers && !os->writers)
        for (p = &open_sections; *p; p = &(*p)->next)
            if (*p == os) {
                *p = os->next;
                HeapFree(GetProcessHeap(), 0, os);
                break;
            }
    ReleaseSRWLockExclusive(&open_lock);
}

/* Registers an open; NULL with *hr set when it conflicts. */
static void *section_opening(const WCHAR *profile, const MAPIUID *uid, BOOL write, HRESULT *hr)
{
    struct open_section *os;

    AcquireSRWLockExclusive(&open_lock);
    for (os = open_sections; os; os = os->next)
        if (!memcmp(&os->uid, uid, sizeof(*uid)) && !lstrcmpiW(os->profile, profile)) break;
    if (os && (os->writers || (write && os->readers))) {
        ReleaseSRWLockExclusive(&open_lock);
        *hr = MAPI_E_NO_ACCESS;
        return NULL;
    }
    if (!os) {
        if (!(os = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*os)))) {
            ReleaseSRWLockExclusive(&open_lock);
            *hr = MAPI_E_NOT_ENOUGH_MEMORY;
            return NULL;
        }
        lstrcpynW(os->profile, profile, ARRAYSIZE(os->profile));
        os->uid = *uid;
        os->next = open_sections;
        open_sections = os;
    }
    if (write) os->writers++;
    else os->readers++;
    ReleaseSRWLockExclusive(&open_lock);
    *hr = S_OK;
    return (void *)((ULONG_PTR)os | (write ? 1 : 0));
}

HRESULT admin_open_section(struct admin_profile *prof, const MAPIUID *uid, LPCIID iid, ULONG flags,
                           enum admin_caller caller, IProfSect **out)
{
    BOOL write = (flags & MAPI_MODIFY) != 0;
    void *ctx = NULL;
    HRESULT hr;

    if (!uid || !out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_FORCE_ACCESS | MAPI_UNICODE))
        return MAPI_E_UNKNOWN_FLAGS;
    if (iid && !IsEqualIID(iid, &IID_IProfSect) && !IsEqualIID(iid, &IID_IMAPIProp) &&
        !IsEqualIID(iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;

    if ((caller == ADMIN_CLIENT || caller == ADMIN_CLIENT_PROVADMIN) && is_provider_section(prof, uid)) {
        /* Provider sections are the provider's: clients need MAPI_FORCE_ACCESS,
         * and an IProviderAdmin never lets a client write them. */
        if (caller == ADMIN_CLIENT && !(flags & MAPI_FORCE_ACCESS)) return MAPI_E_NO_ACCESS;
        if (caller == ADMIN_CLIENT_PROVADMIN && write && !(flags & MAPI_FORCE_ACCESS)) return MAPI_E_NO_ACCESS;
    }
    if (caller == ADMIN_CLIENT_PROVADMIN || caller == ADMIN_SERVICE_PROVADMIN) {
        if (!(ctx = section_opening(prof->name, uid, write, &hr))) return hr;
    }
    /* MAPI_MODIFY on a section that does not exist makes it. */
    hr = profsect_create(prof->key, prof->name, uid, write, TRUE, ctx ? section_closed : NULL, ctx, out);
    if (hr && ctx) section_closed(ctx);
    return hr;
}

/* ---- lists ---- */

/* Adds a transport to the root's transport order: STATUS_XP_PREFER_LAST
 * transports stay at the end (mapi-spec.md 4.3). */
static HRESULT add_transport(struct admin_profile *prof, HKEY root, const MAPIUID *uid, BOOL prefer_last)
{
    MAPIUID *uids, *more;
    ULONG n, i, at;
    HRESULT hr;

    if (prefer_last) return profstore_uids_add(root, PR_TRANSPORT_PROVIDERS, uid);
    if ((hr = profstore_uids_get(root, PR_TRANSPORT_PROVIDERS, &uids, &n))) return hr;
    for (at = 0; at < n; at++) {
        HKEY sect;
        LONG flags = 0;
        if (!profstore_open_section(prof->key, &uids[at], FALSE, FALSE, &sect)) {
            flags = get_long(sect, PR_RESOURCE_FLAGS, 0);
            RegCloseKey(sect);
        }
        if (flags & STATUS_XP_PREFER_LAST) break;
    }
    more = uids ? HeapReAlloc(GetProcessHeap(), 0, uids, (n + 1) * sizeof(MAPIUID))
                : HeapAlloc(GetProcessHeap(), 0, sizeof(MAPIUID));
    if (!more) {
        HeapFree(GetProcessHeap(), 0, uids);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    uids = more;
    for (i = n; i > at; i--) uids[i] = uids[i - 1];
    uids[at] = *uid;
    hr = profstore_uids_set(root, PR_TRANSPORT_PROVIDERS, uids, n + 1);
    HeapFree(GetProcessHeap(), 0, uids);
    return hr;
}

/* Links a provider section into its service and the root lists. */
static HRESULT link_provider(struct admin_profile *prof, HKEY root, HKEY svc_sect, HKEY prov_sect,
                             const MAPIUID *uid)
{
    LONG type = get_long(prov_sect, PR_RESOURCE_TYPE, 0), flags = get_long(prov_sect, PR_RESOURCE_FLAGS, 0);
    ULONG tag = list_tag(type);
    HRESULT hr;

    if (!tag) {
        TRACE("provider section without a provider PR_RESOURCE_TYPE (%ld): kept as an extra section", type);
        return profstore_uids_add(svc_sect, PR_SERVICE_EXTRA_UIDS, uid);
    }
    if ((hr = profstore_uids_add(svc_sect, tag, uid))) return hr;
    if (tag == PR_TRANSPORT_PROVIDERS) return add_transport(prof, root, uid, (flags & STATUS_XP_PREFER_LAST) != 0);
    return profstore_uids_add(root, tag, uid);
}

static void unlink_provider(HKEY root, HKEY svc_sect, const MAPIUID *uid)
{
    static const ULONG tags[] = {PR_STORE_PROVIDERS, PR_AB_PROVIDERS, PR_TRANSPORT_PROVIDERS, PR_SERVICE_EXTRA_UIDS};
    unsigned i;
    for (i = 0; i < ARRAYSIZE(tags); i++) {
        if (root && tags[i] != PR_SERVICE_EXTRA_UIDS) profstore_uids_remove(root, tags[i], uid);
        if (svc_sect) profstore_uids_remove(svc_sect, tags[i], uid);
    }
}

/* Every section a service owns, its own last. */
static HRESULT service_sections(struct admin_profile *prof, const MAPIUID *svc, MAPIUID **uids, ULONG *count)
{
    static const ULONG tags[] = {PR_STORE_PROVIDERS, PR_AB_PROVIDERS, PR_TRANSPORT_PROVIDERS, PR_SERVICE_EXTRA_UIDS};
    MAPIUID *all = NULL;
    ULONG n = 0, i;
    HKEY sect;
    HRESULT hr;

    *uids = NULL;
    *count = 0;
    if ((hr = profstore_open_section(prof->key, svc, FALSE, FALSE, &sect))) return hr;
    for (i = 0; i < ARRAYSIZE(tags); i++) {
        MAPIUID *part, *more;
        ULONG k;
        if (profstore_uids_get(sect, tags[i], &part, &k) || !k) continue;
        more = all ? HeapReAlloc(GetProcessHeap(), 0, all, (n + k + 1) * sizeof(MAPIUID))
                   : HeapAlloc(GetProcessHeap(), 0, (n + k + 1) * sizeof(MAPIUID));
        if (!more) {
            HeapFree(GetProcessHeap(), 0, part);
            HeapFree(GetProcessHeap(), 0, all);
            RegCloseKey(sect);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        all = more;
        memcpy(all + n, part, k * sizeof(MAPIUID));
        n += k;
        HeapFree(GetProcessHeap(), 0, part);
    }
    RegCloseKey(sect);
    if (!all && !(all = HeapAlloc(GetProcessHeap(), 0, sizeof(MAPIUID)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    all[n++] = *svc;
    *uids = all;
    *count = n;
    return S_OK;
}

/* Removes a service with all its sections from the profile (no entry call). */
static HRESULT remove_service(struct admin_profile *prof, const MAPIUID *svc)
{
    MAPIUID *uids;
    ULONG n, i;
    HKEY root = NULL;
    HRESULT hr;

    profstore_lock();
    if (!(hr = service_sections(prof, svc, &uids, &n))) {
        if (!profstore_open_section(prof->key, &profstore_root_uid, TRUE, TRUE, &root)) {
            for (i = 0; i < n; i++) unlink_provider(root, NULL, &uids[i]);
            profstore_uids_remove(root, PR_SERVICES, svc);
        }
        for (i = 0; i < n; i++) profstore_delete_section(prof->key, &uids[i]);
        HeapFree(GetProcessHeap(), 0, uids);
        if (root) RegCloseKey(root);
    } else if (hr == MAPI_E_NOT_FOUND && !profstore_open_section(prof->key, &profstore_root_uid, TRUE, TRUE, &root)) {
        /* A dangling UID: take it off the list. */
        profstore_uids_remove(root, PR_SERVICES, svc);
        RegCloseKey(root);
    }
    profstore_unlock();
    return hr;
}

/* ---- creating from MAPISVC.INF ---- */

/* Makes one provider (or extra) section from an INF section. */
static HRESULT make_provider(struct admin_profile *prof, const struct svcinf *si, const mapisvc_section *psec,
                             HKEY root, HKEY svc_sect, const MAPIUID *svc, const WCHAR *service_name,
                             BOOL extra, ULONG count, LPSPropValue props, MAPIUID *uid)
{
    HKEY sect;
    HRESULT hr;

    if (extra && psec->has_uid) memcpy(uid->ab, psec->uid, 16);
    else if ((hr = ScGenerateMuid(uid))) return hr;
    if ((hr = profstore_open_section(prof->key, uid, TRUE, TRUE, &sect))) return hr;
    hr = svcinf_write_section(si, psec, sect);
    if (!hr && count) hr = profstore_set_props(sect, count, props, NULL);
    if (!hr) hr = set_uid(sect, PR_SERVICE_UID, svc);
    if (!hr && service_name) hr = set_stringW(sect, PROP_ID(PR_SERVICE_NAME), service_name);
    if (!hr) {
        if (extra) hr = profstore_uids_add(svc_sect, PR_SERVICE_EXTRA_UIDS, uid);
        else {
            /* One primary identity per profile: the first provider to claim it keeps it. */
            LONG flags = get_long(sect, PR_RESOURCE_FLAGS, 0);
            if (flags & STATUS_PRIMARY_IDENTITY) {
                MAPIUID *all;
                ULONG n, i;
                BOOL taken = FALSE;
                if (!profstore_list_sections(prof->key, &all, &n)) {
                    for (i = 0; i < n && !taken; i++) {
                        HKEY other;
                        if (!memcmp(&all[i], uid, sizeof(*uid))) continue;
                        if (profstore_open_section(prof->key, &all[i], FALSE, FALSE, &other)) continue;
                        taken = has_prop(other, PR_RESOURCE_TYPE) &&
                                (get_long(other, PR_RESOURCE_FLAGS, 0) & STATUS_PRIMARY_IDENTITY);
                        RegCloseKey(other);
                    }
                    HeapFree(GetProcessHeap(), 0, all);
                }
                if (taken) set_long(sect, PR_RESOURCE_FLAGS, flags & ~STATUS_PRIMARY_IDENTITY);
            }
            hr = link_provider(prof, root, svc_sect, sect, uid);
        }
    }
    RegCloseKey(sect);
    if (hr) profstore_delete_section(prof->key, uid);
    return hr;
}

/* Does the profile already have a service of this name? */
static BOOL has_service_named(struct admin_profile *prof, HKEY root, const WCHAR *name)
{
    MAPIUID *uids;
    ULONG n, i;
    BOOL found = FALSE;

    if (profstore_uids_get(root, PR_SERVICES, &uids, &n)) return FALSE;
    for (i = 0; i < n && !found; i++) {
        WCHAR other[256];
        HKEY sect;
        if (profstore_open_section(prof->key, &uids[i], FALSE, FALSE, &sect)) continue;
        found = !profstore_get_stringW(sect, PROP_ID(PR_SERVICE_NAME), other, ARRAYSIZE(other)) &&
                !lstrcmpiW(other, name);
        RegCloseKey(sect);
    }
    HeapFree(GetProcessHeap(), 0, uids);
    return found;
}

/* Copies a service from MAPISVC.INF into the profile (no entry call). */
static HRESULT add_service(struct admin_profile *prof, const struct svcinf *si, const mapisvc_entry *line,
                           const WCHAR *display, MAPIUID *svc, struct last_error *err)
{
    const mapisvc_section *sec = svcinf_section(si, line->key);
    WCHAR service_name[256], text[256];
    HKEY root = NULL, sect = NULL;
    LONG flags;
    size_t i;
    HRESULT hr;

    svcinf_to_w(si, line->key, service_name, ARRAYSIZE(service_name));
    if (!sec) {
        lasterr_set(err, MAPI_E_NOT_FOUND, L"%ls: the service \"%ls\" is listed in [Services] but has no section",
                    si->path, service_name);
        return MAPI_E_NOT_FOUND;
    }
    if (!sec->providers.count) {
        lasterr_set(err, MAPI_E_NOT_FOUND, L"%ls line %u: the service \"%ls\" has no Providers= line",
                    si->path, sec->line, service_name);
        return MAPI_E_NOT_FOUND;
    }

    profstore_lock();
    if ((hr = profstore_open_section(prof->key, &profstore_root_uid, TRUE, TRUE, &root))) goto done;
    if ((hr = ScGenerateMuid(svc))) goto done;
    if ((hr = profstore_open_section(prof->key, svc, TRUE, TRUE, &sect))) goto done;
    if ((hr = svcinf_write_section(si, sec, sect))) goto done;

    flags = get_long(sect, PR_RESOURCE_FLAGS, -1);
    if (flags == -1) set_long(sect, PR_RESOURCE_FLAGS, flags = 0);
    if ((flags & SERVICE_SINGLE_COPY) && has_service_named(prof, root, service_name)) {
        lasterr_set(err, MAPI_E_NO_ACCESS, L"the service \"%ls\" is single-copy and the profile \"%ls\" already has it",
                    service_name, prof->name);
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    hr = set_stringW(sect, PROP_ID(PR_SERVICE_NAME), service_name);
    if (!hr) hr = set_uid(sect, PR_SERVICE_UID, svc);
    /* The INF's display name wins over the caller's (imsgserviceadmin-createmsgservice.md). */
    if (!hr && !has_prop(sect, PR_DISPLAY_NAME_W)) {
        if (!display || !display[0]) {
            svcinf_to_w(si, line->value, text, ARRAYSIZE(text));
            display = text[0] ? text : service_name;
        }
        hr = set_stringW(sect, PROP_ID(PR_DISPLAY_NAME), display);
    }
    for (i = 0; i < sec->providers.count && !hr; i++) {
        const mapisvc_section *psec = svcinf_section(si, sec->providers.items[i]);
        MAPIUID uid;
        if (!psec) {
            WCHAR name[128];
            svcinf_to_w(si, sec->providers.items[i], name, ARRAYSIZE(name));
            lasterr_set(err, MAPI_E_NOT_FOUND, L"%ls line %u: the provider section [%ls] of \"%ls\" is missing",
                        si->path, sec->line, name, service_name);
            hr = MAPI_E_NOT_FOUND;
            break;
        }
        hr = make_provider(prof, si, psec, root, sect, svc, service_name, FALSE, 0, NULL, &uid);
    }
    for (i = 0; i < sec->sections.count && !hr; i++) {
        const mapisvc_section *xsec = svcinf_section(si, sec->sections.items[i]);
        MAPIUID uid;
        if (!xsec) continue;  /* reported by the parser */
        hr = make_provider(prof, si, xsec, root, sect, svc, NULL, TRUE, 0, NULL, &uid);
    }
    if (!hr) hr = profstore_uids_add(root, PR_SERVICES, svc);
done:
    if (sect) RegCloseKey(sect);
    if (root) RegCloseKey(root);
    if (hr && sect) remove_service(prof, svc);
    profstore_unlock();
    return hr;
}

HRESULT admin_create_service(struct admin_profile *prof, const WCHAR *service, const WCHAR *display,
                             ULONG_PTR ui, ULONG flags, MAPIUID *uid, struct last_error *err)
{
    const mapisvc_entry *line;
    struct svcinf si;
    MAPIUID svc;
    HRESULT hr;

    if ((hr = svcinf_load(&si, err))) return hr;
    if (!(line = svcinf_find_service(&si, service, FALSE))) {
        lasterr_set(err, MAPI_E_NOT_FOUND, L"the service \"%ls\" is not in [Services] of %ls", service, si.path);
        svcinf_free(&si);
        return MAPI_E_NOT_FOUND;
    }
    hr = add_service(prof, &si, line, display, &svc, err);
    svcinf_free(&si);
    if (hr) return hr;

    /* Then the service sets itself up (MSG_SERVICE_CREATE); if it refuses,
     * the service is taken out again. */
    hr = admin_call_entry(prof, &svc, MSG_SERVICE_CREATE, (flags & SERVICE_UI_ALLOWED) ? ui : 0,
                          flags & (SERVICE_UI_ALLOWED | SERVICE_UI_ALWAYS | MAPI_UNICODE | SERVICE_NO_RESTART_WARNING),
                          0, NULL, err);
    if (hr == MAPI_E_NOT_INITIALIZED) hr = S_OK;   /* no entry point: nothing to set up */
    if (FAILED(hr)) {
        remove_service(prof, &svc);
        return hr;
    }
    if (uid) *uid = svc;
    TRACE("service %ls added to %ls", service, prof->name);
    return S_OK;
}

HRESULT admin_default_services(struct admin_profile *prof, ULONG_PTR ui, ULONG flags, struct last_error *err)
{
    const mapisvc_entry *e;
    struct svcinf si;
    size_t n, i;
    HRESULT hr;

    if ((hr = svcinf_load(&si, err))) return hr;
    n = mapisvc_inf_default_services(si.inf, &e);
    for (i = 0; i < n && !hr; i++) {
        WCHAR name[256];
        svcinf_to_w(&si, e[i].key, name, ARRAYSIZE(name));
        hr = admin_create_service(prof, name, NULL, ui, flags, NULL, err);
    }
    svcinf_free(&si);
    return hr;
}

HRESULT admin_delete_service(struct admin_profile *prof, const MAPIUID *svc, struct last_error *err)
{
    HRESULT hr;

    if (!admin_service_exists(prof, svc)) {
        lasterr_set(err, MAPI_E_NOT_FOUND, L"the profile \"%ls\" has no such service", prof->name);
        return MAPI_E_NOT_FOUND;
    }
    hr = admin_call_entry(prof, svc, MSG_SERVICE_DELETE, 0, 0, 0, NULL, err);
    if (hr == MAPI_E_USER_CANCEL) return hr;
    /* Whatever else the entry says, the user asked for the service to go. */
    hr = remove_service(prof, svc);
    return hr == MAPI_E_NOT_FOUND ? S_OK : hr;
}

HRESULT admin_delete_all_services(struct admin_profile *prof, struct last_error *err)
{
    MAPIUID *uids;
    ULONG n, i;
    HKEY root;

    if (profstore_open_section(prof->key, &profstore_root_uid, FALSE, FALSE, &root)) return S_OK;
    if (profstore_uids_get(root, PR_SERVICES, &uids, &n)) n = 0, uids = NULL;
    RegCloseKey(root);
    for (i = 0; i < n; i++) {
        admin_call_entry(prof, &uids[i], MSG_SERVICE_DELETE, 0, 0, 0, NULL, err);
        remove_service(prof, &uids[i]);
    }
    HeapFree(GetProcessHeap(), 0, uids);
    return S_OK;
}

HRESULT admin_configure_service(struct admin_profile *prof, const MAPIUID *svc, ULONG_PTR ui, ULONG flags,
                                ULONG count, LPSPropValue props, struct last_error *err)
{
    HRESULT hr;

    if (!admin_service_exists(prof, svc)) {
        lasterr_set(err, MAPI_E_NOT_FOUND, L"the profile \"%ls\" has no such service", prof->name);
        return MAPI_E_NOT_FOUND;
    }
    hr = admin_call_entry(prof, svc, MSG_SERVICE_CONFIGURE, ui, flags, count, props, err);
    if (hr == MAPI_E_NOT_INITIALIZED)
        lasterr_set(err, hr, L"the service has no entry point that can configure it");
    return hr;
}

/* Copies a service's sections into another (or the same) profile; the copy
 * gets new UIDs, with the links rewritten. */
HRESULT admin_copy_service(struct admin_profile *prof, const MAPIUID *svc, struct admin_profile *dest,
                           ULONG_PTR ui, ULONG flags, struct last_error *err)
{
    WCHAR name[256];
    MAPIUID *uids, newsvc;
    ULONG n, i;
    HKEY src_svc, root = NULL, dsvc = NULL;
    HRESULT hr;

    if (!admin_service_exists(prof, svc)) {
        lasterr_set(err, MAPI_E_NOT_FOUND, L"the profile \"%ls\" has no such service", prof->name);
        return MAPI_E_NOT_FOUND;
    }
    if ((hr = profstore_open_section(prof->key, svc, FALSE, FALSE, &src_svc))) return hr;
    name[0] = 0;
    profstore_get_stringW(src_svc, PROP_ID(PR_SERVICE_NAME), name, ARRAYSIZE(name));

    profstore_lock();
    if ((hr = profstore_open_section(dest->key, &profstore_root_uid, TRUE, TRUE, &root))) goto done;
    if ((get_long(src_svc, PR_RESOURCE_FLAGS, 0) & SERVICE_SINGLE_COPY) && has_service_named(dest, root, name)) {
        lasterr_set(err, MAPI_E_NO_ACCESS, L"the service \"%ls\" is single-copy and the profile \"%ls\" already has it",
                    name, dest->name);
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    if ((hr = service_sections(prof, svc, &uids, &n))) goto done;
    if ((hr = ScGenerateMuid(&newsvc))) goto free_uids;
    if ((hr = profstore_open_section(dest->key, &newsvc, TRUE, TRUE, &dsvc))) goto free_uids;
    hr = RegCopyTreeW(src_svc, NULL, dsvc) ? MAPI_E_NO_ACCESS : S_OK;
    /* Lists of the copy are rebuilt as its providers are linked. */
    if (!hr) {
        static const ULONG lists[] = {PR_STORE_PROVIDERS, PR_AB_PROVIDERS, PR_TRANSPORT_PROVIDERS, PR_SERVICE_EXTRA_UIDS};
        SizedSPropTagArray(4, del) = {4, {lists[0], lists[1], lists[2], lists[3]}};
        profstore_delete_props(dsvc, (SPropTagArray *)&del, NULL);
        hr = set_uid(dsvc, PR_SERVICE_UID, &newsvc);
    }
    for (i = 0; i + 1 < n && !hr; i++) {
        HKEY from, to;
        MAPIUID nu;
        if (profstore_open_section(prof->key, &uids[i], FALSE, FALSE, &from)) continue;
        if (!(hr = ScGenerateMuid(&nu)) && !(hr = profstore_open_section(dest->key, &nu, TRUE, TRUE, &to))) {
            hr = RegCopyTreeW(from, NULL, to) ? MAPI_E_NO_ACCESS : S_OK;
            if (!hr) hr = set_uid(to, PR_SERVICE_UID, &newsvc);
            if (!hr) hr = link_provider(dest, root, dsvc, to, &nu);
            RegCloseKey(to);
        }
        RegCloseKey(from);
    }
    if (!hr) hr = profstore_uids_add(root, PR_SERVICES, &newsvc);
    if (hr) remove_service(dest, &newsvc);
free_uids:
    HeapFree(GetProcessHeap(), 0, uids);
done:
    if (dsvc) RegCloseKey(dsvc);
    if (root) RegCloseKey(root);
    RegCloseKey(src_svc);
    profstore_unlock();
    return hr;
}

HRESULT admin_create_provider(struct admin_profile *prof, const MAPIUID *svc, const WCHAR *section,
                              ULONG count, LPSPropValue props, ULONG_PTR ui, ULONG flags, MAPIUID *uid,
                              struct last_error *err)
{
    const mapisvc_section *psec = NULL;
    struct svcinf si;
    WCHAR service_name[256];
    HKEY root = NULL, sect = NULL;
    size_t i;
    HRESULT hr;

    if (!admin_service_exists(prof, svc)) {
        lasterr_set(err, MAPI_E_NOT_FOUND, L"the profile \"%ls\" has no such service", prof->name);
        return MAPI_E_NOT_FOUND;
    }
    if ((hr = svcinf_load(&si, err))) return hr;
    for (i = 0; i < mapisvc_inf_section_count(si.inf); i++) {
        const mapisvc_section *s = mapisvc_inf_section_at(si.inf, i);
        WCHAR name[256];
        svcinf_to_w(&si, s->name, name, ARRAYSIZE(name));
        if (!lstrcmpiW(name, section)) { psec = s; break; }
    }
    if (!psec) {
        lasterr_set(err, MAPI_E_NOT_FOUND, L"%ls has no section [%ls]", si.path, section);
        svcinf_free(&si);
        return MAPI_E_NOT_FOUND;
    }
    profstore_lock();
    hr = profstore_open_section(prof->key, &profstore_root_uid, TRUE, TRUE, &root);
    if (!hr) hr = profstore_open_section(prof->key, svc, TRUE, FALSE, &sect);
    if (!hr) {
        service_name[0] = 0;
        profstore_get_stringW(sect, PROP_ID(PR_SERVICE_NAME), service_name, ARRAYSIZE(service_name));
        hr = make_provider(prof, &si, psec, root, sect, svc, service_name[0] ? service_name : NULL, FALSE,
                           count, props, uid);
    }
    if (sect) RegCloseKey(sect);
    if (root) RegCloseKey(root);
    profstore_unlock();
    svcinf_free(&si);
    if (hr) return hr;

    hr = admin_call_entry(prof, svc, MSG_SERVICE_PROVIDER_CREATE, (flags & MAPI_DIALOG) ? ui : 0,
                          flags & (MAPI_UNICODE | MAPI_DIALOG), count, props, err);
    if (hr == MAPI_E_NOT_INITIALIZED) hr = S_OK;
    if (FAILED(hr)) admin_delete_provider(prof, svc, uid, NULL);
    return FAILED(hr) ? hr : S_OK;
}

HRESULT admin_delete_provider(struct admin_profile *prof, const MAPIUID *svc, const MAPIUID *uid,
                              struct last_error *err)
{
    MAPIUID *uids;
    ULONG n, i;
    HKEY root = NULL, sect = NULL;
    BOOL found = FALSE;
    HRESULT hr;

    if (service_sections(prof, svc, &uids, &n)) n = 0, uids = NULL;
    for (i = 0; i + 1 < n && !found; i++) found = !memcmp(&uids[i], uid, sizeof(*uid));
    HeapFree(GetProcessHeap(), 0, uids);
    if (!found) {
        if (err) lasterr_set(err, MAPI_E_NOT_FOUND, L"the service has no such provider");
        return MAPI_E_NOT_FOUND;
    }
    if (err) {
        hr = admin_call_entry(prof, svc, MSG_SERVICE_PROVIDER_DELETE, 0, 0, 0, NULL, err);
        if (hr == MAPI_E_USER_CANCEL) return hr;
    }
    profstore_lock();
    if (!profstore_open_section(prof->key, &profstore_root_uid, TRUE, TRUE, &root) &&
        !profstore_open_section(prof->key, svc, TRUE, FALSE, &sect))
        unlink_provider(root, sect, uid);
    hr = profstore_delete_section(prof->key, uid);
    if (sect) RegCloseKey(sect);
    if (root) RegCloseKey(root);
    profstore_unlock();
    return hr == MAPI_E_NOT_FOUND ? S_OK : hr;
}

HRESULT admin_transport_order(struct admin_profile *prof, ULONG count, const MAPIUID *order,
                              struct last_error *err)
{
    MAPIUID *uids;
    ULONG n, i, j;
    HKEY root;
    HRESULT hr;

    profstore_lock();
    if ((hr = profstore_open_section(prof->key, &profstore_root_uid, TRUE, TRUE, &root))) goto done;
    if ((hr = profstore_uids_get(root, PR_TRANSPORT_PROVIDERS, &uids, &n))) goto close;
    if (count != n) {
        lasterr_set(err, MAPI_E_BUSY, L"the profile has %lu transports, the new order names %lu", n, count);
        hr = MAPI_E_BUSY;
    }
    for (i = 0; i < count && !hr; i++) {
        for (j = 0; j < n; j++)
            if (!memcmp(&uids[j], &order[i], sizeof(MAPIUID))) break;
        if (j == n) {
            lasterr_set(err, MAPI_E_NOT_FOUND, L"UID %lu of the new order is not a transport of the profile", i);
            hr = MAPI_E_NOT_FOUND;
        }
        /* The same transport twice would drop another one. */
        for (j = 0; j < i && !hr; j++)
            if (!memcmp(&order[j], &order[i], sizeof(MAPIUID))) {
                lasterr_set(err, MAPI_E_INVALID_PARAMETER, L"a transport is named twice in the new order");
                hr = MAPI_E_INVALID_PARAMETER;
            }
    }
    if (!hr) hr = profstore_uids_set(root, PR_TRANSPORT_PROVIDERS, order, count);
    HeapFree(GetProcessHeap(), 0, uids);
close:
    RegCloseKey(root);
done:
    profstore_unlock();
    return hr;
}

/* SetPrimaryIdentity: a service UID (its first provider that can be the
 * identity) or a provider UID; STATUS_PRIMARY_IDENTITY moves there, and
 * SERVICE_PRIMARY_IDENTITY to its service. */
HRESULT admin_set_primary_identity(struct admin_profile *prof, const MAPIUID *uid, struct last_error *err)
{
    MAPIUID *all, svc, target;
    ULONG n, i;
    HKEY sect;
    HRESULT hr = MAPI_E_NOT_FOUND;
    BOOL is_service;

    profstore_lock();
    is_service = admin_service_exists(prof, uid);
    if (is_service) {
        MAPIUID *own;
        ULONG k;
        svc = *uid;
        if (!service_sections(prof, uid, &own, &k)) {
            for (i = 0; i + 1 < k && hr; i++) {
                if (profstore_open_section(prof->key, &own[i], FALSE, FALSE, &sect)) continue;
                if (has_prop(sect, PR_RESOURCE_TYPE) &&
                    !(get_long(sect, PR_RESOURCE_FLAGS, 0) & STATUS_NO_PRIMARY_IDENTITY)) {
                    target = own[i];
                    hr = S_OK;
                }
                RegCloseKey(sect);
            }
            HeapFree(GetProcessHeap(), 0, own);
        }
    } else if (is_provider_section(prof, uid) && !profstore_open_section(prof->key, uid, FALSE, FALSE, &sect)) {
        SPropValue *v;
        if (!profstore_get_one(sect, PR_SERVICE_UID, &v)) {
            if (v->Value.bin.cb == sizeof(MAPIUID)) {
                memcpy(&svc, v->Value.bin.lpb, sizeof(svc));
                target = *uid;
                hr = (get_long(sect, PR_RESOURCE_FLAGS, 0) & STATUS_NO_PRIMARY_IDENTITY) ? MAPI_E_NO_ACCESS : S_OK;
            }
            HeapFree(GetProcessHeap(), 0, v);
        }
        RegCloseKey(sect);
    }
    if (hr) {
        lasterr_set(err, hr, hr == MAPI_E_NO_ACCESS ? L"that provider cannot be the primary identity"
                                                     : L"no service or provider of the profile can supply that identity");
        goto done;
    }
    if (!profstore_list_sections(prof->key, &all, &n)) {
        for (i = 0; i < n; i++) {
            LONG flags;
            BOOL provider, me, my_service;
            if (profstore_open_section(prof->key, &all[i], TRUE, FALSE, &sect)) continue;
            provider = has_prop(sect, PR_RESOURCE_TYPE);
            me = !memcmp(&all[i], &target, sizeof(target));
            my_service = !memcmp(&all[i], &svc, sizeof(svc));
            flags = get_long(sect, PR_RESOURCE_FLAGS, 0);
            if (provider) {
                LONG nf = me ? (flags | STATUS_PRIMARY_IDENTITY) : (flags & ~STATUS_PRIMARY_IDENTITY);
                if (nf != flags) set_long(sect, PR_RESOURCE_FLAGS, nf);
            } else if (has_prop(sect, PR_SERVICE_NAME) && !(flags & SERVICE_NO_PRIMARY_IDENTITY)) {
                LONG nf = my_service ? (flags | SERVICE_PRIMARY_IDENTITY) : (flags & ~SERVICE_PRIMARY_IDENTITY);
                if (nf != flags) set_long(sect, PR_RESOURCE_FLAGS, nf);
            }
            RegCloseKey(sect);
        }
        HeapFree(GetProcessHeap(), 0, all);
    }
done:
    profstore_unlock();
    return hr;
}
