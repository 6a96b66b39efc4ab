/*
 * mapiwin.h - platform glue used by MAPI sources (FreeMAPI SDK).
 * Win32/Win64 only: the 16-bit and Macintosh variants are not provided.
 */
#ifndef __MAPIWIN_H__
#define __MAPIWIN_H__

#include <mapinls.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef FREEMAPI_API
#define FREEMAPI_API
#endif

#define MULDIV(x, y, z) MulDiv((x), (y), (z))

/* Suffix MAPI appends to provider DLL base names (see PR_PROVIDER_DLL_NAME). */
#define szMAPIDLLSuffix "32"

#define GetTempFileName32(p, pfx, n, buf) GetTempFileName((p), (pfx), (n), (buf))
#define CloseMutexHandle CloseHandle

/* Byte sizes of strings including the terminator */
#define Cbtszsize(s)  ((lstrlen(s) + 1) * sizeof(TCHAR))
#define CbtszsizeA(s) ((lstrlenA(s) + 1))
#define CbtszsizeW(s) ((lstrlenW(s) + 1) * sizeof(WCHAR))
#define HexCchOf(s)   (sizeof(s) * 2 + 1)
#define HexSizeOf(s)  (HexCchOf(s) * sizeof(TCHAR))

/* Exported by mapi32.dll: TRUE if lpsz is not readable up to cchMax chars. */
FREEMAPI_API BOOL WINAPI IsBadBoundedStringPtr(const void *lpsz, UINT cchMax);

#ifdef __cplusplus
}
#endif

#endif /* __MAPIWIN_H__ */
