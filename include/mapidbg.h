/*
 * mapidbg.h - debugging macros used by MAPI sample code (FreeMAPI SDK).
 * All assertion and trace macros compile to nothing.
 */
#ifndef __MAPIDBG_H__
#define __MAPIDBG_H__

#define Assert(f)              ((void)0)
#define AssertSz(f, sz)        ((void)0)
#define AssertSz1(f, sz, a)    ((void)0)
#define AssertSz2(f, sz, a, b) ((void)0)
#define SideAssert(f)          ((void)(f))
#define NFAssert(f)            ((void)0)
#define NFAssertSz(f, sz)      ((void)0)
#define TrapSz(sz)             ((void)0)
#define DebugTrace(...)        ((void)0)
#define DebugTraceSc(f, sc)    ((void)0)
#define DebugTraceResult(f, hr) ((void)0)
#define DebugTraceArg(f, s)    ((void)0)

#endif /* __MAPIDBG_H__ */
