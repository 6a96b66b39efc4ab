/*
 * IStream on one property of a profile section (IMAPIProp::OpenProperty with
 * IID_IStream).  The bytes live in an HGLOBAL stream; a writable stream puts
 * them back into the registry on Commit, and on the last Release if it was
 * written and not committed since, since a profile section is not transacted.
 */
#define COBJMACROS
#include "mapi32_private.h"
#include "profile_store.h"
#include "profsect.h"

#include <mapiutil.h>

struct propstream {
    IStream IStream_iface;
    LONG refcount;
    IStream *inner;
    HKEY key;           /* our own handle on the section, writable streams only */
    ULONG tag;
    BOOL dirty;
};

static inline struct propstream *impl_from_IStream(IStream *iface)
{
    return CONTAINING_RECORD(iface, struct propstream, IStream_iface);
}

/* Writes the stream's bytes back as the property. */
static HRESULT write_back(struct propstream *s)
{
    HGLOBAL mem;
    STATSTG st;
    SPropValue v;
    BYTE *p;
    HRESULT hr;
    ULONG type = PROP_TYPE(s->tag), cb;

    if (FAILED(hr = GetHGlobalFromStream(s->inner, &mem))) return hr;
    if (FAILED(hr = IStream_Stat(s->inner, &st, STATFLAG_NONAME))) return hr;
    if (st.cbSize.QuadPart > 0x7ffffff0) return MAPI_E_TOO_BIG;
    cb = (ULONG)st.cbSize.QuadPart;
    if (!(p = GlobalLock(mem))) return MAPI_E_NOT_ENOUGH_MEMORY;
    v.ulPropTag = s->tag;
    v.dwAlignPad = 0;
    if (type == PT_BINARY) {
        v.Value.bin.cb = cb;
        v.Value.bin.lpb = p;
        hr = profstore_set_one(s->key, &v);
    } else {
        /* Strings: the stream holds the text, terminated or not. */
        ULONG unit = type == PT_UNICODE ? 2 : 1;
        BYTE *copy = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, cb + 2);
        if (!copy) hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else {
            memcpy(copy, p, cb - cb % unit);
            v.Value.lpszA = (char *)copy;
            hr = profstore_set_one(s->key, &v);
            HeapFree(GetProcessHeap(), 0, copy);
        }
    }
    GlobalUnlock(mem);
    if (!hr) s->dirty = FALSE;
    return hr;
}

static HRESULT WINAPI propstream_QueryInterface(IStream *iface, REFIID riid, void **out)
{
    struct propstream *s = impl_from_IStream(iface);

    if (!out) return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_ISequentialStream) ||
        IsEqualIID(riid, &IID_IStream)) {
        *out = &s->IStream_iface;
        IStream_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI propstream_AddRef(IStream *iface)
{
    return InterlockedIncrement(&impl_from_IStream(iface)->refcount);
}

static ULONG WINAPI propstream_Release(IStream *iface)
{
    struct propstream *s = impl_from_IStream(iface);
    ULONG ref = InterlockedDecrement(&s->refcount);

    if (!ref) {
        if (s->dirty) write_back(s);
        IStream_Release(s->inner);
        if (s->key) RegCloseKey(s->key);
        HeapFree(GetProcessHeap(), 0, s);
    }
    return ref;
}

static HRESULT WINAPI propstream_Read(IStream *iface, void *buf, ULONG cb, ULONG *read)
{
    return IStream_Read(impl_from_IStream(iface)->inner, buf, cb, read);
}

static HRESULT WINAPI propstream_Write(IStream *iface, const void *buf, ULONG cb, ULONG *written)
{
    struct propstream *s = impl_from_IStream(iface);
    if (!s->key) return STG_E_ACCESSDENIED;
    s->dirty = TRUE;
    return IStream_Write(s->inner, buf, cb, written);
}

static HRESULT WINAPI propstream_Seek(IStream *iface, LARGE_INTEGER move, DWORD origin, ULARGE_INTEGER *pos)
{
    return IStream_Seek(impl_from_IStream(iface)->inner, move, origin, pos);
}

static HRESULT WINAPI propstream_SetSize(IStream *iface, ULARGE_INTEGER size)
{
    struct propstream *s = impl_from_IStream(iface);
    if (!s->key) return STG_E_ACCESSDENIED;
    s->dirty = TRUE;
    return IStream_SetSize(s->inner, size);
}

static HRESULT WINAPI propstream_CopyTo(IStream *iface, IStream *dest, ULARGE_INTEGER cb,
                                        ULARGE_INTEGER *read, ULARGE_INTEGER *written)
{
    return IStream_CopyTo(impl_from_IStream(iface)->inner, dest, cb, read, written);
}

static HRESULT WINAPI propstream_Commit(IStream *iface, DWORD flags)
{
    struct propstream *s = impl_from_IStream(iface);
    if (!s->key) return STG_E_ACCESSDENIED;
    return write_back(s);
}

static HRESULT WINAPI propstream_Revert(IStream *iface)
{
    return S_OK;
}

static HRESULT WINAPI propstream_LockRegion(IStream *iface, ULARGE_INTEGER off, ULARGE_INTEGER cb, DWORD type)
{
    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI propstream_UnlockRegion(IStream *iface, ULARGE_INTEGER off, ULARGE_INTEGER cb, DWORD type)
{
    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI propstream_Stat(IStream *iface, STATSTG *st, DWORD flags)
{
    struct propstream *s = impl_from_IStream(iface);
    HRESULT hr = IStream_Stat(s->inner, st, flags);
    if (SUCCEEDED(hr)) st->grfMode = s->key ? STGM_READWRITE : STGM_READ;
    return hr;
}

static HRESULT WINAPI propstream_Clone(IStream *iface, IStream **out)
{
    /* Two writers on one property would each write back their own bytes. */
    return STG_E_INVALIDFUNCTION;
}

static const IStreamVtbl propstream_vtbl;

HRESULT propstream_open(HKEY section, ULONG tag, ULONG flags, IStream **out)
{
    struct propstream *s;
    SPropValue *v = NULL;
    const void *data = NULL;
    ULONG cb = 0;
    HRESULT hr;

    hr = profstore_get_one(section, tag, &v);
    if (hr == MAPI_E_NOT_FOUND && (flags & MAPI_CREATE)) hr = S_OK;
    if (hr) return hr;
    /* MAPI_CREATE starts from nothing even if the property exists. */
    if (v && !(flags & MAPI_CREATE)) {
        if (PROP_TYPE(tag) == PT_BINARY) {
            data = v->Value.bin.lpb;
            cb = v->Value.bin.cb;
        } else if (PROP_TYPE(tag) == PT_UNICODE) {
            data = v->Value.lpszW;
            cb = lstrlenW(v->Value.lpszW) * sizeof(WCHAR);
        } else {
            data = v->Value.lpszA;
            cb = lstrlenA(v->Value.lpszA);
        }
    }
    if (!(s = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*s)))) {
        HeapFree(GetProcessHeap(), 0, v);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    hr = CreateStreamOnHGlobal(NULL, TRUE, &s->inner);
    if (SUCCEEDED(hr) && cb) {
        LARGE_INTEGER zero = {{0}};
        hr = IStream_Write(s->inner, data, cb, NULL);
        if (SUCCEEDED(hr)) hr = IStream_Seek(s->inner, zero, STREAM_SEEK_SET, NULL);
    }
    HeapFree(GetProcessHeap(), 0, v);
    if (SUCCEEDED(hr) && (flags & (MAPI_MODIFY | MAPI_CREATE)) &&
        RegOpenKeyExW(section, NULL, 0, KEY_ALL_ACCESS, &s->key))
        hr = MAPI_E_CALL_FAILED;
    if (FAILED(hr)) {
        if (s->inner) IStream_Release(s->inner);
        HeapFree(GetProcessHeap(), 0, s);
        return hr == E_OUTOFMEMORY ? MAPI_E_NOT_ENOUGH_MEMORY : MAPI_E_CALL_FAILED;
    }
    s->IStream_iface.lpVtbl = (void *)&propstream_vtbl;
    s->refcount = 1;
    s->tag = tag;
    /* MAPI_CREATE empties the property even if nothing is written. */
    s->dirty = (flags & MAPI_CREATE) != 0;
    *out = &s->IStream_iface;
    return S_OK;
}

static const IStreamVtbl propstream_vtbl =
{
    propstream_QueryInterface,
    propstream_AddRef,
    propstream_Release,
    propstream_Read,
    propstream_Write,
    propstream_Seek,
    propstream_SetSize,
    propstream_CopyTo,
    propstream_Commit,
    propstream_Revert,
    propstream_LockRegion,
    propstream_UnlockRegion,
    propstream_Stat,
    propstream_Clone,
};
