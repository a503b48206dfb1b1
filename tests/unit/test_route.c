/* test_route.c — path matching and the real route table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "route.h"
#include "routes.h"

static void test_match(void **state)
{
    struct route_params p;

    assert_true(route_match("/", "/", &p));
    assert_false(route_match("/", "/x", &p));
    assert_false(route_match("/a", "/", &p));
    assert_true(route_match("/healthz", "/healthz", &p));
    assert_false(route_match("/healthz", "/healthz/", &p));
    assert_false(route_match("/healthz", "/healthzz", &p));
    assert_false(route_match("/healthz", "healthz", &p));
    assert_true(route_match("/files/:sha", "/files/abc", &p));
    assert_int_equal(p.n, 1);
    assert_string_equal(p.value[0], "abc");
    assert_false(route_match("/files/:sha", "/files/", &p));
    assert_false(route_match("/files/:sha", "/files/abc/def", &p));
    assert_true(route_match("/a/:x/b/:y", "/a/1/b/two", &p));
    assert_int_equal(p.n, 2);
    assert_string_equal(p.value[1], "two");
    assert_false(route_match("/a/:x/b/:y", "/a/1/c/two", &p));
}

static void test_param_too_long(void **state)
{
    struct route_params p;
    char path[400] = "/files/";
    memset(path + 7, 'a', ROUTE_PARAM_MAX);
    path[7 + ROUTE_PARAM_MAX] = '\0';
    assert_false(route_match("/files/:sha", path, &p));
    path[7 + ROUTE_PARAM_MAX - 1] = '\0';
    assert_true(route_match("/files/:sha", path, &p));
}

static void test_table(void **state)
{
    const struct route *rt;
    struct route_params p;

    assert_int_equal(route_find(ROUTES, ROUTES_COUNT, "GET", "/", 0, &rt, &p), ROUTE_FOUND);
    assert_ptr_equal(rt->handler, home_index);
    assert_int_equal(route_find(ROUTES, ROUTES_COUNT, "HEAD", "/", 0, &rt, &p), ROUTE_FOUND);
    assert_int_equal(route_find(ROUTES, ROUTES_COUNT, "POST", "/", 0, &rt, &p), ROUTE_BAD_METHOD);
    assert_null(rt);
    assert_int_equal(route_find(ROUTES, ROUTES_COUNT, "GET", "/nope", 0, &rt, &p), ROUTE_NOT_FOUND);
    assert_int_equal(route_find(ROUTES, ROUTES_COUNT, "GET", "/healthz", 0, &rt, &p), ROUTE_FOUND);
    assert_true(rt->flags & ROUTE_DB);
}

static void test_test_routes_hidden(void **state)
{
    const struct route *rt;
    struct route_params p;

    assert_int_equal(route_find(ROUTES, ROUTES_COUNT, "GET", "/_test/echo", 0, &rt, &p), ROUTE_NOT_FOUND);
    assert_int_equal(route_find(ROUTES, ROUTES_COUNT, "GET", "/_test/echo", 1, &rt, &p), ROUTE_FOUND);
    assert_int_equal(route_find(ROUTES, ROUTES_COUNT, "GET", "/_test/blob/abc", 1, &rt, &p), ROUTE_FOUND);
    assert_string_equal(p.value[0], "abc");
}

/* Every state-changing route is a POST that checks CSRF; every route's capability
 * names a dotted area.action; no two routes share method and pattern. */
static void test_table_invariants(void **state)
{
    for (size_t i = 0; i < ROUTES_COUNT; i++) {
        const struct route *a = &ROUTES[i];
        assert_true(strcmp(a->method, "GET") == 0 || strcmp(a->method, "POST") == 0);
        assert_non_null(a->handler);
        assert_int_equal(a->pattern[0], '/');
        if (strcmp(a->method, "POST") == 0 && !(a->flags & ROUTE_CSRF) && !(a->flags & ROUTE_TEST) &&
            !((a->flags & ROUTE_NO_CSRF) && !strcmp(a->pattern, "/verify") && !a->capability))
            fail_msg("POST %s without CSRF", a->pattern);
        if ((a->flags & ROUTE_NO_CSRF) && (a->flags & ROUTE_CSRF))
            fail_msg("POST %s both with and without CSRF", a->pattern);
        if (a->capability)
            assert_non_null(strchr(a->capability, '.'));
        for (size_t j = i + 1; j < ROUTES_COUNT; j++)
            if (!strcmp(a->method, ROUTES[j].method) && !strcmp(a->pattern, ROUTES[j].pattern))
                fail_msg("duplicate route %s %s", a->method, a->pattern);
    }
}

/* No route is unreachable: a path made from a route's own pattern (each :param filled
 * with a sample value) must not be caught by an earlier route of the same method —
 * "/equipment/:id" above "/equipment/changes" would swallow it. */
static void test_no_route_shadowed(void **state)
{
    struct route_params params;
    char path[512];
    (void)state;

    for (size_t j = 0; j < ROUTES_COUNT; j++) {
        size_t o = 0;
        for (const char *s = ROUTES[j].pattern; *s && o < sizeof path - 4;) {
            if (*s == ':') {
                path[o++] = '7';
                s += strcspn(s, "/");
            } else
                path[o++] = *s++;
        }
        path[o] = '\0';
        for (size_t i = 0; i < j; i++)
            if (!strcmp(ROUTES[i].method, ROUTES[j].method) && route_match(ROUTES[i].pattern, path, &params) &&
                strcmp(ROUTES[i].pattern, ROUTES[j].pattern))
                fail_msg("%s %s is shadowed by the earlier %s", ROUTES[j].method, ROUTES[j].pattern,
                         ROUTES[i].pattern);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match),
        cmocka_unit_test(test_param_too_long),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_test_routes_hidden),
        cmocka_unit_test(test_table_invariants),
        cmocka_unit_test(test_no_route_shadowed),
    };
    return cmocka_run_group_tests_name("route", tests, NULL, NULL);
}
