/* What GetLastError methods return: the last failure of an object, kept as
 * text, handed out as a MAPIERROR (imapiprop-getlasterror.md). */
#include <stdarg.h>
#include <stdio.h>

#include "mapi32_private.h"
#include "mapierror.h"

void lasterr_init(struct last_error *e)
{
    InitializeSRWLock(&e->lock);
    e->hr = S_OK;
    e->text[0] = 0;
}

void lasterr_set(struct last_error *e, HRESULT hr, const WCHAR *fmt, ...)
{
    va_list args;

    if (!e) return;     /* a caller with nowhere to keep it */
    AcquireSRWLockExclusive(&e->lock);
    e->hr = hr;
    va_start(args, fmt);
    _vsnwprintf(e->text, ARRAYSIZE(e->text) - 1, fmt, args);
    va_end(args);
    e->text[ARRAYSIZE(e->text) - 1] = 0;
    ReleaseSRWLockExclusive(&e->lock);
    TRACE("error %#lx: %ls", hr, e->text);
}

/* MAPIERROR in one buffer, strings in the width the caller asked for. */
HRESULT lasterr_make(HRESULT hr, const WCHAR *text, ULONG flags, LPMAPIERROR *out)
{
    static const WCHAR component[] = L"FreeMAPI";
    BOOL wide = (flags & MAPI_UNICODE) != 0;
    int ntext, ncomp;
    MAPIERROR *err;
    SCODE sc;

    *out = NULL;
    if (wide) {
        ntext = (lstrlenW(text) + 1) * sizeof(WCHAR);
        ncomp = sizeof(component);
    } else {
        ntext = WideCharToMultiByte(CP_ACP, 0, text, -1, NULL, 0, NULL, NULL);
        ncomp = ARRAYSIZE(component);
    }
    if ((sc = MAPIAllocateBuffer(sizeof(*err) + ntext + ncomp, (void **)&err))) return sc;
    err->ulVersion = MAPI_ERROR_VERSION;
    err->lpszError = (LPTSTR)(err + 1);
    err->lpszComponent = (LPTSTR)((BYTE *)(err + 1) + ntext);
    err->ulLowLevelError = (ULONG)hr;
    err->ulContext = 0;
    if (wide) {
        memcpy(err->lpszError, text, ntext);
        memcpy(err->lpszComponent, component, ncomp);
    } else {
        WideCharToMultiByte(CP_ACP, 0, text, -1, (char *)err->lpszError, ntext, NULL, NULL);
        WideCharToMultiByte(CP_ACP, 0, component, -1, (char *)err->lpszComponent, ncomp, NULL, NULL);
    }
    *out = err;
    return S_OK;
}

HRESULT lasterr_get(struct last_error *e, HRESULT hr, ULONG flags, LPMAPIERROR *out)
{
    WCHAR text[ARRAYSIZE(e->text)];
    BOOL have;

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    *out = NULL;
    AcquireSRWLockShared(&e->lock);
    have = e->text[0] && e->hr == hr;
    if (have) lstrcpyW(text, e->text);
    ReleaseSRWLockShared(&e->lock);
    /* Nothing known about this code: S_OK with no structure, as documented. */
    return have ? lasterr_make(hr, text, flags, out) : S_OK;
}

/* ---- LPTSTR arguments ---- */

WCHAR *tstr_to_w(LPCTSTR s, ULONG flags)
{
    WCHAR *out;
    int n;

    if (!s) return NULL;
    if (flags & MAPI_UNICODE) {
        n = lstrlenW((const WCHAR *)s) + 1;
        if ((out = HeapAlloc(GetProcessHeap(), 0, n * sizeof(WCHAR))))
            memcpy(out, s, n * sizeof(WCHAR));
        return out;
    }
    n = MultiByteToWideChar(CP_ACP, 0, (const char *)s, -1, NULL, 0);
    if ((out = HeapAlloc(GetProcessHeap(), 0, n * sizeof(WCHAR))))
        MultiByteToWideChar(CP_ACP, 0, (const char *)s, -1, out, n);
    return out;
}

void tstr_free(WCHAR *s)
{
    HeapFree(GetProcessHeap(), 0, s);
}
