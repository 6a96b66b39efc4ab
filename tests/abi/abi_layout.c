/*
 * Compile-only ABI checks for the FreeMAPI SDK headers.
 *
 * Expected sizes and offsets are derived from Microsoft's declarations with
 * the Windows ABI rules (pointers 4/8 bytes; double, LONGLONG and FILETIME
 * members force 8-byte alignment of the unions that hold them).  Vtable slots
 * count from 0 and include IUnknown.  Nothing here runs: a wrong layout or a
 * wrong method type fails the build.
 */
#include <windows.h>
#include <mapix.h>
#include <mapispi.h>
#include <mapiutil.h>
#include <mapiaux.h>
#include <mapihook.h>
#include <mapi.h>
#include <stddef.h>

#define SIZE(type, x86, x64)  _Static_assert(sizeof(type) == (P64 ? (x64) : (x86)), "sizeof " #type)
#define OFF(type, m, x86, x64) \
    _Static_assert(offsetof(type, m) == (P64 ? (x64) : (x86)), "offsetof " #type "." #m)
#define SLOT(vtbl, m, n) \
    _Static_assert(offsetof(vtbl, m) / sizeof(void *) == (n), #vtbl "." #m " slot")
#define NSLOTS(vtbl, n) _Static_assert(sizeof(vtbl) / sizeof(void *) == (n), #vtbl " slot count")
/* Method pointer has exactly this type (parameter widths and calling convention). */
#define MTYPE(vtbl, m, ...) \
    _Static_assert(_Generic(((vtbl *)0)->m, __VA_ARGS__: 1, default: 0), #vtbl "." #m " type")

#ifdef _WIN64
#define P64 1
#else
#define P64 0
#endif

_Static_assert(sizeof(void *) == (P64 ? 8 : 4), "pointer size");
_Static_assert(sizeof(ULONG) == 4 && sizeof(ULONG_PTR) == sizeof(void *), "ULONG / ULONG_PTR");

/* ---- property values ---- */
SIZE(SBinary, 8, 16);
OFF(SBinary, lpb, 4, 8);
SIZE(SLongArray, 8, 16);
SIZE(SBinaryArray, 8, 16);
SIZE(ENTRYLIST, 8, 16);
SIZE(union _PV, 8, 16);
SIZE(SPropValue, 16, 24);
OFF(SPropValue, ulPropTag, 0, 0);
OFF(SPropValue, dwAlignPad, 4, 4);
OFF(SPropValue, Value, 8, 8);
SIZE(SPropTagArray, 8, 8);
OFF(SPropTagArray, aulPropTag, 4, 4);
SIZE(SPropProblem, 12, 12);
OFF(SPropProblem, scode, 8, 8);
SIZE(SPropProblemArray, 16, 16);
OFF(SPropProblemArray, aProblem, 4, 4);

/* ---- rows and address lists (ADRENTRY and SRow must overlay) ---- */
SIZE(SRow, 12, 16);
OFF(SRow, cValues, 4, 4);
OFF(SRow, lpProps, 8, 8);
SIZE(SRowSet, 16, 24);
OFF(SRowSet, aRow, 4, 8);
SIZE(ADRENTRY, 12, 16);
OFF(ADRENTRY, cValues, 4, 4);
OFF(ADRENTRY, rgPropVals, 8, 8);
SIZE(ADRLIST, 16, 24);
OFF(ADRLIST, aEntries, 4, 8);

/* ---- identifiers ---- */
SIZE(MAPIUID, 16, 16);
SIZE(ENTRYID, 5, 5);
OFF(ENTRYID, ab, 4, 4);
SIZE(FLATENTRY, 8, 8);
OFF(FLATENTRY, abEntry, 4, 4);
SIZE(FLATENTRYLIST, 12, 12);
OFF(FLATENTRYLIST, abEntries, 8, 8);
SIZE(NOTIFKEY, 8, 8);
OFF(NOTIFKEY, ab, 4, 4);
SIZE(MAPINAMEID, 12, 24);
OFF(MAPINAMEID, ulKind, 4, 8);
OFF(MAPINAMEID, Kind, 8, 16);

/* ---- errors, init ---- */
SIZE(MAPIERROR, 20, 32);
OFF(MAPIERROR, lpszError, 4, 8);
OFF(MAPIERROR, lpszComponent, 8, 16);
OFF(MAPIERROR, ulLowLevelError, 12, 24);
OFF(MAPIERROR, ulContext, 16, 28);
SIZE(MAPIINIT_0, 8, 8);
OFF(MAPIINIT_0, ulFlags, 4, 4);

/* ---- notifications ---- */
SIZE(ERROR_NOTIFICATION, 20, 32);
SIZE(NEWMAIL_NOTIFICATION, 28, 56);
SIZE(OBJECT_NOTIFICATION, 40, 72);
OFF(OBJECT_NOTIFICATION, lpPropTagArray, 36, 64);
SIZE(TABLE_NOTIFICATION, 56, 80);
OFF(TABLE_NOTIFICATION, propIndex, 8, 8);
OFF(TABLE_NOTIFICATION, propPrior, 24, 32);
OFF(TABLE_NOTIFICATION, row, 40, 56);
OFF(TABLE_NOTIFICATION, ulPad, 52, 72);
SIZE(EXTENDED_NOTIFICATION, 12, 16);
SIZE(STATUS_OBJECT_NOTIFICATION, 16, 32);
SIZE(NOTIFICATION, 64, 88);
OFF(NOTIFICATION, info, 8, 8);

/* ---- tables ---- */
SIZE(SSortOrder, 8, 8);
SIZE(SSortOrderSet, 20, 20);
OFF(SSortOrderSet, aSort, 12, 12);
SIZE(BOOKMARK, 4, 8);
SIZE(SRestriction, 16, 32);
OFF(SRestriction, res, 4, 8);
OFF(SRestriction, res.resContent.lpProp, 12, 16);
OFF(SRestriction, res.resComment.lpProp, 12, 24);
OFF(SRestriction, res.resAnd.lpRes, 8, 16);

/* ---- misc structures ---- */
SIZE(ADRPARM, 72, 136);
SIZE(OPTIONDATA, 36, 64);
SIZE(DTBLPAGE, 16, 16);
SIZE(MapiMessage, 48, 96);
SIZE(MapiRecipDesc, 24, 40);
SIZE(MapiFileDesc, 24, 40);
SIZE(FILETIME, 8, 8);
SIZE(CURRENCY, 8, 8);

/* ---- vtable slot positions ---- */
SLOT(IMAPIAdviseSinkVtbl, OnNotify, 3);
NSLOTS(IMAPIAdviseSinkVtbl, 4);
SLOT(IMAPIProgressVtbl, SetLimits, 7);
SLOT(IMAPIPropVtbl, GetLastError, 3);
SLOT(IMAPIPropVtbl, CopyTo, 10);
SLOT(IMAPIPropVtbl, GetIDsFromNames, 13);
NSLOTS(IMAPIPropVtbl, 14);
NSLOTS(IProfSectVtbl, 14);
NSLOTS(IMailUserVtbl, 14);
NSLOTS(IAttachVtbl, 14);
SLOT(IMAPITableVtbl, Advise, 4);
SLOT(IMAPITableVtbl, QueryRows, 19);
SLOT(IMAPITableVtbl, SetCollapseState, 25);
NSLOTS(IMAPITableVtbl, 26);
SLOT(IMAPIStatusVtbl, FlushQueues, 17);
SLOT(IMAPIContainerVtbl, GetSearchCriteria, 18);
SLOT(IMAPIFolderVtbl, CreateMessage, 19);
SLOT(IMAPIFolderVtbl, EmptyFolder, 29);
SLOT(IABContainerVtbl, ResolveNames, 22);
SLOT(IDistListVtbl, ResolveNames, 22);
SLOT(IMsgStoreVtbl, Advise, 14);
SLOT(IMsgStoreVtbl, NotifyNewMail, 26);
SLOT(IMessageVtbl, GetAttachmentTable, 14);
SLOT(IMessageVtbl, SetReadFlag, 21);
SLOT(IMAPIControlVtbl, GetState, 5);
SLOT(IProviderAdminVtbl, CreateProvider, 5);
SLOT(IProviderAdminVtbl, OpenProfileSection, 7);
SLOT(IMAPIClientShutdownVtbl, QueryFastShutdown, 3);
SLOT(IMAPIClientShutdownVtbl, NotifyProcessShutdown, 4);
SLOT(IMAPIClientShutdownVtbl, DoFastShutdown, 5);
NSLOTS(IMAPIClientShutdownVtbl, 6);
SLOT(IMAPIProviderShutdownVtbl, DoFastShutdown, 5);

SLOT(IMAPISessionVtbl, GetLastError, 3);
SLOT(IMAPISessionVtbl, OpenMsgStore, 5);
SLOT(IMAPISessionVtbl, OpenProfileSection, 7);
SLOT(IMAPISessionVtbl, Advise, 11);
SLOT(IMAPISessionVtbl, Unadvise, 12);
SLOT(IMAPISessionVtbl, Logoff, 17);
SLOT(IMAPISessionVtbl, AdminServices, 19);
SLOT(IMAPISessionVtbl, ShowForm, 20);
SLOT(IMAPISessionVtbl, PrepareForm, 21);
NSLOTS(IMAPISessionVtbl, 22);
SLOT(IAddrBookVtbl, OpenEntry, 14);
SLOT(IAddrBookVtbl, PrepareRecips, 31);
SLOT(IProfAdminVtbl, AdminServices, 11);
NSLOTS(IProfAdminVtbl, 12);
SLOT(IMsgServiceAdminVtbl, ConfigureMsgService, 9);
SLOT(IMsgServiceAdminVtbl, GetProviderTable, 14);
NSLOTS(IMsgServiceAdminVtbl, 15);
SLOT(IMsgServiceAdmin2Vtbl, GetProviderTable, 14);
SLOT(IMsgServiceAdmin2Vtbl, CreateMsgServiceEx, 15);
NSLOTS(IMsgServiceAdmin2Vtbl, 16);

SLOT(IMAPISupportVtbl, GetMemAllocRoutines, 4);
SLOT(IMAPISupportVtbl, OpenProfileSection, 9);
SLOT(IMAPISupportVtbl, SetProviderUID, 16);
SLOT(IMAPISupportVtbl, Address, 21);
SLOT(IMAPISupportVtbl, DoConfigPropsheet, 24);
SLOT(IMAPISupportVtbl, DoProgressDialog, 29);
SLOT(IMAPISupportVtbl, UpdatePAB, 33);
SLOT(IMAPISupportVtbl, OpenAddressBook, 35);
SLOT(IMAPISupportVtbl, Preprocess, 36);
SLOT(IMAPISupportVtbl, ModifyProfile, 41);
SLOT(IMAPISupportVtbl, GetSvcConfigSupportObj, 43);
NSLOTS(IMAPISupportVtbl, 44);
SLOT(IABProviderVtbl, Shutdown, 3);
SLOT(IABProviderVtbl, Logon, 4);
NSLOTS(IABProviderVtbl, 5);
SLOT(IABLogonVtbl, OpenStatusEntry, 9);
SLOT(IABLogonVtbl, PrepareRecips, 12);
SLOT(IXPProviderVtbl, TransportLogon, 4);
SLOT(IXPLogonVtbl, SubmitMessage, 8);
SLOT(IXPLogonVtbl, FlushQueues, 14);
NSLOTS(IXPLogonVtbl, 15);
SLOT(IMSProviderVtbl, Logon, 4);
SLOT(IMSProviderVtbl, CompareStoreIDs, 6);
SLOT(IMSLogonVtbl, Advise, 7);
SLOT(IMSLogonVtbl, OpenStatusEntry, 9);
NSLOTS(IMSLogonVtbl, 10);
SLOT(ITableDataVtbl, HrDeleteRows, 11);
SLOT(IPropDataVtbl, HrAddObjProps, 17);
SLOT(ISpoolerHookVtbl, OutboundMsgHook, 4);

/* ---- methods whose pointer-sized arguments mingw-w64 gets wrong (spec 8.3) ---- */
#define M HRESULT (STDMETHODCALLTYPE *)
MTYPE(IMAPISessionVtbl, Advise, M(IMAPISession *, ULONG, LPENTRYID, ULONG, LPMAPIADVISESINK, ULONG_PTR *));
MTYPE(IMAPISessionVtbl, Unadvise, M(IMAPISession *, ULONG_PTR));
MTYPE(IMAPISessionVtbl, ShowForm, M(IMAPISession *, ULONG_PTR, LPMDB, LPMAPIFOLDER, LPCIID,
      ULONG_PTR, LPMESSAGE, ULONG, ULONG, ULONG, ULONG, LPSTR));
MTYPE(IMAPISessionVtbl, PrepareForm, M(IMAPISession *, LPCIID, LPMESSAGE, ULONG_PTR *));
MTYPE(IMAPISessionVtbl, Logoff, M(IMAPISession *, ULONG_PTR, ULONG, ULONG));
MTYPE(IProviderAdminVtbl, CreateProvider, M(IProviderAdmin *, LPTSTR, ULONG, LPSPropValue,
      ULONG_PTR, ULONG, MAPIUID *));
MTYPE(IMAPIPropVtbl, CopyTo, M(IMAPIProp *, ULONG, LPCIID, LPSPropTagArray, ULONG_PTR,
      LPMAPIPROGRESS, LPCIID, LPVOID, ULONG, LPSPropProblemArray *));
MTYPE(IMAPIPropVtbl, CopyProps, M(IMAPIProp *, LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS,
      LPCIID, LPVOID, ULONG, LPSPropProblemArray *));
MTYPE(IMAPITableVtbl, Advise, M(IMAPITable *, ULONG, LPMAPIADVISESINK, ULONG_PTR *));
MTYPE(IMAPITableVtbl, Unadvise, M(IMAPITable *, ULONG_PTR));
MTYPE(IMAPITableVtbl, SeekRow, M(IMAPITable *, BOOKMARK, LONG, LONG *));
MTYPE(IMsgStoreVtbl, Advise, M(IMsgStore *, ULONG, LPENTRYID, ULONG, LPMAPIADVISESINK, ULONG_PTR *));
MTYPE(IMsgStoreVtbl, Unadvise, M(IMsgStore *, ULONG_PTR));
MTYPE(IAddrBookVtbl, Address, M(IAddrBook *, ULONG_PTR *, LPADRPARM, LPADRLIST *));
MTYPE(IMAPIStatusVtbl, ValidateState, M(IMAPIStatus *, ULONG_PTR, ULONG));
MTYPE(IMAPIFolderVtbl, DeleteMessages, M(IMAPIFolder *, LPENTRYLIST, ULONG_PTR, LPMAPIPROGRESS, ULONG));
MTYPE(IMSProviderVtbl, Logon, M(IMSProvider *, LPMAPISUP, ULONG_PTR, LPTSTR, ULONG, LPENTRYID,
      ULONG, LPCIID, ULONG *, LPBYTE *, LPMAPIERROR *, LPMSLOGON *, LPMDB *));
MTYPE(IMSProviderVtbl, SpoolerLogon, M(IMSProvider *, LPMAPISUP, ULONG_PTR, LPTSTR, ULONG,
      LPENTRYID, ULONG, LPCIID, ULONG, LPBYTE, LPMAPIERROR *, LPMSLOGON *, LPMDB *));
MTYPE(IABProviderVtbl, Logon, M(IABProvider *, LPMAPISUP, ULONG_PTR, LPTSTR, ULONG, ULONG *,
      LPBYTE *, LPMAPIERROR *, LPABLOGON *));
MTYPE(IXPProviderVtbl, TransportLogon, M(IXPProvider *, LPMAPISUP, ULONG_PTR, LPTSTR, ULONG *,
      LPMAPIERROR *, LPXPLOGON *));
MTYPE(IMSLogonVtbl, Advise, M(IMSLogon *, ULONG, LPENTRYID, ULONG, LPMAPIADVISESINK, ULONG_PTR *));
MTYPE(IMSLogonVtbl, Unadvise, M(IMSLogon *, ULONG_PTR));
MTYPE(IABLogonVtbl, Advise, M(IABLogon *, ULONG, LPENTRYID, ULONG, LPMAPIADVISESINK, ULONG_PTR *));
MTYPE(IABLogonVtbl, Unadvise, M(IABLogon *, ULONG_PTR));
MTYPE(IXPLogonVtbl, SubmitMessage, M(IXPLogon *, ULONG, LPMESSAGE, ULONG_PTR *, ULONG_PTR *));
MTYPE(IXPLogonVtbl, EndMessage, M(IXPLogon *, ULONG_PTR, ULONG *));
MTYPE(IXPLogonVtbl, StartMessage, M(IXPLogon *, ULONG, LPMESSAGE, ULONG_PTR *));
MTYPE(IXPLogonVtbl, ValidateState, M(IXPLogon *, ULONG_PTR, ULONG));
MTYPE(IXPLogonVtbl, FlushQueues, M(IXPLogon *, ULONG_PTR, ULONG, LPENTRYID, ULONG));
MTYPE(IMAPISupportVtbl, Subscribe, M(IMAPISupport *, LPNOTIFKEY, ULONG, ULONG, LPMAPIADVISESINK,
      ULONG_PTR *));
MTYPE(IMAPISupportVtbl, Unsubscribe, M(IMAPISupport *, ULONG_PTR));
MTYPE(IMAPISupportVtbl, Address, M(IMAPISupport *, ULONG_PTR *, LPADRPARM, LPADRLIST *));
MTYPE(IMAPISupportVtbl, NewEntry, M(IMAPISupport *, ULONG_PTR, ULONG, ULONG, LPENTRYID, ULONG,
      LPENTRYID, ULONG *, LPENTRYID *));
MTYPE(IMAPISupportVtbl, DoConfigPropsheet, M(IMAPISupport *, ULONG_PTR, ULONG, LPTSTR,
      LPMAPITABLE, LPMAPIPROP, ULONG));
MTYPE(IMAPISupportVtbl, DoProgressDialog, M(IMAPISupport *, ULONG_PTR, ULONG, LPMAPIPROGRESS *));
MTYPE(IMAPISupportVtbl, DoCopyProps, M(IMAPISupport *, LPCIID, LPVOID, LPSPropTagArray, ULONG_PTR,
      LPMAPIPROGRESS, LPCIID, LPVOID, ULONG, LPSPropProblemArray *));
MTYPE(IMAPIClientShutdownVtbl, DoFastShutdown, M(IMAPIClientShutdown *));
MTYPE(ITableDataVtbl, HrGetView, M(ITableData *, LPSSortOrderSet, CALLERRELEASE *, ULONG_PTR,
      LPMAPITABLE *));
#undef M

/* ---- entry point types: calling conventions matter on x86 ---- */
HRESULT __cdecl abi_xp_init(HINSTANCE a, LPMALLOC b, LPALLOCATEBUFFER c, LPALLOCATEMORE d,
                               LPFREEBUFFER e, ULONG f, ULONG g, ULONG *h, LPXPPROVIDER *i);
_Static_assert(_Generic(&abi_xp_init, LPXPPROVIDERINIT: 1, default: 0), "XPPROVIDERINIT is cdecl");
HRESULT __stdcall abi_svc_entry(HINSTANCE a, LPMALLOC b, LPMAPISUP c, ULONG_PTR d, ULONG e,
                                   ULONG f, ULONG g, LPSPropValue h, LPPROVIDERADMIN i,
                                   LPMAPIERROR *j);
_Static_assert(_Generic(&abi_svc_entry, LPMSGSERVICEENTRY: 1, default: 0), "MSGSERVICEENTRY is stdcall");
_Static_assert(_Generic(&MAPILogonEx, LPMAPILOGONEX: 1, default: 0), "MAPILogonEx type");
_Static_assert(_Generic(&MAPIInitialize, LPMAPIINITIALIZE: 1, default: 0), "MAPIInitialize type");
_Static_assert(_Generic(&MAPIUninitialize, LPMAPIUNINITIALIZE: 1, default: 0), "MAPIUninitialize type");
_Static_assert(_Generic(&MAPIAllocateBuffer, LPALLOCATEBUFFER: 1, default: 0), "MAPIAllocateBuffer type");
_Static_assert(_Generic(&MAPIAllocateMore, LPALLOCATEMORE: 1, default: 0), "MAPIAllocateMore type");
_Static_assert(_Generic(&MAPIFreeBuffer, LPFREEBUFFER: 1, default: 0), "MAPIFreeBuffer type");
_Static_assert(_Generic(&MAPIAdminProfiles, LPMAPIADMINPROFILES: 1, default: 0), "MAPIAdminProfiles type");

/* ---- constants the subsystem depends on ---- */
_Static_assert(MAPI_E_NO_SUPPORT == (HRESULT)0x80040102, "MAPI_E_NO_SUPPORT");
_Static_assert(MAPI_E_NOT_FOUND == (HRESULT)0x8004010F, "MAPI_E_NOT_FOUND");
_Static_assert(MAPI_E_NOT_INITIALIZED == (HRESULT)0x80040605, "MAPI_E_NOT_INITIALIZED");
_Static_assert(MAPI_W_ERRORS_RETURNED == (HRESULT)0x00040380, "MAPI_W_ERRORS_RETURNED");
_Static_assert(MAPI_E_AMBIGUOUS_RECIP == (HRESULT)0x80040700, "MAPI_E_AMBIGUOUS_RECIP");
_Static_assert(CURRENT_SPI_VERSION == 0x00010010, "CURRENT_SPI_VERSION");
_Static_assert(MAPI_FORCE_ACCESS == 0x00080000 && MAPI_BG_SESSION == 0x00200000, "flags");
_Static_assert(PR_DISPLAY_NAME_W == 0x3001001F && PR_SERVICE_ENTRY_NAME == 0x3D0B001E, "tags");
_Static_assert(PR_AB_SEARCH_PATH == 0x3D051102 && PR_RESOURCE_TYPE == 0x3E030003, "tags");
