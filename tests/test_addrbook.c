/*
 * The integrated address book (mapi32/addrbook.c) through the public API,
 * over two address book providers of the test provider (a TESTPROV service
 * and a TESTPROV_SINGLE one, each with its own entries, PR_TP_AB_ENTRIES):
 * name resolution along the search path (unique, ambiguous, unresolved,
 * one-off addresses), OpenEntry and CompareEntryIDs routed to the provider
 * that owns the entry ID, MAPI's root container and its hierarchy table,
 * one-off entry IDs byte for byte, the search path, PAB and default
 * directory kept in the profile, PrepareRecips, the UI methods, bad input.
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

#include <initguid.h>
#include <mapiguid.h>

#define FLAGS (MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_UNICODE)

#define PROFILE L"Address Books"

static const MAPIUID root_uid = {{0x92, 0x07, 0xf3, 0xe0, 0xa3, 0xb1, 0x10, 0x19,
                                  0x90, 0x8b, 0x08, 0x00, 0x2b, 0x2a, 0x56, 0xc2}};
static const BYTE one_off_uid[16] = {0x81, 0x2b, 0x1f, 0xa4, 0xbe, 0xa3, 0x10, 0x19,
                                     0x9d, 0x6e, 0x00, 0xdd, 0x01, 0x0f, 0x54, 0x02};

/* The two address books of PROFILE: their sections and MAPIUIDs. */
static MAPIUID ab_sect[2], ab_uid[2];

static const WCHAR *ab1_entries[] = {L"Alice Archer", L"Bob Baker", L"Bob Brown", L"Zed Same"};
static const WCHAR *ab2_entries[] = {L"Carol Clark", L"Alice Zed", L"Zed Same"};

static void setup(void)
{
    ck_assert_int_eq(MAPIInitialize(NULL), S_OK);
    ck_assert_int_eq(MAPIAdminProfiles(0, &admin), S_OK);
    log_setup(L"tpa");
}

static void teardown(void)
{
    if (admin) {
        ck_assert_int_eq(IProfAdmin_DeleteProfile(admin, (LPTSTR)PROFILE, MAPI_UNICODE), S_OK);
        IProfAdmin_Release(admin);
    }
    admin = NULL;
    MAPIUninitialize();
    log_teardown();
}

/* ---- profiles ---- */

static void set_entries(const WCHAR *profile, const MAPIUID *sect, const WCHAR **names, ULONG n)
{
    SPropValue v;

    v.ulPropTag = PR_TP_AB_ENTRIES;
    v.dwAlignPad = 0;
    v.Value.MVszW.cValues = n;
    v.Value.MVszW.lppszW = (WCHAR **)names;
    set_prop(profile, sect, &v);
}

/* A property of a section (a MAPI buffer), or NULL. */
static SPropValue *get_prop(const WCHAR *profile, const MAPIUID *sect, ULONG tag)
{
    IMsgServiceAdmin2 *sa = services_of(profile);
    SizedSPropTagArray(1, tags) = {1, {tag}};
    IProfSect *ps;
    SPropValue *v = NULL;
    ULONG n;

    ck_assert_int_eq(IMsgServiceAdmin2_OpenProfileSection(sa, (LPMAPIUID)sect, NULL, MAPI_FORCE_ACCESS, &ps), S_OK);
    if (IProfSect_GetProps(ps, (SPropTagArray *)&tags, 0, &n, &v) != S_OK) {
        MAPIFreeBuffer(v);
        v = NULL;
    }
    IProfSect_Release(ps);
    IMsgServiceAdmin2_Release(sa);
    return v;
}

/* PROFILE: a TESTPROV service (its AB is "AB1") and a TESTPROV_SINGLE one
 * ("AB2"), in that order. */
static void make_profile(void)
{
    IMsgServiceAdmin2 *sa;
    MAPIUID svc[2];

    ck_assert_int_eq(IProfAdmin_CreateProfile(admin, (LPTSTR)PROFILE, NULL, 0, MAPI_UNICODE), S_OK);
    sa = services_of(PROFILE);
    svc[0] = add_service(sa, L"TESTPROV");
    svc[1] = add_service(sa, L"TESTPROV_SINGLE");
    IMsgServiceAdmin2_Release(sa);
    ab_sect[0] = provider_of(PROFILE, &svc[0], MAPI_AB_PROVIDER);
    ab_sect[1] = provider_of(PROFILE, &svc[1], MAPI_AB_PROVIDER);
    set_entries(PROFILE, &ab_sect[0], ab1_entries, ARRAYSIZE(ab1_entries));
    set_entries(PROFILE, &ab_sect[1], ab2_entries, ARRAYSIZE(ab2_entries));
    set_string(PROFILE, &ab_sect[0], PR_TP_NAME, L"AB1");
    set_string(PROFILE, &ab_sect[1], PR_TP_NAME, L"AB2");
    /* Both directories global: the default search path holds both, in
     * profile order (default_search_path changes this). */
    set_long(PROFILE, &ab_sect[0], PR_TP_AB_DIR_DISPLAY_TYPE, DT_GLOBAL);
    set_long(PROFILE, &ab_sect[1], PR_TP_AB_DIR_DISPLAY_TYPE, DT_GLOBAL);
}

/* How AB i's directory describes itself (from its next OpenEntry or
 * hierarchy table on). */
static void dir_is(int i, LONG display_type, LONG flags)
{
    set_long(PROFILE, &ab_sect[i], PR_TP_AB_DIR_DISPLAY_TYPE, display_type);
    set_long(PROFILE, &ab_sect[i], PR_TP_AB_DIR_FLAGS, flags);
}

/* ---- sessions ---- */

/* The address book of a new session on PROFILE; the ABs' UIDs are known after. */
static IAddrBook *open_book(IMAPISession *s)
{
    IAddrBook *book = NULL;
    SPropValue *v;
    int i;

    ck_assert_int_eq(IMAPISession_OpenAddressBook(s, 0, NULL, AB_NO_DIALOG, &book), S_OK);
    ck_assert_ptr_nonnull(book);
    for (i = 0; i < 2; i++) {
        v = get_prop(PROFILE, &ab_sect[i], PR_TP_UID);
        ck_assert_ptr_nonnull(v);
        ck_assert_uint_eq(v->Value.bin.cb, 16);
        memcpy(&ab_uid[i], v->Value.bin.lpb, 16);
        MAPIFreeBuffer(v);
    }
    return book;
}

/* A test AB entry ID (README): 4 zero bytes, UID, type (1 dir, 2 entry), index. */
static void tp_eid(BYTE eid[28], int ab, ULONG type, ULONG index)
{
    memset(eid, 0, 28);
    memcpy(eid + 4, &ab_uid[ab], 16);
    memcpy(eid + 20, &type, 4);
    memcpy(eid + 24, &index, 4);
}

static int eid_ab(const SPropValue *eid)
{
    int i;

    ck_assert_ptr_nonnull(eid);
    ck_assert_uint_ge(eid->Value.bin.cb, 20);
    for (i = 0; i < 2; i++)
        if (!memcmp(eid->Value.bin.lpb + 4, &ab_uid[i], 16)) return i;
    return -1;
}

/* ---- address lists ---- */

/* One recipient per name: PR_DISPLAY_NAME (W or A) and PR_RECIPIENT_TYPE. */
static ADRLIST *adrlist(const WCHAR **names, ULONG n, BOOL unicode)
{
    ADRLIST *list;
    ULONG i;

    ck_assert_int_eq(MAPIAllocateBuffer(CbNewADRLIST(n), (void **)&list), S_OK);
    list->cEntries = n;
    for (i = 0; i < n; i++) {
        SPropValue *v;
        ck_assert_int_eq(MAPIAllocateBuffer(2 * sizeof(SPropValue) + 512, (void **)&v), S_OK);
        v[0].ulPropTag = unicode ? PR_DISPLAY_NAME_W : PR_DISPLAY_NAME_A;
        v[0].dwAlignPad = 0;
        if (unicode) {
            v[0].Value.lpszW = (WCHAR *)(v + 2);
            lstrcpynW(v[0].Value.lpszW, names[i], 256);
        } else {
            v[0].Value.lpszA = (char *)(v + 2);
            WideCharToMultiByte(CP_ACP, 0, names[i], -1, v[0].Value.lpszA, 512, NULL, NULL);
        }
        v[1].ulPropTag = PR_RECIPIENT_TYPE;
        v[1].dwAlignPad = 0;
        v[1].Value.l = MAPI_TO;
        list->aEntries[i].ulReserved1 = 0;
        list->aEntries[i].cValues = 2;
        list->aEntries[i].rgPropVals = v;
    }
    return list;
}

static SPropValue *entry_prop(ADRLIST *list, ULONG i, ULONG tag)
{
    return PpropFindProp(list->aEntries[i].rgPropVals, list->aEntries[i].cValues, tag);
}

static HRESULT resolve_one(IAddrBook *book, const WCHAR *name, ULONG flags, ADRLIST **out)
{
    ADRLIST *list = adrlist(&name, 1, TRUE);
    HRESULT hr = IAddrBook_ResolveName(book, 0, flags | MAPI_UNICODE, NULL, list);

    if (out) *out = list;
    else FreePadrlist(list);
    return hr;
}

/* Which AB a single name resolves to (-1 for a one-off), checking its name. */
static int resolved_by(IAddrBook *book, const WCHAR *name, const WCHAR *expect)
{
    ADRLIST *list;
    SPropValue *v;
    int ab;

    ck_assert_int_eq(resolve_one(book, name, 0, &list), S_OK);
    v = entry_prop(list, 0, PR_DISPLAY_NAME_W);
    ck_assert_ptr_nonnull(v);
    ck_assert_msg(!lstrcmpW(v->Value.lpszW, expect), "%ls resolved to %ls", name, v->Value.lpszW);
    ab = eid_ab(entry_prop(list, 0, PR_ENTRYID));
    FreePadrlist(list);
    return ab;
}

/* An advise sink that only counts references. */
struct sink {
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG ref;
};

static HRESULT WINAPI sink_QueryInterface(IMAPIAdviseSink *iface, REFIID riid, void **out)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIAdviseSink)) {
        *out = iface;
        IMAPIAdviseSink_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI sink_AddRef(IMAPIAdviseSink *iface)
{
    return InterlockedIncrement(&CONTAINING_RECORD(iface, struct sink, IMAPIAdviseSink_iface)->ref);
}

static ULONG WINAPI sink_Release(IMAPIAdviseSink *iface)
{
    return InterlockedDecrement(&CONTAINING_RECORD(iface, struct sink, IMAPIAdviseSink_iface)->ref);
}

static ULONG WINAPI sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, LPNOTIFICATION n)
{
    return 0;
}

static const IMAPIAdviseSinkVtbl sink_vtbl = {sink_QueryInterface, sink_AddRef, sink_Release, sink_OnNotify};

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
        struct sink sk = {{(IMAPIAdviseSinkVtbl *)&sink_vtbl}, 1};
        ULONG_PTR conn = 1;
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

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, open_address_book);
    tcase_add_test(tc, root_container);
    tcase_add_test(tc, open_entry_routing);
    tcase_add_test(tc, create_one_off);
    tcase_add_test(tc, resolve_name);
    tcase_add_test(tc, search_path_persistence);
    tcase_add_test(tc, pab_and_default_dir);
    tcase_add_test(tc, default_search_path);
    tcase_add_test(tc, prepare_recips);
    tcase_add_test(tc, ui_methods);
    tcase_add_test(tc, after_logoff);
    tcase_add_test(tc, failed_provider);
    tcase_add_test(tc, threads);
    suite_add_tcase(s, tc);
    return s;
}

HARNESS_MAIN(addrbook_suite)
