/* test_pdf.c — the PDF builder and the commitment letter: well-formed bytes of a sane size,
 * page breaks for long text and tables, page count, metadata, and sticky errors that free
 * everything and hand back nothing. The text itself, the embedded fonts and the rendering
 * are checked with poppler by tests/pdf-test.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"

static size_t count(const unsigned char *buf, size_t len, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    for (size_t i = 0; i + k <= len; i++)
        if (memcmp(buf + i, needle, k) == 0)
            n++;
    return n;
}

/* Page objects: "/Type /Page" not followed by "s" (the page tree is "/Type /Pages"). */
static int pages(const unsigned char *buf, size_t len)
{
    const char *k = "/Type /Page";
    size_t kl = strlen(k);
    int n = 0;
    for (size_t i = 0; i + kl < len; i++)
        if (memcmp(buf + i, k, kl) == 0 && buf[i + kl] != 's')
            n++;
    return n;
}

static void assert_pdf(const unsigned char *buf, size_t len, size_t min, size_t max)
{
    size_t end = len;
    assert_non_null(buf);
    assert_true(len >= min);
    assert_true(len <= max);
    assert_memory_equal(buf, "%PDF-", 5);
    while (end > 0 && (buf[end - 1] == '\n' || buf[end - 1] == '\r'))
        end--;
    assert_true(end >= 5);
    assert_memory_equal(buf + end - 5, "%%EOF", 5);
}

static void letter_is_one_page_pdf(void **state)
{
    unsigned char *buf = NULL;
    size_t len = 0;

    assert_int_equal(pdf_commitment_letter(&buf, &len), 0);
    assert_pdf(buf, len, 10 * 1024, 200 * 1024);
    assert_int_equal(pages(buf, len), 1);
    assert_true(count(buf, len, "/Creator (tejian)") == 1);
    assert_true(count(buf, len, "/FontFile2") >= 2); /* fonts embedded */
    free(buf);
}

/* A second letter is as good as the first (fonts and caches are per process). */
static void letter_again(void **state)
{
    unsigned char *a = NULL, *b = NULL;
    size_t la = 0, lb = 0;

    assert_int_equal(pdf_commitment_letter(&a, &la), 0);
    assert_int_equal(pdf_commitment_letter(&b, &lb), 0);
    assert_pdf(b, lb, 10 * 1024, 200 * 1024);
    /* Only the creation date may differ, and it has the same length. */
    assert_int_equal(la, lb);
    free(a);
    free(b);
}

static void long_text_breaks_pages(void **state)
{
    static const struct pdf_column cols[] = {{"代码", 40, PDF_ALIGN_LEFT}, {"名称", 0, PDF_ALIGN_LEFT}};
    const char *cells[200 * 2];
    char text[6000] = "";
    unsigned char *buf = NULL;
    size_t len = 0;
    struct pdf_doc *d;

    for (int i = 0; i < 200; i++) {
        cells[i * 2] = "31201201012024000001";
        cells[i * 2 + 1] = i % 10 ? "电梯" : NULL;
    }
    while (strlen(text) + 40 < sizeof text)
        strcat(text, "特种设备安全法规定的定期检验。"); /* 15 characters, 45 bytes */

    d = pdf_new(&(struct pdf_meta){.title = "多页", .author = "测试", .page_numbers = 1});
    assert_non_null(d);
    assert_int_equal(pdf_page_count(d), 1);
    assert_int_equal(pdf_title(d, "多页文件"), 0);
    assert_int_equal(pdf_paragraph(d, NULL, text), 0); /* ~1990 characters ≈ 2 pages */
    assert_true(pdf_page_count(d) >= 2);
    int before = pdf_page_count(d);
    assert_int_equal(pdf_table(d, &(struct pdf_table){.cols = cols, .ncols = 2, .cells = cells,
                                                      .nrows = 200}),
                     0);
    assert_true(pdf_page_count(d) >= before + 4); /* 200 rows of ~7 mm */
    assert_int_equal(pdf_page_break(d), 0);
    int n = pdf_page_count(d);
    assert_int_equal(pdf_space(d, 1000), 0); /* clamped to the page */
    assert_int_equal(pdf_page_count(d), n);
    assert_int_equal(pdf_paragraph(d, NULL, "末页"), 0);
    assert_int_equal(pdf_page_count(d), n + 1);
    assert_int_equal(pdf_finish(d, &buf, &len), 0);
    assert_pdf(buf, len, 10 * 1024, 2 * 1024 * 1024);
    assert_int_equal(pages(buf, len), n + 1);
    free(buf);
}

static void fields_and_styles(void **state)
{
    const struct pdf_field f[] = {
        {"使用单位：", "某某公司<&>", 80}, {"电话：", NULL, 40}, {"", NULL, 20}, {"年", NULL, 0},
        {"很长的标签很长的标签很长的标签：", "值", 150}, /* wraps to its own line */
    };
    const struct pdf_style right = {.font = PDF_FONT_HEADING, .size = 16, .align = PDF_ALIGN_RIGHT,
                                    .left = 40, .space_after = 2};
    unsigned char *buf = NULL;
    size_t len = 0;
    struct pdf_doc *d = pdf_new(NULL);

    assert_non_null(d);
    assert_int_equal(pdf_fields(d, NULL, f, 5), 0);
    assert_int_equal(pdf_fields(d, &right, f, 0), 0);
    assert_int_equal(pdf_paragraph(d, &right, "右对齐 Right"), 0);
    assert_int_equal(pdf_paragraph(d, NULL, ""), 0);
    assert_int_equal(pdf_finish(d, &buf, &len), 0);
    assert_pdf(buf, len, 1024, 200 * 1024);
    assert_int_equal(pages(buf, len), 1);
    free(buf);
}

/* After an error every call fails, pdf_finish hands back nothing, and nothing leaks. */
static void errors_are_sticky(void **state)
{
    static const struct pdf_column wide[] = {{"甲", 100, PDF_ALIGN_LEFT}, {"乙", 100, PDF_ALIGN_LEFT}};
    unsigned char *buf = (unsigned char *)"x";
    size_t len = 7;
    struct pdf_doc *d;

    d = pdf_new(NULL);
    assert_non_null(d);
    assert_int_equal(pdf_paragraph(d, NULL, "bad \xff\xfe utf-8"), -1);
    assert_int_equal(pdf_paragraph(d, NULL, "好的"), -1);
    assert_int_equal(pdf_space(d, 1), -1);
    assert_int_equal(pdf_finish(d, &buf, &len), -1);
    assert_null(buf);
    assert_int_equal(len, 0);

    d = pdf_new(NULL);
    assert_non_null(d);
    assert_int_equal(pdf_table(d, &(struct pdf_table){.cols = wide, .ncols = 2}), -1);
    assert_int_equal(pdf_finish(d, &buf, &len), -1);

    d = pdf_new(NULL);
    assert_int_equal(pdf_paragraph(d, NULL, NULL), -1);
    pdf_free(d);

    d = pdf_new(NULL);
    assert_int_equal(pdf_fields(d, NULL, &(struct pdf_field){NULL, NULL, 10}, 1), -1);
    assert_int_equal(pdf_finish(d, NULL, NULL), -1);

    d = pdf_new(NULL);
    assert_int_equal(pdf_space(d, -1), -1);
    pdf_free(d);

    /* A row that could never fit on a page is refused, not drawn off the page. */
    static char tall[9001];
    memset(tall, 'x', sizeof tall - 1);
    static const struct pdf_column narrow[] = {{NULL, 20, PDF_ALIGN_LEFT}, {NULL, 0, PDF_ALIGN_LEFT}};
    const char *cells[2] = {tall, "y"};
    d = pdf_new(NULL);
    assert_int_equal(pdf_table(d, &(struct pdf_table){.cols = narrow, .ncols = 2, .cells = cells,
                                                      .nrows = 1}),
                     -1);
    pdf_free(d);

    assert_int_equal(pdf_finish(NULL, &buf, &len), -1);
    assert_int_equal(pdf_title(NULL, "x"), -1);
    assert_int_equal(pdf_page_count(NULL), 0);
    pdf_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(letter_is_one_page_pdf),
        cmocka_unit_test(letter_again),
        cmocka_unit_test(long_text_breaks_pages),
        cmocka_unit_test(fields_and_styles),
        cmocka_unit_test(errors_are_sticky),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
