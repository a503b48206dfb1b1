/* account.c — one's own account: profile, password check, password reset by SMS. */
#include "account.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "login.h"
#include "password.h"
#include "sms.h"

PGresult *account_profile_get(long account_id)
{
    char id[24];
    const char *v[1] = {id};
    snprintf(id, sizeof id, "%ld", account_id);
    return db_exec("SELECT a.name, coalesce(a.mobile, '') AS mobile, coalesce(a.email, '') AS email, a.login,"
                   " coalesce(to_char(a.last_login_at, 'YYYY-MM-DD HH24:MI'), '') AS last_login,"
                   " coalesce(o.name, '') AS org_name, coalesce(o.credit_code, '') AS credit_code"
                   " FROM account a LEFT JOIN org o ON o.id = a.org_id WHERE a.id = $1",
                   1, v);
}

int account_profile_update(const struct user *u, const char *name, const char *mobile,
                         const char *email, const char *ip)
{
    char id[24];
    const char *v[4] = {id, name, mobile, email && *email ? email : NULL};

    snprintf(id, sizeof id, "%ld", u->id);
    if (db_begin() ||
        db_command("UPDATE account SET name = $2, mobile = $3, email = $4, updated_at = now(),"
                   " version = version + 1 WHERE id = $1",
                   4, v) ||
        audit_log(u, "account.profile", "account", u->id, NULL, ip) || db_commit()) {
        db_rollback();
        return -1;
    }
    return 0;
}

int account_password_matches(long account_id, const char *password)
{
    char id[24];
    const char *v[1] = {id};
    PGresult *res;
    int rc;

    snprintf(id, sizeof id, "%ld", account_id);
    res = db_exec("SELECT password_hash FROM account WHERE id = $1", 1, v);
    if (!res)
        return -1;
    rc = PQntuples(res) == 1 && password ? password_verify(password, PQgetvalue(res, 0, 0), NULL) : 0;
    PQclear(res);
    return rc;
}

int account_login_mobile_match(const char *login, const char *mobile)
{
    const char *v[2] = {login, mobile};
    PGresult *res = db_exec("SELECT 1 FROM account WHERE lower(login) = lower($1) AND mobile = $2"
                            " AND state = 'active'", 2, v);
    int rc;
    if (!res)
        return -1;
    rc = PQntuples(res) == 1;
    PQclear(res);
    return rc;
}

int account_reset_by_sms(const char *login, const char *mobile, const char *code,
                         const char *password, const char *ip)
{
    const char *v[2] = {login, mobile};
    PGresult *res = NULL;
    int ok, rc = -1;

    if (db_begin())
        return -1;
    ok = sms_code_verify(mobile, "reset", code);
    if (ok < 0)
        goto out;
    if (ok) {
        res = db_exec("SELECT id FROM account WHERE lower(login) = lower($1) AND mobile = $2"
                      " AND state = 'active' FOR UPDATE", 2, v);
        if (!res)
            goto out;
        ok = PQntuples(res) == 1;
    }
    if (!ok) {
        rc = db_commit() ? -1 : 0; /* the failed attempt stays counted */
        goto out;
    }
    struct user self = {0};
    self.id = atol(PQgetvalue(res, 0, 0));
    snprintf(self.login, sizeof self.login, "%s", login);
    if (password_set(&self, self.id, password, NULL, "account.password_reset_sms", ip, 1) || db_commit())
        goto out;
    rc = 1;
out:
    PQclear(res);
    if (rc < 0)
        db_rollback();
    return rc;
}

PGresult *account_search(const char *q, long limit, long offset)
{
    char lim[24], off[24];
    snprintf(lim, sizeof lim, "%ld", limit);
    snprintf(off, sizeof off, "%ld", offset);
    const char *v[3] = {q ? q : "", lim, off};
    return db_exec("SELECT a.id, a.login, a.name, coalesce(a.mobile, '') AS mobile, a.state,"
                   " a.frozen::int AS frozen, a.failed_logins,"
                   " array_to_string(ARRAY(SELECT CASE r WHEN 'ent_main' THEN '企业主账号' WHEN 'ent_sub' THEN '企业子账号'"
                   "  WHEN 'ent_basic' THEN '非认证账号' WHEN 'agency_accept' THEN '受理员' WHEN 'agency_inspector' THEN '检验员'"
                   "  WHEN 'agency_approver' THEN '审批人' WHEN 'agency_cashier' THEN '收费员' WHEN 'bureau' THEN '区县监管局'"
                   "  WHEN 'admin' THEN '系统管理员' ELSE r END FROM unnest(a.roles) r), '、') AS roles,"
                   " coalesce(o.name, '') AS org, coalesce(to_char(a.last_login_at, 'YYYY-MM-DD HH24:MI'), '') AS last_login,"
                   " count(*) OVER () AS total"
                   " FROM account a LEFT JOIN org o ON o.id = a.org_id"
                   " WHERE $1 = '' OR a.login ILIKE '%' || $1 || '%' OR a.name ILIKE '%' || $1 || '%'"
                   " OR a.mobile LIKE '%' || $1 || '%' OR o.name ILIKE '%' || $1 || '%'"
                   " ORDER BY a.frozen DESC, a.id LIMIT $2 OFFSET $3",
                   3, v);
}
