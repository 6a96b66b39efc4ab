/* mapiprobe: loads mapi32.dll the way mail programs do and says which one it
 * got: its path, product name and version. Exit code 0 when it loaded. */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

#include "verinfo.h"

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
