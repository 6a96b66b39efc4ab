/*
 * mapiutil.h - utility functions exported by mapi32.dll, IPropData and
 * ITableData (FreeMAPI SDK).  All functions are __stdcall (STDAPI).
 */
#ifndef _MAPIUTIL_H_
#define _MAPIUTIL_H_
#ifndef MAPIUTIL_H
#define MAPIUTIL_H
#endif

#include <mapix.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef FREEMAPI_API
#define FREEMAPI_API
#endif
#define FREEMAPI_STDAPI        FREEMAPI_API HRESULT STDAPICALLTYPE
#define FREEMAPI_STDAPI_(type) FREEMAPI_API type STDAPICALLTYPE

/* ------------------------------------------------------------------------ */
/* ITableData: a table kept in memory, with IMAPITable views on it           */

DECLARE_MAPI_INTERFACE_PTR(ITableData, LPTABLEDATA);

/* Called when a view created by HrGetView is released. */
typedef void (STDAPICALLTYPE CALLERRELEASE)(ULONG_PTR ulCallerData, LPTABLEDATA lpTblData,
                                            LPMAPITABLE lpVue);

#undef INTERFACE
#define INTERFACE ITableData
DECLARE_INTERFACE_(ITableData, IUnknown)
{
    BEGIN_INTERFACE
    /* IUnknown, slots 0-2 */
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **ppvObj) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    /* ITableData, slots 3-11 */
    STDMETHOD(HrGetView)(THIS_ LPSSortOrderSet lpSSortOrderSet, CALLERRELEASE *lpfCallerRelease,
        ULONG_PTR ulCallerData, LPMAPITABLE *lppMAPITable) PURE;
    STDMETHOD(HrModifyRow)(THIS_ LPSRow lpSRow) PURE;
    STDMETHOD(HrDeleteRow)(THIS_ LPSPropValue lpSPropValue) PURE;
    STDMETHOD(HrQueryRow)(THIS_ LPSPropValue lpsPropValue, LPSRow *lppSRow, ULONG *lpuliRow) PURE;
    STDMETHOD(HrEnumRow)(THIS_ ULONG ulRowNumber, LPSRow *lppSRow) PURE;
    STDMETHOD(HrNotify)(THIS_ ULONG ulFlags, ULONG cValues, LPSPropValue lpSPropValue) PURE;
    STDMETHOD(HrInsertRow)(THIS_ ULONG uliRow, LPSRow lpSRow) PURE;
    STDMETHOD(HrModifyRows)(THIS_ ULONG ulFlags, LPSRowSet lpSRowSet) PURE;
    STDMETHOD(HrDeleteRows)(THIS_ ULONG ulFlags, LPSRowSet lprowsetToDelete,
        ULONG *cRowsDeleted) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define ITableData_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define ITableData_AddRef(p) (p)->lpVtbl->AddRef(p)
#define ITableData_Release(p) (p)->lpVtbl->Release(p)
#define ITableData_HrGetView(p,a,b,c,d) (p)->lpVtbl->HrGetView(p,a,b,c,d)
#define ITableData_HrModifyRow(p,a) (p)->lpVtbl->HrModifyRow(p,a)
#define ITableData_HrDeleteRow(p,a) (p)->lpVtbl->HrDeleteRow(p,a)
#define ITableData_HrQueryRow(p,a,b,c) (p)->lpVtbl->HrQueryRow(p,a,b,c)
#define ITableData_HrEnumRow(p,a,b) (p)->lpVtbl->HrEnumRow(p,a,b)
#define ITableData_HrNotify(p,a,b,c) (p)->lpVtbl->HrNotify(p,a,b,c)
#define ITableData_HrInsertRow(p,a,b) (p)->lpVtbl->HrInsertRow(p,a,b)
#define ITableData_HrModifyRows(p,a,b) (p)->lpVtbl->HrModifyRows(p,a,b)
#define ITableData_HrDeleteRows(p,a,b,c) (p)->lpVtbl->HrDeleteRows(p,a,b,c)
#endif

/* HrDeleteRows */
#define TAD_ALL_ROWS 1

FREEMAPI_STDAPI_(SCODE) CreateTable(LPCIID lpInterface, ALLOCATEBUFFER *lpAllocateBuffer,
        ALLOCATEMORE *lpAllocateMore, FREEBUFFER *lpFreeBuffer, LPVOID lpvReserved,
        ULONG ulTableType, ULONG ulPropTagIndexColumn, LPSPropTagArray lpSPropTagArrayColumns,
        LPTABLEDATA *lppTableData);

/* ------------------------------------------------------------------------ */
/* IPropData: an IMAPIProp kept in memory                                    */

DECLARE_MAPI_INTERFACE_PTR(IPropData, LPPROPDATA);

#undef INTERFACE
#define INTERFACE IPropData
DECLARE_INTERFACE_(IPropData, IMAPIProp)
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
    /* IPropData, slots 14-17 */
    STDMETHOD(HrSetObjAccess)(THIS_ ULONG ulAccess) PURE;
    STDMETHOD(HrSetPropAccess)(THIS_ LPSPropTagArray lpPropTagArray, ULONG *rgulAccess) PURE;
    STDMETHOD(HrGetPropAccess)(THIS_ LPSPropTagArray *lppPropTagArray, ULONG **lprgulAccess) PURE;
    STDMETHOD(HrAddObjProps)(THIS_ LPSPropTagArray lppPropTagArray,
        LPSPropProblemArray *lprgulAccess) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IPropData_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IPropData_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IPropData_Release(p) (p)->lpVtbl->Release(p)
#define IPropData_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IPropData_SaveChanges(p,a) (p)->lpVtbl->SaveChanges(p,a)
#define IPropData_GetProps(p,a,b,c,d) (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IPropData_GetPropList(p,a,b) (p)->lpVtbl->GetPropList(p,a,b)
#define IPropData_OpenProperty(p,a,b,c,d,e) (p)->lpVtbl->OpenProperty(p,a,b,c,d,e)
#define IPropData_SetProps(p,a,b,c) (p)->lpVtbl->SetProps(p,a,b,c)
#define IPropData_DeleteProps(p,a,b) (p)->lpVtbl->DeleteProps(p,a,b)
#define IPropData_CopyTo(p,a,b,c,d,e,f,g,h,i) (p)->lpVtbl->CopyTo(p,a,b,c,d,e,f,g,h,i)
#define IPropData_CopyProps(p,a,b,c,d,e,f,g) (p)->lpVtbl->CopyProps(p,a,b,c,d,e,f,g)
#define IPropData_GetNamesFromIDs(p,a,b,c,d,e) (p)->lpVtbl->GetNamesFromIDs(p,a,b,c,d,e)
#define IPropData_GetIDsFromNames(p,a,b,c,d) (p)->lpVtbl->GetIDsFromNames(p,a,b,c,d)
#define IPropData_HrSetObjAccess(p,a) (p)->lpVtbl->HrSetObjAccess(p,a)
#define IPropData_HrSetPropAccess(p,a,b) (p)->lpVtbl->HrSetPropAccess(p,a,b)
#define IPropData_HrGetPropAccess(p,a,b) (p)->lpVtbl->HrGetPropAccess(p,a,b)
#define IPropData_HrAddObjProps(p,a,b) (p)->lpVtbl->HrAddObjProps(p,a,b)
#endif

FREEMAPI_STDAPI_(SCODE) CreateIProp(LPCIID lpInterface, ALLOCATEBUFFER *lpAllocateBuffer,
        ALLOCATEMORE *lpAllocateMore, FREEBUFFER *lpFreeBuffer, LPVOID lpvReserved,
        LPPROPDATA *lppPropData);

/* Object and property access (HrSetObjAccess, HrSetPropAccess) */
#define IPROP_READONLY  ((ULONG)0x00000001)
#define IPROP_READWRITE ((ULONG)0x00000002)
#define IPROP_CLEAN     ((ULONG)0x00010000)
#define IPROP_DIRTY     ((ULONG)0x00020000)

/* ------------------------------------------------------------------------ */
/* Idle engine                                                               */

#ifndef NOIDLEENGINE
#define PRILOWEST  -32768
#define PRIHIGHEST 32767
#define PRIUSER    0

/* Idle routine options */
#define IRONULL      ((USHORT)0x0000)
#define FIROWAIT     ((USHORT)0x0001)
#define FIROINTERVAL ((USHORT)0x0002)
#define FIROPERBLOCK ((USHORT)0x0004)
#define FIRODISABLED ((USHORT)0x0020)
#define FIROONCEONLY ((USHORT)0x0040)

/* ChangeIdleRoutine: what to change */
#define IRCNULL  ((USHORT)0x0000)
#define FIRCPFN  ((USHORT)0x0001)
#define FIRCPV   ((USHORT)0x0002)
#define FIRCPRI  ((USHORT)0x0004)
#define FIRCCSEC ((USHORT)0x0008)
#define FIRCIRO  ((USHORT)0x0010)

typedef BOOL (STDAPICALLTYPE FNIDLE)(LPVOID);
typedef FNIDLE *PFNIDLE;
typedef void *FTG;
typedef FTG *PFTG;
#define FTGNULL ((FTG)NULL)

FREEMAPI_STDAPI_(LONG) MAPIInitIdle(LPVOID lpvReserved);
FREEMAPI_STDAPI_(void) MAPIDeinitIdle(void);
FREEMAPI_STDAPI_(FTG) FtgRegisterIdleRoutine(PFNIDLE lpfnIdle, LPVOID lpvIdleParam,
        short priIdle, ULONG csecIdle, USHORT iroIdle);
FREEMAPI_STDAPI_(void) DeregisterIdleRoutine(FTG ftg);
FREEMAPI_STDAPI_(void) EnableIdleRoutine(FTG ftg, BOOL fEnable);
FREEMAPI_STDAPI_(void) ChangeIdleRoutine(FTG ftg, PFNIDLE lpfnIdle, LPVOID lpvIdleParam,
        short priIdle, ULONG csecIdle, USHORT iroIdle, USHORT ircIdle);
#endif /* NOIDLEENGINE */

/* ------------------------------------------------------------------------ */
/* Memory, streams                                                           */

FREEMAPI_STDAPI_(LPMALLOC) MAPIGetDefaultMalloc(void);

/* OpenStreamOnFile: create a unique temporary file in lpszFileName's directory */
#define SOF_UNIQUEFILENAME ((ULONG)0x80000000)

FREEMAPI_STDAPI OpenStreamOnFile(LPALLOCATEBUFFER lpAllocateBuffer, LPFREEBUFFER lpFreeBuffer,
        ULONG ulFlags, LPCTSTR lpszFileName, LPCTSTR lpszPrefix, LPSTREAM *lppStream);
typedef HRESULT (STDMETHODCALLTYPE *LPOPENSTREAMONFILE)(LPALLOCATEBUFFER lpAllocateBuffer,
        LPFREEBUFFER lpFreeBuffer, ULONG ulFlags, LPCTSTR lpszFileName, LPCTSTR lpszPrefix,
        LPSTREAM *lppStream);
#define OPENSTREAMONFILE "OpenStreamOnFile"

FREEMAPI_STDAPI_(HRESULT) HrIStorageFromStream(LPUNKNOWN lpUnkIn, LPCIID lpInterface,
        ULONG ulFlags, LPSTORAGE *lppStorageOut);

/* ------------------------------------------------------------------------ */
/* Property values                                                           */

FREEMAPI_STDAPI_(SCODE) PropCopyMore(LPSPropValue lpSPropValueDest, LPSPropValue lpSPropValueSrc,
        ALLOCATEMORE *lpfAllocMore, LPVOID lpvObject);
FREEMAPI_STDAPI_(ULONG) UlPropSize(LPSPropValue lpSPropValue);
FREEMAPI_STDAPI_(BOOL) FEqualNames(LPMAPINAMEID lpName1, LPMAPINAMEID lpName2);
FREEMAPI_STDAPI_(void) GetInstance(LPSPropValue lpPropMv, LPSPropValue lpPropSv, ULONG uliInst);
FREEMAPI_STDAPI_(BOOL) FPropContainsProp(LPSPropValue lpSPropValueDst,
        LPSPropValue lpSPropValueSrc, ULONG ulFuzzyLevel);
FREEMAPI_STDAPI_(BOOL) FPropCompareProp(LPSPropValue lpSPropValue1, ULONG ulRelOp,
        LPSPropValue lpSPropValue2);
FREEMAPI_STDAPI_(LONG) LPropCompareProp(LPSPropValue lpSPropValueA, LPSPropValue lpSPropValueB);

FREEMAPI_STDAPI_(HRESULT) HrAddColumns(LPMAPITABLE lptbl, LPSPropTagArray lpproptagColumnsNew,
        LPALLOCATEBUFFER lpAllocateBuffer, LPFREEBUFFER lpFreeBuffer);
FREEMAPI_STDAPI_(HRESULT) HrAddColumnsEx(LPMAPITABLE lptbl, LPSPropTagArray lpproptagColumnsNew,
        LPALLOCATEBUFFER lpAllocateBuffer, LPFREEBUFFER lpFreeBuffer,
        void (*lpfnFilterColumns)(LPSPropTagArray ptaga));

/* Count / copy / relocate property arrays and notifications laid out in one block */
FREEMAPI_STDAPI_(SCODE) ScCountNotifications(int cNotifications, LPNOTIFICATION lpNotifications,
        ULONG *lpcb);
FREEMAPI_STDAPI_(SCODE) ScCopyNotifications(int cNotification, LPNOTIFICATION lpNotifications,
        LPVOID lpvDst, ULONG *lpcb);
FREEMAPI_STDAPI_(SCODE) ScRelocNotifications(int cNotification, LPNOTIFICATION lpNotifications,
        LPVOID lpvBaseOld, LPVOID lpvBaseNew, ULONG *lpcb);
FREEMAPI_STDAPI_(SCODE) ScCountProps(int cValues, LPSPropValue lpPropArray, ULONG *lpcb);
FREEMAPI_STDAPI_(LPSPropValue) LpValFindProp(ULONG ulPropTag, ULONG cValues,
        LPSPropValue lpPropArray);
FREEMAPI_STDAPI_(SCODE) ScCopyProps(int cValues, LPSPropValue lpPropArray, LPVOID lpvDst,
        ULONG *lpcb);
FREEMAPI_STDAPI_(SCODE) ScRelocProps(int cValues, LPSPropValue lpPropArray, LPVOID lpvBaseOld,
        LPVOID lpvBaseNew, ULONG *lpcb);
FREEMAPI_STDAPI_(SCODE) ScDupPropset(int cValues, LPSPropValue lpPropArray,
        LPALLOCATEBUFFER lpAllocateBuffer, LPSPropValue *lppPropArray);

/* ------------------------------------------------------------------------ */
/* Objects                                                                   */

FREEMAPI_STDAPI_(ULONG) UlAddRef(LPVOID lpunk);
FREEMAPI_STDAPI_(ULONG) UlRelease(LPVOID lpunk);

FREEMAPI_STDAPI HrGetOneProp(LPMAPIPROP lpMapiProp, ULONG ulPropTag, LPSPropValue *lppProp);
FREEMAPI_STDAPI HrSetOneProp(LPMAPIPROP lpMapiProp, LPSPropValue lpProp);
FREEMAPI_STDAPI_(BOOL) FPropExists(LPMAPIPROP lpMapiProp, ULONG ulPropTag);
FREEMAPI_STDAPI_(LPSPropValue) PpropFindProp(LPSPropValue lpPropArray, ULONG cValues,
        ULONG ulPropTag);
FREEMAPI_STDAPI_(void) FreePadrlist(LPADRLIST lpAdrlist);
FREEMAPI_STDAPI_(void) FreeProws(LPSRowSet lpRows);
FREEMAPI_STDAPI HrQueryAllRows(LPMAPITABLE lpTable, LPSPropTagArray lpPropTags,
        LPSRestriction lpRestriction, LPSSortOrderSet lpSortOrderSet, LONG crowsMax,
        LPSRowSet *lppRows);

/* HrValidateIPMSubtree */
#define MAPI_FORCE_CREATE  1
#define MAPI_FULL_IPM_TREE 2

FREEMAPI_STDAPI HrValidateIPMSubtree(LPMDB lpMDB, ULONG ulFlags, ULONG *lpcValues,
        LPSPropValue *lppValues, LPMAPIERROR *lpperr);

/* ------------------------------------------------------------------------ */
/* Notifications                                                             */

FREEMAPI_STDAPI HrAllocAdviseSink(LPNOTIFCALLBACK lpfnCallback, LPVOID lpvContext,
        LPMAPIADVISESINK *lppAdviseSink);
FREEMAPI_STDAPI HrThisThreadAdviseSink(LPMAPIADVISESINK lpAdviseSink,
        LPMAPIADVISESINK *lppAdviseSink);
FREEMAPI_STDAPI HrDispatchNotifications(ULONG ulFlags);

typedef HRESULT (STDAPICALLTYPE DISPATCHNOTIFICATIONS)(ULONG ulFlags);
typedef DISPATCHNOTIFICATIONS *LPDISPATCHNOTIFICATIONS;
#ifdef _WIN64
#define szHrDispatchNotifications "HrDispatchNotifications"
#else
#define szHrDispatchNotifications "_HrDispatchNotifications@4"
#endif

/* ------------------------------------------------------------------------ */
/* Display tables built from dialog resources                                */

typedef struct
{
    ULONG  ulCtlType;          /* DTCT_* */
    ULONG  ulCtlFlags;         /* DT_* */
    LPBYTE lpbNotif;
    ULONG  cbNotif;
    LPTSTR lpszFilter;
    ULONG  ulItemID;
    union
    {
        LPVOID            lpv;
        LPDTBLLABEL       lplabel;
        LPDTBLEDIT        lpedit;
        LPDTBLLBX         lplbx;
        LPDTBLCOMBOBOX    lpcombobox;
        LPDTBLDDLBX       lpddlbx;
        LPDTBLCHECKBOX    lpcheckbox;
        LPDTBLGROUPBOX    lpgroupbox;
        LPDTBLBUTTON      lpbutton;
        LPDTBLRADIOBUTTON lpradiobutton;
        LPDTBLMVLISTBOX   lpmvlbx;
        LPDTBLMVDDLBX     lpmvddlbx;
        LPDTBLPAGE        lppage;
    } ctl;
} DTCTL, *LPDTCTL;

typedef struct
{
    ULONG  cctl;
    LPTSTR lpszResourceName;   /* may be a MAKEINTRESOURCE id */
    union
    {
        LPTSTR lpszComponent;
        ULONG  ulItemID;
    } DUMMYUNIONNAME;
    LPDTCTL lpctl;
} DTPAGE, *LPDTPAGE;

FREEMAPI_STDAPI BuildDisplayTable(LPALLOCATEBUFFER lpAllocateBuffer,
        LPALLOCATEMORE lpAllocateMore, LPFREEBUFFER lpFreeBuffer, LPMALLOC lpMalloc,
        HINSTANCE hInstance, UINT cPages, LPDTPAGE lpPage, ULONG ulFlags,
        LPMAPITABLE *lppTable, LPTABLEDATA *lppTblData);

/* ------------------------------------------------------------------------ */
/* Strings, hex and entry ID encoding                                        */

FREEMAPI_STDAPI_(BOOL) FBinFromHex(LPTSTR lpsz, LPBYTE lpb);
FREEMAPI_STDAPI_(SCODE) ScBinFromHexBounded(LPTSTR lpsz, LPBYTE lpb, ULONG cb);
FREEMAPI_STDAPI_(void) HexFromBin(LPBYTE lpb, int cb, LPTSTR lpsz);
FREEMAPI_STDAPI_(ULONG) UlFromSzHex(LPCTSTR lpsz);

FREEMAPI_STDAPI HrEntryIDFromSz(LPTSTR lpsz, ULONG *lpcb, LPENTRYID *lppEntryID);
FREEMAPI_STDAPI HrSzFromEntryID(ULONG cb, LPENTRYID lpEntryID, LPTSTR *lpsz);
FREEMAPI_STDAPI HrComposeEID(LPMAPISESSION lpSession, ULONG cbStoreRecordKey,
        LPBYTE lpStoreRecordKey, ULONG cbMsgEntryID, LPENTRYID lpMsgEntryID,
        ULONG *lpcbEID, LPENTRYID *lppEntryID);
FREEMAPI_STDAPI HrDecomposeEID(LPMAPISESSION lpSession, ULONG cbEntryID, LPENTRYID lpEntryID,
        ULONG *lpcbStoreEntryID, LPENTRYID *lppStoreEntryID, ULONG *lpcbMsgEntryID,
        LPENTRYID *lppMsgEntryID);
FREEMAPI_STDAPI HrComposeMsgID(LPMAPISESSION lpSession, ULONG cbStoreSearchKey,
        LPBYTE pStoreSearchKey, ULONG cbMsgEntryID, LPENTRYID lpMsgEntryID, LPTSTR *lpszMsgID);
FREEMAPI_STDAPI HrDecomposeMsgID(LPMAPISESSION lpSession, LPTSTR lpszMsgID,
        ULONG *lpcbStoreEntryID, LPENTRYID *lppStoreEntryID, ULONG *lppcbMsgEntryID,
        LPENTRYID *lppMsgEntryID);

/* C runtime look-alikes; USHORT ch is a TCHAR */
FREEMAPI_STDAPI_(LPTSTR) SzFindCh(LPCTSTR lpsz, USHORT ch);
FREEMAPI_STDAPI_(LPTSTR) SzFindLastCh(LPCTSTR lpsz, USHORT ch);
FREEMAPI_STDAPI_(LPTSTR) SzFindSz(LPCTSTR lpsz, LPCTSTR lpszKey);
FREEMAPI_STDAPI_(unsigned int) UFromSz(LPCTSTR lpsz);

FREEMAPI_STDAPI_(SCODE) ScUNCFromLocalPath(LPSTR lpszLocal, LPSTR lpszUNC, UINT cchUNC);
FREEMAPI_STDAPI_(SCODE) ScLocalPathFromUNC(LPSTR lpszUNC, LPSTR lpszLocal, UINT cchLocal);

/* Byte swapping in place */
FREEMAPI_STDAPI_(ULONG) SwapPlong(PULONG lpData, ULONG ulCount);
FREEMAPI_STDAPI_(ULONG) SwapPword(PUSHORT lpData, ULONG ulCount);

/* ------------------------------------------------------------------------ */
/* 64-bit time arithmetic                                                    */

FREEMAPI_STDAPI_(FILETIME) FtAddFt(FILETIME ftAddend1, FILETIME ftAddend2);
FREEMAPI_STDAPI_(FILETIME) FtAdcFt(FILETIME ftAddend1, FILETIME ftAddend2, WORD *pwCarry);
FREEMAPI_STDAPI_(FILETIME) FtMulDwDw(DWORD ftMultiplicand, DWORD ftMultiplier);
FREEMAPI_STDAPI_(FILETIME) FtMulDw(DWORD ftMultiplier, FILETIME ftMultiplicand);
FREEMAPI_STDAPI_(FILETIME) FtSubFt(FILETIME ftMinuend, FILETIME ftSubtrahend);
FREEMAPI_STDAPI_(FILETIME) FtNegFt(FILETIME ft);
FREEMAPI_STDAPI_(FILETIME) FtDivFtBogus(FILETIME ftDividend, FILETIME ftDivisor, DWORD dwShift);

/* ------------------------------------------------------------------------ */
/* Messages and stores                                                       */

FREEMAPI_STDAPI_(SCODE) ScCreateConversationIndex(ULONG cbParent, LPBYTE lpbParent,
        ULONG *lpcbConvIndex, LPBYTE *lppbConvIndex);
typedef SCODE (STDAPICALLTYPE CREATECONVERSATIONINDEX)(ULONG cbParent, LPBYTE lpbParent,
        ULONG *lpcbConvIndex, LPBYTE *lppbConvIndex);
typedef CREATECONVERSATIONINDEX *LPCREATECONVERSATIONINDEX;
#ifdef _WIN64
#define szScCreateConversationIndex "ScCreateConversationIndex"
#else
#define szScCreateConversationIndex "_ScCreateConversationIndex@16"
#endif

FREEMAPI_STDAPI WrapStoreEntryID(ULONG ulFlags, LPTSTR lpszDLLName, ULONG cbOrigEntry,
        LPENTRYID lpOrigEntry, ULONG *lpcbWrappedEntry, LPENTRYID *lppWrappedEntry);

FREEMAPI_STDAPI_(SCODE) ScGenerateMuid(LPMAPIUID lpMuid);

/* ------------------------------------------------------------------------ */
/* Compressed RTF                                                            */

#define RTF_SYNC_RTF_CHANGED  ((ULONG)0x00000001)
#define RTF_SYNC_BODY_CHANGED ((ULONG)0x00000002)

FREEMAPI_STDAPI_(HRESULT) RTFSync(LPMESSAGE lpMessage, ULONG ulFlags, BOOL *lpfMessageUpdated);

/* ulFlags: MAPI_MODIFY, STORE_UNCOMPRESSED_RTF */
FREEMAPI_STDAPI_(HRESULT) WrapCompressedRTFStream(LPSTREAM lpCompressedRTFStream, ULONG ulFlags,
        LPSTREAM *lpUncompressedRTFStream);

/* ------------------------------------------------------------------------ */
/* Setup for programs that use the utilities without MAPIInitialize          */

FREEMAPI_STDAPI_(SCODE) ScInitMapiUtil(ULONG ulFlags);
FREEMAPI_STDAPI_(void) DeinitMapiUtil(void);

/* ------------------------------------------------------------------------ */
/* Locating the MAPI DLL of an installed mail client                         */

FREEMAPI_STDAPI_(BOOL) FGetComponentPath(LPSTR szComponent, LPSTR szQualifier, LPSTR szDllPath,
        DWORD cchBufferSize, BOOL fInstall);
typedef BOOL (STDAPICALLTYPE FGETCOMPONENTPATH)(LPSTR szComponent, LPSTR szQualifier,
        LPSTR szDllPath, DWORD cchBufferSize, BOOL fInstall);
typedef FGETCOMPONENTPATH *LPFGETCOMPONENTPATH;

#include <mapival.h>

#ifdef __cplusplus
}
#endif

#endif /* _MAPIUTIL_H_ */
