/*
 * MAPI's own one-off entry IDs (addrbook.c).  The IAddrBook itself is made
 * by addrbook_create (session.h).  docs/addrbook.md says what the address
 * book does where the documentation is silent.
 */
#ifndef FREEMAPI_ADDRBOOK_H
#define FREEMAPI_ADDRBOOK_H

#include <windows.h>
#include <mapix.h>

/* A one-off entry ID, byte for byte as Windows makes it
 * (one-off-entry-identifiers.md): 4 zero bytes, MAPI_ONE_OFF_UID, version 0,
 * the flags word (MAPI_ONE_OFF_UNICODE with MAPI_UNICODE,
 * MAPI_ONE_OFF_NO_RICH_INFO with MAPI_SEND_NO_RICH_INFO), then name, address
 * type and address, each NUL-terminated, 8-bit or UTF-16 as the flags say.
 * A NULL name is an empty one.  One MAPIAllocateBuffer block. */
HRESULT addrbook_one_off(LPCTSTR name, LPCTSTR type, LPCTSTR addr, ULONG flags, ULONG *cb, ENTRYID **out);
/* Is this MAPI's one-off UID (bytes 4..19)? */
BOOL addrbook_is_one_off(ULONG cb, const ENTRYID *eid);

#endif
