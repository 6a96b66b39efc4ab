/* MAPIAllocateBuffer, MAPIAllocateMore and MAPIFreeBuffer (mapiallocatebuffer.md,
 * mapiallocatemore.md, mapifreebuffer.md).
 *
 * Each buffer has a small header in front of it that chains the MoreBlocks of a
 * root together, so one MAPIFreeBuffer frees the lot. A pointer that is not a
 * live buffer of ours (foreign, freed, or into the middle of a buffer) is
 * refused with MAPI_E_INVALID_PARAMETER instead of corrupting anything; we
 * never read memory we have not proved to be ours.
 *
 * Small buffers come from 64 KiB chunks of one size class each: the chunk of a
 * pointer is its address rounded down, and the chunk's stride says where its
 * blocks start, so checking a pointer costs one lookup in a small set of chunk
 * addresses. Large buffers come from a private heap and are kept in a set of
 * their own. One lock guards all of it. */
#include <string.h>

#include "mapi32_private.h"

/* The header keeps the caller's buffer 8-aligned on x86 and 16-aligned on x64. */
typedef union block_header
{
    struct
    {
        union block_header *next;  /* next MoreBlock of the same root; free-list link */
        union block_header *root;  /* NULL: a root; FREE_MARK: free; else its root */
    } h;
    double align;
} block_header;

_Static_assert(sizeof(block_header) == (sizeof(void *) == 8 ? 16 : 8), "header keeps alignment");

#define USER(hdr) ((void *)((hdr) + 1))
#define HEADER(ptr) ((block_header *)(ptr) - 1)
#define FREE_MARK ((block_header *)1)

#define CHUNK_SIZE 0x10000       /* VirtualAlloc's granularity, so chunks are aligned to it */
#define CHUNK_FIRST 64           /* the chunk's own header sits before its first block */
#define SMALL_MAX 1024           /* largest block (header included) served from chunks */
#define N_CLASSES 16

typedef struct chunk
{
    unsigned int cls;
    unsigned int stride;
    unsigned int count;
} chunk;

static const unsigned int class_stride[N_CLASSES] =
    { 32, 48, 64, 80, 96, 128, 160, 192, 256, 320, 384, 512, 640, 768, 896, 1024 };
static unsigned char class_of[SMALL_MAX / 16 + 1];   /* (size + 15) / 16 -> class */

static struct size_class
{
    block_header *free;   /* free blocks of this class */
    BYTE *bump, *end;     /* not yet used part of the newest chunk */
} classes[N_CLASSES];

/* A set of pointers: open addressing, linear probing and backward-shift
 * deletion (no tombstones, so lookups stay short however much churn). */
typedef struct ptr_set
{
    void **slots;
    SIZE_T size;     /* a power of two, or 0 */
    SIZE_T count;
} ptr_set;

static HANDLE alloc_heap;
static SRWLOCK alloc_lock = SRWLOCK_INIT;
static ptr_set chunks;     /* base address of every chunk */
static ptr_set big;        /* header of every live large block */
static LONG live_roots;

static inline SIZE_T set_hash(const ptr_set *set, const void *p)
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
    return v & (set->size - 1);
}

static SIZE_T set_find(const ptr_set *set, const void *p)
{
    SIZE_T i;

    if (!set->size) return (SIZE_T)-1;
    for (i = set_hash(set, p); set->slots[i]; i = (i + 1) & (set->size - 1))
        if (set->slots[i] == p) return i;
    return (SIZE_T)-1;
}

static BOOL set_grow(ptr_set *set)
{
    SIZE_T new_size = set->size ? set->size * 2 : 256, i, old_size = set->size;
    void **old = set->slots, **slots;

    slots = HeapAlloc(alloc_heap, HEAP_ZERO_MEMORY | HEAP_NO_SERIALIZE, new_size * sizeof(*slots));
    if (!slots) return FALSE;
    set->slots = slots;
    set->size = new_size;
    for (i = 0; i < old_size; i++)
    {
        SIZE_T j;
        if (!old[i]) continue;
        for (j = set_hash(set, old[i]); slots[j]; j = (j + 1) & (new_size - 1)) ;
        slots[j] = old[i];
    }
    if (old) HeapFree(alloc_heap, HEAP_NO_SERIALIZE, old);
    return TRUE;
}

static BOOL set_insert(ptr_set *set, void *p)
{
    SIZE_T i;

    if ((set->count + 1) * 2 > set->size && !set_grow(set)) return FALSE;
    for (i = set_hash(set, p); set->slots[i]; i = (i + 1) & (set->size - 1)) ;
    set->slots[i] = p;
    set->count++;
    return TRUE;
}

/* Is slot k cyclically within (i, j]? */
static inline BOOL in_run(SIZE_T i, SIZE_T k, SIZE_T j)
{
    return i <= j ? (i < k && k <= j) : (i < k || k <= j);
}

static void set_remove_at(ptr_set *set, SIZE_T i)
{
    SIZE_T j = i, mask = set->size - 1;

    set->slots[i] = NULL;
    set->count--;
    /* Pull later members of the probe run back so none is cut off from its home. */
    for (;;)
    {
        j = (j + 1) & mask;
        if (!set->slots[j]) break;
        if (!in_run(i, set_hash(set, set->slots[j]), j))
        {
            set->slots[i] = set->slots[j];
            set->slots[j] = NULL;
            i = j;
        }
    }
}

/* Everything below runs under alloc_lock. */

/* The chunk a header lies in, if it is one of ours and at a block boundary. */
static chunk *small_chunk_of(const block_header *hdr)
{
    chunk *c = (chunk *)((ULONG_PTR)hdr & ~(ULONG_PTR)(CHUNK_SIZE - 1));
    ULONG_PTR off;

    if (set_find(&chunks, c) == (SIZE_T)-1) return NULL;
    off = (ULONG_PTR)hdr - (ULONG_PTR)c;
    if (off < CHUNK_FIRST || (off - CHUNK_FIRST) % c->stride || (off - CHUNK_FIRST) / c->stride >= c->count)
        return NULL;
    return c;
}

/* Is hdr the header of a live buffer of ours (root or MoreBlock)? */
static BOOL is_live(const block_header *hdr)
{
    if (small_chunk_of(hdr)) return hdr->h.root != FREE_MARK;
    return set_find(&big, hdr) != (SIZE_T)-1;
}

static block_header *new_small(unsigned int cls)
{
    struct size_class *sc = &classes[cls];
    block_header *hdr;
    chunk *c;

    if ((hdr = sc->free))
    {
        sc->free = hdr->h.next;
        return hdr;
    }
    if (sc->bump + class_stride[cls] > sc->end)
    {
        if (!(c = VirtualAlloc(NULL, CHUNK_SIZE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE))) return NULL;
        if (!set_insert(&chunks, c))
        {
            VirtualFree(c, 0, MEM_RELEASE);
            return NULL;
        }
        c->cls = cls;
        c->stride = class_stride[cls];
        c->count = (CHUNK_SIZE - CHUNK_FIRST) / c->stride;
        sc->bump = (BYTE *)c + CHUNK_FIRST;
        sc->end = sc->bump + (SIZE_T)c->count * c->stride;
    }
    hdr = (block_header *)sc->bump;
    sc->bump += class_stride[cls];
    return hdr;
}

static block_header *new_block(ULONG cb)
{
    block_header *hdr;

    if (cb <= SMALL_MAX - sizeof(block_header))
        return new_small(class_of[(cb + sizeof(block_header) + 15) / 16]);
#ifndef _WIN64
    /* On x86 a ULONG plus the header could wrap SIZE_T. */
    if (cb > 0xffffffffu - sizeof(block_header)) return NULL;
#endif
    if (!(hdr = HeapAlloc(alloc_heap, HEAP_NO_SERIALIZE, sizeof(block_header) + cb))) return NULL;
    if (!set_insert(&big, hdr))
    {
        HeapFree(alloc_heap, HEAP_NO_SERIALIZE, hdr);
        return NULL;
    }
    return hdr;
}

static void free_block(block_header *hdr)
{
    chunk *c = small_chunk_of(hdr);
    SIZE_T slot;

    if (c)
    {
        hdr->h.root = FREE_MARK;
        hdr->h.next = classes[c->cls].free;
        classes[c->cls].free = hdr;
    }
    else if ((slot = set_find(&big, hdr)) != (SIZE_T)-1)
    {
        set_remove_at(&big, slot);
        HeapFree(alloc_heap, HEAP_NO_SERIALIZE, hdr);
    }
}

BOOL freemapi_alloc_init(void)
{
    unsigned int i, cls = 0;

    for (i = 0; i <= SMALL_MAX / 16; i++)
    {
        while (class_stride[cls] < i * 16) cls++;
        class_of[i] = cls;
    }
    alloc_heap = HeapCreate(HEAP_NO_SERIALIZE, 0, 0);
    return alloc_heap != NULL;
}

void freemapi_alloc_shutdown(void)
{
    SIZE_T i;

    for (i = 0; i < chunks.size; i++)
        if (chunks.slots[i]) VirtualFree(chunks.slots[i], 0, MEM_RELEASE);
    if (alloc_heap) HeapDestroy(alloc_heap);
    alloc_heap = NULL;
    memset(&chunks, 0, sizeof(chunks));
    memset(&big, 0, sizeof(big));
    memset(classes, 0, sizeof(classes));
}

LONG freemapi_alloc_live_roots(void)
{
    return READ_LONG(&live_roots);
}

/* Allocates a root buffer; MAPIFreeBuffer on it frees it and its MoreBlocks. */
SCODE WINAPI MAPIAllocateBuffer(ULONG cbSize, LPVOID *lppBuffer)
{
    block_header *hdr;

    if (!lppBuffer)
    {
        TRACE("(%lu, NULL) -> MAPI_E_INVALID_PARAMETER", cbSize);
        return MAPI_E_INVALID_PARAMETER;
    }
    AcquireSRWLockExclusive(&alloc_lock);
    if ((hdr = new_block(cbSize)))
    {
        hdr->h.next = NULL;
        hdr->h.root = NULL;
        live_roots++;
    }
    ReleaseSRWLockExclusive(&alloc_lock);
    if (!hdr)
    {
        *lppBuffer = NULL;
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
    SCODE sc = S_OK;

    if (lppBuffer) *lppBuffer = NULL;
    if (!lppBuffer || !lpObject)
    {
        TRACE("(%lu, %p, %p) -> MAPI_E_INVALID_PARAMETER", cbSize, lpObject, lppBuffer);
        return MAPI_E_INVALID_PARAMETER;
    }
    AcquireSRWLockExclusive(&alloc_lock);
    if (!is_live(HEADER(lpObject)))
        sc = MAPI_E_INVALID_PARAMETER;
    else if (!(hdr = new_block(cbSize)))
        sc = MAPI_E_NOT_ENOUGH_MEMORY;
    else
    {
        root = HEADER(lpObject);
        if (root->h.root) root = root->h.root;
        hdr->h.root = root;
        hdr->h.next = root->h.next;
        root->h.next = hdr;
    }
    ReleaseSRWLockExclusive(&alloc_lock);
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
    BOOL live;

    if (!lpBuffer)
    {
        TRACE("(NULL) -> S_OK");
        return S_OK;
    }
    hdr = HEADER(lpBuffer);
    AcquireSRWLockExclusive(&alloc_lock);
    live = is_live(hdr);
    if (!live || hdr->h.root)
    {
        ReleaseSRWLockExclusive(&alloc_lock);
        TRACE("(%p) -> MAPI_E_INVALID_PARAMETER (%s)", lpBuffer, live ? "not a root buffer" : "not a live buffer");
        return MAPI_E_INVALID_PARAMETER;
    }
    live_roots--;
    while (hdr)
    {
        next = hdr->h.next;
        free_block(hdr);
        hdr = next;
    }
    ReleaseSRWLockExclusive(&alloc_lock);
    TRACE("(%p) -> S_OK", lpBuffer);
    return S_OK;
}
