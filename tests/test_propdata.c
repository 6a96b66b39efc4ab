/* CreateIProp and the IPropData object (propdata.c). */
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include <mapix.h>
#include <mapiutil.h>
#include <mapival.h>
#include <mapitags.h>
#define INITGUID
#include <mapiguid.h>

#include "harness.h"

/* ---- A counting allocator, to see what the object allocates with ---- */

static LONG n_buffer, n_more, n_free;
static void *last_block;
static ULONG last_size;

static SCODE WINAPI count_alloc(ULONG cb, LPVOID *out)
{
    SCODE sc = MAPIAllocateBuffer(cb, out);
    InterlockedIncrement(&n_buffer);
    last_block = *out;
    last_size = cb;
    return sc;
}

static SCODE WINAPI count_more(ULONG cb, LPVOID parent, LPVOID *out)
{
    InterlockedIncrement(&n_more);
    return MAPIAllocateMore(cb, parent, out);
}

static ULONG WINAPI count_free(LPVOID p)
{
    InterlockedIncrement(&n_free);
    return MAPIFreeBuffer(p);
}

static void reset_counts(void)
{
    n_buffer = n_more = n_free = 0;
    last_block = NULL;
    last_size = 0;
}

static IPropData *create(void)
{
    IPropData *pd = NULL;
    ck_assert_int_eq(CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                                 NULL, &pd), S_OK);
    ck_assert_ptr_nonnull(pd);
    return pd;
}

static IPropData *create_counted(void)
{
    IPropData *pd = NULL;
    ck_assert_int_eq(CreateIProp(NULL, count_alloc, count_more, count_free, NULL, &pd), S_OK);
    ck_assert_ptr_nonnull(pd);
    return pd;
}

static SPropValue sv(ULONG tag)
{
    SPropValue v;
    memset(&v, 0, sizeof(v));
    v.ulPropTag = tag;
    return v;
}

static SPropValue sv_long(ULONG id, LONG l)
{
    SPropValue v = sv(PROP_TAG(PT_LONG, id));
    v.Value.l = l;
    return v;
}

static SPropValue sv_str(ULONG id, const char *s)
{
    SPropValue v = sv(PROP_TAG(PT_STRING8, id));
    v.Value.lpszA = (char *)s;
    return v;
}

static SPropValue sv_wstr(ULONG id, const WCHAR *s)
{
    SPropValue v = sv(PROP_TAG(PT_UNICODE, id));
    v.Value.lpszW = (WCHAR *)s;
    return v;
}

#define TAGS(name, n) SizedSPropTagArray(n, name); name.cValues = n

/* Every settable type, multi-valued ones included. */
static const GUID guid1 = {0x12345678, 0x1234, 0x5678, {1, 2, 3, 4, 5, 6, 7, 8}};
static char *mv_strs[] = {"alpha", "", "gamma"};
static WCHAR *mv_wstrs[] = {L"one", L"two"};
static BYTE bin1[] = {1, 2, 3, 4, 5}, bin2[] = {9};
static SBinary mv_bins[] = {{5, bin1}, {0, NULL}, {1, bin2}};
static LONG mv_longs[] = {1, -2, 3};
static double mv_dbls[] = {1.5, -2.5};
static GUID mv_guids[2];
static LARGE_INTEGER mv_lis[2];
static FILETIME mv_fts[2] = {{1, 2}, {3, 4}};
static short mv_shorts[] = {7, 8, 9};
static float mv_flts[] = {0.5f};
static CURRENCY mv_curs[] = {{.int64 = 5}};

static ULONG make_all(SPropValue *p)
{
    ULONG n = 0;
    mv_guids[0] = guid1; mv_guids[1] = guid1; mv_guids[1].Data1++;
    mv_lis[0].QuadPart = -5; mv_lis[1].QuadPart = 1ll << 40;
    p[n] = sv(PROP_TAG(PT_I2, 0x6001)); p[n++].Value.i = -3;
    p[n] = sv(PROP_TAG(PT_LONG, 0x6002)); p[n++].Value.l = 123456;
    p[n] = sv(PROP_TAG(PT_R4, 0x6003)); p[n++].Value.flt = 1.25f;
    p[n] = sv(PROP_TAG(PT_DOUBLE, 0x6004)); p[n++].Value.dbl = 3.5;
    p[n] = sv(PROP_TAG(PT_CURRENCY, 0x6005)); p[n++].Value.cur.int64 = 10000;
    p[n] = sv(PROP_TAG(PT_APPTIME, 0x6006)); p[n++].Value.at = 40000.5;
    p[n] = sv(PROP_TAG(PT_BOOLEAN, 0x6008)); p[n++].Value.b = 1;
    p[n] = sv(PROP_TAG(PT_I8, 0x6009)); p[n++].Value.li.QuadPart = -1234567890123ll;
    p[n] = sv(PROP_TAG(PT_STRING8, 0x600a)); p[n++].Value.lpszA = "hello world";
    p[n] = sv(PROP_TAG(PT_UNICODE, 0x600b)); p[n++].Value.lpszW = L"wide string";
    p[n] = sv(PROP_TAG(PT_SYSTIME, 0x600c)); p[n].Value.ft.dwLowDateTime = 5; p[n++].Value.ft.dwHighDateTime = 6;
    p[n] = sv(PROP_TAG(PT_CLSID, 0x600d)); p[n++].Value.lpguid = (GUID *)&guid1;
    p[n] = sv(PROP_TAG(PT_BINARY, 0x600e)); p[n].Value.bin.cb = 5; p[n++].Value.bin.lpb = bin1;
    p[n] = sv(PROP_TAG(PT_BINARY, 0x600f)); n++;   /* empty binary */
    p[n] = sv(PROP_TAG(PT_MV_STRING8, 0x6010)); p[n].Value.MVszA.cValues = 3; p[n++].Value.MVszA.lppszA = mv_strs;
    p[n] = sv(PROP_TAG(PT_MV_UNICODE, 0x6011)); p[n].Value.MVszW.cValues = 2; p[n++].Value.MVszW.lppszW = mv_wstrs;
    p[n] = sv(PROP_TAG(PT_MV_BINARY, 0x6012)); p[n].Value.MVbin.cValues = 3; p[n++].Value.MVbin.lpbin = mv_bins;
    p[n] = sv(PROP_TAG(PT_MV_LONG, 0x6013)); p[n].Value.MVl.cValues = 3; p[n++].Value.MVl.lpl = mv_longs;
    p[n] = sv(PROP_TAG(PT_MV_DOUBLE, 0x6014)); p[n].Value.MVdbl.cValues = 2; p[n++].Value.MVdbl.lpdbl = mv_dbls;
    p[n] = sv(PROP_TAG(PT_MV_CLSID, 0x6015)); p[n].Value.MVguid.cValues = 2; p[n++].Value.MVguid.lpguid = mv_guids;
    p[n] = sv(PROP_TAG(PT_MV_I8, 0x6016)); p[n].Value.MVli.cValues = 2; p[n++].Value.MVli.lpli = mv_lis;
    p[n] = sv(PROP_TAG(PT_MV_SYSTIME, 0x6017)); p[n].Value.MVft.cValues = 2; p[n++].Value.MVft.lpft = mv_fts;
    p[n] = sv(PROP_TAG(PT_MV_I2, 0x6018)); p[n].Value.MVi.cValues = 3; p[n++].Value.MVi.lpi = mv_shorts;
    p[n] = sv(PROP_TAG(PT_MV_R4, 0x6019)); p[n].Value.MVflt.cValues = 1; p[n++].Value.MVflt.lpflt = mv_flts;
    p[n] = sv(PROP_TAG(PT_MV_CURRENCY, 0x601a)); p[n].Value.MVcur.cValues = 1; p[n++].Value.MVcur.lpcur = mv_curs;
    return n;
}

/* Is every pointer of v inside [base, base + size)? */
static BOOL inside(const void *p, const void *base, ULONG size)
{
    return !p || ((const BYTE *)p >= (const BYTE *)base && (const BYTE *)p < (const BYTE *)base + size);
}

static BOOL value_inside(const SPropValue *v, const void *base, ULONG size)
{
    ULONG i;
    switch (PROP_TYPE(v->ulPropTag))
    {
    case PT_STRING8: case PT_UNICODE: return inside(v->Value.lpszA, base, size);
    case PT_BINARY: return inside(v->Value.bin.lpb, base, size);
    case PT_CLSID: return inside(v->Value.lpguid, base, size);
    case PT_MV_STRING8: case PT_MV_UNICODE:
        if (!inside(v->Value.MVszA.lppszA, base, size)) return FALSE;
        for (i = 0; i < v->Value.MVszA.cValues; i++)
            if (!inside(v->Value.MVszA.lppszA[i], base, size)) return FALSE;
        return TRUE;
    case PT_MV_BINARY:
        if (!inside(v->Value.MVbin.lpbin, base, size)) return FALSE;
        for (i = 0; i < v->Value.MVbin.cValues; i++)
            if (!inside(v->Value.MVbin.lpbin[i].lpb, base, size)) return FALSE;
        return TRUE;
    }
    if (v->ulPropTag & MV_FLAG) return inside(v->Value.MVi.lpi, base, size);
    return TRUE;
}

static ULONG count_props(IPropData *pd)
{
    LPSPropTagArray tags = NULL;
    ULONG n;
    ck_assert_int_eq(IPropData_GetPropList(pd, 0, &tags), S_OK);
    n = tags->cValues;
    MAPIFreeBuffer(tags);
    return n;
}

static LONG get_long(IPropData *pd, ULONG id)
{
    TAGS(t, 1);
    LPSPropValue v = NULL;
    ULONG n = 0;
    LONG l;
    t.aulPropTag[0] = PROP_TAG(PT_LONG, id);
    ck_assert_int_eq(IPropData_GetProps(pd, (LPSPropTagArray)&t, 0, &n, &v), S_OK);
    ck_assert_uint_eq(v[0].ulPropTag, PROP_TAG(PT_LONG, id));
    l = v[0].Value.l;
    MAPIFreeBuffer(v);
    return l;
}

static BOOL has_prop(IPropData *pd, ULONG id)
{
    TAGS(t, 1);
    LPSPropValue v = NULL;
    ULONG n = 0;
    BOOL ret;
    t.aulPropTag[0] = PROP_TAG(PT_UNSPECIFIED, id);
    IPropData_GetProps(pd, (LPSPropTagArray)&t, 0, &n, &v);
    ret = PROP_TYPE(v[0].ulPropTag) != PT_ERROR;
    MAPIFreeBuffer(v);
    return ret;
}

/* ---- Creation and IUnknown ---- */

START_TEST(create_and_query)
{
    IPropData *pd = (IPropData *)1, *pd2;
    IUnknown *unk;
    IMAPIProp *prop;
    void *out;

    ck_assert_int_eq(CreateIProp(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, &pd), S_OK);
    ck_assert_ptr_nonnull(pd);
    ck_assert_int_eq(CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                                 NULL, &pd2), S_OK);
    IPropData_Release(pd2);

    /* Only IID_IMAPIPropData (or NULL) is documented. */
    pd2 = (IPropData *)1;
    ck_assert_int_eq(CreateIProp(&IID_IMAPIProp, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, &pd2),
                     MAPI_E_INTERFACE_NOT_SUPPORTED);
    ck_assert_ptr_null(pd2);
    ck_assert_int_eq(CreateIProp(&IID_IMAPITable, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, &pd2),
                     MAPI_E_INTERFACE_NOT_SUPPORTED);
    ck_assert_int_eq(CreateIProp(NULL, NULL, MAPIAllocateMore, MAPIFreeBuffer, NULL, &pd2), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(CreateIProp(NULL, MAPIAllocateBuffer, NULL, MAPIFreeBuffer, NULL, &pd2), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(CreateIProp(NULL, MAPIAllocateBuffer, MAPIAllocateMore, NULL, NULL, &pd2), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(CreateIProp(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, (void *)1, &pd2),
                     MAPI_E_INVALID_PARAMETER);
    ck_assert_ptr_null(pd2);
    ck_assert_int_eq(CreateIProp(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, NULL),
                     MAPI_E_INVALID_PARAMETER);

    /* COM identity: one object under IUnknown, IMAPIProp and IPropData. */
    ck_assert_int_eq(IPropData_QueryInterface(pd, &IID_IUnknown, (void **)&unk), S_OK);
    ck_assert_ptr_eq(unk, pd);
    ck_assert_int_eq(IPropData_QueryInterface(pd, &IID_IMAPIProp, (void **)&prop), S_OK);
    ck_assert_ptr_eq(prop, pd);
    ck_assert_int_eq(IPropData_QueryInterface(pd, &IID_IMAPIPropData, (void **)&pd2), S_OK);
    ck_assert_ptr_eq(pd2, pd);
    out = (void *)1;
    ck_assert_int_eq(IPropData_QueryInterface(pd, &IID_IMAPITable, &out), E_NOINTERFACE);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(IPropData_QueryInterface(pd, &IID_IUnknown, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IPropData_QueryInterface(pd, NULL, &out), MAPI_E_INVALID_PARAMETER);
    ck_assert_uint_eq(IPropData_AddRef(pd), 5);
    ck_assert_uint_eq(IPropData_Release(pd), 4);
    IUnknown_Release(unk);
    IMAPIProp_Release(prop);
    IPropData_Release(pd2);
    ck_assert_uint_eq(IPropData_Release(pd), 0);
}
END_TEST

START_TEST(empty_object)
{
    IPropData *pd = create();
    LPSPropTagArray tags = NULL;
    LPSPropValue vals = (LPSPropValue)1;
    LPMAPIERROR err = (LPMAPIERROR)1;
    ULONG n = 99;
    TAGS(t, 1);

    ck_assert_int_eq(IPropData_GetPropList(pd, 0, &tags), S_OK);
    ck_assert_uint_eq(tags->cValues, 0);
    MAPIFreeBuffer(tags);
    /* GetProps(NULL) on no properties: S_OK, 0 and NULL (imapiprop-getprops.md). */
    ck_assert_int_eq(IPropData_GetProps(pd, NULL, 0, &n, &vals), S_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(vals);
    /* A missing property: PT_ERROR with its ID, MAPI_E_NOT_FOUND. */
    t.aulPropTag[0] = PR_IMPORTANCE;
    ck_assert_int_eq(IPropData_GetProps(pd, (LPSPropTagArray)&t, 0, &n, &vals), MAPI_W_ERRORS_RETURNED);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(vals[0].ulPropTag, CHANGE_PROP_TYPE(PR_IMPORTANCE, PT_ERROR));
    ck_assert_int_eq(vals[0].Value.err, MAPI_E_NOT_FOUND);
    MAPIFreeBuffer(vals);
    /* No failure yet: GetLastError has nothing. */
    ck_assert_int_eq(IPropData_GetLastError(pd, E_INVALIDARG, 0, &err), S_OK);
    ck_assert_ptr_null(err);
    IPropData_Release(pd);
}
END_TEST

/* ---- Values ---- */

START_TEST(every_type_round_trip)
{
    IPropData *pd = create_counted();
    SPropValue in[32];
    LPSPropValue out = NULL;
    LPSPropProblemArray probs = (LPSPropProblemArray)1;
    LPSPropTagArray list = NULL;
    SPropTagArray *req;
    ULONG n = make_all(in), count = 0, i;
    void *block;
    ULONG size;

    ck_assert_int_eq(IPropData_SetProps(pd, n, in, &probs), S_OK);
    ck_assert_ptr_null(probs);

    /* GetProps(NULL): the order set, equal values, one block from the
     * object's allocator (no AllocateMore), every pointer inside it. */
    reset_counts();
    ck_assert_int_eq(IPropData_GetProps(pd, NULL, MAPI_UNICODE, &count, &out), S_OK);
    ck_assert_int_eq(n_buffer, 1);
    ck_assert_int_eq(n_more, 0);
    block = last_block;
    size = last_size;
    ck_assert_ptr_eq(out, block);
    ck_assert_uint_eq(count, n);
    for (i = 0; i < n; i++)
    {
        SPropValue expect = in[i];
        if (PROP_TYPE(expect.ulPropTag) == PT_STRING8 || PROP_TYPE(expect.ulPropTag) == PT_MV_STRING8)
        {
            /* MAPI_UNICODE on a NULL array: 8-bit strings come back as Unicode. */
            ck_assert_uint_eq(out[i].ulPropTag, CHANGE_PROP_TYPE(expect.ulPropTag, PROP_TYPE(expect.ulPropTag) ^ (PT_STRING8 ^ PT_UNICODE)));
            continue;
        }
        ck_assert_uint_eq(out[i].ulPropTag, expect.ulPropTag);
        ck_assert_msg(!LPropCompareProp(&out[i], &expect), "value %lu (%#lx) differs", i, expect.ulPropTag);
        ck_assert_msg(value_inside(&out[i], block, size), "value %lu points outside the block", i);
        ck_assert(!FBadProp(&out[i]));
    }
    /* One free releases it all. */
    ck_assert_uint_eq(count_free(out), S_OK);

    /* Explicit tags, in a different order, each of its own type. */
    req = HeapAlloc(GetProcessHeap(), 0, CbNewSPropTagArray(n));
    req->cValues = n;
    for (i = 0; i < n; i++) req->aulPropTag[i] = in[n - 1 - i].ulPropTag;
    reset_counts();
    ck_assert_int_eq(IPropData_GetProps(pd, req, 0, &count, &out), S_OK);
    ck_assert_int_eq(n_buffer, 1);
    ck_assert_int_eq(n_more, 0);
    for (i = 0; i < n; i++)
    {
        ck_assert_uint_eq(out[i].ulPropTag, in[n - 1 - i].ulPropTag);
        ck_assert(!LPropCompareProp(&out[i], &in[n - 1 - i]));
        ck_assert(value_inside(&out[i], last_block, last_size));
    }
    count_free(out);
    HeapFree(GetProcessHeap(), 0, req);

    /* Copies, not the caller's memory. */
    ck_assert_int_eq(HrGetOneProp((LPMAPIPROP)pd, PROP_TAG(PT_STRING8, 0x600a), &out), S_OK);
    ck_assert_ptr_ne(out->Value.lpszA, in[8].Value.lpszA);
    ck_assert_str_eq(out->Value.lpszA, "hello world");
    MAPIFreeBuffer(out);

    /* GetPropList: the tags in the order set, from the object's allocator. */
    reset_counts();
    ck_assert_int_eq(IPropData_GetPropList(pd, MAPI_UNICODE, &list), S_OK);
    ck_assert_int_eq(n_buffer, 1);
    ck_assert_uint_eq(list->cValues, n);
    ck_assert_uint_eq(list->aulPropTag[0], in[0].ulPropTag);
    ck_assert_uint_eq(list->aulPropTag[8], PROP_TAG(PT_UNICODE, 0x600a));
    count_free(list);
    IPropData_Release(pd);
}
END_TEST

START_TEST(string_conversion)
{
    IPropData *pd = create();
    SPropValue in[4];
    LPSPropValue out = NULL;
    LPSPropTagArray list = NULL;
    ULONG count, i;
    TAGS(t, 6);

    in[0] = sv_str(0x6001, "eight bit");
    in[1] = sv_wstr(0x6002, L"wide");
    in[2] = sv(PROP_TAG(PT_MV_STRING8, 0x6003));
    in[2].Value.MVszA.cValues = 3;
    in[2].Value.MVszA.lppszA = mv_strs;
    in[3] = sv(PROP_TAG(PT_MV_UNICODE, 0x6004));
    in[3].Value.MVszW.cValues = 2;
    in[3].Value.MVszW.lppszW = mv_wstrs;
    ck_assert_int_eq(IPropData_SetProps(pd, 4, in, NULL), S_OK);

    /* Asking for the other width converts. */
    t.aulPropTag[0] = PROP_TAG(PT_UNICODE, 0x6001);
    t.aulPropTag[1] = PROP_TAG(PT_STRING8, 0x6002);
    t.aulPropTag[2] = PROP_TAG(PT_MV_UNICODE, 0x6003);
    t.aulPropTag[3] = PROP_TAG(PT_MV_STRING8, 0x6004);
    t.aulPropTag[4] = PROP_TAG(PT_STRING8, 0x6001);
    t.aulPropTag[5] = PROP_TAG(PT_UNICODE, 0x6002);
    ck_assert_int_eq(IPropData_GetProps(pd, (LPSPropTagArray)&t, 0, &count, &out), S_OK);
    for (i = 0; i < 6; i++) ck_assert_uint_eq(out[i].ulPropTag, t.aulPropTag[i]);
    ck_assert(!wcscmp(out[0].Value.lpszW, L"eight bit"));
    ck_assert_str_eq(out[1].Value.lpszA, "wide");
    ck_assert_uint_eq(out[2].Value.MVszW.cValues, 3);
    ck_assert(!wcscmp(out[2].Value.MVszW.lppszW[0], L"alpha"));
    ck_assert(!wcscmp(out[2].Value.MVszW.lppszW[1], L""));
    ck_assert(!wcscmp(out[2].Value.MVszW.lppszW[2], L"gamma"));
    ck_assert_uint_eq(out[3].Value.MVszA.cValues, 2);
    ck_assert_str_eq(out[3].Value.MVszA.lppszA[1], "two");
    ck_assert_str_eq(out[4].Value.lpszA, "eight bit");
    ck_assert(!wcscmp(out[5].Value.lpszW, L"wide"));
    MAPIFreeBuffer(out);

    /* PT_UNSPECIFIED: strings in the width MAPI_UNICODE says. */
    t.cValues = 2;
    t.aulPropTag[0] = PROP_TAG(PT_UNSPECIFIED, 0x6001);
    t.aulPropTag[1] = PROP_TAG(PT_UNSPECIFIED, 0x6002);
    ck_assert_int_eq(IPropData_GetProps(pd, (LPSPropTagArray)&t, 0, &count, &out), S_OK);
    ck_assert_uint_eq(out[0].ulPropTag, PROP_TAG(PT_STRING8, 0x6001));
    ck_assert_uint_eq(out[1].ulPropTag, PROP_TAG(PT_STRING8, 0x6002));
    ck_assert_str_eq(out[1].Value.lpszA, "wide");
    MAPIFreeBuffer(out);
    ck_assert_int_eq(IPropData_GetProps(pd, (LPSPropTagArray)&t, MAPI_UNICODE, &count, &out), S_OK);
    ck_assert_uint_eq(out[0].ulPropTag, PROP_TAG(PT_UNICODE, 0x6001));
    ck_assert(!wcscmp(out[0].Value.lpszW, L"eight bit"));
    ck_assert_uint_eq(out[1].ulPropTag, PROP_TAG(PT_UNICODE, 0x6002));
    MAPIFreeBuffer(out);

    /* NULL array: the same rule, and GetPropList agrees. */
    ck_assert_int_eq(IPropData_GetProps(pd, NULL, MAPI_UNICODE, &count, &out), S_OK);
    ck_assert_uint_eq(count, 4);
    ck_assert_uint_eq(out[0].ulPropTag, PROP_TAG(PT_UNICODE, 0x6001));
    ck_assert_uint_eq(out[1].ulPropTag, PROP_TAG(PT_UNICODE, 0x6002));
    ck_assert_uint_eq(out[2].ulPropTag, PROP_TAG(PT_MV_UNICODE, 0x6003));
    ck_assert_uint_eq(out[3].ulPropTag, PROP_TAG(PT_MV_UNICODE, 0x6004));
    ck_assert(!wcscmp(out[2].Value.MVszW.lppszW[2], L"gamma"));
    MAPIFreeBuffer(out);
    ck_assert_int_eq(IPropData_GetProps(pd, NULL, 0, &count, &out), S_OK);
    ck_assert_uint_eq(out[1].ulPropTag, PROP_TAG(PT_STRING8, 0x6002));
    ck_assert_str_eq(out[1].Value.lpszA, "wide");
    ck_assert_uint_eq(out[3].ulPropTag, PROP_TAG(PT_MV_STRING8, 0x6004));
    ck_assert_str_eq(out[3].Value.MVszA.lppszA[0], "one");
    MAPIFreeBuffer(out);
    ck_assert_int_eq(IPropData_GetPropList(pd, 0, &list), S_OK);
    ck_assert_uint_eq(list->aulPropTag[1], PROP_TAG(PT_STRING8, 0x6002));
    MAPIFreeBuffer(list);
    ck_assert_int_eq(IPropData_GetPropList(pd, MAPI_UNICODE, &list), S_OK);
    ck_assert_uint_eq(list->aulPropTag[0], PROP_TAG(PT_UNICODE, 0x6001));
    MAPIFreeBuffer(list);

    /* Other mismatched types are not found; unknown types are refused. */
    t.cValues = 3;
    t.aulPropTag[0] = PROP_TAG(PT_LONG, 0x6001);
    t.aulPropTag[1] = PROP_TAG(0x77, 0x6002);
    t.aulPropTag[2] = PROP_TAG(PT_STRING8, 0x6001);
    ck_assert_int_eq(IPropData_GetProps(pd, (LPSPropTagArray)&t, 0, &count, &out), MAPI_W_ERRORS_RETURNED);
    ck_assert_uint_eq(out[0].ulPropTag, PROP_TAG(PT_ERROR, 0x6001));
    ck_assert_int_eq(out[0].Value.err, MAPI_E_NOT_FOUND);
    ck_assert_uint_eq(out[1].ulPropTag, PROP_TAG(PT_ERROR, 0x6002));
    ck_assert_int_eq(out[1].Value.err, MAPI_E_INVALID_TYPE);
    ck_assert_str_eq(out[2].Value.lpszA, "eight bit");
    MAPIFreeBuffer(out);
    IPropData_Release(pd);
}
END_TEST

START_TEST(getprops_bad_input)
{
    IPropData *pd = create();
    LPSPropValue out = (LPSPropValue)1;
    ULONG count = 7;
    TAGS(t, 1);
    SPropValue v = sv_long(0x6001, 1);

    ck_assert_int_eq(IPropData_SetProps(pd, 1, &v, NULL), S_OK);
    t.aulPropTag[0] = PROP_TAG(PT_LONG, 0x6001);
    ck_assert_int_eq(IPropData_GetProps(pd, (LPSPropTagArray)&t, 0, NULL, &out), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IPropData_GetProps(pd, (LPSPropTagArray)&t, 0, &count, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IPropData_GetProps(pd, (LPSPropTagArray)&t, 0x1, &count, &out), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_ptr_null(out);
    ck_assert_uint_eq(count, 0);
    t.cValues = 0;
    ck_assert_int_eq(IPropData_GetProps(pd, (LPSPropTagArray)&t, 0, &count, &out), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IPropData_GetProps(pd, (LPSPropTagArray)8, 0, &count, &out), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IPropData_GetPropList(pd, 0, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IPropData_GetPropList(pd, 1, (LPSPropTagArray *)&out), MAPI_E_UNKNOWN_FLAGS);
    IPropData_Release(pd);
}
END_TEST

START_TEST(setprops_problems_and_bad_input)
{
    IPropData *pd = create();
    LPSPropProblemArray probs = NULL;
    SPropValue v[6];
    SPropValue one;
    LPSPropValue out;

    /* Unknown types and PT_UNSPECIFIED are problems of their own; PR_NULL
     * and PT_ERROR are ignored; the rest is set. */
    v[0] = sv_long(0x6001, 10);
    v[1] = sv(PROP_TAG(0x77, 0x6002));
    v[2] = sv(PR_NULL);
    v[3] = sv(PROP_TAG(PT_ERROR, 0x6003));
    v[3].Value.err = MAPI_E_NOT_FOUND;
    v[4] = sv(PROP_TAG(PT_UNSPECIFIED, 0x6004));
    v[5] = sv_str(0x6005, "kept");
    ck_assert_int_eq(IPropData_SetProps(pd, 6, v, &probs), S_OK);
    ck_assert_ptr_nonnull(probs);
    ck_assert_uint_eq(probs->cProblem, 2);
    ck_assert_uint_eq(probs->aProblem[0].ulIndex, 1);
    ck_assert_uint_eq(probs->aProblem[0].ulPropTag, PROP_TAG(0x77, 0x6002));
    ck_assert_int_eq(probs->aProblem[0].scode, MAPI_E_INVALID_TYPE);
    ck_assert_uint_eq(probs->aProblem[1].ulIndex, 4);
    ck_assert_int_eq(probs->aProblem[1].scode, MAPI_E_INVALID_TYPE);
    MAPIFreeBuffer(probs);
    ck_assert_uint_eq(count_props(pd), 2);
    ck_assert(!has_prop(pd, 0x6003));
    /* Without a problem array the call still succeeds. */
    ck_assert_int_eq(IPropData_SetProps(pd, 6, v, NULL), S_OK);

    /* Whole-call failures change nothing (imapiprop-setprops.md). */
    probs = (LPSPropProblemArray)1;
    one = sv(PROP_TAG(PT_NULL, 0x0001));
    v[0] = sv_long(0x6010, 1);
    v[1] = one;
    ck_assert_int_eq(IPropData_SetProps(pd, 2, v, &probs), MAPI_E_INVALID_PARAMETER);
    ck_assert_ptr_null(probs);
    ck_assert(!has_prop(pd, 0x6010));
    v[1] = sv(PROP_TAG(PT_OBJECT, 0x6011));
    ck_assert_int_eq(IPropData_SetProps(pd, 2, v, NULL), MAPI_E_INVALID_PARAMETER);
    v[1] = sv(PROP_TAG(PT_MV_LONG, 0x6012));   /* cValues 0 */
    v[1].Value.MVl.lpl = mv_longs;
    ck_assert_int_eq(IPropData_SetProps(pd, 2, v, NULL), MAPI_E_INVALID_PARAMETER);
    v[1] = sv_str(0x6013, NULL);
    ck_assert_int_eq(IPropData_SetProps(pd, 2, v, NULL), MAPI_E_INVALID_PARAMETER);
    v[1] = sv(PROP_TAG(PT_BINARY, 0x6014));
    v[1].Value.bin.cb = 4;
    ck_assert_int_eq(IPropData_SetProps(pd, 2, v, NULL), MAPI_E_INVALID_PARAMETER);
    v[1] = sv(PROP_TAG(PT_MV_STRING8, 0x6015));
    v[1].Value.MVszA.cValues = 2;
    v[1].Value.MVszA.lppszA = NULL;
    ck_assert_int_eq(IPropData_SetProps(pd, 2, v, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert(!has_prop(pd, 0x6010));
    ck_assert_int_eq(IPropData_SetProps(pd, 0, v, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IPropData_SetProps(pd, 1, NULL, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IPropData_SetProps(pd, 3, (LPSPropValue)16, NULL), MAPI_E_INVALID_PARAMETER);

    /* A new type replaces the old value; in one call the last value wins. */
    v[0] = sv_str(0x6001, "now a string");
    ck_assert_int_eq(IPropData_SetProps(pd, 1, v, NULL), S_OK);
    ck_assert_int_eq(HrGetOneProp((LPMAPIPROP)pd, PROP_TAG(PT_STRING8, 0x6001), &out), S_OK);
    ck_assert_str_eq(out->Value.lpszA, "now a string");
    MAPIFreeBuffer(out);
    ck_assert_int_eq(HrGetOneProp((LPMAPIPROP)pd, PROP_TAG(PT_LONG, 0x6001), &out), MAPI_E_NOT_FOUND);
    v[0] = sv_long(0x6020, 1);
    v[1] = sv_long(0x6020, 2);
    v[2] = sv_long(0x6020, 3);
    ck_assert_int_eq(IPropData_SetProps(pd, 3, v, NULL), S_OK);
    ck_assert_int_eq(get_long(pd, 0x6020), 3);
    ck_assert_uint_eq(count_props(pd), 3);
    IPropData_Release(pd);
}
END_TEST

START_TEST(deleteprops)
{
    IPropData *pd = create();
    LPSPropProblemArray probs = (LPSPropProblemArray)1;
    LPSPropTagArray list = NULL;
    SPropValue v[3];
    TAGS(t, 2);

    v[0] = sv_long(0x6001, 1);
    v[1] = sv_str(0x6002, "two");
    v[2] = sv_long(0x6003, 3);
    ck_assert_int_eq(IPropData_SetProps(pd, 3, v, NULL), S_OK);
    /* Only the ID counts; an absent property is no problem. */
    t.aulPropTag[0] = PROP_TAG(PT_LONG, 0x6002);
    t.aulPropTag[1] = PROP_TAG(PT_LONG, 0x7777);
    ck_assert_int_eq(IPropData_DeleteProps(pd, (LPSPropTagArray)&t, &probs), S_OK);
    ck_assert_ptr_null(probs);
    ck_assert(!has_prop(pd, 0x6002));
    ck_assert_int_eq(IPropData_GetPropList(pd, 0, &list), S_OK);
    ck_assert_uint_eq(list->cValues, 2);
    ck_assert_uint_eq(list->aulPropTag[0], PROP_TAG(PT_LONG, 0x6001));
    ck_assert_uint_eq(list->aulPropTag[1], PROP_TAG(PT_LONG, 0x6003));
    MAPIFreeBuffer(list);
    /* Deleting again is harmless; setting again brings it back. */
    ck_assert_int_eq(IPropData_DeleteProps(pd, (LPSPropTagArray)&t, NULL), S_OK);
    v[1] = sv_long(0x6002, 22);
    ck_assert_int_eq(IPropData_SetProps(pd, 1, &v[1], NULL), S_OK);
    ck_assert_int_eq(get_long(pd, 0x6002), 22);
    ck_assert_uint_eq(count_props(pd), 3);

    ck_assert_int_eq(IPropData_DeleteProps(pd, NULL, NULL), MAPI_E_INVALID_PARAMETER);
    t.cValues = 0;
    ck_assert_int_eq(IPropData_DeleteProps(pd, (LPSPropTagArray)&t, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IPropData_DeleteProps(pd, (LPSPropTagArray)4, NULL), MAPI_E_INVALID_PARAMETER);
    IPropData_Release(pd);
}
END_TEST

/* ---- Access ---- */

START_TEST(object_access)
{
    IPropData *pd = create();
    LPSPropProblemArray probs = (LPSPropProblemArray)1;
    LPSPropValue out = NULL;
    SPropValue v = sv_long(0x6001, 1);
    ULONG count;
    TAGS(t, 1);
    TAGS(ot, 1);

    ck_assert_int_eq(IPropData_SetProps(pd, 1, &v, NULL), S_OK);
    ck_assert_int_eq(IPropData_HrSetObjAccess(pd, IPROP_READONLY), S_OK);
    v.Value.l = 2;
    ck_assert_int_eq(IPropData_SetProps(pd, 1, &v, &probs), MAPI_E_NO_ACCESS);
    ck_assert_ptr_null(probs);
    t.aulPropTag[0] = v.ulPropTag;
    ck_assert_int_eq(IPropData_DeleteProps(pd, (LPSPropTagArray)&t, NULL), MAPI_E_NO_ACCESS);
    ot.aulPropTag[0] = PR_MESSAGE_ATTACHMENTS;
    ck_assert_int_eq(IPropData_HrAddObjProps(pd, (LPSPropTagArray)&ot, NULL), MAPI_E_NO_ACCESS);
    /* Reading is still fine. */
    ck_assert_int_eq(get_long(pd, 0x6001), 1);
    ck_assert_int_eq(IPropData_GetProps(pd, NULL, 0, &count, &out), S_OK);
    MAPIFreeBuffer(out);
    ck_assert_uint_eq(count_props(pd), 1);

    ck_assert_int_eq(IPropData_HrSetObjAccess(pd, IPROP_READWRITE), S_OK);
    ck_assert_int_eq(IPropData_SetProps(pd, 1, &v, NULL), S_OK);
    ck_assert_int_eq(get_long(pd, 0x6001), 2);

    ck_assert_int_eq(IPropData_HrSetObjAccess(pd, 0), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IPropData_HrSetObjAccess(pd, IPROP_READONLY | IPROP_READWRITE), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IPropData_HrSetObjAccess(pd, IPROP_READWRITE | IPROP_CLEAN), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IPropData_HrSetObjAccess(pd, 0x100), MAPI_E_UNKNOWN_FLAGS);
    IPropData_Release(pd);
}
END_TEST

START_TEST(property_access)
{
    IPropData *pd = create_counted();
    LPSPropProblemArray probs = NULL;
    LPSPropTagArray tags = NULL, in;
    ULONG *access = NULL, acc[2];
    SPropValue v[3];
    TAGS(t, 2);

    v[0] = sv_long(0x6001, 1);
    v[1] = sv_long(0x6002, 2);
    v[2] = sv_long(0x6003, 3);
    ck_assert_int_eq(IPropData_SetProps(pd, 3, v, NULL), S_OK);

    /* New properties are read/write and dirty. */
    ck_assert_int_eq(IPropData_HrGetPropAccess(pd, &tags, &access), S_OK);
    ck_assert_uint_eq(tags->cValues, 3);
    ck_assert_uint_eq(tags->aulPropTag[1], PROP_TAG(PT_LONG, 0x6002));
    ck_assert_uint_eq(access[1], IPROP_READWRITE | IPROP_DIRTY);
    MAPIFreeBuffer(tags);
    MAPIFreeBuffer(access);

    /* Bad combinations (ipropdata-hrsetpropaccess.md). */
    t.cValues = 1;
    t.aulPropTag[0] = PROP_TAG(PT_LONG, 0x6001);
    acc[0] = 0;
    ck_assert_int_eq(IPropData_HrSetPropAccess(pd, (LPSPropTagArray)&t, acc), MAPI_E_INVALID_PARAMETER);
    acc[0] = IPROP_READWRITE;
    ck_assert_int_eq(IPropData_HrSetPropAccess(pd, (LPSPropTagArray)&t, acc), MAPI_E_INVALID_PARAMETER);
    acc[0] = IPROP_CLEAN;
    ck_assert_int_eq(IPropData_HrSetPropAccess(pd, (LPSPropTagArray)&t, acc), MAPI_E_INVALID_PARAMETER);
    acc[0] = IPROP_READONLY | IPROP_READWRITE | IPROP_CLEAN;
    ck_assert_int_eq(IPropData_HrSetPropAccess(pd, (LPSPropTagArray)&t, acc), MAPI_E_INVALID_PARAMETER);
    acc[0] = IPROP_READWRITE | IPROP_CLEAN | IPROP_DIRTY;
    ck_assert_int_eq(IPropData_HrSetPropAccess(pd, (LPSPropTagArray)&t, acc), MAPI_E_INVALID_PARAMETER);
    acc[0] = IPROP_READWRITE | IPROP_CLEAN | 0x100;
    ck_assert_int_eq(IPropData_HrSetPropAccess(pd, (LPSPropTagArray)&t, acc), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IPropData_HrSetPropAccess(pd, NULL, acc), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IPropData_HrSetPropAccess(pd, (LPSPropTagArray)&t, NULL), MAPI_E_INVALID_PARAMETER);

    /* 0x6001 read-only, 0x6002 clean; absent ones are ignored. Allowed on a
     * read-only object too. */
    ck_assert_int_eq(IPropData_HrSetObjAccess(pd, IPROP_READONLY), S_OK);
    t.cValues = 2;
    t.aulPropTag[0] = PROP_TAG(PT_LONG, 0x6001);
    t.aulPropTag[1] = PROP_TAG(PT_LONG, 0x6002);
    acc[0] = IPROP_READONLY | IPROP_CLEAN;
    acc[1] = IPROP_READWRITE | IPROP_CLEAN;
    ck_assert_int_eq(IPropData_HrSetPropAccess(pd, (LPSPropTagArray)&t, acc), S_OK);
    t.aulPropTag[0] = PROP_TAG(PT_LONG, 0x7000);
    ck_assert_int_eq(IPropData_HrSetPropAccess(pd, (LPSPropTagArray)&t, acc), S_OK);
    ck_assert_int_eq(IPropData_HrSetObjAccess(pd, IPROP_READWRITE), S_OK);

    /* A read-only property: SetProps and DeleteProps report it as a problem
     * and leave it alone. */
    v[0].Value.l = 100;
    v[1].Value.l = 200;
    reset_counts();
    ck_assert_int_eq(IPropData_SetProps(pd, 2, v, &probs), S_OK);
    ck_assert_int_eq(n_buffer, 1);   /* the problem array, from the object's allocator */
    ck_assert_uint_eq(probs->cProblem, 1);
    ck_assert_uint_eq(probs->aProblem[0].ulIndex, 0);
    ck_assert_uint_eq(probs->aProblem[0].ulPropTag, PROP_TAG(PT_LONG, 0x6001));
    ck_assert_int_eq(probs->aProblem[0].scode, MAPI_E_NO_ACCESS);
    count_free(probs);
    ck_assert_int_eq(get_long(pd, 0x6001), 1);
    ck_assert_int_eq(get_long(pd, 0x6002), 200);
    t.aulPropTag[0] = PROP_TAG(PT_LONG, 0x6003);
    t.aulPropTag[1] = PROP_TAG(PT_LONG, 0x6001);
    ck_assert_int_eq(IPropData_DeleteProps(pd, (LPSPropTagArray)&t, &probs), S_OK);
    ck_assert_uint_eq(probs->cProblem, 1);
    ck_assert_uint_eq(probs->aProblem[0].ulIndex, 1);
    ck_assert_int_eq(probs->aProblem[0].scode, E_ACCESSDENIED);
    MAPIFreeBuffer(probs);
    ck_assert(has_prop(pd, 0x6001));
    ck_assert(!has_prop(pd, 0x6003));

    /* All of them, the deleted one included; the changed one is dirty again. */
    tags = NULL;
    ck_assert_int_eq(IPropData_HrGetPropAccess(pd, &tags, &access), S_OK);
    ck_assert_uint_eq(tags->cValues, 3);
    ck_assert_uint_eq(access[0], IPROP_READONLY | IPROP_CLEAN);
    ck_assert_uint_eq(access[1], IPROP_READWRITE | IPROP_DIRTY);
    ck_assert_uint_eq(tags->aulPropTag[2], PROP_TAG(PT_LONG, 0x6003));
    ck_assert_uint_eq(access[2], IPROP_READWRITE | IPROP_DIRTY);
    MAPIFreeBuffer(tags);
    MAPIFreeBuffer(access);

    /* Named ones: a new array; deleted and absent ones read 0. */
    in = HeapAlloc(GetProcessHeap(), 0, CbNewSPropTagArray(3));
    in->cValues = 3;
    in->aulPropTag[0] = PROP_TAG(PT_LONG, 0x6003);
    in->aulPropTag[1] = PROP_TAG(PT_UNSPECIFIED, 0x6001);
    in->aulPropTag[2] = PROP_TAG(PT_LONG, 0x7777);
    tags = in;
    ck_assert_int_eq(IPropData_HrGetPropAccess(pd, &tags, &access), S_OK);
    ck_assert_ptr_ne(tags, in);
    ck_assert_uint_eq(tags->cValues, 3);
    ck_assert_uint_eq(tags->aulPropTag[0], 0);
    ck_assert_uint_eq(access[0], 0);
    ck_assert_uint_eq(tags->aulPropTag[1], PROP_TAG(PT_LONG, 0x6001));
    ck_assert_uint_eq(access[1], IPROP_READONLY | IPROP_CLEAN);
    ck_assert_uint_eq(tags->aulPropTag[2], 0);
    MAPIFreeBuffer(tags);
    MAPIFreeBuffer(access);
    HeapFree(GetProcessHeap(), 0, in);

    ck_assert_int_eq(IPropData_HrGetPropAccess(pd, NULL, &access), MAPI_E_INVALID_PARAMETER);
    tags = NULL;
    ck_assert_int_eq(IPropData_HrGetPropAccess(pd, &tags, NULL), MAPI_E_INVALID_PARAMETER);
    IPropData_Release(pd);
}
END_TEST

START_TEST(object_properties)
{
    IPropData *pd = create();
    LPSPropProblemArray probs = (LPSPropProblemArray)1;
    LPSPropTagArray list = NULL;
    LPSPropValue out = NULL;
    ULONG count, acc = IPROP_READONLY | IPROP_CLEAN;
    TAGS(t, 2);

    t.aulPropTag[0] = PR_MESSAGE_ATTACHMENTS;
    t.aulPropTag[1] = PR_IMPORTANCE;
    ck_assert_int_eq(IPropData_HrAddObjProps(pd, (LPSPropTagArray)&t, &probs), MAPI_E_INVALID_TYPE);
    ck_assert_uint_eq(count_props(pd), 0);
    t.cValues = 1;
    ck_assert_int_eq(IPropData_HrAddObjProps(pd, (LPSPropTagArray)&t, &probs), S_OK);
    ck_assert_ptr_null(probs);
    ck_assert_int_eq(IPropData_GetPropList(pd, 0, &list), S_OK);
    ck_assert_uint_eq(list->cValues, 1);
    ck_assert_uint_eq(list->aulPropTag[0], PR_MESSAGE_ATTACHMENTS);
    MAPIFreeBuffer(list);
    ck_assert_int_eq(IPropData_GetProps(pd, NULL, 0, &count, &out), S_OK);
    ck_assert_uint_eq(out[0].ulPropTag, PR_MESSAGE_ATTACHMENTS);
    MAPIFreeBuffer(out);

    /* A read-only one cannot be replaced: partial completion. */
    ck_assert_int_eq(IPropData_HrSetPropAccess(pd, (LPSPropTagArray)&t, &acc), S_OK);
    t.cValues = 2;
    t.aulPropTag[1] = PROP_TAG(PT_OBJECT, 0x6001);
    ck_assert_int_eq(IPropData_HrAddObjProps(pd, (LPSPropTagArray)&t, &probs), MAPI_W_PARTIAL_COMPLETION);
    ck_assert_uint_eq(probs->cProblem, 1);
    ck_assert_uint_eq(probs->aProblem[0].ulIndex, 0);
    ck_assert_int_eq(probs->aProblem[0].scode, MAPI_E_NO_ACCESS);
    MAPIFreeBuffer(probs);
    ck_assert_uint_eq(count_props(pd), 2);
    ck_assert_int_eq(IPropData_HrAddObjProps(pd, NULL, NULL), MAPI_E_INVALID_PARAMETER);
    IPropData_Release(pd);
}
END_TEST

/* ---- Copying ---- */

START_TEST(copyto_between_objects)
{
    IPropData *src = create(), *dst = create_counted();
    LPSPropProblemArray probs = (LPSPropProblemArray)1;
    LPSPropValue out = NULL;
    SPropValue v[4];
    ULONG count, acc = IPROP_READONLY | IPROP_CLEAN;
    TAGS(ex, 1);
    TAGS(obj, 1);
    TAGS(ro, 1);

    v[0] = sv_long(0x6001, 1);
    v[1] = sv_str(0x6002, "two");
    v[2] = sv_wstr(0x6003, L"three");
    v[3] = sv_long(0x6004, 4);
    ck_assert_int_eq(IPropData_SetProps(src, 4, v, NULL), S_OK);
    obj.aulPropTag[0] = PR_MESSAGE_ATTACHMENTS;
    ck_assert_int_eq(IPropData_HrAddObjProps(src, (LPSPropTagArray)&obj, NULL), S_OK);

    /* Exclusions go by ID, whatever the type. */
    ex.aulPropTag[0] = PROP_TAG(PT_UNICODE, 0x6004);
    ck_assert_int_eq(IPropData_CopyTo(src, 0, NULL, (LPSPropTagArray)&ex, 0, NULL, &IID_IMAPIPropData, dst, 0,
                                      &probs), S_OK);
    ck_assert_ptr_null(probs);
    ck_assert_uint_eq(count_props(dst), 4);
    ck_assert(!has_prop(dst, 0x6004));
    ck_assert_int_eq(get_long(dst, 0x6001), 1);
    ck_assert_int_eq(HrGetOneProp((LPMAPIPROP)dst, PROP_TAG(PT_UNICODE, 0x6003), &out), S_OK);
    ck_assert(!wcscmp(out->Value.lpszW, L"three"));
    MAPIFreeBuffer(out);
    ck_assert(has_prop(dst, PROP_ID(PR_MESSAGE_ATTACHMENTS)));
    ck_assert_uint_eq(count_props(src), 5);

    /* MAPI_NOREPLACE keeps what the destination has. */
    v[0].Value.l = 111;
    ck_assert_int_eq(IPropData_SetProps(src, 1, v, NULL), S_OK);
    ck_assert_int_eq(IPropData_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMAPIProp, dst, MAPI_NOREPLACE, NULL), S_OK);
    ck_assert_int_eq(get_long(dst, 0x6001), 1);
    ck_assert_int_eq(get_long(dst, 0x6004), 4);
    ck_assert_int_eq(IPropData_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMAPIProp, dst, 0, NULL), S_OK);
    ck_assert_int_eq(get_long(dst, 0x6001), 111);

    /* A read-only property of the destination is a problem. */
    ro.aulPropTag[0] = PROP_TAG(PT_LONG, 0x6004);
    ck_assert_int_eq(IPropData_HrSetPropAccess(dst, (LPSPropTagArray)&ro, &acc), S_OK);
    v[3].Value.l = 44;
    ck_assert_int_eq(IPropData_SetProps(src, 1, &v[3], NULL), S_OK);
    ck_assert_int_eq(IPropData_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMAPIPropData, dst, 0, &probs), S_OK);
    ck_assert_ptr_nonnull(probs);
    ck_assert_uint_eq(probs->cProblem, 1);
    ck_assert_uint_eq(probs->aProblem[0].ulPropTag, PROP_TAG(PT_LONG, 0x6004));
    ck_assert_uint_eq(probs->aProblem[0].ulIndex, 3);
    ck_assert_int_eq(probs->aProblem[0].scode, MAPI_E_NO_ACCESS);
    MAPIFreeBuffer(probs);
    ck_assert_int_eq(get_long(dst, 0x6004), 4);

    /* A read-only destination fails the call. */
    ck_assert_int_eq(IPropData_HrSetObjAccess(dst, IPROP_READONLY), S_OK);
    ck_assert_int_eq(IPropData_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMAPIPropData, dst, 0, NULL),
                     MAPI_E_NO_ACCESS);
    ck_assert_int_eq(IPropData_HrSetObjAccess(dst, IPROP_READWRITE), S_OK);

    /* MAPI_MOVE empties the source of what was moved. */
    ck_assert_int_eq(IPropData_CopyTo(src, 0, NULL, (LPSPropTagArray)&ex, 0, NULL, &IID_IMAPIPropData, dst,
                                      MAPI_MOVE, NULL), S_OK);
    ck_assert_uint_eq(count_props(src), 1);
    ck_assert(has_prop(src, 0x6004));
    ck_assert_int_eq(IPropData_GetProps(dst, NULL, 0, &count, &out), S_OK);
    ck_assert_uint_eq(count, 5);
    MAPIFreeBuffer(out);

    IPropData_Release(src);
    IPropData_Release(dst);
}
END_TEST

START_TEST(copyto_bad_input)
{
    IPropData *src = create(), *dst = create();
    LPSPropProblemArray probs = (LPSPropProblemArray)1;
    SPropValue v = sv_long(0x6001, 1);
    IID excl[2];
    TAGS(ex, 1);

    ck_assert_int_eq(IPropData_SetProps(src, 1, &v, NULL), S_OK);
    /* Onto itself: MAPI_E_NO_ACCESS (imapiprop-copyto.md). */
    ck_assert_int_eq(IPropData_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMAPIPropData, src, 0, &probs),
                     MAPI_E_NO_ACCESS);
    ck_assert_ptr_null(probs);
    ex.aulPropTag[0] = PROP_TAG(PT_LONG, 0x6001);
    ck_assert_int_eq(IPropData_CopyProps(src, (LPSPropTagArray)&ex, 0, NULL, &IID_IMAPIProp, src, 0, NULL),
                     MAPI_E_NO_ACCESS);
    ck_assert_int_eq(get_long(src, 0x6001), 1);

    ck_assert_int_eq(IPropData_CopyTo(src, 0, NULL, NULL, 0, NULL, NULL, dst, 0, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IPropData_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMAPIProp, NULL, 0, NULL),
                     MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IPropData_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMAPIProp, dst, 0x100, NULL),
                     MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(IPropData_CopyTo(src, 1, NULL, NULL, 0, NULL, &IID_IMAPIProp, dst, 0, NULL),
                     MAPI_E_INVALID_PARAMETER);
    ex.cValues = 0;
    ck_assert_int_eq(IPropData_CopyTo(src, 0, NULL, (LPSPropTagArray)&ex, 0, NULL, &IID_IMAPIProp, dst, 0, NULL),
                     MAPI_E_INVALID_PARAMETER);
    ex.cValues = 1;
    ex.aulPropTag[0] = PR_NULL;
    ck_assert_int_eq(IPropData_CopyTo(src, 0, NULL, (LPSPropTagArray)&ex, 0, NULL, &IID_IMAPIProp, dst, 0, NULL),
                     MAPI_E_INVALID_PARAMETER);
    /* An interface the destination lacks; every interface excluded. */
    ck_assert_int_eq(IPropData_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMAPITable, dst, 0, NULL),
                     MAPI_E_INTERFACE_NOT_SUPPORTED);
    excl[0] = IID_IMAPIPropData;
    excl[1] = IID_IMAPIProp;
    ck_assert_int_eq(IPropData_CopyTo(src, 2, excl, NULL, 0, NULL, &IID_IMAPIProp, dst, 0, NULL),
                     MAPI_E_INTERFACE_NOT_SUPPORTED);
    ck_assert_uint_eq(count_props(dst), 0);
    /* Excluding IPropData alone still copies the values. */
    ck_assert_int_eq(IPropData_CopyTo(src, 1, excl, NULL, 0, NULL, &IID_IMAPIProp, dst, MAPI_DIALOG, NULL), S_OK);
    ck_assert_int_eq(get_long(dst, 0x6001), 1);

    ck_assert_int_eq(IPropData_CopyProps(src, NULL, 0, NULL, &IID_IMAPIProp, dst, 0, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IPropData_CopyProps(src, (LPSPropTagArray)&ex, 0, NULL, &IID_IMAPIProp, dst, 0, NULL),
                     MAPI_E_INVALID_PARAMETER);   /* PR_NULL included */
    ex.aulPropTag[0] = PROP_TAG(PT_LONG, 0x6001);
    ck_assert_int_eq(IPropData_CopyProps(src, (LPSPropTagArray)&ex, 0, NULL, &IID_IMAPIProp, dst, 2 << 8, NULL),
                     MAPI_E_UNKNOWN_FLAGS);
    IPropData_Release(src);
    IPropData_Release(dst);
}
END_TEST

START_TEST(copyprops)
{
    IPropData *src = create(), *dst = create();
    LPSPropProblemArray probs = NULL;
    SPropValue v[3];
    TAGS(inc, 3);

    v[0] = sv_long(0x6001, 1);
    v[1] = sv_long(0x6002, 2);
    v[2] = sv_long(0x6003, 3);
    ck_assert_int_eq(IPropData_SetProps(src, 3, v, NULL), S_OK);
    inc.aulPropTag[0] = PROP_TAG(PT_LONG, 0x6003);
    inc.aulPropTag[1] = PROP_TAG(PT_LONG, 0x7777);
    inc.aulPropTag[2] = PROP_TAG(PT_UNSPECIFIED, 0x6001);
    ck_assert_int_eq(IPropData_CopyProps(src, (LPSPropTagArray)&inc, 0, NULL, &IID_IMAPIPropData, dst, 0, &probs),
                     S_OK);
    ck_assert_ptr_nonnull(probs);
    ck_assert_uint_eq(probs->cProblem, 1);
    ck_assert_uint_eq(probs->aProblem[0].ulIndex, 1);
    ck_assert_int_eq(probs->aProblem[0].scode, MAPI_E_NOT_FOUND);
    MAPIFreeBuffer(probs);
    ck_assert_uint_eq(count_props(dst), 2);
    ck_assert_int_eq(get_long(dst, 0x6003), 3);
    ck_assert_int_eq(get_long(dst, 0x6001), 1);
    ck_assert(!has_prop(dst, 0x6002));

    /* Move: the source keeps only what was not named. */
    inc.cValues = 1;
    inc.aulPropTag[0] = PROP_TAG(PT_LONG, 0x6002);
    ck_assert_int_eq(IPropData_CopyProps(src, (LPSPropTagArray)&inc, 0, NULL, &IID_IMAPIProp, dst, MAPI_MOVE, NULL),
                     S_OK);
    ck_assert(!has_prop(src, 0x6002));
    ck_assert_int_eq(get_long(dst, 0x6002), 2);
    ck_assert_uint_eq(count_props(src), 2);
    IPropData_Release(src);
    IPropData_Release(dst);
}
END_TEST

/* ---- The rest of IMAPIProp ---- */

START_TEST(unsupported_methods)
{
    IPropData *pd = create();
    IUnknown *unk = (IUnknown *)1;
    LPSPropTagArray tags = (LPSPropTagArray)1;
    LPMAPINAMEID *names = (LPMAPINAMEID *)1;
    ULONG count = 5;
    SPropValue v = sv_long(0x6001, 1);

    ck_assert_int_eq(IPropData_SetProps(pd, 1, &v, NULL), S_OK);
    ck_assert_int_eq(IPropData_OpenProperty(pd, PROP_TAG(PT_LONG, 0x6001), &IID_IStream, 0, 0, &unk),
                     MAPI_E_NO_SUPPORT);
    ck_assert_ptr_null(unk);
    ck_assert_int_eq(IPropData_OpenProperty(pd, PR_MESSAGE_ATTACHMENTS, &IID_IMAPITable, 0, MAPI_MODIFY, &unk),
                     MAPI_E_NO_SUPPORT);
    ck_assert_int_eq(IPropData_OpenProperty(pd, PROP_TAG(PT_LONG, 0x6001), &IID_IStream, 0, 0, NULL),
                     MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IPropData_OpenProperty(pd, PROP_TAG(PT_LONG, 0x6001), NULL, 0, 0, &unk),
                     MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IPropData_OpenProperty(pd, PROP_TAG(PT_UNSPECIFIED, 0x6001), &IID_IStream, 0, 0, &unk),
                     MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IPropData_OpenProperty(pd, PROP_TAG(PT_LONG, 0x6001), &IID_IStream, 0, 0x40000, &unk),
                     MAPI_E_UNKNOWN_FLAGS);

    ck_assert_int_eq(IPropData_GetNamesFromIDs(pd, &tags, NULL, 0, &count, &names), MAPI_E_NO_SUPPORT);
    ck_assert_uint_eq(count, 0);
    ck_assert_ptr_null(names);
    ck_assert_int_eq(IPropData_GetIDsFromNames(pd, 0, NULL, 0, &tags), MAPI_E_NO_SUPPORT);
    ck_assert_ptr_null(tags);

    /* Not transacted: SaveChanges has nothing to do and changes nothing. */
    ck_assert_int_eq(IPropData_SaveChanges(pd, 0), S_OK);
    ck_assert_int_eq(IPropData_SaveChanges(pd, KEEP_OPEN_READWRITE), S_OK);
    ck_assert_int_eq(IPropData_SaveChanges(pd, KEEP_OPEN_READONLY | MAPI_DEFERRED_ERRORS), S_OK);
    ck_assert_int_eq(IPropData_SaveChanges(pd, 0x40000), MAPI_E_UNKNOWN_FLAGS);
    ck_assert_int_eq(get_long(pd, 0x6001), 1);
    v.Value.l = 2;
    ck_assert_int_eq(IPropData_SetProps(pd, 1, &v, NULL), S_OK);
    IPropData_Release(pd);
}
END_TEST

START_TEST(getlasterror)
{
    IPropData *pd = create_counted();
    LPMAPIERROR err = NULL;
    SPropValue v = sv_long(0x6001, 1);

    ck_assert_int_eq(IPropData_HrSetObjAccess(pd, IPROP_READONLY), S_OK);
    ck_assert_int_eq(IPropData_SetProps(pd, 1, &v, NULL), MAPI_E_NO_ACCESS);

    reset_counts();
    ck_assert_int_eq(IPropData_GetLastError(pd, MAPI_E_NO_ACCESS, 0, &err), S_OK);
    ck_assert_ptr_nonnull(err);
    ck_assert_int_eq(n_buffer, 1);   /* one block from the object's allocator */
    ck_assert_uint_eq(err->ulVersion, MAPI_ERROR_VERSION);
    ck_assert_ptr_nonnull(err->lpszError);
    ck_assert(strstr((char *)err->lpszError, "read-only") != NULL);
    ck_assert(strstr((char *)err->lpszComponent, "IPropData") != NULL);
    ck_assert(inside(err->lpszError, err, last_size));
    count_free(err);

    ck_assert_int_eq(IPropData_GetLastError(pd, MAPI_E_NO_ACCESS, MAPI_UNICODE, &err), S_OK);
    ck_assert(wcsstr((WCHAR *)err->lpszError, L"read-only") != NULL);
    ck_assert(!wcscmp((WCHAR *)err->lpszComponent, L"FreeMAPI IPropData"));
    MAPIFreeBuffer(err);

    /* Another code: nothing to tell. */
    err = (LPMAPIERROR)1;
    ck_assert_int_eq(IPropData_GetLastError(pd, MAPI_E_NOT_FOUND, 0, &err), S_OK);
    ck_assert_ptr_null(err);
    /* The latest failure is the one remembered. */
    ck_assert_int_eq(IPropData_GetProps(pd, NULL, 0x4, NULL, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IPropData_GetLastError(pd, MAPI_E_INVALID_PARAMETER, 0, &err), S_OK);
    ck_assert(strstr((char *)err->lpszError, "GetProps") != NULL);
    MAPIFreeBuffer(err);

    ck_assert_int_eq(IPropData_GetLastError(pd, MAPI_E_NO_ACCESS, 0, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(IPropData_GetLastError(pd, MAPI_E_NO_ACCESS, 0x1, &err), MAPI_E_UNKNOWN_FLAGS);
    IPropData_Release(pd);
}
END_TEST

/* ---- Many properties ---- */

static void set_many(IPropData *pd, ULONG n, ULONG first_id, int round)
{
    SPropValue *v = HeapAlloc(GetProcessHeap(), 0, n * sizeof(*v));
    char (*strs)[128] = HeapAlloc(GetProcessHeap(), 0, n * sizeof(*strs));
    ULONG i;

    for (i = 0; i < n; i++)
    {
        if (i % 2)
        {
            snprintf(strs[i], sizeof(strs[i]), "value %lu of round %d, long enough to fill the arena quickly", i, round);
            v[i] = sv_str(first_id + i, strs[i]);
        }
        else v[i] = sv_long(first_id + i, (LONG)(i * 10 + round));
    }
    ck_assert_int_eq(IPropData_SetProps(pd, n, v, NULL), S_OK);
    HeapFree(GetProcessHeap(), 0, v);
    HeapFree(GetProcessHeap(), 0, strs);
}

static void check_many(IPropData *pd, ULONG n, ULONG first_id, int round, BOOL odd_deleted)
{
    LPSPropValue out = NULL;
    ULONG count = 0, i, k = 0;
    char expect[128];

    ck_assert_int_eq(IPropData_GetProps(pd, NULL, 0, &count, &out), S_OK);
    ck_assert_uint_eq(count, odd_deleted ? n / 2 : n);
    for (i = 0; i < n; i++)
    {
        if (odd_deleted && i % 2) continue;
        ck_assert_uint_eq(PROP_ID(out[k].ulPropTag), first_id + i);
        if (i % 2)
        {
            snprintf(expect, sizeof(expect), "value %lu of round %d, long enough to fill the arena quickly", i, round);
            ck_assert_str_eq(out[k].Value.lpszA, expect);
        }
        else ck_assert_int_eq(out[k].Value.l, (LONG)(i * 10 + round));
        k++;
    }
    MAPIFreeBuffer(out);
}

START_TEST(many_properties)
{
    IPropData *pd = create();
    SPropTagArray *tags;
    LPSPropValue out = NULL;
    ULONG n = 10000, i, count;
    int round;

    set_many(pd, n, 0x1000, 0);
    check_many(pd, n, 0x1000, 0, FALSE);
    /* Replacing every value again and again makes old data garbage: the
     * arena compacts, and every value must survive the move. */
    for (round = 1; round <= 4; round++)
    {
        set_many(pd, n, 0x1000, round);
        check_many(pd, n, 0x1000, round, FALSE);
    }
    /* Explicit tags for all of them. */
    tags = HeapAlloc(GetProcessHeap(), 0, CbNewSPropTagArray(n));
    tags->cValues = n;
    for (i = 0; i < n; i++) tags->aulPropTag[i] = PROP_TAG(PT_UNSPECIFIED, 0x1000 + i);
    ck_assert_int_eq(IPropData_GetProps(pd, tags, 0, &count, &out), S_OK);
    ck_assert_uint_eq(count, n);
    ck_assert_int_eq(out[n - 2].Value.l, (LONG)((n - 2) * 10 + 4));
    MAPIFreeBuffer(out);
    /* Delete the odd ones (the strings). */
    for (i = 0; i < n / 2; i++) tags->aulPropTag[i] = PROP_TAG(PT_STRING8, 0x1000 + 2 * i + 1);
    tags->cValues = n / 2;
    ck_assert_int_eq(IPropData_DeleteProps(pd, tags, NULL), S_OK);
    check_many(pd, n, 0x1000, 4, TRUE);
    ck_assert_uint_eq(count_props(pd), n / 2);
    HeapFree(GetProcessHeap(), 0, tags);
    /* And back. */
    set_many(pd, n, 0x1000, 5);
    check_many(pd, n, 0x1000, 5, FALSE);
    IPropData_Release(pd);
}
END_TEST

/* ---- Threads ---- */

typedef struct
{
    IPropData *pd;
    int writer;
    LONG failures;
} thread_ctx;

static DWORD WINAPI prop_worker(void *arg)
{
    thread_ctx *c = arg;
    char buf[64];
    SPropValue v[16];
    LPSPropValue out;
    ULONG count, i, k;
    int iter;

    for (iter = 0; iter < 1500; iter++)
    {
        if (c->writer)
        {
            for (i = 0; i < 16; i++)
            {
                if (i % 2) v[i] = sv_long(0x6000 + i, iter);
                else
                {
                    snprintf(buf, sizeof(buf), "string written in iteration %d", iter);
                    v[i] = sv_str(0x6000 + i, buf);
                }
            }
            if (FAILED(IPropData_SetProps(c->pd, 16, v, NULL))) c->failures++;
            if (iter % 7 == 0)
            {
                TAGS(t, 1);
                t.aulPropTag[0] = PROP_TAG(PT_LONG, 0x6001);
                if (FAILED(IPropData_DeleteProps(c->pd, (LPSPropTagArray)&t, NULL))) c->failures++;
            }
        }
        else
        {
            if (FAILED(IPropData_GetProps(c->pd, NULL, iter % 2 ? MAPI_UNICODE : 0, &count, &out)))
            {
                c->failures++;
                continue;
            }
            for (k = 0; k < count; k++)
            {
                ULONG type = PROP_TYPE(out[k].ulPropTag);
                if (type == PT_STRING8 && strncmp(out[k].Value.lpszA, "string written", 14)) c->failures++;
                if (type == PT_UNICODE && wcsncmp(out[k].Value.lpszW, L"string written", 14)) c->failures++;
                if (type == PT_LONG && (out[k].Value.l < 0 || out[k].Value.l >= 1500)) c->failures++;
            }
            MAPIFreeBuffer(out);
        }
    }
    return 0;
}

START_TEST(two_threads)
{
    IPropData *pd = create();
    thread_ctx ctx[2] = {{pd, 1, 0}, {pd, 0, 0}};
    HANDLE th[2];
    int i;

    for (i = 0; i < 2; i++) th[i] = CreateThread(NULL, 0, prop_worker, &ctx[i], 0, NULL);
    WaitForMultipleObjects(2, th, TRUE, INFINITE);
    for (i = 0; i < 2; i++)
    {
        CloseHandle(th[i]);
        ck_assert_int_eq(ctx[i].failures, 0);
    }
    ck_assert_uint_eq(count_props(pd), 16);
    IPropData_Release(pd);
}
END_TEST

static Suite *propdata_suite(void)
{
    Suite *s = suite_create("propdata");
    TCase *tc = tcase_create("propdata");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, create_and_query);
    tcase_add_test(tc, empty_object);
    tcase_add_test(tc, every_type_round_trip);
    tcase_add_test(tc, string_conversion);
    tcase_add_test(tc, getprops_bad_input);
    tcase_add_test(tc, setprops_problems_and_bad_input);
    tcase_add_test(tc, deleteprops);
    tcase_add_test(tc, object_access);
    tcase_add_test(tc, property_access);
    tcase_add_test(tc, object_properties);
    tcase_add_test(tc, copyto_between_objects);
    tcase_add_test(tc, copyto_bad_input);
    tcase_add_test(tc, copyprops);
    tcase_add_test(tc, unsupported_methods);
    tcase_add_test(tc, getlasterror);
    tcase_add_test(tc, many_properties);
    tcase_add_test(tc, two_threads);
    suite_add_tcase(s, tc);
    return s;
}

HARNESS_MAIN(propdata_suite)
