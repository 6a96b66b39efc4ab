/*
 * Compile-only: a translation unit shaped like a transport provider.  The
 * vtables are filled with functions of the exact method types, so any
 * signature drift in mapispi.h breaks the build.  Nothing here is called.
 */
#include <windows.h>
#include <mapispi.h>
#include <mapiutil.h>

typedef struct
{
    IXPProvider IXPProvider_iface;
    IMAPIProviderShutdown IMAPIProviderShutdown_iface;
    LONG refs;
} dummy_xp;

static HRESULT STDMETHODCALLTYPE xp_QueryInterface(IXPProvider *iface, REFIID riid, void **ppv)
{
    dummy_xp *This = CONTAINING_RECORD(iface, dummy_xp, IXPProvider_iface);
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IXPProvider))
        *ppv = &This->IXPProvider_iface;
    else if (IsEqualGUID(riid, &IID_IMAPIProviderShutdown))
        *ppv = &This->IMAPIProviderShutdown_iface;
    else
    {
        *ppv = NULL;
        return E_NOINTERFACE;
    }
    InterlockedIncrement(&This->refs);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE xp_AddRef(IXPProvider *iface)
{
    dummy_xp *This = CONTAINING_RECORD(iface, dummy_xp, IXPProvider_iface);
    return InterlockedIncrement(&This->refs);
}

static ULONG STDMETHODCALLTYPE xp_Release(IXPProvider *iface)
{
    dummy_xp *This = CONTAINING_RECORD(iface, dummy_xp, IXPProvider_iface);
    return InterlockedDecrement(&This->refs);
}

static HRESULT STDMETHODCALLTYPE xp_Shutdown(IXPProvider *iface, ULONG *lpulFlags)
{
    (void)iface;
    (void)lpulFlags;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE xp_TransportLogon(IXPProvider *iface, LPMAPISUP sup,
        ULONG_PTR ulUIParam, LPTSTR lpszProfileName, ULONG *lpulFlags, LPMAPIERROR *lppErr,
        LPXPLOGON *lppLogon)
{
    LPPROFSECT sect = NULL;
    ULONG_PTR conn = 0;
    (void)iface; (void)ulUIParam; (void)lpszProfileName; (void)lppErr;
    *lppLogon = NULL;
    if (SUCCEEDED(IMAPISupport_OpenProfileSection(sup, NULL, MAPI_MODIFY, &sect)))
        IProfSect_Release(sect);
    IMAPISupport_Subscribe(sup, NULL, fnevObjectModified, 0, NULL, &conn);
    IMAPISupport_Unsubscribe(sup, conn);
    IMAPISupport_DoProgressDialog(sup, 0, 0, NULL);
    IMAPISupport_Preprocess(sup, 0, 0, NULL);
    IMAPISupport_GetSvcConfigSupportObj(sup, 0, NULL);
    *lpulFlags |= LOGON_SP_IDLE;
    return MAPI_E_UNCONFIGURED;
}

static const IXPProviderVtbl xp_vtbl =
{
    xp_QueryInterface,
    xp_AddRef,
    xp_Release,
    xp_Shutdown,
    xp_TransportLogon,
};

static HRESULT STDMETHODCALLTYPE shut_QueryInterface(IMAPIProviderShutdown *iface, REFIID riid,
                                                     void **ppv)
{
    dummy_xp *This = CONTAINING_RECORD(iface, dummy_xp, IMAPIProviderShutdown_iface);
    return xp_QueryInterface(&This->IXPProvider_iface, riid, ppv);
}

static ULONG STDMETHODCALLTYPE shut_AddRef(IMAPIProviderShutdown *iface)
{
    dummy_xp *This = CONTAINING_RECORD(iface, dummy_xp, IMAPIProviderShutdown_iface);
    return xp_AddRef(&This->IXPProvider_iface);
}

static ULONG STDMETHODCALLTYPE shut_Release(IMAPIProviderShutdown *iface)
{
    dummy_xp *This = CONTAINING_RECORD(iface, dummy_xp, IMAPIProviderShutdown_iface);
    return xp_Release(&This->IXPProvider_iface);
}

static HRESULT STDMETHODCALLTYPE shut_Query(IMAPIProviderShutdown *iface)
{
    (void)iface;
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE shut_Notify(IMAPIProviderShutdown *iface)
{
    (void)iface;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE shut_Do(IMAPIProviderShutdown *iface)
{
    (void)iface;
    return S_OK;
}

static const IMAPIProviderShutdownVtbl shut_vtbl =
{
    shut_QueryInterface,
    shut_AddRef,
    shut_Release,
    shut_Query,
    shut_Notify,
    shut_Do,
};

static dummy_xp the_provider = { { (IXPProviderVtbl *)&xp_vtbl },
                                 { (IMAPIProviderShutdownVtbl *)&shut_vtbl }, 0 };

/* Same type as the documented entry point: checked against XPPROVIDERINIT. */
XPPROVIDERINIT XPProviderInit;

HRESULT STDMAPIINITCALLTYPE XPProviderInit(HINSTANCE hInstance, LPMALLOC lpMalloc,
        LPALLOCATEBUFFER lpAllocateBuffer, LPALLOCATEMORE lpAllocateMore,
        LPFREEBUFFER lpFreeBuffer, ULONG ulFlags, ULONG ulMAPIVer, ULONG *lpulProviderVer,
        LPXPPROVIDER *lppXPProvider)
{
    (void)hInstance; (void)lpMalloc; (void)lpAllocateBuffer; (void)lpAllocateMore;
    (void)lpFreeBuffer; (void)ulFlags;
    *lpulProviderVer = CURRENT_SPI_VERSION;
    if (ulMAPIVer < CURRENT_SPI_VERSION)
        return MAPI_E_VERSION;
    *lppXPProvider = &the_provider.IXPProvider_iface;
    IXPProvider_AddRef(*lppXPProvider);
    return S_OK;
}

static const LPXPPROVIDERINIT xp_entry_check = XPProviderInit;

/* A message service entry point, checked against MSGSERVICEENTRY. */
HRESULT STDAPICALLTYPE ServiceEntry(HINSTANCE hInstance, LPMALLOC lpMalloc, LPMAPISUP lpMAPISup,
        ULONG_PTR ulUIParam, ULONG ulFlags, ULONG ulContext, ULONG cValues, LPSPropValue lpProps,
        LPPROVIDERADMIN lpProviderAdmin, LPMAPIERROR *lppMapiError);

HRESULT STDAPICALLTYPE ServiceEntry(HINSTANCE hInstance, LPMALLOC lpMalloc, LPMAPISUP lpMAPISup,
        ULONG_PTR ulUIParam, ULONG ulFlags, ULONG ulContext, ULONG cValues, LPSPropValue lpProps,
        LPPROVIDERADMIN lpProviderAdmin, LPMAPIERROR *lppMapiError)
{
    MAPIUID uid;
    (void)hInstance; (void)lpMalloc; (void)ulUIParam; (void)ulFlags; (void)cValues;
    (void)lpProps; (void)lppMapiError; (void)xp_entry_check;
    if (ulContext == MSG_SERVICE_PROVIDER_CREATE)
        return IProviderAdmin_CreateProvider(lpProviderAdmin, (LPTSTR)"XP", 0, NULL, 0, 0, &uid);
    if (ulContext == MSG_SERVICE_CONFIGURE)
        return IMAPISupport_DoConfigPropsheet(lpMAPISup, 0, 0, NULL, NULL, NULL, 0);
    return S_OK;
}

static const LPMSGSERVICEENTRY svc_entry_check = ServiceEntry;
const void *abi_provider_checks[] = { &svc_entry_check };
