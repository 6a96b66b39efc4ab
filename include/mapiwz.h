/*
 * mapiwz.h - profile wizard entry point (FreeMAPI SDK).
 */
#ifndef MAPIWZ_H
#define MAPIWZ_H

#include <mapix.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WIZ_QUERYNUMPAGES (WM_USER + 10)
#define WIZ_NEXT          (WM_USER + 11)
#define WIZ_PREV          (WM_USER + 12)

#define MAPI_PW_FIRST_PROFILE      0x00000001
#define MAPI_PW_LAUNCHED_BY_CONFIG 0x00000002
#define MAPI_PW_ADD_SERVICE_ONLY   0x00000004
#define MAPI_PW_PROVIDER_UI_ONLY   0x00000008
#define MAPI_PW_HIDE_SERVICES_LIST 0x00000010

#define PR_WIZARD_NO_PST_PAGE PROP_TAG(PT_BOOLEAN, 0x6700)
#define PR_WIZARD_NO_PAB_PAGE PROP_TAG(PT_BOOLEAN, 0x6701)

/* mapi32 exports it as "LAUNCHWIZARD" (and LaunchWizard@20). */
typedef HRESULT (STDAPICALLTYPE LAUNCHWIZARDENTRY)(HWND hParentWnd, ULONG ulFlags,
        LPCTSTR *lppszServiceNameToAdd, ULONG cbBufferMax, LPTSTR lpszNewProfileName);
typedef LAUNCHWIZARDENTRY *LPLAUNCHWIZARDENTRY;
#define LAUNCHWIZARDENTRYNAME "LAUNCHWIZARD"

/* Wizard page entry exported by a service DLL (WIZARD_ENTRY_NAME in MAPISVC.INF) */
typedef BOOL (STDAPICALLTYPE SERVICEWIZARDDLGPROC)(HWND hDlg, UINT wMsgID, WPARAM wParam,
        LPARAM lParam);
typedef ULONG (STDAPICALLTYPE WIZARDENTRY)(HINSTANCE hProviderDLLInstance,
        LPTSTR *lppcsResourceName, DLGPROC *lppDlgProc, LPMAPIPROP lpMapiProp,
        LPVOID lpMapiSupportObject);
typedef SERVICEWIZARDDLGPROC *LPSERVICEWIZARDDLGPROC;
typedef WIZARDENTRY *LPWIZARDENTRY;

#ifdef __cplusplus
}
#endif

#endif /* MAPIWZ_H */
