/* MAPISVC.INF in the DLL (svcinf.c). */
#ifndef FREEMAPI_SVCINF_H
#define FREEMAPI_SVCINF_H

#include <windows.h>
#include <mapix.h>

#include "mapierror.h"
#include "mapisvc_inf.h"

struct svcinf {
    mapisvc_inf *inf;
    WCHAR path[MAX_PATH];
    UINT codepage;      /* of the strings in the model */
};

/* Finds and parses the file.  MAPI_E_NOT_FOUND if there is none.  With err,
 * the first malformed line is recorded there under S_OK. */
HRESULT svcinf_load(struct svcinf *si, struct last_error *err);
void svcinf_free(struct svcinf *si);

/* A model string as UTF-16. */
void svcinf_to_w(const struct svcinf *si, const char *s, WCHAR *buf, DWORD cch);
/* The [Services] (or [Default Services]) line for a service name. */
const mapisvc_entry *svcinf_find_service(const struct svcinf *si, const WCHAR *name, BOOL default_list);
const mapisvc_section *svcinf_section(const struct svcinf *si, const char *name);

/* A section's property lines as one MAPI buffer (strings as PT_UNICODE);
 * lines MAPI keeps itself (PR_SERVICE_UID, the UID lists) are skipped. */
HRESULT svcinf_section_props(const struct svcinf *si, const mapisvc_section *sec, ULONG *count,
                             SPropValue **props);
/* Writes them into a profile section. */
HRESULT svcinf_write_section(const struct svcinf *si, const mapisvc_section *sec, HKEY dest);

#endif
