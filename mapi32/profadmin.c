/*
 * MAPIAdminProfiles and IProfAdmin (mapi-spec.md 3.4, 6.2,
 * iprofadminiunknown.md): creating, copying, renaming and deleting
 * profiles, the default profile, and reaching a profile's services.
 */
#include <string.h>

#include "mapi32_private.h"
#include "admin.h"

#include <mapiguid.h>
#include <mapiutil.h>

struct profadmin {
    IProfAdmin IProfAdmin_iface;
    LONG refcount;
    struct last_error err;
};

static inline struct profadmin *impl_from_IProfAdmin(IProfAdmin *iface)
{
    return CONTAINING_RECORD(iface, struct profadmin, IProfAdmin_iface);
}

static HRESULT WINAPI profadmin_QueryInterface(IProfAdmin *iface, REFIID riid, void **out)
{
    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (riid && (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IProfAdmin))) {
        *out = iface;
        IProfAdmin_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return riid ? MAPI_E_INTERFACE_NOT_SUPPORTED : MAPI_E_INVALID_PARAMETER;
}

static ULONG WINAPI profadmin_AddRef(IProfAdmin *iface)
{
    return InterlockedIncrement(&impl_from_IProfAdmin(iface)->refcount);
}

static ULONG WINAPI profadmin_Release(IProfAdmin *iface)
{
    struct profadmin *pa = impl_from_IProfAdmin(iface);
    ULONG ref = InterlockedDecrement(&pa->refcount);

    if (!ref) HeapFree(GetProcessHeap(), 0, pa);
    return ref;
}

static HRESULT WINAPI profadmin_GetLastError(IProfAdmin *iface, HRESULT hr, ULONG flags, LPMAPIERROR *out)
{
    return lasterr_get(&impl_from_IProfAdmin(iface)->err, hr, flags, out);
}

/* A static snapshot with exactly PR_DISPLAY_NAME and PR_DEFAULT_PROFILE. */
static HRESULT WINAPI profadmin_GetProfileTable(IProfAdmin *iface, ULONG flags, LPMAPITABLE *table)
{
    SizedSPropTagArray(2, cols) = {2, {PR_DISPLAY_NAME_W, PR_DEFAULT_PROFILE}};
    profstore_entry *list;
    SRow *rows = NULL;
    ULONG n, i;
    HRESULT hr;

    if (!table) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_UNICODE | MAPI_APP_PROFILE)) return MAPI_E_UNKNOWN_FLAGS;
    if (!(flags & MAPI_UNICODE)) cols.aulPropTag[0] = PR_DISPLAY_NAME_A;
    if ((hr = profstore_list((flags & MAPI_APP_PROFILE) != 0, &list, &n))) return hr;
    hr = MAPIAllocateBuffer((n + 1) * sizeof(SRow), (void **)&rows);
    for (i = 0; i < n && !hr; i++) {
        SPropValue *v;
        if ((hr = MAPIAllocateMore(2 * sizeof(SPropValue), rows, (void **)&v))) break;
        v[0].ulPropTag = cols.aulPropTag[0];
        v[0].dwAlignPad = 0;
        if (flags & MAPI_UNICODE) {
            v[0].Value.lpszW = list[i].name;
        } else {
            char *a;
            int len = WideCharToMultiByte(CP_ACP, 0, list[i].name, -1, NULL, 0, NULL, NULL);
            if ((hr = MAPIAllocateMore(len, rows, (void **)&a))) break;
            WideCharToMultiByte(CP_ACP, 0, list[i].name, -1, a, len, NULL, NULL);
            v[0].Value.lpszA = a;
        }
        v[1].ulPropTag = PR_DEFAULT_PROFILE;
        v[1].dwAlignPad = 0;
        v[1].Value.b = (unsigned short)list[i].is_default;
        rows[i].ulAdrEntryPad = 0;
        rows[i].cValues = 2;
        rows[i].lpProps = v;
    }
    if (!hr) hr = admin_make_table((SPropTagArray *)&cols, cols.aulPropTag[0], rows, n, NULL, table);
    MAPIFreeBuffer(rows);
    HeapFree(GetProcessHeap(), 0, list);
    TRACE("(%#lx) -> %#lx, %lu profiles", flags, hr, n);
    return hr;
}

/* Opens a profile for a method that takes MAPI_APP_PROFILE: an app profile
 * is only reachable with the flag. */
static HRESULT open_checked(struct profadmin *pa, const WCHAR *name, ULONG flags, struct admin_profile **prof)
{
    HRESULT hr = adminprof_open(name, prof);

    if (hr == MAPI_E_NOT_FOUND) {
        lasterr_set(&pa->err, hr, L"there is no profile named \"%ls\"", name);
        return hr;
    }
    if (hr) return hr;
    if (profstore_is_app((*prof)->key) && !(flags & MAPI_APP_PROFILE)) {
        adminprof_release(*prof);
        lasterr_set(&pa->err, MAPI_E_NO_ACCESS, L"\"%ls\" is an application profile (MAPI_APP_PROFILE not given)", name);
        return MAPI_E_NO_ACCESS;
    }
    return S_OK;
}

static HRESULT WINAPI profadmin_CreateProfile(IProfAdmin *iface, LPTSTR name, LPTSTR password, ULONG_PTR ui,
                                              ULONG flags)
{
    struct profadmin *pa = impl_from_IProfAdmin(iface);
    struct admin_profile *prof;
    WCHAR *wname;
    HRESULT hr;

    if (!name) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_DEFAULT_SERVICES | MAPI_DIALOG | MAPI_APP_PROFILE | MAPI_UNICODE))
        return MAPI_E_UNKNOWN_FLAGS;
    if (!(wname = tstr_to_w(name, flags))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if ((hr = profstore_check_name(wname))) {
        lasterr_set(&pa->err, hr, L"\"%ls\" cannot be a profile name (1 to 64 characters, no backslash, "
                    L"no leading or trailing space)", wname);
        goto done;
    }
    if ((hr = profstore_create(wname, (flags & MAPI_APP_PROFILE) != 0))) {
        if (hr == MAPI_E_NO_ACCESS) lasterr_set(&pa->err, hr, L"a profile named \"%ls\" already exists", wname);
        goto done;
    }
    if (flags & MAPI_DEFAULT_SERVICES) {
        if (!(hr = adminprof_open(wname, &prof))) {
            hr = admin_default_services(prof, (flags & MAPI_DIALOG) ? ui : 0,
                                        (flags & MAPI_DIALOG) ? SERVICE_UI_ALLOWED : 0, &pa->err);
            adminprof_release(prof);
        }
        /* A profile without the services asked for is no use: take it away. */
        if (hr) profstore_delete(wname);
    }
done:
    TRACE("(%ls, %#lx) -> %#lx", wname, flags, hr);
    tstr_free(wname);
    return hr;
}

static HRESULT WINAPI profadmin_DeleteProfile(IProfAdmin *iface, LPTSTR name, ULONG flags)
{
    struct profadmin *pa = impl_from_IProfAdmin(iface);
    struct admin_profile *prof;
    WCHAR *wname;
    HRESULT hr;

    if (!name) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_APP_PROFILE | MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
    if (!(wname = tstr_to_w(name, flags))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!(hr = open_checked(pa, wname, flags, &prof))) {
        profstore_lock();
        if (profstore_in_use(prof->key)) {
            /* A session uses it: gone from view now, deleted by the last session. */
            hr = profstore_mark_deleted(prof->key);
            profstore_unlock();
            adminprof_release(prof);
        } else {
            profstore_unlock();
            /* Each service says goodbye first (MSG_SERVICE_DELETE). */
            admin_delete_all_services(prof, &pa->err);
            adminprof_release(prof);
            hr = profstore_delete(wname);
        }
    }
    TRACE("(%ls, %#lx) -> %#lx", wname, flags, hr);
    tstr_free(wname);
    return hr;
}

static HRESULT WINAPI profadmin_ChangeProfilePassword(IProfAdmin *iface, LPTSTR name, LPTSTR old, LPTSTR new_pw,
                                                      ULONG flags)
{
    /* Deprecated: profiles have no passwords (iprofadmin-changeprofilepassword.md). */
    return S_OK;
}

static HRESULT copy_or_rename(struct profadmin *pa, LPTSTR from, LPTSTR to, ULONG flags, BOOL rename)
{
    struct admin_profile *prof;
    WCHAR *wfrom, *wto;
    HRESULT hr;

    if (!from || !to) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_APP_PROFILE | MAPI_DIALOG | MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
    wfrom = tstr_to_w(from, flags);
    wto = tstr_to_w(to, flags);
    if (!wfrom || !wto) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else if (!(hr = open_checked(pa, wfrom, flags, &prof))) {
        adminprof_release(prof);
        if ((hr = profstore_check_name(wto)))
            lasterr_set(&pa->err, hr, L"\"%ls\" cannot be a profile name", wto);
        else if ((hr = rename ? profstore_rename(wfrom, wto) : profstore_copy(wfrom, wto)) == MAPI_E_NO_ACCESS)
            lasterr_set(&pa->err, hr, L"a profile named \"%ls\" already exists", wto);
    }
    TRACE("(%ls -> %ls, %#lx) -> %#lx", wfrom, wto, flags, hr);
    tstr_free(wfrom);
    tstr_free(wto);
    return hr;
}

static HRESULT WINAPI profadmin_CopyProfile(IProfAdmin *iface, LPTSTR from, LPTSTR password, LPTSTR to,
                                            ULONG_PTR ui, ULONG flags)
{
    return copy_or_rename(impl_from_IProfAdmin(iface), from, to, flags, FALSE);
}

static HRESULT WINAPI profadmin_RenameProfile(IProfAdmin *iface, LPTSTR from, LPTSTR password, LPTSTR to,
                                              ULONG_PTR ui, ULONG flags)
{
    return copy_or_rename(impl_from_IProfAdmin(iface), from, to, flags, TRUE);
}

static HRESULT WINAPI profadmin_SetDefaultProfile(IProfAdmin *iface, LPTSTR name, ULONG flags)
{
    struct profadmin *pa = impl_from_IProfAdmin(iface);
    struct admin_profile *prof;
    WCHAR *wname;
    HRESULT hr;

    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (!name) return profstore_set_default(NULL);
    if (!(wname = tstr_to_w(name, flags))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if ((hr = adminprof_open(wname, &prof)) == MAPI_E_NOT_FOUND)
        lasterr_set(&pa->err, hr, L"there is no profile named \"%ls\"", wname);
    else if (!hr) {
        if (profstore_is_app(prof->key)) {
            lasterr_set(&pa->err, E_FAIL, L"\"%ls\" is an application profile and cannot be the default", wname);
            hr = E_FAIL;
        } else hr = profstore_set_default(wname);
        adminprof_release(prof);
    }
    TRACE("(%ls) -> %#lx", wname, hr);
    tstr_free(wname);
    return hr;
}

static HRESULT WINAPI profadmin_AdminServices(IProfAdmin *iface, LPTSTR name, LPTSTR password, ULONG_PTR ui,
                                              ULONG flags, LPSERVICEADMIN *out)
{
    struct profadmin *pa = impl_from_IProfAdmin(iface);
    struct admin_profile *prof;
    WCHAR *wname;
    HRESULT hr;

    if (!name || !out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_DIALOG | MAPI_UNICODE | MAPI_APP_PROFILE)) return MAPI_E_UNKNOWN_FLAGS;
    if (!(wname = tstr_to_w(name, flags))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if ((hr = adminprof_open(wname, &prof)) == MAPI_E_NOT_FOUND) {
        /* Documented: an unknown profile is a failed logon here. */
        hr = MAPI_E_LOGON_FAILED;
        lasterr_set(&pa->err, hr, L"there is no profile named \"%ls\"", wname);
    } else if (!hr) {
        hr = svcadmin_create(prof, out);
        adminprof_release(prof);
    }
    TRACE("(%ls, %#lx) -> %#lx", wname, flags, hr);
    tstr_free(wname);
    return hr;
}

static const IProfAdminVtbl profadmin_vtbl =
{
    profadmin_QueryInterface,
    profadmin_AddRef,
    profadmin_Release,
    profadmin_GetLastError,
    profadmin_GetProfileTable,
    profadmin_CreateProfile,
    profadmin_DeleteProfile,
    profadmin_ChangeProfilePassword,
    profadmin_CopyProfile,
    profadmin_RenameProfile,
    profadmin_SetDefaultProfile,
    profadmin_AdminServices,
};

/* MAPIAdminProfiles (mapiadminprofiles.md): a new IProfAdmin; MAPI must be
 * initialised. */
HRESULT WINAPI MAPIAdminProfiles(ULONG flags, LPPROFADMIN *out)
{
    struct profadmin *pa;

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (!freemapi_is_initialized()) return MAPI_E_NOT_INITIALIZED;
    if (!(pa = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*pa)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    pa->IProfAdmin_iface.lpVtbl = (void *)&profadmin_vtbl;
    pa->refcount = 1;
    lasterr_init(&pa->err);
    *out = &pa->IProfAdmin_iface;
    TRACE("(%#lx) -> %p", flags, *out);
    return S_OK;
}
