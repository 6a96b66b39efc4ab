/* What test_addrbook.c and test_addrbook_path.c share: their fixture, the
 * profile with two test address books, and resolving names. */
#ifndef FREEMAPI_TEST_ADDRBOOK_HELPERS_H
#define FREEMAPI_TEST_ADDRBOOK_HELPERS_H

#include "testprofile.h"

#define FLAGS (MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_UNICODE)

#define PROFILE L"Address Books"

extern const BYTE one_off_uid[16];

/* The two address books of PROFILE: their sections and MAPIUIDs. */
extern MAPIUID ab_sect[2], ab_uid[2];

extern const WCHAR *ab1_entries[4];
extern const WCHAR *ab2_entries[3];

/* MAPIInitialize, admin, a fresh log; addrbook_teardown deletes PROFILE. */
void addrbook_setup(void);
void addrbook_teardown(void);

/* A property of a section (a MAPI buffer), or NULL. */
SPropValue *get_prop(const WCHAR *profile, const MAPIUID *sect, ULONG tag);
/* PROFILE: a TESTPROV service (its AB is "AB1") and a TESTPROV_SINGLE one
 * ("AB2"), in that order, both directories global. */
void make_profile(void);

/* The address book of a new session on PROFILE; the ABs' UIDs are known after. */
IAddrBook *open_book(IMAPISession *s);
/* A test AB entry ID (README): 4 zero bytes, UID, type (1 dir, 2 entry), index. */
void tp_eid(BYTE eid[28], int ab, ULONG type, ULONG index);
/* Which AB (0, 1) an entry ID is of, or -1. */
int eid_ab(const SPropValue *eid);

/* One recipient per name: PR_DISPLAY_NAME (W or A) and PR_RECIPIENT_TYPE. */
ADRLIST *adrlist(const WCHAR **names, ULONG n, BOOL unicode);
SPropValue *entry_prop(ADRLIST *list, ULONG i, ULONG tag);
HRESULT resolve_one(IAddrBook *book, const WCHAR *name, ULONG flags, ADRLIST **out);
/* Which AB a single name resolves to (-1 for a one-off), checking its name. */
int resolved_by(IAddrBook *book, const WCHAR *name, const WCHAR *expect);

#endif
