/* test_svgchart.c — the SVG bar chart: caller text is escaped everywhere it appears, only
 * links into the site survive, zero rows and zero totals draw without dividing by zero,
 * bar lengths are proportional to totals, coordinates are plain decimals, and every chart
 * is well-formed XML by xmllint (which is shown to reject a broken one). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "svgchart.h"

static const struct svgchart_series states[] = {
    {"在用", NULL}, {"停用", NULL}, {"报废", NULL}, {"注销", "#999999"}};

/* xmllint's verdict on text: 0 when well-formed. */
static int xmllint(const char *text)
{
    FILE *p = popen("xmllint --noout - 2>/dev/null", "w");
    int st;

    assert_non_null(p);
    fputs(text, p);
    st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Every x, y, width and height attribute is a plain decimal: digits, at most one place. */
static void assert_plain_coordinates(const char *svg)
{
    static const char *const attrs[] = {" x=\"", " y=\"", " width=\"", " height=\""};
    for (size_t a = 0; a < 4; a++)
        for (const char *p = strstr(svg, attrs[a]); p; p = strstr(p + 1, attrs[a])) {
            const char *v = p + strlen(attrs[a]);
            size_t digits = strspn(v, "0123456789");
            assert_true(digits > 0);
            if (v[digits] == '.') {
                assert_true(v[digits + 1] >= '0' && v[digits + 1] <= '9');
                digits += 2;
            }
            assert_int_equal(v[digits], '"');
        }
}

static char *chart(const struct svgchart_row *rows, int n)
{
    char *svg = svgchart_bars("设备概况", rows, n, states, 4, "台");
    assert_non_null(svg);
    assert_int_equal(xmllint(svg), 0);
    assert_plain_coordinates(svg);
    return svg;
}

/* Sum of the segment widths in the i-th row group. */
static double row_width(const char *svg, int i)
{
    const char *p = svg, *end;
    double sum = 0;

    for (int k = 0; k <= i; k++) {
        p = strstr(p, "<g class=\"row\">");
        assert_non_null(p);
        p++;
    }
    end = strstr(p, "</g>");
    assert_non_null(end);
    for (const char *r = strstr(p, "<rect class=\"seg\""); r && r < end;
         r = strstr(r + 1, "<rect class=\"seg\"")) {
        const char *w = strstr(r, " width=\"");
        assert_non_null(w);
        sum += strtod(w + 8, NULL);
    }
    return sum;
}

static int count(const char *s, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void test_xmllint_discriminates(void **state)
{
    assert_int_equal(xmllint("<svg><text>a</text></svg>"), 0);
    assert_int_not_equal(xmllint("<svg><text>a & b</text></svg>"), 0);
    assert_int_not_equal(xmllint("<svg><text>a</svg>"), 0);
}

static void test_escaping(void **state)
{
    const char *evil = "<script>&\"'";
    const struct svgchart_series s[] = {{evil, "red\" onload=\"x"}};
    const struct svgchart_row rows[] = {{evil, "/e?a=1&b=<x>\"'", {3, 0, 0, 0}}};
    char *svg = svgchart_bars(evil, rows, 1, s, 1, evil);

    assert_non_null(svg);
    assert_int_equal(xmllint(svg), 0);
    assert_null(strstr(svg, "<script"));
    assert_null(strstr(svg, "\" onload"));
    /* title, aria-label, legend, label, 2 tooltips (label twice, series once, unit twice) */
    assert_true(count(svg, "&lt;script&gt;&amp;&quot;&#39;") >= 8);
    assert_non_null(strstr(svg, "<a href=\"/e?a=1&amp;b=&lt;x&gt;&quot;&#39;\">"));
    assert_non_null(strstr(svg, "fill=\"red&quot; onload=&quot;x\""));
    free(svg);

    /* control characters XML does not allow become spaces */
    {
        const struct svgchart_row r[] = {{"a\x01\x1b" "b", NULL, {1, 0, 0, 0}}};
        svg = chart(r, 1);
        assert_non_null(strstr(svg, "a  b"));
        free(svg);
    }
}

static void test_links(void **state)
{
    const struct svgchart_row rows[] = {
        {"ok", "/equipment?category=3000&state=in_use", {1, 0, 0, 0}},
        {"query", "?state=stopped", {1, 0, 0, 0}},
        {"js", "javascript:alert(1)", {1, 0, 0, 0}},
        {"other host", "//evil.example/", {1, 0, 0, 0}},
        {"backslash", "/\\evil.example/", {1, 0, 0, 0}},
        {"tab", "/\t/evil.example/", {1, 0, 0, 0}},
        {"absolute", "https://evil.example/", {1, 0, 0, 0}},
        {"none", NULL, {1, 0, 0, 0}},
    };
    char *svg = chart(rows, 8);

    assert_int_equal(count(svg, "<a href="), 2);
    assert_non_null(strstr(svg, "<a href=\"/equipment?category=3000&amp;state=in_use\">"));
    assert_non_null(strstr(svg, "<a href=\"?state=stopped\">"));
    assert_null(strstr(svg, "evil"));
    assert_null(strstr(svg, "javascript"));
    assert_int_equal(count(svg, "<g class=\"row\">"), 8); /* the rows stay, unlinked */
    free(svg);
}

static void test_zero_rows(void **state)
{
    char *svg = chart(NULL, 0);

    assert_non_null(strstr(svg, "role=\"img\""));
    assert_non_null(strstr(svg, "<title>设备概况</title>"));
    assert_non_null(strstr(svg, "暂无数据"));
    assert_int_equal(count(svg, "<g class=\"row\">"), 0);
    assert_int_equal(count(svg, "<g class=\"legend\">"), 1);
    free(svg);
}

static void test_zero_totals(void **state)
{
    const struct svgchart_row rows[] = {{"电梯", "/a", {0, 0, 0, 0}}, {"锅炉", NULL, {0, 0, 0, 0}}};
    char *svg = chart(rows, 2);

    assert_int_equal(count(svg, "<g class=\"row\">"), 2);
    assert_int_equal(count(svg, "class=\"seg\""), 0);
    assert_int_equal(count(svg, ">0</text>"), 2);
    assert_null(strstr(svg, "nan"));
    assert_null(strstr(svg, "inf"));
    free(svg);
}

static void test_proportional(void **state)
{
    const struct svgchart_row rows[] = {
        {"电梯", NULL, {60, 20, 10, 10}},  /* 100 */
        {"起重机械", NULL, {1, 49, 0, 0}}, /* 50 */
        {"锅炉", NULL, {0, 0, 0, 25}},     /* 25 */
        {"压力容器", NULL, {0, 0, 0, 0}},
    };
    char *svg = chart(rows, 4);
    double w0 = row_width(svg, 0), w1 = row_width(svg, 1), w2 = row_width(svg, 2);

    assert_true(w0 > 380 && w0 < 460); /* the longest bar fills the room */
    assert_true(w0 - 2 * w1 < 0.15 && 2 * w1 - w0 < 0.15);
    assert_true(w1 - 2 * w2 < 0.15 && 2 * w2 - w1 < 0.15);
    assert_true(row_width(svg, 3) == 0);
    /* segments follow each other: 4 + 2 + 1 */
    assert_int_equal(count(svg, "class=\"seg\""), 7);
    free(svg);
}

static void test_tooltips_legend_values(void **state)
{
    const struct svgchart_row rows[] = {{"电梯", "/equipment?category=3000", {120, 3, 0, 1}},
                                        {"场（厂）内专用机动车辆及其他很长的名字", NULL, {5, 0, 0, 0}}};
    char *svg = chart(rows, 2);

    assert_non_null(strstr(svg, "<title>电梯 · 在用 120 台</title>"));
    assert_non_null(strstr(svg, "<title>电梯 · 停用 3 台</title>"));
    assert_non_null(strstr(svg, "<title>电梯 · 注销 1 台</title>"));
    assert_null(strstr(svg, "电梯 · 报废")); /* no segment for 0 */
    assert_non_null(strstr(svg, "<title>电梯 · 合计 124 台</title>"));
    assert_non_null(strstr(svg, ">120</text>")); /* count inside the wide segment */
    assert_non_null(strstr(svg, ">124</text>")); /* total after the bar */
    for (int k = 0; k < 4; k++)
        assert_non_null(strstr(svg, states[k].name));
    assert_non_null(strstr(svg, "fill=\"#999999\""));
    /* the long label is cut to 12 characters; its tooltip has it whole */
    assert_non_null(strstr(svg, ">场（厂）内专用机动车辆及…<title>"));
    assert_non_null(strstr(svg, "<title>场（厂）内专用机动车辆及其他很长的名字 · 合计 5 台</title>"));
    free(svg);
}

static void test_extremes(void **state)
{
    const struct svgchart_row rows[] = {{"big", NULL, {999999999999L, 1, 0, 0}},
                                        {"negative", NULL, {-5, 2, -1, 0}},
                                        {NULL, NULL, {1, 0, 0, 0}}};
    char *svg = chart(rows, 3);

    assert_non_null(strstr(svg, ">2</text>")); /* negatives count as 0 */
    assert_null(strstr(svg, "-5"));
    free(svg);
    svg = svgchart_bars(NULL, rows, 3, states, 2, NULL); /* no title, no unit */
    assert_non_null(svg);
    assert_int_equal(xmllint(svg), 0);
    assert_non_null(strstr(svg, "<title>big · 在用 999999999999</title>"));
    free(svg);
}

static void test_bad_arguments(void **state)
{
    const struct svgchart_row rows[] = {{"a", NULL, {1, 0, 0, 0}}};
    assert_null(svgchart_bars("t", NULL, 1, states, 4, NULL));
    assert_null(svgchart_bars("t", rows, -1, states, 4, NULL));
    assert_null(svgchart_bars("t", rows, 1, states, 0, NULL));
    assert_null(svgchart_bars("t", rows, 1, states, 5, NULL));
    assert_null(svgchart_bars("t", rows, 1, NULL, 4, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xmllint_discriminates),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_links),
        cmocka_unit_test(test_zero_rows),
        cmocka_unit_test(test_zero_totals),
        cmocka_unit_test(test_proportional),
        cmocka_unit_test(test_tooltips_legend_values),
        cmocka_unit_test(test_extremes),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
