/*
 * Native unit test for the PRF parser and writer (tools/prf_*.c), which mapiprof
 * uses for import and export.
 *
 *   gcc -std=c11 -Wall -Wextra -Werror -g -fsanitize=address,undefined -Imapi32 -Itools \
 *       tools/prf_*.c mapi32/mapisvc_inf.c mapi32/mapisvc_value.c tests/native/test_prf.c \
 *       -o /tmp/t && /tmp/t
 *
 * Last line printed: "N passed, M failed"; exit status 1 on failure.
 */
#include "prf.h"
#include "native_test.h"
#include "diag_test.h"

#include <time.h>

/* ---- helpers ---- */

static prf_file *parse_str(const char *text)
{
    return prf_parse(text, strlen(text), "t.prf");
}

static const mapisvc_diag *diag_at(const void *prf, size_t i)
{
    return prf_diag_at(prf, i);
}

static int diag_format(const mapisvc_diag *d, char *buf, size_t n)
{
    return prf_diag_format(d, buf, n);
}

static const prf_prop *find_prop(const prf_service *s, uint32_t tag)
{
    size_t i;
    for (i = 0; s && i < s->count; i++)
        if (s->props[i].prop.tag == tag) return &s->props[i];
    return NULL;
}

/* ---- tests ---- */

static void test_empty(void)
{
    prf_file *prf = prf_parse("", 0, NULL);
    CHECK(prf != NULL);
    CHECK_INT(prf_service_count(prf), 0);
    CHECK(prf_get_general(prf)->profile_name == NULL);
    CHECK_INT(prf_get_general(prf)->default_profile, -1);
    CHECK_INT(prf_get_general(prf)->overwrite, PRF_OVERWRITE_UNSET);
    CHECK_NO_DIAGS(prf);
    CHECK_INT(prf_file_encoding(prf), PRF_ENC_ASCII);
    CHECK_STR(prf_file_name(prf), "(prf)");
    prf_free(prf);

    CHECK(prf_parse(NULL, 5, "x") == NULL);
    prf = prf_parse(NULL, 0, "x");
    CHECK(prf != NULL);
    prf_free(prf);
    prf_free(NULL);
    CHECK(prf_service_at(NULL, 0) == NULL);
    CHECK_INT(prf_diag_count(NULL), 0);
    CHECK(prf_diag_at(NULL, 0) == NULL);
    CHECK(prf_raw_value(NULL, "a", "b") == NULL);
}

/* A PRF as the Office Customization Tool writes it (abridged). */
static const char oct_prf[] =
    ";Automatically generated PRF file from the Microsoft Office Customization Tool\r\n"  /* 1 */
    "[General]\r\n"                                                                       /* 2 */
    "Custom=1\r\n"                                                                        /* 3 */
    "ProfileName=Outlook Work\r\n"                                                        /* 4 */
    "DefaultProfile=Yes\r\n"                                                              /* 5 */
    "OverwriteProfile=Append\r\n"                                                         /* 6 */
    "ModifyDefaultProfileIfPresent=false\r\n"                                             /* 7 */
    "BackupProfile=No\r\n"                                                                /* 8 */
    "DefaultStore=Service1\r\n"                                                           /* 9 */
    "\r\n"                                                                                /* 10 */
    "[Service List]\r\n"                                                                  /* 11 */
    "ServiceX=Microsoft Outlook Client\r\n"                                               /* 12 */
    "Service1=Unicode Personal Folders\r\n"                                               /* 13 */
    "Service2=Outlook Address Book\r\n"                                                   /* 14 */
    "\r\n"                                                                                /* 15 */
    "[Internet Account List]\r\n"                                                         /* 16 */
    "Account1=I_Mail\r\n"                                                                 /* 17 */
    "\r\n"                                                                                /* 18 */
    "[ServiceX]\r\n"                                                                      /* 19 */
    "CachedExchangeMode=0x00000002\r\n"                                                   /* 20 */
    "\r\n"                                                                                /* 21 */
    "[Service1]\r\n"                                                                      /* 22 */
    "UniqueService=No\r\n"                                                                /* 23 */
    "Name=My Folders\r\n"                                                                 /* 24 */
    "PathToPersonalFolders=%USERPROFILE%\\outlook.pst\r\n"                                /* 25 */
    "EncryptionType=0x40000000\r\n"                                                       /* 26 */
    "RememberPassword=FALSE\r\n"                                                          /* 27 */
    "\r\n"                                                                                /* 28 */
    "[Service2]\r\n"                                                                      /* 29 */
    "\r\n"                                                                                /* 30 */
    "[Account1]\r\n"                                                                      /* 31 */
    "UniqueService=No\r\n"                                                                /* 32 */
    "AccountName=me@example.com\r\n"                                                      /* 33 */
    "\r\n"                                                                                /* 34 */
    ";***************************************************************\r\n"                /* 35 */
    "; Section 6 - Mapping for profile properties\r\n"                                    /* 36 */
    "[Microsoft Exchange Server]\r\n"                                                     /* 37 */
    "ServiceName=MSEMS\r\n"                                                               /* 38 */
    "MDBGUID=5494A1C0297F101BA58708002B2A2517\r\n"                                        /* 39 */
    "MailboxName=PT_STRING8,0x6607\r\n"                                                   /* 40 */
    "\r\n"                                                                                /* 41 */
    "[Unicode Personal Folders]\r\n"                                                      /* 42 */
    "ServiceName=MSUPST MS\r\n"                                                           /* 43 */
    "Name=PT_UNICODE,0x3001\r\n"                                                          /* 44 */
    "PathToPersonalFolders=PT_STRING8,0x6700 \r\n"                                        /* 45 */
    "RememberPassword=PT_BOOLEAN,0x6701\r\n"                                              /* 46 */
    "EncryptionType=PT_LONG,0x6702\r\n"                                                   /* 47 */
    "Password=PT_STRING8,0x6703\r\n"                                                      /* 48 */
    "\r\n"                                                                                /* 49 */
    "[Outlook Address Book]\r\n"                                                          /* 50 */
    "ServiceName=CONTAB\r\n"                                                              /* 51 */
    "\r\n"                                                                                /* 52 */
    "[Microsoft Outlook Client]\r\n"                                                      /* 53 */
    "SectionGUID=0a0d020000000000c000000000000046\r\n"                                    /* 54 */
    "CachedExchangeMode=PT_LONG,0x041f\r\n"                                               /* 55 */
    "\r\n"                                                                                /* 56 */
    "[I_Mail]\r\n"                                                                        /* 57 */
    "AccountType=POP3\r\n"                                                                /* 58 */
    "AccountName=PT_UNICODE,0x0002\r\n";                                                  /* 59 */

static void test_oct_file(void)
{
    static const uint8_t outlook_uid[16] = { 0x0a, 0x0d, 0x02, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46 };
    prf_file *prf = parse_str(oct_prf);
    const prf_general *g = prf_get_general(prf);
    const prf_service *s;
    const prf_prop *p;

    CHECK(prf != NULL);
    CHECK_STR(g->profile_name, "Outlook Work");
    CHECK_INT(g->profile_name_line, 4);
    CHECK_INT(g->default_profile, 1);
    CHECK_INT(g->overwrite, PRF_OVERWRITE_APPEND);
    CHECK_INT(g->modify_default, 0);
    CHECK_STR(g->default_store, "Service1");
    CHECK_INT(g->default_store_line, 9);
    CHECK_INT(prf_service_count(prf), 3);

    s = prf_service_at(prf, 0);
    CHECK_STR(s->key, "ServiceX");
    CHECK_STR(s->name, "Microsoft Outlook Client");
    CHECK_INT(s->line, 12);
    CHECK(s->service_name == NULL);
    CHECK(s->has_section_uid);
    CHECK(memcmp(s->section_uid, outlook_uid, 16) == 0);
    CHECK_INT(s->count, 1);
    CHECK_INT(s->props[0].prop.tag, 0x041F0003);
    CHECK_INT(s->props[0].prop.v.l, 2);

    s = prf_service_at(prf, 1);
    CHECK_STR(s->key, "Service1");
    CHECK_STR(s->service_name, "MSUPST MS");
    CHECK_INT(s->unique, 0);
    CHECK_INT(s->count, 4);
    p = find_prop(s, 0x3001001F);
    CHECK(p && p->prop.kind == MAPISVC_PROP_STRING && !strcmp(p->prop.v.str, "My Folders"));
    CHECK(p && !p->raw_tag && p->line == 24 && !strcmp(p->key, "Name"));
    p = find_prop(s, 0x6700001E);
    CHECK(p && !strcmp(p->prop.v.str, "%USERPROFILE%\\outlook.pst"));
    p = find_prop(s, 0x67020003);
    CHECK(p && p->prop.v.l == 0x40000000);
    p = find_prop(s, 0x6701000B);
    CHECK(p && p->prop.kind == MAPISVC_PROP_BOOLEAN && p->prop.v.b == 0);
    CHECK(s->props[0].prop.tag == 0x3001001F); /* file order */

    s = prf_service_at(prf, 2);
    CHECK_STR(s->service_name, "CONTAB");
    CHECK_INT(s->count, 0);
    CHECK_INT(s->unique, -1);

    CHECK(prf_find_service(prf, "service1") == prf_service_at(prf, 1));
    CHECK(prf_find_service(prf, "Service9") == NULL);
    CHECK(prf_service_at(prf, 3) == NULL);
    CHECK_STR(prf_raw_value(prf, "general", "PROFILENAME"), "Outlook Work");
    CHECK(prf_raw_value(prf, "General", "Nope") == NULL);
    CHECK(prf_raw_value(prf, "Nope", "Nope") == NULL);

    /* the only problem: the internet account */
    CHECK_INT(prf_diag_count(prf), 1);
    CHECK_DIAG(prf, 17, "internet account Account1 (I_Mail) skipped");
    prf_free(prf);
}

static void test_raw_tags(void)
{
    const char *text =
        "[General]\nProfileName=P\n"
        "[Service List]\nService1=TESTPROV\n"
        "[Service1]\n"
        "6600001E=C:\\data\\x.dat\n"  /* 6 */
        "66010003=12345678\n"         /* 7: decimal, not a byte image */
        "66020102=0102ab\n"           /* 8 */
        "6603000B=yes\n"              /* 9 */
        "66041003=1, 2, -3\n"         /* 10 */
        "6605101F=a, b ,c\n"          /* 11 */
        "66061102=00, ffee\n"         /* 12 */
        "66070014=-5\n"               /* 13 */
        "66080002=0xFFFF\n"           /* 14 */
        "66090048=00112233445566778899aabbccddeeff\n" /* 15 */
        "660A001F=\"  padded  \"\n"   /* 16 */
        "660B001E=\n";                /* 17 */
    prf_file *prf = parse_str(text);
    const prf_service *s = prf_service_at(prf, 0);
    const prf_prop *p;

    CHECK_NO_DIAGS(prf);
    CHECK(s != NULL);
    if (!s) return;
    CHECK(s->service_name == NULL);
    CHECK_STR(s->name, "TESTPROV");
    CHECK_INT(s->count, 12);
    p = find_prop(s, 0x6600001E);
    CHECK(p && p->raw_tag && !strcmp(p->prop.v.str, "C:\\data\\x.dat"));
    p = find_prop(s, 0x66010003);
    CHECK(p && p->prop.v.l == 12345678);
    p = find_prop(s, 0x66020102);
    CHECK(p && p->prop.v.bin.len == 3 && p->prop.v.bin.data[2] == 0xab);
    p = find_prop(s, 0x6603000B);
    CHECK(p && p->prop.v.b == 1);
    p = find_prop(s, 0x66041003);
    CHECK(p && p->prop.v.mvl.count == 3 && p->prop.v.mvl.items[2] == -3);
    p = find_prop(s, 0x6605101F);
    CHECK(p && p->prop.v.mvstr.count == 3 && !strcmp(p->prop.v.mvstr.items[1], "b"));
    p = find_prop(s, 0x66061102);
    CHECK(p && p->prop.v.mvbin.count == 2 && p->prop.v.mvbin.items[1].len == 2);
    p = find_prop(s, 0x66070014);
    CHECK(p && p->prop.v.i8 == -5);
    p = find_prop(s, 0x66080002);
    CHECK(p && p->prop.v.l == -1);
    p = find_prop(s, 0x66090048);
    CHECK(p && p->prop.v.bin.len == 16 && p->prop.v.bin.data[15] == 0xff);
    p = find_prop(s, 0x660A001F);
    CHECK(p && !strcmp(p->prop.v.str, "  padded  "));
    p = find_prop(s, 0x660B001E);
    CHECK(p && !strcmp(p->prop.v.str, ""));
    prf_free(prf);
}

static void test_problems(void)
{
    const char *text =
        "stray line\n"                                 /* 1 */
        "[General]\n"                                  /* 2 */
        "ProfileName=\n"                               /* 3: empty = not given */
        "DefaultProfile=Maybe\n"                       /* 4 */
        "OverwriteProfile=Sometimes\n"                 /* 5 */
        "Colour=blue\n"                                /* 6 */
        "DefaultStore=Service7\n"                      /* 7 */
        "[Service List\n"                              /* 8 */
        "ignored=yes\n"                                /* 9 */
        "[Service List]\n"                             /* 10 */
        "Service1=Store\n"                             /* 11 */
        "Service2=\n"                                  /* 12 */
        "Service1=Other\n"                             /* 13 */
        "Service3=Nomap\n"                             /* 14 */
        "ServiceList=Service List\n"                   /* 15 */
        "[Service1]\n"                                 /* 16 */
        "Name=ok\n"                                    /* 17 */
        "Nope=1\n"                                     /* 18 */
        "Count=abc\n"                                  /* 19 */
        "Broken=1\n"                                   /* 20 */
        "Label=again\n"                                /* 21: same tag as Name */
        "no equals sign\n"                             /* 22 */
        "=value\n"                                     /* 23 */
        "3D0C0102=00112233445566778899aabbccddeeff\n"  /* 24: PR_SERVICE_UID */
        "UniqueService=Perhaps\n"                      /* 25 */
        "[Store]\n"                                    /* 26 */
        "ServiceName=TESTPROV\n"                       /* 27 */
        "Name=PT_STRING8,0x3001\n"                     /* 28 */
        "Label=PT_STRING8,0x001e3001\n"                /* 29: registry order */
        "Count=PT_LONG,0x6601\n"                       /* 30 */
        "Broken=PT_WHATEVER,0x6602\n"                  /* 31 */
        "SectionGUID=xyz\n"                            /* 32 */
        "[Service3]\n"                                 /* 33 */
        "Friendly=1\n"                                 /* 34 */
        "[Service9]\n"                                 /* 35 */
        "66000003=1\n"                                 /* 36 */
        "[Store]\n"                                    /* 37 */
        "Extra=PT_LONG,0x6603\n"                       /* 38 */
        "[]\n"                                         /* 39 */
        "x=y\n"                                        /* 40 */
        "[Tail] junk\n";                               /* 41 */
    prf_file *prf = parse_str(text);
    const prf_general *g = prf_get_general(prf);
    const prf_service *s;
    size_t i;

    CHECK(g->profile_name == NULL);
    CHECK_INT(g->default_profile, -1);
    CHECK_INT(g->overwrite, PRF_OVERWRITE_UNSET);
    CHECK_DIAG(prf, 1, "before the first [section]");
    CHECK_DIAG(prf, 4, "DefaultProfile must be Yes or No");
    CHECK_DIAG(prf, 5, "OverwriteProfile must be Yes, No or Append");
    CHECK_DIAG(prf, 6, "unknown setting 'Colour' in [General]");
    CHECK_DIAG(prf, 7, "DefaultStore names Service7, which is not in [Service List]");
    CHECK_DIAG(prf, 8, "without ']'");
    CHECK(!has_diag(prf, 9, ""));
    CHECK_DIAG(prf, 12, "Service2 has no service name");
    CHECK_DIAG(prf, 13, "'Service1' is set again in [Service List] (first at line 11)");
    CHECK_DIAG(prf, 18, "unknown property 'Nope': not defined in [Store]");
    CHECK_DIAG(prf, 19, "bad value for 'Count' (property 0x66010003)");
    CHECK_DIAG(prf, 20, "'Broken' has a bad mapping in [Store]");
    CHECK_DIAG(prf, 31, "bad mapping 'Broken=PT_WHATEVER,0x6602' in [Store]: unknown property type");
    CHECK_DIAG(prf, 21, "sets property 0x3001001E again (first at line 17)");
    CHECK_DIAG(prf, 22, "not a key=value line");
    CHECK_DIAG(prf, 23, "no key before '='");
    CHECK_DIAG(prf, 24, "PR_SERVICE_UID is kept by MAPI itself");
    CHECK_DIAG(prf, 25, "UniqueService must be Yes or No");
    CHECK_DIAG(prf, 32, "SectionGUID 'xyz' is not 32 hex digits");
    CHECK_DIAG(prf, 34, "there is no mapping section [Nomap]");
    CHECK_DIAG(prf, 35, "[Service9] is not listed in [Service List]");
    CHECK_DIAG(prf, 37, "section [Store] appears again (first at line 26)");
    CHECK_DIAG(prf, 39, "empty section name");
    CHECK(!has_diag(prf, 40, ""));
    CHECK_DIAG(prf, 41, "text after ']' is ignored");

    CHECK_INT(prf_service_count(prf), 3);
    s = prf_service_at(prf, 0);
    CHECK_STR(s->service_name, "TESTPROV");
    CHECK_INT(s->count, 1);
    CHECK(find_prop(s, 0x3001001E) && !strcmp(find_prop(s, 0x3001001E)->prop.v.str, "ok"));
    s = prf_service_at(prf, 1);
    CHECK_STR(s->name, "Nomap");
    CHECK_INT(s->count, 0);
    s = prf_service_at(prf, 2);
    CHECK_STR(s->key, "ServiceList");
    /* the merged second [Store] added its mapping */
    CHECK_STR(prf_raw_value(prf, "Store", "Extra"), "PT_LONG,0x6603");
    CHECK(prf_raw_value(prf, "Tail", "x") == NULL); /* x=y sat under the broken "[]" */
    /* sorted by line */
    for (i = 1; i < prf_diag_count(prf); i++)
        CHECK(prf_diag_at(prf, i - 1)->line <= prf_diag_at(prf, i)->line);
    {
        char buf[64];
        prf_diag d = { "f.prf", 3, "why" };
        prf_diag_format(&d, buf, sizeof(buf));
        CHECK_STR(buf, "f.prf:3: why");
        d.line = 0;
        prf_diag_format(&d, buf, sizeof(buf));
        CHECK_STR(buf, "f.prf: why");
        CHECK_INT(prf_diag_format(NULL, buf, sizeof(buf)), 0);
        CHECK_STR(buf, "");
    }
    prf_free(prf);
}

static void test_general_values(void)
{
    prf_file *prf = parse_str("[general]\nprofilename=\"  Spaced  \"\ndefaultprofile=no\n"
                              "overwriteprofile=YES\nmodifydefaultprofileifpresent=TRUE\n");
    const prf_general *g = prf_get_general(prf);
    CHECK_NO_DIAGS(prf);
    CHECK_STR(g->profile_name, "  Spaced  ");
    CHECK_INT(g->default_profile, 0);
    CHECK_INT(g->overwrite, PRF_OVERWRITE_YES);
    CHECK_INT(g->modify_default, 1);
    prf_free(prf);

    prf = parse_str("[General]\nOverwriteProfile=No\nDefaultProfile=1\n");
    CHECK_INT(prf_get_general(prf)->overwrite, PRF_OVERWRITE_NO);
    CHECK_INT(prf_get_general(prf)->default_profile, 1);
    prf_free(prf);
}

static void test_mappings(void)
{
    const char *text =
        "[Service List]\nService1=Svc\nService2=\"Svc\"\n"
        "[Service1]\n"
        "A=1\n"                 /* 5 */
        "66000003=2\n"          /* 6: hex key wins over the mapping that names it */
        "[Service2]\nB=x\n"
        "[Svc]\n"
        "ServiceName=\"MY SVC\"\n"
        "A=PT_I4,1700\n"        /* decimal ID */
        "66000003=PT_STRING8,0x6600\n"
        "B=pt_unicode, 0x66050003\n" /* PROP_TAG order with the wrong type */
        "C=PT_LONG,0x0000\n"
        "D=PT_LONG\n"
        "E=PT_LONG,0x123456789\n";
    prf_file *prf = parse_str(text);
    const prf_service *s = prf_service_at(prf, 0);
    CHECK_STR(s->service_name, "MY SVC");
    CHECK(find_prop(s, 0x06A40003) && find_prop(s, 0x06A40003)->prop.v.l == 1);
    CHECK(find_prop(s, 0x66000003) && find_prop(s, 0x66000003)->raw_tag);
    s = prf_service_at(prf, 1);
    CHECK_STR(s->name, "Svc");
    CHECK_INT(s->count, 0);
    CHECK(has_diag(prf, 13, "does not carry type pt_unicode"));
    prf_free(prf);

    prf = parse_str("[Service List]\nS=M\n[S]\nC=1\nD=1\nE=1\n[M]\nC=PT_LONG,0x0000\nD=PT_LONG\nE=PT_LONG,0x123456789\n");
    CHECK_DIAG(prf, 8, "property ID 0x0000 is not valid");
    CHECK_DIAG(prf, 9, "expected PT_TYPE,0xID");
    CHECK_DIAG(prf, 10, "not a 32-bit 0x hex number");
    prf_free(prf);

    /* a section GUID in {GUID} form; no ServiceName */
    prf = parse_str("[Service List]\nServiceEGS=Exchange Global Section\n"
                    "[Exchange Global Section]\nSectionGUID={C8B0DB13-05AA-1A10-9BB0-00AA002FC45A}\n");
    s = prf_service_at(prf, 0);
    CHECK(s && s->has_section_uid && s->section_uid[0] == 0x13 && s->section_uid[1] == 0xDB &&
          s->section_uid[4] == 0xAA && s->section_uid[6] == 0x10 && s->section_uid[15] == 0x5A);
    CHECK_NO_DIAGS(prf);
    prf_free(prf);
}

static void test_line_endings(void)
{
    const char *endings[] = { "\n", "\r\n", "\r" };
    size_t i;
    for (i = 0; i < 3; i++) {
        char text[256];
        prf_file *prf;
        snprintf(text, sizeof(text), "[General]%sProfileName=A%s%s[Service List]%sService1=X%s[Service1]%s66000003=7",
                 endings[i], endings[i], endings[i], endings[i], endings[i], endings[i]);
        prf = parse_str(text);
        CHECK_STR(prf_get_general(prf)->profile_name, "A");
        CHECK_INT(prf_service_count(prf), 1);
        CHECK_INT(prf_service_at(prf, 0)->props[0].line, 7);
        CHECK_NO_DIAGS(prf);
        prf_free(prf);
    }
}

static void test_encodings(void)
{
    /* UTF-8 with BOM */
    const char utf8[] = "\xEF\xBB\xBF[General]\nProfileName=B\xC3\xBCro\n";
    /* UTF-16LE with BOM: "[General]\nProfileName=Büro 😀\n" */
    static const char ascii_part[] = "[General]\nProfileName=B";
    uint8_t le[128], be[128];
    size_t n = 0, m = 0, i;
    prf_file *prf;

    prf = prf_parse(utf8, sizeof(utf8) - 1, "u8");
    CHECK_STR(prf_get_general(prf)->profile_name, "B\xC3\xBCro");
    CHECK_INT(prf_file_encoding(prf), PRF_ENC_UTF8);
    prf_free(prf);

    le[n++] = 0xFF, le[n++] = 0xFE;
    be[m++] = 0xFE, be[m++] = 0xFF;
    for (i = 0; ascii_part[i]; i++) {
        le[n++] = (uint8_t)ascii_part[i], le[n++] = 0;
        be[m++] = 0, be[m++] = (uint8_t)ascii_part[i];
    }
    {
        static const uint16_t rest[] = { 0x00FC, 'r', 'o', ' ', 0xD83D, 0xDE00, '\n', 0xDC00 /* lone */ };
        for (i = 0; i < sizeof(rest) / sizeof(rest[0]); i++) {
            le[n++] = (uint8_t)rest[i], le[n++] = (uint8_t)(rest[i] >> 8);
            be[m++] = (uint8_t)(rest[i] >> 8), be[m++] = (uint8_t)rest[i];
        }
    }
    prf = prf_parse(le, n, "le");
    CHECK_STR(prf_get_general(prf)->profile_name, "B\xC3\xBCro \xF0\x9F\x98\x80");
    CHECK_INT(prf_file_encoding(prf), PRF_ENC_UTF8);
    prf_free(prf);
    prf = prf_parse(be, m, "be");
    CHECK_STR(prf_get_general(prf)->profile_name, "B\xC3\xBCro \xF0\x9F\x98\x80");
    prf_free(prf);
    /* odd length */
    prf = prf_parse(le, n - 1, "odd");
    CHECK_DIAG(prf, 0, "odd number of bytes");
    prf_free(prf);

    /* Latin-1 bytes that are not UTF-8: kept, flagged ANSI */
    prf = parse_str("[General]\nProfileName=B\xFCro\n");
    CHECK_STR(prf_get_general(prf)->profile_name, "B\xFCro");
    CHECK_INT(prf_file_encoding(prf), PRF_ENC_ANSI);
    prf_free(prf);

    /* a NUL byte costs its line only */
    {
        static const char nul[] = "[General]\nCustom=1\0x\nProfileName=Z\n";
        prf = prf_parse(nul, sizeof(nul) - 1, "nul");
        CHECK_DIAG(prf, 2, "NUL byte");
        CHECK_STR(prf_get_general(prf)->profile_name, "Z");
        prf_free(prf);
    }
}

static void test_convert(void)
{
    mapisvc_prop p;
    char err[200];

#define CONV_OK(tag, text) (prf_convert((tag), (text), &p, err, sizeof(err)) == 0)
#define CONV_BAD(tag, text, part) \
    do { \
        int bad_ = prf_convert((tag), (text), &p, err, sizeof(err)) == -1; \
        if (!check_(bad_ && strstr(err, (part)) != NULL, "bad " #tag " " text ": " part, __FILE__, __LINE__)) \
            fprintf(stderr, "    err: %s\n", err); \
        if (!bad_) mapisvc_prop_free(&p); \
    } while (0)

    CHECK(CONV_OK(0x66000003, "-1") && p.v.l == -1);
    CHECK(CONV_OK(0x66000003, "4294967295") && p.v.l == -1);
    CHECK(CONV_OK(0x66000003, "0xFFFFFFFF") && p.v.l == -1);
    CHECK(CONV_OK(0x66000003, "-2147483648") && p.v.l == INT32_MIN);
    CHECK(CONV_OK(0x66000003, " 007 ") && p.v.l == 7);
    CHECK(CONV_OK(0x66000003, "+5") && p.v.l == 5);
    CONV_BAD(0x66000003, "4294967296", "out of range");
    CONV_BAD(0x66000003, "-2147483649", "out of range");
    CONV_BAD(0x66000003, "0x1FFFFFFFF", "32-bit 0x hex");
    CONV_BAD(0x66000003, "0xG", "32-bit 0x hex");
    CONV_BAD(0x66000003, "", "empty value");
    CONV_BAD(0x66000003, "-", "a sign without a number");
    CONV_BAD(0x66000003, "SERVICE_SINGLE_COPY", "not a number");
    CONV_BAD(0x66000003, "99999999999999999999999", "out of range");
    CHECK(CONV_OK(0x66000002, "65535") && p.v.l == -1);
    CHECK(CONV_OK(0x66000002, "-32768") && p.v.l == -32768);
    CONV_BAD(0x66000002, "65536", "out of range");
    CONV_BAD(0x66000002, "0x10000", "16-bit");
    CHECK(CONV_OK(0x66000014, "18446744073709551615") && p.v.i8 == -1);
    CHECK(CONV_OK(0x66000014, "-9223372036854775808") && p.v.i8 == INT64_MIN);
    CHECK(CONV_OK(0x66000014, "0x7FFFFFFFFFFFFFFF") && p.v.i8 == INT64_MAX);
    CHECK(CONV_OK(0x6600000B, "Yes") && p.v.b == 1);
    CHECK(CONV_OK(0x6600000B, "false") && p.v.b == 0);
    CHECK(CONV_OK(0x6600000B, " 1 ") && p.v.b == 1);
    CONV_BAD(0x6600000B, "2", "not a boolean");
    CONV_BAD(0x6600000B, "a very long text that is no boolean at all", "not a boolean");
    CHECK(CONV_OK(0x6600001E, "\"\"") && !strcmp(p.v.str, ""));
    mapisvc_prop_free(&p);
    CHECK(CONV_OK(0x66000102, "") && p.v.bin.len == 0);
    mapisvc_prop_free(&p);
    CONV_BAD(0x66000102, "abc", "odd number");
    CONV_BAD(0x66000048, "00", "PT_CLSID needs 32 hex digits");
    CHECK(CONV_OK(0x66001003, "") && p.v.mvl.count == 0);
    mapisvc_prop_free(&p);
    CHECK(CONV_OK(0x66001003, "1,,0x10") && p.v.mvl.count == 2 && p.v.mvl.items[1] == 16);
    mapisvc_prop_free(&p);
    CONV_BAD(0x66001003, "1,x", "not a number");
    CONV_BAD(0x3D0C0102, "00112233445566778899aabbccddeeff", "PR_SERVICE_UID is kept by MAPI");
    CONV_BAD(0x3D0E0102, "", "PR_SERVICES");
    CONV_BAD(0x0FFE0003, "9", "PR_OBJECT_TYPE");
    CONV_BAD(0x3D12001F, "x", "PR_PROFILE_NAME_W");
    CONV_BAD(0x66000040, "1", "type 0x0040 (PT_SYSTIME) cannot be given as text");
    CONV_BAD(0x66000005, "1", "type 0x0005 (PT_DOUBLE)");
    CONV_BAD(0x6600ABCD, "1", "(unknown)");
    CONV_BAD(0x00000003, "1", "property ID 0x0000 is not valid");
    CONV_BAD(0xFFFF0003, "1", "property ID 0xFFFF is not valid");
    CHECK(prf_convert(0x66000003, NULL, &p, err, sizeof(err)) == -1);
    CHECK(prf_convert(0x66000003, "1", NULL, err, sizeof(err)) == -1);
    CHECK(prf_convert(0x66000003, "1", &p, NULL, 0) == 0);
}

static void test_assignment(void)
{
    mapisvc_prop p;
    char err[200];
    uint32_t tag;
    char name[64];

    CHECK(prf_parse_assignment("PR_DISPLAY_NAME=My store", &p, err, sizeof(err)) == 0);
    CHECK_INT(p.tag, 0x3001001E);
    CHECK_STR(p.v.str, "My store");
    mapisvc_prop_free(&p);
    CHECK(prf_parse_assignment(" pr_display_name_w = x=y ", &p, err, sizeof(err)) == 0);
    CHECK_INT(p.tag, 0x3001001F);
    CHECK_STR(p.v.str, "x=y");
    mapisvc_prop_free(&p);
    CHECK(prf_parse_assignment("PR_DISPLAY_NAME_A=a", &p, err, sizeof(err)) == 0 && p.tag == 0x3001001E);
    mapisvc_prop_free(&p);
    CHECK(prf_parse_assignment("6600001F=C:\\x", &p, err, sizeof(err)) == 0 && p.tag == 0x6600001F);
    mapisvc_prop_free(&p);
    CHECK(prf_parse_assignment("0x66010003=0x10", &p, err, sizeof(err)) == 0 && p.v.l == 16);
    CHECK(prf_parse_assignment("PR_RESOURCE_FLAGS=2", &p, err, sizeof(err)) == 0 && p.tag == 0x30090003);
    CHECK(prf_parse_assignment("PR_DISPLAY_NAME", &p, err, sizeof(err)) == -1 && strstr(err, "not TAG=VALUE"));
    CHECK(prf_parse_assignment("=1", &p, err, sizeof(err)) == -1 && strstr(err, "no property before"));
    CHECK(prf_parse_assignment("PR_NOPE=1", &p, err, sizeof(err)) == -1 && strstr(err, "unknown property 'PR_NOPE'"));
    CHECK(prf_parse_assignment("PR_RESOURCE_FLAGS_W=1", &p, err, sizeof(err)) == -1);
    CHECK(prf_parse_assignment("PR_DISPLAY_NAME_X=1", &p, err, sizeof(err)) == -1);
    CHECK(prf_parse_assignment("6600000=1", &p, err, sizeof(err)) == -1);
    CHECK(prf_parse_assignment("66000003=abc", &p, err, sizeof(err)) == -1 && strstr(err, "not a number"));
    CHECK(prf_parse_assignment("PR_SERVICE_UID=00", &p, err, sizeof(err)) == -1 && strstr(err, "kept by MAPI"));
    CHECK(prf_parse_assignment(NULL, &p, err, sizeof(err)) == -1);
    {
        char longname[200];
        memset(longname, 'A', sizeof(longname));
        longname[150] = '=';
        longname[151] = '1';
        longname[152] = '\0';
        CHECK(prf_parse_assignment(longname, &p, err, sizeof(err)) == -1 && strstr(err, "unknown property"));
    }

    CHECK(prf_tag_from_name("PR_SERVICE_SUPPORT_FILES_W", &tag) == 0 && tag == 0x3D0F101F);
    CHECK(prf_tag_from_name("PR_AB_SEARCH_PATH", &tag) == 0 && tag == 0x3D051102);
    CHECK(prf_tag_from_name("PR_PROVIDER_UID", &tag) == 0 && tag == 0x300C0102);
    CHECK(prf_tag_from_name("", &tag) == -1);
    CHECK(prf_tag_from_name(NULL, &tag) == -1);
    CHECK_STR(prf_tag_name(0x3001001F, name, sizeof(name)), "PR_DISPLAY_NAME_W");
    CHECK_STR(prf_tag_name(0x3001001E, name, sizeof(name)), "PR_DISPLAY_NAME_A");
    CHECK_STR(prf_tag_name(0x3D0C0102, name, sizeof(name)), "PR_SERVICE_UID");
    CHECK_STR(prf_tag_name(0x3D0F101F, name, sizeof(name)), "PR_SERVICE_SUPPORT_FILES_W");
    CHECK(prf_tag_name(0x3001000B, name, sizeof(name)) == NULL); /* wrong type */
    CHECK(prf_tag_name(0x66000003, name, sizeof(name)) == NULL);
    CHECK(prf_tag_name(0x3001001F, NULL, 0) == NULL);
    CHECK_STR(prf_type_name(0x101F), "PT_MV_UNICODE");
    CHECK_STR(prf_type_name(0x0040), "PT_SYSTIME");
    CHECK(prf_type_name(0x7777) == NULL);
    CHECK(prf_type_supported(0x0048) && !prf_type_supported(0x0040));
    CHECK(prf_tag_is_managed(0x3D0C0102) && prf_tag_is_managed(0x3D12001E) && !prf_tag_is_managed(0x3001001F));
    CHECK(prf_tag_is_exported(0x3001001F) && prf_tag_is_exported(0x6600001E));
    CHECK(!prf_tag_is_exported(0x3D0A001E));  /* PR_SERVICE_DLL_NAME: from MAPISVC.INF */
    CHECK(!prf_tag_is_exported(0x0FFF0102));  /* PR_ENTRYID: generated */
    CHECK(!prf_tag_is_exported(0x67F1001E));  /* secure */
    CHECK(!prf_tag_is_exported(0x66000040));  /* PT_SYSTIME */
    CHECK(!prf_tag_is_exported(0x3D0C0102));
}

/* ---- the writer ---- */

struct skips {
    int count;
    uint32_t tags[16];
    size_t svc[16];
    char why[16][160];
};

static void on_skip(void *ctx, size_t service, uint32_t tag, const char *reason)
{
    struct skips *s = ctx;
    if (s->count < 16) {
        s->tags[s->count] = tag;
        s->svc[s->count] = service;
        snprintf(s->why[s->count], sizeof(s->why[0]), "%s", reason);
    }
    s->count++;
}

static mapisvc_prop mk(const char *assign)
{
    mapisvc_prop p;
    char err[200];
    if (prf_parse_assignment(assign, &p, err, sizeof(err))) {
        fprintf(stderr, "test setup: %s: %s\n", assign, err);
        abort();
    }
    return p;
}

static mapisvc_prop mk_string(uint32_t tag, const char *s)
{
    mapisvc_prop p;
    memset(&p, 0, sizeof(p));
    p.tag = tag;
    p.kind = MAPISVC_PROP_STRING;
    p.v.str = malloc(strlen(s) + 1);
    if (!p.v.str) abort();
    memcpy(p.v.str, s, strlen(s) + 1);
    return p;
}

static void test_round_trip(void)
{
    mapisvc_prop a[16], b[4], c[1];
    prf_out_service svcs[5];
    prf_out out;
    struct skips sk;
    char *text = NULL, err[200];
    size_t len = 0, na = 0, nb = 0, i;
    prf_file *prf;
    const prf_service *s;

    a[na++] = mk("PR_DISPLAY_NAME_W=Store \xC3\xBC");
    a[na++] = mk("6600001E=\"  spaces kept  \"");
    a[na++] = mk("6601001E=\"quoted\"");       /* becomes: quoted (no quotes) */
    a[na++] = mk_string(0x6602001E, "\"in quotes\"");
    a[na++] = mk("66030003=-5");
    a[na++] = mk("66040003=0x80000000");
    a[na++] = mk("66050002=-2");
    a[na++] = mk("6606000B=TRUE");
    a[na++] = mk("66070014=-9223372036854775808");
    a[na++] = mk("66080102=");
    a[na++] = mk("66090048=00112233445566778899AABBCCDDEEFF");
    a[na++] = mk("660A1003=1, -2, 3");
    a[na++] = mk("660B101F=x, y z");
    a[na++] = mk("660C1102=00ff, 01");
    a[na++] = mk("3D0A001E=MYSVC.DLL");          /* from MAPISVC.INF: left out silently */
    a[na++] = mk_string(0x660D001F, "two\nlines"); /* cannot be written */

    b[nb++] = mk("PR_DISPLAY_NAME_A=Second");
    b[nb++] = mk("66000003=1");
    b[nb++] = mk("66000003=2");                  /* twice */
    memset(&b[nb], 0, sizeof(b[nb]));
    b[nb].tag = 0x6601101F;
    b[nb].kind = MAPISVC_PROP_MV_STRING;
    mapisvc_split_list("a,b", &b[nb].v.mvstr);
    b[nb].v.mvstr.items[1][0] = ','; /* an item with a comma */
    nb++;

    c[0] = mk("66000003=9");

    memset(svcs, 0, sizeof(svcs));
    svcs[0].service_name = "TESTPROV";
    svcs[0].display_name = "Test provider";
    svcs[0].count = na;
    svcs[0].props = a;
    svcs[1].service_name = "TESTPROV";          /* same mapping section */
    svcs[1].count = nb;
    svcs[1].props = b;
    svcs[2].service_name = "General";           /* reserved name */
    svcs[2].count = 1;
    svcs[2].props = c;
    svcs[3].service_name = "bad]name";          /* cannot be a section */
    svcs[4].service_name = "Service1";          /* clashes with a [ServiceN] key */
    svcs[4].display_name = "multi\nline";       /* no comment written */

    memset(&sk, 0, sizeof(sk));
    out.profile_name = " Work ";
    out.default_profile = 1;
    out.count = 5;
    out.services = svcs;
    CHECK(prf_write(&out, on_skip, &sk, &text, &len, err, sizeof(err)) == 0);
    CHECK(text && strlen(text) == len);
    if (!text) return;
    CHECK_INT(sk.count, 4);
    /* services that cannot be written come first, then values in service order */
    CHECK(sk.tags[0] == 0 && sk.svc[0] == 3 && strstr(sk.why[0], "section name"));
    CHECK(sk.tags[1] == 0x660D001F && sk.svc[1] == 0 && strstr(sk.why[1], "line break"));
    CHECK(sk.tags[2] == 0x66000003 && sk.svc[2] == 1 && strstr(sk.why[2], "twice"));
    CHECK(sk.tags[3] == 0x6601101F && sk.svc[3] == 1 && strstr(sk.why[3], "comma"));
    CHECK(strstr(text, "ProfileName=\" Work \"\r\n") != NULL);
    CHECK(strstr(text, "DefaultProfile=Yes\r\n") != NULL);
    CHECK(strstr(text, "; Test provider\r\n[Service1]\r\n") != NULL);
    CHECK(strstr(text, "multi") == NULL);
    CHECK(strstr(text, "[TESTPROV]\r\nServiceName=TESTPROV\r\n") != NULL);
    CHECK(strstr(text, "[General (2)]\r\nServiceName=General\r\n") != NULL);
    CHECK(strstr(text, "[Service1 (2)]\r\nServiceName=Service1\r\n") != NULL);
    CHECK(strstr(text, "3001001F=PT_UNICODE,0x3001\r\n") != NULL);
    CHECK(strstr(text, "66040003=0x80000000\r\n") != NULL);
    CHECK(strstr(text, "3D0A001E") == NULL);
    CHECK(strstr(text, "bad]name") == NULL);

    prf = prf_parse(text, len, "out.prf");
    CHECK_NO_DIAGS(prf);
    CHECK_STR(prf_get_general(prf)->profile_name, " Work ");
    CHECK_INT(prf_get_general(prf)->default_profile, 1);
    CHECK_INT(prf_get_general(prf)->overwrite, PRF_OVERWRITE_NO);
    CHECK_INT(prf_service_count(prf), 4);
    s = prf_service_at(prf, 0);
    CHECK_STR(s->service_name, "TESTPROV");
    CHECK_INT(s->unique, 0);
    CHECK_INT(s->count, na - 2);
    for (i = 0; i < na - 2; i++) {
        const prf_prop *p = find_prop(s, a[i].tag);
        if (!check_(p && prf_props_equal(&p->prop, &a[i]), "round trip of a property", __FILE__, __LINE__))
            fprintf(stderr, "    tag %08lX\n", (unsigned long)a[i].tag);
        CHECK(p && p->raw_tag);
    }
    s = prf_service_at(prf, 1);
    CHECK_STR(s->service_name, "TESTPROV");
    CHECK_INT(s->count, 2);
    CHECK(find_prop(s, 0x66000003) && find_prop(s, 0x66000003)->prop.v.l == 1);
    CHECK(find_prop(s, 0x3001001E) && !strcmp(find_prop(s, 0x3001001E)->prop.v.str, "Second"));
    s = prf_service_at(prf, 2);
    CHECK_STR(s->service_name, "General");
    CHECK(s->count == 1 && s->props[0].prop.v.l == 9);
    s = prf_service_at(prf, 3);
    CHECK_STR(s->service_name, "Service1");
    CHECK_INT(s->count, 0);
    prf_free(prf);
    free(text);

    /* bad arguments */
    out.profile_name = "two\nlines";
    CHECK(prf_write(&out, NULL, NULL, &text, &len, err, sizeof(err)) == -1 && strstr(err, "line break"));
    out.profile_name = "";
    CHECK(prf_write(&out, NULL, NULL, &text, &len, err, sizeof(err)) == -1);
    out.profile_name = NULL;
    CHECK(prf_write(&out, NULL, NULL, &text, &len, err, sizeof(err)) == -1);
    CHECK(prf_write(NULL, NULL, NULL, &text, &len, err, sizeof(err)) == -1);
    out.profile_name = "P";
    out.count = 0;
    out.services = NULL;
    out.default_profile = 0;
    CHECK(prf_write(&out, NULL, NULL, &text, NULL, NULL, 0) == 0);
    CHECK(text && strstr(text, "DefaultProfile=No"));
    free(text);

    for (i = 0; i < na; i++) mapisvc_prop_free(&a[i]);
    for (i = 0; i < nb; i++) mapisvc_prop_free(&b[i]);
    mapisvc_prop_free(&c[0]);
}

static void test_format_value(void)
{
    mapisvc_prop p;
    char *t, err[200];
    memset(&p, 0, sizeof(p));
    p.tag = 0x66000040;
    CHECK(prf_format_value(&p, &t, err, sizeof(err)) == -1 && strstr(err, "PT_SYSTIME"));
    p.tag = 0x66000048;
    p.kind = MAPISVC_PROP_BINARY;
    p.v.bin.len = 3;
    p.v.bin.data = (uint8_t *)"abc";
    CHECK(prf_format_value(&p, &t, err, sizeof(err)) == -1 && strstr(err, "16 bytes"));
    p.tag = 0x66001102;
    p.kind = MAPISVC_PROP_MV_BINARY;
    {
        mapisvc_bin items[2] = { { 1, (uint8_t *)"a" }, { 0, NULL } };
        p.v.mvbin.count = 2;
        p.v.mvbin.items = items;
        CHECK(prf_format_value(&p, &t, err, sizeof(err)) == -1 && strstr(err, "empty"));
    }
    p.tag = 0x66000002;
    p.kind = MAPISVC_PROP_LONG;
    p.v.l = -1;
    CHECK(prf_format_value(&p, &t, err, sizeof(err)) == 0 && !strcmp(t, "0xFFFF"));
    free(t);
    /* empty lists are empty text (fuzzing found them unterminated) */
    {
        static const uint32_t tags[] = { 0x66001003, 0x6600101F, 0x66001102, 0x6600001E, 0x66000102 };
        size_t i;
        for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
            CHECK(prf_convert(tags[i], "", &p, err, sizeof(err)) == 0);
            t = NULL;
            CHECK(prf_format_value(&p, &t, err, sizeof(err)) == 0);
            CHECK_STR(t, "");
            free(t);
            mapisvc_prop_free(&p);
        }
    }
    CHECK(prf_format_value(NULL, &t, err, sizeof(err)) == -1);
    CHECK(prf_format_value(&p, NULL, err, sizeof(err)) == -1);
}

static void test_utf16_out(void)
{
    const char text[] = "A\xC3\xBC\xF0\x9F\x98\x80\xFF";
    size_t n;
    uint8_t *w = prf_utf8_to_utf16le(text, sizeof(text) - 1, &n);
    static const uint8_t want[] = { 0xFF, 0xFE, 'A', 0, 0xFC, 0, 0x3D, 0xD8, 0x00, 0xDE, 0xFD, 0xFF };
    CHECK(w != NULL);
    CHECK_INT(n, sizeof(want));
    CHECK(w && memcmp(w, want, sizeof(want)) == 0);
    free(w);
    w = prf_utf8_to_utf16le("", 0, &n);
    CHECK(w && n == 2);
    free(w);
    CHECK(prf_utf8_to_utf16le(NULL, 3, &n) == NULL);

    /* a written PRF with non-ASCII text, as UTF-16, reads back the same */
    {
        mapisvc_prop p = mk("6600001F=Gr\xC3\xBC\xC3\x9F\x65");
        prf_out_service s = { "SVC", NULL, 1, &p };
        prf_out out = { "Pr\xC3\xBC\x66ung", 0, 1, &s };
        char *t;
        size_t len;
        prf_file *prf;
        CHECK(prf_write(&out, NULL, NULL, &t, &len, NULL, 0) == 0);
        w = prf_utf8_to_utf16le(t, len, &n);
        prf = prf_parse(w, n, "u16");
        CHECK_NO_DIAGS(prf);
        CHECK_STR(prf_get_general(prf)->profile_name, "Pr\xC3\xBC\x66ung");
        CHECK(prf_service_count(prf) == 1 && prf_props_equal(&prf_service_at(prf, 0)->props[0].prop, &p));
        prf_free(prf);
        free(w);
        free(t);
        mapisvc_prop_free(&p);
    }
}

static void test_limits(void)
{
    size_t big = PRF_MAX_INPUT + 100, i, n;
    char *text = malloc(big + 1), *q;
    prf_file *prf;
    clock_t t0;

    /* more than PRF_MAX_INPUT: truncated with a diagnostic */
    memset(text, ';', big);
    text[big] = '\0';
    for (i = 80; i < big; i += 81) text[i] = '\n';
    prf = prf_parse(text, big, "big");
    CHECK_DIAG(prf, 0, "larger than");
    prf_free(prf);

    /* one line longer than PRF_MAX_LINE */
    memcpy(text, "[General]\nProfileName=", 22);
    memset(text + 22, 'x', PRF_MAX_LINE + 10);
    memcpy(text + 22 + PRF_MAX_LINE + 10, "\nCustom=1\n", 11);
    prf = parse_str(text);
    CHECK_DIAG(prf, 2, "longer than");
    CHECK(prf_get_general(prf)->profile_name == NULL);
    prf_free(prf);

    /* many sections, keys and services: linear time, capped diagnostics */
    q = text;
    q += sprintf(q, "[Service List]\n");
    for (i = 0; i < 20000; i++) q += sprintf(q, "Service%lu=M\n", (unsigned long)i);
    q += sprintf(q, "[M]\nServiceName=X\n");
    for (i = 0; i < 20000; i++) q += sprintf(q, "K%lu=PT_LONG,0x%04lX\n", (unsigned long)i, (unsigned long)(0x6600 + i % 0x100));
    q += sprintf(q, "[Service1]\n");
    for (i = 0; i < 20000; i++) q += sprintf(q, "K%lu=%lu\n", (unsigned long)i, (unsigned long)i);
    for (i = 0; i < 20000; i++) q += sprintf(q, "[S%lu]\na=b\n", (unsigned long)i);
    n = (size_t)(q - text);
    CHECK(n < PRF_MAX_INPUT);
    t0 = clock();
    prf = prf_parse(text, n, "many");
    CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
    CHECK_INT(prf_service_count(prf), 20000);
    CHECK_INT(prf_service_at(prf, 1)->count, 256);    /* the rest set the same 256 tags again */
    CHECK_INT(prf_diag_count(prf), PRF_MAX_DIAGS + 1);
    CHECK_DIAG(prf, 0, "too many problems");
    prf_free(prf);
    free(text);
}

/* Crashes or hangs found by fuzzing, kept as regression cases. */
static void test_regressions(void)
{
    static const char *cases[] = {
        "[",
        "]",
        "[Service List]\n=\n",
        "[Service List]\nA=A\n[A]\nServiceName=\n",
        "[Service List]\nA=B\n[B]\nX=PT_LONG,\n[A]\nX=1\n",
        "[Service List]\nA=B\nC=B\n[B]\nX=PT_LONG,0x6600\n[A]\nX=1\nX=2\n[C]\nX=3\n",
        "\xFF\xFE",
        "\xFE\xFF\xD8\x00",
        "\xEF\xBB\xBF",
        "\r\r\n\n\r",
        "[General]\nProfileName=\"\n",
        "[Service List]\nGeneral=x\n",
        /* fuzz: an empty MV value was formatted without a terminating NUL */
        "[General]\nProfileName=Raw\n[Service List]\nService1=T\n[Service1]\n66041003=\n[T]\nServiceName=T\n",
    };
    size_t i;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        prf_file *prf = prf_parse(cases[i], strlen(cases[i]), "r");
        size_t j, k;
        CHECK(prf != NULL);
        /* every parsed value formats to text that converts back */
        for (j = 0; j < prf_service_count(prf); j++) {
            const prf_service *s = prf_service_at(prf, j);
            for (k = 0; k < s->count; k++) {
                char *t = NULL, err[160];
                mapisvc_prop q;
                CHECK(prf_format_value(&s->props[k].prop, &t, err, sizeof(err)) == 0);
                CHECK(t && prf_convert(s->props[k].prop.tag, t, &q, err, sizeof(err)) == 0);
                if (t) mapisvc_prop_free(&q);
                free(t);
            }
        }
        prf_free(prf);
    }
    /* BOM-only UTF-16 with a high surrogate at the very end */
    {
        static const uint8_t tail[] = { 0xFF, 0xFE, 'a', 0, 0x3D, 0xD8 };
        prf_file *prf = prf_parse(tail, sizeof(tail), "r");
        CHECK(prf != NULL);
        prf_free(prf);
    }
}

int main(void)
{
    test_empty();
    test_oct_file();
    test_raw_tags();
    test_problems();
    test_general_values();
    test_mappings();
    test_line_endings();
    test_encodings();
    test_convert();
    test_assignment();
    test_round_trip();
    test_format_value();
    test_utf16_out();
    test_limits();
    test_regressions();

    return test_report();
}
