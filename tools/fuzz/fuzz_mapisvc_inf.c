/*
 * libFuzzer target for the MAPISVC.INF parser (see README.md here).
 * Parses the input, then walks the whole model the way the DLL does:
 * every list, every property conversion, every diagnostic.
 */
#include "mapisvc_inf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk_prop(const mapisvc_prop *p)
{
    volatile size_t sink = 0;
    size_t i;
    switch (p->kind) {
    case MAPISVC_PROP_STRING:
        sink += strlen(p->v.str);
        break;
    case MAPISVC_PROP_BINARY:
        for (i = 0; i < p->v.bin.len; i++) sink += p->v.bin.data[i];
        break;
    case MAPISVC_PROP_MV_STRING:
        for (i = 0; i < p->v.mvstr.count; i++) sink += strlen(p->v.mvstr.items[i]);
        break;
    case MAPISVC_PROP_MV_BINARY:
        for (i = 0; i < p->v.mvbin.count; i++) sink += p->v.mvbin.items[i].len;
        break;
    case MAPISVC_PROP_MV_LONG:
        for (i = 0; i < p->v.mvl.count; i++) sink += (size_t)p->v.mvl.items[i];
        break;
    default:
        break;
    }
    (void)sink;
}

static void walk_model(const mapisvc_inf *inf)
{
    const mapisvc_entry *e;
    char err[160], buf[256];
    size_t i, j, n;

    n = mapisvc_inf_services(inf, &e);
    for (i = 0; i < n; i++) {
        const mapisvc_section *s = mapisvc_inf_section(inf, e[i].key);
        if (s) (void)mapisvc_section_value(s, "Providers");
    }
    (void)mapisvc_inf_default_services(inf, &e);
    (void)mapisvc_inf_help_files(inf, &e);
    for (i = 0; i < mapisvc_inf_section_count(inf); i++) {
        const mapisvc_section *s = mapisvc_inf_section_at(inf, i);
        for (j = 0; j < s->providers.count; j++) (void)mapisvc_inf_section(inf, s->providers.items[j]);
        for (j = 0; j < s->sections.count; j++) (void)mapisvc_inf_section(inf, s->sections.items[j]);
        for (j = 0; j < s->count; j++) {
            mapisvc_prop p;
            if (s->entries[j].kind != MAPISVC_ENTRY_PROPERTY) continue;
            if (mapisvc_entry_convert(&s->entries[j], &p, err, sizeof(err)) == 0) {
                walk_prop(&p);
                (void)mapisvc_prop_tag_name(p.tag);
                mapisvc_prop_free(&p);
            }
        }
    }
    for (i = 0; i < mapisvc_inf_diag_count(inf); i++)
        mapisvc_diag_format(mapisvc_inf_diag(inf, i), buf, sizeof(buf));
}

/* Also feed the converter directly: "key=value" from the first line. */
static void convert_direct(const uint8_t *data, size_t size)
{
    char *copy, *eq;
    mapisvc_prop p;
    char err[64];

    if (size > 4096) size = 4096;
    copy = malloc(size + 1);
    if (!copy) return;
    memcpy(copy, data, size);
    copy[size] = '\0';
    eq = strchr(copy, '=');
    if (eq) {
        *eq = '\0';
        if (mapisvc_convert(copy, eq + 1, &p, err, sizeof(err)) == 0) {
            walk_prop(&p);
            mapisvc_prop_free(&p);
        }
    }
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mapisvc_inf *inf = mapisvc_inf_parse(data, size, "fuzz.inf");
    if (inf) {
        walk_model(inf);
        mapisvc_inf_free(inf);
    }
    convert_direct(data, size);
    return 0;
}
