/*
 * HrIStorageFromStream (hristoragefromstream.md) and
 * IMAPISupport::IStorageFromStream: an OLE structured storage kept inside a
 * stream.  An ILockBytes reads and writes the stream itself (from its start,
 * or with STGSTRM_CURRENT from where it stands), so a storage opened with
 * STGSTRM_MODIFY changes the stream; StgOpenStorageOnILockBytes /
 * StgCreateDocfileOnILockBytes do the rest.
 */
#define COBJMACROS
#include "mapi32_private.h"

#include <mapiutil.h>
#include <mapispi.h>

struct lockbytes {
    ILockBytes ILockBytes_iface;
    LONG refcount;
    IStream *stream;
    ULARGE_INTEGER base;        /* where the storage starts in the stream */
};

static inline struct lockbytes *impl_from_ILockBytes(ILockBytes *iface)
{
    return CONTAINING_RECORD(iface, struct lockbytes, ILockBytes_iface);
}

static HRESULT WINAPI lb_QueryInterface(ILockBytes *iface, REFIID riid, void **out)
{
    if (!out) return E_INVALIDARG;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_ILockBytes)) {
        *out = iface;
        ILockBytes_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI lb_AddRef(ILockBytes *iface)
{
    return InterlockedIncrement(&impl_from_ILockBytes(iface)->refcount);
}

static ULONG WINAPI lb_Release(ILockBytes *iface)
{
    struct lockbytes *lb = impl_from_ILockBytes(iface);
    ULONG ref = InterlockedDecrement(&lb->refcount);

    if (!ref) {
        IStream_Release(lb->stream);
        HeapFree(GetProcessHeap(), 0, lb);
    }
    return ref;
}

static HRESULT seek(struct lockbytes *lb, ULARGE_INTEGER offset)
{
    LARGE_INTEGER pos;

    pos.QuadPart = (LONGLONG)(lb->base.QuadPart + offset.QuadPart);
    return IStream_Seek(lb->stream, pos, STREAM_SEEK_SET, NULL);
}

static HRESULT WINAPI lb_ReadAt(ILockBytes *iface, ULARGE_INTEGER offset, void *buf, ULONG cb, ULONG *read)
{
    struct lockbytes *lb = impl_from_ILockBytes(iface);
    HRESULT hr;

    if (read) *read = 0;
    if (FAILED(hr = seek(lb, offset))) return hr;
    return IStream_Read(lb->stream, buf, cb, read);
}

static HRESULT WINAPI lb_WriteAt(ILockBytes *iface, ULARGE_INTEGER offset, const void *buf, ULONG cb,
                                 ULONG *written)
{
    struct lockbytes *lb = impl_from_ILockBytes(iface);
    HRESULT hr;

    if (written) *written = 0;
    if (FAILED(hr = seek(lb, offset))) return hr;
    return IStream_Write(lb->stream, buf, cb, written);
}

static HRESULT WINAPI lb_Flush(ILockBytes *iface)
{
    IStream_Commit(impl_from_ILockBytes(iface)->stream, STGC_DEFAULT);
    return S_OK;
}

static HRESULT WINAPI lb_SetSize(ILockBytes *iface, ULARGE_INTEGER size)
{
    struct lockbytes *lb = impl_from_ILockBytes(iface);
    ULARGE_INTEGER total;

    total.QuadPart = lb->base.QuadPart + size.QuadPart;
    return IStream_SetSize(lb->stream, total);
}

static HRESULT WINAPI lb_LockRegion(ILockBytes *iface, ULARGE_INTEGER offset, ULARGE_INTEGER cb, DWORD type)
{
    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI lb_UnlockRegion(ILockBytes *iface, ULARGE_INTEGER offset, ULARGE_INTEGER cb, DWORD type)
{
    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI lb_Stat(ILockBytes *iface, STATSTG *stat, DWORD flags)
{
    struct lockbytes *lb = impl_from_ILockBytes(iface);
    HRESULT hr;

    if (FAILED(hr = IStream_Stat(lb->stream, stat, flags | STATFLAG_NONAME))) return hr;
    stat->pwcsName = NULL;
    stat->type = STGTY_LOCKBYTES;
    stat->cbSize.QuadPart = stat->cbSize.QuadPart > lb->base.QuadPart ? stat->cbSize.QuadPart - lb->base.QuadPart : 0;
    return S_OK;
}

static const ILockBytesVtbl lockbytes_vtbl =
{
    lb_QueryInterface,
    lb_AddRef,
    lb_Release,
    lb_ReadAt,
    lb_WriteAt,
    lb_Flush,
    lb_SetSize,
    lb_LockRegion,
    lb_UnlockRegion,
    lb_Stat,
};

/* Opens (or with STGSTRM_CREATE makes) a storage inside lpUnkIn's stream. */
HRESULT WINAPI HrIStorageFromStream(LPUNKNOWN lpUnkIn, LPCIID lpInterface, ULONG ulFlags, LPSTORAGE *lppStorageOut)
{
    struct lockbytes *lb;
    LARGE_INTEGER zero;
    IStream *stream;
    DWORD mode;
    HRESULT hr;

    if (!lpUnkIn || !lppStorageOut) return MAPI_E_INVALID_PARAMETER;
    *lppStorageOut = NULL;
    if (ulFlags & ~(STGSTRM_CURRENT | STGSTRM_MODIFY | STGSTRM_CREATE)) return MAPI_E_UNKNOWN_FLAGS;
    if (lpInterface && !IsEqualIID(lpInterface, &IID_IStream) && !IsEqualIID(lpInterface, &IID_ILockBytes) &&
        !IsEqualIID(lpInterface, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (FAILED(hr = IUnknown_QueryInterface(lpUnkIn, &IID_IStream, (void **)&stream)))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (!(lb = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*lb)))) {
        IStream_Release(stream);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    lb->ILockBytes_iface.lpVtbl = (ILockBytesVtbl *)&lockbytes_vtbl;
    lb->refcount = 1;
    lb->stream = stream;
    if (ulFlags & STGSTRM_CURRENT) {
        zero.QuadPart = 0;
        IStream_Seek(stream, zero, STREAM_SEEK_CUR, &lb->base);
    }
    mode = STGM_SHARE_EXCLUSIVE | STGM_TRANSACTED |
           ((ulFlags & (STGSTRM_MODIFY | STGSTRM_CREATE)) ? STGM_READWRITE : STGM_READ);
    if (ulFlags & STGSTRM_CREATE)
        hr = StgCreateDocfileOnILockBytes(&lb->ILockBytes_iface, mode | STGM_CREATE, 0, lppStorageOut);
    else
        hr = StgOpenStorageOnILockBytes(&lb->ILockBytes_iface, NULL, mode, NULL, 0, lppStorageOut);
    ILockBytes_Release(&lb->ILockBytes_iface);
    TRACE("(%p, %#lx) -> %#lx", lpUnkIn, ulFlags, hr);
    if (FAILED(hr)) {
        *lppStorageOut = NULL;
        return hr == STG_E_FILEALREADYEXISTS || hr == STG_E_INVALIDHEADER ? MAPI_E_CORRUPT_DATA : hr;
    }
    return S_OK;
}
