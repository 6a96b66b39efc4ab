/*
 * mapiprof: the message-service and provider tables, adding and configuring
 * services, and the service commands (services, providers, add-service,
 * remove-service, configure).
 */
#include "mapiprof.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* The message-service and provider tables.                                  */

void mp_free_services(struct service *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        free(s[i].display);
        free(s[i].name);
    }
    free(s);
}

HRESULT mp_get_services(LPSERVICEADMIN sa, struct service **out, size_t *count)
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

void mp_free_providers(struct provider *p, size_t n)
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

HRESULT mp_get_providers(LPSERVICEADMIN sa, struct provider **out, size_t *count)
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

const char *mp_or_dash(const char *s)
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
            if (v && mp_same_name(v, arg)) {
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
int mp_configure_service(LPSERVICEADMIN sa, const MAPIUID *uid, const mapisvc_prop *props,
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
int mp_create_service(LPSERVICEADMIN sa, const char *service, const char *display,
                      const char *profile, MAPIUID *uid)
{
    LPSERVICEADMIN2 sa2 = NULL;
    char *aservice = mp_ansi_arg(service, "the service name"), *adisplay;
    const char *disp = display ? display : mp_inf_display(service);
    HRESULT hr;

    if (!aservice) return 1;
    adisplay = mp_ansi_arg(disp ? disp : service, "the display name");
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
        mp_get_services(sa, &before, &nb);
        hr = IMsgServiceAdmin_CreateMsgService(sa, aservice, adisplay, 0, 0);
        if (SUCCEEDED(hr) && SUCCEEDED(mp_get_services(sa, &after, &na))) {
            for (i = 0; i < na; i++) {
                for (j = 0; j < nb; j++)
                    if (IsEqualMAPIUID(&after[i].uid, &before[j].uid)) break;
                if (j == nb) *uid = after[i].uid;
            }
        }
        mp_free_services(before, nb);
        mp_free_services(after, na);
    }
    free(aservice);
    free(adisplay);
    if (FAILED(hr)) {
        char *ext = mapi_last_error((IUnknown *)sa, hr), *list = NULL, *why = NULL;
        if (!ext && hr == MAPI_E_NOT_FOUND) {
            list = mp_inf_service_list();
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
int mp_set_service_display(LPSERVICEADMIN sa, const MAPIUID *uid, const char *text, UINT cp,
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

int cmd_services(int argc, char **argv)
{
    LPSERVICEADMIN sa;
    struct service *s;
    size_t n, i;
    HRESULT hr;
    const char ***cells;
    char (*uids)[33];

    if (argc != 1) return mp_usage_error("services needs a profile name");
    if (mp_start_mapi() || mp_open_services(argv[0], &sa)) return 1;
    hr = mp_get_services(sa, &s, &n);
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
        cells[i + 1][0] = mp_or_dash(s[i].display);
        cells[i + 1][1] = mp_or_dash(s[i].name);
        cells[i + 1][2] = s[i].has_uid ? uids[i] : "-";
    }
    print_columns(cells, n + 1, 3);
    for (i = 0; i < n; i++) free((void *)cells[i + 1]);
    free(cells);
    free(uids);
    mp_free_services(s, n);
    return 0;
}

const char *mp_resource_type_name(ULONG type)
{
    switch (type) {
    case MAPI_STORE_PROVIDER: return "store";
    case MAPI_AB_PROVIDER: return "address book";
    case MAPI_TRANSPORT_PROVIDER: return "transport";
    case 40: return "hook";
    default: return "other";
    }
}

int cmd_providers(int argc, char **argv)
{
    LPSERVICEADMIN sa;
    struct provider *p;
    size_t n, i;
    HRESULT hr;
    const char ***cells;
    char (*uids)[33];

    if (argc != 1) return mp_usage_error("providers needs a profile name");
    if (mp_start_mapi() || mp_open_services(argv[0], &sa)) return 1;
    hr = mp_get_providers(sa, &p, &n);
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
        cells[i + 1][0] = mp_or_dash(p[i].display ? p[i].display : p[i].provider_display);
        cells[i + 1][1] = mp_resource_type_name(p[i].type);
        cells[i + 1][2] = mp_or_dash(p[i].service_name);
        cells[i + 1][3] = mp_or_dash(p[i].dll);
        cells[i + 1][4] = p[i].has_uid ? uids[i] : "-";
    }
    print_columns(cells, n + 1, 5);
    for (i = 0; i < n; i++) free((void *)cells[i + 1]);
    free(cells);
    free(uids);
    mp_free_providers(p, n);
    return 0;
}

int cmd_add_service(int argc, char **argv)
{
    const char *profile = NULL, *service = NULL, *display = NULL, *resolved;
    struct props ps = { 0 };
    LPSERVICEADMIN sa;
    MAPIUID uid;
    char text[33];
    int i, rc;

    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--display") == 0) {
            if (++i >= argc) return mp_usage_error("--display needs a text");
            display = argv[i];
        } else if (strcmp(argv[i], "--set") == 0) {
            if (++i >= argc) return mp_usage_error("--set needs TAG=VALUE");
            if ((rc = add_set(&ps, argv[i]))) return rc;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return mp_usage_error("add-service: unknown option '%s'", argv[i]);
        } else if (!profile) {
            profile = argv[i];
        } else if (!service) {
            service = argv[i];
        } else {
            return mp_usage_error("add-service: unexpected argument '%s'", argv[i]);
        }
    }
    if (!service) return mp_usage_error("add-service needs a profile name and a service name");
    if (mp_start_mapi() || mp_open_services(profile, &sa)) {
        free_props(&ps);
        return 1;
    }
    /* a display name from MAPISVC.INF also names its service */
    resolved = mp_inf_service(service);
    memset(&uid, 0, sizeof(uid));
    rc = mp_create_service(sa, resolved ? resolved : service, display, profile, &uid);
    if (!rc && display)
        rc = mp_set_service_display(sa, &uid, display, CP_UTF8, resolved ? resolved : service, profile);
    if (!rc && ps.n) {
        rc = mp_configure_service(sa, &uid, ps.p, NULL, ps.n, CP_UTF8, resolved ? resolved : service, profile);
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

int cmd_remove_service(int argc, char **argv)
{
    LPSERVICEADMIN sa;
    struct service *s;
    size_t n;
    long k;
    HRESULT hr;
    char text[33];

    if (argc != 2) return mp_usage_error("remove-service needs a profile name and a service UID or name");
    if (mp_start_mapi() || mp_open_services(argv[0], &sa)) return 1;
    hr = mp_get_services(sa, &s, &n);
    if (FAILED(hr)) {
        IMsgServiceAdmin_Release(sa);
        return fail_hr(hr, NULL, "cannot read the services of profile \"%s\"", argv[0]);
    }
    k = pick_service(s, n, argv[1], argv[0]);
    if (k < 0) {
        IMsgServiceAdmin_Release(sa);
        mp_free_services(s, n);
        return 1;
    }
    hr = IMsgServiceAdmin_DeleteMsgService(sa, &s[k].uid);
    IMsgServiceAdmin_Release(sa);
    uid_to_text(s[k].uid.ab, text);
    if (FAILED(hr)) {
        fail_hr(hr, NULL, "cannot remove service %s (%s) from profile \"%s\"", mp_or_dash(s[k].name), text, argv[0]);
        mp_free_services(s, n);
        return 1;
    }
    outf("removed service %s (%s) from profile \"%s\"\n", mp_or_dash(s[k].name), text, argv[0]);
    mp_free_services(s, n);
    return 0;
}

int cmd_configure(int argc, char **argv)
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
            if (++i >= argc) return mp_usage_error("--set needs TAG=VALUE");
            if ((rc = add_set(&ps, argv[i]))) return rc;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return mp_usage_error("configure: unknown option '%s'", argv[i]);
        } else if (!profile) {
            profile = argv[i];
        } else if (!which) {
            which = argv[i];
        } else {
            return mp_usage_error("configure: unexpected argument '%s'", argv[i]);
        }
    }
    if (!which) return mp_usage_error("configure needs a profile name and a service UID or name");
    if (!ps.n) return mp_usage_error("configure needs at least one --set TAG=VALUE");
    if (mp_start_mapi() || mp_open_services(profile, &sa)) {
        free_props(&ps);
        return 1;
    }
    hr = mp_get_services(sa, &s, &n);
    if (FAILED(hr)) {
        IMsgServiceAdmin_Release(sa);
        free_props(&ps);
        return fail_hr(hr, NULL, "cannot read the services of profile \"%s\"", profile);
    }
    k = pick_service(s, n, which, profile);
    rc = k < 0 ? 1 : mp_configure_service(sa, &s[k].uid, ps.p, NULL, ps.n, CP_UTF8, mp_or_dash(s[k].name), profile);
    IMsgServiceAdmin_Release(sa);
    if (!rc) outf("configured service %s in profile \"%s\" (%lu propert%s)\n", mp_or_dash(s[k].name), profile,
                  (unsigned long)ps.n, ps.n == 1 ? "y" : "ies");
    mp_free_services(s, n);
    free_props(&ps);
    return rc;
}
