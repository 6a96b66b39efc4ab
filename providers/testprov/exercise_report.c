/*
 * The test provider's exercise mode for reports and recipient expansion
 * (TP_EX_REPORT, README.md): the store asks ExpandRecips to expand a
 * message addressed to the address book's personal distribution list; the
 * transport asks StatusRecips to report on messages some of whose
 * recipients got them and some not.  The tests find the reports in the
 * default store.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "testprov.h"

#include <mapix.h>

/* ------------------------------------------------------------------------ */
/* A message of the transport's own (the spooler would hand it one): fixed   */
/* properties and recipients, read-only.                                     */

typedef struct ex_msg
{
    IMessage IMessage_iface;
    LONG ref;
    const tp_alloc *a;
    const SPropValue *props;      /* the caller's, alive while it is used */
    ULONG cprops;
    const ADRLIST *recips;        /* the rows of its recipient table */
} ex_msg;

static inline ex_msg *impl_from_IMessage(IMessage *iface)
{
    return CONTAINING_RECORD(iface, ex_msg, IMessage_iface);
}

static HRESULT STDMETHODCALLTYPE exmsg_QueryInterface(IMessage *iface, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_INVALIDARG;
    *ppv = NULL;
    if (riid && (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPIProp) ||
                 IsEqualGUID(riid, &IID_IMessage)))
    {
        *ppv = iface;
        IMessage_AddRef(iface);
        return S_OK;
    }
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE exmsg_AddRef(IMessage *iface)
{
    return InterlockedIncrement(&impl_from_IMessage(iface)->ref);
}

static ULONG STDMETHODCALLTYPE exmsg_Release(IMessage *iface)
{
    ex_msg *m = impl_from_IMessage(iface);
    ULONG ref = InterlockedDecrement(&m->ref);

    if (!ref)
        HeapFree(GetProcessHeap(), 0, m);
    return ref;
}

TP_PROP_STUBS(exmsg, IMessage)

static HRESULT STDMETHODCALLTYPE exmsg_SaveChanges(IMessage *iface, ULONG ulFlags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE exmsg_GetProps(IMessage *iface, LPSPropTagArray lpPropTagArray, ULONG ulFlags,
                                                ULONG *lpcValues, LPSPropValue *lppPropArray)
{
    ex_msg *m = impl_from_IMessage(iface);
    return tp_get_props(m->props, m->cprops, m->a, lpPropTagArray, ulFlags, lpcValues, lppPropArray);
}

static HRESULT STDMETHODCALLTYPE exmsg_GetPropList(IMessage *iface, ULONG ulFlags, LPSPropTagArray *lppPropTagArray)
{
    ex_msg *m = impl_from_IMessage(iface);
    return tp_get_prop_list(m->props, m->cprops, m->a, ulFlags, lppPropTagArray);
}

static HRESULT STDMETHODCALLTYPE exmsg_SetProps(IMessage *iface, ULONG cValues, LPSPropValue lpPropArray,
                                                LPSPropProblemArray *lppProblems)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE exmsg_GetAttachmentTable(IMessage *iface, ULONG ulFlags, LPMAPITABLE *lppTable)
{
    SizedSPropTagArray(2, cols) = { 2, { PR_ATTACH_NUM, PR_INSTANCE_KEY } };
    return tp_make_table(impl_from_IMessage(iface)->a, (LPSPropTagArray)&cols, NULL, 0, lppTable);
}

static HRESULT STDMETHODCALLTYPE exmsg_OpenAttach(IMessage *iface, ULONG ulAttachmentNum, LPCIID lpInterface,
                                                  ULONG ulFlags, LPATTACH *lppAttach)
{
    return MAPI_E_NOT_FOUND;
}

static HRESULT STDMETHODCALLTYPE exmsg_CreateAttach(IMessage *iface, LPCIID lpInterface, ULONG ulFlags,
                                                    ULONG *lpulAttachmentNum, LPATTACH *lppAttach)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE exmsg_DeleteAttach(IMessage *iface, ULONG ulAttachmentNum, ULONG_PTR ulUIParam,
                                                    LPMAPIPROGRESS lpProgress, ULONG ulFlags)
{
    return MAPI_E_NO_SUPPORT;
}

/* Each row is the recipient's entry with PR_INSTANCE_KEY, its index. */
static HRESULT STDMETHODCALLTYPE exmsg_GetRecipientTable(IMessage *iface, ULONG ulFlags, LPMAPITABLE *lppTable)
{
    SizedSPropTagArray(5, cols) = { 5, { PR_INSTANCE_KEY, PR_DISPLAY_NAME_W, PR_RECIPIENT_TYPE, PR_ADDRTYPE_W,
                                         PR_EMAIL_ADDRESS_W } };
    ex_msg *m = impl_from_IMessage(iface);
    SRow rows[8];
    SPropValue vals[8][6];
    ULONG i, j, n = m->recips->cEntries < 8 ? m->recips->cEntries : 8;

    if (!lppTable)
        return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < n; i++)
    {
        const ADRENTRY *e = &m->recips->aEntries[i];
        ULONG k = 0;
        vals[i][k].ulPropTag = PR_INSTANCE_KEY;
        vals[i][k].Value.bin.cb = sizeof(ULONG);
        vals[i][k++].Value.bin.lpb = (BYTE *)&rows[i].ulAdrEntryPad;
        for (j = 0; j < 4; j++)
        {
            const SPropValue *pv = tp_find_prop(e->rgPropVals, e->cValues, PROP_ID(cols.aulPropTag[j + 1]));
            if (pv)
                vals[i][k++] = *pv;
        }
        rows[i].ulAdrEntryPad = i;
        rows[i].cValues = k;
        rows[i].lpProps = vals[i];
    }
    return tp_make_table(m->a, (LPSPropTagArray)&cols, rows, n, lppTable);
}

static HRESULT STDMETHODCALLTYPE exmsg_ModifyRecipients(IMessage *iface, ULONG ulFlags, LPADRLIST lpMods)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE exmsg_SubmitMessage(IMessage *iface, ULONG ulFlags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE exmsg_SetReadFlag(IMessage *iface, ULONG ulFlags)
{
    return MAPI_E_NO_SUPPORT;
}

static const IMessageVtbl exmsg_vtbl =
{
    exmsg_QueryInterface, exmsg_AddRef, exmsg_Release, exmsg_GetLastError, exmsg_SaveChanges, exmsg_GetProps,
    exmsg_GetPropList, exmsg_OpenProperty, exmsg_SetProps, exmsg_DeleteProps, exmsg_CopyTo, exmsg_CopyProps,
    exmsg_GetNamesFromIDs, exmsg_GetIDsFromNames, exmsg_GetAttachmentTable, exmsg_OpenAttach, exmsg_CreateAttach,
    exmsg_DeleteAttach, exmsg_GetRecipientTable, exmsg_ModifyRecipients, exmsg_SubmitMessage, exmsg_SetReadFlag,
};

/* ------------------------------------------------------------------------ */
/* StatusRecips (XP)                                                         */

enum { DELIVERED, FAILED_TO, NO_STATUS };

typedef struct rspec
{
    const WCHAR *name;
    LONG type;
    int status;
} rspec;

static const BYTE report_tag[] = { 'T', 'A', 'G', '1' };

/* The transport's ADRLIST: each recipient with what the transport learnt
 * (a delivery time; or a report time, reason, diagnostic and text). */
static HRESULT status_list(const tp_alloc *a, const rspec *r, ULONG n, LPADRLIST *out)
{
    LPADRLIST list = NULL;
    FILETIME now;
    HRESULT hr;
    ULONG i;

    GetSystemTimeAsFileTime(&now);
    if (FAILED(hr = a->alloc(CbNewADRLIST(n), (void **)&list)))
        return hr;
    list->cEntries = n;
    for (i = 0; i < n; i++)
    {
        SPropValue *p;
        ULONG k = 0;

        if (FAILED(hr = a->more(8 * sizeof(SPropValue), list, (void **)&p)))
        {
            a->free(list);
            return hr;
        }
        memset(p, 0, 8 * sizeof(SPropValue));
        p[k].ulPropTag = PR_DISPLAY_NAME_W;
        p[k++].Value.lpszW = (LPWSTR)r[i].name;
        p[k].ulPropTag = PR_RECIPIENT_TYPE;
        p[k++].Value.l = r[i].type;
        p[k].ulPropTag = PR_ADDRTYPE_W;
        p[k++].Value.lpszW = (LPWSTR)L"SMTP";
        if (r[i].status == DELIVERED)
        {
            p[k].ulPropTag = PR_DELIVER_TIME;
            p[k++].Value.ft = now;
        }
        else if (r[i].status == FAILED_TO)
        {
            p[k].ulPropTag = PR_REPORT_TIME;
            p[k++].Value.ft = now;
            p[k].ulPropTag = PR_NDR_REASON_CODE;
            p[k++].Value.l = MAPI_REASON_TRANSFER_FAILED;
            p[k].ulPropTag = PR_NDR_DIAG_CODE;
            p[k++].Value.l = MAPI_DIAG_MAIL_RECIPIENT_UNKNOWN;
            p[k].ulPropTag = PR_SUPPLEMENTARY_INFO_W;
            p[k++].Value.lpszW = (LPWSTR)L"no such mailbox";
        }
        list->aEntries[i].ulReserved1 = 0;
        list->aEntries[i].cValues = k;
        list->aEntries[i].rgPropVals = p;
    }
    *out = list;
    return S_OK;
}

enum { GOOD, BAD_ENTRY, NO_LIST, GARBAGE };

/* A message with this subject (class IPM.Note, from "Report Sender",
 * PR_REPORT_TAG "TAG1"); dr / ndr: PR_ORIGINATOR_(NON_)DELIVERY_REPORT_REQUESTED,
 * -1 for none.  StatusRecips on it, with the list as built, with its last
 * entry's values gone (BAD_ENTRY), none (NO_LIST) or an unreadable pointer
 * instead (GARBAGE); the list is freed if MAPI did not. */
static HRESULT status_recips(const tp_ex_target *t, const WCHAR *subject, int dr, int ndr, const rspec *r, ULONG n,
                             int how)
{
    SPropValue props[10];
    LPADRLIST list = NULL;
    ex_msg *m;
    ULONG k = 0;
    HRESULT hr;

    memset(props, 0, sizeof(props));
    props[k].ulPropTag = PR_MESSAGE_CLASS_W;
    props[k++].Value.lpszW = (LPWSTR)L"IPM.Note";
    props[k].ulPropTag = PR_SUBJECT_W;
    props[k++].Value.lpszW = (LPWSTR)subject;
    props[k].ulPropTag = PR_CLIENT_SUBMIT_TIME;
    GetSystemTimeAsFileTime(&props[k++].Value.ft);
    props[k].ulPropTag = PR_DISPLAY_TO_W;
    props[k++].Value.lpszW = (LPWSTR)L"Delivered Person; Failed Person";
    props[k].ulPropTag = PR_SENDER_NAME_W;
    props[k++].Value.lpszW = (LPWSTR)L"Report Sender";
    props[k].ulPropTag = PR_REPORT_TAG;
    props[k].Value.bin.cb = sizeof(report_tag);
    props[k++].Value.bin.lpb = (BYTE *)report_tag;
    if (dr >= 0)
    {
        props[k].ulPropTag = PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED;
        props[k++].Value.b = (unsigned short)dr;
    }
    if (ndr >= 0)
    {
        props[k].ulPropTag = PR_ORIGINATOR_NON_DELIVERY_REPORT_REQUESTED;
        props[k++].Value.b = (unsigned short)ndr;
    }
    if (FAILED(hr = status_list(t->a, r, n, &list)))
        return hr;
    if (!(m = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*m))))
    {
        t->a->free(list);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    m->IMessage_iface.lpVtbl = (IMessageVtbl *)&exmsg_vtbl;
    m->ref = 1;
    m->a = t->a;
    m->props = props;
    m->cprops = k;
    m->recips = list;
    if (how == BAD_ENTRY && n)
        list->aEntries[n - 1].rgPropVals = NULL;
    hr = IMAPISupport_StatusRecips(t->sup, &m->IMessage_iface,
                                   how == NO_LIST ? NULL : how == GARBAGE ? (LPADRLIST)(ULONG_PTR)16 : list);
    IMessage_Release(&m->IMessage_iface);
    if (FAILED(hr) || how == NO_LIST || how == GARBAGE)
        t->a->free(list);
    return hr;
}

/* After a failed call: does GetLastError name the default store? */
static void log_last_error(const tp_ex_target *t, const char *at, HRESULT failed)
{
    LPMAPIERROR err = NULL;
    HRESULT hr = IMAPISupport_GetLastError(t->sup, failed, MAPI_UNICODE, &err);
    int named = err && err->lpszError && wcsstr((const WCHAR *)err->lpszError, L"default store") != NULL;

    tp_ex_log(t, at, "StatusRecips hr=0x%08lx mode=lasterror store=%d", (unsigned long)hr, named);
    if (err)
        t->a->free(err);
}

static void exercise_status(const tp_ex_target *t, const char *at)
{
    static const rspec mixed[] = { { L"Delivered Person", MAPI_TO, DELIVERED },
                                   { L"Failed Person", MAPI_TO, FAILED_TO },
                                   { L"Failed Too", MAPI_CC, FAILED_TO } };
    static const rspec one_each[] = { { L"Delivered Person", MAPI_TO, DELIVERED },
                                      { L"Failed Person", MAPI_CC, FAILED_TO } };
    static const rspec unknown[] = { { L"Unknown Person", MAPI_TO, NO_STATUS },
                                     { L"Failed Person", MAPI_TO, FAILED_TO } };
    LPADRLIST list = NULL;
    HRESULT hr;

    hr = status_recips(t, L"Report One", TRUE, -1, mixed, 3, GOOD);
    tp_ex_log(t, at, "StatusRecips hr=0x%08lx mode=mixed", (unsigned long)hr);
    if (FAILED(hr))
        log_last_error(t, at, hr);
    hr = status_recips(t, L"Report Two", -1, -1, one_each, 2, GOOD);
    tp_ex_log(t, at, "StatusRecips hr=0x%08lx mode=nodr", (unsigned long)hr);
    hr = status_recips(t, L"Report Three", TRUE, FALSE, one_each, 2, GOOD);
    tp_ex_log(t, at, "StatusRecips hr=0x%08lx mode=nondr", (unsigned long)hr);
    hr = status_recips(t, L"Report Four", FALSE, TRUE, unknown, 2, GOOD);
    tp_ex_log(t, at, "StatusRecips hr=0x%08lx mode=nostatus", (unsigned long)hr);
    hr = status_recips(t, L"Report Five", TRUE, TRUE, one_each, 0, GOOD);
    tp_ex_log(t, at, "StatusRecips hr=0x%08lx mode=empty", (unsigned long)hr);

    /* Bad input: nothing is made and the list stays the caller's. */
    hr = IMAPISupport_StatusRecips(t->sup, NULL, NULL);
    tp_ex_log(t, at, "StatusRecips hr=0x%08lx mode=null", (unsigned long)hr);
    if (SUCCEEDED(status_list(t->a, one_each, 2, &list)))
    {
        hr = IMAPISupport_StatusRecips(t->sup, NULL, list);
        tp_ex_log(t, at, "StatusRecips hr=0x%08lx mode=nomsg", (unsigned long)hr);
        t->a->free(list);
    }
    hr = status_recips(t, L"Report Bad", TRUE, TRUE, one_each, 2, NO_LIST);
    tp_ex_log(t, at, "StatusRecips hr=0x%08lx mode=nolist", (unsigned long)hr);
    hr = status_recips(t, L"Report Bad", TRUE, TRUE, one_each, 2, BAD_ENTRY);
    tp_ex_log(t, at, "StatusRecips hr=0x%08lx mode=badentry", (unsigned long)hr);
    hr = status_recips(t, L"Report Bad", TRUE, TRUE, one_each, 2, GARBAGE);
    tp_ex_log(t, at, "StatusRecips hr=0x%08lx mode=garbage", (unsigned long)hr);
}

/* ------------------------------------------------------------------------ */
/* ExpandRecips (MS)                                                         */

/* The test address book's instance UID, from the entry ID of the entry
 * "Test User A" resolves to. */
static BOOL ab_uid(const tp_ex_target *t, LPADRBOOK ab, MAPIUID *uid)
{
    LPADRLIST list = NULL;
    const SPropValue *eid;
    BOOL ok = FALSE;

    if (FAILED(t->a->alloc(CbNewADRLIST(1), (void **)&list)))
        return FALSE;
    list->cEntries = 1;
    list->aEntries[0].ulReserved1 = 0;
    list->aEntries[0].cValues = 1;
    if (FAILED(t->a->alloc(sizeof(SPropValue), (void **)&list->aEntries[0].rgPropVals)))
    {
        t->a->free(list);
        return FALSE;
    }
    list->aEntries[0].rgPropVals[0].ulPropTag = PR_DISPLAY_NAME_W;
    list->aEntries[0].rgPropVals[0].dwAlignPad = 0;
    list->aEntries[0].rgPropVals[0].Value.lpszW = (LPWSTR)L"Test User A";
    if (SUCCEEDED(IAddrBook_ResolveName(ab, 0, MAPI_UNICODE, NULL, list)) &&
        (eid = tp_find_prop(list->aEntries[0].rgPropVals, list->aEntries[0].cValues, PROP_ID(PR_ENTRYID))) &&
        eid->ulPropTag == PR_ENTRYID && eid->Value.bin.cb == TP_AB_EID_SIZE)
    {
        memcpy(uid, eid->Value.bin.lpb + 4, sizeof(*uid));
        ok = TRUE;
    }
    t->a->free(list->aEntries[0].rgPropVals);
    t->a->free(list);
    return ok;
}

/* One recipient: name, type, address type, address (or NULL), entry ID. */
static void add_recip(LPMESSAGE msg, const WCHAR *name, LONG type, const WCHAR *atype, const WCHAR *addr,
                      ULONG cb, const BYTE *eid, BOOL list)
{
    SPropValue r[7];
    ADRLIST one;
    ULONG k = 0;

    memset(r, 0, sizeof(r));
    r[k].ulPropTag = PR_DISPLAY_NAME_W;
    r[k++].Value.lpszW = (LPWSTR)name;
    r[k].ulPropTag = PR_RECIPIENT_TYPE;
    r[k++].Value.l = type;
    r[k].ulPropTag = PR_ADDRTYPE_W;
    r[k++].Value.lpszW = (LPWSTR)atype;
    if (addr)
    {
        r[k].ulPropTag = PR_EMAIL_ADDRESS_W;
        r[k++].Value.lpszW = (LPWSTR)addr;
    }
    if (eid)
    {
        r[k].ulPropTag = PR_ENTRYID;
        r[k].Value.bin.cb = cb;
        r[k++].Value.bin.lpb = (BYTE *)eid;
    }
    if (list)
    {
        r[k].ulPropTag = PR_OBJECT_TYPE;
        r[k++].Value.l = MAPI_DISTLIST;
        r[k].ulPropTag = PR_DISPLAY_TYPE;
        r[k++].Value.l = DT_PRIVATE_DISTLIST;
    }
    one.cEntries = 1;
    one.aEntries[0].ulReserved1 = 0;
    one.aEntries[0].cValues = k;
    one.aEntries[0].rgPropVals = r;
    IMessage_ModifyRecipients(msg, MODRECIP_ADD, &one);
}

/* "Name_With_Blanks/type/e,..." for each recipient row, e: has an entry ID. */
static void describe_recips(const tp_ex_target *t, LPMESSAGE msg, char *out, size_t len)
{
    SizedSPropTagArray(3, cols) = { 3, { PR_DISPLAY_NAME_W, PR_RECIPIENT_TYPE, PR_ENTRYID } };
    LPMAPITABLE table = NULL;
    LPSRowSet rows = NULL;
    size_t pos = 0;
    ULONG i;

    snprintf(out, len, "-");
    if (FAILED(IMessage_GetRecipientTable(msg, MAPI_UNICODE, &table)))
        return;
    if (SUCCEEDED(IMAPITable_SetColumns(table, (LPSPropTagArray)&cols, 0)) &&
        SUCCEEDED(IMAPITable_QueryRows(table, 100, 0, &rows)) && rows)
    {
        for (i = 0; i < rows->cRows && pos + 48 < len; i++)
        {
            LPSPropValue v = rows->aRow[i].lpProps;
            char name[40] = "?";
            int c;
            if (v[0].ulPropTag == PR_DISPLAY_NAME_W)
                WideCharToMultiByte(CP_UTF8, 0, v[0].Value.lpszW, -1, name, sizeof(name) - 1, NULL, NULL);
            for (c = 0; name[c]; c++)
                if (name[c] == ' ')
                    name[c] = '_';
            pos += snprintf(out + pos, len - pos, "%s%s/%ld/%c", i ? "," : "", name,
                            v[1].ulPropTag == PR_RECIPIENT_TYPE ? (long)v[1].Value.l : -1L,
                            v[2].ulPropTag == PR_ENTRYID ? 'e' : '-');
            t->a->free(rows->aRow[i].lpProps);
        }
        t->a->free(rows);
    }
    IMAPITable_Release(table);
}

static LPMESSAGE new_message(const tp_ex_target *t, const WCHAR *subject)
{
    BYTE eid[TP_MS_EID_SIZE];
    LPUNKNOWN unk = NULL;
    LPMESSAGE msg = NULL;
    SPropValue v;
    ULONG type;

    tp_ms_eid(&t->uid, TRUE, TP_FOLDER_INBOX, eid);
    if (FAILED(tp_ms_open(t->prov, t->sup, &t->uid, sizeof(eid), (ENTRYID *)eid, &IID_IMAPIFolder, &type, &unk)))
        return NULL;
    if (FAILED(IMAPIFolder_CreateMessage((LPMAPIFOLDER)unk, NULL, 0, &msg)))
        msg = NULL;
    IUnknown_Release(unk);
    if (msg)
    {
        v.ulPropTag = PR_SUBJECT_W;
        v.dwAlignPad = 0;
        v.Value.lpszW = (LPWSTR)subject;
        IMessage_SetProps(msg, 1, &v, NULL);
    }
    return msg;
}

/* To "Test List" (which holds entry 0, "Test Sublist" with entries 1 and 0
 * and "Test List" again, and a one-off), an unknown list, a one-off whose
 * display name was changed, a bare SMTP address, and entry 1 once more. */
static void exercise_expand(const tp_ex_target *t, const char *at)
{
    BYTE list0[TP_AB_EID_SIZE], lost[TP_AB_EID_SIZE], user1[TP_AB_EID_SIZE];
    char recips[512];
    LPADRBOOK ab = NULL;
    LPMESSAGE msg = NULL;
    LPENTRYID oneoff = NULL;
    ULONG cb = 0, flags;
    MAPIUID uid;
    HRESULT hr;

    hr = IMAPISupport_OpenAddressBook(t->sup, NULL, 0, &ab);
    if (FAILED(hr) || !ab_uid(t, ab, &uid))
    {
        tp_ex_log(t, at, "ExpandRecips hr=0x%08lx mode=lists ab=none", (unsigned long)(FAILED(hr) ? hr : E_FAIL));
        goto done;
    }
    tp_ab_eid(&uid, TP_AB_EID_LIST, 0, list0);
    tp_ab_eid(&uid, TP_AB_EID_LIST, 7, lost);
    tp_ab_eid(&uid, 2, 1, user1);
    IMAPISupport_CreateOneOff(t->sup, (LPTSTR)L"Outside Person", (LPTSTR)L"SMTP", (LPTSTR)L"outside@example.com",
                              MAPI_UNICODE, &cb, &oneoff);
    if (!(msg = new_message(t, L"Expand me")))
        goto done;
    add_recip(msg, L"Test List", MAPI_TO, L"MAPIPDL", NULL, sizeof(list0), list0, TRUE);
    add_recip(msg, L"Lost List", MAPI_TO, L"MAPIPDL", NULL, sizeof(lost), lost, TRUE);
    add_recip(msg, L"Renamed Person", MAPI_CC, L"SMTP", L"outside@example.com", cb, (BYTE *)oneoff, FALSE);
    add_recip(msg, L"Plain Person", MAPI_CC, L"SMTP", L"plain@example.com", 0, NULL, FALSE);
    add_recip(msg, L"Test User B", MAPI_BCC, L"" TESTPROV_ADDRTYPE, L"test.user.b@testprov.invalid",
              sizeof(user1), user1, FALSE);
    flags = 0xdead;
    hr = IMAPISupport_ExpandRecips(t->sup, msg, &flags);
    describe_recips(t, msg, recips, sizeof(recips));
    tp_ex_log(t, at, "ExpandRecips hr=0x%08lx mode=lists flags=0x%08lx recips=%s", (unsigned long)hr,
              (unsigned long)flags, recips);
    /* Again: nothing is left to expand and nothing changes. */
    hr = IMAPISupport_ExpandRecips(t->sup, msg, &flags);
    describe_recips(t, msg, recips, sizeof(recips));
    tp_ex_log(t, at, "ExpandRecips hr=0x%08lx mode=again flags=0x%08lx recips=%s", (unsigned long)hr,
              (unsigned long)flags, recips);

done:
    hr = IMAPISupport_ExpandRecips(t->sup, NULL, &flags);
    tp_ex_log(t, at, "ExpandRecips hr=0x%08lx mode=nomsg", (unsigned long)hr);
    hr = IMAPISupport_ExpandRecips(t->sup, (LPMESSAGE)(ULONG_PTR)16, &flags);
    tp_ex_log(t, at, "ExpandRecips hr=0x%08lx mode=garbage", (unsigned long)hr);
    if (msg)
        IMessage_Release(msg);
    if (oneoff)
        t->a->free(oneoff);
    if (ab)
        IAddrBook_Release(ab);
}

void tp_exercise_report(const tp_ex_target *t, const char *at)
{
    if (!strcmp(t->kind, "XP"))
        exercise_status(t, at);
    else if (!strcmp(t->kind, "MS") && t->prov)
        exercise_expand(t, at);
}
