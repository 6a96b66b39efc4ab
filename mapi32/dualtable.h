/*
 * A table held twice, once with Unicode strings and once with 8-bit ones,
 * so that each view hands out the width its client asked for (MAPI_UNICODE
 * or not).  Both change together under one lock, and views follow every
 * change with their notifications.  The session's status and stores tables
 * are made of one each.
 */
#ifndef FREEMAPI_DUALTABLE_H
#define FREEMAPI_DUALTABLE_H

#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>

struct dual_table {
    CRITICAL_SECTION cs;        /* held around dual_table_put / _delete */
    ITableData *w, *a;
};

/* Two dynamic tables keyed by PR_INSTANCE_KEY with these columns. */
HRESULT dual_table_init(struct dual_table *t, const SPropTagArray *cols_w, const SPropTagArray *cols_a);
void dual_table_free(struct dual_table *t);
/* Adds or replaces the row (strings of either width) in both tables. */
HRESULT dual_table_put(struct dual_table *t, const SPropValue *props, ULONG count);
void dual_table_delete(struct dual_table *t, const SPropValue *key);
/* A view of the width flags (MAPI_UNICODE) asks for. */
HRESULT dual_table_open(struct dual_table *t, ULONG flags, IMAPITable **out);

/* A deep copy of props (one MAPIAllocateBuffer block) with every string and
 * string list in the width asked for. */
HRESULT props_convert(const SPropValue *props, ULONG count, BOOL unicode, SPropValue **out);

#endif
