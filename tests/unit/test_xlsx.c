/* test_xlsx.c — the xlsx writer's contract: a zip comes back, errors are sticky and leave
 * nothing (no temp file, no fd, no output), PGresult columns are found by name in any
 * order, and the download header cannot be broken out of. What the cells contain is read
 * back by a real reader in tests/xlsx-readback-test.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "xlsx.h"

static const struct xlsx_column cols[] = {
    {"code", "注册代码", XLSX_TEXT, 24},
    {"due", "下次检验日期", XLSX_DATE, 0},
    {"n", "数量", XLSX_INT, 8},
};

static char tmpdir[] = "/tmp/test-xlsx.XXXXXX";

static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    assert_non_null(d);
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static int open_fds(void) { return entries("/proc/self/fd"); }

static int setup(void **state)
{
    if (!mkdtemp(tmpdir))
        return -1;
    return setenv("TMPDIR", tmpdir, 1);
}

static int teardown(void **state)
{
    return rmdir(tmpdir); /* fails when a temp file was left behind */
}

/* A PGresult without a server: columns names[ncols], rows of values (NULL = SQL NULL). */
static PGresult *result(const char *const *names, int ncols, const char *const *values, int nrows)
{
    PGresAttDesc att[8];
    PGresult *res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);

    assert_non_null(res);
    assert_true(ncols <= 8);
    memset(att, 0, sizeof att);
    for (int i = 0; i < ncols; i++)
        att[i].name = (char *)names[i];
    assert_true(PQsetResultAttrs(res, ncols, att));
    for (int r = 0; r < nrows; r++)
        for (int c = 0; c < ncols; c++) {
            const char *v = values[r * ncols + c];
            assert_true(PQsetvalue(res, r, c, (char *)v, v ? (int)strlen(v) : -1));
        }
    return res;
}

static void assert_zip(const unsigned char *data, size_t len)
{
    assert_non_null(data);
    assert_true(len > 1000);
    assert_memory_equal(data, "PK\x03\x04", 4);
    assert_memory_equal(data + len - 22, "PK\x05\x06", 4); /* end of central directory */
}

static void test_rows_make_a_workbook(void **state)
{
    const char *r1[] = {"33020112345678901234", "2025-03-01", "12"};
    const char *r2[] = {NULL, "", ""};
    unsigned char *data = (unsigned char *)"unset";
    size_t len = 99;
    int fds = open_fds();
    struct xlsx_writer *w = xlsx_begin("设备清单", cols, 3);

    assert_non_null(w);
    assert_int_equal(entries(tmpdir), 0); /* the temp file is unlinked from the start */
    assert_true(open_fds() > fds);
    assert_int_equal(xlsx_add_row(w, r1), 0);
    assert_int_equal(xlsx_add_row(w, r2), 0);
    assert_int_equal(xlsx_add_row(w, NULL), 0); /* an all-blank row */
    assert_int_equal(xlsx_rows(w), 3);
    assert_int_equal(xlsx_finish(w, &data, &len), 0);
    assert_zip(data, len);
    assert_int_equal(open_fds(), fds);
    assert_int_equal(entries(tmpdir), 0);
    free(data);
}

static void test_result_columns_by_name(void **state)
{
    /* the query's column order differs from the export's, and has an extra column */
    const char *names[] = {"n", "extra", "code", "due"};
    const char *vals[] = {"1", "x", "A1", "2024-02-29", NULL, NULL, NULL, NULL};
    PGresult *res = result(names, 4, vals, 2);
    unsigned char *data = NULL;
    size_t len = 0;

    assert_int_equal(xlsx_from_result("sheet", cols, 3, res, &data, &len), 0);
    assert_zip(data, len);
    free(data);
    PQclear(res);
}

static void test_chunks(void **state)
{
    const char *names[] = {"code", "due", "n"};
    const char *vals[] = {"A", "2024-01-01", "1", "B", "2024-01-02", "2"};
    PGresult *a = result(names, 3, vals, 2), *b = result(names, 3, vals, 1);
    PGresult *empty = result(names, 3, vals, 0);
    struct xlsx_writer *w = xlsx_begin("chunks", cols, 3);
    unsigned char *data = NULL;
    size_t len = 0;

    assert_non_null(w);
    assert_int_equal(xlsx_add_result(w, a), 0);
    assert_int_equal(xlsx_add_result(w, empty), 0);
    assert_int_equal(xlsx_add_result(w, b), 0);
    assert_int_equal(xlsx_rows(w), 3);
    assert_int_equal(xlsx_finish(w, &data, &len), 0);
    assert_zip(data, len);
    free(data);
    PQclear(a);
    PQclear(b);
    PQclear(empty);
}

static void test_missing_field_is_sticky(void **state)
{
    const char *names[] = {"code", "due"}; /* no "n" */
    const char *vals[] = {"A", "2024-01-01"};
    const char *row[] = {"A", "", ""};
    PGresult *res = result(names, 2, vals, 1);
    unsigned char *data = (unsigned char *)"unset";
    size_t len = 99;
    int fds = open_fds();
    struct xlsx_writer *w = xlsx_begin("t", cols, 3);

    assert_non_null(w);
    assert_int_equal(xlsx_add_result(w, res), -1);
    assert_int_equal(xlsx_add_row(w, row), -1); /* still failed */
    assert_int_equal(xlsx_finish(w, &data, &len), -1);
    assert_null(data);
    assert_int_equal(len, 0);
    assert_int_equal(open_fds(), fds);

    data = (unsigned char *)"unset";
    assert_int_equal(xlsx_from_result("t", cols, 3, res, &data, &len), -1);
    assert_null(data);
    assert_int_equal(xlsx_from_result("t", cols, 3, NULL, &data, &len), -1);
    assert_int_equal(open_fds(), fds);
    PQclear(res);
}

static void test_bad_arguments(void **state)
{
    unsigned char *data = NULL;
    size_t len = 0;
    struct xlsx_writer *w;

    assert_null(xlsx_begin("t", NULL, 3));
    assert_null(xlsx_begin("t", cols, 0));
    assert_int_equal(xlsx_add_row(NULL, NULL), -1);
    assert_int_equal(xlsx_add_result(NULL, NULL), -1);
    assert_int_equal(xlsx_finish(NULL, &data, &len), -1);
    xlsx_abort(NULL);
    /* finish without somewhere to put the bytes still frees the writer */
    w = xlsx_begin("t", cols, 3);
    assert_non_null(w);
    assert_int_equal(xlsx_finish(w, NULL, &len), -1);
    /* abort after rows */
    w = xlsx_begin("t", cols, 3);
    assert_non_null(w);
    assert_int_equal(xlsx_add_row(w, NULL), 0);
    xlsx_abort(w);
}

static void test_sheet_titles(void **state)
{
    /* forbidden characters, apostrophes, too long (40 characters), empty, NULL: all
     * give a workbook */
    const char *titles[] = {"a[b]c:d*e?f/g\\h", "'quoted'", "''", "",  NULL,
                            "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"};
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
        unsigned char *data = NULL;
        size_t len = 0;
        struct xlsx_writer *w = xlsx_begin(titles[i], cols, 3);
        assert_non_null(w);
        assert_int_equal(xlsx_finish(w, &data, &len), 0);
        assert_zip(data, len);
        free(data);
    }
}

static void test_long_text_is_cut_not_refused(void **state)
{
    size_t n = 40000 * 3; /* 40 000 Chinese characters: over Excel's 32 767 */
    char *big = malloc(n + 1);
    const char *row[] = {big, "", ""};
    unsigned char *data = NULL;
    size_t len = 0;
    struct xlsx_writer *w;

    assert_non_null(big);
    for (size_t i = 0; i < n; i += 3)
        memcpy(big + i, "电", 3);
    big[n] = '\0';
    w = xlsx_begin("t", cols, 3);
    assert_non_null(w);
    assert_int_equal(xlsx_add_row(w, row), 0);
    assert_int_equal(xlsx_finish(w, &data, &len), 0);
    assert_zip(data, len);
    free(data);
    free(big);
}

static void expect_disposition(const char *name, const char *want)
{
    char *got = download_disposition(name);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_content_disposition(void **state)
{
    expect_disposition("设备清单-2024.xlsx",
                       "attachment; filename=\"_-2024.xlsx\"; filename*=UTF-8''"
                       "%E8%AE%BE%E5%A4%87%E6%B8%85%E5%8D%95-2024.xlsx");
    expect_disposition("设备清单.xlsx",
                       "attachment; filename=\"download.xlsx\"; filename*=UTF-8''"
                       "%E8%AE%BE%E5%A4%87%E6%B8%85%E5%8D%95.xlsx");
    expect_disposition("equipment.xlsx",
                       "attachment; filename=\"equipment.xlsx\"; filename*=UTF-8''equipment.xlsx");
    expect_disposition("", "attachment; filename=\"download\"; filename*=UTF-8''download");
    expect_disposition(NULL, "attachment; filename=\"download\"; filename*=UTF-8''download");
    /* quotes, CR LF, semicolons, percent, spaces: nothing gets out of its parameter */
    expect_disposition("a\"b\r\nSet-Cookie: x=1;%.xlsx",
                       "attachment; filename=\"a_b_Set-Cookie_x_1_.xlsx\"; filename*=UTF-8''"
                       "a%22b%0D%0ASet-Cookie%3A%20x%3D1%3B%25.xlsx");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_make_a_workbook),
        cmocka_unit_test(test_result_columns_by_name),
        cmocka_unit_test(test_chunks),
        cmocka_unit_test(test_missing_field_is_sticky),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_sheet_titles),
        cmocka_unit_test(test_long_text_is_cut_not_refused),
        cmocka_unit_test(test_content_disposition),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
