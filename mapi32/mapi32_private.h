/* What the parts of mapi32.dll share with each other. */
#ifndef FREEMAPI_PRIVATE_H
#define FREEMAPI_PRIVATE_H

#include <windows.h>
#include <mapix.h>


#include "trace.h"

extern HINSTANCE freemapi_instance;

/* An aligned LONG read is atomic; volatile keeps the compiler from caching it. */
#define READ_LONG(p) (*(volatile const LONG *)(p))

/* The size of one element of a multi-valued property of a fixed-size type
 * (PT_MV_I2 ... PT_MV_I8); 0 for the others. */
static inline ULONG freemapi_mv_fixed_size(ULONG type)
{
    switch (type & ~MV_FLAG)
    {
    case PT_I2:       return sizeof(short);
    case PT_LONG:     return sizeof(LONG);
    case PT_R4:       return sizeof(float);
    case PT_DOUBLE:
    case PT_APPTIME:  return sizeof(double);
    case PT_CURRENCY: return sizeof(CURRENCY);
    case PT_SYSTIME:  return sizeof(FILETIME);
    case PT_CLSID:    return sizeof(GUID);
    case PT_I8:       return sizeof(LARGE_INTEGER);
    }
    return 0;
}

/* prop.c: the bytes a value's data (not its SPropValue) takes, each
 * separately allocated piece rounded up to 8 when 'aligned'; FALSE for a
 * bad value. */
BOOL freemapi_value_data_size(const SPropValue *v, BOOL aligned, ULONGLONG *size);

/* alloc.c: the registry of live MAPI buffers. */
BOOL freemapi_alloc_init(void);
void freemapi_alloc_shutdown(void);
LONG freemapi_alloc_live_roots(void);

/* init.c */
BOOL freemapi_init_attach(void);
void freemapi_init_detach(void);
BOOL freemapi_is_initialized(void);
BOOL freemapi_in_use(void);
ULONG freemapi_init_flags(void);

/* malloc.c */
BOOL freemapi_malloc_init(void);
void freemapi_malloc_shutdown(void);

#endif
