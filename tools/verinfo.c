/* Version-resource strings, for mapiprobe and mapidemo. */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

#include "verinfo.h"

void version_string(const char *path, const char *field, char *out, size_t len)
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
