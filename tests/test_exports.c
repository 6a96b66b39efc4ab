/* Walks Windows' whole mapi32 export table (tests/data/mapi32-exports.txt,
 * compiled in as export_list.h) against the loaded DLL: every ordinal, every
 * name, and the other name form (plain <-> name@N) at the same address. Then
 * calls every export with all-zero arguments: nothing may crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

struct listed { WORD ordinal; const char *name; };
static const struct listed windows_table[] =
{
#include "export_list.h"
};
#define N_LISTED (sizeof(windows_table) / sizeof(windows_table[0]))

static HMODULE mapi;

/* The DLL's own export directory, read from its PE headers. */
static const IMAGE_EXPORT_DIRECTORY *export_dir(void)
{
    const BYTE *base = (const BYTE *)mapi;
    const IMAGE_NT_HEADERS *nt = (const IMAGE_NT_HEADERS *)(base + ((const IMAGE_DOS_HEADER *)base)->e_lfanew);
    DWORD rva = nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT].VirtualAddress;

    return (const IMAGE_EXPORT_DIRECTORY *)(base + rva);
}

/* Finds an exported name "<base>@<digits>"; returns its address or NULL. */
static FARPROC find_decorated(const char *plain, int *bytes)
{
    const BYTE *base = (const BYTE *)mapi;
    const IMAGE_EXPORT_DIRECTORY *dir = export_dir();
    const DWORD *names = (const DWORD *)(base + dir->AddressOfNames);
    size_t len = strlen(plain);
    DWORD i;

    for (i = 0; i < dir->NumberOfNames; i++)
    {
        const char *name = (const char *)(base + names[i]);
        const char *at = name + len;
        if (strncmp(name, plain, len) || *at != '@' || !at[1]) continue;
        if (strspn(at + 1, "0123456789") != strlen(at + 1)) continue;
        if (bytes) *bytes = atoi(at + 1);
        return GetProcAddress(mapi, name);
    }
    return NULL;
}

START_TEST(table_is_complete)
{
    ck_assert_uint_eq(N_LISTED, 191);
}
END_TEST

START_TEST(every_ordinal_and_name)
{
    size_t i;
    int missing = 0;

    for (i = 0; i < N_LISTED; i++)
    {
        const struct listed *e = &windows_table[i];
        FARPROC by_ord = GetProcAddress(mapi, MAKEINTRESOURCEA(e->ordinal));
        FARPROC by_name = strcmp(e->name, "@") ? GetProcAddress(mapi, e->name) : by_ord;

        if (!by_ord || by_name != by_ord)
        {
            printf("ordinal %u %s: by ordinal %p, by name %p\n", e->ordinal, e->name, by_ord, by_name);
            missing++;
        }
    }
    ck_assert_int_eq(missing, 0);
}
END_TEST

START_TEST(both_name_forms)
{
    size_t i;
    int bad = 0;

    for (i = 0; i < N_LISTED; i++)
    {
        const struct listed *e = &windows_table[i];
        const char *at = strchr(e->name, '@');
        FARPROC mine = GetProcAddress(mapi, MAKEINTRESOURCEA(e->ordinal)), other;
        char plain[64];

        if (!strcmp(e->name, "@")) continue;
        if (at)
        {
            snprintf(plain, sizeof(plain), "%.*s", (int)(at - e->name), e->name);
            other = GetProcAddress(mapi, plain);
        }
        else
            other = find_decorated(e->name, NULL);
        if (!other || other != mine)
        {
            printf("%s: other name form %s\n", e->name, other ? "at another address" : "missing");
            bad++;
        }
    }
    ck_assert_int_eq(bad, 0);
    ck_assert_ptr_null(GetProcAddress(mapi, "MAPINoSuchFunction"));
}
END_TEST

typedef ULONG_PTR (WINAPI *fn0)(void);
typedef ULONG_PTR (WINAPI *fn1)(ULONG_PTR);
typedef ULONG_PTR (WINAPI *fn2)(ULONG_PTR, ULONG_PTR);
typedef ULONG_PTR (WINAPI *fn3)(ULONG_PTR, ULONG_PTR, ULONG_PTR);
typedef ULONG_PTR (WINAPI *fn4)(ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR);
typedef ULONG_PTR (WINAPI *fn5)(ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR);
typedef ULONG_PTR (WINAPI *fn6)(ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR);
typedef ULONG_PTR (WINAPI *fn7)(ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR);
typedef ULONG_PTR (WINAPI *fn8)(ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR,
                                ULONG_PTR);
typedef ULONG_PTR (WINAPI *fn9)(ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR,
                                ULONG_PTR, ULONG_PTR);
typedef ULONG_PTR (WINAPI *fn10)(ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR,
                                 ULONG_PTR, ULONG_PTR, ULONG_PTR);
typedef ULONG_PTR (WINAPI *fn11)(ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR,
                                 ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR);

/* Calls f with n zero arguments the stdcall way (the @N says how many). */
static void call_with_zeros(FARPROC f, int n)
{
    switch (n)
    {
    case 0: ((fn0)f)(); break;
    case 1: ((fn1)f)(0); break;
    case 2: ((fn2)f)(0, 0); break;
    case 3: ((fn3)f)(0, 0, 0); break;
    case 4: ((fn4)f)(0, 0, 0, 0); break;
    case 5: ((fn5)f)(0, 0, 0, 0, 0); break;
    case 6: ((fn6)f)(0, 0, 0, 0, 0, 0); break;
    case 7: ((fn7)f)(0, 0, 0, 0, 0, 0, 0); break;
    case 8: ((fn8)f)(0, 0, 0, 0, 0, 0, 0, 0); break;
    case 9: ((fn9)f)(0, 0, 0, 0, 0, 0, 0, 0, 0); break;
    case 10: ((fn10)f)(0, 0, 0, 0, 0, 0, 0, 0, 0, 0); break;
    case 11: ((fn11)f)(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0); break;
    default: ck_abort_msg("unexpected argument count %d", n);
    }
}

START_TEST(every_export_survives_null_arguments)
{
    size_t i;
    int called = 0;

    for (i = 0; i < N_LISTED; i++)
    {
        const struct listed *e = &windows_table[i];
        char plain[64];
        const char *at;
        int bytes = -1;
        FARPROC f;

        /* Provider-init shaped entries are cdecl: not callable as stdcall here. */
        if (!strcmp(e->name, "@") || !strcmp(e->name, "PRProviderInit")) continue;
        if ((at = strchr(e->name, '@')))
        {
            snprintf(plain, sizeof(plain), "%.*s", (int)(at - e->name), e->name);
            bytes = atoi(at + 1);
        }
        else
        {
            snprintf(plain, sizeof(plain), "%s", e->name);
            find_decorated(plain, &bytes);
        }
        ck_assert_msg(bytes >= 0 && bytes % 4 == 0, "%s: no usable @N", e->name);
        f = GetProcAddress(mapi, MAKEINTRESOURCEA(e->ordinal));
        call_with_zeros(f, bytes / 4);
        called++;
    }
    ck_assert_int_ge(called, 180);
}
END_TEST

static Suite *exports_suite(void)
{
    Suite *s = suite_create("exports");
    TCase *tc = tcase_create("table");

    tcase_add_test(tc, table_is_complete);
    tcase_add_test(tc, every_ordinal_and_name);
    tcase_add_test(tc, both_name_forms);
    tcase_add_test(tc, every_export_survives_null_arguments);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    mapi = harness_require_freemapi();
    return harness_run(exports_suite());
}
