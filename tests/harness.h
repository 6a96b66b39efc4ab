/* Shared by every test program run under Wine. */
#ifndef FREEMAPI_TEST_HARNESS_H
#define FREEMAPI_TEST_HARNESS_H

#include <windows.h>
#include <check.h>

/* Makes sure the mapi32.dll in this process is FreeMAPI's (by its version
 * resource), loading it if needed; exits the program if it is not. */
HMODULE harness_require_freemapi(void);

/* Reads the ProductName of a loaded module's version resource into buf. */
BOOL harness_product_name(HMODULE module, char *buf, DWORD len);

/* Runs a suite without fork (Windows has none); returns the exit code. */
int harness_run(Suite *suite);

#define HARNESS_MAIN(make_suite) \
    int main(void) { harness_require_freemapi(); return harness_run(make_suite()); }

#endif
