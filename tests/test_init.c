/* MAPIInitialize / MAPIUninitialize, ScInitMapiUtil / DeinitMapiUtil, the COM
 * class-object exports, ScGenerateMuid, MNLS_* and the WINEDEBUG trace switch. */
#include <stdio.h>
#include <string.h>

#include <mapix.h>
#include <mapicode.h>

#include "harness.h"

HRESULT WINAPI DllCanUnloadNow(void);
HRESULT WINAPI DllGetClassObject(REFCLSID, REFIID, LPVOID *);
SCODE WINAPI ScInitMapiUtil(ULONG);
void WINAPI DeinitMapiUtil(void);
SCODE WINAPI ScGenerateMuid(LPMAPIUID);
int WINAPI MNLS_lstrlenW(LPCWSTR);
int WINAPI MNLS_lstrcmpW(LPCWSTR, LPCWSTR);
LPWSTR WINAPI MNLS_lstrcpyW(LPWSTR, LPCWSTR);
int WINAPI MNLS_CompareStringW(LCID, DWORD, LPCWSTR, int, LPCWSTR, int);
int WINAPI MNLS_MultiByteToWideChar(UINT, DWORD, LPCSTR, int, LPWSTR, int);
int WINAPI MNLS_WideCharToMultiByte(UINT, DWORD, LPCWSTR, int, LPSTR, int, LPCSTR, LPBOOL);
BOOL WINAPI MNLS_IsBadStringPtrW(LPCWSTR, UINT_PTR);

START_TEST(initialize_is_counted)
{
    ck_assert_int_eq(DllCanUnloadNow(), S_OK);
    ck_assert_int_eq(MAPIInitialize(NULL), S_OK);
    ck_assert_int_eq(MAPIInitialize(NULL), S_OK);
    ck_assert_int_eq(DllCanUnloadNow(), S_FALSE);
    MAPIUninitialize();
    ck_assert_int_eq(DllCanUnloadNow(), S_FALSE);
    MAPIUninitialize();
    ck_assert_int_eq(DllCanUnloadNow(), S_OK);
}
END_TEST

START_TEST(uninitialize_past_zero_is_harmless)
{
    MAPIUninitialize();
    MAPIUninitialize();
    ck_assert_int_eq(DllCanUnloadNow(), S_OK);
    ck_assert_int_eq(MAPIInitialize(NULL), S_OK);
    ck_assert_int_eq(DllCanUnloadNow(), S_FALSE);
    MAPIUninitialize();
    ck_assert_int_eq(DllCanUnloadNow(), S_OK);
}
END_TEST

START_TEST(mapiinit_versions_and_flags)
{
    MAPIINIT_0 init = { MAPI_INIT_VERSION, MAPI_MULTITHREAD_NOTIFICATIONS };

    ck_assert_int_eq(MAPIInitialize(&init), S_OK);
    MAPIUninitialize();
    init.ulFlags = MAPI_MULTITHREAD_NOTIFICATIONS | MAPI_NT_SERVICE | MAPI_NO_COINIT;
    ck_assert_int_eq(MAPIInitialize(&init), S_OK);
    MAPIUninitialize();

    init.ulVersion = 1;
    init.ulFlags = 0;
    ck_assert_int_eq(MAPIInitialize(&init), MAPI_E_INVALID_PARAMETER);
    init.ulVersion = MAPI_INIT_VERSION;
    init.ulFlags = 0x40000000;  /* reserved for MAPI */
    ck_assert_int_eq(MAPIInitialize(&init), MAPI_E_UNKNOWN_FLAGS);
    init.ulFlags = 0x2;
    ck_assert_int_eq(MAPIInitialize(&init), MAPI_E_UNKNOWN_FLAGS);
    /* Refused calls are not counted. */
    ck_assert_int_eq(DllCanUnloadNow(), S_OK);
}
END_TEST

/* Each COM scenario runs on a fresh thread so the test thread's COM state
 * cannot hide anything. */
struct com_case { ULONG flags; BOOL client_mta_first; HRESULT init_hr, after_init, after_uninit; };

static DWORD WINAPI com_thread(void *arg)
{
    struct com_case *c = arg;
    MAPIINIT_0 init = { MAPI_INIT_VERSION, c->flags };
    HRESULT hr;

    if (c->client_mta_first) CoInitializeEx(NULL, COINIT_MULTITHREADED);
    c->init_hr = MAPIInitialize(&init);
    /* Asking for the MTA tells whether COM is set up here, and how. */
    hr = CoInitializeEx(NULL, COINIT_MULTITHREADED);
    c->after_init = hr;
    if (SUCCEEDED(hr)) CoUninitialize();
    MAPIUninitialize();
    hr = CoInitializeEx(NULL, COINIT_MULTITHREADED);
    c->after_uninit = hr;
    if (SUCCEEDED(hr)) CoUninitialize();
    if (c->client_mta_first) CoUninitialize();
    return 0;
}

static void run_com_case(struct com_case *c)
{
    HANDLE t = CreateThread(NULL, 0, com_thread, c, 0, NULL);

    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(WaitForSingleObject(t, 10000), WAIT_OBJECT_0);
    CloseHandle(t);
}

START_TEST(com_is_initialized_and_balanced)
{
    struct com_case c = { 0, FALSE, 0, 0, 0 };

    run_com_case(&c);
    ck_assert_int_eq(c.init_hr, S_OK);
    ck_assert_int_eq(c.after_init, RPC_E_CHANGED_MODE);  /* MAPI made this thread STA */
    ck_assert_int_eq(c.after_uninit, S_OK);              /* and undid it */
}
END_TEST

START_TEST(no_coinit_leaves_com_alone)
{
    struct com_case c = { MAPI_NO_COINIT, FALSE, 0, 0, 0 };

    run_com_case(&c);
    ck_assert_int_eq(c.init_hr, S_OK);
    ck_assert_int_eq(c.after_init, S_OK);
    ck_assert_int_eq(c.after_uninit, S_OK);
}
END_TEST

START_TEST(client_mta_is_accepted_and_kept)
{
    struct com_case c = { 0, TRUE, 0, 0, 0 };

    run_com_case(&c);
    ck_assert_int_eq(c.init_hr, S_OK);
    ck_assert_int_eq(c.after_init, S_FALSE);    /* still the client's MTA */
    ck_assert_int_eq(c.after_uninit, S_FALSE);  /* MAPI did not tear it down */
}
END_TEST

static LONG thread_errors;

static DWORD WINAPI init_worker(void *arg)
{
    int i;

    (void)arg;
    for (i = 0; i < 300; i++)
    {
        if (MAPIInitialize(NULL) != S_OK) InterlockedIncrement(&thread_errors);
        if (DllCanUnloadNow() != S_FALSE) InterlockedIncrement(&thread_errors);
        MAPIUninitialize();
    }
    return 0;
}

START_TEST(many_threads_initialize)
{
    HANDLE threads[8];
    int i;

    thread_errors = 0;
    for (i = 0; i < 8; i++)
    {
        threads[i] = CreateThread(NULL, 0, init_worker, NULL, 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    ck_assert_uint_eq(WaitForMultipleObjects(8, threads, TRUE, 60000), WAIT_OBJECT_0);
    for (i = 0; i < 8; i++) CloseHandle(threads[i]);
    ck_assert_int_eq(thread_errors, 0);
    ck_assert_int_eq(DllCanUnloadNow(), S_OK);
}
END_TEST

START_TEST(mapi_util_init)
{
    ck_assert_int_eq(ScInitMapiUtil(1), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(DllCanUnloadNow(), S_OK);
    ck_assert_int_eq(ScInitMapiUtil(0), S_OK);
    ck_assert_int_eq(DllCanUnloadNow(), S_FALSE);
    DeinitMapiUtil();
    ck_assert_int_eq(DllCanUnloadNow(), S_OK);
    DeinitMapiUtil();
    DeinitMapiUtil();
    ck_assert_int_eq(ScInitMapiUtil(0), S_OK);
    ck_assert_int_eq(DllCanUnloadNow(), S_FALSE);
    DeinitMapiUtil();
    ck_assert_int_eq(DllCanUnloadNow(), S_OK);
}
END_TEST

START_TEST(class_objects)
{
    static const CLSID some = { 0x12345678, 0, 0, { 0xc0, 0, 0, 0, 0, 0, 0, 0x46 } };
    void *obj = (void *)1;

    ck_assert_int_eq(DllGetClassObject(&some, &IID_IClassFactory, NULL), E_INVALIDARG);
    ck_assert_int_eq(DllGetClassObject(NULL, &IID_IClassFactory, &obj), E_INVALIDARG);
    ck_assert_ptr_null(obj);
    obj = (void *)1;
    ck_assert_int_eq(DllGetClassObject(&some, &IID_IClassFactory, &obj), CLASS_E_CLASSNOTAVAILABLE);
    ck_assert_ptr_null(obj);
}
END_TEST

START_TEST(generate_muid)
{
    MAPIUID a, b;

    ck_assert_int_eq(ScGenerateMuid(NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(ScGenerateMuid(&a), S_OK);
    ck_assert_int_eq(ScGenerateMuid(&b), S_OK);
    ck_assert_int_ne(memcmp(&a, &b, sizeof(a)), 0);
}
END_TEST

START_TEST(mnls_helpers)
{
    WCHAR buf[16];
    char narrow[16];

    ck_assert_int_eq(MNLS_lstrlenW(L"abc"), 3);
    ck_assert_int_eq(MNLS_lstrlenW(NULL), 0);
    ck_assert_int_lt(MNLS_lstrcmpW(L"abc", L"abd"), 0);
    ck_assert_ptr_eq(MNLS_lstrcpyW(buf, L"hello"), buf);
    ck_assert_int_eq(MNLS_lstrcmpW(buf, L"hello"), 0);
    ck_assert_ptr_null(MNLS_lstrcpyW(NULL, L"x"));
    ck_assert_int_eq(MNLS_CompareStringW(LOCALE_USER_DEFAULT, NORM_IGNORECASE, L"MAPI", -1, L"mapi", -1), CSTR_EQUAL);
    ck_assert_int_eq(MNLS_CompareStringW(LOCALE_USER_DEFAULT, 0, NULL, -1, L"mapi", -1), 0);
    ck_assert_int_eq(MNLS_MultiByteToWideChar(CP_ACP, 0, "wine", -1, buf, 16), 5);
    ck_assert_int_eq(MNLS_WideCharToMultiByte(CP_ACP, 0, buf, -1, narrow, 16, NULL, NULL), 5);
    ck_assert_str_eq(narrow, "wine");
    ck_assert_int_ne(MNLS_IsBadStringPtrW(NULL, 5), FALSE);
    ck_assert_int_eq(MNLS_IsBadStringPtrW(L"ok", 5), FALSE);
}
END_TEST

/* Runs this program again as a child with WINEDEBUG set; returns its stderr. */
static void run_traced_child(const char *winedebug, char *out, DWORD outlen)
{
    char cmd[MAX_PATH + 32], exe[MAX_PATH], old[256];
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    HANDLE rd, wr;
    DWORD got, total = 0, had_old;

    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    GetModuleFileNameA(NULL, exe, sizeof(exe));
    snprintf(cmd, sizeof(cmd), "\"%s\" trace-child", exe);
    ck_assert(CreatePipe(&rd, &wr, &sa, 0));
    SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = wr;
    si.hStdError = wr;
    had_old = GetEnvironmentVariableA("WINEDEBUG", old, sizeof(old));
    SetEnvironmentVariableA("WINEDEBUG", winedebug);
    ck_assert(CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi));
    SetEnvironmentVariableA("WINEDEBUG", had_old ? old : NULL);
    CloseHandle(wr);
    while (total < outlen - 1 && ReadFile(rd, out + total, outlen - 1 - total, &got, NULL) && got)
        total += got;
    out[total] = 0;
    WaitForSingleObject(pi.hProcess, 10000);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    CloseHandle(rd);
}

static int trace_child(void)
{
    void *p;

    MAPIInitialize(NULL);
    MAPIAllocateBuffer(8, &p);
    MAPIFreeBuffer(p);
    MAPIFreeBuffer((char *)p + 1);
    MAPIUninitialize();
    return 0;
}

START_TEST(trace_switch)
{
    static char out[16384];

    run_traced_child("+mapi", out, sizeof(out));
    ck_assert_ptr_nonnull(strstr(out, "freemapi:"));
    ck_assert_ptr_nonnull(strstr(out, ":MAPIInitialize("));
    ck_assert_ptr_nonnull(strstr(out, ":MAPIAllocateBuffer(8, "));
    ck_assert_ptr_nonnull(strstr(out, "MAPI_E_INVALID_PARAMETER (not a live buffer)"));

    run_traced_child("trace+freemapi", out, sizeof(out));
    ck_assert_ptr_nonnull(strstr(out, ":MAPIFreeBuffer("));

    run_traced_child("-all", out, sizeof(out));
    ck_assert_ptr_null(strstr(out, "freemapi:"));
    run_traced_child("+mapi,-mapi", out, sizeof(out));
    ck_assert_ptr_null(strstr(out, "freemapi:"));
    run_traced_child("warn+mapi", out, sizeof(out));
    ck_assert_ptr_null(strstr(out, "freemapi:"));
}
END_TEST

static Suite *init_suite(void)
{
    Suite *s = suite_create("init");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, initialize_is_counted);
    tcase_add_test(tc, uninitialize_past_zero_is_harmless);
    tcase_add_test(tc, mapiinit_versions_and_flags);
    tcase_add_test(tc, com_is_initialized_and_balanced);
    tcase_add_test(tc, no_coinit_leaves_com_alone);
    tcase_add_test(tc, client_mta_is_accepted_and_kept);
    tcase_add_test(tc, many_threads_initialize);
    tcase_add_test(tc, mapi_util_init);
    tcase_add_test(tc, class_objects);
    tcase_add_test(tc, generate_muid);
    tcase_add_test(tc, mnls_helpers);
    tcase_add_test(tc, trace_switch);
    suite_add_tcase(s, tc);
    return s;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "trace-child")) return trace_child();
    harness_require_freemapi();
    return harness_run(init_suite());
}
