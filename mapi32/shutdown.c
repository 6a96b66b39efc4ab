/*
 * Fast shutdown (mapi-spec.md 1; fast-shutdown-overview.md,
 * fast-shutdown-user-options.md, best-practices-for-fast-shutdown.md,
 * imapiclientshutdown-*.md, imapiprovidershutdown-*.md).
 *
 * IMAPIClientShutdown is a second interface of every session; its three
 * methods go to one coordinator for the whole process, which sees only the
 * list of loaded provider objects (provider_snapshot: transports, then
 * address books, then stores, each object once, across every live session).
 *
 * The policy (FastShutdownBehavior) is read at each QueryFastShutdown;
 * NotifyProcessShutdown and DoFastShutdown use what the last query read
 * (or read it themselves when no query came first).
 *
 * Bounded time: providers are called on a worker thread, one call after
 * the other; the client's thread waits for each with a deadline
 * (FreeMAPIProviderTimeoutMs).  A provider that overruns is abandoned: the
 * thread stuck in it is left there (it keeps a reference on the provider's
 * DLL and on ours, so neither can be unloaded under it), the provider is
 * left out of every later fast shutdown call, and a fresh worker carries on
 * with the next provider.  A provider that answers in time sees exactly
 * QueryInterface(IID_IMAPIProviderShutdown), the method, Release (no
 * Release after DoFastShutdown: nothing calls providers after it).
 *
 * docs/fast-shutdown.md has the choices made where the documentation is
 * silent.
 */
#define COBJMACROS
#include <stdio.h>

#include "mapi32_private.h"
#include "shutdown.h"
#include "provider.h"
#include "notify.h"

#include <mapiguid.h>

/* ---- the registry: the policy and our per-call deadline ---- */

/* Newest first; the first version whose key has the value wins. */
static const WCHAR *const office_versions[] = {L"16.0", L"15.0", L"14.0"};

struct settings {
    DWORD policy;               /* 0, 1 or 2 */
    DWORD timeout;              /* ms per provider call */
};

enum value_state { VALUE_ABSENT, VALUE_OK, VALUE_BAD };

static enum value_state read_dword(HKEY key, const WCHAR *name, DWORD *out)
{
    BYTE buf[16];
    DWORD type, cb = sizeof(buf);
    LONG err;

    err = RegQueryValueExW(key, name, NULL, &type, buf, &cb);
    if (err == ERROR_FILE_NOT_FOUND) return VALUE_ABSENT;
    if (err || type != REG_DWORD || cb != sizeof(DWORD)) return VALUE_BAD;
    memcpy(out, buf, sizeof(DWORD));
    return VALUE_OK;
}

/* FastShutdownBehavior: absent, of another type or size, unreadable or
 * above 2 means 0.  FreeMAPIProviderTimeoutMs: absent, bad or 0 means the
 * default; larger than SHUTDOWN_MAX_TIMEOUT is cut to it.  Each value is
 * taken from the newest version key that has it. */
static void read_settings(struct settings *st)
{
    BOOL have_policy = FALSE, have_timeout = FALSE;
    WCHAR path[64];
    HKEY office, key;
    DWORD v;
    LONG err;
    unsigned i;

    st->policy = 0;
    st->timeout = SHUTDOWN_DEFAULT_TIMEOUT;
    /* One open answers the usual case: no Office policies at all. */
    err = RegOpenKeyExW(HKEY_CURRENT_USER, SHUTDOWN_POLICY_ROOT, 0, KEY_QUERY_VALUE, &office);
    if (err) {
        TRACE(": HKCU\\%ls: %s: FastShutdownBehavior 0, deadline %lu ms", SHUTDOWN_POLICY_ROOT,
              err == ERROR_FILE_NOT_FOUND ? "absent" : "unreadable", st->timeout);
        return;
    }
    for (i = 0; i < ARRAYSIZE(office_versions) && !(have_policy && have_timeout); i++) {
        _snwprintf(path, ARRAYSIZE(path), L"%ls\\%ls", office_versions[i], SHUTDOWN_POLICY_SUBKEY);
        path[ARRAYSIZE(path) - 1] = 0;
        err = RegOpenKeyExW(office, path, 0, KEY_QUERY_VALUE, &key);
        if (err == ERROR_FILE_NOT_FOUND) continue;
        if (err) {
            /* There, but we may not look: whatever it says cannot be known. */
            if (!have_policy) TRACE(": Office\\%ls\\...\\Shutdown is unreadable (%ld): FastShutdownBehavior 0",
                                    office_versions[i], err);
            have_policy = have_timeout = TRUE;
            continue;
        }
        if (!have_policy) {
            switch (read_dword(key, SHUTDOWN_POLICY_VALUE, &v)) {
            case VALUE_ABSENT:
                break;
            case VALUE_OK:
                have_policy = TRUE;
                st->policy = v <= 2 ? v : 0;
                TRACE(": FastShutdownBehavior = %lu in Office\\%ls%s", v, office_versions[i],
                      v <= 2 ? "" : ": out of range, taken as 0");
                break;
            default:
                have_policy = TRUE;
                TRACE(": FastShutdownBehavior in Office\\%ls is not a REG_DWORD: taken as 0", office_versions[i]);
                break;
            }
        }
        if (!have_timeout) {
            switch (read_dword(key, SHUTDOWN_TIMEOUT_VALUE, &v)) {
            case VALUE_ABSENT:
                break;
            case VALUE_OK:
                have_timeout = TRUE;
                st->timeout = !v ? SHUTDOWN_DEFAULT_TIMEOUT : v > SHUTDOWN_MAX_TIMEOUT ? SHUTDOWN_MAX_TIMEOUT : v;
                TRACE(": FreeMAPIProviderTimeoutMs = %lu in Office\\%ls: %lu ms per provider call", v,
                      office_versions[i], st->timeout);
                break;
            default:
                have_timeout = TRUE;
                TRACE(": FreeMAPIProviderTimeoutMs in Office\\%ls is not a REG_DWORD: %lu ms", office_versions[i],
                      st->timeout);
                break;
            }
        }
        RegCloseKey(key);
    }
    RegCloseKey(office);
    if (!have_policy) TRACE(": FastShutdownBehavior absent: 0");
    if (!have_timeout) TRACE(": FreeMAPIProviderTimeoutMs absent: %lu ms per provider call", st->timeout);
}

/* ---- calls into providers, with a deadline each ---- */

enum step { STEP_QUERY, STEP_NOTIFY, STEP_DO, STEP_BOUNDED };
static const char *const step_names[] = {"QueryFastShutdown", "NotifyProcessShutdown", "DoFastShutdown",
                                         "a normal end"};
static const char *const kind_names[] = {"transport", "address book", "store"};

enum call_state {
    PCALL_PENDING,
    PCALL_RUNNING,       /* a worker is inside it since started */
    PCALL_DONE,
    PCALL_ABANDONED,     /* overran its deadline; the worker in it is lost */
    PCALL_SKIPPED        /* the provider overran an earlier call: left alone */
};

struct call {
    const struct provider_ref *prov;    /* NULL for a bounded call */
    LONG state;
    BOOL no_iface;              /* QueryInterface(IID_IMAPIProviderShutdown) failed */
    HRESULT hr;                 /* what the method returned */
};

/* One of the three steps over a snapshot of the providers, or one bounded
 * call (STEP_BOUNDED: fn(arg)). */
struct job {
    LONG refs;                  /* the client, and each worker handed it */
    enum step step;
    DWORD timeout;
    struct provider_ref *list;  /* provider_snapshot; given back with the job */
    ULONG nlist;
    struct call *calls;
    ULONG count;
    void (*fn)(void *);
    void *arg;
    ULONG current;              /* the call the live worker is at */
    ULONGLONG since;            /* GetTickCount64 when that call became due */
    BOOL finished;              /* the live worker got to the end */
    struct worker *worker;      /* the live worker, NULL once lost */
};

struct worker {
    struct job *job;            /* handed over, with first */
    ULONG first;
};

/* work_lock guards the jobs' call states, current, finished, worker and
 * the worker handover; it is never held across a provider call.  job_lock
 * makes jobs run one at a time (the coordinator's and bounded calls). */
static SRWLOCK work_lock = SRWLOCK_INIT;
static SRWLOCK job_lock = SRWLOCK_INIT;
static CONDITION_VARIABLE work_cv = CONDITION_VARIABLE_INIT;
static struct worker *live_worker;     /* waiting for work or working */
/* A second thread, started before any provider is called: a worker that
 * replaces one given up must not need the loader lock to start, as a
 * hung provider may hold it. */
static struct worker *spare_worker;

#define WORKER_IDLE_MS 30000   /* an idle worker ends after this */

static void job_release(struct job *job)
{
    if (InterlockedDecrement(&job->refs)) return;
    /* After DoFastShutdown this releases nothing (provider.c). */
    provider_snapshot_free(job->list, job->nlist);
    HeapFree(GetProcessHeap(), 0, job->calls);
    HeapFree(GetProcessHeap(), 0, job);
}

static const char *hr_text(HRESULT hr, char *buf, size_t len)
{
    switch (hr) {
    case S_OK: return "S_OK";
    case MAPI_E_NO_SUPPORT: return "MAPI_E_NO_SUPPORT";
    case E_NOINTERFACE: return "E_NOINTERFACE";
    default:
        _snprintf(buf, len, "%#lx", hr);
        buf[len - 1] = 0;
        return buf;
    }
}

/* The file part of the provider's DLL name, for traces. */
static const WCHAR *dll_name(const struct provider_ref *ref)
{
    const WCHAR *slash;

    if (!ref || !ref->dll) return L"?";
    slash = wcsrchr(ref->dll, '\\');
    return slash ? slash + 1 : ref->dll;
}

/* QueryInterface, the step's method, Release: what a provider sees. */
static void call_provider(const struct job *job, struct call *c)
{
    IMAPIProviderShutdown *ps = NULL;
    HRESULT hr;

    if (job->step == STEP_BOUNDED) {
        job->fn(job->arg);
        return;
    }
    hr = IUnknown_QueryInterface(c->prov->object, &IID_IMAPIProviderShutdown, (void **)&ps);
    if (FAILED(hr) || !ps) {
        c->no_iface = TRUE;
        c->hr = FAILED(hr) ? hr : E_NOINTERFACE;
        return;
    }
    switch (job->step) {
    case STEP_QUERY: c->hr = IMAPIProviderShutdown_QueryFastShutdown(ps); break;
    case STEP_NOTIFY: c->hr = IMAPIProviderShutdown_NotifyProcessShutdown(ps); break;
    default: c->hr = IMAPIProviderShutdown_DoFastShutdown(ps); break;
    }
    /* After DoFastShutdown the provider expects no call at all. */
    if (job->step != STEP_DO && !provider_fast_shutdown()) IMAPIProviderShutdown_Release(ps);
}

static void trace_call(const struct job *job, const struct call *c, double ms)
{
    char buf[16];

    if (!c->prov) TRACE(": %s: done in %.2f ms", step_names[job->step], ms);
    else if (c->no_iface)
        TRACE(": %s: %s provider %p (session %lu, %ls) has no IMAPIProviderShutdown (%s)", step_names[job->step],
              kind_names[c->prov->kind], c->prov->object, c->prov->session, dll_name(c->prov),
              hr_text(c->hr, buf, sizeof(buf)));
    else
        TRACE(": %s: %s provider %p (session %lu, %ls) -> %s in %.2f ms", step_names[job->step],
              kind_names[c->prov->kind], c->prov->object, c->prov->session, dll_name(c->prov),
              hr_text(c->hr, buf, sizeof(buf)), ms);
}

/* Runs the job's calls from first on as worker w (NULL: on the client's
 * thread); FALSE if the client gave this worker up meanwhile (it must then
 * touch nothing more of the job).  Nothing here takes the loader lock: a
 * provider given up on may hold it. */
static BOOL run_calls(struct job *job, ULONG first, struct worker *w)
{
    LARGE_INTEGER f, t0, t1;
    BOOL lost = FALSE;
    ULONG i;

    if (freemapi_tracing) QueryPerformanceFrequency(&f);
    for (i = first; i < job->count && !lost; i++) {
        struct call *c = &job->calls[i];

        AcquireSRWLockExclusive(&work_lock);
        if (job->worker != w) lost = TRUE;
        else if (c->state != PCALL_SKIPPED) {
            job->current = i;
            job->since = GetTickCount64();
            c->state = PCALL_RUNNING;
        }
        ReleaseSRWLockExclusive(&work_lock);
        if (lost) break;
        if (c->state == PCALL_SKIPPED) continue;

        if (freemapi_tracing) QueryPerformanceCounter(&t0);
        call_provider(job, c);

        AcquireSRWLockExclusive(&work_lock);
        if (c->state == PCALL_ABANDONED) lost = TRUE;
        else c->state = PCALL_DONE;
        ReleaseSRWLockExclusive(&work_lock);
        if (lost) {
            /* The job's snapshot stays with us: no provider DLL is freed
             * while it is out (provider.c). */
            if (c->prov)
                TRACE(": %s: %s provider %p came back after it was given up", step_names[job->step],
                      kind_names[c->prov->kind], c->prov->object);
            else TRACE(": %s came back after it was given up", step_names[job->step]);
            return FALSE;
        }
        if (freemapi_tracing) {
            QueryPerformanceCounter(&t1);
            trace_call(job, c, (double)(t1.QuadPart - t0.QuadPart) * 1000.0 / (double)f.QuadPart);
        }
    }
    AcquireSRWLockExclusive(&work_lock);
    if (job->worker != w) lost = TRUE;
    else {
        job->finished = TRUE;
        WakeAllConditionVariable(&work_cv);
    }
    ReleaseSRWLockExclusive(&work_lock);
    return !lost;
}

static DWORD WINAPI worker_main(void *arg)
{
    struct worker *w = arg;
    HMODULE self = NULL;
    BOOL com, lost = FALSE;

    /* Our DLL stays while this thread may run its code. */
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (const WCHAR *)(void *)worker_main, &self);
    /* Providers may use COM in their shutdown calls. */
    com = SUCCEEDED(CoInitializeEx(NULL, COINIT_MULTITHREADED));
    for (;;) {
        struct job *job;
        ULONG first;

        AcquireSRWLockExclusive(&work_lock);
        while (!w->job) {
            if (!SleepConditionVariableSRW(&work_cv, &work_lock, WORKER_IDLE_MS, 0) && !w->job &&
                GetLastError() == ERROR_TIMEOUT)
                break;
        }
        if (!(job = w->job)) {
            /* Idle for long: end; the next step starts another worker. */
            if (live_worker == w) live_worker = NULL;
            if (spare_worker == w) spare_worker = NULL;
            ReleaseSRWLockExclusive(&work_lock);
            break;
        }
        first = w->first;
        w->job = NULL;
        ReleaseSRWLockExclusive(&work_lock);
        lost = !run_calls(job, first, w);
        job_release(job);
        if (lost) break;
    }
    if (com && !lost) CoUninitialize();
    HeapFree(GetProcessHeap(), 0, w);
    if (self) FreeLibraryAndExitThread(self, 0);
    return 0;
}

/* A new worker thread (work_lock held).  Starting it needs no lock of ours,
 * but the thread itself runs only once it gets the loader lock. */
static struct worker *worker_new(void)
{
    struct worker *w;
    HANDLE thread;

    if (!(w = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*w)))) return NULL;
    if (!(thread = CreateThread(NULL, 0, worker_main, w, 0, NULL))) {
        HeapFree(GetProcessHeap(), 0, w);
        return NULL;
    }
    CloseHandle(thread);
    return w;
}

/* The live worker: the one there is, else the spare (and a new spare),
 * else a new one (work_lock held). */
static struct worker *worker_get(void)
{
    if (live_worker) return live_worker;
    if ((live_worker = spare_worker)) spare_worker = worker_new();
    else live_worker = worker_new();
    return live_worker;
}

/* Gives the job to the live worker from call first on (work_lock held).
 * FALSE: no thread could be made. */
static BOOL hand_over(struct job *job, ULONG first)
{
    struct worker *w = worker_get();

    if (!w) return FALSE;
    InterlockedIncrement(&job->refs);
    job->worker = w;
    job->current = first;
    job->since = GetTickCount64();
    w->first = first;
    w->job = job;
    WakeAllConditionVariable(&work_cv);
    return TRUE;
}

/* During process exit (ExitProcess) other threads are gone: a worker would
 * never answer, so calls are made on the client's thread. */
static BOOLEAN (WINAPI *pRtlDllShutdownInProgress)(void);
static INIT_ONCE rtl_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK init_once(INIT_ONCE *once, void *param, void **ctx)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");

    if (ntdll) pRtlDllShutdownInProgress = (void *)GetProcAddress(ntdll, "RtlDllShutdownInProgress");
    return TRUE;
}

static BOOL process_exiting(void)
{
    InitOnceExecuteOnce(&rtl_once, init_once, NULL, NULL);
    return pRtlDllShutdownInProgress && pRtlDllShutdownInProgress();
}

/* Runs every call of the job, each within job->timeout: the live worker
 * must get through the call that is due (job->current, due since
 * job->since) in that time, or it is given up and a new one goes on with
 * the next call. */
static void job_run(struct job *job)
{
    if (!job->count) return;
    AcquireSRWLockExclusive(&job_lock);
    if (process_exiting()) {
        TRACE(": %s: the process is exiting: calling providers on this thread", step_names[job->step]);
        run_calls(job, 0, NULL);
        ReleaseSRWLockExclusive(&job_lock);
        return;
    }
    AcquireSRWLockExclusive(&work_lock);
    if (!hand_over(job, 0)) {
        ReleaseSRWLockExclusive(&work_lock);
        TRACE(": %s: no worker thread: calling providers on this thread, without a deadline", step_names[job->step]);
        run_calls(job, 0, NULL);
        ReleaseSRWLockExclusive(&job_lock);
        return;
    }
    while (!job->finished) {
        ULONGLONG spent = GetTickCount64() - job->since;
        struct call *c = &job->calls[job->current];
        ULONG next = job->current + 1;

        if (spent < job->timeout) {
            SleepConditionVariableSRW(&work_cv, &work_lock, (DWORD)(job->timeout - spent), 0);
            continue;
        }
        /* Given up: the worker stays where it is (inside the provider, or
         * stuck before or after it), the provider is left alone from now
         * on, and the spare worker does the rest. */
        if (c->state == PCALL_RUNNING || c->state == PCALL_PENDING) {
            if (c->prov)
                TRACE(": %s: %s provider %p (session %lu, %ls) %s within %lu ms: given up", step_names[job->step],
                      kind_names[c->prov->kind], c->prov->object, c->prov->session, dll_name(c->prov),
                      c->state == PCALL_RUNNING ? "did not return" : "was not reached (the worker is stuck)",
                      job->timeout);
            else TRACE(": %s did not end within %lu ms: given up", step_names[job->step], job->timeout);
            c->state = PCALL_ABANDONED;
        } else TRACE(": %s: the worker is stuck after a call: a new one goes on", step_names[job->step]);
        if (live_worker == job->worker) live_worker = NULL;
        job->worker = NULL;
        while (next < job->count && job->calls[next].state == PCALL_SKIPPED) next++;
        if (next >= job->count) break;
        if (!hand_over(job, next)) {
            ReleaseSRWLockExclusive(&work_lock);
            TRACE(": %s: no worker thread: the rest on this thread, without a deadline", step_names[job->step]);
            run_calls(job, next, NULL);
            ReleaseSRWLockExclusive(&job_lock);
            return;
        }
    }
    ReleaseSRWLockExclusive(&work_lock);
    ReleaseSRWLockExclusive(&job_lock);
}

/* ---- the coordinator ---- */

enum decision { DECISION_NONE, DECISION_YES, DECISION_NO };

static SRWLOCK coord_lock = SRWLOCK_INIT;  /* one client call at a time */
static enum decision decision;             /* of the last query */
static struct settings last;               /* what the last query read */
static BOOL have_last;
static BOOL notified;
static BOOL done;                          /* DoFastShutdown went through */
/* The providers (by their serial numbers, never reused) the last query
 * let through. */
static ULONG *approved;
static ULONG napproved, capapproved;

static BOOL approved_has(ULONG serial)
{
    ULONG i;

    for (i = 0; i < napproved; i++)
        if (approved[i] == serial) return TRUE;
    return FALSE;
}

static void approve(ULONG serial)
{
    ULONG *p, c;

    if (approved_has(serial)) return;
    if (napproved == capapproved) {
        c = capapproved ? capapproved * 2 : 16;
        p = approved ? HeapReAlloc(GetProcessHeap(), 0, approved, c * sizeof(*p))
                     : HeapAlloc(GetProcessHeap(), 0, c * sizeof(*p));
        if (!p) return;
        approved = p;
        capapproved = c;
    }
    approved[napproved++] = serial;
}

/* A job over the live providers; with only_new, those the last query did
 * not let through.  NULL when out of memory. */
static struct job *job_new(enum step step, DWORD timeout, BOOL only_new)
{
    struct job *job;
    ULONG i;

    if (!(job = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*job)))) return NULL;
    job->refs = 1;
    job->step = step;
    job->timeout = timeout;
    job->nlist = provider_snapshot(&job->list);
    if (job->nlist && !(job->calls = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, job->nlist * sizeof(*job->calls)))) {
        job_release(job);
        return NULL;
    }
    for (i = 0; i < job->nlist; i++) {
        struct call *c;

        if (only_new && approved_has(job->list[i].serial)) continue;
        c = &job->calls[job->count++];
        c->prov = &job->list[i];
        if (c->prov->abandoned) {
            c->state = PCALL_SKIPPED;
            TRACE(": %s: %s provider %p (session %lu) is left alone: it overran an earlier call", step_names[step],
                  kind_names[c->prov->kind], c->prov->object, c->prov->session);
        }
    }
    return job;
}

/* Providers that overran are left alone from now on (provider.c). */
static void note_given_up(const struct job *job)
{
    ULONG i;

    for (i = 0; i < job->count; i++)
        if (job->calls[i].state == PCALL_ABANDONED) provider_abandon(job->calls[i].prov->serial);
}

/* The decision table (mapi-spec.md 1.4) over a query job; the providers
 * that do not block join approved. */
static BOOL query_allows(const struct job *job, DWORD policy)
{
    BOOL allow = TRUE;
    ULONG i;

    for (i = 0; i < job->count; i++) {
        const struct call *c = &job->calls[i];
        const char *kind = kind_names[c->prov->kind];
        BOOL blocks;

        if (c->state == PCALL_ABANDONED || c->state == PCALL_SKIPPED) {
            /* No answer: not a refusal (0), not a yes (1). */
            blocks = policy == 1;
            TRACE(": %s provider %p gave no answer: %s under policy %lu", kind, c->prov->object,
                  blocks ? "blocks" : "neutral", policy);
        } else if (c->no_iface) {
            blocks = policy == 1;
            TRACE(": %s provider %p does not implement IMAPIProviderShutdown: %s under policy %lu", kind,
                  c->prov->object, blocks ? "blocks" : "neutral", policy);
        } else {
            blocks = FAILED(c->hr);
            TRACE(": %s provider %p %s", kind, c->prov->object, blocks ? "refuses: blocks" : "agrees");
        }
        if (blocks) allow = FALSE;
        else approve(c->prov->serial);
    }
    return allow;
}

/* Asks the providers (all, or with only_new those not yet let through). */
static enum decision ask_providers(const struct settings *st, BOOL only_new)
{
    struct job *job;
    BOOL allow;

    if (!(job = job_new(STEP_QUERY, st->timeout, only_new))) {
        TRACE(": out of memory: no fast shutdown");
        return DECISION_NO;
    }
    if (job->count || !only_new) TRACE(": policy %lu: asking %lu provider objects", st->policy, job->count);
    job_run(job);
    note_given_up(job);
    allow = query_allows(job, st->policy);
    job_release(job);
    return allow ? DECISION_YES : DECISION_NO;
}

static HRESULT coord_query(void)
{
    HRESULT hr;

    AcquireSRWLockExclusive(&coord_lock);
    if (done) {
        ReleaseSRWLockExclusive(&coord_lock);
        TRACE(": the fast shutdown is done already: nothing to ask");
        return S_OK;
    }
    read_settings(&last);
    have_last = TRUE;
    napproved = 0;
    if (last.policy == 2) {
        decision = DECISION_NO;
        TRACE(": policy 2 (disabled by the administrator): no provider is asked");
    } else decision = ask_providers(&last, FALSE);
    hr = decision == DECISION_YES ? S_OK : MAPI_E_NO_SUPPORT;
    ReleaseSRWLockExclusive(&coord_lock);
    return hr;
}

static void current_settings(struct settings *st)
{
    if (have_last) *st = last;
    else read_settings(st);
}

static HRESULT coord_notify(void)
{
    struct settings st;
    struct job *job;

    AcquireSRWLockExclusive(&coord_lock);
    if (done || notified) {
        ReleaseSRWLockExclusive(&coord_lock);
        TRACE(": providers were told already");
        return S_OK;
    }
    current_settings(&st);
    if (st.policy == 2) {
        /* Disabled by the administrator: providers are not told (the
         * client must shut down normally, which tells them everything). */
        ReleaseSRWLockExclusive(&coord_lock);
        TRACE(": policy 2: providers are not told");
        return S_OK;
    }
    notified = TRUE;
    /* No more notifications into providers (or anyone) from here on. */
    notify_stop();
    if ((job = job_new(STEP_NOTIFY, st.timeout, FALSE))) {
        TRACE(": telling %lu provider objects", job->count);
        job_run(job);
        note_given_up(job);
        job_release(job);
    }
    ReleaseSRWLockExclusive(&coord_lock);
    return S_OK;
}

static HRESULT coord_do(void)
{
    struct settings st;
    struct job *job;

    AcquireSRWLockExclusive(&coord_lock);
    if (done) {
        ReleaseSRWLockExclusive(&coord_lock);
        TRACE(": the fast shutdown is done already");
        return S_OK;
    }
    current_settings(&st);
    if (st.policy == 2 || decision == DECISION_NO) {
        ReleaseSRWLockExclusive(&coord_lock);
        TRACE(": %s: providers are not told", st.policy == 2 ? "policy 2" : "the last QueryFastShutdown said no");
        return MAPI_E_NO_SUPPORT;
    }
    /* No provider is fast-shut-down without having been asked: without a
     * query first, or for providers loaded since, ask now. */
    if (decision == DECISION_NONE) TRACE(": no QueryFastShutdown came first: asking the providers now");
    if (ask_providers(&st, decision == DECISION_YES) != DECISION_YES) {
        decision = DECISION_NO;
        ReleaseSRWLockExclusive(&coord_lock);
        return MAPI_E_NO_SUPPORT;
    }
    decision = DECISION_YES;
    if (!(job = job_new(STEP_DO, st.timeout, FALSE))) {
        ReleaseSRWLockExclusive(&coord_lock);
        TRACE(": out of memory: no fast shutdown");
        return MAPI_E_NO_SUPPORT;
    }
    /* The point of no return: nothing else calls providers, unloads them or
     * delivers notifications any more; then they are told to persist. */
    notify_stop();
    provider_set_fast_shutdown();
    done = TRUE;
    TRACE(": fast shutdown: %lu provider objects persist now", job->count);
    job_run(job);
    job_release(job);
    ReleaseSRWLockExclusive(&coord_lock);
    return S_OK;
}

void shutdown_prepare(void)
{
    /* Looked up now, before any provider is called: a provider we give up
     * on later may hold the loader lock. */
    BOOL exiting = process_exiting();

    AcquireSRWLockExclusive(&work_lock);
    if (!exiting) {
        if (!live_worker) live_worker = worker_new();
        if (!spare_worker) spare_worker = worker_new();
    }
    ReleaseSRWLockExclusive(&work_lock);
}

/* fn(arg) on a worker, within the deadline of the policy key (the normal
 * end of a provider that overran a fast shutdown call). */
BOOL shutdown_bounded_call(void (*fn)(void *), void *arg)
{
    struct settings st;
    struct job *job;
    BOOL ok;

    read_settings(&st);
    shutdown_prepare();
    if (!(job = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*job)))) return FALSE;
    job->refs = 1;
    job->step = STEP_BOUNDED;
    job->timeout = st.timeout;
    if (!(job->calls = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*job->calls)))) {
        job_release(job);
        return FALSE;
    }
    job->count = 1;
    job->fn = fn;
    job->arg = arg;
    job_run(job);
    ok = job->calls[0].state == PCALL_DONE;
    job_release(job);
    return ok;
}

/* ---- IMAPIClientShutdown ---- */

static inline struct client_shutdown *impl_from_IMAPIClientShutdown(IMAPIClientShutdown *iface)
{
    return CONTAINING_RECORD(iface, struct client_shutdown, IMAPIClientShutdown_iface);
}

static HRESULT WINAPI client_shutdown_QueryInterface(IMAPIClientShutdown *iface, REFIID riid, void **out)
{
    struct client_shutdown *cs = impl_from_IMAPIClientShutdown(iface);

    return IUnknown_QueryInterface(cs->outer, riid, out);
}

static ULONG WINAPI client_shutdown_AddRef(IMAPIClientShutdown *iface)
{
    return IUnknown_AddRef(impl_from_IMAPIClientShutdown(iface)->outer);
}

static ULONG WINAPI client_shutdown_Release(IMAPIClientShutdown *iface)
{
    return IUnknown_Release(impl_from_IMAPIClientShutdown(iface)->outer);
}

/* imapiclientshutdown-queryfastshutdown.md */
static HRESULT WINAPI client_shutdown_QueryFastShutdown(IMAPIClientShutdown *iface)
{
    HRESULT hr = coord_query();

    TRACE("(%p) -> %s", iface, hr ? "MAPI_E_NO_SUPPORT" : "S_OK");
    return hr;
}

/* imapiclientshutdown-notifyprocessshutdown.md */
static HRESULT WINAPI client_shutdown_NotifyProcessShutdown(IMAPIClientShutdown *iface)
{
    HRESULT hr = coord_notify();

    TRACE("(%p) -> S_OK", iface);
    return hr;
}

/* imapiclientshutdown-dofastshutdown.md */
static HRESULT WINAPI client_shutdown_DoFastShutdown(IMAPIClientShutdown *iface)
{
    HRESULT hr = coord_do();

    TRACE("(%p) -> %s", iface, hr ? "MAPI_E_NO_SUPPORT" : "S_OK");
    return hr;
}

static const IMAPIClientShutdownVtbl client_shutdown_vtbl =
{
    client_shutdown_QueryInterface,
    client_shutdown_AddRef,
    client_shutdown_Release,
    client_shutdown_QueryFastShutdown,
    client_shutdown_NotifyProcessShutdown,
    client_shutdown_DoFastShutdown,
};

void client_shutdown_init(struct client_shutdown *cs, IUnknown *outer)
{
    cs->IMAPIClientShutdown_iface.lpVtbl = (IMAPIClientShutdownVtbl *)&client_shutdown_vtbl;
    cs->outer = outer;
}
