/*
 * mapi.h - Simple MAPI (FreeMAPI SDK).
 *
 * Simple MAPI functions return small ULONG codes, not HRESULTs.  Flags shared
 * with Extended MAPI (mapix.h, mapidefs.h) have the same values and are
 * guarded so both headers can be included together.
 */
#ifndef MAPI_H
#define MAPI_H

#ifndef _WINDOWS_
#include <windows.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

#ifndef FREEMAPI_API
#define FREEMAPI_API
#endif

#ifndef __LHANDLE
#define __LHANDLE
typedef ULONG_PTR LHANDLE, *LPLHANDLE;
#endif

#ifndef _LPULONG_DEFINED
#define _LPULONG_DEFINED
typedef ULONG *LPULONG;
#endif

#ifndef MAPIX_H
typedef ULONG FLAGS;
#endif

/* ------------------------------------------------------------------------ */
/* Structures                                                                */

#ifndef MAPI_ORIG
#define MAPI_ORIG      0
#define MAPI_TO        1
#define MAPI_CC        2
#define MAPI_BCC       3
#define MAPI_P1        0x10000000
#define MAPI_SUBMITTED 0x80000000
#endif

typedef struct
{
    ULONG  ulReserved;
    ULONG  ulRecipClass;       /* MAPI_ORIG, MAPI_TO, MAPI_CC, MAPI_BCC */
    LPSTR  lpszName;
    LPSTR  lpszAddress;        /* "SMTP:user@host" style */
    ULONG  ulEIDSize;
    LPVOID lpEntryID;
} MapiRecipDesc, *lpMapiRecipDesc;

typedef struct
{
    ULONG  ulReserved;
    ULONG  ulRecipClass;
    PWSTR  lpszName;
    PWSTR  lpszAddress;
    ULONG  ulEIDSize;
    PVOID  lpEntryID;
} MapiRecipDescW, *lpMapiRecipDescW;

/* MapiFileDesc.flFlags */
#define MAPI_OLE        0x00000001
#define MAPI_OLE_STATIC 0x00000002

typedef struct
{
    ULONG  ulReserved;
    ULONG  flFlags;
    ULONG  nPosition;          /* character position in the note text, or -1 */
    LPSTR  lpszPathName;
    LPSTR  lpszFileName;
    LPVOID lpFileType;         /* lpMapiFileTagExt or NULL */
} MapiFileDesc, *lpMapiFileDesc;

typedef struct
{
    ULONG  ulReserved;
    ULONG  flFlags;
    ULONG  nPosition;
    PWSTR  lpszPathName;
    PWSTR  lpszFileName;
    PVOID  lpFileType;
} MapiFileDescW, *lpMapiFileDescW;

typedef struct
{
    ULONG  ulReserved;
    ULONG  cbTag;
    LPBYTE lpTag;
    ULONG  cbEncoding;
    LPBYTE lpEncoding;
} MapiFileTagExt, *lpMapiFileTagExt;

/* MapiMessage.flFlags */
#define MAPI_UNREAD            0x00000001
#define MAPI_RECEIPT_REQUESTED 0x00000002
#define MAPI_SENT              0x00000004

typedef struct
{
    ULONG           ulReserved;
    LPSTR           lpszSubject;
    LPSTR           lpszNoteText;
    LPSTR           lpszMessageType;
    LPSTR           lpszDateReceived;    /* "YYYY/MM/DD HH:MM" */
    LPSTR           lpszConversationID;
    FLAGS           flFlags;
    lpMapiRecipDesc lpOriginator;
    ULONG           nRecipCount;
    lpMapiRecipDesc lpRecips;
    ULONG           nFileCount;
    lpMapiFileDesc  lpFiles;
} MapiMessage, *lpMapiMessage;

typedef struct
{
    ULONG            ulReserved;
    PWSTR            lpszSubject;
    PWSTR            lpszNoteText;
    PWSTR            lpszMessageType;
    PWSTR            lpszDateReceived;
    PWSTR            lpszConversationID;
    FLAGS            flFlags;
    lpMapiRecipDescW lpOriginator;
    ULONG            nRecipCount;
    lpMapiRecipDescW lpRecips;
    ULONG            nFileCount;
    lpMapiFileDescW  lpFiles;
} MapiMessageW, *lpMapiMessageW;

/* ------------------------------------------------------------------------ */
/* Flags                                                                     */

#ifndef MAPI_LOGON_UI
#define MAPI_LOGON_UI          0x00000001
#endif
#ifndef MAPI_NEW_SESSION
#define MAPI_NEW_SESSION       0x00000002
#endif
#ifndef MAPI_DIALOG
#define MAPI_DIALOG            0x00000008
#endif
#define MAPI_DIALOG_MODELESS   (0x00000004 | MAPI_DIALOG)
#define MAPI_UNREAD_ONLY       0x00000020
#ifndef MAPI_USE_DEFAULT
#define MAPI_USE_DEFAULT       0x00000040
#endif
#define MAPI_ENVELOPE_ONLY     0x00000040
#define MAPI_PEEK              0x00000080
#define MAPI_GUARANTEE_FIFO    0x00000100
#define MAPI_BODY_AS_FILE      0x00000200
#define MAPI_AB_NOMODIFY       0x00000400
#define MAPI_SUPPRESS_ATTACH   0x00000800
#ifndef MAPI_FORCE_DOWNLOAD
#define MAPI_FORCE_DOWNLOAD    0x00001000
#endif
#define MAPI_LONG_MSGID        0x00004000
#ifndef MAPI_PASSWORD_UI
#define MAPI_PASSWORD_UI       0x00020000
#endif
#define MAPI_FORCE_UNICODE     0x00040000

/* ------------------------------------------------------------------------ */
/* Result codes (not HRESULTs)                                               */

#ifndef SUCCESS_SUCCESS
#define SUCCESS_SUCCESS 0
#endif
#define MAPI_USER_ABORT                 1
#define MAPI_E_USER_ABORT               MAPI_USER_ABORT
#define MAPI_E_FAILURE                  2
#define MAPI_E_LOGON_FAILURE            3
#define MAPI_E_LOGIN_FAILURE            MAPI_E_LOGON_FAILURE
#define MAPI_E_DISK_FULL                4
#define MAPI_E_INSUFFICIENT_MEMORY      5
#define MAPI_E_ACCESS_DENIED            6
#define MAPI_E_TOO_MANY_SESSIONS        8
#define MAPI_E_TOO_MANY_FILES           9
#define MAPI_E_TOO_MANY_RECIPIENTS      10
#define MAPI_E_ATTACHMENT_NOT_FOUND     11
#define MAPI_E_ATTACHMENT_OPEN_FAILURE  12
#define MAPI_E_ATTACHMENT_WRITE_FAILURE 13
#define MAPI_E_UNKNOWN_RECIPIENT        14
#define MAPI_E_BAD_RECIPTYPE            15
#define MAPI_E_NO_MESSAGES              16
#define MAPI_E_INVALID_MESSAGE          17
#define MAPI_E_TEXT_TOO_LARGE           18
#define MAPI_E_INVALID_SESSION          19
#define MAPI_E_TYPE_NOT_SUPPORTED       20
#define MAPI_E_AMBIGUOUS_RECIPIENT      21
#define MAPI_E_AMBIG_RECIP              MAPI_E_AMBIGUOUS_RECIPIENT
#define MAPI_E_MESSAGE_IN_USE           22
#define MAPI_E_NETWORK_FAILURE          23
#define MAPI_E_INVALID_EDITFIELDS       24
#define MAPI_E_INVALID_RECIPS           25
#define MAPI_E_NOT_SUPPORTED            26
#define MAPI_E_UNICODE_NOT_SUPPORTED    27
#define MAPI_E_ATTACHMENT_TOO_LARGE     28

/* ------------------------------------------------------------------------ */
/* Functions (all __stdcall); typedefs serve GetProcAddress users            */

typedef ULONG (WINAPI MAPILOGON)(ULONG_PTR ulUIParam, LPSTR lpszProfileName, LPSTR lpszPassword,
                                 FLAGS flFlags, ULONG ulReserved, LPLHANDLE lplhSession);
typedef MAPILOGON *LPMAPILOGON;

typedef ULONG (WINAPI MAPILOGOFF)(LHANDLE lhSession, ULONG_PTR ulUIParam, FLAGS flFlags,
                                  ULONG ulReserved);
typedef MAPILOGOFF *LPMAPILOGOFF;

typedef ULONG (WINAPI MAPISENDMAIL)(LHANDLE lhSession, ULONG_PTR ulUIParam,
                                    lpMapiMessage lpMessage, FLAGS flFlags, ULONG ulReserved);
typedef MAPISENDMAIL *LPMAPISENDMAIL;

typedef ULONG (WINAPI MAPISENDMAILW)(LHANDLE lhSession, ULONG_PTR ulUIParam,
                                     lpMapiMessageW lpMessage, FLAGS flFlags, ULONG ulReserved);
typedef MAPISENDMAILW *LPMAPISENDMAILW;

typedef ULONG (WINAPI MAPISENDDOCUMENTS)(ULONG_PTR ulUIParam, LPSTR lpszDelimChar,
                                         LPSTR lpszFilePaths, LPSTR lpszFileNames,
                                         ULONG ulReserved);
typedef MAPISENDDOCUMENTS *LPMAPISENDDOCUMENTS;

typedef ULONG (WINAPI MAPIFINDNEXT)(LHANDLE lhSession, ULONG_PTR ulUIParam,
                                    LPSTR lpszMessageType, LPSTR lpszSeedMessageID,
                                    FLAGS flFlags, ULONG ulReserved, LPSTR lpszMessageID);
typedef MAPIFINDNEXT *LPMAPIFINDNEXT;

typedef ULONG (WINAPI MAPIREADMAIL)(LHANDLE lhSession, ULONG_PTR ulUIParam, LPSTR lpszMessageID,
                                    FLAGS flFlags, ULONG ulReserved, lpMapiMessage *lppMessage);
typedef MAPIREADMAIL *LPMAPIREADMAIL;

typedef ULONG (WINAPI MAPISAVEMAIL)(LHANDLE lhSession, ULONG_PTR ulUIParam,
                                    lpMapiMessage lpMessage, FLAGS flFlags, ULONG ulReserved,
                                    LPSTR lpszMessageID);
typedef MAPISAVEMAIL *LPMAPISAVEMAIL;

typedef ULONG (WINAPI MAPIDELETEMAIL)(LHANDLE lhSession, ULONG_PTR ulUIParam,
                                      LPSTR lpszMessageID, FLAGS flFlags, ULONG ulReserved);
typedef MAPIDELETEMAIL *LPMAPIDELETEMAIL;

#ifndef FREEMAPI_MAPIFREEBUFFER_TYPE
#define FREEMAPI_MAPIFREEBUFFER_TYPE
typedef ULONG (STDAPICALLTYPE MAPIFREEBUFFER)(LPVOID lpBuffer);
typedef MAPIFREEBUFFER *LPMAPIFREEBUFFER;
#endif

typedef ULONG (WINAPI MAPIADDRESS)(LHANDLE lhSession, ULONG_PTR ulUIParam, LPSTR lpszCaption,
                                   ULONG nEditFields, LPSTR lpszLabels, ULONG nRecips,
                                   lpMapiRecipDesc lpRecips, FLAGS flFlags, ULONG ulReserved,
                                   LPULONG lpnNewRecips, lpMapiRecipDesc *lppNewRecips);
typedef MAPIADDRESS *LPMAPIADDRESS;

typedef ULONG (WINAPI MAPIDETAILS)(LHANDLE lhSession, ULONG_PTR ulUIParam,
                                   lpMapiRecipDesc lpRecip, FLAGS flFlags, ULONG ulReserved);
typedef MAPIDETAILS *LPMAPIDETAILS;

typedef ULONG (WINAPI MAPIRESOLVENAME)(LHANDLE lhSession, ULONG_PTR ulUIParam, LPSTR lpszName,
                                       FLAGS flFlags, ULONG ulReserved,
                                       lpMapiRecipDesc *lppRecip);
typedef MAPIRESOLVENAME *LPMAPIRESOLVENAME;

FREEMAPI_API ULONG WINAPI MAPILogon(ULONG_PTR ulUIParam, LPSTR lpszProfileName,
        LPSTR lpszPassword, FLAGS flFlags, ULONG ulReserved, LPLHANDLE lplhSession);
FREEMAPI_API ULONG WINAPI MAPILogoff(LHANDLE lhSession, ULONG_PTR ulUIParam, FLAGS flFlags,
        ULONG ulReserved);
FREEMAPI_API ULONG WINAPI MAPISendMail(LHANDLE lhSession, ULONG_PTR ulUIParam,
        lpMapiMessage lpMessage, FLAGS flFlags, ULONG ulReserved);
FREEMAPI_API ULONG WINAPI MAPISendMailW(LHANDLE lhSession, ULONG_PTR ulUIParam,
        lpMapiMessageW lpMessage, FLAGS flFlags, ULONG ulReserved);
FREEMAPI_API ULONG WINAPI MAPISendDocuments(ULONG_PTR ulUIParam, LPSTR lpszDelimChar,
        LPSTR lpszFilePaths, LPSTR lpszFileNames, ULONG ulReserved);
FREEMAPI_API ULONG WINAPI MAPIFindNext(LHANDLE lhSession, ULONG_PTR ulUIParam,
        LPSTR lpszMessageType, LPSTR lpszSeedMessageID, FLAGS flFlags, ULONG ulReserved,
        LPSTR lpszMessageID);
FREEMAPI_API ULONG WINAPI MAPIReadMail(LHANDLE lhSession, ULONG_PTR ulUIParam,
        LPSTR lpszMessageID, FLAGS flFlags, ULONG ulReserved, lpMapiMessage *lppMessage);
FREEMAPI_API ULONG WINAPI MAPISaveMail(LHANDLE lhSession, ULONG_PTR ulUIParam,
        lpMapiMessage lpMessage, FLAGS flFlags, ULONG ulReserved, LPSTR lpszMessageID);
FREEMAPI_API ULONG WINAPI MAPIDeleteMail(LHANDLE lhSession, ULONG_PTR ulUIParam,
        LPSTR lpszMessageID, FLAGS flFlags, ULONG ulReserved);
FREEMAPI_API ULONG STDAPICALLTYPE MAPIFreeBuffer(LPVOID lpBuffer);
FREEMAPI_API ULONG WINAPI MAPIAddress(LHANDLE lhSession, ULONG_PTR ulUIParam, LPSTR lpszCaption,
        ULONG nEditFields, LPSTR lpszLabels, ULONG nRecips, lpMapiRecipDesc lpRecips,
        FLAGS flFlags, ULONG ulReserved, LPULONG lpnNewRecips, lpMapiRecipDesc *lppNewRecips);
FREEMAPI_API ULONG WINAPI MAPIDetails(LHANDLE lhSession, ULONG_PTR ulUIParam,
        lpMapiRecipDesc lpRecip, FLAGS flFlags, ULONG ulReserved);
FREEMAPI_API ULONG WINAPI MAPIResolveName(LHANDLE lhSession, ULONG_PTR ulUIParam,
        LPSTR lpszName, FLAGS flFlags, ULONG ulReserved, lpMapiRecipDesc *lppRecip);

#ifdef __cplusplus
}
#endif

#endif /* MAPI_H */
