/* test_pgarray.c — reading PostgreSQL arrays' text form: unit types as the session's
 * SELECT returns them (session.c reads o.unit_types plain; roles: test_auth.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

static void test_array_has(void **state)
{
    (void)state;
    assert_true(pg_array_has("{use,maintenance}", "maintenance"));
    assert_true(pg_array_has("{use,maintenance}", "use"));
    assert_true(pg_array_has("{construction}", "construction"));
    assert_true(pg_array_has("{\"use\",\"manufacture\"}", "manufacture"));
    /* Whole elements only: no prefix, no suffix, no substring. */
    assert_false(pg_array_has("{maintenance}", "maint"));
    assert_false(pg_array_has("{maint}", "maintenance"));
    assert_false(pg_array_has("{construction_x}", "construction"));
    assert_false(pg_array_has("{use}", ""));
    /* Empty array, a NULL column (libpq reads it as ""), no value at all. */
    assert_false(pg_array_has("{}", "use"));
    assert_false(pg_array_has("", "use"));
    assert_false(pg_array_has(NULL, "use"));
}

static void test_array_next(void **state)
{
    const char *s = "{use,\"maintenance\",x}", *e;
    size_t n;

    (void)state;
    assert_non_null(e = pg_array_next(&s, &n));
    assert_int_equal(n, 3);
    assert_memory_equal(e, "use", 3);
    assert_non_null(e = pg_array_next(&s, &n));
    assert_int_equal(n, 11);
    assert_memory_equal(e, "maintenance", 11);
    assert_non_null(e = pg_array_next(&s, &n));
    assert_int_equal(n, 1);
    assert_null(pg_array_next(&s, &n));
    assert_null(pg_array_next(&s, &n));
}

/* long_str against snprintf("%ld") at the edges and around every power of ten. */
static void test_long_str(void **state)
{
    char got[24], want[32];
    long values[64] = {0, 1, -1, 9, 10, -10, LONG_MAX, LONG_MIN, LONG_MAX - 1, LONG_MIN + 1};
    int n = 10;

    (void)state;
    for (long p = 10; p <= LONG_MAX / 10 && n < 60; p *= 10) {
        values[n++] = p - 1;
        values[n++] = -p;
    }
    for (int i = 0; i < n; i++) {
        size_t len = long_str(values[i], got);
        snprintf(want, sizeof want, "%ld", values[i]);
        assert_string_equal(got, want);
        assert_int_equal(len, strlen(want));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_str),
        cmocka_unit_test(test_array_has),
        cmocka_unit_test(test_array_next),
    };
    return cmocka_run_group_tests_name("pgarray", tests, NULL, NULL);
}
