/* The test provider DLL (providers/testprov) on its own, before any subsystem
 * logs it on: its exports, the three init entries (version negotiation, a
 * new object per call, the IMalloc it keeps), COM identity of the provider
 * objects and their IMAPIProviderShutdown, the TESTPROV_* environment
 * configuration, the call log, and ServiceEntry without a support object.
 * The DLL is loaded by full path from $FREEMAPI_BUILD; allocators are
 * mapi32's own. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mapix.h>
#include <mapispi.h>
#include <mapiutil.h>
#include <mapiguid.h>
#include <initguid.h>
#include <mapiguid.h>

#include "testprov_props.h"
#include "harness.h"

static HMODULE dll;
static LPMSPROVIDERINIT ms_init;
static LPABPROVIDERINIT ab_init;
static LPXPPROVIDERINIT xp_init;
static LPMSGSERVICEENTRY service_entry;
static WCHAR log_path[MAX_PATH];

static const char *env_names[] =
{
    "LOG", "NAME", "INIT_RESULT", "LOGON_RESULT", "SPI_VERSION", "SHUTDOWN_IFACE", "QUERY_RESULT",
    "SHUTDOWN_DELAY", "HANG", "HANG_IN", "DATA_FILE", "AB_ENTRIES",
};

/* Every test starts with no TESTPROV_* variable set. */
static void reset_env(void)
{
    static const char *kinds[] = { NULL, "MS", "AB", "XP", "SVC" };
    char name[64];
    size_t i, k;

    for (k = 0; k < ARRAYSIZE(kinds); k++)
        for (i = 0; i < ARRAYSIZE(env_names); i++)
        {
            if (kinds[k])
                snprintf(name, sizeof(name), "TESTPROV_%s_%s", kinds[k], env_names[i]);
            else
                snprintf(name, sizeof(name), "TESTPROV_%s", env_names[i]);
            SetEnvironmentVariableA(name, NULL);
        }
    for (i = 1; i <= 7; i++)
    {
        snprintf(name, sizeof(name), "TESTPROV_SVC_RESULT_%u", (unsigned)i);
        SetEnvironmentVariableA(name, NULL);
    }
}

/* A fresh, empty log file named after the test; TESTPROV_LOG points to it. */
static void use_log(const char *test)
{
    WCHAR dir[MAX_PATH], wtest[64];

    GetTempPathW(ARRAYSIZE(dir), dir);
    MultiByteToWideChar(CP_ACP, 0, test, -1, wtest, ARRAYSIZE(wtest));
    swprintf(log_path, ARRAYSIZE(log_path), L"%lstestprov-%lu-%ls.log", dir,
             (unsigned long)GetCurrentProcessId(), wtest);
    DeleteFileW(log_path);
    SetEnvironmentVariableW(L"TESTPROV_LOG", log_path);
}

/* The whole log, NUL-terminated (caller frees); NULL if there is none. */
static char *read_log(void)
{
    HANDLE file = CreateFileW(log_path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                              OPEN_EXISTING, 0, NULL);
    DWORD size, got = 0;
    char *text;

    if (file == INVALID_HANDLE_VALUE)
        return NULL;
    size = GetFileSize(file, NULL);
    text = malloc(size + 1);
    ReadFile(file, text, size, &got, NULL);
    CloseHandle(file);
    text[got] = 0;
    return text;
}

/* Number of lines holding all of the given fragments (NULL-terminated). */
static int count_lines(const char *text, ...)
{
    const char *line = text, *frag;
    int count = 0;
    va_list ap;

    while (line && *line)
    {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        char buf[2048];
        BOOL all = TRUE;

        if (len >= sizeof(buf))
            len = sizeof(buf) - 1;
        memcpy(buf, line, len);
        buf[len] = 0;
        va_start(ap, text);
        while ((frag = va_arg(ap, const char *)))
            if (!strstr(buf, frag))
                all = FALSE;
        va_end(ap);
        count += all;
        line = end ? end + 1 : NULL;
    }
    return count;
}

/* Loads the DLL from the build tree; FALSE (and why, in msg) if it cannot. */
static BOOL load_dll(char *msg, size_t len)
{
    char unix_path[MAX_PATH];
    WCHAR path[MAX_PATH * 2], *dos = NULL;
    WCHAR *(CDECL *get_dos)(const char *);
    const char *build = getenv("FREEMAPI_BUILD");

    if (!build)
    {
        snprintf(msg, len, "FREEMAPI_BUILD is not set");
        return FALSE;
    }
    snprintf(unix_path, sizeof(unix_path), "%s/providers/testprov/testprov32.dll", build);
    get_dos = (void *)GetProcAddress(GetModuleHandleA("kernel32.dll"), "wine_get_dos_file_name");
    if (get_dos && unix_path[0] == '/')
        dos = get_dos(unix_path);
    if (dos)
    {
        lstrcpynW(path, dos, ARRAYSIZE(path));
        HeapFree(GetProcessHeap(), 0, dos);
    }
    else
        MultiByteToWideChar(CP_ACP, 0, unix_path, -1, path, ARRAYSIZE(path));
    if (!(dll = LoadLibraryW(path)))
    {
        snprintf(msg, len, "cannot load %s (error %lu)", unix_path, GetLastError());
        return FALSE;
    }
    ms_init = (LPMSPROVIDERINIT)(void *)GetProcAddress(dll, "MSProviderInit");
    ab_init = (LPABPROVIDERINIT)(void *)GetProcAddress(dll, "ABProviderInit");
    xp_init = (LPXPPROVIDERINIT)(void *)GetProcAddress(dll, "XPProviderInit");
    service_entry = (LPMSGSERVICEENTRY)(void *)GetProcAddress(dll, "ServiceEntry");
    return TRUE;
}

static void setup(void)
{
    char msg[MAX_PATH + 64];

    reset_env();
    if (!dll)
        ck_assert_msg(load_dll(msg, sizeof(msg)), "%s", msg);
}

/* One provider of the given kind ('M', 'A', 'X') as its IUnknown. */
static HRESULT init_kind(char kind, LPMALLOC malloc, ULONG ver, ULONG *provver, IUnknown **out)
{
    *out = NULL;
    switch (kind)
    {
    case 'M':
        return ms_init(dll, malloc, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, 0, ver,
                       provver, (LPMSPROVIDER *)out);
    case 'A':
        return ab_init(dll, malloc, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, 0, ver,
                       provver, (LPABPROVIDER *)out);
    default:
        return xp_init(dll, malloc, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, 0, ver,
                       provver, (LPXPPROVIDER *)out);
    }
}

static const IID *kind_iid(char kind)
{
    return kind == 'M' ? &IID_IMSProvider : kind == 'A' ? &IID_IABProvider : &IID_IXPProvider;
}

static IUnknown *new_provider(char kind)
{
    ULONG ver = 0;
    IUnknown *unk;

    ck_assert_int_eq(init_kind(kind, NULL, CURRENT_SPI_VERSION, &ver, &unk), S_OK);
    ck_assert_ptr_nonnull(unk);
    return unk;
}

static IMAPIProviderShutdown *shutdown_of(IUnknown *prov)
{
    IMAPIProviderShutdown *shut = NULL;
    ck_assert_int_eq(IUnknown_QueryInterface(prov, &IID_IMAPIProviderShutdown, (void **)&shut), S_OK);
    ck_assert_ptr_nonnull(shut);
    return shut;
}

/* ------------------------------------------------------------------------ */

START_TEST(exports_are_there)
{
    setup();
    ck_assert_ptr_nonnull(ms_init);
    ck_assert_ptr_nonnull(ab_init);
    ck_assert_ptr_nonnull(xp_init);
    ck_assert_ptr_nonnull(service_entry);
    ck_assert_ptr_null(GetProcAddress(dll, "NoSuchServiceEntry"));   /* TESTPROV_NOENTRY relies on it */
#ifndef _WIN64
    ck_assert_ptr_eq((void *)GetProcAddress(dll, "ServiceEntry@40"), (void *)service_entry);
#endif
}
END_TEST

START_TEST(every_init_makes_a_new_object)
{
    static const char kinds[] = "MAX";
    IUnknown *a, *b, *unk;
    ULONG ver;
    int k;

    setup();
    for (k = 0; k < 3; k++)
    {
        ver = 0;
        ck_assert_int_eq(init_kind(kinds[k], NULL, CURRENT_SPI_VERSION, &ver, &a), S_OK);
        ck_assert_uint_eq(ver, CURRENT_SPI_VERSION);
        ck_assert_int_eq(init_kind(kinds[k], NULL, CURRENT_SPI_VERSION, &ver, &b), S_OK);
        ck_assert_ptr_nonnull(a);
        ck_assert_ptr_nonnull(b);
        ck_assert_ptr_ne(a, b);
        /* The object is of the kind asked for. */
        ck_assert_int_eq(IUnknown_QueryInterface(a, kind_iid(kinds[k]), (void **)&unk), S_OK);
        ck_assert_ptr_eq(unk, a);
        IUnknown_Release(unk);
        ck_assert_uint_eq(IUnknown_Release(a), 0);
        ck_assert_uint_eq(IUnknown_Release(b), 0);
    }
}
END_TEST

START_TEST(init_negotiates_the_spi_version)
{
    static const char kinds[] = "MAX";
    IUnknown *unk;
    ULONG ver;
    int k;

    setup();
    for (k = 0; k < 3; k++)
    {
        /* Older than PDK3: refused, but the version it needs is told. */
        ver = 0;
        ck_assert_int_eq(init_kind(kinds[k], NULL, PDK1_SPI_VERSION, &ver, &unk), MAPI_E_VERSION);
        ck_assert_ptr_null(unk);
        ck_assert_uint_eq(ver, CURRENT_SPI_VERSION);
        ck_assert_int_eq(init_kind(kinds[k], NULL, PDK2_SPI_VERSION, &ver, &unk), MAPI_E_VERSION);
        ck_assert_ptr_null(unk);
        /* Newer is fine. */
        ck_assert_int_eq(init_kind(kinds[k], NULL, 0x00020000, &ver, &unk), S_OK);
        ck_assert_uint_eq(IUnknown_Release(unk), 0);
    }
    /* The reported version is configurable, per kind or for all. */
    SetEnvironmentVariableA("TESTPROV_SPI_VERSION", "00010008");
    SetEnvironmentVariableA("TESTPROV_AB_SPI_VERSION", "0x00020001");
    ck_assert_int_eq(init_kind('M', NULL, CURRENT_SPI_VERSION, &ver, &unk), S_OK);
    ck_assert_uint_eq(ver, PDK2_SPI_VERSION);
    IUnknown_Release(unk);
    ck_assert_int_eq(init_kind('A', NULL, CURRENT_SPI_VERSION, &ver, &unk), S_OK);
    ck_assert_uint_eq(ver, 0x00020001);
    IUnknown_Release(unk);
}
END_TEST

START_TEST(init_rejects_bad_arguments)
{
    LPMSPROVIDER ms = (LPMSPROVIDER)0xdeadbeef;
    LPXPPROVIDER xp = (LPXPPROVIDER)0xdeadbeef;
    ULONG ver;

    setup();
    ck_assert_int_eq(ms_init(dll, NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, 0,
                             CURRENT_SPI_VERSION, &ver, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(ab_init(dll, NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, 0,
                             CURRENT_SPI_VERSION, &ver, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(xp_init(dll, NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, 0,
                             CURRENT_SPI_VERSION, NULL, &xp), MAPI_E_INVALID_PARAMETER);
    ck_assert_ptr_null(xp);
    ck_assert_int_eq(ms_init(dll, NULL, NULL, MAPIAllocateMore, MAPIFreeBuffer, 0,
                             CURRENT_SPI_VERSION, &ver, &ms), MAPI_E_INVALID_PARAMETER);
    ck_assert_ptr_null(ms);
}
END_TEST

START_TEST(init_result_is_configurable)
{
    IUnknown *unk;
    ULONG ver;

    setup();
    SetEnvironmentVariableA("TESTPROV_INIT_RESULT", "80040111");
    SetEnvironmentVariableA("TESTPROV_XP_INIT_RESULT", "0x8004011D");
    ck_assert_int_eq(init_kind('M', NULL, CURRENT_SPI_VERSION, &ver, &unk), MAPI_E_LOGON_FAILED);
    ck_assert_ptr_null(unk);
    ck_assert_int_eq(init_kind('A', NULL, CURRENT_SPI_VERSION, &ver, &unk), MAPI_E_LOGON_FAILED);
    ck_assert_ptr_null(unk);
    ck_assert_int_eq(init_kind('X', NULL, CURRENT_SPI_VERSION, &ver, &unk), MAPI_E_FAILONEPROVIDER);
    ck_assert_ptr_null(unk);
    /* An empty value is no value. */
    SetEnvironmentVariableA("TESTPROV_INIT_RESULT", "");
    ck_assert_int_eq(init_kind('M', NULL, CURRENT_SPI_VERSION, &ver, &unk), S_OK);
    IUnknown_Release(unk);
}
END_TEST

/* An IMalloc that counts its references. */
struct counting_malloc { IMalloc IMalloc_iface; LONG ref; };

static HRESULT STDMETHODCALLTYPE cm_QueryInterface(IMalloc *iface, REFIID riid, void **ppv)
{
    *ppv = NULL;
    if (!IsEqualGUID(riid, &IID_IUnknown) && !IsEqualGUID(riid, &IID_IMalloc))
        return E_NOINTERFACE;
    *ppv = iface;
    IMalloc_AddRef(iface);
    return S_OK;
}
static ULONG STDMETHODCALLTYPE cm_AddRef(IMalloc *iface)
{
    return InterlockedIncrement(&CONTAINING_RECORD(iface, struct counting_malloc, IMalloc_iface)->ref);
}
static ULONG STDMETHODCALLTYPE cm_Release(IMalloc *iface)
{
    return InterlockedDecrement(&CONTAINING_RECORD(iface, struct counting_malloc, IMalloc_iface)->ref);
}
static void *STDMETHODCALLTYPE cm_Alloc(IMalloc *iface, SIZE_T cb) { return HeapAlloc(GetProcessHeap(), 0, cb); }
static void *STDMETHODCALLTYPE cm_Realloc(IMalloc *iface, void *p, SIZE_T cb) { return HeapReAlloc(GetProcessHeap(), 0, p, cb); }
static void STDMETHODCALLTYPE cm_Free(IMalloc *iface, void *p) { HeapFree(GetProcessHeap(), 0, p); }
static SIZE_T STDMETHODCALLTYPE cm_GetSize(IMalloc *iface, void *p) { return HeapSize(GetProcessHeap(), 0, p); }
static int STDMETHODCALLTYPE cm_DidAlloc(IMalloc *iface, void *p) { return -1; }
static void STDMETHODCALLTYPE cm_HeapMinimize(IMalloc *iface) { }

static IMallocVtbl cm_vtbl = { cm_QueryInterface, cm_AddRef, cm_Release, cm_Alloc, cm_Realloc,
                               cm_Free, cm_GetSize, cm_DidAlloc, cm_HeapMinimize };

START_TEST(init_keeps_the_malloc)
{
    struct counting_malloc cm = { { &cm_vtbl }, 1 };
    static const char kinds[] = "MAX";
    IUnknown *unk;
    ULONG ver;
    int k;

    setup();
    for (k = 0; k < 3; k++)
    {
        ck_assert_int_eq(init_kind(kinds[k], &cm.IMalloc_iface, CURRENT_SPI_VERSION, &ver, &unk), S_OK);
        ck_assert_int_eq(cm.ref, 2);
        ck_assert_uint_eq(IUnknown_Release(unk), 0);
        ck_assert_int_eq(cm.ref, 1);
    }
    /* A refused init keeps nothing. */
    ck_assert_int_eq(init_kind('M', &cm.IMalloc_iface, PDK1_SPI_VERSION, &ver, &unk), MAPI_E_VERSION);
    ck_assert_int_eq(cm.ref, 1);
}
END_TEST

START_TEST(provider_objects_keep_com_identity)
{
    static const char kinds[] = "MAX";
    IMAPIProviderShutdown *shut, *shut2;
    IUnknown *prov, *unk;
    int k, other;

    setup();
    for (k = 0; k < 3; k++)
    {
        prov = new_provider(kinds[k]);
        ck_assert_int_eq(IUnknown_QueryInterface(prov, &IID_IUnknown, (void **)&unk), S_OK);
        ck_assert_ptr_eq(unk, prov);
        IUnknown_Release(unk);
        for (other = 0; other < 3; other++)
            if (other != k)
            {
                unk = (IUnknown *)0xdeadbeef;
                ck_assert_int_eq(IUnknown_QueryInterface(prov, kind_iid(kinds[other]), (void **)&unk),
                                 E_NOINTERFACE);
                ck_assert_ptr_null(unk);
            }
        unk = (IUnknown *)0xdeadbeef;
        ck_assert_int_eq(IUnknown_QueryInterface(prov, &IID_IMAPIClientShutdown, (void **)&unk),
                         E_NOINTERFACE);
        ck_assert_ptr_null(unk);
        ck_assert_int_eq(IUnknown_QueryInterface(prov, &IID_IUnknown, NULL), E_INVALIDARG);

        /* The shutdown interface is another face of the same object. */
        shut = shutdown_of(prov);
        ck_assert_ptr_ne((void *)shut, (void *)prov);
        ck_assert_int_eq(IMAPIProviderShutdown_QueryInterface(shut, &IID_IUnknown, (void **)&unk), S_OK);
        ck_assert_ptr_eq(unk, prov);
        IUnknown_Release(unk);
        ck_assert_int_eq(IMAPIProviderShutdown_QueryInterface(shut, kind_iid(kinds[k]), (void **)&unk), S_OK);
        ck_assert_ptr_eq(unk, prov);
        IUnknown_Release(unk);
        ck_assert_int_eq(IMAPIProviderShutdown_QueryInterface(shut, &IID_IMAPIProviderShutdown,
                                                              (void **)&shut2), S_OK);
        ck_assert_ptr_eq(shut2, shut);

        /* One reference count for both faces. */
        ck_assert_uint_eq(IMAPIProviderShutdown_AddRef(shut), 4);
        ck_assert_uint_eq(IUnknown_AddRef(prov), 5);
        ck_assert_uint_eq(IUnknown_Release(prov), 4);
        ck_assert_uint_eq(IMAPIProviderShutdown_Release(shut), 3);
        ck_assert_uint_eq(IMAPIProviderShutdown_Release(shut2), 2);
        ck_assert_uint_eq(IMAPIProviderShutdown_Release(shut), 1);
        ck_assert_uint_eq(IUnknown_Release(prov), 0);
    }
}
END_TEST

START_TEST(shutdown_interface_is_configurable)
{
    IUnknown *ms, *ab, *xp, *unk;

    setup();
    SetEnvironmentVariableA("TESTPROV_AB_SHUTDOWN_IFACE", "0");
    ms = new_provider('M');
    ab = new_provider('A');
    xp = new_provider('X');
    unk = (IUnknown *)0xdeadbeef;
    ck_assert_int_eq(IUnknown_QueryInterface(ab, &IID_IMAPIProviderShutdown, (void **)&unk), E_NOINTERFACE);
    ck_assert_ptr_null(unk);
    IUnknown_Release(shutdown_of(ms));
    IUnknown_Release(shutdown_of(xp));
    IUnknown_Release(ms);
    IUnknown_Release(ab);
    IUnknown_Release(xp);

    SetEnvironmentVariableA("TESTPROV_SHUTDOWN_IFACE", "false");
    SetEnvironmentVariableA("TESTPROV_AB_SHUTDOWN_IFACE", "yes");
    ms = new_provider('M');
    ab = new_provider('A');
    ck_assert_int_eq(IUnknown_QueryInterface(ms, &IID_IMAPIProviderShutdown, (void **)&unk), E_NOINTERFACE);
    IUnknown_Release(shutdown_of(ab));
    IUnknown_Release(ms);
    IUnknown_Release(ab);
}
END_TEST

START_TEST(shutdown_calls_answer_as_configured)
{
    static const char kinds[] = "MAX";
    IMAPIProviderShutdown *shut;
    IUnknown *prov;
    ULONG flags = 0;
    int k;

    setup();
    for (k = 0; k < 3; k++)
    {
        prov = new_provider(kinds[k]);
        shut = shutdown_of(prov);
        ck_assert_int_eq(IMAPIProviderShutdown_QueryFastShutdown(shut), S_OK);
        ck_assert_int_eq(IMAPIProviderShutdown_NotifyProcessShutdown(shut), S_OK);
        ck_assert_int_eq(IMAPIProviderShutdown_DoFastShutdown(shut), S_OK);
        IMAPIProviderShutdown_Release(shut);
        ck_assert_int_eq(((IXPProvider *)prov)->lpVtbl->Shutdown((IXPProvider *)prov, &flags), S_OK);
        ck_assert_uint_eq(IUnknown_Release(prov), 0);
    }

    /* A provider that opts out; the other two calls still succeed. */
    SetEnvironmentVariableA("TESTPROV_QUERY_RESULT", "8004010B");
    SetEnvironmentVariableA("TESTPROV_MS_QUERY_RESULT", "80040102");
    prov = new_provider('X');
    shut = shutdown_of(prov);
    ck_assert_int_eq(IMAPIProviderShutdown_QueryFastShutdown(shut), MAPI_E_BUSY);
    ck_assert_int_eq(IMAPIProviderShutdown_NotifyProcessShutdown(shut), S_OK);
    ck_assert_int_eq(IMAPIProviderShutdown_DoFastShutdown(shut), S_OK);
    IMAPIProviderShutdown_Release(shut);
    IUnknown_Release(prov);
    prov = new_provider('M');
    shut = shutdown_of(prov);
    ck_assert_int_eq(IMAPIProviderShutdown_QueryFastShutdown(shut), MAPI_E_NO_SUPPORT);
    IMAPIProviderShutdown_Release(shut);
    IUnknown_Release(prov);
}
END_TEST

START_TEST(slow_shutdown_calls_take_their_time)
{
    IMAPIProviderShutdown *shut;
    IUnknown *prov;
    DWORD start;

    setup();
    SetEnvironmentVariableA("TESTPROV_SHUTDOWN_DELAY", "150");
    prov = new_provider('A');
    shut = shutdown_of(prov);
    start = GetTickCount();
    ck_assert_int_eq(IMAPIProviderShutdown_QueryFastShutdown(shut), S_OK);
    ck_assert_uint_ge(GetTickCount() - start, 130);
    start = GetTickCount();
    ck_assert_int_eq(IMAPIProviderShutdown_NotifyProcessShutdown(shut), S_OK);
    ck_assert_int_eq(IMAPIProviderShutdown_DoFastShutdown(shut), S_OK);
    ck_assert_uint_ge(GetTickCount() - start, 280);
    IMAPIProviderShutdown_Release(shut);
    IUnknown_Release(prov);
}
END_TEST

static DWORD WINAPI do_fast_shutdown(void *arg)
{
    return IMAPIProviderShutdown_DoFastShutdown((IMAPIProviderShutdown *)arg);
}

START_TEST(hanging_provider_never_returns)
{
    IMAPIProviderShutdown *shut;
    IUnknown *prov;
    HANDLE thread;
    char *log;

    setup();
    use_log("hang");
    SetEnvironmentVariableA("TESTPROV_HANG", "1");
    SetEnvironmentVariableA("TESTPROV_HANG_IN", "3");
    prov = new_provider('X');
    shut = shutdown_of(prov);
    /* Only the call named hangs. */
    ck_assert_int_eq(IMAPIProviderShutdown_QueryFastShutdown(shut), S_OK);
    ck_assert_int_eq(IMAPIProviderShutdown_NotifyProcessShutdown(shut), S_OK);
    thread = CreateThread(NULL, 0, do_fast_shutdown, shut, 0, NULL);
    ck_assert_ptr_nonnull(thread);
    ck_assert_uint_eq(WaitForSingleObject(thread, 500), WAIT_TIMEOUT);
    CloseHandle(thread);   /* left hanging; the process exit ends it */
    log = read_log();
    ck_assert_ptr_nonnull(log);
    ck_assert_int_eq(count_lines(log, " XP - DoFastShutdown hang", NULL), 1);
    ck_assert_int_eq(count_lines(log, " XP - QueryFastShutdown hr=0x00000000 delay=0", NULL), 1);
    free(log);
}
END_TEST

START_TEST(log_lines_have_the_documented_format)
{
    IMAPIProviderShutdown *shut;
    char *log, head[64];
    IUnknown *prov;
    ULONG ver;

    setup();
    use_log("format");
    SetEnvironmentVariableA("TESTPROV_NAME", "my test\tprovider");
    ck_assert_int_eq(init_kind('M', NULL, CURRENT_SPI_VERSION, &ver, &prov), S_OK);
    shut = shutdown_of(prov);
    IMAPIProviderShutdown_QueryFastShutdown(shut);
    IMAPIProviderShutdown_DoFastShutdown(shut);
    IMAPIProviderShutdown_Release(shut);
    ck_assert_int_eq(((IMSProvider *)prov)->lpVtbl->Shutdown((IMSProvider *)prov, NULL), S_OK);
    IUnknown_Release(prov);
    ck_assert_int_eq(init_kind('M', NULL, PDK1_SPI_VERSION, &ver, &prov), MAPI_E_VERSION);

    log = read_log();
    ck_assert_ptr_nonnull(log);
    snprintf(head, sizeof(head), "%lu %lu MS my_test_provider ", (unsigned long)GetCurrentProcessId(),
             (unsigned long)GetCurrentThreadId());
    ck_assert_msg(!strncmp(log, head, strlen(head)), "log starts %.80s", log);
    ck_assert_int_eq(count_lines(log, head, "Init ver=0x00010010 flags=0x00000000 hinst=ok malloc=null provver=0x00010010 hr=0x00000000", NULL), 1);
    ck_assert_int_eq(count_lines(log, head, "QueryInterface iid=IMAPIProviderShutdown hr=0x00000000", NULL), 1);
    ck_assert_int_eq(count_lines(log, head, "QueryFastShutdown hr=0x00000000 delay=0", NULL), 1);
    ck_assert_int_eq(count_lines(log, head, "DoFastShutdown hr=0x00000000 delay=0 flushed=0", NULL), 1);
    ck_assert_int_eq(count_lines(log, head, "Shutdown flags=null logons=0 hr=0x00000000", NULL), 1);
    ck_assert_int_eq(count_lines(log, head, "Release ref=0 logons=0", NULL), 1);
    ck_assert_int_eq(count_lines(log, head, "Init ver=0x00010000", "hr=0x80040110", NULL), 1);
    /* every line ends with a newline */
    ck_assert_int_eq(log[strlen(log) - 1], '\n');
    free(log);

    /* No TESTPROV_LOG, no log. */
    DeleteFileW(log_path);
    SetEnvironmentVariableA("TESTPROV_LOG", NULL);
    prov = new_provider('A');
    IUnknown_Release(prov);
    ck_assert_uint_eq(GetFileAttributesW(log_path), INVALID_FILE_ATTRIBUTES);
}
END_TEST

#define LOG_THREADS 8
#define LOG_CALLS   100

static DWORD WINAPI query_many(void *arg)
{
    int i;
    for (i = 0; i < LOG_CALLS; i++)
        IMAPIProviderShutdown_QueryFastShutdown((IMAPIProviderShutdown *)arg);
    return 0;
}

START_TEST(log_lines_from_many_threads_do_not_mix)
{
    HANDLE threads[LOG_THREADS];
    IMAPIProviderShutdown *shut;
    IUnknown *prov;
    char *log, *line, pid[16];
    int i, lines = 0;

    setup();
    use_log("threads");
    SetEnvironmentVariableA("TESTPROV_NAME", "busy");
    prov = new_provider('X');
    shut = shutdown_of(prov);
    for (i = 0; i < LOG_THREADS; i++)
        threads[i] = CreateThread(NULL, 0, query_many, shut, 0, NULL);
    WaitForMultipleObjects(LOG_THREADS, threads, TRUE, 60000);
    for (i = 0; i < LOG_THREADS; i++)
        CloseHandle(threads[i]);
    IMAPIProviderShutdown_Release(shut);
    IUnknown_Release(prov);

    log = read_log();
    ck_assert_ptr_nonnull(log);
    ck_assert_int_eq(count_lines(log, " XP busy QueryFastShutdown hr=0x00000000 delay=0", NULL),
                     LOG_THREADS * LOG_CALLS);
    /* Every line is whole: "<pid> <tid> XP busy <method> ...". */
    snprintf(pid, sizeof(pid), "%lu ", (unsigned long)GetCurrentProcessId());
    for (line = log; *line; lines++)
    {
        char *end = strchr(line, '\n');
        ck_assert_ptr_nonnull(end);
        ck_assert_msg(!strncmp(line, pid, strlen(pid)), "torn line %.60s", line);
        *end = 0;
        ck_assert_msg(strstr(line, " XP busy ") != NULL, "torn line %.60s", line);
        line = end + 1;
    }
    ck_assert_int_ge(lines, LOG_THREADS * LOG_CALLS + 3);
    free(log);
}
END_TEST

#define PROC_CALLS 300

/* The child process of the next test: logs PROC_CALLS lines as "child".
 * No check assertions here: it runs outside the test runner. */
static int child_main(void)
{
    IMAPIProviderShutdown *shut = NULL;
    IUnknown *prov = NULL;
    ULONG ver;
    int i;

    char msg[MAX_PATH + 64];

    if (!load_dll(msg, sizeof(msg)))
    {
        fprintf(stderr, "child: %s\n", msg);
        return 10;
    }
    if (!xp_init)
        return 10;
    if (FAILED(init_kind('X', NULL, CURRENT_SPI_VERSION, &ver, &prov)) || !prov)
        return 11;
    if (FAILED(IUnknown_QueryInterface(prov, &IID_IMAPIProviderShutdown, (void **)&shut)))
        return 12;
    for (i = 0; i < PROC_CALLS; i++)
        IMAPIProviderShutdown_QueryFastShutdown(shut);
    IMAPIProviderShutdown_Release(shut);
    IUnknown_Release(prov);
    return 0;
}

START_TEST(log_lines_from_two_processes_do_not_mix)
{
    PROCESS_INFORMATION pi;
    STARTUPINFOA si;
    char exe[MAX_PATH], cmd[MAX_PATH + 16], *log;
    IMAPIProviderShutdown *shut;
    IUnknown *prov;
    DWORD code = 1;
    int i;

    setup();
    use_log("processes");
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    GetModuleFileNameA(NULL, exe, sizeof(exe));
    snprintf(cmd, sizeof(cmd), "\"%s\" child", exe);
    SetEnvironmentVariableA("TESTPROV_NAME", "child");
    ck_assert(CreateProcessA(exe, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
    SetEnvironmentVariableA("TESTPROV_NAME", "parent");
    prov = new_provider('X');
    shut = shutdown_of(prov);
    for (i = 0; i < PROC_CALLS; i++)
        IMAPIProviderShutdown_QueryFastShutdown(shut);
    IMAPIProviderShutdown_Release(shut);
    IUnknown_Release(prov);
    ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, 60000), WAIT_OBJECT_0);
    GetExitCodeProcess(pi.hProcess, &code);
    ck_assert_uint_eq(code, 0);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);

    log = read_log();
    ck_assert_ptr_nonnull(log);
    ck_assert_int_eq(count_lines(log, " XP parent QueryFastShutdown hr=0x00000000 delay=0", NULL), PROC_CALLS);
    ck_assert_int_eq(count_lines(log, " XP child QueryFastShutdown hr=0x00000000 delay=0", NULL), PROC_CALLS);
    ck_assert_int_eq(count_lines(log, " XP child Init ", NULL), 1);
    ck_assert_int_eq(count_lines(log, " XP parent Init ", NULL), 1);
    free(log);
}
END_TEST

START_TEST(service_entry_without_support_object)
{
    LPMAPIERROR err = (LPMAPIERROR)0xdeadbeef;
    LPMALLOC malloc = MAPIGetDefaultMalloc();
    SPropValue prop;
    char *log;

    setup();
    use_log("service");
    ck_assert_int_eq(service_entry(dll, malloc, NULL, 0, 0, MSG_SERVICE_CREATE, 0, NULL, NULL, &err), S_OK);
    ck_assert_ptr_null(err);
    ck_assert_int_eq(service_entry(dll, malloc, NULL, 0, 0, MSG_SERVICE_DELETE, 0, NULL, NULL, NULL), S_OK);
    ck_assert_int_eq(service_entry(dll, malloc, NULL, 0, 0, 0, 0, NULL, NULL, NULL), MAPI_E_NO_SUPPORT);
    ck_assert_int_eq(service_entry(dll, malloc, NULL, 0, 0, 8, 0, NULL, NULL, NULL), MAPI_E_NO_SUPPORT);
    ck_assert_int_eq(service_entry(dll, malloc, NULL, 0, 0, MSG_SERVICE_CONFIGURE, 2, NULL, NULL, NULL),
                     MAPI_E_INVALID_PARAMETER);

    /* The CREATE result comes from the environment ... */
    SetEnvironmentVariableA("TESTPROV_SVC_RESULT_2", "80040113");
    ck_assert_int_eq(service_entry(dll, malloc, NULL, 0, 0, MSG_SERVICE_CREATE, 0, NULL, NULL, NULL),
                     MAPI_E_USER_CANCEL);
    /* ... and the CONFIGURE result from its own lpProps. */
    prop.ulPropTag = PR_TP_SVC_RESULT(MSG_SERVICE_CONFIGURE);
    prop.dwAlignPad = 0;
    prop.Value.l = MAPI_E_UNCONFIGURED;
    ck_assert_int_eq(service_entry(dll, malloc, NULL, 0, MAPI_UNICODE, MSG_SERVICE_CONFIGURE, 1, &prop,
                                   NULL, NULL), MAPI_E_UNCONFIGURED);
    ck_assert_int_eq(service_entry((HINSTANCE)GetModuleHandleA(NULL), NULL, NULL, 0, 0,
                                   MSG_SERVICE_PROVIDER_DELETE, 0, NULL, NULL, NULL), S_OK);

    log = read_log();
    ck_assert_ptr_nonnull(log);
    ck_assert_int_eq(count_lines(log, " SVC - ServiceEntry ctx=2(CREATE) flags=0x00000000 cValues=0 providers=0 written=0 failed=1 alloc=bad malloc=ok hinst=ok hr=0x00000000", NULL), 1);
    ck_assert_int_eq(count_lines(log, " SVC - ServiceEntry ctx=4(DELETE) ", "hr=0x00000000", NULL), 1);
    ck_assert_int_eq(count_lines(log, " SVC - ServiceEntry ctx=2(CREATE) ", "hr=0x80040113", NULL), 1);
    ck_assert_int_eq(count_lines(log, " SVC - ServiceEntry ctx=3(CONFIGURE) flags=0x80000000 cValues=1 ", "hr=0x8004011c", NULL), 1);
    ck_assert_int_eq(count_lines(log, "ctx=7(PROVIDER_DELETE) ", "malloc=bad hinst=bad hr=0x00000000", NULL), 1);
    free(log);
}
END_TEST

static Suite *testprov_suite(void)
{
    Suite *s = suite_create("testprov");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, exports_are_there);
    tcase_add_test(tc, every_init_makes_a_new_object);
    tcase_add_test(tc, init_negotiates_the_spi_version);
    tcase_add_test(tc, init_rejects_bad_arguments);
    tcase_add_test(tc, init_result_is_configurable);
    tcase_add_test(tc, init_keeps_the_malloc);
    tcase_add_test(tc, provider_objects_keep_com_identity);
    tcase_add_test(tc, shutdown_interface_is_configurable);
    tcase_add_test(tc, shutdown_calls_answer_as_configured);
    tcase_add_test(tc, slow_shutdown_calls_take_their_time);
    tcase_add_test(tc, log_lines_have_the_documented_format);
    tcase_add_test(tc, log_lines_from_many_threads_do_not_mix);
    tcase_add_test(tc, log_lines_from_two_processes_do_not_mix);
    tcase_add_test(tc, service_entry_without_support_object);
    tcase_add_test(tc, hanging_provider_never_returns);   /* last: leaves a thread behind */
    suite_add_tcase(s, tc);
    return s;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "child"))
        return child_main();
    harness_require_freemapi();
    return harness_run(testprov_suite());
}
