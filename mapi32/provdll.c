/*
 * Loading a provider or service DLL named by a profile (mapi-spec.md 5.6).
 * The profile holds the base name ("MSPST.DLL"); the file on disk has "32"
 * before the first dot ("MSPST32.DLL"), or at the end when there is no dot.
 * If that file is not there, the name as given is tried too.  Bare names are
 * looked for beside our mapi32.dll, then in the system directory, never in
 * the current directory or on PATH; full paths are loaded from exactly there.
 */
#include "mapi32_private.h"
#include "provdll.h"

/* name with "32" inserted per the first-dot rule. */
static BOOL add_32(const WCHAR *name, WCHAR *out, DWORD cch)
{
    const WCHAR *dot = wcschr(name, '.');
    size_t len = lstrlenW(name), head = dot ? (size_t)(dot - name) : len;

    if (len + 3 > cch) return FALSE;
    memcpy(out, name, head * sizeof(WCHAR));
    out[head] = '3';
    out[head + 1] = '2';
    lstrcpyW(out + head + 2, name + head);
    return TRUE;
}

static BOOL is_path(const WCHAR *name)
{
    return wcschr(name, '\\') || wcschr(name, '/') || wcschr(name, ':');
}

static HMODULE load_exact(const WCHAR *path)
{
    /* The DLL's own folder first for its dependencies; never the CWD. */
    if (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES) return NULL;
    return LoadLibraryExW(path, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
}

static HMODULE load_in(const WCHAR *dir, const WCHAR *file, WCHAR *loaded, DWORD cch)
{
    WCHAR path[MAX_PATH];
    HMODULE mod;

    if (lstrlenW(dir) + lstrlenW(file) + 2 > MAX_PATH) return NULL;
    lstrcpyW(path, dir);
    lstrcatW(path, L"\\");
    lstrcatW(path, file);
    if ((mod = load_exact(path)) && loaded) lstrcpynW(loaded, path, cch);
    return mod;
}

HRESULT provdll_load(const WCHAR *name, HMODULE *module, WCHAR *loaded, DWORD cch)
{
    WCHAR with32[MAX_PATH], dirs[2][MAX_PATH], *slash;
    const WCHAR *names[2];
    unsigned i, d;

    *module = NULL;
    if (!name || !name[0] || lstrlenW(name) >= MAX_PATH - 3) return MAPI_E_NOT_FOUND;
    if (!add_32(name, with32, ARRAYSIZE(with32))) return MAPI_E_NOT_FOUND;
    names[0] = with32;
    names[1] = name;

    if (is_path(name)) {
        for (i = 0; i < 2; i++)
            if ((*module = load_exact(names[i]))) {
                if (loaded) lstrcpynW(loaded, names[i], cch);
                break;
            }
    } else {
        if (!GetModuleFileNameW(freemapi_instance, dirs[0], MAX_PATH) || !(slash = wcsrchr(dirs[0], '\\')))
            dirs[0][0] = 0;
        else *slash = 0;
        if (!GetSystemDirectoryW(dirs[1], MAX_PATH)) dirs[1][0] = 0;
        for (d = 0; d < 2 && !*module; d++)
            for (i = 0; i < 2 && !*module; i++)
                if (dirs[d][0]) *module = load_in(dirs[d], names[i], loaded, cch);
    }
    TRACE("%ls -> %p", name, *module);
    return *module ? S_OK : MAPI_E_NOT_FOUND;
}

void provdll_release(HMODULE module)
{
    if (module) FreeLibrary(module);
}
