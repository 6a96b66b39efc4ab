/*
 * IMAPISupport: the spooler's part of sending, done in-process.
 */
#define COBJMACROS
#include <string.h>

#include "mapi32_private.h"
#include "addrbook.h"
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

/* FreeMAPI has no personal distribution lists (MAPIPDL) to expand and runs
 * no preprocessors (RegisterPreprocessor keeps none): the recipient table is
 * read to make sure the message has one, and nothing needs the spooler or
 * preprocessing. */
HRESULT WINAPI sup_ExpandRecips(IMAPISupport *iface, LPMESSAGE msg, ULONG *flags)
{
    struct support *sup = impl_from_IMAPISupport(iface);
    SRowSet *rows = NULL;
    HRESULT hr;

    NEED(M_ExpandRecips);
    if (bad_object(msg) || !flags) return MAPI_E_INVALID_PARAMETER;
    if ((hr = support_recipient_rows(msg, &rows))) return hr;
    FreeProws(rows);
    *flags = 0;
    return S_OK;
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

/* No preprocessor is ever registered for use (RegisterPreprocessor keeps
 * none) and no spooler postprocesses: with the arguments right, there is
 * nothing to do. */
HRESULT WINAPI sup_Preprocess(IMAPISupport *iface, ULONG flags, ULONG cb, LPENTRYID eid)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_Preprocess);
    return check_message_id(flags, cb, eid);
}

HRESULT WINAPI sup_CompleteMsg(IMAPISupport *iface, ULONG flags, ULONG cb, LPENTRYID eid)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_CompleteMsg);
    return check_message_id(flags, cb, eid);
}

HRESULT WINAPI sup_StoreLogoffTransports(IMAPISupport *iface, ULONG *flags)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_StoreLogoffTransports);
    if (!flags) return MAPI_E_INVALID_PARAMETER;
    return logon_store_logoff(sup->logon, flags);
}

/* No spooler delivers reports yet: the report is not made.  The list is
 * freed as on success (imapisupport-statusrecips.md: MAPI frees it then). */
HRESULT WINAPI sup_StatusRecips(IMAPISupport *iface, LPMESSAGE msg, LPADRLIST list)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_StatusRecips);
    if (bad_object(msg) || !list || IsBadReadPtr(list, sizeof(ULONG))) return MAPI_E_INVALID_PARAMETER;
    TRACE("StatusRecips: %lu recipients, no report sent", list->cEntries);
    MAPIFreeBuffer(list);
    return S_OK;
}