/* MAPIGetDefaultMalloc (mapigetdefaultmalloc.md): the IMalloc that MAPI hands
 * to providers. One static object over a private heap, so DidAlloc can answer
 * and Free can refuse memory that is not its own. */
#include "mapi32_private.h"

static HANDLE malloc_heap;

static HRESULT WINAPI malloc_QueryInterface(IMalloc *iface, REFIID riid, void **ppv)
{
    if (!ppv) return E_INVALIDARG;
    if (riid && (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMalloc)))
    {
        *ppv = iface;
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

/* The object is static and lives as long as the DLL. */
static ULONG WINAPI malloc_AddRef(IMalloc *iface)
{
    (void)iface;
    return 2;
}

static ULONG WINAPI malloc_Release(IMalloc *iface)
{
    (void)iface;
    return 1;
}

static void *WINAPI malloc_Alloc(IMalloc *iface, SIZE_T cb)
{
    (void)iface;
    return HeapAlloc(malloc_heap, 0, cb);
}

static BOOL is_ours(void *pv)
{
    return pv && HeapValidate(malloc_heap, 0, pv);
}

static void *WINAPI malloc_Realloc(IMalloc *iface, void *pv, SIZE_T cb)
{
    if (!pv) return malloc_Alloc(iface, cb);
    if (!is_ours(pv)) return NULL;
    if (!cb)
    {
        HeapFree(malloc_heap, 0, pv);
        return NULL;
    }
    return HeapReAlloc(malloc_heap, 0, pv, cb);
}

static void WINAPI malloc_Free(IMalloc *iface, void *pv)
{
    (void)iface;
    if (is_ours(pv)) HeapFree(malloc_heap, 0, pv);
}

static SIZE_T WINAPI malloc_GetSize(IMalloc *iface, void *pv)
{
    (void)iface;
    return is_ours(pv) ? HeapSize(malloc_heap, 0, pv) : (SIZE_T)-1;
}

static int WINAPI malloc_DidAlloc(IMalloc *iface, void *pv)
{
    (void)iface;
    if (!pv) return -1;
    return is_ours(pv) ? 1 : 0;
}

static void WINAPI malloc_HeapMinimize(IMalloc *iface)
{
    (void)iface;
    HeapCompact(malloc_heap, 0);
}

static const IMallocVtbl malloc_vtbl =
{
    malloc_QueryInterface,
    malloc_AddRef,
    malloc_Release,
    malloc_Alloc,
    malloc_Realloc,
    malloc_Free,
    malloc_GetSize,
    malloc_DidAlloc,
    malloc_HeapMinimize,
};

static IMalloc default_malloc = { (IMallocVtbl *)&malloc_vtbl };

BOOL freemapi_malloc_init(void)
{
    malloc_heap = HeapCreate(0, 0, 0);
    return malloc_heap != NULL;
}

void freemapi_malloc_shutdown(void)
{
    if (malloc_heap) HeapDestroy(malloc_heap);
    malloc_heap = NULL;
}

/* Returns MAPI's IMalloc; it needs no Release, but AddRef/Release are harmless. */
LPMALLOC WINAPI MAPIGetDefaultMalloc(void)
{
    TRACE("() -> %p", &default_malloc);
    return &default_malloc;
}
