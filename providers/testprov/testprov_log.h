/*
 * testprov_log.h - the lock every writer of a test provider log takes
 * (README.md, "The log"): Wine appends by seeking to the end and writing,
 * so two writers racing lose lines.  The provider and the tests that add
 * their own lines to its log (test_shutdown's client marks) use this.
 */
#ifndef TESTPROV_LOG_H
#define TESTPROV_LOG_H

#include <windows.h>
#include <wchar.h>

/* "Local\\testprov-log-<FNV-1a hash of the lower-case path>", shared by
 * every process of the Wine prefix (or Windows session) that logs to that
 * file.  The caller closes the handle. */
static inline HANDLE tp_log_mutex(const WCHAR *path)
{
    static const WCHAR digits[] = L"0123456789abcdef";
    WCHAR name[64] = L"Local\\testprov-log-";
    DWORD hash = 2166136261u;
    const WCHAR *p;
    size_t len;
    int i;

    for (p = path; *p; p++)
    {
        WCHAR c = *p;
        if (c >= 'A' && c <= 'Z')
            c = c - 'A' + 'a';
        else if (c == '/')
            c = '\\';
        hash = (hash ^ c) * 16777619u;
    }
    len = wcslen(name);
    for (i = 7; i >= 0; i--)
        name[len++] = digits[(hash >> (4 * i)) & 15];
    name[len] = 0;
    return CreateMutexW(NULL, FALSE, name);
}

#endif /* TESTPROV_LOG_H */
