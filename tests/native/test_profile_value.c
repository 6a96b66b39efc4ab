/*
 * Native unit test for the multi-valued profile value images
 * (mapi32/profile_value.c).  Last line: "N passed, M failed".
 */
#include "profile_value.h"
#include "native_test.h"

/* PR_SERVICE_SUPPORT_FILES as 32-bit Outlook writes it (mapi-spec.md 4.2). */
static void outlook_mv_string8(void)
{
    static const uint8_t img[] = {1, 0, 0, 0, 8, 0, 0, 0, 'E', 'M', 'A', 'B', 'L', 'T', '.', 'D', 'L', 'L', 0};
    pv_item items[1];
    uint32_t n;
    unsigned w;

    CHECK(pv_count(img, sizeof(img)) == 1);
    CHECK(pv_parse(PV_STRING8, 0, img, sizeof(img), items, 1, &n, &w) == 0);
    CHECK(n == 1 && w == 4);
    CHECK(items[0].off == 8 && items[0].len == 10);
    CHECK(!memcmp(img + items[0].off, "EMABLT.DLL", 10));
}

/* Round trip in both widths for each kind; the reader detects the width. */
static void round_trip(enum pv_kind kind, unsigned width)
{
    static const char *strs[] = {"one", "", "three three"};
    static const uint16_t wide[3][6] = {{'a', 'b'}, {0}, {'x', 'y', 'z', 0x263a}};
    const void *data[3];
    size_t lens[3], size, i;
    uint8_t buf[512];
    pv_item items[3];
    uint32_t n;
    unsigned w;

    for (i = 0; i < 3; i++) {
        if (kind == PV_UNICODE) {
            size_t k = 0;
            while (wide[i][k]) k++;
            data[i] = wide[i];
            lens[i] = k * 2;
        } else {
            data[i] = strs[i];
            lens[i] = strlen(strs[i]);
        }
    }
    size = pv_image_size(kind, 0, width, 3, lens);
    CHECK(size > 0 && size <= sizeof(buf));
    memset(buf, 0xcc, sizeof(buf));
    pv_write(kind, 0, width, 3, data, lens, buf);
    CHECK(pv_parse(kind, 0, buf, size, items, 3, &n, &w) == 0);
    CHECK(n == 3 && w == width);
    for (i = 0; i < 3; i++) {
        CHECK(items[i].len == lens[i]);
        CHECK(!memcmp(buf + items[i].off, data[i], lens[i]));
        CHECK(items[i].off % (kind == PV_STRING8 ? 1 : 2) == 0);
    }
}

static void fixed(void)
{
    int32_t v[3] = {1, -2, 0x12345678};
    const void *data[1] = {v};
    uint8_t buf[64];
    pv_item items[3];
    uint32_t n;
    size_t size = pv_image_size(PV_FIXED, 4, 4, 3, NULL);

    CHECK(size == 16);
    pv_write(PV_FIXED, 4, 4, 3, data, NULL, buf);
    CHECK(pv_parse(PV_FIXED, 4, buf, size, items, 3, &n, NULL) == 0);
    CHECK(n == 3 && items[2].off == 12 && !memcmp(buf + 12, &v[2], 4));
    /* A length that is not count * size is corrupt. */
    CHECK(pv_parse(PV_FIXED, 4, buf, size - 1, items, 3, &n, NULL) == -1);
}

static void corrupt(void)
{
    uint8_t img[32];
    pv_item items[4];
    uint32_t n;

    CHECK(pv_parse(PV_STRING8, 0, NULL, 0, items, 4, &n, NULL) == -1);
    CHECK(pv_parse(PV_STRING8, 0, img, 3, items, 4, &n, NULL) == -1);
    /* Count larger than the caller's array or the limit. */
    memset(img, 0, sizeof(img));
    img[0] = 5;
    CHECK(pv_parse(PV_BINARY, 0, img, sizeof(img), items, 4, &n, NULL) == -1);
    img[0] = 0; img[3] = 0x7f;
    CHECK(pv_parse(PV_BINARY, 0, img, sizeof(img), items, 4, &n, NULL) == -1);
    /* An offset outside the value. */
    memset(img, 0, sizeof(img));
    img[0] = 1; img[4] = 200;
    CHECK(pv_parse(PV_STRING8, 0, img, 12, items, 4, &n, NULL) == -1);
    /* A string without terminator. */
    memcpy(img, "\1\0\0\0\x08\0\0\0abcd", 12);
    CHECK(pv_parse(PV_STRING8, 0, img, 12, items, 4, &n, NULL) == -1);
    /* A blob running past the end. */
    memcpy(img, "\1\0\0\0\x09\0\0\0\x0c\0\0\0abcdefgh", 20);
    CHECK(pv_parse(PV_BINARY, 0, img, 20, items, 4, &n, NULL) == -1);
    /* Zero values is fine. */
    memset(img, 0, 4);
    CHECK(pv_parse(PV_BINARY, 0, img, 4, items, 4, &n, NULL) == 0 && n == 0);
}

int main(void)
{
    outlook_mv_string8();
    round_trip(PV_STRING8, 4);
    round_trip(PV_STRING8, 8);
    round_trip(PV_UNICODE, 4);
    round_trip(PV_UNICODE, 8);
    round_trip(PV_BINARY, 4);
    round_trip(PV_BINARY, 8);
    fixed();
    corrupt();
    return test_report();
}
