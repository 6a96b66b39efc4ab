/*
 * The test address book: IABProvider, IABLogon, a root container whose
 * hierarchy table lists one directory container, and that directory with
 * the entries named by PR_TP_AB_ENTRIES (contents table, ResolveNames,
 * IMailUser).  Entry IDs carry the instance's own MAPIUID, so two test AB
 * providers in one profile do not collide.
 */
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "testprov.h"

/* Entry ID: 4 flag bytes, the instance's MAPIUID, type, index. */
#define AB_EID_SIZE TP_AB_EID_SIZE
enum { EID_ROOT = 0, EID_DIR = 1, EID_USER = 2, EID_LIST = TP_AB_EID_LIST };

/* ResolveNames: Exchange's exact-match flag, accepted and ignored. */
#define EMS_AB_ADDRESS_LOOKUP_FLAG 0x00000001

typedef struct ab_logon
{
    tp_logon base;            /* first: tp_logon_release frees the whole */
    WCHAR display[TP_NAME_LEN];
    ULONG count;
    WCHAR entries[TP_MAX_ENTRIES][TP_NAME_LEN];
} ab_logon;

typedef struct ab_container
{
    IABContainer IABContainer_iface;
    LONG ref;
    ab_logon *logon;          /* strong */
    ULONG type;               /* EID_ROOT, EID_DIR or EID_LIST (an IDistList) */
    ULONG index;              /* which list */
    SPropValue *props;        /* one MAPI block */
    ULONG cprops;
} ab_container;

static const IABLogonVtbl ab_logon_vtbl;
static const IABContainerVtbl ab_container_vtbl;
static const IMailUserVtbl ab_user_vtbl;

static inline ab_logon *impl_from_IABLogon(IABLogon *iface)
{
    return CONTAINING_RECORD(iface, ab_logon, base.iface.ab);
}

static inline ab_container *impl_from_IABContainer(IABContainer *iface)
{
    return CONTAINING_RECORD(iface, ab_container, IABContainer_iface);
}

static void make_eid(BYTE *eid, const MAPIUID *uid, ULONG type, ULONG index)
{
    memset(eid, 0, 4);
    memcpy(eid + 4, uid, sizeof(*uid));
    memcpy(eid + 20, &type, sizeof(type));
    memcpy(eid + 24, &index, sizeof(index));
}

void tp_ab_eid(const MAPIUID *uid, ULONG type, ULONG index, BYTE *out)
{
    make_eid(out, uid, type, index);
}

/* FALSE unless it is one of this instance's entry IDs. */
static BOOL parse_eid(const ab_logon *logon, ULONG cb, const ENTRYID *eid, ULONG *type, ULONG *index)
{
    const BYTE *b = (const BYTE *)eid;

    if (!eid || cb != AB_EID_SIZE || memcmp(b + 4, &logon->base.uid, sizeof(MAPIUID)))
        return FALSE;
    memcpy(type, b + 20, sizeof(*type));
    memcpy(index, b + 24, sizeof(*index));
    if (*type > EID_LIST || (*type == EID_USER && *index >= logon->count) ||
        (*type == EID_LIST && *index >= TP_AB_LISTS))
        return FALSE;
    return TRUE;
}

/* The e-mail address of an entry: the name with blanks as dots, lower case. */
static void entry_address(const WCHAR *name, WCHAR *out, size_t len)
{
    size_t o = 0;

    for (; *name && o + 1 < len; name++)
    {
        WCHAR c = *name;
        if (c == ' ')
            c = '.';
        else if (c >= 'A' && c <= 'Z')
            c = c - 'A' + 'a';
        out[o++] = c;
    }
    out[o] = 0;
    if (o + 18 < len)
        lstrcatW(out, L"@testprov.invalid");
}

/* PR_TP_EXERCISE: the support calls of an address book (exercise.c), with
 * the directory and entries 0 and 1 as its own entry IDs. */
static void ab_exercise(ab_logon *logon, ULONG mask, const char *at)
{
    BYTE dir[AB_EID_SIZE], user0[AB_EID_SIZE], user1[AB_EID_SIZE];
    tp_ex_target t;

    if (!tp_logon_target(&logon->base, "AB", mask, &t))
        return;
    make_eid(dir, &logon->base.uid, EID_DIR, 0);
    make_eid(user0, &logon->base.uid, EID_USER, 0);
    make_eid(user1, &logon->base.uid, EID_USER, 1);
    t.cb_eid[0] = t.cb_eid[1] = t.cb_eid[2] = AB_EID_SIZE;
    t.eid[0] = dir;
    t.eid[1] = user0;
    t.eid[2] = user1;
    tp_exercise_run(&t, at, mask, &logon->base.ex);
}

enum { UP_ENTRYID, UP_NAME, UP_ADDRTYPE, UP_EMAIL, UP_OBJTYPE, UP_DISPTYPE, UP_SEARCH_KEY,
       UP_RECORD_KEY, UP_INSTANCE_KEY, UP_COUNT };

/* The properties of entry 'index', strings Unicode or ANSI, in one block. */
static HRESULT user_props(const ab_logon *logon, ULONG index, BOOL unicode, const tp_alloc *a,
                          SPropValue **out)
{
    WCHAR address[TP_NAME_LEN + 32], key[TP_NAME_LEN + 48];
    BYTE eid[AB_EID_SIZE];
    SPropValue *p = NULL;
    char keya[sizeof(key)];
    HRESULT hr;
    int len;

    *out = NULL;
    make_eid(eid, &logon->base.uid, EID_USER, index);
    entry_address(logon->entries[index], address, ARRAYSIZE(address));
    lstrcpyW(key, L"TESTPROV:");
    lstrcatW(key, address);
    for (len = 0; key[len]; len++)     /* the search key is upper case */
        if (key[len] >= 'a' && key[len] <= 'z')
            key[len] = key[len] - 'a' + 'A';
    len = WideCharToMultiByte(CP_ACP, 0, key, -1, keya, sizeof(keya), NULL, NULL);
    if (len <= 0)
        len = 1, keya[0] = 0;

    hr = a->alloc(UP_COUNT * sizeof(SPropValue), (void **)&p);
    if (FAILED(hr) || !p)
        return FAILED(hr) ? hr : MAPI_E_NOT_ENOUGH_MEMORY;
    memset(p, 0, UP_COUNT * sizeof(SPropValue));
    hr = tp_set_binary(&p[UP_ENTRYID], PR_ENTRYID, eid, sizeof(eid), p, a);
    if (SUCCEEDED(hr))
        hr = tp_set_string(&p[UP_NAME], PROP_ID(PR_DISPLAY_NAME_W), logon->entries[index], unicode, p, a);
    if (SUCCEEDED(hr))
        hr = tp_set_string(&p[UP_ADDRTYPE], PROP_ID(PR_ADDRTYPE_W), L"" TESTPROV_ADDRTYPE, unicode, p, a);
    if (SUCCEEDED(hr))
        hr = tp_set_string(&p[UP_EMAIL], PROP_ID(PR_EMAIL_ADDRESS_W), address, unicode, p, a);
    if (SUCCEEDED(hr))
        hr = tp_set_binary(&p[UP_SEARCH_KEY], PR_SEARCH_KEY, keya, (ULONG)len, p, a);
    if (SUCCEEDED(hr))
        hr = tp_set_binary(&p[UP_RECORD_KEY], PR_RECORD_KEY, eid, sizeof(eid), p, a);
    if (SUCCEEDED(hr))
        hr = tp_set_binary(&p[UP_INSTANCE_KEY], PR_INSTANCE_KEY, &index, sizeof(index), p, a);
    if (FAILED(hr))
    {
        a->free(p);
        return hr;
    }
    p[UP_OBJTYPE].ulPropTag = PR_OBJECT_TYPE;
    p[UP_OBJTYPE].Value.l = MAPI_MAILUSER;
    p[UP_DISPTYPE].ulPropTag = PR_DISPLAY_TYPE;
    p[UP_DISPTYPE].Value.l = DT_MAILUSER;
    *out = p;
    return S_OK;
}

/* For the lists' member tables (abdlist.c). */
HRESULT tp_ab_user_props(const struct ab_logon *logon, ULONG index, BOOL unicode, SPropValue **out, ULONG *count)
{
    *count = UP_COUNT;
    return user_props(logon, index, unicode, &logon->base.prov->alloc, out);
}

enum { CP_ENTRYID, CP_NAME, CP_OBJTYPE, CP_DISPTYPE, CP_FLAGS, CP_DEPTH, CP_RECORD_KEY,
       CP_INSTANCE_KEY, CP_COUNT };

static HRESULT container_props(const ab_logon *logon, ULONG type, BOOL unicode, const tp_alloc *a,
                               SPropValue **out)
{
    BYTE eid[AB_EID_SIZE];
    SPropValue *p = NULL;
    HRESULT hr;

    *out = NULL;
    make_eid(eid, &logon->base.uid, type, 0);
    hr = a->alloc(CP_COUNT * sizeof(SPropValue), (void **)&p);
    if (FAILED(hr) || !p)
        return FAILED(hr) ? hr : MAPI_E_NOT_ENOUGH_MEMORY;
    memset(p, 0, CP_COUNT * sizeof(SPropValue));
    hr = tp_set_binary(&p[CP_ENTRYID], PR_ENTRYID, eid, sizeof(eid), p, a);
    if (SUCCEEDED(hr))
        hr = tp_set_string(&p[CP_NAME], PROP_ID(PR_DISPLAY_NAME_W),
                           logon->display[0] ? logon->display : L"Test Address Book", unicode, p, a);
    if (SUCCEEDED(hr))
        hr = tp_set_binary(&p[CP_RECORD_KEY], PR_RECORD_KEY, eid, sizeof(eid), p, a);
    if (SUCCEEDED(hr))
        hr = tp_set_binary(&p[CP_INSTANCE_KEY], PR_INSTANCE_KEY, &type, sizeof(type), p, a);
    if (FAILED(hr))
    {
        a->free(p);
        return hr;
    }
    p[CP_OBJTYPE].ulPropTag = PR_OBJECT_TYPE;
    p[CP_OBJTYPE].Value.l = MAPI_ABCONT;
    p[CP_DISPTYPE].ulPropTag = PR_DISPLAY_TYPE;
    p[CP_DISPTYPE].Value.l = DT_NOT_SPECIFIC;
    p[CP_FLAGS].ulPropTag = PR_CONTAINER_FLAGS;
    p[CP_FLAGS].Value.l = type == EID_ROOT ? AB_SUBCONTAINERS | AB_UNMODIFIABLE
                                           : AB_RECIPIENTS | AB_UNMODIFIABLE;
    /* The directory's PR_DISPLAY_TYPE and PR_CONTAINER_FLAGS as its
     * section says, for the address book's default search path tests. */
    if (type == EID_DIR && logon->base.sup)
    {
        SizedSPropTagArray(2, dirtags) = {2, {PR_TP_AB_DIR_DISPLAY_TYPE, PR_TP_AB_DIR_FLAGS}};
        LPSPropValue dv = NULL;
        LPPROFSECT ds = NULL;
        ULONG dn = 0;

        if (SUCCEEDED(IMAPISupport_OpenProfileSection(logon->base.sup, NULL, 0, &ds)) && ds)
        {
            if (SUCCEEDED(IProfSect_GetProps(ds, (LPSPropTagArray)&dirtags, 0, &dn, &dv)) && dv && dn == 2)
            {
                if (dv[0].ulPropTag == dirtags.aulPropTag[0])
                    p[CP_DISPTYPE].Value.l = dv[0].Value.l;
                if (dv[1].ulPropTag == dirtags.aulPropTag[1])
                    p[CP_FLAGS].Value.l = dv[1].Value.l;
            }
            if (dv)
                a->free(dv);
            IProfSect_Release(ds);
        }
    }
    p[CP_DEPTH].ulPropTag = PR_DEPTH;
    p[CP_DEPTH].Value.l = 0;
    *out = p;
    return S_OK;
}

/* ------------------------------------------------------------------------ */
/* Address lists: ResolveNames and PrepareRecips                             */

/* Replaces row i's properties by entry 'index': the tags asked for (or all
 * of the entry's), keeping what the row had that the entry does not. */
static HRESULT fill_row(const ab_logon *logon, ULONG index, LPSPropTagArray tags, ULONG flags,
                        ADRENTRY *row)
{
    const tp_alloc *a = &logon->base.prov->alloc;
    SPropValue *mine = NULL, *got = NULL, *out = NULL;
    ULONG ngot = 0, nout = 0, i, extra = 0;
    HRESULT hr;

    if (FAILED(hr = user_props(logon, index, TRUE, a, &mine)))
        return hr;
    hr = tp_get_props(mine, UP_COUNT, a, tags, flags & MAPI_UNICODE, &ngot, &got);
    if (FAILED(hr))
        goto done;

    /* Old values kept: those asked for that the entry lacks, or (no tag
     * list) every one the entry does not have, such as PR_RECIPIENT_TYPE. */
    for (i = 0; i < row->cValues && row->rgPropVals; i++)
    {
        ULONG id = PROP_ID(row->rgPropVals[i].ulPropTag);
        if (PROP_TYPE(row->rgPropVals[i].ulPropTag) != PT_ERROR && !tp_find_prop(got, ngot, id))
            extra++;
    }
    hr = a->alloc((ngot + extra) * sizeof(SPropValue), (void **)&out);
    if (FAILED(hr) || !out)
    {
        hr = FAILED(hr) ? hr : MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    for (i = 0; i < ngot && SUCCEEDED(hr); i++)
    {
        const SPropValue *src = &got[i];
        if (PROP_TYPE(src->ulPropTag) == PT_ERROR && row->rgPropVals)
        {
            const SPropValue *old = tp_find_prop(row->rgPropVals, row->cValues, PROP_ID(src->ulPropTag));
            if (old)
                src = old;
        }
        hr = tp_copy_value(&out[nout++], src, 0, out, a);
    }
    if (!tags)
        for (i = 0; i < row->cValues && row->rgPropVals && SUCCEEDED(hr); i++)
        {
            const SPropValue *old = &row->rgPropVals[i];
            if (PROP_TYPE(old->ulPropTag) != PT_ERROR && !tp_find_prop(got, ngot, PROP_ID(old->ulPropTag)))
                hr = tp_copy_value(&out[nout++], old, 0, out, a);
        }
    if (FAILED(hr))
    {
        a->free(out);
        goto done;
    }
    if (row->rgPropVals)
        a->free(row->rgPropVals);
    row->rgPropVals = out;
    row->cValues = nout;
    hr = S_OK;
done:
    if (got)
        a->free(got);
    a->free(mine);
    return hr;
}

/* The display name a row asks to resolve, as Unicode. */
static BOOL row_name(const ADRENTRY *row, WCHAR *name, int len)
{
    const SPropValue *pv;

    if (!row->rgPropVals || !(pv = tp_find_prop(row->rgPropVals, row->cValues, PROP_ID(PR_DISPLAY_NAME_W))))
        return FALSE;
    if (PROP_TYPE(pv->ulPropTag) == PT_UNICODE && pv->Value.lpszW)
        lstrcpynW(name, pv->Value.lpszW, len);
    else if (PROP_TYPE(pv->ulPropTag) == PT_STRING8 && pv->Value.lpszA)
        MultiByteToWideChar(CP_ACP, 0, pv->Value.lpszA, -1, name, len);
    else
        return FALSE;
    name[len - 1] = 0;
    return name[0] != 0;
}

/* Exact (case-insensitive) match first, then a unique prefix; several
 * prefixes make the row ambiguous. */
static HRESULT resolve_names(ab_logon *logon, LPSPropTagArray tags, ULONG flags, LPADRLIST list,
                             LPFlagList flaglist)
{
    ULONG i, j, resolved = 0, ambiguous = 0;
    HRESULT hr = S_OK;

    if (!list || !flaglist || flaglist->cFlags != list->cEntries)
        hr = MAPI_E_INVALID_PARAMETER;
    else if (flags & ~(MAPI_UNICODE | EMS_AB_ADDRESS_LOOKUP_FLAG))
        hr = MAPI_E_UNKNOWN_FLAGS;
    for (i = 0; SUCCEEDED(hr) && i < list->cEntries; i++)
    {
        WCHAR name[TP_NAME_LEN];
        ULONG match = 0, count = 0;
        size_t len;

        if (flaglist->ulFlag[i] != MAPI_UNRESOLVED || !row_name(&list->aEntries[i], name, ARRAYSIZE(name)))
            continue;
        for (j = 0; j < logon->count; j++)
            if (!_wcsicmp(logon->entries[j], name))
            {
                match = j;
                count = 1;
                break;
            }
        if (!count)
        {
            len = wcslen(name);
            for (j = 0; j < logon->count; j++)
                if (!_wcsnicmp(logon->entries[j], name, len))
                {
                    if (!count)
                        match = j;
                    count++;
                }
        }
        if (count == 1)
        {
            hr = fill_row(logon, match, tags, flags, &list->aEntries[i]);
            if (SUCCEEDED(hr))
            {
                flaglist->ulFlag[i] = MAPI_RESOLVED;
                resolved++;
            }
        }
        else if (count > 1)
        {
            flaglist->ulFlag[i] = MAPI_AMBIGUOUS;
            ambiguous++;
        }
    }
    tp_plog(logon->base.prov, "ResolveNames", "flags=0x%08lx entries=%lu resolved=%lu ambiguous=%lu hr=0x%08lx",
            (unsigned long)flags, list ? (unsigned long)list->cEntries : 0ul, (unsigned long)resolved,
            (unsigned long)ambiguous, (unsigned long)hr);
    return hr;
}

/* ------------------------------------------------------------------------ */
/* Tables                                                                    */

static HRESULT contents_table(ab_logon *logon, ULONG flags, LPMAPITABLE *lppTable)
{
    const tp_alloc *a = &logon->base.prov->alloc;
    BOOL unicode = (flags & MAPI_UNICODE) != 0;
    SizedSPropTagArray(9, cols);
    SRow rows[TP_MAX_ENTRIES];
    ULONG i, n = 0;
    HRESULT hr = S_OK;

    cols.cValues = 9;
    cols.aulPropTag[0] = PR_ENTRYID;
    cols.aulPropTag[1] = unicode ? PR_DISPLAY_NAME_W : PR_DISPLAY_NAME_A;
    cols.aulPropTag[2] = unicode ? PR_ADDRTYPE_W : PR_ADDRTYPE_A;
    cols.aulPropTag[3] = unicode ? PR_EMAIL_ADDRESS_W : PR_EMAIL_ADDRESS_A;
    cols.aulPropTag[4] = PR_OBJECT_TYPE;
    cols.aulPropTag[5] = PR_DISPLAY_TYPE;
    cols.aulPropTag[6] = PR_SEARCH_KEY;
    cols.aulPropTag[7] = PR_RECORD_KEY;
    cols.aulPropTag[8] = PR_INSTANCE_KEY;

    for (i = 0; i < logon->count && SUCCEEDED(hr); i++)
    {
        SPropValue *p;
        if (SUCCEEDED(hr = user_props(logon, i, unicode, a, &p)))
        {
            rows[n].ulAdrEntryPad = 0;
            rows[n].cValues = UP_COUNT;
            rows[n].lpProps = p;
            n++;
        }
    }
    if (SUCCEEDED(hr))
        hr = tp_make_table(a, (LPSPropTagArray)&cols, rows, n, lppTable);
    for (i = 0; i < n; i++)
        a->free(rows[i].lpProps);
    return hr;
}

/* The root lists the directory; the directory has no children. */
static HRESULT hierarchy_table(ab_logon *logon, ULONG type, ULONG flags, LPMAPITABLE *lppTable)
{
    const tp_alloc *a = &logon->base.prov->alloc;
    BOOL unicode = (flags & MAPI_UNICODE) != 0;
    SizedSPropTagArray(8, cols);
    SRow row;
    HRESULT hr;

    cols.cValues = 8;
    cols.aulPropTag[0] = PR_ENTRYID;
    cols.aulPropTag[1] = unicode ? PR_DISPLAY_NAME_W : PR_DISPLAY_NAME_A;
    cols.aulPropTag[2] = PR_OBJECT_TYPE;
    cols.aulPropTag[3] = PR_DISPLAY_TYPE;
    cols.aulPropTag[4] = PR_CONTAINER_FLAGS;
    cols.aulPropTag[5] = PR_DEPTH;
    cols.aulPropTag[6] = PR_RECORD_KEY;
    cols.aulPropTag[7] = PR_INSTANCE_KEY;
    if (type != EID_ROOT)
        return tp_make_table(a, (LPSPropTagArray)&cols, NULL, 0, lppTable);
    if (FAILED(hr = container_props(logon, EID_DIR, unicode, a, &row.lpProps)))
        return hr;
    row.ulAdrEntryPad = 0;
    row.cValues = CP_COUNT;
    hr = tp_make_table(a, (LPSPropTagArray)&cols, &row, 1, lppTable);
    a->free(row.lpProps);
    return hr;
}

/* ------------------------------------------------------------------------ */
/* Opening entries                                                           */

static HRESULT open_entry(ab_logon *logon, ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                          ULONG *lpulObjType, LPUNKNOWN *lppUnk)
{
    const tp_alloc *a = &logon->base.prov->alloc;
    ULONG type = EID_ROOT, index = 0;
    HRESULT hr = S_OK;

    if (!lpulObjType || !lppUnk || (cbEntryID && !lpEntryID))
        return MAPI_E_INVALID_PARAMETER;
    *lppUnk = NULL;
    if (cbEntryID && !parse_eid(logon, cbEntryID, lpEntryID, &type, &index))
        hr = MAPI_E_UNKNOWN_ENTRYID;
    else if (type == EID_USER)
    {
        SPropValue *props;
        tp_propobj *user;
        if (lpInterface && !IsEqualGUID(lpInterface, &IID_IUnknown) &&
            !IsEqualGUID(lpInterface, &IID_IMAPIProp) && !IsEqualGUID(lpInterface, &IID_IMailUser))
            hr = MAPI_E_INTERFACE_NOT_SUPPORTED;
        else if (!(user = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*user))))
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else if (FAILED(hr = user_props(logon, index, TRUE, a, &props)))
            HeapFree(GetProcessHeap(), 0, user);
        else
        {
            tp_propobj_init(user, &ab_user_vtbl, &IID_IMailUser, (IUnknown *)&logon->base.iface.ab,
                            &logon->base.prov->alloc, props, UP_COUNT);
            *lppUnk = (IUnknown *)&user->IMAPIProp_iface;
            *lpulObjType = MAPI_MAILUSER;
        }
    }
    else
    {
        ab_container *cont;
        BOOL list = type == EID_LIST;
        if (lpInterface && !IsEqualGUID(lpInterface, &IID_IUnknown) &&
            !IsEqualGUID(lpInterface, &IID_IMAPIProp) && !IsEqualGUID(lpInterface, &IID_IMAPIContainer) &&
            !IsEqualGUID(lpInterface, list ? &IID_IDistList : &IID_IABContainer))
            hr = MAPI_E_INTERFACE_NOT_SUPPORTED;
        else if (!(cont = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*cont))))
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else if (FAILED(hr = list ? tp_ab_list_props(&logon->base.uid, index, TRUE, a, &cont->props, &cont->cprops)
                                  : container_props(logon, type, TRUE, a, &cont->props)))
            HeapFree(GetProcessHeap(), 0, cont);
        else
        {
            /* A list is an IDistList: IABContainer's methods, in its order. */
            cont->IABContainer_iface.lpVtbl = (IABContainerVtbl *)&ab_container_vtbl;
            cont->ref = 1;
            cont->type = type;
            cont->index = index;
            if (!list)
                cont->cprops = CP_COUNT;
            cont->logon = logon;
            IABLogon_AddRef(&logon->base.iface.ab);
            *lppUnk = (IUnknown *)&cont->IABContainer_iface;
            *lpulObjType = list ? MAPI_DISTLIST : MAPI_ABCONT;
        }
    }
    tp_plog(logon->base.prov, "OpenEntry", "cb=%lu type=%s index=%lu hr=0x%08lx", (unsigned long)cbEntryID,
            type == EID_ROOT ? "root" : type == EID_DIR ? "dir" : type == EID_LIST ? "list" : "user",
            (unsigned long)index, (unsigned long)hr);
    return hr;
}

/* ------------------------------------------------------------------------ */
/* IABContainer                                                              */

static HRESULT STDMETHODCALLTYPE cont_QueryInterface(IABContainer *iface, REFIID riid, void **ppv)
{
    ab_container *cont = impl_from_IABContainer(iface);

    if (!ppv)
        return E_INVALIDARG;
    *ppv = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPIProp) ||
        IsEqualGUID(riid, &IID_IMAPIContainer) ||
        IsEqualGUID(riid, cont->type == EID_LIST ? &IID_IDistList : &IID_IABContainer))
    {
        *ppv = &cont->IABContainer_iface;
        InterlockedIncrement(&cont->ref);
        return S_OK;
    }
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE cont_AddRef(IABContainer *iface)
{
    return InterlockedIncrement(&impl_from_IABContainer(iface)->ref);
}

static ULONG STDMETHODCALLTYPE cont_Release(IABContainer *iface)
{
    ab_container *cont = impl_from_IABContainer(iface);
    ULONG ref = InterlockedDecrement(&cont->ref);

    if (!ref)
    {
        ab_logon *logon = cont->logon;
        logon->base.prov->alloc.free(cont->props);
        HeapFree(GetProcessHeap(), 0, cont);
        IABLogon_Release(&logon->base.iface.ab);
    }
    return ref;
}

TP_PROP_STUBS(cont, IABContainer)

static HRESULT STDMETHODCALLTYPE cont_SaveChanges(IABContainer *iface, ULONG ulFlags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE cont_GetProps(IABContainer *iface, LPSPropTagArray lpPropTagArray,
        ULONG ulFlags, ULONG *lpcValues, LPSPropValue *lppPropArray)
{
    ab_container *cont = impl_from_IABContainer(iface);
    return tp_get_props(cont->props, cont->cprops, &cont->logon->base.prov->alloc, lpPropTagArray,
                        ulFlags, lpcValues, lppPropArray);
}

static HRESULT STDMETHODCALLTYPE cont_GetPropList(IABContainer *iface, ULONG ulFlags,
        LPSPropTagArray *lppPropTagArray)
{
    ab_container *cont = impl_from_IABContainer(iface);
    return tp_get_prop_list(cont->props, cont->cprops, &cont->logon->base.prov->alloc, ulFlags,
                            lppPropTagArray);
}

/* Read-only, except that PR_TP_EXERCISE runs the support calls again. */
static HRESULT STDMETHODCALLTYPE cont_SetProps(IABContainer *iface, ULONG cValues,
        LPSPropValue lpPropArray, LPSPropProblemArray *lppProblems)
{
    ULONG mask;

    if (!tp_logon_setprops(cValues, lpPropArray, lppProblems, &mask))
        return MAPI_E_NO_SUPPORT;
    ab_exercise(impl_from_IABContainer(iface)->logon, mask, "later");
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE cont_GetContentsTable(IABContainer *iface, ULONG ulFlags,
        LPMAPITABLE *lppTable)
{
    ab_container *cont = impl_from_IABContainer(iface);
    HRESULT hr;

    if (!lppTable)
        return MAPI_E_INVALID_PARAMETER;
    *lppTable = NULL;
    if (ulFlags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS | MAPI_ASSOCIATED))
        hr = MAPI_E_UNKNOWN_FLAGS;
    else if (cont->type == EID_LIST && !(ulFlags & MAPI_ASSOCIATED))
        hr = tp_ab_list_table(cont->logon, &cont->logon->base.uid, cont->logon->count, cont->logon->base.sup,
                              &cont->logon->base.prov->alloc, cont->index, ulFlags, lppTable);
    else if (cont->type != EID_DIR || (ulFlags & MAPI_ASSOCIATED))
        hr = MAPI_E_NO_SUPPORT;
    else
        hr = contents_table(cont->logon, ulFlags, lppTable);
    tp_plog(cont->logon->base.prov, "GetContentsTable", "container=%s flags=0x%08lx hr=0x%08lx",
            cont->type == EID_ROOT ? "root" : cont->type == EID_LIST ? "list" : "dir", (unsigned long)ulFlags,
            (unsigned long)hr);
    return hr;
}

static HRESULT STDMETHODCALLTYPE cont_GetHierarchyTable(IABContainer *iface, ULONG ulFlags,
        LPMAPITABLE *lppTable)
{
    ab_container *cont = impl_from_IABContainer(iface);
    HRESULT hr;

    if (!lppTable)
        return MAPI_E_INVALID_PARAMETER;
    *lppTable = NULL;
    if (ulFlags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS | CONVENIENT_DEPTH))
        hr = MAPI_E_UNKNOWN_FLAGS;
    else
        hr = hierarchy_table(cont->logon, cont->type, ulFlags, lppTable);
    tp_plog(cont->logon->base.prov, "GetHierarchyTable", "container=%s flags=0x%08lx hr=0x%08lx",
            cont->type == EID_ROOT ? "root" : "dir", (unsigned long)ulFlags, (unsigned long)hr);
    return hr;
}

static HRESULT STDMETHODCALLTYPE cont_OpenEntry(IABContainer *iface, ULONG cbEntryID,
        LPENTRYID lpEntryID, LPCIID lpInterface, ULONG ulFlags, ULONG *lpulObjType, LPUNKNOWN *lppUnk)
{
    return open_entry(impl_from_IABContainer(iface)->logon, cbEntryID, lpEntryID, lpInterface,
                      lpulObjType, lppUnk);
}

static HRESULT STDMETHODCALLTYPE cont_SetSearchCriteria(IABContainer *iface,
        LPSRestriction lpRestriction, LPENTRYLIST lpContainerList, ULONG ulSearchFlags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE cont_GetSearchCriteria(IABContainer *iface, ULONG ulFlags,
        LPSRestriction *lppRestriction, LPENTRYLIST *lppContainerList, ULONG *lpulSearchState)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE cont_CreateEntry(IABContainer *iface, ULONG cbEntryID,
        LPENTRYID lpEntryID, ULONG ulCreateFlags, LPMAPIPROP *lppMAPIPropEntry)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE cont_CopyEntries(IABContainer *iface, LPENTRYLIST lpEntries,
        ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, ULONG ulFlags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE cont_DeleteEntries(IABContainer *iface, LPENTRYLIST lpEntries,
        ULONG ulFlags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE cont_ResolveNames(IABContainer *iface, LPSPropTagArray lpPropTagArray,
        ULONG ulFlags, LPADRLIST lpAdrList, LPFlagList lpFlagList)
{
    ab_container *cont = impl_from_IABContainer(iface);

    if (cont->type != EID_DIR)
    {
        tp_plog(cont->logon->base.prov, "ResolveNames", "container=%s hr=0x%08lx",
                cont->type == EID_LIST ? "list" : "root", (unsigned long)MAPI_E_NO_SUPPORT);
        return MAPI_E_NO_SUPPORT;
    }
    return resolve_names(cont->logon, lpPropTagArray, ulFlags, lpAdrList, lpFlagList);
}

/* ------------------------------------------------------------------------ */
/* IMailUser                                                                 */

TP_PROPOBJ_METHODS(user, IMailUser)
TP_PROP_STUBS(user, IMailUser)

static HRESULT STDMETHODCALLTYPE user_SaveChanges(IMailUser *iface, ULONG ulFlags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE user_SetProps(IMailUser *iface, ULONG cValues,
        LPSPropValue lpPropArray, LPSPropProblemArray *lppProblems)
{
    return MAPI_E_NO_SUPPORT;
}

/* ------------------------------------------------------------------------ */
/* IABLogon                                                                  */

TP_LOGON_IUNKNOWN(ablogon, IABLogon)

static HRESULT STDMETHODCALLTYPE ablogon_GetLastError(IABLogon *iface, HRESULT hResult, ULONG ulFlags,
        LPMAPIERROR *lppMAPIError)
{
    return tp_no_error(lppMAPIError);
}

static HRESULT STDMETHODCALLTYPE ablogon_Logoff(IABLogon *iface, ULONG ulFlags)
{
    tp_logon *logon = &impl_from_IABLogon(iface)->base;
    char flags[16];

    snprintf(flags, sizeof(flags), "%lu", (unsigned long)ulFlags);
    if (!tp_logon_again(logon, "Logoff", flags))
        tp_logon_end(logon, "Logoff", flags, "", S_OK);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE ablogon_OpenEntry(IABLogon *iface, ULONG cbEntryID, LPENTRYID lpEntryID,
        LPCIID lpInterface, ULONG ulFlags, ULONG *lpulObjType, LPUNKNOWN *lppUnk)
{
    return open_entry(impl_from_IABLogon(iface), cbEntryID, lpEntryID, lpInterface, lpulObjType, lppUnk);
}

static HRESULT STDMETHODCALLTYPE ablogon_CompareEntryIDs(IABLogon *iface, ULONG cbEntryID1,
        LPENTRYID lpEntryID1, ULONG cbEntryID2, LPENTRYID lpEntryID2, ULONG ulFlags, ULONG *lpulResult)
{
    ab_logon *logon = impl_from_IABLogon(iface);
    ULONG t1, i1, t2, i2;

    if (!lpulResult || (cbEntryID1 && !lpEntryID1) || (cbEntryID2 && !lpEntryID2))
        return MAPI_E_INVALID_PARAMETER;
    if (!parse_eid(logon, cbEntryID1, lpEntryID1, &t1, &i1) ||
        !parse_eid(logon, cbEntryID2, lpEntryID2, &t2, &i2))
        return MAPI_E_UNKNOWN_ENTRYID;
    *lpulResult = t1 == t2 && (t1 != EID_USER || i1 == i2);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE ablogon_Advise(IABLogon *iface, ULONG cbEntryID, LPENTRYID lpEntryID,
        ULONG ulEventMask, LPMAPIADVISESINK lpAdviseSink, ULONG_PTR *lpulConnection)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE ablogon_Unadvise(IABLogon *iface, ULONG_PTR ulConnection)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE ablogon_OpenStatusEntry(IABLogon *iface, LPCIID lpInterface,
        ULONG ulFlags, ULONG *lpulObjType, LPMAPISTATUS *lppEntry)
{
    if (lppEntry)
        *lppEntry = NULL;
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE ablogon_OpenTemplateID(IABLogon *iface, ULONG cbTemplateID,
        LPENTRYID lpTemplateID, ULONG ulTemplateFlags, LPMAPIPROP lpMAPIPropData, LPCIID lpInterface,
        LPMAPIPROP *lppMAPIPropNew, LPMAPIPROP lpMAPIPropSibling)
{
    if (lppMAPIPropNew)
        *lppMAPIPropNew = NULL;
    return MAPI_E_NO_SUPPORT;
}

/* No one-off templates: an empty, valid table. */
static HRESULT STDMETHODCALLTYPE ablogon_GetOneOffTable(IABLogon *iface, ULONG ulFlags,
        LPMAPITABLE *lppTable)
{
    ab_logon *logon = impl_from_IABLogon(iface);
    BOOL unicode = (ulFlags & MAPI_UNICODE) != 0;
    SizedSPropTagArray(7, cols);
    HRESULT hr;

    if (!lppTable)
        return MAPI_E_INVALID_PARAMETER;
    *lppTable = NULL;
    if (ulFlags & ~MAPI_UNICODE)
        return MAPI_E_UNKNOWN_FLAGS;
    cols.cValues = 7;
    cols.aulPropTag[0] = unicode ? PR_DISPLAY_NAME_W : PR_DISPLAY_NAME_A;
    cols.aulPropTag[1] = PR_ENTRYID;
    cols.aulPropTag[2] = PR_DEPTH;
    cols.aulPropTag[3] = PR_SELECTABLE;
    cols.aulPropTag[4] = unicode ? PR_ADDRTYPE_W : PR_ADDRTYPE_A;
    cols.aulPropTag[5] = PR_DISPLAY_TYPE;
    cols.aulPropTag[6] = PR_INSTANCE_KEY;
    hr = tp_make_table(&logon->base.prov->alloc, (LPSPropTagArray)&cols, NULL, 0, lppTable);
    tp_plog(logon->base.prov, "GetOneOffTable", "flags=0x%08lx hr=0x%08lx", (unsigned long)ulFlags,
            (unsigned long)hr);
    return hr;
}

/* Fills in the asked-for properties of recipients that are this AB's entries. */
static HRESULT STDMETHODCALLTYPE ablogon_PrepareRecips(IABLogon *iface, ULONG ulFlags,
        LPSPropTagArray lpPropTagArray, LPADRLIST lpRecipList)
{
    ab_logon *logon = impl_from_IABLogon(iface);
    ULONG i, prepared = 0;
    HRESULT hr = S_OK;

    if (!lpRecipList)
        hr = MAPI_E_INVALID_PARAMETER;
    else if (ulFlags & ~MAPI_UNICODE)
        hr = MAPI_E_UNKNOWN_FLAGS;
    for (i = 0; SUCCEEDED(hr) && i < lpRecipList->cEntries; i++)
    {
        ADRENTRY *row = &lpRecipList->aEntries[i];
        const SPropValue *eid;
        ULONG type, index;

        if (!row->rgPropVals || !(eid = tp_find_prop(row->rgPropVals, row->cValues, PROP_ID(PR_ENTRYID))) ||
            PROP_TYPE(eid->ulPropTag) != PT_BINARY ||
            !parse_eid(logon, eid->Value.bin.cb, (LPENTRYID)eid->Value.bin.lpb, &type, &index) ||
            type != EID_USER)
            continue;
        if (SUCCEEDED(hr = fill_row(logon, index, lpPropTagArray, ulFlags, row)))
            prepared++;
    }
    tp_plog(logon->base.prov, "PrepareRecips", "prepared=%lu hr=0x%08lx", (unsigned long)prepared,
            (unsigned long)hr);
    return hr;
}

/* ------------------------------------------------------------------------ */
/* IABProvider                                                               */

TP_PROVIDER_METHODS(abprov, IABProvider)

static HRESULT STDMETHODCALLTYPE abprov_Logon(IABProvider *iface, LPMAPISUP lpMAPISup,
        ULONG_PTR ulUIParam, LPTSTR lpszProfileName, ULONG ulFlags, ULONG *lpulpcbSecurity,
        LPBYTE *lppbSecurity, LPMAPIERROR *lppMAPIError, LPABLOGON *lppABLogon)
{
    tp_provider *prov = tp_impl_from_IABProvider(iface);
    HRESULT hr, setuid_hr = S_FALSE;
    char uidtext[40] = "-";
    ab_logon *logon = NULL;
    LPPROFSECT sect = NULL;
    tp_config cfg;
    MAPIUID uid;

    if (lppMAPIError)
        *lppMAPIError = NULL;
    if (lpulpcbSecurity)
        *lpulpcbSecurity = 0;
    if (lppbSecurity)
        *lppbSecurity = NULL;
    if (lppABLogon)
        *lppABLogon = NULL;
    if (!lpMAPISup || !lppABLogon)
    {
        tp_plog(prov, "Logon", "flags=0x%08lx hr=0x%08lx badparam=1", (unsigned long)ulFlags,
                (unsigned long)MAPI_E_INVALID_PARAMETER);
        return MAPI_E_INVALID_PARAMETER;
    }

    tp_provider_logon_begin(prov, lpMAPISup, &uid, &sect, &cfg);
    if (sect)
        IProfSect_Release(sect);
    tp_hex(uid.ab, sizeof(uid.ab), uidtext, sizeof(uidtext));
    hr = cfg.logon_hr;
    if (SUCCEEDED(hr) && !(logon = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*logon))))
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    if (SUCCEEDED(hr))
    {
        tp_logon_init(&logon->base, &ab_logon_vtbl, &IID_IABLogon, prov);
        logon->base.uid = uid;
        lstrcpynW(logon->display, cfg.display, ARRAYSIZE(logon->display));
        logon->count = cfg.entry_count;
        memcpy(logon->entries, cfg.entries, sizeof(logon->entries));
        logon->base.sup = lpMAPISup;
        IMAPISupport_AddRef(lpMAPISup);
        setuid_hr = IMAPISupport_SetProviderUID(lpMAPISup, &uid, 0);
        ab_exercise(logon, cfg.exercise, "logon");
        *lppABLogon = &logon->base.iface.ab;
    }
    tp_plog(prov, "Logon", "flags=0x%08lx uid=%s entries=%lu setuid=0x%08lx hr=0x%08lx",
            (unsigned long)ulFlags, uidtext, (unsigned long)cfg.entry_count,
            (unsigned long)setuid_hr, (unsigned long)hr);
    return hr;
}

const IABProviderVtbl tp_ab_provider_vtbl =
{
    abprov_QueryInterface,
    abprov_AddRef,
    abprov_Release,
    abprov_Shutdown,
    abprov_Logon,
};

static const IABLogonVtbl ab_logon_vtbl =
{
    ablogon_QueryInterface,
    ablogon_AddRef,
    ablogon_Release,
    ablogon_GetLastError,
    ablogon_Logoff,
    ablogon_OpenEntry,
    ablogon_CompareEntryIDs,
    ablogon_Advise,
    ablogon_Unadvise,
    ablogon_OpenStatusEntry,
    ablogon_OpenTemplateID,
    ablogon_GetOneOffTable,
    ablogon_PrepareRecips,
};

static const IABContainerVtbl ab_container_vtbl =
{
    cont_QueryInterface,
    cont_AddRef,
    cont_Release,
    cont_GetLastError,
    cont_SaveChanges,
    cont_GetProps,
    cont_GetPropList,
    cont_OpenProperty,
    cont_SetProps,
    cont_DeleteProps,
    cont_CopyTo,
    cont_CopyProps,
    cont_GetNamesFromIDs,
    cont_GetIDsFromNames,
    cont_GetContentsTable,
    cont_GetHierarchyTable,
    cont_OpenEntry,
    cont_SetSearchCriteria,
    cont_GetSearchCriteria,
    cont_CreateEntry,
    cont_CopyEntries,
    cont_DeleteEntries,
    cont_ResolveNames,
};

static const IMailUserVtbl ab_user_vtbl =
{
    user_QueryInterface,
    user_AddRef,
    user_Release,
    user_GetLastError,
    user_SaveChanges,
    user_GetProps,
    user_GetPropList,
    user_OpenProperty,
    user_SetProps,
    user_DeleteProps,
    user_CopyTo,
    user_CopyProps,
    user_GetNamesFromIDs,
    user_GetIDsFromNames,
};
