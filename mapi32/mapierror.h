/* Last-error bookkeeping for GetLastError methods, and LPTSTR arguments. */
#ifndef FREEMAPI_MAPIERROR_H
#define FREEMAPI_MAPIERROR_H

#include <windows.h>
#include <mapix.h>

struct last_error {
    SRWLOCK lock;
    HRESULT hr;
    WCHAR text[512];
};

void lasterr_init(struct last_error *e);
/* Records why a call failed (printf-style, %ls for strings); traced too. */
void lasterr_set(struct last_error *e, HRESULT hr, const WCHAR *fmt, ...);
/* GetLastError: the recorded text if hr is the code it was recorded for,
 * else S_OK with *out NULL. */
HRESULT lasterr_get(struct last_error *e, HRESULT hr, ULONG flags, LPMAPIERROR *out);
HRESULT lasterr_make(HRESULT hr, const WCHAR *text, ULONG flags, LPMAPIERROR *out);

/* An LPTSTR argument as UTF-16 (MAPI_UNICODE in flags says which it is);
 * NULL stays NULL.  Free with tstr_free. */
WCHAR *tstr_to_w(LPCTSTR s, ULONG flags);
void tstr_free(WCHAR *s);

#endif
