/*
 * The test store's private header (msfolder.c, msmessage.c, msattach.c):
 * the in-memory data and the objects over it.
 */
#ifndef TP_MSSTORE_H
#define TP_MSSTORE_H

#include "testprov.h"

#include <mapix.h>

#define MAX_FOLDERS 64
#define NAME_LEN    64

typedef struct tp_fnode
{
    ULONG id, parent;            /* parent 0: the root */
    WCHAR name[NAME_LEN];
} tp_fnode;

struct tp_anode;

/* A saved message: in a folder, or (id 0) embedded in an attachment. */
typedef struct tp_mnode
{
    ULONG id, folder;
    LPPROPDATA props;
    ULONG nrecip;
    LPPROPDATA *recip;
    ULONG natt;
    struct tp_anode *att;
} tp_mnode;

/* A saved attachment: its properties (with PR_ATTACH_NUM) and, for
 * ATTACH_EMBEDDED_MSG, the message in PR_ATTACH_DATA_OBJ. */
typedef struct tp_anode
{
    LPPROPDATA props;
    tp_mnode *emb;
} tp_anode;

struct tp_mdata
{
    tp_fnode folders[MAX_FOLDERS];
    ULONG nfolders;
    tp_mnode *msgs;
    ULONG nmsgs, capmsgs;
    ULONG next_id;
};

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
    tp_anode *att;
    ULONG next_attnum;
    struct tp_attach *owner;  /* strong: an embedded message's attachment */
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
    tp_mnode *emb;            /* PR_ATTACH_DATA_OBJ as last saved into it */
    IStream *writing;         /* PR_ATTACH_DATA_BIN opened to be written */
} tp_attach;

/* GetProps leaves out a PR_ATTACH_DATA_BIN bigger than this. */
#define TP_BIG_VALUE 8192

/* msfolder.c: the data, under prov->cs */
tp_mdata *ms_mdata_get(tp_provider *prov);
tp_fnode *ms_find_folder(tp_mdata *md, ULONG id);
tp_mnode *ms_find_msg(tp_mdata *md, ULONG id);
void ms_base_init(tp_obj_base *b, tp_provider *prov, LPMAPISUP sup, const MAPIUID *uid, ULONG id);
void ms_base_free(tp_obj_base *b);

/* msmessage.c */
LPPROPDATA ms_dup_props(LPPROPDATA src, const tp_alloc *a);
void ms_free_recips(LPPROPDATA *recip, ULONG n);
LPPROPDATA *ms_dup_recips(LPPROPDATA *recip, ULONG n, const tp_alloc *a);
void ms_free_atts(tp_anode *att, ULONG n);
tp_anode *ms_dup_atts(const tp_anode *att, ULONG n, const tp_alloc *a);
void ms_free_node(tp_mnode *m);
tp_mnode *ms_dup_node(const tp_mnode *m, const tp_alloc *a);
LONG ms_get_long(LPPROPDATA data, ULONG tag, const tp_alloc *a);
HRESULT ms_set_bin(LPPROPDATA data, ULONG tag, const void *p, ULONG cb);
HRESULT ms_set_long(LPPROPDATA data, ULONG tag, LONG l);
HRESULT ms_set_writable(LPPROPDATA data, const tp_alloc *a, ULONG cValues, LPSPropValue lpPropArray,
                        LPSPropProblemArray *lppProblems);
HRESULT ms_message_new(tp_provider *prov, LPMAPISUP sup, const MAPIUID *uid, ULONG folder, const tp_mnode *m,
                       IMessage **out);
HRESULT ms_embedded_new(struct tp_attach *owner, const tp_mnode *content, IMessage **out);

/* msattach.c */
tp_anode *ms_find_att(tp_message *m, ULONG num);
HRESULT ms_attach_new(tp_message *m, ULONG num, LPPROPDATA props, LPATTACH *out);
HRESULT STDMETHODCALLTYPE ms_message_GetAttachmentTable(IMessage *iface, ULONG ulFlags, LPMAPITABLE *lppTable);
HRESULT STDMETHODCALLTYPE ms_message_OpenAttach(IMessage *iface, ULONG ulAttachmentNum, LPCIID lpInterface,
                                                ULONG ulFlags, LPATTACH *lppAttach);
HRESULT STDMETHODCALLTYPE ms_message_CreateAttach(IMessage *iface, LPCIID lpInterface, ULONG ulFlags,
                                                  ULONG *lpulAttachmentNum, LPATTACH *lppAttach);
HRESULT STDMETHODCALLTYPE ms_message_DeleteAttach(IMessage *iface, ULONG ulAttachmentNum, ULONG_PTR ulUIParam,
                                                  LPMAPIPROGRESS lpProgress, ULONG ulFlags);

#endif /* TP_MSSTORE_H */
