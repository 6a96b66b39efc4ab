/*
 * Provider loading through real profiles with the test provider
 * (providers/testprov: its log says what the subsystem called): the
 * transport and the status table, provider failures and what still works
 * after them, the spooler's logon to the default store, the normal
 * shutdown order and the DLLs unloaded after it. The rest of the session
 * is in test_session.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mapix.h>
#include <mapiaux.h>
#include <mapiguid.h>
#include <mapiutil.h>
#include <mapispi.h>

#include "../providers/testprov/testprov_props.h"
#include "harness.h"
#include "testprofile.h"
#include "session_helpers.h"

#include <initguid.h>
#include <mapiguid.h>

/* ---- transports, the status table ---- */

START_TEST(status_table_and_transports)
{
    IMAPISession *s;
    IMAPITable *t;
    SRowSet *rows;
    SRow *r;
    SPropValue *v;

    make_profile(L"Status", 1, NULL);
    log_clear();
    s = session_logon(L"Status", FLAGS);
    /* The transport was logged on at once, in-process, without inbound or outbound. */
    ck_assert_int_eq(log_count_of("XP", NULL, "Init", "ver=0x00010010 flags=0x00000000 hinst=ok malloc=yes"), 1);
    ck_assert_int_eq(log_count_of("XP", NULL, "TransportLogon", "flags=0x00000019 statusrow=0x00000000 hr=0x00000000"), 1);

    rows = status_rows(s);
    ck_assert_int_eq(count_type(rows, MAPI_SUBSYSTEM), 1);
    ck_assert_int_eq(count_type(rows, MAPI_SPOOLER), 1);
    ck_assert_int_eq(count_type(rows, MAPI_AB), 1);
    ck_assert_int_eq(count_type(rows, MAPI_TRANSPORT_PROVIDER), 1);
    ck_assert_int_eq(count_type(rows, MAPI_STORE_PROVIDER), 0);   /* stores open later */
    r = row_of_type(rows, MAPI_SPOOLER, 0);
    ck_assert_int_eq(col(r, PR_STATUS_CODE)->Value.l, STATUS_AVAILABLE);
    r = row_of_type(rows, MAPI_TRANSPORT_PROVIDER, 0);
    /* The transport's own columns (ModifyStatusRow) and MAPI's. */
    ck_assert(!lstrcmpW(col(r, PR_DISPLAY_NAME_W)->Value.lpszW, L"FreeMAPI Test Transport"));
    ck_assert(!lstrcmpW(col(r, PR_STATUS_STRING_W)->Value.lpszW, L"Available"));
    ck_assert_int_eq(col(r, PR_STATUS_CODE)->Value.l, STATUS_AVAILABLE);
    ck_assert_int_eq(col(r, PR_RESOURCE_METHODS)->Value.l, STATUS_VALIDATE_STATE | STATUS_FLUSH_QUEUES);
    ck_assert(!lstrcmpiW(col(r, PR_PROVIDER_DLL_NAME_W)->Value.lpszW, L"testprov.dll"));
    ck_assert_int_eq(col(r, PR_OBJECT_TYPE)->Value.l, MAPI_STATUS);
    ck_assert_ptr_nonnull(col(r, PR_ENTRYID));
    ck_assert_ptr_nonnull(col(r, PR_INSTANCE_KEY));
    ck_assert_ptr_nonnull(col(r, PR_ROWID));
    ck_assert_ptr_nonnull(col(r, PR_RESOURCE_FLAGS));
    FreeProws(rows);

    /* 8-bit strings without MAPI_UNICODE. */
    ck_assert_int_eq(IMAPISession_GetStatusTable(s, 0, &t), S_OK);
    rows = rows_of(t);
    r = row_of_type(rows, MAPI_SUBSYSTEM, 0);
    v = col(r, PR_DISPLAY_NAME_A);
    ck_assert_ptr_nonnull(v);
    ck_assert_str_eq(v->Value.lpszA, "MAPI Subsystem");
    FreeProws(rows);
    IMAPITable_Release(t);
    ck_assert_int_eq(IMAPISession_GetStatusTable(s, 0x1, &t), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IMAPISession_GetStatusTable(s, 0, NULL), MAPI_E_INVALID_PARAMETER);
    session_logoff(s);
}
END_TEST

/* ---- provider failures ---- */

/* The status row of the nth transport (status table order). */
static LONG transport_code(IMAPISession *s, int nth, WCHAR *text, DWORD cch)
{
    SRowSet *rows = status_rows(s);
    SRow *r = row_of_type(rows, MAPI_TRANSPORT_PROVIDER, nth);
    LONG code;

    ck_assert_ptr_nonnull(r);
    code = col(r, PR_STATUS_CODE)->Value.l;
    if (text) lstrcpynW(text, col(r, PR_STATUS_STRING_W)->Value.lpszW, cch);
    FreeProws(rows);
    return code;
}

START_TEST(failure_missing_dll)
{
    MAPIUID svc, xp;
    IMAPISession *s;
    WCHAR text[400];

    make_profile(L"Fail Dll", 1, &svc);
    xp = provider_of(L"Fail Dll", &svc, MAPI_TRANSPORT_PROVIDER);
    set_string(L"Fail Dll", &xp, PR_PROVIDER_DLL_NAME_W, L"nosuchprov.dll");
    log_clear();
    s = session_logon(L"Fail Dll", FLAGS);
    ck_assert_int_eq(transport_code(s, 0, text, ARRAYSIZE(text)), STATUS_FAILURE);
    ck_assert_ptr_nonnull(wcsstr(text, L"nosuchprov.dll"));
    ck_assert_int_eq(log_count_of("XP", NULL, NULL, NULL), 0);
    store_still_works(s, 0);
    session_logoff(s);
}
END_TEST

START_TEST(failure_missing_entry_point)
{
    MAPIUID svc, xp;
    IMAPISession *s;
    WCHAR text[400];

    make_profile(L"Fail Entry", 1, &svc);
    xp = provider_of(L"Fail Entry", &svc, MAPI_TRANSPORT_PROVIDER);
    /* "mapi.dll" is our own mapi32.dll by the "32" rule: no XPProviderInit there. */
    set_string(L"Fail Entry", &xp, PR_PROVIDER_DLL_NAME_W, L"mapi.dll");
    s = session_logon(L"Fail Entry", FLAGS);
    ck_assert_int_eq(transport_code(s, 0, text, ARRAYSIZE(text)), STATUS_FAILURE);
    ck_assert_ptr_nonnull(wcsstr(text, L"XPProviderInit"));
    store_still_works(s, 0);
    session_logoff(s);
}
END_TEST

START_TEST(failure_init)
{
    IMAPISession *s;
    WCHAR text[400];

    make_profile(L"Fail Init", 1, NULL);
    SetEnvironmentVariableA("TESTPROV_XP_INIT_RESULT", "80004005");
    log_clear();
    s = session_logon(L"Fail Init", FLAGS);
    ck_assert_int_eq(transport_code(s, 0, text, ARRAYSIZE(text)), STATUS_FAILURE);
    ck_assert_ptr_nonnull(wcsstr(text, L"0x80004005"));
    ck_assert_int_eq(log_count_of("XP", NULL, "Init", "hr=0x80004005"), 1);
    ck_assert_int_eq(log_count_of("XP", NULL, "TransportLogon", NULL), 0);
    store_still_works(s, 0);
    session_logoff(s);
    SetEnvironmentVariableA("TESTPROV_XP_INIT_RESULT", NULL);
}
END_TEST

START_TEST(failure_version)
{
    IMAPISession *s;
    WCHAR text[400];
    int init, shut;

    make_profile(L"Fail Version", 1, NULL);
    /* A provider that speaks a newer SPI than MAPI: refused. */
    SetEnvironmentVariableA("TESTPROV_XP_SPI_VERSION", "00020000");
    log_clear();
    s = session_logon(L"Fail Version", FLAGS);
    ck_assert_int_eq(transport_code(s, 0, text, ARRAYSIZE(text)), STATUS_FAILURE);
    ck_assert_ptr_nonnull(wcsstr(text, L"SPI"));
    log_read();
    init = log_find_of("XP", NULL, "Init", "provver=0x00020000 hr=0x00000000", 0);
    shut = log_find_of("XP", NULL, "Shutdown", NULL, 0);
    ck_assert_int_ge(init, 0);
    ck_assert_int_gt(shut, init);
    ck_assert_int_gt(log_find_of("XP", NULL, "Release", "ref=0", 0), shut);
    ck_assert_int_eq(log_count_of("XP", NULL, "TransportLogon", NULL), 0);
    store_still_works(s, 0);
    session_logoff(s);
    /* An older one of the same family is fine. */
    SetEnvironmentVariableA("TESTPROV_XP_SPI_VERSION", "00010008");
    s = session_logon(L"Fail Version", FLAGS);
    ck_assert_int_eq(transport_code(s, 0, NULL, 0), STATUS_AVAILABLE);
    session_logoff(s);
    SetEnvironmentVariableA("TESTPROV_XP_SPI_VERSION", NULL);
}
END_TEST

START_TEST(failure_logon)
{
    MAPIUID svcs[2], xp0, xp1, ms1;
    IMAPISession *s;
    IMsgStore *mdb;
    SPropValue *e;
    WCHAR text[400];

    make_profile(L"Fail Logon", 2, svcs);
    xp0 = provider_of(L"Fail Logon", &svcs[0], MAPI_TRANSPORT_PROVIDER);
    xp1 = provider_of(L"Fail Logon", &svcs[1], MAPI_TRANSPORT_PROVIDER);
    ms1 = provider_of(L"Fail Logon", &svcs[1], MAPI_STORE_PROVIDER);
    /* A transport that fails with MAPI_E_LOGON_FAILED takes its service down;
     * MAPI_E_FAILONEPROVIDER only itself. */
    set_long(L"Fail Logon", &xp0, PR_TP_LOGON_RESULT, MAPI_E_FAILONEPROVIDER);
    set_long(L"Fail Logon", &xp1, PR_TP_LOGON_RESULT, MAPI_E_LOGON_FAILED);
    log_clear();
    s = session_logon(L"Fail Logon", FLAGS);
    ck_assert_int_eq(log_count_of("XP", NULL, "TransportLogon", "hr=0x8004011d"), 1);
    ck_assert_int_eq(log_count_of("XP", NULL, "TransportLogon", "hr=0x80040111"), 1);
    ck_assert_int_eq(transport_code(s, 0, text, ARRAYSIZE(text)), STATUS_FAILURE);
    ck_assert_ptr_nonnull(wcsstr(text, L"0x8004011d"));
    ck_assert_int_eq(transport_code(s, 1, text, ARRAYSIZE(text)), STATUS_FAILURE);
    ck_assert_ptr_nonnull(wcsstr(text, L"0x80040111"));
    /* The first service still works; the second is disabled. */
    store_still_works(s, 0);
    e = store_eid(s, 1);
    ck_assert_int_eq(IMAPISession_OpenMsgStore(s, 0, e->Value.bin.cb, (ENTRYID *)e->Value.bin.lpb, NULL, 0, &mdb),
                     MAPI_E_LOGON_FAILED);
    MAPIFreeBuffer(e);
    ck_assert_int_eq(log_count_of("MS", NULL, "Logon", NULL), 1);
    session_logoff(s);

    /* A store that fails its logon: the error comes back, a status row says so,
     * and its service stays (MAPI_E_LOGON_FAILED does not disable a store's). */
    set_long(L"Fail Logon", &xp0, PR_TP_LOGON_RESULT, S_OK);
    set_long(L"Fail Logon", &xp1, PR_TP_LOGON_RESULT, S_OK);
    set_long(L"Fail Logon", &ms1, PR_TP_LOGON_RESULT, MAPI_E_LOGON_FAILED);
    s = session_logon(L"Fail Logon", FLAGS);
    e = store_eid(s, 1);
    ck_assert_int_eq(IMAPISession_OpenMsgStore(s, 0, e->Value.bin.cb, (ENTRYID *)e->Value.bin.lpb, NULL, 0, &mdb),
                     MAPI_E_LOGON_FAILED);
    MAPIFreeBuffer(e);
    {
        SRowSet *rows = status_rows(s);
        SRow *r = row_of_type(rows, MAPI_STORE_PROVIDER, 0);
        ck_assert_ptr_nonnull(r);
        ck_assert_int_eq(col(r, PR_STATUS_CODE)->Value.l, STATUS_FAILURE);
        FreeProws(rows);
    }
    ck_assert_int_eq(transport_code(s, 1, NULL, 0), STATUS_AVAILABLE);
    store_still_works(s, 0);
    session_logoff(s);
}
END_TEST

START_TEST(failure_unconfigured)
{
    MAPIUID svc, xp;
    IMAPISession *s;
    int first, conf, second;

    make_profile(L"Unconfigured", 1, &svc);
    xp = provider_of(L"Unconfigured", &svc, MAPI_TRANSPORT_PROVIDER);
    set_long(L"Unconfigured", &xp, PR_TP_LOGON_RESULT, MAPI_E_UNCONFIGURED);
    log_clear();
    s = session_logon(L"Unconfigured", FLAGS);
    /* Logon says unconfigured, the service entry configures, the logon is tried again. */
    log_read();
    first = log_find_of("XP", NULL, "TransportLogon", "hr=0x8004011c", 0);
    conf = log_find_of("SVC", NULL, "ServiceEntry", "ctx=3(CONFIGURE)", 0);
    second = log_find_of("XP", NULL, "TransportLogon", "hr=0x00000000", 0);
    ck_assert_int_ge(first, 0);
    ck_assert_int_gt(conf, first);
    ck_assert_int_gt(second, conf);
    ck_assert_ptr_nonnull(strstr(log_lines[conf], "flags=0x00000020"));   /* SERVICE_LOGON_FAILED */
    ck_assert_int_eq(transport_code(s, 0, NULL, 0), STATUS_AVAILABLE);
    session_logoff(s);
}
END_TEST

START_TEST(failure_address_book)
{
    MAPIUID svc, ab;
    IMAPISession *s;
    IAddrBook *book;
    SRowSet *rows;
    SRow *r;

    make_profile(L"Fail AB", 1, &svc);
    ab = provider_of(L"Fail AB", &svc, MAPI_AB_PROVIDER);
    set_long(L"Fail AB", &ab, PR_TP_LOGON_RESULT, MAPI_E_CALL_FAILED);
    s = session_logon(L"Fail AB", FLAGS);
    /* The address book is there all the same (imapisession-openaddressbook.md). */
    ck_assert_int_eq(IMAPISession_OpenAddressBook(s, 0, NULL, 0, &book), MAPI_W_ERRORS_RETURNED);
    ck_assert_ptr_nonnull(book);
    IAddrBook_Release(book);
    rows = status_rows(s);
    r = row_of_type(rows, MAPI_AB_PROVIDER, 0);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(col(r, PR_STATUS_CODE)->Value.l, STATUS_FAILURE);
    FreeProws(rows);
    /* MAPI_E_CALL_FAILED disabled the service: its store does not open. */
    {
        SPropValue *e = store_eid(s, 0);
        IMsgStore *mdb;
        ck_assert_int_eq(IMAPISession_OpenMsgStore(s, 0, e->Value.bin.cb, (ENTRYID *)e->Value.bin.lpb, NULL, 0, &mdb),
                         MAPI_E_LOGON_FAILED);
        MAPIFreeBuffer(e);
    }
    session_logoff(s);
}
END_TEST

/* ---- the spooler's logon to the default store ---- */

/* In a session with mail, the first logon to the default store is followed
 * by the spooler's SpoolerLogon, with the credentials the store's Logon
 * returned (16 bytes from the test store); it is logged off with the
 * session, after the client's. */
START_TEST(spooler_logon)
{
    IMAPISession *s;
    IMsgStore *mdb, *again;
    SPropValue *e;
    int client, spooler;

    make_profile(L"Spooler", 1, NULL);
    log_clear();
    s = session_logon(L"Spooler", FLAGS);
    ck_assert_int_eq(log_count_of("MS", NULL, "SpoolerLogon", NULL), 0);
    e = store_eid(s, 0);
    mdb = open_store(s, e, MDB_WRITE);
    ck_assert_int_eq(log_count_of("MS", NULL, "SpoolerLogon", "security=16 "), 1);
    ck_assert_int_eq(log_count_of("MS", NULL, "SpoolerLogon", "hr=0x00000000"), 1);
    ck_assert_int_eq(log_count_of("MS", NULL, "SpoolerLogon", "eid=ok"), 1);
    /* Once per session. */
    again = open_store(s, e, MDB_WRITE);
    IMsgStore_Release(again);
    ck_assert_int_eq(log_count_of("MS", NULL, "SpoolerLogon", NULL), 1);
    log_clear();
    IMsgStore_Release(mdb);
    session_logoff(s);
    log_read();
    client = log_find_of("MS", NULL, "Logoff", "hr=0x00000000", 0);
    spooler = client >= 0 ? log_find_of("MS", NULL, "Logoff", "hr=0x00000000", client + 1) : -1;
    ck_assert_msg(client >= 0 && spooler > client, "Logoffs at %d and %d", client, spooler);
    ck_assert_int_lt(spooler, log_find_of("MS", NULL, "Shutdown", NULL, 0));

    /* Without mail, or a store opened without it: no spooler. */
    log_clear();
    s = session_logon(L"Spooler", FLAGS | MAPI_NO_MAIL);
    mdb = open_store(s, e, MDB_WRITE);
    IMsgStore_Release(mdb);
    session_logoff(s);
    s = session_logon(L"Spooler", FLAGS);
    mdb = open_store(s, e, MDB_WRITE | MDB_NO_MAIL);
    IMsgStore_Release(mdb);
    session_logoff(s);
    ck_assert_int_eq(log_count_of("MS", NULL, "SpoolerLogon", NULL), 0);
    ck_assert_int_eq(log_count_of("MS", NULL, "Logon", "hr=0x00000000"), 2);
    MAPIFreeBuffer(e);
}
END_TEST

/* ---- shutdown ---- */

START_TEST(shutdown_order)
{
    IMAPISession *s;
    IMsgStore *mdb;
    IAddrBook *book;
    SPropValue *e, pv;
    IMAPITable *t;
    int kinds, logoff_at[3], release_at[3], shut_at[3], free_at[3], last_logoff = 0, first_shut = 1 << 30;
    static const char *kind[3] = {"MS", "AB", "XP"};
    static const char *logoff_name[3] = {"Logoff", "Logoff", "TransportLogoff"};

    make_profile(L"Shutdown", 1, NULL);
    s = session_logon(L"Shutdown", FLAGS);
    e = store_eid(s, 0);
    mdb = open_store(s, e, MDB_WRITE);
    MAPIFreeBuffer(e);
    ck_assert_int_eq(IMAPISession_OpenAddressBook(s, 0, NULL, 0, &book), S_OK);
    IAddrBook_Release(book);
    /* The client lets go of the store: it calls StoreLogoffTransports. */
    IMsgStore_Release(mdb);
    ck_assert_int_eq(log_count_of("MS", NULL, "StoreRelease", "logofftransports=0x00000000"), 1);
    log_clear();
    ck_assert_int_eq(IMAPISession_Logoff(s, 0, 0, 0), S_OK);
    log_read();
    for (kinds = 0; kinds < 3; kinds++) {
        logoff_at[kinds] = log_find_of(kind[kinds], NULL, logoff_name[kinds], "hr=0x00000000", 0);
        release_at[kinds] = log_find_of(kind[kinds], NULL, "LogonRelease", "ref=0 loggedoff=1", 0);
        shut_at[kinds] = log_find_of(kind[kinds], NULL, "Shutdown", "flags=0 logons=0 hr=0x00000000", 0);
        free_at[kinds] = log_find_of(kind[kinds], NULL, "Release", "ref=0 logons=0", 0);
        ck_assert_msg(logoff_at[kinds] >= 0 && release_at[kinds] > logoff_at[kinds] && shut_at[kinds] > release_at[kinds] &&
                      free_at[kinds] > shut_at[kinds], "%s: logoff %d, logon release %d, shutdown %d, release %d",
                      kind[kinds], logoff_at[kinds], release_at[kinds], shut_at[kinds], free_at[kinds]);
        if (logoff_at[kinds] > last_logoff) last_logoff = logoff_at[kinds];
        if (shut_at[kinds] < first_shut) first_shut = shut_at[kinds];
    }
    /* Every logon is logged off before any provider object shuts down. */
    ck_assert_int_lt(last_logoff, first_shut);
    /* Only Release may follow. */
    ck_assert_int_eq(IMAPISession_GetMsgStoresTable(s, 0, &t), MAPI_E_END_OF_SESSION);
    ck_assert_int_eq(IMAPISession_Logoff(s, 0, 0, 0), S_OK);
    IMAPISession_Release(s);

    /* A store the client still holds at Logoff is logged off with the session. */
    s = session_logon(L"Shutdown", FLAGS);
    e = store_eid(s, 0);
    mdb = open_store(s, e, MDB_WRITE);
    MAPIFreeBuffer(e);
    log_clear();
    session_logoff(s);
    /* The client's logon and the spooler's (spooler_logon). */
    ck_assert_int_eq(log_count_of("MS", NULL, "Logoff", "hr=0x00000000"), 2);
    pv.ulPropTag = PR_TP_APPEND;
    pv.dwAlignPad = 0;
    pv.Value.bin.cb = 1;
    pv.Value.bin.lpb = (BYTE *)"x";
    ck_assert_int_eq(IMsgStore_SetProps(mdb, 1, &pv, NULL), MAPI_E_INVALID_OBJECT);
    IMsgStore_Release(mdb);
}
END_TEST

START_TEST(release_without_logoff)
{
    IMAPISession *s;

    make_profile(L"No Logoff", 1, NULL);
    s = session_logon(L"No Logoff", FLAGS);
    log_clear();
    /* The last Release logs the session off. */
    ck_assert_int_eq(IMAPISession_Release(s), 0);
    ck_assert_int_eq(log_count_of("XP", NULL, "TransportLogoff", "hr=0x00000000"), 1);
    ck_assert_int_eq(log_count_of("XP", NULL, "Shutdown", NULL), 1);
}
END_TEST

START_TEST(dll_unloaded_after_uninitialize)
{
    IMAPISession *s;

    make_profile(L"Unload", 1, NULL);
    s = session_logon(L"Unload", FLAGS);
    ck_assert_ptr_nonnull(GetModuleHandleW(L"testprov32.dll"));
    session_logoff(s);
    /* Still loaded while MAPI is initialized (mapiuninitialize.md). */
    ck_assert_ptr_nonnull(GetModuleHandleW(L"testprov32.dll"));
    /* Twice: the fixture holds one MAPIInitialize too. */
    IProfAdmin_Release(admin);
    admin = NULL;
    MAPIUninitialize();
    ck_assert_ptr_null(GetModuleHandleW(L"testprov32.dll"));
    ck_assert_int_eq(MAPIInitialize(NULL), S_OK);
    ck_assert_int_eq(MAPIAdminProfiles(0, &admin), S_OK);
}
END_TEST

static Suite *session_providers_suite(void)
{
    Suite *s = suite_create("session_providers");
    TCase *tc = tcase_create("session_providers");

    tcase_add_checked_fixture(tc, session_setup, session_teardown);
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, status_table_and_transports);
    tcase_add_test(tc, failure_missing_dll);
    tcase_add_test(tc, failure_missing_entry_point);
    tcase_add_test(tc, failure_init);
    tcase_add_test(tc, failure_version);
    tcase_add_test(tc, failure_logon);
    tcase_add_test(tc, failure_unconfigured);
    tcase_add_test(tc, failure_address_book);
    tcase_add_test(tc, spooler_logon);
    tcase_add_test(tc, shutdown_order);
    tcase_add_test(tc, release_without_logoff);
    tcase_add_test(tc, dll_unloaded_after_uninitialize);
    suite_add_tcase(s, tc);
    return s;
}

HARNESS_MAIN(session_providers_suite)
