/* The helpers the address book tests share (addrbook_helpers.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mapix.h>
#include <mapiutil.h>

#include "../providers/testprov/testprov_props.h"
#include "addrbook_helpers.h"

const BYTE one_off_uid[16] = {0x81, 0x2b, 0x1f, 0xa4, 0xbe, 0xa3, 0x10, 0x19,
                                     0x9d, 0x6e, 0x00, 0xdd, 0x01, 0x0f, 0x54, 0x02};

/* The two address books of PROFILE: their sections and MAPIUIDs. */
MAPIUID ab_sect[2], ab_uid[2];

const WCHAR *ab1_entries[4] = {L"Alice Archer", L"Bob Baker", L"Bob Brown", L"Zed Same"};
const WCHAR *ab2_entries[3] = {L"Carol Clark", L"Alice Zed", L"Zed Same"};

void addrbook_setup(void)
{
    mapi_start(0);
    log_setup(L"tpa");
}

void addrbook_teardown(void)
{
    if (admin) ck_assert_int_eq(IProfAdmin_DeleteProfile(admin, (LPTSTR)PROFILE, MAPI_UNICODE), S_OK);
    mapi_stop();
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
SPropValue *get_prop(const WCHAR *profile, const MAPIUID *sect, ULONG tag)
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
void make_profile(void)
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


/* The address book of a new session on PROFILE; the ABs' UIDs are known after. */
IAddrBook *open_book(IMAPISession *s)
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
void tp_eid(BYTE eid[28], int ab, ULONG type, ULONG index)
{
    memset(eid, 0, 28);
    memcpy(eid + 4, &ab_uid[ab], 16);
    memcpy(eid + 20, &type, 4);
    memcpy(eid + 24, &index, 4);
}

int eid_ab(const SPropValue *eid)
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
ADRLIST *adrlist(const WCHAR **names, ULONG n, BOOL unicode)
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

SPropValue *entry_prop(ADRLIST *list, ULONG i, ULONG tag)
{
    return PpropFindProp(list->aEntries[i].rgPropVals, list->aEntries[i].cValues, tag);
}

HRESULT resolve_one(IAddrBook *book, const WCHAR *name, ULONG flags, ADRLIST **out)
{
    ADRLIST *list = adrlist(&name, 1, TRUE);
    HRESULT hr = IAddrBook_ResolveName(book, 0, flags | MAPI_UNICODE, NULL, list);

    if (out) *out = list;
    else FreePadrlist(list);
    return hr;
}

/* Which AB a single name resolves to (-1 for a one-off), checking its name. */
int resolved_by(IAddrBook *book, const WCHAR *name, const WCHAR *expect)
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
