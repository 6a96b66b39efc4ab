/*
 * The preprocessors transports register (imapisupport-registerpreprocessor.md):
 * kept per session, each with its transport logon, until that logon ends.
 */
#ifndef FREEMAPI_PREPROCESSOR_H
#define FREEMAPI_PREPROCESSOR_H

#include "mapi32_private.h"
#include "session.h"

/* The strings are ANSI, as a transport passes them; muid and adrtype may be
 * NULL.  Arguments are checked by the caller. */
HRESULT preproc_register(struct logon *lo, const MAPIUID *muid, const char *adrtype, const char *dll,
                         const char *preprocess, const char *remove);

/* The registrations of a transport logon go when it ends (or never began). */
void preproc_logon_ended(struct logon *lo);

/* Whether the session has any registration at all. */
BOOL preproc_any(struct session *s);

/* Whether a preprocessor of the session is to be called for any of these
 * recipient rows: it matches one (MAPIUID or address type) and no
 * transport earlier in transport order can handle that recipient. */
BOOL preproc_needed(struct session *s, const SRow *rows, ULONG count);

/* Calls, in the order of registration, the PreprocessMessage function
 * (remove FALSE) or the RemovePreprocessInfo function (remove TRUE) of
 * each preprocessor to be called for msg's recipients.  ab and folder are
 * for PreprocessMessage only.  *called gets how many were called. */
HRESULT preproc_run(struct session *s, IMessage *msg, IAddrBook *ab, IMAPIFolder *folder, BOOL remove,
                    ULONG *called);

#endif
