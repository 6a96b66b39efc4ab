/* Reads one string of a module file's version resource (tools' shared helper). */
#ifndef FREEMAPI_VERINFO_H
#define FREEMAPI_VERINFO_H
#include <stddef.h>
void version_string(const char *path, const char *field, char *out, size_t len);
#endif
