/*
 * Native unit test for the MAPISVC.INF parser (mapi32/mapisvc_inf.c).
 *
 *   gcc -std=c11 -Wall -Wextra -Werror -g -fsanitize=address,undefined -Imapi32 \
 *       mapi32/mapisvc_inf.c mapi32/mapisvc_value.c tests/native/test_mapisvc_inf.c \
 *       -o /tmp/t && /tmp/t [datadir]
 *
 * datadir defaults to $MAPISVC_TEST_DATA, then tests/data/mapisvc next to this
 * source file.  Last line printed: "N passed, M failed"; exit status 1 on failure.
 */
#include "mapisvc_inf.h"
#include "native_test.h"
#include "diag_test.h"

static char datadir[1024];

/* ---- helpers ---- */

static mapisvc_inf *parse_str(const char *text)
{
    return mapisvc_inf_parse(text, strlen(text), "test.inf");
}

static const mapisvc_diag *diag_at(const void *inf, size_t i)
{
    return mapisvc_inf_diag(inf, i);
}

static int diag_format(const mapisvc_diag *d, char *buf, size_t n)
{
    return mapisvc_diag_format(d, buf, n);
}

static char *read_file(const char *name, size_t *len)
{
    char path[1200];
    snprintf(path, sizeof(path), "%s/%s", datadir, name);
    return test_read_file(path, len);
}

/* Converts key=value; returns 0 on success like mapisvc_convert. */
static int conv(const char *key, const char *value, mapisvc_prop *p, char *err)
{
    return mapisvc_convert(key, value, p, err, 200);
}

/* Expects value to convert to a PT_LONG-ish number. */
static void check_long(const char *key, const char *value, int32_t want, int line)
{
    mapisvc_prop p;
    char err[200];
    int ok = conv(key, value, &p, err) == 0;
    if (!check_(ok && p.kind == MAPISVC_PROP_LONG, value, __FILE__, line)) {
        fprintf(stderr, "    %s=%s: %s\n", key, value, ok ? "wrong kind" : err);
        if (ok) mapisvc_prop_free(&p);
        return;
    }
    check_int_(p.v.l, want, value, __FILE__, line);
    mapisvc_prop_free(&p);
}

/* Expects conversion to fail with 'part' in the reason. */
static void check_fail(const char *key, const char *value, const char *part, int line)
{
    mapisvc_prop p;
    char err[200];
    if (!check_(conv(key, value, &p, err) != 0, value, __FILE__, line)) {
        mapisvc_prop_free(&p);
        return;
    }
    if (!check_(strstr(err, part) != NULL, part, __FILE__, line))
        fprintf(stderr, "    %s=%s: reason \"%s\"\n", key, value, err);
}

static const uint8_t uid_mdb[16] = { 0x78, 0xb2, 0xfa, 0x70, 0xaf, 0xf7, 0x11, 0xcd,
                                     0x9b, 0xc8, 0x00, 0xaa, 0x00, 0x2f, 0xc4, 0x5a };

/* ---- tests ---- */

static void test_empty(void)
{
    mapisvc_inf *inf = mapisvc_inf_parse("", 0, "empty.inf");
    const mapisvc_entry *e = (const mapisvc_entry *)1;

    CHECK(inf != NULL);
    CHECK_INT(mapisvc_inf_section_count(inf), 0);
    CHECK_INT(mapisvc_inf_diag_count(inf), 0);
    CHECK_INT(mapisvc_inf_services(inf, &e), 0);
    CHECK(e == NULL);
    CHECK(mapisvc_inf_section(inf, "Services") == NULL);
    CHECK(mapisvc_inf_section_at(inf, 0) == NULL);
    CHECK(mapisvc_inf_diag(inf, 0) == NULL);
    CHECK_INT(mapisvc_inf_encoding(inf), MAPISVC_ENC_ASCII);
    mapisvc_inf_free(inf);

    inf = mapisvc_inf_parse(NULL, 0, NULL);
    CHECK(inf != NULL);
    CHECK_INT(mapisvc_inf_section_count(inf), 0);
    mapisvc_inf_free(inf);

    CHECK(mapisvc_inf_parse(NULL, 5, "x") == NULL);
    mapisvc_inf_free(NULL);

    /* only blank lines, whitespace and comments */
    inf = parse_str("\n\n   \t\n; comment\n# another\n   ; indented\n");
    CHECK_INT(mapisvc_inf_section_count(inf), 0);
    CHECK_INT(mapisvc_inf_diag_count(inf), 0);
    mapisvc_inf_free(inf);

    /* NULL-tolerant accessors */
    CHECK_INT(mapisvc_inf_section_count(NULL), 0);
    CHECK(mapisvc_inf_section(NULL, "x") == NULL);
    CHECK(mapisvc_section_find(NULL, "x") == NULL);
    CHECK(mapisvc_section_value(NULL, "x") == NULL);
    CHECK_INT(mapisvc_inf_diag_count(NULL), 0);
    CHECK(mapisvc_diag_format(NULL, NULL, 0) < 0);
}

static void test_model_basics(void)
{
    static const char text[] =
        "[Services]\n"                       /* 1 */
        "Svc = The Service \n"               /* 2 */
        "\n"                                 /* 3 */
        "  [ svc ]  \n"                      /* 4 */
        "  Providers  =  P1 ,P2,, P3 ,\n"    /* 5 */
        "pr_display_name=  Spaced  Name  \n" /* 6 */
        "[P1]\n[P2]\n[P3]\n";                /* 7-9 */
    mapisvc_inf *inf = parse_str(text);
    const mapisvc_section *s;
    const mapisvc_entry *e;

    CHECK_INT(mapisvc_inf_section_count(inf), 5);
    CHECK_STR(mapisvc_inf_section_at(inf, 0)->name, "Services");
    CHECK_STR(mapisvc_inf_section_at(inf, 1)->name, "svc");
    CHECK_STR(mapisvc_inf_section_at(inf, 4)->name, "P3");
    CHECK_INT(mapisvc_inf_section_at(inf, 1)->line, 4);

    /* case-insensitive section and key lookup, trimmed keys and values */
    s = mapisvc_inf_section(inf, "SVC");
    CHECK(s == mapisvc_inf_section_at(inf, 1));
    CHECK(mapisvc_inf_section(inf, "sErViCeS") == mapisvc_inf_section_at(inf, 0));
    CHECK(mapisvc_inf_section(inf, "nope") == NULL);
    CHECK_INT(s->count, 2);
    CHECK_STR(s->entries[0].key, "Providers");
    CHECK_STR(s->entries[0].value, "P1 ,P2,, P3 ,");
    CHECK_INT(s->entries[0].line, 5);
    CHECK_INT(s->entries[0].kind, MAPISVC_ENTRY_PROVIDERS);
    CHECK_STR(mapisvc_section_value(s, "PR_DISPLAY_NAME"), "Spaced  Name");
    e = mapisvc_section_find(s, "PROVIDERS");
    CHECK(e == &s->entries[0]);
    CHECK_INT(s->entries[1].kind, MAPISVC_ENTRY_PROPERTY);
    CHECK_INT(s->entries[1].tag, 0x3001001E);
    CHECK(s->entries[1].ok);

    /* list split: trimmed, empty items dropped */
    CHECK_INT(s->providers.count, 3);
    CHECK_STR(s->providers.items[0], "P1");
    CHECK_STR(s->providers.items[1], "P2");
    CHECK_STR(s->providers.items[2], "P3");
    CHECK_INT(s->sections.count, 0);

    CHECK(s->roles & MAPISVC_ROLE_SERVICE);
    CHECK(mapisvc_inf_section(inf, "p2")->roles & MAPISVC_ROLE_PROVIDER);
    CHECK(mapisvc_inf_section(inf, "services")->roles & MAPISVC_ROLE_LIST);

    /* the empty provider sections each lack DLL name and resource type */
    CHECK_DIAG(inf, 7, "no PR_PROVIDER_DLL_NAME");
    CHECK_DIAG(inf, 9, "no PR_RESOURCE_TYPE");
    CHECK_INT(mapisvc_inf_diag_count(inf), 6);

    CHECK_INT(mapisvc_inf_services(inf, &e), 1);
    CHECK_STR(e[0].key, "Svc");
    CHECK_STR(e[0].value, "The Service");
    CHECK_INT(e[0].kind, MAPISVC_ENTRY_LIST_ITEM);
    mapisvc_inf_free(inf);
}

static void test_sample_file(void)
{
    size_t len = 0, n, i;
    char *data = read_file("sample.inf", &len);
    mapisvc_inf *inf;
    const mapisvc_entry *e;
    const mapisvc_section *s;
    mapisvc_prop p;
    char err[200];
    static const uint8_t uid_global[16] = { 0x13, 0xDB, 0xB0, 0xC8, 0xAA, 0x05, 0x10, 0x1A,
                                            0x9B, 0xB0, 0x00, 0xAA, 0x00, 0x2F, 0xC4, 0x5A };

    if (!CHECK(data != NULL)) return;
    inf = mapisvc_inf_parse(data, len, "sample.inf");
    if (!CHECK(inf != NULL)) {
        free(data);
        return;
    }
    if (!CHECK_INT(mapisvc_inf_diag_count(inf), 0)) dump_diags(inf);

    n = mapisvc_inf_services(inf, &e);
    CHECK_INT(n, 3);
    CHECK_STR(e[0].key, "AB");
    CHECK_STR(e[0].value, "Default Address Book");
    CHECK_INT(e[0].line, 7);
    CHECK_STR(e[1].key, "MsgService");
    CHECK_STR(e[2].value, "Sample Message Store");
    CHECK_INT(mapisvc_inf_default_services(inf, &e), 1);
    CHECK_STR(e[0].key, "AB");
    CHECK_INT(mapisvc_inf_help_files(inf, &e), 1);
    CHECK_STR(e[0].key, "MAPI");
    CHECK_STR(e[0].value, "MAPI.HLP");

    s = mapisvc_inf_section(inf, "msgservice");
    if (!CHECK(s != NULL)) goto out;
    CHECK_INT(s->line, 25);
    CHECK_INT(s->providers.count, 3);
    CHECK_STR(s->providers.items[1], "MsgService Prov2");
    CHECK_INT(s->sections.count, 2);
    CHECK_STR(s->sections.items[0], "First_Special_Section");
    CHECK_STR(s->sections.items[1], "Second_Special_Section");
    CHECK_STR(mapisvc_section_value(s, "WIZARD_ENTRY_NAME"), "MyWizardEntry");
    CHECK_INT(mapisvc_section_find(s, "wizard_entry_name")->kind, MAPISVC_ENTRY_WIZARD);
    CHECK_INT(mapisvc_section_find(s, "WIZARD_ENTRY_NAME")->line, 34);

    /* every property line in every section converts */
    for (i = 0; i < mapisvc_inf_section_count(inf); i++) {
        const mapisvc_section *t = mapisvc_inf_section_at(inf, i);
        size_t j;
        for (j = 0; j < t->count; j++) {
            if (t->entries[j].kind != MAPISVC_ENTRY_PROPERTY) continue;
            CHECK(t->entries[j].ok);
            if (CHECK(mapisvc_entry_convert(&t->entries[j], &p, err, sizeof(err)) == 0)) {
                CHECK_INT(p.tag, t->entries[j].tag);
                mapisvc_prop_free(&p);
            } else {
                fprintf(stderr, "    line %u: %s\n", t->entries[j].line, err);
            }
        }
    }

    /* flags with spaces around '|' */
    CHECK(mapisvc_entry_convert(mapisvc_section_find(s, "PR_RESOURCE_FLAGS"), &p, err, 200) == 0);
    CHECK_INT(p.tag, 0x30090003);
    CHECK_INT(p.v.l, 0x22);
    mapisvc_prop_free(&p);

    /* multi-valued support files */
    CHECK(mapisvc_entry_convert(mapisvc_section_find(s, "PR_SERVICE_SUPPORT_FILES"), &p, err, 200) == 0);
    CHECK_INT(p.tag, 0x3D0F101E);
    CHECK_INT(p.kind, MAPISVC_PROP_MV_STRING);
    CHECK_INT(p.v.mvstr.count, 3);
    CHECK_STR(p.v.mvstr.items[0], "MYSERV.DLL");
    CHECK_STR(p.v.mvstr.items[2], "MYZZZ.DLL");
    mapisvc_prop_free(&p);

    /* extra sections: UID and little-endian hex longs */
    s = mapisvc_inf_section(inf, "First_Special_Section");
    if (!CHECK(s != NULL)) goto out;
    CHECK(s->roles & MAPISVC_ROLE_EXTRA);
    CHECK(s->has_uid);
    CHECK(memcmp(s->uid, uid_global, 16) == 0);
    CHECK_INT(mapisvc_section_find(s, "UID")->kind, MAPISVC_ENTRY_UID);
    CHECK(mapisvc_entry_convert(mapisvc_section_find(s, "66000003"), &p, err, 200) == 0);
    CHECK_INT(p.tag, 0x66000003);
    CHECK_INT(p.v.l, 0x400);
    mapisvc_prop_free(&p);
    CHECK(mapisvc_entry_convert(mapisvc_section_find(s, "66010003"), &p, err, 200) == 0);
    CHECK_INT(p.v.l, 6);
    mapisvc_prop_free(&p);

    s = mapisvc_inf_section(inf, "Second_Special_Section");
    CHECK(s && s->has_uid && s->uid[0] == 0x00 && s->uid[15] == 0xFF);
    CHECK(mapisvc_entry_convert(mapisvc_section_find(s, "6600001E"), &p, err, 200) == 0);
    CHECK_INT(p.tag, 0x6600001E);
    CHECK_STR(p.v.str, "C:\\path\\file.txt");
    mapisvc_prop_free(&p);

    /* provider sections */
    s = mapisvc_inf_section(inf, "MsgService Prov1");
    CHECK(s && (s->roles & MAPISVC_ROLE_PROVIDER));
    CHECK(mapisvc_entry_convert(mapisvc_section_find(s, "PR_MDB_PROVIDER"), &p, err, 200) == 0);
    CHECK_INT(p.tag, 0x34140102);
    CHECK_INT(p.v.bin.len, 16);
    CHECK(memcmp(p.v.bin.data, uid_mdb, 16) == 0);
    mapisvc_prop_free(&p);
    CHECK(mapisvc_entry_convert(mapisvc_section_find(s, "PR_RESOURCE_TYPE"), &p, err, 200) == 0);
    CHECK_INT(p.v.l, 33);
    mapisvc_prop_free(&p);

    s = mapisvc_inf_section(inf, "MsgService Prov3");
    CHECK(mapisvc_entry_convert(mapisvc_section_find(s, "PR_RESOURCE_TYPE"), &p, err, 200) == 0);
    CHECK_INT(p.v.l, 35); /* 23000000 little-endian */
    mapisvc_prop_free(&p);

    s = mapisvc_inf_section(inf, "MS Provider");
    CHECK_STR(mapisvc_section_value(s, "PR_PROVIDER_DLL_NAME"), "C:\\Program Files\\Sample\\MSSTORE.DLL");
    CHECK(mapisvc_entry_convert(mapisvc_section_find(s, "PR_DEFAULT_STORE"), &p, err, 200) == 0);
    CHECK_INT(p.kind, MAPISVC_PROP_BOOLEAN);
    CHECK_INT(p.v.b, 1);
    mapisvc_prop_free(&p);
    CHECK(mapisvc_entry_convert(mapisvc_section_find(s, "PR_PROVIDER_UID"), &p, err, 200) == 0);
    CHECK_INT(p.v.bin.len, 16);
    CHECK_INT(p.v.bin.data[4], 0xf9);
    mapisvc_prop_free(&p);

out:
    mapisvc_inf_free(inf);
    free(data);
}

/* Every prefix of the sample (a truncated file) parses without harm. */
static void test_truncated(void)
{
    size_t len = 0, cut, bad = 0;
    char *data = read_file("sample.inf", &len);
    mapisvc_inf *inf;

    if (!CHECK(data != NULL)) return;
    for (cut = 0; cut <= len; cut++) {
        char *copy = malloc(cut ? cut : 1); /* exact size: ASan sees any overread */
        if (cut) memcpy(copy, data, cut);
        inf = mapisvc_inf_parse(copy, cut, "cut.inf");
        if (!inf) bad++;
        mapisvc_inf_free(inf);
        free(copy);
    }
    CHECK_INT(bad, 0);

    /* cut in the middle of a header: reported, earlier sections intact */
    {
        const char *hdr = strstr(data, "[AB Provider]");
        size_t at = (size_t)(hdr - data) + 5;
        inf = mapisvc_inf_parse(data, at, "cut.inf");
        CHECK_DIAG(inf, 48, "not closed");
        CHECK(mapisvc_inf_section(inf, "Second_Special_Section") != NULL);
        CHECK(mapisvc_inf_section(inf, "Second_Special_Section")->has_uid);
        CHECK_DIAG(inf, 19, "missing section [AB Provider]");
        mapisvc_inf_free(inf);
    }
    /* cut in the middle of a value: value is what is left */
    {
        const char *v = strstr(data, "PR_MDB_PROVIDER=78b2");
        size_t at = (size_t)(v - data) + strlen("PR_MDB_PROVIDER=78b2f");
        inf = mapisvc_inf_parse(data, at, "cut.inf");
        CHECK_DIAG(inf, 62, "odd number of hex digits");
        mapisvc_inf_free(inf);
    }
    free(data);
}

static void test_malformed_file(void)
{
    size_t len = 0;
    char *data = read_file("malformed.inf", &len);
    mapisvc_inf *inf;
    const mapisvc_section *s;

    if (!CHECK(data != NULL)) return;
    inf = mapisvc_inf_parse(data, len, "malformed.inf");
    if (!CHECK(inf != NULL)) {
        free(data);
        return;
    }
    CHECK_DIAG(inf, 3, "before any [section]");
    CHECK_DIAG(inf, 6, "'Missing' has no [Missing] section");
    CHECK_DIAG(inf, 9, "has no [Extra] section");
    CHECK_DIAG(inf, 9, "not listed in [Services]");
    CHECK_DIAG(inf, 11, "missing section [Absent Provider]");
    CHECK_DIAG(inf, 12, "missing section [Absent Extra]");
    CHECK_DIAG(inf, 14, "unknown constant 'SERVICE_BOGUS'");
    CHECK_DIAG(inf, 15, "duplicate key 'PR_RESOURCE_FLAGS'");
    CHECK_DIAG(inf, 17, "no '='");
    CHECK_DIAG(inf, 18, "empty key");
    CHECK_DIAG(inf, 19, "unknown property name 'PR_NOT_A_PROPERTY'");
    CHECK_DIAG(inf, 20, "unknown key 'NotAKey'");
    CHECK_DIAG(inf, 21, "needs exactly 8 digits");
    CHECK_DIAG(inf, 22, "bad hex digit 'g'");
    CHECK_DIAG(inf, 23, "odd number of hex digits (3)");
    CHECK_DIAG(inf, 24, "computed by MAPI");
    CHECK_DIAG(inf, 25, "already set on line 13");
    CHECK_DIAG(inf, 26, "no Providers= entry");
    CHECK_DIAG(inf, 29, "odd number of hex digits (31)");
    CHECK_DIAG(inf, 30, "out of range");
    CHECK_DIAG(inf, 35, "not a MAPI_* resource type");
    CHECK_DIAG(inf, 36, "MAPIUID");
    CHECK_DIAG(inf, 37, "expected TRUE, FALSE");
    CHECK_DIAG(inf, 38, "not closed");
    CHECK_DIAG(inf, 40, "empty section name");
    CHECK_DIAG(inf, 42, "duplicate section [Good Provider] (first on line 31)");
    CHECK_DIAG(inf, 45, "not a service listed in [Services]");
    /* nothing else: lines that are fine produce nothing */
    CHECK_INT(diags_on_line(inf, 13), 0);
    CHECK_INT(diags_on_line(inf, 16), 0);
    CHECK_INT(diags_on_line(inf, 31), 0);
    CHECK_INT(diags_on_line(inf, 39), 0); /* skipped silently after the broken header */
    CHECK_INT(diags_on_line(inf, 41), 0);
    CHECK_INT(diags_on_line(inf, 47), 0);
    if (!CHECK_INT(mapisvc_inf_diag_count(inf), 27)) dump_diags(inf);

    /* diagnostics come sorted by line and name the file */
    {
        size_t i;
        for (i = 1; i < mapisvc_inf_diag_count(inf); i++)
            CHECK(mapisvc_inf_diag(inf, i - 1)->line <= mapisvc_inf_diag(inf, i)->line);
        CHECK_STR(mapisvc_inf_diag(inf, 0)->file, "malformed.inf");
    }

    /* the rest still works */
    s = mapisvc_inf_section(inf, "Good");
    CHECK(s && s->providers.count == 2);
    CHECK_STR(mapisvc_section_value(s, "PR_DISPLAY_NAME"), "Good Service");
    CHECK(mapisvc_section_find(s, "PR_SERVICE_SUPPORT_FILES")->ok);
    CHECK(!mapisvc_section_find(s, "PR_RESOURCE_FLAGS")->ok);
    CHECK(!mapisvc_section_find(s, "3001001f")->ok);
    CHECK(mapisvc_section_find(s, "PR_DISPLAY_NAME")->ok);
    s = mapisvc_inf_section(inf, "Good Provider");
    CHECK(s != NULL && s->count == 7); /* merged duplicate section */
    CHECK_STR(mapisvc_section_value(s, "PR_RESOURCE_FLAGS"), "STATUS_DEFAULT_STORE");
    CHECK_INT(mapisvc_section_find(s, "PR_RESOURCE_FLAGS")->line, 43);
    CHECK(mapisvc_inf_section(inf, "Broken Header") == NULL);
    CHECK_STR(mapisvc_section_value(mapisvc_inf_section(inf, "Last"), "PR_DISPLAY_NAME"), "Still parsed");
    CHECK(!mapisvc_inf_section(inf, "Good Extra")->has_uid);
    CHECK(!mapisvc_section_find(mapisvc_inf_section(inf, "Good Extra"), "UID")->ok);
    mapisvc_inf_free(inf);
    free(data);
}

static void test_line_endings(void)
{
    static const char *variants[] = {
        "[Services]\nS=Svc\n[S]\nProviders=P\n[P]\nPR_PROVIDER_DLL_NAME=P.DLL\nbad line\n"
        "PR_RESOURCE_TYPE=MAPI_AB_PROVIDER\n",
        "[Services]\r\nS=Svc\r\n[S]\r\nProviders=P\r\n[P]\r\nPR_PROVIDER_DLL_NAME=P.DLL\r\nbad line\r\n"
        "PR_RESOURCE_TYPE=MAPI_AB_PROVIDER\r\n",
        "[Services]\rS=Svc\r[S]\rProviders=P\r[P]\rPR_PROVIDER_DLL_NAME=P.DLL\rbad line\r"
        "PR_RESOURCE_TYPE=MAPI_AB_PROVIDER",
        "\xEF\xBB\xBF[Services]\r\nS=Svc\n[S]\r\nProviders=P\n[P]\r\nPR_PROVIDER_DLL_NAME=P.DLL\r\n"
        "bad line\r\nPR_RESOURCE_TYPE=MAPI_AB_PROVIDER",
    };
    size_t i;
    for (i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
        mapisvc_inf *inf = parse_str(variants[i]);
        const mapisvc_section *s = mapisvc_inf_section(inf, "P");
        CHECK_INT(mapisvc_inf_section_count(inf), 3);
        CHECK_STR(mapisvc_inf_section_at(inf, 0)->name, "Services");
        CHECK(s && s->count == 2);
        CHECK_STR(mapisvc_section_value(s, "PR_PROVIDER_DLL_NAME"), "P.DLL");
        CHECK_INT(mapisvc_section_find(s, "PR_RESOURCE_TYPE")->line, 8);
        CHECK_DIAG(inf, 7, "no '='");
        CHECK_INT(mapisvc_inf_diag_count(inf), 1);
        CHECK_INT(mapisvc_inf_encoding(inf), i == 3 ? MAPISVC_ENC_UTF8 : MAPISVC_ENC_ASCII);
        mapisvc_inf_free(inf);
    }
}

static void test_encodings(void)
{
    size_t len = 0;
    char *data;
    mapisvc_inf *inf;
    const mapisvc_entry *e;

    /* UTF-16LE with BOM is transcoded to UTF-8 */
    data = read_file("utf16le-bom.inf", &len);
    if (CHECK(data != NULL)) {
        inf = mapisvc_inf_parse(data, len, "utf16le-bom.inf");
        CHECK_INT(mapisvc_inf_diag_count(inf), 0);
        CHECK_INT(mapisvc_inf_encoding(inf), MAPISVC_ENC_UTF8);
        CHECK_INT(mapisvc_inf_services(inf, &e), 1);
        CHECK_STR(e[0].value, "Unicode Service \xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80");
        CHECK_STR(mapisvc_section_value(mapisvc_inf_section(inf, "uni provider"), "PR_DISPLAY_NAME"),
                  "Caf\xC3\xA9");
        CHECK_INT(mapisvc_section_find(mapisvc_inf_section(inf, "Uni Provider"),
                                       "PR_RESOURCE_TYPE")->line, 9);
        mapisvc_inf_free(inf);
        free(data);
    }

    /* UTF-16BE, a lone surrogate and an odd trailing byte */
    {
        static const unsigned char be[] = { 0xFE, 0xFF, 0, '[', 0, 'A', 0, ']', 0, '\n',
                                            0, 'k', 0, '=', 0xD8, 0x00, 0, 'x', 0x41 };
        inf = mapisvc_inf_parse(be, sizeof(be), "be.inf");
        CHECK_STR(mapisvc_section_value(mapisvc_inf_section(inf, "A"), "k"), "\xEF\xBF\xBDx");
        CHECK_DIAG(inf, 0, "odd number of bytes");
        mapisvc_inf_free(inf);
    }

    /* Windows-1252 bytes stay as they are and are flagged ANSI */
    data = read_file("ansi-crlf.inf", &len);
    if (CHECK(data != NULL)) {
        inf = mapisvc_inf_parse(data, len, "ansi-crlf.inf");
        CHECK_INT(mapisvc_inf_diag_count(inf), 0);
        CHECK_INT(mapisvc_inf_encoding(inf), MAPISVC_ENC_ANSI);
        CHECK_INT(mapisvc_inf_services(inf, &e), 1);
        CHECK_STR(e[0].value, "Caf\xE9 Service");
        mapisvc_inf_free(inf);
        free(data);
    }

    /* UTF-8 without BOM is recognised */
    inf = parse_str("[A]\nk=Caf\xC3\xA9\n");
    CHECK_INT(mapisvc_inf_encoding(inf), MAPISVC_ENC_UTF8);
    mapisvc_inf_free(inf);
    /* overlong / surrogate encodings are not UTF-8 */
    inf = parse_str("[A]\nk=\xC0\xAF \xED\xA0\x80\n");
    CHECK_INT(mapisvc_inf_encoding(inf), MAPISVC_ENC_ANSI);
    mapisvc_inf_free(inf);
}

static void test_comments_and_headers(void)
{
    static const char text[] =
        "; leading comment\n"              /* 1 */
        "# hash comment\n"                 /* 2 */
        "[A] ; trailing comment is fine\n" /* 3 */
        "k=v ; not a comment: raw text\n"  /* 4 */
        "[B] junk\n"                       /* 5 */
        "k2=v2\n"                          /* 6 */
        "[A]\n"                            /* 7 */
        "k=again\n"                        /* 8 */
        "K3 = merged\n";                   /* 9 */
    mapisvc_inf *inf = parse_str(text);
    const mapisvc_section *a = mapisvc_inf_section(inf, "a");

    CHECK_INT(mapisvc_inf_section_count(inf), 2);
    CHECK_STR(mapisvc_section_value(a, "k"), "v ; not a comment: raw text");
    CHECK_DIAG(inf, 5, "unexpected text after section header");
    CHECK_STR(mapisvc_section_value(mapisvc_inf_section(inf, "B"), "k2"), "v2");
    CHECK_DIAG(inf, 7, "duplicate section [A] (first on line 3)");
    CHECK_DIAG(inf, 8, "duplicate key 'k' in [A] (first on line 4)");
    CHECK_STR(mapisvc_section_value(a, "k3"), "merged");
    CHECK_INT(a->count, 2);
    mapisvc_inf_free(inf);
}

static void test_nuls(void)
{
    static const char text[] =
        "[A]\n6600001e=v\nbad\0line=x\n[B]\0\n6600001e=lost\n[C]\n6600001e=c\n\0\0\0\0";
    mapisvc_inf *inf = mapisvc_inf_parse(text, sizeof(text) - 1, "nul.inf");

    CHECK_STR(mapisvc_section_value(mapisvc_inf_section(inf, "A"), "6600001E"), "v");
    CHECK_DIAG(inf, 3, "NUL");
    CHECK_DIAG(inf, 4, "NUL");
    CHECK(mapisvc_inf_section(inf, "B") == NULL);
    /* the line after a broken header does not leak into [A] */
    CHECK(mapisvc_section_find(mapisvc_inf_section(inf, "A"), "6600001e")->line == 2);
    CHECK_INT(mapisvc_inf_section(inf, "A")->count, 1);
    CHECK_STR(mapisvc_section_value(mapisvc_inf_section(inf, "C"), "6600001e"), "c");
    CHECK_DIAG(inf, 8, "NUL"); /* NUL padding at the end */
    CHECK_INT(mapisvc_inf_diag_count(inf), 3);
    mapisvc_inf_free(inf);
}

static void test_huge(void)
{
    size_t n = 100000, i;
    char *text = malloc(n + 64);
    mapisvc_inf *inf;

    /* a huge value line, then a huge header line, then normal lines */
    strcpy(text, "[A]\nk=");
    memset(text + 6, 'x', n);
    strcpy(text + 6 + n, "\nok=1\n");
    inf = parse_str(text);
    CHECK_DIAG(inf, 2, "line too long");
    CHECK_STR(mapisvc_section_value(mapisvc_inf_section(inf, "A"), "ok"), "1");
    CHECK(mapisvc_section_find(mapisvc_inf_section(inf, "A"), "k") == NULL);
    mapisvc_inf_free(inf);

    text[4] = '[';
    text[5] = 'x';
    inf = parse_str(text);
    CHECK_DIAG(inf, 2, "line too long");
    CHECK(mapisvc_section_find(mapisvc_inf_section(inf, "A"), "ok") == NULL);
    mapisvc_inf_free(inf);
    free(text);

    /* exactly the limit is fine */
    text = malloc(MAPISVC_MAX_LINE + 16);
    strcpy(text, "[A]\n");
    memset(text + 4, 'v', MAPISVC_MAX_LINE);
    memcpy(text + 4, "6600001e=", 9);
    text[4 + MAPISVC_MAX_LINE] = '\0';
    inf = parse_str(text);
    CHECK_INT(mapisvc_inf_diag_count(inf), 0);
    CHECK_INT(strlen(mapisvc_section_value(mapisvc_inf_section(inf, "A"), "6600001e")), MAPISVC_MAX_LINE - 9);
    mapisvc_inf_free(inf);
    free(text);

    /* input over the size cap: reported, the start still parsed */
    n = MAPISVC_MAX_INPUT + 100;
    text = malloc(n);
    memset(text, '\n', n);
    memcpy(text, "[A]\nk=v\n", 8);
    inf = mapisvc_inf_parse(text, n, "big.inf");
    CHECK_DIAG(inf, 0, "file larger than");
    CHECK_STR(mapisvc_section_value(mapisvc_inf_section(inf, "A"), "k"), "v");
    mapisvc_inf_free(inf);
    free(text);

    /* many bad lines: diagnostics are capped */
    n = 5000;
    text = malloc(n * 2 + 1);
    for (i = 0; i < n; i++) {
        text[2 * i] = 'x';
        text[2 * i + 1] = '\n';
    }
    inf = mapisvc_inf_parse(text, n * 2, "many.inf");
    CHECK_INT(mapisvc_inf_diag_count(inf), MAPISVC_MAX_DIAGS + 1);
    CHECK_DIAG(inf, 0, "too many problems");
    mapisvc_inf_free(inf);
    free(text);

    /* many sections and keys: hash tables grow */
    n = 3000;
    text = malloc(n * 40);
    {
        size_t o = 0;
        for (i = 0; i < n; i++)
            o += (size_t)sprintf(text + o, "[S%lu]\nk%lu=%lu\n", (unsigned long)i,
                                 (unsigned long)i, (unsigned long)i);
        for (i = 0; i < n; i++)
            o += (size_t)sprintf(text + o, "K%lu=dup\n", (unsigned long)i);
        inf = mapisvc_inf_parse(text, o, "many.inf");
    }
    CHECK_INT(mapisvc_inf_section_count(inf), n);
    CHECK_STR(mapisvc_section_value(mapisvc_inf_section(inf, "s2999"), "k2999"), "2999");
    CHECK_INT(mapisvc_inf_section(inf, "S2999")->count, n - 1 + 1);
    CHECK_DIAG(inf, 2 * (unsigned)n + 3000, "duplicate key 'K2999'");
    mapisvc_inf_free(inf);
    free(text);
}

static void test_convert_strings(void)
{
    mapisvc_prop p;
    char err[200];

    CHECK(conv("PR_DISPLAY_NAME", "  Hello World  ", &p, err) == 0);
    CHECK_INT(p.tag, 0x3001001E);
    CHECK_INT(p.kind, MAPISVC_PROP_STRING);
    CHECK_STR(p.v.str, "Hello World");
    mapisvc_prop_free(&p);

    CHECK(conv("pr_display_name_w", "\"Quoted\"", &p, err) == 0);
    CHECK_INT(p.tag, 0x3001001F);
    CHECK_STR(p.v.str, "Quoted");
    mapisvc_prop_free(&p);

    CHECK(conv("PR_PROVIDER_DISPLAY_A", "\"", &p, err) == 0);
    CHECK_INT(p.tag, 0x3006001E);
    CHECK_STR(p.v.str, "\"");
    mapisvc_prop_free(&p);

    CHECK(conv("PR_SERVICE_DLL_NAME", "", &p, err) == 0);
    CHECK_STR(p.v.str, "");
    mapisvc_prop_free(&p);

    CHECK(conv("6601001F", "wide", &p, err) == 0);
    CHECK_INT(p.tag, 0x6601001F);
    CHECK_STR(p.v.str, "wide");
    mapisvc_prop_free(&p);

    /* multi-valued */
    CHECK(conv("PR_SERVICE_DELETE_FILES_W", " a.dll ,b.dll,, c.dll,", &p, err) == 0);
    CHECK_INT(p.tag, 0x3D10101F);
    CHECK_INT(p.v.mvstr.count, 3);
    CHECK_STR(p.v.mvstr.items[0], "a.dll");
    CHECK_STR(p.v.mvstr.items[1], "b.dll");
    CHECK_STR(p.v.mvstr.items[2], "c.dll");
    mapisvc_prop_free(&p);

    CHECK(conv("PR_SERVICE_SUPPORT_FILES", "", &p, err) == 0);
    CHECK_INT(p.v.mvstr.count, 0);
    mapisvc_prop_free(&p);

    /* names that exist but not with a suffix */
    check_fail("PR_SERVICE_ENTRY_NAME_W", "x", "unknown property name", __LINE__);
    check_fail("PR_RESOURCE_FLAGS_A", "1", "unknown property name", __LINE__);
}

static void test_convert_longs(void)
{
    check_long("PR_RESOURCE_FLAGS", "SERVICE_SINGLE_COPY", 2, __LINE__);
    check_long("PR_RESOURCE_FLAGS", "SERVICE_SINGLE_COPY | SERVICE_NO_PRIMARY_IDENTITY", 0x22, __LINE__);
    check_long("PR_RESOURCE_FLAGS", "SERVICE_SINGLE_COPY|SERVICE_NO_PRIMARY_IDENTITY", 0x22, __LINE__);
    check_long("PR_RESOURCE_FLAGS", "  service_default_store |\tSERVICE_primary_IDENTITY  ", 9, __LINE__);
    check_long("PR_RESOURCE_FLAGS", "STATUS_DEFAULT_STORE|STATUS_PRIMARY_STORE|STATUS_SECONDARY_STORE",
               0x3002, __LINE__);
    check_long("PR_RESOURCE_FLAGS", "HOOK_INBOUND | HOOK_OUTBOUND", 0x600, __LINE__);
    check_long("PR_RESOURCE_FLAGS", "STATUS_NEED_IPM_TREE|STATUS_OWN_STORE|STATUS_TEMP_SECTION", 0x980, __LINE__);
    check_long("PR_STATUS_CODE", "STATUS_AVAILABLE | STATUS_INBOUND_ENABLED", 0x10001, __LINE__);
    check_long("PR_RESOURCE_METHODS", "STATUS_SETTINGS_DIALOG|STATUS_FLUSH_QUEUES", 0xA, __LINE__);
    check_long("PR_RESOURCE_TYPE", "MAPI_STORE_PROVIDER", 33, __LINE__);
    check_long("PR_RESOURCE_TYPE", "MAPI_AB", 34, __LINE__);
    check_long("PR_RESOURCE_TYPE", "MAPI_AB_PROVIDER", 35, __LINE__);
    check_long("PR_RESOURCE_TYPE", "MAPI_TRANSPORT_PROVIDER", 36, __LINE__);
    check_long("PR_RESOURCE_TYPE", "MAPI_SPOOLER", 37, __LINE__);
    check_long("PR_RESOURCE_TYPE", "MAPI_PROFILE_PROVIDER", 38, __LINE__);
    check_long("PR_RESOURCE_TYPE", "MAPI_SUBSYSTEM", 39, __LINE__);
    check_long("PR_RESOURCE_TYPE", "MAPI_HOOK_PROVIDER", 40, __LINE__);

    /* 8 hex digits are a little-endian byte image */
    check_long("66090003", "06000000", 6, __LINE__);
    check_long("66090003", "00040000", 0x400, __LINE__);
    check_long("66090003", "01020304", 0x04030201, __LINE__);
    check_long("66090003", "FFFFFFFF", -1, __LINE__);
    check_long("66090003", "00000080", INT32_MIN, __LINE__);
    check_long("66090003", "deadBEEF", (int32_t)(0xEFBEADDEu - 0x80000000u) - INT32_MAX - 1, __LINE__);
    check_long("66090003", "00000000", 0, __LINE__);
    /* decimal and 0x */
    check_long("66090003", "0", 0, __LINE__);
    check_long("66090003", "42", 42, __LINE__);
    check_long("66090003", "+7", 7, __LINE__);
    check_long("66090003", "-1", -1, __LINE__);
    check_long("66090003", "4294967295", -1, __LINE__);
    check_long("66090003", "2147483648", INT32_MIN, __LINE__);
    check_long("66090003", "-2147483648", INT32_MIN, __LINE__);
    check_long("66090003", "0x10", 16, __LINE__);
    check_long("66090003", "0XfFfFfFfF", -1, __LINE__);
    check_long("66090003", "SERVICE_SINGLE_COPY | 0x100 | 1", 0x103, __LINE__);
    check_long("PR_PROVIDER_ORDINAL", "3", 3, __LINE__);
    /* PT_I2 */
    check_long("66100002", "-2", -2, __LINE__);
    check_long("66100002", "ffff", -1, __LINE__);
    check_long("66100002", "3412", 0x1234, __LINE__);
    check_long("66100002", "65535", -1, __LINE__);
    check_long("66100002", "32767", 32767, __LINE__);

    check_fail("66090003", "4294967296", "out of range", __LINE__);
    check_fail("66090003", "-2147483649", "out of range", __LINE__);
    check_fail("66090003", "99999999999999999999999", "out of range", __LINE__);
    check_fail("66090003", "0600000", "exactly 8 digits", __LINE__);
    check_fail("66090003", "060000000", "exactly 8 digits", __LINE__);
    check_fail("66090003", "12a", "bad decimal", __LINE__);
    check_fail("66090003", "0x", "exactly 8 digits", __LINE__);
    check_fail("66090003", "0x123456789", "bad 0x hex", __LINE__);
    check_fail("66090003", "0xg", "bad 0x hex", __LINE__);
    check_fail("66090003", "-", "not a number", __LINE__);
    check_fail("66090003", "-SERVICE_SINGLE_COPY", "not a number", __LINE__);
    check_fail("66090003", "", "empty value", __LINE__);
    check_fail("66090003", "   ", "empty value", __LINE__);
    check_fail("PR_RESOURCE_FLAGS", "SERVICE_SINGLE_COPY ||SERVICE_DEFAULT_STORE", "empty term", __LINE__);
    check_fail("PR_RESOURCE_FLAGS", "SERVICE_SINGLE_COPY |", "empty term", __LINE__);
    check_fail("PR_RESOURCE_FLAGS", "SERVICE_SINGLE_COPY + SERVICE_DEFAULT_STORE", "unknown constant", __LINE__);
    check_fail("PR_RESOURCE_FLAGS", "SERVICE_NOPE", "unknown constant 'SERVICE_NOPE'", __LINE__);
    check_fail("66100002", "70000", "out of range", __LINE__);
    check_fail("66100002", "-32769", "out of range", __LINE__);
    check_fail("PR_RESOURCE_TYPE", "SERVICE_SINGLE_COPY", "not a MAPI_* resource type", __LINE__);
    check_fail("PR_RESOURCE_TYPE", "MAPI_AB | MAPI_HOOK_PROVIDER", "not a MAPI_* resource type", __LINE__);
}

static void test_convert_other_types(void)
{
    mapisvc_prop p;
    char err[200];

    /* booleans */
    {
        static const struct { const char *v; int want; } b[] = {
            { "TRUE", 1 }, { "true", 1 }, { "1", 1 }, { "FALSE", 0 }, { "False", 0 }, { "0", 0 },
            { "01000000", 1 }, { "00000000", 0 },
        };
        size_t i;
        for (i = 0; i < sizeof(b) / sizeof(b[0]); i++) {
            if (CHECK(conv("PR_DEFAULT_STORE", b[i].v, &p, err) == 0)) {
                CHECK_INT(p.kind, MAPISVC_PROP_BOOLEAN);
                CHECK_INT(p.tag, 0x3400000B);
                CHECK_INT(p.v.b, b[i].want);
                mapisvc_prop_free(&p);
            }
        }
    }
    check_fail("PR_DEFAULT_STORE", "2", "expected TRUE", __LINE__);
    check_fail("6612000b", "yes", "expected TRUE", __LINE__);

    /* PT_I8 */
    CHECK(conv("66110014", "0100000000000000", &p, err) == 0);
    CHECK_INT(p.kind, MAPISVC_PROP_I8);
    CHECK_INT(p.v.i8, 1);
    CHECK(conv("66110014", "9223372036854775807", &p, err) == 0);
    CHECK(p.v.i8 == INT64_MAX);
    CHECK(conv("66110014", "-9223372036854775808", &p, err) == 0);
    CHECK(p.v.i8 == INT64_MIN);
    CHECK(conv("66110014", "18446744073709551615", &p, err) == 0);
    CHECK(p.v.i8 == -1);
    check_fail("66110014", "-9223372036854775809", "out of range", __LINE__);
    check_fail("66110014", "SERVICE_SINGLE_COPY", "not a number", __LINE__);

    /* binary */
    CHECK(conv("PR_MDB_PROVIDER", "78b2fa70aff711cd9bc800aa002fc45a", &p, err) == 0);
    CHECK_INT(p.tag, 0x34140102);
    CHECK_INT(p.kind, MAPISVC_PROP_BINARY);
    CHECK(p.v.bin.len == 16 && memcmp(p.v.bin.data, uid_mdb, 16) == 0);
    mapisvc_prop_free(&p);
    CHECK(conv("PR_MDB_PROVIDER", " 78 B2 FA 70\tAF F7 11 CD 9B C8 00 AA 00 2F C4 5A ", &p, err) == 0);
    CHECK(p.v.bin.len == 16 && memcmp(p.v.bin.data, uid_mdb, 16) == 0);
    mapisvc_prop_free(&p);
    CHECK(conv("66000102", "", &p, err) == 0);
    CHECK_INT(p.v.bin.len, 0);
    mapisvc_prop_free(&p);
    CHECK(conv("66000102", "0aFF", &p, err) == 0);
    CHECK(p.v.bin.len == 2 && p.v.bin.data[0] == 0x0A && p.v.bin.data[1] == 0xFF);
    mapisvc_prop_free(&p);
    check_fail("66000102", "abc", "odd number of hex digits (3)", __LINE__);
    check_fail("66000102", "0x12", "bad hex digit 'x'", __LINE__);
    check_fail("66000102", "12\x01", "bad hex digit '?' (0x01)", __LINE__);
    check_fail("PR_MDB_PROVIDER", "78b2fa70", "MAPIUID", __LINE__);
    check_fail("PR_AB_PROVIDER_ID", "", "MAPIUID", __LINE__);
    check_fail("PR_PROVIDER_UID", "78b2fa70aff711cd9bc800aa002fc45a00", "MAPIUID", __LINE__);
    CHECK(conv("PR_SERVICE_EXTRA_UIDS", "78b2fa70aff711cd9bc800aa002fc45a78b2fa70aff711cd9bc800aa002fc45a",
               &p, err) == 0);
    CHECK_INT(p.v.bin.len, 32);
    mapisvc_prop_free(&p);
    check_fail("PR_SERVICE_EXTRA_UIDS", "78b2fa70aff711cd9bc800aa002fc45a78", "whole MAPIUIDs", __LINE__);
    check_fail("PR_SERVICE_UID", "78b2fa70aff711cd9bc800aa002fc45a", "computed by MAPI", __LINE__);
    check_fail("3d0c0102", "78b2fa70aff711cd9bc800aa002fc45a", "computed by MAPI", __LINE__);

    /* CLSID */
    CHECK(conv("66070048", "00112233445566778899AABBCCDDEEFF", &p, err) == 0);
    CHECK_INT(p.kind, MAPISVC_PROP_BINARY);
    CHECK(p.v.bin.len == 16 && p.v.bin.data[15] == 0xFF);
    mapisvc_prop_free(&p);
    check_fail("66070048", "0011", "32 hex digits", __LINE__);

    /* MV long and MV binary */
    CHECK(conv("66081003", "1, SERVICE_SINGLE_COPY|SERVICE_DEFAULT_STORE ,06000000,", &p, err) == 0);
    CHECK_INT(p.kind, MAPISVC_PROP_MV_LONG);
    CHECK_INT(p.v.mvl.count, 3);
    CHECK(p.v.mvl.count == 3 && p.v.mvl.items[0] == 1 && p.v.mvl.items[1] == 3 && p.v.mvl.items[2] == 6);
    mapisvc_prop_free(&p);
    check_fail("66081003", "1, BOGUS", "unknown constant 'BOGUS'", __LINE__);
    CHECK(conv("66091102", "0102, abcd ef", &p, err) == 0);
    CHECK_INT(p.kind, MAPISVC_PROP_MV_BINARY);
    CHECK(p.v.mvbin.count == 2 && p.v.mvbin.items[1].len == 3 && p.v.mvbin.items[1].data[2] == 0xEF);
    mapisvc_prop_free(&p);
    check_fail("66091102", "0102, abc", "odd number", __LINE__);

    /* keys */
    check_fail("PR_NOPE", "1", "unknown property name 'PR_NOPE'", __LINE__);
    check_fail("pr_nope", "1", "unknown property name", __LINE__);
    check_fail("6609003", "1", "unknown key '6609003'", __LINE__);
    check_fail("0x66090003", "1", "unknown key", __LINE__);
    check_fail("66090040", "1", "unsupported property type 0x0040", __LINE__);
    check_fail("66090000", "1", "unsupported property type 0x0000", __LINE__);
    check_fail("6609000d", "1", "unsupported property type 0x000D", __LINE__);

    /* bad arguments */
    CHECK(mapisvc_convert(NULL, "x", &p, err, sizeof(err)) == -1);
    CHECK(mapisvc_convert("PR_DISPLAY_NAME", NULL, &p, err, sizeof(err)) == -1);
    CHECK(mapisvc_convert("PR_DISPLAY_NAME", "x", NULL, err, sizeof(err)) == -1);
    CHECK(mapisvc_convert("PR_NOPE", "x", &p, NULL, 0) == -1);
    CHECK(mapisvc_entry_convert(NULL, &p, err, sizeof(err)) == -1);
    {
        char tiny[4];
        CHECK(mapisvc_convert("PR_NOPE", "x", &p, tiny, sizeof(tiny)) == -1);
        CHECK_INT(strlen(tiny), 3);
    }
    mapisvc_prop_free(NULL);
}

static void test_names(void)
{
    uint32_t v = 0;

    CHECK(mapisvc_prop_tag_from_name("PR_DISPLAY_NAME", &v) == 0 && v == 0x3001001E);
    CHECK(mapisvc_prop_tag_from_name("PR_PROVIDER_DISPLAY", &v) == 0 && v == 0x3006001E);
    CHECK(mapisvc_prop_tag_from_name("PR_PROVIDER_DLL_NAME", &v) == 0 && v == 0x300A001E);
    CHECK(mapisvc_prop_tag_from_name("PR_SERVICE_DLL_NAME", &v) == 0 && v == 0x3D0A001E);
    CHECK(mapisvc_prop_tag_from_name("PR_SERVICE_ENTRY_NAME", &v) == 0 && v == 0x3D0B001E);
    CHECK(mapisvc_prop_tag_from_name("PR_SERVICE_SUPPORT_FILES", &v) == 0 && v == 0x3D0F101E);
    CHECK(mapisvc_prop_tag_from_name("PR_SERVICE_DELETE_FILES", &v) == 0 && v == 0x3D10101E);
    CHECK(mapisvc_prop_tag_from_name("PR_RESOURCE_TYPE", &v) == 0 && v == 0x3E030003);
    CHECK(mapisvc_prop_tag_from_name("PR_RESOURCE_FLAGS", &v) == 0 && v == 0x30090003);
    CHECK(mapisvc_prop_tag_from_name("PR_MDB_PROVIDER", &v) == 0 && v == 0x34140102);
    CHECK(mapisvc_prop_tag_from_name("PR_AB_PROVIDER_ID", &v) == 0 && v == 0x36150102);
    CHECK(mapisvc_prop_tag_from_name("PR_SERVICE_INSTALL_ID", &v) == 0 && v == 0x3D13001E);
    CHECK(mapisvc_prop_tag_from_name("PR_PROVIDER_UID", &v) == 0 && v == 0x300C0102);
    CHECK(mapisvc_prop_tag_from_name("PR_SERVICE_EXTRA_UIDS", &v) == 0 && v == 0x3D0D0102);
    CHECK(mapisvc_prop_tag_from_name("PR_SERVICE_NAME", &v) == 0 && v == 0x3D09001E);
    CHECK(mapisvc_prop_tag_from_name("PR_SERVICE_NAME_W", &v) == 0 && v == 0x3D09001F);
    CHECK(mapisvc_prop_tag_from_name("PR_DEFAULT_STORE", &v) == 0 && v == 0x3400000B);
    CHECK(mapisvc_prop_tag_from_name("PR_DISPLAY_NAME_X", &v) != 0);
    CHECK(mapisvc_prop_tag_from_name("PR_DISPLAY_NAM", &v) != 0);
    CHECK(mapisvc_prop_tag_from_name(NULL, &v) != 0);

    CHECK_STR(mapisvc_prop_tag_name(0x3001001F), "PR_DISPLAY_NAME");
    CHECK_STR(mapisvc_prop_tag_name(0x3D0F101E), "PR_SERVICE_SUPPORT_FILES");
    CHECK_STR(mapisvc_prop_tag_name(0x3E030003), "PR_RESOURCE_TYPE");
    CHECK(mapisvc_prop_tag_name(0x3E030102) == NULL);
    CHECK(mapisvc_prop_tag_name(0x3D0B001F) == NULL);
    CHECK(mapisvc_prop_tag_name(0x66000003) == NULL);

    CHECK(mapisvc_symbol_value("SERVICE_NO_PRIMARY_IDENTITY", &v) == 0 && v == 0x20);
    CHECK(mapisvc_symbol_value("STATUS_SECONDARY_STORE", &v) == 0 && v == 0x2000);
    CHECK(mapisvc_symbol_value("MAPI_HOOK_PROVIDER", &v) == 0 && v == 40);
    CHECK(mapisvc_symbol_value("SERVICE", &v) != 0);
    CHECK(mapisvc_symbol_value(NULL, &v) != 0);
}

static void test_lists(void)
{
    mapisvc_list l;
    CHECK(mapisvc_split_list(" a , b ,c", &l) == 0);
    CHECK_INT(l.count, 3);
    CHECK_STR(l.items[2], "c");
    mapisvc_list_free(&l);
    CHECK(l.count == 0 && l.items == NULL);
    CHECK(mapisvc_split_list("", &l) == 0);
    CHECK_INT(l.count, 0);
    mapisvc_list_free(&l);
    CHECK(mapisvc_split_list(" , ,, ", &l) == 0);
    CHECK_INT(l.count, 0);
    mapisvc_list_free(&l);
    CHECK(mapisvc_split_list(NULL, &l) == 0);
    CHECK_INT(l.count, 0);
    mapisvc_list_free(&l);
    CHECK(mapisvc_split_list("x", NULL) == -1);
    mapisvc_list_free(NULL);
}

static void test_service_checks(void)
{
    static const char text[] =
        "[Services]\n"                     /* 1 */
        "A=Service A\n"                    /* 2 */
        "B=Service B\n"                    /* 3 */
        "[A]\n"                            /* 4 */
        "Providers=\n"                     /* 5 */
        "[B]\n"                            /* 6 */
        "Providers=PB\n"                   /* 7 */
        "Sections=XB\n"                    /* 8 */
        "[PB]\n"                           /* 9 */
        "PR_PROVIDER_DLL_NAME=pb.dll\n"    /* 10 */
        "PR_RESOURCE_TYPE=MAPI_AB_PROVIDER\n" /* 11 */
        "Sections=NotHere\n"               /* 12 */
        "[XB]\n"                           /* 13 */
        "UID=00112233445566778899aabbccddeef\n"  /* 14: 31 digits */
        "UID=00112233445566778899aabbccddeeff\n" /* 15: duplicate key, dropped */
        "PR_DISPLAY_NAME=x\n"              /* 16 */
        "PR_DISPLAY_NAME_W=y\n"            /* 17: same property id */
        "3001001E=z\n"                     /* 18: and again */
        "[Help File Mappings]\n"           /* 19 */
        "B=b.hlp\n"                        /* 20 */
        "=nothing\n";                      /* 21 */
    mapisvc_inf *inf = parse_str(text);
    const mapisvc_section *xb;

    CHECK_DIAG(inf, 5, "empty Providers= list");
    CHECK_DIAG(inf, 12, "not a service listed in [Services]");
    CHECK_DIAG(inf, 14, "odd number of hex digits (31)");
    CHECK_DIAG(inf, 15, "duplicate key 'UID'");
    CHECK_DIAG(inf, 17, "already set on line 16");
    CHECK_DIAG(inf, 18, "already set on line 16");
    CHECK_DIAG(inf, 21, "empty key");
    CHECK_INT(mapisvc_inf_diag_count(inf), 7);
    xb = mapisvc_inf_section(inf, "XB");
    CHECK(xb && (xb->roles & MAPISVC_ROLE_EXTRA) && !xb->has_uid);
    CHECK(mapisvc_section_find(xb, "PR_DISPLAY_NAME")->ok);
    CHECK(!mapisvc_section_find(xb, "PR_DISPLAY_NAME_W")->ok);
    CHECK_INT(mapisvc_section_find(xb, "PR_DISPLAY_NAME_W")->tag, 0x3001001F);
    CHECK(!mapisvc_section_find(xb, "3001001e")->ok);
    mapisvc_inf_free(inf);

    /* diag_format */
    inf = parse_str("[A]\nno equals\n");
    {
        char buf[200];
        mapisvc_diag_format(mapisvc_inf_diag(inf, 0), buf, sizeof(buf));
        CHECK_STR(buf, "test.inf:2: expected key=value: no '=' in line");
        CHECK(mapisvc_diag_format(mapisvc_inf_diag(inf, 0), buf, 5) > 5);
        CHECK_STR(buf, "test");
    }
    mapisvc_inf_free(inf);

    /* default filename */
    inf = mapisvc_inf_parse("x", 1, NULL);
    CHECK_STR(mapisvc_inf_diag(inf, 0)->file, "MAPISVC.INF");
    mapisvc_inf_free(inf);
}

/* Inputs the fuzzer found or that once went wrong, kept as regressions. */
static void test_regressions(void)
{
    static const char *cases[] = {
        "[",
        "]",
        "=",
        "[]]",
        "[a]\n=",
        "[a]\nProviders=,,,",
        "[Services]\na=b\n[a]\nProviders=a\n",       /* a service that is its own provider */
        "[Services]\nServices=x\n",                 /* list section named by itself */
        "[a]\nUID=",
        "[a]\nk=\"",
        "\r",
        "\r\r\n\n\r",
        "\xFF\xFE",
        "\xFE\xFF\x00",
        "\xEF\xBB",
        "\xEF\xBB\xBF",
        "[a]\n66090003=||",
        "[a]\n66091102=,",
        "[a]\n66081003=,",
    };
    size_t i;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t n = strlen(cases[i]);
        char *copy;
        mapisvc_inf *inf;
        if (i == 13) n = 3;
        copy = malloc(n ? n : 1);
        memcpy(copy, cases[i], n);
        inf = mapisvc_inf_parse(copy, n, "reg.inf");
        CHECK(inf != NULL);
        mapisvc_inf_free(inf);
        free(copy);
    }
}

static void find_datadir(const char *arg)
{
    const char *env = getenv("MAPISVC_TEST_DATA");
    const char *file = __FILE__, *slash;
    if (arg) {
        snprintf(datadir, sizeof(datadir), "%s", arg);
        return;
    }
    if (env && *env) {
        snprintf(datadir, sizeof(datadir), "%s", env);
        return;
    }
    /* <dir of this file>/../data/mapisvc */
    slash = strrchr(file, '/');
    if (!slash) slash = strrchr(file, '\\');
    if (slash)
        snprintf(datadir, sizeof(datadir), "%.*s/../data/mapisvc", (int)(slash - file), file);
    else
        snprintf(datadir, sizeof(datadir), "../data/mapisvc");
}

int main(int argc, char **argv)
{
    find_datadir(argc > 1 ? argv[1] : NULL);

    test_empty();
    test_model_basics();
    test_sample_file();
    test_truncated();
    test_malformed_file();
    test_line_endings();
    test_encodings();
    test_comments_and_headers();
    test_nuls();
    test_huge();
    test_convert_strings();
    test_convert_longs();
    test_convert_other_types();
    test_names();
    test_lists();
    test_service_checks();
    test_regressions();

    return test_report();
}
