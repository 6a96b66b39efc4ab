/*
 * MAPI's one-off entry IDs (one-off-entry-identifiers.md) and the one-off
 * IMailUser that IAddrBook::OpenEntry gives for them.
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

static const BYTE one_off_uid[16] = MAPI_ONE_OFF_UID;

BOOL addrbook_is_one_off(ULONG cb, const ENTRYID *eid)
{
    return eid && cb >= 20 && !memcmp((const BYTE *)eid + 4, one_off_uid, 16);
}
/* ---- one-off entry IDs ---- */

static int tlen(LPCTSTR s, BOOL wide)
{
    if (!s) return 0;
    return wide ? lstrlenW((const WCHAR *)s) : lstrlenA((const char *)s);
}

HRESULT addrbook_one_off(LPCTSTR name, LPCTSTR type, LPCTSTR addr, ULONG flags, ULONG *cb, ENTRYID **out)
{
    BOOL wide = (flags & MAPI_UNICODE) != 0;
    ULONG unit = wide ? sizeof(WCHAR) : 1, len[3], total = 24, i;
    LPCTSTR str[3] = {name, type, addr};
    WORD version = 0, oflags;
    BYTE *p;
    HRESULT hr;

    for (i = 0; i < 3; i++) total += len[i] = (tlen(str[i], wide) + 1) * unit;
    if ((hr = MAPIAllocateBuffer(total, (void **)&p))) return hr;
    oflags = (wide ? MAPI_ONE_OFF_UNICODE : 0) | ((flags & MAPI_SEND_NO_RICH_INFO) ? MAPI_ONE_OFF_NO_RICH_INFO : 0);
    memset(p, 0, 4);
    memcpy(p + 4, one_off_uid, 16);
    /* Intel byte order, whatever the machine (one-off-entry-identifiers.md). */
    p[20] = version & 0xff;
    p[21] = version >> 8;
    p[22] = oflags & 0xff;
    p[23] = oflags >> 8;
    total = 24;
    for (i = 0; i < 3; i++) {
        if (str[i]) memcpy(p + total, str[i], len[i] - unit);
        memset(p + total + len[i] - unit, 0, unit);
        total += len[i];
    }
    *cb = total;
    *out = (ENTRYID *)p;
    return S_OK;
}

void oneoff_free(struct ab_one_off *o)
{
    HeapFree(GetProcessHeap(), 0, o->name);
    HeapFree(GetProcessHeap(), 0, o->type);
    HeapFree(GetProcessHeap(), 0, o->addr);
    memset(o, 0, sizeof(*o));
}

/* One NUL-terminated string at *pos (8-bit or UTF-16, maybe unaligned). */
static WCHAR *oneoff_string(const BYTE *p, ULONG cb, ULONG *pos, BOOL wide)
{
    ULONG start = *pos, n = 0;
    WCHAR *w;
    int len;

    if (wide) {
        for (;;) {
            if (start + n * 2 + 1 >= cb) return NULL;
            if (!p[start + n * 2] && !p[start + n * 2 + 1]) break;
            n++;
        }
        if (!(w = HeapAlloc(GetProcessHeap(), 0, (n + 1) * sizeof(WCHAR)))) return NULL;
        memcpy(w, p + start, n * sizeof(WCHAR));
        w[n] = 0;
        *pos = start + (n + 1) * 2;
        return w;
    }
    for (;;) {
        if (start + n >= cb) return NULL;
        if (!p[start + n]) break;
        n++;
    }
    len = n ? MultiByteToWideChar(CP_ACP, 0, (const char *)p + start, n, NULL, 0) : 0;
    if (!(w = HeapAlloc(GetProcessHeap(), 0, (len + 1) * sizeof(WCHAR)))) return NULL;
    if (len) MultiByteToWideChar(CP_ACP, 0, (const char *)p + start, n, w, len);
    w[len] = 0;
    *pos = start + n + 1;
    return w;
}

/* FALSE unless eid is a well-formed one-off entry ID (version 0, three strings). */
BOOL oneoff_parse(ULONG cb, const ENTRYID *eid, struct ab_one_off *o)
{
    const BYTE *p = (const BYTE *)eid;
    ULONG pos = 24;
    BOOL wide;

    memset(o, 0, sizeof(*o));
    if (!addrbook_is_one_off(cb, eid) || cb < 24 || p[20] || p[21]) return FALSE;
    o->flags = p[22] | (p[23] << 8);
    wide = (o->flags & MAPI_ONE_OFF_UNICODE) != 0;
    if (!(o->name = oneoff_string(p, cb, &pos, wide)) || !(o->type = oneoff_string(p, cb, &pos, wide)) ||
        !(o->addr = oneoff_string(p, cb, &pos, wide))) {
        oneoff_free(o);
        return FALSE;
    }
    return TRUE;
}

/* one-off-addresses.md: SMTP one-offs do not get rich text unless asked. */
static BOOL oneoff_rich(const WCHAR *type, WORD oflags)
{
    return !(oflags & MAPI_ONE_OFF_NO_RICH_INFO) && lstrcmpiW(type, L"SMTP");
}

/* The properties of a one-off recipient, strings in the width asked for
 * (one MAPIAllocateBuffer block): PR_RECORD_KEY is the entry ID and
 * PR_SEARCH_KEY "TYPE:ADDRESS" upper case with its NUL
 * (one-off-entry-identifiers.md). */
HRESULT oneoff_props(const WCHAR *name, const WCHAR *type, const WCHAR *addr, WORD oflags, ULONG cbeid,
                      const BYTE *eid, BOOL unicode, SPropValue **out)
{
    SPropValue v[ONEOFF_PROPS];
    WCHAR *key;
    char *key8 = NULL;
    int len, n8;
    HRESULT hr;

    len = lstrlenW(type) + 1 + lstrlenW(addr);
    if (!(key = HeapAlloc(GetProcessHeap(), 0, (len + 1) * sizeof(WCHAR)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    lstrcpyW(key, type);
    lstrcatW(key, L":");
    lstrcatW(key, addr);
    CharUpperW(key);
    n8 = WideCharToMultiByte(CP_ACP, 0, key, -1, NULL, 0, NULL, NULL);
    if (!n8 || !(key8 = HeapAlloc(GetProcessHeap(), 0, n8))) {
        HeapFree(GetProcessHeap(), 0, key);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    WideCharToMultiByte(CP_ACP, 0, key, -1, key8, n8, NULL, NULL);
    memset(v, 0, sizeof(v));
    v[0].ulPropTag = PR_ENTRYID;
    v[0].Value.bin.cb = cbeid;
    v[0].Value.bin.lpb = (BYTE *)eid;
    v[1].ulPropTag = PR_DISPLAY_NAME_W;
    v[1].Value.lpszW = (WCHAR *)name;
    v[2].ulPropTag = PR_ADDRTYPE_W;
    v[2].Value.lpszW = (WCHAR *)type;
    v[3].ulPropTag = PR_EMAIL_ADDRESS_W;
    v[3].Value.lpszW = (WCHAR *)addr;
    v[4].ulPropTag = PR_OBJECT_TYPE;
    v[4].Value.l = MAPI_MAILUSER;
    v[5].ulPropTag = PR_DISPLAY_TYPE;
    v[5].Value.l = DT_MAILUSER;
    v[6].ulPropTag = PR_SEARCH_KEY;
    v[6].Value.bin.cb = n8;
    v[6].Value.bin.lpb = (BYTE *)key8;
    v[7].ulPropTag = PR_RECORD_KEY;
    v[7].Value.bin = v[0].Value.bin;
    v[8].ulPropTag = PR_SEND_RICH_INFO;
    v[8].Value.b = oneoff_rich(type, oflags);
    v[9].ulPropTag = PR_TRANSMITABLE_DISPLAY_NAME_W;
    v[9].Value.lpszW = (WCHAR *)name;
    hr = props_convert(v, ONEOFF_PROPS, unicode, out);
    HeapFree(GetProcessHeap(), 0, key);
    HeapFree(GetProcessHeap(), 0, key8);
    return hr;
}

/* ---- one-off recipients (IMailUser) ---- */

struct oneoff_user {
    IMAPIProp IMAPIProp_iface;  /* IMailUser adds nothing to IMAPIProp */
    LONG refcount;
    IPropData *props;
};

static const IMAPIPropVtbl oneoff_vtbl;

static inline struct oneoff_user *impl_from_oneoff(IMAPIProp *iface)
{
    return CONTAINING_RECORD(iface, struct oneoff_user, IMAPIProp_iface);
}

HRESULT oneoff_open(ULONG cb, const ENTRYID *eid, LPCIID iid, ULONG *type, IUnknown **out)
{
    struct oneoff_user *u;
    struct ab_one_off o;
    SPropValue *props;
    HRESULT hr;

    if (iid && !IsEqualIID(iid, &IID_IMailUser) && !IsEqualIID(iid, &IID_IMAPIProp) && !IsEqualIID(iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (!oneoff_parse(cb, eid, &o)) return MAPI_E_INVALID_ENTRYID;
    hr = oneoff_props(o.name, o.type, o.addr, o.flags, cb, (const BYTE *)eid, TRUE, &props);
    oneoff_free(&o);
    if (hr) return hr;
    if (!(u = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*u)))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else if ((hr = ab_make_props(props, ONEOFF_PROPS, &u->props))) HeapFree(GetProcessHeap(), 0, u);
    MAPIFreeBuffer(props);
    if (hr) return hr;
    u->IMAPIProp_iface.lpVtbl = (IMAPIPropVtbl *)&oneoff_vtbl;
    u->refcount = 1;
    *type = MAPI_MAILUSER;
    *out = (IUnknown *)&u->IMAPIProp_iface;
    return S_OK;
}

static HRESULT WINAPI oneoff_QueryInterface(IMAPIProp *iface, REFIID riid, void **out)
{
    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!riid) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) || IsEqualIID(riid, &IID_IMailUser)) {
        *out = iface;
        IMAPIProp_AddRef(iface);
        return S_OK;
    }
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI oneoff_AddRef(IMAPIProp *iface)
{
    return InterlockedIncrement(&impl_from_oneoff(iface)->refcount);
}

static ULONG WINAPI oneoff_Release(IMAPIProp *iface)
{
    struct oneoff_user *u = impl_from_oneoff(iface);
    ULONG ref = InterlockedDecrement(&u->refcount);

    if (!ref) {
        IPropData_Release(u->props);
        HeapFree(GetProcessHeap(), 0, u);
    }
    return ref;
}

static HRESULT WINAPI oneoff_GetLastError(IMAPIProp *iface, HRESULT hr, ULONG flags, LPMAPIERROR *out)
{
    return IPropData_GetLastError(impl_from_oneoff(iface)->props, hr, flags, out);
}

AB_FORWARD_PROPS(oneoff, IMAPIProp, impl_from_oneoff)

static const IMAPIPropVtbl oneoff_vtbl = {
    oneoff_QueryInterface,
    oneoff_AddRef,
    oneoff_Release,
    oneoff_GetLastError,
    oneoff_SaveChanges,
    oneoff_GetProps,
    oneoff_GetPropList,
    oneoff_OpenProperty,
    oneoff_SetProps,
    oneoff_DeleteProps,
    oneoff_CopyTo,
    oneoff_CopyProps,
    oneoff_GetNamesFromIDs,
    oneoff_GetIDsFromNames,
};
