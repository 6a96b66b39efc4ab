/* IPropData's CopyTo and CopyProps (propdata.c): copying or moving its
 * properties to another IMAPIProp (imapiprop-copyto.md, imapiprop-copyprops.md). */
#include "propdata_private.h"

/* ---- CopyTo and CopyProps ---- */

typedef struct id_set
{
    ULONG bits[0x10000 / 32];
} id_set;

static inline void id_set_add(id_set *s, ULONG id) { s->bits[id >> 5] |= 1u << (id & 31); }
static inline BOOL id_set_has(const id_set *s, ULONG id) { return (s->bits[id >> 5] >> (id & 31)) & 1; }

/* The problem array a copy returns: ours and the destination's, merged. */
typedef struct copy_problems
{
    SPropProblem *items;
    ULONG count, cap;
} copy_problems;

static void copy_problem(copy_problems *p, ULONG index, ULONG tag, SCODE sc)
{
    SPropProblem *items;

    if (p->count == p->cap)
    {
        ULONG cap = p->cap ? p->cap * 2 : 16;
        items = p->items ? HeapReAlloc(GetProcessHeap(), 0, p->items, cap * sizeof(*items))
                         : heap_alloc(cap * sizeof(*items));
        if (!items) return;
        p->items = items;
        p->cap = cap;
    }
    p->items[p->count].ulIndex = index;
    p->items[p->count].ulPropTag = tag;
    p->items[p->count].scode = sc;
    p->count++;
}

static inline HRESULT unk_query(void *obj, REFIID riid, void **out)
{
    *out = NULL;
    return ((IUnknown *)obj)->lpVtbl->QueryInterface((IUnknown *)obj, riid, out);
}

/* The process heap, for CopyTo's private snapshot. */
static void *alloc_heap(propdata *This, ULONGLONG size)
{
    return size > (SIZE_T)-1 ? NULL : heap_alloc((SIZE_T)size ? (SIZE_T)size : 1);
}

/* Copies or moves properties to another IMAPIProp: 'include' (by PROP_ID,
 * in its order) or everything but 'exclude'. The source is copied aside under
 * the lock and the lock is dropped before the destination is called, so two
 * objects copying to each other cannot deadlock. Problem indexes are positions
 * in 'include', or for CopyTo in the list of properties copied. */
static HRESULT copy_props(propdata *This, const SPropTagArray *include, const SPropTagArray *exclude,
                          BOOL use_propdata, LPCIID lpInterface, void *lpDestObj, ULONG flags,
                          LPSPropProblemArray *lppProblems, ULONG context)
{
    IUnknown *dest_unk = NULL, *dest_iface = NULL;
    IMAPIProp *dest = NULL;
    IPropData *dest_pd = NULL;
    SPropProblemArray *dprobs = NULL, *out_probs;
    SPropTagArray *dest_tags = NULL, *obj_tags = NULL;
    SPropValue *snap = NULL, *vals = NULL;
    ULONG *origin = NULL, *sel = NULL, *obj_sel = NULL, n_snap = 0, n_vals = 0, n_obj = 0, i, j, k, want;
    id_set *ids = NULL, *failed = NULL;
    copy_problems probs = {0};
    prop_entry **picked = NULL, *e;
    ULONGLONG total;
    BYTE *data;
    HRESULT hr;

    /* The destination: the interface asked for, then IMAPIProp to use it. */
    if (FAILED(unk_query(lpDestObj, lpInterface, (void **)&dest_iface)) || !dest_iface)
        return set_error(This, MAPI_E_INTERFACE_NOT_SUPPORTED, context,
                         "Copy: the destination does not support the interface");
    dest_iface->lpVtbl->Release(dest_iface);
    if (SUCCEEDED(unk_query(lpDestObj, &IID_IUnknown, (void **)&dest_unk)) && dest_unk)
    {
        BOOL same = dest_unk == (IUnknown *)&This->IPropData_iface;
        dest_unk->lpVtbl->Release(dest_unk);
        if (same) return set_error(This, MAPI_E_NO_ACCESS, context, "Copy: the destination is the source");
    }
    if (FAILED(unk_query(lpDestObj, &IID_IMAPIProp, (void **)&dest)) || !dest)
        return set_error(This, MAPI_E_INTERFACE_NOT_SUPPORTED, context,
                         "Copy: the destination is not an IMAPIProp");
    if (use_propdata &&
        FAILED(unk_query(lpDestObj, &IID_IMAPIPropData, (void **)&dest_pd)))
        dest_pd = NULL;

    if (!(ids = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*ids))))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }

    /* Snapshot of what to copy. */
    EnterCriticalSection(&This->cs);
    if ((flags & MAPI_MOVE) && This->obj_access != IPROP_READWRITE)
    {
        LeaveCriticalSection(&This->cs);
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    want = include ? include->cValues : This->n_live;
    picked = heap_alloc((want ? want : 1) * sizeof(*picked));
    origin = heap_alloc((want ? want : 1) * sizeof(*origin));
    if (!picked || !origin)
    {
        LeaveCriticalSection(&This->cs);
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    if (exclude)
        for (i = 0; i < exclude->cValues; i++) id_set_add(ids, PROP_ID(exclude->aulPropTag[i]));
    total = 0;
    if (include)
    {
        for (i = 0; i < include->cValues; i++)
        {
            if (!(e = find_live(This, PROP_ID(include->aulPropTag[i]))))
                copy_problem(&probs, i, include->aulPropTag[i], MAPI_E_NOT_FOUND);
            else
            {
                origin[n_snap] = i;
                picked[n_snap++] = e;
                total += e->cb;
            }
        }
    }
    else
    {
        for (e = This->entries; e < This->entries + This->n_entries; e++)
        {
            if ((e->access & ENTRY_DELETED) || id_set_has(ids, PROP_ID(e->value.ulPropTag))) continue;
            origin[n_snap] = n_snap;
            picked[n_snap++] = e;
            total += e->cb;
        }
    }
    total += (ULONGLONG)n_snap * sizeof(SPropValue);
    if (!(snap = alloc_heap(This, total)))
    {
        LeaveCriticalSection(&This->cs);
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    data = (BYTE *)(snap + n_snap);
    for (i = 0; i < n_snap; i++)
        data = propdata_fill_value(&snap[i], picked[i], PROP_TYPE(picked[i]->value.ulPropTag), data);
    LeaveCriticalSection(&This->cs);

    /* MAPI_NOREPLACE: leave out what the destination already has. */
    memset(ids, 0, sizeof(*ids));
    if (flags & MAPI_NOREPLACE)
    {
        if (FAILED(hr = IMAPIProp_GetPropList(dest, 0, &dest_tags)) &&
            FAILED(hr = IMAPIProp_GetPropList(dest, MAPI_UNICODE, &dest_tags)))
            goto done;
        for (i = 0; dest_tags && i < dest_tags->cValues; i++) id_set_add(ids, PROP_ID(dest_tags->aulPropTag[i]));
        propdata_free_foreign(dest, dest_tags);
    }

    /* Values go through SetProps; PT_OBJECT markers through HrAddObjProps when
     * the destination is an IPropData too, and are left out otherwise. */
    vals = heap_alloc((n_snap ? n_snap : 1) * sizeof(*vals));
    sel = heap_alloc((n_snap ? n_snap : 1) * sizeof(*sel));
    obj_sel = heap_alloc((n_snap ? n_snap : 1) * sizeof(*obj_sel));
    if (FAILED(This->alloc_buffer(CbNewSPropTagArray(n_snap), (void **)&obj_tags))) obj_tags = NULL;
    if (!vals || !sel || !obj_sel || !obj_tags)
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    for (i = 0; i < n_snap; i++)
    {
        if (id_set_has(ids, PROP_ID(snap[i].ulPropTag))) continue;
        if (PROP_TYPE(snap[i].ulPropTag) == PT_OBJECT)
        {
            if (!dest_pd) continue;
            obj_sel[n_obj] = i;
            obj_tags->aulPropTag[n_obj++] = snap[i].ulPropTag;
            continue;
        }
        sel[n_vals] = i;
        vals[n_vals++] = snap[i];
    }
    obj_tags->cValues = n_obj;

    if (!(failed = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*failed))))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    if (n_vals)
    {
        if (FAILED(hr = IMAPIProp_SetProps(dest, n_vals, vals, &dprobs))) goto done;
        for (k = 0; dprobs && k < dprobs->cProblem; k++)
        {
            j = dprobs->aProblem[k].ulIndex;
            if (j >= n_vals) continue;
            id_set_add(failed, PROP_ID(vals[j].ulPropTag));
            copy_problem(&probs, origin[sel[j]], vals[j].ulPropTag, dprobs->aProblem[k].scode);
        }
        propdata_free_foreign(dest, dprobs);
        dprobs = NULL;
    }
    if (n_obj)
    {
        if (FAILED(hr = IPropData_HrAddObjProps(dest_pd, obj_tags, &dprobs))) goto done;
        for (k = 0; dprobs && k < dprobs->cProblem; k++)
        {
            j = dprobs->aProblem[k].ulIndex;
            if (j >= n_obj) continue;
            id_set_add(failed, PROP_ID(obj_tags->aulPropTag[j]));
            copy_problem(&probs, origin[obj_sel[j]], obj_tags->aulPropTag[j], dprobs->aProblem[k].scode);
        }
        propdata_free_foreign(dest, dprobs);
        dprobs = NULL;
    }

    /* MAPI_MOVE: the source loses what arrived. */
    if (flags & MAPI_MOVE)
    {
        EnterCriticalSection(&This->cs);
        for (i = 0; i < n_snap; i++)
        {
            ULONG tag = snap[i].ulPropTag;
            if (id_set_has(ids, PROP_ID(tag)) || id_set_has(failed, PROP_ID(tag))) continue;
            if (PROP_TYPE(tag) == PT_OBJECT && !dest_pd) continue;
            if (!(e = find_live(This, PROP_ID(tag)))) continue;
            if (e->access & IPROP_READONLY) copy_problem(&probs, origin[i], tag, MAPI_E_NO_ACCESS);
            else propdata_delete_entry(This, e);
        }
        propdata_arena_compact(This);
        LeaveCriticalSection(&This->cs);
    }
    hr = S_OK;
    if (lppProblems && probs.count && SUCCEEDED(This->alloc_buffer(CbNewSPropProblemArray(probs.count),
                                                                     (void **)&out_probs)))
    {
        out_probs->cProblem = probs.count;
        memcpy(out_probs->aProblem, probs.items, probs.count * sizeof(SPropProblem));
        *lppProblems = out_probs;
    }

done:
    if (dprobs) propdata_free_foreign(dest, dprobs);
    if (obj_tags) This->free_buffer(obj_tags);
    heap_free(vals);
    heap_free(sel);
    heap_free(obj_sel);
    heap_free(snap);
    heap_free(picked);
    heap_free(origin);
    heap_free(ids);
    heap_free(failed);
    heap_free(probs.items);
    if (dest_pd) IPropData_Release(dest_pd);
    if (dest) IMAPIProp_Release(dest);
    if (FAILED(hr)) set_error(This, hr, context, "Copy: the copy failed");
    return hr;
}

#define COPY_FLAGS (MAPI_MOVE | MAPI_NOREPLACE | MAPI_DECLINE_OK | MAPI_DIALOG)

/* Copies or moves every property but the excluded ones to another IMAPIProp
 * (imapiprop-copyto.md). Copying onto itself is MAPI_E_NO_ACCESS. */
HRESULT WINAPI propdata_CopyTo(IPropData *iface, ULONG ciidExclude, LPCIID rgiidExclude,
                               LPSPropTagArray lpExcludeProps, ULONG_PTR ulUIParam,
                               LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj,
                               ULONG ulFlags, LPSPropProblemArray *lppProblems)
{
    propdata *This = impl_from_IPropData(iface);
    BOOL use_propdata = TRUE;
    HRESULT hr;
    ULONG i;

    if (lppProblems) *lppProblems = NULL;
    if (!lpInterface || !lpDestObj || (ciidExclude && (!rgiidExclude ||
        IsBadReadPtr(rgiidExclude, (SIZE_T)ciidExclude * sizeof(IID)))))
    {
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_COPYTO, "CopyTo: NULL interface or destination");
        goto done;
    }
    if (ulFlags & ~COPY_FLAGS)
    {
        hr = set_error(This, MAPI_E_UNKNOWN_FLAGS, CTX_COPYTO, "CopyTo: unknown flags");
        goto done;
    }
    if (lpExcludeProps && (bad_tag_array(lpExcludeProps) || !lpExcludeProps->cValues))
    {
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_COPYTO, "CopyTo: bad or empty exclude array");
        goto done;
    }
    for (i = 0; lpExcludeProps && i < lpExcludeProps->cValues; i++)
        if (lpExcludeProps->aulPropTag[i] == PR_NULL)
        {
            hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_COPYTO, "CopyTo: PR_NULL excluded");
            goto done;
        }
    for (i = 0; i < ciidExclude; i++)
    {
        /* Without IMAPIProp nothing is left to copy through. */
        if (IsEqualIID(&rgiidExclude[i], &IID_IMAPIProp) || IsEqualIID(&rgiidExclude[i], &IID_IUnknown))
        {
            hr = set_error(This, MAPI_E_INTERFACE_NOT_SUPPORTED, CTX_COPYTO,
                           "CopyTo: every interface is excluded");
            goto done;
        }
        if (IsEqualIID(&rgiidExclude[i], &IID_IMAPIPropData)) use_propdata = FALSE;
    }
    hr = copy_props(This, NULL, lpExcludeProps, use_propdata, lpInterface, lpDestObj, ulFlags, lppProblems,
                    CTX_COPYTO);
done:
    TRACE("(%p, %lu, %p, %p, %p, %p, %p, %p, %#lx, %p) -> %#lx", iface, ciidExclude, rgiidExclude,
          lpExcludeProps, (void *)ulUIParam, lpProgress, lpInterface, lpDestObj, ulFlags, lppProblems, hr);
    return hr;
}

/* Copies or moves the properties named to another IMAPIProp; one the source
 * lacks is a MAPI_E_NOT_FOUND problem (imapiprop-copyprops.md). */
HRESULT WINAPI propdata_CopyProps(IPropData *iface, LPSPropTagArray lpIncludeProps, ULONG_PTR ulUIParam,
                                  LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj,
                                  ULONG ulFlags, LPSPropProblemArray *lppProblems)
{
    propdata *This = impl_from_IPropData(iface);
    HRESULT hr;
    ULONG i;

    if (lppProblems) *lppProblems = NULL;
    if (!lpInterface || !lpDestObj || !lpIncludeProps || bad_tag_array(lpIncludeProps) ||
        !lpIncludeProps->cValues)
    {
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_COPYPROPS,
                       "CopyProps: NULL interface, destination or tag array");
        goto done;
    }
    if (ulFlags & ~COPY_FLAGS)
    {
        hr = set_error(This, MAPI_E_UNKNOWN_FLAGS, CTX_COPYPROPS, "CopyProps: unknown flags");
        goto done;
    }
    for (i = 0; i < lpIncludeProps->cValues; i++)
        if (lpIncludeProps->aulPropTag[i] == PR_NULL)
        {
            hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_COPYPROPS, "CopyProps: PR_NULL included");
            goto done;
        }
    hr = copy_props(This, lpIncludeProps, NULL, TRUE, lpInterface, lpDestObj, ulFlags, lppProblems,
                    CTX_COPYPROPS);
done:
    TRACE("(%p, %p, %p, %p, %p, %p, %#lx, %p) -> %#lx", iface, lpIncludeProps, (void *)ulUIParam, lpProgress,
          lpInterface, lpDestObj, ulFlags, lppProblems, hr);
    return hr;
}
