/*
 * Checks on a parser's diagnostics, shared by test_mapisvc_inf.c and
 * test_prf.c: both parsers hand out mapisvc_diag records (prf_diag is the
 * same type).  The test defines, for its parser's model:
 *   static const mapisvc_diag *diag_at(const void *model, size_t i);   NULL past the end
 *   static int diag_format(const mapisvc_diag *d, char *buf, size_t n);
 * Include native_test.h first.
 */
#ifndef FREEMAPI_DIAG_TEST_H
#define FREEMAPI_DIAG_TEST_H

#include "mapisvc_inf.h"

static const mapisvc_diag *diag_at(const void *model, size_t i);
static int diag_format(const mapisvc_diag *d, char *buf, size_t n);

static inline void dump_diags(const void *model)
{
    const mapisvc_diag *d;
    char buf[800];
    size_t i;
    for (i = 0; (d = diag_at(model, i)); i++) {
        diag_format(d, buf, sizeof(buf));
        fprintf(stderr, "    diag: %s\n", buf);
    }
}

/* Is there a diagnostic on this line whose reason contains 'part'? */
static inline int has_diag(const void *model, unsigned line, const char *part)
{
    const mapisvc_diag *d;
    size_t i;
    for (i = 0; (d = diag_at(model, i)); i++)
        if (d->line == line && strstr(d->reason, part)) return 1;
    return 0;
}

static inline size_t diags_on_line(const void *model, unsigned line)
{
    const mapisvc_diag *d;
    size_t i, n = 0;
    for (i = 0; (d = diag_at(model, i)); i++)
        if (d->line == line) n++;
    return n;
}

#define CHECK_DIAG(model, line, part) \
    do { \
        if (!check_(has_diag((model), (line), (part)), "diag line " #line ": " part, __FILE__, __LINE__)) \
            dump_diags(model); \
    } while (0)

#define CHECK_NO_DIAGS(model) \
    do { \
        if (!check_(diag_at((model), 0) == NULL, "no diagnostics", __FILE__, __LINE__)) dump_diags(model); \
    } while (0)

#endif
