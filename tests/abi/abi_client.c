/*
 * Compile-only: a translation unit shaped like a MAPI client.  It owns the
 * GUIDs (INITGUID) and uses the C accessor macros; nothing here is called.
 */
#define INITGUID
#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>
#include <mapiguid.h>
#include <mapitags.h>
#include <mapi.h>
#include <mapiaux.h>

const IID *abi_client_iids[] = {
    &IID_IMAPISession, &IID_IMAPIClientShutdown, &IID_IMAPIProviderShutdown,
    &IID_IMsgServiceAdmin2, &IID_IProfSect, &IID_IMAPITable, &IID_IMAPIProp,
};

static const MAPIUID profile_props = { PS_PROFILE_PROPERTIES_INIT };
static const MAPIUID global_section = { GLOBAL_PROFILE_SECTION_MAPIUID };

HRESULT abi_client_session(void);

HRESULT abi_client_session(void)
{
    MAPIINIT_0 init = { MAPI_INIT_VERSION, MAPI_MULTITHREAD_NOTIFICATIONS | MAPI_NO_COINIT };
    LPMAPISESSION session = NULL;
    LPMAPICLIENTSHUTDOWN shutdown = NULL;
    LPMAPITABLE table = NULL;
    LPPROFSECT sect = NULL;
    LPSRowSet rows = NULL;
    LPSPropValue prop = NULL;
    LPSERVICEADMIN admin = NULL;
    LPSERVICEADMIN2 admin2 = NULL;
    MAPIUID uid;
    ULONG_PTR conn = 0;
    SizedSPropTagArray(2, cols) = { 2, { PR_DISPLAY_NAME_A, PR_ENTRYID } };
    HRESULT hr;

    hr = MAPIInitialize(&init);
    if (FAILED(hr))
        return hr;
    hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION, &session);
    if (HR_FAILED(hr))
        goto out;

    if (SUCCEEDED(IMAPISession_QueryInterface(session, &IID_IMAPIClientShutdown,
                                              (void **)&shutdown)))
    {
        if (IMAPIClientShutdown_QueryFastShutdown(shutdown) == S_OK)
        {
            IMAPIClientShutdown_NotifyProcessShutdown(shutdown);
            IMAPIClientShutdown_DoFastShutdown(shutdown);
        }
        IMAPIClientShutdown_Release(shutdown);
    }

    if (SUCCEEDED(IMAPISession_GetMsgStoresTable(session, 0, &table)))
    {
        IMAPITable_SetColumns(table, (LPSPropTagArray)&cols, TBL_BATCH);
        IMAPITable_SeekRow(table, BOOKMARK_BEGINNING, 0, NULL);
        if (SUCCEEDED(HrQueryAllRows(table, (LPSPropTagArray)&cols, NULL, NULL, 0, &rows)))
            FreeProws(rows);
        IMAPITable_Release(table);
    }

    memcpy(&uid, &profile_props, sizeof(uid));
    if (!memcmp(&uid, &global_section, sizeof(uid)) || !memcmp(&uid, pbGlobalProfileSectionGuid, 16))
        return E_FAIL;
    if (SUCCEEDED(IMAPISession_OpenProfileSection(session, &uid, NULL,
                                                  MAPI_MODIFY | MAPI_FORCE_ACCESS, &sect)))
    {
        if (SUCCEEDED(HrGetOneProp((LPMAPIPROP)sect, PR_PROFILE_NAME_W, &prop)))
            MAPIFreeBuffer(prop);
        IProfSect_SaveChanges(sect, KEEP_OPEN_READWRITE);
        IProfSect_Release(sect);
    }

    if (SUCCEEDED(IMAPISession_AdminServices(session, 0, &admin)))
    {
        if (SUCCEEDED(IMsgServiceAdmin_QueryInterface(admin, &IID_IMsgServiceAdmin2,
                                                      (void **)&admin2)))
        {
            IMsgServiceAdmin2_CreateMsgServiceEx(admin2, (LPTSTR)"MSUPST MS", NULL, 0, 0, &uid);
            IMsgServiceAdmin2_Release(admin2);
        }
        IMsgServiceAdmin_Release(admin);
    }

    IMAPISession_Advise(session, 0, NULL, fnevNewMail | fnevObjectCreated, NULL, &conn);
    IMAPISession_Unadvise(session, conn);
    IMAPISession_Logoff(session, 0, MAPI_LOGOFF_UI, 0);
    IMAPISession_Release(session);
out:
    MAPIUninitialize();
    return hr;
}

ULONG abi_client_simple(void);

ULONG abi_client_simple(void)
{
    MapiRecipDesc to = { 0, MAPI_TO, (LPSTR)"Someone", (LPSTR)"SMTP:someone@example.org", 0, NULL };
    MapiMessage msg = { 0, (LPSTR)"Subject", (LPSTR)"Body", NULL, NULL, NULL, 0, NULL, 1, &to, 0, NULL };
    ULONG rc = MAPISendMail(0, 0, &msg, MAPI_LOGON_UI | MAPI_DIALOG, 0);
    return rc == SUCCESS_SUCCESS ? 0 : rc;
}
