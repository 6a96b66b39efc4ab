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

HRESULT ab_root_get(struct addrbook *ab, ULONG tag, SPropValue **v)
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

HRESULT ab_root_set(struct addrbook *ab, const SPropValue *v)
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

void ab_path_free(struct ab_path *p)
{
    ULONG i;

    for (i = 0; i < p->count; i++) MAPIFreeBuffer(p->rows[i]);
    HeapFree(GetProcessHeap(), 0, p->rows);
    memset(p, 0, sizeof(*p));
}

static BOOL ab_path_add(struct ab_path *p, SPropValue *props, ULONG *cap)
{
    ULONG i, cb = props[AB_C_ENTRYID].Value.bin.cb;

    for (i = 0; i < p->count; i++)
        if (p->rows[i][AB_C_ENTRYID].Value.bin.cb == cb &&
            !memcmp(p->rows[i][AB_C_ENTRYID].Value.bin.lpb, props[AB_C_ENTRYID].Value.bin.lpb, cb)) {
            MAPIFreeBuffer(props);
            return TRUE;
        }
    if (!ab_grow((void **)&p->rows, p->count, cap, sizeof(*p->rows))) {
        MAPIFreeBuffer(props);
        return FALSE;
    }
    p->rows[p->count++] = props;
    return TRUE;
}

/* A container's row added to the path: from the walk, else by opening it
 * (those that no longer open are left out). */
static HRESULT ab_path_add_eid(struct addrbook *ab, const struct ab_walk *w, struct ab_path *p, ULONG *cap,
                               const SBinary *b)
{
    SPropValue *props;
    HRESULT hr;
    LONG at;

    if (!b->cb) return S_OK;
    if ((at = ab_walk_find(w, b->cb, b->lpb)) >= 0) {
        if ((hr = ab_dup_props(w->conts[at].props, AB_C_COUNT, &props))) return hr;
    } else if (ab_open_cont_props(ab, b->cb, (ENTRYID *)b->lpb, &props)) return S_OK;
    return ab_path_add(p, props, cap) ? S_OK : MAPI_E_NOT_ENOUGH_MEMORY;
}

static LONG ab_cont_display_type(const struct ab_cont *c)
{
    return PROP_TYPE(c->props[AB_C_DISPTYPE].ulPropTag) == PT_LONG ? c->props[AB_C_DISPTYPE].Value.l : -1;
}

/* iaddrbook-getsearchpath.md.  After SetSearchPath, the stored path (even
 * an empty one), each container checked.  Never set: built from the
 * hierarchy, in this order:
 * 1. the first container with read/write permission, usually the PAB
 *    (FreeMAPI: the PAB as GetPAB gives it);
 * 2. every container whose PR_DISPLAY_TYPE is DT_GLOBAL;
 * 3. only when there is none of those, the default directory (GetDefaultDir)
 *    if it is not the PAB.
 * The built path is not written to the profile: it follows the hierarchy
 * until a path is set. */
HRESULT ab_path_get(struct addrbook *ab, struct ab_walk *w, struct ab_path *p)
{
    struct ab_choice pab, dir;
    SPropValue *stored = NULL;
    ULONG cap = 0, i, nglobal = 0;
    BOOL has_pab;
    HRESULT hr = S_OK;

    memset(p, 0, sizeof(*p));
    if (!ab_root_get(ab, PR_AB_SEARCH_PATH, &stored)) {
        for (i = 0; i < stored->Value.MVbin.cValues && !hr; i++)
            hr = ab_path_add_eid(ab, w, p, &cap, &stored->Value.MVbin.lpbin[i]);
        HeapFree(GetProcessHeap(), 0, stored);
    } else {
        if ((has_pab = ab_pab_choose(ab, w, &pab))) hr = ab_path_add_eid(ab, w, p, &cap, &pab.eid);
        for (i = 0; i < w->nconts && !hr; i++) {
            if (ab_cont_display_type(&w->conts[i]) != DT_GLOBAL) continue;
            nglobal++;
            hr = ab_path_add_eid(ab, w, p, &cap, &w->conts[i].props[AB_C_ENTRYID].Value.bin);
        }
        if (!hr && !nglobal && ab_default_dir_choose(ab, w, has_pab ? &pab : NULL, &dir)) {
            /* ab_path_add leaves out the PAB if it is also the default; MAPI's
             * root (SetDefaultDir may name it) holds no recipients. */
            if (!ab_is_root_eid(dir.eid.cb, (ENTRYID *)dir.eid.lpb)) hr = ab_path_add_eid(ab, w, p, &cap, &dir.eid);
            ab_choice_free(&dir);
        }
        if (has_pab) ab_choice_free(&pab);
    }
    if (hr) ab_path_free(p);
    return hr;
}

/* Is this still a container of the address book? */
BOOL ab_cont_valid(struct addrbook *ab, const struct ab_walk *w, ULONG cb, const BYTE *eid)
{
    SPropValue *props;

    if (ab_walk_find(w, cb, eid) >= 0) return TRUE;
    if (ab_open_cont_props(ab, cb, (const ENTRYID *)eid, &props)) return FALSE;
    MAPIFreeBuffer(props);
    return TRUE;
}

void ab_choice_free(struct ab_choice *c)
{
    HeapFree(GetProcessHeap(), 0, c->stored);
    memset(c, 0, sizeof(*c));
}

/* The container kept in MAPI's root section as tag, while it still opens. */
static BOOL ab_stored_choice(struct addrbook *ab, const struct ab_walk *w, ULONG tag, struct ab_choice *c)
{
    memset(c, 0, sizeof(*c));
    if (ab_root_get(ab, tag, &c->stored)) return FALSE;
    if (c->stored->Value.bin.cb && ab_cont_valid(ab, w, c->stored->Value.bin.cb, c->stored->Value.bin.lpb)) {
        c->eid = c->stored->Value.bin;
        return TRUE;
    }
    ab_choice_free(c);
    return FALSE;
}

/* AB_MODIFIABLE set: entries can be added (pidtagcontainerflags: with
 * AB_UNMODIFIABLE too, the container does not know; it may be). */
static BOOL ab_cont_modifiable(const struct ab_cont *c)
{
    return (ab_cont_flags(c) & AB_MODIFIABLE) != 0;
}

/* A container holds recipients (AB_RECIPIENTS), or says nothing. */
static BOOL ab_cont_has_names(const struct ab_cont *c)
{
    return !ab_cont_has_flags(c) || (ab_cont_flags(c) & AB_RECIPIENTS);
}

/* iaddrbook-getpab.md: the PAB set in the profile while it still opens,
 * else the first container in the hierarchy that allows modifications;
 * FALSE for none. */
BOOL ab_pab_choose(struct addrbook *ab, const struct ab_walk *w, struct ab_choice *c)
{
    ULONG i;

    if (ab_stored_choice(ab, w, PR_AB_DEFAULT_PAB, c)) return TRUE;
    for (i = 0; i < w->nconts; i++)
        if (ab_cont_modifiable(&w->conts[i])) {
            c->eid = w->conts[i].props[AB_C_ENTRYID].Value.bin;
            return TRUE;
        }
    return FALSE;
}

/* iaddrbook-getdefaultdir.md: the one set in the profile while it still
 * opens, else the first container with names that is not the PAB, else
 * the PAB (pab, or NULL when there is none); FALSE for none. */
BOOL ab_default_dir_choose(struct addrbook *ab, const struct ab_walk *w, const struct ab_choice *pab,
                           struct ab_choice *c)
{
    ULONG i;

    if (ab_stored_choice(ab, w, PR_AB_DEFAULT_DIR, c)) return TRUE;
    for (i = 0; i < w->nconts; i++) {
        const SBinary *b = &w->conts[i].props[AB_C_ENTRYID].Value.bin;
        if (!ab_cont_has_names(&w->conts[i])) continue;
        if (pab && pab->eid.cb == b->cb && !memcmp(pab->eid.lpb, b->lpb, b->cb)) continue;
        c->eid = *b;
        return TRUE;
    }
    if (!pab) return FALSE;
    c->eid = pab->eid;
    return TRUE;
}

HRESULT ab_copy_eid(ULONG cb, const BYTE *eid, ULONG *cb_out, ENTRYID **out)
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

HRESULT ab_open_root(struct addrbook *ab, LPCIID iid, ULONG *type, IUnknown **out)
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
    v[0].Value.bin.cb = AB_ROOT_EID_SIZE;
    v[0].Value.bin.lpb = (BYTE *)ab_root_eid;
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
    if ((hr = ab_make_props(v, 7, &rc->props))) {
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

AB_FORWARD_PROPS(rootcont, IABContainer, impl_from_rootcont)

static HRESULT WINAPI rootcont_GetHierarchyTable(IABContainer *iface, ULONG flags, LPMAPITABLE *out);

/* hierarchy-tables.md: the hierarchy table is also PR_CONTAINER_HIERARCHY,
 * listed by GetPropList though GetProps never returns it. */
static HRESULT WINAPI rootcont_GetPropListAll(IABContainer *iface, ULONG flags, LPSPropTagArray *tags)
{
    SPropTagArray *base, *all;
    HRESULT hr;

    if ((hr = rootcont_GetPropList(iface, flags, &base))) return hr;
    if ((hr = MAPIAllocateBuffer(CbNewSPropTagArray(base->cValues + 1), (void **)&all))) {
        MAPIFreeBuffer(base);
        *tags = NULL;
        return hr;
    }
    memcpy(all->aulPropTag, base->aulPropTag, base->cValues * sizeof(ULONG));
    all->aulPropTag[base->cValues] = PR_CONTAINER_HIERARCHY;
    all->cValues = base->cValues + 1;
    MAPIFreeBuffer(base);
    *tags = all;
    return S_OK;
}

static HRESULT WINAPI rootcont_OpenPropertyAll(IABContainer *iface, ULONG tag, LPCIID iid, ULONG opts, ULONG flags,
                                               LPUNKNOWN *out)
{
    if (tag != PR_CONTAINER_HIERARCHY) return rootcont_OpenProperty(iface, tag, iid, opts, flags, out);
    if (!out || !iid) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_DEFERRED_ERRORS | MAPI_CREATE | MAPI_MODIFY | MAPI_BEST_ACCESS)) return MAPI_E_UNKNOWN_FLAGS;
    if (flags & (MAPI_CREATE | MAPI_MODIFY)) return MAPI_E_NO_ACCESS;
    if (!IsEqualIID(iid, &IID_IMAPITable)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    return rootcont_GetHierarchyTable(iface, opts & (MAPI_UNICODE | CONVENIENT_DEPTH), (IMAPITable **)out);
}

/* MAPI's root holds no recipients of its own. */
static HRESULT WINAPI rootcont_GetContentsTable(IABContainer *iface, ULONG flags, LPMAPITABLE *out)
{
    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS | MAPI_ASSOCIATED)) return MAPI_E_UNKNOWN_FLAGS;
    return MAPI_E_NO_SUPPORT;
}

#define HCOLS 10

/* mapi-address-book / developing-a-mapi-address-book-provider.md: MAPI's
 * integrated hierarchy table is the providers' top-level containers, the
 * rows of each provider root's hierarchy table, in profile order
 * (CONVENIENT_DEPTH: all levels, PR_DEPTH from the providers).  Columns:
 * the required set of hierarchy-tables.md (PR_COMMENT and PR_STATUS only
 * in the rows of providers that give them), PR_CONTAINER_FLAGS and
 * PR_AB_PROVIDER_ID. */
static HRESULT WINAPI rootcont_GetHierarchyTable(IABContainer *iface, ULONG flags, LPMAPITABLE *out)
{
    struct rootcont *rc = impl_from_rootcont(iface);
    BOOL unicode = (flags & MAPI_UNICODE) != 0;
    SizedSPropTagArray(HCOLS, cols) = {HCOLS, {PR_INSTANCE_KEY, PR_ENTRYID, PR_DISPLAY_NAME_W, PR_OBJECT_TYPE,
                                               PR_DISPLAY_TYPE, PR_CONTAINER_FLAGS, PR_DEPTH, PR_AB_PROVIDER_ID,
                                               PR_COMMENT_W, PR_STATUS}};
    ITableData *td = NULL;
    struct ab_walk w;
    HRESULT hr;
    ULONG i, j;

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS | CONVENIENT_DEPTH | SHOW_SOFT_DELETES))
        return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = ab_ended(rc->ab))) return hr;
    if (!unicode) {
        cols.aulPropTag[2] = PR_DISPLAY_NAME_A;
        cols.aulPropTag[8] = PR_COMMENT_A;
    }
    if ((hr = ab_walk_create(rc->ab, (flags & CONVENIENT_DEPTH) != 0, &w))) return hr;
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
        for (j = 0; j < AB_C_COUNT; j++)
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
    ab_walk_free(&w);
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
    rootcont_GetPropListAll,
    rootcont_OpenPropertyAll,
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
