/* test_reqparse.c — the request reader (lib/reqparse.c): urlencoded fields into Query.*
 * decoded as ClearSilver's cgi_url_unescape decodes (checked against it), repeated names
 * as numbered children, refused names and NUL bytes, the field cap, and cookies (first
 * of a name wins). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ClearSilver.h>

#include "reqparse.h"

static HDF *fresh(void)
{
    HDF *hdf = NULL;
    assert_int_equal(hdf_init(&hdf), STATUS_OK);
    return hdf;
}

static int parse(HDF *hdf, const char *s) { return reqparse_urlencoded(hdf, s, strlen(s)); }

static void assert_value(HDF *hdf, const char *name, const char *want)
{
    const char *got = hdf_get_value(hdf, name, NULL);
    if (!want) {
        if (got)
            fail_msg("%s: want no value, got '%s'", name, got);
        return;
    }
    if (!got)
        fail_msg("%s: no value, want '%s'", name, want);
    assert_string_equal(got, want);
}

static int children(HDF *hdf, const char *name)
{
    int n = 0;
    for (HDF *c = hdf_get_child(hdf, name); c; c = hdf_obj_next(c))
        n++;
    return n;
}

static void test_decoding(void **state)
{
    HDF *hdf = fresh();
    assert_int_equal(parse(hdf, "q=%E7%94%B5%E6%A2%AF&s=a%2Bb%26c%3Dd&l=%e7%89%b9%e6%a3%80&t=a+b++c"), 0);
    assert_value(hdf, "Query.q", "电梯");
    assert_value(hdf, "Query.s", "a+b&c=d");
    assert_value(hdf, "Query.l", "特检");
    assert_value(hdf, "Query.t", "a b  c");
    /* Raw UTF-8 and '=' inside a value are kept; names are decoded too. */
    assert_int_equal(parse(hdf, "raw=特检&eq=a=b=c&n%61me=x"), 0);
    assert_value(hdf, "Query.raw", "特检");
    assert_value(hdf, "Query.eq", "a=b=c");
    assert_value(hdf, "Query.name", "x");
    hdf_destroy(&hdf);
}

/* A '%' without two hex digits after it stays literal. */
static void test_bad_percent(void **state)
{
    static const char *cases[][2] = {
        {"v=%", "%"},        {"v=%4", "%4"},       {"v=%zz", "%zz"},   {"v=%%41", "%A"},
        {"v=%4g1", "%4g1"},  {"v=100%", "100%"},   {"v=%+1", "% 1"},   {"v=%G0", "%G0"},
        {"v=%%%", "%%%"},    {"v=a%2", "a%2"},     {"v=%2%41", "%2A"}, {"v=%é", "%é"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        HDF *hdf = fresh();
        assert_int_equal(parse(hdf, cases[i][0]), 0);
        assert_value(hdf, "Query.v", cases[i][1]);
        hdf_destroy(&hdf);
    }
}

/* Values decode exactly as ClearSilver's own decoder did, over many random strings of
 * the characters that matter ('%', '+', hex digits and not). */
static void test_same_as_clearsilver(void **state)
{
    static const char alphabet[] = "%%%++0479aAfFgGz =\xe7\x94";
    uint32_t x = 12345;
    char in[40], field[48], *theirs;

    for (int round = 0; round < 20000; round++) {
        size_t n = 0, len;
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        len = x % 24;
        for (; n < len; n++) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            in[n] = alphabet[x % (sizeof alphabet - 1)];
        }
        in[n] = '\0';
        if (strstr(in, "%00"))
            continue; /* a NUL: refused here, truncated by ClearSilver (test_nul) */
        snprintf(field, sizeof field, "v=%s", in);
        theirs = strdup(in);
        assert_non_null(theirs);
        cgi_url_unescape(theirs);
        HDF *hdf = fresh();
        assert_int_equal(parse(hdf, field), 0);
        if (strcmp(hdf_get_value(hdf, "Query.v", ""), theirs) != 0)
            fail_msg("'%s': got '%s', ClearSilver '%s'", in, hdf_get_value(hdf, "Query.v", ""), theirs);
        hdf_destroy(&hdf);
        free(theirs);
    }
}

static void test_repeated_names(void **state)
{
    HDF *hdf = fresh();
    assert_int_equal(parse(hdf, "id=3&x=1&id=5&id=&id=9"), 0);
    assert_value(hdf, "Query.id", "9"); /* the last value, with every value below it */
    assert_int_equal(children(hdf, "Query.id"), 4);
    assert_value(hdf, "Query.id.0", "3");
    assert_value(hdf, "Query.id.1", "5");
    assert_value(hdf, "Query.id.2", "");
    assert_value(hdf, "Query.id.3", "9");
    assert_value(hdf, "Query.x", "1");
    assert_int_equal(children(hdf, "Query.x"), 0);
    /* A second input (the body after the query string) appends to the same names. */
    assert_int_equal(parse(hdf, "x=2"), 0);
    assert_value(hdf, "Query.x", "2");
    assert_value(hdf, "Query.x.0", "1");
    assert_value(hdf, "Query.x.1", "2");
    hdf_destroy(&hdf);
}

static void test_empty_values_and_fields(void **state)
{
    HDF *hdf = fresh();
    assert_int_equal(parse(hdf, "a&&b=&&c=1&"), 0);
    assert_value(hdf, "Query.a", "");
    assert_value(hdf, "Query.b", "");
    assert_value(hdf, "Query.c", "1");
    assert_int_equal(children(hdf, "Query"), 3);
    hdf_destroy(&hdf);

    hdf = fresh();
    assert_int_equal(parse(hdf, "&"), 0);
    assert_int_equal(parse(hdf, "&&&"), 0);
    assert_int_equal(parse(hdf, ""), 0);
    assert_null(hdf_get_obj(hdf, "Query"));
    hdf_destroy(&hdf);
}

static void test_dotted_and_bracket_names(void **state)
{
    HDF *hdf = fresh();
    assert_int_equal(parse(hdf, "f.kind=elevator&ids[]=1&ids[]=2&a-b_c=3&file.FileHandle=1"), 0);
    assert_value(hdf, "Query.f.kind", "elevator");
    assert_value(hdf, "Query.ids[].0", "1");
    assert_value(hdf, "Query.ids[].1", "2");
    assert_value(hdf, "Query.a-b_c", "3");
    assert_value(hdf, "Query.file.FileHandle", "1");
    hdf_destroy(&hdf);
}

/* Names that are not form names are refused, one by one: the rest are still set. */
static void test_refused_names(void **state)
{
    static const char *bad[] = {
        "=1", ".a=1", "a.=1", "a..b=1", "a+b=1", "a%20b=1", "%E7%94%B5=1", "<x>=1", "a/b=1",
        "a%3Db=1", "a%26b=1", "a'b=1", "%2E=1", "a%0Ab=1",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char field[64];
        HDF *hdf = fresh();
        snprintf(field, sizeof field, "ok=1&%s&z=2", bad[i]);
        if (parse(hdf, field) != 1)
            fail_msg("'%s' not refused", bad[i]);
        assert_value(hdf, "Query.ok", "1");
        assert_value(hdf, "Query.z", "2");
        assert_int_equal(children(hdf, "Query"), 2);
        hdf_destroy(&hdf);
    }
}

static void test_long_names(void **state)
{
    char s[400], key[160];
    HDF *hdf = fresh();

    memset(s, 'n', 100); /* 100 bytes: the longest name */
    strcpy(s + 100, "=ok");
    assert_int_equal(parse(hdf, s), 0);
    snprintf(key, sizeof key, "Query.%.100s", s);
    assert_value(hdf, key, "ok");
    memset(s, 'm', 101);
    strcpy(s + 101, "=no");
    assert_int_equal(parse(hdf, s), 1);
    assert_null(hdf_get_obj(hdf, "Query.m"));
    hdf_destroy(&hdf);

    /* Length counts decoded bytes: 101 'm' spelled %6D are refused, 100 are not. */
    hdf = fresh();
    for (int i = 0; i < 101; i++)
        memcpy(s + 3 * i, "%6D", 3);
    strcpy(s + 303, "=no");
    assert_int_equal(parse(hdf, s), 1);
    strcpy(s + 300, "=yes");
    assert_int_equal(parse(hdf, s), 0);
    snprintf(key, sizeof key, "Query.%.100s", "mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm"
                                               "mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm");
    assert_value(hdf, key, "yes");
    assert_int_equal(children(hdf, "Query"), 1);
    hdf_destroy(&hdf);
}

/* %00 in a name or value refuses the field (ClearSilver silently cut the value there);
 * a raw NUL inside the given length too (a POST body is bytes, not a C string). */
static void test_nul(void **state)
{
    HDF *hdf = fresh();
    assert_int_equal(parse(hdf, "a=x%00y&b=1&c%00d=2&e=%00"), 3);
    assert_value(hdf, "Query.a", NULL);
    assert_value(hdf, "Query.c", NULL);
    assert_value(hdf, "Query.e", NULL);
    assert_value(hdf, "Query.b", "1");
    static const char raw[] = "a=x\0y&b=2&c\0=3";
    assert_int_equal(reqparse_urlencoded(hdf, raw, sizeof raw - 1), 2);
    assert_value(hdf, "Query.a", NULL);
    assert_value(hdf, "Query.b", "2");
    hdf_destroy(&hdf);
}

/* Only len bytes are read: the input need not end in NUL. */
static void test_length_bound(void **state)
{
    HDF *hdf = fresh();
    char *s = malloc(7);
    assert_non_null(s);
    memcpy(s, "a=1&b=2", 7); /* no NUL: ASan would see a read past it */
    assert_int_equal(reqparse_urlencoded(hdf, s, 3), 0);
    assert_value(hdf, "Query.a", "1");
    assert_value(hdf, "Query.b", NULL);
    assert_int_equal(reqparse_urlencoded(hdf, s + 4, 3), 0);
    assert_value(hdf, "Query.b", "2");
    assert_int_equal(reqparse_urlencoded(hdf, s, 5), 0); /* "a=1&b": b is empty */
    assert_value(hdf, "Query.b", "");
    /* A '%' and one hex digit at the end stay literal, whatever follows in memory. */
    assert_int_equal(reqparse_urlencoded(hdf, "p=%41", 4), 0);
    assert_value(hdf, "Query.p", "%4");
    assert_int_equal(reqparse_urlencoded(hdf, "r=%41", 3), 0);
    assert_value(hdf, "Query.r", "%");
    free(s);
    hdf_destroy(&hdf);
}

/* A 100 KB query string: one long value decodes whole; many fields stop at the cap, and
 * the same name repeated 25 000 times stays fast (the cap bounds the repeats). */
static void test_100k(void **state)
{
    size_t n = 100 * 1024;
    char *s = malloc(n + 16);
    HDF *hdf = fresh();
    clock_t t0;

    assert_non_null(s);
    memcpy(s, "big=", 4);
    for (size_t i = 4; i < n; i += 3)
        memcpy(s + i, "%41", 3);
    n = 4 + (n - 4) / 3 * 3;
    assert_int_equal(reqparse_urlencoded(hdf, s, n), 0);
    assert_int_equal(strlen(hdf_get_value(hdf, "Query.big", "")), (n - 4) / 3);
    assert_int_equal(strspn(hdf_get_value(hdf, "Query.big", ""), "A"), (n - 4) / 3);
    hdf_destroy(&hdf);

    /* Distinct names: "k0=v&k1=v&..." up to 100 KB. */
    size_t len = 0;
    int fields = 0;
    while (len + 16 < 100 * 1024)
        len += (size_t)sprintf(s + len, "k%d=v&", fields++);
    hdf = fresh();
    assert_int_equal(reqparse_urlencoded(hdf, s, len), fields - REQPARSE_MAX_FIELDS);
    assert_int_equal(children(hdf, "Query"), REQPARSE_MAX_FIELDS);
    assert_value(hdf, "Query.k0", "v");
    assert_value(hdf, "Query.k1999", "v");
    assert_value(hdf, "Query.k2000", NULL);
    hdf_destroy(&hdf);

    /* One name, 25 600 times. */
    for (len = 0; len + 4 <= 100 * 1024; len += 4)
        memcpy(s + len, "a=1&", 4);
    hdf = fresh();
    t0 = clock();
    assert_int_equal(reqparse_urlencoded(hdf, s, len), (int)(len / 4) - REQPARSE_MAX_FIELDS);
    assert_int_equal(children(hdf, "Query.a"), REQPARSE_MAX_FIELDS);
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
    hdf_destroy(&hdf);
    free(s);
}

/* ---- cookies ------------------------------------------------------------------- */

static void test_cookies(void **state)
{
    HDF *hdf = fresh();
    assert_int_equal(reqparse_cookies(hdf, "tj_session=abc; tj_csrf=0123"), 0);
    assert_value(hdf, "Cookie.tj_session", "abc");
    assert_value(hdf, "Cookie.tj_csrf", "0123");
    hdf_destroy(&hdf);

    /* Spaces and tabs around names and values; no space after ';'; a trailing ';'. */
    hdf = fresh();
    assert_int_equal(reqparse_cookies(hdf, "  a = 1 ;b=2;\tc\t=\t3 x\t;"), 0);
    assert_value(hdf, "Cookie.a", "1");
    assert_value(hdf, "Cookie.b", "2");
    assert_value(hdf, "Cookie.c", "3 x");
    assert_int_equal(children(hdf, "Cookie"), 3);
    hdf_destroy(&hdf);
}

/* The first of a name wins: the browser sends the most specific path's cookie first. */
static void test_cookie_duplicates(void **state)
{
    HDF *hdf = fresh();
    assert_int_equal(reqparse_cookies(hdf, "tj_csrf=specific; other=1; tj_csrf=broad; tj_csrf=x"), 0);
    assert_value(hdf, "Cookie.tj_csrf", "specific");
    assert_int_equal(children(hdf, "Cookie"), 2);
    hdf_destroy(&hdf);

    /* An empty value is no cookie: the next one of the name counts. */
    hdf = fresh();
    assert_int_equal(reqparse_cookies(hdf, "a=; a=2; a=3"), 0);
    assert_value(hdf, "Cookie.a", "2");
    hdf_destroy(&hdf);
}

static void test_cookie_oddities(void **state)
{
    HDF *hdf = fresh();
    assert_int_equal(reqparse_cookies(hdf, "flag; =x; a.b=1; $Version=1; a b=2; =; ;; ok=yes; "
                                           "q=\"quoted value\"; e=b=c; pct=%41; 电=1"), 0);
    assert_value(hdf, "Cookie.ok", "yes");
    assert_value(hdf, "Cookie.q", "\"quoted value\"");
    assert_value(hdf, "Cookie.e", "b=c");
    assert_value(hdf, "Cookie.pct", "%41"); /* values are not decoded */
    assert_null(hdf_get_obj(hdf, "Cookie.a"));
    assert_null(hdf_get_obj(hdf, "Cookie.flag"));
    assert_int_equal(children(hdf, "Cookie"), 4);
    hdf_destroy(&hdf);

    hdf = fresh();
    assert_int_equal(reqparse_cookies(hdf, NULL), 0);
    assert_int_equal(reqparse_cookies(hdf, ""), 0);
    assert_int_equal(reqparse_cookies(hdf, "novalue; x="), 0);
    assert_null(hdf_get_obj(hdf, "Cookie"));
    hdf_destroy(&hdf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decoding),
        cmocka_unit_test(test_bad_percent),
        cmocka_unit_test(test_same_as_clearsilver),
        cmocka_unit_test(test_repeated_names),
        cmocka_unit_test(test_empty_values_and_fields),
        cmocka_unit_test(test_dotted_and_bracket_names),
        cmocka_unit_test(test_refused_names),
        cmocka_unit_test(test_long_names),
        cmocka_unit_test(test_nul),
        cmocka_unit_test(test_length_bound),
        cmocka_unit_test(test_100k),
        cmocka_unit_test(test_cookies),
        cmocka_unit_test(test_cookie_duplicates),
        cmocka_unit_test(test_cookie_oddities),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
