/* Property value utilities (prop.c) and the FBad* validators (validate.c). */
#include <string.h>
#include <wchar.h>

#include <mapix.h>
#include <mapiutil.h>
#include <mapival.h>

#include "harness.h"

static const GUID guid1 = {0x12345678, 0x1234, 0x5678, {1, 2, 3, 4, 5, 6, 7, 8}};
static const GUID guid2 = {0x12345678, 0x1234, 0x5678, {1, 2, 3, 4, 5, 6, 7, 9}};

static SPropValue sv(ULONG tag)
{
    SPropValue v;
    memset(&v, 0, sizeof(v));
    v.ulPropTag = tag;
    return v;
}

/* A property array covering every type, with multi-valued ones. */
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

static ULONG make_all(SPropValue *p)
{
    ULONG n = 0;
    mv_guids[0] = guid1; mv_guids[1] = guid2;
    mv_lis[0].QuadPart = -5; mv_lis[1].QuadPart = 1ll << 40;
    p[n] = sv(PROP_TAG(PT_I2, 0x6001)); p[n++].Value.i = -3;
    p[n] = sv(PROP_TAG(PT_LONG, 0x6002)); p[n++].Value.l = 123456;
    p[n] = sv(PROP_TAG(PT_R4, 0x6003)); p[n++].Value.flt = 1.25f;
    p[n] = sv(PROP_TAG(PT_DOUBLE, 0x6004)); p[n++].Value.dbl = 3.5;
    p[n] = sv(PROP_TAG(PT_CURRENCY, 0x6005)); p[n++].Value.cur.int64 = 10000;
    p[n] = sv(PROP_TAG(PT_APPTIME, 0x6006)); p[n++].Value.at = 40000.5;
    p[n] = sv(PROP_TAG(PT_ERROR, 0x6007)); p[n++].Value.err = MAPI_E_NOT_FOUND;
    p[n] = sv(PROP_TAG(PT_BOOLEAN, 0x6008)); p[n++].Value.b = 1;
    p[n] = sv(PROP_TAG(PT_I8, 0x6009)); p[n++].Value.li.QuadPart = -1234567890123ll;
    p[n] = sv(PROP_TAG(PT_STRING8, 0x600a)); p[n++].Value.lpszA = "hello world";
    p[n] = sv(PROP_TAG(PT_UNICODE, 0x600b)); p[n++].Value.lpszW = L"wide string";
    p[n] = sv(PROP_TAG(PT_SYSTIME, 0x600c)); p[n].Value.ft.dwLowDateTime = 5; p[n++].Value.ft.dwHighDateTime = 6;
    p[n] = sv(PROP_TAG(PT_CLSID, 0x600d)); p[n++].Value.lpguid = (GUID *)&guid1;
    p[n] = sv(PROP_TAG(PT_BINARY, 0x600e)); p[n].Value.bin.cb = 5; p[n++].Value.bin.lpb = bin1;
    p[n] = sv(PROP_TAG(PT_NULL, 0x600f)); n++;
    p[n] = sv(PROP_TAG(PT_MV_STRING8, 0x6010)); p[n].Value.MVszA.cValues = 3; p[n++].Value.MVszA.lppszA = mv_strs;
    p[n] = sv(PROP_TAG(PT_MV_UNICODE, 0x6011)); p[n].Value.MVszW.cValues = 2; p[n++].Value.MVszW.lppszW = mv_wstrs;
    p[n] = sv(PROP_TAG(PT_MV_BINARY, 0x6012)); p[n].Value.MVbin.cValues = 3; p[n++].Value.MVbin.lpbin = mv_bins;
    p[n] = sv(PROP_TAG(PT_MV_LONG, 0x6013)); p[n].Value.MVl.cValues = 3; p[n++].Value.MVl.lpl = mv_longs;
    p[n] = sv(PROP_TAG(PT_MV_DOUBLE, 0x6014)); p[n].Value.MVdbl.cValues = 2; p[n++].Value.MVdbl.lpdbl = mv_dbls;
    p[n] = sv(PROP_TAG(PT_MV_CLSID, 0x6015)); p[n].Value.MVguid.cValues = 2; p[n++].Value.MVguid.lpguid = mv_guids;
    p[n] = sv(PROP_TAG(PT_MV_I8, 0x6016)); p[n].Value.MVli.cValues = 2; p[n++].Value.MVli.lpli = mv_lis;
    p[n] = sv(PROP_TAG(PT_MV_SYSTIME, 0x6017)); p[n].Value.MVft.cValues = 2; p[n++].Value.MVft.lpft = mv_fts;
    p[n] = sv(PROP_TAG(PT_MV_I2, 0x6018)); p[n].Value.MVi.cValues = 3; p[n++].Value.MVi.lpi = mv_shorts;
    p[n] = sv(PROP_TAG(PT_OBJECT, 0x6019)); n++;
    return n;
}

static void assert_arrays_equal(const SPropValue *a, const SPropValue *b, ULONG n)
{
    ULONG i;
    for (i = 0; i < n; i++)
    {
        ck_assert_uint_eq(a[i].ulPropTag, b[i].ulPropTag);
        ck_assert_msg(LPropCompareProp((LPSPropValue)&a[i], (LPSPropValue)&b[i]) == 0,
                      "value %lu (tag %#lx) differs", i, a[i].ulPropTag);
    }
}

START_TEST(propcopymore_every_type)
{
    SPropValue src[32], dst;
    ULONG n = make_all(src), i;
    void *root;

    ck_assert_int_eq(MAPIAllocateBuffer(16, &root), S_OK);
    for (i = 0; i < n; i++)
    {
        ck_assert_int_eq(PropCopyMore(&dst, &src[i], MAPIAllocateMore, root), S_OK);
        ck_assert_int_eq(LPropCompareProp(&dst, &src[i]), 0);
        ck_assert(FPropCompareProp(&dst, RELOP_EQ, &src[i]));
        switch (PROP_TYPE(src[i].ulPropTag))
        {
        case PT_STRING8: ck_assert_ptr_ne(dst.Value.lpszA, src[i].Value.lpszA); break;
        case PT_UNICODE: ck_assert_ptr_ne(dst.Value.lpszW, src[i].Value.lpszW); break;
        case PT_BINARY: ck_assert_ptr_ne(dst.Value.bin.lpb, src[i].Value.bin.lpb); break;
        case PT_CLSID: ck_assert_ptr_ne(dst.Value.lpguid, src[i].Value.lpguid); break;
        case PT_MV_STRING8:
            ck_assert_ptr_ne(dst.Value.MVszA.lppszA, src[i].Value.MVszA.lppszA);
            ck_assert_ptr_ne(dst.Value.MVszA.lppszA[0], src[i].Value.MVszA.lppszA[0]);
            ck_assert_str_eq(dst.Value.MVszA.lppszA[2], "gamma");
            break;
        }
    }
    ck_assert_uint_eq(MAPIFreeBuffer(root), S_OK);
}
END_TEST

START_TEST(propcopymore_bad_input)
{
    SPropValue src = sv(PROP_TAG(PT_STRING8, 1)), dst;
    void *root;

    ck_assert_int_eq(MAPIAllocateBuffer(16, &root), S_OK);
    src.Value.lpszA = "x";
    ck_assert_int_eq(PropCopyMore(NULL, &src, MAPIAllocateMore, root), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(PropCopyMore(&dst, NULL, MAPIAllocateMore, root), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(PropCopyMore(&dst, &src, NULL, root), MAPI_E_INVALID_PARAMETER);
    src.Value.lpszA = NULL;
    ck_assert_int_eq(PropCopyMore(&dst, &src, MAPIAllocateMore, root), MAPI_E_INVALID_PARAMETER);
    src = sv(PROP_TAG(0x77, 1));
    ck_assert_int_eq(PropCopyMore(&dst, &src, MAPIAllocateMore, root), MAPI_E_INVALID_PARAMETER);
    src = sv(PROP_TAG(PT_MV_LONG, 1));
    src.Value.MVl.cValues = 4;  /* no array */
    ck_assert_int_eq(PropCopyMore(&dst, &src, MAPIAllocateMore, root), MAPI_E_INVALID_PARAMETER);
    /* A bad parent buffer: the allocator's error comes back. */
    src = sv(PROP_TAG(PT_STRING8, 1));
    src.Value.lpszA = "abc";
    ck_assert_int_eq(PropCopyMore(&dst, &src, MAPIAllocateMore, (void *)&src), MAPI_E_INVALID_PARAMETER);
    /* PT_ERROR copies as is. */
    src = sv(PROP_TAG(PT_ERROR, 1));
    src.Value.err = MAPI_E_NOT_FOUND;
    ck_assert_int_eq(PropCopyMore(&dst, &src, MAPIAllocateMore, root), S_OK);
    ck_assert_int_eq(dst.Value.err, MAPI_E_NOT_FOUND);
    /* In place copy of a multi-valued string. */
    src = sv(PROP_TAG(PT_MV_STRING8, 1));
    src.Value.MVszA.cValues = 3;
    src.Value.MVszA.lppszA = mv_strs;
    ck_assert_int_eq(PropCopyMore(&src, &src, MAPIAllocateMore, root), S_OK);
    ck_assert_ptr_ne(src.Value.MVszA.lppszA, mv_strs);
    ck_assert_str_eq(src.Value.MVszA.lppszA[0], "alpha");
    ck_assert_uint_eq(MAPIFreeBuffer(root), S_OK);
}
END_TEST

START_TEST(ulpropsize)
{
    SPropValue p[32];
    ULONG n = make_all(p);

    ck_assert_uint_eq(UlPropSize(NULL), 0);
    ck_assert_uint_eq(UlPropSize(PpropFindProp(p, n, PROP_TAG(PT_I2, 0x6001))), 2);
    ck_assert_uint_eq(UlPropSize(PpropFindProp(p, n, PROP_TAG(PT_LONG, 0x6002))), 4);
    ck_assert_uint_eq(UlPropSize(PpropFindProp(p, n, PROP_TAG(PT_ERROR, 0x6007))), 4);
    ck_assert_uint_eq(UlPropSize(PpropFindProp(p, n, PROP_TAG(PT_BOOLEAN, 0x6008))), 2);
    ck_assert_uint_eq(UlPropSize(PpropFindProp(p, n, PROP_TAG(PT_I8, 0x6009))), 8);
    ck_assert_uint_eq(UlPropSize(PpropFindProp(p, n, PROP_TAG(PT_STRING8, 0x600a))), 12);
    ck_assert_uint_eq(UlPropSize(PpropFindProp(p, n, PROP_TAG(PT_UNICODE, 0x600b))), 24);
    ck_assert_uint_eq(UlPropSize(PpropFindProp(p, n, PROP_TAG(PT_CLSID, 0x600d))), 16);
    ck_assert_uint_eq(UlPropSize(PpropFindProp(p, n, PROP_TAG(PT_BINARY, 0x600e))), 5);
    ck_assert_uint_eq(UlPropSize(PpropFindProp(p, n, PROP_TAG(PT_MV_STRING8, 0x6010))), 6 + 1 + 6);
    ck_assert_uint_eq(UlPropSize(PpropFindProp(p, n, PROP_TAG(PT_MV_UNICODE, 0x6011))), 16);
    ck_assert_uint_eq(UlPropSize(PpropFindProp(p, n, PROP_TAG(PT_MV_BINARY, 0x6012))), 6);
    ck_assert_uint_eq(UlPropSize(PpropFindProp(p, n, PROP_TAG(PT_MV_LONG, 0x6013))), 12);
    ck_assert_uint_eq(UlPropSize(PpropFindProp(p, n, PROP_TAG(PT_MV_CLSID, 0x6015))), 32);
    ck_assert_uint_eq(UlPropSize(PpropFindProp(p, n, PROP_TAG(PT_OBJECT, 0x6019))), 0);
    p[0].ulPropTag = PROP_TAG(0x99, 1);
    ck_assert_uint_eq(UlPropSize(&p[0]), 0);
    p[0] = sv(PROP_TAG(PT_MV_STRING8, 1));
    p[0].Value.MVszA.cValues = 2;  /* NULL array: bad, 0 and no crash */
    ck_assert_uint_eq(UlPropSize(&p[0]), 0);
}
END_TEST

START_TEST(lpropcompareprop_types)
{
    SPropValue a, b;
    GUID ga = guid1, gb = guid2;
    LONG l1[] = {1, 2}, l2[] = {1, 3}, l3[] = {1};
    char *s1[] = {"a", "b"}, *s2[] = {"a", "c"};
    BYTE x[] = {1, 2}, y[] = {1, 2, 0}, z[] = {2};

#define CMP(type, field, va, vb, sign) do { a = sv(PROP_TAG(type, 1)); b = sv(PROP_TAG(type, 2)); \
        a.Value.field = va; b.Value.field = vb; \
        ck_assert_msg((LPropCompareProp(&a, &b) > 0) - (LPropCompareProp(&a, &b) < 0) == (sign), \
                      "type %#x", (unsigned)type); } while (0)
    CMP(PT_I2, i, 1, 2, -1);
    CMP(PT_I2, i, -5, -5, 0);
    CMP(PT_LONG, l, 0x7fffffff, -0x7fffffff - 1, 1);   /* no overflow from subtraction */
    CMP(PT_R4, flt, 1.0f, 0.5f, 1);
    CMP(PT_DOUBLE, dbl, -1.0, 1.0, -1);
    CMP(PT_APPTIME, at, 2.0, 2.0, 0);
    CMP(PT_CURRENCY, cur.int64, -100, 100, -1);
    CMP(PT_ERROR, err, MAPI_E_NOT_FOUND, MAPI_E_NOT_FOUND, 0);
    CMP(PT_BOOLEAN, b, 1, 7, 0);  /* any non-zero is TRUE */
    CMP(PT_BOOLEAN, b, 0, 1, -1);
    CMP(PT_I8, li.QuadPart, 1ll << 40, -(1ll << 40), 1);
    CMP(PT_SYSTIME, ft.dwHighDateTime, 0x80000000u, 1, 1);   /* unsigned */
    CMP(PT_STRING8, lpszA, "abc", "abd", -1);
    CMP(PT_STRING8, lpszA, "same", "same", 0);
    CMP(PT_STRING8, lpszA, "", "a", -1);
    CMP(PT_UNICODE, lpszW, L"zeta", L"alpha", 1);
    CMP(PT_UNICODE, lpszW, L"", L"", 0);
    CMP(PT_CLSID, lpguid, &ga, &gb, -1);
    CMP(PT_CLSID, lpguid, &ga, &ga, 0);
    a = sv(PT_BINARY); b = sv(PT_BINARY);
    a.Value.bin.cb = 2; a.Value.bin.lpb = x; b.Value.bin.cb = 3; b.Value.bin.lpb = y;
    ck_assert_int_lt(LPropCompareProp(&a, &b), 0);   /* prefix sorts first */
    b.Value.bin.cb = 1; b.Value.bin.lpb = z;
    ck_assert_int_lt(LPropCompareProp(&a, &b), 0);
    b.Value.bin.cb = 0; b.Value.bin.lpb = NULL;
    ck_assert_int_gt(LPropCompareProp(&a, &b), 0);
    /* Multi-valued: element by element, then by count. */
    a = sv(PT_MV_LONG); b = sv(PT_MV_LONG);
    a.Value.MVl.cValues = 2; a.Value.MVl.lpl = l1; b.Value.MVl.cValues = 2; b.Value.MVl.lpl = l2;
    ck_assert_int_lt(LPropCompareProp(&a, &b), 0);
    b.Value.MVl.cValues = 1; b.Value.MVl.lpl = l3;
    ck_assert_int_gt(LPropCompareProp(&a, &b), 0);
    b = a;
    ck_assert_int_eq(LPropCompareProp(&a, &b), 0);
    a = sv(PT_MV_STRING8); b = sv(PT_MV_STRING8);
    a.Value.MVszA.cValues = 2; a.Value.MVszA.lppszA = s1; b.Value.MVszA.cValues = 2; b.Value.MVszA.lppszA = s2;
    ck_assert_int_lt(LPropCompareProp(&a, &b), 0);
    ck_assert_int_gt(LPropCompareProp(&b, &a), 0);
    /* Different types are ordered by type; NULL values do not crash. */
    a = sv(PT_LONG); b = sv(PT_STRING8); b.Value.lpszA = "x";
    ck_assert_int_lt(LPropCompareProp(&a, &b), 0);
    ck_assert_int_gt(LPropCompareProp(&b, &a), 0);
    ck_assert_int_eq(LPropCompareProp(NULL, NULL), 0);
    ck_assert_int_ne(LPropCompareProp(&a, NULL), 0);
    a = sv(PT_STRING8); b = sv(PT_STRING8); b.Value.lpszA = "x";
    ck_assert_int_lt(LPropCompareProp(&a, &b), 0);
    a = sv(PROP_TAG(0x99, 1)); b = sv(PROP_TAG(0x99, 2));
    ck_assert_int_eq(LPropCompareProp(&a, &b), 0);
#undef CMP
}
END_TEST

START_TEST(fpropcompareprop_relops)
{
    SPropValue a = sv(PT_LONG), b = sv(PT_LONG), s = sv(PT_STRING8), re = sv(PT_STRING8);
    SPropValue w = sv(PT_UNICODE), wre = sv(PT_UNICODE);

    a.Value.l = 1; b.Value.l = 2;
    ck_assert(FPropCompareProp(&a, RELOP_LT, &b));
    ck_assert(FPropCompareProp(&a, RELOP_LE, &b));
    ck_assert(!FPropCompareProp(&a, RELOP_GT, &b));
    ck_assert(!FPropCompareProp(&a, RELOP_GE, &b));
    ck_assert(!FPropCompareProp(&a, RELOP_EQ, &b));
    ck_assert(FPropCompareProp(&a, RELOP_NE, &b));
    ck_assert(FPropCompareProp(&a, RELOP_LE, &a));
    ck_assert(FPropCompareProp(&a, RELOP_GE, &a));
    ck_assert(!FPropCompareProp(&a, 99, &b));
    ck_assert(!FPropCompareProp(NULL, RELOP_EQ, &b));
    ck_assert(!FPropCompareProp(&a, RELOP_EQ, &s));   /* types differ */
    s.Value.lpszA = "Subject: hello world";
    re.Value.lpszA = "hel+o w.rld$";
    ck_assert(FPropCompareProp(&s, RELOP_RE, &re));
    re.Value.lpszA = "^hello";
    ck_assert(!FPropCompareProp(&s, RELOP_RE, &re));
    re.Value.lpszA = "^Sub[a-z]*: h?ello";
    ck_assert(FPropCompareProp(&s, RELOP_RE, &re));
    re.Value.lpszA = "[^a-zA-Z :]";
    ck_assert(!FPropCompareProp(&s, RELOP_RE, &re));
    w.Value.lpszW = L"report-2024.pdf";
    wre.Value.lpszW = L"\\.pdf$";
    ck_assert(FPropCompareProp(&w, RELOP_RE, &wre));
    ck_assert(!FPropCompareProp(&a, RELOP_RE, &b));   /* RE only on strings */
}
END_TEST

START_TEST(fpropcontainsprop_levels)
{
    SPropValue h = sv(PT_STRING8), n = sv(PT_STRING8), hw = sv(PT_UNICODE), nw = sv(PT_UNICODE);
    SPropValue hb = sv(PT_BINARY), nb = sv(PT_BINARY), l = sv(PT_LONG);
    BYTE hay[] = {1, 2, 3, 4, 5, 3, 4}, ndl[] = {3, 4, 5}, pre[] = {1, 2}, miss[] = {4, 3};

    h.Value.lpszA = "The Quick Brown Fox";
    n.Value.lpszA = "quick";
    ck_assert(!FPropContainsProp(&h, &n, FL_SUBSTRING));
    ck_assert(FPropContainsProp(&h, &n, FL_SUBSTRING | FL_IGNORECASE));
    ck_assert(FPropContainsProp(&h, &n, FL_SUBSTRING | FL_LOOSE));
    ck_assert(!FPropContainsProp(&h, &n, FL_PREFIX | FL_IGNORECASE));
    n.Value.lpszA = "the quick";
    ck_assert(FPropContainsProp(&h, &n, FL_PREFIX | FL_IGNORECASE));
    ck_assert(!FPropContainsProp(&h, &n, FL_PREFIX));
    ck_assert(!FPropContainsProp(&h, &n, FL_FULLSTRING | FL_IGNORECASE));
    n.Value.lpszA = "THE QUICK BROWN FOX";
    ck_assert(FPropContainsProp(&h, &n, FL_FULLSTRING | FL_IGNORECASE));
    ck_assert(!FPropContainsProp(&h, &n, FL_FULLSTRING));
    ck_assert(FPropContainsProp(&h, &h, FL_FULLSTRING));
    ck_assert(FPropContainsProp(&h, &h, 3));   /* invalid level: full match */
    n.Value.lpszA = "Brown";
    ck_assert(FPropContainsProp(&h, &n, FL_SUBSTRING));
    ck_assert(!FPropContainsProp(&h, &n, 3));
    n.Value.lpszA = "";
    ck_assert(FPropContainsProp(&h, &n, FL_SUBSTRING));
    ck_assert(FPropContainsProp(&h, &n, FL_PREFIX));
    n.Value.lpszA = "The Quick Brown Fox and more";
    ck_assert(!FPropContainsProp(&h, &n, FL_SUBSTRING));
    ck_assert(!FPropContainsProp(&h, &n, FL_PREFIX));
    /* Non-ASCII with FL_IGNORENONSPACE goes through CompareString. */
    h.Value.lpszA = "caf\xe9 au lait";
    n.Value.lpszA = "CAFE";
    ck_assert(FPropContainsProp(&h, &n, FL_PREFIX | FL_IGNORECASE | FL_IGNORENONSPACE));
    ck_assert(!FPropContainsProp(&h, &n, FL_PREFIX | FL_IGNORECASE));

    hw.Value.lpszW = L"Meeting about Budget";
    nw.Value.lpszW = L"BUDGET";
    ck_assert(FPropContainsProp(&hw, &nw, FL_SUBSTRING | FL_IGNORECASE));
    ck_assert(!FPropContainsProp(&hw, &nw, FL_SUBSTRING));
    nw.Value.lpszW = L"Meeting";
    ck_assert(FPropContainsProp(&hw, &nw, FL_PREFIX));
    ck_assert(!FPropContainsProp(&hw, &nw, FL_FULLSTRING));
    hw.Value.lpszW = L"R\x00e9sum\x00e9";
    nw.Value.lpszW = L"resume";
    ck_assert(FPropContainsProp(&hw, &nw, FL_FULLSTRING | FL_LOOSE));
    ck_assert(!FPropContainsProp(&hw, &nw, FL_FULLSTRING | FL_IGNORECASE));

    hb.Value.bin.cb = sizeof(hay); hb.Value.bin.lpb = hay;
    nb.Value.bin.cb = sizeof(ndl); nb.Value.bin.lpb = ndl;
    ck_assert(FPropContainsProp(&hb, &nb, FL_SUBSTRING));
    ck_assert(FPropContainsProp(&hb, &nb, FL_SUBSTRING | FL_IGNORECASE));   /* upper bits ignored */
    ck_assert(!FPropContainsProp(&hb, &nb, FL_PREFIX));
    nb.Value.bin.cb = sizeof(pre); nb.Value.bin.lpb = pre;
    ck_assert(FPropContainsProp(&hb, &nb, FL_PREFIX));
    ck_assert(!FPropContainsProp(&hb, &nb, FL_FULLSTRING));
    ck_assert(FPropContainsProp(&hb, &hb, FL_FULLSTRING));
    nb.Value.bin.cb = sizeof(miss); nb.Value.bin.lpb = miss;
    ck_assert(!FPropContainsProp(&hb, &nb, FL_SUBSTRING));
    nb.Value.bin.cb = 0; nb.Value.bin.lpb = NULL;
    ck_assert(FPropContainsProp(&hb, &nb, FL_SUBSTRING));

    /* Wrong or mismatched types, NULLs. */
    l.Value.l = 5;
    ck_assert(!FPropContainsProp(&l, &l, FL_FULLSTRING));
    ck_assert(!FPropContainsProp(&h, &hw, FL_FULLSTRING));
    ck_assert(!FPropContainsProp(NULL, &h, FL_FULLSTRING));
    ck_assert(!FPropContainsProp(&h, NULL, FL_FULLSTRING));
    n.Value.lpszA = NULL;
    ck_assert(!FPropContainsProp(&h, &n, FL_SUBSTRING));
}
END_TEST

START_TEST(find_props)
{
    SPropValue p[32];
    ULONG n = make_all(p);

    ck_assert_ptr_eq(PpropFindProp(p, n, PROP_TAG(PT_LONG, 0x6002)), &p[1]);
    ck_assert_ptr_null(PpropFindProp(p, n, PROP_TAG(PT_I2, 0x6002)));
    ck_assert_ptr_eq(PpropFindProp(p, n, PROP_TAG(PT_UNSPECIFIED, 0x6002)), &p[1]);
    ck_assert_ptr_null(PpropFindProp(p, n, PROP_TAG(PT_LONG, 0x7000)));
    ck_assert_ptr_null(PpropFindProp(NULL, n, PROP_TAG(PT_LONG, 0x6002)));
    ck_assert_ptr_null(PpropFindProp(p, 0, PROP_TAG(PT_I2, 0x6001)));
    ck_assert_ptr_eq(LpValFindProp(PROP_TAG(PT_STRING8, 0x600b), n, p), &p[10]);
    ck_assert_ptr_null(LpValFindProp(PROP_TAG(PT_STRING8, 0x7000), n, p));
    ck_assert_ptr_null(LpValFindProp(PROP_TAG(PT_STRING8, 0x600b), n, NULL));
}
END_TEST

START_TEST(copy_and_relocate_props)
{
    SPropValue p[32], *copy, *moved, *dup = NULL;
    ULONG n = make_all(p), cb = 0, cb2 = 0, cb3 = 0;
    BYTE *buf, *buf2;

    ck_assert_int_eq(ScCountProps(n, p, &cb), S_OK);
    ck_assert_uint_ge(cb, n * sizeof(SPropValue));
    ck_assert_int_eq(ScCountProps(n, p, NULL), S_OK);
    ck_assert_int_eq(MAPIAllocateBuffer(cb, (void **)&buf), S_OK);
    ck_assert_int_eq(MAPIAllocateBuffer(cb, (void **)&buf2), S_OK);
    memset(buf, 0xcc, cb);
    ck_assert_int_eq(ScCopyProps(n, p, buf, &cb2), S_OK);
    ck_assert_uint_eq(cb2, cb);
    copy = (SPropValue *)buf;
    assert_arrays_equal(copy, p, n);
    /* The copy owns its data: nothing points back at the source. */
    ck_assert_ptr_ne(copy[9].Value.lpszA, p[9].Value.lpszA);
    ck_assert((BYTE *)copy[15].Value.MVszA.lppszA[2] >= buf && (BYTE *)copy[15].Value.MVszA.lppszA[2] < buf + cb);

    /* Move the block, relocate it in its new place, compare. */
    memcpy(buf2, buf, cb);
    memset(buf, 0xdd, cb);
    moved = (SPropValue *)buf2;
    ck_assert_int_eq(ScRelocProps(n, moved, buf, buf2, &cb3), S_OK);
    ck_assert_uint_eq(cb3, cb);
    assert_arrays_equal(moved, p, n);

    /* As the docs describe for disk: relocate to base 0, move, relocate back. */
    ck_assert_int_eq(ScRelocProps(n, moved, buf2, NULL, NULL), S_OK);
    memcpy(buf, buf2, cb);
    memset(buf2, 0xee, cb);
    ck_assert_int_eq(ScRelocProps(n, (SPropValue *)buf, NULL, buf, &cb3), S_OK);
    ck_assert_uint_eq(cb3, cb);
    assert_arrays_equal((SPropValue *)buf, p, n);

    ck_assert_int_eq(ScDupPropset(n, p, MAPIAllocateBuffer, &dup), S_OK);
    assert_arrays_equal(dup, p, n);
    ck_assert_uint_eq(MAPIFreeBuffer(dup), S_OK);
    ck_assert_uint_eq(MAPIFreeBuffer(buf), S_OK);
    ck_assert_uint_eq(MAPIFreeBuffer(buf2), S_OK);
}
END_TEST

START_TEST(copy_props_bad_input)
{
    SPropValue p[2], *dup = (SPropValue *)1;
    BYTE buf[256];
    ULONG cb = 0;

    p[0] = sv(PROP_TAG(PT_LONG, 1));
    p[1] = sv(PROP_TAG(PT_STRING8, 2));
    ck_assert_int_eq(ScCountProps(2, p, &cb), MAPI_E_INVALID_PARAMETER);   /* NULL string */
    ck_assert_int_eq(ScCountProps(-1, p, &cb), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(ScCountProps(1, NULL, &cb), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(ScCountProps(0, NULL, &cb), S_OK);
    ck_assert_uint_eq(cb, 0);
    p[1] = sv(PROP_TAG(0x55, 2));
    ck_assert_int_eq(ScCountProps(2, p, &cb), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(ScCopyProps(2, p, buf, &cb), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(ScCopyProps(1, p, NULL, &cb), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(ScDupPropset(2, p, MAPIAllocateBuffer, &dup), MAPI_E_INVALID_PARAMETER);
    ck_assert_ptr_null(dup);
    ck_assert_int_eq(ScDupPropset(1, p, NULL, &dup), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(ScDupPropset(1, p, MAPIAllocateBuffer, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(ScRelocProps(2, p, buf, buf, &cb), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(ScRelocProps(-2, p, buf, buf, &cb), MAPI_E_INVALID_PARAMETER);
    p[1] = sv(PROP_TAG(PT_ERROR, 2));
    p[1].Value.err = MAPI_E_NOT_FOUND;
    ck_assert_int_eq(ScCopyProps(2, p, buf, &cb), S_OK);
    ck_assert_uint_eq(cb, 2 * sizeof(SPropValue));
}
END_TEST

START_TEST(notifications)
{
    NOTIFICATION n[4], *copy;
    BYTE eid[] = {1, 2, 3, 4, 5, 6}, parent[] = {7, 8};
    SizedSPropTagArray(2, tags) = {2, {PR_SUBJECT, PR_BODY}};
    SPropValue rowprops[32];
    ULONG cb = 0, cb2 = 0, cb3 = 0, nrow = make_all(rowprops);
    BYTE *buf, *buf2;

    memset(n, 0, sizeof(n));
    n[0].ulEventType = fnevNewMail;
    n[0].info.newmail.cbEntryID = sizeof(eid); n[0].info.newmail.lpEntryID = (LPENTRYID)eid;
    n[0].info.newmail.cbParentID = sizeof(parent); n[0].info.newmail.lpParentID = (LPENTRYID)parent;
    n[0].info.newmail.lpszMessageClass = (LPTSTR)"IPM.Note";
    n[1].ulEventType = fnevObjectModified;
    n[1].info.obj.cbEntryID = sizeof(eid); n[1].info.obj.lpEntryID = (LPENTRYID)eid;
    n[1].info.obj.lpPropTagArray = (LPSPropTagArray)&tags;
    n[2].ulEventType = fnevTableModified;
    n[2].info.tab.ulTableEvent = TABLE_ROW_ADDED;
    n[2].info.tab.propIndex = rowprops[9];
    n[2].info.tab.propPrior = rowprops[1];
    n[2].info.tab.row.cValues = nrow; n[2].info.tab.row.lpProps = rowprops;
    n[3].ulEventType = fnevExtended;
    n[3].info.ext.cb = sizeof(parent); n[3].info.ext.pbEventParameters = parent;

    ck_assert_int_eq(ScCountNotifications(4, n, &cb), S_OK);
    ck_assert_int_eq(MAPIAllocateBuffer(cb, (void **)&buf), S_OK);
    ck_assert_int_eq(MAPIAllocateBuffer(cb, (void **)&buf2), S_OK);
    ck_assert_int_eq(ScCopyNotifications(4, n, buf, &cb2), S_OK);
    ck_assert_uint_eq(cb2, cb);
    memcpy(buf2, buf, cb);
    memset(buf, 0, cb);
    copy = (NOTIFICATION *)buf2;
    ck_assert_int_eq(ScRelocNotifications(4, copy, buf, buf2, &cb3), S_OK);
    ck_assert_uint_eq(cb3, cb);
    ck_assert_mem_eq(copy[0].info.newmail.lpEntryID, eid, sizeof(eid));
    ck_assert_mem_eq(copy[0].info.newmail.lpParentID, parent, sizeof(parent));
    ck_assert_str_eq((char *)copy[0].info.newmail.lpszMessageClass, "IPM.Note");
    ck_assert_ptr_ne(copy[0].info.newmail.lpEntryID, (LPENTRYID)eid);
    ck_assert_uint_eq(copy[1].info.obj.lpPropTagArray->cValues, 2);
    ck_assert_uint_eq(copy[1].info.obj.lpPropTagArray->aulPropTag[1], PR_BODY);
    ck_assert_str_eq(copy[2].info.tab.propIndex.Value.lpszA, "hello world");
    ck_assert_int_eq(copy[2].info.tab.propPrior.Value.l, 123456);
    assert_arrays_equal(copy[2].info.tab.row.lpProps, rowprops, nrow);
    ck_assert_mem_eq(copy[3].info.ext.pbEventParameters, parent, sizeof(parent));

    n[3].ulEventType = 0x12345;   /* unknown event */
    ck_assert_int_eq(ScCountNotifications(4, n, &cb), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(ScCopyNotifications(4, n, buf, &cb), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(ScCountNotifications(-1, n, &cb), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(ScCountNotifications(1, NULL, &cb), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(ScRelocNotifications(1, NULL, buf, buf, &cb), MAPI_E_INVALID_PARAMETER);
    ck_assert_uint_eq(MAPIFreeBuffer(buf), S_OK);
    ck_assert_uint_eq(MAPIFreeBuffer(buf2), S_OK);
}
END_TEST

/* ---- A minimal IMAPIProp and IMAPITable to drive the helpers ---- */

typedef struct
{
    IMAPIProp iface;
    LONG ref;
    SPropValue props[4];
    ULONG count;
    SCODE set_problem;
} fake_prop;

static HRESULT STDMETHODCALLTYPE fp_qi(IMAPIProp *iface, REFIID riid, void **out) { *out = NULL; return E_NOINTERFACE; }
static ULONG STDMETHODCALLTYPE fp_addref(IMAPIProp *iface) { return ++((fake_prop *)iface)->ref; }
static ULONG STDMETHODCALLTYPE fp_release(IMAPIProp *iface) { return --((fake_prop *)iface)->ref; }
static HRESULT STDMETHODCALLTYPE fp_getlasterror(IMAPIProp *iface, HRESULT hr, ULONG f, LPMAPIERROR *e) { return MAPI_E_NO_SUPPORT; }
static HRESULT STDMETHODCALLTYPE fp_savechanges(IMAPIProp *iface, ULONG f) { return S_OK; }

static HRESULT STDMETHODCALLTYPE fp_getprops(IMAPIProp *iface, LPSPropTagArray tags, ULONG flags,
                                             ULONG *count, LPSPropValue *out)
{
    fake_prop *This = (fake_prop *)iface;
    LPSPropValue v;
    HRESULT hr = S_OK;
    ULONG i, j;

    MAPIAllocateBuffer(tags->cValues * sizeof(SPropValue), (void **)&v);
    for (i = 0; i < tags->cValues; i++)
    {
        for (j = 0; j < This->count; j++)
            if (This->props[j].ulPropTag == tags->aulPropTag[i]) break;
        if (j < This->count) PropCopyMore(&v[i], &This->props[j], MAPIAllocateMore, v);
        else
        {
            v[i] = sv(CHANGE_PROP_TYPE(tags->aulPropTag[i], PT_ERROR));
            v[i].Value.err = MAPI_E_NOT_FOUND;
            hr = MAPI_W_ERRORS_RETURNED;
        }
    }
    *count = tags->cValues;
    *out = v;
    return hr;
}

static HRESULT STDMETHODCALLTYPE fp_getproplist(IMAPIProp *iface, ULONG flags, LPSPropTagArray *out)
{
    fake_prop *This = (fake_prop *)iface;
    ULONG i;
    MAPIAllocateBuffer(CbNewSPropTagArray(This->count), (void **)out);
    (*out)->cValues = This->count;
    for (i = 0; i < This->count; i++) (*out)->aulPropTag[i] = This->props[i].ulPropTag;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE fp_openproperty(IMAPIProp *iface, ULONG tag, LPCIID iid, ULONG o, ULONG f, LPUNKNOWN *u) { return MAPI_E_NO_SUPPORT; }

static HRESULT STDMETHODCALLTYPE fp_setprops(IMAPIProp *iface, ULONG n, LPSPropValue v, LPSPropProblemArray *problems)
{
    fake_prop *This = (fake_prop *)iface;
    if (This->set_problem)
    {
        MAPIAllocateBuffer(CbNewSPropProblemArray(1), (void **)problems);
        (*problems)->cProblem = 1;
        (*problems)->aProblem[0].ulIndex = 0;
        (*problems)->aProblem[0].ulPropTag = v->ulPropTag;
        (*problems)->aProblem[0].scode = This->set_problem;
        return S_OK;
    }
    if (problems) *problems = NULL;
    This->props[This->count++] = *v;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE fp_deleteprops(IMAPIProp *iface, LPSPropTagArray t, LPSPropProblemArray *p) { return MAPI_E_NO_SUPPORT; }
static HRESULT STDMETHODCALLTYPE fp_copyto(IMAPIProp *iface, ULONG a, LPCIID b, LPSPropTagArray c, ULONG_PTR d,
    LPMAPIPROGRESS e, LPCIID f, LPVOID g, ULONG h, LPSPropProblemArray *i) { return MAPI_E_NO_SUPPORT; }
static HRESULT STDMETHODCALLTYPE fp_copyprops(IMAPIProp *iface, LPSPropTagArray a, ULONG_PTR b, LPMAPIPROGRESS c,
    LPCIID d, LPVOID e, ULONG f, LPSPropProblemArray *g) { return MAPI_E_NO_SUPPORT; }
static HRESULT STDMETHODCALLTYPE fp_getnames(IMAPIProp *iface, LPSPropTagArray *a, LPGUID b, ULONG c, ULONG *d,
    LPMAPINAMEID **e) { return MAPI_E_NO_SUPPORT; }
static HRESULT STDMETHODCALLTYPE fp_getids(IMAPIProp *iface, ULONG a, LPMAPINAMEID *b, ULONG c, LPSPropTagArray *d) { return MAPI_E_NO_SUPPORT; }

static IMAPIPropVtbl fake_prop_vtbl = {
    fp_qi, fp_addref, fp_release, fp_getlasterror, fp_savechanges, fp_getprops, fp_getproplist,
    fp_openproperty, fp_setprops, fp_deleteprops, fp_copyto, fp_copyprops, fp_getnames, fp_getids,
};

START_TEST(one_prop_helpers)
{
    fake_prop obj = {.iface = {&fake_prop_vtbl}, .ref = 1};
    SPropValue v = sv(PR_SUBJECT_A), *got = (SPropValue *)1;

    v.Value.lpszA = "Subject line";
    ck_assert_int_eq(HrSetOneProp(&obj.iface, &v), S_OK);
    ck_assert_int_eq(HrGetOneProp(&obj.iface, PR_SUBJECT_A, &got), S_OK);
    ck_assert_str_eq(got->Value.lpszA, "Subject line");
    ck_assert_uint_eq(MAPIFreeBuffer(got), S_OK);
    ck_assert_int_eq(HrGetOneProp(&obj.iface, PR_BODY_A, &got), MAPI_E_NOT_FOUND);
    ck_assert_ptr_null(got);
    ck_assert_int_eq(HrGetOneProp(NULL, PR_BODY_A, &got), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(HrGetOneProp(&obj.iface, PR_BODY_A, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert(FPropExists(&obj.iface, PR_SUBJECT_A));
    ck_assert(FPropExists(&obj.iface, CHANGE_PROP_TYPE(PR_SUBJECT_A, PT_UNSPECIFIED)));
    ck_assert(!FPropExists(&obj.iface, PR_SUBJECT_W));
    ck_assert(!FPropExists(&obj.iface, PR_BODY_A));
    ck_assert(!FPropExists(NULL, PR_SUBJECT_A));
    obj.set_problem = MAPI_E_NO_ACCESS;
    ck_assert_int_eq(HrSetOneProp(&obj.iface, &v), MAPI_E_NO_ACCESS);
    ck_assert_int_eq(HrSetOneProp(NULL, &v), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(HrSetOneProp(&obj.iface, NULL), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(UlAddRef(&obj.iface), 2);
    ck_assert_int_eq(UlRelease(&obj.iface), 1);
    ck_assert_int_eq(UlAddRef(NULL), 0);
    ck_assert_int_eq(UlRelease(NULL), 0);
}
END_TEST

typedef struct
{
    IMAPITable iface;
    ULONG rows, pos, batch;     /* rows in the table; QueryRows gives at most 'batch' */
    int set_columns, restricted, sorted;
} fake_table;

#define FT(name, ...) static HRESULT STDMETHODCALLTYPE ft_##name(IMAPITable *iface, ##__VA_ARGS__) { return MAPI_E_NO_SUPPORT; }
static HRESULT STDMETHODCALLTYPE ft_qi(IMAPITable *iface, REFIID riid, void **out) { *out = NULL; return E_NOINTERFACE; }
static ULONG STDMETHODCALLTYPE ft_addref(IMAPITable *iface) { return 2; }
static ULONG STDMETHODCALLTYPE ft_release(IMAPITable *iface) { return 1; }
FT(getlasterror, HRESULT a, ULONG b, LPMAPIERROR *c)
FT(advise, ULONG a, LPMAPIADVISESINK b, ULONG_PTR *c)
FT(unadvise, ULONG_PTR a)
FT(getstatus, ULONG *a, ULONG *b)
static HRESULT STDMETHODCALLTYPE ft_setcolumns(IMAPITable *iface, LPSPropTagArray t, ULONG f)
{ ((fake_table *)iface)->set_columns++; return S_OK; }
FT(querycolumns, ULONG a, LPSPropTagArray *b)
FT(getrowcount, ULONG a, ULONG *b)
static HRESULT STDMETHODCALLTYPE ft_seekrow(IMAPITable *iface, BOOKMARK bk, LONG n, LONG *sought)
{ ((fake_table *)iface)->pos = 0; return S_OK; }
FT(seekrowapprox, ULONG a, ULONG b)
FT(queryposition, ULONG *a, ULONG *b, ULONG *c)
FT(findrow, LPSRestriction a, BOOKMARK b, ULONG c)
static HRESULT STDMETHODCALLTYPE ft_restrict(IMAPITable *iface, LPSRestriction r, ULONG f)
{ ((fake_table *)iface)->restricted++; return S_OK; }
FT(createbookmark, BOOKMARK *a)
FT(freebookmark, BOOKMARK a)
static HRESULT STDMETHODCALLTYPE ft_sorttable(IMAPITable *iface, LPSSortOrderSet s, ULONG f)
{ ((fake_table *)iface)->sorted++; return S_OK; }
FT(querysortorder, LPSSortOrderSet *a)
static HRESULT STDMETHODCALLTYPE ft_queryrows(IMAPITable *iface, LONG count, ULONG flags, LPSRowSet *out)
{
    fake_table *This = (fake_table *)iface;
    ULONG n = This->rows - This->pos, i;
    if ((ULONG)count < n) n = count;
    if (This->batch && This->batch < n) n = This->batch;
    MAPIAllocateBuffer(CbNewSRowSet(n), (void **)out);
    (*out)->cRows = n;
    for (i = 0; i < n; i++)
    {
        SRow *row = &(*out)->aRow[i];
        row->cValues = 1;
        MAPIAllocateBuffer(sizeof(SPropValue), (void **)&row->lpProps);
        row->lpProps[0] = sv(PR_ROWID);
        row->lpProps[0].Value.l = This->pos++;
    }
    return S_OK;
}
FT(abort)
FT(expandrow, ULONG a, LPBYTE b, ULONG c, ULONG d, LPSRowSet *e, ULONG *f)
FT(collapserow, ULONG a, LPBYTE b, ULONG c, ULONG *d)
FT(waitforcompletion, ULONG a, ULONG b, ULONG *c)
FT(getcollapsestate, ULONG a, ULONG b, LPBYTE c, ULONG *d, LPBYTE *e)
FT(setcollapsestate, ULONG a, ULONG b, LPBYTE c, BOOKMARK *d)

static IMAPITableVtbl fake_table_vtbl = {
    ft_qi, ft_addref, ft_release, ft_getlasterror, ft_advise, ft_unadvise, ft_getstatus,
    ft_setcolumns, ft_querycolumns, ft_getrowcount, ft_seekrow, ft_seekrowapprox, ft_queryposition,
    ft_findrow, ft_restrict, ft_createbookmark, ft_freebookmark, ft_sorttable, ft_querysortorder,
    ft_queryrows, ft_abort, ft_expandrow, ft_collapserow, ft_waitforcompletion, ft_getcollapsestate,
    ft_setcollapsestate,
};

START_TEST(query_all_rows)
{
    fake_table t = {.iface = {&fake_table_vtbl}, .rows = 25, .batch = 7};
    SizedSPropTagArray(1, cols) = {1, {PR_ROWID}};
    SRestriction res = {.rt = RES_EXIST};
    SizedSSortOrderSet(1, sort) = {1, 0, 0, {{PR_ROWID, TABLE_SORT_ASCEND}}};
    LPSRowSet rows = (LPSRowSet)1;
    ULONG i;

    ck_assert_int_eq(HrQueryAllRows(&t.iface, (LPSPropTagArray)&cols, &res, (LPSSortOrderSet)&sort, 0, &rows), S_OK);
    ck_assert_int_eq(t.set_columns, 1);
    ck_assert_int_eq(t.restricted, 1);
    ck_assert_int_eq(t.sorted, 1);
    ck_assert_uint_eq(rows->cRows, 25);
    for (i = 0; i < 25; i++) ck_assert_int_eq(rows->aRow[i].lpProps[0].Value.l, (LONG)i);
    FreeProws(rows);

    ck_assert_int_eq(HrQueryAllRows(&t.iface, NULL, NULL, NULL, 25, &rows), S_OK);
    ck_assert_uint_eq(rows->cRows, 25);
    FreeProws(rows);
    ck_assert_int_eq(t.set_columns, 1);
    ck_assert_int_eq(HrQueryAllRows(&t.iface, NULL, NULL, NULL, 24, &rows), MAPI_E_TABLE_TOO_BIG);
    ck_assert_ptr_null(rows);
    t.rows = 0;
    ck_assert_int_eq(HrQueryAllRows(&t.iface, NULL, NULL, NULL, 0, &rows), S_OK);
    ck_assert_uint_eq(rows->cRows, 0);
    FreeProws(rows);
    ck_assert_int_eq(HrQueryAllRows(NULL, NULL, NULL, NULL, 0, &rows), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(HrQueryAllRows(&t.iface, NULL, NULL, NULL, 0, NULL), MAPI_E_INVALID_PARAMETER);
    FreeProws(NULL);
    FreePadrlist(NULL);
}
END_TEST

START_TEST(free_padrlist)
{
    LPADRLIST list;
    ULONG i;

    ck_assert_int_eq(MAPIAllocateBuffer(CbNewADRLIST(3), (void **)&list), S_OK);
    list->cEntries = 3;
    for (i = 0; i < 3; i++)
    {
        list->aEntries[i].cValues = 1;
        ck_assert_int_eq(MAPIAllocateBuffer(sizeof(SPropValue), (void **)&list->aEntries[i].rgPropVals), S_OK);
    }
    FreePadrlist(list);
    ck_assert_uint_eq(MAPIFreeBuffer(list), (ULONG)MAPI_E_INVALID_PARAMETER);   /* already gone */
}
END_TEST

/* ---- Validators ---- */

START_TEST(validators)
{
    SPropValue p[32], bad = sv(PROP_TAG(PT_STRING8, 1));
    ULONG n = make_all(p);
    SRow row = {0, n, p};
    SizedSRowSet(2, rs) = {2, {{0, n, p}, {0, 1, &bad}}};
    char *strs[] = {"a", "b"}, *badstrs[] = {"a", NULL};
    WCHAR *wstrs[] = {L"a"}, *badw[] = {NULL};
    MAPINAMEID id = {(GUID *)&guid1, MNID_ID, {0}}, name = {(GUID *)&guid1, MNID_STRING, {0}}, *names[2];
    SizedSPropTagArray(2, cols) = {2, {PR_SUBJECT, PR_BODY}};
    SizedSSortOrderSet(2, sos) = {2, 1, 1, {{PR_SUBJECT, TABLE_SORT_ASCEND}, {PR_BODY, TABLE_SORT_DESCEND}}};
    BYTE eid[] = {1, 2, 3};
    SBinary bins[2] = {{3, eid}, {0, NULL}};
    ENTRYLIST el = {1, bins};
    SRestriction r[4], loop;
    SPropValue str = sv(PR_SUBJECT_A);

    ck_assert(!FBadPropTag(PR_SUBJECT));
    ck_assert(!FBadPropTag(PROP_TAG(PT_MV_UNICODE, 0x8000)));
    ck_assert(FBadPropTag(PROP_TAG(0x55, 1)));
    ck_assert(FBadPropTag(PROP_TAG(MV_FLAG | PT_BOOLEAN, 1)));
    ck_assert(!FBadProp(&p[0]));
    ck_assert(FBadProp(&bad));
    ck_assert(FBadProp(NULL));
    for (ULONG i = 0; i < n; i++) ck_assert_msg(!FBadProp(&p[i]), "prop %lu", i);
    ck_assert(!FBadRow(&row));
    ck_assert(FBadRow(NULL));
    ck_assert(FBadRowSet((LPSRowSet)&rs));
    rs.cRows = 1;
    ck_assert(!FBadRowSet((LPSRowSet)&rs));
    ck_assert(FBadRowSet(NULL));
    ck_assert(!FBadRglpszA(strs, 2));
    ck_assert(FBadRglpszA(badstrs, 2));
    ck_assert(!FBadRglpszA(NULL, 0));
    ck_assert(FBadRglpszA(NULL, 1));
    ck_assert(!FBadRglpszW(wstrs, 1));
    ck_assert(FBadRglpszW(badw, 1));
    id.Kind.lID = 5;
    name.Kind.lpwstrName = L"Keywords";
    names[0] = &id; names[1] = &name;
    ck_assert(!FBadRglpNameID(names, 2));
    name.Kind.lpwstrName = NULL;
    ck_assert(FBadRglpNameID(names, 2));
    name.ulKind = 7;
    ck_assert(FBadRglpNameID(names, 2));
    ck_assert(FBadRglpNameID(NULL, 1));
    ck_assert(!FBadColumnSet((LPSPropTagArray)&cols));
    cols.aulPropTag[1] = PROP_TAG(PT_ERROR, 1);
    ck_assert(FBadColumnSet((LPSPropTagArray)&cols));
    ck_assert(FBadColumnSet(NULL));
    ck_assert(!FBadSortOrderSet((LPSSortOrderSet)&sos));
    sos.cCategories = 3;
    ck_assert(FBadSortOrderSet((LPSSortOrderSet)&sos));
    sos.cCategories = 1;
    sos.aSort[1].ulOrder = 0x99;
    ck_assert(FBadSortOrderSet((LPSSortOrderSet)&sos));
    ck_assert(FBadSortOrderSet(NULL));
    ck_assert(!FBadEntryList(&el));
    el.cValues = 2;   /* an empty entry ID */
    ck_assert(FBadEntryList(&el));
    ck_assert(FBadEntryList(NULL));

    str.Value.lpszA = "x";
    memset(r, 0, sizeof(r));
    r[0].rt = RES_AND; r[0].res.resAnd.cRes = 3; r[0].res.resAnd.lpRes = &r[1];
    r[1].rt = RES_CONTENT; r[1].res.resContent.ulFuzzyLevel = FL_SUBSTRING | FL_IGNORECASE;
    r[1].res.resContent.ulPropTag = PR_SUBJECT_A; r[1].res.resContent.lpProp = &str;
    r[2].rt = RES_PROPERTY; r[2].res.resProperty.relop = RELOP_EQ;
    r[2].res.resProperty.ulPropTag = PR_SUBJECT_A; r[2].res.resProperty.lpProp = &str;
    r[3].rt = RES_EXIST; r[3].res.resExist.ulPropTag = PR_BODY_A;
    ck_assert(!FBadRestriction(r));
    r[2].res.resProperty.relop = 42;
    ck_assert(FBadRestriction(r));
    r[2].res.resProperty.relop = RELOP_NE;
    r[2].res.resProperty.ulPropTag = PR_BODY_W;   /* value type does not match */
    ck_assert(FBadRestriction(r));
    r[2].res.resProperty.ulPropTag = PR_SUBJECT_A;
    r[3].rt = 99;
    ck_assert(FBadRestriction(r));
    ck_assert(FBadRestriction(NULL));
    /* A cycle is refused, not followed forever. */
    loop.rt = RES_NOT; loop.res.resNot.lpRes = &loop;
    ck_assert(FBadRestriction(&loop));
}
END_TEST

static Suite *prop_suite(void)
{
    Suite *s = suite_create("prop");
    TCase *tc = tcase_create("prop");

    tcase_add_test(tc, propcopymore_every_type);
    tcase_add_test(tc, propcopymore_bad_input);
    tcase_add_test(tc, ulpropsize);
    tcase_add_test(tc, lpropcompareprop_types);
    tcase_add_test(tc, fpropcompareprop_relops);
    tcase_add_test(tc, fpropcontainsprop_levels);
    tcase_add_test(tc, find_props);
    tcase_add_test(tc, copy_and_relocate_props);
    tcase_add_test(tc, copy_props_bad_input);
    tcase_add_test(tc, notifications);
    tcase_add_test(tc, one_prop_helpers);
    tcase_add_test(tc, query_all_rows);
    tcase_add_test(tc, free_padrlist);
    tcase_add_test(tc, validators);
    suite_add_tcase(s, tc);
    return s;
}

HARNESS_MAIN(prop_suite)
