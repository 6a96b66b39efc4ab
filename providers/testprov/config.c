/*
 * Configuration (profile section first, then TESTPROV_* environment
 * variables, then defaults) and the call log of the test provider.
 */
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include <wchar.h>

#include "testprov.h"
#include "testprov_log.h"

/* ------------------------------------------------------------------------ */
/* Environment                                                               */

/* TESTPROV_<KIND>_<KEY> wins over TESTPROV_<KEY>; an empty value is unset. */
static BOOL env_get(const char *kind, const char *key, WCHAR *buf, DWORD len)
{
    char name[96];
    WCHAR wname[96];
    DWORD n;
    int pass;

    for (pass = 0; pass < 2; pass++)
    {
        if (pass == 0 && !kind)
            continue;
        if (pass == 0)
            snprintf(name, sizeof(name), "TESTPROV_%s_%s", kind, key);
        else
            snprintf(name, sizeof(name), "TESTPROV_%s", key);
        name[sizeof(name) - 1] = 0;
        MultiByteToWideChar(CP_ACP, 0, name, -1, wname, ARRAYSIZE(wname));
        n = GetEnvironmentVariableW(wname, buf, len);
        if (n > 0 && n < len)
            return TRUE;
    }
    buf[0] = 0;
    return FALSE;
}

/* HRESULTs and versions are hex, with or without 0x. */
static BOOL parse_hex(const WCHAR *s, ULONG *out)
{
    WCHAR *end;
    ULONG v = wcstoul(s, &end, 16);
    if (end == s)
        return FALSE;
    *out = v;
    return TRUE;
}

/* Counts and delays are decimal unless they start with 0x. */
static BOOL parse_num(const WCHAR *s, ULONG *out)
{
    WCHAR *end;
    ULONG v;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        return parse_hex(s, out);
    v = wcstoul(s, &end, 10);
    if (end == s)
        return FALSE;
    *out = v;
    return TRUE;
}

static BOOL parse_bool(const WCHAR *s, BOOL *out)
{
    ULONG v;
    if (!_wcsicmp(s, L"true") || !_wcsicmp(s, L"yes") || !_wcsicmp(s, L"on"))
        *out = TRUE;
    else if (!_wcsicmp(s, L"false") || !_wcsicmp(s, L"no") || !_wcsicmp(s, L"off"))
        *out = FALSE;
    else if (parse_num(s, &v))
        *out = v != 0;
    else
        return FALSE;
    return TRUE;
}

/* "a;b;c" -> entries */
static void set_entries_from_list(tp_config *cfg, const WCHAR *list)
{
    const WCHAR *p = list;

    cfg->entry_count = 0;
    while (*p && cfg->entry_count < TP_MAX_ENTRIES)
    {
        const WCHAR *end = wcschr(p, ';');
        size_t len = end ? (size_t)(end - p) : wcslen(p);
        if (len)
        {
            if (len >= TP_NAME_LEN)
                len = TP_NAME_LEN - 1;
            memcpy(cfg->entries[cfg->entry_count], p, len * sizeof(WCHAR));
            cfg->entries[cfg->entry_count][len] = 0;
            cfg->entry_count++;
        }
        if (!end)
            break;
        p = end + 1;
    }
}

/* Defaults, then the environment. */
void tp_config_init(tp_config *cfg, const char *kind)
{
    WCHAR buf[TP_PATH_LEN];
    ULONG v;
    BOOL b;
    int ctx;

    memset(cfg, 0, sizeof(*cfg));
    cfg->init_hr = S_OK;
    cfg->logon_hr = S_OK;
    cfg->spi_version = CURRENT_SPI_VERSION;
    cfg->shutdown_iface = TRUE;
    cfg->query_hr = S_OK;
    cfg->entry_count = 2;
    lstrcpyW(cfg->entries[0], L"Test User A");
    lstrcpyW(cfg->entries[1], L"Test User B");

    env_get(kind, "LOG", cfg->log, ARRAYSIZE(cfg->log));
    if (env_get(kind, "NAME", cfg->name, ARRAYSIZE(cfg->name)))
        cfg->name_set = TRUE;
    if (env_get(kind, "INIT_RESULT", buf, ARRAYSIZE(buf)) && parse_hex(buf, &v))
        cfg->init_hr = (HRESULT)v;
    if (env_get(kind, "LOGON_RESULT", buf, ARRAYSIZE(buf)) && parse_hex(buf, &v))
        cfg->logon_hr = (HRESULT)v;
    if (env_get(kind, "SPI_VERSION", buf, ARRAYSIZE(buf)) && parse_hex(buf, &v))
        cfg->spi_version = v;
    if (env_get(kind, "SHUTDOWN_IFACE", buf, ARRAYSIZE(buf)) && parse_bool(buf, &b))
        cfg->shutdown_iface = b;
    if (env_get(kind, "QUERY_RESULT", buf, ARRAYSIZE(buf)) && parse_hex(buf, &v))
        cfg->query_hr = (HRESULT)v;
    if (env_get(kind, "SHUTDOWN_DELAY", buf, ARRAYSIZE(buf)) && parse_num(buf, &v))
        cfg->delay_ms = v;
    if (env_get(kind, "HANG", buf, ARRAYSIZE(buf)) && parse_bool(buf, &b))
        cfg->hang = b;
    if (env_get(kind, "HANG_IN", buf, ARRAYSIZE(buf)) && parse_num(buf, &v))
        cfg->hang_in = v;
    if (env_get(kind, "HANG_HOW", buf, ARRAYSIZE(buf)) && parse_num(buf, &v))
        cfg->hang_how = v;
    env_get(kind, "DATA_FILE", cfg->data_file, ARRAYSIZE(cfg->data_file));
    if (env_get(kind, "AB_ENTRIES", buf, ARRAYSIZE(buf)))
        set_entries_from_list(cfg, buf);
    if (env_get(kind, "EXERCISE", buf, ARRAYSIZE(buf)) && parse_num(buf, &v))
        cfg->exercise = v;
    for (ctx = 1; ctx <= TP_MAX_CONTEXT; ctx++)
    {
        char key[32];
        snprintf(key, sizeof(key), "SVC_RESULT_%d", ctx);
        if (env_get(NULL, key, buf, ARRAYSIZE(buf)) && parse_hex(buf, &v))
            cfg->svc_hr[ctx] = (HRESULT)v;
    }
}

/* ------------------------------------------------------------------------ */
/* Profile section properties                                                */

static void copy_string(WCHAR *dst, size_t len, const SPropValue *pv)
{
    if (PROP_TYPE(pv->ulPropTag) == PT_UNICODE && pv->Value.lpszW)
        lstrcpynW(dst, pv->Value.lpszW, (int)len);
    else if (PROP_TYPE(pv->ulPropTag) == PT_STRING8 && pv->Value.lpszA)
    {
        if (!MultiByteToWideChar(CP_ACP, 0, pv->Value.lpszA, -1, dst, (int)len))
            dst[len - 1] = 0;
    }
}

static BOOL is_string(const SPropValue *pv)
{
    ULONG type = PROP_TYPE(pv->ulPropTag);
    return (type == PT_UNICODE && pv->Value.lpszW) || (type == PT_STRING8 && pv->Value.lpszA);
}

static BOOL get_long(const SPropValue *pv, ULONG *out)
{
    switch (PROP_TYPE(pv->ulPropTag))
    {
    case PT_LONG:    *out = pv->Value.ul; return TRUE;
    case PT_I2:      *out = (ULONG)(LONG)pv->Value.i; return TRUE;
    case PT_BOOLEAN: *out = pv->Value.b != 0; return TRUE;
    default:         return FALSE;
    }
}

static void set_entries_from_mv(tp_config *cfg, const SPropValue *pv)
{
    ULONG i, n;

    if (PROP_TYPE(pv->ulPropTag) == PT_MV_UNICODE)
    {
        n = pv->Value.MVszW.cValues;
        if (n && !pv->Value.MVszW.lppszW)
            return;
        cfg->entry_count = 0;
        for (i = 0; i < n && cfg->entry_count < TP_MAX_ENTRIES; i++)
            if (pv->Value.MVszW.lppszW[i] && pv->Value.MVszW.lppszW[i][0])
                lstrcpynW(cfg->entries[cfg->entry_count++], pv->Value.MVszW.lppszW[i], TP_NAME_LEN);
    }
    else if (PROP_TYPE(pv->ulPropTag) == PT_MV_STRING8)
    {
        n = pv->Value.MVszA.cValues;
        if (n && !pv->Value.MVszA.lppszA)
            return;
        cfg->entry_count = 0;
        for (i = 0; i < n && cfg->entry_count < TP_MAX_ENTRIES; i++)
            if (pv->Value.MVszA.lppszA[i] && pv->Value.MVszA.lppszA[i][0])
                MultiByteToWideChar(CP_ACP, 0, pv->Value.MVszA.lppszA[i], -1,
                                    cfg->entries[cfg->entry_count++], TP_NAME_LEN);
    }
}

/* Applies the properties it knows; anything missing or of another type is
 * left as it was, so missing means default. */
void tp_config_apply(tp_config *cfg, const SPropValue *props, ULONG count)
{
    ULONG i, v;

    if (!props)
        return;
    for (i = 0; i < count; i++)
    {
        const SPropValue *pv = &props[i];
        ULONG id = PROP_ID(pv->ulPropTag);

        if (PROP_TYPE(pv->ulPropTag) == PT_ERROR)
            continue;
        switch (id)
        {
        case 0x3001: /* PR_DISPLAY_NAME */
            if (is_string(pv))
            {
                copy_string(cfg->display, ARRAYSIZE(cfg->display), pv);
                if (!cfg->name_set)
                    lstrcpynW(cfg->name, cfg->display, ARRAYSIZE(cfg->name));
            }
            break;
        case 0x6700:
            if (is_string(pv))
                copy_string(cfg->log, ARRAYSIZE(cfg->log), pv);
            break;
        case 0x6701:
            if (is_string(pv))
            {
                copy_string(cfg->name, ARRAYSIZE(cfg->name), pv);
                cfg->name_set = TRUE;
            }
            break;
        case 0x6702: if (get_long(pv, &v)) cfg->init_hr = (HRESULT)v; break;
        case 0x6703: if (get_long(pv, &v)) cfg->logon_hr = (HRESULT)v; break;
        case 0x6704: if (get_long(pv, &v)) cfg->spi_version = v; break;
        case 0x6705: if (get_long(pv, &v)) cfg->shutdown_iface = v != 0; break;
        case 0x6706: if (get_long(pv, &v)) cfg->query_hr = (HRESULT)v; break;
        case 0x6707: if (get_long(pv, &v)) cfg->delay_ms = v; break;
        case 0x6708: if (get_long(pv, &v)) cfg->hang = v != 0; break;
        case 0x6709: if (get_long(pv, &v)) cfg->hang_in = v; break;
        case 0x670E: if (get_long(pv, &v)) cfg->hang_how = v; break;
        case 0x670A:
            if (is_string(pv))
                copy_string(cfg->data_file, ARRAYSIZE(cfg->data_file), pv);
            break;
        case 0x6730: if (get_long(pv, &v)) cfg->exercise = v; break;
        case 0x6711: /* MV strings: AB entries; PT_LONG: result of MSG_SERVICE_INSTALL */
            if (PROP_TYPE(pv->ulPropTag) & MV_FLAG)
                set_entries_from_mv(cfg, pv);
            else if (get_long(pv, &v))
                cfg->svc_hr[1] = (HRESULT)v;
            break;
        default:
            if (id > 0x6711 && id <= 0x6710 + TP_MAX_CONTEXT && get_long(pv, &v))
                cfg->svc_hr[id - 0x6710] = (HRESULT)v;
            break;
        }
    }
}

/* Reads a section with GetProps(NULL) so any property type is seen; a
 * section that cannot list its properties is asked for each tag. */
HRESULT tp_config_read(tp_config *cfg, LPPROFSECT sect, const tp_alloc *a)
{
    static const ULONG tags[] =
    {
        PR_DISPLAY_NAME_W, PR_DISPLAY_NAME_A, PR_TP_LOG, PR_TP_NAME, PR_TP_INIT_RESULT,
        PR_TP_LOGON_RESULT, PR_TP_SPI_VERSION, PR_TP_SHUTDOWN_IFACE, PR_TP_QUERY_RESULT,
        PR_TP_SHUTDOWN_DELAY, PR_TP_HANG, PR_TP_HANG_IN, PR_TP_DATA_FILE, PR_TP_AB_ENTRIES,
        PR_TP_SVC_RESULT(2), PR_TP_SVC_RESULT(3), PR_TP_SVC_RESULT(4), PR_TP_SVC_RESULT(5),
        PR_TP_SVC_RESULT(6), PR_TP_SVC_RESULT(7), PR_TP_EXERCISE,
    };
    SizedSPropTagArray(ARRAYSIZE(tags), tag_array);
    LPSPropValue vals = NULL;
    ULONG count = 0, i;
    HRESULT hr;

    if (!sect)
        return MAPI_E_INVALID_PARAMETER;
    hr = IProfSect_GetProps(sect, NULL, MAPI_UNICODE, &count, &vals);
    if (FAILED(hr) || !vals)
    {
        if (vals && a->free)
            a->free(vals);
        vals = NULL;
        tag_array.cValues = ARRAYSIZE(tags);
        for (i = 0; i < ARRAYSIZE(tags); i++)
            tag_array.aulPropTag[i] = tags[i];
        hr = IProfSect_GetProps(sect, (LPSPropTagArray)&tag_array, MAPI_UNICODE, &count, &vals);
    }
    if (SUCCEEDED(hr) && vals)
        tp_config_apply(cfg, vals, count);
    if (vals && a->free)
        a->free(vals);
    return hr;
}

/* ------------------------------------------------------------------------ */
/* The log                                                                   */

/* Appends one line "<pid> <tid> <kind> <name> <method> <details>\n" with a
 * single WriteFile on a handle opened for FILE_APPEND_DATA only, under the
 * file's mutex, so lines from several threads and processes neither mix nor
 * get lost. */
void tp_log(const tp_config *cfg, const char *kind, const char *method, const char *fmt, ...)
{
    char line[2048], name[TP_NAME_LEN * 3];
    size_t len, i;
    HANDLE file, mutex;
    DWORD written;
    va_list ap;

    if (!cfg || !cfg->log[0])
        return;

    if (!cfg->name[0] || !WideCharToMultiByte(CP_UTF8, 0, cfg->name, -1, name, sizeof(name), NULL, NULL))
        strcpy(name, "-");
    name[sizeof(name) - 1] = 0;
    for (i = 0; name[i]; i++)     /* one field: no blanks or control characters */
        if ((unsigned char)name[i] <= ' ')
            name[i] = '_';

    snprintf(line, sizeof(line), "%lu %lu %s %s %s", (unsigned long)GetCurrentProcessId(),
             (unsigned long)GetCurrentThreadId(), kind, name, method);
    line[sizeof(line) - 1] = 0;
    len = strlen(line);
    if (fmt && fmt[0] && len < sizeof(line) - 2)
    {
        line[len++] = ' ';
        va_start(ap, fmt);
        vsnprintf(line + len, sizeof(line) - len - 1, fmt, ap);
        va_end(ap);
        line[sizeof(line) - 2] = 0;
        for (i = len; line[i]; i++)
            if (line[i] == '\n' || line[i] == '\r')
                line[i] = ' ';
        len = strlen(line);
    }
    line[len++] = '\n';

    /* Wine appends by seeking to the end and writing, which loses lines when
     * two writers race; a mutex named after the file serializes them. */
    mutex = tp_log_mutex(cfg->log);
    if (mutex)
        WaitForSingleObject(mutex, 10000);
    file = CreateFileW(cfg->log, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                       NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file != INVALID_HANDLE_VALUE)
    {
        WriteFile(file, line, (DWORD)len, &written, NULL);
        CloseHandle(file);
    }
    if (mutex)
    {
        ReleaseMutex(mutex);
        CloseHandle(mutex);
    }
}

/* ------------------------------------------------------------------------ */
/* Small helpers                                                             */

const char *tp_iid_name(REFIID riid, char *buf, size_t len)
{
    static const struct { const IID *iid; const char *name; } known[] =
    {
        { &IID_IUnknown, "IUnknown" },
        { &IID_IMAPIProviderShutdown, "IMAPIProviderShutdown" },
        { &IID_IMSProvider, "IMSProvider" },
        { &IID_IABProvider, "IABProvider" },
        { &IID_IXPProvider, "IXPProvider" },
        { &IID_IMSLogon, "IMSLogon" },
        { &IID_IABLogon, "IABLogon" },
        { &IID_IXPLogon, "IXPLogon" },
        { &IID_IMsgStore, "IMsgStore" },
        { &IID_IMAPIProp, "IMAPIProp" },
        { &IID_IMAPIClientShutdown, "IMAPIClientShutdown" },
    };
    size_t i;

    if (!riid)
        return "null";
    for (i = 0; i < ARRAYSIZE(known); i++)
        if (IsEqualGUID(riid, known[i].iid))
            return known[i].name;
    snprintf(buf, len, "{%08lx-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
             (unsigned long)riid->Data1, riid->Data2, riid->Data3, riid->Data4[0], riid->Data4[1],
             riid->Data4[2], riid->Data4[3], riid->Data4[4], riid->Data4[5], riid->Data4[6],
             riid->Data4[7]);
    buf[len - 1] = 0;
    return buf;
}

void tp_hex(const BYTE *data, ULONG cb, char *out, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    size_t o = 0;
    ULONG i;

    for (i = 0; i < cb && o + 2 < len; i++)
    {
        out[o++] = digits[data[i] >> 4];
        out[o++] = digits[data[i] & 15];
    }
    out[o] = 0;
}

/* The allocators of the mapi32.dll already loaded in this process, for the
 * service entry when its support object has none. */
BOOL tp_mapi32_alloc(tp_alloc *a)
{
    HMODULE mapi = GetModuleHandleW(L"mapi32.dll");

    if (!mapi)
        return FALSE;
    a->alloc = (LPALLOCATEBUFFER)(void *)GetProcAddress(mapi, "MAPIAllocateBuffer");
    a->more = (LPALLOCATEMORE)(void *)GetProcAddress(mapi, "MAPIAllocateMore");
    a->free = (LPFREEBUFFER)(void *)GetProcAddress(mapi, "MAPIFreeBuffer");
    return a->alloc && a->more && a->free;
}

HRESULT tp_no_error(LPMAPIERROR *lppMAPIError)
{
    if (!lppMAPIError)
        return MAPI_E_INVALID_PARAMETER;
    *lppMAPIError = NULL;
    return S_OK;
}

const SPropValue *tp_find_prop(const SPropValue *props, ULONG count, ULONG id)
{
    ULONG i;

    if (!props)
        return NULL;
    for (i = 0; i < count; i++)
        if (PROP_ID(props[i].ulPropTag) == id && PROP_TYPE(props[i].ulPropTag) != PT_ERROR)
            return &props[i];
    return NULL;
}
