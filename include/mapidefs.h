/*
 * mapidefs.h - basic MAPI types, constants and interfaces (FreeMAPI SDK).
 *
 * Layouts and method signatures follow Microsoft's MAPI declarations so that
 * x86 and x64 binaries interoperate with native clients and providers; in
 * particular window handles, connections and bookmarks are ULONG_PTR.
 */
#ifndef MAPIDEFS_H
#define MAPIDEFS_H

#ifndef _WINDOWS_
#include <windows.h>
#endif
#include <winerror.h>
#include <objbase.h>
#include <objidl.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Trailing variable-sized arrays are declared with one element. */
#ifndef MAPI_DIM
#define MAPI_DIM 1
#endif

/* Provider entry points are always cdecl, on every platform. */
#ifndef STDMAPIINITCALLTYPE
#define STDMAPIINITCALLTYPE     __cdecl
#define STDINITMETHODIMP        HRESULT STDMAPIINITCALLTYPE
#define STDINITMETHODIMP_(type) type STDMAPIINITCALLTYPE
#endif

#ifndef BEGIN_INTERFACE
#define BEGIN_INTERFACE
#endif

#define MAPI_NT_SERVICE ((ULONG)0x00010000)

#ifndef _LPULONG_DEFINED
#define _LPULONG_DEFINED
typedef ULONG *LPULONG;
#endif
#ifndef __LHANDLE
#define __LHANDLE
typedef ULONG_PTR LHANDLE, *LPLHANDLE;
#endif

/* ------------------------------------------------------------------------ */
/* Common flags                                                              */

#define MAPI_MODIFY                   ((ULONG)0x00000001)
#define MAPI_ACCESS_MODIFY            ((ULONG)0x00000001)
#define MAPI_ACCESS_READ              ((ULONG)0x00000002)
#define MAPI_ACCESS_DELETE            ((ULONG)0x00000004)
#define MAPI_ACCESS_CREATE_HIERARCHY  ((ULONG)0x00000008)
#define MAPI_ACCESS_CREATE_CONTENTS   ((ULONG)0x00000010)
#define MAPI_ACCESS_CREATE_ASSOCIATED ((ULONG)0x00000020)

#define MAPI_UNICODE                  ((ULONG)0x80000000)
#ifdef UNICODE
#define fMapiUnicode MAPI_UNICODE
#else
#define fMapiUnicode 0
#endif

#ifndef hrSuccess
#define hrSuccess 0
#endif

#define MAPI_CREATE                   ((ULONG)0x00000002)
#define MAPI_DEFERRED_ERRORS          ((ULONG)0x00000008)
#define MAPI_BEST_ACCESS              ((ULONG)0x00000010)
#define MAPI_ASSOCIATED               ((ULONG)0x00000040)
#define MAPI_NO_CACHE                 ((ULONG)0x00000200)
#define MAPI_CACHE_ONLY               ((ULONG)0x00004000)
#define MAPI_FORCE_ACCESS             ((ULONG)0x00080000)

/* Recipient types (also in mapi.h) */
#ifndef MAPI_ORIG
#define MAPI_ORIG      0
#define MAPI_TO        1
#define MAPI_CC        2
#define MAPI_BCC       3
#define MAPI_P1        0x10000000
#define MAPI_SUBMITTED 0x80000000
#endif

/* ------------------------------------------------------------------------ */
/* Entry identifiers                                                         */

/* abFlags[0] */
#define MAPI_SHORTTERM   0x80
#define MAPI_NOTRECIP    0x40
#define MAPI_THISSESSION 0x20
#define MAPI_NOW         0x10
#define MAPI_NOTRESERVED 0x08
/* abFlags[1] */
#define MAPI_COMPOUND    0x80

typedef struct _ENTRYID
{
    BYTE abFlags[4];
    BYTE ab[MAPI_DIM];
} ENTRYID, *LPENTRYID;

#define CbNewENTRYID(cb) (offsetof(ENTRYID, ab) + (cb))
#define CbENTRYID(cb)    (offsetof(ENTRYID, ab) + (cb))
#define SizedENTRYID(cb, name) \
    struct _ENTRYID_##name { BYTE abFlags[4]; BYTE ab[cb]; } name

/* A GUID stored as plain bytes: no byte-order interpretation. */
typedef struct _MAPIUID
{
    BYTE ab[16];
} MAPIUID, *LPMAPIUID;

#define IsEqualMAPIUID(a, b) (!memcmp((a), (b), sizeof(MAPIUID)))

/* One-off entry IDs */
#define MAPI_ONE_OFF_UID { 0x81, 0x2b, 0x1f, 0xa4, 0xbe, 0xa3, 0x10, 0x19, \
                           0x9d, 0x6e, 0x00, 0xdd, 0x01, 0x0f, 0x54, 0x02 }
#define MAPI_ONE_OFF_UNICODE      0x8000
#define MAPI_ONE_OFF_NO_RICH_INFO 0x0001

/* Object types (lpulObjType, PR_OBJECT_TYPE) */
#define MAPI_STORE    ((ULONG)0x00000001)
#define MAPI_ADDRBOOK ((ULONG)0x00000002)
#define MAPI_FOLDER   ((ULONG)0x00000003)
#define MAPI_ABCONT   ((ULONG)0x00000004)
#define MAPI_MESSAGE  ((ULONG)0x00000005)
#define MAPI_MAILUSER ((ULONG)0x00000006)
#define MAPI_ATTACH   ((ULONG)0x00000007)
#define MAPI_DISTLIST ((ULONG)0x00000008)
#define MAPI_PROFSECT ((ULONG)0x00000009)
#define MAPI_STATUS   ((ULONG)0x0000000A)
#define MAPI_SESSION  ((ULONG)0x0000000B)
#define MAPI_FORMINFO ((ULONG)0x0000000C)

/* Profile name and password length limits, without the terminator. */
#ifndef cchProfileNameMax
#define cchProfileNameMax 64
#define cchProfilePassMax 64
#endif

/* ------------------------------------------------------------------------ */
/* Property types and tags                                                   */

#define MV_FLAG        0x1000

#define PT_UNSPECIFIED ((ULONG)0)
#define PT_NULL        ((ULONG)1)
#define PT_I2          ((ULONG)2)
#define PT_LONG        ((ULONG)3)
#define PT_R4          ((ULONG)4)
#define PT_DOUBLE      ((ULONG)5)
#define PT_CURRENCY    ((ULONG)6)
#define PT_APPTIME     ((ULONG)7)
#define PT_ERROR       ((ULONG)10)
#define PT_BOOLEAN     ((ULONG)11)
#define PT_OBJECT      ((ULONG)13)
#define PT_I8          ((ULONG)20)
#define PT_STRING8     ((ULONG)30)
#define PT_UNICODE     ((ULONG)31)
#define PT_SYSTIME     ((ULONG)64)
#define PT_CLSID       ((ULONG)72)
#define PT_SVREID      ((ULONG)0x00FB)
#define PT_SRESTRICT   ((ULONG)0x00FD)
#define PT_ACTIONS     ((ULONG)0x00FE)
#define PT_BINARY      ((ULONG)258)
#define PT_PTR         ((ULONG)259)

#define PT_SHORT    PT_I2
#define PT_I4       PT_LONG
#define PT_FLOAT    PT_R4
#define PT_R8       PT_DOUBLE
#define PT_LONGLONG PT_I8

#define PT_MV_I2       (MV_FLAG | PT_I2)
#define PT_MV_LONG     (MV_FLAG | PT_LONG)
#define PT_MV_R4       (MV_FLAG | PT_R4)
#define PT_MV_DOUBLE   (MV_FLAG | PT_DOUBLE)
#define PT_MV_CURRENCY (MV_FLAG | PT_CURRENCY)
#define PT_MV_APPTIME  (MV_FLAG | PT_APPTIME)
#define PT_MV_SYSTIME  (MV_FLAG | PT_SYSTIME)
#define PT_MV_STRING8  (MV_FLAG | PT_STRING8)
#define PT_MV_BINARY   (MV_FLAG | PT_BINARY)
#define PT_MV_UNICODE  (MV_FLAG | PT_UNICODE)
#define PT_MV_CLSID    (MV_FLAG | PT_CLSID)
#define PT_MV_I8       (MV_FLAG | PT_I8)

#define PT_MV_SHORT    PT_MV_I2
#define PT_MV_I4       PT_MV_LONG
#define PT_MV_FLOAT    PT_MV_R4
#define PT_MV_R8       PT_MV_DOUBLE
#define PT_MV_LONGLONG PT_MV_I8

/* String properties follow the compile-time character width. */
#ifdef UNICODE
#define PT_TSTRING    PT_UNICODE
#define PT_MV_TSTRING (MV_FLAG | PT_UNICODE)
#define LPSZ          lpszW
#define LPPSZ         lppszW
#define MVSZ          MVszW
#else
#define PT_TSTRING    PT_STRING8
#define PT_MV_TSTRING (MV_FLAG | PT_STRING8)
#define LPSZ          lpszA
#define LPPSZ         lppszA
#define MVSZ          MVszA
#endif

/* Table operations: show each value of a multi-valued column as its own row. */
#define MV_INSTANCE   0x2000
#define MVI_FLAG      (MV_FLAG | MV_INSTANCE)
#define MVI_PROP(tag) ((tag) | MVI_FLAG)

#define PROP_TYPE_MASK        ((ULONG)0x0000FFFF)
#define PROP_TYPE(tag)        (((ULONG)(tag)) & PROP_TYPE_MASK)
#define PROP_ID(tag)          (((ULONG)(tag)) >> 16)
#define PROP_TAG(type, id)    ((((ULONG)(id)) << 16) | ((ULONG)(type)))
#define PROP_ID_NULL          0
#define PROP_ID_INVALID       0xFFFF
#define PR_NULL               PROP_TAG(PT_NULL, PROP_ID_NULL)
#define CHANGE_PROP_TYPE(tag, type) (((ULONG)0xFFFF0000 & (tag)) | (type))

/* ------------------------------------------------------------------------ */
/* Property tag arrays and values                                            */

typedef struct _SPropTagArray
{
    ULONG cValues;
    ULONG aulPropTag[MAPI_DIM];
} SPropTagArray, *LPSPropTagArray;

#define CbNewSPropTagArray(n)  (offsetof(SPropTagArray, aulPropTag) + (n) * sizeof(ULONG))
#define CbSPropTagArray(p) \
    (offsetof(SPropTagArray, aulPropTag) + (UINT)((p)->cValues) * sizeof(ULONG))
#define SizedSPropTagArray(n, name) \
    struct _SPropTagArray_##name { ULONG cValues; ULONG aulPropTag[n]; } name

#ifndef _CURRENCY_DEFINED
#define _CURRENCY_DEFINED
typedef CY CURRENCY;
#endif

typedef struct _SBinary
{
    ULONG  cb;
    LPBYTE lpb;
} SBinary, *LPSBinary;

typedef struct _SShortArray        { ULONG cValues; short int *lpi; } SShortArray;
typedef struct _SGuidArray         { ULONG cValues; GUID *lpguid; } SGuidArray;
typedef struct _SRealArray         { ULONG cValues; float *lpflt; } SRealArray;
typedef struct _SLongArray         { ULONG cValues; LONG *lpl; } SLongArray;
typedef struct _SLargeIntegerArray { ULONG cValues; LARGE_INTEGER *lpli; } SLargeIntegerArray;
typedef struct _SDateTimeArray     { ULONG cValues; FILETIME *lpft; } SDateTimeArray;
typedef struct _SAppTimeArray      { ULONG cValues; double *lpat; } SAppTimeArray;
typedef struct _SCurrencyArray     { ULONG cValues; CURRENCY *lpcur; } SCurrencyArray;
typedef struct _SBinaryArray       { ULONG cValues; SBinary *lpbin; } SBinaryArray;
typedef struct _SDoubleArray       { ULONG cValues; double *lpdbl; } SDoubleArray;
typedef struct _SWStringArray      { ULONG cValues; LPWSTR *lppszW; } SWStringArray;
typedef struct _SLPSTRArray        { ULONG cValues; LPSTR *lppszA; } SLPSTRArray;

/* The member used is selected by PROP_TYPE(ulPropTag). */
typedef union _PV
{
    short int          i;      /* PT_I2 */
    LONG               l;      /* PT_LONG */
    ULONG              ul;     /* PT_LONG, unsigned view */
    LPVOID             lpv;    /* PT_PTR */
    float              flt;    /* PT_R4 */
    double             dbl;    /* PT_DOUBLE */
    unsigned short int b;      /* PT_BOOLEAN */
    CURRENCY           cur;    /* PT_CURRENCY */
    double             at;     /* PT_APPTIME */
    FILETIME           ft;     /* PT_SYSTIME */
    LPSTR              lpszA;  /* PT_STRING8 */
    SBinary            bin;    /* PT_BINARY */
    LPWSTR             lpszW;  /* PT_UNICODE */
    LPGUID             lpguid; /* PT_CLSID */
    LARGE_INTEGER      li;     /* PT_I8 */
    SShortArray        MVi;
    SLongArray         MVl;
    SRealArray         MVflt;
    SDoubleArray       MVdbl;
    SCurrencyArray     MVcur;
    SAppTimeArray      MVat;
    SDateTimeArray     MVft;
    SBinaryArray       MVbin;
    SLPSTRArray        MVszA;
    SWStringArray      MVszW;
    SGuidArray         MVguid;
    SLargeIntegerArray MVli;
    SCODE              err;    /* PT_ERROR */
    LONG               x;      /* PT_NULL, PT_OBJECT: no value */
} __UPV;

typedef struct _SPropValue
{
    ULONG     ulPropTag;
    ULONG     dwAlignPad;
    union _PV Value;
} SPropValue, *LPSPropValue;

typedef struct _SPropProblem
{
    ULONG ulIndex;
    ULONG ulPropTag;
    SCODE scode;
} SPropProblem, *LPSPropProblem;

typedef struct _SPropProblemArray
{
    ULONG        cProblem;
    SPropProblem aProblem[MAPI_DIM];
} SPropProblemArray, *LPSPropProblemArray;

#define CbNewSPropProblemArray(n) (offsetof(SPropProblemArray, aProblem) + (n) * sizeof(SPropProblem))
#define CbSPropProblemArray(p) \
    (offsetof(SPropProblemArray, aProblem) + (UINT)((p)->cProblem * sizeof(SPropProblem)))
#define SizedSPropProblemArray(n, name) \
    struct _SPropProblemArray_##name { ULONG cProblem; SPropProblem aProblem[n]; } name

/* ------------------------------------------------------------------------ */
/* Entry lists                                                               */

typedef SBinaryArray ENTRYLIST, *LPENTRYLIST;

typedef struct _FLATENTRY
{
    ULONG cb;
    BYTE  abEntry[MAPI_DIM];
} FLATENTRY, *LPFLATENTRY;

typedef struct _FLATENTRYLIST
{
    ULONG cEntries;
    ULONG cbEntries;
    BYTE  abEntries[MAPI_DIM];
} FLATENTRYLIST, *LPFLATENTRYLIST;

typedef struct _MTSID
{
    ULONG cb;
    BYTE  ab[MAPI_DIM];
} MTSID, *LPMTSID;

typedef struct _FLATMTSIDLIST
{
    ULONG cMTSIDs;
    ULONG cbMTSIDs;
    BYTE  abMTSIDs[MAPI_DIM];
} FLATMTSIDLIST, *LPFLATMTSIDLIST;

#define CbNewFLATENTRY(cb)      (offsetof(FLATENTRY, abEntry) + (cb))
#define CbFLATENTRY(p)          (offsetof(FLATENTRY, abEntry) + (p)->cb)
#define CbNewFLATENTRYLIST(cb)  (offsetof(FLATENTRYLIST, abEntries) + (cb))
#define CbFLATENTRYLIST(p)      (offsetof(FLATENTRYLIST, abEntries) + (p)->cbEntries)
#define CbNewMTSID(cb)          (offsetof(MTSID, ab) + (cb))
#define CbMTSID(p)              (offsetof(MTSID, ab) + (p)->cb)
#define CbNewFLATMTSIDLIST(cb)  (offsetof(FLATMTSIDLIST, abMTSIDs) + (cb))
#define CbFLATMTSIDLIST(p)      (offsetof(FLATMTSIDLIST, abMTSIDs) + (p)->cbMTSIDs)

/* ------------------------------------------------------------------------ */
/* Address lists and rows (ADRENTRY and SRow share one layout)               */

typedef struct _ADRENTRY
{
    ULONG        ulReserved1;
    ULONG        cValues;
    LPSPropValue rgPropVals;
} ADRENTRY, *LPADRENTRY;

typedef struct _ADRLIST
{
    ULONG    cEntries;
    ADRENTRY aEntries[MAPI_DIM];
} ADRLIST, *LPADRLIST;

#define CbNewADRLIST(n) (offsetof(ADRLIST, aEntries) + (n) * sizeof(ADRENTRY))
#define CbADRLIST(p)    (offsetof(ADRLIST, aEntries) + (UINT)(p)->cEntries * sizeof(ADRENTRY))
#define SizedADRLIST(n, name) \
    struct _ADRLIST_##name { ULONG cEntries; ADRENTRY aEntries[n]; } name

typedef struct _SRow
{
    ULONG        ulAdrEntryPad;
    ULONG        cValues;
    LPSPropValue lpProps;
} SRow, *LPSRow;

typedef struct _SRowSet
{
    ULONG cRows;
    SRow  aRow[MAPI_DIM];
} SRowSet, *LPSRowSet;

#define CbNewSRowSet(n) (offsetof(SRowSet, aRow) + (n) * sizeof(SRow))
#define CbSRowSet(p)    (offsetof(SRowSet, aRow) + (UINT)((p)->cRows * sizeof(SRow)))
#define SizedSRowSet(n, name) \
    struct _SRowSet_##name { ULONG cRows; SRow aRow[n]; } name

/* ------------------------------------------------------------------------ */
/* Memory allocation routines handed to providers                            */

typedef SCODE (STDMETHODCALLTYPE ALLOCATEBUFFER)(ULONG cbSize, LPVOID *lppBuffer);
typedef SCODE (STDMETHODCALLTYPE ALLOCATEMORE)(ULONG cbSize, LPVOID lpObject, LPVOID *lppBuffer);
typedef ULONG (STDAPICALLTYPE FREEBUFFER)(LPVOID lpBuffer);
typedef ALLOCATEBUFFER *LPALLOCATEBUFFER;
typedef ALLOCATEMORE   *LPALLOCATEMORE;
typedef FREEBUFFER     *LPFREEBUFFER;

/* ------------------------------------------------------------------------ */
/* Interface helpers                                                         */

#define MAPIMETHOD(method)         STDMETHOD(method)
#define MAPIMETHOD_(type, method)  STDMETHOD_(type, method)
#define MAPIMETHOD_DECLARE(type, method, prefix) STDMETHODIMP_(type) prefix##method
#define MAPIMETHOD_TYPEDEF(type, method, prefix) \
    typedef type (STDMETHODCALLTYPE prefix##method##_METHOD)

/* For code that declares its own interfaces in the Microsoft SDK style. */
#define DECLARE_MAPI_INTERFACE(iface)            DECLARE_INTERFACE(iface)
#define DECLARE_MAPI_INTERFACE_(iface, baseface) DECLARE_INTERFACE_(iface, baseface)
#define MAPI_IUNKNOWN_METHODS(IPURE) \
    MAPIMETHOD(QueryInterface)(THIS_ REFIID riid, LPVOID *ppvObj) IPURE; \
    MAPIMETHOD_(ULONG, AddRef)(THIS) IPURE; \
    MAPIMETHOD_(ULONG, Release)(THIS) IPURE;
#undef IMPL
#define IMPL

/* Forward declaration of an interface and its pointer type. */
#define DECLARE_MAPI_INTERFACE_PTR(iface, piface) \
    typedef struct iface iface, *piface

typedef const IID *LPCIID;

DECLARE_MAPI_INTERFACE_PTR(IMsgStore,       LPMDB);
DECLARE_MAPI_INTERFACE_PTR(IMAPIFolder,     LPMAPIFOLDER);
DECLARE_MAPI_INTERFACE_PTR(IMessage,        LPMESSAGE);
DECLARE_MAPI_INTERFACE_PTR(IAttach,         LPATTACH);
DECLARE_MAPI_INTERFACE_PTR(IAddrBook,       LPADRBOOK);
DECLARE_MAPI_INTERFACE_PTR(IABContainer,    LPABCONT);
DECLARE_MAPI_INTERFACE_PTR(IMailUser,       LPMAILUSER);
DECLARE_MAPI_INTERFACE_PTR(IDistList,       LPDISTLIST);
DECLARE_MAPI_INTERFACE_PTR(IMAPIStatus,     LPMAPISTATUS);
DECLARE_MAPI_INTERFACE_PTR(IMAPITable,      LPMAPITABLE);
DECLARE_MAPI_INTERFACE_PTR(IProfSect,       LPPROFSECT);
DECLARE_MAPI_INTERFACE_PTR(IMAPIProp,       LPMAPIPROP);
DECLARE_MAPI_INTERFACE_PTR(IMAPIContainer,  LPMAPICONTAINER);
DECLARE_MAPI_INTERFACE_PTR(IMAPIAdviseSink, LPMAPIADVISESINK);
DECLARE_MAPI_INTERFACE_PTR(IMAPIProgress,   LPMAPIPROGRESS);
DECLARE_MAPI_INTERFACE_PTR(IProviderAdmin,  LPPROVIDERADMIN);
DECLARE_MAPI_INTERFACE_PTR(IMAPIControl,    LPMAPICONTROL);
DECLARE_MAPI_INTERFACE_PTR(IMAPIClientShutdown,   LPMAPICLIENTSHUTDOWN);
DECLARE_MAPI_INTERFACE_PTR(IMAPIProviderShutdown, LPMAPIPROVIDERSHUTDOWN);

/* ------------------------------------------------------------------------ */
/* Extended error information                                                */

#define MAPI_ERROR_VERSION 0x00000000L

/* Allocated as one MAPIAllocateBuffer block; strings are TCHAR per ulFlags. */
typedef struct _MAPIERROR
{
    ULONG  ulVersion;
    LPTSTR lpszError;
    LPTSTR lpszComponent;
    ULONG  ulLowLevelError;
    ULONG  ulContext;
} MAPIERROR, *LPMAPIERROR;

/* ------------------------------------------------------------------------ */
/* Notifications                                                             */

#define fnevCriticalError        ((ULONG)0x00000001)
#define fnevNewMail              ((ULONG)0x00000002)
#define fnevObjectCreated        ((ULONG)0x00000004)
#define fnevObjectDeleted        ((ULONG)0x00000008)
#define fnevObjectModified       ((ULONG)0x00000010)
#define fnevObjectMoved          ((ULONG)0x00000020)
#define fnevObjectCopied         ((ULONG)0x00000040)
#define fnevSearchComplete       ((ULONG)0x00000080)
#define fnevTableModified        ((ULONG)0x00000100)
#define fnevStatusObjectModified ((ULONG)0x00000200)
#define fnevReservedForMapi      ((ULONG)0x40000000)
#define fnevExtended             ((ULONG)0x80000000)

/* TABLE_NOTIFICATION.ulTableEvent */
#define TABLE_CHANGED       1
#define TABLE_ERROR         2
#define TABLE_ROW_ADDED     3
#define TABLE_ROW_DELETED   4
#define TABLE_ROW_MODIFIED  5
#define TABLE_SORT_DONE     6
#define TABLE_RESTRICT_DONE 7
#define TABLE_SETCOL_DONE   8
#define TABLE_RELOAD        9

typedef struct _ERROR_NOTIFICATION
{
    ULONG       cbEntryID;
    LPENTRYID   lpEntryID;
    SCODE       scode;
    ULONG       ulFlags;       /* 0 or MAPI_UNICODE */
    LPMAPIERROR lpMAPIError;
} ERROR_NOTIFICATION;

typedef struct _NEWMAIL_NOTIFICATION
{
    ULONG     cbEntryID;
    LPENTRYID lpEntryID;
    ULONG     cbParentID;
    LPENTRYID lpParentID;
    ULONG     ulFlags;         /* 0 or MAPI_UNICODE */
    LPTSTR    lpszMessageClass;
    ULONG     ulMessageFlags;
} NEWMAIL_NOTIFICATION;

typedef struct _OBJECT_NOTIFICATION
{
    ULONG           cbEntryID;
    LPENTRYID       lpEntryID;
    ULONG           ulObjType;
    ULONG           cbParentID;
    LPENTRYID       lpParentID;
    ULONG           cbOldID;
    LPENTRYID       lpOldID;
    ULONG           cbOldParentID;
    LPENTRYID       lpOldParentID;
    LPSPropTagArray lpPropTagArray;
} OBJECT_NOTIFICATION;

typedef struct _TABLE_NOTIFICATION
{
    ULONG      ulTableEvent;
    HRESULT    hResult;
    SPropValue propIndex;
    SPropValue propPrior;
    SRow       row;
    ULONG      ulPad;
} TABLE_NOTIFICATION;

typedef struct _EXTENDED_NOTIFICATION
{
    ULONG  ulEvent;
    ULONG  cb;
    LPBYTE pbEventParameters;
} EXTENDED_NOTIFICATION;

typedef struct _STATUS_OBJECT_NOTIFICATION
{
    ULONG        cbEntryID;
    LPENTRYID    lpEntryID;
    ULONG        cValues;
    LPSPropValue lpPropVals;
} STATUS_OBJECT_NOTIFICATION;

typedef struct _NOTIFICATION
{
    ULONG ulEventType;         /* one fnev* value */
    ULONG ulAlignPad;
    union
    {
        ERROR_NOTIFICATION         err;
        NEWMAIL_NOTIFICATION       newmail;
        OBJECT_NOTIFICATION        obj;
        TABLE_NOTIFICATION         tab;
        EXTENDED_NOTIFICATION      ext;
        STATUS_OBJECT_NOTIFICATION statobj;
    } info;
} NOTIFICATION, *LPNOTIFICATION;

#undef INTERFACE
#define INTERFACE IMAPIAdviseSink
DECLARE_INTERFACE_(IMAPIAdviseSink, IUnknown)
{
    BEGIN_INTERFACE
    /* IUnknown, slots 0-2 */
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **ppvObj) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    /* IMAPIAdviseSink, slots 3-3 */
    STDMETHOD_(ULONG, OnNotify)(THIS_ ULONG cNotif, LPNOTIFICATION lpNotifications) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IMAPIAdviseSink_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IMAPIAdviseSink_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IMAPIAdviseSink_Release(p) (p)->lpVtbl->Release(p)
#define IMAPIAdviseSink_OnNotify(p,a,b) (p)->lpVtbl->OnNotify(p,a,b)
#endif

typedef LONG (STDAPICALLTYPE NOTIFCALLBACK)(LPVOID lpvContext, ULONG cNotification,
                                            LPNOTIFICATION lpNotifications);
typedef NOTIFCALLBACK *LPNOTIFCALLBACK;

#define szMAPINotificationMsg "MAPI Notify window message"

/* ------------------------------------------------------------------------ */
/* IMAPIProgress                                                             */

#define MAPI_TOP_LEVEL ((ULONG)0x00000001)

#undef INTERFACE
#define INTERFACE IMAPIProgress
DECLARE_INTERFACE_(IMAPIProgress, IUnknown)
{
    BEGIN_INTERFACE
    /* IUnknown, slots 0-2 */
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **ppvObj) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    /* IMAPIProgress, slots 3-7 */
    STDMETHOD(Progress)(THIS_ ULONG ulValue, ULONG ulCount, ULONG ulTotal) PURE;
    STDMETHOD(GetFlags)(THIS_ ULONG *lpulFlags) PURE;
    STDMETHOD(GetMax)(THIS_ ULONG *lpulMax) PURE;
    STDMETHOD(GetMin)(THIS_ ULONG *lpulMin) PURE;
    STDMETHOD(SetLimits)(THIS_ ULONG *lpulMin, ULONG *lpulMax, ULONG *lpulFlags) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IMAPIProgress_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IMAPIProgress_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IMAPIProgress_Release(p) (p)->lpVtbl->Release(p)
#define IMAPIProgress_Progress(p,a,b,c) (p)->lpVtbl->Progress(p,a,b,c)
#define IMAPIProgress_GetFlags(p,a) (p)->lpVtbl->GetFlags(p,a)
#define IMAPIProgress_GetMax(p,a) (p)->lpVtbl->GetMax(p,a)
#define IMAPIProgress_GetMin(p,a) (p)->lpVtbl->GetMin(p,a)
#define IMAPIProgress_SetLimits(p,a,b,c) (p)->lpVtbl->SetLimits(p,a,b,c)
#endif

/* ------------------------------------------------------------------------ */
/* IMAPIProp                                                                 */

/* SaveChanges */
#define KEEP_OPEN_READONLY  ((ULONG)0x00000001)
#define KEEP_OPEN_READWRITE ((ULONG)0x00000002)
#define FORCE_SAVE          ((ULONG)0x00000004)
/* OpenProperty */
#define STREAM_APPEND       ((ULONG)0x00000004)
/* CopyTo, CopyProps */
#define MAPI_MOVE           ((ULONG)0x00000001)
#define MAPI_NOREPLACE      ((ULONG)0x00000002)
#define MAPI_DECLINE_OK     ((ULONG)0x00000004)
#ifndef MAPI_DIALOG
#define MAPI_DIALOG         ((ULONG)0x00000008)
#endif
#ifndef MAPI_USE_DEFAULT
#define MAPI_USE_DEFAULT    0x00000040
#endif
/* GetNamesFromIDs */
#define MAPI_NO_STRINGS     ((ULONG)0x00000001)
#define MAPI_NO_IDS         ((ULONG)0x00000002)

/* MAPINAMEID.ulKind */
#define MNID_ID     0
#define MNID_STRING 1

typedef struct _MAPINAMEID
{
    LPGUID lpguid;
    ULONG  ulKind;
    union
    {
        LONG_PTR lID_Reserved;  /* keeps the union pointer-sized */
        LONG     lID;
        LPWSTR   lpwstrName;
    } Kind;
} MAPINAMEID, *LPMAPINAMEID;

#undef INTERFACE
#define INTERFACE IMAPIProp
DECLARE_INTERFACE_(IMAPIProp, IUnknown)
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
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IMAPIProp_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IMAPIProp_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IMAPIProp_Release(p) (p)->lpVtbl->Release(p)
#define IMAPIProp_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMAPIProp_SaveChanges(p,a) (p)->lpVtbl->SaveChanges(p,a)
#define IMAPIProp_GetProps(p,a,b,c,d) (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IMAPIProp_GetPropList(p,a,b) (p)->lpVtbl->GetPropList(p,a,b)
#define IMAPIProp_OpenProperty(p,a,b,c,d,e) (p)->lpVtbl->OpenProperty(p,a,b,c,d,e)
#define IMAPIProp_SetProps(p,a,b,c) (p)->lpVtbl->SetProps(p,a,b,c)
#define IMAPIProp_DeleteProps(p,a,b) (p)->lpVtbl->DeleteProps(p,a,b)
#define IMAPIProp_CopyTo(p,a,b,c,d,e,f,g,h,i) (p)->lpVtbl->CopyTo(p,a,b,c,d,e,f,g,h,i)
#define IMAPIProp_CopyProps(p,a,b,c,d,e,f,g) (p)->lpVtbl->CopyProps(p,a,b,c,d,e,f,g)
#define IMAPIProp_GetNamesFromIDs(p,a,b,c,d,e) (p)->lpVtbl->GetNamesFromIDs(p,a,b,c,d,e)
#define IMAPIProp_GetIDsFromNames(p,a,b,c,d) (p)->lpVtbl->GetIDsFromNames(p,a,b,c,d)
#endif

/* ------------------------------------------------------------------------ */
/* IMAPITable                                                                */

#define TBLSTAT_COMPLETE       ((ULONG)0)
#define TBLSTAT_QCHANGED       ((ULONG)7)
#define TBLSTAT_SORTING        ((ULONG)9)
#define TBLSTAT_SORT_ERROR     ((ULONG)10)
#define TBLSTAT_SETTING_COLS   ((ULONG)11)
#define TBLSTAT_SETCOL_ERROR   ((ULONG)13)
#define TBLSTAT_RESTRICTING    ((ULONG)14)
#define TBLSTAT_RESTRICT_ERROR ((ULONG)15)

#define TBLTYPE_SNAPSHOT ((ULONG)0)
#define TBLTYPE_KEYSET   ((ULONG)1)
#define TBLTYPE_DYNAMIC  ((ULONG)2)

#define TABLE_SORT_ASCEND    ((ULONG)0x00000000)
#define TABLE_SORT_DESCEND   ((ULONG)0x00000001)
#define TABLE_SORT_COMBINE   ((ULONG)0x00000002)
#define TABLE_SORT_CATEG_MAX ((ULONG)0x00000004)
#define TABLE_SORT_CATEG_MIN ((ULONG)0x00000008)

typedef struct _SSortOrder
{
    ULONG ulPropTag;
    ULONG ulOrder;
} SSortOrder, *LPSSortOrder;

typedef struct _SSortOrderSet
{
    ULONG      cSorts;
    ULONG      cCategories;
    ULONG      cExpanded;
    SSortOrder aSort[MAPI_DIM];
} SSortOrderSet, *LPSSortOrderSet;

#define CbNewSSortOrderSet(n) (offsetof(SSortOrderSet, aSort) + (n) * sizeof(SSortOrder))
#define CbSSortOrderSet(p) \
    (offsetof(SSortOrderSet, aSort) + (UINT)((p)->cSorts * sizeof(SSortOrder)))
#define SizedSSortOrderSet(n, name) \
    struct _SSortOrderSet_##name { ULONG cSorts; ULONG cCategories; ULONG cExpanded; \
                                   SSortOrder aSort[n]; } name

typedef ULONG_PTR BOOKMARK;

#define BOOKMARK_BEGINNING ((BOOKMARK)0)
#define BOOKMARK_CURRENT   ((BOOKMARK)1)
#define BOOKMARK_END       ((BOOKMARK)2)

/* Fuzzy levels for RES_CONTENT */
#define FL_FULLSTRING     ((ULONG)0x00000000)
#define FL_SUBSTRING      ((ULONG)0x00000001)
#define FL_PREFIX         ((ULONG)0x00000002)
#define FL_IGNORECASE     ((ULONG)0x00010000)
#define FL_IGNORENONSPACE ((ULONG)0x00020000)
#define FL_LOOSE          ((ULONG)0x00040000)

#define RES_AND            ((ULONG)0x00000000)
#define RES_OR             ((ULONG)0x00000001)
#define RES_NOT            ((ULONG)0x00000002)
#define RES_CONTENT        ((ULONG)0x00000003)
#define RES_PROPERTY       ((ULONG)0x00000004)
#define RES_COMPAREPROPS   ((ULONG)0x00000005)
#define RES_BITMASK        ((ULONG)0x00000006)
#define RES_SIZE           ((ULONG)0x00000007)
#define RES_EXIST          ((ULONG)0x00000008)
#define RES_SUBRESTRICTION ((ULONG)0x00000009)
#define RES_COMMENT        ((ULONG)0x0000000A)
#define RES_COUNT          ((ULONG)0x0000000B)
#define RES_ANNOTATION     ((ULONG)0x0000000C)

#define RELOP_LT ((ULONG)0)
#define RELOP_LE ((ULONG)1)
#define RELOP_GT ((ULONG)2)
#define RELOP_GE ((ULONG)3)
#define RELOP_EQ ((ULONG)4)
#define RELOP_NE ((ULONG)5)
#define RELOP_RE ((ULONG)6)

#define BMR_EQZ ((ULONG)0)
#define BMR_NEZ ((ULONG)1)

typedef struct _SRestriction *LPSRestriction;

typedef struct _SAndRestriction      { ULONG cRes; LPSRestriction lpRes; } SAndRestriction;
typedef struct _SOrRestriction       { ULONG cRes; LPSRestriction lpRes; } SOrRestriction;
typedef struct _SNotRestriction      { ULONG ulReserved; LPSRestriction lpRes; } SNotRestriction;
typedef struct _SContentRestriction  { ULONG ulFuzzyLevel; ULONG ulPropTag; LPSPropValue lpProp; } SContentRestriction;
typedef struct _SBitMaskRestriction  { ULONG relBMR; ULONG ulPropTag; ULONG ulMask; } SBitMaskRestriction;
typedef struct _SPropertyRestriction { ULONG relop; ULONG ulPropTag; LPSPropValue lpProp; } SPropertyRestriction;
typedef struct _SComparePropsRestriction { ULONG relop; ULONG ulPropTag1; ULONG ulPropTag2; } SComparePropsRestriction;
typedef struct _SSizeRestriction     { ULONG relop; ULONG ulPropTag; ULONG cb; } SSizeRestriction;
typedef struct _SExistRestriction    { ULONG ulReserved1; ULONG ulPropTag; ULONG ulReserved2; } SExistRestriction;
typedef struct _SSubRestriction      { ULONG ulSubObject; LPSRestriction lpRes; } SSubRestriction;
typedef struct _SCommentRestriction  { ULONG cValues; LPSRestriction lpRes; LPSPropValue lpProp; } SCommentRestriction;
typedef struct _SAnnotationRestriction { ULONG cValues; LPSRestriction lpRes; LPSPropValue lpProp; } SAnnotationRestriction;
typedef struct _SCountRestriction    { ULONG ulCount; LPSRestriction lpRes; } SCountRestriction;

typedef struct _SRestriction
{
    ULONG rt;                  /* RES_* */
    union
    {
        SComparePropsRestriction resCompareProps;  /* first: three-ULONG static initializers */
        SAndRestriction          resAnd;
        SOrRestriction           resOr;
        SNotRestriction          resNot;
        SContentRestriction      resContent;
        SPropertyRestriction     resProperty;
        SBitMaskRestriction      resBitMask;
        SSizeRestriction         resSize;
        SExistRestriction        resExist;
        SSubRestriction          resSub;
        SCommentRestriction      resComment;
        SAnnotationRestriction   resAnnotation;
        SCountRestriction        resCount;
    } res;
} SRestriction;

/* QueryColumns */
#define TBL_ALL_COLUMNS        ((ULONG)0x00000001)
/* PR_ROW_TYPE */
#define TBL_LEAF_ROW           ((ULONG)1)
#define TBL_EMPTY_CATEGORY     ((ULONG)2)
#define TBL_EXPANDED_CATEGORY  ((ULONG)3)
#define TBL_COLLAPSED_CATEGORY ((ULONG)4)
/* Async operations */
#define TBL_NOWAIT             ((ULONG)0x00000001)
#define TBL_ASYNC              ((ULONG)0x00000001)
#define TBL_BATCH              ((ULONG)0x00000002)
/* FindRow */
#define DIR_BACKWARD           ((ULONG)0x00000001)
/* QueryRows */
#define TBL_NOADVANCE          ((ULONG)0x00000001)

#undef INTERFACE
#define INTERFACE IMAPITable
DECLARE_INTERFACE_(IMAPITable, IUnknown)
{
    BEGIN_INTERFACE
    /* IUnknown, slots 0-2 */
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **ppvObj) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    /* IMAPITable, slots 3-25 */
    STDMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError) PURE;
    STDMETHOD(Advise)(THIS_ ULONG ulEventMask, LPMAPIADVISESINK lpAdviseSink,
        ULONG_PTR *lpulConnection) PURE;
    STDMETHOD(Unadvise)(THIS_ ULONG_PTR ulConnection) PURE;
    STDMETHOD(GetStatus)(THIS_ ULONG *lpulTableStatus, ULONG *lpulTableType) PURE;
    STDMETHOD(SetColumns)(THIS_ LPSPropTagArray lpPropTagArray, ULONG ulFlags) PURE;
    STDMETHOD(QueryColumns)(THIS_ ULONG ulFlags, LPSPropTagArray *lpPropTagArray) PURE;
    STDMETHOD(GetRowCount)(THIS_ ULONG ulFlags, ULONG *lpulCount) PURE;
    STDMETHOD(SeekRow)(THIS_ BOOKMARK bkOrigin, LONG lRowCount, LONG *lplRowsSought) PURE;
    STDMETHOD(SeekRowApprox)(THIS_ ULONG ulNumerator, ULONG ulDenominator) PURE;
    STDMETHOD(QueryPosition)(THIS_ ULONG *lpulRow, ULONG *lpulNumerator,
        ULONG *lpulDenominator) PURE;
    STDMETHOD(FindRow)(THIS_ LPSRestriction lpRestriction, BOOKMARK bkOrigin, ULONG ulFlags) PURE;
    STDMETHOD(Restrict)(THIS_ LPSRestriction lpRestriction, ULONG ulFlags) PURE;
    STDMETHOD(CreateBookmark)(THIS_ BOOKMARK *lpbkPosition) PURE;
    STDMETHOD(FreeBookmark)(THIS_ BOOKMARK bkPosition) PURE;
    STDMETHOD(SortTable)(THIS_ LPSSortOrderSet lpSortCriteria, ULONG ulFlags) PURE;
    STDMETHOD(QuerySortOrder)(THIS_ LPSSortOrderSet *lppSortCriteria) PURE;
    STDMETHOD(QueryRows)(THIS_ LONG lRowCount, ULONG ulFlags, LPSRowSet *lppRows) PURE;
    STDMETHOD(Abort)(THIS) PURE;
    STDMETHOD(ExpandRow)(THIS_ ULONG cbInstanceKey, LPBYTE pbInstanceKey, ULONG ulRowCount,
        ULONG ulFlags, LPSRowSet *lppRows, ULONG *lpulMoreRows) PURE;
    STDMETHOD(CollapseRow)(THIS_ ULONG cbInstanceKey, LPBYTE pbInstanceKey, ULONG ulFlags,
        ULONG *lpulRowCount) PURE;
    STDMETHOD(WaitForCompletion)(THIS_ ULONG ulFlags, ULONG ulTimeout, ULONG *lpulTableStatus) PURE;
    STDMETHOD(GetCollapseState)(THIS_ ULONG ulFlags, ULONG cbInstanceKey, LPBYTE lpbInstanceKey,
        ULONG *lpcbCollapseState, LPBYTE *lppbCollapseState) PURE;
    STDMETHOD(SetCollapseState)(THIS_ ULONG ulFlags, ULONG cbCollapseState, LPBYTE pbCollapseState,
        BOOKMARK *lpbkLocation) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IMAPITable_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IMAPITable_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IMAPITable_Release(p) (p)->lpVtbl->Release(p)
#define IMAPITable_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMAPITable_Advise(p,a,b,c) (p)->lpVtbl->Advise(p,a,b,c)
#define IMAPITable_Unadvise(p,a) (p)->lpVtbl->Unadvise(p,a)
#define IMAPITable_GetStatus(p,a,b) (p)->lpVtbl->GetStatus(p,a,b)
#define IMAPITable_SetColumns(p,a,b) (p)->lpVtbl->SetColumns(p,a,b)
#define IMAPITable_QueryColumns(p,a,b) (p)->lpVtbl->QueryColumns(p,a,b)
#define IMAPITable_GetRowCount(p,a,b) (p)->lpVtbl->GetRowCount(p,a,b)
#define IMAPITable_SeekRow(p,a,b,c) (p)->lpVtbl->SeekRow(p,a,b,c)
#define IMAPITable_SeekRowApprox(p,a,b) (p)->lpVtbl->SeekRowApprox(p,a,b)
#define IMAPITable_QueryPosition(p,a,b,c) (p)->lpVtbl->QueryPosition(p,a,b,c)
#define IMAPITable_FindRow(p,a,b,c) (p)->lpVtbl->FindRow(p,a,b,c)
#define IMAPITable_Restrict(p,a,b) (p)->lpVtbl->Restrict(p,a,b)
#define IMAPITable_CreateBookmark(p,a) (p)->lpVtbl->CreateBookmark(p,a)
#define IMAPITable_FreeBookmark(p,a) (p)->lpVtbl->FreeBookmark(p,a)
#define IMAPITable_SortTable(p,a,b) (p)->lpVtbl->SortTable(p,a,b)
#define IMAPITable_QuerySortOrder(p,a) (p)->lpVtbl->QuerySortOrder(p,a)
#define IMAPITable_QueryRows(p,a,b,c) (p)->lpVtbl->QueryRows(p,a,b,c)
#define IMAPITable_Abort(p) (p)->lpVtbl->Abort(p)
#define IMAPITable_ExpandRow(p,a,b,c,d,e,f) (p)->lpVtbl->ExpandRow(p,a,b,c,d,e,f)
#define IMAPITable_CollapseRow(p,a,b,c,d) (p)->lpVtbl->CollapseRow(p,a,b,c,d)
#define IMAPITable_WaitForCompletion(p,a,b,c) (p)->lpVtbl->WaitForCompletion(p,a,b,c)
#define IMAPITable_GetCollapseState(p,a,b,c,d,e) (p)->lpVtbl->GetCollapseState(p,a,b,c,d,e)
#define IMAPITable_SetCollapseState(p,a,b,c,d) (p)->lpVtbl->SetCollapseState(p,a,b,c,d)
#endif

/* ------------------------------------------------------------------------ */
/* IProfSect                                                                 */

/* Section holding public profile properties */
#define PS_PROFILE_PROPERTIES_INIT \
    { 0x98, 0x15, 0xAC, 0x08, 0xAA, 0xB0, 0x10, 0x1A, \
      0x8C, 0x93, 0x08, 0x00, 0x2B, 0x2A, 0x56, 0xC2 }

#undef INTERFACE
#define INTERFACE IProfSect
DECLARE_INTERFACE_(IProfSect, IMAPIProp)
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
    /* IProfSect: no methods of its own */
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IProfSect_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IProfSect_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IProfSect_Release(p) (p)->lpVtbl->Release(p)
#define IProfSect_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IProfSect_SaveChanges(p,a) (p)->lpVtbl->SaveChanges(p,a)
#define IProfSect_GetProps(p,a,b,c,d) (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IProfSect_GetPropList(p,a,b) (p)->lpVtbl->GetPropList(p,a,b)
#define IProfSect_OpenProperty(p,a,b,c,d,e) (p)->lpVtbl->OpenProperty(p,a,b,c,d,e)
#define IProfSect_SetProps(p,a,b,c) (p)->lpVtbl->SetProps(p,a,b,c)
#define IProfSect_DeleteProps(p,a,b) (p)->lpVtbl->DeleteProps(p,a,b)
#define IProfSect_CopyTo(p,a,b,c,d,e,f,g,h,i) (p)->lpVtbl->CopyTo(p,a,b,c,d,e,f,g,h,i)
#define IProfSect_CopyProps(p,a,b,c,d,e,f,g) (p)->lpVtbl->CopyProps(p,a,b,c,d,e,f,g)
#define IProfSect_GetNamesFromIDs(p,a,b,c,d,e) (p)->lpVtbl->GetNamesFromIDs(p,a,b,c,d,e)
#define IProfSect_GetIDsFromNames(p,a,b,c,d) (p)->lpVtbl->GetIDsFromNames(p,a,b,c,d)
#endif

/* ------------------------------------------------------------------------ */
/* IMAPIStatus                                                               */

/* PR_RESOURCE_TYPE */
#define MAPI_STORE_PROVIDER     ((ULONG)33)
#define MAPI_AB                 ((ULONG)34)
#define MAPI_AB_PROVIDER        ((ULONG)35)
#define MAPI_TRANSPORT_PROVIDER ((ULONG)36)
#define MAPI_SPOOLER            ((ULONG)37)
#define MAPI_PROFILE_PROVIDER   ((ULONG)38)
#define MAPI_SUBSYSTEM          ((ULONG)39)
#define MAPI_HOOK_PROVIDER      ((ULONG)40)

/* PR_RESOURCE_METHODS */
#define STATUS_VALIDATE_STATE  ((ULONG)0x00000001)
#define STATUS_SETTINGS_DIALOG ((ULONG)0x00000002)
#define STATUS_CHANGE_PASSWORD ((ULONG)0x00000004)
#define STATUS_FLUSH_QUEUES    ((ULONG)0x00000008)

/* PR_RESOURCE_FLAGS (HOOK_INBOUND/HOOK_OUTBOUND are in mapihook.h) */
#define STATUS_DEFAULT_OUTBOUND    ((ULONG)0x00000001)
#define STATUS_DEFAULT_STORE       ((ULONG)0x00000002)
#define STATUS_PRIMARY_IDENTITY    ((ULONG)0x00000004)
#define STATUS_SIMPLE_STORE        ((ULONG)0x00000008)
#define STATUS_XP_PREFER_LAST      ((ULONG)0x00000010)
#define STATUS_NO_PRIMARY_IDENTITY ((ULONG)0x00000020)
#define STATUS_NO_DEFAULT_STORE    ((ULONG)0x00000040)
#define STATUS_TEMP_SECTION        ((ULONG)0x00000080)
#define STATUS_OWN_STORE           ((ULONG)0x00000100)
#define STATUS_NEED_IPM_TREE       ((ULONG)0x00000800)
#define STATUS_PRIMARY_STORE       ((ULONG)0x00001000)
#define STATUS_SECONDARY_STORE     ((ULONG)0x00002000)

/* PR_STATUS_CODE; the high 16 bits are transport specific */
#define STATUS_AVAILABLE        ((ULONG)0x00000001)
#define STATUS_OFFLINE          ((ULONG)0x00000002)
#define STATUS_FAILURE          ((ULONG)0x00000004)
#define STATUS_INBOUND_ENABLED  ((ULONG)0x00010000)
#define STATUS_INBOUND_ACTIVE   ((ULONG)0x00020000)
#define STATUS_INBOUND_FLUSH    ((ULONG)0x00040000)
#define STATUS_OUTBOUND_ENABLED ((ULONG)0x00100000)
#define STATUS_OUTBOUND_ACTIVE  ((ULONG)0x00200000)
#define STATUS_OUTBOUND_FLUSH   ((ULONG)0x00400000)
#define STATUS_REMOTE_ACCESS    ((ULONG)0x00800000)

/* ValidateState */
#define SUPPRESS_UI               ((ULONG)0x00000001)
#define REFRESH_XP_HEADER_CACHE   ((ULONG)0x00010000)
#define PROCESS_XP_HEADER_CACHE   ((ULONG)0x00020000)
#define FORCE_XP_CONNECT          ((ULONG)0x00040000)
#define FORCE_XP_DISCONNECT       ((ULONG)0x00080000)
#define CONFIG_CHANGED            ((ULONG)0x00100000)
#define ABORT_XP_HEADER_OPERATION ((ULONG)0x00200000)
#define SHOW_XP_SESSION_UI        ((ULONG)0x00400000)
/* SettingsDialog */
#define UI_READONLY               ((ULONG)0x00000001)
/* FlushQueues */
#define FLUSH_UPLOAD              ((ULONG)0x00000002)
#define FLUSH_DOWNLOAD            ((ULONG)0x00000004)
#define FLUSH_FORCE               ((ULONG)0x00000008)
#define FLUSH_NO_UI               ((ULONG)0x00000010)
#define FLUSH_ASYNC_OK            ((ULONG)0x00000020)

#undef INTERFACE
#define INTERFACE IMAPIStatus
DECLARE_INTERFACE_(IMAPIStatus, IMAPIProp)
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
    /* IMAPIStatus, slots 14-17 */
    STDMETHOD(ValidateState)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags) PURE;
    STDMETHOD(SettingsDialog)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags) PURE;
    STDMETHOD(ChangePassword)(THIS_ LPTSTR lpOldPass, LPTSTR lpNewPass, ULONG ulFlags) PURE;
    STDMETHOD(FlushQueues)(THIS_ ULONG_PTR ulUIParam, ULONG cbTargetTransport,
        LPENTRYID lpTargetTransport, ULONG ulFlags) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IMAPIStatus_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IMAPIStatus_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IMAPIStatus_Release(p) (p)->lpVtbl->Release(p)
#define IMAPIStatus_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMAPIStatus_SaveChanges(p,a) (p)->lpVtbl->SaveChanges(p,a)
#define IMAPIStatus_GetProps(p,a,b,c,d) (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IMAPIStatus_GetPropList(p,a,b) (p)->lpVtbl->GetPropList(p,a,b)
#define IMAPIStatus_OpenProperty(p,a,b,c,d,e) (p)->lpVtbl->OpenProperty(p,a,b,c,d,e)
#define IMAPIStatus_SetProps(p,a,b,c) (p)->lpVtbl->SetProps(p,a,b,c)
#define IMAPIStatus_DeleteProps(p,a,b) (p)->lpVtbl->DeleteProps(p,a,b)
#define IMAPIStatus_CopyTo(p,a,b,c,d,e,f,g,h,i) (p)->lpVtbl->CopyTo(p,a,b,c,d,e,f,g,h,i)
#define IMAPIStatus_CopyProps(p,a,b,c,d,e,f,g) (p)->lpVtbl->CopyProps(p,a,b,c,d,e,f,g)
#define IMAPIStatus_GetNamesFromIDs(p,a,b,c,d,e) (p)->lpVtbl->GetNamesFromIDs(p,a,b,c,d,e)
#define IMAPIStatus_GetIDsFromNames(p,a,b,c,d) (p)->lpVtbl->GetIDsFromNames(p,a,b,c,d)
#define IMAPIStatus_ValidateState(p,a,b) (p)->lpVtbl->ValidateState(p,a,b)
#define IMAPIStatus_SettingsDialog(p,a,b) (p)->lpVtbl->SettingsDialog(p,a,b)
#define IMAPIStatus_ChangePassword(p,a,b,c) (p)->lpVtbl->ChangePassword(p,a,b,c)
#define IMAPIStatus_FlushQueues(p,a,b,c,d) (p)->lpVtbl->FlushQueues(p,a,b,c,d)
#endif

#include <mapiobjs.h>
#include <mapidtbl.h>

/* ------------------------------------------------------------------------ */
/* IProviderAdmin                                                            */

/* ConfigureMsgService / service entry flags */
#define UI_SERVICE                0x00000002
#define SERVICE_UI_ALWAYS         0x00000002
#define SERVICE_UI_ALLOWED        0x00000010
#define UI_CURRENT_PROVIDER_FIRST 0x00000004

#undef INTERFACE
#define INTERFACE IProviderAdmin
DECLARE_INTERFACE_(IProviderAdmin, IUnknown)
{
    BEGIN_INTERFACE
    /* IUnknown, slots 0-2 */
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **ppvObj) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    /* IProviderAdmin, slots 3-7 */
    STDMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError) PURE;
    STDMETHOD(GetProviderTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(CreateProvider)(THIS_ LPTSTR lpszProvider, ULONG cValues, LPSPropValue lpProps,
        ULONG_PTR ulUIParam, ULONG ulFlags, MAPIUID *lpUID) PURE;
    STDMETHOD(DeleteProvider)(THIS_ LPMAPIUID lpUID) PURE;
    STDMETHOD(OpenProfileSection)(THIS_ LPMAPIUID lpUID, LPCIID lpInterface, ULONG ulFlags,
        LPPROFSECT *lppProfSect) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IProviderAdmin_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IProviderAdmin_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IProviderAdmin_Release(p) (p)->lpVtbl->Release(p)
#define IProviderAdmin_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IProviderAdmin_GetProviderTable(p,a,b) (p)->lpVtbl->GetProviderTable(p,a,b)
#define IProviderAdmin_CreateProvider(p,a,b,c,d,e,f) (p)->lpVtbl->CreateProvider(p,a,b,c,d,e,f)
#define IProviderAdmin_DeleteProvider(p,a) (p)->lpVtbl->DeleteProvider(p,a)
#define IProviderAdmin_OpenProfileSection(p,a,b,c,d) (p)->lpVtbl->OpenProfileSection(p,a,b,c,d)
#endif

/* ------------------------------------------------------------------------ */
/* Fast shutdown                                                             */

/* Implemented by MAPI, reached through IMAPISession::QueryInterface. */
#undef INTERFACE
#define INTERFACE IMAPIClientShutdown
DECLARE_INTERFACE_(IMAPIClientShutdown, IUnknown)
{
    BEGIN_INTERFACE
    /* IUnknown, slots 0-2 */
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **ppvObj) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    /* IMAPIClientShutdown, slots 3-5 */
    STDMETHOD(QueryFastShutdown)(THIS) PURE;
    STDMETHOD(NotifyProcessShutdown)(THIS) PURE;
    STDMETHOD(DoFastShutdown)(THIS) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IMAPIClientShutdown_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IMAPIClientShutdown_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IMAPIClientShutdown_Release(p) (p)->lpVtbl->Release(p)
#define IMAPIClientShutdown_QueryFastShutdown(p) (p)->lpVtbl->QueryFastShutdown(p)
#define IMAPIClientShutdown_NotifyProcessShutdown(p) (p)->lpVtbl->NotifyProcessShutdown(p)
#define IMAPIClientShutdown_DoFastShutdown(p) (p)->lpVtbl->DoFastShutdown(p)
#endif

/* Optionally implemented by provider objects (IXPProvider/IABProvider/IMSProvider). */
#undef INTERFACE
#define INTERFACE IMAPIProviderShutdown
DECLARE_INTERFACE_(IMAPIProviderShutdown, IUnknown)
{
    BEGIN_INTERFACE
    /* IUnknown, slots 0-2 */
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **ppvObj) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    /* IMAPIProviderShutdown, slots 3-5 */
    STDMETHOD(QueryFastShutdown)(THIS) PURE;
    STDMETHOD(NotifyProcessShutdown)(THIS) PURE;
    STDMETHOD(DoFastShutdown)(THIS) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IMAPIProviderShutdown_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IMAPIProviderShutdown_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IMAPIProviderShutdown_Release(p) (p)->lpVtbl->Release(p)
#define IMAPIProviderShutdown_QueryFastShutdown(p) (p)->lpVtbl->QueryFastShutdown(p)
#define IMAPIProviderShutdown_NotifyProcessShutdown(p) (p)->lpVtbl->NotifyProcessShutdown(p)
#define IMAPIProviderShutdown_DoFastShutdown(p) (p)->lpVtbl->DoFastShutdown(p)
#endif

#ifdef __cplusplus
}
#endif

#endif /* MAPIDEFS_H */
