/* DllMain, the COM class-object exports, and the shared stub helper. */
#include "mapi32_private.h"
#include "stubs.h"
#include "notify.h"
#include "provider.h"

HINSTANCE freemapi_instance;

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    switch (reason)
    {
    case DLL_PROCESS_ATTACH:
        freemapi_instance = instance;
        DisableThreadLibraryCalls(instance);
        freemapi_trace_init();
        if (!freemapi_alloc_init() || !freemapi_malloc_init() || !freemapi_init_attach() ||
            !notify_attach())
            return FALSE;
        TRACE("(%p) attached", instance);
        break;
    case DLL_PROCESS_DETACH:
        /* At process exit (reserved != NULL) other threads are gone mid-flight:
         * touch nothing and let the process take the memory back. */
        if (reserved) break;
        /* After a fast shutdown nothing is torn down either (shutdown.c). */
        if (provider_fast_shutdown()) break;
        notify_detach();   /* FreeLibrary: disarm our windows; no thread joins here */
        freemapi_init_detach();
        freemapi_malloc_shutdown();
        freemapi_alloc_shutdown();
        break;
    }
    return TRUE;
}

/* mapi32 serves no COM classes of its own yet: every CLSID is refused the
 * documented way, and bad pointers are refused without a crash. */
HRESULT WINAPI DllGetClassObject(REFCLSID rclsid, REFIID riid, LPVOID *ppv)
{
    if (!ppv)
    {
        TRACE("(%p, %p, NULL) -> E_INVALIDARG", rclsid, riid);
        return E_INVALIDARG;
    }
    *ppv = NULL;
    if (!rclsid || !riid)
    {
        TRACE("(%p, %p, %p) -> E_INVALIDARG", rclsid, riid, ppv);
        return E_INVALIDARG;
    }
    TRACE("(%p, %p, %p) -> CLASS_E_CLASSNOTAVAILABLE", rclsid, riid, ppv);
    return CLASS_E_CLASSNOTAVAILABLE;
}

/* The DLL may go only when nobody has MAPI initialized and no MAPI buffer is
 * still live (its MAPIFreeBuffer lives here). */
HRESULT WINAPI DllCanUnloadNow(void)
{
    HRESULT hr = (freemapi_in_use() || freemapi_alloc_live_roots() > 0) ? S_FALSE : S_OK;

    TRACE("() -> %s", hr == S_OK ? "S_OK" : "S_FALSE");
    return hr;
}

LONG freemapi_stub(const char *name, LONG answer)
{
    if (freemapi_tracing) freemapi_trace(name, "() not implemented yet -> %#lx", answer);
    return answer;
}
