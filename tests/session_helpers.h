/* What test_session.c and test_session_providers.c share: their fixture,
 * TESTPROV profiles, and the stores of a session. */
#ifndef FREEMAPI_TEST_SESSION_HELPERS_H
#define FREEMAPI_TEST_SESSION_HELPERS_H

#include "testprofile.h"

#define FLAGS (MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_UNICODE)

/* MAPIInitialize, admin, a fresh log; undone by session_teardown, which
 * also unsets the test provider's failure variables. */
void session_setup(void);
void session_teardown(void);

/* A profile with n TESTPROV services; their UIDs go to svcs (may be NULL). */
void make_profile(const WCHAR *name, int n, MAPIUID *svcs);

/* The session's stores table's rows (MAPI_UNICODE). */
SRowSet *store_rows(IMAPISession *s);
/* The PR_ENTRYID of the nth store row (a MAPI buffer). */
SPropValue *store_eid(IMAPISession *s, int nth);
IMsgStore *open_store(IMAPISession *s, const SPropValue *eid, ULONG flags);
/* Opens the nth store and releases it again. */
void store_still_works(IMAPISession *s, int nth);

#endif
