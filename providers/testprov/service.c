/*
 * ServiceEntry, the message service entry point of TESTPROV and
 * TESTPROV_SINGLE (MSGSERVICEENTRY, mapi-spec.md 5.1).
 *
 * CREATE marks the service and provider sections (PR_TP_CREATED);
 * CONFIGURE writes the lpProps it is given into the service section and
 * every provider section; PROVIDER_CREATE copies the service's test
 * properties into provider sections that lack them.  Each context returns
 * the HRESULT configured for it.
 */
#include <stdio.h>
#include <string.h>

#include "testprov.h"

#define MAX_PROVIDERS 64

MSGSERVICEENTRY ServiceEntry;

/* The support object's allocators must be there and work. */
static BOOL check_alloc(LPMAPISUP sup, tp_alloc *a)
{
    void *root = NULL, *more = NULL;

    memset(a, 0, sizeof(*a));
    if (!sup || FAILED(IMAPISupport_GetMemAllocRoutines(sup, &a->alloc, &a->more, &a->free)) ||
        !a->alloc || !a->more || !a->free)
    {
        memset(a, 0, sizeof(*a));
        return FALSE;
    }
    if (FAILED(a->alloc(16, &root)) || !root)
        return FALSE;
    memset(root, 0xa5, 16);
    if (FAILED(a->more(32, root, &more)) || !more)
    {
        a->free(root);
        return FALSE;
    }
    memset(more, 0x5a, 32);
    a->free(root);
    return TRUE;
}

static BOOL check_malloc(LPMALLOC malloc)
{
    void *p;

    if (!malloc || !(p = IMalloc_Alloc(malloc, 64)))
        return FALSE;
    memset(p, 0xa5, 64);
    IMalloc_Free(malloc, p);
    return TRUE;
}

static const char *context_name(ULONG ctx)
{
    static const char *names[] = { "?", "INSTALL", "CREATE", "CONFIGURE", "DELETE", "UNINSTALL",
                                   "PROVIDER_CREATE", "PROVIDER_DELETE" };
    return ctx <= TP_MAX_CONTEXT ? names[ctx] : "?";
}

/* The PR_PROVIDER_UID column of the service's provider table. */
static ULONG provider_uids(LPPROVIDERADMIN admin, const tp_alloc *a, MAPIUID *uids, ULONG *nuids)
{
    SizedSPropTagArray(1, cols) = { 1, { PR_PROVIDER_UID } };
    LPMAPITABLE table = NULL;
    LPSRowSet rows = NULL;
    ULONG count = 0, i;

    *nuids = 0;
    if (!admin || FAILED(IProviderAdmin_GetProviderTable(admin, 0, &table)) || !table)
        return 0;
    IMAPITable_SetColumns(table, (LPSPropTagArray)&cols, 0);
    while (SUCCEEDED(IMAPITable_QueryRows(table, 50, 0, &rows)) && rows)
    {
        ULONG n = rows->cRows;
        for (i = 0; i < n; i++)
        {
            const SPropValue *uid = tp_find_prop(rows->aRow[i].lpProps, rows->aRow[i].cValues,
                                                 PROP_ID(PR_PROVIDER_UID));
            count++;
            if (uid && PROP_TYPE(uid->ulPropTag) == PT_BINARY && uid->Value.bin.cb == sizeof(MAPIUID) &&
                *nuids < MAX_PROVIDERS)
                memcpy(&uids[(*nuids)++], uid->Value.bin.lpb, sizeof(MAPIUID));
            if (a->free && rows->aRow[i].lpProps)
                a->free(rows->aRow[i].lpProps);
        }
        if (a->free)
            a->free(rows);
        rows = NULL;
        if (!n)
            break;
    }
    IMAPITable_Release(table);
    return count;
}

/* CONFIGURE: a section whose provider failed with MAPI_E_UNCONFIGURED is
 * configured now, unless lpProps sets the logon result itself. */
static void clear_unconfigured(LPPROFSECT sect, const tp_alloc *a)
{
    SizedSPropTagArray(1, tag) = { 1, { PR_TP_LOGON_RESULT } };
    LPSPropValue vals = NULL;
    ULONG count = 0;

    if (SUCCEEDED(IProfSect_GetProps(sect, (LPSPropTagArray)&tag, 0, &count, &vals)) && vals &&
        count == 1 && vals[0].ulPropTag == PR_TP_LOGON_RESULT &&
        vals[0].Value.l == (LONG)MAPI_E_UNCONFIGURED)
    {
        SPropValue ok;
        ok.ulPropTag = PR_TP_LOGON_RESULT;
        ok.dwAlignPad = 0;
        ok.Value.l = S_OK;
        IProfSect_SetProps(sect, 1, &ok, NULL);
    }
    if (vals && a->free)
        a->free(vals);
}

/* PROVIDER_CREATE: the service section's test properties (not the secure
 * ones) go to a provider section that has none of its own. */
static HRESULT copy_test_props(LPPROFSECT from, LPPROFSECT to, const tp_alloc *a)
{
    LPSPropValue vals = NULL, mine = NULL;
    ULONG count = 0, nmine = 0, i;
    HRESULT hr;

    hr = IProfSect_GetProps(from, NULL, MAPI_UNICODE, &count, &vals);
    if (FAILED(hr) || !vals)
        return FAILED(hr) ? hr : S_OK;
    if (FAILED(IProfSect_GetProps(to, NULL, MAPI_UNICODE, &nmine, &mine)))
        mine = NULL, nmine = 0;
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        ULONG id = PROP_ID(vals[i].ulPropTag);
        if (id < 0x6700 || id >= 0x67F0 || PROP_TYPE(vals[i].ulPropTag) == PT_ERROR ||
            vals[i].ulPropTag == PR_TP_UID || tp_find_prop(mine, nmine, id))
            continue;
        hr = IProfSect_SetProps(to, 1, &vals[i], NULL);
    }
    if (a->free)
    {
        a->free(vals);
        if (mine)
            a->free(mine);
    }
    return hr;
}

static HRESULT set_created(LPPROFSECT sect)
{
    SPropValue pv;
    pv.ulPropTag = PR_TP_CREATED;
    pv.dwAlignPad = 0;
    pv.Value.lpszW = (LPWSTR)L"created";
    return IProfSect_SetProps(sect, 1, &pv, NULL);
}

/* The message service entry point, stdcall, exported as "ServiceEntry". */
HRESULT STDAPICALLTYPE ServiceEntry(HINSTANCE hInstance, LPMALLOC lpMalloc, LPMAPISUP lpMAPISup,
        ULONG_PTR ulUIParam, ULONG ulFlags, ULONG ulContext, ULONG cValues, LPSPropValue lpProps,
        LPPROVIDERADMIN lpProviderAdmin, LPMAPIERROR *lppMapiError)
{
    tp_alloc a, internal;
    LPPROFSECT sect = NULL;
    BOOL alloc_ok, malloc_ok, writable = TRUE;
    MAPIUID uids[MAX_PROVIDERS];
    ULONG rows = 0, nuids = 0, i, written = 0, failed = 0;
    tp_config *cfg;
    HRESULT hr = S_OK, whr;

    if (lppMapiError)
        *lppMapiError = NULL;
    if (!(cfg = HeapAlloc(GetProcessHeap(), 0, sizeof(*cfg))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    tp_config_init(cfg, "SVC");
    alloc_ok = check_alloc(lpMAPISup, &a);
    malloc_ok = check_malloc(lpMalloc);
    internal = a;
    if (!alloc_ok && !tp_mapi32_alloc(&internal))
        memset(&internal, 0, sizeof(internal));

    /* The service's own section, then the lpProps of CONFIGURE over it. */
    if (lpMAPISup)
    {
        if (FAILED(IMAPISupport_OpenProfileSection(lpMAPISup, NULL, MAPI_MODIFY, &sect)) || !sect)
        {
            sect = NULL;
            writable = FALSE;
            if (FAILED(IMAPISupport_OpenProfileSection(lpMAPISup, NULL, 0, &sect)))
                sect = NULL;
        }
    }
    if (sect && internal.free)
        tp_config_read(cfg, sect, &internal);
    if (ulContext == MSG_SERVICE_CONFIGURE && cValues && lpProps)
        tp_config_apply(cfg, lpProps, cValues);

    if (cValues && !lpProps)
        hr = MAPI_E_INVALID_PARAMETER;
    else if (ulContext < MSG_SERVICE_INSTALL || ulContext > TP_MAX_CONTEXT)
        hr = MAPI_E_NO_SUPPORT;
    else
        hr = cfg->svc_hr[ulContext];

    rows = provider_uids(lpProviderAdmin, &internal, uids, &nuids);

    if (SUCCEEDED(hr))
    {
        BOOL to_service = FALSE;
        LPPROFSECT psect;

        switch (ulContext)
        {
        case MSG_SERVICE_CREATE:
        case MSG_SERVICE_CONFIGURE:
        case MSG_SERVICE_PROVIDER_CREATE:
            to_service = ulContext != MSG_SERVICE_PROVIDER_CREATE;
            break;
        default:
            nuids = 0;          /* nothing to write */
            break;
        }
        if (to_service)
        {
            if (!sect || !writable)
                failed++;
            else
            {
                if (ulContext == MSG_SERVICE_CREATE)
                    whr = set_created(sect);
                else
                    whr = cValues ? IProfSect_SetProps(sect, cValues, lpProps, NULL) : S_OK;
                if (ulContext == MSG_SERVICE_CONFIGURE &&
                    !tp_find_prop(lpProps, cValues, PROP_ID(PR_TP_LOGON_RESULT)))
                    clear_unconfigured(sect, &internal);
                if (FAILED(whr))
                    failed++;
                else
                    written++;
            }
        }
        for (i = 0; i < nuids; i++)
        {
            psect = NULL;
            whr = IProviderAdmin_OpenProfileSection(lpProviderAdmin, &uids[i], NULL, MAPI_MODIFY, &psect);
            if (SUCCEEDED(whr) && psect)
            {
                switch (ulContext)
                {
                case MSG_SERVICE_CREATE:
                    whr = set_created(psect);
                    break;
                case MSG_SERVICE_CONFIGURE:
                    whr = cValues ? IProfSect_SetProps(psect, cValues, lpProps, NULL) : S_OK;
                    if (!tp_find_prop(lpProps, cValues, PROP_ID(PR_TP_LOGON_RESULT)))
                        clear_unconfigured(psect, &internal);
                    break;
                default: /* PROVIDER_CREATE */
                    whr = sect ? copy_test_props(sect, psect, &internal) : S_OK;
                    if (SUCCEEDED(whr))
                        whr = set_created(psect);
                    break;
                }
                IProfSect_Release(psect);
            }
            else if (SUCCEEDED(whr))
                whr = MAPI_E_CALL_FAILED;
            if (FAILED(whr))
                failed++;
            else
                written++;
        }
    }
    if (sect)
        IProfSect_Release(sect);

    /* PR_TP_EXERCISE: the support calls of a message service (exercise.c). */
    if (SUCCEEDED(hr) && ulContext == MSG_SERVICE_CONFIGURE && cfg->exercise && lpMAPISup)
    {
        tp_ex_target t;

        memset(&t, 0, sizeof(t));
        t.kind = "SVC";
        t.cfg = cfg;
        t.sup = lpMAPISup;
        t.a = &internal;
        tp_exercise_run(&t, "configure", cfg->exercise, NULL);
    }

    tp_log(cfg, "SVC", "ServiceEntry",
           "ctx=%lu(%s) flags=0x%08lx cValues=%lu providers=%lu written=%lu failed=%lu alloc=%s malloc=%s hinst=%s hr=0x%08lx",
           (unsigned long)ulContext, context_name(ulContext), (unsigned long)ulFlags,
           (unsigned long)cValues, (unsigned long)rows, (unsigned long)written, (unsigned long)failed,
           alloc_ok ? "ok" : "bad", malloc_ok ? "ok" : "bad", hInstance == tp_hinstance ? "ok" : "bad",
           (unsigned long)hr);
    HeapFree(GetProcessHeap(), 0, cfg);
    return hr;
}
