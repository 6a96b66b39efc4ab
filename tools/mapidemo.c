/* mapidemo: a small MAPI client, run by tools/demo. It finds mapi32.dll the way
 * real clients do (LoadLibrary + GetProcAddress, as MAPIStubLibrary does), says
 * which DLL it got, logs on to the default profile, lists the stores and the
 * status table, and ends the way Outlook does: a fast shutdown, each step
 * printed (docs/fast-shutdown.md). */
#define COBJMACROS
#include <stdio.h>
#include <string.h>

#include <mapix.h>
#include <mapicode.h>
#include <mapitags.h>
#define INITGUID
#include <mapiguid.h>

#include "verinfo.h"

typedef HRESULT (WINAPI *init_fn)(LPVOID);
typedef void (WINAPI *uninit_fn)(void);
typedef SCODE (WINAPI *allocbuf_fn)(ULONG, LPVOID *);
typedef SCODE (WINAPI *allocmore_fn)(ULONG, LPVOID, LPVOID *);
typedef ULONG (WINAPI *freebuf_fn)(LPVOID);
typedef LPMALLOC (WINAPI *getmalloc_fn)(void);
typedef HRESULT (WINAPI *logon_fn)(ULONG_PTR, LPSTR, LPSTR, ULONG, LPMAPISESSION *);
typedef void (WINAPI *freeprows_fn)(LPSRowSet);

static freeprows_fn freeprows_p;
static freebuf_fn freebuf_p;

static const char *hr_name(HRESULT hr)
{
    static char buf[32];

    switch (hr)
    {
    case S_OK: return "S_OK";
    case MAPI_E_NO_SUPPORT: return "MAPI_E_NO_SUPPORT";
    case MAPI_E_INVALID_PARAMETER: return "MAPI_E_INVALID_PARAMETER";
    case MAPI_E_NOT_INITIALIZED: return "MAPI_E_NOT_INITIALIZED";
    case MAPI_E_LOGON_FAILED: return "MAPI_E_LOGON_FAILED";
    case MAPI_E_END_OF_SESSION: return "MAPI_E_END_OF_SESSION";
    case MAPI_E_NOT_FOUND: return "MAPI_E_NOT_FOUND";
    case E_NOINTERFACE: return "E_NOINTERFACE";
    case E_FAIL: return "E_FAIL";
    default:
        snprintf(buf, sizeof(buf), "%#lx", (unsigned long)hr);
        return buf;
    }
}

#define STEP(...) do { printf("  "); printf(__VA_ARGS__); printf("\n"); } while (0)
#define STEP2(...) do { printf("    "); printf(__VA_ARGS__); printf("\n"); } while (0)

static SPropValue *find(SRow *row, ULONG tag)
{
    ULONG i;

    for (i = 0; i < row->cValues; i++)
        if (row->lpProps[i].ulPropTag == tag) return &row->lpProps[i];
    return NULL;
}

static const char *str(SRow *row, ULONG tag)
{
    SPropValue *v = find(row, tag);
    return v && v->Value.lpszA ? v->Value.lpszA : "-";
}

static LONG num(SRow *row, ULONG tag)
{
    SPropValue *v = find(row, tag);
    return v ? v->Value.l : -1;
}

static const char *resource_type(LONG type)
{
    switch (type)
    {
    case MAPI_SUBSYSTEM: return "subsystem";
    case MAPI_SPOOLER: return "spooler";
    case MAPI_AB: return "address book";
    case MAPI_STORE_PROVIDER: return "store provider";
    case MAPI_AB_PROVIDER: return "address book provider";
    case MAPI_TRANSPORT_PROVIDER: return "transport provider";
    default: return "?";
    }
}

static SRowSet *all_rows(IMAPITable *table)
{
    SRowSet *rows = NULL;

    if (IMAPITable_QueryRows(table, 1000, 0, &rows)) return NULL;
    return rows;
}

/* The stores table; opens the default store (so that its provider takes part
 * in the shutdown). */
static IMsgStore *list_stores(IMAPISession *session)
{
    IMAPITable *table = NULL;
    IMsgStore *store = NULL;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    hr = IMAPISession_GetMsgStoresTable(session, 0, &table);
    STEP("IMAPISession::GetMsgStoresTable -> %s", hr_name(hr));
    if (hr || !(rows = all_rows(table)))
    {
        if (table) IMAPITable_Release(table);
        return NULL;
    }
    for (i = 0; i < rows->cRows; i++)
    {
        SRow *r = &rows->aRow[i];
        SPropValue *def = find(r, PR_DEFAULT_STORE), *eid = find(r, PR_ENTRYID);

        STEP("  store %lu: \"%s\" (provider \"%s\")%s", i + 1, str(r, PR_DISPLAY_NAME_A),
             str(r, PR_PROVIDER_DISPLAY_A), def && def->Value.b ? ", the default store" : "");
        if (def && def->Value.b && eid && !store)
        {
            hr = IMAPISession_OpenMsgStore(session, 0, eid->Value.bin.cb, (LPENTRYID)eid->Value.bin.lpb, NULL,
                                           MDB_WRITE, &store);
            STEP("  IMAPISession::OpenMsgStore(the default store) -> %s", hr_name(hr));
        }
    }
    freeprows_p(rows);
    IMAPITable_Release(table);
    return store;
}

static void list_status(IMAPISession *session)
{
    IMAPITable *table = NULL;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    hr = IMAPISession_GetStatusTable(session, 0, &table);
    STEP("IMAPISession::GetStatusTable -> %s", hr_name(hr));
    if (hr || !(rows = all_rows(table)))
    {
        if (table) IMAPITable_Release(table);
        return;
    }
    for (i = 0; i < rows->cRows; i++)
    {
        SRow *r = &rows->aRow[i];
        STEP("  %-22s %-28s %-14s code %ld: %s", resource_type(num(r, PR_RESOURCE_TYPE)), str(r, PR_DISPLAY_NAME_A),
             str(r, PR_PROVIDER_DLL_NAME_A), num(r, PR_STATUS_CODE), str(r, PR_STATUS_STRING_A));
    }
    freeprows_p(rows);
    IMAPITable_Release(table);
}

/* The end the way Outlook does it: ask, and only on S_OK tell and go. */
static BOOL fast_shutdown(IMAPISession *session)
{
    IMAPIClientShutdown *cs = NULL;
    HRESULT hr;

    printf("  fast shutdown:\n");
    hr = IMAPISession_QueryInterface(session, &IID_IMAPIClientShutdown, (void **)&cs);
    STEP2("IMAPISession::QueryInterface(IID_IMAPIClientShutdown) -> %s", hr_name(hr));
    if (hr || !cs) return FALSE;
    hr = IMAPIClientShutdown_QueryFastShutdown(cs);
    STEP2("IMAPIClientShutdown::QueryFastShutdown -> %s%s", hr_name(hr),
         hr ? " (the policy or a provider says no: a normal shutdown follows)" : " (every provider agrees)");
    if (hr)
    {
        IMAPIClientShutdown_Release(cs);
        return FALSE;
    }
    hr = IMAPIClientShutdown_NotifyProcessShutdown(cs);
    STEP2("IMAPIClientShutdown::NotifyProcessShutdown -> %s (providers told the process is ending)", hr_name(hr));
    hr = IMAPIClientShutdown_DoFastShutdown(cs);
    STEP2("IMAPIClientShutdown::DoFastShutdown -> %s%s", hr_name(hr),
         hr ? "" : " (providers have persisted everything: the process may exit now)");
    return hr == S_OK;
}

int main(void)
{
    HMODULE mapi = LoadLibraryA("mapi32.dll");
    char path[MAX_PATH], product[128], version[64];
    MAPIINIT_0 init = { MAPI_INIT_VERSION, MAPI_MULTITHREAD_NOTIFICATIONS };
    init_fn init_p;
    uninit_fn uninit_p;
    allocbuf_fn allocbuf_p;
    allocmore_fn allocmore_p;
    getmalloc_fn getmalloc_p;
    logon_fn logon_p;
    LPMAPISESSION session = NULL;
    IMsgStore *store = NULL;
    LPADRBOOK book = NULL;
    void *root, *more;
    HRESULT hr;

    if (!mapi)
    {
        printf("mapi32.dll did not load (error %lu)\n", GetLastError());
        return 1;
    }
    GetModuleFileNameA(mapi, path, sizeof(path));
    version_string(path, "ProductName", product, sizeof(product));
    version_string(path, "FileVersion", version, sizeof(version));
    printf("mapidemo: loaded %s (%s %s)\n", path, product, version);
    printf("  Extended MAPI: %s\n", GetProcAddress(mapi, "MAPILogonEx") ? "exported" : "missing");

    init_p = (init_fn)(void *)GetProcAddress(mapi, "MAPIInitialize");
    uninit_p = (uninit_fn)(void *)GetProcAddress(mapi, "MAPIUninitialize");
    allocbuf_p = (allocbuf_fn)(void *)GetProcAddress(mapi, "MAPIAllocateBuffer");
    allocmore_p = (allocmore_fn)(void *)GetProcAddress(mapi, "MAPIAllocateMore");
    freebuf_p = (freebuf_fn)(void *)GetProcAddress(mapi, "MAPIFreeBuffer");
    getmalloc_p = (getmalloc_fn)(void *)GetProcAddress(mapi, "MAPIGetDefaultMalloc@0");
    logon_p = (logon_fn)(void *)GetProcAddress(mapi, "MAPILogonEx");
    freeprows_p = (freeprows_fn)(void *)GetProcAddress(mapi, "FreeProws");
    if (!freeprows_p) freeprows_p = (freeprows_fn)(void *)GetProcAddress(mapi, "FreeProws@4");
    if (!init_p || !uninit_p || !allocbuf_p || !allocmore_p || !freebuf_p || !getmalloc_p || !logon_p || !freeprows_p)
    {
        printf("a base MAPI function is missing\n");
        return 1;
    }

    hr = init_p(&init);
    STEP("MAPIInitialize(MAPI_MULTITHREAD_NOTIFICATIONS) -> %s", hr_name(hr));
    if (FAILED(hr)) return 1;

    hr = allocbuf_p(64, &root);
    STEP("MAPIAllocateBuffer(64) -> %s, %p", hr_name(hr), root);
    if (hr == S_OK)
    {
        hr = allocmore_p(128, root, &more);
        STEP("MAPIAllocateMore(128, root) -> %s, %p", hr_name(hr), more);
        STEP("MAPIFreeBuffer(root) -> %s (frees both)", hr_name(freebuf_p(root)));
        STEP("MAPIFreeBuffer(root) again -> %s (refused, no crash)", hr_name(freebuf_p(root)));
    }
    STEP("MAPIGetDefaultMalloc() -> %p", (void *)getmalloc_p());

    hr = logon_p(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION, &session);
    STEP("MAPILogonEx(default profile) -> %s", hr_name(hr));
    if (FAILED(hr) || !session)
    {
        uninit_p();
        STEP("MAPIUninitialize()");
        return 1;
    }
    store = list_stores(session);
    /* The address books are logged on when first needed. */
    hr = IMAPISession_OpenAddressBook(session, 0, NULL, AB_NO_DIALOG, &book);
    STEP("IMAPISession::OpenAddressBook -> %s", hr_name(hr));
    list_status(session);

    if (fast_shutdown(session))
    {
        /* From here on a client makes no MAPI call at all, not even
         * MAPIUninitialize (best-practices-for-fast-shutdown.md). */
        printf("mapidemo: done (exiting without MAPIUninitialize, as a client does after DoFastShutdown)\n");
        fflush(stdout);
        ExitProcess(0);
    }
    /* A normal shutdown. */
    if (store) IMsgStore_Release(store);
    if (book) IAddrBook_Release(book);
    hr = IMAPISession_Logoff(session, 0, 0, 0);
    STEP("IMAPISession::Logoff -> %s", hr_name(hr));
    IMAPISession_Release(session);
    uninit_p();
    STEP("MAPIUninitialize()");
    printf("mapidemo: done\n");
    return 0;
}
