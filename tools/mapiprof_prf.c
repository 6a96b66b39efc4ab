/*
 * mapiprof: PRF files (Outlook profile files), the import and export commands.
 */
#include "mapiprof.h"

#include <stdlib.h>
#include <string.h>

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
    const char *name = mp_or_dash(e->svcs[service].service_name);
    if (tag) warnf("service %s: property %08lX not exported: %s", name, (unsigned long)tag, reason);
    else warnf("service %s not exported: %s", name, reason);
}

int cmd_export(int argc, char **argv)
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

    if (argc != 2) return mp_usage_error("export needs a profile name and a file name");
    if (mp_start_mapi() || mp_open_services(argv[0], &sa)) return 1;
    label = file_label(argv[1]);
    hr = mp_get_services(sa, &s, &ns);
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
        hr = s[i].has_uid ? mp_open_section(sa, s[i].uid.ab, 0, &sect) : MAPI_E_NOT_FOUND;
        if (SUCCEEDED(hr)) hr = mp_section_props(sect, &count, &props);
        if (sect) IProfSect_Release(sect);
        if (FAILED(hr)) {
            rc = fail_hr(hr, NULL, "cannot read service %s of profile \"%s\"", mp_or_dash(s[i].name), argv[0]);
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
        if (SUCCEEDED(mp_get_profiles(&pl, &npl)))
            for (i = 0; i < npl; i++)
                if (mp_same_name(pl[i].name, argv[0])) out.default_profile = pl[i].is_default;
        mp_free_profiles(pl, npl);
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
    mp_free_services(s, ns);
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
            if (have[i].name && have[i].has_uid && mp_same_name(have[i].name, pl->service)) {
                uid = have[i].uid;
                reuse = 1;
                break;
            }
    }
    if (!reuse) {
        /* mp_create_service takes UTF-8; an ANSI file's text is converted first */
        char *d = display && cp == CP_ACP ? acp_to_utf8(display) : NULL;
        rc = mp_create_service(sa, pl->service, d ? d : display, profile, &uid);
        free(d);
        if (rc) goto done;
    }
    if (section_display && (rc = mp_set_service_display(sa, &uid, section_display, cp, pl->service, profile)))
        goto done;
    if (n) rc = mp_configure_service(sa, &uid, props, expand, n, cp, pl->service, profile);
done:
    free(props);
    free(expand);
    return rc;
}

int cmd_import(int argc, char **argv)
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
            if (++i >= argc) return mp_usage_error("--name needs a profile name");
            name = argv[i];
        } else if (strcmp(argv[i], "--strict") == 0) {
            strict = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return mp_usage_error("import: unknown option '%s'", argv[i]);
        } else if (!file) {
            file = argv[i];
        } else {
            return mp_usage_error("import: unexpected argument '%s'", argv[i]);
        }
    }
    if (!file) return mp_usage_error("import needs a PRF file");
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
            const char *r = mp_inf_service(svc->service_name);
            plans[k].service = r ? r : svc->service_name;
        } else if (svc->has_section_uid) {
            plans[k].section = 1;
        } else if ((plans[k].service = mp_inf_service(svc->name)) == NULL) {
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

    if (mp_start_mapi()) {
        rc = 1;
        goto out;
    }
    /* Which profile, and what to do if it exists (OverwriteProfile). */
    if (name) target = xstrdup(name);
    else if (g->modify_default == 1 && (target = mp_default_profile()) != NULL) append = 1;
    else if (g->profile_name)
        /* text of an ANSI file is in the ANSI code page; everything here is UTF-8 */
        target = prf_file_encoding(prf) == PRF_ENC_ANSI ? acp_to_utf8(g->profile_name) : xstrdup(g->profile_name);
    if (!target) {
        rc = fail_msg("%s has no ProfileName in [General]; give one with --name", file);
        goto out;
    }
    exists = mp_profile_exists(target);
    if (g->overwrite == PRF_OVERWRITE_APPEND && exists == 1) append = 1;
    if (!(a = mp_ansi_arg(target, "the profile name"))) {
        rc = 1;
        goto out;
    }
    if (exists == 1 && !append && g->overwrite == PRF_OVERWRITE_YES) {
        hr = IProfAdmin_DeleteProfile(mp_admin, a, 0);
        if (FAILED(hr)) {
            rc = fail_hr(hr, NULL, "cannot replace profile \"%s\" (OverwriteProfile=Yes)", target);
            goto out;
        }
        exists = 0;
    }
    if (!append || exists != 1) {
        hr = IProfAdmin_CreateProfile(mp_admin, a, NULL, 0, 0);
        if (FAILED(hr)) {
            const char *why = NULL;
            if (hr == MAPI_E_NO_ACCESS && mp_profile_exists(target) == 1)
                why = "it already exists (the PRF says OverwriteProfile=No; use --name for another name)";
            rc = fail_hr(hr, why, "cannot create profile \"%s\"", target);
            goto out;
        }
        created = 1;
        append = 0;
    }
    if (mp_open_services(target, &sa)) {
        rc = 1;
        goto rollback;
    }
    if (append) mp_get_services(sa, &have, &nhave);
    for (k = 0; k < n && !rc; k++) {
        if (!plans[k].service && !plans[k].section) continue;
        rc = import_service(sa, &plans[k], prf, target, have, nhave, append);
    }
    IMsgServiceAdmin_Release(sa);
    sa = NULL;
    if (!rc && g->default_profile == 1) rc = mp_set_default(target);
rollback:
    if (rc && created) {
        /* all or nothing for a profile this command made */
        if (SUCCEEDED(IProfAdmin_DeleteProfile(mp_admin, a, 0)))
            errf("mapiprof: profile \"%s\" was not created\n", target);
    }
    if (!rc)
        outf("%s profile \"%s\" from %s\n", created ? "imported" : "updated", target, file);
out:
    mp_free_services(have, nhave);
    free(plans);
    free(target);
    free(a);
    prf_free(prf);
    return rc;
}
