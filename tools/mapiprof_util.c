/*
 * mapiprof_util.c - output, text, errors and property values for mapiprof.
 */
#include "mapiprof_util.h"

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdlib.h>
#include <string.h>

#include <mapicode.h>

/* ------------------------------------------------------------------------ */
/* Output: UTF-8 bytes to pipes and files, UTF-16 to a real console.        */

static HANDLE h_out, h_err;
static int out_console, err_console;

void out_init(void)
{
    DWORD mode;
    h_out = GetStdHandle(STD_OUTPUT_HANDLE);
    h_err = GetStdHandle(STD_ERROR_HANDLE);
    out_console = GetConsoleMode(h_out, &mode) != 0;
    err_console = GetConsoleMode(h_err, &mode) != 0;
    /* plain \n: scripts and the Unix wrapper read this output */
    _setmode(_fileno(stdout), _O_BINARY);
    _setmode(_fileno(stderr), _O_BINARY);
    _setmode(_fileno(stdin), _O_BINARY);
}

static void emit(FILE *f, HANDLE h, int console, const char *s)
{
    if (console) {
        WCHAR *w = utf8_to_wide(s);
        DWORD done;
        if (w) {
            fflush(f);
            WriteConsoleW(h, w, (DWORD)wcslen(w), &done, NULL);
            free(w);
            return;
        }
    }
    fputs(s, f);
}

static char *vformat(const char *fmt, va_list ap)
{
    va_list copy;
    int n;
    char *s;
    va_copy(copy, ap);
    n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0) return NULL;
    s = malloc((size_t)n + 1);
    if (s) vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

void outf(const char *fmt, ...)
{
    va_list ap;
    char *s;
    va_start(ap, fmt);
    s = vformat(fmt, ap);
    va_end(ap);
    if (s) emit(stdout, h_out, out_console, s);
    free(s);
}

void errf(const char *fmt, ...)
{
    va_list ap;
    char *s;
    fflush(stdout);
    va_start(ap, fmt);
    s = vformat(fmt, ap);
    va_end(ap);
    if (s) emit(stderr, h_err, err_console, s);
    free(s);
    fflush(stderr);
}

void warnf(const char *fmt, ...)
{
    va_list ap;
    char *s;
    va_start(ap, fmt);
    s = vformat(fmt, ap);
    va_end(ap);
    if (s) errf("mapiprof: warning: %s\n", s);
    free(s);
}

void out_bytes(const void *data, size_t len)
{
    fwrite(data, 1, len, stdout);
    fflush(stdout);
}

/* ------------------------------------------------------------------------ */
/* Text.                                                                     */

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        errf("mapiprof: out of memory\n");
        exit(1);
    }
    return p;
}

char *xstrdup(const char *s)
{
    size_t n;
    char *p;
    if (!s) return NULL;
    n = strlen(s) + 1;
    p = xmalloc(n);
    memcpy(p, s, n);
    return p;
}

WCHAR *cp_to_wide(const char *s, UINT cp)
{
    int n;
    WCHAR *w;
    if (!s) return NULL;
    n = MultiByteToWideChar(cp, 0, s, -1, NULL, 0);
    if (n <= 0) return NULL;
    w = xmalloc((size_t)n * sizeof(WCHAR));
    MultiByteToWideChar(cp, 0, s, -1, w, n);
    return w;
}

WCHAR *utf8_to_wide(const char *s)
{
    return cp_to_wide(s, CP_UTF8);
}

static char *wide_to_cp(const WCHAR *w, UINT cp, int strict)
{
    BOOL lossy = FALSE;
    int n;
    char *s;
    if (!w) return NULL;
    n = WideCharToMultiByte(cp, 0, w, -1, NULL, 0, NULL, cp == CP_UTF8 ? NULL : &lossy);
    if (n <= 0 || (strict && lossy)) return NULL;
    s = xmalloc((size_t)n);
    WideCharToMultiByte(cp, 0, w, -1, s, n, NULL, NULL);
    return s;
}

char *wide_to_utf8(const WCHAR *w)
{
    return wide_to_cp(w, CP_UTF8, 0);
}

char *acp_to_utf8(const char *s)
{
    WCHAR *w = cp_to_wide(s, CP_ACP);
    char *u = wide_to_utf8(w);
    free(w);
    return u;
}

char *utf8_to_acp(const char *s)
{
    WCHAR *w = utf8_to_wide(s);
    char *a = wide_to_cp(w, CP_ACP, 1);
    free(w);
    return a;
}

int utf8_width(const char *s)
{
    int n = 0;
    for (; s && *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

/* ------------------------------------------------------------------------ */
/* MAPI errors.                                                              */

static const struct {
    HRESULT hr;
    const char *name;
    const char *text;
} errors[] = {
    { S_OK, "S_OK", "it succeeded" },
    { MAPI_E_CALL_FAILED, "MAPI_E_CALL_FAILED", "the call failed" },
    { MAPI_E_NOT_ENOUGH_MEMORY, "MAPI_E_NOT_ENOUGH_MEMORY", "there is not enough memory" },
    { MAPI_E_INVALID_PARAMETER, "MAPI_E_INVALID_PARAMETER", "MAPI refused an argument as invalid" },
    { MAPI_E_INTERFACE_NOT_SUPPORTED, "MAPI_E_INTERFACE_NOT_SUPPORTED", "the object does not offer the interface asked for" },
    { MAPI_E_NO_ACCESS, "MAPI_E_NO_ACCESS", "access was denied" },
    { E_NOTIMPL, "E_NOTIMPL", "the installed mapi32.dll does not implement it" },
    { E_POINTER, "E_POINTER", "MAPI refused a pointer as invalid" },
    { E_UNEXPECTED, "E_UNEXPECTED", "MAPI met an unexpected failure" },
    { MAPI_E_NO_SUPPORT, "MAPI_E_NO_SUPPORT", "the installed mapi32.dll does not support it" },
    { MAPI_E_BAD_CHARWIDTH, "MAPI_E_BAD_CHARWIDTH", "MAPI does not accept this character width (ANSI or Unicode)" },
    { MAPI_E_STRING_TOO_LONG, "MAPI_E_STRING_TOO_LONG", "a string is too long" },
    { MAPI_E_UNKNOWN_FLAGS, "MAPI_E_UNKNOWN_FLAGS", "MAPI does not know a flag it was given" },
    { MAPI_E_INVALID_ENTRYID, "MAPI_E_INVALID_ENTRYID", "an entry identifier is not valid" },
    { MAPI_E_INVALID_OBJECT, "MAPI_E_INVALID_OBJECT", "the object is no longer valid" },
    { MAPI_E_OBJECT_CHANGED, "MAPI_E_OBJECT_CHANGED", "the object was changed meanwhile" },
    { MAPI_E_OBJECT_DELETED, "MAPI_E_OBJECT_DELETED", "the object was deleted meanwhile" },
    { MAPI_E_BUSY, "MAPI_E_BUSY", "MAPI is busy" },
    { MAPI_E_NOT_ENOUGH_DISK, "MAPI_E_NOT_ENOUGH_DISK", "the disk is full" },
    { MAPI_E_NOT_ENOUGH_RESOURCES, "MAPI_E_NOT_ENOUGH_RESOURCES", "there are not enough system resources" },
    { MAPI_E_NOT_FOUND, "MAPI_E_NOT_FOUND", "it was not found" },
    { MAPI_E_VERSION, "MAPI_E_VERSION", "a version does not match" },
    { MAPI_E_LOGON_FAILED, "MAPI_E_LOGON_FAILED", "the profile could not be opened" },
    { MAPI_E_SESSION_LIMIT, "MAPI_E_SESSION_LIMIT", "too many sessions are open" },
    { MAPI_E_USER_CANCEL, "MAPI_E_USER_CANCEL", "it was cancelled" },
    { MAPI_E_UNABLE_TO_ABORT, "MAPI_E_UNABLE_TO_ABORT", "the operation could not be stopped" },
    { MAPI_E_NETWORK_ERROR, "MAPI_E_NETWORK_ERROR", "a network error occurred" },
    { MAPI_E_DISK_ERROR, "MAPI_E_DISK_ERROR", "a disk error occurred" },
    { MAPI_E_TOO_COMPLEX, "MAPI_E_TOO_COMPLEX", "the request is too complex" },
    { MAPI_E_BAD_COLUMN, "MAPI_E_BAD_COLUMN", "the table does not have a column asked for" },
    { MAPI_E_EXTENDED_ERROR, "MAPI_E_EXTENDED_ERROR", "the message service reported an error" },
    { MAPI_E_COMPUTED, "MAPI_E_COMPUTED", "the property is computed and cannot be changed" },
    { MAPI_E_CORRUPT_DATA, "MAPI_E_CORRUPT_DATA", "the profile data are corrupt" },
    { MAPI_E_UNCONFIGURED, "MAPI_E_UNCONFIGURED", "the message service is not configured" },
    { MAPI_E_FAILONEPROVIDER, "MAPI_E_FAILONEPROVIDER", "a provider failed" },
    { MAPI_E_UNKNOWN_CPID, "MAPI_E_UNKNOWN_CPID", "the code page is not supported" },
    { MAPI_E_UNKNOWN_LCID, "MAPI_E_UNKNOWN_LCID", "the locale is not supported" },
    { MAPI_E_PASSWORD_CHANGE_REQUIRED, "MAPI_E_PASSWORD_CHANGE_REQUIRED", "a password change is required" },
    { MAPI_E_PASSWORD_EXPIRED, "MAPI_E_PASSWORD_EXPIRED", "the password has expired" },
    { MAPI_E_INVALID_WORKSTATION_ACCOUNT, "MAPI_E_INVALID_WORKSTATION_ACCOUNT", "the workstation account is not valid" },
    { MAPI_E_INVALID_ACCESS_TIME, "MAPI_E_INVALID_ACCESS_TIME", "access is not allowed at this time" },
    { MAPI_E_ACCOUNT_DISABLED, "MAPI_E_ACCOUNT_DISABLED", "the account is disabled" },
    { MAPI_E_END_OF_SESSION, "MAPI_E_END_OF_SESSION", "the session has ended" },
    { MAPI_E_UNKNOWN_ENTRYID, "MAPI_E_UNKNOWN_ENTRYID", "no provider knows the entry identifier" },
    { MAPI_E_MISSING_REQUIRED_COLUMN, "MAPI_E_MISSING_REQUIRED_COLUMN", "a required table column is missing" },
    { MAPI_W_NO_SERVICE, "MAPI_W_NO_SERVICE", "a service could not be started" },
    { MAPI_E_BAD_VALUE, "MAPI_E_BAD_VALUE", "a property value was refused" },
    { MAPI_E_INVALID_TYPE, "MAPI_E_INVALID_TYPE", "a property type is not valid" },
    { MAPI_E_TYPE_NO_SUPPORT, "MAPI_E_TYPE_NO_SUPPORT", "a property type is not supported" },
    { MAPI_E_UNEXPECTED_TYPE, "MAPI_E_UNEXPECTED_TYPE", "a property has an unexpected type" },
    { MAPI_E_TOO_BIG, "MAPI_E_TOO_BIG", "a value is too big" },
    { MAPI_E_DECLINE_COPY, "MAPI_E_DECLINE_COPY", "the copy was declined" },
    { MAPI_E_UNEXPECTED_ID, "MAPI_E_UNEXPECTED_ID", "a property ID is unexpected" },
    { MAPI_W_ERRORS_RETURNED, "MAPI_W_ERRORS_RETURNED", "some values could not be read" },
    { MAPI_E_UNABLE_TO_COMPLETE, "MAPI_E_UNABLE_TO_COMPLETE", "the operation could not be completed" },
    { MAPI_E_TIMEOUT, "MAPI_E_TIMEOUT", "it timed out" },
    { MAPI_E_TABLE_EMPTY, "MAPI_E_TABLE_EMPTY", "the table is empty" },
    { MAPI_E_TABLE_TOO_BIG, "MAPI_E_TABLE_TOO_BIG", "the table is too big" },
    { MAPI_E_INVALID_BOOKMARK, "MAPI_E_INVALID_BOOKMARK", "a table bookmark is not valid" },
    { MAPI_W_POSITION_CHANGED, "MAPI_W_POSITION_CHANGED", "the table position changed" },
    { MAPI_W_APPROX_COUNT, "MAPI_W_APPROX_COUNT", "the count is approximate" },
    { MAPI_E_WAIT, "MAPI_E_WAIT", "the wait timed out" },
    { MAPI_E_CANCEL, "MAPI_E_CANCEL", "it was cancelled" },
    { MAPI_E_NOT_ME, "MAPI_E_NOT_ME", "the provider does not handle it" },
    { MAPI_W_CANCEL_MESSAGE, "MAPI_W_CANCEL_MESSAGE", "the message was cancelled" },
    { MAPI_E_CORRUPT_STORE, "MAPI_E_CORRUPT_STORE", "the message store is corrupt" },
    { MAPI_E_NOT_IN_QUEUE, "MAPI_E_NOT_IN_QUEUE", "the message is not in the queue" },
    { MAPI_E_NO_SUPPRESS, "MAPI_E_NO_SUPPRESS", "suppression is not supported" },
    { MAPI_E_COLLISION, "MAPI_E_COLLISION", "the name is already in use" },
    { MAPI_E_NOT_INITIALIZED, "MAPI_E_NOT_INITIALIZED", "MAPI or the service is not initialized" },
    { MAPI_E_NON_STANDARD, "MAPI_E_NON_STANDARD", "a non-standard error occurred" },
    { MAPI_E_NO_RECIPIENTS, "MAPI_E_NO_RECIPIENTS", "there are no recipients" },
    { MAPI_E_SUBMITTED, "MAPI_E_SUBMITTED", "the message was already submitted" },
    { MAPI_E_HAS_FOLDERS, "MAPI_E_HAS_FOLDERS", "the folder has subfolders" },
    { MAPI_E_HAS_MESSAGES, "MAPI_E_HAS_MESSAGES", "the folder has messages" },
    { MAPI_E_FOLDER_CYCLE, "MAPI_E_FOLDER_CYCLE", "the folder would contain itself" },
    { MAPI_W_PARTIAL_COMPLETION, "MAPI_W_PARTIAL_COMPLETION", "it was only partly done" },
    { MAPI_E_AMBIGUOUS_RECIP, "MAPI_E_AMBIGUOUS_RECIP", "a recipient is ambiguous" },
};

const char *hr_name(HRESULT hr)
{
    size_t i;
    for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
        if (errors[i].hr == hr) return errors[i].name;
    return NULL;
}

const char *hr_sentence(HRESULT hr)
{
    size_t i;
    for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
        if (errors[i].hr == hr) return errors[i].text;
    return "MAPI reported an unknown error";
}

int fail_hr(HRESULT hr, const char *why, const char *what_fmt, ...)
{
    va_list ap;
    char *what;
    const char *name = hr_name(hr);
    va_start(ap, what_fmt);
    what = vformat(what_fmt, ap);
    va_end(ap);
    if (name)
        errf("mapiprof: %s: %s (%s, 0x%08lX)\n", what ? what : "", why ? why : hr_sentence(hr), name,
             (unsigned long)hr);
    else
        errf("mapiprof: %s: %s (0x%08lX)\n", what ? what : "", why ? why : hr_sentence(hr),
             (unsigned long)hr);
    free(what);
    return 1;
}

int fail_msg(const char *fmt, ...)
{
    va_list ap;
    char *s;
    va_start(ap, fmt);
    s = vformat(fmt, ap);
    va_end(ap);
    errf("mapiprof: %s\n", s ? s : "");
    free(s);
    return 1;
}

/* IProfAdmin, IMsgServiceAdmin, IMAPITable and IMAPIProp all have
 * GetLastError(HRESULT, ULONG, LPMAPIERROR *) in slot 3. */
typedef struct last_error_vtbl {
    void *QueryInterface, *AddRef, *Release;
    HRESULT(STDMETHODCALLTYPE *GetLastError)(void *self, HRESULT hr, ULONG flags, LPMAPIERROR *err);
} last_error_vtbl;

char *mapi_last_error(IUnknown *obj, HRESULT hr)
{
    const last_error_vtbl *vt;
    LPMAPIERROR info = NULL;
    char *text = NULL;
    if (!obj) return NULL;
    vt = *(const last_error_vtbl *const *)obj;
    if (FAILED(vt->GetLastError(obj, hr, 0, &info)) || !info) return NULL;
    if (info->lpszError && *(const char *)info->lpszError) {
        text = acp_to_utf8((const char *)info->lpszError);
        if (text && info->lpszComponent && *(const char *)info->lpszComponent) {
            char *comp = acp_to_utf8((const char *)info->lpszComponent);
            char *both = xmalloc(strlen(text) + strlen(comp ? comp : "") + 8);
            sprintf(both, "%s (%s)", text, comp ? comp : "");
            free(text);
            free(comp);
            text = both;
        }
    }
    MAPIFreeBuffer(info);
    return text;
}

/* ------------------------------------------------------------------------ */
/* UIDs.                                                                     */

void uid_to_text(const BYTE *uid, char out[33])
{
    static const char digits[] = "0123456789abcdef";
    int i;
    for (i = 0; i < 16; i++) {
        out[2 * i] = digits[uid[i] >> 4];
        out[2 * i + 1] = digits[uid[i] & 15];
    }
    out[32] = '\0';
}

static int hexdigit(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int uid_from_text(const char *s, MAPIUID *uid)
{
    size_t i, n = strlen(s);
    if (n == 38 && s[0] == '{' && s[37] == '}') {
        /* {GUID} in the usual field order: the first three fields little-endian */
        static const int pos[16] = { 7, 5, 3, 1, 12, 10, 17, 15, 20, 22, 25, 27, 29, 31, 33, 35 };
        if (s[9] != '-' || s[14] != '-' || s[19] != '-' || s[24] != '-') return -1;
        for (i = 0; i < 16; i++) {
            int hi = hexdigit((unsigned char)s[pos[i]]), lo = hexdigit((unsigned char)s[pos[i] + 1]);
            if (hi < 0 || lo < 0) return -1;
            uid->ab[i] = (BYTE)(hi << 4 | lo);
        }
        return 0;
    }
    if (n != 32) return -1;
    for (i = 0; i < 16; i++) {
        int hi = hexdigit((unsigned char)s[2 * i]), lo = hexdigit((unsigned char)s[2 * i + 1]);
        if (hi < 0 || lo < 0) return -1;
        uid->ab[i] = (BYTE)(hi << 4 | lo);
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Property values: portable form -> SPropValue.                            */

struct builder {
    void *root;
    HRESULT hr;
};

static void *more(struct builder *b, size_t n)
{
    void *p = NULL;
    if (FAILED(b->hr)) return NULL;
    b->hr = MAPIAllocateMore((ULONG)(n ? n : 1), b->root, &p);
    return SUCCEEDED(b->hr) ? p : NULL;
}

/* Text in code page cp, optionally with %VARIABLES% expanded, as UTF-16. */
static WCHAR *text_wide(const char *s, UINT cp, int expand)
{
    WCHAR *w = cp_to_wide(s, cp), *x;
    DWORD n;
    if (!w || !expand || !wcschr(w, L'%')) return w;
    n = ExpandEnvironmentStringsW(w, NULL, 0);
    if (!n) return w;
    x = xmalloc(n * sizeof(WCHAR));
    if (!ExpandEnvironmentStringsW(w, x, n)) {
        free(x);
        return w;
    }
    free(w);
    return x;
}

static LPSTR mapi_string8(struct builder *b, const char *s, UINT cp, int expand)
{
    WCHAR *w = text_wide(s, cp, expand);
    int n;
    LPSTR out;
    if (!w) {
        if (SUCCEEDED(b->hr)) b->hr = MAPI_E_BAD_VALUE;
        return NULL;
    }
    n = WideCharToMultiByte(CP_ACP, 0, w, -1, NULL, 0, NULL, NULL);
    out = n > 0 ? more(b, (size_t)n) : NULL;
    if (out) WideCharToMultiByte(CP_ACP, 0, w, -1, out, n, NULL, NULL);
    free(w);
    return out;
}

static LPWSTR mapi_unicode(struct builder *b, const char *s, UINT cp, int expand)
{
    WCHAR *w = text_wide(s, cp, expand);
    LPWSTR out;
    size_t n;
    if (!w) {
        if (SUCCEEDED(b->hr)) b->hr = MAPI_E_BAD_VALUE;
        return NULL;
    }
    n = (wcslen(w) + 1) * sizeof(WCHAR);
    out = more(b, n);
    if (out) memcpy(out, w, n);
    free(w);
    return out;
}

static BYTE *mapi_bytes(struct builder *b, const uint8_t *data, size_t len)
{
    BYTE *out = more(b, len);
    if (out && len) memcpy(out, data, len);
    return out;
}

HRESULT props_to_mapi(const mapisvc_prop *props, const int *expand, size_t count, UINT cp,
                      LPSPropValue *out, char *err, size_t errlen)
{
    struct builder b = { NULL, S_OK };
    LPSPropValue pv;
    size_t i, j;

    *out = NULL;
    b.hr = MAPIAllocateBuffer((ULONG)((count ? count : 1) * sizeof(SPropValue)), &b.root);
    if (FAILED(b.hr)) {
        snprintf(err, errlen, "out of memory");
        return b.hr;
    }
    pv = b.root;
    memset(pv, 0, (count ? count : 1) * sizeof(SPropValue));
    for (i = 0; i < count && SUCCEEDED(b.hr); i++) {
        const mapisvc_prop *p = &props[i];
        ULONG type = PROP_TYPE(p->tag);
        int x = expand ? expand[i] : 0;
        pv[i].ulPropTag = p->tag;
        switch (type) {
        case PT_I2: pv[i].Value.i = (short)p->v.l; break;
        case PT_LONG: pv[i].Value.l = p->v.l; break;
        case PT_BOOLEAN: pv[i].Value.b = (unsigned short)(p->v.b ? 1 : 0); break;
        case PT_I8: pv[i].Value.li.QuadPart = p->v.i8; break;
        case PT_STRING8: pv[i].Value.lpszA = mapi_string8(&b, p->v.str, cp, x); break;
        case PT_UNICODE: pv[i].Value.lpszW = mapi_unicode(&b, p->v.str, cp, x); break;
        case PT_BINARY:
            pv[i].Value.bin.cb = (ULONG)p->v.bin.len;
            pv[i].Value.bin.lpb = mapi_bytes(&b, p->v.bin.data, p->v.bin.len);
            break;
        case PT_CLSID:
            pv[i].Value.lpguid = (LPGUID)mapi_bytes(&b, p->v.bin.data, 16);
            break;
        case PT_MV_LONG:
            pv[i].Value.MVl.cValues = (ULONG)p->v.mvl.count;
            pv[i].Value.MVl.lpl = more(&b, p->v.mvl.count * sizeof(LONG));
            for (j = 0; j < p->v.mvl.count && pv[i].Value.MVl.lpl; j++)
                pv[i].Value.MVl.lpl[j] = p->v.mvl.items[j];
            break;
        case PT_MV_STRING8:
        case PT_MV_UNICODE:
            pv[i].Value.MVszA.cValues = (ULONG)p->v.mvstr.count;
            pv[i].Value.MVszA.lppszA = more(&b, p->v.mvstr.count * sizeof(void *));
            for (j = 0; j < p->v.mvstr.count && pv[i].Value.MVszA.lppszA; j++) {
                if (type == PT_MV_STRING8)
                    pv[i].Value.MVszA.lppszA[j] = mapi_string8(&b, p->v.mvstr.items[j], cp, x);
                else
                    pv[i].Value.MVszW.lppszW[j] = mapi_unicode(&b, p->v.mvstr.items[j], cp, x);
            }
            break;
        case PT_MV_BINARY:
            pv[i].Value.MVbin.cValues = (ULONG)p->v.mvbin.count;
            pv[i].Value.MVbin.lpbin = more(&b, p->v.mvbin.count * sizeof(SBinary));
            for (j = 0; j < p->v.mvbin.count && pv[i].Value.MVbin.lpbin; j++) {
                pv[i].Value.MVbin.lpbin[j].cb = (ULONG)p->v.mvbin.items[j].len;
                pv[i].Value.MVbin.lpbin[j].lpb =
                    mapi_bytes(&b, p->v.mvbin.items[j].data, p->v.mvbin.items[j].len);
            }
            break;
        default:
            snprintf(err, errlen, "property 0x%08lX has a type mapiprof cannot pass on",
                     (unsigned long)p->tag);
            MAPIFreeBuffer(b.root);
            return MAPI_E_INVALID_TYPE;
        }
    }
    if (FAILED(b.hr)) {
        snprintf(err, errlen, b.hr == MAPI_E_BAD_VALUE ? "a text value is not valid in its encoding"
                                                        : "out of memory");
        MAPIFreeBuffer(b.root);
        return b.hr;
    }
    *out = pv;
    return S_OK;
}

/* ------------------------------------------------------------------------ */
/* SPropValue -> portable form.                                              */

static int bin_copy(mapisvc_bin *dst, const BYTE *src, size_t len)
{
    dst->len = len;
    dst->data = xmalloc(len);
    if (len) memcpy(dst->data, src, len);
    return 0;
}

static void strings_to_list(mapisvc_list *l, char **items, size_t count)
{
    size_t i, total = 0, off = 0;
    for (i = 0; i < count; i++) total += strlen(items[i]) + 1;
    l->count = count;
    l->items = xmalloc(count * sizeof(char *));
    l->store = xmalloc(total);
    for (i = 0; i < count; i++) {
        size_t n = strlen(items[i]) + 1;
        memcpy(l->store + off, items[i], n);
        l->items[i] = l->store + off;
        off += n;
    }
}

int prop_from_mapi(const SPropValue *pv, mapisvc_prop *out)
{
    ULONG type = PROP_TYPE(pv->ulPropTag);
    size_t i;
    memset(out, 0, sizeof(*out));
    out->tag = pv->ulPropTag;
    switch (type) {
    case PT_I2:
        out->kind = MAPISVC_PROP_LONG;
        out->v.l = pv->Value.i;
        return 0;
    case PT_LONG:
        out->kind = MAPISVC_PROP_LONG;
        out->v.l = pv->Value.l;
        return 0;
    case PT_BOOLEAN:
        out->kind = MAPISVC_PROP_BOOLEAN;
        out->v.b = pv->Value.b != 0;
        return 0;
    case PT_I8:
        out->kind = MAPISVC_PROP_I8;
        out->v.i8 = pv->Value.li.QuadPart;
        return 0;
    case PT_STRING8:
    case PT_UNICODE:
        out->kind = MAPISVC_PROP_STRING;
        out->v.str = type == PT_STRING8 ? acp_to_utf8(pv->Value.lpszA) : wide_to_utf8(pv->Value.lpszW);
        if (!out->v.str) out->v.str = xstrdup("");
        return 0;
    case PT_BINARY:
        out->kind = MAPISVC_PROP_BINARY;
        return bin_copy(&out->v.bin, pv->Value.bin.lpb, pv->Value.bin.cb);
    case PT_CLSID:
        if (!pv->Value.lpguid) return -1;
        out->kind = MAPISVC_PROP_BINARY;
        return bin_copy(&out->v.bin, (const BYTE *)pv->Value.lpguid, 16);
    case PT_MV_LONG:
        out->kind = MAPISVC_PROP_MV_LONG;
        out->v.mvl.count = pv->Value.MVl.cValues;
        out->v.mvl.items = xmalloc(pv->Value.MVl.cValues * sizeof(int32_t));
        for (i = 0; i < pv->Value.MVl.cValues; i++) out->v.mvl.items[i] = pv->Value.MVl.lpl[i];
        return 0;
    case PT_MV_STRING8:
    case PT_MV_UNICODE: {
        size_t n = pv->Value.MVszA.cValues;
        char **items = xmalloc(n * sizeof(char *));
        for (i = 0; i < n; i++) {
            items[i] = type == PT_MV_STRING8 ? acp_to_utf8(pv->Value.MVszA.lppszA[i])
                                             : wide_to_utf8(pv->Value.MVszW.lppszW[i]);
            if (!items[i]) items[i] = xstrdup("");
        }
        out->kind = MAPISVC_PROP_MV_STRING;
        strings_to_list(&out->v.mvstr, items, n);
        for (i = 0; i < n; i++) free(items[i]);
        free(items);
        return 0;
    }
    case PT_MV_BINARY:
        out->kind = MAPISVC_PROP_MV_BINARY;
        out->v.mvbin.count = pv->Value.MVbin.cValues;
        out->v.mvbin.items = xmalloc(pv->Value.MVbin.cValues * sizeof(mapisvc_bin));
        for (i = 0; i < pv->Value.MVbin.cValues; i++)
            bin_copy(&out->v.mvbin.items[i], pv->Value.MVbin.lpbin[i].lpb, pv->Value.MVbin.lpbin[i].cb);
        return 0;
    default:
        out->kind = MAPISVC_PROP_LONG; /* nothing allocated */
        return -1;
    }
}

/* ------------------------------------------------------------------------ */
/* Values as text.                                                           */

struct sbuf {
    char *p;
    size_t len, cap;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t ncap = b->cap ? b->cap : 64;
        char *np;
        while (ncap < b->len + n + 1) ncap *= 2;
        np = realloc(b->p, ncap);
        if (!np) {
            errf("mapiprof: out of memory\n");
            exit(1);
        }
        b->p = np;
        b->cap = ncap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(gnu_printf, 2, 3)));
static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
    va_list ap;
    char *s;
    va_start(ap, fmt);
    s = vformat(fmt, ap);
    va_end(ap);
    if (s) sb_add(b, s, strlen(s));
    free(s);
}

/* A UTF-8 string in double quotes; quotes, backslashes and control characters escaped. */
static void sb_quoted(struct sbuf *b, const char *s)
{
    sb_add(b, "\"", 1);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            char e[2] = { '\\', (char)c };
            sb_add(b, e, 2);
        } else if (c < 0x20 || c == 0x7F) {
            sb_printf(b, "\\x%02X", c);
        } else {
            sb_add(b, (const char *)&c, 1);
        }
    }
    sb_add(b, "\"", 1);
}

static void sb_hex(struct sbuf *b, const BYTE *p, ULONG n)
{
    static const char digits[] = "0123456789abcdef";
    ULONG i;
    for (i = 0; i < n; i++) {
        char h[2] = { digits[p[i] >> 4], digits[p[i] & 15] };
        sb_add(b, h, 2);
    }
}

static void sb_binary(struct sbuf *b, const SBinary *bin)
{
    sb_printf(b, "%lu bytes", (unsigned long)bin->cb);
    if (bin->cb) {
        sb_add(b, " ", 1);
        sb_hex(b, bin->lpb, bin->cb);
    }
}

static void sb_guid(struct sbuf *b, const GUID *g)
{
    if (!g) {
        sb_add(b, "(null)", 6);
        return;
    }
    sb_printf(b, "{%08lX-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}", (unsigned long)g->Data1,
              g->Data2, g->Data3, g->Data4[0], g->Data4[1], g->Data4[2], g->Data4[3], g->Data4[4],
              g->Data4[5], g->Data4[6], g->Data4[7]);
}

static void sb_filetime(struct sbuf *b, const FILETIME *ft)
{
    SYSTEMTIME st;
    if (FileTimeToSystemTime(ft, &st))
        sb_printf(b, "%04u-%02u-%02u %02u:%02u:%02u UTC", st.wYear, st.wMonth, st.wDay, st.wHour,
                  st.wMinute, st.wSecond);
    else
        sb_printf(b, "0x%08lX%08lX", (unsigned long)ft->dwHighDateTime, (unsigned long)ft->dwLowDateTime);
}

static void sb_string8(struct sbuf *b, const char *s)
{
    char *u = acp_to_utf8(s);
    sb_quoted(b, u ? u : "");
    free(u);
}

static void sb_unicode(struct sbuf *b, const WCHAR *s)
{
    char *u = wide_to_utf8(s);
    sb_quoted(b, u ? u : "");
    free(u);
}

char *format_mapi_value(const SPropValue *pv)
{
    struct sbuf b = { 0 };
    ULONG type = PROP_TYPE(pv->ulPropTag), i, n;

    switch (type) {
    case PT_I2: sb_printf(&b, "%d", pv->Value.i); break;
    case PT_LONG:
        sb_printf(&b, "%ld (0x%08lX)", (long)pv->Value.l, (unsigned long)pv->Value.ul);
        break;
    case PT_R4: sb_printf(&b, "%g", (double)pv->Value.flt); break;
    case PT_DOUBLE:
    case PT_APPTIME: sb_printf(&b, "%g", pv->Value.dbl); break;
    case PT_CURRENCY: sb_printf(&b, "%.4f", (double)pv->Value.cur.int64 / 10000.0); break;
    case PT_BOOLEAN:
        if (pv->Value.b <= 1) sb_printf(&b, "%s", pv->Value.b ? "TRUE" : "FALSE");
        else sb_printf(&b, "TRUE (0x%04X)", pv->Value.b);
        break;
    case PT_I8:
        sb_printf(&b, "%lld (0x%016llX)", (long long)pv->Value.li.QuadPart,
                  (unsigned long long)pv->Value.li.QuadPart);
        break;
    case PT_SYSTIME: sb_filetime(&b, &pv->Value.ft); break;
    case PT_STRING8: sb_string8(&b, pv->Value.lpszA); break;
    case PT_UNICODE: sb_unicode(&b, pv->Value.lpszW); break;
    case PT_CLSID: sb_guid(&b, pv->Value.lpguid); break;
    case PT_BINARY: sb_binary(&b, &pv->Value.bin); break;
    case PT_ERROR: {
        const char *name = hr_name(pv->Value.err);
        sb_printf(&b, "error %s (0x%08lX)", name ? name : "?", (unsigned long)pv->Value.err);
        break;
    }
    case PT_NULL: sb_add(&b, "(no value)", 10); break;
    case PT_OBJECT: sb_add(&b, "(object)", 8); break;
    default:
        if (!(type & MV_FLAG)) {
            sb_printf(&b, "(value of type 0x%04lX not shown)", (unsigned long)type);
            break;
        }
        n = pv->Value.MVi.cValues;
        sb_printf(&b, "[%lu]", (unsigned long)n);
        for (i = 0; i < n; i++) {
            sb_add(&b, i ? ", " : " ", i ? 2 : 1);
            switch (type & ~MV_FLAG) {
            case PT_I2: sb_printf(&b, "%d", pv->Value.MVi.lpi[i]); break;
            case PT_LONG: sb_printf(&b, "%ld", (long)pv->Value.MVl.lpl[i]); break;
            case PT_R4: sb_printf(&b, "%g", (double)pv->Value.MVflt.lpflt[i]); break;
            case PT_DOUBLE:
            case PT_APPTIME: sb_printf(&b, "%g", pv->Value.MVdbl.lpdbl[i]); break;
            case PT_CURRENCY: sb_printf(&b, "%.4f", (double)pv->Value.MVcur.lpcur[i].int64 / 10000.0); break;
            case PT_I8: sb_printf(&b, "%lld", (long long)pv->Value.MVli.lpli[i].QuadPart); break;
            case PT_SYSTIME: sb_filetime(&b, &pv->Value.MVft.lpft[i]); break;
            case PT_STRING8: sb_string8(&b, pv->Value.MVszA.lppszA[i]); break;
            case PT_UNICODE: sb_unicode(&b, pv->Value.MVszW.lppszW[i]); break;
            case PT_CLSID: sb_guid(&b, &pv->Value.MVguid.lpguid[i]); break;
            case PT_BINARY: sb_binary(&b, &pv->Value.MVbin.lpbin[i]); break;
            default: sb_add(&b, "?", 1); break;
            }
        }
        break;
    }
    if (!b.p) sb_add(&b, "", 0);
    return b.p;
}

/* ------------------------------------------------------------------------ */
/* Tables.                                                                   */

HRESULT read_table(LPMAPITABLE table, const SPropTagArray *cols, LPSRowSet *rows)
{
    LPSRowSet all = NULL, batch = NULL;
    ULONG have = 0, cap = 0;
    HRESULT hr;

    *rows = NULL;
    hr = IMAPITable_SetColumns(table, (LPSPropTagArray)cols, 0);
    if (FAILED(hr)) return hr;
    for (;;) {
        hr = IMAPITable_QueryRows(table, 64, 0, &batch);
        if (FAILED(hr)) break;
        if (!batch || !batch->cRows) {
            if (batch) MAPIFreeBuffer(batch);
            batch = NULL;
            break;
        }
        if (have + batch->cRows > cap) {
            LPSRowSet grown = NULL;
            ULONG ncap = cap ? cap * 2 : 64;
            while (ncap < have + batch->cRows) ncap *= 2;
            hr = MAPIAllocateBuffer((ULONG)CbNewSRowSet(ncap), (void **)&grown);
            if (FAILED(hr)) break;
            grown->cRows = have;
            if (have) memcpy(grown->aRow, all->aRow, have * sizeof(SRow));
            if (all) MAPIFreeBuffer(all);
            all = grown;
            cap = ncap;
        }
        /* each row's lpProps is its own allocation: move the rows, free the set */
        memcpy(&all->aRow[have], batch->aRow, batch->cRows * sizeof(SRow));
        have += batch->cRows;
        all->cRows = have;
        MAPIFreeBuffer(batch);
        batch = NULL;
    }
    if (batch) FreeProws(batch);
    if (FAILED(hr)) {
        if (all) FreeProws(all);
        return hr;
    }
    if (!all) {
        hr = MAPIAllocateBuffer((ULONG)CbNewSRowSet(1), (void **)&all);
        if (FAILED(hr)) return hr;
        all->cRows = 0;
    }
    *rows = all;
    return S_OK;
}

const SPropValue *row_prop(const SRow *row, ULONG tag)
{
    ULONG i;
    for (i = 0; i < row->cValues; i++)
        if (row->lpProps[i].ulPropTag == tag) return &row->lpProps[i];
    return NULL;
}

char *row_string(const SRow *row, ULONG id)
{
    const SPropValue *pv = row_prop(row, PROP_TAG(PT_STRING8, id));
    if (pv) return acp_to_utf8(pv->Value.lpszA);
    pv = row_prop(row, PROP_TAG(PT_UNICODE, id));
    if (pv) return wide_to_utf8(pv->Value.lpszW);
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* Files.                                                                    */

#define MAX_FILE (64u * 1024u * 1024u)

int read_file(const char *path, char **data, size_t *len, char *err, size_t errlen)
{
    FILE *f;
    WCHAR *wpath;
    char *buf = NULL;
    size_t n = 0, cap = 0, got;

    *data = NULL;
    *len = 0;
    if (strcmp(path, "-") == 0) {
        f = stdin;
    } else {
        wpath = utf8_to_wide(path);
        f = wpath ? _wfopen(wpath, L"rb") : NULL;
        free(wpath);
        if (!f) {
            snprintf(err, errlen, "%s", strerror(errno));
            return -1;
        }
    }
    for (;;) {
        if (n == cap) {
            char *nb;
            cap = cap ? cap * 2 : 65536;
            if (cap > MAX_FILE + 1) cap = MAX_FILE + 1;
            nb = realloc(buf, cap + 1);
            if (!nb) {
                snprintf(err, errlen, "out of memory");
                goto bad;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n > MAX_FILE) {
            snprintf(err, errlen, "it is larger than %u MiB", MAX_FILE >> 20);
            goto bad;
        }
        if (got == 0) break;
    }
    if (ferror(f)) {
        snprintf(err, errlen, "read error");
        goto bad;
    }
    if (f != stdin) fclose(f);
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
bad:
    if (f != stdin) fclose(f);
    free(buf);
    return -1;
}

int write_file(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
    FILE *f;
    WCHAR *wpath;
    if (strcmp(path, "-") == 0) {
        out_bytes(data, len);
        return 0;
    }
    wpath = utf8_to_wide(path);
    f = wpath ? _wfopen(wpath, L"wb") : NULL;
    free(wpath);
    if (!f) {
        snprintf(err, errlen, "%s", strerror(errno));
        return -1;
    }
    if (fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        snprintf(err, errlen, "write error: %s", strerror(errno));
        return -1;
    }
    return 0;
}
