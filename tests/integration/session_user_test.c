/* session_user_test.c — the account and unit kept on each session row (migration 0016)
 * against the real stack: every change of what the copy holds reaches the signed-in
 * user's next request (a new name, new roles, a password to change), a frozen or
 * disabled account or unit is refused at once and let in again when restored, no session
 * ever drifts from its account, and a sign-in racing a freeze waits for it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testkit.h"

static char login[40], org_id[24], org_name[80];

static int setup(void **state)
{
    char code[19];
    (void)state;
    fresh_credit_code(code, 41);
    snprintf(org_name, sizeof org_name, "会话副本测试单位%s", run_id());
    char *org = sql_q("INSERT INTO org (kind, name, credit_code, unit_types, certified, state, district)"
                      " VALUES ('enterprise', $1, $2, '{use}', true, 'active', '120104') RETURNING id",
                      2, org_name, code);
    if (!org)
        return -1;
    snprintf(org_id, sizeof org_id, "%s", org);
    snprintf(login, sizeof login, "sess%s", run_id());
    free(sql_q("INSERT INTO account (org_id, login, password_hash, name, mobile, roles)"
               " SELECT $1, $2, a.password_hash, '会话甲', '13700000021', '{ent_main}'"
               " FROM account a WHERE a.login = 'visitor'",
               2, org, login));
    free(org);
    return 0;
}


static void expect_account_page(struct browser *b, const char *needle)
{
    struct page p = browser_get(b, "/account");
    if (p.status != 200)
        fail_msg("/account: HTTP %ld", p.status);
    if (!contains(&p, needle))
        fail_msg("/account lacks %s", needle);
    page_free(&p);
}

/* No session anywhere holds other values than its account and unit have now. */
static void expect_no_drift(void)
{
    expect_sql("0", "SELECT count(*) FROM session s JOIN account a ON a.id = s.account_id"
                    " LEFT JOIN org o ON o.id = a.org_id"
                    " WHERE (s.org_id, s.parent_id, s.roles, s.must_change_password, s.login, s.name, s.task_types,"
                    "        s.org_certified, s.org_name, s.org_unit_types, s.org_kind, s.org_district, s.usable)"
                    " IS DISTINCT FROM"
                    "       (a.org_id, a.parent_id, a.roles, a.must_change_password, a.login, a.name, a.task_types,"
                    "        o.certified, o.name, o.unit_types, o.kind, o.district,"
                    "        a.state = 'active' AND NOT a.frozen AND (o.id IS NULL OR o.state = 'active'))",
               NULL);
}

static void set_account(const char *assignment)
{
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE account SET %s WHERE login = $1", assignment);
    free(sql_q(sql, 1, login));
}

static void set_org(const char *assignment)
{
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE org SET %s WHERE id = $1", assignment);
    free(sql_q(sql, 1, org_id));
}

static void test_changes_reach_the_next_request(void **state)
{
    struct browser b;
    char renamed[96];
    (void)state;
    login_as(&b, login);
    expect_account_page(&b, "会话甲");
    expect_no_drift();

    /* Names, the account's and the unit's. */
    set_account("name = '会话乙'");
    expect_account_page(&b, "会话乙");
    snprintf(renamed, sizeof renamed, "%s改", org_name);
    free(sql_q("UPDATE org SET name = $2 WHERE id = $1", 2, org_id, renamed));
    expect_account_page(&b, renamed);
    expect_no_drift();

    /* Roles: a main account manages sub-accounts, a non-certified one may not. */
    assert_int_equal(status_of(&b, "/account/subaccounts"), 200);
    set_account("roles = '{ent_basic}'");
    assert_int_equal(status_of(&b, "/account/subaccounts"), 403);
    set_account("roles = '{ent_main}'");
    assert_int_equal(status_of(&b, "/account/subaccounts"), 200);

    /* A password to change first. */
    set_account("must_change_password = true");
    struct page p = browser_get(&b, "/account");
    assert_int_equal(p.status, 303);
    assert_string_equal(p.location, "/account/password?first=1");
    page_free(&p);
    set_account("must_change_password = false");
    expect_no_drift();

    /* Frozen, disabled, the unit disabled: refused at once (and the browser's cookie
     * cleared); restored: the kept session is usable again, and the user signs in. */
    const char *usable_sql = "SELECT bool_and(s.usable) FROM session s JOIN account a ON a.id = s.account_id"
                             " WHERE a.login = $1";
    const char *blocks[][3] = {
        {"account", "frozen = true", "frozen = false"},
        {"account", "state = 'disabled'", "state = 'active'"},
        {"org", "state = 'disabled'", "state = 'active'"},
    };
    for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
        int org = !strcmp(blocks[i][0], "org");
        org ? set_org(blocks[i][1]) : set_account(blocks[i][1]);
        expect_no_drift();
        expect_sql("f", usable_sql, login);
        assert_int_equal(status_of(&b, "/account"), 303);
        org ? set_org(blocks[i][2]) : set_account(blocks[i][2]);
        expect_sql("t", usable_sql, login);
        browser_free(&b);
        login_as(&b, login);
        assert_int_equal(status_of(&b, "/account"), 200);
    }
    /* A change the copy does not hold rewrites no session (its row version stays). */
    const char *version_sql = "SELECT string_agg(s.xmin::text, ',') FROM session s"
                              " JOIN account a ON a.id = s.account_id WHERE a.login = $1";
    char *before = sql_value(version_sql, login);
    set_account("failed_logins = failed_logins + 1");
    char *after = sql_value(version_sql, login);
    assert_non_null(before);
    assert_non_null(after);
    assert_string_equal(before, after);
    free(before);
    free(after);
    expect_no_drift();
    browser_free(&b);
}

/* A session made while its account is being frozen waits for the freeze and is made
 * unusable; one made before a freeze is rewritten by it. */
static void test_sign_in_racing_a_freeze(void **state)
{
    (void)state;
    PGconn *freezer = PQconnectdb(getenv("TEJIAN_DB")), *signer = PQconnectdb(getenv("TEJIAN_DB"));
    assert_int_equal(PQstatus(freezer), CONNECTION_OK);
    assert_int_equal(PQstatus(signer), CONNECTION_OK);
    const char *v[1] = {login};
    PGresult *res = PQexec(freezer, "BEGIN");
    PQclear(res);
    res = PQexecParams(freezer, "UPDATE account SET frozen = true WHERE login = $1", 1, NULL, v, NULL, NULL, 0);
    assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
    PQclear(res);
    char token_hash[65];
    snprintf(token_hash, sizeof token_hash, "%064d", getpid());
    const char *sv[2] = {token_hash, login};
    assert_true(PQsendQueryParams(signer,
                                  "INSERT INTO session (token_hash, account_id, expires_at)"
                                  " SELECT $1, id, now() + interval '1 hour' FROM account WHERE login = $2"
                                  " RETURNING usable",
                                  2, NULL, sv, NULL, NULL, 0));
    /* The insert waits for the freezer's transaction. */
    res = result_after_commit(signer, freezer);
    assert_string_equal(PQgetvalue(res, 0, 0), "f");
    PQclear(res);
    expect_no_drift();
    /* Thawed: the session made during the freeze is rewritten as usable. */
    set_account("frozen = false");
    expect_sql("t", "SELECT usable FROM session WHERE token_hash = $1", token_hash);
    free(sql_q("DELETE FROM session WHERE token_hash = $1", 1, token_hash));
    PQfinish(freezer);
    PQfinish(signer);
}

int main(void)
{
    if (testkit_start())
        return 2;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_changes_reach_the_next_request),
        cmocka_unit_test(test_sign_in_racing_a_freeze),
    };
    int rc = cmocka_run_group_tests_name("session_user", tests, setup, NULL);
    testkit_stop();
    return rc;
}
