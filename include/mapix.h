/*
 * mapix.h - Extended MAPI: base functions, IMAPISession, IAddrBook,
 * IProfAdmin and IMsgServiceAdmin (FreeMAPI SDK).
 */
#ifndef MAPIX_H
#define MAPIX_H

#include <mapidefs.h>
#include <mapicode.h>
#include <mapiguid.h>
#include <mapitags.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Expands to nothing for clients; mapi32 may predefine it (e.g. dllexport). */
#ifndef FREEMAPI_API
#define FREEMAPI_API
#endif

DECLARE_MAPI_INTERFACE_PTR(IProfAdmin,       LPPROFADMIN);
DECLARE_MAPI_INTERFACE_PTR(IMsgServiceAdmin, LPSERVICEADMIN);
DECLARE_MAPI_INTERFACE_PTR(IMAPISession,     LPMAPISESSION);

typedef ULONG FLAGS;

/* ------------------------------------------------------------------------ */
/* MAPILogonEx flags (the low bits are shared with Simple MAPI's mapi.h)     */

#ifndef MAPI_LOGON_UI
#define MAPI_LOGON_UI          0x00000001
#endif
#ifndef MAPI_NEW_SESSION
#define MAPI_NEW_SESSION       0x00000002
#endif
#define MAPI_APP_PROFILE       0x00000004
#define MAPI_ALLOW_OTHERS      0x00000008
#define MAPI_EXPLICIT_PROFILE  0x00000010
#define MAPI_EXTENDED          0x00000020
#ifndef MAPI_FORCE_DOWNLOAD
#define MAPI_FORCE_DOWNLOAD    0x00001000
#endif
#define MAPI_SERVICE_UI_ALWAYS 0x00002000
#define MAPI_NO_MAIL           0x00008000
#ifndef MAPI_PASSWORD_UI
#define MAPI_PASSWORD_UI       0x00020000
#endif
#define MAPI_TIMEOUT_SHORT     0x00100000
#define MAPI_BG_SESSION        0x00200000

#define MAPI_SIMPLE_DEFAULT  (MAPI_LOGON_UI | MAPI_FORCE_DOWNLOAD | MAPI_ALLOW_OTHERS)
#define MAPI_SIMPLE_EXPLICIT (MAPI_NEW_SESSION | MAPI_FORCE_DOWNLOAD | MAPI_EXPLICIT_PROFILE)

/* ------------------------------------------------------------------------ */
/* MAPIInitialize                                                            */

typedef struct
{
    ULONG ulVersion;           /* MAPI_INIT_VERSION */
    ULONG ulFlags;
} MAPIINIT_0, *LPMAPIINIT_0;

typedef MAPIINIT_0 MAPIINIT;
typedef MAPIINIT *LPMAPIINIT;

#define MAPI_INIT_VERSION              0
#define MAPI_MULTITHREAD_NOTIFICATIONS 0x00000001
#define MAPI_NO_COINIT                 0x00000008
/* MAPI_NT_SERVICE (0x00010000) is in mapidefs.h; 0x40000000 is reserved. */

/* ------------------------------------------------------------------------ */
/* Base functions                                                            */

typedef HRESULT (STDAPICALLTYPE MAPIINITIALIZE)(LPVOID lpMapiInit);
typedef MAPIINITIALIZE *LPMAPIINITIALIZE;
typedef void (STDAPICALLTYPE MAPIUNINITIALIZE)(void);
typedef MAPIUNINITIALIZE *LPMAPIUNINITIALIZE;

/* lpszProfileName/lpszPassword are WCHAR* when ulFlags has MAPI_UNICODE. */
typedef HRESULT (STDMETHODCALLTYPE MAPILOGONEX)(ULONG_PTR ulUIParam, LPTSTR lpszProfileName,
                                                LPTSTR lpszPassword, ULONG ulFlags,
                                                LPMAPISESSION *lppSession);
typedef MAPILOGONEX *LPMAPILOGONEX;

typedef SCODE (STDMETHODCALLTYPE MAPIALLOCATEBUFFER)(ULONG cbSize, LPVOID *lppBuffer);
typedef SCODE (STDMETHODCALLTYPE MAPIALLOCATEMORE)(ULONG cbSize, LPVOID lpObject, LPVOID *lppBuffer);
#ifndef FREEMAPI_MAPIFREEBUFFER_TYPE
#define FREEMAPI_MAPIFREEBUFFER_TYPE
typedef ULONG (STDAPICALLTYPE MAPIFREEBUFFER)(LPVOID lpBuffer);
typedef MAPIFREEBUFFER *LPMAPIFREEBUFFER;
#endif
typedef MAPIALLOCATEBUFFER *LPMAPIALLOCATEBUFFER;
typedef MAPIALLOCATEMORE   *LPMAPIALLOCATEMORE;

typedef HRESULT (STDMETHODCALLTYPE MAPIADMINPROFILES)(ULONG ulFlags, LPPROFADMIN *lppProfAdmin);
typedef MAPIADMINPROFILES *LPMAPIADMINPROFILES;

FREEMAPI_API HRESULT STDAPICALLTYPE MAPIInitialize(LPVOID lpMapiInit);
FREEMAPI_API void STDAPICALLTYPE MAPIUninitialize(void);
FREEMAPI_API HRESULT STDMETHODCALLTYPE MAPILogonEx(ULONG_PTR ulUIParam, LPTSTR lpszProfileName,
                                                   LPTSTR lpszPassword, ULONG ulFlags,
                                                   LPMAPISESSION *lppSession);
FREEMAPI_API SCODE STDMETHODCALLTYPE MAPIAllocateBuffer(ULONG cbSize, LPVOID *lppBuffer);
FREEMAPI_API SCODE STDMETHODCALLTYPE MAPIAllocateMore(ULONG cbSize, LPVOID lpObject,
                                                      LPVOID *lppBuffer);
FREEMAPI_API ULONG STDAPICALLTYPE MAPIFreeBuffer(LPVOID lpBuffer);
FREEMAPI_API HRESULT STDMETHODCALLTYPE MAPIAdminProfiles(ULONG ulFlags, LPPROFADMIN *lppProfAdmin);
FREEMAPI_API LPMALLOC STDAPICALLTYPE MAPIGetDefaultMalloc(void);

/* ------------------------------------------------------------------------ */
/* IMAPISession                                                              */

/* Logoff */
#define MAPI_LOGOFF_SHARED 0x00000001
#define MAPI_LOGOFF_UI     0x00000002

/* SetDefaultStore (mutually exclusive values) */
#define MAPI_DEFAULT_STORE          0x00000001
#define MAPI_SIMPLE_STORE_TEMPORARY 0x00000002
#define MAPI_SIMPLE_STORE_PERMANENT 0x00000003
#define MAPI_PRIMARY_STORE          0x00000004
#define MAPI_SECONDARY_STORE        0x00000005

/* ShowForm */
#define MAPI_POST_MESSAGE 0x00000001
#define MAPI_NEW_MESSAGE  0x00000002

#undef INTERFACE
#define INTERFACE IMAPISession
DECLARE_INTERFACE_(IMAPISession, IUnknown)
{
    BEGIN_INTERFACE
    /* IUnknown, slots 0-2 */
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **ppvObj) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    /* IMAPISession, slots 3-21 */
    STDMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError) PURE;
    STDMETHOD(GetMsgStoresTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(OpenMsgStore)(THIS_ ULONG_PTR ulUIParam, ULONG cbEntryID, LPENTRYID lpEntryID,
        LPCIID lpInterface, ULONG ulFlags, LPMDB *lppMDB) PURE;
    STDMETHOD(OpenAddressBook)(THIS_ ULONG_PTR ulUIParam, LPCIID lpInterface, ULONG ulFlags,
        LPADRBOOK *lppAdrBook) PURE;
    STDMETHOD(OpenProfileSection)(THIS_ LPMAPIUID lpUID, LPCIID lpInterface, ULONG ulFlags,
        LPPROFSECT *lppProfSect) PURE;
    STDMETHOD(GetStatusTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
        ULONG ulFlags, ULONG *lpulObjType, LPUNKNOWN *lppUnk) PURE;
    STDMETHOD(CompareEntryIDs)(THIS_ ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
        LPENTRYID lpEntryID2, ULONG ulFlags, ULONG *lpulResult) PURE;
    STDMETHOD(Advise)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
        LPMAPIADVISESINK lpAdviseSink, ULONG_PTR *lpulConnection) PURE;
    STDMETHOD(Unadvise)(THIS_ ULONG_PTR ulConnection) PURE;
    STDMETHOD(MessageOptions)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags, LPTSTR lpszAdrType,
        LPMESSAGE lpMessage) PURE;
    STDMETHOD(QueryDefaultMessageOpt)(THIS_ LPTSTR lpszAdrType, ULONG ulFlags, ULONG *lpcValues,
        LPSPropValue *lppOptions) PURE;
    STDMETHOD(EnumAdrTypes)(THIS_ ULONG ulFlags, ULONG *lpcAdrTypes, LPTSTR **lpppszAdrTypes) PURE;
    STDMETHOD(QueryIdentity)(THIS_ ULONG *lpcbEntryID, LPENTRYID *lppEntryID) PURE;
    STDMETHOD(Logoff)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags, ULONG ulReserved) PURE;
    STDMETHOD(SetDefaultStore)(THIS_ ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID) PURE;
    STDMETHOD(AdminServices)(THIS_ ULONG ulFlags, LPSERVICEADMIN *lppServiceAdmin) PURE;
    STDMETHOD(ShowForm)(THIS_ ULONG_PTR ulUIParam, LPMDB lpMsgStore, LPMAPIFOLDER lpParentFolder,
        LPCIID lpInterface, ULONG_PTR ulMessageToken, LPMESSAGE lpMessageSent, ULONG ulFlags,
        ULONG ulMessageStatus, ULONG ulMessageFlags, ULONG ulAccess, LPSTR lpszMessageClass) PURE;
    STDMETHOD(PrepareForm)(THIS_ LPCIID lpInterface, LPMESSAGE lpMessage,
        ULONG_PTR *lpulMessageToken) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IMAPISession_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IMAPISession_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IMAPISession_Release(p) (p)->lpVtbl->Release(p)
#define IMAPISession_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMAPISession_GetMsgStoresTable(p,a,b) (p)->lpVtbl->GetMsgStoresTable(p,a,b)
#define IMAPISession_OpenMsgStore(p,a,b,c,d,e,f) (p)->lpVtbl->OpenMsgStore(p,a,b,c,d,e,f)
#define IMAPISession_OpenAddressBook(p,a,b,c,d) (p)->lpVtbl->OpenAddressBook(p,a,b,c,d)
#define IMAPISession_OpenProfileSection(p,a,b,c,d) (p)->lpVtbl->OpenProfileSection(p,a,b,c,d)
#define IMAPISession_GetStatusTable(p,a,b) (p)->lpVtbl->GetStatusTable(p,a,b)
#define IMAPISession_OpenEntry(p,a,b,c,d,e,f) (p)->lpVtbl->OpenEntry(p,a,b,c,d,e,f)
#define IMAPISession_CompareEntryIDs(p,a,b,c,d,e,f) (p)->lpVtbl->CompareEntryIDs(p,a,b,c,d,e,f)
#define IMAPISession_Advise(p,a,b,c,d,e) (p)->lpVtbl->Advise(p,a,b,c,d,e)
#define IMAPISession_Unadvise(p,a) (p)->lpVtbl->Unadvise(p,a)
#define IMAPISession_MessageOptions(p,a,b,c,d) (p)->lpVtbl->MessageOptions(p,a,b,c,d)
#define IMAPISession_QueryDefaultMessageOpt(p,a,b,c,d) (p)->lpVtbl->QueryDefaultMessageOpt(p,a,b,c,d)
#define IMAPISession_EnumAdrTypes(p,a,b,c) (p)->lpVtbl->EnumAdrTypes(p,a,b,c)
#define IMAPISession_QueryIdentity(p,a,b) (p)->lpVtbl->QueryIdentity(p,a,b)
#define IMAPISession_Logoff(p,a,b,c) (p)->lpVtbl->Logoff(p,a,b,c)
#define IMAPISession_SetDefaultStore(p,a,b,c) (p)->lpVtbl->SetDefaultStore(p,a,b,c)
#define IMAPISession_AdminServices(p,a,b) (p)->lpVtbl->AdminServices(p,a,b)
#define IMAPISession_ShowForm(p,a,b,c,d,e,f,g,h,i,j,k) (p)->lpVtbl->ShowForm(p,a,b,c,d,e,f,g,h,i,j,k)
#define IMAPISession_PrepareForm(p,a,b,c) (p)->lpVtbl->PrepareForm(p,a,b,c)
#endif

/* ------------------------------------------------------------------------ */
/* IAddrBook                                                                 */

#undef INTERFACE
#define INTERFACE IAddrBook
DECLARE_INTERFACE_(IAddrBook, IMAPIProp)
{
    BEGIN_INTERFACE
    /* IUnknown, slots 0-2 */
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **ppvObj) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    /* IMAPIProp, slots 3-13 */
    STDMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError) PURE;
    STDMETHOD(SaveChanges)(THIS_ ULONG ulFlags) PURE;
    STDMETHOD(GetProps)(THIS_ LPSPropTagArray lpPropTagArray, ULONG ulFlags, ULONG *lpcValues,
        LPSPropValue *lppPropArray) PURE;
    STDMETHOD(GetPropList)(THIS_ ULONG ulFlags, LPSPropTagArray *lppPropTagArray) PURE;
    STDMETHOD(OpenProperty)(THIS_ ULONG ulPropTag, LPCIID lpiid, ULONG ulInterfaceOptions,
        ULONG ulFlags, LPUNKNOWN *lppUnk) PURE;
    STDMETHOD(SetProps)(THIS_ ULONG cValues, LPSPropValue lpPropArray,
        LPSPropProblemArray *lppProblems) PURE;
    STDMETHOD(DeleteProps)(THIS_ LPSPropTagArray lpPropTagArray,
        LPSPropProblemArray *lppProblems) PURE;
    STDMETHOD(CopyTo)(THIS_ ULONG ciidExclude, LPCIID rgiidExclude, LPSPropTagArray lpExcludeProps,
        ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj,
        ULONG ulFlags, LPSPropProblemArray *lppProblems) PURE;
    STDMETHOD(CopyProps)(THIS_ LPSPropTagArray lpIncludeProps, ULONG_PTR ulUIParam,
        LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj, ULONG ulFlags,
        LPSPropProblemArray *lppProblems) PURE;
    STDMETHOD(GetNamesFromIDs)(THIS_ LPSPropTagArray *lppPropTags, LPGUID lpPropSetGuid,
        ULONG ulFlags, ULONG *lpcPropNames, LPMAPINAMEID **lpppPropNames) PURE;
    STDMETHOD(GetIDsFromNames)(THIS_ ULONG cPropNames, LPMAPINAMEID *lppPropNames, ULONG ulFlags,
        LPSPropTagArray *lppPropTags) PURE;
    /* IAddrBook, slots 14-31 */
    STDMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
        ULONG ulFlags, ULONG *lpulObjType, LPUNKNOWN *lppUnk) PURE;
    STDMETHOD(CompareEntryIDs)(THIS_ ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
        LPENTRYID lpEntryID2, ULONG ulFlags, ULONG *lpulResult) PURE;
    STDMETHOD(Advise)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
        LPMAPIADVISESINK lpAdviseSink, ULONG_PTR *lpulConnection) PURE;
    STDMETHOD(Unadvise)(THIS_ ULONG_PTR ulConnection) PURE;
    STDMETHOD(CreateOneOff)(THIS_ LPTSTR lpszName, LPTSTR lpszAdrType, LPTSTR lpszAddress,
        ULONG ulFlags, ULONG *lpcbEntryID, LPENTRYID *lppEntryID) PURE;
    STDMETHOD(NewEntry)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags, ULONG cbEIDContainer,
        LPENTRYID lpEIDContainer, ULONG cbEIDNewEntryTpl, LPENTRYID lpEIDNewEntryTpl,
        ULONG *lpcbEIDNewEntry, LPENTRYID *lppEIDNewEntry) PURE;
    STDMETHOD(ResolveName)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags, LPTSTR lpszNewEntryTitle,
        LPADRLIST lpAdrList) PURE;
    STDMETHOD(Address)(THIS_ ULONG_PTR *lpulUIParam, LPADRPARM lpAdrParms,
        LPADRLIST *lppAdrList) PURE;
    STDMETHOD(Details)(THIS_ ULONG_PTR *lpulUIParam, LPFNDISMISS lpfnDismiss,
        LPVOID lpvDismissContext, ULONG cbEntryID, LPENTRYID lpEntryID,
        LPFNBUTTON lpfButtonCallback, LPVOID lpvButtonContext, LPTSTR lpszButtonText,
        ULONG ulFlags) PURE;
    STDMETHOD(RecipOptions)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags, LPADRENTRY lpRecip) PURE;
    STDMETHOD(QueryDefaultRecipOpt)(THIS_ LPTSTR lpszAdrType, ULONG ulFlags, ULONG *lpcValues,
        LPSPropValue *lppOptions) PURE;
    STDMETHOD(GetPAB)(THIS_ ULONG *lpcbEntryID, LPENTRYID *lppEntryID) PURE;
    STDMETHOD(SetPAB)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID) PURE;
    STDMETHOD(GetDefaultDir)(THIS_ ULONG *lpcbEntryID, LPENTRYID *lppEntryID) PURE;
    STDMETHOD(SetDefaultDir)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID) PURE;
    STDMETHOD(GetSearchPath)(THIS_ ULONG ulFlags, LPSRowSet *lppSearchPath) PURE;
    STDMETHOD(SetSearchPath)(THIS_ ULONG ulFlags, LPSRowSet lpSearchPath) PURE;
    STDMETHOD(PrepareRecips)(THIS_ ULONG ulFlags, LPSPropTagArray lpPropTagArray,
        LPADRLIST lpRecipList) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IAddrBook_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IAddrBook_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IAddrBook_Release(p) (p)->lpVtbl->Release(p)
#define IAddrBook_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IAddrBook_SaveChanges(p,a) (p)->lpVtbl->SaveChanges(p,a)
#define IAddrBook_GetProps(p,a,b,c,d) (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IAddrBook_GetPropList(p,a,b) (p)->lpVtbl->GetPropList(p,a,b)
#define IAddrBook_OpenProperty(p,a,b,c,d,e) (p)->lpVtbl->OpenProperty(p,a,b,c,d,e)
#define IAddrBook_SetProps(p,a,b,c) (p)->lpVtbl->SetProps(p,a,b,c)
#define IAddrBook_DeleteProps(p,a,b) (p)->lpVtbl->DeleteProps(p,a,b)
#define IAddrBook_CopyTo(p,a,b,c,d,e,f,g,h,i) (p)->lpVtbl->CopyTo(p,a,b,c,d,e,f,g,h,i)
#define IAddrBook_CopyProps(p,a,b,c,d,e,f,g) (p)->lpVtbl->CopyProps(p,a,b,c,d,e,f,g)
#define IAddrBook_GetNamesFromIDs(p,a,b,c,d,e) (p)->lpVtbl->GetNamesFromIDs(p,a,b,c,d,e)
#define IAddrBook_GetIDsFromNames(p,a,b,c,d) (p)->lpVtbl->GetIDsFromNames(p,a,b,c,d)
#define IAddrBook_OpenEntry(p,a,b,c,d,e,f) (p)->lpVtbl->OpenEntry(p,a,b,c,d,e,f)
#define IAddrBook_CompareEntryIDs(p,a,b,c,d,e,f) (p)->lpVtbl->CompareEntryIDs(p,a,b,c,d,e,f)
#define IAddrBook_Advise(p,a,b,c,d,e) (p)->lpVtbl->Advise(p,a,b,c,d,e)
#define IAddrBook_Unadvise(p,a) (p)->lpVtbl->Unadvise(p,a)
#define IAddrBook_CreateOneOff(p,a,b,c,d,e,f) (p)->lpVtbl->CreateOneOff(p,a,b,c,d,e,f)
#define IAddrBook_NewEntry(p,a,b,c,d,e,f,g,h) (p)->lpVtbl->NewEntry(p,a,b,c,d,e,f,g,h)
#define IAddrBook_ResolveName(p,a,b,c,d) (p)->lpVtbl->ResolveName(p,a,b,c,d)
#define IAddrBook_Address(p,a,b,c) (p)->lpVtbl->Address(p,a,b,c)
#define IAddrBook_Details(p,a,b,c,d,e,f,g,h,i) (p)->lpVtbl->Details(p,a,b,c,d,e,f,g,h,i)
#define IAddrBook_RecipOptions(p,a,b,c) (p)->lpVtbl->RecipOptions(p,a,b,c)
#define IAddrBook_QueryDefaultRecipOpt(p,a,b,c,d) (p)->lpVtbl->QueryDefaultRecipOpt(p,a,b,c,d)
#define IAddrBook_GetPAB(p,a,b) (p)->lpVtbl->GetPAB(p,a,b)
#define IAddrBook_SetPAB(p,a,b) (p)->lpVtbl->SetPAB(p,a,b)
#define IAddrBook_GetDefaultDir(p,a,b) (p)->lpVtbl->GetDefaultDir(p,a,b)
#define IAddrBook_SetDefaultDir(p,a,b) (p)->lpVtbl->SetDefaultDir(p,a,b)
#define IAddrBook_GetSearchPath(p,a,b) (p)->lpVtbl->GetSearchPath(p,a,b)
#define IAddrBook_SetSearchPath(p,a,b) (p)->lpVtbl->SetSearchPath(p,a,b)
#define IAddrBook_PrepareRecips(p,a,b,c) (p)->lpVtbl->PrepareRecips(p,a,b,c)
#endif

/* ------------------------------------------------------------------------ */
/* IProfAdmin                                                                */

/* CreateProfile */
#define MAPI_DEFAULT_SERVICES 0x00000001

#undef INTERFACE
#define INTERFACE IProfAdmin
DECLARE_INTERFACE_(IProfAdmin, IUnknown)
{
    BEGIN_INTERFACE
    /* IUnknown, slots 0-2 */
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **ppvObj) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    /* IProfAdmin, slots 3-11 */
    STDMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError) PURE;
    STDMETHOD(GetProfileTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(CreateProfile)(THIS_ LPTSTR lpszProfileName, LPTSTR lpszPassword, ULONG_PTR ulUIParam,
        ULONG ulFlags) PURE;
    STDMETHOD(DeleteProfile)(THIS_ LPTSTR lpszProfileName, ULONG ulFlags) PURE;
    STDMETHOD(ChangeProfilePassword)(THIS_ LPTSTR lpszProfileName, LPTSTR lpszOldPassword,
        LPTSTR lpszNewPassword, ULONG ulFlags) PURE;
    STDMETHOD(CopyProfile)(THIS_ LPTSTR lpszOldProfileName, LPTSTR lpszOldPassword,
        LPTSTR lpszNewProfileName, ULONG_PTR ulUIParam, ULONG ulFlags) PURE;
    STDMETHOD(RenameProfile)(THIS_ LPTSTR lpszOldProfileName, LPTSTR lpszOldPassword,
        LPTSTR lpszNewProfileName, ULONG_PTR ulUIParam, ULONG ulFlags) PURE;
    STDMETHOD(SetDefaultProfile)(THIS_ LPTSTR lpszProfileName, ULONG ulFlags) PURE;
    STDMETHOD(AdminServices)(THIS_ LPTSTR lpszProfileName, LPTSTR lpszPassword, ULONG_PTR ulUIParam,
        ULONG ulFlags, LPSERVICEADMIN *lppServiceAdmin) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IProfAdmin_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IProfAdmin_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IProfAdmin_Release(p) (p)->lpVtbl->Release(p)
#define IProfAdmin_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IProfAdmin_GetProfileTable(p,a,b) (p)->lpVtbl->GetProfileTable(p,a,b)
#define IProfAdmin_CreateProfile(p,a,b,c,d) (p)->lpVtbl->CreateProfile(p,a,b,c,d)
#define IProfAdmin_DeleteProfile(p,a,b) (p)->lpVtbl->DeleteProfile(p,a,b)
#define IProfAdmin_ChangeProfilePassword(p,a,b,c,d) (p)->lpVtbl->ChangeProfilePassword(p,a,b,c,d)
#define IProfAdmin_CopyProfile(p,a,b,c,d,e) (p)->lpVtbl->CopyProfile(p,a,b,c,d,e)
#define IProfAdmin_RenameProfile(p,a,b,c,d,e) (p)->lpVtbl->RenameProfile(p,a,b,c,d,e)
#define IProfAdmin_SetDefaultProfile(p,a,b) (p)->lpVtbl->SetDefaultProfile(p,a,b)
#define IProfAdmin_AdminServices(p,a,b,c,d,e) (p)->lpVtbl->AdminServices(p,a,b,c,d,e)
#endif

/* ------------------------------------------------------------------------ */
/* IMsgServiceAdmin                                                          */

/* PR_RESOURCE_FLAGS in the message service table */
#define SERVICE_DEFAULT_STORE       0x00000001
#define SERVICE_SINGLE_COPY         0x00000002
#define SERVICE_CREATE_WITH_STORE   0x00000004
#define SERVICE_PRIMARY_IDENTITY    0x00000008
#define SERVICE_NO_PRIMARY_IDENTITY 0x00000020

/* CreateMsgService(Ex) */
#define SERVICE_NO_RESTART_WARNING  0x00000080

#undef INTERFACE
#define INTERFACE IMsgServiceAdmin
DECLARE_INTERFACE_(IMsgServiceAdmin, IUnknown)
{
    BEGIN_INTERFACE
    /* IUnknown, slots 0-2 */
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **ppvObj) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    /* IMsgServiceAdmin, slots 3-14 */
    STDMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError) PURE;
    STDMETHOD(GetMsgServiceTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(CreateMsgService)(THIS_ LPTSTR lpszService, LPTSTR lpszDisplayName,
        ULONG_PTR ulUIParam, ULONG ulFlags) PURE;
    STDMETHOD(DeleteMsgService)(THIS_ LPMAPIUID lpUID) PURE;
    STDMETHOD(CopyMsgService)(THIS_ LPMAPIUID lpUID, LPTSTR lpszDisplayName,
        LPCIID lpInterfaceToCopy, LPCIID lpInterfaceDst, LPVOID lpObjectDst, ULONG_PTR ulUIParam,
        ULONG ulFlags) PURE;
    STDMETHOD(RenameMsgService)(THIS_ LPMAPIUID lpUID, ULONG ulFlags, LPTSTR lpszDisplayName) PURE;
    STDMETHOD(ConfigureMsgService)(THIS_ LPMAPIUID lpUID, ULONG_PTR ulUIParam, ULONG ulFlags,
        ULONG cValues, LPSPropValue lpProps) PURE;
    STDMETHOD(OpenProfileSection)(THIS_ LPMAPIUID lpUID, LPCIID lpInterface, ULONG ulFlags,
        LPPROFSECT *lppProfSect) PURE;
    STDMETHOD(MsgServiceTransportOrder)(THIS_ ULONG cUID, LPMAPIUID lpUIDList, ULONG ulFlags) PURE;
    STDMETHOD(AdminProviders)(THIS_ LPMAPIUID lpUID, ULONG ulFlags,
        LPPROVIDERADMIN *lppProviderAdmin) PURE;
    STDMETHOD(SetPrimaryIdentity)(THIS_ LPMAPIUID lpUID, ULONG ulFlags) PURE;
    STDMETHOD(GetProviderTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IMsgServiceAdmin_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IMsgServiceAdmin_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IMsgServiceAdmin_Release(p) (p)->lpVtbl->Release(p)
#define IMsgServiceAdmin_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMsgServiceAdmin_GetMsgServiceTable(p,a,b) (p)->lpVtbl->GetMsgServiceTable(p,a,b)
#define IMsgServiceAdmin_CreateMsgService(p,a,b,c,d) (p)->lpVtbl->CreateMsgService(p,a,b,c,d)
#define IMsgServiceAdmin_DeleteMsgService(p,a) (p)->lpVtbl->DeleteMsgService(p,a)
#define IMsgServiceAdmin_CopyMsgService(p,a,b,c,d,e,f,g) (p)->lpVtbl->CopyMsgService(p,a,b,c,d,e,f,g)
#define IMsgServiceAdmin_RenameMsgService(p,a,b,c) (p)->lpVtbl->RenameMsgService(p,a,b,c)
#define IMsgServiceAdmin_ConfigureMsgService(p,a,b,c,d,e) (p)->lpVtbl->ConfigureMsgService(p,a,b,c,d,e)
#define IMsgServiceAdmin_OpenProfileSection(p,a,b,c,d) (p)->lpVtbl->OpenProfileSection(p,a,b,c,d)
#define IMsgServiceAdmin_MsgServiceTransportOrder(p,a,b,c) (p)->lpVtbl->MsgServiceTransportOrder(p,a,b,c)
#define IMsgServiceAdmin_AdminProviders(p,a,b,c) (p)->lpVtbl->AdminProviders(p,a,b,c)
#define IMsgServiceAdmin_SetPrimaryIdentity(p,a,b) (p)->lpVtbl->SetPrimaryIdentity(p,a,b)
#define IMsgServiceAdmin_GetProviderTable(p,a,b) (p)->lpVtbl->GetProviderTable(p,a,b)
#endif

#ifdef __cplusplus
}
#endif

#endif /* MAPIX_H */
