/*
 * What the files of the IPropData object share (propdata.c, the object and
 * its methods; propdata_store.c, the property store behind it;
 * propdata_copy.c, CopyTo and CopyProps): its structures and the helpers one
 * of them defines for the others.  Not for the rest of mapi32.
 */
#ifndef FREEMAPI_PROPDATA_PRIVATE_H
#define FREEMAPI_PROPDATA_PRIVATE_H

#include <string.h>
#include <wchar.h>

#include "mapi32_private.h"
#include <mapiutil.h>
#include <mapival.h>
#include <mapiguid.h>

#define ENTRY_DELETED 0x80000000u   /* in prop_entry.access: a deleted property */
#define ACCESS_LEVEL  (IPROP_READONLY | IPROP_READWRITE)
#define ACCESS_STATUS (IPROP_CLEAN | IPROP_DIRTY)

typedef struct prop_entry
{
    SPropValue value;   /* data pointers point into the arena */
    ULONG cb;           /* bytes of the value's data block (a multiple of 8), 0 if none */
    ULONG access;       /* IPROP_* flags, ENTRY_DELETED */
} prop_entry;

/* key: PROP_ID | KEY_USED, 0 for an empty slot */
typedef struct hash_slot
{
    ULONG key;
    ULONG index;
} hash_slot;
#define KEY_USED 0x10000u

typedef struct arena_chunk
{
    struct arena_chunk *next;
    SIZE_T size;    /* bytes of data after the header */
    SIZE_T used;
    SIZE_T pad;     /* keeps the data 8-aligned on x86 too */
} arena_chunk;
_Static_assert(sizeof(arena_chunk) % 8 == 0, "chunk data is 8-aligned");

/* GetLastError contexts: the method that failed. */
enum
{
    CTX_GETPROPS = 1, CTX_GETPROPLIST, CTX_OPENPROPERTY, CTX_SETPROPS, CTX_DELETEPROPS, CTX_COPYTO,
    CTX_COPYPROPS, CTX_NAMES, CTX_SAVECHANGES, CTX_OBJACCESS, CTX_PROPACCESS, CTX_ADDOBJPROPS
};

typedef struct propdata
{
    IPropData IPropData_iface;
    LONG refcount;
    ALLOCATEBUFFER *alloc_buffer;
    ALLOCATEMORE *alloc_more;
    FREEBUFFER *free_buffer;
    CRITICAL_SECTION cs;
    ULONG obj_access;           /* IPROP_READONLY or IPROP_READWRITE */

    prop_entry *entries;        /* in the order first set, deleted ones included */
    ULONG n_entries, cap_entries;
    ULONG n_live;               /* entries not deleted */
    ULONG n_str8, n_unicode;    /* live 8-bit / Unicode string values, single or multi */

    hash_slot *slots;           /* PROP_ID -> entry, every entry */
    ULONG n_slots;              /* a power of two, or 0 */
    ULONG hash_shift;           /* 32 - log2(n_slots) */

    arena_chunk *chunks;        /* the newest, which is being filled, first */
    ULONGLONG live_bytes;       /* sum of live entries' cb */
    ULONGLONG dead_bytes;       /* arena bytes no value uses any more */

    HRESULT last_hr;            /* the last failure, for GetLastError */
    ULONG last_context;
    const char *last_text;
} propdata;

static inline propdata *impl_from_IPropData(IPropData *iface)
{
    return CONTAINING_RECORD(iface, propdata, IPropData_iface);
}

static inline void *heap_alloc(SIZE_T size) { return HeapAlloc(GetProcessHeap(), 0, size); }
static inline void heap_free(void *p) { if (p) HeapFree(GetProcessHeap(), 0, p); }

static inline HRESULT set_error(propdata *This, HRESULT hr, ULONG context, const char *text)
{
    EnterCriticalSection(&This->cs);
    This->last_hr = hr;
    This->last_context = context;
    This->last_text = text;
    LeaveCriticalSection(&This->cs);
    return hr;
}

static inline BOOL bad_tag_array(const SPropTagArray *tags)
{
    return IsBadReadPtr(tags, sizeof(ULONG)) || IsBadReadPtr(tags, CbSPropTagArray(tags));
}

/* The type GetProps hands back when the caller named none (NULL array or
 * PT_UNSPECIFIED): strings in the width MAPI_UNICODE asks for. */
static inline ULONG natural_type(ULONG type, BOOL unicode)
{
    switch (type)
    {
    case PT_STRING8:
    case PT_UNICODE:    return unicode ? PT_UNICODE : PT_STRING8;
    case PT_MV_STRING8:
    case PT_MV_UNICODE: return unicode ? PT_MV_UNICODE : PT_MV_STRING8;
    }
    return type;
}

enum value_class { VAL_OK, VAL_SKIP, VAL_BAD_TYPE, VAL_INVALID };

/* propdata_store.c: the property store. */
prop_entry *propdata_find_entry(const propdata *This, ULONG id);
BOOL propdata_reserve_entries(propdata *This, ULONG more);
prop_entry *propdata_add_entry(propdata *This, ULONG tag);
BOOL propdata_arena_reserve(propdata *This, ULONGLONG cb);
void propdata_arena_free_all(arena_chunk *c);
enum value_class propdata_classify_value(const SPropValue *v, ULONGLONG *cb);
BYTE *propdata_fill_value(SPropValue *out, const prop_entry *e, ULONG type, BYTE *data);
HRESULT propdata_get_all_props(propdata *This, BOOL unicode, void *(*alloc)(propdata *, ULONGLONG),
                               ULONG *count, SPropValue **props);
HRESULT propdata_get_tag_props(propdata *This, const SPropTagArray *tags, BOOL unicode,
                               void *(*alloc)(propdata *, ULONGLONG), ULONG *count, SPropValue **props);
void propdata_delete_entry(propdata *This, prop_entry *e);
void propdata_set_entry(propdata *This, prop_entry *e, const SPropValue *v, ULONG cb);
void propdata_arena_compact(propdata *This);

static inline prop_entry *find_live(const propdata *This, ULONG id)
{
    prop_entry *e = propdata_find_entry(This, id);
    return e && !(e->access & ENTRY_DELETED) ? e : NULL;
}

/* propdata.c */
void propdata_free_foreign(IMAPIProp *obj, void *p);

/* propdata_copy.c */
HRESULT WINAPI propdata_CopyTo(IPropData *iface, ULONG ciidExclude, LPCIID rgiidExclude,
                               LPSPropTagArray lpExcludeProps, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                               LPCIID lpInterface, LPVOID lpDestObj, ULONG ulFlags,
                               LPSPropProblemArray *lppProblems);
HRESULT WINAPI propdata_CopyProps(IPropData *iface, LPSPropTagArray lpIncludeProps, ULONG_PTR ulUIParam,
                                  LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj,
                                  ULONG ulFlags, LPSPropProblemArray *lppProblems);

#endif /* FREEMAPI_PROPDATA_PRIVATE_H */
