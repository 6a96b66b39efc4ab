/*
 * The test store's attachments (README.md, "Folders and messages"): an
 * open attachment works on its own copy; its SaveChanges puts it into the
 * message, whose SaveChanges puts it into the store.
 */
#include <string.h>

#include "msstore.h"

static const IAttachVtbl ms_attach_vtbl;

static inline tp_message *impl_from_IMessage(IMessage *iface)
{
    return CONTAINING_RECORD(iface, tp_message, IMessage_iface);
}

static inline tp_attach *impl_from_IAttach(IAttach *iface)
{
    return CONTAINING_RECORD(iface, tp_attach, IAttach_iface);
}

tp_anode *ms_find_att(tp_message *m, ULONG num)
{
    ULONG i;

    for (i = 0; i < m->natt; i++)
        if (ms_get_long(m->att[i].props, PR_ATTACH_NUM, &m->b.prov->alloc) == (LONG)num)
            return &m->att[i];
    return NULL;
}

HRESULT ms_attach_new(tp_message *m, ULONG num, LPPROPDATA props, LPATTACH *out)
{
    tp_attach *att = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*att));

    if (!att)
    {
        IPropData_Release(props);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    att->IAttach_iface.lpVtbl = (IAttachVtbl *)&ms_attach_vtbl;
    att->ref = 1;
    att->msg = m;
    IMessage_AddRef(&m->IMessage_iface);
    att->num = num;
    att->props = props;
    *out = &att->IAttach_iface;
    return S_OK;
}

/* One row per saved attachment; PR_INSTANCE_KEY is PR_ATTACH_NUM's bytes. */
HRESULT STDMETHODCALLTYPE ms_message_GetAttachmentTable(IMessage *iface, ULONG ulFlags, LPMAPITABLE *lppTable)
{
    tp_message *m = impl_from_IMessage(iface);
    const tp_alloc *a = &m->b.prov->alloc;
    SizedSPropTagArray(6, cols) = { 6, { PR_ATTACH_NUM, PR_INSTANCE_KEY, PR_ATTACH_METHOD,
                                         PR_ATTACH_LONG_FILENAME_W, PR_ATTACH_SIZE, PR_RENDERING_POSITION } };
    void *block = NULL;
    SRow *rows;
    ULONG i, j, n;
    HRESULT hr;

    if (!lppTable)
        return MAPI_E_INVALID_PARAMETER;
    *lppTable = NULL;
    if (ulFlags & ~MAPI_UNICODE)
        return MAPI_E_UNKNOWN_FLAGS;
    if (!(ulFlags & MAPI_UNICODE))
        cols.aulPropTag[3] = CHANGE_PROP_TYPE(PR_ATTACH_LONG_FILENAME_W, PT_STRING8);
    if (FAILED(hr = a->alloc(sizeof(SRow) * (m->natt + 1), &block)))
        return hr;
    rows = block;
    for (i = 0; SUCCEEDED(hr) && i < m->natt; i++)
    {
        LPSPropValue v = NULL, p;

        hr = IPropData_GetProps(m->att[i].props, (LPSPropTagArray)&cols, ulFlags & MAPI_UNICODE, &n, &v);
        if (FAILED(hr))
            break;
        hr = a->more(n * sizeof(SPropValue), block, (void **)&p);
        for (j = 0; SUCCEEDED(hr) && j < n; j++)
            hr = tp_copy_value(&p[j], &v[j], PROP_TYPE(v[j].ulPropTag), block, a);
        a->free(v);
        if (FAILED(hr))
            break;
        p[1].ulPropTag = PR_INSTANCE_KEY;
        p[1].Value.bin.cb = sizeof(LONG);
        p[1].Value.bin.lpb = (BYTE *)&p[0].Value.l;
        rows[i].ulAdrEntryPad = 0;
        rows[i].cValues = n;
        rows[i].lpProps = p;
    }
    hr = tp_make_table(a, (LPSPropTagArray)&cols, rows, m->natt, lppTable);
    a->free(block);
    return hr;
}

static BOOL attach_iid_ok(LPCIID iid)
{
    return !iid || IsEqualGUID(iid, &IID_IUnknown) || IsEqualGUID(iid, &IID_IMAPIProp) ||
           IsEqualGUID(iid, &IID_IAttachment);
}

HRESULT STDMETHODCALLTYPE ms_message_OpenAttach(IMessage *iface, ULONG ulAttachmentNum, LPCIID lpInterface,
        ULONG ulFlags, LPATTACH *lppAttach)
{
    tp_message *m = impl_from_IMessage(iface);
    tp_anode *stored;
    LPPROPDATA props;
    HRESULT hr;

    if (!lppAttach)
        return MAPI_E_INVALID_PARAMETER;
    *lppAttach = NULL;
    if (ulFlags & ~(MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS))
        return MAPI_E_UNKNOWN_FLAGS;
    if (!attach_iid_ok(lpInterface))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (!(stored = ms_find_att(m, ulAttachmentNum)))
        return MAPI_E_NOT_FOUND;
    if (!(props = ms_dup_props(stored->props, &m->b.prov->alloc)))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = ms_attach_new(m, ulAttachmentNum, props, lppAttach)))
        return hr;
    /* The embedded message comes along as the attachment's own copy. */
    if (stored->emb && !(impl_from_IAttach(*lppAttach)->emb = ms_dup_node(stored->emb, &m->b.prov->alloc)))
    {
        IAttach_Release(*lppAttach);
        *lppAttach = NULL;
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    return S_OK;
}

HRESULT STDMETHODCALLTYPE ms_message_CreateAttach(IMessage *iface, LPCIID lpInterface, ULONG ulFlags,
        ULONG *lpulAttachmentNum, LPATTACH *lppAttach)
{
    tp_message *m = impl_from_IMessage(iface);
    LPPROPDATA props;
    ULONG num;

    if (lppAttach)
        *lppAttach = NULL;
    if (!lppAttach || !lpulAttachmentNum)
        return MAPI_E_INVALID_PARAMETER;
    if (ulFlags & ~MAPI_DEFERRED_ERRORS)
        return MAPI_E_UNKNOWN_FLAGS;
    if (!attach_iid_ok(lpInterface))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (!(props = tp_new_propdata(&m->b.prov->alloc)))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    num = m->next_attnum++;
    if (FAILED(ms_set_long(props, PR_ATTACH_NUM, num)) || FAILED(ms_set_long(props, PR_OBJECT_TYPE, MAPI_ATTACH)))
    {
        IPropData_Release(props);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    *lpulAttachmentNum = num;
    return ms_attach_new(m, num, props, lppAttach);
}

HRESULT STDMETHODCALLTYPE ms_message_DeleteAttach(IMessage *iface, ULONG ulAttachmentNum, ULONG_PTR ulUIParam,
        LPMAPIPROGRESS lpProgress, ULONG ulFlags)
{
    tp_message *m = impl_from_IMessage(iface);
    tp_anode *stored;

    if (ulFlags & ~ATTACH_DIALOG)
        return MAPI_E_UNKNOWN_FLAGS;
    if (!(stored = ms_find_att(m, ulAttachmentNum)))
        return MAPI_E_NOT_FOUND;
    IPropData_Release(stored->props);
    ms_free_node(stored->emb);
    /* The table keeps its order. */
    memmove(stored, stored + 1, (m->natt - (stored - m->att) - 1) * sizeof(*stored));
    m->natt--;
    return S_OK;
}

/* ------------------------------------------------------------------------ */
/* IAttach                                                                   */

static HRESULT STDMETHODCALLTYPE attach_QueryInterface(IAttach *iface, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_INVALIDARG;
    *ppv = NULL;
    if (riid && (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPIProp) ||
                 IsEqualGUID(riid, &IID_IAttachment)))
    {
        *ppv = iface;
        IAttach_AddRef(iface);
        return S_OK;
    }
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE attach_AddRef(IAttach *iface)
{
    return InterlockedIncrement(&impl_from_IAttach(iface)->ref);
}

static ULONG STDMETHODCALLTYPE attach_Release(IAttach *iface)
{
    tp_attach *att = impl_from_IAttach(iface);
    ULONG ref = InterlockedDecrement(&att->ref);

    if (!ref)
    {
        IPropData_Release(att->props);
        ms_free_node(att->emb);
        if (att->writing)
            IStream_Release(att->writing);
        IMessage_Release(&att->msg->IMessage_iface);
        HeapFree(GetProcessHeap(), 0, att);
    }
    return ref;
}

static HRESULT STDMETHODCALLTYPE attach_GetLastError(IAttach *iface, HRESULT hResult, ULONG ulFlags,
        LPMAPIERROR *lppMAPIError)
{
    return tp_no_error(lppMAPIError);
}

/* What was written to the stream of OpenProperty(MAPI_CREATE / MAPI_MODIFY)
 * becomes PR_ATTACH_DATA_BIN. */
static HRESULT take_written(tp_attach *att)
{
    IStream *s = att->writing;
    LARGE_INTEGER zero;
    STATSTG st;
    BYTE *buf = NULL;
    ULONG got = 0;
    HRESULT hr;

    if (!s)
        return S_OK;
    zero.QuadPart = 0;
    hr = IStream_Stat(s, &st, STATFLAG_NONAME);
    if (SUCCEEDED(hr) && st.cbSize.QuadPart > 0x7fffffff)
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    if (SUCCEEDED(hr) && !(buf = HeapAlloc(GetProcessHeap(), 0, st.cbSize.LowPart + 1)))
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    if (SUCCEEDED(hr))
        hr = IStream_Seek(s, zero, STREAM_SEEK_SET, NULL);
    if (SUCCEEDED(hr) && st.cbSize.LowPart)
        hr = IStream_Read(s, buf, st.cbSize.LowPart, &got);
    if (SUCCEEDED(hr))
        hr = ms_set_bin(att->props, PR_ATTACH_DATA_BIN, buf, got);
    HeapFree(GetProcessHeap(), 0, buf);
    if (SUCCEEDED(hr))
    {
        IStream_Release(s);
        att->writing = NULL;
    }
    return hr;
}

/* Into the message: replaces the attachment of the same number or adds it,
 * with the embedded message last saved into it; PR_ATTACH_SIZE is worked
 * out here. */
static HRESULT STDMETHODCALLTYPE attach_SaveChanges(IAttach *iface, ULONG ulFlags)
{
    tp_attach *att = impl_from_IAttach(iface);
    tp_message *m = att->msg;
    const tp_alloc *a = &m->b.prov->alloc;
    SizedSPropTagArray(1, data) = { 1, { PR_ATTACH_DATA_BIN } };
    LPSPropValue v = NULL;
    tp_anode copy = { NULL, NULL }, *stored;
    ULONG n, size = 0;
    HRESULT hr;

    if (ulFlags & ~(KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS))
        return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = take_written(att)))
        return hr;
    if (SUCCEEDED(IPropData_GetProps(att->props, (LPSPropTagArray)&data, 0, &n, &v)) && v &&
        v->ulPropTag == PR_ATTACH_DATA_BIN)
        size = v->Value.bin.cb;
    if (v)
        a->free(v);
    ms_set_long(att->props, PR_ATTACH_SIZE, size);
    if (!(copy.props = ms_dup_props(att->props, a)) || (att->emb && !(copy.emb = ms_dup_node(att->emb, a))))
    {
        if (copy.props)
            IPropData_Release(copy.props);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if ((stored = ms_find_att(m, att->num)))
    {
        IPropData_Release(stored->props);
        ms_free_node(stored->emb);
        *stored = copy;
        return S_OK;
    }
    if (m->natt == m->capatt)
    {
        tp_anode *p = HeapReAlloc(GetProcessHeap(), 0, m->att, 2 * m->capatt * sizeof(*p));
        if (!p)
        {
            IPropData_Release(copy.props);
            ms_free_node(copy.emb);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        m->att = p;
        m->capatt *= 2;
    }
    m->att[m->natt++] = copy;
    return S_OK;
}

/* As the big stores do, PR_ATTACH_DATA_BIN over TP_BIG_VALUE bytes is not
 * handed out (MAPI_E_NOT_ENOUGH_MEMORY in its place): OpenProperty reads it. */
static HRESULT STDMETHODCALLTYPE attach_GetProps(IAttach *iface, LPSPropTagArray lpPropTagArray, ULONG ulFlags,
        ULONG *lpcValues, LPSPropValue *lppPropArray)
{
    HRESULT hr = IPropData_GetProps(impl_from_IAttach(iface)->props, lpPropTagArray, ulFlags, lpcValues,
                                    lppPropArray);
    ULONG i;

    for (i = 0; SUCCEEDED(hr) && *lppPropArray && i < *lpcValues; i++)
    {
        LPSPropValue v = &(*lppPropArray)[i];
        if (v->ulPropTag == PR_ATTACH_DATA_BIN && v->Value.bin.cb > TP_BIG_VALUE)
        {
            v->ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(PR_ATTACH_DATA_BIN));
            v->Value.err = MAPI_E_NOT_ENOUGH_MEMORY;
            hr = MAPI_W_ERRORS_RETURNED;
        }
    }
    return hr;
}

static HRESULT STDMETHODCALLTYPE attach_GetPropList(IAttach *iface, ULONG ulFlags, LPSPropTagArray *lppTags)
{
    return IPropData_GetPropList(impl_from_IAttach(iface)->props, ulFlags, lppTags);
}

/* PR_ATTACH_DATA_OBJ as an IMessage: MAPI_CREATE makes a new one, but only
 * on an attachment whose PR_ATTACH_METHOD is ATTACH_EMBEDDED_MSG (the
 * store's rule: MAPI_E_NO_ACCESS otherwise); without it, the one saved. */
static HRESULT open_embedded(tp_attach *att, ULONG flags, LPUNKNOWN *out)
{
    if (flags & ~(MAPI_CREATE | MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS))
        return MAPI_E_UNKNOWN_FLAGS;
    if (flags & MAPI_CREATE)
    {
        if (ms_get_long(att->props, PR_ATTACH_METHOD, &att->msg->b.prov->alloc) != ATTACH_EMBEDDED_MSG)
            return MAPI_E_NO_ACCESS;
        return ms_embedded_new(att, NULL, (IMessage **)out);
    }
    if (!att->emb)
        return MAPI_E_NOT_FOUND;
    return ms_embedded_new(att, att->emb, (IMessage **)out);
}

/* An IStream over a copy of PR_ATTACH_DATA_BIN's bytes. */
static HRESULT stream_of_bytes(tp_attach *att, IStream **out)
{
    SizedSPropTagArray(1, data) = { 1, { PR_ATTACH_DATA_BIN } };
    LPSPropValue v = NULL;
    IStream *stream = NULL;
    HGLOBAL mem;
    HRESULT hr;
    ULONG n;

    hr = IPropData_GetProps(att->props, (LPSPropTagArray)&data, 0, &n, &v);
    if (SUCCEEDED(hr) && v->ulPropTag != PR_ATTACH_DATA_BIN)
        hr = MAPI_E_NOT_FOUND;
    if (SUCCEEDED(hr))
    {
        mem = GlobalAlloc(GMEM_MOVEABLE, v->Value.bin.cb ? v->Value.bin.cb : 1);
        if (!mem)
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else
        {
            memcpy(GlobalLock(mem), v->Value.bin.lpb, v->Value.bin.cb);
            GlobalUnlock(mem);
            hr = CreateStreamOnHGlobal(mem, TRUE, &stream);
            if (FAILED(hr))
                GlobalFree(mem);
            else
            {
                ULARGE_INTEGER size;
                size.QuadPart = v->Value.bin.cb;
                IStream_SetSize(stream, size);
                *out = stream;
                hr = S_OK;
            }
        }
    }
    if (v)
        att->msg->b.prov->alloc.free(v);
    return hr;
}

/* PR_ATTACH_DATA_BIN as an IStream over a copy of its bytes (empty with
 * MAPI_CREATE); what is written to one opened with MAPI_CREATE or
 * MAPI_MODIFY reaches the property at SaveChanges.  PR_ATTACH_DATA_OBJ as
 * an embedded message. */
static HRESULT STDMETHODCALLTYPE attach_OpenProperty(IAttach *iface, ULONG ulPropTag, LPCIID lpiid,
        ULONG ulInterfaceOptions, ULONG ulFlags, LPUNKNOWN *lppUnk)
{
    tp_attach *att = impl_from_IAttach(iface);
    IStream *stream = NULL;
    HRESULT hr;

    if (!lppUnk || !lpiid)
        return MAPI_E_INVALID_PARAMETER;
    *lppUnk = NULL;
    if (ulPropTag == PR_ATTACH_DATA_OBJ && IsEqualGUID(lpiid, &IID_IMessage))
        return open_embedded(att, ulFlags, lppUnk);
    if (ulPropTag != PR_ATTACH_DATA_BIN || !IsEqualGUID(lpiid, &IID_IStream))
        return MAPI_E_NO_SUPPORT;
    if (ulFlags & ~(MAPI_CREATE | MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS))
        return MAPI_E_UNKNOWN_FLAGS;
    hr = (ulFlags & MAPI_CREATE) ? CreateStreamOnHGlobal(NULL, TRUE, &stream) : stream_of_bytes(att, &stream);
    if (FAILED(hr))
        return hr;
    if (ulFlags & (MAPI_CREATE | MAPI_MODIFY))
    {
        if (att->writing)
            IStream_Release(att->writing);
        att->writing = stream;
        IStream_AddRef(stream);
    }
    *lppUnk = (LPUNKNOWN)stream;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE attach_SetProps(IAttach *iface, ULONG cValues, LPSPropValue lpPropArray,
        LPSPropProblemArray *lppProblems)
{
    tp_attach *att = impl_from_IAttach(iface);

    return ms_set_writable(att->props, &att->msg->b.prov->alloc, cValues, lpPropArray, lppProblems);
}

/* PR_ATTACH_DATA_OBJ among them drops the embedded message. */
static HRESULT STDMETHODCALLTYPE attach_DeleteProps(IAttach *iface, LPSPropTagArray lpPropTagArray,
        LPSPropProblemArray *lppProblems)
{
    tp_attach *att = impl_from_IAttach(iface);
    ULONG i;

    for (i = 0; lpPropTagArray && !IsBadReadPtr(lpPropTagArray, CbNewSPropTagArray(lpPropTagArray->cValues)) &&
                i < lpPropTagArray->cValues; i++)
        if (lpPropTagArray->aulPropTag[i] == PR_ATTACH_DATA_OBJ)
        {
            ms_free_node(att->emb);
            att->emb = NULL;
        }
    return IPropData_DeleteProps(att->props, lpPropTagArray, lppProblems);
}

static HRESULT STDMETHODCALLTYPE attach_CopyTo(IAttach *iface, ULONG ciidExclude, LPCIID rgiidExclude,
        LPSPropTagArray lpExcludeProps, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, LPCIID lpInterface,
        LPVOID lpDestObj, ULONG ulFlags, LPSPropProblemArray *lppProblems)
{
    tp_attach *att = impl_from_IAttach(iface);

    if (!att->msg->b.sup)
        return MAPI_E_NO_SUPPORT;
    return IMAPISupport_DoCopyTo(att->msg->b.sup, &IID_IAttachment, iface, ciidExclude, rgiidExclude,
                                 lpExcludeProps, ulUIParam, lpProgress, lpInterface ? lpInterface : &IID_IAttachment,
                                 lpDestObj, ulFlags, lppProblems);
}

static HRESULT STDMETHODCALLTYPE attach_CopyProps(IAttach *iface, LPSPropTagArray lpIncludeProps,
        ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj, ULONG ulFlags,
        LPSPropProblemArray *lppProblems)
{
    tp_attach *att = impl_from_IAttach(iface);

    if (!att->msg->b.sup)
        return MAPI_E_NO_SUPPORT;
    return IMAPISupport_DoCopyProps(att->msg->b.sup, &IID_IAttachment, iface, lpIncludeProps, ulUIParam,
                                    lpProgress, lpInterface ? lpInterface : &IID_IAttachment, lpDestObj, ulFlags,
                                    lppProblems);
}

static HRESULT STDMETHODCALLTYPE attach_GetNamesFromIDs(IAttach *iface, LPSPropTagArray *lppPropTags,
        LPGUID lpPropSetGuid, ULONG ulFlags, ULONG *lpcPropNames, LPMAPINAMEID **lpppPropNames)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE attach_GetIDsFromNames(IAttach *iface, ULONG cPropNames,
        LPMAPINAMEID *lppPropNames, ULONG ulFlags, LPSPropTagArray *lppPropTags)
{
    return MAPI_E_NO_SUPPORT;
}

static const IAttachVtbl ms_attach_vtbl =
{
    attach_QueryInterface,
    attach_AddRef,
    attach_Release,
    attach_GetLastError,
    attach_SaveChanges,
    attach_GetProps,
    attach_GetPropList,
    attach_OpenProperty,
    attach_SetProps,
    attach_DeleteProps,
    attach_CopyTo,
    attach_CopyProps,
    attach_GetNamesFromIDs,
    attach_GetIDsFromNames,
};
