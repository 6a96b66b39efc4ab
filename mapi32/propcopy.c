/* IMAPIProp::CopyTo and CopyProps for objects that keep no copy of their own
 * properties (profile sections; the support object's DoCopyTo / DoCopyProps):
 * read from the source, write to the destination through its interface. */
#define COBJMACROS
#include <string.h>

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

/* Stores answer MAPI_E_NOT_ENOUGH_MEMORY in GetProps for a value too big to
 * hand out whole (imapiprop-getprops.md): it is there, to be read as a stream. */
static BOOL too_big(const SPropValue *v, ULONG asked)
{
    ULONG type = PROP_TYPE(asked);

    return PROP_TYPE(v->ulPropTag) == PT_ERROR && v->Value.err == MAPI_E_NOT_ENOUGH_MEMORY &&
           (type == PT_BINARY || type == PT_STRING8 || type == PT_UNICODE);
}

/* One such value, stream to stream. */
static HRESULT copy_stream(IMAPIProp *src, IMAPIProp *dest, ULONG tag)
{
    IStream *in = NULL, *out = NULL;
    ULARGE_INTEGER all;
    HRESULT hr;

    all.QuadPart = ~(ULONGLONG)0;
    if ((hr = src->lpVtbl->OpenProperty(src, tag, &IID_IStream, STGM_READ, 0, (IUnknown **)&in))) return hr;
    hr = dest->lpVtbl->OpenProperty(dest, tag, &IID_IStream, STGM_CREATE | STGM_READWRITE,
                                    MAPI_CREATE | MAPI_MODIFY, (IUnknown **)&out);
    if (!hr && (!in || !out)) hr = MAPI_E_CALL_FAILED;
    if (!hr) hr = IStream_CopyTo(in, out, all, NULL, NULL);
    if (!hr) hr = IStream_Commit(out, STGC_DEFAULT);
    if (out) IStream_Release(out);
    if (in) IStream_Release(in);
    return hr;
}

/* A problem for the caller's array (which the destination's SetProps may
 * have started), or none when the caller asked for none. */
static void add_problem(SPropProblemArray **problems, ULONG index, ULONG tag, SCODE sc)
{
    SPropProblemArray *old, *p;
    ULONG n;

    if (!problems) return;
    old = *problems;
    n = old ? old->cProblem : 0;
    if (MAPIAllocateBuffer(CbNewSPropProblemArray(n + 1), (void **)&p)) return;
    if (n) memcpy(p->aProblem, old->aProblem, n * sizeof(SPropProblem));
    p->aProblem[n].ulIndex = index;
    p->aProblem[n].ulPropTag = tag;
    p->aProblem[n].scode = sc;
    p->cProblem = n + 1;
    MAPIFreeBuffer(old);
    *problems = p;
}

HRESULT propcopy_copy(IMAPIProp *src, const SPropTagArray *include, const SPropTagArray *exclude,
                      IMAPIProp *dest, ULONG flags, SPropProblemArray **problems)
{
    SPropTagArray *all = NULL, *tags = NULL, *moved = NULL;
    SPropValue *vals = NULL, *existing = NULL;
    ULONG n = 0, i, k = 0, nexisting, nmoved = 0;
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

    /* MAPI_NOREPLACE: leave what the destination already has (a value too
     * big for GetProps is there too). */
    if ((flags & MAPI_NOREPLACE) && k) {
        hr = dest->lpVtbl->GetProps(dest, tags, MAPI_UNICODE, &nexisting, &existing);
        if (FAILED(hr)) goto done;
        k = 0;
        for (i = 0; i < nexisting; i++)
            if (PROP_TYPE(existing[i].ulPropTag) == PT_ERROR && existing[i].Value.err != MAPI_E_NOT_ENOUGH_MEMORY)
                tags->aulPropTag[k++] = tags->aulPropTag[i];
        tags->cValues = k;
    }
    hr = S_OK;
    if (!k) goto done;

    hr = src->lpVtbl->GetProps(src, tags, MAPI_UNICODE, &n, &vals);
    if (FAILED(hr)) goto done;
    if ((hr = MAPIAllocateBuffer(CbNewSPropTagArray(n), (void **)&moved))) goto done;
    /* Only what the source has is copied; big values go through streams,
     * after the others. */
    k = 0;
    for (i = 0; i < n && i < tags->cValues; i++) {
        if (too_big(&vals[i], tags->aulPropTag[i])) moved->aulPropTag[nmoved++] = tags->aulPropTag[i];
        else if (PROP_TYPE(vals[i].ulPropTag) != PT_ERROR) vals[k++] = vals[i];
    }
    hr = S_OK;
    if (k && (hr = dest->lpVtbl->SetProps(dest, k, vals, problems))) goto done;
    for (i = 0; i < nmoved; i++) {
        HRESULT one = copy_stream(src, dest, moved->aulPropTag[i]);

        if (one) {
            TRACE("%#lx not copied as a stream: %#lx", moved->aulPropTag[i], one);
            add_problem(problems, i, moved->aulPropTag[i], one);
            moved->aulPropTag[i] = PR_NULL;
        }
    }
    if (flags & MAPI_MOVE) {
        for (i = 0; i < k; i++) tags->aulPropTag[i] = vals[i].ulPropTag;
        for (i = 0; i < nmoved; i++)
            if (moved->aulPropTag[i] != PR_NULL) tags->aulPropTag[k++] = moved->aulPropTag[i];
        tags->cValues = k;
        if (k) hr = src->lpVtbl->DeleteProps(src, tags, NULL);
    }
done:
    MAPIFreeBuffer(all);
    MAPIFreeBuffer(tags);
    MAPIFreeBuffer(moved);
    MAPIFreeBuffer(vals);
    MAPIFreeBuffer(existing);
    return hr;
}
