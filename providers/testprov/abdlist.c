/*
 * The test address book's personal distribution lists (README.md, "The
 * address book"): two fixed lists, openable by entry ID as IDistList
 * objects whose contents table lists their members.  "Test List" holds
 * entry 0, "Test Sublist" and a one-off; "Test Sublist" holds entries 1 and
 * 0 and "Test List" again, so that expansion meets a duplicate, a nested
 * list and a cycle.  They are not rows of the directory's contents table.
 */
#include <string.h>

#include "testprov.h"

static const WCHAR *const list_names[TP_AB_LISTS] = { L"Test List", L"Test Sublist" };

#define OUTSIDER_NAME L"List Outsider"
#define OUTSIDER_ADDR L"list.outsider@example.com"
#define OUTSIDER_KEY "SMTP:LIST.OUTSIDER@EXAMPLE.COM"

/* A member: an entry of the directory, a list, or the one-off. */
enum { MEMBER_USER, MEMBER_LIST, MEMBER_ONEOFF };
static const struct { int kind; ULONG index; } members[TP_AB_LISTS][3] = {
    { { MEMBER_USER, 0 }, { MEMBER_LIST, 1 }, { MEMBER_ONEOFF, 0 } },
    { { MEMBER_USER, 1 }, { MEMBER_USER, 0 }, { MEMBER_LIST, 0 } },
};

enum { LP_ENTRYID, LP_NAME, LP_ADDRTYPE, LP_EMAIL, LP_OBJTYPE, LP_DISPTYPE, LP_SEARCH_KEY, LP_RECORD_KEY,
       LP_INSTANCE_KEY, LP_COUNT };

/* The columns of a member table: those of the directory's. */
static void member_columns(LPSPropTagArray cols, BOOL unicode)
{
    cols->cValues = LP_COUNT;
    cols->aulPropTag[LP_ENTRYID] = PR_ENTRYID;
    cols->aulPropTag[LP_NAME] = unicode ? PR_DISPLAY_NAME_W : PR_DISPLAY_NAME_A;
    cols->aulPropTag[LP_ADDRTYPE] = unicode ? PR_ADDRTYPE_W : PR_ADDRTYPE_A;
    cols->aulPropTag[LP_EMAIL] = unicode ? PR_EMAIL_ADDRESS_W : PR_EMAIL_ADDRESS_A;
    cols->aulPropTag[LP_OBJTYPE] = PR_OBJECT_TYPE;
    cols->aulPropTag[LP_DISPTYPE] = PR_DISPLAY_TYPE;
    cols->aulPropTag[LP_SEARCH_KEY] = PR_SEARCH_KEY;
    cols->aulPropTag[LP_RECORD_KEY] = PR_RECORD_KEY;
    cols->aulPropTag[LP_INSTANCE_KEY] = PR_INSTANCE_KEY;
}

/* Fills a list's or the one-off's properties into p (LP_COUNT, zeroed). */
static HRESULT fill(SPropValue *p, const BYTE *eid, ULONG cb, const WCHAR *name, const WCHAR *type,
                    const WCHAR *addr, const char *key, BOOL list, BOOL unicode, const tp_alloc *a)
{
    HRESULT hr = tp_set_binary(&p[LP_ENTRYID], PR_ENTRYID, eid, cb, p, a);

    if (SUCCEEDED(hr))
        hr = tp_set_string(&p[LP_NAME], PROP_ID(PR_DISPLAY_NAME_W), name, unicode, p, a);
    if (SUCCEEDED(hr))
        hr = tp_set_string(&p[LP_ADDRTYPE], PROP_ID(PR_ADDRTYPE_W), type, unicode, p, a);
    if (SUCCEEDED(hr))
        hr = tp_set_string(&p[LP_EMAIL], PROP_ID(PR_EMAIL_ADDRESS_W), addr, unicode, p, a);
    if (SUCCEEDED(hr))
        hr = key ? tp_set_binary(&p[LP_SEARCH_KEY], PR_SEARCH_KEY, key, (ULONG)strlen(key) + 1, p, a)
                 : tp_set_binary(&p[LP_SEARCH_KEY], PR_SEARCH_KEY, eid, cb, p, a);
    if (SUCCEEDED(hr))
        hr = tp_set_binary(&p[LP_RECORD_KEY], PR_RECORD_KEY, eid, cb, p, a);
    p[LP_OBJTYPE].ulPropTag = PR_OBJECT_TYPE;
    p[LP_OBJTYPE].Value.l = list ? MAPI_DISTLIST : MAPI_MAILUSER;
    p[LP_DISPTYPE].ulPropTag = PR_DISPLAY_TYPE;
    p[LP_DISPTYPE].Value.l = list ? DT_PRIVATE_DISTLIST : DT_MAILUSER;
    p[LP_INSTANCE_KEY].ulPropTag = PR_INSTANCE_KEY;     /* set by the caller */
    return hr;
}

/* A list's own properties (address type MAPIPDL), in one block. */
HRESULT tp_ab_list_props(const MAPIUID *uid, ULONG index, BOOL unicode, const tp_alloc *a, SPropValue **out,
                         ULONG *count)
{
    BYTE eid[TP_AB_EID_SIZE];
    SPropValue *p = NULL;
    HRESULT hr;

    *out = NULL;
    if (index >= TP_AB_LISTS)
        return MAPI_E_NOT_FOUND;
    tp_ab_eid(uid, TP_AB_EID_LIST, index, eid);
    if (FAILED(hr = a->alloc(LP_COUNT * sizeof(SPropValue), (void **)&p)))
        return hr;
    memset(p, 0, LP_COUNT * sizeof(SPropValue));
    hr = fill(p, eid, sizeof(eid), list_names[index], L"MAPIPDL", list_names[index], NULL, TRUE, unicode, a);
    if (SUCCEEDED(hr))
        hr = tp_set_binary(&p[LP_INSTANCE_KEY], PR_INSTANCE_KEY, &index, sizeof(index), p, a);
    if (FAILED(hr))
    {
        a->free(p);
        return hr;
    }
    *out = p;
    *count = LP_COUNT;
    return S_OK;
}

/* One member's row; its instance key is its place in the list. */
static HRESULT member_row(const struct ab_logon *logon, const MAPIUID *uid, ULONG users, LPMAPISUP sup,
                          const tp_alloc *a, ULONG list, ULONG i, BOOL unicode, SRow *row)
{
    SPropValue *p = NULL;
    ULONG n = 0, m = members[list][i].index;
    HRESULT hr;

    if (members[list][i].kind == MEMBER_USER)
    {
        if (m >= users)
            return MAPI_E_NOT_FOUND;
        hr = tp_ab_user_props(logon, m, unicode, &p, &n);
    }
    else if (members[list][i].kind == MEMBER_LIST)
        hr = tp_ab_list_props(uid, m, unicode, a, &p, &n);
    else
    {
        ULONG cb = 0;
        LPENTRYID eid = NULL;

        if (!sup)
            return MAPI_E_NOT_FOUND;
        if (FAILED(hr = IMAPISupport_CreateOneOff(sup, (LPTSTR)OUTSIDER_NAME, (LPTSTR)L"SMTP", (LPTSTR)OUTSIDER_ADDR,
                                                  MAPI_UNICODE, &cb, &eid)))
            return hr;
        if (SUCCEEDED(hr = a->alloc(LP_COUNT * sizeof(SPropValue), (void **)&p)))
        {
            memset(p, 0, LP_COUNT * sizeof(SPropValue));
            n = LP_COUNT;
            hr = fill(p, (BYTE *)eid, cb, OUTSIDER_NAME, L"SMTP", OUTSIDER_ADDR, OUTSIDER_KEY, FALSE, unicode, a);
        }
        a->free(eid);
    }
    if (SUCCEEDED(hr))
    {
        SPropValue *key = NULL;
        ULONG k;
        for (k = 0; k < n; k++)
            if (PROP_ID(p[k].ulPropTag) == PROP_ID(PR_INSTANCE_KEY))
                key = &p[k];
        hr = key ? tp_set_binary(key, PR_INSTANCE_KEY, &i, sizeof(i), p, a) : MAPI_E_CALL_FAILED;
    }
    if (FAILED(hr))
    {
        if (p)
            a->free(p);
        return hr;
    }
    row->ulAdrEntryPad = 0;
    row->cValues = n;
    row->lpProps = p;
    return S_OK;
}

/* A list's contents table: its members (entries the directory lacks are
 * left out). */
HRESULT tp_ab_list_table(const struct ab_logon *logon, const MAPIUID *uid, ULONG users, LPMAPISUP sup,
                         const tp_alloc *a, ULONG list, ULONG flags, LPMAPITABLE *out)
{
    BOOL unicode = (flags & MAPI_UNICODE) != 0;
    SizedSPropTagArray(LP_COUNT, cols);
    SRow rows[3];
    ULONG i, n = 0;
    HRESULT hr = S_OK;

    if (list >= TP_AB_LISTS)
        return MAPI_E_NOT_FOUND;
    member_columns((LPSPropTagArray)&cols, unicode);
    for (i = 0; i < 3 && SUCCEEDED(hr); i++)
    {
        hr = member_row(logon, uid, users, sup, a, list, i, unicode, &rows[n]);
        if (SUCCEEDED(hr))
            n++;
        else if (hr == MAPI_E_NOT_FOUND)
            hr = S_OK;
    }
    if (SUCCEEDED(hr))
        hr = tp_make_table(a, (LPSPropTagArray)&cols, rows, n, out);
    for (i = 0; i < n; i++)
        a->free(rows[i].lpProps);
    return hr;
}
