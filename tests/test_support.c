/*
 * IMAPISupport as the providers see it (mapi-spec.md 5.1, 5.3): the test
 * provider's exercise mode (PR_TP_EXERCISE, providers/testprov/README.md)
 * makes each kind call the support methods right after its logon (the
 * service entry on MSG_SERVICE_CONFIGURE) and logs what every call
 * returned; these tests read that log and check each method per kind
 * (store, address book, transport, message service): results, the
 * notifications really delivered (synchronously, and asynchronously on the
 * first MAPIInitialize thread or on the engine's thread), copies, wrapped
 * store entry IDs, and MAPI_E_NO_SUPPORT where the kind lacks a method.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mapix.h>
#include <mapiguid.h>
#include <mapiutil.h>
#include <mapispi.h>

#include "../providers/testprov/testprov_props.h"
#include "harness.h"
#include "testprofile.h"

#include <initguid.h>
#include <mapiguid.h>

#define FLAGS (MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_UNICODE)

static const BYTE wrap_uid[16] = {0x38, 0xa1, 0xbb, 0x10, 0x05, 0xe5, 0x10, 0x1a,
                                  0xa1, 0xbb, 0x08, 0x00, 0x2b, 0x2a, 0x56, 0xc2};

static void setup(void)
{
    log_setup(L"tpx");
}

static void teardown(void)
{
    mapi_stop();
    log_teardown();
    SetEnvironmentVariableW(L"TESTPROV_EXERCISE", NULL);
}

/* ---- profiles ---- */

/* PR_PROVIDER_DLL_NAME of a section, 8-bit, as the profile has it. */
static void dll_name_of(const WCHAR *profile, const MAPIUID *sect, char *buf, DWORD len)
{
    IMsgServiceAdmin2 *sa = services_of(profile);
    SizedSPropTagArray(1, tags) = {1, {PR_PROVIDER_DLL_NAME_A}};
    IProfSect *ps;
    SPropValue *v;
    ULONG n;

    ck_assert_int_eq(IMsgServiceAdmin2_OpenProfileSection(sa, (LPMAPIUID)sect, NULL, MAPI_FORCE_ACCESS, &ps), S_OK);
    ck_assert_int_eq(IProfSect_GetProps(ps, (SPropTagArray *)&tags, 0, &n, &v), S_OK);
    ck_assert_uint_eq(v->ulPropTag, PR_PROVIDER_DLL_NAME_A);
    lstrcpynA(buf, v->Value.lpszA, len);
    MAPIFreeBuffer(v);
    IProfSect_Release(ps);
    IMsgServiceAdmin2_Release(sa);
}

/* ---- sessions ---- */

/* ---- the test provider's log ---- */

static int support_count(const char *kind, const char *at, const char *call, const char *mode)
{
    int n = 0;
    while (support_line(kind, at, call, mode, n, NULL)) n++;
    return n;
}


/* The value of key= in a line (NULL if missing), copied to buf. */
static const char *field(const char *line, const char *key, char *buf, size_t len)
{
    char tok[64];
    const char *p;
    size_t n = 0;

    snprintf(tok, sizeof(tok), " %s=", key);
    if (!(p = strstr(line, tok))) return NULL;
    p += strlen(tok);
    while (p[n] && p[n] != ' ' && n + 1 < len) n++;
    memcpy(buf, p, n);
    buf[n] = 0;
    return buf;
}

/* The NoSupport lines of a kind: each must say MAPI_E_NO_SUPPORT; returns how many. */
static int check_no_support(const char *kind, const char *at)
{
    char k[16], m[64], tok[32];
    const char *d;
    int i, n = 0;

    snprintf(tok, sizeof(tok), "at=%s", at);
    for (i = 0; i < log_n; i++) {
        if (!log_parse(log_lines[i], NULL, k, m, &d) || strcmp(k, kind) || strcmp(m, "SupportCall")) continue;
        if (strncmp(d, "NoSupport ", 10) || !has_token(d, tok)) continue;
        ck_assert_msg(has_token(d, "hr=0x80040102"), "not MAPI_E_NO_SUPPORT: %s", log_lines[i]);
        n++;
    }
    return n;
}

/* Is the method in the kind's NoSupport lines? */
static BOOL no_support_has(const char *kind, const char *at, const char *method)
{
    char want[64];
    int i;

    snprintf(want, sizeof(want), "NoSupport %s ", method);
    for (i = 0; i < log_n; i++) {
        char k[16], m[64], tok[32];
        const char *d;
        if (!log_parse(log_lines[i], NULL, k, m, &d) || strcmp(k, kind) || strcmp(m, "SupportCall")) continue;
        snprintf(tok, sizeof(tok), "at=%s", at);
        if (!strncmp(d, want, strlen(want)) && has_token(d, tok)) return TRUE;
    }
    return FALSE;
}

/* SupportNotified lines of a kind's asynchronous sink for an event. */
static int notified(const char *kind, int event, DWORD *tid)
{
    char k[16], m[64], tok[32];
    const char *d;
    int i, n = 0;

    snprintf(tok, sizeof(tok), "event=%d", event);
    for (i = 0; i < log_n; i++) {
        if (!log_parse(log_lines[i], tid && !n ? tid : NULL, k, m, &d) || strcmp(k, kind) ||
            strcmp(m, "SupportNotified"))
            continue;
        if (has_token(d, "sink=async") && has_token(d, tok) && has_token(d, "ours=1")) n++;
    }
    return n;
}

static void to_hex(const BYTE *p, ULONG cb, char *out)
{
    static const char digits[] = "0123456789abcdef";
    ULONG i;

    for (i = 0; i < cb; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    out[2 * cb] = 0;
}

/* Delivers what waits for this thread the way a client's message loop does. */
static void pump(void)
{
    MSG msg;

    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) {
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
}

/* The status row a provider put up with ModifyStatusRow says "Exercised". */
static void expect_exercised_row(IMAPISession *s, ULONG type)
{
    SRowSet *rows = status_rows(s);
    SRow *r = row_of_type(rows, type, 0);
    SPropValue *v;

    ck_assert_msg(r != NULL, "no status row of type %lu", type);
    v = col(r, PR_STATUS_STRING_W);
    ck_assert_ptr_nonnull(v);
    ck_assert(!lstrcmpW(v->Value.lpszW, L"Exercised"));
    ck_assert_int_eq(col(r, PR_STATUS_CODE)->Value.l, STATUS_AVAILABLE);
    FreeProws(rows);
}

/* The calls and results every provider kind shares (TP_EX_MEMORY,
 * TP_EX_NOTIFY, TP_EX_INVALID, TP_EX_ONEOFF's CreateOneOff, TP_EX_MISC). */
static void expect_common(const char *kind, const char *at)
{
    DWORD tid = 0;

    expect_call(kind, at, "Begin", NULL, "mask=0x000001ff");
    expect_call(kind, at, "End", NULL, "mask=0x000001ff");
    /* The allocators work together; NULL out-pointers are refused. */
    expect_call(kind, at, "GetMemAllocRoutines", NULL, "hr=0x00000000 routines=ok roundtrip=1");
    expect_call(kind, at, "GetMemAllocRoutines", "null", "hr=0x80070057");
    expect_call(kind, at, "NewUID", NULL, "hr=0x00000000 second=0x00000000 nonzero=1 distinct=1");
    expect_call(kind, at, "NewUID", "null", "hr=0x80070057");
    expect_call(kind, at, "GetLastError", NULL, "hr=0x00000000");

    /* Synchronous subscriptions hear what their mask asks for, at once;
     * CALLBACK_DISCONTINUE comes back as NOTIFY_CANCELED. */
    expect_call(kind, at, "Subscribe", "sync", "hr=0x00000000 conn=nonzero");
    expect_call(kind, at, "Notify", "sync", "hr=0x00000000 sent=2 delivered=1 other=0 flags=0x00000000");
    expect_call(kind, at, "Subscribe", "stop", "hr=0x00000000 conn=nonzero distinct=1");
    expect_call(kind, at, "Notify", "stop", "hr=0x00000000 delivered=2 canceled=1");
    expect_call(kind, at, "Unsubscribe", "stop", "hr=0x00000000");
    expect_call(kind, at, "Unsubscribe", "again", "hr=0x8004010f");
    expect_call(kind, at, "Subscribe", "async", "hr=0x00000000 conn=nonzero");
    expect_call(kind, at, "Notify", "async", "hr=0x00000000 flags=0x00000000");
    /* NOTIFY_SYNC on Notify: delivered now, on the provider's thread. */
    expect_call(kind, at, "Notify", "forcesync", "hr=0x00000000 delivered=1");
    ck_assert_int_eq(notified(kind, 4, &tid), 1);
    ck_assert_uint_eq(tid, GetCurrentThreadId());
    expect_call(kind, at, "Unsubscribe", "sync", "hr=0x00000000");
    expect_call(kind, at, "Notify", "after", "hr=0x00000000 delivered=0");
    expect_call(kind, at, "Subscribe", "badflags", "hr=0x80040106");
    expect_call(kind, at, "Subscribe", "nomask", "hr=0x80070057");
    expect_call(kind, at, "Subscribe", "nosink", "hr=0x80070057");

    /* The invalid object: AddRef/Release work, everything else fails, the
     * last Release frees it (MAPIFreeBuffer). */
    expect_call(kind, at, "MakeInvalid", NULL,
                "hr=0x00000000 before=0x00000000 after=0x80040108 qi=0x80040108 qiout=null refs=3,2,1,0");
    expect_call(kind, at, "MakeInvalid", "badflags", "hr=0x80040106 ping=0x00000000");
    expect_call(kind, at, "MakeInvalid", "null", "hr=0x80070057");

    /* One-offs as Windows makes them: UTF-16 with MAPI_UNICODE
     * (24 + 2 * (14 + 5 + 20) bytes), 8-bit without (24 + 39), no name
     * allowed (24 + 2 * (1 + 5 + 20)). */
    expect_call(kind, at, "CreateOneOff", "unicode", "hr=0x00000000 cb=102 flags=0x8000 uid=ok");
    expect_call(kind, at, "CreateOneOff", "ansi", "hr=0x00000000 cb=63 flags=0x0001 uid=ok");
    expect_call(kind, at, "CreateOneOff", "noname", "hr=0x00000000 cb=76 flags=0x8000 uid=ok");
    expect_call(kind, at, "CreateOneOff", "notype", "hr=0x80070057");
    expect_call(kind, at, "CreateOneOff", "badflags", "hr=0x80040106");

    expect_call(kind, at, "WrapStoreEntryID", "null", "hr=0x80070057");
    expect_call(kind, at, "CompareEntryIDs", "null", "hr=0x80070057");
    /* Nobody registered that MAPIUID. */
    expect_call(kind, at, "OpenEntry", "unknown", "hr=0x80040201");
    expect_call(kind, at, "ModifyStatusRow", "badflags", "hr=0x80040106");

    /* A storage in a stream, made and read back. */
    expect_call(kind, at, "IStorageFromStream", NULL, "hr=0x00000000 reopen=0x00000000 written=5 read=5");
    /* The service's support object: its own section is the service's, and
     * it has no notifications. */
    expect_call(kind, at, "GetSvcConfigSupportObj", NULL,
                "hr=0x00000000 obj=nonnull service=TESTPROV subscribe=0x80040102");
    expect_call(kind, at, "GetSvcConfigSupportObj", "badflags", "hr=0x80040106");
    expect_call(kind, at, "OpenAddressBook", NULL, "hr=0x00000000 ab=nonnull qi=0x00000000");
}

/* Each method of the list answered MAPI_E_NO_SUPPORT, and only those were called. */
static void expect_no_support(const char *kind, const char *at, const char *const *methods, int n)
{
    int i;

    ck_assert_int_eq(check_no_support(kind, at), n);
    for (i = 0; i < n; i++)
        ck_assert_msg(no_support_has(kind, at, methods[i]), "%s: no NoSupport %s", kind, methods[i]);
}

/* ---- the tests ---- */

START_TEST(off_by_default)
{
    IMAPISession *s;
    IMsgStore *mdb;
    IAddrBook *ab;
    MAPIUID svc;

    mapi_start(0);
    profile_with_service(L"Quiet", L"TESTPROV", &svc);
    log_clear();
    s = session_logon(L"Quiet", FLAGS);
    mdb = open_only_store(s, NULL);
    ck_assert_int_eq(IMAPISession_OpenAddressBook(s, 0, NULL, 0, &ab), S_OK);
    IAddrBook_Release(ab);
    IMsgStore_Release(mdb);
    session_logoff(s);
    log_read();
    ck_assert_int_gt(log_n, 0);
    ck_assert_int_eq(support_count("MS", "logon", "Begin", NULL) + support_count("AB", "logon", "Begin", NULL) +
                     support_count("XP", "logon", "Begin", NULL), 0);
}
END_TEST

START_TEST(store)
{
    static const char *const missing[] = {"RegisterPreprocessor", "SpoolerYield", "GetOneOffTable", "Address",
                                          "Details", "NewEntry", "OpenTemplateID", "StatusRecips"};
    char dll[MAX_PATH], hex[600], buf[600];
    SPropValue *eid, pv;
    IMAPISession *s;
    IMsgStore *mdb;
    MAPIUID svc, ms;
    const char *l;
    DWORD tid = 0;

    mapi_start(0);
    profile_with_service(L"Store", L"TESTPROV", &svc);
    ms = provider_of(L"Store", &svc, MAPI_STORE_PROVIDER);
    set_long(L"Store", &ms, PR_TP_EXERCISE, TP_EX_ALL);
    log_clear();
    s = session_logon(L"Store", FLAGS);
    mdb = open_only_store(s, NULL);
    log_read();
    /* Only the store was asked to. */
    ck_assert_int_eq(support_count("XP", "logon", "Begin", NULL) + support_count("AB", "logon", "Begin", NULL), 0);
    expect_common("MS", "logon");

    /* The asynchronous notification waits for this thread (the first
     * MAPIInitialize's) to pump its messages. */
    ck_assert_int_eq(notified("MS", 3, NULL), 0);
    pump();
    log_read();
    ck_assert_int_eq(notified("MS", 3, &tid), 1);
    ck_assert_uint_eq(tid, GetCurrentThreadId());

    /* DoCopyProps / DoCopyTo between two IPropData. */
    expect_call("MS", "logon", "DoCopyProps", NULL, "hr=0x00000000 copied=3 match=1 problems=0");
    expect_call("MS", "logon", "DoCopyTo", NULL, "hr=0x00000000 copied=3 excluded=1 match=1");
    expect_call("MS", "logon", "DoCopyProps", "move", "hr=0x00000000 moved=1 left=3");
    expect_call("MS", "logon", "DoCopyProps", "nolist", "hr=0x80070057");
    expect_call("MS", "logon", "DoCopyTo", "nosource", "hr=0x80070057");

    /* WrapStoreEntryID: 22 bytes, the DLL name exactly as the profile has
     * it, the store's 24; the same bytes as the stores table's PR_ENTRYID. */
    dll_name_of(L"Store", &ms, dll, sizeof(dll));
    ck_assert_str_eq(dll, "testprov.dll");
    l = expect_call("MS", "logon", "WrapStoreEntryID", NULL, "hr=0x00000000 inner=ok");
    ck_assert_str_eq(field(l, "dll", buf, sizeof(buf)), dll);
    ck_assert_int_eq(atoi(field(l, "cb", buf, sizeof(buf))), 22 + (int)strlen(dll) + 1 + 24);
    IMsgStore_Release(mdb);
    mdb = open_only_store(s, &eid);
    ck_assert_uint_eq(eid->Value.bin.cb, 22 + strlen(dll) + 1 + 24);
    ck_assert(!memcmp(eid->Value.bin.lpb + 4, wrap_uid, 16));
    to_hex(eid->Value.bin.lpb, eid->Value.bin.cb, hex);
    ck_assert_str_eq(field(l, "eid", buf, sizeof(buf)), hex);
    MAPIFreeBuffer(eid);

    /* Its own ID and the wrapped one are the same store, another
     * instance's is not. While its Logon runs MAPI has no logon object to
     * open its entries with. */
    expect_call("MS", "logon", "CompareEntryIDs", NULL, "hr=0x00000000 result=1 other=0x00000000 otherresult=0");
    expect_call("MS", "logon", "OpenEntry", NULL, "hr=0x80040201 obj=null");

    /* Its status row, the spooler. */
    expect_call("MS", "logon", "ModifyStatusRow", "replace", "hr=0x00000000");
    expect_exercised_row(s, MAPI_STORE_PROVIDER);
    expect_call("MS", "logon", "SpoolerNotify", NULL, "hr=0x00000000");
    expect_call("MS", "logon", "SpoolerNotify", "badflags", "hr=0x80040106");
    ck_assert_int_eq(support_count("MS", "logon", "SpoolerYield", NULL), 0);
    expect_no_support("MS", "logon", missing, ARRAYSIZE(missing));

    /* Again, now that MAPI has the logon: OpenEntry reaches the store. */
    log_clear();
    pv.ulPropTag = PR_TP_EXERCISE;
    pv.dwAlignPad = 0;
    pv.Value.l = TP_EX_ENTRYID;
    ck_assert_int_eq(IMsgStore_SetProps(mdb, 1, &pv, NULL), S_OK);
    log_read();
    expect_call("MS", "later", "OpenEntry", NULL, "hr=0x00000000 type=1 obj=nonnull");
    expect_call("MS", "later", "CompareEntryIDs", NULL, "hr=0x00000000 result=1 otherresult=0");
    ck_assert_int_ge(support_count("MS", "later", "WrapStoreEntryID", NULL), 1);
    ck_assert_int_eq(support_count("MS", "later", "Subscribe", "sync"), 0);

    /* The kept subscription goes at logoff (the first store logon's went
     * when MAPI logged it off, at the second OpenMsgStore). */
    IMsgStore_Release(mdb);
    log_clear();
    session_logoff(s);
    log_read();
    ck_assert_int_eq(support_count("MS", "logoff", "Unsubscribe", "kept"), 1);
    expect_call("MS", "logoff", "Unsubscribe", "kept", "hr=0x00000000");
}
END_TEST

START_TEST(address_book)
{
    static const char *const missing[] = {"RegisterPreprocessor", "SpoolerYield", "SpoolerNotify", "CopyMessages",
                                          "CopyFolder", "DoCopyTo", "DoCopyProps", "ReadReceipt", "PrepareSubmit",
                                          "ExpandRecips", "UpdatePAB", "DoSentMail", "Preprocess", "CompleteMsg",
                                          "StoreLogoffTransports", "StatusRecips", "ModifyProfile"};
    BYTE uid[64], dir[28];
    char buf[64];
    IMAPISession *s;
    IAddrBook *ab;
    IUnknown *unk;
    IMAPIProp *cont;
    SPropValue pv;
    MAPIUID svc, sect;
    ULONG type, one = 1, zero = 0;
    const char *l;
    DWORD tid = 0;

    mapi_start(0);
    profile_with_service(L"Book", L"TESTPROV", &svc);
    sect = provider_of(L"Book", &svc, MAPI_AB_PROVIDER);
    set_long(L"Book", &sect, PR_TP_EXERCISE, TP_EX_ALL);
    log_clear();
    s = session_logon(L"Book", FLAGS);
    log_read();
    /* Address books are logged on when first needed. */
    ck_assert_int_eq(support_count("AB", "logon", "Begin", NULL), 0);
    ck_assert_int_eq(IMAPISession_OpenAddressBook(s, 0, NULL, 0, &ab), S_OK);
    log_read();
    expect_common("AB", "logon");
    ck_assert_int_eq(notified("AB", 3, NULL), 0);
    ck_assert_int_eq(HrDispatchNotifications(0), S_OK);
    log_read();
    ck_assert_int_eq(notified("AB", 3, &tid), 1);
    ck_assert_uint_eq(tid, GetCurrentThreadId());

    /* The one-off templates (none yet), only for address books. */
    expect_call("AB", "logon", "GetOneOffTable", NULL, "hr=0x00000000 table=nonnull rows=0");
    expect_call("AB", "logon", "GetOneOffTable", "badflags", "hr=0x80040106");
    /* Some store's entry ID wrapped with this provider's DLL name. */
    l = expect_call("AB", "logon", "WrapStoreEntryID", NULL, "hr=0x00000000 inner=ok");
    ck_assert_str_eq(field(l, "dll", buf, sizeof(buf)), "testprov.dll");
    /* Its entries cannot be reached before its Logon returns. */
    expect_call("AB", "logon", "CompareEntryIDs", NULL, "hr=0x80040201");
    expect_call("AB", "logon", "OpenEntry", NULL, "hr=0x80040201 obj=null");
    expect_call("AB", "logon", "ModifyStatusRow", "replace", "hr=0x00000000");
    expect_exercised_row(s, MAPI_AB_PROVIDER);
    ck_assert_int_eq(support_count("AB", "logon", "DoCopyProps", NULL) + support_count("AB", "logon", "SpoolerNotify",
                                                                                        NULL), 0);
    expect_no_support("AB", "logon", missing, ARRAYSIZE(missing));

    /* Again from its directory container: now entries open and compare. */
    ck_assert_int_eq(get_bin(L"Book", &sect, PR_TP_UID, uid, sizeof(uid)), 16);
    memset(dir, 0, sizeof(dir));
    memcpy(dir + 4, uid, 16);
    memcpy(dir + 20, &one, 4);
    memcpy(dir + 24, &zero, 4);
    ck_assert_int_eq(IAddrBook_OpenEntry(ab, sizeof(dir), (ENTRYID *)dir, NULL, 0, &type, &unk), S_OK);
    ck_assert_uint_eq(type, MAPI_ABCONT);
    ck_assert_int_eq(IUnknown_QueryInterface(unk, &IID_IMAPIProp, (void **)&cont), S_OK);
    log_clear();
    pv.ulPropTag = PR_TP_EXERCISE;
    pv.dwAlignPad = 0;
    pv.Value.l = TP_EX_ENTRYID | TP_EX_NOTIFY;
    ck_assert_int_eq(IMAPIProp_SetProps(cont, 1, &pv, NULL), S_OK);
    log_read();
    expect_call("AB", "later", "OpenEntry", NULL, "hr=0x00000000 type=4 obj=nonnull");
    expect_call("AB", "later", "CompareEntryIDs", NULL, "hr=0x00000000 result=1 other=0x00000000 otherresult=0");
    expect_call("AB", "later", "Notify", "sync", "hr=0x00000000 delivered=1");
    IMAPIProp_Release(cont);
    IUnknown_Release(unk);
    IAddrBook_Release(ab);
    log_clear();
    session_logoff(s);
    log_read();
    ck_assert_int_eq(support_count("AB", "logoff", "Unsubscribe", "kept"), 2);
    expect_call("AB", "logoff", "Unsubscribe", "kept", "hr=0x00000000");
}
END_TEST

START_TEST(transport)
{
    static const char *const missing[] = {"SetProviderUID", "OpenTemplateID", "GetOneOffTable", "Address",
                                          "Details", "NewEntry", "CopyMessages", "CopyFolder", "DoCopyTo",
                                          "DoCopyProps", "DoProgressDialog", "ReadReceipt", "PrepareSubmit",
                                          "ExpandRecips", "UpdatePAB", "DoSentMail", "Preprocess", "CompleteMsg",
                                          "StoreLogoffTransports", "ModifyProfile"};
    char buf[64];
    IMAPISession *s;
    SRowSet *rows;
    SRow *r;
    SPropValue *e, pv;
    IUnknown *unk;
    IMAPIProp *status;
    MAPIUID svc, sect;
    ULONG type;
    const char *l;

    mapi_start(0);
    profile_with_service(L"Transport", L"TESTPROV", &svc);
    sect = provider_of(L"Transport", &svc, MAPI_TRANSPORT_PROVIDER);
    set_long(L"Transport", &sect, PR_TP_EXERCISE, TP_EX_ALL);
    log_clear();
    s = session_logon(L"Transport", FLAGS);
    log_read();
    expect_common("XP", "logon");
    ck_assert_int_eq(notified("XP", 3, NULL), 0);
    pump();
    log_read();
    ck_assert_int_eq(notified("XP", 3, NULL), 1);

    l = expect_call("XP", "logon", "WrapStoreEntryID", NULL, "hr=0x00000000 inner=ok cb=43");
    ck_assert_str_eq(field(l, "dll", buf, sizeof(buf)), "testprov.dll");
    /* One-offs are MAPI's: the same address under two names (UTF-16 and
     * 8-bit) is the same recipient; a one-off opens as a mail user; and no
     * address book is logged on to find out. */
    expect_call("XP", "logon", "CompareEntryIDs", NULL, "hr=0x00000000 result=1 other=0x00000000 otherresult=0");
    expect_call("XP", "logon", "OpenEntry", NULL, "hr=0x00000000 type=6 obj=nonnull");
    ck_assert_int_eq(support_count("AB", "logon", "Begin", NULL), 0);
    {
        /* (An entry ID nobody registered does wake them afterwards: one
         * of them may own it.) */
        const char *opened = support_line("XP", "logon", "OpenEntry", NULL, 0, NULL);
        char k[16], m[64];
        const char *d;
        int i;
        for (i = 0; i < log_n && log_lines[i] != opened; i++)
            ck_assert_msg(!log_parse(log_lines[i], NULL, k, m, &d) || strcmp(k, "AB"), "AB woke: %s", log_lines[i]);
        ck_assert_int_lt(i, log_n);
    }
    /* Its status row, merged; the spooler calls. */
    expect_call("XP", "logon", "ModifyStatusRow", "update", "hr=0x00000000");
    expect_exercised_row(s, MAPI_TRANSPORT_PROVIDER);
    rows = status_rows(s);
    r = row_of_type(rows, MAPI_TRANSPORT_PROVIDER, 0);
    ck_assert(!lstrcmpW(col(r, PR_DISPLAY_NAME_W)->Value.lpszW, L"FreeMAPI Test Transport"));
    ck_assert_int_eq(col(r, PR_RESOURCE_METHODS)->Value.l, STATUS_VALIDATE_STATE | STATUS_FLUSH_QUEUES);
    e = col(r, PR_ENTRYID);
    ck_assert_ptr_nonnull(e);
    expect_call("XP", "logon", "SpoolerYield", NULL, "hr=0x00000000");
    expect_call("XP", "logon", "SpoolerNotify", NULL, "hr=0x00000000");
    expect_call("XP", "logon", "SpoolerNotify", "badflags", "hr=0x80040106");
    expect_call("XP", "logon", "RegisterPreprocessor", NULL, "hr=0x00000000");
    ck_assert_int_eq(support_count("XP", "logon", "GetOneOffTable", NULL), 0);
    expect_no_support("XP", "logon", missing, ARRAYSIZE(missing));

    /* Again from its status object. */
    ck_assert_int_eq(IMAPISession_OpenEntry(s, e->Value.bin.cb, (ENTRYID *)e->Value.bin.lpb, NULL, 0, &type, &unk),
                     S_OK);
    ck_assert_uint_eq(type, MAPI_STATUS);
    FreeProws(rows);
    ck_assert_int_eq(IUnknown_QueryInterface(unk, &IID_IMAPIProp, (void **)&status), S_OK);
    log_clear();
    pv.ulPropTag = PR_TP_EXERCISE;
    pv.dwAlignPad = 0;
    pv.Value.l = TP_EX_ENTRYID | TP_EX_MEMORY;
    ck_assert_int_eq(IMAPIProp_SetProps(status, 1, &pv, NULL), S_OK);
    log_read();
    expect_call("XP", "later", "NewUID", NULL, "hr=0x00000000 nonzero=1");
    expect_call("XP", "later", "OpenEntry", NULL, "hr=0x00000000 type=6");
    expect_call("XP", "later", "CompareEntryIDs", NULL, "hr=0x00000000 result=1 otherresult=0");
    IMAPIProp_Release(status);
    IUnknown_Release(unk);
    log_clear();
    session_logoff(s);
    log_read();
    expect_call("XP", "logoff", "Unsubscribe", "kept", "hr=0x00000000");
}
END_TEST

START_TEST(service)
{
    static const char *const missing[] = {"Subscribe", "Unsubscribe", "Notify", "ModifyStatusRow",
        "RegisterPreprocessor", "SpoolerYield", "SpoolerNotify", "CreateOneOff", "SetProviderUID",
        "CompareEntryIDs", "OpenTemplateID", "OpenEntry", "GetOneOffTable", "Address", "Details", "NewEntry",
        "CopyMessages", "CopyFolder", "DoCopyTo", "DoCopyProps", "DoProgressDialog", "ReadReceipt", "PrepareSubmit",
        "ExpandRecips", "UpdatePAB", "DoSentMail", "OpenAddressBook", "Preprocess", "CompleteMsg",
        "StoreLogoffTransports", "StatusRecips", "WrapStoreEntryID", "ModifyProfile", "IStorageFromStream"};
    IMsgServiceAdmin2 *sa;
    IMAPISession *s;
    SPropValue pv;
    MAPIUID svc;

    mapi_start(0);
    profile_with_service(L"Service", L"TESTPROV", &svc);
    log_clear();
    /* CONFIGURE with the property: the service entry exercises its support
     * object, and writes the property into every provider section. */
    sa = services_of(L"Service");
    pv.ulPropTag = PR_TP_EXERCISE;
    pv.dwAlignPad = 0;
    pv.Value.l = TP_EX_ALL;
    ck_assert_int_eq(IMsgServiceAdmin2_ConfigureMsgService(sa, &svc, 0, 0, 1, &pv), S_OK);
    IMsgServiceAdmin2_Release(sa);
    log_read();
    expect_call("SVC", "configure", "Begin", NULL, "mask=0x000001ff");
    expect_call("SVC", "configure", "GetMemAllocRoutines", NULL, "hr=0x00000000 routines=ok roundtrip=1");
    expect_call("SVC", "configure", "NewUID", NULL, "hr=0x00000000 nonzero=1 distinct=1");
    expect_call("SVC", "configure", "GetLastError", NULL, "hr=0x00000000");
    expect_call("SVC", "configure", "MakeInvalid", NULL,
                "hr=0x00000000 after=0x80040108 qi=0x80040108 refs=3,2,1,0");
    expect_call("SVC", "configure", "MakeInvalid", "badflags", "hr=0x80040106");
    expect_call("SVC", "configure", "GetSvcConfigSupportObj", NULL,
                "hr=0x00000000 obj=nonnull service=TESTPROV subscribe=0x80040102");
    expect_no_support("SVC", "configure", missing, ARRAYSIZE(missing));
    expect_call("SVC", "configure", "End", NULL, "mask=0x000001ff");

    /* The providers got it too: the transport exercises at logon. */
    log_clear();
    s = session_logon(L"Service", FLAGS);
    log_read();
    expect_call("XP", "logon", "Begin", NULL, "mask=0x000001ff");
    session_logoff(s);
}
END_TEST

/* The DLL name in WrapStoreEntryID is the profile's, byte for byte, not
 * what was loaded. */
START_TEST(wrap_dll_name)
{
    char buf[600], hex[600];
    IMAPISession *s;
    IMsgStore *mdb;
    SPropValue *eid;
    MAPIUID svc, ms;
    const char *l;

    mapi_start(0);
    profile_with_service(L"Wrap", L"TESTPROV", &svc);
    ms = provider_of(L"Wrap", &svc, MAPI_STORE_PROVIDER);
    set_string(L"Wrap", &ms, PR_PROVIDER_DLL_NAME_W, L"TestProv.DLL");
    set_long(L"Wrap", &ms, PR_TP_EXERCISE, TP_EX_ENTRYID);
    log_clear();
    s = session_logon(L"Wrap", FLAGS);
    mdb = open_only_store(s, NULL);
    IMsgStore_Release(mdb);
    mdb = open_only_store(s, &eid);
    log_read();
    l = expect_call("MS", "logon", "WrapStoreEntryID", NULL, "hr=0x00000000 dll=TestProv.DLL inner=ok cb=59");
    to_hex(eid->Value.bin.lpb, eid->Value.bin.cb, hex);
    ck_assert_str_eq(field(l, "eid", buf, sizeof(buf)), hex);
    ck_assert_str_eq((char *)eid->Value.bin.lpb + 22, "TestProv.DLL");
    MAPIFreeBuffer(eid);
    IMsgStore_Release(mdb);
    session_logoff(s);
}
END_TEST

/* MAPI_MULTITHREAD_NOTIFICATIONS: asynchronous deliveries come on the
 * engine's thread, without any pumping. */
START_TEST(async_multithread)
{
    IMAPISession *s;
    MAPIUID svc;
    DWORD tid = 0, forced = 0;
    int i;

    mapi_start(MAPI_MULTITHREAD_NOTIFICATIONS);
    profile_with_service(L"Threads", L"TESTPROV", &svc);
    /* The environment stands in for the profile property. */
    SetEnvironmentVariableW(L"TESTPROV_EXERCISE", L"0x2");
    log_clear();
    s = session_logon(L"Threads", FLAGS);
    for (i = 0; i < 500; i++) {
        log_read();
        if (notified("XP", 3, &tid)) break;
        Sleep(10);
    }
    ck_assert_int_eq(notified("XP", 3, &tid), 1);
    ck_assert_uint_ne(tid, GetCurrentThreadId());
    expect_call("XP", "logon", "Begin", NULL, "mask=0x00000002");
    ck_assert_int_eq(notified("XP", 4, &forced), 1);
    ck_assert_uint_eq(forced, GetCurrentThreadId());
    ck_assert_int_eq(support_count("XP", "logon", "MakeInvalid", NULL), 0);
    session_logoff(s);
}
END_TEST

/* Without it, deliveries wait for the thread that called MAPIInitialize
 * first, even when another thread's logon queued them. */
struct worker {
    HANDLE ready, done;
    HRESULT hr;
};

static DWORD WINAPI logon_worker(void *arg)
{
    struct worker *w = arg;
    IMAPISession *s = NULL;

    if ((w->hr = MAPIInitialize(NULL))) return 0;
    w->hr = MAPILogonEx(0, (LPTSTR)L"Worker", NULL, FLAGS, &s);
    SetEvent(w->ready);
    WaitForSingleObject(w->done, 30000);
    if (s) {
        IMAPISession_Logoff(s, 0, 0, 0);
        IMAPISession_Release(s);
    }
    MAPIUninitialize();
    return 0;
}

START_TEST(async_first_init_thread)
{
    struct worker w;
    HANDLE thread;
    MAPIUID svc;
    DWORD tid = 0, wtid;

    mapi_start(0);
    profile_with_service(L"Worker", L"TESTPROV", &svc);
    SetEnvironmentVariableW(L"TESTPROV_XP_EXERCISE", L"2");
    log_clear();
    w.ready = CreateEventW(NULL, TRUE, FALSE, NULL);
    w.done = CreateEventW(NULL, TRUE, FALSE, NULL);
    w.hr = E_FAIL;
    thread = CreateThread(NULL, 0, logon_worker, &w, 0, &wtid);
    ck_assert_int_eq(WaitForSingleObject(w.ready, 30000), WAIT_OBJECT_0);
    ck_assert_int_eq(w.hr, S_OK);
    log_read();
    expect_call("XP", "logon", "Notify", "async", "hr=0x00000000");
    ck_assert_int_eq(notified("XP", 3, NULL), 0);
    ck_assert_int_eq(notified("XP", 4, &tid), 1);
    ck_assert_uint_eq(tid, wtid);
    Sleep(200);
    log_read();
    ck_assert_int_eq(notified("XP", 3, NULL), 0);
    ck_assert_int_eq(HrDispatchNotifications(0), S_OK);
    log_read();
    ck_assert_int_eq(notified("XP", 3, &tid), 1);
    ck_assert_uint_eq(tid, GetCurrentThreadId());
    SetEvent(w.done);
    ck_assert_int_eq(WaitForSingleObject(thread, 30000), WAIT_OBJECT_0);
    CloseHandle(thread);
    CloseHandle(w.ready);
    CloseHandle(w.done);
    SetEnvironmentVariableW(L"TESTPROV_XP_EXERCISE", NULL);
}
END_TEST

static Suite *support_suite(void)
{
    Suite *s = suite_create("support");
    TCase *tc = tcase_create("support");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, off_by_default);
    tcase_add_test(tc, store);
    tcase_add_test(tc, address_book);
    tcase_add_test(tc, transport);
    tcase_add_test(tc, service);
    tcase_add_test(tc, wrap_dll_name);
    tcase_add_test(tc, async_multithread);
    tcase_add_test(tc, async_first_init_thread);
    suite_add_tcase(s, tc);
    return s;
}

HARNESS_MAIN(support_suite)
