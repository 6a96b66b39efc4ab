/*
 * mapival.h - parameter validation helpers exported by mapi32.dll
 * (FreeMAPI SDK).  The per-method validation tables of Microsoft's header
 * are not provided; HrValidateParameters takes the method id as a ULONG.
 */
#ifndef MAPIVAL_H
#define MAPIVAL_H

#include <mapix.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef FREEMAPI_API
#define FREEMAPI_API
#endif

/* Structure checks: non-zero/TRUE means "bad" */
FREEMAPI_API BOOL  STDAPICALLTYPE FBadRglpszA(LPSTR *lppszA, ULONG cStrings);
FREEMAPI_API BOOL  STDAPICALLTYPE FBadRglpszW(LPWSTR *lppszW, ULONG cStrings);
FREEMAPI_API BOOL  STDAPICALLTYPE FBadRowSet(LPSRowSet lpRowSet);
FREEMAPI_API BOOL  STDAPICALLTYPE FBadRglpNameID(LPMAPINAMEID *lppNameId, ULONG cNames);
FREEMAPI_API BOOL  STDAPICALLTYPE FBadEntryList(LPENTRYLIST lpEntryList);
FREEMAPI_API ULONG STDAPICALLTYPE FBadRestriction(LPSRestriction lpres);
FREEMAPI_API ULONG STDAPICALLTYPE FBadPropTag(ULONG ulPropTag);
FREEMAPI_API ULONG STDAPICALLTYPE FBadRow(LPSRow lprow);
FREEMAPI_API ULONG STDAPICALLTYPE FBadProp(LPSPropValue lpprop);
FREEMAPI_API ULONG STDAPICALLTYPE FBadSortOrderSet(LPSSortOrderSet lpsos);
FREEMAPI_API ULONG STDAPICALLTYPE FBadColumnSet(LPSPropTagArray lpptaCols);

#ifdef UNICODE
#define FBadRglpsz FBadRglpszW
#else
#define FBadRglpsz FBadRglpszA
#endif

/* Property value arrays are valid when ScCountProps can size them. */
#define FBadPropVal(p)        (FAILED(ScCountProps(1, (p), NULL)))
#define FBadRgPropVal(p, n)   (FAILED(ScCountProps((int)(n), (p), NULL)))

/* Table-driven argument validation (method ids are MAPI-internal). */
FREEMAPI_API HRESULT STDAPICALLTYPE HrValidateParameters(ULONG eMethod, LPVOID *ppFirstArg);
FREEMAPI_API HRESULT STDAPICALLTYPE __ValidateParameters(ULONG eMethod, LPVOID ppThis);
FREEMAPI_API HRESULT STDAPICALLTYPE __CPPValidateParameters(ULONG eMethod, LPVOID ppThis);

#ifdef __cplusplus
}
#endif

#endif /* MAPIVAL_H */
