/* ScGenerateMuid (scgeneratemuid.md): a new MAPIUID from a fresh GUID. */
#include "mapi32_private.h"

SCODE WINAPI ScGenerateMuid(LPMAPIUID lpMuid)
{
    HRESULT hr;

    if (!lpMuid) return MAPI_E_INVALID_PARAMETER;
    hr = CoCreateGuid((GUID *)lpMuid);
    TRACE("(%p) -> %#lx", lpMuid, hr);
    return FAILED(hr) ? MAPI_E_CALL_FAILED : S_OK;
}
