/* Support for the generated stubs (stubs.c, from mapi32/exports.txt). They see
 * only Windows types, so their generic prototypes never clash with the SDK's. */
#ifndef FREEMAPI_STUBS_H
#define FREEMAPI_STUBS_H

#include <windows.h>

#ifndef MAPI_E_NO_SUPPORT
#define MAPI_E_NO_SUPPORT ((HRESULT)0x80040102)
#endif

/* Traces that a function not built yet was called; returns 'answer'. */
LONG freemapi_stub(const char *name, LONG answer);

#endif
