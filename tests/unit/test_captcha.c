/* test_captcha.c — captcha codes, PNG rendering (TrueType and fallback), the kept font,
 * the PNG encoding (decoded back with libpng), the expiry sweep's timing and answer hashing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "captcha.h"
#include "util.h"

static const unsigned char PNG_SIG[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void assert_code(const char *answer)
{
    assert_int_equal(strlen(answer), CAPTCHA_LEN);
    for (const char *p = answer; *p; p++)
        if (!strchr(CAPTCHA_ALPHABET, *p))
            fail_msg("'%c' in '%s' is not in the alphabet", *p, answer);
}

/* Signature, then the IHDR chunk first: length 13, "IHDR", width, height (big-endian). */
static void assert_png(const void *png, int len)
{
    const unsigned char *b = png;
    assert_non_null(png);
    assert_true(len > 33);
    assert_memory_equal(b, PNG_SIG, sizeof PNG_SIG);
    assert_int_equal(be32(b + 8), 13);
    assert_memory_equal(b + 12, "IHDR", 4);
    assert_int_equal(be32(b + 16), CAPTCHA_WIDTH);
    assert_int_equal(be32(b + 20), CAPTCHA_HEIGHT);
}

/* The PNG decoded by libpng's reader into 8-bit RGB (malloc'd, 3 bytes a pixel, rows of
 * CAPTCHA_WIDTH): it must decode to an image of the right size, not just have a good header. */
static unsigned char *decode_rgb(const void *png, int len)
{
    png_image im;
    unsigned char *rgb;

    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&im, png, (size_t)len))
        fail_msg("PNG does not decode: %s", im.message);
    assert_int_equal(im.width, CAPTCHA_WIDTH);
    assert_int_equal(im.height, CAPTCHA_HEIGHT);
    im.format = PNG_FORMAT_RGB;
    assert_int_equal(PNG_IMAGE_SIZE(im), CAPTCHA_WIDTH * CAPTCHA_HEIGHT * 3);
    assert_non_null(rgb = malloc(PNG_IMAGE_SIZE(im)));
    if (!png_image_finish_read(&im, NULL, rgb, 0, NULL))
        fail_msg("PNG does not decode: %s", im.message);
    png_image_free(&im);
    return rgb;
}

/* CAPTCHA_SAMPLE=/tmp/captcha-sample.png (CAPTCHA_SAMPLE_FALLBACK for the built-in font)
 * keeps one image to look at. */
static void maybe_save(const char *env, const void *png, int len, const char *answer)
{
    const char *path = getenv(env);
    FILE *f;
    if (!path || !*path)
        return;
    assert_non_null(f = fopen(path, "wb"));
    assert_int_equal(fwrite(png, 1, (size_t)len, f), (size_t)len);
    assert_int_equal(fclose(f), 0);
    print_message("sample %s written to %s\n", answer, path);
}

static void test_alphabet(void **state)
{
    static const char banned[] = "0OQD1ILJ5S2Z8BUV";
    assert_string_equal(CAPTCHA_ALPHABET, "ACEFGHKMNPRTWXY34679");
    for (const char *p = banned; *p; p++)
        assert_null(strchr(CAPTCHA_ALPHABET, *p));
}

static void test_new_png(void **state)
{
    char answer[CAPTCHA_LEN + 1];
    void *png = NULL;
    int len = 0;

    assert_int_equal(captcha_new(NULL, answer, &png, &len), 0);
    assert_code(answer);
    assert_png(png, len);
    maybe_save("CAPTCHA_SAMPLE", png, len, answer);
    captcha_free_png(png);
    captcha_free_png(NULL);
}

/* The PNG must decode back to an image of the right size, not just have a good header. */
static void test_png_decodes(void **state)
{
    char answer[CAPTCHA_LEN + 1];
    void *png = NULL;
    int len = 0;

    assert_int_equal(captcha_new(CAPTCHA_FONT_DEFAULT, answer, &png, &len), 0);
    free(decode_rgb(png, len));
    captcha_free_png(png);
}

/* 8-bit RGB, not interlaced (IHDR after the length, type and size: depth, colour type,
 * compression, filter method, interlace), and compressed: stored it would be over 27 KB. */
static void test_png_encoding(void **state)
{
    char answer[CAPTCHA_LEN + 1];
    void *png = NULL;
    int len = 0;
    const unsigned char *b;

    assert_int_equal(captcha_new(NULL, answer, &png, &len), 0);
    b = png;
    assert_png(png, len);
    assert_int_equal(b[24], 8);
    assert_int_equal(b[25], 2);
    assert_int_equal(b[28], 0);
    assert_true(len < 12000);
    assert_memory_equal(b + len - 8, "IEND", 4);
    captcha_free_png(png);
}

/* Dark pixels (r + g + b < 300) in one new captcha drawn with `font`. */
static int ink(const char *font)
{
    char answer[CAPTCHA_LEN + 1];
    void *png = NULL;
    int len = 0, n = 0;
    unsigned char *rgb;

    assert_int_equal(captcha_new(font, answer, &png, &len), 0);
    assert_code(answer);
    rgb = decode_rgb(png, len);
    for (int i = 0; i < CAPTCHA_WIDTH * CAPTCHA_HEIGHT; i++)
        n += rgb[3 * i] + rgb[3 * i + 1] + rgb[3 * i + 2] < 300;
    free(rgb);
    captcha_free_png(png);
    return n;
}

static int mean_ink(const char *font)
{
    int sum = 0;
    for (int i = 0; i < 20; i++)
        sum += ink(font);
    return sum / 20;
}

/* The text is really drawn, with the TrueType font when it loads. Measured over 200 runs of
 * 20 images (spread of the mean in brackets): noise alone ~1 070 dark pixels an image (39),
 * ~900 (23) with the fallback's 1 px curves; cairo's built-in font ~1 370 (27; libgd's
 * doubled Giant font was ~1 530), the TrueType glyphs ~2 050 (40; on the libgd canvas
 * ~2 040). So a mean over 1 800 means TrueType glyphs, 1 130..1 800 the fallback font: each
 * limit 6 spreads or more from the means on both of its sides. The font is kept
 * open between captchas: switching to a missing font and back, or releasing it, must not
 * lose it. */
static void test_text_drawn_font_kept(void **state)
{
    int m;

    m = mean_ink(NULL);
    if (m < 1800)
        fail_msg("TrueType captchas: mean %d dark pixels, expected > 1800", m);
    m = mean_ink("/nonexistent/NoSuchFont.ttf");
    if (m < 1130 || m > 1800)
        fail_msg("fallback captchas: mean %d dark pixels, expected 1130..1800", m);
    m = mean_ink(CAPTCHA_FONT_DEFAULT);
    if (m < 1800)
        fail_msg("TrueType after the fallback: mean %d dark pixels", m);
    captcha_font_release();
    captcha_font_release();
    m = mean_ink(NULL);
    if (m < 1800)
        fail_msg("TrueType after release: mean %d dark pixels", m);
    /* A file that is not a font falls back like a missing one. */
    m = mean_ink("/etc/passwd");
    if (m < 1130 || m > 1800)
        fail_msg("not-a-font captchas: mean %d dark pixels", m);
}

/* No image is ever served twice: each captcha is drawn afresh. */
static void test_images_differ(void **state)
{
    char a[CAPTCHA_LEN + 1], b[CAPTCHA_LEN + 1];
    void *pa = NULL, *pb = NULL;
    int la = 0, lb = 0;

    assert_int_equal(captcha_new(NULL, a, &pa, &la), 0);
    assert_int_equal(captcha_new(NULL, b, &pb, &lb), 0);
    assert_true(la != lb || memcmp(pa, pb, (size_t)la) != 0);
    captcha_free_png(pa);
    captcha_free_png(pb);
}

static void test_sweep_due(void **state)
{
    double last = -1;

    assert_int_equal(captcha_sweep_due(5.0, &last), 1); /* never swept: now, even at boot */
    assert_true(last == 5.0);
    assert_int_equal(captcha_sweep_due(5.0, &last), 0);
    assert_int_equal(captcha_sweep_due(5.0 + CAPTCHA_SWEEP_SECONDS - 0.5, &last), 0);
    assert_true(last == 5.0);
    assert_int_equal(captcha_sweep_due(5.0 + CAPTCHA_SWEEP_SECONDS, &last), 1);
    assert_true(last == 5.0 + CAPTCHA_SWEEP_SECONDS);
    assert_int_equal(captcha_sweep_due(6.0 + CAPTCHA_SWEEP_SECONDS, &last), 0);
    assert_int_equal(captcha_sweep_due(1000.0, &last), 1);
}

static void test_codes_cover_alphabet(void **state)
{
    int seen[256] = {0};
    char answer[CAPTCHA_LEN + 1];
    void *png = NULL;
    int len = 0;

    for (int i = 0; i < 2000; i++) {
        assert_int_equal(captcha_new(NULL, answer, &png, &len), 0);
        captcha_free_png(png);
        assert_int_equal(strlen(answer), CAPTCHA_LEN);
        for (const char *p = answer; *p; p++)
            seen[(unsigned char)*p]++;
    }
    for (int c = 0; c < 256; c++) {
        int in = c != 0 && strchr(CAPTCHA_ALPHABET, c) != NULL;
        if (in && seen[c] == 0)
            fail_msg("'%c' never appeared in 2000 codes", c);
        if (!in && seen[c] != 0)
            fail_msg("0x%02x appeared %d times but is not in the alphabet", c, seen[c]);
    }
}

/* 20^5 codes: three equal in a row has odds of about 1 in 10^13. */
static void test_codes_differ(void **state)
{
    char a[3][CAPTCHA_LEN + 1];
    void *png = NULL;
    int len = 0;

    for (int i = 0; i < 3; i++) {
        assert_int_equal(captcha_new(NULL, a[i], &png, &len), 0);
        captcha_free_png(png);
    }
    assert_true(strcmp(a[0], a[1]) != 0 || strcmp(a[1], a[2]) != 0);
}

static void test_fallback_font(void **state)
{
    char answer[CAPTCHA_LEN + 1];
    void *png = NULL;
    int len = 0;

    assert_int_equal(captcha_new("/nonexistent/NoSuchFont.ttf", answer, &png, &len), 0);
    assert_code(answer);
    assert_png(png, len);
    free(decode_rgb(png, len));
    maybe_save("CAPTCHA_SAMPLE_FALLBACK", png, len, answer);
    captcha_free_png(png);
}

static void test_hash_format(void **state)
{
    char h[65], want[65];

    assert_int_equal(captcha_hash("abc", "ACEFG", h), 0);
    /* printf 'abc:ACEFG' | sha256sum */
    assert_string_equal(h, "fb83738b76f4e2f5e0a4625d7e8ee8c994d02d6587a5f285861976a6531090f0");
    assert_int_equal(sha256_hex("abc:ACEFG", 9, want), 0);
    assert_string_equal(h, want);
    /* Normalised before hashing. */
    assert_int_equal(captcha_hash("abc", " \tacEfg \r\n", h), 0);
    assert_string_equal(h, want);
}

static void test_check(void **state)
{
    char h[65];
    char id[33];

    assert_int_equal(random_hex(16, id), 0);
    assert_int_equal(captcha_hash(id, "K7MX4", h), 0);
    assert_int_equal(captcha_check(id, h, "K7MX4"), 1);
    assert_int_equal(captcha_check(id, h, "k7mx4"), 1);
    assert_int_equal(captcha_check(id, h, "  k7Mx4 "), 1);
    assert_int_equal(captcha_check(id, h, "\tK7MX4\n"), 1);
    assert_int_equal(captcha_check(id, h, "K7MX3"), 0);
    assert_int_equal(captcha_check(id, h, "K7MX"), 0);
    assert_int_equal(captcha_check(id, h, "K7MX44"), 0);
    assert_int_equal(captcha_check(id, h, "K7 MX4"), 0);
    assert_int_equal(captcha_check("other", h, "K7MX4"), 0);
    assert_int_equal(captcha_check(id, "", "K7MX4"), 0);
    assert_int_equal(captcha_check(id, NULL, "K7MX4"), 0);
}

static void test_hash_per_id(void **state)
{
    char a[65], b[65];

    assert_int_equal(captcha_hash("id-one", "K7MX4", a), 0);
    assert_int_equal(captcha_hash("id-two", "K7MX4", b), 0);
    assert_string_not_equal(a, b);
}

static void test_bad_input_rejected(void **state)
{
    char h[65], over[CAPTCHA_ANSWER_MAX + 2], longid[CAPTCHA_ID_MAX + 2];

    memset(over, 'A', sizeof over - 1);
    over[sizeof over - 1] = '\0';
    memset(longid, 'a', sizeof longid - 1);
    longid[sizeof longid - 1] = '\0';

    assert_int_equal(captcha_hash("id", "K7MX4", h), 0);
    assert_int_equal(captcha_check("id", h, NULL), 0);
    assert_int_equal(captcha_check("id", h, ""), 0);
    assert_int_equal(captcha_check("id", h, "   "), 0);
    assert_int_equal(captcha_check(NULL, h, "K7MX4"), 0);
    assert_int_equal(captcha_check("", h, "K7MX4"), 0);
    assert_int_equal(captcha_hash("id", over, h), -1);
    assert_int_equal(captcha_check("id", h, over), 0);
    assert_int_equal(captcha_hash(longid, "K7MX4", h), -1);
    assert_int_equal(captcha_hash(NULL, "K7MX4", h), -1);
    assert_int_equal(captcha_hash("id", NULL, h), -1);
    assert_int_equal(captcha_hash("id", " \t ", h), -1);

    /* Exactly the limit is fine, and trimming happens before the length check. */
    over[CAPTCHA_ANSWER_MAX] = '\0';
    assert_int_equal(captcha_hash("id", over, h), 0);
    assert_int_equal(captcha_check("id", h, over), 1);
    char padded[CAPTCHA_ANSWER_MAX + 8];
    snprintf(padded, sizeof padded, "  %s  ", over);
    assert_int_equal(captcha_check("id", h, padded), 1);
    longid[CAPTCHA_ID_MAX] = '\0';
    assert_int_equal(captcha_hash(longid, "K7MX4", h), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alphabet),
        cmocka_unit_test(test_new_png),
        cmocka_unit_test(test_png_decodes),
        cmocka_unit_test(test_png_encoding),
        cmocka_unit_test(test_text_drawn_font_kept),
        cmocka_unit_test(test_images_differ),
        cmocka_unit_test(test_sweep_due),
        cmocka_unit_test(test_codes_cover_alphabet),
        cmocka_unit_test(test_codes_differ),
        cmocka_unit_test(test_fallback_font),
        cmocka_unit_test(test_hash_format),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_hash_per_id),
        cmocka_unit_test(test_bad_input_rejected),
    };
    /* At exit, the font captcha_new keeps open is closed, so valgrind reports no leak. */
    if (atexit(captcha_font_release) != 0)
        return 1;
    return cmocka_run_group_tests_name("captcha", tests, NULL, NULL);
}
