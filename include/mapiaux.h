/*
 * mapiaux.h - IMsgServiceAdmin2 (FreeMAPI SDK).  The same object as
 * IMsgServiceAdmin, reached with QueryInterface(IID_IMsgServiceAdmin2).
 */
#ifndef MAPIAUX_H
#define MAPIAUX_H

#include <mapix.h>

#ifdef __cplusplus
extern "C" {
#endif

DECLARE_MAPI_INTERFACE_PTR(IMsgServiceAdmin2, LPSERVICEADMIN2);

/* CreateMsgServiceEx: fills *lpuidService with the new PR_SERVICE_UID. */
#undef INTERFACE
#define INTERFACE IMsgServiceAdmin2
DECLARE_INTERFACE_(IMsgServiceAdmin2, IMsgServiceAdmin)
{
    BEGIN_INTERFACE
    /* IUnknown, slots 0-2 */
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **ppvObj) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    /* IMsgServiceAdmin, slots 3-14 */
    STDMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError) PURE;
    STDMETHOD(GetMsgServiceTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(CreateMsgService)(THIS_ LPTSTR lpszService, LPTSTR lpszDisplayName,
        ULONG_PTR ulUIParam, ULONG ulFlags) PURE;
    STDMETHOD(DeleteMsgService)(THIS_ LPMAPIUID lpUID) PURE;
    STDMETHOD(CopyMsgService)(THIS_ LPMAPIUID lpUID, LPTSTR lpszDisplayName,
        LPCIID lpInterfaceToCopy, LPCIID lpInterfaceDst, LPVOID lpObjectDst, ULONG_PTR ulUIParam,
        ULONG ulFlags) PURE;
    STDMETHOD(RenameMsgService)(THIS_ LPMAPIUID lpUID, ULONG ulFlags, LPTSTR lpszDisplayName) PURE;
    STDMETHOD(ConfigureMsgService)(THIS_ LPMAPIUID lpUID, ULONG_PTR ulUIParam, ULONG ulFlags,
        ULONG cValues, LPSPropValue lpProps) PURE;
    STDMETHOD(OpenProfileSection)(THIS_ LPMAPIUID lpUID, LPCIID lpInterface, ULONG ulFlags,
        LPPROFSECT *lppProfSect) PURE;
    STDMETHOD(MsgServiceTransportOrder)(THIS_ ULONG cUID, LPMAPIUID lpUIDList, ULONG ulFlags) PURE;
    STDMETHOD(AdminProviders)(THIS_ LPMAPIUID lpUID, ULONG ulFlags,
        LPPROVIDERADMIN *lppProviderAdmin) PURE;
    STDMETHOD(SetPrimaryIdentity)(THIS_ LPMAPIUID lpUID, ULONG ulFlags) PURE;
    STDMETHOD(GetProviderTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    /* IMsgServiceAdmin2, slots 15-15 */
    STDMETHOD(CreateMsgServiceEx)(THIS_ LPTSTR lpszService, LPTSTR lpszDisplayName,
        ULONG_PTR ulUIParam, ULONG ulFlags, LPMAPIUID lpuidService) PURE;
};

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IMsgServiceAdmin2_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IMsgServiceAdmin2_AddRef(p) (p)->lpVtbl->AddRef(p)
#define IMsgServiceAdmin2_Release(p) (p)->lpVtbl->Release(p)
#define IMsgServiceAdmin2_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMsgServiceAdmin2_GetMsgServiceTable(p,a,b) (p)->lpVtbl->GetMsgServiceTable(p,a,b)
#define IMsgServiceAdmin2_CreateMsgService(p,a,b,c,d) (p)->lpVtbl->CreateMsgService(p,a,b,c,d)
#define IMsgServiceAdmin2_DeleteMsgService(p,a) (p)->lpVtbl->DeleteMsgService(p,a)
#define IMsgServiceAdmin2_CopyMsgService(p,a,b,c,d,e,f,g) (p)->lpVtbl->CopyMsgService(p,a,b,c,d,e,f,g)
#define IMsgServiceAdmin2_RenameMsgService(p,a,b,c) (p)->lpVtbl->RenameMsgService(p,a,b,c)
#define IMsgServiceAdmin2_ConfigureMsgService(p,a,b,c,d,e) (p)->lpVtbl->ConfigureMsgService(p,a,b,c,d,e)
#define IMsgServiceAdmin2_OpenProfileSection(p,a,b,c,d) (p)->lpVtbl->OpenProfileSection(p,a,b,c,d)
#define IMsgServiceAdmin2_MsgServiceTransportOrder(p,a,b,c) (p)->lpVtbl->MsgServiceTransportOrder(p,a,b,c)
#define IMsgServiceAdmin2_AdminProviders(p,a,b,c) (p)->lpVtbl->AdminProviders(p,a,b,c)
#define IMsgServiceAdmin2_SetPrimaryIdentity(p,a,b) (p)->lpVtbl->SetPrimaryIdentity(p,a,b)
#define IMsgServiceAdmin2_GetProviderTable(p,a,b) (p)->lpVtbl->GetProviderTable(p,a,b)
#define IMsgServiceAdmin2_CreateMsgServiceEx(p,a,b,c,d,e) (p)->lpVtbl->CreateMsgServiceEx(p,a,b,c,d,e)
#endif

#ifdef __cplusplus
}
#endif

#endif /* MAPIAUX_H */
