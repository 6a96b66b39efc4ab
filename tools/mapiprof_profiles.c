/*
 * mapiprof: MAPI start-up, the profile table, and the profile commands
 * (list, create, delete, copy, rename, default).
 */
#include "mapiprof.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* MAPI start-up and the profile table.                                      */

LPPROFADMIN mp_admin;
static int mapi_started;

int mp_start_mapi(void)
{
    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr)) return fail_hr(hr, NULL, "cannot start MAPI (MAPIInitialize)");
    mapi_started = 1;
    hr = MAPIAdminProfiles(0, &mp_admin);
    if (FAILED(hr)) {
        mp_admin = NULL;
        return fail_hr(hr,
                       hr == MAPI_E_NO_SUPPORT || hr == E_NOTIMPL
                           ? "this mapi32.dll does not implement profile administration "
                             "(MAPIAdminProfiles) yet"
                           : NULL,
                       "cannot administer profiles");
    }
    return 0;
}

void mp_stop_mapi(void)
{
    if (mp_admin) IProfAdmin_Release(mp_admin);
    mp_admin = NULL;
    if (mapi_started) MAPIUninitialize();
    mapi_started = 0;
}

/* A name for an LPTSTR argument: ANSI, since MAPI_UNICODE is not accepted by
 * every IProfAdmin method.  NULL (after a message) if it does not fit. */
char *mp_ansi_arg(const char *utf8, const char *what)
{
    char *a = utf8_to_acp(utf8);
    if (!a) fail_msg("%s \"%s\" has characters that the ANSI code page cannot hold", what, utf8);
    return a;
}

void mp_free_profiles(struct profile *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) free(p[i].name);
    free(p);
}

HRESULT mp_get_profiles(struct profile **out, size_t *count)
{
    static const SizedSPropTagArray(2, cols) = { 2, { PR_DISPLAY_NAME_A, PR_DEFAULT_PROFILE } };
    LPMAPITABLE table = NULL;
    LPSRowSet rows = NULL;
    struct profile *p;
    HRESULT hr;
    ULONG i;

    *out = NULL;
    *count = 0;
    hr = IProfAdmin_GetProfileTable(mp_admin, 0, &table);
    if (FAILED(hr)) return hr;
    hr = read_table(table, (const SPropTagArray *)&cols, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return hr;
    p = xmalloc((rows->cRows ? rows->cRows : 1) * sizeof(*p));
    for (i = 0; i < rows->cRows; i++) {
        const SPropValue *def = row_prop(&rows->aRow[i], PR_DEFAULT_PROFILE);
        p[*count].name = row_string(&rows->aRow[i], PROP_ID(PR_DISPLAY_NAME_A));
        if (!p[*count].name) continue;
        p[*count].is_default = def && def->Value.b;
        (*count)++;
    }
    FreeProws(rows);
    *out = p;
    return S_OK;
}

int mp_same_name(const char *a, const char *b)
{
    WCHAR *wa = utf8_to_wide(a), *wb = utf8_to_wide(b);
    int same = wa && wb && _wcsicmp(wa, wb) == 0;
    free(wa);
    free(wb);
    return same;
}

/* 1 if the profile exists, 0 if not, -1 if the table cannot be read. */
int mp_profile_exists(const char *name)
{
    struct profile *p;
    size_t n, i;
    int found = 0;
    if (FAILED(mp_get_profiles(&p, &n))) return -1;
    for (i = 0; i < n; i++)
        if (mp_same_name(p[i].name, name)) found = 1;
    mp_free_profiles(p, n);
    return found;
}

/* The default profile's name (malloc'ed), or NULL. */
char *mp_default_profile(void)
{
    struct profile *p;
    size_t n, i;
    char *name = NULL;
    if (FAILED(mp_get_profiles(&p, &n))) return NULL;
    for (i = 0; i < n; i++)
        if (p[i].is_default && !name) name = xstrdup(p[i].name);
    mp_free_profiles(p, n);
    return name;
}

/* A sentence for an error that may mean "no such profile". */
static const char *why_missing(HRESULT hr, const char *name)
{
    if (hr == MAPI_E_NOT_FOUND || hr == MAPI_E_LOGON_FAILED) {
        if (mp_profile_exists(name) == 0) return "there is no profile of that name";
    }
    return NULL;
}

int mp_open_services(const char *name, LPSERVICEADMIN *sa)
{
    char *a = mp_ansi_arg(name, "the profile name");
    HRESULT hr;
    *sa = NULL;
    if (!a) return 1;
    hr = IProfAdmin_AdminServices(mp_admin, a, NULL, 0, 0, sa);
    free(a);
    if (FAILED(hr)) {
        *sa = NULL;
        return fail_hr(hr, why_missing(hr, name), "cannot open profile \"%s\"", name);
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Profile commands.                                                         */

int cmd_list(int argc, char **argv)
{
    struct profile *p;
    size_t n, i;
    HRESULT hr;
    (void)argv;
    if (argc != 0) return mp_usage_error("list takes no arguments");
    if (mp_start_mapi()) return 1;
    hr = mp_get_profiles(&p, &n);
    if (FAILED(hr)) return fail_hr(hr, NULL, "cannot read the profile table");
    for (i = 0; i < n; i++) outf("%s %s\n", p[i].is_default ? "*" : " ", p[i].name);
    if (!n) outf("(no profiles)\n");
    mp_free_profiles(p, n);
    return 0;
}

int mp_set_default(const char *name)
{
    char *a = NULL;
    HRESULT hr;
    if (name && !(a = mp_ansi_arg(name, "the profile name"))) return 1;
    hr = IProfAdmin_SetDefaultProfile(mp_admin, a, 0);
    free(a);
    if (FAILED(hr)) {
        if (!name) return fail_hr(hr, NULL, "cannot clear the default profile");
        const char *why = why_missing(hr, name);
        if (!why && hr == MAPI_E_CALL_FAILED) why = "this profile cannot be the default";
        return fail_hr(hr, why, "cannot make \"%s\" the default profile", name);
    }
    return 0;
}

int cmd_create(int argc, char **argv)
{
    const char *name = NULL;
    int make_default = 0, i;
    ULONG flags = 0;
    char *a;
    HRESULT hr;

    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--default") == 0) make_default = 1;
        else if (strcmp(argv[i], "--default-services") == 0) flags |= MAPI_DEFAULT_SERVICES;
        else if (argv[i][0] == '-' && argv[i][1]) return mp_usage_error("create: unknown option '%s'", argv[i]);
        else if (!name) name = argv[i];
        else return mp_usage_error("create: unexpected argument '%s'", argv[i]);
    }
    if (!name) return mp_usage_error("create needs a profile name");
    if (!*name) return fail_msg("a profile name cannot be empty");
    if (mp_start_mapi()) return 1;
    if (!(a = mp_ansi_arg(name, "the profile name"))) return 1;
    hr = IProfAdmin_CreateProfile(mp_admin, a, NULL, 0, flags);
    free(a);
    if (FAILED(hr)) {
        const char *why = NULL;
        if (hr == MAPI_E_NO_ACCESS && mp_profile_exists(name) == 1) why = "it already exists";
        else if (hr == MAPI_E_INVALID_PARAMETER) why = "MAPI does not accept that name";
        return fail_hr(hr, why, "cannot create profile \"%s\"", name);
    }
    outf("created profile \"%s\"\n", name);
    if (make_default) {
        if (mp_set_default(name)) return 1;
        outf("\"%s\" is now the default profile\n", name);
    }
    return 0;
}

int cmd_delete(int argc, char **argv)
{
    char *a;
    HRESULT hr;
    if (argc != 1) return mp_usage_error("delete needs exactly one profile name");
    if (mp_start_mapi()) return 1;
    if (!(a = mp_ansi_arg(argv[0], "the profile name"))) return 1;
    hr = IProfAdmin_DeleteProfile(mp_admin, a, 0);
    free(a);
    if (FAILED(hr))
        return fail_hr(hr, hr == MAPI_E_NOT_FOUND ? "there is no profile of that name" : NULL,
                       "cannot delete profile \"%s\"", argv[0]);
    outf("deleted profile \"%s\"\n", argv[0]);
    return 0;
}

static int cmd_copy_rename(int argc, char **argv, int rename)
{
    const char *verb = rename ? "rename" : "copy";
    char *a, *b;
    HRESULT hr;
    if (argc != 2) return mp_usage_error("%s needs OLD and NEW names", verb);
    if (!*argv[1]) return fail_msg("a profile name cannot be empty");
    if (mp_start_mapi()) return 1;
    if (!(a = mp_ansi_arg(argv[0], "the profile name"))) return 1;
    if (!(b = mp_ansi_arg(argv[1], "the profile name"))) {
        free(a);
        return 1;
    }
    hr = rename ? IProfAdmin_RenameProfile(mp_admin, a, NULL, b, 0, 0)
                : IProfAdmin_CopyProfile(mp_admin, a, NULL, b, 0, 0);
    free(a);
    free(b);
    if (FAILED(hr)) {
        const char *why = why_missing(hr, argv[0]);
        if (!why && (hr == MAPI_E_NO_ACCESS || hr == MAPI_E_COLLISION) && mp_profile_exists(argv[1]) == 1)
            why = "a profile with the new name already exists";
        else if (!why && hr == MAPI_E_NO_ACCESS && mp_profile_exists(argv[0]) == 0)
            why = "there is no profile of that name";
        return fail_hr(hr, why, "cannot %s profile \"%s\" to \"%s\"", verb, argv[0], argv[1]);
    }
    outf("%s profile \"%s\" to \"%s\"\n", rename ? "renamed" : "copied", argv[0], argv[1]);
    return 0;
}

int cmd_copy(int argc, char **argv)
{
    return cmd_copy_rename(argc, argv, 0);
}

int cmd_rename(int argc, char **argv)
{
    return cmd_copy_rename(argc, argv, 1);
}

int cmd_default(int argc, char **argv)
{
    if (argc != 1) return mp_usage_error("default needs a profile name or --clear");
    if (mp_start_mapi()) return 1;
    if (strcmp(argv[0], "--clear") == 0) {
        if (mp_set_default(NULL)) return 1;
        outf("no profile is the default now\n");
        return 0;
    }
    if (mp_set_default(argv[0])) return 1;
    outf("\"%s\" is now the default profile\n", argv[0]);
    return 0;
}
