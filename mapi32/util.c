/* Small utilities: FILETIME arithmetic, reference counting helpers, string
 * search and conversion, hex, byte swapping and named-property comparison
 * (mapiutil.h; the MAPI reference page is named above each function). The
 * string functions work on 8-bit (ANSI) strings, as mapi32 exports them. */
#include <string.h>
#include <wchar.h>

#include "mapi32_private.h"
#include <mapiutil.h>
#include <mapiwin.h>

static inline ULONGLONG ft_get(FILETIME ft)
{
    return ((ULONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
}

static inline FILETIME ft_make(ULONGLONG v)
{
    FILETIME ft;
    ft.dwLowDateTime = (DWORD)v;
    ft.dwHighDateTime = (DWORD)(v >> 32);
    return ft;
}

/* Adds two unsigned 64-bit values, modulo 2^64 (ftaddft.md). */
FILETIME WINAPI FtAddFt(FILETIME ftAddend1, FILETIME ftAddend2)
{
    FILETIME ret = ft_make(ft_get(ftAddend1) + ft_get(ftAddend2));
    TRACE("(%#llx, %#llx) -> %#llx", ft_get(ftAddend1), ft_get(ftAddend2), ft_get(ret));
    return ret;
}

/* Adds two unsigned 64-bit values plus the incoming carry in *pwCarry, and
 * stores the carry out there (ftadcft.md). */
FILETIME WINAPI FtAdcFt(FILETIME ftAddend1, FILETIME ftAddend2, WORD *pwCarry)
{
    ULONGLONG a = ft_get(ftAddend1), b = ft_get(ftAddend2), sum = a + b;
    WORD carry = sum < a;
    FILETIME ret;

    if (pwCarry && *pwCarry)
    {
        sum++;
        if (!sum) carry = 1;
    }
    if (pwCarry) *pwCarry = carry;
    ret = ft_make(sum);
    TRACE("(%#llx, %#llx, %p) -> %#llx, carry %u", a, b, pwCarry, sum, carry);
    return ret;
}

/* Minuend minus Subtrahend, modulo 2^64 (ftsubft.md). */
FILETIME WINAPI FtSubFt(FILETIME ftMinuend, FILETIME ftSubtrahend)
{
    FILETIME ret = ft_make(ft_get(ftMinuend) - ft_get(ftSubtrahend));
    TRACE("(%#llx, %#llx) -> %#llx", ft_get(ftMinuend), ft_get(ftSubtrahend), ft_get(ret));
    return ret;
}

/* A 64-bit value times a 32-bit one, modulo 2^64 (ftmuldw.md). */
FILETIME WINAPI FtMulDw(DWORD ftMultiplier, FILETIME ftMultiplicand)
{
    FILETIME ret = ft_make(ft_get(ftMultiplicand) * ftMultiplier);
    TRACE("(%lu, %#llx) -> %#llx", ftMultiplier, ft_get(ftMultiplicand), ft_get(ret));
    return ret;
}

/* The full 64-bit product of two 32-bit values (ftmuldwdw.md). */
FILETIME WINAPI FtMulDwDw(DWORD ftMultiplicand, DWORD ftMultiplier)
{
    FILETIME ret = ft_make((ULONGLONG)ftMultiplicand * ftMultiplier);
    TRACE("(%lu, %lu) -> %#llx", ftMultiplicand, ftMultiplier, ft_get(ret));
    return ret;
}

/* Two's complement negation (ftnegft.md). */
FILETIME WINAPI FtNegFt(FILETIME ft)
{
    FILETIME ret = ft_make(0 - ft_get(ft));
    TRACE("(%#llx) -> %#llx", ft_get(ft), ft_get(ret));
    return ret;
}

/* Division by multiplying with a "magic" reciprocal: the 128-bit product
 * ftDividend * ftDivisor, shifted right by 64 + dwShift. Not in the MAPI
 * reference; this is what the MAPI SDK's sample code (which passes magic
 * reciprocals such as 1/10^7 scaled by 2^(64+23)) relies on. */
FILETIME WINAPI FtDivFtBogus(FILETIME ftDividend, FILETIME ftDivisor, DWORD dwShift)
{
    ULONGLONG a = ft_get(ftDividend), b = ft_get(ftDivisor);
    ULONGLONG al = (DWORD)a, ah = a >> 32, bl = (DWORD)b, bh = b >> 32;
    ULONGLONG ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    ULONGLONG mid = (ll >> 32) + (DWORD)lh + (DWORD)hl;
    ULONGLONG high = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    FILETIME ret = ft_make(dwShift >= 64 ? 0 : high >> dwShift);

    TRACE("(%#llx, %#llx, %lu) -> %#llx", a, b, dwShift, ft_get(ret));
    return ret;
}

/* IUnknown::AddRef on lpunk; 0 for NULL (uladdref.md). */
ULONG WINAPI UlAddRef(LPVOID lpunk)
{
    ULONG ret = lpunk ? ((IUnknown *)lpunk)->lpVtbl->AddRef((IUnknown *)lpunk) : 0;
    TRACE("(%p) -> %lu", lpunk, ret);
    return ret;
}

/* IUnknown::Release on lpunk; 0 for NULL (ulrelease.md). */
ULONG WINAPI UlRelease(LPVOID lpunk)
{
    ULONG ret = lpunk ? ((IUnknown *)lpunk)->lpVtbl->Release((IUnknown *)lpunk) : 0;
    TRACE("(%p) -> %lu", lpunk, ret);
    return ret;
}

/* First occurrence of ch in lpsz, or NULL (szfindch.md). The terminator is
 * not a match, as with StrChr. */
LPSTR WINAPI SzFindCh(LPCSTR lpsz, USHORT ch)
{
    const char *p = NULL;

    if (lpsz && ch && ch < 0x100)
        p = memchr(lpsz, ch, strlen(lpsz));
    TRACE("(%p, %#x) -> %p", lpsz, ch, p);
    return (LPSTR)p;
}

/* Last occurrence of ch in lpsz, or NULL (szfindlastch.md). */
LPSTR WINAPI SzFindLastCh(LPCSTR lpsz, USHORT ch)
{
    const char *p = NULL;

    if (lpsz && ch && ch < 0x100)
        p = strrchr(lpsz, ch);
    TRACE("(%p, %#x) -> %p", lpsz, ch, p);
    return (LPSTR)p;
}

/* First occurrence of lpszKey in lpsz, or NULL; an empty key is never found,
 * as with StrStr (szfindsz.md). */
LPSTR WINAPI SzFindSz(LPCSTR lpsz, LPCSTR lpszKey)
{
    const char *p = NULL;

    if (lpsz && lpszKey && *lpszKey)
        p = strstr(lpsz, lpszKey);
    TRACE("(%p, %p) -> %p", lpsz, lpszKey, p);
    return (LPSTR)p;
}

/* The leading decimal digits of lpsz as an unsigned number; 0 when there
 * are none (ufromsz.md). */
unsigned int WINAPI UFromSz(LPCSTR lpsz)
{
    unsigned int ret = 0;
    const char *p = lpsz;

    if (p)
        for (; *p >= '0' && *p <= '9'; p++) ret = ret * 10 + (unsigned)(*p - '0');
    TRACE("(%p) -> %u", lpsz, ret);
    return ret;
}

static inline int hex_value(unsigned c)
{
    if (c - '0' < 10u) return c - '0';
    c |= 0x20;
    if (c - 'a' < 6u) return c - 'a' + 10;
    return -1;
}

/* The leading hex digits of lpsz as a number (ulfromszhex.md). */
ULONG WINAPI UlFromSzHex(LPCSTR lpsz)
{
    ULONG ret = 0;
    const char *p = lpsz;
    int v;

    if (p)
        for (; (v = hex_value((unsigned char)*p)) >= 0; p++) ret = (ret << 4) | (ULONG)v;
    TRACE("(%p) -> %#lx", lpsz, ret);
    return ret;
}

/* Writes cb bytes as 2*cb upper-case hex digits and a terminator (hexfrombin.md). */
void WINAPI HexFromBin(LPBYTE lpb, int cb, LPSTR lpsz)
{
    static const char digits[] = "0123456789ABCDEF";
    int i;

    if (lpsz)
    {
        if (lpb)
            for (i = 0; i < cb; i++)
            {
                *lpsz++ = digits[lpb[i] >> 4];
                *lpsz++ = digits[lpb[i] & 15];
            }
        *lpsz = 0;
    }
    TRACE("(%p, %d, %p)", lpb, cb, lpsz);
}

/* Converts a hex string to bytes; FALSE on a non-hex character or an odd
 * number of digits (fbinfromhex.md). */
BOOL WINAPI FBinFromHex(LPSTR lpsz, LPBYTE lpb)
{
    const unsigned char *p = (const unsigned char *)lpsz;
    BOOL ret = lpsz && lpb;
    int hi, lo;

    while (ret && *p)
    {
        if ((hi = hex_value(p[0])) < 0 || (lo = hex_value(p[1])) < 0) ret = FALSE;
        else
        {
            *lpb++ = (BYTE)(hi << 4 | lo);
            p += 2;
        }
    }
    TRACE("(%p, %p) -> %d", lpsz, lpb, ret);
    return ret;
}

/* Converts at most cb bytes of a hex string (scbinfromhexbounded.md):
 * MAPI_E_CALL_FAILED on a non-hex character or an odd digit count. */
SCODE WINAPI ScBinFromHexBounded(LPSTR lpsz, LPBYTE lpb, ULONG cb)
{
    const unsigned char *p = (const unsigned char *)lpsz;
    SCODE sc = S_OK;
    ULONG n = 0;
    int hi, lo;

    if (!lpsz || (!lpb && cb))
        sc = MAPI_E_INVALID_PARAMETER;
    else
        while (*p && n < cb)
        {
            if ((hi = hex_value(p[0])) < 0 || (lo = hex_value(p[1])) < 0)
            {
                sc = MAPI_E_CALL_FAILED;
                break;
            }
            lpb[n++] = (BYTE)(hi << 4 | lo);
            p += 2;
        }
    TRACE("(%p, %p, %lu) -> %#lx", lpsz, lpb, cb, sc);
    return sc;
}

/* Reverses the byte order of ulCount ULONGs in place; returns ulCount
 * (the return value is not documented). */
ULONG WINAPI SwapPlong(PULONG lpData, ULONG ulCount)
{
    ULONG i;

    if (!lpData) ulCount = 0;
    for (i = 0; i < ulCount; i++) lpData[i] = __builtin_bswap32(lpData[i]);
    TRACE("(%p, %lu) -> %lu", lpData, ulCount, ulCount);
    return ulCount;
}

/* Reverses the byte order of ulCount USHORTs in place; returns ulCount. */
ULONG WINAPI SwapPword(PUSHORT lpData, ULONG ulCount)
{
    ULONG i;

    if (!lpData) ulCount = 0;
    for (i = 0; i < ulCount; i++) lpData[i] = __builtin_bswap16(lpData[i]);
    TRACE("(%p, %lu) -> %lu", lpData, ulCount, ulCount);
    return ulCount;
}

/* Non-zero unless lpsz is readable up to its terminator or cchMax chars;
 * 0 when cchMax is 0 (isbadboundedstringptr.md). */
BOOL WINAPI IsBadBoundedStringPtr(const void *lpsz, UINT cchMax)
{
    BOOL ret = cchMax ? (!lpsz || IsBadStringPtrA(lpsz, cchMax)) : FALSE;
    TRACE("(%p, %u) -> %d", lpsz, cchMax, ret);
    return ret;
}

/* Are two named-property names the same: same GUID, same kind, same ID or
 * (case-sensitively) the same name (feqnames.md)? */
BOOL WINAPI FEqualNames(LPMAPINAMEID lpName1, LPMAPINAMEID lpName2)
{
    BOOL ret;

    if (!lpName1 || !lpName2)
        ret = lpName1 == lpName2;
    else if (lpName1->ulKind != lpName2->ulKind)
        ret = FALSE;
    else if ((lpName1->lpguid == NULL) != (lpName2->lpguid == NULL) ||
             (lpName1->lpguid && memcmp(lpName1->lpguid, lpName2->lpguid, sizeof(GUID))))
        ret = FALSE;
    else if (lpName1->ulKind == MNID_ID)
        ret = lpName1->Kind.lID == lpName2->Kind.lID;
    else if (lpName1->ulKind == MNID_STRING)
        ret = lpName1->Kind.lpwstrName && lpName2->Kind.lpwstrName
              ? !wcscmp(lpName1->Kind.lpwstrName, lpName2->Kind.lpwstrName)
              : lpName1->Kind.lpwstrName == lpName2->Kind.lpwstrName;
    else
        ret = FALSE;
    TRACE("(%p, %p) -> %d", lpName1, lpName2, ret);
    return ret;
}
