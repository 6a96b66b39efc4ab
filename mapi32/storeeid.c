/*
 * Store entry IDs: MAPI's wrapped form (wrapstoreentryid.md,
 * imapisupport-wrapstoreentryid.md, mapi-spec.md 5.6) and the WrapStoreEntryID
 * export.
 *
 * Byte layout of a wrapped store entry ID, as Windows' MAPI makes them (the
 * same layout MS-OXCDATA 2.2.4.3 describes for the Exchange store, and what
 * Outlook-written PST entry IDs show):
 *
 *   0  4 bytes   flags, 0
 *   4  16 bytes  MAPI's store-wrapping MAPIUID 38a1bb10-05e5-101a-a1bb-08002b2a56c2
 *  20  1 byte    version, 0
 *  21  1 byte    flag, 0
 *  22  n bytes   the provider DLL name, 8-bit, NUL-terminated, exactly as
 *                PR_PROVIDER_DLL_NAME has it in the profile (no "32")
 *  22+n          the provider's own store entry ID, unchanged, to the end
 *
 * No padding: the provider's entry ID starts right after the NUL.
 */
#include <string.h>

#include "mapi32_private.h"
#include "session.h"
#include "mapierror.h"

#include <mapiutil.h>

const MAPIUID storeeid_wrap_uid = {{0x38, 0xa1, 0xbb, 0x10, 0x05, 0xe5, 0x10, 0x1a,
                                    0xa1, 0xbb, 0x08, 0x00, 0x2b, 0x2a, 0x56, 0xc2}};
/* FreeMAPI's own: "FreeMAPI.store.1" and "FreeMAPI.status1". */
static const MAPIUID section_store_uid = {{'F', 'r', 'e', 'e', 'M', 'A', 'P', 'I',
                                           '.', 's', 't', 'o', 'r', 'e', '.', '1'}};
const MAPIUID status_eid_uid = {{'F', 'r', 'e', 'e', 'M', 'A', 'P', 'I',
                                 '.', 's', 't', 'a', 't', 'u', 's', '1'}};

#define WRAP_HEADER 22

HRESULT storeeid_wrap(const char *dll, ULONG cb, const ENTRYID *eid, ULONG *cb_out, ENTRYID **out)
{
    size_t len = strlen(dll) + 1;
    ULONG total;
    BYTE *p;
    HRESULT hr;

    if (len > 0x10000 || cb > 0x10000000) return MAPI_E_INVALID_PARAMETER;
    total = WRAP_HEADER + (ULONG)len + cb;
    if ((hr = MAPIAllocateBuffer(total, (void **)&p))) return hr;
    memset(p, 0, WRAP_HEADER);
    memcpy(p + 4, &storeeid_wrap_uid, sizeof(MAPIUID));
    memcpy(p + WRAP_HEADER, dll, len);
    if (cb) memcpy(p + WRAP_HEADER + len, eid, cb);
    *cb_out = total;
    *out = (ENTRYID *)p;
    return S_OK;
}

BOOL storeeid_unwrap(ULONG cb, const ENTRYID *eid, const char **dll, ULONG *cb_inner, const ENTRYID **inner)
{
    const BYTE *p = (const BYTE *)eid, *nul;

    if (!eid || cb < WRAP_HEADER + 2) return FALSE;
    if (memcmp(p + 4, &storeeid_wrap_uid, sizeof(MAPIUID)) || p[20] != 0) return FALSE;
    if (!(nul = memchr(p + WRAP_HEADER, 0, cb - WRAP_HEADER)) || nul == p + WRAP_HEADER) return FALSE;
    *dll = (const char *)(p + WRAP_HEADER);
    *cb_inner = cb - (ULONG)(nul + 1 - p);
    *inner = (const ENTRYID *)(nul + 1);
    return TRUE;
}

void storeeid_section(const MAPIUID *section, BYTE out[STOREEID_SECTION_SIZE])
{
    memset(out, 0, 4);
    memcpy(out + 4, &section_store_uid, sizeof(MAPIUID));
    memcpy(out + 20, section, sizeof(MAPIUID));
}

BOOL storeeid_is_section(ULONG cb, const ENTRYID *eid, MAPIUID *section)
{
    const BYTE *p = (const BYTE *)eid;

    if (!eid || cb != STOREEID_SECTION_SIZE || memcmp(p + 4, &section_store_uid, sizeof(MAPIUID))) return FALSE;
    if (section) memcpy(section, p + 20, sizeof(MAPIUID));
    return TRUE;
}

BOOL eid_provider_uid(ULONG cb, const ENTRYID *eid, MAPIUID *uid)
{
    if (!eid || cb < 4 + sizeof(MAPIUID)) return FALSE;
    memcpy(uid, (const BYTE *)eid + 4, sizeof(MAPIUID));
    return TRUE;
}

/* Wraps a store's own entry ID with its DLL name, for clients and providers
 * that need a store entry ID MAPI can open (wrapstoreentryid.md). */
HRESULT WINAPI WrapStoreEntryID(ULONG ulFlags, LPTSTR lpszDLLName, ULONG cbOrigEntry, LPENTRYID lpOrigEntry,
                                ULONG *lpcbWrappedEntry, LPENTRYID *lppWrappedEntry)
{
    char dll[MAX_PATH];
    HRESULT hr;

    if (!lpszDLLName || !lpcbWrappedEntry || !lppWrappedEntry || (cbOrigEntry && !lpOrigEntry)) {
        TRACE("(%#lx, %p, %lu, %p, %p, %p) -> MAPI_E_INVALID_PARAMETER", ulFlags, lpszDLLName, cbOrigEntry,
              lpOrigEntry, lpcbWrappedEntry, lppWrappedEntry);
        return MAPI_E_INVALID_PARAMETER;
    }
    if (ulFlags & ~MAPI_UNICODE) {
        TRACE("(%#lx) -> MAPI_E_UNKNOWN_FLAGS", ulFlags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (ulFlags & MAPI_UNICODE) {
        if (!WideCharToMultiByte(CP_ACP, 0, (const WCHAR *)lpszDLLName, -1, dll, sizeof(dll), NULL, NULL))
            return MAPI_E_INVALID_PARAMETER;
    } else {
        if (lstrlenA((const char *)lpszDLLName) >= (int)sizeof(dll)) return MAPI_E_INVALID_PARAMETER;
        lstrcpyA(dll, (const char *)lpszDLLName);
    }
    if (!dll[0]) return MAPI_E_INVALID_PARAMETER;
    hr = storeeid_wrap(dll, cbOrigEntry, lpOrigEntry, lpcbWrappedEntry, lppWrappedEntry);
    TRACE("(%#lx, %s, %lu) -> %#lx", ulFlags, dll, cbOrigEntry, hr);
    return hr;
}
