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

#include "testprov.h"

#include <mapix.h>

#define MAX_FOLDERS 64
#define NAME_LEN    64

static const BYTE folder_magic[4] = { 'T', 'P', 'M', 'F' };
static const BYTE message_magic[4] = { 'T', 'P', 'M', 'M' };

typedef struct tp_fnode
{
    ULONG id, parent;            /* parent 0: the root */
    WCHAR name[NAME_LEN];
} tp_fnode;

typedef struct tp_mnode
{
    ULONG id, folder;
    LPPROPDATA props;
    ULONG nrecip;
    LPPROPDATA *recip;
    ULONG natt;
    LPPROPDATA *att;          /* each with its PR_ATTACH_NUM */
} tp_mnode;

struct tp_mdata
{
    tp_fnode folders[MAX_FOLDERS];
    ULONG nfolders;
    tp_mnode *msgs;
    ULONG nmsgs, capmsgs;
    ULONG next_id;
};

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

/* A new IPropData with every property of src. */
static LPPROPDATA dup_props(LPPROPDATA src, const tp_alloc *a)
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

static void free_recips(LPPROPDATA *recip, ULONG n)
{
    ULONG i;

    for (i = 0; i < n; i++)
        if (recip[i])
            IPropData_Release(recip[i]);
    HeapFree(GetProcessHeap(), 0, recip);
}

static LPPROPDATA *dup_recips(LPPROPDATA *recip, ULONG n, const tp_alloc *a)
{
    LPPROPDATA *out = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, (n ? n : 1) * sizeof(*out));
    ULONG i;

    for (i = 0; out && i < n; i++)
        if (!(out[i] = dup_props(recip[i], a)))
        {
            free_recips(out, n);
            return NULL;
        }
    return out;
}

static tp_mdata *mdata_get(tp_provider *prov)
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
        free_recips(md->msgs[i].recip, md->msgs[i].nrecip);
        free_recips(md->msgs[i].att, md->msgs[i].natt);
    }
    HeapFree(GetProcessHeap(), 0, md->msgs);
    HeapFree(GetProcessHeap(), 0, md);
}

static tp_fnode *find_folder(tp_mdata *md, ULONG id)
{
    ULONG i;

    for (i = 0; md && i < md->nfolders; i++)
        if (md->folders[i].id == id)
            return &md->folders[i];
    return NULL;
}

static tp_mnode *find_msg(tp_mdata *md, ULONG id)
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
    free_recips(m->recip, m->nrecip);
    free_recips(m->att, m->natt);
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
/* Objects                                                                   */

typedef struct tp_obj_base
{
    LONG ref;
    tp_provider *prov;        /* strong */
    LPMAPISUP sup;            /* strong */
    MAPIUID uid;
    ULONG id;
} tp_obj_base;

typedef struct tp_folder
{
    IMAPIFolder IMAPIFolder_iface;
    tp_obj_base b;
} tp_folder;

typedef struct tp_message
{
    IMessage IMessage_iface;
    tp_obj_base b;            /* id 0: never saved */
    ULONG folder;
    LPPROPDATA props;
    ULONG nrecip, caprecip;
    LPPROPDATA *recip;
    ULONG next_rowid;
    ULONG natt, capatt;       /* saved attachments, PR_ATTACH_NUM in each */
    LPPROPDATA *att;
    ULONG next_attnum;
} tp_message;

/* An attachment works on its own copy; its SaveChanges puts it into the
 * message (which the message's SaveChanges puts into the store). */
typedef struct tp_attach
{
    IAttach IAttach_iface;
    LONG ref;
    tp_message *msg;          /* strong */
    ULONG num;
    LPPROPDATA props;
} tp_attach;

static const IMAPIFolderVtbl folder_vtbl;
static const IMessageVtbl message_vtbl;
static const IAttachVtbl attach_vtbl;

static inline tp_folder *impl_from_IMAPIFolder(IMAPIFolder *iface)
{
    return CONTAINING_RECORD(iface, tp_folder, IMAPIFolder_iface);
}

static inline tp_message *impl_from_IMessage(IMessage *iface)
{
    return CONTAINING_RECORD(iface, tp_message, IMessage_iface);
}

static inline tp_attach *impl_from_IAttach(IAttach *iface)
{
    return CONTAINING_RECORD(iface, tp_attach, IAttach_iface);
}

/* A PT_LONG property of an IPropData, or -1. */
static LONG get_long(LPPROPDATA data, ULONG tag, const tp_alloc *a)
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

static void base_init(tp_obj_base *b, tp_provider *prov, LPMAPISUP sup, const MAPIUID *uid, ULONG id)
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

static void base_free(tp_obj_base *b)
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
    base_init(&f->b, prov, sup, uid, id);
    *out = &f->IMAPIFolder_iface;
    return S_OK;
}

static HRESULT set_bin(LPPROPDATA data, ULONG tag, const void *p, ULONG cb)
{
    SPropValue v;

    v.ulPropTag = tag;
    v.dwAlignPad = 0;
    v.Value.bin.cb = cb;
    v.Value.bin.lpb = (BYTE *)p;
    return IPropData_SetProps(data, 1, &v, NULL);
}

static HRESULT set_long(LPPROPDATA data, ULONG tag, LONG l)
{
    SPropValue v;

    v.ulPropTag = tag;
    v.dwAlignPad = 0;
    v.Value.l = l;
    return IPropData_SetProps(data, 1, &v, NULL);
}

/* A message object on a copy of a stored message (m), or a new one in folder. */
static HRESULT message_new(tp_provider *prov, LPMAPISUP sup, const MAPIUID *uid, ULONG folder, tp_mnode *m,
                           IMessage **out)
{
    const tp_alloc *a = &prov->alloc;
    tp_message *msg = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*msg));
    BYTE eid[TP_MS_EID_SIZE];
    ULONG i;

    if (!msg)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    msg->IMessage_iface.lpVtbl = (IMessageVtbl *)&message_vtbl;
    base_init(&msg->b, prov, sup, uid, m ? m->id : 0);
    msg->folder = m ? m->folder : folder;
    msg->next_rowid = 1;
    if (m)
    {
        msg->props = dup_props(m->props, a);
        msg->recip = dup_recips(m->recip, m->nrecip, a);
        msg->nrecip = msg->caprecip = m->nrecip;
        msg->att = dup_recips(m->att, m->natt, a);
        msg->natt = m->natt;
        msg->capatt = m->natt ? m->natt : 1;
        for (i = 0; msg->att && i < msg->natt; i++)
        {
            LONG num = get_long(msg->att[i], PR_ATTACH_NUM, a);
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
            set_bin(msg->props, PR_PARENT_ENTRYID, eid, sizeof(eid));
            set_long(msg->props, PR_OBJECT_TYPE, MAPI_MESSAGE);
            set_long(msg->props, PR_MESSAGE_FLAGS, MSGFLAG_UNSENT);
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
    md = mdata_get(prov);
    if (!md)
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else if (kind == 1)
        hr = find_folder(md, id) ? folder_new(prov, sup, uid, id, (IMAPIFolder **)&obj) : MAPI_E_NOT_FOUND;
    else
    {
        tp_mnode *m = find_msg(md, id);
        hr = m ? message_new(prov, sup, uid, 0, m, (IMessage **)&obj) : MAPI_E_NOT_FOUND;
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
        base_free(&f->b);
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
    md = mdata_get(f->b.prov);
    node = find_folder(md, f->b.id);
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
    node = find_folder(mdata_get(f->b.prov), f->b.id);
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
    md = mdata_get(f->b.prov);
    if (!find_folder(md, f->b.id))
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
    return message_new(f->b.prov, f->b.sup, &f->b.uid, f->b.id, NULL, lppMessage);
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
    md = mdata_get(f->b.prov);
    for (i = 0; i < lpMsgList->cValues; i++)
    {
        tp_mnode *m = NULL;
        if (parse_eid(&f->b.uid, lpMsgList->lpbin[i].cb, (ENTRYID *)lpMsgList->lpbin[i].lpb, &id) == 2)
            m = find_msg(md, id);
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
    md = mdata_get(f->b.prov);
    if (!find_folder(md, f->b.id))
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
    md = mdata_get(f->b.prov);
    node = find_folder(md, id);
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
        if (m->props)
            IPropData_Release(m->props);
        if (m->recip)
            free_recips(m->recip, m->nrecip);
        if (m->att)
            free_recips(m->att, m->natt);
        base_free(&m->b);
        HeapFree(GetProcessHeap(), 0, m);
    }
    return ref;
}

static HRESULT STDMETHODCALLTYPE message_GetLastError(IMessage *iface, HRESULT hResult, ULONG ulFlags,
        LPMAPIERROR *lppMAPIError)
{
    return tp_no_error(lppMAPIError);
}

/* Into the store: a new message gets its ID (PR_ENTRYID, PR_RECORD_KEY). */
static HRESULT STDMETHODCALLTYPE message_SaveChanges(IMessage *iface, ULONG ulFlags)
{
    tp_message *m = impl_from_IMessage(iface);
    const tp_alloc *a = &m->b.prov->alloc;
    LPPROPDATA props = NULL, *recip = NULL, *att = NULL;
    BYTE eid[TP_MS_EID_SIZE];
    tp_mdata *md;
    tp_mnode *node;
    HRESULT hr = S_OK;

    EnterCriticalSection(&m->b.prov->cs);
    md = mdata_get(m->b.prov);
    if (!find_folder(md, m->folder))
        hr = MAPI_E_OBJECT_DELETED;
    else if (m->b.id && !find_msg(md, m->b.id))
        hr = MAPI_E_OBJECT_DELETED;
    else if (!m->b.id)
    {
        ULONG id = md->next_id;
        tp_ms_eid(&m->b.uid, FALSE, id, eid);
        hr = set_bin(m->props, PR_ENTRYID, eid, sizeof(eid));
        if (SUCCEEDED(hr))
            hr = set_bin(m->props, PR_RECORD_KEY, eid, sizeof(eid));
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
    if (SUCCEEDED(hr))
    {
        props = dup_props(m->props, a);
        recip = dup_recips(m->recip, m->nrecip, a);
        att = dup_recips(m->att, m->natt, a);
        if (!props || !recip || !att)
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
    }
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
            node = find_msg(md, m->b.id);
            IPropData_Release(node->props);
            free_recips(node->recip, node->nrecip);
            free_recips(node->att, node->natt);
        }
        node->props = props;
        node->recip = recip;
        node->nrecip = m->nrecip;
        node->att = att;
        node->natt = m->natt;
        props = NULL;
        recip = NULL;
        att = NULL;
    }
    LeaveCriticalSection(&m->b.prov->cs);
    if (props)
        IPropData_Release(props);
    if (recip)
        free_recips(recip, m->nrecip);
    if (att)
        free_recips(att, m->natt);
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
static HRESULT set_writable(LPPROPDATA data, const tp_alloc *a, ULONG cValues, LPSPropValue lpPropArray,
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

    return set_writable(m->props, &m->b.prov->alloc, cValues, lpPropArray, lppProblems);
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

static LPPROPDATA *find_att(tp_message *m, ULONG num)
{
    ULONG i;

    for (i = 0; i < m->natt; i++)
        if (get_long(m->att[i], PR_ATTACH_NUM, &m->b.prov->alloc) == (LONG)num)
            return &m->att[i];
    return NULL;
}

static HRESULT attach_new(tp_message *m, ULONG num, LPPROPDATA props, LPATTACH *out)
{
    tp_attach *att = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*att));

    if (!att)
    {
        IPropData_Release(props);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    att->IAttach_iface.lpVtbl = (IAttachVtbl *)&attach_vtbl;
    att->ref = 1;
    att->msg = m;
    IMessage_AddRef(&m->IMessage_iface);
    att->num = num;
    att->props = props;
    *out = &att->IAttach_iface;
    return S_OK;
}

/* One row per saved attachment; PR_INSTANCE_KEY is PR_ATTACH_NUM's bytes. */
static HRESULT STDMETHODCALLTYPE message_GetAttachmentTable(IMessage *iface, ULONG ulFlags, LPMAPITABLE *lppTable)
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

        hr = IPropData_GetProps(m->att[i], (LPSPropTagArray)&cols, ulFlags & MAPI_UNICODE, &n, &v);
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

static HRESULT STDMETHODCALLTYPE message_OpenAttach(IMessage *iface, ULONG ulAttachmentNum, LPCIID lpInterface,
        ULONG ulFlags, LPATTACH *lppAttach)
{
    tp_message *m = impl_from_IMessage(iface);
    LPPROPDATA *stored, props;

    if (!lppAttach)
        return MAPI_E_INVALID_PARAMETER;
    *lppAttach = NULL;
    if (ulFlags & ~(MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS))
        return MAPI_E_UNKNOWN_FLAGS;
    if (!attach_iid_ok(lpInterface))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (!(stored = find_att(m, ulAttachmentNum)))
        return MAPI_E_NOT_FOUND;
    if (!(props = dup_props(*stored, &m->b.prov->alloc)))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    return attach_new(m, ulAttachmentNum, props, lppAttach);
}

static HRESULT STDMETHODCALLTYPE message_CreateAttach(IMessage *iface, LPCIID lpInterface, ULONG ulFlags,
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
    if (FAILED(set_long(props, PR_ATTACH_NUM, num)) || FAILED(set_long(props, PR_OBJECT_TYPE, MAPI_ATTACH)))
    {
        IPropData_Release(props);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    *lpulAttachmentNum = num;
    return attach_new(m, num, props, lppAttach);
}

static HRESULT STDMETHODCALLTYPE message_DeleteAttach(IMessage *iface, ULONG ulAttachmentNum, ULONG_PTR ulUIParam,
        LPMAPIPROGRESS lpProgress, ULONG ulFlags)
{
    tp_message *m = impl_from_IMessage(iface);
    LPPROPDATA *stored;

    if (ulFlags & ~ATTACH_DIALOG)
        return MAPI_E_UNKNOWN_FLAGS;
    if (!(stored = find_att(m, ulAttachmentNum)))
        return MAPI_E_NOT_FOUND;
    IPropData_Release(*stored);
    /* The table keeps its order. */
    memmove(stored, stored + 1, (m->natt - (stored - m->att) - 1) * sizeof(*stored));
    m->natt--;
    return S_OK;
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
        free_recips(m->recip, m->nrecip);
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
    message_GetAttachmentTable,
    message_OpenAttach,
    message_CreateAttach,
    message_DeleteAttach,
    message_GetRecipientTable,
    message_ModifyRecipients,
    message_SubmitMessage,
    message_SetReadFlag,
};

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

/* Into the message: replaces the attachment of the same number or adds it;
 * PR_ATTACH_SIZE is worked out here. */
static HRESULT STDMETHODCALLTYPE attach_SaveChanges(IAttach *iface, ULONG ulFlags)
{
    tp_attach *att = impl_from_IAttach(iface);
    tp_message *m = att->msg;
    const tp_alloc *a = &m->b.prov->alloc;
    SizedSPropTagArray(1, data) = { 1, { PR_ATTACH_DATA_BIN } };
    LPSPropValue v = NULL;
    LPPROPDATA copy, *stored;
    ULONG n, size = 0;

    if (ulFlags & ~(KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS))
        return MAPI_E_UNKNOWN_FLAGS;
    if (SUCCEEDED(IPropData_GetProps(att->props, (LPSPropTagArray)&data, 0, &n, &v)) && v &&
        v->ulPropTag == PR_ATTACH_DATA_BIN)
        size = v->Value.bin.cb;
    if (v)
        a->free(v);
    set_long(att->props, PR_ATTACH_SIZE, size);
    if (!(copy = dup_props(att->props, a)))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    if ((stored = find_att(m, att->num)))
    {
        IPropData_Release(*stored);
        *stored = copy;
        return S_OK;
    }
    if (m->natt == m->capatt)
    {
        LPPROPDATA *p = HeapReAlloc(GetProcessHeap(), 0, m->att, 2 * m->capatt * sizeof(*p));
        if (!p)
        {
            IPropData_Release(copy);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        m->att = p;
        m->capatt *= 2;
    }
    m->att[m->natt++] = copy;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE attach_GetProps(IAttach *iface, LPSPropTagArray lpPropTagArray, ULONG ulFlags,
        ULONG *lpcValues, LPSPropValue *lppPropArray)
{
    return IPropData_GetProps(impl_from_IAttach(iface)->props, lpPropTagArray, ulFlags, lpcValues, lppPropArray);
}

static HRESULT STDMETHODCALLTYPE attach_GetPropList(IAttach *iface, ULONG ulFlags, LPSPropTagArray *lppTags)
{
    return IPropData_GetPropList(impl_from_IAttach(iface)->props, ulFlags, lppTags);
}

/* PR_ATTACH_DATA_BIN as a read-only IStream over a copy of its bytes. */
static HRESULT STDMETHODCALLTYPE attach_OpenProperty(IAttach *iface, ULONG ulPropTag, LPCIID lpiid,
        ULONG ulInterfaceOptions, ULONG ulFlags, LPUNKNOWN *lppUnk)
{
    tp_attach *att = impl_from_IAttach(iface);
    SizedSPropTagArray(1, data) = { 1, { PR_ATTACH_DATA_BIN } };
    LPSPropValue v = NULL;
    IStream *stream = NULL;
    HGLOBAL mem;
    HRESULT hr;
    ULONG n;

    if (!lppUnk || !lpiid)
        return MAPI_E_INVALID_PARAMETER;
    *lppUnk = NULL;
    if (ulPropTag != PR_ATTACH_DATA_BIN || !IsEqualGUID(lpiid, &IID_IStream))
        return MAPI_E_NO_SUPPORT;
    if (ulFlags & (MAPI_CREATE | MAPI_MODIFY))
        return MAPI_E_NO_ACCESS;
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
                *lppUnk = (LPUNKNOWN)stream;
                hr = S_OK;
            }
        }
    }
    if (v)
        att->msg->b.prov->alloc.free(v);
    return hr;
}

static HRESULT STDMETHODCALLTYPE attach_SetProps(IAttach *iface, ULONG cValues, LPSPropValue lpPropArray,
        LPSPropProblemArray *lppProblems)
{
    tp_attach *att = impl_from_IAttach(iface);

    return set_writable(att->props, &att->msg->b.prov->alloc, cValues, lpPropArray, lppProblems);
}

static HRESULT STDMETHODCALLTYPE attach_DeleteProps(IAttach *iface, LPSPropTagArray lpPropTagArray,
        LPSPropProblemArray *lppProblems)
{
    return IPropData_DeleteProps(impl_from_IAttach(iface)->props, lpPropTagArray, lppProblems);
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

static const IAttachVtbl attach_vtbl =
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
