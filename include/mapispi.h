/*
 * mapispi.h - MAPI service provider interface (FreeMAPI SDK): the support
 * object MAPI hands to providers, the provider and logon objects providers
 * return, and the provider / message service entry point types.
 */
#ifndef MAPISPI_H
#define MAPISPI_H

#include <mapidefs.h>
#include <mapicode.h>
#include <mapiguid.h>
#include <mapitags.h>

#ifdef __cplusplus
extern "C" {
#endif

/* SPI versions: bits 24-31 major, 16-23 minor, 0-15 update. */
#define PDK1_SPI_VERSION    0x00010000L
#define PDK2_SPI_VERSION    0x00010008L
#define PDK3_SPI_VERSION    0x00010010L
#define CURRENT_SPI_VERSION PDK3_SPI_VERSION

DECLARE_MAPI_INTERFACE_PTR(IMAPISupport, LPMAPISUP);
DECLARE_MAPI_INTERFACE_PTR(IMSProvider,  LPMSPROVIDER);
DECLARE_MAPI_INTERFACE_PTR(IMSLogon,     LPMSLOGON);
DECLARE_MAPI_INTERFACE_PTR(IABProvider,  LPABPROVIDER);
DECLARE_MAPI_INTERFACE_PTR(IABLogon,     LPABLOGON);
DECLARE_MAPI_INTERFACE_PTR(IXPProvider,  LPXPPROVIDER);
DECLARE_MAPI_INTERFACE_PTR(IXPLogon,     LPXPLOGON);

/* ------------------------------------------------------------------------ */
/* Notification keys (IMAPISupport::Subscribe / Notify)                      */

typedef struct
{
    ULONG cb;
    BYTE  ab[MAPI_DIM];
} NOTIFKEY, *LPNOTIFKEY;

#define CbNewNOTIFKEY(cb) (offsetof(NOTIFKEY, ab) + (cb))
#define CbNOTIFKEY(p)     (offsetof(NOTIFKEY, ab) + (p)->cb)
#define SizedNOTIFKEY(cb, name) struct _NOTIFKEY_##name { ULONG cb; BYTE ab[cb]; } name

/* Subscribe / Notify */
#define NOTIFY_SYNC          ((ULONG)0x40000000)
#define NOTIFY_CANCELED      ((ULONG)0x80000000)
#define CALLBACK_DISCONTINUE ((ULONG)0x80000000)

/* SpoolerNotify */
#define NOTIFY_NEWMAIL          ((ULONG)0x00000001)
#define NOTIFY_READYTOSEND      ((ULONG)0x00000002)
#define NOTIFY_SENTDEFERRED     ((ULONG)0x00000004)
#define NOTIFY_CRITSEC          ((ULONG)0x00001000)
#define NOTIFY_NONCRIT          ((ULONG)0x00002000)
#define NOTIFY_CONFIG_CHANGE    ((ULONG)0x00004000)
#define NOTIFY_CRITICAL_ERROR   ((ULONG)0x10000000)
#define NOTIFY_NEWMAIL_RECEIVED ((ULONG)0x20000000)

/* ModifyStatusRow */
#define STATUSROW_UPDATE ((ULONG)0x10000000)

/* IStorageFromStream */
#define STGSTRM_RESET   ((ULONG)0x00000000)
#define STGSTRM_CURRENT ((ULONG)0x10000000)
#define STGSTRM_MODIFY  ((ULONG)0x00000002)
#define STGSTRM_CREATE  ((ULONG)0x00001000)

/* ReadReceipt */
#define MAPI_NON_READ ((ULONG)0x00000001)

/* DoProgressDialog */
#define DIALOG_FOLDER         ((ULONG)0x00000001)
#define DIALOG_MESSAGE        ((ULONG)0x00000002)
#define DIALOG_PROP           ((ULONG)0x00000004)
#define DIALOG_ATTACH         ((ULONG)0x00000008)
#define DIALOG_MOVE           ((ULONG)0x00000010)
#define DIALOG_COPY           ((ULONG)0x00000020)
#define DIALOG_DELETE         ((ULONG)0x00000040)
#define DIALOG_ALLOW_CANCEL   ((ULONG)0x00000080)
#define DIALOG_CONFIRM_CANCEL ((ULONG)0x00000100)

/* PrepareSubmit / ExpandRecips results */
#define NEEDS_PREPROCESSING ((ULONG)0x00000001)
#define NEEDS_SPOOLER       ((ULONG)0x00000002)

/* PrepareRecips */
#define FILL_ENTRY ((ULONG)0x00000001)

/* CompleteMsg / ExpandRecips */
#define CHECK_SENDER ((ULONG)0x00000001)
#define NON_STANDARD ((ULONG)0x00010000)

/* ------------------------------------------------------------------------ */
/* IMAPISupport: one object per provider logon, implemented by MAPI          */

#undef INTERFACE
#define INTERFACE IMAPISupport
DECLARE_INTERFACE_(IMAPISupport, IUnknown)
{
    BEGIN_INTERFACE
    /* IUnknown, slots 0-2 */
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **ppvObj) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    /* IMAPISupport, slots 3-43 */
    STDMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError) PURE;
    STDMETHOD(GetMemAllocRoutines)(THIS_ LPALLOCATEBUFFER *lpAllocateBuffer,
        LPALLOCATEMORE *lpAllocateMore, LPFREEBUFFER *lpFreeBuffer) PURE;
    STDMETHOD(Subscribe)(THIS_ LPNOTIFKEY lpKey, ULONG ulEventMask, ULONG ulFlags,
        LPMAPIADVISESINK lpAdviseSink, ULONG_PTR *lpulConnection) PURE;
    STDMETHOD(Unsubscribe)(THIS_ ULONG_PTR ulConnection) PURE;
    STDMETHOD(Notify)(THIS_ LPNOTIFKEY lpKey, ULONG cNotification, LPNOTIFICATION lpNotifications,
        ULONG *lpulFlags) PURE;
    STDMETHOD(ModifyStatusRow)(THIS_ ULONG cValues, LPSPropValue lpColumnVals, ULONG ulFlags) PURE;
    STDMETHOD(OpenProfileSection)(THIS_ LPMAPIUID lpUid, ULONG ulFlags,
        LPPROFSECT *lppProfileObj) PURE;
    STDMETHOD(RegisterPreprocessor)(THIS_ LPMAPIUID lpMuid, LPTSTR lpszAdrType, LPTSTR lpszDLLName,
        LPSTR lpszPreprocess, LPSTR lpszRemovePreprocessInfo, ULONG ulFlags) PURE;
    STDMETHOD(NewUID)(THIS_ LPMAPIUID lpMuid) PURE;
    STDMETHOD(MakeInvalid)(THIS_ ULONG ulFlags, LPVOID lpObject, ULONG ulRefCount,
        ULONG cMethods) PURE;
    STDMETHOD(SpoolerYield)(THIS_ ULONG ulFlags) PURE;
    STDMETHOD(SpoolerNotify)(THIS_ ULONG ulFlags, LPVOID lpvData) PURE;
    STDMETHOD(CreateOneOff)(THIS_ LPTSTR lpszName, LPTSTR lpszAdrType, LPTSTR lpszAddress,
        ULONG ulFlags, ULONG *lpcbEntryID, LPENTRYID *lppEntryID) PURE;
    STDMETHOD(SetProviderUID)(THIS_ LPMAPIUID lpProviderID, ULONG ulFlags) PURE;
    STDMETHOD(CompareEntryIDs)(THIS_ ULONG cbEntry1, LPENTRYID lpEntry1, ULONG cbEntry2,
        LPENTRYID lpEntry2, ULONG ulCompareFlags, ULONG *lpulResult) PURE;
    STDMETHOD(OpenTemplateID)(THIS_ ULONG cbTemplateID, LPENTRYID lpTemplateID,
        ULONG ulTemplateFlags, LPMAPIPROP lpMAPIPropData, LPCIID lpInterface,
        LPMAPIPROP *lppMAPIPropNew, LPMAPIPROP lpMAPIPropSibling) PURE;
    STDMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
        ULONG ulOpenFlags, ULONG *lpulObjType, LPUNKNOWN *lppUnk) PURE;
    STDMETHOD(GetOneOffTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(Address)(THIS_ ULONG_PTR *lpulUIParam, LPADRPARM lpAdrParms,
        LPADRLIST *lppAdrList) PURE;
    STDMETHOD(Details)(THIS_ ULONG_PTR *lpulUIParam, LPFNDISMISS lpfnDismiss,
        LPVOID lpvDismissContext, ULONG cbEntryID, LPENTRYID lpEntryID,
        LPFNBUTTON lpfButtonCallback, LPVOID lpvButtonContext, LPTSTR lpszButtonText,
        ULONG ulFlags) PURE;
    STDMETHOD(NewEntry)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags, ULONG cbEIDContainer,
        LPENTRYID lpEIDContainer, ULONG cbEIDNewEntryTpl, LPENTRYID lpEIDNewEntryTpl,
        ULONG *lpcbEIDNewEntry, LPENTRYID *lppEIDNewEntry) PURE;
    STDMETHOD(DoConfigPropsheet)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags, LPTSTR lpszTitle,
        LPMAPITABLE lpDisplayTable, LPMAPIPROP lpCOnfigData, ULONG ulTopPage) PURE;
    STDMETHOD(CopyMessages)(THIS_ LPCIID lpSrcInterface, LPVOID lpSrcFolder, LPENTRYLIST lpMsgList,
        LPCIID lpDestInterface, LPVOID lpDestFolder, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
        ULONG ulFlags) PURE;
    STDMETHOD(CopyFolder)(THIS_ LPCIID lpSrcInterface, LPVOID lpSrcFolder, ULONG cbEntryID,
        LPENTRYID lpEntryID, LPCIID lpDestInterface, LPVOID lpDestFolder, LPTSTR lpszNewFolderName,
        ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, ULONG ulFlags) PURE;
    STDMETHOD(DoCopyTo)(THIS_ LPCIID lpSrcInterface, LPVOID lpSrcObj, ULONG ciidExclude,
        LPCIID rgiidExclude, LPSPropTagArray lpExcludeProps, ULONG_PTR ulUIParam,
        LPMAPIPROGRESS lpProgress, LPCIID lpDestInterface, LPVOID lpDestObj, ULONG ulFlags,
        LPSPropProblemArray *lppProblems) PURE;
    STDMETHOD(DoCopyProps)(THIS_ LPCIID lpSrcInterface, LPVOID lpSrcObj,
        LPSPropTagArray lpIncludeProps, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
        LPCIID lpDestInterface, LPVOID lpDestObj, ULONG ulFlags,
        LPSPropProblemArray *lppProblems) PURE;
    STDMETHOD(DoProgressDialog)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags,
        LPMAPIPROGRESS *lppProgress) PURE;
    STDMETHOD(ReadReceipt)(THIS_ ULONG ulFlags, LPMESSAGE lpReadMessage,
        LPMESSAGE *lppEmptyMessage) PURE;
    STDMETHOD(PrepareSubmit)(THIS_ LPMESSAGE lpMessage, ULONG *lpulFlags) PURE;
    STDMETHOD(ExpandRecips)(THIS_ LPMESSAGE lpMessage, ULONG *lpulFlags) PURE;
    STDMETHOD(UpdatePAB)(THIS_ ULONG ulFlags, LPMESSAGE lpMessage) PURE;
    STDMETHOD(DoSentMail)(THIS_ ULONG ulFlags, LPMESSAGE lpMessage) PURE;
    STDMETHOD(OpenAddressBook)(THIS_ LPCIID lpInterface, ULONG ulFlags, LPADRBOOK *lppAdrBook) PURE;
    STDMETHOD(Preprocess)(THIS_ ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID) PURE;
    STDMETHOD(CompleteMsg)(THIS_ ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID) PURE;
    STDMETHOD(StoreLogoffTransports)(THIS_ ULONG *lpulFlags) PURE;
    STDMETHOD(StatusRecips)(THIS_ LPMESSAGE lpMessage, LPADRLIST lpRecipList) PURE;
    STDMETHOD(WrapStoreEntryID)(THIS_ ULONG cbOrigEntry, LPENTRYID lpOrigEntry,
        ULONG *lpcbWrappedEntry, LPENTRYID *lppWrappedEntry) PURE;
    STDMETHOD(ModifyProfile)(THIS_ ULONG ulFlags) PURE;
    STDMETHOD(IStorageFromStream)(THIS_ LPUNKNOWN lpUnkIn, LPCIID lpInterface, ULONG ulFlags,
        LPSTORAGE *lppStorageOut) PURE;
    STDMETHOD(GetSvcConfigSupportObj)(THIS_ ULONG ulFlags, LPMAPISUP *lppSvcSupport) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IMAPISupport_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IMAPISupport_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IMAPISupport_Release(p) (p)->lpVtbl->Release(p)
#define IMAPISupport_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMAPISupport_GetMemAllocRoutines(p,a,b,c) (p)->lpVtbl->GetMemAllocRoutines(p,a,b,c)
#define IMAPISupport_Subscribe(p,a,b,c,d,e) (p)->lpVtbl->Subscribe(p,a,b,c,d,e)
#define IMAPISupport_Unsubscribe(p,a) (p)->lpVtbl->Unsubscribe(p,a)
#define IMAPISupport_Notify(p,a,b,c,d) (p)->lpVtbl->Notify(p,a,b,c,d)
#define IMAPISupport_ModifyStatusRow(p,a,b,c) (p)->lpVtbl->ModifyStatusRow(p,a,b,c)
#define IMAPISupport_OpenProfileSection(p,a,b,c) (p)->lpVtbl->OpenProfileSection(p,a,b,c)
#define IMAPISupport_RegisterPreprocessor(p,a,b,c,d,e,f) (p)->lpVtbl->RegisterPreprocessor(p,a,b,c,d,e,f)
#define IMAPISupport_NewUID(p,a) (p)->lpVtbl->NewUID(p,a)
#define IMAPISupport_MakeInvalid(p,a,b,c,d) (p)->lpVtbl->MakeInvalid(p,a,b,c,d)
#define IMAPISupport_SpoolerYield(p,a) (p)->lpVtbl->SpoolerYield(p,a)
#define IMAPISupport_SpoolerNotify(p,a,b) (p)->lpVtbl->SpoolerNotify(p,a,b)
#define IMAPISupport_CreateOneOff(p,a,b,c,d,e,f) (p)->lpVtbl->CreateOneOff(p,a,b,c,d,e,f)
#define IMAPISupport_SetProviderUID(p,a,b) (p)->lpVtbl->SetProviderUID(p,a,b)
#define IMAPISupport_CompareEntryIDs(p,a,b,c,d,e,f) (p)->lpVtbl->CompareEntryIDs(p,a,b,c,d,e,f)
#define IMAPISupport_OpenTemplateID(p,a,b,c,d,e,f,g) (p)->lpVtbl->OpenTemplateID(p,a,b,c,d,e,f,g)
#define IMAPISupport_OpenEntry(p,a,b,c,d,e,f) (p)->lpVtbl->OpenEntry(p,a,b,c,d,e,f)
#define IMAPISupport_GetOneOffTable(p,a,b) (p)->lpVtbl->GetOneOffTable(p,a,b)
#define IMAPISupport_Address(p,a,b,c) (p)->lpVtbl->Address(p,a,b,c)
#define IMAPISupport_Details(p,a,b,c,d,e,f,g,h,i) (p)->lpVtbl->Details(p,a,b,c,d,e,f,g,h,i)
#define IMAPISupport_NewEntry(p,a,b,c,d,e,f,g,h) (p)->lpVtbl->NewEntry(p,a,b,c,d,e,f,g,h)
#define IMAPISupport_DoConfigPropsheet(p,a,b,c,d,e,f) (p)->lpVtbl->DoConfigPropsheet(p,a,b,c,d,e,f)
#define IMAPISupport_CopyMessages(p,a,b,c,d,e,f,g,h) (p)->lpVtbl->CopyMessages(p,a,b,c,d,e,f,g,h)
#define IMAPISupport_CopyFolder(p,a,b,c,d,e,f,g,h,i,j) (p)->lpVtbl->CopyFolder(p,a,b,c,d,e,f,g,h,i,j)
#define IMAPISupport_DoCopyTo(p,a,b,c,d,e,f,g,h,i,j,k) (p)->lpVtbl->DoCopyTo(p,a,b,c,d,e,f,g,h,i,j,k)
#define IMAPISupport_DoCopyProps(p,a,b,c,d,e,f,g,h,i) (p)->lpVtbl->DoCopyProps(p,a,b,c,d,e,f,g,h,i)
#define IMAPISupport_DoProgressDialog(p,a,b,c) (p)->lpVtbl->DoProgressDialog(p,a,b,c)
#define IMAPISupport_ReadReceipt(p,a,b,c) (p)->lpVtbl->ReadReceipt(p,a,b,c)
#define IMAPISupport_PrepareSubmit(p,a,b) (p)->lpVtbl->PrepareSubmit(p,a,b)
#define IMAPISupport_ExpandRecips(p,a,b) (p)->lpVtbl->ExpandRecips(p,a,b)
#define IMAPISupport_UpdatePAB(p,a,b) (p)->lpVtbl->UpdatePAB(p,a,b)
#define IMAPISupport_DoSentMail(p,a,b) (p)->lpVtbl->DoSentMail(p,a,b)
#define IMAPISupport_OpenAddressBook(p,a,b,c) (p)->lpVtbl->OpenAddressBook(p,a,b,c)
#define IMAPISupport_Preprocess(p,a,b,c) (p)->lpVtbl->Preprocess(p,a,b,c)
#define IMAPISupport_CompleteMsg(p,a,b,c) (p)->lpVtbl->CompleteMsg(p,a,b,c)
#define IMAPISupport_StoreLogoffTransports(p,a) (p)->lpVtbl->StoreLogoffTransports(p,a)
#define IMAPISupport_StatusRecips(p,a,b) (p)->lpVtbl->StatusRecips(p,a,b)
#define IMAPISupport_WrapStoreEntryID(p,a,b,c,d) (p)->lpVtbl->WrapStoreEntryID(p,a,b,c,d)
#define IMAPISupport_ModifyProfile(p,a) (p)->lpVtbl->ModifyProfile(p,a)
#define IMAPISupport_IStorageFromStream(p,a,b,c,d) (p)->lpVtbl->IStorageFromStream(p,a,b,c,d)
#define IMAPISupport_GetSvcConfigSupportObj(p,a,b) (p)->lpVtbl->GetSvcConfigSupportObj(p,a,b)
#endif

/* ------------------------------------------------------------------------ */
/* Address book providers                                                    */

#undef INTERFACE
#define INTERFACE IABProvider
DECLARE_INTERFACE_(IABProvider, IUnknown)
{
    BEGIN_INTERFACE
    /* IUnknown, slots 0-2 */
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **ppvObj) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    /* IABProvider, slots 3-4 */
    STDMETHOD(Shutdown)(THIS_ ULONG *lpulFlags) PURE;
    STDMETHOD(Logon)(THIS_ LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam, LPTSTR lpszProfileName,
        ULONG ulFlags, ULONG *lpulpcbSecurity, LPBYTE *lppbSecurity, LPMAPIERROR *lppMAPIError,
        LPABLOGON *lppABLogon) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IABProvider_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IABProvider_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IABProvider_Release(p) (p)->lpVtbl->Release(p)
#define IABProvider_Shutdown(p,a) (p)->lpVtbl->Shutdown(p,a)
#define IABProvider_Logon(p,a,b,c,d,e,f,g,h) (p)->lpVtbl->Logon(p,a,b,c,d,e,f,g,h)
#endif

#undef INTERFACE
#define INTERFACE IABLogon
DECLARE_INTERFACE_(IABLogon, IUnknown)
{
    BEGIN_INTERFACE
    /* IUnknown, slots 0-2 */
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **ppvObj) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    /* IABLogon, slots 3-12 */
    STDMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError) PURE;
    STDMETHOD(Logoff)(THIS_ ULONG ulFlags) PURE;
    STDMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
        ULONG ulFlags, ULONG *lpulObjType, LPUNKNOWN *lppUnk) PURE;
    STDMETHOD(CompareEntryIDs)(THIS_ ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
        LPENTRYID lpEntryID2, ULONG ulFlags, ULONG *lpulResult) PURE;
    STDMETHOD(Advise)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
        LPMAPIADVISESINK lpAdviseSink, ULONG_PTR *lpulConnection) PURE;
    STDMETHOD(Unadvise)(THIS_ ULONG_PTR ulConnection) PURE;
    STDMETHOD(OpenStatusEntry)(THIS_ LPCIID lpInterface, ULONG ulFlags, ULONG *lpulObjType,
        LPMAPISTATUS *lppEntry) PURE;
    STDMETHOD(OpenTemplateID)(THIS_ ULONG cbTemplateID, LPENTRYID lpTemplateID,
        ULONG ulTemplateFlags, LPMAPIPROP lpMAPIPropData, LPCIID lpInterface,
        LPMAPIPROP *lppMAPIPropNew, LPMAPIPROP lpMAPIPropSibling) PURE;
    STDMETHOD(GetOneOffTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(PrepareRecips)(THIS_ ULONG ulFlags, LPSPropTagArray lpPropTagArray,
        LPADRLIST lpRecipList) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IABLogon_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IABLogon_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IABLogon_Release(p) (p)->lpVtbl->Release(p)
#define IABLogon_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IABLogon_Logoff(p,a) (p)->lpVtbl->Logoff(p,a)
#define IABLogon_OpenEntry(p,a,b,c,d,e,f) (p)->lpVtbl->OpenEntry(p,a,b,c,d,e,f)
#define IABLogon_CompareEntryIDs(p,a,b,c,d,e,f) (p)->lpVtbl->CompareEntryIDs(p,a,b,c,d,e,f)
#define IABLogon_Advise(p,a,b,c,d,e) (p)->lpVtbl->Advise(p,a,b,c,d,e)
#define IABLogon_Unadvise(p,a) (p)->lpVtbl->Unadvise(p,a)
#define IABLogon_OpenStatusEntry(p,a,b,c,d) (p)->lpVtbl->OpenStatusEntry(p,a,b,c,d)
#define IABLogon_OpenTemplateID(p,a,b,c,d,e,f,g) (p)->lpVtbl->OpenTemplateID(p,a,b,c,d,e,f,g)
#define IABLogon_GetOneOffTable(p,a,b) (p)->lpVtbl->GetOneOffTable(p,a,b)
#define IABLogon_PrepareRecips(p,a,b,c) (p)->lpVtbl->PrepareRecips(p,a,b,c)
#endif

/* ------------------------------------------------------------------------ */
/* Transport providers                                                       */

/* DeinitTransport */
#define DEINIT_NORMAL ((ULONG)0x00000001)
#define DEINIT_HURRY  ((ULONG)0x80000000)

/* TransportLogon: input flags */
#define LOGON_NO_DIALOG   ((ULONG)0x00000001)
#define LOGON_NO_CONNECT  ((ULONG)0x00000004)
#define LOGON_NO_INBOUND  ((ULONG)0x00000008)
#define LOGON_NO_OUTBOUND ((ULONG)0x00000010)
/* TransportLogon: output flags */
#define LOGON_SP_IDLE     ((ULONG)0x00010000)
#define LOGON_SP_POLL     ((ULONG)0x00020000)
#define LOGON_SP_RESOLVE  ((ULONG)0x00040000)

#undef INTERFACE
#define INTERFACE IXPProvider
DECLARE_INTERFACE_(IXPProvider, IUnknown)
{
    BEGIN_INTERFACE
    /* IUnknown, slots 0-2 */
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **ppvObj) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    /* IXPProvider, slots 3-4 */
    STDMETHOD(Shutdown)(THIS_ ULONG *lpulFlags) PURE;
    STDMETHOD(TransportLogon)(THIS_ LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam,
        LPTSTR lpszProfileName, ULONG *lpulFlags, LPMAPIERROR *lppMAPIError,
        LPXPLOGON *lppXPLogon) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IXPProvider_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IXPProvider_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IXPProvider_Release(p) (p)->lpVtbl->Release(p)
#define IXPProvider_Shutdown(p,a) (p)->lpVtbl->Shutdown(p,a)
#define IXPProvider_TransportLogon(p,a,b,c,d,e,f) (p)->lpVtbl->TransportLogon(p,a,b,c,d,e,f)
#endif

/* RegisterOptions */
#define OPTION_TYPE_RECIPIENT ((ULONG)0x00000001)
#define OPTION_TYPE_MESSAGE   ((ULONG)0x00000002)

typedef struct _OPTIONDATA
{
    ULONG        ulFlags;          /* OPTION_TYPE_* */
    LPGUID       lpRecipGUID;
    LPTSTR       lpszAdrType;
    LPTSTR       lpszDLLName;
    ULONG        ulOrdinal;
    ULONG        cbOptionsData;
    LPBYTE       lpbOptionsData;
    ULONG        cOptionsProps;
    LPSPropValue lpOptionsProps;
} OPTIONDATA, *LPOPTIONDATA;

typedef SCODE (STDMAPIINITCALLTYPE OPTIONCALLBACK)(HINSTANCE hInst, LPMALLOC lpMalloc,
        ULONG ulFlags, ULONG cbOptionData, LPBYTE lpbOptionData, LPMAPISUP lpMAPISup,
        LPMAPIPROP lpDataSource, LPMAPIPROP *lppWrappedSource, LPMAPIERROR *lppMAPIError);

/* TransportNotify */
#define NOTIFY_ABORT_DEFERRED       ((ULONG)0x40000000)
#define NOTIFY_CANCEL_MESSAGE       ((ULONG)0x80000000)
#define NOTIFY_BEGIN_INBOUND        ((ULONG)0x00000001)
#define NOTIFY_END_INBOUND          ((ULONG)0x00010000)
#define NOTIFY_BEGIN_OUTBOUND       ((ULONG)0x00000002)
#define NOTIFY_END_OUTBOUND         ((ULONG)0x00020000)
#define NOTIFY_BEGIN_INBOUND_FLUSH  ((ULONG)0x00000004)
#define NOTIFY_END_INBOUND_FLUSH    ((ULONG)0x00040000)
#define NOTIFY_BEGIN_OUTBOUND_FLUSH ((ULONG)0x00000008)
#define NOTIFY_END_OUTBOUND_FLUSH   ((ULONG)0x00080000)

/* TransportLogoff */
#define LOGOFF_NORMAL ((ULONG)0x00000001)
#define LOGOFF_HURRY  ((ULONG)0x80000000)

/* SubmitMessage */
#define BEGIN_DEFERRED ((ULONG)0x00000001)

/* EndMessage results */
#define END_RESEND_NOW   ((ULONG)0x00010000)
#define END_RESEND_LATER ((ULONG)0x00020000)
#define END_DONT_RESEND  ((ULONG)0x00040000)

#undef INTERFACE
#define INTERFACE IXPLogon
DECLARE_INTERFACE_(IXPLogon, IUnknown)
{
    BEGIN_INTERFACE
    /* IUnknown, slots 0-2 */
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **ppvObj) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    /* IXPLogon, slots 3-14 */
    STDMETHOD(AddressTypes)(THIS_ ULONG *lpulFlags, ULONG *lpcAdrType, LPTSTR **lpppszAdrTypeArray,
        ULONG *lpcMAPIUID, LPMAPIUID **lpppUIDArray) PURE;
    STDMETHOD(RegisterOptions)(THIS_ ULONG *lpulFlags, ULONG *lpcOptions,
        LPOPTIONDATA *lppOptions) PURE;
    STDMETHOD(TransportNotify)(THIS_ ULONG *lpulFlags, LPVOID *lppvData) PURE;
    STDMETHOD(Idle)(THIS_ ULONG ulFlags) PURE;
    STDMETHOD(TransportLogoff)(THIS_ ULONG ulFlags) PURE;
    STDMETHOD(SubmitMessage)(THIS_ ULONG ulFlags, LPMESSAGE lpMessage, ULONG_PTR *lpulMsgRef,
        ULONG_PTR *lpulReturnParm) PURE;
    STDMETHOD(EndMessage)(THIS_ ULONG_PTR ulMsgRef, ULONG *lpulFlags) PURE;
    STDMETHOD(Poll)(THIS_ ULONG *lpulIncoming) PURE;
    STDMETHOD(StartMessage)(THIS_ ULONG ulFlags, LPMESSAGE lpMessage, ULONG_PTR *lpulMsgRef) PURE;
    STDMETHOD(OpenStatusEntry)(THIS_ LPCIID lpInterface, ULONG ulFlags, ULONG *lpulObjType,
        LPMAPISTATUS *lppEntry) PURE;
    STDMETHOD(ValidateState)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags) PURE;
    STDMETHOD(FlushQueues)(THIS_ ULONG_PTR ulUIParam, ULONG cbTargetTransport,
        LPENTRYID lpTargetTransport, ULONG ulFlags) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IXPLogon_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IXPLogon_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IXPLogon_Release(p) (p)->lpVtbl->Release(p)
#define IXPLogon_AddressTypes(p,a,b,c,d,e) (p)->lpVtbl->AddressTypes(p,a,b,c,d,e)
#define IXPLogon_RegisterOptions(p,a,b,c) (p)->lpVtbl->RegisterOptions(p,a,b,c)
#define IXPLogon_TransportNotify(p,a,b) (p)->lpVtbl->TransportNotify(p,a,b)
#define IXPLogon_Idle(p,a) (p)->lpVtbl->Idle(p,a)
#define IXPLogon_TransportLogoff(p,a) (p)->lpVtbl->TransportLogoff(p,a)
#define IXPLogon_SubmitMessage(p,a,b,c,d) (p)->lpVtbl->SubmitMessage(p,a,b,c,d)
#define IXPLogon_EndMessage(p,a,b) (p)->lpVtbl->EndMessage(p,a,b)
#define IXPLogon_Poll(p,a) (p)->lpVtbl->Poll(p,a)
#define IXPLogon_StartMessage(p,a,b,c) (p)->lpVtbl->StartMessage(p,a,b,c)
#define IXPLogon_OpenStatusEntry(p,a,b,c,d) (p)->lpVtbl->OpenStatusEntry(p,a,b,c,d)
#define IXPLogon_ValidateState(p,a,b) (p)->lpVtbl->ValidateState(p,a,b)
#define IXPLogon_FlushQueues(p,a,b,c,d) (p)->lpVtbl->FlushQueues(p,a,b,c,d)
#endif

/* ------------------------------------------------------------------------ */
/* Message store providers                                                   */

/* Logon results for the spooler */
#define LOGON_SP_TRANSPORT ((ULONG)0x00000001)
#define LOGON_SP_PROMPT    ((ULONG)0x00000002)
#define LOGON_SP_NEWPW     ((ULONG)0x00000004)
#define LOGON_CHANGED      ((ULONG)0x00000008)

#undef INTERFACE
#define INTERFACE IMSProvider
DECLARE_INTERFACE_(IMSProvider, IUnknown)
{
    BEGIN_INTERFACE
    /* IUnknown, slots 0-2 */
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **ppvObj) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    /* IMSProvider, slots 3-6 */
    STDMETHOD(Shutdown)(THIS_ ULONG *lpulFlags) PURE;
    STDMETHOD(Logon)(THIS_ LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam, LPTSTR lpszProfileName,
        ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags, LPCIID lpInterface,
        ULONG *lpcbSpoolSecurity, LPBYTE *lppbSpoolSecurity, LPMAPIERROR *lppMAPIError,
        LPMSLOGON *lppMSLogon, LPMDB *lppMDB) PURE;
    STDMETHOD(SpoolerLogon)(THIS_ LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam, LPTSTR lpszProfileName,
        ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags, LPCIID lpInterface,
        ULONG cbSpoolSecurity, LPBYTE lpbSpoolSecurity, LPMAPIERROR *lppMAPIError,
        LPMSLOGON *lppMSLogon, LPMDB *lppMDB) PURE;
    STDMETHOD(CompareStoreIDs)(THIS_ ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
        LPENTRYID lpEntryID2, ULONG ulFlags, ULONG *lpulResult) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IMSProvider_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IMSProvider_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IMSProvider_Release(p) (p)->lpVtbl->Release(p)
#define IMSProvider_Shutdown(p,a) (p)->lpVtbl->Shutdown(p,a)
#define IMSProvider_Logon(p,a,b,c,d,e,f,g,h,i,j,k,l) (p)->lpVtbl->Logon(p,a,b,c,d,e,f,g,h,i,j,k,l)
#define IMSProvider_SpoolerLogon(p,a,b,c,d,e,f,g,h,i,j,k,l) (p)->lpVtbl->SpoolerLogon(p,a,b,c,d,e,f,g,h,i,j,k,l)
#define IMSProvider_CompareStoreIDs(p,a,b,c,d,e,f) (p)->lpVtbl->CompareStoreIDs(p,a,b,c,d,e,f)
#endif

#undef INTERFACE
#define INTERFACE IMSLogon
DECLARE_INTERFACE_(IMSLogon, IUnknown)
{
    BEGIN_INTERFACE
    /* IUnknown, slots 0-2 */
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **ppvObj) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    /* IMSLogon, slots 3-9 */
    STDMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError) PURE;
    STDMETHOD(Logoff)(THIS_ ULONG *lpulFlags) PURE;
    STDMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
        ULONG ulFlags, ULONG *lpulObjType, LPUNKNOWN *lppUnk) PURE;
    STDMETHOD(CompareEntryIDs)(THIS_ ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
        LPENTRYID lpEntryID2, ULONG ulFlags, ULONG *lpulResult) PURE;
    STDMETHOD(Advise)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
        LPMAPIADVISESINK lpAdviseSink, ULONG_PTR *lpulConnection) PURE;
    STDMETHOD(Unadvise)(THIS_ ULONG_PTR ulConnection) PURE;
    STDMETHOD(OpenStatusEntry)(THIS_ LPCIID lpInterface, ULONG ulFlags, ULONG *lpulObjType,
        LPVOID *lppEntry) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IMSLogon_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IMSLogon_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IMSLogon_Release(p) (p)->lpVtbl->Release(p)
#define IMSLogon_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMSLogon_Logoff(p,a) (p)->lpVtbl->Logoff(p,a)
#define IMSLogon_OpenEntry(p,a,b,c,d,e,f) (p)->lpVtbl->OpenEntry(p,a,b,c,d,e,f)
#define IMSLogon_CompareEntryIDs(p,a,b,c,d,e,f) (p)->lpVtbl->CompareEntryIDs(p,a,b,c,d,e,f)
#define IMSLogon_Advise(p,a,b,c,d,e) (p)->lpVtbl->Advise(p,a,b,c,d,e)
#define IMSLogon_Unadvise(p,a) (p)->lpVtbl->Unadvise(p,a)
#define IMSLogon_OpenStatusEntry(p,a,b,c,d) (p)->lpVtbl->OpenStatusEntry(p,a,b,c,d)
#endif

/* ------------------------------------------------------------------------ */
/* Entry points exported by provider DLLs (always __cdecl)                   */

typedef HRESULT (STDMAPIINITCALLTYPE MSPROVIDERINIT)(HINSTANCE hInstance, LPMALLOC lpMalloc,
        LPALLOCATEBUFFER lpAllocateBuffer, LPALLOCATEMORE lpAllocateMore,
        LPFREEBUFFER lpFreeBuffer, ULONG ulFlags, ULONG ulMAPIVer,
        ULONG *lpulProviderVer, LPMSPROVIDER *lppMSProvider);
typedef MSPROVIDERINIT *LPMSPROVIDERINIT;

typedef HRESULT (STDMAPIINITCALLTYPE ABPROVIDERINIT)(HINSTANCE hInstance, LPMALLOC lpMalloc,
        LPALLOCATEBUFFER lpAllocateBuffer, LPALLOCATEMORE lpAllocateMore,
        LPFREEBUFFER lpFreeBuffer, ULONG ulFlags, ULONG ulMAPIVer,
        ULONG *lpulProviderVer, LPABPROVIDER *lppABProvider);
typedef ABPROVIDERINIT *LPABPROVIDERINIT;

typedef HRESULT (STDMAPIINITCALLTYPE XPPROVIDERINIT)(HINSTANCE hInstance, LPMALLOC lpMalloc,
        LPALLOCATEBUFFER lpAllocateBuffer, LPALLOCATEMORE lpAllocateMore,
        LPFREEBUFFER lpFreeBuffer, ULONG ulFlags, ULONG ulMAPIVer,
        ULONG *lpulProviderVer, LPXPPROVIDER *lppXPProvider);
typedef XPPROVIDERINIT *LPXPPROVIDERINIT;

/* What providers export, by these names. */
MSPROVIDERINIT MSProviderInit;
ABPROVIDERINIT ABProviderInit;
XPPROVIDERINIT XPProviderInit;

/* ------------------------------------------------------------------------ */
/* Message service entry point (named by PR_SERVICE_ENTRY_NAME, stdcall)     */

/* ulFlags */
#define MSG_SERVICE_UI_READ_ONLY 0x00000008
#define SERVICE_LOGON_FAILED     0x00000020

/* ulContext */
#define MSG_SERVICE_INSTALL         0x00000001
#define MSG_SERVICE_CREATE          0x00000002
#define MSG_SERVICE_CONFIGURE       0x00000003
#define MSG_SERVICE_DELETE          0x00000004
#define MSG_SERVICE_UNINSTALL       0x00000005
#define MSG_SERVICE_PROVIDER_CREATE 0x00000006
#define MSG_SERVICE_PROVIDER_DELETE 0x00000007

typedef HRESULT (STDAPICALLTYPE MSGSERVICEENTRY)(HINSTANCE hInstance, LPMALLOC lpMalloc,
        LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam, ULONG ulFlags, ULONG ulContext,
        ULONG cValues, LPSPropValue lpProps, LPPROVIDERADMIN lpProviderAdmin,
        LPMAPIERROR *lppMapiError);
typedef MSGSERVICEENTRY *LPMSGSERVICEENTRY;

/* ------------------------------------------------------------------------ */
/* A transport's preprocessor functions, named to RegisterPreprocessor       */
/* (preprocessmessage.md, removepreprocessinfo.md)                           */

typedef HRESULT (STDMAPIINITCALLTYPE PREPROCESSMESSAGE)(LPVOID lpvSession, LPMESSAGE lpMessage,
        LPADRBOOK lpAdrBook, LPMAPIFOLDER lpFolder, LPALLOCATEBUFFER AllocateBuffer,
        LPALLOCATEMORE AllocateMore, LPFREEBUFFER FreeBuffer, ULONG *lpcOutbound,
        LPMESSAGE **lpppMessage, LPADRLIST *lppRecipList);
typedef PREPROCESSMESSAGE *LPPREPROCESSMESSAGE;
typedef HRESULT (STDMAPIINITCALLTYPE REMOVEPREPROCESSINFO)(LPMESSAGE lpMessage);
typedef REMOVEPREPROCESSINFO *LPREMOVEPREPROCESSINFO;

#ifdef __cplusplus
}
#endif

#endif /* MAPISPI_H */
