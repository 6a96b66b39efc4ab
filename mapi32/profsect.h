/* IProfSect objects over the profile store (profsect.c, propstream.c). */
#ifndef FREEMAPI_PROFSECT_H
#define FREEMAPI_PROFSECT_H

#include <windows.h>
#include <mapix.h>

/* Opens a section of an open profile key.  write: the object accepts
 * SetProps; create (with write): the section is made if missing, else
 * MAPI_E_NOT_FOUND.  on_release (may be NULL) runs when the object goes. */
HRESULT profsect_create(HKEY profile, const WCHAR *profile_name, const MAPIUID *uid, BOOL write,
                        BOOL create, void (*on_release)(void *), void *ctx, IProfSect **out);
BOOL profsect_is_ours(IUnknown *unk);

/* IStream on one property of a section (OpenProperty). */
HRESULT propstream_open(HKEY section, ULONG tag, ULONG flags, IStream **out);

#endif
