/*
 * IMAPISupport::StatusRecips: delivery and nondelivery reports, made
 * in-process and delivered to the local user (docs/sessions.md, "Sending
 * support"; imapisupport-statusrecips.md, mapi-report-messages.md).
 */
#define COBJMACROS
#include <string.h>

#include "mapi32_private.h"
#include "propcopy.h"
#include "support_private.h"

#include <mapiguid.h>
#include <mapiutil.h>

enum report_kind { REPORT_DR, REPORT_NDR };

/* What the report copies from the message: PR_ORIGINAL_* from the first
 * column, or the same property when both are the same tag. */
static const struct { ULONG from, to; } copied[] = {
    {PR_SUBJECT_W, PR_ORIGINAL_SUBJECT_W},
    {PR_CLIENT_SUBMIT_TIME, PR_ORIGINAL_SUBMIT_TIME},
    {PR_DISPLAY_TO_W, PR_ORIGINAL_DISPLAY_TO_W},
    {PR_DISPLAY_CC_W, PR_ORIGINAL_DISPLAY_CC_W},
    {PR_DISPLAY_BCC_W, PR_ORIGINAL_DISPLAY_BCC_W},
    {PR_ENTRYID, PR_ORIGINAL_ENTRYID},
    {PR_SEARCH_KEY, PR_ORIGINAL_SEARCH_KEY},
    {PR_SENDER_NAME_W, PR_ORIGINAL_SENDER_NAME_W},
    {PR_SENDER_ENTRYID, PR_ORIGINAL_SENDER_ENTRYID},
    {PR_SENDER_SEARCH_KEY, PR_ORIGINAL_SENDER_SEARCH_KEY},
    {PR_SENDER_ADDRTYPE_W, PR_ORIGINAL_SENDER_ADDRTYPE_W},
    {PR_SENDER_EMAIL_ADDRESS_W, PR_ORIGINAL_SENDER_EMAIL_ADDRESS_W},
    {PR_SENT_REPRESENTING_NAME_W, PR_ORIGINAL_SENT_REPRESENTING_NAME_W},
    {PR_SENT_REPRESENTING_ENTRYID, PR_ORIGINAL_SENT_REPRESENTING_ENTRYID},
    {PR_SENT_REPRESENTING_SEARCH_KEY, PR_ORIGINAL_SENT_REPRESENTING_SEARCH_KEY},
    {PR_SENT_REPRESENTING_ADDRTYPE_W, PR_ORIGINAL_SENT_REPRESENTING_ADDRTYPE_W},
    {PR_SENT_REPRESENTING_EMAIL_ADDRESS_W, PR_ORIGINAL_SENT_REPRESENTING_EMAIL_ADDRESS_W},
    {PR_CONVERSATION_TOPIC_W, PR_CONVERSATION_TOPIC_W},
    {PR_CONVERSATION_INDEX, PR_CONVERSATION_INDEX},
    {PR_REPORT_TAG, PR_REPORT_TAG},
};
#define NCOPIED (sizeof(copied) / sizeof(copied[0]))
/* After the copied ones, what decides the reports. */
enum { O_CLASS = NCOPIED, O_WANT_DR, O_WANT_NDR, O_COUNT };

/* The message's properties, looked up by tag. */
struct original {
    SPropValue *v;
    const WCHAR *cls, *subject;
    BOOL want_dr, want_ndr;
};

static HRESULT read_original(IMessage *msg, struct original *o)
{
    SizedSPropTagArray(O_COUNT, tags);
    ULONG i, n;
    HRESULT hr;

    tags.cValues = O_COUNT;
    for (i = 0; i < NCOPIED; i++) tags.aulPropTag[i] = copied[i].from;
    tags.aulPropTag[O_CLASS] = PR_MESSAGE_CLASS_W;
    tags.aulPropTag[O_WANT_DR] = PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED;
    tags.aulPropTag[O_WANT_NDR] = PR_ORIGINATOR_NON_DELIVERY_REPORT_REQUESTED;
    hr = IMessage_GetProps(msg, (SPropTagArray *)&tags, MAPI_UNICODE, &n, &o->v);
    if (FAILED(hr)) return hr;
    o->cls = o->v[O_CLASS].ulPropTag == PR_MESSAGE_CLASS_W ? o->v[O_CLASS].Value.lpszW : L"IPM.Note";
    o->subject = o->v[0].ulPropTag == PR_SUBJECT_W ? o->v[0].Value.lpszW : L"";
    /* A DR only on request; an NDR unless refused (mapi-report-messages.md). */
    o->want_dr = o->v[O_WANT_DR].ulPropTag == PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED && o->v[O_WANT_DR].Value.b;
    o->want_ndr = o->v[O_WANT_NDR].ulPropTag != PR_ORIGINATOR_NON_DELIVERY_REPORT_REQUESTED ||
                  o->v[O_WANT_NDR].Value.b;
    return S_OK;
}

static const SPropValue *find(const ADRENTRY *e, ULONG tag)
{
    ULONG i;

    for (i = 0; i < e->cValues; i++)
        if (e->rgPropVals[i].ulPropTag == tag) return &e->rgPropVals[i];
    return NULL;
}

/* Delivered (PR_DELIVER_TIME), not delivered (PR_NDR_REASON_CODE or a
 * report time without a delivery time), or -1: the entry says neither. */
static int entry_kind(const ADRENTRY *e)
{
    if (find(e, PR_DELIVER_TIME)) return REPORT_DR;
    if (find(e, PR_NDR_REASON_CODE) || find(e, PR_REPORT_TIME)) return REPORT_NDR;
    return -1;
}

/* A recipient's own PR_ORIGINATOR_*_REPORT_REQUESTED wins over the message's. */
static BOOL entry_wanted(const ADRENTRY *e, enum report_kind kind, const struct original *o)
{
    ULONG tag = kind == REPORT_DR ? PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED
                                  : PR_ORIGINATOR_NON_DELIVERY_REPORT_REQUESTED;
    const SPropValue *p = find(e, tag);

    if (p) return p->Value.b != 0;
    return kind == REPORT_DR ? o->want_dr : o->want_ndr;
}

static BOOL bad_list(const ADRLIST *list)
{
    ULONG i;

    if (!list || IsBadReadPtr(list, CbNewADRLIST(0)) || IsBadReadPtr(list, CbADRLIST(list))) return TRUE;
    for (i = 0; i < list->cEntries; i++) {
        const ADRENTRY *e = &list->aEntries[i];
        if (e->cValues && (!e->rgPropVals || IsBadReadPtr(e->rgPropVals, e->cValues * sizeof(SPropValue))))
            return TRUE;
    }
    return FALSE;
}

/* ---- the local user's default store ---- */

static HRESULT open_default_store(struct support *sup, IMsgStore **mdb)
{
    static const SizedSPropTagArray(2, cols) = {2, {PR_DEFAULT_STORE, PR_ENTRYID}};
    struct session *s = logon_session(sup->logon);
    IMAPISession *session;
    IMAPITable *t = NULL;
    SRowSet *rows = NULL;
    HRESULT hr;
    ULONG i;

    *mdb = NULL;
    if (!s) return MAPI_E_NOT_FOUND;
    session = session_iface(s);
    if ((hr = IMAPISession_GetMsgStoresTable(session, 0, &t))) return hr;
    hr = HrQueryAllRows(t, (SPropTagArray *)&cols, NULL, NULL, 0, &rows);
    IMAPITable_Release(t);
    if (FAILED(hr)) return hr;
    hr = MAPI_E_NOT_FOUND;
    for (i = 0; i < rows->cRows; i++) {
        const SPropValue *p = rows->aRow[i].lpProps;
        if (p[0].ulPropTag != PR_DEFAULT_STORE || !p[0].Value.b || p[1].ulPropTag != PR_ENTRYID) continue;
        hr = IMAPISession_OpenMsgStore(session, 0, p[1].Value.bin.cb, (ENTRYID *)p[1].Value.bin.lpb, NULL,
                                       MDB_WRITE | MDB_NO_DIALOG, mdb);
        break;
    }
    FreeProws(rows);
    return hr;
}

/* A new message in the store's receive folder for cls. */
static HRESULT new_in_receive_folder(IMsgStore *mdb, const WCHAR *cls, IMessage **out)
{
    IMAPIFolder *folder = NULL;
    ENTRYID *eid = NULL;
    ULONG cb = 0, type;
    HRESULT hr;

    *out = NULL;
    if ((hr = IMsgStore_GetReceiveFolder(mdb, (LPTSTR)cls, MAPI_UNICODE, &cb, &eid, NULL))) return hr;
    hr = IMsgStore_OpenEntry(mdb, cb, eid, &IID_IMAPIFolder, MAPI_MODIFY, &type, (IUnknown **)&folder);
    MAPIFreeBuffer(eid);
    if (FAILED(hr)) return hr;
    hr = IMAPIFolder_CreateMessage(folder, NULL, 0, out);
    IMAPIFolder_Release(folder);
    return hr;
}

/* ---- the report ---- */

static WCHAR *concat(const WCHAR *a, const WCHAR *b, const WCHAR *c, void *root)
{
    WCHAR *s;

    if (MAPIAllocateMore((lstrlenW(a) + lstrlenW(b) + lstrlenW(c) + 1) * sizeof(WCHAR), root, (void **)&s))
        return NULL;
    lstrcpyW(s, a);
    lstrcatW(s, b);
    lstrcatW(s, c);
    return s;
}

/* The report's own properties; root owns the strings. */
static HRESULT report_props(const struct original *o, enum report_kind kind, void *root, SPropValue *out,
                            ULONG *count)
{
    BOOL dr = kind == REPORT_DR;
    FILETIME now;
    ULONG i, n = 0;

    GetSystemTimeAsFileTime(&now);
    memset(out, 0, (NCOPIED + 8) * sizeof(*out));
    out[n].ulPropTag = PR_MESSAGE_CLASS_W;
    if (!(out[n++].Value.lpszW = concat(L"REPORT.", o->cls, dr ? L".DR" : L".NDR", root)))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    out[n].ulPropTag = PR_SUBJECT_W;
    if (!(out[n++].Value.lpszW = concat(dr ? L"Delivered: " : L"Undeliverable: ", o->subject, L"", root)))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    out[n].ulPropTag = PR_REPORT_TEXT_W;
    out[n++].Value.lpszW = dr ? (WCHAR *)L"Your message was delivered to the following recipients."
                              : (WCHAR *)L"Your message did not reach some or all of the intended recipients.";
    out[n].ulPropTag = PR_REPORT_TIME;
    out[n++].Value.ft = now;
    out[n].ulPropTag = PR_MESSAGE_DELIVERY_TIME;
    out[n++].Value.ft = now;
    out[n].ulPropTag = PR_SENDER_NAME_W;
    out[n++].Value.lpszW = (WCHAR *)L"System Administrator";
    for (i = 0; i < NCOPIED; i++)
        if (o->v[i].ulPropTag == copied[i].from) {
            out[n] = o->v[i];
            out[n++].ulPropTag = copied[i].to;
        }
    /* PR_ORIGINAL_SUBJECT is required (required-report-message-properties.md). */
    if (o->v[0].ulPropTag != PR_SUBJECT_W) {
        out[n].ulPropTag = PR_ORIGINAL_SUBJECT_W;
        out[n++].Value.lpszW = (WCHAR *)L"";
    }
    *count = n;
    return S_OK;
}

/* The reported recipients with their per-recipient report properties
 * (what the transport put in each entry), the table's PR_ROWID left out and
 * PR_REPORT_TIME added where the transport gave none. */
static HRESULT report_recipients(const ADRLIST *list, const BOOL *pick, ADRLIST **out)
{
    ULONG i, j, n = 0;
    FILETIME now;
    ADRLIST *l;
    HRESULT hr;

    GetSystemTimeAsFileTime(&now);
    for (i = 0; i < list->cEntries; i++) n += pick[i] != 0;
    if ((hr = MAPIAllocateBuffer(CbNewADRLIST(n), (void **)&l))) return hr;
    l->cEntries = 0;
    for (i = 0; i < list->cEntries; i++) {
        const ADRENTRY *e = &list->aEntries[i];
        ADRENTRY *d;
        SPropValue *p;
        ULONG k = 0;

        if (!pick[i]) continue;
        if ((hr = MAPIAllocateMore((e->cValues + 2) * sizeof(SPropValue), l, (void **)&p))) break;
        for (j = 0; j < e->cValues; j++) {
            ULONG tag = e->rgPropVals[j].ulPropTag;
            if (tag == PR_ROWID || PROP_TYPE(tag) == PT_ERROR || PROP_TYPE(tag) == PT_NULL) continue;
            if ((hr = PropCopyMore(&p[k++], &e->rgPropVals[j], MAPIAllocateMore, l))) break;
        }
        if (hr) break;
        if (!find(e, PR_RECIPIENT_TYPE)) {
            p[k].ulPropTag = PR_RECIPIENT_TYPE;
            p[k].dwAlignPad = 0;
            p[k++].Value.l = MAPI_TO;
        }
        if (!find(e, PR_REPORT_TIME)) {
            p[k].ulPropTag = PR_REPORT_TIME;
            p[k].dwAlignPad = 0;
            p[k++].Value.ft = now;
        }
        d = &l->aEntries[l->cEntries++];
        d->ulReserved1 = 0;
        d->cValues = k;
        d->rgPropVals = p;
    }
    if (hr) {
        MAPIFreeBuffer(l);
        return hr;
    }
    *out = l;
    return S_OK;
}

/* The message's properties and recipients into emb, through the message's
 * own CopyTo (which also brings its attachments); a message that cannot
 * copy itself (a transport's may not) is read property by property. */
static HRESULT copy_original(IMessage *msg, IMessage *emb)
{
    static const SizedSPropTagArray(1, none) = {1, {PR_MESSAGE_ATTACHMENTS}};
    SPropProblemArray *probs = NULL;
    SRowSet *rows = NULL;
    HRESULT hr;
    ULONG i, j;

    hr = IMessage_CopyTo(msg, 0, NULL, NULL, 0, NULL, &IID_IMessage, emb, 0, &probs);
    MAPIFreeBuffer(probs);
    probs = NULL;
    if (SUCCEEDED(hr)) return S_OK;
    hr = propcopy_copy((IMAPIProp *)msg, NULL, (SPropTagArray *)&none, (IMAPIProp *)emb, 0, &probs);
    MAPIFreeBuffer(probs);
    if (FAILED(hr) || (hr = support_recipient_rows(msg, &rows))) return hr;
    for (i = 0; i < rows->cRows; i++)
        for (j = 0; j < rows->aRow[i].cValues; j++)
            if (rows->aRow[i].lpProps[j].ulPropTag == PR_ROWID)
                rows->aRow[i].lpProps[j].ulPropTag = PROP_TAG(PT_NULL, 0);
    hr = IMessage_ModifyRecipients(emb, 0, (ADRLIST *)rows);
    FreeProws(rows);
    return FAILED(hr) ? hr : S_OK;
}

/* Nondelivery reports carry the message as it was sent, so that it can be
 * sent again: an embedded message, if the store can make one.  A store
 * that cannot still gets the report, without it. */
static void attach_original(IMessage *report, IMessage *msg)
{
    SPropValue v[2];
    IAttach *att = NULL;
    IMessage *emb = NULL;
    ULONG num = 0;
    HRESULT hr;

    if ((hr = IMessage_CreateAttach(report, NULL, 0, &num, &att))) goto done;
    v[0].ulPropTag = PR_ATTACH_METHOD;
    v[0].dwAlignPad = 0;
    v[0].Value.l = ATTACH_EMBEDDED_MSG;
    v[1].ulPropTag = PR_RENDERING_POSITION;
    v[1].dwAlignPad = 0;
    v[1].Value.l = -1;
    if (FAILED(hr = IAttach_SetProps(att, 2, v, NULL))) goto done;
    if ((hr = IAttach_OpenProperty(att, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, MAPI_CREATE | MAPI_MODIFY,
                                   (IUnknown **)&emb)))
        goto done;
    if (!(hr = copy_original(msg, emb)) && !(hr = IMessage_SaveChanges(emb, 0))) hr = IAttach_SaveChanges(att, 0);

done:
    if (hr) TRACE("the original message is not attached to the report: 0x%08lx", (unsigned long)hr);
    if (emb) IMessage_Release(emb);
    if (att) IAttach_Release(att);
    if (hr && att) IMessage_DeleteAttach(report, num, 0, NULL, 0);
}

static HRESULT make_report(IMsgStore *mdb, IMessage *msg, const struct original *o, enum report_kind kind,
                           const ADRLIST *list, const BOOL *pick)
{
    SPropValue props[NCOPIED + 8];
    IMessage *report = NULL;
    ADRLIST *recips = NULL;
    WCHAR *cls;
    void *root = NULL;
    ULONG n;
    HRESULT hr;

    if ((hr = MAPIAllocateBuffer(sizeof(WCHAR), &root))) return hr;
    if ((hr = report_props(o, kind, root, props, &n))) goto done;
    cls = props[0].Value.lpszW;
    if ((hr = new_in_receive_folder(mdb, cls, &report))) goto done;
    if (FAILED(hr = IMessage_SetProps(report, n, props, NULL))) goto done;
    if ((hr = report_recipients(list, pick, &recips))) goto done;
    if ((hr = IMessage_ModifyRecipients(report, MODRECIP_ADD, recips))) goto done;
    if (kind == REPORT_NDR) attach_original(report, msg);
    hr = IMessage_SaveChanges(report, 0);

done:
    if (report) IMessage_Release(report);
    MAPIFreeBuffer(recips);
    MAPIFreeBuffer(root);
    return hr;
}

/* Every entry is delivered or not (or says neither: no report for it, and
 * MAPI_W_ERRORS_RETURNED); a DR for the delivered ones if the originator
 * asked for one, an NDR for the others unless the originator said no.  Both
 * go to the local user, the sender, in the receive folder of the session's
 * default store.  The list is freed only on success. */
HRESULT WINAPI sup_StatusRecips(IMAPISupport *iface, LPMESSAGE msg, LPADRLIST list)
{
    struct support *sup = impl_from_IMAPISupport(iface);
    struct original o = {0};
    IMsgStore *mdb = NULL;
    BOOL *pick[2] = {NULL, NULL}, any[2] = {FALSE, FALSE};
    ULONG i, unknown = 0;
    HRESULT hr;
    int k;

    NEED(M_StatusRecips);
    if (!msg || IsBadReadPtr(msg, sizeof(void *)) || bad_list(list)) return MAPI_E_INVALID_PARAMETER;
    if ((hr = read_original(msg, &o))) goto done;
    for (k = 0; k < 2; k++)
        if ((hr = MAPIAllocateBuffer((list->cEntries + 1) * sizeof(BOOL), (void **)&pick[k]))) goto done;
    for (i = 0; i < list->cEntries; i++) {
        int kind = entry_kind(&list->aEntries[i]);
        pick[0][i] = pick[1][i] = FALSE;
        if (kind < 0) unknown++;
        else if (entry_wanted(&list->aEntries[i], kind, &o)) any[kind] = pick[kind][i] = TRUE;
    }
    TRACE("StatusRecips: %lu recipients, DR %d, NDR %d, %lu without status", list->cEntries, any[0], any[1],
          unknown);
    if ((any[0] || any[1]) && (hr = open_default_store(sup, &mdb))) {
        lasterr_set(&sup->err, hr, L"StatusRecips: the default store, where reports go, could not be opened");
        goto done;
    }
    for (k = 0; k < 2 && !hr; k++)
        if (any[k] && (hr = make_report(mdb, msg, &o, (enum report_kind)k, list, pick[k])))
            lasterr_set(&sup->err, hr, L"StatusRecips: the report could not be delivered");

done:
    if (mdb) IMsgStore_Release(mdb);
    MAPIFreeBuffer(pick[0]);
    MAPIFreeBuffer(pick[1]);
    MAPIFreeBuffer(o.v);
    if (hr) return hr;
    MAPIFreeBuffer(list);
    return unknown ? MAPI_W_ERRORS_RETURNED : S_OK;
}
