/*
 * The test provider's exercise mode for messages and folders
 * (TP_EX_MESSAGE, README.md): what a store and a transport ask of MAPI's
 * IMAPISupport while they handle messages.  Split from exercise.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "testprov.h"
#include "exercise_msg.h"

#include <mapix.h>

/* ------------------------------------------------------------------------ */
/* Messages and folders of the store (TP_EX_MESSAGE)                          */

static inline ex_progress *impl_from_IMAPIProgress(IMAPIProgress *iface)
{
    return CONTAINING_RECORD(iface, ex_progress, IMAPIProgress_iface);
}

static HRESULT STDMETHODCALLTYPE prog_QueryInterface(IMAPIProgress *iface, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_INVALIDARG;
    *ppv = NULL;
    if (riid && (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPIProgress)))
    {
        *ppv = iface;
        IMAPIProgress_AddRef(iface);
        return S_OK;
    }
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE prog_AddRef(IMAPIProgress *iface)
{
    return InterlockedIncrement(&impl_from_IMAPIProgress(iface)->ref);
}

static ULONG STDMETHODCALLTYPE prog_Release(IMAPIProgress *iface)
{
    ex_progress *p = impl_from_IMAPIProgress(iface);
    ULONG ref = InterlockedDecrement(&p->ref);

    if (!ref)
        HeapFree(GetProcessHeap(), 0, p);
    return ref;
}

static HRESULT STDMETHODCALLTYPE prog_Progress(IMAPIProgress *iface, ULONG ulValue, ULONG ulCount, ULONG ulTotal)
{
    ex_progress *p = impl_from_IMAPIProgress(iface);

    p->calls++;
    p->last_value = ulValue;
    p->last_count = ulCount;
    p->last_total = ulTotal;
    return p->cancel_after && p->calls >= p->cancel_after ? MAPI_E_USER_CANCEL : S_OK;
}

static HRESULT STDMETHODCALLTYPE prog_GetFlags(IMAPIProgress *iface, ULONG *lpulFlags)
{
    *lpulFlags = MAPI_TOP_LEVEL;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE prog_GetMax(IMAPIProgress *iface, ULONG *lpulMax)
{
    *lpulMax = 1000;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE prog_GetMin(IMAPIProgress *iface, ULONG *lpulMin)
{
    *lpulMin = 0;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE prog_SetLimits(IMAPIProgress *iface, ULONG *lpulMin, ULONG *lpulMax,
                                                ULONG *lpulFlags)
{
    return S_OK;
}

static const IMAPIProgressVtbl prog_vtbl =
{
    prog_QueryInterface, prog_AddRef, prog_Release, prog_Progress, prog_GetFlags, prog_GetMax, prog_GetMin,
    prog_SetLimits,
};

ex_progress *ex_progress_new(ULONG cancel_after)
{
    ex_progress *p = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*p));

    if (p)
    {
        p->IMAPIProgress_iface.lpVtbl = (IMAPIProgressVtbl *)&prog_vtbl;
        p->ref = 1;
        p->cancel_after = cancel_after;
    }
    return p;
}

static LPMAPIFOLDER open_folder(const tp_ex_target *t, ULONG id)
{
    BYTE eid[TP_MS_EID_SIZE];
    LPUNKNOWN unk = NULL;
    ULONG type;

    tp_ms_eid(&t->uid, TRUE, id, eid);
    if (FAILED(tp_ms_open(t->prov, t->sup, &t->uid, sizeof(eid), (ENTRYID *)eid, &IID_IMAPIFolder, &type, &unk)))
        return NULL;
    return (LPMAPIFOLDER)unk;
}

/* The rows of a folder's contents (FALSE) or hierarchy (TRUE) table. */
static ULONG table_count(LPMAPIFOLDER f, BOOL hierarchy)
{
    LPMAPITABLE t = NULL;
    ULONG n = ~0u;

    if (!f)
        return n;
    if (SUCCEEDED(hierarchy ? IMAPIFolder_GetHierarchyTable(f, 0, &t) : IMAPIFolder_GetContentsTable(f, 0, &t)))
    {
        if (FAILED(IMAPITable_GetRowCount(t, 0, &n)))
            n = ~0u;
        IMAPITable_Release(t);
    }
    return n;
}

/* The entry ID (a block of a->alloc) of the nth row of a table, or of the
 * row whose name column is name. */
LPSPropValue ex_find_row(const tp_ex_target *t, LPMAPIFOLDER f, BOOL hierarchy, const WCHAR *name, ULONG nth)
{
    SizedSPropTagArray(2, cols) = { 2, { PR_ENTRYID, hierarchy ? PR_DISPLAY_NAME_W : PR_SUBJECT_W } };
    LPMAPITABLE table = NULL;
    LPSRowSet rows = NULL;
    LPSPropValue found = NULL;
    ULONG i, seen = 0;

    if (!f || FAILED(hierarchy ? IMAPIFolder_GetHierarchyTable(f, MAPI_UNICODE, &table)
                               : IMAPIFolder_GetContentsTable(f, MAPI_UNICODE, &table)))
        return NULL;
    if (SUCCEEDED(IMAPITable_SetColumns(table, (LPSPropTagArray)&cols, 0)) &&
        SUCCEEDED(IMAPITable_QueryRows(table, 1000, 0, &rows)) && rows)
    {
        for (i = 0; i < rows->cRows && !found; i++)
        {
            LPSPropValue v = rows->aRow[i].lpProps;
            BOOL match = name ? v[1].ulPropTag == cols.aulPropTag[1] && !lstrcmpW(v[1].Value.lpszW, name)
                              : seen++ == nth;
            if (match && v[0].ulPropTag == PR_ENTRYID &&
                SUCCEEDED(t->a->alloc(sizeof(SPropValue) + v[0].Value.bin.cb, (void **)&found)))
            {
                found->ulPropTag = PR_ENTRYID;
                found->Value.bin.cb = v[0].Value.bin.cb;
                found->Value.bin.lpb = (BYTE *)(found + 1);
                memcpy(found->Value.bin.lpb, v[0].Value.bin.lpb, v[0].Value.bin.cb);
            }
        }
        for (i = 0; i < rows->cRows; i++)
            t->a->free(rows->aRow[i].lpProps);
        t->a->free(rows);
    }
    IMAPITable_Release(table);
    return found;
}

/* Opens the first row of f's hierarchy or contents table named 'name'. */
static LPUNKNOWN open_row(const tp_ex_target *t, LPMAPIFOLDER f, BOOL hierarchy, const WCHAR *name)
{
    LPSPropValue e = ex_find_row(t, f, hierarchy, name, 0);
    LPUNKNOWN unk = NULL;
    ULONG type;

    if (!e)
        return NULL;
    if (FAILED(IMAPIFolder_OpenEntry(f, e->Value.bin.cb, (LPENTRYID)e->Value.bin.lpb, NULL, 0, &type, &unk)))
        unk = NULL;
    t->a->free(e);
    return unk;
}

LPMAPIFOLDER ex_open_child(const tp_ex_target *t, LPMAPIFOLDER parent, const WCHAR *name)
{
    return (LPMAPIFOLDER)open_row(t, parent, TRUE, name);
}

/* One SMTP recipient without an address, added with ModifyRecipients. */
void ex_add_recip(LPMESSAGE msg, const WCHAR *name, LONG type)
{
    SPropValue r[3];
    ADRLIST list;

    memset(r, 0, sizeof(r));
    r[0].ulPropTag = PR_DISPLAY_NAME_W;
    r[0].Value.lpszW = (LPWSTR)name;
    r[1].ulPropTag = PR_RECIPIENT_TYPE;
    r[1].Value.l = type;
    r[2].ulPropTag = PR_ADDRTYPE_W;
    r[2].Value.lpszW = (LPWSTR)L"SMTP";
    list.cEntries = 1;
    list.aEntries[0].ulReserved1 = 0;
    list.aEntries[0].cValues = 3;
    list.aEntries[0].rgPropVals = r;
    IMessage_ModifyRecipients(msg, MODRECIP_ADD, &list);
}

/* A message with a subject, extra properties and recipients ("To A", "Cc B"). */
LPMESSAGE ex_make_message(LPMAPIFOLDER f, const WCHAR *subject, const SPropValue *extra, ULONG nextra,
                          ULONG nrecips, BOOL save)
{
    static const WCHAR *const names[2] = { L"Recipient A", L"Recipient B" };
    LPMESSAGE msg = NULL;
    SPropValue v[8];
    ULONG i;

    if (!f || FAILED(IMAPIFolder_CreateMessage(f, NULL, 0, &msg)))
        return NULL;
    memset(v, 0, sizeof(v));
    v[0].ulPropTag = PR_SUBJECT_W;
    v[0].Value.lpszW = (LPWSTR)subject;
    v[1].ulPropTag = PR_MESSAGE_CLASS_W;
    v[1].Value.lpszW = (LPWSTR)L"IPM.Note";
    for (i = 0; i < nextra && i < 6; i++)
        v[2 + i] = extra[i];
    IMessage_SetProps(msg, 2 + i, v, NULL);
    for (i = 0; i < nrecips && i < 2; i++)
        ex_add_recip(msg, names[i], i ? MAPI_CC : MAPI_TO | MAPI_SUBMITTED);
    if (save && FAILED(IMessage_SaveChanges(msg, KEEP_OPEN_READWRITE)))
    {
        IMessage_Release(msg);
        return NULL;
    }
    return msg;
}

ULONG ex_recip_count(LPMESSAGE msg)
{
    LPMAPITABLE t = NULL;
    ULONG n = ~0u;

    if (msg && SUCCEEDED(IMessage_GetRecipientTable(msg, 0, &t)))
    {
        if (FAILED(IMAPITable_GetRowCount(t, 0, &n)))
            n = ~0u;
        IMAPITable_Release(t);
    }
    return n;
}

/* The subject of the first message of a folder is the one given. */
static int first_subject_is(const tp_ex_target *t, LPMAPIFOLDER f, const WCHAR *subject)
{
    LPSPropValue e = ex_find_row(t, f, FALSE, subject, 0);

    if (!e)
        return 0;
    t->a->free(e);
    return 1;
}

/* PR_RECIPIENT_TYPE and PR_RESPONSIBILITY of a message's recipients, "type/resp,...". */
static void recip_states(const tp_ex_target *t, LPMESSAGE msg, char *out, size_t len)
{
    SizedSPropTagArray(2, cols) = { 2, { PR_RECIPIENT_TYPE, PR_RESPONSIBILITY } };
    LPMAPITABLE table = NULL;
    LPSRowSet rows = NULL;
    ULONG i;
    size_t pos = 0;

    out[0] = 0;
    if (FAILED(IMessage_GetRecipientTable(msg, 0, &table)))
        return;
    if (SUCCEEDED(IMAPITable_SetColumns(table, (LPSPropTagArray)&cols, 0)) &&
        SUCCEEDED(IMAPITable_QueryRows(table, 100, 0, &rows)) && rows)
    {
        for (i = 0; i < rows->cRows && pos + 24 < len; i++)
        {
            LPSPropValue v = rows->aRow[i].lpProps;
            pos += snprintf(out + pos, len - pos, "%s0x%08lx/%d", i ? "," : "",
                            v[0].ulPropTag == PR_RECIPIENT_TYPE ? (unsigned long)v[0].Value.l : 0ul,
                            v[1].ulPropTag == PR_RESPONSIBILITY ? v[1].Value.b != 0 : -1);
            t->a->free(rows->aRow[i].lpProps);
        }
        t->a->free(rows);
    }
    IMAPITable_Release(table);
}

/* Attachments (TP_EX_MESSAGE): two, their bytes checked after each copy. */

const char ex_att_text[sizeof(EX_ATT_TEXT)] = EX_ATT_TEXT;

BYTE ex_att_byte(ULONG i)
{
    return (BYTE)(i * 7 + 3);
}

LPMESSAGE ex_open_by_subject(const tp_ex_target *t, LPMAPIFOLDER f, const WCHAR *subject)
{
    return (LPMESSAGE)open_row(t, f, FALSE, subject);
}

ULONG ex_att_count(LPMESSAGE msg)
{
    LPMAPITABLE t = NULL;
    ULONG n = ~0u;

    if (msg && SUCCEEDED(IMessage_GetAttachmentTable(msg, 0, &t)))
    {
        if (FAILED(IMAPITable_GetRowCount(t, 0, &n)))
            n = ~0u;
        IMAPITable_Release(t);
    }
    return n;
}

void ex_add_attachments(LPMESSAGE msg)
{
    static const WCHAR *const names[2] = { L"one.txt", L"two.bin" };
    BYTE two[300];
    ULONG i, num;

    for (i = 0; i < sizeof(two); i++)
        two[i] = ex_att_byte(i);
    for (i = 0; i < 2; i++)
    {
        LPATTACH att = NULL;
        SPropValue v[3];
        memset(v, 0, sizeof(v));
        v[0].ulPropTag = PR_ATTACH_METHOD;
        v[0].Value.l = ATTACH_BY_VALUE;
        v[1].ulPropTag = PR_ATTACH_LONG_FILENAME_W;
        v[1].Value.lpszW = (LPWSTR)names[i];
        v[2].ulPropTag = PR_ATTACH_DATA_BIN;
        v[2].Value.bin.cb = i ? sizeof(two) : sizeof(ex_att_text) - 1;
        v[2].Value.bin.lpb = i ? two : (BYTE *)ex_att_text;
        if (FAILED(IMessage_CreateAttach(msg, NULL, 0, &num, &att)))
            continue;
        IAttach_SetProps(att, 3, v, NULL);
        IAttach_SaveChanges(att, 0);
        IAttach_Release(att);
    }
}

/* 1 when msg has exactly the two attachments of ex_add_attachments, in order:
 * names, PR_ATTACH_SIZE, the bytes (the first also read as an IStream). */
int ex_att_bytes_ok(const tp_ex_target *t, LPMESSAGE msg)
{
    static const WCHAR *const names[2] = { L"one.txt", L"two.bin" };
    SizedSPropTagArray(3, cols) = { 3, { PR_ATTACH_NUM, PR_ATTACH_LONG_FILENAME_W, PR_ATTACH_SIZE } };
    SizedSPropTagArray(1, data) = { 1, { PR_ATTACH_DATA_BIN } };
    LPMAPITABLE table = NULL;
    LPSRowSet rows = NULL;
    int ok = 0;
    ULONG i, j;

    if (!msg || FAILED(IMessage_GetAttachmentTable(msg, MAPI_UNICODE, &table)))
        return 0;
    if (SUCCEEDED(IMAPITable_SetColumns(table, (LPSPropTagArray)&cols, 0)) &&
        SUCCEEDED(IMAPITable_QueryRows(table, 100, 0, &rows)) && rows)
    {
        ok = rows->cRows == 2;
        for (i = 0; ok && i < rows->cRows; i++)
        {
            LPSPropValue r = rows->aRow[i].lpProps, v = NULL;
            ULONG size = i ? 300 : sizeof(ex_att_text) - 1, n;
            LPATTACH att = NULL;
            ok = r[0].ulPropTag == PR_ATTACH_NUM && r[1].ulPropTag == PR_ATTACH_LONG_FILENAME_W &&
                 !lstrcmpW(r[1].Value.lpszW, names[i]) && r[2].ulPropTag == PR_ATTACH_SIZE &&
                 (ULONG)r[2].Value.l == size &&
                 SUCCEEDED(IMessage_OpenAttach(msg, r[0].Value.l, NULL, 0, &att)) &&
                 SUCCEEDED(IAttach_GetProps(att, (LPSPropTagArray)&data, 0, &n, &v)) &&
                 v->ulPropTag == PR_ATTACH_DATA_BIN && v->Value.bin.cb == size;
            for (j = 0; ok && j < size; j++)
                ok = v->Value.bin.lpb[j] == (i ? ex_att_byte(j) : (BYTE)ex_att_text[j]);
            if (ok && !i)
            {
                IStream *s = NULL;
                char buf[64];
                ULONG got = 0;
                ok = SUCCEEDED(IAttach_OpenProperty(att, PR_ATTACH_DATA_BIN, &IID_IStream, 0, 0, (LPUNKNOWN *)&s)) &&
                     SUCCEEDED(IStream_Read(s, buf, sizeof(buf), &got)) && got == size &&
                     !memcmp(buf, ex_att_text, size);
                if (s)
                    IStream_Release(s);
            }
            if (v)
                t->a->free(v);
            if (att)
                IAttach_Release(att);
        }
        for (i = 0; i < rows->cRows; i++)
            t->a->free(rows->aRow[i].lpProps);
        t->a->free(rows);
    }
    IMAPITable_Release(table);
    return ok;
}

static void exercise_attachments(const tp_ex_target *t, const char *at, LPMAPIFOLDER root, LPMAPIFOLDER inbox,
                                 LPMAPIFOLDER sub, LPMAPIFOLDER sent)
{
    static const SizedSPropTagArray(1, eidtag) = { 1, { PR_ENTRYID } };
    static const SizedSPropTagArray(1, noatt) = { 1, { PR_MESSAGE_ATTACHMENTS } };
    static const SizedSPropTagArray(2, onlyatt) = { 2, { PR_SUBJECT_W, PR_MESSAGE_ATTACHMENTS } };
    LPMESSAGE msg = ex_make_message(inbox, L"A1", NULL, 0, 2, FALSE), src = NULL, dst = NULL, copy = NULL;
    LPSPropValue e = NULL;
    LPATTACH att = NULL;
    ENTRYLIST list;
    HRESULT hr, hr2, hr3;
    ULONG n, recips, atts;
    int ok;

    if (!msg)
    {
        tp_ex_log(t, at, "Attach hr=0x%08lx mode=nomessage", (unsigned long)MAPI_E_NOT_ENOUGH_MEMORY);
        return;
    }
    ex_add_attachments(msg);
    hr = IMessage_SaveChanges(msg, KEEP_OPEN_READWRITE);
    if (SUCCEEDED(hr))
        hr = IMessage_GetProps(msg, (LPSPropTagArray)&eidtag, 0, &n, &e);
    IMessage_Release(msg);
    msg = ex_open_by_subject(t, inbox, L"A1");
    tp_ex_log(t, at, "Attach hr=0x%08lx mode=saved atts=%lu bytes=%d", (unsigned long)hr,
           (unsigned long)ex_att_count(msg), ex_att_bytes_ok(t, msg));
    if (FAILED(hr) || !e || e->ulPropTag != PR_ENTRYID)
        goto done;

    /* The message's own checks. */
    hr = msg ? IMessage_OpenAttach(msg, 999, NULL, 0, &att) : E_FAIL;
    hr2 = msg ? IMessage_CreateAttach(msg, NULL, 0, &n, NULL) : E_FAIL;
    hr3 = msg ? IMessage_DeleteAttach(msg, 0, 0, NULL, 0x1000) : E_FAIL;
    tp_ex_log(t, at, "Attach hr=0x%08lx mode=bad create=0x%08lx delete=0x%08lx", (unsigned long)hr,
           (unsigned long)hr2, (unsigned long)hr3);

    /* Copied to Inbox/Projects, then moved on to Sent Items. */
    list.cValues = 1;
    list.lpbin = &e->Value.bin;
    hr = IMAPISupport_CopyMessages(t->sup, &IID_IMAPIFolder, inbox, &list, &IID_IMAPIFolder, sub, 0, NULL, 0);
    copy = ex_open_by_subject(t, sub, L"A1");
    tp_ex_log(t, at, "CopyMessages hr=0x%08lx mode=attach atts=%lu bytes=%d recips=%lu source=%lu", (unsigned long)hr,
           (unsigned long)ex_att_count(copy), ex_att_bytes_ok(t, copy), (unsigned long)ex_recip_count(copy),
           (unsigned long)ex_att_count(msg));
    if (copy)
    {
        LPSPropValue ce = NULL;
        if (SUCCEEDED(IMessage_GetProps(copy, (LPSPropTagArray)&eidtag, 0, &n, &ce)) && ce->ulPropTag == PR_ENTRYID)
        {
            list.lpbin = &ce->Value.bin;
            IMessage_Release(copy);
            hr = IMAPISupport_CopyMessages(t->sup, &IID_IMAPIFolder, sub, &list, &IID_IMAPIFolder, sent, 0, NULL,
                                           MESSAGE_MOVE);
            copy = ex_open_by_subject(t, sent, L"A1");
            {
                LPSPropValue left = ex_find_row(t, sub, FALSE, L"A1", 0);
                ok = !left;
                if (left)
                    t->a->free(left);
            }
            tp_ex_log(t, at, "CopyMessages hr=0x%08lx mode=attachmove gone=%d atts=%lu bytes=%d recips=%lu",
                   (unsigned long)hr, ok, (unsigned long)ex_att_count(copy), ex_att_bytes_ok(t, copy),
                   (unsigned long)ex_recip_count(copy));
        }
        if (ce)
            t->a->free(ce);
    }

    /* CopyTo twice onto a message with two recipients of its own: they are
     * replaced, not added to. */
    src = ex_open_by_subject(t, inbox, L"A1");
    dst = ex_make_message(root, L"D1", NULL, 0, 2, FALSE);
    hr = src && dst ? IMessage_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMessage, dst, 0, NULL) : E_FAIL;
    recips = ex_recip_count(dst);
    atts = ex_att_count(dst);
    ok = ex_att_bytes_ok(t, dst);
    hr2 = src && dst ? IMessage_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMessage, dst, 0, NULL) : E_FAIL;
    tp_ex_log(t, at, "DoCopyTo hr=0x%08lx mode=replace recips=%lu atts=%lu bytes=%d again=0x%08lx,%lu",
           (unsigned long)hr, (unsigned long)recips, (unsigned long)atts, ok, (unsigned long)hr2,
           (unsigned long)ex_recip_count(dst));
    if (dst)
        IMessage_Release(dst);

    /* PR_MESSAGE_ATTACHMENTS excluded; then only it (and the subject) included. */
    dst = ex_make_message(root, L"D2", NULL, 0, 0, FALSE);
    hr = src && dst ? IMessage_CopyTo(src, 0, NULL, (LPSPropTagArray)&noatt, 0, NULL, &IID_IMessage, dst, 0, NULL)
                    : E_FAIL;
    tp_ex_log(t, at, "DoCopyTo hr=0x%08lx mode=noattach recips=%lu atts=%lu", (unsigned long)hr,
           (unsigned long)ex_recip_count(dst), (unsigned long)ex_att_count(dst));
    if (dst)
        IMessage_Release(dst);
    dst = ex_make_message(root, L"D3", NULL, 0, 0, FALSE);
    hr = src && dst ? IMessage_CopyProps(src, (LPSPropTagArray)&onlyatt, 0, NULL, &IID_IMessage, dst, 0, NULL)
                    : E_FAIL;
    tp_ex_log(t, at, "DoCopyProps hr=0x%08lx mode=attach recips=%lu atts=%lu bytes=%d", (unsigned long)hr,
           (unsigned long)ex_recip_count(dst), (unsigned long)ex_att_count(dst), ex_att_bytes_ok(t, dst));
    if (dst)
        IMessage_Release(dst);

    /* MAPI_MOVE: the source loses its recipients and attachments. */
    dst = ex_make_message(root, L"D4", NULL, 0, 0, FALSE);
    hr = src && dst ? IMessage_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMessage, dst, MAPI_MOVE, NULL) : E_FAIL;
    tp_ex_log(t, at, "DoCopyTo hr=0x%08lx mode=move recips=%lu atts=%lu bytes=%d srcrecips=%lu srcatts=%lu",
           (unsigned long)hr, (unsigned long)ex_recip_count(dst), (unsigned long)ex_att_count(dst),
           ex_att_bytes_ok(t, dst), (unsigned long)ex_recip_count(src), (unsigned long)ex_att_count(src));
    if (dst)
        IMessage_Release(dst);

done:
    if (src)
        IMessage_Release(src);
    if (copy)
        IMessage_Release(copy);
    if (msg)
        IMessage_Release(msg);
    if (e)
        t->a->free(e);
}

void tp_exercise_message(const tp_ex_target *t, const char *at)
{
    LPMAPIFOLDER root = open_folder(t, TP_FOLDER_ROOT), inbox = open_folder(t, TP_FOLDER_INBOX),
                 sent = open_folder(t, TP_FOLDER_SENT), sub = open_folder(t, TP_FOLDER_SUB), deep = NULL, f = NULL;
    LPMESSAGE m[3] = { NULL, NULL, NULL }, msg = NULL, report = NULL;
    LPSPropValue e[3] = { NULL, NULL, NULL }, pe = NULL;
    BYTE sent_eid[TP_MS_EID_SIZE], bogus[TP_MS_EID_SIZE];
    SBinary bins[3];
    ENTRYLIST list;
    ex_progress *prog = ex_progress_new(0), *cancel = ex_progress_new(1);
    SPropValue v[2];
    ULONG before, before2, flags, i;
    char states[128];
    HRESULT hr;

    if (!root || !inbox || !sent || !sub || !prog || !cancel)
    {
        tp_ex_log(t, at, "CopyMessages hr=0x%08lx mode=nostore", (unsigned long)MAPI_E_NOT_FOUND);
        goto done;
    }
    tp_ms_eid(&t->uid, TRUE, TP_FOLDER_SENT, sent_eid);
    tp_ms_eid(&t->uid, FALSE, 0x7fffffff, bogus);

    /* Three messages in the Inbox, then M1 and M2 copied to Inbox/Projects. */
    m[0] = ex_make_message(inbox, L"M1", NULL, 0, 2, TRUE);
    m[1] = ex_make_message(inbox, L"M2", NULL, 0, 0, TRUE);
    m[2] = ex_make_message(inbox, L"M3", NULL, 0, 0, TRUE);
    for (i = 0; i < 3; i++)
    {
        static const SizedSPropTagArray(1, eid) = { 1, { PR_ENTRYID } };
        ULONG n;
        if (m[i] && FAILED(IMessage_GetProps(m[i], (LPSPropTagArray)&eid, 0, &n, &e[i])))
            e[i] = NULL;
        bins[i] = e[i] ? e[i]->Value.bin : (SBinary){ sizeof(bogus), bogus };
    }
    list.cValues = 2;
    list.lpbin = bins;
    before = table_count(sub, FALSE);
    hr = IMAPISupport_CopyMessages(t->sup, &IID_IMAPIFolder, inbox, &list, &IID_IMAPIFolder, sub, 0,
                                   &prog->IMAPIProgress_iface, MESSAGE_DIALOG);
    msg = NULL;
    {
        LPSPropValue c = ex_find_row(t, sub, FALSE, L"M1", 0);
        ULONG type;
        if (c && FAILED(IMAPIFolder_OpenEntry(sub, c->Value.bin.cb, (LPENTRYID)c->Value.bin.lpb, NULL, 0, &type,
                                              (LPUNKNOWN *)&msg)))
            msg = NULL;
        if (c)
            t->a->free(c);
    }
    tp_ex_log(t, at, "CopyMessages hr=0x%08lx copied=%lu source=%lu subject=%d recips=%lu progress=%lu,%lu/%lu,%lu",
           (unsigned long)hr, (unsigned long)(table_count(sub, FALSE) - before),
           (unsigned long)table_count(inbox, FALSE), first_subject_is(t, sub, L"M2"),
           (unsigned long)ex_recip_count(msg), (unsigned long)prog->calls, (unsigned long)prog->last_count,
           (unsigned long)prog->last_total, (unsigned long)prog->last_value);
    if (msg)
        IMessage_Release(msg);
    msg = NULL;

    /* M3 moved to Sent Items (through the folder's own CopyMessages). */
    list.cValues = 1;
    list.lpbin = &bins[2];
    before = table_count(sent, FALSE);
    hr = IMAPIFolder_CopyMessages(inbox, &list, NULL, sent, 0, NULL, MESSAGE_MOVE);
    tp_ex_log(t, at, "CopyMessages hr=0x%08lx mode=move source=%lu dest=%lu", (unsigned long)hr,
           (unsigned long)table_count(inbox, FALSE), (unsigned long)(table_count(sent, FALSE) - before));

    /* One good, one unknown ID. */
    bins[2].cb = sizeof(bogus);
    bins[2].lpb = bogus;
    list.cValues = 2;
    list.lpbin = &bins[1];
    before = table_count(root, FALSE);
    hr = IMAPISupport_CopyMessages(t->sup, &IID_IMAPIFolder, inbox, &list, &IID_IMAPIFolder, root, 0, NULL, 0);
    tp_ex_log(t, at, "CopyMessages hr=0x%08lx mode=partial copied=%lu", (unsigned long)hr,
           (unsigned long)(table_count(root, FALSE) - before));

    /* The progress object cancels at its first call. */
    list.cValues = 2;
    list.lpbin = bins;
    before = table_count(root, FALSE);
    hr = IMAPISupport_CopyMessages(t->sup, &IID_IMAPIFolder, inbox, &list, &IID_IMAPIFolder, root, 0,
                                   &cancel->IMAPIProgress_iface, MESSAGE_DIALOG);
    tp_ex_log(t, at, "CopyMessages hr=0x%08lx mode=cancel copied=%lu", (unsigned long)hr,
           (unsigned long)(table_count(root, FALSE) - before));
    hr = IMAPISupport_CopyMessages(t->sup, &IID_IMAPIFolder, inbox, &list, &IID_IMAPIFolder, root, 0, NULL, 0x100);
    tp_ex_log(t, at, "CopyMessages hr=0x%08lx mode=badflags", (unsigned long)hr);
    hr = IMAPISupport_CopyMessages(t->sup, &IID_IMAPIFolder, inbox, NULL, &IID_IMAPIFolder, root, 0, NULL, 0);
    tp_ex_log(t, at, "CopyMessages hr=0x%08lx mode=nolist", (unsigned long)hr);
    {
        LPPROPDATA notfolder = tp_new_propdata(t->a);
        hr = notfolder ? IMAPISupport_CopyMessages(t->sup, &IID_IMAPIFolder, notfolder, &list, &IID_IMAPIFolder,
                                                   root, 0, NULL, 0)
                       : E_OUTOFMEMORY;
        tp_ex_log(t, at, "CopyMessages hr=0x%08lx mode=notfolder", (unsigned long)hr);
        if (notfolder)
            IPropData_Release(notfolder);
    }

    /* CopyFolder: Inbox/Projects (2 messages) gets a subfolder Deep with
     * one; copied whole under the root as "Projects Copy". */
    if (SUCCEEDED(IMAPIFolder_CreateFolder(sub, FOLDER_GENERIC, (LPTSTR)L"Deep", NULL, NULL, MAPI_UNICODE, &deep)))
    {
        msg = ex_make_message(deep, L"D1", NULL, 0, 1, TRUE);
        if (msg)
            IMessage_Release(msg);
        msg = NULL;
    }
    pe = ex_find_row(t, inbox, TRUE, L"Projects", 0);
    if (!pe)
    {
        tp_ex_log(t, at, "CopyFolder hr=0x%08lx mode=noprojects", (unsigned long)MAPI_E_NOT_FOUND);
        goto sentmail;
    }
    prog->calls = 0;
    hr = IMAPISupport_CopyFolder(t->sup, &IID_IMAPIFolder, inbox, pe->Value.bin.cb, (LPENTRYID)pe->Value.bin.lpb,
                                 &IID_IMAPIFolder, root, (LPTSTR)L"Projects Copy", 0, &prog->IMAPIProgress_iface,
                                 COPY_SUBFOLDERS | MAPI_UNICODE | FOLDER_DIALOG);
    f = ex_open_child(t, root, L"Projects Copy");
    {
        LPMAPIFOLDER d = f ? ex_open_child(t, f, L"Deep") : NULL;
        tp_ex_log(t, at, "CopyFolder hr=0x%08lx found=%d messages=%lu subfolders=%lu deep=%lu source=%lu progress=%lu,%lu/%lu",
               (unsigned long)hr, f != NULL, (unsigned long)table_count(f, FALSE), (unsigned long)table_count(f, TRUE),
               (unsigned long)table_count(d, FALSE), (unsigned long)table_count(sub, FALSE),
               (unsigned long)prog->calls, (unsigned long)prog->last_count, (unsigned long)prog->last_total);
        if (d)
            IMAPIFolder_Release(d);
    }
    if (f)
        IMAPIFolder_Release(f);
    f = NULL;

    /* Without COPY_SUBFOLDERS, an 8-bit name. */
    hr = IMAPISupport_CopyFolder(t->sup, &IID_IMAPIFolder, inbox, pe->Value.bin.cb, (LPENTRYID)pe->Value.bin.lpb,
                                 &IID_IMAPIFolder, root, (LPTSTR)"Flat", 0, NULL, 0);
    f = ex_open_child(t, root, L"Flat");
    tp_ex_log(t, at, "CopyFolder hr=0x%08lx mode=flat found=%d messages=%lu subfolders=%lu", (unsigned long)hr, f != NULL,
           (unsigned long)table_count(f, FALSE), (unsigned long)table_count(f, TRUE));
    if (f)
        IMAPIFolder_Release(f);
    f = NULL;

    /* The same name again: MAPI_E_COLLISION. */
    hr = IMAPISupport_CopyFolder(t->sup, &IID_IMAPIFolder, inbox, pe->Value.bin.cb, (LPENTRYID)pe->Value.bin.lpb,
                                 &IID_IMAPIFolder, root, (LPTSTR)L"Flat", 0, NULL, MAPI_UNICODE);
    tp_ex_log(t, at, "CopyFolder hr=0x%08lx mode=collision", (unsigned long)hr);
    t->a->free(pe);

    /* "Flat" moved from the root into Sent Items (the folder's own CopyFolder). */
    pe = ex_find_row(t, root, TRUE, L"Flat", 0);
    before = table_count(root, TRUE);
    hr = pe ? IMAPIFolder_CopyFolder(root, pe->Value.bin.cb, (LPENTRYID)pe->Value.bin.lpb, NULL, sent, NULL, 0, NULL,
                                     FOLDER_MOVE)
            : MAPI_E_NOT_FOUND;
    f = ex_open_child(t, sent, L"Flat");
    tp_ex_log(t, at, "CopyFolder hr=0x%08lx mode=move gone=%d there=%d messages=%lu", (unsigned long)hr,
           table_count(root, TRUE) == before - 1, f != NULL, (unsigned long)table_count(f, FALSE));
    if (f)
        IMAPIFolder_Release(f);
    f = NULL;
    hr = IMAPISupport_CopyFolder(t->sup, &IID_IMAPIFolder, root, pe ? pe->Value.bin.cb : 4,
                                 (LPENTRYID)(pe ? pe->Value.bin.lpb : bogus), &IID_IMAPIFolder, root, NULL, 0, NULL,
                                 0x100);
    tp_ex_log(t, at, "CopyFolder hr=0x%08lx mode=badflags", (unsigned long)hr);
    hr = IMAPISupport_CopyFolder(t->sup, &IID_IMAPIFolder, root, 0, NULL, &IID_IMAPIFolder, root, NULL, 0, NULL, 0);
    tp_ex_log(t, at, "CopyFolder hr=0x%08lx mode=noentry", (unsigned long)hr);
    if (pe)
        t->a->free(pe);
    pe = NULL;

sentmail:
    /* DoSentMail: to PR_SENTMAIL_ENTRYID's folder; deleted with
     * PR_DELETE_AFTER_SUBMIT; left alone with neither. */
    memset(v, 0, sizeof(v));
    v[0].ulPropTag = PR_SENTMAIL_ENTRYID;
    v[0].Value.bin.cb = sizeof(sent_eid);
    v[0].Value.bin.lpb = sent_eid;
    msg = ex_make_message(inbox, L"Sent1", v, 1, 1, TRUE);
    before = table_count(inbox, FALSE);
    before2 = table_count(sent, FALSE);
    hr = msg ? IMAPISupport_DoSentMail(t->sup, 0, msg) : MAPI_E_NOT_FOUND;
    msg = NULL;                               /* DoSentMail released it */
    tp_ex_log(t, at, "DoSentMail hr=0x%08lx left=%lu arrived=%lu subject=%d", (unsigned long)hr,
           (unsigned long)(before - table_count(inbox, FALSE)), (unsigned long)(table_count(sent, FALSE) - before2),
           first_subject_is(t, sent, L"Sent1"));

    v[0].ulPropTag = PR_DELETE_AFTER_SUBMIT;
    v[0].Value.b = TRUE;
    msg = ex_make_message(inbox, L"Sent2", v, 1, 1, TRUE);
    before = table_count(inbox, FALSE);
    before2 = table_count(sent, FALSE);
    hr = msg ? IMAPISupport_DoSentMail(t->sup, 0, msg) : MAPI_E_NOT_FOUND;
    msg = NULL;
    tp_ex_log(t, at, "DoSentMail hr=0x%08lx mode=delete left=%lu arrived=%lu", (unsigned long)hr,
           (unsigned long)(before - table_count(inbox, FALSE)), (unsigned long)(table_count(sent, FALSE) - before2));

    msg = ex_make_message(inbox, L"Sent3", NULL, 0, 1, TRUE);
    before = table_count(inbox, FALSE);
    hr = msg ? IMAPISupport_DoSentMail(t->sup, 0, msg) : MAPI_E_NOT_FOUND;
    msg = NULL;
    tp_ex_log(t, at, "DoSentMail hr=0x%08lx mode=stay left=%lu", (unsigned long)hr,
           (unsigned long)(before - table_count(inbox, FALSE)));
    msg = ex_make_message(inbox, L"Sent4", NULL, 0, 0, FALSE);
    hr = msg ? IMAPISupport_DoSentMail(t->sup, 1, msg) : MAPI_E_NOT_FOUND;
    tp_ex_log(t, at, "DoSentMail hr=0x%08lx mode=badflags", (unsigned long)hr);
    hr = IMAPISupport_DoSentMail(t->sup, 0, NULL);
    tp_ex_log(t, at, "DoSentMail hr=0x%08lx mode=null", (unsigned long)hr);
    if (msg)
        IMessage_Release(msg);
    msg = NULL;

    /* PrepareSubmit of a message to resend: "To A" was submitted, "Cc B" not. */
    v[0].ulPropTag = PR_MESSAGE_FLAGS;
    v[0].Value.l = MSGFLAG_RESEND;
    msg = ex_make_message(inbox, L"Resend", v, 1, 2, FALSE);
    flags = 0;
    hr = msg ? IMAPISupport_PrepareSubmit(t->sup, msg, &flags) : MAPI_E_NOT_FOUND;
    states[0] = 0;
    if (msg)
        recip_states(t, msg, states, sizeof(states));
    tp_ex_log(t, at, "PrepareSubmit hr=0x%08lx flags=0x%08lx recips=%s", (unsigned long)hr, (unsigned long)flags,
           states[0] ? states : "-");
    if (msg)
        IMessage_Release(msg);
    msg = ex_make_message(inbox, L"NoResend", NULL, 0, 2, FALSE);
    flags = 0;
    hr = msg ? IMAPISupport_PrepareSubmit(t->sup, msg, &flags) : MAPI_E_NOT_FOUND;
    states[0] = 0;
    if (msg)
        recip_states(t, msg, states, sizeof(states));
    tp_ex_log(t, at, "PrepareSubmit hr=0x%08lx mode=noresend recips=%s", (unsigned long)hr, states[0] ? states : "-");
    flags = 1;
    hr = msg ? IMAPISupport_PrepareSubmit(t->sup, msg, &flags) : MAPI_E_NOT_FOUND;
    tp_ex_log(t, at, "PrepareSubmit hr=0x%08lx mode=badflags", (unsigned long)hr);
    hr = IMAPISupport_PrepareSubmit(t->sup, msg, NULL);
    tp_ex_log(t, at, "PrepareSubmit hr=0x%08lx mode=null", (unsigned long)hr);

    /* ExpandRecips, UpdatePAB, Preprocess, CompleteMsg on the same message. */
    flags = 0xdead;
    hr = msg ? IMAPISupport_ExpandRecips(t->sup, msg, &flags) : MAPI_E_NOT_FOUND;
    tp_ex_log(t, at, "ExpandRecips hr=0x%08lx flags=0x%08lx recips=%lu", (unsigned long)hr, (unsigned long)flags,
           (unsigned long)ex_recip_count(msg));
    hr = IMAPISupport_ExpandRecips(t->sup, msg, NULL);
    tp_ex_log(t, at, "ExpandRecips hr=0x%08lx mode=null", (unsigned long)hr);
    hr = msg ? IMAPISupport_UpdatePAB(t->sup, 0, msg) : MAPI_E_NOT_FOUND;
    tp_ex_log(t, at, "UpdatePAB hr=0x%08lx", (unsigned long)hr);
    hr = IMAPISupport_UpdatePAB(t->sup, 0, NULL);
    tp_ex_log(t, at, "UpdatePAB hr=0x%08lx mode=null", (unsigned long)hr);
    hr = IMAPISupport_Preprocess(t->sup, 0, e[0] ? e[0]->Value.bin.cb : sizeof(bogus),
                                 (LPENTRYID)(e[0] ? e[0]->Value.bin.lpb : bogus));
    tp_ex_log(t, at, "Preprocess hr=0x%08lx", (unsigned long)hr);
    hr = IMAPISupport_Preprocess(t->sup, 0, 0, NULL);
    tp_ex_log(t, at, "Preprocess hr=0x%08lx mode=null", (unsigned long)hr);
    hr = IMAPISupport_CompleteMsg(t->sup, 0, sizeof(bogus), (LPENTRYID)bogus);
    tp_ex_log(t, at, "CompleteMsg hr=0x%08lx", (unsigned long)hr);
    hr = IMAPISupport_CompleteMsg(t->sup, 1, sizeof(bogus), (LPENTRYID)bogus);
    tp_ex_log(t, at, "CompleteMsg hr=0x%08lx mode=badflags", (unsigned long)hr);
    if (msg)
        IMessage_Release(msg);
    msg = NULL;

    /* ReadReceipt: a report for a message from "Sender S" into an empty one. */
    {
        static const BYTE sender_eid[8] = { 0, 0, 0, 0, 'S', 'N', 'D', 'R' };
        static const SizedSPropTagArray(3, rtags) = { 3, { PR_MESSAGE_CLASS_W, PR_SUBJECT_W, PR_ORIGINAL_SUBJECT_W } };
        LPSPropValue rv = NULL;
        ULONG n = 0;
        int mode;

        v[0].ulPropTag = PR_SENDER_ENTRYID;
        v[0].Value.bin.cb = sizeof(sender_eid);
        v[0].Value.bin.lpb = (BYTE *)sender_eid;
        v[1].ulPropTag = PR_SENDER_NAME_W;
        v[1].Value.lpszW = (LPWSTR)L"Sender S";
        msg = ex_make_message(inbox, L"Hello", v, 2, 1, TRUE);
        for (mode = 0; mode < 2; mode++)
        {
            report = ex_make_message(inbox, L"", NULL, 0, 0, FALSE);
            hr = msg && report ? IMAPISupport_ReadReceipt(t->sup, mode ? MAPI_NON_READ : 0, msg, &report)
                               : MAPI_E_NOT_FOUND;
            rv = NULL;
            if (report)
                IMessage_GetProps(report, (LPSPropTagArray)&rtags, MAPI_UNICODE, &n, &rv);
            {
                char cls[96] = "-";
                int subj = 0, orig = 0;
                if (rv && rv[0].ulPropTag == PR_MESSAGE_CLASS_W)
                    WideCharToMultiByte(CP_UTF8, 0, rv[0].Value.lpszW, -1, cls, sizeof(cls), NULL, NULL);
                if (rv && rv[1].ulPropTag == PR_SUBJECT_W)
                    subj = !lstrcmpW(rv[1].Value.lpszW, mode ? L"Not read: Hello" : L"Read: Hello");
                if (rv && rv[2].ulPropTag == PR_ORIGINAL_SUBJECT_W)
                    orig = !lstrcmpW(rv[2].Value.lpszW, L"Hello");
                tp_ex_log(t, at, "ReadReceipt hr=0x%08lx%s class=%s subject=%d original=%d recips=%lu", (unsigned long)hr,
                       mode ? " mode=nonread" : "", cls, subj, orig, (unsigned long)ex_recip_count(report));
            }
            if (rv)
                t->a->free(rv);
            if (report)
                IMessage_Release(report);
            report = NULL;
        }
        report = ex_make_message(inbox, L"", NULL, 0, 0, FALSE);
        hr = IMAPISupport_ReadReceipt(t->sup, 0x10, msg, &report);
        tp_ex_log(t, at, "ReadReceipt hr=0x%08lx mode=badflags", (unsigned long)hr);
        hr = IMAPISupport_ReadReceipt(t->sup, 0, NULL, &report);
        tp_ex_log(t, at, "ReadReceipt hr=0x%08lx mode=null", (unsigned long)hr);
    }

    exercise_attachments(t, at, root, inbox, sub, sent);
    tp_exercise_embedded(t, at, root, inbox, sub);

done:
    if (report)
        IMessage_Release(report);
    if (msg)
        IMessage_Release(msg);
    for (i = 0; i < 3; i++)
    {
        if (m[i])
            IMessage_Release(m[i]);
        if (e[i])
            t->a->free(e[i]);
    }
    if (deep)
        IMAPIFolder_Release(deep);
    if (sub)
        IMAPIFolder_Release(sub);
    if (sent)
        IMAPIFolder_Release(sent);
    if (inbox)
        IMAPIFolder_Release(inbox);
    if (root)
        IMAPIFolder_Release(root);
    if (prog)
        IMAPIProgress_Release(&prog->IMAPIProgress_iface);
    if (cancel)
        IMAPIProgress_Release(&cancel->IMAPIProgress_iface);
}

/* The transport has no message of its own: StatusRecips' argument checks. */
void tp_exercise_status_recips(const tp_ex_target *t, const char *at)
{
    HRESULT hr = IMAPISupport_StatusRecips(t->sup, NULL, NULL);

    tp_ex_log(t, at, "StatusRecips hr=0x%08lx mode=null", (unsigned long)hr);
}

/* ------------------------------------------------------------------------ */
