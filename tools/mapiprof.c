/*
 * mapiprof: MAPI profiles from the command line, for people who have no
 * "Mail" control panel.  It talks to mapi32.dll only through the public API
 * (mapi-spec.md section 6): MAPIAdminProfiles -> IProfAdmin -> AdminServices
 * -> IMsgServiceAdmin(2) -> profile sections and tables.
 *
 * Run "mapiprof --help" for the commands.  Errors are one sentence on stderr
 * with the MAPI code's name and value; the exit status is 0 on success, 1 on
 * failure and 2 for a usage error.
 *
 * This file holds the usage text and main's command table; the commands are
 * in mapiprof_profiles.c, mapiprof_services.c, mapiprof_dump.c and
 * mapiprof_prf.c (import, export), what they share in mapiprof.h.
 */
#include "mapiprof.h"

#include <shellapi.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* IID_IMsgServiceAdmin2 and the other MAPI GUIDs, defined here once. */
#define INITGUID
#include <mapiguid.h>

#define USAGE_STATUS 2

static const char usage_text[] =
    "Usage: mapiprof COMMAND [ARGUMENTS]\n"
    "\n"
    "MAPI profiles without Outlook's Mail control panel.\n"
    "\n"
    "Profiles:\n"
    "  list                              the profiles; '*' marks the default one\n"
    "  create NAME [--default] [--default-services]\n"
    "                                    a new, empty profile (--default-services adds\n"
    "                                    MAPISVC.INF's [Default Services])\n"
    "  delete NAME                       delete a profile\n"
    "  copy OLD NEW                      copy a profile\n"
    "  rename OLD NEW                    rename a profile\n"
    "  default NAME | --clear            make NAME the default profile, or clear it\n"
    "\n"
    "Message services:\n"
    "  services NAME                     the services in a profile (display name,\n"
    "                                    service name, UID)\n"
    "  providers NAME                    the providers in a profile\n"
    "  add-service NAME SERVICE [--display TEXT] [--set TAG=VALUE ...]\n"
    "                                    add a service listed in MAPISVC.INF and configure it\n"
    "  remove-service NAME SERVICE       SERVICE is a UID (32 hex digits) or a service name\n"
    "  configure NAME SERVICE --set TAG=VALUE ...\n"
    "                                    pass properties to the service's configuration\n"
    "  dump NAME                         every profile section with all its properties\n"
    "\n"
    "PRF files (Outlook profile files):\n"
    "  import FILE.prf [--name NAME] [--strict]\n"
    "                                    create a profile from a PRF file\n"
    "                                    (--strict: refuse a file with any problem)\n"
    "  export NAME FILE.prf              write a PRF file that import reads back ('-' = stdout)\n"
    "\n"
    "TAG is a PR_* name (PR_DISPLAY_NAME, PR_DISPLAY_NAME_W ...) or 8 hex digits in\n"
    "PROP_TAG order (6600001F).  VALUE follows the tag's type: decimal or 0x hex for\n"
    "numbers, TRUE/FALSE for booleans, hex digits for binary, text for strings (one\n"
    "pair of double quotes is removed), comma-separated items for multi-valued types.\n";

int mp_usage_error(const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    errf("mapiprof: %s\nTry 'mapiprof --help'.\n", text);
    return USAGE_STATUS;
}

/* ------------------------------------------------------------------------ */

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    { "list", cmd_list },
    { "create", cmd_create },
    { "delete", cmd_delete },
    { "copy", cmd_copy },
    { "rename", cmd_rename },
    { "default", cmd_default },
    { "services", cmd_services },
    { "providers", cmd_providers },
    { "add-service", cmd_add_service },
    { "remove-service", cmd_remove_service },
    { "configure", cmd_configure },
    { "dump", cmd_dump },
    { "import", cmd_import },
    { "export", cmd_export },
};

int main(void)
{
    int wargc, i, rc;
    WCHAR **wargv = CommandLineToArgvW(GetCommandLineW(), &wargc);
    char **argv;
    size_t c;

    out_init();
    if (!wargv) return fail_msg("cannot read the command line");
    argv = xmalloc((size_t)(wargc + 1) * sizeof(char *));
    for (i = 0; i < wargc; i++) {
        argv[i] = wide_to_utf8(wargv[i]);
        if (!argv[i]) argv[i] = xstrdup("");
    }
    argv[wargc] = NULL;
    LocalFree(wargv);

    if (wargc < 2) {
        errf("%s", usage_text);
        return USAGE_STATUS;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        outf("%s", usage_text);
        return 0;
    }
    rc = -1;
    for (c = 0; c < sizeof(commands) / sizeof(commands[0]); c++) {
        if (strcmp(argv[1], commands[c].name) != 0) continue;
        rc = commands[c].run(wargc - 2, argv + 2);
        break;
    }
    if (rc < 0) rc = mp_usage_error("unknown command '%s'", argv[1]);
    mp_stop_mapi();
    mp_free_inf();
    for (i = 0; i < wargc; i++) free(argv[i]);
    free(argv);
    return rc;
}
