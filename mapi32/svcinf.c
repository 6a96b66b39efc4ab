/*
 * MAPISVC.INF as the DLL uses it (mapi-spec.md 4.5): found beside our
 * mapi32.dll first, then in the system directory; parsed by the portable
 * parser in mapisvc_inf.c; sections copied into profile sections.
 * Malformed lines are traced and kept as the caller's last error text; the
 * rest of the file still works.
 */
#include <string.h>

#include "mapi32_private.h"
#include "mapierror.h"
#include "profile_store.h"
#include "svcinf.h"

#include <mapiutil.h>

static BOOL read_file(const WCHAR *path, BYTE **data, DWORD *size)
{
    HANDLE file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                              NULL, OPEN_EXISTING, 0, NULL);
    LARGE_INTEGER len;
    DWORD got = 0;

    if (file == INVALID_HANDLE_VALUE) return FALSE;
    if (!GetFileSizeEx(file, &len) || len.QuadPart > MAPISVC_MAX_INPUT) {
        /* The parser reads at most this much anyway. */
        len.QuadPart = MAPISVC_MAX_INPUT;
    }
    *data = HeapAlloc(GetProcessHeap(), 0, (SIZE_T)len.QuadPart + 1);
    if (!*data || !ReadFile(file, *data, (DWORD)len.QuadPart, &got, NULL)) {
        HeapFree(GetProcessHeap(), 0, *data);
        CloseHandle(file);
        return FALSE;
    }
    CloseHandle(file);
    *size = got;
    return TRUE;
}

/* Beside our DLL, then in the system directory. */
static BOOL find_inf(WCHAR *path, DWORD cch)
{
    WCHAR *slash;
    DWORD n = GetModuleFileNameW(freemapi_instance, path, cch);

    if (n && n < cch && (slash = wcsrchr(path, '\\')) && (slash - path) + 13 < (ptrdiff_t)cch) {
        lstrcpyW(slash + 1, L"MAPISVC.INF");
        if (GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES) return TRUE;
    }
    n = GetSystemDirectoryW(path, cch);
    if (!n || n + 13 >= cch) return FALSE;
    lstrcatW(path, L"\\MAPISVC.INF");
    return GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES;
}

HRESULT svcinf_load(struct svcinf *si, struct last_error *err)
{
    char upath[MAX_PATH * 3];
    BYTE *data;
    DWORD size, i, ndiag;

    memset(si, 0, sizeof(*si));
    if (!find_inf(si->path, ARRAYSIZE(si->path))) {
        if (err) lasterr_set(err, MAPI_E_NOT_FOUND, L"MAPISVC.INF was found neither beside mapi32.dll nor in the system directory");
        return MAPI_E_NOT_FOUND;
    }
    if (!read_file(si->path, &data, &size)) {
        if (err) lasterr_set(err, MAPI_E_NOT_FOUND, L"cannot read %ls (error %lu)", si->path, GetLastError());
        return MAPI_E_NOT_FOUND;
    }
    WideCharToMultiByte(CP_UTF8, 0, si->path, -1, upath, sizeof(upath), NULL, NULL);
    si->inf = mapisvc_inf_parse(data, size, upath);
    HeapFree(GetProcessHeap(), 0, data);
    if (!si->inf) return MAPI_E_NOT_ENOUGH_MEMORY;
    si->codepage = mapisvc_inf_encoding(si->inf) == MAPISVC_ENC_ANSI ? CP_ACP : CP_UTF8;

    ndiag = (DWORD)mapisvc_inf_diag_count(si->inf);
    for (i = 0; i < ndiag; i++) {
        char line[600];
        mapisvc_diag_format(mapisvc_inf_diag(si->inf, i), line, sizeof(line));
        TRACE("%s", line);
    }
    if (ndiag && err) {
        /* The first problem, for GetLastError after a call that still succeeded. */
        char line[600];
        WCHAR wline[600];
        mapisvc_diag_format(mapisvc_inf_diag(si->inf, 0), line, sizeof(line));
        MultiByteToWideChar(CP_UTF8, 0, line, -1, wline, ARRAYSIZE(wline));
        lasterr_set(err, S_OK, L"%ls%ls", wline, ndiag > 1 ? L" (and more malformed lines)" : L"");
    }
    return S_OK;
}

void svcinf_free(struct svcinf *si)
{
    mapisvc_inf_free(si->inf);
    si->inf = NULL;
}

void svcinf_to_w(const struct svcinf *si, const char *s, WCHAR *buf, DWORD cch)
{
    if (!MultiByteToWideChar(si->codepage, 0, s, -1, buf, cch)) buf[0] = 0;
    buf[cch - 1] = 0;
}

const mapisvc_entry *svcinf_find_service(const struct svcinf *si, const WCHAR *name, BOOL default_list)
{
    const mapisvc_entry *e;
    size_t n, i;

    n = default_list ? mapisvc_inf_default_services(si->inf, &e) : mapisvc_inf_services(si->inf, &e);
    for (i = 0; i < n; i++) {
        WCHAR key[256];
        svcinf_to_w(si, e[i].key, key, ARRAYSIZE(key));
        if (!lstrcmpiW(key, name)) return &e[i];
    }
    return NULL;
}

const mapisvc_section *svcinf_section(const struct svcinf *si, const char *name)
{
    return mapisvc_inf_section(si->inf, name);
}

/* MAPI keeps these itself; an INF line may not set them (spec 4.4). */
static BOOL reserved(ULONG tag)
{
    switch (PROP_ID(tag)) {
    case 0x3D0C: /* PR_SERVICE_UID */
    case 0x3D0D: /* PR_SERVICE_EXTRA_UIDS */
    case 0x3D0E: /* PR_SERVICES */
    case 0x3D00: case 0x3D01: case 0x3D02: /* provider lists */
    case 0x3D12: /* PR_PROFILE_NAME */
    case 0x0FFE: /* PR_OBJECT_TYPE */
        return TRUE;
    }
    return FALSE;
}

static WCHAR *dup_w(const struct svcinf *si, const char *s, void *parent)
{
    int n = MultiByteToWideChar(si->codepage, 0, s, -1, NULL, 0);
    WCHAR *out;
    if (!n || MAPIAllocateMore(n * sizeof(WCHAR), parent, (void **)&out)) return NULL;
    MultiByteToWideChar(si->codepage, 0, s, -1, out, n);
    return out;
}

/* A converted INF property as an SPropValue in MAPI memory under parent.
 * Strings become PT_UNICODE so nothing is lost to the ANSI code page. */
static HRESULT to_prop(const struct svcinf *si, const mapisvc_prop *p, void *parent, SPropValue *v)
{
    ULONG type = PROP_TYPE(p->tag), id = PROP_ID(p->tag), i;

    v->dwAlignPad = 0;
    switch (p->kind) {
    case MAPISVC_PROP_LONG:
        v->ulPropTag = p->tag;
        if (type == PT_I2) v->Value.i = (short)p->v.l;
        else v->Value.l = p->v.l;
        return S_OK;
    case MAPISVC_PROP_BOOLEAN:
        v->ulPropTag = p->tag;
        v->Value.b = p->v.b != 0;
        return S_OK;
    case MAPISVC_PROP_I8:
        v->ulPropTag = p->tag;
        v->Value.li.QuadPart = p->v.i8;
        return S_OK;
    case MAPISVC_PROP_STRING:
        v->ulPropTag = PROP_TAG(PT_UNICODE, id);
        return (v->Value.lpszW = dup_w(si, p->v.str, parent)) ? S_OK : MAPI_E_NOT_ENOUGH_MEMORY;
    case MAPISVC_PROP_BINARY:
        v->ulPropTag = p->tag;
        if (type == PT_CLSID) {
            if (p->v.bin.len != 16) return MAPI_E_INVALID_PARAMETER;
            if (MAPIAllocateMore(16, parent, (void **)&v->Value.lpguid)) return MAPI_E_NOT_ENOUGH_MEMORY;
            memcpy(v->Value.lpguid, p->v.bin.data, 16);
            return S_OK;
        }
        v->Value.bin.cb = (ULONG)p->v.bin.len;
        if (MAPIAllocateMore(v->Value.bin.cb + 1, parent, (void **)&v->Value.bin.lpb))
            return MAPI_E_NOT_ENOUGH_MEMORY;
        memcpy(v->Value.bin.lpb, p->v.bin.data, p->v.bin.len);
        return S_OK;
    case MAPISVC_PROP_MV_LONG:
        v->ulPropTag = p->tag;
        v->Value.MVl.cValues = (ULONG)p->v.mvl.count;
        if (MAPIAllocateMore(v->Value.MVl.cValues * sizeof(LONG) + 1, parent, (void **)&v->Value.MVl.lpl))
            return MAPI_E_NOT_ENOUGH_MEMORY;
        for (i = 0; i < v->Value.MVl.cValues; i++) v->Value.MVl.lpl[i] = p->v.mvl.items[i];
        return S_OK;
    case MAPISVC_PROP_MV_STRING:
        v->ulPropTag = PROP_TAG(PT_MV_UNICODE, id);
        v->Value.MVszW.cValues = (ULONG)p->v.mvstr.count;
        if (MAPIAllocateMore(v->Value.MVszW.cValues * sizeof(WCHAR *) + 1, parent,
                             (void **)&v->Value.MVszW.lppszW))
            return MAPI_E_NOT_ENOUGH_MEMORY;
        for (i = 0; i < v->Value.MVszW.cValues; i++)
            if (!(v->Value.MVszW.lppszW[i] = dup_w(si, p->v.mvstr.items[i], parent)))
                return MAPI_E_NOT_ENOUGH_MEMORY;
        return S_OK;
    case MAPISVC_PROP_MV_BINARY:
        v->ulPropTag = p->tag;
        v->Value.MVbin.cValues = (ULONG)p->v.mvbin.count;
        if (MAPIAllocateMore(v->Value.MVbin.cValues * sizeof(SBinary) + 1, parent,
                             (void **)&v->Value.MVbin.lpbin))
            return MAPI_E_NOT_ENOUGH_MEMORY;
        for (i = 0; i < v->Value.MVbin.cValues; i++) {
            SBinary *b = &v->Value.MVbin.lpbin[i];
            b->cb = (ULONG)p->v.mvbin.items[i].len;
            if (MAPIAllocateMore(b->cb + 1, parent, (void **)&b->lpb)) return MAPI_E_NOT_ENOUGH_MEMORY;
            memcpy(b->lpb, p->v.mvbin.items[i].data, b->cb);
        }
        return S_OK;
    }
    return MAPI_E_INVALID_PARAMETER;
}

HRESULT svcinf_section_props(const struct svcinf *si, const mapisvc_section *sec, ULONG *count,
                             SPropValue **props)
{
    SPropValue *vals;
    ULONG n = 0;
    size_t i;
    HRESULT hr;

    *count = 0;
    if ((hr = MAPIAllocateBuffer((ULONG)(sec->count + 1) * sizeof(SPropValue), (void **)&vals))) return hr;
    for (i = 0; i < sec->count; i++) {
        const mapisvc_entry *e = &sec->entries[i];
        mapisvc_prop p;
        char why[160];

        if (e->kind != MAPISVC_ENTRY_PROPERTY || !e->ok || !e->tag) continue;
        if (reserved(e->tag)) {
            TRACE("MAPISVC.INF [%s] line %u: %s is kept by MAPI, ignored", sec->name, e->line, e->key);
            continue;
        }
        if (mapisvc_entry_convert(e, &p, why, sizeof(why))) continue;
        hr = to_prop(si, &p, vals, &vals[n]);
        mapisvc_prop_free(&p);
        if (hr == MAPI_E_NOT_ENOUGH_MEMORY) {
            MAPIFreeBuffer(vals);
            return hr;
        }
        if (!hr) n++;
    }
    *count = n;
    *props = vals;
    return S_OK;
}

HRESULT svcinf_write_section(const struct svcinf *si, const mapisvc_section *sec, HKEY dest)
{
    SPropValue *vals;
    ULONG n;
    HRESULT hr;

    if ((hr = svcinf_section_props(si, sec, &n, &vals))) return hr;
    hr = n ? profstore_set_props(dest, n, vals, NULL) : S_OK;
    MAPIFreeBuffer(vals);
    return hr;
}
