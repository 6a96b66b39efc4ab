/*
 * IMAPISupport's private parts, shared by support.c (the object, its kinds
 * and the simple methods), support_copy.c (copying messages, folders and
 * properties), support_spool.c (what the spooler's part of sending asks
 * of MAPI) and support_report.c (delivery and nondelivery reports).
 */
#ifndef FREEMAPI_SUPPORT_PRIVATE_H
#define FREEMAPI_SUPPORT_PRIVATE_H

#include "mapi32_private.h"
#include "admin.h"
#include "session.h"

#include <mapispi.h>

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

BOOL support_has(const struct support *sup, enum method m);

#define NEED(m) do { if (!support_has(sup, m)) return MAPI_E_NO_SUPPORT; } while (0)

/* support_copy.c */
HRESULT support_recipient_rows(IMessage *msg, SRowSet **rows);
HRESULT WINAPI sup_CopyMessages(IMAPISupport *iface, LPCIID siid, LPVOID src, LPENTRYLIST list, LPCIID diid,
    LPVOID dst, ULONG_PTR ui, LPMAPIPROGRESS prog, ULONG flags);
HRESULT WINAPI sup_CopyFolder(IMAPISupport *iface, LPCIID siid, LPVOID src, ULONG cb, LPENTRYID eid, LPCIID diid,
    LPVOID dst, LPTSTR name, ULONG_PTR ui, LPMAPIPROGRESS prog, ULONG flags);
HRESULT WINAPI sup_DoCopyTo(IMAPISupport *iface, LPCIID siid, LPVOID src, ULONG ciid, LPCIID excl,
    LPSPropTagArray exclprops, ULONG_PTR ui, LPMAPIPROGRESS prog, LPCIID diid, LPVOID dst, ULONG flags,
    LPSPropProblemArray *probs);
HRESULT WINAPI sup_DoCopyProps(IMAPISupport *iface, LPCIID siid, LPVOID src, LPSPropTagArray incl, ULONG_PTR ui,
    LPMAPIPROGRESS prog, LPCIID diid, LPVOID dst, ULONG flags, LPSPropProblemArray *probs);

/* support_spool.c */
HRESULT WINAPI sup_ReadReceipt(IMAPISupport *iface, ULONG flags, LPMESSAGE msg, LPMESSAGE *empty);
HRESULT WINAPI sup_PrepareSubmit(IMAPISupport *iface, LPMESSAGE msg, ULONG *flags);
HRESULT WINAPI sup_ExpandRecips(IMAPISupport *iface, LPMESSAGE msg, ULONG *flags);
HRESULT WINAPI sup_UpdatePAB(IMAPISupport *iface, ULONG flags, LPMESSAGE msg);
HRESULT WINAPI sup_DoSentMail(IMAPISupport *iface, ULONG flags, LPMESSAGE msg);
HRESULT WINAPI sup_Preprocess(IMAPISupport *iface, ULONG flags, ULONG cb, LPENTRYID eid);
HRESULT WINAPI sup_CompleteMsg(IMAPISupport *iface, ULONG flags, ULONG cb, LPENTRYID eid);
HRESULT WINAPI sup_StoreLogoffTransports(IMAPISupport *iface, ULONG *flags);

/* support_report.c */
HRESULT WINAPI sup_StatusRecips(IMAPISupport *iface, LPMESSAGE msg, LPADRLIST list);

#endif
