/*
 * mapiguid.h - GUIDs of the MAPI interfaces and well-known property sets
 * (FreeMAPI SDK).  OLE reserved {00020300..000203FF-0000-0000-C000-000000000046}
 * for MAPI.
 *
 * Without INITGUID this only declares the GUIDs.  Define INITGUID in exactly
 * one source file before including it to emit them.  Like Microsoft's header
 * it may be included again later with INITGUID defined, so the guard is only
 * set by an INITGUID pass.
 */
#ifndef MAPIGUID_H
#ifdef INITGUID
#define MAPIGUID_H
#endif

#include <guiddef.h>   /* re-selects DEFINE_GUID for the current INITGUID state */

/* Interfaces deriving directly from IUnknown */
DEFINE_OLEGUID(IID_IMAPISession,          0x00020300, 0, 0);
DEFINE_OLEGUID(IID_IMAPITable,            0x00020301, 0, 0);
DEFINE_OLEGUID(IID_IMAPIAdviseSink,       0x00020302, 0, 0);
DEFINE_OLEGUID(IID_IMAPIControl,          0x0002031B, 0, 0);
DEFINE_OLEGUID(IID_IProfAdmin,            0x0002031C, 0, 0);
DEFINE_OLEGUID(IID_IMsgServiceAdmin,      0x0002031D, 0, 0);
DEFINE_OLEGUID(IID_IProviderAdmin,        0x00020325, 0, 0);
DEFINE_OLEGUID(IID_IMAPIProgress,         0x0002031F, 0, 0);

/* IMAPIProp and its descendants */
DEFINE_OLEGUID(IID_IMAPIProp,             0x00020303, 0, 0);
DEFINE_OLEGUID(IID_IProfSect,             0x00020304, 0, 0);
DEFINE_OLEGUID(IID_IMAPIStatus,           0x00020305, 0, 0);
DEFINE_OLEGUID(IID_IMsgStore,             0x00020306, 0, 0);
DEFINE_OLEGUID(IID_IMessage,              0x00020307, 0, 0);
DEFINE_OLEGUID(IID_IAttachment,           0x00020308, 0, 0);
DEFINE_OLEGUID(IID_IAddrBook,             0x00020309, 0, 0);
DEFINE_OLEGUID(IID_IMailUser,             0x0002030A, 0, 0);

/* IMAPIContainer and its descendants */
DEFINE_OLEGUID(IID_IMAPIContainer,        0x0002030B, 0, 0);
DEFINE_OLEGUID(IID_IMAPIFolder,           0x0002030C, 0, 0);
DEFINE_OLEGUID(IID_IABContainer,          0x0002030D, 0, 0);
DEFINE_OLEGUID(IID_IDistList,             0x0002030E, 0, 0);

/* Service provider interface */
DEFINE_OLEGUID(IID_IMAPISup,              0x0002030F, 0, 0);
DEFINE_OLEGUID(IID_IMSProvider,           0x00020310, 0, 0);
DEFINE_OLEGUID(IID_IABProvider,           0x00020311, 0, 0);
DEFINE_OLEGUID(IID_IXPProvider,           0x00020312, 0, 0);
DEFINE_OLEGUID(IID_IMSLogon,              0x00020313, 0, 0);
DEFINE_OLEGUID(IID_IABLogon,              0x00020314, 0, 0);
DEFINE_OLEGUID(IID_IXPLogon,              0x00020315, 0, 0);

/* Utility objects */
DEFINE_OLEGUID(IID_IMAPITableData,        0x00020316, 0, 0);
DEFINE_OLEGUID(IID_IMAPISpoolerInit,      0x00020317, 0, 0);
DEFINE_OLEGUID(IID_IMAPISpoolerSession,   0x00020318, 0, 0);
DEFINE_OLEGUID(IID_ITNEF,                 0x00020319, 0, 0);
DEFINE_OLEGUID(IID_IMAPIPropData,         0x0002031A, 0, 0);
DEFINE_OLEGUID(IID_IMAPISpoolerService,   0x0002031E, 0, 0);
DEFINE_OLEGUID(IID_ISpoolerHook,          0x00020320, 0, 0);

/* Forms */
DEFINE_OLEGUID(IID_IMAPIViewContext,      0x00020321, 0, 0);
DEFINE_OLEGUID(IID_IMAPIFormMgr,          0x00020322, 0, 0);
DEFINE_OLEGUID(IID_IEnumMAPIFormProp,     0x00020323, 0, 0);
DEFINE_OLEGUID(IID_IMAPIFormInfo,         0x00020324, 0, 0);
DEFINE_OLEGUID(IID_IMAPIForm,             0x00020327, 0, 0);
DEFINE_OLEGUID(IID_IPersistMessage,       0x0002032A, 0, 0);
DEFINE_OLEGUID(IID_IMAPIViewAdviseSink,   0x0002032B, 0, 0);
DEFINE_OLEGUID(IID_IStreamDocfile,        0x0002032C, 0, 0);
DEFINE_OLEGUID(IID_IMAPIFormProp,         0x0002032D, 0, 0);
DEFINE_OLEGUID(IID_IMAPIFormContainer,    0x0002032E, 0, 0);
DEFINE_OLEGUID(IID_IMAPIFormAdviseSink,   0x0002032F, 0, 0);
DEFINE_OLEGUID(IID_IStreamTnef,           0x00020330, 0, 0);
DEFINE_OLEGUID(IID_IMAPIFormFactory,      0x00020350, 0, 0);
DEFINE_OLEGUID(IID_IMAPIMessageSite,      0x00020370, 0, 0);

/* Named property sets */
DEFINE_OLEGUID(PS_MAPI,                   0x00020328, 0, 0);
DEFINE_OLEGUID(PS_PUBLIC_STRINGS,         0x00020329, 0, 0);
DEFINE_OLEGUID(PS_INTERNET_HEADERS,       0x00020386, 0, 0);
DEFINE_OLEGUID(PSETID_Appointment,        0x00062002, 0, 0);
DEFINE_OLEGUID(PSETID_Task,               0x00062003, 0, 0);
DEFINE_OLEGUID(PSETID_Address,            0x00062004, 0, 0);
DEFINE_OLEGUID(PSETID_Common,             0x00062008, 0, 0);
DEFINE_OLEGUID(PSETID_Log,                0x0006200A, 0, 0);
DEFINE_OLEGUID(PSETID_Note,               0x0006200E, 0, 0);
DEFINE_OLEGUID(PSETID_Report,             0x00062013, 0, 0);
DEFINE_OLEGUID(PSETID_Remote,             0x00062014, 0, 0);
DEFINE_OLEGUID(PSETID_Sharing,            0x00062040, 0, 0);
DEFINE_OLEGUID(PSETID_PostRss,            0x00062041, 0, 0);
DEFINE_GUID(PSETID_Meeting, 0x6ED8DA90, 0x450B, 0x101B, 0x98, 0xDA, 0x00, 0xAA, 0x00, 0x3F, 0x13, 0x05);

/* Routing property sets, converted by gateways */
DEFINE_OLEGUID(PS_ROUTING_EMAIL_ADDRESSES, 0x00020380, 0, 0);
DEFINE_OLEGUID(PS_ROUTING_ADDRTYPE,        0x00020381, 0, 0);
DEFINE_OLEGUID(PS_ROUTING_DISPLAY_NAME,    0x00020382, 0, 0);
DEFINE_OLEGUID(PS_ROUTING_ENTRYID,         0x00020383, 0, 0);
DEFINE_OLEGUID(PS_ROUTING_SEARCH_KEY,      0x00020384, 0, 0);

/* Profile section whose PR_SEARCH_KEY is unique per profile */
DEFINE_OLEGUID(MUID_PROFILE_INSTANCE,     0x00020385, 0, 0);

/* IMsgServiceAdmin2 (declared in mapiaux.h) */
DEFINE_OLEGUID(IID_IMsgServiceAdmin2,     0x00020387, 0, 0);

/* Fast shutdown */
DEFINE_OLEGUID(IID_IMAPIClientShutdown,   0x00020397, 0, 0);
DEFINE_OLEGUID(IID_IMAPIProviderShutdown, 0x00020398, 0, 0);

/* Well-known profile sections as MAPIUID byte initializers */
#ifndef PS_PROFILE_PROPERTIES_INIT
#define PS_PROFILE_PROPERTIES_INIT \
    { 0x98, 0x15, 0xAC, 0x08, 0xAA, 0xB0, 0x10, 0x1A, \
      0x8C, 0x93, 0x08, 0x00, 0x2B, 0x2A, 0x56, 0xC2 }
#endif
/* Exchange "global profile section" {C8B0DB13-05AA-1A10-9BB0-00AA002FC45A} */
#ifndef pbGlobalProfileSectionGuid
#define pbGlobalProfileSectionGuid \
    "\x13\xDB\xB0\xC8\xAA\x05\x10\x1A\x9B\xB0\x00\xAA\x00\x2F\xC4\x5A"
#endif
#define GLOBAL_PROFILE_SECTION_MAPIUID \
    { 0x13, 0xDB, 0xB0, 0xC8, 0xAA, 0x05, 0x10, 0x1A, \
      0x9B, 0xB0, 0x00, 0xAA, 0x00, 0x2F, 0xC4, 0x5A }
/* MUID_PROFILE_INSTANCE as bytes */
#define MUID_PROFILE_INSTANCE_INIT \
    { 0x85, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, \
      0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46 }

#endif /* MAPIGUID_H */
