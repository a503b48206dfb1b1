/* test_sheet_csv.c — the spreadsheet import reader on CSV (UTF-8, UTF-8 with BOM,
 * GB18030 made with iconv, quoted commas/quotes/line breaks, line ends, limits) and on
 * uploads that are neither CSV nor .xlsx. The .xlsx side: test_sheet_read.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sheet_dump.h"

/* ---- CSV ---- */

static void csv_utf8(void **state)
{
    static const char csv[] =
        "注册代码,使用单位,备注\r\n"
        "31104403002019012345,\"深圳市某某物业管理有限公司,南山分公司\",\"他说\"\"好\"\"\"\r\n"
        "\r\n"
        ",,\r\n"
        "411423199001011234,  空格保留  ,\"多行\r\n文本\nLF\"\r\n"
        "\"ab\"c,a\"b,\"\"\n"
        "末行,无换行";
    assert_int_equal(sheet_detect((const unsigned char *)csv, sizeof csv - 1), SHEET_CSV);
    expect_rows(csv, sizeof csv - 1,
                "1:S=注册代码|S=使用单位|S=备注\n"
                "2:S=31104403002019012345|S=深圳市某某物业管理有限公司,南山分公司|S=他说\"好\"\n"
                "5:S=411423199001011234|S=  空格保留  |S=多行\r\n文本\nLF\n"
                "6:S=abc|S=a\"b\n"
                "7:S=末行|S=无换行\n");
    /* BOM, old Mac line ends, trailing commas */
    expect_rows("\xEF\xBB\xBF" "a,b\rc,,,\r\r,d\r", 16, "1:S=a|S=b\n2:S=c\n4:E=|S=d\n");
}

static void csv_gb18030(void **state)
{
    /* what Excel saves on Chinese Windows ("CSV (逗号分隔)"): GB18030/GBK, made with iconv */
    static const char utf8[] = "姓名,身份证号,地址\r\n张三,41142319850315002X,\"北京市海淀区\r\n中关村\"\r\n𠀀𪚥,€,©\r\n";
    char gb[256], *in = (char *)utf8, *out = gb;
    size_t inleft = sizeof utf8 - 1, outleft = sizeof gb;
    iconv_t cd = iconv_open("GB18030", "UTF-8");

    assert_true(cd != (iconv_t)-1);
    assert_int_not_equal(iconv(cd, &in, &inleft, &out, &outleft), (size_t)-1);
    iconv_close(cd);
    assert_int_equal(inleft, 0);
    assert_memory_not_equal(gb, utf8, 8); /* really converted */
    expect_rows(gb, sizeof gb - outleft,
                "1:S=姓名|S=身份证号|S=地址\n"
                "2:S=张三|S=41142319850315002X|S=北京市海淀区\r\n中关村\n"
                "3:S=𠀀𪚥|S=€|S=©\n");
    /* neither UTF-8 nor GB18030 */
    expect_error("a,b\n\xFF\xFE\xFF,c\n", 10, NULL, "文件编码无法识别（第 2 行附近）");
    expect_error("\xFF\xFE" "a\0,\0", 6, NULL, "不支持 UTF-16 编码");
}

static void csv_errors_and_limits(void **state)
{
    struct sheet_limits lim = {0, 0, 2, 3};
    char wide[512] = "";

    expect_error("a,b\n\"c,d\ne,f\n", 12, NULL, "第 2 行：引号未闭合");
    expect_error("a\nb\n\nc\n", 7, &lim, "文件行数超过 2 行");
    expect_rows("a\nb\n\n\n", 6, "1:S=a\n2:S=b\n"); /* blank lines past the limit are fine */
    expect_error("a,b,c\n1,2,3,4\n", 14, &lim, "第 2 行：列数超过 3 列");
    {
        struct dump d = {0};
        char err[128];
        assert_int_equal(read_mem("a,b,c,,,,,\n", 11, &lim, &d, err, sizeof err), 0);
        assert_string_equal(d.text, "1:S=a|S=b|S=c\n");
        free(d.text);
    }
    for (int i = 0; i < 65; i++)
        strcat(wide, "x,");
    wide[strlen(wide) - 1] = '\n';
    expect_error(wide, strlen(wide), NULL, "第 1 行：列数超过 64 列");
}

static void not_a_spreadsheet(void **state)
{
    static const unsigned char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1";
    static const unsigned char xls[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0";

    /* not a zip: binary, an old .xls, empty, too big */
    expect_error(png, sizeof png - 1, NULL, "文件不是有效的 CSV 或 Excel 文件");
    expect_error(xls, sizeof xls - 1, NULL, "不支持旧版 Excel 文件（.xls）");
    expect_error("", 0, NULL, "文件为空");
    {
        struct sheet_limits lim = {1000, 0, 0, 0};
        static char big[1001];
        memset(big, 'a', sizeof big);
        struct dump d = {0};
        char err[128];
        expect_error(big, sizeof big, &lim, "文件超过 1 KiB，已拒绝");
        lim.max_bytes = 1001; /* at the limit: read */
        assert_int_equal(read_mem(big, sizeof big, &lim, &d, err, sizeof err), 0);
        assert_int_equal(d.rows, 1);
        free(d.text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_utf8),
        cmocka_unit_test(csv_gb18030),
        cmocka_unit_test(csv_errors_and_limits),
        cmocka_unit_test(not_a_spreadsheet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
