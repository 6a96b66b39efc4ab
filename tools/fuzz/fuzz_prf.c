/*
 * libFuzzer target for mapiprof's PRF parser and writer (tools/prf_*.c; see
 * README.md here).  Parses the input and walks the model, feeds the first
 * line to the TAG=VALUE converter, and checks the round trip export relies
 * on: writing what was parsed and parsing it again gives the same profile
 * name, services and properties.  A difference aborts, so the fuzzer reports it.
 */
#include "prf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The writer checks duplicates pairwise; keep its share of the work small. */
#define MAX_SERVICES 64
#define MAX_PROPS    256

static void walk(const prf_file *prf)
{
    char buf[256], name[64];
    size_t i, j;
    const prf_general *g = prf_get_general(prf);
    volatile size_t sink = 0;

    if (g->profile_name) sink += strlen(g->profile_name);
    if (g->default_store) (void)prf_find_service(prf, g->default_store);
    for (i = 0; i < prf_service_count(prf); i++) {
        const prf_service *s = prf_service_at(prf, i);
        for (j = 0; j < s->count; j++) {
            char *text = NULL;
            (void)prf_tag_name(s->props[j].prop.tag, name, sizeof(name));
            if (prf_format_value(&s->props[j].prop, &text, buf, sizeof(buf)) == 0) sink += strlen(text);
            free(text);
        }
    }
    for (i = 0; i < prf_diag_count(prf); i++) prf_diag_format(prf_diag_at(prf, i), buf, sizeof(buf));
    (void)sink;
}

struct skipped {
    unsigned char svc[MAX_SERVICES];
};

static void on_skip(void *ctx, size_t service, uint32_t tag, const char *reason)
{
    struct skipped *s = ctx;
    (void)reason;
    if (!tag && service < MAX_SERVICES) s->svc[service] = 1;
}

static void round_trip(const prf_file *prf)
{
    prf_out_service svcs[MAX_SERVICES];
    size_t map[MAX_SERVICES], n = 0, i, j, k, expect;
    struct skipped sk;
    prf_out out;
    char *text = NULL, err[160];
    size_t len = 0;
    prf_file *again;

    for (i = 0; i < prf_service_count(prf) && n < MAX_SERVICES; i++) {
        const prf_service *s = prf_service_at(prf, i);
        if (!s->service_name) continue;
        svcs[n].service_name = s->service_name;
        svcs[n].display_name = s->name;
        svcs[n].count = s->count < MAX_PROPS ? s->count : MAX_PROPS;
        svcs[n].props = NULL;
        map[n] = i;
        n++;
    }
    /* the writer takes an array of props; the parser keeps them inside prf_prop */
    for (i = 0; i < n; i++) {
        const prf_service *s = prf_service_at(prf, map[i]);
        mapisvc_prop *p = malloc((svcs[i].count ? svcs[i].count : 1) * sizeof(*p));
        if (!p) abort();
        for (j = 0; j < svcs[i].count; j++) p[j] = s->props[j].prop; /* shallow */
        svcs[i].props = p;
    }
    memset(&sk, 0, sizeof(sk));
    out.profile_name = prf_get_general(prf)->profile_name ? prf_get_general(prf)->profile_name : "P";
    out.default_profile = prf_get_general(prf)->default_profile == 1;
    out.count = n;
    out.services = svcs;
    if (prf_write(&out, on_skip, &sk, &text, &len, err, sizeof(err)) != 0) goto done;

    again = prf_parse(text, len, "again");
    if (!again) goto done;
    if (strcmp(prf_get_general(again)->profile_name, out.profile_name) != 0) abort();
    if ((prf_get_general(again)->default_profile == 1) != out.default_profile) abort();
    for (i = 0, k = 0; i < n; i++) {
        const prf_service *s;
        if (sk.svc[i]) continue;
        s = prf_service_at(again, k++);
        if (!s || !s->service_name || strcmp(s->service_name, svcs[i].service_name) != 0) abort();
        /* every exported property comes back, each once, with its value */
        for (j = 0, expect = 0; j < svcs[i].count; j++) {
            size_t m, hits = 0;
            if (!prf_tag_is_exported(svcs[i].props[j].tag)) continue;
            expect++;
            for (m = 0; m < s->count; m++)
                if (s->props[m].prop.tag == svcs[i].props[j].tag) {
                    hits++;
                    if (!prf_props_equal(&s->props[m].prop, &svcs[i].props[j])) abort();
                }
            if (hits != 1) abort();
        }
        if (s->count != expect) abort();
    }
    if (prf_service_count(again) != k) abort();
    prf_free(again);
done:
    free(text);
    for (i = 0; i < n; i++) free((void *)svcs[i].props);
}

/* The first line as mapiprof --set TAG=VALUE. */
static void assignment(const uint8_t *data, size_t size)
{
    char *copy, *nl;
    mapisvc_prop p;
    char err[160];
    if (size > 4096) size = 4096;
    copy = malloc(size + 1);
    if (!copy) return;
    memcpy(copy, data, size);
    copy[size] = '\0';
    nl = strchr(copy, '\n');
    if (nl) *nl = '\0';
    if (prf_parse_assignment(copy, &p, err, sizeof(err)) == 0) {
        char *text = NULL;
        if (prf_format_value(&p, &text, err, sizeof(err)) == 0) {
            mapisvc_prop q;
            if (prf_convert(p.tag, text, &q, err, sizeof(err)) != 0 || !prf_props_equal(&p, &q)) abort();
            mapisvc_prop_free(&q);
        }
        free(text);
        mapisvc_prop_free(&p);
    }
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    prf_file *prf = prf_parse(data, size, "fuzz.prf");
    if (prf) {
        walk(prf);
        round_trip(prf);
        prf_free(prf);
    }
    assignment(data, size);
    return 0;
}
