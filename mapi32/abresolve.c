/*
 * Name resolution for IAddrBook::ResolveName (iaddrbook-resolvename.md):
 * one-off addresses (one-off-addresses.md), and asking each container of
 * the search path, with the PR_ANR restriction for those that cannot
 * ResolveNames.
 */
#define COBJMACROS
#include <stddef.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "mapi32_private.h"
#include "addrbook.h"
#include "addrbook_private.h"
#include "mapierror.h"
#include "profile_store.h"
#include "session.h"

#include <mapiguid.h>
#include <mapiutil.h>

/* ---- name resolution ---- */

/* Backslash quoting of one-off addresses (one-off-addresses.md): "\\" is a
 * backslash, "\xNN" the character NN, "\c" the character c. */
static WCHAR *ab_unquote(const WCHAR *s, int len)
{
    WCHAR *w;
    int i, n = 0;

    if (!(w = HeapAlloc(GetProcessHeap(), 0, (len + 1) * sizeof(WCHAR)))) return NULL;
    for (i = 0; i < len; i++) {
        if (s[i] == '\\' && i + 1 < len) {
            if ((s[i + 1] == 'x' || s[i + 1] == 'X') && i + 3 < len && iswxdigit(s[i + 2]) && iswxdigit(s[i + 3])) {
                WCHAR hex[3] = {s[i + 2], s[i + 3], 0};
                w[n++] = (WCHAR)wcstoul(hex, NULL, 16);
                i += 3;
                continue;
            }
            i++;
        }
        w[n++] = s[i];
    }
    w[n] = 0;
    return w;
}

/* The position of the first unquoted c in s[from..len), or -1. */
static int ab_find_unquoted(const WCHAR *s, int from, int len, WCHAR c)
{
    int i;

    for (i = from; i < len; i++) {
        if (s[i] == '\\') i++;
        else if (s[i] == c) return i;
    }
    return -1;
}

/* one-off-addresses.md: "Display name[TYPE:address]" (nothing but blanks
 * after the bracket), or an SMTP address XXX@YYY.ZZZ. */
static BOOL ab_parse_one_off_address(const WCHAR *s, struct ab_one_off *o)
{
    int len = lstrlenW(s), open, colon, close, i, at = -1, dot = -1;

    memset(o, 0, sizeof(*o));
    o->flags = MAPI_ONE_OFF_UNICODE;
    if ((open = ab_find_unquoted(s, 0, len, '[')) >= 0 && (colon = ab_find_unquoted(s, open + 1, len, ':')) > open + 1 &&
        (close = ab_find_unquoted(s, colon + 1, len, ']')) > colon + 1) {
        for (i = close + 1; i < len && iswspace(s[i]); i++) ;
        if (i == len && ab_find_unquoted(s, open + 1, colon, ']') < 0) {
            int end = open;
            while (end > 0 && iswspace(s[end - 1])) end--;
            o->type = ab_unquote(s + open + 1, colon - open - 1);
            o->addr = ab_unquote(s + colon + 1, close - colon - 1);
            o->name = end ? ab_unquote(s, end) : (o->addr ? ab_wdup(o->addr, -1) : NULL);
            if (o->type && o->addr && o->name) return TRUE;
            oneoff_free(o);
            return FALSE;
        }
    }
    for (i = 0; i < len; i++) {
        if (iswspace(s[i]) || s[i] == '[' || s[i] == ']') return FALSE;
        if (s[i] == '@') {
            if (at >= 0) return FALSE;
            at = i;
        } else if (s[i] == '.' && at >= 0 && dot < 0) dot = i;
    }
    if (at <= 0 || dot < 0 || dot == at + 1 || dot == len - 1) return FALSE;
    o->name = ab_wdup(s, len);
    o->type = ab_wdup(L"SMTP", -1);
    o->addr = ab_wdup(s, len);
    if (o->name && o->type && o->addr) return TRUE;
    oneoff_free(o);
    return FALSE;
}

/* A recipient whose name is a one-off address gets its one-off entry ID. */
HRESULT ab_resolve_one_off(ADRENTRY *row, const WCHAR *name, BOOL unicode, BOOL *done)
{
    struct ab_one_off o;
    SPropValue *props;
    ENTRYID *eid;
    ULONG cb;
    HRESULT hr;

    *done = FALSE;
    if (!ab_parse_one_off_address(name, &o)) return S_OK;
    hr = addrbook_one_off((LPTSTR)o.name, (LPTSTR)o.type, (LPTSTR)o.addr, MAPI_UNICODE, &cb, &eid);
    if (!hr) {
        hr = oneoff_props(o.name, o.type, o.addr, MAPI_ONE_OFF_UNICODE, cb, (BYTE *)eid, unicode, &props);
        MAPIFreeBuffer(eid);
        if (!hr) {
            hr = ab_merge_row(row, props, ONEOFF_PROPS);
            MAPIFreeBuffer(props);
            *done = !hr;
        }
    }
    oneoff_free(&o);
    return hr;
}

WCHAR *ab_row_name(const ADRENTRY *row)
{
    SPropValue *v = ab_find_id(row->rgPropVals, row->cValues, PR_DISPLAY_NAME_W);
    WCHAR *w = ab_string_of(v);

    if (w && !w[0]) {
        HeapFree(GetProcessHeap(), 0, w);
        w = NULL;
    }
    return w;
}

static const SizedSPropTagArray(8, anr_cols) = {8, {
    PR_ENTRYID, PR_DISPLAY_NAME_W, PR_ADDRTYPE_W, PR_EMAIL_ADDRESS_W, PR_OBJECT_TYPE, PR_DISPLAY_TYPE,
    PR_SEARCH_KEY, PR_TRANSMITABLE_DISPLAY_NAME_W}};

/* iaddrbook-resolvename.md step 3: a container without ResolveNames is
 * asked through its contents table restricted on PR_ANR. */
static void ab_resolve_anr(IMAPIContainer *cont, ADRLIST *list, FlagList *fl, BOOL unicode)
{
    IMAPITable *table = NULL;
    SRestriction res;
    SPropValue prop;
    SRowSet *rows;
    ULONG i;

    if (FAILED(IMAPIContainer_GetContentsTable(cont, MAPI_UNICODE, &table)) || !table) return;
    if (FAILED(IMAPITable_SetColumns(table, (SPropTagArray *)&anr_cols, 0))) goto done;
    for (i = 0; i < list->cEntries; i++) {
        WCHAR *name;

        if (fl->ulFlag[i] != MAPI_UNRESOLVED || !(name = ab_row_name(&list->aEntries[i]))) continue;
        prop.ulPropTag = PR_ANR_W;
        prop.dwAlignPad = 0;
        prop.Value.lpszW = name;
        res.rt = RES_PROPERTY;
        res.res.resProperty.relop = RELOP_EQ;
        res.res.resProperty.ulPropTag = PR_ANR_W;
        res.res.resProperty.lpProp = &prop;
        rows = NULL;
        if (SUCCEEDED(IMAPITable_Restrict(table, &res, 0)) &&
            SUCCEEDED(IMAPITable_SeekRow(table, BOOKMARK_BEGINNING, 0, NULL)) &&
            SUCCEEDED(IMAPITable_QueryRows(table, 2, 0, &rows)) && rows) {
            if (rows->cRows == 1 && ab_find_bin(rows->aRow[0].lpProps, rows->aRow[0].cValues, PR_ENTRYID)) {
                SPropValue *vals = rows->aRow[0].lpProps, *conv;
                ULONG n = 0, j;
                /* What the container does not have is not the recipient's. */
                for (j = 0; j < rows->aRow[0].cValues; j++)
                    if (PROP_TYPE(vals[j].ulPropTag) != PT_ERROR) vals[n++] = vals[j];
                if (!props_convert(vals, n, unicode, &conv)) {
                    if (!ab_merge_row(&list->aEntries[i], conv, n)) fl->ulFlag[i] = MAPI_RESOLVED;
                    MAPIFreeBuffer(conv);
                }
            } else if (rows->cRows > 1) fl->ulFlag[i] = MAPI_AMBIGUOUS;
        }
        if (rows) FreeProws(rows);
        HeapFree(GetProcessHeap(), 0, name);
    }
done:
    IMAPITable_Release(table);
}

HRESULT ab_check_adrlist(const ADRLIST *list)
{
    ULONG i;

    if (!list || IsBadReadPtr(list, offsetof(ADRLIST, aEntries)) || list->cEntries > 0x100000 ||
        IsBadWritePtr((void *)list, CbADRLIST(list)))
        return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < list->cEntries; i++) {
        const ADRENTRY *e = &list->aEntries[i];
        if (e->cValues > 0x10000 || (e->cValues && !e->rgPropVals) ||
            (e->cValues && IsBadReadPtr(e->rgPropVals, e->cValues * sizeof(SPropValue))))
            return MAPI_E_INVALID_PARAMETER;
    }
    return S_OK;
}

/* The container at the search path's position, asked to resolve. */
void ab_resolve_in(struct addrbook *ab, SPropValue *props, ADRLIST *list, FlagList *fl, ULONG flags)
{
    SBinary *b = &props[AB_C_ENTRYID].Value.bin;
    IABContainer *cont = NULL;
    IUnknown *unk;
    ULONG type;
    HRESULT hr;

    if (ab_open(ab, b->cb, (ENTRYID *)b->lpb, NULL, 0, &type, &unk)) return;
    if (type == MAPI_ABCONT) IUnknown_QueryInterface(unk, &IID_IABContainer, (void **)&cont);
    IUnknown_Release(unk);
    if (!cont) return;
    hr = IABContainer_ResolveNames(cont, NULL, flags & (MAPI_UNICODE | MAPI_CACHE_ONLY), list, fl);
    TRACE("ResolveNames of %ls -> %#lx",
          PROP_TYPE(props[AB_C_NAME].ulPropTag) == PT_UNICODE ? props[AB_C_NAME].Value.lpszW : L"?", hr);
    if (hr == MAPI_E_NO_SUPPORT) ab_resolve_anr((IMAPIContainer *)cont, list, fl, (flags & MAPI_UNICODE) != 0);
    IABContainer_Release(cont);
}
