/*
 * Fast shutdown through the public API (mapi-spec.md 1, docs/fast-shutdown.md):
 * IMAPIClientShutdown on sessions (COM identity, lifetime), the
 * FastShutdownBehavior policy read from the registry, the decision table,
 * and the whole matrix policy x provider mix x client pattern, each case in
 * a child process of its own (a fast shutdown is once per process), with
 * two sessions and the test provider's log (providers/testprov) saying which
 * provider methods were called and in which order.  "Nothing lost": a child
 * writes through the test store, fast-shuts down and is killed with
 * TerminateProcess right after DoFastShutdown returns; every byte is in the
 * store's file.  The same under policy 2 with a normal Logoff.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mapix.h>
#include <mapiaux.h>
#include <mapiutil.h>
#include <mapispi.h>
#include <aclapi.h>
#include <sddl.h>

#include "../providers/testprov/testprov_props.h"
#include "../providers/testprov/testprov_log.h"
#include "harness.h"
#include "testprofile.h"

#include <initguid.h>
#include <mapiguid.h>

#define FLAGS (MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_UNICODE)
#define DEADLINE 400        /* FreeMAPIProviderTimeoutMs in the matrix */
#define SLOW 120            /* the slow provider's delay, under DEADLINE */
#define SLACK 2500          /* ms a step may take beyond its providers' own time (Wine is slow to start threads) */

#define POLICY_KEY L"Software\\Policies\\Microsoft\\Office\\%ls\\Outlook\\Options\\Shutdown"

static WCHAR tmp_dir[MAX_PATH], result_path[MAX_PATH];

/* ---- small helpers ---- */

static double ms_since(LARGE_INTEGER t0)
{
    LARGE_INTEGER f, t1;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&t1);
    return (double)(t1.QuadPart - t0.QuadPart) * 1000.0 / (double)f.QuadPart;
}

static void temp_file(WCHAR *out, const WCHAR *name)
{
    swprintf(out, MAX_PATH, L"%ls%ls", tmp_dir, name);
}

/* The bytes a child writes into store n: deterministic, so the parent can
 * check every one of them. */
static BYTE data_byte(int store, ULONG i)
{
    return (BYTE)((i * 7 + store * 31 + (i >> 8)) & 0xff);
}

/* ---- the policy in the registry ---- */

/* value < 0: deleted; else a REG_DWORD.  version like L"16.0". */
static void set_dword(const WCHAR *version, const WCHAR *name, LONGLONG value)
{
    WCHAR path[200];
    HKEY key;
    DWORD v = (DWORD)value;

    swprintf(path, ARRAYSIZE(path), POLICY_KEY, version);
    ck_assert_int_eq(RegCreateKeyExW(HKEY_CURRENT_USER, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL), 0);
    if (value < 0) RegDeleteValueW(key, name);
    else ck_assert_int_eq(RegSetValueExW(key, name, 0, REG_DWORD, (BYTE *)&v, sizeof(v)), 0);
    RegCloseKey(key);
}

static void set_raw(const WCHAR *version, const WCHAR *name, DWORD type, const void *data, DWORD cb)
{
    WCHAR path[200];
    HKEY key;

    swprintf(path, ARRAYSIZE(path), POLICY_KEY, version);
    ck_assert_int_eq(RegCreateKeyExW(HKEY_CURRENT_USER, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL), 0);
    ck_assert_int_eq(RegSetValueExW(key, name, 0, type, data, cb), 0);
    RegCloseKey(key);
}

/* No Office policies at all. */
static void clear_policies(void)
{
    HKEY key;

    if (!RegOpenKeyExW(HKEY_CURRENT_USER, L"Software\\Policies\\Microsoft", 0, KEY_ALL_ACCESS, &key)) {
        RegDeleteTreeW(key, L"Office");
        RegCloseKey(key);
    }
}

/* policy < 0: absent.  The matrix's deadline is always set. */
static void set_policy(int policy, DWORD timeout)
{
    clear_policies();
    set_dword(L"16.0", L"FreeMAPIProviderTimeoutMs", timeout);
    if (policy >= 0) set_dword(L"16.0", L"FastShutdownBehavior", policy);
}

/* ---- profiles ---- */

/* A profile with one TESTPROV service; the sections of its transport,
 * address book and store go to sects[0..2]. */
static void make_profile(const WCHAR *name, MAPIUID sects[3])
{
    static const ULONG types[3] = {MAPI_TRANSPORT_PROVIDER, MAPI_AB_PROVIDER, MAPI_STORE_PROVIDER};
    IMsgServiceAdmin2 *sa;
    MAPIUID svc;
    ULONG k;

    ck_assert_int_eq(IProfAdmin_CreateProfile(admin, (LPTSTR)name, NULL, 0, MAPI_UNICODE), S_OK);
    sa = services_of(name);
    svc = add_service(sa, L"TESTPROV");
    IMsgServiceAdmin2_Release(sa);
    for (k = 0; k < 3; k++) sects[k] = provider_of(name, &svc, types[k]);
}

/* How one provider behaves in its shutdown calls. */
static void set_behaviour(const WCHAR *profile, const MAPIUID *sect, BOOL iface, HRESULT query, ULONG delay, ULONG hang_in)
{
    SPropValue v[5];
    memset(v, 0, sizeof(v));
    v[0].ulPropTag = PR_TP_SHUTDOWN_IFACE;
    v[0].Value.b = (unsigned short)iface;
    v[1].ulPropTag = PR_TP_QUERY_RESULT;
    v[1].Value.l = query;
    v[2].ulPropTag = PR_TP_SHUTDOWN_DELAY;
    v[2].Value.l = delay;
    v[3].ulPropTag = PR_TP_HANG;
    v[3].Value.b = hang_in != 0;
    v[4].ulPropTag = PR_TP_HANG_IN;
    v[4].Value.l = hang_in;
    set_props(profile, sect, v, 5);
}

/* Two profiles for the matrix ("FS One", "FS Two": instances XP1 AB1 MS1,
 * XP2 AB2 MS2, each store with its data file), one for the policy tests
 * ("FS Policy": its transport has no IMAPIProviderShutdown), one for the
 * deadline ("FS Hang": its transport hangs in QueryFastShutdown) and one for
 * the durability tests ("FS Data"). */
static MAPIUID sect_one[3], sect_two[3], sect_policy[3], sect_hang[3], sect_data[3], sect_stuck[3], sect_lock[3];
static WCHAR data_one[MAX_PATH], data_two[MAX_PATH], data_persist[MAX_PATH], data_stuck[MAX_PATH],
    data_lock[MAX_PATH];
static BOOL profiles_made;

static void make_profiles(void)
{
    static const WCHAR *kinds[3] = {L"XP", L"AB", L"MS"};
    WCHAR name[16];
    int k;

    if (profiles_made) return;
    make_profile(L"FS One", sect_one);
    make_profile(L"FS Two", sect_two);
    for (k = 0; k < 3; k++) {
        swprintf(name, ARRAYSIZE(name), L"%ls1", kinds[k]);
        set_string(L"FS One", &sect_one[k], PR_TP_NAME, name);
        swprintf(name, ARRAYSIZE(name), L"%ls2", kinds[k]);
        set_string(L"FS Two", &sect_two[k], PR_TP_NAME, name);
    }
    set_string(L"FS One", &sect_one[2], PR_TP_DATA_FILE, data_one);
    set_string(L"FS Two", &sect_two[2], PR_TP_DATA_FILE, data_two);
    make_profile(L"FS Policy", sect_policy);
    set_string(L"FS Policy", &sect_policy[0], PR_TP_NAME, L"XPP");
    set_behaviour(L"FS Policy", &sect_policy[0], FALSE, S_OK, 0, 0);
    make_profile(L"FS Hang", sect_hang);
    set_string(L"FS Hang", &sect_hang[0], PR_TP_NAME, L"XPH");
    set_behaviour(L"FS Hang", &sect_hang[0], TRUE, S_OK, 0, 1);
    make_profile(L"FS Data", sect_data);
    set_string(L"FS Data", &sect_data[2], PR_TP_NAME, L"MSD");
    set_string(L"FS Data", &sect_data[2], PR_TP_DATA_FILE, data_persist);
    /* "FS Stuck": its transport hangs in QueryFastShutdown holding its own
     * lock, so its TransportLogoff and Shutdown would block too. */
    make_profile(L"FS Stuck", sect_stuck);
    for (k = 0; k < 3; k++) {
        swprintf(name, ARRAYSIZE(name), L"%lsS", kinds[k]);
        set_string(L"FS Stuck", &sect_stuck[k], PR_TP_NAME, name);
    }
    set_behaviour(L"FS Stuck", &sect_stuck[0], TRUE, S_OK, 0, 1);
    set_long(L"FS Stuck", &sect_stuck[0], PR_TP_HANG_HOW, 1);
    set_string(L"FS Stuck", &sect_stuck[2], PR_TP_DATA_FILE, data_stuck);
    /* "FS Lock": its transport hangs in DoFastShutdown holding the loader
     * lock; the store after it must still be told. */
    make_profile(L"FS Lock", sect_lock);
    for (k = 0; k < 3; k++) {
        swprintf(name, ARRAYSIZE(name), L"%lsK", kinds[k]);
        set_string(L"FS Lock", &sect_lock[k], PR_TP_NAME, name);
    }
    set_behaviour(L"FS Lock", &sect_lock[0], TRUE, S_OK, 0, 3);
    set_long(L"FS Lock", &sect_lock[0], PR_TP_HANG_HOW, 2);
    set_string(L"FS Lock", &sect_lock[2], PR_TP_DATA_FILE, data_lock);
    profiles_made = TRUE;
}

/* ---- the provider mixes: what AB1, the third provider in call order, does ---- */

enum mix { MIX_ACCEPT, MIX_REFUSE, MIX_NOIFACE, MIX_SLOW, MIX_HANG_QUERY, MIX_HANG_NOTIFY, MIX_HANG_DO, N_MIX };
static const char *const mix_names[N_MIX] = {"all-accept", "one-refuses", "one-lacks-iface", "one-slow",
                                             "one-hangs-in-query", "one-hangs-in-notify", "one-hangs-in-do"};

static ULONG hang_in(int mix)
{
    return mix == MIX_HANG_QUERY ? 1 : mix == MIX_HANG_NOTIFY ? 2 : mix == MIX_HANG_DO ? 3 : 0;
}

static void configure_mix(int mix)
{
    set_behaviour(L"FS One", &sect_one[1], mix != MIX_NOIFACE, mix == MIX_REFUSE ? MAPI_E_NO_SUPPORT : S_OK,
                  mix == MIX_SLOW ? SLOW : 0, hang_in(mix));
}

/* ---- the test provider's log ---- */

#define MAX_TOKENS 128
struct tokens {
    char t[MAX_TOKENS][80];
    int n;
};

static void tok_add(struct tokens *tk, const char *fmt, ...)
{
    va_list ap;

    if (tk->n >= MAX_TOKENS) return;
    va_start(ap, fmt);
    vsnprintf(tk->t[tk->n], sizeof(tk->t[0]), fmt, ap);
    va_end(ap);
    tk->n++;
}

/* The lines that matter for shutdown, as short tokens in log order:
 * client markers ("CL Query-end hr=0x..."), QueryInterface for
 * IMAPIProviderShutdown ("AB1 QI hr=0x..."), the three shutdown calls
 * ("AB1 QueryFastShutdown hr=0x..." or "... hang"), Logoff /
 * TransportLogoff and Shutdown ("MS1 Logoff").  Every provider line after
 * the marker "cleanup-begin" is counted in *after (may be NULL). */
static char first_after[512];

static void read_tokens(const WCHAR *path, struct tokens *tk, int *after)
{
    char line[2048], kind[16], inst[128], method[64], first[64];
    BOOL cleanup = FALSE;
    FILE *f;

    tk->n = 0;
    if (after) *after = 0;
    if (!(f = _wfopen(path, L"r"))) return;
    while (fgets(line, sizeof(line), f)) {
        first[0] = 0;
        if (sscanf(line, "%*s %*s %15s %127s %63s %63s", kind, inst, method, first) < 3) continue;
        if (!strcmp(kind, "CL")) {
            if (!strcmp(method, "cleanup-begin")) cleanup = TRUE;
            if (!strncmp(first, "hr=", 3)) tok_add(tk, "CL %s %s", method, first);
            else tok_add(tk, "CL %s", method);
            continue;
        }
        /* The client's own calls into its store (and the store letting go
         * of its logon because of them) are not MAPI's. */
        if (cleanup && after && strcmp(method, "Init") && strncmp(method, "Store", 5) &&
            (strcmp(method, "LogonRelease") || strcmp(kind, "MS") || !strncmp(first, "ref=0", 6))) {
            if (!(*after)++) snprintf(first_after, sizeof(first_after), "%s", line);
        }
        if (!strcmp(method, "QueryInterface") && strstr(line, "iid=IMAPIProviderShutdown"))
            tok_add(tk, "%s QI %s", inst, strstr(line, "hr=") ? strstr(line, "hr=") : "?");
        else if (!strcmp(method, "QueryFastShutdown") || !strcmp(method, "NotifyProcessShutdown") ||
                 !strcmp(method, "DoFastShutdown"))
            tok_add(tk, "%s %s %s", inst, method, first);
        else if (!strcmp(method, "Logoff") || !strcmp(method, "TransportLogoff") || !strcmp(method, "Shutdown"))
            tok_add(tk, "%s %s", inst, method);
    }
    fclose(f);
    /* Strip the trailing newline a token may have picked up. */
    for (int i = 0; i < tk->n; i++) tk->t[i][strcspn(tk->t[i], "\r\n")] = 0;
}

static int count_lines(const WCHAR *path, const char *what)
{
    char line[2048];
    int n = 0;
    FILE *f;

    if (!(f = _wfopen(path, L"r"))) return 0;
    while (fgets(line, sizeof(line), f))
        if (strstr(line, what)) n++;
    fclose(f);
    return n;
}

/* ---- a child process ---- */

/* The client's own marks in the same log (same one-WriteFile format). */
static void client_mark(const char *what, const char *fmt, ...)
{
    char line[512], details[256] = "";
    WCHAR path[MAX_PATH];
    HANDLE h, mutex;
    DWORD written;
    va_list ap;
    int n;

    if (!GetEnvironmentVariableW(L"TESTPROV_LOG", path, MAX_PATH)) return;
    if (fmt) {
        va_start(ap, fmt);
        vsnprintf(details, sizeof(details), fmt, ap);
        va_end(ap);
    }
    n = snprintf(line, sizeof(line), "%lu %lu CL client %s %s\n", GetCurrentProcessId(), GetCurrentThreadId(), what,
                 details);
    /* Under the log's lock, as the provider writes: unlocked appends race. */
    mutex = tp_log_mutex(path);
    if (mutex) WaitForSingleObject(mutex, 10000);
    h = CreateFileW(path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_ALWAYS,
                    0, NULL);
    if (h != INVALID_HANDLE_VALUE) {
        WriteFile(h, line, n, &written, NULL);
        CloseHandle(h);
    }
    if (mutex) {
        ReleaseMutex(mutex);
        CloseHandle(mutex);
    }
}

static FILE *child_result;

static void result(const char *fmt, ...)
{
    va_list ap;

    if (!child_result) return;
    va_start(ap, fmt);
    vfprintf(child_result, fmt, ap);
    va_end(ap);
    fflush(child_result);
}

/* The default store of a session, opened for writing. */
static IMsgStore *child_store(IMAPISession *s)
{
    IMAPITable *t = NULL;
    SRowSet *rows = NULL;
    IMsgStore *mdb = NULL;
    SPropValue *e;

    if (IMAPISession_GetMsgStoresTable(s, 0, &t)) return NULL;
    if (!IMAPITable_QueryRows(t, 10, 0, &rows) && rows->cRows &&
        (e = PpropFindProp(rows->aRow[0].lpProps, rows->aRow[0].cValues, PR_ENTRYID)))
        IMAPISession_OpenMsgStore(s, 0, e->Value.bin.cb, (ENTRYID *)e->Value.bin.lpb, NULL, MDB_WRITE, &mdb);
    if (rows) FreeProws(rows);
    IMAPITable_Release(t);
    return mdb;
}

/* Appends cb deterministic bytes (from offset at) to the store. */
static HRESULT child_append(IMsgStore *mdb, int store, ULONG at, ULONG cb)
{
    SPropValue v;
    BYTE *buf = malloc(cb ? cb : 1);
    HRESULT hr;
    ULONG i;

    for (i = 0; i < cb; i++) buf[i] = data_byte(store, at + i);
    v.ulPropTag = PR_TP_APPEND;
    v.dwAlignPad = 0;
    v.Value.bin.cb = cb;
    v.Value.bin.lpb = buf;
    hr = IMsgStore_SetProps(mdb, 1, &v, NULL);
    free(buf);
    return hr;
}

#define CHUNK 4096
enum pattern { PAT_OUTLOOK, PAT_MFCMAPI, PAT_LEAKMAPI, PAT_IGNORE, PAT_DOONLY, N_PAT };
static const char *const pattern_names[N_PAT] = {"outlook", "mfcmapi", "leakmapi", "ignore-refusal", "do-only"};

/* One timed client call, marked in the log. */
static HRESULT child_step(IMAPIClientShutdown *cs, int which, double *ms)
{
    static const char *names[3] = {"Query", "Notify", "Do"};
    char mark[32];
    LARGE_INTEGER t0;
    HRESULT hr;

    snprintf(mark, sizeof(mark), "%s-begin", names[which]);
    client_mark(mark, NULL);
    QueryPerformanceCounter(&t0);
    hr = which == 0 ? IMAPIClientShutdown_QueryFastShutdown(cs)
       : which == 1 ? IMAPIClientShutdown_NotifyProcessShutdown(cs)
                    : IMAPIClientShutdown_DoFastShutdown(cs);
    *ms = ms_since(t0);
    snprintf(mark, sizeof(mark), "%s-end", names[which]);
    client_mark(mark, "hr=0x%08lx", hr);
    return hr;
}

/* The matrix client: two sessions, each with its transport, address book
 * and store loaded and data written; one of the patterns; then what a
 * client does on its way out. */
static int child_matrix(int pattern)
{
    IMAPISession *s[2] = {NULL, NULL}, *extra = NULL;
    IMsgStore *mdb[2] = {NULL, NULL};
    IAddrBook *ab[2] = {NULL, NULL};
    IMAPIClientShutdown *cs = NULL;
    HRESULT q = 1, n = 1, d = 1, hr;
    double tq = 0, tn = 0, td = 0;
    int i;

    if (MAPIInitialize(NULL)) return 2;
    if (MAPILogonEx(0, (LPTSTR)L"FS One", NULL, FLAGS, &s[0]) || MAPILogonEx(0, (LPTSTR)L"FS Two", NULL, FLAGS, &s[1]))
        return 3;
    for (i = 0; i < 2; i++) {
        if (FAILED(IMAPISession_OpenAddressBook(s[i], 0, NULL, 0, &ab[i]))) ab[i] = NULL;   /* logs it on */
        if (!(mdb[i] = child_store(s[i]))) return 4;
        if (child_append(mdb[i], i + 1, 0, CHUNK) || child_append(mdb[i], i + 1, CHUNK, CHUNK) ||
            child_append(mdb[i], i + 1, 2 * CHUNK, CHUNK))
            return 5;
    }
    if (IMAPISession_QueryInterface(s[0], &IID_IMAPIClientShutdown, (void **)&cs) || !cs) return 6;

    switch (pattern) {
    case PAT_OUTLOOK:       /* only on S_OK: notify and do */
        if ((q = child_step(cs, 0, &tq)) == S_OK) {
            n = child_step(cs, 1, &tn);
            d = child_step(cs, 2, &td);
        }
        break;
    case PAT_MFCMAPI:       /* notifies even after a refusal, skips only do */
        q = child_step(cs, 0, &tq);
        n = child_step(cs, 1, &tn);
        if (q == S_OK) d = child_step(cs, 2, &td);
        break;
    case PAT_LEAKMAPI:      /* query, then do; no notify */
        if ((q = child_step(cs, 0, &tq)) == S_OK) d = child_step(cs, 2, &td);
        break;
    case PAT_IGNORE:        /* whatever the answers, all three, then exit */
        q = child_step(cs, 0, &tq);
        n = child_step(cs, 1, &tn);
        d = child_step(cs, 2, &td);
        result("q=%08lx n=%08lx d=%08lx tq=%.0f tn=%.0f td=%.0f\n", q, n, d, tq, tn, td);
        ExitProcess(0);
    default:                /* do without query */
        d = child_step(cs, 2, &td);
        break;
    }
    result("q=%08lx n=%08lx d=%08lx tq=%.0f tn=%.0f td=%.0f\n", q, n, d, tq, tn, td);

    client_mark("cleanup-begin", NULL);
    if (d == S_OK) {
        /* Past the point of no return: every call is harmless and reaches
         * no provider; provider DLLs stay loaded. */
        HRESULT logon, open, q2, n2, d2, lo;
        IMsgStore *m2 = NULL;
        SPropValue *e = NULL;

        logon = MAPILogonEx(0, (LPTSTR)L"FS One", NULL, FLAGS, &extra);
        open = IMAPISession_OpenMsgStore(s[0], 0, 4, (ENTRYID *)"abcd", NULL, 0, &m2);
        (void)e;
        q2 = IMAPIClientShutdown_QueryFastShutdown(cs);
        n2 = IMAPIClientShutdown_NotifyProcessShutdown(cs);
        d2 = IMAPIClientShutdown_DoFastShutdown(cs);
        IMAPIClientShutdown_Release(cs);
        lo = IMAPISession_Logoff(s[0], 0, 0, 0);
        hr = IMAPISession_Logoff(s[1], 0, 0, 0);
        for (i = 0; i < 2; i++) {
            IMsgStore_Release(mdb[i]);
            if (ab[i]) IAddrBook_Release(ab[i]);
            IMAPISession_Release(s[i]);
        }
        MAPIUninitialize();
        MAPIUninitialize();     /* once too many: still nothing */
        result("logon=%08lx open=%08lx q2=%08lx n2=%08lx d2=%08lx logoff=%08lx,%08lx loaded=%d\n", logon, open, q2,
               n2, d2, lo, hr, GetModuleHandleW(L"testprov32.dll") != NULL);
    } else {
        /* A normal shutdown: logoff (which persists), then let go. */
        IMAPIClientShutdown_Release(cs);
        for (i = 0; i < 2; i++) IMAPISession_Logoff(s[i], 0, 0, 0);
        for (i = 0; i < 2; i++) {
            IMsgStore_Release(mdb[i]);
            if (ab[i]) IAddrBook_Release(ab[i]);
            IMAPISession_Release(s[i]);
        }
        MAPIUninitialize();
    }
    client_mark("cleanup-end", NULL);
    return 0;
}

/* Durability: 165537 bytes through the test store, then
 *   fast:   Query, Notify, Do; killed right after Do returns (exit 42);
 *   normal: Query, Notify, Do (refused under policy 2), Logoff; killed right after (43);
 *   lose:   Query, Do (refused), killed (44): what the docs warn about. */
static int child_persist(const char *mode)
{
    static const ULONG sizes[3] = {65536, 1, 100000};
    SizedSPropTagArray(1, tags) = {1, {PR_TP_PENDING}};
    IMAPIClientShutdown *cs = NULL;
    IMAPISession *s = NULL;
    IMsgStore *mdb;
    SPropValue *v;
    HRESULT q, n = 1, d;
    ULONG at = 0, i, cnt;
    double t;

    if (MAPIInitialize(NULL) || MAPILogonEx(0, (LPTSTR)L"FS Data", NULL, FLAGS | MAPI_NO_MAIL, &s)) return 2;
    if (!(mdb = child_store(s))) return 3;
    for (i = 0; i < 3; i++) {
        if (child_append(mdb, 9, at, sizes[i])) return 4;
        at += sizes[i];
    }
    if (IMsgStore_GetProps(mdb, (SPropTagArray *)&tags, 0, &cnt, &v) || v->Value.l != (LONG)at) return 5;
    MAPIFreeBuffer(v);
    if (IMAPISession_QueryInterface(s, &IID_IMAPIClientShutdown, (void **)&cs)) return 6;
    q = child_step(cs, 0, &t);
    if (strcmp(mode, "lose")) n = child_step(cs, 1, &t);
    d = child_step(cs, 2, &t);
    result("q=%08lx n=%08lx d=%08lx\n", q, n, d);
    fclose(child_result);
    if (!strcmp(mode, "fast")) {
        if (d == S_OK) TerminateProcess(GetCurrentProcess(), 42);
        return 7;
    }
    if (!strcmp(mode, "lose")) TerminateProcess(GetCurrentProcess(), 44);
    if (IMAPISession_Logoff(s, 0, 0, 0)) return 8;
    TerminateProcess(GetCurrentProcess(), 43);
    return 9;
}

/* The deadline: a transport that hangs in QueryFastShutdown. */
static int child_hang(void)
{
    IMAPIClientShutdown *cs = NULL;
    IMAPISession *s = NULL;
    double t;
    HRESULT q;

    if (MAPIInitialize(NULL) || MAPILogonEx(0, (LPTSTR)L"FS Hang", NULL, FLAGS, &s)) return 2;
    if (IMAPISession_QueryInterface(s, &IID_IMAPIClientShutdown, (void **)&cs)) return 3;
    q = child_step(cs, 0, &t);
    result("q=%08lx tq=%.0f\n", q, t);
    return 0;
}

/* A transport that hung in QueryFastShutdown holding its own lock, then a
 * normal end: Logoff, Release, MAPIUninitialize, each in bounded time, and
 * the store (after it in nothing) persists in its Logoff. */
static int child_stuck(void)
{
    IMAPIClientShutdown *cs = NULL;
    IMAPISession *s = NULL;
    IAddrBook *ab = NULL;
    IMsgStore *mdb;
    LARGE_INTEGER t0;
    double t, tl, tu;
    HRESULT q, lo;

    if (MAPIInitialize(NULL) || MAPILogonEx(0, (LPTSTR)L"FS Stuck", NULL, FLAGS, &s)) return 2;
    /* The address book logs its providers on. */
    if (IMAPISession_OpenAddressBook(s, 0, NULL, 0, &ab)) return 5;
    if (!(mdb = child_store(s)) || child_append(mdb, 5, 0, 3 * CHUNK)) return 3;
    if (IMAPISession_QueryInterface(s, &IID_IMAPIClientShutdown, (void **)&cs)) return 4;
    q = child_step(cs, 0, &t);
    IMAPIClientShutdown_Release(cs);
    client_mark("cleanup-begin", NULL);
    QueryPerformanceCounter(&t0);
    IMsgStore_Release(mdb);
    IAddrBook_Release(ab);
    lo = IMAPISession_Logoff(s, 0, 0, 0);
    IMAPISession_Release(s);
    tl = ms_since(t0);
    QueryPerformanceCounter(&t0);
    MAPIUninitialize();
    tu = ms_since(t0);
    client_mark("cleanup-end", NULL);
    result("q=%08lx lo=%08lx tq=%.0f tl=%.0f tu=%.0f\n", q, lo, t, tl, tu);
    return 0;
}

/* A transport that hangs in DoFastShutdown holding the loader lock: no
 * thread can start or end any more.  DoFastShutdown still ends in time and
 * the store after it is told; what the client calls afterwards returns.
 * ExitProcess would wait for the loader lock for ever (on Windows too), so
 * the child ends itself with TerminateProcess (exit 45). */
static int child_lock(void)
{
    IMAPIClientShutdown *cs = NULL;
    IMAPISession *s = NULL;
    IAddrBook *ab = NULL;
    IMsgStore *mdb;
    LARGE_INTEGER t0;
    double tq, tn, td, tr;
    HRESULT q, n, d, lo;

    if (MAPIInitialize(NULL) || MAPILogonEx(0, (LPTSTR)L"FS Lock", NULL, FLAGS, &s)) return 2;
    /* The address book logs its providers on. */
    if (IMAPISession_OpenAddressBook(s, 0, NULL, 0, &ab)) return 5;
    if (!(mdb = child_store(s)) || child_append(mdb, 6, 0, 3 * CHUNK)) return 3;
    if (IMAPISession_QueryInterface(s, &IID_IMAPIClientShutdown, (void **)&cs)) return 4;
    q = child_step(cs, 0, &tq);
    n = child_step(cs, 1, &tn);
    d = child_step(cs, 2, &td);
    QueryPerformanceCounter(&t0);
    IMAPIClientShutdown_Release(cs);
    IMsgStore_Release(mdb);
    IAddrBook_Release(ab);
    lo = IMAPISession_Logoff(s, 0, 0, 0);
    IMAPISession_Release(s);
    MAPIUninitialize();
    tr = ms_since(t0);
    result("q=%08lx n=%08lx d=%08lx lo=%08lx tq=%.0f tn=%.0f td=%.0f tr=%.0f\n", q, n, d, lo, tq, tn, td, tr);
    fclose(child_result);
    child_result = NULL;
    TerminateProcess(GetCurrentProcess(), 45);
    return 9;
}

static int child_main(int argc, char **argv)
{
    int rc;

    GetTempPathW(MAX_PATH, tmp_dir);
    if (!(child_result = fopen(argv[3], "w"))) return 1;
    if (!strcmp(argv[2], "matrix")) rc = child_matrix(atoi(argv[4]));
    else if (!strcmp(argv[2], "persist")) rc = child_persist(argv[4]);
    else if (!strcmp(argv[2], "stuck")) rc = child_stuck();
    else if (!strcmp(argv[2], "lock")) rc = child_lock();
    else rc = child_hang();
    if (child_result) fclose(child_result);
    return rc;
}

/* Another program of this folder to run instead of this one, with the same
 * arguments (shutdown_dynload.exe). */
static const char *spawn_program;

/* Runs this program as "child <what> <result file> <arg>"; its exit code,
 * or -1 if it did not end within timeout ms.  stderr_to: a file for its
 * stderr, or NULL. */
static DWORD spawn(const char *what, const char *arg, const WCHAR *stderr_to, DWORD timeout)
{
    char exe[MAX_PATH], cmd[3 * MAX_PATH], res[MAX_PATH];
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
    HANDLE err = NULL;
    DWORD code = (DWORD)-1;

    GetModuleFileNameA(NULL, exe, sizeof(exe));
    if (spawn_program) strcpy(strrchr(exe, '\\') + 1, spawn_program);
    WideCharToMultiByte(CP_ACP, 0, result_path, -1, res, sizeof(res), NULL, NULL);
    DeleteFileW(result_path);
    snprintf(cmd, sizeof(cmd), "\"%s\" child %s \"%s\" %s", exe, what, res, arg);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    if (stderr_to) {
        err = CreateFileW(stderr_to, GENERIC_WRITE, FILE_SHARE_READ, &sa, CREATE_ALWAYS, 0, NULL);
        ck_assert(err != INVALID_HANDLE_VALUE);
        si.dwFlags = STARTF_USESTDHANDLES;
        si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
        si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
        si.hStdError = err;
    }
    {
        /* Under load Wine's CreateProcess now and then fails for a moment;
         * that is the machine, not MAPI: try again a few times. */
        int tries = 0;
        BOOL ok;
        while (!(ok = CreateProcessA(NULL, cmd, NULL, NULL, stderr_to != NULL, 0, NULL, NULL, &si, &pi)) &&
               ++tries < 5)
            Sleep(200);
        ck_assert_msg(ok, "CreateProcess failed %d times, error %lu", tries, GetLastError());
    }
    if (WaitForSingleObject(pi.hProcess, timeout) == WAIT_OBJECT_0) GetExitCodeProcess(pi.hProcess, &code);
    else TerminateProcess(pi.hProcess, 1);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    if (err) CloseHandle(err);
    return code;
}

/* A field "key=value" of the child's result file: hex, or decimal for the
 * times (t...); FALSE if absent. */
static BOOL result_field(const char *key, double *out)
{
    char buf[1024], pat[32];
    const char *p;
    FILE *f;
    size_t n;

    if (!(f = _wfopen(result_path, L"r"))) return FALSE;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = 0;
    snprintf(pat, sizeof(pat), " %s=", key);
    memmove(buf + 1, buf, n + 1);
    buf[0] = ' ';
    for (p = buf; (p = strstr(p, pat)); p++) {
        p += strlen(pat);
        *out = key[0] == 't' ? strtod(p, NULL) : (double)strtoul(p, NULL, 16);
        return TRUE;
    }
    for (p = buf; (p = strchr(p, '\n')); ) {     /* keys at the start of a later line */
        p++;
        if (!strncmp(p, pat + 1, strlen(pat) - 1)) {
            p += strlen(pat) - 1;
            *out = key[0] == 't' ? strtod(p, NULL) : (double)strtoul(p, NULL, 16);
            return TRUE;
        }
    }
    return FALSE;
}

static HRESULT result_hr(const char *key)
{
    double v;
    return result_field(key, &v) ? (HRESULT)(ULONG)v : (HRESULT)0xdeadbeef;
}

static double result_ms(const char *key)
{
    double v;
    return result_field(key, &v) ? v : -1;
}

/* Does the data file hold exactly the expected bytes (cb of store n)? */
static BOOL data_complete(const WCHAR *path, int store, ULONG cb)
{
    BYTE *buf;
    FILE *f;
    size_t got;
    ULONG i;
    BOOL ok;

    if (!(f = _wfopen(path, L"rb"))) return cb == 0;
    buf = malloc(cb + 16);
    got = fread(buf, 1, cb + 16, f);
    fclose(f);
    ok = got == cb;
    for (i = 0; ok && i < cb; i++) ok = buf[i] == data_byte(store, i);
    free(buf);
    return ok;
}

static LONGLONG file_size(const WCHAR *path)
{
    WIN32_FILE_ATTRIBUTE_DATA a;
    if (!GetFileAttributesExW(path, GetFileExInfoStandard, &a)) return -1;
    return ((LONGLONG)a.nFileSizeHigh << 32) | a.nFileSizeLow;
}

/* ---- fixture ---- */

static void setup(void)
{
    GetTempPathW(MAX_PATH, tmp_dir);
    temp_file(log_path, L"fs_log.txt");
    temp_file(result_path, L"fs_result.txt");
    temp_file(data_one, L"fs_data1.bin");
    temp_file(data_two, L"fs_data2.bin");
    temp_file(data_persist, L"fs_persist.bin");
    temp_file(data_stuck, L"fs_stuck.bin");
    temp_file(data_lock, L"fs_lock.bin");
    DeleteFileW(log_path);
    SetEnvironmentVariableW(L"TESTPROV_LOG", log_path);
    ck_assert_int_eq(MAPIInitialize(NULL), S_OK);
    ck_assert_int_eq(MAPIAdminProfiles(0, &admin), S_OK);
    make_profiles();
    clear_policies();
}

static void teardown(void)
{
    if (admin) IProfAdmin_Release(admin);
    admin = NULL;
    MAPIUninitialize();
    clear_policies();
}

/* ---- in this process: identity, lifetime, the policy (no DoFastShutdown here) ---- */

START_TEST(client_shutdown_identity)
{
    IMAPIClientShutdown *cs, *cs2;
    IMAPISession *s, *s2;
    IUnknown *unk, *unk2;
    void *p;
    ULONG ref;

    configure_mix(MIX_ACCEPT);
    s = NULL;
    ck_assert_int_eq(MAPILogonEx(0, (LPTSTR)L"FS One", NULL, FLAGS, &s), S_OK);
    ck_assert_int_eq(IMAPISession_QueryInterface(s, &IID_IMAPIClientShutdown, (void **)&cs), S_OK);
    ck_assert_ptr_nonnull(cs);
    ck_assert_ptr_ne((void *)cs, (void *)s);
    /* The same pointer every time; IUnknown and IMAPISession come back to the session. */
    ck_assert_int_eq(IMAPISession_QueryInterface(s, &IID_IMAPIClientShutdown, (void **)&cs2), S_OK);
    ck_assert_ptr_eq(cs, cs2);
    IMAPIClientShutdown_Release(cs2);
    ck_assert_int_eq(IMAPIClientShutdown_QueryInterface(cs, &IID_IUnknown, (void **)&unk), S_OK);
    ck_assert_int_eq(IMAPISession_QueryInterface(s, &IID_IUnknown, (void **)&unk2), S_OK);
    ck_assert_ptr_eq(unk, unk2);
    ck_assert_ptr_eq((void *)unk, (void *)s);
    IUnknown_Release(unk);
    IUnknown_Release(unk2);
    ck_assert_int_eq(IMAPIClientShutdown_QueryInterface(cs, &IID_IMAPISession, (void **)&s2), S_OK);
    ck_assert_ptr_eq(s2, s);
    IMAPISession_Release(s2);
    ck_assert_int_eq(IMAPIClientShutdown_QueryInterface(cs, &IID_IMAPIClientShutdown, (void **)&cs2), S_OK);
    ck_assert_ptr_eq(cs2, cs);
    IMAPIClientShutdown_Release(cs2);
    /* One reference count for both interfaces. */
    ref = IMAPISession_AddRef(s);
    ck_assert_uint_eq(IMAPIClientShutdown_AddRef(cs), ref + 1);
    ck_assert_uint_eq(IMAPIClientShutdown_Release(cs), ref);
    ck_assert_uint_eq(IMAPISession_Release(s), ref - 1);
    /* Bad arguments, through either interface. */
    p = (void *)0xdead;
    ck_assert_int_eq(IMAPIClientShutdown_QueryInterface(cs, &IID_IMAPITable, &p), MAPI_E_INTERFACE_NOT_SUPPORTED);
    ck_assert_ptr_null(p);
    ck_assert_int_eq(IMAPIClientShutdown_QueryInterface(cs, &IID_IUnknown, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IMAPIClientShutdown_QueryInterface(cs, NULL, &p), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IMAPISession_QueryInterface(s, &IID_IMAPIClientShutdown, NULL), MAPI_E_INVALID_PARAMETER);

    /* The session stays alive while only the IMAPIClientShutdown is held. */
    ck_assert_uint_eq(IMAPISession_Release(s), 1);
    ck_assert_int_eq(count_lines(log_path, "TransportLogoff"), 0);
    ck_assert_int_eq(IMAPIClientShutdown_QueryFastShutdown(cs), S_OK);
    ck_assert_int_eq(count_lines(log_path, " XP1 QueryFastShutdown hr=0x00000000"), 1);
    ck_assert_int_eq(count_lines(log_path, "TransportLogoff"), 0);
    /* Its last reference ends the session (a normal logoff: nothing was done fast). */
    ck_assert_uint_eq(IMAPIClientShutdown_Release(cs), 0);
    ck_assert_int_eq(count_lines(log_path, " XP1 TransportLogoff"), 1);
    ck_assert_int_eq(count_lines(log_path, " XP1 Shutdown"), 1);
}
END_TEST

/* After Logoff the interface still answers, for the sessions still alive. */
START_TEST(client_shutdown_after_logoff)
{
    IMAPIClientShutdown *cs;
    IMAPISession *a = NULL, *b = NULL;

    configure_mix(MIX_ACCEPT);
    ck_assert_int_eq(MAPILogonEx(0, (LPTSTR)L"FS One", NULL, FLAGS, &a), S_OK);
    ck_assert_int_eq(MAPILogonEx(0, (LPTSTR)L"FS Policy", NULL, FLAGS, &b), S_OK);
    ck_assert_int_eq(IMAPISession_Logoff(a, 0, 0, 0), S_OK);
    ck_assert_int_eq(IMAPISession_QueryInterface(a, &IID_IMAPIClientShutdown, (void **)&cs), S_OK);
    DeleteFileW(log_path);
    /* Only FS Policy's transport is loaded now, without the interface. */
    set_policy(1, DEADLINE);
    ck_assert_int_eq(IMAPIClientShutdown_QueryFastShutdown(cs), MAPI_E_NO_SUPPORT);
    ck_assert_int_eq(count_lines(log_path, "QueryInterface iid=IMAPIProviderShutdown"), 1);
    ck_assert_int_eq(count_lines(log_path, " XPP QueryInterface iid=IMAPIProviderShutdown hr=0x80004002"), 1);
    set_policy(0, DEADLINE);
    ck_assert_int_eq(IMAPIClientShutdown_QueryFastShutdown(cs), S_OK);
    IMAPIClientShutdown_Release(cs);
    IMAPISession_Release(a);
    ck_assert_int_eq(IMAPISession_Logoff(b, 0, 0, 0), S_OK);
    IMAPISession_Release(b);
    /* No session at all: nothing to ask, nothing refuses. */
    ck_assert_int_eq(MAPILogonEx(0, (LPTSTR)L"FS One", NULL, FLAGS | MAPI_NO_MAIL, &a), S_OK);
    ck_assert_int_eq(IMAPISession_QueryInterface(a, &IID_IMAPIClientShutdown, (void **)&cs), S_OK);
    set_policy(1, DEADLINE);
    DeleteFileW(log_path);
    ck_assert_int_eq(IMAPIClientShutdown_QueryFastShutdown(cs), S_OK);
    ck_assert_int_eq(count_lines(log_path, "QueryInterface"), 0);
    IMAPIClientShutdown_Release(cs);
    IMAPISession_Release(a);
}
END_TEST

/* What QueryFastShutdown says with FS Policy's one transport, which has no
 * IMAPIProviderShutdown: policy 0 -> S_OK, 1 -> refused after asking it,
 * 2 -> refused without asking anyone. */
static int policy_seen(IMAPIClientShutdown *cs)
{
    HRESULT hr;
    int asked;

    DeleteFileW(log_path);
    hr = IMAPIClientShutdown_QueryFastShutdown(cs);
    asked = count_lines(log_path, "QueryInterface iid=IMAPIProviderShutdown");
    if (hr == S_OK && asked == 1) return 0;
    if (hr == MAPI_E_NO_SUPPORT && asked == 1) return 1;
    if (hr == MAPI_E_NO_SUPPORT && asked == 0) return 2;
    return -1;
}

START_TEST(policy_reading)
{
    static const BYTE bin2[4] = {2, 0, 0, 0};
    static const ULONGLONG q2 = 2;
    IMAPIClientShutdown *cs;
    IMAPISession *s = NULL;
    PSECURITY_DESCRIPTOR sd;
    WCHAR path[200];
    HKEY key;
    WORD w2 = 2;

    ck_assert_int_eq(MAPILogonEx(0, (LPTSTR)L"FS Policy", NULL, FLAGS, &s), S_OK);
    ck_assert_int_eq(IMAPISession_QueryInterface(s, &IID_IMAPIClientShutdown, (void **)&cs), S_OK);

    clear_policies();
    ck_assert_int_eq(policy_seen(cs), 0);                   /* no Office key at all */
    set_dword(L"16.0", L"Other", 1);
    ck_assert_int_eq(policy_seen(cs), 0);                   /* key, no value */
    set_dword(L"16.0", L"FastShutdownBehavior", 1);
    ck_assert_int_eq(policy_seen(cs), 1);
    set_dword(L"16.0", L"FastShutdownBehavior", 2);
    ck_assert_int_eq(policy_seen(cs), 2);                   /* read again at each query */
    set_dword(L"16.0", L"FastShutdownBehavior", 0);
    ck_assert_int_eq(policy_seen(cs), 0);
    set_dword(L"16.0", L"FastShutdownBehavior", 3);
    ck_assert_int_eq(policy_seen(cs), 0);                   /* out of range */
    set_dword(L"16.0", L"FastShutdownBehavior", 0xffffffff);
    ck_assert_int_eq(policy_seen(cs), 0);

    /* 16.0, then 15.0, then 14.0: the first that has the value wins. */
    clear_policies();
    set_dword(L"14.0", L"FastShutdownBehavior", 1);
    ck_assert_int_eq(policy_seen(cs), 1);
    set_dword(L"15.0", L"FastShutdownBehavior", 2);
    ck_assert_int_eq(policy_seen(cs), 2);
    set_dword(L"16.0", L"FreeMAPIProviderTimeoutMs", 1000);  /* 16.0 there, without the value */
    ck_assert_int_eq(policy_seen(cs), 2);
    set_dword(L"16.0", L"FastShutdownBehavior", 1);
    ck_assert_int_eq(policy_seen(cs), 1);
    set_dword(L"16.0", L"FastShutdownBehavior", -1);
    set_dword(L"15.0", L"FastShutdownBehavior", -1);
    ck_assert_int_eq(policy_seen(cs), 1);                   /* 14.0 again */
    set_dword(L"13.0", L"FastShutdownBehavior", 2);         /* not a version we read */
    set_dword(L"14.0", L"FastShutdownBehavior", -1);
    ck_assert_int_eq(policy_seen(cs), 0);

    /* Present in the wrong shape: 0, and it still wins over older versions. */
    clear_policies();
    set_dword(L"15.0", L"FastShutdownBehavior", 2);
    ck_assert_int_eq(policy_seen(cs), 2);
    set_raw(L"16.0", L"FastShutdownBehavior", REG_SZ, L"2", 4);
    ck_assert_int_eq(policy_seen(cs), 0);
    set_raw(L"16.0", L"FastShutdownBehavior", REG_BINARY, bin2, 4);
    ck_assert_int_eq(policy_seen(cs), 0);
    set_raw(L"16.0", L"FastShutdownBehavior", REG_QWORD, &q2, 8);
    ck_assert_int_eq(policy_seen(cs), 0);
    set_raw(L"16.0", L"FastShutdownBehavior", REG_DWORD, &w2, 2);   /* a DWORD of 2 bytes */
    ck_assert_int_eq(policy_seen(cs), 0);
    set_raw(L"16.0", L"FastShutdownBehavior", REG_DWORD, &q2, 8);   /* ... of 8 bytes */
    ck_assert_int_eq(policy_seen(cs), 0);
    set_dword(L"16.0", L"FastShutdownBehavior", 2);
    ck_assert_int_eq(policy_seen(cs), 2);

    /* Unreadable (a DACL that denies reading values): 0, whatever 15.0 says. */
    swprintf(path, ARRAYSIZE(path), POLICY_KEY, L"16.0");
    ck_assert_int_eq(RegOpenKeyExW(HKEY_CURRENT_USER, path, 0, WRITE_DAC, &key), 0);
    ck_assert(ConvertStringSecurityDescriptorToSecurityDescriptorW(L"D:(D;;0x1;;;WD)(A;;KA;;;WD)", SDDL_REVISION_1, &sd,
                                                                   NULL));
    ck_assert_int_eq(RegSetKeySecurity(key, DACL_SECURITY_INFORMATION, sd), 0);
    LocalFree(sd);
    RegCloseKey(key);
    if (RegOpenKeyExW(HKEY_CURRENT_USER, path, 0, KEY_QUERY_VALUE, &key) == ERROR_ACCESS_DENIED)
        ck_assert_int_eq(policy_seen(cs), 0);
    else {
        RegCloseKey(key);
        printf("this Wine does not enforce registry DACLs: unreadable policy not tested\n");
    }
    ck_assert_int_eq(RegOpenKeyExW(HKEY_CURRENT_USER, path, 0, WRITE_DAC, &key), 0);
    ck_assert(ConvertStringSecurityDescriptorToSecurityDescriptorW(L"D:(A;;KA;;;WD)", SDDL_REVISION_1, &sd, NULL));
    ck_assert_int_eq(RegSetKeySecurity(key, DACL_SECURITY_INFORMATION, sd), 0);
    LocalFree(sd);
    RegCloseKey(key);

    clear_policies();
    IMAPIClientShutdown_Release(cs);
    ck_assert_int_eq(IMAPISession_Logoff(s, 0, 0, 0), S_OK);
    IMAPISession_Release(s);
}
END_TEST

/* Two threads asking at once: one query after the other, never interleaved. */
struct query_thread {
    IMAPIClientShutdown *cs;
    HRESULT hr[10];
};

static DWORD WINAPI query_thread(void *arg)
{
    struct query_thread *qt = arg;
    int i;
    for (i = 0; i < 10; i++) qt->hr[i] = IMAPIClientShutdown_QueryFastShutdown(qt->cs);
    return 0;
}

START_TEST(concurrent_queries)
{
    struct query_thread qt[2];
    IMAPIClientShutdown *cs;
    IMAPISession *s = NULL;
    HANDLE th[2];
    struct tokens tk;
    int i, j;

    configure_mix(MIX_ACCEPT);
    ck_assert_int_eq(MAPILogonEx(0, (LPTSTR)L"FS One", NULL, FLAGS, &s), S_OK);
    ck_assert_int_eq(IMAPISession_QueryInterface(s, &IID_IMAPIClientShutdown, (void **)&cs), S_OK);
    DeleteFileW(log_path);
    for (i = 0; i < 2; i++) {
        qt[i].cs = cs;
        th[i] = CreateThread(NULL, 0, query_thread, &qt[i], 0, NULL);
    }
    WaitForMultipleObjects(2, th, TRUE, INFINITE);
    for (i = 0; i < 2; i++) {
        CloseHandle(th[i]);
        for (j = 0; j < 10; j++) ck_assert_int_eq(qt[i].hr[j], S_OK);
    }
    read_tokens(log_path, &tk, NULL);
    ck_assert_int_eq(tk.n, 40);
    for (i = 0; i < tk.n; i += 2) {
        ck_assert_str_eq(tk.t[i], "XP1 QI hr=0x00000000");
        ck_assert_str_eq(tk.t[i + 1], "XP1 QueryFastShutdown hr=0x00000000");
    }
    IMAPIClientShutdown_Release(cs);
    ck_assert_int_eq(IMAPISession_Logoff(s, 0, 0, 0), S_OK);
    IMAPISession_Release(s);
}
END_TEST

/* ---- the matrix: each case in a child process ---- */

static const char *const prov_names[6] = {"XP1", "XP2", "AB1", "AB2", "MS1", "MS2"};
#define SPECIAL 2           /* AB1: the provider the mix is about */

struct model {
    int policy;             /* 0, 1, 2 (absent is 0) */
    int mix;
    unsigned given_up;      /* providers that overran a call */
    int decision;           /* 0 none, 1 yes, 2 no */
    BOOL notified, done;
    struct tokens tk;
    int cur;                /* the client call being modelled: 0 Query, 1 Notify, 2 Do */
    int hangs[3];           /* hangs met in each client call */
    int slows[3];           /* calls of the slow provider in each */
};

/* The calls one step makes, in provider order. */
static void model_step(struct model *m, int step)
{
    static const char *meth[3] = {"QueryFastShutdown", "NotifyProcessShutdown", "DoFastShutdown"};
    int i;

    for (i = 0; i < 6; i++) {
        if (m->given_up & (1u << i)) continue;
        if (i == SPECIAL && m->mix == MIX_NOIFACE) {
            tok_add(&m->tk, "%s QI hr=0x80004002", prov_names[i]);
            continue;
        }
        tok_add(&m->tk, "%s QI hr=0x00000000", prov_names[i]);
        if (i == SPECIAL && hang_in(m->mix) == (ULONG)step + 1) {
            tok_add(&m->tk, "%s %s hang", prov_names[i], meth[step]);
            m->given_up |= 1u << i;
            m->hangs[m->cur]++;
            continue;
        }
        if (i == SPECIAL && m->mix == MIX_SLOW) m->slows[m->cur]++;
        tok_add(&m->tk, "%s %s hr=0x%08lx", prov_names[i], meth[step],
                step == 0 && i == SPECIAL && m->mix == MIX_REFUSE ? MAPI_E_NO_SUPPORT : S_OK);
    }
}

/* A query over the providers (not those given up before): the decision table. */
static BOOL model_query(struct model *m)
{
    unsigned before = m->given_up;
    BOOL allow = TRUE;

    model_step(m, 0);
    if (before && m->policy == 1) allow = FALSE;
    if (!(before & (1u << SPECIAL))) {
        if (m->mix == MIX_REFUSE) allow = FALSE;
        if ((m->mix == MIX_NOIFACE || m->mix == MIX_HANG_QUERY) && m->policy == 1) allow = FALSE;
    }
    return allow;
}

static HRESULT model_client(struct model *m, int which)
{
    static const char *names[3] = {"Query", "Notify", "Do"};
    HRESULT hr = S_OK;

    tok_add(&m->tk, "CL %s-begin", names[which]);
    m->cur = which;
    if (which == 0) {
        if (m->policy == 2) m->decision = 2;
        else m->decision = model_query(m) ? 1 : 2;
        hr = m->decision == 1 ? S_OK : MAPI_E_NO_SUPPORT;
    } else if (which == 1) {
        if (m->policy != 2 && !m->notified) {
            m->notified = TRUE;
            model_step(m, 1);
        }
    } else {
        if (m->policy == 2 || m->decision == 2) hr = MAPI_E_NO_SUPPORT;
        else if (m->decision == 0 && !model_query(m)) {
            m->decision = 2;
            hr = MAPI_E_NO_SUPPORT;
        } else {
            m->decision = 1;
            model_step(m, 2);
            m->done = TRUE;
        }
    }
    tok_add(&m->tk, "CL %s-end hr=0x%08lx", names[which], hr);
    return hr;
}

START_TEST(matrix)
{
    static const int policies[4] = {-1, 0, 1, 2};
    int policy = policies[_i / (N_MIX * N_PAT)], mix = (_i / N_PAT) % N_MIX, pattern = _i % N_PAT;
    HRESULT q = 1, n = 1, d = 1;
    struct model m;
    struct tokens got;
    char arg[8];
    int after, i, s;
    DWORD code;
    BOOL persisted;

    memset(&m, 0, sizeof(m));
    m.policy = policy < 0 ? 0 : policy;
    m.mix = mix;
    switch (pattern) {
    case PAT_OUTLOOK:
        if ((q = model_client(&m, 0)) == S_OK) {
            n = model_client(&m, 1);
            d = model_client(&m, 2);
        }
        break;
    case PAT_MFCMAPI:
        q = model_client(&m, 0);
        n = model_client(&m, 1);
        if (q == S_OK) d = model_client(&m, 2);
        break;
    case PAT_LEAKMAPI:
        if ((q = model_client(&m, 0)) == S_OK) d = model_client(&m, 2);
        break;
    case PAT_IGNORE:
        q = model_client(&m, 0);
        n = model_client(&m, 1);
        d = model_client(&m, 2);
        break;
    default:
        d = model_client(&m, 2);
        break;
    }
    if (pattern != PAT_IGNORE) {
        tok_add(&m.tk, "CL cleanup-begin");
        if (!m.done)
            for (s = 1; s <= 2; s++) {
                /* The client's store logon, then the spooler's. */
                tok_add(&m.tk, "MS%d Logoff", s);
                tok_add(&m.tk, "MS%d Logoff", s);
                tok_add(&m.tk, "AB%d Logoff", s);
                tok_add(&m.tk, "XP%d TransportLogoff", s);
                tok_add(&m.tk, "MS%d Shutdown", s);
                tok_add(&m.tk, "AB%d Shutdown", s);
                tok_add(&m.tk, "XP%d Shutdown", s);
            }
        tok_add(&m.tk, "CL cleanup-end");
    }

    configure_mix(mix);
    set_policy(policy, DEADLINE);
    DeleteFileW(log_path);
    DeleteFileW(data_one);
    DeleteFileW(data_two);
    snprintf(arg, sizeof(arg), "%d", pattern);
    code = spawn("matrix", arg, NULL, 60000);

    read_tokens(log_path, &got, &after);
    printf("policy %-6s %-20s %-14s:", policy < 0 ? "absent" : policy == 0 ? "0" : policy == 1 ? "1" : "2",
           mix_names[mix], pattern_names[pattern]);
    printf(" Query %s, Notify %s, Do %s (child: %s %s %s)\n",
           q == 1 ? "-" : q ? "MAPI_E_NO_SUPPORT" : "S_OK", n == 1 ? "-" : "S_OK",
           d == 1 ? "-" : d ? "MAPI_E_NO_SUPPORT" : "S_OK",
           result_hr("q") == 1 ? "-" : result_hr("q") ? "no" : "ok", result_hr("n") == 1 ? "-" : "ok",
           result_hr("d") == 1 ? "-" : result_hr("d") ? "no" : "ok");
    ck_assert_int_eq(code, 0);
    ck_assert_int_eq(result_hr("q"), q);
    ck_assert_int_eq(result_hr("n"), n);
    ck_assert_int_eq(result_hr("d"), d);
    /* Exactly the calls the model expects, in its order. */
    for (i = 0; i < got.n && i < m.tk.n; i++)
        if (strcmp(got.t[i], m.tk.t[i])) break;
    if (i < got.n || i < m.tk.n) {
        int j;
        fprintf(stderr, "  first difference at %d\n", i);
        for (j = 0; j < got.n || j < m.tk.n; j++)
            fprintf(stderr, "  %3d %-40s %s\n", j, j < m.tk.n ? m.tk.t[j] : "", j < got.n ? got.t[j] : "");
    }
    ck_assert_int_eq(got.n, m.tk.n);
    ck_assert_int_eq(i, m.tk.n);
    /* After DoFastShutdown: no provider call at all; later calls harmless. */
    if (m.done && pattern != PAT_IGNORE) {
        ck_assert_msg(after == 0, "%d provider calls after cleanup-begin, the first: %s", after, first_after);
        ck_assert_int_eq(result_hr("logon"), MAPI_E_CALL_FAILED);
        ck_assert_int_eq(result_hr("open"), MAPI_E_END_OF_SESSION);
        ck_assert_int_eq(result_hr("q2"), S_OK);
        ck_assert_int_eq(result_hr("n2"), S_OK);
        ck_assert_int_eq(result_hr("d2"), S_OK);
        ck_assert_int_eq(result_hr("logoff"), S_OK);
        ck_assert_int_eq(result_hr("loaded"), 1);     /* provider DLLs stay */
    }
    /* Bounded time: a step takes its providers' own time (a hang counts as
     * one deadline) and little more. */
    {
        static const char *keys[3] = {"tq", "tn", "td"};
        for (i = 0; i < 3; i++) {
            double t = result_ms(keys[i]), floor = m.hangs[i] * DEADLINE + m.slows[i] * SLOW;
            if ((i == 0 ? q : i == 1 ? n : d) == 1) continue;
            ck_assert_msg(t >= floor - 30 && t < floor + SLACK, "%s took %.0f ms, expected %.0f + a little", keys[i],
                          t, floor);
        }
    }
    /* Nothing lost: the stores persisted if they were told (DoFastShutdown)
     * or logged off; only a client that exits after a refusal loses them. */
    persisted = m.done || pattern != PAT_IGNORE;
    ck_assert_msg(data_complete(data_one, 1, 3 * CHUNK) == persisted, "store 1: %lld bytes", file_size(data_one));
    ck_assert_msg(data_complete(data_two, 2, 3 * CHUNK) == persisted, "store 2: %lld bytes", file_size(data_two));
    if (!persisted) ck_assert_int_le(file_size(data_one), 0);
}
END_TEST

/* ---- the deadline ---- */

START_TEST(deadline)
{
    static const struct { const WCHAR *version; int type; DWORD value; DWORD expect; } cases[] = {
        {L"16.0", REG_DWORD, 300, 300},
        {L"15.0", REG_DWORD, 700, 700},     /* a version with only the deadline */
        {L"16.0", REG_DWORD, 0, 5000},      /* 0: the default */
        {NULL, 0, 0, 5000},                 /* absent */
        {L"16.0", REG_SZ, 300, 5000},       /* not a DWORD */
    };
    unsigned i;

    for (i = 0; i < ARRAYSIZE(cases); i++) {
        double t;
        clear_policies();
        set_dword(L"16.0", L"FastShutdownBehavior", 0);
        if (cases[i].version && cases[i].type == REG_DWORD)
            set_dword(cases[i].version, L"FreeMAPIProviderTimeoutMs", cases[i].value);
        else if (cases[i].version)
            set_raw(cases[i].version, L"FreeMAPIProviderTimeoutMs", REG_SZ, L"300", 8);
        DeleteFileW(log_path);
        ck_assert_int_eq(spawn("hang", "0", NULL, 60000), 0);
        t = result_ms("tq");
        printf("deadline case %u: QueryFastShutdown of a hung provider returned after %.0f ms (deadline %lu)\n", i,
               t, cases[i].expect);
        /* Policy 0: a provider that gave no answer does not block. */
        ck_assert_int_eq(result_hr("q"), S_OK);
        ck_assert_int_eq(count_lines(log_path, " XPH QueryFastShutdown hang"), 1);
        ck_assert_msg(t >= cases[i].expect - 30 && t < cases[i].expect + SLACK, "%.0f ms", t);
    }
    clear_policies();
}
END_TEST

/* ---- the trace ---- */

START_TEST(trace)
{
    WCHAR trace_path[MAX_PATH];
    FILE *f;
    char line[1024];
    int policy = 0, agrees = 0, noiface = 0, gave_up = 0, decision = 0, dll = 0, told = 0;

    temp_file(trace_path, L"fs_trace.txt");
    configure_mix(MIX_HANG_QUERY);
    set_policy(0, DEADLINE);
    set_dword(L"16.0", L"FastShutdownBehavior", 0);
    SetEnvironmentVariableA("WINEDEBUG", "+mapi");
    ck_assert_int_eq(spawn("matrix", "0", trace_path, 60000), 0);
    SetEnvironmentVariableA("WINEDEBUG", NULL);
    ck_assert(f = _wfopen(trace_path, L"r"));
    while (fgets(line, sizeof(line), f)) {
        if (!strstr(line, "freemapi:")) continue;
        if (strstr(line, "FastShutdownBehavior = 0 in Office\\16.0")) policy++;
        if (strstr(line, "FreeMAPIProviderTimeoutMs = 400 in Office\\16.0")) policy++;
        if (strstr(line, "QueryFastShutdown: transport provider") && strstr(line, "-> S_OK")) agrees++;
        if (strstr(line, "did not return within 400 ms: given up") && strstr(line, "address book provider")) gave_up++;
        if (strstr(line, "testprov32.dll")) dll++;
        if (strstr(line, "gave no answer: neutral under policy 0")) noiface++;
        if (strstr(line, "client_shutdown_QueryFastShutdown") && strstr(line, "-> S_OK")) decision++;
        if (strstr(line, "DoFastShutdown: store provider") && strstr(line, "-> S_OK")) told++;
    }
    fclose(f);
    ck_assert_int_eq(policy, 2);
    ck_assert_int_eq(agrees, 2);
    ck_assert_int_eq(gave_up, 1);
    ck_assert_int_gt(dll, 5);
    ck_assert_int_eq(noiface, 1);
    ck_assert_int_eq(decision, 2);     /* the query, and the one after DoFastShutdown */
    ck_assert_int_eq(told, 2);
    DeleteFileW(trace_path);
    clear_policies();
}
END_TEST

/* ---- nothing lost ---- */

#define PERSIST_BYTES (65536 + 1 + 100000)

START_TEST(persist_fast)
{
    DWORD code;

    set_policy(-1, 0);
    DeleteFileW(data_persist);
    DeleteFileW(log_path);
    code = spawn("persist", "fast", NULL, 60000);
    /* Killed by TerminateProcess right after DoFastShutdown returned. */
    ck_assert_int_eq(code, 42);
    ck_assert_int_eq(result_hr("q"), S_OK);
    ck_assert_int_eq(result_hr("d"), S_OK);
    ck_assert_int_eq(file_size(data_persist), PERSIST_BYTES);
    ck_assert(data_complete(data_persist, 9, PERSIST_BYTES));
    ck_assert_int_eq(count_lines(log_path, " MSD DoFastShutdown hr=0x00000000 delay=0 flushed=165537"), 1);
    ck_assert_int_eq(count_lines(log_path, " Logoff"), 0);
}
END_TEST

START_TEST(persist_policy2)
{
    DWORD code;

    set_policy(2, 0);
    DeleteFileW(data_persist);
    DeleteFileW(log_path);
    code = spawn("persist", "normal", NULL, 60000);
    /* Refused, then a normal Logoff, then killed right after it returned. */
    ck_assert_int_eq(code, 43);
    ck_assert_int_eq(result_hr("q"), MAPI_E_NO_SUPPORT);
    ck_assert_int_eq(result_hr("n"), S_OK);
    ck_assert_int_eq(result_hr("d"), MAPI_E_NO_SUPPORT);
    ck_assert_int_eq(count_lines(log_path, "QueryFastShutdown"), 0);
    ck_assert_int_eq(count_lines(log_path, "NotifyProcessShutdown"), 0);
    ck_assert_int_eq(count_lines(log_path, "DoFastShutdown"), 0);
    ck_assert_int_eq(count_lines(log_path, " MSD Logoff flags=0 flushed=165537"), 1);
    ck_assert(data_complete(data_persist, 9, PERSIST_BYTES));
}
END_TEST

/* What the documentation warns about: a client that exits after a refusal
 * loses what its providers held. */
START_TEST(persist_refused_and_killed)
{
    set_policy(2, 0);
    DeleteFileW(data_persist);
    ck_assert_int_eq(spawn("persist", "lose", NULL, 60000), 44);
    ck_assert_int_eq(result_hr("d"), MAPI_E_NO_SUPPORT);
    ck_assert_int_le(file_size(data_persist), 0);
}
END_TEST

/* A provider given up on in QueryFastShutdown (policy 1: the query says no)
 * that also blocks in everything else: the normal end asks it with a
 * deadline, once (TransportLogoff; its Shutdown is not tried after that),
 * and everybody else ends normally, the store persisting. */
START_TEST(stuck_then_normal_end)
{
    set_policy(1, DEADLINE);
    DeleteFileW(log_path);
    DeleteFileW(data_stuck);
    ck_assert_int_eq(spawn("stuck", "0", NULL, 60000), 0);
    printf("stuck provider: Query %.0f ms, Logoff %.0f ms, MAPIUninitialize %.0f ms (deadline %d)\n",
           result_ms("tq"), result_ms("tl"), result_ms("tu"), DEADLINE);
    ck_assert_int_eq(result_hr("q"), MAPI_E_NO_SUPPORT);
    ck_assert_int_eq(result_hr("lo"), S_OK);
    ck_assert_int_eq(count_lines(log_path, " XPS QueryFastShutdown hang"), 1);
    ck_assert_msg(result_ms("tq") >= DEADLINE - 30 && result_ms("tq") < DEADLINE + SLACK, "%.0f", result_ms("tq"));
    /* One deadline for the transport's logoff, nothing for its Shutdown. */
    ck_assert_msg(result_ms("tl") >= DEADLINE - 30 && result_ms("tl") < DEADLINE + SLACK, "%.0f", result_ms("tl"));
    ck_assert_msg(result_ms("tu") < SLACK, "%.0f", result_ms("tu"));
    ck_assert_int_eq(count_lines(log_path, " XPS TransportLogoff"), 0);
    ck_assert_int_eq(count_lines(log_path, " XPS Shutdown"), 0);
    ck_assert_int_eq(count_lines(log_path, " MSS Logoff"), 2);     /* the client's and the spooler's */
    ck_assert_int_eq(count_lines(log_path, " ABS Logoff"), 1);
    ck_assert_int_eq(count_lines(log_path, " MSS Shutdown"), 1);
    ck_assert_int_eq(count_lines(log_path, " ABS Shutdown"), 1);
    ck_assert(data_complete(data_stuck, 5, 3 * CHUNK));
}
END_TEST

/* A provider hung with the loader lock held (see child_lock). */
START_TEST(hung_with_loader_lock)
{
    set_policy(0, DEADLINE);
    DeleteFileW(log_path);
    DeleteFileW(data_lock);
    ck_assert_int_eq(spawn("lock", "0", NULL, 60000), 45);
    printf("loader lock held: Query %.0f, Notify %.0f, Do %.0f ms; Release+Logoff+MAPIUninitialize %.0f ms\n",
           result_ms("tq"), result_ms("tn"), result_ms("td"), result_ms("tr"));
    ck_assert_int_eq(result_hr("q"), S_OK);
    ck_assert_int_eq(result_hr("n"), S_OK);
    ck_assert_int_eq(result_hr("d"), S_OK);
    ck_assert_int_eq(result_hr("lo"), S_OK);
    ck_assert_int_eq(count_lines(log_path, " XPK DoFastShutdown hang"), 1);
    ck_assert_int_eq(count_lines(log_path, " ABK DoFastShutdown hr=0x00000000"), 1);
    ck_assert_int_eq(count_lines(log_path, " MSK DoFastShutdown hr=0x00000000 delay=0 flushed=12288"), 1);
    ck_assert(data_complete(data_lock, 6, 3 * CHUNK));
    ck_assert_msg(result_ms("td") >= DEADLINE - 30 && result_ms("td") < DEADLINE + SLACK, "%.0f", result_ms("td"));
    ck_assert_msg(result_ms("tr") < SLACK, "%.0f", result_ms("tr"));
    ck_assert_int_eq(count_lines(log_path, " Logoff"), 0);
}
END_TEST

/* A client that loads mapi32 with LoadLibrary and ends with FreeLibrary
 * (shutdown_dynload.c): after a fast shutdown, DllMain's detach does
 * nothing, no provider is called and its DLL stays; after a normal end the
 * providers end and their DLL goes.  Both exit cleanly and lose nothing. */
START_TEST(dynamic_load)
{
    static const char *const modes[2] = {"fast", "normal"};
    int i;

    set_policy(-1, DEADLINE);
    spawn_program = "shutdown_dynload.exe";
    for (i = 0; i < 2; i++) {
        DeleteFileW(log_path);
        DeleteFileW(data_persist);
        ck_assert_int_eq(spawn(modes[i], "0", NULL, 60000), 0);
        ck_assert_int_eq(result_hr("lo"), S_OK);
        ck_assert_int_eq(result_hr("freed"), 1);
        ck_assert(data_complete(data_persist, 3, 40000));
        if (i == 0) {
            ck_assert_int_eq(result_hr("q"), S_OK);
            ck_assert_int_eq(result_hr("d"), S_OK);
            ck_assert_int_eq(result_hr("testprov"), 1);
            ck_assert_int_eq(count_lines(log_path, " MSD DoFastShutdown hr=0x00000000 delay=0 flushed=40000"), 1);
            ck_assert_int_eq(count_lines(log_path, " Logoff"), 0);
            ck_assert_int_eq(count_lines(log_path, " Shutdown"), 0);
        } else {
            ck_assert_int_eq(result_hr("testprov"), 0);
            ck_assert_int_eq(count_lines(log_path, " MSD Logoff flags=0 flushed=40000"), 1);
            ck_assert_int_eq(count_lines(log_path, " MSD Shutdown"), 1);
        }
    }
    spawn_program = NULL;
}
END_TEST

static Suite *shutdown_suite(void)
{
    Suite *s = suite_create("shutdown");
    TCase *tc = tcase_create("shutdown");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, client_shutdown_identity);
    tcase_add_test(tc, client_shutdown_after_logoff);
    tcase_add_test(tc, policy_reading);
    tcase_add_test(tc, concurrent_queries);
    tcase_add_test(tc, persist_fast);
    tcase_add_test(tc, persist_policy2);
    tcase_add_test(tc, persist_refused_and_killed);
    tcase_add_test(tc, deadline);
    tcase_add_test(tc, stuck_then_normal_end);
    tcase_add_test(tc, hung_with_loader_lock);
    tcase_add_test(tc, dynamic_load);
    tcase_add_test(tc, trace);
    tcase_add_loop_test(tc, matrix, 0, 4 * N_MIX * N_PAT);
    suite_add_tcase(s, tc);
    return s;
}

int main(int argc, char **argv)
{
    if (argc == 5 && !strcmp(argv[1], "child")) return child_main(argc, argv);
    harness_require_freemapi();
    return harness_run(shutdown_suite());
}
