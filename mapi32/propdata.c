/* IPropData, the in-memory IMAPIProp that CreateIProp makes (createiprop.md,
 * ipropdataimapiprop.md, ipropdata-*.md, imapiprop-*.md).
 *
 * The property store is in propdata_store.c, CopyTo and CopyProps in
 * propdata_copy.c.
 *
 * Everything handed to the caller comes from the allocators given to
 * CreateIProp, each result in one block; the object's own storage comes from
 * the process heap. One critical section per object guards it all. */
#include "propdata_private.h"

static const IPropDataVtbl propdata_vtbl;

/* The caller's allocator, for what GetProps returns. */
static void *alloc_out(propdata *This, ULONGLONG size)
{
    void *p = NULL;

    if (size > 0xffffffffu || FAILED(This->alloc_buffer((ULONG)size, &p))) return NULL;
    return p;
}

/* A problem array for up to n problems, from the object's allocator. */
static SPropProblemArray *new_problems(propdata *This, ULONG n)
{
    SPropProblemArray *p = NULL;

    if (FAILED(This->alloc_buffer(CbNewSPropProblemArray(n), (void **)&p))) return NULL;
    p->cProblem = 0;
    return p;
}

static inline void add_problem(SPropProblemArray *p, ULONG index, ULONG tag, SCODE sc)
{
    if (!p) return;
    p->aProblem[p->cProblem].ulIndex = index;
    p->aProblem[p->cProblem].ulPropTag = tag;
    p->aProblem[p->cProblem].scode = sc;
    p->cProblem++;
}

/* Frees a problem array another IMAPIProp returned: with its own allocator
 * when it is one of our objects, MAPIFreeBuffer otherwise. */
void propdata_free_foreign(IMAPIProp *obj, void *p)
{
    if (!p) return;
    if (((IPropData *)obj)->lpVtbl == &propdata_vtbl) impl_from_IPropData((IPropData *)obj)->free_buffer(p);
    else MAPIFreeBuffer(p);
}

/* ---- IUnknown ---- */

static HRESULT WINAPI propdata_QueryInterface(IPropData *iface, REFIID riid, void **ppv)
{
    propdata *This = impl_from_IPropData(iface);

    if (!ppv || !riid)
    {
        TRACE("(%p, %p, %p) -> MAPI_E_INVALID_PARAMETER", iface, riid, ppv);
        return MAPI_E_INVALID_PARAMETER;
    }
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) ||
        IsEqualIID(riid, &IID_IMAPIPropData))
    {
        *ppv = &This->IPropData_iface;
        IPropData_AddRef(iface);
        TRACE("(%p, %p, %p) -> S_OK", iface, riid, ppv);
        return S_OK;
    }
    *ppv = NULL;
    TRACE("(%p, %p, %p) -> MAPI_E_INTERFACE_NOT_SUPPORTED", iface, riid, ppv);
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI propdata_AddRef(IPropData *iface)
{
    propdata *This = impl_from_IPropData(iface);
    ULONG ref = InterlockedIncrement(&This->refcount);

    TRACE("(%p) -> %lu", iface, ref);
    return ref;
}

static ULONG WINAPI propdata_Release(IPropData *iface)
{
    propdata *This = impl_from_IPropData(iface);
    ULONG ref = InterlockedDecrement(&This->refcount);

    TRACE("(%p) -> %lu", iface, ref);
    if (!ref)
    {
        propdata_arena_free_all(This->chunks);
        heap_free(This->entries);
        heap_free(This->slots);
        DeleteCriticalSection(&This->cs);
        heap_free(This);
    }
    return ref;
}

/* ---- IMAPIProp ---- */

/* The last failure of this object as a MAPIERROR from its allocator, or NULL
 * when hResult is not that failure (imapiprop-getlasterror.md). */
static HRESULT WINAPI propdata_GetLastError(IPropData *iface, HRESULT hResult, ULONG ulFlags,
                                            LPMAPIERROR *lppMAPIError)
{
    static const char component[] = "FreeMAPI IPropData";
    propdata *This = impl_from_IPropData(iface);
    BOOL wide = (ulFlags & MAPI_UNICODE) != 0;
    ULONG text_len, comp_len = sizeof(component), cw = wide ? sizeof(WCHAR) : 1;
    const char *text;
    MAPIERROR *err = NULL;
    BYTE *p;
    HRESULT hr = S_OK;
    ULONG context;

    if (!lppMAPIError) hr = MAPI_E_INVALID_PARAMETER;
    else if (ulFlags & ~MAPI_UNICODE) hr = MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr))
    {
        TRACE("(%p, %#lx, %#lx, %p) -> %#lx", iface, hResult, ulFlags, lppMAPIError, hr);
        return hr;
    }
    *lppMAPIError = NULL;
    EnterCriticalSection(&This->cs);
    text = This->last_text;
    context = This->last_context;
    if (FAILED(hResult) && hResult == This->last_hr && text)
    {
        text_len = (ULONG)strlen(text) + 1;
        if (FAILED(hr = This->alloc_buffer(sizeof(MAPIERROR) + (text_len + comp_len) * cw, (void **)&err)))
            err = NULL;
        else
        {
            /* One block: the structure, then its two strings. */
            p = (BYTE *)(err + 1);
            err->ulVersion = MAPI_ERROR_VERSION;
            err->ulLowLevelError = 0;
            err->ulContext = context;
            err->lpszError = (LPTSTR)p;
            if (wide) MultiByteToWideChar(CP_ACP, 0, text, -1, (WCHAR *)p, text_len);
            else memcpy(p, text, text_len);
            p += text_len * cw;
            err->lpszComponent = (LPTSTR)p;
            if (wide) MultiByteToWideChar(CP_ACP, 0, component, -1, (WCHAR *)p, comp_len);
            else memcpy(p, component, comp_len);
            *lppMAPIError = err;
        }
    }
    LeaveCriticalSection(&This->cs);
    TRACE("(%p, %#lx, %#lx, %p) -> %#lx, %p", iface, hResult, ulFlags, lppMAPIError, hr, err);
    return hr;
}

/* IPropData is not transacted: changes are made at once, so there is
 * nothing to save (ipropdataimapiprop.md). */
static HRESULT WINAPI propdata_SaveChanges(IPropData *iface, ULONG ulFlags)
{
    propdata *This = impl_from_IPropData(iface);
    HRESULT hr = S_OK;

    if (ulFlags & ~(KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS |
                    0x80 /* SPAMFILTER_ONSAVE */ | 0x1000 /* NON_EMS_XP_SAVE */))
        hr = set_error(This, MAPI_E_UNKNOWN_FLAGS, CTX_SAVECHANGES, "SaveChanges: unknown flags");
    TRACE("(%p, %#lx) -> %#lx", iface, ulFlags, hr);
    return hr;
}

/* Values of the properties asked for, or of all of them, in one block from
 * the object's allocator (imapiprop-getprops.md). */
static HRESULT WINAPI propdata_GetProps(IPropData *iface, LPSPropTagArray lpPropTagArray, ULONG ulFlags,
                                        ULONG *lpcValues, LPSPropValue *lppPropArray)
{
    propdata *This = impl_from_IPropData(iface);
    HRESULT hr;

    if (lpcValues) *lpcValues = 0;
    if (lppPropArray) *lppPropArray = NULL;
    if (!lpcValues || !lppPropArray)
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_GETPROPS, "GetProps: NULL output pointer");
    else if (ulFlags & ~MAPI_UNICODE)
        hr = set_error(This, MAPI_E_UNKNOWN_FLAGS, CTX_GETPROPS, "GetProps: unknown flags");
    else if (lpPropTagArray && (bad_tag_array(lpPropTagArray) || !lpPropTagArray->cValues))
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_GETPROPS, "GetProps: bad or empty tag array");
    else
    {
        EnterCriticalSection(&This->cs);
        if (!lpPropTagArray)
            hr = propdata_get_all_props(This, (ulFlags & MAPI_UNICODE) != 0, alloc_out, lpcValues, lppPropArray);
        else
            hr = propdata_get_tag_props(This, lpPropTagArray, (ulFlags & MAPI_UNICODE) != 0, alloc_out, lpcValues,
                                        lppPropArray);
        LeaveCriticalSection(&This->cs);
        if (FAILED(hr)) set_error(This, hr, CTX_GETPROPS, "GetProps: out of memory");
    }
    TRACE("(%p, %p, %#lx, %p, %p) -> %#lx, %lu values", iface, lpPropTagArray, ulFlags, lpcValues,
          lppPropArray, hr, lpcValues ? *lpcValues : 0);
    return hr;
}

/* The tags of all properties, strings in the width MAPI_UNICODE asks for as
 * GetProps(NULL) would return them (imapiprop-getproplist.md). */
static HRESULT WINAPI propdata_GetPropList(IPropData *iface, ULONG ulFlags, LPSPropTagArray *lppPropTagArray)
{
    propdata *This = impl_from_IPropData(iface);
    BOOL unicode = (ulFlags & MAPI_UNICODE) != 0;
    SPropTagArray *tags = NULL;
    prop_entry *e, *end;
    HRESULT hr;
    ULONG n = 0;

    if (!lppPropTagArray)
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_GETPROPLIST, "GetPropList: NULL output pointer");
    else if (ulFlags & ~MAPI_UNICODE)
        hr = set_error(This, MAPI_E_UNKNOWN_FLAGS, CTX_GETPROPLIST, "GetPropList: unknown flags");
    else
    {
        *lppPropTagArray = NULL;
        EnterCriticalSection(&This->cs);
        if (SUCCEEDED(hr = This->alloc_buffer(CbNewSPropTagArray(This->n_live), (void **)&tags)))
        {
            for (e = This->entries, end = e + This->n_entries; e < end; e++)
                if (!(e->access & ENTRY_DELETED))
                    tags->aulPropTag[n++] = CHANGE_PROP_TYPE(e->value.ulPropTag,
                                                             natural_type(PROP_TYPE(e->value.ulPropTag), unicode));
            tags->cValues = n;
            *lppPropTagArray = tags;
        }
        LeaveCriticalSection(&This->cs);
        if (FAILED(hr)) set_error(This, hr, CTX_GETPROPLIST, "GetPropList: out of memory");
    }
    TRACE("(%p, %#lx, %p) -> %#lx, %lu tags", iface, ulFlags, lppPropTagArray, hr, n);
    return hr;
}

/* IPropData keeps plain values only: no property opens as an interface. */
static HRESULT WINAPI propdata_OpenProperty(IPropData *iface, ULONG ulPropTag, LPCIID lpiid,
                                            ULONG ulInterfaceOptions, ULONG ulFlags, LPUNKNOWN *lppUnk)
{
    propdata *This = impl_from_IPropData(iface);
    HRESULT hr;

    if (lppUnk) *lppUnk = NULL;
    if (!lppUnk || !lpiid || PROP_TYPE(ulPropTag) == PT_UNSPECIFIED)
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_OPENPROPERTY,
                       "OpenProperty: NULL pointer or PT_UNSPECIFIED tag");
    else if (ulFlags & ~(MAPI_CREATE | MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS | STREAM_APPEND))
        hr = set_error(This, MAPI_E_UNKNOWN_FLAGS, CTX_OPENPROPERTY, "OpenProperty: unknown flags");
    else
        hr = set_error(This, MAPI_E_NO_SUPPORT, CTX_OPENPROPERTY,
                       "OpenProperty: IPropData properties cannot be opened as objects");
    TRACE("(%p, %#lx, %p, %#lx, %#lx, %p) -> %#lx", iface, ulPropTag, lpiid, ulInterfaceOptions, ulFlags,
          lppUnk, hr);
    return hr;
}

/* Adds or replaces values (imapiprop-setprops.md). The object must be
 * writable; a read-only property or an unknown type is a problem of that
 * property alone. New and changed properties become IPROP_DIRTY. */
static HRESULT WINAPI propdata_SetProps(IPropData *iface, ULONG cValues, LPSPropValue lpPropArray,
                                        LPSPropProblemArray *lppProblems)
{
    propdata *This = impl_from_IPropData(iface);
    SPropProblemArray *problems = NULL;
    ULONGLONG need = 0, cb;
    ULONG i, n_ok = 0;
    prop_entry *e;
    HRESULT hr = S_OK;

    if (lppProblems) *lppProblems = NULL;
    if (!cValues || !lpPropArray || cValues > 0x7fffffff / sizeof(SPropValue) ||
        IsBadReadPtr(lpPropArray, cValues * sizeof(SPropValue)))
    {
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_SETPROPS, "SetProps: no values");
        goto done;
    }
    EnterCriticalSection(&This->cs);
    if (This->obj_access != IPROP_READWRITE)
    {
        LeaveCriticalSection(&This->cs);
        hr = set_error(This, MAPI_E_NO_ACCESS, CTX_SETPROPS, "SetProps: the object is read-only");
        goto done;
    }
    /* Everything that fails the whole call is found before anything changes. */
    for (i = 0; i < cValues; i++)
    {
        switch (propdata_classify_value(&lpPropArray[i], &cb))
        {
        case VAL_INVALID:
            LeaveCriticalSection(&This->cs);
            hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_SETPROPS,
                           "SetProps: PT_OBJECT, PT_NULL, empty multi-valued or missing data");
            goto done;
        case VAL_OK:
            need += cb;
            n_ok++;
            break;
        default:
            break;
        }
    }
    if (need > 0x7fffffff || !propdata_reserve_entries(This, n_ok) || !propdata_arena_reserve(This, need))
    {
        LeaveCriticalSection(&This->cs);
        hr = set_error(This, MAPI_E_NOT_ENOUGH_MEMORY, CTX_SETPROPS, "SetProps: out of memory");
        goto done;
    }
    for (i = 0; i < cValues; i++)
    {
        const SPropValue *v = &lpPropArray[i];
        enum value_class cls = propdata_classify_value(v, &cb);

        if (cls == VAL_SKIP) continue;
        if (cls == VAL_BAD_TYPE)
        {
            if (lppProblems && !problems) problems = new_problems(This, cValues - i);
            add_problem(problems, i, v->ulPropTag, MAPI_E_INVALID_TYPE);
            continue;
        }
        if (!(e = propdata_find_entry(This, PROP_ID(v->ulPropTag))))
            e = propdata_add_entry(This, v->ulPropTag);
        else if (!(e->access & ENTRY_DELETED) && (e->access & IPROP_READONLY))
        {
            if (lppProblems && !problems) problems = new_problems(This, cValues - i);
            add_problem(problems, i, v->ulPropTag, MAPI_E_NO_ACCESS);
            continue;
        }
        propdata_set_entry(This, e, v, (ULONG)cb);
    }
    propdata_arena_compact(This);
    LeaveCriticalSection(&This->cs);
    if (problems && !problems->cProblem)
    {
        This->free_buffer(problems);
        problems = NULL;
    }
    if (lppProblems) *lppProblems = problems;

done:
    TRACE("(%p, %lu, %p, %p) -> %#lx, %lu problems", iface, cValues, lpPropArray, lppProblems, hr,
          problems ? problems->cProblem : 0);
    return hr;
}

/* Removes properties by PROP_ID, whatever the tag's type; a read-only one is
 * a problem, an absent one is not (imapiprop-deleteprops.md). */
static HRESULT WINAPI propdata_DeleteProps(IPropData *iface, LPSPropTagArray lpPropTagArray,
                                           LPSPropProblemArray *lppProblems)
{
    propdata *This = impl_from_IPropData(iface);
    SPropProblemArray *problems = NULL;
    prop_entry *e;
    HRESULT hr = S_OK;
    ULONG i;

    if (lppProblems) *lppProblems = NULL;
    if (!lpPropTagArray || bad_tag_array(lpPropTagArray) || !lpPropTagArray->cValues)
    {
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_DELETEPROPS, "DeleteProps: bad or empty tag array");
        goto done;
    }
    EnterCriticalSection(&This->cs);
    if (This->obj_access != IPROP_READWRITE)
    {
        LeaveCriticalSection(&This->cs);
        hr = set_error(This, MAPI_E_NO_ACCESS, CTX_DELETEPROPS, "DeleteProps: the object is read-only");
        goto done;
    }
    for (i = 0; i < lpPropTagArray->cValues; i++)
    {
        if (!(e = find_live(This, PROP_ID(lpPropTagArray->aulPropTag[i])))) continue;
        if (e->access & IPROP_READONLY)
        {
            if (lppProblems && !problems) problems = new_problems(This, lpPropTagArray->cValues - i);
            add_problem(problems, i, lpPropTagArray->aulPropTag[i], MAPI_E_NO_ACCESS);
            continue;
        }
        propdata_delete_entry(This, e);
    }
    propdata_arena_compact(This);
    LeaveCriticalSection(&This->cs);
    if (lppProblems) *lppProblems = problems;

done:
    TRACE("(%p, %p, %p) -> %#lx, %lu problems", iface, lpPropTagArray, lppProblems, hr,
          problems ? problems->cProblem : 0);
    return hr;
}

/* IPropData has no named-property mapping. */
static HRESULT WINAPI propdata_GetNamesFromIDs(IPropData *iface, LPSPropTagArray *lppPropTags, LPGUID lpPropSetGuid,
                                               ULONG ulFlags, ULONG *lpcPropNames, LPMAPINAMEID **lpppPropNames)
{
    propdata *This = impl_from_IPropData(iface);

    if (lpcPropNames) *lpcPropNames = 0;
    if (lpppPropNames) *lpppPropNames = NULL;
    TRACE("(%p, %p, %p, %#lx, %p, %p) -> MAPI_E_NO_SUPPORT", iface, lppPropTags, lpPropSetGuid, ulFlags,
          lpcPropNames, lpppPropNames);
    return set_error(This, MAPI_E_NO_SUPPORT, CTX_NAMES, "GetNamesFromIDs: IPropData has no named properties");
}

static HRESULT WINAPI propdata_GetIDsFromNames(IPropData *iface, ULONG cPropNames, LPMAPINAMEID *lppPropNames,
                                               ULONG ulFlags, LPSPropTagArray *lppPropTags)
{
    propdata *This = impl_from_IPropData(iface);

    if (lppPropTags) *lppPropTags = NULL;
    TRACE("(%p, %lu, %p, %#lx, %p) -> MAPI_E_NO_SUPPORT", iface, cPropNames, lppPropNames, ulFlags, lppPropTags);
    return set_error(This, MAPI_E_NO_SUPPORT, CTX_NAMES, "GetIDsFromNames: IPropData has no named properties");
}

/* ---- IPropData ---- */

/* Makes the whole object read-only or read/write
 * (ipropdata-hrsetobjaccess.md). */
static HRESULT WINAPI propdata_HrSetObjAccess(IPropData *iface, ULONG ulAccess)
{
    propdata *This = impl_from_IPropData(iface);
    HRESULT hr = S_OK;

    if (ulAccess & ~ACCESS_LEVEL)
        hr = set_error(This, MAPI_E_UNKNOWN_FLAGS, CTX_OBJACCESS, "HrSetObjAccess: unknown flags");
    else if (ulAccess != IPROP_READONLY && ulAccess != IPROP_READWRITE)
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_OBJACCESS,
                       "HrSetObjAccess: need exactly one of IPROP_READONLY, IPROP_READWRITE");
    else
    {
        EnterCriticalSection(&This->cs);
        This->obj_access = ulAccess;
        LeaveCriticalSection(&This->cs);
    }
    TRACE("(%p, %#lx) -> %#lx", iface, ulAccess, hr);
    return hr;
}

static inline BOOL bad_prop_access(ULONG access)
{
    return (access & ~(ACCESS_LEVEL | ACCESS_STATUS)) ||
           ((access & ACCESS_LEVEL) != IPROP_READONLY && (access & ACCESS_LEVEL) != IPROP_READWRITE) ||
           ((access & ACCESS_STATUS) != IPROP_CLEAN && (access & ACCESS_STATUS) != IPROP_DIRTY);
}

/* Sets each property's access level and status: one of IPROP_READONLY,
 * IPROP_READWRITE and one of IPROP_CLEAN, IPROP_DIRTY; properties the object
 * lacks are ignored, a read-only object allows it
 * (ipropdata-hrsetpropaccess.md). */
static HRESULT WINAPI propdata_HrSetPropAccess(IPropData *iface, LPSPropTagArray lpPropTagArray, ULONG *rgulAccess)
{
    propdata *This = impl_from_IPropData(iface);
    prop_entry *e;
    HRESULT hr = S_OK;
    ULONG i;

    if (!lpPropTagArray || !rgulAccess || bad_tag_array(lpPropTagArray) ||
        IsBadReadPtr(rgulAccess, (SIZE_T)lpPropTagArray->cValues * sizeof(ULONG)))
    {
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_PROPACCESS, "HrSetPropAccess: NULL or bad array");
        goto done;
    }
    for (i = 0; i < lpPropTagArray->cValues; i++)
        if (bad_prop_access(rgulAccess[i]))
        {
            hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_PROPACCESS,
                           "HrSetPropAccess: a bad combination of access flags");
            goto done;
        }
    EnterCriticalSection(&This->cs);
    for (i = 0; i < lpPropTagArray->cValues; i++)
        if ((e = propdata_find_entry(This, PROP_ID(lpPropTagArray->aulPropTag[i]))))
            e->access = (e->access & ENTRY_DELETED) | rgulAccess[i];
    LeaveCriticalSection(&This->cs);
done:
    TRACE("(%p, %p, %p) -> %#lx", iface, lpPropTagArray, rgulAccess, hr);
    return hr;
}

/* Access level and status of the properties named in *lppPropTagArray, or of
 * all of them, deleted ones included, when it points to NULL. Both arrays
 * returned are new, from the object's allocator; a named property that is
 * absent or deleted gets tag 0 and access 0 (ipropdata-hrgetpropaccess.md). */
static HRESULT WINAPI propdata_HrGetPropAccess(IPropData *iface, LPSPropTagArray *lppPropTagArray,
                                               ULONG **lprgulAccess)
{
    propdata *This = impl_from_IPropData(iface);
    SPropTagArray *in, *tags = NULL;
    ULONG *access = NULL, n, i;
    prop_entry *e;
    HRESULT hr;

    if (!lppPropTagArray || !lprgulAccess ||
        ((in = *lppPropTagArray) && bad_tag_array(in)))
    {
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_PROPACCESS, "HrGetPropAccess: NULL or bad array");
        goto done;
    }
    *lprgulAccess = NULL;
    EnterCriticalSection(&This->cs);
    n = in ? in->cValues : This->n_entries;
    if (FAILED(hr = This->alloc_buffer(CbNewSPropTagArray(n), (void **)&tags)) ||
        FAILED(hr = This->alloc_buffer(n ? n * sizeof(ULONG) : sizeof(ULONG), (void **)&access)))
    {
        LeaveCriticalSection(&This->cs);
        if (tags) This->free_buffer(tags);
        hr = set_error(This, MAPI_E_NOT_ENOUGH_MEMORY, CTX_PROPACCESS, "HrGetPropAccess: out of memory");
        goto done;
    }
    tags->cValues = n;
    for (i = 0; i < n; i++)
    {
        if (!in) e = &This->entries[i];
        else if (!(e = find_live(This, PROP_ID(in->aulPropTag[i]))))
        {
            tags->aulPropTag[i] = 0;
            access[i] = 0;
            continue;
        }
        tags->aulPropTag[i] = e->value.ulPropTag;
        access[i] = e->access & ~ENTRY_DELETED;
    }
    LeaveCriticalSection(&This->cs);
    *lppPropTagArray = tags;
    *lprgulAccess = access;
done:
    TRACE("(%p, %p, %p) -> %#lx", iface, lppPropTagArray, lprgulAccess, hr);
    return hr;
}

/* Adds PT_OBJECT properties, which SetProps refuses, so that GetPropList
 * lists them (ipropdata-hraddobjprops.md). */
static HRESULT WINAPI propdata_HrAddObjProps(IPropData *iface, LPSPropTagArray lpPropTagArray,
                                             LPSPropProblemArray *lppProblems)
{
    propdata *This = impl_from_IPropData(iface);
    SPropProblemArray *problems = NULL;
    SPropValue v;
    prop_entry *e;
    HRESULT hr = S_OK;
    ULONG i;

    if (lppProblems) *lppProblems = NULL;
    if (!lpPropTagArray || bad_tag_array(lpPropTagArray))
    {
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_ADDOBJPROPS, "HrAddObjProps: NULL or bad array");
        goto done;
    }
    for (i = 0; i < lpPropTagArray->cValues; i++)
        if (PROP_TYPE(lpPropTagArray->aulPropTag[i]) != PT_OBJECT)
        {
            hr = set_error(This, MAPI_E_INVALID_TYPE, CTX_ADDOBJPROPS, "HrAddObjProps: a tag is not PT_OBJECT");
            goto done;
        }
    EnterCriticalSection(&This->cs);
    if (This->obj_access != IPROP_READWRITE)
    {
        LeaveCriticalSection(&This->cs);
        hr = set_error(This, MAPI_E_NO_ACCESS, CTX_ADDOBJPROPS, "HrAddObjProps: the object is read-only");
        goto done;
    }
    if (!propdata_reserve_entries(This, lpPropTagArray->cValues))
    {
        LeaveCriticalSection(&This->cs);
        hr = set_error(This, MAPI_E_NOT_ENOUGH_MEMORY, CTX_ADDOBJPROPS, "HrAddObjProps: out of memory");
        goto done;
    }
    memset(&v, 0, sizeof(v));
    for (i = 0; i < lpPropTagArray->cValues; i++)
    {
        v.ulPropTag = lpPropTagArray->aulPropTag[i];
        if (!(e = propdata_find_entry(This, PROP_ID(v.ulPropTag))))
            e = propdata_add_entry(This, v.ulPropTag);
        else if (!(e->access & ENTRY_DELETED) && (e->access & IPROP_READONLY))
        {
            if (lppProblems && !problems) problems = new_problems(This, lpPropTagArray->cValues - i);
            add_problem(problems, i, v.ulPropTag, MAPI_E_NO_ACCESS);
            hr = MAPI_W_PARTIAL_COMPLETION;
            continue;
        }
        propdata_set_entry(This, e, &v, 0);
    }
    propdata_arena_compact(This);
    LeaveCriticalSection(&This->cs);
    if (lppProblems) *lppProblems = problems;
done:
    TRACE("(%p, %p, %p) -> %#lx", iface, lpPropTagArray, lppProblems, hr);
    return hr;
}

static const IPropDataVtbl propdata_vtbl =
{
    propdata_QueryInterface,
    propdata_AddRef,
    propdata_Release,
    propdata_GetLastError,
    propdata_SaveChanges,
    propdata_GetProps,
    propdata_GetPropList,
    propdata_OpenProperty,
    propdata_SetProps,
    propdata_DeleteProps,
    propdata_CopyTo,
    propdata_CopyProps,
    propdata_GetNamesFromIDs,
    propdata_GetIDsFromNames,
    propdata_HrSetObjAccess,
    propdata_HrSetPropAccess,
    propdata_HrGetPropAccess,
    propdata_HrAddObjProps,
};

/* Creates an empty, read/write IPropData whose results come from the
 * allocators given (createiprop.md). lpInterface is IID_IMAPIPropData or
 * NULL. */
SCODE WINAPI CreateIProp(LPCIID lpInterface, ALLOCATEBUFFER *lpAllocateBuffer, ALLOCATEMORE *lpAllocateMore,
                         FREEBUFFER *lpFreeBuffer, LPVOID lpvReserved, LPPROPDATA *lppPropData)
{
    propdata *This;
    SCODE sc = S_OK;

    if (lppPropData) *lppPropData = NULL;
    if (lpInterface && (IsBadReadPtr(lpInterface, sizeof(IID)) || !IsEqualIID(lpInterface, &IID_IMAPIPropData)))
        sc = MAPI_E_INTERFACE_NOT_SUPPORTED;
    else if (!lpAllocateBuffer || !lpAllocateMore || !lpFreeBuffer || lpvReserved || !lppPropData)
        sc = MAPI_E_INVALID_PARAMETER;
    else if (!(This = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*This))))
        sc = MAPI_E_NOT_ENOUGH_MEMORY;
    else
    {
        This->IPropData_iface.lpVtbl = (IPropDataVtbl *)&propdata_vtbl;
        This->refcount = 1;
        This->alloc_buffer = lpAllocateBuffer;
        This->alloc_more = lpAllocateMore;
        This->free_buffer = lpFreeBuffer;
        This->obj_access = IPROP_READWRITE;
        InitializeCriticalSection(&This->cs);
        *lppPropData = &This->IPropData_iface;
    }
    TRACE("(%p, %p, %p, %p, %p, %p) -> %#lx, %p", lpInterface, lpAllocateBuffer, lpAllocateMore, lpFreeBuffer,
          lpvReserved, lppPropData, sc, lppPropData ? *lppPropData : NULL);
    return sc;
}
