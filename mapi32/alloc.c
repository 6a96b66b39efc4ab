/* MAPIAllocateBuffer, MAPIAllocateMore and MAPIFreeBuffer (mapiallocatebuffer.md,
 * mapiallocatemore.md, mapifreebuffer.md).
 *
 * Each buffer has a small header in front of it that chains the MoreBlocks of a
 * root together, so one MAPIFreeBuffer frees the lot. Every live buffer is also
 * kept in a hash set, so a pointer that is not ours, already freed or not a root
 * is refused with MAPI_E_INVALID_PARAMETER instead of corrupting the heap. */
#include "mapi32_private.h"

/* The header keeps the caller's buffer 8-aligned on x86 and 16-aligned on x64. */
typedef union block_header
{
    struct
    {
        union block_header *next;  /* next MoreBlock of the same root */
        union block_header *root;  /* NULL for a root block */
    } h;
    double align;
} block_header;

_Static_assert(sizeof(block_header) == (sizeof(void *) == 8 ? 16 : 8), "header keeps alignment");

#define USER(hdr) ((void *)((hdr) + 1))
#define HEADER(ptr) ((block_header *)(ptr) - 1)

static HANDLE alloc_heap;
static SRWLOCK set_lock = SRWLOCK_INIT;

/* Open addressing with linear probing and backward-shift deletion: no
 * tombstones, so lookups stay short however many buffers come and go. */
static block_header **set_slots;
static SIZE_T set_size;     /* a power of two, or 0 */
static SIZE_T set_count;
static LONG live_roots;

static inline SIZE_T set_hash(const void *p)
{
    ULONG_PTR v = (ULONG_PTR)p >> 3;
#ifdef _WIN64
    v ^= v >> 29;
    v *= 0xbf58476d1ce4e5b9ull;
    v ^= v >> 32;
#else
    v ^= v >> 15;
    v *= 0x2c1b3c6dul;
    v ^= v >> 12;
#endif
    return v & (set_size - 1);
}

static SIZE_T set_find(const block_header *hdr)
{
    SIZE_T i;

    if (!set_size) return (SIZE_T)-1;
    for (i = set_hash(hdr); set_slots[i]; i = (i + 1) & (set_size - 1))
        if (set_slots[i] == hdr) return i;
    return (SIZE_T)-1;
}

static BOOL set_grow(void)
{
    SIZE_T new_size = set_size ? set_size * 2 : 1024, i, old_size = set_size;
    block_header **old = set_slots, **slots;

    slots = HeapAlloc(alloc_heap, HEAP_ZERO_MEMORY | HEAP_NO_SERIALIZE, new_size * sizeof(*slots));
    if (!slots) return FALSE;
    set_slots = slots;
    set_size = new_size;
    for (i = 0; i < old_size; i++)
    {
        SIZE_T j;
        if (!old[i]) continue;
        for (j = set_hash(old[i]); set_slots[j]; j = (j + 1) & (set_size - 1)) ;
        set_slots[j] = old[i];
    }
    if (old) HeapFree(alloc_heap, HEAP_NO_SERIALIZE, old);
    return TRUE;
}

static BOOL set_insert(block_header *hdr)
{
    SIZE_T i;

    if ((set_count + 1) * 2 > set_size && !set_grow()) return FALSE;
    for (i = set_hash(hdr); set_slots[i]; i = (i + 1) & (set_size - 1)) ;
    set_slots[i] = hdr;
    set_count++;
    return TRUE;
}

/* Is slot k cyclically within (i, j]? */
static inline BOOL in_run(SIZE_T i, SIZE_T k, SIZE_T j)
{
    return i <= j ? (i < k && k <= j) : (i < k || k <= j);
}

static void set_remove_at(SIZE_T i)
{
    SIZE_T j = i, mask = set_size - 1;

    set_slots[i] = NULL;
    set_count--;
    /* Pull later members of the probe run back so none is cut off from its home. */
    for (;;)
    {
        j = (j + 1) & mask;
        if (!set_slots[j]) break;
        if (!in_run(i, set_hash(set_slots[j]), j))
        {
            set_slots[i] = set_slots[j];
            set_slots[j] = NULL;
            i = j;
        }
    }
}

/* The heap is unserialized: every call is made under set_lock, so one lock
 * covers both the heap and the registry. */
static block_header *new_block(ULONG cb)
{
#ifndef _WIN64
    /* On x86 a ULONG plus the header could wrap SIZE_T. */
    if (cb > 0xffffffffu - sizeof(block_header)) return NULL;
#endif
    return HeapAlloc(alloc_heap, HEAP_NO_SERIALIZE, sizeof(block_header) + cb);
}

static void free_block(block_header *hdr)
{
    HeapFree(alloc_heap, HEAP_NO_SERIALIZE, hdr);
}

BOOL freemapi_alloc_init(void)
{
    alloc_heap = HeapCreate(HEAP_NO_SERIALIZE, 0, 0);
    return alloc_heap != NULL;
}

void freemapi_alloc_shutdown(void)
{
    if (alloc_heap) HeapDestroy(alloc_heap);
    alloc_heap = NULL;
    set_slots = NULL;
    set_size = set_count = 0;
}

LONG freemapi_alloc_live_roots(void)
{
    return READ_LONG(&live_roots);
}

/* Allocates a root buffer; MAPIFreeBuffer on it frees it and its MoreBlocks. */
SCODE WINAPI MAPIAllocateBuffer(ULONG cbSize, LPVOID *lppBuffer)
{
    block_header *hdr;
    BOOL ok = FALSE;

    if (!lppBuffer)
    {
        TRACE("(%lu, NULL) -> MAPI_E_INVALID_PARAMETER", cbSize);
        return MAPI_E_INVALID_PARAMETER;
    }
    *lppBuffer = NULL;
    AcquireSRWLockExclusive(&set_lock);
    if ((hdr = new_block(cbSize)))
    {
        hdr->h.next = NULL;
        hdr->h.root = NULL;
        if ((ok = set_insert(hdr))) live_roots++;
        else free_block(hdr);
    }
    ReleaseSRWLockExclusive(&set_lock);
    if (!hdr || !ok)
    {
        TRACE("(%lu, %p) -> MAPI_E_NOT_ENOUGH_MEMORY", cbSize, lppBuffer);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    *lppBuffer = USER(hdr);
    TRACE("(%lu, %p) -> S_OK, %p", cbSize, lppBuffer, *lppBuffer);
    return S_OK;
}

/* Allocates a buffer that lives as long as lpObject's root buffer. lpObject may
 * be the root or any buffer already chained to it. */
SCODE WINAPI MAPIAllocateMore(ULONG cbSize, LPVOID lpObject, LPVOID *lppBuffer)
{
    block_header *hdr = NULL, *root;
    SIZE_T slot;
    SCODE sc = S_OK;

    if (lppBuffer) *lppBuffer = NULL;
    if (!lppBuffer || !lpObject)
    {
        TRACE("(%lu, %p, %p) -> MAPI_E_INVALID_PARAMETER", cbSize, lpObject, lppBuffer);
        return MAPI_E_INVALID_PARAMETER;
    }
    AcquireSRWLockExclusive(&set_lock);
    if ((slot = set_find(HEADER(lpObject))) == (SIZE_T)-1)
        sc = MAPI_E_INVALID_PARAMETER;
    else if (!(hdr = new_block(cbSize)))
        sc = MAPI_E_NOT_ENOUGH_MEMORY;
    else if (!set_insert(hdr))
    {
        free_block(hdr);
        sc = MAPI_E_NOT_ENOUGH_MEMORY;
    }
    else
    {
        root = HEADER(lpObject);
        if (root->h.root) root = root->h.root;
        hdr->h.root = root;
        hdr->h.next = root->h.next;
        root->h.next = hdr;
    }
    ReleaseSRWLockExclusive(&set_lock);
    if (sc != S_OK)
    {
        TRACE("(%lu, %p, %p) -> %#lx", cbSize, lpObject, lppBuffer, sc);
        return sc;
    }
    *lppBuffer = USER(hdr);
    TRACE("(%lu, %p, %p) -> S_OK, %p", cbSize, lpObject, lppBuffer, *lppBuffer);
    return S_OK;
}

/* Frees a root buffer and every MoreBlock chained to it. NULL is fine. A pointer
 * that is not a live root buffer is refused and nothing is freed. */
ULONG WINAPI MAPIFreeBuffer(LPVOID lpBuffer)
{
    block_header *hdr, *next;
    SIZE_T slot;

    if (!lpBuffer)
    {
        TRACE("(NULL) -> S_OK");
        return S_OK;
    }
    hdr = HEADER(lpBuffer);
    AcquireSRWLockExclusive(&set_lock);
    slot = set_find(hdr);
    if (slot == (SIZE_T)-1 || hdr->h.root)
    {
        ReleaseSRWLockExclusive(&set_lock);
        TRACE("(%p) -> MAPI_E_INVALID_PARAMETER (%s)", lpBuffer, slot == (SIZE_T)-1 ? "not a live buffer" : "not a root buffer");
        return MAPI_E_INVALID_PARAMETER;
    }
    set_remove_at(slot);
    for (next = hdr->h.next; next; next = next->h.next)
        if ((slot = set_find(next)) != (SIZE_T)-1) set_remove_at(slot);
    live_roots--;
    while (hdr)
    {
        next = hdr->h.next;
        free_block(hdr);
        hdr = next;
    }
    ReleaseSRWLockExclusive(&set_lock);
    TRACE("(%p) -> S_OK", lpBuffer);
    return S_OK;
}
