/*
 * testprov_props.h - the profile-section properties that configure the
 * FreeMAPI test provider (testprov32.dll), for the tests that drive it.
 * README.md beside this file says what each one does and the environment
 * variable that stands in for it when a profile cannot carry it.
 */
#ifndef TESTPROV_PROPS_H
#define TESTPROV_PROPS_H

#include <mapidefs.h>

#define PR_TP_LOG            PROP_TAG(PT_UNICODE,  0x6700) /* log file path */
#define PR_TP_NAME           PROP_TAG(PT_UNICODE,  0x6701) /* instance name in log lines */
#define PR_TP_INIT_RESULT    PROP_TAG(PT_LONG,     0x6702) /* HRESULT of XXProviderInit */
#define PR_TP_LOGON_RESULT   PROP_TAG(PT_LONG,     0x6703) /* HRESULT of Logon/TransportLogon */
#define PR_TP_SPI_VERSION    PROP_TAG(PT_LONG,     0x6704) /* *lpulProviderVer */
#define PR_TP_SHUTDOWN_IFACE PROP_TAG(PT_BOOLEAN,  0x6705) /* answer IID_IMAPIProviderShutdown */
#define PR_TP_QUERY_RESULT   PROP_TAG(PT_LONG,     0x6706) /* HRESULT of QueryFastShutdown */
#define PR_TP_SHUTDOWN_DELAY PROP_TAG(PT_LONG,     0x6707) /* ms slept in each shutdown call */
#define PR_TP_HANG           PROP_TAG(PT_BOOLEAN,  0x6708) /* hang in the call named by ... */
#define PR_TP_HANG_IN        PROP_TAG(PT_LONG,     0x6709) /* ... 1 Query, 2 Notify, 3 DoFast */
#define PR_TP_DATA_FILE      PROP_TAG(PT_UNICODE,  0x670A) /* store: file pending bytes go to */
#define PR_TP_APPEND         PROP_TAG(PT_BINARY,   0x670B) /* store: SetProps appends these bytes */
#define PR_TP_UID            PROP_TAG(PT_BINARY,   0x670C) /* the instance's MAPIUID (written by it) */
#define PR_TP_PENDING        PROP_TAG(PT_LONG,     0x670D) /* store: GetProps, bytes not yet durable */
#define PR_TP_HANG_HOW       PROP_TAG(PT_LONG,     0x670E) /* 0 plain, 1 holding its lock, 2 the loader lock */
#define PR_TP_SVC_RESULT(ctx) PROP_TAG(PT_LONG, 0x6710 + (ctx)) /* HRESULT of ServiceEntry(ctx) */
#define PR_TP_AB_ENTRIES     PROP_TAG(PT_MV_UNICODE, 0x6711) /* AB: display names of its entries */
#define PR_TP_CREATED        PROP_TAG(PT_UNICODE,  0x6720) /* L"created", written on MSG_SERVICE_CREATE */
#define PR_TP_EXERCISE       PROP_TAG(PT_LONG,     0x6730) /* TP_EX_* groups of support calls after logon */
#define PR_TP_AB_DIR_DISPLAY_TYPE PROP_TAG(PT_LONG, 0x6740) /* AB: the directory's PR_DISPLAY_TYPE */
#define PR_TP_AB_DIR_FLAGS   PROP_TAG(PT_LONG,     0x6741) /* AB: the directory's PR_CONTAINER_FLAGS */
#define PR_TP_PASSWORD       PROP_TAG(PT_UNICODE,  0x67F0) /* secure: written on CONFIGURE like the rest */

/* The groups of IMAPISupport calls PR_TP_EXERCISE asks for (README.md). */
#define TP_EX_MEMORY    0x0001  /* GetMemAllocRoutines, NewUID, GetLastError */
#define TP_EX_NOTIFY    0x0002  /* Subscribe, Notify, Unsubscribe (sync and async) */
#define TP_EX_INVALID   0x0004  /* MakeInvalid on an object of the provider's own */
#define TP_EX_ONEOFF    0x0008  /* CreateOneOff; GetOneOffTable (AB) */
#define TP_EX_COPY      0x0010  /* DoCopyProps, DoCopyTo (MS) */
#define TP_EX_ENTRYID   0x0020  /* WrapStoreEntryID, CompareEntryIDs, OpenEntry */
#define TP_EX_STATUS    0x0040  /* ModifyStatusRow; SpoolerYield (XP), SpoolerNotify (MS, XP) */
#define TP_EX_MISC      0x0080  /* IStorageFromStream, GetSvcConfigSupportObj, OpenAddressBook,
                                   RegisterPreprocessor (XP) */
#define TP_EX_NOSUPPORT 0x0100  /* every method the kind must answer MAPI_E_NO_SUPPORT */
#define TP_EX_ALL       0x01FF
#define TP_EX_MESSAGE   0x0200  /* store: CopyMessages, CopyFolder, DoSentMail, PrepareSubmit, ExpandRecips,
                                   ReadReceipt, UpdatePAB, Preprocess, CompleteMsg on its folders (not in
                                   TP_EX_ALL); XP: StatusRecips */
#define TP_EX_REPORT    0x0400  /* store: ExpandRecips on personal distribution lists; XP: StatusRecips making
                                   delivery and nondelivery reports (not in TP_EX_ALL) */
#define TP_EX_PREPROC   0x0800  /* XP: RegisterPreprocessor (by address type, by MAPIUID, bad arguments); store:
                                   ExpandRecips, Preprocess, CompleteMsg on matching and other messages (not
                                   in TP_EX_ALL) */
#define TP_EX_PREPROC_ALL 0x1000 /* with TP_EX_PREPROC, XP: also a preprocessor for every recipient */

/* PR_MDB_PROVIDER of the test store (also in testprov.inf). */
#define TESTPROV_MDB_PROVIDER { 0x46, 0x52, 0x45, 0x45, 0x4d, 0x41, 0x50, 0x49, \
                                0x54, 0x45, 0x53, 0x54, 0x53, 0x54, 0x4f, 0x52 }

/* The address type of the test transport and of the test AB's entries. */
#define TESTPROV_ADDRTYPE "TESTPROV"

/* The SPI version the init entries need at least (MAPI_E_VERSION below it). */
#define TESTPROV_MIN_SPI_VERSION 0x00010010

#endif /* TESTPROV_PROPS_H */
