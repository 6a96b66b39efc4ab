/*
 * The preprocessors transports register (imapisupport-registerpreprocessor.md,
 * preprocessmessage.md, removepreprocessinfo.md; docs/sessions.md,
 * "Sending support").  One list for the process, each entry with its
 * session and transport logon, in the order of registration; an entry goes
 * when its logon ends.  Entries do not change once made: a caller takes
 * references to those it needs and uses them without the lock.
 *
 * Part of the session's machinery (it reads the session's transport logons
 * and their order), so it uses session_private.h.
 */
#define COBJMACROS
#include <string.h>

#include "mapi32_private.h"
#include "preprocessor.h"
#include "provdll.h"
#include "session_private.h"

#include <mapispi.h>
#include <mapiutil.h>

struct preproc {
    struct preproc *next;       /* under lock */
    LONG refs;                  /* the list's, and each caller's */
    struct session *s;
    struct logon *lo;
    MAPIUID sect;               /* the transport's section: its place in transport order */
    BOOL has_muid;
    MAPIUID muid;
    WCHAR *adrtype;             /* NULL: any */
    WCHAR *dll;
    char *preprocess;           /* NULL: none */
    char *remove;               /* NULL: none */
};

static SRWLOCK lock = SRWLOCK_INIT;
static struct preproc *list;

static void preproc_release(struct preproc *p)
{
    if (InterlockedDecrement(&p->refs)) return;
    HeapFree(GetProcessHeap(), 0, p->adrtype);
    HeapFree(GetProcessHeap(), 0, p->dll);
    HeapFree(GetProcessHeap(), 0, p->preprocess);
    HeapFree(GetProcessHeap(), 0, p->remove);
    HeapFree(GetProcessHeap(), 0, p);
}

static WCHAR *wide_copy(const char *str)
{
    int len = MultiByteToWideChar(CP_ACP, 0, str, -1, NULL, 0);
    WCHAR *w = len > 0 ? HeapAlloc(GetProcessHeap(), 0, len * sizeof(WCHAR)) : NULL;

    if (w) MultiByteToWideChar(CP_ACP, 0, str, -1, w, len);
    return w;
}

static char *ansi_copy(const char *str)
{
    char *a = HeapAlloc(GetProcessHeap(), 0, strlen(str) + 1);

    if (a) strcpy(a, str);
    return a;
}

/* Where a transport section stands in PR_TRANSPORT_PROVIDERS (order[n]);
 * one the list no longer names comes after all. */
static ULONG order_of(const MAPIUID *sect, const MAPIUID *order, ULONG n)
{
    ULONG i;

    for (i = 0; i < n; i++)
        if (!memcmp(&order[i], sect, sizeof(*sect))) return i;
    return n;
}

static BOOL same_string(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

static BOOL same_wstring(const WCHAR *a, const WCHAR *b)
{
    return a == b || (a && b && !lstrcmpiW(a, b));
}

/* The same preprocessor registered again by the same logon. */
static BOOL same_registration(const struct preproc *a, const struct preproc *b)
{
    return a->lo == b->lo && a->has_muid == b->has_muid &&
           (!a->has_muid || !memcmp(&a->muid, &b->muid, sizeof(MAPIUID))) && same_wstring(a->adrtype, b->adrtype) &&
           same_wstring(a->dll, b->dll) && same_string(a->preprocess, b->preprocess) &&
           same_string(a->remove, b->remove);
}

HRESULT preproc_register(struct logon *lo, const MAPIUID *muid, const char *adrtype, const char *dll,
                         const char *preprocess, const char *remove)
{
    struct preproc *p, **tail;
    BOOL ended, again = FALSE;
    MAPIUID *order;
    ULONG n;

    if (!(p = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*p)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    p->refs = 1;
    p->s = logon_session(lo);
    p->lo = lo;
    p->sect = *logon_section(lo);
    if ((p->has_muid = muid != NULL)) p->muid = *muid;
    if ((adrtype && !(p->adrtype = wide_copy(adrtype))) || !(p->dll = wide_copy(dll)) ||
        (preprocess && !(p->preprocess = ansi_copy(preprocess))) || (remove && !(p->remove = ansi_copy(remove)))) {
        preproc_release(p);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    /* Checked under the lock: logon_end marks the logon ended before it
     * takes the lock to drop the logon's entries.  Registered twice, a
     * preprocessor is still called once, in its first place. */
    AcquireSRWLockExclusive(&lock);
    if (!(ended = logon_ended(lo))) {
        for (tail = &list; *tail && !again; tail = &(*tail)->next) again = same_registration(*tail, p);
        if (!again) *tail = p;
    }
    ReleaseSRWLockExclusive(&lock);
    if (ended || again) {
        TRACE("%s from %ls: %s", preprocess ? preprocess : "(none)", p->dll,
              ended ? "the transport's logon ended" : "registered already");
        preproc_release(p);
        return ended ? MAPI_E_INVALID_OBJECT : S_OK;
    }
    /* p is the list's now (the logon may end meanwhile): lo's own data only. */
    if (freemapi_tracing) {
        session_root_list(logon_session(lo), PR_TRANSPORT_PROVIDERS, &order, &n);
        TRACE("transport %ls (place %lu in transport order) registered %s / %s in %s for %s%s%s", logon_dll(lo),
              order_of(logon_section(lo), order, n), preprocess ? preprocess : "(none)", remove ? remove : "(none)", dll,
              muid ? "its MAPIUID" : "", muid && adrtype ? " or " : "", adrtype ? adrtype : muid ? "" : "everyone");
        HeapFree(GetProcessHeap(), 0, order);
    }
    return S_OK;
}

void preproc_logon_ended(struct logon *lo)
{
    struct preproc **p = &list, *gone = NULL, *q;

    AcquireSRWLockExclusive(&lock);
    while (*p) {
        if ((*p)->lo == lo) {
            q = *p;
            *p = q->next;
            q->next = gone;
            gone = q;
        } else p = &(*p)->next;
    }
    ReleaseSRWLockExclusive(&lock);
    while ((q = gone)) {
        gone = q->next;
        TRACE("registration of %s from %ls goes with its logon", q->preprocess ? q->preprocess : "(none)",
              q->dll);
        preproc_release(q);
    }
}

/* The session's registrations, in order, each with a reference. */
static struct preproc **snapshot(struct session *s, ULONG *count)
{
    struct preproc *p, **out = NULL;
    ULONG n = 0;

    AcquireSRWLockShared(&lock);
    for (p = list; p; p = p->next) n += p->s == s;
    if (n && (out = HeapAlloc(GetProcessHeap(), 0, n * sizeof(*out)))) {
        n = 0;
        for (p = list; p; p = p->next)
            if (p->s == s) {
                InterlockedIncrement(&p->refs);
                out[n++] = p;
            }
    }
    ReleaseSRWLockShared(&lock);
    *count = out ? n : 0;
    return out;
}

BOOL preproc_any(struct session *s)
{
    struct preproc *p;
    BOOL any = FALSE;

    AcquireSRWLockShared(&lock);
    for (p = list; p && !any; p = p->next) any = p->s == s;
    ReleaseSRWLockShared(&lock);
    return any;
}

static void snapshot_free(struct preproc **pp, ULONG n)
{
    ULONG i;

    for (i = 0; i < n; i++) preproc_release(pp[i]);
    HeapFree(GetProcessHeap(), 0, pp);
}

/* ---- which recipients a preprocessor is for ---- */

/* What a transport logged on says it handles (ixplogon-addresstypes.md). */
struct xpcaps {
    struct logon *lo;
    ULONG order;
    WCHAR **types;
    ULONG ntypes;
    MAPIUID *uids;
    ULONG nuids;
};

struct transports {
    struct xpcaps *xp;
    ULONG n, cap;
    MAPIUID *order;             /* PR_TRANSPORT_PROVIDERS */
    ULONG norder;
};

static void caps_add(struct transports *t, struct logon *lo, ULONG flags, ULONG ntypes, LPTSTR *types,
                     ULONG nuids, MAPIUID **uids)
{
    struct xpcaps *c;
    ULONG i;

    if (!session_grow((void **)&t->xp, t->n, &t->cap, sizeof(*t->xp))) return;
    c = &t->xp[t->n++];
    memset(c, 0, sizeof(*c));
    c->lo = lo;
    c->order = order_of(&lo->sect->uid, t->order, t->norder);
    if (ntypes && types && (c->types = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, ntypes * sizeof(WCHAR *))))
        for (i = 0; i < ntypes; i++) {
            if (!types[i]) continue;
            if (flags & MAPI_UNICODE) {
                const WCHAR *w = (const WCHAR *)types[i];
                if ((c->types[c->ntypes] = HeapAlloc(GetProcessHeap(), 0, (lstrlenW(w) + 1) * sizeof(WCHAR))))
                    lstrcpyW(c->types[c->ntypes++], w);
            } else if ((c->types[c->ntypes] = wide_copy((const char *)types[i]))) c->ntypes++;
        }
    if (nuids && uids && (c->uids = HeapAlloc(GetProcessHeap(), 0, nuids * sizeof(MAPIUID))))
        for (i = 0; i < nuids; i++)
            if (uids[i]) c->uids[c->nuids++] = *uids[i];
}

/* The transports logged on, in transport order, with what each handles.
 * The lists AddressTypes gives stay the transport's (valid until logoff);
 * they are copied under the session lock, as EnumAdrTypes does. */
static void transports_get(struct session *s, struct transports *t)
{
    struct logon *lo;

    memset(t, 0, sizeof(*t));
    session_root_list(s, PR_TRANSPORT_PROVIDERS, &t->order, &t->norder);
    EnterCriticalSection(&s->cs);
    for (lo = s->logons; lo; lo = lo->next) {
        ULONG flags = 0, ntypes = 0, nuids = 0;
        LPTSTR *types = NULL;
        MAPIUID **uids = NULL;

        if (lo->kind != PROVIDER_XP || !lo->obj) continue;
        if (FAILED(IXPLogon_AddressTypes((IXPLogon *)lo->obj, &flags, &ntypes, &types, &nuids, &uids))) continue;
        caps_add(t, lo, flags, ntypes, types, nuids, uids);
    }
    LeaveCriticalSection(&s->cs);
}

static void transports_free(struct transports *t)
{
    ULONG i, j;

    for (i = 0; i < t->n; i++) {
        for (j = 0; j < t->xp[i].ntypes; j++) HeapFree(GetProcessHeap(), 0, t->xp[i].types[j]);
        HeapFree(GetProcessHeap(), 0, t->xp[i].types);
        HeapFree(GetProcessHeap(), 0, t->xp[i].uids);
    }
    HeapFree(GetProcessHeap(), 0, t->xp);
    HeapFree(GetProcessHeap(), 0, t->order);
}

/* A recipient as matching sees it: its address type and the MAPIUID of
 * its entry ID (bytes 4-19), either possibly absent. */
struct recip {
    WCHAR type[64];
    const MAPIUID *muid;
};

static void recip_of(const SRow *row, struct recip *r)
{
    const SPropValue *eid = PpropFindProp(row->lpProps, row->cValues, PR_ENTRYID);
    const SPropValue *w = PpropFindProp(row->lpProps, row->cValues, PR_ADDRTYPE_W);
    const SPropValue *a = PpropFindProp(row->lpProps, row->cValues, PR_ADDRTYPE_A);

    r->type[0] = 0;
    if (w && w->Value.lpszW) lstrcpynW(r->type, w->Value.lpszW, ARRAYSIZE(r->type));
    else if (a && a->Value.lpszA && !MultiByteToWideChar(CP_ACP, 0, a->Value.lpszA, -1, r->type, ARRAYSIZE(r->type)))
        r->type[0] = 0;         /* longer than any address type */
    r->type[ARRAYSIZE(r->type) - 1] = 0;
    r->muid = eid && eid->Value.bin.cb >= 4 + sizeof(MAPIUID) ? (const MAPIUID *)(eid->Value.bin.lpb + 4) : NULL;
}

static BOOL caps_handle(const struct xpcaps *c, const struct recip *r)
{
    ULONG i;

    for (i = 0; i < c->ntypes; i++)
        if (r->type[0] && !lstrcmpiW(c->types[i], r->type)) return TRUE;
    for (i = 0; i < c->nuids; i++)
        if (r->muid && !memcmp(&c->uids[i], r->muid, sizeof(MAPIUID))) return TRUE;
    return FALSE;
}

/* The registration's own rule: its MAPIUID or its address type, either
 * one; with neither, every recipient. */
static BOOL filter_matches(const struct preproc *p, const struct recip *r)
{
    if (!p->has_muid && !p->adrtype) return TRUE;
    if (p->has_muid && r->muid && !memcmp(&p->muid, r->muid, sizeof(MAPIUID))) return TRUE;
    return p->adrtype && r->type[0] && !lstrcmpiW(p->adrtype, r->type);
}

/* "If another transport provider ahead of your provider is able to handle
 * a message, your preprocessor function will not be called": a transport
 * earlier in transport order handling the recipient takes it. */
static BOOL for_recipient(const struct preproc *p, const struct transports *t, const struct recip *r)
{
    ULONG mine = order_of(&p->sect, t->order, t->norder), i;

    if (!filter_matches(p, r)) return FALSE;
    for (i = 0; i < t->n; i++)
        if (t->xp[i].lo != p->lo && t->xp[i].order < mine && caps_handle(&t->xp[i], r)) return FALSE;
    return TRUE;
}

static BOOL for_rows(const struct preproc *p, const struct transports *t, const SRow *rows, ULONG count)
{
    struct recip r;
    ULONG i;

    for (i = 0; i < count; i++) {
        recip_of(&rows[i], &r);
        if (for_recipient(p, t, &r)) return TRUE;
    }
    return FALSE;
}

BOOL preproc_needed(struct session *s, const SRow *rows, ULONG count)
{
    struct transports t;
    struct preproc **pp;
    BOOL needed = FALSE;
    ULONG n, i;

    if (!(pp = snapshot(s, &n))) return FALSE;
    transports_get(s, &t);
    for (i = 0; i < n && !needed; i++) {
        needed = for_rows(pp[i], &t, rows, count);
        TRACE("%s from %ls: %s", pp[i]->preprocess ? pp[i]->preprocess : "(none)", pp[i]->dll,
              needed ? "a recipient is for it" : "no recipient is for it");
    }
    transports_free(&t);
    snapshot_free(pp, n);
    return needed;
}

/* ---- calling the functions ---- */

/* What PreprocessMessage hands back is the spooler's to send or report;
 * with no spooler it is let go (the messages it made stay where it put
 * them). */
static void drop_results(ULONG count, IMessage **msgs, ADRLIST *bad)
{
    ULONG i;

    TRACE("%lu messages made, %lu recipients it cannot deliver to", msgs ? count : 0, bad ? bad->cEntries : 0);
    if (msgs) {
        for (i = 0; i < count; i++)
            if (msgs[i]) IMessage_Release(msgs[i]);
        MAPIFreeBuffer(msgs);
    }
    if (bad) FreePadrlist(bad);
}

static HRESULT call_one(struct session *s, const struct preproc *p, IMessage *msg, IAddrBook *ab,
                        IMAPIFolder *folder, BOOL remove, BOOL *called)
{
    const char *name = remove ? p->remove : p->preprocess;
    IMessage **msgs = NULL;
    ADRLIST *bad = NULL;
    ULONG count = 0;
    HMODULE mod;
    FARPROC fn;
    HRESULT hr;

    *called = FALSE;
    if (!name) return S_OK;
    /* A preprocessor that cannot be found is left out: the transport's
     * own send path is the one to fail, as it would without preprocessing. */
    if (provdll_load(p->dll, &mod, NULL, 0)) {
        TRACE("%ls cannot be loaded: %s not called", p->dll, name);
        return S_OK;
    }
    if (!(fn = GetProcAddress(mod, name))) {
        TRACE("%ls has no %s", p->dll, name);
        provdll_release(mod);
        return S_OK;
    }
    *called = TRUE;
    if (remove) hr = ((LPREMOVEPREPROCESSINFO)(void *)fn)(msg);
    else {
        hr = ((LPPREPROCESSMESSAGE)(void *)fn)(&s->IMAPISession_iface, msg, ab, folder, MAPIAllocateBuffer,
                                               MAPIAllocateMore, MAPIFreeBuffer, &count, &msgs, &bad);
        drop_results(count, msgs, bad);
    }
    TRACE("%s of %ls -> %#lx", name, p->dll, hr);
    provdll_release(mod);
    return hr;
}

HRESULT preproc_run(struct session *s, IMessage *msg, IAddrBook *ab, IMAPIFolder *folder, BOOL remove,
                    ULONG *called)
{
    struct transports t;
    struct preproc **pp;
    IMAPITable *table = NULL;
    SRowSet *rows = NULL;
    HRESULT hr;
    ULONG n, i;
    BOOL one;

    *called = 0;
    if (!(pp = snapshot(s, &n))) return S_OK;
    if (!(hr = IMessage_GetRecipientTable(msg, MAPI_UNICODE, &table))) {
        hr = HrQueryAllRows(table, NULL, NULL, NULL, 0, &rows);
        IMAPITable_Release(table);
    }
    if (FAILED(hr)) goto done;
    hr = S_OK;
    transports_get(s, &t);
    /* The spooler's order: "all of the preprocessing functions in the
     * order of registration"; the first that fails stops the rest. */
    for (i = 0; i < n && !hr; i++)
        if (for_rows(pp[i], &t, rows->aRow, rows->cRows) &&
            !(hr = call_one(s, pp[i], msg, ab, folder, remove, &one)) && one)
            (*called)++;
    transports_free(&t);

done:
    if (rows) FreeProws(rows);
    snapshot_free(pp, n);
    return hr;
}
