/* The property store behind IPropData (propdata.c), for CreateIProp
 * (createiprop.md).
 *
 * Properties sit in an array in the order they were first set and are found
 * by PROP_ID through an open-addressing hash table. Each value's data
 * (strings, binaries, arrays) is one 8-aligned block in the object's arena,
 * laid out exactly as GetProps hands it back, so GetProps copies the block and
 * shifts its pointers; GetProps(NULL) is one allocation whose size is kept up
 * to date. A deleted property keeps its slot, marked deleted, so that
 * HrGetPropAccess can report the deletion and the hash table never deletes. */
#include "propdata_private.h"

#define MAX_ENTRIES   0x10000u      /* one per PROP_ID at most */

#define ALIGN8(n) (((n) + 7) & ~(ULONGLONG)7)

#define CHUNK_DATA(c) ((BYTE *)((c) + 1))
#define CHUNK_MIN   1024
#define CHUNK_MAX   (1024 * 1024)
#define COMPACT_MIN (64 * 1024)

/* ---- The table of entries and its hash ---- */

static inline ULONG hash_start(const propdata *This, ULONG id)
{
    return (id * 0x9e3779b1u) >> This->hash_shift;   /* Fibonacci hashing: the top bits */
}

/* The entry for a PROP_ID, deleted or not; NULL if it never existed. */
prop_entry *propdata_find_entry(const propdata *This, ULONG id)
{
    ULONG key = id | KEY_USED, mask, i;

    if (!This->n_slots) return NULL;
    mask = This->n_slots - 1;
    for (i = hash_start(This, id); This->slots[i].key; i = (i + 1) & mask)
        if (This->slots[i].key == key) return &This->entries[This->slots[i].index];
    return NULL;
}

static void hash_put(propdata *This, ULONG id, ULONG index)
{
    ULONG mask = This->n_slots - 1, i;

    for (i = hash_start(This, id); This->slots[i].key; i = (i + 1) & mask) ;
    This->slots[i].key = id | KEY_USED;
    This->slots[i].index = index;
}

/* Makes room for 'more' new entries, so that adding them cannot fail. */
BOOL propdata_reserve_entries(propdata *This, ULONG more)
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
prop_entry *propdata_add_entry(propdata *This, ULONG tag)
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
BOOL propdata_arena_reserve(propdata *This, ULONGLONG cb)
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

void propdata_arena_free_all(arena_chunk *c)
{
    arena_chunk *next;

    for (; c; c = next)
    {
        next = c->next;
        heap_free(c);
    }
}

/* ---- Value blocks ---- */

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

/* Sorts a value given to SetProps, and sizes its data block. PR_NULL and
 * PT_ERROR are skipped; PT_OBJECT, PT_NULL, empty multi-valued arrays and
 * missing data fail the call (imapiprop-setprops.md); an unknown type is a
 * problem of that property alone. */
enum value_class propdata_classify_value(const SPropValue *v, ULONGLONG *cb)
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
    if ((type & MV_FLAG) && (elem = freemapi_mv_fixed_size(type)))
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
        memcpy(p, src->Value.MVi.lpi, (SIZE_T)src->Value.MVi.cValues * freemapi_mv_fixed_size(type));
        dst->Value.MVi.lpi = (short *)p;
    }
}

/* ---- String width ---- */

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
BYTE *propdata_fill_value(SPropValue *out, const prop_entry *e, ULONG type, BYTE *data)
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
HRESULT propdata_get_all_props(propdata *This, BOOL unicode, void *(*alloc)(propdata *, ULONGLONG),
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
        data = propdata_fill_value(out++, e, convert ? natural_type(PROP_TYPE(e->value.ulPropTag), unicode)
                                                     : PROP_TYPE(e->value.ulPropTag), data);
    }
    return S_OK;
}

/* The requested properties in one block, in the order asked. */
HRESULT propdata_get_tag_props(propdata *This, const SPropTagArray *tags, BOOL unicode,
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
            data = propdata_fill_value(&out[i], e, type, data);
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

/* ---- Changing values ---- */

/* Drops an entry's value, leaving the slot marked deleted. */
void propdata_delete_entry(propdata *This, prop_entry *e)
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
void propdata_set_entry(propdata *This, prop_entry *e, const SPropValue *v, ULONG cb)
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
void propdata_arena_compact(propdata *This)
{
    arena_chunk *fresh;
    prop_entry *e, *end = This->entries + This->n_entries;
    BYTE *p;

    if (This->dead_bytes < COMPACT_MIN || This->dead_bytes < This->live_bytes) return;
    if (!This->live_bytes)
    {
        propdata_arena_free_all(This->chunks);
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
    propdata_arena_free_all(This->chunks);
    This->chunks = fresh;
    This->dead_bytes = 0;
}
