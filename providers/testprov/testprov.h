/*
 * testprov.h - shared by the files of the FreeMAPI test provider.
 *
 * The provider is written against the SDK headers in include/ only, as a
 * provider author outside FreeMAPI would write it.
 */
#ifndef TESTPROV_H
#define TESTPROV_H

#define COBJMACROS
#include <windows.h>
#include <mapispi.h>
#include <mapiutil.h>
#include <mapiguid.h>

#include "testprov_props.h"

#define TP_PATH_LEN     1024
#define TP_NAME_LEN     128
#define TP_MAX_ENTRIES  32
#define TP_MAX_CONTEXT  7      /* MSG_SERVICE_PROVIDER_DELETE */

extern HINSTANCE tp_hinstance;

/* The three allocators MAPI hands out; memory returned to callers comes from them. */
typedef struct tp_alloc
{
    LPALLOCATEBUFFER alloc;
    LPALLOCATEMORE   more;
    LPFREEBUFFER     free;
} tp_alloc;

/* Everything a test can configure (README.md). */
typedef struct tp_config
{
    WCHAR   log[TP_PATH_LEN];
    WCHAR   name[TP_NAME_LEN];
    BOOL    name_set;              /* from PR_TP_NAME or TESTPROV_NAME */
    WCHAR   display[TP_NAME_LEN];  /* PR_DISPLAY_NAME of the section */
    HRESULT init_hr;
    HRESULT logon_hr;
    ULONG   spi_version;
    BOOL    shutdown_iface;
    HRESULT query_hr;
    ULONG   delay_ms;
    BOOL    hang;
    ULONG   hang_in;
    ULONG   hang_how;           /* PR_TP_HANG_HOW: 0 plain, 1 own lock, 2 loader lock */
    WCHAR   data_file[TP_PATH_LEN];
    HRESULT svc_hr[TP_MAX_CONTEXT + 1];
    ULONG   entry_count;
    WCHAR   entries[TP_MAX_ENTRIES][TP_NAME_LEN];
    ULONG   exercise;              /* PR_TP_EXERCISE: TP_EX_* groups */
} tp_config;

/* config.c */
void tp_config_init(tp_config *cfg, const char *kind);
void tp_config_apply(tp_config *cfg, const SPropValue *props, ULONG count);
HRESULT tp_config_read(tp_config *cfg, LPPROFSECT sect, const tp_alloc *a);
void tp_log(const tp_config *cfg, const char *kind, const char *method, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
const char *tp_iid_name(REFIID riid, char *buf, size_t len);
void tp_hex(const BYTE *data, ULONG cb, char *out, size_t len);
BOOL tp_mapi32_alloc(tp_alloc *a);
HRESULT tp_no_error(LPMAPIERROR *lppMAPIError);
const SPropValue *tp_find_prop(const SPropValue *props, ULONG count, ULONG id);

/* props.c: property values kept by the provider's objects */
HRESULT tp_copy_value(SPropValue *dst, const SPropValue *src, ULONG want_type, void *root,
                      const tp_alloc *a);
HRESULT tp_get_props(const SPropValue *props, ULONG count, const tp_alloc *a,
                     LPSPropTagArray tags, ULONG flags, ULONG *lpcValues, LPSPropValue *lppProps);
HRESULT tp_get_prop_list(const SPropValue *props, ULONG count, const tp_alloc *a, ULONG flags,
                         LPSPropTagArray *lppTags);
HRESULT tp_make_table(const tp_alloc *a, LPSPropTagArray cols, const SRow *rows, ULONG count,
                      LPMAPITABLE *lppTable);
HRESULT tp_set_string(SPropValue *pv, ULONG id, const WCHAR *s, BOOL unicode, void *root,
                      const tp_alloc *a);
HRESULT tp_set_binary(SPropValue *pv, ULONG tag, const void *data, ULONG cb, void *root,
                      const tp_alloc *a);

/* provider.c: the part all three provider objects share */
typedef enum tp_kind { TP_MS, TP_AB, TP_XP } tp_kind;

typedef struct tp_provider
{
    union
    {
        IMSProvider ms;
        IABProvider ab;
        IXPProvider xp;
    } iface;
    IMAPIProviderShutdown IMAPIProviderShutdown_iface;
    LONG ref;
    tp_kind kind;
    LPMALLOC malloc;
    tp_alloc alloc;
    CRITICAL_SECTION cs;          /* guards everything below */
    tp_config cfg;
    LONG logons;                  /* logon objects alive */
    BOOL logged_on;               /* a Logon succeeded once (ModifyProfile is done) */
    BOOL init_logged;
    char init_details[192];
    BYTE *pending;                /* store: bytes written, not yet durable */
    ULONG pending_len, pending_cap;
    struct tp_mdata *mdata;       /* store: folders and messages (msfolder.c) */
} tp_provider;

const char *tp_kind_name(tp_kind kind);
HRESULT tp_provider_init(tp_kind kind, HINSTANCE hinst, LPMALLOC lpMalloc,
                         LPALLOCATEBUFFER lpAllocateBuffer, LPALLOCATEMORE lpAllocateMore,
                         LPFREEBUFFER lpFreeBuffer, ULONG ulFlags, ULONG ulMAPIVer,
                         ULONG *lpulProviderVer, tp_provider **out);
HRESULT tp_provider_qi(tp_provider *prov, REFIID riid, void **ppv);
ULONG tp_provider_addref(tp_provider *prov);
ULONG tp_provider_release(tp_provider *prov);
HRESULT tp_provider_shutdown(tp_provider *prov, ULONG *lpulFlags);
void tp_plog(tp_provider *prov, const char *method, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
HRESULT tp_provider_logon_begin(tp_provider *prov, LPMAPISUP sup, MAPIUID *uid,
                                LPPROFSECT *lppSect, tp_config *cfg);
HRESULT tp_store_flush(tp_provider *prov, ULONG *flushed);
HRESULT tp_store_append(tp_provider *prov, const BYTE *data, ULONG cb);

/* provider.c: a logon's read-only property object (the AB's IMailUser, the
 * XP's IMAPIStatus).  Its interface derives from IMAPIProp; the object is
 * HeapAlloc'ed and may be the first member of a larger struct. */
typedef struct tp_propobj
{
    IMAPIProp IMAPIProp_iface;    /* holds the object's own vtable */
    LONG ref;
    const IID *iid;               /* the interface beyond IMAPIProp */
    IUnknown *owner;              /* strong: the logon that made it */
    const tp_alloc *a;            /* the owner's; frees props */
    SPropValue *props;
    ULONG cprops;
} tp_propobj;

void tp_propobj_init(tp_propobj *obj, const void *vtbl, const IID *iid, IUnknown *owner,
                     const tp_alloc *a, SPropValue *props, ULONG cprops);
HRESULT tp_propobj_qi(tp_propobj *obj, REFIID riid, void **ppv);
ULONG tp_propobj_addref(tp_propobj *obj);
ULONG tp_propobj_release(tp_propobj *obj);

static inline tp_propobj *tp_propobj_from(void *iface)
{
    return CONTAINING_RECORD((IMAPIProp *)iface, tp_propobj, IMAPIProp_iface);
}

/* msfolder.c: the store's folders and messages.  Entry IDs (28 bytes): 4
 * zero bytes, the instance UID, "TPMF" (folder) or "TPMM" (message), the id. */
typedef struct tp_mdata tp_mdata;
#define TP_MS_EID_SIZE   28
#define TP_FOLDER_ROOT   1      /* the IPM subtree, also OpenEntry(0, NULL) */
#define TP_FOLDER_INBOX  2
#define TP_FOLDER_SENT   3
#define TP_FOLDER_SUB    4      /* Inbox/Projects */
LPPROPDATA tp_new_propdata(const tp_alloc *a);
void tp_mdata_free(tp_mdata *md);
void tp_ms_eid(const MAPIUID *uid, BOOL folder, ULONG id, BYTE *out);
HRESULT tp_ms_open(tp_provider *prov, LPMAPISUP sup, const MAPIUID *uid, ULONG cb, const ENTRYID *eid,
                   LPCIID iid, ULONG *type, LPUNKNOWN *out);

/* exercise.c: PR_TP_EXERCISE, the support calls made after a logon */
typedef struct tp_exercise tp_exercise;   /* what a logon keeps until its logoff */
typedef struct tp_ex_target
{
    const char *kind;          /* "MS", "AB", "XP" or "SVC" */
    tp_provider *prov;         /* logs through it; NULL for the service entry ... */
    const tp_config *cfg;      /* ... which logs with this */
    LPMAPISUP sup;
    const tp_alloc *a;
    MAPIUID uid;               /* the instance (zero for SVC) */
    ULONG cb_eid[3];           /* MS: [0] the store; AB: [0] the directory, */
    const BYTE *eid[3];        /* [1] entry 0, [2] entry 1; XP: none */
} tp_ex_target;
void tp_exercise_run(const tp_ex_target *t, const char *at, ULONG mask, tp_exercise **state);
void tp_exercise_end(tp_provider *prov, LPMAPISUP sup, tp_exercise **state);
/* One "SupportCall" line of the exercise log. */
void tp_ex_log(const tp_ex_target *t, const char *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* exercise_msg.c: TP_EX_MESSAGE for the store and the transport. */
void tp_exercise_message(const tp_ex_target *t, const char *at);
void tp_exercise_status_recips(const tp_ex_target *t, const char *at);
/* exercise_report.c: TP_EX_REPORT, ExpandRecips (MS) and StatusRecips (XP). */
void tp_exercise_report(const tp_ex_target *t, const char *at);
/* exercise_preproc.c: TP_EX_PREPROC, RegisterPreprocessor (XP) and what uses it (MS). */
void tp_exercise_preproc(const tp_ex_target *t, const char *at, ULONG mask);

/* provider.c: what the three logon objects (IMSLogon, IABLogon, IXPLogon)
 * share.  It is the first member of each; the logon is HeapAlloc'ed. */
typedef struct tp_logon
{
    union
    {
        IUnknown unk;
        IMSLogon ms;
        IABLogon ab;
        IXPLogon xp;
    } iface;
    LONG ref;
    const IID *iid;           /* IID_IMSLogon, IID_IABLogon or IID_IXPLogon */
    tp_provider *prov;        /* strong */
    LPMAPISUP sup;            /* held from the logon until its logoff */
    MAPIUID uid;              /* the instance's */
    BOOL logged_off;
    tp_exercise *ex;          /* PR_TP_EXERCISE: subscriptions kept until the logoff */
} tp_logon;

void tp_logon_init(tp_logon *logon, const void *vtbl, const IID *iid, tp_provider *prov);
HRESULT tp_logon_qi(tp_logon *logon, REFIID riid, void **ppv);
ULONG tp_logon_addref(tp_logon *logon);
ULONG tp_logon_release(tp_logon *logon);
BOOL tp_logon_again(tp_logon *logon, const char *method, const char *flags);
void tp_logon_end(tp_logon *logon, const char *method, const char *flags, const char *extra, HRESULT hr);
BOOL tp_logon_target(const tp_logon *logon, const char *kind, ULONG mask, tp_ex_target *t);
BOOL tp_logon_setprops(ULONG cValues, const SPropValue *lpPropArray, LPSPropProblemArray *lppProblems,
                       ULONG *mask);

static inline tp_logon *tp_logon_from(void *iface)
{
    return CONTAINING_RECORD((IUnknown *)iface, tp_logon, iface.unk);
}

/* Generates IUnknown for a logon's interface. */
#define TP_LOGON_IUNKNOWN(prefix, Iface) \
static HRESULT STDMETHODCALLTYPE prefix##_QueryInterface(Iface *iface, REFIID riid, void **ppv) \
{ return tp_logon_qi(tp_logon_from(iface), riid, ppv); } \
static ULONG STDMETHODCALLTYPE prefix##_AddRef(Iface *iface) \
{ return tp_logon_addref(tp_logon_from(iface)); } \
static ULONG STDMETHODCALLTYPE prefix##_Release(Iface *iface) \
{ return tp_logon_release(tp_logon_from(iface)); }

/* abprov.c, abdlist.c: the AB's personal distribution lists (README.md).
 * AB entry IDs: 4 zero bytes, the instance UID, type, index. */
#define TP_AB_EID_SIZE  28
#define TP_AB_EID_LIST  3
#define TP_AB_LISTS     2
struct ab_logon;
void tp_ab_eid(const MAPIUID *uid, ULONG type, ULONG index, BYTE *out);
HRESULT tp_ab_user_props(const struct ab_logon *logon, ULONG index, BOOL unicode, SPropValue **out, ULONG *count);
HRESULT tp_ab_list_props(const MAPIUID *uid, ULONG index, BOOL unicode, const tp_alloc *a, SPropValue **out,
                         ULONG *count);
HRESULT tp_ab_list_table(const struct ab_logon *logon, const MAPIUID *uid, ULONG users, LPMAPISUP sup,
                         const tp_alloc *a, ULONG list, ULONG flags, LPMAPITABLE *out);

/* The three provider vtables (msprov.c, abprov.c, xpprov.c). */
extern const IMSProviderVtbl tp_ms_provider_vtbl;
extern const IABProviderVtbl tp_ab_provider_vtbl;
extern const IXPProviderVtbl tp_xp_provider_vtbl;

static inline tp_provider *tp_impl_from_IMSProvider(IMSProvider *iface)
{
    return CONTAINING_RECORD(iface, tp_provider, iface.ms);
}
static inline tp_provider *tp_impl_from_IABProvider(IABProvider *iface)
{
    return CONTAINING_RECORD(iface, tp_provider, iface.ab);
}
static inline tp_provider *tp_impl_from_IXPProvider(IXPProvider *iface)
{
    return CONTAINING_RECORD(iface, tp_provider, iface.xp);
}

/* Generates IUnknown and Shutdown for one of the provider interfaces
 * (tp_provider's first member). */
static inline tp_provider *tp_provider_from(void *iface)
{
    return CONTAINING_RECORD((IUnknown *)iface, tp_provider, iface);
}

#define TP_PROVIDER_METHODS(prefix, Iface) \
static HRESULT STDMETHODCALLTYPE prefix##_QueryInterface(Iface *iface, REFIID riid, void **ppv) \
{ return tp_provider_qi(tp_provider_from(iface), riid, ppv); } \
static ULONG STDMETHODCALLTYPE prefix##_AddRef(Iface *iface) \
{ return tp_provider_addref(tp_provider_from(iface)); } \
static ULONG STDMETHODCALLTYPE prefix##_Release(Iface *iface) \
{ return tp_provider_release(tp_provider_from(iface)); } \
static HRESULT STDMETHODCALLTYPE prefix##_Shutdown(Iface *iface, ULONG *lpulFlags) \
{ return tp_provider_shutdown(tp_provider_from(iface), lpulFlags); }

/* Generates the IMAPIProp methods that have nothing to say for the
 * provider's read-mostly objects; GetProps/GetPropList/SetProps/SaveChanges
 * are written per object. */
#define TP_PROP_STUBS(prefix, Iface) \
static HRESULT STDMETHODCALLTYPE prefix##_GetLastError(Iface *iface, HRESULT hResult, \
        ULONG ulFlags, LPMAPIERROR *lppMAPIError) \
{ return tp_no_error(lppMAPIError); } \
static HRESULT STDMETHODCALLTYPE prefix##_OpenProperty(Iface *iface, ULONG ulPropTag, \
        LPCIID lpiid, ULONG ulInterfaceOptions, ULONG ulFlags, LPUNKNOWN *lppUnk) \
{ if (lppUnk) *lppUnk = NULL; return MAPI_E_NO_SUPPORT; } \
static HRESULT STDMETHODCALLTYPE prefix##_DeleteProps(Iface *iface, LPSPropTagArray lpTags, \
        LPSPropProblemArray *lppProblems) \
{ return MAPI_E_NO_SUPPORT; } \
static HRESULT STDMETHODCALLTYPE prefix##_CopyTo(Iface *iface, ULONG ciidExclude, \
        LPCIID rgiidExclude, LPSPropTagArray lpExcludeProps, ULONG_PTR ulUIParam, \
        LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj, ULONG ulFlags, \
        LPSPropProblemArray *lppProblems) \
{ return MAPI_E_NO_SUPPORT; } \
static HRESULT STDMETHODCALLTYPE prefix##_CopyProps(Iface *iface, LPSPropTagArray lpIncludeProps, \
        ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj, \
        ULONG ulFlags, LPSPropProblemArray *lppProblems) \
{ return MAPI_E_NO_SUPPORT; } \
static HRESULT STDMETHODCALLTYPE prefix##_GetNamesFromIDs(Iface *iface, \
        LPSPropTagArray *lppPropTags, LPGUID lpPropSetGuid, ULONG ulFlags, ULONG *lpcPropNames, \
        LPMAPINAMEID **lpppPropNames) \
{ return MAPI_E_NO_SUPPORT; } \
static HRESULT STDMETHODCALLTYPE prefix##_GetIDsFromNames(Iface *iface, ULONG cPropNames, \
        LPMAPINAMEID *lppPropNames, ULONG ulFlags, LPSPropTagArray *lppPropTags) \
{ return MAPI_E_NO_SUPPORT; }

/* Generates IUnknown and GetProps/GetPropList for a tp_propobj's interface. */
#define TP_PROPOBJ_METHODS(prefix, Iface) \
static HRESULT STDMETHODCALLTYPE prefix##_QueryInterface(Iface *iface, REFIID riid, void **ppv) \
{ return tp_propobj_qi(tp_propobj_from(iface), riid, ppv); } \
static ULONG STDMETHODCALLTYPE prefix##_AddRef(Iface *iface) \
{ return tp_propobj_addref(tp_propobj_from(iface)); } \
static ULONG STDMETHODCALLTYPE prefix##_Release(Iface *iface) \
{ return tp_propobj_release(tp_propobj_from(iface)); } \
static HRESULT STDMETHODCALLTYPE prefix##_GetProps(Iface *iface, LPSPropTagArray lpPropTagArray, \
        ULONG ulFlags, ULONG *lpcValues, LPSPropValue *lppPropArray) \
{ tp_propobj *obj = tp_propobj_from(iface); \
  return tp_get_props(obj->props, obj->cprops, obj->a, lpPropTagArray, ulFlags, lpcValues, \
                      lppPropArray); } \
static HRESULT STDMETHODCALLTYPE prefix##_GetPropList(Iface *iface, ULONG ulFlags, \
        LPSPropTagArray *lppPropTagArray) \
{ tp_propobj *obj = tp_propobj_from(iface); \
  return tp_get_prop_list(obj->props, obj->cprops, obj->a, ulFlags, lppPropTagArray); }

#endif /* TESTPROV_H */
