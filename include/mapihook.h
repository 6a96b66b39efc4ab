/*
 * mapihook.h - spooler hook providers (FreeMAPI SDK).
 */
#ifndef MAPIHOOK_H
#define MAPIHOOK_H

#include <mapix.h>

#ifdef __cplusplus
extern "C" {
#endif

DECLARE_MAPI_INTERFACE_PTR(ISpoolerHook, LPSPOOLERHOOK);

/* InboundMsgHook / OutboundMsgHook: *lpulFlags results */
#define HOOK_DELETE ((ULONG)0x00000001)
#define HOOK_CANCEL ((ULONG)0x00000002)

#undef INTERFACE
#define INTERFACE ISpoolerHook
DECLARE_INTERFACE_(ISpoolerHook, IUnknown)
{
    BEGIN_INTERFACE
    /* IUnknown, slots 0-2 */
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **ppvObj) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    /* ISpoolerHook, slots 3-4 */
    STDMETHOD(InboundMsgHook)(THIS_ LPMESSAGE lpMessage, LPMAPIFOLDER lpFolder, LPMDB lpMDB,
        ULONG *lpulFlags, ULONG *lpcbEntryID, LPBYTE *lppEntryID) PURE;
    STDMETHOD(OutboundMsgHook)(THIS_ LPMESSAGE lpMessage, LPMAPIFOLDER lpFolder, LPMDB lpMDB,
        ULONG *lpulFlags, ULONG *lpcbEntryID, LPBYTE *lppEntryID) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define ISpoolerHook_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define ISpoolerHook_AddRef(p) (p)->lpVtbl->AddRef(p)
#define ISpoolerHook_Release(p) (p)->lpVtbl->Release(p)
#define ISpoolerHook_InboundMsgHook(p,a,b,c,d,e,f) (p)->lpVtbl->InboundMsgHook(p,a,b,c,d,e,f)
#define ISpoolerHook_OutboundMsgHook(p,a,b,c,d,e,f) (p)->lpVtbl->OutboundMsgHook(p,a,b,c,d,e,f)
#endif

/* PR_RESOURCE_FLAGS of a hook provider */
#define HOOK_INBOUND  ((ULONG)0x00000200)
#define HOOK_OUTBOUND ((ULONG)0x00000400)

/* Exported as "HPProviderInit" by hook provider DLLs; cdecl like all provider inits. */
typedef HRESULT (STDMAPIINITCALLTYPE HPPROVIDERINIT)(LPMAPISESSION lpSession, HINSTANCE hInstance,
        LPALLOCATEBUFFER lpAllocateBuffer, LPALLOCATEMORE lpAllocateMore,
        LPFREEBUFFER lpFreeBuffer, LPMAPIUID lpSectionUID, ULONG ulFlags,
        LPSPOOLERHOOK *lppSpoolerHook);
typedef HPPROVIDERINIT *LPHPPROVIDERINIT;

HPPROVIDERINIT HPProviderInit;

#ifdef __cplusplus
}
#endif

#endif /* MAPIHOOK_H */
