/* Test harness: proves the DLL under test is ours, then runs a check suite. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

BOOL harness_product_name(HMODULE module, char *buf, DWORD len)
{
    char path[MAX_PATH], *data, *value;
    DWORD size, handle;
    UINT value_len;
    struct { WORD lang, cp; } *trans;
    char key[64];
    BOOL ok = FALSE;

    if (!GetModuleFileNameA(module, path, sizeof(path))) return FALSE;
    if (!(size = GetFileVersionInfoSizeA(path, &handle))) return FALSE;
    if (!(data = malloc(size))) return FALSE;
    if (GetFileVersionInfoA(path, 0, size, data) &&
        VerQueryValueA(data, "\\VarFileInfo\\Translation", (void **)&trans, &value_len) && value_len >= 4)
    {
        snprintf(key, sizeof(key), "\\StringFileInfo\\%04x%04x\\ProductName", trans->lang, trans->cp);
        if (VerQueryValueA(data, key, (void **)&value, &value_len))
        {
            snprintf(buf, len, "%s", value);
            ok = TRUE;
        }
    }
    free(data);
    return ok;
}

/* Under Wine a crashing program can end with status 0 once winedbg has run:
 * a crash must fail the test, loudly. */
static LONG WINAPI crashed(EXCEPTION_POINTERS *info)
{
    fprintf(stderr, "FATAL: unhandled exception %08lx at %p\n", info->ExceptionRecord->ExceptionCode,
            info->ExceptionRecord->ExceptionAddress);
    fflush(stdout);
    fflush(stderr);
    TerminateProcess(GetCurrentProcess(), 99);
    return EXCEPTION_EXECUTE_HANDLER;
}

HMODULE harness_require_freemapi(void)
{
    HMODULE mapi = GetModuleHandleA("mapi32.dll");
    char path[MAX_PATH] = "", product[128] = "(no version resource)";

    SetUnhandledExceptionFilter(crashed);

    if (!mapi) mapi = LoadLibraryA("mapi32.dll");
    if (!mapi)
    {
        fprintf(stderr, "FATAL: mapi32.dll did not load (error %lu)\n", GetLastError());
        exit(1);
    }
    GetModuleFileNameA(mapi, path, sizeof(path));
    harness_product_name(mapi, product, sizeof(product));
    if (strcmp(product, "FreeMAPI"))
    {
        fprintf(stderr, "FATAL: the loaded mapi32.dll is not FreeMAPI's: %s (%s)\n", path, product);
        exit(1);
    }
    printf("testing %s (%s)\n", path, product);
    return mapi;
}

int harness_run(Suite *suite)
{
    SRunner *runner = srunner_create(suite);
    int failed;

    srunner_set_fork_status(runner, CK_NOFORK);
    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    fflush(stdout);
    return failed ? 1 : 0;
}
