/*
 * What the files of the address book share (addrbook.c, oneoff.c, abroot.c,
 * abresolve.c): flags, MAPI's root entry ID, the structures and the helpers
 * one of them defines for the others.  Not for the rest of mapi32.
 */
#ifndef FREEMAPI_ADDRBOOK_PRIVATE_H
#define FREEMAPI_ADDRBOOK_PRIVATE_H

#include <string.h>

#include "mapi32_private.h"
#include "session.h"

#include <mapiutil.h>

/* mapix.h flag of Details (Microsoft's header value) */
#ifndef AB_TELL_DETAILS_CHANGE
#define AB_TELL_DETAILS_CHANGE ((ULONG)0x00000004)
#endif
/* iaddrbook-openentry.md: Exchange only */
/* GetHierarchyTable (mapidefs.h) */
#ifndef SHOW_SOFT_DELETES
#define SHOW_SOFT_DELETES ((ULONG)0x00000002)
#endif
#ifndef MAPI_GAL_ONLY
#define MAPI_GAL_ONLY ((ULONG)0x00000080)
#endif

/* MAPI's own root container (also opened with no entry ID): 4 zero bytes
 * and a MAPIUID no provider can have; docs/addrbook.md says why. */
#define AB_ROOT_EID_SIZE 20
static const BYTE ab_root_eid[AB_ROOT_EID_SIZE] = {0, 0, 0, 0, 'F', 'r', 'e', 'e', 'M', 'A', 'P', 'I',
                                                   '.', 'a', 'b', 'r', 'o', 'o', 't', '1'};

static inline BOOL ab_is_root_eid(ULONG cb, const ENTRYID *eid)
{
    return cb == AB_ROOT_EID_SIZE && !memcmp((const BYTE *)eid + 4, ab_root_eid + 4, 16);
}

/* The properties of a one-off recipient (oneoff_props). */
#define ONEOFF_PROPS 10

struct ab_one_off {
    WCHAR *name, *type, *addr;
    WORD flags;
};

/* ---- IMAPIProp forwarded to an inner, read-only IPropData ---- */

#define AB_FORWARD_PROPS(prefix, Type, impl)                                                                     \
static HRESULT WINAPI prefix##_SaveChanges(Type *iface, ULONG flags)                                          \
{ return IPropData_SaveChanges(impl(iface)->props, flags); }                                                 \
static HRESULT WINAPI prefix##_GetProps(Type *iface, LPSPropTagArray tags, ULONG flags, ULONG *count,         \
                                        LPSPropValue *props)                                                  \
{ return IPropData_GetProps(impl(iface)->props, tags, flags, count, props); }                                \
static HRESULT WINAPI prefix##_GetPropList(Type *iface, ULONG flags, LPSPropTagArray *tags)                   \
{ return IPropData_GetPropList(impl(iface)->props, flags, tags); }                                           \
static HRESULT WINAPI prefix##_OpenProperty(Type *iface, ULONG tag, LPCIID iid, ULONG opts, ULONG flags,      \
                                            LPUNKNOWN *out)                                                   \
{ return IPropData_OpenProperty(impl(iface)->props, tag, iid, opts, flags, out); }                           \
static HRESULT WINAPI prefix##_SetProps(Type *iface, ULONG count, LPSPropValue props,                         \
                                        LPSPropProblemArray *problems)                                        \
{ return IPropData_SetProps(impl(iface)->props, count, props, problems); }                                   \
static HRESULT WINAPI prefix##_DeleteProps(Type *iface, LPSPropTagArray tags, LPSPropProblemArray *problems)  \
{ return IPropData_DeleteProps(impl(iface)->props, tags, problems); }                                        \
static HRESULT WINAPI prefix##_CopyTo(Type *iface, ULONG ciid, LPCIID excl, LPSPropTagArray exclude,          \
                                      ULONG_PTR ui, LPMAPIPROGRESS progress, LPCIID iid, LPVOID dest,         \
                                      ULONG flags, LPSPropProblemArray *problems)                             \
{ return IPropData_CopyTo(impl(iface)->props, ciid, excl, exclude, ui, progress, iid, dest, flags, problems); } \
static HRESULT WINAPI prefix##_CopyProps(Type *iface, LPSPropTagArray include, ULONG_PTR ui,                  \
                                         LPMAPIPROGRESS progress, LPCIID iid, LPVOID dest, ULONG flags,       \
                                         LPSPropProblemArray *problems)                                       \
{ return IPropData_CopyProps(impl(iface)->props, include, ui, progress, iid, dest, flags, problems); }       \
static HRESULT WINAPI prefix##_GetNamesFromIDs(Type *iface, LPSPropTagArray *tags, LPGUID guid, ULONG flags,  \
                                               ULONG *count, LPMAPINAMEID **names)                            \
{ return IPropData_GetNamesFromIDs(impl(iface)->props, tags, guid, flags, count, names); }                   \
static HRESULT WINAPI prefix##_GetIDsFromNames(Type *iface, ULONG count, LPMAPINAMEID *names, ULONG flags,    \
                                               LPSPropTagArray *tags)                                         \
{ return IPropData_GetIDsFromNames(impl(iface)->props, count, names, flags, tags); }

struct addrbook {
    IAddrBook IAddrBook_iface;
    LONG refcount;
    struct session *s;
    struct admin_profile *prof;
    IPropData *props;
    struct last_error err;
    CRITICAL_SECTION cs;        /* guards conns */
    ULONG_PTR *conns;           /* Advise connections (the session's numbers) */
    ULONG nconns, capconns;
};

enum { AB_C_ENTRYID, AB_C_NAME, AB_C_OBJTYPE, AB_C_DISPTYPE, AB_C_FLAGS, AB_C_DEPTH, AB_C_PROVID, AB_C_COMMENT,
       AB_C_STATUS, AB_C_COUNT };

/* What is asked of the providers' hierarchy tables and containers. */
static const SizedSPropTagArray(8, ab_query_tags) = {8, {
    PR_ENTRYID, PR_DISPLAY_NAME_W, PR_OBJECT_TYPE, PR_DISPLAY_TYPE, PR_CONTAINER_FLAGS, PR_DEPTH, PR_COMMENT_W,
    PR_STATUS}};

struct ab_cont {
    SPropValue *props;          /* AB_C_COUNT values, Unicode, one MAPIAllocateBuffer block */
    ULONG logon;                /* index in the walk's logons */
};

struct ab_uidmap {
    MAPIUID uid;
    ULONG logon;
};

/* A walk over the providers: their logons, containers and MAPIUIDs. */
struct ab_walk {
    struct ab_logon_ref *logons;
    ULONG nlogons;
    struct ab_cont *conts;
    ULONG nconts, capconts;
    struct ab_uidmap *uids;
    ULONG nuids, capuids;
};

/* The search path, each container's AB_C_COUNT properties (Unicode) in one
 * HeapAlloc'ed array of MAPIAllocateBuffer blocks (ab_path_free). */
struct ab_path {
    SPropValue **rows;
    ULONG count;
};

/* A container MAPI chose (the PAB, the default directory): its entry ID,
 * pointing into the walk or into stored (the profile's value, HeapAlloc'ed;
 * ab_choice_free). */
struct ab_choice {
    SBinary eid;
    SPropValue *stored;
};

static inline BOOL ab_grow(void **array, ULONG count, ULONG *cap, SIZE_T sz)
{
    ULONG ncap;
    void *p;

    if (count < *cap) return TRUE;
    ncap = *cap ? *cap * 2 : 8;
    p = *array ? HeapReAlloc(GetProcessHeap(), 0, *array, ncap * sz) : HeapAlloc(GetProcessHeap(), 0, ncap * sz);
    if (!p) return FALSE;
    *array = p;
    *cap = ncap;
    return TRUE;
}

/* ---- addrbook.c: the address book object, helpers, the providers' containers ---- */

SPropValue *ab_find_id(SPropValue *props, ULONG count, ULONG tag);
SPropValue *ab_find_bin(SPropValue *props, ULONG count, ULONG tag);
WCHAR *ab_string_of(const SPropValue *v);
WCHAR *ab_wdup(const WCHAR *s, int len);
HRESULT ab_dup_props(const SPropValue *props, ULONG count, SPropValue **out);
HRESULT ab_merge_row(ADRENTRY *row, const SPropValue *first, ULONG nfirst);
HRESULT ab_make_props(const SPropValue *props, ULONG count, IPropData **out);
HRESULT ab_ended(struct addrbook *ab);
void ab_walk_free(struct ab_walk *w);
HRESULT ab_walk_create(struct addrbook *ab, BOOL deep, struct ab_walk *w);
ULONG ab_cont_flags(const struct ab_cont *c);
BOOL ab_cont_has_flags(const struct ab_cont *c);
LONG ab_walk_find(const struct ab_walk *w, ULONG cb, const BYTE *eid);
HRESULT ab_open(struct addrbook *ab, ULONG cb, const ENTRYID *eid, LPCIID iid, ULONG flags, ULONG *type,
                IUnknown **out);
HRESULT ab_open_cont_props(struct addrbook *ab, ULONG cb, const ENTRYID *eid, SPropValue **out);

/* ---- oneoff.c: one-off entry IDs and recipients ---- */

void oneoff_free(struct ab_one_off *o);
BOOL oneoff_parse(ULONG cb, const ENTRYID *eid, struct ab_one_off *o);
HRESULT oneoff_props(const WCHAR *name, const WCHAR *type, const WCHAR *addr, WORD oflags, ULONG cbeid,
                      const BYTE *eid, BOOL unicode, SPropValue **out);
HRESULT oneoff_open(ULONG cb, const ENTRYID *eid, LPCIID iid, ULONG *type, IUnknown **out);

/* ---- abroot.c: MAPI's root section and root container ---- */

HRESULT ab_root_get(struct addrbook *ab, ULONG tag, SPropValue **v);
HRESULT ab_root_set(struct addrbook *ab, const SPropValue *v);
void ab_path_free(struct ab_path *p);
HRESULT ab_path_get(struct addrbook *ab, struct ab_walk *w, struct ab_path *p);
BOOL ab_cont_valid(struct addrbook *ab, const struct ab_walk *w, ULONG cb, const BYTE *eid);
BOOL ab_pab_choose(struct addrbook *ab, const struct ab_walk *w, struct ab_choice *c);
BOOL ab_default_dir_choose(struct addrbook *ab, const struct ab_walk *w, const struct ab_choice *pab,
                           struct ab_choice *c);
void ab_choice_free(struct ab_choice *c);
HRESULT ab_copy_eid(ULONG cb, const BYTE *eid, ULONG *cb_out, ENTRYID **out);
HRESULT ab_open_root(struct addrbook *ab, LPCIID iid, ULONG *type, IUnknown **out);

/* ---- abresolve.c: name resolution ---- */

HRESULT ab_resolve_one_off(ADRENTRY *row, const WCHAR *name, BOOL unicode, BOOL *done);
WCHAR *ab_row_name(const ADRENTRY *row);
HRESULT ab_check_adrlist(const ADRLIST *list);
void ab_resolve_in(struct addrbook *ab, SPropValue *props, ADRLIST *list, FlagList *fl, ULONG flags);

#endif
