#ifndef FREEMAPI_PROPCOPY_H
#define FREEMAPI_PROPCOPY_H

#include <mapidefs.h>

/* Copies src's properties (include NULL: all it lists; exclude may be NULL)
 * to dest with SetProps; flags MAPI_MOVE, MAPI_NOREPLACE. */
HRESULT propcopy_copy(IMAPIProp *src, const SPropTagArray *include, const SPropTagArray *exclude,
                      IMAPIProp *dest, ULONG flags, SPropProblemArray **problems);

#endif
