/*
 * mapiprof: reading profile sections, and the dump command.
 */
#include "mapiprof.h"

#include <stdlib.h>
#include <string.h>

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
HRESULT mp_open_section(LPSERVICEADMIN sa, const BYTE *uid, ULONG flags, LPPROFSECT *sect)
{
    HRESULT hr = IMsgServiceAdmin_OpenProfileSection(sa, (LPMAPIUID)uid, NULL, flags, sect);
    if (hr == MAPI_E_NO_ACCESS)
        hr = IMsgServiceAdmin_OpenProfileSection(sa, (LPMAPIUID)uid, NULL, flags | MAPI_FORCE_ACCESS, sect);
    if (FAILED(hr)) *sect = NULL;
    return hr;
}

/* All properties of a section (strings in Unicode where MAPI can), sorted by tag. */
HRESULT mp_section_props(LPPROFSECT sect, ULONG *count, LPSPropValue *props)
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
    HRESULT hr = mp_open_section(sa, uid, 0, &sect);

    uid_to_text(uid, text);
    if (FAILED(hr)) {
        if (optional && (hr == MAPI_E_NOT_FOUND || hr == MAPI_E_NO_ACCESS)) return 0;
        outf("\n[%s] %s\n  (cannot open: %s, %s 0x%08lX)\n", label, text, hr_sentence(hr),
             hr_name(hr) ? hr_name(hr) : "", (unsigned long)hr);
        return 1;
    }
    hr = mp_section_props(sect, &count, &props);
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

int cmd_dump(int argc, char **argv)
{
    LPSERVICEADMIN sa;
    struct service *s = NULL;
    struct provider *p = NULL;
    size_t ns = 0, np = 0, i;
    ULONG k;
    HRESULT hr;
    int problems = 0;
    char label[512];

    if (argc != 1) return mp_usage_error("dump needs a profile name");
    if (mp_start_mapi() || mp_open_services(argv[0], &sa)) return 1;
    outf("profile \"%s\"\n", argv[0]);
    problems += dump_section(sa, uid_instance, "profile instance (MUID_PROFILE_INSTANCE)", 0, NULL);
    problems += dump_section(sa, uid_root, "profile root (MAPI's section)", 0, NULL);
    problems += dump_section(sa, uid_public, "public profile properties (PS_PROFILE_PROPERTIES)", 1, NULL);
    problems += dump_section(sa, uid_global, "global profile section", 1, NULL);
    problems += dump_section(sa, uid_outlook, "Outlook client section", 1, NULL);

    hr = mp_get_services(sa, &s, &ns);
    if (FAILED(hr)) {
        fail_hr(hr, NULL, "cannot read the services of profile \"%s\"", argv[0]);
        problems++;
    }
    for (i = 0; i < ns; i++) {
        SBinary extra = { 0, NULL };
        if (!s[i].has_uid) continue;
        snprintf(label, sizeof(label), "service %s \"%s\"", mp_or_dash(s[i].name), mp_or_dash(s[i].display));
        problems += dump_section(sa, s[i].uid.ab, label, 0, &extra);
        for (k = 0; k + 16 <= extra.cb; k += 16) {
            snprintf(label, sizeof(label), "extra section of service %s", mp_or_dash(s[i].name));
            problems += dump_section(sa, extra.lpb + k, label, 0, NULL);
        }
        free(extra.lpb);
    }
    hr = mp_get_providers(sa, &p, &np);
    if (FAILED(hr)) {
        fail_hr(hr, NULL, "cannot read the providers of profile \"%s\"", argv[0]);
        problems++;
    }
    for (i = 0; i < np; i++) {
        if (!p[i].has_uid) continue;
        snprintf(label, sizeof(label), "provider \"%s\" (%s) of service %s",
                 mp_or_dash(p[i].display ? p[i].display : p[i].provider_display),
                 mp_resource_type_name(p[i].type), mp_or_dash(p[i].service_name));
        problems += dump_section(sa, p[i].uid.ab, label, 0, NULL);
    }
    IMsgServiceAdmin_Release(sa);
    mp_free_services(s, ns);
    mp_free_providers(p, np);
    if (problems) return fail_msg("some sections of profile \"%s\" could not be read (see above)", argv[0]);
    return 0;
}

