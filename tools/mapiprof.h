/*
 * mapiprof.h - what mapiprof's command files share: mapiprof.c (main, usage),
 * mapiprof_profiles.c, mapiprof_services.c, mapiprof_inf.c, mapiprof_dump.c,
 * mapiprof_prf.c.  Functions and variables shared between them carry the
 * mp_ prefix; the lower layer (output, text, errors, values) is in
 * mapiprof_util.h.
 */
#ifndef MAPIPROF_H
#define MAPIPROF_H

#include "mapiprof_util.h"

#include <mapiaux.h>
#include <mapicode.h>
#include <mapiguid.h>
#include <mapitags.h>

#include "mapisvc_inf.h"

/* ---- the commands: argc/argv after the command name; return the exit status ---- */
int cmd_list(int argc, char **argv);
int cmd_create(int argc, char **argv);
int cmd_delete(int argc, char **argv);
int cmd_copy(int argc, char **argv);
int cmd_rename(int argc, char **argv);
int cmd_default(int argc, char **argv);
int cmd_services(int argc, char **argv);
int cmd_providers(int argc, char **argv);
int cmd_add_service(int argc, char **argv);
int cmd_remove_service(int argc, char **argv);
int cmd_configure(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);

/* "mapiprof: <message>" and a hint on stderr; returns the usage exit status (2). */
int mp_usage_error(const char *fmt, ...) __attribute__((format(gnu_printf, 1, 2)));

/* ---- MAPI start-up and the profile table (mapiprof_profiles.c) ---- */
extern LPPROFADMIN mp_admin;   /* set by mp_start_mapi */
int mp_start_mapi(void);       /* 0, or an exit status after a message */
void mp_stop_mapi(void);
/* A name for an LPTSTR argument, in the ANSI code page (malloc'ed); NULL
 * (after a message) if it does not fit. */
char *mp_ansi_arg(const char *utf8, const char *what);

struct profile {
    char *name;
    int is_default;
};

HRESULT mp_get_profiles(struct profile **out, size_t *count);
void mp_free_profiles(struct profile *p, size_t n);
/* Profile and service names compare like MAPI's, ignoring case. */
int mp_same_name(const char *a, const char *b);
/* 1 if the profile exists, 0 if not, -1 if the table cannot be read. */
int mp_profile_exists(const char *name);
/* The default profile's name (malloc'ed), or NULL. */
char *mp_default_profile(void);
/* AdminServices on a profile; 0 or an exit status after a message. */
int mp_open_services(const char *name, LPSERVICEADMIN *sa);
/* Makes name the default profile (NULL: none); 0 or an exit status after a message. */
int mp_set_default(const char *name);

/* ---- message services and providers (mapiprof_services.c) ---- */
struct service {
    char *display;
    char *name;
    MAPIUID uid;
    int has_uid;
};

struct provider {
    char *display;
    char *provider_display;
    char *service_name;
    char *dll;
    ULONG type;
    int has_uid;
    MAPIUID uid;
};

HRESULT mp_get_services(LPSERVICEADMIN sa, struct service **out, size_t *count);
void mp_free_services(struct service *s, size_t n);
HRESULT mp_get_providers(LPSERVICEADMIN sa, struct provider **out, size_t *count);
void mp_free_providers(struct provider *p, size_t n);
const char *mp_or_dash(const char *s);            /* s, or "-" when NULL or empty */
const char *mp_resource_type_name(ULONG type);    /* "store", "address book" ... */
/* Adds a service; *uid receives its UID.  0 or an exit status after a message. */
int mp_create_service(LPSERVICEADMIN sa, const char *service, const char *display,
                      const char *profile, MAPIUID *uid);
/* Runs ConfigureMsgService without UI; 0 or an exit status after a message. */
int mp_configure_service(LPSERVICEADMIN sa, const MAPIUID *uid, const mapisvc_prop *props,
                         const int *expand, size_t n, UINT cp, const char *service,
                         const char *profile);
/* Writes a service's PR_DISPLAY_NAME (text in code page cp) into its section. */
int mp_set_service_display(LPSERVICEADMIN sa, const MAPIUID *uid, const char *text, UINT cp,
                           const char *service, const char *profile);

/* ---- MAPISVC.INF (mapiprof_inf.c), loaded on first use ---- */
/* The [Services] key for a service name or display name, or NULL. */
const char *mp_inf_service(const char *name);
/* A service's display name from [Services], or NULL. */
const char *mp_inf_display(const char *service);
/* "A, B, C" of the services MAPISVC.INF lists (malloc'ed), or NULL. */
char *mp_inf_service_list(void);
void mp_free_inf(void);

/* ---- profile sections (mapiprof_dump.c) ---- */
/* Opens a section for reading; provider sections may need MAPI_FORCE_ACCESS. */
HRESULT mp_open_section(LPSERVICEADMIN sa, const BYTE *uid, ULONG flags, LPPROFSECT *sect);
/* All properties of a section (strings in Unicode where MAPI can), sorted by tag. */
HRESULT mp_section_props(LPPROFSECT sect, ULONG *count, LPSPropValue *props);

#endif /* MAPIPROF_H */
