/* test_render.c — the template layer escapes every var: (HTML context and attributes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "form.h"
#include "render.h"

#define EVIL "<script>alert('x')</script>\" onmouseover=\"x"

static void render_page(const char *page, STRING *out)
{
    HDF *hdf = NULL;
    assert_null(hdf_init(&hdf));
    assert_int_equal(render_prepare(hdf, TEMPLATE_DIR), 0);
    assert_null(hdf_set_value(hdf, "Page.Template", page));
    assert_null(hdf_set_value(hdf, "Page.Title", EVIL));
    assert_null(hdf_set_value(hdf, "Site.Name", "特检"));
    assert_null(hdf_set_value(hdf, "CSRF.Token", EVIL));
    assert_null(hdf_set_value(hdf, "Echo.Value", EVIL));
    assert_null(hdf_set_value(hdf, "Request.Path", EVIL));
    assert_null(hdf_set_value(hdf, "Error.Status", "404"));
    assert_null(hdf_set_value(hdf, "Error.Message", EVIL));
    string_init(out);
    assert_int_equal(render_file(hdf, NULL, NULL, "layout.cs", out), 0);
    hdf_destroy(&hdf);
}

static void test_escaped_everywhere(void **state)
{
    const char *pages[] = {"test/echo.cs", "error.cs", "home/index.cs"};
    for (size_t i = 0; i < 3; i++) {
        STRING out;
        render_page(pages[i], &out);
        assert_non_null(out.buf);
        assert_null(strstr(out.buf, "<script>"));
        assert_null(strstr(out.buf, "\" onmouseover"));
        assert_non_null(strstr(out.buf, "&lt;script&gt;"));
        string_clear(&out);
    }
}

static void test_form_names(void **state)
{
    HDF *hdf = NULL;
    assert_null(hdf_init(&hdf));
    assert_int_equal(form_set(hdf, "name", "a", 1), 0);
    assert_int_equal(form_set(hdf, "name", "b", 1), 0);
    assert_int_equal(form_set(hdf, "name", "c", 1), 0);
    assert_string_equal(hdf_get_value(hdf, "Query.name", ""), "c");
    assert_string_equal(hdf_get_value(hdf, "Query.name.0", ""), "a");
    assert_string_equal(hdf_get_value(hdf, "Query.name.2", ""), "c");
    assert_int_equal(form_set(hdf, "items.0.code", "x", 1), 0);
    assert_int_equal(form_set(hdf, ".x", "v", 1), -1);
    assert_int_equal(form_set(hdf, "a..b", "v", 1), -1);
    assert_int_equal(form_set(hdf, "a b", "v", 1), -1);
    assert_int_equal(form_set(hdf, "", "v", 1), -1);
    assert_int_equal(form_set(hdf, "nul", "a\0b", 3), -1);
    hdf_destroy(&hdf);
}

/* Parses are kept between requests (lib/render.c): a second render with another HDF
 * shows that HDF's values, still escaped, and nothing of the first; another
 * Page.Template is another parse. */
static void render_with(const char *page, const char *value, STRING *out)
{
    HDF *hdf = NULL;
    assert_null(hdf_init(&hdf));
    assert_int_equal(render_prepare(hdf, TEMPLATE_DIR), 0);
    assert_null(hdf_set_value(hdf, "Page.Template", page));
    assert_null(hdf_set_value(hdf, "Page.Title", value));
    assert_null(hdf_set_value(hdf, "Echo.Value", value));
    assert_null(hdf_set_value(hdf, "Error.Message", value));
    string_init(out);
    assert_int_equal(render_file(hdf, NULL, NULL, "layout.cs", out), 0);
    hdf_destroy(&hdf);
}

static void test_kept_parses(void **state)
{
    STRING a, b, c, d;

    render_cache_clear();
    render_with("test/echo.cs", "first-value", &a);
    render_with("test/echo.cs", EVIL, &b);
    render_with("error.cs", "third-value", &c);
    render_with("test/echo.cs", "fourth-value", &d);
    assert_non_null(strstr(a.buf, "first-value"));
    assert_null(strstr(b.buf, "first-value"));
    assert_null(strstr(b.buf, "<script>"));
    assert_non_null(strstr(b.buf, "&lt;script&gt;"));
    assert_non_null(strstr(c.buf, "third-value"));
    /* error.cs is its own parse: the echo page's markup is not in it, and back again. */
    assert_string_not_equal(c.buf, a.buf);
    assert_non_null(strstr(d.buf, "fourth-value"));
    /* The kept parse renders exactly what a fresh parse renders. */
    render_cache_clear();
    STRING fresh;
    render_with("test/echo.cs", "fourth-value", &fresh);
    assert_string_equal(d.buf, fresh.buf);
    string_clear(&fresh);
    string_clear(&a);
    string_clear(&b);
    string_clear(&c);
    string_clear(&d);
    render_cache_clear();
}

/* cell(i, "column") reads a render_table (render.h): escaped like any var:, "" out of
 * range, the same through a macro, with a computed row or column; an unknown column or a
 * page without a table fails the render. */
static const char *const TABLE_COLUMNS[] = {"a", "b", "c", NULL};
static const char *const TABLE_VALUES[2][3] = {{EVIL, "", "电梯 No.1"}, {"x&y", "1\"2", "a\rb"}};

static const char *table_value(const void *ctx, int row, int column)
{
    assert_ptr_equal(ctx, TABLE_VALUES);
    assert_true(row >= 0 && row < 2 && column >= 0 && column < 3);
    return TABLE_VALUES[row][column];
}

static int render_table_page(const char *file, const struct render_table *t, STRING *out)
{
    HDF *hdf = NULL;
    int rc;

    assert_null(hdf_init(&hdf));
    assert_int_equal(render_prepare(hdf, TEMPLATE_DIR), 0);
    assert_null(hdf_set_value(hdf, "Table.Rows", "2"));
    assert_null(hdf_set_value(hdf, "Table.Column", "b"));
    string_init(out);
    rc = render_file(hdf, NULL, t, file, out);
    hdf_destroy(&hdf);
    return rc;
}

static void test_table_cells(void **state)
{
    struct render_table t = {2, TABLE_COLUMNS, table_value, TABLE_VALUES};
    STRING out;

    assert_int_equal(render_table_page("test/table.cs", &t, &out), 0);
    assert_null(strstr(out.buf, "<script>"));
    assert_null(strstr(out.buf, "\" onmouseover"));
    assert_non_null(strstr(out.buf, "<tr><td title=\"\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; onmouseover=&quot;x</td><td>-</td><td class=\"m\">&lt;script&gt;"));
    assert_non_null(strstr(out.buf, "<td class=\"c\">电梯 No.1</td></tr>"));
    /* Exactly what ClearSilver's escaper makes of it (it drops a CR), escaped once. */
    assert_non_null(strstr(out.buf, "<tr><td title=\"1&quot;2\">x&amp;y</td><td>B</td><td class=\"m\">x&amp;y</td><td class=\"c\">ab</td></tr>"));
    assert_non_null(strstr(out.buf, "<p id=\"edge\">[][][x&amp;y][1&quot;2]</p>"));
    string_clear(&out);

    assert_int_equal(render_table_page("test/table_bad.cs", &t, &out), -1);
    string_clear(&out);
    assert_int_equal(render_table_page("test/table.cs", NULL, &out), -1);
    string_clear(&out);
    render_cache_clear();
}

/* A table's column names resolved per table: 60 literal names, then the same parse over
 * a table whose columns are in another order (the evaluator keeps each cell()'s column
 * index per columns array: render_eval.h). */
static const char *const ABC[] = {"a", "b", "c", NULL}, *const CBA[] = {"c", "b", "a", NULL};

static const char *named_value(const void *ctx, int row, int column)
{
    static char v[2][3][4];
    const char *const *names = ctx;

    assert_true(row >= 0 && row < 2 && column >= 0 && column < 3);
    snprintf(v[row][column], sizeof v[row][column], "%s%d", names[column], row);
    return v[row][column];
}

static void test_table_many_columns(void **state)
{
    struct render_table abc = {2, ABC, named_value, ABC}, cba = {2, CBA, named_value, CBA};
    char want[2][512];
    STRING out;

    (void)state;
    for (int r = 0; r < 2; r++) {
        int n = snprintf(want[r], sizeof want[r], "<p id=\"r%d\">", r);
        for (int k = 0; k < 20; k++)
            n += snprintf(want[r] + n, sizeof want[r] - (size_t)n, "[a%d|b%d|c%d]", r, r, r);
        snprintf(want[r] + n, sizeof want[r] - (size_t)n, "</p>");
    }
    for (int pass = 0; pass < 2; pass++) { /* the second render reuses the kept parse */
        assert_int_equal(render_table_page("test/table_many.cs", pass ? &cba : &abc, &out), 0);
        assert_non_null(strstr(out.buf, want[0]));
        assert_non_null(strstr(out.buf, want[1]));
        string_clear(&out);
    }
    render_cache_clear();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaped_everywhere),
        cmocka_unit_test(test_form_names),
        cmocka_unit_test(test_kept_parses),
        cmocka_unit_test(test_table_cells),
        cmocka_unit_test(test_table_many_columns),
    };
    return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
