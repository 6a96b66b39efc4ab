/*
 * IMAPISupport: the spooler's part of sending, done in-process.
 */
#define COBJMACROS
#include <string.h>

#include "mapi32_private.h"
#include "addrbook.h"
#include "preprocessor.h"
#include "propcopy.h"
#include "support_private.h"

#include <mapiguid.h>
#include <mapiutil.h>

/* ---- What the spooler's part of sending asks of MAPI, done in-process
 * (docs/sessions.md, "Sending support") ---- */

static HRESULT get_props(IMessage *msg, const SPropTagArray *tags, SPropValue **vals)
{
    ULONG n;
    HRESULT hr = IMessage_GetProps(msg, (SPropTagArray *)tags, MAPI_UNICODE, &n, vals);
    return FAILED(hr) ? hr : S_OK;
}

static BOOL bad_object(void *obj)
{
    return !obj || IsBadReadPtr(obj, sizeof(void *));
}

/* A read (or nonread) report for msg, written into the empty message the
 * store gives: REPORT.<class>.IPNRN / .IPNNRN, "Read: " / "Not read: " and
 * the subject, the report time, PR_REPORT_TAG, and as its recipient whoever
 * PR_READ_RECEIPT_ENTRYID names, else the sender.  The store sends it. */
HRESULT WINAPI sup_ReadReceipt(IMAPISupport *iface, ULONG flags, LPMESSAGE msg, LPMESSAGE *empty)
{
    static const SizedSPropTagArray(9, tags) = {9, {PR_MESSAGE_CLASS_W, PR_SUBJECT_W, PR_READ_RECEIPT_ENTRYID,
        PR_SENDER_ENTRYID, PR_SENDER_NAME_W, PR_SENDER_ADDRTYPE_W, PR_SENDER_EMAIL_ADDRESS_W, PR_REPORT_TAG,
        PR_CLIENT_SUBMIT_TIME}};
    struct support *sup = impl_from_IMAPISupport(iface);
    const WCHAR *cls, *subj, *prefix = (flags & MAPI_NON_READ) ? L"Not read: " : L"Read: ";
    SPropValue *v = NULL, out[6], rcpt[5];
    WCHAR *cbuf = NULL, *sbuf = NULL;
    ADRLIST list;
    ULONG n = 0, r = 0;
    HRESULT hr;

    NEED(M_ReadReceipt);
    if (bad_object(msg) || !empty || bad_object(*empty)) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_NON_READ) return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = get_props(msg, (SPropTagArray *)&tags, &v))) return hr;
    cls = v[0].ulPropTag == PR_MESSAGE_CLASS_W ? v[0].Value.lpszW : L"IPM.Note";
    subj = v[1].ulPropTag == PR_SUBJECT_W ? v[1].Value.lpszW : L"";
    if (MAPIAllocateBuffer((lstrlenW(cls) + 16) * sizeof(WCHAR), (void **)&cbuf) ||
        MAPIAllocateBuffer((lstrlenW(subj) + lstrlenW(prefix) + 1) * sizeof(WCHAR), (void **)&sbuf)) {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    lstrcpyW(cbuf, L"REPORT.");
    lstrcatW(cbuf, cls);
    lstrcatW(cbuf, (flags & MAPI_NON_READ) ? L".IPNNRN" : L".IPNRN");
    lstrcpyW(sbuf, prefix);
    lstrcatW(sbuf, subj);
    memset(out, 0, sizeof(out));
    out[n].ulPropTag = PR_MESSAGE_CLASS_W;
    out[n++].Value.lpszW = cbuf;
    out[n].ulPropTag = PR_SUBJECT_W;
    out[n++].Value.lpszW = sbuf;
    out[n].ulPropTag = PR_ORIGINAL_SUBJECT_W;
    out[n++].Value.lpszW = (WCHAR *)subj;
    out[n].ulPropTag = PR_REPORT_TIME;
    GetSystemTimeAsFileTime(&out[n++].Value.ft);
    if (v[7].ulPropTag == PR_REPORT_TAG) out[n++] = v[7];
    if (v[8].ulPropTag == PR_CLIENT_SUBMIT_TIME) {
        out[n] = v[8];
        out[n++].ulPropTag = PR_ORIGINAL_SUBMIT_TIME;
    }
    if ((hr = IMessage_SetProps(*empty, n, out, NULL))) goto done;

    memset(rcpt, 0, sizeof(rcpt));
    rcpt[r].ulPropTag = PR_RECIPIENT_TYPE;
    rcpt[r++].Value.l = MAPI_TO;
    if (v[2].ulPropTag == PR_READ_RECEIPT_ENTRYID) {
        rcpt[r] = v[2];
        rcpt[r++].ulPropTag = PR_ENTRYID;
    } else if (v[3].ulPropTag == PR_SENDER_ENTRYID) {
        rcpt[r] = v[3];
        rcpt[r++].ulPropTag = PR_ENTRYID;
        if (v[4].ulPropTag == PR_SENDER_NAME_W) {
            rcpt[r] = v[4];
            rcpt[r++].ulPropTag = PR_DISPLAY_NAME_W;
        }
        if (v[5].ulPropTag == PR_SENDER_ADDRTYPE_W) {
            rcpt[r] = v[5];
            rcpt[r++].ulPropTag = PR_ADDRTYPE_W;
        }
        if (v[6].ulPropTag == PR_SENDER_EMAIL_ADDRESS_W) {
            rcpt[r] = v[6];
            rcpt[r++].ulPropTag = PR_EMAIL_ADDRESS_W;
        }
    }
    if (r > 1) {
        list.cEntries = 1;
        list.aEntries[0].ulReserved1 = 0;
        list.aEntries[0].cValues = r;
        list.aEntries[0].rgPropVals = rcpt;
        hr = IMessage_ModifyRecipients(*empty, MODRECIP_ADD, &list);
    } else TRACE("no one to send the report to");

done:
    if (hr) lasterr_set(&sup->err, hr, L"ReadReceipt: no report");
    MAPIFreeBuffer(cbuf);
    MAPIFreeBuffer(sbuf);
    MAPIFreeBuffer(v);
    return hr;
}

/* Resending (MSGFLAG_RESEND): recipients already sent to (MAPI_SUBMITTED)
 * lose the flag and get PR_RESPONSIBILITY FALSE; the others become MAPI_P1
 * with PR_RESPONSIBILITY TRUE.  Changed in the open message, not saved. */
HRESULT WINAPI sup_PrepareSubmit(IMAPISupport *iface, LPMESSAGE msg, ULONG *flags)
{
    static const SizedSPropTagArray(1, tags) = {1, {PR_MESSAGE_FLAGS}};
    struct support *sup = impl_from_IMAPISupport(iface);
    SPropValue *v = NULL;
    SRowSet *rows = NULL;
    ADRLIST *list = NULL;
    HRESULT hr;
    ULONG i, j;

    NEED(M_PrepareSubmit);
    if (bad_object(msg) || !flags) return MAPI_E_INVALID_PARAMETER;
    if (*flags) return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = get_props(msg, (SPropTagArray *)&tags, &v))) return hr;
    if (v[0].ulPropTag != PR_MESSAGE_FLAGS || !(v[0].Value.l & MSGFLAG_RESEND)) goto done;
    if ((hr = support_recipient_rows(msg, &rows)) || !rows->cRows) goto done;
    if ((hr = MAPIAllocateBuffer(CbNewADRLIST(rows->cRows), (void **)&list))) goto done;
    list->cEntries = rows->cRows;
    for (i = 0; i < rows->cRows; i++) {
        SRow *row = &rows->aRow[i];
        SPropValue *p;
        LONG type = MAPI_TO;
        ULONG k = 0;

        if ((hr = MAPIAllocateMore((row->cValues + 2) * sizeof(SPropValue), list, (void **)&p))) goto done;
        for (j = 0; j < row->cValues; j++) {
            if (row->lpProps[j].ulPropTag == PR_RECIPIENT_TYPE) type = row->lpProps[j].Value.l;
            else if (row->lpProps[j].ulPropTag != PR_RESPONSIBILITY) p[k++] = row->lpProps[j];
        }
        p[k].ulPropTag = PR_RECIPIENT_TYPE;
        p[k].dwAlignPad = 0;
        p[k + 1].ulPropTag = PR_RESPONSIBILITY;
        p[k + 1].dwAlignPad = 0;
        if (type & MAPI_SUBMITTED) {
            p[k].Value.l = type & ~MAPI_SUBMITTED;
            p[k + 1].Value.b = FALSE;
        } else {
            p[k].Value.l = type | MAPI_P1;
            p[k + 1].Value.b = TRUE;
        }
        list->aEntries[i].ulReserved1 = 0;
        list->aEntries[i].cValues = k + 2;
        list->aEntries[i].rgPropVals = p;
    }
    hr = IMessage_ModifyRecipients(msg, MODRECIP_MODIFY, list);

done:
    if (!hr) *flags = 0;
    else lasterr_set(&sup->err, hr, L"PrepareSubmit: the recipients could not be prepared");
    MAPIFreeBuffer(list);
    if (rows) FreeProws(rows);
    MAPIFreeBuffer(v);
    return hr;
}

/* ---- ExpandRecips: personal distribution lists, one-offs, duplicates ---- */

#define EXPAND_DEPTH 16         /* lists inside lists, at most */

/* The recipient list being built: rows whose properties root owns. */
struct recips {
    SRow *rows;
    ULONG n, cap;
    void *root;
    BOOL changed;
};

struct expand {
    IAddrBook *ab;              /* NULL: nothing can be opened */
    struct recips out;
    const SBinary *open[EXPAND_DEPTH];  /* the lists being expanded */
    ULONG depth;
};

/* Adds a row: props without what belongs to a table (PR_ROWID,
 * PR_INSTANCE_KEY) and without errors, extra[] replacing what has its IDs. */
static HRESULT recips_add(struct recips *r, const SPropValue *props, ULONG count, const SPropValue *extra,
                          ULONG nextra)
{
    SPropValue *p;
    ULONG i, j, k = 0;
    HRESULT hr;

    if (r->n == r->cap) {
        ULONG cap = r->cap ? r->cap * 2 : 16;
        SRow *rows = r->rows ? HeapReAlloc(GetProcessHeap(), 0, r->rows, cap * sizeof(*rows))
                             : HeapAlloc(GetProcessHeap(), 0, cap * sizeof(*rows));
        if (!rows) return MAPI_E_NOT_ENOUGH_MEMORY;
        r->rows = rows;
        r->cap = cap;
    }
    if ((hr = MAPIAllocateMore((count + nextra + 1) * sizeof(SPropValue), r->root, (void **)&p))) return hr;
    for (i = 0; i < count; i++) {
        ULONG tag = props[i].ulPropTag;
        BOOL replaced = FALSE;
        if (tag == PR_ROWID || tag == PR_INSTANCE_KEY || PROP_TYPE(tag) == PT_ERROR || PROP_TYPE(tag) == PT_NULL)
            continue;
        for (j = 0; j < nextra; j++) replaced |= PROP_ID(extra[j].ulPropTag) == PROP_ID(tag);
        if (!replaced && (hr = PropCopyMore(&p[k++], (SPropValue *)&props[i], MAPIAllocateMore, r->root)))
            return hr;
    }
    for (j = 0; j < nextra; j++)
        if ((hr = PropCopyMore(&p[k++], (SPropValue *)&extra[j], MAPIAllocateMore, r->root))) return hr;
    r->rows[r->n].ulAdrEntryPad = 0;
    r->rows[r->n].cValues = k;
    r->rows[r->n++].lpProps = p;
    return S_OK;
}

static const WCHAR *str_of(const SPropValue *props, ULONG count, ULONG tag)
{
    const SPropValue *p = PpropFindProp((SPropValue *)props, count, tag);
    return p && p->Value.lpszW && p->Value.lpszW[0] ? p->Value.lpszW : NULL;
}

/* Does v (from the entry) say something the row does not? */
static BOOL differs(const SPropValue *props, ULONG count, const SPropValue *v)
{
    const SPropValue *old = PpropFindProp((SPropValue *)props, count, v->ulPropTag);
    return !old || LPropCompareProp((SPropValue *)old, (SPropValue *)v) != 0;
}

/* A personal distribution list: the MAPIPDL address type (or, where the
 * row has none, PR_DISPLAY_TYPE DT_PRIVATE_DISTLIST) of the row or the
 * entry.  Other lists (a server's) are for their own transports. */
static BOOL is_pdl(const SPropValue *props, ULONG count, IMAPIProp *entry)
{
    static const SizedSPropTagArray(2, tags) = {2, {PR_ADDRTYPE_W, PR_DISPLAY_TYPE}};
    const WCHAR *type = str_of(props, count, PR_ADDRTYPE_W);
    const SPropValue *dt = PpropFindProp((SPropValue *)props, count, PR_DISPLAY_TYPE);
    SPropValue *v = NULL;
    BOOL yes = FALSE;
    ULONG n;

    if (type) return !lstrcmpiW(type, L"MAPIPDL");
    if (dt) return dt->Value.l == DT_PRIVATE_DISTLIST;
    if (SUCCEEDED(IMAPIProp_GetProps(entry, (SPropTagArray *)&tags, MAPI_UNICODE, &n, &v)))
        yes = (v[0].ulPropTag == PR_ADDRTYPE_W && !lstrcmpiW(v[0].Value.lpszW, L"MAPIPDL")) ||
              (v[0].ulPropTag != PR_ADDRTYPE_W && v[1].ulPropTag == PR_DISPLAY_TYPE &&
               v[1].Value.l == DT_PRIVATE_DISTLIST);
    MAPIFreeBuffer(v);
    return yes;
}

static HRESULT expand_row(struct expand *x, const SPropValue *props, ULONG count, const SPropValue *type);

/* The members of a list, each expanded in turn, with the list's recipient
 * type.  A list already being expanded (a cycle) or too deep adds nothing. */
static HRESULT expand_list(struct expand *x, IDistList *list, const SBinary *eid, const SPropValue *type)
{
    IMAPITable *t = NULL;
    SRowSet *rows = NULL;
    HRESULT hr;
    ULONG i;

    for (i = 0; i < x->depth; i++)
        if (x->open[i]->cb == eid->cb && !memcmp(x->open[i]->lpb, eid->lpb, eid->cb)) return S_OK;
    if (x->depth == EXPAND_DEPTH) return S_OK;
    if ((hr = IDistList_GetContentsTable(list, MAPI_UNICODE, &t))) return hr;
    hr = HrQueryAllRows(t, NULL, NULL, NULL, 0, &rows);
    IMAPITable_Release(t);
    if (FAILED(hr)) return hr;
    x->open[x->depth++] = eid;
    for (i = 0; i < rows->cRows && !hr; i++)
        hr = expand_row(x, rows->aRow[i].lpProps, rows->aRow[i].cValues, type);
    x->depth--;
    FreeProws(rows);
    return hr;
}

/* The entry's name and address replace what the row says (a display name
 * changed since it was chosen goes back to the entry's own). */
static HRESULT refresh_row(struct expand *x, const SPropValue *props, ULONG count, const SPropValue *type,
                           IMAPIProp *entry)
{
    static const SizedSPropTagArray(4, tags) = {4, {PR_DISPLAY_NAME_W, PR_ADDRTYPE_W, PR_EMAIL_ADDRESS_W,
                                                    PR_SEARCH_KEY}};
    SPropValue *v = NULL, extra[5];
    ULONG n = 0, k = 0, i;
    HRESULT hr;

    if (SUCCEEDED(IMAPIProp_GetProps(entry, (SPropTagArray *)&tags, MAPI_UNICODE, &n, &v)))
        for (i = 0; i < n; i++)
            if (PROP_TYPE(v[i].ulPropTag) != PT_ERROR && differs(props, count, &v[i])) extra[k++] = v[i];
    if (type) extra[k++] = *type;
    if (k > (type ? 1u : 0u)) x->out.changed = TRUE;
    hr = recips_add(&x->out, props, count, extra, k);
    MAPIFreeBuffer(v);
    return hr;
}

/* A recipient with an address but no entry ID gets its one-off entry ID. */
static HRESULT one_off_row(struct expand *x, const SPropValue *props, ULONG count, const SPropValue *type)
{
    const WCHAR *name = str_of(props, count, PR_DISPLAY_NAME_W), *atype = str_of(props, count, PR_ADDRTYPE_W);
    const WCHAR *addr = str_of(props, count, PR_EMAIL_ADDRESS_W);
    SPropValue extra[2];
    ENTRYID *eid = NULL;
    ULONG cb, k = 0;
    HRESULT hr;

    if (type) extra[k++] = *type;
    if (!atype || !addr || addrbook_one_off((LPCTSTR)name, (LPCTSTR)atype, (LPCTSTR)addr, MAPI_UNICODE, &cb, &eid))
        return recips_add(&x->out, props, count, extra, k);
    extra[k].ulPropTag = PR_ENTRYID;
    extra[k].dwAlignPad = 0;
    extra[k].Value.bin.cb = cb;
    extra[k++].Value.bin.lpb = (BYTE *)eid;
    x->out.changed = TRUE;
    hr = recips_add(&x->out, props, count, extra, k);
    MAPIFreeBuffer(eid);
    return hr;
}

/* One recipient (or list member; type is then the list's recipient type):
 * a personal list becomes its members, an entry the address book knows
 * gets its own name and address, an address alone its one-off entry ID.
 * What cannot be opened stays as it is, for the transport to report. */
static HRESULT expand_row(struct expand *x, const SPropValue *props, ULONG count, const SPropValue *type)
{
    const SPropValue *eid = PpropFindProp((SPropValue *)props, count, PR_ENTRYID);
    const SPropValue *own = PpropFindProp((SPropValue *)props, count, PR_RECIPIENT_TYPE);
    IUnknown *unk = NULL;
    ULONG objtype = 0;
    HRESULT hr;

    if (!type) type = own;
    if (!eid || !eid->Value.bin.cb) return one_off_row(x, props, count, type);
    if (!x->ab || FAILED(IAddrBook_OpenEntry(x->ab, eid->Value.bin.cb, (ENTRYID *)eid->Value.bin.lpb, NULL, 0,
                                             &objtype, &unk)))
        return recips_add(&x->out, props, count, type, type ? 1 : 0);
    if (objtype == MAPI_DISTLIST && is_pdl(props, count, (IMAPIProp *)unk)) {
        x->out.changed = TRUE;
        hr = expand_list(x, (IDistList *)unk, &eid->Value.bin, type);
    } else
        hr = refresh_row(x, props, count, type, (IMAPIProp *)unk);
    IUnknown_Release(unk);
    return hr;
}

/* Two rows for the same address: the same address type and address, or
 * with no address, the same entry ID. */
static BOOL same_recipient(const SRow *a, const SRow *b)
{
    const WCHAR *ta = str_of(a->lpProps, a->cValues, PR_ADDRTYPE_W);
    const WCHAR *tb = str_of(b->lpProps, b->cValues, PR_ADDRTYPE_W);
    const WCHAR *ea = str_of(a->lpProps, a->cValues, PR_EMAIL_ADDRESS_W);
    const WCHAR *eb = str_of(b->lpProps, b->cValues, PR_EMAIL_ADDRESS_W);
    const SPropValue *ia = PpropFindProp(a->lpProps, a->cValues, PR_ENTRYID);
    const SPropValue *ib = PpropFindProp(b->lpProps, b->cValues, PR_ENTRYID);

    if (ta && tb && ea && eb) return !lstrcmpiW(ta, tb) && !lstrcmpiW(ea, eb);
    return ia && ib && ia->Value.bin.cb && ia->Value.bin.cb == ib->Value.bin.cb &&
           !memcmp(ia->Value.bin.lpb, ib->Value.bin.lpb, ia->Value.bin.cb);
}

/* A recipient met again (through a list, or twice in the message) is sent
 * to once: the first row stays, the later ones go. */
static void drop_duplicates(struct recips *r)
{
    ULONG i, j, k = 0;

    for (i = 0; i < r->n; i++) {
        BOOL dup = FALSE;
        for (j = 0; j < k && !dup; j++) dup = same_recipient(&r->rows[j], &r->rows[i]);
        if (dup) r->changed = TRUE;
        else r->rows[k++] = r->rows[i];
    }
    r->n = k;
}

/* A message a preprocessor is to see says so (PR_PREPROCESS, reserved
 * for MAPI; sending-messages-message-store-provider-tasks.md).  Set in the
 * open message, not saved, like the recipients. */
static void mark_preprocess(IMessage *msg)
{
    SPropValue v;
    HRESULT hr;

    v.ulPropTag = PR_PREPROCESS;
    v.dwAlignPad = 0;
    v.Value.b = TRUE;
    hr = IMessage_SetProps(msg, 1, &v, NULL);
    TRACE("PR_PREPROCESS -> %#lx", hr);
}

/* imapisupport-expandrecips.md: personal distribution lists (MAPIPDL)
 * become their members, recursively; entries get back their own names;
 * one-off addresses get their entry IDs; duplicates go.  The recipients
 * are written back (ModifyRecipients, not saved) only when that changed
 * something.  NEEDS_PREPROCESSING (and PR_PREPROCESS) when a registered
 * preprocessor is for one of the recipients as they end up
 * (preprocessor.c).  FreeMAPI has no spooler to hand the message to: never
 * NEEDS_SPOOLER. */
HRESULT WINAPI sup_ExpandRecips(IMAPISupport *iface, LPMESSAGE msg, ULONG *flags)
{
    struct support *sup = impl_from_IMAPISupport(iface);
    struct expand x;
    SRowSet *rows = NULL;
    ADRLIST *list = NULL;
    BOOL needs = FALSE;
    HRESULT hr;
    ULONG i;

    NEED(M_ExpandRecips);
    if (bad_object(msg) || !flags) return MAPI_E_INVALID_PARAMETER;
    memset(&x, 0, sizeof(x));
    if ((hr = support_recipient_rows(msg, &rows))) goto done;
    if ((hr = MAPIAllocateBuffer(sizeof(ULONG), &x.out.root))) goto done;
    if (!logon_ended(sup->logon) &&
        addrbook_create(logon_session(sup->logon), sup->prof, &IID_IAddrBook, FALSE, &x.ab))
        x.ab = NULL;
    for (i = 0; i < rows->cRows && !hr; i++)
        hr = expand_row(&x, rows->aRow[i].lpProps, rows->aRow[i].cValues, NULL);
    if (hr) goto done;
    drop_duplicates(&x.out);
    needs = !logon_ended(sup->logon) && preproc_needed(logon_session(sup->logon), x.out.rows, x.out.n);
    TRACE("ExpandRecips: %lu recipients became %lu%s%s", rows->cRows, x.out.n, x.out.changed ? "" : ", unchanged",
          needs ? ", to be preprocessed" : "");
    if (x.out.changed) {
        if ((hr = MAPIAllocateBuffer(CbNewADRLIST(x.out.n), (void **)&list))) goto done;
        list->cEntries = x.out.n;
        memcpy(list->aEntries, x.out.rows, x.out.n * sizeof(SRow));
        if ((hr = IMessage_ModifyRecipients(msg, 0, list))) goto done;
    }
    if (needs) mark_preprocess(msg);

done:
    if (!hr) *flags = needs ? NEEDS_PREPROCESSING : 0;
    else lasterr_set(&sup->err, hr, L"ExpandRecips: the recipients could not be expanded");
    if (x.ab) IAddrBook_Release(x.ab);
    HeapFree(GetProcessHeap(), 0, x.out.rows);
    MAPIFreeBuffer(x.out.root);
    MAPIFreeBuffer(list);
    if (rows) FreeProws(rows);
    return hr;
}

/* No address book of FreeMAPI's can be written yet (no PAB): nothing to add. */
HRESULT WINAPI sup_UpdatePAB(IMAPISupport *iface, ULONG flags, LPMESSAGE msg)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_UpdatePAB);
    if (bad_object(msg)) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    TRACE("UpdatePAB: no personal address book to update");
    return S_OK;
}

/* imapisupport-dosentmail.md: PR_DELETE_AFTER_SUBMIT deletes the message;
 * else PR_SENTMAIL_ENTRYID names the folder it moves to (through the public
 * interfaces, as CopyMessages does); with neither it stays where it is.
 * The message is released, as the page says, once the arguments are right. */
HRESULT WINAPI sup_DoSentMail(IMAPISupport *iface, ULONG flags, LPMESSAGE msg)
{
    static const SizedSPropTagArray(4, tags) = {4, {PR_DELETE_AFTER_SUBMIT, PR_SENTMAIL_ENTRYID, PR_ENTRYID,
                                                    PR_PARENT_ENTRYID}};
    struct support *sup = impl_from_IMAPISupport(iface);
    IMAPIFolder *parent = NULL, *sent = NULL;
    IMessage *copy = NULL;
    SPropProblemArray *probs = NULL;
    SPropValue *v = NULL;
    ENTRYLIST one;
    ULONG type, same = 0;
    BOOL del, move;
    HRESULT hr;

    NEED(M_DoSentMail);
    if (bad_object(msg)) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = get_props(msg, (SPropTagArray *)&tags, &v))) goto done;
    del = v[0].ulPropTag == PR_DELETE_AFTER_SUBMIT && v[0].Value.b;
    move = !del && v[1].ulPropTag == PR_SENTMAIL_ENTRYID && v[1].Value.bin.cb;
    if (!del && !move) goto done;
    if (v[2].ulPropTag != PR_ENTRYID || v[3].ulPropTag != PR_PARENT_ENTRYID) {
        hr = MAPI_E_INVALID_PARAMETER;      /* a message never saved */
        goto done;
    }
    if ((hr = logon_open_entry(sup->logon, v[3].Value.bin.cb, (ENTRYID *)v[3].Value.bin.lpb, &IID_IMAPIFolder,
                               MAPI_MODIFY, &type, (IUnknown **)&parent)))
        goto done;
    if (move) {
        if ((hr = logon_open_entry(sup->logon, v[1].Value.bin.cb, (ENTRYID *)v[1].Value.bin.lpb, &IID_IMAPIFolder,
                                   MAPI_MODIFY, &type, (IUnknown **)&sent)))
            goto done;
        if (!logon_compare_entryids(sup->logon, v[1].Value.bin.cb, (ENTRYID *)v[1].Value.bin.lpb,
                                    v[3].Value.bin.cb, (ENTRYID *)v[3].Value.bin.lpb, 0, &same) && same)
            goto done;                      /* already there */
        if (!(hr = IMAPIFolder_CreateMessage(sent, NULL, 0, &copy)) &&
            SUCCEEDED(hr = IMessage_CopyTo(msg, 0, NULL, NULL, 0, NULL, &IID_IMessage, copy, 0, &probs)))
            hr = IMessage_SaveChanges(copy, 0);
        MAPIFreeBuffer(probs);
        if (hr) goto done;
    }
    /* The caller's reference goes before its message does. */
    IMessage_Release(msg);
    msg = NULL;
    one.cValues = 1;
    one.lpbin = &v[2].Value.bin;
    hr = IMAPIFolder_DeleteMessages(parent, &one, 0, NULL, 0);

done:
    if (hr) lasterr_set(&sup->err, hr, L"DoSentMail: the sent message was not filed");
    if (msg) IMessage_Release(msg);
    if (copy) IMessage_Release(copy);
    if (sent) IMAPIFolder_Release(sent);
    if (parent) IMAPIFolder_Release(parent);
    MAPIFreeBuffer(v);
    return hr;
}

static HRESULT check_message_id(ULONG flags, ULONG cb, ENTRYID *eid)
{
    if (!cb || !eid || IsBadReadPtr(eid, cb)) return MAPI_E_INVALID_PARAMETER;
    return flags ? MAPI_E_UNKNOWN_FLAGS : S_OK;
}

/* Whether the message says it was marked for preprocessing. */
static BOOL marked(IMessage *msg)
{
    static const SizedSPropTagArray(1, tags) = {1, {PR_PREPROCESS}};
    SPropValue *v = NULL;
    BOOL yes;

    yes = !get_props(msg, (SPropTagArray *)&tags, &v) && v[0].ulPropTag == PR_PREPROCESS && v[0].Value.b;
    MAPIFreeBuffer(v);
    return yes;
}

/* The folder the message is in (PreprocessMessage's lpFolder), or NULL. */
static IMAPIFolder *parent_of(struct support *sup, IMessage *msg)
{
    static const SizedSPropTagArray(1, tags) = {1, {PR_PARENT_ENTRYID}};
    IMAPIFolder *f = NULL;
    SPropValue *v = NULL;
    ULONG type;

    if (!get_props(msg, (SPropTagArray *)&tags, &v) && v[0].ulPropTag == PR_PARENT_ENTRYID &&
        logon_open_entry(sup->logon, v[0].Value.bin.cb, (ENTRYID *)v[0].Value.bin.lpb, &IID_IMAPIFolder, 0, &type,
                         (IUnknown **)&f))
        f = NULL;
    MAPIFreeBuffer(v);
    return f;
}

/* What the spooler would do with a message the store hands it: run the
 * preprocessors for its recipients (PreprocessMessage; remove FALSE) or
 * take their information out again (RemovePreprocessInfo; remove TRUE, only
 * for a message marked PR_PREPROCESS).  What they changed is saved. */
static HRESULT run_preprocessors(struct support *sup, ULONG cb, ENTRYID *eid, BOOL remove)
{
    IMAPIFolder *folder = NULL;
    IAddrBook *ab = NULL;
    IMessage *msg = NULL;
    ULONG type, called = 0;
    HRESULT hr;

    if (logon_ended(sup->logon)) return MAPI_E_INVALID_OBJECT;
    /* Nothing registered: nothing to do, and nothing to open. */
    if (!preproc_any(logon_session(sup->logon))) return S_OK;
    if ((hr = logon_open_entry(sup->logon, cb, eid, &IID_IMessage, MAPI_BEST_ACCESS, &type, (IUnknown **)&msg)))
        goto done;
    if (type != MAPI_MESSAGE) {
        hr = MAPI_E_INVALID_PARAMETER;
        goto done;
    }
    if (remove && !marked(msg)) goto done;
    if (!remove) {
        if (addrbook_create(logon_session(sup->logon), sup->prof, &IID_IAddrBook, FALSE, &ab)) ab = NULL;
        folder = parent_of(sup, msg);
    }
    hr = preproc_run(logon_session(sup->logon), msg, ab, folder, remove, &called);
    if (called) {
        HRESULT saved = IMessage_SaveChanges(msg, KEEP_OPEN_READWRITE);
        if (!hr) hr = saved;
    }
    TRACE("%lu %s called -> %#lx", called, remove ? "RemovePreprocessInfo" : "PreprocessMessage", hr);

done:
    if (hr) lasterr_set(&sup->err, hr, remove ? L"CompleteMsg: the message could not be postprocessed"
                                              : L"Preprocess: the message could not be preprocessed");
    if (folder) IMAPIFolder_Release(folder);
    if (ab) IAddrBook_Release(ab);
    if (msg) IMessage_Release(msg);
    return hr;
}

/* Preprocess has no page in the docs (mapi-spec.md 9: its slot is there).
 * Taken as the store asking for what the spooler does to a message marked
 * NEEDS_PREPROCESSING: its preprocessors are called now, in-process; the
 * store goes on with the submission itself. */
HRESULT WINAPI sup_Preprocess(IMAPISupport *iface, ULONG flags, ULONG cb, LPENTRYID eid)
{
    struct support *sup = impl_from_IMAPISupport(iface);
    HRESULT hr;

    NEED(M_Preprocess);
    if ((hr = check_message_id(flags, cb, eid))) return hr;
    return run_preprocessors(sup, cb, eid, FALSE);
}

/* imapisupport-completemsg.md: the spooler's postprocessing.  Of it, what
 * needs no spooler: a preprocessed message's RemovePreprocessInfo
 * functions (sending-messages-mapi-spooler-tasks.md).  Filing it (DoSentMail)
 * stays the store's. */
HRESULT WINAPI sup_CompleteMsg(IMAPISupport *iface, ULONG flags, ULONG cb, LPENTRYID eid)
{
    struct support *sup = impl_from_IMAPISupport(iface);
    HRESULT hr;

    NEED(M_CompleteMsg);
    if ((hr = check_message_id(flags, cb, eid))) return hr;
    return run_preprocessors(sup, cb, eid, TRUE);
}

HRESULT WINAPI sup_StoreLogoffTransports(IMAPISupport *iface, ULONG *flags)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_StoreLogoffTransports);
    if (!flags) return MAPI_E_INVALID_PARAMETER;
    return logon_store_logoff(sup->logon, flags);
}
