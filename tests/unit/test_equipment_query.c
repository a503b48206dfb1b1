/* test_equipment_query.c — the list builder: what reaches SQL text (fixed fragments
 * only) and what reaches parameters (every value), filter parsing and its messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ClearSilver.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "equipment_query.h"

/* A getter over "name=value" pairs. */
static const char *pairs_get(void *ctx, const char *name)
{
    const char *const *kv = ctx;
    for (int i = 0; kv[i]; i += 2)
        if (!strcmp(kv[i], name))
            return kv[i + 1];
    return NULL;
}

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *s = hay; (s = strstr(s, needle)); s += strlen(needle))
        n++;
    return n;
}

static int has_param(const struct eq_sql *q, const char *value)
{
    for (int i = 0; i < q->nparams; i++)
        if (!strcmp(q->params[i], value))
            return i + 1;
    return 0;
}

static struct eq_scope unit_scope(void)
{
    struct eq_scope s = {.kind = SCOPE_UNIT, .org_id = 42, .account_id = 7, .builds = 1, .makes = 1};
    return s;
}

static void test_parse_and_params(void **state)
{
    const char *kv[] = {"list", "all", "category", "3000", "address", "50%_\\x'; DROP TABLE equipment;--",
                        "state", "stopped", "due_from", "2026-01-01", "maint", "华安", NULL};
    struct eq_filter f;
    struct eq_scope s = unit_scope();
    struct eq_sql q;
    char err[4][96];
    (void)state;

    assert_int_equal(eq_filter_parse(pairs_get, (void *)kv, &f, err, 4), 0);
    assert_int_equal(f.list, EQ_ALL);
    assert_int_equal(eq_filter_count(&f), 5);
    assert_int_equal(eq_build_page(&s, &f, NULL, 20, &q), 0);
    /* Values only as parameters: the text holds none of them. */
    assert_null(strstr(q.sql, "DROP"));
    assert_null(strstr(q.sql, "华安"));
    assert_null(strstr(q.sql, "stopped"));
    /* LIKE metacharacters escaped, contains-match wrapped in %. */
    assert_true(has_param(&q, "%50\\%\\_\\\\x'; DROP TABLE equipment;--%"));
    assert_true(has_param(&q, "%华安%"));
    assert_true(has_param(&q, "stopped"));
    assert_true(has_param(&q, "42"));
    assert_non_null(strstr(q.sql, "LIMIT 21)")); /* limit + 1, a number of ours: in the text (one plan) */
    assert_false(has_param(&q, "21"));
    /* A kind filters on the first character; three role branches for the combined query. */
    assert_non_null(strstr(q.sql, "left(e.category, 1) = left($"));
    assert_int_equal(count_of(q.sql, "UNION ALL"), 2);
    assert_int_equal(count_of(q.sql, "e.state = $"), 3);
    /* Every $n the text uses exists. */
    for (const char *p = q.sql; (p = strchr(p, '$')); p++)
        assert_in_range(atoi(p + 1), 1, q.nparams);
    free(q.sql);
}

static void test_bad_values_dropped_with_messages(void **state)
{
    const char *kv[] = {"list", "due", "window", "999", "reg_code", "12ab", "district", "12010",
                        "state", "broken", "due_from", "2026-02-30", "conclusion", "x",
                        "category", "3110", NULL};
    struct eq_filter f;
    char err[8][96];
    (void)state;

    int n = eq_filter_parse(pairs_get, (void *)kv, &f, err, 8);
    assert_int_equal(n, 6);
    assert_int_equal(f.window_days, EQ_DEFAULT_WINDOW);
    assert_string_equal(f.reg_code, "");
    assert_string_equal(f.district, "");
    assert_string_equal(f.state, "");
    assert_string_equal(f.due_from, "");
    assert_string_equal(f.conclusion, "");
    assert_string_equal(f.category, "3110");
    assert_non_null(strstr(err[0], "到期天数"));
    assert_non_null(strstr(err[1], "注册代码"));
    /* Too long is refused, not cut. */
    char longtext[300];
    memset(longtext, 'x', sizeof longtext - 1);
    longtext[sizeof longtext - 1] = '\0';
    const char *kv2[] = {"address", longtext, NULL};
    assert_int_equal(eq_filter_parse(pairs_get, (void *)kv2, &f, err, 8), 1);
    assert_string_equal(f.address, "");
    assert_non_null(strstr(err[0], "过长"));
}

static void test_duty_lists_and_sorts(void **state)
{
    struct eq_filter f = {.list = EQ_OVERDUE, .window_days = 30};
    struct eq_scope s = unit_scope();
    struct eq_sql q;
    (void)state;

    /* Duty lists are the use unit's: one branch, on the due index's bare column. */
    assert_int_equal(eq_build_page(&s, &f, NULL, 20, &q), 0);
    assert_int_equal(count_of(q.sql, "UNION ALL"), 0);
    assert_non_null(strstr(q.sql, "ORDER BY e.next_inspection_date, e.id LIMIT"));
    assert_non_null(strstr(q.sql, "next_inspection_date < current_date"));
    free(q.sql);
    /* A sort the list does not offer falls back to its default; direction flips. */
    snprintf(f.sort, sizeof f.sort, "%s", "evil");
    f.desc = 1;
    assert_int_equal(eq_build_page(&s, &f, NULL, 20, &q), 0);
    assert_null(strstr(q.sql, "evil"));
    assert_non_null(strstr(q.sql, "ORDER BY e.next_inspection_date DESC, e.id DESC"));
    free(q.sql);
    snprintf(f.sort, sizeof f.sort, "%s", "name");
    f.desc = 0;
    assert_int_equal(eq_build_page(&s, &f, NULL, 20, &q), 0);
    assert_non_null(strstr(q.sql, "ORDER BY e.name, e.id LIMIT"));
    free(q.sql);
    /* Soon due carries the window as a parameter. */
    f.list = EQ_DUE_SOON;
    f.window_days = 45;
    assert_int_equal(eq_build_page(&s, &f, NULL, 20, &q), 0);
    assert_true(has_param(&q, "45"));
    free(q.sql);
}

static void test_cursor_both_ways(void **state)
{
    struct eq_filter f = {.list = EQ_OVERDUE, .window_days = 30};
    struct eq_scope s = unit_scope();
    struct eq_cursor c = {.backward = 0, .key = "2026-01-05", .id = 99};
    struct eq_sql q;
    (void)state;

    assert_int_equal(eq_build_page(&s, &f, &c, 20, &q), 0);
    assert_non_null(strstr(q.sql, "(e.next_inspection_date, e.id) > ($"));
    assert_true(has_param(&q, "2026-01-05"));
    assert_true(has_param(&q, "99"));
    free(q.sql);
    /* A key that does not fit the sort's type is no cursor (first page), never an SQL error. */
    struct eq_cursor bad = {.backward = 0, .key = "stopped", .id = 99};
    assert_int_equal(eq_build_page(&s, &f, &bad, 20, &q), 0);
    assert_null(strstr(q.sql, "e.id) > ($"));
    assert_false(has_param(&q, "stopped"));
    free(q.sql);
    /* Backward: the comparison and the order turn round. */
    c.backward = 1;
    assert_int_equal(eq_build_page(&s, &f, &c, 20, &q), 0);
    assert_non_null(strstr(q.sql, "(e.next_inspection_date, e.id) < ($"));
    assert_non_null(strstr(q.sql, "ORDER BY e.next_inspection_date DESC, e.id DESC"));
    free(q.sql);
}

static void test_scopes(void **state)
{
    struct eq_filter f = {.list = EQ_ALL, .window_days = 30};
    struct eq_scope s = {.kind = SCOPE_DISTRICTS, .ndistricts = 3};
    struct eq_sql q;
    (void)state;

    snprintf(s.districts[0], 7, "120100");
    snprintf(s.districts[1], 7, "120101");
    snprintf(s.districts[2], 7, "120102");
    assert_int_equal(eq_build_page(&s, &f, NULL, 20, &q), 0);
    assert_int_equal(count_of(q.sql, "e.district = $"), 3);
    assert_int_equal(count_of(q.sql, "UNION ALL"), 2);
    assert_true(has_param(&q, "120102"));
    free(q.sql);
    /* A sub-account: its assignments; nothing for an account with no scope. */
    s.kind = SCOPE_SUB;
    s.org_id = 5;
    s.account_id = 77;
    assert_int_equal(eq_build_page(&s, &f, NULL, 20, &q), 0);
    assert_non_null(strstr(q.sql, "account_equipment WHERE account_id = $"));
    assert_true(has_param(&q, "77"));
    free(q.sql);
    /* A unit: one range per role it is registered for (migration 0012); a use unit's
     * page comes straight from its one range, without the merge and the second visit. */
    {
        struct user u = {.id = 7, .org_id = 42, .roles = ROLE_ENT_MAIN, .org_types = ORG_TYPES_KNOWN};
        struct eq_scope us;
        assert_int_equal(eq_scope_of(&u, &us), 0);
        assert_int_equal(us.builds + us.makes, 0);
        assert_int_equal(eq_build_page(&us, &f, NULL, 20, &q), 0);
        assert_int_equal(count_of(q.sql, "UNION ALL"), 0);
        assert_null(strstr(q.sql, "JOIN equipment e ON"));
        assert_non_null(strstr(q.sql, " WHERE e.use_org_id = $1 ORDER BY e.id, e.id LIMIT 21"));
        free(q.sql);
        u.org_types |= ORG_TYPES_CONSTRUCTION;
        assert_int_equal(eq_scope_of(&u, &us), 0);
        assert_int_equal(eq_build_page(&us, &f, NULL, 20, &q), 0);
        assert_int_equal(count_of(q.sql, "UNION ALL"), 1);
        assert_non_null(strstr(q.sql, "e.construction_org_id = $"));
        free(q.sql);
        u.org_types = 0; /* not loaded by a session: every role's range */
        assert_int_equal(eq_scope_of(&u, &us), 0);
        assert_int_equal(eq_build_page(&us, &f, NULL, 20, &q), 0);
        assert_int_equal(count_of(q.sql, "UNION ALL"), 2);
        free(q.sql);
    }
    /* Duty-list totals: the due tally without a filter, the devices with one. */
    {
        struct eq_filter due = {.list = EQ_DUE_SOON, .window_days = 45};
        s.kind = SCOPE_DISTRICTS;
        assert_int_equal(eq_build_count(&s, &due, 10000, &q), 0);
        assert_non_null(strstr(q.sql, "FROM equipment_due_tally_district t WHERE t.district = ANY (ARRAY[$1, $2, $3]"));
        assert_non_null(strstr(q.sql, "t.due <= current_date + $4::int"));
        assert_true(has_param(&q, "45"));
        free(q.sql);
        /* Overdue: one range of the same tally, before today (migration 0017 folds the
         * early dates into one row), over the same three parameters. */
        struct eq_filter overdue = {.list = EQ_OVERDUE};
        assert_int_equal(eq_build_count(&s, &overdue, 10000, &q), 0);
        assert_int_equal(q.nparams, 3);
        assert_non_null(strstr(q.sql, "SELECT least(coalesce(sum(t.n), 0), 10001) FROM equipment_due_tally_district t"
                                      " WHERE t.district = ANY (ARRAY[$1, $2, $3]::char(6)[]) AND t.due < current_date"));
        assert_int_equal(count_of(q.sql, "FROM "), 1);
        free(q.sql);
        snprintf(due.category, sizeof due.category, "3000");
        assert_int_equal(eq_build_count(&s, &due, 10000, &q), 0);
        assert_null(strstr(q.sql, "tally"));
        assert_non_null(strstr(q.sql, "FROM equipment e"));
        free(q.sql);
    }
    s.kind = SCOPE_NONE;
    assert_int_equal(eq_build_page(&s, &f, NULL, 20, &q), 0);
    assert_non_null(strstr(q.sql, "WHERE false"));
    free(q.sql);
    assert_int_equal(eq_build_count(&s, &f, 100, &q), 0);
    assert_non_null(strstr(q.sql, "WHERE false"));
    free(q.sql);
}

static void test_filter_query_string(void **state)
{
    const char *kv[] = {"list", "due", "window", "60", "address", "南京路 219号&x=1", "state", "in_use", NULL};
    struct eq_filter f;
    char err[4][96], qs[512];
    (void)state;

    eq_filter_parse(pairs_get, (void *)kv, &f, err, 4);
    eq_filter_query(&f, qs, sizeof qs);
    assert_non_null(strstr(qs, "list=due"));
    assert_non_null(strstr(qs, "window=60"));
    assert_non_null(strstr(qs, "state=in_use"));
    assert_null(strstr(qs, "&x=1"));    /* the value's & is encoded */
    assert_non_null(strstr(qs, "%26x%3D1"));
}

/* eq_url_add copies what ClearSilver's escaper would leave as it is and escapes the rest
 * with it: the same text as cgi_url_escape for every value. */
static void test_url_add_escapes_as_clearsilver(void **state)
{
    const char *values[] = {"reg_code", "2026-07-25", "a.b-c_d", "x y", "中文", "a~b", "a*b!(c)",
                            "3110120104", "<&>\"'", "%41", "", NULL};
    (void)state;
    for (int i = 0; values[i]; i++) {
        char out[256] = "", want[256];
        char *esc = NULL;
        assert_int_equal(cgi_url_escape(values[i], &esc), STATUS_OK);
        snprintf(want, sizeof want, "n=%s", esc);
        free(esc);
        eq_url_add(out, sizeof out, "n", values[i]);
        assert_string_equal(out, want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_and_params),
        cmocka_unit_test(test_bad_values_dropped_with_messages),
        cmocka_unit_test(test_duty_lists_and_sorts),
        cmocka_unit_test(test_cursor_both_ways),
        cmocka_unit_test(test_scopes),
        cmocka_unit_test(test_filter_query_string),
        cmocka_unit_test(test_url_add_escapes_as_clearsilver),
    };
    return cmocka_run_group_tests_name("equipment_query", tests, NULL, NULL);
}
