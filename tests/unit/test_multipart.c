/* test_multipart.c — the multipart parser: byte-exact at read-boundary sizes, no part
 * ever dropped across many boundaries, malformed bodies refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "multipart.h"

struct buf {
    char *data;
    size_t len, cap;
};

static void put(struct buf *b, const void *data, size_t len)
{
    if (b->len + len + 1 > b->cap) {
        b->cap = (b->len + len + 1) * 2;
        b->data = realloc(b->data, b->cap);
        assert_non_null(b->data);
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s) { put(b, s, strlen(s)); }

/* Deterministic bytes that include CR, LF and '-' often, to tempt a parser. */
static void fill(char *p, size_t n, unsigned seed)
{
    static const char tricky[] = "\r\n--\r\n-";
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        p[i] = (x % 7 == 0) ? tricky[x % 7] : (char)(x & 0xff);
    }
}

static void build(struct buf *b, const char *boundary, const char *file, size_t flen)
{
    puts_(b, "--");
    puts_(b, boundary);
    puts_(b, "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n检验报告\r\n--");
    puts_(b, boundary);
    puts_(b, "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\\\Users\\\\a\\\\报告.pdf\"\r\n"
             "Content-Type: application/pdf\r\n\r\n");
    put(b, file, flen);
    puts_(b, "\r\n--");
    puts_(b, boundary);
    puts_(b, "--\r\n");
}

static void check_roundtrip(size_t size, const char *boundary, unsigned seed)
{
    struct buf b = {0};
    struct mp_form form;
    const char *why = NULL;
    char *file = malloc(size ? size : 1);

    assert_non_null(file);
    fill(file, size, seed);
    build(&b, boundary, file, size);
    assert_int_equal(mp_parse(b.data, b.len, boundary, &form, &why), 0);
    assert_int_equal(form.n, 2);
    assert_string_equal(form.parts[0].name, "title");
    assert_null(form.parts[0].filename);
    assert_int_equal(form.parts[0].len, strlen("检验报告"));
    assert_memory_equal(form.parts[0].data, "检验报告", form.parts[0].len);
    assert_string_equal(form.parts[1].name, "file");
    assert_string_equal(form.parts[1].filename, "报告.pdf");
    assert_string_equal(form.parts[1].content_type, "application/pdf");
    assert_int_equal(form.parts[1].len, size);
    if (size)
        assert_memory_equal(form.parts[1].data, file, size);
    mp_free(&form);
    free(file);
    free(b.data);
}

static void test_sizes_byte_exact(void **state)
{
    static const size_t sizes[] = {0, 1, 2, 4094, 4095, 4096, 4097, 8190, 8191, 8192, 8193,
                                   65535, 65536, 1 << 20, (1 << 20) + 1};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        check_roundtrip(sizes[i], "----WebKitFormBoundary7MA4YWxkTrZu0gW", (unsigned)i + 1);
}

/* ClearSilver's parser lost ~1 in 100 uploads in a long-lived process; here every one
 * of 500 bodies with different boundaries (lengths 1..70) must come back whole. */
static void test_500_boundaries_none_dropped(void **state)
{
    static const char bchars[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=?";
    char boundary[71];
    int ok = 0;

    for (int i = 0; i < 500; i++) {
        size_t blen = 1 + (size_t)(i % 70);
        for (size_t j = 0; j < blen; j++)
            boundary[j] = bchars[(i * 31 + j * 7) % (sizeof bchars - 1)];
        boundary[blen] = '\0';
        check_roundtrip((size_t)(i * 37 % 9000), boundary, (unsigned)i + 100);
        ok++;
    }
    assert_int_equal(ok, 500);
}

static void test_boundary_header(void **state)
{
    char b[71];
    const char *why;

    assert_int_equal(mp_boundary("multipart/form-data; boundary=abc123", b, &why), 0);
    assert_string_equal(b, "abc123");
    assert_int_equal(mp_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b:c\"", b, &why), 0);
    assert_string_equal(b, "a b:c");
    assert_int_equal(mp_boundary("multipart/form-data;boundary=----X", b, &why), 0);
    assert_string_equal(b, "----X");
    /* refused */
    assert_int_equal(mp_boundary("multipart/form-data", b, &why), -1);
    assert_int_equal(mp_boundary("multipart/form-data; boundary=", b, &why), -1);
    assert_int_equal(mp_boundary("multipart/form-data; boundary=\"\"", b, &why), -1);
    assert_int_equal(mp_boundary("multipart/form-data; boundary=\"ends with space \"", b, &why), -1);
    assert_int_equal(mp_boundary("multipart/form-data; boundary=bad<char>", b, &why), -1);
    assert_int_equal(mp_boundary("multipart/mixed; boundary=abc", b, &why), -1);
    assert_int_equal(mp_boundary("multipart/form-datax; boundary=abc", b, &why), -1);
    assert_int_equal(mp_boundary("text/plain", b, &why), -1);
    assert_int_equal(mp_boundary("multipart/form-data; boundary=\"unterminated", b, &why), -1);
    assert_int_equal(mp_boundary("multipart/form-data; boundary="
                                 "12345678901234567890123456789012345678901234567890123456789012345678901",
                                 b, &why), -1);
}

static int parse_str(const char *body, const char *boundary, struct mp_form *form)
{
    const char *why = NULL;
    int rc = mp_parse(body, strlen(body), boundary, form, &why);
    if (rc == 0)
        assert_null(why);
    else
        assert_non_null(why);
    return rc;
}

static void test_preamble_epilogue_and_padding(void **state)
{
    struct mp_form f;
    assert_int_equal(parse_str("this is a preamble\r\n--xx \t\r\n"
                               "Content-Disposition: form-data; name=a\r\n\r\n1\r\n--xx--\r\nepilogue",
                               "xx", &f), 0);
    assert_int_equal(f.n, 1);
    assert_string_equal(f.parts[0].name, "a");
    assert_int_equal(f.parts[0].len, 1);
    mp_free(&f);
}

static void test_data_with_near_boundaries(void **state)
{
    struct mp_form f;
    /* The body holds "--bound" and "\r\n--boun" but never the full delimiter. */
    assert_int_equal(parse_str("--bound\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n"
                               "--bound\r\n--boun\r\n-bound--\r\n--bound--",
                               "bound", &f), 0);
    assert_int_equal(f.n, 1);
    assert_int_equal(f.parts[0].len, strlen("--bound\r\n--boun\r\n-bound--"));
    mp_free(&f);
}

static void test_empty_file_input_and_types(void **state)
{
    struct mp_form f;
    assert_int_equal(parse_str("--b\r\ncontent-disposition: form-data; name=\"f\"; filename=\"\"\r\n"
                               "content-type: application/octet-stream\r\n\r\n\r\n--b--",
                               "b", &f), 0);
    assert_int_equal(f.n, 1);
    assert_non_null(f.parts[0].filename);
    assert_string_equal(f.parts[0].filename, "");
    assert_int_equal(f.parts[0].len, 0);
    mp_free(&f);
}

static void test_empty_form(void **state)
{
    struct mp_form f;
    assert_int_equal(parse_str("--b--\r\n", "b", &f), 0);
    assert_int_equal(f.n, 0);
    mp_free(&f);
}

static void test_bad_bodies_rejected(void **state)
{
    static const char *bad[] = {
        "",                                                                 /* nothing */
        "no boundary at all",                                               /* no opening */
        "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue",       /* no closing */
        "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue\r\n--b", /* closing half */
        "--b\r\nContent-Type: text/plain\r\n\r\nv\r\n--b--",                  /* no disposition */
        "--b\r\nContent-Disposition: attachment; name=a\r\n\r\nv\r\n--b--",   /* not form-data */
        "--b\r\nContent-Disposition: form-data\r\n\r\nv\r\n--b--",            /* no name */
        "--b\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nv\r\n--b--",  /* empty name */
        "--b\r\nContent-Disposition: form-data; name=;x=1\r\n\r\nv\r\n--b--", /* empty name */
        "--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--b--",  /* open quote */
        "--b\r\nno colon here\r\n\r\nv\r\n--b--",                             /* header syntax */
        "--b\r\nContent-Disposition: form-data;\r\n name=a\r\n\r\nv\r\n--b--", /* folded */
        "--b\r\nContent-Disposition: form-data; name=a",                      /* headers cut */
        "--bX\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--b--",   /* junk after delim */
        "--b\r\n\r\nv\r\n--b--",                                             /* no headers */
        "--b\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\nv\r\n--b--", /* two names */
        "--b\r\nContent-Disposition: form-data; name=a; filename=\"x\x01y\"\r\n\r\nv\r\n--b--",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct mp_form f;
        if (parse_str(bad[i], "b", &f) != -1)
            fail_msg("body %zu was accepted", i);
        assert_int_equal(f.n, 0);
        assert_null(f.parts);
    }
}

static void test_embedded_nul_in_header_rejected(void **state)
{
    static const char body[] = "--b\r\nContent-Disposition: form-data; name=a\0x\r\n\r\nv\r\n--b--";
    struct mp_form f;
    const char *why;
    assert_int_equal(mp_parse(body, sizeof body - 1, "b", &f, &why), -1);
}

static void test_too_many_parts(void **state)
{
    struct buf b = {0};
    struct mp_form f;
    const char *why;

    for (int i = 0; i <= MP_MAX_PARTS; i++)
        puts_(&b, "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n");
    puts_(&b, "--b--");
    assert_int_equal(mp_parse(b.data, b.len, "b", &f, &why), -1);
    assert_string_equal(why, "too many parts");
    free(b.data);
}

static void test_oversized_headers(void **state)
{
    struct buf b = {0};
    struct mp_form f;
    const char *why;

    puts_(&b, "--b\r\nContent-Disposition: form-data; name=a\r\n");
    for (int i = 0; i < 400; i++)
        puts_(&b, "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
    puts_(&b, "\r\nv\r\n--b--");
    assert_int_equal(mp_parse(b.data, b.len, "b", &f, &why), -1);
    free(b.data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes_byte_exact),
        cmocka_unit_test(test_500_boundaries_none_dropped),
        cmocka_unit_test(test_boundary_header),
        cmocka_unit_test(test_preamble_epilogue_and_padding),
        cmocka_unit_test(test_data_with_near_boundaries),
        cmocka_unit_test(test_empty_file_input_and_types),
        cmocka_unit_test(test_empty_form),
        cmocka_unit_test(test_bad_bodies_rejected),
        cmocka_unit_test(test_embedded_nul_in_header_rejected),
        cmocka_unit_test(test_too_many_parts),
        cmocka_unit_test(test_oversized_headers),
    };
    return cmocka_run_group_tests_name("multipart", tests, NULL, NULL);
}
