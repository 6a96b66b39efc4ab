/* mapiprobe: loads mapi32.dll the way mail programs do and says which one it
 * got: its path, product name and version. Exit code 0 when it loaded. */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

static void version_string(const char *path, const char *field, char *out, size_t len)
{
    DWORD handle, size = GetFileVersionInfoSizeA(path, &handle);
    struct { WORD lang, cp; } *trans;
    char key[80], *data, *value;
    UINT vlen;

    snprintf(out, len, "(none)");
    if (!size || !(data = malloc(size))) return;
    if (GetFileVersionInfoA(path, 0, size, data) &&
        VerQueryValueA(data, "\\VarFileInfo\\Translation", (void **)&trans, &vlen) && vlen >= 4)
    {
        snprintf(key, sizeof(key), "\\StringFileInfo\\%04x%04x\\%s", trans->lang, trans->cp, field);
        if (VerQueryValueA(data, key, (void **)&value, &vlen)) snprintf(out, len, "%s", value);
    }
    free(data);
}

int main(void)
{
    HMODULE mapi = LoadLibraryA("mapi32.dll");
    char path[MAX_PATH], product[128], version[64];

    if (!mapi)
    {
        printf("mapi32.dll did not load (error %lu)\n", GetLastError());
        return 1;
    }
    GetModuleFileNameA(mapi, path, sizeof(path));
    version_string(path, "ProductName", product, sizeof(product));
    version_string(path, "FileVersion", version, sizeof(version));
    printf("path: %s\nproduct: %s\nversion: %s\n", path, product, version);
    return 0;
}
