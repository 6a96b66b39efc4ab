/*
 * The test transport: IXPProvider, IXPLogon (address type "TESTPROV", no
 * sending) and its IMAPIStatus (mapi-spec.md 5.2).
 */
#include <stdio.h>
#include <string.h>

#include "testprov.h"

#define XP_RESOURCE_METHODS (STATUS_VALIDATE_STATE | STATUS_FLUSH_QUEUES)

typedef struct xp_logon
{
    tp_logon base;            /* first: tp_logon_release frees the whole */
    ULONG notify;             /* last TransportNotify flags */
    WCHAR display[TP_NAME_LEN];
    char adrtype[16];
    LPSTR adrtypes[1];        /* AddressTypes' answer, valid until logoff */
    BOOL preproc;             /* TP_EX_PREPROC ran: registers again at TransportLogoff */
} xp_logon;

typedef struct xp_status
{
    tp_propobj obj;           /* first: tp_propobj_release frees the whole */
    xp_logon *logon;          /* held by obj.owner */
} xp_status;

static const IXPLogonVtbl xp_logon_vtbl;
static const IMAPIStatusVtbl xp_status_vtbl;

static inline xp_logon *impl_from_IXPLogon(IXPLogon *iface)
{
    return CONTAINING_RECORD(iface, xp_logon, base.iface.xp);
}

static inline xp_status *impl_from_IMAPIStatus(IMAPIStatus *iface)
{
    return CONTAINING_RECORD(tp_propobj_from(iface), xp_status, obj);
}

/* PR_TP_EXERCISE: the support calls of a transport (exercise.c). */
static void xp_exercise(xp_logon *logon, ULONG mask, const char *at)
{
    tp_ex_target t;

    if (!tp_logon_target(&logon->base, "XP", mask, &t))
        return;
    if (mask & TP_EX_PREPROC)
        logon->preproc = TRUE;
    tp_exercise_run(&t, at, mask, &logon->base.ex);
}

/* ------------------------------------------------------------------------ */
/* IMAPIStatus                                                               */

enum { ST_NAME, ST_RESTYPE, ST_CODE, ST_METHODS, ST_STRING, ST_OBJTYPE, ST_COUNT };

TP_PROPOBJ_METHODS(status, IMAPIStatus)
TP_PROP_STUBS(status, IMAPIStatus)

static HRESULT STDMETHODCALLTYPE status_SaveChanges(IMAPIStatus *iface, ULONG ulFlags)
{
    return MAPI_E_NO_SUPPORT;
}

/* Read-only, except that PR_TP_EXERCISE runs the support calls again. */
static HRESULT STDMETHODCALLTYPE status_SetProps(IMAPIStatus *iface, ULONG cValues,
        LPSPropValue lpPropArray, LPSPropProblemArray *lppProblems)
{
    ULONG mask;

    if (!tp_logon_setprops(cValues, lpPropArray, lppProblems, &mask))
        return MAPI_E_NO_SUPPORT;
    xp_exercise(impl_from_IMAPIStatus(iface)->logon, mask, "later");
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE status_ValidateState(IMAPIStatus *iface, ULONG_PTR ulUIParam, ULONG ulFlags)
{
    xp_status *status = impl_from_IMAPIStatus(iface);
    tp_plog(status->logon->base.prov, "StatusValidateState", "flags=0x%08lx hr=0x00000000",
            (unsigned long)ulFlags);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE status_SettingsDialog(IMAPIStatus *iface, ULONG_PTR ulUIParam,
        ULONG ulFlags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE status_ChangePassword(IMAPIStatus *iface, LPTSTR lpOldPass,
        LPTSTR lpNewPass, ULONG ulFlags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE status_FlushQueues(IMAPIStatus *iface, ULONG_PTR ulUIParam,
        ULONG cbTargetTransport, LPENTRYID lpTargetTransport, ULONG ulFlags)
{
    xp_status *status = impl_from_IMAPIStatus(iface);
    tp_plog(status->logon->base.prov, "StatusFlushQueues", "flags=0x%08lx hr=0x00000000",
            (unsigned long)ulFlags);
    return S_OK;
}

/* ------------------------------------------------------------------------ */
/* IXPLogon                                                                  */

TP_LOGON_IUNKNOWN(xplogon, IXPLogon)

/* One ANSI address type, "TESTPROV"; no UIDs. */
static HRESULT STDMETHODCALLTYPE xplogon_AddressTypes(IXPLogon *iface, ULONG *lpulFlags,
        ULONG *lpcAdrType, LPTSTR **lpppszAdrTypeArray, ULONG *lpcMAPIUID, LPMAPIUID **lpppUIDArray)
{
    xp_logon *logon = impl_from_IXPLogon(iface);
    HRESULT hr = S_OK;

    if (!lpulFlags || !lpcAdrType || !lpppszAdrTypeArray || !lpcMAPIUID || !lpppUIDArray)
        hr = MAPI_E_INVALID_PARAMETER;
    else
    {
        *lpulFlags = 0;
        *lpcAdrType = 1;
        *lpppszAdrTypeArray = logon->adrtypes;
        *lpcMAPIUID = 0;
        *lpppUIDArray = NULL;
    }
    tp_plog(logon->base.prov, "AddressTypes", "types=%s hr=0x%08lx", logon->adrtype, (unsigned long)hr);
    return hr;
}

static HRESULT STDMETHODCALLTYPE xplogon_RegisterOptions(IXPLogon *iface, ULONG *lpulFlags,
        ULONG *lpcOptions, LPOPTIONDATA *lppOptions)
{
    xp_logon *logon = impl_from_IXPLogon(iface);
    HRESULT hr = S_OK;

    if (!lpulFlags || !lpcOptions || !lppOptions)
        hr = MAPI_E_INVALID_PARAMETER;
    else
    {
        *lpulFlags = 0;
        *lpcOptions = 0;
        *lppOptions = NULL;
    }
    tp_plog(logon->base.prov, "RegisterOptions", "options=0 hr=0x%08lx", (unsigned long)hr);
    return hr;
}

static HRESULT STDMETHODCALLTYPE xplogon_TransportNotify(IXPLogon *iface, ULONG *lpulFlags,
        LPVOID *lppvData)
{
    xp_logon *logon = impl_from_IXPLogon(iface);

    if (!lpulFlags)
        return MAPI_E_INVALID_PARAMETER;
    logon->notify = *lpulFlags;
    tp_plog(logon->base.prov, "TransportNotify", "flags=0x%08lx hr=0x00000000", (unsigned long)*lpulFlags);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE xplogon_Idle(IXPLogon *iface, ULONG ulFlags)
{
    xp_logon *logon = impl_from_IXPLogon(iface);
    tp_plog(logon->base.prov, "Idle", "flags=0x%08lx hr=0x00000000", (unsigned long)ulFlags);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE xplogon_TransportLogoff(IXPLogon *iface, ULONG ulFlags)
{
    xp_logon *logon = impl_from_IXPLogon(iface);
    char flags[16];

    snprintf(flags, sizeof(flags), "0x%08lx", (unsigned long)ulFlags);
    if (tp_logon_again(&logon->base, "TransportLogoff", flags))
        return S_OK;
    /* MAPI has ended the logon by now: registrations are refused. */
    if (logon->preproc)
        xp_exercise(logon, TP_EX_PREPROC, "logoff");
    tp_logon_end(&logon->base, "TransportLogoff", flags, "", S_OK);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE xplogon_SubmitMessage(IXPLogon *iface, ULONG ulFlags,
        LPMESSAGE lpMessage, ULONG_PTR *lpulMsgRef, ULONG_PTR *lpulReturnParm)
{
    xp_logon *logon = impl_from_IXPLogon(iface);
    tp_plog(logon->base.prov, "SubmitMessage", "flags=0x%08lx hr=0x%08lx", (unsigned long)ulFlags,
            (unsigned long)MAPI_E_NO_SUPPORT);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE xplogon_EndMessage(IXPLogon *iface, ULONG_PTR ulMsgRef, ULONG *lpulFlags)
{
    xp_logon *logon = impl_from_IXPLogon(iface);

    if (!lpulFlags)
        return MAPI_E_INVALID_PARAMETER;
    *lpulFlags = 0;
    tp_plog(logon->base.prov, "EndMessage", "hr=0x00000000");
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE xplogon_Poll(IXPLogon *iface, ULONG *lpulIncoming)
{
    xp_logon *logon = impl_from_IXPLogon(iface);

    if (!lpulIncoming)
        return MAPI_E_INVALID_PARAMETER;
    *lpulIncoming = 0;
    tp_plog(logon->base.prov, "Poll", "incoming=0 hr=0x00000000");
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE xplogon_StartMessage(IXPLogon *iface, ULONG ulFlags,
        LPMESSAGE lpMessage, ULONG_PTR *lpulMsgRef)
{
    xp_logon *logon = impl_from_IXPLogon(iface);
    tp_plog(logon->base.prov, "StartMessage", "flags=0x%08lx hr=0x%08lx", (unsigned long)ulFlags,
            (unsigned long)MAPI_E_NO_SUPPORT);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE xplogon_OpenStatusEntry(IXPLogon *iface, LPCIID lpInterface,
        ULONG ulFlags, ULONG *lpulObjType, LPMAPISTATUS *lppEntry)
{
    xp_logon *logon = impl_from_IXPLogon(iface);
    const tp_alloc *a = &logon->base.prov->alloc;
    xp_status *status = NULL;
    SPropValue *p = NULL;
    HRESULT hr;

    if (!lpulObjType || !lppEntry)
        return MAPI_E_INVALID_PARAMETER;
    *lppEntry = NULL;
    if (ulFlags & ~MAPI_MODIFY)
        hr = MAPI_E_UNKNOWN_FLAGS;
    else if (lpInterface && !IsEqualGUID(lpInterface, &IID_IUnknown) &&
             !IsEqualGUID(lpInterface, &IID_IMAPIProp) && !IsEqualGUID(lpInterface, &IID_IMAPIStatus))
        hr = MAPI_E_INTERFACE_NOT_SUPPORTED;
    else if (!(status = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*status))))
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else if (SUCCEEDED(hr = a->alloc(ST_COUNT * sizeof(SPropValue), (void **)&p)))
    {
        memset(p, 0, ST_COUNT * sizeof(SPropValue));
        hr = tp_set_string(&p[ST_NAME], PROP_ID(PR_DISPLAY_NAME_W),
                           logon->display[0] ? logon->display : L"Test Transport", TRUE, p, a);
        if (SUCCEEDED(hr))
            hr = tp_set_string(&p[ST_STRING], PROP_ID(PR_STATUS_STRING_W), L"Available", TRUE, p, a);
        p[ST_RESTYPE].ulPropTag = PR_RESOURCE_TYPE;
        p[ST_RESTYPE].Value.l = MAPI_TRANSPORT_PROVIDER;
        p[ST_CODE].ulPropTag = PR_STATUS_CODE;
        p[ST_CODE].Value.l = STATUS_AVAILABLE;
        p[ST_METHODS].ulPropTag = PR_RESOURCE_METHODS;
        p[ST_METHODS].Value.l = XP_RESOURCE_METHODS;
        p[ST_OBJTYPE].ulPropTag = PR_OBJECT_TYPE;
        p[ST_OBJTYPE].Value.l = MAPI_STATUS;
    }
    if (SUCCEEDED(hr))
    {
        tp_propobj_init(&status->obj, &xp_status_vtbl, &IID_IMAPIStatus,
                        (IUnknown *)&logon->base.iface.xp, a, p, ST_COUNT);
        status->logon = logon;
        *lppEntry = (IMAPIStatus *)&status->obj.IMAPIProp_iface;
        *lpulObjType = MAPI_STATUS;
    }
    else
    {
        if (p)
            a->free(p);
        HeapFree(GetProcessHeap(), 0, status);
    }
    tp_plog(logon->base.prov, "OpenStatusEntry", "flags=0x%08lx hr=0x%08lx", (unsigned long)ulFlags,
            (unsigned long)hr);
    return hr;
}

static HRESULT STDMETHODCALLTYPE xplogon_ValidateState(IXPLogon *iface, ULONG_PTR ulUIParam, ULONG ulFlags)
{
    xp_logon *logon = impl_from_IXPLogon(iface);
    tp_plog(logon->base.prov, "ValidateState", "flags=0x%08lx hr=0x00000000", (unsigned long)ulFlags);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE xplogon_FlushQueues(IXPLogon *iface, ULONG_PTR ulUIParam,
        ULONG cbTargetTransport, LPENTRYID lpTargetTransport, ULONG ulFlags)
{
    xp_logon *logon = impl_from_IXPLogon(iface);
    tp_plog(logon->base.prov, "FlushQueues", "flags=0x%08lx hr=0x00000000", (unsigned long)ulFlags);
    return S_OK;
}

/* ------------------------------------------------------------------------ */
/* IXPProvider                                                               */

TP_PROVIDER_METHODS(xpprov, IXPProvider)

/* Logs on, puts a status row up (ModifyStatusRow) and asks for no idle or
 * poll calls. */
static HRESULT STDMETHODCALLTYPE xpprov_TransportLogon(IXPProvider *iface, LPMAPISUP lpMAPISup,
        ULONG_PTR ulUIParam, LPTSTR lpszProfileName, ULONG *lpulFlags, LPMAPIERROR *lppMAPIError,
        LPXPLOGON *lppXPLogon)
{
    tp_provider *prov = tp_impl_from_IXPProvider(iface);
    HRESULT hr, status_hr = S_FALSE;
    xp_logon *logon = NULL;
    LPPROFSECT sect = NULL;
    ULONG in_flags;
    tp_config cfg;
    MAPIUID uid;

    if (lppMAPIError)
        *lppMAPIError = NULL;
    if (lppXPLogon)
        *lppXPLogon = NULL;
    if (!lpMAPISup || !lpulFlags || !lppXPLogon)
    {
        tp_plog(prov, "TransportLogon", "hr=0x%08lx badparam=1", (unsigned long)MAPI_E_INVALID_PARAMETER);
        return MAPI_E_INVALID_PARAMETER;
    }
    in_flags = *lpulFlags;

    tp_provider_logon_begin(prov, lpMAPISup, &uid, &sect, &cfg);
    if (sect)
        IProfSect_Release(sect);
    hr = cfg.logon_hr;
    if (SUCCEEDED(hr) && !(logon = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*logon))))
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    if (SUCCEEDED(hr))
    {
        SPropValue row[4];

        tp_logon_init(&logon->base, &xp_logon_vtbl, &IID_IXPLogon, prov);
        lstrcpynW(logon->display, cfg.display, ARRAYSIZE(logon->display));
        strcpy(logon->adrtype, TESTPROV_ADDRTYPE);
        logon->adrtypes[0] = logon->adrtype;
        logon->base.sup = lpMAPISup;
        IMAPISupport_AddRef(lpMAPISup);

        memset(row, 0, sizeof(row));
        row[0].ulPropTag = PR_DISPLAY_NAME_W;
        row[0].Value.lpszW = logon->display[0] ? logon->display : (LPWSTR)L"Test Transport";
        row[1].ulPropTag = PR_STATUS_CODE;
        row[1].Value.l = STATUS_AVAILABLE;
        row[2].ulPropTag = PR_RESOURCE_METHODS;
        row[2].Value.l = XP_RESOURCE_METHODS;
        row[3].ulPropTag = PR_STATUS_STRING_W;
        row[3].Value.lpszW = (LPWSTR)L"Available";
        status_hr = IMAPISupport_ModifyStatusRow(lpMAPISup, 4, row, 0);
        logon->base.uid = uid;
        xp_exercise(logon, cfg.exercise, "logon");

        *lpulFlags = 0;
        *lppXPLogon = &logon->base.iface.xp;
    }
    tp_plog(prov, "TransportLogon", "flags=0x%08lx statusrow=0x%08lx hr=0x%08lx", (unsigned long)in_flags,
            (unsigned long)status_hr, (unsigned long)hr);
    return hr;
}

const IXPProviderVtbl tp_xp_provider_vtbl =
{
    xpprov_QueryInterface,
    xpprov_AddRef,
    xpprov_Release,
    xpprov_Shutdown,
    xpprov_TransportLogon,
};

static const IXPLogonVtbl xp_logon_vtbl =
{
    xplogon_QueryInterface,
    xplogon_AddRef,
    xplogon_Release,
    xplogon_AddressTypes,
    xplogon_RegisterOptions,
    xplogon_TransportNotify,
    xplogon_Idle,
    xplogon_TransportLogoff,
    xplogon_SubmitMessage,
    xplogon_EndMessage,
    xplogon_Poll,
    xplogon_StartMessage,
    xplogon_OpenStatusEntry,
    xplogon_ValidateState,
    xplogon_FlushQueues,
};

static const IMAPIStatusVtbl xp_status_vtbl =
{
    status_QueryInterface,
    status_AddRef,
    status_Release,
    status_GetLastError,
    status_SaveChanges,
    status_GetProps,
    status_GetPropList,
    status_OpenProperty,
    status_SetProps,
    status_DeleteProps,
    status_CopyTo,
    status_CopyProps,
    status_GetNamesFromIDs,
    status_GetIDsFromNames,
    status_ValidateState,
    status_SettingsDialog,
    status_ChangePassword,
    status_FlushQueues,
};
