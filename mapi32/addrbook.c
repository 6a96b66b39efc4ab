/*
 * IAddrBook, MAPI's integrated address book (iaddrbookimapiprop.md,
 * mapi-spec.md 2 and 5): one object over the address book providers of a
 * session, logged on in profile order (session_ab_logons).
 *
 * - OpenEntry: no entry ID (or ours) is MAPI's root container, whose
 *   hierarchy table lists the top-level containers of every provider (the
 *   rows of each provider root's hierarchy table); a one-off entry ID is a
 *   MAPI one-off IMailUser; any other goes, through the session, to the logon
 *   that registered the MAPIUID in its bytes 4..19 (SetProviderUID).
 * - ResolveName without UI: one-off addresses first, then IABContainer::
 *   ResolveNames of each container of the search path, with the PR_ANR
 *   restriction for containers that do not support it.
 * - The search path, the PAB and the default directory are kept in MAPI's
 *   root section of the profile (PR_AB_SEARCH_PATH, PR_AB_DEFAULT_PAB,
 *   PR_AB_DEFAULT_DIR, mapi-spec.md 4.3).
 * - Address, Details, NewEntry, RecipOptions need a UI: MAPI_E_NO_SUPPORT.
 *
 * docs/addrbook.md says what FreeMAPI does where the documentation is silent.
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

/* ---- small helpers ---- */

/* The value with this property ID (any type but PT_ERROR), or NULL. */
SPropValue *ab_find_id(SPropValue *props, ULONG count, ULONG tag)
{
    ULONG i;

    if (!props) return NULL;
    for (i = 0; i < count; i++)
        if (PROP_ID(props[i].ulPropTag) == PROP_ID(tag) && PROP_TYPE(props[i].ulPropTag) != PT_ERROR)
            return &props[i];
    return NULL;
}

SPropValue *ab_find_bin(SPropValue *props, ULONG count, ULONG tag)
{
    SPropValue *v = ab_find_id(props, count, tag);
    return v && PROP_TYPE(v->ulPropTag) == PT_BINARY ? v : NULL;
}

/* A string property as a new UTF-16 string (HeapFree), or NULL. */
WCHAR *ab_string_of(const SPropValue *v)
{
    WCHAR *w;
    int n;

    if (!v) return NULL;
    if (PROP_TYPE(v->ulPropTag) == PT_UNICODE && v->Value.lpszW) {
        n = lstrlenW(v->Value.lpszW) + 1;
        if ((w = HeapAlloc(GetProcessHeap(), 0, n * sizeof(WCHAR)))) memcpy(w, v->Value.lpszW, n * sizeof(WCHAR));
        return w;
    }
    if (PROP_TYPE(v->ulPropTag) == PT_STRING8 && v->Value.lpszA) {
        n = MultiByteToWideChar(CP_ACP, 0, v->Value.lpszA, -1, NULL, 0);
        if ((w = HeapAlloc(GetProcessHeap(), 0, (n ? n : 1) * sizeof(WCHAR)))) {
            w[0] = 0;
            MultiByteToWideChar(CP_ACP, 0, v->Value.lpszA, -1, w, n);
        }
        return w;
    }
    return NULL;
}

WCHAR *ab_wdup(const WCHAR *s, int len)
{
    WCHAR *w;

    if (len < 0) len = lstrlenW(s);
    if (!(w = HeapAlloc(GetProcessHeap(), 0, (len + 1) * sizeof(WCHAR)))) return NULL;
    memcpy(w, s, len * sizeof(WCHAR));
    w[len] = 0;
    return w;
}

/* props[0..count) copied (deep) into one MAPIAllocateBuffer block. */
HRESULT ab_dup_props(const SPropValue *props, ULONG count, SPropValue **out)
{
    SPropValue *copy;
    HRESULT hr;
    ULONG i;

    *out = NULL;
    if ((hr = MAPIAllocateBuffer((count ? count : 1) * sizeof(SPropValue), (void **)&copy))) return hr;
    for (i = 0; i < count && !hr; i++) hr = PropCopyMore(&copy[i], (SPropValue *)&props[i], MAPIAllocateMore, copy);
    if (hr) {
        MAPIFreeBuffer(copy);
        return hr;
    }
    *out = copy;
    return S_OK;
}

/* Replaces a recipient's properties by first[] followed by every property it
 * had that first[] does not (iabcontainer-resolvenames.md: never remove
 * any); the old block is freed (adrentry.md: each is its own block). */
HRESULT ab_merge_row(ADRENTRY *row, const SPropValue *first, ULONG nfirst)
{
    SPropValue *all, *block;
    ULONG n = 0, i, j;
    HRESULT hr;

    if (!(all = HeapAlloc(GetProcessHeap(), 0, (nfirst + row->cValues + 1) * sizeof(*all))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < nfirst; i++) all[n++] = first[i];
    for (i = 0; row->rgPropVals && i < row->cValues; i++) {
        if (PROP_TYPE(row->rgPropVals[i].ulPropTag) == PT_ERROR) continue;
        for (j = 0; j < nfirst; j++)
            if (PROP_ID(first[j].ulPropTag) == PROP_ID(row->rgPropVals[i].ulPropTag)) break;
        if (j == nfirst) all[n++] = row->rgPropVals[i];
    }
    hr = ab_dup_props(all, n, &block);
    HeapFree(GetProcessHeap(), 0, all);
    if (hr) return hr;
    MAPIFreeBuffer(row->rgPropVals);
    row->rgPropVals = block;
    row->cValues = n;
    return S_OK;
}

/* A read-only property object holding props. */
HRESULT ab_make_props(const SPropValue *props, ULONG count, IPropData **out)
{
    IPropData *pd;
    HRESULT hr;

    *out = NULL;
    if ((hr = CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, &pd)))
        return hr;
    if (count && FAILED(hr = IPropData_SetProps(pd, count, (SPropValue *)props, NULL))) {
        IPropData_Release(pd);
        return hr;
    }
    IPropData_HrSetObjAccess(pd, IPROP_READONLY);
    *out = pd;
    return S_OK;
}

/* ---- the address book object ---- */

static const IAddrBookVtbl addrbook_vtbl;

static inline struct addrbook *impl_from_IAddrBook(IAddrBook *iface)
{
    return CONTAINING_RECORD(iface, struct addrbook, IAddrBook_iface);
}

static IMAPISession *ab_session(struct addrbook *ab)
{
    return session_iface(ab->s);
}

HRESULT ab_ended(struct addrbook *ab)
{
    return session_is_logged_off(ab->s) ? MAPI_E_END_OF_SESSION : S_OK;
}

/* ---- the providers' containers ---- */

void ab_walk_free(struct ab_walk *w)
{
    ULONG i;

    for (i = 0; i < w->nconts; i++) MAPIFreeBuffer(w->conts[i].props);
    HeapFree(GetProcessHeap(), 0, w->conts);
    HeapFree(GetProcessHeap(), 0, w->uids);
    session_ab_logons_free(w->logons, w->nlogons);
    memset(w, 0, sizeof(*w));
}

static void ab_walk_add_uid(struct ab_walk *w, const SPropValue *eid, ULONG logon)
{
    MAPIUID uid;
    ULONG i;

    if (!eid || !eid_provider_uid(eid->Value.bin.cb, (const ENTRYID *)eid->Value.bin.lpb, &uid)) return;
    for (i = 0; i < w->nuids; i++)
        if (!memcmp(&w->uids[i].uid, &uid, sizeof(uid))) return;
    if (!ab_grow((void **)&w->uids, w->nuids, &w->capuids, sizeof(*w->uids))) return;
    w->uids[w->nuids].uid = uid;
    w->uids[w->nuids++].logon = logon;
}

/* The logon whose MAPIUID this entry ID carries, or -1. */
static LONG ab_walk_logon_of(const struct ab_walk *w, ULONG cb, const ENTRYID *eid)
{
    MAPIUID uid;
    ULONG i;

    if (!eid_provider_uid(cb, eid, &uid)) return -1;
    for (i = 0; i < w->nuids; i++)
        if (!memcmp(&w->uids[i].uid, &uid, sizeof(uid))) return w->uids[i].logon;
    return -1;
}

/* A container's AB_C_COUNT properties (Unicode) from what a provider said of
 * it (PT_ERROR where it said nothing); depth_base is added to PR_DEPTH. */
static HRESULT ab_cont_props(SPropValue *vals, ULONG count, LONG depth_base, SPropValue **out)
{
    SPropValue v[AB_C_COUNT], *p;
    ULONG i;
    static const ULONG tags[AB_C_COUNT] = {PR_ENTRYID, PR_DISPLAY_NAME_W, PR_OBJECT_TYPE, PR_DISPLAY_TYPE,
                                           PR_CONTAINER_FLAGS, PR_DEPTH, PR_AB_PROVIDER_ID, PR_COMMENT_W,
                                           PR_STATUS};

    *out = NULL;
    if (!(p = ab_find_bin(vals, count, PR_ENTRYID)) || !p->Value.bin.cb || !p->Value.bin.lpb) return MAPI_E_NOT_FOUND;
    for (i = 0; i < AB_C_COUNT; i++) {
        v[i].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tags[i]));
        v[i].dwAlignPad = 0;
        v[i].Value.err = MAPI_E_NOT_FOUND;
        if (i == AB_C_PROVID) continue;
        if ((p = ab_find_id(vals, count, tags[i])) &&
            (PROP_TYPE(p->ulPropTag) == PROP_TYPE(tags[i]) ||
             ((i == AB_C_NAME || i == AB_C_COMMENT) && PROP_TYPE(p->ulPropTag) == PT_STRING8)))
            v[i] = *p;
    }
    if (PROP_TYPE(v[AB_C_DEPTH].ulPropTag) == PT_LONG) v[AB_C_DEPTH].Value.l += depth_base;
    else {
        v[AB_C_DEPTH].ulPropTag = PR_DEPTH;
        v[AB_C_DEPTH].Value.l = depth_base;
    }
    if (v[AB_C_ENTRYID].Value.bin.cb >= 20) {
        v[AB_C_PROVID].ulPropTag = PR_AB_PROVIDER_ID;
        v[AB_C_PROVID].Value.bin.cb = 16;
        v[AB_C_PROVID].Value.bin.lpb = v[AB_C_ENTRYID].Value.bin.lpb + 4;
    }
    return props_convert(v, AB_C_COUNT, TRUE, out);
}

static void ab_walk_add_cont(struct ab_walk *w, SPropValue *vals, ULONG count, ULONG logon)
{
    SPropValue *props;

    if (ab_cont_props(vals, count, 0, &props)) return;
    if (!ab_grow((void **)&w->conts, w->nconts, &w->capconts, sizeof(*w->conts))) {
        MAPIFreeBuffer(props);
        return;
    }
    w->conts[w->nconts].props = props;
    w->conts[w->nconts++].logon = logon;
    ab_walk_add_uid(w, &props[AB_C_ENTRYID], logon);
}

/* Each provider's root container (IABLogon::OpenEntry with no entry ID)
 * and the containers its hierarchy table lists (all levels with deep). */
HRESULT ab_walk_create(struct addrbook *ab, BOOL deep, struct ab_walk *w)
{
    ULONG i, j, type;
    HRESULT hr;

    memset(w, 0, sizeof(*w));
    if ((hr = session_ab_logons(ab_session(ab), &w->logons, &w->nlogons))) return hr;
    for (i = 0; i < w->nlogons; i++) {
        IMAPIContainer *root = NULL;
        IMAPITable *table = NULL;
        IUnknown *unk = NULL;
        SPropValue *eid;
        SRowSet *rows;

        hr = IABLogon_OpenEntry(w->logons[i].logon, 0, NULL, NULL, 0, &type, &unk);
        if (FAILED(hr) || !unk) {
            TRACE("address book %ls has no root container (%#lx)", w->logons[i].display, hr);
            continue;
        }
        hr = IUnknown_QueryInterface(unk, &IID_IMAPIContainer, (void **)&root);
        IUnknown_Release(unk);
        if (FAILED(hr) || !root) continue;
        if (!HrGetOneProp((IMAPIProp *)root, PR_ENTRYID, &eid)) {
            ab_walk_add_uid(w, eid, i);
            MAPIFreeBuffer(eid);
        }
        hr = IMAPIContainer_GetHierarchyTable(root, MAPI_UNICODE | (deep ? CONVENIENT_DEPTH : 0), &table);
        if (FAILED(hr) && deep) hr = IMAPIContainer_GetHierarchyTable(root, MAPI_UNICODE, &table);
        if (SUCCEEDED(hr) && table) {
            if (!HrQueryAllRows(table, (SPropTagArray *)&ab_query_tags, NULL, NULL, 0, &rows)) {
                for (j = 0; j < rows->cRows; j++) ab_walk_add_cont(w, rows->aRow[j].lpProps, rows->aRow[j].cValues, i);
                FreeProws(rows);
            }
            IMAPITable_Release(table);
        }
        IMAPIContainer_Release(root);
    }
    return S_OK;
}

ULONG ab_cont_flags(const struct ab_cont *c)
{
    return PROP_TYPE(c->props[AB_C_FLAGS].ulPropTag) == PT_LONG ? c->props[AB_C_FLAGS].Value.l : 0;
}

BOOL ab_cont_has_flags(const struct ab_cont *c)
{
    return PROP_TYPE(c->props[AB_C_FLAGS].ulPropTag) == PT_LONG;
}

LONG ab_walk_find(const struct ab_walk *w, ULONG cb, const BYTE *eid)
{
    ULONG i;

    for (i = 0; i < w->nconts; i++)
        if (w->conts[i].props[AB_C_ENTRYID].Value.bin.cb == cb && !memcmp(w->conts[i].props[AB_C_ENTRYID].Value.bin.lpb, eid, cb))
            return i;
    return -1;
}

/* ---- opening entries ---- */

/* IAddrBook::OpenEntry without argument checks. */
/* A store's or a status row's entry ID: the session's objects, not the
 * address book's. */
static BOOL sessions_own_eid(ULONG cb, const ENTRYID *eid)
{
    const ENTRYID *inner;
    const char *dll;
    ULONG cb_inner;
    LONG rowid;

    return storeeid_unwrap(cb, eid, &dll, &cb_inner, &inner) || status_eid_row(cb, eid, &rowid);
}

HRESULT ab_open(struct addrbook *ab, ULONG cb, const ENTRYID *eid, LPCIID iid, ULONG flags, ULONG *type,
                IUnknown **out)
{
    HRESULT hr;

    if (!cb || ab_is_root_eid(cb, eid)) return ab_open_root(ab, iid, type, out);
    if (addrbook_is_one_off(cb, eid)) return oneoff_open(cb, eid, iid, type, out);
    if (sessions_own_eid(cb, eid)) return MAPI_E_UNKNOWN_ENTRYID;
    if (cb < 20) return MAPI_E_INVALID_ENTRYID;
    hr = IMAPISession_OpenEntry(ab_session(ab), cb, (ENTRYID *)eid, iid, flags & ~MAPI_GAL_ONLY, type, out);
    if (SUCCEEDED(hr) && *type != MAPI_ABCONT && *type != MAPI_MAILUSER && *type != MAPI_DISTLIST) {
        /* A store's entry: nobody in the address book. */
        IUnknown_Release(*out);
        *out = NULL;
        hr = MAPI_E_UNKNOWN_ENTRYID;
    }
    return hr;
}

/* A container's AB_C_COUNT properties by opening it (not in the hierarchy). */
HRESULT ab_open_cont_props(struct addrbook *ab, ULONG cb, const ENTRYID *eid, SPropValue **out)
{
    IMAPIProp *prop = NULL;
    SPropValue *vals;
    IUnknown *unk;
    ULONG type, n;
    HRESULT hr;

    *out = NULL;
    if ((hr = ab_open(ab, cb, eid, NULL, 0, &type, &unk))) return hr;
    if (type != MAPI_ABCONT) hr = MAPI_E_NOT_FOUND;
    else hr = IUnknown_QueryInterface(unk, &IID_IMAPIProp, (void **)&prop);
    IUnknown_Release(unk);
    if (FAILED(hr)) return hr;
    hr = IMAPIProp_GetProps(prop, (SPropTagArray *)&ab_query_tags, MAPI_UNICODE, &n, &vals);
    IMAPIProp_Release(prop);
    if (FAILED(hr)) return hr;
    /* The entry ID the caller knows it by. */
    if (!ab_find_bin(vals, n, PR_ENTRYID)) {
        vals[0].ulPropTag = PR_ENTRYID;
        vals[0].Value.bin.cb = cb;
        vals[0].Value.bin.lpb = (BYTE *)eid;
    }
    hr = ab_cont_props(vals, n, 0, out);
    MAPIFreeBuffer(vals);
    return hr;
}

/* ---- IAddrBook ---- */

static HRESULT WINAPI ab_QueryInterface(IAddrBook *iface, REFIID riid, void **out)
{
    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!riid) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) || IsEqualIID(riid, &IID_IAddrBook)) {
        *out = iface;
        IAddrBook_AddRef(iface);
        return S_OK;
    }
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI ab_AddRef(IAddrBook *iface)
{
    return InterlockedIncrement(&impl_from_IAddrBook(iface)->refcount);
}

static ULONG WINAPI ab_Release(IAddrBook *iface)
{
    struct addrbook *ab = impl_from_IAddrBook(iface);
    ULONG ref = InterlockedDecrement(&ab->refcount);
    ULONG i;

    if (!ref) {
        /* Registrations made through this object end with it. */
        if (!session_is_logged_off(ab->s))
            for (i = 0; i < ab->nconns; i++) IMAPISession_Unadvise(ab_session(ab), ab->conns[i]);
        HeapFree(GetProcessHeap(), 0, ab->conns);
        IPropData_Release(ab->props);
        DeleteCriticalSection(&ab->cs);
        adminprof_release(ab->prof);
        session_unhold(ab->s);
        HeapFree(GetProcessHeap(), 0, ab);
    }
    return ref;
}

static HRESULT WINAPI ab_GetLastError(IAddrBook *iface, HRESULT hr, ULONG flags, LPMAPIERROR *out)
{
    struct addrbook *ab = impl_from_IAddrBook(iface);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    return lasterr_get(&ab->err, hr, flags, out);
}

AB_FORWARD_PROPS(ab, IAddrBook, impl_from_IAddrBook)

/* iaddrbook-openentry.md */
static HRESULT WINAPI ab_OpenEntry(IAddrBook *iface, ULONG cb, LPENTRYID eid, LPCIID iid, ULONG flags, ULONG *type,
                                   LPUNKNOWN *out)
{
    struct addrbook *ab = impl_from_IAddrBook(iface);
    HRESULT hr;

    if (!out || !type) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if ((cb && !eid) || cb > 0x100000 || (cb && IsBadReadPtr(eid, cb))) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_MODIFY | MAPI_BEST_ACCESS | MAPI_DEFERRED_ERRORS | MAPI_NO_CACHE | MAPI_CACHE_ONLY |
                  MAPI_GAL_ONLY))
        return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = ab_ended(ab))) return hr;
    hr = ab_open(ab, cb, eid, iid, flags, type, out);
    if (FAILED(hr)) lasterr_set(&ab->err, hr, L"OpenEntry of a %lu-byte entry ID failed", cb);
    TRACE("(%p, %lu, %p, %#lx) -> %#lx, %p", iface, cb, eid, flags, hr, *out);
    return hr;
}

/* Two one-offs are the same recipient when type and address match. */
static HRESULT ab_compare_one_offs(ULONG cb1, const ENTRYID *e1, ULONG cb2, const ENTRYID *e2, ULONG *result)
{
    struct ab_one_off o1, o2;

    if (!oneoff_parse(cb1, e1, &o1)) return MAPI_E_INVALID_ENTRYID;
    if (!oneoff_parse(cb2, e2, &o2)) {
        oneoff_free(&o1);
        return MAPI_E_INVALID_ENTRYID;
    }
    *result = !lstrcmpiW(o1.type, o2.type) && !lstrcmpiW(o1.addr, o2.addr);
    oneoff_free(&o1);
    oneoff_free(&o2);
    return S_OK;
}

/* iaddrbook-compareentryids.md: the provider that registered the MAPIUID
 * compares; MAPI compares its own (one-offs, its root container). */
static HRESULT WINAPI ab_CompareEntryIDs(IAddrBook *iface, ULONG cb1, LPENTRYID e1, ULONG cb2, LPENTRYID e2,
                                         ULONG flags, ULONG *result)
{
    struct addrbook *ab = impl_from_IAddrBook(iface);
    HRESULT hr;
    BOOL o1, o2, r1, r2;

    if (!result || !e1 || !e2 || !cb1 || !cb2 || cb1 > 0x100000 || cb2 > 0x100000 || IsBadReadPtr(e1, cb1) ||
        IsBadReadPtr(e2, cb2))
        return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = ab_ended(ab))) return hr;
    o1 = addrbook_is_one_off(cb1, e1);
    o2 = addrbook_is_one_off(cb2, e2);
    r1 = ab_is_root_eid(cb1, e1);
    r2 = ab_is_root_eid(cb2, e2);
    if (o1 && o2) return ab_compare_one_offs(cb1, e1, cb2, e2, result);
    if (r1 || r2 || o1 || o2) {
        *result = r1 && r2;
        return S_OK;
    }
    if (sessions_own_eid(cb1, e1) || sessions_own_eid(cb2, e2)) return MAPI_E_UNKNOWN_ENTRYID;
    hr = IMAPISession_CompareEntryIDs(ab_session(ab), cb1, e1, cb2, e2, 0, result);
    TRACE("(%p, %lu, %lu) -> %#lx", iface, cb1, cb2, hr);
    return hr;
}

/* iaddrbook-advise.md: the provider's IABLogon::Advise, through the session
 * (which ends the registration when the provider logs off). */
static HRESULT WINAPI ab_Advise(IAddrBook *iface, ULONG cb, LPENTRYID eid, ULONG mask, LPMAPIADVISESINK sink,
                                ULONG_PTR *conn)
{
    struct addrbook *ab = impl_from_IAddrBook(iface);
    HRESULT hr;

    if (!conn) return MAPI_E_INVALID_PARAMETER;
    *conn = 0;
    if (!sink || !eid || !cb || cb > 0x100000 || IsBadReadPtr(eid, cb) || !mask) return MAPI_E_INVALID_PARAMETER;
    if ((hr = ab_ended(ab))) return hr;
    /* One-offs and MAPI's root never change. */
    if (addrbook_is_one_off(cb, eid) || ab_is_root_eid(cb, eid)) return MAPI_E_NO_SUPPORT;
    if (sessions_own_eid(cb, eid)) return MAPI_E_UNKNOWN_ENTRYID;
    if (cb < 20) return MAPI_E_INVALID_ENTRYID;
    /* The address books are logged on by the time the session routes. */
    {
        struct ab_logon_ref *refs;
        ULONG n;
        if (!session_ab_logons(ab_session(ab), &refs, &n)) session_ab_logons_free(refs, n);
    }
    hr = IMAPISession_Advise(ab_session(ab), cb, eid, mask, sink, conn);
    if (!hr) {
        EnterCriticalSection(&ab->cs);
        if (ab_grow((void **)&ab->conns, ab->nconns, &ab->capconns, sizeof(*ab->conns))) ab->conns[ab->nconns++] = *conn;
        else hr = MAPI_E_NOT_ENOUGH_MEMORY;
        LeaveCriticalSection(&ab->cs);
        if (hr) {
            IMAPISession_Unadvise(ab_session(ab), *conn);
            *conn = 0;
        }
    }
    TRACE("(%p, %lu, %#lx) -> %#lx, %#Ix", iface, cb, mask, hr, *conn);
    return hr;
}

static HRESULT WINAPI ab_Unadvise(IAddrBook *iface, ULONG_PTR conn)
{
    struct addrbook *ab = impl_from_IAddrBook(iface);
    BOOL found = FALSE;
    HRESULT hr;
    ULONG i;

    if (!conn) return MAPI_E_INVALID_PARAMETER;
    if ((hr = ab_ended(ab))) return hr;
    EnterCriticalSection(&ab->cs);
    for (i = 0; i < ab->nconns && !found; i++)
        if (ab->conns[i] == conn) {
            ab->conns[i] = ab->conns[--ab->nconns];
            found = TRUE;
        }
    LeaveCriticalSection(&ab->cs);
    if (!found) return MAPI_E_NOT_FOUND;
    hr = IMAPISession_Unadvise(ab_session(ab), conn);
    TRACE("(%p, %#Ix) -> %#lx", iface, conn, hr);
    return hr;
}

static BOOL bad_tstr(LPCTSTR s, ULONG flags)
{
    return (flags & MAPI_UNICODE) ? IsBadStringPtrW((const WCHAR *)s, 0x10000)
                                  : IsBadStringPtrA((const char *)s, 0x10000);
}

/* iaddrbook-createoneoff.md, one-off-entry-identifiers.md */
static HRESULT WINAPI ab_CreateOneOff(IAddrBook *iface, LPTSTR name, LPTSTR type, LPTSTR addr, ULONG flags,
                                      ULONG *cb, LPENTRYID *eid)
{
    struct addrbook *ab = impl_from_IAddrBook(iface);
    HRESULT hr;

    if (!cb || !eid) return MAPI_E_INVALID_PARAMETER;
    *cb = 0;
    *eid = NULL;
    if (!type || !addr || bad_tstr(type, flags) || bad_tstr(addr, flags) || (name && bad_tstr(name, flags)))
        return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_UNICODE | MAPI_SEND_NO_RICH_INFO)) return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = ab_ended(ab))) return hr;
    hr = addrbook_one_off(name, type, addr, flags, cb, eid);
    TRACE("(%p, %#lx) -> %#lx, %lu bytes", iface, flags, hr, *cb);
    return hr;
}

/* iaddrbook-newentry.md: the template's dialog (or the list of templates)
 * is always shown, and FreeMAPI has no UI. */
static HRESULT WINAPI ab_NewEntry(IAddrBook *iface, ULONG_PTR ui, ULONG flags, ULONG cbc, LPENTRYID cont, ULONG cbt,
                                  LPENTRYID tpl, ULONG *cbnew, LPENTRYID *eidnew)
{
    struct addrbook *ab = impl_from_IAddrBook(iface);
    HRESULT hr;

    if (cbnew) *cbnew = 0;
    if (eidnew) *eidnew = NULL;
    if ((cbc && (!cont || IsBadReadPtr(cont, cbc))) || (cbt && (!tpl || IsBadReadPtr(tpl, cbt))))
        return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = ab_ended(ab))) return hr;
    lasterr_set(&ab->err, MAPI_E_NO_SUPPORT, L"NewEntry needs a dialog box; FreeMAPI has no UI");
    return MAPI_E_NO_SUPPORT;
}

/* iaddrbook-resolvename.md, without a dialog box: recipients with no
 * PR_ENTRYID get one from a one-off address, else from the first container
 * of the search path that knows them; MAPI_E_AMBIGUOUS_RECIP if one matched
 * several entries, else MAPI_E_NOT_FOUND if one is left unresolved. */
static HRESULT WINAPI ab_ResolveName(IAddrBook *iface, ULONG_PTR ui, ULONG flags, LPTSTR title, LPADRLIST list)
{
    struct addrbook *ab = impl_from_IAddrBook(iface);
    BOOL unicode = (flags & MAPI_UNICODE) != 0;
    ULONG i, j, pending = 0, ambiguous = 0, unresolved = 0;
    FlagList *fl = NULL;
    struct ab_walk w;
    struct ab_path p;
    HRESULT hr;

    if ((hr = ab_check_adrlist(list))) return hr;
    if (flags & ~(MAPI_DIALOG | AB_UNICODEUI | MAPI_UNICODE | MAPI_CACHE_ONLY)) return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = ab_ended(ab))) return hr;
    if (!list->cEntries) return S_OK;
    if ((hr = MAPIAllocateBuffer(offsetof(FlagList, ulFlag) + list->cEntries * sizeof(ULONG), (void **)&fl)))
        return hr;
    fl->cFlags = list->cEntries;
    for (i = 0; i < list->cEntries && !hr; i++) {
        ADRENTRY *row = &list->aEntries[i];
        WCHAR *name;
        BOOL done;

        fl->ulFlag[i] = ab_find_bin(row->rgPropVals, row->cValues, PR_ENTRYID) ? MAPI_RESOLVED : MAPI_UNRESOLVED;
        if (fl->ulFlag[i] == MAPI_RESOLVED || !(name = ab_row_name(row))) continue;
        hr = ab_resolve_one_off(row, name, unicode, &done);
        HeapFree(GetProcessHeap(), 0, name);
        if (done) fl->ulFlag[i] = MAPI_RESOLVED;
        else pending++;
    }
    if (!hr && pending && !(hr = ab_walk_create(ab, TRUE, &w))) {
        if (!(hr = ab_path_get(ab, &w, &p))) {
            for (j = 0; j < p.count && pending; j++) {
                ab_resolve_in(ab, p.rows[j], list, fl, flags);
                for (i = pending = 0; i < list->cEntries; i++)
                    if (fl->ulFlag[i] == MAPI_UNRESOLVED) pending++;
            }
            ab_path_free(&p);
        }
        ab_walk_free(&w);
    }
    if (!hr) {
        for (i = 0; i < list->cEntries; i++) {
            ADRENTRY *row = &list->aEntries[i];
            if (fl->ulFlag[i] == MAPI_AMBIGUOUS) ambiguous++;
            else if (!ab_find_bin(row->rgPropVals, row->cValues, PR_ENTRYID)) unresolved++;
        }
        hr = ambiguous ? MAPI_E_AMBIGUOUS_RECIP : unresolved ? MAPI_E_NOT_FOUND : S_OK;
        if (hr) lasterr_set(&ab->err, hr, L"%lu recipient(s) ambiguous, %lu unresolved", ambiguous, unresolved);
    }
    MAPIFreeBuffer(fl);
    TRACE("(%p, %#lx, %lu entries) -> %#lx", iface, flags, list->cEntries, hr);
    return hr;
}

/* iaddrbook-address.md: the common address dialog box. */
static HRESULT WINAPI ab_Address(IAddrBook *iface, ULONG_PTR *ui, LPADRPARM parms, LPADRLIST *list)
{
    struct addrbook *ab = impl_from_IAddrBook(iface);
    HRESULT hr;

    if (!ui || !parms || IsBadReadPtr(parms, sizeof(*parms))) return MAPI_E_INVALID_PARAMETER;
    if ((hr = ab_ended(ab))) return hr;
    lasterr_set(&ab->err, MAPI_E_NO_SUPPORT, L"Address needs a dialog box; FreeMAPI has no UI");
    return MAPI_E_NO_SUPPORT;
}

/* iaddrbook-details.md: a details dialog box. */
static HRESULT WINAPI ab_Details(IAddrBook *iface, ULONG_PTR *ui, LPFNDISMISS dismiss, LPVOID dismiss_ctx, ULONG cb,
                                 LPENTRYID eid, LPFNBUTTON button, LPVOID button_ctx, LPTSTR text, ULONG flags)
{
    struct addrbook *ab = impl_from_IAddrBook(iface);
    HRESULT hr;

    if (!ui || !cb || !eid || IsBadReadPtr(eid, cb)) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(AB_TELL_DETAILS_CHANGE | DIALOG_MODAL | DIALOG_SDI | MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
    if ((flags & DIALOG_MODAL) && (flags & DIALOG_SDI)) return MAPI_E_INVALID_PARAMETER;
    if ((hr = ab_ended(ab))) return hr;
    lasterr_set(&ab->err, MAPI_E_NO_SUPPORT, L"Details needs a dialog box; FreeMAPI has no UI");
    return MAPI_E_NO_SUPPORT;
}

/* "Not supported or documented" (iaddrbookimapiprop.md); a dialog box. */
static HRESULT WINAPI ab_RecipOptions(IAddrBook *iface, ULONG_PTR ui, ULONG flags, LPADRENTRY recip)
{
    struct addrbook *ab = impl_from_IAddrBook(iface);
    HRESULT hr;

    if (!recip || IsBadReadPtr(recip, sizeof(*recip))) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = ab_ended(ab))) return hr;
    return MAPI_E_NO_SUPPORT;
}

/* "Not supported or documented" (iaddrbookimapiprop.md), like the
 * session's QueryDefaultMessageOpt: no transport registers options here. */
static HRESULT WINAPI ab_QueryDefaultRecipOpt(IAddrBook *iface, LPTSTR type, ULONG flags, ULONG *count,
                                              LPSPropValue *options)
{
    struct addrbook *ab = impl_from_IAddrBook(iface);
    HRESULT hr;

    if (!count || !options) return MAPI_E_INVALID_PARAMETER;
    *count = 0;
    *options = NULL;
    if (!type || bad_tstr(type, flags)) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = ab_ended(ab))) return hr;
    return MAPI_E_NO_SUPPORT;
}

/* iaddrbook-getpab.md: 0 and NULL when no container can be the PAB. */
static HRESULT WINAPI ab_GetPAB(IAddrBook *iface, ULONG *cb, LPENTRYID *eid)
{
    struct addrbook *ab = impl_from_IAddrBook(iface);
    struct ab_choice pab;
    struct ab_walk w;
    HRESULT hr;

    if (!cb || !eid) return MAPI_E_INVALID_PARAMETER;
    *cb = 0;
    *eid = NULL;
    if ((hr = ab_ended(ab))) return hr;
    if ((hr = ab_walk_create(ab, TRUE, &w))) return hr;
    if (ab_pab_choose(ab, &w, &pab)) {
        hr = ab_copy_eid(pab.eid.cb, pab.eid.lpb, cb, eid);
        ab_choice_free(&pab);
    }
    ab_walk_free(&w);
    return hr;
}

/* A container's entry ID to keep in MAPI's root section as tag. */
static HRESULT ab_set_container(struct addrbook *ab, ULONG tag, ULONG cb, const ENTRYID *eid)
{
    SPropValue *props, v;
    HRESULT hr;

    if (!cb || !eid || cb > 0x100000 || IsBadReadPtr(eid, cb)) return MAPI_E_INVALID_PARAMETER;
    if ((hr = ab_ended(ab))) return hr;
    if ((hr = ab_open_cont_props(ab, cb, eid, &props))) {
        if (hr == MAPI_E_NOT_FOUND) hr = MAPI_E_INVALID_ENTRYID;    /* not a container */
        lasterr_set(&ab->err, hr, L"the entry ID is not a container of the address book");
        return hr;
    }
    MAPIFreeBuffer(props);
    v.ulPropTag = tag;
    v.dwAlignPad = 0;
    v.Value.bin.cb = cb;
    v.Value.bin.lpb = (BYTE *)eid;
    return ab_root_set(ab, &v);
}

/* iaddrbook-setpab.md: kept in the profile (PR_AB_DEFAULT_PAB). */
static HRESULT WINAPI ab_SetPAB(IAddrBook *iface, ULONG cb, LPENTRYID eid)
{
    HRESULT hr = ab_set_container(impl_from_IAddrBook(iface), PR_AB_DEFAULT_PAB, cb, eid);
    TRACE("(%p, %lu, %p) -> %#lx", iface, cb, eid, hr);
    return hr;
}

/* iaddrbook-getdefaultdir.md: the stored one while it is there, else the
 * first container with names that is not the PAB, else the PAB; with
 * neither, MAPI's root container (docs/addrbook.md). */
static HRESULT WINAPI ab_GetDefaultDir(IAddrBook *iface, ULONG *cb, LPENTRYID *eid)
{
    struct addrbook *ab = impl_from_IAddrBook(iface);
    struct ab_choice pab, dir;
    struct ab_walk w;
    BOOL has_pab;
    HRESULT hr;

    if (!cb || !eid) return MAPI_E_INVALID_PARAMETER;
    *cb = 0;
    *eid = NULL;
    if ((hr = ab_ended(ab))) return hr;
    if ((hr = ab_walk_create(ab, TRUE, &w))) return hr;
    has_pab = ab_pab_choose(ab, &w, &pab);
    if (ab_default_dir_choose(ab, &w, has_pab ? &pab : NULL, &dir)) {
        hr = ab_copy_eid(dir.eid.cb, dir.eid.lpb, cb, eid);
        ab_choice_free(&dir);
    } else hr = ab_copy_eid(AB_ROOT_EID_SIZE, ab_root_eid, cb, eid);
    if (has_pab) ab_choice_free(&pab);
    ab_walk_free(&w);
    return hr;
}

/* iaddrbook-setdefaultdir.md: kept in the profile (PR_AB_DEFAULT_DIR). */
static HRESULT WINAPI ab_SetDefaultDir(IAddrBook *iface, ULONG cb, LPENTRYID eid)
{
    HRESULT hr = ab_set_container(impl_from_IAddrBook(iface), PR_AB_DEFAULT_DIR, cb, eid);
    TRACE("(%p, %lu, %p) -> %#lx", iface, cb, eid, hr);
    return hr;
}

/* iaddrbook-getsearchpath.md: one row per container, PR_ENTRYID first,
 * then PR_DISPLAY_NAME, PR_OBJECT_TYPE, PR_DISPLAY_TYPE,
 * PR_CONTAINER_FLAGS, PR_DEPTH, PR_AB_PROVIDER_ID (those it has). */
static HRESULT WINAPI ab_GetSearchPath(IAddrBook *iface, ULONG flags, LPSRowSet *out)
{
    struct addrbook *ab = impl_from_IAddrBook(iface);
    SRowSet *rows = NULL;
    struct ab_walk w;
    struct ab_path p;
    HRESULT hr;
    ULONG i, j;

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = ab_ended(ab))) return hr;
    if ((hr = ab_walk_create(ab, TRUE, &w))) return hr;
    if (!(hr = ab_path_get(ab, &w, &p))) {
        if (!(hr = MAPIAllocateBuffer(CbNewSRowSet(p.count ? p.count : 1), (void **)&rows))) {
            rows->cRows = 0;
            for (i = 0; i < p.count && !hr; i++) {
                SPropValue v[AB_C_COUNT];
                ULONG n = 0;
                for (j = 0; j < AB_C_COUNT; j++)
                    if (PROP_TYPE(p.rows[i][j].ulPropTag) != PT_ERROR) v[n++] = p.rows[i][j];
                if (!(hr = props_convert(v, n, (flags & MAPI_UNICODE) != 0, &rows->aRow[i].lpProps))) {
                    rows->aRow[i].ulAdrEntryPad = 0;
                    rows->aRow[i].cValues = n;
                    rows->cRows++;
                }
            }
            if (hr) {
                FreeProws(rows);
                rows = NULL;
            }
        }
        ab_path_free(&p);
    }
    ab_walk_free(&w);
    *out = rows;
    TRACE("(%p, %#lx) -> %#lx, %lu containers", iface, flags, hr, rows ? rows->cRows : 0);
    return hr;
}

/* iaddrbook-setsearchpath.md: PR_AB_SEARCH_PATH of MAPI's root section,
 * the PR_ENTRYID of each row in order; no SaveChanges needed. */
static HRESULT WINAPI ab_SetSearchPath(IAddrBook *iface, ULONG flags, LPSRowSet path)
{
    struct addrbook *ab = impl_from_IAddrBook(iface);
    SBinary *bins;
    SPropValue v;
    HRESULT hr;
    ULONG i;

    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (!path || IsBadReadPtr(path, offsetof(SRowSet, aRow)) || path->cRows > 0x10000 ||
        IsBadReadPtr(path, CbNewSRowSet(path->cRows)))
        return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < path->cRows; i++) {
        SRow *r = &path->aRow[i];
        SPropValue *eid;
        if (r->cValues > 0x10000 || (r->cValues && (!r->lpProps || IsBadReadPtr(r->lpProps, r->cValues * sizeof(SPropValue)))))
            return MAPI_E_INVALID_PARAMETER;
        if (!(eid = ab_find_bin(r->lpProps, r->cValues, PR_ENTRYID))) return MAPI_E_MISSING_REQUIRED_COLUMN;
        if (!eid->Value.bin.cb || !eid->Value.bin.lpb || IsBadReadPtr(eid->Value.bin.lpb, eid->Value.bin.cb))
            return MAPI_E_INVALID_PARAMETER;
    }
    if ((hr = ab_ended(ab))) return hr;
    if (!(bins = HeapAlloc(GetProcessHeap(), 0, (path->cRows + 1) * sizeof(*bins)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < path->cRows; i++)
        bins[i] = ab_find_bin(path->aRow[i].lpProps, path->aRow[i].cValues, PR_ENTRYID)->Value.bin;
    v.ulPropTag = PR_AB_SEARCH_PATH;
    v.dwAlignPad = 0;
    v.Value.MVbin.cValues = path->cRows;
    v.Value.MVbin.lpbin = bins;
    hr = ab_root_set(ab, &v);
    HeapFree(GetProcessHeap(), 0, bins);
    TRACE("(%p, %lu containers) -> %#lx", iface, path->cRows, hr);
    return hr;
}

/* A one-off recipient gets what PrepareRecips asks of MAPI itself: the
 * values it has first, else the one-off's, else PT_ERROR. */
static HRESULT ab_prepare_one_off(ADRENTRY *row, const SPropValue *eid, const SPropTagArray *tags, BOOL unicode)
{
    SPropValue *pw = NULL, *pa = NULL, *first;
    struct ab_one_off o;
    HRESULT hr;
    ULONG k;

    if (!tags || !tags->cValues) return S_OK;
    if (!oneoff_parse(eid->Value.bin.cb, (const ENTRYID *)eid->Value.bin.lpb, &o)) return S_OK;
    hr = oneoff_props(o.name, o.type, o.addr, o.flags, eid->Value.bin.cb, eid->Value.bin.lpb, TRUE, &pw);
    if (!hr) hr = oneoff_props(o.name, o.type, o.addr, o.flags, eid->Value.bin.cb, eid->Value.bin.lpb, FALSE, &pa);
    oneoff_free(&o);
    if (!hr && !(first = HeapAlloc(GetProcessHeap(), 0, tags->cValues * sizeof(*first)))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    if (!hr) {
        for (k = 0; k < tags->cValues; k++) {
            ULONG tag = tags->aulPropTag[k], type = PROP_TYPE(tag);
            SPropValue *v = ab_find_id(row->rgPropVals, row->cValues, tag);

            if (!v || (type != PT_UNSPECIFIED && PROP_TYPE(v->ulPropTag) != type)) {
                v = ab_find_id((type == PT_STRING8 || (type == PT_UNSPECIFIED && !unicode)) ? pa : pw, ONEOFF_PROPS, tag);
                if (v && type != PT_UNSPECIFIED && PROP_TYPE(v->ulPropTag) != type) v = NULL;
            }
            if (v) first[k] = *v;
            else {
                first[k].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tag));
                first[k].dwAlignPad = 0;
                first[k].Value.err = MAPI_E_NOT_FOUND;
            }
        }
        hr = ab_merge_row(row, first, tags->cValues);
        HeapFree(GetProcessHeap(), 0, first);
    }
    MAPIFreeBuffer(pw);
    MAPIFreeBuffer(pa);
    return hr;
}

/* iaddrbook-preparerecips.md: one-offs are MAPI's; every other recipient
 * goes to IABLogon::PrepareRecips of the provider whose MAPIUID it carries
 * (to every provider when that is not known: iablogon-preparerecips.md has
 * them skip entries that are not theirs). */
static HRESULT WINAPI ab_PrepareRecips(IAddrBook *iface, ULONG flags, LPSPropTagArray tags, LPADRLIST list)
{
    struct addrbook *ab = impl_from_IAddrBook(iface);
    HRESULT hr, first_hr = S_OK;
    BYTE *theirs = NULL;
    ULONG i, l, n, nprov = 0;
    struct ab_walk w;

    if ((hr = ab_check_adrlist(list))) return hr;
    if (tags && (IsBadReadPtr(tags, sizeof(ULONG)) || tags->cValues > 0x10000 ||
                 IsBadReadPtr(tags, CbNewSPropTagArray(tags->cValues))))
        return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_CACHE_ONLY | MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = ab_ended(ab))) return hr;
    if (!list->cEntries) return S_OK;
    if (!(theirs = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, list->cEntries))) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < list->cEntries; i++) {
        ADRENTRY *row = &list->aEntries[i];
        SPropValue *eid = ab_find_bin(row->rgPropVals, row->cValues, PR_ENTRYID);

        if (!eid) continue;     /* unresolved: nothing to prepare */
        if (addrbook_is_one_off(eid->Value.bin.cb, (ENTRYID *)eid->Value.bin.lpb)) {
            if ((hr = ab_prepare_one_off(row, eid, tags, (flags & MAPI_UNICODE) != 0)) && !first_hr) first_hr = hr;
        } else {
            theirs[i] = 1;
            nprov++;
        }
    }
    if (nprov && !(hr = ab_walk_create(ab, FALSE, &w))) {
        for (l = 0; l < w.nlogons; l++) {
            ADRLIST *sub;
            ULONG *at;

            if (!(at = HeapAlloc(GetProcessHeap(), 0, list->cEntries * sizeof(*at)))) break;
            for (i = n = 0; i < list->cEntries; i++) {
                SPropValue *eid;
                LONG owner;
                if (!theirs[i]) continue;
                eid = ab_find_bin(list->aEntries[i].rgPropVals, list->aEntries[i].cValues, PR_ENTRYID);
                owner = eid ? ab_walk_logon_of(&w, eid->Value.bin.cb, (ENTRYID *)eid->Value.bin.lpb) : -2;
                if (owner == (LONG)l || owner == -1) at[n++] = i;
            }
            if (n && !MAPIAllocateBuffer(CbNewADRLIST(n), (void **)&sub)) {
                sub->cEntries = n;
                for (i = 0; i < n; i++) sub->aEntries[i] = list->aEntries[at[i]];
                hr = IABLogon_PrepareRecips(w.logons[l].logon, flags, tags, sub);
                TRACE("PrepareRecips of %ls, %lu recipients -> %#lx", w.logons[l].display, n, hr);
                /* The provider may have replaced the property blocks. */
                for (i = 0; i < n; i++) list->aEntries[at[i]] = sub->aEntries[i];
                MAPIFreeBuffer(sub);
                if (FAILED(hr) && !first_hr) first_hr = hr;
            }
            HeapFree(GetProcessHeap(), 0, at);
        }
        ab_walk_free(&w);
    } else if (nprov && !first_hr) first_hr = hr;
    HeapFree(GetProcessHeap(), 0, theirs);
    if (FAILED(first_hr)) lasterr_set(&ab->err, first_hr, L"PrepareRecips failed for a recipient");
    return first_hr;
}

HRESULT addrbook_create(struct session *s, struct admin_profile *prof, LPCIID iid, BOOL warn, IAddrBook **out)
{
    struct addrbook *ab;
    SPropValue v;
    HRESULT hr;

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (iid && !IsEqualIID(iid, &IID_IAddrBook) && !IsEqualIID(iid, &IID_IMAPIProp) && !IsEqualIID(iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (!(ab = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*ab)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    v.ulPropTag = PR_OBJECT_TYPE;
    v.dwAlignPad = 0;
    v.Value.l = MAPI_ADDRBOOK;
    if ((hr = ab_make_props(&v, 1, &ab->props))) {
        HeapFree(GetProcessHeap(), 0, ab);
        return hr;
    }
    ab->IAddrBook_iface.lpVtbl = (IAddrBookVtbl *)&addrbook_vtbl;
    ab->refcount = 1;
    ab->s = s;
    session_hold(s);
    ab->prof = prof;
    adminprof_addref(prof);
    lasterr_init(&ab->err);
    InitializeCriticalSection(&ab->cs);
    if (warn) {
        /* Every address book provider of the profile should be logged on. */
        struct ab_logon_ref *refs;
        MAPIUID *uids;
        ULONG n, listed = 0;
        HKEY key;

        if (!session_ab_logons(session_iface(s), &refs, &n)) {
            session_ab_logons_free(refs, n);
            if (!profstore_open_section(prof->key, &profstore_root_uid, FALSE, FALSE, &key)) {
                if (!profstore_uids_get(key, PR_AB_PROVIDERS, &uids, &listed)) HeapFree(GetProcessHeap(), 0, uids);
                RegCloseKey(key);
            }
            if (n < listed) hr = MAPI_W_ERRORS_RETURNED;
        }
    }
    *out = &ab->IAddrBook_iface;
    TRACE("-> %p, %#lx", *out, hr);
    return hr;
}

static const IAddrBookVtbl addrbook_vtbl = {
    ab_QueryInterface,
    ab_AddRef,
    ab_Release,
    ab_GetLastError,
    ab_SaveChanges,
    ab_GetProps,
    ab_GetPropList,
    ab_OpenProperty,
    ab_SetProps,
    ab_DeleteProps,
    ab_CopyTo,
    ab_CopyProps,
    ab_GetNamesFromIDs,
    ab_GetIDsFromNames,
    ab_OpenEntry,
    ab_CompareEntryIDs,
    ab_Advise,
    ab_Unadvise,
    ab_CreateOneOff,
    ab_NewEntry,
    ab_ResolveName,
    ab_Address,
    ab_Details,
    ab_RecipOptions,
    ab_QueryDefaultRecipOpt,
    ab_GetPAB,
    ab_SetPAB,
    ab_GetDefaultDir,
    ab_SetDefaultDir,
    ab_GetSearchPath,
    ab_SetSearchPath,
    ab_PrepareRecips,
};
