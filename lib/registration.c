/* registration.c — enterprise registration and its review. */
#include "registration.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "maint.h"
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
    if (f->maint) {
        /* The seed's form: login letters only, the certificate instead of the credit code. */
        if (f->login && strspn(f->login, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != strlen(f->login))
            add(errs, "login", "用户名应为英文字母（建议用单位名称拼音首字母），4-32 位。");
        required_text(errs, "org_name", f->org_name, 100, "请填写单位名称（与营业执照、资格证书一致）。");
        required_text(errs, "cert_no", f->cert_no, 50, "请填写资格证书编号。");
        required_text(errs, "legal_rep", f->legal_rep, 50, "请填写单位法人。");
        required_text(errs, "address", f->address, 200, "请填写单位地址。");
        if (blank(f->district) || strlen(f->district) != 6 || strspn(f->district, "0123456789") != 6)
            add(errs, "district", "请选择行政区划（单位备案所在地，即管辖质监局的区县）。");
    }
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
    required_text(errs, "name", f->name, 50, f->maint ? "请填写负责人姓名。" : "请填写注册人姓名。");
    if (v_mobile(f->mobile, NULL, &msg) != V_OK)
        add(errs, "mobile", f->maint ? "负责人手机号码应为 11 位。" : msg);
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
    if (f->maint) {
        const char *dv[1] = {f->district};
        res = db_exec("SELECT 1 FROM district WHERE code = $1 AND level = 3", 1, dv);
        if (!res)
            goto out;
        if (PQntuples(res) == 0)
            add(errs, "district", "请选择行政区划（单位备案所在地，即管辖质监局的区县）。");
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
    } else if (f->maint) {
        const char *ov[4] = {f->org_name, f->address, f->legal_rep, f->district};
        res = db_exec("INSERT INTO org (kind, name, unit_types, address, legal_rep, district, province, certified, state)"
                      " SELECT 'enterprise', $1, '{maintenance}', $2, $3, $4, p.name, true, 'pending'"
                      " FROM district c JOIN district m ON m.code = c.parent JOIN district p ON p.code = m.parent"
                      " WHERE c.code = $4 RETURNING id",
                      4, ov);
        if (!res || PQntuples(res) != 1)
            goto out;
        org_id = atol(PQgetvalue(res, 0, 0));
        PQclear(res);
        res = NULL;
    }
    snprintf(orgbuf, sizeof orgbuf, "%ld", org_id);
    const char *av[8] = {org_id ? orgbuf : NULL, f->login, hash, f->name, f->mobile,
                         blank(f->email) ? NULL : f->email,
                         f->certified || f->maint ? "{ent_main}" : "{ent_basic}",
                         f->certified || f->maint ? "pending" : "active"};
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
    int reviewed = f->certified || f->maint;
    if (db_command("DELETE FROM login_failure WHERE login_lower = lower($1)", 1, lv) ||
        (reviewed && workflow_event("registration", org_id, NULL, "pending", "submit", &self, NULL)) ||
        (f->maint && maint_registration_draft(org_id, *account_id, f->org_name, f->cert_no, f->legal_rep, f->name,
                                              f->mobile, f->address)) ||
        audit_log(&self, reviewed ? "registration.submit" : "registration.basic",
                  reviewed ? "org" : "account", reviewed ? org_id : *account_id, f->org_name, ip) ||
        (reviewed && outbox_add("sms", f->mobile,
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

/* A maintenance company's registration within the deciding bureau's districts ($6). */
#define MAINT_SCOPE                                                                           \
    " AND 'maintenance' = ANY (unit_types) AND district IN (SELECT d FROM org b,"              \
    " district_within(b.district) d WHERE b.id = $6::bigint AND b.kind = 'bureau')"

/* The review decision; bureau: the maintenance-company events, scoped to its districts. */
static int decide(const struct user *actor, long org_id, int version, int approve, const char *reason,
                  const char *ip, int bureau)
{
    char id[24], ver[16], text[400], borg[24];
    const char *event = bureau ? (approve ? "bureau_approve" : "bureau_reject") : (approve ? "approve" : "reject");
    const struct wf_transition *t = workflow_find(&WF_REGISTRATION, "pending", event);
    struct wf_move m = {&WF_REGISTRATION, t, org_id, actor, approve ? NULL : reason, ip};
    PGresult *res = NULL;
    int rc = -1, moved;

    if (!t || (!approve && blank(reason)))
        return -1;
    snprintf(id, sizeof id, "%ld", org_id);
    snprintf(ver, sizeof ver, "%d", version);
    snprintf(borg, sizeof borg, "%ld", actor ? actor->org_id : 0);
    const char *v[6] = {id, ver, t->to, approve ? NULL : reason, t->from, borg};
    if (db_begin())
        return -1;
    /* Compare-and-set: only a pending registration at the version the reviewer saw. */
    moved = workflow_run(&m,
                         bureau ? "UPDATE org SET state = $3, reject_reason = $4, version = version + 1, updated_at = now()"
                                  " WHERE id = $1 AND version = $2::int AND state = $5 AND certified" MAINT_SCOPE
                                  " RETURNING name"
                                : "UPDATE org SET state = $3, reject_reason = $4, version = version + 1, updated_at = now()"
                                  " WHERE id = $1 AND version = $2::int AND state = $5 AND certified AND $6 <> '' RETURNING name",
                         6, v, &res);
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

int registration_decide(const struct user *actor, long org_id, int version, int approve,
                        const char *reason, const char *ip)
{
    return decide(actor, org_id, version, approve, reason, ip, 0);
}

int registration_decide_maint(const struct user *actor, long org_id, int version, int approve,
                              const char *reason, const char *ip)
{
    return decide(actor, org_id, version, approve, reason, ip, 1);
}

PGresult *registration_list_maint(const struct user *bureau)
{
    char borg[24];
    snprintf(borg, sizeof borg, "%ld", bureau->org_id);
    const char *v[1] = {borg};
    return db_exec("SELECT o.id, o.version, o.name, coalesce(v.data->>'cert_no', '') AS cert_no,"
                   " coalesce(o.legal_rep, '') AS legal_rep, coalesce(o.address, '') AS address, d.name AS district_name,"
                   " to_char(o.created_at, 'YYYY-MM-DD HH24:MI') AS created, coalesce(a.name, '') AS registrant,"
                   " coalesce(a.mobile, '') AS mobile, coalesce(a.login, '') AS login"
                   " FROM org o JOIN district d ON d.code = o.district"
                   " LEFT JOIN account a ON a.org_id = o.id AND 'ent_main' = ANY (a.roles)"
                   " LEFT JOIN maint_filing f ON f.org_id = o.id AND f.kind = 'company'"
                   " LEFT JOIN maint_filing_version v ON v.id = f.pending_version_id"
                   " WHERE o.kind = 'enterprise' AND o.certified AND o.state = 'pending' AND 'maintenance' = ANY (o.unit_types)"
                   " AND o.district IN (SELECT x FROM org b, district_within(b.district) x WHERE b.id = $1::bigint"
                   " AND b.kind = 'bureau') ORDER BY o.created_at LIMIT 200",
                   1, v);
}

PGresult *registration_districts(void)
{
    return db_exec("SELECT c.code, p.name || m.name || c.name AS label FROM district c"
                   " JOIN district m ON m.code = c.parent JOIN district p ON p.code = m.parent"
                   " WHERE c.level = 3 ORDER BY c.code",
                   0, NULL);
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
    return db_exec_id("SELECT o.id, o.name, o.credit_code, array_to_string(o.unit_types, ',') AS unit_types,"
                      " o.province, o.address, o.legal_rep, o.industry, o.state, o.version,"
                      " coalesce(o.reject_reason, '') AS reject_reason,"
                      " to_char(o.created_at, 'YYYY-MM-DD HH24:MI') AS created,"
                      " coalesce(a.name, '') AS registrant, coalesce(a.mobile, '') AS mobile,"
                      " coalesce(a.email, '') AS email, coalesce(a.login, '') AS login"
                      " FROM org o LEFT JOIN account a ON a.org_id = o.id AND 'ent_main' = ANY (a.roles)"
                      " WHERE o.id = $1 AND o.kind = 'enterprise' AND o.certified", org_id);
}

PGresult *registration_documents(long org_id)
{
    return db_exec_id("SELECT id, kind, file_name FROM org_document WHERE org_id = $1 ORDER BY id", org_id);
}

int registration_document_blob(long org_id, long doc_id, char sha256[65])
{
    char o[24], d[24];
    snprintf(o, sizeof o, "%ld", org_id);
    snprintf(d, sizeof d, "%ld", doc_id);
    const char *v[2] = {o, d};
    return db_text("SELECT blob_sha256 FROM org_document WHERE org_id = $1 AND id = $2", 2, v, sha256, 65);
}
