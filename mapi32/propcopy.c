/* IMAPIProp::CopyTo and CopyProps for objects that keep no copy of their own
 * properties (profile sections; later the support object's DoCopyTo):
 * read from the source, write to the destination through its interface. */
#include "mapi32_private.h"
#include "propcopy.h"

#include <mapiutil.h>

static BOOL in_list(const SPropTagArray *list, ULONG tag)
{
    ULONG i;
    if (!list) return FALSE;
    for (i = 0; i < list->cValues; i++)
        if (PROP_ID(list->aulPropTag[i]) == PROP_ID(tag)) return TRUE;
    return FALSE;
}

HRESULT propcopy_copy(IMAPIProp *src, const SPropTagArray *include, const SPropTagArray *exclude,
                      IMAPIProp *dest, ULONG flags, SPropProblemArray **problems)
{
    SPropTagArray *all = NULL, *tags = NULL;
    SPropValue *vals = NULL, *existing = NULL;
    ULONG n = 0, i, k = 0, nexisting;
    HRESULT hr;

    if (problems) *problems = NULL;
    if (!include) {
        if ((hr = src->lpVtbl->GetPropList(src, MAPI_UNICODE, &all))) return hr;
        include = all;
    }
    if ((hr = MAPIAllocateBuffer(CbNewSPropTagArray(include->cValues), (void **)&tags))) goto done;
    for (i = 0; i < include->cValues; i++)
        if (!in_list(exclude, include->aulPropTag[i])) tags->aulPropTag[k++] = include->aulPropTag[i];
    tags->cValues = k;

    /* MAPI_NOREPLACE: leave what the destination already has. */
    if ((flags & MAPI_NOREPLACE) && k) {
        hr = dest->lpVtbl->GetProps(dest, tags, MAPI_UNICODE, &nexisting, &existing);
        if (FAILED(hr)) goto done;
        k = 0;
        for (i = 0; i < nexisting; i++)
            if (PROP_TYPE(existing[i].ulPropTag) == PT_ERROR) tags->aulPropTag[k++] = tags->aulPropTag[i];
        tags->cValues = k;
    }
    hr = S_OK;
    if (!k) goto done;

    hr = src->lpVtbl->GetProps(src, tags, MAPI_UNICODE, &n, &vals);
    if (FAILED(hr)) goto done;
    /* Only what the source has is copied. */
    k = 0;
    for (i = 0; i < n; i++)
        if (PROP_TYPE(vals[i].ulPropTag) != PT_ERROR) vals[k++] = vals[i];
    hr = S_OK;
    if (!k) goto done;
    if ((hr = dest->lpVtbl->SetProps(dest, k, vals, problems))) goto done;
    if (flags & MAPI_MOVE) {
        for (i = 0; i < k; i++) tags->aulPropTag[i] = vals[i].ulPropTag;
        tags->cValues = k;
        hr = src->lpVtbl->DeleteProps(src, tags, NULL);
    }
done:
    MAPIFreeBuffer(all);
    MAPIFreeBuffer(tags);
    MAPIFreeBuffer(vals);
    MAPIFreeBuffer(existing);
    return hr;
}
