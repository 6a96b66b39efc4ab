/*
 * mapinls.h - national language helpers exported by mapi32.dll
 * (FreeMAPI SDK).  On Win32/Win64 the Windows NLS functions are used
 * directly; these exports exist for old binaries that import them.
 */
#ifndef _MAPINLS_H_
#define _MAPINLS_H_

#ifndef _WINDOWS_
#include <windows.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

#ifndef FREEMAPI_API
#define FREEMAPI_API
#endif

FREEMAPI_API int    WINAPI MNLS_lstrlenW(LPCWSTR lpszString);
FREEMAPI_API int    WINAPI MNLS_lstrcmpW(LPCWSTR lpszString1, LPCWSTR lpszString2);
FREEMAPI_API LPWSTR WINAPI MNLS_lstrcpyW(LPWSTR lpszDest, LPCWSTR lpszSrc);
FREEMAPI_API int    WINAPI MNLS_CompareStringW(LCID Locale, DWORD dwFlags, LPCWSTR lpString1,
                                               int cchCount1, LPCWSTR lpString2, int cchCount2);
FREEMAPI_API int    WINAPI MNLS_MultiByteToWideChar(UINT uCodePage, DWORD dwFlags,
                                                    LPCSTR lpMultiByteStr, int cchMultiByte,
                                                    LPWSTR lpWideCharStr, int cchWideChar);
FREEMAPI_API int    WINAPI MNLS_WideCharToMultiByte(UINT uCodePage, DWORD dwFlags,
                                                    LPCWSTR lpWideCharStr, int cchWideChar,
                                                    LPSTR lpMultiByteStr, int cchMultiByte,
                                                    LPCSTR lpDefaultChar, BOOL *lpfUsedDefaultChar);
FREEMAPI_API BOOL   WINAPI MNLS_IsBadStringPtrW(LPCWSTR lpsz, UINT ucchMax);

#ifdef __cplusplus
}
#endif

#endif /* _MAPINLS_H_ */
