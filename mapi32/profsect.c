/*
 * IProfSect: a profile section as an IMAPIProp (mapi-spec.md 6.5,
 * iprofsectimapiprop.md).  Not transacted: every SetProps/DeleteProps goes
 * to the registry at once, and every read comes from it, so two objects (or
 * processes) on one section see each other's changes.
 */
#include <string.h>

#include "mapi32_private.h"
#include "mapierror.h"
#include "profile_store.h"
#include "profsect.h"
#include "propcopy.h"

#include <mapiguid.h>
#include <mapiutil.h>

struct profsect {
    IProfSect IProfSect_iface;
    LONG refcount;
    HKEY key;
    BOOL writable;
    MAPIUID uid;
    WCHAR profile[PROFSTORE_MAX_NAME + 1];
    struct last_error err;
    void (*on_release)(void *ctx);
    void *ctx;
};

static inline struct profsect *impl_from_IProfSect(IProfSect *iface)
{
    return CONTAINING_RECORD(iface, struct profsect, IProfSect_iface);
}

static const IProfSectVtbl profsect_vtbl;

BOOL profsect_is_ours(IUnknown *unk)
{
    return unk && ((IProfSect *)unk)->lpVtbl == &profsect_vtbl;
}

/* The computed properties every section has. */
static void computed(struct profsect *ps, SPropValue extra[2])
{
    extra[0].ulPropTag = PR_OBJECT_TYPE;
    extra[0].dwAlignPad = 0;
    extra[0].Value.l = MAPI_PROFSECT;
    extra[1].ulPropTag = PROP_TAG(PT_UNICODE, PROP_ID(PR_PROFILE_NAME));
    extra[1].dwAlignPad = 0;
    extra[1].Value.lpszW = ps->profile;
}

static HRESULT WINAPI profsect_QueryInterface(IProfSect *iface, REFIID riid, void **out)
{
    struct profsect *ps = impl_from_IProfSect(iface);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (!riid) { *out = NULL; return MAPI_E_INVALID_PARAMETER; }
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) ||
        IsEqualIID(riid, &IID_IProfSect)) {
        *out = &ps->IProfSect_iface;
        IProfSect_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI profsect_AddRef(IProfSect *iface)
{
    return InterlockedIncrement(&impl_from_IProfSect(iface)->refcount);
}

static ULONG WINAPI profsect_Release(IProfSect *iface)
{
    struct profsect *ps = impl_from_IProfSect(iface);
    ULONG ref = InterlockedDecrement(&ps->refcount);

    if (!ref) {
        if (ps->on_release) ps->on_release(ps->ctx);
        RegCloseKey(ps->key);
        HeapFree(GetProcessHeap(), 0, ps);
    }
    return ref;
}

static HRESULT WINAPI profsect_GetLastError(IProfSect *iface, HRESULT hr, ULONG flags, LPMAPIERROR *out)
{
    return lasterr_get(&impl_from_IProfSect(iface)->err, hr, flags, out);
}

static HRESULT WINAPI profsect_SaveChanges(IProfSect *iface, ULONG flags)
{
    if (flags & ~(KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS))
        return MAPI_E_UNKNOWN_FLAGS;
    /* Changes are already in the registry. */
    return S_OK;
}

static BOOL bad_tag_array(const SPropTagArray *tags)
{
    return IsBadReadPtr(tags, sizeof(ULONG)) || !tags->cValues ||
           IsBadReadPtr(tags, CbSPropTagArray(tags));
}

static HRESULT WINAPI profsect_GetProps(IProfSect *iface, LPSPropTagArray tags, ULONG flags,
                                        ULONG *count, LPSPropValue *props)
{
    struct profsect *ps = impl_from_IProfSect(iface);
    SPropValue extra[2];
    HRESULT hr;

    if (!count || !props) return MAPI_E_INVALID_PARAMETER;
    if (tags && bad_tag_array(tags)) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    computed(ps, extra);
    hr = profstore_get_props(ps->key, tags, flags, extra, 2, count, props);
    if (FAILED(hr)) lasterr_set(&ps->err, hr, L"cannot read profile section of \"%ls\"", ps->profile);
    return hr;
}

static HRESULT WINAPI profsect_GetPropList(IProfSect *iface, ULONG flags, LPSPropTagArray *tags)
{
    struct profsect *ps = impl_from_IProfSect(iface);
    SPropValue extra[2];

    if (!tags) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    computed(ps, extra);
    return profstore_get_prop_list(ps->key, flags, extra, 2, tags);
}

static HRESULT WINAPI profsect_OpenProperty(IProfSect *iface, ULONG tag, LPCIID iid, ULONG options,
                                            ULONG flags, LPUNKNOWN *out)
{
    struct profsect *ps = impl_from_IProfSect(iface);
    ULONG type = PROP_TYPE(tag);

    if (!out || !iid) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_MODIFY | MAPI_CREATE | MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS))
        return MAPI_E_UNKNOWN_FLAGS;
    if (!IsEqualIID(iid, &IID_IStream)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (type != PT_BINARY && type != PT_STRING8 && type != PT_UNICODE) return MAPI_E_INVALID_TYPE;
    if ((flags & (MAPI_MODIFY | MAPI_CREATE)) && !ps->writable) {
        if (!(flags & MAPI_BEST_ACCESS)) return MAPI_E_NO_ACCESS;
        flags &= ~(MAPI_MODIFY | MAPI_CREATE);
    }
    if (PROP_ID(tag) == PROP_ID(PR_PROFILE_NAME) || PROP_ID(tag) == PROP_ID(PR_OBJECT_TYPE))
        return MAPI_E_COMPUTED;
    return propstream_open(ps->key, tag, flags, (IStream **)out);
}

static HRESULT WINAPI profsect_SetProps(IProfSect *iface, ULONG count, LPSPropValue props,
                                        LPSPropProblemArray *problems)
{
    struct profsect *ps = impl_from_IProfSect(iface);
    HRESULT hr;

    if (!count || !props || IsBadReadPtr(props, count * sizeof(SPropValue)))
        return MAPI_E_INVALID_PARAMETER;
    if (problems) *problems = NULL;
    if (!ps->writable) {
        lasterr_set(&ps->err, MAPI_E_NO_ACCESS, L"the section was opened read-only (MAPI_MODIFY not given)");
        return MAPI_E_NO_ACCESS;
    }
    hr = profstore_set_props(ps->key, count, props, problems);
    if (hr) lasterr_set(&ps->err, hr, L"cannot write to profile \"%ls\"", ps->profile);
    return hr;
}

static HRESULT WINAPI profsect_DeleteProps(IProfSect *iface, LPSPropTagArray tags,
                                           LPSPropProblemArray *problems)
{
    struct profsect *ps = impl_from_IProfSect(iface);

    if (!tags || bad_tag_array(tags)) return MAPI_E_INVALID_PARAMETER;
    if (problems) *problems = NULL;
    if (!ps->writable) {
        lasterr_set(&ps->err, MAPI_E_NO_ACCESS, L"the section was opened read-only (MAPI_MODIFY not given)");
        return MAPI_E_NO_ACCESS;
    }
    return profstore_delete_props(ps->key, tags, problems);
}

/* The destination of CopyTo/CopyProps: any IMAPIProp-derived interface. */
static HRESULT dest_prop(LPCIID iid, void *obj, IMAPIProp **dest)
{
    if (!obj) return MAPI_E_INVALID_PARAMETER;
    if (iid && !IsEqualIID(iid, &IID_IMAPIProp) && !IsEqualIID(iid, &IID_IProfSect) &&
        !IsEqualIID(iid, &IID_IMAPIPropData) && !IsEqualIID(iid, &IID_IMessage) &&
        !IsEqualIID(iid, &IID_IMAPIFolder) && !IsEqualIID(iid, &IID_IMsgStore) &&
        !IsEqualIID(iid, &IID_IAttachment) && !IsEqualIID(iid, &IID_IMailUser) &&
        !IsEqualIID(iid, &IID_IMAPIContainer))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    *dest = obj;
    return S_OK;
}

static HRESULT WINAPI profsect_CopyTo(IProfSect *iface, ULONG ciid, LPCIID excl_iids, LPSPropTagArray excl,
                                      ULONG_PTR ui, LPMAPIPROGRESS progress, LPCIID iid, LPVOID obj,
                                      ULONG flags, LPSPropProblemArray *problems)
{
    IMAPIProp *dest;
    ULONG i;
    HRESULT hr;

    if (flags & ~(MAPI_MOVE | MAPI_NOREPLACE | MAPI_DECLINE_OK | MAPI_DIALOG | MAPI_UNICODE))
        return MAPI_E_UNKNOWN_FLAGS;
    if (ciid && !excl_iids) return MAPI_E_INVALID_PARAMETER;
    if (excl && bad_tag_array(excl)) return MAPI_E_INVALID_PARAMETER;
    if ((hr = dest_prop(iid, obj, &dest))) return hr;
    /* Excluding IMAPIProp excludes everything there is to copy. */
    for (i = 0; i < ciid; i++)
        if (IsEqualIID(&excl_iids[i], &IID_IMAPIProp) || IsEqualIID(&excl_iids[i], &IID_IProfSect)) {
            if (problems) *problems = NULL;
            return S_OK;
        }
    if (dest == (IMAPIProp *)iface) return MAPI_E_NO_ACCESS;
    return propcopy_copy((IMAPIProp *)iface, NULL, excl, dest, flags, problems);
}

static HRESULT WINAPI profsect_CopyProps(IProfSect *iface, LPSPropTagArray incl, ULONG_PTR ui,
                                         LPMAPIPROGRESS progress, LPCIID iid, LPVOID obj, ULONG flags,
                                         LPSPropProblemArray *problems)
{
    IMAPIProp *dest;
    HRESULT hr;

    if (flags & ~(MAPI_MOVE | MAPI_NOREPLACE | MAPI_DECLINE_OK | MAPI_DIALOG | MAPI_UNICODE))
        return MAPI_E_UNKNOWN_FLAGS;
    if (!incl || bad_tag_array(incl)) return MAPI_E_INVALID_PARAMETER;
    if ((hr = dest_prop(iid, obj, &dest))) return hr;
    if (dest == (IMAPIProp *)iface) return MAPI_E_NO_ACCESS;
    return propcopy_copy((IMAPIProp *)iface, incl, NULL, dest, flags, problems);
}

/* Profile sections have no named properties (iprofsectimapiprop.md). */
static HRESULT WINAPI profsect_GetNamesFromIDs(IProfSect *iface, LPSPropTagArray *tags, LPGUID guid,
                                               ULONG flags, ULONG *count, LPMAPINAMEID **names)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI profsect_GetIDsFromNames(IProfSect *iface, ULONG count, LPMAPINAMEID *names,
                                               ULONG flags, LPSPropTagArray *tags)
{
    return MAPI_E_NO_SUPPORT;
}

HRESULT profsect_create(HKEY profile, const WCHAR *profile_name, const MAPIUID *uid, BOOL write,
                        BOOL create, void (*on_release)(void *), void *ctx, IProfSect **out)
{
    struct profsect *ps;
    HRESULT hr;

    if (!(ps = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*ps)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    hr = profstore_open_section(profile, uid, write, write && create, &ps->key);
    if (hr) {
        HeapFree(GetProcessHeap(), 0, ps);
        return hr;
    }
    ps->IProfSect_iface.lpVtbl = (void *)&profsect_vtbl;
    ps->refcount = 1;
    ps->writable = write;
    ps->uid = *uid;
    lstrcpynW(ps->profile, profile_name, ARRAYSIZE(ps->profile));
    lasterr_init(&ps->err);
    ps->on_release = on_release;
    ps->ctx = ctx;
    *out = &ps->IProfSect_iface;
    return S_OK;
}

static const IProfSectVtbl profsect_vtbl =
{
    profsect_QueryInterface,
    profsect_AddRef,
    profsect_Release,
    profsect_GetLastError,
    profsect_SaveChanges,
    profsect_GetProps,
    profsect_GetPropList,
    profsect_OpenProperty,
    profsect_SetProps,
    profsect_DeleteProps,
    profsect_CopyTo,
    profsect_CopyProps,
    profsect_GetNamesFromIDs,
    profsect_GetIDsFromNames,
};
