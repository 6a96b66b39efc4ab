/*
 * IMAPISupport::RegisterPreprocessor and what uses it (ExpandRecips'
 * NEEDS_PREPROCESSING, Preprocess, CompleteMsg) through real profiles with
 * the test provider.  Its exercise mode TP_EX_PREPROC
 * (providers/testprov/README.md) makes the transport register preprocessors
 * whose functions testprov32.dll exports, and the store ask about messages
 * whose recipients match them or not; these tests read its log.
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

static void setup(void)
{
    log_setup(L"tpp");
}

static void teardown(void)
{
    mapi_stop();
    log_teardown();
}

/* ---- helpers ---- */

static void set_exercise(IMAPIProp *obj, ULONG mask)
{
    SPropValue pv;

    log_clear();
    pv.ulPropTag = PR_TP_EXERCISE;
    pv.dwAlignPad = 0;
    pv.Value.l = mask;
    ck_assert_int_eq(IMAPIProp_SetProps(obj, 1, &pv, NULL), S_OK);
    log_read();
}

/* The transport's exercise, at=later, through its status object. */
static void run_transport(IMAPISession *s, ULONG mask)
{
    IUnknown *unk = NULL;
    IMAPIProp *status = NULL;
    SRowSet *rows = status_rows(s);
    SRow *r = row_of_type(rows, MAPI_TRANSPORT_PROVIDER, 0);
    SPropValue *e;
    ULONG type;

    ck_assert_ptr_nonnull(r);
    e = col(r, PR_ENTRYID);
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(IMAPISession_OpenEntry(s, e->Value.bin.cb, (ENTRYID *)e->Value.bin.lpb, NULL, 0, &type, &unk),
                     S_OK);
    FreeProws(rows);
    ck_assert_int_eq(IUnknown_QueryInterface(unk, &IID_IMAPIProp, (void **)&status), S_OK);
    set_exercise(status, mask);
    IMAPIProp_Release(status);
    IUnknown_Release(unk);
}

/* The first store of the stores table, opened for writing. */
static IMsgStore *first_store(IMAPISession *s)
{
    IMsgStore *mdb = NULL;
    IMAPITable *t;
    SRowSet *rows;
    SPropValue *e;

    ck_assert_int_eq(IMAPISession_GetMsgStoresTable(s, 0, &t), S_OK);
    rows = take_rows(t);
    ck_assert_uint_ge(rows->cRows, 1);
    e = col(&rows->aRow[0], PR_ENTRYID);
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(IMAPISession_OpenMsgStore(s, 0, e->Value.bin.cb, (ENTRYID *)e->Value.bin.lpb, NULL,
                                               MDB_WRITE, &mdb), S_OK);
    FreeProws(rows);
    return mdb;
}

static void run_store(IMsgStore *mdb)
{
    set_exercise((IMAPIProp *)mdb, TP_EX_PREPROC);
}

static void expect_flags(const char *mode, const char *want)
{
    expect_call("MS", "later", "ExpandRecips", mode, want);
}

/* The preprocessor function calls logged, of one kind and subject. */
static int called(const char *fn, const char *subject)
{
    return log_count_words(fn, subject);
}

/* ---- tests ---- */

/* Registration: NULL MAPIUID, NULL address type (each may be), NULL
 * function names; the DLL name is required, ulFlags reserved, bad
 * pointers refused. */
START_TEST(register_args)
{
    IMAPISession *s;
    MAPIUID svc;

    mapi_start(0);
    profile_with_service(L"PreArgs", L"TESTPROV", &svc);
    s = session_logon(L"PreArgs", FLAGS);
    run_transport(s, TP_EX_PREPROC);
    expect_call("XP", "later", "RegisterPreprocessor", "type", "hr=0x00000000");
    expect_call("XP", "later", "RegisterPreprocessor", "muid", "hr=0x00000000");
    expect_call("XP", "later", "RegisterPreprocessor", "own", "hr=0x00000000");
    expect_call("XP", "later", "RegisterPreprocessor", "missing", "hr=0x00000000");
    expect_call("XP", "later", "RegisterPreprocessor", "nofunctions", "hr=0x00000000");
    expect_call("XP", "later", "RegisterPreprocessor", "nodll", "hr=0x80070057");
    expect_call("XP", "later", "RegisterPreprocessor", "emptydll", "hr=0x80070057");
    expect_call("XP", "later", "RegisterPreprocessor", "badflags", "hr=0x80040106");
    expect_call("XP", "later", "RegisterPreprocessor", "badmuid", "hr=0x80070057");
    expect_call("XP", "later", "RegisterPreprocessor", "badtype", "hr=0x80070057");
    expect_call("XP", "later", "RegisterPreprocessor", "badname", "hr=0x80070057");
    /* Both NULL: with TP_EX_PREPROC_ALL only. */
    ck_assert_ptr_null(support_line("XP", "later", "RegisterPreprocessor", "all", 0, NULL));
    run_transport(s, TP_EX_PREPROC | TP_EX_PREPROC_ALL);
    expect_call("XP", "later", "RegisterPreprocessor", "all", "hr=0x00000000");
    /* From TransportLogoff: the logon has ended (MAPI_E_INVALID_OBJECT);
     * the arguments are still checked first. */
    log_clear();
    session_logoff(s);
    log_read();
    expect_call("XP", "logoff", "RegisterPreprocessor", "type", "hr=0x80040108");
    expect_call("XP", "logoff", "RegisterPreprocessor", "muid", "hr=0x80040108");
    expect_call("XP", "logoff", "RegisterPreprocessor", "badflags", "hr=0x80040106");
    expect_call("XP", "logoff", "RegisterPreprocessor", "nodll", "hr=0x80070057");
}
END_TEST

/* ExpandRecips: NEEDS_PREPROCESSING and PR_PREPROCESS for a recipient of a
 * registered address type (any case) or MAPIUID; not for the others until
 * a preprocessor for everyone is registered. */
START_TEST(expand_flags)
{
    IMAPISession *s;
    IMsgStore *mdb;
    MAPIUID svc;

    mapi_start(0);
    profile_with_service(L"PreFlags", L"TESTPROV", &svc);
    s = session_logon(L"PreFlags", FLAGS);
    mdb = first_store(s);
    /* Nothing registered yet. */
    run_store(mdb);
    expect_flags("type", "hr=0x00000000 flags=0x00000000 preprocess=no");
    expect_flags("muid", "hr=0x00000000 flags=0x00000000 preprocess=no");

    run_transport(s, TP_EX_PREPROC);
    run_store(mdb);
    expect_flags("type", "hr=0x00000000 flags=0x00000001 preprocess=yes");
    expect_flags("typecase", "hr=0x00000000 flags=0x00000001 preprocess=yes");
    expect_flags("muid", "hr=0x00000000 flags=0x00000001 preprocess=yes");
    expect_flags("missing", "hr=0x00000000 flags=0x00000001 preprocess=yes");
    expect_flags("own", "hr=0x00000000 flags=0x00000001 preprocess=yes");
    expect_flags("none", "hr=0x00000000 flags=0x00000000 preprocess=no");
    expect_flags("nomsg", "hr=0x80070057");

    /* With a preprocessor for everyone, every message. */
    run_transport(s, TP_EX_PREPROC | TP_EX_PREPROC_ALL);
    run_store(mdb);
    expect_flags("none", "hr=0x00000000 flags=0x00000001 preprocess=yes");
    expect_flags("type", "hr=0x00000000 flags=0x00000001 preprocess=yes");
    IMsgStore_Release(mdb);
    session_logoff(s);
}
END_TEST

/* Preprocess runs the PreprocessMessage functions for the message's
 * recipients (what they change is saved); CompleteMsg the
 * RemovePreprocessInfo ones of a message marked PR_PREPROCESS.  A DLL that
 * cannot be loaded, or a registration without functions, calls nothing. */
START_TEST(preprocess_calls)
{
    IMAPISession *s;
    IMsgStore *mdb;
    MAPIUID svc;

    mapi_start(0);
    profile_with_service(L"PreCalls", L"TESTPROV", &svc);
    s = session_logon(L"PreCalls", FLAGS);
    mdb = first_store(s);
    run_transport(s, TP_EX_PREPROC);
    run_store(mdb);
    expect_call("MS", "later", "Preprocess", "type", "hr=0x00000000 calls=1 comment=yes");
    expect_call("MS", "later", "CompleteMsg", "type", "hr=0x00000000 calls=1 comment=no");
    expect_call("XP", "preprocessor", "PreprocessMessage", NULL,
                "hr=0x00000000 subject=Preprocess_Me session=yes ab=yes folder=yes");
    expect_call("XP", "preprocessor", "RemovePreprocessInfo", NULL, "hr=0x00000000 subject=Preprocess_Me");
    ck_assert_int_eq(called("PreprocessMessage", "subject=Preprocess_Me"), 1);
    ck_assert_int_eq(called("RemovePreprocessInfo", "subject=Preprocess_Me"), 1);
    expect_call("MS", "later", "Preprocess", "missing", "hr=0x00000000 calls=0 comment=no");
    expect_call("MS", "later", "CompleteMsg", "missing", "hr=0x00000000 calls=0");
    expect_call("MS", "later", "Preprocess", "none", "hr=0x00000000 calls=0 comment=no");
    expect_call("MS", "later", "CompleteMsg", "none", "hr=0x00000000 calls=0");
    /* Bad input. */
    /* An entry ID no store knows: MAPI_E_UNKNOWN_ENTRYID from opening it. */
    expect_call("MS", "later", "Preprocess", "bogus", "hr=0x80040201");
    expect_call("MS", "later", "Preprocess", "badflags", "hr=0x80040106");
    expect_call("MS", "later", "CompleteMsg", "null", "hr=0x80070057");

    /* With the preprocessor for everyone too: both, in order. */
    run_transport(s, TP_EX_PREPROC | TP_EX_PREPROC_ALL);
    run_store(mdb);
    expect_call("MS", "later", "Preprocess", "type", "hr=0x00000000 calls=2 comment=yes");
    expect_call("MS", "later", "CompleteMsg", "type", "hr=0x00000000 calls=2 comment=no");
    expect_call("MS", "later", "Preprocess", "none", "hr=0x00000000 calls=1 comment=yes");
    expect_call("MS", "later", "CompleteMsg", "none", "hr=0x00000000 calls=1 comment=no");
    IMsgStore_Release(mdb);
    session_logoff(s);
}
END_TEST

/* Registrations go with the transport's logon: a new session of the same
 * profile (same process) has none. */
START_TEST(gone_with_logon)
{
    IMAPISession *s;
    IMsgStore *mdb;
    MAPIUID svc;

    mapi_start(0);
    profile_with_service(L"PreGone", L"TESTPROV", &svc);
    s = session_logon(L"PreGone", FLAGS);
    run_transport(s, TP_EX_PREPROC | TP_EX_PREPROC_ALL);
    mdb = first_store(s);
    run_store(mdb);
    expect_flags("none", "hr=0x00000000 flags=0x00000001");
    IMsgStore_Release(mdb);
    session_logoff(s);

    s = session_logon(L"PreGone", FLAGS);
    mdb = first_store(s);
    run_store(mdb);
    expect_flags("type", "hr=0x00000000 flags=0x00000000 preprocess=no");
    expect_flags("none", "hr=0x00000000 flags=0x00000000 preprocess=no");
    expect_call("MS", "later", "Preprocess", "type", "hr=0x00000000 calls=0");
    IMsgStore_Release(mdb);
    session_logoff(s);
}
END_TEST

/* Transport order: the second transport registers at its logon; for a
 * recipient of the address type the first transport handles (TESTPROV),
 * its preprocessor is not called; for one nobody earlier handles, it is. */
START_TEST(transport_order)
{
    IMsgServiceAdmin2 *sa;
    IMAPISession *s;
    IMsgStore *mdb;
    MAPIUID svc[2], xp;

    mapi_start(0);
    profile_with_service(L"PreOrder", L"TESTPROV", &svc[0]);
    sa = services_of(L"PreOrder");
    svc[1] = add_service(sa, L"TESTPROV");
    IMsgServiceAdmin2_Release(sa);
    xp = provider_of(L"PreOrder", &svc[1], MAPI_TRANSPORT_PROVIDER);
    set_long(L"PreOrder", &xp, PR_TP_EXERCISE, TP_EX_PREPROC);
    s = session_logon(L"PreOrder", FLAGS);
    log_read();
    expect_call("XP", "logon", "RegisterPreprocessor", "own", "hr=0x00000000");
    expect_call("XP", "logon", "RegisterPreprocessor", "type", "hr=0x00000000");
    mdb = first_store(s);
    run_store(mdb);
    expect_flags("own", "hr=0x00000000 flags=0x00000000 preprocess=no");
    expect_flags("type", "hr=0x00000000 flags=0x00000001 preprocess=yes");
    expect_flags("muid", "hr=0x00000000 flags=0x00000001 preprocess=yes");
    IMsgStore_Release(mdb);
    session_logoff(s);
}
END_TEST

static Suite *preproc_suite(void)
{
    Suite *s = suite_create("preproc");
    TCase *tc = tcase_create("preproc");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, register_args);
    tcase_add_test(tc, expand_flags);
    tcase_add_test(tc, preprocess_calls);
    tcase_add_test(tc, gone_with_logon);
    tcase_add_test(tc, transport_order);
    suite_add_tcase(s, tc);
    return s;
}

HARNESS_MAIN(preproc_suite)
