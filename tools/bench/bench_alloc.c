/* bench_alloc: times MAPIAllocateBuffer/More/FreeBuffer in whichever mapi32.dll
 * the prefix gives us (run it with ours and with Wine's builtin: tools/bench/run).
 * Prints one line per case: ns per operation and the DLL's product name. */
#include <stdio.h>
#include <windows.h>

#include "../verinfo.h"

typedef SCODE (WINAPI *allocbuf_fn)(ULONG, LPVOID *);
typedef SCODE (WINAPI *allocmore_fn)(ULONG, LPVOID, LPVOID *);
typedef ULONG (WINAPI *freebuf_fn)(LPVOID);

static allocbuf_fn allocbuf;
static allocmore_fn allocmore;
static freebuf_fn freebuf;
static LARGE_INTEGER freq;

static double now_ns(void)
{
    LARGE_INTEGER t;
    QueryPerformanceCounter(&t);
    return (double)t.QuadPart * 1e9 / (double)freq.QuadPart;
}

static void single(int n)
{
    void *p;
    for (int i = 0; i < n; i++)
    {
        allocbuf(64, &p);
        freebuf(p);
    }
}

static void chained(int n)
{
    void *root, *more;
    for (int i = 0; i < n; i++)
    {
        allocbuf(64, &root);
        for (int j = 0; j < 10; j++) allocmore(32, root, &more);
        freebuf(root);
    }
}

/* Many live buffers at once, as a client holding a big row set does. */
static void many_live(int n)
{
    static void *live[100000];
    for (int i = 0; i < n; i++) allocbuf(48, &live[i]);
    for (int i = 0; i < n; i++) freebuf(live[i]);
}

static DWORD WINAPI thread_body(void *arg)
{
    single((int)(INT_PTR)arg);
    return 0;
}

static void threaded(int n)
{
    HANDLE t[4];
    for (int i = 0; i < 4; i++) t[i] = CreateThread(NULL, 0, thread_body, (void *)(INT_PTR)(n / 4), 0, NULL);
    WaitForMultipleObjects(4, t, TRUE, INFINITE);
    for (int i = 0; i < 4; i++) CloseHandle(t[i]);
}

static void run(const char *label, void (*fn)(int), int n, int ops_per_n, const char *product)
{
    double best = 1e30;
    for (int r = 0; r < 5; r++)
    {
        double t0 = now_ns();
        fn(n);
        double t = now_ns() - t0;
        if (t < best) best = t;
    }
    printf("%-34s %8.1f ns/op   (%s)\n", label, best / ((double)n * ops_per_n), product);
}

int main(void)
{
    HMODULE mapi = LoadLibraryA("mapi32.dll");
    char path[MAX_PATH], product[64];

    if (!mapi) return 1;
    GetModuleFileNameA(mapi, path, sizeof(path));
    version_string(path, "ProductName", product, sizeof(product));
    allocbuf = (allocbuf_fn)(void *)GetProcAddress(mapi, "MAPIAllocateBuffer");
    allocmore = (allocmore_fn)(void *)GetProcAddress(mapi, "MAPIAllocateMore");
    freebuf = (freebuf_fn)(void *)GetProcAddress(mapi, "MAPIFreeBuffer");
    if (!allocbuf || !allocmore || !freebuf) return 1;
    QueryPerformanceFrequency(&freq);

    run("AllocateBuffer+FreeBuffer (64 B)", single, 200000, 2, product);
    run("root + 10 AllocateMore + Free", chained, 20000, 12, product);
    run("100k live buffers, alloc+free", many_live, 100000, 2, product);
    run("4 threads AllocateBuffer+Free", threaded, 200000, 2, product);
    return 0;
}
