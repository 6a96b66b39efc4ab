/*
 * mapiprof: MAPISVC.INF, read only to turn display names into service names.
 */
#include "mapiprof.h"

#include <stdlib.h>
#include <string.h>

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
const char *mp_inf_service(const char *name)
{
    const mapisvc_entry *e;
    size_t n, i;
    int pass;
    if (!load_inf()) return NULL;
    n = mapisvc_inf_services(inf, &e);
    for (pass = 0; pass < 2; pass++)
        for (i = 0; i < n; i++)
            if (mp_same_name(pass == 0 ? e[i].key : e[i].value, name)) return e[i].key;
    return NULL;
}

const char *mp_inf_display(const char *service)
{
    const mapisvc_entry *e;
    size_t n, i;
    if (!load_inf()) return NULL;
    n = mapisvc_inf_services(inf, &e);
    for (i = 0; i < n; i++)
        if (mp_same_name(e[i].key, service)) return e[i].value;
    return NULL;
}

/* "A, B, C" of the services MAPISVC.INF lists (malloc'ed), or NULL. */
char *mp_inf_service_list(void)
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

void mp_free_inf(void)
{
    if (inf) mapisvc_inf_free(inf);
}
