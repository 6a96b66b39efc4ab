/* The FBad* structure validators (mapival.h; fbad*.md in the MAPI reference):
 * each answers TRUE (non-zero) when the structure is bad, probing memory
 * with IsBadReadPtr/IsBadStringPtr so that garbage is reported, not touched. */
#include <string.h>

#include "mapi32_private.h"
#include <mapiutil.h>
#include <mapival.h>

static inline BOOL bad_read(const void *p, SIZE_T cb)
{
    return cb && (!p || IsBadReadPtr(p, cb));
}

static inline BOOL bad_strA(const char *s) { return !s || IsBadStringPtrA(s, (UINT_PTR)-1); }
static inline BOOL bad_strW(const WCHAR *s) { return !s || IsBadStringPtrW(s, (UINT_PTR)-1); }

static BOOL tag_bad(ULONG tag)
{
    ULONG type = PROP_TYPE(tag);

    switch (type & ~MV_FLAG)
    {
    case PT_UNSPECIFIED: case PT_I2: case PT_LONG: case PT_R4: case PT_DOUBLE:
    case PT_CURRENCY: case PT_APPTIME: case PT_I8: case PT_STRING8: case PT_UNICODE:
    case PT_SYSTIME: case PT_CLSID: case PT_BINARY:
        return FALSE;
    case PT_NULL: case PT_ERROR: case PT_BOOLEAN: case PT_OBJECT:
        return (type & MV_FLAG) != 0;   /* these have no multi-valued form */
    }
    return TRUE;
}

/* Is a property tag's type unknown (fbadproptag.md)? */
ULONG WINAPI FBadPropTag(ULONG ulPropTag)
{
    ULONG ret = tag_bad(ulPropTag);
    TRACE("(%#lx) -> %lu", ulPropTag, ret);
    return ret;
}

static BOOL rglpszA_bad(char **strs, ULONG n)
{
    ULONG i;

    if (!n) return FALSE;
    if (bad_read(strs, (SIZE_T)n * sizeof(*strs))) return TRUE;
    for (i = 0; i < n; i++)
        if (bad_strA(strs[i])) return TRUE;
    return FALSE;
}

static BOOL rglpszW_bad(WCHAR **strs, ULONG n)
{
    ULONG i;

    if (!n) return FALSE;
    if (bad_read(strs, (SIZE_T)n * sizeof(*strs))) return TRUE;
    for (i = 0; i < n; i++)
        if (bad_strW(strs[i])) return TRUE;
    return FALSE;
}

static SIZE_T mv_elem_size(ULONG type)
{
    switch (type & ~MV_FLAG)
    {
    case PT_I2: return sizeof(short);
    case PT_LONG: return sizeof(LONG);
    case PT_R4: return sizeof(float);
    case PT_DOUBLE: case PT_APPTIME: return sizeof(double);
    case PT_CURRENCY: return sizeof(CURRENCY);
    case PT_SYSTIME: return sizeof(FILETIME);
    case PT_CLSID: return sizeof(GUID);
    case PT_I8: return sizeof(LARGE_INTEGER);
    case PT_BINARY: return sizeof(SBinary);
    case PT_STRING8: case PT_UNICODE: return sizeof(void *);
    }
    return 0;
}

static BOOL prop_bad(const SPropValue *v)
{
    ULONG type, i;

    if (bad_read(v, sizeof(*v)) || tag_bad(v->ulPropTag)) return TRUE;
    type = PROP_TYPE(v->ulPropTag);
    switch (type)
    {
    case PT_STRING8: return bad_strA(v->Value.lpszA);
    case PT_UNICODE: return bad_strW(v->Value.lpszW);
    case PT_BINARY:  return bad_read(v->Value.bin.lpb, v->Value.bin.cb);
    case PT_CLSID:   return bad_read(v->Value.lpguid, sizeof(GUID));
    case PT_MV_STRING8: return rglpszA_bad(v->Value.MVszA.lppszA, v->Value.MVszA.cValues);
    case PT_MV_UNICODE: return rglpszW_bad(v->Value.MVszW.lppszW, v->Value.MVszW.cValues);
    case PT_MV_BINARY:
        if (bad_read(v->Value.MVbin.lpbin, (SIZE_T)v->Value.MVbin.cValues * sizeof(SBinary))) return TRUE;
        for (i = 0; i < v->Value.MVbin.cValues; i++)
            if (bad_read(v->Value.MVbin.lpbin[i].lpb, v->Value.MVbin.lpbin[i].cb)) return TRUE;
        return FALSE;
    }
    if (type & MV_FLAG)
        return !mv_elem_size(type) ||
               bad_read(v->Value.MVi.lpi, (SIZE_T)v->Value.MVi.cValues * mv_elem_size(type));
    return FALSE;
}

/* Is a property value bad: unknown type or unreadable data (fbadprop.md)? */
ULONG WINAPI FBadProp(LPSPropValue lpprop)
{
    ULONG ret = prop_bad(lpprop);
    TRACE("(%p) -> %lu", lpprop, ret);
    return ret;
}

/* Is an array of 8-bit string pointers bad (fbadrglpsz.md)? */
BOOL WINAPI FBadRglpszA(LPSTR *lppszA, ULONG cStrings)
{
    BOOL ret = rglpszA_bad(lppszA, cStrings);
    TRACE("(%p, %lu) -> %d", lppszA, cStrings, ret);
    return ret;
}

/* Is an array of Unicode string pointers bad (fbadrglpsz.md)? */
BOOL WINAPI FBadRglpszW(LPWSTR *lppszW, ULONG cStrings)
{
    BOOL ret = rglpszW_bad(lppszW, cStrings);
    TRACE("(%p, %lu) -> %d", lppszW, cStrings, ret);
    return ret;
}

static BOOL row_bad(const SRow *row)
{
    ULONG i;

    if (bad_read(row, sizeof(*row))) return TRUE;
    if (bad_read(row->lpProps, (SIZE_T)row->cValues * sizeof(SPropValue))) return TRUE;
    for (i = 0; i < row->cValues; i++)
        if (prop_bad(&row->lpProps[i])) return TRUE;
    return FALSE;
}

/* Is a row bad: unreadable or holding a bad property (fbadrow.md)? */
ULONG WINAPI FBadRow(LPSRow lprow)
{
    ULONG ret = row_bad(lprow);
    TRACE("(%p) -> %lu", lprow, ret);
    return ret;
}

/* Is a row set bad (fbadrowset.md)? */
BOOL WINAPI FBadRowSet(LPSRowSet lpRowSet)
{
    BOOL ret = FALSE;
    ULONG i;

    if (bad_read(lpRowSet, sizeof(ULONG)) || bad_read(lpRowSet, CbSRowSet(lpRowSet)))
        ret = TRUE;
    else
        for (i = 0; i < lpRowSet->cRows && !ret; i++) ret = row_bad(&lpRowSet->aRow[i]);
    TRACE("(%p) -> %d", lpRowSet, ret);
    return ret;
}

/* Is an array of MAPINAMEID pointers bad: unreadable, no GUID, unknown kind
 * or a bad name string (fbadrglpnameid.md)? */
BOOL WINAPI FBadRglpNameID(LPMAPINAMEID *lppNameId, ULONG cNames)
{
    BOOL ret = FALSE;
    ULONG i;

    if (cNames && bad_read(lppNameId, (SIZE_T)cNames * sizeof(*lppNameId)))
        ret = TRUE;
    for (i = 0; i < cNames && !ret; i++)
    {
        const MAPINAMEID *n = lppNameId[i];
        ret = bad_read(n, sizeof(*n)) || bad_read(n->lpguid, sizeof(GUID)) ||
              (n->ulKind != MNID_ID && n->ulKind != MNID_STRING) ||
              (n->ulKind == MNID_STRING && bad_strW(n->Kind.lpwstrName));
    }
    TRACE("(%p, %lu) -> %d", lppNameId, cNames, ret);
    return ret;
}

/* Is a column set bad: unreadable, a bad tag, or a PT_ERROR column
 * (fbadcolumnset.md)? */
ULONG WINAPI FBadColumnSet(LPSPropTagArray lpptaCols)
{
    ULONG ret = FALSE, i;

    if (bad_read(lpptaCols, sizeof(ULONG)) || bad_read(lpptaCols, CbSPropTagArray(lpptaCols)))
        ret = TRUE;
    else
        for (i = 0; i < lpptaCols->cValues && !ret; i++)
            ret = tag_bad(lpptaCols->aulPropTag[i]) || PROP_TYPE(lpptaCols->aulPropTag[i]) == PT_ERROR;
    TRACE("(%p) -> %lu", lpptaCols, ret);
    return ret;
}

/* Is a sort order set bad: unreadable, more categories than sorts, more
 * expanded than categories, a bad tag or an unknown order
 * (fbadsortorderset.md)? */
ULONG WINAPI FBadSortOrderSet(LPSSortOrderSet lpsos)
{
    ULONG ret = FALSE, i;

    if (bad_read(lpsos, CbNewSSortOrderSet(0)) || bad_read(lpsos, CbSSortOrderSet(lpsos)) ||
        lpsos->cCategories > lpsos->cSorts || lpsos->cExpanded > lpsos->cCategories)
        ret = TRUE;
    else
        for (i = 0; i < lpsos->cSorts && !ret; i++)
        {
            ULONG order = lpsos->aSort[i].ulOrder, tag = lpsos->aSort[i].ulPropTag;
            ret = tag_bad(tag) || PROP_TYPE(tag) == PT_ERROR ||
                  (order != TABLE_SORT_ASCEND && order != TABLE_SORT_DESCEND &&
                   order != TABLE_SORT_COMBINE && order != TABLE_SORT_CATEG_MAX &&
                   order != TABLE_SORT_CATEG_MIN);
        }
    TRACE("(%p) -> %lu", lpsos, ret);
    return ret;
}

/* Is an entry list bad: unreadable, or an entry ID that is empty or
 * unreadable (fbadentrylist.md)? */
BOOL WINAPI FBadEntryList(LPENTRYLIST lpEntryList)
{
    BOOL ret = FALSE;
    ULONG i;

    if (bad_read(lpEntryList, sizeof(*lpEntryList)) ||
        bad_read(lpEntryList->lpbin, (SIZE_T)lpEntryList->cValues * sizeof(SBinary)))
        ret = TRUE;
    else
        for (i = 0; i < lpEntryList->cValues && !ret; i++)
            ret = !lpEntryList->lpbin[i].cb ||
                  bad_read(lpEntryList->lpbin[i].lpb, lpEntryList->lpbin[i].cb);
    TRACE("(%p) -> %d", lpEntryList, ret);
    return ret;
}

static BOOL relop_bad(ULONG relop) { return relop > RELOP_RE; }

/* A property value used in a restriction: good, and of the tag's type. */
static BOOL res_prop_bad(const SPropValue *v, ULONG tag)
{
    return prop_bad(v) || (PROP_TYPE(v->ulPropTag) != (PROP_TYPE(tag) & ~MVI_FLAG) &&
                           PROP_TYPE(v->ulPropTag) != (PROP_TYPE(tag) & ~MV_FLAG));
}

static BOOL restriction_bad(const SRestriction *r, int depth)
{
    ULONG i;

    if (depth > 64 || bad_read(r, sizeof(*r))) return TRUE;
    switch (r->rt)
    {
    case RES_AND:
    case RES_OR:
        if (bad_read(r->res.resAnd.lpRes, (SIZE_T)r->res.resAnd.cRes * sizeof(SRestriction))) return TRUE;
        for (i = 0; i < r->res.resAnd.cRes; i++)
            if (restriction_bad(&r->res.resAnd.lpRes[i], depth + 1)) return TRUE;
        return FALSE;
    case RES_NOT:
        return !r->res.resNot.lpRes || restriction_bad(r->res.resNot.lpRes, depth + 1);
    case RES_CONTENT:
    {
        ULONG type = PROP_TYPE(r->res.resContent.ulPropTag) & ~MVI_FLAG;
        if ((r->res.resContent.ulFuzzyLevel & 0xffff) > FL_PREFIX) return TRUE;
        if (type != PT_STRING8 && type != PT_UNICODE && type != PT_BINARY) return TRUE;
        return res_prop_bad(r->res.resContent.lpProp, r->res.resContent.ulPropTag);
    }
    case RES_PROPERTY:
        return relop_bad(r->res.resProperty.relop) || tag_bad(r->res.resProperty.ulPropTag & ~MV_INSTANCE) ||
               res_prop_bad(r->res.resProperty.lpProp, r->res.resProperty.ulPropTag);
    case RES_COMPAREPROPS:
        return relop_bad(r->res.resCompareProps.relop) || tag_bad(r->res.resCompareProps.ulPropTag1) ||
               tag_bad(r->res.resCompareProps.ulPropTag2) ||
               PROP_TYPE(r->res.resCompareProps.ulPropTag1) != PROP_TYPE(r->res.resCompareProps.ulPropTag2);
    case RES_BITMASK:
        return (r->res.resBitMask.relBMR != BMR_EQZ && r->res.resBitMask.relBMR != BMR_NEZ) ||
               PROP_TYPE(r->res.resBitMask.ulPropTag) != PT_LONG;
    case RES_SIZE:
        return relop_bad(r->res.resSize.relop) || r->res.resSize.relop == RELOP_RE ||
               tag_bad(r->res.resSize.ulPropTag);
    case RES_EXIST:
        return tag_bad(r->res.resExist.ulPropTag);
    case RES_SUBRESTRICTION:
        return !r->res.resSub.lpRes || restriction_bad(r->res.resSub.lpRes, depth + 1);
    case RES_COMMENT:
    case RES_ANNOTATION:
        if (bad_read(r->res.resComment.lpProp, (SIZE_T)r->res.resComment.cValues * sizeof(SPropValue)))
            return TRUE;
        for (i = 0; i < r->res.resComment.cValues; i++)
            if (prop_bad(&r->res.resComment.lpProp[i])) return TRUE;
        return r->res.resComment.lpRes && restriction_bad(r->res.resComment.lpRes, depth + 1);
    case RES_COUNT:
        return !r->res.resCount.lpRes || restriction_bad(r->res.resCount.lpRes, depth + 1);
    }
    return TRUE;
}

/* Is a restriction tree bad: unknown type, bad operator, tag or value,
 * or nested deeper than 64 levels (fbadrestriction.md)? */
ULONG WINAPI FBadRestriction(LPSRestriction lpres)
{
    ULONG ret = restriction_bad(lpres, 0);
    TRACE("(%p) -> %lu", lpres, ret);
    return ret;
}
