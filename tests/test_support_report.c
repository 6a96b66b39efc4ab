/*
 * IMAPISupport::StatusRecips (delivery and nondelivery reports) and
 * IMAPISupport::ExpandRecips (personal distribution lists) through a real
 * profile with the test provider.  Its exercise mode (PR_TP_EXERCISE with
 * TP_EX_REPORT, providers/testprov/README.md) makes the transport report on
 * messages and the store expand one; these tests read its log, and find
 * the reports where the local user gets them: the receive folder of the
 * session's default store.
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
    log_setup(L"tpr");
}

static void teardown(void)
{
    mapi_stop();
    log_teardown();
}

/* ---- helpers ---- */

/* PR_TP_EXERCISE set on the transport's status object: its run at=later. */
static void run_transport(IMAPISession *s)
{
    IUnknown *unk = NULL;
    IMAPIProp *status = NULL;
    SRowSet *rows = status_rows(s);
    SRow *r = row_of_type(rows, MAPI_TRANSPORT_PROVIDER, 0);
    SPropValue *e, pv;
    ULONG type;

    ck_assert_ptr_nonnull(r);
    e = col(r, PR_ENTRYID);
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(IMAPISession_OpenEntry(s, e->Value.bin.cb, (ENTRYID *)e->Value.bin.lpb, NULL, 0, &type, &unk),
                     S_OK);
    FreeProws(rows);
    ck_assert_int_eq(IUnknown_QueryInterface(unk, &IID_IMAPIProp, (void **)&status), S_OK);
    log_clear();
    pv.ulPropTag = PR_TP_EXERCISE;
    pv.dwAlignPad = 0;
    pv.Value.l = TP_EX_REPORT;
    ck_assert_int_eq(IMAPIProp_SetProps(status, 1, &pv, NULL), S_OK);
    log_read();
    IMAPIProp_Release(status);
    IUnknown_Release(unk);
}

/* The receive folder of the default store for a report class. */
static IMAPIFolder *receive_folder(IMsgStore *mdb, const WCHAR *cls)
{
    IMAPIFolder *f = NULL;
    ENTRYID *eid;
    ULONG cb, type;

    ck_assert_int_eq(IMsgStore_GetReceiveFolder(mdb, (LPTSTR)cls, MAPI_UNICODE, &cb, &eid, NULL), S_OK);
    ck_assert_int_eq(IMsgStore_OpenEntry(mdb, cb, eid, NULL, 0, &type, (IUnknown **)&f), S_OK);
    ck_assert_uint_eq(type, MAPI_FOLDER);
    MAPIFreeBuffer(eid);
    return f;
}

/* The messages of a folder with this subject: how many, and the first. */
static int find_messages(IMAPIFolder *f, const WCHAR *subject, IMessage **first)
{
    static const SizedSPropTagArray(1, tags) = {1, {PR_SUBJECT_W}};
    IMAPITable *t;
    SRowSet *rows;
    int found = 0;
    ULONG i, type;

    if (first) *first = NULL;
    ck_assert_int_eq(IMAPIFolder_GetContentsTable(f, MAPI_UNICODE, &t), S_OK);
    rows = take_rows(t);
    for (i = 0; i < rows->cRows; i++) {
        SPropValue *e = col(&rows->aRow[i], PR_ENTRYID), *v = NULL;
        IMessage *m = NULL;
        ULONG n;

        ck_assert_ptr_nonnull(e);
        ck_assert_int_eq(IMAPIFolder_OpenEntry(f, e->Value.bin.cb, (ENTRYID *)e->Value.bin.lpb, NULL, 0, &type,
                                               (IUnknown **)&m), S_OK);
        ck_assert_int_eq(IMessage_GetProps(m, (SPropTagArray *)&tags, MAPI_UNICODE, &n, &v) & ~MAPI_W_ERRORS_RETURNED,
                         S_OK);
        if (v[0].ulPropTag == PR_SUBJECT_W && !lstrcmpW(v[0].Value.lpszW, subject) && !found++ && first) {
            *first = m;
            m = NULL;
        }
        MAPIFreeBuffer(v);
        if (m) IMessage_Release(m);
    }
    FreeProws(rows);
    return found;
}

static SPropValue *one_prop(IMAPIProp *obj, ULONG tag)
{
    SizedSPropTagArray(1, tags) = {1, {tag}};
    SPropValue *v = NULL;
    ULONG n;

    IMAPIProp_GetProps(obj, (SPropTagArray *)&tags, MAPI_UNICODE, &n, &v);
    ck_assert_ptr_nonnull(v);
    if (v->ulPropTag == tag) return v;
    MAPIFreeBuffer(v);
    return NULL;
}

static void expect_string(IMessage *m, ULONG tag, const WCHAR *want)
{
    SPropValue *v = one_prop((IMAPIProp *)m, tag);

    ck_assert_msg(v != NULL, "property 0x%08lx missing", (unsigned long)tag);
    ck_assert_msg(!lstrcmpW(v->Value.lpszW, want), "property 0x%08lx differs", (unsigned long)tag);
    MAPIFreeBuffer(v);
}

static void expect_present(IMessage *m, ULONG tag)
{
    SPropValue *v = one_prop((IMAPIProp *)m, tag);

    ck_assert_msg(v != NULL, "property 0x%08lx missing", (unsigned long)tag);
    MAPIFreeBuffer(v);
}

static SRowSet *recipients(IMessage *m)
{
    IMAPITable *t;

    ck_assert_int_eq(IMessage_GetRecipientTable(m, MAPI_UNICODE, &t), S_OK);
    return take_rows(t);
}

static void expect_recipient(SRow *r, const WCHAR *name, LONG type)
{
    SPropValue *v = col(r, PR_DISPLAY_NAME_W);

    ck_assert_ptr_nonnull(v);
    ck_assert_msg(!lstrcmpW(v->Value.lpszW, name), "recipient %ls", v->Value.lpszW);
    ck_assert_ptr_nonnull(col(r, PR_RECIPIENT_TYPE));
    ck_assert_int_eq(col(r, PR_RECIPIENT_TYPE)->Value.l, type);
}

/* The report of this subject: there once, of this class, from the
 * message's PR_ORIGINAL_*, with these recipients; its recipient rows go to
 * rows (FreeProws). */
static SRowSet *expect_report(IMAPIFolder *f, const WCHAR *subject, const WCHAR *cls, const WCHAR *original,
                              ULONG nrecips)
{
    static const BYTE tag[] = {'T', 'A', 'G', '1'};
    IMessage *m;
    SPropValue *v;
    SRowSet *rows;

    ck_assert_int_eq(find_messages(f, subject, &m), 1);
    expect_string(m, PR_MESSAGE_CLASS_W, cls);
    expect_string(m, PR_ORIGINAL_SUBJECT_W, original);
    expect_string(m, PR_ORIGINAL_SENDER_NAME_W, L"Report Sender");
    expect_string(m, PR_ORIGINAL_DISPLAY_TO_W, L"Delivered Person; Failed Person");
    expect_present(m, PR_ORIGINAL_SUBMIT_TIME);
    expect_present(m, PR_REPORT_TIME);
    expect_present(m, PR_REPORT_TEXT_W);
    v = one_prop((IMAPIProp *)m, PR_REPORT_TAG);
    ck_assert_ptr_nonnull(v);
    ck_assert_uint_eq(v->Value.bin.cb, sizeof(tag));
    ck_assert(!memcmp(v->Value.bin.lpb, tag, sizeof(tag)));
    MAPIFreeBuffer(v);
    rows = recipients(m);
    ck_assert_uint_eq(rows->cRows, nrecips);
    IMessage_Release(m);
    return rows;
}

/* How many attachments the report of this subject has; with one, it is
 * the original message, embedded, with its subject and recipients. */
static ULONG attached_original(IMAPIFolder *f, const WCHAR *subject, const WCHAR *original, ULONG nrecips)
{
    IMessage *m, *emb = NULL;
    IMAPITable *t;
    IAttach *att = NULL;
    SRowSet *rows;
    ULONG n;

    ck_assert_int_eq(find_messages(f, subject, &m), 1);
    ck_assert_int_eq(IMessage_GetAttachmentTable(m, 0, &t), S_OK);
    rows = take_rows(t);
    n = rows->cRows;
    if (n == 1) {
        ck_assert_ptr_nonnull(col(&rows->aRow[0], PR_ATTACH_NUM));
        ck_assert_int_eq(IMessage_OpenAttach(m, col(&rows->aRow[0], PR_ATTACH_NUM)->Value.l, NULL, 0, &att), S_OK);
        ck_assert_int_eq(IAttach_OpenProperty(att, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, 0, (IUnknown **)&emb), S_OK);
        expect_string(emb, PR_SUBJECT_W, original);
        FreeProws(rows);
        rows = recipients(emb);
        ck_assert_uint_eq(rows->cRows, nrecips);
        IMessage_Release(emb);
        IAttach_Release(att);
    }
    FreeProws(rows);
    IMessage_Release(m);
    return n;
}

/* ---- StatusRecips ---- */

START_TEST(status_recips)
{
    IMAPISession *s;
    IMsgStore *mdb;
    IMAPIFolder *f;
    SRowSet *rows;
    MAPIUID svc;

    mapi_start(0);
    profile_with_service(L"Reports", L"TESTPROV", &svc);
    s = session_logon(L"Reports", FLAGS);
    run_transport(s);
    expect_call("XP", "later", "StatusRecips", "mixed", "hr=0x00000000");
    expect_call("XP", "later", "StatusRecips", "nodr", "hr=0x00000000");
    expect_call("XP", "later", "StatusRecips", "nondr", "hr=0x00000000");
    /* A recipient the transport says nothing about: no report for it. */
    expect_call("XP", "later", "StatusRecips", "nostatus", "hr=0x00040380");
    expect_call("XP", "later", "StatusRecips", "empty", "hr=0x00000000");
    expect_call("XP", "later", "StatusRecips", "null", "hr=0x80070057");
    expect_call("XP", "later", "StatusRecips", "nomsg", "hr=0x80070057");
    expect_call("XP", "later", "StatusRecips", "nolist", "hr=0x80070057");
    expect_call("XP", "later", "StatusRecips", "badentry", "hr=0x80070057");
    expect_call("XP", "later", "StatusRecips", "garbage", "hr=0x80070057");

    /* Where the local user gets reports: the default store's receive folder. */
    mdb = open_only_store(s, NULL);
    f = receive_folder(mdb, L"REPORT.IPM.Note.NDR");

    /* DR requested: a DR for the delivered one, an NDR for the other two,
     * each failed row with what the transport said about it. */
    rows = expect_report(f, L"Delivered: Report One", L"REPORT.IPM.Note.DR", L"Report One", 1);
    expect_recipient(&rows->aRow[0], L"Delivered Person", MAPI_TO);
    ck_assert_ptr_nonnull(col(&rows->aRow[0], PR_DELIVER_TIME));
    FreeProws(rows);
    rows = expect_report(f, L"Undeliverable: Report One", L"REPORT.IPM.Note.NDR", L"Report One", 2);
    expect_recipient(&rows->aRow[0], L"Failed Person", MAPI_TO);
    expect_recipient(&rows->aRow[1], L"Failed Too", MAPI_CC);
    ck_assert_ptr_nonnull(col(&rows->aRow[0], PR_REPORT_TIME));
    ck_assert_ptr_nonnull(col(&rows->aRow[0], PR_NDR_REASON_CODE));
    ck_assert_int_eq(col(&rows->aRow[0], PR_NDR_REASON_CODE)->Value.l, MAPI_REASON_TRANSFER_FAILED);
    ck_assert_ptr_nonnull(col(&rows->aRow[0], PR_NDR_DIAG_CODE));
    ck_assert_int_eq(col(&rows->aRow[0], PR_NDR_DIAG_CODE)->Value.l, MAPI_DIAG_MAIL_RECIPIENT_UNKNOWN);
    ck_assert_ptr_nonnull(col(&rows->aRow[0], PR_SUPPLEMENTARY_INFO_W));
    ck_assert(!lstrcmpW(col(&rows->aRow[0], PR_SUPPLEMENTARY_INFO_W)->Value.lpszW, L"no such mailbox"));
    FreeProws(rows);
    /* The NDR carries the message as sent, to send again; the DR does not. */
    ck_assert_uint_eq(attached_original(f, L"Undeliverable: Report One", L"Report One", 3), 1);
    ck_assert_uint_eq(attached_original(f, L"Delivered: Report One", NULL, 0), 0);

    /* No DR asked for: the NDR only. */
    ck_assert_int_eq(find_messages(f, L"Delivered: Report Two", NULL), 0);
    rows = expect_report(f, L"Undeliverable: Report Two", L"REPORT.IPM.Note.NDR", L"Report Two", 1);
    expect_recipient(&rows->aRow[0], L"Failed Person", MAPI_CC);
    FreeProws(rows);

    /* PR_ORIGINATOR_NON_DELIVERY_REPORT_REQUESTED FALSE: the DR only. */
    ck_assert_int_eq(find_messages(f, L"Undeliverable: Report Three", NULL), 0);
    rows = expect_report(f, L"Delivered: Report Three", L"REPORT.IPM.Note.DR", L"Report Three", 1);
    expect_recipient(&rows->aRow[0], L"Delivered Person", MAPI_TO);
    FreeProws(rows);

    /* The recipient without a status is in no report. */
    ck_assert_int_eq(find_messages(f, L"Delivered: Report Four", NULL), 0);
    rows = expect_report(f, L"Undeliverable: Report Four", L"REPORT.IPM.Note.NDR", L"Report Four", 1);
    expect_recipient(&rows->aRow[0], L"Failed Person", MAPI_TO);
    FreeProws(rows);

    /* No recipients, or bad input: no report. */
    ck_assert_int_eq(find_messages(f, L"Delivered: Report Five", NULL), 0);
    ck_assert_int_eq(find_messages(f, L"Undeliverable: Report Five", NULL), 0);
    ck_assert_int_eq(find_messages(f, L"Delivered: Report Bad", NULL), 0);
    ck_assert_int_eq(find_messages(f, L"Undeliverable: Report Bad", NULL), 0);
    IMAPIFolder_Release(f);
    IMsgStore_Release(mdb);
    session_logoff(s);
}
END_TEST

/* The default store cannot be opened (its logon fails): StatusRecips
 * fails, keeps the list, and GetLastError says why. */
START_TEST(status_recips_no_store)
{
    IMAPISession *s;
    MAPIUID svc, ms;

    mapi_start(0);
    profile_with_service(L"NoStore", L"TESTPROV", &svc);
    ms = provider_of(L"NoStore", &svc, MAPI_STORE_PROVIDER);
    set_long(L"NoStore", &ms, PR_TP_LOGON_RESULT, MAPI_E_LOGON_FAILED);
    s = session_logon(L"NoStore", FLAGS);
    run_transport(s);
    expect_call("XP", "later", "StatusRecips", "mixed", "hr=0x80040111");
    expect_call("XP", "later", "StatusRecips", "lasterror", "hr=0x00000000 store=1");
    /* Nothing to report on needs no store. */
    expect_call("XP", "later", "StatusRecips", "empty", "hr=0x00000000");
    expect_call("XP", "later", "StatusRecips", "nostatus", "hr=0x80040111");
    session_logoff(s);
}
END_TEST

/* ---- ExpandRecips ---- */

START_TEST(expand_recips)
{
    IMAPISession *s;
    IMsgStore *mdb;
    SPropValue pv;
    MAPIUID svc;

    mapi_start(0);
    profile_with_service(L"Expand", L"TESTPROV", &svc);
    s = session_logon(L"Expand", FLAGS);
    mdb = open_only_store(s, NULL);
    log_clear();
    pv.ulPropTag = PR_TP_EXERCISE;
    pv.dwAlignPad = 0;
    pv.Value.l = TP_EX_REPORT;
    ck_assert_int_eq(IMsgStore_SetProps(mdb, 1, &pv, NULL), S_OK);
    log_read();
    /* "Test List" (TO) becomes Test User A, then "Test Sublist"'s Test User
     * B (its Test User A again and "Test List" again add nothing), then the
     * list's one-off; the unknown list stays; the one-off whose display name
     * was changed gets its own back; the bare SMTP address gets an entry ID;
     * Test User B (BCC) was there already and goes. */
    expect_call("MS", "later", "ExpandRecips", "lists",
                "hr=0x00000000 flags=0x00000000 recips=Test_User_A/1/e,Test_User_B/1/e,List_Outsider/1/e,"
                "Lost_List/1/e,Outside_Person/2/e,Plain_Person/2/e");
    /* Nothing left to do: the same. */
    expect_call("MS", "later", "ExpandRecips", "again",
                "hr=0x00000000 flags=0x00000000 recips=Test_User_A/1/e,Test_User_B/1/e,List_Outsider/1/e,"
                "Lost_List/1/e,Outside_Person/2/e,Plain_Person/2/e");
    expect_call("MS", "later", "ExpandRecips", "nomsg", "hr=0x80070057");
    expect_call("MS", "later", "ExpandRecips", "garbage", "hr=0x80070057");
    IMsgStore_Release(mdb);
    session_logoff(s);
}
END_TEST

/* The test AB's lists as a client sees them: "Test List" opened by entry
 * ID through the session's address book is an IDistList whose contents
 * table holds entry 0, "Test Sublist" and the one-off. */
START_TEST(distlist_open)
{
    IMAPISession *s;
    IAddrBook *ab;
    IDistList *dl = NULL;
    IMAPITable *t;
    ADRLIST *list;
    SRowSet *rows;
    SPropValue *e;
    BYTE eid[28];
    ULONG type, index = 0, kind = 3;
    MAPIUID svc;

    mapi_start(0);
    profile_with_service(L"Lists", L"TESTPROV", &svc);
    s = session_logon(L"Lists", FLAGS);
    ck_assert_int_eq(IMAPISession_OpenAddressBook(s, 0, NULL, 0, &ab), S_OK);
    ck_assert_int_eq(MAPIAllocateBuffer(CbNewADRLIST(1), (void **)&list), S_OK);
    list->cEntries = 1;
    list->aEntries[0].ulReserved1 = 0;
    list->aEntries[0].cValues = 1;
    ck_assert_int_eq(MAPIAllocateBuffer(sizeof(SPropValue), (void **)&list->aEntries[0].rgPropVals), S_OK);
    list->aEntries[0].rgPropVals[0].ulPropTag = PR_DISPLAY_NAME_W;
    list->aEntries[0].rgPropVals[0].Value.lpszW = (WCHAR *)L"Test User A";
    ck_assert_int_eq(IAddrBook_ResolveName(ab, 0, MAPI_UNICODE, NULL, list), S_OK);
    e = PpropFindProp(list->aEntries[0].rgPropVals, list->aEntries[0].cValues, PR_ENTRYID);
    ck_assert_ptr_nonnull(e);
    ck_assert_uint_eq(e->Value.bin.cb, sizeof(eid));
    /* The list's ID: the entry's, type 3 (README.md), index 0. */
    memcpy(eid, e->Value.bin.lpb, sizeof(eid));
    memcpy(eid + 20, &kind, sizeof(kind));
    memcpy(eid + 24, &index, sizeof(index));
    FreePadrlist(list);
    ck_assert_int_eq(IAddrBook_OpenEntry(ab, sizeof(eid), (ENTRYID *)eid, &IID_IDistList, 0, &type,
                                         (IUnknown **)&dl), S_OK);
    ck_assert_uint_eq(type, MAPI_DISTLIST);
    ck_assert_int_eq(IDistList_GetContentsTable(dl, MAPI_UNICODE, &t), S_OK);
    rows = take_rows(t);
    ck_assert_uint_eq(rows->cRows, 3);
    ck_assert(!lstrcmpW(col(&rows->aRow[0], PR_DISPLAY_NAME_W)->Value.lpszW, L"Test User A"));
    ck_assert(!lstrcmpW(col(&rows->aRow[1], PR_DISPLAY_NAME_W)->Value.lpszW, L"Test Sublist"));
    ck_assert(!lstrcmpW(col(&rows->aRow[1], PR_ADDRTYPE_W)->Value.lpszW, L"MAPIPDL"));
    ck_assert_int_eq(col(&rows->aRow[1], PR_DISPLAY_TYPE)->Value.l, DT_PRIVATE_DISTLIST);
    ck_assert(!lstrcmpW(col(&rows->aRow[2], PR_DISPLAY_NAME_W)->Value.lpszW, L"List Outsider"));
    ck_assert(!lstrcmpW(col(&rows->aRow[2], PR_EMAIL_ADDRESS_W)->Value.lpszW, L"list.outsider@example.com"));
    FreeProws(rows);
    IDistList_Release(dl);
    /* An index past the lists is no entry. */
    index = 2;
    memcpy(eid + 24, &index, sizeof(index));
    dl = NULL;
    ck_assert_int_ne(IAddrBook_OpenEntry(ab, sizeof(eid), (ENTRYID *)eid, NULL, 0, &type, (IUnknown **)&dl), S_OK);
    ck_assert_ptr_null(dl);
    IAddrBook_Release(ab);
    session_logoff(s);
}
END_TEST

static Suite *support_report_suite(void)
{
    Suite *s = suite_create("support_report");
    TCase *tc = tcase_create("support_report");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, status_recips);
    tcase_add_test(tc, status_recips_no_store);
    tcase_add_test(tc, expand_recips);
    tcase_add_test(tc, distlist_open);
    suite_add_tcase(s, tc);
    return s;
}

HARNESS_MAIN(support_report_suite)
