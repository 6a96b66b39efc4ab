/* Tracing to stderr; see trace.h for the switch. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "trace.h"

BOOL freemapi_tracing;

/* Reads WINEDEBUG items like "+mapi", "trace+mapi", "-all", "warn+all"; the last
 * item naming mapi, freemapi or all wins. A class other than trace is ignored. */
static BOOL parse_winedebug(const char *s)
{
    BOOL on = FALSE;

    while (*s)
    {
        const char *end = strchr(s, ',');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        const char *sign = memchr(s, '+', len);
        const char *minus = memchr(s, '-', len);

        if (!sign || (minus && minus < sign)) sign = minus;
        if (sign)
        {
            size_t class_len = sign - s, chan_len = len - class_len - 1;
            const char *chan = sign + 1;
            BOOL class_ok = !class_len || (class_len == 5 && !strncmp(s, "trace", 5));

            if (class_ok && ((chan_len == 4 && !strncmp(chan, "mapi", 4)) ||
                             (chan_len == 8 && !strncmp(chan, "freemapi", 8)) ||
                             (chan_len == 3 && !strncmp(chan, "all", 3))))
                on = (*sign == '+');
        }
        s += len;
        if (*s == ',') s++;
    }
    return on;
}

void freemapi_trace_init(void)
{
    char buf[512];
    DWORD len = GetEnvironmentVariableA("WINEDEBUG", buf, sizeof(buf));

    freemapi_tracing = len && len < sizeof(buf) && parse_winedebug(buf);
}

void freemapi_trace(const char *func, const char *fmt, ...)
{
    char line[1024];
    int n;
    va_list ap;
    DWORD written;

    n = _snprintf(line, sizeof(line) - 2, "freemapi:%04lx:%s", GetCurrentThreadId(), func);
    if (n < 0) n = sizeof(line) - 2;
    va_start(ap, fmt);
    int m = _vsnprintf(line + n, sizeof(line) - 2 - n, fmt, ap);
    va_end(ap);
    n = (m < 0) ? (int)sizeof(line) - 2 : n + m;
    line[n++] = '\n';
    /* One WriteFile per line, so lines from several threads do not interleave. */
    WriteFile(GetStdHandle(STD_ERROR_HANDLE), line, n, &written, NULL);
}
