/* What the notification tests (test_notify*.c) share: waiting and threads,
 * a batch with every notification type and a check that a copy of it is deep
 * and faithful, and a sink that records what it gets. */
#ifndef FREEMAPI_NOTIFY_HELPERS_H
#define FREEMAPI_NOTIFY_HELPERS_H

#include <mapix.h>
#include <mapiutil.h>
#include <check.h>

#define ALL_EVENTS (0x3ff | fnevExtended)
#define WAIT_MS 5000

/* Waits up to WAIT_MS for *p to become value. */
BOOL wait_for(volatile LONG *p, LONG value);
HANDLE run_thread(LPTHREAD_START_ROUTINE fn, void *arg);
void join(HANDLE t);


/* ---- A batch with every notification type ------------------------------ */

#define NBATCH 12

struct batch
{
    BYTE eid[16], parent[8], oldid[12], oldparent[5], inst[8], prior[8], bin[5], ext[7];
    char msgclass[16], str8[12];
    WCHAR errtext[16], component[8], wstr[10];
    MAPIERROR err;
    SizedSPropTagArray(2, tags);
    SPropValue row[3], stat[2];
    NOTIFICATION n[NBATCH];
};

void make_batch(struct batch *b);
/* Is got a faithful deep copy of the batch that lived at orig (which may be
 * gone and scribbled over by now)? Nothing may point into orig. Returns 0,
 * or the line of the first mismatch. */
int check_batch(const NOTIFICATION *got, ULONG count, const struct batch *orig);
/* A batch on the heap, for scribble_free. */
struct batch *new_batch(void);
/* The caller's structures are gone once the call returns. */
void scribble_free(struct batch *b);
/* An fnevExtended notification carrying seq. */
void ext_notif(NOTIFICATION *n, ULONG seq);

/* ---- A sink that records what it gets ---------------------------------- */

struct tsink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG refs;
    LONG calls;               /* OnNotify calls finished */
    LONG notifs;              /* notifications received in all */
    DWORD tid;                /* thread of the last call */
    ULONG ret;                /* what OnNotify answers */
    NOTIFICATION *last;
    ULONG last_count;
    ULONG events[64];         /* ulEventType of each notification, in order */
    const struct batch *orig; /* when set: each call must carry a deep copy of it */
    LONG bad_copy;            /* line of the last check_batch mismatch */
    LONG seq, bad_seq;        /* extended notifications carry 0, 1, 2 ... */
    HANDLE entered;           /* set as OnNotify starts */
    HANDLE gate;              /* OnNotify waits for it first */
    HANDLE called;            /* set after each call */
    void (*action)(struct tsink *);
    ULONG_PTR conn;
    LONG refs_in_action;
    HRESULT action_hr;
    void *ctx;
};

void tsink_init(struct tsink *s);
void tsink_done(struct tsink *s);
IMAPIAdviseSink *iface_of(struct tsink *s);

/* Under Wine a crashed program can still exit with status 0: make a crash
 * (on any thread) of this program fail the test. */
void notify_crash_fails(const char *program);

#endif
