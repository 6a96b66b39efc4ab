/*
 * IMAPISupport (mapi-spec.md 5.3, imapisupportiunknown.md).  MAPI makes one
 * per provider logon, tailored to the provider type, and one for each call
 * of a message service entry; a method that does not apply to the type
 * returns MAPI_E_NO_SUPPORT.  Which methods each kind has follows the docs'
 * lists (store, address book, transport, message service).  Of those, the
 * ones that need a UI (Address, Details, NewEntry, DoConfigPropsheet,
 * DoProgressDialog) or templates (OpenTemplateID) return MAPI_E_NO_SUPPORT;
 * the spooler's (PrepareSubmit, ExpandRecips, UpdatePAB, DoSentMail,
 * ReadReceipt, Preprocess, CompleteMsg, StatusRecips) do in-process what
 * can be done without a spooler (docs/sessions.md).
 */
#define COBJMACROS
#include <string.h>

#include "mapi32_private.h"
#include "addrbook.h"
#include "admin.h"
#include "notify.h"
#include "preprocessor.h"
#include "propcopy.h"
#include "session.h"
#include "support_private.h"

#include <mapiguid.h>
#include <mapiutil.h>

/* imapisupportiunknown.md and the pages of each method. */
#define COMMON (BIT(M_GetLastError) | BIT(M_GetMemAllocRoutines) | BIT(M_MakeInvalid) | BIT(M_NewUID) | \
                BIT(M_OpenProfileSection) | BIT(M_GetSvcConfigSupportObj) | BIT(M_DoConfigPropsheet))
#define PROVIDER_COMMON (COMMON | BIT(M_Subscribe) | BIT(M_Unsubscribe) | BIT(M_Notify) | BIT(M_ModifyStatusRow) | \
                BIT(M_CompareEntryIDs) | BIT(M_OpenEntry) | BIT(M_CreateOneOff) | BIT(M_OpenAddressBook) | \
                BIT(M_IStorageFromStream) | BIT(M_WrapStoreEntryID))
static const ULONGLONG available[4] = {
    /* message service */ COMMON,
    /* store */ PROVIDER_COMMON | BIT(M_SetProviderUID) | BIT(M_DoProgressDialog) | BIT(M_CompleteMsg) |
        BIT(M_CopyFolder) | BIT(M_CopyMessages) | BIT(M_DoCopyProps) | BIT(M_DoCopyTo) | BIT(M_DoSentMail) |
        BIT(M_ExpandRecips) | BIT(M_ModifyProfile) | BIT(M_PrepareSubmit) | BIT(M_ReadReceipt) |
        BIT(M_SpoolerNotify) | BIT(M_StoreLogoffTransports) | BIT(M_UpdatePAB) | BIT(M_Preprocess),
    /* address book */ PROVIDER_COMMON | BIT(M_SetProviderUID) | BIT(M_DoProgressDialog) | BIT(M_Address) |
        BIT(M_Details) | BIT(M_GetOneOffTable) | BIT(M_NewEntry) | BIT(M_OpenTemplateID),
    /* transport */ PROVIDER_COMMON | BIT(M_RegisterPreprocessor) | BIT(M_StatusRecips) | BIT(M_SpoolerNotify) |
        BIT(M_SpoolerYield),
};

BOOL support_has(const struct support *sup, enum method m)
{
    return (available[sup->kind] & BIT(m)) != 0;
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
    struct logon *lo = sup->logon;
    ULONG ref = InterlockedDecrement(&sup->refcount);

    if (!ref) {
        adminprof_release(sup->prof);
        HeapFree(GetProcessHeap(), 0, sup);
        if (lo) logon_release(lo);
    } else if (lo) {
        /* Last thing done here: it may end the logon and so free sup. */
        logon_support_released(lo, ref);
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

/* The notification engine (notify.c) serves Subscribe, Unsubscribe, Notify. */
static HRESULT WINAPI sup_Subscribe(IMAPISupport *iface, LPNOTIFKEY key, ULONG mask, ULONG flags,
                                    LPMAPIADVISESINK sink, ULONG_PTR *conn)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_Subscribe);
    if (!key || !sink || !conn || IsBadReadPtr(key, offsetof(NOTIFKEY, ab))) return MAPI_E_INVALID_PARAMETER;
    return notify_subscribe(key, mask, flags, sink, conn);
}

static HRESULT WINAPI sup_Unsubscribe(IMAPISupport *iface, ULONG_PTR conn)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_Unsubscribe);
    if (!conn) return MAPI_E_INVALID_PARAMETER;
    return notify_unsubscribe(conn);
}

static HRESULT WINAPI sup_Notify(IMAPISupport *iface, LPNOTIFKEY key, ULONG count, LPNOTIFICATION notifs,
                                 ULONG *flags)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_Notify);
    if (!key || (count && !notifs) || IsBadReadPtr(key, offsetof(NOTIFKEY, ab))) return MAPI_E_INVALID_PARAMETER;
    return notify_fire(key, count, notifs, flags);
}

static HRESULT WINAPI sup_ModifyStatusRow(IMAPISupport *iface, ULONG count, LPSPropValue vals, ULONG flags)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_ModifyStatusRow);
    return logon_modify_status_row(sup->logon, count, vals, flags);
}

static HRESULT WINAPI sup_OpenProfileSection(IMAPISupport *iface, LPMAPIUID uid, ULONG flags, LPPROFSECT *out)
{
    struct support *sup = impl_from_IMAPISupport(iface);
    HRESULT hr;

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    /* NULL: the caller's own section. */
    hr = admin_open_section(sup->prof, uid ? uid : &sup->own, NULL, flags, ADMIN_SERVICE, out);
    if (hr) lasterr_set(&sup->err, hr, L"cannot open the profile section of \"%ls\"", sup->prof->name);
    return hr;
}

static BOOL bad_string(const char *str)
{
    return IsBadStringPtrA(str, 0x10000) || !str[0];
}

/* imapisupport-registerpreprocessor.md: only the DLL name is required; the
 * MAPIUID, the address type and both function names may be NULL.  The
 * header's LPTSTR strings are ANSI: no flag says otherwise (ulFlags is
 * reserved).  Kept until the transport's logon ends (preprocessor.c). */
static HRESULT WINAPI sup_RegisterPreprocessor(IMAPISupport *iface, LPMAPIUID muid, LPTSTR adrtype, LPTSTR dll,
                                               LPSTR preprocess, LPSTR remove, ULONG flags)
{
    struct support *sup = impl_from_IMAPISupport(iface);
    HRESULT hr;

    NEED(M_RegisterPreprocessor);
    if ((muid && IsBadReadPtr(muid, sizeof(*muid))) || (adrtype && bad_string((const char *)adrtype)) ||
        !dll || bad_string((const char *)dll) || (preprocess && bad_string(preprocess)) ||
        (remove && bad_string(remove)))
        return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    hr = preproc_register(sup->logon, muid, (const char *)adrtype, (const char *)dll, preprocess, remove);
    if (hr) lasterr_set(&sup->err, hr, L"RegisterPreprocessor: the preprocessor was not registered");
    return hr;
}

static HRESULT WINAPI sup_NewUID(IMAPISupport *iface, LPMAPIUID uid)
{
    if (!uid) return MAPI_E_INVALID_PARAMETER;
    return ScGenerateMuid(uid);
}

/* ---- MakeInvalid (imapisupport-makeinvalid.md) ----
 * The object's vtable is replaced by one whose AddRef and Release work on a
 * count MAPI keeps in the object (just after the vtable pointer; the object
 * is at least 16 bytes) and whose other methods fail with
 * MAPI_E_INVALID_OBJECT; the last Release frees the object with
 * MAPIFreeBuffer.  (On x86 the failing methods pop only This: callers with a
 * frame pointer, as MAPI code has, are not hurt.) */

#define MAX_INVALID_METHODS 256

static HRESULT WINAPI invalid_QueryInterface(IUnknown *iface, REFIID riid, void **out)
{
    if (out) *out = NULL;
    return MAPI_E_INVALID_OBJECT;
}

static ULONG WINAPI invalid_AddRef(IUnknown *iface)
{
    return InterlockedIncrement((LONG *)((BYTE *)iface + sizeof(void *)));
}

static ULONG WINAPI invalid_Release(IUnknown *iface)
{
    ULONG ref = InterlockedDecrement((LONG *)((BYTE *)iface + sizeof(void *)));

    if (!ref) MAPIFreeBuffer(iface);
    return ref;
}

static HRESULT WINAPI invalid_method(IUnknown *iface)
{
    return MAPI_E_INVALID_OBJECT;
}

static void *invalid_vtbl[MAX_INVALID_METHODS];
static INIT_ONCE invalid_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK init_invalid_vtbl(INIT_ONCE *once, void *param, void **ctx)
{
    ULONG i;

    invalid_vtbl[0] = (void *)invalid_QueryInterface;
    invalid_vtbl[1] = (void *)invalid_AddRef;
    invalid_vtbl[2] = (void *)invalid_Release;
    for (i = 3; i < MAX_INVALID_METHODS; i++) invalid_vtbl[i] = (void *)invalid_method;
    return TRUE;
}

static HRESULT WINAPI sup_MakeInvalid(IMAPISupport *iface, ULONG flags, LPVOID obj, ULONG refs, ULONG methods)
{
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (!obj || methods < 3 || methods > MAX_INVALID_METHODS || IsBadWritePtr(obj, 16))
        return MAPI_E_INVALID_PARAMETER;
    InitOnceExecuteOnce(&invalid_once, init_invalid_vtbl, NULL, NULL);
    *(void ***)obj = invalid_vtbl;
    *(LONG *)((BYTE *)obj + sizeof(void *)) = (LONG)refs;
    return S_OK;
}

/* No spooler waits on a transport: it may go on at once. */
static HRESULT WINAPI sup_SpoolerYield(IMAPISupport *iface, ULONG flags)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_SpoolerYield);
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    return S_OK;
}

#define SPOOLER_NOTIFY_FLAGS (NOTIFY_NEWMAIL | NOTIFY_READYTOSEND | NOTIFY_SENTDEFERRED | NOTIFY_CRITSEC | \
                              NOTIFY_NONCRIT | NOTIFY_CONFIG_CHANGE | NOTIFY_CRITICAL_ERROR | NOTIFY_NEWMAIL_RECEIVED)

/* Heard and traced; the spooler that acts on it comes with sending. */
static HRESULT WINAPI sup_SpoolerNotify(IMAPISupport *iface, ULONG flags, LPVOID data)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_SpoolerNotify);
    if (flags & ~SPOOLER_NOTIFY_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
    TRACE("SpoolerNotify(%#lx, %p)", flags, data);
    return S_OK;
}

/* A one-off entry ID (imapisupport-createoneoff.md), made as
 * IAddrBook::CreateOneOff makes it (addrbook_one_off: 8-bit strings without
 * MAPI_UNICODE, as Windows does); the name may be NULL. */
static HRESULT WINAPI sup_CreateOneOff(IMAPISupport *iface, LPTSTR name, LPTSTR type, LPTSTR addr, ULONG flags,
                                       ULONG *cb, LPENTRYID *eid)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_CreateOneOff);
    if (!type || !addr || !cb || !eid) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_UNICODE | MAPI_SEND_NO_RICH_INFO)) return MAPI_E_UNKNOWN_FLAGS;
    return addrbook_one_off(name, type, addr, flags, cb, eid);
}

static HRESULT WINAPI sup_SetProviderUID(IMAPISupport *iface, LPMAPIUID uid, ULONG flags)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_SetProviderUID);
    if (!uid) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    return logon_set_provider_uid(sup->logon, uid);
}

/* One-off entry IDs are MAPI's own, registered by no provider: the session
 * routing would not know them (and would log every address book on looking
 * for their MAPIUID), so the address book opens and compares them, as
 * IAddrBook::OpenEntry and CompareEntryIDs do for clients. */
static HRESULT one_off_book(struct support *sup, IAddrBook **ab)
{
    if (logon_ended(sup->logon)) return MAPI_E_INVALID_OBJECT;
    return addrbook_create(logon_session(sup->logon), sup->prof, NULL, FALSE, ab);
}

static HRESULT WINAPI sup_CompareEntryIDs(IMAPISupport *iface, ULONG cb1, LPENTRYID e1, ULONG cb2, LPENTRYID e2,
                                          ULONG flags, ULONG *result)
{
    struct support *sup = impl_from_IMAPISupport(iface);
    IAddrBook *ab;
    HRESULT hr;

    NEED(M_CompareEntryIDs);
    if (!result || !e1 || !e2 || !cb1 || !cb2 || IsBadReadPtr(e1, cb1) || IsBadReadPtr(e2, cb2))
        return MAPI_E_INVALID_PARAMETER;
    if (addrbook_is_one_off(cb1, e1) && addrbook_is_one_off(cb2, e2)) {
        if (!(hr = one_off_book(sup, &ab))) {
            hr = IAddrBook_CompareEntryIDs(ab, cb1, e1, cb2, e2, flags, result);
            IAddrBook_Release(ab);
        }
        return hr;
    }
    return logon_compare_entryids(sup->logon, cb1, e1, cb2, e2, flags, result);
}

static HRESULT WINAPI sup_OpenTemplateID(IMAPISupport *iface, ULONG cb, LPENTRYID tpl, ULONG tflags,
                                         LPMAPIPROP data, LPCIID iid, LPMAPIPROP *out, LPMAPIPROP sibling)
{
    if (out) *out = NULL;
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_OpenEntry(IMAPISupport *iface, ULONG cb, LPENTRYID eid, LPCIID iid, ULONG flags,
                                    ULONG *type, LPUNKNOWN *out)
{
    struct support *sup = impl_from_IMAPISupport(iface);
    IAddrBook *ab;
    HRESULT hr;

    NEED(M_OpenEntry);
    if (!type || !out || !cb || !eid || IsBadReadPtr(eid, cb)) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (addrbook_is_one_off(cb, eid)) {
        if (!(hr = one_off_book(sup, &ab))) {
            hr = IAddrBook_OpenEntry(ab, cb, eid, iid, flags, type, out);
            IAddrBook_Release(ab);
        }
        return hr;
    }
    return logon_open_entry(sup->logon, cb, eid, iid, flags, type, out);
}

/* The one-off templates of the transports: none offer any yet. */
static HRESULT WINAPI sup_GetOneOffTable(IMAPISupport *iface, ULONG flags, LPMAPITABLE *table)
{
    static const SizedSPropTagArray(7, cols) = {7, {PR_DISPLAY_NAME_W, PR_ENTRYID, PR_DEPTH, PR_SELECTABLE,
        PR_ADDRTYPE_W, PR_DISPLAY_TYPE, PR_INSTANCE_KEY}};
    struct support *sup = impl_from_IMAPISupport(iface);
    ITableData *td;
    HRESULT hr;

    NEED(M_GetOneOffTable);
    if (!table) return MAPI_E_INVALID_PARAMETER;
    *table = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                          TBLTYPE_SNAPSHOT, PR_INSTANCE_KEY, (SPropTagArray *)&cols, &td)))
        return hr;
    hr = ITableData_HrGetView(td, NULL, NULL, 0, table);
    ITableData_Release(td);
    return hr;
}

/* UI: FreeMAPI shows none. */
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
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI sup_DoProgressDialog(IMAPISupport *iface, ULONG_PTR ui, ULONG flags, LPMAPIPROGRESS *prog)
{
    if (prog) *prog = NULL;
    return MAPI_E_NO_SUPPORT;
}

/* The session's IAddrBook (addrbook.c). */
static HRESULT WINAPI sup_OpenAddressBook(IMAPISupport *iface, LPCIID iid, ULONG flags, LPADRBOOK *ab)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_OpenAddressBook);
    if (!ab) return MAPI_E_INVALID_PARAMETER;
    *ab = NULL;
    if (logon_ended(sup->logon)) return MAPI_E_INVALID_OBJECT;
    return addrbook_create(logon_session(sup->logon), sup->prof, iid, FALSE, ab);
}

/* storeeid.c has the layout; the DLL name is the profile's, as it is. */
static HRESULT WINAPI sup_WrapStoreEntryID(IMAPISupport *iface, ULONG cb, LPENTRYID eid, ULONG *cbw, LPENTRYID *w)
{
    struct support *sup = impl_from_IMAPISupport(iface);
    char dll[MAX_PATH];

    NEED(M_WrapStoreEntryID);
    if (!cbw || !w || (cb && !eid) || (cb && IsBadReadPtr(eid, cb))) return MAPI_E_INVALID_PARAMETER;
    *w = NULL;
    if (!WideCharToMultiByte(CP_ACP, 0, logon_dll(sup->logon), -1, dll, sizeof(dll), NULL, NULL) || !dll[0])
        return MAPI_E_NOT_FOUND;
    return storeeid_wrap(dll, cb, eid, cbw, w);
}

static HRESULT WINAPI sup_ModifyProfile(IMAPISupport *iface, ULONG flags)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_ModifyProfile);
    return logon_modify_profile(sup->logon, flags);
}

static HRESULT WINAPI sup_IStorageFromStream(IMAPISupport *iface, LPUNKNOWN in, LPCIID iid, ULONG flags,
                                             LPSTORAGE *out)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_IStorageFromStream);
    return HrIStorageFromStream(in, iid, flags, out);
}

static HRESULT WINAPI sup_GetSvcConfigSupportObj(IMAPISupport *iface, ULONG flags, LPMAPISUP *out)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    return support_create_config(sup->prof, &sup->service, out);
}

static const IMAPISupportVtbl support_vtbl =
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

static struct support *support_new(enum support_kind kind, struct admin_profile *prof)
{
    struct support *sup;

    if (!(sup = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*sup)))) return NULL;
    sup->IMAPISupport_iface.lpVtbl = (IMAPISupportVtbl *)&support_vtbl;
    sup->refcount = 1;
    sup->kind = kind;
    adminprof_addref(prof);
    sup->prof = prof;
    lasterr_init(&sup->err);
    return sup;
}

/* The kind a service entry gets (msgserviceentry.md): own section = the service's. */
HRESULT support_create_config(struct admin_profile *prof, const MAPIUID *svc, IMAPISupport **out)
{
    struct support *sup;

    if (!(sup = support_new(SUPPORT_CONFIG, prof))) return MAPI_E_NOT_ENOUGH_MEMORY;
    sup->own = *svc;
    sup->service = *svc;
    *out = &sup->IMAPISupport_iface;
    return S_OK;
}

/* The kind a provider logon gets: own section = the provider's. */
HRESULT support_create_logon(struct logon *lo, IMAPISupport **out)
{
    static const enum support_kind kinds[3] = {SUPPORT_XP, SUPPORT_AB, SUPPORT_MS};
    struct support *sup;

    if (!(sup = support_new(kinds[logon_kind(lo)], logon_profile(lo)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    sup->own = *logon_section(lo);
    sup->service = *logon_service(lo);
    logon_addref(lo);
    sup->logon = lo;
    *out = &sup->IMAPISupport_iface;
    return S_OK;
}
