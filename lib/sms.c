/* sms.c — SMS verification codes. */
#include "sms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "outbox.h"
#include "password.h"
#include "util.h"

#define SMS_CODE_DIGITS 6
#define SMS_MAX_ATTEMPTS 5

/* The code's hash is salted with mobile and purpose so a row cannot be replayed for
 * another number or action. */
static int code_hash(const char *mobile, const char *purpose, const char *code, char out[65])
{
    char buf[128];
    int n = snprintf(buf, sizeof buf, "%s:%s:%s", purpose, mobile, code);
    if (n < 0 || (size_t)n >= sizeof buf)
        return -1;
    return sha256_hex(buf, (size_t)n, out);
}

int sms_code_send(const char *mobile, const char *purpose, const char **msg)
{
    char code[SMS_CODE_DIGITS + 1], hash[65], text[160];
    const char *v[3] = {mobile, purpose, hash};
    PGresult *res = NULL;
    int rc = -1;

    *msg = NULL;
    if (db_begin())
        return -1;
    /* Serialise senders for one number so the limits below cannot be raced. */
    const char *lk[1] = {mobile};
    if (db_command("SELECT pg_advisory_xact_lock(hashtext('sms:' || $1))", 1, lk))
        goto out;
    res = db_exec("SELECT count(*) FILTER (WHERE created_at > now() - interval '60 seconds'),"
                  " count(*) FILTER (WHERE created_at > now() - interval '1 day')"
                  " FROM sms_code WHERE mobile = $1",
                  1, v);
    if (!res)
        goto out;
    if (atoi(PQgetvalue(res, 0, 0)) > 0) {
        *msg = "验证码发送过于频繁，请 60 秒后再试。";
        rc = 1;
        goto out;
    }
    if (atoi(PQgetvalue(res, 0, 1)) >= 10) {
        *msg = "该手机号今日获取验证码次数已达上限，请明天再试。";
        rc = 1;
        goto out;
    }
    if (numeric_code(SMS_CODE_DIGITS, code) || code_hash(mobile, purpose, code, hash))
        goto out;
    snprintf(text, sizeof text, "【特检】您的验证码为 %s，5 分钟内有效。如非本人操作，请忽略本短信。", code);
    if (db_command("INSERT INTO sms_code (mobile, purpose, code_hash, expires_at)"
                   " VALUES ($1, $2, $3, now() + interval '5 minutes')",
                   3, v) ||
        outbox_add("sms", mobile, text))
        goto out;
    if (db_commit())
        goto out;
    rc = 0;
out:
    PQclear(res);
    if (rc != 0)
        db_rollback();
    return rc;
}

int sms_code_verify(const char *mobile, const char *purpose, const char *code)
{
    char hash[65];
    const char *v[2] = {mobile, purpose};
    PGresult *res;
    int rc = -1;

    if (!code || strlen(code) != SMS_CODE_DIGITS)
        return 0;
    res = db_exec("SELECT id, code_hash FROM sms_code WHERE mobile = $1 AND purpose = $2"
                  " AND used_at IS NULL AND expires_at > now() AND attempts < 5"
                  " ORDER BY created_at DESC LIMIT 1 FOR UPDATE",
                  2, v);
    if (!res)
        return -1;
    if (PQntuples(res) == 0) {
        rc = 0;
        goto out;
    }
    const char *id[1] = {PQgetvalue(res, 0, 0)};
    if (code_hash(mobile, purpose, code, hash) == 0 && secure_streq(hash, PQgetvalue(res, 0, 1))) {
        rc = db_command("UPDATE sms_code SET used_at = now() WHERE id = $1", 1, id) ? -1 : 1;
    } else {
        rc = db_command("UPDATE sms_code SET attempts = attempts + 1 WHERE id = $1", 1, id) ? -1 : 0;
    }
out:
    PQclear(res);
    return rc;
}
