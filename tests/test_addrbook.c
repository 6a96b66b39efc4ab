/*
 * The integrated address book (mapi32/addrbook.c) through the public API,
 * over two address book providers of the test provider (a TESTPROV service
 * and a TESTPROV_SINGLE one, each with its own entries, PR_TP_AB_ENTRIES;
 * addrbook_helpers.c): opening it, name resolution along the search path
 * (unique, ambiguous, unresolved, one-off addresses), OpenEntry and
 * CompareEntryIDs routed to the provider that owns the entry ID, one-off
 * entry IDs byte for byte, PrepareRecips, the UI methods, bad input. The
 * search path, PAB, default directory and root container are in
 * test_addrbook_path.c.
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
#include "addrbook_helpers.h"

#include <initguid.h>
#include <mapiguid.h>

/* ---- tests ---- */

START_TEST(open_address_book)
{
    SizedSPropTagArray(1, tags) = {1, {PR_OBJECT_TYPE}};
    IMAPISession *s;
    IAddrBook *book, *book2;
    IUnknown *unk;
    IMAPIProp *prop;
    SPropValue *v, pv;
    SPropProblemArray *problems = NULL;
    ULONG n;
    void *p;

    make_profile();
    s = session_logon(PROFILE, FLAGS);
    ck_assert_int_eq(log_count_of("AB", NULL, "Logon", NULL), 0);
    book = (IAddrBook *)0xdead;
    ck_assert_int_eq(IMAPISession_OpenAddressBook(s, 0, NULL, 0x100, &book), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IMAPISession_OpenAddressBook(s, 0, &IID_IMAPITable, 0, &book), MAPI_E_INTERFACE_NOT_SUPPORTED);
    ck_assert_ptr_null(book);
    ck_assert_int_eq(IMAPISession_OpenAddressBook(s, 0, NULL, 0, NULL), MAPI_E_INVALID_PARAMETER);
    book = open_book(s);
    /* Both address books were logged on, in profile order. */
    ck_assert_int_eq(log_count_of("AB", "AB1", "Logon", "hr=0x00000000"), 1);
    ck_assert_int_eq(log_count_of("AB", "AB2", "Logon", "hr=0x00000000"), 1);
    ck_assert_int_eq(IMAPISession_OpenAddressBook(s, 0, &IID_IAddrBook, AB_NO_DIALOG | MAPI_UNICODE, &book2), S_OK);
    ck_assert_ptr_ne(book, book2);
    IAddrBook_Release(book2);

    /* COM identity. */
    ck_assert_int_eq(IAddrBook_QueryInterface(book, &IID_IUnknown, (void **)&unk), S_OK);
    ck_assert_ptr_eq((void *)unk, (void *)book);
    ck_assert_int_eq(IAddrBook_QueryInterface(book, &IID_IMAPIProp, (void **)&prop), S_OK);
    ck_assert_ptr_eq((void *)prop, (void *)book);
    IUnknown_Release(unk);
    IMAPIProp_Release(prop);
    p = (void *)0xdead;
    ck_assert_int_eq(IAddrBook_QueryInterface(book, &IID_IMAPITable, &p), E_NOINTERFACE);
    ck_assert_ptr_null(p);

    /* Its own properties: an address book, not writable. */
    ck_assert_int_eq(IAddrBook_GetProps(book, (SPropTagArray *)&tags, 0, &n, &v), S_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(v[0].ulPropTag, PR_OBJECT_TYPE);
    ck_assert_int_eq(v[0].Value.l, MAPI_ADDRBOOK);
    MAPIFreeBuffer(v);
    pv.ulPropTag = PR_DISPLAY_NAME_W;
    pv.dwAlignPad = 0;
    pv.Value.lpszW = (WCHAR *)L"x";
    ck_assert_int_eq(IAddrBook_SetProps(book, 1, &pv, &problems), MAPI_E_NO_ACCESS);
    MAPIFreeBuffer(problems);
    ck_assert_int_eq(IAddrBook_SaveChanges(book, 0), S_OK);

    IAddrBook_Release(book);
    session_logoff(s);
}
END_TEST

START_TEST(open_entry_routing)
{
    SizedSPropTagArray(1, name_tag) = {1, {PR_DISPLAY_NAME_W}};
    IMAPISession *s;
    IAddrBook *book;
    IMAPIProp *prop;
    IUnknown *unk;
    SPropValue *v;
    BYTE a1[28], a1b[28], a2[28], bogus[28];
    ULONG type, n, result;
    int i;

    make_profile();
    s = session_logon(PROFILE, FLAGS);
    book = open_book(s);

    /* Each entry opens at its own provider (the UID in bytes 4..19). */
    for (i = 0; i < 2; i++) {
        BYTE eid[28];
        tp_eid(eid, i, 2, 0);
        log_clear();
        ck_assert_int_eq(IAddrBook_OpenEntry(book, sizeof(eid), (ENTRYID *)eid, NULL, 0, &type, &unk), S_OK);
        ck_assert_uint_eq(type, MAPI_MAILUSER);
        /* (One provider object serves both logons, so the log cannot name
         * the instance: what came back says which one answered.) */
        ck_assert_int_eq(log_count_of("AB", NULL, "OpenEntry", "type=user index=0 hr=0x00000000"), 1);
        ck_assert_int_eq(log_count_of("AB", NULL, "OpenEntry", NULL), 1);
        ck_assert_int_eq(IUnknown_QueryInterface(unk, &IID_IMailUser, (void **)&prop), S_OK);
        ck_assert_int_eq(IMAPIProp_GetProps(prop, (SPropTagArray *)&name_tag, MAPI_UNICODE, &n, &v), S_OK);
        ck_assert(!lstrcmpW(v->Value.lpszW, i ? ab2_entries[0] : ab1_entries[0]));
        MAPIFreeBuffer(v);
        IMAPIProp_Release(prop);
        IUnknown_Release(unk);
    }
    /* The directories are containers. */
    tp_eid(a1, 0, 1, 0);
    ck_assert_int_eq(IAddrBook_OpenEntry(book, sizeof(a1), (ENTRYID *)a1, &IID_IABContainer, MAPI_BEST_ACCESS, &type,
                                         &unk), S_OK);
    ck_assert_uint_eq(type, MAPI_ABCONT);
    IUnknown_Release(unk);

    /* Nobody's UID; too short; a store's entry ID is not the address book's. */
    tp_eid(bogus, 0, 2, 0);
    bogus[9] ^= 0x5a;
    ck_assert_int_eq(IAddrBook_OpenEntry(book, sizeof(bogus), (ENTRYID *)bogus, NULL, 0, &type, &unk),
                     MAPI_E_UNKNOWN_ENTRYID);
    ck_assert_ptr_null(unk);
    ck_assert_int_eq(IAddrBook_OpenEntry(book, 3, (ENTRYID *)"abc", NULL, 0, &type, &unk), MAPI_E_INVALID_ENTRYID);
    {
        IMAPITable *t;
        SRowSet *rows;
        IMsgStore *mdb;
        SPropValue *e;
        ck_assert_int_eq(IMAPISession_GetMsgStoresTable(s, 0, &t), S_OK);
        ck_assert_int_eq(HrQueryAllRows(t, NULL, NULL, NULL, 0, &rows), S_OK);
        e = PpropFindProp(rows->aRow[0].lpProps, rows->aRow[0].cValues, PR_ENTRYID);
        ck_assert_int_eq(IMAPISession_OpenMsgStore(s, 0, e->Value.bin.cb, (ENTRYID *)e->Value.bin.lpb, NULL, 0, &mdb),
                         S_OK);
        ck_assert_int_eq(IAddrBook_OpenEntry(book, e->Value.bin.cb, (ENTRYID *)e->Value.bin.lpb, NULL, 0, &type, &unk),
                         MAPI_E_UNKNOWN_ENTRYID);
        ck_assert_int_eq(HrGetOneProp((IMAPIProp *)mdb, PR_ENTRYID, &v), S_OK);
        ck_assert_int_eq(IAddrBook_OpenEntry(book, v->Value.bin.cb, (ENTRYID *)v->Value.bin.lpb, NULL, 0, &type, &unk),
                         MAPI_E_UNKNOWN_ENTRYID);
        ck_assert_ptr_null(unk);
        MAPIFreeBuffer(v);
        IMsgStore_Release(mdb);
        FreeProws(rows);
        IMAPITable_Release(t);
    }
    /* Bad input. */
    ck_assert_int_eq(IAddrBook_OpenEntry(book, 4, NULL, NULL, 0, &type, &unk), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IAddrBook_OpenEntry(book, sizeof(a1), (ENTRYID *)a1, NULL, 0, NULL, &unk), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IAddrBook_OpenEntry(book, sizeof(a1), (ENTRYID *)a1, NULL, 0, &type, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IAddrBook_OpenEntry(book, sizeof(a1), (ENTRYID *)a1, NULL, 0x40000000, &type, &unk),
                     MAPI_E_UNKNOWN_FLAGS);

    /* CompareEntryIDs goes to the provider of both. */
    tp_eid(a1, 0, 2, 0);
    tp_eid(a1b, 0, 2, 1);
    tp_eid(a2, 1, 2, 0);
    ck_assert_int_eq(IAddrBook_CompareEntryIDs(book, 28, (ENTRYID *)a1, 28, (ENTRYID *)a1, 0, &result), S_OK);
    ck_assert_uint_eq(result, TRUE);
    ck_assert_int_eq(IAddrBook_CompareEntryIDs(book, 28, (ENTRYID *)a1, 28, (ENTRYID *)a1b, 0, &result), S_OK);
    ck_assert_uint_eq(result, FALSE);
    ck_assert_int_eq(IAddrBook_CompareEntryIDs(book, 28, (ENTRYID *)a1, 28, (ENTRYID *)a2, 0, &result), S_OK);
    ck_assert_uint_eq(result, FALSE);
    ck_assert_int_eq(IAddrBook_CompareEntryIDs(book, 28, (ENTRYID *)bogus, 28, (ENTRYID *)bogus, 0, &result),
                     MAPI_E_UNKNOWN_ENTRYID);
    ck_assert_int_eq(IAddrBook_CompareEntryIDs(book, 28, (ENTRYID *)a1, 28, (ENTRYID *)a1, 1, &result),
                     MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IAddrBook_CompareEntryIDs(book, 0, NULL, 28, (ENTRYID *)a1, 0, &result), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IAddrBook_CompareEntryIDs(book, 28, (ENTRYID *)a1, 28, (ENTRYID *)a1, 0, NULL),
                     MAPI_E_INVALID_PARAMETER);

    /* Advise goes to the provider's IABLogon::Advise (the test AB has no
     * notifications: MAPI_E_NO_SUPPORT); nobody's entry: MAPI_E_UNKNOWN_ENTRYID. */
    {
        struct sink sk;
        ULONG_PTR conn = 1;
        sink_init(&sk);
        ck_assert_int_eq(IAddrBook_Advise(book, 28, (ENTRYID *)a2, fnevObjectModified, &sk.IMAPIAdviseSink_iface,
                                          &conn), MAPI_E_NO_SUPPORT);
        ck_assert(conn == 0);
        ck_assert_int_eq(IAddrBook_Advise(book, 28, (ENTRYID *)bogus, fnevObjectModified, &sk.IMAPIAdviseSink_iface,
                                          &conn), MAPI_E_UNKNOWN_ENTRYID);
        ck_assert_int_eq(IAddrBook_Advise(book, 28, (ENTRYID *)a2, fnevObjectModified, NULL, &conn),
                         MAPI_E_INVALID_PARAMETER);
        ck_assert_int_eq(IAddrBook_Advise(book, 0, NULL, fnevObjectModified, &sk.IMAPIAdviseSink_iface, &conn),
                         MAPI_E_INVALID_PARAMETER);
        ck_assert_int_eq(IAddrBook_Advise(book, 0, NULL, 0, &sk.IMAPIAdviseSink_iface, &conn),
                         MAPI_E_INVALID_PARAMETER);
        /* One-offs never change. */
        {
            ENTRYID *oo;
            ULONG cboo;
            ck_assert_int_eq(IAddrBook_CreateOneOff(book, NULL, (LPTSTR) "SMTP", (LPTSTR) "a@b.c", 0, &cboo, &oo), S_OK);
            ck_assert_int_eq(IAddrBook_Advise(book, cboo, oo, fnevObjectModified, &sk.IMAPIAdviseSink_iface, &conn),
                             MAPI_E_NO_SUPPORT);
            MAPIFreeBuffer(oo);
        }
        /* Nobody kept the sink. */
        ck_assert_int_eq(sk.ref, 1);
        ck_assert_int_eq(IAddrBook_Unadvise(book, 0), MAPI_E_INVALID_PARAMETER);
        ck_assert_int_eq(IAddrBook_Unadvise(book, 12345), MAPI_E_NOT_FOUND);
    }

    IAddrBook_Release(book);
    session_logoff(s);
}
END_TEST

/* The bytes Windows makes (one-off-entry-identifiers.md). */
static ULONG expect_one_off(BYTE *out, const WCHAR *name, const WCHAR *type, const WCHAR *addr, BOOL wide, WORD flags)
{
    const WCHAR *str[3] = {name, type, addr};
    ULONG n = 0, i;

    memset(out, 0, 4);
    memcpy(out + 4, one_off_uid, 16);
    out[20] = out[21] = 0;
    out[22] = flags & 0xff;
    out[23] = flags >> 8;
    n = 24;
    for (i = 0; i < 3; i++) {
        if (wide) {
            ULONG len = (lstrlenW(str[i]) + 1) * 2;
            memcpy(out + n, str[i], len);
            n += len;
        } else n += WideCharToMultiByte(CP_ACP, 0, str[i], -1, (char *)out + n, 256, NULL, NULL);
    }
    return n;
}

static void check_one_off_user(IAddrBook *book, ULONG cb, ENTRYID *eid, const WCHAR *name, const WCHAR *type,
                               const WCHAR *addr, const char *key, BOOL rich)
{
    SizedSPropTagArray(8, tags) = {8, {PR_DISPLAY_NAME_W, PR_ADDRTYPE_W, PR_EMAIL_ADDRESS_W, PR_ENTRYID,
                                       PR_SEARCH_KEY, PR_SEND_RICH_INFO, PR_OBJECT_TYPE, PR_DISPLAY_TYPE}};
    IMAPIProp *user;
    IUnknown *unk;
    SPropValue *v, pv;
    ULONG type_out, n;

    ck_assert_int_eq(IAddrBook_OpenEntry(book, cb, eid, NULL, 0, &type_out, &unk), S_OK);
    ck_assert_uint_eq(type_out, MAPI_MAILUSER);
    ck_assert_int_eq(IUnknown_QueryInterface(unk, &IID_IMailUser, (void **)&user), S_OK);
    IUnknown_Release(unk);
    ck_assert_int_eq(IMAPIProp_GetProps(user, (SPropTagArray *)&tags, MAPI_UNICODE, &n, &v), S_OK);
    ck_assert_uint_eq(n, 8);
    ck_assert(!lstrcmpW(v[0].Value.lpszW, name));
    ck_assert(!lstrcmpW(v[1].Value.lpszW, type));
    ck_assert(!lstrcmpW(v[2].Value.lpszW, addr));
    ck_assert_uint_eq(v[3].Value.bin.cb, cb);
    ck_assert(!memcmp(v[3].Value.bin.lpb, eid, cb));
    ck_assert_uint_eq(v[4].Value.bin.cb, strlen(key) + 1);
    ck_assert(!memcmp(v[4].Value.bin.lpb, key, strlen(key) + 1));
    ck_assert_int_eq(v[5].Value.b, rich);
    ck_assert_int_eq(v[6].Value.l, MAPI_MAILUSER);
    ck_assert_int_eq(v[7].Value.l, DT_MAILUSER);
    MAPIFreeBuffer(v);
    /* Read-only. */
    pv.ulPropTag = PR_DISPLAY_NAME_W;
    pv.dwAlignPad = 0;
    pv.Value.lpszW = (WCHAR *)L"x";
    ck_assert_int_eq(IMAPIProp_SetProps(user, 1, &pv, NULL), MAPI_E_NO_ACCESS);
    IMAPIProp_Release(user);
}

START_TEST(create_one_off)
{
    IMAPISession *s;
    IAddrBook *book;
    ENTRYID *eid, *eid2;
    BYTE expect[512];
    ULONG cb, cb2, n, result, type;
    IUnknown *unk;

    make_profile();
    s = session_logon(PROFILE, FLAGS);
    book = open_book(s);

    /* Unicode: flags word 0x8000. */
    ck_assert_int_eq(IAddrBook_CreateOneOff(book, (LPTSTR)L"Ann Smith", (LPTSTR)L"SMTP", (LPTSTR)L"ann@example.com",
                                            MAPI_UNICODE, &cb, &eid), S_OK);
    n = expect_one_off(expect, L"Ann Smith", L"SMTP", L"ann@example.com", TRUE, 0x8000);
    ck_assert_uint_eq(cb, n);
    ck_assert_uint_eq(cb, 24 + 20 + 10 + 32);
    ck_assert(!memcmp(eid, expect, n));
    ck_assert_uint_eq(((BYTE *)eid)[22], 0x00);
    ck_assert_uint_eq(((BYTE *)eid)[23], 0x80);
    check_one_off_user(book, cb, eid, L"Ann Smith", L"SMTP", L"ann@example.com", "SMTP:ANN@EXAMPLE.COM", FALSE);

    /* 8-bit with MAPI_SEND_NO_RICH_INFO: flags word 0x0001. */
    ck_assert_int_eq(IAddrBook_CreateOneOff(book, (LPTSTR) "Fax Guy", (LPTSTR) "FAX", (LPTSTR) "+1 555 0100",
                                            MAPI_SEND_NO_RICH_INFO, &cb2, &eid2), S_OK);
    n = expect_one_off(expect, L"Fax Guy", L"FAX", L"+1 555 0100", FALSE, 0x0001);
    ck_assert_uint_eq(cb2, n);
    ck_assert_uint_eq(cb2, 24 + 8 + 4 + 12);
    ck_assert(!memcmp(eid2, expect, n));
    check_one_off_user(book, cb2, eid2, L"Fax Guy", L"FAX", L"+1 555 0100", "FAX:+1 555 0100", FALSE);
    /* Two one-offs are the same recipient when type and address match. */
    ck_assert_int_eq(IAddrBook_CompareEntryIDs(book, cb, eid, cb2, eid2, 0, &result), S_OK);
    ck_assert_uint_eq(result, FALSE);
    MAPIFreeBuffer(eid2);
    ck_assert_int_eq(IAddrBook_CreateOneOff(book, (LPTSTR) "Other Name", (LPTSTR) "smtp", (LPTSTR) "ANN@example.com",
                                            0, &cb2, &eid2), S_OK);
    ck_assert_uint_eq(((BYTE *)eid2)[22], 0);
    ck_assert_uint_eq(((BYTE *)eid2)[23], 0);
    ck_assert_int_eq(IAddrBook_CompareEntryIDs(book, cb, eid, cb2, eid2, 0, &result), S_OK);
    ck_assert_uint_eq(result, TRUE);
    MAPIFreeBuffer(eid2);
    /* Unicode with no rich info: 0x8001; other types get rich text unless told. */
    ck_assert_int_eq(IAddrBook_CreateOneOff(book, (LPTSTR)L"X", (LPTSTR)L"FAX", (LPTSTR)L"1",
                                            MAPI_UNICODE | MAPI_SEND_NO_RICH_INFO, &cb2, &eid2), S_OK);
    ck_assert_uint_eq(((BYTE *)eid2)[22], 0x01);
    ck_assert_uint_eq(((BYTE *)eid2)[23], 0x80);
    MAPIFreeBuffer(eid2);
    ck_assert_int_eq(IAddrBook_CreateOneOff(book, (LPTSTR)L"X", (LPTSTR)L"FAX", (LPTSTR)L"1", MAPI_UNICODE, &cb2,
                                            &eid2), S_OK);
    check_one_off_user(book, cb2, eid2, L"X", L"FAX", L"1", "FAX:1", TRUE);
    MAPIFreeBuffer(eid2);
    /* A NULL name is an empty one. */
    ck_assert_int_eq(IAddrBook_CreateOneOff(book, NULL, (LPTSTR)L"SMTP", (LPTSTR)L"a@b.c", MAPI_UNICODE, &cb2, &eid2),
                     S_OK);
    n = expect_one_off(expect, L"", L"SMTP", L"a@b.c", TRUE, 0x8000);
    ck_assert_uint_eq(cb2, n);
    ck_assert(!memcmp(eid2, expect, n));
    MAPIFreeBuffer(eid2);

    /* Malformed one-offs: truncated, wrong version. */
    ck_assert_int_eq(IAddrBook_OpenEntry(book, cb - 3, eid, NULL, 0, &type, &unk), MAPI_E_INVALID_ENTRYID);
    memcpy(expect, eid, cb);
    expect[20] = 1;
    ck_assert_int_eq(IAddrBook_OpenEntry(book, cb, (ENTRYID *)expect, NULL, 0, &type, &unk), MAPI_E_INVALID_ENTRYID);
    ck_assert_int_eq(IAddrBook_OpenEntry(book, cb, eid, &IID_IABContainer, 0, &type, &unk),
                     MAPI_E_INTERFACE_NOT_SUPPORTED);

    /* Bad input. */
    ck_assert_int_eq(IAddrBook_CreateOneOff(book, (LPTSTR)L"A", NULL, (LPTSTR)L"a", MAPI_UNICODE, &cb2, &eid2),
                     MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IAddrBook_CreateOneOff(book, (LPTSTR)L"A", (LPTSTR)L"SMTP", NULL, MAPI_UNICODE, &cb2, &eid2),
                     MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IAddrBook_CreateOneOff(book, (LPTSTR)L"A", (LPTSTR)L"SMTP", (LPTSTR)L"a", MAPI_UNICODE, NULL,
                                            &eid2), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IAddrBook_CreateOneOff(book, (LPTSTR)L"A", (LPTSTR)L"SMTP", (LPTSTR)L"a", MAPI_UNICODE, &cb2,
                                            NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IAddrBook_CreateOneOff(book, (LPTSTR)L"A", (LPTSTR)L"SMTP", (LPTSTR)L"a", MAPI_UNICODE | 1, &cb2,
                                            &eid2), MAPI_E_UNKNOWN_FLAGS);

    MAPIFreeBuffer(eid);
    IAddrBook_Release(book);
    session_logoff(s);
}
END_TEST

START_TEST(resolve_name)
{
    static const WCHAR *mixed[] = {L"Alice Archer", L"Bob", L"Nobody Here", L"carol"};
    IMAPISession *s;
    IAddrBook *book;
    ADRLIST *list;
    SPropValue *v;

    make_profile();
    s = session_logon(PROFILE, FLAGS);
    book = open_book(s);
    log_clear();

    /* Exact in AB1 (AB2's "Alice Zed" is never asked: AB1 comes first). */
    ck_assert_int_eq(resolve_one(book, L"Alice Archer", 0, &list), S_OK);
    ck_assert_int_eq(eid_ab(entry_prop(list, 0, PR_ENTRYID)), 0);
    ck_assert(!lstrcmpW(entry_prop(list, 0, PR_EMAIL_ADDRESS_W)->Value.lpszW, L"alice.archer@testprov.invalid"));
    ck_assert(!lstrcmpW(entry_prop(list, 0, PR_ADDRTYPE_W)->Value.lpszW, L"TESTPROV"));
    /* What the recipient had stays. */
    ck_assert_int_eq(entry_prop(list, 0, PR_RECIPIENT_TYPE)->Value.l, MAPI_TO);
    FreePadrlist(list);
    /* Only AB1's directory was asked: not AB2, not the providers' roots. */
    ck_assert_int_eq(log_count_of("AB", NULL, "ResolveNames", "resolved=1"), 1);
    ck_assert_int_eq(log_count_of("AB", NULL, "ResolveNames", NULL), 1);
    ck_assert_int_eq(log_count_of("AB", NULL, "ResolveNames", "container=root"), 0);

    /* Only in AB2: the walk goes on to the next provider's directory. */
    log_clear();
    ck_assert_int_eq(resolved_by(book, L"Carol", L"Carol Clark"), 1);
    ck_assert_int_eq(log_count_of("AB", NULL, "ResolveNames", "resolved=0"), 1);
    ck_assert_int_eq(log_count_of("AB", NULL, "ResolveNames", "resolved=1"), 1);
    /* A unique prefix; the first container in the path wins a name both have. */
    ck_assert_int_eq(resolved_by(book, L"alice", L"Alice Archer"), 0);
    ck_assert_int_eq(resolved_by(book, L"Zed Same", L"Zed Same"), 0);

    /* Ambiguous: the row is left as it was. */
    ck_assert_int_eq(resolve_one(book, L"Bob", 0, &list), MAPI_E_AMBIGUOUS_RECIP);
    ck_assert_ptr_null(entry_prop(list, 0, PR_ENTRYID));
    ck_assert_uint_eq(list->aEntries[0].cValues, 2);
    ck_assert(!lstrcmpW(entry_prop(list, 0, PR_DISPLAY_NAME_W)->Value.lpszW, L"Bob"));
    FreePadrlist(list);
    /* Unresolved. */
    ck_assert_int_eq(resolve_one(book, L"Nobody Here", 0, NULL), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(resolve_one(book, L"Nobody Here", MAPI_DIALOG, NULL), MAPI_E_NOT_FOUND);

    /* A list: those that resolve are resolved whatever the others do. */
    list = adrlist(mixed, 4, TRUE);
    ck_assert_int_eq(IAddrBook_ResolveName(book, 0, MAPI_UNICODE, NULL, list), MAPI_E_AMBIGUOUS_RECIP);
    ck_assert_int_eq(eid_ab(entry_prop(list, 0, PR_ENTRYID)), 0);
    ck_assert_ptr_null(entry_prop(list, 1, PR_ENTRYID));
    ck_assert_ptr_null(entry_prop(list, 2, PR_ENTRYID));
    ck_assert_int_eq(eid_ab(entry_prop(list, 3, PR_ENTRYID)), 1);
    /* Again: the resolved ones are not touched, the rest fail the same way. */
    log_clear();
    ck_assert_int_eq(IAddrBook_ResolveName(book, 0, MAPI_UNICODE, NULL, list), MAPI_E_AMBIGUOUS_RECIP);
    ck_assert_int_eq(log_count_of("AB", NULL, "ResolveNames", "entries=4 resolved=0 ambiguous=1"), 1);
    FreePadrlist(list);
    {
        static const WCHAR *two[] = {L"Alice Archer", L"Nobody Here"};
        list = adrlist(two, 2, TRUE);
        ck_assert_int_eq(IAddrBook_ResolveName(book, 0, MAPI_UNICODE, NULL, list), MAPI_E_NOT_FOUND);
        ck_assert_int_eq(eid_ab(entry_prop(list, 0, PR_ENTRYID)), 0);
        ck_assert_ptr_null(entry_prop(list, 1, PR_ENTRYID));
        FreePadrlist(list);
    }

    /* 8-bit strings in and out without MAPI_UNICODE. */
    {
        const WCHAR *name = L"Carol";
        list = adrlist(&name, 1, FALSE);
        ck_assert_int_eq(IAddrBook_ResolveName(book, 0, 0, NULL, list), S_OK);
        v = entry_prop(list, 0, PR_DISPLAY_NAME_A);
        ck_assert_ptr_nonnull(v);
        ck_assert_str_eq(v->Value.lpszA, "Carol Clark");
        ck_assert_ptr_nonnull(entry_prop(list, 0, PR_EMAIL_ADDRESS_A));
        FreePadrlist(list);
    }

    /* One-off addresses resolve without any container. */
    log_clear();
    ck_assert_int_eq(resolve_one(book, L"ann@example.com", 0, &list), S_OK);
    v = entry_prop(list, 0, PR_ENTRYID);
    ck_assert_ptr_nonnull(v);
    ck_assert(!memcmp(v->Value.bin.lpb + 4, one_off_uid, 16));
    ck_assert(!lstrcmpW(entry_prop(list, 0, PR_ADDRTYPE_W)->Value.lpszW, L"SMTP"));
    ck_assert(!lstrcmpW(entry_prop(list, 0, PR_EMAIL_ADDRESS_W)->Value.lpszW, L"ann@example.com"));
    ck_assert_int_eq(entry_prop(list, 0, PR_SEND_RICH_INFO)->Value.b, FALSE);
    ck_assert_int_eq(entry_prop(list, 0, PR_RECIPIENT_TYPE)->Value.l, MAPI_TO);
    ck_assert_int_eq(log_count_of("AB", NULL, "ResolveNames", NULL), 0);
    FreePadrlist(list);
    ck_assert_int_eq(resolve_one(book, L"Ann Smith [FAX:+1 555\\x20\\\\0100]", 0, &list), S_OK);
    ck_assert(!lstrcmpW(entry_prop(list, 0, PR_DISPLAY_NAME_W)->Value.lpszW, L"Ann Smith"));
    ck_assert(!lstrcmpW(entry_prop(list, 0, PR_ADDRTYPE_W)->Value.lpszW, L"FAX"));
    ck_assert(!lstrcmpW(entry_prop(list, 0, PR_EMAIL_ADDRESS_W)->Value.lpszW, L"+1 555 \\0100"));
    ck_assert_int_eq(entry_prop(list, 0, PR_SEND_RICH_INFO)->Value.b, TRUE);
    /* That entry ID opens as a one-off. */
    {
        IUnknown *unk;
        ULONG type;
        v = entry_prop(list, 0, PR_ENTRYID);
        ck_assert_int_eq(IAddrBook_OpenEntry(book, v->Value.bin.cb, (ENTRYID *)v->Value.bin.lpb, NULL, 0, &type, &unk),
                         S_OK);
        ck_assert_uint_eq(type, MAPI_MAILUSER);
        IUnknown_Release(unk);
    }
    FreePadrlist(list);
    ck_assert_int_eq(resolve_one(book, L"not@an address", 0, NULL), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(resolve_one(book, L"a@b", 0, NULL), MAPI_E_NOT_FOUND);

    /* Bad input. */
    ck_assert_int_eq(IAddrBook_ResolveName(book, 0, MAPI_UNICODE, NULL, NULL), MAPI_E_INVALID_PARAMETER);
    list = adrlist(mixed, 1, TRUE);
    ck_assert_int_eq(IAddrBook_ResolveName(book, 0, MAPI_UNICODE | 0x10000000, NULL, list), MAPI_E_UNKNOWN_FLAGS);
    v = list->aEntries[0].rgPropVals;
    list->aEntries[0].rgPropVals = NULL;
    ck_assert_int_eq(IAddrBook_ResolveName(book, 0, MAPI_UNICODE, NULL, list), MAPI_E_INVALID_PARAMETER);
    list->aEntries[0].rgPropVals = v;
    FreePadrlist(list);
    /* A recipient with no name cannot be resolved; an empty list is fine. */
    list = adrlist(mixed, 1, TRUE);
    list->aEntries[0].rgPropVals[0].ulPropTag = PR_COMMENT_W;
    ck_assert_int_eq(IAddrBook_ResolveName(book, 0, MAPI_UNICODE, NULL, list), MAPI_E_NOT_FOUND);
    list->cEntries = 0;
    ck_assert_int_eq(IAddrBook_ResolveName(book, 0, MAPI_UNICODE, NULL, list), S_OK);
    list->cEntries = 1;
    FreePadrlist(list);

    IAddrBook_Release(book);
    session_logoff(s);
}
END_TEST

START_TEST(prepare_recips)
{
    SizedSPropTagArray(3, tags) = {3, {PR_EMAIL_ADDRESS_W, PR_DISPLAY_NAME_W, PR_COMPANY_NAME_W}};
    static const WCHAR *names[] = {L"a", L"b", L"c", L"Unresolved Name"};
    IMAPISession *s;
    IAddrBook *book;
    ADRLIST *list;
    BYTE eid[3][28];
    ENTRYID *oo;
    ULONG cboo, i;
    SPropValue *v;

    make_profile();
    s = session_logon(PROFILE, FLAGS);
    book = open_book(s);
    tp_eid(eid[0], 0, 2, 1);     /* AB1: Bob Baker */
    tp_eid(eid[1], 1, 2, 0);     /* AB2: Carol Clark */
    ck_assert_int_eq(IAddrBook_CreateOneOff(book, (LPTSTR)L"Ann", (LPTSTR)L"SMTP", (LPTSTR)L"ann@example.com",
                                            MAPI_UNICODE, &cboo, &oo), S_OK);
    /* Resolved recipients: only an entry ID and a recipient type. */
    list = adrlist(names, 4, TRUE);
    for (i = 0; i < 3; i++) {
        v = list->aEntries[i].rgPropVals;
        v[0].ulPropTag = PR_ENTRYID;
        v[0].Value.bin.cb = i == 2 ? cboo : 28;
        v[0].Value.bin.lpb = (BYTE *)(v + 2);
        memcpy(v[0].Value.bin.lpb, i == 2 ? (BYTE *)oo : eid[i], v[0].Value.bin.cb);
    }
    log_clear();
    ck_assert_int_eq(IAddrBook_PrepareRecips(book, MAPI_UNICODE, (SPropTagArray *)&tags, list), S_OK);
    /* Each provider got its own recipient. */
    ck_assert_int_eq(log_count_of("AB", NULL, "PrepareRecips", "prepared=1 hr=0x00000000"), 2);
    ck_assert_int_eq(log_count_of("AB", NULL, "PrepareRecips", NULL), 2);
    /* The properties asked for come first, in that order. */
    for (i = 0; i < 3; i++) {
        v = list->aEntries[i].rgPropVals;
        ck_assert_uint_ge(list->aEntries[i].cValues, 3);
        ck_assert_uint_eq(v[0].ulPropTag, PR_EMAIL_ADDRESS_W);
        ck_assert_uint_eq(v[1].ulPropTag, PR_DISPLAY_NAME_W);
        ck_assert_uint_eq(v[2].ulPropTag, PROP_TAG(PT_ERROR, PROP_ID(PR_COMPANY_NAME_W)));
        ck_assert_int_eq(v[2].Value.err, MAPI_E_NOT_FOUND);
    }
    ck_assert(!lstrcmpW(list->aEntries[0].rgPropVals[1].Value.lpszW, L"Bob Baker"));
    ck_assert(!lstrcmpW(list->aEntries[1].rgPropVals[1].Value.lpszW, L"Carol Clark"));
    ck_assert(!lstrcmpW(list->aEntries[2].rgPropVals[0].Value.lpszW, L"ann@example.com"));
    ck_assert(!lstrcmpW(list->aEntries[2].rgPropVals[1].Value.lpszW, L"Ann"));
    /* MAPI keeps the one-off's other properties after them. */
    ck_assert_int_eq(entry_prop(list, 2, PR_RECIPIENT_TYPE)->Value.l, MAPI_TO);
    ck_assert_ptr_nonnull(entry_prop(list, 2, PR_ENTRYID));
    /* The unresolved one is left alone. */
    ck_assert_uint_eq(list->aEntries[3].cValues, 2);
    ck_assert(!lstrcmpW(entry_prop(list, 3, PR_DISPLAY_NAME_W)->Value.lpszW, L"Unresolved Name"));

    /* No tags: nothing to add; bad input. */
    ck_assert_int_eq(IAddrBook_PrepareRecips(book, 0, NULL, list), S_OK);
    ck_assert_int_eq(IAddrBook_PrepareRecips(book, 0, NULL, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IAddrBook_PrepareRecips(book, 0x8000, NULL, list), MAPI_E_UNKNOWN_FLAGS);

    FreePadrlist(list);
    MAPIFreeBuffer(oo);
    IAddrBook_Release(book);
    session_logoff(s);
}
END_TEST

START_TEST(ui_methods)
{
    IMAPISession *s;
    IAddrBook *book;
    ADRPARM parm;
    ADRLIST *list = NULL;
    ADRENTRY entry;
    ULONG_PTR ui = 0;
    BYTE eid[28];
    ULONG cb, n;
    ENTRYID *out;
    SPropValue *opts;
    MAPIERROR *err;

    make_profile();
    s = session_logon(PROFILE, FLAGS);
    book = open_book(s);
    tp_eid(eid, 0, 2, 0);
    memset(&parm, 0, sizeof(parm));
    memset(&entry, 0, sizeof(entry));

    ck_assert_int_eq(IAddrBook_Address(book, &ui, &parm, &list), MAPI_E_NO_SUPPORT);
    ck_assert_int_eq(IAddrBook_GetLastError(book, MAPI_E_NO_SUPPORT, MAPI_UNICODE, &err), S_OK);
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(err->lpszError);
    MAPIFreeBuffer(err);
    ck_assert_int_eq(IAddrBook_Address(book, NULL, &parm, &list), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IAddrBook_Address(book, &ui, NULL, &list), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IAddrBook_Details(book, &ui, NULL, NULL, sizeof(eid), (ENTRYID *)eid, NULL, NULL, NULL,
                                       DIALOG_MODAL), MAPI_E_NO_SUPPORT);
    ck_assert_int_eq(IAddrBook_Details(book, &ui, NULL, NULL, sizeof(eid), (ENTRYID *)eid, NULL, NULL, NULL,
                                       DIALOG_MODAL | DIALOG_SDI), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IAddrBook_Details(book, &ui, NULL, NULL, 0, NULL, NULL, NULL, NULL, 0), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IAddrBook_Details(book, &ui, NULL, NULL, sizeof(eid), (ENTRYID *)eid, NULL, NULL, NULL,
                                       0x1000), MAPI_E_UNKNOWN_FLAGS);
    cb = 5;
    out = (ENTRYID *)0xdead;
    ck_assert_int_eq(IAddrBook_NewEntry(book, 0, 0, 0, NULL, 0, NULL, &cb, &out), MAPI_E_NO_SUPPORT);
    ck_assert_uint_eq(cb, 0);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(IAddrBook_NewEntry(book, 0, 0, 4, NULL, 0, NULL, &cb, &out), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IAddrBook_NewEntry(book, 0, 0x1000, 0, NULL, 0, NULL, &cb, &out), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IAddrBook_RecipOptions(book, 0, 0, &entry), MAPI_E_NO_SUPPORT);
    ck_assert_int_eq(IAddrBook_RecipOptions(book, 0, 0, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IAddrBook_QueryDefaultRecipOpt(book, (LPTSTR) "SMTP", 0, &n, &opts), MAPI_E_NO_SUPPORT);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(opts);
    ck_assert_int_eq(IAddrBook_QueryDefaultRecipOpt(book, NULL, 0, &n, &opts), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IAddrBook_QueryDefaultRecipOpt(book, (LPTSTR) "SMTP", 0x10, &n, &opts), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IAddrBook_GetLastError(book, S_OK, 0x10, &err), MAPI_E_UNKNOWN_FLAGS);

    IAddrBook_Release(book);
    session_logoff(s);
}
END_TEST

START_TEST(after_logoff)
{
    IMAPISession *s;
    IAddrBook *book;
    IABContainer *root;
    IMAPITable *table;
    IUnknown *unk;
    ADRLIST *list;
    SRowSet *rows;
    ULONG type, cb;
    ENTRYID *eid;
    const WCHAR *name = L"Alice";

    make_profile();
    s = session_logon(PROFILE, FLAGS);
    book = open_book(s);
    ck_assert_int_eq(IAddrBook_OpenEntry(book, 0, NULL, NULL, 0, &type, &unk), S_OK);
    root = (IABContainer *)unk;
    ck_assert_int_eq(IMAPISession_Logoff(s, 0, 0, 0), S_OK);
    /* Only Release may follow. */
    list = adrlist(&name, 1, TRUE);
    ck_assert_int_eq(IAddrBook_ResolveName(book, 0, MAPI_UNICODE, NULL, list), MAPI_E_END_OF_SESSION);
    FreePadrlist(list);
    ck_assert_int_eq(IAddrBook_OpenEntry(book, 0, NULL, NULL, 0, &type, &unk), MAPI_E_END_OF_SESSION);
    ck_assert_int_eq(IAddrBook_GetSearchPath(book, 0, &rows), MAPI_E_END_OF_SESSION);
    ck_assert_int_eq(IAddrBook_CreateOneOff(book, NULL, (LPTSTR) "SMTP", (LPTSTR) "a@b.c", 0, &cb, &eid),
                     MAPI_E_END_OF_SESSION);
    ck_assert_int_eq(IABContainer_GetHierarchyTable(root, 0, &table), MAPI_E_END_OF_SESSION);
    IABContainer_Release(root);
    /* The session goes first, the address book after. */
    IMAPISession_Release(s);
    IAddrBook_Release(book);
}
END_TEST

START_TEST(failed_provider)
{
    IMAPISession *s;
    IAddrBook *book;
    IABContainer *root;
    IMAPITable *table;
    IUnknown *unk;
    SRowSet *rows;
    SPropValue v;
    MAPIERROR *err;
    ULONG type;

    make_profile();
    /* AB2's service is disabled for the session (MAPI_E_CALL_FAILED). */
    v.ulPropTag = PR_TP_LOGON_RESULT;
    v.dwAlignPad = 0;
    v.Value.l = MAPI_E_CALL_FAILED;
    set_prop(PROFILE, &ab_sect[1], &v);
    s = session_logon(PROFILE, FLAGS);
    ck_assert_int_eq(IMAPISession_OpenAddressBook(s, 0, NULL, 0, &book), MAPI_W_ERRORS_RETURNED);
    ck_assert_ptr_nonnull(book);
    ck_assert_int_eq(IMAPISession_GetLastError(s, MAPI_W_ERRORS_RETURNED, MAPI_UNICODE, &err), S_OK);
    ck_assert_ptr_nonnull(err);
    MAPIFreeBuffer(err);
    /* The other works. */
    ck_assert_int_eq(resolve_one(book, L"Bob Baker", 0, NULL), S_OK);
    ck_assert_int_eq(resolve_one(book, L"Carol", 0, NULL), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(IAddrBook_OpenEntry(book, 0, NULL, NULL, 0, &type, &unk), S_OK);
    root = (IABContainer *)unk;
    ck_assert_int_eq(IABContainer_GetHierarchyTable(root, MAPI_UNICODE, &table), S_OK);
    ck_assert_int_eq(HrQueryAllRows(table, NULL, NULL, NULL, 0, &rows), S_OK);
    ck_assert_uint_eq(rows->cRows, 1);
    FreeProws(rows);
    IMAPITable_Release(table);
    IABContainer_Release(root);
    IAddrBook_Release(book);
    session_logoff(s);
}
END_TEST

/* Several threads resolve through one address book at once. */
static IAddrBook *shared_book;

static DWORD WINAPI resolve_thread(void *arg)
{
    static const WCHAR *names[] = {L"Alice Archer", L"Carol", L"Bob Brown"};
    int i, bad = 0;

    for (i = 0; i < 20; i++) {
        const WCHAR *name = names[(i + (int)(ULONG_PTR)arg) % 3];
        ADRLIST *list = adrlist(&name, 1, TRUE);
        if (IAddrBook_ResolveName(shared_book, 0, MAPI_UNICODE, NULL, list) != S_OK ||
            !entry_prop(list, 0, PR_ENTRYID))
            bad++;
        FreePadrlist(list);
    }
    return bad;
}

START_TEST(threads)
{
    IMAPISession *s;
    HANDLE th[4];
    DWORD code;
    int i;

    make_profile();
    s = session_logon(PROFILE, FLAGS);
    shared_book = open_book(s);
    for (i = 0; i < 4; i++) th[i] = CreateThread(NULL, 0, resolve_thread, (void *)(ULONG_PTR)i, 0, NULL);
    WaitForMultipleObjects(4, th, TRUE, INFINITE);
    for (i = 0; i < 4; i++) {
        ck_assert(GetExitCodeThread(th[i], &code));
        ck_assert_uint_eq(code, 0);
        CloseHandle(th[i]);
    }
    IAddrBook_Release(shared_book);
    session_logoff(s);
}
END_TEST

static Suite *addrbook_suite(void)
{
    Suite *s = suite_create("addrbook");
    TCase *tc = tcase_create("addrbook");

    tcase_add_checked_fixture(tc, addrbook_setup, addrbook_teardown);
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, open_address_book);
    tcase_add_test(tc, open_entry_routing);
    tcase_add_test(tc, create_one_off);
    tcase_add_test(tc, resolve_name);
    tcase_add_test(tc, prepare_recips);
    tcase_add_test(tc, ui_methods);
    tcase_add_test(tc, after_logoff);
    tcase_add_test(tc, failed_provider);
    tcase_add_test(tc, threads);
    suite_add_tcase(s, tc);
    return s;
}

HARNESS_MAIN(addrbook_suite)
