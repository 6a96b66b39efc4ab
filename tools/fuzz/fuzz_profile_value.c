/*
 * libFuzzer target for the multi-valued profile value reader
 * (mapi32/profile_value.c, see README.md here).  The first byte picks the
 * kind; every item the parser accepts must lie inside the input.
 */
#include "profile_value.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pv_item items[PV_MAX_ITEMS];
    volatile unsigned sink = 0;
    enum pv_kind kind;
    uint32_t n, i;

    if (size < 1) return 0;
    kind = (enum pv_kind)(data[0] & 3);
    data++, size--;
    if (pv_parse(kind, 4, data, size, items, PV_MAX_ITEMS, &n, NULL) == 0) {
        for (i = 0; i < n; i++) {
            if ((size_t)items[i].off + items[i].len > size) abort();
            if (items[i].len) sink += data[items[i].off + items[i].len - 1];
        }
    }
    (void)sink;
    return 0;
}
