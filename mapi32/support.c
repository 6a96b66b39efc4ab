/*
 * IMAPISupport (mapi-spec.md 5.3, imapisupportiunknown.md).  MAPI makes one
 * per provider logon, tailored to the provider type; a method that does not
 * apply to the type returns MAPI_E_NO_SUPPORT.  This file has the object
 * and the message-service kind that service entry points get
 * (msgserviceentry.md: DoConfigPropsheet, GetLastError, GetMemAllocRoutines,
 * GetSvcConfigSupportObj, MakeInvalid, NewUID, OpenProfileSection).
 */
#include "mapi32_private.h"
#include "admin.h"

#include <mapiguid.h>
#include <mapiutil.h>

struct support {
    IMAPISupport IMAPISupport_iface;
    LONG refcount;
    struct admin_profile *prof;
    MAPIUID own;                /* the section OpenProfileSection(NULL) opens */
    struct last_error err;
};

static inline struct support *impl_from_IMAPISupport(IMAPISupport *iface)
{
    return CONTAINING_RECORD(iface, struct support, IMAPISupport_iface);
}

static HRESULT WINAPI sup_QueryInterface(IMAPISupport *iface, REFIID riid, void **out)
{
    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (riid && (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPISup))) {
        *out = iface;
        IMAPISupport_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return riid ? MAPI_E_INTERFACE_NOT_SUPPORTED : MAPI_E_INVALID_PARAMETER;
}

static ULONG WINAPI sup_AddRef(IMAPISupport *iface)
{
    return InterlockedIncrement(&impl_from_IMAPISupport(iface)->refcount);
}

static ULONG WINAPI sup_Release(IMAPISupport *iface)
{
    struct support *sup = impl_from_IMAPISupport(iface);
    ULONG ref = InterlockedDecrement(&sup->refcount);

    if (!ref) {
        adminprof_release(sup->prof);
        HeapFree(GetProcessHeap(), 0, sup);
    }
    return ref;
}

static HRESULT WINAPI sup_GetLastError(IMAPISupport *iface, HRESULT hr, ULONG flags, LPMAPIERROR *out)
{
    return lasterr_get(&impl_from_IMAPISupport(iface)->err, hr, flags, out);
}

static HRESULT WINAPI sup_GetMemAllocRoutines(IMAPISupport *iface, LPALLOCATEBUFFER *alloc,
                                              LPALLOCATEMORE *more, LPFREEBUFFER *free)
{
    if (!alloc || !more || !free) return MAPI_E_INVALID_PARAMETER;
    *alloc = MAPIAllocateBuffer;
    *more = MAPIAllocateMore;
    *free = MAPIFreeBuffer;
    return S_OK;
}

static HRESULT WINAPI sup_Subscribe(IMAPISupport *iface, LPNOTIFKEY key, ULONG mask, ULONG flags,
                                    LPMAPIADVISESINK sink, ULONG_PTR *conn)
{
    return MAPI_E_NO_SUPPORT;   /* not for a message service (msgserviceentry.md) */
}

static HRESULT WINAPI sup_Unsubscribe(IMAPISupport *iface, ULONG_PTR conn)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_Notify(IMAPISupport *iface, LPNOTIFKEY key, ULONG count, LPNOTIFICATION notifs,
                                 ULONG *flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_ModifyStatusRow(IMAPISupport *iface, ULONG count, LPSPropValue vals, ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_OpenProfileSection(IMAPISupport *iface, LPMAPIUID uid, ULONG flags, LPPROFSECT *out)
{
    struct support *sup = impl_from_IMAPISupport(iface);
    HRESULT hr;

    if (!out) return MAPI_E_INVALID_PARAMETER;
    /* NULL: the caller's own section. */
    hr = admin_open_section(sup->prof, uid ? uid : &sup->own, NULL, flags, ADMIN_SERVICE, out);
    if (hr) lasterr_set(&sup->err, hr, L"cannot open the profile section of \"%ls\"", sup->prof->name);
    return hr;
}

static HRESULT WINAPI sup_RegisterPreprocessor(IMAPISupport *iface, LPMAPIUID muid, LPTSTR adrtype, LPTSTR dll,
                                               LPSTR preprocess, LPSTR remove, ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_NewUID(IMAPISupport *iface, LPMAPIUID uid)
{
    if (!uid) return MAPI_E_INVALID_PARAMETER;
    return ScGenerateMuid(uid);
}

static HRESULT WINAPI sup_MakeInvalid(IMAPISupport *iface, ULONG flags, LPVOID obj, ULONG refs, ULONG methods)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_SpoolerYield(IMAPISupport *iface, ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_SpoolerNotify(IMAPISupport *iface, ULONG flags, LPVOID data)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_CreateOneOff(IMAPISupport *iface, LPTSTR name, LPTSTR type, LPTSTR addr, ULONG flags,
                                       ULONG *cb, LPENTRYID *eid)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_SetProviderUID(IMAPISupport *iface, LPMAPIUID uid, ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_CompareEntryIDs(IMAPISupport *iface, ULONG cb1, LPENTRYID e1, ULONG cb2, LPENTRYID e2,
                                          ULONG flags, ULONG *result)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_OpenTemplateID(IMAPISupport *iface, ULONG cb, LPENTRYID tpl, ULONG tflags,
                                         LPMAPIPROP data, LPCIID iid, LPMAPIPROP *out, LPMAPIPROP sibling)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_OpenEntry(IMAPISupport *iface, ULONG cb, LPENTRYID eid, LPCIID iid, ULONG flags,
                                    ULONG *type, LPUNKNOWN *out)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_GetOneOffTable(IMAPISupport *iface, ULONG flags, LPMAPITABLE *table)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_Address(IMAPISupport *iface, ULONG_PTR *ui, LPADRPARM parms, LPADRLIST *list)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_Details(IMAPISupport *iface, ULONG_PTR *ui, LPFNDISMISS dismiss, LPVOID ctx, ULONG cb,
                                  LPENTRYID eid, LPFNBUTTON button, LPVOID bctx, LPTSTR text, ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_NewEntry(IMAPISupport *iface, ULONG_PTR ui, ULONG flags, ULONG cbc, LPENTRYID cont,
                                   ULONG cbt, LPENTRYID tpl, ULONG *cbn, LPENTRYID *neid)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_DoConfigPropsheet(IMAPISupport *iface, ULONG_PTR ui, ULONG flags, LPTSTR title,
                                            LPMAPITABLE display, LPMAPIPROP data, ULONG page)
{
    /* A property sheet is UI; FreeMAPI has none. */
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_CopyMessages(IMAPISupport *iface, LPCIID siid, LPVOID src, LPENTRYLIST list,
                                       LPCIID diid, LPVOID dst, ULONG_PTR ui, LPMAPIPROGRESS prog, ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_CopyFolder(IMAPISupport *iface, LPCIID siid, LPVOID src, ULONG cb, LPENTRYID eid,
                                     LPCIID diid, LPVOID dst, LPTSTR name, ULONG_PTR ui, LPMAPIPROGRESS prog,
                                     ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_DoCopyTo(IMAPISupport *iface, LPCIID siid, LPVOID src, ULONG ciid, LPCIID excl,
                                   LPSPropTagArray exclprops, ULONG_PTR ui, LPMAPIPROGRESS prog, LPCIID diid,
                                   LPVOID dst, ULONG flags, LPSPropProblemArray *probs)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_DoCopyProps(IMAPISupport *iface, LPCIID siid, LPVOID src, LPSPropTagArray incl,
                                      ULONG_PTR ui, LPMAPIPROGRESS prog, LPCIID diid, LPVOID dst, ULONG flags,
                                      LPSPropProblemArray *probs)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_DoProgressDialog(IMAPISupport *iface, ULONG_PTR ui, ULONG flags, LPMAPIPROGRESS *prog)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_ReadReceipt(IMAPISupport *iface, ULONG flags, LPMESSAGE msg, LPMESSAGE *empty)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_PrepareSubmit(IMAPISupport *iface, LPMESSAGE msg, ULONG *flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_ExpandRecips(IMAPISupport *iface, LPMESSAGE msg, ULONG *flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_UpdatePAB(IMAPISupport *iface, ULONG flags, LPMESSAGE msg)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_DoSentMail(IMAPISupport *iface, ULONG flags, LPMESSAGE msg)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_OpenAddressBook(IMAPISupport *iface, LPCIID iid, ULONG flags, LPADRBOOK *ab)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_Preprocess(IMAPISupport *iface, ULONG flags, ULONG cb, LPENTRYID eid)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_CompleteMsg(IMAPISupport *iface, ULONG flags, ULONG cb, LPENTRYID eid)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_StoreLogoffTransports(IMAPISupport *iface, ULONG *flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_StatusRecips(IMAPISupport *iface, LPMESSAGE msg, LPADRLIST list)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_WrapStoreEntryID(IMAPISupport *iface, ULONG cb, LPENTRYID eid, ULONG *cbw, LPENTRYID *w)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_ModifyProfile(IMAPISupport *iface, ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_IStorageFromStream(IMAPISupport *iface, LPUNKNOWN in, LPCIID iid, ULONG flags,
                                             LPSTORAGE *out)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_GetSvcConfigSupportObj(IMAPISupport *iface, ULONG flags, LPMAPISUP *out)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    return support_create_config(sup->prof, &sup->own, out);
}

static const IMAPISupportVtbl support_config_vtbl =
{
    sup_QueryInterface,
    sup_AddRef,
    sup_Release,
    sup_GetLastError,
    sup_GetMemAllocRoutines,
    sup_Subscribe,
    sup_Unsubscribe,
    sup_Notify,
    sup_ModifyStatusRow,
    sup_OpenProfileSection,
    sup_RegisterPreprocessor,
    sup_NewUID,
    sup_MakeInvalid,
    sup_SpoolerYield,
    sup_SpoolerNotify,
    sup_CreateOneOff,
    sup_SetProviderUID,
    sup_CompareEntryIDs,
    sup_OpenTemplateID,
    sup_OpenEntry,
    sup_GetOneOffTable,
    sup_Address,
    sup_Details,
    sup_NewEntry,
    sup_DoConfigPropsheet,
    sup_CopyMessages,
    sup_CopyFolder,
    sup_DoCopyTo,
    sup_DoCopyProps,
    sup_DoProgressDialog,
    sup_ReadReceipt,
    sup_PrepareSubmit,
    sup_ExpandRecips,
    sup_UpdatePAB,
    sup_DoSentMail,
    sup_OpenAddressBook,
    sup_Preprocess,
    sup_CompleteMsg,
    sup_StoreLogoffTransports,
    sup_StatusRecips,
    sup_WrapStoreEntryID,
    sup_ModifyProfile,
    sup_IStorageFromStream,
    sup_GetSvcConfigSupportObj,
};

HRESULT support_create_config(struct admin_profile *prof, const MAPIUID *svc, IMAPISupport **out)
{
    struct support *sup;

    if (!(sup = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*sup)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    sup->IMAPISupport_iface.lpVtbl = (void *)&support_config_vtbl;
    sup->refcount = 1;
    adminprof_addref(prof);
    sup->prof = prof;
    sup->own = *svc;
    lasterr_init(&sup->err);
    *out = &sup->IMAPISupport_iface;
    return S_OK;
}
