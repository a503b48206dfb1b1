/* db_test.c — lib/db.c's speculation (db_prefetch, db_exec_carry) against the real
 * PostgreSQL: the queued statement travels with its carrier in one pipeline, and its kept
 * result is handed out only to the very next statement, when that is the same text with
 * the same parameters outside a transaction. Shown by changing the row from another
 * connection in between: a kept result still has the old value, a real run the new. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "testkit.h"

static char table[64], read_sql[160], update_sql[160];
static const char *CARRIER = "SELECT $1::text || '-carried'";
static const char *DIVIDE = "SELECT 10 / $1::int";

/* The value of key k as lib/db.c's connection reads it now ("" on error). */
static void read_value(const char *k, char *out, size_t cap)
{
    const char *v[1] = {k};
    PGresult *res = db_exec(read_sql, 1, v);
    snprintf(out, cap, "%s", res && PQntuples(res) == 1 ? PQgetvalue(res, 0, 0) : "");
    PQclear(res);
}

/* Sets key k's value from the test's own connection (not lib/db.c's). */
static void set_value(const char *k, const char *value)
{
    free(sql_q(update_sql, 2, k, value));
}

/* Queues the read of k and runs the carrier: the read is now done, its result kept. */
static void prefetch_read(const char *k)
{
    const char *v[1] = {k}, *c[1] = {"x"};
    db_prefetch(read_sql, 1, v);
    PGresult *res = db_exec_carry(CARRIER, 1, c);
    assert_non_null(res);
    assert_string_equal(PQgetvalue(res, 0, 0), "x-carried");
    PQclear(res);
}

static int setup(void **state)
{
    (void)state;
    snprintf(table, sizeof table, "db_prefetch_%s", run_id());
    snprintf(read_sql, sizeof read_sql, "SELECT v FROM %s WHERE k = $1", table);
    snprintf(update_sql, sizeof update_sql, "UPDATE %s SET v = $2 WHERE k = $1", table);
    char ddl[256];
    snprintf(ddl, sizeof ddl, "CREATE TABLE %s (k text PRIMARY KEY, v text NOT NULL)", table);
    free(sql_q(ddl, 0));
    snprintf(ddl, sizeof ddl, "INSERT INTO %s VALUES ('a', 'a0'), ('b', 'b0')", table);
    free(sql_q(ddl, 0));
    db_use_prepared(1);
    if (db_open(getenv("TEJIAN_DB")) != 0)
        return -1;
    char got[32];
    read_value("a", got, sizeof got); /* prepared: only prepared statements are prefetched */
    const char *one[1] = {"1"};
    PQclear(db_exec(DIVIDE, 1, one));
    return strcmp(got, "a0") == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char ddl[128];
    db_close();
    snprintf(ddl, sizeof ddl, "DROP TABLE %s", table);
    free(sql_q(ddl, 0));
    return 0;
}

static void test_kept_for_the_same_statement(void **state)
{
    (void)state;
    char got[32];
    set_value("a", "a1");
    prefetch_read("a");
    set_value("a", "a2");
    read_value("a", got, sizeof got);
    assert_string_equal(got, "a1"); /* read with the carrier, before the change */
    read_value("a", got, sizeof got);
    assert_string_equal(got, "a2"); /* handed out once */
}

static void test_other_parameters_run_for_real(void **state)
{
    (void)state;
    char got[32];
    set_value("a", "a3");
    set_value("b", "b3");
    prefetch_read("a");
    set_value("a", "a4");
    set_value("b", "b4");
    read_value("b", got, sizeof got);
    assert_string_equal(got, "b4");
    read_value("a", got, sizeof got); /* the kept result went with the mismatch */
    assert_string_equal(got, "a4");
}

static void test_any_statement_between_drops_it(void **state)
{
    (void)state;
    char got[32];
    set_value("a", "a5");
    prefetch_read("a");
    set_value("a", "a6");
    PQclear(db_exec("SELECT 1", 0, NULL));
    read_value("a", got, sizeof got);
    assert_string_equal(got, "a6");
}

static void test_not_inside_a_transaction(void **state)
{
    (void)state;
    char got[32];
    set_value("a", "a7");
    prefetch_read("a");
    set_value("a", "a8");
    assert_int_equal(db_begin(), 0);
    read_value("a", got, sizeof got);
    assert_string_equal(got, "a8");
    db_rollback();
}

/* A prefetched statement that fails leaves its error to its own run; the connection
 * goes on. */
static void test_failing_prefetch(void **state)
{
    (void)state;
    const char *zero[1] = {"0"}, *c[1] = {"y"};
    db_prefetch(DIVIDE, 1, zero);
    PGresult *res = db_exec_carry(CARRIER, 1, c);
    assert_non_null(res);
    assert_string_equal(PQgetvalue(res, 0, 0), "y-carried");
    PQclear(res);
    assert_null(db_exec(DIVIDE, 1, zero));
    assert_string_equal(db_last_sqlstate(), "22012");
    char got[32];
    set_value("a", "a9");
    read_value("a", got, sizeof got);
    assert_string_equal(got, "a9");
}

/* A carrier that fails fails as it would alone; the prefetch is not kept. */
static void test_failing_carrier(void **state)
{
    (void)state;
    const char *zero[1] = {"0"}, *k[1] = {"a"};
    char got[32];
    set_value("a", "a10");
    db_prefetch(read_sql, 1, k);
    assert_null(db_exec_carry(DIVIDE, 1, zero));
    assert_string_equal(db_last_sqlstate(), "22012");
    set_value("a", "a11");
    read_value("a", got, sizeof got);
    assert_string_equal(got, "a11");
}

/* A statement not yet prepared on the connection is not sent along; it runs when asked. */
static void test_unprepared_is_not_sent(void **state)
{
    (void)state;
    const char *v[1] = {"b"}, *c[1] = {"z"};
    char sql[200], got[32];
    snprintf(sql, sizeof sql, "SELECT v || '!' FROM %s WHERE k = $1", table);
    set_value("b", "b5");
    db_prefetch(sql, 1, v);
    PGresult *res = db_exec_carry(CARRIER, 1, c);
    assert_non_null(res);
    PQclear(res);
    set_value("b", "b6");
    res = db_exec(sql, 1, v);
    assert_non_null(res);
    snprintf(got, sizeof got, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    assert_string_equal(got, "b6!");
    db_prefetch_drop();
}

int main(void)
{
    if (testkit_start())
        return 2;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kept_for_the_same_statement),
        cmocka_unit_test(test_other_parameters_run_for_real),
        cmocka_unit_test(test_any_statement_between_drops_it),
        cmocka_unit_test(test_not_inside_a_transaction),
        cmocka_unit_test(test_failing_prefetch),
        cmocka_unit_test(test_failing_carrier),
        cmocka_unit_test(test_unprepared_is_not_sent),
    };
    int rc = cmocka_run_group_tests_name("db-prefetch", tests, setup, teardown);
    testkit_stop();
    return rc;
}
