/*
 * IMAPISupport: copying messages, folders and properties for store providers.
 */
#define COBJMACROS
#include <string.h>

#include "mapi32_private.h"
#include "addrbook.h"
#include "propcopy.h"
#include "support_private.h"

#include <mapiguid.h>
#include <mapiutil.h>

/* ---- Copying messages and folders (imapisupport-copymessages.md,
 * imapisupport-copyfolder.md) ----
 * Generic, through the public interfaces of the folders given, so it works
 * between any two stores: each message is opened in the source,
 * CreateMessage'd in the destination, CopyTo'd and saved; a move then
 * deletes what was copied from the source.  A progress object is used when
 * the caller passes one with MESSAGE_DIALOG / FOLDER_DIALOG (without one
 * there is no UI to show). */

struct progress {
    IMAPIProgress *p;
    ULONG min, max;
};

static void progress_init(struct progress *pr, IMAPIProgress *p)
{
    ULONG flags = 0;

    memset(pr, 0, sizeof(*pr));
    if (!p) return;
    pr->p = p;
    if (IMAPIProgress_GetMin(p, &pr->min) || IMAPIProgress_GetMax(p, &pr->max) || pr->max < pr->min) {
        pr->min = 0;
        pr->max = 1000;
    }
    IMAPIProgress_GetFlags(p, &flags);
}

/* done of total items; MAPI_E_USER_CANCEL from the object stops the copy. */
static HRESULT progress_step(struct progress *pr, ULONG done, ULONG total)
{
    ULONG value;

    if (!pr->p) return S_OK;
    value = pr->min + (total ? (ULONG)((ULONGLONG)(pr->max - pr->min) * done / total) : pr->max - pr->min);
    return IMAPIProgress_Progress(pr->p, value, done, total) == MAPI_E_USER_CANCEL ? MAPI_E_USER_CANCEL : S_OK;
}

/* A COM object at least: readable, with a readable IUnknown part of a vtable. */
static BOOL com_object(void *obj)
{
    return obj && !IsBadReadPtr(obj, sizeof(void *)) && !IsBadReadPtr(*(void **)obj, 3 * sizeof(void *));
}

static HRESULT as_folder(void *obj, IMAPIFolder **out)
{
    *out = NULL;
    if (!com_object(obj)) return MAPI_E_INVALID_PARAMETER;
    return IUnknown_QueryInterface((IUnknown *)obj, &IID_IMAPIFolder, (void **)out) ? MAPI_E_INTERFACE_NOT_SUPPORTED
                                                                                      : S_OK;
}

/* One message: open, create in the destination, CopyTo, save. */
static HRESULT copy_message(IMAPIFolder *from, ULONG cb, ENTRYID *eid, IMAPIFolder *to)
{
    IMessage *msg = NULL, *copy = NULL;
    SPropProblemArray *probs = NULL;
    ULONG type = 0;
    HRESULT hr;

    if (!cb || !eid || IsBadReadPtr(eid, cb)) return MAPI_E_INVALID_ENTRYID;
    if ((hr = IMAPIFolder_OpenEntry(from, cb, eid, &IID_IMessage, 0, &type, (IUnknown **)&msg))) return hr;
    if (type != MAPI_MESSAGE) hr = MAPI_E_INVALID_ENTRYID;
    if (!hr) hr = IMAPIFolder_CreateMessage(to, NULL, 0, &copy);
    if (!hr) hr = IMessage_CopyTo(msg, 0, NULL, NULL, 0, NULL, &IID_IMessage, copy, 0, &probs);
    if (SUCCEEDED(hr)) hr = IMessage_SaveChanges(copy, 0);
    MAPIFreeBuffer(probs);
    if (copy) IMessage_Release(copy);
    if (msg) IMessage_Release(msg);
    return hr;
}

/* S_OK, MAPI_W_PARTIAL_COMPLETION (some could not be copied; with a move
 * those stay in the source), MAPI_E_USER_CANCEL, or an error of the folders. */
static HRESULT copy_messages(IMAPIFolder *from, const ENTRYLIST *list, IMAPIFolder *to, struct progress *pr,
                             BOOL move)
{
    ENTRYLIST done = {0, NULL};
    BOOL partial = FALSE;
    HRESULT hr = S_OK;
    ULONG i;

    if (list->cValues && !(done.lpbin = HeapAlloc(GetProcessHeap(), 0, list->cValues * sizeof(SBinary))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < list->cValues; i++) {
        HRESULT one = copy_message(from, list->lpbin[i].cb, (ENTRYID *)list->lpbin[i].lpb, to);

        if (one) {
            TRACE("message %lu not copied: %#lx", i, one);
            partial = TRUE;
        } else done.lpbin[done.cValues++] = list->lpbin[i];
        if (pr && (hr = progress_step(pr, i + 1, list->cValues))) break;
    }
    if (move && done.cValues) {
        HRESULT del = IMAPIFolder_DeleteMessages(from, &done, 0, NULL, 0);
        if (del) {
            TRACE("the copied messages stay in the source: %#lx", del);
            partial = TRUE;
        }
    }
    HeapFree(GetProcessHeap(), 0, done.lpbin);
    if (hr) return hr;
    return partial ? MAPI_W_PARTIAL_COMPLETION : S_OK;
}

HRESULT WINAPI sup_CopyMessages(IMAPISupport *iface, LPCIID siid, LPVOID src, LPENTRYLIST list,
                                       LPCIID diid, LPVOID dst, ULONG_PTR ui, LPMAPIPROGRESS prog, ULONG flags)
{
    struct support *sup = impl_from_IMAPISupport(iface);
    IMAPIFolder *from = NULL, *to = NULL;
    struct progress pr;
    HRESULT hr;

    NEED(M_CopyMessages);
    if (!list || IsBadReadPtr(list, sizeof(*list)) || (list->cValues && !list->lpbin)) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MESSAGE_MOVE | MESSAGE_DIALOG | MAPI_DECLINE_OK)) return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = as_folder(src, &from))) return hr;
    if ((hr = as_folder(dst, &to))) {
        IMAPIFolder_Release(from);
        return hr;
    }
    progress_init(&pr, (flags & MESSAGE_DIALOG) ? prog : NULL);
    hr = copy_messages(from, list, to, &pr, (flags & MESSAGE_MOVE) != 0);
    if (FAILED(hr)) lasterr_set(&sup->err, hr, L"CopyMessages: messages not copied");
    IMAPIFolder_Release(to);
    IMAPIFolder_Release(from);
    return hr;
}

/* The entry IDs of a folder's contents or hierarchy table. */
static HRESULT table_entryids(IMAPIFolder *f, BOOL hierarchy, SRowSet **rows)
{
    static const SizedSPropTagArray(1, cols) = {1, {PR_ENTRYID}};
    IMAPITable *t = NULL;
    HRESULT hr;

    *rows = NULL;
    hr = hierarchy ? IMAPIFolder_GetHierarchyTable(f, 0, &t) : IMAPIFolder_GetContentsTable(f, 0, &t);
    if (hr == MAPI_E_NO_SUPPORT && hierarchy) return S_OK;     /* no subfolders possible */
    if (hr) return hr;
    hr = HrQueryAllRows(t, (SPropTagArray *)&cols, NULL, NULL, 0, rows);
    IMAPITable_Release(t);
    return hr;
}

/* What a folder copy leaves out: what the destination computes itself. */
static const SizedSPropTagArray(16, folder_computed) = {16, {
    PR_ENTRYID, PR_PARENT_ENTRYID, PR_RECORD_KEY, PR_INSTANCE_KEY, PR_SEARCH_KEY, PR_STORE_ENTRYID,
    PR_STORE_RECORD_KEY, PR_STORE_SUPPORT_MASK, PR_OBJECT_TYPE, PR_DISPLAY_NAME, PR_CONTENT_COUNT,
    PR_CONTENT_UNREAD, PR_SUBFOLDERS, PR_FOLDER_TYPE, PR_ACCESS, PR_ACCESS_LEVEL}};

#define MAX_FOLDER_DEPTH 64

/* A folder of from_parent (its entry ID) copied under to_parent, as name
 * (NULL: its own), with its messages and, if asked, its subfolders. */
static HRESULT copy_folder(IMAPIFolder *from_parent, ULONG cb, ENTRYID *eid, IMAPIFolder *to_parent,
                           const WCHAR *name, BOOL subfolders, struct progress *pr, int depth)
{
    static const SizedSPropTagArray(1, name_tag) = {1, {PR_DISPLAY_NAME_W}};
    IMAPIFolder *src = NULL, *dst = NULL;
    SRowSet *msgs = NULL, *subs = NULL;
    SPropProblemArray *probs = NULL;
    SPropValue *own = NULL;
    BOOL partial = FALSE;
    ULONG type = 0, n, i, total, done = 0;
    ENTRYLIST list;
    HRESULT hr;

    if (depth > MAX_FOLDER_DEPTH) return MAPI_E_FOLDER_CYCLE;
    if ((hr = IMAPIFolder_OpenEntry(from_parent, cb, eid, &IID_IMAPIFolder, 0, &type, (IUnknown **)&src))) return hr;
    if (type != MAPI_FOLDER) {
        hr = MAPI_E_INVALID_ENTRYID;
        goto done;
    }
    if (!name) {
        if (FAILED(hr = IMAPIFolder_GetProps(src, (SPropTagArray *)&name_tag, MAPI_UNICODE, &n, &own))) goto done;
        name = own[0].ulPropTag == PR_DISPLAY_NAME_W ? own[0].Value.lpszW : L"";
    }
    /* Both lists before the new folder exists: a copy into the folder itself
     * does not copy itself again. */
    if ((hr = table_entryids(src, FALSE, &msgs))) goto done;
    if (subfolders && (hr = table_entryids(src, TRUE, &subs))) goto done;

    hr = IMAPIFolder_CreateFolder(to_parent, FOLDER_GENERIC, (LPTSTR)name, NULL, NULL, MAPI_UNICODE, &dst);
    if (hr == MAPI_E_BAD_CHARWIDTH) {
        char aname[256];
        WideCharToMultiByte(CP_ACP, 0, name, -1, aname, sizeof(aname), NULL, NULL);
        hr = IMAPIFolder_CreateFolder(to_parent, FOLDER_GENERIC, (LPTSTR)aname, NULL, NULL, 0, &dst);
    }
    if (hr) goto done;
    /* Its other properties; what the destination refuses is not an error. */
    if (propcopy_copy((IMAPIProp *)src, NULL, (SPropTagArray *)&folder_computed, (IMAPIProp *)dst, 0, &probs))
        partial = TRUE;
    MAPIFreeBuffer(probs);

    total = msgs->cRows + (subs ? subs->cRows : 0);
    if (msgs->cRows) {
        if (!(list.lpbin = HeapAlloc(GetProcessHeap(), 0, msgs->cRows * sizeof(SBinary)))) {
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
            goto done;
        }
        list.cValues = 0;
        for (i = 0; i < msgs->cRows; i++)
            if (msgs->aRow[i].lpProps[0].ulPropTag == PR_ENTRYID) list.lpbin[list.cValues++] = msgs->aRow[i].lpProps[0].Value.bin;
        hr = copy_messages(src, &list, dst, NULL, FALSE);
        HeapFree(GetProcessHeap(), 0, list.lpbin);
        if (hr == MAPI_W_PARTIAL_COMPLETION) partial = TRUE;
        else if (hr) goto done;
        done = msgs->cRows;
        if (pr && (hr = progress_step(pr, done, total))) goto done;
    }
    for (i = 0; subs && i < subs->cRows; i++) {
        SPropValue *e = &subs->aRow[i].lpProps[0];

        if (e->ulPropTag != PR_ENTRYID) continue;
        hr = copy_folder(src, e->Value.bin.cb, (ENTRYID *)e->Value.bin.lpb, dst, NULL, TRUE, NULL, depth + 1);
        if (hr == MAPI_W_PARTIAL_COMPLETION) partial = TRUE;
        else if (hr) goto done;
        if (pr && (hr = progress_step(pr, ++done, total))) goto done;
    }
    if (pr && !total) hr = progress_step(pr, 1, 1);
    if (!hr && partial) hr = MAPI_W_PARTIAL_COMPLETION;

done:
    MAPIFreeBuffer(own);
    if (msgs) FreeProws(msgs);
    if (subs) FreeProws(subs);
    if (dst) IMAPIFolder_Release(dst);
    if (src) IMAPIFolder_Release(src);
    return hr;
}

HRESULT WINAPI sup_CopyFolder(IMAPISupport *iface, LPCIID siid, LPVOID src, ULONG cb, LPENTRYID eid,
                                     LPCIID diid, LPVOID dst, LPTSTR name, ULONG_PTR ui, LPMAPIPROGRESS prog,
                                     ULONG flags)
{
    struct support *sup = impl_from_IMAPISupport(iface);
    IMAPIFolder *from = NULL, *to = NULL;
    WCHAR *wname = NULL;
    struct progress pr;
    HRESULT hr;

    NEED(M_CopyFolder);
    if (!cb || !eid || IsBadReadPtr(eid, cb)) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(FOLDER_MOVE | FOLDER_DIALOG | COPY_SUBFOLDERS | MAPI_DECLINE_OK | MAPI_UNICODE))
        return MAPI_E_UNKNOWN_FLAGS;
    if (name && !(flags & MAPI_UNICODE)) {
        int len = MultiByteToWideChar(CP_ACP, 0, (const char *)name, -1, NULL, 0);
        if (!len || !(wname = HeapAlloc(GetProcessHeap(), 0, len * sizeof(WCHAR)))) return MAPI_E_NOT_ENOUGH_MEMORY;
        MultiByteToWideChar(CP_ACP, 0, (const char *)name, -1, wname, len);
    }
    if (!(hr = as_folder(src, &from)) && !(hr = as_folder(dst, &to))) {
        progress_init(&pr, (flags & FOLDER_DIALOG) ? prog : NULL);
        hr = copy_folder(from, cb, eid, to, wname ? wname : (const WCHAR *)name, (flags & COPY_SUBFOLDERS) != 0,
                         &pr, 0);
        /* A move deletes the source only when everything was copied. */
        if (!hr && (flags & FOLDER_MOVE))
            hr = IMAPIFolder_DeleteFolder(from, cb, eid, 0, NULL, DEL_FOLDERS | DEL_MESSAGES);
        if (FAILED(hr)) lasterr_set(&sup->err, hr, L"CopyFolder: folder not copied");
    }
    if (to) IMAPIFolder_Release(to);
    if (from) IMAPIFolder_Release(from);
    HeapFree(GetProcessHeap(), 0, wname);
    return hr;
}

/* ---- Copying one object onto another (imapisupport-docopyto.md,
 * imapisupport-docopyprops.md, imapiprop-copyto.md, imapiprop-copyprops.md) ----
 * The properties through propcopy.c; a message's recipient table and
 * attachment table, and an attachment's PR_ATTACH_DATA_OBJ, as the
 * subobjects the documents say go along "in their entirety".  Each of the
 * two tables counts as one property of the destination: copied, it replaces
 * the destination's (recipients by ModifyRecipients(0), attachments by
 * deleting the old ones only once the new ones are saved); with
 * MAPI_NOREPLACE a destination that has any keeps them.  docs/sessions.md
 * ("Copying messages") says why. */

/* Deeper than this an embedded message is taken for a store that hands out
 * a message containing itself. */
#define MAX_EMBED_DEPTH 32

struct copy {
    ULONG flags;          /* MAPI_MOVE, MAPI_NOREPLACE */
    BOOL atts;            /* FALSE: IID_IMessage or IID_IAttachment in rgiidExclude */
};

static BOOL listed(const SPropTagArray *list, ULONG tag)
{
    ULONG i;

    for (i = 0; list && i < list->cValues; i++)
        if (PROP_ID(list->aulPropTag[i]) == PROP_ID(tag)) return TRUE;
    return FALSE;
}

/* Whether the copy takes tag: in the include list (DoCopyProps), or not in
 * the exclude list (DoCopyTo). */
static BOOL wanted(const SPropTagArray *incl, const SPropTagArray *excl, ULONG tag)
{
    return incl ? listed(incl, tag) : !listed(excl, tag);
}

/* Reads every row of a message's recipient table. */
HRESULT support_recipient_rows(IMessage *msg, SRowSet **rows)
{
    IMAPITable *t = NULL;
    HRESULT hr;

    *rows = NULL;
    if ((hr = IMessage_GetRecipientTable(msg, MAPI_UNICODE, &t))) return hr;
    hr = HrQueryAllRows(t, NULL, NULL, NULL, 0, rows);
    IMAPITable_Release(t);
    return hr;
}

static HRESULT attachment_rows(IMessage *msg, SRowSet **rows)
{
    static const SizedSPropTagArray(1, num) = {1, {PR_ATTACH_NUM}};
    IMAPITable *t = NULL;
    HRESULT hr;

    *rows = NULL;
    if ((hr = IMessage_GetAttachmentTable(msg, 0, &t))) return hr;
    hr = HrQueryAllRows(t, (SPropTagArray *)&num, NULL, NULL, 0, rows);
    IMAPITable_Release(t);
    return hr;
}

/* The recipient table, replacing the destination's (ModifyRecipients with
 * 0; an SRowSet has the layout of an ADRLIST).  With MAPI_MOVE the source
 * loses them. */
static HRESULT copy_recipients(IMessage *src, IMessage *dst, ULONG flags)
{
    static ADRLIST none = {0};
    SRowSet *rows = NULL;
    HRESULT hr;
    ULONG i, j;

    if (flags & MAPI_NOREPLACE) {
        if ((hr = support_recipient_rows(dst, &rows))) return hr;
        i = rows->cRows;
        FreeProws(rows);
        if (i) return S_OK;
    }
    if ((hr = support_recipient_rows(src, &rows))) return hr;
    /* PR_ROWID belongs to the source's table: the destination numbers its own. */
    for (i = 0; i < rows->cRows; i++)
        for (j = 0; j < rows->aRow[i].cValues; j++)
            if (rows->aRow[i].lpProps[j].ulPropTag == PR_ROWID)
                rows->aRow[i].lpProps[j].ulPropTag = PROP_TAG(PT_NULL, 0);
    hr = IMessage_ModifyRecipients(dst, 0, (ADRLIST *)rows);
    if (SUCCEEDED(hr) && (flags & MAPI_MOVE) && rows->cRows) hr = IMessage_ModifyRecipients(src, 0, &none);
    FreeProws(rows);
    return hr;
}

static HRESULT copy_object(IMAPIProp *from, IMAPIProp *to, const SPropTagArray *incl, const SPropTagArray *excl,
                           const struct copy *c, int depth, SPropProblemArray **probs);

/* An embedded message (ATTACH_EMBEDDED_MSG), whole: a new one in the
 * destination attachment, saved there.  A source without one has nothing
 * to copy; a destination that refuses one fails the copy (its error). */
static HRESULT copy_embedded(IAttach *from, IAttach *to, int depth)
{
    static const struct copy all = {0, TRUE};
    IMessage *src = NULL, *dst = NULL;
    HRESULT hr;

    if (depth >= MAX_EMBED_DEPTH) return MAPI_E_CALL_FAILED;
    hr = IAttach_OpenProperty(from, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, 0, (IUnknown **)&src);
    if (hr == MAPI_E_NOT_FOUND || hr == MAPI_E_NO_SUPPORT) return S_OK;
    if (hr) return hr;
    hr = IAttach_OpenProperty(to, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, MAPI_CREATE | MAPI_MODIFY, (IUnknown **)&dst);
    if (!hr && !dst) hr = MAPI_E_CALL_FAILED;
    if (!hr) hr = copy_object((IMAPIProp *)src, (IMAPIProp *)dst, NULL, NULL, &all, depth + 1, NULL);
    if (SUCCEEDED(hr)) hr = IMessage_SaveChanges(dst, 0);
    if (dst) IMessage_Release(dst);
    IMessage_Release(src);
    if (hr) TRACE("embedded message not copied: %#lx", hr);
    return hr;
}

/* An OLE 2 object (ATTACH_OLE) is an IStorage; OLE 1 data is in
 * PR_ATTACH_DATA_BIN, a plain property. */
static HRESULT copy_storage(IAttach *from, IAttach *to)
{
    IStorage *src = NULL, *dst = NULL;
    HRESULT hr;

    hr = IAttach_OpenProperty(from, PR_ATTACH_DATA_OBJ, &IID_IStorage, 0, 0, (IUnknown **)&src);
    if (hr == MAPI_E_NOT_FOUND || hr == MAPI_E_NO_SUPPORT || hr == MAPI_E_INTERFACE_NOT_SUPPORTED) return S_OK;
    if (hr) return hr;
    hr = IAttach_OpenProperty(to, PR_ATTACH_DATA_OBJ, &IID_IStorage, 0, MAPI_CREATE | MAPI_MODIFY, (IUnknown **)&dst);
    if (!hr && !dst) hr = MAPI_E_CALL_FAILED;
    if (!hr) hr = IStorage_CopyTo(src, 0, NULL, NULL, dst);
    if (!hr) hr = IStorage_Commit(dst, STGC_DEFAULT);
    if (dst) IStorage_Release(dst);
    IStorage_Release(src);
    return hr;
}

/* PR_ATTACH_DATA_OBJ of an attachment, by its PR_ATTACH_METHOD.  With
 * MAPI_NOREPLACE a destination that already has an embedded message keeps it. */
static HRESULT copy_data_object(IAttach *from, IAttach *to, const struct copy *c, int depth)
{
    static const SizedSPropTagArray(1, method) = {1, {PR_ATTACH_METHOD}};
    static const SizedSPropTagArray(1, obj) = {1, {PR_ATTACH_DATA_OBJ}};
    SPropValue *v = NULL;
    ULONG n, how = NO_ATTACHMENT;
    HRESULT hr;

    if (SUCCEEDED(IAttach_GetProps(from, (SPropTagArray *)&method, 0, &n, &v)) && v &&
        v->ulPropTag == PR_ATTACH_METHOD)
        how = v->Value.l;
    MAPIFreeBuffer(v);
    if (how != ATTACH_EMBEDDED_MSG && how != ATTACH_OLE) return S_OK;
    if (c->flags & MAPI_NOREPLACE) {
        IUnknown *there = NULL;
        if (!IAttach_OpenProperty(to, PR_ATTACH_DATA_OBJ, how == ATTACH_OLE ? &IID_IStorage : &IID_IMessage, 0, 0,
                                  &there) && there) {
            IUnknown_Release(there);
            return S_OK;
        }
    }
    hr = how == ATTACH_OLE ? copy_storage(from, to) : copy_embedded(from, to, depth);
    /* A move leaves the source attachment without it. */
    if (!hr && (c->flags & MAPI_MOVE)) IAttach_DeleteProps(from, (SPropTagArray *)&obj, NULL);
    return hr;
}

/* Each attachment of src becomes a new one of dst (PR_ATTACH_NUM being the
 * destination's own), whole; then the destination's earlier ones go, and
 * with MAPI_MOVE the source's. */
static HRESULT copy_attachments(IMessage *src, IMessage *dst, ULONG flags, int depth)
{
    static const SizedSPropTagArray(3, skip) = {3, {PR_ATTACH_NUM, PR_INSTANCE_KEY, PR_RECORD_KEY}};
    const struct copy each = {0, TRUE};
    SRowSet *rows = NULL, *old = NULL;
    HRESULT hr;
    ULONG i;

    if ((hr = attachment_rows(dst, &old))) return hr;
    if ((flags & MAPI_NOREPLACE) && old->cRows) {
        FreeProws(old);
        return S_OK;
    }
    if ((hr = attachment_rows(src, &rows))) {
        FreeProws(old);
        return hr;
    }
    for (i = 0; !hr && i < rows->cRows; i++) {
        IAttach *from = NULL, *to = NULL;
        ULONG n;

        if (rows->aRow[i].lpProps[0].ulPropTag != PR_ATTACH_NUM) continue;
        hr = IMessage_OpenAttach(src, rows->aRow[i].lpProps[0].Value.l, NULL, 0, &from);
        if (!hr) hr = IMessage_CreateAttach(dst, NULL, 0, &n, &to);
        if (!hr) hr = copy_object((IMAPIProp *)from, (IMAPIProp *)to, NULL, (SPropTagArray *)&skip, &each, depth, NULL);
        if (SUCCEEDED(hr)) hr = IAttach_SaveChanges(to, 0);
        if (to) IAttach_Release(to);
        if (from) IAttach_Release(from);
    }
    for (i = 0; !hr && i < old->cRows; i++)
        if (old->aRow[i].lpProps[0].ulPropTag == PR_ATTACH_NUM)
            hr = IMessage_DeleteAttach(dst, old->aRow[i].lpProps[0].Value.l, 0, NULL, 0);
    for (i = 0; (flags & MAPI_MOVE) && !hr && i < rows->cRows; i++)
        if (rows->aRow[i].lpProps[0].ulPropTag == PR_ATTACH_NUM)
            hr = IMessage_DeleteAttach(src, rows->aRow[i].lpProps[0].Value.l, 0, NULL, 0);
    FreeProws(rows);
    FreeProws(old);
    return hr;
}

/* A message's recipients and attachments; an attachment's data object. */
static HRESULT copy_subobjects(IMAPIProp *from, IMAPIProp *to, const SPropTagArray *incl,
                               const SPropTagArray *excl, const struct copy *c, int depth)
{
    IMessage *src = NULL, *dst = NULL;
    IAttach *asrc = NULL, *adst = NULL;
    HRESULT hr = S_OK;

    if (!IMAPIProp_QueryInterface(from, &IID_IMessage, (void **)&src) &&
        !IMAPIProp_QueryInterface(to, &IID_IMessage, (void **)&dst)) {
        if (wanted(incl, excl, PR_MESSAGE_RECIPIENTS)) hr = copy_recipients(src, dst, c->flags);
        if (SUCCEEDED(hr) && c->atts && wanted(incl, excl, PR_MESSAGE_ATTACHMENTS))
            hr = copy_attachments(src, dst, c->flags, depth);
    } else if (!IMAPIProp_QueryInterface(from, &IID_IAttachment, (void **)&asrc) &&
               !IMAPIProp_QueryInterface(to, &IID_IAttachment, (void **)&adst)) {
        if (c->atts && wanted(incl, excl, PR_ATTACH_DATA_OBJ)) hr = copy_data_object(asrc, adst, c, depth);
    }
    if (dst) IMessage_Release(dst);
    if (src) IMessage_Release(src);
    if (adst) IAttach_Release(adst);
    if (asrc) IAttach_Release(asrc);
    return hr;
}

/* The properties, then the subobjects.  The problems are propcopy's; on an
 * error there are none (imapisupport-docopyto.md). */
static HRESULT copy_object(IMAPIProp *from, IMAPIProp *to, const SPropTagArray *incl, const SPropTagArray *excl,
                           const struct copy *c, int depth, SPropProblemArray **probs)
{
    SPropProblemArray *mine = NULL;
    HRESULT hr;

    hr = propcopy_copy(from, incl, excl, to, c->flags & (MAPI_MOVE | MAPI_NOREPLACE), &mine);
    if (SUCCEEDED(hr)) hr = copy_subobjects(from, to, incl, excl, c, depth);
    if (FAILED(hr) || !probs) MAPIFreeBuffer(mine);
    else *probs = mine;
    return hr;
}

/* The object through the interface named (MAPI_E_INTERFACE_NOT_SUPPORTED if
 * it has not that one), as an IMAPIProp. */
static HRESULT as_prop(LPCIID iid, void *obj, IMAPIProp **out)
{
    IUnknown *unk = NULL;

    *out = NULL;
    if (!com_object(obj)) return MAPI_E_INVALID_PARAMETER;
    if (iid && IUnknown_QueryInterface((IUnknown *)obj, iid, (void **)&unk)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (unk) IUnknown_Release(unk);
    return IUnknown_QueryInterface((IUnknown *)obj, &IID_IMAPIProp, (void **)out) ? MAPI_E_INTERFACE_NOT_SUPPORTED
                                                                                  : S_OK;
}

/* COM identity: the same object behind both pointers. */
static BOOL same_object(IMAPIProp *a, IMAPIProp *b)
{
    IUnknown *ua = NULL, *ub = NULL;
    BOOL same;

    IMAPIProp_QueryInterface(a, &IID_IUnknown, (void **)&ua);
    IMAPIProp_QueryInterface(b, &IID_IUnknown, (void **)&ub);
    same = ua && ua == ub;
    if (ua) IUnknown_Release(ua);
    if (ub) IUnknown_Release(ub);
    return same;
}

static BOOL tags_ok(const SPropTagArray *list)
{
    return !IsBadReadPtr(list, CbNewSPropTagArray(0)) && !IsBadReadPtr(list, CbNewSPropTagArray(list->cValues));
}

/* Shared by DoCopyTo and DoCopyProps once their own arguments are checked. */
static HRESULT do_copy(struct support *sup, LPCIID siid, void *src, const SPropTagArray *incl,
                       const SPropTagArray *excl, BOOL atts, LPCIID diid, void *dst, ULONG flags,
                       IMAPIProgress *prog, SPropProblemArray **probs)
{
    struct copy c = {flags & (MAPI_MOVE | MAPI_NOREPLACE), atts};
    IMAPIProp *from = NULL, *to = NULL;
    struct progress pr;
    HRESULT hr;

    if (flags & ~(MAPI_MOVE | MAPI_NOREPLACE | MAPI_DIALOG | MAPI_DECLINE_OK)) return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = as_prop(siid, src, &from))) return hr;
    if ((hr = as_prop(diid, dst, &to))) {
        IMAPIProp_Release(from);
        return hr;
    }
    if (same_object(from, to)) hr = MAPI_E_NO_ACCESS;
    else hr = copy_object(from, to, incl, excl, &c, 0, probs);
    if (SUCCEEDED(hr) && (flags & MAPI_DIALOG)) {
        progress_init(&pr, prog);
        progress_step(&pr, 1, 1);
    }
    if (FAILED(hr)) lasterr_set(&sup->err, hr, L"object not copied");
    IMAPIProp_Release(to);
    IMAPIProp_Release(from);
    return hr;
}

/* Every property but those excluded, and the subobjects; IID_IMessage or
 * IID_IAttachment in rgiidExclude leaves a message's attachments out. */
HRESULT WINAPI sup_DoCopyTo(IMAPISupport *iface, LPCIID siid, LPVOID src, ULONG ciid, LPCIID excl,
                                   LPSPropTagArray exclprops, ULONG_PTR ui, LPMAPIPROGRESS prog, LPCIID diid,
                                   LPVOID dst, ULONG flags, LPSPropProblemArray *probs)
{
    struct support *sup = impl_from_IMAPISupport(iface);
    BOOL atts = TRUE;
    ULONG i;

    NEED(M_DoCopyTo);
    if (probs) *probs = NULL;
    if (!siid || (ciid && (!excl || IsBadReadPtr(excl, ciid * sizeof(IID))))) return MAPI_E_INVALID_PARAMETER;
    if (exclprops && (!tags_ok(exclprops) || !exclprops->cValues)) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < ciid; i++)
        if (IsEqualGUID(&excl[i], &IID_IMessage) || IsEqualGUID(&excl[i], &IID_IAttachment)) atts = FALSE;
    return do_copy(sup, siid, src, NULL, exclprops, atts, diid, dst, flags, prog, probs);
}

/* The properties listed; PR_MESSAGE_RECIPIENTS, PR_MESSAGE_ATTACHMENTS and
 * PR_ATTACH_DATA_OBJ among them bring the subobjects. */
HRESULT WINAPI sup_DoCopyProps(IMAPISupport *iface, LPCIID siid, LPVOID src, LPSPropTagArray incl,
                                      ULONG_PTR ui, LPMAPIPROGRESS prog, LPCIID diid, LPVOID dst, ULONG flags,
                                      LPSPropProblemArray *probs)
{
    struct support *sup = impl_from_IMAPISupport(iface);

    NEED(M_DoCopyProps);
    if (probs) *probs = NULL;
    if (!siid || !incl || !tags_ok(incl) || listed(incl, PR_NULL)) return MAPI_E_INVALID_PARAMETER;
    return do_copy(sup, siid, src, incl, NULL, TRUE, diid, dst, flags, prog, probs);
}
