/* test_options.c — option lists rendered once (lib/options.c): escaped by the template
 * layer, and " selected" lands in exactly the chosen option's start tag. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

#define EVIL "<script>alert(1)</script>\" onfocus=\"x"

static const char *const VALUES[] = {"1000", "1100", EVIL, "3000", "300"};
static const char *const LABELS[] = {"锅炉", "承压蒸汽锅炉", EVIL, "电梯", "三百"};
static const int INDENT[] = {0, 1, 0, 0, 0};

static void test_rendered_escaped(void **state)
{
    struct options o;
    (void)state;

    assert_int_equal(options_build(&o, TEMPLATE_DIR, 5, VALUES, LABELS, INDENT), 0);
    assert_int_equal(o.n, 5);
    assert_null(strstr(o.html, "<script>"));
    assert_null(strstr(o.html, "\" onfocus"));
    assert_non_null(strstr(o.html, "&lt;script&gt;"));
    assert_non_null(strstr(o.html, "<option value=\"1000\">锅炉</option>"));
    assert_non_null(strstr(o.html, "<option value=\"1100\">　承压蒸汽锅炉</option>")); /* indented */
    assert_null(strstr(o.html, "selected"));
    options_free(&o);
}

static void test_select_exact(void **state)
{
    struct options o;
    char *html;
    (void)state;

    assert_int_equal(options_build(&o, TEMPLATE_DIR, 5, VALUES, LABELS, INDENT), 0);
    html = options_select(&o, "300"); /* not "3000": exact values only */
    assert_non_null(html);
    assert_non_null(strstr(html, "<option value=\"300\" selected>三百</option>"));
    assert_non_null(strstr(html, "<option value=\"3000\">电梯</option>"));
    assert_int_equal(strlen(html), o.len + strlen(" selected"));
    free(html);
    /* The hostile value is an option too: its (escaped) tag is the one marked. */
    html = options_select(&o, EVIL);
    assert_non_null(html);
    assert_non_null(strstr(html, "onfocus=&quot;x\" selected>"));
    assert_int_equal(strstr(html, " selected") - html, strstr(o.html, "onfocus=&quot;x\">") - o.html + 16);
    free(html);
    /* Nothing chosen, or a value no option has: the kept list as it is. */
    assert_null(options_select(&o, NULL));
    assert_null(options_select(&o, ""));
    assert_null(options_select(&o, "1"));
    assert_null(options_select(&o, "1000 "));
    options_free(&o);
}

static void test_empty_list(void **state)
{
    struct options o;
    (void)state;
    assert_int_equal(options_build(&o, TEMPLATE_DIR, 0, NULL, NULL, NULL), 0);
    assert_int_equal(o.n, 0);
    assert_null(options_select(&o, "1000"));
    options_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rendered_escaped),
        cmocka_unit_test(test_select_exact),
        cmocka_unit_test(test_empty_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
