/*
 * mapioid.h - ASN.1 object identifiers MAPI uses to tag attachments
 * (PR_ATTACH_TAG) (FreeMAPI SDK).  Only the OID byte strings are given.
 */
#ifndef _MAPIOID_
#define _MAPIOID_

/* {iso(1) member-body(2) us(840) microsoft(113556) mapi(3) ...} prefix */
#define OID_TAG      0x0A
#define OID_ENCODING 0x0B

#define OID_MAPI_PREFIX "\x2A\x86\x48\x86\xf7\x14\x03"

/* Complete OIDs as byte strings, usable where a const BYTE * is expected */
#define OID_TNEF            OID_MAPI_PREFIX "\x0A\x01"
#define OID_OLE             OID_MAPI_PREFIX "\x0A\x03"
#define OID_OLE1            OID_MAPI_PREFIX "\x0A\x03\x01"
#define OID_OLE1_STORAGE    OID_MAPI_PREFIX "\x0A\x03\x01\x01"
#define OID_OLE2            OID_MAPI_PREFIX "\x0A\x03\x02"
#define OID_OLE2_STORAGE    OID_MAPI_PREFIX "\x0A\x03\x02\x01"
#define OID_MAC_BINARY      OID_MAPI_PREFIX "\x0B\x01"
#define OID_MIMETAG         OID_MAPI_PREFIX "\x0A\x04"

/* Sizes in bytes: 7-byte prefix plus 2, 3, 4 or 5 trailing bytes */
#define CB_OID_1 9
#define CB_OID_2 10
#define CB_OID_3 11
#define CB_OID_4 12

#define CB_OID_TNEF         CB_OID_1
#define CB_OID_OLE          CB_OID_1
#define CB_OID_OLE1         CB_OID_2
#define CB_OID_OLE1_STORAGE CB_OID_3
#define CB_OID_OLE2         CB_OID_2
#define CB_OID_OLE2_STORAGE CB_OID_3
#define CB_OID_MAC_BINARY   CB_OID_1
#define CB_OID_MIMETAG      CB_OID_1

#endif /* _MAPIOID_ */
