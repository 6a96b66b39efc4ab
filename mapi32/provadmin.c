/*
 * IProviderAdmin (mapi-spec.md 6.4, iprovideradminiunknown.md): the
 * providers of one message service.  Clients get it from AdminProviders;
 * the service's entry point gets one from MAPI, which may also open the
 * service's own section with a NULL UID and write provider sections.
 */
#include "mapi32_private.h"
#include "admin.h"

#include <mapiguid.h>
#include <mapiutil.h>

struct provadmin {
    IProviderAdmin IProviderAdmin_iface;
    LONG refcount;
    struct admin_profile *prof;
    MAPIUID svc;
    BOOL for_service;   /* handed to the service entry point */
    struct last_error err;
};

static inline struct provadmin *impl_from_IProviderAdmin(IProviderAdmin *iface)
{
    return CONTAINING_RECORD(iface, struct provadmin, IProviderAdmin_iface);
}

static HRESULT WINAPI provadmin_QueryInterface(IProviderAdmin *iface, REFIID riid, void **out)
{
    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (riid && (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IProviderAdmin))) {
        *out = iface;
        IProviderAdmin_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return riid ? MAPI_E_INTERFACE_NOT_SUPPORTED : MAPI_E_INVALID_PARAMETER;
}

static ULONG WINAPI provadmin_AddRef(IProviderAdmin *iface)
{
    return InterlockedIncrement(&impl_from_IProviderAdmin(iface)->refcount);
}

static ULONG WINAPI provadmin_Release(IProviderAdmin *iface)
{
    struct provadmin *pa = impl_from_IProviderAdmin(iface);
    ULONG ref = InterlockedDecrement(&pa->refcount);

    if (!ref) {
        adminprof_release(pa->prof);
        HeapFree(GetProcessHeap(), 0, pa);
    }
    return ref;
}

static HRESULT WINAPI provadmin_GetLastError(IProviderAdmin *iface, HRESULT hr, ULONG flags, LPMAPIERROR *out)
{
    return lasterr_get(&impl_from_IProviderAdmin(iface)->err, hr, flags, out);
}

static HRESULT WINAPI provadmin_GetProviderTable(IProviderAdmin *iface, ULONG flags, LPMAPITABLE *table)
{
    struct provadmin *pa = impl_from_IProviderAdmin(iface);

    if (!table) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    return admin_provider_table(pa->prof, &pa->svc, flags, table);
}

static HRESULT WINAPI provadmin_CreateProvider(IProviderAdmin *iface, LPTSTR name, ULONG count, LPSPropValue props,
                                               ULONG_PTR ui, ULONG flags, MAPIUID *uid)
{
    struct provadmin *pa = impl_from_IProviderAdmin(iface);
    MAPIUID made;
    WCHAR *wname;
    HRESULT hr;

    if (!name || !uid || (count && (!props || IsBadReadPtr(props, count * sizeof(SPropValue)))))
        return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_UNICODE | MAPI_DIALOG)) return MAPI_E_UNKNOWN_FLAGS;
    if (!(wname = tstr_to_w(name, flags))) return MAPI_E_NOT_ENOUGH_MEMORY;
    hr = admin_create_provider(pa->prof, &pa->svc, wname, count, props, ui, flags, &made, &pa->err);
    TRACE("(%ls, %lu props, %#lx) -> %#lx", wname, count, flags, hr);
    tstr_free(wname);
    if (!hr) *uid = made;
    return hr;
}

static HRESULT WINAPI provadmin_DeleteProvider(IProviderAdmin *iface, LPMAPIUID uid)
{
    struct provadmin *pa = impl_from_IProviderAdmin(iface);

    if (!uid || IsBadReadPtr(uid, sizeof(*uid))) return MAPI_E_INVALID_PARAMETER;
    return admin_delete_provider(pa->prof, &pa->svc, uid, &pa->err);
}

static HRESULT WINAPI provadmin_OpenProfileSection(IProviderAdmin *iface, LPMAPIUID uid, LPCIID iid, ULONG flags,
                                                   LPPROFSECT *out)
{
    struct provadmin *pa = impl_from_IProviderAdmin(iface);
    HRESULT hr;

    if (!out) return MAPI_E_INVALID_PARAMETER;
    /* NULL is the service's own section, for its entry point only. */
    if (!uid && !pa->for_service) return MAPI_E_INVALID_PARAMETER;
    if (uid && IsBadReadPtr(uid, sizeof(*uid))) return MAPI_E_INVALID_PARAMETER;
    hr = admin_open_section(pa->prof, uid ? uid : &pa->svc, iid, flags,
                            pa->for_service ? ADMIN_SERVICE_PROVADMIN : ADMIN_CLIENT_PROVADMIN, out);
    if (hr == MAPI_E_NO_ACCESS)
        lasterr_set(&pa->err, hr, L"the section is open elsewhere, or clients may not write provider sections");
    return hr;
}

static const IProviderAdminVtbl provadmin_vtbl =
{
    provadmin_QueryInterface,
    provadmin_AddRef,
    provadmin_Release,
    provadmin_GetLastError,
    provadmin_GetProviderTable,
    provadmin_CreateProvider,
    provadmin_DeleteProvider,
    provadmin_OpenProfileSection,
};

HRESULT provadmin_create(struct admin_profile *prof, const MAPIUID *svc, BOOL for_service, IProviderAdmin **out)
{
    struct provadmin *pa;

    if (!(pa = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*pa)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    pa->IProviderAdmin_iface.lpVtbl = (void *)&provadmin_vtbl;
    pa->refcount = 1;
    adminprof_addref(prof);
    pa->prof = prof;
    pa->svc = *svc;
    pa->for_service = for_service;
    lasterr_init(&pa->err);
    *out = &pa->IProviderAdmin_iface;
    return S_OK;
}
