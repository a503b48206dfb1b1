/* registration.c — enterprise registration and its review. */
#include "registration.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "blob.h"
#include "db.h"
#include "org.h"
#include "outbox.h"
#include "password.h"
#include "sms.h"
#include "upload.h"
#include "validate.h"
#include "workflow_review.h"

#define REG_FILE_MAX (5u << 20)


static void add(struct reg_errors *errs, const char *field, const char *msg)
{
    for (int i = 0; i < errs->n; i++)
        if (strcmp(errs->e[i].field, field) == 0)
            return; /* first error per field is the one shown */
    if (errs->n < REG_MAX_ERRORS) {
        errs->e[errs->n].field = field;
        errs->e[errs->n].msg = msg;
        errs->n++;
    }
}

static int blank(const char *s) { return !s || !*s; }

static void required_text(struct reg_errors *errs, const char *field, const char *value,
                          size_t max, const char *msg)
{
    if (blank(value) || strlen(value) > max)
        add(errs, field, msg);
}

int registration_validate(const struct reg_form *f, struct reg_errors *errs)
{
    const char *msg = NULL;
    char norm[19];

    errs->n = 0;
    if (f->certified) {
        char literal[128];
        int kept = unit_types_literal(f->unit_types, f->n_unit_types, literal);
        if (f->n_unit_types == 0)
            add(errs, "unit_types", "请至少选择一种单位类型。");
        else if (kept < f->n_unit_types)
            add(errs, "unit_types", "单位类型无效。");
        if (v_credit_code(f->credit_code, norm, &msg) == V_BAD)
            add(errs, "credit_code", msg);
        required_text(errs, "org_name", f->org_name, 100, "请填写单位名称（营业执照上的全称）。");
        required_text(errs, "province", f->province, 20, "请选择注册地。");
        required_text(errs, "address", f->address, 200, "请填写详细地址。");
        required_text(errs, "legal_rep", f->legal_rep, 50, "请填写法定代表人姓名。");
        required_text(errs, "industry", f->industry, 50, "请选择所属行业。");
        char mime[64];
        if (!f->application.data || !f->application.len)
            add(errs, "application", "请上传加盖公章的注册申请书。");
        else if (upload_check(f->application.data, f->application.len, REG_FILE_MAX,
                              UPLOAD_DOCUMENT_TYPES, mime, &msg))
            add(errs, "application", msg);
        if (!f->licence.data || !f->licence.len)
            add(errs, "licence", "请上传营业执照扫描件或照片。");
        else if (upload_check(f->licence.data, f->licence.len, REG_FILE_MAX, UPLOAD_DOCUMENT_TYPES,
                              mime, &msg))
            add(errs, "licence", msg);
    }
    required_text(errs, "name", f->name, 50, "请填写注册人姓名。");
    if (v_mobile(f->mobile, NULL, &msg) != V_OK)
        add(errs, "mobile", msg);
    if (blank(f->sms_code))
        add(errs, "sms_code", "请填写短信验证码。");
    if (!blank(f->email) && v_email(f->email, &msg) != V_OK)
        add(errs, "email", msg);
    if (v_login_name(f->login, &msg) != V_OK)
        add(errs, "login", msg);
    if (blank(f->password) || password_strength(f->password, f->login ? f->login : "", &msg) != 0)
        add(errs, "password", msg ? msg : "请设置密码。");
    else if (blank(f->password2) || strcmp(f->password, f->password2) != 0)
        add(errs, "password2", "两次输入的密码不一致。");
    return errs->n;
}

static int store_document(long org_id, const char *kind, const struct reg_file *file)
{
    char sha[65], mime[64], org[24];
    const char *msg;

    if (upload_check(file->data, file->len, REG_FILE_MAX, UPLOAD_DOCUMENT_TYPES, mime, &msg) ||
        blob_put(file->data, file->len, mime, sha))
        return -1;
    snprintf(org, sizeof org, "%ld", org_id);
    const char *v[4] = {org, kind, sha, file->name && *file->name ? file->name : kind};
    return db_command("INSERT INTO org_document (org_id, kind, blob_sha256, file_name) VALUES ($1, $2, $3, left($4, 200))",
                      4, v);
}

int registration_submit(const struct reg_form *f, const char *ip, long *account_id,
                        struct reg_errors *errs)
{
    char hash[PASSWORD_HASH_MAX], credit[19] = "", types[128], orgbuf[24];
    const char *msg;
    PGresult *res = NULL;
    long org_id = 0;
    int rc = -1, ok;

    *account_id = 0;
    if (registration_validate(f, errs))
        return 0;
    if (f->certified)
        (void)v_credit_code(f->credit_code, credit, &msg);
    if (password_hash(f->password, hash))
        return -1;
    if (db_begin())
        return -1;
    /* Duplicates first, so a refused form does not consume the SMS code. */
    const char *lv[1] = {f->login};
    res = db_exec("SELECT 1 FROM account WHERE lower(login) = lower($1)", 1, lv);
    if (!res)
        goto out;
    if (PQntuples(res))
        add(errs, "login", "该用户名已被使用，请换一个。");
    PQclear(res);
    res = NULL;
    if (f->certified) {
        const char *cv[1] = {credit};
        res = db_exec("SELECT state FROM org WHERE credit_code = $1 AND certified AND state IN ('pending', 'active')", 1, cv);
        if (!res)
            goto out;
        if (PQntuples(res))
            add(errs, "credit_code", strcmp(PQgetvalue(res, 0, 0), "pending") == 0
                                         ? "该统一社会信用代码已提交注册，正在审核中，请勿重复注册。"
                                         : "该统一社会信用代码已注册认证账号。如需新增使用人，请联系本单位主账号开通子账号。");
        PQclear(res);
        res = NULL;
    }
    if (errs->n) {
        rc = 0;
        goto out;
    }
    ok = sms_code_verify(f->mobile, "register", f->sms_code);
    if (ok < 0)
        goto out;
    if (!ok) {
        add(errs, "sms_code", "短信验证码错误或已过期，请重新获取。");
        rc = db_commit() ? -1 : 0; /* the failed attempt stays counted */
        return rc;
    }
    if (f->certified) {
        unit_types_literal(f->unit_types, f->n_unit_types, types);
        const char *ov[7] = {f->org_name, credit, types, f->province, f->address, f->legal_rep, f->industry};
        res = db_exec("INSERT INTO org (kind, name, credit_code, unit_types, province, address, legal_rep,"
                      " industry, certified, state) VALUES ('enterprise', $1, $2, $3::text[], $4, $5, $6, $7,"
                      " true, 'pending') RETURNING id",
                      7, ov);
        if (!res)
            goto out;
        org_id = atol(PQgetvalue(res, 0, 0));
        PQclear(res);
        res = NULL;
        if (store_document(org_id, "application", &f->application) ||
            store_document(org_id, "licence", &f->licence))
            goto out;
    }
    snprintf(orgbuf, sizeof orgbuf, "%ld", org_id);
    const char *av[8] = {org_id ? orgbuf : NULL, f->login, hash, f->name, f->mobile,
                         blank(f->email) ? NULL : f->email,
                         f->certified ? "{ent_main}" : "{ent_basic}", f->certified ? "pending" : "active"};
    res = db_exec("INSERT INTO account (org_id, login, password_hash, name, mobile, email, roles, state)"
                  " VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8) RETURNING id",
                  8, av);
    if (!res)
        goto out;
    *account_id = atol(PQgetvalue(res, 0, 0));
    PQclear(res);
    res = NULL;
    struct user self = {0};
    self.id = *account_id;
    snprintf(self.login, sizeof self.login, "%s", f->login);
    if (db_command("DELETE FROM login_failure WHERE login_lower = lower($1)", 1, lv) ||
        (f->certified && workflow_event("registration", org_id, NULL, "pending", "submit", &self, NULL)) ||
        audit_log(&self, f->certified ? "registration.submit" : "registration.basic",
                  f->certified ? "org" : "account", f->certified ? org_id : *account_id, f->org_name, ip) ||
        (f->certified && outbox_add("sms", f->mobile,
                                    "【特检】您的认证账号注册申请已提交，审核结果将以短信通知。")))
        goto out;
    if (db_commit())
        goto out;
    rc = 1;
out:
    PQclear(res);
    if (rc < 0 || (rc == 0 && errs->n))
        db_rollback();
    return rc;
}

int registration_decide(const struct user *actor, long org_id, int version, int approve,
                        const char *reason, const char *ip)
{
    char id[24], ver[16], text[400];
    const struct wf_transition *t = workflow_find(&WF_REGISTRATION, "pending", approve ? "approve" : "reject");
    struct wf_move m = {&WF_REGISTRATION, t, org_id, actor, approve ? NULL : reason, ip};
    PGresult *res = NULL;
    int rc = -1, moved;

    if (!t || (!approve && blank(reason)))
        return -1;
    snprintf(id, sizeof id, "%ld", org_id);
    snprintf(ver, sizeof ver, "%d", version);
    const char *v[5] = {id, ver, t->to, approve ? NULL : reason, t->from};
    if (db_begin())
        return -1;
    /* Compare-and-set: only a pending registration at the version the reviewer saw. */
    moved = workflow_run(&m, "UPDATE org SET state = $3, reject_reason = $4, version = version + 1, updated_at = now()"
                             " WHERE id = $1 AND version = $2::int AND state = $5 AND certified RETURNING name",
                         5, v, &res);
    if (moved <= 0) {
        rc = moved;
        goto out;
    }
    PQclear(res);
    const char *av[2] = {id, t->to};
    res = db_exec("UPDATE account SET state = $2, updated_at = now(), version = version + 1"
                  " WHERE org_id = $1 AND state = 'pending' RETURNING mobile, login",
                  2, av);
    if (!res)
        goto out;
    if (approve)
        snprintf(text, sizeof text, "【特检】您的认证账号注册已审核通过，请使用用户名 %s 登录。",
                 PQntuples(res) ? PQgetvalue(res, 0, 1) : "");
    else
        snprintf(text, sizeof text, "【特检】您的认证账号注册未通过审核，原因：%.200s。请修改后重新注册。", reason);
    for (int i = 0; i < PQntuples(res); i++)
        if (!PQgetisnull(res, i, 0) && outbox_add("sms", PQgetvalue(res, i, 0), text))
            goto out;
    if (db_commit())
        goto out;
    rc = 1;
out:
    PQclear(res);
    if (rc != 1)
        db_rollback();
    return rc;
}

PGresult *registration_list(const char *state)
{
    const char *v[1] = {state};
    return db_exec("SELECT o.id, o.name, o.credit_code, array_to_string(o.unit_types, ',') AS unit_types,"
                   " o.province, to_char(o.created_at, 'YYYY-MM-DD HH24:MI') AS created,"
                   " coalesce(a.name, '') AS registrant, coalesce(a.mobile, '') AS mobile"
                   " FROM org o LEFT JOIN account a ON a.org_id = o.id AND 'ent_main' = ANY (a.roles)"
                   " WHERE o.kind = 'enterprise' AND o.certified AND o.state = $1"
                   " ORDER BY o.created_at LIMIT 200",
                   1, v);
}

PGresult *registration_get(long org_id)
{
    char id[24];
    snprintf(id, sizeof id, "%ld", org_id);
    const char *v[1] = {id};
    return db_exec("SELECT o.id, o.name, o.credit_code, array_to_string(o.unit_types, ',') AS unit_types,"
                   " o.province, o.address, o.legal_rep, o.industry, o.state, o.version,"
                   " coalesce(o.reject_reason, '') AS reject_reason,"
                   " to_char(o.created_at, 'YYYY-MM-DD HH24:MI') AS created,"
                   " coalesce(a.name, '') AS registrant, coalesce(a.mobile, '') AS mobile,"
                   " coalesce(a.email, '') AS email, coalesce(a.login, '') AS login"
                   " FROM org o LEFT JOIN account a ON a.org_id = o.id AND 'ent_main' = ANY (a.roles)"
                   " WHERE o.id = $1 AND o.kind = 'enterprise' AND o.certified",
                   1, v);
}

PGresult *registration_documents(long org_id)
{
    char id[24];
    snprintf(id, sizeof id, "%ld", org_id);
    const char *v[1] = {id};
    return db_exec("SELECT id, kind, file_name FROM org_document WHERE org_id = $1 ORDER BY id", 1, v);
}

int registration_document_blob(long org_id, long doc_id, char sha256[65])
{
    char o[24], d[24];
    snprintf(o, sizeof o, "%ld", org_id);
    snprintf(d, sizeof d, "%ld", doc_id);
    const char *v[2] = {o, d};
    return db_text("SELECT blob_sha256 FROM org_document WHERE org_id = $1 AND id = $2", 2, v, sha256, 65);
}
