/* bench_propdata: times IPropData (CreateIProp) in whichever mapi32.dll the
 * prefix gives us; tools/bench/run runs it with ours and with Wine's builtin.
 * Each case prints ms per operation (best of several runs). The figures are
 * also left in %TEMP%\bench_propdata.txt: a run that finds there the figures
 * of the other DLL prints both side by side with their ratio. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include <mapix.h>
#include <mapiutil.h>
#define INITGUID
#include <mapiguid.h>

#include "../verinfo.h"

typedef SCODE (WINAPI *createiprop_fn)(LPCIID, ALLOCATEBUFFER *, ALLOCATEMORE *, FREEBUFFER *, LPVOID,
                                       LPPROPDATA *);
typedef SCODE (WINAPI *allocbuf_fn)(ULONG, LPVOID *);
typedef ULONG (WINAPI *freebuf_fn)(LPVOID);

static createiprop_fn pCreateIProp;
static ALLOCATEBUFFER *pMAPIAllocateBuffer;
static ALLOCATEMORE *pMAPIAllocateMore;
static FREEBUFFER *pMAPIFreeBuffer;

static LARGE_INTEGER freq;
static char product[128];
static BOOL is_ours;

#define BIG 10000
#define SMALL 20
static SPropValue props[BIG];
static char strs[BIG][48];
static BYTE bins[BIG][16];
static SPropTagArray *all_tags, *half_tags, *small_tags;

/* Results, for the side-by-side table. */
#define MAX_CASES 16
static struct { char key[48]; double ms; } results[MAX_CASES];
static int n_results;

static double now_ms(void)
{
    LARGE_INTEGER t;
    QueryPerformanceCounter(&t);
    return (double)t.QuadPart * 1e3 / (double)freq.QuadPart;
}

/* 10,000 distinct properties as an object might carry them: longs, 8-bit
 * strings, 16-byte binaries, times and booleans in turn. */
static void make_props(void)
{
    ULONG i;

    for (i = 0; i < BIG; i++)
    {
        ULONG id = 0x1000 + i;
        memset(&props[i], 0, sizeof(props[i]));
        switch (i % 5)
        {
        case 0: props[i].ulPropTag = PROP_TAG(PT_LONG, id); props[i].Value.l = (LONG)i; break;
        case 1:
            props[i].ulPropTag = PROP_TAG(PT_STRING8, id);
            snprintf(strs[i], sizeof(strs[i]), "Property value number %lu of the set", i);
            props[i].Value.lpszA = strs[i];
            break;
        case 2:
            props[i].ulPropTag = PROP_TAG(PT_BINARY, id);
            memset(bins[i], (int)i, sizeof(bins[i]));
            props[i].Value.bin.cb = sizeof(bins[i]);
            props[i].Value.bin.lpb = bins[i];
            break;
        case 3:
            props[i].ulPropTag = PROP_TAG(PT_SYSTIME, id);
            props[i].Value.ft.dwLowDateTime = 0x12345678 + i;
            props[i].Value.ft.dwHighDateTime = 0x01d9abcd;
            break;
        case 4: props[i].ulPropTag = PROP_TAG(PT_BOOLEAN, id); props[i].Value.b = i & 1; break;
        }
    }
    all_tags = HeapAlloc(GetProcessHeap(), 0, CbNewSPropTagArray(BIG));
    all_tags->cValues = BIG;
    for (i = 0; i < BIG; i++) all_tags->aulPropTag[i] = props[i].ulPropTag;
    half_tags = HeapAlloc(GetProcessHeap(), 0, CbNewSPropTagArray(BIG / 2));
    half_tags->cValues = BIG / 2;
    for (i = 0; i < BIG / 2; i++) half_tags->aulPropTag[i] = props[2 * i].ulPropTag;
    small_tags = HeapAlloc(GetProcessHeap(), 0, CbNewSPropTagArray(SMALL));
    small_tags->cValues = SMALL;
    for (i = 0; i < SMALL; i++) small_tags->aulPropTag[i] = props[i].ulPropTag;
}

static IPropData *create(void)
{
    IPropData *pd = NULL;
    SCODE sc = pCreateIProp(&IID_IMAPIPropData, pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer, NULL, &pd);
    if (FAILED(sc) || !pd)
    {
        printf("CreateIProp failed: %#lx\n", sc);
        exit(1);
    }
    return pd;
}

static IPropData *create_full(void)
{
    IPropData *pd = create();
    IPropData_SetProps(pd, BIG, props, NULL);
    return pd;
}

/* A case: 'setup' (untimed) makes the object, 'run' is timed, 'teardown' (untimed). */
typedef struct bench_case
{
    const char *key, *label;
    IPropData *(*setup)(void);
    HRESULT (*run)(IPropData *pd);
    int ops;   /* operations in one run, for the per-op figure */
} bench_case;

static HRESULT r_set_one_call(IPropData *pd) { return IPropData_SetProps(pd, BIG, props, NULL); }

static HRESULT r_set_100x100(IPropData *pd)
{
    HRESULT hr = S_OK;
    int i;
    for (i = 0; i < BIG / 100 && SUCCEEDED(hr); i++) hr = IPropData_SetProps(pd, 100, props + i * 100, NULL);
    return hr;
}

static HRESULT r_get_null(IPropData *pd)
{
    LPSPropValue v = NULL;
    ULONG n = 0;
    HRESULT hr = IPropData_GetProps(pd, NULL, 0, &n, &v);
    if (SUCCEEDED(hr) && n != BIG) hr = E_FAIL;
    if (v) pMAPIFreeBuffer(v);
    return hr;
}

static HRESULT r_get_tags(IPropData *pd)
{
    LPSPropValue v = NULL;
    ULONG n = 0;   /* Wine's builtin wants 0 here */
    HRESULT hr = IPropData_GetProps(pd, all_tags, 0, &n, &v);
    if (SUCCEEDED(hr) && n != BIG) hr = E_FAIL;
    if (v) pMAPIFreeBuffer(v);
    return hr;
}

static HRESULT r_getproplist(IPropData *pd)
{
    LPSPropTagArray t = NULL;
    HRESULT hr = IPropData_GetPropList(pd, 0, &t);
    if (SUCCEEDED(hr) && t->cValues != BIG) hr = E_FAIL;
    if (t) pMAPIFreeBuffer(t);
    return hr;
}

static HRESULT r_delete_half(IPropData *pd) { return IPropData_DeleteProps(pd, half_tags, NULL); }

/* SetProps then GetProps of everything: GetProps(NULL) where it works,
 * GetPropList + GetProps(list) where it does not (Wine's builtin). */
static HRESULT r_set_get_all(IPropData *pd)
{
    LPSPropTagArray t = NULL;
    LPSPropValue v = NULL;
    ULONG n = 0;
    HRESULT hr = IPropData_SetProps(pd, BIG, props, NULL);
    if (FAILED(hr)) return hr;
    hr = IPropData_GetProps(pd, NULL, 0, &n, &v);
    if (FAILED(hr))
    {
        if (FAILED(hr = IPropData_GetPropList(pd, 0, &t))) return hr;
        n = 0;
        hr = IPropData_GetProps(pd, t, 0, &n, &v);
        pMAPIFreeBuffer(t);
    }
    if (v) pMAPIFreeBuffer(v);
    return hr;
}

/* 20 properties: create, set, read back by tag, release; 1000 times. */
static HRESULT r_small(IPropData *unused)
{
    HRESULT hr = S_OK;
    int k;
    for (k = 0; k < 1000 && SUCCEEDED(hr); k++)
    {
        IPropData *pd = create();
        LPSPropValue v = NULL;
        ULONG n = 0;
        if (SUCCEEDED(hr = IPropData_SetProps(pd, SMALL, props, NULL)))
            hr = IPropData_GetProps(pd, small_tags, 0, &n, &v);
        if (v) pMAPIFreeBuffer(v);
        IPropData_Release(pd);
    }
    return hr;
}

static IPropData *small_setup(void)
{
    IPropData *pd = create();
    IPropData_SetProps(pd, SMALL, props, NULL);
    return pd;
}

/* GetProps of 20 tags on a 20-property object; 10000 times. */
static HRESULT r_small_get(IPropData *pd)
{
    HRESULT hr = S_OK;
    int k;
    for (k = 0; k < 10000 && SUCCEEDED(hr); k++)
    {
        LPSPropValue v = NULL;
        ULONG n = 0;
        hr = IPropData_GetProps(pd, small_tags, 0, &n, &v);
        if (v) pMAPIFreeBuffer(v);
    }
    return hr;
}

static const bench_case cases[] =
{
    {"set_1x10k",   "SetProps 10k props, 1 call",          create,      r_set_one_call, 1},
    {"set_100x100", "SetProps 10k props, 100 calls of 100", create,      r_set_100x100,  1},
    {"get_null",    "GetProps(NULL), 10k props",            create_full, r_get_null,     1},
    {"get_tags",    "GetProps(10k tags)",                   create_full, r_get_tags,     1},
    {"proplist",    "GetPropList, 10k props",               create_full, r_getproplist,  1},
    {"delete_half", "DeleteProps 5k of 10k",                create_full, r_delete_half,  1},
    {"set_get_all", "SetProps + GetProps all, 10k (goal)",  create,      r_set_get_all,  1},
    {"small_cycle", "20 props: create+set+get+release",     NULL,        r_small,        1000},
    {"small_get",   "20 props: GetProps(20 tags)",          small_setup, r_small_get,    10000},
};

static void run_case(const bench_case *c)
{
    double best = 1e300, spent = 0, t0, t;
    HRESULT hr = S_OK;
    int run;

    for (run = 0; run < 7 && (run < 2 || spent < 2000); run++)
    {
        IPropData *pd = c->setup ? c->setup() : NULL;
        t0 = now_ms();
        hr = c->run(pd);
        t = now_ms() - t0;
        if (pd) IPropData_Release(pd);
        if (FAILED(hr)) break;
        spent += t;
        if (t < best) best = t;
    }
    if (FAILED(hr))
    {
        printf("%-40s      failed %#lx   (%s)\n", c->label, hr, product);
        return;
    }
    best /= c->ops;
    printf("%-40s %12.5f ms/op   (%s)\n", c->label, best, product);
    if (n_results < MAX_CASES)
    {
        snprintf(results[n_results].key, sizeof(results[n_results].key), "%s", c->key);
        results[n_results++].ms = best;
    }
}

/* Side by side with the other DLL's figures from an earlier run, if any. */
static void compare_and_save(void)
{
    char path[MAX_PATH], other[128] = "", key[48], line[256];
    struct { char key[48]; double ms; } theirs[MAX_CASES];
    int n_theirs = 0, i, j;
    double ms;
    FILE *f;

    GetTempPathA(sizeof(path) - 32, path);
    strcat(path, "bench_propdata.txt");
    if ((f = fopen(path, "r")))
    {
        if (fgets(line, sizeof(line), f)) sscanf(line, "product %127[^\n]", other);
        while (n_theirs < MAX_CASES && fgets(line, sizeof(line), f) && sscanf(line, "%47s %lf", key, &ms) == 2)
        {
            snprintf(theirs[n_theirs].key, sizeof(theirs[n_theirs].key), "%s", key);
            theirs[n_theirs++].ms = ms;
        }
        fclose(f);
    }
    if (other[0] && strcmp(other, product))
    {
        printf("\n%-40s %14s %14s %9s\n", "", "FreeMAPI ms", "builtin ms", "builtin/FreeMAPI");
        for (i = 0; i < n_results; i++)
            for (j = 0; j < n_theirs; j++)
                if (!strcmp(results[i].key, theirs[j].key))
                {
                    double ours = is_ours ? results[i].ms : theirs[j].ms;
                    double wine = is_ours ? theirs[j].ms : results[i].ms;
                    const char *label = results[i].key;
                    size_t k;
                    for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
                        if (!strcmp(cases[k].key, results[i].key)) label = cases[k].label;
                    printf("%-40s %14.5f %14.5f %8.1fx\n", label, ours, wine, wine / ours);
                }
    }
    if ((f = fopen(path, "w")))
    {
        fprintf(f, "product %s\n", product);
        for (i = 0; i < n_results; i++) fprintf(f, "%s %.6f\n", results[i].key, results[i].ms);
        fclose(f);
    }
}

/* Wine's builtin exports some functions only as name@N, even on x64. */
static void *get_proc(HMODULE mapi, const char *name, int bytes)
{
    char decorated[64];
    void *p = (void *)GetProcAddress(mapi, name);
    if (p) return p;
    snprintf(decorated, sizeof(decorated), "%s@%d", name, bytes);
    return (void *)GetProcAddress(mapi, decorated);
}

int main(void)
{
    HMODULE mapi = LoadLibraryA("mapi32.dll");
    char path[MAX_PATH];
    size_t i;

    if (!mapi)
    {
        printf("bench_propdata: mapi32.dll did not load\n");
        return 1;
    }
    GetModuleFileNameA(mapi, path, sizeof(path));
    version_string(path, "ProductName", product, sizeof(product));
    if (!product[0]) snprintf(product, sizeof(product), "Wine builtin");
    is_ours = !strcmp(product, "FreeMAPI");
    QueryPerformanceFrequency(&freq);
    pCreateIProp = get_proc(mapi, "CreateIProp", 24);
    pMAPIAllocateBuffer = get_proc(mapi, "MAPIAllocateBuffer", 8);
    pMAPIAllocateMore = get_proc(mapi, "MAPIAllocateMore", 12);
    pMAPIFreeBuffer = get_proc(mapi, "MAPIFreeBuffer", 4);
    if (!pCreateIProp || !pMAPIAllocateBuffer || !pMAPIAllocateMore || !pMAPIFreeBuffer)
    {
        printf("bench_propdata: %s lacks CreateIProp or the allocators\n", path);
        return 1;
    }
    make_props();
    printf("bench_propdata: %s (%s)\n", path, product);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) run_case(&cases[i]);
    compare_and_save();
    return 0;
}
