/*
 * What the administration objects share (profadmin.c, svcadmin.c,
 * provadmin.c, support.c): operations on the services and providers of one
 * profile (msgservice.c) and the calls into service entry points
 * (svcentry.c).  mapi-spec.md 4.3, 4.5, 5.1, 6.
 */
#ifndef FREEMAPI_ADMIN_H
#define FREEMAPI_ADMIN_H

#include <windows.h>
#include <mapix.h>
#include <mapispi.h>

#include "mapierror.h"
#include "profile_store.h"

/* An open profile, shared by the objects that work on it. */
struct admin_profile {
    LONG refcount;
    HKEY key;
    WCHAR name[PROFSTORE_MAX_NAME + 1];
    HANDLE in_use;      /* a session's: the profile's in-use marker */
};

HRESULT adminprof_open(const WCHAR *name, struct admin_profile **out);
/* For a session: the profile counts as in use until the last release, which
 * also finishes a DeleteProfile that had to wait for it. */
HRESULT adminprof_open_for_session(const WCHAR *name, struct admin_profile **out);
void adminprof_addref(struct admin_profile *prof);
void adminprof_release(struct admin_profile *prof);

/* Who opens a section: rules differ (imsgserviceadmin-openprofilesection.md,
 * iprovideradmin-openprofilesection.md). */
enum admin_caller {
    ADMIN_CLIENT,           /* IMsgServiceAdmin, IMAPISession */
    ADMIN_CLIENT_PROVADMIN, /* IProviderAdmin handed to a client */
    ADMIN_SERVICE,          /* a service entry or provider, via its support object */
    ADMIN_SERVICE_PROVADMIN /* a service entry, via its IProviderAdmin */
};

HRESULT admin_open_section(struct admin_profile *prof, const MAPIUID *uid, LPCIID iid, ULONG flags,
                           enum admin_caller caller, IProfSect **out);

/* Services and providers. */
HRESULT admin_create_service(struct admin_profile *prof, const WCHAR *service, const WCHAR *display,
                             ULONG_PTR ui, ULONG flags, MAPIUID *uid, struct last_error *err);
HRESULT admin_delete_service(struct admin_profile *prof, const MAPIUID *svc, struct last_error *err);
HRESULT admin_configure_service(struct admin_profile *prof, const MAPIUID *svc, ULONG_PTR ui, ULONG flags,
                                ULONG count, LPSPropValue props, struct last_error *err);
HRESULT admin_copy_service(struct admin_profile *prof, const MAPIUID *svc, struct admin_profile *dest,
                           ULONG_PTR ui, ULONG flags, struct last_error *err);
HRESULT admin_create_provider(struct admin_profile *prof, const MAPIUID *svc, const WCHAR *section,
                              ULONG count, LPSPropValue props, ULONG_PTR ui, ULONG flags, MAPIUID *uid,
                              struct last_error *err);
HRESULT admin_delete_provider(struct admin_profile *prof, const MAPIUID *svc, const MAPIUID *uid,
                              struct last_error *err);
BOOL admin_service_exists(struct admin_profile *prof, const MAPIUID *svc);
HRESULT admin_transport_order(struct admin_profile *prof, ULONG count, const MAPIUID *uids,
                              struct last_error *err);
HRESULT admin_set_primary_identity(struct admin_profile *prof, const MAPIUID *uid, struct last_error *err);
/* Creates every [Default Services] service. */
HRESULT admin_default_services(struct admin_profile *prof, ULONG_PTR ui, ULONG flags, struct last_error *err);
/* Deletes every service (their entries get MSG_SERVICE_DELETE). */
HRESULT admin_delete_all_services(struct admin_profile *prof, struct last_error *err);

/* Tables (static snapshots).  svc NULL: every provider of the profile. */
HRESULT admin_service_table(struct admin_profile *prof, ULONG flags, LPMAPITABLE *table);
HRESULT admin_provider_table(struct admin_profile *prof, const MAPIUID *svc, ULONG flags, LPMAPITABLE *table);

/* svcentry.c: calls a service's entry point with a configuration support
 * object and an IProviderAdmin.  MAPI_E_NOT_INITIALIZED when the service
 * has no entry point that can be called. */
HRESULT admin_call_entry(struct admin_profile *prof, const MAPIUID *svc, ULONG context, ULONG_PTR ui,
                         ULONG flags, ULONG count, LPSPropValue props, struct last_error *err);

/* Objects. */
HRESULT svcadmin_create(struct admin_profile *prof, IMsgServiceAdmin **out);
HRESULT provadmin_create(struct admin_profile *prof, const MAPIUID *svc, BOOL for_service,
                         IProviderAdmin **out);
HRESULT support_create_config(struct admin_profile *prof, const MAPIUID *svc, IMAPISupport **out);

/* Builds a static table from rows (tables.c). */
HRESULT admin_make_table(const SPropTagArray *columns, ULONG index_tag, SRow *rows, ULONG count,
                         const SSortOrderSet *sort, LPMAPITABLE *table);

#endif
