/* FILETIME arithmetic, string, hex and misc helpers (util.c). */
#include <string.h>

#include <mapix.h>
#include <mapiutil.h>
#include <mapiwin.h>

#include "harness.h"

static FILETIME ft(ULONGLONG v)
{
    FILETIME f = {(DWORD)v, (DWORD)(v >> 32)};
    return f;
}

static ULONGLONG u64(FILETIME f)
{
    return ((ULONGLONG)f.dwHighDateTime << 32) | f.dwLowDateTime;
}

START_TEST(filetime_add_sub)
{
    ck_assert_uint_eq(u64(FtAddFt(ft(1), ft(2))), 3);
    /* Carry from the low into the high DWORD. */
    ck_assert_uint_eq(u64(FtAddFt(ft(0xffffffffull), ft(1))), 0x100000000ull);
    /* Wraps modulo 2^64. */
    ck_assert_uint_eq(u64(FtAddFt(ft(~0ull), ft(2))), 1);
    ck_assert_uint_eq(u64(FtSubFt(ft(10), ft(3))), 7);
    /* Borrow from the high DWORD. */
    ck_assert_uint_eq(u64(FtSubFt(ft(0x100000000ull), ft(1))), 0xffffffffull);
    ck_assert_uint_eq(u64(FtSubFt(ft(0), ft(1))), ~0ull);
    ck_assert_uint_eq(u64(FtNegFt(ft(1))), ~0ull);
    ck_assert_uint_eq(u64(FtNegFt(ft(0))), 0);
    ck_assert_uint_eq(u64(FtNegFt(ft(0x100000000ull))), 0xffffffff00000000ull);
}
END_TEST

START_TEST(filetime_adc)
{
    WORD carry = 0;

    ck_assert_uint_eq(u64(FtAdcFt(ft(5), ft(6), NULL)), 11);
    ck_assert_uint_eq(u64(FtAdcFt(ft(5), ft(6), &carry)), 11);
    ck_assert_uint_eq(carry, 0);
    carry = 1;
    ck_assert_uint_eq(u64(FtAdcFt(ft(5), ft(6), &carry)), 12);
    ck_assert_uint_eq(carry, 0);
    carry = 0;
    ck_assert_uint_eq(u64(FtAdcFt(ft(~0ull), ft(1), &carry)), 0);
    ck_assert_uint_eq(carry, 1);
    /* The incoming carry alone overflows. */
    carry = 1;
    ck_assert_uint_eq(u64(FtAdcFt(ft(~0ull), ft(0), &carry)), 0);
    ck_assert_uint_eq(carry, 1);
    carry = 1;
    ck_assert_uint_eq(u64(FtAdcFt(ft(~0ull), ft(~0ull), &carry)), ~0ull);
    ck_assert_uint_eq(carry, 1);
}
END_TEST

START_TEST(filetime_mul_div)
{
    ck_assert_uint_eq(u64(FtMulDwDw(0xffffffffu, 0xffffffffu)), 0xfffffffe00000001ull);
    ck_assert_uint_eq(u64(FtMulDwDw(10000, 1000)), 10000000);
    ck_assert_uint_eq(u64(FtMulDw(10000, ft(123456789ull))), 1234567890000ull);
    ck_assert_uint_eq(u64(FtMulDw(2, ft(0x8000000000000001ull))), 2);   /* modulo 2^64 */
    ck_assert_uint_eq(u64(FtMulDw(0, ft(~0ull))), 0);
    /* (a * b) >> (64 + shift): with b = 2^63 and shift 0, a / 2. */
    ck_assert_uint_eq(u64(FtDivFtBogus(ft(1000), ft(1ull << 63), 0)), 500);
    ck_assert_uint_eq(u64(FtDivFtBogus(ft(~0ull), ft(~0ull), 0)), 0xfffffffffffffffeull);
    ck_assert_uint_eq(u64(FtDivFtBogus(ft(~0ull), ft(~0ull), 4)), 0x0fffffffffffffffull);
    ck_assert_uint_eq(u64(FtDivFtBogus(ft(~0ull), ft(~0ull), 64)), 0);
    /* The SDK's magic for 1/10^7: 0xd6bf94d5e57a42bd with shift 23. */
    ck_assert_uint_eq(u64(FtDivFtBogus(ft(123456789ull * 10000000ull), ft(0xd6bf94d5e57a42bdull), 23)), 123456789ull);
}
END_TEST

START_TEST(string_search)
{
    static char s[] = "hello world";

    ck_assert_ptr_eq(SzFindCh(s, 'o'), s + 4);
    ck_assert_ptr_null(SzFindCh(s, 'z'));
    ck_assert_ptr_null(SzFindCh(s, 0));
    ck_assert_ptr_null(SzFindCh(NULL, 'a'));
    ck_assert_ptr_eq(SzFindLastCh(s, 'o'), s + 7);
    ck_assert_ptr_eq(SzFindLastCh(s, 'h'), s);
    ck_assert_ptr_null(SzFindLastCh(s, 'z'));
    ck_assert_ptr_null(SzFindLastCh(NULL, 'z'));
    ck_assert_ptr_eq(SzFindSz(s, "wor"), s + 6);
    ck_assert_ptr_eq(SzFindSz(s, "hello world"), s);
    ck_assert_ptr_null(SzFindSz(s, "world!"));
    ck_assert_ptr_null(SzFindSz(s, ""));
    ck_assert_ptr_null(SzFindSz(NULL, "a"));
    ck_assert_ptr_null(SzFindSz(s, NULL));
    ck_assert_ptr_null(SzFindSz("", "a"));
}
END_TEST

START_TEST(number_parsing)
{
    ck_assert_uint_eq(UFromSz("55"), 55);
    ck_assert_uint_eq(UFromSz("5a5b"), 5);
    ck_assert_uint_eq(UFromSz("a5b5"), 0);
    ck_assert_uint_eq(UFromSz(""), 0);
    ck_assert_uint_eq(UFromSz(NULL), 0);
    ck_assert_uint_eq(UFromSz("4294967295"), 4294967295u);
    ck_assert_uint_eq(UFromSz("4294967296"), 0);   /* wraps */
    ck_assert_uint_eq(UlFromSzHex("1F"), 0x1f);
    ck_assert_uint_eq(UlFromSzHex("deadBEEF"), 0xdeadbeef);
    ck_assert_uint_eq(UlFromSzHex("12g4"), 0x12);
    ck_assert_uint_eq(UlFromSzHex("x1"), 0);
    ck_assert_uint_eq(UlFromSzHex(NULL), 0);
}
END_TEST

START_TEST(hex_conversion)
{
    BYTE in[] = {0x00, 0x01, 0xab, 0xff, 0x7e}, out[8];
    char hex[16];

    memset(hex, 'x', sizeof(hex));
    HexFromBin(in, sizeof(in), hex);
    ck_assert_str_eq(hex, "0001ABFF7E");
    HexFromBin(in, 0, hex);
    ck_assert_str_eq(hex, "");
    HexFromBin(in, 2, NULL);   /* no crash */

    memset(out, 0, sizeof(out));
    ck_assert(FBinFromHex("0001abFF7e", out));
    ck_assert_mem_eq(out, in, sizeof(in));
    ck_assert(FBinFromHex("", out));
    ck_assert(!FBinFromHex("0g", out));
    ck_assert(!FBinFromHex("123", out));   /* odd number of digits */
    ck_assert(!FBinFromHex(NULL, out));
    ck_assert(!FBinFromHex("00", NULL));

    memset(out, 0xee, sizeof(out));
    ck_assert_int_eq(ScBinFromHexBounded("0102030405", out, 3), S_OK);
    ck_assert_uint_eq(out[2], 3);
    ck_assert_uint_eq(out[3], 0xee);   /* bounded */
    ck_assert_int_eq(ScBinFromHexBounded("01zz", out, 4), MAPI_E_CALL_FAILED);
    ck_assert_int_eq(ScBinFromHexBounded("010", out, 4), MAPI_E_CALL_FAILED);
    ck_assert_int_eq(ScBinFromHexBounded(NULL, out, 4), MAPI_E_INVALID_PARAMETER);
    ck_assert_int_eq(ScBinFromHexBounded("01", NULL, 4), MAPI_E_INVALID_PARAMETER);
}
END_TEST

START_TEST(byte_swapping)
{
    ULONG l[] = {0x11223344, 0xaabbccdd};
    USHORT w[] = {0x1122, 0xaabb, 0x0001};

    ck_assert_uint_eq(SwapPlong(l, 2), 2);
    ck_assert_uint_eq(l[0], 0x44332211);
    ck_assert_uint_eq(l[1], 0xddccbbaa);
    ck_assert_uint_eq(SwapPword(w, 3), 3);
    ck_assert_uint_eq(w[0], 0x2211);
    ck_assert_uint_eq(w[2], 0x0100);
    ck_assert_uint_eq(SwapPlong(NULL, 5), 0);
    ck_assert_uint_eq(SwapPword(NULL, 5), 0);
    ck_assert_uint_eq(SwapPlong(l, 0), 0);
}
END_TEST

START_TEST(bounded_string_ptr)
{
    ck_assert(!IsBadBoundedStringPtr("abc", 10));
    ck_assert(!IsBadBoundedStringPtr("abc", 2));
    ck_assert(IsBadBoundedStringPtr(NULL, 10));
    ck_assert(!IsBadBoundedStringPtr(NULL, 0));
    ck_assert(IsBadBoundedStringPtr((void *)16, 10));
}
END_TEST

START_TEST(equal_names)
{
    GUID g1 = {1, 2, 3, {4}}, g2 = {1, 2, 3, {5}};
    MAPINAMEID a = {&g1, MNID_ID, {0}}, b = {&g1, MNID_ID, {0}};

    a.Kind.lID = 0x8001; b.Kind.lID = 0x8001;
    ck_assert(FEqualNames(&a, &b));
    b.Kind.lID = 0x8002;
    ck_assert(!FEqualNames(&a, &b));
    b.Kind.lID = 0x8001;
    b.lpguid = &g2;
    ck_assert(!FEqualNames(&a, &b));
    a.ulKind = b.ulKind = MNID_STRING;
    a.lpguid = b.lpguid = &g1;
    a.Kind.lpwstrName = L"Keywords";
    b.Kind.lpwstrName = L"Keywords";
    ck_assert(FEqualNames(&a, &b));
    b.Kind.lpwstrName = L"keywords";
    ck_assert(!FEqualNames(&a, &b));
    b.ulKind = MNID_ID;
    ck_assert(!FEqualNames(&a, &b));
    ck_assert(!FEqualNames(&a, NULL));
    ck_assert(FEqualNames(NULL, NULL));
    a.lpguid = b.lpguid = NULL;
    a.ulKind = b.ulKind = MNID_ID;
    a.Kind.lID = b.Kind.lID = 1;
    ck_assert(FEqualNames(&a, &b));
}
END_TEST

static Suite *util_suite(void)
{
    Suite *s = suite_create("util");
    TCase *tc = tcase_create("util");

    tcase_add_test(tc, filetime_add_sub);
    tcase_add_test(tc, filetime_adc);
    tcase_add_test(tc, filetime_mul_div);
    tcase_add_test(tc, string_search);
    tcase_add_test(tc, number_parsing);
    tcase_add_test(tc, hex_conversion);
    tcase_add_test(tc, byte_swapping);
    tcase_add_test(tc, bounded_string_ptr);
    tcase_add_test(tc, equal_names);
    suite_add_tcase(s, tc);
    return s;
}

HARNESS_MAIN(util_suite)
