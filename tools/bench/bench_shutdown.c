/* bench_shutdown: what a fast shutdown costs (docs/fast-shutdown.md).
 *
 * 1. The subsystem's own overhead for QueryFastShutdown +
 *    NotifyProcessShutdown + DoFastShutdown with 20 loaded provider objects
 *    (test provider, no delay, no log), against the providers' own time for
 *    the same calls made directly.  MAPI makes one provider object per
 *    session, kind and DLL, so the 20 come from 7 sessions on one TESTPROV
 *    profile: 7 transports, 7 address books, 6 stores.
 * 2. The test store's fast shutdown with N KB pending against a raw
 *    CreateFile + WriteFile + FlushFileBuffers + CloseHandle of the same bytes.
 *
 * A fast shutdown happens once per process, so each sample is a child
 * process (this program with an argument).  The test provider must be
 * installed in the prefix (tools/install --test-provider; tools/bench/run
 * does it).  Wine's builtin mapi32 has no sessions: "not implemented". */
#define COBJMACROS
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include <mapix.h>
#include <mapiutil.h>
#include <mapispi.h>
#define INITGUID
#include <mapiguid.h>

#include "../../providers/testprov/testprov_props.h"
#include "../verinfo.h"

typedef HRESULT (WINAPI *init_fn)(LPVOID);
typedef void (WINAPI *uninit_fn)(void);
typedef HRESULT (WINAPI *logon_fn)(ULONG_PTR, LPTSTR, LPTSTR, ULONG, LPMAPISESSION *);
typedef HRESULT (WINAPI *adminprofiles_fn)(ULONG, LPPROFADMIN *);
typedef void (WINAPI *freeprows_fn)(LPSRowSet);
typedef LPSPropValue (WINAPI *findprop_fn)(LPSPropValue, ULONG, ULONG);
typedef LPMALLOC (WINAPI *getmalloc_fn)(void);

static init_fn pMAPIInitialize;
static uninit_fn pMAPIUninitialize;
static logon_fn pMAPILogonEx;
static adminprofiles_fn pMAPIAdminProfiles;
static freeprows_fn pFreeProws;
static findprop_fn pPpropFindProp;
static getmalloc_fn pMAPIGetDefaultMalloc;
static ALLOCATEBUFFER *pMAPIAllocateBuffer;
static ALLOCATEMORE *pMAPIAllocateMore;
static FREEBUFFER *pMAPIFreeBuffer;

#define FLAGS (MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_UNICODE)
#define SESSIONS 7
#define PROVIDERS 20
#define SAMPLES 15

static LARGE_INTEGER freq;
static WCHAR data_path[MAX_PATH];

static double now_ms(void)
{
    LARGE_INTEGER t;
    QueryPerformanceCounter(&t);
    return (double)t.QuadPart * 1e3 / (double)freq.QuadPart;
}

static void *get_proc(HMODULE mapi, const char *name, int bytes)
{
    char decorated[64];
    void *p = (void *)GetProcAddress(mapi, name);
    if (p) return p;
    snprintf(decorated, sizeof(decorated), "%s@%d", name, bytes);
    return (void *)GetProcAddress(mapi, decorated);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, n, sizeof(*v), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---- the profiles ---- */

static HRESULT make_profile(IProfAdmin *admin, const WCHAR *name, BOOL with_data)
{
    IMsgServiceAdmin *sa = NULL;
    IMAPITable *table = NULL;
    SRowSet *rows = NULL;
    HRESULT hr;
    ULONG i;

    IProfAdmin_DeleteProfile(admin, (LPTSTR)name, MAPI_UNICODE);
    if ((hr = IProfAdmin_CreateProfile(admin, (LPTSTR)name, NULL, 0, MAPI_UNICODE))) return hr;
    if ((hr = IProfAdmin_AdminServices(admin, (LPTSTR)name, NULL, 0, MAPI_UNICODE, &sa))) return hr;
    if ((hr = IMsgServiceAdmin_CreateMsgService(sa, (LPTSTR)L"TESTPROV", NULL, 0, MAPI_UNICODE))) goto done;
    if (!with_data) goto done;
    /* The store's data file (PR_TP_DATA_FILE in its provider section). */
    if ((hr = IMsgServiceAdmin_GetProviderTable(sa, 0, &table)) || (hr = IMAPITable_QueryRows(table, 10, 0, &rows)))
        goto done;
    for (i = 0; i < rows->cRows; i++) {
        SPropValue *t = pPpropFindProp(rows->aRow[i].lpProps, rows->aRow[i].cValues, PR_RESOURCE_TYPE);
        SPropValue *u = pPpropFindProp(rows->aRow[i].lpProps, rows->aRow[i].cValues, PR_PROVIDER_UID);
        IProfSect *ps;
        SPropValue v;

        if (!t || !u || t->Value.l != MAPI_STORE_PROVIDER) continue;
        if ((hr = IMsgServiceAdmin_OpenProfileSection(sa, (LPMAPIUID)u->Value.bin.lpb, NULL,
                                                      MAPI_MODIFY | MAPI_FORCE_ACCESS, &ps)))
            break;
        v.ulPropTag = PR_TP_DATA_FILE;
        v.dwAlignPad = 0;
        v.Value.lpszW = data_path;
        hr = IProfSect_SetProps(ps, 1, &v, NULL);
        IProfSect_Release(ps);
    }
done:
    if (rows) pFreeProws(rows);
    if (table) IMAPITable_Release(table);
    IMsgServiceAdmin_Release(sa);
    return hr;
}

/* ---- children ---- */

static IMsgStore *open_default_store(IMAPISession *s)
{
    IMAPITable *t = NULL;
    SRowSet *rows = NULL;
    IMsgStore *mdb = NULL;
    SPropValue *e;

    if (IMAPISession_GetMsgStoresTable(s, 0, &t)) return NULL;
    if (!IMAPITable_QueryRows(t, 10, 0, &rows) && rows->cRows &&
        (e = pPpropFindProp(rows->aRow[0].lpProps, rows->aRow[0].cValues, PR_ENTRYID)))
        IMAPISession_OpenMsgStore(s, 0, e->Value.bin.cb, (ENTRYID *)e->Value.bin.lpb, NULL, MDB_WRITE, &mdb);
    if (rows) pFreeProws(rows);
    IMAPITable_Release(t);
    return mdb;
}

/* The three calls, timed one by one (ms), on a warm worker unless cold. */
static int shut_down(IMAPISession *s, BOOL cold, double t[4])
{
    IMAPIClientShutdown *cs = NULL;
    double t0;

    t0 = now_ms();
    if (IMAPISession_QueryInterface(s, &IID_IMAPIClientShutdown, (void **)&cs)) return 10;
    t[0] = now_ms() - t0;
    if (!cold) Sleep(100);
    t0 = now_ms();
    if (IMAPIClientShutdown_QueryFastShutdown(cs)) return 11;
    t[1] = now_ms() - t0;
    t0 = now_ms();
    if (IMAPIClientShutdown_NotifyProcessShutdown(cs)) return 12;
    t[2] = now_ms() - t0;
    t0 = now_ms();
    if (IMAPIClientShutdown_DoFastShutdown(cs)) return 13;
    t[3] = now_ms() - t0;
    return 0;
}

/* 20 provider objects across 7 sessions, then the fast shutdown. */
static int child_overhead(FILE *out, BOOL cold)
{
    IMAPISession *s[SESSIONS];
    IAddrBook *ab;
    double t[4];
    int i, rc;

    if (pMAPIInitialize(NULL)) return 2;
    for (i = 0; i < SESSIONS; i++) {
        if (pMAPILogonEx(0, (LPTSTR)L"Bench Twenty", NULL, FLAGS, &s[i])) return 3;
        if (SUCCEEDED(IMAPISession_OpenAddressBook(s[i], 0, NULL, 0, &ab))) IAddrBook_Release(ab);
        if (i < PROVIDERS - 2 * SESSIONS && !open_default_store(s[i])) return 4;
    }
    if ((rc = shut_down(s[0], cold, t))) return rc;
    fprintf(out, "%f %f %f %f\n", t[0], t[1], t[2], t[3]);
    return 0;
}

/* CreateFile + WriteFile + FlushFileBuffers + CloseHandle of kb KB to a
 * new file beside the store's, in ms. */
static double side_write_ms(ULONG kb)
{
    WCHAR side[MAX_PATH + 8];
    BYTE *buf = malloc(kb * 1024);
    DWORD written;
    HANDLE h;
    double t0, t;

    swprintf(side, ARRAYSIZE(side), L"%ls.raw", data_path);
    DeleteFileW(side);
    memset(buf, 0x5a, kb * 1024);
    t0 = now_ms();
    h = CreateFileW(side, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_ALWAYS,
                    FILE_ATTRIBUTE_NORMAL, NULL);
    WriteFile(h, buf, kb * 1024, &written, NULL);
    FlushFileBuffers(h);
    CloseHandle(h);
    t = now_ms() - t0;
    DeleteFileW(side);
    free(buf);
    return t;
}

/* The test store with kb KB pending, then the fast shutdown.  t[0] is the
 * raw write of the same bytes in this process just before (same heap, same
 * file cache): what the store's own flush costs here. */
static int child_store(FILE *out, ULONG kb)
{
    IMAPISession *s;
    IMsgStore *mdb;
    SPropValue v;
    BYTE *chunk;
    double t[4], side;
    ULONG done, i;
    int rc;

    if (pMAPIInitialize(NULL)) return 2;
    if (pMAPILogonEx(0, (LPTSTR)L"Bench Store", NULL, FLAGS | MAPI_NO_MAIL, &s)) return 3;
    if (!(mdb = open_default_store(s))) return 4;
    chunk = malloc(65536);
    for (i = 0; i < 65536; i++) chunk[i] = (BYTE)(i * 13);
    for (done = 0; done < kb; done += 64) {
        v.ulPropTag = PR_TP_APPEND;
        v.dwAlignPad = 0;
        v.Value.bin.cb = (kb - done >= 64 ? 64 : kb - done) * 1024;
        v.Value.bin.lpb = chunk;
        if (IMsgStore_SetProps(mdb, 1, &v, NULL)) return 5;
    }
    side = side_write_ms(kb);
    if ((rc = shut_down(s, FALSE, t))) return rc;
    fprintf(out, "%f %f %f %f\n", side, t[1], t[2], t[3]);
    return 0;
}

/* The raw write of kb KB as the first file write of a fresh process, like
 * the store's. */
static int child_raw(FILE *out, ULONG kb)
{
    BYTE *buf = malloc(kb * 1024);
    DWORD written;
    HANDLE h;
    double t0, t;

    memset(buf, 0x5a, kb * 1024);
    t0 = now_ms();
    h = CreateFileW(data_path, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                    OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) return 2;
    SetFilePointer(h, 0, NULL, FILE_END);
    if (!WriteFile(h, buf, kb * 1024, &written, NULL) || !FlushFileBuffers(h)) return 3;
    CloseHandle(h);
    t = now_ms() - t0;
    fprintf(out, "0 0 0 %f\n", t);
    return 0;
}

/* ---- the parent ---- */

static int spawn(const char *args, double t[4])
{
    char exe[MAX_PATH], cmd[2 * MAX_PATH], res[MAX_PATH], tmp[MAX_PATH];
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    DWORD code = 1;
    FILE *f;
    int ok = 0;

    GetModuleFileNameA(NULL, exe, sizeof(exe));
    GetTempPathA(sizeof(tmp), tmp);
    snprintf(res, sizeof(res), "%sbench_shutdown_result.txt", tmp);
    DeleteFileA(res);
    snprintf(cmd, sizeof(cmd), "\"%s\" child \"%s\" %s", exe, res, args);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    if (!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) return 0;
    WaitForSingleObject(pi.hProcess, 120000);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    if (code) {
        printf("  (a child failed with %lu)\n", code);
        return 0;
    }
    if ((f = fopen(res, "r"))) {
        ok = fscanf(f, "%lf %lf %lf %lf", &t[0], &t[1], &t[2], &t[3]) == 4;
        fclose(f);
    }
    return ok;
}

/* The providers' own time for the same calls, made directly on 20 provider
 * objects of the test provider: the snapshot's AddRef and Release, and for
 * each step QueryInterface, the method, Release (none after DoFastShutdown). */
static double providers_own_ms(void)
{
    HMODULE dll = LoadLibraryA("testprov32.dll");
    LPXPPROVIDERINIT xp_init;
    LPABPROVIDERINIT ab_init;
    LPMSPROVIDERINIT ms_init;
    IUnknown *prov[PROVIDERS];
    ULONG ver, i, rounds = 2000, r;
    double t0, best = 1e9;
    int step, pass;

    if (!dll) return -1;
    xp_init = (LPXPPROVIDERINIT)(void *)GetProcAddress(dll, "XPProviderInit");
    ab_init = (LPABPROVIDERINIT)(void *)GetProcAddress(dll, "ABProviderInit");
    ms_init = (LPMSPROVIDERINIT)(void *)GetProcAddress(dll, "MSProviderInit");
    if (!xp_init || !ab_init || !ms_init) return -1;
    for (i = 0; i < PROVIDERS; i++) {
        HRESULT hr;
        if (i < SESSIONS)
            hr = xp_init(dll, pMAPIGetDefaultMalloc(), pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer, 0,
                         CURRENT_SPI_VERSION, &ver, (LPXPPROVIDER *)&prov[i]);
        else if (i < 2 * SESSIONS)
            hr = ab_init(dll, pMAPIGetDefaultMalloc(), pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer, 0,
                         CURRENT_SPI_VERSION, &ver, (LPABPROVIDER *)&prov[i]);
        else
            hr = ms_init(dll, pMAPIGetDefaultMalloc(), pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer, 0,
                         CURRENT_SPI_VERSION, &ver, (LPMSPROVIDER *)&prov[i]);
        if (hr) return -1;
    }
    for (pass = 0; pass < 5; pass++) {
        t0 = now_ms();
        for (r = 0; r < rounds; r++)
            for (step = 0; step < 3; step++)
                for (i = 0; i < PROVIDERS; i++) {
                    IMAPIProviderShutdown *ps;
                    IUnknown_AddRef(prov[i]);
                    if (!IUnknown_QueryInterface(prov[i], &IID_IMAPIProviderShutdown, (void **)&ps)) {
                        if (step == 0) IMAPIProviderShutdown_QueryFastShutdown(ps);
                        else if (step == 1) IMAPIProviderShutdown_NotifyProcessShutdown(ps);
                        else IMAPIProviderShutdown_DoFastShutdown(ps);
                        IMAPIProviderShutdown_Release(ps);
                    }
                    IUnknown_Release(prov[i]);
                }
        if ((now_ms() - t0) / rounds < best) best = (now_ms() - t0) / rounds;
    }
    for (i = 0; i < PROVIDERS; i++) IUnknown_Release(prov[i]);
    return best;
}

/* CreateFile + WriteFile + FlushFileBuffers + CloseHandle of kb KB, what
 * the test store does in DoFastShutdown, on a file that did not exist. */
static double raw_write_ms(ULONG kb)
{
    BYTE *buf = malloc(kb * 1024);
    double v[SAMPLES], t0;
    HANDLE h;
    DWORD written;
    int i;

    memset(buf, 0x5a, kb * 1024);
    for (i = 0; i < SAMPLES; i++) {
        DeleteFileW(data_path);
        t0 = now_ms();
        h = CreateFileW(data_path, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                        OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
        SetFilePointer(h, 0, NULL, FILE_END);
        WriteFile(h, buf, kb * 1024, &written, NULL);
        FlushFileBuffers(h);
        CloseHandle(h);
        v[i] = now_ms() - t0;
    }
    free(buf);
    DeleteFileW(data_path);
    return median(v, SAMPLES);
}

int main(int argc, char **argv)
{
    static const ULONG sizes[] = {64, 1024, 8192};
    HMODULE mapi = LoadLibraryA("mapi32.dll");
    char path[MAX_PATH], product[128];
    double v[4][SAMPLES], t[4], own, raw, total[SAMPLES];
    IProfAdmin *admin = NULL;
    WCHAR tmp[MAX_PATH];
    unsigned k;
    int i, n;

    QueryPerformanceFrequency(&freq);
    GetTempPathW(MAX_PATH, tmp);
    swprintf(data_path, MAX_PATH, L"%lsbench_shutdown_store.bin", tmp);
    SetEnvironmentVariableW(L"TESTPROV_LOG", NULL);     /* providers without their log */
    if (!mapi) {
        printf("bench_shutdown: mapi32.dll did not load\n");
        return 1;
    }
    GetModuleFileNameA(mapi, path, sizeof(path));
    version_string(path, "ProductName", product, sizeof(product));
    if (!product[0]) snprintf(product, sizeof(product), "Wine builtin");
    if (strcmp(product, "FreeMAPI")) {
        printf("bench_shutdown: %s (%s)\n", path, product);
        printf("fast shutdown (IMAPIClientShutdown): not implemented (no MAPI sessions in this mapi32)\n");
        return 0;
    }
    pMAPIInitialize = get_proc(mapi, "MAPIInitialize", 4);
    pMAPIUninitialize = get_proc(mapi, "MAPIUninitialize", 0);
    pMAPILogonEx = get_proc(mapi, "MAPILogonEx", 20);
    pMAPIAdminProfiles = get_proc(mapi, "MAPIAdminProfiles", 8);
    pFreeProws = get_proc(mapi, "FreeProws", 4);
    pPpropFindProp = get_proc(mapi, "PpropFindProp", 12);
    pMAPIGetDefaultMalloc = get_proc(mapi, "MAPIGetDefaultMalloc", 0);
    pMAPIAllocateBuffer = get_proc(mapi, "MAPIAllocateBuffer", 8);
    pMAPIAllocateMore = get_proc(mapi, "MAPIAllocateMore", 12);
    pMAPIFreeBuffer = get_proc(mapi, "MAPIFreeBuffer", 4);
    if (!pMAPIInitialize || !pMAPILogonEx || !pMAPIAdminProfiles || !pFreeProws || !pPpropFindProp ||
        !pMAPIGetDefaultMalloc || !pMAPIAllocateBuffer || !pMAPIAllocateMore || !pMAPIFreeBuffer) {
        printf("bench_shutdown: %s lacks a function it needs\n", path);
        return 1;
    }

    if (argc == 4 && !strcmp(argv[1], "child")) {
        FILE *out = fopen(argv[2], "w");
        int rc;
        if (!out) return 1;
        if (!strcmp(argv[3], "cold") || !strcmp(argv[3], "warm")) rc = child_overhead(out, !strcmp(argv[3], "cold"));
        else if (argv[3][0] == 'r') rc = child_raw(out, strtoul(argv[3] + 1, NULL, 10));
        else rc = child_store(out, strtoul(argv[3], NULL, 10));
        fclose(out);
        /* A client that fast-shut-down just exits. */
        ExitProcess(rc);
    }

    printf("bench_shutdown: %s (%s)\n", path, product);
    if (pMAPIInitialize(NULL) || pMAPIAdminProfiles(0, &admin)) {
        printf("bench_shutdown: MAPIInitialize or MAPIAdminProfiles failed\n");
        return 1;
    }
    if (make_profile(admin, L"Bench Twenty", FALSE) || make_profile(admin, L"Bench Store", TRUE)) {
        printf("bench_shutdown: no TESTPROV service here: install the test provider "
               "(tools/install --test-provider)\n");
        return 0;
    }

    /* 1. 20 provider objects. */
    own = providers_own_ms();
    printf("20 provider objects (7 sessions: 7 transports, 7 address books, 6 stores), test provider without delay or log\n");
    printf("  the providers' own time for the same calls made directly: %.4f ms\n", own);
    for (k = 0; k < 2; k++) {
        for (i = n = 0; i < SAMPLES; i++)
            if (spawn(k ? "cold" : "warm", t)) {
                v[0][n] = t[0];
                v[1][n] = t[1];
                v[2][n] = t[2];
                v[3][n] = t[3];
                total[n] = t[1] + t[2] + t[3];
                n++;
            }
        if (!n) continue;
        printf("  %s, median of %d processes: QueryInterface %.3f ms; QueryFastShutdown %.3f + "
               "NotifyProcessShutdown %.3f + DoFastShutdown %.3f = %.3f ms\n",
               k ? "cold (the three calls right after QueryInterface)" : "warm (worker thread already up)", n,
               median(v[0], n), median(v[1], n), median(v[2], n), median(v[3], n), median(total, n));
        printf("  subsystem overhead beyond the providers' own time: %.3f ms (target < 1 ms)%s\n",
               median(total, n) - own, k ? " - includes waiting for the worker thread to start" : "");
    }

    /* 2. The test store's fast shutdown with pending data. */
    printf("test store: fast shutdown (Query + Notify + Do) with N KB pending vs CreateFile+WriteFile+FlushFileBuffers+CloseHandle\n");
    for (k = 0; k < ARRAYSIZE(sizes); k++) {
        double rawfresh[SAMPLES];
        char arg[16];
        int m = 0;

        snprintf(arg, sizeof(arg), "%lu", sizes[k]);
        for (i = n = 0; i < SAMPLES; i++) {
            DeleteFileW(data_path);
            if (spawn(arg, t)) {
                v[0][n] = t[0];
                v[1][n] = t[1];
                v[2][n] = t[2];
                v[3][n] = t[3];
                total[n++] = t[1] + t[2] + t[3];
            }
        }
        snprintf(arg, sizeof(arg), "r%lu", sizes[k]);
        for (i = 0; i < SAMPLES; i++) {
            DeleteFileW(data_path);
            if (spawn(arg, t)) rawfresh[m++] = t[3];
        }
        raw = raw_write_ms(sizes[k]);
        if (!n || !m) continue;
        printf("  %5lu KB: fast shutdown %.3f ms (Query %.3f, Notify %.3f, Do %.3f); raw write+flush %.3f ms as the "
               "first write of a process (%.3f ms repeated in one process): %.2fx, DoFastShutdown alone %.2fx "
               "(target within 1.5x)\n",
               sizes[k], median(total, n), median(v[1], n), median(v[2], n), median(v[3], n), median(rawfresh, m),
               raw, median(total, n) / median(rawfresh, m), median(v[3], n) / median(rawfresh, m));
        printf("            the same write in the store's own process just before: %.3f ms: fast shutdown %.2fx it\n",
               median(v[0], n), median(total, n) / median(v[0], n));
    }
    DeleteFileW(data_path);
    IProfAdmin_DeleteProfile(admin, (LPTSTR)L"Bench Twenty", MAPI_UNICODE);
    IProfAdmin_DeleteProfile(admin, (LPTSTR)L"Bench Store", MAPI_UNICODE);
    IProfAdmin_Release(admin);
    pMAPIUninitialize();
    return 0;
}
