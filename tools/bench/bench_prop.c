/* bench_prop: times the property utilities in whichever mapi32.dll the prefix
 * gives us (run it with ours and with Wine's builtin: tools/bench/run-prop-bench).
 * Works on a realistic 50-property array (a message's properties). Prints one
 * line per case: ns per call (best of several runs) and the DLL's product name. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include <mapix.h>
#include <mapiutil.h>

#include "../verinfo.h"

typedef SCODE (WINAPI *propcopymore_fn)(LPSPropValue, LPSPropValue, ALLOCATEMORE *, LPVOID);
typedef ULONG (WINAPI *ulpropsize_fn)(LPSPropValue);
typedef LONG (WINAPI *lpropcompareprop_fn)(LPSPropValue, LPSPropValue);
typedef BOOL (WINAPI *fpropcontainsprop_fn)(LPSPropValue, LPSPropValue, ULONG);
typedef SCODE (WINAPI *sccountprops_fn)(int, LPSPropValue, ULONG *);
typedef SCODE (WINAPI *sccopyprops_fn)(int, LPSPropValue, LPVOID, ULONG *);
typedef SCODE (WINAPI *screlocprops_fn)(int, LPSPropValue, LPVOID, LPVOID, ULONG *);
typedef LPSPropValue (WINAPI *ppropfindprop_fn)(LPSPropValue, ULONG, ULONG);
typedef SCODE (WINAPI *allocbuf_fn)(ULONG, LPVOID *);
typedef ULONG (WINAPI *freebuf_fn)(LPVOID);

static propcopymore_fn pPropCopyMore;
static ulpropsize_fn pUlPropSize;
static lpropcompareprop_fn pLPropCompareProp;
static fpropcontainsprop_fn pFPropContainsProp;
static sccountprops_fn pScCountProps;
static sccopyprops_fn pScCopyProps;
static screlocprops_fn pScRelocProps;
static ppropfindprop_fn pPpropFindProp;
static ALLOCATEMORE *pMAPIAllocateMore;
static allocbuf_fn pMAPIAllocateBuffer;
static freebuf_fn pMAPIFreeBuffer;

static LARGE_INTEGER freq;
static char product[128];
static volatile LONG sink;

#define NPROPS 50
static SPropValue props[NPROPS], props_b[NPROPS];

/* A bump allocator, so PropCopyMore's own cost is measured apart from the
 * DLL's MAPIAllocateMore. */
static BYTE arena[1 << 20];
static SIZE_T arena_used;
static SCODE WINAPI bump_more(ULONG cb, LPVOID parent, LPVOID *out)
{
    *out = arena + arena_used;
    arena_used += (cb + 15) & ~15u;
    return S_OK;
}

static double now_ns(void)
{
    LARGE_INTEGER t;
    QueryPerformanceCounter(&t);
    return (double)t.QuadPart * 1e9 / (double)freq.QuadPart;
}

static char strs[NPROPS][96];
static WCHAR wstrs[NPROPS][64];
static BYTE bins[NPROPS][48];
static GUID guid = {0x00062008, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static char *mv[] = {"Inbox", "Important", "Follow up"};

/* 50 properties as a message has them: a third strings, binaries (entry and
 * search keys), longs, booleans, times, a GUID and a multi-valued string. */
static void make_props(SPropValue *p, int variant)
{
    int i;
    for (i = 0; i < NPROPS; i++)
    {
        ULONG id = 0x0e00 + i * 3;
        memset(&p[i], 0, sizeof(p[i]));
        switch (i % 8)
        {
        case 0: case 4:
            p[i].ulPropTag = PROP_TAG(PT_STRING8, id);
            snprintf(strs[i], sizeof(strs[i]), "Re: Quarterly budget review meeting notes %d%s", i,
                     variant ? "!" : "");
            p[i].Value.lpszA = strs[i];
            break;
        case 1:
            p[i].ulPropTag = PROP_TAG(PT_UNICODE, id);
            swprintf(wstrs[i], 64, L"someone%d@example.com", i);
            p[i].Value.lpszW = wstrs[i];
            break;
        case 2:
            p[i].ulPropTag = PROP_TAG(PT_BINARY, id);
            memset(bins[i], i, sizeof(bins[i]));
            p[i].Value.bin.cb = 24 + (i % 3) * 8;
            p[i].Value.bin.lpb = bins[i];
            break;
        case 3: p[i].ulPropTag = PROP_TAG(PT_LONG, id); p[i].Value.l = i * 1000 + variant; break;
        case 5: p[i].ulPropTag = PROP_TAG(PT_BOOLEAN, id); p[i].Value.b = i & 1; break;
        case 6:
            p[i].ulPropTag = PROP_TAG(PT_SYSTIME, id);
            p[i].Value.ft.dwLowDateTime = 0x12345678 + i;
            p[i].Value.ft.dwHighDateTime = 0x01d9abcd;
            break;
        case 7:
            if (i == 15) { p[i].ulPropTag = PROP_TAG(PT_CLSID, id); p[i].Value.lpguid = &guid; }
            else if (i == 31)
            {
                p[i].ulPropTag = PROP_TAG(PT_MV_STRING8, id);
                p[i].Value.MVszA.cValues = 3;
                p[i].Value.MVszA.lppszA = mv;
            }
            else { p[i].ulPropTag = PROP_TAG(PT_I8, id); p[i].Value.li.QuadPart = 1234567890123ll * i; }
            break;
        }
    }
}

typedef void (*bench_fn)(int n);

static void report(const char *label, BOOL have, bench_fn fn, int n, int calls_per_n)
{
    double best = 1e300;
    int run;
    if (!have)
    {
        printf("%-44s       n/a ns/call   (%s: not exported)\n", label, product);
        return;
    }
    fn(n / 10 + 1);  /* warm up */
    for (run = 0; run < 5; run++)
    {
        double t0 = now_ns(), t;
        fn(n);
        t = now_ns() - t0;
        if (t < best) best = t;
    }
    printf("%-44s %9.1f ns/call   (%s)\n", label, best / ((double)n * calls_per_n), product);
}

static void b_propcopymore_bump(int n)
{
    SPropValue dst;
    int k, i;
    for (k = 0; k < n; k++)
    {
        arena_used = 0;
        for (i = 0; i < NPROPS; i++) pPropCopyMore(&dst, &props[i], bump_more, arena);
    }
    sink += (LONG)arena_used;
}

static void b_propcopymore_mapi(int n)
{
    SPropValue dst;
    void *root;
    int k, i;
    for (k = 0; k < n; k++)
    {
        pMAPIAllocateBuffer(NPROPS * sizeof(SPropValue), &root);
        for (i = 0; i < NPROPS; i++) pPropCopyMore(&((SPropValue *)root)[i], &props[i], pMAPIAllocateMore, root);
        pMAPIFreeBuffer(root);
    }
    (void)dst;
}

static void b_ulpropsize(int n)
{
    LONG s = 0;
    int k, i;
    for (k = 0; k < n; k++)
        for (i = 0; i < NPROPS; i++) s += pUlPropSize(&props[i]);
    sink += s;
}

static void b_lpropcompare_equal(int n)
{
    LONG s = 0;
    int k, i;
    for (k = 0; k < n; k++)
        for (i = 0; i < NPROPS; i++) s += pLPropCompareProp(&props[i], &props[i]);
    sink += s;
}

static void b_lpropcompare_differ(int n)
{
    LONG s = 0;
    int k, i;
    for (k = 0; k < n; k++)
        for (i = 0; i < NPROPS; i++) s += pLPropCompareProp(&props[i], &props_b[i]);
    sink += s;
}

static SPropValue hay_s, needle_s, hay_b, needle_b;

static void b_contains_substr_icase(int n)
{
    LONG s = 0;
    int k;
    for (k = 0; k < n; k++) s += pFPropContainsProp(&hay_s, &needle_s, FL_SUBSTRING | FL_IGNORECASE);
    sink += s;
}

static void b_contains_prefix(int n)
{
    LONG s = 0;
    int k;
    for (k = 0; k < n; k++) s += pFPropContainsProp(&hay_s, &hay_s, FL_PREFIX);
    sink += s;
}

static void b_contains_full(int n)
{
    LONG s = 0;
    int k;
    for (k = 0; k < n; k++) s += pFPropContainsProp(&hay_s, &needle_s, FL_FULLSTRING);
    sink += s;
}

static void b_contains_binary(int n)
{
    LONG s = 0;
    int k;
    for (k = 0; k < n; k++) s += pFPropContainsProp(&hay_b, &needle_b, FL_SUBSTRING);
    sink += s;
}

static BYTE block[64 * 1024], block2[64 * 1024];
static ULONG block_cb;

static void b_copy_reloc(int n)
{
    ULONG cb;
    int k;
    for (k = 0; k < n; k++)
    {
        pScCountProps(NPROPS, props, &cb);
        pScCopyProps(NPROPS, props, block, &cb);
        memcpy(block2, block, cb);
        pScRelocProps(NPROPS, (LPSPropValue)block2, block, block2, &cb);
    }
    block_cb = cb;
}

static void b_find(int n)
{
    ULONG_PTR s = 0;
    int k, i;
    for (k = 0; k < n; k++)
        for (i = 0; i < NPROPS; i += 5) s += (ULONG_PTR)pPpropFindProp(props, NPROPS, props[i].ulPropTag);
    sink += (LONG)s;
}

static void b_find_missing(int n)
{
    ULONG_PTR s = 0;
    int k;
    for (k = 0; k < n; k++) s += (ULONG_PTR)pPpropFindProp(props, NPROPS, PROP_TAG(PT_LONG, 0x7fff));
    sink += (LONG)s;
}

/* Wine's builtin exports most utilities only as name@N, even on x64. */
static void *get_proc(HMODULE mapi, const char *name, int bytes)
{
    char decorated[64];
    void *p = (void *)GetProcAddress(mapi, name);
    if (p) return p;
    snprintf(decorated, sizeof(decorated), "%s@%d", name, bytes);
    return (void *)GetProcAddress(mapi, decorated);
}
#define GET(name, bytes) (p##name = get_proc(mapi, #name, bytes))

int main(void)
{
    HMODULE mapi = LoadLibraryA("mapi32.dll");
    char path[MAX_PATH];
    BYTE hb[256], nb[8] = {0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48};

    if (!mapi)
    {
        printf("bench_prop: mapi32.dll did not load\n");
        return 1;
    }
    GetModuleFileNameA(mapi, path, sizeof(path));
    version_string(path, "ProductName", product, sizeof(product));
    if (!product[0]) snprintf(product, sizeof(product), "%s", path);
    QueryPerformanceFrequency(&freq);
    GET(PropCopyMore, 16); GET(UlPropSize, 4); GET(LPropCompareProp, 8); GET(FPropContainsProp, 12);
    GET(ScCountProps, 12); GET(ScCopyProps, 16); GET(ScRelocProps, 20); GET(PpropFindProp, 12);
    GET(MAPIAllocateMore, 12); GET(MAPIAllocateBuffer, 8); GET(MAPIFreeBuffer, 4);
    make_props(props, 0);
    make_props(props_b, 1);

    hay_s.ulPropTag = PT_STRING8;
    hay_s.Value.lpszA = "RE: Fwd: Quarterly Budget Review - action items for the finance team";
    needle_s.ulPropTag = PT_STRING8;
    needle_s.Value.lpszA = "budget review";
    memset(hb, 0x41, sizeof(hb));
    memcpy(hb + 200, nb, sizeof(nb));
    hb[150] = 0x41;
    hay_b.ulPropTag = PT_BINARY; hay_b.Value.bin.cb = sizeof(hb); hay_b.Value.bin.lpb = hb;
    needle_b.ulPropTag = PT_BINARY; needle_b.Value.bin.cb = sizeof(nb); needle_b.Value.bin.lpb = nb;

    printf("bench_prop: %s (%s), 50-property array\n", path, product);
    report("PropCopyMore (bench's allocator)", pPropCopyMore != NULL, b_propcopymore_bump, 20000, NPROPS);
    report("PropCopyMore (+MAPIAllocateBuffer/More/Free)", pPropCopyMore && pMAPIAllocateMore && pMAPIAllocateBuffer && pMAPIFreeBuffer, b_propcopymore_mapi, 5000, NPROPS);
    report("UlPropSize", pUlPropSize != NULL, b_ulpropsize, 50000, NPROPS);
    report("LPropCompareProp (equal values)", pLPropCompareProp != NULL, b_lpropcompare_equal, 50000, NPROPS);
    report("LPropCompareProp (different values)", pLPropCompareProp != NULL, b_lpropcompare_differ, 20000, NPROPS);
    report("FPropContainsProp substring+ignorecase", pFPropContainsProp != NULL, b_contains_substr_icase, 200000, 1);
    report("FPropContainsProp prefix", pFPropContainsProp != NULL, b_contains_prefix, 500000, 1);
    report("FPropContainsProp fullstring", pFPropContainsProp != NULL, b_contains_full, 500000, 1);
    report("FPropContainsProp binary substring", pFPropContainsProp != NULL, b_contains_binary, 200000, 1);
    report("ScCountProps+ScCopyProps+ScRelocProps (50)", pScCountProps && pScCopyProps && pScRelocProps, b_copy_reloc, 20000, 1);
    report("PpropFindProp (hit)", pPpropFindProp != NULL, b_find, 100000, NPROPS / 5);
    report("PpropFindProp (miss, scans 50)", pPpropFindProp != NULL, b_find_missing, 500000, 1);
    return 0;
}
