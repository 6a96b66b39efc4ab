/*
 * Calling a message service's entry point (mapi-spec.md 5.1,
 * msgserviceentry.md): the DLL and export named in the service section, a
 * support object for configuration, an IProviderAdmin on the service, and
 * the MAPI allocators through them.
 */
#define COBJMACROS
#include "mapi32_private.h"
#include "admin.h"
#include "provdll.h"

#include <mapiutil.h>

static const char *context_name(ULONG context)
{
    static const char *names[] = {"?", "MSG_SERVICE_INSTALL", "MSG_SERVICE_CREATE", "MSG_SERVICE_CONFIGURE",
        "MSG_SERVICE_DELETE", "MSG_SERVICE_UNINSTALL", "MSG_SERVICE_PROVIDER_CREATE", "MSG_SERVICE_PROVIDER_DELETE"};
    return context < ARRAYSIZE(names) ? names[context] : "?";
}

HRESULT admin_call_entry(struct admin_profile *prof, const MAPIUID *svc, ULONG context, ULONG_PTR ui,
                         ULONG flags, ULONG count, LPSPropValue props, struct last_error *err)
{
    WCHAR dll[MAX_PATH], entry_w[128];
    char entry[128];
    LPMSGSERVICEENTRY fn;
    IProviderAdmin *provadmin = NULL;
    IMAPISupport *support = NULL;
    LPMAPIERROR mapierr = NULL;
    IMalloc *malloc;
    HMODULE module;
    HKEY sect;
    HRESULT hr;

    if ((hr = profstore_open_section(prof->key, svc, FALSE, FALSE, &sect))) return hr;
    if (profstore_get_stringW(sect, PROP_ID(PR_SERVICE_DLL_NAME), dll, ARRAYSIZE(dll))) dll[0] = 0;
    if (profstore_get_stringW(sect, PROP_ID(PR_SERVICE_ENTRY_NAME), entry_w, ARRAYSIZE(entry_w)))
        lstrcpyW(entry_w, L"ServiceEntry");
    RegCloseKey(sect);
    if (!dll[0]) {
        TRACE("service has no PR_SERVICE_DLL_NAME: no entry point to call for %s", context_name(context));
        return MAPI_E_NOT_INITIALIZED;
    }
    if (provdll_load(dll, &module, NULL, 0)) {
        lasterr_set(err, MAPI_E_NOT_INITIALIZED, L"the service DLL %ls cannot be loaded", dll);
        return MAPI_E_NOT_INITIALIZED;
    }
    WideCharToMultiByte(CP_ACP, 0, entry_w, -1, entry, sizeof(entry), NULL, NULL);
    if (!(fn = (LPMSGSERVICEENTRY)(void *)GetProcAddress(module, entry))) {
        lasterr_set(err, MAPI_E_NOT_INITIALIZED, L"the service DLL %ls has no entry point %ls", dll, entry_w);
        provdll_release(module);
        return MAPI_E_NOT_INITIALIZED;
    }
    hr = support_create_config(prof, svc, &support);
    if (!hr) hr = provadmin_create(prof, svc, TRUE, &provadmin);
    if (!hr) {
        malloc = MAPIGetDefaultMalloc();
        IMalloc_AddRef(malloc);
        TRACE("calling %ls!%s(%s, flags %#lx, %lu props)", dll, entry, context_name(context), flags, count);
        hr = fn(module, malloc, support, ui, flags, context, count, props, provadmin, &mapierr);
        TRACE("%ls!%s(%s) -> %#lx", dll, entry, context_name(context), hr);
        if (mapierr) {
            /* The service's own words, in the width it was asked for. */
            if (mapierr->lpszError) {
                if (flags & MAPI_UNICODE)
                    lasterr_set(err, hr, L"%ls", (const WCHAR *)mapierr->lpszError);
                else
                    lasterr_set(err, hr, L"%hs", (const char *)mapierr->lpszError);
            }
            MAPIFreeBuffer(mapierr);
        } else if (FAILED(hr)) {
            lasterr_set(err, hr, L"the service entry %ls!%hs failed for %hs", dll, entry, context_name(context));
        }
        IMalloc_Release(malloc);
    }
    if (provadmin) IProviderAdmin_Release(provadmin);
    if (support) IMAPISupport_Release(support);
    provdll_release(module);
    return hr;
}
