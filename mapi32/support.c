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
#include "propcopy.h"
#include "session.h"

#include <mapiguid.h>
#include <mapiutil.h>

enum support_kind { SUPPORT_CONFIG, SUPPORT_MS, SUPPORT_AB, SUPPORT_XP };

/* The methods, to say which kind has which. */
enum method {
    M_GetLastError, M_GetMemAllocRoutines, M_Subscribe, M_Unsubscribe, M_Notify, M_ModifyStatusRow,
    M_OpenProfileSection, M_RegisterPreprocessor, M_NewUID, M_MakeInvalid, M_SpoolerYield, M_SpoolerNotify,
    M_CreateOneOff, M_SetProviderUID, M_CompareEntryIDs, M_OpenTemplateID, M_OpenEntry, M_GetOneOffTable,
    M_Address, M_Details, M_NewEntry, M_DoConfigPropsheet, M_CopyMessages, M_CopyFolder, M_DoCopyTo,
    M_DoCopyProps, M_DoProgressDialog, M_ReadReceipt, M_PrepareSubmit, M_ExpandRecips, M_UpdatePAB,
    M_DoSentMail, M_OpenAddressBook, M_Preprocess, M_CompleteMsg, M_StoreLogoffTransports, M_StatusRecips,
    M_WrapStoreEntryID, M_ModifyProfile, M_IStorageFromStream, M_GetSvcConfigSupportObj
};
#define BIT(m) (1ull << (m))

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

struct support {
    IMAPISupport IMAPISupport_iface;
    LONG refcount;
    enum support_kind kind;
    struct admin_profile *prof;
    MAPIUID own;                /* the section OpenProfileSection(NULL) opens */
    MAPIUID service;            /* for GetSvcConfigSupportObj */
    struct logon *logon;        /* provider kinds */
    struct last_error err;
};

static inline struct support *impl_from_IMAPISupport(IMAPISupport *iface)
{
    return CONTAINING_RECORD(iface, struct support, IMAPISupport_iface);
}

static BOOL has(struct support *sup, enum method m)
{
    return (available[sup->kind] & BIT(m)) != 0;
}

#define NEED(m) do { if (!has(sup, m)) return MAPI_E_NO_SUPPORT; } while (0)

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

/* No spooler runs preprocessors yet; the registration is accepted. */
static HRESULT WINAPI sup_RegisterPreprocessor(IMAPISupport *iface, LPMAPIUID muid, LPTSTR adrtype, LPTSTR dll,
                                               LPSTR preprocess, LPSTR remove, ULONG flags)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_RegisterPreprocessor);
    if (!muid || !adrtype || !dll || !preprocess) return MAPI_E_INVALID_PARAMETER;
    TRACE("preprocessor %s registered and not used", preprocess);
    return S_OK;
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

/* ---- Copying messages and folders (imapisupport-copymessages.md,
 * imapisupport-copyfolder.md) ----
 * Generic, through the public interfaces of the folders given, so it works
 * between any two stores: each message is opened in the source,
 * CreateMessage'd in the destination, CopyTo'd and saved; a move then
 * deletes what was copied from the source.  A progress object is used when
 * the caller passes one with MESSAGE_DIALOG / FOLDER_DIALOG (without one
 * there is no UI to show). */

struct progress {
    IMAPIProgress *p;
    ULONG min, max;
};

static void progress_init(struct progress *pr, IMAPIProgress *p)
{
    ULONG flags = 0;

    memset(pr, 0, sizeof(*pr));
    if (!p) return;
    pr->p = p;
    if (IMAPIProgress_GetMin(p, &pr->min) || IMAPIProgress_GetMax(p, &pr->max) || pr->max < pr->min) {
        pr->min = 0;
        pr->max = 1000;
    }
    IMAPIProgress_GetFlags(p, &flags);
}

/* done of total items; MAPI_E_USER_CANCEL from the object stops the copy. */
static HRESULT progress_step(struct progress *pr, ULONG done, ULONG total)
{
    ULONG value;

    if (!pr->p) return S_OK;
    value = pr->min + (total ? (ULONG)((ULONGLONG)(pr->max - pr->min) * done / total) : pr->max - pr->min);
    return IMAPIProgress_Progress(pr->p, value, done, total) == MAPI_E_USER_CANCEL ? MAPI_E_USER_CANCEL : S_OK;
}

static HRESULT as_folder(void *obj, IMAPIFolder **out)
{
    *out = NULL;
    if (!obj || IsBadReadPtr(obj, sizeof(void *))) return MAPI_E_INVALID_PARAMETER;
    return IUnknown_QueryInterface((IUnknown *)obj, &IID_IMAPIFolder, (void **)out) ? MAPI_E_INTERFACE_NOT_SUPPORTED
                                                                                      : S_OK;
}

/* One message: open, create in the destination, CopyTo, save. */
static HRESULT copy_message(IMAPIFolder *from, ULONG cb, ENTRYID *eid, IMAPIFolder *to)
{
    IMessage *msg = NULL, *copy = NULL;
    SPropProblemArray *probs = NULL;
    ULONG type = 0;
    HRESULT hr;

    if (!cb || !eid || IsBadReadPtr(eid, cb)) return MAPI_E_INVALID_ENTRYID;
    if ((hr = IMAPIFolder_OpenEntry(from, cb, eid, &IID_IMessage, 0, &type, (IUnknown **)&msg))) return hr;
    if (type != MAPI_MESSAGE) hr = MAPI_E_INVALID_ENTRYID;
    if (!hr) hr = IMAPIFolder_CreateMessage(to, NULL, 0, &copy);
    if (!hr) hr = IMessage_CopyTo(msg, 0, NULL, NULL, 0, NULL, &IID_IMessage, copy, 0, &probs);
    if (SUCCEEDED(hr)) hr = IMessage_SaveChanges(copy, 0);
    MAPIFreeBuffer(probs);
    if (copy) IMessage_Release(copy);
    if (msg) IMessage_Release(msg);
    return hr;
}

/* S_OK, MAPI_W_PARTIAL_COMPLETION (some could not be copied; with a move
 * those stay in the source), MAPI_E_USER_CANCEL, or an error of the folders. */
static HRESULT copy_messages(IMAPIFolder *from, const ENTRYLIST *list, IMAPIFolder *to, struct progress *pr,
                             BOOL move)
{
    ENTRYLIST done = {0, NULL};
    BOOL partial = FALSE;
    HRESULT hr = S_OK;
    ULONG i;

    if (list->cValues && !(done.lpbin = HeapAlloc(GetProcessHeap(), 0, list->cValues * sizeof(SBinary))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < list->cValues; i++) {
        HRESULT one = copy_message(from, list->lpbin[i].cb, (ENTRYID *)list->lpbin[i].lpb, to);

        if (one) {
            TRACE("message %lu not copied: %#lx", i, one);
            partial = TRUE;
        } else done.lpbin[done.cValues++] = list->lpbin[i];
        if (pr && (hr = progress_step(pr, i + 1, list->cValues))) break;
    }
    if (move && done.cValues) {
        HRESULT del = IMAPIFolder_DeleteMessages(from, &done, 0, NULL, 0);
        if (del) {
            TRACE("the copied messages stay in the source: %#lx", del);
            partial = TRUE;
        }
    }
    HeapFree(GetProcessHeap(), 0, done.lpbin);
    if (hr) return hr;
    return partial ? MAPI_W_PARTIAL_COMPLETION : S_OK;
}

static HRESULT WINAPI sup_CopyMessages(IMAPISupport *iface, LPCIID siid, LPVOID src, LPENTRYLIST list,
                                       LPCIID diid, LPVOID dst, ULONG_PTR ui, LPMAPIPROGRESS prog, ULONG flags)
{
    struct support *sup = impl_from_IMAPISupport(iface);
    IMAPIFolder *from = NULL, *to = NULL;
    struct progress pr;
    HRESULT hr;

    NEED(M_CopyMessages);
    if (!list || IsBadReadPtr(list, sizeof(*list)) || (list->cValues && !list->lpbin)) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MESSAGE_MOVE | MESSAGE_DIALOG | MAPI_DECLINE_OK)) return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = as_folder(src, &from))) return hr;
    if ((hr = as_folder(dst, &to))) {
        IMAPIFolder_Release(from);
        return hr;
    }
    progress_init(&pr, (flags & MESSAGE_DIALOG) ? prog : NULL);
    hr = copy_messages(from, list, to, &pr, (flags & MESSAGE_MOVE) != 0);
    if (FAILED(hr)) lasterr_set(&sup->err, hr, L"CopyMessages: messages not copied");
    IMAPIFolder_Release(to);
    IMAPIFolder_Release(from);
    return hr;
}

/* The entry IDs of a folder's contents or hierarchy table. */
static HRESULT table_entryids(IMAPIFolder *f, BOOL hierarchy, SRowSet **rows)
{
    static const SizedSPropTagArray(1, cols) = {1, {PR_ENTRYID}};
    IMAPITable *t = NULL;
    HRESULT hr;

    *rows = NULL;
    hr = hierarchy ? IMAPIFolder_GetHierarchyTable(f, 0, &t) : IMAPIFolder_GetContentsTable(f, 0, &t);
    if (hr == MAPI_E_NO_SUPPORT && hierarchy) return S_OK;     /* no subfolders possible */
    if (hr) return hr;
    hr = HrQueryAllRows(t, (SPropTagArray *)&cols, NULL, NULL, 0, rows);
    IMAPITable_Release(t);
    return hr;
}

/* What a folder copy leaves out: what the destination computes itself. */
static const SizedSPropTagArray(16, folder_computed) = {16, {
    PR_ENTRYID, PR_PARENT_ENTRYID, PR_RECORD_KEY, PR_INSTANCE_KEY, PR_SEARCH_KEY, PR_STORE_ENTRYID,
    PR_STORE_RECORD_KEY, PR_STORE_SUPPORT_MASK, PR_OBJECT_TYPE, PR_DISPLAY_NAME, PR_CONTENT_COUNT,
    PR_CONTENT_UNREAD, PR_SUBFOLDERS, PR_FOLDER_TYPE, PR_ACCESS, PR_ACCESS_LEVEL}};

#define MAX_FOLDER_DEPTH 64

/* A folder of from_parent (its entry ID) copied under to_parent, as name
 * (NULL: its own), with its messages and, if asked, its subfolders. */
static HRESULT copy_folder(IMAPIFolder *from_parent, ULONG cb, ENTRYID *eid, IMAPIFolder *to_parent,
                           const WCHAR *name, BOOL subfolders, struct progress *pr, int depth)
{
    static const SizedSPropTagArray(1, name_tag) = {1, {PR_DISPLAY_NAME_W}};
    IMAPIFolder *src = NULL, *dst = NULL;
    SRowSet *msgs = NULL, *subs = NULL;
    SPropProblemArray *probs = NULL;
    SPropValue *own = NULL;
    BOOL partial = FALSE;
    ULONG type = 0, n, i, total, done = 0;
    ENTRYLIST list;
    HRESULT hr;

    if (depth > MAX_FOLDER_DEPTH) return MAPI_E_FOLDER_CYCLE;
    if ((hr = IMAPIFolder_OpenEntry(from_parent, cb, eid, &IID_IMAPIFolder, 0, &type, (IUnknown **)&src))) return hr;
    if (type != MAPI_FOLDER) {
        hr = MAPI_E_INVALID_ENTRYID;
        goto done;
    }
    if (!name) {
        if (FAILED(hr = IMAPIFolder_GetProps(src, (SPropTagArray *)&name_tag, MAPI_UNICODE, &n, &own))) goto done;
        name = own[0].ulPropTag == PR_DISPLAY_NAME_W ? own[0].Value.lpszW : L"";
    }
    /* Both lists before the new folder exists: a copy into the folder itself
     * does not copy itself again. */
    if ((hr = table_entryids(src, FALSE, &msgs))) goto done;
    if (subfolders && (hr = table_entryids(src, TRUE, &subs))) goto done;

    hr = IMAPIFolder_CreateFolder(to_parent, FOLDER_GENERIC, (LPTSTR)name, NULL, NULL, MAPI_UNICODE, &dst);
    if (hr == MAPI_E_BAD_CHARWIDTH) {
        char aname[256];
        WideCharToMultiByte(CP_ACP, 0, name, -1, aname, sizeof(aname), NULL, NULL);
        hr = IMAPIFolder_CreateFolder(to_parent, FOLDER_GENERIC, (LPTSTR)aname, NULL, NULL, 0, &dst);
    }
    if (hr) goto done;
    /* Its other properties; what the destination refuses is not an error. */
    if (propcopy_copy((IMAPIProp *)src, NULL, (SPropTagArray *)&folder_computed, (IMAPIProp *)dst, 0, &probs))
        partial = TRUE;
    MAPIFreeBuffer(probs);

    total = msgs->cRows + (subs ? subs->cRows : 0);
    if (msgs->cRows) {
        if (!(list.lpbin = HeapAlloc(GetProcessHeap(), 0, msgs->cRows * sizeof(SBinary)))) {
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
            goto done;
        }
        list.cValues = 0;
        for (i = 0; i < msgs->cRows; i++)
            if (msgs->aRow[i].lpProps[0].ulPropTag == PR_ENTRYID) list.lpbin[list.cValues++] = msgs->aRow[i].lpProps[0].Value.bin;
        hr = copy_messages(src, &list, dst, NULL, FALSE);
        HeapFree(GetProcessHeap(), 0, list.lpbin);
        if (hr == MAPI_W_PARTIAL_COMPLETION) partial = TRUE;
        else if (hr) goto done;
        done = msgs->cRows;
        if (pr && (hr = progress_step(pr, done, total))) goto done;
    }
    for (i = 0; subs && i < subs->cRows; i++) {
        SPropValue *e = &subs->aRow[i].lpProps[0];

        if (e->ulPropTag != PR_ENTRYID) continue;
        hr = copy_folder(src, e->Value.bin.cb, (ENTRYID *)e->Value.bin.lpb, dst, NULL, TRUE, NULL, depth + 1);
        if (hr == MAPI_W_PARTIAL_COMPLETION) partial = TRUE;
        else if (hr) goto done;
        if (pr && (hr = progress_step(pr, ++done, total))) goto done;
    }
    if (pr && !total) hr = progress_step(pr, 1, 1);
    if (!hr && partial) hr = MAPI_W_PARTIAL_COMPLETION;

done:
    MAPIFreeBuffer(own);
    if (msgs) FreeProws(msgs);
    if (subs) FreeProws(subs);
    if (dst) IMAPIFolder_Release(dst);
    if (src) IMAPIFolder_Release(src);
    return hr;
}

static HRESULT WINAPI sup_CopyFolder(IMAPISupport *iface, LPCIID siid, LPVOID src, ULONG cb, LPENTRYID eid,
                                     LPCIID diid, LPVOID dst, LPTSTR name, ULONG_PTR ui, LPMAPIPROGRESS prog,
                                     ULONG flags)
{
    struct support *sup = impl_from_IMAPISupport(iface);
    IMAPIFolder *from = NULL, *to = NULL;
    WCHAR *wname = NULL;
    struct progress pr;
    HRESULT hr;

    NEED(M_CopyFolder);
    if (!cb || !eid || IsBadReadPtr(eid, cb)) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(FOLDER_MOVE | FOLDER_DIALOG | COPY_SUBFOLDERS | MAPI_DECLINE_OK | MAPI_UNICODE))
        return MAPI_E_UNKNOWN_FLAGS;
    if (name && !(flags & MAPI_UNICODE)) {
        int len = MultiByteToWideChar(CP_ACP, 0, (const char *)name, -1, NULL, 0);
        if (!len || !(wname = HeapAlloc(GetProcessHeap(), 0, len * sizeof(WCHAR)))) return MAPI_E_NOT_ENOUGH_MEMORY;
        MultiByteToWideChar(CP_ACP, 0, (const char *)name, -1, wname, len);
    }
    if (!(hr = as_folder(src, &from)) && !(hr = as_folder(dst, &to))) {
        progress_init(&pr, (flags & FOLDER_DIALOG) ? prog : NULL);
        hr = copy_folder(from, cb, eid, to, wname ? wname : (const WCHAR *)name, (flags & COPY_SUBFOLDERS) != 0,
                         &pr, 0);
        /* A move deletes the source only when everything was copied. */
        if (!hr && (flags & FOLDER_MOVE))
            hr = IMAPIFolder_DeleteFolder(from, cb, eid, 0, NULL, DEL_FOLDERS | DEL_MESSAGES);
        if (FAILED(hr)) lasterr_set(&sup->err, hr, L"CopyFolder: folder not copied");
    }
    if (to) IMAPIFolder_Release(to);
    if (from) IMAPIFolder_Release(from);
    HeapFree(GetProcessHeap(), 0, wname);
    return hr;
}

static HRESULT as_prop(LPCIID iid, void *obj, IMAPIProp **out)
{
    if (!obj) return MAPI_E_INVALID_PARAMETER;
    return IUnknown_QueryInterface((IUnknown *)obj, &IID_IMAPIProp, (void **)out) ? MAPI_E_INTERFACE_NOT_SUPPORTED : S_OK;
}

static BOOL excluded(const SPropTagArray *list, ULONG tag)
{
    ULONG i;

    for (i = 0; list && i < list->cValues; i++)
        if (PROP_ID(list->aulPropTag[i]) == PROP_ID(tag)) return TRUE;
    return FALSE;
}

/* Reads every row of a message's recipient table. */
static HRESULT recipient_rows(IMessage *msg, SRowSet **rows)
{
    IMAPITable *t = NULL;
    HRESULT hr;

    *rows = NULL;
    if ((hr = IMessage_GetRecipientTable(msg, MAPI_UNICODE, &t))) return hr;
    hr = HrQueryAllRows(t, NULL, NULL, NULL, 0, rows);
    IMAPITable_Release(t);
    return hr;
}

/* Message to message: the recipients, replacing the destination's
 * (ModifyRecipients with 0; an SRowSet has the layout of an ADRLIST).  With
 * MAPI_MOVE the source loses them.  Objects that are not messages have none. */
static HRESULT copy_recipients(IMessage *src, IMessage *dst, BOOL move)
{
    static ADRLIST none = {0};
    SRowSet *rows = NULL;
    HRESULT hr;
    ULONG i, j;

    if ((hr = recipient_rows(src, &rows))) return hr;
    /* PR_ROWID belongs to the source's table: the destination numbers its own. */
    for (i = 0; i < rows->cRows; i++)
        for (j = 0; j < rows->aRow[i].cValues; j++)
            if (rows->aRow[i].lpProps[j].ulPropTag == PR_ROWID)
                rows->aRow[i].lpProps[j].ulPropTag = PROP_TAG(PT_NULL, 0);
    hr = IMessage_ModifyRecipients(dst, 0, (ADRLIST *)rows);
    if (SUCCEEDED(hr) && move && rows->cRows) hr = IMessage_ModifyRecipients(src, 0, &none);
    FreeProws(rows);
    return hr;
}

/* Each attachment of src becomes a new one of dst (its properties through
 * propcopy, PR_ATTACH_NUM being the destination's own); with MAPI_MOVE the
 * source's are deleted once all are copied. */
static HRESULT copy_attachments(IMessage *src, IMessage *dst, BOOL move)
{
    static const SizedSPropTagArray(1, num) = {1, {PR_ATTACH_NUM}};
    static const SizedSPropTagArray(3, skip) = {3, {PR_ATTACH_NUM, PR_INSTANCE_KEY, PR_RECORD_KEY}};
    IMAPITable *t = NULL;
    SRowSet *rows = NULL;
    HRESULT hr;
    ULONG i;

    if ((hr = IMessage_GetAttachmentTable(src, 0, &t))) return hr;
    hr = HrQueryAllRows(t, (SPropTagArray *)&num, NULL, NULL, 0, &rows);
    IMAPITable_Release(t);
    if (hr) return hr;
    for (i = 0; !hr && i < rows->cRows; i++) {
        IAttach *from = NULL, *to = NULL;
        SPropProblemArray *probs = NULL;
        ULONG n;

        if (rows->aRow[i].lpProps[0].ulPropTag != PR_ATTACH_NUM) continue;
        hr = IMessage_OpenAttach(src, rows->aRow[i].lpProps[0].Value.l, NULL, 0, &from);
        if (!hr) hr = IMessage_CreateAttach(dst, NULL, 0, &n, &to);
        if (!hr) hr = propcopy_copy((IMAPIProp *)from, NULL, (SPropTagArray *)&skip, (IMAPIProp *)to, 0, &probs);
        if (SUCCEEDED(hr)) hr = IAttach_SaveChanges(to, 0);
        MAPIFreeBuffer(probs);
        if (to) IAttach_Release(to);
        if (from) IAttach_Release(from);
    }
    for (i = 0; move && !hr && i < rows->cRows; i++)
        if (rows->aRow[i].lpProps[0].ulPropTag == PR_ATTACH_NUM)
            hr = IMessage_DeleteAttach(src, rows->aRow[i].lpProps[0].Value.l, 0, NULL, 0);
    FreeProws(rows);
    return hr;
}

/* A message's recipients and attachments, unless left out (they are
 * PR_MESSAGE_RECIPIENTS and PR_MESSAGE_ATTACHMENTS in an exclude or include
 * list). */
static HRESULT copy_message_parts(IMAPIProp *from, IMAPIProp *to, BOOL recips, BOOL atts, BOOL move)
{
    IMessage *src = NULL, *dst = NULL;
    HRESULT hr = S_OK;

    if (!recips && !atts) return S_OK;
    if (IMAPIProp_QueryInterface(from, &IID_IMessage, (void **)&src)) return S_OK;
    if (!IMAPIProp_QueryInterface(to, &IID_IMessage, (void **)&dst)) {
        if (recips) hr = copy_recipients(src, dst, move);
        if (SUCCEEDED(hr) && atts) hr = copy_attachments(src, dst, move);
        IMessage_Release(dst);
    }
    IMessage_Release(src);
    return hr;
}

/* The properties, through IMAPIProp (propcopy.c); a message's recipients
 * and attachments too. */
static HRESULT WINAPI sup_DoCopyTo(IMAPISupport *iface, LPCIID siid, LPVOID src, ULONG ciid, LPCIID excl,
                                   LPSPropTagArray exclprops, ULONG_PTR ui, LPMAPIPROGRESS prog, LPCIID diid,
                                   LPVOID dst, ULONG flags, LPSPropProblemArray *probs)
{
    struct support *sup = impl_from_IMAPISupport(iface);
    IMAPIProp *from = NULL, *to = NULL;
    BOOL move = (flags & MAPI_MOVE) != 0;
    HRESULT hr;

    NEED(M_DoCopyTo);
    if (probs) *probs = NULL;
    if ((hr = as_prop(siid, src, &from))) return hr;
    if (!(hr = as_prop(diid, dst, &to))) {
        hr = propcopy_copy(from, NULL, exclprops, to, flags & (MAPI_MOVE | MAPI_NOREPLACE), probs);
        if (SUCCEEDED(hr))
            hr = copy_message_parts(from, to, !excluded(exclprops, PR_MESSAGE_RECIPIENTS),
                                    !excluded(exclprops, PR_MESSAGE_ATTACHMENTS), move);
        IMAPIProp_Release(to);
    }
    IMAPIProp_Release(from);
    return hr;
}

static HRESULT WINAPI sup_DoCopyProps(IMAPISupport *iface, LPCIID siid, LPVOID src, LPSPropTagArray incl,
                                      ULONG_PTR ui, LPMAPIPROGRESS prog, LPCIID diid, LPVOID dst, ULONG flags,
                                      LPSPropProblemArray *probs)
{
    struct support *sup = impl_from_IMAPISupport(iface);
    IMAPIProp *from = NULL, *to = NULL;
    HRESULT hr;

    NEED(M_DoCopyProps);
    if (probs) *probs = NULL;
    if (!incl) return MAPI_E_INVALID_PARAMETER;
    if ((hr = as_prop(siid, src, &from))) return hr;
    if (!(hr = as_prop(diid, dst, &to))) {
        hr = propcopy_copy(from, incl, NULL, to, flags & (MAPI_MOVE | MAPI_NOREPLACE), probs);
        if (SUCCEEDED(hr))
            hr = copy_message_parts(from, to, excluded(incl, PR_MESSAGE_RECIPIENTS),
                                    excluded(incl, PR_MESSAGE_ATTACHMENTS), (flags & MAPI_MOVE) != 0);
        IMAPIProp_Release(to);
    }
    IMAPIProp_Release(from);
    return hr;
}

static HRESULT WINAPI sup_DoProgressDialog(IMAPISupport *iface, ULONG_PTR ui, ULONG flags, LPMAPIPROGRESS *prog)
{
    if (prog) *prog = NULL;
    return MAPI_E_NO_SUPPORT;
}

/* ---- What the spooler's part of sending asks of MAPI, done in-process
 * (docs/sessions.md, "Sending support") ---- */

static HRESULT get_props(IMessage *msg, const SPropTagArray *tags, SPropValue **vals)
{
    ULONG n;
    HRESULT hr = IMessage_GetProps(msg, (SPropTagArray *)tags, MAPI_UNICODE, &n, vals);
    return FAILED(hr) ? hr : S_OK;
}

static BOOL bad_object(void *obj)
{
    return !obj || IsBadReadPtr(obj, sizeof(void *));
}

/* A read (or nonread) report for msg, written into the empty message the
 * store gives: REPORT.<class>.IPNRN / .IPNNRN, "Read: " / "Not read: " and
 * the subject, the report time, PR_REPORT_TAG, and as its recipient whoever
 * PR_READ_RECEIPT_ENTRYID names, else the sender.  The store sends it. */
static HRESULT WINAPI sup_ReadReceipt(IMAPISupport *iface, ULONG flags, LPMESSAGE msg, LPMESSAGE *empty)
{
    static const SizedSPropTagArray(9, tags) = {9, {PR_MESSAGE_CLASS_W, PR_SUBJECT_W, PR_READ_RECEIPT_ENTRYID,
        PR_SENDER_ENTRYID, PR_SENDER_NAME_W, PR_SENDER_ADDRTYPE_W, PR_SENDER_EMAIL_ADDRESS_W, PR_REPORT_TAG,
        PR_CLIENT_SUBMIT_TIME}};
    struct support *sup = impl_from_IMAPISupport(iface);
    const WCHAR *cls, *subj, *prefix = (flags & MAPI_NON_READ) ? L"Not read: " : L"Read: ";
    SPropValue *v = NULL, out[6], rcpt[5];
    WCHAR *cbuf = NULL, *sbuf = NULL;
    ADRLIST list;
    ULONG n = 0, r = 0;
    HRESULT hr;

    NEED(M_ReadReceipt);
    if (bad_object(msg) || !empty || bad_object(*empty)) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_NON_READ) return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = get_props(msg, (SPropTagArray *)&tags, &v))) return hr;
    cls = v[0].ulPropTag == PR_MESSAGE_CLASS_W ? v[0].Value.lpszW : L"IPM.Note";
    subj = v[1].ulPropTag == PR_SUBJECT_W ? v[1].Value.lpszW : L"";
    if (MAPIAllocateBuffer((lstrlenW(cls) + 16) * sizeof(WCHAR), (void **)&cbuf) ||
        MAPIAllocateBuffer((lstrlenW(subj) + lstrlenW(prefix) + 1) * sizeof(WCHAR), (void **)&sbuf)) {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    lstrcpyW(cbuf, L"REPORT.");
    lstrcatW(cbuf, cls);
    lstrcatW(cbuf, (flags & MAPI_NON_READ) ? L".IPNNRN" : L".IPNRN");
    lstrcpyW(sbuf, prefix);
    lstrcatW(sbuf, subj);
    memset(out, 0, sizeof(out));
    out[n].ulPropTag = PR_MESSAGE_CLASS_W;
    out[n++].Value.lpszW = cbuf;
    out[n].ulPropTag = PR_SUBJECT_W;
    out[n++].Value.lpszW = sbuf;
    out[n].ulPropTag = PR_ORIGINAL_SUBJECT_W;
    out[n++].Value.lpszW = (WCHAR *)subj;
    out[n].ulPropTag = PR_REPORT_TIME;
    GetSystemTimeAsFileTime(&out[n++].Value.ft);
    if (v[7].ulPropTag == PR_REPORT_TAG) out[n++] = v[7];
    if (v[8].ulPropTag == PR_CLIENT_SUBMIT_TIME) {
        out[n] = v[8];
        out[n++].ulPropTag = PR_ORIGINAL_SUBMIT_TIME;
    }
    if ((hr = IMessage_SetProps(*empty, n, out, NULL))) goto done;

    memset(rcpt, 0, sizeof(rcpt));
    rcpt[r].ulPropTag = PR_RECIPIENT_TYPE;
    rcpt[r++].Value.l = MAPI_TO;
    if (v[2].ulPropTag == PR_READ_RECEIPT_ENTRYID) {
        rcpt[r] = v[2];
        rcpt[r++].ulPropTag = PR_ENTRYID;
    } else if (v[3].ulPropTag == PR_SENDER_ENTRYID) {
        rcpt[r] = v[3];
        rcpt[r++].ulPropTag = PR_ENTRYID;
        if (v[4].ulPropTag == PR_SENDER_NAME_W) {
            rcpt[r] = v[4];
            rcpt[r++].ulPropTag = PR_DISPLAY_NAME_W;
        }
        if (v[5].ulPropTag == PR_SENDER_ADDRTYPE_W) {
            rcpt[r] = v[5];
            rcpt[r++].ulPropTag = PR_ADDRTYPE_W;
        }
        if (v[6].ulPropTag == PR_SENDER_EMAIL_ADDRESS_W) {
            rcpt[r] = v[6];
            rcpt[r++].ulPropTag = PR_EMAIL_ADDRESS_W;
        }
    }
    if (r > 1) {
        list.cEntries = 1;
        list.aEntries[0].ulReserved1 = 0;
        list.aEntries[0].cValues = r;
        list.aEntries[0].rgPropVals = rcpt;
        hr = IMessage_ModifyRecipients(*empty, MODRECIP_ADD, &list);
    } else TRACE("no one to send the report to");

done:
    if (hr) lasterr_set(&sup->err, hr, L"ReadReceipt: no report");
    MAPIFreeBuffer(cbuf);
    MAPIFreeBuffer(sbuf);
    MAPIFreeBuffer(v);
    return hr;
}

/* Resending (MSGFLAG_RESEND): recipients already sent to (MAPI_SUBMITTED)
 * lose the flag and get PR_RESPONSIBILITY FALSE; the others become MAPI_P1
 * with PR_RESPONSIBILITY TRUE.  Changed in the open message, not saved. */
static HRESULT WINAPI sup_PrepareSubmit(IMAPISupport *iface, LPMESSAGE msg, ULONG *flags)
{
    static const SizedSPropTagArray(1, tags) = {1, {PR_MESSAGE_FLAGS}};
    struct support *sup = impl_from_IMAPISupport(iface);
    SPropValue *v = NULL;
    SRowSet *rows = NULL;
    ADRLIST *list = NULL;
    HRESULT hr;
    ULONG i, j;

    NEED(M_PrepareSubmit);
    if (bad_object(msg) || !flags) return MAPI_E_INVALID_PARAMETER;
    if (*flags) return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = get_props(msg, (SPropTagArray *)&tags, &v))) return hr;
    if (v[0].ulPropTag != PR_MESSAGE_FLAGS || !(v[0].Value.l & MSGFLAG_RESEND)) goto done;
    if ((hr = recipient_rows(msg, &rows)) || !rows->cRows) goto done;
    if ((hr = MAPIAllocateBuffer(CbNewADRLIST(rows->cRows), (void **)&list))) goto done;
    list->cEntries = rows->cRows;
    for (i = 0; i < rows->cRows; i++) {
        SRow *row = &rows->aRow[i];
        SPropValue *p;
        LONG type = MAPI_TO;
        ULONG k = 0;

        if ((hr = MAPIAllocateMore((row->cValues + 2) * sizeof(SPropValue), list, (void **)&p))) goto done;
        for (j = 0; j < row->cValues; j++) {
            if (row->lpProps[j].ulPropTag == PR_RECIPIENT_TYPE) type = row->lpProps[j].Value.l;
            else if (row->lpProps[j].ulPropTag != PR_RESPONSIBILITY) p[k++] = row->lpProps[j];
        }
        p[k].ulPropTag = PR_RECIPIENT_TYPE;
        p[k].dwAlignPad = 0;
        p[k + 1].ulPropTag = PR_RESPONSIBILITY;
        p[k + 1].dwAlignPad = 0;
        if (type & MAPI_SUBMITTED) {
            p[k].Value.l = type & ~MAPI_SUBMITTED;
            p[k + 1].Value.b = FALSE;
        } else {
            p[k].Value.l = type | MAPI_P1;
            p[k + 1].Value.b = TRUE;
        }
        list->aEntries[i].ulReserved1 = 0;
        list->aEntries[i].cValues = k + 2;
        list->aEntries[i].rgPropVals = p;
    }
    hr = IMessage_ModifyRecipients(msg, MODRECIP_MODIFY, list);

done:
    if (!hr) *flags = 0;
    else lasterr_set(&sup->err, hr, L"PrepareSubmit: the recipients could not be prepared");
    MAPIFreeBuffer(list);
    if (rows) FreeProws(rows);
    MAPIFreeBuffer(v);
    return hr;
}

/* FreeMAPI has no personal distribution lists (MAPIPDL) to expand and runs
 * no preprocessors (RegisterPreprocessor keeps none): the recipient table is
 * read to make sure the message has one, and nothing needs the spooler or
 * preprocessing. */
static HRESULT WINAPI sup_ExpandRecips(IMAPISupport *iface, LPMESSAGE msg, ULONG *flags)
{
    struct support *sup = impl_from_IMAPISupport(iface);
    SRowSet *rows = NULL;
    HRESULT hr;

    NEED(M_ExpandRecips);
    if (bad_object(msg) || !flags) return MAPI_E_INVALID_PARAMETER;
    if ((hr = recipient_rows(msg, &rows))) return hr;
    FreeProws(rows);
    *flags = 0;
    return S_OK;
}

/* No address book of FreeMAPI's can be written yet (no PAB): nothing to add. */
static HRESULT WINAPI sup_UpdatePAB(IMAPISupport *iface, ULONG flags, LPMESSAGE msg)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_UpdatePAB);
    if (bad_object(msg)) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    TRACE("UpdatePAB: no personal address book to update");
    return S_OK;
}

/* imapisupport-dosentmail.md: PR_DELETE_AFTER_SUBMIT deletes the message;
 * else PR_SENTMAIL_ENTRYID names the folder it moves to (through the public
 * interfaces, as CopyMessages does); with neither it stays where it is.
 * The message is released, as the page says, once the arguments are right. */
static HRESULT WINAPI sup_DoSentMail(IMAPISupport *iface, ULONG flags, LPMESSAGE msg)
{
    static const SizedSPropTagArray(4, tags) = {4, {PR_DELETE_AFTER_SUBMIT, PR_SENTMAIL_ENTRYID, PR_ENTRYID,
                                                    PR_PARENT_ENTRYID}};
    struct support *sup = impl_from_IMAPISupport(iface);
    IMAPIFolder *parent = NULL, *sent = NULL;
    IMessage *copy = NULL;
    SPropProblemArray *probs = NULL;
    SPropValue *v = NULL;
    ENTRYLIST one;
    ULONG type, same = 0;
    BOOL del, move;
    HRESULT hr;

    NEED(M_DoSentMail);
    if (bad_object(msg)) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = get_props(msg, (SPropTagArray *)&tags, &v))) goto done;
    del = v[0].ulPropTag == PR_DELETE_AFTER_SUBMIT && v[0].Value.b;
    move = !del && v[1].ulPropTag == PR_SENTMAIL_ENTRYID && v[1].Value.bin.cb;
    if (!del && !move) goto done;
    if (v[2].ulPropTag != PR_ENTRYID || v[3].ulPropTag != PR_PARENT_ENTRYID) {
        hr = MAPI_E_INVALID_PARAMETER;      /* a message never saved */
        goto done;
    }
    if ((hr = logon_open_entry(sup->logon, v[3].Value.bin.cb, (ENTRYID *)v[3].Value.bin.lpb, &IID_IMAPIFolder,
                               MAPI_MODIFY, &type, (IUnknown **)&parent)))
        goto done;
    if (move) {
        if ((hr = logon_open_entry(sup->logon, v[1].Value.bin.cb, (ENTRYID *)v[1].Value.bin.lpb, &IID_IMAPIFolder,
                                   MAPI_MODIFY, &type, (IUnknown **)&sent)))
            goto done;
        if (!logon_compare_entryids(sup->logon, v[1].Value.bin.cb, (ENTRYID *)v[1].Value.bin.lpb,
                                    v[3].Value.bin.cb, (ENTRYID *)v[3].Value.bin.lpb, 0, &same) && same)
            goto done;                      /* already there */
        if (!(hr = IMAPIFolder_CreateMessage(sent, NULL, 0, &copy)) &&
            SUCCEEDED(hr = IMessage_CopyTo(msg, 0, NULL, NULL, 0, NULL, &IID_IMessage, copy, 0, &probs)))
            hr = IMessage_SaveChanges(copy, 0);
        MAPIFreeBuffer(probs);
        if (hr) goto done;
    }
    /* The caller's reference goes before its message does. */
    IMessage_Release(msg);
    msg = NULL;
    one.cValues = 1;
    one.lpbin = &v[2].Value.bin;
    hr = IMAPIFolder_DeleteMessages(parent, &one, 0, NULL, 0);

done:
    if (hr) lasterr_set(&sup->err, hr, L"DoSentMail: the sent message was not filed");
    if (msg) IMessage_Release(msg);
    if (copy) IMessage_Release(copy);
    if (sent) IMAPIFolder_Release(sent);
    if (parent) IMAPIFolder_Release(parent);
    MAPIFreeBuffer(v);
    return hr;
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

static HRESULT check_message_id(ULONG flags, ULONG cb, ENTRYID *eid)
{
    if (!cb || !eid || IsBadReadPtr(eid, cb)) return MAPI_E_INVALID_PARAMETER;
    return flags ? MAPI_E_UNKNOWN_FLAGS : S_OK;
}

/* No preprocessor is ever registered for use (RegisterPreprocessor keeps
 * none) and no spooler postprocesses: with the arguments right, there is
 * nothing to do. */
static HRESULT WINAPI sup_Preprocess(IMAPISupport *iface, ULONG flags, ULONG cb, LPENTRYID eid)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_Preprocess);
    return check_message_id(flags, cb, eid);
}

static HRESULT WINAPI sup_CompleteMsg(IMAPISupport *iface, ULONG flags, ULONG cb, LPENTRYID eid)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_CompleteMsg);
    return check_message_id(flags, cb, eid);
}

static HRESULT WINAPI sup_StoreLogoffTransports(IMAPISupport *iface, ULONG *flags)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_StoreLogoffTransports);
    if (!flags) return MAPI_E_INVALID_PARAMETER;
    return logon_store_logoff(sup->logon, flags);
}

/* No spooler delivers reports yet: the report is not made.  The list is
 * freed as on success (imapisupport-statusrecips.md: MAPI frees it then). */
static HRESULT WINAPI sup_StatusRecips(IMAPISupport *iface, LPMESSAGE msg, LPADRLIST list)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_StatusRecips);
    if (bad_object(msg) || !list || IsBadReadPtr(list, sizeof(ULONG))) return MAPI_E_INVALID_PARAMETER;
    TRACE("StatusRecips: %lu recipients, no report sent", list->cEntries);
    MAPIFreeBuffer(list);
    return S_OK;
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
