/* Profiles and the test provider's log, for the Wine tests (testprofile.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testprofile.h"

IProfAdmin *admin;
WCHAR log_path[MAX_PATH];
char **log_lines;
int log_n;
static BOOL started;

void mapi_start(ULONG flags)
{
    MAPIINIT_0 mi = {MAPI_INIT_VERSION, flags};

    ck_assert_int_eq(MAPIInitialize(flags ? &mi : NULL), S_OK);
    started = TRUE;
    ck_assert_int_eq(MAPIAdminProfiles(0, &admin), S_OK);
}

void mapi_stop(void)
{
    if (admin) IProfAdmin_Release(admin);
    admin = NULL;
    if (started) MAPIUninitialize();
    started = FALSE;
}

/* ---- profiles ---- */

IMsgServiceAdmin2 *services_of(const WCHAR *name)
{
    IMsgServiceAdmin *sa = NULL;
    IMsgServiceAdmin2 *sa2 = NULL;

    ck_assert_int_eq(IProfAdmin_AdminServices(admin, (LPTSTR)name, NULL, 0, MAPI_UNICODE, &sa), S_OK);
    ck_assert_int_eq(IMsgServiceAdmin_QueryInterface(sa, &IID_IMsgServiceAdmin2, (void **)&sa2), S_OK);
    /* One object behind both interfaces. */
    ck_assert_ptr_eq((void *)sa2, (void *)sa);
    IMsgServiceAdmin_Release(sa);
    return sa2;
}

MAPIUID add_service(IMsgServiceAdmin2 *sa, const WCHAR *service)
{
    MAPIUID uid;

    memset(&uid, 0, sizeof(uid));
    ck_assert_int_eq(IMsgServiceAdmin2_CreateMsgServiceEx(sa, (LPTSTR)service, NULL, 0, MAPI_UNICODE, &uid), S_OK);
    return uid;
}

void profile_with_service(const WCHAR *name, const WCHAR *service, MAPIUID *svc)
{
    IMsgServiceAdmin2 *sa;
    IMAPITable *t;
    SRowSet *rows;
    SPropValue *uid;

    IProfAdmin_DeleteProfile(admin, (LPTSTR)name, MAPI_UNICODE);
    ck_assert_int_eq(IProfAdmin_CreateProfile(admin, (LPTSTR)name, NULL, 0, MAPI_UNICODE), S_OK);
    sa = services_of(name);
    ck_assert_int_eq(IMsgServiceAdmin2_CreateMsgService(sa, (LPTSTR)service, NULL, 0, MAPI_UNICODE), S_OK);
    ck_assert_int_eq(IMsgServiceAdmin2_GetMsgServiceTable(sa, 0, &t), S_OK);
    ck_assert_int_eq(IMAPITable_QueryRows(t, 10, 0, &rows), S_OK);
    ck_assert_uint_eq(rows->cRows, 1);
    uid = PpropFindProp(rows->aRow[0].lpProps, rows->aRow[0].cValues, PR_SERVICE_UID);
    ck_assert_ptr_nonnull(uid);
    memcpy(svc, uid->Value.bin.lpb, sizeof(*svc));
    FreeProws(rows);
    IMAPITable_Release(t);
    IMsgServiceAdmin2_Release(sa);
}

MAPIUID provider_of(const WCHAR *profile, const MAPIUID *svc, ULONG type)
{
    IMsgServiceAdmin2 *sa = services_of(profile);
    IProviderAdmin *pa;
    IMAPITable *table;
    SRowSet *rows;
    MAPIUID uid = {{0}};
    ULONG i;
    BOOL found = FALSE;

    ck_assert_int_eq(IMsgServiceAdmin2_AdminProviders(sa, (LPMAPIUID)svc, 0, &pa), S_OK);
    ck_assert_int_eq(IProviderAdmin_GetProviderTable(pa, 0, &table), S_OK);
    ck_assert_int_eq(IMAPITable_QueryRows(table, 100, 0, &rows), S_OK);
    for (i = 0; i < rows->cRows && !found; i++) {
        SPropValue *t = PpropFindProp(rows->aRow[i].lpProps, rows->aRow[i].cValues, PR_RESOURCE_TYPE);
        SPropValue *u = PpropFindProp(rows->aRow[i].lpProps, rows->aRow[i].cValues, PR_PROVIDER_UID);
        if (t && u && (ULONG)t->Value.l == type) {
            memcpy(&uid, u->Value.bin.lpb, sizeof(uid));
            found = TRUE;
        }
    }
    ck_assert_msg(found, "no provider of type %lu", type);
    FreeProws(rows);
    IMAPITable_Release(table);
    IProviderAdmin_Release(pa);
    IMsgServiceAdmin2_Release(sa);
    return uid;
}

void set_props(const WCHAR *profile, const MAPIUID *sect, const SPropValue *v, ULONG n)
{
    IMsgServiceAdmin2 *sa = services_of(profile);
    IProfSect *ps;

    ck_assert_int_eq(IMsgServiceAdmin2_OpenProfileSection(sa, (LPMAPIUID)sect, NULL, MAPI_MODIFY | MAPI_FORCE_ACCESS,
                                                          &ps), S_OK);
    ck_assert_int_eq(IProfSect_SetProps(ps, n, (SPropValue *)v, NULL), S_OK);
    IProfSect_Release(ps);
    IMsgServiceAdmin2_Release(sa);
}

void set_prop(const WCHAR *profile, const MAPIUID *sect, const SPropValue *v)
{
    set_props(profile, sect, v, 1);
}

void set_long(const WCHAR *profile, const MAPIUID *sect, ULONG tag, LONG l)
{
    SPropValue v;

    v.ulPropTag = tag;
    v.dwAlignPad = 0;
    v.Value.l = l;
    set_prop(profile, sect, &v);
}

void set_string(const WCHAR *profile, const MAPIUID *sect, ULONG tag, const WCHAR *s)
{
    SPropValue v;

    v.ulPropTag = tag;
    v.dwAlignPad = 0;
    v.Value.lpszW = (WCHAR *)s;
    set_prop(profile, sect, &v);
}

LONG get_bin(const WCHAR *profile, const MAPIUID *sect, ULONG tag, BYTE *buf, ULONG max)
{
    IMsgServiceAdmin2 *sa = services_of(profile);
    SizedSPropTagArray(1, tags) = {1, {tag}};
    IProfSect *ps;
    SPropValue *v;
    ULONG n;
    LONG cb = -1;

    ck_assert_int_eq(IMsgServiceAdmin2_OpenProfileSection(sa, (LPMAPIUID)sect, NULL, MAPI_FORCE_ACCESS, &ps), S_OK);
    if (SUCCEEDED(IProfSect_GetProps(ps, (SPropTagArray *)&tags, 0, &n, &v))) {
        if (v->ulPropTag == tag && v->Value.bin.cb <= max) {
            memcpy(buf, v->Value.bin.lpb, v->Value.bin.cb);
            cb = v->Value.bin.cb;
        }
        MAPIFreeBuffer(v);
    }
    IProfSect_Release(ps);
    IMsgServiceAdmin2_Release(sa);
    return cb;
}

/* ---- sessions and tables ---- */

IMAPISession *session_logon(const WCHAR *profile, ULONG flags)
{
    IMAPISession *s = NULL;

    ck_assert_int_eq(MAPILogonEx(0, (LPTSTR)profile, NULL, flags, &s), S_OK);
    ck_assert_ptr_nonnull(s);
    return s;
}

void session_logoff(IMAPISession *s)
{
    ck_assert_int_eq(IMAPISession_Logoff(s, 0, 0, 0), S_OK);
    IMAPISession_Release(s);
}

IMsgStore *open_only_store(IMAPISession *s, SPropValue **eid)
{
    IMAPITable *t;
    SRowSet *rows;
    SPropValue *e;
    IMsgStore *mdb = NULL;

    ck_assert_int_eq(IMAPISession_GetMsgStoresTable(s, 0, &t), S_OK);
    rows = take_rows(t);
    ck_assert_uint_eq(rows->cRows, 1);
    e = col(&rows->aRow[0], PR_ENTRYID);
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(IMAPISession_OpenMsgStore(s, 0, e->Value.bin.cb, (ENTRYID *)e->Value.bin.lpb, NULL,
                                               MDB_WRITE, &mdb), S_OK);
    if (eid) ck_assert_int_eq(ScDupPropset(1, e, MAPIAllocateBuffer, eid), S_OK);
    FreeProws(rows);
    return mdb;
}

SRowSet *rows_of(IMAPITable *table)
{
    SRowSet *rows = NULL;

    ck_assert_int_eq(IMAPITable_QueryRows(table, 1000, 0, &rows), S_OK);
    return rows;
}

SRowSet *take_rows(IMAPITable *table)
{
    SRowSet *rows = rows_of(table);

    IMAPITable_Release(table);
    return rows;
}

SPropValue *col(SRow *row, ULONG tag)
{
    return PpropFindProp(row->lpProps, row->cValues, tag);
}

SRowSet *status_rows(IMAPISession *s)
{
    IMAPITable *t;

    ck_assert_int_eq(IMAPISession_GetStatusTable(s, MAPI_UNICODE, &t), S_OK);
    return take_rows(t);
}

SRow *row_of_type(SRowSet *rows, ULONG type, int nth)
{
    ULONG i;

    for (i = 0; i < rows->cRows; i++) {
        SPropValue *t = col(&rows->aRow[i], PR_RESOURCE_TYPE);
        if (t && (ULONG)t->Value.l == type && !nth--) return &rows->aRow[i];
    }
    return NULL;
}

int count_type(SRowSet *rows, ULONG type)
{
    int n = 0;

    while (row_of_type(rows, type, n)) n++;
    return n;
}

/* ---- the test provider's log ---- */

void log_setup(const WCHAR *prefix)
{
    WCHAR dir[MAX_PATH];

    GetTempPathW(MAX_PATH, dir);
    GetTempFileNameW(dir, prefix, 0, log_path);
    SetEnvironmentVariableW(L"TESTPROV_LOG", log_path);
}

void log_teardown(void)
{
    log_free();
    DeleteFileW(log_path);
    SetEnvironmentVariableW(L"TESTPROV_LOG", NULL);
}

void log_free(void)
{
    int i;

    for (i = 0; i < log_n; i++) free(log_lines[i]);
    free(log_lines);
    log_lines = NULL;
    log_n = 0;
}

void log_read(void)
{
    char line[4096];
    FILE *f;

    log_free();
    if (!(f = _wfopen(log_path, L"r"))) return;
    while (fgets(line, sizeof(line), f)) {
        size_t len = strlen(line);
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
        log_lines = realloc(log_lines, (log_n + 1) * sizeof(*log_lines));
        log_lines[log_n++] = strdup(line);
    }
    fclose(f);
}

void log_clear(void)
{
    HANDLE h = CreateFileW(log_path, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, TRUNCATE_EXISTING, 0,
                           NULL);

    if (h != INVALID_HANDLE_VALUE) CloseHandle(h);
    log_free();
}

BOOL log_is(int i, const char *kind, const char *instance, const char *method, const char *extra)
{
    char k[16], inst[256], m[64];

    if (sscanf(log_lines[i], "%*s %*s %15s %255s %63s", k, inst, m) != 3) return FALSE;
    if (kind && strcmp(k, kind)) return FALSE;
    if (instance && strcmp(inst, instance)) return FALSE;
    if (method && strcmp(m, method)) return FALSE;
    return !extra || strstr(log_lines[i], extra);
}

int log_find_of(const char *kind, const char *instance, const char *method, const char *extra, int from)
{
    int i;

    for (i = from; i < log_n; i++)
        if (log_is(i, kind, instance, method, extra)) return i;
    return -1;
}

int log_count_of(const char *kind, const char *instance, const char *method, const char *extra)
{
    int i, n = 0;

    log_read();
    for (i = 0; i < log_n; i++)
        if (log_is(i, kind, instance, method, extra)) n++;
    return n;
}

int log_count_words(const char *a, const char *b)
{
    int i, n = 0;

    log_read();
    for (i = 0; i < log_n; i++)
        if (strstr(log_lines[i], a) && (!b || strstr(log_lines[i], b))) n++;
    return n;
}

BOOL log_parse(const char *line, DWORD *tid, char *kind, char *method, const char **details)
{
    char inst[256];
    int n = 0;
    unsigned long pid, t;

    if (sscanf(line, "%lu %lu %15s %255s %63s %n", &pid, &t, kind, inst, method, &n) < 5) return FALSE;
    if (tid) *tid = t;
    *details = line + n;
    return TRUE;
}

BOOL has_token(const char *details, const char *token)
{
    size_t len = strlen(token);
    const char *p = details;

    while ((p = strstr(p, token))) {
        if ((p == details || p[-1] == ' ') && (p[len] == ' ' || !p[len])) return TRUE;
        p++;
    }
    return FALSE;
}

const char *support_line(const char *kind, const char *at, const char *call, const char *mode, int nth, DWORD *tid)
{
    char k[16], m[64], tok[80];
    const char *d;
    int i;

    for (i = 0; i < log_n; i++) {
        if (!log_parse(log_lines[i], tid, k, m, &d) || strcmp(k, kind) || strcmp(m, "SupportCall")) continue;
        if (strncmp(d, call, strlen(call)) || d[strlen(call)] != ' ') continue;
        snprintf(tok, sizeof(tok), "at=%s", at);
        if (!has_token(d, tok)) continue;
        if (mode) {
            snprintf(tok, sizeof(tok), "mode=%s", mode);
            if (!has_token(d, tok)) continue;
        } else if (strstr(d, " mode=")) continue;
        if (!nth--) return log_lines[i];
    }
    return NULL;
}

const char *expect_call_(const char *kind, const char *at, const char *call, const char *mode, const char *want,
                         int line)
{
    const char *l = support_line(kind, at, call, mode, 0, NULL), *d = "";
    char buf[512], k[16], m[64], *tok, *ctx = NULL;

    ck_assert_msg(l != NULL, "line %d: no %s SupportCall %s (mode %s) at=%s", line, kind, call, mode ? mode : "-",
                  at);
    log_parse(l, NULL, k, m, &d);
    lstrcpynA(buf, want, sizeof(buf));
    for (tok = strtok_r(buf, " ", &ctx); tok; tok = strtok_r(NULL, " ", &ctx))
        ck_assert_msg(has_token(d, tok), "line %d: %s wanted in \"%s\"", line, tok, l);
    return l;
}

/* ---- an advise sink that records what it hears ---- */

static inline struct sink *impl_from_sink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct sink, IMAPIAdviseSink_iface);
}

static HRESULT WINAPI sink_QueryInterface(IMAPIAdviseSink *iface, REFIID riid, void **out)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIAdviseSink)) {
        *out = iface;
        IMAPIAdviseSink_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI sink_AddRef(IMAPIAdviseSink *iface)
{
    return InterlockedIncrement(&impl_from_sink(iface)->ref);
}

static ULONG WINAPI sink_Release(IMAPIAdviseSink *iface)
{
    return InterlockedDecrement(&impl_from_sink(iface)->ref);
}

static ULONG WINAPI sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, LPNOTIFICATION n)
{
    struct sink *sk = impl_from_sink(iface);
    ULONG i;

    for (i = 0; i < count; i++) {
        LONG at = InterlockedIncrement(&sk->count) - 1;
        if (at >= 64) continue;
        if (n[i].ulEventType == fnevTableModified) {
            SPropValue *e;
            sk->events[at] = 0x1000 + n[i].info.tab.ulTableEvent;
            e = PpropFindProp(n[i].info.tab.row.lpProps, n[i].info.tab.row.cValues, PR_ENTRYID);
            if (e && e->Value.bin.cb <= sizeof(sk->eid)) {
                memcpy(sk->eid, e->Value.bin.lpb, e->Value.bin.cb);
                sk->cb_eid = e->Value.bin.cb;
            }
        } else sk->events[at] = n[i].ulEventType;
    }
    return 0;
}

static const IMAPIAdviseSinkVtbl sink_vtbl = {sink_QueryInterface, sink_AddRef, sink_Release, sink_OnNotify};

void sink_init(struct sink *sk)
{
    memset(sk, 0, sizeof(*sk));
    sk->IMAPIAdviseSink_iface.lpVtbl = (IMAPIAdviseSinkVtbl *)&sink_vtbl;
    sk->ref = 1;
}

/* Table notifications under MAPIInitialize are asynchronous: they come on
 * this (the first MAPIInitialize) thread when it dispatches. */
BOOL sink_heard(struct sink *sk, ULONG event)
{
    LONG i;

    ck_assert_int_eq(HrDispatchNotifications(0), S_OK);
    for (i = 0; i < sk->count && i < 64; i++)
        if (sk->events[i] == event) return TRUE;
    return FALSE;
}
