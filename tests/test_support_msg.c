/*
 * IMAPISupport's message and folder methods as a store (and a transport)
 * sees them: CopyMessages, CopyFolder, DoSentMail, PrepareSubmit,
 * ExpandRecips, ReadReceipt, UpdatePAB, Preprocess, CompleteMsg and
 * StatusRecips.  The test provider's store has an in-memory folder tree
 * (IPM root, Inbox, Sent Items, Inbox/Projects); its exercise mode
 * (PR_TP_EXERCISE with TP_EX_MESSAGE, providers/testprov/README.md) makes
 * messages there, calls each method through its support object and logs
 * what came out; these tests read the log.
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
    log_setup(L"tpx");
}

static void teardown(void)
{
    mapi_stop();
    log_teardown();
    SetEnvironmentVariableW(L"TESTPROV_EXERCISE", NULL);
}

/* ---- the tests ---- */

/* The store's run at=later: SetProps(PR_TP_EXERCISE) on its IMsgStore. */
static void run_store(const WCHAR *profile, IMAPISession **s, IMsgStore **mdb)
{
    SPropValue pv;
    MAPIUID svc;

    mapi_start(0);
    profile_with_service(profile, L"TESTPROV", &svc);
    *s = session_logon(profile, FLAGS);
    *mdb = open_only_store(*s, NULL);
    log_clear();
    pv.ulPropTag = PR_TP_EXERCISE;
    pv.dwAlignPad = 0;
    pv.Value.l = TP_EX_MESSAGE;
    ck_assert_int_eq(IMsgStore_SetProps(*mdb, 1, &pv, NULL), S_OK);
    log_read();
    expect_call("MS", "later", "Begin", NULL, "mask=0x00000200");
    expect_call("MS", "later", "End", NULL, "mask=0x00000200");
}

static void finish(IMAPISession *s, IMsgStore *mdb)
{
    IMsgStore_Release(mdb);
    session_logoff(s);
}

START_TEST(copy_messages)
{
    IMAPISession *s;
    IMsgStore *mdb;

    run_store(L"CopyMsgs", &s, &mdb);
    /* Two of the Inbox's three messages copied to Inbox/Projects with their
     * recipients; the source keeps them; the progress object heard each
     * message (count/total, value scaled to its 0..1000). */
    expect_call("MS", "later", "CopyMessages", NULL,
                "hr=0x00000000 copied=2 source=3 subject=1 recips=2 progress=2,2/2,1000");
    /* MESSAGE_MOVE through the folder's CopyMessages: gone from the source. */
    expect_call("MS", "later", "CopyMessages", "move", "hr=0x00000000 source=2 dest=1");
    /* An unknown ID among them: the others are copied. */
    expect_call("MS", "later", "CopyMessages", "partial", "hr=0x00040680 copied=1");
    /* The progress object cancels: the copy stops after the first message. */
    expect_call("MS", "later", "CopyMessages", "cancel", "hr=0x80040113 copied=1");
    expect_call("MS", "later", "CopyMessages", "badflags", "hr=0x80040106");
    expect_call("MS", "later", "CopyMessages", "nolist", "hr=0x80070057");
    expect_call("MS", "later", "CopyMessages", "notfolder", "hr=0x80004002");
    finish(s, mdb);
}
END_TEST

START_TEST(copy_attachments)
{
    IMAPISession *s;
    IMsgStore *mdb;

    run_store(L"CopyAtts", &s, &mdb);
    /* A message with two recipients and two attachments (names, sizes and
     * bytes checked, the first also through an IStream) as saved. */
    expect_call("MS", "later", "Attach", "saved", "hr=0x00000000 atts=2 bytes=1");
    expect_call("MS", "later", "Attach", "bad", "hr=0x8004010f create=0x80070057 delete=0x80040106");
    /* Copied to Inbox/Projects, then moved on to Sent Items: the attachments
     * go along, the recipients are not doubled, the source keeps its own. */
    expect_call("MS", "later", "CopyMessages", "attach", "hr=0x00000000 atts=2 bytes=1 recips=2 source=2");
    expect_call("MS", "later", "CopyMessages", "attachmove", "hr=0x00000000 gone=1 atts=2 bytes=1 recips=2");
    /* CopyTo onto a message with two recipients, twice: they are replaced. */
    expect_call("MS", "later", "DoCopyTo", "replace", "hr=0x00000000 recips=2 atts=2 bytes=1 again=0x00000000,2");
    /* PR_MESSAGE_ATTACHMENTS excluded, or the only object property included. */
    expect_call("MS", "later", "DoCopyTo", "noattach", "hr=0x00000000 recips=2 atts=0");
    expect_call("MS", "later", "DoCopyProps", "attach", "hr=0x00000000 recips=0 atts=2 bytes=1");
    /* MAPI_MOVE: the source loses its recipients and attachments. */
    expect_call("MS", "later", "DoCopyTo", "move", "hr=0x00000000 recips=2 atts=2 bytes=1 srcrecips=0 srcatts=0");
    finish(s, mdb);
}
END_TEST

START_TEST(copy_embedded)
{
    IMAPISession *s;
    IMsgStore *mdb;

    run_store(L"CopyEmbed", &s, &mdb);
    /* E1: two recipients, a file and an embedded message, which has one
     * recipient, a file and an embedded message with a file.  "levels" is
     * how many levels read back exactly (subject, body, recipient count, the
     * attachment table with PR_ATTACH_METHOD, every byte of each file). */
    expect_call("MS", "later", "Embed", "saved", "hr=0x00000000 levels=3");
    /* The store: no embedded message on a plain file, none created there. */
    expect_call("MS", "later", "Embed", "bad", "hr=0x8004010f create=0x80070005");
    /* Every way of copying takes all three levels; the source stays whole. */
    expect_call("MS", "later", "CopyMessages", "embed", "hr=0x00000000 levels=3 source=3");
    expect_call("MS", "later", "CopyFolder", "embed", "hr=0x00000000 levels=3");
    expect_call("MS", "later", "DoCopyTo", "embed", "hr=0x00000000 levels=3");
    expect_call("MS", "later", "DoCopyProps", "embed", "hr=0x00000000 levels=3");
    /* MAPI_DIALOG: the progress object hears the end (value scaled to its 0..1000). */
    expect_call("MS", "later", "DoCopyTo", "progress", "hr=0x00000000 levels=3 calls=1 value=1000");
    expect_call("MS", "later", "DoCopyTo", "embedmove", "hr=0x00000000 levels=3 srcrecips=0 srcatts=0");
    /* An attachment alone takes its embedded message (levels 2 and 3). */
    expect_call("MS", "later", "DoCopyTo", "attachobj", "hr=0x00000000 levels=2");
    /* 100000-byte files, too big for the store's GetProps (it answers
     * MAPI_E_NOT_ENOUGH_MEMORY, as big stores do), at the top and in an
     * embedded message: copied through streams, every byte. */
    expect_call("MS", "later", "Embed", "big", "hr=0x00000000 bytes=1 nested=1");
    expect_call("MS", "later", "CopyMessages", "big", "hr=0x00000000 bytes=1 nested=1");
    expect_call("MS", "later", "DoCopyTo", "big", "hr=0x00000000 bytes=1 nested=1 subject=1");
    /* The destination refuses the embedded message: its error, nothing made. */
    expect_call("MS", "later", "DoCopyProps", "refused", "hr=0x80070005 open=0x8004010f");
    finish(s, mdb);
}
END_TEST

START_TEST(copy_onto_existing)
{
    IMAPISession *s;
    IMsgStore *mdb;

    run_store(L"CopyOnto", &s, &mdb);
    /* The recipient and attachment tables replace the destination's (twice
     * gives the same); a property only the destination has stays. */
    expect_call("MS", "later", "DoCopyTo", "existing", "hr=0x00000000 levels=3 kept=1 again=0x00000000,3");
    /* MAPI_NOREPLACE keeps what the destination has, brings what it lacks. */
    expect_call("MS", "later", "DoCopyTo", "noreplace", "hr=0x00000000 subject=1 body=1 recips=1 atts=2 bytes=1");
    expect_call("MS", "later", "DoCopyTo", "noreplaceempty", "hr=0x00000000 levels=3 subject=1");
    /* IID_IMessage in rgiidExclude: the message's attachments stay behind. */
    expect_call("MS", "later", "DoCopyTo", "iidexclude", "hr=0x00000000 recips=2 atts=0");
    /* Bad input: the documented errors, no crash. */
    expect_call("MS", "later", "DoCopyTo", "same", "hr=0x80070005");
    expect_call("MS", "later", "DoCopyTo", "nosrciid", "hr=0x80070057");
    expect_call("MS", "later", "DoCopyTo", "emptyexclude", "hr=0x80070057");
    expect_call("MS", "later", "DoCopyTo", "badflags", "hr=0x80040106");
    expect_call("MS", "later", "DoCopyTo", "nodest", "hr=0x80070057");
    expect_call("MS", "later", "DoCopyTo", "wrongiface", "hr=0x80004002");
    expect_call("MS", "later", "DoCopyTo", "garbage", "hr=0x80070057");
    /* A destination that is not a message gets the properties only. */
    expect_call("MS", "later", "DoCopyTo", "notmessage", "hr=0x00000000 subject=1");
    expect_call("MS", "later", "DoCopyProps", "prnull", "hr=0x80070057");
    finish(s, mdb);
}
END_TEST

START_TEST(copy_folder)
{
    IMAPISession *s;
    IMsgStore *mdb;

    run_store(L"CopyFolder", &s, &mdb);
    /* Inbox/Projects (two messages, subfolder Deep with one) copied under
     * the root with COPY_SUBFOLDERS: everything arrives, the source stays;
     * the progress object counts the messages, then each subfolder. */
    expect_call("MS", "later", "CopyFolder", NULL,
                "hr=0x00000000 found=1 messages=2 subfolders=1 deep=1 source=2 progress=2,3/3");
    /* Without COPY_SUBFOLDERS, an 8-bit name. */
    expect_call("MS", "later", "CopyFolder", "flat", "hr=0x00000000 found=1 messages=2 subfolders=0");
    expect_call("MS", "later", "CopyFolder", "collision", "hr=0x80040604");
    /* FOLDER_MOVE: the folder leaves the root with its messages. */
    expect_call("MS", "later", "CopyFolder", "move", "hr=0x00000000 gone=1 there=1 messages=2");
    expect_call("MS", "later", "CopyFolder", "badflags", "hr=0x80040106");
    expect_call("MS", "later", "CopyFolder", "noentry", "hr=0x80070057");
    finish(s, mdb);
}
END_TEST

START_TEST(sent_mail)
{
    IMAPISession *s;
    IMsgStore *mdb;

    run_store(L"SentMail", &s, &mdb);
    /* PR_SENTMAIL_ENTRYID: moved there; PR_DELETE_AFTER_SUBMIT: deleted;
     * neither: left where it is. */
    expect_call("MS", "later", "DoSentMail", NULL, "hr=0x00000000 left=1 arrived=1 subject=1");
    expect_call("MS", "later", "DoSentMail", "delete", "hr=0x00000000 left=1 arrived=0");
    expect_call("MS", "later", "DoSentMail", "stay", "hr=0x00000000 left=0");
    expect_call("MS", "later", "DoSentMail", "badflags", "hr=0x80040106");
    expect_call("MS", "later", "DoSentMail", "null", "hr=0x80070057");
    finish(s, mdb);
}
END_TEST

START_TEST(submit)
{
    IMAPISession *s;
    IMsgStore *mdb;

    run_store(L"Submit", &s, &mdb);
    /* MSGFLAG_RESEND: the recipient already sent to (MAPI_TO|MAPI_SUBMITTED)
     * loses MAPI_SUBMITTED and responsibility; the other becomes MAPI_P1 and
     * gets it.  Without MSGFLAG_RESEND nothing changes. */
    expect_call("MS", "later", "PrepareSubmit", NULL,
                "hr=0x00000000 flags=0x00000000 recips=0x00000001/0,0x10000002/1");
    expect_call("MS", "later", "PrepareSubmit", "noresend", "hr=0x00000000 recips=0x80000001/-1,0x00000002/-1");
    expect_call("MS", "later", "PrepareSubmit", "badflags", "hr=0x80040106");
    expect_call("MS", "later", "PrepareSubmit", "null", "hr=0x80070057");
    expect_call("MS", "later", "ExpandRecips", NULL, "hr=0x00000000 flags=0x00000000 recips=2");
    expect_call("MS", "later", "ExpandRecips", "null", "hr=0x80070057");
    expect_call("MS", "later", "UpdatePAB", NULL, "hr=0x00000000");
    expect_call("MS", "later", "UpdatePAB", "null", "hr=0x80070057");
    expect_call("MS", "later", "Preprocess", NULL, "hr=0x00000000");
    expect_call("MS", "later", "Preprocess", "null", "hr=0x80070057");
    expect_call("MS", "later", "CompleteMsg", NULL, "hr=0x00000000");
    expect_call("MS", "later", "CompleteMsg", "badflags", "hr=0x80040106");
    finish(s, mdb);
}
END_TEST

START_TEST(read_receipt)
{
    IMAPISession *s;
    IMsgStore *mdb;

    run_store(L"Receipt", &s, &mdb);
    /* The report: its class, "Read: " / "Not read: " + the subject, the
     * original subject, the sender as its recipient. */
    expect_call("MS", "later", "ReadReceipt", NULL,
                "hr=0x00000000 class=REPORT.IPM.Note.IPNRN subject=1 original=1 recips=1");
    expect_call("MS", "later", "ReadReceipt", "nonread",
                "hr=0x00000000 class=REPORT.IPM.Note.IPNNRN subject=1 original=1 recips=1");
    expect_call("MS", "later", "ReadReceipt", "badflags", "hr=0x80040106");
    expect_call("MS", "later", "ReadReceipt", "null", "hr=0x80070057");
    finish(s, mdb);
}
END_TEST

/* The store's folders as a client sees them: the receive folder, the IPM
 * subtree, and a folder's tables. */
START_TEST(store_folders)
{
    static const SizedSPropTagArray(2, tags) = {2, {PR_IPM_SUBTREE_ENTRYID, PR_IPM_SENTMAIL_ENTRYID}};
    IMAPISession *s;
    IMsgStore *mdb;
    IMAPIFolder *root, *inbox;
    IMAPITable *t;
    SPropValue *v;
    ENTRYID *eid;
    ULONG cb, n, type, rows;
    MAPIUID svc;

    mapi_start(0);
    profile_with_service(L"Folders", L"TESTPROV", &svc);
    s = session_logon(L"Folders", FLAGS);
    mdb = open_only_store(s, NULL);
    ck_assert_int_eq(IMsgStore_GetProps(mdb, (SPropTagArray *)&tags, 0, &n, &v), S_OK);
    ck_assert_uint_eq(v[0].ulPropTag, PR_IPM_SUBTREE_ENTRYID);
    ck_assert_uint_eq(v[1].ulPropTag, PR_IPM_SENTMAIL_ENTRYID);
    /* Through the session: routed to the store by the UID in the ID. */
    ck_assert_int_eq(IMAPISession_OpenEntry(s, v[0].Value.bin.cb, (ENTRYID *)v[0].Value.bin.lpb, NULL, 0, &type,
                                            (IUnknown **)&root), S_OK);
    ck_assert_uint_eq(type, MAPI_FOLDER);
    MAPIFreeBuffer(v);
    ck_assert_int_eq(IMAPIFolder_GetHierarchyTable(root, 0, &t), S_OK);
    ck_assert_int_eq(IMAPITable_GetRowCount(t, 0, &rows), S_OK);
    ck_assert_uint_eq(rows, 2);                 /* Inbox, Sent Items */
    IMAPITable_Release(t);
    ck_assert_int_eq(IMsgStore_GetReceiveFolder(mdb, (LPTSTR)L"IPM.Note", MAPI_UNICODE, &cb, &eid, NULL), S_OK);
    ck_assert_int_eq(IMsgStore_OpenEntry(mdb, cb, eid, NULL, 0, &type, (IUnknown **)&inbox), S_OK);
    MAPIFreeBuffer(eid);
    ck_assert_uint_eq(type, MAPI_FOLDER);
    ck_assert_int_eq(IMAPIFolder_GetContentsTable(inbox, 0, &t), S_OK);
    ck_assert_int_eq(IMAPITable_GetRowCount(t, 0, &rows), S_OK);
    ck_assert_uint_eq(rows, 0);
    IMAPITable_Release(t);
    IMAPIFolder_Release(inbox);
    IMAPIFolder_Release(root);
    finish(s, mdb);
}
END_TEST

/* The transport: StatusRecips checks its arguments (the transport has no
 * message of its own to report on); the other kinds still lack it. */
START_TEST(status_recips)
{
    IMAPISession *s;
    MAPIUID svc;

    SetEnvironmentVariableW(L"TESTPROV_XP_EXERCISE", L"0x200");
    mapi_start(0);
    profile_with_service(L"Status", L"TESTPROV", &svc);
    log_clear();
    s = session_logon(L"Status", FLAGS);
    log_read();
    expect_call("XP", "logon", "StatusRecips", "null", "hr=0x80070057");
    session_logoff(s);
    SetEnvironmentVariableW(L"TESTPROV_XP_EXERCISE", NULL);
}
END_TEST

static Suite *support_msg_suite(void)
{
    Suite *s = suite_create("support_msg");
    TCase *tc = tcase_create("support_msg");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, copy_messages);
    tcase_add_test(tc, copy_attachments);
    tcase_add_test(tc, copy_embedded);
    tcase_add_test(tc, copy_onto_existing);
    tcase_add_test(tc, copy_folder);
    tcase_add_test(tc, sent_mail);
    tcase_add_test(tc, submit);
    tcase_add_test(tc, read_receipt);
    tcase_add_test(tc, store_folders);
    tcase_add_test(tc, status_recips);
    suite_add_tcase(s, tc);
    return s;
}

HARNESS_MAIN(support_msg_suite)
