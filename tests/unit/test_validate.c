/* test_validate.c — national code rules: the DOMAIN.md examples pass, each broken rule
 * fails with its own message, lenient rules warn, and no input is read past its end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "validate.h"

static void expect_credit(const char *in, int rc, const char *want, const char *norm_want)
{
    char norm[19] = "garbage";
    const char *msg = "unset";

    assert_int_equal(v_credit_code(in, norm, &msg), rc);
    if (rc == V_OK)
        assert_null(msg);
    else
        assert_non_null(strstr(msg, want));
    assert_string_equal(norm, norm_want ? norm_want : "");
}

static void expect_id(const char *in, int rc, const char *want, const char *norm_want)
{
    char norm[19] = "garbage";
    const char *msg = "unset";

    assert_int_equal(v_id_number(in, norm, &msg), rc);
    if (rc == V_OK)
        assert_null(msg);
    else
        assert_non_null(strstr(msg, want));
    assert_string_equal(norm, norm_want ? norm_want : "");
}

/* GB 11643 check character, written out again from the rule so the conversion test
 * does not just compare the library with itself. */
static char id_check(const char *seventeen)
{
    const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (seventeen[i] - '0') * w[i];
    return "10X98765432"[sum % 11];
}


/* GB 32100 check character, likewise written out again from the rule. */
static char cc_check(const char *seventeen)
{
    const char *alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (int)(strchr(alphabet, seventeen[i]) - alphabet) * w[i];
    return alphabet[(31 - sum % 31) % 31];
}

/* v_mobile with the two-argument shape the table-driven checks use. */
static int v_mobile2(const char *in, const char **msg) { return v_mobile(in, NULL, msg); }

static void expect(int (*fn)(const char *, const char **), const char *in, int rc, const char *want)
{
    const char *msg = "unset";
    assert_int_equal(fn(in, &msg), rc);
    if (rc == V_OK)
        assert_null(msg);
    else
        assert_non_null(strstr(msg, want));
}

/* ---- credit code ---- */

static void test_credit_examples(void **state)
{
    expect_credit("91350100M000100Y43", V_OK, NULL, "91350100M000100Y43");
    expect_credit("9144030071526726XG", V_OK, NULL, "9144030071526726XG");
    /* norm is optional */
    assert_int_equal(v_credit_code("91350100M000100Y43", NULL, NULL), V_OK);
}

static void test_credit_check_char(void **state)
{
    expect_credit("91350100M000100Y44", V_BAD, "校验位", NULL);
    expect_credit("9144030071526726XH", V_BAD, "校验位", NULL);
    /* one typo in the body, check left as it was */
    expect_credit("91350100M000101Y43", V_BAD, "校验位", NULL);
}

static void test_credit_normalised(void **state)
{
    expect_credit("91350100m000100y43", V_OK, NULL, "91350100M000100Y43");
    expect_credit("  9144030071526726xg\t", V_OK, NULL, "9144030071526726XG");
    /* ideographic space (U+3000) from a Chinese input method, no-break space from a sheet */
    expect_credit("\xE3\x80\x80" "9144030071526726XG" "\xC2\xA0", V_OK, NULL, "9144030071526726XG");
}

static void test_credit_forbidden_letters(void **state)
{
    const char *bad[] = {"91350100I000100Y43", "91350100O000100Y43", "91350100S000100Y43",
                         "91350100V000100Y43", "91350100Z000100Y43", "91350100i000100Y43",
                         "91350100M000100Y4O"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        expect_credit(bad[i], V_BAD, "I、O、S、V、Z", NULL);
    expect_credit("91350100M000100Y4-", V_BAD, "数字和英文字母", NULL);
    expect_credit("91350100Ｍ0100Y43", V_BAD, "数字和英文字母", NULL); /* full-width Ｍ: 18 bytes */
}

/* Every one of the 31 check characters is reached, accepted when right and refused when
 * replaced by any other character of the alphabet. */
static void test_credit_every_check_char(void **state)
{
    const char *alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    int seen[31] = {0}, nseen = 0;

    for (int seq = 0; seq < 1000 && nseen < 31; seq++) {
        char code[19], norm[19];
        const char *msg;
        int k;

        snprintf(code, sizeof code, "91330200MA2A%03dQ0", seq);
        code[17] = cc_check(code);
        code[18] = '\0';
        k = (int)(strchr(alphabet, code[17]) - alphabet);
        if (seen[k]++)
            continue;
        nseen++;
        assert_int_equal(v_credit_code(code, norm, &msg), V_OK);
        assert_string_equal(norm, code);
        for (int j = 0; j < 31; j++) {
            if (j == k)
                continue;
            code[17] = alphabet[j];
            assert_int_equal(v_credit_code(code, NULL, &msg), V_BAD);
        }
    }
    assert_int_equal(nseen, 31);
}

static void test_credit_prefix_warns(void **state)
{
    /* Check characters computed outside the library (python, from the GB 32100 rule). */
    expect_credit("99350100M000100Y4A", V_WARN, "前两位", "99350100M000100Y4A");
    expect_credit("A2350100M000100Y4Y", V_WARN, "前两位", "A2350100M000100Y4Y");
    expect_credit("12100000400012345P", V_OK, NULL, "12100000400012345P");
    expect_credit("52110000MJ00000003", V_OK, NULL, "52110000MJ00000003");
}

static void test_credit_shape(void **state)
{
    expect_credit(NULL, V_BAD, "请填写", NULL);
    expect_credit("", V_BAD, "请填写", NULL);
    expect_credit("   ", V_BAD, "请填写", NULL);
    expect_credit("91350100M000100Y4", V_BAD, "18 位", NULL);
    expect_credit("91350100M000100Y433", V_BAD, "18 位", NULL);
    expect_credit("9135 0100M000100Y43", V_BAD, "18 位", NULL);
    expect_credit("9.13501E+17", V_BAD, "科学计数法", NULL);
}

/* ---- ID number ---- */

static void test_id_example(void **state)
{
    expect_id("11010519491231002X", V_OK, NULL, "11010519491231002X");
    expect_id("11010519491231002x", V_OK, NULL, "11010519491231002X");
    expect_id(" 11010519491231002X\r\n", V_OK, NULL, "11010519491231002X");
    expect_id("110105199003071239", V_OK, NULL, "110105199003071239");
    expect_id("110105200002290021", V_OK, NULL, "110105200002290021"); /* 2000 is a leap year */
    assert_int_equal(v_id_number("11010519491231002X", NULL, NULL), V_OK);
}

static void test_id_check_char(void **state)
{
    expect_id("110105194912310021", V_BAD, "校验位", NULL);
    expect_id("110105199003071238", V_BAD, "校验位", NULL);
    expect_id("11010519491231002Y", V_BAD, "最后一位可以是 X", NULL);
}

/* Every one of the 11 check characters is reached, accepted when right and refused when
 * replaced by any other. */
static void test_id_every_check_char(void **state)
{
    const char *checks = "0123456789X";
    int seen[11] = {0}, nseen = 0;

    for (int seq = 0; seq < 1000 && nseen < 11; seq++) {
        char num[32], norm[19];
        const char *msg;
        int k;

        snprintf(num, sizeof num, "33020419800101%03d", seq);
        num[17] = id_check(num);
        num[18] = '\0';
        k = (int)(strchr(checks, num[17]) - checks);
        if (seen[k]++)
            continue;
        nseen++;
        assert_int_equal(v_id_number(num, norm, &msg), V_OK);
        assert_string_equal(norm, num);
        for (int j = 0; j < 11; j++) {
            if (j == k)
                continue;
            num[17] = checks[j];
            assert_int_equal(v_id_number(num, NULL, &msg), V_BAD);
            assert_non_null(strstr(msg, "校验位"));
        }
    }
    assert_int_equal(nseen, 11);
}

static void test_id_dates(void **state)
{
    char future[32];
    int year = 0;
    time_t t = time(NULL);
    struct tm tm;

    /* All with correct check digits, so the date rule is what rejects them. */
    expect_id("110105194902300020", V_BAD, "出生日期不存在", NULL); /* 30 Feb */
    expect_id("110105194913010029", V_BAD, "出生日期不存在", NULL); /* month 13 */
    expect_id("110105190002290025", V_BAD, "出生日期不存在", NULL); /* 1900 not leap */
    expect_id("110105189912310023", V_BAD, "1900", NULL);
    expect_id("110105210001010023", V_BAD, "晚于今天", NULL);     /* 2100 */

    /* 1 January next year: in the future whatever today is. */
    assert_non_null(localtime_r(&t, &tm));
    year = tm.tm_year + 1900 + 1;
    snprintf(future, sizeof future, "110105%04d0101002", year);
    future[17] = id_check(future);
    future[18] = '\0';
    expect_id(future, V_BAD, "晚于今天", NULL);
}

static void test_id_legacy_15(void **state)
{
    const char *legacy[] = {"110105491231002", "330204800101123"};
    for (size_t i = 0; i < sizeof legacy / sizeof legacy[0]; i++) {
        char want[19];
        memcpy(want, legacy[i], 6);
        memcpy(want + 6, "19", 2);
        memcpy(want + 8, legacy[i] + 6, 9);
        want[17] = id_check(want);
        want[18] = '\0';
        expect_id(legacy[i], V_OK, NULL, want);
    }
    /* and the literal values, computed by hand from the rule */
    expect_id("110105491231002", V_OK, NULL, "11010519491231002X");
    expect_id("330204800101123", V_OK, NULL, "330204198001011238");
    expect_id("11010549123100X", V_BAD, "只能包含数字", NULL);
    expect_id("110105490230002", V_BAD, "出生日期不存在", NULL);
}

static void test_id_shape(void **state)
{
    expect_id(NULL, V_BAD, "请填写", NULL);
    expect_id("", V_BAD, "请填写", NULL);
    expect_id("4.11423E+17", V_BAD, "科学计数法", NULL);
    expect_id("4.11423e+17", V_BAD, "科学计数法", NULL);
    expect_id("411423198807127000", V_BAD, "校验位", NULL); /* what the sheet kept */
    expect_id("11010519491231002", V_BAD, "18 位", NULL);
    expect_id("11010519491231002X1", V_BAD, "18 位", NULL);
    expect_id("1101051949123100AX", V_BAD, "只能包含数字", NULL);
}

/* ---- mobile, e-mail, login ---- */

static void test_mobile(void **state)
{
    expect(v_mobile2, "13812345678", V_OK, NULL);
    expect(v_mobile2, "19912345678", V_OK, NULL);
    expect(v_mobile2, "  13812345678 ", V_OK, NULL);
    expect(v_mobile2, "12345678901", V_BAD, "格式不正确");
    expect(v_mobile2, "10812345678", V_BAD, "格式不正确");
    expect(v_mobile2, "12812345678", V_BAD, "格式不正确");
    expect(v_mobile2, "1381234567", V_BAD, "11 位");
    expect(v_mobile2, "138123456789", V_BAD, "11 位");
    expect(v_mobile2, "1381234567a", V_BAD, "11 位");
    expect(v_mobile2, "138 1234 5678", V_BAD, "11 位");
    expect(v_mobile2, "+8613812345678", V_BAD, "+86");
    expect(v_mobile2, "8613812345678", V_BAD, "+86");
    expect(v_mobile2, "", V_BAD, "请填写");
    expect(v_mobile2, " ", V_BAD, "请填写");
    expect(v_mobile2, NULL, V_BAD, "请填写");
    assert_int_equal(v_mobile("13812345678", NULL, NULL), V_OK);
    {
        char norm[12];
        assert_int_equal(v_mobile(" \t13812345678 ", norm, NULL), V_OK);
        assert_string_equal(norm, "13812345678");
        assert_int_equal(v_mobile("1381234567", norm, NULL), V_BAD);
        assert_string_equal(norm, "");
    }
}

static void test_email(void **state)
{
    char longest[256];

    expect(v_email, "a@b.cn", V_OK, NULL);
    expect(v_email, "zhang.san+jianyan@example.com.cn", V_OK, NULL);
    expect(v_email, "张三@例子.中国", V_OK, NULL);
    expect(v_email, NULL, V_BAD, "请填写");
    expect(v_email, "", V_BAD, "请填写");
    expect(v_email, "a.b.cn", V_BAD, "缺少");
    expect(v_email, "a\xEF\xBC\xA0" "b.cn", V_BAD, "半角");
    expect(v_email, "a@@b.cn", V_BAD, "一个");
    expect(v_email, "a@b@c.cn", V_BAD, "一个");
    expect(v_email, "@b.cn", V_BAD, "前面不能为空");
    expect(v_email, "a@bcn", V_BAD, "域名");
    expect(v_email, "a@", V_BAD, "域名");
    expect(v_email, "a@.cn", V_BAD, "域名");
    expect(v_email, "a@b.", V_BAD, "域名");
    expect(v_email, "a@b..cn", V_BAD, "域名");
    expect(v_email, "a b@c.cn", V_BAD, "空格");
    expect(v_email, " a@b.cn", V_BAD, "空格");
    expect(v_email, "a@b.cn\n", V_BAD, "空格");
    expect(v_email, "a@b\x7F.cn", V_BAD, "控制字符");

    /* 254 bytes is the limit (RFC 5321 path length less the angle brackets). */
    memset(longest, 'a', sizeof longest);
    memcpy(longest, "x@", 2);
    memcpy(longest + 250, ".cn", 4); /* total 253 */
    expect(v_email, longest, V_OK, NULL);
    memmove(longest + 251, ".cn", 4); /* 254 */
    longest[250] = 'a';
    expect(v_email, longest, V_OK, NULL);
    memmove(longest + 252, ".cn", 4); /* 255 */
    longest[251] = 'a';
    expect(v_email, longest, V_BAD, "过长");
    memset(longest, 'a', 70);
    memcpy(longest + 65, "@b.cn", 6);
    expect(v_email, longest, V_BAD, "前面的部分过长");
}

static void test_login_name(void **state)
{
    expect(v_login_name, "abcd", V_OK, NULL);
    expect(v_login_name, "Zhang_San_01", V_OK, NULL);
    expect(v_login_name, "a2345678901234567890123456789012", V_OK, NULL);  /* 32 */
    expect(v_login_name, "a23456789012345678901234567890123", V_BAD, "4–32"); /* 33 */
    expect(v_login_name, "abc", V_BAD, "4–32");
    expect(v_login_name, "1abc", V_BAD, "字母开头");
    expect(v_login_name, "_abc", V_BAD, "字母开头");
    expect(v_login_name, "ab-cd", V_BAD, "下划线");
    expect(v_login_name, "ab cd", V_BAD, "下划线");
    expect(v_login_name, "张三丰", V_BAD, "下划线");
    expect(v_login_name, "", V_BAD, "请填写");
    expect(v_login_name, NULL, V_BAD, "请填写");
}

/* ---- dates ---- */

static void expect_date(const char *in, int rc, const char *want, int y, int m, int d)
{
    const char *msg = "unset";
    int yy = -1, mm = -1, dd = -1;

    assert_int_equal(v_date(in, &yy, &mm, &dd, &msg), rc);
    if (rc == V_OK)
        assert_null(msg);
    else
        assert_non_null(strstr(msg, want));
    assert_int_equal(yy, y);
    assert_int_equal(mm, m);
    assert_int_equal(dd, d);
}

static void test_date(void **state)
{
    expect_date("2024-02-29", V_OK, NULL, 2024, 2, 29);
    expect_date("2000-02-29", V_OK, NULL, 2000, 2, 29);
    expect_date("1900-01-01", V_OK, NULL, 1900, 1, 1);
    expect_date("2200-12-31", V_OK, NULL, 2200, 12, 31);
    expect_date("2024-04-30", V_OK, NULL, 2024, 4, 30);
    expect_date("2023-02-29", V_BAD, "不存在", 0, 0, 0);
    expect_date("1900-02-29", V_BAD, "不存在", 0, 0, 0);
    expect_date("2024-04-31", V_BAD, "不存在", 0, 0, 0);
    expect_date("2024-13-01", V_BAD, "不存在", 0, 0, 0);
    expect_date("2024-00-10", V_BAD, "不存在", 0, 0, 0);
    expect_date("2024-01-00", V_BAD, "不存在", 0, 0, 0);
    expect_date("1899-12-31", V_BAD, "1900", 0, 0, 0);
    expect_date("2201-01-01", V_BAD, "2200", 0, 0, 0);
    expect_date("2024-2-29", V_BAD, "YYYY-MM-DD", 0, 0, 0);
    expect_date("2024/02/29", V_BAD, "YYYY-MM-DD", 0, 0, 0);
    expect_date("2024-02-29 ", V_BAD, "YYYY-MM-DD", 0, 0, 0);
    expect_date(" 2024-02-29", V_BAD, "YYYY-MM-DD", 0, 0, 0);
    expect_date("2024-0a-29", V_BAD, "YYYY-MM-DD", 0, 0, 0);
    expect_date("", V_BAD, "请填写", 0, 0, 0);
    expect_date(NULL, V_BAD, "请填写", 0, 0, 0);
    assert_int_equal(v_date("2024-02-29", NULL, NULL, NULL, NULL), V_OK);
}

/* ---- registration and equipment codes ---- */


static void test_reg_code(void **state)
{
    expect(v_reg_code, "31106401052014080025", V_OK, NULL);
    expect(v_reg_code, "31103506002016053337", V_OK, NULL);
    expect(v_reg_code, "41103302002015070001", V_OK, NULL); /* 通用桥式起重机, from the catalogue */
    expect(v_reg_code, "52001207002019120001", V_OK, NULL);
    expect(v_reg_code, "31116401052014080025", V_BAD, "品种代码"); /* 3111: no such variety */
    expect(v_reg_code, "30006401052014080025", V_BAD, "品种代码"); /* a kind, not a variety */
    expect(v_reg_code, "71106401052014080025", V_BAD, "品种代码"); /* pipe components: not registered */
    expect(v_reg_code, "3110640105201408002", V_BAD, "20 位");
    expect(v_reg_code, "311064010520140800251", V_BAD, "20 位");
    expect(v_reg_code, "3110640105201408002A", V_BAD, "20 位");
    expect(v_reg_code, " 31106401052014080025", V_BAD, "20 位");
    expect(v_reg_code, "3.11064E+19", V_BAD, "科学计数法");
    expect(v_reg_code, "", V_BAD, "请填写");
    expect(v_reg_code, NULL, V_BAD, "请填写");
    /* lenient: region and month only warn */
    expect(v_reg_code, "31109901052014080025", V_WARN, "地区");
    expect(v_reg_code, "31100001052014080025", V_WARN, "地区");
    expect(v_reg_code, "31106401052014130025", V_WARN, "年月");
    expect(v_reg_code, "31106401052014000025", V_WARN, "年月");
    expect(v_reg_code, "31106401051949120025", V_WARN, "年月");
    expect(v_reg_code, "31106401052999010025", V_WARN, "年月");
}

static void test_equipment_code(void **state)
{
    expect(v_equipment_code, "311012345201700001", V_OK, NULL);
    expect(v_equipment_code, "31101234520170A0B1", V_OK, NULL); /* sequence past 99999 */
    expect(v_equipment_code, "4A0012345201800001", V_OK, NULL); /* 桅杆式: a lettered variety */
    expect(v_equipment_code, "23T012345201800001", V_OK, NULL);
    expect(v_equipment_code, "31106401052014080025", V_OK, NULL); /* old 20-digit registration code */
    expect(v_equipment_code, "31103506002016053337", V_OK, NULL);
    expect(v_equipment_code, "31109901052014080025", V_WARN, "地区");
    expect(v_equipment_code, "31116401052014080025", V_BAD, "注册代码前 4 位");
    expect(v_equipment_code, "311112345201700001", V_BAD, "品种代码");
    expect(v_equipment_code, "4a0012345201800001", V_BAD, "大写");
    expect(v_equipment_code, "31101234520170a0b1", V_BAD, "大写");
    expect(v_equipment_code, "31101234A201700001", V_BAD, "第 5–13 位");
    expect(v_equipment_code, "311012345201700-01", V_BAD, "最后 5 位");
    expect(v_equipment_code, "311012345194900001", V_WARN, "制造年份");
    expect(v_equipment_code, "311012345299900001", V_WARN, "制造年份");
    expect(v_equipment_code, "31101234520170001", V_BAD, "18 位");
    expect(v_equipment_code, "3110123452017000011", V_BAD, "18 位");
    expect(v_equipment_code, "3.11012E+17", V_BAD, "科学计数法");
    expect(v_equipment_code, "", V_BAD, "请填写");
    expect(v_equipment_code, NULL, V_BAD, "请填写");
}

/* Every prefix of every example, in a heap block of exactly its size, through every
 * validator: valgrind reports any read past the terminating NUL. */
static void test_no_overread(void **state)
{
    const char *samples[] = {
        "91350100M000100Y43", "11010519491231002X", "110105491231002", "13812345678",
        "zhang.san@example.com.cn", "Zhang_San_01", "2024-02-29", "31106401052014080025",
        "31101234520170A0B1", "4.11423E+17", "\xE3\x80\x80" "9144030071526726XG" "\xC2\xA0",
        "a\xEF\xBC\xA0" "b.cn",
    };
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        size_t n = strlen(samples[i]);
        for (size_t k = 0; k <= n; k++) {
            char *s = malloc(k + 1), norm[19];
            const char *msg;
            int y, m, d, rc;

            assert_non_null(s);
            memcpy(s, samples[i], k);
            s[k] = '\0';
            rc = v_credit_code(s, norm, &msg);
            assert_true(rc == V_OK ? msg == NULL : msg != NULL);
            rc = v_id_number(s, norm, &msg);
            assert_true(rc == V_OK ? msg == NULL : msg != NULL);
            rc = v_mobile(s, NULL, &msg);
            assert_true(rc == V_OK ? msg == NULL : msg != NULL);
            rc = v_email(s, &msg);
            assert_true(rc == V_OK ? msg == NULL : msg != NULL);
            rc = v_login_name(s, &msg);
            assert_true(rc == V_OK ? msg == NULL : msg != NULL);
            rc = v_date(s, &y, &m, &d, &msg);
            assert_true(rc == V_OK ? msg == NULL : msg != NULL);
            rc = v_reg_code(s, &msg);
            assert_true(rc == V_OK ? msg == NULL : msg != NULL);
            rc = v_equipment_code(s, &msg);
            assert_true(rc == V_OK ? msg == NULL : msg != NULL);
            free(s);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_credit_examples),
        cmocka_unit_test(test_credit_check_char),
        cmocka_unit_test(test_credit_normalised),
        cmocka_unit_test(test_credit_forbidden_letters),
        cmocka_unit_test(test_credit_every_check_char),
        cmocka_unit_test(test_credit_prefix_warns),
        cmocka_unit_test(test_credit_shape),
        cmocka_unit_test(test_id_example),
        cmocka_unit_test(test_id_check_char),
        cmocka_unit_test(test_id_every_check_char),
        cmocka_unit_test(test_id_dates),
        cmocka_unit_test(test_id_legacy_15),
        cmocka_unit_test(test_id_shape),
        cmocka_unit_test(test_mobile),
        cmocka_unit_test(test_email),
        cmocka_unit_test(test_login_name),
        cmocka_unit_test(test_date),
        cmocka_unit_test(test_reg_code),
        cmocka_unit_test(test_equipment_code),
        cmocka_unit_test(test_no_overread),
    };
    return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}
