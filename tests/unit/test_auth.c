/* test_auth.c — roles read from the session's row, and capabilities looked up by name
 * (auth_can keeps where it found each name: a guess it always checks). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"

static void test_roles(void **state)
{
    (void)state;
    assert_int_equal(roles_parse("{ent_main}"), ROLE_ENT_MAIN);
    assert_int_equal(roles_parse("{agency_accept,agency_cashier}"), ROLE_AGENCY_ACCEPT | ROLE_AGENCY_CASHIER);
    assert_int_equal(roles_parse("{bureau,admin}"), ROLE_BUREAU | ROLE_ADMIN);
    assert_int_equal(roles_parse("{ent_mainx,ent_mai,nobody}"), 0);
    assert_int_equal(roles_parse("{}"), 0);
    assert_int_equal(roles_parse(""), 0);
    assert_int_equal(roles_parse(NULL), 0);
}

/* The same capability asked again and again (the hint), and different names at one
 * address: a buffer rewritten between calls must get each name's own answer. */
static void test_can_by_name(void **state)
{
    struct user ent = {.id = 1, .roles = ROLE_ENT_MAIN}, bureau = {.id = 2, .roles = ROLE_BUREAU};
    char name[64];

    (void)state;
    for (int i = 0; i < 3; i++) {
        assert_true(auth_can(&ent, "account.subaccounts"));
        assert_false(auth_can(&bureau, "account.subaccounts"));
        assert_true(auth_can(&bureau, "equipment.view"));
    }
    for (int i = 0; i < 3; i++) {
        snprintf(name, sizeof name, "%s", "account.subaccounts");
        assert_true(auth_can(&ent, name));
        assert_false(auth_can(&bureau, name));
        snprintf(name, sizeof name, "%s", "equipment.view");
        assert_true(auth_can(&bureau, name));
        snprintf(name, sizeof name, "%s", "no.such.capability");
        assert_false(auth_can(&ent, name));
        assert_false(auth_can(&bureau, name));
    }
    assert_false(auth_can(NULL, "equipment.view"));
    assert_false(auth_can(&ent, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_can_by_name),
    };
    return cmocka_run_group_tests_name("auth", tests, NULL, NULL);
}
