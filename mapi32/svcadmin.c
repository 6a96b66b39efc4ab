/*
 * IMsgServiceAdmin and IMsgServiceAdmin2 (one object, mapi-spec.md 6.3,
 * imsgserviceadminiunknown.md): the services of one profile.
 */
#include <string.h>

#include "mapi32_private.h"
#include "admin.h"

#include <mapiaux.h>
#include <mapiguid.h>
#include <mapiutil.h>

struct svcadmin {
    IMsgServiceAdmin2 IMsgServiceAdmin2_iface;
    LONG refcount;
    struct admin_profile *prof;
    struct last_error err;
};

static const IMsgServiceAdmin2Vtbl svcadmin_vtbl;

static inline struct svcadmin *impl_from_IMsgServiceAdmin2(IMsgServiceAdmin2 *iface)
{
    return CONTAINING_RECORD(iface, struct svcadmin, IMsgServiceAdmin2_iface);
}

static BOOL bad_uid(const MAPIUID *uid)
{
    return !uid || IsBadReadPtr(uid, sizeof(*uid));
}

static HRESULT WINAPI svcadmin_QueryInterface(IMsgServiceAdmin2 *iface, REFIID riid, void **out)
{
    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (riid && (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMsgServiceAdmin) ||
                 IsEqualIID(riid, &IID_IMsgServiceAdmin2))) {
        *out = iface;
        IMsgServiceAdmin2_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return riid ? MAPI_E_INTERFACE_NOT_SUPPORTED : MAPI_E_INVALID_PARAMETER;
}

static ULONG WINAPI svcadmin_AddRef(IMsgServiceAdmin2 *iface)
{
    return InterlockedIncrement(&impl_from_IMsgServiceAdmin2(iface)->refcount);
}

static ULONG WINAPI svcadmin_Release(IMsgServiceAdmin2 *iface)
{
    struct svcadmin *sa = impl_from_IMsgServiceAdmin2(iface);
    ULONG ref = InterlockedDecrement(&sa->refcount);

    if (!ref) {
        adminprof_release(sa->prof);
        HeapFree(GetProcessHeap(), 0, sa);
    }
    return ref;
}

static HRESULT WINAPI svcadmin_GetLastError(IMsgServiceAdmin2 *iface, HRESULT hr, ULONG flags, LPMAPIERROR *out)
{
    return lasterr_get(&impl_from_IMsgServiceAdmin2(iface)->err, hr, flags, out);
}

static HRESULT WINAPI svcadmin_GetMsgServiceTable(IMsgServiceAdmin2 *iface, ULONG flags, LPMAPITABLE *table)
{
    struct svcadmin *sa = impl_from_IMsgServiceAdmin2(iface);
    HRESULT hr;

    if (!table) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    hr = admin_service_table(sa->prof, flags, table);
    TRACE("(%p, %#lx) -> %#lx", iface, flags, hr);
    return hr;
}

#define CREATE_FLAGS (MAPI_UNICODE | SERVICE_UI_ALLOWED | SERVICE_UI_ALWAYS | SERVICE_NO_RESTART_WARNING)

static HRESULT create_service(struct svcadmin *sa, LPTSTR service, LPTSTR display, ULONG_PTR ui, ULONG flags,
                              MAPIUID *uid)
{
    WCHAR *wservice, *wdisplay;
    HRESULT hr;

    if (!service) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~CREATE_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
    wservice = tstr_to_w(service, flags);
    wdisplay = tstr_to_w(display, flags);
    if (!wservice || (display && !wdisplay)) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else hr = admin_create_service(sa->prof, wservice, wdisplay, ui, flags, uid, &sa->err);
    TRACE("(%ls, %ls, %#lx) -> %#lx", wservice, wdisplay, flags, hr);
    tstr_free(wservice);
    tstr_free(wdisplay);
    return hr;
}

static HRESULT WINAPI svcadmin_CreateMsgService(IMsgServiceAdmin2 *iface, LPTSTR service, LPTSTR display,
                                                ULONG_PTR ui, ULONG flags)
{
    return create_service(impl_from_IMsgServiceAdmin2(iface), service, display, ui, flags, NULL);
}

static HRESULT WINAPI svcadmin_CreateMsgServiceEx(IMsgServiceAdmin2 *iface, LPTSTR service, LPTSTR display,
                                                  ULONG_PTR ui, ULONG flags, LPMAPIUID uid)
{
    return create_service(impl_from_IMsgServiceAdmin2(iface), service, display, ui, flags, uid);
}

static HRESULT WINAPI svcadmin_DeleteMsgService(IMsgServiceAdmin2 *iface, LPMAPIUID uid)
{
    struct svcadmin *sa = impl_from_IMsgServiceAdmin2(iface);

    if (bad_uid(uid)) return MAPI_E_INVALID_PARAMETER;
    return admin_delete_service(sa->prof, uid, &sa->err);
}

/* The profile CopyMsgService copies into (AddRef'ed): that of one of our
 * IMsgServiceAdmin objects, or of a session (lpInterfaceDst NULL or
 * IID_IMAPISession), reached through its AdminServices. */
static struct admin_profile *dest_profile(LPCIID iid, void *obj)
{
    IMsgServiceAdmin2 *sa = obj;
    struct admin_profile *prof = NULL;

    if (!obj || IsBadReadPtr(obj, sizeof(void *))) return NULL;
    if (iid && !IsEqualIID(iid, &IID_IMsgServiceAdmin) && !IsEqualIID(iid, &IID_IMsgServiceAdmin2) &&
        !IsEqualIID(iid, &IID_IMAPISession))
        return NULL;
    if (sa->lpVtbl == &svcadmin_vtbl) {
        prof = impl_from_IMsgServiceAdmin2(sa)->prof;
        adminprof_addref(prof);
    } else if (!iid || IsEqualIID(iid, &IID_IMAPISession)) {
        IMAPISession *session = obj;
        IMsgServiceAdmin *other = NULL;
        if (SUCCEEDED(session->lpVtbl->AdminServices(session, 0, &other)) && other) {
            if (((IMsgServiceAdmin2 *)other)->lpVtbl == &svcadmin_vtbl) {
                prof = impl_from_IMsgServiceAdmin2((IMsgServiceAdmin2 *)other)->prof;
                adminprof_addref(prof);
            }
            other->lpVtbl->Release(other);
        }
    }
    return prof;
}

static HRESULT WINAPI svcadmin_CopyMsgService(IMsgServiceAdmin2 *iface, LPMAPIUID uid, LPTSTR display,
                                              LPCIID iid_copy, LPCIID iid_dst, LPVOID obj_dst, ULONG_PTR ui,
                                              ULONG flags)
{
    struct svcadmin *sa = impl_from_IMsgServiceAdmin2(iface);
    struct admin_profile *dest;
    HRESULT hr;

    if (bad_uid(uid) || !obj_dst) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(SERVICE_UI_ALWAYS | SERVICE_UI_ALLOWED | MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
    if (!(dest = dest_profile(iid_dst, obj_dst))) {
        lasterr_set(&sa->err, MAPI_E_INTERFACE_NOT_SUPPORTED,
                    L"the destination must be a session or an IMsgServiceAdmin of this MAPI subsystem");
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    }
    hr = admin_copy_service(sa->prof, uid, dest, ui, flags, &sa->err);
    adminprof_release(dest);
    return hr;
}

static HRESULT WINAPI svcadmin_RenameMsgService(IMsgServiceAdmin2 *iface, LPMAPIUID uid, ULONG flags,
                                                LPTSTR display)
{
    struct svcadmin *sa = impl_from_IMsgServiceAdmin2(iface);
    SPropValue v;
    WCHAR *name;
    HKEY sect;
    HRESULT hr;

    if (bad_uid(uid) || !display) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (!admin_service_exists(sa->prof, uid)) return MAPI_E_NOT_FOUND;
    if (!(name = tstr_to_w(display, flags))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!(hr = profstore_open_section(sa->prof->key, uid, TRUE, FALSE, &sect))) {
        v.ulPropTag = PR_DISPLAY_NAME_W;
        v.dwAlignPad = 0;
        v.Value.lpszW = name;
        hr = profstore_set_one(sect, &v);
        RegCloseKey(sect);
    }
    tstr_free(name);
    return hr;
}

static HRESULT WINAPI svcadmin_ConfigureMsgService(IMsgServiceAdmin2 *iface, LPMAPIUID uid, ULONG_PTR ui,
                                                   ULONG flags, ULONG count, LPSPropValue props)
{
    struct svcadmin *sa = impl_from_IMsgServiceAdmin2(iface);
    HRESULT hr;

    if (bad_uid(uid) || (count && (!props || IsBadReadPtr(props, count * sizeof(SPropValue)))))
        return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_UNICODE | MSG_SERVICE_UI_READ_ONLY | SERVICE_UI_ALLOWED | SERVICE_UI_ALWAYS |
                  UI_CURRENT_PROVIDER_FIRST | SERVICE_LOGON_FAILED))
        return MAPI_E_UNKNOWN_FLAGS;
    hr = admin_configure_service(sa->prof, uid, ui, flags, count, props, &sa->err);
    TRACE("(%p, %#lx, %lu props) -> %#lx", iface, flags, count, hr);
    return hr;
}

static HRESULT WINAPI svcadmin_OpenProfileSection(IMsgServiceAdmin2 *iface, LPMAPIUID uid, LPCIID iid,
                                                  ULONG flags, LPPROFSECT *out)
{
    struct svcadmin *sa = impl_from_IMsgServiceAdmin2(iface);
    HRESULT hr;

    if (bad_uid(uid) || !out) return MAPI_E_INVALID_PARAMETER;
    hr = admin_open_section(sa->prof, uid, iid, flags, ADMIN_CLIENT, out);
    if (hr == MAPI_E_NO_ACCESS)
        lasterr_set(&sa->err, hr, L"that section belongs to a provider: open it with MAPI_FORCE_ACCESS");
    return hr;
}

static HRESULT WINAPI svcadmin_MsgServiceTransportOrder(IMsgServiceAdmin2 *iface, ULONG count, LPMAPIUID uids,
                                                        ULONG flags)
{
    struct svcadmin *sa = impl_from_IMsgServiceAdmin2(iface);

    if (count && (!uids || IsBadReadPtr(uids, count * sizeof(MAPIUID)))) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    return admin_transport_order(sa->prof, count, uids, &sa->err);
}

static HRESULT WINAPI svcadmin_AdminProviders(IMsgServiceAdmin2 *iface, LPMAPIUID uid, ULONG flags,
                                              LPPROVIDERADMIN *out)
{
    struct svcadmin *sa = impl_from_IMsgServiceAdmin2(iface);

    if (bad_uid(uid) || !out) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    *out = NULL;
    if (!admin_service_exists(sa->prof, uid)) {
        lasterr_set(&sa->err, MAPI_E_NOT_FOUND, L"the profile \"%ls\" has no such service", sa->prof->name);
        return MAPI_E_NOT_FOUND;
    }
    return provadmin_create(sa->prof, uid, FALSE, out);
}

static HRESULT WINAPI svcadmin_SetPrimaryIdentity(IMsgServiceAdmin2 *iface, LPMAPIUID uid, ULONG flags)
{
    struct svcadmin *sa = impl_from_IMsgServiceAdmin2(iface);

    if (bad_uid(uid)) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    return admin_set_primary_identity(sa->prof, uid, &sa->err);
}

static HRESULT WINAPI svcadmin_GetProviderTable(IMsgServiceAdmin2 *iface, ULONG flags, LPMAPITABLE *table)
{
    struct svcadmin *sa = impl_from_IMsgServiceAdmin2(iface);

    if (!table) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    return admin_provider_table(sa->prof, NULL, flags, table);
}

static const IMsgServiceAdmin2Vtbl svcadmin_vtbl =
{
    svcadmin_QueryInterface,
    svcadmin_AddRef,
    svcadmin_Release,
    svcadmin_GetLastError,
    svcadmin_GetMsgServiceTable,
    svcadmin_CreateMsgService,
    svcadmin_DeleteMsgService,
    svcadmin_CopyMsgService,
    svcadmin_RenameMsgService,
    svcadmin_ConfigureMsgService,
    svcadmin_OpenProfileSection,
    svcadmin_MsgServiceTransportOrder,
    svcadmin_AdminProviders,
    svcadmin_SetPrimaryIdentity,
    svcadmin_GetProviderTable,
    svcadmin_CreateMsgServiceEx,
};

HRESULT svcadmin_create(struct admin_profile *prof, IMsgServiceAdmin **out)
{
    struct svcadmin *sa;

    if (!(sa = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*sa)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    sa->IMsgServiceAdmin2_iface.lpVtbl = (void *)&svcadmin_vtbl;
    sa->refcount = 1;
    adminprof_addref(prof);
    sa->prof = prof;
    lasterr_init(&sa->err);
    *out = (IMsgServiceAdmin *)&sa->IMsgServiceAdmin2_iface;
    return S_OK;
}
