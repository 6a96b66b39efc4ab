/*
 * The harness the native unit tests share (test_mapisvc_inf.c, test_prf.c,
 * test_profile_value.c): check counters and macros, the final report, and
 * reading a whole file.  Portable C; each test is a single source file, so
 * everything here is static (inline, so a test need not use all of it).
 */
#ifndef FREEMAPI_NATIVE_TEST_H
#define FREEMAPI_NATIVE_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;

#define CHECK(cond) check_(!!(cond), #cond, __FILE__, __LINE__)
#define CHECK_STR(a, b) check_str_((a), (b), #a, __FILE__, __LINE__)
#define CHECK_INT(a, b) check_int_((long long)(a), (long long)(b), #a, __FILE__, __LINE__)

static inline int check_(int ok, const char *what, const char *file, int line)
{
    if (ok) passed++;
    else {
        failed++;
        fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, what);
    }
    return ok;
}

static inline void check_str_(const char *a, const char *b, const char *what, const char *file, int line)
{
    int ok = a && b && strcmp(a, b) == 0;
    if (!check_(ok, what, file, line))
        fprintf(stderr, "    got \"%s\", expected \"%s\"\n", a ? a : "(null)", b ? b : "(null)");
}

static inline int check_int_(long long a, long long b, const char *what, const char *file, int line)
{
    if (check_(a == b, what, file, line)) return 1;
    fprintf(stderr, "    got %lld (0x%llx), expected %lld (0x%llx)\n", a, (unsigned long long)a, b,
            (unsigned long long)b);
    return 0;
}

/* Prints the last line, "N passed, M failed"; the exit status for main. */
static inline int test_report(void)
{
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

/* Reads a whole file into a new buffer (NUL-terminated, length in *len);
 * NULL if it cannot be read (with a message if it cannot be opened). */
static inline char *test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)n + 1);
        if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        }
        if (buf) {
            buf[n] = '\0';
            *len = (size_t)n;
        }
    }
    fclose(f);
    return buf;
}

#endif
