/* login.c — captcha storage, password login with lockout, password change and reset. */
#include "login.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "captcha.h"
#include "db.h"
#include "log.h"
#include "password.h"
#include "session.h"
#include "util.h"

#define STR2(x) #x
#define STR(x) STR2(x)

int captcha_issue(char id[33], void **png, int *png_len, char answer[8])
{
    static double last_sweep = -1; /* per worker: workers serve one request at a time */
    char hash[65];
    const char *v[2] = {id, hash};

    *png = NULL;
    if (random_hex(16, id) || captcha_new(NULL, answer, png, png_len) ||
        captcha_hash(id, answer, hash))
        goto fail;
    /* Expired rows are swept now and then (captcha_sweep_due), not before every insert:
     * the planner cannot know that hardly any row has expired, so each sweep is a
     * sequential scan of the table (5 minutes of captchas). captcha_consume refuses an
     * expired row by itself, so a row that outlives its expiry a little opens nothing. */
    if (captcha_sweep_due(now_monotonic(), &last_sweep) &&
        db_command("DELETE FROM captcha WHERE expires_at < now()", 0, NULL))
        goto fail;
    if (db_command("INSERT INTO captcha (id, answer_hash, expires_at)"
                   " VALUES ($1, $2, now() + interval '5 minutes')",
                   2, v))
        goto fail;
    return 0;
fail:
    if (*png)
        captcha_free_png(*png);
    *png = NULL;
    return -1;
}

int captcha_consume(const char *id, const char *answer)
{
    const char *v[1] = {id};
    PGresult *res;
    int rc;

    if (!id || strlen(id) != 32 || !answer)
        return 0;
    res = db_exec("DELETE FROM captcha WHERE id = $1 RETURNING answer_hash, expires_at > now()", 1, v);
    if (!res)
        return -1;
    rc = PQntuples(res) == 1 && PQgetvalue(res, 0, 1)[0] == 't' &&
         captcha_check(id, PQgetvalue(res, 0, 0), answer);
    PQclear(res);
    return rc;
}

/* A real hash to verify against when the login does not exist, so an unknown name
 * costs the same time as a wrong password. */
static const char *dummy_hash(void)
{
    static char hash[PASSWORD_HASH_MAX];
    if (!hash[0] && password_hash("not-a-real-password-9!", hash))
        hash[0] = '\0';
    return hash;
}

/* Failures of unknown names are counted by name, so their replies match real ones. */
static int unknown_name_failure(const char *login, int *failures)
{
    const char *v[1] = {login};
    PGresult *res = db_exec("INSERT INTO login_failure (login_lower, failures) VALUES (lower($1), 1)"
                            " ON CONFLICT (login_lower) DO UPDATE SET failures = login_failure.failures + 1,"
                            " updated_at = now() RETURNING failures",
                            1, v);
    if (!res)
        return -1;
    *failures = atoi(PQgetvalue(res, 0, 0));
    PQclear(res);
    return 0;
}

enum login_result login_attempt(const char *login, const char *password, const char *ip,
                                long *account_id, int *left, char *reason, size_t reasonlen)
{
    const char *v[1] = {login};
    PGresult *res = NULL;
    enum login_result result = LOGIN_ERROR;
    int needs_rehash = 0, failures = 0;

    *account_id = 0;
    *left = 0;
    reason[0] = '\0';
    if (db_begin())
        return LOGIN_ERROR;
    res = db_exec("SELECT a.id, a.password_hash, a.state, a.frozen, a.failed_logins,"
                  " coalesce(o.reject_reason, ''), a.login"
                  " FROM account a LEFT JOIN org o ON o.id = a.org_id"
                  " WHERE lower(a.login) = lower($1) FOR UPDATE OF a",
                  1, v);
    if (!res)
        goto out;
    if (PQntuples(res) == 0) {
        /* Same replies as a real account: the fifth failure says 0 left, later ones
         * say frozen. */
        (void)password_verify(password, dummy_hash(), NULL);
        if (unknown_name_failure(login, &failures))
            goto out;
        *left = failures >= LOGIN_MAX_FAILURES ? 0 : LOGIN_MAX_FAILURES - failures;
        result = failures > LOGIN_MAX_FAILURES ? LOGIN_FROZEN : LOGIN_BAD;
        goto commit;
    }
    long id = atol(PQgetvalue(res, 0, 0));
    const char *state = PQgetvalue(res, 0, 2);
    char idbuf[24];
    const char *iv[1] = {idbuf};
    snprintf(idbuf, sizeof idbuf, "%ld", id);

    if (PQgetvalue(res, 0, 3)[0] == 't') {
        result = LOGIN_FROZEN; /* even the right password is refused */
        goto commit;
    }
    int ok = password_verify(password, PQgetvalue(res, 0, 1), &needs_rehash);
    if (ok < 0)
        goto out;
    if (!ok) {
        failures = atoi(PQgetvalue(res, 0, 4)) + 1;
        *left = failures >= LOGIN_MAX_FAILURES ? 0 : LOGIN_MAX_FAILURES - failures;
        if (db_command("UPDATE account SET failed_logins = failed_logins + 1,"
                       " frozen = failed_logins + 1 >= " STR(LOGIN_MAX_FAILURES) ", updated_at = now() WHERE id = $1",
                       1, iv))
            goto out;
        if (failures >= LOGIN_MAX_FAILURES) {
            struct user sys = {0};
            snprintf(sys.login, sizeof sys.login, "system");
            if (audit_log(&sys, "account.freeze", "account", id, "连续 5 次密码错误，账号已冻结", ip))
                goto out;
        }
        result = LOGIN_BAD;
        goto commit;
    }
    if (strcmp(state, "pending") == 0)
        result = LOGIN_PENDING;
    else if (strcmp(state, "rejected") == 0) {
        snprintf(reason, reasonlen, "%s", PQgetvalue(res, 0, 5));
        result = LOGIN_REJECTED;
    } else if (strcmp(state, "disabled") == 0)
        result = LOGIN_DISABLED;
    else {
        if (db_command("UPDATE account SET failed_logins = 0, last_login_at = now() WHERE id = $1", 1, iv))
            goto out;
        if (needs_rehash) {
            char fresh[PASSWORD_HASH_MAX];
            const char *hv[2] = {idbuf, fresh};
            if (password_hash(password, fresh) == 0 &&
                db_command("UPDATE account SET password_hash = $2 WHERE id = $1", 2, hv))
                goto out;
        }
        *account_id = id;
        result = LOGIN_OK;
    }
commit:
    if (db_commit())
        result = LOGIN_ERROR;
out:
    if (result == LOGIN_ERROR)
        db_rollback();
    PQclear(res);
    return result;
}

int password_set(const struct user *actor, long account_id, const char *password,
                 const char *keep_token, const char *action, const char *ip, int in_tx)
{
    char hash[PASSWORD_HASH_MAX], id[24];
    const char *v[2] = {id, hash};
    PGresult *res = NULL;
    int rc = -1;

    snprintf(id, sizeof id, "%ld", account_id);
    if (password_hash(password, hash))
        return -1;
    if (!in_tx && db_begin())
        return -1;
    res = db_exec("UPDATE account SET password_hash = $2, failed_logins = 0, frozen = false,"
                  " must_change_password = false, password_changed_at = now(), updated_at = now(),"
                  " version = version + 1 WHERE id = $1 RETURNING login",
                  2, v);
    if (!res || PQntuples(res) != 1)
        goto out;
    const char *lv[1] = {PQgetvalue(res, 0, 0)};
    if (db_command("DELETE FROM login_failure WHERE login_lower = lower($1)", 1, lv) ||
        session_destroy_others(account_id, keep_token) ||
        audit_log(actor, action, "account", account_id, NULL, ip))
        goto out;
    if (!in_tx && db_commit())
        goto out;
    rc = 0;
out:
    PQclear(res);
    if (rc && !in_tx)
        db_rollback();
    return rc;
}

int account_set_frozen(const struct user *actor, long account_id, int frozen, const char *ip)
{
    char id[24];
    const char *v[2] = {id, frozen ? "t" : "f"};
    PGresult *res = NULL;
    int rc = -1;

    snprintf(id, sizeof id, "%ld", account_id);
    if (db_begin())
        return -1;
    res = db_exec("UPDATE account SET frozen = $2, failed_logins = 0, updated_at = now(),"
                  " version = version + 1 WHERE id = $1 RETURNING login",
                  2, v);
    if (!res)
        goto out;
    if (PQntuples(res) == 0) {
        rc = 0;
        goto out;
    }
    const char *lv[1] = {PQgetvalue(res, 0, 0)};
    if (db_command("DELETE FROM login_failure WHERE login_lower = lower($1)", 1, lv) ||
        (frozen && session_destroy_others(account_id, NULL)) ||
        audit_log(actor, frozen ? "account.freeze" : "account.unfreeze", "account", account_id, NULL, ip) ||
        db_commit())
        goto out;
    rc = 1;
out:
    PQclear(res);
    if (rc != 1)
        db_rollback();
    return rc;
}

int account_set_enabled(const struct user *actor, long account_id, long only_org, int enabled,
                        const char *action, const char *ip)
{
    char id[24], org[24];
    const char *v[3] = {id, enabled ? "active" : "disabled", org};
    PGresult *res = NULL;
    int rc = -1;

    snprintf(id, sizeof id, "%ld", account_id);
    snprintf(org, sizeof org, "%ld", only_org);
    if (db_begin())
        return -1;
    res = db_exec("UPDATE account SET state = $2, updated_at = now(), version = version + 1"
                  " WHERE id = $1 AND state IN ('active', 'disabled')"
                  " AND ($3::bigint = 0 OR (org_id = $3::bigint AND 'ent_sub' = ANY (roles))) RETURNING id",
                  3, v);
    if (!res)
        goto out;
    if (PQntuples(res) == 0) {
        rc = 0;
        goto out;
    }
    if ((!enabled && session_destroy_others(account_id, NULL)) ||
        audit_log(actor, action, "account", account_id, NULL, ip) ||
        db_commit())
        goto out;
    rc = 1;
out:
    PQclear(res);
    if (rc != 1)
        db_rollback();
    return rc;
}
