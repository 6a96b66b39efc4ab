/* Profiles and the test provider's log, for the Wine tests that use
 * providers/testprov: the helpers those tests all need, once. */
#ifndef FREEMAPI_TEST_TESTPROFILE_H
#define FREEMAPI_TEST_TESTPROFILE_H

#include <mapix.h>
#include <mapiaux.h>
#include <mapiutil.h>
#include <mapispi.h>

#include "harness.h"

/* The profile admin object of the test (its fixture makes and releases it). */
extern IProfAdmin *admin;

/* MAPIInitialize (with MAPIINIT_0 of these flags unless 0), then admin. */
void mapi_start(ULONG flags);
/* Releases admin; MAPIUninitialize if mapi_start ran. */
void mapi_stop(void);

/* ---- profiles ---- */

/* IMsgServiceAdmin2 of a profile (one object behind both interfaces). */
IMsgServiceAdmin2 *services_of(const WCHAR *name);
/* CreateMsgServiceEx of a service; its UID. */
MAPIUID add_service(IMsgServiceAdmin2 *sa, const WCHAR *service);
/* A profile made afresh with one service added by CreateMsgService (no Ex):
 * its UID, found in the service table, goes to svc. */
void profile_with_service(const WCHAR *name, const WCHAR *service, MAPIUID *svc);
/* The section (PR_PROVIDER_UID) of the service's provider of this type. */
MAPIUID provider_of(const WCHAR *profile, const MAPIUID *svc, ULONG type);
/* Writes properties into a section, MAPI_MODIFY | MAPI_FORCE_ACCESS. */
void set_props(const WCHAR *profile, const MAPIUID *sect, const SPropValue *v, ULONG n);
void set_prop(const WCHAR *profile, const MAPIUID *sect, const SPropValue *v);
void set_long(const WCHAR *profile, const MAPIUID *sect, ULONG tag, LONG l);
void set_string(const WCHAR *profile, const MAPIUID *sect, ULONG tag, const WCHAR *s);
/* A PT_BINARY property of a section, into buf; its size or -1. */
LONG get_bin(const WCHAR *profile, const MAPIUID *sect, ULONG tag, BYTE *buf, ULONG max);

/* ---- sessions and tables ---- */

IMAPISession *session_logon(const WCHAR *profile, ULONG flags);
void session_logoff(IMAPISession *s);
/* Opens a session's only store through its stores table (MDB_WRITE); its
 * PR_ENTRYID goes to eid (MAPIFreeBuffer) if asked. */
IMsgStore *open_only_store(IMAPISession *s, SPropValue **eid);
/* Every row of a table (up to 1000); take_rows releases the table too. */
SRowSet *rows_of(IMAPITable *table);
SRowSet *take_rows(IMAPITable *table);
SPropValue *col(SRow *row, ULONG tag);
/* The session's status table's rows (MAPI_UNICODE). */
SRowSet *status_rows(IMAPISession *s);
/* The nth row (0-based) of a resource type, or NULL; how many there are. */
SRow *row_of_type(SRowSet *rows, ULONG type, int nth);
int count_type(SRowSet *rows, ULONG type);

/* ---- the test provider's log (TESTPROV_LOG) ---- */

extern WCHAR log_path[MAX_PATH];
extern char **log_lines;        /* read by log_read, without line ends */
extern int log_n;

/* A fresh temporary log file (name prefix prefix) in TESTPROV_LOG. */
void log_setup(const WCHAR *prefix);
/* Deletes it and unsets TESTPROV_LOG. */
void log_teardown(void);
void log_free(void);
void log_read(void);
void log_clear(void);
/* Is line i "<pid> <tid> kind instance method ..." containing extra?
 * A NULL field matches anything. */
BOOL log_is(int i, const char *kind, const char *instance, const char *method, const char *extra);
int log_find_of(const char *kind, const char *instance, const char *method, const char *extra, int from);
/* Reads the log, then counts the lines log_is takes. */
int log_count_of(const char *kind, const char *instance, const char *method, const char *extra);
/* Reads the log, then counts the lines containing a and (unless NULL) b. */
int log_count_words(const char *a, const char *b);
/* Fields of a line: "<pid> <tid> <kind> <instance> <method> <details>". */
BOOL log_parse(const char *line, DWORD *tid, char *kind, char *method, const char **details);
/* Does the token "key=value" (or a bare word) occur in details? */
BOOL has_token(const char *details, const char *token);
/* The nth "SupportCall <call>" line of a kind, at a phase, with mode=<mode>
 * (NULL: a line without mode=); its thread to tid. */
const char *support_line(const char *kind, const char *at, const char *call, const char *mode, int nth, DWORD *tid);
/* Every blank-separated token of want is in the line of that call. */
#define expect_call(kind, at, call, mode, want) expect_call_(kind, at, call, mode, want, __LINE__)
const char *expect_call_(const char *kind, const char *at, const char *call, const char *mode, const char *want,
                         int line);

/* ---- an advise sink that records what it hears ---- */

struct sink {
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG ref;
    LONG count;
    ULONG events[64];           /* ulEventType, or for tables 0x1000 + ulTableEvent */
    BYTE eid[256];              /* PR_ENTRYID of the last table row heard */
    ULONG cb_eid;
};

/* A sink of one reference that has heard nothing. */
void sink_init(struct sink *sk);
/* Table notifications under MAPIInitialize are asynchronous: this dispatches
 * them (on the first MAPIInitialize thread), then says whether event came. */
BOOL sink_heard(struct sink *sk, ULONG event);

#endif
