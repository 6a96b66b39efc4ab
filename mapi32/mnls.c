/* The MNLS_* string helpers: thin wrappers over kernel32, which already copes
 * with bad pointers the way these functions are expected to. */
#include "mapi32_private.h"

int WINAPI MNLS_lstrlenW(LPCWSTR str)
{
    return lstrlenW(str);
}

int WINAPI MNLS_lstrcmpW(LPCWSTR a, LPCWSTR b)
{
    return lstrcmpW(a, b);
}

LPWSTR WINAPI MNLS_lstrcpyW(LPWSTR dst, LPCWSTR src)
{
    if (!dst || !src) return NULL;
    return lstrcpyW(dst, src);
}

int WINAPI MNLS_CompareStringW(LCID lcid, DWORD flags, LPCWSTR a, int ca, LPCWSTR b, int cb)
{
    return CompareStringW(lcid, flags, a, ca, b, cb);
}

int WINAPI MNLS_MultiByteToWideChar(UINT cp, DWORD flags, LPCSTR src, int csrc, LPWSTR dst, int cdst)
{
    return MultiByteToWideChar(cp, flags, src, csrc, dst, cdst);
}

int WINAPI MNLS_WideCharToMultiByte(UINT cp, DWORD flags, LPCWSTR src, int csrc, LPSTR dst, int cdst,
                                    LPCSTR defchar, LPBOOL used_default)
{
    return WideCharToMultiByte(cp, flags, src, csrc, dst, cdst, defchar, used_default);
}

BOOL WINAPI MNLS_IsBadStringPtrW(LPCWSTR str, UINT_PTR cch)
{
    return IsBadStringPtrW(str, cch);
}
