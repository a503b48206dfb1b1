/* subaccount.c — sub-accounts and staff accounts of a unit, scoped to its main account. */
#include "subaccount.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "login.h"
#include "outbox.h"
#include "password.h"
#include "session.h"

#include <openssl/crypto.h>

const char *const TASK_TYPES[] = {"periodic", "installation", "modification", NULL};
const char *const TASK_TYPE_LABELS[] = {"定期检验", "安装监检", "改造大修监检", NULL};

int task_types_literal(const char *const *types, int n, char out[64])
{
    size_t o = (size_t)snprintf(out, 64, "{");
    int kept = 0;

    for (int t = 0; TASK_TYPES[t]; t++) {
        int chosen = 0;
        for (int i = 0; i < n; i++)
            chosen |= types[i] && strcmp(types[i], TASK_TYPES[t]) == 0;
        if (chosen)
            o += (size_t)snprintf(out + o, 64 - o, "%s%s", kept++ ? "," : "", TASK_TYPES[t]);
    }
    snprintf(out + o, 64 - o, "}");
    return kept;
}

static void id_text(long v, char buf[24]) { snprintf(buf, 24, "%ld", v); }

/* The scope of every statement below: sub-accounts of the caller's own unit. */
#define SCOPE " org_id = $1 AND 'ent_sub' = ANY (roles) "

PGresult *subaccount_list(const struct user *main)
{
    char org[24];
    const char *v[1] = {org};
    id_text(main->org_id, org);
    return db_exec("SELECT id, login, name, coalesce(mobile, '') AS mobile,"
                   " coalesce(array_to_string(task_types, ','), '') AS task_types,"
                   " coalesce(array_to_string(ARRAY(SELECT CASE t WHEN 'periodic' THEN '定期检验'"
                   "  WHEN 'installation' THEN '安装监检' ELSE '改造大修监检' END FROM unnest(task_types) t), '、'), '')"
                   "  AS task_labels, state, frozen::int AS frozen, coalesce(to_char(last_login_at, 'YYYY-MM-DD HH24:MI'), '') AS last_login"
                   " FROM account WHERE" SCOPE "ORDER BY id",
                   1, v);
}

PGresult *subaccount_get(const struct user *main, long id)
{
    char org[24], sid[24];
    const char *v[2] = {org, sid};
    id_text(main->org_id, org);
    id_text(id, sid);
    return db_exec("SELECT id, login, name, coalesce(mobile, '') AS mobile,"
                   " coalesce(array_to_string(task_types, ','), '') AS task_types, state, version"
                   " FROM account WHERE" SCOPE "AND id = $2",
                   2, v);
}

/* Sends login and a fresh password to the account's mobile (in the caller's transaction). */
static int send_credentials(const struct user *main, const char *login, const char *mobile,
                            const char *password, int first)
{
    char text[400];
    snprintf(text, sizeof text,
             first ? "【特检】%s为您开通了特检平台账号，用户名 %s，初始密码 %s。首次登录须修改密码。"
                   : "【特检】%s已重置您的特检平台密码，用户名 %s，新密码 %s。登录后须修改密码。",
             main->org_name, login, password);
    return outbox_add("sms", mobile, text);
}

int subaccount_create(const struct user *main, const char *login, const char *name,
                      const char *mobile, const char *task_types, const char *ip, long *id,
                      const char **field, const char **msg)
{
    char password[13], hash[PASSWORD_HASH_MAX], org[24], parent[24];
    PGresult *res = NULL;
    int rc = -1;

    *id = 0;
    *field = *msg = NULL;
    if (password_generate(password) || password_hash(password, hash))
        return -1;
    id_text(main->org_id, org);
    id_text(main->id, parent);
    if (db_begin())
        return -1;
    const char *lv[1] = {login};
    res = db_exec("SELECT 1 FROM account WHERE lower(login) = lower($1)", 1, lv);
    if (!res)
        goto out;
    if (PQntuples(res)) {
        *field = "login";
        *msg = "该用户名已被使用，请换一个。";
        rc = 0;
        goto out;
    }
    PQclear(res);
    /* Failures counted against this name while it had no account must not carry over. */
    if (db_command("DELETE FROM login_failure WHERE login_lower = lower($1)", 1, lv))
        goto out;
    const char *v[7] = {org, parent, login, hash, name, mobile, task_types};
    res = db_exec("INSERT INTO account (org_id, parent_id, login, password_hash, name, mobile, roles,"
                  " task_types, must_change_password) VALUES ($1, $2, $3, $4, $5, $6, '{ent_sub}',"
                  " $7::text[], true) RETURNING id",
                  7, v);
    if (!res)
        goto out;
    *id = atol(PQgetvalue(res, 0, 0));
    if (send_credentials(main, login, mobile, password, 1) ||
        audit_log(main, "subaccount.create", "account", *id, task_types, ip) || db_commit())
        goto out;
    rc = 1;
out:
    OPENSSL_cleanse(password, sizeof password);
    PQclear(res);
    if (rc != 1)
        db_rollback();
    return rc;
}

int subaccount_update(const struct user *main, long id, const char *name, const char *mobile,
                      const char *task_types, const char *ip)
{
    char org[24], sid[24];
    const char *v[5] = {org, sid, name, mobile, task_types};
    PGresult *res;
    int rc = -1;

    id_text(main->org_id, org);
    id_text(id, sid);
    if (db_begin())
        return -1;
    res = db_exec("UPDATE account SET name = $3, mobile = $4, task_types = $5::text[],"
                  " version = version + 1, updated_at = now() WHERE" SCOPE "AND id = $2 RETURNING id",
                  5, v);
    if (!res)
        goto out;
    if (PQntuples(res) == 0) {
        rc = 0;
        goto out;
    }
    if (audit_log(main, "subaccount.update", "account", id, task_types, ip) || db_commit())
        goto out;
    rc = 1;
out:
    PQclear(res);
    if (rc != 1)
        db_rollback();
    return rc;
}

int subaccount_set_active(const struct user *main, long id, int active, const char *ip)
{
    return account_set_enabled(main, id, main->org_id, active,
                               active ? "subaccount.enable" : "subaccount.disable", ip);
}

int subaccount_reset(const struct user *main, long id, const char *ip)
{
    char org[24], sid[24], password[13], hash[PASSWORD_HASH_MAX];
    const char *v[3] = {org, sid, hash};
    PGresult *res = NULL;
    int rc = -1;

    if (password_generate(password) || password_hash(password, hash))
        return -1;
    id_text(main->org_id, org);
    id_text(id, sid);
    if (db_begin())
        return -1;
    res = db_exec("UPDATE account SET password_hash = $3, must_change_password = true, frozen = false,"
                  " failed_logins = 0, password_changed_at = now(), version = version + 1, updated_at = now()"
                  " WHERE" SCOPE "AND id = $2 AND mobile IS NOT NULL RETURNING login, mobile",
                  3, v);
    if (!res)
        goto out;
    if (PQntuples(res) == 0) {
        rc = 0;
        goto out;
    }
    if (session_destroy_others(id, NULL) ||
        send_credentials(main, PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1), password, 0) ||
        audit_log(main, "subaccount.reset", "account", id, NULL, ip) || db_commit())
        goto out;
    rc = 1;
out:
    OPENSSL_cleanse(password, sizeof password);
    PQclear(res);
    if (rc != 1)
        db_rollback();
    return rc;
}
