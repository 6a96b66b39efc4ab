#ifndef FREEMAPI_PROVDLL_H
#define FREEMAPI_PROVDLL_H

#include <windows.h>

/* Loads the DLL a profile names (PR_SERVICE_DLL_NAME, PR_PROVIDER_DLL_NAME)
 * by the "32" rule from the allowed folders; loaded (may be NULL) gets the
 * path.  MAPI_E_NOT_FOUND if it cannot be loaded. */
HRESULT provdll_load(const WCHAR *name, HMODULE *module, WCHAR *loaded, DWORD cch);
void provdll_release(HMODULE module);

#endif
