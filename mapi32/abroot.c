/*
 * MAPI's root of the address book: the root section of the profile that
 * keeps the search path, the PAB and the default directory (PR_AB_SEARCH_PATH,
 * PR_AB_DEFAULT_PAB, PR_AB_DEFAULT_DIR, mapi-spec.md 4.3), and MAPI's root
 * container, whose hierarchy table lists every provider's top-level
 * containers.
 */
#define COBJMACROS
#include <stddef.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "mapi32_private.h"
#include "addrbook.h"
#include "addrbook_private.h"
#include "mapierror.h"
#include "profile_store.h"
#include "session.h"

#include <mapiguid.h>
#include <mapiutil.h>

/* ---- MAPI's root section: search path, PAB, default directory ---- */

HRESULT root_get(struct addrbook *ab, ULONG tag, SPropValue **v)
{
    HKEY key;
    HRESULT hr;

    *v = NULL;
    if ((hr = profstore_open_section(ab->prof->key, &profstore_root_uid, FALSE, FALSE, &key))) return hr;
    hr = profstore_get_one(key, tag, v);
    RegCloseKey(key);
    if (!hr && (*v)->ulPropTag != tag) {
        HeapFree(GetProcessHeap(), 0, *v);
        *v = NULL;
        hr = MAPI_E_NOT_FOUND;
    }
    return hr;
}

HRESULT root_set(struct addrbook *ab, const SPropValue *v)
{
    HKEY key;
    HRESULT hr;

    profstore_lock();
    if (!(hr = profstore_open_section(ab->prof->key, &profstore_root_uid, TRUE, TRUE, &key))) {
        hr = profstore_set_one(key, v);
        RegCloseKey(key);
    }
    profstore_unlock();
    return hr;
}

void path_free(struct path *p)
{
    ULONG i;

    for (i = 0; i < p->count; i++) MAPIFreeBuffer(p->rows[i]);
    HeapFree(GetProcessHeap(), 0, p->rows);
    memset(p, 0, sizeof(*p));
}

static BOOL path_add(struct path *p, SPropValue *props, ULONG *cap)
{
    ULONG i, cb = props[C_ENTRYID].Value.bin.cb;

    for (i = 0; i < p->count; i++)
        if (p->rows[i][C_ENTRYID].Value.bin.cb == cb &&
            !memcmp(p->rows[i][C_ENTRYID].Value.bin.lpb, props[C_ENTRYID].Value.bin.lpb, cb)) {
            MAPIFreeBuffer(props);
            return TRUE;
        }
    if (!grow((void **)&p->rows, p->count, cap, sizeof(*p->rows))) {
        MAPIFreeBuffer(props);
        return FALSE;
    }
    p->rows[p->count++] = props;
    return TRUE;
}

/* iaddrbook-getsearchpath.md: the stored path, each container checked
 * (those that no longer open are left out); without one, the first
 * modifiable container (the PAB), then every container that holds
 * recipients, provider by provider in profile order. */
HRESULT path_get(struct addrbook *ab, struct walk *w, struct path *p)
{
    SPropValue *stored = NULL, *props;
    ULONG cap = 0, i;
    LONG pab = -1, at;
    HRESULT hr = S_OK;

    memset(p, 0, sizeof(*p));
    if (!root_get(ab, PR_AB_SEARCH_PATH, &stored)) {
        for (i = 0; i < stored->Value.MVbin.cValues && !hr; i++) {
            SBinary *b = &stored->Value.MVbin.lpbin[i];
            if (!b->cb) continue;
            if ((at = walk_find(w, b->cb, b->lpb)) >= 0) hr = dup_props(w->conts[at].props, C_COUNT, &props);
            else if (open_cont_props(ab, b->cb, (ENTRYID *)b->lpb, &props)) continue;
            if (!hr && !path_add(p, props, &cap)) hr = MAPI_E_NOT_ENOUGH_MEMORY;
        }
        HeapFree(GetProcessHeap(), 0, stored);
    } else {
        for (i = 0; i < w->nconts && pab < 0; i++)
            if (cont_flags(&w->conts[i]) & AB_MODIFIABLE) pab = i;
        if (pab >= 0 && !(hr = dup_props(w->conts[pab].props, C_COUNT, &props)) && !path_add(p, props, &cap))
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
        for (i = 0; i < w->nconts && !hr; i++) {
            if ((LONG)i == pab || (cont_has_flags(&w->conts[i]) && !(cont_flags(&w->conts[i]) & AB_RECIPIENTS)))
                continue;
            if (!(hr = dup_props(w->conts[i].props, C_COUNT, &props)) && !path_add(p, props, &cap))
                hr = MAPI_E_NOT_ENOUGH_MEMORY;
        }
    }
    if (hr) path_free(p);
    return hr;
}

/* Is this still a container of the address book? */
BOOL cont_valid(struct addrbook *ab, const struct walk *w, ULONG cb, const BYTE *eid)
{
    SPropValue *props;

    if (walk_find(w, cb, eid) >= 0) return TRUE;
    if (open_cont_props(ab, cb, (const ENTRYID *)eid, &props)) return FALSE;
    MAPIFreeBuffer(props);
    return TRUE;
}

/* iaddrbook-getpab.md: the stored PAB while it is there, else the first
 * container that allows modifications; -2 with *stored set, else the index
 * of the container, or -1 for none. */
LONG pab_of(struct addrbook *ab, const struct walk *w, SPropValue **stored)
{
    ULONG i;

    *stored = NULL;
    if (!root_get(ab, PR_AB_DEFAULT_PAB, stored)) {
        if ((*stored)->Value.bin.cb && cont_valid(ab, w, (*stored)->Value.bin.cb, (*stored)->Value.bin.lpb))
            return -2;
        HeapFree(GetProcessHeap(), 0, *stored);
        *stored = NULL;
    }
    for (i = 0; i < w->nconts; i++)
        if (cont_flags(&w->conts[i]) & AB_MODIFIABLE) return i;
    return -1;
}

HRESULT copy_eid(ULONG cb, const BYTE *eid, ULONG *cb_out, ENTRYID **out)
{
    HRESULT hr;

    if ((hr = MAPIAllocateBuffer(cb ? cb : 1, (void **)out))) return hr;
    memcpy(*out, eid, cb);
    *cb_out = cb;
    return S_OK;
}

/* ---- MAPI's root container (IABContainer) ---- */

struct rootcont {
    IABContainer IABContainer_iface;
    LONG refcount;
    struct addrbook *ab;
    IPropData *props;
};

static const IABContainerVtbl rootcont_vtbl;

static inline struct rootcont *impl_from_rootcont(IABContainer *iface)
{
    return CONTAINING_RECORD(iface, struct rootcont, IABContainer_iface);
}

HRESULT open_root(struct addrbook *ab, LPCIID iid, ULONG *type, IUnknown **out)
{
    struct rootcont *rc;
    SPropValue v[7];
    HRESULT hr;

    if (iid && !IsEqualIID(iid, &IID_IABContainer) && !IsEqualIID(iid, &IID_IMAPIContainer) &&
        !IsEqualIID(iid, &IID_IMAPIProp) && !IsEqualIID(iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (!(rc = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*rc)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(v, 0, sizeof(v));
    v[0].ulPropTag = PR_ENTRYID;
    v[0].Value.bin.cb = ROOT_EID_SIZE;
    v[0].Value.bin.lpb = (BYTE *)root_eid;
    v[1].ulPropTag = PR_RECORD_KEY;
    v[1].Value.bin = v[0].Value.bin;
    v[2].ulPropTag = PR_OBJECT_TYPE;
    v[2].Value.l = MAPI_ABCONT;
    v[3].ulPropTag = PR_DISPLAY_TYPE;
    v[3].Value.l = DT_NOT_SPECIFIC;
    v[4].ulPropTag = PR_CONTAINER_FLAGS;
    v[4].Value.l = AB_SUBCONTAINERS | AB_UNMODIFIABLE;
    v[5].ulPropTag = PR_DEPTH;
    v[5].Value.l = 0;
    v[6].ulPropTag = PR_DISPLAY_NAME_W;
    v[6].Value.lpszW = (WCHAR *)L"";
    if ((hr = make_props(v, 7, &rc->props))) {
        HeapFree(GetProcessHeap(), 0, rc);
        return hr;
    }
    rc->IABContainer_iface.lpVtbl = (IABContainerVtbl *)&rootcont_vtbl;
    rc->refcount = 1;
    rc->ab = ab;
    IAddrBook_AddRef(&ab->IAddrBook_iface);
    *type = MAPI_ABCONT;
    *out = (IUnknown *)&rc->IABContainer_iface;
    return S_OK;
}

static HRESULT WINAPI rootcont_QueryInterface(IABContainer *iface, REFIID riid, void **out)
{
    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!riid) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) ||
        IsEqualIID(riid, &IID_IMAPIContainer) || IsEqualIID(riid, &IID_IABContainer)) {
        *out = iface;
        IABContainer_AddRef(iface);
        return S_OK;
    }
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI rootcont_AddRef(IABContainer *iface)
{
    return InterlockedIncrement(&impl_from_rootcont(iface)->refcount);
}

static ULONG WINAPI rootcont_Release(IABContainer *iface)
{
    struct rootcont *rc = impl_from_rootcont(iface);
    ULONG ref = InterlockedDecrement(&rc->refcount);

    if (!ref) {
        IPropData_Release(rc->props);
        IAddrBook_Release(&rc->ab->IAddrBook_iface);
        HeapFree(GetProcessHeap(), 0, rc);
    }
    return ref;
}

static HRESULT WINAPI rootcont_GetLastError(IABContainer *iface, HRESULT hr, ULONG flags, LPMAPIERROR *out)
{
    return IPropData_GetLastError(impl_from_rootcont(iface)->props, hr, flags, out);
}

FORWARD_PROPS(rootcont, IABContainer, impl_from_rootcont)

/* MAPI's root holds no recipients of its own. */
static HRESULT WINAPI rootcont_GetContentsTable(IABContainer *iface, ULONG flags, LPMAPITABLE *out)
{
    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS | MAPI_ASSOCIATED)) return MAPI_E_UNKNOWN_FLAGS;
    return MAPI_E_NO_SUPPORT;
}

#define HCOLS 8

/* opening-an-address-book-container.md: every top-level container of the
 * address book (CONVENIENT_DEPTH: all levels, PR_DEPTH from the providers). */
static HRESULT WINAPI rootcont_GetHierarchyTable(IABContainer *iface, ULONG flags, LPMAPITABLE *out)
{
    struct rootcont *rc = impl_from_rootcont(iface);
    BOOL unicode = (flags & MAPI_UNICODE) != 0;
    SizedSPropTagArray(HCOLS, cols) = {HCOLS, {PR_INSTANCE_KEY, PR_ENTRYID, PR_DISPLAY_NAME_W, PR_OBJECT_TYPE,
                                               PR_DISPLAY_TYPE, PR_CONTAINER_FLAGS, PR_DEPTH, PR_AB_PROVIDER_ID}};
    ITableData *td = NULL;
    struct walk w;
    HRESULT hr;
    ULONG i, j;

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS | CONVENIENT_DEPTH | SHOW_SOFT_DELETES))
        return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = ab_ended(rc->ab))) return hr;
    if (!unicode) cols.aulPropTag[2] = PR_DISPLAY_NAME_A;
    if ((hr = walk_create(rc->ab, (flags & CONVENIENT_DEPTH) != 0, &w))) return hr;
    hr = CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                     TBLTYPE_SNAPSHOT, PR_INSTANCE_KEY, (SPropTagArray *)&cols, &td);
    for (i = 0; i < w.nconts && !hr; i++) {
        SPropValue row[HCOLS], *conv;
        SRow srow;
        ULONG n = 0;

        row[n].ulPropTag = PR_INSTANCE_KEY;
        row[n].dwAlignPad = 0;
        row[n].Value.bin.cb = sizeof(i);
        row[n++].Value.bin.lpb = (BYTE *)&i;
        for (j = 0; j < C_COUNT; j++)
            if (PROP_TYPE(w.conts[i].props[j].ulPropTag) != PT_ERROR) row[n++] = w.conts[i].props[j];
        if ((hr = props_convert(row, n, unicode, &conv))) break;
        srow.ulAdrEntryPad = 0;
        srow.cValues = n;
        srow.lpProps = conv;
        hr = ITableData_HrModifyRow(td, &srow);
        MAPIFreeBuffer(conv);
    }
    if (!hr) hr = ITableData_HrGetView(td, NULL, NULL, 0, out);
    if (td) ITableData_Release(td);
    walk_free(&w);
    return hr;
}

static HRESULT WINAPI rootcont_OpenEntry(IABContainer *iface, ULONG cb, LPENTRYID eid, LPCIID iid, ULONG flags,
                                         ULONG *type, LPUNKNOWN *out)
{
    struct rootcont *rc = impl_from_rootcont(iface);
    return IAddrBook_OpenEntry(&rc->ab->IAddrBook_iface, cb, eid, iid, flags, type, out);
}

static HRESULT WINAPI rootcont_SetSearchCriteria(IABContainer *iface, LPSRestriction res, LPENTRYLIST list,
                                                 ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI rootcont_GetSearchCriteria(IABContainer *iface, ULONG flags, LPSRestriction *res,
                                                 LPENTRYLIST *list, ULONG *state)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI rootcont_CreateEntry(IABContainer *iface, ULONG cb, LPENTRYID eid, ULONG flags,
                                           LPMAPIPROP *out)
{
    if (out) *out = NULL;
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI rootcont_CopyEntries(IABContainer *iface, LPENTRYLIST list, ULONG_PTR ui,
                                           LPMAPIPROGRESS progress, ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI rootcont_DeleteEntries(IABContainer *iface, LPENTRYLIST list, ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI rootcont_ResolveNames(IABContainer *iface, LPSPropTagArray tags, ULONG flags, LPADRLIST list,
                                            LPFlagList flaglist)
{
    return MAPI_E_NO_SUPPORT;
}

static const IABContainerVtbl rootcont_vtbl = {
    rootcont_QueryInterface,
    rootcont_AddRef,
    rootcont_Release,
    rootcont_GetLastError,
    rootcont_SaveChanges,
    rootcont_GetProps,
    rootcont_GetPropList,
    rootcont_OpenProperty,
    rootcont_SetProps,
    rootcont_DeleteProps,
    rootcont_CopyTo,
    rootcont_CopyProps,
    rootcont_GetNamesFromIDs,
    rootcont_GetIDsFromNames,
    rootcont_GetContentsTable,
    rootcont_GetHierarchyTable,
    rootcont_OpenEntry,
    rootcont_SetSearchCriteria,
    rootcont_GetSearchCriteria,
    rootcont_CreateEntry,
    rootcont_CopyEntries,
    rootcont_DeleteEntries,
    rootcont_ResolveNames,
};
