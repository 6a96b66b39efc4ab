/* IPropData, the in-memory IMAPIProp that CreateIProp makes (createiprop.md,
 * ipropdataimapiprop.md, ipropdata-*.md, imapiprop-*.md).
 *
 * Properties sit in an array in the order they were first set and are found
 * by PROP_ID through an open-addressing hash table. Each value's data
 * (strings, binaries, arrays) is one 8-aligned block in the object's arena,
 * laid out exactly as GetProps hands it back, so GetProps copies the block and
 * shifts its pointers; GetProps(NULL) is one allocation whose size is kept up
 * to date. A deleted property keeps its slot, marked deleted, so that
 * HrGetPropAccess can report the deletion and the hash table never deletes.
 *
 * Everything handed to the caller comes from the allocators given to
 * CreateIProp, each result in one block; the object's own storage comes from
 * the process heap. One critical section per object guards it all. */
#include <string.h>
#include <wchar.h>

#include "mapi32_private.h"
#include <mapiutil.h>
#include <mapival.h>
#include <mapiguid.h>

#define ENTRY_DELETED 0x80000000u   /* in prop_entry.access: a deleted property */
#define ACCESS_LEVEL  (IPROP_READONLY | IPROP_READWRITE)
#define ACCESS_STATUS (IPROP_CLEAN | IPROP_DIRTY)
#define MAX_ENTRIES   0x10000u      /* one per PROP_ID at most */

#define ALIGN8(n) (((n) + 7) & ~(ULONGLONG)7)

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
#define CHUNK_DATA(c) ((BYTE *)((c) + 1))
#define CHUNK_MIN   1024
#define CHUNK_MAX   (1024 * 1024)
#define COMPACT_MIN (64 * 1024)

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

static const IPropDataVtbl propdata_vtbl;

static inline propdata *impl_from_IPropData(IPropData *iface)
{
    return CONTAINING_RECORD(iface, propdata, IPropData_iface);
}

static inline void *heap_alloc(SIZE_T size) { return HeapAlloc(GetProcessHeap(), 0, size); }
static inline void heap_free(void *p) { if (p) HeapFree(GetProcessHeap(), 0, p); }

static HRESULT set_error(propdata *This, HRESULT hr, ULONG context, const char *text)
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

/* ---- The table of entries and its hash ---- */

static inline ULONG hash_start(const propdata *This, ULONG id)
{
    return (id * 0x9e3779b1u) >> This->hash_shift;   /* Fibonacci hashing: the top bits */
}

/* The entry for a PROP_ID, deleted or not; NULL if it never existed. */
static prop_entry *find_entry(const propdata *This, ULONG id)
{
    ULONG key = id | KEY_USED, mask, i;

    if (!This->n_slots) return NULL;
    mask = This->n_slots - 1;
    for (i = hash_start(This, id); This->slots[i].key; i = (i + 1) & mask)
        if (This->slots[i].key == key) return &This->entries[This->slots[i].index];
    return NULL;
}

static inline prop_entry *find_live(const propdata *This, ULONG id)
{
    prop_entry *e = find_entry(This, id);
    return e && !(e->access & ENTRY_DELETED) ? e : NULL;
}

static void hash_put(propdata *This, ULONG id, ULONG index)
{
    ULONG mask = This->n_slots - 1, i;

    for (i = hash_start(This, id); This->slots[i].key; i = (i + 1) & mask) ;
    This->slots[i].key = id | KEY_USED;
    This->slots[i].index = index;
}

/* Makes room for 'more' new entries, so that adding them cannot fail. */
static BOOL reserve_entries(propdata *This, ULONG more)
{
    ULONG need = This->n_entries + (more < MAX_ENTRIES ? more : MAX_ENTRIES), cap, size, shift, i;
    hash_slot *slots;
    prop_entry *entries;

    if (need > MAX_ENTRIES) need = MAX_ENTRIES;
    if (need > This->cap_entries)
    {
        for (cap = This->cap_entries ? This->cap_entries * 2 : 16; cap < need; cap *= 2) ;
        entries = This->entries ? HeapReAlloc(GetProcessHeap(), 0, This->entries, cap * sizeof(*entries))
                                : heap_alloc(cap * sizeof(*entries));
        if (!entries) return FALSE;
        This->entries = entries;
        This->cap_entries = cap;
    }
    if (need * 2 > This->n_slots)
    {
        /* Load factor at most one half keeps probes short. */
        for (size = 16, shift = 28; size < need * 2; size *= 2, shift--) ;
        if (!(slots = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size * sizeof(*slots)))) return FALSE;
        heap_free(This->slots);
        This->slots = slots;
        This->n_slots = size;
        This->hash_shift = shift;
        for (i = 0; i < This->n_entries; i++) hash_put(This, PROP_ID(This->entries[i].value.ulPropTag), i);
    }
    return TRUE;
}

/* Appends a new entry for tag's PROP_ID; room was reserved. */
static prop_entry *add_entry(propdata *This, ULONG tag)
{
    prop_entry *e = &This->entries[This->n_entries];

    hash_put(This, PROP_ID(tag), This->n_entries++);
    memset(e, 0, sizeof(*e));
    e->value.ulPropTag = tag;
    e->access = ENTRY_DELETED;
    return e;
}

/* +1 / -1 on the string counters for a value of this type. */
static inline void count_strings(propdata *This, ULONG type, int delta)
{
    if ((type & ~MV_FLAG) == PT_STRING8) This->n_str8 += delta;
    else if ((type & ~MV_FLAG) == PT_UNICODE) This->n_unicode += delta;
}

/* ---- The arena ---- */

/* Makes sure the newest chunk has cb bytes free. */
static BOOL arena_reserve(propdata *This, ULONGLONG cb)
{
    arena_chunk *c = This->chunks;
    ULONGLONG size;

    if (!cb || (c && c->size - c->used >= cb)) return TRUE;
    size = c ? (c->size < CHUNK_MAX / 2 ? c->size * 2 : CHUNK_MAX) : CHUNK_MIN;
    if (size < cb) size = cb;
    if (size > (SIZE_T)-1 - sizeof(*c)) return FALSE;
    if (!(c = heap_alloc(sizeof(*c) + (SIZE_T)size))) return FALSE;
    c->next = This->chunks;
    c->size = (SIZE_T)size;
    c->used = 0;
    c->pad = 0;
    /* The old chunk's unused tail is lost until the next compaction. */
    if (This->chunks) This->dead_bytes += This->chunks->size - This->chunks->used;
    This->chunks = c;
    return TRUE;
}

static inline BYTE *arena_take(propdata *This, ULONG cb)
{
    arena_chunk *c = This->chunks;
    BYTE *p = CHUNK_DATA(c) + c->used;

    c->used += cb;
    return p;
}

static void arena_free_all(arena_chunk *c)
{
    arena_chunk *next;

    for (; c; c = next)
    {
        next = c->next;
        heap_free(c);
    }
}

/* ---- Value blocks ---- */

static inline ULONG mv_elem_size(ULONG type)
{
    switch (type & ~MV_FLAG)
    {
    case PT_I2:       return sizeof(short);
    case PT_LONG:     return sizeof(LONG);
    case PT_R4:       return sizeof(float);
    case PT_DOUBLE:
    case PT_APPTIME:  return sizeof(double);
    case PT_CURRENCY: return sizeof(CURRENCY);
    case PT_SYSTIME:  return sizeof(FILETIME);
    case PT_CLSID:    return sizeof(GUID);
    case PT_I8:       return sizeof(LARGE_INTEGER);
    }
    return 0;
}

/* Where a value with a data block (cb != 0) keeps it. */
static inline BYTE *value_block(const SPropValue *v)
{
    switch (PROP_TYPE(v->ulPropTag))
    {
    case PT_STRING8:
    case PT_UNICODE: return (BYTE *)v->Value.lpszA;
    case PT_BINARY:  return v->Value.bin.lpb;
    case PT_CLSID:   return (BYTE *)v->Value.lpguid;
    }
    return (BYTE *)v->Value.MVi.lpi;   /* every multi-valued type */
}

static inline void *shift_ptr(void *p, INT_PTR delta)
{
    return p ? (void *)((ULONG_PTR)p + delta) : NULL;
}

/* Points v at a copy of its data block now at 'block'. */
static void value_relocate(SPropValue *v, BYTE *block)
{
    ULONG type = PROP_TYPE(v->ulPropTag), i;
    INT_PTR delta = block - value_block(v);

    switch (type)
    {
    case PT_STRING8:
    case PT_UNICODE: v->Value.lpszA = (char *)block; return;
    case PT_BINARY:  v->Value.bin.lpb = block; return;
    case PT_CLSID:   v->Value.lpguid = (GUID *)block; return;
    case PT_MV_STRING8:
    case PT_MV_UNICODE:
        v->Value.MVszA.lppszA = (char **)block;
        for (i = 0; i < v->Value.MVszA.cValues; i++)
            v->Value.MVszA.lppszA[i] = shift_ptr(v->Value.MVszA.lppszA[i], delta);
        return;
    case PT_MV_BINARY:
        v->Value.MVbin.lpbin = (SBinary *)block;
        for (i = 0; i < v->Value.MVbin.cValues; i++)
            v->Value.MVbin.lpbin[i].lpb = shift_ptr(v->Value.MVbin.lpbin[i].lpb, delta);
        return;
    }
    v->Value.MVi.lpi = (short *)block;
}

enum value_class { VAL_OK, VAL_SKIP, VAL_BAD_TYPE, VAL_INVALID };

/* Sorts a value given to SetProps, and sizes its data block. PR_NULL and
 * PT_ERROR are skipped; PT_OBJECT, PT_NULL, empty multi-valued arrays and
 * missing data fail the call (imapiprop-setprops.md); an unknown type is a
 * problem of that property alone. */
static enum value_class classify_value(const SPropValue *v, ULONGLONG *cb)
{
    ULONG type = PROP_TYPE(v->ulPropTag), n, i, elem;
    ULONGLONG total;

    *cb = 0;
    if (v->ulPropTag == PR_NULL || type == PT_ERROR) return VAL_SKIP;
    switch (type)
    {
    case PT_I2: case PT_LONG: case PT_R4: case PT_DOUBLE: case PT_CURRENCY: case PT_APPTIME:
    case PT_BOOLEAN: case PT_I8: case PT_SYSTIME:
        return VAL_OK;
    case PT_NULL:
    case PT_OBJECT:
        return VAL_INVALID;
    case PT_STRING8:
        if (!v->Value.lpszA) return VAL_INVALID;
        *cb = ALIGN8(strlen(v->Value.lpszA) + 1);
        return VAL_OK;
    case PT_UNICODE:
        if (!v->Value.lpszW) return VAL_INVALID;
        *cb = ALIGN8((wcslen(v->Value.lpszW) + 1) * sizeof(WCHAR));
        return VAL_OK;
    case PT_BINARY:
        if (v->Value.bin.cb && !v->Value.bin.lpb) return VAL_INVALID;
        *cb = ALIGN8(v->Value.bin.cb);
        return VAL_OK;
    case PT_CLSID:
        if (!v->Value.lpguid) return VAL_INVALID;
        *cb = sizeof(GUID);
        return VAL_OK;
    case PT_MV_STRING8:
    case PT_MV_UNICODE:
    case PT_MV_BINARY:
        n = v->Value.MVbin.cValues;
        elem = type == PT_MV_BINARY ? sizeof(SBinary) : sizeof(void *);
        total = (ULONGLONG)n * elem;
        if (!n || total > 0x7fffffff || IsBadReadPtr(v->Value.MVbin.lpbin, (SIZE_T)total)) return VAL_INVALID;
        total = ALIGN8(total);
        for (i = 0; i < n; i++)
        {
            if (type == PT_MV_STRING8)
            {
                if (!v->Value.MVszA.lppszA[i]) return VAL_INVALID;
                total += ALIGN8(strlen(v->Value.MVszA.lppszA[i]) + 1);
            }
            else if (type == PT_MV_UNICODE)
            {
                if (!v->Value.MVszW.lppszW[i]) return VAL_INVALID;
                total += ALIGN8((wcslen(v->Value.MVszW.lppszW[i]) + 1) * sizeof(WCHAR));
            }
            else
            {
                const SBinary *b = &v->Value.MVbin.lpbin[i];
                if (b->cb && !b->lpb) return VAL_INVALID;
                total += ALIGN8(b->cb);
            }
        }
        *cb = total;
        return VAL_OK;
    }
    if ((type & MV_FLAG) && (elem = mv_elem_size(type)))
    {
        n = v->Value.MVi.cValues;
        total = (ULONGLONG)n * elem;
        if (!n || total > 0x7fffffff || IsBadReadPtr(v->Value.MVi.lpi, (SIZE_T)total)) return VAL_INVALID;
        *cb = ALIGN8(total);
        return VAL_OK;
    }
    return VAL_BAD_TYPE;
}

/* Copies a value classified VAL_OK, its data into 'p' (room for its cb). */
static void value_store(SPropValue *dst, const SPropValue *src, BYTE *p)
{
    ULONG type = PROP_TYPE(src->ulPropTag), i, n;
    SIZE_T len;

    dst->ulPropTag = src->ulPropTag;
    dst->dwAlignPad = 0;
    dst->Value = src->Value;
    switch (type)
    {
    case PT_STRING8:
        len = strlen(src->Value.lpszA) + 1;
        memcpy(p, src->Value.lpszA, len);
        dst->Value.lpszA = (char *)p;
        return;
    case PT_UNICODE:
        len = (wcslen(src->Value.lpszW) + 1) * sizeof(WCHAR);
        memcpy(p, src->Value.lpszW, len);
        dst->Value.lpszW = (WCHAR *)p;
        return;
    case PT_BINARY:
        if (src->Value.bin.cb) memcpy(p, src->Value.bin.lpb, src->Value.bin.cb);
        dst->Value.bin.lpb = src->Value.bin.cb ? p : NULL;
        return;
    case PT_CLSID:
        memcpy(p, src->Value.lpguid, sizeof(GUID));
        dst->Value.lpguid = (GUID *)p;
        return;
    case PT_MV_STRING8:
    case PT_MV_UNICODE:
    {
        char **ptrs = (char **)p;
        n = src->Value.MVszA.cValues;
        p += ALIGN8((SIZE_T)n * sizeof(void *));
        for (i = 0; i < n; i++)
        {
            len = type == PT_MV_STRING8 ? strlen(src->Value.MVszA.lppszA[i]) + 1
                                        : (wcslen(src->Value.MVszW.lppszW[i]) + 1) * sizeof(WCHAR);
            memcpy(p, src->Value.MVszA.lppszA[i], len);
            ptrs[i] = (char *)p;
            p += ALIGN8(len);
        }
        dst->Value.MVszA.lppszA = ptrs;
        return;
    }
    case PT_MV_BINARY:
    {
        SBinary *bins = (SBinary *)p;
        n = src->Value.MVbin.cValues;
        p += ALIGN8((SIZE_T)n * sizeof(SBinary));
        for (i = 0; i < n; i++)
        {
            len = src->Value.MVbin.lpbin[i].cb;
            if (len) memcpy(p, src->Value.MVbin.lpbin[i].lpb, len);
            bins[i].cb = (ULONG)len;
            bins[i].lpb = len ? p : NULL;
            p += ALIGN8(len);
        }
        dst->Value.MVbin.lpbin = bins;
        return;
    }
    }
    if (type & MV_FLAG)
    {
        memcpy(p, src->Value.MVi.lpi, (SIZE_T)src->Value.MVi.cValues * mv_elem_size(type));
        dst->Value.MVi.lpi = (short *)p;
    }
}

/* ---- String width ---- */

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

/* Bytes of one string converted to the other width, terminator included. */
static ULONG str_conv_bytes(const void *s, BOOL to_wide)
{
    int n;

    if (to_wide)
    {
        n = MultiByteToWideChar(CP_ACP, 0, s, -1, NULL, 0);
        return (n > 0 ? n : 1) * sizeof(WCHAR);
    }
    n = WideCharToMultiByte(CP_ACP, 0, s, -1, NULL, 0, NULL, NULL);
    return n > 0 ? n : 1;
}

static ULONG str_conv(const void *s, BOOL to_wide, BYTE *p)
{
    ULONG room = str_conv_bytes(s, to_wide);

    if (to_wide)
    {
        if (!MultiByteToWideChar(CP_ACP, 0, s, -1, (WCHAR *)p, room / sizeof(WCHAR))) *(WCHAR *)p = 0;
    }
    else if (!WideCharToMultiByte(CP_ACP, 0, s, -1, (char *)p, room, NULL, NULL))
        *p = 0;
    return room;
}

/* The block a stored string value takes converted to the other width. */
static ULONGLONG conv_size(const SPropValue *v)
{
    ULONG type = PROP_TYPE(v->ulPropTag), i;
    BOOL to_wide = (type & ~MV_FLAG) == PT_STRING8;
    ULONGLONG total;

    if (!(type & MV_FLAG)) return ALIGN8(str_conv_bytes(v->Value.lpszA, to_wide));
    total = ALIGN8((ULONGLONG)v->Value.MVszA.cValues * sizeof(void *));
    for (i = 0; i < v->Value.MVszA.cValues; i++)
        total += ALIGN8(str_conv_bytes(v->Value.MVszA.lppszA[i], to_wide));
    return total;
}

/* Writes src's strings converted to the other width at p; returns the end. */
static BYTE *conv_copy(SPropValue *dst, const SPropValue *src, BYTE *p)
{
    ULONG type = PROP_TYPE(src->ulPropTag), i, n;
    BOOL to_wide = (type & ~MV_FLAG) == PT_STRING8;
    char **ptrs;

    if (!(type & MV_FLAG))
    {
        dst->Value.lpszA = (char *)p;
        return p + ALIGN8(str_conv(src->Value.lpszA, to_wide, p));
    }
    n = src->Value.MVszA.cValues;
    ptrs = (char **)p;
    p += ALIGN8((SIZE_T)n * sizeof(void *));
    for (i = 0; i < n; i++)
    {
        ptrs[i] = (char *)p;
        p += ALIGN8(str_conv(src->Value.MVszA.lppszA[i], to_wide, p));
    }
    dst->Value.MVszA.cValues = n;
    dst->Value.MVszA.lppszA = ptrs;
    return p;
}

/* ---- Handing values back ---- */

/* What GetProps returns for one requested tag: the type to hand back and
 * its entry, or PT_ERROR with the error in *err. The types must match, but
 * PT_UNSPECIFIED takes the stored type and strings convert between widths. */
static ULONG resolve_tag(const propdata *This, ULONG tag, BOOL unicode, prop_entry **pe, SCODE *err)
{
    ULONG want = PROP_TYPE(tag), have;
    prop_entry *e;

    if ((e = find_live(This, PROP_ID(tag))))
    {
        have = PROP_TYPE(e->value.ulPropTag);
        if (want == PT_UNSPECIFIED) want = natural_type(have, unicode);
        if (want == have || natural_type(want, TRUE) == natural_type(have, TRUE))
        {
            *pe = e;
            return want;
        }
    }
    /* Only a failure needs to know whether the type asked for is a type. */
    *pe = NULL;
    *err = FBadPropTag(tag) ? MAPI_E_INVALID_TYPE : MAPI_E_NOT_FOUND;
    return PT_ERROR;
}

static inline ULONGLONG out_size(const prop_entry *e, ULONG type)
{
    return type == PROP_TYPE(e->value.ulPropTag) ? e->cb : conv_size(&e->value);
}

/* Fills one returned value from an entry, its data at 'data'; returns the end. */
static BYTE *fill_value(SPropValue *out, const prop_entry *e, ULONG type, BYTE *data)
{
    if (type == PROP_TYPE(e->value.ulPropTag))
    {
        *out = e->value;
        if (!e->cb) return data;
        memcpy(data, value_block(&e->value), e->cb);
        value_relocate(out, data);
        return data + e->cb;
    }
    out->ulPropTag = PROP_TAG(type, PROP_ID(e->value.ulPropTag));
    out->dwAlignPad = 0;
    return conv_copy(out, &e->value, data);
}

/* Every live property in one block (GetProps with a NULL tag array). When no
 * string needs converting the size is known without looking at the values. */
static HRESULT get_all_props(propdata *This, BOOL unicode, void *(*alloc)(propdata *, ULONGLONG),
                             ULONG *count, SPropValue **props)
{
    BOOL convert = unicode ? This->n_str8 != 0 : This->n_unicode != 0;
    ULONGLONG total = (ULONGLONG)This->n_live * sizeof(SPropValue);
    prop_entry *e, *end = This->entries + This->n_entries;
    SPropValue *out;
    BYTE *data;

    if (!This->n_live) return S_OK;
    if (!convert) total += This->live_bytes;
    else
        for (e = This->entries; e < end; e++)
            if (!(e->access & ENTRY_DELETED))
                total += out_size(e, natural_type(PROP_TYPE(e->value.ulPropTag), unicode));
    if (!(out = alloc(This, total))) return MAPI_E_NOT_ENOUGH_MEMORY;
    data = (BYTE *)(out + This->n_live);
    *props = out;
    *count = This->n_live;
    for (e = This->entries; e < end; e++)
    {
        if (e->access & ENTRY_DELETED) continue;
        data = fill_value(out++, e, convert ? natural_type(PROP_TYPE(e->value.ulPropTag), unicode)
                                            : PROP_TYPE(e->value.ulPropTag), data);
    }
    return S_OK;
}

/* The requested properties in one block, in the order asked. */
static HRESULT get_tag_props(propdata *This, const SPropTagArray *tags, BOOL unicode,
                             void *(*alloc)(propdata *, ULONGLONG), ULONG *count, SPropValue **props)
{
    ULONGLONG total = (ULONGLONG)tags->cValues * sizeof(SPropValue);
    HRESULT hr = S_OK;
    SPropValue *out;
    prop_entry *e;
    BYTE *data;
    ULONG i, type;
    SCODE err;

    /* Two passes, so that one allocation of the exact size holds it all. */
    for (i = 0; i < tags->cValues; i++)
        if ((type = resolve_tag(This, tags->aulPropTag[i], unicode, &e, &err)) != PT_ERROR)
            total += out_size(e, type);
    if (!(out = alloc(This, total))) return MAPI_E_NOT_ENOUGH_MEMORY;
    data = (BYTE *)(out + tags->cValues);
    for (i = 0; i < tags->cValues; i++)
    {
        if ((type = resolve_tag(This, tags->aulPropTag[i], unicode, &e, &err)) != PT_ERROR)
            data = fill_value(&out[i], e, type, data);
        else
        {
            out[i].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tags->aulPropTag[i]));
            out[i].dwAlignPad = 0;
            out[i].Value.err = err;
            hr = MAPI_W_ERRORS_RETURNED;
        }
    }
    *props = out;
    *count = tags->cValues;
    return hr;
}

/* The caller's allocator, for what GetProps returns. */
static void *alloc_out(propdata *This, ULONGLONG size)
{
    void *p = NULL;

    if (size > 0xffffffffu || FAILED(This->alloc_buffer((ULONG)size, &p))) return NULL;
    return p;
}

/* The process heap, for CopyTo's private snapshot. */
static void *alloc_heap(propdata *This, ULONGLONG size)
{
    return size > (SIZE_T)-1 ? NULL : heap_alloc((SIZE_T)size ? (SIZE_T)size : 1);
}

/* ---- Changing values ---- */

/* Drops an entry's value, leaving the slot marked deleted. */
static void delete_entry(propdata *This, prop_entry *e)
{
    count_strings(This, PROP_TYPE(e->value.ulPropTag), -1);
    This->live_bytes -= e->cb;
    This->dead_bytes += e->cb;
    This->n_live--;
    e->cb = 0;
    memset(&e->value.Value, 0, sizeof(e->value.Value));
    e->access = ENTRY_DELETED | IPROP_READWRITE | IPROP_DIRTY;
}

/* Sets an entry (new, deleted or live and writable) to a value classified
 * VAL_OK whose block of cb bytes was reserved in the arena. */
static void set_entry(propdata *This, prop_entry *e, const SPropValue *v, ULONG cb)
{
    if (e->access & ENTRY_DELETED)
    {
        This->n_live++;
        e->access = IPROP_READWRITE;
    }
    else
    {
        count_strings(This, PROP_TYPE(e->value.ulPropTag), -1);
        This->live_bytes -= e->cb;
        This->dead_bytes += e->cb;
    }
    value_store(&e->value, v, cb ? arena_take(This, cb) : NULL);
    e->cb = cb;
    e->access = (e->access & ACCESS_LEVEL) | IPROP_DIRTY;
    This->live_bytes += cb;
    count_strings(This, PROP_TYPE(v->ulPropTag), +1);
}

/* When more of the arena is garbage than values, moves the values into one
 * fresh chunk. Only an optimisation: nothing changes if memory is short. */
static void arena_compact(propdata *This)
{
    arena_chunk *fresh;
    prop_entry *e, *end = This->entries + This->n_entries;
    BYTE *p;

    if (This->dead_bytes < COMPACT_MIN || This->dead_bytes < This->live_bytes) return;
    if (!This->live_bytes)
    {
        arena_free_all(This->chunks);
        This->chunks = NULL;
        This->dead_bytes = 0;
        return;
    }
    if (!(fresh = heap_alloc(sizeof(*fresh) + (SIZE_T)This->live_bytes))) return;
    fresh->next = NULL;
    fresh->size = fresh->used = (SIZE_T)This->live_bytes;
    fresh->pad = 0;
    p = CHUNK_DATA(fresh);
    for (e = This->entries; e < end; e++)
    {
        if (!e->cb) continue;
        memcpy(p, value_block(&e->value), e->cb);
        value_relocate(&e->value, p);
        p += e->cb;
    }
    arena_free_all(This->chunks);
    This->chunks = fresh;
    This->dead_bytes = 0;
}

/* A problem array for up to n problems, from the object's allocator. */
static SPropProblemArray *new_problems(propdata *This, ULONG n)
{
    SPropProblemArray *p = NULL;

    if (FAILED(This->alloc_buffer(CbNewSPropProblemArray(n), (void **)&p))) return NULL;
    p->cProblem = 0;
    return p;
}

static inline void add_problem(SPropProblemArray *p, ULONG index, ULONG tag, SCODE sc)
{
    if (!p) return;
    p->aProblem[p->cProblem].ulIndex = index;
    p->aProblem[p->cProblem].ulPropTag = tag;
    p->aProblem[p->cProblem].scode = sc;
    p->cProblem++;
}

/* ---- IUnknown ---- */

static HRESULT WINAPI propdata_QueryInterface(IPropData *iface, REFIID riid, void **ppv)
{
    propdata *This = impl_from_IPropData(iface);

    if (!ppv || !riid)
    {
        TRACE("(%p, %p, %p) -> MAPI_E_INVALID_PARAMETER", iface, riid, ppv);
        return MAPI_E_INVALID_PARAMETER;
    }
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) ||
        IsEqualIID(riid, &IID_IMAPIPropData))
    {
        *ppv = &This->IPropData_iface;
        IPropData_AddRef(iface);
        TRACE("(%p, %p, %p) -> S_OK", iface, riid, ppv);
        return S_OK;
    }
    *ppv = NULL;
    TRACE("(%p, %p, %p) -> MAPI_E_INTERFACE_NOT_SUPPORTED", iface, riid, ppv);
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI propdata_AddRef(IPropData *iface)
{
    propdata *This = impl_from_IPropData(iface);
    ULONG ref = InterlockedIncrement(&This->refcount);

    TRACE("(%p) -> %lu", iface, ref);
    return ref;
}

static ULONG WINAPI propdata_Release(IPropData *iface)
{
    propdata *This = impl_from_IPropData(iface);
    ULONG ref = InterlockedDecrement(&This->refcount);

    TRACE("(%p) -> %lu", iface, ref);
    if (!ref)
    {
        arena_free_all(This->chunks);
        heap_free(This->entries);
        heap_free(This->slots);
        DeleteCriticalSection(&This->cs);
        heap_free(This);
    }
    return ref;
}

/* ---- IMAPIProp ---- */

/* The last failure of this object as a MAPIERROR from its allocator, or NULL
 * when hResult is not that failure (imapiprop-getlasterror.md). */
static HRESULT WINAPI propdata_GetLastError(IPropData *iface, HRESULT hResult, ULONG ulFlags,
                                            LPMAPIERROR *lppMAPIError)
{
    static const char component[] = "FreeMAPI IPropData";
    propdata *This = impl_from_IPropData(iface);
    BOOL wide = (ulFlags & MAPI_UNICODE) != 0;
    ULONG text_len, comp_len = sizeof(component), cw = wide ? sizeof(WCHAR) : 1;
    const char *text;
    MAPIERROR *err = NULL;
    BYTE *p;
    HRESULT hr = S_OK;
    ULONG context;

    if (!lppMAPIError) hr = MAPI_E_INVALID_PARAMETER;
    else if (ulFlags & ~MAPI_UNICODE) hr = MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr))
    {
        TRACE("(%p, %#lx, %#lx, %p) -> %#lx", iface, hResult, ulFlags, lppMAPIError, hr);
        return hr;
    }
    *lppMAPIError = NULL;
    EnterCriticalSection(&This->cs);
    text = This->last_text;
    context = This->last_context;
    if (FAILED(hResult) && hResult == This->last_hr && text)
    {
        text_len = (ULONG)strlen(text) + 1;
        if (FAILED(hr = This->alloc_buffer(sizeof(MAPIERROR) + (text_len + comp_len) * cw, (void **)&err)))
            err = NULL;
        else
        {
            /* One block: the structure, then its two strings. */
            p = (BYTE *)(err + 1);
            err->ulVersion = MAPI_ERROR_VERSION;
            err->ulLowLevelError = 0;
            err->ulContext = context;
            err->lpszError = (LPTSTR)p;
            if (wide) MultiByteToWideChar(CP_ACP, 0, text, -1, (WCHAR *)p, text_len);
            else memcpy(p, text, text_len);
            p += text_len * cw;
            err->lpszComponent = (LPTSTR)p;
            if (wide) MultiByteToWideChar(CP_ACP, 0, component, -1, (WCHAR *)p, comp_len);
            else memcpy(p, component, comp_len);
            *lppMAPIError = err;
        }
    }
    LeaveCriticalSection(&This->cs);
    TRACE("(%p, %#lx, %#lx, %p) -> %#lx, %p", iface, hResult, ulFlags, lppMAPIError, hr, err);
    return hr;
}

/* IPropData is not transacted: changes are made at once, so there is
 * nothing to save (ipropdataimapiprop.md). */
static HRESULT WINAPI propdata_SaveChanges(IPropData *iface, ULONG ulFlags)
{
    propdata *This = impl_from_IPropData(iface);
    HRESULT hr = S_OK;

    if (ulFlags & ~(KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS |
                    0x80 /* SPAMFILTER_ONSAVE */ | 0x1000 /* NON_EMS_XP_SAVE */))
        hr = set_error(This, MAPI_E_UNKNOWN_FLAGS, CTX_SAVECHANGES, "SaveChanges: unknown flags");
    TRACE("(%p, %#lx) -> %#lx", iface, ulFlags, hr);
    return hr;
}

/* Values of the properties asked for, or of all of them, in one block from
 * the object's allocator (imapiprop-getprops.md). */
static HRESULT WINAPI propdata_GetProps(IPropData *iface, LPSPropTagArray lpPropTagArray, ULONG ulFlags,
                                        ULONG *lpcValues, LPSPropValue *lppPropArray)
{
    propdata *This = impl_from_IPropData(iface);
    HRESULT hr;

    if (lpcValues) *lpcValues = 0;
    if (lppPropArray) *lppPropArray = NULL;
    if (!lpcValues || !lppPropArray)
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_GETPROPS, "GetProps: NULL output pointer");
    else if (ulFlags & ~MAPI_UNICODE)
        hr = set_error(This, MAPI_E_UNKNOWN_FLAGS, CTX_GETPROPS, "GetProps: unknown flags");
    else if (lpPropTagArray && (bad_tag_array(lpPropTagArray) || !lpPropTagArray->cValues))
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_GETPROPS, "GetProps: bad or empty tag array");
    else
    {
        EnterCriticalSection(&This->cs);
        if (!lpPropTagArray)
            hr = get_all_props(This, (ulFlags & MAPI_UNICODE) != 0, alloc_out, lpcValues, lppPropArray);
        else
            hr = get_tag_props(This, lpPropTagArray, (ulFlags & MAPI_UNICODE) != 0, alloc_out, lpcValues,
                               lppPropArray);
        LeaveCriticalSection(&This->cs);
        if (FAILED(hr)) set_error(This, hr, CTX_GETPROPS, "GetProps: out of memory");
    }
    TRACE("(%p, %p, %#lx, %p, %p) -> %#lx, %lu values", iface, lpPropTagArray, ulFlags, lpcValues,
          lppPropArray, hr, lpcValues ? *lpcValues : 0);
    return hr;
}

/* The tags of all properties, strings in the width MAPI_UNICODE asks for as
 * GetProps(NULL) would return them (imapiprop-getproplist.md). */
static HRESULT WINAPI propdata_GetPropList(IPropData *iface, ULONG ulFlags, LPSPropTagArray *lppPropTagArray)
{
    propdata *This = impl_from_IPropData(iface);
    BOOL unicode = (ulFlags & MAPI_UNICODE) != 0;
    SPropTagArray *tags = NULL;
    prop_entry *e, *end;
    HRESULT hr;
    ULONG n = 0;

    if (!lppPropTagArray)
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_GETPROPLIST, "GetPropList: NULL output pointer");
    else if (ulFlags & ~MAPI_UNICODE)
        hr = set_error(This, MAPI_E_UNKNOWN_FLAGS, CTX_GETPROPLIST, "GetPropList: unknown flags");
    else
    {
        *lppPropTagArray = NULL;
        EnterCriticalSection(&This->cs);
        if (SUCCEEDED(hr = This->alloc_buffer(CbNewSPropTagArray(This->n_live), (void **)&tags)))
        {
            for (e = This->entries, end = e + This->n_entries; e < end; e++)
                if (!(e->access & ENTRY_DELETED))
                    tags->aulPropTag[n++] = CHANGE_PROP_TYPE(e->value.ulPropTag,
                                                             natural_type(PROP_TYPE(e->value.ulPropTag), unicode));
            tags->cValues = n;
            *lppPropTagArray = tags;
        }
        LeaveCriticalSection(&This->cs);
        if (FAILED(hr)) set_error(This, hr, CTX_GETPROPLIST, "GetPropList: out of memory");
    }
    TRACE("(%p, %#lx, %p) -> %#lx, %lu tags", iface, ulFlags, lppPropTagArray, hr, n);
    return hr;
}

/* IPropData keeps plain values only: no property opens as an interface. */
static HRESULT WINAPI propdata_OpenProperty(IPropData *iface, ULONG ulPropTag, LPCIID lpiid,
                                            ULONG ulInterfaceOptions, ULONG ulFlags, LPUNKNOWN *lppUnk)
{
    propdata *This = impl_from_IPropData(iface);
    HRESULT hr;

    if (lppUnk) *lppUnk = NULL;
    if (!lppUnk || !lpiid || PROP_TYPE(ulPropTag) == PT_UNSPECIFIED)
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_OPENPROPERTY,
                       "OpenProperty: NULL pointer or PT_UNSPECIFIED tag");
    else if (ulFlags & ~(MAPI_CREATE | MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS | STREAM_APPEND))
        hr = set_error(This, MAPI_E_UNKNOWN_FLAGS, CTX_OPENPROPERTY, "OpenProperty: unknown flags");
    else
        hr = set_error(This, MAPI_E_NO_SUPPORT, CTX_OPENPROPERTY,
                       "OpenProperty: IPropData properties cannot be opened as objects");
    TRACE("(%p, %#lx, %p, %#lx, %#lx, %p) -> %#lx", iface, ulPropTag, lpiid, ulInterfaceOptions, ulFlags,
          lppUnk, hr);
    return hr;
}

/* Adds or replaces values (imapiprop-setprops.md). The object must be
 * writable; a read-only property or an unknown type is a problem of that
 * property alone. New and changed properties become IPROP_DIRTY. */
static HRESULT WINAPI propdata_SetProps(IPropData *iface, ULONG cValues, LPSPropValue lpPropArray,
                                        LPSPropProblemArray *lppProblems)
{
    propdata *This = impl_from_IPropData(iface);
    SPropProblemArray *problems = NULL;
    ULONGLONG need = 0, cb;
    ULONG i, n_ok = 0;
    prop_entry *e;
    HRESULT hr = S_OK;

    if (lppProblems) *lppProblems = NULL;
    if (!cValues || !lpPropArray || cValues > 0x7fffffff / sizeof(SPropValue) ||
        IsBadReadPtr(lpPropArray, cValues * sizeof(SPropValue)))
    {
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_SETPROPS, "SetProps: no values");
        goto done;
    }
    EnterCriticalSection(&This->cs);
    if (This->obj_access != IPROP_READWRITE)
    {
        LeaveCriticalSection(&This->cs);
        hr = set_error(This, MAPI_E_NO_ACCESS, CTX_SETPROPS, "SetProps: the object is read-only");
        goto done;
    }
    /* Everything that fails the whole call is found before anything changes. */
    for (i = 0; i < cValues; i++)
    {
        switch (classify_value(&lpPropArray[i], &cb))
        {
        case VAL_INVALID:
            LeaveCriticalSection(&This->cs);
            hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_SETPROPS,
                           "SetProps: PT_OBJECT, PT_NULL, empty multi-valued or missing data");
            goto done;
        case VAL_OK:
            need += cb;
            n_ok++;
            break;
        default:
            break;
        }
    }
    if (need > 0x7fffffff || !reserve_entries(This, n_ok) || !arena_reserve(This, need))
    {
        LeaveCriticalSection(&This->cs);
        hr = set_error(This, MAPI_E_NOT_ENOUGH_MEMORY, CTX_SETPROPS, "SetProps: out of memory");
        goto done;
    }
    for (i = 0; i < cValues; i++)
    {
        const SPropValue *v = &lpPropArray[i];
        enum value_class cls = classify_value(v, &cb);

        if (cls == VAL_SKIP) continue;
        if (cls == VAL_BAD_TYPE)
        {
            if (lppProblems && !problems) problems = new_problems(This, cValues - i);
            add_problem(problems, i, v->ulPropTag, MAPI_E_INVALID_TYPE);
            continue;
        }
        if (!(e = find_entry(This, PROP_ID(v->ulPropTag))))
            e = add_entry(This, v->ulPropTag);
        else if (!(e->access & ENTRY_DELETED) && (e->access & IPROP_READONLY))
        {
            if (lppProblems && !problems) problems = new_problems(This, cValues - i);
            add_problem(problems, i, v->ulPropTag, MAPI_E_NO_ACCESS);
            continue;
        }
        set_entry(This, e, v, (ULONG)cb);
    }
    arena_compact(This);
    LeaveCriticalSection(&This->cs);
    if (problems && !problems->cProblem)
    {
        This->free_buffer(problems);
        problems = NULL;
    }
    if (lppProblems) *lppProblems = problems;

done:
    TRACE("(%p, %lu, %p, %p) -> %#lx, %lu problems", iface, cValues, lpPropArray, lppProblems, hr,
          problems ? problems->cProblem : 0);
    return hr;
}

/* Removes properties by PROP_ID, whatever the tag's type; a read-only one is
 * a problem, an absent one is not (imapiprop-deleteprops.md). */
static HRESULT WINAPI propdata_DeleteProps(IPropData *iface, LPSPropTagArray lpPropTagArray,
                                           LPSPropProblemArray *lppProblems)
{
    propdata *This = impl_from_IPropData(iface);
    SPropProblemArray *problems = NULL;
    prop_entry *e;
    HRESULT hr = S_OK;
    ULONG i;

    if (lppProblems) *lppProblems = NULL;
    if (!lpPropTagArray || bad_tag_array(lpPropTagArray) || !lpPropTagArray->cValues)
    {
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_DELETEPROPS, "DeleteProps: bad or empty tag array");
        goto done;
    }
    EnterCriticalSection(&This->cs);
    if (This->obj_access != IPROP_READWRITE)
    {
        LeaveCriticalSection(&This->cs);
        hr = set_error(This, MAPI_E_NO_ACCESS, CTX_DELETEPROPS, "DeleteProps: the object is read-only");
        goto done;
    }
    for (i = 0; i < lpPropTagArray->cValues; i++)
    {
        if (!(e = find_live(This, PROP_ID(lpPropTagArray->aulPropTag[i])))) continue;
        if (e->access & IPROP_READONLY)
        {
            if (lppProblems && !problems) problems = new_problems(This, lpPropTagArray->cValues - i);
            add_problem(problems, i, lpPropTagArray->aulPropTag[i], MAPI_E_NO_ACCESS);
            continue;
        }
        delete_entry(This, e);
    }
    arena_compact(This);
    LeaveCriticalSection(&This->cs);
    if (lppProblems) *lppProblems = problems;

done:
    TRACE("(%p, %p, %p) -> %#lx, %lu problems", iface, lpPropTagArray, lppProblems, hr,
          problems ? problems->cProblem : 0);
    return hr;
}

/* ---- CopyTo and CopyProps ---- */

typedef struct id_set
{
    ULONG bits[0x10000 / 32];
} id_set;

static inline void id_set_add(id_set *s, ULONG id) { s->bits[id >> 5] |= 1u << (id & 31); }
static inline BOOL id_set_has(const id_set *s, ULONG id) { return (s->bits[id >> 5] >> (id & 31)) & 1; }

/* The problem array a copy returns: ours and the destination's, merged. */
typedef struct copy_problems
{
    SPropProblem *items;
    ULONG count, cap;
} copy_problems;

static void copy_problem(copy_problems *p, ULONG index, ULONG tag, SCODE sc)
{
    SPropProblem *items;

    if (p->count == p->cap)
    {
        ULONG cap = p->cap ? p->cap * 2 : 16;
        items = p->items ? HeapReAlloc(GetProcessHeap(), 0, p->items, cap * sizeof(*items))
                         : heap_alloc(cap * sizeof(*items));
        if (!items) return;
        p->items = items;
        p->cap = cap;
    }
    p->items[p->count].ulIndex = index;
    p->items[p->count].ulPropTag = tag;
    p->items[p->count].scode = sc;
    p->count++;
}

/* Frees a problem array another IMAPIProp returned: with its own allocator
 * when it is one of our objects, MAPIFreeBuffer otherwise. */
static void free_foreign(IMAPIProp *obj, void *p)
{
    if (!p) return;
    if (((IPropData *)obj)->lpVtbl == &propdata_vtbl) impl_from_IPropData((IPropData *)obj)->free_buffer(p);
    else MAPIFreeBuffer(p);
}

static inline HRESULT unk_query(void *obj, REFIID riid, void **out)
{
    *out = NULL;
    return ((IUnknown *)obj)->lpVtbl->QueryInterface((IUnknown *)obj, riid, out);
}

/* Copies or moves properties to another IMAPIProp: 'include' (by PROP_ID,
 * in its order) or everything but 'exclude'. The source is copied aside under
 * the lock and the lock is dropped before the destination is called, so two
 * objects copying to each other cannot deadlock. Problem indexes are positions
 * in 'include', or for CopyTo in the list of properties copied. */
static HRESULT copy_props(propdata *This, const SPropTagArray *include, const SPropTagArray *exclude,
                          BOOL use_propdata, LPCIID lpInterface, void *lpDestObj, ULONG flags,
                          LPSPropProblemArray *lppProblems, ULONG context)
{
    IUnknown *dest_unk = NULL, *dest_iface = NULL;
    IMAPIProp *dest = NULL;
    IPropData *dest_pd = NULL;
    SPropProblemArray *dprobs = NULL, *out_probs;
    SPropTagArray *dest_tags = NULL, *obj_tags = NULL;
    SPropValue *snap = NULL, *vals = NULL;
    ULONG *origin = NULL, *sel = NULL, *obj_sel = NULL, n_snap = 0, n_vals = 0, n_obj = 0, i, j, k, want;
    id_set *ids = NULL, *failed = NULL;
    copy_problems probs = {0};
    prop_entry **picked = NULL, *e;
    ULONGLONG total;
    BYTE *data;
    HRESULT hr;

    /* The destination: the interface asked for, then IMAPIProp to use it. */
    if (FAILED(unk_query(lpDestObj, lpInterface, (void **)&dest_iface)) || !dest_iface)
        return set_error(This, MAPI_E_INTERFACE_NOT_SUPPORTED, context,
                         "Copy: the destination does not support the interface");
    dest_iface->lpVtbl->Release(dest_iface);
    if (SUCCEEDED(unk_query(lpDestObj, &IID_IUnknown, (void **)&dest_unk)) && dest_unk)
    {
        BOOL same = dest_unk == (IUnknown *)&This->IPropData_iface;
        dest_unk->lpVtbl->Release(dest_unk);
        if (same) return set_error(This, MAPI_E_NO_ACCESS, context, "Copy: the destination is the source");
    }
    if (FAILED(unk_query(lpDestObj, &IID_IMAPIProp, (void **)&dest)) || !dest)
        return set_error(This, MAPI_E_INTERFACE_NOT_SUPPORTED, context,
                         "Copy: the destination is not an IMAPIProp");
    if (use_propdata &&
        FAILED(unk_query(lpDestObj, &IID_IMAPIPropData, (void **)&dest_pd)))
        dest_pd = NULL;

    if (!(ids = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*ids))))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }

    /* Snapshot of what to copy. */
    EnterCriticalSection(&This->cs);
    if ((flags & MAPI_MOVE) && This->obj_access != IPROP_READWRITE)
    {
        LeaveCriticalSection(&This->cs);
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    want = include ? include->cValues : This->n_live;
    picked = heap_alloc((want ? want : 1) * sizeof(*picked));
    origin = heap_alloc((want ? want : 1) * sizeof(*origin));
    if (!picked || !origin)
    {
        LeaveCriticalSection(&This->cs);
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    if (exclude)
        for (i = 0; i < exclude->cValues; i++) id_set_add(ids, PROP_ID(exclude->aulPropTag[i]));
    total = 0;
    if (include)
    {
        for (i = 0; i < include->cValues; i++)
        {
            if (!(e = find_live(This, PROP_ID(include->aulPropTag[i]))))
                copy_problem(&probs, i, include->aulPropTag[i], MAPI_E_NOT_FOUND);
            else
            {
                origin[n_snap] = i;
                picked[n_snap++] = e;
                total += e->cb;
            }
        }
    }
    else
    {
        for (e = This->entries; e < This->entries + This->n_entries; e++)
        {
            if ((e->access & ENTRY_DELETED) || id_set_has(ids, PROP_ID(e->value.ulPropTag))) continue;
            origin[n_snap] = n_snap;
            picked[n_snap++] = e;
            total += e->cb;
        }
    }
    total += (ULONGLONG)n_snap * sizeof(SPropValue);
    if (!(snap = alloc_heap(This, total)))
    {
        LeaveCriticalSection(&This->cs);
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    data = (BYTE *)(snap + n_snap);
    for (i = 0; i < n_snap; i++) data = fill_value(&snap[i], picked[i], PROP_TYPE(picked[i]->value.ulPropTag), data);
    LeaveCriticalSection(&This->cs);

    /* MAPI_NOREPLACE: leave out what the destination already has. */
    memset(ids, 0, sizeof(*ids));
    if (flags & MAPI_NOREPLACE)
    {
        if (FAILED(hr = IMAPIProp_GetPropList(dest, 0, &dest_tags)) &&
            FAILED(hr = IMAPIProp_GetPropList(dest, MAPI_UNICODE, &dest_tags)))
            goto done;
        for (i = 0; dest_tags && i < dest_tags->cValues; i++) id_set_add(ids, PROP_ID(dest_tags->aulPropTag[i]));
        free_foreign(dest, dest_tags);
    }

    /* Values go through SetProps; PT_OBJECT markers through HrAddObjProps when
     * the destination is an IPropData too, and are left out otherwise. */
    vals = heap_alloc((n_snap ? n_snap : 1) * sizeof(*vals));
    sel = heap_alloc((n_snap ? n_snap : 1) * sizeof(*sel));
    obj_sel = heap_alloc((n_snap ? n_snap : 1) * sizeof(*obj_sel));
    if (FAILED(This->alloc_buffer(CbNewSPropTagArray(n_snap), (void **)&obj_tags))) obj_tags = NULL;
    if (!vals || !sel || !obj_sel || !obj_tags)
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    for (i = 0; i < n_snap; i++)
    {
        if (id_set_has(ids, PROP_ID(snap[i].ulPropTag))) continue;
        if (PROP_TYPE(snap[i].ulPropTag) == PT_OBJECT)
        {
            if (!dest_pd) continue;
            obj_sel[n_obj] = i;
            obj_tags->aulPropTag[n_obj++] = snap[i].ulPropTag;
            continue;
        }
        sel[n_vals] = i;
        vals[n_vals++] = snap[i];
    }
    obj_tags->cValues = n_obj;

    if (!(failed = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*failed))))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    if (n_vals)
    {
        if (FAILED(hr = IMAPIProp_SetProps(dest, n_vals, vals, &dprobs))) goto done;
        for (k = 0; dprobs && k < dprobs->cProblem; k++)
        {
            j = dprobs->aProblem[k].ulIndex;
            if (j >= n_vals) continue;
            id_set_add(failed, PROP_ID(vals[j].ulPropTag));
            copy_problem(&probs, origin[sel[j]], vals[j].ulPropTag, dprobs->aProblem[k].scode);
        }
        free_foreign(dest, dprobs);
        dprobs = NULL;
    }
    if (n_obj)
    {
        if (FAILED(hr = IPropData_HrAddObjProps(dest_pd, obj_tags, &dprobs))) goto done;
        for (k = 0; dprobs && k < dprobs->cProblem; k++)
        {
            j = dprobs->aProblem[k].ulIndex;
            if (j >= n_obj) continue;
            id_set_add(failed, PROP_ID(obj_tags->aulPropTag[j]));
            copy_problem(&probs, origin[obj_sel[j]], obj_tags->aulPropTag[j], dprobs->aProblem[k].scode);
        }
        free_foreign(dest, dprobs);
        dprobs = NULL;
    }

    /* MAPI_MOVE: the source loses what arrived. */
    if (flags & MAPI_MOVE)
    {
        EnterCriticalSection(&This->cs);
        for (i = 0; i < n_snap; i++)
        {
            ULONG tag = snap[i].ulPropTag;
            if (id_set_has(ids, PROP_ID(tag)) || id_set_has(failed, PROP_ID(tag))) continue;
            if (PROP_TYPE(tag) == PT_OBJECT && !dest_pd) continue;
            if (!(e = find_live(This, PROP_ID(tag)))) continue;
            if (e->access & IPROP_READONLY) copy_problem(&probs, origin[i], tag, MAPI_E_NO_ACCESS);
            else delete_entry(This, e);
        }
        arena_compact(This);
        LeaveCriticalSection(&This->cs);
    }
    hr = S_OK;
    if (lppProblems && probs.count && SUCCEEDED(This->alloc_buffer(CbNewSPropProblemArray(probs.count),
                                                                     (void **)&out_probs)))
    {
        out_probs->cProblem = probs.count;
        memcpy(out_probs->aProblem, probs.items, probs.count * sizeof(SPropProblem));
        *lppProblems = out_probs;
    }

done:
    if (dprobs) free_foreign(dest, dprobs);
    if (obj_tags) This->free_buffer(obj_tags);
    heap_free(vals);
    heap_free(sel);
    heap_free(obj_sel);
    heap_free(snap);
    heap_free(picked);
    heap_free(origin);
    heap_free(ids);
    heap_free(failed);
    heap_free(probs.items);
    if (dest_pd) IPropData_Release(dest_pd);
    if (dest) IMAPIProp_Release(dest);
    if (FAILED(hr)) set_error(This, hr, context, "Copy: the copy failed");
    return hr;
}

#define COPY_FLAGS (MAPI_MOVE | MAPI_NOREPLACE | MAPI_DECLINE_OK | MAPI_DIALOG)

/* Copies or moves every property but the excluded ones to another IMAPIProp
 * (imapiprop-copyto.md). Copying onto itself is MAPI_E_NO_ACCESS. */
static HRESULT WINAPI propdata_CopyTo(IPropData *iface, ULONG ciidExclude, LPCIID rgiidExclude,
                                      LPSPropTagArray lpExcludeProps, ULONG_PTR ulUIParam,
                                      LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj,
                                      ULONG ulFlags, LPSPropProblemArray *lppProblems)
{
    propdata *This = impl_from_IPropData(iface);
    BOOL use_propdata = TRUE;
    HRESULT hr;
    ULONG i;

    if (lppProblems) *lppProblems = NULL;
    if (!lpInterface || !lpDestObj || (ciidExclude && (!rgiidExclude ||
        IsBadReadPtr(rgiidExclude, (SIZE_T)ciidExclude * sizeof(IID)))))
    {
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_COPYTO, "CopyTo: NULL interface or destination");
        goto done;
    }
    if (ulFlags & ~COPY_FLAGS)
    {
        hr = set_error(This, MAPI_E_UNKNOWN_FLAGS, CTX_COPYTO, "CopyTo: unknown flags");
        goto done;
    }
    if (lpExcludeProps && (bad_tag_array(lpExcludeProps) || !lpExcludeProps->cValues))
    {
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_COPYTO, "CopyTo: bad or empty exclude array");
        goto done;
    }
    for (i = 0; lpExcludeProps && i < lpExcludeProps->cValues; i++)
        if (lpExcludeProps->aulPropTag[i] == PR_NULL)
        {
            hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_COPYTO, "CopyTo: PR_NULL excluded");
            goto done;
        }
    for (i = 0; i < ciidExclude; i++)
    {
        /* Without IMAPIProp nothing is left to copy through. */
        if (IsEqualIID(&rgiidExclude[i], &IID_IMAPIProp) || IsEqualIID(&rgiidExclude[i], &IID_IUnknown))
        {
            hr = set_error(This, MAPI_E_INTERFACE_NOT_SUPPORTED, CTX_COPYTO,
                           "CopyTo: every interface is excluded");
            goto done;
        }
        if (IsEqualIID(&rgiidExclude[i], &IID_IMAPIPropData)) use_propdata = FALSE;
    }
    hr = copy_props(This, NULL, lpExcludeProps, use_propdata, lpInterface, lpDestObj, ulFlags, lppProblems,
                    CTX_COPYTO);
done:
    TRACE("(%p, %lu, %p, %p, %p, %p, %p, %p, %#lx, %p) -> %#lx", iface, ciidExclude, rgiidExclude,
          lpExcludeProps, (void *)ulUIParam, lpProgress, lpInterface, lpDestObj, ulFlags, lppProblems, hr);
    return hr;
}

/* Copies or moves the properties named to another IMAPIProp; one the source
 * lacks is a MAPI_E_NOT_FOUND problem (imapiprop-copyprops.md). */
static HRESULT WINAPI propdata_CopyProps(IPropData *iface, LPSPropTagArray lpIncludeProps, ULONG_PTR ulUIParam,
                                         LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj,
                                         ULONG ulFlags, LPSPropProblemArray *lppProblems)
{
    propdata *This = impl_from_IPropData(iface);
    HRESULT hr;
    ULONG i;

    if (lppProblems) *lppProblems = NULL;
    if (!lpInterface || !lpDestObj || !lpIncludeProps || bad_tag_array(lpIncludeProps) ||
        !lpIncludeProps->cValues)
    {
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_COPYPROPS,
                       "CopyProps: NULL interface, destination or tag array");
        goto done;
    }
    if (ulFlags & ~COPY_FLAGS)
    {
        hr = set_error(This, MAPI_E_UNKNOWN_FLAGS, CTX_COPYPROPS, "CopyProps: unknown flags");
        goto done;
    }
    for (i = 0; i < lpIncludeProps->cValues; i++)
        if (lpIncludeProps->aulPropTag[i] == PR_NULL)
        {
            hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_COPYPROPS, "CopyProps: PR_NULL included");
            goto done;
        }
    hr = copy_props(This, lpIncludeProps, NULL, TRUE, lpInterface, lpDestObj, ulFlags, lppProblems,
                    CTX_COPYPROPS);
done:
    TRACE("(%p, %p, %p, %p, %p, %p, %#lx, %p) -> %#lx", iface, lpIncludeProps, (void *)ulUIParam, lpProgress,
          lpInterface, lpDestObj, ulFlags, lppProblems, hr);
    return hr;
}

/* IPropData has no named-property mapping. */
static HRESULT WINAPI propdata_GetNamesFromIDs(IPropData *iface, LPSPropTagArray *lppPropTags, LPGUID lpPropSetGuid,
                                               ULONG ulFlags, ULONG *lpcPropNames, LPMAPINAMEID **lpppPropNames)
{
    propdata *This = impl_from_IPropData(iface);

    if (lpcPropNames) *lpcPropNames = 0;
    if (lpppPropNames) *lpppPropNames = NULL;
    TRACE("(%p, %p, %p, %#lx, %p, %p) -> MAPI_E_NO_SUPPORT", iface, lppPropTags, lpPropSetGuid, ulFlags,
          lpcPropNames, lpppPropNames);
    return set_error(This, MAPI_E_NO_SUPPORT, CTX_NAMES, "GetNamesFromIDs: IPropData has no named properties");
}

static HRESULT WINAPI propdata_GetIDsFromNames(IPropData *iface, ULONG cPropNames, LPMAPINAMEID *lppPropNames,
                                               ULONG ulFlags, LPSPropTagArray *lppPropTags)
{
    propdata *This = impl_from_IPropData(iface);

    if (lppPropTags) *lppPropTags = NULL;
    TRACE("(%p, %lu, %p, %#lx, %p) -> MAPI_E_NO_SUPPORT", iface, cPropNames, lppPropNames, ulFlags, lppPropTags);
    return set_error(This, MAPI_E_NO_SUPPORT, CTX_NAMES, "GetIDsFromNames: IPropData has no named properties");
}

/* ---- IPropData ---- */

/* Makes the whole object read-only or read/write
 * (ipropdata-hrsetobjaccess.md). */
static HRESULT WINAPI propdata_HrSetObjAccess(IPropData *iface, ULONG ulAccess)
{
    propdata *This = impl_from_IPropData(iface);
    HRESULT hr = S_OK;

    if (ulAccess & ~ACCESS_LEVEL)
        hr = set_error(This, MAPI_E_UNKNOWN_FLAGS, CTX_OBJACCESS, "HrSetObjAccess: unknown flags");
    else if (ulAccess != IPROP_READONLY && ulAccess != IPROP_READWRITE)
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_OBJACCESS,
                       "HrSetObjAccess: need exactly one of IPROP_READONLY, IPROP_READWRITE");
    else
    {
        EnterCriticalSection(&This->cs);
        This->obj_access = ulAccess;
        LeaveCriticalSection(&This->cs);
    }
    TRACE("(%p, %#lx) -> %#lx", iface, ulAccess, hr);
    return hr;
}

static inline BOOL bad_prop_access(ULONG access)
{
    return (access & ~(ACCESS_LEVEL | ACCESS_STATUS)) ||
           ((access & ACCESS_LEVEL) != IPROP_READONLY && (access & ACCESS_LEVEL) != IPROP_READWRITE) ||
           ((access & ACCESS_STATUS) != IPROP_CLEAN && (access & ACCESS_STATUS) != IPROP_DIRTY);
}

/* Sets each property's access level and status: one of IPROP_READONLY,
 * IPROP_READWRITE and one of IPROP_CLEAN, IPROP_DIRTY; properties the object
 * lacks are ignored, a read-only object allows it
 * (ipropdata-hrsetpropaccess.md). */
static HRESULT WINAPI propdata_HrSetPropAccess(IPropData *iface, LPSPropTagArray lpPropTagArray, ULONG *rgulAccess)
{
    propdata *This = impl_from_IPropData(iface);
    prop_entry *e;
    HRESULT hr = S_OK;
    ULONG i;

    if (!lpPropTagArray || !rgulAccess || bad_tag_array(lpPropTagArray) ||
        IsBadReadPtr(rgulAccess, (SIZE_T)lpPropTagArray->cValues * sizeof(ULONG)))
    {
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_PROPACCESS, "HrSetPropAccess: NULL or bad array");
        goto done;
    }
    for (i = 0; i < lpPropTagArray->cValues; i++)
        if (bad_prop_access(rgulAccess[i]))
        {
            hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_PROPACCESS,
                           "HrSetPropAccess: a bad combination of access flags");
            goto done;
        }
    EnterCriticalSection(&This->cs);
    for (i = 0; i < lpPropTagArray->cValues; i++)
        if ((e = find_entry(This, PROP_ID(lpPropTagArray->aulPropTag[i]))))
            e->access = (e->access & ENTRY_DELETED) | rgulAccess[i];
    LeaveCriticalSection(&This->cs);
done:
    TRACE("(%p, %p, %p) -> %#lx", iface, lpPropTagArray, rgulAccess, hr);
    return hr;
}

/* Access level and status of the properties named in *lppPropTagArray, or of
 * all of them, deleted ones included, when it points to NULL. Both arrays
 * returned are new, from the object's allocator; a named property that is
 * absent or deleted gets tag 0 and access 0 (ipropdata-hrgetpropaccess.md). */
static HRESULT WINAPI propdata_HrGetPropAccess(IPropData *iface, LPSPropTagArray *lppPropTagArray,
                                               ULONG **lprgulAccess)
{
    propdata *This = impl_from_IPropData(iface);
    SPropTagArray *in, *tags = NULL;
    ULONG *access = NULL, n, i;
    prop_entry *e;
    HRESULT hr;

    if (!lppPropTagArray || !lprgulAccess ||
        ((in = *lppPropTagArray) && bad_tag_array(in)))
    {
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_PROPACCESS, "HrGetPropAccess: NULL or bad array");
        goto done;
    }
    *lprgulAccess = NULL;
    EnterCriticalSection(&This->cs);
    n = in ? in->cValues : This->n_entries;
    if (FAILED(hr = This->alloc_buffer(CbNewSPropTagArray(n), (void **)&tags)) ||
        FAILED(hr = This->alloc_buffer(n ? n * sizeof(ULONG) : sizeof(ULONG), (void **)&access)))
    {
        LeaveCriticalSection(&This->cs);
        if (tags) This->free_buffer(tags);
        hr = set_error(This, MAPI_E_NOT_ENOUGH_MEMORY, CTX_PROPACCESS, "HrGetPropAccess: out of memory");
        goto done;
    }
    tags->cValues = n;
    for (i = 0; i < n; i++)
    {
        if (!in) e = &This->entries[i];
        else if (!(e = find_live(This, PROP_ID(in->aulPropTag[i]))))
        {
            tags->aulPropTag[i] = 0;
            access[i] = 0;
            continue;
        }
        tags->aulPropTag[i] = e->value.ulPropTag;
        access[i] = e->access & ~ENTRY_DELETED;
    }
    LeaveCriticalSection(&This->cs);
    *lppPropTagArray = tags;
    *lprgulAccess = access;
done:
    TRACE("(%p, %p, %p) -> %#lx", iface, lppPropTagArray, lprgulAccess, hr);
    return hr;
}

/* Adds PT_OBJECT properties, which SetProps refuses, so that GetPropList
 * lists them (ipropdata-hraddobjprops.md). */
static HRESULT WINAPI propdata_HrAddObjProps(IPropData *iface, LPSPropTagArray lpPropTagArray,
                                             LPSPropProblemArray *lppProblems)
{
    propdata *This = impl_from_IPropData(iface);
    SPropProblemArray *problems = NULL;
    SPropValue v;
    prop_entry *e;
    HRESULT hr = S_OK;
    ULONG i;

    if (lppProblems) *lppProblems = NULL;
    if (!lpPropTagArray || bad_tag_array(lpPropTagArray))
    {
        hr = set_error(This, MAPI_E_INVALID_PARAMETER, CTX_ADDOBJPROPS, "HrAddObjProps: NULL or bad array");
        goto done;
    }
    for (i = 0; i < lpPropTagArray->cValues; i++)
        if (PROP_TYPE(lpPropTagArray->aulPropTag[i]) != PT_OBJECT)
        {
            hr = set_error(This, MAPI_E_INVALID_TYPE, CTX_ADDOBJPROPS, "HrAddObjProps: a tag is not PT_OBJECT");
            goto done;
        }
    EnterCriticalSection(&This->cs);
    if (This->obj_access != IPROP_READWRITE)
    {
        LeaveCriticalSection(&This->cs);
        hr = set_error(This, MAPI_E_NO_ACCESS, CTX_ADDOBJPROPS, "HrAddObjProps: the object is read-only");
        goto done;
    }
    if (!reserve_entries(This, lpPropTagArray->cValues))
    {
        LeaveCriticalSection(&This->cs);
        hr = set_error(This, MAPI_E_NOT_ENOUGH_MEMORY, CTX_ADDOBJPROPS, "HrAddObjProps: out of memory");
        goto done;
    }
    memset(&v, 0, sizeof(v));
    for (i = 0; i < lpPropTagArray->cValues; i++)
    {
        v.ulPropTag = lpPropTagArray->aulPropTag[i];
        if (!(e = find_entry(This, PROP_ID(v.ulPropTag))))
            e = add_entry(This, v.ulPropTag);
        else if (!(e->access & ENTRY_DELETED) && (e->access & IPROP_READONLY))
        {
            if (lppProblems && !problems) problems = new_problems(This, lpPropTagArray->cValues - i);
            add_problem(problems, i, v.ulPropTag, MAPI_E_NO_ACCESS);
            hr = MAPI_W_PARTIAL_COMPLETION;
            continue;
        }
        set_entry(This, e, &v, 0);
    }
    arena_compact(This);
    LeaveCriticalSection(&This->cs);
    if (lppProblems) *lppProblems = problems;
done:
    TRACE("(%p, %p, %p) -> %#lx", iface, lpPropTagArray, lppProblems, hr);
    return hr;
}

static const IPropDataVtbl propdata_vtbl =
{
    propdata_QueryInterface,
    propdata_AddRef,
    propdata_Release,
    propdata_GetLastError,
    propdata_SaveChanges,
    propdata_GetProps,
    propdata_GetPropList,
    propdata_OpenProperty,
    propdata_SetProps,
    propdata_DeleteProps,
    propdata_CopyTo,
    propdata_CopyProps,
    propdata_GetNamesFromIDs,
    propdata_GetIDsFromNames,
    propdata_HrSetObjAccess,
    propdata_HrSetPropAccess,
    propdata_HrGetPropAccess,
    propdata_HrAddObjProps,
};

/* Creates an empty, read/write IPropData whose results come from the
 * allocators given (createiprop.md). lpInterface is IID_IMAPIPropData or
 * NULL. */
SCODE WINAPI CreateIProp(LPCIID lpInterface, ALLOCATEBUFFER *lpAllocateBuffer, ALLOCATEMORE *lpAllocateMore,
                         FREEBUFFER *lpFreeBuffer, LPVOID lpvReserved, LPPROPDATA *lppPropData)
{
    propdata *This;
    SCODE sc = S_OK;

    if (lppPropData) *lppPropData = NULL;
    if (lpInterface && (IsBadReadPtr(lpInterface, sizeof(IID)) || !IsEqualIID(lpInterface, &IID_IMAPIPropData)))
        sc = MAPI_E_INTERFACE_NOT_SUPPORTED;
    else if (!lpAllocateBuffer || !lpAllocateMore || !lpFreeBuffer || lpvReserved || !lppPropData)
        sc = MAPI_E_INVALID_PARAMETER;
    else if (!(This = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*This))))
        sc = MAPI_E_NOT_ENOUGH_MEMORY;
    else
    {
        This->IPropData_iface.lpVtbl = (IPropDataVtbl *)&propdata_vtbl;
        This->refcount = 1;
        This->alloc_buffer = lpAllocateBuffer;
        This->alloc_more = lpAllocateMore;
        This->free_buffer = lpFreeBuffer;
        This->obj_access = IPROP_READWRITE;
        InitializeCriticalSection(&This->cs);
        *lppPropData = &This->IPropData_iface;
    }
    TRACE("(%p, %p, %p, %p, %p, %p) -> %#lx, %p", lpInterface, lpAllocateBuffer, lpAllocateMore, lpFreeBuffer,
          lpvReserved, lppPropData, sc, lppPropData ? *lppPropData : NULL);
    return sc;
}
