/*
 * The test provider's exercise mode for preprocessors (TP_EX_PREPROC,
 * README.md).  The transport registers preprocessors (by address type,
 * its own among them, by MAPIUID, with bad arguments; with
 * TP_EX_PREPROC_ALL also one for every recipient); the store asks ExpandRecips about messages whose recipients
 * match or do not, then Preprocess and CompleteMsg on saved ones.  The
 * preprocessor functions are exported from this DLL (TpPreprocessMessage,
 * TpRemovePreprocessInfo) and log each call.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "testprov.h"

#include <mapix.h>

/* The preprocessors' functions, with the prototypes of mapispi.h. */
PREPROCESSMESSAGE TpPreprocessMessage;
REMOVEPREPROCESSINFO TpRemovePreprocessInfo;

/* A MAPIUID no address book knows: recipients with it in their entry IDs
 * are for the "muid" registration. */
static const MAPIUID pp_muid = { { 0x50, 0x50, 0x52, 0x45, 0x50, 0x52, 0x4f, 0x43,
                                   0x45, 0x53, 0x53, 0x4f, 0x52, 0x55, 0x49, 0x44 } };

#define PP_TYPE    "PPTYPE"
#define PP_MISSING "PPMISSING"
#define PP_DLL     "testprov.dll"   /* MAPI loads testprov32.dll */
#define PP_COMMENT L"preprocessed by testprov"

/* Where the preprocessor functions log: the log of the transport that
 * registered last (a test's log is new for each test). */
static SRWLOCK pp_lock = SRWLOCK_INIT;
static tp_config pp_log;
static LPFREEBUFFER pp_free;       /* MAPI's, for RemovePreprocessInfo's reads */
static LONG pp_calls;

static void pp_write(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void pp_write(const char *fmt, ...)
{
    char line[512];
    tp_config *cfg;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    line[sizeof(line) - 1] = 0;
    if (!(cfg = HeapAlloc(GetProcessHeap(), 0, sizeof(*cfg))))
        return;
    AcquireSRWLockShared(&pp_lock);
    *cfg = pp_log;
    ReleaseSRWLockShared(&pp_lock);
    tp_log(cfg, "XP", "SupportCall", "%s at=preprocessor", line);
    HeapFree(GetProcessHeap(), 0, cfg);
}

/* ------------------------------------------------------------------------ */
/* The preprocessor functions                                                */

static void pp_subject(LPMESSAGE msg, LPFREEBUFFER fr, char *out, size_t len)
{
    SizedSPropTagArray(1, tags) = { 1, { PR_SUBJECT_W } };
    LPSPropValue v = NULL;
    ULONG n, i;

    snprintf(out, len, "-");
    if (SUCCEEDED(IMessage_GetProps(msg, (LPSPropTagArray)&tags, MAPI_UNICODE, &n, &v)) && v &&
        v[0].ulPropTag == PR_SUBJECT_W)
    {
        WideCharToMultiByte(CP_UTF8, 0, v[0].Value.lpszW, -1, out, (int)len - 1, NULL, NULL);
        out[len - 1] = 0;
        for (i = 0; out[i]; i++)
            if (out[i] == ' ')
                out[i] = '_';
    }
    if (v && fr)
        fr(v);
}

HRESULT STDMAPIINITCALLTYPE TpPreprocessMessage(LPVOID lpvSession, LPMESSAGE lpMessage, LPADRBOOK lpAdrBook,
        LPMAPIFOLDER lpFolder, LPALLOCATEBUFFER AllocateBuffer, LPALLOCATEMORE AllocateMore,
        LPFREEBUFFER FreeBuffer, ULONG *lpcOutbound, LPMESSAGE **lpppMessage, LPADRLIST *lppRecipList)
{
    char subject[64] = "-";
    SPropValue v;
    HRESULT hr;

    InterlockedIncrement(&pp_calls);
    if (!lpMessage || !lpcOutbound || !lpppMessage || !lppRecipList || !AllocateBuffer || !AllocateMore ||
        !FreeBuffer)
        hr = MAPI_E_INVALID_PARAMETER;
    else
    {
        *lpcOutbound = 0;
        *lpppMessage = NULL;
        *lppRecipList = NULL;
        pp_subject(lpMessage, FreeBuffer, subject, sizeof(subject));
        v.ulPropTag = PR_COMMENT_W;
        v.dwAlignPad = 0;
        v.Value.lpszW = (LPWSTR)PP_COMMENT;
        hr = IMessage_SetProps(lpMessage, 1, &v, NULL);
    }
    pp_write("PreprocessMessage hr=0x%08lx subject=%s session=%s ab=%s folder=%s", (unsigned long)hr, subject,
             lpvSession ? "yes" : "no", lpAdrBook ? "yes" : "no", lpFolder ? "yes" : "no");
    return hr;
}

HRESULT STDMAPIINITCALLTYPE TpRemovePreprocessInfo(LPMESSAGE lpMessage)
{
    SizedSPropTagArray(1, tags) = { 1, { PR_COMMENT_W } };
    char subject[64] = "-";
    HRESULT hr = MAPI_E_INVALID_PARAMETER;
    LPFREEBUFFER fr;

    InterlockedIncrement(&pp_calls);
    AcquireSRWLockShared(&pp_lock);
    fr = pp_free;
    ReleaseSRWLockShared(&pp_lock);
    if (lpMessage)
    {
        pp_subject(lpMessage, fr, subject, sizeof(subject));
        hr = IMessage_DeleteProps(lpMessage, (LPSPropTagArray)&tags, NULL);
    }
    pp_write("RemovePreprocessInfo hr=0x%08lx subject=%s", (unsigned long)hr, subject);
    return hr;
}

/* ------------------------------------------------------------------------ */
/* The transport: registrations                                              */

static void pp_register(const tp_ex_target *t, const char *at, const char *mode, const MAPIUID *muid,
                        const char *type, const char *dll, const char *pre, const char *remove, ULONG flags)
{
    HRESULT hr = IMAPISupport_RegisterPreprocessor(t->sup, (LPMAPIUID)muid, (LPTSTR)type, (LPTSTR)dll, (LPSTR)pre,
                                                   (LPSTR)remove, flags);
    tp_ex_log(t, at, "RegisterPreprocessor hr=0x%08lx mode=%s", (unsigned long)hr, mode);
}

static void exercise_register(const tp_ex_target *t, const char *at, BOOL all)
{
    if (t->prov)
    {
        AcquireSRWLockExclusive(&pp_lock);
        EnterCriticalSection(&t->prov->cs);
        pp_log = t->prov->cfg;
        LeaveCriticalSection(&t->prov->cs);
        pp_free = t->a->free;
        ReleaseSRWLockExclusive(&pp_lock);
    }
    pp_register(t, at, "type", NULL, PP_TYPE, PP_DLL, "TpPreprocessMessage", "TpRemovePreprocessInfo", 0);
    pp_register(t, at, "muid", &pp_muid, NULL, PP_DLL, "TpPreprocessMessage", NULL, 0);
    pp_register(t, at, "own", NULL, TESTPROV_ADDRTYPE, PP_DLL, "TpPreprocessMessage", NULL, 0);
    pp_register(t, at, "missing", NULL, PP_MISSING, "nosuchpp.dll", "TpPreprocessMessage", NULL, 0);
    pp_register(t, at, "nofunctions", NULL, PP_MISSING, PP_DLL, NULL, NULL, 0);
    pp_register(t, at, "nodll", NULL, PP_TYPE, NULL, "TpPreprocessMessage", NULL, 0);
    pp_register(t, at, "emptydll", NULL, PP_TYPE, "", "TpPreprocessMessage", NULL, 0);
    pp_register(t, at, "badflags", NULL, PP_TYPE, PP_DLL, "TpPreprocessMessage", NULL, 1);
    pp_register(t, at, "badmuid", (const MAPIUID *)(ULONG_PTR)1, NULL, PP_DLL, "TpPreprocessMessage", NULL, 0);
    pp_register(t, at, "badtype", NULL, (const char *)(ULONG_PTR)1, PP_DLL, "TpPreprocessMessage", NULL, 0);
    pp_register(t, at, "badname", NULL, PP_TYPE, PP_DLL, (const char *)(ULONG_PTR)1, NULL, 0);
    if (all)
        pp_register(t, at, "all", NULL, NULL, PP_DLL, "TpPreprocessMessage", "TpRemovePreprocessInfo", 0);
}

/* ------------------------------------------------------------------------ */
/* The store: ExpandRecips, Preprocess, CompleteMsg                          */

static LPMAPIFOLDER pp_inbox(const tp_ex_target *t)
{
    BYTE eid[TP_MS_EID_SIZE];
    LPUNKNOWN unk = NULL;
    ULONG type;

    tp_ms_eid(&t->uid, TRUE, TP_FOLDER_INBOX, eid);
    if (FAILED(tp_ms_open(t->prov, t->sup, &t->uid, sizeof(eid), (ENTRYID *)eid, &IID_IMAPIFolder, &type, &unk)))
        return NULL;
    return (LPMAPIFOLDER)unk;
}

/* A message with one recipient: address type, and an entry ID of
 * pp_muid's (muid TRUE) or none. */
static LPMESSAGE pp_message(LPMAPIFOLDER f, const WCHAR *subject, const WCHAR *type, BOOL muid)
{
    BYTE eid[4 + sizeof(MAPIUID) + 4];
    LPMESSAGE msg = NULL;
    SPropValue v, r[5];
    ADRLIST one;
    ULONG k = 0;

    if (!f || FAILED(IMAPIFolder_CreateMessage(f, NULL, 0, &msg)))
        return NULL;
    v.ulPropTag = PR_SUBJECT_W;
    v.dwAlignPad = 0;
    v.Value.lpszW = (LPWSTR)subject;
    IMessage_SetProps(msg, 1, &v, NULL);
    memset(r, 0, sizeof(r));
    r[k].ulPropTag = PR_DISPLAY_NAME_W;
    r[k++].Value.lpszW = (LPWSTR)subject;
    r[k].ulPropTag = PR_RECIPIENT_TYPE;
    r[k++].Value.l = MAPI_TO;
    r[k].ulPropTag = PR_ADDRTYPE_W;
    r[k++].Value.lpszW = (LPWSTR)type;
    r[k].ulPropTag = PR_EMAIL_ADDRESS_W;
    r[k++].Value.lpszW = (LPWSTR)L"someone@pp.invalid";
    if (muid)
    {
        memset(eid, 0, sizeof(eid));
        memcpy(eid + 4, &pp_muid, sizeof(pp_muid));
        r[k].ulPropTag = PR_ENTRYID;
        r[k].Value.bin.cb = sizeof(eid);
        r[k++].Value.bin.lpb = eid;
    }
    one.cEntries = 1;
    one.aEntries[0].ulReserved1 = 0;
    one.aEntries[0].cValues = k;
    one.aEntries[0].rgPropVals = r;
    IMessage_ModifyRecipients(msg, MODRECIP_ADD, &one);
    return msg;
}

/* "yes" / "no": has the open message this property (a boolean TRUE, or a
 * string)? */
static const char *pp_has(const tp_ex_target *t, LPMESSAGE msg, ULONG tag)
{
    SizedSPropTagArray(1, tags) = { 1, { tag } };
    LPSPropValue v = NULL;
    BOOL yes = FALSE;
    ULONG n;

    if (SUCCEEDED(IMessage_GetProps(msg, (LPSPropTagArray)&tags, MAPI_UNICODE, &n, &v)) && v &&
        v[0].ulPropTag == tag)
        yes = PROP_TYPE(tag) == PT_BOOLEAN ? v[0].Value.b : TRUE;
    if (v)
        t->a->free(v);
    return yes ? "yes" : "no";
}

static void pp_expand(const tp_ex_target *t, const char *at, LPMAPIFOLDER f, const char *mode,
                      const WCHAR *type, BOOL muid)
{
    LPMESSAGE msg = pp_message(f, L"Preprocess ExpandRecips", type, muid);
    ULONG flags = 0xdead;
    HRESULT hr = msg ? IMAPISupport_ExpandRecips(t->sup, msg, &flags) : MAPI_E_NOT_FOUND;

    tp_ex_log(t, at, "ExpandRecips hr=0x%08lx mode=%s flags=0x%08lx preprocess=%s", (unsigned long)hr, mode,
              (unsigned long)flags, msg ? pp_has(t, msg, PR_PREPROCESS) : "-");
    if (msg)
        IMessage_Release(msg);
}

/* Saved, with ExpandRecips first as SubmitMessage would; its entry ID. */
static BOOL pp_saved(const tp_ex_target *t, LPMAPIFOLDER f, const WCHAR *subject, const WCHAR *type,
                     SBinary *eid)
{
    SizedSPropTagArray(1, tags) = { 1, { PR_ENTRYID } };
    LPMESSAGE msg = pp_message(f, subject, type, FALSE);
    LPSPropValue v = NULL;
    ULONG flags, n;
    BOOL ok = FALSE;

    if (!msg)
        return FALSE;
    IMAPISupport_ExpandRecips(t->sup, msg, &flags);
    if (SUCCEEDED(IMessage_SaveChanges(msg, KEEP_OPEN_READWRITE)) &&
        SUCCEEDED(IMessage_GetProps(msg, (LPSPropTagArray)&tags, 0, &n, &v)) && v[0].ulPropTag == PR_ENTRYID &&
        v[0].Value.bin.cb <= 64)
    {
        eid->cb = v[0].Value.bin.cb;
        memcpy(eid->lpb, v[0].Value.bin.lpb, eid->cb);
        ok = TRUE;
    }
    if (v)
        t->a->free(v);
    IMessage_Release(msg);
    return ok;
}

/* Does the saved message carry what TpPreprocessMessage writes? */
static const char *pp_comment(const tp_ex_target *t, const SBinary *eid)
{
    LPUNKNOWN unk = NULL;
    const char *yes = "-";
    ULONG type;

    if (SUCCEEDED(IMAPISupport_OpenEntry(t->sup, eid->cb, (LPENTRYID)eid->lpb, NULL, 0, &type, &unk)) && unk)
    {
        yes = pp_has(t, (LPMESSAGE)unk, PR_COMMENT_W);
        IUnknown_Release(unk);
    }
    return yes;
}

/* Preprocess, then CompleteMsg, on a saved message; calls= counts the
 * preprocessor functions run by each. */
static void pp_process(const tp_ex_target *t, const char *at, LPMAPIFOLDER f, const char *mode,
                       const WCHAR *type)
{
    BYTE buf[64];
    SBinary eid = { 0, buf };
    LONG before;
    HRESULT hr;

    if (!pp_saved(t, f, L"Preprocess Me", type, &eid))
    {
        tp_ex_log(t, at, "Preprocess hr=0x%08lx mode=%s saved=no", (unsigned long)E_FAIL, mode);
        return;
    }
    before = pp_calls;
    hr = IMAPISupport_Preprocess(t->sup, 0, eid.cb, (LPENTRYID)eid.lpb);
    tp_ex_log(t, at, "Preprocess hr=0x%08lx mode=%s calls=%ld comment=%s", (unsigned long)hr, mode,
              (long)(pp_calls - before), pp_comment(t, &eid));
    before = pp_calls;
    hr = IMAPISupport_CompleteMsg(t->sup, 0, eid.cb, (LPENTRYID)eid.lpb);
    tp_ex_log(t, at, "CompleteMsg hr=0x%08lx mode=%s calls=%ld comment=%s", (unsigned long)hr, mode,
              (long)(pp_calls - before), pp_comment(t, &eid));
}

static void exercise_store(const tp_ex_target *t, const char *at)
{
    static const BYTE bogus[24] = { 0, 0, 0, 0, 1, 2, 3, 4 };
    LPMAPIFOLDER f = pp_inbox(t);
    ULONG flags;
    HRESULT hr;

    pp_expand(t, at, f, "type", L"" PP_TYPE, FALSE);
    pp_expand(t, at, f, "typecase", L"pptype", FALSE);
    pp_expand(t, at, f, "muid", L"OTHER", TRUE);
    pp_expand(t, at, f, "missing", L"" PP_MISSING, FALSE);
    pp_expand(t, at, f, "own", L"" TESTPROV_ADDRTYPE, FALSE);
    pp_expand(t, at, f, "none", L"SMTP", FALSE);
    flags = 0xdead;
    hr = IMAPISupport_ExpandRecips(t->sup, NULL, &flags);
    tp_ex_log(t, at, "ExpandRecips hr=0x%08lx mode=nomsg", (unsigned long)hr);

    pp_process(t, at, f, "type", L"" PP_TYPE);
    pp_process(t, at, f, "missing", L"" PP_MISSING);
    pp_process(t, at, f, "none", L"SMTP");
    hr = IMAPISupport_Preprocess(t->sup, 0, sizeof(bogus), (LPENTRYID)bogus);
    tp_ex_log(t, at, "Preprocess hr=0x%08lx mode=bogus", (unsigned long)hr);
    hr = IMAPISupport_Preprocess(t->sup, 2, sizeof(bogus), (LPENTRYID)bogus);
    tp_ex_log(t, at, "Preprocess hr=0x%08lx mode=badflags", (unsigned long)hr);
    hr = IMAPISupport_CompleteMsg(t->sup, 0, 0, NULL);
    tp_ex_log(t, at, "CompleteMsg hr=0x%08lx mode=null", (unsigned long)hr);
    if (f)
        IMAPIFolder_Release(f);
}

void tp_exercise_preproc(const tp_ex_target *t, const char *at, ULONG mask)
{
    if (!strcmp(t->kind, "XP"))
        exercise_register(t, at, (mask & TP_EX_PREPROC_ALL) != 0);
    else if (!strcmp(t->kind, "MS") && t->prov)
        exercise_store(t, at);
}
