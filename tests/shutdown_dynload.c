/*
 * A MAPI client that loads mapi32.dll with LoadLibrary and lets it go with
 * FreeLibrary, as Outlook's MAPI stub does; test_shutdown runs it as
 *
 *     shutdown_dynload.exe child <fast|normal> <result file> 0
 *
 * It logs on to "FS Data", appends bytes to the test store, then either
 * fast-shuts down (Query, Notify, Do) or logs off, releases everything,
 * calls MAPIUninitialize and FreeLibrary: mapi32's DllMain then runs
 * DLL_PROCESS_DETACH with lpReserved NULL.  It writes what it saw and exits
 * through ExitProcess.  No import of mapi32: everything by GetProcAddress.
 */
#define COBJMACROS
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include <mapix.h>
#include <mapiutil.h>
/* No mapi32 import library here: the IIDs are defined in this file. */
#define INITGUID
#include <mapiguid.h>

#include "../providers/testprov/testprov_props.h"

#define FLAGS (MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_UNICODE | MAPI_NO_MAIL)
#define DATA_BYTES 40000

typedef HRESULT (WINAPI *init_fn)(LPVOID);
typedef void (WINAPI *uninit_fn)(void);
typedef HRESULT (WINAPI *logon_fn)(ULONG_PTR, LPTSTR, LPTSTR, ULONG, LPMAPISESSION *);
typedef void (WINAPI *freeprows_fn)(LPSRowSet);

static FILE *out;

/* The default store of the session, for writing. */
static IMsgStore *open_store(IMAPISession *s, freeprows_fn free_rows)
{
    IMAPITable *t = NULL;
    SRowSet *rows = NULL;
    IMsgStore *mdb = NULL;
    ULONG i;

    if (IMAPISession_GetMsgStoresTable(s, 0, &t)) return NULL;
    if (!IMAPITable_QueryRows(t, 10, 0, &rows) && rows->cRows)
        for (i = 0; i < rows->aRow[0].cValues; i++)
            if (rows->aRow[0].lpProps[i].ulPropTag == PR_ENTRYID) {
                SBinary *b = &rows->aRow[0].lpProps[i].Value.bin;
                IMAPISession_OpenMsgStore(s, 0, b->cb, (ENTRYID *)b->lpb, NULL, MDB_WRITE, &mdb);
            }
    if (rows) free_rows(rows);
    IMAPITable_Release(t);
    return mdb;
}

static int run(BOOL fast)
{
    HMODULE mapi = LoadLibraryW(L"mapi32.dll");
    IMAPIClientShutdown *cs = NULL;
    IMAPISession *s = NULL;
    IMsgStore *mdb;
    init_fn init;
    uninit_fn uninit;
    logon_fn logon;
    freeprows_fn free_rows;
    HRESULT q = 1, n = 1, d = 1, lo = 1;
    SPropValue v;
    BYTE *buf;
    BOOL freed;
    ULONG i;

    if (!mapi) return 2;
    init = (init_fn)(void *)GetProcAddress(mapi, "MAPIInitialize");
    uninit = (uninit_fn)(void *)GetProcAddress(mapi, "MAPIUninitialize");
    logon = (logon_fn)(void *)GetProcAddress(mapi, "MAPILogonEx");
    free_rows = (freeprows_fn)(void *)GetProcAddress(mapi, "FreeProws");
    if (!init || !uninit || !logon || !free_rows) return 3;
    if (init(NULL) || logon(0, (LPTSTR)L"FS Data", NULL, FLAGS, &s)) return 4;
    if (!(mdb = open_store(s, free_rows))) return 5;
    buf = malloc(DATA_BYTES);
    for (i = 0; i < DATA_BYTES; i++) buf[i] = (BYTE)((i * 7 + 3 * 31 + (i >> 8)) & 0xff);
    v.ulPropTag = PR_TP_APPEND;
    v.dwAlignPad = 0;
    v.Value.bin.cb = DATA_BYTES;
    v.Value.bin.lpb = buf;
    if (IMsgStore_SetProps(mdb, 1, &v, NULL)) return 6;
    free(buf);

    if (fast) {
        if (IMAPISession_QueryInterface(s, &IID_IMAPIClientShutdown, (void **)&cs)) return 7;
        q = IMAPIClientShutdown_QueryFastShutdown(cs);
        n = IMAPIClientShutdown_NotifyProcessShutdown(cs);
        d = IMAPIClientShutdown_DoFastShutdown(cs);
        IMAPIClientShutdown_Release(cs);
    }
    IMsgStore_Release(mdb);
    lo = IMAPISession_Logoff(s, 0, 0, 0);
    IMAPISession_Release(s);
    uninit();
    freed = FreeLibrary(mapi);
    /* After a fast shutdown provider DLLs stay; after a normal end the last
     * MAPIUninitialize freed them. */
    fprintf(out, "q=%08lx n=%08lx d=%08lx lo=%08lx\nfreed=%d\ntestprov=%d\n", q, n, d, lo, freed,
            GetModuleHandleW(L"testprov32.dll") != NULL);
    return 0;
}

int main(int argc, char **argv)
{
    int rc;

    if (argc != 5 || strcmp(argv[1], "child")) return 1;
    if (!(out = fopen(argv[3], "w"))) return 1;
    rc = run(!strcmp(argv[2], "fast"));
    fclose(out);
    ExitProcess(rc);
}
