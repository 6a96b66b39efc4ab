/*
 * The test store's messages (README.md, "Folders and messages"): an open
 * message works on its own copy of the stored one; SaveChanges puts it into
 * the store.  Recipients here, attachments in msattach.c.
 */
#include <string.h>

#include "msstore.h"

static const IMessageVtbl message_vtbl;

static inline tp_message *impl_from_IMessage(IMessage *iface)
{
    return CONTAINING_RECORD(iface, tp_message, IMessage_iface);
}

/* A new IPropData with every property of src. */
LPPROPDATA ms_dup_props(LPPROPDATA src, const tp_alloc *a)
{
    LPPROPDATA data = tp_new_propdata(a);
    LPSPropValue v = NULL;
    ULONG n = 0;

    if (!data)
        return NULL;
    if (FAILED(IPropData_GetProps(src, NULL, MAPI_UNICODE, &n, &v)) ||
        (n && FAILED(IPropData_SetProps(data, n, v, NULL))))
    {
        IPropData_Release(data);
        data = NULL;
    }
    if (v)
        a->free(v);
    return data;
}

void ms_free_recips(LPPROPDATA *recip, ULONG n)
{
    ULONG i;

    for (i = 0; i < n; i++)
        if (recip[i])
            IPropData_Release(recip[i]);
    HeapFree(GetProcessHeap(), 0, recip);
}

LPPROPDATA *ms_dup_recips(LPPROPDATA *recip, ULONG n, const tp_alloc *a)
{
    LPPROPDATA *out = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, (n ? n : 1) * sizeof(*out));
    ULONG i;

    for (i = 0; out && i < n; i++)
        if (!(out[i] = ms_dup_props(recip[i], a)))
        {
            ms_free_recips(out, n);
            return NULL;
        }
    return out;
}

void ms_free_atts(tp_anode *att, ULONG n)
{
    ULONG i;

    for (i = 0; i < n; i++)
    {
        if (att[i].props)
            IPropData_Release(att[i].props);
        ms_free_node(att[i].emb);
    }
    HeapFree(GetProcessHeap(), 0, att);
}

/* Deep: each embedded message with its own recipients and attachments. */
tp_anode *ms_dup_atts(const tp_anode *att, ULONG n, const tp_alloc *a)
{
    tp_anode *out = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, (n ? n : 1) * sizeof(*out));
    ULONG i;

    for (i = 0; out && i < n; i++)
        if (!(out[i].props = ms_dup_props(att[i].props, a)) ||
            (att[i].emb && !(out[i].emb = ms_dup_node(att[i].emb, a))))
        {
            ms_free_atts(out, n);
            return NULL;
        }
    return out;
}

/* What a message holds: a node's, or an open message's. */
static void free_content(LPPROPDATA props, LPPROPDATA *recip, ULONG nrecip, tp_anode *att, ULONG natt)
{
    if (props)
        IPropData_Release(props);
    if (recip)
        ms_free_recips(recip, nrecip);
    if (att)
        ms_free_atts(att, natt);
}

/* A node of the heap (an embedded message's, or a snapshot). */
void ms_free_node(tp_mnode *m)
{
    if (!m)
        return;
    free_content(m->props, m->recip, m->nrecip, m->att, m->natt);
    HeapFree(GetProcessHeap(), 0, m);
}

tp_mnode *ms_dup_node(const tp_mnode *m, const tp_alloc *a)
{
    tp_mnode *out = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*out));

    if (!out)
        return NULL;
    out->id = m->id;
    out->folder = m->folder;
    out->props = ms_dup_props(m->props, a);
    out->recip = ms_dup_recips(m->recip, m->nrecip, a);
    out->nrecip = out->recip ? m->nrecip : 0;
    out->att = ms_dup_atts(m->att, m->natt, a);
    out->natt = out->att ? m->natt : 0;
    if (!out->props || !out->recip || !out->att)
    {
        ms_free_node(out);
        return NULL;
    }
    return out;
}
/* A PT_LONG property of an IPropData, or -1. */
LONG ms_get_long(LPPROPDATA data, ULONG tag, const tp_alloc *a)
{
    SizedSPropTagArray(1, t) = { 1, { 0 } };
    LPSPropValue v = NULL;
    ULONG n;
    LONG l = -1;

    t.aulPropTag[0] = tag;
    if (SUCCEEDED(IPropData_GetProps(data, (LPSPropTagArray)&t, 0, &n, &v)) && v && v->ulPropTag == tag)
        l = v->Value.l;
    if (v)
        a->free(v);
    return l;
}

HRESULT ms_set_bin(LPPROPDATA data, ULONG tag, const void *p, ULONG cb)
{
    SPropValue v;

    v.ulPropTag = tag;
    v.dwAlignPad = 0;
    v.Value.bin.cb = cb;
    v.Value.bin.lpb = (BYTE *)p;
    return IPropData_SetProps(data, 1, &v, NULL);
}

HRESULT ms_set_long(LPPROPDATA data, ULONG tag, LONG l)
{
    SPropValue v;

    v.ulPropTag = tag;
    v.dwAlignPad = 0;
    v.Value.l = l;
    return IPropData_SetProps(data, 1, &v, NULL);
}

/* A message object on a copy of a stored message (m), or a new one in folder. */
HRESULT ms_message_new(tp_provider *prov, LPMAPISUP sup, const MAPIUID *uid, ULONG folder, const tp_mnode *m,
                       IMessage **out)
{
    const tp_alloc *a = &prov->alloc;
    tp_message *msg = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*msg));
    BYTE eid[TP_MS_EID_SIZE];
    ULONG i;

    if (!msg)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    msg->IMessage_iface.lpVtbl = (IMessageVtbl *)&message_vtbl;
    ms_base_init(&msg->b, prov, sup, uid, m ? m->id : 0);
    msg->folder = m ? m->folder : folder;
    msg->next_rowid = 1;
    if (m)
    {
        msg->props = ms_dup_props(m->props, a);
        msg->recip = ms_dup_recips(m->recip, m->nrecip, a);
        msg->nrecip = msg->caprecip = m->nrecip;
        msg->att = ms_dup_atts(m->att, m->natt, a);
        msg->natt = m->natt;
        msg->capatt = m->natt ? m->natt : 1;
        for (i = 0; msg->att && i < msg->natt; i++)
        {
            LONG num = ms_get_long(msg->att[i].props, PR_ATTACH_NUM, a);
            if (num >= 0 && (ULONG)num >= msg->next_attnum)
                msg->next_attnum = num + 1;
        }
        /* PR_ROWID keeps counting from the highest. */
        for (i = 0; msg->recip && i < msg->nrecip; i++)
        {
            SizedSPropTagArray(1, t) = { 1, { PR_ROWID } };
            LPSPropValue v = NULL;
            ULONG n;
            if (SUCCEEDED(IPropData_GetProps(msg->recip[i], (LPSPropTagArray)&t, 0, &n, &v)) && v &&
                v->ulPropTag == PR_ROWID && (ULONG)v->Value.l >= msg->next_rowid)
                msg->next_rowid = v->Value.l + 1;
            if (v)
                a->free(v);
        }
    }
    else
    {
        msg->props = tp_new_propdata(a);
        msg->recip = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*msg->recip));
        msg->caprecip = 1;
        msg->att = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*msg->att));
        msg->capatt = 1;
        if (msg->props)
        {
            tp_ms_eid(uid, TRUE, folder, eid);
            ms_set_bin(msg->props, PR_PARENT_ENTRYID, eid, sizeof(eid));
            ms_set_long(msg->props, PR_OBJECT_TYPE, MAPI_MESSAGE);
            ms_set_long(msg->props, PR_MESSAGE_FLAGS, MSGFLAG_UNSENT);
        }
    }
    if (!msg->props || !msg->recip || !msg->att)
    {
        IMessage_Release(&msg->IMessage_iface);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    *out = &msg->IMessage_iface;
    return S_OK;
}

/* PR_ATTACH_DATA_OBJ of an attachment: a message on a copy of the one last
 * saved into it (content), or a new one; its SaveChanges goes to owner. */
HRESULT ms_embedded_new(tp_attach *owner, const tp_mnode *content, IMessage **out)
{
    tp_message *parent = owner->msg, *msg;
    HRESULT hr = ms_message_new(parent->b.prov, parent->b.sup, &parent->b.uid, parent->folder, content, out);

    if (FAILED(hr))
        return hr;
    msg = impl_from_IMessage(*out);
    msg->b.id = 0;
    msg->folder = parent->folder;
    msg->owner = owner;
    IAttach_AddRef(&owner->IAttach_iface);
    return S_OK;
}

/* ------------------------------------------------------------------------ */
/* IMessage                                                                  */

static HRESULT STDMETHODCALLTYPE message_QueryInterface(IMessage *iface, REFIID riid, void **ppv)
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

static ULONG STDMETHODCALLTYPE message_AddRef(IMessage *iface)
{
    return InterlockedIncrement(&impl_from_IMessage(iface)->b.ref);
}

static ULONG STDMETHODCALLTYPE message_Release(IMessage *iface)
{
    tp_message *m = impl_from_IMessage(iface);
    ULONG ref = InterlockedDecrement(&m->b.ref);

    if (!ref)
    {
        free_content(m->props, m->recip, m->nrecip, m->att, m->natt);
        if (m->owner)
            IAttach_Release(&m->owner->IAttach_iface);
        ms_base_free(&m->b);
        HeapFree(GetProcessHeap(), 0, m);
    }
    return ref;
}

static HRESULT STDMETHODCALLTYPE message_GetLastError(IMessage *iface, HRESULT hResult, ULONG ulFlags,
        LPMAPIERROR *lppMAPIError)
{
    return tp_no_error(lppMAPIError);
}

/* A deep copy of what the message holds now. */
static tp_mnode *message_snapshot(tp_message *m)
{
    tp_mnode view;

    view.id = m->b.id;
    view.folder = m->folder;
    view.props = m->props;
    view.nrecip = m->nrecip;
    view.recip = m->recip;
    view.natt = m->natt;
    view.att = m->att;
    return ms_dup_node(&view, &m->b.prov->alloc);
}

/* An embedded message goes into its attachment, which its own SaveChanges
 * puts into the message above it. */
static HRESULT save_embedded(tp_message *m)
{
    tp_mnode *snap = message_snapshot(m);

    if (!snap)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    ms_free_node(m->owner->emb);
    m->owner->emb = snap;
    return S_OK;
}

/* Into the store: a new message gets its ID (PR_ENTRYID, PR_RECORD_KEY). */
static HRESULT STDMETHODCALLTYPE message_SaveChanges(IMessage *iface, ULONG ulFlags)
{
    tp_message *m = impl_from_IMessage(iface);
    tp_mnode *snap = NULL, *node;
    BYTE eid[TP_MS_EID_SIZE];
    tp_mdata *md;
    HRESULT hr = S_OK;

    if (m->owner)
        return save_embedded(m);
    EnterCriticalSection(&m->b.prov->cs);
    md = ms_mdata_get(m->b.prov);
    if (!ms_find_folder(md, m->folder))
        hr = MAPI_E_OBJECT_DELETED;
    else if (m->b.id && !ms_find_msg(md, m->b.id))
        hr = MAPI_E_OBJECT_DELETED;
    else if (!m->b.id)
    {
        ULONG id = md->next_id;
        tp_ms_eid(&m->b.uid, FALSE, id, eid);
        hr = ms_set_bin(m->props, PR_ENTRYID, eid, sizeof(eid));
        if (SUCCEEDED(hr))
            hr = ms_set_bin(m->props, PR_RECORD_KEY, eid, sizeof(eid));
        if (SUCCEEDED(hr) && md->nmsgs == md->capmsgs)
        {
            ULONG cap = md->capmsgs ? md->capmsgs * 2 : 16;
            tp_mnode *p = md->msgs ? HeapReAlloc(GetProcessHeap(), 0, md->msgs, cap * sizeof(*p))
                                   : HeapAlloc(GetProcessHeap(), 0, cap * sizeof(*p));
            if (!p)
                hr = MAPI_E_NOT_ENOUGH_MEMORY;
            else
            {
                md->msgs = p;
                md->capmsgs = cap;
            }
        }
    }
    if (SUCCEEDED(hr) && !(snap = message_snapshot(m)))
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    if (SUCCEEDED(hr))
    {
        if (!m->b.id)
        {
            node = &md->msgs[md->nmsgs++];
            node->id = m->b.id = md->next_id++;
            node->folder = m->folder;
        }
        else
        {
            node = ms_find_msg(md, m->b.id);
            IPropData_Release(node->props);
            ms_free_recips(node->recip, node->nrecip);
            ms_free_atts(node->att, node->natt);
        }
        node->props = snap->props;
        node->recip = snap->recip;
        node->nrecip = snap->nrecip;
        node->att = snap->att;
        node->natt = snap->natt;
        HeapFree(GetProcessHeap(), 0, snap);
    }
    LeaveCriticalSection(&m->b.prov->cs);
    return hr;
}

static HRESULT STDMETHODCALLTYPE message_GetProps(IMessage *iface, LPSPropTagArray lpPropTagArray, ULONG ulFlags,
        ULONG *lpcValues, LPSPropValue *lppPropArray)
{
    return IPropData_GetProps(impl_from_IMessage(iface)->props, lpPropTagArray, ulFlags, lpcValues, lppPropArray);
}

static HRESULT STDMETHODCALLTYPE message_GetPropList(IMessage *iface, ULONG ulFlags, LPSPropTagArray *lppTags)
{
    return IPropData_GetPropList(impl_from_IMessage(iface)->props, ulFlags, lppTags);
}

static HRESULT STDMETHODCALLTYPE message_OpenProperty(IMessage *iface, ULONG ulPropTag, LPCIID lpiid,
        ULONG ulInterfaceOptions, ULONG ulFlags, LPUNKNOWN *lppUnk)
{
    if (lppUnk)
        *lppUnk = NULL;
    return MAPI_E_NO_SUPPORT;
}

static BOOL computed(ULONG tag)
{
    switch (PROP_ID(tag))
    {
    case PROP_ID(PR_ENTRYID): case PROP_ID(PR_PARENT_ENTRYID): case PROP_ID(PR_STORE_ENTRYID):
    case PROP_ID(PR_OBJECT_TYPE): case PROP_ID(PR_RECORD_KEY): case PROP_ID(PR_INSTANCE_KEY):
    case PROP_ID(PR_STORE_RECORD_KEY): case PROP_ID(PR_ATTACH_NUM):
        return TRUE;
    }
    return FALSE;
}

/* Everything but the computed properties (MAPI_E_COMPUTED in the problems). */
HRESULT ms_set_writable(LPPROPDATA data, const tp_alloc *a, ULONG cValues, LPSPropValue lpPropArray,
                            LPSPropProblemArray *lppProblems)
{
    LPSPropProblemArray probs = NULL;
    SPropValue *keep;
    ULONG i, k = 0;
    HRESULT hr = S_OK;

    if (lppProblems)
        *lppProblems = NULL;
    if (!lpPropArray || !cValues)
        return MAPI_E_INVALID_PARAMETER;
    if (!(keep = HeapAlloc(GetProcessHeap(), 0, cValues * sizeof(*keep))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    if (lppProblems && FAILED(hr = a->alloc(CbNewSPropProblemArray(cValues), (void **)&probs)))
        goto done;
    if (probs)
        probs->cProblem = 0;
    for (i = 0; i < cValues; i++)
    {
        if (!computed(lpPropArray[i].ulPropTag))
            keep[k++] = lpPropArray[i];
        else if (probs)
        {
            probs->aProblem[probs->cProblem].ulIndex = i;
            probs->aProblem[probs->cProblem].ulPropTag = lpPropArray[i].ulPropTag;
            probs->aProblem[probs->cProblem++].scode = MAPI_E_COMPUTED;
        }
    }
    if (k)
        hr = IPropData_SetProps(data, k, keep, NULL);
done:
    HeapFree(GetProcessHeap(), 0, keep);
    if (probs && (FAILED(hr) || !probs->cProblem))
    {
        a->free(probs);
        probs = NULL;
    }
    if (lppProblems)
        *lppProblems = probs;
    return hr;
}

static HRESULT STDMETHODCALLTYPE message_SetProps(IMessage *iface, ULONG cValues, LPSPropValue lpPropArray,
        LPSPropProblemArray *lppProblems)
{
    tp_message *m = impl_from_IMessage(iface);

    return ms_set_writable(m->props, &m->b.prov->alloc, cValues, lpPropArray, lppProblems);
}

static HRESULT STDMETHODCALLTYPE message_DeleteProps(IMessage *iface, LPSPropTagArray lpPropTagArray,
        LPSPropProblemArray *lppProblems)
{
    return IPropData_DeleteProps(impl_from_IMessage(iface)->props, lpPropTagArray, lppProblems);
}

static HRESULT STDMETHODCALLTYPE message_CopyTo(IMessage *iface, ULONG ciidExclude, LPCIID rgiidExclude,
        LPSPropTagArray lpExcludeProps, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, LPCIID lpInterface,
        LPVOID lpDestObj, ULONG ulFlags, LPSPropProblemArray *lppProblems)
{
    tp_message *m = impl_from_IMessage(iface);

    if (!m->b.sup)
        return MAPI_E_NO_SUPPORT;
    return IMAPISupport_DoCopyTo(m->b.sup, &IID_IMessage, iface, ciidExclude, rgiidExclude, lpExcludeProps,
                                 ulUIParam, lpProgress, lpInterface ? lpInterface : &IID_IMessage, lpDestObj,
                                 ulFlags, lppProblems);
}

static HRESULT STDMETHODCALLTYPE message_CopyProps(IMessage *iface, LPSPropTagArray lpIncludeProps,
        ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj, ULONG ulFlags,
        LPSPropProblemArray *lppProblems)
{
    tp_message *m = impl_from_IMessage(iface);

    if (!m->b.sup)
        return MAPI_E_NO_SUPPORT;
    return IMAPISupport_DoCopyProps(m->b.sup, &IID_IMessage, iface, lpIncludeProps, ulUIParam, lpProgress,
                                    lpInterface ? lpInterface : &IID_IMessage, lpDestObj, ulFlags, lppProblems);
}

static HRESULT STDMETHODCALLTYPE message_GetNamesFromIDs(IMessage *iface, LPSPropTagArray *lppPropTags,
        LPGUID lpPropSetGuid, ULONG ulFlags, ULONG *lpcPropNames, LPMAPINAMEID **lpppPropNames)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE message_GetIDsFromNames(IMessage *iface, ULONG cPropNames,
        LPMAPINAMEID *lppPropNames, ULONG ulFlags, LPSPropTagArray *lppPropTags)
{
    return MAPI_E_NO_SUPPORT;
}

/* Every recipient property is a column (the union of what the rows have),
 * plus PR_INSTANCE_KEY = PR_ROWID's bytes. */
static HRESULT STDMETHODCALLTYPE message_GetRecipientTable(IMessage *iface, ULONG ulFlags, LPMAPITABLE *lppTable)
{
    tp_message *m = impl_from_IMessage(iface);
    const tp_alloc *a = &m->b.prov->alloc;
    LPSPropTagArray cols = NULL;
    void *block = NULL;
    SRow *rows;
    ULONG i, j, k, ncols = 0;
    HRESULT hr;

    if (!lppTable)
        return MAPI_E_INVALID_PARAMETER;
    *lppTable = NULL;
    if (FAILED(hr = a->alloc(sizeof(SRow) * (m->nrecip + 1), &block)))
        return hr;
    rows = block;
    for (i = 0; SUCCEEDED(hr) && i < m->nrecip; i++)
    {
        LPSPropValue v = NULL, p;
        ULONG n = 0;

        hr = IPropData_GetProps(m->recip[i], NULL, ulFlags & MAPI_UNICODE, &n, &v);
        if (FAILED(hr))
            break;
        hr = a->more((n + 1) * sizeof(SPropValue), block, (void **)&p);
        for (j = 0; SUCCEEDED(hr) && j < n; j++)
            hr = tp_copy_value(&p[j], &v[j], PROP_TYPE(v[j].ulPropTag), block, a);
        a->free(v);
        if (FAILED(hr))
            break;
        p[n].ulPropTag = PR_INSTANCE_KEY;
        p[n].dwAlignPad = 0;
        p[n].Value.bin.cb = 0;
        for (j = 0; j < n; j++)
            if (p[j].ulPropTag == PR_ROWID)
            {
                p[n].Value.bin.cb = sizeof(LONG);
                p[n].Value.bin.lpb = (BYTE *)&p[j].Value.l;
            }
        rows[i].ulAdrEntryPad = 0;
        rows[i].cValues = n + 1;
        rows[i].lpProps = p;
    }
    if (SUCCEEDED(hr))
    {
        ULONG max = 1;
        for (i = 0; i < m->nrecip; i++)
            max += rows[i].cValues;
        hr = a->more(CbNewSPropTagArray(max), block, (void **)&cols);
    }
    if (SUCCEEDED(hr))
    {
        cols->aulPropTag[ncols++] = PR_INSTANCE_KEY;
        for (i = 0; i < m->nrecip; i++)
            for (j = 0; j < rows[i].cValues; j++)
            {
                for (k = 0; k < ncols && cols->aulPropTag[k] != rows[i].lpProps[j].ulPropTag; k++)
                    ;
                if (k == ncols)
                    cols->aulPropTag[ncols++] = rows[i].lpProps[j].ulPropTag;
            }
        cols->cValues = ncols;
        hr = tp_make_table(a, cols, rows, m->nrecip, lppTable);
    }
    a->free(block);
    return hr;
}

static LONG row_id(LPSPropValue v, ULONG n)
{
    ULONG i;

    for (i = 0; i < n; i++)
        if (v[i].ulPropTag == PR_ROWID)
            return v[i].Value.l;
    return -1;
}

static LONG recip_row_id(LPPROPDATA r, const tp_alloc *a)
{
    SizedSPropTagArray(1, t) = { 1, { PR_ROWID } };
    LPSPropValue v = NULL;
    ULONG n;
    LONG id = -1;

    if (SUCCEEDED(IPropData_GetProps(r, (LPSPropTagArray)&t, 0, &n, &v)) && v)
        id = v->ulPropTag == PR_ROWID ? v->Value.l : -1;
    if (v)
        a->free(v);
    return id;
}

/* One recipient from a row: PT_ERROR and PT_NULL values left out; a new
 * PR_ROWID unless rowid >= 0 keeps one. */
static LPPROPDATA recip_from_row(const ADRENTRY *e, LONG rowid, const tp_alloc *a)
{
    LPPROPDATA r = tp_new_propdata(a);
    SPropValue *keep;
    ULONG i, k = 0;
    HRESULT hr = S_OK;

    if (!r)
        return NULL;
    if (!(keep = HeapAlloc(GetProcessHeap(), 0, (e->cValues + 1) * sizeof(*keep))))
    {
        IPropData_Release(r);
        return NULL;
    }
    for (i = 0; i < e->cValues; i++)
    {
        ULONG type = PROP_TYPE(e->rgPropVals[i].ulPropTag);
        if (type != PT_ERROR && type != PT_NULL && e->rgPropVals[i].ulPropTag != PR_ROWID &&
            e->rgPropVals[i].ulPropTag != PR_INSTANCE_KEY)
            keep[k++] = e->rgPropVals[i];
    }
    keep[k].ulPropTag = PR_ROWID;
    keep[k].dwAlignPad = 0;
    keep[k++].Value.l = rowid;
    hr = IPropData_SetProps(r, k, keep, NULL);
    HeapFree(GetProcessHeap(), 0, keep);
    if (FAILED(hr))
    {
        IPropData_Release(r);
        return NULL;
    }
    return r;
}

static HRESULT STDMETHODCALLTYPE message_ModifyRecipients(IMessage *iface, ULONG ulFlags, LPADRLIST lpMods)
{
    tp_message *m = impl_from_IMessage(iface);
    const tp_alloc *a = &m->b.prov->alloc;
    ULONG i, j;

    if (!lpMods)
        return MAPI_E_INVALID_PARAMETER;
    if (ulFlags & ~(MODRECIP_ADD | MODRECIP_MODIFY | MODRECIP_REMOVE))
        return MAPI_E_UNKNOWN_FLAGS;
    if (!ulFlags)
    {
        /* 0: the list replaces every recipient. */
        ms_free_recips(m->recip, m->nrecip);
        m->recip = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*m->recip));
        m->nrecip = 0;
        m->caprecip = 1;
        if (!m->recip)
            return MAPI_E_NOT_ENOUGH_MEMORY;
        ulFlags = MODRECIP_ADD;
    }
    for (i = 0; i < lpMods->cEntries; i++)
    {
        const ADRENTRY *e = &lpMods->aEntries[i];
        LONG id = row_id(e->rgPropVals, e->cValues);

        if (ulFlags & MODRECIP_ADD)
        {
            LPPROPDATA r;
            if (m->nrecip == m->caprecip)
            {
                LPPROPDATA *p = HeapReAlloc(GetProcessHeap(), 0, m->recip, 2 * m->caprecip * sizeof(*p));
                if (!p)
                    return MAPI_E_NOT_ENOUGH_MEMORY;
                m->recip = p;
                m->caprecip *= 2;
            }
            if (!(r = recip_from_row(e, m->next_rowid++, a)))
                return MAPI_E_NOT_ENOUGH_MEMORY;
            m->recip[m->nrecip++] = r;
            continue;
        }
        for (j = 0; j < m->nrecip && recip_row_id(m->recip[j], a) != id; j++)
            ;
        if (j == m->nrecip)
            return MAPI_E_NOT_FOUND;
        if (ulFlags & MODRECIP_REMOVE)
        {
            IPropData_Release(m->recip[j]);
            m->recip[j] = m->recip[--m->nrecip];
        }
        else
        {
            LPPROPDATA r = recip_from_row(e, id, a);
            if (!r)
                return MAPI_E_NOT_ENOUGH_MEMORY;
            IPropData_Release(m->recip[j]);
            m->recip[j] = r;
        }
    }
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE message_SubmitMessage(IMessage *iface, ULONG ulFlags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE message_SetReadFlag(IMessage *iface, ULONG ulFlags)
{
    return MAPI_E_NO_SUPPORT;
}

static const IMessageVtbl message_vtbl =
{
    message_QueryInterface,
    message_AddRef,
    message_Release,
    message_GetLastError,
    message_SaveChanges,
    message_GetProps,
    message_GetPropList,
    message_OpenProperty,
    message_SetProps,
    message_DeleteProps,
    message_CopyTo,
    message_CopyProps,
    message_GetNamesFromIDs,
    message_GetIDsFromNames,
    ms_message_GetAttachmentTable,
    ms_message_OpenAttach,
    ms_message_CreateAttach,
    ms_message_DeleteAttach,
    message_GetRecipientTable,
    message_ModifyRecipients,
    message_SubmitMessage,
    message_SetReadFlag,
};

