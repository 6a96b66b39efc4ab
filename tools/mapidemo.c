/* mapidemo: a small MAPI client, run by tools/demo. It finds mapi32.dll the way
 * real clients do (LoadLibrary + GetProcAddress, as MAPIStubLibrary does), says
 * which DLL it got, and walks through what FreeMAPI offers so far. */
#include <stdio.h>
#include <string.h>

#include <mapix.h>
#include <mapicode.h>

#include "verinfo.h"

typedef HRESULT (WINAPI *init_fn)(LPVOID);
typedef void (WINAPI *uninit_fn)(void);
typedef SCODE (WINAPI *allocbuf_fn)(ULONG, LPVOID *);
typedef SCODE (WINAPI *allocmore_fn)(ULONG, LPVOID, LPVOID *);
typedef ULONG (WINAPI *freebuf_fn)(LPVOID);
typedef LPMALLOC (WINAPI *getmalloc_fn)(void);
typedef HRESULT (WINAPI *logon_fn)(ULONG_PTR, LPSTR, LPSTR, ULONG, LPMAPISESSION *);

static const char *hr_name(HRESULT hr)
{
    switch (hr)
    {
    case S_OK: return "S_OK";
    case MAPI_E_NO_SUPPORT: return "MAPI_E_NO_SUPPORT";
    case MAPI_E_INVALID_PARAMETER: return "MAPI_E_INVALID_PARAMETER";
    case MAPI_E_NOT_INITIALIZED: return "MAPI_E_NOT_INITIALIZED";
    case MAPI_E_LOGON_FAILED: return "MAPI_E_LOGON_FAILED";
    case E_FAIL: return "E_FAIL";
    default: return "another error";
    }
}

#define STEP(...) do { printf("  "); printf(__VA_ARGS__); printf("\n"); } while (0)

int main(void)
{
    HMODULE mapi = LoadLibraryA("mapi32.dll");
    char path[MAX_PATH], product[128], version[64];
    MAPIINIT_0 init = { MAPI_INIT_VERSION, MAPI_MULTITHREAD_NOTIFICATIONS };
    init_fn init_p;
    uninit_fn uninit_p;
    allocbuf_fn allocbuf_p;
    allocmore_fn allocmore_p;
    freebuf_fn freebuf_p;
    getmalloc_fn getmalloc_p;
    logon_fn logon_p;
    LPMAPISESSION session = NULL;
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
    if (!init_p || !uninit_p || !allocbuf_p || !allocmore_p || !freebuf_p || !getmalloc_p || !logon_p)
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
    STEP("MAPILogonEx(default profile) -> %s%s", hr_name(hr),
         hr == MAPI_E_NO_SUPPORT ? " (sessions are not built yet)" : "");
    if (SUCCEEDED(hr) && session) IMAPISession_Release(session);

    uninit_p();
    STEP("MAPIUninitialize()");
    printf("mapidemo: done\n");
    return 0;
}
