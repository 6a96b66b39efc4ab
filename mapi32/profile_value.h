/*
 * Byte images of multi-valued properties in profile registry values
 * (mapi-spec.md 4.2): a relocated copy of the in-memory array, i.e. a ULONG
 * count, then one descriptor per value, then the data, offsets counted from
 * the start of the image.  The descriptor width follows the writer's pointer
 * size, so a profile written by 32-bit Outlook and one written by 64-bit
 * Outlook differ; the reader accepts both and the writer uses ours.
 *
 * Portable C99 (no Windows headers): built natively for its unit test and
 * the libFuzzer target.
 */
#ifndef FREEMAPI_PROFILE_VALUE_H
#define FREEMAPI_PROFILE_VALUE_H

#include <stddef.h>
#include <stdint.h>

/* No profile value needs more; anything larger is treated as corrupt. */
#define PV_MAX_ITEMS 65536u

enum pv_kind {
    PV_FIXED = 0,  /* PT_MV_I2, _LONG, _I8, _SYSTIME, _CLSID, ...: count, then the values packed */
    PV_STRING8,    /* count, offset[count], NUL-terminated byte strings */
    PV_UNICODE,    /* count, offset[count], NUL-terminated UTF-16LE strings */
    PV_BINARY      /* count, {cb, offset}[count], the blobs */
};

/* One value inside an image: its bytes are img[off .. off+len).  For strings
 * len excludes the terminator. */
typedef struct pv_item {
    uint32_t off;
    uint32_t len;
} pv_item;

/* Reads the value count of an image (0 if too short); callers size their
 * item array with it. */
uint32_t pv_count(const uint8_t *img, size_t len);

/* Parses an image.  elem_size is the size of one value for PV_FIXED (ignored
 * otherwise).  Fills items[0 .. *count) (max_items must be >= pv_count()).
 * Returns 0, or -1 when the image matches neither layout or points outside
 * itself.  *width (may be NULL) gets 4 or 8: the writer's pointer size as
 * detected (4 for PV_FIXED). */
int pv_parse(enum pv_kind kind, size_t elem_size, const uint8_t *img, size_t len,
             pv_item *items, size_t max_items, uint32_t *count, unsigned *width);

/* Size of the image for count values of the given byte lengths (strings:
 * without terminator, which the writer adds) in the layout of pointer width
 * 4 or 8.  Returns 0 when it would exceed 2^31 bytes. */
size_t pv_image_size(enum pv_kind kind, size_t elem_size, unsigned width, uint32_t count,
                     const size_t *lens);

/* Writes that image into out (pv_image_size() bytes). data[i] holds lens[i]
 * bytes (for PV_FIXED, data[0] holds all count * elem_size bytes). */
void pv_write(enum pv_kind kind, size_t elem_size, unsigned width, uint32_t count,
              const void *const *data, const size_t *lens, uint8_t *out);

#endif
