/*
 * The integrated address book (mapi32/addrbook.c) over the two address
 * books of the test provider (addrbook_helpers.c): MAPI's root container
 * and its hierarchy table, the search path, PAB and default directory kept
 * in the profile, and the default search path built from the directories'
 * kinds. Opening, entry IDs, one-offs and resolving are in test_addrbook.c.
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

static const MAPIUID root_uid = {{0x92, 0x07, 0xf3, 0xe0, 0xa3, 0xb1, 0x10, 0x19,
                                  0x90, 0x8b, 0x08, 0x00, 0x2b, 0x2a, 0x56, 0xc2}};

/* How AB i's directory describes itself (from its next OpenEntry or
 * hierarchy table on). */
static void dir_is(int i, LONG display_type, LONG flags)
{
    set_long(PROFILE, &ab_sect[i], PR_TP_AB_DIR_DISPLAY_TYPE, display_type);
    set_long(PROFILE, &ab_sect[i], PR_TP_AB_DIR_FLAGS, flags);
}

/* ---- tests ---- */

START_TEST(root_container)
{
    SizedSPropTagArray(1, eid_tag) = {1, {PR_ENTRYID}};
    IMAPISession *s;
    IAddrBook *book;
    IABContainer *root;
    IMAPIContainer *cont;
    IMAPITable *table;
    IUnknown *unk;
    SRowSet *rows;
    SPropValue *v;
    BYTE root_eid[64];
    ULONG type, n, cb_root, i;

    make_profile();
    s = session_logon(PROFILE, FLAGS);
    book = open_book(s);

    ck_assert_int_eq(IAddrBook_OpenEntry(book, 0, NULL, NULL, 0, &type, &unk), S_OK);
    ck_assert_uint_eq(type, MAPI_ABCONT);
    ck_assert_int_eq(IUnknown_QueryInterface(unk, &IID_IABContainer, (void **)&root), S_OK);
    IUnknown_Release(unk);
    ck_assert_int_eq(IABContainer_GetProps(root, (SPropTagArray *)&eid_tag, 0, &n, &v), S_OK);
    ck_assert_uint_eq(v->ulPropTag, PR_ENTRYID);
    cb_root = v->Value.bin.cb;
    ck_assert_uint_le(cb_root, sizeof(root_eid));
    memcpy(root_eid, v->Value.bin.lpb, cb_root);
    MAPIFreeBuffer(v);
    ck_assert_int_eq(HrGetOneProp((IMAPIProp *)root, PR_CONTAINER_FLAGS, &v), S_OK);
    ck_assert_int_eq(v->Value.l, AB_SUBCONTAINERS | AB_UNMODIFIABLE);
    MAPIFreeBuffer(v);
    /* MAPI's own entry ID (docs/addrbook.md): 4 zero bytes and a MAPIUID
     * that is no provider's and not the one-off UID; PR_RECORD_KEY the same. */
    ck_assert_uint_eq(cb_root, 20);
    ck_assert(!memcmp(root_eid, "\0\0\0\0", 4));
    ck_assert(memcmp(root_eid + 4, &ab_uid[0], 16) && memcmp(root_eid + 4, &ab_uid[1], 16));
    ck_assert(memcmp(root_eid + 4, one_off_uid, 16));
    ck_assert_int_eq(HrGetOneProp((IMAPIProp *)root, PR_RECORD_KEY, &v), S_OK);
    ck_assert_uint_eq(v->Value.bin.cb, cb_root);
    ck_assert(!memcmp(v->Value.bin.lpb, root_eid, cb_root));
    MAPIFreeBuffer(v);
    ck_assert_int_eq(HrGetOneProp((IMAPIProp *)root, PR_DISPLAY_TYPE, &v), S_OK);
    ck_assert_int_eq(v->Value.l, DT_NOT_SPECIFIC);
    MAPIFreeBuffer(v);
    ck_assert_int_eq(HrGetOneProp((IMAPIProp *)root, PR_OBJECT_TYPE, &v), S_OK);
    ck_assert_int_eq(v->Value.l, MAPI_ABCONT);
    MAPIFreeBuffer(v);
    /* The same container whichever way it is named. */
    {
        ULONG same = 7;
        BYTE dir[28];
        ck_assert_int_eq(IAddrBook_CompareEntryIDs(book, cb_root, (ENTRYID *)root_eid, cb_root, (ENTRYID *)root_eid, 0,
                                                   &same), S_OK);
        ck_assert_uint_eq(same, TRUE);
        tp_eid(dir, 0, 1, 0);
        ck_assert_int_eq(IAddrBook_CompareEntryIDs(book, cb_root, (ENTRYID *)root_eid, 28, (ENTRYID *)dir, 0, &same),
                         S_OK);
        ck_assert_uint_eq(same, FALSE);
    }
    /* hierarchy-tables.md: PR_CONTAINER_HIERARCHY is in the property list
     * and opens as the hierarchy table; GetProps does not return it. */
    {
        SPropTagArray *list;
        ULONG k, found = 0;
        ck_assert_int_eq(IABContainer_GetPropList(root, 0, &list), S_OK);
        for (k = 0; k < list->cValues; k++)
            if (list->aulPropTag[k] == PR_CONTAINER_HIERARCHY) found++;
        ck_assert_uint_eq(found, 1);
        MAPIFreeBuffer(list);
        ck_assert_int_eq(HrGetOneProp((IMAPIProp *)root, PR_CONTAINER_HIERARCHY, &v), MAPI_E_NOT_FOUND);
        ck_assert_int_eq(IABContainer_OpenProperty(root, PR_CONTAINER_HIERARCHY, &IID_IMAPITable, MAPI_UNICODE, 0,
                                                   (IUnknown **)&table), S_OK);
        ck_assert_int_eq(HrQueryAllRows(table, NULL, NULL, NULL, 0, &rows), S_OK);
        ck_assert_uint_eq(rows->cRows, 2);
        ck_assert_ptr_nonnull(PpropFindProp(rows->aRow[0].lpProps, rows->aRow[0].cValues, PR_DISPLAY_NAME_W));
        FreeProws(rows);
        IMAPITable_Release(table);
        unk = (IUnknown *)0xdead;
        ck_assert_int_eq(IABContainer_OpenProperty(root, PR_CONTAINER_HIERARCHY, &IID_IMAPIProp, 0, 0, &unk),
                         MAPI_E_INTERFACE_NOT_SUPPORTED);
        ck_assert_ptr_null(unk);
        ck_assert_int_eq(IABContainer_OpenProperty(root, PR_CONTAINER_HIERARCHY, &IID_IMAPITable, 0, MAPI_MODIFY,
                                                   &unk), MAPI_E_NO_ACCESS);
        ck_assert_int_eq(IABContainer_OpenProperty(root, PR_CONTAINER_HIERARCHY, NULL, 0, 0, &unk),
                         MAPI_E_INVALID_PARAMETER);
        ck_assert_int_eq(IABContainer_OpenProperty(root, PR_CONTAINER_HIERARCHY, &IID_IMAPITable, 0, 0, NULL),
                         MAPI_E_INVALID_PARAMETER);
        ck_assert_int_eq(IABContainer_OpenProperty(root, PR_CONTAINER_HIERARCHY, &IID_IMAPITable, 0, 0x40000000,
                                                   &unk), MAPI_E_UNKNOWN_FLAGS);
    }
    /* The required columns of hierarchy-tables.md, PR_CONTAINER_FLAGS and
     * PR_AB_PROVIDER_ID; a restriction on PR_DISPLAY_TYPE finds the global
     * containers (opening-an-address-book-container.md). */
    {
        static const ULONG want[] = {PR_COMMENT_W, PR_DEPTH, PR_DISPLAY_NAME_W, PR_DISPLAY_TYPE, PR_ENTRYID,
                                     PR_INSTANCE_KEY, PR_OBJECT_TYPE, PR_STATUS, PR_CONTAINER_FLAGS,
                                     PR_AB_PROVIDER_ID};
        SPropTagArray *cols;
        SPropValue dt;
        SRestriction res;
        ULONG k, m;
        ck_assert_int_eq(IABContainer_GetHierarchyTable(root, MAPI_UNICODE, &table), S_OK);
        ck_assert_int_eq(IMAPITable_QueryColumns(table, 0, &cols), S_OK);
        for (k = 0; k < ARRAYSIZE(want); k++) {
            for (m = 0; m < cols->cValues; m++)
                if (cols->aulPropTag[m] == want[k]) break;
            ck_assert_msg(m < cols->cValues, "column %#lx missing", want[k]);
        }
        MAPIFreeBuffer(cols);
        set_long(PROFILE, &ab_sect[0], PR_TP_AB_DIR_DISPLAY_TYPE, DT_LOCAL);
        IMAPITable_Release(table);
        ck_assert_int_eq(IABContainer_GetHierarchyTable(root, MAPI_UNICODE, &table), S_OK);
        dt.ulPropTag = PR_DISPLAY_TYPE;
        dt.dwAlignPad = 0;
        dt.Value.l = DT_GLOBAL;
        res.rt = RES_PROPERTY;
        res.res.resProperty.relop = RELOP_EQ;
        res.res.resProperty.ulPropTag = PR_DISPLAY_TYPE;
        res.res.resProperty.lpProp = &dt;
        ck_assert_int_eq(HrQueryAllRows(table, NULL, &res, NULL, 0, &rows), S_OK);
        ck_assert_uint_eq(rows->cRows, 1);
        ck_assert_int_eq(eid_ab(PpropFindProp(rows->aRow[0].lpProps, rows->aRow[0].cValues, PR_ENTRYID)), 1);
        FreeProws(rows);
        IMAPITable_Release(table);
        set_long(PROFILE, &ab_sect[0], PR_TP_AB_DIR_DISPLAY_TYPE, DT_GLOBAL);
    }

    /* Its hierarchy: the directory of each provider, in profile order; the
     * providers' own roots are not rows. */
    ck_assert_int_eq(IABContainer_GetHierarchyTable(root, MAPI_UNICODE, &table), S_OK);
    ck_assert_int_eq(HrQueryAllRows(table, NULL, NULL, NULL, 0, &rows), S_OK);
    ck_assert_uint_eq(rows->cRows, 2);
    for (i = 0; i < 2; i++) {
        SRow *r = &rows->aRow[i];
        SPropValue *name = PpropFindProp(r->lpProps, r->cValues, PR_DISPLAY_NAME_W);
        SPropValue *prov = PpropFindProp(r->lpProps, r->cValues, PR_AB_PROVIDER_ID);
        SPropValue *flags = PpropFindProp(r->lpProps, r->cValues, PR_CONTAINER_FLAGS);
        SPropValue *depth = PpropFindProp(r->lpProps, r->cValues, PR_DEPTH);
        SPropValue *eid = PpropFindProp(r->lpProps, r->cValues, PR_ENTRYID);
        ck_assert_ptr_nonnull(name);
        ck_assert(!lstrcmpW(name->Value.lpszW, i ? L"FreeMAPI Test Single Address Book" : L"FreeMAPI Test Address Book"));
        ck_assert_ptr_nonnull(prov);
        ck_assert_uint_eq(prov->Value.bin.cb, 16);
        ck_assert(!memcmp(prov->Value.bin.lpb, &ab_uid[i], 16));
        ck_assert_int_eq(flags->Value.l, AB_RECIPIENTS | AB_UNMODIFIABLE);
        ck_assert_int_eq(depth->Value.l, 0);
        ck_assert_int_eq(eid_ab(eid), (int)i);
        ck_assert_int_eq(PpropFindProp(r->lpProps, r->cValues, PR_OBJECT_TYPE)->Value.l, MAPI_ABCONT);
    }
    FreeProws(rows);
    IMAPITable_Release(table);
    /* 8-bit strings without MAPI_UNICODE; CONVENIENT_DEPTH gives the same here. */
    ck_assert_int_eq(IABContainer_GetHierarchyTable(root, CONVENIENT_DEPTH, &table), S_OK);
    ck_assert_int_eq(HrQueryAllRows(table, NULL, NULL, NULL, 0, &rows), S_OK);
    ck_assert_uint_eq(rows->cRows, 2);
    v = PpropFindProp(rows->aRow[1].lpProps, rows->aRow[1].cValues, PR_DISPLAY_NAME_A);
    ck_assert_ptr_nonnull(v);
    ck_assert_str_eq(v->Value.lpszA, "FreeMAPI Test Single Address Book");
    FreeProws(rows);
    IMAPITable_Release(table);
    ck_assert_int_eq(IABContainer_GetHierarchyTable(root, 0x80000000 | 0x1000, &table), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IABContainer_GetHierarchyTable(root, 0, NULL), MAPI_E_INVALID_PARAMETER);

    /* No recipients of its own, no name resolution of its own. */
    ck_assert_int_eq(IABContainer_GetContentsTable(root, 0, &table), MAPI_E_NO_SUPPORT);
    ck_assert_int_eq(IABContainer_ResolveNames(root, NULL, 0, NULL, NULL), MAPI_E_NO_SUPPORT);
    ck_assert_int_eq(IABContainer_CreateEntry(root, 0, NULL, 0, NULL), MAPI_E_NO_SUPPORT);

    /* Its entry ID opens it again; through it, the providers' entries open. */
    ck_assert_int_eq(IAddrBook_OpenEntry(book, cb_root, (ENTRYID *)root_eid, &IID_IMAPIContainer, 0, &type, &unk), S_OK);
    ck_assert_uint_eq(type, MAPI_ABCONT);
    IUnknown_Release(unk);
    {
        BYTE dir[28];
        tp_eid(dir, 1, 1, 0);
        ck_assert_int_eq(IABContainer_OpenEntry(root, sizeof(dir), (ENTRYID *)dir, NULL, 0, &type, (IUnknown **)&cont),
                         S_OK);
        ck_assert_uint_eq(type, MAPI_ABCONT);
        ck_assert_int_eq(IMAPIContainer_GetContentsTable(cont, MAPI_UNICODE, &table), S_OK);
        ck_assert_int_eq(HrQueryAllRows(table, NULL, NULL, NULL, 0, &rows), S_OK);
        ck_assert_uint_eq(rows->cRows, ARRAYSIZE(ab2_entries));
        FreeProws(rows);
        IMAPITable_Release(table);
        IMAPIContainer_Release(cont);
    }
    ck_assert_int_eq(IAddrBook_OpenEntry(book, 0, NULL, &IID_IMailUser, 0, &type, &unk), MAPI_E_INTERFACE_NOT_SUPPORTED);

    IABContainer_Release(root);
    IAddrBook_Release(book);
    session_logoff(s);
}
END_TEST

/* The entry IDs of GetSearchPath's rows. */
static ULONG search_path(IAddrBook *book, ULONG flags, BYTE eids[][64], ULONG *cbs)
{
    SRowSet *rows;
    ULONG i, n;

    ck_assert_int_eq(IAddrBook_GetSearchPath(book, flags, &rows), S_OK);
    n = rows->cRows;
    for (i = 0; i < n; i++) {
        SRow *r = &rows->aRow[i];
        ck_assert_uint_eq(r->lpProps[0].ulPropTag, PR_ENTRYID);
        ck_assert_uint_le(r->lpProps[0].Value.bin.cb, 64);
        memcpy(eids[i], r->lpProps[0].Value.bin.lpb, r->lpProps[0].Value.bin.cb);
        cbs[i] = r->lpProps[0].Value.bin.cb;
        ck_assert_ptr_nonnull(PpropFindProp(r->lpProps, r->cValues,
                                            (flags & MAPI_UNICODE) ? PR_DISPLAY_NAME_W : PR_DISPLAY_NAME_A));
        ck_assert_ptr_nonnull(PpropFindProp(r->lpProps, r->cValues, PR_CONTAINER_FLAGS));
    }
    FreeProws(rows);
    return n;
}

static void set_path(IAddrBook *book, BYTE eids[][64], const ULONG *cbs, ULONG n)
{
    SRowSet *rows;
    ULONG i;

    ck_assert_int_eq(MAPIAllocateBuffer(CbNewSRowSet(n ? n : 1), (void **)&rows), S_OK);
    rows->cRows = n;
    for (i = 0; i < n; i++) {
        SPropValue *v;
        ck_assert_int_eq(MAPIAllocateBuffer(2 * sizeof(SPropValue), (void **)&v), S_OK);
        /* PR_ENTRYID need not come first here. */
        v[0].ulPropTag = PR_DISPLAY_NAME_W;
        v[0].Value.lpszW = (WCHAR *)L"whatever";
        v[1].ulPropTag = PR_ENTRYID;
        v[1].Value.bin.cb = cbs[i];
        v[1].Value.bin.lpb = eids[i];
        rows->aRow[i].cValues = 2;
        rows->aRow[i].lpProps = v;
    }
    ck_assert_int_eq(IAddrBook_SetSearchPath(book, 0, rows), S_OK);
    FreeProws(rows);
}

START_TEST(search_path_persistence)
{
    IMAPISession *s;
    IAddrBook *book;
    BYTE eids[4][64], got[4][64], dir[2][28];
    ULONG cbs[4], gcbs[4], n;
    SPropValue *v;

    make_profile();
    s = session_logon(PROFILE, FLAGS);
    book = open_book(s);
    tp_eid(dir[0], 0, 1, 0);
    tp_eid(dir[1], 1, 1, 0);

    /* The default: every provider's directory, in profile order. */
    n = search_path(book, MAPI_UNICODE, got, gcbs);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(gcbs[0], 28);
    ck_assert(!memcmp(got[0], dir[0], 28));
    ck_assert(!memcmp(got[1], dir[1], 28));
    ck_assert_uint_eq(search_path(book, 0, got, gcbs), 2);
    ck_assert_ptr_null(get_prop(PROFILE, &root_uid, PR_AB_SEARCH_PATH));

    /* Reversed: now AB2 answers first. */
    memcpy(eids[0], dir[1], 28);
    memcpy(eids[1], dir[0], 28);
    cbs[0] = cbs[1] = 28;
    set_path(book, eids, cbs, 2);
    n = search_path(book, MAPI_UNICODE, got, gcbs);
    ck_assert_uint_eq(n, 2);
    ck_assert(!memcmp(got[0], dir[1], 28));
    ck_assert(!memcmp(got[1], dir[0], 28));
    ck_assert_int_eq(resolved_by(book, L"alice", L"Alice Zed"), 1);
    ck_assert_int_eq(resolved_by(book, L"Zed Same", L"Zed Same"), 1);
    ck_assert_int_eq(resolved_by(book, L"Bob Brown", L"Bob Brown"), 0);
    /* In the profile: MAPI's root section, PR_AB_SEARCH_PATH. */
    v = get_prop(PROFILE, &root_uid, PR_AB_SEARCH_PATH);
    ck_assert_ptr_nonnull(v);
    ck_assert_uint_eq(v->Value.MVbin.cValues, 2);
    ck_assert(!memcmp(v->Value.MVbin.lpbin[0].lpb, dir[1], 28));
    MAPIFreeBuffer(v);
    IAddrBook_Release(book);
    session_logoff(s);

    /* A new session has it, whatever the containers now say of themselves
     * (the default path would be AB2's directory alone); a container that
     * is gone is left out. */
    dir_is(0, DT_NOT_SPECIFIC, AB_RECIPIENTS | AB_UNMODIFIABLE);
    s = session_logon(PROFILE, FLAGS);
    book = open_book(s);
    memcpy(eids[0], dir[1], 28);
    tp_eid(eids[1], 0, 1, 0);
    eids[1][10] ^= 0x77;
    cbs[0] = cbs[1] = 28;
    n = search_path(book, MAPI_UNICODE, got, gcbs);
    ck_assert_uint_eq(n, 2);
    ck_assert(!memcmp(got[0], dir[1], 28));
    ck_assert(!memcmp(got[1], dir[0], 28));
    ck_assert_int_eq(resolved_by(book, L"Bob Brown", L"Bob Brown"), 0);
    set_path(book, eids, cbs, 2);
    n = search_path(book, MAPI_UNICODE, got, gcbs);
    ck_assert_uint_eq(n, 1);
    ck_assert(!memcmp(got[0], dir[1], 28));
    /* Only AB2 is searched now. */
    ck_assert_int_eq(resolve_one(book, L"Bob Brown", 0, NULL), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(resolved_by(book, L"Carol", L"Carol Clark"), 1);
    /* An empty path: nothing but one-offs resolves. */
    set_path(book, eids, cbs, 0);
    ck_assert_uint_eq(search_path(book, MAPI_UNICODE, got, gcbs), 0);
    ck_assert_int_eq(resolve_one(book, L"Carol", 0, NULL), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(resolved_by(book, L"x@y.z", L"x@y.z"), -1);

    /* Bad input. */
    {
        SRowSet *rows;
        SPropValue pv;
        ck_assert_int_eq(IAddrBook_GetSearchPath(book, 0, NULL), MAPI_E_INVALID_PARAMETER);
        ck_assert_int_eq(IAddrBook_GetSearchPath(book, 1, &rows), MAPI_E_UNKNOWN_FLAGS);
        ck_assert_int_eq(IAddrBook_SetSearchPath(book, 0, NULL), MAPI_E_INVALID_PARAMETER);
        ck_assert_int_eq(MAPIAllocateBuffer(CbNewSRowSet(1), (void **)&rows), S_OK);
        pv.ulPropTag = PR_DISPLAY_NAME_W;
        pv.Value.lpszW = (WCHAR *)L"no entry ID";
        rows->cRows = 1;
        rows->aRow[0].cValues = 1;
        rows->aRow[0].lpProps = &pv;
        ck_assert_int_eq(IAddrBook_SetSearchPath(book, 0, rows), MAPI_E_MISSING_REQUIRED_COLUMN);
        ck_assert_int_eq(IAddrBook_SetSearchPath(book, 1, rows), MAPI_E_UNKNOWN_FLAGS);
        /* An empty or missing entry ID, a row with no values. */
        pv.ulPropTag = PR_ENTRYID;
        pv.Value.bin.cb = 0;
        pv.Value.bin.lpb = NULL;
        ck_assert_int_eq(IAddrBook_SetSearchPath(book, 0, rows), MAPI_E_INVALID_PARAMETER);
        pv.Value.bin.cb = 28;
        ck_assert_int_eq(IAddrBook_SetSearchPath(book, 0, rows), MAPI_E_INVALID_PARAMETER);
        rows->aRow[0].cValues = 0;
        ck_assert_int_eq(IAddrBook_SetSearchPath(book, 0, rows), MAPI_E_MISSING_REQUIRED_COLUMN);
        rows->aRow[0].cValues = 3;
        rows->aRow[0].lpProps = NULL;
        ck_assert_int_eq(IAddrBook_SetSearchPath(book, 0, rows), MAPI_E_INVALID_PARAMETER);
        MAPIFreeBuffer(rows);
        /* Nothing of that was kept: still the empty path. */
        ck_assert_uint_eq(search_path(book, MAPI_UNICODE, got, gcbs), 0);
    }
    IAddrBook_Release(book);
    session_logoff(s);
}
END_TEST

static ULONG get_eid(IAddrBook *book, BOOL pab, BYTE *buf)
{
    ENTRYID *eid = (ENTRYID *)0xdead;
    ULONG cb = 99;

    ck_assert_int_eq(pab ? IAddrBook_GetPAB(book, &cb, &eid) : IAddrBook_GetDefaultDir(book, &cb, &eid), S_OK);
    if (cb) memcpy(buf, eid, cb);
    else ck_assert_ptr_null(eid);
    MAPIFreeBuffer(eid);
    return cb;
}

START_TEST(pab_and_default_dir)
{
    IMAPISession *s;
    IAddrBook *book;
    BYTE dir[2][28], user[28], bogus[28], buf[64];
    SPropValue *v, pv;

    make_profile();
    s = session_logon(PROFILE, FLAGS);
    book = open_book(s);
    tp_eid(dir[0], 0, 1, 0);
    tp_eid(dir[1], 1, 1, 0);
    tp_eid(user, 0, 2, 1);
    memcpy(bogus, dir[0], 28);
    bogus[12] ^= 0x33;

    /* No container of the test ABs can be modified: no PAB. The default
     * directory is the first one with recipients. */
    ck_assert_uint_eq(get_eid(book, TRUE, buf), 0);
    ck_assert_uint_eq(get_eid(book, FALSE, buf), 28);
    ck_assert(!memcmp(buf, dir[0], 28));

    /* Chosen ones are kept in MAPI's root section. */
    ck_assert_int_eq(IAddrBook_SetPAB(book, 28, (ENTRYID *)dir[1]), S_OK);
    ck_assert_uint_eq(get_eid(book, TRUE, buf), 28);
    ck_assert(!memcmp(buf, dir[1], 28));
    v = get_prop(PROFILE, &root_uid, PR_AB_DEFAULT_PAB);
    ck_assert_ptr_nonnull(v);
    ck_assert_uint_eq(v->Value.bin.cb, 28);
    ck_assert(!memcmp(v->Value.bin.lpb, dir[1], 28));
    MAPIFreeBuffer(v);
    /* The default directory is not the PAB while another one has names. */
    ck_assert_uint_eq(get_eid(book, FALSE, buf), 28);
    ck_assert(!memcmp(buf, dir[0], 28));
    ck_assert_int_eq(IAddrBook_SetDefaultDir(book, 28, (ENTRYID *)dir[1]), S_OK);
    ck_assert_uint_eq(get_eid(book, FALSE, buf), 28);
    ck_assert(!memcmp(buf, dir[1], 28));
    v = get_prop(PROFILE, &root_uid, PR_AB_DEFAULT_DIR);
    ck_assert_ptr_nonnull(v);
    ck_assert(!memcmp(v->Value.bin.lpb, dir[1], 28));
    MAPIFreeBuffer(v);
    IAddrBook_Release(book);
    session_logoff(s);

    /* The next session sees them. */
    s = session_logon(PROFILE, FLAGS);
    book = open_book(s);
    ck_assert_uint_eq(get_eid(book, TRUE, buf), 28);
    ck_assert(!memcmp(buf, dir[1], 28));
    ck_assert_uint_eq(get_eid(book, FALSE, buf), 28);
    ck_assert(!memcmp(buf, dir[1], 28));

    /* Only containers of the address book. */
    ck_assert_int_eq(IAddrBook_SetPAB(book, 28, (ENTRYID *)user), MAPI_E_INVALID_ENTRYID);
    ck_assert_int_eq(IAddrBook_SetPAB(book, 28, (ENTRYID *)bogus), MAPI_E_UNKNOWN_ENTRYID);
    ck_assert_int_eq(IAddrBook_SetDefaultDir(book, 28, (ENTRYID *)user), MAPI_E_INVALID_ENTRYID);
    ck_assert_int_eq(IAddrBook_SetPAB(book, 0, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IAddrBook_SetDefaultDir(book, 28, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IAddrBook_GetPAB(book, NULL, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IAddrBook_GetDefaultDir(book, (ULONG *)buf, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_uint_eq(get_eid(book, TRUE, buf), 28);

    /* A stored container that went away is no longer the PAB or default. */
    pv.ulPropTag = PR_AB_DEFAULT_PAB;
    pv.dwAlignPad = 0;
    pv.Value.bin.cb = 28;
    pv.Value.bin.lpb = bogus;
    set_prop(PROFILE, &root_uid, &pv);
    pv.ulPropTag = PR_AB_DEFAULT_DIR;
    set_prop(PROFILE, &root_uid, &pv);
    ck_assert_uint_eq(get_eid(book, TRUE, buf), 0);
    ck_assert_uint_eq(get_eid(book, FALSE, buf), 28);
    ck_assert(!memcmp(buf, dir[0], 28));

    IAddrBook_Release(book);
    session_logoff(s);
}
END_TEST

/* Which AB's directory each row of the search path is, as a number: the
 * digits of the AB indexes (1-based) in path order, 0 for an empty path
 * ("21" = AB2's then AB1's directory). */
static int path_code(IAddrBook *book)
{
    BYTE eids[4][64], dir[28];
    ULONG cbs[4], n, i;
    int code = 0, ab;

    n = search_path(book, MAPI_UNICODE, eids, cbs);
    ck_assert_uint_le(n, 4);
    for (i = 0; i < n; i++) {
        ck_assert_uint_eq(cbs[i], 28);
        for (ab = 0; ab < 2; ab++) {
            tp_eid(dir, ab, 1, 0);
            if (!memcmp(eids[i], dir, 28)) break;
        }
        ck_assert_msg(ab < 2, "row %lu is no directory", i);
        code = code * 10 + ab + 1;
    }
    return code;
}

/* The AB whose directory GetPAB / GetDefaultDir gives: 1 or 2, 0 for none,
 * 9 for MAPI's root container. */
static int chosen(IAddrBook *book, BOOL pab, const BYTE *root, ULONG cb_root)
{
    BYTE buf[64], dir[28];
    ULONG cb = get_eid(book, pab, buf);
    int ab;

    if (!cb) return 0;
    if (cb == cb_root && !memcmp(buf, root, cb)) return 9;
    ck_assert_uint_eq(cb, 28);
    for (ab = 0; ab < 2; ab++) {
        tp_eid(dir, ab, 1, 0);
        if (!memcmp(buf, dir, 28)) return ab + 1;
    }
    ck_abort_msg("not a directory");
    return -1;
}

/* iaddrbook-getsearchpath.md: without SetSearchPath, the PAB (the first
 * container with read/write permission), then every DT_GLOBAL container,
 * then, only when there is no DT_GLOBAL one, the default directory if it is
 * not the PAB. */
START_TEST(default_search_path)
{
    IMAPISession *s;
    IAddrBook *book;
    IUnknown *unk;
    SPropValue *v;
    BYTE root[64], dir[2][28];
    ULONG cb_root, type;

    make_profile();
    s = session_logon(PROFILE, FLAGS);
    book = open_book(s);
    tp_eid(dir[0], 0, 1, 0);
    tp_eid(dir[1], 1, 1, 0);
    ck_assert_int_eq(IAddrBook_OpenEntry(book, 0, NULL, NULL, 0, &type, &unk), S_OK);
    ck_assert_int_eq(HrGetOneProp((IMAPIProp *)unk, PR_ENTRYID, &v), S_OK);
    cb_root = v->Value.bin.cb;
    ck_assert_uint_le(cb_root, sizeof(root));
    memcpy(root, v->Value.bin.lpb, cb_root);
    MAPIFreeBuffer(v);
    IUnknown_Release(unk);

    /* Both global (make_profile): both, in profile order. */
    ck_assert_int_eq(path_code(book), 12);
    /* Only AB2's is global: AB1's is not searched. */
    dir_is(0, DT_NOT_SPECIFIC, AB_RECIPIENTS | AB_UNMODIFIABLE);
    ck_assert_int_eq(path_code(book), 2);
    ck_assert_int_eq(resolved_by(book, L"Carol", L"Carol Clark"), 1);
    ck_assert_int_eq(resolve_one(book, L"Bob Brown", 0, NULL), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(resolved_by(book, L"alice", L"Alice Zed"), 1);
    /* DT_LOCAL, DT_WAN, DT_MODIFIABLE are not global either. */
    dir_is(0, DT_LOCAL, AB_RECIPIENTS | AB_UNMODIFIABLE);
    ck_assert_int_eq(path_code(book), 2);
    dir_is(0, DT_WAN, AB_RECIPIENTS | AB_UNMODIFIABLE);
    ck_assert_int_eq(path_code(book), 2);
    /* A global container is searched even without AB_RECIPIENTS. */
    dir_is(0, DT_GLOBAL, AB_UNMODIFIABLE);
    ck_assert_int_eq(path_code(book), 12);

    /* No global container, no PAB: the default directory alone (the
     * first container with names). */
    dir_is(0, DT_NOT_SPECIFIC, AB_RECIPIENTS | AB_UNMODIFIABLE);
    dir_is(1, DT_NOT_SPECIFIC, AB_RECIPIENTS | AB_UNMODIFIABLE);
    ck_assert_int_eq(path_code(book), 1);
    ck_assert_int_eq(chosen(book, TRUE, root, cb_root), 0);
    ck_assert_int_eq(chosen(book, FALSE, root, cb_root), 1);
    ck_assert_int_eq(resolved_by(book, L"Bob Brown", L"Bob Brown"), 0);
    ck_assert_int_eq(resolve_one(book, L"Carol", 0, NULL), MAPI_E_NOT_FOUND);
    /* AB1's holds no recipients: AB2's is the default directory. */
    dir_is(0, DT_NOT_SPECIFIC, AB_UNMODIFIABLE);
    ck_assert_int_eq(path_code(book), 2);
    ck_assert_int_eq(chosen(book, FALSE, root, cb_root), 2);
    /* Nothing holds recipients: an empty path; the default directory is
     * MAPI's root container. */
    dir_is(1, DT_NOT_SPECIFIC, AB_UNMODIFIABLE);
    ck_assert_int_eq(path_code(book), 0);
    ck_assert_int_eq(chosen(book, FALSE, root, cb_root), 9);
    ck_assert_int_eq(resolve_one(book, L"Carol", 0, NULL), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(resolved_by(book, L"c@d.example", L"c@d.example"), -1);

    /* A modifiable container is the PAB and comes first, even after the
     * global ones in the hierarchy. */
    dir_is(0, DT_GLOBAL, AB_RECIPIENTS | AB_UNMODIFIABLE);
    dir_is(1, DT_MODIFIABLE, AB_RECIPIENTS | AB_MODIFIABLE);
    ck_assert_int_eq(chosen(book, TRUE, root, cb_root), 2);
    ck_assert_int_eq(path_code(book), 21);
    ck_assert_int_eq(resolved_by(book, L"Zed Same", L"Zed Same"), 1);
    ck_assert_int_eq(resolved_by(book, L"Bob Brown", L"Bob Brown"), 0);
    /* With a global container the default directory is not added. */
    ck_assert_int_eq(chosen(book, FALSE, root, cb_root), 1);
    dir_is(0, DT_NOT_SPECIFIC, AB_UNMODIFIABLE);
    ck_assert_int_eq(path_code(book), 2);
    /* "Don't know" (both flags) counts as modifiable. */
    dir_is(1, DT_NOT_SPECIFIC, AB_RECIPIENTS | AB_MODIFIABLE | AB_UNMODIFIABLE);
    ck_assert_int_eq(chosen(book, TRUE, root, cb_root), 2);

    /* PAB and no global one: the PAB, then the default directory (the first
     * container with names that is not the PAB). */
    dir_is(0, DT_NOT_SPECIFIC, AB_RECIPIENTS | AB_MODIFIABLE);
    dir_is(1, DT_NOT_SPECIFIC, AB_RECIPIENTS | AB_UNMODIFIABLE);
    ck_assert_int_eq(chosen(book, TRUE, root, cb_root), 1);
    ck_assert_int_eq(chosen(book, FALSE, root, cb_root), 2);
    ck_assert_int_eq(path_code(book), 12);
    /* The PAB set in the profile is the one that comes first. */
    ck_assert_int_eq(IAddrBook_SetPAB(book, 28, (ENTRYID *)dir[1]), S_OK);
    ck_assert_int_eq(chosen(book, TRUE, root, cb_root), 2);
    ck_assert_int_eq(chosen(book, FALSE, root, cb_root), 1);
    ck_assert_int_eq(path_code(book), 21);
    /* The default directory set to the PAB: only the PAB. */
    ck_assert_int_eq(IAddrBook_SetDefaultDir(book, 28, (ENTRYID *)dir[1]), S_OK);
    ck_assert_int_eq(path_code(book), 2);
    ck_assert_int_eq(IAddrBook_SetDefaultDir(book, 28, (ENTRYID *)dir[0]), S_OK);
    ck_assert_int_eq(path_code(book), 21);
    /* MAPI's root as the default directory is not searched. */
    ck_assert_int_eq(IAddrBook_SetDefaultDir(book, cb_root, (ENTRYID *)root), S_OK);
    ck_assert_int_eq(chosen(book, FALSE, root, cb_root), 9);
    ck_assert_int_eq(path_code(book), 2);

    /* The default path is built each time, never written to the profile. */
    ck_assert_ptr_null(get_prop(PROFILE, &root_uid, PR_AB_SEARCH_PATH));
    IAddrBook_Release(book);
    session_logoff(s);

    /* Another session follows the hierarchy as it is now. */
    dir_is(0, DT_GLOBAL, AB_RECIPIENTS | AB_UNMODIFIABLE);
    dir_is(1, DT_GLOBAL, AB_RECIPIENTS | AB_UNMODIFIABLE);
    s = session_logon(PROFILE, FLAGS);
    book = open_book(s);
    ck_assert_int_eq(path_code(book), 21);      /* the stored PAB (AB2's) first */
    IAddrBook_Release(book);
    session_logoff(s);
}
END_TEST

static Suite *addrbook_path_suite(void)
{
    Suite *s = suite_create("addrbook_path");
    TCase *tc = tcase_create("addrbook_path");

    tcase_add_checked_fixture(tc, addrbook_setup, addrbook_teardown);
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, root_container);
    tcase_add_test(tc, search_path_persistence);
    tcase_add_test(tc, pab_and_default_dir);
    tcase_add_test(tc, default_search_path);
    suite_add_tcase(s, tc);
    return s;
}

HARNESS_MAIN(addrbook_path_suite)
