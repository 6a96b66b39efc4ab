/*
 * Multi-valued property images in profile registry values (profile_value.h,
 * mapi-spec.md 4.2).
 *
 * Layouts we read:
 *   width 4 (32-bit writers):  count, then descriptors from byte 4;
 *   width 8 (64-bit writers):  count, then descriptors from byte 8 (aligned),
 *                              or from byte 4 (packed), both seen in the field.
 * A string descriptor is one offset; a binary one is {cb, offset}, each field
 * of the writer's pointer width.  Fixed-size values follow the count packed.
 */
#include "profile_value.h"

#include <string.h>

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void wr32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* A pointer-width field: the high half of an 8-byte one must be zero. */
static int rdfield(const uint8_t *p, unsigned width, uint32_t *v)
{
    if (width == 8 && rd32(p + 4)) return -1;
    *v = rd32(p);
    return 0;
}

uint32_t pv_count(const uint8_t *img, size_t len)
{
    return (img && len >= 4) ? rd32(img) : 0;
}

static size_t desc_size(enum pv_kind kind, unsigned width)
{
    return kind == PV_BINARY ? 2 * (size_t)width : width;
}

/* Length of a NUL-terminated string at img[off..len): bytes before the
 * terminator, or -1 if there is none. */
static long str_len(const uint8_t *img, size_t len, uint32_t off, int wide)
{
    size_t i;
    if (!wide) {
        const uint8_t *nul = memchr(img + off, 0, len - off);
        return nul ? (long)(nul - (img + off)) : -1;
    }
    for (i = off; i + 1 < len; i += 2)
        if (!img[i] && !img[i + 1]) return (long)(i - off);
    return -1;
}

/* Tries one layout; 0 if every descriptor is sane.  *tight is set when the
 * first value starts right after the descriptors (allowing alignment). */
static int try_layout(enum pv_kind kind, const uint8_t *img, size_t len, uint32_t count,
                      unsigned width, size_t start, pv_item *items, int *tight)
{
    size_t dsz = desc_size(kind, width), hdr = start + (size_t)count * dsz, i;

    if (hdr > len || hdr < start) return -1;
    *tight = 0;
    for (i = 0; i < count; i++) {
        const uint8_t *d = img + start + i * dsz;
        uint32_t off, cb = 0;

        if (kind == PV_BINARY) {
            /* cb is a ULONG padded to the pointer width; the pad may hold junk. */
            cb = rd32(d);
            if (rdfield(d + width, width, &off)) return -1;
        } else if (rdfield(d, width, &off)) return -1;
        if (off < hdr || off > len) return -1;
        if (kind == PV_BINARY) {
            if (cb > len - off) return -1;
        } else {
            long n = str_len(img, len, off, kind == PV_UNICODE);
            if (n < 0) return -1;
            cb = (uint32_t)n;
        }
        if (i == 0) {
            size_t a4 = (hdr + 3) & ~(size_t)3, a8 = (hdr + 7) & ~(size_t)7;
            *tight = off == hdr || off == a4 || off == a8;
        }
        items[i].off = off;
        items[i].len = cb;
    }
    if (!count) *tight = hdr == len;
    return 0;
}

int pv_parse(enum pv_kind kind, size_t elem_size, const uint8_t *img, size_t len,
             pv_item *items, size_t max_items, uint32_t *count, unsigned *width)
{
    static const struct { unsigned width; size_t start; } layouts[] = {{4, 4}, {8, 8}, {8, 4}};
    uint32_t n, i;
    int best = -1;

    if (!img || !count || len < 4) return -1;
    n = rd32(img);
    if (n > PV_MAX_ITEMS || n > max_items || (n && !items)) return -1;

    if (kind == PV_FIXED) {
        if (!elem_size || elem_size > 64 || (size_t)n * elem_size != len - 4) return -1;
        for (i = 0; i < n; i++) {
            items[i].off = (uint32_t)(4 + i * elem_size);
            items[i].len = (uint32_t)elem_size;
        }
        *count = n;
        if (width) *width = 4;
        return 0;
    }

    /* Prefer a layout whose data starts right after its descriptors; else
     * take the first one that makes sense at all. */
    for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
        int tight;
        if (try_layout(kind, img, len, n, layouts[i].width, layouts[i].start, items, &tight))
            continue;
        if (tight) { best = (int)i; break; }
        if (best < 0) best = (int)i;
    }
    if (best < 0) return -1;
    if (best != (int)i) {
        int tight;
        try_layout(kind, img, len, n, layouts[best].width, layouts[best].start, items, &tight);
    }
    *count = n;
    if (width) *width = layouts[best].width;
    return 0;
}

static size_t data_size(enum pv_kind kind, size_t len, unsigned width)
{
    size_t term = kind == PV_STRING8 ? 1 : kind == PV_UNICODE ? 2 : 0;
    return (len + term + width - 1) & ~(size_t)(width - 1);
}

size_t pv_image_size(enum pv_kind kind, size_t elem_size, unsigned width, uint32_t count,
                     const size_t *lens)
{
    size_t total, i;

    if (width != 4 && width != 8) return 0;
    if (kind == PV_FIXED) {
        total = 4 + (size_t)count * elem_size;
        return total > 0x7fffffffu ? 0 : total;
    }
    total = (width == 8 ? 8 : 4) + (size_t)count * desc_size(kind, width);
    for (i = 0; i < count; i++) {
        if (lens[i] > 0x7fffffffu) return 0;
        total += data_size(kind, lens[i], width);
        if (total > 0x7fffffffu) return 0;
    }
    return total;
}

void pv_write(enum pv_kind kind, size_t elem_size, unsigned width, uint32_t count,
              const void *const *data, const size_t *lens, uint8_t *out)
{
    size_t start = width == 8 ? 8 : 4, dsz, pos, i;

    memset(out, 0, pv_image_size(kind, elem_size, width, count, lens));
    wr32(out, count);
    if (kind == PV_FIXED) {
        if (count) memcpy(out + 4, data[0], (size_t)count * elem_size);
        return;
    }
    dsz = desc_size(kind, width);
    pos = start + (size_t)count * dsz;
    for (i = 0; i < count; i++) {
        uint8_t *d = out + start + i * dsz;
        if (kind == PV_BINARY) {
            wr32(d, (uint32_t)lens[i]);
            wr32(d + width, (uint32_t)pos);
        } else wr32(d, (uint32_t)pos);
        if (lens[i]) memcpy(out + pos, data[i], lens[i]);
        pos += data_size(kind, lens[i], width); /* terminators and padding are zero */
    }
}
