/*
 * The test store's exercise of embedded messages (TP_EX_MESSAGE, README.md):
 * messages with embedded messages, and big files, copied by CopyMessages,
 * CopyFolder, CopyTo / CopyProps (DoCopyTo / DoCopyProps), also onto
 * messages that have recipients and attachments of their own; each copy
 * read back to the bottom.  Split from exercise_msg.c.
 */
#include <stdio.h>
#include <string.h>

#include "exercise_msg.h"

#include <mapix.h>

/* Embedded messages (TP_EX_MESSAGE): E1 has two recipients, a file and an
 * embedded message, which has one recipient, a file and an embedded message
 * of its own, which has a file.  levels_ok() reads every level back. */

typedef struct emb_level
{
    const WCHAR *subject, *body, *file;
    ULONG nrecips;
    BOOL pattern;             /* the file: 300 bytes of ex_att_byte(), else ex_att_text */
    BOOL nested;              /* an embedded message follows */
} emb_level;

static const emb_level emb_levels[3] =
{
    { L"E1", L"outer body", L"one.txt", 2, FALSE, TRUE },
    { L"E1 inner", L"inner body", L"deep.bin", 1, TRUE, TRUE },
    { L"E1 innermost", L"innermost body", L"leaf.txt", 0, FALSE, FALSE },
};

static void free_rows(const tp_ex_target *t, LPSRowSet rows)
{
    ULONG i;

    if (!rows)
        return;
    for (i = 0; i < rows->cRows; i++)
        t->a->free(rows->aRow[i].lpProps);
    t->a->free(rows);
}

static void add_recips(LPMESSAGE msg, ULONG n, const WCHAR *prefix)
{
    WCHAR name[64];
    ULONG i;

    for (i = 0; i < n; i++)
    {
        wsprintfW(name, L"%s %lu", prefix, i + 1);
        ex_add_recip(msg, name, MAPI_TO);
    }
}

/* A new attachment of msg with a method and a name (its bytes, if any). */
static LPATTACH new_attach(LPMESSAGE msg, LONG method, const WCHAR *file, const BYTE *bytes, ULONG size)
{
    LPATTACH att = NULL;
    SPropValue v[3];
    ULONG num;

    if (FAILED(IMessage_CreateAttach(msg, NULL, 0, &num, &att)))
        return NULL;
    memset(v, 0, sizeof(v));
    v[0].ulPropTag = PR_ATTACH_METHOD;
    v[0].Value.l = method;
    v[1].ulPropTag = PR_ATTACH_LONG_FILENAME_W;
    v[1].Value.lpszW = (LPWSTR)file;
    v[2].ulPropTag = PR_ATTACH_DATA_BIN;
    v[2].Value.bin.cb = size;
    v[2].Value.bin.lpb = (BYTE *)bytes;
    IAttach_SetProps(att, bytes ? 3 : 2, v, NULL);
    return att;
}

/* The level's subject, body, recipients, file and (nested) embedded message. */
static HRESULT fill_level(LPMESSAGE msg, int depth)
{
    const emb_level *l = &emb_levels[depth];
    LPMESSAGE emb = NULL;
    LPATTACH att;
    SPropValue v[2];
    BYTE pattern[300];
    ULONG i;
    HRESULT hr;

    memset(v, 0, sizeof(v));
    v[0].ulPropTag = PR_SUBJECT_W;
    v[0].Value.lpszW = (LPWSTR)l->subject;
    v[1].ulPropTag = PR_BODY_W;
    v[1].Value.lpszW = (LPWSTR)l->body;
    if (FAILED(hr = IMessage_SetProps(msg, 2, v, NULL)))
        return hr;
    add_recips(msg, l->nrecips, l->subject);
    for (i = 0; i < sizeof(pattern); i++)
        pattern[i] = ex_att_byte(i);
    if (!(att = new_attach(msg, ATTACH_BY_VALUE, l->file, l->pattern ? pattern : (const BYTE *)ex_att_text,
                           l->pattern ? sizeof(pattern) : sizeof(ex_att_text) - 1)))
        return E_FAIL;
    hr = IAttach_SaveChanges(att, 0);
    IAttach_Release(att);
    if (FAILED(hr) || !l->nested)
        return hr;
    if (!(att = new_attach(msg, ATTACH_EMBEDDED_MSG, L"embedded", NULL, 0)))
        return E_FAIL;
    hr = IAttach_OpenProperty(att, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, MAPI_CREATE | MAPI_MODIFY, (LPUNKNOWN *)&emb);
    if (SUCCEEDED(hr))
        hr = fill_level(emb, depth + 1);
    if (SUCCEEDED(hr))
        hr = IMessage_SaveChanges(emb, 0);
    if (SUCCEEDED(hr))
        hr = IAttach_SaveChanges(att, 0);
    if (emb)
        IMessage_Release(emb);
    IAttach_Release(att);
    return hr;
}

/* The subject and body are the level's (the subject not checked when
 * own_subject: a copy with MAPI_NOREPLACE keeps the destination's). */
static int text_ok(const tp_ex_target *t, LPMESSAGE msg, const emb_level *l, BOOL own_subject)
{
    SizedSPropTagArray(2, tags) = { 2, { PR_SUBJECT_W, PR_BODY_W } };
    LPSPropValue v = NULL;
    ULONG n;
    int ok;

    if (FAILED(IMessage_GetProps(msg, (LPSPropTagArray)&tags, MAPI_UNICODE, &n, &v)) || !v)
        return 0;
    ok = (own_subject || (v[0].ulPropTag == PR_SUBJECT_W && !lstrcmpW(v[0].Value.lpszW, l->subject))) &&
         v[1].ulPropTag == PR_BODY_W && !lstrcmpW(v[1].Value.lpszW, l->body);
    t->a->free(v);
    return ok;
}

/* The file of a level: its name and every byte. */
static int file_ok(const tp_ex_target *t, LPATTACH att, const emb_level *l)
{
    SizedSPropTagArray(2, tags) = { 2, { PR_ATTACH_LONG_FILENAME_W, PR_ATTACH_DATA_BIN } };
    ULONG size = l->pattern ? 300 : sizeof(ex_att_text) - 1, n, j;
    LPSPropValue v = NULL;
    int ok;

    if (FAILED(IAttach_GetProps(att, (LPSPropTagArray)&tags, MAPI_UNICODE, &n, &v)) || !v)
        return 0;
    ok = v[0].ulPropTag == PR_ATTACH_LONG_FILENAME_W && !lstrcmpW(v[0].Value.lpszW, l->file) &&
         v[1].ulPropTag == PR_ATTACH_DATA_BIN && v[1].Value.bin.cb == size;
    for (j = 0; ok && j < size; j++)
        ok = v[1].Value.bin.lpb[j] == (l->pattern ? ex_att_byte(j) : (BYTE)ex_att_text[j]);
    t->a->free(v);
    return ok;
}

/* How many levels from depth down are exactly as fill_level made them: the
 * attachment table (with PR_ATTACH_METHOD) has the file and, nested, the
 * embedded message, and nothing else. */
static int levels_ok(const tp_ex_target *t, LPMESSAGE msg, int depth, BOOL own_subject)
{
    SizedSPropTagArray(2, cols) = { 2, { PR_ATTACH_NUM, PR_ATTACH_METHOD } };
    const emb_level *l = &emb_levels[depth];
    LPMAPITABLE table = NULL;
    LPSRowSet rows = NULL;
    LPMESSAGE emb = NULL;
    int ok, files = 0;
    ULONG i;

    if (!msg || !text_ok(t, msg, l, own_subject) || ex_recip_count(msg) != l->nrecips ||
        FAILED(IMessage_GetAttachmentTable(msg, 0, &table)))
        return 0;
    ok = SUCCEEDED(IMAPITable_SetColumns(table, (LPSPropTagArray)&cols, 0)) &&
         SUCCEEDED(IMAPITable_QueryRows(table, 100, 0, &rows)) && rows && rows->cRows == (l->nested ? 2u : 1u);
    for (i = 0; ok && i < rows->cRows; i++)
    {
        LPSPropValue r = rows->aRow[i].lpProps;
        LPATTACH att = NULL;
        ok = r[0].ulPropTag == PR_ATTACH_NUM && r[1].ulPropTag == PR_ATTACH_METHOD &&
             SUCCEEDED(IMessage_OpenAttach(msg, r[0].Value.l, NULL, 0, &att));
        if (ok && r[1].Value.l == ATTACH_EMBEDDED_MSG && l->nested && !emb)
            ok = SUCCEEDED(IAttach_OpenProperty(att, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, 0, (LPUNKNOWN *)&emb));
        else if (ok && r[1].Value.l == ATTACH_BY_VALUE && !files++)
            ok = file_ok(t, att, l);
        else
            ok = 0;
        if (att)
            IAttach_Release(att);
    }
    free_rows(t, rows);
    IMAPITable_Release(table);
    if (ok && l->nested)
        ok += levels_ok(t, emb, depth + 1, FALSE);
    if (emb)
        IMessage_Release(emb);
    return ok;
}

/* The first attachment of msg with that PR_ATTACH_METHOD. */
static LPATTACH find_attach(const tp_ex_target *t, LPMESSAGE msg, LONG method)
{
    SizedSPropTagArray(2, cols) = { 2, { PR_ATTACH_NUM, PR_ATTACH_METHOD } };
    LPMAPITABLE table = NULL;
    LPSRowSet rows = NULL;
    LPATTACH att = NULL;
    ULONG i;

    if (!msg || FAILED(IMessage_GetAttachmentTable(msg, 0, &table)))
        return NULL;
    if (SUCCEEDED(IMAPITable_SetColumns(table, (LPSPropTagArray)&cols, 0)) &&
        SUCCEEDED(IMAPITable_QueryRows(table, 100, 0, &rows)) && rows)
    {
        for (i = 0; i < rows->cRows && !att; i++)
            if (rows->aRow[i].lpProps[1].ulPropTag == PR_ATTACH_METHOD &&
                rows->aRow[i].lpProps[1].Value.l == method &&
                FAILED(IMessage_OpenAttach(msg, rows->aRow[i].lpProps[0].Value.l, NULL, 0, &att)))
                att = NULL;
    }
    free_rows(t, rows);
    IMAPITable_Release(table);
    return att;
}

static int subject_is(const tp_ex_target *t, LPMAPIPROP obj, const WCHAR *subject)
{
    SizedSPropTagArray(1, tags) = { 1, { PR_SUBJECT_W } };
    LPSPropValue v = NULL;
    ULONG n;
    int ok = 0;

    if (obj && SUCCEEDED(IMAPIProp_GetProps(obj, (LPSPropTagArray)&tags, MAPI_UNICODE, &n, &v)) && v)
        ok = v->ulPropTag == PR_SUBJECT_W && !lstrcmpW(v->Value.lpszW, subject);
    if (v)
        t->a->free(v);
    return ok;
}

static void release_msg(LPMESSAGE *msg)
{
    if (*msg)
        IMessage_Release(*msg);
    *msg = NULL;
}

/* E1 copied by CopyMessages, CopyFolder, CopyTo and CopyProps (the last
 * two through DoCopyTo / DoCopyProps), each copy read back to the bottom. */
static void embed_copies(const tp_ex_target *t, const char *at, LPMAPIFOLDER root, LPMAPIFOLDER inbox,
                         LPMAPIFOLDER sub, LPMESSAGE src, SBinary *eid)
{
    static const SizedSPropTagArray(4, parts) = { 4, { PR_SUBJECT_W, PR_BODY_W, PR_MESSAGE_RECIPIENTS,
                                                       PR_MESSAGE_ATTACHMENTS } };
    static const SizedSPropTagArray(1, obj) = { 1, { PR_ATTACH_DATA_OBJ } };
    LPMESSAGE msg = NULL, dst = NULL, emb = NULL;
    LPATTACH from = NULL, to = NULL;
    LPMAPIFOLDER f = NULL;
    LPSPropValue pe;
    ENTRYLIST list;
    HRESULT hr, hr2;
    ULONG n;

    list.cValues = 1;
    list.lpbin = eid;
    hr = IMAPIFolder_CopyMessages(inbox, &list, NULL, sub, 0, NULL, 0);
    msg = ex_open_by_subject(t, sub, L"E1");
    tp_ex_log(t, at, "CopyMessages hr=0x%08lx mode=embed levels=%d source=%d", (unsigned long)hr,
              levels_ok(t, msg, 0, FALSE), levels_ok(t, src, 0, FALSE));
    release_msg(&msg);

    /* Inbox/Projects, with that copy in it, under the root as "Embed Copy". */
    pe = ex_find_row(t, inbox, TRUE, L"Projects", 0);
    hr = pe ? IMAPIFolder_CopyFolder(inbox, pe->Value.bin.cb, (LPENTRYID)pe->Value.bin.lpb, NULL, root,
                                     (LPTSTR)L"Embed Copy", 0, NULL, MAPI_UNICODE)
            : MAPI_E_NOT_FOUND;
    if (pe)
        t->a->free(pe);
    f = ex_open_child(t, root, L"Embed Copy");
    msg = f ? ex_open_by_subject(t, f, L"E1") : NULL;
    tp_ex_log(t, at, "CopyFolder hr=0x%08lx mode=embed levels=%d", (unsigned long)hr, levels_ok(t, msg, 0, FALSE));
    release_msg(&msg);
    if (f)
        IMAPIFolder_Release(f);

    dst = ex_make_message(root, L"X1", NULL, 0, 0, FALSE);
    hr = dst ? IMessage_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMessage, dst, 0, NULL) : E_FAIL;
    tp_ex_log(t, at, "DoCopyTo hr=0x%08lx mode=embed levels=%d", (unsigned long)hr, levels_ok(t, dst, 0, FALSE));
    release_msg(&dst);
    dst = ex_make_message(root, L"X2", NULL, 0, 0, FALSE);
    hr = dst ? IMessage_CopyProps(src, (LPSPropTagArray)&parts, 0, NULL, &IID_IMessage, dst, 0, NULL) : E_FAIL;
    tp_ex_log(t, at, "DoCopyProps hr=0x%08lx mode=embed levels=%d", (unsigned long)hr, levels_ok(t, dst, 0, FALSE));

    /* MAPI_DIALOG with a progress object: told once, at the end. */
    {
        ex_progress *p = ex_progress_new(0);
        msg = ex_make_message(root, L"X5", NULL, 0, 0, FALSE);
        hr = p && msg ? IMessage_CopyTo(src, 0, NULL, NULL, 0, &p->IMAPIProgress_iface, &IID_IMessage, msg,
                                        MAPI_DIALOG, NULL)
                      : E_FAIL;
        tp_ex_log(t, at, "DoCopyTo hr=0x%08lx mode=progress levels=%d calls=%lu value=%lu", (unsigned long)hr,
                  levels_ok(t, msg, 0, FALSE), p ? (unsigned long)p->calls : 0ul,
                  p ? (unsigned long)p->last_value : 0ul);
        release_msg(&msg);
        if (p)
            IMAPIProgress_Release(&p->IMAPIProgress_iface);
    }

    /* MAPI_MOVE from that copy: it loses its recipients and attachments. */
    msg = ex_make_message(root, L"X3", NULL, 0, 0, FALSE);
    hr = dst && msg ? IMessage_CopyTo(dst, 0, NULL, NULL, 0, NULL, &IID_IMessage, msg, MAPI_MOVE, NULL) : E_FAIL;
    tp_ex_log(t, at, "DoCopyTo hr=0x%08lx mode=embedmove levels=%d srcrecips=%lu srcatts=%lu", (unsigned long)hr,
              levels_ok(t, msg, 0, FALSE), (unsigned long)ex_recip_count(dst), (unsigned long)ex_att_count(dst));
    release_msg(&msg);
    release_msg(&dst);

    /* An attachment alone: E1's embedded one onto a new attachment. */
    dst = ex_make_message(root, L"X4", NULL, 0, 0, FALSE);
    from = find_attach(t, src, ATTACH_EMBEDDED_MSG);
    hr = from && dst && SUCCEEDED(IMessage_CreateAttach(dst, NULL, 0, &n, &to))
         ? IAttach_CopyTo(from, 0, NULL, NULL, 0, NULL, &IID_IAttachment, to, 0, NULL) : E_FAIL;
    if (SUCCEEDED(hr))
        hr = IAttach_SaveChanges(to, 0);
    if (to && FAILED(IAttach_OpenProperty(to, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, 0, (LPUNKNOWN *)&emb)))
        emb = NULL;
    tp_ex_log(t, at, "DoCopyTo hr=0x%08lx mode=attachobj levels=%d", (unsigned long)hr, levels_ok(t, emb, 1, FALSE));
    release_msg(&emb);
    if (to)
        IAttach_Release(to);
    to = NULL;

    /* A destination that refuses the embedded message (the store wants
     * ATTACH_EMBEDDED_MSG first): the error comes back, nothing is made. */
    to = dst ? new_attach(dst, ATTACH_BY_VALUE, L"plain", NULL, 0) : NULL;
    hr = from && to ? IAttach_CopyProps(from, (LPSPropTagArray)&obj, 0, NULL, &IID_IAttachment, to, 0, NULL) : E_FAIL;
    hr2 = to ? IAttach_OpenProperty(to, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, 0, (LPUNKNOWN *)&emb) : E_FAIL;
    tp_ex_log(t, at, "DoCopyProps hr=0x%08lx mode=refused open=0x%08lx", (unsigned long)hr, (unsigned long)hr2);
    release_msg(&emb);
    if (to)
        IAttach_Release(to);
    if (from)
        IAttach_Release(from);
    release_msg(&dst);
}

/* CopyTo onto messages that have recipients and attachments of their own. */
static void embed_onto_existing(const tp_ex_target *t, const char *at, LPMAPIFOLDER root, LPMESSAGE src)
{
    LPMESSAGE dst;
    SPropValue v;
    HRESULT hr, hr2;
    int levels, kept;

    /* Without flags the two tables are replaced, other properties stay. */
    memset(&v, 0, sizeof(v));
    v.ulPropTag = PR_IMPORTANCE;
    v.Value.l = IMPORTANCE_HIGH;
    dst = ex_make_message(root, L"Old", &v, 1, 2, FALSE);
    if (dst)
        ex_add_attachments(dst);
    hr = dst ? IMessage_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMessage, dst, 0, NULL) : E_FAIL;
    levels = levels_ok(t, dst, 0, FALSE);
    {
        SizedSPropTagArray(1, imp) = { 1, { PR_IMPORTANCE } };
        LPSPropValue got = NULL;
        ULONG n;
        kept = dst && SUCCEEDED(IMessage_GetProps(dst, (LPSPropTagArray)&imp, 0, &n, &got)) && got &&
               got->ulPropTag == PR_IMPORTANCE && got->Value.l == IMPORTANCE_HIGH;
        if (got)
            t->a->free(got);
    }
    hr2 = dst ? IMessage_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMessage, dst, 0, NULL) : E_FAIL;
    tp_ex_log(t, at, "DoCopyTo hr=0x%08lx mode=existing levels=%d kept=%d again=0x%08lx,%d", (unsigned long)hr,
              levels, kept, (unsigned long)hr2, levels_ok(t, dst, 0, FALSE));
    release_msg(&dst);

    /* MAPI_NOREPLACE: what the destination has stays (its subject, its one
     * recipient, its two files); what it lacks (the body) arrives. */
    dst = ex_make_message(root, L"Old2", NULL, 0, 1, FALSE);
    if (dst)
        ex_add_attachments(dst);
    hr = dst ? IMessage_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMessage, dst, MAPI_NOREPLACE, NULL) : E_FAIL;
    tp_ex_log(t, at, "DoCopyTo hr=0x%08lx mode=noreplace subject=%d body=%d recips=%lu atts=%lu bytes=%d",
              (unsigned long)hr, subject_is(t, (LPMAPIPROP)dst, L"Old2"),
              dst ? text_ok(t, dst, &emb_levels[0], TRUE) : 0,
              (unsigned long)ex_recip_count(dst), (unsigned long)ex_att_count(dst), ex_att_bytes_ok(t, dst));
    release_msg(&dst);
    /* ... onto one with neither: both tables arrive whole. */
    dst = ex_make_message(root, L"Old3", NULL, 0, 0, FALSE);
    hr = dst ? IMessage_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMessage, dst, MAPI_NOREPLACE, NULL) : E_FAIL;
    tp_ex_log(t, at, "DoCopyTo hr=0x%08lx mode=noreplaceempty levels=%d subject=%d", (unsigned long)hr,
              levels_ok(t, dst, 0, TRUE), subject_is(t, (LPMAPIPROP)dst, L"Old3"));
    release_msg(&dst);

    /* IID_IMessage in rgiidExclude: no attachments. */
    dst = ex_make_message(root, L"Old4", NULL, 0, 0, FALSE);
    hr = dst ? IMessage_CopyTo(src, 1, &IID_IMessage, NULL, 0, NULL, &IID_IMessage, dst, 0, NULL) : E_FAIL;
    tp_ex_log(t, at, "DoCopyTo hr=0x%08lx mode=iidexclude recips=%lu atts=%lu", (unsigned long)hr,
              (unsigned long)ex_recip_count(dst), (unsigned long)ex_att_count(dst));
    release_msg(&dst);
}

/* Bad input straight to the support object: each gets its documented error. */
static void embed_bad_input(const tp_ex_target *t, const char *at, LPMESSAGE src)
{
    static const SizedSPropTagArray(2, withnull) = { 2, { PR_SUBJECT_W, PR_NULL } };
    SizedSPropTagArray(1, empty) = { 0, { 0 } };
    LPPROPDATA data = tp_new_propdata(t->a);
    void *garbage = NULL;         /* an "object" whose vtable is at address 0 */
    HRESULT hr;

    hr = IMAPISupport_DoCopyTo(t->sup, &IID_IMessage, src, 0, NULL, NULL, 0, NULL, &IID_IMessage, src, 0, NULL);
    tp_ex_log(t, at, "DoCopyTo hr=0x%08lx mode=same", (unsigned long)hr);
    hr = IMAPISupport_DoCopyTo(t->sup, NULL, src, 0, NULL, NULL, 0, NULL, &IID_IMessage, data, 0, NULL);
    tp_ex_log(t, at, "DoCopyTo hr=0x%08lx mode=nosrciid", (unsigned long)hr);
    hr = IMAPISupport_DoCopyTo(t->sup, &IID_IMessage, src, 0, NULL, (LPSPropTagArray)&empty, 0, NULL,
                               &IID_IMAPIProp, data, 0, NULL);
    tp_ex_log(t, at, "DoCopyTo hr=0x%08lx mode=emptyexclude", (unsigned long)hr);
    hr = IMAPISupport_DoCopyTo(t->sup, &IID_IMessage, src, 0, NULL, NULL, 0, NULL, &IID_IMAPIProp, data, 0x1000,
                               NULL);
    tp_ex_log(t, at, "DoCopyTo hr=0x%08lx mode=badflags", (unsigned long)hr);
    hr = IMAPISupport_DoCopyTo(t->sup, &IID_IMessage, src, 0, NULL, NULL, 0, NULL, &IID_IMessage, NULL, 0, NULL);
    tp_ex_log(t, at, "DoCopyTo hr=0x%08lx mode=nodest", (unsigned long)hr);
    hr = IMAPISupport_DoCopyTo(t->sup, &IID_IMessage, data, 0, NULL, NULL, 0, NULL, &IID_IMessage, src, 0, NULL);
    tp_ex_log(t, at, "DoCopyTo hr=0x%08lx mode=wrongiface", (unsigned long)hr);
    hr = IMAPISupport_DoCopyTo(t->sup, &IID_IMessage, src, 0, NULL, NULL, 0, NULL, &IID_IMessage, &garbage, 0, NULL);
    tp_ex_log(t, at, "DoCopyTo hr=0x%08lx mode=garbage", (unsigned long)hr);
    /* A destination that is no message: the properties only. */
    hr = data ? IMAPISupport_DoCopyTo(t->sup, &IID_IMessage, src, 0, NULL, NULL, 0, NULL, &IID_IMAPIProp, data, 0,
                                      NULL)
              : E_OUTOFMEMORY;
    tp_ex_log(t, at, "DoCopyTo hr=0x%08lx mode=notmessage subject=%d", (unsigned long)hr,
              subject_is(t, (LPMAPIPROP)data, L"E1"));
    hr = IMAPISupport_DoCopyProps(t->sup, &IID_IMessage, src, (LPSPropTagArray)&withnull, 0, NULL, &IID_IMAPIProp,
                                  data, 0, NULL);
    tp_ex_log(t, at, "DoCopyProps hr=0x%08lx mode=prnull", (unsigned long)hr);
    if (data)
        IPropData_Release(data);
}

/* Files too big for the store's GetProps (TP_BIG_VALUE): copies of them go
 * through streams.  "Big" has big.bin and an embedded message with one. */
#define BIG_SIZE 100000

static BYTE big_byte(ULONG i)
{
    return (BYTE)(i * 13 + 5);
}

/* 1 when msg's plain file is big.bin with every byte, read through a stream,
 * and GetProps gives MAPI_E_NOT_ENOUGH_MEMORY for it (as it should). */
static int big_ok(const tp_ex_target *t, LPMESSAGE msg)
{
    SizedSPropTagArray(1, data) = { 1, { PR_ATTACH_DATA_BIN } };
    LPATTACH att = msg ? find_attach(t, msg, ATTACH_BY_VALUE) : NULL;
    BYTE *buf = HeapAlloc(GetProcessHeap(), 0, BIG_SIZE + 1);
    LPSPropValue v = NULL;
    IStream *s = NULL;
    ULONG got = 0, i, n;
    int ok;

    ok = att && buf && SUCCEEDED(IAttach_OpenProperty(att, PR_ATTACH_DATA_BIN, &IID_IStream, 0, 0, (LPUNKNOWN *)&s)) &&
         SUCCEEDED(IStream_Read(s, buf, BIG_SIZE + 1, &got)) && got == BIG_SIZE;
    for (i = 0; ok && i < BIG_SIZE; i++)
        ok = buf[i] == big_byte(i);
    if (ok)
        ok = IAttach_GetProps(att, (LPSPropTagArray)&data, 0, &n, &v) == MAPI_W_ERRORS_RETURNED && v &&
             v->ulPropTag == PROP_TAG(PT_ERROR, PROP_ID(PR_ATTACH_DATA_BIN)) &&
             v->Value.err == MAPI_E_NOT_ENOUGH_MEMORY;
    if (v)
        t->a->free(v);
    if (s)
        IStream_Release(s);
    if (att)
        IAttach_Release(att);
    HeapFree(GetProcessHeap(), 0, buf);
    return ok;
}

/* big_ok of the message inside msg's embedded attachment. */
static int big_nested_ok(const tp_ex_target *t, LPMESSAGE msg)
{
    LPATTACH att = msg ? find_attach(t, msg, ATTACH_EMBEDDED_MSG) : NULL;
    LPMESSAGE emb = NULL;
    int ok;

    ok = att && SUCCEEDED(IAttach_OpenProperty(att, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, 0, (LPUNKNOWN *)&emb)) &&
         big_ok(t, emb) && subject_is(t, (LPMAPIPROP)emb, L"Big inner");
    release_msg(&emb);
    if (att)
        IAttach_Release(att);
    return ok;
}

static HRESULT fill_big(LPMESSAGE msg, const WCHAR *subject, BOOL nested)
{
    BYTE *bytes = HeapAlloc(GetProcessHeap(), 0, BIG_SIZE);
    LPMESSAGE emb = NULL;
    LPATTACH att = NULL;
    SPropValue v;
    HRESULT hr;
    ULONG i;

    if (!bytes)
        return E_OUTOFMEMORY;
    for (i = 0; i < BIG_SIZE; i++)
        bytes[i] = big_byte(i);
    memset(&v, 0, sizeof(v));
    v.ulPropTag = PR_SUBJECT_W;
    v.Value.lpszW = (LPWSTR)subject;
    hr = IMessage_SetProps(msg, 1, &v, NULL);
    if (SUCCEEDED(hr))
        hr = (att = new_attach(msg, ATTACH_BY_VALUE, L"big.bin", bytes, BIG_SIZE)) ? IAttach_SaveChanges(att, 0)
                                                                                     : E_FAIL;
    HeapFree(GetProcessHeap(), 0, bytes);
    if (att)
        IAttach_Release(att);
    att = NULL;
    if (FAILED(hr) || !nested)
        return hr;
    if (!(att = new_attach(msg, ATTACH_EMBEDDED_MSG, L"embedded", NULL, 0)))
        return E_FAIL;
    hr = IAttach_OpenProperty(att, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, MAPI_CREATE | MAPI_MODIFY, (LPUNKNOWN *)&emb);
    if (SUCCEEDED(hr))
        hr = fill_big(emb, L"Big inner", FALSE);
    if (SUCCEEDED(hr))
        hr = IMessage_SaveChanges(emb, 0);
    if (SUCCEEDED(hr))
        hr = IAttach_SaveChanges(att, 0);
    release_msg(&emb);
    IAttach_Release(att);
    return hr;
}

static void embed_big(const tp_ex_target *t, const char *at, LPMAPIFOLDER root, LPMAPIFOLDER inbox,
                      LPMAPIFOLDER sub)
{
    static const SizedSPropTagArray(1, eidtag) = { 1, { PR_ENTRYID } };
    LPMESSAGE msg = NULL, src = NULL;
    LPSPropValue e = NULL;
    ENTRYLIST list;
    HRESULT hr;
    ULONG n;

    hr = IMAPIFolder_CreateMessage(inbox, NULL, 0, &msg);
    if (SUCCEEDED(hr))
        hr = fill_big(msg, L"Big", TRUE);
    if (SUCCEEDED(hr))
        hr = IMessage_SaveChanges(msg, 0);
    if (SUCCEEDED(hr))
        hr = IMessage_GetProps(msg, (LPSPropTagArray)&eidtag, 0, &n, &e);
    release_msg(&msg);
    src = ex_open_by_subject(t, inbox, L"Big");
    tp_ex_log(t, at, "Embed hr=0x%08lx mode=big bytes=%d nested=%d", (unsigned long)hr, big_ok(t, src),
              big_nested_ok(t, src));
    if (FAILED(hr) || !src || !e || e->ulPropTag != PR_ENTRYID)
        goto done;
    list.cValues = 1;
    list.lpbin = &e->Value.bin;
    hr = IMAPIFolder_CopyMessages(inbox, &list, NULL, sub, 0, NULL, 0);
    msg = ex_open_by_subject(t, sub, L"Big");
    tp_ex_log(t, at, "CopyMessages hr=0x%08lx mode=big bytes=%d nested=%d", (unsigned long)hr, big_ok(t, msg),
              big_nested_ok(t, msg));
    release_msg(&msg);
    msg = ex_make_message(root, L"X6", NULL, 0, 0, FALSE);
    hr = msg ? IMessage_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMessage, msg, 0, NULL) : E_FAIL;
    tp_ex_log(t, at, "DoCopyTo hr=0x%08lx mode=big bytes=%d nested=%d subject=%d", (unsigned long)hr, big_ok(t, msg),
              big_nested_ok(t, msg), subject_is(t, (LPMAPIPROP)msg, L"Big"));
    release_msg(&msg);
done:
    release_msg(&src);
    if (e)
        t->a->free(e);
}

void tp_exercise_embedded(const tp_ex_target *t, const char *at, LPMAPIFOLDER root, LPMAPIFOLDER inbox,
                          LPMAPIFOLDER sub)
{
    static const SizedSPropTagArray(1, eidtag) = { 1, { PR_ENTRYID } };
    LPMESSAGE msg = NULL, src = NULL, emb = NULL;
    LPSPropValue e = NULL;
    LPATTACH plain = NULL;
    HRESULT hr, hr2;
    ULONG n;

    hr = IMAPIFolder_CreateMessage(inbox, NULL, 0, &msg);
    if (SUCCEEDED(hr))
        hr = fill_level(msg, 0);
    if (SUCCEEDED(hr))
        hr = IMessage_SaveChanges(msg, 0);
    if (SUCCEEDED(hr))
        hr = IMessage_GetProps(msg, (LPSPropTagArray)&eidtag, 0, &n, &e);
    release_msg(&msg);
    src = ex_open_by_subject(t, inbox, L"E1");
    tp_ex_log(t, at, "Embed hr=0x%08lx mode=saved levels=%d", (unsigned long)hr, levels_ok(t, src, 0, FALSE));
    if (FAILED(hr) || !src || !e || e->ulPropTag != PR_ENTRYID)
        goto done;

    /* The store's own rules: no embedded message to open on a plain file,
     * none to create there either. */
    plain = find_attach(t, src, ATTACH_BY_VALUE);
    hr = plain ? IAttach_OpenProperty(plain, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, 0, (LPUNKNOWN *)&emb) : E_FAIL;
    release_msg(&emb);
    hr2 = plain ? IAttach_OpenProperty(plain, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, MAPI_CREATE | MAPI_MODIFY,
                                       (LPUNKNOWN *)&emb) : E_FAIL;
    release_msg(&emb);
    tp_ex_log(t, at, "Embed hr=0x%08lx mode=bad create=0x%08lx", (unsigned long)hr, (unsigned long)hr2);
    if (plain)
        IAttach_Release(plain);

    embed_copies(t, at, root, inbox, sub, src, &e->Value.bin);
    embed_onto_existing(t, at, root, src);
    embed_bad_input(t, at, src);
    embed_big(t, at, root, inbox, sub);
done:
    release_msg(&src);
    if (e)
        t->a->free(e);
}

