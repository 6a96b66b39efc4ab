/*
 * The test store's folders and messages (README.md, "Folders and
 * messages"): a small in-memory tree shared by the logons of one provider
 * object (the IPM root, Inbox, Sent Items, Inbox/Projects, and whatever
 * CreateFolder adds), and messages whose properties live in IPropData
 * objects from mapi32's CreateIProp (GetProcAddress).  An open message
 * works on its own copy; SaveChanges puts it into the store.  Copies and
 * moves between folders go through IMAPISupport (CopyMessages, CopyFolder,
 * DoCopyTo), as a store provider without its own copy code would do it.
 */
#include <string.h>

#include "msstore.h"

static const BYTE folder_magic[4] = { 'T', 'P', 'M', 'F' };
static const BYTE message_magic[4] = { 'T', 'P', 'M', 'M' };

/* ------------------------------------------------------------------------ */
/* The data, under prov->cs                                                  */

typedef SCODE (STDAPICALLTYPE *create_iprop_fn)(LPCIID, ALLOCATEBUFFER *, ALLOCATEMORE *, FREEBUFFER *, LPVOID,
                                                 LPPROPDATA *);

LPPROPDATA tp_new_propdata(const tp_alloc *a)
{
    static create_iprop_fn create;
    LPPROPDATA data = NULL;

    if (!create)
    {
        HMODULE mapi = GetModuleHandleW(L"mapi32.dll");
        if (!mapi)
            return NULL;
        create = (create_iprop_fn)(void *)GetProcAddress(mapi, "CreateIProp");
        if (!create)
            create = (create_iprop_fn)(void *)GetProcAddress(mapi, "CreateIProp@24");
        if (!create)
            return NULL;
    }
    if (FAILED(create(&IID_IMAPIPropData, a->alloc, a->more, a->free, NULL, &data)))
        return NULL;
    return data;
}


tp_mdata *ms_mdata_get(tp_provider *prov)
{
    static const struct { ULONG parent; const WCHAR *name; } fixed[] =
    {
        { 0, L"Top of Information Store" }, { TP_FOLDER_ROOT, L"Inbox" }, { TP_FOLDER_ROOT, L"Sent Items" },
        { TP_FOLDER_INBOX, L"Projects" },
    };
    tp_mdata *md = prov->mdata;
    ULONG i;

    if (md)
        return md;
    if (!(md = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*md))))
        return NULL;
    for (i = 0; i < ARRAYSIZE(fixed); i++)
    {
        md->folders[i].id = i + 1;
        md->folders[i].parent = fixed[i].parent;
        lstrcpynW(md->folders[i].name, fixed[i].name, NAME_LEN);
    }
    md->nfolders = ARRAYSIZE(fixed);
    md->next_id = 100;
    prov->mdata = md;
    return md;
}

void tp_mdata_free(tp_mdata *md)
{
    ULONG i;

    if (!md)
        return;
    for (i = 0; i < md->nmsgs; i++)
    {
        IPropData_Release(md->msgs[i].props);
        ms_free_recips(md->msgs[i].recip, md->msgs[i].nrecip);
        ms_free_atts(md->msgs[i].att, md->msgs[i].natt);
    }
    HeapFree(GetProcessHeap(), 0, md->msgs);
    HeapFree(GetProcessHeap(), 0, md);
}

tp_fnode *ms_find_folder(tp_mdata *md, ULONG id)
{
    ULONG i;

    for (i = 0; md && i < md->nfolders; i++)
        if (md->folders[i].id == id)
            return &md->folders[i];
    return NULL;
}

tp_mnode *ms_find_msg(tp_mdata *md, ULONG id)
{
    ULONG i;

    for (i = 0; md && i < md->nmsgs; i++)
        if (md->msgs[i].id == id)
            return &md->msgs[i];
    return NULL;
}

static void remove_msg(tp_mdata *md, tp_mnode *m)
{
    IPropData_Release(m->props);
    ms_free_recips(m->recip, m->nrecip);
    ms_free_atts(m->att, m->natt);
    *m = md->msgs[--md->nmsgs];
}

/* A folder, its messages and its subfolders. */
static void remove_folder(tp_mdata *md, ULONG id)
{
    ULONG i;

    for (i = 0; i < md->nmsgs;)
        if (md->msgs[i].folder == id)
            remove_msg(md, &md->msgs[i]);
        else
            i++;
    for (i = 0; i < md->nfolders;)
        if (md->folders[i].parent == id)
            remove_folder(md, md->folders[i].id), i = 0;
        else
            i++;
    for (i = 0; i < md->nfolders; i++)
        if (md->folders[i].id == id)
        {
            md->folders[i] = md->folders[--md->nfolders];
            break;
        }
}

static ULONG count_msgs(tp_mdata *md, ULONG folder)
{
    ULONG i, n = 0;

    for (i = 0; i < md->nmsgs; i++)
        n += md->msgs[i].folder == folder;
    return n;
}

static ULONG count_folders(tp_mdata *md, ULONG parent)
{
    ULONG i, n = 0;

    for (i = 0; i < md->nfolders; i++)
        n += md->folders[i].parent == parent;
    return n;
}

/* ------------------------------------------------------------------------ */
/* Entry IDs: 4 zero bytes, the instance UID, "TPMF" or "TPMM", the id        */

void tp_ms_eid(const MAPIUID *uid, BOOL folder, ULONG id, BYTE *out)
{
    memset(out, 0, 4);
    memcpy(out + 4, uid, sizeof(*uid));
    memcpy(out + 20, folder ? folder_magic : message_magic, 4);
    memcpy(out + 24, &id, sizeof(id));
}

/* 1 folder, 2 message, 0 not ours */
static int parse_eid(const MAPIUID *uid, ULONG cb, const ENTRYID *eid, ULONG *id)
{
    const BYTE *b = (const BYTE *)eid;

    if (!eid || cb != TP_MS_EID_SIZE || IsBadReadPtr(eid, cb) || memcmp(b + 4, uid, sizeof(*uid)))
        return 0;
    memcpy(id, b + 24, sizeof(*id));
    if (!memcmp(b + 20, folder_magic, 4))
        return 1;
    if (!memcmp(b + 20, message_magic, 4))
        return 2;
    return 0;
}

/* ------------------------------------------------------------------------ */

static const IMAPIFolderVtbl folder_vtbl;

static inline tp_folder *impl_from_IMAPIFolder(IMAPIFolder *iface)
{
    return CONTAINING_RECORD(iface, tp_folder, IMAPIFolder_iface);
}

void ms_base_init(tp_obj_base *b, tp_provider *prov, LPMAPISUP sup, const MAPIUID *uid, ULONG id)
{
    b->ref = 1;
    b->prov = prov;
    InterlockedIncrement(&prov->ref);       /* not logged: AddRef lines are MAPI's */
    b->sup = sup;
    if (sup)
        IMAPISupport_AddRef(sup);
    b->uid = *uid;
    b->id = id;
}

void ms_base_free(tp_obj_base *b)
{
    if (b->sup)
        IMAPISupport_Release(b->sup);
    tp_provider_release(b->prov);
}

static HRESULT folder_new(tp_provider *prov, LPMAPISUP sup, const MAPIUID *uid, ULONG id, IMAPIFolder **out)
{
    tp_folder *f = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*f));

    if (!f)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    f->IMAPIFolder_iface.lpVtbl = (IMAPIFolderVtbl *)&folder_vtbl;
    ms_base_init(&f->b, prov, sup, uid, id);
    *out = &f->IMAPIFolder_iface;
    return S_OK;
}

/* OpenEntry of the store, its logon and its folders: the root (cb 0) and
 * the IDs above; MAPI_E_INVALID_ENTRYID for anything else. */
HRESULT tp_ms_open(tp_provider *prov, LPMAPISUP sup, const MAPIUID *uid, ULONG cb, const ENTRYID *eid,
                   LPCIID iid, ULONG *type, LPUNKNOWN *out)
{
    tp_mdata *md;
    ULONG id = TP_FOLDER_ROOT;
    int kind = cb ? parse_eid(uid, cb, eid, &id) : 1;
    IUnknown *obj = NULL;
    HRESULT hr = S_OK;

    *out = NULL;
    if (!kind)
        return MAPI_E_INVALID_ENTRYID;
    if (iid && !IsEqualGUID(iid, &IID_IUnknown) && !IsEqualGUID(iid, &IID_IMAPIProp) &&
        !IsEqualGUID(iid, kind == 1 ? &IID_IMAPIFolder : &IID_IMessage) &&
        !(kind == 1 && IsEqualGUID(iid, &IID_IMAPIContainer)))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    EnterCriticalSection(&prov->cs);
    md = ms_mdata_get(prov);
    if (!md)
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else if (kind == 1)
        hr = ms_find_folder(md, id) ? folder_new(prov, sup, uid, id, (IMAPIFolder **)&obj) : MAPI_E_NOT_FOUND;
    else
    {
        tp_mnode *m = ms_find_msg(md, id);
        hr = m ? ms_message_new(prov, sup, uid, 0, m, (IMessage **)&obj) : MAPI_E_NOT_FOUND;
    }
    LeaveCriticalSection(&prov->cs);
    if (SUCCEEDED(hr))
    {
        *type = kind == 1 ? MAPI_FOLDER : MAPI_MESSAGE;
        *out = obj;
    }
    return hr;
}

/* ------------------------------------------------------------------------ */
/* IMAPIFolder                                                               */

static HRESULT STDMETHODCALLTYPE folder_QueryInterface(IMAPIFolder *iface, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_INVALIDARG;
    *ppv = NULL;
    if (riid && (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPIProp) ||
                 IsEqualGUID(riid, &IID_IMAPIContainer) || IsEqualGUID(riid, &IID_IMAPIFolder)))
    {
        *ppv = iface;
        IMAPIFolder_AddRef(iface);
        return S_OK;
    }
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE folder_AddRef(IMAPIFolder *iface)
{
    return InterlockedIncrement(&impl_from_IMAPIFolder(iface)->b.ref);
}

static ULONG STDMETHODCALLTYPE folder_Release(IMAPIFolder *iface)
{
    tp_folder *f = impl_from_IMAPIFolder(iface);
    ULONG ref = InterlockedDecrement(&f->b.ref);

    if (!ref)
    {
        ms_base_free(&f->b);
        HeapFree(GetProcessHeap(), 0, f);
    }
    return ref;
}

TP_PROP_STUBS(folder, IMAPIFolder)

static HRESULT STDMETHODCALLTYPE folder_SaveChanges(IMAPIFolder *iface, ULONG ulFlags)
{
    return S_OK;
}

enum { FP_EID, FP_PARENT, FP_NAME, FP_OBJTYPE, FP_FTYPE, FP_COUNT, FP_SUBS, FP_STORE, FP_RKEY, FP_N };

/* The folder's properties, computed: one block from the provider's allocator. */
static HRESULT folder_props(tp_folder *f, SPropValue **out)
{
    const tp_alloc *a = &f->b.prov->alloc;
    BYTE eid[TP_MS_EID_SIZE], peid[TP_MS_EID_SIZE], seid[24];
    tp_mdata *md;
    tp_fnode *node;
    SPropValue *p = NULL;
    HRESULT hr;

    EnterCriticalSection(&f->b.prov->cs);
    md = ms_mdata_get(f->b.prov);
    node = ms_find_folder(md, f->b.id);
    if (!node)
    {
        LeaveCriticalSection(&f->b.prov->cs);
        return MAPI_E_OBJECT_DELETED;
    }
    if (FAILED(hr = a->alloc(FP_N * sizeof(SPropValue), (void **)&p)))
    {
        LeaveCriticalSection(&f->b.prov->cs);
        return hr;
    }
    memset(p, 0, FP_N * sizeof(SPropValue));
    tp_ms_eid(&f->b.uid, TRUE, f->b.id, eid);
    tp_ms_eid(&f->b.uid, TRUE, node->parent ? node->parent : f->b.id, peid);
    memset(seid, 0, 4);
    memcpy(seid + 4, &f->b.uid, sizeof(MAPIUID));
    memcpy(seid + 20, "TPMS", 4);
    hr = tp_set_binary(&p[FP_EID], PR_ENTRYID, eid, sizeof(eid), p, a);
    if (SUCCEEDED(hr))
        hr = tp_set_binary(&p[FP_PARENT], PR_PARENT_ENTRYID, peid, sizeof(peid), p, a);
    if (SUCCEEDED(hr))
        hr = tp_set_string(&p[FP_NAME], PROP_ID(PR_DISPLAY_NAME_W), node->name, TRUE, p, a);
    if (SUCCEEDED(hr))
        hr = tp_set_binary(&p[FP_STORE], PR_STORE_ENTRYID, seid, sizeof(seid), p, a);
    if (SUCCEEDED(hr))
        hr = tp_set_binary(&p[FP_RKEY], PR_RECORD_KEY, eid, sizeof(eid), p, a);
    p[FP_OBJTYPE].ulPropTag = PR_OBJECT_TYPE;
    p[FP_OBJTYPE].Value.l = MAPI_FOLDER;
    p[FP_FTYPE].ulPropTag = PR_FOLDER_TYPE;
    p[FP_FTYPE].Value.l = node->parent ? FOLDER_GENERIC : FOLDER_ROOT;
    p[FP_COUNT].ulPropTag = PR_CONTENT_COUNT;
    p[FP_COUNT].Value.l = count_msgs(md, f->b.id);
    p[FP_SUBS].ulPropTag = PR_SUBFOLDERS;
    p[FP_SUBS].Value.b = count_folders(md, f->b.id) != 0;
    LeaveCriticalSection(&f->b.prov->cs);
    if (FAILED(hr))
    {
        a->free(p);
        return hr;
    }
    *out = p;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE folder_GetProps(IMAPIFolder *iface, LPSPropTagArray lpPropTagArray,
        ULONG ulFlags, ULONG *lpcValues, LPSPropValue *lppPropArray)
{
    tp_folder *f = impl_from_IMAPIFolder(iface);
    SPropValue *p;
    HRESULT hr = folder_props(f, &p);

    if (FAILED(hr))
        return hr;
    hr = tp_get_props(p, FP_N, &f->b.prov->alloc, lpPropTagArray, ulFlags, lpcValues, lppPropArray);
    f->b.prov->alloc.free(p);
    return hr;
}

static HRESULT STDMETHODCALLTYPE folder_GetPropList(IMAPIFolder *iface, ULONG ulFlags,
        LPSPropTagArray *lppPropTagArray)
{
    tp_folder *f = impl_from_IMAPIFolder(iface);
    SPropValue *p;
    HRESULT hr = folder_props(f, &p);

    if (FAILED(hr))
        return hr;
    hr = tp_get_prop_list(p, FP_N, &f->b.prov->alloc, ulFlags, lppPropTagArray);
    f->b.prov->alloc.free(p);
    return hr;
}

/* PR_DISPLAY_NAME renames; the rest is computed and left alone. */
static HRESULT STDMETHODCALLTYPE folder_SetProps(IMAPIFolder *iface, ULONG cValues, LPSPropValue lpPropArray,
        LPSPropProblemArray *lppProblems)
{
    tp_folder *f = impl_from_IMAPIFolder(iface);
    tp_fnode *node;
    ULONG i;

    if (lppProblems)
        *lppProblems = NULL;
    if (!lpPropArray || !cValues)
        return MAPI_E_INVALID_PARAMETER;
    EnterCriticalSection(&f->b.prov->cs);
    node = ms_find_folder(ms_mdata_get(f->b.prov), f->b.id);
    for (i = 0; node && i < cValues; i++)
    {
        if (lpPropArray[i].ulPropTag == PR_DISPLAY_NAME_W && lpPropArray[i].Value.lpszW)
            lstrcpynW(node->name, lpPropArray[i].Value.lpszW, NAME_LEN);
        else if (lpPropArray[i].ulPropTag == PR_DISPLAY_NAME_A && lpPropArray[i].Value.lpszA)
            MultiByteToWideChar(CP_ACP, 0, lpPropArray[i].Value.lpszA, -1, node->name, NAME_LEN);
    }
    LeaveCriticalSection(&f->b.prov->cs);
    return node ? S_OK : MAPI_E_OBJECT_DELETED;
}

/* Rows of ids (messages or subfolders) as a table: PR_ENTRYID, a name
 * (PR_SUBJECT or PR_DISPLAY_NAME), PR_INSTANCE_KEY, PR_MESSAGE_FLAGS or
 * PR_SUBFOLDERS. */
static HRESULT folder_table(tp_folder *f, BOOL hierarchy, ULONG flags, LPMAPITABLE *out)
{
    const tp_alloc *a = &f->b.prov->alloc;
    BOOL unicode = (flags & MAPI_UNICODE) != 0;
    ULONG name_tag = hierarchy ? (unicode ? PR_DISPLAY_NAME_W : PR_DISPLAY_NAME_A)
                               : (unicode ? PR_SUBJECT_W : PR_SUBJECT_A);
    SizedSPropTagArray(4, cols) = { 4, { PR_ENTRYID, name_tag, PR_INSTANCE_KEY,
                                         hierarchy ? PR_SUBFOLDERS : PR_MESSAGE_FLAGS } };
    SizedSPropTagArray(2, mtags) = { 2, { name_tag, PR_MESSAGE_FLAGS } };
    void *block = NULL;
    SRow *rows;
    ULONG n = 0, i, cap;
    tp_mdata *md;
    HRESULT hr = S_OK;

    if (!out)
        return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    EnterCriticalSection(&f->b.prov->cs);
    md = ms_mdata_get(f->b.prov);
    if (!ms_find_folder(md, f->b.id))
        hr = MAPI_E_OBJECT_DELETED;
    cap = md ? (hierarchy ? md->nfolders : md->nmsgs) : 0;
    if (SUCCEEDED(hr))
        hr = a->alloc(sizeof(SRow) * (cap + 1), &block);
    rows = block;
    for (i = 0; SUCCEEDED(hr) && i < cap; i++)
    {
        SPropValue *p = NULL, *mv = NULL;
        ULONG id, got = 0;

        if (hierarchy ? md->folders[i].parent != f->b.id : md->msgs[i].folder != f->b.id)
            continue;
        id = hierarchy ? md->folders[i].id : md->msgs[i].id;
        if (FAILED(hr = a->more(4 * sizeof(SPropValue), block, (void **)&p)))
            break;
        memset(p, 0, 4 * sizeof(SPropValue));
        if (FAILED(hr = a->more(TP_MS_EID_SIZE, block, (void **)&p[0].Value.bin.lpb)))
            break;
        p[0].ulPropTag = PR_ENTRYID;
        p[0].Value.bin.cb = TP_MS_EID_SIZE;
        tp_ms_eid(&f->b.uid, hierarchy, id, p[0].Value.bin.lpb);
        p[2].ulPropTag = PR_INSTANCE_KEY;
        p[2].Value.bin = p[0].Value.bin;
        if (hierarchy)
        {
            hr = tp_set_string(&p[1], PROP_ID(name_tag), md->folders[i].name, unicode, block, a);
            p[3].ulPropTag = PR_SUBFOLDERS;
            p[3].Value.b = count_folders(md, id) != 0;
        }
        else
        {
            hr = IPropData_GetProps(md->msgs[i].props, (LPSPropTagArray)&mtags, flags & MAPI_UNICODE, &got, &mv);
            hr = FAILED(hr) ? hr : S_OK;
            if (SUCCEEDED(hr))
                hr = tp_copy_value(&p[1], &mv[0], PROP_TYPE(mv[0].ulPropTag), block, a);
            if (SUCCEEDED(hr))
                p[3] = mv[1];
            if (mv)
                a->free(mv);
        }
        rows[n].ulAdrEntryPad = 0;
        rows[n].cValues = 4;
        rows[n].lpProps = p;
        n++;
    }
    LeaveCriticalSection(&f->b.prov->cs);
    if (SUCCEEDED(hr))
        hr = tp_make_table(a, (LPSPropTagArray)&cols, rows, n, out);
    if (block)
        a->free(block);
    return hr;
}

static HRESULT STDMETHODCALLTYPE folder_GetContentsTable(IMAPIFolder *iface, ULONG ulFlags, LPMAPITABLE *lppTable)
{
    return folder_table(impl_from_IMAPIFolder(iface), FALSE, ulFlags, lppTable);
}

static HRESULT STDMETHODCALLTYPE folder_GetHierarchyTable(IMAPIFolder *iface, ULONG ulFlags,
        LPMAPITABLE *lppTable)
{
    return folder_table(impl_from_IMAPIFolder(iface), TRUE, ulFlags, lppTable);
}

static HRESULT STDMETHODCALLTYPE folder_OpenEntry(IMAPIFolder *iface, ULONG cbEntryID, LPENTRYID lpEntryID,
        LPCIID lpInterface, ULONG ulFlags, ULONG *lpulObjType, LPUNKNOWN *lppUnk)
{
    tp_folder *f = impl_from_IMAPIFolder(iface);

    if (!lpulObjType || !lppUnk)
        return MAPI_E_INVALID_PARAMETER;
    return tp_ms_open(f->b.prov, f->b.sup, &f->b.uid, cbEntryID, lpEntryID, lpInterface, lpulObjType, lppUnk);
}

static HRESULT STDMETHODCALLTYPE folder_SetSearchCriteria(IMAPIFolder *iface, LPSRestriction lpRestriction,
        LPENTRYLIST lpContainerList, ULONG ulSearchFlags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE folder_GetSearchCriteria(IMAPIFolder *iface, ULONG ulFlags,
        LPSRestriction *lppRestriction, LPENTRYLIST *lppContainerList, ULONG *lpulSearchState)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE folder_CreateMessage(IMAPIFolder *iface, LPCIID lpInterface, ULONG ulFlags,
        LPMESSAGE *lppMessage)
{
    tp_folder *f = impl_from_IMAPIFolder(iface);

    if (!lppMessage)
        return MAPI_E_INVALID_PARAMETER;
    *lppMessage = NULL;
    if (lpInterface && !IsEqualGUID(lpInterface, &IID_IMessage) && !IsEqualGUID(lpInterface, &IID_IUnknown) &&
        !IsEqualGUID(lpInterface, &IID_IMAPIProp))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    return ms_message_new(f->b.prov, f->b.sup, &f->b.uid, f->b.id, NULL, lppMessage);
}

/* Copies through the support object (MAPI's generic code). */
static HRESULT STDMETHODCALLTYPE folder_CopyMessages(IMAPIFolder *iface, LPENTRYLIST lpMsgList,
        LPCIID lpInterface, LPVOID lpDestFolder, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, ULONG ulFlags)
{
    tp_folder *f = impl_from_IMAPIFolder(iface);

    if (!f->b.sup)
        return MAPI_E_NO_SUPPORT;
    return IMAPISupport_CopyMessages(f->b.sup, &IID_IMAPIFolder, iface, lpMsgList,
                                     lpInterface ? lpInterface : &IID_IMAPIFolder, lpDestFolder, ulUIParam,
                                     lpProgress, ulFlags);
}

/* Messages of this folder; any other ID: MAPI_W_PARTIAL_COMPLETION. */
static HRESULT STDMETHODCALLTYPE folder_DeleteMessages(IMAPIFolder *iface, LPENTRYLIST lpMsgList,
        ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, ULONG ulFlags)
{
    tp_folder *f = impl_from_IMAPIFolder(iface);
    BOOL partial = FALSE;
    tp_mdata *md;
    ULONG i, id;

    if (!lpMsgList || (lpMsgList->cValues && !lpMsgList->lpbin))
        return MAPI_E_INVALID_PARAMETER;
    EnterCriticalSection(&f->b.prov->cs);
    md = ms_mdata_get(f->b.prov);
    for (i = 0; i < lpMsgList->cValues; i++)
    {
        tp_mnode *m = NULL;
        if (parse_eid(&f->b.uid, lpMsgList->lpbin[i].cb, (ENTRYID *)lpMsgList->lpbin[i].lpb, &id) == 2)
            m = ms_find_msg(md, id);
        if (m && m->folder == f->b.id)
            remove_msg(md, m);
        else
            partial = TRUE;
    }
    LeaveCriticalSection(&f->b.prov->cs);
    return partial ? MAPI_W_PARTIAL_COMPLETION : S_OK;
}

static HRESULT STDMETHODCALLTYPE folder_CreateFolder(IMAPIFolder *iface, ULONG ulFolderType,
        LPTSTR lpszFolderName, LPTSTR lpszFolderComment, LPCIID lpInterface, ULONG ulFlags,
        LPMAPIFOLDER *lppFolder)
{
    tp_folder *f = impl_from_IMAPIFolder(iface);
    WCHAR name[NAME_LEN];
    tp_mdata *md;
    ULONG i, id = 0;
    HRESULT hr = S_OK;

    if (!lppFolder || !lpszFolderName)
        return MAPI_E_INVALID_PARAMETER;
    *lppFolder = NULL;
    if (ulFlags & ~(MAPI_UNICODE | OPEN_IF_EXISTS | MAPI_DEFERRED_ERRORS))
        return MAPI_E_UNKNOWN_FLAGS;
    if (ulFolderType != FOLDER_GENERIC)
        return MAPI_E_NO_SUPPORT;
    if (ulFlags & MAPI_UNICODE)
        lstrcpynW(name, (const WCHAR *)lpszFolderName, NAME_LEN);
    else
        MultiByteToWideChar(CP_ACP, 0, (const char *)lpszFolderName, -1, name, NAME_LEN);
    EnterCriticalSection(&f->b.prov->cs);
    md = ms_mdata_get(f->b.prov);
    if (!ms_find_folder(md, f->b.id))
        hr = MAPI_E_OBJECT_DELETED;
    for (i = 0; SUCCEEDED(hr) && i < md->nfolders; i++)
        if (md->folders[i].parent == f->b.id && !lstrcmpiW(md->folders[i].name, name))
        {
            if (ulFlags & OPEN_IF_EXISTS)
                id = md->folders[i].id;
            else
                hr = MAPI_E_COLLISION;
        }
    if (SUCCEEDED(hr) && !id)
    {
        if (md->nfolders == MAX_FOLDERS)
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else
        {
            tp_fnode *node = &md->folders[md->nfolders++];
            node->id = id = md->next_id++;
            node->parent = f->b.id;
            lstrcpyW(node->name, name);
        }
    }
    LeaveCriticalSection(&f->b.prov->cs);
    if (SUCCEEDED(hr))
        hr = folder_new(f->b.prov, f->b.sup, &f->b.uid, id, lppFolder);
    return hr;
}

static HRESULT STDMETHODCALLTYPE folder_CopyFolder(IMAPIFolder *iface, ULONG cbEntryID, LPENTRYID lpEntryID,
        LPCIID lpInterface, LPVOID lpDestFolder, LPTSTR lpszNewFolderName, ULONG_PTR ulUIParam,
        LPMAPIPROGRESS lpProgress, ULONG ulFlags)
{
    tp_folder *f = impl_from_IMAPIFolder(iface);

    if (!f->b.sup)
        return MAPI_E_NO_SUPPORT;
    return IMAPISupport_CopyFolder(f->b.sup, &IID_IMAPIFolder, iface, cbEntryID, lpEntryID,
                                   lpInterface ? lpInterface : &IID_IMAPIFolder, lpDestFolder, lpszNewFolderName,
                                   ulUIParam, lpProgress, ulFlags);
}

/* A subfolder of this one; the root, Inbox and Sent Items stay. */
static HRESULT STDMETHODCALLTYPE folder_DeleteFolder(IMAPIFolder *iface, ULONG cbEntryID, LPENTRYID lpEntryID,
        ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, ULONG ulFlags)
{
    tp_folder *f = impl_from_IMAPIFolder(iface);
    tp_fnode *node = NULL;
    tp_mdata *md;
    ULONG id;
    HRESULT hr = S_OK;

    if (ulFlags & ~(DEL_MESSAGES | DEL_FOLDERS | FOLDER_DIALOG))
        return MAPI_E_UNKNOWN_FLAGS;
    if (parse_eid(&f->b.uid, cbEntryID, lpEntryID, &id) != 1)
        return MAPI_E_INVALID_ENTRYID;
    EnterCriticalSection(&f->b.prov->cs);
    md = ms_mdata_get(f->b.prov);
    node = ms_find_folder(md, id);
    if (!node || node->parent != f->b.id)
        hr = MAPI_E_NOT_FOUND;
    else if (id <= TP_FOLDER_SENT)
        hr = MAPI_E_NO_ACCESS;
    else if (!(ulFlags & DEL_MESSAGES) && count_msgs(md, id))
        hr = MAPI_E_HAS_MESSAGES;
    else if (!(ulFlags & DEL_FOLDERS) && count_folders(md, id))
        hr = MAPI_E_HAS_FOLDERS;
    else
        remove_folder(md, id);
    LeaveCriticalSection(&f->b.prov->cs);
    return hr;
}

static HRESULT STDMETHODCALLTYPE folder_SetReadFlags(IMAPIFolder *iface, LPENTRYLIST lpMsgList,
        ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, ULONG ulFlags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE folder_GetMessageStatus(IMAPIFolder *iface, ULONG cbEntryID,
        LPENTRYID lpEntryID, ULONG ulFlags, ULONG *lpulMessageStatus)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE folder_SetMessageStatus(IMAPIFolder *iface, ULONG cbEntryID,
        LPENTRYID lpEntryID, ULONG ulNewStatus, ULONG ulNewStatusMask, ULONG *lpulOldStatus)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE folder_SaveContentsSort(IMAPIFolder *iface, LPSSortOrderSet lpSortCriteria,
        ULONG ulFlags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE folder_EmptyFolder(IMAPIFolder *iface, ULONG_PTR ulUIParam,
        LPMAPIPROGRESS lpProgress, ULONG ulFlags)
{
    return MAPI_E_NO_SUPPORT;
}

static const IMAPIFolderVtbl folder_vtbl =
{
    folder_QueryInterface,
    folder_AddRef,
    folder_Release,
    folder_GetLastError,
    folder_SaveChanges,
    folder_GetProps,
    folder_GetPropList,
    folder_OpenProperty,
    folder_SetProps,
    folder_DeleteProps,
    folder_CopyTo,
    folder_CopyProps,
    folder_GetNamesFromIDs,
    folder_GetIDsFromNames,
    folder_GetContentsTable,
    folder_GetHierarchyTable,
    folder_OpenEntry,
    folder_SetSearchCriteria,
    folder_GetSearchCriteria,
    folder_CreateMessage,
    folder_CopyMessages,
    folder_DeleteMessages,
    folder_CreateFolder,
    folder_CopyFolder,
    folder_DeleteFolder,
    folder_SetReadFlags,
    folder_GetMessageStatus,
    folder_SetMessageStatus,
    folder_SaveContentsSort,
    folder_EmptyFolder,
};

