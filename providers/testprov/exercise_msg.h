/*
 * exercise_msg.h - shared by the test store's message exercise
 * (exercise_msg.c) and its part on embedded messages (exercise_embed.c).
 */
#ifndef TP_EXERCISE_MSG_H
#define TP_EXERCISE_MSG_H

#include "testprov.h"

/* A progress object that counts its calls; cancel_after > 0 answers
 * MAPI_E_USER_CANCEL from that call on. */
typedef struct ex_progress
{
    IMAPIProgress IMAPIProgress_iface;
    LONG ref;
    ULONG calls, last_count, last_total, last_value, cancel_after;
} ex_progress;

#define EX_ATT_TEXT "the first attachment"
extern const char ex_att_text[sizeof(EX_ATT_TEXT)];

ex_progress *ex_progress_new(ULONG cancel_after);
LPSPropValue ex_find_row(const tp_ex_target *t, LPMAPIFOLDER f, BOOL hierarchy, const WCHAR *name, ULONG nth);
LPMAPIFOLDER ex_open_child(const tp_ex_target *t, LPMAPIFOLDER parent, const WCHAR *name);
void ex_add_recip(LPMESSAGE msg, const WCHAR *name, LONG type);
LPMESSAGE ex_make_message(LPMAPIFOLDER f, const WCHAR *subject, const SPropValue *extra, ULONG nextra,
                          ULONG nrecips, BOOL save);
ULONG ex_recip_count(LPMESSAGE msg);
LPMESSAGE ex_open_by_subject(const tp_ex_target *t, LPMAPIFOLDER f, const WCHAR *subject);
ULONG ex_att_count(LPMESSAGE msg);
BYTE ex_att_byte(ULONG i);
void ex_add_attachments(LPMESSAGE msg);
int ex_att_bytes_ok(const tp_ex_target *t, LPMESSAGE msg);

/* exercise_embed.c */
void tp_exercise_embedded(const tp_ex_target *t, const char *at, LPMAPIFOLDER root, LPMAPIFOLDER inbox,
                          LPMAPIFOLDER sub);

#endif /* TP_EXERCISE_MSG_H */
