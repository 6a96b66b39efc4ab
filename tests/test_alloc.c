/* MAPIAllocateBuffer / MAPIAllocateMore / MAPIFreeBuffer and
 * MAPIGetDefaultMalloc, linked the way clients link: through the import library. */
#include <stdint.h>
#include <string.h>

#include <mapix.h>
#include <mapicode.h>

#include "harness.h"

/* Clients built against the SDK import these; redeclared here so this test
 * also checks the exported calling convention. */
LPMALLOC WINAPI MAPIGetDefaultMalloc(void);
HRESULT WINAPI DllCanUnloadNow(void);

/* MAPIFreeBuffer returns a ULONG: compare it with the code's 32-bit value. */
#define FREE_INVALID ((ULONG)MAPI_E_INVALID_PARAMETER)

static const uintptr_t align = sizeof(void *) == 8 ? 16 : 8;

START_TEST(allocate_and_free)
{
    void *p = NULL;

    ck_assert_int_eq(MAPIAllocateBuffer(100, &p), S_OK);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq((uintptr_t)p % align, 0);
    memset(p, 0xab, 100);
    ck_assert_uint_eq(MAPIFreeBuffer(p), S_OK);
}
END_TEST

START_TEST(zero_size_gives_distinct_buffers)
{
    void *a = NULL, *b = NULL;

    ck_assert_int_eq(MAPIAllocateBuffer(0, &a), S_OK);
    ck_assert_int_eq(MAPIAllocateBuffer(0, &b), S_OK);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_ne(a, b);
    ck_assert_uint_eq(MAPIFreeBuffer(a), S_OK);
    ck_assert_uint_eq(MAPIFreeBuffer(b), S_OK);
}
END_TEST

START_TEST(more_blocks_are_freed_with_their_root)
{
    void *root, *more[50], *grandchild;
    int i;

    ck_assert_int_eq(MAPIAllocateBuffer(16, &root), S_OK);
    for (i = 0; i < 50; i++)
    {
        ck_assert_int_eq(MAPIAllocateMore(i * 7 + 1, root, &more[i]), S_OK);
        ck_assert_uint_eq((uintptr_t)more[i] % align, 0);
        memset(more[i], i, i * 7 + 1);
    }
    /* A MoreBlock may itself be the parent: it joins the same root. */
    ck_assert_int_eq(MAPIAllocateMore(32, more[3], &grandchild), S_OK);
    for (i = 0; i < 50; i++)
    {
        const unsigned char *b = more[i];
        ck_assert_uint_eq(b[0], (unsigned char)i);
        ck_assert_uint_eq(b[i * 7], (unsigned char)i);
    }
    /* A MoreBlock cannot be freed on its own: that would corrupt the chain. */
    ck_assert_uint_eq(MAPIFreeBuffer(more[10]), FREE_INVALID);
    ck_assert_uint_eq(MAPIFreeBuffer(root), S_OK);
    /* After the root is gone, none of its blocks is known any more. */
    ck_assert_uint_eq(MAPIFreeBuffer(more[0]), FREE_INVALID);
    ck_assert_int_eq(MAPIAllocateMore(8, grandchild, &root), MAPI_E_INVALID_PARAMETER);
    ck_assert_ptr_null(root);
}
END_TEST

START_TEST(bad_arguments)
{
    void *p = (void *)0xdeadbeef, *root = NULL;

    ck_assert_int_eq(MAPIAllocateBuffer(10, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(MAPIAllocateBuffer(16, &root), S_OK);
    ck_assert_int_eq(MAPIAllocateMore(10, NULL, &p), MAPI_E_INVALID_PARAMETER);
    ck_assert_ptr_null(p);
    ck_assert_int_eq(MAPIAllocateMore(10, root, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_uint_eq(MAPIFreeBuffer(NULL), S_OK);
    ck_assert_uint_eq(MAPIFreeBuffer(root), S_OK);
}
END_TEST

START_TEST(foreign_and_stale_pointers_are_refused)
{
    char on_stack[64];
    void *heap = HeapAlloc(GetProcessHeap(), 0, 64), *p, *out = NULL;

    ck_assert_uint_eq(MAPIFreeBuffer(on_stack + 16), FREE_INVALID);
    ck_assert_uint_eq(MAPIFreeBuffer((char *)heap + 16), FREE_INVALID);
    ck_assert_uint_eq(MAPIFreeBuffer((void *)0x10), FREE_INVALID);
    ck_assert_uint_eq(MAPIFreeBuffer((void *)(uintptr_t)-64), FREE_INVALID);
    ck_assert_int_eq(MAPIAllocateMore(8, on_stack + 16, &out), MAPI_E_INVALID_PARAMETER);
    ck_assert_ptr_null(out);
    HeapFree(GetProcessHeap(), 0, heap);

    ck_assert_int_eq(MAPIAllocateBuffer(24, &p), S_OK);
    /* A pointer into the middle of a buffer is not a buffer. */
    ck_assert_uint_eq(MAPIFreeBuffer((char *)p + 8), FREE_INVALID);
    ck_assert_uint_eq(MAPIFreeBuffer(p), S_OK);
    /* Double free is refused, not a heap corruption. */
    ck_assert_uint_eq(MAPIFreeBuffer(p), FREE_INVALID);
}
END_TEST

/* Small buffers come from size-class chunks, large ones from a heap: a chain
 * may mix both, and the checks must hold on either path. */
START_TEST(large_and_small_blocks_mix)
{
    unsigned char *root, *big, *small, *big2;
    int i;

    ck_assert_int_eq(MAPIAllocateBuffer(100000, (void **)&root), S_OK);
    ck_assert_uint_eq((uintptr_t)root % align, 0);
    memset(root, 1, 100000);
    ck_assert_int_eq(MAPIAllocateMore(24, root, (void **)&small), S_OK);
    ck_assert_int_eq(MAPIAllocateMore(70000, small, (void **)&big), S_OK);
    memset(big, 2, 70000);
    memset(small, 3, 24);
    ck_assert_uint_eq(root[99999], 1);
    ck_assert_uint_eq(MAPIFreeBuffer(big), FREE_INVALID);
    ck_assert_uint_eq(MAPIFreeBuffer(root + 4096), FREE_INVALID);
    ck_assert_uint_eq(MAPIFreeBuffer(root), S_OK);
    ck_assert_uint_eq(MAPIFreeBuffer(root), FREE_INVALID);
    ck_assert_int_eq(MAPIAllocateMore(8, big, (void **)&big2), MAPI_E_INVALID_PARAMETER);

    /* Every size up to past the small-block limit, each filled to its end. */
    ck_assert_int_eq(MAPIAllocateBuffer(1, (void **)&root), S_OK);
    for (i = 0; i < 1200; i += 7)
    {
        ck_assert_int_eq(MAPIAllocateMore(i, root, (void **)&small), S_OK);
        ck_assert_uint_eq((uintptr_t)small % align, 0);
        memset(small, 0x5a, i);
    }
    ck_assert_uint_eq(MAPIFreeBuffer(root), S_OK);
}
END_TEST

START_TEST(huge_request_fails_cleanly)
{
    void *p = (void *)1;
    SCODE sc = MAPIAllocateBuffer(0xffffffff, &p);

    /* x86 cannot address it; x64 may really have 4 GiB to give. */
    if (sizeof(void *) == 4 || sc != S_OK)
    {
        ck_assert_int_eq(sc, MAPI_E_NOT_ENOUGH_MEMORY);
        ck_assert_ptr_null(p);
    }
    else
        ck_assert_uint_eq(MAPIFreeBuffer(p), S_OK);
}
END_TEST

/* Many threads allocating, chaining, checking and freeing at once: a lost
 * update in the buffer registry shows up as a refused free or a bad pattern. */
struct worker { int id; LONG errors; };

static DWORD WINAPI alloc_worker(void *arg)
{
    struct worker *w = arg;
    int round;

    for (round = 0; round < 3000; round++)
    {
        unsigned char *root, *more[4];
        unsigned char tag = (unsigned char)(w->id * 31 + round);
        int i;

        if (MAPIAllocateBuffer(32 + round % 64, (void **)&root) != S_OK) { w->errors++; continue; }
        memset(root, tag, 32);
        for (i = 0; i < 4; i++)
        {
            if (MAPIAllocateMore(16 + i, i ? more[i - 1] : root, (void **)&more[i]) != S_OK)
            { w->errors++; more[i] = NULL; break; }
            memset(more[i], tag + i + 1, 16);
        }
        for (i = 0; i < 4 && more[i]; i++)
            if (more[i][15] != (unsigned char)(tag + i + 1)) w->errors++;
        if (root[31] != tag) w->errors++;
        if (MAPIFreeBuffer(root) != S_OK) w->errors++;
    }
    return 0;
}

START_TEST(many_threads)
{
    struct worker workers[8];
    HANDLE threads[8];
    int i;

    for (i = 0; i < 8; i++)
    {
        workers[i].id = i;
        workers[i].errors = 0;
        threads[i] = CreateThread(NULL, 0, alloc_worker, &workers[i], 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    ck_assert_uint_eq(WaitForMultipleObjects(8, threads, TRUE, 60000), WAIT_OBJECT_0);
    for (i = 0; i < 8; i++)
    {
        ck_assert_int_eq(workers[i].errors, 0);
        CloseHandle(threads[i]);
    }
}
END_TEST

START_TEST(live_buffers_keep_the_dll)
{
    void *p;

    ck_assert_int_eq(DllCanUnloadNow(), S_OK);
    ck_assert_int_eq(MAPIAllocateBuffer(8, &p), S_OK);
    ck_assert_int_eq(DllCanUnloadNow(), S_FALSE);
    ck_assert_uint_eq(MAPIFreeBuffer(p), S_OK);
    ck_assert_int_eq(DllCanUnloadNow(), S_OK);
}
END_TEST

START_TEST(default_malloc)
{
    IMalloc *m = MAPIGetDefaultMalloc(), *m2 = NULL;
    char *p, *q, local[8];
    IUnknown *unk = NULL;

    ck_assert_ptr_nonnull(m);
    ck_assert_ptr_eq(m, MAPIGetDefaultMalloc());
    ck_assert_int_eq(IMalloc_QueryInterface(m, &IID_IMalloc, (void **)&m2), S_OK);
    ck_assert_ptr_eq(m2, m);
    ck_assert_int_eq(IMalloc_QueryInterface(m, &IID_IUnknown, (void **)&unk), S_OK);
    ck_assert_int_eq(IMalloc_QueryInterface(m, &IID_IStream, (void **)&unk), E_NOINTERFACE);
    ck_assert_ptr_null(unk);
    IMalloc_AddRef(m);
    IMalloc_Release(m);

    p = IMalloc_Alloc(m, 40);
    ck_assert_ptr_nonnull(p);
    memcpy(p, "0123456789", 11);
    ck_assert_uint_ge(IMalloc_GetSize(m, p), 40);
    ck_assert_int_eq(IMalloc_DidAlloc(m, p), 1);
    ck_assert_int_eq(IMalloc_DidAlloc(m, local), 0);
    ck_assert_int_eq(IMalloc_DidAlloc(m, NULL), -1);
    q = IMalloc_Realloc(m, p, 4000);
    ck_assert_ptr_nonnull(q);
    ck_assert_str_eq(q, "0123456789");
    /* Memory that is not its own is neither freed nor resized. */
    IMalloc_Free(m, local);
    ck_assert_ptr_null(IMalloc_Realloc(m, local, 10));
    IMalloc_Free(m, q);
    IMalloc_Free(m, NULL);
    ck_assert_ptr_null(IMalloc_Realloc(m, IMalloc_Alloc(m, 8), 0));
}
END_TEST

static Suite *alloc_suite(void)
{
    Suite *s = suite_create("alloc");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, allocate_and_free);
    tcase_add_test(tc, zero_size_gives_distinct_buffers);
    tcase_add_test(tc, more_blocks_are_freed_with_their_root);
    tcase_add_test(tc, bad_arguments);
    tcase_add_test(tc, foreign_and_stale_pointers_are_refused);
    tcase_add_test(tc, large_and_small_blocks_mix);
    tcase_add_test(tc, huge_request_fails_cleanly);
    tcase_add_test(tc, many_threads);
    tcase_add_test(tc, live_buffers_keep_the_dll);
    tcase_add_test(tc, default_malloc);
    suite_add_tcase(s, tc);
    return s;
}

HARNESS_MAIN(alloc_suite)
