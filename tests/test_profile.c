/*
 * Profiles through the public API: IProfAdmin, IMsgServiceAdmin(2),
 * IProviderAdmin, IProfSect, the registry layout underneath, MAPISVC.INF and
 * the test provider's service entry (providers/testprov), and two processes
 * editing one profile.
 */
#include <stdio.h>
#include <string.h>

#include <mapix.h>
#include <mapiaux.h>
#include <mapiguid.h>
#include <mapiutil.h>

#include "../providers/testprov/testprov_props.h"
#include "harness.h"
#include "testprofile.h"

/* This program's copy of the MAPI GUIDs. */
#include <initguid.h>
#include <mapiguid.h>

static const WCHAR profiles_key[] = L"Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles";
static const WCHAR outlook_key[] = L"Software\\Microsoft\\Office\\16.0\\Outlook";
static const WCHAR legacy_key[] =
    L"Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows Messaging Subsystem\\Profiles";
static const WCHAR root_section[] = L"9207f3e0a3b11019908b08002b2a56c2";
static const WCHAR instance_section[] = L"8503020000000000c000000000000046";

static void setup(void)
{
    ck_assert_int_eq(MAPIInitialize(NULL), S_OK);
    ck_assert_int_eq(MAPIAdminProfiles(0, &admin), S_OK);
    log_setup(L"tpl");
}

static void teardown(void)
{
    IProfAdmin_Release(admin);
    MAPIUninitialize();
    log_teardown();
    SetEnvironmentVariableW(L"TESTPROV_SVC_RESULT_2", NULL);
}

/* ---- helpers ---- */

static HRESULT create(const WCHAR *name)
{
    return IProfAdmin_CreateProfile(admin, (LPTSTR)name, NULL, 0, MAPI_UNICODE);
}

static ULONG row_count(IMAPITable *table)
{
    ULONG n = 0;
    ck_assert_int_eq(IMAPITable_GetRowCount(table, 0, &n), S_OK);
    return n;
}

/* A column every row must have. */
static SPropValue *find(SRow *row, ULONG tag)
{
    SPropValue *v = PpropFindProp(row->lpProps, row->cValues, tag);
    ck_assert_msg(v != NULL, "row has no %08lx", tag);
    return v;
}

static BOOL key_exists(HKEY root, const WCHAR *path)
{
    HKEY k;
    if (RegOpenKeyExW(root, path, 0, KEY_READ, &k)) return FALSE;
    RegCloseKey(k);
    return TRUE;
}

static void section_path(WCHAR *buf, const WCHAR *profile, const MAPIUID *uid)
{
    int i, n = wsprintfW(buf, L"%ls\\%ls\\", profiles_key, profile);
    for (i = 0; i < 16; i++) n += wsprintfW(buf + n, L"%02x", uid->ab[i]);
}

/* The bytes of a registry value, or -1. */
static LONG reg_value(const WCHAR *key, const WCHAR *name, BYTE *buf, DWORD cb, DWORD *type)
{
    HKEY k;
    LONG err;
    if (RegOpenKeyExW(HKEY_CURRENT_USER, key, 0, KEY_READ, &k)) return -1;
    err = RegQueryValueExW(k, name, NULL, type, buf, &cb);
    RegCloseKey(k);
    return err ? -1 : (LONG)cb;
}

/* The UIDs listed in a PT_BINARY property of a section. */
static ULONG uid_list(IProfSect *sect, ULONG tag, MAPIUID *out, ULONG max)
{
    SizedSPropTagArray(1, tags) = {1, {tag}};
    SPropValue *v;
    ULONG n, count = 0;

    ck_assert(SUCCEEDED(IProfSect_GetProps(sect, (SPropTagArray *)&tags, 0, &n, &v)));
    if (PROP_TYPE(v->ulPropTag) == PT_BINARY) {
        count = v->Value.bin.cb / sizeof(MAPIUID);
        if (count > max) count = max;
        memcpy(out, v->Value.bin.lpb, count * sizeof(MAPIUID));
    }
    MAPIFreeBuffer(v);
    return count;
}

static const MAPIUID root_uid = {{0x92, 0x07, 0xf3, 0xe0, 0xa3, 0xb1, 0x10, 0x19,
                                  0x90, 0x8b, 0x08, 0x00, 0x2b, 0x2a, 0x56, 0xc2}};

static IProfSect *open_section(IMsgServiceAdmin2 *sa, const MAPIUID *uid, ULONG flags)
{
    IProfSect *ps = NULL;
    ck_assert_int_eq(IMsgServiceAdmin2_OpenProfileSection(sa, (LPMAPIUID)uid, NULL, flags, &ps), S_OK);
    return ps;
}

/* ---- IProfAdmin ---- */

START_TEST(admin_needs_init)
{
    IProfAdmin *pa = (IProfAdmin *)0xdead;

    MAPIUninitialize();
    ck_assert_int_eq(MAPIAdminProfiles(0, &pa), MAPI_E_NOT_INITIALIZED);
    ck_assert_ptr_null(pa);
    ck_assert_int_eq(MAPIInitialize(NULL), S_OK);
    ck_assert_int_eq(MAPIAdminProfiles(0, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(MAPIAdminProfiles(0x40000000, &pa), MAPI_E_UNKNOWN_FLAGS);
}
END_TEST

START_TEST(create_profile_layout)
{
    WCHAR path[512];
    BYTE key1[64], key2[64];
    DWORD type;
    LONG n1, n2;

    ck_assert_int_eq(create(L"Layout One"), S_OK);
    ck_assert_int_eq(create(L"Layout Two"), S_OK);
    /* A profile is a key under Office\16.0 with MAPI's instance and root sections. */
    wsprintfW(path, L"%ls\\Layout One\\%ls", profiles_key, instance_section);
    n1 = reg_value(path, L"0102300b", key1, sizeof(key1), &type);
    ck_assert_int_eq(n1, 16);
    ck_assert_int_eq(type, REG_BINARY);
    wsprintfW(path, L"%ls\\Layout One\\%ls", profiles_key, root_section);
    ck_assert(key_exists(HKEY_CURRENT_USER, path));
    /* Every profile gets its own search key. */
    wsprintfW(path, L"%ls\\Layout Two\\%ls", profiles_key, instance_section);
    n2 = reg_value(path, L"0102300b", key2, sizeof(key2), &type);
    ck_assert_int_eq(n2, 16);
    ck_assert(memcmp(key1, key2, 16));
}
END_TEST

START_TEST(create_profile_errors)
{
    WCHAR long_name[80];
    int i;

    ck_assert_int_eq(create(L"Twice"), S_OK);
    ck_assert_int_eq(create(L"Twice"), MAPI_E_NO_ACCESS);
    ck_assert_int_eq(create(L"twice"), MAPI_E_NO_ACCESS);   /* names ignore case, as the registry */
    ck_assert_int_eq(IProfAdmin_CreateProfile(admin, NULL, NULL, 0, 0), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(create(L""), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(create(L" lead"), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(create(L"trail "), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(create(L"back\\slash"), MAPI_E_INVALID_PARAMETER);
    for (i = 0; i < 65; i++) long_name[i] = 'a';
    long_name[65] = 0;
    ck_assert_int_eq(create(long_name), MAPI_E_INVALID_PARAMETER);
    long_name[64] = 0;
    ck_assert_int_eq(create(long_name), S_OK);
    ck_assert_int_eq(IProfAdmin_CreateProfile(admin, (LPTSTR)L"Flags", NULL, 0, MAPI_UNICODE | 0x100),
                     MAPI_E_UNKNOWN_FLAGS);
    /* ANSI names work too. */
    ck_assert_int_eq(IProfAdmin_CreateProfile(admin, (LPTSTR)"Ansi Name", NULL, 0, 0), S_OK);
    ck_assert(key_exists(HKEY_CURRENT_USER, L"Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Ansi Name"));
}
END_TEST

START_TEST(profile_table_and_default)
{
    IMAPITable *table;
    SPropTagArray *cols;
    SRowSet *rows;
    WCHAR buf[80];
    DWORD type;
    ULONG i, defaults = 0;
    BOOL seen = FALSE;

    ck_assert_int_eq(create(L"Tbl A"), S_OK);
    ck_assert_int_eq(create(L"Tbl B"), S_OK);
    ck_assert_int_eq(IProfAdmin_CreateProfile(admin, (LPTSTR)L"Tbl App", NULL, 0, MAPI_UNICODE | MAPI_APP_PROFILE), S_OK);
    ck_assert_int_eq(IProfAdmin_SetDefaultProfile(admin, (LPTSTR)L"Tbl B", MAPI_UNICODE), S_OK);
    ck_assert_int_gt(reg_value(outlook_key, L"DefaultProfile", (BYTE *)buf, sizeof(buf), &type), 0);
    ck_assert_int_eq(type, REG_SZ);
    ck_assert(!lstrcmpW(buf, L"Tbl B"));

    ck_assert_int_eq(IProfAdmin_GetProfileTable(admin, MAPI_UNICODE, &table), S_OK);
    ck_assert_int_eq(IMAPITable_QueryColumns(table, 0, &cols), S_OK);
    ck_assert_uint_eq(cols->cValues, 2);
    ck_assert_uint_eq(cols->aulPropTag[0], PR_DISPLAY_NAME_W);
    ck_assert_uint_eq(cols->aulPropTag[1], PR_DEFAULT_PROFILE);
    MAPIFreeBuffer(cols);
    rows = rows_of(table);
    for (i = 0; i < rows->cRows; i++) {
        SPropValue *name = find(&rows->aRow[i], PR_DISPLAY_NAME_W), *def = find(&rows->aRow[i], PR_DEFAULT_PROFILE);
        ck_assert_ptr_nonnull(name);
        ck_assert_ptr_nonnull(def);
        ck_assert(lstrcmpW(name->Value.lpszW, L"Tbl App"));   /* app profiles only with the flag */
        if (!lstrcmpW(name->Value.lpszW, L"Tbl B")) {
            seen = TRUE;
            ck_assert(def->Value.b);
        }
        if (def->Value.b) defaults++;
    }
    ck_assert(seen);
    ck_assert_uint_eq(defaults, 1);
    FreeProws(rows);
    IMAPITable_Release(table);

    /* With MAPI_APP_PROFILE the app profile is there; without MAPI_UNICODE names are 8-bit. */
    ck_assert_int_eq(IProfAdmin_GetProfileTable(admin, MAPI_APP_PROFILE, &table), S_OK);
    rows = rows_of(table);
    seen = FALSE;
    for (i = 0; i < rows->cRows; i++) {
        SPropValue *name = find(&rows->aRow[i], PR_DISPLAY_NAME_A);
        ck_assert_ptr_nonnull(name);
        if (!strcmp(name->Value.lpszA, "Tbl App")) seen = TRUE;
    }
    ck_assert(seen);
    FreeProws(rows);
    IMAPITable_Release(table);

    ck_assert_int_eq(IProfAdmin_SetDefaultProfile(admin, (LPTSTR)L"Tbl App", MAPI_UNICODE), E_FAIL);
    ck_assert_int_eq(IProfAdmin_SetDefaultProfile(admin, (LPTSTR)L"No Such", MAPI_UNICODE), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(IProfAdmin_SetDefaultProfile(admin, (LPTSTR)L"Tbl A", 0x10), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IProfAdmin_SetDefaultProfile(admin, NULL, 0), S_OK);
    ck_assert_int_eq(reg_value(outlook_key, L"DefaultProfile", (BYTE *)buf, sizeof(buf), &type), -1);
    ck_assert_int_eq(IProfAdmin_GetProfileTable(admin, 0, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IProfAdmin_GetProfileTable(admin, 0x1000, &table), MAPI_E_UNKNOWN_FLAGS);
}
END_TEST

START_TEST(copy_rename_delete)
{
    IMsgServiceAdmin2 *sa;
    IMAPITable *table;
    WCHAR path[512];
    BYTE k1[16], k2[16], k3[16];
    DWORD type;

    ck_assert_int_eq(create(L"Orig"), S_OK);
    sa = services_of(L"Orig");
    add_service(sa, L"TESTPROV");
    IMsgServiceAdmin2_Release(sa);
    ck_assert_int_eq(IProfAdmin_SetDefaultProfile(admin, (LPTSTR)L"Orig", MAPI_UNICODE), S_OK);

    ck_assert_int_eq(IProfAdmin_CopyProfile(admin, (LPTSTR)L"Orig", NULL, (LPTSTR)L"Copy", 0, MAPI_UNICODE), S_OK);
    ck_assert_int_eq(IProfAdmin_CopyProfile(admin, (LPTSTR)L"Orig", NULL, (LPTSTR)L"Copy", 0, MAPI_UNICODE),
                     MAPI_E_NO_ACCESS);
    ck_assert_int_eq(IProfAdmin_CopyProfile(admin, (LPTSTR)L"Nope", NULL, (LPTSTR)L"Copy2", 0, MAPI_UNICODE),
                     MAPI_E_NOT_FOUND);
    /* The copy has the services and its own identity. */
    sa = services_of(L"Copy");
    ck_assert_int_eq(IMsgServiceAdmin2_GetMsgServiceTable(sa, 0, &table), S_OK);
    ck_assert_uint_eq(row_count(table), 1);
    IMAPITable_Release(table);
    IMsgServiceAdmin2_Release(sa);
    wsprintfW(path, L"%ls\\Orig\\%ls", profiles_key, instance_section);
    ck_assert_int_eq(reg_value(path, L"0102300b", k1, 16, &type), 16);
    wsprintfW(path, L"%ls\\Copy\\%ls", profiles_key, instance_section);
    ck_assert_int_eq(reg_value(path, L"0102300b", k2, 16, &type), 16);
    ck_assert(memcmp(k1, k2, 16));

    /* Rename keeps the identity and the default moves along. */
    ck_assert_int_eq(IProfAdmin_RenameProfile(admin, (LPTSTR)L"Orig", NULL, (LPTSTR)L"Renamed", 0, MAPI_UNICODE), S_OK);
    wsprintfW(path, L"%ls\\Renamed\\%ls", profiles_key, instance_section);
    ck_assert_int_eq(reg_value(path, L"0102300b", k3, 16, &type), 16);
    ck_assert(!memcmp(k1, k3, 16));
    ck_assert(!key_exists(HKEY_CURRENT_USER, L"Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Orig"));
    ck_assert_int_gt(reg_value(outlook_key, L"DefaultProfile", (BYTE *)path, sizeof(path), &type), 0);
    ck_assert(!lstrcmpW(path, L"Renamed"));
    ck_assert_int_eq(IProfAdmin_RenameProfile(admin, (LPTSTR)L"Renamed", NULL, (LPTSTR)L"Copy", 0, MAPI_UNICODE),
                     MAPI_E_NO_ACCESS);
    ck_assert_int_eq(IProfAdmin_RenameProfile(admin, (LPTSTR)L"Orig", NULL, (LPTSTR)L"X", 0, MAPI_UNICODE),
                     MAPI_E_NOT_FOUND);

    /* Delete tells each service (MSG_SERVICE_DELETE) and removes the key. */
    ck_assert_int_eq(log_count_words("ctx=4(DELETE)", NULL), 0);
    ck_assert_int_eq(IProfAdmin_DeleteProfile(admin, (LPTSTR)L"Renamed", MAPI_UNICODE), S_OK);
    ck_assert_int_eq(log_count_words("ctx=4(DELETE)", NULL), 1);
    ck_assert(!key_exists(HKEY_CURRENT_USER, L"Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Renamed"));
    ck_assert_int_eq(reg_value(outlook_key, L"DefaultProfile", (BYTE *)path, sizeof(path), &type), -1);
    ck_assert_int_eq(IProfAdmin_DeleteProfile(admin, (LPTSTR)L"Renamed", MAPI_UNICODE), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(IProfAdmin_DeleteProfile(admin, NULL, 0), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IProfAdmin_DeleteProfile(admin, (LPTSTR)L"Copy", 0x8000), MAPI_E_UNKNOWN_FLAGS);

    /* App profiles need the flag. */
    ck_assert_int_eq(IProfAdmin_CreateProfile(admin, (LPTSTR)L"App Only", NULL, 0, MAPI_UNICODE | MAPI_APP_PROFILE), S_OK);
    ck_assert_int_eq(IProfAdmin_DeleteProfile(admin, (LPTSTR)L"App Only", MAPI_UNICODE), MAPI_E_NO_ACCESS);
    ck_assert_int_eq(IProfAdmin_CopyProfile(admin, (LPTSTR)L"App Only", NULL, (LPTSTR)L"App2", 0, MAPI_UNICODE),
                     MAPI_E_NO_ACCESS);
    ck_assert_int_eq(IProfAdmin_DeleteProfile(admin, (LPTSTR)L"App Only", MAPI_UNICODE | MAPI_APP_PROFILE), S_OK);
    ck_assert_int_eq(IProfAdmin_ChangeProfilePassword(admin, (LPTSTR)L"Copy", NULL, NULL, MAPI_UNICODE), S_OK);
}
END_TEST

START_TEST(admin_services_errors)
{
    IMsgServiceAdmin *sa = (IMsgServiceAdmin *)0xdead;
    LPMAPIERROR err = NULL;

    ck_assert_int_eq(IProfAdmin_AdminServices(admin, (LPTSTR)L"Missing", NULL, 0, MAPI_UNICODE, &sa),
                     MAPI_E_LOGON_FAILED);
    ck_assert_ptr_null(sa);
    /* GetLastError says why, in the width asked for. */
    ck_assert_int_eq(IProfAdmin_GetLastError(admin, MAPI_E_LOGON_FAILED, MAPI_UNICODE, &err), S_OK);
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(wcsstr((WCHAR *)err->lpszError, L"Missing"));
    MAPIFreeBuffer(err);
    ck_assert_int_eq(IProfAdmin_GetLastError(admin, MAPI_E_LOGON_FAILED, 0, &err), S_OK);
    ck_assert_ptr_nonnull(strstr((char *)err->lpszError, "Missing"));
    MAPIFreeBuffer(err);
    /* Another code: nothing known. */
    ck_assert_int_eq(IProfAdmin_GetLastError(admin, MAPI_E_CALL_FAILED, 0, &err), S_OK);
    ck_assert_ptr_null(err);
    ck_assert_int_eq(IProfAdmin_GetLastError(admin, S_OK, 0x1, &err), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IProfAdmin_GetLastError(admin, S_OK, 0, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IProfAdmin_AdminServices(admin, NULL, NULL, 0, 0, &sa), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IProfAdmin_AdminServices(admin, (LPTSTR)"x", NULL, 0, 0, NULL), MAPI_E_INVALID_PARAMETER);
}
END_TEST

/* ---- services ---- */

START_TEST(create_service_links)
{
    IMsgServiceAdmin2 *sa;
    IMAPITable *table;
    IProfSect *root, *svc_sect;
    SRowSet *rows;
    MAPIUID svc, list[8];
    ULONG i, n;
    SPropValue *v;

    ck_assert_int_eq(create(L"Svc Links"), S_OK);
    sa = services_of(L"Svc Links");
    svc = add_service(sa, L"TESTPROV");
    /* The entry point was called with MSG_SERVICE_CREATE, saw its 3 providers, wrote them all. */
    ck_assert_int_eq(log_count_words("ctx=2(CREATE)", "providers=3 written=4 failed=0 alloc=ok malloc=ok hinst=ok"), 1);

    /* Service table: one row with the documented columns. */
    ck_assert_int_eq(IMsgServiceAdmin2_GetMsgServiceTable(sa, MAPI_UNICODE, &table), S_OK);
    rows = rows_of(table);
    ck_assert_uint_eq(rows->cRows, 1);
    ck_assert(!lstrcmpW(find(&rows->aRow[0], PR_SERVICE_NAME_W)->Value.lpszW, L"TESTPROV"));
    ck_assert(!lstrcmpW(find(&rows->aRow[0], PR_DISPLAY_NAME_W)->Value.lpszW, L"FreeMAPI Test Service"));
    ck_assert(!lstrcmpW(find(&rows->aRow[0], PR_SERVICE_DLL_NAME_W)->Value.lpszW, L"testprov.dll"));
    ck_assert(!strcmp(find(&rows->aRow[0], PR_SERVICE_ENTRY_NAME)->Value.lpszA, "ServiceEntry"));
    v = find(&rows->aRow[0], PR_SERVICE_UID);
    ck_assert_ptr_nonnull(v);
    ck_assert(!memcmp(v->Value.bin.lpb, &svc, 16));
    ck_assert_ptr_nonnull(find(&rows->aRow[0], PR_INSTANCE_KEY));
    ck_assert_int_eq(find(&rows->aRow[0], PR_RESOURCE_FLAGS)->Value.l, SERVICE_NO_PRIMARY_IDENTITY);
    FreeProws(rows);
    IMAPITable_Release(table);

    /* Root section lists the service and each provider by type; each points back. */
    root = open_section(sa, &root_uid, 0);
    ck_assert_uint_eq(uid_list(root, PR_SERVICES, list, 8), 1);
    ck_assert(!memcmp(&list[0], &svc, 16));
    ck_assert_uint_eq(uid_list(root, PR_STORE_PROVIDERS, list, 8), 1);
    ck_assert_uint_eq(uid_list(root, PR_AB_PROVIDERS, list + 1, 7), 1);
    ck_assert_uint_eq(uid_list(root, PR_TRANSPORT_PROVIDERS, list + 2, 6), 1);
    svc_sect = open_section(sa, &svc, 0);
    for (i = 0; i < 3; i++) {
        SizedSPropTagArray(3, tags) = {3, {PR_SERVICE_UID, PR_RESOURCE_TYPE, PR_TP_CREATED}};
        IProfSect *ps;
        ck_assert_int_eq(IMsgServiceAdmin2_OpenProfileSection(sa, &list[i], NULL, MAPI_FORCE_ACCESS, &ps), S_OK);
        ck_assert_int_eq(IProfSect_GetProps(ps, (SPropTagArray *)&tags, 0, &n, &v), S_OK);
        ck_assert(!memcmp(v[0].Value.bin.lpb, &svc, 16));
        ck_assert_int_eq(v[1].Value.l, i == 0 ? MAPI_STORE_PROVIDER : i == 1 ? MAPI_AB_PROVIDER : MAPI_TRANSPORT_PROVIDER);
        ck_assert(!lstrcmpW(v[2].Value.lpszW, L"created"));
        MAPIFreeBuffer(v);
        IProfSect_Release(ps);
    }
    ck_assert_uint_eq(uid_list(svc_sect, PR_STORE_PROVIDERS, list + 3, 5), 1);
    ck_assert(!memcmp(&list[3], &list[0], 16));
    IProfSect_Release(svc_sect);
    IProfSect_Release(root);

    /* The profile-wide provider table. */
    ck_assert_int_eq(IMsgServiceAdmin2_GetProviderTable(sa, 0, &table), S_OK);
    rows = rows_of(table);
    ck_assert_uint_eq(rows->cRows, 3);
    for (i = 0; i < 3; i++) {
        ck_assert_ptr_nonnull(find(&rows->aRow[i], PR_PROVIDER_UID));
        ck_assert_ptr_nonnull(find(&rows->aRow[i], PR_PROVIDER_ORDINAL));
        ck_assert(!strcmp(find(&rows->aRow[i], PR_PROVIDER_DLL_NAME_A)->Value.lpszA, "testprov.dll"));
        ck_assert(!strcmp(find(&rows->aRow[i], PR_SERVICE_NAME_A)->Value.lpszA, "TESTPROV"));
        ck_assert(!memcmp(find(&rows->aRow[i], PR_SERVICE_UID)->Value.bin.lpb, &svc, 16));
    }
    FreeProws(rows);
    IMAPITable_Release(table);
    IMsgServiceAdmin2_Release(sa);
}
END_TEST

START_TEST(create_service_errors)
{
    IMsgServiceAdmin2 *sa;
    IMAPITable *table;
    LPMAPIERROR err;
    MAPIUID uid;

    ck_assert_int_eq(create(L"Svc Errors"), S_OK);
    sa = services_of(L"Svc Errors");
    ck_assert_int_eq(IMsgServiceAdmin2_CreateMsgService(sa, (LPTSTR)L"NOSUCHSERVICE", NULL, 0, MAPI_UNICODE),
                     MAPI_E_NOT_FOUND);
    ck_assert_int_eq(IMsgServiceAdmin2_GetLastError(sa, MAPI_E_NOT_FOUND, MAPI_UNICODE, &err), S_OK);
    ck_assert_ptr_nonnull(wcsstr((WCHAR *)err->lpszError, L"NOSUCHSERVICE"));
    MAPIFreeBuffer(err);
    ck_assert_int_eq(IMsgServiceAdmin2_CreateMsgService(sa, NULL, NULL, 0, 0), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IMsgServiceAdmin2_CreateMsgService(sa, (LPTSTR)"TESTPROV", NULL, 0, 0x40000), MAPI_E_UNKNOWN_FLAGS);

    /* Single-copy services once only; ANSI names work. */
    ck_assert_int_eq(IMsgServiceAdmin2_CreateMsgService(sa, (LPTSTR)"TESTPROV_SINGLE", NULL, 0, 0), S_OK);
    ck_assert_int_eq(IMsgServiceAdmin2_CreateMsgService(sa, (LPTSTR)"TESTPROV_SINGLE", NULL, 0, 0), MAPI_E_NO_ACCESS);

    /* The entry refusing MSG_SERVICE_CREATE takes the service out again. */
    SetEnvironmentVariableW(L"TESTPROV_SVC_RESULT_2", L"8004011C");   /* MAPI_E_UNCONFIGURED */
    ck_assert_int_eq(IMsgServiceAdmin2_CreateMsgServiceEx(sa, (LPTSTR)L"TESTPROV", NULL, 0, MAPI_UNICODE, &uid),
                     MAPI_E_UNCONFIGURED);
    SetEnvironmentVariableW(L"TESTPROV_SVC_RESULT_2", NULL);
    ck_assert_int_eq(IMsgServiceAdmin2_GetMsgServiceTable(sa, 0, &table), S_OK);
    ck_assert_uint_eq(row_count(table), 1);
    IMAPITable_Release(table);
    ck_assert_int_eq(IMsgServiceAdmin2_GetProviderTable(sa, 0, &table), S_OK);
    ck_assert_uint_eq(row_count(table), 1);   /* only TESTPROV_SINGLE's AB */
    IMAPITable_Release(table);

    /* A service whose entry point is missing can be added but not configured. */
    uid = add_service(sa, L"TESTPROV_NOENTRY");
    ck_assert_int_eq(IMsgServiceAdmin2_ConfigureMsgService(sa, &uid, 0, 0, 0, NULL), MAPI_E_NOT_INITIALIZED);
    ck_assert_int_eq(IMsgServiceAdmin2_DeleteMsgService(sa, &uid), S_OK);
    ck_assert_int_eq(IMsgServiceAdmin2_DeleteMsgService(sa, &uid), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(IMsgServiceAdmin2_ConfigureMsgService(sa, &uid, 0, 0, 0, NULL), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(IMsgServiceAdmin2_DeleteMsgService(sa, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IMsgServiceAdmin2_ConfigureMsgService(sa, NULL, 0, 0, 0, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IMsgServiceAdmin2_ConfigureMsgService(sa, &uid, 0, 0x1000000, 0, NULL), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IMsgServiceAdmin2_ConfigureMsgService(sa, &uid, 0, 0, 2, NULL), MAPI_E_INVALID_PARAMETER);
    IMsgServiceAdmin2_Release(sa);
}
END_TEST

START_TEST(configure_and_secure_props)
{
    IMsgServiceAdmin2 *sa;
    IProfSect *ps;
    SPropTagArray *list;
    SPropValue props[3], *v;
    MAPIUID svc;
    WCHAR path[512];
    BYTE raw[512];
    DWORD type;
    ULONG n, i;
    LONG cb;

    ck_assert_int_eq(create(L"Configure"), S_OK);
    sa = services_of(L"Configure");
    svc = add_service(sa, L"TESTPROV");
    props[0].ulPropTag = PR_TP_NAME;
    props[0].Value.lpszW = (WCHAR *)L"configured name";
    props[1].ulPropTag = PR_TP_PASSWORD;
    props[1].Value.lpszW = (WCHAR *)L"s3cret-password";
    props[2].ulPropTag = PR_TP_QUERY_RESULT;
    props[2].Value.l = MAPI_E_BUSY;
    ck_assert_int_eq(IMsgServiceAdmin2_ConfigureMsgService(sa, &svc, 0, MAPI_UNICODE, 3, props), S_OK);
    ck_assert_int_eq(log_count_words("ctx=3(CONFIGURE)", "cValues=3"), 1);

    ps = open_section(sa, &svc, 0);
    ck_assert_int_eq(IProfSect_GetProps(ps, NULL, MAPI_UNICODE, &n, &v), S_OK);
    for (i = 0; i < n; i++) ck_assert_uint_ne(PROP_ID(v[i].ulPropTag), 0x67F0);  /* never with NULL */
    ck_assert_ptr_nonnull(PpropFindProp(v, n, PR_TP_NAME));
    ck_assert_ptr_nonnull(PpropFindProp(v, n, PR_OBJECT_TYPE));
    ck_assert_int_eq(PpropFindProp(v, n, PR_OBJECT_TYPE)->Value.l, MAPI_PROFSECT);
    ck_assert(!lstrcmpW(PpropFindProp(v, n, PROP_TAG(PT_UNICODE, 0x3D12))->Value.lpszW, L"Configure"));
    MAPIFreeBuffer(v);
    ck_assert_int_eq(IProfSect_GetPropList(ps, MAPI_UNICODE, &list), S_OK);
    for (i = 0; i < list->cValues; i++) ck_assert_uint_ne(PROP_ID(list->aulPropTag[i]), 0x67F0);
    MAPIFreeBuffer(list);
    /* Asked for by tag, it is there. */
    {
        SizedSPropTagArray(1, one) = {1, {PR_TP_PASSWORD}};
        ck_assert_int_eq(IProfSect_GetProps(ps, (SPropTagArray *)&one, 0, &n, &v), S_OK);
        ck_assert(!lstrcmpW(v->Value.lpszW, L"s3cret-password"));
        MAPIFreeBuffer(v);
    }
    IProfSect_Release(ps);

    /* In the registry it is protected: an "S" value without the plain text. */
    section_path(path, L"Configure", &svc);
    ck_assert_int_eq(reg_value(path, L"001f67f0", raw, sizeof(raw), &type), -1);
    cb = reg_value(path, L"S001f67f0", raw, sizeof(raw), &type);
    ck_assert_int_gt(cb, 0);
    for (i = 0; i + 12 <= (ULONG)cb; i++) ck_assert(memcmp(raw + i, L"s3cret", 12));
    IMsgServiceAdmin2_Release(sa);
}
END_TEST

START_TEST(delete_service)
{
    IMsgServiceAdmin2 *sa;
    IProfSect *root;
    MAPIUID a, b, list[8], prov[8];
    ULONG np, i;
    WCHAR path[512];

    ck_assert_int_eq(create(L"Del Svc"), S_OK);
    sa = services_of(L"Del Svc");
    a = add_service(sa, L"TESTPROV");
    b = add_service(sa, L"TESTPROV");
    root = open_section(sa, &root_uid, 0);
    ck_assert_uint_eq(uid_list(root, PR_SERVICES, list, 8), 2);
    ck_assert_uint_eq(uid_list(root, PR_TRANSPORT_PROVIDERS, list, 8), 2);
    {
        IProfSect *s = open_section(sa, &a, 0);
        np = uid_list(s, PR_STORE_PROVIDERS, prov, 8);
        np += uid_list(s, PR_AB_PROVIDERS, prov + np, 8 - np);
        np += uid_list(s, PR_TRANSPORT_PROVIDERS, prov + np, 8 - np);
        IProfSect_Release(s);
    }
    ck_assert_uint_eq(np, 3);
    ck_assert_int_eq(IMsgServiceAdmin2_DeleteMsgService(sa, &a), S_OK);
    ck_assert_int_eq(log_count_words("ctx=4(DELETE)", NULL), 1);
    /* Gone from every list, with its sections. */
    ck_assert_uint_eq(uid_list(root, PR_SERVICES, list, 8), 1);
    ck_assert(!memcmp(&list[0], &b, 16));
    ck_assert_uint_eq(uid_list(root, PR_TRANSPORT_PROVIDERS, list, 8), 1);
    ck_assert_uint_eq(uid_list(root, PR_STORE_PROVIDERS, list, 8), 1);
    for (i = 0; i < np; i++) {
        section_path(path, L"Del Svc", &prov[i]);
        ck_assert(!key_exists(HKEY_CURRENT_USER, path));
    }
    section_path(path, L"Del Svc", &a);
    ck_assert(!key_exists(HKEY_CURRENT_USER, path));
    IProfSect_Release(root);
    IMsgServiceAdmin2_Release(sa);
}
END_TEST

START_TEST(transport_order)
{
    IMsgServiceAdmin2 *sa;
    IProfSect *root;
    IMAPITable *table;
    SRowSet *rows;
    MAPIUID xp[4], rev[4], bogus;
    ULONG i, n;

    ck_assert_int_eq(create(L"Order"), S_OK);
    sa = services_of(L"Order");
    add_service(sa, L"TESTPROV");
    add_service(sa, L"TESTPROV");
    root = open_section(sa, &root_uid, 0);
    n = uid_list(root, PR_TRANSPORT_PROVIDERS, xp, 4);
    ck_assert_uint_eq(n, 2);
    rev[0] = xp[1];
    rev[1] = xp[0];
    ck_assert_int_eq(IMsgServiceAdmin2_MsgServiceTransportOrder(sa, 2, rev, 0), S_OK);
    ck_assert_uint_eq(uid_list(root, PR_TRANSPORT_PROVIDERS, xp, 4), 2);
    ck_assert(!memcmp(xp, rev, 2 * sizeof(MAPIUID)));
    /* The provider table numbers transports in that order. */
    ck_assert_int_eq(IMsgServiceAdmin2_GetProviderTable(sa, 0, &table), S_OK);
    rows = rows_of(table);
    for (i = 0; i < rows->cRows; i++) {
        SPropValue *type = find(&rows->aRow[i], PR_RESOURCE_TYPE), *uid = find(&rows->aRow[i], PR_PROVIDER_UID);
        LONG ord = find(&rows->aRow[i], PR_PROVIDER_ORDINAL)->Value.l;
        if (type->Value.l != MAPI_TRANSPORT_PROVIDER) continue;
        ck_assert(!memcmp(uid->Value.bin.lpb, &rev[ord], 16));
    }
    FreeProws(rows);
    IMAPITable_Release(table);

    ck_assert_int_eq(IMsgServiceAdmin2_MsgServiceTransportOrder(sa, 1, rev, 0), MAPI_E_BUSY);
    memset(&bogus, 0x5a, sizeof(bogus));
    rev[1] = bogus;
    ck_assert_int_eq(IMsgServiceAdmin2_MsgServiceTransportOrder(sa, 2, rev, 0), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(IMsgServiceAdmin2_MsgServiceTransportOrder(sa, 2, rev, 1), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IMsgServiceAdmin2_MsgServiceTransportOrder(sa, 2, NULL, 0), MAPI_E_INVALID_PARAMETER);
    /* Nothing changed by the failures. */
    ck_assert_uint_eq(uid_list(root, PR_TRANSPORT_PROVIDERS, xp, 4), 2);
    ck_assert(!memcmp(&xp[1], &rev[0], 16) || !memcmp(&xp[0], &rev[0], 16));
    IProfSect_Release(root);
    IMsgServiceAdmin2_Release(sa);
}
END_TEST

START_TEST(provider_admin)
{
    IMsgServiceAdmin2 *sa;
    IProviderAdmin *pa;
    IMAPITable *table;
    IProfSect *ps, *ps2;
    SRowSet *rows;
    MAPIUID svc, made, first;
    SPropValue prop;

    ck_assert_int_eq(create(L"Providers"), S_OK);
    sa = services_of(L"Providers");
    svc = add_service(sa, L"TESTPROV");
    ck_assert_int_eq(IMsgServiceAdmin2_AdminProviders(sa, &svc, 0, &pa), S_OK);
    ck_assert_int_eq(IProviderAdmin_GetProviderTable(pa, 0, &table), S_OK);
    rows = rows_of(table);
    ck_assert_uint_eq(rows->cRows, 3);
    memcpy(&first, find(&rows->aRow[0], PR_PROVIDER_UID)->Value.bin.lpb, 16);
    FreeProws(rows);
    IMAPITable_Release(table);

    /* CreateProvider copies the INF section and calls MSG_SERVICE_PROVIDER_CREATE. */
    prop.ulPropTag = PR_TP_NAME;
    prop.Value.lpszW = (WCHAR *)L"second transport";
    ck_assert_int_eq(IProviderAdmin_CreateProvider(pa, (LPTSTR)L"TESTPROV_XP", 1, &prop, 0, MAPI_UNICODE, &made), S_OK);
    ck_assert_int_eq(log_count_words("ctx=6(PROVIDER_CREATE)", NULL), 1);
    ck_assert_int_eq(IProviderAdmin_GetProviderTable(pa, 0, &table), S_OK);
    ck_assert_uint_eq(row_count(table), 4);
    IMAPITable_Release(table);
    ck_assert_int_eq(IProviderAdmin_OpenProfileSection(pa, &made, NULL, 0, &ps), S_OK);
    {
        SizedSPropTagArray(2, tags) = {2, {PR_TP_NAME, PR_RESOURCE_TYPE}};
        SPropValue *v;
        ULONG n;
        ck_assert_int_eq(IProfSect_GetProps(ps, (SPropTagArray *)&tags, 0, &n, &v), S_OK);
        ck_assert(!lstrcmpW(v[0].Value.lpszW, L"second transport"));
        ck_assert_int_eq(v[1].Value.l, MAPI_TRANSPORT_PROVIDER);
        MAPIFreeBuffer(v);
    }
    /* A read-only open excludes a read/write one (and clients never write provider sections). */
    ck_assert_int_eq(IProviderAdmin_OpenProfileSection(pa, &made, NULL, MAPI_MODIFY, &ps2), MAPI_E_NO_ACCESS);
    IProfSect_Release(ps);
    ck_assert_int_eq(IProviderAdmin_OpenProfileSection(pa, &made, NULL, MAPI_MODIFY, &ps2), MAPI_E_NO_ACCESS);
    ck_assert_int_eq(IProviderAdmin_OpenProfileSection(pa, &made, NULL, MAPI_MODIFY | MAPI_FORCE_ACCESS, &ps2), S_OK);
    ck_assert_int_eq(IProviderAdmin_OpenProfileSection(pa, &made, NULL, 0, &ps), MAPI_E_NO_ACCESS);
    IProfSect_Release(ps2);
    ck_assert_int_eq(IProviderAdmin_OpenProfileSection(pa, NULL, NULL, 0, &ps), MAPI_E_INVALID_PARAMETER);

    ck_assert_int_eq(IProviderAdmin_DeleteProvider(pa, &made), S_OK);
    ck_assert_int_eq(log_count_words("ctx=7(PROVIDER_DELETE)", NULL), 1);
    ck_assert_int_eq(IProviderAdmin_DeleteProvider(pa, &made), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(IProviderAdmin_CreateProvider(pa, (LPTSTR)L"NO_SUCH_SECTION", 0, NULL, 0, MAPI_UNICODE, &made),
                     MAPI_E_NOT_FOUND);
    ck_assert_int_eq(IProviderAdmin_CreateProvider(pa, NULL, 0, NULL, 0, 0, &made), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IProviderAdmin_GetProviderTable(pa, 0x2, &table), MAPI_E_UNKNOWN_FLAGS);
    IProviderAdmin_Release(pa);

    memset(&made, 0x11, sizeof(made));
    ck_assert_int_eq(IMsgServiceAdmin2_AdminProviders(sa, &made, 0, &pa), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(IMsgServiceAdmin2_AdminProviders(sa, &svc, 0x4, &pa), MAPI_E_UNKNOWN_FLAGS);
    /* A client needs MAPI_FORCE_ACCESS for a provider's section. */
    ck_assert_int_eq(IMsgServiceAdmin2_OpenProfileSection(sa, &first, NULL, 0, &ps), MAPI_E_NO_ACCESS);
    ck_assert_int_eq(IMsgServiceAdmin2_OpenProfileSection(sa, &first, NULL, MAPI_FORCE_ACCESS, &ps), S_OK);
    IProfSect_Release(ps);
    IMsgServiceAdmin2_Release(sa);
}
END_TEST

START_TEST(primary_identity)
{
    IMsgServiceAdmin2 *sa;
    IMAPITable *table;
    SRowSet *rows;
    MAPIUID svc;
    ULONG i, primaries = 0;

    ck_assert_int_eq(create(L"Identity"), S_OK);
    sa = services_of(L"Identity");
    svc = add_service(sa, L"TESTPROV");
    ck_assert_int_eq(IMsgServiceAdmin2_SetPrimaryIdentity(sa, &svc, 0), S_OK);
    ck_assert_int_eq(IMsgServiceAdmin2_GetProviderTable(sa, 0, &table), S_OK);
    rows = rows_of(table);
    for (i = 0; i < rows->cRows; i++)
        if (find(&rows->aRow[i], PR_RESOURCE_FLAGS)->Value.l & STATUS_PRIMARY_IDENTITY) primaries++;
    ck_assert_uint_eq(primaries, 1);
    FreeProws(rows);
    IMAPITable_Release(table);
    memset(&svc, 0x22, sizeof(svc));
    ck_assert_int_eq(IMsgServiceAdmin2_SetPrimaryIdentity(sa, &svc, 0), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(IMsgServiceAdmin2_SetPrimaryIdentity(sa, &svc, 1), MAPI_E_UNKNOWN_FLAGS);
    IMsgServiceAdmin2_Release(sa);
}
END_TEST

START_TEST(copy_and_rename_service)
{
    IMsgServiceAdmin2 *a, *b;
    IMAPITable *table;
    SRowSet *rows;
    MAPIUID svc, single;

    ck_assert_int_eq(create(L"Copy Src"), S_OK);
    ck_assert_int_eq(create(L"Copy Dst"), S_OK);
    a = services_of(L"Copy Src");
    b = services_of(L"Copy Dst");
    svc = add_service(a, L"TESTPROV");
    ck_assert_int_eq(IMsgServiceAdmin2_RenameMsgService(a, &svc, MAPI_UNICODE, (LPTSTR)L"Renamed Service"), S_OK);
    ck_assert_int_eq(IMsgServiceAdmin2_CopyMsgService(a, &svc, NULL, NULL, &IID_IMsgServiceAdmin, b, 0, 0), S_OK);
    ck_assert_int_eq(IMsgServiceAdmin2_GetMsgServiceTable(b, MAPI_UNICODE, &table), S_OK);
    rows = rows_of(table);
    ck_assert_uint_eq(rows->cRows, 1);
    ck_assert(!lstrcmpW(find(&rows->aRow[0], PR_DISPLAY_NAME_W)->Value.lpszW, L"Renamed Service"));
    ck_assert(memcmp(find(&rows->aRow[0], PR_SERVICE_UID)->Value.bin.lpb, &svc, 16));
    FreeProws(rows);
    IMAPITable_Release(table);
    ck_assert_int_eq(IMsgServiceAdmin2_GetProviderTable(b, 0, &table), S_OK);
    ck_assert_uint_eq(row_count(table), 3);
    IMAPITable_Release(table);

    /* Into the profile of a session (lpInterfaceDst NULL means IMAPISession). */
    {
        IMAPISession *session;
        ck_assert_int_eq(MAPILogonEx(0, (LPTSTR)L"Copy Dst", NULL,
                                     MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION | MAPI_NO_MAIL, &session), S_OK);
        ck_assert_int_eq(IMsgServiceAdmin2_CopyMsgService(a, &svc, NULL, NULL, NULL, session, 0, 0), S_OK);
        IMAPISession_Logoff(session, 0, 0, 0);
        IMAPISession_Release(session);
        ck_assert_int_eq(IMsgServiceAdmin2_GetMsgServiceTable(b, 0, &table), S_OK);
        ck_assert_uint_eq(row_count(table), 2);
        IMAPITable_Release(table);
    }

    single = add_service(a, L"TESTPROV_SINGLE");
    add_service(b, L"TESTPROV_SINGLE");
    ck_assert_int_eq(IMsgServiceAdmin2_CopyMsgService(a, &single, NULL, NULL, NULL, b, 0, 0), MAPI_E_NO_ACCESS);
    ck_assert_int_eq(IMsgServiceAdmin2_CopyMsgService(a, &svc, NULL, NULL, &IID_IMAPITable, b, 0, 0),
                     MAPI_E_INTERFACE_NOT_SUPPORTED);
    memset(&svc, 0x33, sizeof(svc));
    ck_assert_int_eq(IMsgServiceAdmin2_CopyMsgService(a, &svc, NULL, NULL, NULL, b, 0, 0), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(IMsgServiceAdmin2_RenameMsgService(a, &svc, 0, (LPTSTR)"x"), MAPI_E_NOT_FOUND);
    IMsgServiceAdmin2_Release(a);
    IMsgServiceAdmin2_Release(b);
}
END_TEST

/* ---- IProfSect ---- */

START_TEST(profsect_props)
{
    IMsgServiceAdmin2 *sa;
    IProfSect *ps, *ro;
    SPropValue props[6], *v;
    SPropProblemArray *probs = NULL;
    MAPIUID uid;
    LPSTR strs[2] = {"one", "two"};
    SBinary bins[2] = {{3, (BYTE *)"abc"}, {0, NULL}};
    ULONG n;

    ck_assert_int_eq(create(L"Props"), S_OK);
    sa = services_of(L"Props");
    memset(&uid, 0x44, sizeof(uid));
    /* Read-only open of a missing section fails; MAPI_MODIFY makes it. */
    ck_assert_int_eq(IMsgServiceAdmin2_OpenProfileSection(sa, &uid, NULL, 0, &ps), MAPI_E_NOT_FOUND);
    ps = open_section(sa, &uid, MAPI_MODIFY);

    props[0].ulPropTag = PROP_TAG(PT_STRING8, 0x6600);
    props[0].Value.lpszA = "eight bit";
    props[1].ulPropTag = PROP_TAG(PT_LONG, 0x6601);
    props[1].Value.l = -7;
    props[2].ulPropTag = PROP_TAG(PT_MV_STRING8, 0x6602);
    props[2].Value.MVszA.cValues = 2;
    props[2].Value.MVszA.lppszA = strs;
    props[3].ulPropTag = PROP_TAG(PT_MV_BINARY, 0x6603);
    props[3].Value.MVbin.cValues = 2;
    props[3].Value.MVbin.lpbin = bins;
    props[4].ulPropTag = PR_OBJECT_TYPE;
    props[4].Value.l = 1;
    props[5].ulPropTag = PROP_TAG(PT_OBJECT, 0x6604);
    props[5].Value.x = 0;
    ck_assert_int_eq(IProfSect_SetProps(ps, 6, props, &probs), S_OK);
    ck_assert_ptr_nonnull(probs);
    ck_assert_uint_eq(probs->cProblem, 2);
    ck_assert_uint_eq(probs->aProblem[0].ulIndex, 4);
    ck_assert_int_eq(probs->aProblem[0].scode, MAPI_E_COMPUTED);
    ck_assert_uint_eq(probs->aProblem[1].ulIndex, 5);
    MAPIFreeBuffer(probs);

    /* Strings come back in the width asked for; MV values survive. */
    {
        SizedSPropTagArray(5, tags) = {5, {PROP_TAG(PT_UNICODE, 0x6600), PROP_TAG(PT_UNSPECIFIED, 0x6601),
            PROP_TAG(PT_MV_UNICODE, 0x6602), PROP_TAG(PT_MV_BINARY, 0x6603), PROP_TAG(PT_LONG, 0x6605)}};
        ck_assert_int_eq(IProfSect_GetProps(ps, (SPropTagArray *)&tags, 0, &n, &v), MAPI_W_ERRORS_RETURNED);
        ck_assert(!lstrcmpW(v[0].Value.lpszW, L"eight bit"));
        ck_assert_uint_eq(v[1].ulPropTag, PROP_TAG(PT_LONG, 0x6601));
        ck_assert_int_eq(v[1].Value.l, -7);
        ck_assert_uint_eq(v[2].Value.MVszW.cValues, 2);
        ck_assert(!lstrcmpW(v[2].Value.MVszW.lppszW[1], L"two"));
        ck_assert_uint_eq(v[3].Value.MVbin.cValues, 2);
        ck_assert_uint_eq(v[3].Value.MVbin.lpbin[0].cb, 3);
        ck_assert(!memcmp(v[3].Value.MVbin.lpbin[0].lpb, "abc", 3));
        ck_assert_uint_eq(v[3].Value.MVbin.lpbin[1].cb, 0);
        ck_assert_uint_eq(v[4].ulPropTag, PROP_TAG(PT_ERROR, 0x6605));
        ck_assert_int_eq(v[4].Value.err, MAPI_E_NOT_FOUND);
        MAPIFreeBuffer(v);
    }
    /* A second, read-only object sees the change at once; it cannot write. */
    ro = open_section(sa, &uid, 0);
    ck_assert_int_eq(IProfSect_SetProps(ro, 1, props, NULL), MAPI_E_NO_ACCESS);
    {
        SizedSPropTagArray(1, del) = {1, {PROP_TAG(PT_LONG, 0x6601)}};
        SizedSPropTagArray(1, get) = {1, {PROP_TAG(PT_LONG, 0x6601)}};
        ck_assert_int_eq(IProfSect_DeleteProps(ro, (SPropTagArray *)&del, NULL), MAPI_E_NO_ACCESS);
        ck_assert_int_eq(IProfSect_DeleteProps(ps, (SPropTagArray *)&del, NULL), S_OK);
        ck_assert_int_eq(IProfSect_GetProps(ro, (SPropTagArray *)&get, 0, &n, &v), MAPI_W_ERRORS_RETURNED);
        ck_assert_uint_eq(PROP_TYPE(v->ulPropTag), PT_ERROR);
        MAPIFreeBuffer(v);
    }
    IProfSect_Release(ro);

    /* Bad input. */
    ck_assert_int_eq(IProfSect_SetProps(ps, 0, props, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IProfSect_SetProps(ps, 1, NULL, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IProfSect_GetProps(ps, NULL, 0x1, &n, &v), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IProfSect_GetProps(ps, NULL, 0, NULL, &v), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IProfSect_GetPropList(ps, 0, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IProfSect_GetIDsFromNames(ps, 0, NULL, 0, NULL), MAPI_E_NO_SUPPORT);
    ck_assert_int_eq(IProfSect_SaveChanges(ps, KEEP_OPEN_READWRITE), S_OK);
    ck_assert_int_eq(IProfSect_SaveChanges(ps, 0x100), MAPI_E_UNKNOWN_FLAGS);
    props[0].ulPropTag = PROP_TAG(PT_STRING8, 0x6606);
    props[0].Value.lpszA = NULL;
    ck_assert_int_eq(IProfSect_SetProps(ps, 1, props, &probs), S_OK);
    ck_assert_ptr_nonnull(probs);
    ck_assert_int_eq(probs->aProblem[0].scode, MAPI_E_INVALID_PARAMETER);
    MAPIFreeBuffer(probs);
    IProfSect_Release(ps);
    IMsgServiceAdmin2_Release(sa);
}
END_TEST

/* A reader of a section must see every value that stays while another
 * thread adds and deletes values beside them (values are enumerated by
 * index, and indexes shift under a concurrent add or delete). */
struct churn {
    IProfSect *ps;
    volatile LONG stop;
};

static DWORD WINAPI churn_values(void *arg)
{
    struct churn *c = arg;
    SizedSPropTagArray(1, gone) = {1, {PROP_TAG(PT_LONG, 0x6610)}};
    SPropValue v;

    v.ulPropTag = PROP_TAG(PT_LONG, 0x6610);
    v.Value.l = 1;
    while (!c->stop) {
        IProfSect_SetProps(c->ps, 1, &v, NULL);
        IProfSect_DeleteProps(c->ps, (SPropTagArray *)&gone, NULL);
    }
    return 0;
}

START_TEST(profsect_concurrent_reads)
{
    SizedSPropTagArray(1, last) = {1, {PROP_TAG(PT_LONG, 0x6620 + 7)}};
    IMsgServiceAdmin2 *sa;
    struct churn c;
    SPropValue props[8], *v;
    HANDLE thread;
    MAPIUID uid;
    ULONG n, i, misses = 0;
    int round;

    ck_assert_int_eq(create(L"Churn"), S_OK);
    sa = services_of(L"Churn");
    memset(&uid, 0x55, sizeof(uid));
    c.ps = open_section(sa, &uid, MAPI_MODIFY);
    c.stop = 0;
    for (i = 0; i < 8; i++) {
        props[i].ulPropTag = PROP_TAG(PT_LONG, 0x6620 + i);
        props[i].Value.l = i;
    }
    ck_assert_int_eq(IProfSect_SetProps(c.ps, 8, props, NULL), S_OK);
    ck_assert(thread = CreateThread(NULL, 0, churn_values, &c, 0, NULL));
    for (round = 0; round < 300; round++) {
        /* No assertion while the other thread runs: it uses this frame. */
        v = NULL;
        if (IProfSect_GetProps(c.ps, (SPropTagArray *)&last, 0, &n, &v) || v[0].ulPropTag != last.aulPropTag[0])
            misses++;
        MAPIFreeBuffer(v);
    }
    c.stop = 1;
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
    ck_assert_msg(misses == 0, "a stable value was missed in %lu of 300 reads", misses);
    IProfSect_Release(c.ps);
    IMsgServiceAdmin2_Release(sa);
}
END_TEST

START_TEST(profsect_stream_and_copy)
{
    IMsgServiceAdmin2 *sa;
    IProfSect *ps, *other;
    IStream *stream;
    SPropValue prop, *v;
    MAPIUID uid, uid2;
    char buf[64];
    ULONG got, n;
    LARGE_INTEGER zero = {{0}};

    ck_assert_int_eq(create(L"Stream"), S_OK);
    sa = services_of(L"Stream");
    memset(&uid, 0x55, sizeof(uid));
    memset(&uid2, 0x66, sizeof(uid2));
    ps = open_section(sa, &uid, MAPI_MODIFY);
    prop.ulPropTag = PROP_TAG(PT_BINARY, 0x6610);
    prop.Value.bin.cb = 5;
    prop.Value.bin.lpb = (BYTE *)"hello";
    ck_assert_int_eq(IProfSect_SetProps(ps, 1, &prop, NULL), S_OK);

    ck_assert_int_eq(IProfSect_OpenProperty(ps, prop.ulPropTag, &IID_IStream, 0, 0, (IUnknown **)&stream), S_OK);
    ck_assert_int_eq(IStream_Read(stream, buf, sizeof(buf), &got), S_OK);
    ck_assert_uint_eq(got, 5);
    ck_assert(!memcmp(buf, "hello", 5));
    ck_assert_int_ne(IStream_Write(stream, "x", 1, NULL), S_OK);   /* read-only */
    IStream_Release(stream);
    /* Writing through a stream and committing changes the property. */
    ck_assert_int_eq(IProfSect_OpenProperty(ps, prop.ulPropTag, &IID_IStream, 0, MAPI_MODIFY, (IUnknown **)&stream), S_OK);
    ck_assert_int_eq(IStream_Seek(stream, zero, STREAM_SEEK_END, NULL), S_OK);
    ck_assert_int_eq(IStream_Write(stream, " world", 6, NULL), S_OK);
    ck_assert_int_eq(IStream_Commit(stream, 0), S_OK);
    IStream_Release(stream);
    {
        SizedSPropTagArray(1, one) = {1, {prop.ulPropTag}};
        ck_assert_int_eq(IProfSect_GetProps(ps, (SPropTagArray *)&one, 0, &n, &v), S_OK);
        ck_assert_uint_eq(v->Value.bin.cb, 11);
        ck_assert(!memcmp(v->Value.bin.lpb, "hello world", 11));
        MAPIFreeBuffer(v);
    }
    ck_assert_int_eq(IProfSect_OpenProperty(ps, PROP_TAG(PT_BINARY, 0x6611), &IID_IStream, 0, 0,
                                            (IUnknown **)&stream), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(IProfSect_OpenProperty(ps, prop.ulPropTag, &IID_IMAPITable, 0, 0, (IUnknown **)&stream),
                     MAPI_E_INTERFACE_NOT_SUPPORTED);
    ck_assert_int_eq(IProfSect_OpenProperty(ps, prop.ulPropTag, NULL, 0, 0, (IUnknown **)&stream),
                     MAPI_E_INVALID_PARAMETER);

    /* CopyTo another section, then MAPI_NOREPLACE keeps what is there. */
    other = open_section(sa, &uid2, MAPI_MODIFY);
    ck_assert_int_eq(IProfSect_CopyTo(ps, 0, NULL, NULL, 0, NULL, &IID_IProfSect, other, 0, NULL), S_OK);
    prop.Value.bin.lpb = (BYTE *)"HELLO";
    ck_assert_int_eq(IProfSect_SetProps(other, 1, &prop, NULL), S_OK);
    ck_assert_int_eq(IProfSect_CopyTo(ps, 0, NULL, NULL, 0, NULL, &IID_IProfSect, other, MAPI_NOREPLACE, NULL), S_OK);
    {
        SizedSPropTagArray(1, one) = {1, {prop.ulPropTag}};
        ck_assert_int_eq(IProfSect_GetProps(other, (SPropTagArray *)&one, 0, &n, &v), S_OK);
        ck_assert(!memcmp(v->Value.bin.lpb, "HELLO", 5));
        MAPIFreeBuffer(v);
    }
    ck_assert_int_eq(IProfSect_CopyTo(ps, 0, NULL, NULL, 0, NULL, &IID_IProfSect, ps, 0, NULL), MAPI_E_NO_ACCESS);
    ck_assert_int_eq(IProfSect_CopyTo(ps, 0, NULL, NULL, 0, NULL, &IID_IMAPITable, other, 0, NULL),
                     MAPI_E_INTERFACE_NOT_SUPPORTED);
    ck_assert_int_eq(IProfSect_CopyProps(ps, NULL, 0, NULL, &IID_IProfSect, other, 0, NULL), MAPI_E_INVALID_PARAMETER);
    IProfSect_Release(other);
    IProfSect_Release(ps);
    IMsgServiceAdmin2_Release(sa);
}
END_TEST


/* The byte images in the registry (mapi-spec.md 4.2) and every scalar type back. */
START_TEST(value_images)
{
    IMsgServiceAdmin2 *sa;
    IProfSect *ps;
    SPropValue props[7], *v;
    GUID clsid = {0x12345678, 0x9abc, 0xdef0, {1, 2, 3, 4, 5, 6, 7, 8}};
    LONG longs[3] = {1, -1, 0x7fffffff};
    MAPIUID uid;
    WCHAR path[512];
    BYTE raw[64];
    DWORD type;
    ULONG n;

    ck_assert_int_eq(create(L"Images"), S_OK);
    sa = services_of(L"Images");
    memset(&uid, 0x88, sizeof(uid));
    ps = open_section(sa, &uid, MAPI_MODIFY);
    props[0].ulPropTag = PR_RESOURCE_TYPE;
    props[0].Value.l = MAPI_AB_PROVIDER;
    props[1].ulPropTag = PROP_TAG(PT_BOOLEAN, 0x6620);
    props[1].Value.b = TRUE;
    props[2].ulPropTag = PROP_TAG(PT_SYSTIME, 0x6621);
    props[2].Value.ft.dwLowDateTime = 0x11223344;
    props[2].Value.ft.dwHighDateTime = 0x55667788;
    props[3].ulPropTag = PROP_TAG(PT_I8, 0x6622);
    props[3].Value.li.QuadPart = -5;
    props[4].ulPropTag = PROP_TAG(PT_CLSID, 0x6623);
    props[4].Value.lpguid = &clsid;
    props[5].ulPropTag = PROP_TAG(PT_MV_LONG, 0x6624);
    props[5].Value.MVl.cValues = 3;
    props[5].Value.MVl.lpl = longs;
    props[6].ulPropTag = PROP_TAG(PT_UNICODE, 0x6625);
    props[6].Value.lpszW = (WCHAR *)L"\x263a smile";
    ck_assert_int_eq(IProfSect_SetProps(ps, 7, props, NULL), S_OK);

    section_path(path, L"Images", &uid);
    ck_assert_int_eq(reg_value(path, L"00033e03", raw, sizeof(raw), &type), 4);
    ck_assert_int_eq(type, REG_BINARY);
    ck_assert(!memcmp(raw, "\x23\0\0\0", 4));
    ck_assert_int_eq(reg_value(path, L"000b6620", raw, sizeof(raw), &type), 2);
    ck_assert(!memcmp(raw, "\1\0", 2));
    ck_assert_int_eq(reg_value(path, L"00406621", raw, sizeof(raw), &type), 8);
    ck_assert_int_eq(reg_value(path, L"00486623", raw, sizeof(raw), &type), 16);
    ck_assert(!memcmp(raw, &clsid, 16));
    ck_assert_int_eq(reg_value(path, L"10036624", raw, sizeof(raw), &type), 16);
    ck_assert_int_eq(reg_value(path, L"001f6625", raw, sizeof(raw), &type), 8 * 2);   /* with the terminator */

    {
        SizedSPropTagArray(7, tags) = {7, {PR_RESOURCE_TYPE, PROP_TAG(PT_BOOLEAN, 0x6620), PROP_TAG(PT_SYSTIME, 0x6621),
            PROP_TAG(PT_I8, 0x6622), PROP_TAG(PT_CLSID, 0x6623), PROP_TAG(PT_MV_LONG, 0x6624), PROP_TAG(PT_STRING8, 0x6625)}};
        ck_assert_int_eq(IProfSect_GetProps(ps, (SPropTagArray *)&tags, 0, &n, &v), S_OK);
        ck_assert_int_eq(v[0].Value.l, MAPI_AB_PROVIDER);
        ck_assert_int_eq(v[1].Value.b, 1);
        ck_assert_uint_eq(v[2].Value.ft.dwHighDateTime, 0x55667788);
        ck_assert(v[3].Value.li.QuadPart == -5);
        ck_assert(IsEqualGUID(v[4].Value.lpguid, &clsid));
        ck_assert_uint_eq(v[5].Value.MVl.cValues, 3);
        ck_assert_int_eq(v[5].Value.MVl.lpl[1], -1);
        ck_assert_ptr_nonnull(strstr(v[6].Value.lpszA, " smile"));   /* converted to 8-bit */
        MAPIFreeBuffer(v);
    }
    IProfSect_Release(ps);
    IMsgServiceAdmin2_Release(sa);
}
END_TEST


/* A profile in use by a session is deleted when its last session ends. */
START_TEST(delete_in_use)
{
    IMsgServiceAdmin2 *sa;
    IMsgServiceAdmin *sa1 = NULL;
    IMAPISession *session = NULL;
    IMAPITable *table;
    SRowSet *rows;
    ULONG i;

    ck_assert_int_eq(create(L"In Use"), S_OK);
    sa = services_of(L"In Use");
    add_service(sa, L"TESTPROV_SINGLE");
    IMsgServiceAdmin2_Release(sa);
    ck_assert_int_eq(MAPILogonEx(0, (LPTSTR)L"In Use", NULL,
                                 MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION | MAPI_NO_MAIL, &session), S_OK);

    ck_assert_int_eq(IProfAdmin_DeleteProfile(admin, (LPTSTR)L"In Use", MAPI_UNICODE), S_OK);
    /* Gone from view at once, still there for its session. */
    ck_assert_int_eq(IProfAdmin_GetProfileTable(admin, MAPI_UNICODE, &table), S_OK);
    rows = rows_of(table);
    for (i = 0; i < rows->cRows; i++)
        ck_assert(lstrcmpW(find(&rows->aRow[i], PR_DISPLAY_NAME_W)->Value.lpszW, L"In Use"));
    FreeProws(rows);
    IMAPITable_Release(table);
    ck_assert_int_eq(IProfAdmin_AdminServices(admin, (LPTSTR)L"In Use", NULL, 0, MAPI_UNICODE, &sa1),
                     MAPI_E_LOGON_FAILED);
    ck_assert_int_eq(create(L"In Use"), MAPI_E_NO_ACCESS);
    ck_assert(key_exists(HKEY_CURRENT_USER, L"Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\In Use"));
    ck_assert_int_eq(log_count_words("ctx=4(DELETE)", NULL), 0);

    ck_assert_int_eq(IMAPISession_Logoff(session, 0, 0, 0), S_OK);
    IMAPISession_Release(session);
    ck_assert(!key_exists(HKEY_CURRENT_USER, L"Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\In Use"));
    ck_assert_int_eq(log_count_words("ctx=4(DELETE)", NULL), 1);
    ck_assert_int_eq(create(L"In Use"), S_OK);
}
END_TEST

/* ---- other writers: the legacy key, scripts, corrupt values ---- */

static void put(HKEY key, const WCHAR *name, DWORD type, const void *data, DWORD cb)
{
    ck_assert_int_eq(RegSetValueExW(key, name, 0, type, data, cb), ERROR_SUCCESS);
}

START_TEST(legacy_profile_by_hand)
{
    static const BYTE mv32[] = {2, 0, 0, 0, 12, 0, 0, 0, 16, 0, 0, 0, 'a', 'b', 'c', 0, 'x', 'y', 0};
    IMsgServiceAdmin2 *sa;
    IMAPITable *table;
    IProfSect *ps;
    SRowSet *rows;
    SPropValue *v;
    HKEY key;
    MAPIUID uid;
    ULONG n, i;
    BOOL seen = FALSE;
    DWORD dw = 42;
    BYTE junk[3] = {9, 9, 9};

    /* What an old admin script leaves: the legacy key, REG_SZ and REG_DWORD values. */
    memset(&uid, 0x77, sizeof(uid));
    ck_assert_int_eq(RegCreateKeyExW(HKEY_CURRENT_USER,
        L"Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows Messaging Subsystem\\Profiles\\Old Script\\"
        L"77777777777777777777777777777777", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL), ERROR_SUCCESS);
    put(key, L"001e3001", REG_SZ, L"Written by hand", sizeof(L"Written by hand"));
    put(key, L"00036601", REG_DWORD, &dw, 4);
    put(key, L"101e6602", REG_BINARY, mv32, sizeof(mv32));
    put(key, L"101e6603", REG_BINARY, junk, sizeof(junk));       /* corrupt */
    put(key, L"not a property", REG_SZ, L"x", 4);
    RegCloseKey(key);
    ck_assert_int_eq(RegSetKeyValueW(HKEY_CURRENT_USER, legacy_key, L"DefaultProfile", REG_SZ, L"Old Script",
                                     sizeof(L"Old Script")), ERROR_SUCCESS);

    ck_assert_int_eq(IProfAdmin_GetProfileTable(admin, MAPI_UNICODE, &table), S_OK);
    rows = rows_of(table);
    for (i = 0; i < rows->cRows; i++)
        if (!lstrcmpW(find(&rows->aRow[i], PR_DISPLAY_NAME_W)->Value.lpszW, L"Old Script")) {
            seen = TRUE;
            ck_assert(find(&rows->aRow[i], PR_DEFAULT_PROFILE)->Value.b);
        }
    ck_assert(seen);
    FreeProws(rows);
    IMAPITable_Release(table);

    sa = services_of(L"Old Script");
    ps = open_section(sa, &uid, 0);
    {
        SizedSPropTagArray(4, tags) = {4, {PR_DISPLAY_NAME_W, PROP_TAG(PT_LONG, 0x6601), PROP_TAG(PT_MV_STRING8, 0x6602),
                                           PROP_TAG(PT_MV_STRING8, 0x6603)}};
        ck_assert_int_eq(IProfSect_GetProps(ps, (SPropTagArray *)&tags, 0, &n, &v), MAPI_W_ERRORS_RETURNED);
        ck_assert(!lstrcmpW(v[0].Value.lpszW, L"Written by hand"));
        ck_assert_int_eq(v[1].Value.l, 42);
        ck_assert_uint_eq(v[2].Value.MVszA.cValues, 2);
        ck_assert(!strcmp(v[2].Value.MVszA.lppszA[0], "abc"));
        ck_assert(!strcmp(v[2].Value.MVszA.lppszA[1], "xy"));
        ck_assert_uint_eq(v[3].ulPropTag, PROP_TAG(PT_ERROR, 0x6603));
        ck_assert_int_eq(v[3].Value.err, MAPI_E_CORRUPT_DATA);
        MAPIFreeBuffer(v);
    }
    /* GetProps(NULL) reports the corrupt one as an error and the rest as values. */
    ck_assert_int_eq(IProfSect_GetProps(ps, NULL, 0, &n, &v), MAPI_W_ERRORS_RETURNED);
    ck_assert_ptr_nonnull(PpropFindProp(v, n, PROP_TAG(PT_LONG, 0x6601)));
    MAPIFreeBuffer(v);
    IProfSect_Release(ps);
    IMsgServiceAdmin2_Release(sa);

    /* Changes go where the profile lives; a new one goes to 16.0. */
    ck_assert_int_eq(create(L"Old Script"), MAPI_E_NO_ACCESS);
    ck_assert_int_eq(IProfAdmin_DeleteProfile(admin, (LPTSTR)L"Old Script", MAPI_UNICODE), S_OK);
    ck_assert(!key_exists(HKEY_CURRENT_USER,
        L"Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows Messaging Subsystem\\Profiles\\Old Script"));
}
END_TEST

/* ---- MAPISVC.INF problems ---- */

static void write_inf(const char *text)
{
    WCHAR path[MAX_PATH];
    HANDLE f;
    DWORD done;

    GetSystemDirectoryW(path, MAX_PATH);
    lstrcatW(path, L"\\MAPISVC.INF");
    f = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ck_assert(f != INVALID_HANDLE_VALUE);
    WriteFile(f, text, (DWORD)strlen(text), &done, NULL);
    CloseHandle(f);
}

START_TEST(mapisvc_inf_problems)
{
    IMsgServiceAdmin2 *sa;
    IMAPITable *table;
    LPMAPIERROR err;
    MAPIUID uid;

    ck_assert_int_eq(create(L"Inf"), S_OK);
    sa = services_of(L"Inf");
    /* A malformed line is reported with its line number; the rest still works. */
    write_inf("[Services]\r\nGOOD=Good Service\r\nNOPROV=No Providers\r\n\r\n"
              "[GOOD]\r\nProviders=GOOD_AB\r\nPR_RESOURCE_FLAGS=NOT_A_FLAG\r\n\r\n"
              "[GOOD_AB]\r\nPR_DISPLAY_NAME=Good AB\r\nPR_RESOURCE_TYPE=MAPI_AB_PROVIDER\r\n"
              "PR_PROVIDER_DLL_NAME=nosuch.dll\r\n\r\n[NOPROV]\r\nPR_DISPLAY_NAME=x\r\n");
    ck_assert_int_eq(IMsgServiceAdmin2_CreateMsgServiceEx(sa, (LPTSTR)"GOOD", NULL, 0, 0, &uid), S_OK);
    ck_assert_int_eq(IMsgServiceAdmin2_GetLastError(sa, S_OK, 0, &err), S_OK);
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(strstr((char *)err->lpszError, "MAPISVC.INF:7"));
    MAPIFreeBuffer(err);
    ck_assert_int_eq(IMsgServiceAdmin2_GetProviderTable(sa, 0, &table), S_OK);
    ck_assert_uint_eq(row_count(table), 1);
    IMAPITable_Release(table);
    /* A service without Providers= is refused with the reason. */
    ck_assert_int_eq(IMsgServiceAdmin2_CreateMsgService(sa, (LPTSTR)"NOPROV", NULL, 0, 0), MAPI_E_NOT_FOUND);
    ck_assert_int_eq(IMsgServiceAdmin2_GetLastError(sa, MAPI_E_NOT_FOUND, 0, &err), S_OK);
    ck_assert_ptr_nonnull(strstr((char *)err->lpszError, "Providers="));
    MAPIFreeBuffer(err);
    /* No file at all. */
    {
        WCHAR path[MAX_PATH];
        GetSystemDirectoryW(path, MAX_PATH);
        lstrcatW(path, L"\\MAPISVC.INF");
        ck_assert(DeleteFileW(path));
    }
    ck_assert_int_eq(IMsgServiceAdmin2_CreateMsgService(sa, (LPTSTR)"GOOD", NULL, 0, 0), MAPI_E_NOT_FOUND);
    IMsgServiceAdmin2_Release(sa);
}
END_TEST

START_TEST(default_services)
{
    IMsgServiceAdmin2 *sa;
    IMAPITable *table;

    write_inf("[Services]\r\nTESTPROV=FreeMAPI Test Service\r\n[Default Services]\r\nTESTPROV=FreeMAPI Test Service\r\n"
              "[TESTPROV]\r\nProviders=TESTPROV_AB\r\nPR_SERVICE_DLL_NAME=testprov.dll\r\nPR_SERVICE_ENTRY_NAME=ServiceEntry\r\n"
              "[TESTPROV_AB]\r\nPR_DISPLAY_NAME=AB\r\nPR_PROVIDER_DLL_NAME=testprov.dll\r\nPR_RESOURCE_TYPE=MAPI_AB_PROVIDER\r\n");
    ck_assert_int_eq(IProfAdmin_CreateProfile(admin, (LPTSTR)L"Defaults", NULL, 0, MAPI_UNICODE | MAPI_DEFAULT_SERVICES), S_OK);
    ck_assert_int_eq(log_count_words("ctx=2(CREATE)", NULL), 1);
    sa = services_of(L"Defaults");
    ck_assert_int_eq(IMsgServiceAdmin2_GetMsgServiceTable(sa, 0, &table), S_OK);
    ck_assert_uint_eq(row_count(table), 1);
    IMAPITable_Release(table);
    IMsgServiceAdmin2_Release(sa);
    /* A default service that refuses: no profile is left behind. */
    SetEnvironmentVariableW(L"TESTPROV_SVC_RESULT_2", L"8004011C");
    ck_assert_int_eq(IProfAdmin_CreateProfile(admin, (LPTSTR)L"Defaults2", NULL, 0, MAPI_UNICODE | MAPI_DEFAULT_SERVICES),
                     MAPI_E_UNCONFIGURED);
    SetEnvironmentVariableW(L"TESTPROV_SVC_RESULT_2", NULL);
    ck_assert(!key_exists(HKEY_CURRENT_USER, L"Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Defaults2"));
}
END_TEST

/* ---- two processes editing one profile ---- */

#define CHILDREN 3
#define PER_CHILD 4

static int child_main(const char *profile)
{
    IMsgServiceAdmin *sa;
    IProfAdmin *pa;
    int i, bad = 0;

    if (MAPIInitialize(NULL) || MAPIAdminProfiles(0, &pa)) return 2;
    if (IProfAdmin_AdminServices(pa, (LPTSTR)profile, NULL, 0, 0, &sa)) return 3;
    for (i = 0; i < PER_CHILD; i++)
        if (IMsgServiceAdmin_CreateMsgService(sa, (LPTSTR)"TESTPROV", NULL, 0, 0)) bad++;
    IMsgServiceAdmin_Release(sa);
    IProfAdmin_Release(pa);
    MAPIUninitialize();
    return bad ? 4 : 0;
}

START_TEST(two_processes)
{
    PROCESS_INFORMATION pi[CHILDREN];
    IMsgServiceAdmin2 *sa;
    IProfSect *root;
    IMAPITable *table;
    MAPIUID services[32], stores[32], xps[32];
    char exe[MAX_PATH], cmd[MAX_PATH + 64];
    ULONG i, j, nsvc;

    ck_assert_int_eq(create(L"Shared"), S_OK);
    GetModuleFileNameA(NULL, exe, sizeof(exe));
    for (i = 0; i < CHILDREN; i++) {
        STARTUPINFOA si;
        memset(&si, 0, sizeof(si));
        si.cb = sizeof(si);
        sprintf(cmd, "\"%s\" child Shared", exe);
        ck_assert(CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi[i]));
    }
    for (i = 0; i < CHILDREN; i++) {
        DWORD code = 1;
        ck_assert_int_eq(WaitForSingleObject(pi[i].hProcess, 120000), WAIT_OBJECT_0);
        GetExitCodeProcess(pi[i].hProcess, &code);
        ck_assert_int_eq(code, 0);
        CloseHandle(pi[i].hProcess);
        CloseHandle(pi[i].hThread);
    }
    /* Every service made it, each list is whole and names only sections that exist. */
    sa = services_of(L"Shared");
    root = open_section(sa, &root_uid, 0);
    nsvc = uid_list(root, PR_SERVICES, services, 32);
    ck_assert_uint_eq(nsvc, CHILDREN * PER_CHILD);
    ck_assert_uint_eq(uid_list(root, PR_STORE_PROVIDERS, stores, 32), CHILDREN * PER_CHILD);
    ck_assert_uint_eq(uid_list(root, PR_TRANSPORT_PROVIDERS, xps, 32), CHILDREN * PER_CHILD);
    for (i = 0; i < nsvc; i++) {
        IProfSect *ps = open_section(sa, &services[i], 0);
        IProfSect_Release(ps);
        ps = open_section(sa, &stores[i], MAPI_FORCE_ACCESS);
        IProfSect_Release(ps);
        for (j = 0; j < i; j++) ck_assert(memcmp(&services[i], &services[j], 16));
    }
    ck_assert_int_eq(IMsgServiceAdmin2_GetProviderTable(sa, 0, &table), S_OK);
    ck_assert_uint_eq(row_count(table), 3 * CHILDREN * PER_CHILD);
    IMAPITable_Release(table);
    IProfSect_Release(root);
    IMsgServiceAdmin2_Release(sa);
}
END_TEST

static Suite *profile_suite(void)
{
    Suite *s = suite_create("profile");
    TCase *tc = tcase_create("admin");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, admin_needs_init);
    tcase_add_test(tc, create_profile_layout);
    tcase_add_test(tc, create_profile_errors);
    tcase_add_test(tc, profile_table_and_default);
    tcase_add_test(tc, copy_rename_delete);
    tcase_add_test(tc, admin_services_errors);
    tcase_add_test(tc, create_service_links);
    tcase_add_test(tc, create_service_errors);
    tcase_add_test(tc, configure_and_secure_props);
    tcase_add_test(tc, delete_service);
    tcase_add_test(tc, transport_order);
    tcase_add_test(tc, provider_admin);
    tcase_add_test(tc, primary_identity);
    tcase_add_test(tc, copy_and_rename_service);
    tcase_add_test(tc, profsect_props);
    tcase_add_test(tc, profsect_concurrent_reads);
    tcase_add_test(tc, profsect_stream_and_copy);
    tcase_add_test(tc, value_images);
    tcase_add_test(tc, delete_in_use);
    tcase_add_test(tc, legacy_profile_by_hand);
    tcase_add_test(tc, two_processes);
    /* These two rewrite MAPISVC.INF: last. */
    tcase_add_test(tc, mapisvc_inf_problems);
    tcase_add_test(tc, default_services);
    suite_add_tcase(s, tc);
    return s;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "child")) return child_main(argv[2]);
    harness_require_freemapi();
    return harness_run(profile_suite());
}
