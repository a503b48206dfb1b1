/* validate.c — national code rules: credit codes, ID numbers, mobiles, e-mail, dates, equipment codes. */

#include "validate.h"

#include <string.h>
#include <time.h>

/* ---- code tables ------------------------------------------------------------------ */

/* GB 32100-2015: the alphabet leaves out I, O, S, V and Z (confusable with 1, 0, 5, U
 * and 2); a character's value is its index. */
static const char cc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int cc_weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

/* Registration authority + entity type, from GB 32100-2015 appendix A as published:
 * 1 机构编制 (1 机关, 2 事业单位, 3 中央编办管理的群众团体, 9 其他), 2 外交 (1, 9),
 * 3 司法行政 (1 律师执业机构, 2 公证处, 3 基层法律服务所, 4 司法鉴定机构, 5 仲裁委员会,
 * 9 其他), 4 文化 (1, 9), 5 民政 (1 社会团体, 2 民办非企业单位, 3 基金会, 9 其他),
 * 6 旅游 (1, 2, 9), 7 宗教 (1 活动场所, 2 院校, 9 其他), 8 工会 (1, 9), 9 工商 (1 企业,
 * 2 个体工商户, 3 农民专业合作社), A 军队 (1, 9), N 农业 (1 组级, 2 村级, 3 乡镇级集体
 * 经济组织, 9 其他), Y 其他 (1). Authorities added since (or prefixes we have not seen)
 * only warn, so a missing entry costs the user a confirmation, never a rejection. */
static const char cc_prefixes[][3] = {
    "11", "12", "13", "19", "21", "29", "31", "32", "33", "34", "35", "39",
    "41", "49", "51", "52", "53", "59", "61", "62", "69", "71", "72", "79",
    "81", "89", "91", "92", "93", "A1", "A9", "N1", "N2", "N3", "N9", "Y1",
};

static const int id_weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
static const char id_checks[] = "10X98765432";

/* Variety codes of the special-equipment catalogue (特种设备目录, 2014) that registration
 * and equipment codes start with. "D" rows are listed in DOMAIN.md; "I" rows are the
 * group codes DOMAIN.md implies (3100 above 3110, 5100 above 5110, the 6100-6E00 range);
 * "C" rows are the finer varieties the 2014 catalogue defines under a listed code, which
 * real registration codes carry (a crane registered as 4110 通用桥式起重机, not 4100).
 * Left out on purpose: the kind codes 1000..9000 (a kind is not a variety); 6C00, which
 * the 2014 catalogue does not use; and 7xxx pressure-pipe components and Fxxx safety
 * accessories, which are licensed for manufacture but never registered or given an
 * equipment code of their own. Codes with letters (23T0, 4A00, 6D10...) can only
 * appear in an 18-character equipment code: a registration code is all digits. */
static const char varieties[][5] = {
    /* 锅炉 boilers */
    "1100", "1200", "1300",                                             /* D */
    "1310", "1320",                                                     /* C 有机热载体气相/液相炉 */
    /* 压力容器 pressure vessels */
    "2100", "2200", "2300", "2400",                                     /* D */
    "2110", "2130", "2150", "2170",                                     /* C 超高压, 第三/二/一类 */
    "2210", "2220", "2230", "2240", "2250",                             /* C 罐车, 长管拖车, 集装箱 */
    "2310", "2320", "23T0",                                             /* C 无缝/焊接/特种气瓶 */
    "2410", "2420",                                                     /* C 医用氧舱, 高气压舱 */
    /* 电梯 elevators */
    "3110", "3120", "3130", "3210", "3220", "3310", "3320",             /* D */
    "3410", "3420", "3430",                                             /* D */
    "3100", "3200", "3300", "3400",                                     /* I */
    /* 起重机械 cranes */
    "4100", "4200", "4300", "4400", "4700", "4800", "4900", "4A00", "4D00", /* D */
    "4110", "4130", "4140", "4150", "4170", "4190",                     /* C 桥式 */
    "4210", "4220", "4230", "4240", "4250", "4260", "4270", "4280", "4290", /* C 门式 */
    "4310", "4320",                                                     /* C 塔式 */
    "4410", "4420", "4440", "4450",                                     /* C 流动式 */
    "4710", "4760",                                                     /* C 门座式 */
    "4860", "4870",                                                     /* C 施工/简易升降机 */
    /* 场(厂)内专用机动车辆 in-plant vehicles */
    "5110", "5200",                                                     /* D */
    "5100",                                                             /* I */
    /* 大型游乐设施 amusement rides */
    "6100", "6200", "6300", "6400", "6500", "6600", "6700", "6800", "6900", /* I */
    "6A00", "6B00", "6D00", "6E00",                                     /* I */
    "6D10", "6D20", "6D40", "6E10", "6E40", "6E50", "6E60",             /* C 水上, 无动力 */
    /* 压力管道 pressure pipes */
    "8100", "8200", "8300",                                             /* D */
    "8110", "8120", "8210", "8220", "8310", "8320", "8330",             /* C */
    /* 客运索道 passenger ropeways */
    "9100", "9200", "9300",                                             /* D */
    "9110", "9120", "9210", "9220", "9310", "9320",                     /* C */
};

/* GB/T 2260 province-level codes: the first two digits of a registering office's
 * region. */
static const char provinces[][3] = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34",
    "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52",
    "53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
};

/* ---- helpers ---------------------------------------------------------------------- */

/* Sets *msg for the caller (NULL on V_OK) and returns r, so every exit is one line. */
static int result(int r, const char *text, const char **msg)
{
    if (msg)
        *msg = r == V_OK ? NULL : text;
    return r;
}

/* Locale-free: isdigit() and friends depend on the locale and take negative chars badly. */
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(char c) { return c >= 'a' && c <= 'z'; }

static int all_digits(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(p[i]))
            return 0;
    return 1;
}

/* Value of n digits (the caller has checked they are digits). */
static int number(const char *p, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (p[i] - '0');
    return v;
}

/* Bytes of one leading space at s (0 if none): ASCII white space, and the no-break
 * (U+00A0) and ideographic (U+3000) spaces that spreadsheets and Chinese input methods
 * leave around pasted codes. */
static size_t space_at(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 1 && (u[0] == ' ' || (u[0] >= '\t' && u[0] <= '\r')))
        return 1;
    if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (n >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
        return 3;
    return 0;
}

/* Bytes of one trailing space ending at s + n (0 if none). Lead bytes C2 and E3 never
 * occur inside another UTF-8 character, so matching from the end is unambiguous. */
static size_t space_before(const char *s, size_t n)
{
    if (n >= 1 && space_at(s + n - 1, 1) == 1)
        return 1;
    if (n >= 2 && space_at(s + n - 2, 2) == 2)
        return 2;
    if (n >= 3 && space_at(s + n - 3, 3) == 3)
        return 3;
    return 0;
}

static void trim(const char *in, const char **p, size_t *n)
{
    size_t len = strlen(in), k;

    while ((k = space_at(in, len)) > 0)
        in += k, len -= k;
    while ((k = space_before(in, len)) > 0)
        len -= k;
    *p = in;
    *n = len;
}

/* A spreadsheet showed a long number as 4.11423E+17: the trailing digits are lost, so the
 * user must fix the column type, which a "wrong length" message would not tell them.
 * Requires the "E+" Excel always writes, since E alone is a valid credit-code letter. */
static int looks_scientific(const char *p, size_t n)
{
    size_t i = 0;

    while (i < n && is_digit(p[i]))
        i++;
    if (i == 0)
        return 0;
    if (i < n && p[i] == '.') {
        i++;
        while (i < n && is_digit(p[i]))
            i++;
    }
    if (i + 2 > n || (p[i] != 'E' && p[i] != 'e') || p[i + 1] != '+')
        return 0;
    i += 2;
    if (i == n)
        return 0;
    while (i < n && is_digit(p[i]))
        i++;
    return i == n;
}

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int real_date(int y, int m, int d)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (m < 1 || m > 12 || d < 1)
        return 0;
    return d <= mdays[m - 1] + (m == 2 && is_leap(y));
}

/* Today's date in the server's local time (deployments run on China time), as YYYYMMDD. */
static long today(void)
{
    time_t t = time(NULL);
    struct tm tm;

    /* Without a clock nothing can be "in the future": accept rather than reject. */
    if (!localtime_r(&t, &tm))
        return 99991231L;
    return (tm.tm_year + 1900L) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

static int in_table(const char (*table)[3], size_t n, const char *p)
{
    for (size_t i = 0; i < n; i++)
        if (table[i][0] == p[0] && table[i][1] == p[1])
            return 1;
    return 0;
}

static int known_variety(const char *p)
{
    for (size_t i = 0; i < sizeof varieties / sizeof varieties[0]; i++)
        if (memcmp(varieties[i], p, 4) == 0)
            return 1;
    return 0;
}

/* ---- unified social credit code ----------------------------------------------------- */

int v_credit_code(const char *in, char norm[19], const char **msg)
{
    const char *p;
    size_t n;
    char code[19];
    int sum = 0;

    if (norm)
        norm[0] = '\0';
    if (!in)
        return result(V_BAD, "请填写统一社会信用代码。", msg);
    trim(in, &p, &n);
    if (n == 0)
        return result(V_BAD, "请填写统一社会信用代码。", msg);
    if (looks_scientific(p, n))
        return result(V_BAD, "统一社会信用代码被表格软件显示成了科学计数法，请把该列设为文本后重新填写。", msg);
    if (n != 18)
        return result(V_BAD, "统一社会信用代码应为 18 位。", msg);
    for (size_t i = 0; i < 18; i++) {
        char c = is_lower(p[i]) ? (char)(p[i] - 'a' + 'A') : p[i];
        const char *at = c ? strchr(cc_alphabet, c) : NULL;

        if (c == 'I' || c == 'O' || c == 'S' || c == 'V' || c == 'Z')
            return result(V_BAD, "统一社会信用代码不使用字母 I、O、S、V、Z，请核对（可能是数字 1、0、5 或字母 U、数字 2）。", msg);
        if (!at)
            return result(V_BAD, "统一社会信用代码只能包含半角数字和英文字母。", msg);
        code[i] = c;
        if (i < 17)
            sum += (int)(at - cc_alphabet) * cc_weights[i];
    }
    code[18] = '\0';
    if (code[17] != cc_alphabet[(31 - sum % 31) % 31])
        return result(V_BAD, "统一社会信用代码校验位不正确，请核对。", msg);
    if (norm)
        memcpy(norm, code, sizeof code);
    if (!in_table(cc_prefixes, sizeof cc_prefixes / sizeof cc_prefixes[0], code))
        return result(V_WARN, "统一社会信用代码前两位（登记管理部门和机构类别）不常见，请核对。", msg);
    return result(V_OK, NULL, msg);
}

/* ---- resident identity number ------------------------------------------------------- */

static int id_number(const char *in, char norm[19], const char **msg, int lenient)
{
    const char *p;
    size_t n;
    char id[19];
    int sum = 0, y, m, d;

    if (norm)
        norm[0] = '\0';
    if (!in)
        return result(V_BAD, "请填写身份证号码。", msg);
    trim(in, &p, &n);
    if (n == 0)
        return result(V_BAD, "请填写身份证号码。", msg);
    if (looks_scientific(p, n))
        return result(V_BAD, "身份证号码被表格软件显示成了科学计数法（如 4.11423E+17），后几位已丢失：请把该列设为文本后重新填写。", msg);
    if (n == 15) {
        /* Legacy numbers (before 1999) have a 2-digit year, all in the 1900s, and no
         * check digit: GB 11643 converts them by inserting "19" and computing one. */
        if (!all_digits(p, 15))
            return result(V_BAD, "15 位身份证号码只能包含数字。", msg);
        memcpy(id, p, 6);
        id[6] = '1';
        id[7] = '9';
        memcpy(id + 8, p + 6, 9);
    } else if (n == 18) {
        if (!all_digits(p, 17) || !(is_digit(p[17]) || p[17] == 'X' || p[17] == 'x'))
            return result(V_BAD, "身份证号码只能包含数字，最后一位可以是 X。", msg);
        memcpy(id, p, 18);
        if (id[17] == 'x')
            id[17] = 'X';
    } else {
        return result(V_BAD, "身份证号码应为 18 位。", msg);
    }
    id[18] = '\0';

    y = number(id + 6, 4);
    m = number(id + 10, 2);
    d = number(id + 12, 2);
    if (y < 1900)
        return result(V_BAD, "身份证号码中的出生年份早于 1900 年，请核对。", msg);
    if (!real_date(y, m, d))
        return result(V_BAD, "身份证号码中的出生日期不存在，请核对。", msg);
    if (number(id + 6, 8) > today())
        return result(V_BAD, "身份证号码中的出生日期晚于今天，请核对。", msg);

    for (size_t i = 0; i < 17; i++)
        sum += (id[i] - '0') * id_weights[i];
    if (n == 15)
        id[17] = id_checks[sum % 11];
    else if (id[17] != id_checks[sum % 11]) {
        if (!lenient)
            return result(V_BAD, "身份证号码校验位不正确，请核对。", msg);
        if (norm)
            memcpy(norm, id, sizeof id);
        return result(V_WARN, "身份证号码校验位不正确，请核对（确认无误可接受后导入）。", msg);
    }
    if (norm)
        memcpy(norm, id, sizeof id);
    return result(V_OK, NULL, msg);
}

int v_id_number(const char *in, char norm[19], const char **msg) { return id_number(in, norm, msg, 0); }

int v_id_number_lenient(const char *in, char norm[19], const char **msg) { return id_number(in, norm, msg, 1); }

/* ---- contact details and accounts --------------------------------------------------- */

int v_mobile(const char *in, char norm[12], const char **msg)
{
    const char *p;
    size_t n;

    if (norm)
        norm[0] = '\0';
    if (!in)
        return result(V_BAD, "请填写手机号码。", msg);
    trim(in, &p, &n);
    if (n == 0)
        return result(V_BAD, "请填写手机号码。", msg);
    /* The commonest mistake after typos: the country code pasted from a contact card. */
    if ((n == 14 && p[0] == '+' && p[1] == '8' && p[2] == '6' && all_digits(p + 1, 13)) ||
        (n == 13 && p[0] == '8' && p[1] == '6' && all_digits(p, 13)))
        return result(V_BAD, "请去掉国家代码 +86，只填写 11 位手机号码。", msg);
    if (n != 11 || !all_digits(p, 11))
        return result(V_BAD, "手机号码应为 11 位数字。", msg);
    if (p[0] != '1' || p[1] < '3')
        return result(V_BAD, "手机号码格式不正确，请核对。", msg);
    if (norm) {
        memcpy(norm, p, 11);
        norm[11] = '\0';
    }
    return result(V_OK, NULL, msg);
}

int v_email(const char *in, const char **msg)
{
    const char *dom;
    size_t n, dn, at = 0, ats = 0;

    if (!in || !*in)
        return result(V_BAD, "请填写电子邮箱。", msg);
    n = strlen(in);
    if (n > 254)
        return result(V_BAD, "电子邮箱地址过长。", msg);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)in[i];

        if (c <= ' ' || c == 0x7F)
            return result(V_BAD, "电子邮箱中不能有空格或控制字符。", msg);
        if (c == '@')
            at = i, ats++;
    }
    if (ats == 0)
        /* A Chinese input method types the full-width ＠ (EF BC A0); say so. */
        return result(V_BAD, strstr(in, "\xEF\xBC\xA0") ? "电子邮箱中的“＠”应为半角“@”。"
                                                         : "电子邮箱缺少“@”。", msg);
    if (ats > 1)
        return result(V_BAD, "电子邮箱中只能有一个“@”。", msg);
    if (at == 0)
        return result(V_BAD, "电子邮箱“@”前面不能为空。", msg);
    if (at > 64)
        return result(V_BAD, "电子邮箱“@”前面的部分过长。", msg);

    /* Domain: at least two labels, none empty ("a@b", "a@.cn", "a@b..cn", "a@b." fail). */
    dom = in + at + 1;
    dn = n - at - 1;
    if (dn == 0 || !memchr(dom, '.', dn) || dom[0] == '.' || dom[dn - 1] == '.' ||
        strstr(dom, ".."))
        return result(V_BAD, "电子邮箱“@”后面的域名不正确。", msg);
    return result(V_OK, NULL, msg);
}

int v_login_name(const char *in, const char **msg)
{
    size_t n;

    if (!in || !*in)
        return result(V_BAD, "请填写用户名。", msg);
    /* Characters first: a Chinese name is 6+ bytes, and "too long/short" would mislead. */
    for (n = 0; in[n]; n++)
        if (!(is_upper(in[n]) || is_lower(in[n]) || is_digit(in[n]) || in[n] == '_'))
            return result(V_BAD, "用户名只能包含英文字母、数字和下划线。", msg);
    if (!is_upper(in[0]) && !is_lower(in[0]))
        return result(V_BAD, "用户名须以英文字母开头。", msg);
    if (n < 4 || n > 32)
        return result(V_BAD, "用户名应为 4–32 个字符。", msg);
    return result(V_OK, NULL, msg);
}

/* ---- dates -------------------------------------------------------------------------- */

int v_date(const char *in, int *y, int *m, int *d, const char **msg)
{
    int yy, mm, dd;

    if (y)
        *y = 0;
    if (m)
        *m = 0;
    if (d)
        *d = 0;
    if (!in || !*in)
        return result(V_BAD, "请填写日期。", msg);
    if (strlen(in) != 10 || !all_digits(in, 4) || in[4] != '-' || !all_digits(in + 5, 2) ||
        in[7] != '-' || !all_digits(in + 8, 2))
        return result(V_BAD, "日期格式应为 YYYY-MM-DD，例如 2024-05-01。", msg);
    yy = number(in, 4);
    mm = number(in + 5, 2);
    dd = number(in + 8, 2);
    if (yy < 1900 || yy > 2200)
        return result(V_BAD, "日期的年份应在 1900 至 2200 年之间。", msg);
    if (!real_date(yy, mm, dd))
        return result(V_BAD, "日期不存在，请核对。", msg);
    if (y)
        *y = yy;
    if (m)
        *m = mm;
    if (d)
        *d = dd;
    return result(V_OK, NULL, msg);
}

/* ---- equipment codes ---------------------------------------------------------------- */

int v_reg_code(const char *in, const char **msg)
{
    size_t n;
    long ym, now;

    if (!in || !*in)
        return result(V_BAD, "请填写注册代码。", msg);
    n = strlen(in);
    if (looks_scientific(in, n))
        return result(V_BAD, "注册代码被表格软件显示成了科学计数法，后几位已丢失：请把该列设为文本后重新填写。", msg);
    if (n != 20 || !all_digits(in, 20))
        return result(V_BAD, "注册代码应为 20 位数字。", msg);
    if (!known_variety(in))
        return result(V_BAD, "注册代码前 4 位不是特种设备目录中的品种代码，请核对。", msg);

    /* Lenient from here: real registers hold codes that break these (DOMAIN.md). */
    if (!in_table(provinces, sizeof provinces / sizeof provinces[0], in + 4))
        return result(V_WARN, "注册代码第 5–10 位（登记机关所在地区代码）不常见，请核对。", msg);
    ym = number(in + 10, 6);
    now = today() / 100;
    if (ym % 100 < 1 || ym % 100 > 12 || ym < 195001 || ym > now)
        return result(V_WARN, "注册代码第 11–16 位（登记年月）不合理，请核对。", msg);
    return result(V_OK, NULL, msg);
}

int v_equipment_code(const char *in, const char **msg)
{
    size_t n;
    int year;

    if (!in || !*in)
        return result(V_BAD, "请填写设备代码。", msg);
    n = strlen(in);
    if (n == 20)
        return v_reg_code(in, msg);
    if (looks_scientific(in, n))
        return result(V_BAD, "设备代码被表格软件显示成了科学计数法，后几位已丢失：请把该列设为文本后重新填写。", msg);
    if (n != 18)
        return result(V_BAD, "设备代码应为 18 位（旧设备可填写 20 位注册代码）。", msg);
    for (size_t i = 0; i < 18; i++)
        if (is_lower(in[i]))
            return result(V_BAD, "设备代码中的字母应为大写。", msg);
    if (!all_digits(in + 4, 9))
        return result(V_BAD, "设备代码第 5–13 位（制造单位代码和制造年份）应为数字。", msg);
    for (size_t i = 13; i < 18; i++)
        if (!is_digit(in[i]) && !is_upper(in[i]))
            return result(V_BAD, "设备代码最后 5 位（产品编号）应为数字或大写字母。", msg);
    if (!known_variety(in))
        return result(V_BAD, "设备代码前 4 位不是特种设备目录中的品种代码，请核对。", msg);
    year = number(in + 9, 4);
    if (year < 1950 || year > today() / 10000)
        return result(V_WARN, "设备代码第 10–13 位（制造年份）不合理，请核对。", msg);
    return result(V_OK, NULL, msg);
}
