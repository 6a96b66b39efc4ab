/*
 * Sessions through the public API: MAPILogonEx and its flags, IMAPISession
 * and its methods over real profiles with the test provider
 * (providers/testprov), the stores table and its notifications, entry ID
 * routing, several sessions and threads. Provider loading and failures,
 * the spooler's logon and shutdown are in test_session_providers.c.
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

static const BYTE wrap_uid[16] = {0x38, 0xa1, 0xbb, 0x10, 0x05, 0xe5, 0x10, 0x1a,
                                  0xa1, 0xbb, 0x08, 0x00, 0x2b, 0x2a, 0x56, 0xc2};
static const MAPIUID root_uid = {{0x92, 0x07, 0xf3, 0xe0, 0xa3, 0xb1, 0x10, 0x19,
                                  0x90, 0x8b, 0x08, 0x00, 0x2b, 0x2a, 0x56, 0xc2}};
static const MAPIUID instance_uid = {{0x85, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
                                      0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};

/* ---- sessions ---- */

/* PR_PROFILE_NAME of the session's profile (through its instance section). */
static void profile_of(IMAPISession *s, WCHAR *buf, DWORD cch)
{
    SizedSPropTagArray(1, tags) = {1, {PR_PROFILE_NAME_W}};
    IProfSect *ps;
    SPropValue *v;
    ULONG n;

    ck_assert_int_eq(IMAPISession_OpenProfileSection(s, (LPMAPIUID)&instance_uid, NULL, 0, &ps), S_OK);
    ck_assert_int_eq(IProfSect_GetProps(ps, (SPropTagArray *)&tags, 0, &n, &v), S_OK);
    lstrcpynW(buf, v->Value.lpszW, cch);
    MAPIFreeBuffer(v);
    IProfSect_Release(ps);
}

/* ---- MAPILogonEx ---- */

START_TEST(logon_needs_init)
{
    IMAPISession *s = (IMAPISession *)0xdead;

    MAPIUninitialize();
    ck_assert_int_eq(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT, &s), MAPI_E_NOT_INITIALIZED);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(MAPIInitialize(NULL), S_OK);
}
END_TEST

START_TEST(logon_errors)
{
    IMAPISession *s = (IMAPISession *)0xdead;
    WCHAR long_name[80];
    int i;

    make_profile(L"Err Prof", 0, NULL);
    ck_assert_int_eq(MAPILogonEx(0, (LPTSTR)L"Err Prof", NULL, FLAGS, NULL), MAPI_E_LOGON_FAILED);
    ck_assert_int_eq(MAPILogonEx(0, (LPTSTR)L"Err Prof", NULL, FLAGS | 0x00000100, &s), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(MAPILogonEx(0, (LPTSTR)L"No Such Profile", NULL, FLAGS, &s), MAPI_E_LOGON_FAILED);
    ck_assert_int_eq(MAPILogonEx(0, (LPTSTR)"No Such Profile", NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &s),
                     MAPI_E_LOGON_FAILED);
    for (i = 0; i < 65; i++) long_name[i] = 'x';
    long_name[65] = 0;
    ck_assert_int_eq(MAPILogonEx(0, (LPTSTR)long_name, NULL, FLAGS, &s), MAPI_E_LOGON_FAILED);
    ck_assert_ptr_null(s);
    /* App profiles only with MAPI_APP_PROFILE. */
    ck_assert_int_eq(IProfAdmin_CreateProfile(admin, (LPTSTR)L"Err App", NULL, 0, MAPI_UNICODE | MAPI_APP_PROFILE), S_OK);
    ck_assert_int_eq(MAPILogonEx(0, (LPTSTR)L"Err App", NULL, FLAGS, &s), MAPI_E_LOGON_FAILED);
    s = session_logon(L"Err App", FLAGS | MAPI_APP_PROFILE);
    session_logoff(s);
    /* ANSI names, and a password is ignored. */
    ck_assert_int_eq(MAPILogonEx(0, (LPTSTR)"Err Prof", (LPTSTR)"", MAPI_EXTENDED | MAPI_NEW_SESSION, &s), S_OK);
    session_logoff(s);
}
END_TEST

START_TEST(logon_profile_choice)
{
    IMAPISession *s = NULL;
    WCHAR name[80];

    make_profile(L"Choice A", 0, NULL);
    make_profile(L"Choice B", 0, NULL);
    ck_assert_int_eq(IProfAdmin_SetDefaultProfile(admin, NULL, 0), S_OK);
    /* No default: nothing to fall back to. */
    ck_assert_int_eq(MAPILogonEx(0, NULL, NULL, FLAGS | MAPI_USE_DEFAULT, &s), MAPI_E_LOGON_FAILED);
    ck_assert_int_eq(MAPILogonEx(0, (LPTSTR)L"", NULL, FLAGS, &s), MAPI_E_LOGON_FAILED);
    /* With MAPI_LOGON_UI the picker would have had nothing to offer. */
    ck_assert_int_eq(MAPILogonEx(0, NULL, NULL, FLAGS | MAPI_LOGON_UI, &s), MAPI_E_USER_CANCEL);
    ck_assert_ptr_null(s);

    ck_assert_int_eq(IProfAdmin_SetDefaultProfile(admin, (LPTSTR)L"Choice B", MAPI_UNICODE), S_OK);
    s = session_logon(NULL, FLAGS | MAPI_USE_DEFAULT);
    profile_of(s, name, ARRAYSIZE(name));
    ck_assert(!lstrcmpW(name, L"Choice B"));
    session_logoff(s);
    /* No name and no flag: the default too. */
    s = session_logon(L"", FLAGS);
    profile_of(s, name, ARRAYSIZE(name));
    ck_assert(!lstrcmpW(name, L"Choice B"));
    session_logoff(s);
    /* MAPI_LOGON_UI with no name: the default, as the picker would offer it. */
    s = session_logon(NULL, FLAGS | MAPI_LOGON_UI | MAPI_PASSWORD_UI);
    session_logoff(s);
    /* MAPI_EXPLICIT_PROFILE keeps the default out unless MAPI_USE_DEFAULT. */
    ck_assert_int_eq(MAPILogonEx(0, NULL, NULL, FLAGS | MAPI_EXPLICIT_PROFILE, &s), MAPI_E_LOGON_FAILED);
    ck_assert_int_eq(MAPILogonEx(0, NULL, NULL, FLAGS | MAPI_EXPLICIT_PROFILE | MAPI_LOGON_UI, &s), MAPI_E_USER_CANCEL);
    s = session_logon(NULL, FLAGS | MAPI_EXPLICIT_PROFILE | MAPI_USE_DEFAULT);
    session_logoff(s);
    /* A name: that profile; with MAPI_USE_DEFAULT the default wins. */
    s = session_logon(L"Choice A", FLAGS | MAPI_EXPLICIT_PROFILE);
    profile_of(s, name, ARRAYSIZE(name));
    ck_assert(!lstrcmpW(name, L"Choice A"));
    session_logoff(s);
    s = session_logon(L"Choice A", FLAGS | MAPI_USE_DEFAULT);
    profile_of(s, name, ARRAYSIZE(name));
    ck_assert(!lstrcmpW(name, L"Choice B"));
    session_logoff(s);
    /* Flags with nothing to show or download are accepted. */
    s = session_logon(L"Choice A", FLAGS | MAPI_SERVICE_UI_ALWAYS | MAPI_FORCE_DOWNLOAD | MAPI_BG_SESSION | MAPI_NT_SERVICE);
    session_logoff(s);
    ck_assert_int_eq(IProfAdmin_SetDefaultProfile(admin, NULL, 0), S_OK);
}
END_TEST

START_TEST(session_identity)
{
    IMAPISession *s;
    IUnknown *unk, *unk2;
    void *p;

    make_profile(L"Ident", 0, NULL);
    s = session_logon(L"Ident", FLAGS);
    ck_assert_int_eq(IMAPISession_QueryInterface(s, &IID_IUnknown, (void **)&unk), S_OK);
    ck_assert_ptr_eq((void *)unk, (void *)s);
    ck_assert_int_eq(IMAPISession_QueryInterface(s, &IID_IMAPISession, (void **)&unk2), S_OK);
    ck_assert_ptr_eq((void *)unk2, (void *)s);
    IUnknown_Release(unk);
    IUnknown_Release(unk2);
    /* The fast shutdown interface: tests/test_shutdown.c has the rest. */
    p = NULL;
    ck_assert_int_eq(IMAPISession_QueryInterface(s, &IID_IMAPIClientShutdown, &p), S_OK);
    ck_assert_ptr_nonnull(p);
    IUnknown_Release((IUnknown *)p);
    ck_assert_int_eq(IMAPISession_QueryInterface(s, &IID_IMAPITable, &p), MAPI_E_INTERFACE_NOT_SUPPORTED);
    ck_assert_int_eq(IMAPISession_QueryInterface(s, &IID_IUnknown, NULL), MAPI_E_INVALID_PARAMETER);
    session_logoff(s);
}
END_TEST

START_TEST(shared_sessions)
{
    IMAPISession *a, *b, *c, *d;
    IMAPITable *t;
    WCHAR name[80];

    make_profile(L"Shared One", 0, NULL);
    make_profile(L"Shared Two", 0, NULL);
    a = session_logon(L"Shared One", FLAGS | MAPI_ALLOW_OTHERS);
    /* Without MAPI_NEW_SESSION the shared session comes back, whatever the name. */
    b = session_logon(L"Shared Two", MAPI_EXTENDED | MAPI_UNICODE);
    ck_assert_ptr_eq(a, b);
    profile_of(b, name, ARRAYSIZE(name));
    ck_assert(!lstrcmpW(name, L"Shared One"));
    c = session_logon(L"Shared Two", FLAGS);
    ck_assert_ptr_ne(a, c);
    profile_of(c, name, ARRAYSIZE(name));
    ck_assert(!lstrcmpW(name, L"Shared Two"));
    session_logoff(c);

    /* One client logging off leaves the session to the other. */
    session_logoff(b);
    ck_assert_int_eq(IMAPISession_GetMsgStoresTable(a, 0, &t), S_OK);
    IMAPITable_Release(t);
    d = session_logon(NULL, MAPI_EXTENDED);
    ck_assert_ptr_eq(a, d);
    /* MAPI_LOGOFF_SHARED ends it for every client. */
    ck_assert_int_eq(IMAPISession_Logoff(d, 0, MAPI_LOGOFF_SHARED, 0), S_OK);
    ck_assert_int_eq(IMAPISession_GetMsgStoresTable(a, 0, &t), MAPI_E_END_OF_SESSION);
    IMAPISession_Release(d);
    IMAPISession_Release(a);
    /* And it is no longer handed out. */
    ck_assert_int_eq(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_EXPLICIT_PROFILE, &a), MAPI_E_LOGON_FAILED);
}
END_TEST


START_TEST(no_mail)
{
    IMAPISession *s;
    SRowSet *rows;
    ULONG n;
    LPTSTR *types;

    make_profile(L"No Mail", 1, NULL);
    log_clear();
    s = session_logon(L"No Mail", FLAGS | MAPI_NO_MAIL);
    /* No transport is loaded or logged on; the spooler row says it fails. */
    ck_assert_int_eq(log_count_of("XP", NULL, NULL, NULL), 0);
    rows = status_rows(s);
    ck_assert_int_eq(count_type(rows, MAPI_TRANSPORT_PROVIDER), 0);
    ck_assert_int_eq(col(row_of_type(rows, MAPI_SPOOLER, 0), PR_STATUS_CODE)->Value.l, STATUS_FAILURE);
    FreeProws(rows);
    ck_assert_int_eq(IMAPISession_EnumAdrTypes(s, 0, &n, &types), S_OK);
    ck_assert_uint_eq(n, 0);
    MAPIFreeBuffer(types);
    session_logoff(s);
}
END_TEST

START_TEST(enum_adr_types)
{
    IMAPISession *s;
    LPTSTR *types;
    ULONG n;

    make_profile(L"Adr Types", 2, NULL);
    log_clear();
    s = session_logon(L"Adr Types", FLAGS);
    /* Two transports of one DLL: one provider object, two logons. */
    ck_assert_int_eq(log_count_of("XP", NULL, "Init", NULL), 1);
    ck_assert_int_eq(log_count_of("XP", NULL, "TransportLogon", "hr=0x00000000"), 2);
    ck_assert_int_eq(IMAPISession_EnumAdrTypes(s, 0, &n, &types), S_OK);
    ck_assert_uint_eq(n, 1);           /* each type once */
    ck_assert_str_eq((char *)types[0], "TESTPROV");
    MAPIFreeBuffer(types);
    ck_assert_int_eq(IMAPISession_EnumAdrTypes(s, MAPI_UNICODE, &n, &types), S_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert(!lstrcmpW((WCHAR *)types[0], L"TESTPROV"));
    MAPIFreeBuffer(types);
    ck_assert_int_eq(IMAPISession_EnumAdrTypes(s, 0x1, &n, &types), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IMAPISession_EnumAdrTypes(s, 0, NULL, &types), MAPI_E_INVALID_PARAMETER);
    session_logoff(s);
}
END_TEST

/* ---- the stores table ---- */

START_TEST(stores_table)
{
    static const BYTE mdb[16] = TESTPROV_MDB_PROVIDER;
    IMAPISession *s;
    IMAPITable *t;
    IMsgStore *mdb_obj;
    SPropTagArray *cols;
    SPropValue *e, *v;
    struct sink sk;
    ULONG_PTR conn;
    SRowSet *rows;
    SRow *r;
    ULONG i;

    make_profile(L"Stores", 1, NULL);
    log_clear();
    s = session_logon(L"Stores", FLAGS);
    ck_assert_int_eq(IMAPISession_GetMsgStoresTable(s, MAPI_UNICODE, &t), S_OK);
    ck_assert_int_eq(IMAPITable_QueryColumns(t, 0, &cols), S_OK);
    ck_assert_uint_eq(cols->cValues, 10);
    MAPIFreeBuffer(cols);
    rows = rows_of(t);
    ck_assert_uint_eq(rows->cRows, 1);
    r = &rows->aRow[0];
    ck_assert(col(r, PR_DEFAULT_STORE)->Value.b);
    ck_assert(!lstrcmpW(col(r, PR_DISPLAY_NAME_W)->Value.lpszW, L"FreeMAPI Test Store"));
    ck_assert_ptr_nonnull(col(r, PR_PROVIDER_DISPLAY_W));
    ck_assert_int_eq(col(r, PR_OBJECT_TYPE)->Value.l, MAPI_STORE);
    ck_assert_int_eq(col(r, PR_RESOURCE_TYPE)->Value.l, MAPI_STORE_PROVIDER);
    ck_assert(col(r, PR_RESOURCE_FLAGS)->Value.l & STATUS_DEFAULT_STORE);
    v = col(r, PR_MDB_PROVIDER);
    ck_assert_uint_eq(v->Value.bin.cb, 16);
    ck_assert(!memcmp(v->Value.bin.lpb, mdb, 16));
    ck_assert_uint_eq(col(r, PR_INSTANCE_KEY)->Value.bin.cb, 16);
    ck_assert_ptr_nonnull(col(r, PR_RECORD_KEY));
    /* A wrapped entry ID: MAPI's wrap UID, then the DLL name as the profile has it. */
    e = col(r, PR_ENTRYID);
    ck_assert_int_gt(e->Value.bin.cb, 22 + 13);
    ck_assert(!memcmp(e->Value.bin.lpb + 4, wrap_uid, 16));
    ck_assert_str_eq((char *)e->Value.bin.lpb + 22, "testprov.dll");

    /* The table is live: opening the store the first time writes its
     * PR_ENTRYID (Logon with no entry ID, ModifyProfile) and the row follows. */
    sink_init(&sk);
    ck_assert_int_eq(IMAPITable_Advise(t, fnevTableModified, &sk.IMAPIAdviseSink_iface, &conn), S_OK);
    mdb_obj = open_store(s, e, MDB_WRITE);
    ck_assert_int_eq(log_count_of("MS", NULL, "Logon", "flags=0x00000005 eid=none"), 1);
    ck_assert_int_eq(log_count_of("MS", NULL, "Logon", "modify=0x00000000 setuid=0x00000000 hr=0x00000000"), 1);
    ck_assert(sink_heard(&sk, 0x1000 + TABLE_ROW_MODIFIED));
    /* The new entry ID wraps the store's own: 4 zero bytes, its UID, "TPMS". */
    ck_assert_uint_eq(sk.cb_eid, 22 + 13 + 24);
    ck_assert(!memcmp(sk.eid + 22 + 13 + 20, "TPMS", 4));
    ck_assert_int_eq(IMAPITable_Unadvise(t, conn), S_OK);
    IMsgStore_Release(mdb_obj);
    FreeProws(rows);

    /* 8-bit view. */
    IMAPITable_Release(t);
    ck_assert_int_eq(IMAPISession_GetMsgStoresTable(s, 0, &t), S_OK);
    rows = rows_of(t);
    ck_assert_str_eq(col(&rows->aRow[0], PR_DISPLAY_NAME_A)->Value.lpszA, "FreeMAPI Test Store");
    for (i = 0; i < rows->aRow[0].cValues; i++)
        ck_assert_int_ne(PROP_TYPE(rows->aRow[0].lpProps[i].ulPropTag), PT_UNICODE);
    FreeProws(rows);
    IMAPITable_Release(t);
    ck_assert_int_eq(IMAPISession_GetMsgStoresTable(s, 0x2, &t), MAPI_E_UNKNOWN_FLAGS);
    session_logoff(s);
}
END_TEST

START_TEST(open_store_ids)
{
    IMAPISession *s;
    IMsgStore *mdb;
    SPropValue *e;
    ENTRYID *w;
    ULONG cb;
    BYTE junk[40];

    make_profile(L"Open Ids", 1, NULL);
    s = session_logon(L"Open Ids", FLAGS);
    e = store_eid(s, 0);
    mdb = open_store(s, e, 0);
    IMsgStore_Release(mdb);
    MAPIFreeBuffer(e);
    /* Now with its real entry ID, wrapped and unwrapped. */
    log_clear();
    e = store_eid(s, 0);
    mdb = open_store(s, e, MAPI_BEST_ACCESS | MAPI_DEFERRED_ERRORS);
    ck_assert_int_eq(log_count_of("MS", NULL, "Logon", "flags=0x0000000d eid=ok"), 1);
    IMsgStore_Release(mdb);
    ck_assert_int_eq(IMAPISession_OpenMsgStore(s, 0, 24, (ENTRYID *)(e->Value.bin.lpb + 35), NULL, MDB_NO_MAIL, &mdb),
                     S_OK);
    ck_assert_int_eq(log_count_of("MS", NULL, "Logon", "flags=0x00000081 eid=ok"), 1);
    IMsgStore_Release(mdb);

    /* Errors. */
    ck_assert_int_eq(IMAPISession_OpenMsgStore(s, 0, 0, NULL, NULL, 0, &mdb), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IMAPISession_OpenMsgStore(s, 0, e->Value.bin.cb, (ENTRYID *)e->Value.bin.lpb, NULL, 0, NULL),
                     MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IMAPISession_OpenMsgStore(s, 0, e->Value.bin.cb, (ENTRYID *)e->Value.bin.lpb, NULL, 0x400, &mdb),
                     MAPI_E_UNKNOWN_FLAGS);
    memset(junk, 0x5a, sizeof(junk));
    ck_assert_int_eq(IMAPISession_OpenMsgStore(s, 0, sizeof(junk), (ENTRYID *)junk, NULL, 0, &mdb), MAPI_E_NOT_FOUND);
    /* A wrapped ID of a DLL that is not there; one the store refuses. */
    ck_assert_int_eq(WrapStoreEntryID(0, (LPTSTR)"nosuchstore.dll", sizeof(junk), (ENTRYID *)junk, &cb, &w), S_OK);
    ck_assert_int_eq(IMAPISession_OpenMsgStore(s, 0, cb, w, NULL, 0, &mdb), MAPI_E_NOT_FOUND);
    MAPIFreeBuffer(w);
    ck_assert_int_eq(WrapStoreEntryID(0, (LPTSTR)"testprov.dll", sizeof(junk), (ENTRYID *)junk, &cb, &w), S_OK);
    ck_assert_int_eq(IMAPISession_OpenMsgStore(s, 0, cb, w, NULL, 0, &mdb), MAPI_E_INVALID_ENTRYID);
    MAPIFreeBuffer(w);
    ck_assert_ptr_null(mdb);
    MAPIFreeBuffer(e);
    session_logoff(s);
}
END_TEST

/* A store outside the profile's list comes in when it calls ModifyProfile. */
START_TEST(stores_row_on_modify_profile)
{
    IMsgServiceAdmin2 *sa;
    IMAPISession *s;
    IMAPITable *t;
    IMsgStore *mdb;
    IProfSect *root;
    SPropValue *e, empty;
    struct sink sk;
    ULONG_PTR conn;
    SRowSet *rows;

    make_profile(L"Modify", 1, NULL);
    s = session_logon(L"Modify", FLAGS);
    e = store_eid(s, 0);
    mdb = open_store(s, e, 0);      /* the store writes its PR_ENTRYID */
    IMsgStore_Release(mdb);
    MAPIFreeBuffer(e);
    e = store_eid(s, 0);
    session_logoff(s);

    /* Take the store off the profile's list of stores. */
    sa = services_of(L"Modify");
    ck_assert_int_eq(IMsgServiceAdmin2_OpenProfileSection(sa, (LPMAPIUID)&root_uid, NULL, MAPI_MODIFY, &root), S_OK);
    empty.ulPropTag = PR_STORE_PROVIDERS;
    empty.dwAlignPad = 0;
    empty.Value.bin.cb = 0;
    empty.Value.bin.lpb = NULL;
    ck_assert_int_eq(IProfSect_SetProps(root, 1, &empty, NULL), S_OK);

    /* MDB_TEMPORARY: the store is opened but never listed. */
    s = session_logon(L"Modify", FLAGS);
    rows = store_rows(s);
    ck_assert_uint_eq(rows->cRows, 0);
    FreeProws(rows);
    mdb = open_store(s, e, MDB_TEMPORARY);
    rows = store_rows(s);
    ck_assert_uint_eq(rows->cRows, 0);
    FreeProws(rows);
    IMsgStore_Release(mdb);
    session_logoff(s);

    s = session_logon(L"Modify", FLAGS);
    ck_assert_int_eq(IMAPISession_GetMsgStoresTable(s, MAPI_UNICODE, &t), S_OK);
    sink_init(&sk);
    ck_assert_int_eq(IMAPITable_Advise(t, fnevTableModified, &sk.IMAPIAdviseSink_iface, &conn), S_OK);
    log_clear();
    mdb = open_store(s, e, 0);
    ck_assert_int_eq(log_count_of("MS", NULL, "Logon", "eid=ok"), 1);
    ck_assert(sink_heard(&sk, 0x1000 + TABLE_ROW_ADDED));
    ck_assert_uint_eq(sk.cb_eid, e->Value.bin.cb);
    ck_assert(!memcmp(sk.eid, e->Value.bin.lpb, sk.cb_eid));
    rows = rows_of(t);
    ck_assert_uint_eq(rows->cRows, 1);
    FreeProws(rows);
    IMAPITable_Unadvise(t, conn);
    IMAPITable_Release(t);
    IMsgStore_Release(mdb);
    session_logoff(s);
    IProfSect_Release(root);
    IMsgServiceAdmin2_Release(sa);
    MAPIFreeBuffer(e);
}
END_TEST

START_TEST(set_default_store)
{
    IMAPISession *s;
    IMAPITable *t;
    SPropValue *e0, *e1;
    struct sink sk;
    ULONG_PTR conn;
    SRowSet *rows;

    make_profile(L"Default Store", 2, NULL);
    s = session_logon(L"Default Store", FLAGS);
    rows = store_rows(s);
    ck_assert_uint_eq(rows->cRows, 2);
    /* Both sections say STATUS_DEFAULT_STORE (MAPISVC.INF): the first one wins. */
    ck_assert(col(&rows->aRow[0], PR_DEFAULT_STORE)->Value.b);
    ck_assert(!col(&rows->aRow[1], PR_DEFAULT_STORE)->Value.b);
    FreeProws(rows);
    e0 = store_eid(s, 0);
    e1 = store_eid(s, 1);

    ck_assert_int_eq(IMAPISession_GetMsgStoresTable(s, MAPI_UNICODE, &t), S_OK);
    sink_init(&sk);
    ck_assert_int_eq(IMAPITable_Advise(t, fnevTableModified, &sk.IMAPIAdviseSink_iface, &conn), S_OK);
    ck_assert_int_eq(IMAPISession_SetDefaultStore(s, MAPI_DEFAULT_STORE, e1->Value.bin.cb, (ENTRYID *)e1->Value.bin.lpb),
                     S_OK);
    ck_assert(sink_heard(&sk, 0x1000 + TABLE_ROW_MODIFIED));
    rows = rows_of(t);
    ck_assert(!col(&rows->aRow[0], PR_DEFAULT_STORE)->Value.b);
    ck_assert(col(&rows->aRow[1], PR_DEFAULT_STORE)->Value.b);
    ck_assert(!(col(&rows->aRow[0], PR_RESOURCE_FLAGS)->Value.l & STATUS_DEFAULT_STORE));
    FreeProws(rows);
    /* The profile keeps it: a new session sees the same. */
    IMAPITable_Unadvise(t, conn);
    IMAPITable_Release(t);
    session_logoff(s);
    s = session_logon(L"Default Store", FLAGS);
    rows = store_rows(s);
    ck_assert(col(&rows->aRow[1], PR_DEFAULT_STORE)->Value.b);
    FreeProws(rows);
    /* Temporary simple store: this session's table only. */
    ck_assert_int_eq(IMAPISession_SetDefaultStore(s, MAPI_SIMPLE_STORE_TEMPORARY, e0->Value.bin.cb,
                                                  (ENTRYID *)e0->Value.bin.lpb), S_OK);
    rows = store_rows(s);
    ck_assert(col(&rows->aRow[0], PR_RESOURCE_FLAGS)->Value.l & STATUS_SIMPLE_STORE);
    FreeProws(rows);
    ck_assert_int_eq(IMAPISession_SetDefaultStore(s, 0, e0->Value.bin.cb, (ENTRYID *)e0->Value.bin.lpb),
                     MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IMAPISession_SetDefaultStore(s, 7, e0->Value.bin.cb, (ENTRYID *)e0->Value.bin.lpb),
                     MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IMAPISession_SetDefaultStore(s, MAPI_DEFAULT_STORE, 5, (ENTRYID *)"\0\0\0\0"),
                     MAPI_E_NOT_FOUND);
    session_logoff(s);
    MAPIFreeBuffer(e0);
    MAPIFreeBuffer(e1);
}
END_TEST

/* ---- entry IDs ---- */

START_TEST(open_entry_routing)
{
    MAPIUID svcs[2], ms[2], ab, uid;
    BYTE eid[64], user[28], user2[28];
    IMAPISession *s;
    IMsgStore *m0, *m1;
    IUnknown *unk;
    IMAPIProp *prop;
    SPropValue *e0, *e1, *v;
    SRowSet *rows;
    ULONG type, result, n;
    LONG cb;
    int i;
    SizedSPropTagArray(1, name_tag) = {1, {PR_DISPLAY_NAME_A}};

    make_profile(L"Routing", 2, svcs);
    ms[0] = provider_of(L"Routing", &svcs[0], MAPI_STORE_PROVIDER);
    ms[1] = provider_of(L"Routing", &svcs[1], MAPI_STORE_PROVIDER);
    s = session_logon(L"Routing", FLAGS);
    e0 = store_eid(s, 0);
    e1 = store_eid(s, 1);
    m0 = open_store(s, e0, 0);
    m1 = open_store(s, e1, 0);

    /* Each store's own entry ID goes to its own logon (UID in bytes 4..19):
     * the store that comes back has that entry ID. */
    for (i = 0; i < 2; i++) {
        SizedSPropTagArray(1, eid_tag) = {1, {PR_ENTRYID}};
        cb = get_bin(L"Routing", &ms[i], PR_ENTRYID, eid, sizeof(eid));
        ck_assert_int_eq(cb, 24);
        log_clear();
        ck_assert_int_eq(IMAPISession_OpenEntry(s, cb, (ENTRYID *)eid, NULL, i ? MAPI_BEST_ACCESS : 0, &type, &unk),
                         S_OK);
        ck_assert_uint_eq(type, MAPI_STORE);
        ck_assert_int_eq(log_count_of("MS", NULL, "OpenEntry", "cb=24 hr=0x00000000"), 1);
        ck_assert_int_eq(IUnknown_QueryInterface(unk, &IID_IMAPIProp, (void **)&prop), S_OK);
        ck_assert_int_eq(IMAPIProp_GetProps(prop, (SPropTagArray *)&eid_tag, 0, &n, &v), S_OK);
        ck_assert_uint_eq(v->Value.bin.cb, 24);
        ck_assert(!memcmp(v->Value.bin.lpb, eid, 24));
        MAPIFreeBuffer(v);
        IMAPIProp_Release(prop);
        IUnknown_Release(unk);
    }
    cb = get_bin(L"Routing", &ms[0], PR_ENTRYID, eid, sizeof(eid));
    /* A wrapped store entry ID opens the store. */
    ck_assert_int_eq(IMAPISession_OpenEntry(s, e1->Value.bin.cb, (ENTRYID *)e1->Value.bin.lpb, NULL, 0, &type, &unk), S_OK);
    ck_assert_uint_eq(type, MAPI_STORE);
    IUnknown_Release(unk);

    /* Compare: same store, different stores, wrapped against unwrapped. */
    ck_assert_int_eq(IMAPISession_CompareEntryIDs(s, e0->Value.bin.cb, (ENTRYID *)e0->Value.bin.lpb,
                                                  e0->Value.bin.cb, (ENTRYID *)e0->Value.bin.lpb, 0, &result), S_OK);
    ck_assert_uint_eq(result, TRUE);
    ck_assert_int_eq(IMAPISession_CompareEntryIDs(s, e0->Value.bin.cb, (ENTRYID *)e0->Value.bin.lpb,
                                                  e1->Value.bin.cb, (ENTRYID *)e1->Value.bin.lpb, 0, &result), S_OK);
    ck_assert_uint_eq(result, FALSE);
    ck_assert_int_eq(IMAPISession_CompareEntryIDs(s, e0->Value.bin.cb, (ENTRYID *)e0->Value.bin.lpb, cb,
                                                  (ENTRYID *)eid, 0, &result), S_OK);
    ck_assert_uint_eq(result, TRUE);

    /* Advise on an entry goes to its logon (the test store has no notifications). */
    {
        struct sink sk;
        ULONG_PTR conn;
        BYTE other[24];
        sink_init(&sk);
        ck_assert_int_eq(IMAPISession_Advise(s, cb, (ENTRYID *)eid, fnevObjectModified, &sk.IMAPIAdviseSink_iface,
                                             &conn), MAPI_E_NO_SUPPORT);
        memcpy(other, eid, sizeof(other));
        other[7] ^= 0xff;
        ck_assert_int_eq(IMAPISession_Advise(s, sizeof(other), (ENTRYID *)other, fnevObjectModified,
                                             &sk.IMAPIAdviseSink_iface, &conn), MAPI_E_UNKNOWN_ENTRYID);
        ck_assert_int_eq(sk.ref, 1);
    }

    /* An address book entry: the AB is logged on when it is first needed. */
    ab = provider_of(L"Routing", &svcs[0], MAPI_AB_PROVIDER);
    ck_assert_int_eq(log_count_of("AB", NULL, "Logon", NULL), 0);
    {
        IAddrBook *book = NULL;
        ck_assert_int_eq(IMAPISession_OpenAddressBook(s, 0, NULL, AB_NO_DIALOG, &book), S_OK);
        ck_assert_ptr_nonnull(book);
        IAddrBook_Release(book);
    }
    ck_assert_int_eq(log_count_of("AB", NULL, "Logon", "hr=0x00000000"), 2);
    ck_assert_int_eq(get_bin(L"Routing", &ab, PR_TP_UID, (BYTE *)&uid, sizeof(uid)), 16);
    memset(user, 0, sizeof(user));
    memcpy(user + 4, &uid, 16);
    user[20] = 2;               /* an entry, index 0 */
    memcpy(user2, user, sizeof(user));
    user2[24] = 1;              /* index 1 */
    ck_assert_int_eq(IMAPISession_OpenEntry(s, sizeof(user), (ENTRYID *)user, NULL, 0, &type, &unk), S_OK);
    ck_assert_uint_eq(type, MAPI_MAILUSER);
    ck_assert_int_eq(IUnknown_QueryInterface(unk, &IID_IMAPIProp, (void **)&prop), S_OK);
    ck_assert_int_eq(IMAPIProp_GetProps(prop, (SPropTagArray *)&name_tag, 0, &n, &v), S_OK);
    ck_assert_str_eq(v->Value.lpszA, "Test User A");
    MAPIFreeBuffer(v);
    IMAPIProp_Release(prop);
    IUnknown_Release(unk);
    ck_assert_int_eq(IMAPISession_CompareEntryIDs(s, sizeof(user), (ENTRYID *)user, sizeof(user2), (ENTRYID *)user2,
                                                  0, &result), S_OK);
    ck_assert_uint_eq(result, FALSE);
    ck_assert_int_eq(IMAPISession_CompareEntryIDs(s, sizeof(user), (ENTRYID *)user, sizeof(user), (ENTRYID *)user,
                                                  0, &result), S_OK);
    ck_assert_uint_eq(result, TRUE);
    /* Different providers never match; an unknown one is nobody's. */
    ck_assert_int_eq(IMAPISession_CompareEntryIDs(s, sizeof(user), (ENTRYID *)user, cb, (ENTRYID *)eid, 0, &result), S_OK);
    ck_assert_uint_eq(result, FALSE);
    user[5] ^= 0xff;
    memcpy(user2, user, sizeof(user));
    ck_assert_int_eq(IMAPISession_OpenEntry(s, sizeof(user), (ENTRYID *)user, NULL, 0, &type, &unk),
                     MAPI_E_UNKNOWN_ENTRYID);
    ck_assert_int_eq(IMAPISession_CompareEntryIDs(s, sizeof(user), (ENTRYID *)user, sizeof(user2), (ENTRYID *)user2,
                                                  0, &result), MAPI_E_UNKNOWN_ENTRYID);
    ck_assert_int_eq(IMAPISession_OpenEntry(s, 3, (ENTRYID *)"abc", NULL, 0, &type, &unk), MAPI_E_INVALID_ENTRYID);
    ck_assert_int_eq(IMAPISession_OpenEntry(s, 0, NULL, NULL, 0, &type, &unk), MAPI_E_INVALID_ENTRYID);
    ck_assert_int_eq(IMAPISession_OpenEntry(s, sizeof(user), (ENTRYID *)user, NULL, 0x1000000, &type, &unk),
                     MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IMAPISession_CompareEntryIDs(s, 0, NULL, 4, (ENTRYID *)eid, 0, &result), MAPI_E_INVALID_PARAMETER);

    /* A status row's entry ID opens the transport's status object. */
    rows = status_rows(s);
    v = col(row_of_type(rows, MAPI_TRANSPORT_PROVIDER, 0), PR_ENTRYID);
    log_clear();
    ck_assert_int_eq(IMAPISession_OpenEntry(s, v->Value.bin.cb, (ENTRYID *)v->Value.bin.lpb, NULL, 0, &type, &unk), S_OK);
    ck_assert_uint_eq(type, MAPI_STATUS);
    IUnknown_Release(unk);
    ck_assert_int_eq(log_count_of("XP", NULL, "OpenStatusEntry", NULL), 1);
    v = col(row_of_type(rows, MAPI_SUBSYSTEM, 0), PR_ENTRYID);
    ck_assert_int_eq(IMAPISession_OpenEntry(s, v->Value.bin.cb, (ENTRYID *)v->Value.bin.lpb, NULL, 0, &type, &unk),
                     MAPI_E_NO_SUPPORT);
    FreeProws(rows);

    IMsgStore_Release(m0);
    IMsgStore_Release(m1);
    MAPIFreeBuffer(e0);
    MAPIFreeBuffer(e1);
    session_logoff(s);
}
END_TEST

START_TEST(wrap_store_entryid)
{
    static const BYTE inner[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    ENTRYID *w;
    ULONG cb;

    ck_assert_int_eq(WrapStoreEntryID(0, (LPTSTR)"MSPST.DLL", sizeof(inner), (ENTRYID *)inner, &cb, &w), S_OK);
    ck_assert_uint_eq(cb, 22 + 10 + 8);
    ck_assert(!memcmp((BYTE *)w, "\0\0\0\0", 4));
    ck_assert(!memcmp((BYTE *)w + 4, wrap_uid, 16));
    ck_assert_int_eq(((BYTE *)w)[20], 0);
    ck_assert_int_eq(((BYTE *)w)[21], 0);
    ck_assert_str_eq((char *)w + 22, "MSPST.DLL");
    ck_assert(!memcmp((BYTE *)w + 32, inner, 8));
    MAPIFreeBuffer(w);
    ck_assert_int_eq(WrapStoreEntryID(MAPI_UNICODE, (LPTSTR)L"emsmdb.dll", sizeof(inner), (ENTRYID *)inner, &cb, &w),
                     S_OK);
    ck_assert_str_eq((char *)w + 22, "emsmdb.dll");
    MAPIFreeBuffer(w);
    ck_assert_int_eq(WrapStoreEntryID(0x1, (LPTSTR)"a.dll", 8, (ENTRYID *)inner, &cb, &w), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(WrapStoreEntryID(0, NULL, 8, (ENTRYID *)inner, &cb, &w), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(WrapStoreEntryID(0, (LPTSTR)"a.dll", 8, NULL, &cb, &w), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(WrapStoreEntryID(0, (LPTSTR)"a.dll", 8, (ENTRYID *)inner, NULL, &w), MAPI_E_INVALID_PARAMETER);
}
END_TEST

START_TEST(storage_from_stream)
{
    IStream *stream, *inner;
    IStorage *stg;
    char buf[16];
    ULONG n;

    ck_assert_int_eq(CreateStreamOnHGlobal(NULL, TRUE, &stream), S_OK);
    /* A new storage inside the stream, then opened again from it. */
    ck_assert_int_eq(HrIStorageFromStream((IUnknown *)stream, NULL, STGSTRM_CREATE, &stg), S_OK);
    ck_assert_int_eq(IStorage_CreateStream(stg, L"part", STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, 0,
                                           &inner), S_OK);
    ck_assert_int_eq(IStream_Write(inner, "hello", 5, &n), S_OK);
    IStream_Release(inner);
    ck_assert_int_eq(IStorage_Commit(stg, STGC_DEFAULT), S_OK);
    IStorage_Release(stg);
    ck_assert_int_eq(HrIStorageFromStream((IUnknown *)stream, &IID_IStream, 0, &stg), S_OK);
    ck_assert_int_eq(IStorage_OpenStream(stg, L"part", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0, &inner), S_OK);
    memset(buf, 0, sizeof(buf));
    ck_assert_int_eq(IStream_Read(inner, buf, sizeof(buf), &n), S_OK);
    ck_assert_uint_eq(n, 5);
    ck_assert_str_eq(buf, "hello");
    IStream_Release(inner);
    IStorage_Release(stg);
    ck_assert_int_eq(HrIStorageFromStream(NULL, NULL, 0, &stg), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(HrIStorageFromStream((IUnknown *)stream, NULL, 0x4, &stg), MAPI_E_UNKNOWN_FLAGS);
    IStream_Release(stream);
    /* Not a storage. */
    ck_assert_int_eq(CreateStreamOnHGlobal(NULL, TRUE, &stream), S_OK);
    ck_assert_int_eq(IStream_Write(stream, "not a storage at all, not at all", 32, &n), S_OK);
    ck_assert(FAILED(HrIStorageFromStream((IUnknown *)stream, NULL, 0, &stg)));
    ck_assert_ptr_null(stg);
    IStream_Release(stream);
}
END_TEST

/* ---- the rest of IMAPISession ---- */

START_TEST(session_misc)
{
    MAPIUID svc, xp;
    IMAPISession *s;
    IMsgServiceAdmin *sa;
    IMAPITable *t;
    IProfSect *ps;
    SRowSet *rows;
    ENTRYID *id;
    ULONG cb, n;
    ULONG_PTR conn, token;
    SPropValue *opts;
    LPMAPIERROR err;
    struct sink sk;

    make_profile(L"Misc", 1, &svc);
    s = session_logon(L"Misc", FLAGS);
    ck_assert_int_eq(IMAPISession_MessageOptions(s, 0, 0, (LPTSTR)"SMTP", NULL), MAPI_E_NO_SUPPORT);
    ck_assert_int_eq(IMAPISession_QueryDefaultMessageOpt(s, (LPTSTR)"SMTP", 0, &n, &opts), MAPI_E_NO_SUPPORT);
    ck_assert_int_eq(IMAPISession_ShowForm(s, 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, 0, "IPM.Note"), MAPI_E_NO_SUPPORT);
    ck_assert_int_eq(IMAPISession_PrepareForm(s, NULL, NULL, &token), MAPI_E_NO_SUPPORT);
    ck_assert_int_eq(IMAPISession_GetLastError(s, MAPI_E_CALL_FAILED, 0, &err), S_OK);
    MAPIFreeBuffer(err);

    /* AdminServices works on the session's profile. */
    ck_assert_int_eq(IMAPISession_AdminServices(s, 0, &sa), S_OK);
    ck_assert_int_eq(IMsgServiceAdmin_GetMsgServiceTable(sa, 0, &t), S_OK);
    rows = rows_of(t);
    ck_assert_uint_eq(rows->cRows, 1);
    FreeProws(rows);
    IMAPITable_Release(t);
    IMsgServiceAdmin_Release(sa);
    ck_assert_int_eq(IMAPISession_AdminServices(s, 1, &sa), MAPI_E_UNKNOWN_FLAGS);

    /* Profile sections: provider sections need MAPI_FORCE_ACCESS, others
     * are created with MAPI_MODIFY. */
    xp = provider_of(L"Misc", &svc, MAPI_TRANSPORT_PROVIDER);
    ck_assert_int_eq(IMAPISession_OpenProfileSection(s, &xp, NULL, 0, &ps), MAPI_E_NO_ACCESS);
    ck_assert_int_eq(IMAPISession_OpenProfileSection(s, &xp, NULL, MAPI_FORCE_ACCESS, &ps), S_OK);
    IProfSect_Release(ps);
    {
        MAPIUID fresh;
        ScGenerateMuid(&fresh);
        ck_assert_int_eq(IMAPISession_OpenProfileSection(s, &fresh, NULL, 0, &ps), MAPI_E_NOT_FOUND);
        ck_assert_int_eq(IMAPISession_OpenProfileSection(s, &fresh, NULL, MAPI_MODIFY, &ps), S_OK);
        IProfSect_Release(ps);
    }
    ck_assert_int_eq(IMAPISession_OpenProfileSection(s, NULL, NULL, 0, &ps), MAPI_E_INVALID_PARAMETER);

    /* No provider gives an identity: MAPI_W_NO_SERVICE with an entry ID. */
    ck_assert_int_eq(IMAPISession_QueryIdentity(s, &cb, &id), MAPI_W_NO_SERVICE);
    ck_assert_uint_gt(cb, 0);
    MAPIFreeBuffer(id);

    /* Session advise: the logoff is heard (fnevExtended). */
    sink_init(&sk);
    ck_assert_int_eq(IMAPISession_Advise(s, 0, NULL, fnevExtended, &sk.IMAPIAdviseSink_iface, &conn), S_OK);
    ck_assert(conn != 0);
    ck_assert_int_eq(IMAPISession_Unadvise(s, conn + 12345), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(IMAPISession_Advise(s, 0, NULL, fnevExtended, NULL, &conn), MAPI_E_INVALID_PARAMETER);
    session_logoff(s);
    ck_assert(sink_heard(&sk, fnevExtended));
    ck_assert_int_eq(sk.ref, 1);

    /* A primary identity row without PR_IDENTITY_ENTRYID: a one-off of its name. */
    set_long(L"Misc", &xp, PR_RESOURCE_FLAGS, STATUS_PRIMARY_IDENTITY);
    s = session_logon(L"Misc", FLAGS);
    ck_assert_int_eq(IMAPISession_QueryIdentity(s, &cb, &id), S_OK);
    ck_assert_uint_gt(cb, 24);
    ck_assert(!memcmp((BYTE *)id + 24, L"FreeMAPI Test Transport", 23 * sizeof(WCHAR)));
    MAPIFreeBuffer(id);
    ck_assert_int_eq(IMAPISession_QueryIdentity(s, NULL, &id), MAPI_E_INVALID_PARAMETER);
    session_logoff(s);
}
END_TEST

/* ---- several sessions, several threads ---- */

static LONG thread_failures;
static char thread_failure[128];     /* the first one, for the message */

static void thread_failed(const char *what, HRESULT hr)
{
    if (InterlockedIncrement(&thread_failures) == 1)
        snprintf(thread_failure, sizeof(thread_failure), "%s: %#lx", what, (unsigned long)hr);
}

static DWORD WINAPI session_thread(void *arg)
{
    const WCHAR *profile = arg;
    IMAPISession *s = NULL;
    IMsgStore *mdb = NULL;
    IMAPITable *t = NULL;
    SRowSet *rows = NULL;
    int round;

    for (round = 0; round < 3; round++) {
        HRESULT hr;

        if ((hr = MAPILogonEx(0, (LPTSTR)profile, NULL, FLAGS, &s)) || !s) {
            thread_failed("MAPILogonEx", hr);
            return 1;
        }
        if ((hr = IMAPISession_GetMsgStoresTable(s, 0, &t)) || (hr = IMAPITable_QueryRows(t, 10, 0, &rows)) ||
            rows->cRows != 1) {
            thread_failed("the stores table", hr ? hr : (HRESULT)rows->cRows);
        } else {
            SPropValue *e = PpropFindProp(rows->aRow[0].lpProps, rows->aRow[0].cValues, PR_ENTRYID);
            if (!e) thread_failed("PR_ENTRYID", 0);
            else if ((hr = IMAPISession_OpenMsgStore(s, 0, e->Value.bin.cb, (ENTRYID *)e->Value.bin.lpb, NULL, 0,
                                                     &mdb)))
                thread_failed("OpenMsgStore", hr);
            else IMsgStore_Release(mdb);
        }
        if (rows) FreeProws(rows);
        rows = NULL;
        if (t) IMAPITable_Release(t);
        t = NULL;
        if ((hr = IMAPISession_Logoff(s, 0, 0, 0))) thread_failed("Logoff", hr);
        IMAPISession_Release(s);
        s = NULL;
    }
    return 0;
}

START_TEST(sessions_and_threads)
{
    static const WCHAR *profiles[4] = {L"Threads A", L"Threads B", L"Threads A", L"Threads B"};
    IMAPISession *a, *b;
    HANDLE threads[4];
    int i;

    make_profile(L"Threads A", 1, NULL);
    make_profile(L"Threads B", 1, NULL);
    /* Two sessions at once: each has its own provider objects. */
    log_clear();
    a = session_logon(L"Threads A", FLAGS);
    b = session_logon(L"Threads A", FLAGS);
    ck_assert_ptr_ne(a, b);
    ck_assert_int_eq(log_count_of("XP", NULL, "Init", NULL), 2);
    ck_assert_int_eq(log_count_of("XP", NULL, "TransportLogon", "hr=0x00000000"), 2);
    store_still_works(a, 0);
    store_still_works(b, 0);
    ck_assert_int_eq(log_count_of("MS", NULL, "Init", NULL), 2);
    session_logoff(a);
    store_still_works(b, 0);
    session_logoff(b);

    thread_failures = 0;
    for (i = 0; i < 4; i++) threads[i] = CreateThread(NULL, 0, session_thread, (void *)profiles[i], 0, NULL);
    ck_assert_int_eq(WaitForMultipleObjects(4, threads, TRUE, 120000), WAIT_OBJECT_0);
    for (i = 0; i < 4; i++) CloseHandle(threads[i]);
    ck_assert_msg(thread_failures == 0, "%ld failures, the first: %s", thread_failures, thread_failure);
}
END_TEST

static DWORD WINAPI short_logon_thread(void *arg)
{
    IMAPISession *s = NULL;
    HRESULT hr = MAPILogonEx(0, (LPTSTR)L"Timeout", NULL, FLAGS | (ULONG)(ULONG_PTR)arg, &s);

    /* No ck_assert here: not the test's thread. */
    if (s) {
        IMAPISession_Logoff(s, 0, 0, 0);
        IMAPISession_Release(s);
    }
    return (DWORD)hr;
}

START_TEST(logon_timeout_short)
{
    HANDLE mutex, thread;
    DWORD code, start;

    make_profile(L"Timeout", 0, NULL);
    /* Every logon goes through one named mutex; hold it. */
    mutex = CreateMutexW(NULL, FALSE, L"FreeMAPI.Logon");
    ck_assert_ptr_nonnull(mutex);
    ck_assert_int_eq(WaitForSingleObject(mutex, 10000), WAIT_OBJECT_0);
    start = GetTickCount();
    thread = CreateThread(NULL, 0, short_logon_thread, (void *)(ULONG_PTR)MAPI_TIMEOUT_SHORT, 0, NULL);
    ck_assert_int_eq(WaitForSingleObject(thread, 20000), WAIT_OBJECT_0);
    GetExitCodeThread(thread, &code);
    CloseHandle(thread);
    ck_assert_uint_eq(code, (DWORD)MAPI_E_TIMEOUT);
    ck_assert_uint_ge(GetTickCount() - start, 2000);
    /* Without the flag the logon waits for it. */
    thread = CreateThread(NULL, 0, short_logon_thread, (void *)0, 0, NULL);
    ck_assert_int_eq(WaitForSingleObject(thread, 500), WAIT_TIMEOUT);
    ReleaseMutex(mutex);
    ck_assert_int_eq(WaitForSingleObject(thread, 20000), WAIT_OBJECT_0);
    GetExitCodeThread(thread, &code);
    CloseHandle(thread);
    ck_assert_uint_eq(code, S_OK);
    CloseHandle(mutex);
}
END_TEST

/* Not a timed test: prints what MAPILogonEx costs on a 10-service profile
 * (MAPI_NO_MAIL: no provider is called at logon; else 10 TransportLogon). */
static double ms_since(LARGE_INTEGER t0)
{
    LARGE_INTEGER f, t1;

    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&t1);
    return (double)(t1.QuadPart - t0.QuadPart) * 1000.0 / f.QuadPart;
}

START_TEST(logon_figures)
{
    IMAPISession *s[20];
    LARGE_INTEGER t0;
    double logon_ms[3], logoff_ms[3];
    int i, pass, rounds = 20;

    make_profile(L"Ten Services", 10, NULL);
    s[0] = session_logon(L"Ten Services", FLAGS);   /* loads the DLL once */
    session_logoff(s[0]);
    SetEnvironmentVariableW(L"TESTPROV_LOG", NULL);
    for (pass = 0; pass < 3; pass++) {
        /* Pass 2: the transports' init fails, so MAPI does all its own work
         * for them (sections, status rows) and no provider logon runs. */
        if (pass == 2) SetEnvironmentVariableA("TESTPROV_XP_INIT_RESULT", "80004005");
        QueryPerformanceCounter(&t0);
        for (i = 0; i < rounds; i++) s[i] = session_logon(L"Ten Services", FLAGS | (pass ? 0 : MAPI_NO_MAIL));
        logon_ms[pass] = ms_since(t0) / rounds;
        QueryPerformanceCounter(&t0);
        for (i = 0; i < rounds; i++) session_logoff(s[i]);
        logoff_ms[pass] = ms_since(t0) / rounds;
    }
    {
        HKEY k;
        DWORD cb, type;
        BYTE buf[64];
        QueryPerformanceCounter(&t0);
        RegOpenKeyExW(HKEY_CURRENT_USER, L"Software\\Microsoft\\Office\\16.0\\Outlook", 0, KEY_READ, &k);
        for (i = 0; i < 1000; i++) {
            cb = sizeof(buf);
            RegQueryValueExW(k, L"NoSuchValue", NULL, &type, buf, &cb);
        }
        RegCloseKey(k);
        printf("(a registry query costs %.1f us in this Wine prefix)\n", ms_since(t0));
    }
    printf("10 TESTPROV services (30 providers): MAPILogonEx %.2f ms, Logoff %.2f ms with MAPI_NO_MAIL; "
           "%.2f ms, %.2f ms with 10 transport logons; %.2f ms, %.2f ms with the 10 transports failing "
           "their init (MAPI's own work for them, no provider logon)\n",
           logon_ms[0], logoff_ms[0], logon_ms[1], logoff_ms[1], logon_ms[2], logoff_ms[2]);
    SetEnvironmentVariableA("TESTPROV_XP_INIT_RESULT", NULL);
    SetEnvironmentVariableW(L"TESTPROV_LOG", log_path);
}
END_TEST

static Suite *session_suite(void)
{
    Suite *s = suite_create("session");
    TCase *tc = tcase_create("session");

    tcase_add_checked_fixture(tc, session_setup, session_teardown);
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, logon_needs_init);
    tcase_add_test(tc, logon_errors);
    tcase_add_test(tc, logon_profile_choice);
    tcase_add_test(tc, session_identity);
    tcase_add_test(tc, shared_sessions);
    tcase_add_test(tc, no_mail);
    tcase_add_test(tc, enum_adr_types);
    tcase_add_test(tc, stores_table);
    tcase_add_test(tc, open_store_ids);
    tcase_add_test(tc, stores_row_on_modify_profile);
    tcase_add_test(tc, set_default_store);
    tcase_add_test(tc, open_entry_routing);
    tcase_add_test(tc, wrap_store_entryid);
    tcase_add_test(tc, storage_from_stream);
    tcase_add_test(tc, session_misc);
    tcase_add_test(tc, sessions_and_threads);
    tcase_add_test(tc, logon_timeout_short);
    tcase_add_test(tc, logon_figures);
    suite_add_tcase(s, tc);
    return s;
}

HARNESS_MAIN(session_suite)