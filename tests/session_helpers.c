/* The helpers the session tests share (session_helpers.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mapix.h>
#include <mapiutil.h>

#include "session_helpers.h"

static const char *env_vars[] = {"TESTPROV_XP_INIT_RESULT", "TESTPROV_AB_INIT_RESULT", "TESTPROV_MS_INIT_RESULT",
                                 "TESTPROV_XP_SPI_VERSION", "TESTPROV_AB_SPI_VERSION", "TESTPROV_MS_SPI_VERSION"};

void session_setup(void)
{
    mapi_start(0);
    log_setup(L"tps");
}

void session_teardown(void)
{
    unsigned i;

    mapi_stop();
    log_teardown();
    for (i = 0; i < ARRAYSIZE(env_vars); i++) SetEnvironmentVariableA(env_vars[i], NULL);
}

/* A profile with n TESTPROV services; their UIDs go to svcs (may be NULL). */
void make_profile(const WCHAR *name, int n, MAPIUID *svcs)
{
    IMsgServiceAdmin2 *sa;
    MAPIUID uid;
    int i;

    ck_assert_int_eq(IProfAdmin_CreateProfile(admin, (LPTSTR)name, NULL, 0, MAPI_UNICODE), S_OK);
    sa = services_of(name);
    for (i = 0; i < n; i++) {
        uid = add_service(sa, L"TESTPROV");
        if (svcs) svcs[i] = uid;
    }
    IMsgServiceAdmin2_Release(sa);
}

SRowSet *store_rows(IMAPISession *s)
{
    IMAPITable *t;
    SRowSet *rows;

    ck_assert_int_eq(IMAPISession_GetMsgStoresTable(s, MAPI_UNICODE, &t), S_OK);
    rows = rows_of(t);
    IMAPITable_Release(t);
    return rows;
}

/* The PR_ENTRYID of the nth store row (a MAPI buffer). */
SPropValue *store_eid(IMAPISession *s, int nth)
{
    SRowSet *rows = store_rows(s);
    SPropValue *e, *copy = NULL;

    ck_assert_int_gt((int)rows->cRows, nth);
    e = col(&rows->aRow[nth], PR_ENTRYID);
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(ScDupPropset(1, e, MAPIAllocateBuffer, &copy), S_OK);
    FreeProws(rows);
    return copy;
}

IMsgStore *open_store(IMAPISession *s, const SPropValue *eid, ULONG flags)
{
    IMsgStore *mdb = NULL;
    ck_assert_int_eq(IMAPISession_OpenMsgStore(s, 0, eid->Value.bin.cb, (ENTRYID *)eid->Value.bin.lpb, NULL, flags,
                                               &mdb), S_OK);
    ck_assert_ptr_nonnull(mdb);
    return mdb;
}

void store_still_works(IMAPISession *s, int nth)
{
    SPropValue *e = store_eid(s, nth);
    IMsgStore *mdb = open_store(s, e, 0);
    IMsgStore_Release(mdb);
    MAPIFreeBuffer(e);
}
