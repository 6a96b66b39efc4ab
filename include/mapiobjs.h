/*
 * mapiobjs.h - container, folder, store, message, attachment, address book
 * and control interfaces.  Internal part of mapidefs.h: include <mapidefs.h>.
 */
#ifndef FREEMAPI_MAPIOBJS_H
#define FREEMAPI_MAPIOBJS_H

#ifndef MAPIDEFS_H
#error "include <mapidefs.h> instead of <mapiobjs.h>"
#endif

/* ------------------------------------------------------------------------ */
/* IMAPIContainer                                                            */

#define CONVENIENT_DEPTH  ((ULONG)0x00000001)
/* GetSearchCriteria */
#define SEARCH_RUNNING    ((ULONG)0x00000001)
#define SEARCH_REBUILD    ((ULONG)0x00000002)
#define SEARCH_RECURSIVE  ((ULONG)0x00000004)
#define SEARCH_FOREGROUND ((ULONG)0x00000008)
/* SetSearchCriteria */
#define STOP_SEARCH       ((ULONG)0x00000001)
#define RESTART_SEARCH    ((ULONG)0x00000002)
#define RECURSIVE_SEARCH  ((ULONG)0x00000004)
#define SHALLOW_SEARCH    ((ULONG)0x00000008)
#define FOREGROUND_SEARCH ((ULONG)0x00000010)
#define BACKGROUND_SEARCH ((ULONG)0x00000020)

#undef INTERFACE
#define INTERFACE IMAPIContainer
DECLARE_INTERFACE_(IMAPIContainer, IMAPIProp)
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
    /* IMAPIContainer, slots 14-18 */
    STDMETHOD(GetContentsTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(GetHierarchyTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
        ULONG ulFlags, ULONG *lpulObjType, LPUNKNOWN *lppUnk) PURE;
    STDMETHOD(SetSearchCriteria)(THIS_ LPSRestriction lpRestriction, LPENTRYLIST lpContainerList,
        ULONG ulSearchFlags) PURE;
    STDMETHOD(GetSearchCriteria)(THIS_ ULONG ulFlags, LPSRestriction *lppRestriction,
        LPENTRYLIST *lppContainerList, ULONG *lpulSearchState) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IMAPIContainer_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IMAPIContainer_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IMAPIContainer_Release(p) (p)->lpVtbl->Release(p)
#define IMAPIContainer_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMAPIContainer_SaveChanges(p,a) (p)->lpVtbl->SaveChanges(p,a)
#define IMAPIContainer_GetProps(p,a,b,c,d) (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IMAPIContainer_GetPropList(p,a,b) (p)->lpVtbl->GetPropList(p,a,b)
#define IMAPIContainer_OpenProperty(p,a,b,c,d,e) (p)->lpVtbl->OpenProperty(p,a,b,c,d,e)
#define IMAPIContainer_SetProps(p,a,b,c) (p)->lpVtbl->SetProps(p,a,b,c)
#define IMAPIContainer_DeleteProps(p,a,b) (p)->lpVtbl->DeleteProps(p,a,b)
#define IMAPIContainer_CopyTo(p,a,b,c,d,e,f,g,h,i) (p)->lpVtbl->CopyTo(p,a,b,c,d,e,f,g,h,i)
#define IMAPIContainer_CopyProps(p,a,b,c,d,e,f,g) (p)->lpVtbl->CopyProps(p,a,b,c,d,e,f,g)
#define IMAPIContainer_GetNamesFromIDs(p,a,b,c,d,e) (p)->lpVtbl->GetNamesFromIDs(p,a,b,c,d,e)
#define IMAPIContainer_GetIDsFromNames(p,a,b,c,d) (p)->lpVtbl->GetIDsFromNames(p,a,b,c,d)
#define IMAPIContainer_GetContentsTable(p,a,b) (p)->lpVtbl->GetContentsTable(p,a,b)
#define IMAPIContainer_GetHierarchyTable(p,a,b) (p)->lpVtbl->GetHierarchyTable(p,a,b)
#define IMAPIContainer_OpenEntry(p,a,b,c,d,e,f) (p)->lpVtbl->OpenEntry(p,a,b,c,d,e,f)
#define IMAPIContainer_SetSearchCriteria(p,a,b,c) (p)->lpVtbl->SetSearchCriteria(p,a,b,c)
#define IMAPIContainer_GetSearchCriteria(p,a,b,c,d) (p)->lpVtbl->GetSearchCriteria(p,a,b,c,d)
#endif

/* ------------------------------------------------------------------------ */
/* IABContainer, IMailUser, IDistList                                        */

typedef struct _flaglist
{
    ULONG cFlags;
    ULONG ulFlag[MAPI_DIM];
} FlagList, *LPFlagList;

/* PR_CONTAINER_FLAGS */
#define AB_RECIPIENTS    ((ULONG)0x00000001)
#define AB_SUBCONTAINERS ((ULONG)0x00000002)
#define AB_MODIFIABLE    ((ULONG)0x00000004)
#define AB_UNMODIFIABLE  ((ULONG)0x00000008)
#define AB_FIND_ON_OPEN  ((ULONG)0x00000010)
#define AB_NOT_DEFAULT   ((ULONG)0x00000020)
/* CreateEntry */
#define CREATE_CHECK_DUP_STRICT ((ULONG)0x00000001)
#define CREATE_CHECK_DUP_LOOSE  ((ULONG)0x00000002)
#define CREATE_REPLACE          ((ULONG)0x00000004)
/* ResolveNames per-entry flags */
#define MAPI_UNRESOLVED ((ULONG)0x00000000)
#define MAPI_AMBIGUOUS  ((ULONG)0x00000001)
#define MAPI_RESOLVED   ((ULONG)0x00000002)

#undef INTERFACE
#define INTERFACE IABContainer
DECLARE_INTERFACE_(IABContainer, IMAPIContainer)
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
    /* IMAPIContainer, slots 14-18 */
    STDMETHOD(GetContentsTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(GetHierarchyTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
        ULONG ulFlags, ULONG *lpulObjType, LPUNKNOWN *lppUnk) PURE;
    STDMETHOD(SetSearchCriteria)(THIS_ LPSRestriction lpRestriction, LPENTRYLIST lpContainerList,
        ULONG ulSearchFlags) PURE;
    STDMETHOD(GetSearchCriteria)(THIS_ ULONG ulFlags, LPSRestriction *lppRestriction,
        LPENTRYLIST *lppContainerList, ULONG *lpulSearchState) PURE;
    /* IABContainer, slots 19-22 */
    STDMETHOD(CreateEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulCreateFlags,
        LPMAPIPROP *lppMAPIPropEntry) PURE;
    STDMETHOD(CopyEntries)(THIS_ LPENTRYLIST lpEntries, ULONG_PTR ulUIParam,
        LPMAPIPROGRESS lpProgress, ULONG ulFlags) PURE;
    STDMETHOD(DeleteEntries)(THIS_ LPENTRYLIST lpEntries, ULONG ulFlags) PURE;
    STDMETHOD(ResolveNames)(THIS_ LPSPropTagArray lpPropTagArray, ULONG ulFlags,
        LPADRLIST lpAdrList, LPFlagList lpFlagList) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IABContainer_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IABContainer_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IABContainer_Release(p) (p)->lpVtbl->Release(p)
#define IABContainer_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IABContainer_SaveChanges(p,a) (p)->lpVtbl->SaveChanges(p,a)
#define IABContainer_GetProps(p,a,b,c,d) (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IABContainer_GetPropList(p,a,b) (p)->lpVtbl->GetPropList(p,a,b)
#define IABContainer_OpenProperty(p,a,b,c,d,e) (p)->lpVtbl->OpenProperty(p,a,b,c,d,e)
#define IABContainer_SetProps(p,a,b,c) (p)->lpVtbl->SetProps(p,a,b,c)
#define IABContainer_DeleteProps(p,a,b) (p)->lpVtbl->DeleteProps(p,a,b)
#define IABContainer_CopyTo(p,a,b,c,d,e,f,g,h,i) (p)->lpVtbl->CopyTo(p,a,b,c,d,e,f,g,h,i)
#define IABContainer_CopyProps(p,a,b,c,d,e,f,g) (p)->lpVtbl->CopyProps(p,a,b,c,d,e,f,g)
#define IABContainer_GetNamesFromIDs(p,a,b,c,d,e) (p)->lpVtbl->GetNamesFromIDs(p,a,b,c,d,e)
#define IABContainer_GetIDsFromNames(p,a,b,c,d) (p)->lpVtbl->GetIDsFromNames(p,a,b,c,d)
#define IABContainer_GetContentsTable(p,a,b) (p)->lpVtbl->GetContentsTable(p,a,b)
#define IABContainer_GetHierarchyTable(p,a,b) (p)->lpVtbl->GetHierarchyTable(p,a,b)
#define IABContainer_OpenEntry(p,a,b,c,d,e,f) (p)->lpVtbl->OpenEntry(p,a,b,c,d,e,f)
#define IABContainer_SetSearchCriteria(p,a,b,c) (p)->lpVtbl->SetSearchCriteria(p,a,b,c)
#define IABContainer_GetSearchCriteria(p,a,b,c,d) (p)->lpVtbl->GetSearchCriteria(p,a,b,c,d)
#define IABContainer_CreateEntry(p,a,b,c,d) (p)->lpVtbl->CreateEntry(p,a,b,c,d)
#define IABContainer_CopyEntries(p,a,b,c,d) (p)->lpVtbl->CopyEntries(p,a,b,c,d)
#define IABContainer_DeleteEntries(p,a,b) (p)->lpVtbl->DeleteEntries(p,a,b)
#define IABContainer_ResolveNames(p,a,b,c,d) (p)->lpVtbl->ResolveNames(p,a,b,c,d)
#endif

/* CreateOneOff: recipient does not want rich text (PR_SEND_RICH_INFO FALSE) */
#define MAPI_SEND_NO_RICH_INFO ((ULONG)0x00010000)

/* PR_NDR_REASON_CODE */
#define MAPI_REASON(code) ((LONG)(code))
#define MAPI_REASON_TRANSFER_FAILED         MAPI_REASON(0)
#define MAPI_REASON_TRANSFER_IMPOSSIBLE     MAPI_REASON(1)
#define MAPI_REASON_CONVERSION_NOT_PERFORMED MAPI_REASON(2)
#define MAPI_REASON_PHYSICAL_RENDITN_NOT_DONE MAPI_REASON(3)
#define MAPI_REASON_PHYSICAL_DELIV_NOT_DONE MAPI_REASON(4)
#define MAPI_REASON_RESTRICTED_DELIVERY     MAPI_REASON(5)
#define MAPI_REASON_DIRECTORY_OPERATN_FAILED MAPI_REASON(6)

/* PR_NDR_DIAG_CODE */
#define MAPI_DIAG(code) ((LONG)(code))
#define MAPI_DIAG_NO_DIAGNOSTIC             MAPI_DIAG(-1)
#define MAPI_DIAG_OR_NAME_UNRECOGNIZED      MAPI_DIAG(0)
#define MAPI_DIAG_OR_NAME_AMBIGUOUS         MAPI_DIAG(1)
#define MAPI_DIAG_MTS_CONGESTED             MAPI_DIAG(2)
#define MAPI_DIAG_LOOP_DETECTED             MAPI_DIAG(3)
#define MAPI_DIAG_RECIPIENT_UNAVAILABLE     MAPI_DIAG(4)
#define MAPI_DIAG_MAXIMUM_TIME_EXPIRED      MAPI_DIAG(5)
#define MAPI_DIAG_EITS_UNSUPPORTED          MAPI_DIAG(6)
#define MAPI_DIAG_CONTENT_TOO_LONG          MAPI_DIAG(7)
#define MAPI_DIAG_IMPRACTICAL_TO_CONVERT    MAPI_DIAG(8)
#define MAPI_DIAG_PROHIBITED_TO_CONVERT     MAPI_DIAG(9)
#define MAPI_DIAG_CONVERSION_UNSUBSCRIBED   MAPI_DIAG(10)
#define MAPI_DIAG_PARAMETERS_INVALID        MAPI_DIAG(11)
#define MAPI_DIAG_CONTENT_SYNTAX_IN_ERROR   MAPI_DIAG(12)
#define MAPI_DIAG_LENGTH_CONSTRAINT_VIOLATD MAPI_DIAG(13)
#define MAPI_DIAG_NUMBER_CONSTRAINT_VIOLATD MAPI_DIAG(14)
#define MAPI_DIAG_CONTENT_TYPE_UNSUPPORTED  MAPI_DIAG(15)
#define MAPI_DIAG_TOO_MANY_RECIPIENTS       MAPI_DIAG(16)
#define MAPI_DIAG_NO_BILATERAL_AGREEMENT    MAPI_DIAG(17)
#define MAPI_DIAG_CRITICAL_FUNC_UNSUPPORTED MAPI_DIAG(18)
#define MAPI_DIAG_CONVERSION_LOSS_PROHIB    MAPI_DIAG(19)
#define MAPI_DIAG_LINE_TOO_LONG             MAPI_DIAG(20)
#define MAPI_DIAG_PAGE_TOO_LONG             MAPI_DIAG(21)
#define MAPI_DIAG_PICTORIAL_SYMBOL_LOST     MAPI_DIAG(22)
#define MAPI_DIAG_PUNCTUATION_SYMBOL_LOST   MAPI_DIAG(23)
#define MAPI_DIAG_ALPHABETIC_CHARACTER_LOST MAPI_DIAG(24)
#define MAPI_DIAG_MULTIPLE_INFO_LOSSES      MAPI_DIAG(25)
#define MAPI_DIAG_REASSIGNMENT_PROHIBITED   MAPI_DIAG(26)
#define MAPI_DIAG_REDIRECTION_LOOP_DETECTED MAPI_DIAG(27)
#define MAPI_DIAG_EXPANSION_PROHIBITED      MAPI_DIAG(28)
#define MAPI_DIAG_SUBMISSION_PROHIBITED     MAPI_DIAG(29)
#define MAPI_DIAG_EXPANSION_FAILED          MAPI_DIAG(30)
#define MAPI_DIAG_RENDITION_UNSUPPORTED     MAPI_DIAG(31)
#define MAPI_DIAG_MAIL_ADDRESS_INCORRECT    MAPI_DIAG(32)
#define MAPI_DIAG_MAIL_OFFICE_INCOR_OR_INVD MAPI_DIAG(33)
#define MAPI_DIAG_MAIL_ADDRESS_INCOMPLETE   MAPI_DIAG(34)
#define MAPI_DIAG_MAIL_RECIPIENT_UNKNOWN    MAPI_DIAG(35)
#define MAPI_DIAG_MAIL_RECIPIENT_DECEASED   MAPI_DIAG(36)
#define MAPI_DIAG_MAIL_ORGANIZATION_EXPIRED MAPI_DIAG(37)
#define MAPI_DIAG_MAIL_REFUSED              MAPI_DIAG(38)
#define MAPI_DIAG_MAIL_UNCLAIMED            MAPI_DIAG(39)
#define MAPI_DIAG_MAIL_RECIPIENT_MOVED      MAPI_DIAG(40)
#define MAPI_DIAG_MAIL_RECIPIENT_TRAVELLING MAPI_DIAG(41)
#define MAPI_DIAG_MAIL_RECIPIENT_DEPARTED   MAPI_DIAG(42)
#define MAPI_DIAG_MAIL_NEW_ADDRESS_UNKNOWN  MAPI_DIAG(43)
#define MAPI_DIAG_MAIL_FORWARDING_UNWANTED  MAPI_DIAG(44)
#define MAPI_DIAG_MAIL_FORWARDING_PROHIB    MAPI_DIAG(45)
#define MAPI_DIAG_SECURE_MESSAGING_ERROR    MAPI_DIAG(46)
#define MAPI_DIAG_DOWNGRADING_IMPOSSIBLE    MAPI_DIAG(47)

/* PR_DELIVERY_POINT */
#define MAPI_MH_DP_PUBLIC_UA  ((ULONG)0)
#define MAPI_MH_DP_PRIVATE_UA ((ULONG)1)
#define MAPI_MH_DP_MS         ((ULONG)2)
#define MAPI_MH_DP_ML         ((ULONG)3)
#define MAPI_MH_DP_PDAU       ((ULONG)4)
#define MAPI_MH_DP_PDS_PATRON ((ULONG)5)
#define MAPI_MH_DP_OTHER_AU   ((ULONG)6)

#undef INTERFACE
#define INTERFACE IMailUser
DECLARE_INTERFACE_(IMailUser, IMAPIProp)
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
    /* IMailUser: no methods of its own */
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IMailUser_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IMailUser_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IMailUser_Release(p) (p)->lpVtbl->Release(p)
#define IMailUser_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMailUser_SaveChanges(p,a) (p)->lpVtbl->SaveChanges(p,a)
#define IMailUser_GetProps(p,a,b,c,d) (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IMailUser_GetPropList(p,a,b) (p)->lpVtbl->GetPropList(p,a,b)
#define IMailUser_OpenProperty(p,a,b,c,d,e) (p)->lpVtbl->OpenProperty(p,a,b,c,d,e)
#define IMailUser_SetProps(p,a,b,c) (p)->lpVtbl->SetProps(p,a,b,c)
#define IMailUser_DeleteProps(p,a,b) (p)->lpVtbl->DeleteProps(p,a,b)
#define IMailUser_CopyTo(p,a,b,c,d,e,f,g,h,i) (p)->lpVtbl->CopyTo(p,a,b,c,d,e,f,g,h,i)
#define IMailUser_CopyProps(p,a,b,c,d,e,f,g) (p)->lpVtbl->CopyProps(p,a,b,c,d,e,f,g)
#define IMailUser_GetNamesFromIDs(p,a,b,c,d,e) (p)->lpVtbl->GetNamesFromIDs(p,a,b,c,d,e)
#define IMailUser_GetIDsFromNames(p,a,b,c,d) (p)->lpVtbl->GetIDsFromNames(p,a,b,c,d)
#endif

#undef INTERFACE
#define INTERFACE IDistList
DECLARE_INTERFACE_(IDistList, IMAPIContainer)
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
    /* IMAPIContainer, slots 14-18 */
    STDMETHOD(GetContentsTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(GetHierarchyTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
        ULONG ulFlags, ULONG *lpulObjType, LPUNKNOWN *lppUnk) PURE;
    STDMETHOD(SetSearchCriteria)(THIS_ LPSRestriction lpRestriction, LPENTRYLIST lpContainerList,
        ULONG ulSearchFlags) PURE;
    STDMETHOD(GetSearchCriteria)(THIS_ ULONG ulFlags, LPSRestriction *lppRestriction,
        LPENTRYLIST *lppContainerList, ULONG *lpulSearchState) PURE;
    /* IDistList, slots 19-22 */
    STDMETHOD(CreateEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulCreateFlags,
        LPMAPIPROP *lppMAPIPropEntry) PURE;
    STDMETHOD(CopyEntries)(THIS_ LPENTRYLIST lpEntries, ULONG_PTR ulUIParam,
        LPMAPIPROGRESS lpProgress, ULONG ulFlags) PURE;
    STDMETHOD(DeleteEntries)(THIS_ LPENTRYLIST lpEntries, ULONG ulFlags) PURE;
    STDMETHOD(ResolveNames)(THIS_ LPSPropTagArray lpPropTagArray, ULONG ulFlags,
        LPADRLIST lpAdrList, LPFlagList lpFlagList) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IDistList_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IDistList_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IDistList_Release(p) (p)->lpVtbl->Release(p)
#define IDistList_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IDistList_SaveChanges(p,a) (p)->lpVtbl->SaveChanges(p,a)
#define IDistList_GetProps(p,a,b,c,d) (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IDistList_GetPropList(p,a,b) (p)->lpVtbl->GetPropList(p,a,b)
#define IDistList_OpenProperty(p,a,b,c,d,e) (p)->lpVtbl->OpenProperty(p,a,b,c,d,e)
#define IDistList_SetProps(p,a,b,c) (p)->lpVtbl->SetProps(p,a,b,c)
#define IDistList_DeleteProps(p,a,b) (p)->lpVtbl->DeleteProps(p,a,b)
#define IDistList_CopyTo(p,a,b,c,d,e,f,g,h,i) (p)->lpVtbl->CopyTo(p,a,b,c,d,e,f,g,h,i)
#define IDistList_CopyProps(p,a,b,c,d,e,f,g) (p)->lpVtbl->CopyProps(p,a,b,c,d,e,f,g)
#define IDistList_GetNamesFromIDs(p,a,b,c,d,e) (p)->lpVtbl->GetNamesFromIDs(p,a,b,c,d,e)
#define IDistList_GetIDsFromNames(p,a,b,c,d) (p)->lpVtbl->GetIDsFromNames(p,a,b,c,d)
#define IDistList_GetContentsTable(p,a,b) (p)->lpVtbl->GetContentsTable(p,a,b)
#define IDistList_GetHierarchyTable(p,a,b) (p)->lpVtbl->GetHierarchyTable(p,a,b)
#define IDistList_OpenEntry(p,a,b,c,d,e,f) (p)->lpVtbl->OpenEntry(p,a,b,c,d,e,f)
#define IDistList_SetSearchCriteria(p,a,b,c) (p)->lpVtbl->SetSearchCriteria(p,a,b,c)
#define IDistList_GetSearchCriteria(p,a,b,c,d) (p)->lpVtbl->GetSearchCriteria(p,a,b,c,d)
#define IDistList_CreateEntry(p,a,b,c,d) (p)->lpVtbl->CreateEntry(p,a,b,c,d)
#define IDistList_CopyEntries(p,a,b,c,d) (p)->lpVtbl->CopyEntries(p,a,b,c,d)
#define IDistList_DeleteEntries(p,a,b) (p)->lpVtbl->DeleteEntries(p,a,b)
#define IDistList_ResolveNames(p,a,b,c,d) (p)->lpVtbl->ResolveNames(p,a,b,c,d)
#endif

/* ------------------------------------------------------------------------ */
/* IMAPIFolder                                                               */

#define FOLDER_ROOT      ((ULONG)0x00000000)
#define FOLDER_GENERIC   ((ULONG)0x00000001)
#define FOLDER_SEARCH    ((ULONG)0x00000002)
/* CopyMessages */
#define MESSAGE_MOVE     ((ULONG)0x00000001)
#define MESSAGE_DIALOG   ((ULONG)0x00000002)
/* CreateFolder */
#define OPEN_IF_EXISTS   ((ULONG)0x00000001)
/* DeleteFolder */
#define DEL_MESSAGES     ((ULONG)0x00000001)
#define FOLDER_DIALOG    ((ULONG)0x00000002)
#define DEL_FOLDERS      ((ULONG)0x00000004)
/* EmptyFolder */
#define DEL_ASSOCIATED   ((ULONG)0x00000008)
/* CopyFolder */
#define FOLDER_MOVE      ((ULONG)0x00000001)
#define COPY_SUBFOLDERS  ((ULONG)0x00000010)
/* GetMessageStatus / SetMessageStatus */
#define MSGSTATUS_HIGHLIGHTED     ((ULONG)0x00000001)
#define MSGSTATUS_TAGGED          ((ULONG)0x00000002)
#define MSGSTATUS_HIDDEN          ((ULONG)0x00000004)
#define MSGSTATUS_DELMARKED       ((ULONG)0x00000008)
#define MSGSTATUS_REMOTE_DOWNLOAD ((ULONG)0x00001000)
#define MSGSTATUS_REMOTE_DELETE   ((ULONG)0x00002000)
/* SaveContentsSort */
#define RECURSIVE_SORT   ((ULONG)0x00000002)
/* PR_STATUS */
#define FLDSTATUS_HIGHLIGHTED ((ULONG)0x00000001)
#define FLDSTATUS_TAGGED      ((ULONG)0x00000002)
#define FLDSTATUS_HIDDEN      ((ULONG)0x00000004)
#define FLDSTATUS_DELMARKED   ((ULONG)0x00000008)

#undef INTERFACE
#define INTERFACE IMAPIFolder
DECLARE_INTERFACE_(IMAPIFolder, IMAPIContainer)
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
    /* IMAPIContainer, slots 14-18 */
    STDMETHOD(GetContentsTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(GetHierarchyTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
        ULONG ulFlags, ULONG *lpulObjType, LPUNKNOWN *lppUnk) PURE;
    STDMETHOD(SetSearchCriteria)(THIS_ LPSRestriction lpRestriction, LPENTRYLIST lpContainerList,
        ULONG ulSearchFlags) PURE;
    STDMETHOD(GetSearchCriteria)(THIS_ ULONG ulFlags, LPSRestriction *lppRestriction,
        LPENTRYLIST *lppContainerList, ULONG *lpulSearchState) PURE;
    /* IMAPIFolder, slots 19-29 */
    STDMETHOD(CreateMessage)(THIS_ LPCIID lpInterface, ULONG ulFlags, LPMESSAGE *lppMessage) PURE;
    STDMETHOD(CopyMessages)(THIS_ LPENTRYLIST lpMsgList, LPCIID lpInterface, LPVOID lpDestFolder,
        ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, ULONG ulFlags) PURE;
    STDMETHOD(DeleteMessages)(THIS_ LPENTRYLIST lpMsgList, ULONG_PTR ulUIParam,
        LPMAPIPROGRESS lpProgress, ULONG ulFlags) PURE;
    STDMETHOD(CreateFolder)(THIS_ ULONG ulFolderType, LPTSTR lpszFolderName,
        LPTSTR lpszFolderComment, LPCIID lpInterface, ULONG ulFlags, LPMAPIFOLDER *lppFolder) PURE;
    STDMETHOD(CopyFolder)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
        LPVOID lpDestFolder, LPTSTR lpszNewFolderName, ULONG_PTR ulUIParam,
        LPMAPIPROGRESS lpProgress, ULONG ulFlags) PURE;
    STDMETHOD(DeleteFolder)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG_PTR ulUIParam,
        LPMAPIPROGRESS lpProgress, ULONG ulFlags) PURE;
    STDMETHOD(SetReadFlags)(THIS_ LPENTRYLIST lpMsgList, ULONG_PTR ulUIParam,
        LPMAPIPROGRESS lpProgress, ULONG ulFlags) PURE;
    STDMETHOD(GetMessageStatus)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags,
        ULONG *lpulMessageStatus) PURE;
    STDMETHOD(SetMessageStatus)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulNewStatus,
        ULONG ulNewStatusMask, ULONG *lpulOldStatus) PURE;
    STDMETHOD(SaveContentsSort)(THIS_ LPSSortOrderSet lpSortCriteria, ULONG ulFlags) PURE;
    STDMETHOD(EmptyFolder)(THIS_ ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
        ULONG ulFlags) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IMAPIFolder_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IMAPIFolder_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IMAPIFolder_Release(p) (p)->lpVtbl->Release(p)
#define IMAPIFolder_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMAPIFolder_SaveChanges(p,a) (p)->lpVtbl->SaveChanges(p,a)
#define IMAPIFolder_GetProps(p,a,b,c,d) (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IMAPIFolder_GetPropList(p,a,b) (p)->lpVtbl->GetPropList(p,a,b)
#define IMAPIFolder_OpenProperty(p,a,b,c,d,e) (p)->lpVtbl->OpenProperty(p,a,b,c,d,e)
#define IMAPIFolder_SetProps(p,a,b,c) (p)->lpVtbl->SetProps(p,a,b,c)
#define IMAPIFolder_DeleteProps(p,a,b) (p)->lpVtbl->DeleteProps(p,a,b)
#define IMAPIFolder_CopyTo(p,a,b,c,d,e,f,g,h,i) (p)->lpVtbl->CopyTo(p,a,b,c,d,e,f,g,h,i)
#define IMAPIFolder_CopyProps(p,a,b,c,d,e,f,g) (p)->lpVtbl->CopyProps(p,a,b,c,d,e,f,g)
#define IMAPIFolder_GetNamesFromIDs(p,a,b,c,d,e) (p)->lpVtbl->GetNamesFromIDs(p,a,b,c,d,e)
#define IMAPIFolder_GetIDsFromNames(p,a,b,c,d) (p)->lpVtbl->GetIDsFromNames(p,a,b,c,d)
#define IMAPIFolder_GetContentsTable(p,a,b) (p)->lpVtbl->GetContentsTable(p,a,b)
#define IMAPIFolder_GetHierarchyTable(p,a,b) (p)->lpVtbl->GetHierarchyTable(p,a,b)
#define IMAPIFolder_OpenEntry(p,a,b,c,d,e,f) (p)->lpVtbl->OpenEntry(p,a,b,c,d,e,f)
#define IMAPIFolder_SetSearchCriteria(p,a,b,c) (p)->lpVtbl->SetSearchCriteria(p,a,b,c)
#define IMAPIFolder_GetSearchCriteria(p,a,b,c,d) (p)->lpVtbl->GetSearchCriteria(p,a,b,c,d)
#define IMAPIFolder_CreateMessage(p,a,b,c) (p)->lpVtbl->CreateMessage(p,a,b,c)
#define IMAPIFolder_CopyMessages(p,a,b,c,d,e,f) (p)->lpVtbl->CopyMessages(p,a,b,c,d,e,f)
#define IMAPIFolder_DeleteMessages(p,a,b,c,d) (p)->lpVtbl->DeleteMessages(p,a,b,c,d)
#define IMAPIFolder_CreateFolder(p,a,b,c,d,e,f) (p)->lpVtbl->CreateFolder(p,a,b,c,d,e,f)
#define IMAPIFolder_CopyFolder(p,a,b,c,d,e,f,g,h) (p)->lpVtbl->CopyFolder(p,a,b,c,d,e,f,g,h)
#define IMAPIFolder_DeleteFolder(p,a,b,c,d,e) (p)->lpVtbl->DeleteFolder(p,a,b,c,d,e)
#define IMAPIFolder_SetReadFlags(p,a,b,c,d) (p)->lpVtbl->SetReadFlags(p,a,b,c,d)
#define IMAPIFolder_GetMessageStatus(p,a,b,c,d) (p)->lpVtbl->GetMessageStatus(p,a,b,c,d)
#define IMAPIFolder_SetMessageStatus(p,a,b,c,d,e) (p)->lpVtbl->SetMessageStatus(p,a,b,c,d,e)
#define IMAPIFolder_SaveContentsSort(p,a,b) (p)->lpVtbl->SaveContentsSort(p,a,b)
#define IMAPIFolder_EmptyFolder(p,a,b,c) (p)->lpVtbl->EmptyFolder(p,a,b,c)
#endif

/* ------------------------------------------------------------------------ */
/* IMsgStore                                                                 */

/* PR_STORE_SUPPORT_MASK */
#define STORE_ENTRYID_UNIQUE   ((ULONG)0x00000001)
#define STORE_READONLY         ((ULONG)0x00000002)
#define STORE_SEARCH_OK        ((ULONG)0x00000004)
#define STORE_MODIFY_OK        ((ULONG)0x00000008)
#define STORE_CREATE_OK        ((ULONG)0x00000010)
#define STORE_ATTACH_OK        ((ULONG)0x00000020)
#define STORE_OLE_OK           ((ULONG)0x00000040)
#define STORE_SUBMIT_OK        ((ULONG)0x00000080)
#define STORE_NOTIFY_OK        ((ULONG)0x00000100)
#define STORE_MV_PROPS_OK      ((ULONG)0x00000200)
#define STORE_CATEGORIZE_OK    ((ULONG)0x00000400)
#define STORE_RTF_OK           ((ULONG)0x00000800)
#define STORE_RESTRICTION_OK   ((ULONG)0x00001000)
#define STORE_SORT_OK          ((ULONG)0x00002000)
#define STORE_PUBLIC_FOLDERS   ((ULONG)0x00004000)
#define STORE_UNCOMPRESSED_RTF ((ULONG)0x00008000)
#define STORE_HTML_OK          ((ULONG)0x00010000)
#define STORE_ANSI_OK          ((ULONG)0x00020000)
#define STORE_UNICODE_OK       ((ULONG)0x00040000)
#define STORE_LOCALSTORE       ((ULONG)0x00080000)
#define STORE_ITEMPROC         ((ULONG)0x00200000)
#define STORE_PUSHER_OK        ((ULONG)0x00800000)
/* PR_STORE_STATE */
#define STORE_HAS_SEARCHES     ((ULONG)0x01000000)

/* StoreLogoff */
#define LOGOFF_NO_WAIT        ((ULONG)0x00000001)
#define LOGOFF_ORDERLY        ((ULONG)0x00000002)
#define LOGOFF_PURGE          ((ULONG)0x00000004)
#define LOGOFF_ABORT          ((ULONG)0x00000008)
#define LOGOFF_QUIET          ((ULONG)0x00000010)
#define LOGOFF_COMPLETE       ((ULONG)0x00010000)
#define LOGOFF_INBOUND        ((ULONG)0x00020000)
#define LOGOFF_OUTBOUND       ((ULONG)0x00040000)
#define LOGOFF_OUTBOUND_QUEUE ((ULONG)0x00080000)

/* SetLockState */
#define MSG_LOCKED   ((ULONG)0x00000001)
#define MSG_UNLOCKED ((ULONG)0x00000000)

/* PR_VALID_FOLDER_MASK */
#define FOLDER_IPM_SUBTREE_VALID     ((ULONG)0x00000001)
#define FOLDER_IPM_INBOX_VALID       ((ULONG)0x00000002)
#define FOLDER_IPM_OUTBOX_VALID      ((ULONG)0x00000004)
#define FOLDER_IPM_WASTEBASKET_VALID ((ULONG)0x00000008)
#define FOLDER_IPM_SENTMAIL_VALID    ((ULONG)0x00000010)
#define FOLDER_VIEWS_VALID           ((ULONG)0x00000020)
#define FOLDER_COMMON_VIEWS_VALID    ((ULONG)0x00000040)
#define FOLDER_FINDER_VALID          ((ULONG)0x00000080)

#undef INTERFACE
#define INTERFACE IMsgStore
DECLARE_INTERFACE_(IMsgStore, IMAPIProp)
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
    /* IMsgStore, slots 14-26 */
    STDMETHOD(Advise)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
        LPMAPIADVISESINK lpAdviseSink, ULONG_PTR *lpulConnection) PURE;
    STDMETHOD(Unadvise)(THIS_ ULONG_PTR ulConnection) PURE;
    STDMETHOD(CompareEntryIDs)(THIS_ ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
        LPENTRYID lpEntryID2, ULONG ulFlags, ULONG *lpulResult) PURE;
    STDMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
        ULONG ulFlags, ULONG *lpulObjType, LPUNKNOWN *lppUnk) PURE;
    STDMETHOD(SetReceiveFolder)(THIS_ LPTSTR lpszMessageClass, ULONG ulFlags, ULONG cbEntryID,
        LPENTRYID lpEntryID) PURE;
    STDMETHOD(GetReceiveFolder)(THIS_ LPTSTR lpszMessageClass, ULONG ulFlags, ULONG *lpcbEntryID,
        LPENTRYID *lppEntryID, LPTSTR *lppszExplicitClass) PURE;
    STDMETHOD(GetReceiveFolderTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(StoreLogoff)(THIS_ ULONG *lpulFlags) PURE;
    STDMETHOD(AbortSubmit)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags) PURE;
    STDMETHOD(GetOutgoingQueue)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(SetLockState)(THIS_ LPMESSAGE lpMessage, ULONG ulLockState) PURE;
    STDMETHOD(FinishedMsg)(THIS_ ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID) PURE;
    STDMETHOD(NotifyNewMail)(THIS_ LPNOTIFICATION lpNotification) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IMsgStore_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IMsgStore_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IMsgStore_Release(p) (p)->lpVtbl->Release(p)
#define IMsgStore_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMsgStore_SaveChanges(p,a) (p)->lpVtbl->SaveChanges(p,a)
#define IMsgStore_GetProps(p,a,b,c,d) (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IMsgStore_GetPropList(p,a,b) (p)->lpVtbl->GetPropList(p,a,b)
#define IMsgStore_OpenProperty(p,a,b,c,d,e) (p)->lpVtbl->OpenProperty(p,a,b,c,d,e)
#define IMsgStore_SetProps(p,a,b,c) (p)->lpVtbl->SetProps(p,a,b,c)
#define IMsgStore_DeleteProps(p,a,b) (p)->lpVtbl->DeleteProps(p,a,b)
#define IMsgStore_CopyTo(p,a,b,c,d,e,f,g,h,i) (p)->lpVtbl->CopyTo(p,a,b,c,d,e,f,g,h,i)
#define IMsgStore_CopyProps(p,a,b,c,d,e,f,g) (p)->lpVtbl->CopyProps(p,a,b,c,d,e,f,g)
#define IMsgStore_GetNamesFromIDs(p,a,b,c,d,e) (p)->lpVtbl->GetNamesFromIDs(p,a,b,c,d,e)
#define IMsgStore_GetIDsFromNames(p,a,b,c,d) (p)->lpVtbl->GetIDsFromNames(p,a,b,c,d)
#define IMsgStore_Advise(p,a,b,c,d,e) (p)->lpVtbl->Advise(p,a,b,c,d,e)
#define IMsgStore_Unadvise(p,a) (p)->lpVtbl->Unadvise(p,a)
#define IMsgStore_CompareEntryIDs(p,a,b,c,d,e,f) (p)->lpVtbl->CompareEntryIDs(p,a,b,c,d,e,f)
#define IMsgStore_OpenEntry(p,a,b,c,d,e,f) (p)->lpVtbl->OpenEntry(p,a,b,c,d,e,f)
#define IMsgStore_SetReceiveFolder(p,a,b,c,d) (p)->lpVtbl->SetReceiveFolder(p,a,b,c,d)
#define IMsgStore_GetReceiveFolder(p,a,b,c,d,e) (p)->lpVtbl->GetReceiveFolder(p,a,b,c,d,e)
#define IMsgStore_GetReceiveFolderTable(p,a,b) (p)->lpVtbl->GetReceiveFolderTable(p,a,b)
#define IMsgStore_StoreLogoff(p,a) (p)->lpVtbl->StoreLogoff(p,a)
#define IMsgStore_AbortSubmit(p,a,b,c) (p)->lpVtbl->AbortSubmit(p,a,b,c)
#define IMsgStore_GetOutgoingQueue(p,a,b) (p)->lpVtbl->GetOutgoingQueue(p,a,b)
#define IMsgStore_SetLockState(p,a,b) (p)->lpVtbl->SetLockState(p,a,b)
#define IMsgStore_FinishedMsg(p,a,b,c) (p)->lpVtbl->FinishedMsg(p,a,b,c)
#define IMsgStore_NotifyNewMail(p,a) (p)->lpVtbl->NotifyNewMail(p,a)
#endif

/* ------------------------------------------------------------------------ */
/* IMessage, IAttach                                                         */

#define FORCE_SUBMIT ((ULONG)0x00000001)

/* PR_MESSAGE_FLAGS */
#define MSGFLAG_READ        ((ULONG)0x00000001)
#define MSGFLAG_UNMODIFIED  ((ULONG)0x00000002)
#define MSGFLAG_SUBMIT      ((ULONG)0x00000004)
#define MSGFLAG_UNSENT      ((ULONG)0x00000008)
#define MSGFLAG_HASATTACH   ((ULONG)0x00000010)
#define MSGFLAG_FROMME      ((ULONG)0x00000020)
#define MSGFLAG_ASSOCIATED  ((ULONG)0x00000040)
#define MSGFLAG_RESEND      ((ULONG)0x00000080)
#define MSGFLAG_RN_PENDING  ((ULONG)0x00000100)
#define MSGFLAG_NRN_PENDING ((ULONG)0x00000200)

/* PR_SUBMIT_FLAGS */
#define SUBMITFLAG_LOCKED     ((ULONG)0x00000001)
#define SUBMITFLAG_PREPROCESS ((ULONG)0x00000002)

/* ModifyRecipients (0x1 is not a valid flag) */
#define MODRECIP_ADD    ((ULONG)0x00000002)
#define MODRECIP_MODIFY ((ULONG)0x00000004)
#define MODRECIP_REMOVE ((ULONG)0x00000008)

/* SetReadFlag */
#define SUPPRESS_RECEIPT      ((ULONG)0x00000001)
#define CLEAR_READ_FLAG       ((ULONG)0x00000004)
#define GENERATE_RECEIPT_ONLY ((ULONG)0x00000010)
#define CLEAR_RN_PENDING      ((ULONG)0x00000020)
#define CLEAR_NRN_PENDING     ((ULONG)0x00000040)

/* DeleteAttach */
#define ATTACH_DIALOG ((ULONG)0x00000001)

/* PR_SECURITY */
#define SECURITY_SIGNED    ((ULONG)0x00000001)
#define SECURITY_ENCRYPTED ((ULONG)0x00000002)

/* PR_PRIORITY */
#define PRIO_URGENT    ((LONG)1)
#define PRIO_NORMAL    ((LONG)0)
#define PRIO_NONURGENT ((LONG)-1)

/* PR_SENSITIVITY */
#define SENSITIVITY_NONE                 ((ULONG)0x00000000)
#define SENSITIVITY_PERSONAL             ((ULONG)0x00000001)
#define SENSITIVITY_PRIVATE              ((ULONG)0x00000002)
#define SENSITIVITY_COMPANY_CONFIDENTIAL ((ULONG)0x00000003)

/* PR_IMPORTANCE */
#define IMPORTANCE_LOW    ((LONG)0)
#define IMPORTANCE_NORMAL ((LONG)1)
#define IMPORTANCE_HIGH   ((LONG)2)

#undef INTERFACE
#define INTERFACE IMessage
DECLARE_INTERFACE_(IMessage, IMAPIProp)
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
    /* IMessage, slots 14-21 */
    STDMETHOD(GetAttachmentTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(OpenAttach)(THIS_ ULONG ulAttachmentNum, LPCIID lpInterface, ULONG ulFlags,
        LPATTACH *lppAttach) PURE;
    STDMETHOD(CreateAttach)(THIS_ LPCIID lpInterface, ULONG ulFlags, ULONG *lpulAttachmentNum,
        LPATTACH *lppAttach) PURE;
    STDMETHOD(DeleteAttach)(THIS_ ULONG ulAttachmentNum, ULONG_PTR ulUIParam,
        LPMAPIPROGRESS lpProgress, ULONG ulFlags) PURE;
    STDMETHOD(GetRecipientTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(ModifyRecipients)(THIS_ ULONG ulFlags, LPADRLIST lpMods) PURE;
    STDMETHOD(SubmitMessage)(THIS_ ULONG ulFlags) PURE;
    STDMETHOD(SetReadFlag)(THIS_ ULONG ulFlags) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IMessage_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IMessage_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IMessage_Release(p) (p)->lpVtbl->Release(p)
#define IMessage_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMessage_SaveChanges(p,a) (p)->lpVtbl->SaveChanges(p,a)
#define IMessage_GetProps(p,a,b,c,d) (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IMessage_GetPropList(p,a,b) (p)->lpVtbl->GetPropList(p,a,b)
#define IMessage_OpenProperty(p,a,b,c,d,e) (p)->lpVtbl->OpenProperty(p,a,b,c,d,e)
#define IMessage_SetProps(p,a,b,c) (p)->lpVtbl->SetProps(p,a,b,c)
#define IMessage_DeleteProps(p,a,b) (p)->lpVtbl->DeleteProps(p,a,b)
#define IMessage_CopyTo(p,a,b,c,d,e,f,g,h,i) (p)->lpVtbl->CopyTo(p,a,b,c,d,e,f,g,h,i)
#define IMessage_CopyProps(p,a,b,c,d,e,f,g) (p)->lpVtbl->CopyProps(p,a,b,c,d,e,f,g)
#define IMessage_GetNamesFromIDs(p,a,b,c,d,e) (p)->lpVtbl->GetNamesFromIDs(p,a,b,c,d,e)
#define IMessage_GetIDsFromNames(p,a,b,c,d) (p)->lpVtbl->GetIDsFromNames(p,a,b,c,d)
#define IMessage_GetAttachmentTable(p,a,b) (p)->lpVtbl->GetAttachmentTable(p,a,b)
#define IMessage_OpenAttach(p,a,b,c,d) (p)->lpVtbl->OpenAttach(p,a,b,c,d)
#define IMessage_CreateAttach(p,a,b,c,d) (p)->lpVtbl->CreateAttach(p,a,b,c,d)
#define IMessage_DeleteAttach(p,a,b,c,d) (p)->lpVtbl->DeleteAttach(p,a,b,c,d)
#define IMessage_GetRecipientTable(p,a,b) (p)->lpVtbl->GetRecipientTable(p,a,b)
#define IMessage_ModifyRecipients(p,a,b) (p)->lpVtbl->ModifyRecipients(p,a,b)
#define IMessage_SubmitMessage(p,a) (p)->lpVtbl->SubmitMessage(p,a)
#define IMessage_SetReadFlag(p,a) (p)->lpVtbl->SetReadFlag(p,a)
#endif

/* PR_ATTACH_METHOD */
#define NO_ATTACHMENT         ((ULONG)0x00000000)
#define ATTACH_BY_VALUE       ((ULONG)0x00000001)
#define ATTACH_BY_REFERENCE   ((ULONG)0x00000002)
#define ATTACH_BY_REF_RESOLVE ((ULONG)0x00000003)
#define ATTACH_BY_REF_ONLY    ((ULONG)0x00000004)
#define ATTACH_EMBEDDED_MSG   ((ULONG)0x00000005)
#define ATTACH_OLE            ((ULONG)0x00000006)

#undef INTERFACE
#define INTERFACE IAttach
DECLARE_INTERFACE_(IAttach, IMAPIProp)
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
    /* IAttach: no methods of its own */
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IAttach_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IAttach_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IAttach_Release(p) (p)->lpVtbl->Release(p)
#define IAttach_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IAttach_SaveChanges(p,a) (p)->lpVtbl->SaveChanges(p,a)
#define IAttach_GetProps(p,a,b,c,d) (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IAttach_GetPropList(p,a,b) (p)->lpVtbl->GetPropList(p,a,b)
#define IAttach_OpenProperty(p,a,b,c,d,e) (p)->lpVtbl->OpenProperty(p,a,b,c,d,e)
#define IAttach_SetProps(p,a,b,c) (p)->lpVtbl->SetProps(p,a,b,c)
#define IAttach_DeleteProps(p,a,b) (p)->lpVtbl->DeleteProps(p,a,b)
#define IAttach_CopyTo(p,a,b,c,d,e,f,g,h,i) (p)->lpVtbl->CopyTo(p,a,b,c,d,e,f,g,h,i)
#define IAttach_CopyProps(p,a,b,c,d,e,f,g) (p)->lpVtbl->CopyProps(p,a,b,c,d,e,f,g)
#define IAttach_GetNamesFromIDs(p,a,b,c,d,e) (p)->lpVtbl->GetNamesFromIDs(p,a,b,c,d,e)
#define IAttach_GetIDsFromNames(p,a,b,c,d) (p)->lpVtbl->GetIDsFromNames(p,a,b,c,d)
#endif

/* ------------------------------------------------------------------------ */
/* Address book dialog parameters                                            */

/* ADRPARM.ulFlags: the top four bits carry the structure version */
#define GET_ADRPARM_VERSION(f)    (((ULONG)(f)) & 0xF0000000)
#define SET_ADRPARM_VERSION(f, v) (((ULONG)(v)) | (((ULONG)(f)) & 0x0FFFFFFF))
#define ADRPARM_HELP_CTX ((ULONG)0x00000000)

#define DIALOG_MODAL   ((ULONG)0x00000001)
#define DIALOG_SDI     ((ULONG)0x00000002)
#define DIALOG_OPTIONS ((ULONG)0x00000004)
#define ADDRESS_ONE    ((ULONG)0x00000008)
#define AB_SELECTONLY  ((ULONG)0x00000010)
#define AB_RESOLVE     ((ULONG)0x00000020)

/* PR_DISPLAY_TYPE: contents tables */
#define DT_MAILUSER         ((ULONG)0x00000000)
#define DT_DISTLIST         ((ULONG)0x00000001)
#define DT_FORUM            ((ULONG)0x00000002)
#define DT_AGENT            ((ULONG)0x00000003)
#define DT_ORGANIZATION     ((ULONG)0x00000004)
#define DT_PRIVATE_DISTLIST ((ULONG)0x00000005)
#define DT_REMOTE_MAILUSER  ((ULONG)0x00000006)
/* AB hierarchy tables */
#define DT_MODIFIABLE       ((ULONG)0x00010000)
#define DT_GLOBAL           ((ULONG)0x00020000)
#define DT_LOCAL            ((ULONG)0x00030000)
#define DT_WAN              ((ULONG)0x00040000)
#define DT_NOT_SPECIFIC     ((ULONG)0x00050000)
/* Folder hierarchy tables */
#define DT_FOLDER           ((ULONG)0x01000000)
#define DT_FOLDER_LINK      ((ULONG)0x02000000)
#define DT_FOLDER_SPECIAL   ((ULONG)0x04000000)

typedef BOOL (STDMETHODCALLTYPE ACCELERATEABSDI)(ULONG_PTR ulUIParam, LPVOID lpvmsg);
typedef ACCELERATEABSDI *LPFNABSDI;

typedef void (STDMETHODCALLTYPE DISMISSMODELESS)(ULONG_PTR ulUIParam, LPVOID lpvContext);
typedef DISMISSMODELESS *LPFNDISMISS;

typedef SCODE (STDMETHODCALLTYPE *LPFNBUTTON)(ULONG_PTR ulUIParam, LPVOID lpvContext,
                                              ULONG cbEntryID, LPENTRYID lpSelection,
                                              ULONG ulFlags);

typedef struct _ADRPARM
{
    ULONG          cbABContEntryID;
    LPENTRYID      lpABContEntryID;
    ULONG          ulFlags;
    LPVOID         lpReserved;
    ULONG          ulHelpContext;
    LPTSTR         lpszHelpFileName;
    LPFNABSDI      lpfnABSDI;
    LPFNDISMISS    lpfnDismiss;
    LPVOID         lpvDismissContext;
    LPTSTR         lpszCaption;
    LPTSTR         lpszNewEntryTitle;
    LPTSTR         lpszDestWellsTitle;
    ULONG          cDestFields;
    ULONG          nDestFieldFocus;
    LPTSTR        *lppszDestTitles;
    ULONG         *lpulDestComps;
    LPSRestriction lpContRestriction;
    LPSRestriction lpHierRestriction;
} ADRPARM, *LPADRPARM;

/* OpenMsgStore / provider Logon */
#define MDB_NO_DIALOG ((ULONG)0x00000001)
#define MDB_WRITE     ((ULONG)0x00000004)
#define MDB_TEMPORARY ((ULONG)0x00000020)
#define MDB_NO_MAIL   ((ULONG)0x00000080)
#define MDB_ONLINE    ((ULONG)0x00000100)

/* OpenAddressBook */
#define AB_NO_DIALOG  ((ULONG)0x00000001)
#ifndef AB_UNICODEUI
#define AB_UNICODEUI  ((ULONG)0x00000040)
#endif

/* ------------------------------------------------------------------------ */
/* IMAPIControl and display tables                                           */

#define MAPI_ENABLED  ((ULONG)0x00000000)
#define MAPI_DISABLED ((ULONG)0x00000001)

#undef INTERFACE
#define INTERFACE IMAPIControl
DECLARE_INTERFACE_(IMAPIControl, IUnknown)
{
    BEGIN_INTERFACE
    /* IUnknown, slots 0-2 */
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **ppvObj) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    /* IMAPIControl, slots 3-5 */
    STDMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError) PURE;
    STDMETHOD(Activate)(THIS_ ULONG ulFlags, ULONG_PTR ulUIParam) PURE;
    STDMETHOD(GetState)(THIS_ ULONG ulFlags, ULONG *lpulState) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IMAPIControl_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IMAPIControl_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IMAPIControl_Release(p) (p)->lpVtbl->Release(p)
#define IMAPIControl_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMAPIControl_Activate(p,a,b) (p)->lpVtbl->Activate(p,a,b)
#define IMAPIControl_GetState(p,a,b) (p)->lpVtbl->GetState(p,a,b)
#endif

#endif /* FREEMAPI_MAPIOBJS_H */
