/*
 * mapiprof: MAPI profiles from the command line, for people who have no
 * "Mail" control panel.  It talks to mapi32.dll only through the public API
 * (mapi-spec.md section 6): MAPIAdminProfiles -> IProfAdmin -> AdminServices
 * -> IMsgServiceAdmin(2) -> profile sections and tables.
 *
 * Run "mapiprof --help" for the commands.  Errors are one sentence on stderr
 * with the MAPI code's name and value; the exit status is 0 on success, 1 on
 * failure and 2 for a usage error.
 */
#include "mapiprof_util.h"

#include <shellapi.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <mapiaux.h>
#include <mapicode.h>
#include <mapiguid.h>
#include <mapitags.h>

#include "mapisvc_inf.h"

/* IID_IMsgServiceAdmin2 and the other MAPI GUIDs, defined here once. */
#define INITGUID
#include <mapiguid.h>

#define USAGE_STATUS 2

static const char usage_text[] =
    "Usage: mapiprof COMMAND [ARGUMENTS]\n"
    "\n"
    "MAPI profiles without Outlook's Mail control panel.\n"
    "\n"
    "Profiles:\n"
    "  list                              the profiles; '*' marks the default one\n"
    "  create NAME [--default] [--default-services]\n"
    "                                    a new, empty profile (--default-services adds\n"
    "                                    MAPISVC.INF's [Default Services])\n"
    "  delete NAME                       delete a profile\n"
    "  copy OLD NEW                      copy a profile\n"
    "  rename OLD NEW                    rename a profile\n"
    "  default NAME | --clear            make NAME the default profile, or clear it\n"
    "\n"
    "Message services:\n"
    "  services NAME                     the services in a profile (display name,\n"
    "                                    service name, UID)\n"
    "  providers NAME                    the providers in a profile\n"
    "  add-service NAME SERVICE [--display TEXT] [--set TAG=VALUE ...]\n"
    "                                    add a service listed in MAPISVC.INF and configure it\n"
    "  remove-service NAME SERVICE       SERVICE is a UID (32 hex digits) or a service name\n"
    "  configure NAME SERVICE --set TAG=VALUE ...\n"
    "                                    pass properties to the service's configuration\n"
    "  dump NAME                         every profile section with all its properties\n"
    "\n"
    "PRF files (Outlook profile files):\n"
    "  import FILE.prf [--name NAME] [--strict]\n"
    "                                    create a profile from a PRF file\n"
    "                                    (--strict: refuse a file with any problem)\n"
    "  export NAME FILE.prf              write a PRF file that import reads back ('-' = stdout)\n"
    "\n"
    "TAG is a PR_* name (PR_DISPLAY_NAME, PR_DISPLAY_NAME_W ...) or 8 hex digits in\n"
    "PROP_TAG order (6600001F).  VALUE follows the tag's type: decimal or 0x hex for\n"
    "numbers, TRUE/FALSE for booleans, hex digits for binary, text for strings (one\n"
    "pair of double quotes is removed), comma-separated items for multi-valued types.\n";

static int usage_error(const char *fmt, ...) __attribute__((format(gnu_printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    errf("mapiprof: %s\nTry 'mapiprof --help'.\n", text);
    return USAGE_STATUS;
}

/* ------------------------------------------------------------------------ */
/* MAPI start-up and the profile table.                                      */

static LPPROFADMIN admin;
static int mapi_started;

static int start_mapi(void)
{
    HRESULT hr = MAPIInitialize(NULL);
    if (FAILED(hr)) return fail_hr(hr, NULL, "cannot start MAPI (MAPIInitialize)");
    mapi_started = 1;
    hr = MAPIAdminProfiles(0, &admin);
    if (FAILED(hr)) {
        admin = NULL;
        return fail_hr(hr,
                       hr == MAPI_E_NO_SUPPORT || hr == E_NOTIMPL
                           ? "this mapi32.dll does not implement profile administration "
                             "(MAPIAdminProfiles) yet"
                           : NULL,
                       "cannot administer profiles");
    }
    return 0;
}

static void stop_mapi(void)
{
    if (admin) IProfAdmin_Release(admin);
    admin = NULL;
    if (mapi_started) MAPIUninitialize();
    mapi_started = 0;
}

/* A name for an LPTSTR argument: ANSI, since MAPI_UNICODE is not accepted by
 * every IProfAdmin method.  NULL (after a message) if it does not fit. */
static char *ansi_arg(const char *utf8, const char *what)
{
    char *a = utf8_to_acp(utf8);
    if (!a) fail_msg("%s \"%s\" has characters that the ANSI code page cannot hold", what, utf8);
    return a;
}

struct profile {
    char *name;
    int is_default;
};

static void free_profiles(struct profile *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) free(p[i].name);
    free(p);
}

static HRESULT get_profiles(struct profile **out, size_t *count)
{
    static const SizedSPropTagArray(2, cols) = { 2, { PR_DISPLAY_NAME_A, PR_DEFAULT_PROFILE } };
    LPMAPITABLE table = NULL;
    LPSRowSet rows = NULL;
    struct profile *p;
    HRESULT hr;
    ULONG i;

    *out = NULL;
    *count = 0;
    hr = IProfAdmin_GetProfileTable(admin, 0, &table);
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

static int same_name(const char *a, const char *b)
{
    WCHAR *wa = utf8_to_wide(a), *wb = utf8_to_wide(b);
    int same = wa && wb && _wcsicmp(wa, wb) == 0;
    free(wa);
    free(wb);
    return same;
}

/* 1 if the profile exists, 0 if not, -1 if the table cannot be read. */
static int profile_exists(const char *name)
{
    struct profile *p;
    size_t n, i;
    int found = 0;
    if (FAILED(get_profiles(&p, &n))) return -1;
    for (i = 0; i < n; i++)
        if (same_name(p[i].name, name)) found = 1;
    free_profiles(p, n);
    return found;
}

/* The default profile's name (malloc'ed), or NULL. */
static char *default_profile(void)
{
    struct profile *p;
    size_t n, i;
    char *name = NULL;
    if (FAILED(get_profiles(&p, &n))) return NULL;
    for (i = 0; i < n; i++)
        if (p[i].is_default && !name) name = xstrdup(p[i].name);
    free_profiles(p, n);
    return name;
}

/* A sentence for an error that may mean "no such profile". */
static const char *why_missing(HRESULT hr, const char *name)
{
    if (hr == MAPI_E_NOT_FOUND || hr == MAPI_E_LOGON_FAILED) {
        if (profile_exists(name) == 0) return "there is no profile of that name";
    }
    return NULL;
}

static int open_services(const char *name, LPSERVICEADMIN *sa)
{
    char *a = ansi_arg(name, "the profile name");
    HRESULT hr;
    *sa = NULL;
    if (!a) return 1;
    hr = IProfAdmin_AdminServices(admin, a, NULL, 0, 0, sa);
    free(a);
    if (FAILED(hr)) {
        *sa = NULL;
        return fail_hr(hr, why_missing(hr, name), "cannot open profile \"%s\"", name);
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* The message-service and provider tables.                                  */

struct service {
    char *display;
    char *name;
    MAPIUID uid;
    int has_uid;
};

static void free_services(struct service *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        free(s[i].display);
        free(s[i].name);
    }
    free(s);
}

static HRESULT get_services(LPSERVICEADMIN sa, struct service **out, size_t *count)
{
    static const SizedSPropTagArray(3, cols) = { 3, { PR_DISPLAY_NAME_A, PR_SERVICE_NAME_A, PR_SERVICE_UID } };
    LPMAPITABLE table = NULL;
    LPSRowSet rows = NULL;
    struct service *s;
    HRESULT hr;
    ULONG i;

    *out = NULL;
    *count = 0;
    hr = IMsgServiceAdmin_GetMsgServiceTable(sa, 0, &table);
    if (FAILED(hr)) return hr;
    hr = read_table(table, (const SPropTagArray *)&cols, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return hr;
    s = xmalloc((rows->cRows ? rows->cRows : 1) * sizeof(*s));
    for (i = 0; i < rows->cRows; i++) {
        const SPropValue *uid = row_prop(&rows->aRow[i], PR_SERVICE_UID);
        s[i].display = row_string(&rows->aRow[i], PROP_ID(PR_DISPLAY_NAME_A));
        s[i].name = row_string(&rows->aRow[i], PROP_ID(PR_SERVICE_NAME_A));
        s[i].has_uid = uid && uid->Value.bin.cb == sizeof(MAPIUID);
        if (s[i].has_uid) memcpy(&s[i].uid, uid->Value.bin.lpb, sizeof(MAPIUID));
        else memset(&s[i].uid, 0, sizeof(MAPIUID));
    }
    *count = rows->cRows;
    FreeProws(rows);
    *out = s;
    return S_OK;
}

struct provider {
    char *display;
    char *provider_display;
    char *service_name;
    char *dll;
    ULONG type;
    int has_uid;
    MAPIUID uid;
};

static void free_providers(struct provider *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        free(p[i].display);
        free(p[i].provider_display);
        free(p[i].service_name);
        free(p[i].dll);
    }
    free(p);
}

static HRESULT get_providers(LPSERVICEADMIN sa, struct provider **out, size_t *count)
{
    static const SizedSPropTagArray(6, cols) = { 6, { PR_DISPLAY_NAME_A, PR_PROVIDER_DISPLAY_A,
        PR_SERVICE_NAME_A, PR_PROVIDER_DLL_NAME_A, PR_RESOURCE_TYPE, PR_PROVIDER_UID } };
    LPMAPITABLE table = NULL;
    LPSRowSet rows = NULL;
    struct provider *p;
    HRESULT hr;
    ULONG i;

    *out = NULL;
    *count = 0;
    hr = IMsgServiceAdmin_GetProviderTable(sa, 0, &table);
    if (FAILED(hr)) return hr;
    hr = read_table(table, (const SPropTagArray *)&cols, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return hr;
    p = xmalloc((rows->cRows ? rows->cRows : 1) * sizeof(*p));
    for (i = 0; i < rows->cRows; i++) {
        const SRow *r = &rows->aRow[i];
        const SPropValue *type = row_prop(r, PR_RESOURCE_TYPE), *uid = row_prop(r, PR_PROVIDER_UID);
        p[i].display = row_string(r, PROP_ID(PR_DISPLAY_NAME_A));
        p[i].provider_display = row_string(r, PROP_ID(PR_PROVIDER_DISPLAY_A));
        p[i].service_name = row_string(r, PROP_ID(PR_SERVICE_NAME_A));
        p[i].dll = row_string(r, PROP_ID(PR_PROVIDER_DLL_NAME_A));
        p[i].type = type ? type->Value.ul : 0;
        p[i].has_uid = uid && uid->Value.bin.cb == sizeof(MAPIUID);
        if (p[i].has_uid) memcpy(&p[i].uid, uid->Value.bin.lpb, sizeof(MAPIUID));
    }
    *count = rows->cRows;
    FreeProws(rows);
    *out = p;
    return S_OK;
}

static const char *or_dash(const char *s)
{
    return s && *s ? s : "-";
}

/* Finds the service an argument names: a UID, a service name, or a display
 * name.  Prints the reason and returns -1 when there is not exactly one. */
static long pick_service(const struct service *s, size_t n, const char *arg, const char *profile)
{
    MAPIUID uid;
    size_t i, hits = 0;
    long found = -1;
    int pass;

    if (uid_from_text(arg, &uid) == 0) {
        for (i = 0; i < n; i++)
            if (s[i].has_uid && IsEqualMAPIUID(&s[i].uid, &uid)) return (long)i;
        fail_hr(MAPI_E_NOT_FOUND, "the profile has no service with that UID (see 'mapiprof services')",
                "cannot find service %s in profile \"%s\"", arg, profile);
        return -1;
    }
    for (pass = 0; pass < 2 && !hits; pass++) {
        for (i = 0; i < n; i++) {
            const char *v = pass == 0 ? s[i].name : s[i].display;
            if (v && same_name(v, arg)) {
                if (!hits++) found = (long)i;
            }
        }
    }
    if (hits == 1) return found;
    if (hits > 1)
        fail_msg("cannot pick service \"%s\" in profile \"%s\": %lu services have that name; "
                 "give the UID instead (see 'mapiprof services %s')",
                 arg, profile, (unsigned long)hits, profile);
    else
        fail_hr(MAPI_E_NOT_FOUND, "the profile has no service of that name or UID (see 'mapiprof services')",
                "cannot find service \"%s\" in profile \"%s\"", arg, profile);
    return -1;
}

/* ------------------------------------------------------------------------ */
/* MAPISVC.INF, read only to turn display names into service names.          */

static mapisvc_inf *inf;
static int inf_loaded;

static mapisvc_inf *load_inf(void)
{
    WCHAR path[MAX_PATH + 16], *slash;
    HMODULE mod;
    int attempt;

    if (inf_loaded) return inf;
    inf_loaded = 1;
    for (attempt = 0; attempt < 2 && !inf; attempt++) {
        char *upath, *data, err[128];
        size_t len;
        if (attempt == 0) {
            /* beside the mapi32.dll we run with, as the DLL itself looks first */
            mod = GetModuleHandleW(L"mapi32.dll");
            if (!mod || !GetModuleFileNameW(mod, path, MAX_PATH)) continue;
            slash = wcsrchr(path, L'\\');
            if (!slash) continue;
            wcscpy(slash + 1, L"MAPISVC.INF");
        } else {
            UINT n = GetSystemDirectoryW(path, MAX_PATH);
            if (!n || n >= MAX_PATH) continue;
            wcscat(path, L"\\MAPISVC.INF");
        }
        upath = wide_to_utf8(path);
        if (upath && read_file(upath, &data, &len, err, sizeof(err)) == 0) {
            inf = mapisvc_inf_parse(data, len, upath);
            free(data);
        }
        free(upath);
    }
    return inf;
}

/* The [Services] key for a service name or display name, or NULL. */
static const char *inf_service(const char *name)
{
    const mapisvc_entry *e;
    size_t n, i;
    int pass;
    if (!load_inf()) return NULL;
    n = mapisvc_inf_services(inf, &e);
    for (pass = 0; pass < 2; pass++)
        for (i = 0; i < n; i++)
            if (same_name(pass == 0 ? e[i].key : e[i].value, name)) return e[i].key;
    return NULL;
}

static const char *inf_display(const char *service)
{
    const mapisvc_entry *e;
    size_t n, i;
    if (!load_inf()) return NULL;
    n = mapisvc_inf_services(inf, &e);
    for (i = 0; i < n; i++)
        if (same_name(e[i].key, service)) return e[i].value;
    return NULL;
}

/* "A, B, C" of the services MAPISVC.INF lists (malloc'ed), or NULL. */
static char *inf_service_list(void)
{
    const mapisvc_entry *e;
    size_t n, i, len = 1;
    char *s;
    if (!load_inf()) return NULL;
    n = mapisvc_inf_services(inf, &e);
    if (!n) return NULL;
    for (i = 0; i < n; i++) len += strlen(e[i].key) + 2;
    s = xmalloc(len);
    s[0] = '\0';
    for (i = 0; i < n; i++) {
        if (i) strcat(s, ", ");
        strcat(s, e[i].key);
    }
    return s;
}

/* ------------------------------------------------------------------------ */
/* --set TAG=VALUE lists.                                                     */

struct props {
    mapisvc_prop *p;
    size_t n;
};

static void free_props(struct props *ps)
{
    size_t i;
    for (i = 0; i < ps->n; i++) mapisvc_prop_free(&ps->p[i]);
    free(ps->p);
    ps->p = NULL;
    ps->n = 0;
}

/* Adds one --set argument; returns 0, or an exit status after a message. */
static int add_set(struct props *ps, const char *arg)
{
    char err[200];
    mapisvc_prop p;
    size_t i;
    int rc = prf_parse_assignment(arg, &p, err, sizeof(err));
    if (rc) return fail_msg("bad --set \"%s\": %s", arg, err);
    for (i = 0; i < ps->n; i++)
        if (ps->p[i].tag == p.tag) {
            mapisvc_prop_free(&p);
            return fail_msg("bad --set \"%s\": property 0x%08lX is set twice", arg, (unsigned long)p.tag);
        }
    ps->p = realloc(ps->p, (ps->n + 1) * sizeof(*ps->p));
    if (!ps->p) return fail_msg("out of memory");
    ps->p[ps->n++] = p;
    return 0;
}

/* Runs ConfigureMsgService without UI; 0 or an exit status after a message. */
static int configure_service(LPSERVICEADMIN sa, const MAPIUID *uid, const mapisvc_prop *props,
                             const int *expand, size_t n, UINT cp, const char *service,
                             const char *profile)
{
    LPSPropValue pv = NULL;
    char err[200];
    HRESULT hr = props_to_mapi(props, expand, n, cp, &pv, err, sizeof(err));
    if (FAILED(hr))
        return fail_hr(hr, err, "cannot configure service \"%s\" in profile \"%s\"", service, profile);
    hr = IMsgServiceAdmin_ConfigureMsgService(sa, (LPMAPIUID)uid, 0, 0, (ULONG)n, pv);
    MAPIFreeBuffer(pv);
    if (FAILED(hr)) {
        char *ext = mapi_last_error((IUnknown *)sa, hr);
        const char *why = ext ? ext
                          : hr == MAPI_E_NOT_INITIALIZED ? "the service has no entry point to configure it"
                          : hr == MAPI_E_NOT_FOUND       ? "the service is not in the profile"
                                                         : NULL;
        fail_hr(hr, why, "cannot configure service \"%s\" in profile \"%s\"", service, profile);
        free(ext);
        return 1;
    }
    return 0;
}

/* Adds a service; *uid receives its UID.  0 or an exit status after a message. */
static int create_service(LPSERVICEADMIN sa, const char *service, const char *display,
                          const char *profile, MAPIUID *uid)
{
    LPSERVICEADMIN2 sa2 = NULL;
    char *aservice = ansi_arg(service, "the service name"), *adisplay;
    const char *disp = display ? display : inf_display(service);
    HRESULT hr;

    if (!aservice) return 1;
    adisplay = ansi_arg(disp ? disp : service, "the display name");
    if (!adisplay) {
        free(aservice);
        return 1;
    }
    hr = IMsgServiceAdmin_QueryInterface(sa, &IID_IMsgServiceAdmin2, (void **)&sa2);
    if (SUCCEEDED(hr) && sa2) {
        hr = IMsgServiceAdmin2_CreateMsgServiceEx(sa2, aservice, adisplay, 0, 0, uid);
        IMsgServiceAdmin2_Release(sa2);
    } else {
        /* Without IMsgServiceAdmin2 the new service is the UID that was not there before. */
        struct service *before = NULL, *after = NULL;
        size_t nb = 0, na = 0, i, j;
        get_services(sa, &before, &nb);
        hr = IMsgServiceAdmin_CreateMsgService(sa, aservice, adisplay, 0, 0);
        if (SUCCEEDED(hr) && SUCCEEDED(get_services(sa, &after, &na))) {
            for (i = 0; i < na; i++) {
                for (j = 0; j < nb; j++)
                    if (IsEqualMAPIUID(&after[i].uid, &before[j].uid)) break;
                if (j == nb) *uid = after[i].uid;
            }
        }
        free_services(before, nb);
        free_services(after, na);
    }
    free(aservice);
    free(adisplay);
    if (FAILED(hr)) {
        char *ext = mapi_last_error((IUnknown *)sa, hr), *list = NULL, *why = NULL;
        if (!ext && hr == MAPI_E_NOT_FOUND) {
            list = inf_service_list();
            why = xmalloc(256 + (list ? strlen(list) : 0));
            if (list) sprintf(why, "MAPISVC.INF has no such service (it lists: %s)", list);
            else sprintf(why, "MAPISVC.INF has no such service");
        } else if (!ext && hr == MAPI_E_NO_ACCESS) {
            why = xstrdup("the service allows only one copy per profile and is already there");
        }
        fail_hr(hr, ext ? ext : why, "cannot add service \"%s\" to profile \"%s\"", service, profile);
        free(ext);
        free(list);
        free(why);
        return 1;
    }
    return 0;
}

/* Writes a service's PR_DISPLAY_NAME into its section: CreateMsgService(Ex)
 * ignores the display name when MAPISVC.INF sets one.  text is in code page cp. */
static int set_service_display(LPSERVICEADMIN sa, const MAPIUID *uid, const char *text, UINT cp,
                               const char *service, const char *profile)
{
    LPPROFSECT sect = NULL;
    LPSPropProblemArray problems = NULL;
    SPropValue pv;
    WCHAR *w = cp_to_wide(text, cp);
    HRESULT hr;

    if (!w) return fail_msg("the display name of service %s is not valid text", service);
    pv.ulPropTag = PR_DISPLAY_NAME_W;
    pv.dwAlignPad = 0;
    pv.Value.lpszW = w;
    hr = IMsgServiceAdmin_OpenProfileSection(sa, (LPMAPIUID)uid, NULL, MAPI_MODIFY, &sect);
    if (SUCCEEDED(hr)) {
        hr = IProfSect_SetProps(sect, 1, &pv, &problems);
        if (SUCCEEDED(hr) && problems && problems->cProblem) hr = problems->aProblem[0].scode;
        MAPIFreeBuffer(problems);
        IProfSect_Release(sect);
    }
    free(w);
    if (FAILED(hr))
        return fail_hr(hr, NULL, "cannot set the display name of service %s in profile \"%s\"", service, profile);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Profile commands.                                                         */

static int cmd_list(int argc, char **argv)
{
    struct profile *p;
    size_t n, i;
    HRESULT hr;
    (void)argv;
    if (argc != 0) return usage_error("list takes no arguments");
    if (start_mapi()) return 1;
    hr = get_profiles(&p, &n);
    if (FAILED(hr)) return fail_hr(hr, NULL, "cannot read the profile table");
    for (i = 0; i < n; i++) outf("%s %s\n", p[i].is_default ? "*" : " ", p[i].name);
    if (!n) outf("(no profiles)\n");
    free_profiles(p, n);
    return 0;
}

static int set_default(const char *name)
{
    char *a = NULL;
    HRESULT hr;
    if (name && !(a = ansi_arg(name, "the profile name"))) return 1;
    hr = IProfAdmin_SetDefaultProfile(admin, a, 0);
    free(a);
    if (FAILED(hr)) {
        if (!name) return fail_hr(hr, NULL, "cannot clear the default profile");
        const char *why = why_missing(hr, name);
        if (!why && hr == MAPI_E_CALL_FAILED) why = "this profile cannot be the default";
        return fail_hr(hr, why, "cannot make \"%s\" the default profile", name);
    }
    return 0;
}

static int cmd_create(int argc, char **argv)
{
    const char *name = NULL;
    int make_default = 0, i;
    ULONG flags = 0;
    char *a;
    HRESULT hr;

    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--default") == 0) make_default = 1;
        else if (strcmp(argv[i], "--default-services") == 0) flags |= MAPI_DEFAULT_SERVICES;
        else if (argv[i][0] == '-' && argv[i][1]) return usage_error("create: unknown option '%s'", argv[i]);
        else if (!name) name = argv[i];
        else return usage_error("create: unexpected argument '%s'", argv[i]);
    }
    if (!name) return usage_error("create needs a profile name");
    if (!*name) return fail_msg("a profile name cannot be empty");
    if (start_mapi()) return 1;
    if (!(a = ansi_arg(name, "the profile name"))) return 1;
    hr = IProfAdmin_CreateProfile(admin, a, NULL, 0, flags);
    free(a);
    if (FAILED(hr)) {
        const char *why = NULL;
        if (hr == MAPI_E_NO_ACCESS && profile_exists(name) == 1) why = "it already exists";
        else if (hr == MAPI_E_INVALID_PARAMETER) why = "MAPI does not accept that name";
        return fail_hr(hr, why, "cannot create profile \"%s\"", name);
    }
    outf("created profile \"%s\"\n", name);
    if (make_default) {
        if (set_default(name)) return 1;
        outf("\"%s\" is now the default profile\n", name);
    }
    return 0;
}

static int cmd_delete(int argc, char **argv)
{
    char *a;
    HRESULT hr;
    if (argc != 1) return usage_error("delete needs exactly one profile name");
    if (start_mapi()) return 1;
    if (!(a = ansi_arg(argv[0], "the profile name"))) return 1;
    hr = IProfAdmin_DeleteProfile(admin, a, 0);
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
    if (argc != 2) return usage_error("%s needs OLD and NEW names", verb);
    if (!*argv[1]) return fail_msg("a profile name cannot be empty");
    if (start_mapi()) return 1;
    if (!(a = ansi_arg(argv[0], "the profile name"))) return 1;
    if (!(b = ansi_arg(argv[1], "the profile name"))) {
        free(a);
        return 1;
    }
    hr = rename ? IProfAdmin_RenameProfile(admin, a, NULL, b, 0, 0)
                : IProfAdmin_CopyProfile(admin, a, NULL, b, 0, 0);
    free(a);
    free(b);
    if (FAILED(hr)) {
        const char *why = why_missing(hr, argv[0]);
        if (!why && (hr == MAPI_E_NO_ACCESS || hr == MAPI_E_COLLISION) && profile_exists(argv[1]) == 1)
            why = "a profile with the new name already exists";
        else if (!why && hr == MAPI_E_NO_ACCESS && profile_exists(argv[0]) == 0)
            why = "there is no profile of that name";
        return fail_hr(hr, why, "cannot %s profile \"%s\" to \"%s\"", verb, argv[0], argv[1]);
    }
    outf("%s profile \"%s\" to \"%s\"\n", rename ? "renamed" : "copied", argv[0], argv[1]);
    return 0;
}

static int cmd_copy(int argc, char **argv)
{
    return cmd_copy_rename(argc, argv, 0);
}

static int cmd_rename(int argc, char **argv)
{
    return cmd_copy_rename(argc, argv, 1);
}

static int cmd_default(int argc, char **argv)
{
    if (argc != 1) return usage_error("default needs a profile name or --clear");
    if (start_mapi()) return 1;
    if (strcmp(argv[0], "--clear") == 0) {
        if (set_default(NULL)) return 1;
        outf("no profile is the default now\n");
        return 0;
    }
    if (set_default(argv[0])) return 1;
    outf("\"%s\" is now the default profile\n", argv[0]);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Service commands.                                                         */

/* Prints rows of columns padded to the widest cell. */
static void print_columns(const char ***cells, size_t rows, size_t cols)
{
    int width[8] = { 0 };
    size_t r, c;
    for (r = 0; r < rows; r++)
        for (c = 0; c < cols; c++)
            if (utf8_width(cells[r][c]) > width[c]) width[c] = utf8_width(cells[r][c]);
    for (r = 0; r < rows; r++) {
        for (c = 0; c < cols; c++) {
            if (c + 1 < cols) outf("%s%*s  ", cells[r][c], width[c] - utf8_width(cells[r][c]), "");
            else outf("%s\n", cells[r][c]);
        }
    }
}

static int cmd_services(int argc, char **argv)
{
    LPSERVICEADMIN sa;
    struct service *s;
    size_t n, i;
    HRESULT hr;
    const char ***cells;
    char (*uids)[33];

    if (argc != 1) return usage_error("services needs a profile name");
    if (start_mapi() || open_services(argv[0], &sa)) return 1;
    hr = get_services(sa, &s, &n);
    IMsgServiceAdmin_Release(sa);
    if (FAILED(hr)) return fail_hr(hr, NULL, "cannot read the services of profile \"%s\"", argv[0]);
    if (!n) {
        outf("(no services)\n");
        return 0;
    }
    cells = xmalloc((n + 1) * sizeof(*cells));
    uids = xmalloc(n * sizeof(*uids));
    cells[0] = (const char *[]){ "DISPLAY NAME", "SERVICE", "UID" };
    for (i = 0; i < n; i++) {
        cells[i + 1] = xmalloc(3 * sizeof(const char *));
        uid_to_text(s[i].uid.ab, uids[i]);
        cells[i + 1][0] = or_dash(s[i].display);
        cells[i + 1][1] = or_dash(s[i].name);
        cells[i + 1][2] = s[i].has_uid ? uids[i] : "-";
    }
    print_columns(cells, n + 1, 3);
    for (i = 0; i < n; i++) free((void *)cells[i + 1]);
    free(cells);
    free(uids);
    free_services(s, n);
    return 0;
}

static const char *resource_type_name(ULONG type)
{
    switch (type) {
    case MAPI_STORE_PROVIDER: return "store";
    case MAPI_AB_PROVIDER: return "address book";
    case MAPI_TRANSPORT_PROVIDER: return "transport";
    case 40: return "hook";
    default: return "other";
    }
}

static int cmd_providers(int argc, char **argv)
{
    LPSERVICEADMIN sa;
    struct provider *p;
    size_t n, i;
    HRESULT hr;
    const char ***cells;
    char (*uids)[33];

    if (argc != 1) return usage_error("providers needs a profile name");
    if (start_mapi() || open_services(argv[0], &sa)) return 1;
    hr = get_providers(sa, &p, &n);
    IMsgServiceAdmin_Release(sa);
    if (FAILED(hr)) return fail_hr(hr, NULL, "cannot read the providers of profile \"%s\"", argv[0]);
    if (!n) {
        outf("(no providers)\n");
        return 0;
    }
    cells = xmalloc((n + 1) * sizeof(*cells));
    uids = xmalloc(n * sizeof(*uids));
    cells[0] = (const char *[]){ "DISPLAY NAME", "TYPE", "SERVICE", "DLL", "UID" };
    for (i = 0; i < n; i++) {
        cells[i + 1] = xmalloc(5 * sizeof(const char *));
        uid_to_text(p[i].uid.ab, uids[i]);
        cells[i + 1][0] = or_dash(p[i].display ? p[i].display : p[i].provider_display);
        cells[i + 1][1] = resource_type_name(p[i].type);
        cells[i + 1][2] = or_dash(p[i].service_name);
        cells[i + 1][3] = or_dash(p[i].dll);
        cells[i + 1][4] = p[i].has_uid ? uids[i] : "-";
    }
    print_columns(cells, n + 1, 5);
    for (i = 0; i < n; i++) free((void *)cells[i + 1]);
    free(cells);
    free(uids);
    free_providers(p, n);
    return 0;
}

static int cmd_add_service(int argc, char **argv)
{
    const char *profile = NULL, *service = NULL, *display = NULL, *resolved;
    struct props ps = { 0 };
    LPSERVICEADMIN sa;
    MAPIUID uid;
    char text[33];
    int i, rc;

    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--display") == 0) {
            if (++i >= argc) return usage_error("--display needs a text");
            display = argv[i];
        } else if (strcmp(argv[i], "--set") == 0) {
            if (++i >= argc) return usage_error("--set needs TAG=VALUE");
            if ((rc = add_set(&ps, argv[i]))) return rc;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage_error("add-service: unknown option '%s'", argv[i]);
        } else if (!profile) {
            profile = argv[i];
        } else if (!service) {
            service = argv[i];
        } else {
            return usage_error("add-service: unexpected argument '%s'", argv[i]);
        }
    }
    if (!service) return usage_error("add-service needs a profile name and a service name");
    if (start_mapi() || open_services(profile, &sa)) {
        free_props(&ps);
        return 1;
    }
    /* a display name from MAPISVC.INF also names its service */
    resolved = inf_service(service);
    memset(&uid, 0, sizeof(uid));
    rc = create_service(sa, resolved ? resolved : service, display, profile, &uid);
    if (!rc && display)
        rc = set_service_display(sa, &uid, display, CP_UTF8, resolved ? resolved : service, profile);
    if (!rc && ps.n) {
        rc = configure_service(sa, &uid, ps.p, NULL, ps.n, CP_UTF8, resolved ? resolved : service, profile);
    }
    if (rc && memcmp(&uid, &(MAPIUID){ { 0 } }, sizeof(uid)) &&
        SUCCEEDED(IMsgServiceAdmin_DeleteMsgService(sa, &uid)))
        errf("mapiprof: the service was removed again\n");
    IMsgServiceAdmin_Release(sa);
    free_props(&ps);
    if (rc) return rc;
    uid_to_text(uid.ab, text);
    outf("added service %s to profile \"%s\" (UID %s)\n", resolved ? resolved : service, profile, text);
    return 0;
}

static int cmd_remove_service(int argc, char **argv)
{
    LPSERVICEADMIN sa;
    struct service *s;
    size_t n;
    long k;
    HRESULT hr;
    char text[33];

    if (argc != 2) return usage_error("remove-service needs a profile name and a service UID or name");
    if (start_mapi() || open_services(argv[0], &sa)) return 1;
    hr = get_services(sa, &s, &n);
    if (FAILED(hr)) {
        IMsgServiceAdmin_Release(sa);
        return fail_hr(hr, NULL, "cannot read the services of profile \"%s\"", argv[0]);
    }
    k = pick_service(s, n, argv[1], argv[0]);
    if (k < 0) {
        IMsgServiceAdmin_Release(sa);
        free_services(s, n);
        return 1;
    }
    hr = IMsgServiceAdmin_DeleteMsgService(sa, &s[k].uid);
    IMsgServiceAdmin_Release(sa);
    uid_to_text(s[k].uid.ab, text);
    if (FAILED(hr)) {
        fail_hr(hr, NULL, "cannot remove service %s (%s) from profile \"%s\"", or_dash(s[k].name), text, argv[0]);
        free_services(s, n);
        return 1;
    }
    outf("removed service %s (%s) from profile \"%s\"\n", or_dash(s[k].name), text, argv[0]);
    free_services(s, n);
    return 0;
}

static int cmd_configure(int argc, char **argv)
{
    const char *profile = NULL, *which = NULL;
    struct props ps = { 0 };
    LPSERVICEADMIN sa;
    struct service *s;
    size_t n;
    long k;
    int i, rc;
    HRESULT hr;

    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--set") == 0) {
            if (++i >= argc) return usage_error("--set needs TAG=VALUE");
            if ((rc = add_set(&ps, argv[i]))) return rc;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage_error("configure: unknown option '%s'", argv[i]);
        } else if (!profile) {
            profile = argv[i];
        } else if (!which) {
            which = argv[i];
        } else {
            return usage_error("configure: unexpected argument '%s'", argv[i]);
        }
    }
    if (!which) return usage_error("configure needs a profile name and a service UID or name");
    if (!ps.n) return usage_error("configure needs at least one --set TAG=VALUE");
    if (start_mapi() || open_services(profile, &sa)) {
        free_props(&ps);
        return 1;
    }
    hr = get_services(sa, &s, &n);
    if (FAILED(hr)) {
        IMsgServiceAdmin_Release(sa);
        free_props(&ps);
        return fail_hr(hr, NULL, "cannot read the services of profile \"%s\"", profile);
    }
    k = pick_service(s, n, which, profile);
    rc = k < 0 ? 1 : configure_service(sa, &s[k].uid, ps.p, NULL, ps.n, CP_UTF8, or_dash(s[k].name), profile);
    IMsgServiceAdmin_Release(sa);
    if (!rc) outf("configured service %s in profile \"%s\" (%lu propert%s)\n", or_dash(s[k].name), profile,
                  (unsigned long)ps.n, ps.n == 1 ? "y" : "ies");
    free_services(s, n);
    free_props(&ps);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* dump                                                                      */

/* MAPI's own sections (mapi-spec.md 4.3). */
static const BYTE uid_instance[16] = MUID_PROFILE_INSTANCE_INIT;
static const BYTE uid_root[16] = { 0x92, 0x07, 0xf3, 0xe0, 0xa3, 0xb1, 0x10, 0x19,
                                   0x90, 0x8b, 0x08, 0x00, 0x2b, 0x2a, 0x56, 0xc2 };
static const BYTE uid_public[16] = PS_PROFILE_PROPERTIES_INIT;
static const BYTE uid_global[16] = GLOBAL_PROFILE_SECTION_MAPIUID;
static const BYTE uid_outlook[16] = { 0x0a, 0x0d, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
                                      0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46 };

static int prop_cmp(const void *a, const void *b)
{
    ULONG x = ((const SPropValue *)a)->ulPropTag, y = ((const SPropValue *)b)->ulPropTag;
    return x < y ? -1 : x > y;
}

/* Opens a section for reading; provider sections may need MAPI_FORCE_ACCESS. */
static HRESULT open_section(LPSERVICEADMIN sa, const BYTE *uid, ULONG flags, LPPROFSECT *sect)
{
    HRESULT hr = IMsgServiceAdmin_OpenProfileSection(sa, (LPMAPIUID)uid, NULL, flags, sect);
    if (hr == MAPI_E_NO_ACCESS)
        hr = IMsgServiceAdmin_OpenProfileSection(sa, (LPMAPIUID)uid, NULL, flags | MAPI_FORCE_ACCESS, sect);
    if (FAILED(hr)) *sect = NULL;
    return hr;
}

/* All properties of a section (strings in Unicode where MAPI can), sorted by tag. */
static HRESULT section_props(LPPROFSECT sect, ULONG *count, LPSPropValue *props)
{
    LPSPropTagArray tags = NULL;
    ULONG flags = MAPI_UNICODE;
    HRESULT hr = IProfSect_GetPropList(sect, flags, &tags);
    if (hr == MAPI_E_BAD_CHARWIDTH || hr == MAPI_E_UNKNOWN_FLAGS) {
        flags = 0;
        hr = IProfSect_GetPropList(sect, flags, &tags);
    }
    *count = 0;
    *props = NULL;
    if (FAILED(hr)) return hr;
    if (!tags->cValues) {
        MAPIFreeBuffer(tags);
        return S_OK;
    }
    hr = IProfSect_GetProps(sect, tags, flags, count, props);
    MAPIFreeBuffer(tags);
    if (FAILED(hr)) {
        *count = 0;
        *props = NULL;
        return hr;
    }
    qsort(*props, *count, sizeof(SPropValue), prop_cmp);
    return S_OK;
}

/* Computed properties every section shows; a section with nothing else is empty. */
static int is_computed(ULONG tag)
{
    return PROP_ID(tag) == PROP_ID(PR_OBJECT_TYPE) || PROP_ID(tag) == PROP_ID(PR_PROFILE_NAME_A);
}

static void print_prop(const SPropValue *pv)
{
    char name[64], type[24];
    const char *tn = prf_type_name((uint16_t)PROP_TYPE(pv->ulPropTag));
    char *value = format_mapi_value(pv);
    if (!prf_tag_name(pv->ulPropTag, name, sizeof(name))) strcpy(name, "-");
    if (tn) snprintf(type, sizeof(type), "%s", tn);
    else snprintf(type, sizeof(type), "0x%04lX", (unsigned long)PROP_TYPE(pv->ulPropTag));
    outf("  %08lX  %-28s %-14s %s\n", (unsigned long)pv->ulPropTag, name, type, value);
    free(value);
}

/* Prints one section; optional ones are left out when missing or empty.
 * extra receives PR_SERVICE_EXTRA_UIDS when the section has it. */
static int dump_section(LPSERVICEADMIN sa, const BYTE *uid, const char *label, int optional,
                        SBinary *extra)
{
    LPPROFSECT sect;
    LPSPropValue props = NULL;
    ULONG count = 0, i, shown = 0;
    char text[33];
    HRESULT hr = open_section(sa, uid, 0, &sect);

    uid_to_text(uid, text);
    if (FAILED(hr)) {
        if (optional && (hr == MAPI_E_NOT_FOUND || hr == MAPI_E_NO_ACCESS)) return 0;
        outf("\n[%s] %s\n  (cannot open: %s, %s 0x%08lX)\n", label, text, hr_sentence(hr),
             hr_name(hr) ? hr_name(hr) : "", (unsigned long)hr);
        return 1;
    }
    hr = section_props(sect, &count, &props);
    if (FAILED(hr)) {
        char *ext = mapi_last_error((IUnknown *)sect, hr);
        outf("\n[%s] %s\n  (cannot read: %s, %s 0x%08lX)\n", label, text, ext ? ext : hr_sentence(hr),
             hr_name(hr) ? hr_name(hr) : "", (unsigned long)hr);
        free(ext);
        IProfSect_Release(sect);
        return 1;
    }
    for (i = 0; i < count; i++)
        if (!is_computed(props[i].ulPropTag)) shown++;
    if (!optional || shown) {
        outf("\n[%s] %s\n", label, text);
        for (i = 0; i < count; i++) print_prop(&props[i]);
    }
    if (extra) {
        for (i = 0; i < count; i++)
            if (props[i].ulPropTag == PR_SERVICE_EXTRA_UIDS && props[i].Value.bin.cb % 16 == 0) {
                extra->cb = props[i].Value.bin.cb;
                extra->lpb = xmalloc(extra->cb);
                memcpy(extra->lpb, props[i].Value.bin.lpb, extra->cb);
            }
    }
    MAPIFreeBuffer(props);
    IProfSect_Release(sect);
    return 0;
}

static int cmd_dump(int argc, char **argv)
{
    LPSERVICEADMIN sa;
    struct service *s = NULL;
    struct provider *p = NULL;
    size_t ns = 0, np = 0, i;
    ULONG k;
    HRESULT hr;
    int problems = 0;
    char label[512];

    if (argc != 1) return usage_error("dump needs a profile name");
    if (start_mapi() || open_services(argv[0], &sa)) return 1;
    outf("profile \"%s\"\n", argv[0]);
    problems += dump_section(sa, uid_instance, "profile instance (MUID_PROFILE_INSTANCE)", 0, NULL);
    problems += dump_section(sa, uid_root, "profile root (MAPI's section)", 0, NULL);
    problems += dump_section(sa, uid_public, "public profile properties (PS_PROFILE_PROPERTIES)", 1, NULL);
    problems += dump_section(sa, uid_global, "global profile section", 1, NULL);
    problems += dump_section(sa, uid_outlook, "Outlook client section", 1, NULL);

    hr = get_services(sa, &s, &ns);
    if (FAILED(hr)) {
        fail_hr(hr, NULL, "cannot read the services of profile \"%s\"", argv[0]);
        problems++;
    }
    for (i = 0; i < ns; i++) {
        SBinary extra = { 0, NULL };
        if (!s[i].has_uid) continue;
        snprintf(label, sizeof(label), "service %s \"%s\"", or_dash(s[i].name), or_dash(s[i].display));
        problems += dump_section(sa, s[i].uid.ab, label, 0, &extra);
        for (k = 0; k + 16 <= extra.cb; k += 16) {
            snprintf(label, sizeof(label), "extra section of service %s", or_dash(s[i].name));
            problems += dump_section(sa, extra.lpb + k, label, 0, NULL);
        }
        free(extra.lpb);
    }
    hr = get_providers(sa, &p, &np);
    if (FAILED(hr)) {
        fail_hr(hr, NULL, "cannot read the providers of profile \"%s\"", argv[0]);
        problems++;
    }
    for (i = 0; i < np; i++) {
        if (!p[i].has_uid) continue;
        snprintf(label, sizeof(label), "provider \"%s\" (%s) of service %s",
                 or_dash(p[i].display ? p[i].display : p[i].provider_display),
                 resource_type_name(p[i].type), or_dash(p[i].service_name));
        problems += dump_section(sa, p[i].uid.ab, label, 0, NULL);
    }
    IMsgServiceAdmin_Release(sa);
    free_services(s, ns);
    free_providers(p, np);
    if (problems) return fail_msg("some sections of profile \"%s\" could not be read (see above)", argv[0]);
    return 0;
}

/* How to name a PRF file in messages: the Unix wrapper hands in the path the
 * user typed (MAPIPROF_FILE_LABEL) when it passes Wine a Z: path instead. */
static char *file_label(const char *file)
{
    WCHAR buf[1024];
    DWORD n = GetEnvironmentVariableW(L"MAPIPROF_FILE_LABEL", buf, sizeof(buf) / sizeof(buf[0]));
    if (n && n < sizeof(buf) / sizeof(buf[0])) {
        char *u = wide_to_utf8(buf);
        if (u && *u) return u;
        free(u);
    }
    return xstrdup(file);
}

/* ------------------------------------------------------------------------ */
/* export                                                                    */

struct export_ctx {
    const prf_out_service *svcs;
};

static void export_skip(void *ctx, size_t service, uint32_t tag, const char *reason)
{
    const struct export_ctx *e = ctx;
    const char *name = or_dash(e->svcs[service].service_name);
    if (tag) warnf("service %s: property %08lX not exported: %s", name, (unsigned long)tag, reason);
    else warnf("service %s not exported: %s", name, reason);
}

static int cmd_export(int argc, char **argv)
{
    LPSERVICEADMIN sa;
    struct service *s = NULL;
    struct profile *pl = NULL;
    size_t ns = 0, npl = 0, i, j, k;
    prf_out out = { 0 };
    prf_out_service *os;
    mapisvc_prop **vals;
    struct export_ctx ctx;
    char *text = NULL, err[200];
    size_t len = 0;
    HRESULT hr;
    int rc = 0, ascii = 1;
    char *label;

    if (argc != 2) return usage_error("export needs a profile name and a file name");
    if (start_mapi() || open_services(argv[0], &sa)) return 1;
    label = file_label(argv[1]);
    hr = get_services(sa, &s, &ns);
    if (FAILED(hr)) {
        IMsgServiceAdmin_Release(sa);
        return fail_hr(hr, NULL, "cannot read the services of profile \"%s\"", argv[0]);
    }
    os = xmalloc((ns ? ns : 1) * sizeof(*os));
    vals = xmalloc((ns ? ns : 1) * sizeof(*vals));
    for (i = 0; i < ns; i++) {
        LPPROFSECT sect = NULL;
        LPSPropValue props = NULL;
        ULONG count = 0;
        os[i].service_name = s[i].name;
        os[i].display_name = s[i].display;
        os[i].count = 0;
        vals[i] = NULL;
        hr = s[i].has_uid ? open_section(sa, s[i].uid.ab, 0, &sect) : MAPI_E_NOT_FOUND;
        if (SUCCEEDED(hr)) hr = section_props(sect, &count, &props);
        if (sect) IProfSect_Release(sect);
        if (FAILED(hr)) {
            rc = fail_hr(hr, NULL, "cannot read service %s of profile \"%s\"", or_dash(s[i].name), argv[0]);
            break;
        }
        vals[i] = xmalloc((count ? count : 1) * sizeof(mapisvc_prop));
        for (j = 0, k = 0; j < count; j++) {
            if (!prf_tag_is_exported(props[j].ulPropTag)) continue;
            if (prop_from_mapi(&props[j], &vals[i][k]) == 0) k++;
        }
        os[i].count = k;
        os[i].props = vals[i];
        MAPIFreeBuffer(props);
    }
    IMsgServiceAdmin_Release(sa);
    if (!rc) {
        out.profile_name = argv[0];
        if (SUCCEEDED(get_profiles(&pl, &npl)))
            for (i = 0; i < npl; i++)
                if (same_name(pl[i].name, argv[0])) out.default_profile = pl[i].is_default;
        free_profiles(pl, npl);
        out.count = ns;
        out.services = os;
        ctx.svcs = os;
        if (prf_write(&out, export_skip, &ctx, &text, &len, err, sizeof(err)))
            rc = fail_msg("cannot write a PRF for profile \"%s\": %s", argv[0], err);
    }
    if (!rc) {
        for (i = 0; i < len; i++)
            if ((unsigned char)text[i] >= 0x80) ascii = 0;
        if (ascii) {
            if (write_file(argv[1], text, len, err, sizeof(err))) rc = fail_msg("cannot write %s: %s", label, err);
        } else {
            /* non-ASCII text: UTF-16 with a BOM, as Windows' profile functions read it */
            size_t wlen;
            uint8_t *w = prf_utf8_to_utf16le(text, len, &wlen);
            if (!w || write_file(argv[1], w, wlen, err, sizeof(err)))
                rc = fail_msg("cannot write %s: %s", label, w ? err : "out of memory");
            free(w);
        }
    }
    if (!rc && strcmp(argv[1], "-") != 0)
        outf("exported profile \"%s\" (%lu service%s) to %s\n", argv[0], (unsigned long)ns, ns == 1 ? "" : "s",
             label);
    for (i = 0; i < ns; i++) {
        for (j = 0; vals[i] && j < os[i].count; j++) mapisvc_prop_free(&vals[i][j]);
        free(vals[i]);
    }
    free(vals);
    free(os);
    free(text);
    free(label);
    free_services(s, ns);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* import                                                                    */

/* What import does with one [Service List] entry. */
struct plan {
    const prf_service *svc;
    const char *service;    /* MAPISVC.INF service name, or NULL for a section */
    int section;            /* write into the profile section svc->section_uid */
};

static void print_diags(const prf_file *prf)
{
    size_t i;
    char buf[800];
    for (i = 0; i < prf_diag_count(prf); i++) {
        prf_diag_format(prf_diag_at(prf, i), buf, sizeof(buf));
        errf("mapiprof: %s\n", buf);
    }
}

static int import_service(LPSERVICEADMIN sa, const struct plan *pl, const prf_file *prf,
                          const char *profile, const struct service *have, size_t nhave, int append)
{
    const prf_service *svc = pl->svc;
    UINT cp = prf_file_encoding(prf) == PRF_ENC_ANSI ? CP_ACP : CP_UTF8;
    mapisvc_prop *props = xmalloc((svc->count ? svc->count : 1) * sizeof(*props));
    int *expand = xmalloc((svc->count ? svc->count : 1) * sizeof(int));
    const char *display = NULL, *section_display = NULL;
    MAPIUID uid;
    size_t i, n = 0;
    int rc = 0, reuse = 0;

    for (i = 0; i < svc->count; i++) {
        const prf_prop *pp = &svc->props[i];
        int is_name = PROP_ID(pp->prop.tag) == PROP_ID(PR_DISPLAY_NAME_A) && pp->prop.kind == MAPISVC_PROP_STRING;
        if (is_name && pp->raw_tag && !pl->section) {
            /* a raw tag is a value of the service's own section (as export
             * writes it): its name, not something for every provider */
            display = section_display = pp->prop.v.str;
            continue;
        }
        if (is_name && !display) display = pp->prop.v.str; /* Outlook's Name=: passed on as well */
        props[n] = pp->prop; /* shallow: the parser owns the values */
        /* friendly names get Outlook's %VARIABLE% expansion, raw tags are verbatim */
        expand[n] = !pp->raw_tag;
        n++;
    }
    if (pl->section) {
        /* SectionGUID= mappings (e.g. the Outlook client section): write straight into it */
        LPPROFSECT sect = NULL;
        LPSPropValue pv = NULL;
        LPSPropProblemArray problems = NULL;
        char err[200], text[33];
        HRESULT hr;
        uid_to_text(svc->section_uid, text);
        if (!n) goto done;
        hr = props_to_mapi(props, expand, n, cp, &pv, err, sizeof(err));
        if (SUCCEEDED(hr)) hr = IMsgServiceAdmin_OpenProfileSection(sa, (LPMAPIUID)svc->section_uid, NULL, MAPI_MODIFY, &sect);
        if (SUCCEEDED(hr)) hr = IProfSect_SetProps(sect, (ULONG)n, pv, &problems);
        if (SUCCEEDED(hr) && problems && problems->cProblem)
            warnf("%s:%u: %lu properties of %s were refused by section %s", prf_file_name(prf), svc->line,
                  (unsigned long)problems->cProblem, svc->key, text);
        MAPIFreeBuffer(problems);
        MAPIFreeBuffer(pv);
        if (sect) IProfSect_Release(sect);
        if (FAILED(hr)) rc = fail_hr(hr, NULL, "cannot write %s (section %s) of %s into profile \"%s\"",
                                     svc->key, text, prf_file_name(prf), profile);
        goto done;
    }
    if (append && svc->unique == 1) {
        /* UniqueService=Yes: configure the one already there instead of adding another */
        for (i = 0; i < nhave; i++)
            if (have[i].name && have[i].has_uid && same_name(have[i].name, pl->service)) {
                uid = have[i].uid;
                reuse = 1;
                break;
            }
    }
    if (!reuse) {
        /* create_service takes UTF-8; an ANSI file's text is converted first */
        char *d = display && cp == CP_ACP ? acp_to_utf8(display) : NULL;
        rc = create_service(sa, pl->service, d ? d : display, profile, &uid);
        free(d);
        if (rc) goto done;
    }
    if (section_display && (rc = set_service_display(sa, &uid, section_display, cp, pl->service, profile)))
        goto done;
    if (n) rc = configure_service(sa, &uid, props, expand, n, cp, pl->service, profile);
done:
    free(props);
    free(expand);
    return rc;
}

static int cmd_import(int argc, char **argv)
{
    const char *file = NULL, *name = NULL;
    int strict = 0, i, rc = 0, created = 0, append = 0;
    char *data = NULL, err[200], *target = NULL, *a = NULL, *label;
    size_t len, n, k, problems = 0;
    prf_file *prf;
    const prf_general *g;
    struct plan *plans = NULL;
    LPSERVICEADMIN sa = NULL;
    struct service *have = NULL;
    size_t nhave = 0;
    HRESULT hr;
    int exists;

    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--name") == 0) {
            if (++i >= argc) return usage_error("--name needs a profile name");
            name = argv[i];
        } else if (strcmp(argv[i], "--strict") == 0) {
            strict = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage_error("import: unknown option '%s'", argv[i]);
        } else if (!file) {
            file = argv[i];
        } else {
            return usage_error("import: unexpected argument '%s'", argv[i]);
        }
    }
    if (!file) return usage_error("import needs a PRF file");
    if (name && !*name) return fail_msg("a profile name cannot be empty");
    label = file_label(file);
    if (read_file(file, &data, &len, err, sizeof(err))) {
        rc = fail_msg("cannot read %s: %s", label, err);
        free(label);
        return rc;
    }
    prf = prf_parse(data, len, label);
    free(data);
    if (!prf) {
        rc = fail_msg("cannot read %s: out of memory", label);
        free(label);
        return rc;
    }
    file = prf_file_name(prf); /* the label, for every message below */
    free(label);
    print_diags(prf);
    problems = prf_diag_count(prf);
    g = prf_get_general(prf);
    if (!prf_raw_value(prf, "General", "ProfileName") && !prf_service_count(prf) &&
        !prf_raw_value(prf, "Service List", "Service1")) {
        rc = fail_msg("%s is not a PRF file: it has neither [General] ProfileName= nor a [Service List]", file);
        goto out;
    }

    /* Each service: a MAPISVC.INF service (by the mapping's ServiceName=, or the
     * [Service List] name itself) or a profile section by SectionGUID=. */
    n = prf_service_count(prf);
    plans = xmalloc((n ? n : 1) * sizeof(*plans));
    for (k = 0; k < n; k++) {
        const prf_service *svc = prf_service_at(prf, k);
        plans[k].svc = svc;
        plans[k].section = 0;
        plans[k].service = NULL;
        if (svc->service_name) {
            const char *r = inf_service(svc->service_name);
            plans[k].service = r ? r : svc->service_name;
        } else if (svc->has_section_uid) {
            plans[k].section = 1;
        } else if ((plans[k].service = inf_service(svc->name)) == NULL) {
            warnf("%s:%u: service \"%s\" is unknown: its mapping section has no ServiceName= and "
                  "MAPISVC.INF lists no such service; skipped", file, svc->line, svc->name);
            problems++;
        }
    }
    if (g->default_store) {
        warnf("%s:%u: DefaultStore=%s is not applied: mapiprof does not choose default stores",
              file, g->default_store_line, g->default_store);
    }
    if (strict && problems) {
        rc = fail_msg("%s has %lu problems (see above); nothing was imported (--strict)", file,
                      (unsigned long)problems);
        goto out;
    }

    if (start_mapi()) {
        rc = 1;
        goto out;
    }
    /* Which profile, and what to do if it exists (OverwriteProfile). */
    if (name) target = xstrdup(name);
    else if (g->modify_default == 1 && (target = default_profile()) != NULL) append = 1;
    else if (g->profile_name)
        /* text of an ANSI file is in the ANSI code page; everything here is UTF-8 */
        target = prf_file_encoding(prf) == PRF_ENC_ANSI ? acp_to_utf8(g->profile_name) : xstrdup(g->profile_name);
    if (!target) {
        rc = fail_msg("%s has no ProfileName in [General]; give one with --name", file);
        goto out;
    }
    exists = profile_exists(target);
    if (g->overwrite == PRF_OVERWRITE_APPEND && exists == 1) append = 1;
    if (!(a = ansi_arg(target, "the profile name"))) {
        rc = 1;
        goto out;
    }
    if (exists == 1 && !append && g->overwrite == PRF_OVERWRITE_YES) {
        hr = IProfAdmin_DeleteProfile(admin, a, 0);
        if (FAILED(hr)) {
            rc = fail_hr(hr, NULL, "cannot replace profile \"%s\" (OverwriteProfile=Yes)", target);
            goto out;
        }
        exists = 0;
    }
    if (!append || exists != 1) {
        hr = IProfAdmin_CreateProfile(admin, a, NULL, 0, 0);
        if (FAILED(hr)) {
            const char *why = NULL;
            if (hr == MAPI_E_NO_ACCESS && profile_exists(target) == 1)
                why = "it already exists (the PRF says OverwriteProfile=No; use --name for another name)";
            rc = fail_hr(hr, why, "cannot create profile \"%s\"", target);
            goto out;
        }
        created = 1;
        append = 0;
    }
    if (open_services(target, &sa)) {
        rc = 1;
        goto rollback;
    }
    if (append) get_services(sa, &have, &nhave);
    for (k = 0; k < n && !rc; k++) {
        if (!plans[k].service && !plans[k].section) continue;
        rc = import_service(sa, &plans[k], prf, target, have, nhave, append);
    }
    IMsgServiceAdmin_Release(sa);
    sa = NULL;
    if (!rc && g->default_profile == 1) rc = set_default(target);
rollback:
    if (rc && created) {
        /* all or nothing for a profile this command made */
        if (SUCCEEDED(IProfAdmin_DeleteProfile(admin, a, 0)))
            errf("mapiprof: profile \"%s\" was not created\n", target);
    }
    if (!rc)
        outf("%s profile \"%s\" from %s\n", created ? "imported" : "updated", target, file);
out:
    free_services(have, nhave);
    free(plans);
    free(target);
    free(a);
    prf_free(prf);
    return rc;
}

/* ------------------------------------------------------------------------ */

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    { "list", cmd_list },
    { "create", cmd_create },
    { "delete", cmd_delete },
    { "copy", cmd_copy },
    { "rename", cmd_rename },
    { "default", cmd_default },
    { "services", cmd_services },
    { "providers", cmd_providers },
    { "add-service", cmd_add_service },
    { "remove-service", cmd_remove_service },
    { "configure", cmd_configure },
    { "dump", cmd_dump },
    { "import", cmd_import },
    { "export", cmd_export },
};

int main(void)
{
    int wargc, i, rc;
    WCHAR **wargv = CommandLineToArgvW(GetCommandLineW(), &wargc);
    char **argv;
    size_t c;

    out_init();
    if (!wargv) return fail_msg("cannot read the command line");
    argv = xmalloc((size_t)(wargc + 1) * sizeof(char *));
    for (i = 0; i < wargc; i++) {
        argv[i] = wide_to_utf8(wargv[i]);
        if (!argv[i]) argv[i] = xstrdup("");
    }
    argv[wargc] = NULL;
    LocalFree(wargv);

    if (wargc < 2) {
        errf("%s", usage_text);
        return USAGE_STATUS;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        outf("%s", usage_text);
        return 0;
    }
    rc = -1;
    for (c = 0; c < sizeof(commands) / sizeof(commands[0]); c++) {
        if (strcmp(argv[1], commands[c].name) != 0) continue;
        rc = commands[c].run(wargc - 2, argv + 2);
        break;
    }
    if (rc < 0) rc = usage_error("unknown command '%s'", argv[1]);
    stop_mapi();
    if (inf) mapisvc_inf_free(inf);
    for (i = 0; i < wargc; i++) free(argv[i]);
    free(argv);
    return rc;
}
