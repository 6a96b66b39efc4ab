/* Call tracing, switched on by WINEDEBUG=+mapi (also +freemapi, +all; a later
 * -mapi or -all turns it off again, as in Wine). Off by default. */
#ifndef FREEMAPI_TRACE_H
#define FREEMAPI_TRACE_H

#include <windows.h>

extern BOOL freemapi_tracing;

void freemapi_trace_init(void);
void freemapi_trace(const char *func, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* TRACE("(%lu, %p) -> %#lx", ...) prints "freemapi:<thread>:<function>(...) -> ..." */
#define TRACE(...) do { if (freemapi_tracing) freemapi_trace(__func__, __VA_ARGS__); } while (0)

#endif
